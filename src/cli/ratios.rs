//! `caseflow ratios`: stock-flow ratios from an aggregate table.

use std::io::Cursor;
use std::path::PathBuf;

use polars::prelude::*;

use crate::ratios::{self, REOPENED, REQUIRED_COUNTS};
use crate::{textio, Error, Outcome, Result};

/// Long help of `caseflow ratios`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str =
    "Compute stock-flow ratios (结收比, 结案率, disposition time …) from an aggregate \
table, as defined in domain/metrics.md.\n\n\
Reads a CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GBK) with the columns \
unit,period,pending_start,incoming,resolved,pending_end and optionally reopened; other \
columns pass through unchanged. Writes the input columns plus clearance_rate, \
clearance_rate_all, disposition_time_days, disposal_rate, pending_change and \
pending_to_incoming, unrounded, to --output (written atomically) or standard output.\n\n\
A zero denominator or a blank count gives an empty cell (undefined), never 0 or infinity. A \
negative or non-numeric count is reported with its line and column; that cell is treated as \
blank, the other rows are still computed, and the exit code is 1. Without a reopened column, \
clearance_rate_all counts no reopened cases.\n\n\
Cost: the table is read into memory; aggregate tables are small.\n\n\
Example:\n  caseflow ratios --input ../shared/oracle/stock-flow.csv --output ratios.csv";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Aggregate table (CSV) with one row per unit and period
    #[arg(long, short)]
    pub input: PathBuf,

    /// Where to write the CSV; standard output when omitted
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Days that a disposition time is expressed against: 365 for annual periods (also in
    /// leap years); the days of the period for shorter periods (e.g. 30, 91)
    #[arg(long, default_value_t = ratios::DAYS_PER_YEAR)]
    pub period_days: f64,
}

pub fn run(args: Args) -> Result<Outcome> {
    if !(args.period_days.is_finite() && args.period_days > 0.0) {
        return Err(Error::Usage(format!(
            "--period-days must be a positive number of days, got {}",
            args.period_days
        )));
    }
    let file = args.input.display().to_string();
    let (text, _) = textio::read_text(&args.input)?;
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .map_parse_options(|o| o.with_missing_is_null(true))
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| Error::Input {
            file: file.clone(),
            row: None,
            column: None,
            message: format!("not a readable CSV table: {e}"),
        })?;

    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let missing: Vec<&str> = REQUIRED_COUNTS
        .iter()
        .copied()
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Input {
            file,
            row: None,
            column: Some(missing.join(", ")),
            message: format!(
                "required column missing; the table has: {}; expected \
                 unit,period,pending_start,incoming,resolved,pending_end[,reopened]",
                names.join(", ")
            ),
        });
    }
    let has_reopened = names.iter().any(|n| n == REOPENED);
    let mut count_cols: Vec<&str> = REQUIRED_COUNTS.to_vec();
    if has_reopened {
        count_cols.push(REOPENED);
    }

    // Counts as integers under private names; the input text passes through untouched.
    let (parsed, problems) = ratios::parse_count_columns(&df, &count_cols, 2)
        .map_err(|e| Error::polars("reading the count columns", e))?;
    let counts =
        DataFrame::new(df.height(), parsed).map_err(|e| Error::polars("assembling counts", e))?;
    let result = ratios::with_ratios(counts.lazy(), has_reopened, args.period_days)
        .select(
            ratios::RATIO_COLUMNS
                .iter()
                .map(|c| col(*c))
                .collect::<Vec<_>>(),
        )
        .collect()
        .map_err(|e| Error::polars("computing ratios", e))?;
    df = df
        .hstack(result.columns())
        .map_err(|e| Error::polars("appending ratios", e))?;

    for p in &problems {
        eprintln!(
            "caseflow: {file}, row {}, column {}: {:?} is not a count ({}); its ratios are left empty",
            p.line, p.column, p.value, p.reason
        );
    }

    // Text cells (unit, period, passed-through columns) are the user's: a cell that Excel
    // would read as a formula gets a leading ' (crate::sanitize); numbers stay numbers.
    let df =
        crate::sanitize::csv_frame(&df).map_err(|e| Error::polars("preparing the output", e))?;
    let write = |w: &mut dyn std::io::Write, dest: &str| -> Result<()> {
        CsvWriter::new(w)
            .include_header(true)
            .finish(&mut df.clone())
            .map_err(|e| Error::polars(format!("writing {dest}"), e))
    };
    match &args.output {
        Some(path) => textio::write_atomic(path, |w| write(w, &path.display().to_string()))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock, "<stdout>")?;
        }
    }
    Ok(Outcome::from_problem_count(problems.len()))
}
