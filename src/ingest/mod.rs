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

pub mod cell;
pub mod columns;
pub mod fields;
pub mod limits;
pub mod manifest;
pub mod profile;
pub mod reasons;
pub mod rules;
pub mod schema;
pub mod source;

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

pub use limits::Limits;

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
}

/// What ingest produced, for the command line to summarise.
#[derive(Debug)]
pub struct IngestReport {
    pub manifest: Manifest,
    pub tables: BTreeMap<&'static str, DataFrame>,
    pub rejects: DataFrame,
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
        ]);
    }
    cols.push(oc("extra", ColType::Str));
    cols
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
    /// The columns of the header without a name.
    unnamed_cols: Vec<usize>,
    /// Delimited text: the number of fields its rows have (the header's, or one more when
    /// every line ends with a delimiter), when nearly every row has at most that many. A
    /// row with more, even if the extra field is empty, has a delimiter inside a value.
    row_width: Option<usize>,
    /// The state and closure method a case list's sheet name gives its cases (已结案件,
    /// 终本案件, 中止案件) when it has no status and no closure column.
    sheet_state: Option<(&'static str, Option<&'a str>)>,
    /// The state the sheet's name gives, whatever its columns: for a row whose status and
    /// closure cells are all blank (a 已结案件 sheet's row without its date and method).
    named_state: Option<&'static str>,
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

/// The party names of a cell's text, borrowed from the cell when they can be.
fn parties_of<'c>(text: Cow<'c, str>, spaces: Option<&fields::SpaceSplit>) -> Vec<Cow<'c, str>> {
    match text {
        Cow::Borrowed(t) => fields::split_parties_listed(t, spaces),
        Cow::Owned(t) => fields::split_parties_listed(&t, spaces)
            .into_iter()
            .map(|n| Cow::Owned(n.into_owned()))
            .collect(),
    }
}

/// The party names in a cell, borrowed from it when they can be, a name written twice kept
/// twice (positions matter: see [`fields::drop_repeated_parties`]); `None` when it names
/// nobody. Text is split before it is cleaned: cleaning makes a line break a space, and one
/// name per line is how clerks list several parties in one cell. `spaces`: when names
/// separated only by spaces are several names (parties.toml).
fn parties_in<'c>(
    cell: &'c Cell,
    spaces: Option<&fields::SpaceSplit>,
) -> Option<Vec<Cow<'c, str>>> {
    let names = match cell {
        // Escaped by a web system (A&amp;B公司): unescaped before the `;` can split it.
        Cell::Text(t) => match fields::html_unescaped(t) {
            Some(plain) => {
                fields::split_parties_listed(fields::strip_text_marks(plain.trim()), spaces)
                    .into_iter()
                    .map(|n| Cow::Owned(n.into_owned()))
                    .collect()
            }
            None => fields::split_parties_listed(fields::strip_text_marks(t.trim()), spaces),
        },
        other => parties_of(text_of(other)?, spaces),
    };
    (!names.is_empty()).then_some(names)
}

/// The identity numbers of a cell of them, one place per name: an empty place between two
/// separators or a placeholder (`3306…、、3306…`, `3306…、不详、3306…`, `、3306…`) is kept
/// empty, so that each later number stays beside its name; numbers separated by spaces
/// only are as many numbers. Lines are separators too, but a blank line is no place.
fn ids_in(cell: &Cell) -> Option<Vec<Cow<'_, str>>> {
    let Cell::Text(t) = cell else {
        return parties_in(cell, None);
    };
    let t = fields::strip_text_marks(t.trim());
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    for line in t.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        for piece in line.split(ID_SEPARATORS).map(str::trim) {
            if piece.contains(char::is_whitespace) && piece.split_whitespace().all(fields::id_like)
            {
                out.extend(piece.split_whitespace().map(Cow::Borrowed));
            } else if fields::is_placeholder(piece) {
                out.push(Cow::Borrowed(""));
            } else {
                out.push(Cow::Borrowed(piece));
            }
        }
    }
    while out.last().is_some_and(|s| s.is_empty()) {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

/// The 案号 of a row whose 案号 is written over several columns ([`CaseNoParts`]): the
/// parts' texts joined, a bare year (the first part) put in brackets and a bare number
/// (the last) given its 号. `None` when the sheet has no such columns, when the 案号
/// cell alone is one, or when no part is filled.
fn joined_case_number(plan: &SheetPlan, row: &Row) -> Option<String> {
    let parts = &plan.case_no_parts;
    let (&first, &last) = (parts.cols.first()?, parts.cols.last()?);
    let text = |c: usize| row.cells.get(c).and_then(text_of);
    // Beside a 案号 cell, only a 案号 cell that holds a part is continued: a blank one
    // does not borrow a case number from a column beside it.
    if !parts.always && text(first).is_none_or(|t| parse_case_number(&t).is_ok()) {
        return None;
    }
    let mut joined = String::new();
    for &c in &parts.cols {
        let Some(t) = text(c) else { continue };
        let bare = t.bytes().all(|b| b.is_ascii_digit());
        match (bare, c) {
            (true, c) if c == first => joined.push_str(&format!("（{t}）")),
            (true, c) if c == last => joined.push_str(&format!("{t}号")),
            _ => joined.push_str(&t),
        }
    }
    if joined.is_empty() || (!parts.always && parse_case_number(&joined).is_err()) {
        return None;
    }
    Some(joined)
}

/// The longest cell in which a case number followed by a note is looked for.
const NOTED_CASE_NUMBER_MAX_BYTES: usize = 300;

/// A case number from a cell's text: the whole text, or else the number before a note the
/// clerk wrote after it in the same cell (see [`case_number_before_note`]).
fn parse_case_number(raw: &str) -> std::result::Result<casenum::CaseNumber, casenum::Invalid> {
    casenum::parse(raw).or_else(|e| case_number_before_note(raw).ok_or(e))
}

/// The case number up to its 号 when a note follows it in the cell: `（2024）京0105执2号
/// （已结）`, `…执2号 恢复执行`, or the document after the number in a 执行依据 column
/// (`（2023）京0105民初5号民事判决书`). The cell's whole text stays in the raw column. `None`
/// when what follows is a second case number: one of two numbers is not guessed.
fn case_number_before_note(raw: &str) -> Option<casenum::CaseNumber> {
    // A number and its note fit in a few dozen characters; the search below parses again
    // after each 号, which a long cell of them would make quadratic.
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    let (at, c) = raw.char_indices().find(|(_, c)| matches!(c, '号' | '號'))?;
    let end = at + c.len_utf8();
    let rest = raw[end..].trim_matches(|c: char| c.is_whitespace() || "、，,;；/".contains(c));
    if rest.is_empty()
        || casenum::parse(rest).is_ok()
        || case_number_before_note(rest).is_some()
        || abbreviated_numbers(rest)
    {
        return None;
    }
    casenum::parse(&raw[..end]).ok()
}

/// The case numbers of a cell that lists several (`（2023）浙0603执1号、（2023）浙0603执2号`:
/// cases joined for handling, 并案, written in the first one's row): the first, which the
/// row is taken for, and the others' canonical numbers. `None` unless every part of the
/// cell, split at 、，,;； / and spaces or line breaks, is a case number. The first is the
/// row's key rather than none at all: the row's dates, parties and amounts are the case it
/// was entered for, listed first, and a row without a key could only be matched by its
/// other fields.
fn several_case_numbers(raw: &str) -> Option<(casenum::CaseNumber, Vec<String>)> {
    // A clerk joins two or three; a long cell of them is no row of one case.
    const MAX_NUMBERS: usize = 10;
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    let split = |spaces: bool| {
        raw.split(move |c: char| {
            matches!(c, '\n' | '\r') || (spaces && c.is_whitespace()) || "、，,;；/／".contains(c)
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
    };
    // A space inside one number (（2023）浙0603执 5号) is no separator unless nothing else is.
    let spaces = split(false).nth(1).is_none();
    let mut parts = split(spaces);
    let first_raw = parts.next()?;
    let first = casenum::parse(first_raw).ok()?;
    let others: Vec<String> = parts
        .map(|p| {
            casenum::parse(p)
                .ok()
                .or_else(|| casenum::parse(&with_prefix_of(first_raw, p)?).ok())
                .map(|c| c.case_no())
        })
        .collect::<Option<_>>()?;
    (!others.is_empty() && others.len() < MAX_NUMBERS).then_some((first, others))
}

/// What stands between the first and the last of a range of case numbers (`执13号至15号`,
/// `执30-32号`).
const RANGE_MARKS: [char; 8] = ['至', '到', '-', '—', '－', '～', '~', '〜'];

/// A 案号 cell naming a range or a series of cases (`…执13号至15号`, `…执20—22号`,
/// `…执80号至（2023）浙0603执82号`, `…执90号系列案`): the first case, and the last one's
/// sequence number when the cell gives it (not for a 系列案). The last must be of the same
/// year, court and type, and after the first.
fn case_range(raw: &str) -> Option<(casenum::CaseNumber, Option<u32>)> {
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    if let Some(at) = raw.find("系列") {
        let first = casenum::parse(raw[..at].trim_end().trim_end_matches('等').trim_end()).ok()?;
        return Some((first, None));
    }
    // After the year's bracket: a range mark inside it would be no range of cases.
    let year_end = raw.find(['）', ')', '〕', ']'])?;
    let (at, mark) = raw[year_end..]
        .char_indices()
        .find(|(_, c)| RANGE_MARKS.contains(c))?;
    let at = year_end + at;
    let left = raw[..at].trim_end();
    let right = raw[at + mark.len_utf8()..].trim();
    let first = if left.ends_with(['号', '號']) {
        casenum::parse(left)
    } else {
        casenum::parse(&format!("{left}号"))
    }
    .ok()?;
    let last = match casenum::parse(right) {
        Ok(c) => (c.year == first.year
            && c.court_code == first.court_code
            && c.type_code == first.type_code)
            .then_some(c.seq)?,
        Err(_) => {
            let digits = right
                .trim_start_matches('第')
                .trim_end_matches(['号', '號'])
                .trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
    };
    // A clerk's range is a handful of cases; a "range" of thousands is something else.
    (last > first.seq && last - first.seq < 1000).then_some((first, Some(last)))
}

/// Why a row of delimited text (CSV, TSV) has its values shifted, if it has: a delimiter
/// inside an unquoted value (`1,234.50`, `张三,李四`) pushed every later value into the
/// wrong column, so the row's fields cannot be trusted. Seen as a filled field past the
/// header's last column; or, when the header ends with a column without a name (a
/// delimiter at the end of the header line, or of every line), as an amount split at its
/// thousands separator (`1` then `234.50`) in a row with a field more than its columns.
fn shifted_row(plan: &SheetPlan, row: &Row) -> Option<String> {
    if !plan.delimited {
        return None;
    }
    let width = plan.headers.len();
    if row.cells.iter().skip(width).any(|c| !c.is_empty()) {
        let filled = row
            .cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        return Some(format!(
            "{filled} fields where the header has {width} columns: a delimiter inside an \
             unquoted value (such as 1,234.50) has shifted the values after it; quote that \
             value in the file, or re-export it"
        ));
    }
    if plan.row_width.is_some_and(|w| row.cells.len() > w) {
        return Some(format!(
            "{} fields where the file's rows have {}: a delimiter inside an unquoted value \
             (such as 1,234.50 or 张三,李四) has shifted the values after it; quote that value \
             in the file, or re-export it",
            row.cells.len(),
            plan.row_width.unwrap_or(width)
        ));
    }
    let field_more = row.cells.len() > width
        || plan
            .unnamed_cols
            .iter()
            .any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()));
    if !field_more {
        return None;
    }
    let split_at = (0..row.cells.len().saturating_sub(1)).find(|&c| {
        plan.mapping
            .get(c)
            .copied()
            .flatten()
            .is_some_and(|f| f.ty == FieldType::Amount)
            && thousands_split(&row.cells[c], &row.cells[c + 1])
    })?;
    Some(format!(
        "the amount under {} is split at its thousands separator ({},{}): written without \
         quotes, it has shifted the values after it; quote that value in the file, or \
         re-export it",
        plan.column_name(split_at),
        row.cells[split_at].display().trim(),
        row.cells[split_at + 1].display().trim()
    ))
}

/// The width of a delimited file's rows below its header: the header's, or the most
/// common width when that is more (a delimiter at the end of every data line); `None` when
/// more than a third of the rows are wider still (a file whose lines end irregularly: then
/// only a filled field past the header is a sign of a shifted row).
fn usual_row_width(batch: &Batch, start: usize, header_width: usize) -> Option<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for i in start..batch.len() {
        *counts.entry(batch.width(i)).or_default() += 1;
    }
    let rows: usize = counts.values().sum();
    let usual = counts
        .iter()
        .max_by_key(|&(w, n)| (*n, std::cmp::Reverse(*w)))
        .map_or(header_width, |(&w, _)| w)
        .max(header_width);
    let wider: usize = counts.range(usual + 1..).map(|(_, n)| n).sum();
    (wider * 3 <= rows).then_some(usual)
}

/// Whether two fields are one amount cut at its thousands separator: 1 to 3 digits, then
/// 3 digits (and maybe decimals).
fn thousands_split(a: &Cell, b: &Cell) -> bool {
    let (Cell::Text(a), Cell::Text(b)) = (a, b) else {
        return false;
    };
    let a = a.trim().trim_start_matches(['¥', '￥']);
    let b = b.trim();
    let (whole, decimals) = b.split_once('.').unwrap_or((b, ""));
    (1..=3).contains(&a.len())
        && a.bytes().all(|x| x.is_ascii_digit())
        && whole.len() == 3
        && whole.bytes().all(|x| x.is_ascii_digit())
        && decimals.bytes().all(|x| x.is_ascii_digit())
}

/// The number of parties a party cell says it lists (`张三、李四等35人`: 35).
fn counted_parties(text: &str) -> Option<usize> {
    // Cheap test first: almost every cell ends with a name.
    if !text.trim_end().ends_with(['人', '户', '名']) {
        return None;
    }
    let (_, after) = text.rsplit_once('等')?;
    let digits = after.trim().strip_suffix(['人', '户', '名'])?.trim();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The reason for a cell that counts more parties than it names (张三、李四等35人).
fn uncounted_parties(counted: usize, named: usize) -> String {
    format!(
        "the cell counts {counted} parties and names {named}: the others are not named, so \
         they are not read"
    )
}

/// The number of cases a 案号 cell says it stands for (`…执1号等3案`, `…等3件`).
fn joined_count(raw: &str) -> Option<usize> {
    // Cheap test first: almost every 案号 ends with 号.
    if !raw.trim_end().ends_with(['案', '件', ')', '）']) {
        return None;
    }
    let (_, after) = raw.rsplit_once('等')?;
    let digits = after.trim_end_matches(['案', '件', ')', '）']).trim();
    (after.trim_end().ends_with(['案', '件', ')', '）'])
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit()))
    .then(|| digits.parse().ok())
    .flatten()
}

/// Whether text after a case number is more numbers written short (`62号`, `62、63号`,
/// `第62号`): the sequence numbers of cases of the same year, court and type.
fn abbreviated_numbers(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '第')
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "第号號、，,;；/".contains(c))
}

/// A case number written short after a whole one (`（2020）浙0603执61号、62号`): the
/// whole one's text up to its sequence number, then the short one's. `None` when the short
/// one is not digits (and 第, 号).
fn with_prefix_of(whole: &str, short: &str) -> Option<String> {
    let digits = short
        .trim_start_matches('第')
        .trim_end_matches(['号', '號']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let body = whole.trim_end().trim_end_matches(['号', '號']);
    let start = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (start < body.len()).then(|| format!("{}{digits}号", &body[..start]))
}

/// A status cell in two parts (`已结-执行完毕`, `已结（终本）`, `未结（中止）`, `结案：不予执行`):
/// the words before the first separator or bracket, and the words after it.
fn status_parts(raw: &str) -> Option<(&str, &str)> {
    // A space too (已结 终本), but only inside the cell.
    const CUTS: [char; 13] = [
        '-', '—', '－', ':', '：', '(', '（', '/', ',', '，', '；', ' ', '\u{3000}',
    ];
    let raw = raw.trim();
    let cut = raw.find(CUTS)?;
    let tail = raw[cut..].trim_start_matches(|c: char| CUTS.contains(&c) || c.is_whitespace());
    // The bracket the cut opened is closed at the end (已结（终本）); a bracket of the
    // tail's own stays closed (已结-终本（未撤销）).
    let tail = if tail.contains(['(', '（']) {
        tail
    } else {
        tail.trim_end_matches([')', '）'])
    };
    Some((raw[..cut].trim(), tail.trim()))
}

/// What a 案件状态 cell says: the state, and the closure method it names. A closure method
/// or a suspension written as the status (终本, 不予执行, 销案, 中止执行) is closed by that
/// method, or suspended; a closed status with its method (`已结-执行完毕`, `已结（终本）`)
/// gives both; a pending one with a suspension (`未结（中止）`) is suspended. The state is
/// `None` for a recovery state (部分执行到位): derived from the closure columns, as for an
/// empty cell. `None` for an unknown wording.
fn read_status<'m>(rules: &'m Rules, raw: &str) -> Option<(Option<&'static str>, Option<&'m str>)> {
    let method_of = |text: &str| match rules.closure(text) {
        Some(ClosureValue::Method(m)) => Some(m.as_str()),
        _ => None,
    };
    // 已结（终本，未归档）, 执行完毕未归档: whether the file is archived says nothing of how
    // the case closed; read without it (a status of its own, 结案未归档, reads the same).
    // Cheap test first (a char is found by memchr; a string needs a searcher built).
    if raw.contains('档') && raw.contains("归档") {
        let cleaned = raw
            .replace("未归档", "")
            .replace("已归档", "")
            .replace(['，', ','], "，")
            .replace("，）", "）")
            .replace("，)", ")")
            .replace("（）", "")
            .replace("()", "");
        let cleaned = cleaned.trim().trim_end_matches(['，', '-', '—', '：', ':']);
        if !cleaned.is_empty() && cleaned != raw {
            if let Some(read) = read_status(rules, cleaned) {
                return Some(read);
            }
        }
    }
    let parts = status_parts(raw);
    // A second part that reverses the first (中止（已恢复）, 终本（已恢复）, 终本（已撤销）), or
    // words after a bracket that do (已结（终本）已恢复): a case resumed is pending again;
    // any other reversal leaves the state unknown.
    let after_bracket = std::iter::once_with(|| {
        let raw = raw.trim_end();
        raw.rfind(['）', ')'])
            .map(|at| raw[at..].trim_start_matches(['）', ')']).trim())
            .filter(|after| !after.is_empty())
    })
    .flatten();
    if let Some(tail) = parts
        .map(|(_, tail)| tail)
        .into_iter()
        .chain(after_bracket)
        .find(|tail| rules.reverses(tail))
    {
        return tail.contains("恢复").then_some((Some("pending"), None));
    }
    let after = |state: &str| {
        parts
            .filter(|(head, _)| rules.status(head) == Some(state))
            .map(|(_, tail)| tail)
    };
    let closed_with = || after("closed").and_then(method_of);
    // 未结-中止, 已结案，执行完毕: the state the first part names.
    let state = rules
        .status(raw)
        .or_else(|| parts.and_then(|(head, _)| rules.status(head)));
    match state {
        Some("pending") => {
            let noted =
                after("pending").and_then(|tail| match (rules.status(tail), rules.closure(tail)) {
                    (Some(s @ ("suspended" | "deferred")), _) => Some(s),
                    (_, Some(ClosureValue::NotClosure(s))) => Some(*s),
                    _ => None,
                });
            Some((Some(noted.unwrap_or("pending")), None))
        }
        Some("closed") => match parts.and_then(|(_, tail)| rules.status(tail)) {
            // 已结（报结中）: the closure awaits approval; the case is still open.
            Some("pending") => Some((Some("pending"), None)),
            // 已结（中止）: closed and suspended at once cannot both be right.
            Some("suspended" | "deferred") => None,
            _ => Some((Some("closed"), method_of(raw).or_else(closed_with))),
        },
        Some(state) => Some((Some(state), None)),
        None => match (closed_with(), rules.closure(raw)) {
            (Some(m), _) => Some((Some("closed"), Some(m))),
            (None, Some(ClosureValue::Method(m))) => Some((Some("closed"), Some(m.as_str()))),
            (None, Some(ClosureValue::NotClosure(state))) => Some((Some(*state), None)),
            (None, None) if rules.is_recovery_state(raw) => Some((None, None)),
            (None, None) => None,
        },
    }
}

/// The state and the closure method a sheet's name gives its cases (已结案件: closed;
/// 终本案件: closed by 终本; 中止案件: suspended; 未结案件: pending), if it names one.
fn state_of_sheet<'r>(rules: &'r Rules, name: &str) -> Option<(&'static str, Option<&'r str>)> {
    // The period a workbook of a sheet per year or month writes before or after the state
    // (2023年已结案件, 2023年度终本案件, 已结案件（1-6月）).
    let period = |c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "年度月至-~—_.、()（）[]【】".contains(c)
    };
    let mut name = name.trim_matches(period);
    // And the words for a list around it (已结案件明细, 结案清单, 终本库, 本年结案,
    // 上半年已结案件): the state is what is left.
    const LIST_WORDS: [&str; 11] = [
        "明细",
        "清单",
        "一览表",
        "汇总表",
        "台账",
        "列表",
        "数据",
        "情况",
        "库",
        "表",
        "统计",
    ];
    const PERIOD_WORDS: [&str; 9] = [
        "本年度",
        "本年",
        "上半年",
        "下半年",
        "本月",
        "全年",
        "今年",
        "当年",
        "本季度",
    ];
    loop {
        let before = name.len();
        for w in LIST_WORDS {
            name = name.strip_suffix(w).unwrap_or(name).trim_matches(period);
        }
        for w in PERIOD_WORDS {
            name = name.strip_prefix(w).unwrap_or(name).trim_matches(period);
        }
        if name.len() == before {
            break;
        }
    }
    let (state, method) = read_status(rules, name)?;
    Some((state?, method))
}

/// A `Value` for text that lives as long as the program (status names, kinds …).
fn static_str(s: &'static str) -> Value<'static> {
    Value::Str(Cow::Borrowed(s))
}

/// A buffer of values emptied and handed back for values of another lifetime (its room is
/// kept).
fn recycle<'b>(mut values: Vec<Value<'_>>) -> Vec<Value<'b>> {
    values.clear();
    values.into_iter().map(|_| Value::Null).collect()
}

/// Parses one data row into the table's output values, written into `values` (cleared
/// first: a buffer reused from row to row).
/// `more`: the names of party rows below this one that belong to its case (see
/// [`party_row`]), by column, added to that column's parties.
fn parse_row<'r>(
    plan: &'r SheetPlan,
    row: &'r Row,
    values: &mut Vec<Value<'r>>,
    more: &[PartyRow],
) -> ParsedRow {
    let table = plan.table;
    let mut rejects = Vec::new();
    let mut read_as_empty = Vec::new();
    values.clear();
    // In delimited text, a filled field past the header's last column means a delimiter
    // inside an unquoted value (`1,234.50`, `张三,李四`) pushed every later value into the
    // wrong column: the row's fields cannot be trusted, so it is rejected whole with its
    // values (blanks kept, so the positions show) rather than read shifted.
    if let Some(reason) = shifted_row(plan, row) {
        let shown: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
        return ParsedRow {
            rejects: vec![row_reject(plan, row, shown, reason)],
            whole_row_rejected: true,
            unnamed: Vec::new(),
            read_as_empty,
        };
    }
    // source_file and source_sheet are the same for the whole sheet: filled once at its end.
    values.push(Value::Null);
    values.push(Value::Null);
    values.push(Value::I64(row.line as i64));

    static EMPTY: Cell = Cell::Empty;
    let cell_at = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).unwrap_or(&EMPTY);
    let mut any_value = false;
    // The row has a case number (or its table has no case-number field).
    let mut case_no_ok = true;
    let mut respondents_kind = Value::Null;
    let mut party_notes: Vec<Cow<'r, str>> = Vec::new();
    let note_words = fields::NoteWords {
        representatives: &plan.representative_markers,
        notes: &plan.name_note_markers,
        details: &plan.person_detail_markers,
        endings: &plan.name_note_endings,
        ending_lasts: &plan.ending_lasts,
        government: &plan.government_markers,
        company: &plan.company_markers,
    };
    // Each party column's column and place in `values` (see [`party_slot`]).
    let mut party_at: [Option<(Option<usize>, usize)>; 4] = [None; 4];
    let mut non_litigation_hint = false;
    // For a status derived from the closure columns when the export has no status.
    let mut status_idx = None;
    let mut closed_on_set = false;
    // A closing word written where the 结案日期 goes (已结, 终本): closed, with no date.
    let mut closed_by_word = false;
    // Where the 结案日期 and the 恢复执行日期 are among the values.
    let mut closed_on_idx = None;
    let mut resumed_on_idx = None;
    let mut suspended_on_idx = None;
    let mut closure_state: Option<&'static str> = None;
    // Where the closure method's values are, and a method the status cell names (终本,
    // 不予执行 in a 案件状态 column: some systems and ledgers have no 结案方式 column).
    let mut closure_idx = None;
    let mut method_in_status: Option<(&str, Cow<'r, str>)> = None;
    // Extension periods written with a unit that belongs to the other column.
    let (mut moved_days, mut moved_months, mut months_idx) = (None, None, None);
    let mut days_idx = None;
    // Whether a cell of an extension's length was filled (read or not).
    let mut length_written = false;
    // An extension its 审批结果 refuses (不同意).
    let mut refused: Option<String> = None;
    // The names of a 当事人 cell by role (applicants, respondents), for the role whose own
    // column is missing or empty.
    let mut by_role: [Vec<String>; 2] = Default::default();
    // The department an officer's cell names after the name (王五（执行一庭）), for an empty
    // team cell.
    let mut officer_team: Option<String> = None;

    // Later columns of a field whose values were read (not kept in `extra`).
    let mut used: Vec<usize> = Vec::new();
    for (fi, f) in table.fields().iter().enumerate() {
        let mut col = plan.field_cols[fi];
        let mut cell = cell_at(col);
        if cell.is_empty() && f.ty != FieldType::Parties {
            if let Some(&c) = plan.also_cols[fi]
                .iter()
                .find(|&&c| !cell_at(Some(c)).is_empty())
            {
                (col, cell) = (Some(c), cell_at(Some(c)));
                used.push(c);
            }
        }
        if !cell.is_empty() {
            any_value = true;
        }
        // Said once here, for every field type (a text field would otherwise read such a
        // cell as empty without a word): bytes the encoding cannot decode, and Excel
        // error values or formulas saved without their result.
        let unreadable = match cell {
            Cell::Undecodable(bytes) => Some(format!(
                "undecodable bytes ({} bytes) in the file's encoding",
                bytes.len()
            )),
            Cell::Error(e) => Some(format!("{}: {e}", fields::error_kind(e))),
            _ => None,
        };
        if let Some(reason) = unreadable {
            rejects.push(reject(plan, row.line, f.name, col, cell.display(), reason));
        }
        match f.ty {
            FieldType::CaseNo => {
                // The raw text exactly as the export has it (trimmed): the parser does
                // every normalisation itself, and a reviewer must see what was written.
                let joined = joined_case_number(plan, row);
                let raw: Option<Cow<'r, str>> = match joined {
                    Some(j) => Some(Cow::Owned(j)),
                    None => text_of(cell).map(|_| match cell {
                        Cell::Text(t) => Cow::Borrowed(fields::strip_text_marks(t.trim()).trim()),
                        other => Cow::Owned(other.display().trim().to_string()),
                    }),
                };
                let mut parsed = raw.as_deref().map(parse_case_number);
                // Cases named in the cell but not read as cases of their own: said in the
                // rejects, the raw cell beside the reason.
                let not_read = |r: &str, reason: String| {
                    reject(plan, row.line, f.name, col, r.to_string(), reason)
                };
                if let (Some(Err(_)), Some(r)) = (&parsed, raw.as_deref()) {
                    if let Some((first, others)) = several_case_numbers(r) {
                        rejects.push(not_read(
                            r,
                            format!(
                                "{} 案号 in one cell (并案?): the row is read as {}; {} is not \
                                 a case of its own here (give it a row of its own if it is one)",
                                others.len() + 1,
                                first.case_no(),
                                others.join("、")
                            ),
                        ));
                        parsed = Some(Ok(first));
                    }
                }
                // …执13号至15号, …执90号系列案: a range or a series in one cell. Cheap test
                // first: a range has a second 号 or fails to parse, a series says so.
                if let Some(r) = raw.as_deref().filter(|r| {
                    matches!(parsed, Some(Err(_)))
                        || (!r.ends_with('号') && r.contains("系列"))
                        || r.find('号').is_some_and(|i| {
                            r[i + '号'.len_utf8()..].contains('号') && r.contains(RANGE_MARKS)
                        })
                }) {
                    if let Some((first, last)) = case_range(r) {
                        let what = match last {
                            Some(last) => format!(
                                "{} cases in one cell (…{}号 to …{last}号)",
                                last - first.seq + 1,
                                first.seq
                            ),
                            None => "a series of cases in one cell (系列案)".to_string(),
                        };
                        rejects.push(not_read(
                            r,
                            format!(
                                "{what}: the row is read as {}; the others are not cases here \
                                 (give each a row of its own)",
                                first.case_no()
                            ),
                        ));
                        parsed = Some(Ok(first));
                    }
                }
                // …执1号等3案: cases joined under the first, the others not named.
                if let (Some(Ok(c)), Some(r)) = (&parsed, raw.as_deref()) {
                    if let Some(n) = joined_count(r).filter(|&n| n > 1) {
                        rejects.push(not_read(
                            r,
                            format!(
                                "{n} cases in one row (等{n}案): the row is read as {}; the \
                                 others are not named, so they are not cases here",
                                c.case_no()
                            ),
                        ));
                    }
                }
                match parsed {
                    Some(Ok(c)) => {
                        let (case_no, case_key) = (c.case_no(), c.case_key());
                        let casenum::CaseNumber {
                            year,
                            court_code,
                            special_code,
                            type_code,
                            seq,
                            doc_suffix,
                            style,
                            case_kind,
                            ..
                        } = c;
                        values.extend([
                            Value::Str(raw.unwrap_or_default()),
                            Value::Str(case_no.into()),
                            Value::Str(case_key.into()),
                            Value::Bool(true),
                            Value::I32(year as i32),
                            Value::Str(court_code.into()),
                            special_code.map_or(Value::Null, |s| Value::Str(s.to_string().into())),
                            Value::Str(type_code.into()),
                            Value::I64(seq as i64),
                            doc_suffix.map_or(Value::Null, |s| Value::Str(s.into())),
                            static_str(style.as_str()),
                            static_str(case_kind.as_str()),
                        ]);
                    }
                    other => {
                        case_no_ok = false;
                        let reason = match (other, cell) {
                            (Some(Err(e)), _) => format!("invalid 案号: {e}"),
                            _ => "missing 案号".to_string(),
                        };
                        if !matches!(cell, Cell::Undecodable(_) | Cell::Error(_)) {
                            let shown = match (&raw, plan.case_no_parts.always) {
                                (Some(r), true) => r.to_string(),
                                _ => cell.display(),
                            };
                            rejects.push(reject(plan, row.line, f.name, col, shown, reason));
                        }
                        values.push(raw.map_or(Value::Null, Value::Str));
                        values.extend([
                            Value::Null,
                            Value::Null,
                            Value::Bool(false),
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                        ]);
                    }
                }
            }
            FieldType::CaseRef => {
                let raw = text_of(cell);
                let parsed = raw.as_deref().map(parse_case_number);
                // Two cases in one cell of a side table (a petition about both), looked for
                // only when the cell is no one case number.
                let several = match (&parsed, raw.as_deref()) {
                    (Some(Err(_)), Some(r)) => several_case_numbers(r).map(|s| (r, s)),
                    _ => None,
                };
                match (parsed, several) {
                    (Some(Ok(c)), _) => {
                        // A basis decided in a 行审 case (非诉行政执行审查: the court's review
                        // of an administrative decision) makes the case a non-litigation one,
                        // with its own three-month period.
                        non_litigation_hint |=
                            f.name == "basis_no" && c.type_code.starts_with("行审");
                        values.push(Value::Str(c.case_no().into()));
                        values.push(Value::Str(c.case_key().into()));
                    }
                    // The row joins the first; the others are named in the rejects.
                    (_, Some((r, (first, others)))) => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            r.to_string(),
                            format!(
                                "{} 案号 in one cell: the row is joined to {}; {} is not (give \
                                 it a row of its own)",
                                others.len() + 1,
                                first.case_no(),
                                others.join("、")
                            ),
                        ));
                        values.push(Value::Str(first.case_no().into()));
                        values.push(Value::Str(first.case_key().into()));
                    }
                    _ => {
                        if f.required
                            && raw.is_none()
                            && !matches!(cell, Cell::Undecodable(_) | Cell::Error(_))
                        {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                cell.display(),
                                format!("missing {}", f.label_zh),
                            ));
                        }
                        values.push(raw.map_or(Value::Null, Value::Str));
                        values.push(Value::Null);
                    }
                }
            }
            FieldType::Date => {
                // 已结, 终本 or 2023-10-01 终本 in the 结案日期 column: a clerk's note of the
                // closure where its date goes. The case is closed (by that method); the date
                // before the word, if any, is the 结案日期.
                let parsed = fields::parse_date(cell);
                let word = (f.name == "closed_on" && parsed.is_err())
                    .then(|| text_of(cell))
                    .flatten()
                    .and_then(|t| {
                        let (date, words) = match dated_words(&t) {
                            Some((d, w)) => (Some(d), w),
                            None => (None, t.trim()),
                        };
                        match read_status(plan.rules, words) {
                            Some((Some("closed"), method)) => Some((date, method, t.to_string())),
                            _ => None,
                        }
                    });
                if let Some((date, method, raw)) = word {
                    closed_by_word = true;
                    if let (Some(m), None) = (method, &method_in_status) {
                        method_in_status = Some((m, Cow::Owned(raw.clone())));
                    }
                    if date.is_none() {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            raw,
                            "a closing word where the 结案日期 goes: the case is counted closed, \
                             with no 结案日期 (so in no month's closures)"
                                .into(),
                        ));
                    }
                    closed_on_set |= date.is_some();
                    closed_on_idx = Some(values.len());
                    values.push(date.map_or(Value::Null, Value::Date));
                    continue;
                }
                // 1970-01-01 (00:00 or 08:00) is a plausible year but a system's empty
                // timestamp: no date, like 1900-01-01.
                let parsed = match parsed {
                    Ok(Some(d))
                        if d.year() == 1970
                            && d.ordinal() == 1
                            && fields::no_date_sentinel(cell).is_some() =>
                    {
                        Err(FieldError {
                            reason: String::new(),
                        })
                    }
                    p => p,
                };
                let v = parsed.or_else(|e| {
                    let Some(why) = read_as_no_date(plan, f, cell) else {
                        return Err(e);
                    };
                    if f.required {
                        // A case without its 立案日期 has no age and no deadline: a reject,
                        // said for what it is.
                        return Err(FieldError {
                            reason: format!("{why}: no {}", f.label_zh),
                        });
                    }
                    read_as_empty.push(format!("{}: {why}", f.name));
                    Ok(None)
                });
                // A year and month without the day (2025年3月): the month's last day, said
                // in the rejects (kept, not dropped: a case filed in March 2025 is overdue
                // by October whatever its day, and left undated it would count from the
                // end of its 案号's year).
                // Only a 立案日期: its month's last day is the cautious reading (a later
                // closing or suspension date would make a case close or stop later than it
                // did), so other dates without their day stay rejected.
                let month_end = (f.name == "filed_on")
                    .then(|| fields::month_end(cell))
                    .flatten();
                let v = v.or_else(|e| match month_end {
                    Some(end) => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "a year and month without the day: read as {end}, the month's \
                                 last day (the latest it can be); write the day for the exact date"
                            ),
                        ));
                        Ok(Some(end))
                    }
                    None => Err(e),
                });
                let v = field_value(plan, row, f, col, cell, v, &mut rejects, Value::Date);
                closed_on_set |= f.name == "closed_on" && v != Value::Null;
                match f.name {
                    "closed_on" => closed_on_idx = Some(values.len()),
                    "resumed_on" => resumed_on_idx = Some(values.len()),
                    "suspended_on" => suspended_on_idx = Some(values.len()),
                    _ => {}
                }
                values.push(v);
            }
            FieldType::Amount => {
                // An amount merged down over the rows of several cases (并案 sharing one
                // claim) is the first case's: filled into each, the sheet's total would
                // count it once per case.
                let merged = col.is_some_and(|c| c < 64 && row.filled >> c & 1 == 1);
                if merged && !cell.is_empty() {
                    rejects.push(reject(
                        plan,
                        row.line,
                        f.name,
                        col,
                        cell.display(),
                        "amount merged over the rows of several cases: counted once, in the \
                         first case's row"
                            .into(),
                    ));
                    values.push(Value::Null);
                } else {
                    let unit = col.map_or(AmountUnit::Yuan, |c| plan.units[c]);
                    let v = fields::parse_amount_fen(cell, unit);
                    values.push(field_value(
                        plan,
                        row,
                        f,
                        col,
                        cell,
                        v,
                        &mut rejects,
                        Value::I64,
                    ));
                }
            }
            FieldType::Count => {
                let v = fields::parse_count(cell);
                let v = field_value(plan, row, f, col, cell, v, &mut rejects, Value::I64);
                // A period written with its unit (`60天`, `3个月`) counts in that unit,
                // whichever column it stands in: 延长期限 holds months or days.
                let unit_field = match f.name {
                    "stated_extension_months" => "months",
                    "stated_extension_days" => "days",
                    other => other,
                };
                length_written |= matches!(f.name, "months" | "days") && !cell.is_empty();
                // The unit the header names (延长审限（月）, 延长天数), else, for the export's
                // 延长审限 or 延长期限 without one, months for a bare number up to 12 (as the
                // extensions register reads it; 3 days would be no extension anyone asks
                // for), days above.
                let header_unit = col
                    .and_then(|c| plan.headers.get(c))
                    .and_then(|h| count_header_unit(h));
                let bare_months = f.name == "stated_extension_days"
                    && header_unit.is_none()
                    && matches!(v, Value::I64(n) if (1..=MAX_EXTENSION_MONTHS).contains(&n));
                let unit = count_unit(cell)
                    .or(header_unit)
                    .or(bare_months.then_some("months"));
                match (unit, unit_field) {
                    (Some("days"), "months") => {
                        moved_days = Some(v);
                        values.push(Value::Null);
                    }
                    (Some("months"), "days") => {
                        moved_months = Some(v);
                        values.push(Value::Null);
                    }
                    (None | Some("months"), "months")
                        if count_unit(cell).is_none()
                            && matches!(v, Value::I64(n) if n > MAX_EXTENSION_MONTHS) =>
                    {
                        // 延长期限 90: days meant, or a typo; read as months it would put
                        // the due date years away and the case out of the backlog.
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "an extension of more than {MAX_EXTENSION_MONTHS} months in one \
                                 approval is not plausible; if days are meant, write the unit \
                                 (90天)"
                            ),
                        ));
                        months_idx = Some(values.len());
                        values.push(Value::Null);
                    }
                    (_, "months") => {
                        months_idx = Some(values.len());
                        values.push(v);
                    }
                    (_, "days") => {
                        days_idx = Some(values.len());
                        if let (Value::Null, Some(d)) = (&v, moved_days.take()) {
                            values.push(d);
                        } else {
                            values.push(v);
                        }
                    }
                    _ => values.push(v),
                }
            }
            FieldType::Flag => {
                let mut v = fields::parse_flag(cell);
                // 低保户 in a 是否特困 column: the group, so a yes (not 非特困, 不困难).
                if v.is_err() && f.name == "hardship" {
                    if let Some(t) =
                        text_of(cell).filter(|t| !t.contains(['不', '非', '否', '无', '未']))
                    {
                        if plan
                            .rules
                            .hardship_groups
                            .iter()
                            .any(|g| t.contains(g.as_str()))
                        {
                            v = Ok(Some(true));
                        }
                    }
                }
                // 暂无 is a placeholder elsewhere but an answer here (none for now).
                if !matches!(v, Ok(Some(_))) && f.name == "has_assets" {
                    let said = match cell {
                        Cell::Text(t) => assets_answer(&fields::clean(t)),
                        _ => None,
                    };
                    if let Some(answer) = said {
                        v = Ok(Some(answer));
                    }
                }
                values.push(field_value(
                    plan,
                    row,
                    f,
                    col,
                    cell,
                    v,
                    &mut rejects,
                    Value::Bool,
                ));
            }
            FieldType::Text => {
                let mut t = text_of(cell);
                if f.name == "decision" {
                    refused = t
                        .as_deref()
                        .filter(|d| refuses(d, cell))
                        .map(str::to_string);
                }
                // 王五、: a separator left at the end is no second name.
                if let Some(trimmed) = t.as_deref().and_then(|s| {
                    let cut = s.trim_end_matches(['、', '，', ',', ';', '；', '/', '／']);
                    (cut.len() < s.len() && !cut.is_empty()).then(|| cut.to_string())
                }) {
                    t = Some(Cow::Owned(trimmed));
                }
                if f.name == "officer" {
                    // 原王五，现赵六 / 王五→赵六 (reassigned), 赵六（协办）、王五 (the cell says
                    // who is in charge): that officer, before the names are taken for a list.
                    if let Some(one) = t.as_deref().and_then(officer_in_charge) {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "several officers in one 承办人 cell: {one}, the one it says is in \
                                 charge (主办, or 现 after a reassignment), is read; the others \
                                 are not counted"
                            ),
                        ));
                        t = Some(Cow::Owned(one));
                    }
                    // 执行一庭 王五, 执行一庭王五: the team and the officer, before the two are
                    // taken for two names (or one). Cheap test first: a space, or more
                    // characters than a name has.
                    let side_by_side = t
                        .as_deref()
                        .filter(|t| t.contains(char::is_whitespace) || t.chars().count() > 4)
                        .and_then(|t| {
                            // 执行二组-王五, 执行一庭/王五: a dash or a slash between them
                            // as a space.
                            let spaced = t.trim().replace(['-', '－', '—', '·', '/', '／'], " ");
                            officer_and_team(&spaced, &plan.rules.department_endings)
                                .map(|(name, team)| (name.to_string(), team.to_string()))
                        });
                    if let Some((name, team)) = side_by_side {
                        officer_team = Some(team);
                        t = Some(Cow::Owned(name));
                    }
                }
                if f.name == "leader" {
                    // 执行局 刘某某, 刘某某（执行局）: the leader, whose department says nothing
                    // of the case's team.
                    if let Some(name) = t.as_deref().and_then(|t| {
                        let spaced = t.trim().replace(['-', '－', '—', '·', '/', '／'], " ");
                        officer_and_team(&spaced, &plan.rules.department_endings)
                            .map(|(name, _)| name.to_string())
                    }) {
                        t = Some(Cow::Owned(name));
                    }
                }
                if matches!(f.name, "officer" | "leader") {
                    if let Some(bare) = t.as_deref().and_then(|t| {
                        bare_officer(t, &plan.rules.officer_titles, &plan.rules.officer_notes)
                    }) {
                        t = Some(Cow::Owned(bare));
                    }
                    let several = t
                        .as_deref()
                        .and_then(several_people)
                        .map(|(first, others)| {
                            (first.to_string(), others.join("、"), others.len() + 1)
                        });
                    if let Some((first, others, n)) = several {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "{n} names in one {label} cell: {first}, the first (by custom \
                                 the one in charge, 主办), is read as the {label}; {others} \
                                 is not counted (give one name per cell if that is wrong)",
                                label = f.label_zh
                            ),
                        ));
                        t = Some(Cow::Owned(first));
                    } else if let Some(name) = t.as_deref().and_then(unspaced_person_name) {
                        t = Some(Cow::Owned(name));
                    }
                }
                match f.name {
                    "officer" => {
                        if let Some((name, team)) = t
                            .as_deref()
                            .and_then(|t| officer_and_team(t, &plan.rules.department_endings))
                        {
                            let name = name.to_string();
                            officer_team = Some(team.to_string());
                            t = Some(Cow::Owned(name));
                        } else if let Some(department) = t.as_deref().filter(|t| {
                            // Four characters or more (a name has two or three), ending as a
                            // department does: 执行一庭, 速执团队.
                            t.len() > 9 && unnumbered_heading(t, &plan.rules.department_endings)
                        }) {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                department.to_string(),
                                "a department in the 承办人 column, not an officer: read as the \
                                 team (部门) when the row names none"
                                    .into(),
                            ));
                            officer_team = Some(department.to_string());
                            t = None;
                        }
                    }
                    "team" if t.is_none() => t = officer_team.take().map(Cow::Owned),
                    "kind" if table == TableKind::Deductions => {
                        // A register of suspensions (案号 | 中止日期 | 恢复日期 | 中止原因):
                        // its headers say what each period is; the cell gives the reason.
                        if let Some(kind) = implied_deduction_kind(plan, col) {
                            t = match t {
                                Some(r) if r.contains(kind) => Some(r),
                                Some(r) => Some(Cow::Owned(format!("{kind}（{r}）"))),
                                None => Some(Cow::Borrowed(kind)),
                            };
                        }
                    }
                    _ => {}
                }
                if f.required
                    && t.is_none()
                    && !matches!(cell, Cell::Undecodable(_) | Cell::Error(_))
                {
                    rejects.push(reject(
                        plan,
                        row.line,
                        f.name,
                        col,
                        cell.display(),
                        format!("missing {}", f.label_zh),
                    ));
                }
                if f.name == "case_category" || f.name == "cause" {
                    non_litigation_hint |= t.as_deref().is_some_and(|s| s.contains("非诉"));
                }
                values.push(t.map_or(Value::Null, Value::Str));
            }
            FieldType::RoleParties => {
                let spaces = fields::SpaceSplit {
                    min_chars: plan.rules.space_separated_min_chars,
                    government: &plan.government_markers,
                    company: &plan.company_markers,
                    details: &plan.person_detail_markers,
                    surnames: &plan.rules.compound_surnames,
                };
                if let Some(text) = text_of(cell) {
                    match parties_by_role(&text, &plan.rules.role_labels, &spaces, None, false) {
                        Some(roles) => {
                            for (n, names) in roles.counted.iter().zip(&roles.sides) {
                                if let Some(n) = n {
                                    rejects.push(reject(
                                        plan,
                                        row.line,
                                        f.name,
                                        col,
                                        text.to_string(),
                                        uncounted_parties(*n, names.len()),
                                    ));
                                }
                            }
                            party_notes.extend(roles.others.into_iter().map(Cow::Owned));
                            by_role = roles.sides;
                        }
                        None => rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            text.into_owned(),
                            "当事人 without a role before the names (申请执行人：… 被执行人：…): \
                             whose side each is cannot be told, so none is read (the role \
                             labels are in pipelines/rules/parties.toml)"
                                .into(),
                        )),
                    }
                }
            }
            FieldType::Parties => {
                let spaces = fields::SpaceSplit {
                    min_chars: plan.rules.space_separated_min_chars,
                    government: &plan.government_markers,
                    company: &plan.company_markers,
                    details: &plan.person_detail_markers,
                    surnames: &plan.rules.compound_surnames,
                };
                // Names and numbers are paired up, merged and cleared of repeats below,
                // once both columns of the role are read.
                if let Some(slot) = party_slot(f.name) {
                    party_at[slot] = Some((col, values.len()));
                }
                let list = match cell {
                    // Excel keeps 15 significant digits of a number: an 18-digit 身份证号
                    // or 统一社会信用代码 typed as one has lost its last digits, and read
                    // as it stands it would be a wrong number paired with its party.
                    // The same number as a CSV saved from Excel writes it: 3.30621E+17.
                    Cell::Text(t) if is_id_field(f.name) && exponent_number(t) => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            "identity number in scientific notation (3.30621E+17): the file \
                             was saved from Excel with the column as numbers, and its digits \
                             are lost; enter the numbers again as text"
                                .into(),
                        ));
                        None
                    }
                    Cell::Number(x) if is_id_field(f.name) && x.abs() >= 1e15 => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            "identity number stored as a number: Excel keeps only 15 digits, \
                             so its last digits are lost; format the column as text (or type \
                             ' before the number) and enter it again"
                                .into(),
                        ));
                        None
                    }
                    _ if is_id_field(f.name) => ids_in(cell),
                    // 被执行人：李四 in the 被执行人 column, or both sides written into one
                    // side's column (申请执行人：张三；被执行人：李四): read by role, as a
                    // 当事人 cell; the other side's names serve that side if its column is
                    // empty (or still to come).
                    // 李四，第三人：王二: the names after another role's label are not this
                    // side's.
                    Cell::Text(t)
                        if matches!(f.name, "applicants" | "respondents")
                            && (starts_with_role_label(t, &plan.role_markers)
                                || (t.contains([':', '：']) && plan.role_markers.any_in(t))) =>
                    {
                        let (own, other, role) = if f.name == "applicants" {
                            (0, 1, Role::Applicant)
                        } else {
                            (1, 0, Role::Respondent)
                        };
                        let labelled_first = starts_with_role_label(t, &plan.role_markers);
                        match parties_by_role(
                            t,
                            &plan.rules.role_labels,
                            &spaces,
                            Some(role),
                            !labelled_first,
                        ) {
                            Some(mut roles) => {
                                if by_role[other].is_empty() {
                                    by_role[other] = std::mem::take(&mut roles.sides[other]);
                                }
                                party_notes.extend(roles.others.into_iter().map(Cow::Owned));
                                let mine = std::mem::take(&mut roles.sides[own]);
                                (!mine.is_empty())
                                    .then(|| mine.into_iter().map(Cow::Owned).collect())
                            }
                            None => parties_in(cell, Some(&spaces)),
                        }
                    }
                    _ => parties_in(cell, Some(&spaces)).or_else(|| {
                        let role = match f.name {
                            "applicants" => &mut by_role[0],
                            "respondents" => &mut by_role[1],
                            _ => return None,
                        };
                        let names = std::mem::take(role);
                        (!names.is_empty()).then(|| names.into_iter().map(Cow::Owned).collect())
                    }),
                };
                // 身份证号：3306…, a credit code in lower case, 3306 0219…: the number alone,
                // as it is written everywhere else, so that the same party matches.
                let list = match (list, is_id_field(f.name)) {
                    (Some(mut ids), true) => {
                        for id in &mut ids {
                            if let Some(clean) = fields::bare_id(id) {
                                *id = Cow::Owned(clean);
                            }
                        }
                        Some(ids)
                    }
                    (list, _) => list,
                };
                // 张三、李四等35人: the names listed are read; the others are not named, and
                // the rejects say how many.
                if let (Some(listed), Cell::Text(text)) = (&list, cell) {
                    if let Some(n) = counted_parties(text).filter(|&n| n > listed.len()) {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            text.clone(),
                            uncounted_parties(n, listed.len()),
                        ));
                    }
                    // 李明、王刚等: "and others", not counted. The names are read, and the
                    // last one as written goes to party_notes, so that the others are not
                    // forgotten (a reject for each was too many: 1 % of a court's rows).
                    let trimmed = text.trim_end();
                    if trimmed.ends_with('等') && !is_id_field(f.name) {
                        let last = trimmed
                            .rsplit(['、', '，', ',', ';', '；', '\n'])
                            .next()
                            .unwrap_or(trimmed)
                            .trim();
                        if listed.last().is_some_and(|n| n.as_ref() != last) {
                            party_notes.push(Cow::Borrowed(last));
                        }
                    }
                }
                values.push(list.map_or(Value::Null, Value::List));
            }
            FieldType::Closure => {
                closure_idx = Some(values.len());
                match text_of(cell) {
                    None => values.extend([Value::Null, Value::Null]),
                    Some(raw) => match plan.rules.closure(&raw).or_else(|| {
                        // 2023.10.1执行完毕: a date, then the method.
                        dated_words(&raw).and_then(|(_, words)| plan.rules.closure(words))
                    }) {
                        Some(ClosureValue::Method(m)) => {
                            closure_state = Some("closed");
                            // 终本（2023-10-01）, 2023.10.1执行完毕: the date is the 结案日期
                            // when that cell is empty.
                            if let (Some(i), Some((date, _))) = (closed_on_idx, dated_words(&raw)) {
                                if values[i] == Value::Null {
                                    values[i] = Value::Date(date);
                                    closed_on_set = true;
                                }
                            }
                            values.extend([Value::Str(Cow::Borrowed(m.as_str())), Value::Str(raw)])
                        }
                        Some(ClosureValue::NotClosure(st)) => {
                            closure_state = Some(st);
                            values.extend([Value::Null, Value::Str(raw)])
                        }
                        None if plan.rules.is_recovery_state(&raw) => {
                            values.extend([Value::Null, Value::Str(raw)])
                        }
                        None => {
                            let why = if plan.rules.noted_against(&raw) {
                                "结案方式 with a note that says it did not happen or was not \
                                 completed (执行和解（未履行）): no method is read; kept raw"
                            } else {
                                "unknown 结案方式 (add it to pipelines/rules/closure-methods.toml)"
                            };
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                raw.to_string(),
                                why.into(),
                            ));
                            values.extend([Value::Null, Value::Str(raw)]);
                        }
                    },
                }
            }
            FieldType::Status => {
                status_idx = Some(values.len());
                // 是否结案: 是 is closed, 否 pending.
                let answer = col
                    .filter(|&c| {
                        plan.headers[c].contains("是否") || plan.headers[c].contains("与否")
                    })
                    .and_then(|_| fields::parse_flag(cell).ok().flatten());
                match text_of(cell) {
                    None => values.extend([Value::Null, Value::Null]),
                    Some(raw) if answer.is_some() => {
                        let state = if answer == Some(true) {
                            "closed"
                        } else {
                            "pending"
                        };
                        values.extend([static_str(state), Value::Str(raw)])
                    }
                    Some(raw) => match read_status(plan.rules, &raw) {
                        Some((state, method)) => {
                            if let Some(m) = method {
                                method_in_status = Some((m, raw.clone()));
                            }
                            // No state (部分执行到位): derived from the closure columns below,
                            // as for an empty cell.
                            values.extend([state.map_or(Value::Null, static_str), Value::Str(raw)])
                        }
                        None => {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                raw.to_string(),
                                "unknown 案件状态 (add it to pipelines/rules/closure-methods.toml)"
                                    .into(),
                            ));
                            values.extend([Value::Null, Value::Str(raw)]);
                        }
                    },
                }
            }
        }
    }

    // Parties in more columns of the same field: appended, in column order.
    for (fi, f) in table.fields().iter().enumerate() {
        // (The cheap test first: this runs for every field of every row.)
        if plan.also_cols[fi].is_empty() {
            continue;
        }
        let Some(slot) = party_slot(f.name) else {
            continue;
        };
        let Some((_, at)) = party_at[slot] else {
            continue;
        };
        let spaces = fields::SpaceSplit {
            min_chars: plan.rules.space_separated_min_chars,
            government: &plan.government_markers,
            company: &plan.company_markers,
            details: &plan.person_detail_markers,
            surnames: &plan.rules.compound_surnames,
        };
        for &c in &plan.also_cols[fi] {
            let cell = cell_at(Some(c));
            // What the field's own column would reject (a number Excel rounded, bytes
            // not decoded) stays in `extra`.
            let rounded =
                matches!(cell, Cell::Text(t) if is_id_field(f.name) && exponent_number(t));
            if cell.is_empty() || rounded || matches!(cell, Cell::Number(_) | Cell::Undecodable(_))
            {
                continue;
            }
            if let Some(mut names) = parties_in(cell, Some(&spaces)) {
                used.push(c);
                any_value = true;
                match &mut values[at] {
                    Value::List(list) => {
                        // The same number in two columns of numbers (证件号码, 身份证号码) is
                        // one number.
                        if is_id_field(f.name) {
                            names.retain(|n| !list.iter().any(|l| l.eq_ignore_ascii_case(n)));
                        }
                        list.extend(names)
                    }
                    v => *v = Value::List(names),
                }
            }
        }
    }
    for (names_slot, ids_slot) in PARTY_ROLES {
        let (Some(names_at), ids_at) = (party_at[names_slot], party_at[ids_slot]) else {
            continue;
        };
        let mut unpaired = false;
        let list = party_role(
            values,
            names_at,
            ids_at,
            more,
            &note_words,
            &mut party_notes,
            &mut unpaired,
        );
        let named = list.map_or(0, |l| l.len());
        if names_slot == RESPONDENTS {
            respondents_kind = respondent_kind(list, plan);
        }
        let ids_field = if ids_slot == 2 {
            "applicant_ids"
        } else {
            "respondent_ids"
        };
        if let (true, Some((ids_col, i))) = (unpaired, ids_at) {
            if let Value::List(ids) = &values[i] {
                let filled: Vec<&str> = ids
                    .iter()
                    .map(|i| i.as_ref())
                    .filter(|i| !i.is_empty())
                    .collect();
                rejects.push(reject(
                    plan,
                    row.line,
                    ids_field,
                    ids_col,
                    filled.join("、"),
                    format!(
                        "{} identity numbers for {named} names, none saying whose it is: paired \
                         with the names in order, which may be wrong (write an empty place, \
                         3306…、、3306…, or the name before each number)",
                        filled.len()
                    ),
                ));
            }
        }
        // A 居民身份证号码 whose check digit does not match: a digit mistyped, so the same
        // person may carry two numbers; kept as written, and said.
        if let Some((ids_col, i)) = ids_at {
            if let Value::List(ids) = &values[i] {
                for id in ids.iter().filter(|id| fields::mistyped_resident_id(id)) {
                    rejects.push(reject(
                        plan,
                        row.line,
                        ids_field,
                        ids_col.or(names_at.0),
                        id.to_string(),
                        "居民身份证号码 that does not check (its 18th character or the birth \
                         date in it is wrong): a digit is mistyped; kept as written"
                            .into(),
                    ));
                }
            }
        }
    }
    // The method the status names, when the closure column is missing or empty; or the
    // one the sheet's name gives (终本案件), when the sheet has neither column.
    let method_in_status = method_in_status.or_else(|| {
        let (_, method) = plan.sheet_state?;
        Some((method?, Cow::Owned(plan.sheet?.trim().to_string())))
    });
    // A field's column, for the rejects that say the status and closure columns disagree.
    let column_of = |field: &str| plan.field_col(field);
    // 终本日期 filled, no method given: closed by 终本, the raw value the column's name.
    let method_in_status = method_in_status.or_else(|| {
        let col = plan.field_cols[plan
            .table
            .fields()
            .iter()
            .position(|f| f.name == "closed_on")?]?;
        (plan.closed_by_terminating && closed_on_set)
            .then(|| ("终本", Cow::Owned(plan.column_name(col).into_owned())))
    });
    if let (Some((method, raw)), Some(i)) = (method_in_status, closure_idx) {
        if values[i] == Value::Null && values[i + 1] == Value::Null {
            values[i] = Value::Str(Cow::Borrowed(method));
            values[i + 1] = Value::Str(raw);
        } else if let Value::Str(other) = &values[i] {
            // 案件状态 终本 beside 结案方式 执行完毕: one of them is wrong, and which one
            // moves the 实际执结率.
            if other != method && !raw.is_empty() && plan.sheet_state.is_none() {
                rejects.push(reject(
                    plan,
                    row.line,
                    "status",
                    column_of("status"),
                    raw.to_string(),
                    format!(
                        "案件状态 names the closure method {method}, but 结案方式 says \
                         {other}: the 结案方式 is taken"
                    ),
                ));
            }
        }
    }
    if let (Some(m), Some(i)) = (moved_months, months_idx) {
        if values[i] == Value::Null {
            values[i] = m;
        }
    }
    if table == TableKind::Extensions {
        let lengths = [months_idx, days_idx];
        if let Some(decision) = refused {
            // Not approved: no time is added to the deadline.
            for i in lengths.into_iter().flatten() {
                values[i] = Value::Null;
            }
            rejects.push(reject(
                plan,
                row.line,
                "decision",
                column_of("decision"),
                decision,
                "an extension its 审批结果 does not approve (refused, pending or withdrawn): not \
                 counted"
                    .into(),
            ));
        } else if !length_written {
            rejects.push(reject(
                plan,
                row.line,
                "months",
                column_of("months"),
                String::new(),
                "an extension without its length (延长月数 or 延长天数): not counted".into(),
            ));
        }
    }
    if table == TableKind::Cases {
        // A 中止日期 without its 恢复日期: a suspension still running, which a status that
        // says no more than 未结 (中止 cases are 未结 cases: many systems show only
        // 未结/已结) or no status at all does not contradict.
        let filled = |k: Option<usize>| k.is_some_and(|k| values[k] != Value::Null);
        let running_suspension = filled(suspended_on_idx) && !filled(resumed_on_idx);
        // No status column (or an empty cell): closed when a closure date or method is
        // there, suspended/deferred when the closure column says so, else pending.
        if let Some(i) = status_idx {
            let coarse = matches!(
                &values[i + 1],
                Value::Str(raw) if COARSE_OPEN.contains(&raw.trim())
            );
            if running_suspension && coarse && values[i] == static_str("pending") {
                values[i] = static_str("suspended");
            }
            if values[i] == Value::Null {
                let derived = closure_state
                    .or(closed_on_set.then_some("closed"))
                    .or(closed_by_word.then_some("closed"))
                    .or(plan.sheet_state.map(|(state, _)| state))
                    .or(plan.named_state)
                    .or(running_suspension.then_some("suspended"))
                    .unwrap_or("pending");
                values[i] = static_str(derived);
            } else if let (Value::Str(s), Some(st @ ("suspended" | "deferred"))) =
                (&values[i], closure_state)
            {
                // 未结 with 中止 in the 结案方式 column (where older systems put it): a
                // suspended case is a pending one, so the two agree, and 中止 says more.
                if s == "pending" {
                    values[i] = static_str(st);
                } else if s == "closed" {
                    // 已结 beside 中止 in 结案方式: a suspension is no closure, and the
                    // backlog counts suspended cases. Without a 结案日期 the case is taken as
                    // suspended; with one, classify goes by the date. Said either way.
                    let raw = match &values[i + 1] {
                        Value::Str(raw) => raw.to_string(),
                        _ => String::new(),
                    };
                    let then = if closed_on_set {
                        "kept as written; classify counts the case closed on its 结案日期"
                    } else {
                        values[i] = static_str(st);
                        "no 结案日期 is given, so the case is counted as the 结案方式 says"
                    };
                    rejects.push(reject(
                        plan,
                        row.line,
                        "status",
                        column_of("status"),
                        raw,
                        format!("案件状态 says the case is closed, but 结案方式 says it is {st}: {then}"),
                    ));
                }
            }
            // 未结 beside a 结案日期: classify goes by the date (closed on it), which the
            // statistician should know, since the export contradicts itself.
            let open_status = matches!(&values[i], Value::Str(s) if s != "closed");
            let raw_of = |k: usize| match &values[k] {
                Value::Str(raw) => Some(raw.to_string()),
                _ => None,
            };
            // (field, its raw value, why) of a status the closure columns contradict.
            // 恢复执行 beside a 结案日期 and a later 恢复执行日期: closed, then resumed; no
            // contradiction (classify counts the case open from that day).
            let date_at = |k: Option<usize>| match k.map(|k| &values[k]) {
                Some(Value::Date(d)) => Some(*d),
                _ => None,
            };
            let resumed_after = matches!(
                (date_at(closed_on_idx), date_at(resumed_on_idx)),
                (Some(c), Some(r)) if r > c
            );
            let contradiction = if open_status && closed_on_set && !resumed_after {
                match (raw_of(i + 1), closure_idx, closure_state) {
                    (Some(raw), _, _) => Some((
                        "status",
                        raw,
                        "案件状态 says the case is open, but a 结案日期 is given".to_string(),
                    )),
                    // 中止 in 结案方式 beside a 结案日期 (no status column): as contradictory
                    // as 中止 in 案件状态 beside one.
                    (None, Some(c), Some(st @ ("suspended" | "deferred"))) => {
                        raw_of(c + 1).map(|raw| {
                            let why =
                                format!("结案方式 says the case is {st}, but a 结案日期 is given");
                            ("closure_method", raw, why)
                        })
                    }
                    _ => None,
                }
                .map(|(field, raw, why)| {
                    (
                        field,
                        raw,
                        format!(
                            "{why}: kept as written; classify counts the case closed on that date"
                        ),
                    )
                })
            } else if open_status && closure_state == Some("closed") && !closed_on_set {
                // 在办 beside 结案方式 终本 and no date: a case resumed whose old method
                // was left in the column, or a closure not entered; the status is taken.
                raw_of(i + 1).map(|raw| {
                    let why =
                        "案件状态 says the case is open, but 结案方式 names a closure method \
                               and no 结案日期 is given: kept as written; classify counts the \
                               case open, as its status says";
                    ("status", raw, why.to_string())
                })
            } else {
                None
            };
            if let Some((field, raw, why)) = contradiction {
                rejects.push(reject(plan, row.line, field, column_of(field), raw, why));
            }
        }
        values.push(respondents_kind);
        values.push(if party_notes.is_empty() {
            Value::Null
        } else {
            Value::List(party_notes)
        });
        values.push(Value::Bool(non_litigation_hint));
        // exported_on: one date for the sheet, maybe from a footer below the data; filled
        // at the sheet's end.
        values.push(Value::Null);
    }

    // Unmapped columns: kept whole in `extra` (JSON, sorted keys) so nothing is lost.
    // A column whose header cell is blank is a column all the same (a delimiter at the end
    // of every line, a notes column nobody named): its values are kept under its position.
    let mut extra: Vec<(Cow<'r, str>, String)> = Vec::new();
    let mut unnamed = Vec::new();
    for (c, cell) in row.cells.iter().enumerate() {
        if plan.mapping.get(c).copied().flatten().is_some() || cell.is_empty() || used.contains(&c)
        {
            continue;
        }
        let header = plan.column_name(c);
        if plan.is_unnamed(c) {
            unnamed.push(c);
        }
        if let Cell::Undecodable(_) = cell {
            rejects.push(reject(
                plan,
                row.line,
                &format!("extra:{header}"),
                Some(c),
                cell.display(),
                "undecodable bytes in the file's encoding".into(),
            ));
        }
        any_value = true;
        extra.push((header, cell.display()));
    }
    values.push(if extra.is_empty() {
        Value::Null
    } else {
        Value::Str(extra_json(extra).into())
    });

    // A row is rejected whole only when no field of the table holds anything (a
    // placeholder such as "/" or "—" holds nothing: a template row ruled through is not a
    // case); whatever it did hold is in the reject record.
    let filled = |x: &Cell| match x {
        Cell::Text(_) => text_of(x).is_some(),
        other => !other.is_empty(),
    };
    let mapped_any = plan
        .mapping
        .iter()
        .enumerate()
        .any(|(c, m)| m.is_some() && row.cells.get(c).is_some_and(filled));
    // A row of one cell without a case number is a section heading (一、首执案件) or a
    // note a clerk typed into the list, not a case: written, it would be a case with
    // nothing but that text.
    let lone_cell =
        !case_no_ok && mapped_any && row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
    let whole_row_rejected = !mapped_any || lone_cell;
    if whole_row_rejected && any_value {
        // The row reject shows every value; "missing" field rejects would repeat it.
        rejects.clear();
        let shown: Vec<String> = row
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| c.display())
            .collect();
        // A name alone under a case is how a clerk lists a second party when the case's
        // cells are not merged (or were merged in a workbook saved as CSV).
        let lone_party = lone_cell
            && row.cells.iter().enumerate().any(|(c, cell)| {
                !cell.is_empty()
                    && plan
                        .mapping
                        .get(c)
                        .copied()
                        .flatten()
                        .is_some_and(|f| f.ty == FieldType::Parties)
                    && parties_in(cell, None)
                        .is_some_and(|names| names.iter().all(|n| looks_like_party(plan, n)))
            });
        let one_cell = row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
        let reason = if lone_party {
            "a party name alone, without a case number: not added to any case (if it is a \
             party of the case above, put it in that case's cell, or merge the case's cells \
             down over this row in the workbook)"
        } else if lone_cell || one_cell {
            "one cell and no case number: a section heading or a note, not a case"
        } else {
            "no field of the table is filled in this row"
        };
        rejects.push(row_reject(plan, row, shown, reason.into()));
    }
    if whole_row_rejected {
        read_as_empty.clear();
    }
    ParsedRow {
        rejects,
        whole_row_rejected,
        unnamed,
        read_as_empty,
    }
}

/// Statuses that say only that a case is not closed (未结): a suspended case is one too.
const COARSE_OPEN: [&str; 7] = [
    "未结",
    "未结案",
    "未执结",
    "未办结",
    "旧存",
    "新收",
    "未结案件",
];

/// The kind of deduction a register's headers name (中止日期, 中止原因, 暂缓开始日期): 中止 or
/// 暂缓, for a register whose kind cell gives only the reason, or that has none.
fn implied_deduction_kind(plan: &SheetPlan, kind_col: Option<usize>) -> Option<&'static str> {
    [kind_col, plan.field_col("start_on")]
        .into_iter()
        .flatten()
        .filter_map(|c| plan.headers.get(c))
        .find_map(|h| ["中止", "暂缓"].into_iter().find(|k| h.contains(k)))
}

/// Whether an extension's 审批结果 does not approve it: 否 in a yes/no column (是否批准), or
/// words of refusal (不同意, 不予批准, 驳回), of a decision still to come (审批中) or of a
/// request withdrawn (已撤回).
fn refuses(decision: &str, cell: &Cell) -> bool {
    // Refused, and also not (yet) approved: metrics.md adds approved extensions only, so
    // one pending (审批中, 待审批) or withdrawn (已撤回) adds nothing either.
    const REFUSALS: [&str; 21] = [
        "不同意",
        "不予",
        "不批准",
        "未批准",
        "驳回",
        "不准",
        "退回",
        "拒绝",
        "未通过",
        "审批中",
        "待审批",
        "待批",
        "报批中",
        "审核中",
        "待审核",
        "未审批",
        "未审核",
        "申请中",
        "撤回",
        "撤销",
        "作废",
    ];
    fields::parse_flag(cell) == Ok(Some(false)) || REFUSALS.iter().any(|w| decision.contains(w))
}

/// A date and words written together in one cell (`2023-10-01 终本`, `2023.10.1执行完毕`,
/// `终本（2023-10-01）`): the date and the words, when both are there.
fn dated_words(text: &str) -> Option<(NaiveDate, &str)> {
    let t = text.trim();
    // Cheap test first: a date has digits.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = |s: &str| {
        fields::parse_date(&Cell::Text(s.trim().to_string()))
            .ok()
            .flatten()
    };
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || "-./年月日 ".contains(c)))
        .map_or(t.len(), |(i, _)| i);
    if end > 0 && end < t.len() {
        if let Some(d) = date(&t[..end]) {
            return Some((d, t[end..].trim()));
        }
    }
    let rest = t.strip_suffix(['）', ')'])?;
    let open = rest.rfind(['（', '('])?;
    let words = rest[..open].trim();
    let d = date(&rest[open + rest[open..].chars().next()?.len_utf8()..])?;
    (!words.is_empty()).then_some((d, words))
}

/// Why a date cell that is no date is read as no date at all, if it is: a system's "no
/// date" ([`fields::no_date_sentinel`]: 1900-01-01, Excel's serial 0), or a 结案日期 cell
/// that says the case is not closed (未结, 在办, 中止: clerks write the status where the
/// date would go). Counted in the manifest (`read_as_empty`), not rejected: the row holds
/// no error, only no date, and a reject per open case would bury the real ones.
fn read_as_no_date(plan: &SheetPlan, f: &FieldSpec, cell: &Cell) -> Option<String> {
    if let Some(sentinel) = fields::no_date_sentinel(cell) {
        return Some(format!("{sentinel}, a system's \"no date\""));
    }
    if f.name != "closed_on" {
        return None;
    }
    let text = text_of(cell)?;
    match plan.rules.status(&text) {
        Some(status) if status != "closed" => Some(format!("{text}, a status written for a date")),
        _ => None,
    }
}

/// A person's name typed with spaces between its characters (`王  五`, `王　五`): clerks pad
/// two-character names to line up with three-character ones, and read as written, 王 五 and
/// 王五 would be two officers. `None` for any other text (a name with no space, Latin
/// names, several names).
/// Two or more people's names in one officer or leader cell (`王五、李四`, `王五 李四`,
/// `王五/李四`): the first and the others, when every part looks like a person's name.
/// Space-padded single names (`王  五`: parts of one character) are not several.
fn several_people(text: &str) -> Option<(&str, Vec<&str>)> {
    let mut parts = text
        .split(|c: char| c.is_whitespace() || "、，,;；/／".contains(c))
        .filter(|p| !p.is_empty());
    let first = parts.next()?;
    let others: Vec<&str> = parts.collect();
    (!others.is_empty()
        && fields::looks_like_person(first)
        && others.iter().all(|p| fields::looks_like_person(p)))
    .then_some((first, others))
}

/// An officer's cell without what ledgers write around the names: a note in brackets after
/// a name (王五（主办）, 王五（已调离）: `officer_notes` of rows.toml), a title before or after
/// it (审判员：王五, 执行员王五, 王五法官: `officer_titles`), a telephone number (王五
/// 13800138000; a title in brackets too: 王五（审判员）). Each would make the same officer
/// another one in every table per officer.
/// `None` when nothing is taken off. A title is taken off only when a person's name is left.
fn bare_officer(text: &str, titles: &[String], notes: &[String]) -> Option<String> {
    // Cheap test first: most cells are a plain name.
    let marked = text.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '(' | '（' | ':' | '：' | '、' | ',' | '，' | '/' | ';' | '；')
    })
        // A name and a title: more than three characters (nine bytes of 汉字).
        || (text.len() > 9
            && titles
                .iter()
                .any(|t| text.starts_with(t.as_str()) || text.ends_with(t.as_str())));
    if !marked {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    // Notes in brackets.
    while let Some(open) = rest.find(['(', '（']) {
        let after = &rest[open..];
        let width = after.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after.find([')', '）']) else {
            break;
        };
        let inside = after[width..close].trim();
        out.push_str(&rest[..open]);
        // (A note or title and a name: 王五（助理：赵六）, 王五（书记员赵六）.)
        let names_a_helper = |n: &String| {
            inside.strip_prefix(n.as_str()).is_some_and(|rest| {
                fields::looks_like_person(rest.trim_start_matches([':', '：', ' ']))
            })
        };
        if notes
            .iter()
            .chain(titles)
            .any(|n| n == inside || names_a_helper(n))
        {
            changed = true;
        } else {
            out.push_str(&after[..close]);
            out.push(after[close..].chars().next().unwrap_or(')'));
        }
        let close_width = after[close..].chars().next().map_or(1, char::len_utf8);
        rest = &after[close + close_width..];
    }
    out.push_str(rest);
    // Telephone numbers: a run of 7 or more digits (and hyphens).
    let mut kept = String::with_capacity(out.len());
    let mut run = String::new();
    for c in out.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() || (c == '-' && !run.is_empty()) {
            run.push(c);
            continue;
        }
        if run.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            changed = true;
        } else {
            kept.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            kept.push(c);
        }
    }
    // Titles, name by name.
    let mut names: Vec<String> = Vec::new();
    for piece in kept
        .split(|c: char| "、，,;；/／".contains(c))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let mut name = piece;
        // The longest title that fits decides (titles are longest first): 李副庭长 is 李
        // and a title, never 李副 and 庭长; a name too short to be one is kept whole.
        for title in titles {
            let before = name
                .strip_prefix(title.as_str())
                .map(|r| r.trim_start_matches([':', '：', ' ']));
            let after = name.strip_suffix(title.as_str()).map(str::trim_end);
            let Some(n) = before.or(after) else { continue };
            if fields::looks_like_person(n) {
                name = n;
                changed = true;
            }
            break;
        }
        names.push(name.to_string());
    }
    (changed && !names.is_empty()).then(|| names.join("、"))
}

fn unspaced_person_name(text: &str) -> Option<String> {
    if !text.contains(' ') {
        return None;
    }
    let name: String = text.chars().filter(|c| *c != ' ').collect();
    fields::looks_like_person(&name).then_some(name)
}

/// What a 有无财产 cell says in words (有财产, 无可供执行财产, 未发现可供执行财产, 有房产一处):
/// ledgers answer the column's question with its noun rather than 是/否. True when it
/// starts with 有 (not 有待: "yet to be"), false when it starts by saying none was found.
/// `None` for anything else (已查询, 待查): left a reject, not guessed.
fn assets_answer(text: &str) -> Option<bool> {
    const NONE_FOUND: [&str; 12] = [
        "无",
        "查无",
        "名下无",
        "均无",
        "没有",
        "暂无",
        "尚无",
        "未发现",
        "暂未发现",
        "尚未发现",
        "未查到",
        "未查询到",
    ];
    if NONE_FOUND.iter().any(|p| text.starts_with(p)) {
        Some(false)
    } else if (text.starts_with('有') && !text.starts_with("有待"))
        || ["名下有", "查到", "已查到", "查有", "发现", "已发现", "现有"]
            .iter()
            .any(|p| text.starts_with(p))
    {
        Some(true)
    } else {
        None
    }
}

/// An officer's name and department from a cell that gives both (`王五（执行一庭）`,
/// `王五(速执团队)`): ledgers add the department so that two 王五 can be told apart, and read
/// whole, one officer would count as several (王五 and 王五（执行一庭）) in every table per
/// officer. `None` unless the name before the brackets is a person's and the note inside
/// them a department's (`department_endings` of rows.toml): `王五（代）` is left as written.
/// The one officer a cell of several names says is in charge: the last of a reassignment
/// (`原王五，现赵六`, `王五→赵六`), or the only one marked 主办 or 承办, or the only one not
/// marked 协办 (`赵六（协办）、王五`). `None` when the cell says no such thing.
fn officer_in_charge(text: &str) -> Option<String> {
    // Cheap test first: a plain name has none of these.
    if !text.contains(['→', '>', '现', '办', '、', '，', ',', ';', '；']) {
        return None;
    }
    // 王五（已离职，现由赵六承办）
    if let Some((_, after)) = text.split_once("现由") {
        let now = after
            .split(['承', '负', '办', ')', '）', ',', '，'])
            .next()
            .unwrap_or("")
            .trim();
        if fields::looks_like_person(now) {
            return Some(now.to_string());
        }
    }
    for arrow in ["→", "->", "—>", "－>"] {
        if let Some((_, last)) = text.rsplit_once(arrow) {
            let last = last.trim();
            return (!last.is_empty()).then(|| last.to_string());
        }
    }
    let parts: Vec<&str> = text
        .split(['、', '，', ',', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let [first, second] = parts[..] {
        if first.starts_with('原') && second.starts_with('现') {
            let now = second
                .trim_start_matches('现')
                .trim_start_matches([':', '：'])
                .trim();
            return (!now.is_empty()).then(|| now.to_string());
        }
    }
    if parts.len() < 2 {
        return None;
    }
    let noted = |p: &str, words: &[&str]| {
        p.find(['(', '（'])
            .is_some_and(|open| words.iter().any(|w| p[open..].contains(w)))
    };
    let in_charge: Vec<&&str> = parts
        .iter()
        .filter(|p| noted(p, &["主办", "承办"]))
        .collect();
    if let [one] = in_charge[..] {
        return Some(one.to_string());
    }
    let helpers = ["协办", "助理", "书记员", "辅助"];
    let others: Vec<&&str> = parts.iter().filter(|p| !noted(p, &helpers)).collect();
    match others[..] {
        [one] if others.len() < parts.len() => Some(one.to_string()),
        _ => None,
    }
}

fn officer_and_team<'t>(text: &'t str, endings: &[String]) -> Option<(&'t str, &'t str)> {
    // The department and the name side by side (执行一庭 王五, 王五 执行一庭).
    let mut parts = text.split_whitespace();
    if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) {
        let department = |t: &str| {
            t.chars().count() >= 3
                && t.chars().all(fields::is_han)
                && endings.iter().any(|e| t.ends_with(e.as_str()) && t != e)
        };
        match (department(a), department(b)) {
            (true, false) if fields::looks_like_person(b) => return Some((b, a)),
            (false, true) if fields::looks_like_person(a) => return Some((a, b)),
            _ => {}
        }
    }
    // 执行一庭王五: a department's name (three characters or more), then a person's (two
    // or three): the name is the last two or three characters.
    let chars = text.chars().count();
    if chars >= 5 && text.chars().all(fields::is_han) {
        for name_chars in [2, 3] {
            if chars < 3 + name_chars {
                continue;
            }
            // Chinese characters here are three bytes each.
            let (team, name) = text.split_at(text.len() - 3 * name_chars);
            if endings.iter().any(|e| team.ends_with(e.as_str())) && fields::looks_like_person(name)
            {
                return Some((name, team));
            }
        }
    }
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (name, team) = (inner[..open].trim(), inner[open + 1..].trim());
    // 王五（执行一庭副庭长）: the department, then a title of four characters at most.
    let team = if endings.iter().any(|e| team.ends_with(e.as_str())) {
        team
    } else {
        endings
            .iter()
            .filter_map(|e| team.find(e.as_str()).map(|at| &team[..at + e.len()]))
            .filter(|t| team[t.len()..].chars().count() <= 4 && t.chars().count() >= 3)
            .max_by_key(|t| t.len())?
    };
    (fields::looks_like_person(name) && team.chars().count() >= 2).then_some((name, team))
}

/// What separates the numbers of a cell of identity numbers.
const ID_SEPARATORS: [char; 7] = ['、', ',', '，', ';', '；', '\n', '/'];

/// Whether a party cell starts with a role label and a colon (被执行人：李四), not a name
/// that starts like one (第三人民医院).
fn starts_with_role_label(text: &str, labels: &fields::Markers) -> bool {
    let t = text.trim_start();
    labels
        .at_start(t)
        .is_some_and(|l| t[l.len()..].trim_start().starts_with([':', '：']))
}

/// The names of a cell that names parties after their roles: a 当事人 cell naming both
/// sides (`申请执行人：张三；被执行人：李四、王五`, one a line or after a space), or one
/// side's cell with another role in it (`李四，第三人：王二`). Names before the first label
/// are `before`'s, and with `before` `None` the cell is not read (`None`): whose side they
/// are is not guessed. With `colon`, a label counts only with a colon after it, so that a
/// name that starts like one (第三人民医院) stays a name.
/// `labels`: the rules' labels, longest first (被申请执行人 before 申请执行人).
fn parties_by_role(
    text: &str,
    labels: &[(String, Role)],
    spaces: &fields::SpaceSplit,
    before: Option<Role>,
    colon: bool,
) -> Option<ByRole> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    let is_sep = |c: char| c.is_whitespace() || "；;，,、。|/".contains(c);
    // (role, where its label starts, where its names start)
    let mut found: Vec<(Role, usize, usize)> = Vec::new();
    let mut after_sep = true;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if after_sep {
            if let Some((label, role)) = labels.iter().find(|(l, _)| {
                rest.starts_with(l.as_str())
                    && (!colon || rest[l.len()..].trim_start().starts_with([':', '：']))
            }) {
                found.push((*role, i, i + label.len()));
                i += label.len();
                after_sep = true;
                continue;
            }
        }
        let c = rest.chars().next()?;
        after_sep = is_sep(c) || matches!(c, ':' | '：');
        i += c.len_utf8();
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| is_sep(c) || matches!(c, ':' | '：'))
            .to_string()
    };
    let first = found.first()?.1;
    if !trim(&text[..first]).is_empty() {
        found.insert(0, (before?, 0, 0));
    }
    let mut out = ByRole::default();
    for (k, &(role, _, start)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(text.len(), |next| next.1);
        let slot = match role {
            Role::Applicant => 0,
            Role::Respondent => 1,
            Role::Other => {
                let said = trim(&text[found[k].1..end]);
                if !said.is_empty() {
                    out.others.push(said);
                }
                continue;
            }
        };
        let names = trim(&text[start..end]);
        let listed = fields::split_parties_listed(&names, Some(spaces));
        let n = listed.len() + out.sides[slot].len();
        out.counted[slot] = counted_parties(&names).filter(|&c| c > n);
        out.sides[slot].extend(listed.into_iter().map(Cow::into_owned));
    }
    Some(out)
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

/// The party columns of the case table, by slot: names of each role, then their
/// identity numbers.
fn party_slot(field: &str) -> Option<usize> {
    match field {
        "applicants" => Some(0),
        "respondents" => Some(RESPONDENTS),
        "applicant_ids" => Some(2),
        "respondent_ids" => Some(3),
        _ => None,
    }
}

const RESPONDENTS: usize = 1;

/// Whether text is a number in scientific notation (`3.30621E+17`), as Excel writes a long
/// number it has rounded.
fn exponent_number(text: &str) -> bool {
    let t = text.trim();
    let Some((mantissa, exponent)) = t.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a party field holds identity numbers (证件号码), not names.
fn is_id_field(field: &str) -> bool {
    party_slot(field).is_some_and(|slot| slot >= 2)
}

/// Each role's slot of names and slot of identity numbers ([`party_slot`]).
const PARTY_ROLES: [(usize, usize); 2] = [(0, 2), (RESPONDENTS, 3)];

/// The take of one role (申请执行人 or 被执行人) in `values`: the names and identity
/// numbers of the case row, then those of its party rows (`more`), each number at its
/// name's position, then the repeats dropped ([`fields::drop_repeated_parties`]). A party
/// row with a number, below names that had none, has those positions filled with empty
/// numbers first, so that its number lands beside its own name. Returns the names.
/// `names_at` and `ids_at`: the column and the place in `values` of each list.
fn party_role<'r, 'v>(
    values: &'v mut [Value<'r>],
    names_at: (Option<usize>, usize),
    ids_at: Option<(Option<usize>, usize)>,
    more: &[PartyRow],
    note_words: &fields::NoteWords,
    noted: &mut Vec<Cow<'r, str>>,
    unpaired: &mut bool,
) -> Option<&'v [Cow<'r, str>]> {
    let take = |v: &mut Value<'r>| match std::mem::replace(v, Value::Null) {
        Value::List(l) => l,
        _ => Vec::new(),
    };
    let mut names = take(&mut values[names_at.1]);
    let mut ids = ids_at.map_or_else(Vec::new, |(_, i)| take(&mut values[i]));
    let ids_col = ids_at.and_then(|(c, _)| c);
    for row in more {
        let of = |col: Option<usize>| {
            row.iter()
                .filter(move |(c, _)| Some(*c) == col)
                .flat_map(|(_, l)| l.iter().map(|n| Cow::Owned(n.clone())))
        };
        let mut row_ids = of(ids_col).peekable();
        let mut row_names = of(names_at.0).peekable();
        // A row of numbers alone continues the numbers of the names above (张三、李四 over
        // two rows of numbers); a row with its own name puts its number beside that name.
        if row_ids.peek().is_some() && row_names.peek().is_some() && ids.len() < names.len() {
            ids.resize(names.len(), Cow::Borrowed(""));
        }
        ids.extend(row_ids);
        names.extend(row_names);
    }
    if ids_at.is_some() {
        take_ids_from_names(&mut names, &mut ids, noted);
    }
    cut_party_notes(&mut names, &mut ids, note_words, noted);
    if !place_named_ids(&names, &mut ids) {
        // (Numbers with a place for each name, empty ones included, are no guess.)
        let short = ids.len() < names.len();
        align_ids_by_kind(&names, &mut ids, note_words);
        *unpaired = short && ids_paired_by_guess(&names, &ids, note_words);
    }
    if names.len() + ids.len() > 1 {
        fields::drop_repeated_parties(&mut names, &mut ids);
    }
    let put = |l: Vec<Cow<'r, str>>| {
        if l.is_empty() {
            Value::Null
        } else {
            Value::List(l)
        }
    };
    if let Some((_, i)) = ids_at {
        values[i] = put(ids);
    }
    values[names_at.1] = put(names);
    match &values[names_at.1] {
        Value::List(l) => Some(l),
        _ => None,
    }
}

/// Numbers written with the name they belong to (`王二：3306…`, `3306…（王二）`) put at that
/// name's place, the others in the places left, in order. False when no number names one
/// of `names` (nothing is moved).
fn place_named_ids(names: &[Cow<'_, str>], ids: &mut Vec<Cow<'_, str>>) -> bool {
    // Cheap test first: a bare number is letters and digits only.
    if names.len() < 2
        || ids
            .iter()
            .all(|i| i.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let named = |entry: &str| -> Option<(usize, String)> {
        let (name, id) = match fields::name_with_id(entry) {
            Some((name, id, _)) => (name.to_string(), id),
            None => {
                let t = entry.trim().trim_end_matches([')', '）']);
                let (id, name) = t.rsplit_once(['(', '（'])?;
                let id = id.trim();
                (!id.is_empty() && fields::id_like(id))
                    .then(|| (name.trim().to_string(), id.to_ascii_uppercase()))?
            }
        };
        names.iter().position(|n| *n == name).map(|k| (k, id))
    };
    let found: Vec<Option<(usize, String)>> = ids.iter().map(|i| named(i)).collect();
    if found.iter().all(Option::is_none) {
        return false;
    }
    let mut placed: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); names.len()];
    let mut rest = Vec::new();
    for (id, f) in std::mem::take(ids).into_iter().zip(found) {
        match f {
            Some((k, bare)) if placed[k].is_empty() => placed[k] = Cow::Owned(bare),
            _ if id.is_empty() => {}
            _ => rest.push(id),
        }
    }
    for id in rest {
        match placed.iter().position(|p| p.is_empty()) {
            Some(j) => placed[j] = id,
            None => placed.push(id),
        }
    }
    while placed.last().is_some_and(|i| i.is_empty()) {
        placed.pop();
    }
    *ids = placed;
    true
}

/// Whether the numbers were paired with the names by their order alone, and another
/// pairing fits as well: a name without a number could own one given to another name
/// (李四、王二、赵六 beside two 居民身份证号码). `李四、某某有限公司` beside one
/// 居民身份证号码 is no guess: the company cannot hold it; nor is a single number, the
/// first name's by the exports' custom.
fn ids_paired_by_guess(
    names: &[Cow<'_, str>],
    ids: &[Cow<'_, str>],
    words: &fields::NoteWords,
) -> bool {
    let filled = ids.iter().filter(|i| !i.is_empty()).count();
    // One number is the first name's, as system exports list the first debtor's number
    // (主被执行人): no guess.
    if names.len() < 2 || filled < 2 || filled >= names.len() {
        return false;
    }
    use fields::{IdKind, PartyKind};
    let kind = |n: &str| fields::party_kind_by(n, words.government, words.company);
    let fits = |id: &str, name: &str| match fields::id_kind(id) {
        Some(IdKind::ResidentId) => {
            kind(name) != PartyKind::Company && kind(name) != PartyKind::Government
        }
        Some(IdKind::CreditCode) => kind(name) != PartyKind::Person,
        None => true,
    };
    (0..names.len())
        .filter(|&j| ids.get(j).is_none_or(|i| i.is_empty()))
        .any(|j| {
            ids.iter()
                .filter(|i| !i.is_empty())
                .any(|id| fits(id, &names[j]))
        })
}

/// Fewer identity numbers than names, where a number's kind says whose it is: a
/// 统一社会信用代码 is an organisation's, a 居民身份证号码 a person's. `李四、某某有限公司`
/// beside the company's code alone gives the code to the company, not to 李四 by position
/// (a person with a company's code would be counted a company, and published unmasked).
/// A number whose kind fits the name at its place, or fits no name without one, stays.
fn align_ids_by_kind(
    names: &[Cow<'_, str>],
    ids: &mut Vec<Cow<'_, str>>,
    words: &fields::NoteWords,
) {
    let filled = ids.iter().filter(|i| !i.is_empty()).count();
    if names.len() < 2 || filled == 0 || filled >= names.len() {
        return;
    }
    use fields::{IdKind, PartyKind};
    let kinds: Vec<PartyKind> = names
        .iter()
        .map(|n| fields::party_kind_by(n, words.government, words.company))
        .collect();
    let fits = |id: &str, kind: PartyKind| match fields::id_kind(id) {
        Some(IdKind::ResidentId) => matches!(kind, PartyKind::Person | PartyKind::Unknown),
        Some(IdKind::CreditCode) => kind != PartyKind::Person,
        None => true,
    };
    if ids
        .iter()
        .enumerate()
        .all(|(k, id)| id.is_empty() || kinds.get(k).is_some_and(|&kind| fits(id, kind)))
    {
        return;
    }
    let mut placed: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); names.len()];
    let mut rest = Vec::new();
    for (k, id) in std::mem::take(ids).into_iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        if k < names.len() && fits(&id, kinds[k]) {
            placed[k] = id;
        } else {
            rest.push((k, id));
        }
    }
    for (k, id) in rest {
        let free = |j: &usize| placed[*j].is_empty();
        match (0..names.len())
            .filter(free)
            .find(|&j| fits(&id, kinds[j]))
            .or_else(|| Some(k).filter(|k| *k < names.len() && placed[*k].is_empty()))
        {
            Some(j) => placed[j] = id,
            // No place left: kept after the names (nothing is lost).
            None => placed.push(id),
        }
    }
    while placed.last().is_some_and(|i| i.is_empty()) {
        placed.pop();
    }
    *ids = placed;
}

/// Notes written into a role's names ([`fields::party_note`]) cut from them: `李四（已故）`
/// is 李四, and `法定代表人：王五` listed after a company is no party (its identity number,
/// if the numbers are listed beside the names, goes with it). The names as written go to
/// `noted` (the case's `party_notes`).
fn cut_party_notes<'r>(
    names: &mut Vec<Cow<'r, str>>,
    ids: &mut Vec<Cow<'r, str>>,
    words: &fields::NoteWords,
    noted: &mut Vec<Cow<'r, str>>,
) {
    let mut k = 0;
    while k < names.len() {
        // Cheap test first: almost every name neither ends in a bracket nor holds a label,
        // and a label (two characters or more) with a name is longer than a person's name.
        let name = &names[k];
        // (Every built-in label but 经营者 ends in 人: a char is found by memchr.)
        let may_hold_label = name.len() > 9
            && (name.contains('人') || name.contains('者'))
            && words.representatives.any_in(name);
        // 李四，男，汉族: what a judgment says of the person before, not a party.
        if k > 0 && fields::person_detail(name, words.details, words.company) {
            noted.push(names.remove(k));
            if k < ids.len() && ids[k].is_empty() {
                ids.remove(k);
            }
            continue;
        }
        // (An ending is looked for only behind the last character of one.)
        let may_end_noted = name
            .chars()
            .next_back()
            .is_some_and(|c| words.ending_lasts.contains(&c))
            && words.endings.ends(name);
        if !name.ends_with('）') && !may_hold_label && !may_end_noted {
            k += 1;
            continue;
        }
        match fields::party_note(name, words) {
            fields::PartyNote::None => k += 1,
            fields::PartyNote::Cut(bare) => {
                let bare = Cow::Owned(bare.to_string());
                noted.push(std::mem::replace(&mut names[k], bare));
                k += 1;
            }
            fields::PartyNote::NotAParty => {
                noted.push(names.remove(k));
                if k < ids.len() {
                    ids.remove(k);
                }
            }
        }
    }
}

/// Identity numbers typed after names (`张三（330602199001011234）`,
/// [`fields::name_with_id`]) moved to the name's place among the numbers, when that place
/// is empty or holds the same number. A different number there keeps the cell as written:
/// which of the two is right cannot be told, and nothing is lost.
///
/// A number listed as a name of its own right after the name it belongs to
/// (`张三、330602199001011234`), when the sheet has no numbers for the role, is that
/// name's number too: read as a name, it would be a debtor called by a number.
///
/// A bracket that says more than the number (`张三（330602…，住杭州市…）`) keeps the cell as
/// written in `noted` (the case's `party_notes`).
fn take_ids_from_names<'r>(
    names: &mut Vec<Cow<'r, str>>,
    ids: &mut Vec<Cow<'r, str>>,
    noted: &mut Vec<Cow<'r, str>>,
) {
    if names.len() > 1
        && ids.iter().all(|i| i.is_empty())
        && names[1..].iter().any(|n| fields::id_like(n))
    {
        let (mut kept, mut numbers): (Vec<Cow<'r, str>>, Vec<Cow<'r, str>>) = (vec![], vec![]);
        for name in names.drain(..) {
            let free = !kept.is_empty() && numbers.get(kept.len() - 1).is_none_or(|i| i.is_empty());
            if free && fields::id_like(&name) {
                numbers.resize(kept.len(), Cow::Borrowed(""));
                numbers[kept.len() - 1] = Cow::Owned(name.trim().to_ascii_uppercase());
            } else {
                kept.push(name);
            }
        }
        *names = kept;
        *ids = numbers;
    }
    for (k, name) in names.iter_mut().enumerate() {
        let Some((bare, id, said_more)) = fields::name_with_id(name) else {
            continue;
        };
        let bare = Cow::Owned(bare.to_string());
        match ids.get(k).map(|s| s.as_ref()) {
            None | Some("") => {
                if ids.len() <= k {
                    ids.resize(k + 1, Cow::Borrowed(""));
                }
                ids[k] = Cow::Owned(id);
            }
            Some(there) if there.eq_ignore_ascii_case(&id) => {}
            Some(_) => continue,
        }
        let written = std::mem::replace(name, bare);
        if said_more {
            noted.push(written);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn field_value<'v, T>(
    plan: &SheetPlan,
    row: &Row,
    f: &FieldSpec,
    col: Option<usize>,
    cell: &Cell,
    parsed: std::result::Result<Option<T>, FieldError>,
    rejects: &mut Vec<Reject>,
    wrap: impl Fn(T) -> Value<'v>,
) -> Value<'v> {
    match parsed {
        Ok(Some(v)) => wrap(v),
        Ok(None) => {
            if f.required {
                rejects.push(reject(
                    plan,
                    row.line,
                    f.name,
                    col,
                    cell.display(),
                    format!("missing {}", f.label_zh),
                ));
            }
            Value::Null
        }
        Err(e) => {
            // Undecodable and error cells were recorded once already.
            if !matches!(cell, Cell::Undecodable(_) | Cell::Error(_)) {
                rejects.push(reject(
                    plan,
                    row.line,
                    f.name,
                    col,
                    cell.display(),
                    e.reason,
                ));
            }
            Value::Null
        }
    }
}

/// The unit a count column's header names: days (延长天数, 延长审限（天）) or months
/// (延长月数, 延长审限（月）); `None` when it names neither (延长审限, 延长期限).
fn count_header_unit(header: &str) -> Option<&'static str> {
    if header.contains(['天', '日']) {
        Some("days")
    } else if header.contains('月') {
        Some("months")
    } else {
        None
    }
}

/// The unit written after a count: `60天`/`30日` are days, `3个月`/`3月` months.
fn count_unit(cell: &Cell) -> Option<&'static str> {
    let Cell::Text(t) = cell else { return None };
    let t = t.trim();
    if t.ends_with('天') || t.ends_with('日') {
        Some("days")
    } else if t.ends_with('月') {
        Some("months")
    } else {
        None
    }
}

/// The unmapped cells as one JSON object with sorted keys: what a `serde_json::Map` of
/// them prints, without building the map. Column names are unique ([`column_names`]); were
/// one repeated, the last value would win, as in the map.
fn extra_json(mut extra: Vec<(Cow<'_, str>, String)>) -> String {
    // Stable: of equal headers the last stays last.
    extra.sort_by(|a, b| a.0.cmp(&b.0));
    let mut json = String::with_capacity(extra.iter().map(|(k, v)| k.len() + v.len() + 6).sum());
    json.push('{');
    let mut first = true;
    for (k, (header, value)) in extra.iter().enumerate() {
        if extra.get(k + 1).is_some_and(|next| next.0 == *header) {
            continue;
        }
        if !first {
            json.push(',');
        }
        first = false;
        push_json_string(&mut json, header);
        json.push(':');
        push_json_string(&mut json, value);
    }
    json.push('}');
    json
}

/// `s` as a JSON string, escaped as `serde_json` escapes it.
fn push_json_string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

/// person / company / government / mixed, from the respondents' names.
fn respondent_kind(names: Option<&[Cow<'_, str>]>, plan: &SheetPlan) -> Value<'static> {
    let Some(names) = names.filter(|n| !n.is_empty()) else {
        return Value::Null;
    };
    let rules = plan.rules;
    let mut kinds: Vec<&'static str> = names
        .iter()
        .map(
            |n| match fields::party_kind_by(n, &plan.government_markers, &plan.company_markers) {
                fields::PartyKind::Person => "person",
                fields::PartyKind::Company => {
                    if rules.soe_markers.iter().any(|m| n.contains(m.as_str())) {
                        "soe"
                    } else {
                        "company"
                    }
                }
                fields::PartyKind::Government => "government",
                fields::PartyKind::Unknown => "unknown",
            },
        )
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    static_str(if kinds.len() == 1 { kinds[0] } else { "mixed" })
}

/// What a row that is not data says about the rows below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Below {
    /// Nothing.
    Same,
    /// A footer or a note: the rows below are under the table (see [`NUMBERED_NOTE`]).
    Footer,
    /// The header again: a table goes on below.
    Table,
    /// The header of another section, with columns of its own: the rows below are read
    /// with them.
    NewHeader,
}

/// The reason given for a numbered note line under a footer.
const NUMBERED_NOTE: &str = "numbered note below a footer";

/// Whether a row is a numbered note line (`1. 本表数据截至…`, `2、结案数含…`, `（3）…`): its
/// first cell starts with a number and one of the rules' separators, and it has no case
/// number. Only a row below a footer or a note is taken for one (see `parse_part`).
fn numbered_note(row: &Row, header: &HeaderInfo) -> bool {
    let Some(Cell::Text(text)) = row.cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    if !note_numbered(text.trim_start(), &header.note_separators) {
        return false;
    }
    let case_text = header
        .case_col
        .and_then(|c| row.cells.get(c))
        .and_then(fields::normalize_text);
    case_text.is_none_or(|t| parse_case_number(&t).is_err())
}

/// Whether `text` starts with a note's number: `1.` / `１、` / `2)` (the number, then one of
/// `separators`), `(1)` / `（1）`, or a circled number `①`–`⑳`.
fn note_numbered(text: &str, separators: &[String]) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if text.starts_with(|c: char| ('①'..='⑳').contains(&c)) {
        return true;
    }
    let (inner, bracketed) = match text.strip_prefix(['(', '（']) {
        Some(rest) => (rest.trim_start(), true),
        None => (text, false),
    };
    let digits = inner.chars().take_while(|&c| is_digit(c)).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let rest = inner
        .char_indices()
        .nth(digits)
        .map_or("", |(at, _)| &inner[at..])
        .trim_start();
    if bracketed {
        return rest.starts_with([')', '）']);
    }
    separators.iter().any(|sep| {
        rest.strip_prefix(sep.as_str())
            // 1.5 is a number, not note 1.
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()))
    })
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

fn marker_lead(text: &str) -> Option<MarkerLead> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    Some((chars.next()?, chars.next()))
}

/// Whether text (spaces ignored, as markers are matched) starts with the first characters
/// of some marker; `leads` sorted.
fn starts_like_marker(text: &str, leads: &[MarkerLead]) -> bool {
    let Some((first, second)) = marker_lead(text) else {
        return false;
    };
    leads.binary_search(&(first, None)).is_ok()
        || (second.is_some() && leads.binary_search(&(first, second)).is_ok())
}

/// The most months one approval of an extension (延长执行期限) can plausibly grant, when
/// the cell gives no unit: more is taken for days written without 天, or a typo.
const MAX_EXTENSION_MONTHS: i64 = 12;

/// The reason given for a row of column numbers.
/// The reason given for a template's example row (示例).
const EXAMPLE_ROW: &str = "template example row, not a case";
/// The reason given for a row of column codes or types under the header.
const COLUMN_CODES: &str = "column codes or types under the header, not a case";
/// The reason given for a row whose case number the clerk voided.
const VOIDED: &str = "案号 marked void, not counted as a case";

/// The reason given for a row of formulas saved without their results, and nothing else.
const FORMULAS_ONLY: &str = "formulas without saved results only (a template row), not a case";
const COLUMN_NUMBERS: &str = "column numbers (栏次), not a case";

/// A row of column numbers (栏次), from its first filled cell on: the labels 栏次 or 列次,
/// then 甲, 乙, 丙 … in order, then whole numbers counting up by one, at least three
/// values in all and two of them numbers. Blank cells between them do not matter. A case
/// row never passes: its 案号 is neither.
fn is_column_number_row(cells: &[Cell]) -> bool {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    // Cheap test first: every data row fails on its first cell.
    let starts = match cells.first() {
        Some(Cell::Number(x)) => *x >= 0.0 && x.fract() == 0.0,
        Some(Cell::Text(t)) => {
            let t = t.trim();
            t.starts_with(['栏', '列', '甲']) || t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if !starts {
        return false;
    }
    let (mut stems, mut numbers) = (0usize, 0usize);
    let mut next: Option<i64> = None;
    for cell in cells {
        let n = match cell {
            Cell::Empty => continue,
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e6 => *x as i64,
            Cell::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    continue;
                }
                if numbers == 0 && stems == 0 && matches!(t, "栏次" | "列次" | "栏号" | "列号")
                {
                    continue;
                }
                let mut chars = t.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if numbers == 0 && STEMS.get(stems) == Some(&c) {
                        stems += 1;
                        continue;
                    }
                }
                match t.parse::<i64>() {
                    Ok(n) if t.bytes().all(|b| b.is_ascii_digit()) => n,
                    _ => return false,
                }
            }
            _ => return false,
        };
        if next.is_some_and(|e| e != n) {
            return false;
        }
        next = Some(n + 1);
        numbers += 1;
    }
    numbers >= 2 && numbers + stems >= 3
}

/// The mark of `marks` (rows.toml's example or void marks, longest first) that a cell's
/// text carries: the whole text (示例), its start before a colon, a bracket or a digit
/// (例：（2025）浙0603执1号, 作废（2025）…), or a bracketed note at its end
/// (（2025）浙0603执22号（作废）).
fn marked_with<'m>(text: &str, marks: &'m [String]) -> Option<&'m str> {
    let t = text.trim();
    let first = t.chars().next()?;
    // Cheap first test: marks are Chinese words; a note at the end is in brackets.
    let ends_bracketed = t.ends_with([')', '）', '】', ']']);
    if !('\u{4e00}'..='\u{9fff}').contains(&first) && !ends_bracketed {
        return None;
    }
    for m in marks {
        if let Some(rest) = t.strip_prefix(m.as_str()) {
            let rest = rest.trim_start();
            match rest.chars().next() {
                None => return Some(m),
                Some(':' | '：' | '(' | '（' | '【' | '[' | '〔') => return Some(m),
                Some(c) if c.is_ascii_digit() => return Some(m),
                _ => {}
            }
        }
        if ends_bracketed {
            let inner = t[..t.len() - t.chars().last().map_or(0, char::len_utf8)].trim_end();
            if let Some(before) = inner.strip_suffix(m.as_str()) {
                if before.trim_end().ends_with(['(', '（', '【', '[']) {
                    return Some(m);
                }
            }
        }
    }
    None
}

/// The cells that mark a row as an example or a voided case: the 序号 cells and the
/// 案号 cell.
fn marked_row<'m>(row: &Row, header: &HeaderInfo, marks: &'m [String]) -> Option<&'m str> {
    header
        .row_number_cols
        .iter()
        .chain(header.case_col.as_ref())
        .filter_map(|&c| match row.cells.get(c) {
            Some(Cell::Text(t)) => marked_with(t, marks),
            _ => None,
        })
        .next()
}

/// A row of a database's column codes or types under the header (AH | LARQ | SQZXR,
/// varchar(50) | date | decimal(18,2)): ASCII words only, three or more, no case.
fn column_codes_row(cells: &[Cell]) -> Option<String> {
    let mut shown = Vec::new();
    for c in cells {
        match c {
            Cell::Empty => {}
            Cell::Text(t) if t.trim().is_empty() => {}
            Cell::Text(t) => {
                let t = t.trim();
                let (word, size) = match t.find('(') {
                    Some(open) => (&t[..open], &t[open..]),
                    None => (t, ""),
                };
                let word_ok = word.starts_with(|c: char| c.is_ascii_alphabetic())
                    && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let size_ok = size.is_empty()
                    || (size.ends_with(')')
                        && size[1..size.len() - 1]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b',' || b == b' '));
                if !(word_ok && size_ok) {
                    return None;
                }
                if shown.len() < 3 {
                    shown.push(t);
                }
            }
            _ => return None,
        }
    }
    (shown.len() >= 3).then(|| format!("{COLUMN_CODES} ({}…)", shown.join(", ")))
}

fn non_data_reason(row: &Row, header: &HeaderInfo) -> Option<(String, Below)> {
    let (at, first) = row.cells.iter().enumerate().find(|(_, c)| !c.is_empty())?;
    if let Some(mark) = marked_row(row, header, &header.example_marks) {
        return Some((format!("{EXAMPLE_ROW} ({mark})"), Below::Same));
    }
    // The clerk's own word that the number is void: not a failure to read, so skipped
    // with the reason (and the mark) like a totals row, not rejected.
    if let Some(mark) = marked_row(row, header, &header.void_marks) {
        return Some((format!("{VOIDED} ({mark})"), Below::Same));
    }
    if matches!(first, Cell::Text(t) if t.trim_start().starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        if let Some(reason) = column_codes_row(&row.cells[at..]) {
            return Some((reason, Below::Same));
        }
    }
    // A template's numbered rows left empty: a 序号 and nothing else (or placeholders
    // such as "/" ruling the row through).
    let is_number = |c: &Cell| match c {
        Cell::Number(_) => true,
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    // A template's rows below the cases, holding only its formulas (=IF(B20="","",…)),
    // saved without their results: no case, though not blank.
    let formula = |c: &Cell| matches!(c, Cell::Error(e) if e.starts_with('='));
    if formula(first) || header.row_number_cols.contains(&at) {
        let only_formulas = row.cells[at..].iter().enumerate().all(|(k, c)| {
            c.is_empty()
                || formula(c)
                || (header.row_number_cols.contains(&(at + k)) && is_number(c))
        });
        if only_formulas && row.cells[at..].iter().any(formula) {
            return Some((FORMULAS_ONLY.to_string(), Below::Same));
        }
    }
    if header.row_number_cols.contains(&at)
        && is_number(first)
        && row.cells[at + 1..].iter().enumerate().all(|(k, c)| {
            let holds_nothing = fields::normalize_text_cow(c).is_none()
                && !matches!(c, Cell::Error(_) | Cell::Undecodable(_));
            holds_nothing || header.row_number_cols.contains(&(at + 1 + k))
        })
    {
        return Some((
            "numbered row without data (序号 only)".to_string(),
            Below::Same,
        ));
    }
    // The column numbers of a statistical table under its header (栏次: 甲, 乙, 1, 2, 3 …).
    // Read as a case, it would be one with parties "2" and "3" and a claim of 4 元.
    if is_column_number_row(&row.cells[at..]) {
        return Some((COLUMN_NUMBERS.to_string(), Below::Same));
    }
    // Amounts alone, without a label: a =SUM() under the amount columns, or totals typed
    // in. Written as a case, it would add the sheet's total claim to itself.
    // Beside them, a count of cases (3件, 共3件) or a 序号 may stand.
    let totals_cell = |c: usize, cell: &Cell| {
        cell.is_empty()
            || (header.amount_cols.contains(&c) && looks_like_amount(cell))
            || (header.row_number_cols.contains(&c) && is_number(cell))
            || matches!(cell, Cell::Text(t) if is_case_count(t))
    };
    if (header.amount_cols.contains(&at)
        || header.row_number_cols.contains(&at)
        || is_number(first)
        || matches!(first, Cell::Text(t) if is_case_count(t)))
        && row.cells[at..]
            .iter()
            .enumerate()
            .all(|(k, c)| totals_cell(at + k, c))
        && header
            .amount_cols
            .iter()
            .any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()))
    {
        return Some((AMOUNTS_ALONE.to_string(), Below::Same));
    }
    // A totals or footer row starts with its marker and has no case number (its 案号
    // cell is empty, holds the marker, or holds something like 共381件). The marker is
    // looked for in the row's first cell and in its 案号 cell (a totals row can keep the
    // 序号 column numbered), first character first: parsing the case number of every row
    // would cost more.
    let case_cell = header.case_col.and_then(|c| row.cells.get(c));
    for cell in [Some(first), case_cell].into_iter().flatten() {
        let Cell::Text(text) = cell else { continue };
        let text = text.trim();
        if !starts_like_marker(text, &header.marker_leads) {
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let marked = header
            .markers
            .iter()
            .find(|m| compact.starts_with(m.marker.as_str()));
        if let Some(m) = marked {
            // A data row has its case number; a footer has none (or the marker in its
            // place).
            let has_case_number = case_cell
                .and_then(fields::normalize_text)
                .is_some_and(|t| parse_case_number(&t).is_ok());
            if !has_case_number {
                let below = if m.ends_table {
                    Below::Footer
                } else {
                    Below::Same
                };
                return Some((m.reason.clone(), below));
            }
        }
    }
    // A total with its label before the marker (首执案件小计：2件, 2023年合计, 执行一庭小计): a
    // totals row all the same. Only totals markers, ending the cell or followed by a colon
    // or a number: a case cell never holds one, and read as a case such a row would add
    // its sums to the cases'.
    for cell in [Some(first), case_cell].into_iter().flatten() {
        let Cell::Text(text) = cell else { continue };
        // Cheap tests first (every data row passes here): a character that starts a
        // marker, then a marker, anywhere in the cell.
        if !header.totals_leads.any_in(text)
            || !header
                .markers
                .iter()
                .any(|m| m.totals && text.contains(m.marker.as_str()))
        {
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let labelled_total = header.markers.iter().filter(|m| m.totals).find(|m| {
            compact.match_indices(m.marker.as_str()).any(|(at, w)| {
                let after = compact[at + w.len()..].chars().next();
                at > 0 && after.is_none_or(|c| matches!(c, ':' | '：') || c.is_ascii_digit())
            })
        });
        if let Some(m) = labelled_total {
            let has_case_number = case_cell
                .and_then(fields::normalize_text)
                .is_some_and(|t| parse_case_number(&t).is_ok());
            if !has_case_number {
                return Some((m.reason.clone(), Below::Same));
            }
        }
    }
    // A row without a case number whose label stands in another column (Excel's 分类汇总
    // writes 王五 汇总 and 总计 in the grouped column, =SUBTOTAL() under the amounts, which
    // may come first): a totals row when any of its cells is a totals label. Rows without
    // a case number are few, so this looks at every cell of those only.
    let no_case_number = case_cell.is_none_or(|c| fields::normalize_text_cow(c).is_none());
    if no_case_number && header.case_col.is_some() {
        for cell in &row.cells {
            let Cell::Text(text) = cell else { continue };
            if !header.totals_leads.any_in(text) {
                continue;
            }
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let label = header.markers.iter().filter(|m| m.totals).find(|m| {
                // (其中 only alone: a name may end in it.)
                compact == m.marker
                    || (m.marker != "其中"
                        && compact.ends_with(m.marker.as_str())
                        && compact.len() > m.marker.len())
            });
            if let Some(m) = label {
                return Some((m.reason.clone(), Below::Same));
            }
        }
    }
    // A page line alone on its row (第1页 共5页, 续表), first character first.
    if let Cell::Text(text) = first {
        // Patterns have half-width brackets (rules::page_line_key).
        let lead = text.trim_start().chars().next().map(|c| match c {
            '（' => '(',
            c => c,
        });
        if lead.is_some_and(|c| header.page_leads.binary_search(&c).is_ok())
            && row.cells[at + 1..].iter().all(Cell::is_empty)
        {
            let key = rules::page_line_key(text);
            if let Some(p) = header
                .page_lines
                .iter()
                .find(|p| rules::is_page_line(p, &key))
            {
                return Some((format!("page line ({p})"), Below::Same));
            }
        }
    }
    // A section heading alone on its row (一、首次执行案件, （二）恢复执行案件): a ledger
    // groups its cases under such headings, and they are part of its layout, no more a
    // case or an error than a page line. Unnumbered (柯桥法庭, 首执案件), only when shaped
    // like one ([`unnumbered_heading`]): any other lone text may be anything and is still
    // rejected with its text.
    if let Cell::Text(text) = first {
        if row.cells[at + 1..].iter().all(Cell::is_empty) {
            let text = text.trim();
            if section_numbered(text) {
                return Some((SECTION_HEADING.to_string(), Below::Table));
            }
            if header.titles.iter().any(|t| t == text) {
                return Some((REPEATED_TITLE.to_string(), Below::Table));
            }
            if !header.party_cols.contains(&at) && unnumbered_heading(text, &header.heading_endings)
            {
                return Some((HEADING.to_string(), Below::Table));
            }
        }
    }
    // The header repeated (multi-page exports print it on every page).
    // Cheap test first: a repeated header has text equal to some header in its cells.
    let looks_like_header = row
        .cells
        .iter()
        .zip(&header.texts)
        .any(|(c, h)| matches!(c, Cell::Text(t) if !h.is_empty() && trimmed_eq(t, h)));
    if !looks_like_header {
        return None;
    }
    let keys: Vec<String> = row
        .cells
        .iter()
        .map(|c| profile::header_key(&c.display()))
        .collect();
    let same = keys
        .iter()
        .zip(&header.keys)
        .filter(|(a, b)| !a.is_empty() && a == b)
        .count();
    // Half the header's names or more; or a fragment of it, every filled cell its
    // column's name or a unit (the sub-header row of a two-row header printed again:
    // 申请执行人 | 被执行人 | （万元）, which alone is not half the header).
    let filled = keys
        .iter()
        .filter(|k| !k.is_empty() && profile::unit_only(k).is_none())
        .count();
    // A header of its own: a ledger's next section (已结案件 below 未结案件, 恢复执行 below
    // 首次执行) with a column more, or in another order. Read with the sheet's profile, it
    // names the required fields, and some column is another field than above: read with
    // the header above, its cases would have their values in the wrong fields.
    // So is the same header with another unit (标的额（元） above, 标的额（万元） below).
    let texts = header_texts(row);
    let mapping = header.profile.map_headers(&texts);
    if header.profile.missing_required(&mapping).is_empty() {
        let field = |m: &[Option<&'static str>], c: usize| m.get(c).copied().flatten();
        let fields: Vec<Option<&'static str>> = mapping.iter().map(|m| m.map(|f| f.name)).collect();
        let width = fields.len().max(header.fields.len());
        let unit = |t: Option<&String>| t.and_then(|t| fields::unit_from_header(t));
        if (0..width).any(|c| field(&fields, c) != field(&header.fields, c))
            || header
                .amount_cols
                .iter()
                .any(|&c| unit(texts.get(c)) != unit(header.texts.get(c)))
        {
            return Some((NEW_HEADER.to_string(), Below::NewHeader));
        }
    }
    if same >= 2
        && (same * 2 >= header.keys.iter().filter(|k| !k.is_empty()).count() || same == filled)
    {
        return Some((REPEATED_HEADER.to_string(), Below::Table));
    }
    None
}

/// The reason given for a title row printed again (on every page of a printed export).
const REPEATED_TITLE: &str = "repeated title row";

/// The reason given for the header printed again (on every page of a printed export).
const REPEATED_HEADER: &str = "repeated header row";

/// The reason given for the header of another section of a sheet.
const NEW_HEADER: &str = "header of a new section (the rows below are read with its columns)";

/// `t.trim() == h`, without trimming a text that is no longer than `h`.
fn trimmed_eq(t: &str, h: &str) -> bool {
    match t.len().cmp(&h.len()) {
        std::cmp::Ordering::Less => false,
        // Trimming could only make it shorter than `h`.
        std::cmp::Ordering::Equal => t == h,
        std::cmp::Ordering::Greater => t.trim() == h,
    }
}

/// Labels of the date a title row gives for the data (the snapshot the export shows).
const AS_OF_LABELS: &[&str] = &[
    "统计截止日期",
    "截止日期",
    "数据截止日期",
    "数据截止时间",
    "截止时间",
    "数据截至",
    "统计日期",
    "截至",
    "统计时间",
    "统计期间",
    "统计区间",
];
/// Labels of the date a footer, or a title row when none gives the snapshot's date, gives
/// for when the table was made (a system's 导出时间 over its export, a ledger's 填报日期).
const MADE_ON_LABELS: &[&str] = &[
    "制表日期",
    "制表时间",
    "打印日期",
    "打印时间",
    "导出日期",
    "导出时间",
    "填报日期",
    "填报时间",
    "填表日期",
    "报送日期",
];

/// The date written after one of `labels` in a row (`制表日期：2026年3月1日`), in the same
/// cell or the next one. Of a period (`统计时间：2025年1月1日至2025年6月30日`), its end:
/// the data show the cases as they stood then.
fn labelled_date(row: &Row, labels: &[&str]) -> Option<NaiveDate> {
    let texts: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
    for (idx, t) in texts.iter().enumerate() {
        for label in labels {
            let Some(pos) = t.find(label) else { continue };
            let last = t[pos + label.len()..]
                .split(['至', '到', '~', '～', '—'])
                .rev()
                .find_map(|piece| {
                    let token: String = piece
                        .chars()
                        .skip_while(|c| matches!(c, ':' | '：' | ' ' | '\u{3000}'))
                        // A title closes its bracket after the date: （截至2024年3月31日）.
                        .take_while(|c| {
                            !c.is_whitespace() && !"\u{3000}）)】]，,；;。".contains(*c)
                        })
                        .collect();
                    let date = |t: &str| fields::parse_date(&Cell::Text(t.into())).ok().flatten();
                    // 截至2024年3月31日未结案件: the date, then the title's words.
                    date(&token).or_else(|| {
                        let end = token
                            .char_indices()
                            .find(|&(_, c)| {
                                !(c.is_ascii_digit()
                                    || "０１２３４５６７８９年月日号-/.．".contains(c))
                            })
                            .map_or(token.len(), |(i, _)| i);
                        (end < token.len()).then(|| date(&token[..end])).flatten()
                    })
                });
            if let Some(d) = last {
                return Some(d);
            }
            if let Some(Ok(Some(d))) = row.cells.get(idx + 1).map(fields::parse_date) {
                return Some(d);
            }
        }
    }
    None
}

/// The court a title names: the text ending in 人民法院 (or 法院), after any date or label
/// before it (`2024年绍兴市柯桥区人民法院执行案件清单` → 绍兴市柯桥区人民法院).
fn court_in_title(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let end = t.find("人民法院").map(|i| i + "人民法院".len())?;
    let head = &t[..end];
    let start = head
        .char_indices()
        .filter(|&(_, c)| !fields::is_han(c) || matches!(c, '年' | '月' | '日' | '至'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let name = &head[start..];
    (name.chars().count() > "人民法院".chars().count()).then(|| name.to_string())
}

/// The date a title row writes before the word for making the table (`（2024年4月2日导出）`,
/// `2024年4月2日制表`).
fn date_before_made(row: &Row) -> Option<NaiveDate> {
    row.cells.iter().find_map(|c| {
        let Cell::Text(t) = c else { return None };
        ["导出", "制表", "打印"].into_iter().find_map(|word| {
            let before = &t[..t.find(word)?];
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| {
                    c.is_ascii_digit() || "０１２３４５６７８９年月日号-/.． ".contains(c)
                })
                .last()
                .map(|(i, _)| i)?;
            fields::parse_date(&Cell::Text(before[start..].trim().into()))
                .ok()
                .flatten()
        })
    })
}

/// The money unit a row states for a table (`单位：万元`, `金额单位：元`, `（单位：万元）`),
/// if one of its cells does.
fn stated_amount_unit(row: &Row) -> Option<AmountUnit> {
    row.cells.iter().find_map(|c| {
        let Cell::Text(t) = c else { return None };
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        // 单位：万元, 单位（万元）, 单位：人民币万元, 单位：万; 金额：万元 with the unit
        // alone after its label. Not 填报单位：某某法院; maybe a money unit later
        // in the same cell.
        ["单位", "金额"].into_iter().find_map(|label| {
            compact.match_indices(label).find_map(|(at, w)| {
                let rest = &compact[at + w.len()..];
                let after = rest.trim_start_matches([':', '：', '为', '(', '（']);
                // 金额 only as a label of its own, at the start of its cell or its bracket
                // and with a colon: not a header such as 执行到位金额（万元）, whose unit
                // is its column's alone.
                if label == "金额"
                    && (!rest.starts_with([':', '：'])
                        || (!compact[..at].is_empty() && !compact[..at].ends_with(['(', '（'])))
                {
                    return None;
                }
                let after = after.strip_prefix("人民币").unwrap_or(after);
                let unit = fields::unit_at_start(after)?;
                // The unit as written (万元), or bare (万: one character).
                let written = match after.strip_prefix(unit.label()) {
                    Some(rest) => rest,
                    None => after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]),
                };
                let tail = written.chars().next();
                // 金额：万元以上 is a range of amounts, not the unit.
                (label == "单位" || !tail.is_some_and(|c| fields::is_han(c) && !"整".contains(c)))
                    .then_some(unit)
            })
        })
    })
}

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
        }
    }
}

/// `file, sheet NAME`: where a problem is, for messages about one sheet of a workbook.
fn located(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("{file}, sheet {s}"),
        None => file.to_string(),
    }
}

/// Accounts every remaining row of a sheet that is not read (blank, or skipped for
/// `reason`). `None`: the reader restarts the sheet.
fn skip_sheet(rows: &mut SheetRows, entry: &mut SheetEntry, reason: &str) -> Result<Option<()>> {
    loop {
        let (batch, start) = match rows.next_batch()? {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(Restart) => return Ok(None),
        };
        for i in start..batch.len() {
            if batch.row(i).cells.iter().all(|c| c.is_empty()) {
                entry.blank_rows += 1;
            } else {
                *entry.skipped.entry(reason.to_string()).or_default() += 1;
            }
        }
        rows.reader.recycle(batch);
    }
    entry.rows_read = rows.received;
    Ok(Some(()))
}

/// The column names under `profile`, and how many rows the header takes (see
/// [`profile::header_at`]); `next`: the rows below the header's first row. A row of units
/// under a header of two rows (a group header over the names, then （万元）) is the
/// header's third: its units belong to the names, and read as 元 the amounts would be
/// ten thousand times too small.
/// A header row's texts, its own cells only: the names merged down over it are the rows
/// above's.
fn own_header_texts(row: &Row) -> Vec<String> {
    header_texts(row)
        .into_iter()
        .enumerate()
        .map(|(c, t)| {
            if row.blank_or_filled(c) {
                String::new()
            } else {
                t
            }
        })
        .collect()
}

fn header_names(profile: &Profile, row: &Row, next: &[Row]) -> (Vec<String>, usize) {
    let below = next.first().map(header_texts);
    let (names, height) = profile::header_at(profile, &header_texts(row), below.as_deref());
    if let (2, Some(third)) = (height, next.get(1)) {
        let texts = own_header_texts(third);
        let mut own = texts.iter().filter(|s| !s.is_empty()).peekable();
        if own.peek().is_some() && own.all(|s| profile::unit_only(s).is_some()) {
            return (profile::two_row_header(&names, &texts), 3);
        }
        // A header of three levels (关联信息 over 原案情况 over 案号 | 结案方式; 办理情况 over
        // 结案情况 over 日期 | 方式): the third row names the columns under the second's
        // groups, when read so the header maps more fields.
        if texts.iter().any(|s| !s.is_empty()) {
            if let (three, 2) = profile::header_at(profile, &names, Some(&texts)) {
                return (three, 3);
            }
        }
    }
    // The same when the second row only holds groups (结案情况 | 原案情况), which map nothing
    // by themselves: the three rows together must map more than the first alone.
    if let (1, Some(second), Some(third)) = (height, below.as_deref(), next.get(1)) {
        let texts = own_header_texts(third);
        if texts.iter().any(|s| !s.is_empty()) {
            let two = profile::header_combined(profile, &header_texts(row), second);
            let (three, h) = profile::header_at(profile, &two, Some(&texts));
            let mapped = |h: &[String]| profile.map_headers(h).iter().flatten().count();
            if h == 2 && mapped(&three) > mapped(&names) {
                return (three, 3);
            }
        }
    }
    (names, height)
}

fn header_texts(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect()
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
        }
    }

    fn receive(&mut self) -> Result<std::result::Result<Option<Batch>, Restart>> {
        if self.ended {
            return Ok(Ok(None));
        }
        match self.reader.next_event()? {
            Some(Event::Batch(b)) => {
                self.received += b.len();
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

/// Rows parsed in one task: a slice of a batch.
const PART_ROWS: usize = 4096;

/// What one task made of a slice of rows below the header.
#[derive(Default)]
struct Part {
    frame: Option<DataFrame>,
    blank: usize,
    skipped: BTreeMap<String, usize>,
    footer_date: Option<NaiveDate>,
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
    /// A unit of amounts stated in a note or footer below the table (注：金额单位为万元),
    /// with its line.
    unit_below: Option<(usize, AmountUnit)>,
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
    /// Party columns (被执行人, 申请执行人): a lone name there is a party row, not a heading.
    party_cols: Vec<usize>,
    /// The endings of an unnumbered heading: rows.toml's department and heading endings.
    heading_endings: Vec<String>,
    /// The rules' page lines and their first characters, sorted.
    page_lines: Vec<String>,
    page_leads: Vec<char>,
    /// The rules' marks of a template's example row and of a voided case number.
    example_marks: Vec<String>,
    void_marks: Vec<String>,
}

/// The reason given for a party row taken into the case above it.
const PARTY_ROW: &str = "party row: its names added to the case above";

/// One party row's values ([`party_row`]): its party columns and the names (or identity
/// numbers) in each. Kept row by row, so that a number stays beside its name.
type PartyRow = Vec<(usize, Vec<String>)>;

/// The party names of a party row, by column: a row with no case number of its own whose
/// only values of its own are in party columns (被执行人, 申请执行人), which is how a clerk
/// lists a case's further parties: the case's other cells left blank, merged down over
/// the party rows (their values filled in by the reader), or merged in a workbook saved as
/// CSV. `None` for any other row, including a footer, a note or a heading written in a
/// party column.
fn party_row(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> Option<PartyRow> {
    let mut names = Vec::new();
    // A row may give identity numbers alone: a further party's 身份证号 or 统一社会信用代码
    // on a row of its own, the names all listed in the case's cell (张三、李四 over one
    // number a row). Each must be shaped like one (see `fits`).
    for (c, cell) in row.cells.iter().enumerate() {
        // A value merged down from the case's first row is that row's, not this one's.
        if row.blank_or_filled(c) {
            continue;
        }
        let field = plan.mapping.get(c).copied().flatten()?;
        if field.ty != FieldType::Parties {
            return None;
        }
        let Cell::Text(text) = cell else {
            return None;
        };
        if heading_numbered(text.trim_start()) {
            return None;
        }
        let spaces = fields::SpaceSplit {
            min_chars: plan.rules.space_separated_min_chars,
            government: &plan.government_markers,
            company: &plan.company_markers,
            details: &plan.person_detail_markers,
            surnames: &plan.rules.compound_surnames,
        };
        let numbers = is_id_field(field.name);
        let list = match parties_in(cell, Some(&spaces)) {
            Some(list) => list,
            // 无 or / where a party has no number: no number, not a note.
            None if numbers => continue,
            None => return None,
        };
        // Each name a person's (2–4 汉字, or a dotted minority name), a company's or a
        // government body's by the party rules, each number shaped like one: a heading
        // such as （二）恢复执行案件 or a note typed in the column is not taken for a party.
        let fits = |n: &Cow<str>| {
            if numbers {
                looks_like_id_number(n)
            } else {
                looks_like_party(plan, n)
            }
        };
        if !list.iter().all(fits) {
            return None;
        }
        names.push((c, list.into_iter().map(Cow::into_owned).collect()));
    }
    if names.is_empty() || numbered_note(row, header) || non_data_reason(row, header).is_some() {
        return None;
    }
    Some(names)
}

/// Whether a name is recognisably a party's: a person's, a company's or a government
/// body's by the rules' markers.
fn looks_like_party(plan: &SheetPlan, name: &str) -> bool {
    fields::party_kind_by(name, &plan.government_markers, &plan.company_markers)
        != fields::PartyKind::Unknown
}

/// Whether text is shaped like an identity number (证件号码): a checked 居民身份证号码 or
/// 统一社会信用代码, or another code of Latin letters, digits and hyphens with a digit in
/// it (an old 组织机构代码 such as 12345678-9, a passport number).
fn looks_like_id_number(text: &str) -> bool {
    fields::id_kind(text).is_some()
        || ((6..=32).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && text.bytes().any(|b| b.is_ascii_digit()))
}

/// The reason given for a row of amounts alone.
const AMOUNTS_ALONE: &str = "totals row (amounts alone, without a label or a case)";

/// Whether a cell holds a number, or text written like an amount (digits, separators, a
/// currency sign, 元 or 万).
fn looks_like_amount(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) => true,
        Cell::Text(t) => {
            let t = t.trim();
            t.bytes().any(|b| b.is_ascii_digit())
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c.is_whitespace() || ",.，¥￥元万".contains(c))
        }
        _ => false,
    }
}

/// Whether text is a count of cases (`3件`, `共3件`, `计 3 件`), as totals rows give it.
fn is_case_count(text: &str) -> bool {
    let Some(n) = text.trim().strip_suffix('件') else {
        return false;
    };
    let n = n.trim_start_matches(['共', '计', '合']);
    n.bytes().any(|b| b.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
}

/// The reason given for a section heading alone on its row.
const SECTION_HEADING: &str = "section heading (一、…)";

/// The reason given for an unnumbered heading alone on its row.
const HEADING: &str = "heading (a department or a group of cases: 柯桥法庭, 首执案件)";

/// Whether a lone text is a heading of a group of cases without a number (柯桥法庭,
/// 执行一庭, 首执案件, 绍兴市柯桥区人民法院): 2 to 20 Chinese characters (brackets and a
/// middle dot allowed) ending with one of `endings` (rows.toml). No digits or Latin
/// letters, so never a case number, a date or an amount.
fn unnumbered_heading(text: &str, endings: &[String]) -> bool {
    let n = text.chars().count();
    (2..=20).contains(&n)
        && text
            .chars()
            .all(|c| fields::is_han(c) || matches!(c, '（' | '）' | '(' | ')' | '·'))
        && endings
            .iter()
            .any(|e| text.ends_with(e.as_str()) && text != e)
}

/// Whether text starts with a section number in Chinese numerals: `一、`, `十二．`, `（三）`,
/// `(四)`.
fn section_numbered(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let (bracketed, rest) = match text.strip_prefix(['（', '(']) {
        Some(r) => (true, r),
        None => (false, text),
    };
    let digits = rest.chars().take_while(|&c| numeral(c)).count();
    if digits == 0 {
        return false;
    }
    // Numerals are three bytes each in UTF-8.
    let after = rest[digits * 3..].chars().next();
    match (bracketed, after) {
        (true, Some(c)) => matches!(c, '）' | ')'),
        (false, Some(c)) => matches!(c, '、' | '．' | '.'),
        _ => false,
    }
}

/// Whether text starts like a section heading or a numbered item (一、, 1., （2）).
fn heading_numbered(text: &str) -> bool {
    let mut chars = text.chars();
    let numeral = chars
        .next()
        .is_some_and(|c| "一二三四五六七八九十".contains(c));
    (numeral && chars.next() == Some('、')) || note_numbered(text, &[".".into(), "、".into()])
}

/// Whether a row takes the party rows below it: a case row with its case number, not a
/// footer or a heading, and not shifted (rejected whole).
fn anchors_party_rows(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> bool {
    let has_case_number = header
        .case_col
        .and_then(|c| row.cells.get(c))
        .and_then(fields::normalize_text)
        .is_some_and(|t| parse_case_number(&t).is_ok() || several_case_numbers(&t).is_some());
    has_case_number && shifted_row(plan, row).is_none() && non_data_reason(row, header).is_none()
}

/// Where the party rows at `start` end when the case above them (in an earlier part of
/// the batch, at or after `first`) takes them, else `start`: what the part with that case
/// decides, decided again here from the same rows. Rows before `taken` are party rows of
/// the case that ended the batch before.
fn party_rows_taken_above(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    first: usize,
    taken: usize,
    start: usize,
) -> usize {
    let mut look = Row::default();
    let is_party_row = |i: usize, look: &mut Row| is_party_row(plan, header, batch, i, look);
    if !is_party_row(start, &mut look) {
        return start;
    }
    let mut above = start - 1;
    while above > first && is_party_row(above, &mut look) {
        above -= 1;
    }
    let anchored = if is_party_row(above, &mut look) {
        above < taken
    } else {
        anchors_party_rows(plan, header, batch.row_in(above, &mut look))
    };
    if !anchored {
        return start;
    }
    party_rows_from(plan, header, batch, start).0
}

/// Whether row `i` of a batch is a party row ([`party_row`]); its case cell is looked at
/// first, without decoding the row.
fn is_party_row(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    i: usize,
    look: &mut Row,
) -> bool {
    header.case_col.is_some_and(|c| batch.cell_blank(i, c))
        && party_row(plan, header, batch.row_in(i, look)).is_some()
}

/// The party rows of a batch from row `start` on: where they end, and their names.
fn party_rows_from(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    start: usize,
) -> (usize, Vec<PartyRow>) {
    let mut names = Vec::new();
    let mut end = start;
    let Some(case_col) = header.case_col else {
        return (end, names);
    };
    let mut look = Row::default();
    while end < batch.len() && batch.cell_blank(end, case_col) {
        match party_row(plan, header, batch.row_in(end, &mut look)) {
            Some(n) => names.push(n),
            None => break,
        }
        end += 1;
    }
    (end, names)
}

/// A case row that ends a batch, or whose party rows end it: the party rows at the top of
/// the next batch are its own too.
struct Carried {
    row: Row,
    /// The names of its party rows in the batch it ends.
    names: Vec<PartyRow>,
}

/// The case that ends the batch (rows `taken..` of it), if one does: its row is the last
/// row, or only party rows follow it.
fn carried_case(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    taken: usize,
) -> Option<Carried> {
    let last = batch.len().checked_sub(1).filter(|&l| l >= taken)?;
    let mut look = Row::default();
    let is_party_row = |i: usize, look: &mut Row| is_party_row(plan, header, batch, i, look);
    let mut case = last;
    while case > taken && is_party_row(case, &mut look) {
        case -= 1;
    }
    let row = batch.row_in(case, &mut look).clone();
    if is_party_row(case, &mut Row::default()) || !anchors_party_rows(plan, header, &row) {
        return None;
    }
    let (end, names) = party_rows_from(plan, header, batch, case + 1);
    (end == batch.len()).then_some(Carried { row, names })
}

/// Classifies and parses rows `range` of a batch into a part with its own columns.
///
/// `below_footer`: the rows before the part ended with a footer or a note (制表人, 注：),
/// so numbered lines (`1. 本表数据截至…`) are notes, until the header comes again or a row
/// is written. Parts are parsed in parallel, each from the state at the start of its batch;
/// a part whose numbered lines depend on that state says so, and is parsed again with the
/// state the parts before it left when that differs (a footer at the end of one part and
/// its notes at the start of the next: rare, and only that part is read twice).
fn parse_part(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    range: std::ops::Range<usize>,
    first: usize,
    taken: usize,
    mut below_footer: bool,
) -> PolarsResult<Part> {
    let mut part = Part {
        started_below_footer: below_footer,
        ..Part::default()
    };
    let mut decided = false;
    let mut builders: Vec<ColumnBuilder> = out_columns(plan.table)
        .iter()
        .map(|c| ColumnBuilder::with_capacity(&c.name, c.ty, range.len()))
        .collect();
    let mut height = 0;
    // Buffers reused from row to row: a CSV row's cells (their strings keep their room)
    // and the parsed values.
    let mut scratch = Row::default();
    // A row whose ditto marks (同上) were replaced by the cells they stand for.
    let mut dittoed = Row::default();
    // Values borrow from their row: the buffer is recycled for each row's lifetime.
    let mut spare: Vec<Value<'static>> = Vec::with_capacity(64);
    // Party rows below a case: their names, and the end of the rows already taken into a
    // case. Party rows at the start of the part belong to the case above it when that case
    // takes them (the part before reads them as it does).
    let mut more: Vec<PartyRow> = Vec::new();
    let mut absorbed_to = range.start.max(taken);
    if range.start > first {
        absorbed_to = party_rows_taken_above(plan, header, batch, first, taken, range.start);
    }
    for i in range {
        if i < absorbed_to {
            *part.skipped.entry(PARTY_ROW.to_string()).or_default() += 1;
            continue;
        }
        let row: &Row = match batch {
            Batch::Rows(rows) => &rows[i],
            Batch::Records(records) => {
                records.row_into(i, &mut scratch);
                &scratch
            }
        };
        if row.cells.iter().all(|c| c.is_empty()) {
            part.blank += 1;
            continue;
        }
        let row: &Row = if has_ditto(plan, header, row) {
            fill_dittos(
                plan,
                header,
                batch,
                first..i,
                row,
                &mut dittoed,
                &mut part.rejects,
            );
            &dittoed
        } else {
            row
        };
        if (below_footer || !decided) && numbered_note(row, header) {
            part.depends_on_start |= !decided;
            if below_footer {
                *part.skipped.entry(NUMBERED_NOTE.to_string()).or_default() += 1;
                continue;
            }
        }
        if let Some((reason, below)) = non_data_reason(row, header) {
            if below == Below::NewHeader {
                // The rows from here on are read with that header (see `process_sheet`).
                part.new_header = Some(i);
                break;
            }
            if matches!(reason.as_str(), SECTION_HEADING | HEADING) {
                if let Some((text, _)) =
                    heading_state(plan, row).filter(|(_, s)| Some(*s) != plan.sheet_state)
                {
                    part.state_heading = Some((i, reason, text.to_string()));
                    break;
                }
            }
            if part.footer_date.is_none() {
                part.footer_date = labelled_date(row, MADE_ON_LABELS);
            }
            if part.unit_below.is_none() && below == Below::Footer {
                part.unit_below = stated_amount_unit(row).map(|u| (row.line, u));
            }
            *part.skipped.entry(reason).or_default() += 1;
            if below != Below::Same {
                below_footer = below == Below::Footer;
                decided = true;
            }
            continue;
        }
        part.data_rows += 1;
        let mut values = recycle(std::mem::take(&mut spare));
        // The names of party rows right below, for a case that can have them: they are
        // its parties, and the rows are not read again.
        more.clear();
        let mut below = i + 1;
        if let Some(case_col) = header.case_col {
            // Only a case row takes party rows (checked first: a run of party rows with
            // no case above would otherwise be scanned again from each of its rows).
            if below < batch.len()
                && batch.cell_blank(below, case_col)
                && anchors_party_rows(plan, header, row)
            {
                (below, more) = party_rows_from(plan, header, batch, below);
            }
        }
        let p = parse_row(plan, row, &mut values, &more);
        part.rejects.extend(p.rejects);
        part.unnamed.extend(p.unnamed);
        for why in p.read_as_empty {
            *part.read_as_empty.entry(why).or_default() += 1;
        }
        if p.whole_row_rejected {
            part.rows_rejected += 1;
            spare = recycle(values);
            continue;
        }
        part.rows_written += 1;
        absorbed_to = below;
        below_footer = false;
        decided = true;
        for (b, v) in builders.iter_mut().zip(values.drain(..)) {
            b.push(v);
        }
        spare = recycle(values);
        height += 1;
    }
    if height > 0 {
        part.frame = Some(columns::frame(builders, height)?);
    }
    part.ends_below_footer = decided.then_some(below_footer);
    Ok(part)
}

/// The state a section heading names (二、已结案件, 终本案件), in a sheet whose cases have
/// no status and no closure column: the rows below it take it, as a sheet's rows take
/// the state its name gives. The heading's text, and the state and method.
#[allow(clippy::type_complexity)]
fn heading_state<'p, 'r>(
    plan: &SheetPlan<'p>,
    row: &'r Row,
) -> Option<(&'r str, (&'static str, Option<&'p str>))> {
    if plan.table != TableKind::Cases
        || plan
            .mapping
            .iter()
            .flatten()
            .any(|f| matches!(f.ty, FieldType::Status | FieldType::Closure))
    {
        return None;
    }
    let text = row.cells.iter().find_map(|c| match c {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    })?;
    let numbering = |c: char| "一二三四五六七八九十、.．:：".contains(c);
    let state = state_of_sheet(plan.rules, text.trim_start_matches(numbering))?;
    Some((text, state))
}

/// The longest ditto mark of the rules, in bytes: a longer cell is none (a cheap test).
const DITTO_MAX_BYTES: usize = 12;

/// Whether a cell says "the same as above" ([`Rules::ditto_marks`]).
fn is_ditto(rules: &Rules, cell: &Cell) -> bool {
    // Cheap tests first: this looks at every cell. (A mark with spaces before it is
    // missed; clerks type the mark alone.)
    matches!(cell, Cell::Text(t) if t.len() <= DITTO_MAX_BYTES
        && t.chars().next().is_some_and(|c| rules.ditto_leads.contains(&c))
        && rules.ditto_marks.iter().any(|m| m == t.trim()))
}

/// Whether a row has a ditto mark outside its 案号 column.
fn has_ditto(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> bool {
    row.cells
        .iter()
        .enumerate()
        .any(|(c, cell)| Some(c) != header.case_col && is_ditto(plan.rules, cell))
}

/// How far up a ditto mark's value is looked for.
const DITTO_REACH: usize = 200;

/// `row` with each ditto mark (同上, 〃) replaced by the cell it stands for: the nearest
/// cell above in its column that is neither empty nor a mark itself, among the data rows of
/// this batch (`above`: from the first to the row's own). One with none in reach is read
/// as empty, and listed in the rejects.
fn fill_dittos(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    above: std::ops::Range<usize>,
    row: &Row,
    out: &mut Row,
    rejects: &mut Vec<Reject>,
) {
    out.clone_from(row);
    for c in 0..out.cells.len() {
        if Some(c) == header.case_col || !is_ditto(plan.rules, &out.cells[c]) {
            continue;
        }
        let above = (above.start.max(above.end.saturating_sub(DITTO_REACH))..above.end)
            .rev()
            .map(|j| batch.cell(j, c))
            .find(|cell| !cell.is_empty() && !is_ditto(plan.rules, cell));
        match above {
            Some(cell) => out.cells[c] = cell,
            None => {
                let field = plan
                    .mapping
                    .get(c)
                    .copied()
                    .flatten()
                    .map_or("extra", |f| f.name);
                rejects.push(reject(
                    plan,
                    row.line,
                    field,
                    Some(c),
                    out.cells[c].display(),
                    "同上 (the same as above) with no value above it in reach: read as empty"
                        .into(),
                ));
                out.cells[c] = Cell::Empty;
            }
        }
    }
}

/// Replaces a column that holds one value for the whole sheet (pushed as null per row).
fn fill_constant(df: &mut DataFrame, name: &str, value: AnyValue) -> PolarsResult<()> {
    let Ok(col) = df.column(name) else {
        return Ok(());
    };
    let dtype = col.dtype().clone();
    let height = df.height();
    let filled = match value {
        AnyValue::Null => Series::full_null(name.into(), height, &dtype),
        AnyValue::String(s) => StringChunked::full(name.into(), s, height).into_series(),
        AnyValue::Date(d) => Int32Chunked::full(name.into(), d, height)
            .into_series()
            .cast(&DataType::Date)?,
        other => Series::from_any_values(name.into(), &[other], false)?.new_from_index(0, height),
    };
    df.replace(name, filled.into_column())?;
    Ok(())
}

/// The columns of a 案号 written over several ([`CaseNoParts`]): the 案号 column and the
/// blank-headed columns right of it, or, when no column is the 案号, the parts the profile
/// names.
fn case_no_parts(
    profile: &Profile,
    headers: &[String],
    mapping: &[Option<&'static FieldSpec>],
) -> CaseNoParts {
    match mapping
        .iter()
        .position(|m| m.is_some_and(|f| f.name == "case_no"))
    {
        Some(c) => {
            let blank = |k: &usize| {
                mapping.get(*k).is_none_or(Option::is_none)
                    && headers.get(*k).is_some_and(|h| h.trim().is_empty())
            };
            let end = (c + 1..headers.len())
                .find(|k| !blank(k))
                .unwrap_or(headers.len());
            CaseNoParts {
                cols: if end > c + 1 {
                    (c..end).collect()
                } else {
                    Vec::new()
                },
                always: false,
            }
        }
        None => {
            let cols = profile.case_no_part_cols(headers, mapping);
            let always = !cols.is_empty();
            CaseNoParts { cols, always }
        }
    }
}

/// The plan and the header facts for the rows under `headers`: the sheet's header, or
/// the header of a section further down ([`Below::NewHeader`]).
#[allow(clippy::too_many_arguments)]
fn plan_for<'a>(
    file: &'a str,
    sheet_name: Option<&'a str>,
    profile: &'a Profile,
    rules: &'a Rules,
    headers: Vec<String>,
    default_unit: AmountUnit,
    delimited: bool,
) -> (SheetPlan<'a>, HeaderInfo<'a>) {
    let mapping = profile.map_headers(&headers);
    let case_no_parts = case_no_parts(profile, &headers, &mapping);
    let units: Vec<AmountUnit> = headers
        .iter()
        .map(|h| fields::unit_from_header(h).unwrap_or(default_unit))
        .collect();
    let names = column_names(&headers);
    let keys: Vec<String> = headers.iter().map(|h| profile::header_key(h)).collect();
    let mut marker_leads: Vec<MarkerLead> = rules
        .non_data_markers
        .iter()
        .filter_map(|m| marker_lead(&m.marker))
        .collect();
    marker_leads.sort_unstable();
    marker_leads.dedup();
    let totals_leads = CharSet::new(
        rules
            .non_data_markers
            .iter()
            .filter(|m| m.totals)
            .filter_map(|m| m.marker.chars().next()),
    );
    let header = HeaderInfo {
        profile,
        fields: mapping.iter().map(|m| m.map(|f| f.name)).collect(),
        row_number_cols: (0..keys.len())
            .filter(|&c| mapping[c].is_none() && rules.row_number_headers.contains(&keys[c]))
            .collect(),
        keys,
        texts: headers.clone(),
        case_col: mapping
            .iter()
            .position(|m| m.is_some_and(|f| f.ty == FieldType::CaseNo || f.name == "case_no")),
        markers: rules.non_data_markers.clone(),
        titles: Vec::new(),
        amount_cols: (0..mapping.len())
            .filter(|&c| mapping[c].is_some_and(|f| f.ty == FieldType::Amount))
            .collect(),
        party_cols: (0..mapping.len())
            .filter(|&c| mapping[c].is_some_and(|f| f.ty == FieldType::Parties))
            .collect(),
        heading_endings: rules
            .department_endings
            .iter()
            .chain(&rules.heading_endings)
            .cloned()
            .collect(),
        marker_leads,
        totals_leads,
        note_separators: rules.note_number_separators.clone(),
        example_marks: rules.example_marks.clone(),
        void_marks: rules.void_marks.clone(),
        page_lines: rules.page_lines.clone(),
        page_leads: {
            let mut leads: Vec<char> = rules
                .page_lines
                .iter()
                .filter_map(|p| p.chars().next())
                .collect();
            leads.sort_unstable();
            leads.dedup();
            leads
        },
    };
    let field_cols = profile
        .table
        .fields()
        .iter()
        .map(|f| {
            mapping
                .iter()
                .position(|m| m.is_some_and(|m| m.name == f.name))
        })
        .collect();
    let also_cols = profile
        .table
        .fields()
        .iter()
        .map(|f| {
            (0..headers.len())
                .filter(|&c| mapping[c].is_none())
                .filter(|&c| {
                    if f.ty == FieldType::Parties {
                        profile
                            .field_at(&headers, c)
                            .is_some_and(|m| m.name == f.name)
                    } else {
                        profile
                            .field_by_key(&headers[c])
                            .is_some_and(|m| m.name == f.name)
                    }
                })
                .collect()
        })
        .collect();
    let closed_by_terminating = mapping.iter().zip(&headers).any(|(m, h)| {
        m.is_some_and(|f| f.name == "closed_on") && (h.contains("终本") || h.contains("终结本次"))
    });
    let named = sheet_name
        .filter(|_| profile.table == TableKind::Cases)
        .and_then(|name| state_of_sheet(rules, name.trim()));
    let sheet_state = named.filter(|_| {
        !mapping
            .iter()
            .flatten()
            .any(|f| matches!(f.ty, FieldType::Status | FieldType::Closure))
    });
    let plan = SheetPlan {
        file,
        sheet: sheet_name,
        table: profile.table,
        mapping,
        units,
        closed_by_terminating,
        field_cols,
        also_cols,
        rules,
        government_markers: fields::Markers::new(&rules.government_markers),
        company_markers: fields::Markers::new(&rules.company_markers),
        representative_markers: fields::Markers::new(&rules.representative_labels),
        name_note_markers: fields::Markers::new(&rules.name_notes),
        person_detail_markers: fields::Markers::new(&rules.person_details),
        name_note_endings: fields::Markers::new(&rules.name_note_endings),
        ending_lasts: rules
            .name_note_endings
            .iter()
            .filter_map(|e| e.chars().next_back())
            .collect(),
        role_markers: fields::Markers::new(
            &rules
                .role_labels
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>(),
        ),
        delimited,
        sheet_state,
        named_state: named.map(|(state, _)| state),
        row_width: None,
        unnamed_cols: (0..headers.len())
            .filter(|&c| headers[c].trim().is_empty())
            .collect(),
        headers,
        names,
        case_no_parts,
    };
    (plan, header)
}

/// The manifest's record of how a header's columns were read: each mapped column's field,
/// the unmapped ones, and a 案号 written over several columns.
fn record_columns(entry: &mut SheetEntry, plan: &SheetPlan) {
    let (headers, mapping, names, case_no_parts) = (
        &plan.headers,
        &plan.mapping,
        &plan.names,
        &plan.case_no_parts,
    );
    if case_no_parts.cols.len() > 1 {
        let shown: Vec<&str> = case_no_parts
            .cols
            .iter()
            .map(|&c| names[c].as_str())
            .collect();
        let note = format!(
            "案号 written over columns {}: joined into one{}",
            shown.join(" | "),
            if case_no_parts.always {
                ""
            } else {
                " where the first alone is no 案号"
            }
        );
        entry.add_note(note);
    }
    // A later column of a field: parties are read from it always; another field's value
    // only when the first column is empty (else it stays in `extra`, as unmapped).
    let also = |c: usize| {
        plan.table
            .fields()
            .iter()
            .zip(&plan.also_cols)
            .find(|(_, cols)| cols.contains(&c))
            .map(|(f, _)| f)
    };
    for (c, ((h, m), name)) in headers.iter().zip(mapping).zip(names).enumerate() {
        match m {
            Some(spec) => {
                entry.columns.insert(h.clone(), spec.name.to_string());
            }
            None if also(c).is_some_and(|f| f.ty == FieldType::Parties) => {
                entry
                    .columns
                    .insert(name.clone(), also(c).map_or("", |f| f.name).to_string());
            }
            None if !h.is_empty() && !entry.unmapped_columns.contains(name) => {
                entry.unmapped_columns.push(name.clone())
            }
            None => {}
        }
    }
}

/// Finds the header and classifies and parses every row of one sheet, batch by batch as
/// the reader delivers them. `Ok(None)`: the reader restarts the sheet.
#[allow(clippy::too_many_arguments)]
fn process_sheet(
    file: &str,
    sheet_name: Option<&str>,
    reader: &mut FileReader,
    profiles: &[Profile],
    only: Option<usize>,
    rules: &Rules,
    exported_on: Option<NaiveDate>,
    must_have_header: bool,
) -> Result<Option<SheetOutcome>> {
    let mut rows = SheetRows::new(reader);
    let mut entry = SheetEntry::new(sheet_name, 0);
    let head = match rows.head(profile::HEADER_SEARCH_ROWS)? {
        Ok(h) => h,
        Err(Restart) => return Ok(None),
    };
    let candidates: Vec<Vec<String>> = head.iter().map(header_texts).collect();
    let choice: Option<HeaderChoice> = profile::choose_header(&candidates, profiles, only);
    let Some(choice) = choice.filter(|c| c.mapped >= 2 || only.is_some()) else {
        if must_have_header {
            return Err(no_header_error(file, sheet_name, &candidates, profiles));
        }
        // A sheet with no header at all (notes, charts, an empty sheet): every row is
        // accounted as skipped.
        if skip_sheet(&mut rows, &mut entry, "sheet without a recognisable header")?.is_none() {
            return Ok(None);
        }
        entry.note = Some("no header row found: sheet skipped".into());
        return Ok(Some(SheetOutcome::skipped(entry, candidates, None)));
    };
    let profile = &profiles[choice.profile_index];
    let header_row = &head[choice.row_index];
    let (headers, header_height) = header_names(profile, header_row, &head[choice.row_index + 1..]);
    let mapping = profile.map_headers(&headers);
    let case_no_parts = case_no_parts(profile, &headers, &mapping);
    let mut without_filing = None;
    let missing: Vec<&str> = profile
        .missing_required(&mapping)
        .into_iter()
        .filter(|m| *m != "case_no" || !case_no_parts.always)
        .collect();
    if !missing.is_empty() {
        let synonyms: Vec<String> = missing
            .iter()
            .map(|m| {
                format!(
                    "{m} ({})",
                    profile
                        .synonyms
                        .get(*m)
                        .map(|v| v.join("/"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let refusal = Error::Input {
            file: located(file, sheet_name),
            row: Some(header_row.line),
            column: None,
            message: format!(
                "no column for the required field(s) {} under profile {}; the header row has: {}",
                synonyms.join(", "),
                profile.name,
                headers
                    .iter()
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // A workbook's other sheets are often a summary by officer or month (承办人 |
        // 案件数 | 标的额) or a pivot table: headers that name a field or two of the table,
        // but no case number. Such a sheet is not a case list: it is skipped and noted, and
        // the workbook's case list is read. A sheet that has a case-number column is a case
        // list that cannot be read, and stops the run.
        let lists_cases = mapping.iter().flatten().any(|f| f.name == "case_no");
        // A workbook's sheet of one kind of case (终本案件: 案号 | 被执行人 | 终本日期) beside
        // its full list: read without filing dates (each row says so in the rejects; the
        // same case on another sheet gives its date when they are merged), unless no sheet
        // of the file has a 立案日期 column (then the file is refused: see process_file).
        if lists_cases && !must_have_header && missing == ["filed_on"] {
            without_filing = Some(refusal);
        } else if must_have_header || lists_cases {
            return Err(refusal);
        } else {
            let reason = format!("sheet without a column for {}", missing.join(", "));
            if skip_sheet(&mut rows, &mut entry, &reason)?.is_none() {
                return Ok(None);
            }
            entry.note = Some(format!(
                "row {} maps {} but has no column for {}: not a case list (a summary or pivot \
             sheet?), sheet skipped",
                header_row.line,
                mapping
                    .iter()
                    .flatten()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", "),
                missing.join(", ")
            ));
            return Ok(Some(SheetOutcome::skipped(
                entry,
                candidates,
                Some(refusal),
            )));
        }
    }
    // A unit stated for the whole table above it or beside its header (单位：万元) is the
    // unit of every amount column whose header names none: statistical tables put it there
    // rather than in each header, and reading such amounts in 元 would understate them
    // ten-thousandfold.
    let stated_unit = head[..choice.row_index + header_height]
        .iter()
        .find_map(stated_amount_unit);
    let default_unit = match stated_unit {
        Some(u) => u,
        None if profile.default_wan_yuan => AmountUnit::WanYuan,
        None => AmountUnit::Yuan,
    };
    entry.profile = Some(profile.name.clone());
    entry.table = Some(profile.table.name().to_string());
    entry.header_row = Some(header_row.line);
    entry.header_rows = choice.row_index + header_height;
    if let Some(u) = stated_unit {
        entry.note = Some(format!(
            "amounts whose header names no unit are in {}, as the table states (单位)",
            u.label()
        ));
    }
    let title_rows = &head[..choice.row_index];
    let title_date = title_rows
        .iter()
        .find_map(|r| labelled_date(r, AS_OF_LABELS))
        .or_else(|| {
            title_rows
                .iter()
                .find_map(|r| labelled_date(r, MADE_ON_LABELS))
        })
        .or_else(|| title_rows.iter().find_map(date_before_made));
    let delimited = matches!(rows.reader.format, "csv" | "tsv");
    let (mut plan, mut header) = plan_for(
        file,
        sheet_name,
        profile,
        rules,
        headers,
        default_unit,
        delimited,
    );
    // A title alone on its row, as a printed export repeats it on every page.
    let titles: Vec<String> = head[..choice.row_index]
        .iter()
        .filter_map(|r| {
            let mut filled = r.cells.iter().filter(|c| !c.is_empty());
            match (filled.next(), filled.next()) {
                (Some(Cell::Text(t)), None) => Some(t.trim().to_string()),
                _ => None,
            }
        })
        .collect();
    header.titles = titles.clone();
    record_columns(&mut entry, &plan);

    // Classify and parse batch by batch: each batch is cut into parts parsed in parallel,
    // each part building its own columns, kept in input order (so the table is the same
    // whatever the thread count) while the reader fills the next batch.
    let t = std::time::Instant::now();
    rows.skip(choice.row_index + header_height);
    let mut frames: Vec<DataFrame> = Vec::new();
    let mut rejects = Vec::new();
    let mut footer_export_date = None;
    let mut unit_below: Option<(usize, AmountUnit)> = None;
    // Delimited text: the width of its rows, from the first batch (see `SheetPlan::row_width`).
    let mut row_width: Option<Option<usize>> = None;
    let mut unnamed = std::collections::BTreeSet::new();
    // Whether the rows read so far ended below a footer (see `parse_part`).
    let mut below_footer = false;
    // The case that ended the batch before, with the names of its party rows so far.
    let mut carry: Option<Carried> = None;
    loop {
        let (batch, start) = match rows.next_batch()? {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(Restart) => return Ok(None),
        };
        let polars_error =
            |e| Error::polars(format!("assembling the {} table", profile.table.name()), e);
        if plan.delimited && row_width.is_none() {
            row_width = Some(usual_row_width(&batch, start, plan.headers.len()));
            plan.row_width = row_width.flatten();
        }
        // Party rows at the top of the batch belong to the case that ended the batch
        // before, when one did: its row is parsed again with them and replaces its first
        // reading, the last row of the table so far.
        let mut taken = start;
        if let Some(carried) = carry.take() {
            let (end, names) = party_rows_from(&plan, &header, &batch, start);
            if end > start {
                taken = end;
                let mut more = carried.names;
                more.extend(names);
                let mut values = Vec::new();
                parse_row(&plan, &carried.row, &mut values, &more);
                let mut builders: Vec<ColumnBuilder> = out_columns(plan.table)
                    .iter()
                    .map(|c| ColumnBuilder::with_capacity(&c.name, c.ty, 1))
                    .collect();
                for (b, v) in builders.iter_mut().zip(values.drain(..)) {
                    b.push(v);
                }
                let case = columns::frame(builders, 1).map_err(polars_error)?;
                if let Some(last) = frames.pop() {
                    let mut kept = last.slice(0, last.height().saturating_sub(1));
                    kept.vstack_mut(&case).map_err(polars_error)?;
                    frames.push(kept);
                }
            }
        }
        // Rows from `first` on are read with `header`, until a new section's header.
        let mut first = start;
        loop {
            let mut new_header = None;
            let mut state_heading = None;
            let ranges: Vec<std::ops::Range<usize>> = (first..batch.len())
                .step_by(PART_ROWS)
                .map(|s| s..(s + PART_ROWS).min(batch.len()))
                .collect();
            let parts: Vec<Part> = ranges
                .par_iter()
                .map(|r| {
                    parse_part(
                        &plan,
                        &header,
                        &batch,
                        r.clone(),
                        first,
                        taken,
                        below_footer,
                    )
                })
                .collect::<PolarsResult<_>>()
                .map_err(polars_error)?;
            for (p, range) in parts.into_iter().zip(ranges) {
                let p = if p.depends_on_start && p.started_below_footer != below_footer {
                    parse_part(&plan, &header, &batch, range, first, taken, below_footer)
                        .map_err(polars_error)?
                } else {
                    p
                };
                below_footer = p.ends_below_footer.unwrap_or(below_footer);
                entry.blank_rows += p.blank;
                for (reason, n) in p.skipped {
                    *entry.skipped.entry(reason).or_default() += n;
                }
                for (why, n) in p.read_as_empty {
                    *entry.read_as_empty.entry(why).or_default() += n;
                }
                if footer_export_date.is_none() {
                    footer_export_date = p.footer_date;
                }
                if unit_below.is_none() {
                    unit_below = p.unit_below;
                }
                entry.data_rows += p.data_rows;
                entry.rows_written += p.rows_written;
                entry.rows_rejected += p.rows_rejected;
                for r in &p.rejects {
                    if !r.whole_row {
                        *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
                    }
                }
                rejects.extend(p.rejects);
                frames.extend(p.frame);
                unnamed.extend(p.unnamed);
                if p.new_header.is_some() {
                    // The parts after it were read with the header above: read them again.
                    new_header = p.new_header;
                    break;
                }
                if let Some((at, reason, text)) = p.state_heading {
                    // A heading naming a state (二、已结案件): the rows below it take it,
                    // and the parts after it are read again with it.
                    *entry.skipped.entry(reason).or_default() += 1;
                    let row = Row {
                        cells: vec![Cell::Text(text)],
                        ..Row::default()
                    };
                    plan.sheet_state = heading_state(&plan, &row).map(|(_, s)| s);
                    state_heading = Some(at);
                    break;
                }
            }
            if let Some(at) = state_heading {
                below_footer = false;
                first = at + 1;
                taken = first;
                continue;
            }
            let Some(at) = new_header else { break };
            // A new section's header: the rows below it are read with its columns.
            let mut scratch = Row::default();
            let row = batch.row_in(at, &mut scratch).clone();
            let next: Vec<Row> = (at + 1..batch.len().min(at + 3))
                .map(|i| batch.row_in(i, &mut scratch).clone())
                .collect();
            let (headers, height) = header_names(profile, &row, &next);
            let height = height.min(batch.len() - at);
            below_footer = false;
            first = at + height;
            taken = first;
            if headers == plan.headers {
                // The first row of a header over two rows, printed again: the same header.
                *entry
                    .skipped
                    .entry(REPEATED_HEADER.to_string())
                    .or_default() += height;
                continue;
            }
            *entry.skipped.entry(NEW_HEADER.to_string()).or_default() += height;
            let note = format!(
                "a new section's header at row {}: the rows below it are read with its columns",
                row.line
            );
            entry.add_note(note);
            (plan, header) = plan_for(
                file,
                sheet_name,
                profile,
                rules,
                headers,
                default_unit,
                delimited,
            );
            header.titles = titles.clone();
            // The section's rows have its header's width: seen from its rows in this batch,
            // or, when they are too few here, from the next batch.
            if plan.delimited {
                let enough = batch.len().saturating_sub(first) >= 16;
                plan.row_width =
                    usual_row_width(&batch, first, plan.headers.len()).filter(|_| enough);
                row_width = enough.then_some(plan.row_width);
            }
            record_columns(&mut entry, &plan);
        }
        carry = carried_case(&plan, &header, &batch, taken);
        rows.reader.recycle(batch);
    }
    timing("read + parse rows", t);
    if let Some(&last) = unnamed.last() {
        // Listed in column order among the named ones; a column without a name and without
        // a value is not a column of the table.
        entry.unmapped_columns = (0..plan.headers.len().max(last + 1))
            .filter(|&c| plan.mapping.get(c).copied().flatten().is_none())
            .filter(|&c| !plan.is_unnamed(c) || unnamed.contains(&c))
            .map(|c| plan.column_name(c).into_owned())
            .collect();
    }
    entry.rows_read = rows.received;
    // A unit stated only below the table, other than the one the amounts were read in:
    // the rows are read by then, and reading them again would mean reading the file again.
    // Said loudly instead (a reject, and the sheet's note), for the statistician to state
    // the unit where it is read (in the header or above the table) and ingest again.
    if let Some((line, unit)) =
        unit_below.filter(|&(_, u)| stated_unit.is_none() && u != default_unit)
    {
        let amount_cols: Vec<usize> = (0..plan.mapping.len())
            .filter(|&c| plan.mapping[c].is_some_and(|f| f.ty == FieldType::Amount))
            .filter(|&c| fields::unit_from_header(&plan.headers[c]).is_none())
            .collect();
        if !amount_cols.is_empty() {
            let shown: Vec<&str> = amount_cols
                .iter()
                .map(|&c| plan.names[c].as_str())
                .collect();
            let message = format!(
                "the note below the table states amounts in {}, but {} name(s) no unit and \
                 were read in {}: write the unit in the header (标的额（{}）) or above the \
                 table (单位：{}) and ingest again",
                unit.label(),
                shown.join(", "),
                default_unit.label(),
                unit.label(),
                unit.label()
            );
            rejects.push(reject(
                &plan,
                line,
                "amount unit",
                None,
                unit.label().into(),
                message.clone(),
            ));
            *entry.field_rejects.entry("amount unit".into()).or_default() += 1;
            entry.add_note(message);
        }
    }
    let exported = exported_on.or(title_date).or(footer_export_date);
    entry.exported_on = exported.map(|d| d.to_string());

    // A workbook with a sheet per department (执行一庭, 执行二庭) and no 部门 column: the
    // sheet's name is the team of its cases whose row names none.
    let sheet_team = sheet_name
        .map(str::trim)
        .filter(|_| profile.table == TableKind::Cases)
        .filter(|_| !plan.mapping.iter().flatten().any(|f| f.name == "team"))
        .filter(|n| unnumbered_heading(n, &rules.department_endings));
    if let Some(team) = sheet_team {
        let note = format!("team (部门) taken from the sheet's name: {team}");
        entry.add_note(note);
    }
    // A ledger with a sheet per officer (王五, titled 王五承办未结案件清单) and no 承办人
    // column: the sheet's name is the officer of its cases whose row names none. Only
    // when the title says so: a sheet name of two characters (明细, 数据) looks like a
    // name too.
    let sheet_officer = sheet_name
        .map(str::trim)
        .filter(|_| profile.table == TableKind::Cases)
        .filter(|_| !plan.mapping.iter().flatten().any(|f| f.name == "officer"))
        .filter(|n| fields::looks_like_person(n))
        .filter(|n| {
            let marks = [
                format!("{n}承办"),
                format!("承办人：{n}"),
                format!("承办人:{n}"),
                format!("承办人{n}"),
                format!("{n}名下"),
            ];
            head[..choice.row_index].iter().any(|r| {
                r.cells.iter().any(|c| {
                    let t: String = c.display().chars().filter(|c| !c.is_whitespace()).collect();
                    marks.iter().any(|m| t.contains(m.as_str()))
                })
            })
        });
    if let Some(officer) = sheet_officer {
        entry.add_note(format!(
            "officer (承办人) taken from the sheet's name, as its title names them: {officer}"
        ));
    }
    // The court a title names (绍兴市柯桥区人民法院执行案件清单): the 法院 of the sheet's
    // cases whose row names none, so that a case whose 案号 shows no court (blank, 暂无)
    // or only an old abbreviation (金东) is counted under its court.
    let title_court: Option<String> = (profile.table == TableKind::Cases)
        .then(|| {
            head[..choice.row_index]
                .iter()
                .flat_map(|r| r.cells.iter())
                .find_map(|c| court_in_title(&c.display()))
        })
        .flatten();
    let assemble = || -> PolarsResult<DataFrame> {
        let mut df = if frames.is_empty() {
            columns::frame(
                out_columns(profile.table)
                    .iter()
                    .map(|c| ColumnBuilder::new(&c.name, c.ty))
                    .collect(),
                0,
            )?
        } else {
            concat_frames(frames)?
        };
        for (name, value) in [
            ("team", sheet_team),
            ("officer", sheet_officer),
            ("court_name", title_court.as_deref()),
        ] {
            if let Some(value) = value {
                let filled: StringChunked = df
                    .column(name)?
                    .str()?
                    .iter()
                    .map(|t| Some(t.unwrap_or(value)))
                    .collect();
                df.replace(name, filled.with_name(name.into()).into_column())?;
            }
        }
        // Values that are the same for every row of the sheet are filled once here; the
        // export date may come from a footer below the last data row.
        fill_constant(&mut df, "source_file", AnyValue::String(file))?;
        fill_constant(
            &mut df,
            "source_sheet",
            sheet_name.map_or(AnyValue::Null, AnyValue::String),
        )?;
        if profile.table == TableKind::Cases {
            let epoch_days = exported.and_then(|d| {
                NaiveDate::from_ymd_opt(1970, 1, 1)
                    .and_then(|e| i32::try_from((d - e).num_days()).ok())
            });
            fill_constant(
                &mut df,
                "exported_on",
                epoch_days.map_or(AnyValue::Null, AnyValue::Date),
            )?;
        }
        Ok(df)
    };
    let mut frame = assemble()
        .map_err(|e| Error::polars(format!("assembling the {} table", profile.table.name()), e))?;
    if profile.table == TableKind::Cases {
        let found = implied_courts(&plan, &mut frame)
            .map_err(|e| Error::polars("giving case numbers without a court its court", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        let (found, other_years) = impossible_dates(&plan, &frame, exported)
            .map_err(|e| Error::polars("checking the dates against each other", e))?;
        if other_years > 0 {
            entry.add_note(format!(
                "{other_years} of {} rows have a 立案日期 in another year than their 案号's \
                 (the 案号's year is the year of filing): too many to be typos, so not listed \
                 one by one; check how the file was made",
                frame.height()
            ));
        }
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
    }
    if without_filing.is_some() {
        entry.add_note(
            "no 立案日期 column: read without filing dates (each row is a field reject; the \
             same case on another sheet or file gives its date)"
                .to_string(),
        );
    }
    if profile.table == TableKind::Deductions {
        let found = ends_from_days(&plan, &mut frame)
            .map_err(|e| Error::polars("reading the deducted periods' days", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        let found = reversed_periods(&plan, &frame)
            .map_err(|e| Error::polars("checking the deducted periods", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
    }
    Ok(Some(SheetOutcome {
        entry,
        table: Some(profile.table),
        frame: Some(frame),
        rejects,
        candidates,
        refusal: without_filing,
    }))
}

/// Case numbers written without their court's code (`（2024）执1001号`, a clerk's short
/// form), which the parser takes for the Supreme People's Court's, in a sheet whose other
/// case numbers are nearly all of one court: that court's, as the sheet's other numbers
/// and another export of the same case spell it. Each is listed in the rejects. A sheet
/// without such a court keeps the parser's reading.
fn implied_courts(plan: &SheetPlan, df: &mut DataFrame) -> PolarsResult<Vec<Reject>> {
    let raws = df.column("case_no_raw")?.str()?.clone();
    let codes = df.column("court_code")?.str()?.clone();
    let implied = |i: usize| {
        codes.get(i) == Some("最高法") && raws.get(i).is_some_and(|r| !r.contains("最高"))
    };
    let rows: Vec<usize> = (0..df.height()).filter(|&i| implied(i)).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut coded = 0usize;
    for i in (0..df.height()).filter(|&i| !implied(i)) {
        if let Some(c) = codes.get(i) {
            *counts.entry(c).or_default() += 1;
            coded += 1;
        }
    }
    // Nearly all of one court (ties to the first in code order).
    let Some((court, n)) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(c, n)| (c.to_string(), *n))
    else {
        return Ok(Vec::new());
    };
    if n * 10 < coded * 9 {
        return Ok(Vec::new());
    }
    let names = ["case_no", "case_key", "court_code", "case_no_style"];
    let mut cols: Vec<Vec<Option<String>>> = names
        .iter()
        .map(|n| {
            Ok(df
                .column(n)?
                .str()?
                .iter()
                .map(|v| v.map(String::from))
                .collect())
        })
        .collect::<PolarsResult<_>>()?;
    let lines = df.column("source_row")?.i64()?.clone();
    let mut found = Vec::new();
    let case_col = plan.field_col("case_no");
    for i in rows {
        let Some(raw) = raws.get(i) else { continue };
        let Ok(mut c) = parse_case_number(raw) else {
            continue;
        };
        c.court_code = court.clone();
        c.warnings.clear();
        if !raw.contains('字') {
            c.style = casenum::Style::New;
        }
        cols[0][i] = Some(c.case_no());
        cols[1][i] = Some(c.case_key());
        cols[2][i] = Some(court.clone());
        cols[3][i] = Some(c.style.as_str().to_string());
        found.push(reject(
            plan,
            lines
                .get(i)
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0),
            "case_no",
            case_col,
            raw.to_string(),
            format!(
                "no court code (法院代字) in the case number: taken as {court}'s, the court of \
                 the sheet's other case numbers"
            ),
        ));
    }
    for (name, values) in names.iter().zip(cols) {
        let ca: StringChunked = values.into_iter().collect();
        df.replace(name, ca.with_name((*name).into()).into_column())?;
    }
    Ok(found)
}

/// Dates that cannot both be right, kept as written and listed in the rejects: a filing or
/// closing date after the export date (the export cannot know it: one of the two dates is
/// mistyped), and a closing date before the filing date (trend leaves such a case out of
/// the durations and lists it in `trend_case_anomalies`).
/// Second, the number of rows whose 立案日期 is in another year than their 案号's when
/// they are too many to list (0 when they are listed).
/// Deducted periods (扣除期间) that end before they start: a typo in one of the two dates.
/// The row is kept as written, and deducts nothing (classify counts no negative period).
/// Fills a deducted period's end from its length where the register gives days instead of
/// an end (开始日期 2025-07-01, 扣除天数 30 → ends 2025-07-31: 30 days deducted). Left
/// open, the period would run to the census date. An end given beside days that disagree
/// is kept, and the disagreement noted.
fn ends_from_days(plan: &SheetPlan, df: &mut DataFrame) -> PolarsResult<Vec<Reject>> {
    let Ok(days) = df.column("days").and_then(|c| c.i64().cloned()) else {
        return Ok(Vec::new());
    };
    if days.null_count() == days.len() {
        return Ok(Vec::new());
    }
    let start = df.column("start_on")?.date()?.physical().clone();
    let end = df.column("end_on")?.date()?.physical().clone();
    let lines = df.column("source_row")?.i64()?.clone();
    let col = plan.field_col("days");
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let mut found = Vec::new();
    let filled: Int32Chunked = (0..df.height())
        .map(|i| match (start.get(i), end.get(i), days.get(i)) {
            (Some(s), None, Some(n)) => i32::try_from(n).ok().and_then(|n| s.checked_add(n)),
            (Some(s), Some(e), Some(n)) => {
                if i64::from(e - s) != n {
                    found.push(reject(
                        plan,
                        lines.get(i).unwrap_or(0).max(0) as usize,
                        "days",
                        col,
                        n.to_string(),
                        format!(
                            "扣除天数 {n} and the period {} to {} ({} days) disagree: the dates                              are used",
                            day(s),
                            day(e),
                            e - s
                        ),
                    ));
                }
                Some(e)
            }
            (_, e, _) => e,
        })
        .collect();
    let filled = filled
        .with_name("end_on".into())
        .into_column()
        .cast(&DataType::Date)?;
    df.replace("end_on", filled)?;
    Ok(found)
}

fn reversed_periods(plan: &SheetPlan, df: &DataFrame) -> PolarsResult<Vec<Reject>> {
    let (start, end) = (
        df.column("start_on")?.date()?.physical().clone(),
        df.column("end_on")?.date()?.physical().clone(),
    );
    let lines = df.column("source_row")?.i64()?;
    let col = plan.field_col("end_on");
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let mut found = Vec::new();
    for i in 0..df.height() {
        if let (Some(s), Some(e)) = (start.get(i), end.get(i)) {
            if e < s {
                found.push(reject(
                    plan,
                    lines.get(i).unwrap_or(0).max(0) as usize,
                    "end_on",
                    col,
                    day(e).to_string(),
                    format!(
                        "结束日期 before 开始日期 {}: the period deducts nothing until one of \
                         the two is corrected",
                        day(s)
                    ),
                ));
            }
        }
    }
    Ok(found)
}

fn impossible_dates(
    plan: &SheetPlan,
    df: &DataFrame,
    exported: Option<NaiveDate>,
) -> PolarsResult<(Vec<Reject>, usize)> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let days = |name: &str| -> PolarsResult<Int32Chunked> {
        Ok(df.column(name)?.date()?.physical().clone())
    };
    let (filed, closed) = (days("filed_on")?, days("closed_on")?);
    let lines = df.column("source_row")?.i64()?;
    let years = df.column("year")?.i32()?;
    let col_of = |name: &str| plan.field_col(name);
    let export = exported.map(|e| (e - epoch).num_days());
    let (mut found, mut other_year) = (Vec::new(), Vec::new());
    for i in 0..df.height() {
        let (f, c) = (filed.get(i), closed.get(i));
        let line = lines.get(i).unwrap_or(0).max(0) as usize;
        for (name, label, d) in [("filed_on", "立案日期", f), ("closed_on", "结案日期", c)]
        {
            if let (Some(d), Some(e)) = (d, export) {
                if i64::from(d) > e {
                    found.push(reject(
                        plan,
                        line,
                        name,
                        col_of(name),
                        day(d).to_string(),
                        format!(
                            "{label} after the export date {}: kept as written, but one of the \
                             two is wrong (the export date is --exported-on or the title's)",
                            day(e as i32)
                        ),
                    ));
                }
            }
        }
        // The 案号's year is the year the case was filed (收案年度): a 立案日期 in another
        // year, but for the last days of December before it, is a typo in one of the two,
        // and would make a new case look years old.
        if let (Some(f), Some(y)) = (f, years.get(i)) {
            let filed = day(f);
            let december_before = filed.year() == y - 1 && filed.month() == 12;
            if filed.year() != y && !december_before {
                other_year.push((line, filed, y));
            }
        }
        if let (Some(f), Some(c)) = (f, c) {
            if c < f {
                found.push(reject(
                    plan,
                    line,
                    "closed_on",
                    col_of("closed_on"),
                    day(c).to_string(),
                    format!(
                        "结案日期 before the 立案日期 {}: kept as written, but one of the two is \
                         wrong (trend leaves the case out of the durations)",
                        day(f)
                    ),
                ));
            }
        }
    }
    // A typo is an outlier; most of a sheet's rows in another year than their 案号's is the
    // way the sheet was made (numbers given afresh): said once, by the caller, in a note.
    if other_year.len() > 3 && other_year.len() * 20 > df.height() {
        return Ok((found, other_year.len()));
    }
    for (line, filed, y) in other_year {
        found.push(reject(
            plan,
            line,
            "filed_on",
            col_of("filed_on"),
            filed.to_string(),
            format!(
                "立案日期 in {}, but the 案号 is of {y}: kept as written, but one of the two \
                 is wrong (the case's age and deadline count from this date)",
                filed.year()
            ),
        ));
    }
    found.sort_by_key(|r| r.source_row);
    Ok((found, 0))
}

fn no_header_error(
    file: &str,
    sheet: Option<&str>,
    rows: &[Vec<String>],
    profiles: &[Profile],
) -> Error {
    let seen = rows
        .iter()
        .find(|r| r.iter().any(|c| !c.is_empty()))
        .map(|r| {
            r.iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "(nothing: the file is empty)".into());
    let known: Vec<String> = profiles
        .iter()
        .filter(|p| p.table == TableKind::Cases)
        .flat_map(|p| {
            ["case_no", "filed_on"].into_iter().map(move |f| {
                format!(
                    "{f}: {}",
                    p.synonyms.get(f).map(|v| v.join("/")).unwrap_or_default()
                )
            })
        })
        .collect();
    Error::Input {
        file: located(file, sheet),
        row: None,
        column: None,
        message: format!(
            "no header row found in the first {} rows; the first non-empty row has: {seen}; \
             known headers include {}",
            profile::HEADER_SEARCH_ROWS,
            known.join("; ")
        ),
    }
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
    let file = path.display().to_string();
    let t = std::time::Instant::now();
    let mut reader = source::open(path, cfg.sheet.as_deref(), &cfg.limits)?;
    timing("open (hash, encoding)", t);
    let mut sheets = Vec::new();
    while let Some(event) = reader.next_event()? {
        let Event::Sheet {
            name,
            sheets: n,
            hidden,
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
                cfg.exported_on,
                n == 1,
            )? {
                break o;
            }
        };
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
        ));
    }
    let mut entry = FileEntry::new(&file, reader.size_bytes, reader.sha256.clone());
    entry.format = reader.format.to_string();
    entry.encoding = reader.encoding.map(String::from);
    entry.notes = reader.notes.clone();
    Ok(FileOutcome { entry, sheets })
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
    for input in &cfg.inputs {
        if !input.is_file() {
            return Err(Error::Usage(format!("{}: no such file", input.display())));
        }
    }
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

    let outcomes: Vec<FileOutcome> = inputs
        .par_iter()
        .map(|(p, _)| process_file(p, cfg, &profiles, only, &rules))
        .collect::<Result<Vec<_>>>()?;

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

    let t = std::time::Instant::now();
    write_outputs(&cfg.out, &mut tables, &rejects, &manifest)?;
    timing("write", t);
    Ok(IngestReport {
        manifest,
        tables,
        rejects,
    })
}

/// How a file's manifest note begins when another input has the same bytes.
const SAME_CONTENT: &str = "the same content as";

/// The notes of inputs that repeat another (named twice, or the same bytes under another
/// name), as (file, note): worth a warning, since their rows may be counted twice.
pub fn repeated_inputs(m: &Manifest) -> impl Iterator<Item = (&str, &str)> {
    m.files.iter().flat_map(|f| {
        f.notes
            .iter()
            .filter(|n| n.starts_with(SAME_CONTENT) || n.starts_with("named "))
            .map(|n| (f.path.as_str(), n.as_str()))
    })
}

/// Frames of one table, one after another, in one chunk.
fn concat_frames(parts: Vec<DataFrame>) -> PolarsResult<DataFrame> {
    let mut iter = parts.into_iter();
    let mut first = match iter.next() {
        Some(f) => f,
        None => return Ok(DataFrame::empty()),
    };
    for f in iter {
        first.vstack_mut(&f)?;
    }
    first.rechunk_mut_par();
    Ok(first)
}

fn rejects_frame(rejects: &[Reject]) -> PolarsResult<DataFrame> {
    let mut b = vec![
        ColumnBuilder::new("source_file", ColType::Str),
        ColumnBuilder::new("source_sheet", ColType::Str),
        ColumnBuilder::new("source_row", ColType::I64),
        ColumnBuilder::new("field", ColType::Str),
        ColumnBuilder::new("column", ColType::Str),
        ColumnBuilder::new("raw_value", ColType::Str),
        ColumnBuilder::new("reason", ColType::Str),
        ColumnBuilder::new("whole_row", ColType::Bool),
    ];
    for r in rejects {
        let vals = [
            Value::Str(r.source_file.as_str().into()),
            r.source_sheet
                .as_deref()
                .map_or(Value::Null, |s| Value::Str(s.into())),
            Value::I64(r.source_row as i64),
            Value::Str(r.field.as_str().into()),
            r.column
                .as_deref()
                .map_or(Value::Null, |s| Value::Str(s.into())),
            Value::Str(r.raw_value.as_str().into()),
            Value::Str(r.reason.as_str().into()),
            Value::Bool(r.whole_row),
        ];
        for (col, v) in b.iter_mut().zip(vals) {
            col.push(v);
        }
    }
    columns::frame(std::mem::take(&mut b), rejects.len())
}

/// Reads a whole Parquet table, naming the file on error. Every stage reads the run's
/// tables through this one function.
pub fn read_parquet(path: &Path) -> Result<DataFrame> {
    read_parquet_some(path, None)
}

/// Reads only the named columns of a Parquet table (the others are not decoded).
pub fn read_parquet_columns(path: &Path, columns: &[&str]) -> Result<DataFrame> {
    read_parquet_some(path, Some(columns.iter().map(|c| c.to_string()).collect()))
}

fn read_parquet_some(path: &Path, columns: Option<Vec<String>>) -> Result<DataFrame> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(f)
        .with_columns(columns)
        .finish()
        .map_err(|e| Error::polars(format!("reading {}", path.display()), e))
}

/// Writes a frame as Parquet, atomically (every stage's tables go through
/// [`crate::parquet`], which holds the settings and why).
pub use crate::parquet::write_parquet;

fn write_outputs(
    out: &Path,
    tables: &mut BTreeMap<&'static str, DataFrame>,
    rejects: &DataFrame,
    manifest: &Manifest,
) -> Result<()> {
    let pq = out.join("parquet");
    std::fs::create_dir_all(&pq).map_err(|e| Error::io(&pq, e))?;
    for (name, df) in tables.iter_mut() {
        write_parquet(&pq.join(format!("{name}.parquet")), df)?;
    }
    let mut rj = rejects.clone();
    write_parquet(&pq.join("rejects.parquet"), &mut rj)?;
    write_rejects_csv(&out.join("rejects.csv"), rejects)?;
    write_manifest(&out.join("manifest.json"), manifest)
}

/// `rejects.csv`: UTF-8 with BOM so that Excel on a Chinese Windows opens it correctly;
/// a cell that Excel would read as a formula gets a leading `'` ([`crate::sanitize::csv_cell`]).
pub fn write_rejects_csv(csv_path: &Path, rejects: &DataFrame) -> Result<()> {
    let csv_path = csv_path.to_path_buf();
    textio::write_atomic(&csv_path, |w| {
        w.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| Error::io(&csv_path, e))?;
        let mut cw = csv::Writer::from_writer(w);
        let io = |e: csv::Error| Error::Io {
            path: csv_path.clone(),
            source: std::io::Error::other(e),
        };
        cw.write_record([
            "source_file",
            "source_sheet",
            "source_row",
            "field",
            "column",
            "raw_value",
            "reason",
            "whole_row",
        ])
        .map_err(io)?;
        // Every column as text through a cast, not through `AnyValue`'s display, which
        // quotes an owned string (a one-row table's strings came out wrapped in quotes).
        let as_io = |e: PolarsError| Error::Io {
            path: csv_path.clone(),
            source: std::io::Error::other(e),
        };
        let cols: Vec<Vec<String>> = rejects
            .columns()
            .iter()
            .map(|c| {
                let text = c.cast(&DataType::String).map_err(as_io)?;
                Ok(text
                    .str()
                    .map_err(as_io)?
                    .iter()
                    .map(|v| v.unwrap_or_default().to_string())
                    .collect())
            })
            .collect::<Result<_>>()?;
        for i in 0..rejects.height() {
            // Raw values are typed by others: a value that Excel would evaluate is written
            // as text (crate::sanitize).
            cw.write_record(
                cols.iter()
                    .map(|c| crate::sanitize::csv_cell(&c[i]).into_owned()),
            )
            .map_err(io)?;
        }
        cw.flush().map_err(|e| Error::io(&csv_path, e))?;
        Ok(())
    })?;
    Ok(())
}

/// Writes a manifest as pretty JSON, atomically.
pub fn write_manifest(mpath: &Path, manifest: &impl serde::Serialize) -> Result<()> {
    let mpath = mpath.to_path_buf();
    textio::write_atomic(&mpath, |w| {
        serde_json::to_writer_pretty(&mut *w, manifest).map_err(|e| Error::Io {
            path: mpath.clone(),
            source: std::io::Error::other(e),
        })?;
        w.write_all(b"\n").map_err(|e| Error::io(&mpath, e))
    })?;
    Ok(())
}

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
            "王五（代）",
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
        // A long cell of 号 is refused at once, not searched number by number.
        let t = std::time::Instant::now();
        assert_eq!(
            no(&format!("（2024）京0105执2号{}", "号".repeat(300_000))),
            None
        );
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
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
        };
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let date = |t: &str| super::labelled_date(&row(t), super::AS_OF_LABELS);
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
