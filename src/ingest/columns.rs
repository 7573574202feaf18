//! Column builders: typed values pushed row by row, turned into polars columns once.
//!
//! Each part of a sheet (a few thousand rows, parsed by one task) appends its rows here,
//! in input order, straight into Arrow builders sized for the part; the parts' columns
//! are then stacked in input order, so the tables come out the same whatever the thread
//! count, and no row-of-values copy of the file is ever held.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// One parsed value. Text borrows from the row (or from the rules) when it needs no
/// rewriting, which is most of the time: the builder copies it anyway.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    I64(i64),
    I32(i32),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<Cow<'a, str>>),
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
///
/// A column stays a count of nulls until its first value: most exports fill a third of the
/// case table's columns for no row (no 原案号, no 中止日期 column), and building their nulls
/// one by one was a sixth of ingest's memory and page faults for nothing. The first value
/// opens the builder with the nulls before it; a column that never gets one is made
/// all-null at once.
pub struct ColumnBuilder {
    name: PlSmallStr,
    ty: ColType,
    /// Room to give the builder when it opens.
    rows: usize,
    /// Nulls pushed before the builder opened.
    nulls: usize,
    data: Option<Data>,
}

/// Days from 0001-01-01 (day 1) to 1970-01-01, the epoch of Arrow's Date.
const EPOCH_FROM_CE: i32 = 719_163;

impl Data {
    fn new(name: PlSmallStr, ty: ColType, rows: usize) -> Self {
        match ty {
            ColType::Str => Data::Str(StringChunkedBuilder::new(name, rows)),
            ColType::I64 => Data::I64(PrimitiveChunkedBuilder::new(name, rows)),
            ColType::I32 => Data::I32(PrimitiveChunkedBuilder::new(name, rows)),
            ColType::Bool => Data::Bool(BooleanChunkedBuilder::new(name, rows)),
            ColType::Date => Data::Date(PrimitiveChunkedBuilder::new(name, rows)),
            ColType::List => Data::List(Box::new(ListStringChunkedBuilder::new(name, rows, rows))),
        }
    }

    fn push_null(&mut self) {
        match self {
            Data::Str(c) => c.append_null(),
            Data::I64(c) => c.append_null(),
            Data::I32(c) | Data::Date(c) => c.append_null(),
            Data::Bool(c) => c.append_null(),
            Data::List(b) => b.append_null(),
        }
    }
}

impl ColType {
    /// The polars type of a column of this type.
    fn dtype(self) -> DataType {
        match self {
            ColType::Str => DataType::String,
            ColType::I64 => DataType::Int64,
            ColType::I32 => DataType::Int32,
            ColType::Bool => DataType::Boolean,
            ColType::Date => DataType::Date,
            ColType::List => DataType::List(Box::new(DataType::String)),
        }
    }
}

impl ColumnBuilder {
    pub fn new(name: &str, ty: ColType) -> Self {
        Self::with_capacity(name, ty, 1024)
    }

    /// A builder with room for `rows` values (a part of a sheet knows its row count: no
    /// growing, no copying).
    pub fn with_capacity(name: &str, ty: ColType, rows: usize) -> Self {
        ColumnBuilder {
            name: name.into(),
            ty,
            rows,
            nulls: 0,
            data: None,
        }
    }

    /// Appends a value; a value of the wrong type is appended as null (a bug in the
    /// caller, caught by tests, never a crash on user data).
    pub fn push(&mut self, v: Value<'_>) {
        let data = match &mut self.data {
            Some(data) => data,
            None => {
                let fits = matches!(
                    (self.ty, &v),
                    (ColType::Str, Value::Str(_))
                        | (ColType::I64, Value::I64(_))
                        | (ColType::I32, Value::I32(_))
                        | (ColType::Bool, Value::Bool(_))
                        | (ColType::Date, Value::Date(_))
                        | (ColType::List, Value::List(_))
                );
                if !fits {
                    self.nulls += 1;
                    return;
                }
                let mut data = Data::new(self.name.clone(), self.ty, self.rows.max(self.nulls + 1));
                for _ in 0..self.nulls {
                    data.push_null();
                }
                self.data.insert(data)
            }
        };
        match (data, v) {
            (Data::Str(c), Value::Str(s)) => c.append_value(&*s),
            (Data::Str(c), _) => c.append_null(),
            (Data::I64(c), Value::I64(x)) => c.append_value(x),
            (Data::I64(c), _) => c.append_null(),
            (Data::I32(c), Value::I32(x)) => c.append_value(x),
            (Data::I32(c), _) => c.append_null(),
            (Data::Bool(c), Value::Bool(b)) => c.append_value(b),
            (Data::Bool(c), _) => c.append_null(),
            (Data::Date(c), Value::Date(d)) => c.append_value(d.num_days_from_ce() - EPOCH_FROM_CE),
            (Data::Date(c), _) => c.append_null(),
            (Data::List(b), Value::List(items)) => {
                b.append_values_iter(items.iter().map(|s| s.as_ref()))
            }
            (Data::List(b), _) => b.append_null(),
        }
    }

    pub fn finish(self) -> PolarsResult<Column> {
        let Some(data) = self.data else {
            return Ok(Series::full_null(self.name, self.nulls, &self.ty.dtype()).into_column());
        };
        Ok(match data {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn built(ty: ColType, values: Vec<Value<'static>>) -> Column {
        let mut b = ColumnBuilder::with_capacity("c", ty, 2);
        for v in values {
            b.push(v);
        }
        b.finish().unwrap()
    }

    /// A column that never gets a value is all-null with the type its values would have had,
    /// and one whose first value comes late keeps the nulls before it in place.
    #[test]
    fn nulls_before_the_first_value_and_columns_without_any() {
        let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        for ty in [
            ColType::Str,
            ColType::I64,
            ColType::I32,
            ColType::Bool,
            ColType::Date,
            ColType::List,
        ] {
            let c = built(ty, vec![Value::Null, Value::Null, Value::Null]);
            assert_eq!((c.len(), c.null_count()), (3, 3), "{ty:?}");
            assert_eq!(c.dtype(), &ty.dtype(), "{ty:?}");
            // A value of another type is a null, as it always was.
            let other = if ty == ColType::Bool {
                Value::I32(1)
            } else {
                Value::Bool(true)
            };
            let c = built(ty, vec![other, Value::Null]);
            assert_eq!((c.len(), c.null_count()), (2, 2), "{ty:?}");
        }
        let c = built(
            ColType::Date,
            vec![
                Value::Null,
                Value::Null,
                date(1970, 1, 2),
                Value::Null,
                date(1969, 12, 31),
            ],
        );
        assert_eq!(c.dtype(), &DataType::Date);
        let days: Vec<Option<i32>> = c
            .cast(&DataType::Int32)
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(days, [None, None, Some(1), None, Some(-1)]);
        let c = built(
            ColType::List,
            vec![Value::Null, Value::List(vec!["张三".into(), "李四".into()])],
        );
        assert_eq!(c.null_count(), 1);
        assert_eq!(c.dtype(), &DataType::List(Box::new(DataType::String)));
        let c = built(ColType::Str, vec![Value::Null, Value::Str("甲".into())]);
        let texts: Vec<Option<&str>> = c.str().unwrap().iter().collect();
        assert_eq!(texts, [None, Some("甲")]);
    }
}
