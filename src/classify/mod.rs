//! Classify: every case at an as-of date — statutory deadline, age, backlog (积案), the seven
//! priority categories of the campaign plan, root causes, whether the debtor has assets, how
//! often the parties petitioned, and who is answerable for it (承办人, 包案领导).
//!
//! The census of phase one asks for each backlog case "逐案登记造册" with its category and
//! "原因和症结"; this stage writes that list. Every decision carries its reason in Chinese
//! (which rule fired, on which evidence), because a statistician has to defend each line to
//! the court's leaders, and every rule lives in a TOML file under `pipelines/rules/`:
//! `backlog.toml`, `categories.toml`, `root-causes.toml`.
//!
//! Input: `RUN/parquet/cases_dedup.parquet` when dedup has run (one row per real case),
//! else `RUN/parquet/cases.parquet` (one row per source row); either way one row is one
//! case. Side tables (deductions, extensions, petitions, assignments) are joined on
//! `case_key`. Output: `cases_classified.parquet` (every input column, with `has_assets`,
//! `officer`, `team` and `leader` filled, plus the classification), `unmatched_reasons.parquet`
//! (clauses of reason and note texts that no rule understood, with counts, so the rules can
//! be extended) and `cases_without_officer.parquet`; `classify.json` records the as-of date,
//! the rules in force (the backlog rule in words) and the counts.
//!
//! Only cases filed on or before the as-of date count, and a closure dated after it is
//! treated as pending at that date, so classifying an end-of-campaign export "as of" the
//! census date reproduces the census.

pub mod deadline;
pub mod evaluate;
pub mod input;
pub(crate) mod places;
pub mod registers;
pub mod rules;
pub mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use crate::ingest::write_parquet;
use crate::{textio, Error, Result};
use evaluate::{CaseOut, Ctx, Reason, Scratch};
use input::{epoch_days, CaseCols, Side, SideInput, SideTables, Sides};
pub use rules::{AsOfStatus, Rules};
use text::{Field, TextFacts};

/// Validated settings of the stage: the as-of date and the compiled rules.
#[derive(Debug, Clone)]
pub struct ClassifyConfig {
    pub as_of: NaiveDate,
    pub rules: Arc<Rules>,
    /// Read this case table instead of the run's cases_dedup / cases parquet.
    pub input: Option<PathBuf>,
}

impl ClassifyConfig {
    /// Loads and checks the rules (`rules_dir` replaces built-in files of the same name).
    pub fn new(as_of: NaiveDate, rules_dir: Option<&Path>) -> Result<ClassifyConfig> {
        Ok(ClassifyConfig {
            as_of,
            rules: Arc::new(Rules::load(rules_dir)?),
            input: None,
        })
    }
}

/// Counts of one classification, for the summary and `classify.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifyReport {
    pub as_of: NaiveDate,
    pub input: String,
    pub rows: usize,
    pub not_filed: usize,
    pub closed: usize,
    pub open: usize,
    pub pending: usize,
    pub suspended: usize,
    pub deferred: usize,
    pub in_backlog: usize,
    pub backlog_rule: String,
    /// 法定期限: months from filing to the statutory due date (backlog.toml), and for 非诉执行.
    pub period_months: u32,
    pub non_litigation_months: u32,
    /// cases per category among open cases and among backlog cases
    pub categories_open: BTreeMap<String, usize>,
    pub categories_backlog: BTreeMap<String, usize>,
    pub root_causes_open: BTreeMap<String, usize>,
    pub has_assets_unknown_open: usize,
    /// open cases with a deducted period (鉴定, 评估 …) without an end date that began over
    /// a year before the as-of date
    pub open_with_long_open_deduction: usize,
    /// open cases with a deducted period that ends over a year after the as-of date
    pub open_with_far_deduction_end: usize,
    /// rows of the deductions register left out because a newer register of the run lists
    /// the same period (case, kind, start): its reading (an end the older one lacked) counts
    pub deductions_superseded: usize,
    /// cases closed though their export shows them open, because a 执恢 case filed by the
    /// as-of date resumes them (closed on their own 结案日期, else on the 执恢's filing)
    pub closed_as_resumed: usize,
    /// cases closed though their export shows them open, because another court's case
    /// filed by the as-of date took them over (提级执行, 指定执行: a 首执 whose 原案号 is
    /// theirs), closed on its filing date: the export listing them is older than the
    /// transfer
    pub closed_as_transferred: usize,
    pub open_without_officer: usize,
    pub officers_from_assignments: usize,
    pub petitions_read: usize,
    pub petitions_unlinked: usize,
    pub unmatched_clauses: usize,
    pub rule_files: Vec<String>,
    /// SHA-256 of each rule file's text as read (crate::rulefiles::digests)
    pub rule_digests: BTreeMap<String, String>,
    /// seconds spent: reading, classifying, writing
    pub seconds: BTreeMap<String, f64>,
    /// Files of the later stages (census, trend, report …) made from the run's earlier
    /// classification, removed (crate::pipeline::remove_outputs_after); not in classify.json.
    #[serde(skip)]
    pub removed: Vec<String>,
}

/// The tables one classification produces.
pub struct Classified {
    pub cases: DataFrame,
    pub unmatched: DataFrame,
    pub without_officer: DataFrame,
    pub report: ClassifyReport,
}

use crate::ingest::read_parquet;

fn read_optional(path: &Path) -> Result<Option<DataFrame>> {
    if path.exists() {
        read_parquet(path).map(Some)
    } else {
        Ok(None)
    }
}

/// The case table classify reads from a run: cases_dedup when dedup has run (also when
/// its last run wrote clusters only and removed cases_dedup: the source rows are not the
/// cases then, and classify says so rather than count each export's row as a case).
pub fn input_table(run: &Path) -> PathBuf {
    let pq = run.join("parquet");
    let dedup = pq.join("cases_dedup.parquet");
    if dedup.exists() || pq.join("clusters.parquet").exists() {
        dedup
    } else {
        pq.join("cases.parquet")
    }
}

/// Refuses the source rows of a run that dedup has not made into cases when one 案号 stands
/// on several rows: a case two exports list (or one export once per debtor) was counted
/// once per row, the backlog and its amounts swollen without a word. Rows without a usable
/// 案号 cannot be told apart here; a single export with one row per case is classified as is.
fn refuse_repeated_cases(cases: &DataFrame, input: &Path) -> Result<()> {
    let Ok(keys) = cases.column("case_key") else {
        return Ok(());
    };
    let keys = keys
        .str()
        .map_err(|e| Error::polars("cases table: column case_key", e))?;
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    let mut repeated = std::collections::BTreeSet::new();
    for key in keys.iter().flatten() {
        if !seen.insert(key) {
            repeated.insert(key);
        }
    }
    let Some(first) = repeated.first() else {
        return Ok(());
    };
    Err(Error::Input {
        file: input.display().to_string(),
        row: None,
        column: Some("case_key".into()),
        message: format!(
            "{} case number(s) (案号) stand on more than one row, {first} first: the same case \
             in two exports, or listed once per debtor, would be counted once per row; run \
             `caseflow dedup RUN` first, which makes one row per case (or name the table \
             with --input to classify each row as it stands)",
            repeated.len()
        ),
    })
}

/// Reads the run's tables, classifies, writes the outputs and `classify.json`.
pub fn classify_run(run: &Path, cfg: &ClassifyConfig) -> Result<ClassifyReport> {
    let t0 = std::time::Instant::now();
    crate::pipeline::unfinished::require_finished(run, "classify", &["ingest", "dedup"])?;
    let input = cfg.input.clone().unwrap_or_else(|| input_table(run));
    if !input.exists() {
        return Err(Error::Input {
            file: input.display().to_string(),
            row: None,
            column: None,
            message: if input.ends_with("cases_dedup.parquet") {
                "no cases_dedup.parquet beside clusters.parquet: the last `caseflow dedup` \
                 wrote clusters only (--clusters-only); run `caseflow dedup RUN` first"
                    .into()
            } else {
                "no case table: run `caseflow ingest … --out RUN` first".into()
            },
        });
    }
    let cases = read_parquet(&input)?;
    if cfg.input.is_none() && input.ends_with("cases.parquet") {
        refuse_repeated_cases(&cases, &input)?;
    }
    let pq = run.join("parquet");
    // A period that several registers of the run list (month after month) is taken as the
    // newest lists it.
    let (deductions, deductions_superseded) = match read_optional(&pq.join("deductions.parquet"))? {
        Some(d) => {
            let (d, n) = registers::latest_readings(d, &registers::export_dates(run), &cfg.rules)?;
            (Some(d), n)
        }
        None => (None, 0),
    };
    let sides = SideTables {
        deductions,
        extensions: read_optional(&pq.join("extensions.parquet"))?,
        petitions: read_optional(&pq.join("petitions.parquet"))?,
        assignments: read_optional(&pq.join("assignments.parquet"))?,
    };
    let read_s = t0.elapsed().as_secs_f64();
    let mut out = classify_frame(&cases, &sides, cfg)?;
    drop(cases);
    out.report.input = input.display().to_string();
    out.report.deductions_superseded = deductions_superseded;
    let t1 = std::time::Instant::now();
    // The census, trend, projection, evaluation, workbook and report of the run were made
    // from the classification this one replaces (at another as-of date, with other rules):
    // left in place, `caseflow report` showed the old census's figures under the new 统计日.
    // Removed before anything is written, so that a classify stopped part-way leaves no
    // later stage's tables beside a classification they were not made from.
    out.report.removed =
        crate::pipeline::remove_outputs_after(run, crate::pipeline::Stage::Classify)?;
    write_pieces(&pq.join("cases_classified.parquet"), &mut out.cases)?;
    write_parquet(&pq.join("unmatched_reasons.parquet"), &mut out.unmatched)?;
    write_parquet(
        &pq.join("cases_without_officer.parquet"),
        &mut out.without_officer,
    )?;
    let mut report = out.report;
    report.seconds.insert("read".into(), read_s);
    report
        .seconds
        .insert("write".into(), t1.elapsed().as_secs_f64());
    let json_path = run.join("classify.json");
    let json = serde_json::to_string_pretty(&report)
        .map_err(|e| Error::io(&json_path, std::io::Error::other(e)))?;
    textio::write_atomic(&json_path, |w| {
        w.write_all(json.as_bytes())
            .map_err(|e| Error::io(&json_path, e))
    })?;
    Ok(report)
}

/// Writes the classified table with one row group per chunk, that is per piece of
/// evaluation (`write_parquet` would first copy every column into row groups of its own
/// size). A table of many small chunks is written by `write_parquet` all the same.
fn write_pieces(path: &Path, df: &mut DataFrame) -> Result<()> {
    df.align_chunks_par();
    let chunks = input::chunk_lengths(df).len();
    if chunks > 1 && df.height() / chunks < MIN_PIECE_ROWS {
        return write_parquet(path, df);
    }
    crate::parquet::write_parquet_by_chunk(path, df)
}

/// One Boolean array of the values (no nulls).
fn bool_array(v: impl Iterator<Item = bool>) -> input::BoolArray {
    let ca = BooleanChunked::from_iter_values("".into(), v);
    let array = ca.downcast_iter().next().cloned();
    array.unwrap_or_else(|| input::BoolArray::new_empty(ArrowDataType::Boolean))
}

/// The validity bitmap of optional values (none when every value is there).
macro_rules! validity {
    ($v:expr) => {
        $v.iter()
            .any(Option::is_none)
            .then(|| bool_array($v.iter().map(Option::is_some)).values().clone())
    };
}

/// Distinct reason and note texts, each row's text ids, and how many rows hold each text.
struct Texts<'a> {
    distinct: Vec<(Field, &'a str)>,
    rows: Vec<usize>,
    reason: Vec<Option<u32>>,
    note: Vec<Option<u32>>,
}

fn distinct_texts(cols: &CaseCols) -> Texts<'_> {
    let mut ids: PlHashMap<(Field, &str), u32> = PlHashMap::default();
    let mut t = Texts {
        distinct: Vec::new(),
        rows: Vec::new(),
        reason: Vec::with_capacity(cols.n),
        note: Vec::with_capacity(cols.n),
    };
    for (_, len, ch) in cols.chunks() {
        for j in 0..len {
            for (field, v) in [
                (Field::Reason, ch.reason.get(j)),
                (Field::Note, ch.note.get(j)),
            ] {
                let id = v.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
                    let id = *ids.entry((field, s)).or_insert_with(|| {
                        t.distinct.push((field, s));
                        t.rows.push(0);
                        (t.distinct.len() - 1) as u32
                    });
                    t.rows[id as usize] += 1;
                    id
                });
                match field {
                    Field::Reason => t.reason.push(id),
                    Field::Note => t.note.push(id),
                }
            }
        }
    }
    t
}

/// Rows per piece, at most. Pieces are evaluated in parallel, each straight into its own
/// Arrow arrays, and each becomes one chunk of every output column and one row group of the
/// Parquet file: no table-sized intermediate, and nothing is copied again to join them.
/// Row groups much smaller than polars' own (512² rows) compress worse (a 64k-row piece
/// made the file a third larger).
const PIECE_ROWS: usize = 262_144;
/// Rows per piece, at least, when a chunk is cut into `PARALLEL_PIECES`.
const MIN_PIECE_ROWS: usize = 16_384;
/// Pieces a chunk is cut into, at least (when it has the rows), for a laptop's cores: a
/// fixed number, not the thread count, so that the row groups of the file, and so its
/// bytes, are the same whatever the thread count (cut by the thread count, a 40,000-row
/// table was one row group on one thread and two on two).
const PARALLEL_PIECES: usize = 4;

/// Rows `start..start + len` of the table: rows `local..local + len` of its chunk `chunk`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    chunk: usize,
    local: usize,
    start: usize,
    len: usize,
}

/// Cuts every chunk of the table into pieces of at most `PIECE_ROWS` rows (one empty piece
/// for an empty table, so that the output still has every column).
fn pieces(chunks: &[usize], at_least: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = 0;
    for (k, &len) in chunks.iter().enumerate() {
        let parts = len
            .div_ceil(PIECE_ROWS)
            .max(at_least.min(len / MIN_PIECE_ROWS));
        for p in 0..parts {
            let (a, b) = (len * p / parts, len * (p + 1) / parts);
            out.push(Piece {
                chunk: k,
                local: a,
                start: start + a,
                len: b - a,
            });
        }
        start += len;
    }
    if out.is_empty() {
        out.push(Piece {
            chunk: 0,
            local: 0,
            start: 0,
            len: 0,
        });
    }
    out
}

/// The reasons of one piece, each put into words once: a column of reasons is a gather of
/// views into this dictionary, so a reason that recurs on 100,000 cases is neither
/// formatted nor copied 100,000 times.
#[derive(Default)]
struct Dictionary<'a> {
    ids: PlHashMap<Reason<'a>, IdxSize>,
    values: Vec<String>,
}

impl<'a> Dictionary<'a> {
    fn id(&mut self, r: Reason<'a>, rules: &Rules) -> IdxSize {
        if let Some(&id) = self.ids.get(&r) {
            return id;
        }
        let id = self.values.len() as IdxSize;
        let mut s = String::new();
        r.write(rules, &mut s);
        self.values.push(s);
        self.ids.insert(r, id);
        id
    }

    fn clear(&mut self) {
        self.ids.clear();
        self.values.clear();
    }

    fn strings(&self) -> StringChunked {
        StringChunked::from_iter_values("".into(), self.values.iter().map(String::as_str))
    }
}

/// A list-of-strings column of one piece as ids into a dictionary and offsets.
#[derive(Default)]
struct ListIds {
    ids: Vec<IdxSize>,
    offsets: Vec<i64>,
}

impl ListIds {
    fn clear(&mut self) {
        self.ids.clear();
        self.offsets.clear();
        self.offsets.push(0);
    }

    fn push_row(&mut self, ids: impl Iterator<Item = IdxSize>) {
        self.ids.extend(ids);
        self.offsets.push(self.ids.len() as i64);
    }

    /// The column: the dictionary's strings gathered (views into its one buffer).
    fn column(&self, name: &str, dict: &StringChunked) -> Result<Column> {
        let e = |e| Error::polars(format!("building column {name}"), e);
        let items = dict
            .take(&IdxCa::from_slice("".into(), &self.ids))
            .map_err(e)?
            .rechunk()
            .into_owned();
        let values: ArrayRef = Box::new(items.downcast_as_array().clone());
        let dtype = LargeListArray::default_datatype(ArrowDataType::Utf8View);
        let offsets = self.offsets.clone().try_into().map_err(e)?;
        let list = LargeListArray::try_new(dtype, offsets, values, None).map_err(e)?;
        Series::from_arrow(name.into(), Box::new(list))
            .map(IntoColumn::into_column)
            .map_err(e)
    }
}

/// The classification columns of one piece, filled case by case (column by column in
/// memory, so that each is built with one pass over its own values).
#[derive(Default)]
struct OutCols<'a> {
    officer: Vec<Option<&'a str>>,
    team: Vec<Option<&'a str>>,
    leader: Vec<Option<&'a str>>,
    has_assets: Vec<Option<bool>>,
    non_litigation: Vec<Option<bool>>,
    status: Vec<AsOfStatus>,
    extension_months: Vec<Option<i64>>,
    extension_days: Vec<Option<i64>>,
    deducted_days: Vec<Option<i64>>,
    due_on: Vec<Option<NaiveDate>>,
    stay_ended_on: Vec<Option<NaiveDate>>,
    age_days: Vec<Option<i64>>,
    overdue_days: Vec<Option<i64>>,
    in_backlog: Vec<bool>,
    cats: [Vec<Option<bool>>; 7],
    category_reasons: ListIds,
    root_causes: ListIds,
    root_cause_reasons: ListIds,
    has_assets_reason: Vec<Option<IdxSize>>,
    petition_count: Vec<i64>,
    officer_source: Vec<Option<&'static str>>,
    without_officer: Vec<bool>,
    /// (row in the piece, closing date, sent on to another court) of the cases closed for
    /// a new case that carries their enforcement on: few, so listed rather than a column
    moved_closed_on: Vec<(usize, NaiveDate, bool)>,
}

impl<'a> OutCols<'a> {
    /// Room for `n` rows (a piece's columns are not grown, and copied, as they fill).
    fn reserve(&mut self, n: usize) {
        self.officer.reserve(n);
        self.team.reserve(n);
        self.leader.reserve(n);
        self.has_assets.reserve(n);
        self.non_litigation.reserve(n);
        self.status.reserve(n);
        self.extension_months.reserve(n);
        self.extension_days.reserve(n);
        self.deducted_days.reserve(n);
        self.due_on.reserve(n);
        self.stay_ended_on.reserve(n);
        self.age_days.reserve(n);
        self.overdue_days.reserve(n);
        self.in_backlog.reserve(n);
        self.cats.iter_mut().for_each(|c| c.reserve(n));
        for l in [
            &mut self.category_reasons,
            &mut self.root_causes,
            &mut self.root_cause_reasons,
        ] {
            l.ids.reserve(n);
            l.offsets.reserve(n + 1);
        }
        self.has_assets_reason.reserve(n);
        self.petition_count.reserve(n);
        self.officer_source.reserve(n);
        self.without_officer.reserve(n);
    }

    fn clear(&mut self) {
        self.officer.clear();
        self.team.clear();
        self.leader.clear();
        self.has_assets.clear();
        self.non_litigation.clear();
        self.status.clear();
        self.extension_months.clear();
        self.extension_days.clear();
        self.deducted_days.clear();
        self.due_on.clear();
        self.stay_ended_on.clear();
        self.age_days.clear();
        self.overdue_days.clear();
        self.in_backlog.clear();
        self.cats.iter_mut().for_each(Vec::clear);
        self.category_reasons.clear();
        self.root_causes.clear();
        self.root_cause_reasons.clear();
        self.has_assets_reason.clear();
        self.petition_count.clear();
        self.officer_source.clear();
        self.without_officer.clear();
        self.moved_closed_on.clear();
    }

    fn push(&mut self, o: &CaseOut<'a>) {
        self.officer.push(o.officer);
        self.team.push(o.team);
        self.leader.push(o.leader);
        self.has_assets.push(o.has_assets);
        self.non_litigation.push(o.non_litigation);
        self.status.push(o.status);
        self.extension_months.push(o.extension_months);
        self.extension_days.push(o.extension_days);
        self.deducted_days.push(o.deducted_days);
        self.due_on.push(o.due_on);
        self.stay_ended_on.push(o.stay_ended_on);
        self.age_days.push(o.age_days);
        self.overdue_days.push(o.overdue_days);
        self.in_backlog.push(o.in_backlog);
        for (v, c) in self.cats.iter_mut().zip(o.cats) {
            v.push(c);
        }
        self.petition_count.push(o.petition_count);
        self.officer_source.push(o.officer_source);
        if let Some((d, transfer)) = o.moved_closed_on {
            self.moved_closed_on
                .push((self.without_officer.len(), d, transfer));
        }
        self.without_officer.push(o.without_officer);
    }
}

/// The 结案方式 of a case sent on to another court (提级执行, 指定执行, 交叉执行), a
/// canonical method ([`crate::ingest::rules::METHODS`]): 2014 意见 art. 17.
const TRANSFER_METHOD: &str = "终结执行";

/// Cases whose side rows are looked up together.
const LOOKAHEAD: usize = 256;

/// Per-thread buffers, reused from piece to piece.
#[derive(Default)]
struct Work<'a> {
    scratch: Scratch<'a>,
    /// the side rows of the next `LOOKAHEAD` cases
    sides: Vec<Option<Side<'a>>>,
    cols: OutCols<'a>,
    dictionary: Dictionary<'a>,
}

/// Counts of one piece, added up into the report.
#[derive(Debug, Clone, Default)]
struct Counts {
    status: [usize; 5],
    officers_from_assignments: usize,
    open: usize,
    in_backlog: usize,
    open_without_officer: usize,
    has_assets_unknown_open: usize,
    long_open_deductions: usize,
    far_deduction_ends: usize,
    closed_as_resumed: usize,
    closed_as_transferred: usize,
    cat_open: [usize; 7],
    cat_backlog: [usize; 7],
    /// per root cause, and the unknown cause last
    causes: Vec<usize>,
}

impl Counts {
    fn new(rules: &Rules) -> Counts {
        Counts {
            causes: vec![0; rules.causes.len() + 1],
            ..Counts::default()
        }
    }

    // Counted in arrays, named once at the end: no allocation per case.
    fn add(&mut self, o: &CaseOut) {
        self.status[o.status as usize] += 1;
        if o.officer_source == Some("assignments") {
            self.officers_from_assignments += 1;
        }
        match o.moved_closed_on {
            Some((_, true)) => self.closed_as_transferred += 1,
            Some((_, false)) => self.closed_as_resumed += 1,
            None => {}
        }
        if !o.status.is_open() {
            return;
        }
        self.open += 1;
        self.in_backlog += usize::from(o.in_backlog);
        self.open_without_officer += usize::from(o.without_officer);
        self.has_assets_unknown_open += usize::from(o.has_assets.is_none());
        self.long_open_deductions += usize::from(o.long_open_deduction);
        self.far_deduction_ends += usize::from(o.far_deduction_end);
        for (k, c) in o.cats.iter().enumerate() {
            if *c == Some(true) {
                self.cat_open[k] += 1;
                self.cat_backlog[k] += usize::from(o.in_backlog);
            }
        }
        let unknown = self.causes.len() - 1;
        for k in o.cause_indices() {
            self.causes[k.min(unknown)] += 1;
        }
        if o.unknown_cause {
            self.causes[unknown] += 1;
        }
    }

    fn merge(mut self, other: &Counts) -> Counts {
        let sum = |a: &mut [usize], b: &[usize]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        sum(&mut self.status, &other.status);
        sum(&mut self.cat_open, &other.cat_open);
        sum(&mut self.cat_backlog, &other.cat_backlog);
        sum(&mut self.causes, &other.causes);
        self.officers_from_assignments += other.officers_from_assignments;
        self.open += other.open;
        self.in_backlog += other.in_backlog;
        self.open_without_officer += other.open_without_officer;
        self.has_assets_unknown_open += other.has_assets_unknown_open;
        self.long_open_deductions += other.long_open_deductions;
        self.far_deduction_ends += other.far_deduction_ends;
        self.closed_as_resumed += other.closed_as_resumed;
        self.closed_as_transferred += other.closed_as_transferred;
        self
    }
}

/// What one piece produced: its rows of the classified table, its counts, and its cases
/// without an officer (row, status, in backlog).
struct PieceOut {
    frame: DataFrame,
    counts: Counts,
    without_officer: Vec<(IdxSize, AsOfStatus, bool)>,
}

/// Everything a piece needs besides its rows.
struct Run<'r, 'a> {
    ctx: Ctx<'a>,
    cols: &'a CaseCols,
    texts: &'r Texts<'a>,
    /// the input table, with chunks as in `cols`
    base: &'r DataFrame,
    /// the root-cause codes in taxonomy order, then the unknown code
    codes: StringChunked,
}

/// The whole stage on in-memory tables: `cases` (one row per case) and the side tables.
pub fn classify_frame(
    cases: &DataFrame,
    sides: &SideTables,
    cfg: &ClassifyConfig,
) -> Result<Classified> {
    let t0 = std::time::Instant::now();
    let mut lap = t0;
    let mut phases: Vec<(&str, f64)> = Vec::new();
    let mut mark = |name: &'static str| {
        phases.push((name, lap.elapsed().as_secs_f64()));
        lap = std::time::Instant::now();
    };
    let rules = &*cfg.rules;
    // Pieces follow the chunks of the table, which every column must share.
    let mut base = cases.clone();
    if base.should_rechunk() {
        base.rechunk_mut_par();
    }
    let cols = CaseCols::read(&base)?;
    let side_input = SideInput::read(sides)?;
    if cols.chunks != input::chunk_lengths(&base) {
        base.rechunk_mut_par();
    }
    mark("columns");
    // The side tables are indexed while the texts are read (each phase's seconds are its
    // own, the two overlap).
    let ((side, side_s), (texts, facts, text_counts, texts_s)) = rayon::join(
        || {
            let t = std::time::Instant::now();
            (
                Sides::build(sides, &side_input, rules, &base, &cols, cfg.as_of),
                t.elapsed().as_secs_f64(),
            )
        },
        || {
            let t = std::time::Instant::now();
            let texts = distinct_texts(&cols);
            let facts: Vec<TextFacts> = rules.text.analyse_all(&texts.distinct);
            let patterns = &rules.petitions.note_count_patterns;
            let text_counts: Vec<Option<i64>> = texts
                .distinct
                .iter()
                .map(|(_, t)| evaluate::text_count(patterns, t))
                .collect();
            (texts, facts, text_counts, t.elapsed().as_secs_f64())
        },
    );
    let side = side?;
    mark("side_tables_and_texts");
    let overlapping = [("side_tables", side_s), ("texts", texts_s)];
    let text_sets: Vec<u64> = facts.iter().map(TextFacts::sets).collect();
    let codes = StringChunked::from_iter_values(
        "".into(),
        rules
            .causes
            .iter()
            .map(|c| c.code.as_str())
            .chain([rules.unknown_code.as_str()]),
    );
    let moved_origins = evaluate::moved_origins(&base, cfg.as_of);
    let officer_teams = evaluate::officer_teams(&base, sides.assignments.as_ref());
    let non_litigation_resumed = evaluate::non_litigation_resumed(&base, rules);
    let run = Run {
        ctx: Ctx {
            rules,
            as_of: cfg.as_of,
            sides: &side,
            facts: &facts,
            text_sets: &text_sets,
            text_counts: &text_counts,
            moved_origins: &moved_origins,
            officer_teams: &officer_teams,
            non_litigation_resumed: &non_litigation_resumed,
        },
        cols: &cols,
        texts: &texts,
        base: &base,
        codes,
    };
    let outs = pieces(&cols.chunks, PARALLEL_PIECES)
        .into_par_iter()
        .map_init(Work::default, |w, p| run.piece(p, w))
        .collect::<Result<Vec<PieceOut>>>()?;
    mark("evaluate");

    let unmatched = unmatched_table(&texts, &facts)?;
    let mut counts = Counts::new(rules);
    let mut without = Vec::new();
    let mut frames = Vec::with_capacity(outs.len());
    for o in outs {
        counts = counts.merge(&o.counts);
        without.extend(o.without_officer);
        frames.push(o.frame);
    }
    let mut report = summarise(&counts, cases.height(), rules, cfg.as_of);
    report.petitions_read = side.petitions_read;
    report.petitions_unlinked = side.petitions_unlinked();
    report.unmatched_clauses = unmatched.height();
    let without_officer = without_officer_table(cases, &without)?;
    mark("summary");
    // The pieces' frames, one after another: their chunks are appended, not copied.
    let mut frames = frames.into_iter();
    let mut out = frames.next().unwrap_or_default();
    for f in frames {
        out.vstack_mut_owned(f)
            .map_err(|e| Error::polars("joining classified pieces", e))?;
    }
    mark("output_frame");
    for (k, v) in phases.into_iter().chain(overlapping) {
        report.seconds.insert(format!("classify.{k}"), v);
    }
    report
        .seconds
        .insert("classify".into(), t0.elapsed().as_secs_f64());
    Ok(Classified {
        cases: out,
        unmatched,
        without_officer,
        report,
    })
}

/// Whether two optional strings are the same bytes of the same buffer.
fn same_str(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    }
}

impl<'a> Run<'_, 'a> {
    /// Evaluates one piece and builds its rows of the classified table.
    fn piece(&self, p: Piece, w: &mut Work<'a>) -> Result<PieceOut> {
        let rules = self.ctx.rules;
        let ch = self.cols.chunk(p.chunk);
        let mut counts = Counts::new(rules);
        let mut without_officer = Vec::new();
        w.cols.clear();
        w.cols.reserve(p.len);
        w.dictionary.clear();
        let unknown = rules.causes.len() as IdxSize;
        let (cols, dict, found) = (&mut w.cols, &mut w.dictionary, &mut w.sides);
        for j in 0..p.len {
            // The side rows of the next cases are looked up together, ahead: independent
            // lookups overlap their cache misses, which one lookup per case between rules
            // could not.
            if j % LOOKAHEAD == 0 {
                found.clear();
                found.extend((j..p.len.min(j + LOOKAHEAD)).map(|j| {
                    let side = ch
                        .case_key
                        .get(p.local + j)
                        .and_then(|k| self.ctx.sides.get(k));
                    // and their rows are brought into the cache
                    let touch = side.map_or(0, |s| {
                        s.deductions.first().map_or(0, |d| d.words)
                            + s.extensions.first().map_or(0, |e| e.days as u64)
                            + s.owner
                                .map_or(0, |o| o.1.officer.map_or(1, str::len) as u64)
                    });
                    std::hint::black_box(touch);
                    side
                }));
            }
            let i = p.start + j;
            let (reason, note) = (self.texts.reason[i], self.texts.note[i]);
            let mut row = ch.row(p.local + j, reason, note);
            row.text_sets = self.ctx.text_sets(reason, note);
            let o = self
                .ctx
                .evaluate(&row, found[j % LOOKAHEAD], &mut w.scratch);
            cols.category_reasons.push_row(
                w.scratch
                    .category_reasons
                    .iter()
                    .map(|r| dict.id(*r, rules)),
            );
            cols.root_cause_reasons
                .push_row(w.scratch.cause_reasons.iter().map(|r| dict.id(*r, rules)));
            cols.root_causes.push_row(
                o.cause_indices()
                    .map(|k| k as IdxSize)
                    .chain(o.unknown_cause.then_some(unknown)),
            );
            cols.has_assets_reason.push(
                o.has_assets_reason
                    .map(|(cause, ev)| dict.id(Reason::Assets(cause, ev), rules)),
            );
            cols.push(&o);
            counts.add(&o);
            if o.without_officer {
                without_officer.push((i as IdxSize, o.status, o.in_backlog));
            }
        }
        let frame = self.piece_frame(p, &ch, w)?;
        Ok(PieceOut {
            frame,
            counts,
            without_officer,
        })
    }

    /// The piece's rows of the classified table: the input columns (sliced, not copied;
    /// has_assets, officer, team and leader replaced by the filled values where they
    /// differ) followed by the classification columns.
    fn piece_frame(&self, p: Piece, ch: &input::Chunk<'a>, w: &Work<'a>) -> Result<DataFrame> {
        let c = &w.cols;
        let n = c.status.len();
        fn s(name: &str, v: &[Option<&str>]) -> Column {
            StringChunked::from_iter_options(name.into(), v.iter().copied()).into_column()
        }
        // Values and validity each built in one pass of its own (a push per optional value
        // was a tenth of the evaluation).
        fn i64c(name: &str, v: &[Option<i64>]) -> Column {
            let values: Vec<i64> = v.iter().map(|x| x.unwrap_or(0)).collect();
            Int64Chunked::from_vec_validity(name.into(), values, validity!(v)).into_column()
        }
        fn boolc(name: &str, v: &[Option<bool>]) -> Column {
            let values = bool_array(v.iter().map(|x| *x == Some(true)))
                .values()
                .clone();
            let array = input::BoolArray::new(ArrowDataType::Boolean, values, validity!(v));
            BooleanChunked::with_chunk(name.into(), array).into_column()
        }
        // A filled column equal to the input's (the same strings) is the input's, as is.
        let filled = |name: &str, input: input::StrAt<'a>, v: &[Option<&'a str>]| {
            let same = input.present()
                && v.iter()
                    .enumerate()
                    .all(|(j, x)| same_str(*x, input.get(p.local + j)));
            (!same).then(|| s(name, v))
        };
        let dict = w.dictionary.strings();
        // The closing date of a case closed for the new case that carries it on, where its
        // export gives none (or a later one).
        let closed_on = (!c.moved_closed_on.is_empty())
            .then(|| {
                let mut v: Vec<Option<NaiveDate>> =
                    (0..n).map(|j| ch.closed_on.get(p.local + j)).collect();
                for &(j, d, _) in &c.moved_closed_on {
                    v[j] = Some(d);
                }
                date_column("closed_on", v.into_iter())
            })
            .transpose()?;
        // The 结案方式 of a case another court took over (提级执行, 指定执行, 交叉执行) whose
        // export gives none: the first court closes it by 终结执行 (2014 意见 art. 17, items
        // 10–12; closure-methods.toml lists those wordings under it). Without it the
        // closure is one of unknown method, which may be 终本, and drops out of 实际执结率
        // and the evaluation's 清理比例（不含终本）. The raw column stays as the export wrote
        // it (none): the method is inferred, not read. A 执恢's original keeps its own (the
        // 终本 it was resumed from), or none.
        let sent_on = |j: usize| ch.closure_method.get(p.local + j).is_none();
        let closure_method = c
            .moved_closed_on
            .iter()
            .any(|&(j, _, transfer)| transfer && sent_on(j))
            .then(|| {
                let mut v: Vec<Option<&str>> =
                    (0..n).map(|j| ch.closure_method.get(p.local + j)).collect();
                for &(j, _, transfer) in &c.moved_closed_on {
                    if transfer && v[j].is_none() {
                        v[j] = Some(TRANSFER_METHOD);
                    }
                }
                s("closure_method", &v)
            });
        let mut cols: Vec<Option<Column>> = vec![
            // filled in place of the input's columns of the same name
            filled("officer", ch.officer, &c.officer),
            closed_on,
            closure_method,
            filled("team", ch.team, &c.team),
            filled("leader", ch.leader, &c.leader),
            Some(boolc("has_assets", &c.has_assets)),
            // 非诉执行 as the deadline was counted: from the export's flag, its category
            // or its 案由 (行政处罚 …), so that a filter on the column finds them all
            Some(boolc("non_litigation", &c.non_litigation)),
            // the classification
            Some(date_column(
                "as_of",
                std::iter::repeat_n(Some(self.ctx.as_of), n),
            )?),
            Some(
                StringChunked::from_iter_values(
                    "status_as_of".into(),
                    c.status.iter().map(|s| s.as_str()),
                )
                .into_column(),
            ),
            Some(i64c("extension_months", &c.extension_months)),
            Some(i64c("extension_days", &c.extension_days)),
            Some(i64c("deducted_days", &c.deducted_days)),
            Some(date_column("due_on", c.due_on.iter().copied())?),
            Some(date_column(
                "stay_ended_on",
                c.stay_ended_on.iter().copied(),
            )?),
            Some(i64c("age_days", &c.age_days)),
            Some(i64c("overdue_days", &c.overdue_days)),
            Some(BooleanChunked::from_slice("in_backlog".into(), &c.in_backlog).into_column()),
        ];
        for (k, v) in c.cats.iter().enumerate() {
            cols.push(Some(boolc(&format!("cat_{}", k + 1), v)));
        }
        cols.push(Some(c.category_reasons.column("category_reasons", &dict)?));
        cols.push(Some(c.root_causes.column("root_causes", &self.codes)?));
        cols.push(Some(
            c.root_cause_reasons.column("root_cause_reasons", &dict)?,
        ));
        let reasons = IdxCa::from_slice_options("".into(), &c.has_assets_reason);
        cols.push(Some(
            dict.take(&reasons)
                .map_err(|e| Error::polars("building column has_assets_reason", e))?
                .with_name("has_assets_reason".into())
                .into_column(),
        ));
        cols.push(Some(
            Int64Chunked::from_slice("petition_count".into(), &c.petition_count).into_column(),
        ));
        cols.push(Some(s("officer_source", &c.officer_source)));
        cols.push(Some(
            BooleanChunked::from_slice("without_officer".into(), &c.without_officer).into_column(),
        ));
        let mut df = self.base.slice(p.start as i64, p.len);
        // with_column replaces a column of the same name in place (the filled officer, team,
        // leader, has_assets; or a re-classified table's columns) and appends the others.
        for c in cols.into_iter().flatten() {
            df.with_column(c)
                .map_err(|e| Error::polars("adding classification columns", e))?;
        }
        Ok(df)
    }
}

fn summarise(c: &Counts, rows: usize, rules: &Rules, as_of: NaiveDate) -> ClassifyReport {
    let status = |s: AsOfStatus| c.status[s as usize];
    let mut r = ClassifyReport {
        as_of,
        input: String::new(),
        rows,
        not_filed: status(AsOfStatus::NotFiled),
        closed: status(AsOfStatus::Closed),
        open: c.open,
        pending: status(AsOfStatus::Pending),
        suspended: status(AsOfStatus::Suspended),
        deferred: status(AsOfStatus::Deferred),
        in_backlog: c.in_backlog,
        backlog_rule: rules.backlog_text(),
        period_months: rules.period_months,
        non_litigation_months: rules.non_litigation_months,
        categories_open: BTreeMap::new(),
        categories_backlog: BTreeMap::new(),
        root_causes_open: BTreeMap::new(),
        has_assets_unknown_open: c.has_assets_unknown_open,
        open_with_long_open_deduction: c.long_open_deductions,
        open_with_far_deduction_end: c.far_deduction_ends,
        deductions_superseded: 0,
        closed_as_resumed: c.closed_as_resumed,
        closed_as_transferred: c.closed_as_transferred,
        open_without_officer: c.open_without_officer,
        officers_from_assignments: c.officers_from_assignments,
        petitions_read: 0,
        petitions_unlinked: 0,
        unmatched_clauses: 0,
        rule_files: rules.origins.clone(),
        rule_digests: crate::rulefiles::digests(&rules.origins),
        seconds: BTreeMap::new(),
        removed: Vec::new(),
    };
    let cat_name = |k: usize| {
        rules
            .categories
            .get(k)
            .map(|c| format!("{} {}", c.id, c.name))
            .unwrap_or_default()
    };
    for k in 0..7 {
        r.categories_open.insert(cat_name(k), c.cat_open[k]);
        r.categories_backlog.insert(cat_name(k), c.cat_backlog[k]);
    }
    for (k, n) in c.causes.iter().enumerate() {
        if *n > 0 {
            let code = rules
                .causes
                .get(k)
                .map_or(rules.unknown_code.as_str(), |c| c.code.as_str());
            r.root_causes_open.insert(code.to_string(), *n);
        }
    }
    r
}

fn date_column(name: &str, v: impl Iterator<Item = Option<NaiveDate>>) -> Result<Column> {
    Int32Chunked::from_iter_options(name.into(), v.map(|d| d.map(epoch_days)))
        .into_column()
        .cast(&DataType::Date)
        .map_err(|e| Error::polars(format!("building column {name}"), e))
}
/// Clauses no rule understood, with the number of case rows holding them.
fn unmatched_table(texts: &Texts, facts: &[TextFacts]) -> Result<DataFrame> {
    let mut counts: BTreeMap<(&'static str, &str), i64> = BTreeMap::new();
    for (k, f) in facts.iter().enumerate() {
        let field = texts.distinct[k].0.column();
        for c in &f.unmatched {
            *counts.entry((field, c.as_str())).or_default() += texts.rows[k] as i64;
        }
    }
    let mut rows: Vec<((&str, &str), i64)> = counts.into_iter().collect();
    // Most frequent first: those are the rules worth writing.
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "text".into(),
                rows.iter().map(|((_, t), _)| *t).collect::<Vec<_>>(),
            ),
            Column::new(
                "field".into(),
                rows.iter().map(|((f, _), _)| *f).collect::<Vec<_>>(),
            ),
            Column::new(
                "count".into(),
                rows.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            ),
        ],
    )
    .map_err(|e| Error::polars("building unmatched_reasons", e))
}

/// Open cases without an officer (责任到人 needs one for every backlog case): rows of the
/// input table with their status and whether they are in the backlog.
fn without_officer_table(
    cases: &DataFrame,
    rows: &[(IdxSize, AsOfStatus, bool)],
) -> Result<DataFrame> {
    let idx: Vec<IdxSize> = rows.iter().map(|r| r.0).collect();
    let keep: Vec<&str> = [
        "source_file",
        "source_sheet",
        "source_row",
        "case_no_raw",
        "case_no",
        "case_key",
        "filed_on",
        "team",
    ]
    .into_iter()
    .filter(|c| cases.column(c).is_ok())
    .collect();
    let mut df = cases
        .select(keep)
        .and_then(|d| d.take(&IdxCa::from_vec("idx".into(), idx)))
        .map_err(|e| Error::polars("building cases_without_officer", e))?;
    let status: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let backlog: Vec<bool> = rows.iter().map(|r| r.2).collect();
    df.with_column(Column::new("status_as_of".into(), status))
        .and_then(|d| d.with_column(Column::new("in_backlog".into(), backlog)))
        .map_err(|e| Error::polars("building cases_without_officer", e))?;
    Ok(df)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn str_col(name: &str, v: &[Option<&str>]) -> Column {
        StringChunked::from_iter_options(name.into(), v.iter().copied()).into_column()
    }

    fn date_col(name: &str, v: &[Option<NaiveDate>]) -> Column {
        date_column(name, v.iter().copied()).expect("date column")
    }

    fn frame(cols: Vec<Column>) -> DataFrame {
        let h = cols.first().map_or(0, |c| c.len());
        DataFrame::new(h, cols).expect("frame")
    }

    /// Six hand-made cases that exercise every branch a census meets.
    fn fixture() -> (DataFrame, SideTables) {
        let keys = [
            Some("K1"),
            Some("K2"),
            Some("K3"),
            Some("K4"),
            Some("K5"),
            Some("K6"),
        ];
        let mut apps = ListStringChunkedBuilder::new("applicants".into(), 6, 6);
        for a in [
            vec!["王五"],
            vec!["张三"],
            vec![],
            vec!["张三"],
            vec!["赵六"],
            vec!["某局"],
        ] {
            apps.append_values_iter(a.into_iter());
        }
        let cases =
            frame(vec![
            str_col("case_key", &keys),
            date_col(
                "filed_on",
                &[
                    Some(d(2024, 1, 10)),
                    Some(d(2025, 10, 1)),
                    Some(d(2026, 3, 5)),
                    Some(d(2024, 6, 1)),
                    Some(d(2023, 1, 1)),
                    Some(d(2025, 9, 1)),
                ],
            ),
            date_col(
                "closed_on",
                &[None, Some(d(2026, 3, 15)), None, None, None, None],
            ),
            str_col(
                "status",
                &[
                    Some("pending"),
                    Some("closed"),
                    Some("pending"),
                    Some("pending"),
                    Some("pending"),
                    Some("pending"),
                ],
            ),
            str_col(
                "cause",
                &[
                    Some("追索劳动报酬纠纷"),
                    Some("机动车交通事故责任纠纷"),
                    None,
                    None,
                    None,
                    Some("行政处罚"),
                ],
            ),
            str_col(
                "reason",
                &[
                    Some("查封房产流拍"),
                    None,
                    None,
                    Some("见卷宗"),
                    Some("案外人提出执行异议；2023年6月裁定中止执行；中止事由已消除（2025年3月）"),
                    Some("查无财产"),
                ],
            ),
            str_col(
                "note",
                &[None, Some("申请人系低保户"), None, None, None, None],
            ),
            BooleanChunked::from_iter_options(
                "non_litigation".into(),
                [None, None, None, None, None, Some(true)].into_iter(),
            )
            .into_column(),
            str_col(
                "officer",
                &[Some("甲"), None, Some("丙"), Some("丁"), Some("戊"), Some("己")],
            ),
            apps.finish().into_column(),
        ]);
        let deductions = frame(vec![
            str_col(
                "case_key",
                &[Some("K1"), Some("K1"), Some("K4"), Some("K5")],
            ),
            str_col(
                "kind",
                &[
                    Some("评估"),
                    Some("司法拍卖"),
                    Some("暂缓执行"),
                    Some("中止"),
                ],
            ),
            date_col(
                "start_on",
                &[
                    Some(d(2024, 2, 1)),
                    Some(d(2024, 2, 20)),
                    Some(d(2025, 6, 1)),
                    Some(d(2023, 6, 1)),
                ],
            ),
            date_col(
                "end_on",
                &[Some(d(2024, 3, 1)), Some(d(2024, 3, 20)), None, None],
            ),
        ]);
        let extensions = frame(vec![
            str_col("case_key", &[Some("K1"), Some("K2")]),
            Int64Chunked::from_iter_options("months".into(), [Some(3), Some(3)].into_iter())
                .into_column(),
            date_col("approved_on", &[Some(d(2024, 7, 1)), Some(d(2026, 3, 20))]),
        ]);
        // 王五 by key and by name (K1); 张三 is an applicant of K2 and K4, both filed by
        // then: not guessed; K9 is not in the table; 赵六 petitioned before K5 was filed.
        let petitions = frame(vec![
            str_col("case_key", &[Some("K1"), None, None, Some("K9"), None]),
            str_col(
                "petitioner",
                &[
                    Some("王五"),
                    Some("王五"),
                    Some("张三"),
                    Some("某人"),
                    Some("赵六"),
                ],
            ),
            date_col(
                "petitioned_on",
                &[
                    Some(d(2025, 1, 1)),
                    Some(d(2025, 6, 1)),
                    Some(d(2025, 11, 1)),
                    Some(d(2025, 6, 1)),
                    Some(d(2022, 1, 1)),
                ],
            ),
        ]);
        let assignments = frame(vec![
            str_col("case_key", &[Some("K2"), Some("K2")]),
            str_col("officer", &[Some("旧乙"), Some("乙")]),
            str_col("leader", &[None, Some("院长")]),
            date_col("assigned_on", &[Some(d(2025, 10, 2)), Some(d(2026, 1, 5))]),
        ]);
        (
            cases,
            SideTables {
                deductions: Some(deductions),
                extensions: Some(extensions),
                petitions: Some(petitions),
                assignments: Some(assignments),
            },
        )
    }

    fn cfg() -> ClassifyConfig {
        ClassifyConfig::new(d(2026, 2, 28), None).expect("rules")
    }

    #[test]
    fn hand_made_census() {
        let (cases, sides) = fixture();
        let out = classify_frame(&cases, &sides, &cfg()).expect("classify");
        let df = &out.cases;
        let strs = |c: &str| -> Vec<Option<String>> {
            df.column(c)
                .and_then(|c| {
                    c.str()
                        .map(|s| s.iter().map(|x| x.map(String::from)).collect())
                })
                .unwrap_or_default()
        };
        let status = strs("status_as_of");
        assert_eq!(
            status,
            [
                "pending",
                "pending",
                "not_filed",
                "deferred",
                "suspended",
                "pending"
            ]
            .map(|s| Some(s.to_string()))
            .to_vec()
        );
        let ints = |c: &str| -> Vec<Option<i64>> { input::i64s(df, "t", c).unwrap_or_default() };
        // K1: 评估 Feb 1–Mar 1 and 拍卖 Feb 20–Mar 20 overlap: 48 days, not 57.
        assert_eq!(ints("deducted_days")[0], Some(48));
        let due = input::dates(df, "t", "due_on").unwrap_or_default();
        // filed 2024-01-10 + (6 + 3) months = 2024-10-10, + 48 days
        assert_eq!(due[0], Some(d(2024, 11, 27)));
        // K2: the extension approved after the as-of date does not count; closed after it:
        // pending at the as-of date, not overdue.
        assert_eq!(due[1], Some(d(2026, 4, 1)));
        // K6: 非诉执行 (by flag and 案由): 3 months.
        assert_eq!(due[5], Some(d(2025, 12, 1)));
        assert_eq!(due[2], None, "filed after the as-of date");
        let backlog = input::bools(df, "t", "in_backlog").unwrap_or_default();
        assert_eq!(
            backlog,
            [true, false, false, true, true, true].map(Some).to_vec()
        );
        let cat = |k: usize| input::bools(df, "t", &format!("cat_{k}")).unwrap_or_default();
        assert_eq!(cat(1)[0], Some(true), "K1 more than a year overdue");
        assert_eq!(cat(4)[0], Some(true), "K1 wages");
        assert_eq!(
            cat(7)[0],
            Some(true),
            "K1: one petition by key, one by name"
        );
        assert_eq!(cat(3)[1], Some(true), "K2 低保户 in the note");
        assert_eq!(cat(6)[1], Some(true), "K2 traffic");
        assert_eq!(cat(7)[1], Some(false), "张三 is shared: not guessed");
        assert_eq!(
            cat(5)[3],
            Some(true),
            "K4 deferred since 2025-06-01: lapsed"
        );
        assert_eq!(cat(5)[4], Some(true), "K5 suspension ground ended");
        assert_eq!(cat(1)[2], None, "not filed: no categories");
        let reasons = input::lists(df, "t", "category_reasons").unwrap_or_default();
        assert!(
            reasons[0].contains(&"类别4：案由为追索劳动报酬纠纷".to_string()),
            "{:?}",
            reasons[0]
        );
        let causes = input::lists(df, "t", "root_causes").unwrap_or_default();
        assert!(
            causes[0].contains(&"hard_to_realise".to_string()),
            "{causes:?}"
        );
        assert!(
            causes[4].contains(&"legal_obstacle".to_string()),
            "{causes:?}"
        );
        assert_eq!(causes[5], vec!["no_assets".to_string()]);
        assert_eq!(causes[3], vec!["unknown".to_string()]);
        let assets = input::bools(df, "t", "has_assets").unwrap_or_default();
        assert_eq!(assets[5], Some(false));
        assert_eq!(assets[0], Some(true));
        assert_eq!(ints("petition_count")[0], Some(2));
        // K2's officer and leader come from the latest assignment.
        assert_eq!(strs("officer")[1].as_deref(), Some("乙"));
        assert_eq!(strs("leader")[1].as_deref(), Some("院长"));
        assert_eq!(strs("officer_source")[1].as_deref(), Some("assignments"));
        assert_eq!(out.without_officer.height(), 0);
        assert_eq!(out.report.petitions_unlinked, 3);
        assert_eq!(ints("petition_count")[4], Some(0));
        let texts: Vec<Option<String>> = out
            .unmatched
            .column("text")
            .and_then(|c| {
                c.str()
                    .map(|s| s.iter().map(|x| x.map(String::from)).collect())
            })
            .unwrap_or_default();
        assert_eq!(texts, vec![Some("见卷宗".to_string())]);
    }

    #[test]
    fn same_input_same_output() {
        let (cases, sides) = fixture();
        let a = classify_frame(&cases, &sides, &cfg()).expect("a");
        let b = classify_frame(&cases, &sides, &cfg()).expect("b");
        assert!(a.cases.equals_missing(&b.cases));
    }

    /// A transferred case's method is one the figures know (closure-methods.toml's keys are
    /// these): an unlisted name would count as no method at all.
    #[test]
    fn the_transfer_method_is_canonical() {
        assert!(crate::ingest::rules::METHODS.contains(&TRANSFER_METHOD));
    }
}
