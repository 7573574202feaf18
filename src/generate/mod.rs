//! Synthetic court generator (`caseflow generate`): a realistic enforcement caseload, the
//! messy exports real systems would make of it, and the ground truth to test against.
//!
//! Every stage of caseflow needs data with known answers: how many distinct cases hide
//! behind differently spelled rows, which of them are in the backlog and why, when each
//! was due. Real court data cannot be shared and has no answer key, so this module makes a
//! court (or several) from a seed, writes its exports the way case-management systems and
//! clerks do, and records the truth by its own plain rules (see [`truth`]).
//!
//! Layout of the output folder:
//! - `census/` and `end/`: the exports at the census date (end of phase one) and at the
//!   end of the campaign;
//! - `truth/`: Parquet tables of the true cases and of every written row;
//! - `manifest.json`: parameters and file list (no timestamps: output is reproducible).
//!
//! Scale: cases are built in chunks of [`CHUNK_CASES`] on a rayon pool while one thread
//! writes the previous chunks, so memory is bounded by a few chunks whatever `--cases` is.
//! Each case draws from its own random streams (see `rng`), so the bytes written do not
//! depend on the number of threads.

mod calendar;
mod caseload;
mod casenos;
mod courts;
mod exports;
mod frame;
mod names;
mod rng;
mod texts;
mod truth;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};

use chrono::{Datelike, NaiveDate};
use polars::prelude::DataFrame;
use rayon::prelude::*;
use serde::Serialize;

use crate::{Error, Result};
use calendar::{add_days, sub_months, ymd};
use caseload::World;
use exports::{
    CsvBlock, CsvOut, PetitionRec, RowMeta, SourceRows, XlsxA, ASSIGNMENT_HEADERS, B_HEADERS,
    DEDUCTION_HEADERS, EXTENSION_HEADERS,
};
use frame::{Frame, Kind, ParquetSink};
use truth::{SnapState, Snapshot};

pub use courts::MAX_COURTS;
pub use exports::EXCEL_MAX_ROWS;

/// Cases per chunk (a multiple of the sequence-index block).
pub const CHUNK_CASES: u64 = 16_384;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateConfig {
    /// output folder
    pub out: PathBuf,
    /// number of true enforcement cases
    pub cases: u64,
    pub seed: u64,
    /// number of courts (1 ..= [`MAX_COURTS`])
    pub courts: usize,
    /// first filing date
    pub start: NaiveDate,
    /// end of the campaign and date of the last snapshot
    pub end: NaiveDate,
    /// mess rate 0 ..= 1
    pub noise: f64,
    /// rows per xlsx sheet before a new sheet begins (Excel's limit by default)
    pub xlsx_max_rows: u32,
    /// worker threads (None: rayon's default, one per core)
    pub threads: Option<usize>,
    /// show progress on standard error
    pub progress: bool,
}

impl GenerateConfig {
    /// The documented defaults: 5,000 cases, seed 42, one court, filings from 2014-01-01,
    /// campaign ending 2026-06-30, medium noise.
    pub fn new(out: impl Into<PathBuf>) -> GenerateConfig {
        GenerateConfig {
            out: out.into(),
            cases: 5_000,
            seed: 42,
            courts: 1,
            start: ymd(2014, 1, 1),
            end: ymd(2026, 6, 30),
            noise: NOISE_MEDIUM,
            xlsx_max_rows: EXCEL_MAX_ROWS,
            threads: None,
            progress: false,
        }
    }
}

pub const NOISE_LOW: f64 = 0.25;
pub const NOISE_MEDIUM: f64 = 0.5;
pub const NOISE_HIGH: f64 = 1.0;

/// Parses `--noise`: `none`, `low`, `medium`, `high` or a number in 0..=1.
pub fn parse_noise(s: &str) -> Result<f64> {
    match s.trim().to_ascii_lowercase().as_str() {
        "none" => Ok(0.0),
        "low" => Ok(NOISE_LOW),
        "medium" => Ok(NOISE_MEDIUM),
        "high" => Ok(NOISE_HIGH),
        other => match other.parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
            _ => Err(Error::Usage(format!(
                "--noise must be none, low, medium, high or a number from 0 to 1, got {s:?}"
            ))),
        },
    }
}

/// The campaign's dates, derived from the end date.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Campaign {
    /// first day of the six-month campaign
    pub start: NaiveDate,
    /// census snapshot: last day of phase one (two months)
    pub census: NaiveDate,
    /// end of the campaign: last snapshot
    pub end: NaiveDate,
    /// closed cases are listed in the exports if closed on or after this day (1 January of
    /// the year before the campaign starts)
    pub window_start: NaiveDate,
}

impl Campaign {
    /// Six months ending on `end`; phase one is the first two months.
    pub fn from_end(end: NaiveDate) -> Campaign {
        let start = sub_months(add_days(end, 1), 6);
        let census = add_days(calendar::add_months(start, 2), -1);
        Campaign {
            start,
            census,
            end,
            window_start: ymd(start.year() - 1, 1, 1),
        }
    }
}

/// Counts a run reports and records in `manifest.json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GenerateSummary {
    pub cases: u64,
    pub courts: Vec<String>,
    pub census_listed: u64,
    pub census_backlog: u64,
    pub end_listed: u64,
    pub end_backlog: u64,
    /// every file written (relative to the output folder) with its data rows
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub data_rows: u64,
}

/// Validates `cfg`, returning the campaign dates.
pub fn validate(cfg: &GenerateConfig) -> Result<Campaign> {
    if cfg.cases < 1 {
        return Err(Error::Usage("--cases must be at least 1".into()));
    }
    if cfg.cases > 100_000_000 {
        return Err(Error::Usage(format!(
            "--cases {} is more than the generator supports (100,000,000)",
            cfg.cases
        )));
    }
    if cfg.courts < 1 || cfg.courts > MAX_COURTS {
        return Err(Error::Usage(format!(
            "--courts must be between 1 and {MAX_COURTS}, got {}",
            cfg.courts
        )));
    }
    if cfg.start.year() < 2000 || cfg.end.year() > 2100 {
        return Err(Error::Usage(
            "--start and --end must lie between 2000 and 2100".into(),
        ));
    }
    let c = Campaign::from_end(cfg.end);
    if cfg.start >= c.census {
        return Err(Error::Usage(format!(
            "--start {} must be before the census date {} (two months into the six-month \
             campaign that ends on --end {})",
            cfg.start, c.census, cfg.end
        )));
    }
    if !(0.0..=1.0).contains(&cfg.noise) {
        return Err(Error::Usage("--noise must be between 0 and 1".into()));
    }
    if cfg.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    Ok(c)
}

const MANIFEST: &str = "manifest.json";
const MANIFEST_MARK: &str = "\"generator\": \"caseflow generate\"";

/// Makes `out` ready: creates it, or clears a previous generator run in it (recognised by
/// its manifest). Refuses a folder with other content so nothing of the user's is lost.
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::Usage(format!(
                "--out {} exists and is not a folder",
                out.display()
            )));
        }
        let manifest = out.join(MANIFEST);
        let ours = std::fs::read_to_string(&manifest)
            .map(|s| s.contains(MANIFEST_MARK))
            .unwrap_or(false);
        if ours {
            for d in ["census", "end", "truth"] {
                let p = out.join(d);
                if p.exists() {
                    std::fs::remove_dir_all(&p).map_err(|e| Error::output(&p, e))?;
                }
            }
            std::fs::remove_file(&manifest).map_err(|e| Error::output(&manifest, e))?;
        } else {
            let entries = std::fs::read_dir(out).map_err(|e| Error::output(out, e))?;
            for e in entries {
                let e = e.map_err(|e| Error::output(out, e))?;
                let name = e.file_name();
                let name = name.to_string_lossy();
                if !matches!(name.as_ref(), "README.md" | ".gitkeep" | ".gitattributes") {
                    return Err(Error::Usage(format!(
                        "--out {} is not empty and holds no earlier `caseflow generate` output \
                         ({name}); choose a new or empty folder",
                        out.display()
                    )));
                }
            }
        }
    }
    for d in ["census", "end", "truth"] {
        let p = out.join(d);
        std::fs::create_dir_all(&p).map_err(|e| Error::output(&p, e))?;
    }
    Ok(())
}

/// Output of one chunk, rendered in parallel and written in order.
struct ChunkOut {
    cases: u64,
    /// `[snapshot][court]` rows of system A
    a: [Vec<Vec<exports::ARow>>; 2],
    b: [CsvBlock; 2],
    assign: [CsvBlock; 2],
    deduct: [CsvBlock; 2],
    extend: [CsvBlock; 2],
    petitions: Vec<PetitionRec>,
    truth: [DataFrame; 5],
    listed: [u64; 2],
    backlog: [u64; 2],
}

fn push_lines(block: &mut CsvBlock, rows: Vec<(String, RowMeta)>, gbk: bool) -> Result<()> {
    for (line, meta) in rows {
        if gbk {
            exports::gbk_append(&line, &mut block.bytes, "system_b.csv")?;
        } else {
            block.bytes.extend_from_slice(line.as_bytes());
        }
        block.rows.push(meta);
    }
    Ok(())
}

fn render_chunk(
    world: &World,
    cfg: &GenerateConfig,
    campaign: &Campaign,
    snaps: &[Snapshot; 2],
    chunk: u64,
) -> Result<ChunkOut> {
    let i0 = chunk * CHUNK_CASES;
    let i1 = (i0 + CHUNK_CASES).min(world.n);
    let k = world.courts.len();
    let mut out = ChunkOut {
        cases: i1 - i0,
        a: [vec![Vec::new(); k], vec![Vec::new(); k]],
        b: Default::default(),
        assign: Default::default(),
        deduct: Default::default(),
        extend: Default::default(),
        petitions: Vec::new(),
        truth: Default::default(),
        listed: [0; 2],
        backlog: [0; 2],
    };
    let schema = truth::case_schema();
    let mut f_cases = Frame::new(&schema);
    let mut f_parties = Frame::new(truth::PARTY_COLUMNS);
    let mut f_deductions = Frame::new(truth::DEDUCTION_COLUMNS);
    let mut f_extensions = Frame::new(truth::EXTENSION_COLUMNS);
    let mut f_petitions = Frame::new(truth::PETITION_COLUMNS);

    let mut counts = world.counts_before(i0);
    let mut year = world.calendar.date_of(i0).year();
    for i in i0..i1 {
        let filed = world.calendar.date_of(i);
        if filed.year() != year {
            year = filed.year();
            counts.iter_mut().for_each(|c| *c = 0);
        }
        let (court, t) = world.identity(i, filed);
        let key = court * 3 + t.index();
        counts[key] += 1;
        let case = world.build(i, counts[key]);
        let systems = exports::systems(world.seed, case.id);
        let states: [SnapState; 2] = [
            truth::evaluate(&case, snaps[0].date),
            truth::evaluate(&case, snaps[1].date),
        ];
        let listed = [
            truth::listed(&case, snaps[0].date, campaign.window_start),
            truth::listed(&case, snaps[1].date, campaign.window_start),
        ];
        let open_at_census = states[0].status.is_open();
        for s in 0..2 {
            if !listed[s] {
                continue;
            }
            out.listed[s] += 1;
            if states[s].in_backlog {
                out.backlog[s] += 1;
            }
            let rows = exports::render_case(
                world, &case, &states[s], s, &snaps[s], cfg.noise, systems.0, systems.1,
            );
            out.a[s][case.court].extend(rows.a);
            push_lines(&mut out.b[s], rows.b, true)?;
            let assign = open_at_census || (s == 1 && case.filed > snaps[0].date);
            let side = exports::render_side(world, &case, &snaps[s], cfg.noise, assign);
            push_lines(&mut out.assign[s], side.assignments, false)?;
            push_lines(&mut out.deduct[s], side.deductions, false)?;
            push_lines(&mut out.extend[s], side.extensions, false)?;
        }
        if listed[1] {
            out.petitions.extend(exports::petition_recs(
                world, &case, &snaps[0], listed[0], cfg.noise,
            ));
        }
        truth::push_case(&mut f_cases, world, &case, &states, listed, systems);
        truth::push_details(
            &mut f_parties,
            &mut f_deductions,
            &mut f_extensions,
            &mut f_petitions,
            world,
            &case,
            listed,
        );
    }
    out.truth = [
        f_cases.take()?,
        f_parties.take()?,
        f_deductions.take()?,
        f_extensions.take()?,
        f_petitions.take()?,
    ];
    Ok(out)
}

/// The writers of one snapshot.
struct SnapWriters {
    a: Vec<XlsxA>,
    b: CsvOut,
    assign: CsvOut,
    deduct: CsvOut,
    extend: CsvOut,
}

/// Generates the court(s) described by `cfg` into `cfg.out`.
pub fn generate(cfg: &GenerateConfig) -> Result<GenerateSummary> {
    let campaign = validate(cfg)?;
    prepare_out(&cfg.out)?;
    let courts = courts::select_courts(cfg.courts);
    let world = World::new(
        cfg.seed,
        cfg.cases,
        courts,
        cfg.start,
        cfg.end,
        campaign.start,
        campaign.census,
    );
    let snaps = [
        Snapshot {
            label: "census",
            date: campaign.census,
        },
        Snapshot {
            label: "end",
            date: campaign.end,
        },
    ];
    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = cfg.threads {
            b = b.num_threads(n);
        }
        b.build()
            .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?
    };

    let truth_dir = cfg.out.join("truth");
    let mut src_sink = ParquetSink::new(
        &truth_dir.join("source_rows.parquet"),
        truth::SOURCE_ROW_COLUMNS,
    );
    let case_schema = truth::case_schema();
    let mut sinks = [
        ParquetSink::new(&truth_dir.join("cases.parquet"), &case_schema),
        ParquetSink::new(&truth_dir.join("parties.parquet"), truth::PARTY_COLUMNS),
        ParquetSink::new(
            &truth_dir.join("deductions.parquet"),
            truth::DEDUCTION_COLUMNS,
        ),
        ParquetSink::new(
            &truth_dir.join("extensions.parquet"),
            truth::EXTENSION_COLUMNS,
        ),
        ParquetSink::new(
            &truth_dir.join("petitions.parquet"),
            truth::PETITION_COLUMNS,
        ),
    ];

    let mut writers = Vec::new();
    for snap in &snaps {
        let mut src = SourceRows {
            sink: &mut src_sink,
            snapshot: snap.label,
        };
        let dir = cfg.out.join(snap.label);
        let mut a = Vec::new();
        for (ci, court) in world.courts.iter().enumerate() {
            let name = format!("system_a_{}.xlsx", court.file_code);
            let roster = &world.rosters[ci];
            a.push(XlsxA::create(
                &dir.join(&name),
                format!("{}/{name}", snap.label),
                court,
                snap,
                &roster.clerk,
                &roster.reviewer,
                cfg.xlsx_max_rows,
                &mut src,
            )?);
        }
        let csv = |name: &str, headers: &[&str], gbk: bool, src: &mut SourceRows| {
            CsvOut::create(
                &dir.join(name),
                format!("{}/{name}", snap.label),
                headers,
                gbk,
                src,
            )
        };
        let b = csv("system_b.csv", &B_HEADERS, true, &mut src)?;
        let assign = csv("assignments.csv", &ASSIGNMENT_HEADERS, false, &mut src)?;
        let deduct = csv("deductions.csv", &DEDUCTION_HEADERS, false, &mut src)?;
        let extend = csv("extensions.csv", &EXTENSION_HEADERS, false, &mut src)?;
        writers.push(SnapWriters {
            a,
            b,
            assign,
            deduct,
            extend,
        });
    }

    let chunks = cfg.cases.div_ceil(CHUNK_CASES);
    let group = (pool.current_num_threads() as u64).max(1) * 2;
    let mut summary = GenerateSummary {
        cases: cfg.cases,
        courts: world.courts.iter().map(|c| c.code.to_string()).collect(),
        ..Default::default()
    };
    let mut petitions: Vec<PetitionRec> = Vec::new();
    let progress = cfg.progress && std::io::stderr().is_terminal();

    let consume = |rx: Receiver<Result<ChunkOut>>,
                   writers: &mut Vec<SnapWriters>,
                   src_sink: &mut ParquetSink,
                   sinks: &mut [ParquetSink; 5],
                   petitions: &mut Vec<PetitionRec>,
                   summary: &mut GenerateSummary|
     -> Result<()> {
        let mut done = 0u64;
        for item in rx {
            let chunk = item?;
            for (s, w) in writers.iter_mut().enumerate() {
                let mut src = SourceRows {
                    sink: src_sink,
                    snapshot: snaps[s].label,
                };
                for (ci, rows) in chunk.a[s].iter().enumerate() {
                    for r in rows {
                        w.a[ci].push(r, &mut src)?;
                    }
                }
                w.b.push_block(&chunk.b[s], &mut src)?;
                w.assign.push_block(&chunk.assign[s], &mut src)?;
                w.deduct.push_block(&chunk.deduct[s], &mut src)?;
                w.extend.push_block(&chunk.extend[s], &mut src)?;
            }
            for (sink, df) in sinks.iter_mut().zip(chunk.truth.iter()) {
                sink.write_df(df)?;
            }
            petitions.extend(chunk.petitions);
            summary.census_listed += chunk.listed[0];
            summary.end_listed += chunk.listed[1];
            summary.census_backlog += chunk.backlog[0];
            summary.end_backlog += chunk.backlog[1];
            done += chunk.cases;
            if progress {
                eprint!(
                    "\rcaseflow generate: {done}/{} cases ({}%)",
                    cfg.cases,
                    done * 100 / cfg.cases.max(1)
                );
            }
        }
        if progress {
            eprintln!();
        }
        Ok(())
    };

    std::thread::scope(|scope| -> Result<()> {
        // room for a whole group: the workers render the next group while this thread
        // writes the current one
        let (tx, rx) = sync_channel::<Result<ChunkOut>>(group as usize);
        let world = &world;
        let snaps = &snaps;
        let campaign = &campaign;
        let pool = &pool;
        let producer = scope.spawn(move || {
            let mut g0 = 0;
            while g0 < chunks {
                let g1 = (g0 + group).min(chunks);
                let outs: Vec<Result<ChunkOut>> = pool.install(|| {
                    (g0..g1)
                        .into_par_iter()
                        .map(|c| render_chunk(world, cfg, campaign, snaps, c))
                        .collect()
                });
                for o in outs {
                    let failed = o.is_err();
                    if tx.send(o).is_err() || failed {
                        return;
                    }
                }
                g0 = g1;
            }
        });
        let r = consume(
            rx,
            &mut writers,
            &mut src_sink,
            &mut sinks,
            &mut petitions,
            &mut summary,
        );
        producer
            .join()
            .map_err(|_| Error::Usage("internal error: a generator thread panicked".into()))?;
        r
    })?;

    // close the exports (totals, footers) and record their sizes
    let mut files = Vec::new();
    let mut workbooks = Vec::new();
    for (s, w) in writers.into_iter().enumerate() {
        let mut src = SourceRows {
            sink: &mut src_sink,
            snapshot: snaps[s].label,
        };
        for (ci, mut a) in w.a.into_iter().enumerate() {
            let rel = format!(
                "{}/system_a_{}.xlsx",
                snaps[s].label, world.courts[ci].file_code
            );
            a.close(&mut src)?;
            workbooks.push((rel, a));
        }
        for c in [w.b, w.assign, w.deduct, w.extend] {
            let rel = c.rel.clone();
            files.push(FileEntry {
                path: rel,
                data_rows: c.finish()?,
            });
        }
    }

    let saved: Vec<Result<FileEntry>> = pool.install(|| {
        workbooks
            .into_par_iter()
            .map(|(rel, a)| {
                Ok(FileEntry {
                    path: rel,
                    data_rows: a.save()?,
                })
            })
            .collect()
    });
    for f in saved {
        files.push(f?);
    }

    // petition registers, sorted by date
    petitions.sort_by_key(|p| (p.date, p.case_id, p.petition_id));
    for (s, snap) in snaps.iter().enumerate() {
        let recs: Vec<&PetitionRec> = petitions
            .iter()
            .filter(|p| if s == 0 { p.in_census } else { true })
            .collect();
        let rel = format!("{}/petitions.xlsx", snap.label);
        let mut src = SourceRows {
            sink: &mut src_sink,
            snapshot: snap.label,
        };
        let n = exports::write_petitions(
            &cfg.out.join(&rel),
            &rel,
            &recs,
            snap,
            cfg.noise,
            cfg.seed,
            &mut src,
        )?;
        files.push(FileEntry {
            path: rel,
            data_rows: n,
        });
    }

    // small reference tables
    let mut people = ParquetSink::new(&truth_dir.join("people.parquet"), truth::PEOPLE_COLUMNS);
    let mut court_sink = ParquetSink::new(&truth_dir.join("courts.parquet"), COURT_COLUMNS);
    for (ci, court) in world.courts.iter().enumerate() {
        let roster = &world.rosters[ci];
        for o in &roster.officers {
            people
                .row()
                .s(Some(court.code))
                .s(Some(&o.name))
                .s(Some("officer"))
                .s(roster.teams.get(o.team).map(String::as_str))
                .s(None);
        }
        for l in &roster.leaders {
            people
                .row()
                .s(Some(court.code))
                .s(Some(&l.name))
                .s(Some("leader"))
                .s(Some("执行局"))
                .s(Some(l.title));
        }
        court_sink
            .row()
            .s(Some(court.code))
            .s(Some(court.name))
            .s(Some(court.old_abbr))
            .s(Some(court.area))
            .s(Some(court.file_code));
    }
    people.finish()?;
    court_sink.finish()?;
    for sink in sinks {
        sink.finish()?;
    }
    src_sink.finish()?;

    files.sort_by(|a, b| a.path.cmp(&b.path));
    summary.files = files;
    write_manifest(cfg, &campaign, &summary)?;
    Ok(summary)
}

const COURT_COLUMNS: &[(&str, Kind)] = &[
    ("court_code", Kind::Str),
    ("court_name", Kind::Str),
    ("old_abbr", Kind::Str),
    ("area_code", Kind::Str),
    ("file_code", Kind::Str),
];

#[derive(Serialize)]
struct Manifest<'a> {
    generator: &'static str,
    version: &'static str,
    parameters: Parameters,
    campaign: &'a Campaign,
    summary: &'a GenerateSummary,
}

#[derive(Serialize)]
struct Parameters {
    cases: u64,
    seed: u64,
    courts: usize,
    start: NaiveDate,
    end: NaiveDate,
    noise: f64,
}

fn write_manifest(
    cfg: &GenerateConfig,
    campaign: &Campaign,
    summary: &GenerateSummary,
) -> Result<()> {
    let m = Manifest {
        generator: "caseflow generate",
        version: env!("CARGO_PKG_VERSION"),
        parameters: Parameters {
            cases: cfg.cases,
            seed: cfg.seed,
            courts: cfg.courts,
            start: cfg.start,
            end: cfg.end,
            noise: cfg.noise,
        },
        campaign,
        summary,
    };
    let mut text = serde_json::to_string_pretty(&m)
        .map_err(|e| Error::Usage(format!("internal error: manifest: {e}")))?;
    text.push('\n');
    let path = cfg.out.join(MANIFEST);
    std::fs::write(&path, text).map_err(|e| Error::output(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_dates_follow_the_plan() {
        let c = Campaign::from_end(ymd(2026, 6, 30));
        assert_eq!(c.start, ymd(2026, 1, 1));
        assert_eq!(c.census, ymd(2026, 2, 28));
        assert_eq!(c.window_start, ymd(2025, 1, 1));
    }

    #[test]
    fn noise_levels() {
        assert_eq!(parse_noise("none").ok(), Some(0.0));
        assert_eq!(parse_noise("HIGH").ok(), Some(1.0));
        assert_eq!(parse_noise("0.3").ok(), Some(0.3));
        assert!(parse_noise("1.5").is_err());
        assert!(parse_noise("loud").is_err());
    }

    #[test]
    fn validation_rejects_bad_configs() {
        let mut c = GenerateConfig::new("x");
        assert!(validate(&c).is_ok());
        c.courts = 0;
        assert!(validate(&c).is_err());
        c.courts = 1;
        c.start = ymd(2026, 5, 1);
        assert!(validate(&c).is_err());
    }
}
