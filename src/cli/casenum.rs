//! `caseflow casenum`: parse case numbers (案号), one per line, into CSV.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::casenum::{self, CaseKind};
use crate::{textio, Error, Outcome, Result};

/// The CSV header, fixed: notebooks and other tools read these names.
pub const HEADER: [&str; 13] = [
    "raw",
    "valid",
    "case_no",
    "case_key",
    "year",
    "court_code",
    "special_code",
    "type_code",
    "seq",
    "doc_suffix",
    "style",
    "case_kind",
    "error",
];

/// Lines parsed in parallel per batch: large enough to keep both cores busy, small
/// enough that memory stays bounded on a file of any length.
const BATCH_LINES: usize = 64 * 1024;

/// Long help of `caseflow casenum`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str = "Parse case numbers (案号), one per line, and write one CSV row per line.\n\n\
Reads FILE (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GBK), or standard input when no FILE \
is given. Writes CSV to standard output (or --output) with the header\n\
raw,valid,case_no,case_key,year,court_code,special_code,type_code,seq,doc_suffix,style,case_kind,error\n\n\
case_no is the canonical spelling （YYYY）COURT[SPECIAL]TYPE SEQ号; case_key is equal for every \
spelling of the same case. Invalid lines (arbitration awards, document numbers such as \
法〔2015〕137号, masked digits, placeholders such as 暂无) get valid=false and the reason in \
error; flagged but valid lines (unknown court code, unknown 执X type) carry the flag in error.\n\n\
Cost: streams in batches of 65,536 lines, parsed on all cores; memory stays bounded on any \
file size. Exit code 0 even when lines are invalid: the CSV reports them.\n\n\
Example:\n  echo '( 2017）浙0603民初9257号' | caseflow casenum";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// File with one case number per line; standard input when omitted
    pub file: Option<PathBuf>,

    /// Write the CSV here (atomically) instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Folder with replacement reference tables (court-codes.toml, case-types.toml)
    #[arg(long, value_name = "DIR")]
    pub reference: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::ingest::use_reference(args.reference.as_deref())?;
    let (text, source) = match &args.file {
        Some(path) => (textio::read_text(path)?.0, path.display().to_string()),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("<stdin>", e))?;
            (textio::decode(&bytes, "<stdin>")?.0, "<stdin>".to_string())
        }
    };
    let unknown = match &args.output {
        Some(path) => {
            let mut unknown = Vec::new();
            textio::write_atomic(path, |w| {
                unknown = write_csv(&text, w, &path.display().to_string())?;
                Ok(())
            })?;
            unknown
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let unknown = write_csv(&text, &mut w, "<stdout>")?;
            w.flush().map_err(|e| Error::io("<stdout>", e))?;
            unknown
        }
    };
    // Unknown 执X codes are logged: they are counted as enforcement cases, so a
    // statistician should see them and, if genuine, add them to case-types.toml.
    for (line, code) in unknown.iter().take(20) {
        eprintln!(
            "caseflow: warning: {source}:{line}: unknown enforcement type code (类型代字) {code}"
        );
    }
    if unknown.len() > 20 {
        eprintln!(
            "caseflow: warning: {} more lines with unknown enforcement type codes",
            unknown.len() - 20
        );
    }
    Ok(Outcome::Clean)
}

/// Writes the CSV for every line of `text`; returns (line number, code) of every unknown
/// enforcement type seen.
fn write_csv(text: &str, out: &mut dyn Write, dest: &str) -> Result<Vec<(usize, String)>> {
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| Error::Io {
        path: dest.into(),
        source: std::io::Error::other(e),
    };
    w.write_record(HEADER).map_err(csv_err)?;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut unknown = Vec::new();
    for (batch_no, batch) in lines.chunks(BATCH_LINES).enumerate() {
        let rows: Vec<[String; 13]> = batch.par_iter().map(|l| row(l)).collect();
        for (i, r) in rows.iter().enumerate() {
            if r[11] == CaseKind::EnforcementUnknown.as_str() {
                unknown.push((batch_no * BATCH_LINES + i + 1, r[7].clone()));
            }
            // The raw text is the user's: never a formula in Excel (crate::sanitize).
            w.write_record(
                r.iter()
                    .map(|v| crate::sanitize::csv_text_cell(v).into_owned()),
            )
            .map_err(csv_err)?;
        }
    }
    w.flush().map_err(|e| Error::output(dest, e))?;
    Ok(unknown)
}

/// One CSV row for one input line.
pub fn row(raw: &str) -> [String; 13] {
    match casenum::parse(raw) {
        Ok(c) => {
            let flags: Vec<String> = c.warnings.iter().map(|w| w.to_string()).collect();
            [
                raw.to_string(),
                "true".into(),
                c.case_no(),
                c.case_key(),
                c.year.to_string(),
                c.court_code.clone(),
                c.special_code.map(String::from).unwrap_or_default(),
                c.type_code.clone(),
                c.seq.to_string(),
                c.doc_suffix.clone().unwrap_or_default(),
                c.style.as_str().into(),
                c.case_kind.as_str().into(),
                flags.join("; "),
            ]
        }
        Err(e) => [
            raw.to_string(),
            "false".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            e.to_string(),
        ],
    }
}
