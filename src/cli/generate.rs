//! `caseflow generate`: write a synthetic court with its ground truth.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::generate::{self, GenerateConfig};
use crate::{Error, Outcome, Result};

/// The long help (`caseflow generate --help`): what it reads, writes and costs.
///
/// `cli/mod.rs` must name it on the subcommand variant too
/// (`#[command(long_about = generate::LONG_ABOUT)]`): clap lets the variant's doc comment
/// reset the long help of the struct.
pub const LONG_ABOUT: &str =
    "Write a realistic synthetic court (or several) with the exports its case-management \
systems would make and the ground truth to test caseflow against. Output is byte-identical for \
the same parameters, whatever the number of threads.\n\n\
Reads: nothing (everything comes from --seed).\n\n\
Writes into --out (created; refused if it holds anything but README.md, .gitattributes \
or an earlier generator run, which is replaced):\n\
  census/  and  end/  the exports at the census date (end of February of the campaign year) \
and at the end of the campaign (--end): system_a_<court>.xlsx (title row, mixed dates, totals \
row, footer), system_b.csv (GBK, amounts in 万元, status column), petitions.xlsx, \
assignments.csv, deductions.csv, extensions.csv;\n\
  truth/   Parquet: cases (one row per true case, status/backlog/categories at both snapshots), \
source_rows (every row of every file with its true case id), parties, deductions, extensions, \
petitions, people, courts;\n\
  manifest.json  parameters, campaign dates, counts and the list of files.\n\
The columns and the rules of the truth are described in sample-data/README.md.\n\n\
The campaign is the six months ending on --end; the census snapshot is the last day of its \
second month. Filings run from --start to --end. Exports list the cases open at the snapshot \
and those closed since 1 January of the year before the campaign.\n\n\
Cost: about 12 s for 1,000,000 cases on two cores in a release build (about 20 s of CPU; \
see BENCHMARKS.md), linear in --cases; memory is bounded by the chunks in flight (chunks of \
16,384 cases: 0.6–0.9 GB from one to ten million cases); disk about 250 MB \
per million cases. Progress is shown on \
standard error when it is a terminal.\n\n\
Example:\n  caseflow generate --out court --cases 5000 --seed 42";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Output folder
    #[arg(long, short)]
    pub out: PathBuf,

    /// Number of true enforcement cases (1,000 to 10,000,000 is the tested range)
    #[arg(long, default_value_t = 5_000)]
    pub cases: u64,

    /// Random seed; the same seed and parameters give the same bytes
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Number of courts (each gets its own court code: 浙0602, 浙0603, …)
    #[arg(long, default_value_t = 1)]
    pub courts: usize,

    /// First filing date (YYYY-MM-DD)
    #[arg(long, default_value = "2014-01-01", value_parser = parse_date)]
    pub start: NaiveDate,

    /// End of the six-month campaign and date of the last snapshot (YYYY-MM-DD)
    #[arg(long, default_value = "2026-06-30", value_parser = parse_date)]
    pub end: NaiveDate,

    /// Rate of mess in the exports: none, low, medium, high, or a number from 0 to 1
    #[arg(long, default_value = "medium")]
    pub noise: String,

    /// Worker threads (default: one per core); the output does not depend on it
    #[arg(long)]
    pub threads: Option<usize>,

    /// Rows per xlsx sheet before a new sheet starts (testing aid; default Excel's limit)
    #[arg(long, hide = true, default_value_t = generate::EXCEL_MAX_ROWS)]
    pub xlsx_max_rows: u32,
}

/// Read as every other date option is ([`crate::dates::parse_date`]: a two-digit year or
/// one outside 1949–2100 is refused, not read as the year 24).
fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::dates::parse_date("the date", s).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> Result<Outcome> {
    let noise = generate::parse_noise(&args.noise)?;
    let mut cfg = GenerateConfig::new(args.out);
    cfg.cases = args.cases;
    cfg.seed = args.seed;
    cfg.courts = args.courts;
    cfg.start = args.start;
    cfg.end = args.end;
    cfg.noise = noise;
    cfg.threads = args.threads;
    cfg.xlsx_max_rows = args.xlsx_max_rows;
    cfg.progress = true;
    if cfg.xlsx_max_rows < 8 {
        return Err(Error::Usage("--xlsx-max-rows must be at least 8".into()));
    }
    let s = generate::generate(&cfg)?;
    println!(
        "wrote {} cases of {} court(s) to {}: census {} listed, {} in backlog; end {} listed, {} in backlog; {} export files, truth in truth/",
        s.cases,
        s.courts.len(),
        cfg.out.display(),
        s.census_listed,
        s.census_backlog,
        s.end_listed,
        s.end_backlog,
        s.files.len(),
    );
    Ok(Outcome::Clean)
}
