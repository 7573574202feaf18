//! Typed views of a frame's columns for the dedup stage.
//!
//! Dedup touches a million rows many times (matching, survivorship, conflicts). Reading a
//! value through `AnyValue`, or copying every string into a `String` first, costs more
//! than the work itself, so the stage reads values in place: strings are borrowed from
//! the frame, lists are read through their offsets, and nothing is copied per row.

use polars::prelude::*;
use polars_arrow::array::Utf8ViewArray;
use polars_arrow::bitmap::Bitmap;

use crate::{Error, Result};

pub(super) fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Column> {
    df.column(name)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))
}

/// A string column, borrowed.
pub(super) fn strs<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<Option<&'a str>>> {
    let ca = column(df, name)?
        .str()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    Ok(ca.iter().collect())
}

pub(super) fn i64s(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let ca = column(df, name)?
        .i64()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    Ok(ca.iter().collect())
}

/// A column cast to Int32: dates as days since 1970-01-01, years as they are.
pub(super) fn i32s(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let err = |e| Error::polars(format!("cases table: column {name}"), e);
    let phys = column(df, name)?.cast(&DataType::Int32).map_err(err)?;
    Ok(phys.i32().map_err(err)?.iter().collect())
}

/// A list-of-strings column in one chunk (owned, so that views can borrow from it).
pub(super) struct ListCol {
    ca: ListChunked,
    inner: Series,
}

impl ListCol {
    pub(super) fn new(c: &Column) -> Result<ListCol> {
        let name = c.name().to_string();
        let err = |e| Error::polars(format!("cases table: column {name}"), e);
        let ca = c.list().map_err(err)?;
        let ca = if ca.is_empty() {
            ca.clone()
        } else {
            ca.rechunk().into_owned()
        };
        let inner = ca.get_inner();
        let inner = if inner.dtype() == &DataType::String {
            inner
        } else {
            inner.cast(&DataType::String).map_err(err)?
        };
        Ok(ListCol { ca, inner })
    }

    pub(super) fn view(&self) -> Result<ListStrs<'_>> {
        static EMPTY: [i64; 1] = [0];
        if self.ca.is_empty() {
            return Ok(ListStrs {
                offsets: &EMPTY,
                valid: None,
                values: None,
            });
        }
        let arr = self.ca.downcast_as_array();
        let values = self
            .inner
            .str()
            .map_err(|e| Error::polars(format!("cases table: column {}", self.ca.name()), e))?
            .downcast_as_array();
        Ok(ListStrs {
            offsets: arr.offsets().as_slice(),
            valid: arr.validity(),
            values: Some(values),
        })
    }
}

impl ListCol {
    /// The lists of the given rows, as a new column. The strings are not copied: the new
    /// lists point at the old values (a gather of the inner values), where a list builder
    /// would copy every string.
    pub(super) fn gather(&self, name: PlSmallStr, rows: &[IdxSize]) -> Result<ListChunked> {
        use polars_arrow::array::ListArray;
        use polars_arrow::bitmap::MutableBitmap;
        use polars_arrow::offset::OffsetsBuffer;

        let len = rows.len();
        let err = |e| Error::polars(format!("survivorship of {name}"), e);
        let mut offsets: Vec<i64> = Vec::with_capacity(len + 1);
        offsets.push(0);
        let mut valid = MutableBitmap::with_capacity(len);
        let mut inner_rows: Vec<IdxSize> = Vec::new();
        if !self.ca.is_empty() {
            let arr = self.ca.downcast_as_array();
            let from = arr.offsets().as_slice();
            let validity = arr.validity();
            for &i in rows {
                let i = i as usize;
                let present = validity.is_none_or(|v| v.get_bit(i));
                if present {
                    inner_rows.extend(from[i] as IdxSize..from[i + 1] as IdxSize);
                }
                valid.push(present);
                offsets.push(inner_rows.len() as i64);
            }
        }
        let values = self
            .inner
            .take(&IdxCa::from_vec("".into(), inner_rows))
            .map_err(err)?
            .rechunk()
            .to_arrow(0, CompatLevel::newest());
        let dtype = ListArray::<i64>::default_datatype(values.dtype().clone());
        // SAFETY: offsets start at 0 and never decrease (each is the running count of
        // gathered values), and the last one is the length of `values`.
        let offsets = unsafe { OffsetsBuffer::new_unchecked(offsets.into()) };
        let list = ListArray::<i64>::try_new(dtype, offsets, values, valid.into()).map_err(err)?;
        Ok(ListChunked::with_chunk(name, list))
    }
}

/// Per-row access to a list-of-strings column, read in place from its Arrow arrays (no
/// Series per row, no copy of the values).
pub(super) struct ListStrs<'a> {
    offsets: &'a [i64],
    valid: Option<&'a Bitmap>,
    /// None only for an empty column.
    values: Option<&'a Utf8ViewArray>,
}

impl<'a> ListStrs<'a> {
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i] as usize..self.offsets[i + 1] as usize
    }

    fn is_valid(&self, i: usize) -> bool {
        self.valid.is_none_or(|v| v.get_bit(i))
    }

    fn value(&self, k: usize) -> Option<&'a str> {
        self.values.and_then(|v| v.get(k))
    }

    /// The first element of row `i` (none for a null or empty list, or a null element).
    pub(super) fn first(&self, i: usize) -> Option<&'a str> {
        if !self.is_valid(i) {
            return None;
        }
        let r = self.range(i);
        if r.is_empty() {
            None
        } else {
            self.value(r.start)
        }
    }

    /// Whether row `i` is null (not an empty list).
    pub(super) fn is_null(&self, i: usize) -> bool {
        !self.is_valid(i)
    }

    /// The elements of row `i`'s list (none when null; a null element as "").
    pub(super) fn items(&self, i: usize) -> impl Iterator<Item = &'a str> + '_ {
        let r = if self.is_valid(i) {
            self.range(i)
        } else {
            0..0
        };
        r.map(|k| self.value(k).unwrap_or(""))
    }

    /// The length of row `i`'s list (0 when null).
    pub(super) fn len(&self, i: usize) -> usize {
        if self.is_valid(i) {
            self.range(i).len()
        } else {
            0
        }
    }

    /// Whether rows `i` and `j` hold the same list (both assumed non-null).
    pub(super) fn same(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.range(i), self.range(j));
        a.len() == b.len() && a.zip(b).all(|(x, y)| self.value(x) == self.value(y))
    }
}
