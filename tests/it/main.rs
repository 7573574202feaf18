//! The one integration-test binary (each file in tests/ would link its own polars).
//! Every test runs the real `caseflow` binary on real files in a temporary folder.

mod casenum;
mod census;
mod classify;
mod crafted;
mod dedup;
mod degenerate;
mod evaluate;
mod exports;
mod figures;
mod forensics;
mod fuzz;
mod generate;
mod headers;
mod hostile;
mod ingest;
mod messy;
mod parties;
mod project;
mod province;
mod ratios;
mod report;
mod rulesets;
mod run;
mod sql;
mod util;
mod values;
mod vendors;
