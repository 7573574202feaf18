//! `caseflow report`: the charts and the self-contained HTML report of a run.

use std::path::PathBuf;

use crate::report::{self, Lang};
use crate::{Error, Outcome, Result};

/// Long help of `caseflow report`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str =
    "Draw the charts of a run and write one self-contained HTML report for a court's \
leadership: key figures with their definitions, the backlog census by court and team, the \
received-versus-closed trend and clearance ratio, the seven priority categories, root causes, \
age and the cases about to pass their deadline, responsibility by officer and leader, data \
quality (rejects, conflicts, unexplained reason texts, side-file rows that match no case) and \
method notes (as-of date, case-kind filter, backlog rule, version, input files and hashes).\n\n\
Reads, in RUN/: manifest.json, dedup.json, classify.json, census.json, trend.json and the \
Parquet tables in parquet/ (census_*, trend_*, rejects, conflicts, unmatched_reasons, the side \
files and the case keys). Each section reads one table; a table the run lacks (census or trend \
not run yet) leaves a note in its section instead of failing. A run that did not finish (a \
`caseflow run` killed or stopped by an error part-way, or a stage's outputs missing) is said \
above everything else in the report and on the terminal, naming the stages, and the exit code \
is 1.\n\n\
Writes, in RUN/:\n  charts/NAME.png and charts/NAME.svg (1200×700: trend_flows, trend_clearance, \
backlog_categories, outstanding_by_category, root_causes_pareto, aging, officer_scorecard),\n  \
report.html (one file: styles inline, charts embedded as PNG, no network; prints on A4).\n\n\
Charts need a font with Simplified Chinese: fonts-wqy-microhei or fonts-noto-cjk (installed by \
scripts/setup), or the file named by CASEFLOW_FONT. Without one the command stops with exit 2 \
before writing anything.\n\n\
Cost: reads the metric tables (small) and only the case_key column of the case table; about a \
second, most of it drawing the charts; memory a few MB beyond the tables.\n\n\
With --share the report is masked for sharing: natural persons' names (张*), ID numbers \
(1101**********1234) and phone numbers (138****5678), also inside reject values and reason \
texts (docs/security.md).\n\n\
Example:\n  caseflow report run/census\n  caseflow report run/census --lang en --share";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Run folder (written by `caseflow run`, or by ingest … census stage by stage)
    pub run: PathBuf,

    /// Language of the report and the charts
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,

    /// The report will leave the statistics office: mask natural persons' names, ID and
    /// phone numbers in every table it shows (docs/security.md)
    #[arg(long)]
    pub share: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    if !args.run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a run folder (write one with `caseflow run PIPELINE.toml`)",
            args.run.display()
        )));
    }
    let masker = if args.share {
        Some(crate::mask::Masker::built_in()?)
    } else {
        None
    };
    if let Some(note) = crate::mask::kept_shared_note(&args.run, args.share) {
        eprintln!("caseflow report: note: {note}");
    }
    let r = report::report_run_with(&args.run, args.lang, masker.as_ref())?;
    eprintln!(
        "caseflow report: {} ({} KB), {} sections, {} chart files in {}",
        r.html.display(),
        r.bytes / 1024,
        r.sections.len(),
        r.charts.len(),
        args.run.join("charts").display()
    );
    if !r.absent_tables.is_empty() {
        eprintln!(
            "  not in this run (their sections say so): {}",
            r.absent_tables.join(", ")
        );
    }
    eprintln!("  chart font: {}", r.font.display());
    // A report on a run that did not finish is written (with the warning at its top) so
    // that what was done can be looked at, but it is no finished run's report: exit 1.
    if !r.unfinished.is_empty() {
        eprintln!(
            "caseflow report: warning: {} (the report says so at its top)",
            r.unfinished.text()
        );
        return Ok(Outcome::Problems(r.unfinished.stages.len()));
    }
    Ok(Outcome::Clean)
}
