//! Column builders: typed values pushed row by row, turned into polars columns once.
//!
//! Each part of a sheet (a few thousand rows, parsed by one task) appends its rows here,
//! in input order, straight into Arrow builders sized for the part; the parts' columns
//! are then stacked in input order, so the tables come out the same whatever the thread
//! count, and no row-of-values copy of the file is ever held.

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
    Str(StringChunkedBuilder),
    I64(PrimitiveChunkedBuilder<Int64Type>),
    I32(PrimitiveChunkedBuilder<Int32Type>),
    Bool(BooleanChunkedBuilder),
    /// Days since 1970-01-01, cast to Date at the end.
    Date(PrimitiveChunkedBuilder<Int32Type>),
    // Boxed: the builder is far larger than the others, and most columns are not lists.
    List(Box<ListStringChunkedBuilder>),
}

/// A growing column: values go straight into polars' Arrow builders.
pub struct ColumnBuilder {
    data: Data,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

impl ColumnBuilder {
    pub fn new(name: &str, ty: ColType) -> Self {
        Self::with_capacity(name, ty, 1024)
    }

    /// A builder with room for `rows` values (a part of a sheet knows its row count: no
    /// growing, no copying).
    pub fn with_capacity(name: &str, ty: ColType, rows: usize) -> Self {
        let n: PlSmallStr = name.into();
        let data = match ty {
            ColType::Str => Data::Str(StringChunkedBuilder::new(n, rows)),
            ColType::I64 => Data::I64(PrimitiveChunkedBuilder::new(n, rows)),
            ColType::I32 => Data::I32(PrimitiveChunkedBuilder::new(n, rows)),
            ColType::Bool => Data::Bool(BooleanChunkedBuilder::new(n, rows)),
            ColType::Date => Data::Date(PrimitiveChunkedBuilder::new(n, rows)),
            ColType::List => Data::List(Box::new(ListStringChunkedBuilder::new(n, rows, rows))),
        };
        ColumnBuilder { data }
    }

    /// Appends a value; a value of the wrong type is appended as null (a bug in the
    /// caller, caught by tests, never a crash on user data).
    pub fn push(&mut self, v: Value) {
        match (&mut self.data, v) {
            (Data::Str(c), Value::Str(s)) => c.append_value(s),
            (Data::Str(c), _) => c.append_null(),
            (Data::I64(c), Value::I64(x)) => c.append_value(x),
            (Data::I64(c), _) => c.append_null(),
            (Data::I32(c), Value::I32(x)) => c.append_value(x),
            (Data::I32(c), _) => c.append_null(),
            (Data::Bool(c), Value::Bool(b)) => c.append_value(b),
            (Data::Bool(c), _) => c.append_null(),
            (Data::Date(c), Value::Date(d)) => {
                c.append_option(i32::try_from((d - epoch()).num_days()).ok())
            }
            (Data::Date(c), _) => c.append_null(),
            (Data::List(b), Value::List(items)) => {
                b.append_values_iter(items.iter().map(|s| s.as_str()))
            }
            (Data::List(b), _) => b.append_null(),
        }
    }

    pub fn finish(self) -> PolarsResult<Column> {
        Ok(match self.data {
            Data::Str(b) => b.finish().into_column(),
            Data::I64(b) => b.finish().into_column(),
            Data::I32(b) => b.finish().into_column(),
            Data::Bool(b) => b.finish().into_column(),
            Data::Date(b) => b.finish().into_column().cast(&DataType::Date)?,
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
