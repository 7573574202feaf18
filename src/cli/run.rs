//! `caseflow run`: a whole pipeline file, the main job.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::pipeline;
use crate::{Outcome, Result};

/// Long help of `caseflow run`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str =
    "Run a whole pipeline file: ingest → dedup → classify → census → trend → workbook → report.\n\n\
Reads PIPELINE.toml (inputs as globs relative to the file, the as-of date, rule folders, \
trend window) and every input it names. Everything is checked before any data is read: \
the list of inputs must not be empty, globs must match files, dates must parse, rule files \
must load. A run whose inputs hold no case list (only a register, such as deductions.csv) \
stops after ingest with exit code 1, naming what each file was read as.\n\n\
Writes into the pipeline's output folder: parquet/ (cases, cases_dedup, cases_classified, \
side tables, metric tables, rejects), rejects.csv, manifest.json, dedup.json, classify.json, \
census.json, trend.json, workbook.xlsx, charts/ and report.html. The output folder must be \
new, empty or an earlier run (caseflow refuses to write into any other folder), and every \
file is written inside it.\n\n\
With --share (or share = true in the pipeline file) the workbook and the report are masked \
for sharing: natural persons' names (张*), ID numbers (1101**********1234) and phone numbers \
(138****5678), also inside free text; the Parquet tables and rejects.csv keep the full values \
(docs/security.md).\n\n\
Cost: the sum of the stages; on two cores about a second per 100,000 rows in a release \
build. A spinner shows the stage on a terminal; a summary with the time of each stage \
ends the run. Exit code 1 when input rows were rejected whole (with --strict: when any field \
was rejected), every reject listed in rejects.csv; and, in a pipeline with an [evaluation], \
when baseline cases are missing from every end export (they are listed), as `caseflow \
evaluate` exits.\n\n\
Example:\n  caseflow run pipelines/baseline-census.toml";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Pipeline file (TOML), e.g. pipelines/baseline-census.toml
    pub pipeline: PathBuf,

    /// Write the run here instead of the pipeline's `output`
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Exit with code 1 on any rejected field, not only on rows rejected whole
    #[arg(long)]
    pub strict: bool,

    /// Outputs will leave the statistics office: mask natural persons' names, ID and phone
    /// numbers in the workbook and the report (as `share = true` in the pipeline file).
    /// The Parquet tables and rejects.csv keep the full values.
    #[arg(long)]
    pub share: bool,

    /// Limits on the input files, over the pipeline's [limits] table (see `caseflow ingest
    /// --help`)
    #[command(flatten)]
    pub limits: crate::cli::ingest::LimitArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut cfg = pipeline::load(&args.pipeline)?;
    cfg.for_each_run_mut(&mut |c| {
        c.share |= args.share;
        args.limits.apply(&mut c.ingest.limits);
    });
    if let Some(out) = args.out {
        cfg.set_output(out);
    }
    // A pipeline need not describe itself: then the name alone, not a dash before nothing.
    match cfg.description.trim() {
        "" => eprintln!("caseflow run: {}", cfg.name),
        d => eprintln!("caseflow run: {} — {d}", cfg.name),
    }
    eprintln!(
        "  {} input files, as of {}, output {}",
        cfg.ingest.inputs.len(),
        cfg.as_of,
        cfg.output.display()
    );
    let progress = std::io::stderr().is_terminal();
    let summary = pipeline::run(&cfg, progress)?;
    for st in &summary.stages {
        eprintln!(
            "  {:<9} {:>7.2}s  {}",
            st.name,
            st.elapsed.as_secs_f64(),
            st.summary
        );
    }
    let total: f64 = summary.stages.iter().map(|s| s.elapsed.as_secs_f64()).sum();
    eprintln!(
        "  open {} for the report, {} for the workbook",
        cfg.output.join("report.html").display(),
        cfg.output.join("workbook.xlsx").display()
    );
    eprintln!(
        "  done in {total:.2}s: {} rows read, {} cases, {} in backlog{}; {} rejects (see {})",
        summary.rows_read,
        summary.cases,
        summary.backlog,
        summary
            .backlog_kinds
            .as_deref()
            .map(|k| format!(" (census case kinds {k})"))
            .unwrap_or_default(),
        summary.rejects,
        cfg.output.join("rejects.csv").display()
    );
    // A run in which every row reached the case table is a success even when some fields
    // were rejected (masked 案号, impossible dates): monthly exports always have a few,
    // they are listed in rejects.csv, and a scheduler must not treat the census as failed.
    // Baseline cases in no end export are a problem of the evaluation, as `caseflow
    // evaluate` says with its exit code: the pipeline runs the same evaluation, and a
    // scheduled run must hear of them the same way.
    let rejected = if args.strict {
        summary.rejects
    } else {
        summary.rows_rejected
    };
    Ok(Outcome::from_problem_count(
        rejected + summary.evaluation_missing,
    ))
}
