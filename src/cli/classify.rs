//! `caseflow classify`: deadlines, backlog, the seven categories, root causes and owners of
//! every case of a run at an as-of date.

use std::path::PathBuf;

use crate::classify::{self, ClassifyConfig};
use crate::cli::ingest::parse_cli_date;
use crate::{Error, Outcome, Result};

/// Long help of `caseflow classify`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str =
    "Classify every case of a run at an as-of date: statutory deadline (法定期限) and \
age, backlog (积案), the seven priority categories of the campaign plan (七类重点案件), root \
causes (原因和症结), whether the debtor has assets, petition count, officer (承办人) and leader \
(包案领导). Every decision carries its reason in Chinese.\n\n\
Reads, in RUN/parquet/: cases_dedup.parquet (one row per real case, when `caseflow dedup` has \
run) or else cases.parquet (one row per source row: refused when one 案号 stands on several \
rows, the same case in two exports, unless given as --input), and the side tables deductions, \
extensions, petitions and assignments when present (joined on case_key).\n\n\
Writes, in RUN/:\n  parquet/cases_classified.parquet (every input column, has_assets/officer/team/\
leader filled, plus as_of, status_as_of, extension_months, extension_days, deducted_days, \
due_on, age_days, overdue_days, in_backlog, cat_1 … cat_7, category_reasons, root_causes, \
root_cause_reasons, has_assets_reason, petition_count, officer_source, without_officer),\n  \
parquet/unmatched_reasons.parquet (clauses of reason/note texts no rule understood, with \
counts: extend the rules with them),\n  parquet/cases_without_officer.parquet (open cases \
with no officer),\n  classify.json (as-of date, rule files, the backlog rule in words, counts).\n\
Removes the tables, workbook, report and charts of the later stages (census, trend, project, \
evaluate, report) made from the run's earlier classification: run them again.\n\n\
Rules: pipelines/rules/backlog.toml, categories.toml and root-causes.toml are built in; \
--rules DIR replaces any of them with a file of the same name. A bad rule file is exit 2 \
before any data is read.\n\n\
Cost: holds the case table in memory twice (input and output; about 1 GB per million rows); \
per-case work runs on all cores; reason texts are segmented once per distinct clause, so a \
million cases classify in about a second after the table is read.\n\n\
Example:\n  caseflow classify run/census --as-of 2026-02-28";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Run folder written by `caseflow ingest` (and `caseflow dedup`)
    pub run: PathBuf,

    /// The date the classification is as of (YYYY-MM-DD), usually the census date
    #[arg(long, value_name = "DATE")]
    pub as_of: String,

    /// Folder with replacement rule files (backlog.toml, categories.toml, root-causes.toml)
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Classify this case table instead of the run's cases_dedup/cases parquet
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let as_of = parse_cli_date("--as-of", &args.as_of)?;
    if !args.run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a run folder (write one with `caseflow ingest FILES --out RUN`)",
            args.run.display()
        )));
    }
    if let Some(d) = &args.rules {
        if !d.is_dir() {
            return Err(Error::Usage(format!(
                "--rules {}: not a folder",
                d.display()
            )));
        }
    }
    let mut cfg = ClassifyConfig::new(as_of, args.rules.as_deref())?;
    cfg.input = args.input;
    let r = classify::classify_run(&args.run, &cfg)?;
    eprintln!(
        "caseflow classify: {} cases as of {} from {}",
        r.rows, r.as_of, r.input
    );
    eprintln!(
        "  open {} (pending {}, suspended {}, deferred {}); closed {}; filed later {}",
        r.open, r.pending, r.suspended, r.deferred, r.closed, r.not_filed
    );
    eprintln!("  in backlog (积案): {}", r.in_backlog);
    eprintln!("  backlog rule: {}", r.backlog_rule);
    for (name, n) in &r.categories_backlog {
        let open = r.categories_open.get(name).copied().unwrap_or(0);
        eprintln!("  类别{name}: {n} in backlog ({open} open)");
    }
    let causes: Vec<String> = r
        .root_causes_open
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    eprintln!("  root causes of open cases: {}", causes.join(", "));
    eprintln!(
        "  open cases without an officer: {} (listed in parquet/cases_without_officer.parquet); \
         has_assets unknown: {}",
        r.open_without_officer, r.has_assets_unknown_open
    );
    if r.open_with_long_open_deduction > 0 {
        eprintln!(
            "  note: {} open cases have a deducted period (鉴定, 评估 …) with no 结束日期 that \
             began over a year before the as-of date; each deducts up to that date: check the \
             deductions register for end dates left out",
            r.open_with_long_open_deduction
        );
    }
    if r.open_with_far_deduction_end > 0 {
        eprintln!(
            "  note: {} open cases have a deducted period whose 结束日期 is over a year after \
             the as-of date; each deducts up to that date as still running: check the \
             deductions register for mistyped end dates",
            r.open_with_far_deduction_end
        );
    }
    if r.deductions_superseded > 0 {
        eprintln!(
            "  note: {} deducted period(s) listed by an older register of the run and again \
             by a newer one: the newer register's reading (its end date) counts",
            r.deductions_superseded
        );
    }
    if r.closed_as_resumed + r.closed_as_transferred > 0 {
        eprintln!(
            "  note: {} cases closed for the case that carries them on, though their export \
             shows them open: {} resumed by a 执恢 case, {} taken over by another court's \
             case (提级执行, 指定执行: its 原案号 names them), closed on that case's filing \
             date at the latest (check the older export)",
            r.closed_as_resumed + r.closed_as_transferred,
            r.closed_as_resumed,
            r.closed_as_transferred
        );
    }
    eprintln!(
        "  petitions: {} register entries, {} not joined to a case; {} distinct unexplained \
         clauses in parquet/unmatched_reasons.parquet",
        r.petitions_read, r.petitions_unlinked, r.unmatched_clauses
    );
    // The exports' date is in the run's manifest when ingest wrote it.
    let exported_on = std::fs::read_to_string(args.run.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|m| crate::dates::newest_export_in_manifest(&m));
    for w in crate::dates::check_as_of(r.as_of, Some(crate::dates::today()), exported_on) {
        eprintln!("  warning: {}", w.text());
    }
    eprintln!("  written to {}", args.run.display());
    if !r.removed.is_empty() {
        eprintln!(
            "  removed {} file(s) of the later stages made from the earlier classification \
             (census, trend, report …): run them again on this one",
            r.removed.len()
        );
    }
    Ok(Outcome::Clean)
}
