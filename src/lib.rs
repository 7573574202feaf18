//! caseflow: a toolkit for court statisticians who run a campaign to clear the backlog of
//! enforcement cases (执行积案).
//!
//! Each stage is a library module usable without the command line (DESIGN §3); the `cli`
//! module only validates arguments and wires stages together.

pub mod casenum;
pub mod census;
pub mod charts;
pub mod classify;
pub mod cli;
pub mod dates;
pub mod dedup;
pub mod error;
pub mod evaluate;
pub mod generate;
pub mod ingest;
pub mod mask;
pub mod outpath;
pub mod parquet;
pub mod pipeline;
pub mod project;
pub mod ratios;
pub mod report;
pub mod rulefiles;
pub mod sanitize;
pub mod sql;
pub mod textio;
pub mod workbook;

pub use error::{Error, Outcome, Result};
