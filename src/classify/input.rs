//! The classify stage's inputs: the case table's columns as plain vectors, and the side
//! tables (deductions, extensions, petitions, assignments) indexed by case key.
//!
//! Per-case work runs in plain Rust over these vectors (in parallel), not as polars
//! expressions: the rules are conditionals over a handful of fields and a few side rows,
//! and a join per rule would cost more than the rules themselves. Side tables are joined on
//! `case_key`, the canonical key that makes every spelling of a 案号 equal.

use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

use crate::{Error, Result};

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn date_of(days: i32) -> Option<NaiveDate> {
    // Dates of cases fall in a few decades: those are looked up in a table made once (the
    // calendar arithmetic of chrono, for some seven million dates of a million cases and
    // their side rows, was a fortieth of classifying them).
    static TABLE: std::sync::OnceLock<Vec<NaiveDate>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (TABLE_FIRST_DAY..TABLE_FIRST_DAY + TABLE_DAYS)
            .map_while(calendar_date_of)
            .collect()
    });
    match usize::try_from(days.wrapping_sub(TABLE_FIRST_DAY)) {
        Ok(i) if i < table.len() => Some(table[i]),
        _ => calendar_date_of(days),
    }
}

/// The days (since 1970-01-01) of the table of `date_of`: 1950 to 2089.
const TABLE_FIRST_DAY: i32 = -7305;
const TABLE_DAYS: i32 = 51_135;

fn calendar_date_of(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(EPOCH_DAYS_FROM_CE)?)
}

/// Days since 1970-01-01, as polars stores a `Date`.
pub fn epoch_days(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

fn err(table: &str, name: &str, e: PolarsError) -> Error {
    Error::polars(format!("{table} table: column {name}"), e)
}

/// A string column (all null when the table does not have it).
pub fn strs<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<Vec<Option<&'a str>>> {
    match df.column(name) {
        Ok(c) => Ok(c.str().map_err(|e| err(table, name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn dates(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    match df.column(name) {
        Ok(c) => {
            let phys = c.cast(&DataType::Int32).map_err(|e| err(table, name, e))?;
            let ca = phys.i32().map_err(|e| err(table, name, e))?;
            Ok(ca.iter().map(|d| d.and_then(date_of)).collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn bools(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<bool>>> {
    match df.column(name) {
        Ok(c) => Ok(c.bool().map_err(|e| err(table, name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn i64s(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<i64>>> {
    match df.column(name) {
        Ok(c) => {
            let v = c.cast(&DataType::Int64).map_err(|e| err(table, name, e))?;
            Ok(v.i64().map_err(|e| err(table, name, e))?.iter().collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

/// A list-of-strings column as owned vectors (empty when null or missing).
pub fn lists(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Vec<String>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![Vec::new(); df.height()]);
    };
    let ca = c.list().map_err(|e| err(table, name, e))?;
    let mut out = Vec::with_capacity(ca.len());
    for s in ca.amortized_iter() {
        let items = match s {
            Some(s) => match s.as_ref().str() {
                Ok(x) => x.iter().flatten().map(String::from).collect(),
                Err(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        out.push(items);
    }
    Ok(out)
}

/// polars' Arrow arrays: a string column's chunk (string views), a date column's physical
/// chunk (days since 1970), a boolean column's and a list column's chunk.
type StrArray = <StringType as PolarsDataType>::Array;
type DayArray = <Int32Type as PolarsDataType>::Array;
pub type BoolArray = <BooleanType as PolarsDataType>::Array;
type ListArray = <ListType as PolarsDataType>::Array;

/// One chunk of a string column, read in place: a value is a `&str` into the Arrow
/// buffers the Parquet reader filled, never a copy (None: the table lacks the column).
#[derive(Clone, Copy, Default)]
pub struct StrAt<'a>(Option<&'a StrArray>);

impl<'a> StrAt<'a> {
    #[inline]
    pub fn get(self, i: usize) -> Option<&'a str> {
        self.0.and_then(|a| a.get(i))
    }

    pub fn present(self) -> bool {
        self.0.is_some()
    }
}

/// One chunk of a date column (its physical days), read in place.
#[derive(Clone, Copy, Default)]
pub struct DateAt<'a>(Option<&'a DayArray>);

impl DateAt<'_> {
    #[inline]
    pub fn get(self, i: usize) -> Option<NaiveDate> {
        self.0.and_then(|a| a.get(i)).and_then(date_of)
    }

    /// Whether the table has the column.
    #[inline]
    pub fn present(self) -> bool {
        self.0.is_some()
    }
}

/// One chunk of a boolean column, read in place.
#[derive(Clone, Copy, Default)]
pub struct BoolAt<'a>(Option<&'a BoolArray>);

impl BoolAt<'_> {
    #[inline]
    pub fn get(self, i: usize) -> Option<bool> {
        self.0.and_then(|a| a.get(i))
    }
}

/// One chunk of a list-of-strings column, read in place.
#[derive(Clone, Copy, Default)]
pub struct ListAt<'a>(Option<(&'a ListArray, &'a StrArray)>);

impl<'a> ListAt<'a> {
    /// The strings of row `i` (empty when the row or the column is null or missing).
    pub fn get(self, i: usize) -> impl Iterator<Item = &'a str> + 'a {
        let (lists, values) = match self.0 {
            Some((l, v)) if i < l.len() && l.validity().is_none_or(|b| b.get_bit(i)) => {
                let o = l.offsets().as_slice();
                (o[i] as usize..o[i + 1] as usize, Some(v))
            }
            _ => (0..0, None),
        };
        lists.filter_map(move |j| values.and_then(|v| v.get(j)))
    }
}

/// The string columns classification reads, in the order of [`CaseCols::chunk`].
const STRS: [&str; 12] = [
    "case_key",
    "case_kind",
    "closure_method",
    "status",
    "case_category",
    "cause",
    "reason",
    "note",
    "respondent_kind",
    "officer",
    "team",
    "leader",
];
/// The free texts among [`STRS`]: ingest keeps them as written (full-width ，（）： and
/// all), and classification reads them folded as every other value is
/// ([`folded_width`]), so that its rules and patterns see ， and , alike.
const FREE_TEXT: [&str; 3] = ["cause", "reason", "note"];

/// A string column with full-width ASCII made half-width ([`fields::fold_width`]); the
/// column itself (a cheap clone) when no value has any. The chunks stay as they are.
pub fn folded_width(ca: &StringChunked) -> StringChunked {
    use crate::ingest::fields::fold_width;
    let any = ca
        .downcast_iter()
        .flat_map(|a| a.values_iter())
        .any(|s| matches!(fold_width(s), std::borrow::Cow::Owned(_)));
    if !any {
        return ca.clone();
    }
    ca.apply_values(fold_width)
}

const DATES: [&str; 7] = [
    "filed_on",
    "closed_on",
    "exported_on",
    "suspended_on",
    "resumed_on",
    "stated_due_on",
    "stated_petitions_on",
];
/// Whole numbers (days or months of the deadline the export states).
const INTS: [&str; 4] = [
    "stated_extension_months",
    "stated_extension_days",
    "stated_deducted_days",
    "stated_petitions",
];
const BOOLS: [&str; 8] = [
    "non_litigation",
    "has_assets",
    "interference",
    "hardship",
    "government_debtor",
    "livelihood",
    "petitioned",
    "migrant_wages",
];

/// The chunk lengths of a frame whose columns are aligned (the lengths of its first column).
pub fn chunk_lengths(df: &DataFrame) -> Vec<usize> {
    match df.columns().first() {
        Some(c) => c.as_materialized_series().chunk_lengths().collect(),
        None => Vec::new(),
    }
}

/// The columns of the case table that classification reads, kept as polars columns (cheap
/// clones of the table's own, or a date cast to its days) and read chunk by chunk in
/// place: nothing is copied out of the Arrow arrays.
pub struct CaseCols {
    pub n: usize,
    /// the lengths of the table's chunks, which every column here shares
    pub chunks: Vec<usize>,
    strs: Vec<Option<StringChunked>>,
    dates: Vec<Option<Int32Chunked>>,
    ints: Vec<Option<Int64Chunked>>,
    bools: Vec<Option<BooleanChunked>>,
    applicants: Option<ListChunked>,
}

/// The columns of one chunk of the case table (row indices are local to the chunk).
#[derive(Clone, Copy, Default)]
pub struct Chunk<'a> {
    pub case_key: StrAt<'a>,
    pub case_kind: StrAt<'a>,
    pub closure_method: StrAt<'a>,
    pub status: StrAt<'a>,
    pub case_category: StrAt<'a>,
    pub cause: StrAt<'a>,
    pub reason: StrAt<'a>,
    pub note: StrAt<'a>,
    pub respondent_kind: StrAt<'a>,
    pub officer: StrAt<'a>,
    pub team: StrAt<'a>,
    pub leader: StrAt<'a>,
    pub filed_on: DateAt<'a>,
    pub closed_on: DateAt<'a>,
    pub exported_on: DateAt<'a>,
    pub suspended_on: DateAt<'a>,
    pub resumed_on: DateAt<'a>,
    pub stated_due_on: DateAt<'a>,
    /// The export date of the 信访次数 a deduplicated case keeps (absent before dedup).
    pub stated_petitions_on: DateAt<'a>,
    /// The date that places the row's export in time ([`listed_on`]).
    pub listed_on: DateAt<'a>,
    /// stated_extension_months, stated_extension_days, stated_deducted_days,
    /// stated_petitions
    pub stated: [IntAt<'a>; 4],
    pub non_litigation: BoolAt<'a>,
    pub has_assets: BoolAt<'a>,
    /// interference, hardship, government_debtor, livelihood, petitioned, migrant_wages
    /// (order of Flag::ALL)
    pub flags: [BoolAt<'a>; 6],
    pub applicants: ListAt<'a>,
}

/// The fields of one case that the rules read.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub case_key: Option<&'a str>,
    pub case_kind: Option<&'a str>,
    pub filed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_method: Option<&'a str>,
    pub status: Option<&'a str>,
    pub exported_on: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    /// 恢复日期: the end of the suspension that began on `suspended_on`.
    pub resumed_on: Option<NaiveDate>,
    /// 审限届满日期 as the export states it.
    pub stated_due_on: Option<NaiveDate>,
    /// The date of the export `stated[3]` (信访次数) comes from: `Some(None)` when that
    /// export is undated, `None` when the table does not say (not deduplicated: the row's
    /// own `exported_on`).
    pub stated_petitions_on: Option<Option<NaiveDate>>,
    /// The export's date, or for an export that states none the latest date its rows state
    /// ([`listed_on`]): what a dated 承办人变更 is compared with.
    pub listed_on: Option<NaiveDate>,
    /// Extension months, extension days, deducted days and petitions (信访次数) as the
    /// export states them.
    pub stated: [Option<i64>; 4],
    pub case_category: Option<&'a str>,
    pub non_litigation: Option<bool>,
    pub cause: Option<&'a str>,
    pub note: Option<&'a str>,
    pub flags: [Option<bool>; 6],
    pub respondent_kind: Option<&'a str>,
    pub has_assets: Option<bool>,
    pub officer: Option<&'a str>,
    pub team: Option<&'a str>,
    pub leader: Option<&'a str>,
    /// ids of the row's reason and note texts among the distinct texts
    pub reason_text: Option<u32>,
    pub note_text: Option<u32>,
    /// the phrase sets its texts may match (`text::set_bit`s; all until known)
    pub text_sets: u64,
}

impl<'a> Chunk<'a> {
    /// Row `j` of the chunk, with its text ids.
    #[inline]
    pub fn row(&self, j: usize, reason_text: Option<u32>, note_text: Option<u32>) -> Row<'a> {
        Row {
            case_key: self.case_key.get(j),
            case_kind: self.case_kind.get(j),
            filed_on: self.filed_on.get(j),
            closed_on: self.closed_on.get(j),
            closure_method: self.closure_method.get(j),
            status: self.status.get(j),
            exported_on: self.exported_on.get(j),
            listed_on: self.listed_on.get(j),
            suspended_on: self.suspended_on.get(j),
            resumed_on: self.resumed_on.get(j),
            stated_due_on: self.stated_due_on.get(j),
            stated_petitions_on: self
                .stated_petitions_on
                .present()
                .then(|| self.stated_petitions_on.get(j)),
            stated: self.stated.map(|s| s.get(j)),
            case_category: self.case_category.get(j),
            non_litigation: self.non_litigation.get(j),
            cause: self.cause.get(j),
            note: self.note.get(j),
            flags: self.flags.map(|f| f.get(j)),
            respondent_kind: self.respondent_kind.get(j),
            has_assets: self.has_assets.get(j),
            officer: self.officer.get(j),
            team: self.team.get(j),
            leader: self.leader.get(j),
            reason_text,
            note_text,
            text_sets: u64::MAX,
        }
    }
}

fn same_chunks(s: &Series, chunks: &[usize]) -> bool {
    s.chunk_lengths().eq(chunks.iter().copied())
}

impl CaseCols {
    /// The case table's columns; `df` must have aligned chunks (every column cut at the same
    /// rows), as the Parquet reader returns it.
    pub fn read(df: &DataFrame) -> Result<CaseCols> {
        let t = "cases";
        if df.column("filed_on").is_err() {
            return Err(Error::Input {
                file: "cases table".into(),
                row: None,
                column: Some("filed_on".into()),
                message: "the case table has no filing date column (filed_on); \
                          was it written by `caseflow ingest`?"
                    .into(),
            });
        }
        let chunks = chunk_lengths(df);
        let mut aligned = true;
        let mut strs = Vec::new();
        for name in STRS {
            strs.push(match df.column(name) {
                Ok(c) => {
                    let mut ca = c.str().map_err(|e| err(t, name, e))?.clone();
                    if FREE_TEXT.contains(&name) {
                        ca = folded_width(&ca);
                    }
                    aligned &= ca.chunk_lengths().eq(chunks.iter().copied());
                    Some(ca)
                }
                Err(_) => None,
            });
        }
        let mut dates = Vec::new();
        for name in DATES {
            dates.push(match df.column(name) {
                Ok(c) => {
                    // a Date column's days, as they are (no copy)
                    let days = c.cast(&DataType::Int32).map_err(|e| err(t, name, e))?;
                    let s = days.as_materialized_series();
                    aligned &= same_chunks(s, &chunks);
                    Some(s.i32().map_err(|e| err(t, name, e))?.clone())
                }
                Err(_) => None,
            });
        }
        let listed = listed_on(df, &dates, &chunks)?;
        aligned &= listed.chunk_lengths().eq(chunks.iter().copied());
        dates.push(Some(listed));
        let mut ints = Vec::new();
        for name in INTS {
            ints.push(match df.column(name) {
                Ok(c) => {
                    let v = c.cast(&DataType::Int64).map_err(|e| err(t, name, e))?;
                    let s = v.as_materialized_series();
                    aligned &= same_chunks(s, &chunks);
                    Some(s.i64().map_err(|e| err(t, name, e))?.clone())
                }
                Err(_) => None,
            });
        }
        let mut bools = Vec::new();
        for name in BOOLS {
            bools.push(match df.column(name) {
                Ok(c) => {
                    let ca = c.bool().map_err(|e| err(t, name, e))?.clone();
                    aligned &= ca.chunk_lengths().eq(chunks.iter().copied());
                    Some(ca)
                }
                Err(_) => None,
            });
        }
        // Only read to join petitions by name: a column of another type is ignored.
        let applicants = df
            .column("applicants")
            .ok()
            .and_then(|c| c.list().ok())
            .filter(|l| matches!(l.inner_dtype(), DataType::String))
            .cloned();
        if let Some(a) = &applicants {
            aligned &= a.chunk_lengths().eq(chunks.iter().copied());
        }
        let mut cols = CaseCols {
            n: df.height(),
            chunks,
            strs,
            dates,
            ints,
            bools,
            applicants,
        };
        if !aligned {
            // Columns cut at different rows (not what the Parquet reader returns): one chunk
            // each. The caller sees `chunks` change and rechunks its table the same way.
            for s in cols.strs.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            for s in cols.dates.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            for s in cols.ints.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            for s in cols.bools.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            if let Some(s) = cols.applicants.as_mut() {
                *s = s.rechunk().into_owned();
            }
            cols.chunks = vec![cols.n];
        }
        Ok(cols)
    }

    /// The arrays of chunk `k` (all missing when there is no such chunk).
    pub fn chunk(&self, k: usize) -> Chunk<'_> {
        fn nth<T: PolarsDataType>(ca: &Option<ChunkedArray<T>>, k: usize) -> Option<&T::Array> {
            ca.as_ref().and_then(|c| c.downcast_iter().nth(k))
        }
        let s = |i: usize| StrAt(nth(&self.strs[i], k));
        let d = |i: usize| DateAt(nth(&self.dates[i], k));
        let b = |i: usize| BoolAt(nth(&self.bools[i], k));
        let n = |i: usize| IntAt(nth(&self.ints[i], k));
        let applicants = ListAt(nth(&self.applicants, k).and_then(|l| {
            let v = l.values().as_any().downcast_ref::<StrArray>()?;
            Some((l, v))
        }));
        Chunk {
            case_key: s(0),
            case_kind: s(1),
            closure_method: s(2),
            status: s(3),
            case_category: s(4),
            cause: s(5),
            reason: s(6),
            note: s(7),
            respondent_kind: s(8),
            officer: s(9),
            team: s(10),
            leader: s(11),
            filed_on: d(0),
            closed_on: d(1),
            exported_on: d(2),
            suspended_on: d(3),
            resumed_on: d(4),
            stated_due_on: d(5),
            stated_petitions_on: d(6),
            listed_on: d(7),
            stated: [n(0), n(1), n(2), n(3)],
            non_litigation: b(0),
            has_assets: b(1),
            flags: [b(2), b(3), b(4), b(5), b(6), b(7)],
            applicants,
        }
    }

    /// Every chunk with the global index of its first row.
    pub fn chunks(&self) -> impl Iterator<Item = (usize, usize, Chunk<'_>)> + '_ {
        let mut start = 0;
        self.chunks.iter().enumerate().map(move |(k, &len)| {
            let s = start;
            start += len;
            (s, len, self.chunk(k))
        })
    }
}

/// `listed_on` of each case row (days since 1970-01-01), cut into the table's chunks: its
/// `exported_on`, or for a sheet that states no export date the latest date the sheet's
/// rows state (filing, closure, suspension, resumption), since the export was made after
/// every one of them (README: "an export with no date at all is ranked by the latest date
/// its rows state", as dedup ranks it). An undated case list's 承办人 was who had the case
/// by then, not on the census date: a 承办人变更 the register dates after it (and by the
/// census date) is who has the case now. Without it, the undated list's former officer
/// silently won over every dated reassignment.
fn listed_on(
    df: &DataFrame,
    dates: &[Option<Int32Chunked>],
    chunks: &[usize],
) -> Result<Int32Chunked> {
    let t = "cases";
    let exported = dates[2].clone();
    if let Some(e) = exported.as_ref().filter(|e| e.null_count() == 0) {
        return Ok(e.clone());
    }
    let n = df.height();
    let text = |name: &str| -> Result<Option<StringChunked>> {
        match df.column(name) {
            Ok(c) => Ok(Some(c.str().map_err(|e| err(t, name, e))?.clone())),
            Err(_) => Ok(None),
        }
    };
    let (files, sheets) = (text("source_file")?, text("source_sheet")?);
    fn all(c: &Option<StringChunked>, n: usize) -> Vec<Option<&str>> {
        match c {
            Some(c) => c.iter().collect(),
            None => vec![None; n],
        }
    }
    let (files, sheets) = (all(&files, n), all(&sheets, n));
    let exported: Vec<Option<i32>> = match &exported {
        Some(e) => e.iter().collect(),
        None => vec![None; n],
    };
    // filed_on, closed_on, suspended_on, resumed_on
    let stated: Vec<Vec<Option<i32>>> = [0, 1, 3, 4]
        .iter()
        .filter_map(|&k| dates[k].as_ref())
        .map(|d| d.iter().collect())
        .collect();
    let mut latest: PlHashMap<(Option<&str>, Option<&str>), i32> = PlHashMap::default();
    for i in (0..n).filter(|&i| exported[i].is_none()) {
        if let Some(d) = stated.iter().filter_map(|s| s[i]).max() {
            let e = latest.entry((files[i], sheets[i])).or_insert(d);
            *e = (*e).max(d);
        }
    }
    let mut rows =
        (0..n).map(|i| exported[i].or_else(|| latest.get(&(files[i], sheets[i])).copied()));
    // Cut as the table's other columns are, so that it is read chunk by chunk with them.
    let mut out: Option<Int32Chunked> = None;
    for &len in chunks {
        let part: Int32Chunked = rows.by_ref().take(len).collect();
        match out.as_mut() {
            Some(o) => o.append(&part).map_err(|e| err(t, "exported_on", e))?,
            None => out = Some(part),
        }
    }
    Ok(out.unwrap_or_else(|| rows.collect()))
}

/// What a deducted interval's 扣除类型 means for the case's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeductionClass {
    Suspension,
    Deferral,
    Other,
    /// A row that ends a suspension or deferral ([`end_resumed`]): it deducts nothing.
    Resumption,
}

#[derive(Debug, Clone, Copy)]
pub struct Deduction<'a> {
    pub kind: &'a str,
    pub class: DeductionClass,
    /// bit k: the kind holds one of root cause k's deduction words (of its
    /// `deduction_unless` words), found once per distinct kind
    pub words: u64,
    pub unless: u64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub struct ExtensionRow {
    pub months: i64,
    pub days: i64,
    pub approved_on: Option<NaiveDate>,
    /// The new deadline the register states (延长至), instead of or beside a length.
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Owner<'a> {
    pub officer: Option<&'a str>,
    pub leader: Option<&'a str>,
    pub team: Option<&'a str>,
    /// the officer named on the row the team comes from (`None`: a row naming no officer):
    /// a team goes with its own officer, not with one a later 承办人变更 row names
    pub team_officer: Option<&'a str>,
}

/// One register entry: its date, a hash of what tells it from another entry of that date,
/// how many petitions it counts (信访次数; 1 when not given), and its time of day (信访时间,
/// in seconds from midnight) when the register gives one.
pub type PetitionEntry = (Option<NaiveDate>, u64, u32, Option<u32>);

/// Petitions of one case key: dates of register entries joined by key and by name.
#[derive(Debug, Default)]
pub struct PetitionDates {
    /// Each entry's date and a hash of what tells it from another entry of that date
    /// (petitioner, channel, content), and its time: an entry listed again by an
    /// overlapping register export has the same three; a letter and a visit of one day do
    /// not, nor do two visits at two times of one day.
    pub by_key: Vec<PetitionEntry>,
    pub by_name: Vec<PetitionEntry>,
    /// set when a case with this key is classified: entries whose key names no case are
    /// counted as not joined afterwards (cheaper than looking every case's key up in the
    /// register first)
    linked: std::sync::atomic::AtomicBool,
}

impl PetitionDates {
    /// Marks the entries as joined to a case.
    pub fn link(&self) {
        self.linked
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The side rows of one case key: slices of its shard's rows (see [`Shard`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Side<'s> {
    pub deductions: &'s [Deduction<'s>],
    pub extensions: &'s [ExtensionRow],
    /// the latest assignment (the date of its officer's, and who)
    pub owner: Option<&'s (Option<NaiveDate>, Owner<'s>)>,
    /// the dates of the assignments its officer, leader and team come from
    pub owner_dates: Option<&'s [Option<NaiveDate>; 3]>,
    pub petitions: Option<&'s PetitionDates>,
}

/// The side tables, indexed by case key: one index for all four, so that a case finds its
/// side rows with one lookup (on a million cases the lookups, cache misses in tables of
/// hundreds of thousands of keys, were the largest cost of the rules). The keys are cut
/// into shards by a hash of their bytes, each filled on its own thread.
#[derive(Default)]
pub struct Sides<'a> {
    shards: Vec<Shard<'a>>,
    /// register entries read, and how many named no one case (by name)
    pub petitions_read: usize,
    petitions_unnamed: usize,
}

/// `len` rows of one key from `start` in one of its shard's row vectors.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<T>(self, rows: &[T]) -> &[T] {
        &rows[self.start as usize..(self.start + self.len) as usize]
    }
}

/// No owner or petitions.
const NONE: u32 = u32::MAX;

/// One key of a shard: where its rows are.
#[derive(Debug, Clone, Copy)]
struct Entry {
    deductions: Span,
    extensions: Span,
    /// its number in `owners`, or `NONE`
    owner: u32,
    /// its number in `petitions`, or `NONE`
    petitions: u32,
}

impl Default for Entry {
    fn default() -> Entry {
        Entry {
            deductions: Span::default(),
            extensions: Span::default(),
            owner: NONE,
            petitions: NONE,
        }
    }
}

/// The keys of one shard. The index holds only a number per key, and the rows of every key
/// sit in one vector per table, a key's rows side by side (a `Vec` per key and table cost an
/// allocation each, and a fivefold larger entry that every new key wrote to fresh memory:
/// two fifths of indexing a million cases' side rows).
#[derive(Default)]
struct Shard<'a> {
    /// this shard's number
    no: usize,
    index: Map<'a, u32>,
    entries: Vec<Entry>,
    deductions: Vec<Deduction<'a>>,
    extensions: Vec<ExtensionRow>,
    owners: Vec<(Option<NaiveDate>, Owner<'a>)>,
    /// the date of each owner's officer, leader and team (rows differ in what they fill)
    owner_dates: Vec<[Option<NaiveDate>; 3]>,
    petitions: Vec<PetitionDates>,
    /// rows of a key that its table does not list together with its earlier rows, placed
    /// after the tables are read (by `settle`)
    late_deductions: Vec<(u32, Deduction<'a>)>,
    late_extensions: Vec<(u32, ExtensionRow)>,
    /// the key last asked for, and its number
    last: Option<(&'a str, u32)>,
}

/// Adds a key's row to its table's rows: after its earlier rows when they are the last
/// rows so far (the usual order: a table lists a case's rows together), else to the late
/// rows.
fn append<T>(rows: &mut Vec<T>, late: &mut Vec<(u32, T)>, span: &mut Span, id: u32, row: T) {
    if span.len == 0 {
        span.start = rows.len() as u32;
    }
    if (span.start + span.len) as usize == rows.len() {
        rows.push(row);
        span.len += 1;
    } else {
        late.push((id, row));
    }
}

/// Moves the rows of every key with late rows to the end: its earlier rows, then the late
/// ones, in table order (each key's rows are copied once, whatever the table's order).
fn settle<T: Clone>(
    rows: &mut Vec<T>,
    late: &mut Vec<(u32, T)>,
    span: impl Fn(&mut Entry) -> &mut Span,
    entries: &mut [Entry],
) {
    if late.is_empty() {
        return;
    }
    // stable: a key's late rows keep their order
    late.sort_by_key(|(id, _)| *id);
    let mut i = 0;
    while i < late.len() {
        let id = late[i].0;
        let s = span(&mut entries[id as usize]);
        let start = rows.len();
        rows.extend_from_within(s.start as usize..(s.start + s.len) as usize);
        while i < late.len() && late[i].0 == id {
            rows.push(late[i].1.clone());
            i += 1;
        }
        *s = Span {
            start: start as u32,
            len: (rows.len() - start) as u32,
        };
    }
    late.clear();
}

/// The shard of a key among `of` (a power of two): a multiplicative mix of its first and
/// last eight bytes and its length (any spread will do: shards only share the work). Every
/// side row is placed and every case looked up with it, so it reads two words, not every
/// byte (a byte-wise FNV over the ~3 million keys hashed cost about a tenth of a second).
fn shard_of(key: &str, of: usize) -> usize {
    if of <= 1 {
        return 0;
    }
    let b = key.as_bytes();
    let word = |s: &[u8]| {
        let mut w = [0u8; 8];
        w[..s.len()].copy_from_slice(s);
        u64::from_le_bytes(w)
    };
    let n = b.len();
    let (head, tail) = if n >= 8 {
        (word(&b[..8]), word(&b[n - 8..]))
    } else {
        (word(b), 0)
    };
    let h = (head.rotate_left(29) ^ tail ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 40) as usize & (of - 1)
}

impl<'a> Shard<'a> {
    /// The number of a key's entry, added when new.
    fn entry(&mut self, key: &'a str) -> u32 {
        // A table lists a case's rows together: the key of the row before is asked first.
        match self.last {
            Some((k, i)) if k == key => i,
            _ => {
                let next = self.entries.len() as u32;
                let i = *self.index.entry(key).or_insert(next);
                if i == next {
                    self.entries.push(Entry::default());
                }
                self.last = Some((key, i));
                i
            }
        }
    }

    fn add_deduction(&mut self, key: &'a str, d: Deduction<'a>) {
        let id = self.entry(key);
        let span = &mut self.entries[id as usize].deductions;
        append(&mut self.deductions, &mut self.late_deductions, span, id, d);
    }

    fn add_extension(&mut self, key: &'a str, e: ExtensionRow) {
        let id = self.entry(key);
        let span = &mut self.entries[id as usize].extensions;
        append(&mut self.extensions, &mut self.late_extensions, span, id, e);
    }

    /// Keeps the latest assignment of each of officer, leader and team (by date, then by
    /// row order), each from the latest row that names one: a row that only names a new
    /// leader leaves the officer as the rows before it name him. The team keeps the
    /// officer its row names ([`Owner::team_officer`]).
    fn add_owner(&mut self, key: &'a str, on: Option<NaiveDate>, o: Owner<'a>) {
        let named = |v: Option<&'a str>| v.filter(|s| !s.trim().is_empty());
        let id = self.entry(key) as usize;
        let k = match self.entries[id].owner {
            NONE => {
                self.entries[id].owner = self.owners.len() as u32;
                self.owners.push((on, Owner::default()));
                self.owner_dates.push([None; 3]);
                self.owners.len() - 1
            }
            k => k as usize,
        };
        let (officer_on, owner) = &mut self.owners[k];
        let [d0, d1, d2] = &mut self.owner_dates[k];
        let mut taken = [false; 3];
        for ((slot, at, new), taken) in [
            (&mut owner.officer, d0, o.officer),
            (&mut owner.leader, d1, o.leader),
            (&mut owner.team, d2, o.team),
        ]
        .into_iter()
        .zip(&mut taken)
        {
            if let Some(v) = named(new) {
                if slot.is_none() || on >= *at {
                    *slot = Some(v);
                    *at = on;
                    *taken = true;
                }
            }
        }
        // The team kept remembers whose it was: a later row that names another officer
        // and no team does not give him the former officer's team.
        if taken[2] {
            owner.team_officer = named(o.officer);
        }
        // The date the officer kept was assigned (not a later row's that names only a
        // leader): whether the register's officer is newer than the export's.
        *officer_on = self.owner_dates[k][0];
    }

    fn add_petitions(&mut self, key: &'a str, p: PetitionDates) {
        let id = self.entry(key) as usize;
        self.entries[id].petitions = self.petitions.len() as u32;
        self.petitions.push(p);
    }

    /// Places the late rows, once every row is read.
    fn settle(&mut self) {
        settle(
            &mut self.deductions,
            &mut self.late_deductions,
            |e| &mut e.deductions,
            &mut self.entries,
        );
        for e in &self.entries {
            let span = e.deductions;
            end_resumed(
                &mut self.deductions[span.start as usize..(span.start + span.len) as usize],
            );
        }
        settle(
            &mut self.extensions,
            &mut self.late_extensions,
            |e| &mut e.extensions,
            &mut self.entries,
        );
    }

    fn side(&self, id: u32) -> Side<'_> {
        let e = &self.entries[id as usize];
        Side {
            deductions: e.deductions.of(&self.deductions),
            extensions: e.extensions.of(&self.extensions),
            owner: self.owners.get(e.owner as usize),
            owner_dates: self.owner_dates.get(e.owner as usize),
            petitions: self.petitions.get(e.petitions as usize),
        }
    }
}

/// The two distinct cases filed earliest among those with one applicant name.
#[derive(Debug, Clone, Copy, Default)]
struct Earliest<'a> {
    first: Option<(&'a str, Option<NaiveDate>)>,
    second: Option<(&'a str, Option<NaiveDate>)>,
}

/// Order of filing dates where an unknown date counts as earliest (it may be any date).
fn filed_rank(d: Option<NaiveDate>) -> (bool, Option<NaiveDate>) {
    (d.is_some(), d)
}

impl<'a> Earliest<'a> {
    fn add(&mut self, key: &'a str, filed: Option<NaiveDate>) {
        let new = (key, filed);
        let earlier = |x: (&str, Option<NaiveDate>)| filed_rank(filed) < filed_rank(x.1);
        let Some(f) = self.first else {
            self.first = Some(new);
            return;
        };
        if f.0 == key {
            // the same case from another row: keep its earliest date
            if earlier(f) {
                self.first = Some(new);
            }
        } else if earlier(f) {
            // the old first (another case) becomes second; the old second is now third,
            // or was this very case
            self.first = Some(new);
            self.second = Some(f);
        } else {
            // (a later row of the second case keeps its earliest date the same way)
            match self.second {
                None => self.second = Some(new),
                Some(s) if earlier(s) => self.second = Some(new),
                Some(_) => {}
            }
        }
    }

    /// The one case filed by `on`, if exactly one was.
    fn only_one_by(&self, on: Option<NaiveDate>) -> Option<&'a str> {
        let by = |x: &(&str, Option<NaiveDate>)| match (x.1, on) {
            (Some(f), Some(d)) => f <= d,
            _ => true,
        };
        let first = self.first.filter(by)?;
        if self.second.is_some_and(|s| by(&s)) {
            None
        } else {
            Some(first.0)
        }
    }
}

/// The side tables as read from a run (any of them may be missing).
#[derive(Default)]
pub struct SideTables {
    pub deductions: Option<DataFrame>,
    pub extensions: Option<DataFrame>,
    pub petitions: Option<DataFrame>,
    pub assignments: Option<DataFrame>,
}

pub(super) fn class_of(kind: &str, rules: &super::rules::Rules) -> DeductionClass {
    let (suspension, deferral) = (&rules.suspension_words, &rules.deferral_words);
    // By its start: 中止（已恢复） is a suspension, its note saying it ended.
    if rules
        .resumption_words
        .iter()
        .any(|w| kind.trim_start().starts_with(w.as_str()))
    {
        DeductionClass::Resumption
    } else if suspension.iter().any(|w| kind.contains(w.as_str())) {
        DeductionClass::Suspension
    } else if deferral.iter().any(|w| kind.contains(w.as_str())) {
        DeductionClass::Deferral
    } else {
        DeductionClass::Other
    }
}

type Map<'a, V> = PlHashMap<&'a str, V>;

/// A case's register rows that end a suspension on a row of their own (恢复执行 on
/// 2025-10-20 after 中止 from 2025-10-01 without an end): each ends the suspension or
/// deferral without an end that began last by its date, and is itself a period of no days.
fn end_resumed(deds: &mut [Deduction<'_>]) {
    for r in 0..deds.len() {
        if deds[r].class != DeductionClass::Resumption {
            continue;
        }
        let on = deds[r].start;
        deds[r].end = Some(on);
        let open = (0..deds.len())
            .filter(|&i| {
                matches!(
                    deds[i].class,
                    DeductionClass::Suspension | DeductionClass::Deferral
                ) && deds[i].end.is_none()
                    && deds[i].start <= on
            })
            .max_by_key(|&i| deds[i].start);
        if let Some(i) = open {
            deds[i].end = Some(on);
        }
    }
}

/// Shards of the side index per thread (twice as many shards as threads: the petitions
/// join takes a thread meanwhile; more, smaller shards measured slower on 1M cases).
const SHARDS_PER_THREAD: usize = 2;

/// One chunk of an integer column, read in place.
#[derive(Clone, Copy, Default)]
pub struct IntAt<'a>(Option<&'a <Int64Type as PolarsDataType>::Array>);

impl IntAt<'_> {
    #[inline]
    pub fn get(self, i: usize) -> Option<i64> {
        self.0.and_then(|a| a.get(i))
    }
}

/// The columns of a side table that classification reads: strings as they are, dates as
/// their days, counts as Int64 (casts: a Date or Int64 column is not copied), all cut into
/// the same chunks, read in place chunk by chunk.
struct SideCols {
    chunks: Vec<usize>,
    strs: Vec<Option<StringChunked>>,
    days: Vec<Option<Int32Chunked>>,
    ints: Vec<Option<Int64Chunked>>,
}

/// The arrays of one chunk of a side table, in the order the columns were asked for.
struct SideChunk<'a> {
    strs: Vec<StrAt<'a>>,
    days: Vec<DateAt<'a>>,
    ints: Vec<IntAt<'a>>,
}

impl SideCols {
    fn read(
        df: &DataFrame,
        table: &str,
        strs: &[&str],
        days: &[&str],
        ints: &[&str],
    ) -> Result<SideCols> {
        let chunks = chunk_lengths(df);
        let mut aligned = true;
        let mut same = |s: &Series| aligned &= same_chunks(s, &chunks);
        let mut cols = SideCols {
            chunks: Vec::new(),
            strs: Vec::new(),
            days: Vec::new(),
            ints: Vec::new(),
        };
        for &name in strs {
            cols.strs.push(match df.column(name) {
                Ok(c) => {
                    let s = c.as_materialized_series();
                    same(s);
                    Some(s.str().map_err(|e| err(table, name, e))?.clone())
                }
                Err(_) => None,
            });
        }
        for &name in days {
            cols.days.push(match df.column(name) {
                Ok(c) => {
                    let s = c.cast(&DataType::Int32).map_err(|e| err(table, name, e))?;
                    same(s.as_materialized_series());
                    Some(s.i32().map_err(|e| err(table, name, e))?.clone())
                }
                Err(_) => None,
            });
        }
        for &name in ints {
            cols.ints.push(match df.column(name) {
                Ok(c) => {
                    let s = c.cast(&DataType::Int64).map_err(|e| err(table, name, e))?;
                    same(s.as_materialized_series());
                    Some(s.i64().map_err(|e| err(table, name, e))?.clone())
                }
                Err(_) => None,
            });
        }
        if aligned {
            cols.chunks = chunks;
        } else {
            // columns cut at different rows: one chunk each
            for s in cols.strs.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            for s in cols.days.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            for s in cols.ints.iter_mut().flatten() {
                *s = s.rechunk().into_owned();
            }
            cols.chunks = vec![df.height()];
        }
        Ok(cols)
    }

    /// The shard (among `of`) of every row's key, read once for all shards (`u8::MAX`
    /// where there is no key).
    fn shards(&self, of: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.chunks.iter().sum());
        for (len, c) in self.chunks() {
            let key = c.strs[0];
            v.extend((0..len).map(|j| key.get(j).map_or(u8::MAX, |k| shard_of(k, of) as u8)));
        }
        v
    }

    /// Calls `f` with every row of shard `no` (among the shards of `shards`) that has a
    /// key: its chunk, its row in the chunk, its key (the first string column).
    fn each_row_of<'s>(
        &'s self,
        shards: &[u8],
        no: usize,
        mut f: impl FnMut(&SideChunk<'s>, usize, &'s str),
    ) {
        let mut at = 0;
        for (len, c) in self.chunks() {
            if let Some(&key) = c.strs.first() {
                for j in 0..len {
                    if usize::from(shards[at + j]) == no {
                        if let Some(k) = key.get(j) {
                            f(&c, j, k);
                        }
                    }
                }
            }
            at += len;
        }
    }

    /// Every chunk: its length and arrays.
    fn chunks(&self) -> impl Iterator<Item = (usize, SideChunk<'_>)> + '_ {
        fn nth<T: PolarsDataType>(ca: &Option<ChunkedArray<T>>, k: usize) -> Option<&T::Array> {
            ca.as_ref().and_then(|c| c.downcast_iter().nth(k))
        }
        self.chunks.iter().enumerate().map(move |(k, &len)| {
            let chunk = SideChunk {
                strs: self.strs.iter().map(|c| StrAt(nth(c, k))).collect(),
                days: self.days.iter().map(|c| DateAt(nth(c, k))).collect(),
                ints: self.ints.iter().map(|c| IntAt(nth(c, k))).collect(),
            };
            (len, chunk)
        })
    }
}

/// The columns of the deductions, extensions and assignments that classification reads.
pub struct SideInput {
    ded: Option<SideCols>,
    ext: Option<SideCols>,
    own: Option<SideCols>,
}

impl SideInput {
    pub fn read(t: &SideTables) -> Result<SideInput> {
        let read = |d: &Option<DataFrame>, name, strs: &[&str], days: &[&str], ints: &[&str]| {
            d.as_ref()
                .map(|d| SideCols::read(d, name, strs, days, ints))
                .transpose()
        };
        Ok(SideInput {
            ded: read(
                &t.deductions,
                "deductions",
                &["case_key", "kind"],
                &["start_on", "end_on"],
                &[],
            )?,
            ext: read(
                &t.extensions,
                "extensions",
                &["case_key"],
                &["approved_on", "until_on"],
                &["months", "days"],
            )?,
            own: read(
                &t.assignments,
                "assignments",
                &["case_key", "officer", "leader", "team"],
                &["assigned_on"],
                &[],
            )?,
        })
    }
}

fn add_deductions<'a>(
    m: &mut Shard<'a>,
    t: &'a SideCols,
    shard: &[u8],
    rules: &super::rules::Rules,
) {
    // A register has a handful of kinds: each is classified once.
    let mut classes: Vec<(&str, DeductionClass, u64, u64)> = Vec::new();
    let bits = |kind: &str, words: fn(&super::rules::RootCause) -> &[String]| {
        rules
            .causes
            .iter()
            .enumerate()
            .filter(|(_, c)| words(c).iter().any(|w| kind.contains(w.as_str())))
            .fold(0u64, |b, (k, _)| b | (1 << k))
    };
    let no = m.no;
    t.each_row_of(shard, no, |c, j, k| {
        let ([_, kind], [start, end]) = (&c.strs[..], &c.days[..]) else {
            return;
        };
        let Some(st) = start.get(j) else { return };
        let kd = kind.get(j).unwrap_or("");
        let (class, words, unless) = match classes.iter().find(|c| c.0 == kd) {
            Some(c) => (c.1, c.2, c.3),
            None => {
                let c = class_of(kd, rules);
                let words = bits(kd, |c| &c.deduction_words);
                let unless = bits(kd, |c| &c.deduction_unless);
                classes.push((kd, c, words, unless));
                (c, words, unless)
            }
        };
        let d = Deduction {
            kind: kd,
            class,
            words,
            unless,
            start: st,
            end: end.get(j),
        };
        m.add_deduction(k, d);
    });
}

fn add_extensions<'a>(m: &mut Shard<'a>, t: &'a SideCols, shard: &[u8]) {
    let no = m.no;
    t.each_row_of(shard, no, |c, j, k| {
        let ([_], [approved, until], [months, days]) = (&c.strs[..], &c.days[..], &c.ints[..])
        else {
            return;
        };
        let (months, days, until) = (months.get(j), days.get(j), until.get(j));
        if months.is_none() && days.is_none() && until.is_none() {
            return;
        }
        let e = ExtensionRow {
            months: months.unwrap_or(0).max(0),
            days: days.unwrap_or(0).max(0),
            approved_on: approved.get(j),
            until,
        };
        m.add_extension(k, e);
    });
}

fn add_owners<'a>(m: &mut Shard<'a>, t: &'a SideCols, shard: &[u8], as_of: NaiveDate) {
    let no = m.no;
    // The latest assignment wins (by date, then by row order); one made after the census
    // date is not yet the case's.
    t.each_row_of(shard, no, |c, j, k| {
        let ([_, officer, leader, team], [on]) = (&c.strs[..], &c.days[..]) else {
            return;
        };
        if on.get(j).is_some_and(|d| d > as_of) {
            return;
        }
        let owner = Owner {
            officer: officer.get(j),
            leader: leader.get(j),
            team: team.get(j),
            team_officer: officer.get(j),
        };
        m.add_owner(k, on.get(j), owner);
    });
}

/// Petitions by case key, entries read, entries without a key not joined by name.
type PetitionIndex<'a> = (Map<'a, PetitionDates>, usize, usize);

fn index_petitions<'a>(
    df: &'a DataFrame,
    rules: &super::rules::Rules,
    cases: &DataFrame,
    cols: &'a CaseCols,
) -> Result<PetitionIndex<'a>> {
    let tn = "petitions";
    let key = strs(df, tn, "case_key")?;
    // An entry whose 案号 states a case that could not be read (执26号至28号 of no case,
    // a number mistyped) is about that case, not any other of its petitioner's: only an
    // entry with no 案号 at all is joined by name. Ingest lists the others in the rejects.
    let no = strs(df, tn, "case_no")?;
    let keyless: Vec<bool> = (0..df.height())
        .map(|i| key[i].is_none() && !no[i].is_some_and(crate::ingest::states_case_number))
        .collect();
    let who = strs(df, tn, "petitioner")?;
    let on = dates(df, tn, "petitioned_on")?;
    let (channel, content) = (strs(df, tn, "channel")?, strs(df, tn, "content")?);
    let times = i64s(df, tn, "times")?;
    // 信访时间 as ingest writes it (09:30, 09:30:15), or the part of the day a register
    // writes instead (上午, 下午): each part its own value past the day's seconds, so that a
    // morning and an afternoon visit are two.
    let at: Vec<Option<u32>> = strs(df, tn, "petitioned_time")?
        .into_iter()
        .map(|t| {
            let t = t?;
            if let Some(part) = crate::ingest::fields::PARTS_OF_DAY
                .iter()
                .position(|p| *p == t)
            {
                return Some(86_400 + part as u32);
            }
            let t = chrono::NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| chrono::NaiveTime::parse_from_str(t, "%H:%M"))
                .ok()?;
            Some(chrono::Timelike::num_seconds_from_midnight(&t))
        })
        .collect();
    let entry = |i: usize| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for s in [who[i], channel[i]] {
            s.map(str::trim).unwrap_or("").hash(&mut h);
        }
        // 信访内容 is kept as written: one register's ， is another's , (folded).
        let content = content[i].map(crate::ingest::fields::fold_width);
        content.as_deref().map(str::trim).unwrap_or("").hash(&mut h);
        // A stated count of visits (bounded: a typo of 3000 is no 3000 petitions' worth
        // more than a hundred).
        let n = times[i].map_or(1, |n| n.clamp(1, 100) as u32);
        // An entry classed 重复信访 (重复访) repeats an earlier petition on the matter, often
        // one of last year's register or another office's: at least 2, as 第2次 is.
        let repeat = [channel[i], content.as_deref()]
            .into_iter()
            .flatten()
            .any(|t| rules.petitions.says_repeat(t));
        let n = if repeat { n.max(2) } else { n };
        (on[i], h.finish(), n, at[i])
    };
    // Entries with a key are joined by the key as it is: whether it names a case is known
    // once the cases are classified (`PetitionDates::link`). Only the names of entries
    // without a key are looked up in the case table: for each, the two distinct cases with
    // that applicant filed earliest (enough to tell whether exactly one case was filed by a
    // given date).
    let mut by_name: Map<Earliest<'a>> = PlHashMap::default();
    if rules.petitions.link_by_name {
        if let Ok(c) = cases.column("applicants") {
            c.list().map_err(|e| err("cases", "applicants", e))?;
            by_name = keyless
                .iter()
                .zip(&who)
                .filter(|(k, _)| **k)
                .filter_map(|(_, w)| Some((w.as_ref()?.trim(), Earliest::default())))
                .collect();
        }
    }
    if !by_name.is_empty() {
        for (_, len, ch) in cols.chunks() {
            for j in 0..len {
                let Some(k) = ch.case_key.get(j) else {
                    continue;
                };
                let mut names = ch.applicants.get(j).peekable();
                if names.peek().is_some() {
                    let f = ch.filed_on.get(j);
                    for n in names {
                        if let Some(e) = by_name.get_mut(n) {
                            e.add(k, f);
                        }
                    }
                }
            }
        }
    }
    // The cases each petitioner's entries with a 案号 cite: an entry of theirs without one
    // is about that case when they cite one only (an agent petitions for a company, whose
    // name is the applicant's, not the agent's), and about none that can be told when they
    // cite several; only a petitioner who cites none is looked up among the applicants.
    let mut cited: PlHashMap<&str, Option<&str>> = PlHashMap::default();
    for i in 0..df.height() {
        if let (Some(k), Some(w)) = (key[i], who[i]) {
            cited
                .entry(w.trim())
                .and_modify(|c| {
                    if *c != Some(k) {
                        *c = None;
                    }
                })
                .or_insert(Some(k));
        }
    }
    // The filing dates of the cases cited so: an entry dated before the case its
    // petitioner cites was filed is about another case (the one a 执恢 case resumes, say),
    // and is looked up by name as an entry of a petitioner who cites none.
    let mut cited_filed: PlHashMap<&str, NaiveDate> = PlHashMap::default();
    let only_cited: PlHashSet<&str> = cited.values().filter_map(|c| *c).collect();
    if !only_cited.is_empty() {
        for (_, len, ch) in cols.chunks() {
            for j in 0..len {
                if let (Some(k), Some(f)) = (ch.case_key.get(j), ch.filed_on.get(j)) {
                    if only_cited.contains(k) {
                        cited_filed.insert(k, f);
                    }
                }
            }
        }
    }
    let mut m: Map<PetitionDates> = PlHashMap::default();
    let mut unlinked = 0;
    for i in 0..df.height() {
        let own = who[i]
            .and_then(|w| cited.get(w.trim()))
            .filter(|c| match (c, on[i]) {
                (Some(k), Some(d)) => cited_filed.get(k).is_none_or(|f| *f <= d),
                _ => true,
            });
        match key[i] {
            Some(k) => m.entry(k).or_default().by_key.push(entry(i)),
            None if !keyless[i] => unlinked += 1,
            None if own.is_some() => match own.copied().flatten() {
                Some(k) => m.entry(k).or_default().by_key.push(entry(i)),
                None => unlinked += 1,
            },
            // A name joins an entry to a case only when exactly one case filed by the
            // entry's date has that applicant: a shared name is not guessed.
            None => match who[i].and_then(|w| by_name.get(w.trim())?.only_one_by(on[i])) {
                Some(k) => m.entry(k).or_default().by_name.push(entry(i)),
                None => unlinked += 1,
            },
        }
    }
    Ok((m, df.height(), unlinked))
}

impl<'a> Sides<'a> {
    /// Register entries not joined to any case: without a key, not joined by name; or with
    /// a key that no classified case has (known once every case has been classified).
    pub fn petitions_unlinked(&self) -> usize {
        let by_key: usize = self
            .shards
            .iter()
            .flat_map(|s| &s.petitions)
            .filter(|p| !p.linked.load(std::sync::atomic::Ordering::Relaxed))
            .map(|p| p.by_key.len())
            .sum();
        self.petitions_unnamed + by_key
    }

    /// The side rows of a case key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<Side<'_>> {
        let s = self.shards.get(shard_of(key, self.shards.len()))?;
        s.index.get(key).map(|&i| s.side(i))
    }

    /// Indexes the side tables (`input` holds the columns of three of them, read from
    /// `t`). `cases` and `cols` are the case table's (for joining petitions by key and by
    /// applicant name).
    pub fn build(
        t: &'a SideTables,
        input: &'a SideInput,
        rules: &super::rules::Rules,
        cases: &DataFrame,
        cols: &'a CaseCols,
        as_of: NaiveDate,
    ) -> Result<Sides<'a>> {
        // Each shard reads the three tables and keeps its own keys, while the petitions
        // (which read the case table) are joined on another thread.
        let of = (SHARDS_PER_THREAD * rayon::current_num_threads())
            .next_power_of_two()
            .min(128);
        let rows = |t: &Option<DataFrame>| t.as_ref().map_or(0, |d| d.height());
        let (d, e, a) = (
            rows(&t.deductions),
            rows(&t.extensions),
            rows(&t.assignments),
        );
        let SideInput { ded, ext, own } = input;
        // Each row's shard is found once, by all threads together: every shard then only
        // compares a byte per row of the others.
        let ids = |t: &Option<SideCols>| t.as_ref().map(|t| t.shards(of)).unwrap_or_default();
        let ((ded_at, ext_at), own_at) =
            rayon::join(|| rayon::join(|| ids(ded), || ids(ext)), || ids(own));
        let shard = |no: usize| -> Result<Shard<'a>> {
            let mut m = Shard {
                no,
                ..Shard::default()
            };
            // room for every key of the largest table and every row: no rehashing, no
            // moving rows
            let keys = d.max(e).max(a) / of;
            m.index.reserve(keys);
            m.entries.reserve(keys);
            m.deductions.reserve(d / of);
            m.extensions.reserve(e / of);
            m.owners.reserve(a / of);
            if let Some(d) = ded {
                add_deductions(&mut m, d, &ded_at, rules);
            }
            if let Some(d) = ext {
                add_extensions(&mut m, d, &ext_at);
            }
            if let Some(d) = own {
                add_owners(&mut m, d, &own_at, as_of);
            }
            m.settle();
            Ok(m)
        };
        let (shards, pet) = rayon::join(
            || {
                (0..of)
                    .into_par_iter()
                    .map(shard)
                    .collect::<Result<Vec<_>>>()
            },
            || {
                t.petitions
                    .as_ref()
                    .map(|p| index_petitions(p, rules, cases, cols))
                    .transpose()
            },
        );
        let mut shards = shards?;
        let (petitions, petitions_read, petitions_unnamed) = pet?.unwrap_or_default();
        for (k, p) in petitions {
            shards[shard_of(k, of)].add_petitions(k, p);
        }
        Ok(Sides {
            shards,
            petitions_read,
            petitions_unnamed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_from_the_table_are_the_calendar_s() {
        for days in (-800_000..800_000).step_by(7).chain([
            i32::MIN,
            i32::MAX,
            TABLE_FIRST_DAY - 1,
            TABLE_FIRST_DAY,
            TABLE_FIRST_DAY + TABLE_DAYS - 1,
            TABLE_FIRST_DAY + TABLE_DAYS,
        ]) {
            assert_eq!(date_of(days), calendar_date_of(days), "{days}");
        }
        assert_eq!(
            date_of(TABLE_FIRST_DAY),
            NaiveDate::from_ymd_opt(1950, 1, 1)
        );
        assert_eq!(
            date_of(TABLE_FIRST_DAY + TABLE_DAYS - 1),
            NaiveDate::from_ymd_opt(2089, 12, 31)
        );
    }

    #[test]
    fn rows_of_a_key_listed_apart_are_all_found_in_table_order() {
        let mut m = Shard::default();
        let ext = |months| ExtensionRow {
            months,
            days: 0,
            approved_on: None,
            until: None,
        };
        for (k, months) in [("A", 1), ("B", 2), ("A", 3), ("C", 4), ("B", 5), ("A", 6)] {
            m.add_extension(k, ext(months));
        }
        let who = |officer| Owner {
            officer: Some(officer),
            ..Owner::default()
        };
        m.add_owner("A", d(2024, 1, 1), who("甲"));
        m.add_owner("C", d(2024, 1, 1), who("丙"));
        m.add_owner("A", d(2023, 1, 1), who("乙")); // earlier: not the owner
        m.add_owner("A", d(2024, 1, 1), who("丁")); // same day, later row: the owner
                                                    // A later row naming only a leader keeps the officer and adds the leader.
        m.add_owner(
            "C",
            d(2024, 2, 1),
            Owner {
                leader: Some("院长甲"),
                ..Owner::default()
            },
        );
        m.settle();
        let side = |k| m.side(*m.index.get(k).expect("key"));
        let months = |k| {
            side(k)
                .extensions
                .iter()
                .map(|e| e.months)
                .collect::<Vec<_>>()
        };
        assert_eq!(months("A"), [1, 3, 6]);
        assert_eq!(months("B"), [2, 5]);
        assert_eq!(months("C"), [4]);
        let officer = |k| side(k).owner.and_then(|o| o.1.officer);
        assert_eq!(officer("A"), Some("丁"));
        assert_eq!(officer("B"), None);
        assert_eq!(officer("C"), Some("丙"));
        assert_eq!(side("C").owner.and_then(|o| o.1.leader), Some("院长甲"));
        assert!(side("B").deductions.is_empty() && side("B").petitions.is_none());
    }

    #[test]
    fn a_name_joins_only_when_one_case_was_filed_by_then() {
        let mut e = Earliest::default();
        e.add("B", d(2024, 5, 1));
        e.add("A", d(2023, 1, 1));
        e.add("A", d(2023, 1, 1)); // the same case from another row
        e.add("C", d(2025, 1, 1));
        assert_eq!(e.only_one_by(d(2022, 1, 1)), None, "no case yet");
        assert_eq!(e.only_one_by(d(2023, 6, 1)), Some("A"));
        assert_eq!(e.only_one_by(d(2024, 6, 1)), None, "A and B");
        assert_eq!(e.only_one_by(None), None);
        let mut one = Earliest::default();
        one.add("A", None);
        one.add("A", d(2023, 1, 1));
        assert_eq!(one.only_one_by(d(2020, 1, 1)), Some("A"));
    }
}
