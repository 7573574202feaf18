//! `caseflow evaluate`: the end-of-campaign evaluation of two runs.

use std::path::PathBuf;

use crate::cli::ingest::parse_cli_date;
use crate::evaluate::{self, EvaluateConfig};
use crate::{report, workbook, Error, Outcome, Result};

/// Long help of the subcommand (set on its variant in `cli/mod.rs`).
pub const LONG_ABOUT: &str =
    "Judge the campaign (专项活动评估): follow every backlog case of the baseline census into \
the end snapshot, judge the plan's four goals with figures and report the results per officer \
and leader (责任到人).\n\n\
Each baseline case is found again by its 案号 (or, when its 案号 was never usable, by filing \
date, claim and respondents) and given one outcome: closed (执行完毕, 终本 or another method), \
resumed (a linked 执恢 case; a stayed case back at work, enforced in full, or with its 恢复日期 in the campaign and before any closure; not one closed by 终本 or 终结执行 where it stood, nor one resumed before the campaign and the census), still suspended or deferred, pending \
(overdue or not), or missing from every end export — listed, never dropped. The four goals \
(domain/metrics.md): (1) overdue cases with assets closed; (2) suspended cases that could \
resume: resumed and closed; (3) new cases of the campaign closed within the statutory period; \
(4) clearance rate over the campaign ≥ 100 % and pending at the end below pending at the \
start, with the monthly flows; the 2016–2018 national targets beside them. The evaluation \
is of the baseline's courts: cases of a court the baseline census has not (another court's \
export in the end run) are left out of goals 3 and 4, the national targets and the monthly \
flows, and the notes name the court and its cases.\n\n\
Reads BASELINE/parquet/cases_classified.parquet and END/parquet/cases_classified.parquet. \
Writes to OUT/parquet/ (OUT defaults to END): evaluation_goals, evaluation_outcomes, \
evaluation_cleared (by category, root cause, court, team, officer, leader; with and without \
终本), evaluation_people (ranked), evaluation_categories (then and now), evaluation_monthly \
(B, N, R, D, E per month, B + N + R − D = E), \
evaluation_followed (one row per baseline case) and evaluation_meta (.parquet); \
OUT/evaluation.json; and refreshes OUT/workbook.xlsx and OUT/report.html (unless \
--no-workbook / --no-report), masked for sharing with --share or when either run was made \
with --share (a shared run's outputs are never rewritten with full names).\n\n\
Cost: two reads of the classified tables and one pass over the cases; a million cases take \
a few seconds on two cores. `caseflow run pipelines/campaign-evaluation.toml` runs the \
baseline, the end snapshot and this evaluation in one go. Exit code 1 when baseline cases \
are missing from every end export (they are listed), 2 on usage errors (runs swapped, a \
baseline and an end run that share no court, a campaign ending after the end snapshot).\n\n\
Example:\n  caseflow evaluate --baseline out/baseline-census --end out/campaign-end \
--campaign-start 2026-01-01";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run folder of the baseline census (classified at the census date)
    #[arg(long, value_name = "RUN_A")]
    pub baseline: PathBuf,

    /// Run folder of the end snapshot (classified at the end date)
    #[arg(long, value_name = "RUN_B")]
    pub end: PathBuf,

    /// First day of the campaign, YYYY-MM-DD (活动开始日期)
    #[arg(long, value_name = "DATE")]
    pub campaign_start: String,

    /// Last day of the campaign, YYYY-MM-DD (default: the end run's as-of date); outcomes are
    /// judged on it: a closure or resumption after it is not the campaign's
    #[arg(long, value_name = "DATE")]
    pub campaign_end: Option<String>,

    /// Where to write the evaluation (default: the end run)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Folder with a replacement census.toml (case-kind filter, category names)
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Case kinds counted in goals 3 and 4, comma-separated (see `caseflow census --help`)
    #[arg(long, value_name = "LIST")]
    pub case_kinds: Option<String>,

    /// Do not rewrite OUT/workbook.xlsx
    #[arg(long)]
    pub no_workbook: bool,

    /// Do not rewrite OUT/report.html and its charts
    #[arg(long)]
    pub no_report: bool,

    /// Language of the workbook and report: zh or en
    #[arg(long, default_value = "zh", value_name = "zh|en")]
    pub lang: String,

    /// The workbook and report will leave the statistics office: mask natural persons'
    /// names, ID and phone numbers (docs/security.md). Implied when either run was made
    /// with --share
    #[arg(long)]
    pub share: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let (census, lang) = crate::cli::census::config(
        args.rules.as_deref(),
        args.case_kinds.as_deref(),
        &args.lang,
    )?;
    let campaign_start = parse_cli_date("--campaign-start", &args.campaign_start)?;
    let campaign_end = args
        .campaign_end
        .as_deref()
        .map(|s| parse_cli_date("--campaign-end", s))
        .transpose()?;
    for (flag, dir) in [("--baseline", &args.baseline), ("--end", &args.end)] {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{flag} {}: not a run folder",
                dir.display()
            )));
        }
    }
    if !args.no_report {
        crate::charts::font::ensure_font()?;
    }
    let out = args.out.clone().unwrap_or_else(|| args.end.clone());
    if args.out.is_some() {
        crate::outpath::check_output_dir(&out)?;
    }
    let cfg = EvaluateConfig {
        campaign_start,
        campaign_end,
        census: census.clone(),
    };
    let r = evaluate::evaluate_run(&args.baseline, &args.end, &out, &cfg)?;
    eprintln!("{}", evaluate::summary_line(&r));
    for g in r.goals.iter().chain(r.national.iter()) {
        eprintln!("caseflow evaluate: {}", evaluate::goal_line(g));
    }
    for n in &r.notes {
        eprintln!("caseflow evaluate: note: {n}");
    }
    // The evaluation shows both runs' cases: it is masked when either run was shared (or
    // OUT was), as the pipeline masks an evaluation and its baseline together.
    let mut share = args.share;
    for dir in [&args.baseline, &args.end, &out] {
        if let Some(note) = crate::mask::kept_shared_note(dir, share) {
            eprintln!("caseflow evaluate: note: {note}");
            share = true;
        }
    }
    if !args.no_workbook {
        workbook::write_workbook_shared(&out, lang, &census, share)?;
        eprintln!(
            "caseflow evaluate: wrote {}",
            out.join("workbook.xlsx").display()
        );
    }
    if !args.no_report {
        let masker = share.then(|| crate::mask::Masker::from_census(&census));
        let rep = report::report_run_with(&out, lang, masker.as_ref())?;
        eprintln!("caseflow evaluate: wrote {}", rep.html.display());
    }
    // Baseline cases no end export lists are a problem to look into: exit code 1; so are
    // the cases pending at the census, not in its backlog, that no end export lists.
    Ok(Outcome::from_problem_count(
        r.missing + r.missing_not_in_backlog,
    ))
}
