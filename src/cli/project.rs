//! `caseflow project`: at this pace, when? And what pace, to finish by a date?

use std::path::PathBuf;

use crate::cli::ingest::parse_cli_date;
use crate::project::{self, ByUnit, Month, Pace, ProjectConfig, ProjectionRules, WhatIf};
use crate::{report, workbook, Error, Outcome, Result};

/// Long help of the subcommand (set on its variant in `cli/mod.rs`).
pub const LONG_ABOUT: &str =
    "Project pending cases, the backlog (积案) and overdue cases month by month to a date, \
from the run's own monthly receipts (cases reopened under their own number included, as \
trend_flows' R) and closures, and answer the inverse question: the \
monthly closures needed to clear today's backlog (overall, per team or officer given their \
current share) or to bring pending below a target by that date. Shows when each of the seven \
categories would be cleared at the current pace and which officers are off pace, and applies \
what-if changes (intake or closure rate changed, officers moved between teams) from a month on.\n\n\
The model is simple and stated with every result (pipelines/rules/projection.toml): the \
average of the last six complete months, with seasonal factors when two years of history \
exist; pending(m) = pending(m−1) + received − closed; cases falling overdue at the recent \
monthly rate; a band of ±1.645 × the standard deviation of \
the monthly net flow × √months. It is back-tested on the run itself (projected from March of \
the first full year of history, compared with what happened) and the error is reported.\n\n\
Reads RUN/parquet/cases_classified.parquet. Writes to RUN/parquet/: project_monthly, \
project_required, project_categories, project_backtest and project_meta (.parquet); \
RUN/project.json; and refreshes RUN/workbook.xlsx and RUN/report.html (unless --no-workbook \
/ --no-report).\n\n\
Cost: one pass over the cases per month of history for the back-test; a million cases take \
a few seconds on two cores.\n\n\
Examples:\n  caseflow project out/baseline-census --until 2026-06-30\n  \
caseflow project out/baseline-census --until 2026-06-30 --closures-per-month 120 --by team\n  \
caseflow project out/baseline-census --until 2026-06-30 --what-if-from 2026-04 \
--closure-change 20 --move 郭梅=执行二组";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run folder holding parquet/cases_classified.parquet
    pub run: PathBuf,

    /// Last day to project to, YYYY-MM-DD (e.g. the end of the campaign)
    #[arg(long, value_name = "DATE")]
    pub until: String,

    /// Assume this many closures per month instead of the observed pace
    #[arg(long, value_name = "N", conflicts_with = "clearance_rate")]
    pub closures_per_month: Option<f64>,

    /// Assume closures = R % of receipts (结收比) instead of the observed pace
    #[arg(long, value_name = "R")]
    pub clearance_rate: Option<f64>,

    /// Break the required pace down by team as well as by officer
    #[arg(long, value_name = "team|officer")]
    pub by: Option<String>,

    /// Pending target for the inverse question (未结降至 N 件以下)
    #[arg(long, value_name = "N")]
    pub target_pending: Option<i64>,

    /// First month the what-if changes apply to, YYYY-MM (default: the first projected month)
    #[arg(long, value_name = "YYYY-MM")]
    pub what_if_from: Option<String>,

    /// What-if: receipts change by this percentage (e.g. 10 or -15)
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub intake_change: f64,

    /// What-if: closures change by this percentage
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub closure_change: f64,

    /// What-if: move an officer to another team (repeatable), OFFICER=TEAM; implies --by team
    #[arg(long = "move", value_name = "OFFICER=TEAM")]
    pub moves: Vec<String>,

    /// Folder with replacement projection.toml / census.toml
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Do not rewrite RUN/workbook.xlsx
    #[arg(long)]
    pub no_workbook: bool,

    /// Do not rewrite RUN/report.html and its charts
    #[arg(long)]
    pub no_report: bool,

    /// Language of the workbook and report: zh or en
    #[arg(long, default_value = "zh", value_name = "zh|en")]
    pub lang: String,
}

/// Validates the raw arguments into a projection config.
pub fn config(args: &Args) -> Result<(ProjectConfig, crate::report::Lang)> {
    let (census, lang) = crate::cli::census::config(args.rules.as_deref(), None, &args.lang)?;
    let until = parse_cli_date("--until", &args.until)?;
    let pace = match (args.closures_per_month, args.clearance_rate) {
        (Some(n), _) if !(n.is_finite() && n >= 0.0) => {
            return Err(Error::Usage(format!(
                "--closures-per-month {n}: expected a number ≥ 0"
            )))
        }
        (Some(n), _) => Pace::ClosuresPerMonth(n),
        (_, Some(r)) if !(r.is_finite() && r >= 0.0) => {
            return Err(Error::Usage(format!(
                "--clearance-rate {r}: expected a percentage ≥ 0"
            )))
        }
        (_, Some(r)) => Pace::ClearanceRate(r),
        _ => Pace::Observed,
    };
    let by = match args.by.as_deref() {
        None => None,
        Some("team") => Some(ByUnit::Team),
        Some("officer") => Some(ByUnit::Officer),
        Some(other) => {
            return Err(Error::Usage(format!(
                "--by {other:?}: expected team or officer"
            )))
        }
    };
    let from = args
        .what_if_from
        .as_deref()
        .map(|s| {
            Month::parse(s)
                .ok_or_else(|| Error::Usage(format!("--what-if-from {s:?}: expected YYYY-MM")))
        })
        .transpose()?;
    for (flag, v) in [
        ("--intake-change", args.intake_change),
        ("--closure-change", args.closure_change),
    ] {
        if !(v.is_finite() && v >= -100.0) {
            return Err(Error::Usage(format!(
                "{flag} {v}: expected a percentage ≥ −100"
            )));
        }
    }
    let mut moves = Vec::new();
    for m in &args.moves {
        let Some((o, t)) = m.split_once('=') else {
            return Err(Error::Usage(format!("--move {m:?}: expected OFFICER=TEAM")));
        };
        if o.trim().is_empty() || t.trim().is_empty() {
            return Err(Error::Usage(format!(
                "--move {m:?}: officer and team must not be empty"
            )));
        }
        moves.push((o.trim().to_string(), t.trim().to_string()));
    }
    if args.target_pending.is_some_and(|t| t < 0) {
        return Err(Error::Usage("--target-pending must be 0 or more".into()));
    }
    if args.closure_change != 0.0 && pace != Pace::Observed {
        return Err(Error::Usage(
            "--closure-change changes the observed pace; with --closures-per-month or \
             --clearance-rate set the pace you want instead"
                .into(),
        ));
    }
    // Moving officers between teams only shows in the team breakdown.
    let by = if !moves.is_empty() {
        Some(ByUnit::Team)
    } else {
        by
    };
    let rules = ProjectionRules::load(args.rules.as_deref())?;
    Ok((
        ProjectConfig {
            until,
            pace,
            by,
            target_pending: args.target_pending,
            what_if: WhatIf {
                from,
                intake_change_pct: args.intake_change,
                closure_change_pct: args.closure_change,
                moves,
            },
            rules,
            census,
        },
        lang,
    ))
}

pub fn run(args: Args) -> Result<Outcome> {
    let (cfg, lang) = config(&args)?;
    if !args.run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a run folder",
            args.run.display()
        )));
    }
    if !args.no_report {
        crate::charts::font::ensure_font()?;
    }
    let r = project::project_run(&args.run, &cfg)?;
    for line in project::summary_lines(&r) {
        eprintln!("caseflow project: {line}");
    }
    if let Some(note) = crate::mask::kept_shared_note(&args.run, false)
        .filter(|_| !(args.no_workbook && args.no_report))
    {
        eprintln!("caseflow project: note: {note}");
    }
    if !args.no_workbook {
        workbook::write_workbook_with(&args.run, lang, &cfg.census)?;
        eprintln!(
            "caseflow project: wrote {}",
            args.run.join("workbook.xlsx").display()
        );
    }
    if !args.no_report {
        let rep = report::report_run(&args.run, lang)?;
        eprintln!("caseflow project: wrote {}", rep.html.display());
    }
    Ok(Outcome::Clean)
}
