//! The run manifest: what was read, from which exact files, and where every row went.
//!
//! A statistician must be able to answer "did we lose anything?" from this file alone:
//! per file and sheet, rows read = header rows + blank rows + skipped non-data rows +
//! data rows, and data rows = rows written + rows rejected whole. `reconciles` states it.
//! It holds no clock time, so the same inputs give the same manifest.

use std::collections::BTreeMap;

use polars::prelude::DataFrame;
use serde::Serialize;

use super::{IngestConfig, Limits};

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    pub stage: String,
    pub parameters: Parameters,
    pub files: Vec<FileEntry>,
    /// Rows per output table.
    pub tables: BTreeMap<String, usize>,
    pub rejects: RejectTotals,
    pub totals: Totals,
    /// Files an input glob matched that were not read, with why (Excel's lock files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped_inputs: Vec<SkippedInput>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedInput {
    pub path: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameters {
    pub inputs: Vec<String>,
    pub profile: Option<String>,
    pub exported_on: Option<String>,
    pub sheet: Option<String>,
    pub profiles_dir: Option<String>,
    pub rules_dir: Option<String>,
    /// Every rule, profile and reference file read, with its path or "(built-in) name"
    /// (crate::rulefiles): what the run's figures were made under.
    pub rule_files: Vec<String>,
    /// The SHA-256 of each rule and reference file's text as read, by its entry in
    /// `rule_files` (crate::rulefiles::digests): an evaluation compares what each run read.
    pub rule_digests: BTreeMap<String, String>,
    pub limits: Limits,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RejectTotals {
    pub field_rejects: usize,
    pub rows_rejected: usize,
    pub by_field: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub rows_read: usize,
    pub header_rows: usize,
    pub blank_rows: usize,
    pub skipped_rows: usize,
    pub data_rows: usize,
    pub rows_written: usize,
    pub rows_rejected: usize,
    /// Values read as empty on purpose (see [`SheetEntry::read_as_empty`]).
    pub read_as_empty: usize,
    pub reconciles: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub format: String,
    pub encoding: Option<String>,
    pub notes: Vec<String>,
    pub sheets: Vec<SheetEntry>,
}

impl FileEntry {
    /// An entry for a file of `size_bytes` whose SHA-256 (lower-case hex) is `sha256`.
    pub fn new(path: &str, size_bytes: u64, sha256: String) -> Self {
        FileEntry {
            path: path.to_string(),
            size_bytes,
            sha256,
            format: String::new(),
            encoding: None,
            notes: Vec::new(),
            sheets: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetEntry {
    pub sheet: Option<String>,
    pub table: Option<String>,
    pub profile: Option<String>,
    /// The header's row number as the user sees it.
    pub header_row: Option<usize>,
    pub rows_read: usize,
    /// Title rows, blank rows above the header, and the header itself.
    pub header_rows: usize,
    pub blank_rows: usize,
    /// Non-data rows below the header, by reason (totals, footers, repeated headers).
    pub skipped: BTreeMap<String, usize>,
    pub data_rows: usize,
    pub rows_written: usize,
    pub rows_rejected: usize,
    pub field_rejects: BTreeMap<String, usize>,
    /// Values that are no value and are read as empty on purpose, by field and why
    /// (`closed_on: 1900-01-01, a system's "no date"`): the row keeps no error for them, and
    /// the count says how often an export did it.
    pub read_as_empty: BTreeMap<String, usize>,
    /// Header → canonical field.
    pub columns: BTreeMap<String, String>,
    /// Headers no field claimed: their values are in the `extra` column.
    pub unmapped_columns: Vec<String>,
    /// Of those, the ones worth a note on the terminal: not a row number's (序号, rows.toml
    /// `row_number_headers`), which no field is meant to claim.
    #[serde(skip)]
    pub unmapped_to_note: Vec<String>,
    pub exported_on: Option<String>,
    pub note: Option<String>,
    /// What the statistician must know before trusting a figure made from the sheet (a
    /// claim column without a recovered-amount column: 未执行到位金额 is the whole
    /// claim); printed on the terminal and listed in the report's data-quality section.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub reconciles: bool,
}

impl SheetEntry {
    /// Adds a note to the sheet's, after any it already has.
    pub fn add_note(&mut self, note: String) {
        self.note = Some(match self.note.take() {
            Some(n) => format!("{n}; {note}"),
            None => note,
        });
    }

    pub fn new(sheet: Option<&str>, rows_read: usize) -> Self {
        SheetEntry {
            sheet: sheet.map(String::from),
            table: None,
            profile: None,
            header_row: None,
            rows_read,
            header_rows: 0,
            blank_rows: 0,
            skipped: BTreeMap::new(),
            data_rows: 0,
            rows_written: 0,
            rows_rejected: 0,
            field_rejects: BTreeMap::new(),
            read_as_empty: BTreeMap::new(),
            columns: BTreeMap::new(),
            unmapped_columns: Vec::new(),
            unmapped_to_note: Vec::new(),
            exported_on: None,
            note: None,
            warnings: Vec::new(),
            reconciles: false,
        }
    }

    pub fn skipped_rows(&self) -> usize {
        self.skipped.values().sum()
    }

    fn check(&mut self) -> bool {
        self.reconciles = self.rows_read
            == self.header_rows + self.blank_rows + self.skipped_rows() + self.data_rows
            && self.data_rows == self.rows_written + self.rows_rejected;
        self.reconciles
    }
}

impl Manifest {
    pub fn new(cfg: &IngestConfig) -> Self {
        let rule_files = if cfg.rule_files.is_empty() {
            crate::rulefiles::ingest(cfg.rules_dir.as_deref(), cfg.profiles_dir.as_deref())
        } else {
            cfg.rule_files.clone()
        };
        Manifest {
            program: "caseflow".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            stage: "ingest".into(),
            parameters: Parameters {
                inputs: cfg.inputs.iter().map(|p| p.display().to_string()).collect(),
                profile: cfg.profile.clone(),
                exported_on: cfg.exported_on.map(|d| d.to_string()),
                sheet: cfg.sheet.clone(),
                profiles_dir: cfg.profiles_dir.as_ref().map(|p| p.display().to_string()),
                rules_dir: cfg.rules_dir.as_ref().map(|p| p.display().to_string()),
                rule_digests: crate::rulefiles::digests(&rule_files),
                rule_files,
                limits: cfg.limits,
            },
            files: Vec::new(),
            tables: BTreeMap::new(),
            rejects: RejectTotals::default(),
            totals: Totals::default(),
            skipped_inputs: cfg
                .skipped_inputs
                .iter()
                .map(|(p, note)| SkippedInput {
                    path: p.display().to_string(),
                    note: note.clone(),
                })
                .collect(),
        }
    }

    /// Fills the totals and the reconciliation flags.
    pub fn finish(&mut self, tables: &BTreeMap<&'static str, DataFrame>, rejects: &DataFrame) {
        let mut t = Totals {
            reconciles: true,
            ..Totals::default()
        };
        let mut r = RejectTotals::default();
        for f in &mut self.files {
            for s in &mut f.sheets {
                t.reconciles &= s.check();
                t.rows_read += s.rows_read;
                t.header_rows += s.header_rows;
                t.blank_rows += s.blank_rows;
                t.skipped_rows += s.skipped_rows();
                t.data_rows += s.data_rows;
                t.rows_written += s.rows_written;
                t.rows_rejected += s.rows_rejected;
                t.read_as_empty += s.read_as_empty.values().sum::<usize>();
                for (k, v) in &s.field_rejects {
                    *r.by_field.entry(k.clone()).or_default() += v;
                    r.field_rejects += v;
                }
            }
        }
        r.rows_rejected = t.rows_rejected;
        let written: usize = tables.values().map(|d| d.height()).sum();
        t.reconciles &= written == t.rows_written;
        let reject_rows = rejects.height();
        // Every field reject and every whole-row reject has exactly one record.
        t.reconciles &= reject_rows == r.field_rejects + r.rows_rejected;
        self.tables = tables
            .iter()
            .map(|(k, v)| (k.to_string(), v.height()))
            .collect();
        self.totals = t;
        self.rejects = r;
    }
}
