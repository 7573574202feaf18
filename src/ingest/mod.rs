//! Ingest: court case-list exports in → one canonical case table, side tables, rejects
//! and a manifest out, with every input row accounted for.
//!
//! For each file (in parallel): open it (its reader thread streams the sheets in batches
//! of rows, see [`source`]), find the header row below any title rows in the first
//! batch, choose the header profile that maps the most columns, then classify every row
//! below the header as blank, non-data (totals, footers, a repeated header: skipped with
//! the reason), or data. Each batch is cut into parts that are classified and parsed in
//! parallel, each into columns of its own, kept in input order; a field that cannot be
//! used is recorded in `rejects` and left null while the row is kept; a row with nothing
//! usable in any field is rejected whole. Memory holds a few batches of input and the
//! output columns, never every cell of a file. The manifest reconciles, per file and
//! sheet: rows read = header rows + blank + skipped + data, and data = written + rejected
//! whole.
//!
//! A sheet's work is split by what it looks at: `sheet` (the header, the parts, the
//! counts), `plan` (which column is which field), `nondata` (rows that are not cases),
//! `row` (one row → typed values) with `case_number`, `parties`, `officers` and
//! `status` for cells that need more than a field parser, `party_rows` and `ditto`
//! (rows and cells that continue the row above), `titles` (what the title rows say),
//! `checks` (checks across a sheet's whole columns) and `output` (rejects, manifest).

pub mod cell;
pub mod columns;
pub mod fields;
pub mod limits;
pub mod lockfile;
pub mod manifest;
pub mod notexport;
pub mod profile;
pub mod reasons;
pub mod rules;
pub mod schema;
pub mod source;

mod case_number;
mod checks;
mod ditto;
mod nondata;
mod officers;
mod output;
mod parties;
mod party_rows;
mod plan;
mod row;
mod sheet;
mod status;
mod titles;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rayon::prelude::*;

use crate::casenum;
use cell::Cell;
use columns::{ColType, ColumnBuilder, Value};
use fields::{AmountUnit, FieldError};
use manifest::{FileEntry, Manifest, SheetEntry};
use profile::{HeaderChoice, Profile};
use rules::{ClosureValue, NonDataMarker, Role, Rules};
use schema::{FieldSpec, FieldType, TableKind};
use source::{Batch, Event, FileReader, Row};

pub use case_number::states_case_number;
pub use limits::Limits;

use case_number::*;
use checks::*;
use ditto::*;
pub use nondata::INCOMPLETE_EXPORT;
use nondata::*;
use officers::*;
use output::*;
pub use output::{
    incomplete_exports, read_parquet, read_parquet_columns, repeated_inputs, sheet_warnings,
    unmapped_notes, without_case_list, write_manifest, write_rejects_csv,
};
use parties::*;
use party_rows::*;
use plan::*;
use row::*;
pub use sheet::row_limit_warning;
pub use sheet::NO_RECOVERED_COLUMN;
pub use sheet::UNTRUSTED_UNIT;
use sheet::*;
use status::*;
use titles::*;

use crate::{textio, Error, Result};

/// Everything ingest needs, validated before any data is read.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    /// Use this profile for every file instead of choosing the best.
    pub profile: Option<String>,
    /// The date the exports were made; otherwise read from a 制表日期 footer, if any.
    pub exported_on: Option<NaiveDate>,
    /// Read only this sheet of each workbook.
    pub sheet: Option<String>,
    pub profiles_dir: Option<PathBuf>,
    pub rules_dir: Option<PathBuf>,
    /// What one input file may make ingest do (see [`limits`]).
    pub limits: Limits,
    /// Files an input glob matched that are not read (Excel's lock files, see
    /// [`lockfile`]): (path, why), listed in the manifest.
    pub skipped_inputs: Vec<(PathBuf, String)>,
    /// Every rule, profile and reference file the job reads (crate::rulefiles::run for
    /// `caseflow run`), written to the manifest; empty: the files ingest itself reads.
    pub rule_files: Vec<String>,
}

/// What ingest produced, for the command line to summarise.
#[derive(Debug)]
pub struct IngestReport {
    pub manifest: Manifest,
    pub tables: BTreeMap<&'static str, DataFrame>,
    pub rejects: DataFrame,
    /// Files of later stages an earlier run left in the folder, removed (see
    /// [`remove_later_stages`]).
    pub removed: Vec<String>,
}

/// Removes what later stages wrote into `out` from an earlier ingest's cases. Ingesting
/// new exports into a run folder replaces cases.parquet, and a cases_dedup or
/// cases_classified left beside it would be taken by the next `caseflow classify` or
/// `census` as the cases of this export: the old cases counted under the new date. Only
/// caseflow's own outputs go (subfolders such as an evaluation's baseline/ stay; the
/// stages' files are listed once, in [`crate::pipeline::remove_outputs_after`]).
pub fn remove_later_stages(out: &Path) -> Result<Vec<String>> {
    crate::pipeline::remove_outputs_after(out, crate::pipeline::Stage::Ingest)
}

/// One output column of a table, and where its value comes from.
#[derive(Debug, Clone)]
struct OutCol {
    name: String,
    ty: ColType,
}

/// The output columns of a table, in order.
fn out_columns(table: TableKind) -> Vec<OutCol> {
    let mut cols = vec![
        oc("source_file", ColType::Str),
        oc("source_sheet", ColType::Str),
        oc("source_row", ColType::I64),
    ];
    for f in table.fields() {
        match f.ty {
            FieldType::CaseNo => {
                cols.extend([
                    oc("case_no_raw", ColType::Str),
                    oc("case_no", ColType::Str),
                    oc("case_key", ColType::Str),
                    oc("case_no_valid", ColType::Bool),
                    oc("year", ColType::I32),
                    oc("court_code", ColType::Str),
                    oc("special_code", ColType::Str),
                    oc("type_code", ColType::Str),
                    oc("seq", ColType::I64),
                    oc("doc_suffix", ColType::Str),
                    oc("case_no_style", ColType::Str),
                    oc("case_kind", ColType::Str),
                ]);
            }
            FieldType::CaseRef => {
                cols.push(oc(f.name, ColType::Str));
                cols.push(oc(&ref_key_name(f.name), ColType::Str));
            }
            FieldType::Date => cols.push(oc(f.name, ColType::Date)),
            // Read into recovered_fen.
            FieldType::Amount if f.name == schema::OUTSTANDING => {}
            FieldType::Amount | FieldType::Count => cols.push(oc(f.name, ColType::I64)),
            FieldType::Text => cols.push(oc(f.name, ColType::Str)),
            FieldType::Parties => cols.push(oc(f.name, ColType::List)),
            // Read into the applicants' and respondents' columns.
            FieldType::RoleParties => {}
            FieldType::Flag => cols.push(oc(f.name, ColType::Bool)),
            FieldType::Closure | FieldType::Status => {
                cols.push(oc(f.name, ColType::Str));
                cols.push(oc(&format!("{}_raw", f.name), ColType::Str));
            }
        }
    }
    if table == TableKind::Cases {
        cols.extend([
            oc("respondent_kind", ColType::Str),
            oc("party_notes", ColType::List),
            oc("non_litigation", ColType::Bool),
            oc("exported_on", ColType::Date),
            oc(AMOUNTS_IN_WAN, ColType::List),
            oc(DATES_TO_MONTH, ColType::List),
        ]);
    }
    cols.push(oc("extra", ColType::Str));
    cols
}

/// The case table's column naming the amounts of the row (claim_fen, recovered_fen) that its
/// export gives in 万元 or a larger unit, by its header or the cell (2.85万): dedup takes
/// only such a figure for a possible rounding to the 百元 of another export's figure in 元.
/// An empty list where none is; null in a cases table written before (not known).
pub const AMOUNTS_IN_WAN: &str = "amounts_in_wan";

/// The case table's column naming the dates of the row (filed_on) that its export gives
/// with the year and month only (2025年8月), read as the month's last day (the latest it
/// can be): dedup keeps another export's exact date within that month over such a one.
/// An empty list where none is; null in a cases table written before (not known).
pub const DATES_TO_MONTH: &str = "dates_to_month";

/// The case table's columns (`cases.parquet`) with their types: what the rules of later
/// stages may name (dedup's survivorship).
pub fn case_columns() -> Vec<(String, ColType)> {
    out_columns(TableKind::Cases)
        .into_iter()
        .map(|c| (c.name, c.ty))
        .collect()
}

fn oc(name: &str, ty: ColType) -> OutCol {
    OutCol {
        name: name.to_string(),
        ty,
    }
}

/// `basis_no` → `basis_key`, `origin_case_no` → `origin_case_key`, `case_no` → `case_key`.
fn ref_key_name(field: &str) -> String {
    format!("{}_key", field.strip_suffix("_no").unwrap_or(field))
}

/// A field-level or row-level problem, with the row's provenance.
#[derive(Debug, Clone)]
pub struct Reject {
    pub source_file: String,
    pub source_sheet: Option<String>,
    pub source_row: usize,
    /// Canonical field, `extra:<header>` for unmapped columns, or `row` for a whole row.
    pub field: String,
    /// The header of the column as the file has it.
    pub column: Option<String>,
    pub raw_value: String,
    pub reason: String,
    pub whole_row: bool,
}

/// A row parsed: its problems (its values are in the caller's buffer, aligned with
/// `out_columns`).
struct ParsedRow {
    rejects: Vec<Reject>,
    whole_row_rejected: bool,
    /// Columns without a header name that hold a value in this row (kept in `extra`).
    unnamed: Vec<usize>,
    /// Values read as empty on purpose, and why (`closed_on: 1900-01-01, a system's "no
    /// date"`): counted in the manifest.
    read_as_empty: Vec<String>,
}

/// The name of a column whose header cell is blank (or which stands past the header's last
/// cell in a workbook): its position, as Excel and WPS name such columns (列12). Its values
/// are kept in `extra` under this name and the manifest lists it like any unmapped column.
fn unnamed_column(c: usize) -> String {
    format!("列{}", c + 1)
}

/// Each column's name in `extra`, the manifest and the rejects: its header; its position
/// when it has none ([`unnamed_column`]); its header and its position when a column
/// before it has the same header (备注（列9）), since `extra` keeps one value per name and
/// the second 备注 column's values would otherwise be lost.
fn column_names(headers: &[String]) -> Vec<String> {
    // A name given once is not given again, whether the file's or made here (a blank
    // header in column 1 is 列1; a header written 列1 in column 2 is then 列1（列2）).
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let name = h.trim();
            let name = if name.is_empty() {
                unnamed_column(c)
            } else if seen.contains(name) {
                format!("{h}（{}）", unnamed_column(c))
            } else {
                h.clone()
            };
            seen.insert(name.trim().to_string());
            name
        })
        .collect()
}

/// Everything needed to parse the data rows of one sheet.
struct SheetPlan<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    table: TableKind,
    headers: Vec<String>,
    mapping: Vec<Option<&'static FieldSpec>>,
    units: Vec<AmountUnit>,
    /// Column of each field of the table (in `table.fields()` order), found once.
    field_cols: Vec<Option<usize>>,
    /// Per field, the later columns that name it too (see `plan_for`): for a party
    /// field, more parties (被执行人（单位） and 被执行人（个人）, 被执行人1 … 3); for another,
    /// a column of the same name to read when the first is empty (承办人 blank, 承办法官
    /// filled). A value not read from one stays in `extra`.
    also_cols: Vec<Vec<usize>>,
    /// Per field, the later columns among `also_cols` under the same header as the field's
    /// own (立案日期 twice: a column repeated, two exports pasted side by side), for a date,
    /// a case number or an amount: where both cells are filled and read differently, the
    /// row says so ([`row::disagreement`]). A column under another synonym may differ on
    /// purpose (执行案号（旧） beside 执行案号（新）, 收案日期 beside 立案日期).
    repeat_cols: Vec<Vec<usize>>,
    /// The closing date's column is named for 终本 (终本日期): the method of a case closed on
    /// it when no 结案方式 names one.
    closed_by_terminating: bool,
    rules: &'a Rules,
    /// The rules' party markers indexed for `party_kind_by`, made once per sheet.
    government_markers: fields::Markers,
    company_markers: fields::Markers,
    /// The rules' representative labels and name notes, indexed for `party_note`.
    representative_markers: fields::Markers,
    name_note_markers: fields::Markers,
    person_detail_markers: fields::Markers,
    name_note_endings: fields::Markers,
    role_note_markers: fields::Markers,
    /// The role labels of `rules` (申请执行人, 被执行人 …), indexed.
    role_markers: fields::Markers,
    /// The last characters of `name_note_endings` (夫妇: 妇).
    ending_lasts: Vec<char>,
    /// Delimited text (CSV, TSV): its fields have no positions, so a row with more filled
    /// fields than the header has columns has its values shifted.
    delimited: bool,
    /// Each column's name, unique ([`column_names`]).
    names: Vec<String>,
    /// A 案号 written over several columns ([`case_no_parts`]).
    case_no_parts: CaseNoParts,
    /// The words a note in the 案号 cell names the original case by (`（原案号：…）`): the
    /// profile's synonyms of 原案号, longest first ([`origin_in_note`]).
    origin_labels: Vec<String>,
    /// The columns of the header without a name.
    unnamed_cols: Vec<usize>,
    /// Delimited text: the number of fields its rows have (the header's, or one more when
    /// every line ends with a delimiter), when nearly every row has at most that many. A
    /// row with more, even if the extra field is empty, has a delimiter inside a value.
    row_width: Option<usize>,
    /// The state and closure method a case list's sheet name gives its cases (已结案件,
    /// 终本案件, 中止案件) when it has no status and no closure column, and whether its
    /// word says no more than 未结 ([`status::state_of_sheet`]).
    sheet_state: Option<(&'static str, Option<&'a str>, bool)>,
    /// The state the sheet's name gives, whatever its columns: for a row whose status and
    /// closure cells are all blank (a 已结案件 sheet's row without its date and method);
    /// and whether its word says no more than 未结.
    named_state: Option<(&'static str, bool)>,
    /// The workbook counts date serials from 1904 ([`fields::serial_from_1904`]).
    date1904: bool,
    /// A one-row header cell merged across columns with no names of their own under it
    /// (被执行人 over name | identity number, 承办人 over team | officer): per merged
    /// range, its first column and the others, whose cells are read into the first's,
    /// after a space, as if the clerk had written them in one cell.
    merged_cols: Vec<(usize, Vec<usize>)>,
    /// The marker of a total's breakdown (其中) that the rows read so far end in: a line
    /// of it at the top of the next batch continues it ([`nondata::breakdown_above`]).
    breakdown_open: Option<String>,
    /// Per column, the cell a ditto mark (同上) at the top of the next batch stands for and
    /// how many rows above that batch's first row it is: the rows read so far with this
    /// header, as the batch a mark is in ([`ditto::dittos_carried`]).
    ditto_above: Vec<Option<(usize, Cell)>>,
}

/// The columns a 案号 is written over, in order, when it is not in one cell: the parts
/// a profile names (年度 | 字号 | 案件序号, `case_no_parts`), always joined; or the 案号
/// column and the columns right of it with a blank header (the 案号 header merged across
/// them), joined only when the 案号 cell alone is no case number, so that a notes column
/// nobody named beside a whole 案号 never spoils it. The columns keep their values in
/// `extra` as well.
#[derive(Debug, Default)]
struct CaseNoParts {
    cols: Vec<usize>,
    always: bool,
}

impl SheetPlan<'_> {
    /// How this sheet's party cells split names written with spaces only (see
    /// [`fields::SpaceSplit`]), from the rules' markers.
    fn space_split(&self) -> fields::SpaceSplit<'_> {
        fields::SpaceSplit {
            min_chars: self.rules.space_separated_min_chars,
            government: &self.government_markers,
            company: &self.company_markers,
            details: &self.person_detail_markers,
            surnames: &self.rules.compound_surnames,
        }
    }

    /// A column's name ([`column_names`]); past the header's last cell, its position.
    fn column_name(&self, c: usize) -> Cow<'_, str> {
        match self.names.get(c) {
            Some(name) => Cow::Borrowed(name.as_str()),
            None => Cow::Owned(unnamed_column(c)),
        }
    }

    /// The column a field of the table is read from, if the sheet has one.
    fn field_col(&self, name: &str) -> Option<usize> {
        self.table
            .fields()
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| self.field_cols.get(i).copied().flatten())
    }

    /// Whether a column has no header of its own (its name is its position).
    fn is_unnamed(&self, c: usize) -> bool {
        self.headers.get(c).is_none_or(|h| h.trim().is_empty())
    }
}

fn reject(
    plan: &SheetPlan,
    line: usize,
    field: &str,
    col: Option<usize>,
    raw: String,
    reason: String,
) -> Reject {
    Reject {
        source_file: plan.file.to_string(),
        source_sheet: plan.sheet.map(String::from),
        source_row: line,
        field: field.to_string(),
        column: col.map(|c| plan.column_name(c).into_owned()),
        raw_value: raw,
        reason,
        whole_row: false,
    }
}

/// A row rejected whole: its values, joined, and why.
fn row_reject(plan: &SheetPlan, row: &Row, shown: Vec<String>, reason: String) -> Reject {
    Reject {
        whole_row: true,
        ..reject(plan, row.line, "row", None, shown.join(" | "), reason)
    }
}

fn text_of(cell: &Cell) -> Option<Cow<'_, str>> {
    fields::normalize_text_cow(cell)
}

/// A buffer of values emptied and handed back for values of another lifetime (its room is
/// kept).
fn recycle<'b>(mut values: Vec<Value<'_>>) -> Vec<Value<'b>> {
    values.clear();
    values.into_iter().map(|_| Value::Null).collect()
}

/// What a cell that names parties after their roles says ([`parties_by_role`]).
#[derive(Default)]
struct ByRole {
    /// Applicants, then respondents.
    sides: [Vec<String>; 2],
    /// How many parties a side's `等N人` counts, when more than the names listed.
    counted: [Option<usize>; 2],
    /// Each third party's label and names as written (第三人:王二): neither side's.
    others: Vec<String>,
}

/// Why a row is not data, if it is not, and what that says about the rows below it.
/// A few characters, to tell whether a text holds any of them in one pass over it: a
/// 1,024-bit filter on the character's low bits answers most characters, the sorted list
/// the rest. (Looking for every totals marker in every data row's cells in turn cost 4 %
/// of a CSV's ingest.)
struct CharSet {
    filter: [u64; 16],
    chars: Vec<char>,
}

impl CharSet {
    fn new(chars: impl Iterator<Item = char>) -> CharSet {
        let mut chars: Vec<char> = chars.collect();
        chars.sort_unstable();
        chars.dedup();
        let mut filter = [0u64; 16];
        for &c in &chars {
            let bit = c as usize & 1023;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        CharSet { filter, chars }
    }

    fn any_in(&self, text: &str) -> bool {
        text.chars().any(|c| {
            let bit = c as usize & 1023;
            self.filter[bit / 64] >> (bit % 64) & 1 == 1 && self.chars.binary_search(&c).is_ok()
        })
    }
}

/// The first two characters of a non-data marker (the second `None` for a one-character
/// marker). Rows are told from markers by both before a marker is looked for: by the
/// first alone, every case number in brackets would be looked at as a possible
/// `（盖章）` line, which cost 8 % of a CSV's ingest.
type MarkerLead = (char, Option<char>);

/// The outcome of one sheet.
struct SheetOutcome {
    entry: SheetEntry,
    table: Option<TableKind>,
    frame: Option<DataFrame>,
    rejects: Vec<Reject>,
    /// The header texts of the first rows, for the error when no sheet has a header.
    candidates: Vec<Vec<String>>,
    /// Why a sheet with a partial header was skipped, for the error when no sheet of the
    /// file could be read.
    refusal: Option<Error>,
    /// The export date the sheet itself states (a title, a footer), not one given for it.
    stated_date: Option<NaiveDate>,
    /// The header the sheet was read with, for the next sheet when that one has none.
    header: Option<SheetHeader>,
    /// The format's last row (1,048,576 in an xlsx), when the sheet's rows reach it
    /// ([`sheet::row_limit`]).
    at_row_limit: Option<(usize, &'static str)>,
}

/// A sheet's header as the sheet after it may need it: a long list split over sheets (old
/// .xls exports at 65,536 rows, Java writers by page size) often writes the header on the
/// first sheet only (see [`sheet::continues_columns`]).
#[derive(Clone)]
struct SheetHeader {
    /// The sheet the header is on.
    sheet: Option<String>,
    /// Its first row's number on that sheet.
    line: usize,
    profile_index: usize,
    /// The header's rows (two under a group header).
    rows: Vec<Row>,
    /// The column names they make.
    names: Vec<String>,
    /// The unit of amounts whose header names none (a 单位 stated above the header).
    unit: AmountUnit,
}

impl SheetOutcome {
    /// A sheet skipped whole (its rows accounted in `entry`), no table read from it.
    fn skipped(entry: SheetEntry, candidates: Vec<Vec<String>>, refusal: Option<Error>) -> Self {
        SheetOutcome {
            entry,
            table: None,
            frame: None,
            rejects: Vec::new(),
            candidates,
            refusal,
            stated_date: None,
            header: None,
            at_row_limit: None,
        }
    }
}

/// The rows of one sheet as they arrive from the reader: the batches read ahead to find
/// the header first, then the rest of the sheet.
struct SheetRows<'r> {
    reader: &'r mut FileReader,
    /// Batches already received, with the index of the first row still to be used.
    ahead: std::collections::VecDeque<(Batch, usize)>,
    ended: bool,
    /// Rows received so far (every row of the sheet, header and title rows included).
    received: usize,
    /// The number of the last row received that holds a value (workbook rows keep their
    /// number on the sheet; a CSV record's is its row as Excel counts it): a sheet that
    /// reaches its format's last row was most likely cut there ([`sheet::at_row_limit`]). A
    /// row of blank cells only (a space left at A1048576 after Ctrl+↓, an empty string a
    /// library pads the sheet with) is a blank row, not a case cut off: it does not count as
    /// reaching the limit.
    last_line: Option<usize>,
}

/// The reader said the sheet starts again from its first row.
struct Restart;

impl<'r> SheetRows<'r> {
    fn new(reader: &'r mut FileReader) -> Self {
        SheetRows {
            reader,
            ahead: Default::default(),
            ended: false,
            received: 0,
            last_line: None,
        }
    }

    fn receive(&mut self) -> Result<std::result::Result<Option<Batch>, Restart>> {
        if self.ended {
            return Ok(Ok(None));
        }
        match self.reader.next_event()? {
            Some(Event::Batch(b)) => {
                self.received += b.len();
                // A CSV's records count too: one re-saved from Excel ends at Excel's limit.
                let last = match &b {
                    Batch::Rows(r) => r
                        .iter()
                        .rev()
                        .find(|r| r.cells.iter().any(|c| !c.is_empty()))
                        .map(|r| r.line),
                    Batch::Records(r) => r.last_filled_line(),
                };
                self.last_line = last.or(self.last_line);
                Ok(Ok(Some(b)))
            }
            Some(Event::EndSheet) => {
                self.ended = true;
                Ok(Ok(None))
            }
            Some(Event::Restart) => Ok(Err(Restart)),
            Some(Event::Sheet { .. }) | Some(Event::Info { .. }) | None => Err(Error::Input {
                file: String::new(),
                row: None,
                column: None,
                message: "the file reader ended a sheet early: this is a caseflow bug".into(),
            }),
        }
    }

    /// The first `n` rows (fewer when the sheet is shorter), read ahead and kept.
    fn head(&mut self, n: usize) -> Result<std::result::Result<Vec<Row>, Restart>> {
        let mut rows = Vec::new();
        for (b, start) in &self.ahead {
            rows.extend((*start..b.len()).map(|i| b.row(i).into_owned()));
        }
        while rows.len() < n {
            match self.receive()? {
                Err(r) => return Ok(Err(r)),
                Ok(None) => break,
                Ok(Some(b)) => {
                    let take = (n - rows.len()).min(b.len());
                    rows.extend((0..take).map(|i| b.row(i).into_owned()));
                    self.ahead.push_back((b, 0));
                }
            }
        }
        rows.truncate(n);
        Ok(Ok(rows))
    }

    /// Drops the first `n` rows of what was read ahead (the title and header rows).
    fn skip(&mut self, mut n: usize) {
        while n > 0 {
            let Some((b, start)) = self.ahead.front_mut() else {
                return;
            };
            let left = b.len() - *start;
            if n < left {
                *start += n;
                return;
            }
            n -= left;
            if let Some((b, _)) = self.ahead.pop_front() {
                self.reader.recycle(b);
            }
        }
    }

    /// The next batch of rows and the index of its first row to use.
    fn next_batch(&mut self) -> Result<std::result::Result<Option<(Batch, usize)>, Restart>> {
        if let Some(x) = self.ahead.pop_front() {
            return Ok(Ok(Some(x)));
        }
        Ok(self.receive()?.map(|b| b.map(|b| (b, 0))))
    }
}

/// What one task made of a slice of rows below the header.
#[derive(Default)]
struct Part {
    frame: Option<DataFrame>,
    blank: usize,
    skipped: BTreeMap<String, usize>,
    footer_date: Option<NaiveDate>,
    /// The snapshot's date a footer or a note under the table states (数据截至2026年2月28日,
    /// 注：本表数据截至…, 备注：统计截止日期…), as a title's 截至… does.
    footer_as_of: Option<NaiveDate>,
    data_rows: usize,
    rows_written: usize,
    rows_rejected: usize,
    rejects: Vec<Reject>,
    /// Values read as empty on purpose, by field and why ([`ParsedRow::read_as_empty`]).
    read_as_empty: BTreeMap<String, usize>,
    /// Columns without a header name that hold a value in some row.
    unnamed: std::collections::BTreeSet<usize>,
    /// Whether the part was read as standing below a footer (see `parse_part`).
    started_below_footer: bool,
    /// A numbered note line came before any row that tells whether the rows stand below
    /// a footer: what it is depends on the parts before.
    depends_on_start: bool,
    /// Whether the rows after the part stand below a footer, when the part tells.
    ends_below_footer: Option<bool>,
    /// The row of a new section's header, where the part stopped.
    new_header: Option<usize>,
    /// What the part's page lines say of the list (共120条记录).
    stated: StatedSize,
    /// A unit of amounts stated in a note or footer below the table (注：金额单位为万元),
    /// with its line.
    unit_below: Option<(usize, AmountUnit)>,
    /// The warning of a file cut off inside the row the part rejected as cut
    /// ([`source::cut_off_warning`]).
    cut_off: Option<String>,
    /// A heading naming its cases' state (二、已结案件), in a sheet with no status and no
    /// closure column, where the part stopped: the row, its reason, and its text
    /// ([`heading_state`]).
    state_heading: Option<(usize, String, String)>,
}

/// What is known about the header, for telling data rows from totals and footers.
struct HeaderInfo<'p> {
    /// The profile the header was read with: a header of another section further down is
    /// read with it too.
    profile: &'p Profile,
    /// The field of each column.
    fields: Vec<Option<&'static str>>,
    texts: Vec<String>,
    keys: Vec<String>,
    case_col: Option<usize>,
    /// Row-number columns (序号).
    row_number_cols: Vec<usize>,
    /// The rules' non-data markers, longest first, and their first characters, sorted.
    markers: Vec<NonDataMarker>,
    marker_leads: Vec<MarkerLead>,
    /// The first characters of the totals markers: a cell without any holds no total.
    totals_leads: CharSet,
    /// What follows the number of a numbered note line.
    note_separators: Vec<String>,
    /// Amount columns: a row of amounts alone is a total.
    amount_cols: Vec<usize>,
    /// The texts of the title rows above the header (a printed export repeats them on
    /// every page).
    titles: Vec<String>,
    /// The texts of each of the header's own rows, when it spans more than one (日期 over
    /// 立案日期 | 结案日期): a printed export repeats each on every page, and its upper row
    /// alone, naming groups, is not half the header's names.
    lines: Vec<Vec<String>>,
    /// Party columns (被执行人, 申请执行人): a lone name there is a party row, not a heading.
    party_cols: Vec<usize>,
    /// The endings of an unnumbered heading: rows.toml's department and heading endings.
    heading_endings: Vec<String>,
    /// What may follow a period to make a heading by itself (2025年收案), in rows.toml.
    period_heading_words: Vec<String>,
    /// The rules' page lines and their first characters, sorted.
    page_lines: Vec<String>,
    page_leads: Vec<char>,
    /// The rules' marks of a template's example row and of a voided case number.
    example_marks: Vec<String>,
    void_marks: Vec<String>,
}

/// One party row's values ([`party_row`]): its party columns and the names (or identity
/// numbers) in each. Kept row by row, so that a number stays beside its name.
type PartyRow = Vec<(usize, Vec<String>)>;

/// A case row that ends a batch, or whose party rows end it: the party rows at the top of
/// the next batch are its own too.
struct Carried {
    row: Row,
    /// The names of its party rows in the batch it ends.
    names: Vec<PartyRow>,
}

/// One input file processed.
struct FileOutcome {
    entry: FileEntry,
    sheets: Vec<SheetOutcome>,
}

fn process_file(
    path: &Path,
    cfg: &IngestConfig,
    profiles: &[Profile],
    only: Option<usize>,
    rules: &Rules,
) -> Result<FileOutcome> {
    let file = crate::textio::path_text(path);
    let t = std::time::Instant::now();
    let mut reader = source::open(path, cfg.sheet.as_deref(), &cfg.limits)?;
    timing("open (hash, encoding)", t);
    // For sheets that state no export date: the date given for every file, else the date
    // in the file's name (systems name their downloads 案件清单_20260225.xlsx), or the last
    // day of the month it names (执行案件_2026年1月.csv).
    let name_date = titles::date_in_file_name(path).filter(|_| cfg.exported_on.is_none());
    let fallback_date = cfg.exported_on.or(name_date.map(|(d, _)| d));
    let mut sheets = Vec::new();
    // The header of the sheet before, for a sheet without one of its own.
    let mut previous: Option<SheetHeader> = None;
    while let Some(event) = reader.next_event()? {
        let Event::Sheet {
            name,
            sheets: n,
            hidden,
            date1904,
        } = event
        else {
            continue;
        };
        // A sheet restarts when its rows turn out not to be in order (the reader then
        // sends them again, sorted).
        let mut outcome = loop {
            if let Some(o) = process_sheet(
                &file,
                name.as_deref(),
                &mut reader,
                profiles,
                only,
                rules,
                fallback_date,
                cfg.exported_on.is_some(),
                n == 1,
                date1904,
                previous.as_ref(),
            )? {
                break o;
            }
        };
        // Kept on the sheet as well: the row-limit check below compares neighbours' headers.
        previous = outcome.header.clone();
        if hidden {
            // Read like the others (nothing is left out unseen), but a sheet hidden in
            // Excel is often an old copy or a list for drop-downs: the statistician should
            // know its rows are in the tables.
            let was = outcome.entry.note.take();
            outcome.entry.note = Some(match was {
                Some(n) => format!("hidden sheet; {n}"),
                None => "hidden sheet: read like the visible ones (use --sheet to read only \
                         one sheet)"
                    .to_string(),
            });
        }
        sheets.push(outcome);
    }
    // A sheet filled to its format's last row was cut there, unless the sheet after it
    // goes on with the same list (an old .xls export continues a long list on a new sheet
    // at 65,536 rows, under the first sheet's header or a copy of it): then the list is
    // whole, and only its last sheet can be cut. A next sheet with a header of its own
    // (next year's list) continues nothing.
    for k in 0..sheets.len() {
        let Some((limit, program)) = sheets[k].at_row_limit else {
            continue;
        };
        let table = sheets[k].table;
        let names = |s: &SheetOutcome| s.header.as_ref().map(|h| h.names.clone());
        let continued = sheets.get(k + 1).is_some_and(|next| {
            next.table.is_some() && next.table == table && names(next) == names(&sheets[k])
        });
        if !continued {
            let w = sheet::row_limit_warning(limit, program, reader.format);
            sheets[k].entry.warnings.push(w);
        }
    }
    // What the reader found once it had read the whole file (it seems cut off) is said on
    // its last sheet, where the cut is.
    if let Some(last) = sheets.last_mut() {
        last.entry.warnings.append(&mut reader.warnings);
    }
    // No sheet read in full (a sheet read without filing dates carries its refusal): the
    // file lacks a required field, and is refused as a one-sheet file would be.
    if !sheets.is_empty()
        && sheets
            .iter()
            .all(|s| s.table.is_none() || s.refusal.is_some())
    {
        let case_sheet = sheets
            .iter()
            .position(|s| s.table.is_some() && s.refusal.is_some());
        let refusal = match case_sheet {
            Some(k) => sheets[k].refusal.take(),
            None => sheets.iter_mut().find_map(|s| s.refusal.take()),
        };
        if let Some(refusal) = refusal {
            return Err(refusal);
        }
        let first = &sheets[0];
        return Err(no_header_error(
            &file,
            first.entry.sheet.as_deref(),
            &first.candidates,
            profiles,
            only,
        ));
    }
    date_undated_sheets(&mut sheets, name_date).map_err(|e| {
        Error::polars(
            format!("{file}: giving its undated sheets the workbook's date"),
            e,
        )
    })?;
    let mut entry = FileEntry::new(&file, reader.size_bytes, reader.sha256.clone());
    entry.format = reader.format.to_string();
    entry.encoding = reader.encoding.map(String::from);
    entry.notes = reader.notes.clone();
    Ok(FileOutcome { entry, sheets })
}

/// The sheets of a workbook that state no export date take the one date its other sheets
/// state: one file is one download (a system's 未结案件 sheet titled 截至2026年2月28日 and
/// its 已结案件 sheet without a title). Undated, the closures on the second sheet lost to
/// an older export's 未结 in dedup. Sheets stating different dates (monthly snapshots)
/// give none. The others are noted when their date came from the file's name.
fn date_undated_sheets(
    sheets: &mut [SheetOutcome],
    name_date: Option<(NaiveDate, bool)>,
) -> PolarsResult<()> {
    let (name_date, name_month) = (name_date.map(|(d, _)| d), name_date.is_some_and(|(_, m)| m));
    let stated: std::collections::BTreeSet<NaiveDate> = sheets
        .iter()
        .filter(|s| s.frame.is_some())
        .filter_map(|s| s.stated_date)
        .collect();
    let workbook_date = (stated.len() == 1)
        .then(|| stated.first().copied())
        .flatten();
    let dated_sheet = sheets
        .iter()
        .find(|s| s.stated_date.is_some() && s.frame.is_some())
        .and_then(|s| s.entry.sheet.clone());
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    for s in sheets.iter_mut() {
        if s.stated_date.is_some() || s.frame.is_none() {
            continue;
        }
        // A sheet named for a month or a date (1月, 2026-01) is a snapshot of its own.
        let own_period = s
            .entry
            .sheet
            .as_deref()
            .is_some_and(|n| n.chars().any(|c| c.is_ascii_digit() || c == '月'));
        let inherit = workbook_date.filter(|_| !own_period);
        if let (Some(d), Some(frame)) = (inherit, s.frame.as_mut()) {
            if s.table == Some(TableKind::Cases) {
                let days = (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days();
                let days = i32::try_from(days).ok();
                sheet::fill_constant(
                    frame,
                    "exported_on",
                    days.map_or(AnyValue::Null, AnyValue::Date),
                )?;
            }
            s.entry.exported_on = Some(d.to_string());
            s.entry.add_note(format!(
                "export date {d} taken from sheet {}: one workbook, one download",
                dated_sheet.as_deref().unwrap_or("?")
            ));
        } else if let (Some(d), Some(frame)) = (name_date, s.frame.as_mut()) {
            // A name's date before a date the rows state is no export date (a period's
            // start, a template's date): the export was made after every date it holds.
            let latest = ["filed_on", "closed_on", "suspended_on", "resumed_on"]
                .iter()
                .filter_map(|c| frame.column(c).ok())
                .filter_map(|c| c.cast(&DataType::Int32).ok())
                .filter_map(|c| c.i32().ok().and_then(|ca| ca.max()))
                .max()
                .map(|days| epoch + chrono::Duration::days(days.into()));
            match latest.filter(|&l| l > d) {
                Some(l) => {
                    if s.table == Some(TableKind::Cases) {
                        sheet::fill_constant(frame, "exported_on", AnyValue::Null)?;
                    }
                    s.entry.exported_on = None;
                    s.entry.add_note(format!(
                        "the date in the file's name ({d}) is before dates its rows state \
                         ({l}): not taken as the export date"
                    ));
                }
                None if name_month => s.entry.add_note(format!(
                    "export date {d} taken from the file's name: the last day of the month \
                     it names ({}), as the sheet states no date",
                    d.format("%Y-%m")
                )),
                None => s
                    .entry
                    .add_note(format!("export date {d} taken from the file's name")),
            }
        }
    }
    Ok(())
}

/// Prints how long a step took when CASEFLOW_TIMING is set (for profiling; off by default).
fn timing(step: &str, since: std::time::Instant) {
    if std::env::var_os("CASEFLOW_TIMING").is_some() {
        eprintln!(
            "caseflow timing: {step}: {:.3}s",
            since.elapsed().as_secs_f64()
        );
    }
}

/// Checks that every input is a file that may be an export, before anything is read or
/// removed: a file named on its own that is no export (a glob leaves it out before ingest
/// sees it, [`notexport`]) is refused with what it is.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<()> {
    for input in inputs {
        if input.is_dir() {
            let shown = input.display().to_string();
            let advice = folder_advice(input, &shown, false);
            return Err(Error::Usage(format!(
                "{shown}: a folder, not a file: {advice}"
            )));
        }
        if !input.is_file() {
            return Err(Error::Usage(format!(
                "{}: {}",
                input.display(),
                not_a_file(input)
            )));
        }
        if lockfile::is_lock_file(input) {
            return Err(Error::Usage(format!(
                "{}: {}; close the workbook in Excel, or leave this file out of the inputs",
                input.display(),
                lockfile::why(input)
            )));
        }
        if let Some(why) = notexport::why(input) {
            return Err(Error::Usage(format!(
                "{}: {why}; leave this file out of the inputs",
                input.display()
            )));
        }
    }
    Ok(())
}

/// Why `path`, which is neither a file nor a folder, cannot be read: "no such file" only when
/// nothing is there, since `ls` shows a pipe or a dangling link and the statistician would
/// be told something plainly untrue. Looks at the path's metadata only: a named pipe opened
/// for reading would wait for a writer forever.
fn not_a_file(path: &Path) -> String {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return "no such file".to_string();
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return match std::fs::metadata(path) {
            // Followed, the link ends at something that is not a file: say what.
            Ok(_) => format!("a symbolic link to {target}, which {}", special_kind(path)),
            Err(_) => format!(
                "a broken symbolic link to {target}, which does not exist (a share not \
                 mounted, a file moved?): restore the file, or name the export itself"
            ),
        };
    }
    special_kind(path)
}

/// What a path that exists but is no regular file is, as "is not a regular file (…)".
fn special_kind(path: &Path) -> String {
    let what = match std::fs::metadata(path) {
        Ok(meta) => kind_of(&meta.file_type()),
        Err(_) => "it cannot be read",
    };
    format!(
        "is not a regular file ({what}): name an export saved as a file (.xlsx, .csv, …); \
         to read from a pipe, save its output to a file first"
    )
}

#[cfg(unix)]
fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// What to do about a folder named as an input, `shown` as the user wrote it: name the
/// exports in it by pattern (`exports/*.xlsx`, written as a pipeline's `files = [...]` when
/// `in_pipeline`), and what it holds. Inputs are files, named or matched by a pattern (a
/// pipeline's `files`), never a folder read whole: what a run reads is what its command or
/// pipeline file names, and the manifest lists the same files again.
pub fn folder_advice(dir: &Path, shown: &str, in_pipeline: bool) -> String {
    let found = source::readable_files_by_extension(dir);
    let base = shown.trim_end_matches(['/', '\\']);
    let base = if base.is_empty() { shown } else { base };
    let patterns: Vec<String> = found
        .iter()
        .map(|(ext, _)| format!("{base}/*.{ext}"))
        .collect();
    let holds = if found.is_empty() {
        "it holds no file caseflow reads: .xlsx, .xls, .et, .csv, .tsv, .txt, .html, .xml, \
         .parquet"
            .to_string()
    } else {
        let each: Vec<String> = found.iter().map(|(ext, n)| format!("{n} .{ext}")).collect();
        format!("it holds {} file(s) caseflow reads", each.join(", "))
    };
    let name = match (patterns.is_empty(), in_pipeline) {
        (true, _) => "name the exports in it".to_string(),
        (false, false) => format!("name the exports in it, as {}", patterns.join(" ")),
        (false, true) => {
            let quoted: Vec<String> = patterns.iter().map(|p| format!("{p:?}")).collect();
            format!("name the exports in it, as files = [{}]", quoted.join(", "))
        }
    };
    format!("{name} ({holds})")
}

/// Runs ingest: reads every input, writes the tables, rejects and manifest to `cfg.out`.
pub fn ingest(cfg: &IngestConfig) -> Result<IngestReport> {
    let profiles = profile::load_profiles(cfg.profiles_dir.as_deref())?;
    let rules = Rules::load(cfg.rules_dir.as_deref())?;
    fields::use_placeholders(&rules.placeholders);
    let only = match &cfg.profile {
        None => None,
        Some(name) => Some(
            profiles
                .iter()
                .position(|p| &p.name == name)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no profile named {name:?}; profiles are: {}",
                        profiles
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
        ),
    };
    check_inputs(&cfg.inputs)?;
    // A file named twice (the same path, or two spellings of it, as overlapping globs give)
    // is read once: reading it again would only double its rows. (path, times named)
    let mut inputs: Vec<(&PathBuf, usize)> = Vec::with_capacity(cfg.inputs.len());
    let mut seen: Vec<PathBuf> = Vec::with_capacity(cfg.inputs.len());
    for input in &cfg.inputs {
        let key = std::fs::canonicalize(input).unwrap_or_else(|_| input.clone());
        match seen.iter().position(|s| *s == key) {
            Some(k) => inputs[k].1 += 1,
            None => {
                seen.push(key);
                inputs.push((input, 1));
            }
        }
    }

    let mut outcomes: Vec<FileOutcome> = inputs
        .par_iter()
        .map(|(p, _)| process_file(p, cfg, &profiles, only, &rules))
        .collect::<Result<Vec<_>>>()?;
    let t = std::time::Instant::now();
    place_courtless_refs(&mut outcomes)
        .map_err(|e| Error::polars("giving case numbers without a court its court", e))?;
    join_first_case_of_run(&mut outcomes)
        .map_err(|e| Error::polars("joining side rows of several 案号 to a case of the run", e))?;
    undated_assignments_outranked(&mut outcomes)
        .map_err(|e| Error::polars("listing undated assignments a dated one outranks", e))?;

    timing("courtless refs", t);
    let t_all = std::time::Instant::now();
    // Assemble tables in input order.
    let mut frames: BTreeMap<TableKind, Vec<DataFrame>> = BTreeMap::new();
    let mut all_rejects: Vec<Reject> = Vec::new();
    let mut manifest = Manifest::new(cfg);
    for (fo, (_, named)) in outcomes.into_iter().zip(&inputs) {
        let mut entry = fo.entry;
        if *named > 1 {
            entry
                .notes
                .push(format!("named {named} times among the inputs: read once"));
        }
        if let Some(same) = manifest.files.iter().find(|f| f.sha256 == entry.sha256) {
            entry.notes.push(format!(
                "{SAME_CONTENT} {} (SHA-256 {}): its rows are read again, and dedup joins \
                 each with its copy; leave one of the two out if the export was saved twice",
                same.path, entry.sha256
            ));
        }
        for so in fo.sheets {
            all_rejects.extend(so.rejects);
            if let (Some(t), Some(frame)) = (so.table, so.frame) {
                frames.entry(t).or_default().push(frame);
            }
            entry.sheets.push(so.entry);
        }
        manifest.files.push(entry);
    }

    let mut tables = BTreeMap::new();
    for t in TableKind::ALL {
        let assembled = match frames.remove(&t) {
            Some(parts) => concat_frames(parts),
            None => columns::frame(
                out_columns(t)
                    .iter()
                    .map(|c| ColumnBuilder::new(&c.name, c.ty))
                    .collect(),
                0,
            ),
        };
        let df = assembled
            .map_err(|e| Error::polars(format!("assembling the {} table", t.name()), e))?;
        tables.insert(t.name(), df);
    }
    timing("parse + columns", t_all);
    let rejects = rejects_frame(&all_rejects)
        .map_err(|e| Error::polars("assembling the rejects table", e))?;
    manifest.finish(&tables, &rejects);
    timing("rejects + manifest", t_all);

    let t = std::time::Instant::now();
    // An ingest into an earlier run that fails part-way (rejects.csv open in Excel) would
    // leave the new tables beside the earlier manifest, which describes other exports, and
    // dedup would run on them (h-failed-ingest-leaves-mixed-run). So the folder is marked
    // unfinished and the earlier manifest removed before anything is replaced; the mark is
    // cleared once the new manifest, written last, is in place.
    let marked = crate::pipeline::unfinished::begin_stage(&cfg.out, "ingest")?;
    let old_manifest = cfg.out.join("manifest.json");
    match std::fs::remove_file(&old_manifest) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::output(&old_manifest, e)),
    }
    let removed = remove_later_stages(&cfg.out)?;
    write_outputs(&cfg.out, &mut tables, &rejects, &manifest)?;
    if marked {
        crate::pipeline::unfinished::finish(&cfg.out)?;
    }
    timing("write", t);
    Ok(IngestReport {
        manifest,
        tables,
        rejects,
        removed,
    })
}

/// Writes a frame as Parquet, atomically (every stage's tables go through
/// [`crate::parquet`], which holds the settings and why).
pub use crate::parquet::write_parquet;

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::{extra_json, marker_lead, parse_case_number, parties_in, starts_like_marker};
    use super::{Cell, CharSet};

    proptest! {
        /// The two-character lead filter passes every text a marker starts (spaces
        /// ignored), so it never hides a totals or footer row.
        #[test]
        fn marker_leads_pass_every_text_a_marker_starts(
            marker in "[（(盖章合计审批人]{1,4}",
            rest in "[ 张三0-9)）]{0,6}",
            space in "[ ]{0,2}",
        ) {
            let mut leads = vec![marker_lead(&marker).unwrap()];
            leads.sort_unstable();
            let text = format!("{space}{marker}{rest}");
            prop_assert!(starts_like_marker(&text, &leads));
        }

        /// A character set finds a character exactly when the text holds one.
        #[test]
        fn char_set_finds_exactly_its_characters(
            set in proptest::collection::vec(any::<char>(), 0..6),
            text in any::<String>(),
        ) {
            let cs = CharSet::new(set.iter().copied());
            prop_assert_eq!(cs.any_in(&text), text.chars().any(|c| set.contains(&c)));
        }
    }

    #[test]
    fn an_officer_without_titles_notes_and_telephone_numbers() {
        let rules = crate::ingest::Rules::load(None).unwrap();
        let bare = |t: &str| super::bare_officer(t, &rules.officer_titles, &rules.officer_notes);
        for (text, name) in [
            ("王五法官", "王五"),
            ("执行员王五", "王五"),
            ("审判员：王五", "王五"),
            ("王五（审判员）", "王五"),
            ("王五(已调离)", "王五"),
            ("王五（代）", "王五"),
            ("王五 13800138000", "王五"),
            ("王五 0575-84123456", "王五"),
            ("王五（主办）、赵六（协办）", "王五、赵六"),
        ] {
            assert_eq!(bare(text).as_deref(), Some(name), "{text}");
        }
        // Nothing to take off, or what would be left is no name.
        for text in [
            "王五",
            "王五（执行一庭）",
            "王五（专案）",
            "法官",
            "王五、赵六",
            "执行局",
        ] {
            assert_eq!(bare(text), None, "{text}");
        }
    }

    #[test]
    fn counts_of_cases() {
        for t in ["3件", "共3件", "计 12 件", " 合计3件 "] {
            assert!(super::is_case_count(t), "{t}");
        }
        for t in ["件", "共件", "3", "三件", "案件"] {
            assert!(!super::is_case_count(t), "{t}");
        }
    }

    #[test]
    fn case_numbers_written_short_after_a_whole_one() {
        use super::{abbreviated_numbers, several_case_numbers, with_prefix_of};
        assert_eq!(
            with_prefix_of("（2020）浙0603执61号", "62号").as_deref(),
            Some("（2020）浙0603执62号")
        );
        assert_eq!(
            with_prefix_of("(2015)绍柯执字第00123号", "第124号").as_deref(),
            Some("(2015)绍柯执字第124号")
        );
        assert_eq!(with_prefix_of("（2020）浙0603执61号", "另案"), None);
        assert!(abbreviated_numbers("62号"));
        assert!(abbreviated_numbers("62、63号"));
        assert!(!abbreviated_numbers("已结"));
        assert!(!abbreviated_numbers("2号楼"));
        let (first, others) = several_case_numbers("（2020）浙0603执61号、62号、63号").unwrap();
        assert_eq!(first.seq, 61);
        assert_eq!(others, ["（2020）浙0603执62号", "（2020）浙0603执63号"]);
    }

    /// s-register-second-case-after-ji-dropped: 及, 和, 与, 以及 between two numbers join
    /// them as 、 does; inside a note or a court's name they cut nothing.
    #[test]
    fn case_numbers_joined_by_a_word() {
        use super::{case_number_before_note, parse_case_number, several_case_numbers};
        for cell in [
            "（2025）浙0603执25号及（2025）浙0603执26号",
            "（2025）浙0603执25号和（2025）浙0603执26号",
            "（2025）浙0603执25号 与 （2025）浙0603执26号",
            "（2025）浙0603执25号以及26号",
            "(2025)浙0603执25号 and (2025)浙0603执26号",
        ] {
            assert!(case_number_before_note(cell).is_none(), "{cell}");
            let (first, others) = several_case_numbers(cell).expect(cell);
            assert_eq!(
                (first.seq, others),
                (25, vec!["（2025）浙0603执26号".into()])
            );
        }
        for cell in [
            "（2025）浙0603执25号与被执行人和解",
            "（2025）浙0603执25号及时执行",
        ] {
            assert!(several_case_numbers(cell).is_none(), "{cell}");
            assert_eq!(parse_case_number(cell).map(|c| c.seq), Ok(25), "{cell}");
        }
    }

    #[test]
    fn a_case_number_in_brackets_does_not_start_like_a_seal_line() {
        let mut leads: Vec<_> = ["（盖章）", "(盖章)", "合计"]
            .iter()
            .filter_map(|m| marker_lead(m))
            .collect();
        leads.sort_unstable();
        assert!(!starts_like_marker("（2023）浙0603执1号", &leads));
        assert!(!starts_like_marker("(2023)浙0603执1号", &leads));
        assert!(starts_like_marker("（ 盖章 ）", &leads));
        assert!(starts_like_marker(" 合 计", &leads));
    }

    /// What the `extra` column held before: a `serde_json::Map` printed.
    fn with_map(extra: &[(String, String)]) -> String {
        let mut map = serde_json::Map::new();
        for (k, v) in extra {
            map.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        serde_json::Value::Object(map).to_string()
    }

    fn direct(extra: &[(String, String)]) -> String {
        extra_json(
            extra
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn parties_on_separate_lines_of_a_cell_are_separate_names() {
        let names = |s: &str| {
            parties_in(&Cell::Text(s.into()), None)
                .map(|v| v.into_iter().map(|n| n.into_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            names("张三\n李四"),
            Some(vec!["张三".into(), "李四".into()])
        );
        assert_eq!(
            names(" 张三\r\n李四 \n"),
            Some(vec!["张三".into(), "李四".into()])
        );
        assert_eq!(
            names("张三、李四；王五"),
            Some(vec!["张三".into(), "李四".into(), "王五".into()])
        );
        assert_eq!(names("张 三"), Some(vec!["张三".into()]));
        assert_eq!(
            names(" '110101199003077777"),
            Some(vec!["110101199003077777".into()])
        );
        assert_eq!(names("无"), None);
        assert_eq!(names("、"), None);
        assert_eq!(names("  "), None);
        assert_eq!(parties_in(&Cell::Empty, None), None);
    }

    #[test]
    fn a_note_after_a_case_number_does_not_hide_it() {
        let no = |s: &str| parse_case_number(s).ok().map(|c| c.case_no());
        assert_eq!(
            no("（2024）京0105执2号（已结）"),
            Some("（2024）京0105执2号".into())
        );
        assert_eq!(
            no("(2024)京0105执2号 恢复执行"),
            Some("（2024）京0105执2号".into())
        );
        assert_eq!(
            no("（2023）京0105民初5号民事判决书"),
            Some("（2023）京0105民初5号".into())
        );
        // Two numbers in one cell: neither is guessed.
        assert_eq!(no("（2024）京0105执2号、（2024）京0105执3号"), None);
        assert_eq!(no("（2024）京0105执2号（2024）京0105执3号"), None);
        assert_eq!(no("无案号"), None);
        // A long cell of 号 is refused at once, not searched number by number (searched,
        // it would stall the suite for minutes; no clock is read, tests are not timed).
        assert_eq!(
            no(&format!("（2024）京0105执2号{}", "号".repeat(300_000))),
            None
        );
        assert_eq!(
            no("（2024）京0105执2号"),
            Some("（2024）京0105执2号".into())
        );
    }

    #[test]
    fn the_date_of_a_title_is_the_end_of_its_period() {
        let row = |t: &str| super::Row {
            line: 1,
            cells: vec![Cell::Text(t.into())],
            filled: 0,
            across: 0,
        };
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let rules = crate::ingest::Rules::load(None).unwrap();
        let date = |t: &str| super::as_of_date(&row(t), &rules.as_of_labels);
        assert_eq!(
            date("统计时间：2025年1月1日至2025年6月30日"),
            d(2025, 6, 30)
        );
        assert_eq!(date("统计期间: 2025-01-01 ~ 2025-06-30"), d(2025, 6, 30));
        assert_eq!(date("截至2025年6月30日"), d(2025, 6, 30));
        assert_eq!(
            date("截至2024年3月31日未结案件（2024年4月2日导出）"),
            d(2024, 3, 31)
        );
        assert_eq!(date("数据截止时间：2024-06-30 24:00"), d(2024, 6, 30));
        assert_eq!(date("统计日期：2025年7月1日 单位：元"), d(2025, 7, 1));
        assert_eq!(date("某某法院执行案件清单"), None);
        assert_eq!(
            super::court_in_title("2024年绍兴市柯桥区人民法院执行案件清单（截至3月31日）"),
            Some("绍兴市柯桥区人民法院".to_string())
        );
        assert_eq!(super::court_in_title("执行案件清单"), None);
        assert_eq!(super::court_in_title("人民法院执行案件"), None);
        let made = |t: &str| super::date_before_made(&row(t));
        assert_eq!(made("执行案件清单（2024年4月2日导出）"), d(2024, 4, 2));
        assert_eq!(made("2024-04-02 制表"), d(2024, 4, 2));
        assert_eq!(made("执行案件清单导出"), None);
    }

    #[test]
    fn note_numbers() {
        let seps: Vec<String> = [".", "．", "、", ")", "）"].map(String::from).to_vec();
        let numbered = |t: &str| super::note_numbered(t, &seps);
        for t in [
            "1. 本表数据截至2024年6月30日",
            "2、结案数含终本案件",
            "１０．说明",
            "(3)金额单位为元",
            "（ 4 ）以系统为准",
            "5) 其他",
            "⑳ 末条",
        ] {
            assert!(numbered(t), "{t}");
        }
        for t in [
            "1.5",
            "2",
            "一、首次执行案件",
            "12345. 太长",
            "(3 无括号",
            "注：1. 见下",
            "",
        ] {
            assert!(!numbered(t), "{t}");
        }
    }

    #[test]
    fn a_unit_stated_for_the_table() {
        use super::{stated_amount_unit, AmountUnit};
        let row = |cells: &[&str]| super::Row {
            line: 1,
            cells: cells.iter().map(|t| Cell::Text(t.to_string())).collect(),
            filled: 0,
            across: 0,
        };
        let unit = |cells: &[&str]| stated_amount_unit(&row(cells));
        assert_eq!(unit(&["", "单位：万元"]), Some(AmountUnit::WanYuan));
        assert_eq!(unit(&["（金额单位：元）"]), Some(AmountUnit::Yuan));
        assert_eq!(
            unit(&["填报单位：某某法院   金额单位: 万元"]),
            Some(AmountUnit::WanYuan)
        );
        assert_eq!(unit(&["单位：人民币万元"]), Some(AmountUnit::WanYuan));
        assert_eq!(unit(&["单位：万"]), Some(AmountUnit::WanYuan));
        assert_eq!(unit(&["单位（万元）"]), Some(AmountUnit::WanYuan));
        assert_eq!(unit(&["金额：万元"]), Some(AmountUnit::WanYuan));
        assert_eq!(
            unit(&["柯桥法院执行积案台账（金额：万元）"]),
            Some(AmountUnit::WanYuan)
        );
        assert_eq!(unit(&["单位：千元"]), Some(AmountUnit::QianYuan));
        assert_eq!(unit(&["金额：万元以上案件"]), None);
        assert_eq!(unit(&["金额单位：万元"]), Some(AmountUnit::WanYuan));
        // A header's unit is its column's, not the table's.
        assert_eq!(unit(&["案号", "执行到位金额（万元）", "标的额"]), None);
        assert_eq!(unit(&["金额（万元）"]), None);
        assert_eq!(unit(&["填报单位：某某法院"]), None);
        // Never a panic, whatever follows a label.
        for t in [
            "单位",
            "单位：",
            "金额：万",
            "金额（",
            "单位：亿",
            "金额:千元整",
            "单位万元",
        ] {
            let _ = unit(&[t]);
        }
        assert_eq!(unit(&["执行案件清单"]), None);
    }

    #[test]
    fn extra_json_examples() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        for extra in [
            pairs(&[("序号", "1")]),
            pairs(&[("b", "2"), ("a", "1"), ("column 3", "x\"y\\z\n")]),
            pairs(&[
                ("备注", "一"),
                ("备注", "二"),
                ("序号", "3"),
                ("备注", "三"),
            ]),
            pairs(&[("\u{1}", "\u{7f}\u{2028}"), ("Z", ""), ("z", "</script>")]),
        ] {
            assert_eq!(direct(&extra), with_map(&extra), "{extra:?}");
        }
    }

    proptest! {
        #[test]
        fn extra_json_as_a_map_prints_it(
            extra in prop::collection::vec(("[a-c序号备注 \"\\\\]{0,3}", any::<String>()), 1..6),
        ) {
            prop_assert_eq!(direct(&extra), with_map(&extra));
        }
    }
}
