//! `caseflow ingest`: court exports → canonical case table, side tables, rejects, manifest.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::ingest::limits::{self, Limit, Limits};
use crate::ingest::{self, IngestConfig};
use crate::{Error, Outcome, Result};

/// Long help of `caseflow ingest`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str = "Read court case-list exports into one canonical case table (案件明细), with \
every input row accounted for.\n\n\
Reads .xlsx/.xls (every sheet, or --sheet), .csv/.tsv/.txt in UTF-8 (with or without BOM), \
UTF-16 or UTF-32 with BOM or GBK/GB18030 (detected; never decoded lossily), and .parquet; a file is \
opened by what it holds (an xlsx named .xls, the web page or the Excel 2003 XML workbook a \
web system exports as .xls or .xml). Excel 2003 XML and web pages are held in memory whole, \
up to --max-uncompressed-bytes. The header \
row is found below title rows; the header profile (pipelines/profiles/*.toml) that maps the \
most columns is used unless --profile names one. Side files (信访登记 petitions, 承办人/包案 \
assignments, 扣除期间 deductions, 延长期限 extensions) are recognised by their headers and go \
to their own tables.\n\n\
Writes, in RUN/:\n  parquet/cases.parquet, parquet/petitions.parquet, parquet/assignments.parquet,\n  \
parquet/deductions.parquet, parquet/extensions.parquet, parquet/rejects.parquet,\n  \
rejects.csv (UTF-8 with BOM, opens in Excel) and manifest.json (per file and sheet: rows \
read, skipped with reasons, written, rejected; input hashes; parameters).\n\n\
A field that cannot be used (an invalid 案号, an impossible date, an unknown 结案方式) keeps \
its row and is listed in the rejects; a row with no field filled is rejected whole. Exit \
code 1 when rows were rejected whole (with --strict: on any reject), 2 for a usage or \
profile error.\n\n\
Cost: files are read in parallel, each streamed in batches of 64k rows parsed on all cores \
(and hashed for the manifest on the way), so memory holds a few batches and the output \
columns (about 1 GB per million case rows), not the input's cells. A 1M-row CSV takes a \
few seconds on two cores.\n\n\
Limits: a crafted or broken file stops with an error naming the file and the limit, never \
an out-of-memory kill: a workbook may expand to at most 1 GiB of XML \
(--max-uncompressed-bytes) in at most 10000 zip entries (--max-zip-entries); a sheet or a \
CSV record may have at most 16384 columns (--max-columns, Excel's own maximum); one CSV \
record (a line, or several inside quotes) may be at most 4 MiB (--max-line-bytes: an \
unclosed quote is caught there). Workbook parts with a DTD (<!DOCTYPE>, entity expansion) \
are refused. Sizes take KiB/MiB/GiB; a pipeline file sets the same in a [limits] table.\n\n\
Example:\n  caseflow ingest sample-data/census/*.xlsx sample-data/census/*.csv --out run/census";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Export files to read (xlsx, xls, csv, tsv, txt, parquet, Excel 2003 XML)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Run folder to write into (created if missing)
    #[arg(long)]
    pub out: PathBuf,

    /// Use this header profile for every file instead of choosing the best one
    #[arg(long)]
    pub profile: Option<String>,

    /// The date the exports were made (YYYY-MM-DD), for sheets that state none of their own (a
    /// title 截至…, a 导出时间 or 制表日期 line comes first); before a date in a file's name
    #[arg(long, value_name = "DATE")]
    pub exported_on: Option<String>,

    /// Read only this sheet of each workbook
    #[arg(long)]
    pub sheet: Option<String>,

    /// Folder with extra or replacement header profiles (*.toml)
    #[arg(long, value_name = "DIR")]
    pub profiles: Option<PathBuf>,

    /// Folder with replacement rule files (closure-methods.toml, parties.toml, rows.toml:
    /// the markers of totals, footers and notes, and the placeholders that mean no value)
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Folder with replacement 案号 reference tables (court-codes.toml, case-types.toml:
    /// the court codes and case type codes the case-number parser knows)
    #[arg(long, value_name = "DIR")]
    pub reference: Option<PathBuf>,

    /// Exit with code 1 on any rejected field, not only on rows rejected whole
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The limits on what one input file may make caseflow do (see `caseflow ingest --help`).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct LimitArgs {
    /// Refuse a workbook (xlsx/xlsb/ods) whose zip entries expand to more than SIZE
    /// [default: 1GiB]
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub max_uncompressed_bytes: Option<u64>,

    /// Refuse a workbook whose zip archive holds more than N entries [default: 10000]
    #[arg(long, value_name = "N", value_parser = count_arg)]
    pub max_zip_entries: Option<u64>,

    /// Refuse a sheet or a CSV record with more than N columns [default: 16384]
    #[arg(long, value_name = "N", value_parser = count_arg)]
    pub max_columns: Option<u64>,

    /// Refuse a CSV record (a line, or several inside quotes) longer than SIZE
    /// [default: 4MiB]
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub max_line_bytes: Option<u64>,
}

fn size_arg(s: &str) -> std::result::Result<u64, String> {
    limits::parse_size(s)
}

fn count_arg(s: &str) -> std::result::Result<u64, String> {
    limits::parse_count(s)
}

impl LimitArgs {
    /// Overrides the limits given on the command line.
    pub fn apply(&self, limits: &mut Limits) {
        for (limit, value) in [
            (Limit::UncompressedBytes, self.max_uncompressed_bytes),
            (Limit::ZipEntries, self.max_zip_entries),
            (Limit::Columns, self.max_columns),
            (Limit::LineBytes, self.max_line_bytes),
        ] {
            if let Some(v) = value {
                limits.set(limit, v);
            }
        }
    }
}

/// Parses a YYYY-MM-DD date given on the command line.
/// A date flag's value: `2026-02-28`, `2026/2/28` or `2026年2月28日` (crate::dates).
pub fn parse_cli_date(flag: &str, s: &str) -> Result<NaiveDate> {
    crate::dates::parse_date(flag, s)
}

/// Reads `--reference DIR` before any case number is parsed.
pub fn use_reference(dir: Option<&std::path::Path>) -> Result<()> {
    match dir {
        Some(d) if !d.is_dir() => Err(Error::Usage(format!(
            "--reference {}: no such folder",
            d.display()
        ))),
        Some(d) => crate::casenum::tables::use_reference(d)
            .map_err(|e| Error::Usage(format!("--reference {}: {e}", d.display()))),
        None => Ok(()),
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    use_reference(args.reference.as_deref())?;
    let exported_on = args
        .exported_on
        .as_deref()
        .map(|s| parse_cli_date("--exported-on", s))
        .transpose()?;
    let cfg = IngestConfig {
        inputs: args.files,
        out: args.out,
        profile: args.profile,
        exported_on,
        sheet: args.sheet,
        profiles_dir: args.profiles,
        rules_dir: args.rules,
        limits: {
            let mut l = Limits::default();
            args.limits.apply(&mut l);
            l
        },
        // The shell expands globs: every file here was named, none is skipped.
        skipped_inputs: Vec::new(),
        rule_files: Vec::new(),
    };
    // Only a new or empty folder or an earlier run is written into (crate::outpath).
    crate::outpath::check_output_dir(&cfg.out)?;
    let report = ingest::ingest(&cfg)?;
    let m = &report.manifest;
    eprintln!(
        "caseflow ingest: {} file(s), {} rows read: {} data rows → {} written, {} rejected whole; \
         {} field problems; {} non-data rows skipped; {} blank",
        m.files.len(),
        m.totals.rows_read,
        m.totals.data_rows,
        m.totals.rows_written,
        m.totals.rows_rejected,
        m.rejects.field_rejects,
        m.totals.skipped_rows,
        m.totals.blank_rows,
    );
    if m.totals.read_as_empty > 0 {
        eprintln!(
            "  {} value(s) that mean \"no value\" read as empty (1900-01-01, 未结 in a date column …: \
             read_as_empty in manifest.json)",
            m.totals.read_as_empty
        );
    }
    for (table, n) in &m.tables {
        if *n > 0 {
            eprintln!("  {table}: {n} rows");
        }
    }
    eprintln!("  written to {}", cfg.out.display());
    if !report.removed.is_empty() {
        eprintln!(
            "  removed {} file(s) of the later stages of an earlier run in this folder \
             (dedup, classify, census …): run them again on the new cases",
            report.removed.len()
        );
    }
    for (file, note) in ingest::repeated_inputs(m) {
        eprintln!("  warning: {file}: {note}");
    }
    for (sheet, warning) in ingest::sheet_warnings(m) {
        eprintln!("  warning: {sheet}: {warning}");
    }
    for (sheet, note) in ingest::unmapped_notes(m) {
        eprintln!("  note: {sheet}: {note}");
    }
    // Said, not refused: ingest only reads files into tables, and a register read on its
    // own (to look at it with `caseflow sql` before the case lists are at hand) is a fair
    // use. `caseflow run` refuses it, as its census would be of a court with no cases.
    if let Some(w) = ingest::without_case_list(m) {
        eprintln!("  warning: {w}; dedup, classify and census would count 0 cases");
    }
    if let Some(w) = cfg
        .exported_on
        .and_then(|e| crate::dates::check_exported_on("--exported-on", e, crate::dates::today()))
    {
        eprintln!("  warning: {w}");
    }
    if !m.totals.reconciles {
        return Err(Error::Input {
            file: cfg.out.join("manifest.json").display().to_string(),
            row: None,
            column: None,
            message: "row counts do not reconcile: this is a caseflow bug, please report it".into(),
        });
    }
    // Field rejects keep their rows (see `caseflow run` for why they do not fail the run);
    // a sheet that holds a part of its list does not: its rows are fine, but the figures
    // would be made from a part of the court's cases.
    let incomplete = ingest::incomplete_exports(m);
    Ok(Outcome::from_problem_count(if args.strict {
        m.rejects.field_rejects + m.rejects.rows_rejected + incomplete
    } else {
        m.rejects.rows_rejected + incomplete
    }))
}
