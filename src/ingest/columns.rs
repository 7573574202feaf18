//! Column builders: typed values pushed row by row, turned into polars columns once.
//!
//! Rows are parsed in parallel in chunks and appended here in input order, so the
//! tables come out in a deterministic order whatever the thread count, and memory holds
//! one chunk of parsed rows plus the growing columns, not a row-of-values copy of the file.

use chrono::NaiveDate;
use polars::prelude::*;

/// One parsed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    I64(i64),
    I32(i32),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<String>),
}

/// The type of an output column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    I64,
    I32,
    Bool,
    Date,
    List,
}

enum Data {
    Str(Vec<Option<String>>),
    I64(Vec<Option<i64>>),
    I32(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
    Date(Vec<Option<i32>>),
    // Boxed: the builder is far larger than a Vec, and most columns are not lists.
    List(Box<ListStringChunkedBuilder>),
}

/// A growing column.
pub struct ColumnBuilder {
    name: String,
    data: Data,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

impl ColumnBuilder {
    pub fn new(name: &str, ty: ColType) -> Self {
        let data = match ty {
            ColType::Str => Data::Str(Vec::new()),
            ColType::I64 => Data::I64(Vec::new()),
            ColType::I32 => Data::I32(Vec::new()),
            ColType::Bool => Data::Bool(Vec::new()),
            ColType::Date => Data::Date(Vec::new()),
            ColType::List => Data::List(Box::new(ListStringChunkedBuilder::new(
                name.into(),
                1024,
                1024,
            ))),
        };
        ColumnBuilder {
            name: name.to_string(),
            data,
        }
    }

    /// Appends a value; a value of the wrong type is appended as null (a bug in the
    /// caller, caught by tests, never a crash on user data).
    pub fn push(&mut self, v: Value) {
        match (&mut self.data, v) {
            (Data::Str(c), Value::Str(s)) => c.push(Some(s)),
            (Data::Str(c), _) => c.push(None),
            (Data::I64(c), Value::I64(x)) => c.push(Some(x)),
            (Data::I64(c), _) => c.push(None),
            (Data::I32(c), Value::I32(x)) => c.push(Some(x)),
            (Data::I32(c), _) => c.push(None),
            (Data::Bool(c), Value::Bool(b)) => c.push(Some(b)),
            (Data::Bool(c), _) => c.push(None),
            (Data::Date(c), Value::Date(d)) => c.push(i32::try_from((d - epoch()).num_days()).ok()),
            (Data::Date(c), _) => c.push(None),
            (Data::List(b), Value::List(items)) => {
                b.append_values_iter(items.iter().map(|s| s.as_str()))
            }
            (Data::List(b), _) => b.append_null(),
        }
    }

    pub fn finish(self) -> PolarsResult<Column> {
        let name: PlSmallStr = self.name.as_str().into();
        Ok(match self.data {
            Data::Str(v) => StringChunked::from_iter_options(name, v.into_iter()).into_column(),
            Data::I64(v) => Int64Chunked::from_iter_options(name, v.into_iter()).into_column(),
            Data::I32(v) => Int32Chunked::from_iter_options(name, v.into_iter()).into_column(),
            Data::Bool(v) => BooleanChunked::from_iter_options(name, v.into_iter()).into_column(),
            Data::Date(v) => Int32Chunked::from_iter_options(name, v.into_iter())
                .into_column()
                .cast(&DataType::Date)?,
            Data::List(mut b) => b.finish().into_column(),
        })
    }
}

/// Builds a frame from builders, all of the same length.
pub fn frame(builders: Vec<ColumnBuilder>, height: usize) -> PolarsResult<DataFrame> {
    let cols = builders
        .into_iter()
        .map(|b| b.finish())
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(height, cols)
}
