//! `caseflow trend`: received versus closed per unit and period, and the ratios.

use std::path::PathBuf;

use crate::census::{self, PeriodKind, TrendOptions};
use crate::cli::ingest::parse_cli_date;
use crate::workbook;
use crate::{Error, Outcome, Result};

/// Long help of the subcommand (set on its variant in `cli/mod.rs`, where the variant's doc
/// comment would otherwise replace it).
pub const LONG_ABOUT: &str =
    "Compute the monthly (or quarterly, or yearly) flows of a classified run per \
court, team and officer: B (旧存, pending at the start), N (新收), D (结案), E (未结), each \
counted from the case dates on its own, with the identity B + N + R − D = E checked per unit and \
period; and the ratios of domain/metrics.md: clearance_rate (结收比), disposition_time_days \
(E / D times period_days: 365 for a year, also a leap year; the period's days for a shorter \
or a longer period, such as the whole-range row, 29 February left out once a period is a \
year or more, as caseflow ratios counts it), disposal_rate (结案率), 执结率, 实际执结率 \
(excluding 终本), 执行完毕率 (首执 only by default), 终本率, 执行到位率, the within-statutory-\
period closure rate, and time to disposition (shares within 90/180/365 days and the median, \
net of deducted days). Each row for the whole range follows the calendar rows.\n\n\
Reads RUN/parquet/cases_classified.parquet. Writes to RUN/parquet/: trend_flows, trend_ratios, \
trend_breaches (unit-periods where the identity fails), trend_case_anomalies (the cases with \
inconsistent dates behind a breach) and trend_meta (.parquet); RUN/trend.json; and refreshes \
RUN/workbook.xlsx (unless --no-workbook). Exit code 1 when the identity fails somewhere \
(the breaches are reported, all tables are still written).\n\n\
Periods end at the as-of date; --from defaults to the start of the twelfth month back (set in \
pipelines/rules/census.toml). Exports list closed cases only since a window start, so a --from \
before that window undercounts; the command warns when the range starts before the earliest \
closure in the data.\n\n\
Cost: reads only the columns it needs, then one pass per unit level over the cases (interval \
counting, not one pass per period) and a sort of the closed cases for the medians; a million \
cases take about a second and 0.8 GB on two cores (BENCHMARKS.md).\n\n\
Example:\n  caseflow trend run/census --from 2025-03-01 --to 2026-02-28 --by quarter";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run folder holding parquet/cases_classified.parquet
    pub run: PathBuf,

    /// First day of the range (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Last day of the range (YYYY-MM-DD); at most the as-of date
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Period length: month, quarter or year
    #[arg(long, value_name = "month|quarter|year")]
    pub by: Option<String>,

    /// Folder with a replacement census.toml
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Case kinds to count, comma-separated (see `caseflow census --help`)
    #[arg(long, value_name = "LIST")]
    pub case_kinds: Option<String>,

    /// Do not rewrite RUN/workbook.xlsx
    #[arg(long)]
    pub no_workbook: bool,

    /// Language of the workbook's sheet names and headers: zh or en
    #[arg(long, default_value = "zh", value_name = "zh|en")]
    pub lang: String,

    /// The workbook will leave the statistics office: mask natural persons' names, ID and
    /// phone numbers in every sheet (docs/security.md)
    #[arg(long)]
    pub share: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let (cfg, lang) = crate::cli::census::config(
        args.rules.as_deref(),
        args.case_kinds.as_deref(),
        &args.lang,
    )?;
    let from = args
        .from
        .as_deref()
        .map(|s| parse_cli_date("--from", s))
        .transpose()?;
    if let Some(f) = from {
        crate::dates::check_trend_from("--from", f)?;
    }
    let to = args
        .to
        .as_deref()
        .map(|s| parse_cli_date("--to", s))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Error::Usage(format!("--from {f} is after --to {t}")));
        }
    }
    let by = args
        .by
        .as_deref()
        .map(|s| {
            PeriodKind::parse(s)
                .ok_or_else(|| Error::Usage(format!("--by {s:?}: expected month, quarter or year")))
        })
        .transpose()?;
    if !args.run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a run folder",
            args.run.display()
        )));
    }
    let opts = TrendOptions {
        from,
        to,
        by,
        ..TrendOptions::default()
    };
    let r = census::trend_run(&args.run, &cfg, &opts)?;
    eprintln!(
        "caseflow trend: {} … {} by {} ({} periods, as of {}); {} unit-period rows; case kinds: {}",
        r.from, r.to, r.by, r.periods, r.as_of, r.rows, r.case_kinds
    );
    for n in &r.notes {
        eprintln!("caseflow trend: note: {n}");
    }
    if r.breaches > 0 {
        eprintln!(
            "caseflow trend: B + N + R − D ≠ E in {} unit-period rows (trend_breaches.parquet); \
             {} cases with inconsistent dates (trend_case_anomalies.parquet)",
            r.breaches, r.anomalies
        );
    }
    if !args.no_workbook {
        if let Some(note) = crate::mask::kept_shared_note(&args.run, args.share) {
            eprintln!("caseflow trend: note: {note}");
        }
        workbook::write_workbook_shared(&args.run, lang, &cfg, args.share)?;
        eprintln!(
            "caseflow trend: wrote {}",
            args.run.join("workbook.xlsx").display()
        );
    }
    Ok(Outcome::from_problem_count(r.breaches))
}
