//! Small helpers that turn the accumulated figures into polars columns.

use polars::prelude::*;

use crate::{Error, Result};

pub fn i64_col(name: &str, v: Vec<i64>) -> Column {
    Column::new(name.into(), v)
}

pub fn opt_i64_col(name: &str, v: Vec<Option<i64>>) -> Column {
    Int64Chunked::from_iter_options(name.into(), v.into_iter()).into_column()
}

pub fn f64_col(name: &str, v: Vec<Option<f64>>) -> Column {
    Float64Chunked::from_iter_options(name.into(), v.into_iter()).into_column()
}

pub fn bool_col(name: &str, v: Vec<bool>) -> Column {
    Column::new(name.into(), v)
}

pub fn str_col<S: AsRef<str>>(name: &str, v: Vec<Option<S>>) -> Column {
    StringChunked::from_iter_options(
        name.into(),
        v.iter().map(|s| s.as_ref().map(|s| s.as_ref())),
    )
    .into_column()
}

/// A string column repeating one value (the case-kind filter beside every table).
pub fn const_str_col(name: &str, value: &str, n: usize) -> Column {
    Column::new(name.into(), vec![value; n])
}

/// A `Date` column from days since 1970-01-01.
pub fn date_col(name: &str, v: Vec<Option<i32>>) -> Result<Column> {
    Int32Chunked::from_iter_options(name.into(), v.into_iter())
        .into_column()
        .cast(&DataType::Date)
        .map_err(|e| Error::polars(format!("building column {name}"), e))
}

/// A `List(String)` column.
pub fn list_col(name: &str, rows: &[Vec<String>]) -> Column {
    let mut b = ListStringChunkedBuilder::new(name.into(), rows.len(), rows.len() * 2);
    for items in rows {
        b.append_values_iter(items.iter().map(String::as_str));
    }
    b.finish().into_column()
}

pub fn frame(table: &str, cols: Vec<Column>) -> Result<DataFrame> {
    let height = cols.first().map_or(0, |c| c.len());
    DataFrame::new(height, cols).map_err(|e| Error::polars(format!("building {table}"), e))
}

/// `100 · num / den`, undefined (None) when the denominator is zero (domain/metrics.md:
/// never 0 or infinity).
pub fn pct(num: i64, den: i64) -> Option<f64> {
    (den != 0).then(|| 100.0 * num as f64 / den as f64)
}
