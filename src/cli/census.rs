//! `caseflow census`: the baseline census tables (积案底数) of a classified run.

use std::path::PathBuf;

use crate::census::{self, CensusConfig};
use crate::workbook::{self, Lang};
use crate::{Error, Outcome, Result};

/// Long help of the subcommand (set on its variant in `cli/mod.rs`, where the variant's doc
/// comment would otherwise replace it).
pub const LONG_ABOUT: &str =
    "Compute the census tables of a classified run (摸清底数): pending, backlog, \
overdue, overdue ≥ 1 year, suspended and deferred cases with their amounts per court, team, \
officer and leader; the seven priority categories with their overlap; the root causes as a \
Pareto with 执行不能 apart from 执行难; age bands, the oldest cases and the cases passing \
their deadline in the next 30 and 60 days; the debtor list for publication with natural \
persons masked. Definitions: domain/metrics.md.\n\n\
Reads RUN/parquet/cases_classified.parquet (written by `caseflow classify`). Writes to \
RUN/parquet/: census_summary, census_categories, census_category_overlap, census_root_causes, \
census_root_cause_groups, census_aging, census_oldest, census_due_soon, census_debtors and \
census_meta (.parquet); RUN/census.json (the headline figures); and refreshes \
RUN/workbook.xlsx with every metric table of the run (unless --no-workbook).\n\n\
Every figure counts the case kinds of pipelines/rules/census.toml (by default all \
enforcement-implementation kinds and cases whose 案号 did not parse); --case-kinds replaces \
the list, and the list used is written beside every table. Age bands, due-soon windows, the \
masking rule and court aliases are in census.toml; --rules DIR reads DIR/census.toml (and \
DIR/root-causes.toml, DIR/categories.toml, DIR/parties.toml for labels and party markers).\n\n\
Cost: reads only the columns it needs into memory (about 0.9 GB for a million cases), then \
one pass per table over the cases, the tables in parallel; a million cases take about 1.2 s on \
two cores (BENCHMARKS.md). The workbook adds about 4 s per hundred thousand backlog cases.\n\n\
Example:\n  caseflow census run/census --case-kinds first,resumed";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run folder holding parquet/cases_classified.parquet
    pub run: PathBuf,

    /// Folder with a replacement census.toml (and classify's rule files for labels)
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Case kinds to count, comma-separated: first, resumed, preservation,
    /// enforcement_unknown, review, other, unparsed
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

/// Checks the arguments and loads the settings before any data is read.
pub fn config(
    rules: Option<&std::path::Path>,
    case_kinds: Option<&str>,
    lang: &str,
) -> Result<(CensusConfig, Lang)> {
    let lang = Lang::parse(lang)
        .ok_or_else(|| Error::Usage(format!("--lang {lang:?}: expected zh or en")))?;
    if let Some(dir) = rules {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--rules {}: not a folder",
                dir.display()
            )));
        }
    }
    let mut cfg = CensusConfig::load(rules)?;
    if let Some(k) = case_kinds {
        cfg = cfg.with_case_kinds(k)?;
    }
    Ok((cfg, lang))
}

pub fn run(args: Args) -> Result<Outcome> {
    let (cfg, lang) = config(
        args.rules.as_deref(),
        args.case_kinds.as_deref(),
        &args.lang,
    )?;
    if !args.run.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a run folder",
            args.run.display()
        )));
    }
    let r = census::census_run(&args.run, &cfg)?;
    let excluded = if r.excluded_kinds.is_empty() {
        String::new()
    } else {
        format!(
            " ({} left out by kind: {})",
            r.cases - r.in_scope,
            r.excluded_kinds
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    eprintln!(
        "caseflow census: as of {}: {} cases{excluded}; {} pending, {} backlog (积案), {} overdue, \
         {} {}, {} suspended, {} deferred; {} backlog cases in the seven \
         categories; {} due within the due-soon windows; {} debtors listed",
        r.as_of,
        r.in_scope,
        r.pending,
        r.backlog,
        r.overdue,
        r.overdue_1y,
        crate::census::overdue_year_label(r.overdue_year_days).1.to_lowercase(),
        r.suspended,
        r.deferred,
        r.backlog_in_categories,
        r.due_soon,
        r.debtors
    );
    for n in &r.notes {
        eprintln!("caseflow census: note: {n}");
    }
    for (old, code, src) in &r.court_aliases {
        eprintln!(
            "caseflow census: court {old} counted as {code} ({})",
            crate::census::units::alias_source_text(src, true)
        );
    }
    if !args.no_workbook {
        if let Some(note) = crate::mask::kept_shared_note(&args.run, args.share) {
            eprintln!("caseflow census: note: {note}");
        }
        workbook::write_workbook_shared(&args.run, lang, &cfg, args.share)?;
        eprintln!(
            "caseflow census: wrote {}",
            args.run.join("workbook.xlsx").display()
        );
    }
    Ok(Outcome::Clean)
}
