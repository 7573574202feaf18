//! `caseflow dedup`: one row per real case, with every link explained.

use std::path::PathBuf;

use crate::dedup::{self, DedupConfig};
use crate::{Outcome, Result};

/// Long help of `caseflow dedup`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str = "Deduplicate and link the cases of a run: rows with the same 案号 key are one case; \
rows whose 案号 is missing, masked or invalid are placed by blocking (respondent name, its \
pinyin, filing date) and Fellegi–Sunter scoring; 执恢 cases are linked to the case they resume.\n\n\
Reads RUN/parquet/cases.parquet (written by `caseflow ingest`). Writes RUN/parquet/clusters.parquet \
(per source row: cluster_id, match_rule, match_score, linked_to, comparisons in words), \
RUN/parquet/cases_dedup.parquet (one row per real case with its source_rows, origin_case_key \
and lineage_rule) and RUN/parquet/conflicts.parquet (field, differing values, their sources, the \
value kept and the rule), and removes the classification, census, report and the other \
later stages' outputs made from the run's earlier cases.\n\n\
With --add FILE..., the new exports are ingested into RUN (tables, rejects and manifest \
appended) and linked with the weights of the previous dedup: the result equals a full run over \
the old and new files with those weights, without reading the old exports again. An export \
whose content is already in RUN (the same SHA-256, under any name) is refused.\n\n\
With --clusters-only, only the matching is done: clusters.parquet and dedup.json are written \
(the same clusters as a full run), cases_dedup.parquet and conflicts.parquet are removed, and \
only the 14 columns matching looks at are read. For trying dedup.toml settings on a large \
run; run `caseflow dedup RUN` again before classify, which refuses a run without \
cases_dedup.\n\n\
Settings (threshold, m/u or EM, block size limit, survivorship) are in pipelines/rules/dedup.toml; \
--rules DIR replaces it with DIR/dedup.toml.\n\n\
Cost: linear in rows for exact keys; rows without a key are compared only within their blocks \
(at most max_block rows each), in parallel. Memory: the cases table plus the block index.\n\n\
Example:\n  caseflow dedup run/census";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Run folder written by `caseflow ingest`
    pub run: PathBuf,

    /// Folder with a replacement dedup.toml
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,

    /// Folder with replacement 案号 reference tables (court-codes.toml, case-types.toml), as
    /// ingest was given: masked case numbers are parsed again here
    #[arg(long, value_name = "DIR")]
    pub reference: Option<PathBuf>,

    /// Ingest these new export files into RUN and link them to the existing cases,
    /// reusing the weights in RUN/dedup.json (the old exports are not read again)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub add: Vec<PathBuf>,

    /// Write only clusters.parquet and dedup.json (the matching; about a third of the
    /// time on a large run), not cases_dedup or conflicts: for trying dedup.toml settings
    #[arg(long)]
    pub clusters_only: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::ingest::use_reference(args.reference.as_deref())?;
    let mut cfg = DedupConfig::load(dedup::config_path(args.rules.as_deref()).as_deref())?;
    cfg.clusters_only = args.clusters_only;
    let r = if args.add.is_empty() {
        dedup::dedup_run(&args.run, &cfg)?
    } else {
        dedup::add::dedup_add(&args.run, &args.add, &cfg)?
    };
    let after_matching = if r.clusters_only {
        "clusters only: no cases_dedup, conflicts or lineage (run without --clusters-only \
         before classify)"
            .to_string()
    } else {
        format!(
            "{} lineage links; {} field conflicts",
            r.lineage_links, r.conflicts
        )
    };
    eprintln!(
        "caseflow dedup: {} rows → {} cases; {} rows joined by 案号 key, {} placed by fuzzy \
         matching, {} without a 案号 grouped with one another, {} without a match; {}{}",
        r.rows,
        r.cases,
        r.exact_rows,
        r.fuzzy_linked,
        r.unkeyed_linked,
        r.unplaced,
        after_matching,
        if !r.oversized.is_empty() {
            format!(
                "; {} oversized blocks not compared in full{} (listed in {}; max_block in \
                 dedup.toml)",
                r.oversized.len(),
                if r.stranded > 0 {
                    format!(", leaving {} rows without a 案号 key unmatched", r.stranded)
                } else {
                    String::new()
                },
                args.run.join("dedup.json").display()
            )
        } else {
            String::new()
        }
    );
    if !r.tied.is_empty() {
        eprintln!(
            "  note: {} rows without a usable 案号 tied between cases of one status (系列案) \
             and were placed by a fixed rule (tied_placements in {})",
            r.tied.len(),
            args.run.join("dedup.json").display()
        );
    }
    for k in &r.shared_keys {
        eprintln!("  warning: {}", dedup::shared_key_warning(k));
    }
    for d in &r.unranking_exports {
        eprintln!("  warning: {d}");
    }
    if !r.removed.is_empty() {
        eprintln!(
            "  removed {} file(s) of the later stages made from the earlier cases (classify, \
             census, report …): run them again on these",
            r.removed.len()
        );
    }
    Ok(Outcome::Clean)
}
