//! A small row-by-row table builder for the truth tables, and a Parquet sink that writes
//! them in batches (so a ten-million-case truth never sits in memory at once).
//!
//! The generator produces records one at a time while polars wants columns; this keeps
//! the conversion in one place, typed by a schema declared next to each table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use super::calendar::epoch_days;
use crate::{Error, Result};

/// Column types used by the truth tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    I64,
    I32,
    Bool,
    Date,
    /// list of strings
    List,
}

/// Strings are kept in one buffer per column (offsets + validity), not one allocation per
/// value: the truth tables hold tens of millions of strings on large runs.
#[derive(Default)]
struct StrCol {
    buf: String,
    ends: Vec<usize>,
    valid: Vec<bool>,
}

impl StrCol {
    fn push(&mut self, v: Option<&str>) {
        if let Some(s) = v {
            self.buf.push_str(s);
        }
        self.ends.push(self.buf.len());
        self.valid.push(v.is_some());
    }

    fn get(&self, i: usize) -> Option<&str> {
        if !self.valid[i] {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..self.ends[i])
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.valid.clear();
    }
}

/// Lists of strings: items in a [`StrCol`], rows as ends into its items.
#[derive(Default)]
struct ListCol {
    items: StrCol,
    row_ends: Vec<usize>,
}

enum Col {
    Str(StrCol),
    I64(Vec<Option<i64>>),
    I32(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
    Date(Vec<Option<i32>>),
    List(ListCol),
}

/// Rows pushed value by value, in schema order.
pub(crate) struct Frame {
    names: Vec<&'static str>,
    cols: Vec<Col>,
    cur: usize,
    rows: usize,
    /// first column whose value had the wrong type (a bug, reported at `take`)
    bad: Option<&'static str>,
}

impl Frame {
    pub(crate) fn new(schema: &[(&'static str, Kind)]) -> Frame {
        Frame {
            names: schema.iter().map(|(n, _)| *n).collect(),
            cols: schema
                .iter()
                .map(|(_, k)| match k {
                    Kind::Str => Col::Str(StrCol::default()),
                    Kind::I64 => Col::I64(Vec::new()),
                    Kind::I32 => Col::I32(Vec::new()),
                    Kind::Bool => Col::Bool(Vec::new()),
                    Kind::Date => Col::Date(Vec::new()),
                    Kind::List => Col::List(ListCol::default()),
                })
                .collect(),
            cur: 0,
            rows: 0,
            bad: None,
        }
    }

    fn advance(&mut self) {
        self.cur += 1;
        if self.cur == self.cols.len() {
            self.cur = 0;
            self.rows += 1;
        }
    }

    fn mismatch(&mut self) {
        if self.bad.is_none() {
            self.bad = Some(self.names[self.cur]);
        }
    }

    pub(crate) fn s(&mut self, v: Option<&str>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::Str(c) => c.push(v),
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn i64(&mut self, v: Option<i64>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::I64(c) => c.push(v),
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn i32(&mut self, v: Option<i64>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::I32(c) => c.push(v.map(|x| x.clamp(i32::MIN as i64, i32::MAX as i64) as i32)),
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn b(&mut self, v: Option<bool>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::Bool(c) => c.push(v),
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn date(&mut self, v: Option<NaiveDate>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::Date(c) => c.push(v.map(epoch_days)),
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn list<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> &mut Self {
        match &mut self.cols[self.cur] {
            Col::List(c) => {
                for s in items {
                    c.items.push(Some(s));
                }
                c.row_ends.push(c.items.ends.len());
            }
            _ => self.mismatch(),
        }
        self.advance();
        self
    }

    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// Drains the rows pushed so far into a DataFrame.
    pub(crate) fn take(&mut self) -> Result<DataFrame> {
        if let Some(name) = self.bad {
            return Err(Error::Usage(format!(
                "internal error: truth column {name} got a value of the wrong type"
            )));
        }
        if self.cur != 0 {
            return Err(Error::Usage(
                "internal error: truth row left incomplete".to_string(),
            ));
        }
        let height = self.rows;
        let mut columns = Vec::with_capacity(self.cols.len());
        for (name, col) in self.names.iter().zip(self.cols.iter_mut()) {
            let name = PlSmallStr::from_static(name);
            let series = match col {
                Col::Str(v) => {
                    let s = StringChunked::from_iter_options(name, (0..height).map(|i| v.get(i)))
                        .into_series();
                    v.clear();
                    s
                }
                Col::I64(v) => {
                    let s = Int64Chunked::from_iter_options(name, v.drain(..)).into_series();
                    s
                }
                Col::I32(v) => Int32Chunked::from_iter_options(name, v.drain(..)).into_series(),
                Col::Bool(v) => BooleanChunked::from_iter_options(name, v.drain(..)).into_series(),
                Col::Date(v) => Int32Chunked::from_iter_options(name, v.drain(..))
                    .into_date()
                    .into_series(),
                Col::List(v) => {
                    let values = v.items.ends.len();
                    let mut b = ListStringChunkedBuilder::new(name, height, values.max(1));
                    let mut start = 0;
                    for &end in &v.row_ends {
                        b.append_values_iter((start..end).filter_map(|k| v.items.get(k)));
                        start = end;
                    }
                    v.items.clear();
                    v.row_ends.clear();
                    b.finish().into_series()
                }
            };
            columns.push(series.into_column());
        }
        self.rows = 0;
        DataFrame::new(height, columns).map_err(|e| Error::polars("building a truth table", e))
    }
}

/// Writes one Parquet file in row groups of a fixed size, whatever the chunking upstream,
/// so the bytes do not depend on how the generator split its work.
pub(crate) struct ParquetSink {
    path: PathBuf,
    frame: Frame,
    writer: Option<crate::parquet::RowGroupWriter<BufWriter<File>>>,
    group_rows: usize,
}

impl ParquetSink {
    pub(crate) fn new(path: &Path, schema: &[(&'static str, Kind)]) -> ParquetSink {
        ParquetSink {
            path: path.to_path_buf(),
            frame: Frame::new(schema),
            writer: None,
            group_rows: 131_072,
        }
    }

    /// The row builder; call [`ParquetSink::flush_if_full`] after whole rows.
    pub(crate) fn row(&mut self) -> &mut Frame {
        &mut self.frame
    }

    pub(crate) fn flush_if_full(&mut self) -> Result<()> {
        if self.frame.len() >= self.group_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes a frame built elsewhere (one row group per call).
    pub(crate) fn write_df(&mut self, df: &DataFrame) -> Result<()> {
        self.write(df.clone())
    }

    fn flush(&mut self) -> Result<()> {
        let df = self.frame.take()?;
        self.write(df)
    }

    fn write(&mut self, df: DataFrame) -> Result<()> {
        if self.writer.is_none() {
            let file = File::create(&self.path).map_err(|e| Error::output(&self.path, e))?;
            let w = crate::parquet::RowGroupWriter::new(BufWriter::new(file), df.schema())
                .map_err(|e| Error::polars(format!("writing {}", self.path.display()), e))?;
            self.writer = Some(w);
        }
        if let Some(w) = self.writer.as_mut() {
            if df.height() > 0 {
                let mut df = df;
                df.rechunk_mut();
                w.write(&df)
                    .map_err(|e| Error::polars(format!("writing {}", self.path.display()), e))?;
            }
        }
        Ok(())
    }

    /// Writes what is left and the file footer.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.flush()?;
        if let Some(w) = self.writer.take() {
            w.finish()
                .map_err(|e| Error::polars(format!("writing {}", self.path.display()), e))?;
        }
        Ok(())
    }
}
