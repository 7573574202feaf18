//! `caseflow ingest`: court exports → canonical case table, side tables, rejects, manifest.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::ingest::{self, IngestConfig};
use crate::{Error, Outcome, Result};

/// Long help of `caseflow ingest`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str = "Read court case-list exports into one canonical case table (案件明细), with \
every input row accounted for.\n\n\
Reads .xlsx/.xls (every sheet, or --sheet), .csv/.tsv/.txt in UTF-8 (with or without BOM), \
UTF-16 with BOM or GBK/GB18030 (detected; never decoded lossily), and .parquet. The header \
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
Cost: files are read in parallel and rows parsed on all cores; memory holds the input \
files' cells and the output columns (roughly 1 GB per million rows).\n\n\
Example:\n  caseflow ingest sample-data/census/*.xlsx sample-data/census/*.csv --out run/census";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Export files to read (xlsx, xls, csv, tsv, txt, parquet)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Run folder to write into (created if missing)
    #[arg(long)]
    pub out: PathBuf,

    /// Use this header profile for every file instead of choosing the best one
    #[arg(long)]
    pub profile: Option<String>,

    /// The date the exports were made (YYYY-MM-DD); otherwise read from a 制表日期 footer
    #[arg(long, value_name = "DATE")]
    pub exported_on: Option<String>,

    /// Read only this sheet of each workbook
    #[arg(long)]
    pub sheet: Option<String>,

    /// Folder with extra or replacement header profiles (*.toml)
    #[arg(long, value_name = "DIR")]
    pub profiles: Option<PathBuf>,

    /// Folder with replacement rule files (closure-methods.toml, parties.toml)
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Exit with code 1 on any rejected field, not only on rows rejected whole
    #[arg(long)]
    pub strict: bool,
}

/// Parses a YYYY-MM-DD date given on the command line.
pub fn parse_cli_date(flag: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| Error::Usage(format!("{flag} {s:?}: expected a date as YYYY-MM-DD ({e})")))
}

pub fn run(args: Args) -> Result<Outcome> {
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
    for (table, n) in &m.tables {
        if *n > 0 {
            eprintln!("  {table}: {n} rows");
        }
    }
    eprintln!("  written to {}", cfg.out.display());
    if !m.totals.reconciles {
        return Err(Error::Input {
            file: cfg.out.join("manifest.json").display().to_string(),
            row: None,
            column: None,
            message: "row counts do not reconcile: this is a caseflow bug, please report it".into(),
        });
    }
    // Field rejects keep their rows (see `caseflow run` for why they do not fail the run).
    Ok(Outcome::from_problem_count(if args.strict {
        m.rejects.field_rejects + m.rejects.rows_rejected
    } else {
        m.rejects.rows_rejected
    }))
}
