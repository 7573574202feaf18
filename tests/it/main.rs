//! The one integration-test binary (each file in tests/ would link its own polars).
//! Every test runs the real `caseflow` binary on real files in a temporary folder.

mod casenum;
mod census;
mod classify;
mod crafted;
mod dedup;
mod generate;
mod ingest;
mod ratios;
mod report;
mod run;
mod util;
