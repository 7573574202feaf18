//! The classified case table as plain column vectors, read once.
//!
//! Every census and trend figure is a count or a sum over cases grouped by a unit and
//! sometimes a period or a band. Reading the dozen columns they need into vectors and
//! accumulating all units of all levels in one pass costs one scan of the data; a polars
//! group-by per table and per level would scan the million rows a few dozen times and
//! could not express calendar-month bands or interval counting (B and E) directly.
//! Only the columns needed are read from the Parquet file (projection), so the free-text
//! and lineage columns of the classified table cost nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use super::config::CensusConfig;
use crate::{Error, Result};

/// The classified cases of a run, written by `caseflow classify`.
pub const CLASSIFIED: &str = "cases_classified.parquet";

/// Columns the census cannot work without.
const REQUIRED: [&str; 4] = ["as_of", "status_as_of", "filed_on", "in_backlog"];

/// Columns read when present (null when the table lacks them).
const OPTIONAL: [&str; 32] = [
    "case_no",
    "case_key",
    "case_no_raw",
    "case_kind",
    "case_no_style",
    "court_code",
    "court_name",
    "team",
    "officer",
    "leader",
    "closed_on",
    "exported_on",
    "resumed_on",
    "stay_ended_on",
    "closure_method",
    "claim_fen",
    "recovered_fen",
    "deducted_days",
    "due_on",
    "age_days",
    "overdue_days",
    "cat_1",
    "cat_2",
    "cat_3",
    "cat_4",
    "cat_5",
    "cat_6",
    "cat_7",
    "root_causes",
    "respondents",
    "respondent_ids",
    "has_assets",
];

/// Days since 1970-01-01, as polars stores a `Date`.
pub fn epoch_days(d: NaiveDate) -> i32 {
    (d - NaiveDate::default()).num_days() as i32
}

/// The date of an epoch-day number (None only far outside any court's calendar).
pub fn date_of(days: i32) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::days(i64::from(days)))
}

/// Reads the columns the census needs from a classified-cases Parquet file.
/// The as-of date (days since 1970-01-01) `classify.json` records for the run whose
/// classified table is `file` (RUN/parquet/cases_classified.parquet).
fn as_of_beside(file: &str) -> Option<i32> {
    let run = Path::new(file).parent()?.parent()?;
    let text = std::fs::read_to_string(run.join("classify.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let day = NaiveDate::parse_from_str(json.get("as_of")?.as_str()?, "%Y-%m-%d").ok()?;
    i32::try_from(day.signed_duration_since(NaiveDate::default()).num_days()).ok()
}

pub fn read_classified(path: &Path) -> Result<DataFrame> {
    read_classified_with(path, &[])
}

/// Reads the census columns and, when present, the `extra` ones a caller needs besides
/// (the evaluation follows cases by `case_key` and `origin_case_key`).
pub fn read_classified_with(path: &Path, extra: &[&str]) -> Result<DataFrame> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(f);
    let schema = reader
        .schema()
        .map_err(|e| Error::polars(format!("reading {file}"), e))?;
    let present: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !present.iter().any(|p| p == c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Input {
            file,
            row: None,
            column: Some(missing.join(", ")),
            message: "not a classified case table (run `caseflow classify` first)".into(),
        });
    }
    let wanted: Vec<String> = REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .chain(
            extra
                .iter()
                .filter(|e| !OPTIONAL.contains(e) && !REQUIRED.contains(e)),
        )
        .filter(|c| present.iter().any(|p| p == *c))
        .map(|c| c.to_string())
        .collect();
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(f)
        .with_columns(Some(wanted))
        .finish()
        .map_err(|e| Error::polars(format!("reading {file}"), e))
}

fn err(name: &str, e: PolarsError) -> Error {
    Error::polars(format!("classified cases: column {name}"), e)
}

fn strs<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<Option<&'a str>>> {
    match df.column(name) {
        Ok(c) => Ok(c.str().map_err(|e| err(name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

/// A string column kept as polars holds it (no per-row vector): read by index or iterated.
fn str_ca(df: &DataFrame, name: &str) -> Result<StringChunked> {
    match df.column(name) {
        // Cloning shares the buffers; a few chunks cost a short search per `get`.
        Ok(c) => Ok(c.str().map_err(|e| err(name, e))?.clone()),
        Err(_) => Ok(StringChunked::full_null(name.into(), df.height())),
    }
}

fn days(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    match df.column(name) {
        Ok(c) => {
            let phys = c.cast(&DataType::Int32).map_err(|e| err(name, e))?;
            Ok(phys.i32().map_err(|e| err(name, e))?.iter().collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

fn i64s(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    match df.column(name) {
        Ok(c) => {
            let v = c.cast(&DataType::Int64).map_err(|e| err(name, e))?;
            Ok(v.i64().map_err(|e| err(name, e))?.iter().collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

fn bools(df: &DataFrame, name: &str) -> Result<Vec<Option<bool>>> {
    match df.column(name) {
        Ok(c) => Ok(c.bool().map_err(|e| err(name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

/// A list-of-strings column: row `i` holds `values[offsets[i]..offsets[i + 1]]` unless
/// the row is null.
pub struct FlatList {
    offsets: Vec<i64>,
    null_rows: Option<Vec<bool>>,
    values: StringChunked,
}

impl FlatList {
    fn empty(n: usize) -> FlatList {
        FlatList {
            offsets: vec![0; n + 1],
            null_rows: None,
            values: StringChunked::from_iter_options(
                "v".into(),
                std::iter::empty::<Option<&str>>(),
            ),
        }
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        if self.null_rows.as_ref().is_some_and(|v| v[i]) {
            return 0..0;
        }
        // Offsets are non-negative and increasing by construction of the Arrow array.
        let s = usize::try_from(self.offsets[i]).unwrap_or(0);
        let e = usize::try_from(self.offsets[i + 1]).unwrap_or(s);
        s..e.max(s)
    }

    /// The items of row `i`, nulls skipped.
    pub fn row(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        self.range(i).filter_map(|j| self.values.get(j))
    }

    /// The items of row `i` with nulls kept, so positions stay aligned with another list.
    pub fn row_aligned(&self, i: usize) -> impl Iterator<Item = Option<&str>> + '_ {
        self.range(i).map(|j| self.values.get(j))
    }

    pub fn len(&self, i: usize) -> usize {
        self.range(i).len()
    }
}

fn flat_list(df: &DataFrame, name: &str) -> Result<FlatList> {
    let n = df.height();
    let Ok(c) = df.column(name) else {
        return Ok(FlatList::empty(n));
    };
    let ca = c.list().map_err(|e| err(name, e))?.rechunk().into_owned();
    if !matches!(ca.inner_dtype(), DataType::String) {
        // A list column with no items at all may be typed List(Null): nothing to read.
        return Ok(FlatList::empty(n));
    }
    let offsets = ca.offsets().map_err(|e| err(name, e))?.as_slice().to_vec();
    if offsets.len() != n + 1 {
        return Ok(FlatList::empty(n));
    }
    let null_rows =
        (ca.null_count() > 0).then(|| ca.is_null().iter().map(|b| b == Some(true)).collect());
    let values = ca
        .get_inner()
        .str()
        .map_err(|e| err(name, e))?
        .rechunk()
        .into_owned();
    Ok(FlatList {
        offsets,
        null_rows,
        values,
    })
}

/// Status of a case at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Suspended,
    Deferred,
    Closed,
    NotFiled,
    Unknown,
}

impl Status {
    fn parse(s: Option<&str>) -> Status {
        match s {
            Some("pending") => Status::Pending,
            Some("suspended") => Status::Suspended,
            Some("deferred") => Status::Deferred,
            Some("closed") => Status::Closed,
            Some("not_filed") => Status::NotFiled,
            _ => Status::Unknown,
        }
    }

    /// 未结: pending, suspended or deferred at the as-of date.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Pending | Status::Suspended | Status::Deferred)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Suspended => "suspended",
            Status::Deferred => "deferred",
            Status::Closed => "closed",
            Status::NotFiled => "not_filed",
            Status::Unknown => "unknown",
        }
    }
}

/// The closure methods a figure distinguishes (结案方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closure {
    None,
    /// 执行完毕: the debt was paid in full
    Completed,
    /// 终结本次执行程序 (终本): closed on paper for want of assets; not an "actual" closure
    TerminatedCurrent,
    Other,
}

impl Closure {
    fn parse(s: Option<&str>) -> Closure {
        match s {
            None => Closure::None,
            Some("执行完毕") => Closure::Completed,
            Some("终本") => Closure::TerminatedCurrent,
            Some(_) => Closure::Other,
        }
    }
}

/// The classified cases as columns, borrowed from the frame they were read into.
pub struct Cases<'a> {
    pub n: usize,
    pub as_of: NaiveDate,
    pub as_of_day: i32,
    /// Case number and unit columns: read once when units are built or a list is
    /// written, so they stay in polars' own buffers (a million-row census would otherwise
    /// copy seven string columns into vectors).
    pub case_no: StringChunked,
    /// The 案号 as written: a masked one (浙0602执6XX号) still shows its court.
    pub case_no_raw: StringChunked,
    /// The normalised 案号 (`2025浙0603执3`): its year dates a case without a 立案日期.
    pub case_key: StringChunked,
    /// `case_kind`, or `unparsed` when the 案号 gave none.
    pub kind: Vec<&'a str>,
    pub court_code: StringChunked,
    pub court_name: StringChunked,
    pub case_no_style: StringChunked,
    pub team: StringChunked,
    pub officer: StringChunked,
    pub leader: StringChunked,
    pub status: Vec<Status>,
    pub filed_on: Vec<Option<i32>>,
    pub closed_on: Vec<Option<i32>>,
    /// 导出日期 of the newest export listing the case (none for an export without a date)
    pub exported_on: Vec<Option<i32>>,
    /// 中止日期 (or 暂缓's start) the export gives
    pub suspended_on: Vec<Option<i32>>,
    /// 恢复执行日期: with a `closed_on` before it on a case open at the as-of date, the
    /// day the case was reopened under its own number
    pub resumed_on: Vec<Option<i32>>,
    /// The day the latest stay (中止, 暂缓) the deductions register dates ended by the
    /// as-of date (classify's `stay_ended_on`; none in a run classified before it was kept)
    pub stay_ended_on: Vec<Option<i32>>,
    pub due_on: Vec<Option<i32>>,
    pub closure: Vec<Closure>,
    pub claim_fen: Vec<Option<i64>>,
    pub recovered_fen: Vec<Option<i64>>,
    pub deducted_days: Vec<Option<i64>>,
    pub age_days: Vec<Option<i64>>,
    pub overdue_days: Vec<Option<i64>>,
    pub in_backlog: Vec<bool>,
    /// Category membership as a bit set: bit k = category k + 1.
    pub cats: Vec<u8>,
    pub has_assets: Vec<Option<bool>>,
    pub root_causes: FlatList,
    pub respondents: FlatList,
    pub respondent_ids: FlatList,
}

impl<'a> Cases<'a> {
    /// Borrows the columns of a frame read by [`read_classified`] (or built by a caller
    /// with the same column names).
    pub fn from_frame(df: &'a DataFrame, file: &str) -> Result<Cases<'a>> {
        let n = df.height();
        for c in REQUIRED {
            if df.column(c).is_err() {
                return Err(Error::Input {
                    file: file.to_string(),
                    row: None,
                    column: Some(c.to_string()),
                    message: "not a classified case table (run `caseflow classify` first)".into(),
                });
            }
        }
        let as_of_col = days(df, "as_of")?;
        let mut as_of_day: Option<i32> = None;
        for (i, d) in as_of_col.iter().enumerate() {
            match (as_of_day, d) {
                (None, Some(d)) => as_of_day = Some(*d),
                (Some(a), Some(d)) if a != *d => {
                    return Err(Error::Input {
                        file: file.to_string(),
                        row: Some(i + 1),
                        column: Some("as_of".into()),
                        message: "the cases were classified at different as-of dates; \
                                  classify the run again at one date"
                            .into(),
                    })
                }
                _ => {}
            }
        }
        let as_of_day = match as_of_day {
            Some(d) => d,
            // No case, no row to hold the date: the run's classify.json has it (a header-
            // only export, or every row rejected whole, still counts as of its date).
            None if n == 0 => as_of_beside(file).ok_or_else(|| Error::Input {
                file: file.to_string(),
                row: None,
                column: Some("as_of".into()),
                message: "the classified case table is empty and no classify.json beside it \
                          gives the as-of date: there is no case to count"
                    .into(),
            })?,
            None => {
                return Err(Error::Input {
                    file: file.to_string(),
                    row: None,
                    column: Some("as_of".into()),
                    message: "no as-of date in the classified cases".into(),
                })
            }
        };
        let as_of = date_of(as_of_day).ok_or_else(|| Error::Input {
            file: file.to_string(),
            row: None,
            column: Some("as_of".into()),
            message: format!("as-of date out of range ({as_of_day} days after 1970-01-01)"),
        })?;

        let kind = strs(df, "case_kind")?
            .into_iter()
            .map(|k| k.unwrap_or("unparsed"))
            .collect();
        let status = strs(df, "status_as_of")?
            .into_iter()
            .map(Status::parse)
            .collect();
        let mut cats = vec![0u8; n];
        for k in 0..7 {
            let col = bools(df, &format!("cat_{}", k + 1))?;
            for (bits, v) in cats.iter_mut().zip(col) {
                if v == Some(true) {
                    *bits |= 1 << k;
                }
            }
        }
        Ok(Cases {
            n,
            as_of,
            as_of_day,
            case_no: str_ca(df, "case_no")?,
            case_no_raw: str_ca(df, "case_no_raw")?,
            case_key: str_ca(df, "case_key")?,
            kind,
            court_code: str_ca(df, "court_code")?,
            court_name: str_ca(df, "court_name")?,
            case_no_style: str_ca(df, "case_no_style")?,
            team: str_ca(df, "team")?,
            officer: str_ca(df, "officer")?,
            leader: str_ca(df, "leader")?,
            status,
            filed_on: days(df, "filed_on")?,
            closed_on: days(df, "closed_on")?,
            exported_on: days(df, "exported_on")?,
            suspended_on: days(df, "suspended_on")?,
            resumed_on: days(df, "resumed_on")?,
            stay_ended_on: days(df, "stay_ended_on")?,
            due_on: days(df, "due_on")?,
            closure: strs(df, "closure_method")?
                .into_iter()
                .map(Closure::parse)
                .collect(),
            claim_fen: i64s(df, "claim_fen")?,
            recovered_fen: i64s(df, "recovered_fen")?,
            deducted_days: i64s(df, "deducted_days")?,
            age_days: i64s(df, "age_days")?,
            overdue_days: i64s(df, "overdue_days")?,
            in_backlog: bools(df, "in_backlog")?
                .into_iter()
                .map(|b| b == Some(true))
                .collect(),
            cats,
            has_assets: bools(df, "has_assets")?,
            root_causes: flat_list(df, "root_causes")?,
            respondents: flat_list(df, "respondents")?,
            respondent_ids: flat_list(df, "respondent_ids")?,
        })
    }

    /// The case number of case `i`.
    pub fn case_no(&self, i: usize) -> Option<&str> {
        self.case_no.get(i)
    }

    /// Whether case `i` is of a kind in `kinds`.
    pub fn kind_in(&self, i: usize, kinds: &[String]) -> bool {
        kinds.iter().any(|k| k == self.kind[i])
    }

    /// The case-kind filter as a per-case mask, with the number of cases each excluded
    /// kind lost (for the metadata table: nothing silently dropped).
    pub fn scope(&self, kinds: &[String]) -> (Vec<bool>, Vec<(String, usize)>) {
        let mut excluded: HashMap<&str, usize> = HashMap::new();
        let mask = (0..self.n)
            .map(|i| {
                let ok = self.kind_in(i, kinds);
                if !ok {
                    *excluded.entry(self.kind[i]).or_default() += 1;
                }
                ok
            })
            .collect();
        let mut ex: Vec<(String, usize)> = excluded
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        ex.sort();
        (mask, ex)
    }

    /// Outstanding amount of case `i`: claim − recovered (recovered unknown = 0), never
    /// below zero; None when the claim is unknown.
    pub fn outstanding(&self, i: usize) -> Option<i64> {
        let claim = self.claim_fen[i]?;
        Some((claim - self.recovered_fen[i].unwrap_or(0)).max(0))
    }

    /// The last day the data can show anything of: the as-of date, or the newest export's
    /// date when every case's export states one and the newest is earlier. Nothing filed or
    /// closed after an export is in it, so a month after that day is not a month with no
    /// 新收 and no 结案 but one the data does not cover: the trend ends there and the
    /// projection's pace is taken from the months before. An export without a date may
    /// reach the as-of date, so one such case keeps the as-of date.
    pub fn observed_to(&self) -> i32 {
        self.exported_on
            .iter()
            .map(|e| e.map_or(self.as_of_day, |e| e.min(self.as_of_day)))
            .max()
            .unwrap_or(self.as_of_day)
    }

    /// Closing date of case `i` as seen at the as-of date (a closure recorded after it
    /// does not count yet, as classify treats it).
    pub fn closed_by_as_of(&self, i: usize) -> Option<i32> {
        self.closed_on[i].filter(|&c| c <= self.as_of_day)
    }

    /// The latest day case `i`'s closure can have been made, when the case is closed at the
    /// as-of date with no 结案日期 (已结 or a 结案方式 with the date left blank): the date of
    /// the export showing it closed, or the as-of date for an export without a date or made
    /// after it (classify counts such a case closed only when it was closed by then). Never
    /// before the filing. None for a dated closure or an open case.
    pub fn undated_closure_by(&self, i: usize) -> Option<i32> {
        if self.status[i] != Status::Closed || self.closed_by_as_of(i).is_some() {
            return None;
        }
        let by = self.exported_on[i].map_or(self.as_of_day, |e| e.min(self.as_of_day));
        Some(self.filed_on[i].map_or(by, |f| by.max(f)))
    }

    /// The day the flows count case `i` closed: its 结案日期 by the as-of date, else, for a
    /// closure without a date, the latest day it can have been made
    /// ([`Cases::undated_closure_by`]): the census counts the case closed, so the trend's
    /// 未结 on the as-of date must not count it pending, and dated by the export it is in
    /// the closures of one period (the one holding that day) as an upper bound.
    pub fn closure_counted_on(&self, i: usize) -> Option<i32> {
        self.closed_by_as_of(i)
            .or_else(|| self.undated_closure_by(i))
    }

    /// The day case `i` counts as filed in the flows when it has no 立案日期: the day
    /// classify dates it by ([`crate::classify::evaluate::assumed_filing`]: the last day
    /// of its 案号's year, or the date of the export listing it — the as-of date, for an
    /// export without a date — when that is earlier or the 案号 has no year), so the
    /// trend's 未结 on the as-of date is the census's; and never after its closure (it was
    /// filed by then), so B + N + R − D = E holds for a closed one too. None for a case
    /// with a 立案日期, and for an open one that day falls after the as-of date (classify
    /// does not count it yet).
    pub fn filing_from_case_year(&self, i: usize) -> Option<i32> {
        if self.filed_on[i].is_some() {
            return None;
        }
        let listed_by = self.exported_on[i].and_then(date_of).unwrap_or(self.as_of);
        let latest = epoch_days(crate::classify::evaluate::assumed_filing(
            self.case_key.get(i),
            listed_by,
        ));
        let day = self
            .closure_counted_on(i)
            .map_or(latest, |cl| latest.min(cl));
        (day <= self.as_of_day).then_some(day)
    }

    /// The day the flows count case `i` filed (新收): its 立案日期, else the day
    /// [`Cases::filing_from_case_year`] gives.
    pub fn filing_counted_on(&self, i: usize) -> Option<i32> {
        self.filed_on[i].or_else(|| self.filing_from_case_year(i))
    }

    /// The day case `i` was reopened under its own number (恢复执行 on or after its 结案日期, as
    /// classify reads it: open at the as-of date, resumed by then): from that day it is
    /// pending again, a second time, as a 执恢 case would be under a number of its own.
    pub fn reopened_on(&self, i: usize) -> Option<i32> {
        let closed = self.closed_by_as_of(i)?;
        let open = matches!(
            self.status[i],
            Status::Pending | Status::Suspended | Status::Deferred
        );
        self.resumed_on[i].filter(|&r| open && r >= closed && r <= self.as_of_day)
    }
}

/// Case kinds in the data that caseflow does not know (so no filter can name them): they
/// are left out of every figure, and the user is told.
pub fn warn_unknown_kinds(cases: &Cases, cfg: &CensusConfig) -> Vec<String> {
    let mut seen: Vec<&str> = cases.kind.to_vec();
    seen.sort_unstable();
    seen.dedup();
    seen.into_iter()
        .filter(|k| !super::config::CASE_KINDS.contains(k))
        .filter(|k| !cfg.case_kinds.iter().any(|c| c == k))
        .map(|k| format!("case kind {k:?} is not a known kind and is excluded"))
        .collect()
}
