//! The command line: one module per subcommand, each with an `Args` struct and a `run`.
//! Subcommands are listed in the order a user meets them (DESIGN §5).

use clap::{Parser, Subcommand};

use crate::{Outcome, Result};

pub mod casenum;
pub mod census;
pub mod classify;
pub mod dedup;
pub mod evaluate;
pub mod generate;
pub mod ingest;
pub mod project;
pub mod ratios;
pub mod report;
pub mod run;
pub mod sql;
pub mod trend;

#[derive(Debug, Parser)]
#[command(
    name = "caseflow",
    version,
    about = "Toolkit for court statisticians clearing the backlog of enforcement cases (执行积案)",
    long_about = "caseflow turns court case-list exports into a clean, deduplicated, classified \
case table and the figures a court reports on: the backlog census, received-versus-closed \
trends, clearance ratios and the end-of-campaign evaluation.\n\n\
Exit codes: 0 success; 1 the input had problems that were reported; 2 usage or configuration \
error, or an output that could not be written (the output folder not writable, a full disk)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a whole pipeline file (ingest → dedup → classify → census …): the main job
    #[command(long_about = run::LONG_ABOUT)]
    Run(run::Args),
    /// Write a realistic synthetic court (exports + ground truth) from a seed
    #[command(long_about = generate::LONG_ABOUT)]
    Generate(generate::Args),
    /// Read court exports into the canonical case table, rejects and manifest
    #[command(long_about = ingest::LONG_ABOUT)]
    Ingest(ingest::Args),
    /// Deduplicate and link the cases of a run (one row per real case)
    #[command(long_about = dedup::LONG_ABOUT)]
    Dedup(dedup::Args),
    /// Deadlines, backlog (积案), the seven categories, root causes and owners at a date
    #[command(long_about = classify::LONG_ABOUT)]
    Classify(classify::Args),
    /// The baseline census tables (积案底数): summary, categories, causes, aging, debtors
    #[command(long_about = census::LONG_ABOUT)]
    Census(census::Args),
    /// Received versus closed per unit and period (收结存) and the clearance ratios
    #[command(long_about = trend::LONG_ABOUT)]
    Trend(trend::Args),
    /// End-of-campaign evaluation: the baseline followed, the four goals, per person
    #[command(long_about = evaluate::LONG_ABOUT)]
    Evaluate(evaluate::Args),
    /// Projection: at this pace, when? What pace, to finish by a date? What if?
    #[command(long_about = project::LONG_ABOUT)]
    Project(project::Args),
    /// Charts (PNG, SVG) and the self-contained HTML report of a run
    #[command(long_about = report::LONG_ABOUT)]
    Report(report::Args),
    /// Parse case numbers (案号), one per line, into CSV
    #[command(long_about = casenum::LONG_ABOUT)]
    Casenum(casenum::Args),
    /// Stock-flow ratios (结收比, 结案率 …) from an aggregate table
    #[command(long_about = ratios::LONG_ABOUT)]
    Ratios(ratios::Args),
    /// Ad hoc SQL over a run's Parquet tables; saved queries; the tables' schema
    #[command(long_about = sql::LONG_ABOUT)]
    Sql(sql::Args),
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Dedup(args) => dedup::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Census(args) => census::run(args),
        Command::Trend(args) => trend::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Project(args) => project::run(args),
        Command::Report(args) => report::run(args),
        Command::Casenum(args) => casenum::run(args),
        Command::Ratios(args) => ratios::run(args),
        Command::Sql(args) => sql::run(args),
    }
}
