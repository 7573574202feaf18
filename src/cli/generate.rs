//! `caseflow generate` — being written.
use crate::{Error, Outcome, Result};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<Outcome> {
    Err(Error::Usage("generate is not available yet".into()))
}
