//! Dedup: one row per real case, with every link explained.
//!
//! A court's exports overlap: the same case appears in two systems under different 案号
//! spellings, and some rows carry no usable 案号 at all (missing, masked, invalid). The
//! census must count each case once and must never merge two debtors' cases, so:
//!
//! 1. **Exact.** Rows with the same `case_key` are one case: the key already makes every
//!    spelling equal, and two different keys are two different cases, never merged.
//! 2. **Fuzzy.** A row without a key is compared only with rows that share a block with
//!    it (the respondent's name, its pinyin, the filing date), never with all rows; each
//!    pair is scored with Fellegi–Sunter weights (m/u from the rule file or estimated by
//!    EM on the candidate pairs). The row joins the best-scoring case above the
//!    threshold; rows that join none are linked among themselves the same way. Two rows
//!    of one export are never one case unless one repeats the other: a list names each
//!    case once, and its look-alike rows are a series (系列案).
//! 3. **Lineage.** A 执恢 case stays its own case, linked to the 执 case it resumes
//!    (`origin_case_key`): from the export's origin column, else from the same basis
//!    document and respondent among earlier cases closed by 终本/终结 or suspended.
//! 4. **Survivorship.** Where the rows of a case disagree, a written rule picks the value
//!    (`pipelines/rules/dedup.toml`), and every disagreement is listed in `conflicts`.
//!
//! A census run has a million rows, of which a few thousand need fuzzy matching, so the
//! time goes to reading, grouping and writing, not to matching. Values are therefore read
//! in place (`columns`), strings interned to numbers (keys, names, pinyin, blocks), the
//! output columns gathered from the input columns, values turned into text only where a
//! cluster really disagrees (`survive`), and each output table written while the next is
//! computed. Set CASEFLOW_TIMING=1 to see each step's time, CPU and memory.

pub mod add;
mod columns;
pub mod compare;
mod shared_key;
mod survive;

pub use shared_key::{warning as shared_key_warning, SharedKey, RULE as SHARED_KEY_RULE};
pub use survive::{
    RULE_CLOSURE_UNDONE, RULE_EXACT_AMOUNT, RULE_EXACT_DATE, RULE_LATER_ROW, RULE_PARTS_ADDED,
    RULE_RECOVERED_CAPPED, RULE_UNIT_SLIP, RULE_ZERO_GIVES_WAY,
};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::prelude::*;
use rayon::prelude::*;
use serde::Deserialize;

use columns::{column, i32s, i64s, strs, ListCol, ListStrs};
use compare::{Levels, Weights, FIELDS};

use crate::{Error, Result};

const DEDUP_TOML: &str = include_str!("../../pipelines/rules/dedup.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelSpec {
    names: Vec<String>,
    m: Vec<f64>,
    u: Vec<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Survivorship {
    newest: Vec<String>,
    /// Absent from a dedup.toml written before: none.
    #[serde(default)]
    with_status: Vec<String>,
    /// Absent from a dedup.toml written before: the team goes with the officer.
    #[serde(default = "officer_fields")]
    with_officer: Vec<String>,
    /// Absent from a dedup.toml written before: none.
    #[serde(default)]
    any_true: Vec<String>,
    largest: Vec<String>,
    longest: Vec<String>,
    /// Absent from a dedup.toml written before: none.
    #[serde(default)]
    union: Vec<String>,
    /// Absent from a dedup.toml written before: none.
    #[serde(default)]
    exact: Vec<String>,
}

/// Refuses a survivorship rule that would do nothing or not what it says: a field the case
/// table does not have (a typo keeps the first row's value, silently), a field in two lists
/// (only one can apply), or a rule for a type it does not fit (`any_true` needs yes/no
/// fields, `largest` numbers or dates, `longest` and `union` lists).
fn check_survivorship(s: &Survivorship, origin: &str) -> Result<()> {
    use crate::ingest::columns::ColType;
    let columns = crate::ingest::case_columns();
    let lists: [(&str, &Vec<String>); 8] = [
        ("newest", &s.newest),
        ("with_status", &s.with_status),
        ("with_officer", &s.with_officer),
        ("any_true", &s.any_true),
        ("largest", &s.largest),
        ("longest", &s.longest),
        ("union", &s.union),
        ("exact", &s.exact),
    ];
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (list, fields) in lists {
        for field in fields {
            let Some((_, ty)) = columns.iter().find(|(c, _)| c == field) else {
                return Err(Error::Usage(format!(
                    "{origin}: [survivorship] {list}: unknown field {field:?}; the case table's \
                     fields are {}",
                    columns
                        .iter()
                        .map(|(c, _)| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            // with_officer and exact narrow the rows the other rule picks from; they may
            // repeat one.
            if list != "with_officer" && list != "exact" {
                if let Some(first) = seen.insert(field.as_str(), list) {
                    return Err(Error::Usage(format!(
                        "{origin}: [survivorship] {field:?} is in both {first} and {list}; a \
                         field is kept by one rule"
                    )));
                }
            }
            let fits = match list {
                "any_true" => matches!(ty, ColType::Bool),
                "largest" => matches!(ty, ColType::I64 | ColType::I32 | ColType::Date),
                "longest" | "union" => matches!(ty, ColType::List),
                "exact" => matches!(ty, ColType::I64),
                _ => true,
            };
            if !fits {
                return Err(Error::Usage(format!(
                    "{origin}: [survivorship] {list}: {field:?} is a {ty:?} field; {list} keeps \
                     {}",
                    match list {
                        "any_true" => "yes/no fields",
                        "largest" => "numbers and dates",
                        "exact" => "amounts",
                        _ => "lists",
                    }
                )));
            }
        }
    }
    Ok(())
}

fn officer_fields() -> Vec<String> {
    vec!["team".to_string()]
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Conflicts {
    /// Per field, groups of spellings of one value.
    #[serde(default)]
    same: BTreeMap<String, Vec<Vec<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DedupFile {
    max_block: usize,
    threshold: f64,
    estimate: String,
    em_iterations: usize,
    levels: BTreeMap<String, LevelSpec>,
    survivorship: Survivorship,
    #[serde(default)]
    conflicts: Conflicts,
    #[serde(default = "default_shared_key_filed_days")]
    shared_key_filed_days: i64,
    #[serde(default = "default_undated_rank_days")]
    undated_rank_days: i64,
}

/// `undated_rank_days` when dedup.toml does not set it: a year.
fn default_undated_rank_days() -> i64 {
    366
}

/// `shared_key_filed_days` when dedup.toml does not set it: two months.
fn default_shared_key_filed_days() -> i64 {
    60
}

/// How m and u are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimate {
    /// From pairs the 案号 keys label (same key: match; different keys: non-match).
    Labelled,
    /// Expectation–maximisation on sampled candidate pairs, unlabelled.
    Em,
    /// As written in the settings file.
    Fixed,
}

/// Validated dedup settings.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    pub max_block: usize,
    pub threshold: f64,
    pub estimate: Estimate,
    pub em_iterations: usize,
    pub weights: Weights,
    pub level_names: Vec<Vec<String>>,
    pub newest: Vec<String>,
    /// Fields taken from the row whose status wins, even when empty there (a case's
    /// closure goes with its status).
    pub with_status: Vec<String>,
    /// Fields taken only from rows that name the officer the case keeps, or none: the
    /// team of a case reassigned between exports is the new officer's, not the old one's.
    pub with_officer: Vec<String>,
    /// Yes/no fields that are yes when any row says so.
    pub any_true: Vec<String>,
    pub largest: Vec<String>,
    /// Party lists whose cluster keeps every name of every row (with its identity number).
    pub union: Vec<String>,
    pub longest: Vec<String>,
    /// Amounts whose exact value wins over another row's rounding of it, and an amount
    /// over another row's 0 ([`survive`]).
    pub exact: Vec<String>,
    /// Per field, each spelling of a value that other spellings share (`[conflicts.same]`)
    /// and the number of its group: rows of a case that differ only by spellings of one
    /// group do not disagree.
    pub same_spellings: BTreeMap<String, PlHashMap<String, u32>>,
    /// Weights to use as they are, skipping estimation (incremental linking reuses the
    /// weights of the run it adds to, so old links are judged by the same scale).
    pub fixed_weights: Option<Weights>,
    /// Write the clustering only (clusters.parquet, dedup.json), not cases_dedup or
    /// conflicts (`caseflow dedup --clusters-only`): reads only the columns matching looks
    /// at, for trying settings on a large run.
    pub clusters_only: bool,
    /// Rows of one 案号 with no 被执行人 in common whose 立案日期 are at least this many
    /// days apart are two cases under one number ([`SharedKey`]).
    pub shared_key_filed_days: i64,
    /// A date an export that states none holds more than this many days after the newest
    /// dated export of the run does not rank it (a mistyped year, 2052 for 2025).
    pub undated_rank_days: i64,
}

impl DedupConfig {
    /// The built-in settings, or those of `path` (a dedup.toml).
    pub fn load(path: Option<&Path>) -> Result<DedupConfig> {
        let (text, origin) = match path {
            Some(p) => (crate::textio::read_config(p)?, p.display().to_string()),
            None => (DEDUP_TOML.to_string(), "(built-in) dedup.toml".to_string()),
        };
        Self::from_toml(&text, &origin)
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<DedupConfig> {
        let f: DedupFile =
            toml::from_str(text).map_err(|e| crate::textio::toml_error(origin, text, &e))?;
        let mut m = Vec::new();
        let mut u = Vec::new();
        let mut names = Vec::new();
        for field in FIELDS {
            let spec = f
                .levels
                .get(field)
                .ok_or_else(|| Error::Usage(format!("{origin}: [levels.{field}] is missing")))?;
            if spec.m.len() != spec.names.len() || spec.u.len() != spec.names.len() {
                return Err(Error::Usage(format!(
                    "{origin}: [levels.{field}] needs as many m and u values as names"
                )));
            }
            if spec
                .m
                .iter()
                .chain(&spec.u)
                .any(|p| !(*p > 0.0 && *p <= 1.0))
            {
                return Err(Error::Usage(format!(
                    "{origin}: [levels.{field}] probabilities must be in (0, 1]"
                )));
            }
            // m and u are each a distribution over the levels: a row pair falls in one
            // level. Values that do not sum to 1 (a typo, 0.09 for 0.90) would silently
            // scale every weight of the field, and with `estimate = "fixed"` move links.
            for (what, ps) in [("m", &spec.m), ("u", &spec.u)] {
                let sum: f64 = ps.iter().sum();
                if (sum - 1.0).abs() > 0.005 {
                    return Err(Error::Usage(format!(
                        "{origin}: [levels.{field}] {what} = {ps:?} sums to {sum:.4}, not 1: \
                         each is the share of pairs at each level, best first"
                    )));
                }
            }
            m.push(spec.m.clone());
            u.push(spec.u.clone());
            names.push(spec.names.clone());
        }
        let estimate = match f.estimate.as_str() {
            "labelled" => Estimate::Labelled,
            "em" => Estimate::Em,
            "fixed" => Estimate::Fixed,
            other => {
                return Err(Error::Usage(format!(
                    "{origin}: estimate must be \"labelled\", \"em\" or \"fixed\", not {other:?}"
                )))
            }
        };
        check_survivorship(&f.survivorship, origin)?;
        // A block of fewer than two rows compares nothing: 0 or 1 would leave every row
        // without a 案号 key unlinked, not a smaller comparison.
        if f.max_block < 2 {
            return Err(Error::Usage(format!(
                "{origin}: max_block = {} compares no pair: it is the largest block compared \
                 in full, at least 2 (the shipped value is 2000)",
                f.max_block
            )));
        }
        if !f.threshold.is_finite() {
            return Err(Error::Usage(format!(
                "{origin}: threshold must be a number, got {}",
                f.threshold
            )));
        }
        // A field of [conflicts.same] is a text column of the case table: checked here, with
        // the file's path and the key's line, so that a misspelt one (case_categry) stops
        // the run before any data is read, not after ingest and matching.
        let columns = crate::ingest::case_columns();
        for field in f.conflicts.same.keys() {
            let is_text = columns
                .iter()
                .any(|(c, ty)| c == field && matches!(ty, crate::ingest::columns::ColType::Str));
            if !is_text {
                let what = format!(
                    "[conflicts.same] names {field:?}, which is not a text field of the case \
                     table; its text fields are {}",
                    columns
                        .iter()
                        .filter(|(_, ty)| matches!(ty, crate::ingest::columns::ColType::Str))
                        .map(|(c, _)| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let mut here = |k: &str, v: &toml_edit::Value, _: bool| k == field && v.is_array();
                return Err(Error::Usage(
                    match crate::classify::places::find(text, &[], &mut here) {
                        Some(p) => p.message(origin, text, &what),
                        None => format!("{origin}: {what}"),
                    },
                ));
            }
        }
        let mut same_spellings = BTreeMap::new();
        for (field, groups) in f.conflicts.same {
            let mut group_of: PlHashMap<String, u32> = PlHashMap::default();
            for (k, group) in groups.iter().enumerate() {
                for spelling in group {
                    if group_of
                        .insert(spelling.trim().to_string(), k as u32)
                        .is_some()
                    {
                        return Err(Error::Usage(format!(
                            "{origin}: [conflicts.same] {field}: {spelling:?} is listed twice"
                        )));
                    }
                }
            }
            same_spellings.insert(field, group_of);
        }
        Ok(DedupConfig {
            max_block: f.max_block,
            threshold: f.threshold,
            estimate,
            em_iterations: f.em_iterations,
            weights: Weights { m, u },
            level_names: names,
            newest: f.survivorship.newest,
            with_status: f.survivorship.with_status,
            with_officer: f.survivorship.with_officer,
            any_true: f.survivorship.any_true,
            largest: f.survivorship.largest,
            longest: f.survivorship.longest,
            union: f.survivorship.union,
            exact: f.survivorship.exact,
            same_spellings,
            fixed_weights: None,
            clusters_only: false,
            shared_key_filed_days: f.shared_key_filed_days,
            undated_rank_days: f.undated_rank_days,
        })
    }
}

/// What `dedup` produced.
#[derive(Debug)]
pub struct DedupReport {
    pub rows: usize,
    pub cases: usize,
    pub exact_rows: usize,
    pub fuzzy_linked: usize,
    pub unplaced: usize,
    /// Rows without a 案号 key grouped with one another (no keyed case matched them),
    /// counted with the row each group starts from.
    pub unkeyed_linked: usize,
    pub lineage_links: usize,
    pub conflicts: usize,
    /// The blocks too large to compare in full, largest first.
    pub oversized: Vec<Oversized>,
    /// Rows without a 案号 key left with no block to be compared in because theirs were
    /// oversized: compared with no row.
    pub stranded: usize,
    pub lambda: f64,
    pub weights: Weights,
    /// Only the clustering was computed (`--clusters-only`): `cases` counts clusters, and
    /// lineage links and conflicts were not looked for.
    pub clusters_only: bool,
    /// Files of the later stages (classify, census, report …) made from the run's earlier
    /// cases, removed (crate::pipeline::remove_outputs_after).
    pub removed: Vec<String>,
    /// 案号 whose rows are two cases: the case keeps one side's facts, the statistician
    /// must have the export corrected.
    pub shared_keys: Vec<SharedKey>,
    /// Rows without a usable 案号 placed on one of several cases that scored the same and
    /// whose closure agreed as well (series cases of one status): placed by a fixed rule,
    /// to be checked.
    pub tied: Vec<TiedPlacement>,
    /// Dates in exports that state no date of their own, too far after every other row's
    /// date of the export to rank it (`undated_rank_days`): the rows to check, one line each.
    pub unranking_dates: Vec<String>,
    /// The same, one warning per export (the terminal's).
    pub unranking_exports: Vec<String>,
}

/// A row placed on one of several cases that nothing it states told apart.
#[derive(Debug, Clone, PartialEq)]
pub struct TiedPlacement {
    /// The row (`file|sheet|row`).
    pub row: String,
    /// The case it was placed on (its key).
    pub case_key: String,
    /// The other cases it could as well have been placed on.
    pub tied_with: Vec<String>,
}

/// A block too large to be compared in full (`max_block` in dedup.toml), reported in
/// dedup.json so that a too-common name or a busy filing day can be seen and the limit
/// raised if the machine allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Oversized {
    /// What its rows share: `respondent` (the first respondent's name), `respondent_pinyin`
    /// or `filed_on`.
    pub by: &'static str,
    /// The shared value (the pinyin key for a pinyin block, a date for a filing day).
    pub value: String,
    pub rows: usize,
    /// Of them, rows without a 案号 key: the rows the block was for.
    pub rows_without_key: usize,
}

/// The oversized blocks, largest first, and the rows without a key that had no other.
fn oversized_blocks(blocks: &[Blocks; 3], m: &Matcher) -> (Vec<Oversized>, usize) {
    const BY: [&str; 3] = ["respondent", "respondent_pinyin", "filed_on"];
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut out = Vec::new();
    for (k, b) in blocks.iter().enumerate() {
        for (id, _) in b.oversized.iter().enumerate().filter(|(_, o)| **o) {
            let rows = &b.rows[b.start[id] as usize..b.start[id + 1] as usize];
            let Some(&first) = rows.first() else {
                continue;
            };
            let first = first as usize;
            let name = || m.resp.names.get(m.resp.of_row[first] as usize).copied();
            let value = match k {
                0 => name().unwrap_or_default().to_string(),
                1 => name().map(compare::pinyin_key).unwrap_or_default(),
                _ => (epoch + chrono::Duration::days(m.rows[first].filed.into())).to_string(),
            };
            out.push(Oversized {
                by: BY[k],
                value,
                rows: rows.len(),
                rows_without_key: rows
                    .iter()
                    .filter(|&&r| m.key[r as usize].is_none())
                    .count(),
            });
        }
    }
    out.sort_by(|a, b| {
        b.rows
            .cmp(&a.rows)
            .then(a.by.cmp(b.by))
            .then(a.value.cmp(&b.value))
    });
    let stranded = (0..m.rows.len())
        .filter(|&i| {
            m.key[i].is_none()
                && blocks.iter().all(|b| b.of(i).is_none())
                && blocks
                    .iter()
                    .any(|b| b.of_row[i] != NONE && b.oversized[b.of_row[i] as usize])
        })
        .count();
    (out, stranded)
}

/// Year, court and type that a masked number still shows (`（2024）浙0603执**号`).
fn partial_case_no(raw: &str) -> Option<String> {
    crate::casenum::parse_masked(raw).map(|c| format!("{}{}{}", c.year, c.court_code, c.type_code))
}

/// Prints how long a step took when CASEFLOW_TIMING is set (for profiling; off by default),
/// and restarts the clock.
fn timing(step: &str, since: &mut Instant) {
    if std::env::var_os("CASEFLOW_TIMING").is_some() {
        // Resident and peak memory (Linux), to see which step holds what.
        let mem = std::fs::read_to_string("/proc/self/status")
            .map(|s| {
                s.lines()
                    .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        // CPU seconds of the process so far (user + system), which load does not inflate.
        let cpu = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
            })
            .unwrap_or(f64::NAN);
        eprintln!(
            "caseflow timing: dedup {step}: {:.3}s (cpu total {cpu:.2}s; {mem})",
            since.elapsed().as_secs_f64()
        );
    }
    *since = Instant::now();
}

/// "No value" in the u32 index vectors below (no name, no block, no position).
const NONE: u32 = u32::MAX;

/// Numbers distinct values in order of first appearance.
fn intern<T: std::hash::Hash + Eq>(ids: &mut PlHashMap<T, u32>, value: T) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(value).or_insert(next)
}

/// Numbers the distinct strings of a column (`NONE` for null).
fn intern_all<'a>(values: impl ExactSizeIterator<Item = Option<&'a str>>) -> Vec<u32> {
    let mut ids: PlHashMap<&'a str, u32> =
        PlHashMap::with_capacity_and_hasher(values.len(), Default::default());
    values
        .map(|v| v.map_or(NONE, |v| intern(&mut ids, v)))
        .collect()
}

/// What [`compare::name_level`] needs of a name, computed once per distinct name.
#[derive(Clone, Copy)]
struct NameInfo {
    /// Ids of its pinyin and of its core: equal ids, equal texts.
    py: u32,
    core: u32,
    chars: u32,
    /// Its characters, 16 bits each, when it has at most four, all in the Basic
    /// Multilingual Plane (nearly every person's name); `None` otherwise. Comparing two
    /// names character by character then reads no text: a candidate pair's names lie far
    /// apart in the column's buffers, and fetching them was a tenth of matching's time.
    packed: Option<u64>,
}

/// Whether two packed names of as many characters differ in exactly one of them (unused
/// lanes are zero in both, so only characters can differ).
fn packed_one_apart(p: u64, q: u64) -> bool {
    let d = p ^ q;
    (0..4).filter(|k| (d >> (16 * k)) & 0xffff != 0).count() == 1
}

/// The same on the texts, for names that do not pack.
fn chars_one_apart(a: &str, b: &str) -> bool {
    a.chars()
        .zip(b.chars())
        .filter(|(p, q)| p != q)
        .take(2)
        .count()
        == 1
}

/// [`NameInfo::packed`] of a name.
fn pack_name(name: &str) -> Option<u64> {
    let mut packed = 0u64;
    for (k, c) in name.chars().enumerate() {
        let c = u16::try_from(u32::from(c)).ok()?;
        if k >= 4 {
            return None;
        }
        packed |= u64::from(c) << (16 * k);
    }
    Some(packed)
}

/// The first names of one list column (respondents or applicants), interned.
struct Names<'a> {
    /// Name id of each row (`NONE`: no name).
    of_row: Vec<u32>,
    names: Vec<&'a str>,
    info: Vec<NameInfo>,
    /// Number of distinct pinyins.
    n_py: usize,
}

impl<'a> Names<'a> {
    fn new(col: &'a ListCol, n: usize) -> Result<Names<'a>> {
        let view = col.view()?;
        let mut ids: PlHashMap<&'a str, u32> =
            PlHashMap::with_capacity_and_hasher(n, Default::default());
        let of_row: Vec<u32> = (0..n)
            .map(|i| view.first(i).map_or(NONE, |s| intern(&mut ids, s)))
            .collect();
        let mut names: Vec<&'a str> = vec![""; ids.len()];
        for (s, id) in ids {
            names[id as usize] = s;
        }
        let (py, core): (Vec<String>, Vec<String>) = names
            .par_iter()
            .map(|s| (compare::pinyin_key(s), compare::name_core(s)))
            .unzip();
        let number = |texts: &[String]| -> (Vec<u32>, usize) {
            let mut ids = PlHashMap::with_capacity_and_hasher(texts.len(), Default::default());
            let v = texts.iter().map(|t| intern(&mut ids, t.as_str())).collect();
            (v, ids.len())
        };
        let ((py, n_py), (core, _)) = rayon::join(|| number(&py), || number(&core));
        let info = (0..names.len())
            .map(|k| NameInfo {
                py: py[k],
                core: core[k],
                chars: names[k].chars().count() as u32,
                packed: pack_name(names[k]),
            })
            .collect();
        Ok(Names {
            of_row,
            names,
            info,
            n_py,
        })
    }

    /// [`compare::name_level`] of two name ids.
    fn level(&self, a: u32, b: u32) -> Option<u8> {
        if a == NONE || b == NONE {
            return None;
        }
        if a == b {
            return Some(0);
        }
        let (x, y) = (self.info[a as usize], self.info[b as usize]);
        if x.py == y.py || x.core == y.core {
            return Some(1);
        }
        // Exactly one character different (stop counting at the second).
        let one_apart = || match (x.packed, y.packed) {
            // Unused lanes are zero in both: only the characters can differ.
            (Some(p), Some(q)) => packed_one_apart(p, q),
            _ => chars_one_apart(self.names[a as usize], self.names[b as usize]),
        };
        if x.chars == y.chars && x.chars >= 2 && one_apart() {
            return Some(2);
        }
        Some(3)
    }
}

/// The fields of one row that a comparison reads, packed together: comparing a row with
/// a thousand others in its blocks then touches one cache line per row, not ten.
#[derive(Clone, Copy, PartialEq)]
struct Row {
    claim: i64,
    filed: i32,
    resp: u32,
    appl: u32,
    cause: u32,
    basis: u32,
    /// Id of the court and kind of document of its 执行依据 (`浙0603民初` of
    /// （2024）浙0603民初66号), `NONE` when the row states none that reads as a 案号.
    basis_issuer: u32,
    /// Id of the text year+court+type of the 案号 (`2024浙0603执`): what a masked number
    /// still shows, else the parts of the parsed one.
    partial: u32,
    has_claim: bool,
    has_filed: bool,
    /// 结案日期 (days since 1970), when the row states one.
    closed: Option<i32>,
    /// A 执恢 case (by its 案号's type, or 案件类别 执恢/恢复执行), a first enforcement
    /// (首执), or unknown.
    resumed: Option<bool>,
    /// Id of the court code its 法院名称 goes with in the data (`NONE`: no name, or a name
    /// never seen with a code).
    court: u32,
    /// Id of the list it comes from (file and sheet).
    export: u32,
}

/// The fields that matching looks at, one entry per source row, read from the frame in
/// place. Strings are interned: equal ids are equal texts, so comparing two rows compares
/// numbers.
struct Matcher<'a> {
    key: Vec<Option<&'a str>>,
    rows: Vec<Row>,
    resp: Names<'a>,
    appl: Names<'a>,
    /// The whole party lists and the 案号 as written, read only to tell a row listed twice
    /// in one export from another case of that export ([`Matcher::listed_twice`]).
    resp_lists: ListStrs<'a>,
    appl_lists: ListStrs<'a>,
    case_no_raw: &'a StringChunked,
    /// What each row states of its case's closure, read only to break ties between
    /// candidate cases ([`Matcher::closure_level`]).
    closure: Vec<Closure>,
    /// The whole frame, read only for the rare pair of one export that agrees on every
    /// field matching reads ([`Matcher::listed_twice`]).
    frame: &'a DataFrame,
}

/// What a row states of its case's closure (已结 or not, 结案日期, 结案方式), and the date
/// of its export.
#[derive(Clone, Copy)]
struct Closure {
    /// 已结: the status is closed, or the row gives a 结案日期.
    closed: bool,
    on: Option<i32>,
    /// Id of the 结案方式 (canonical), `NONE` when not given.
    method: u32,
    exported: Option<i32>,
}

impl<'a> Matcher<'a> {
    fn new(df: &'a DataFrame, resp_col: &'a ListCol, appl_col: &'a ListCol) -> Result<Matcher<'a>> {
        let n = df.height();
        let key = strs(df, "case_key")?;
        let ((resp, appl), (cause, (basis, partial))) = rayon::join(
            || rayon::join(|| Names::new(resp_col, n), || Names::new(appl_col, n)),
            || {
                rayon::join(
                    || -> Result<Vec<u32>> {
                        // 案由 is kept as written: one export's ， is another's , (folded
                        // to compare).
                        let cause: Vec<Option<std::borrow::Cow<str>>> = strs(df, "cause")?
                            .into_iter()
                            .map(|c| c.map(crate::ingest::fields::fold_width))
                            .collect();
                        Ok(intern_all(cause.iter().map(|c| c.as_deref())))
                    },
                    || {
                        rayon::join(
                            || -> Result<(Vec<u32>, Vec<u32>)> {
                                let keys = strs(df, "basis_key")?;
                                // The key without its year and number: who decided, and
                                // what kind of decision (2024浙0603民初66 → 浙0603民初).
                                let issuer = keys.iter().map(|k| {
                                    k.map(|k| {
                                        k.trim_start_matches(|c: char| c.is_ascii_digit())
                                            .trim_end_matches(|c: char| c.is_ascii_digit())
                                    })
                                });
                                Ok((intern_all(issuer), intern_all(keys.into_iter())))
                            },
                            || partials(df, &key),
                        )
                    },
                )
            },
        );
        let (resp, appl, cause, (basis_issuer, basis), partial) =
            (resp?, appl?, cause?, basis?, partial?);
        let claim = i64s(df, "claim_fen")?;
        let filed = i32s(df, "filed_on")?;
        let closed = i32s(df, "closed_on")?;
        let (kind, category) = (strs(df, "case_kind")?, strs(df, "case_category")?);
        let resumed = |i: usize| match kind[i] {
            Some("resumed") => Some(true),
            Some("first") => Some(false),
            _ => category[i].and_then(|c| {
                if c.contains('恢') {
                    Some(true)
                } else if c.contains('首') {
                    Some(false)
                } else {
                    None
                }
            }),
        };
        let court = named_courts(df)?;
        let export = exports(df)?;
        let rows = (0..n)
            .map(|i| Row {
                claim: claim[i].unwrap_or(0),
                filed: filed[i].unwrap_or(0),
                resp: resp.of_row[i],
                appl: appl.of_row[i],
                cause: cause[i],
                basis: basis[i],
                basis_issuer: basis_issuer[i],
                partial: partial[i],
                has_claim: claim[i].is_some(),
                has_filed: filed[i].is_some(),
                closed: closed[i],
                resumed: resumed(i),
                court: court[i],
                export: export[i],
            })
            .collect();
        let case_no_raw = column(df, "case_no_raw")?
            .str()
            .map_err(|e| Error::polars("cases table: column case_no_raw", e))?;
        // A frame made without the status columns (a bare list) states no closure.
        let optional = |name: &str| -> Result<Vec<Option<&str>>> {
            match df.column(name) {
                Ok(_) => strs(df, name),
                Err(_) => Ok(vec![None; n]),
            }
        };
        let status = optional("status")?;
        let method = intern_all(optional("closure_method")?.into_iter());
        let exported = match df.column("exported_on") {
            Ok(_) => i32s(df, "exported_on")?,
            Err(_) => vec![None; n],
        };
        let closure = (0..n)
            .map(|i| Closure {
                closed: status[i] == Some("closed") || closed[i].is_some(),
                on: closed[i],
                method: method[i],
                exported: exported[i],
            })
            .collect();
        Ok(Matcher {
            key,
            rows,
            resp,
            appl,
            resp_lists: resp_col.view()?,
            appl_lists: appl_col.view()?,
            case_no_raw,
            closure,
            frame: df,
        })
    }

    /// Whether two rows of one export (file and sheet) are two cases: a list names each
    /// of its cases once, so its rows without a usable 案号 (masked, 暂无) that share the
    /// parties and the filing day are a series (系列案: one applicant's several judgments
    /// against one debtor, filed together), not spellings of one case. Only a row listed
    /// twice, equal in every field it gives, is one case (an export's accidental repeat).
    fn same_export_apart(&self, a: usize, b: usize) -> bool {
        self.rows[a].export == self.rows[b].export && !self.listed_twice(a, b)
    }

    /// Whether two rows repeat each other: equal on every field matching reads (the 案号
    /// as written, every party of both lists, the claim, the dates, 案由, 执行依据, kind and
    /// court), and then on every other field the row gives. Two series cases (系列案) agree
    /// on all that matching reads and differ only in what happened to them since (one
    /// closed, or 500 元 recovered in one): merged as a repeat, one closure was lost and
    /// the other case stayed open on an older export's word. Not compared: the row's place
    /// in its file, and the columns ingest did not recognise (`extra`), where a row
    /// number (序号) of a copied row is a new one.
    fn listed_twice(&self, a: usize, b: usize) -> bool {
        let lists_equal = |l: &ListStrs, a: usize, b: usize| {
            l.is_null(a) == l.is_null(b) && (l.is_null(a) || l.same(a, b))
        };
        self.rows[a] == self.rows[b]
            && self.case_no_raw.get(a) == self.case_no_raw.get(b)
            && lists_equal(&self.resp_lists, a, b)
            && lists_equal(&self.appl_lists, a, b)
            && self
                .frame
                .columns()
                .iter()
                .filter(|c| !matches!(c.name().as_str(), "source_row" | "extra"))
                .all(|c| matches!((c.get(a), c.get(b)), (Ok(x), Ok(y)) if x == y))
    }

    /// Whether one row is of a 执恢 case and the other of a first enforcement: a 执恢 case
    /// repeats its original's parties, basis and claim, but is another case.
    fn other_kind(&self, a: usize, b: usize) -> bool {
        matches!(
            (self.rows[a].resumed, self.rows[b].resumed),
            (Some(x), Some(y)) if x != y
        )
    }

    /// Whether one row was filed after the other's case was closed: a case has one filing
    /// date, so this is a new case (the applicant's request to resume after a 终本, not yet
    /// numbered) repeating the closed one's parties, claim and basis. Merged, the new case
    /// was lost and the old one reopened as 积案.
    fn filed_after_closure(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        let after = |r: &Row, c: Option<i32>| r.has_filed && c.is_some_and(|c| r.filed > c);
        after(x, y.closed) || after(y, x.closed)
    }

    /// Whether the two rows state two decisions of one court and kind as their 执行依据
    /// (（2024）浙0603民初66号 and 民初67号): a case is enforced on one judgment, so these are
    /// two cases, however alike their parties (系列案: a bank's or a 小贷 company's several
    /// judgments against one debtor, a typical series). Not so a 民初 and a 民终 of one
    /// dispute (one system may give the first-instance judgment, another the appeal's): a
    /// disagreement of that kind only weighs against the match (`levels.basis`).
    fn other_basis(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        x.basis != NONE && y.basis != NONE && x.basis != y.basis && x.basis_issuer == y.basis_issuer
    }

    /// Whether the two rows name courts that are two courts (an intermediate court's list
    /// puts several courts' cases side by side; a case 指定执行 to another court is opened
    /// there again, with the same parties and basis, under a number not yet given).
    fn other_court(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.rows[a].court, self.rows[b].court);
        x != NONE && y != NONE && x != y
    }

    /// How far what row `a` states of its closure agrees with row `b`'s, for rows that
    /// score alike (系列案: one applicant's cases against one debtor, filed the same day for
    /// the same claim, tie on every field compared): 0 both open, or both closed on the same
    /// 结案日期 by the same 结案方式 (as far as both state one); 1 not to be told, or told
    /// apart only by time (the closed row's export is the newer one: the case closed since
    /// the other export; a closure without its date); 2 contradicted (a same-date or newer
    /// export shows open a case the other row shows closed, or the two give other 结案日期
    /// or 结案方式). Never a
    /// reason to refuse a link: only to prefer, among equally scored cases, the one whose
    /// status the row shares, so that a pending series case is not placed on its closed
    /// twin (both would then count closed, and the backlog lose a case).
    fn closure_level(&self, a: usize, b: usize) -> u8 {
        let (x, y) = (&self.closure[a], &self.closure[b]);
        match (x.closed, y.closed) {
            (false, false) => 0,
            (true, true) => {
                let method_agrees = x.method == NONE || y.method == NONE || x.method == y.method;
                match (x.on, y.on) {
                    (Some(p), Some(q)) if p == q && method_agrees => 0,
                    (Some(p), Some(q)) if p != q => 2,
                    _ if !method_agrees => 2,
                    _ => 1,
                }
            }
            (true, false) | (false, true) => {
                let (open, closed) = if x.closed { (y, x) } else { (x, y) };
                match (open.exported, closed.exported) {
                    (Some(o), Some(c)) if c > o => 1,
                    (Some(_), Some(_)) => 2,
                    _ => 1,
                }
            }
        }
    }

    /// Compares two rows field by field.
    fn compare(&self, a: usize, b: usize) -> Levels {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        let same = |p: u32, q: u32| {
            if p == NONE || q == NONE {
                None
            } else {
                Some(u8::from(p != q))
            }
        };
        [
            self.resp.level(x.resp, y.resp),
            self.appl.level(x.appl, y.appl),
            (x.has_claim && y.has_claim).then(|| compare::claim_level(x.claim, y.claim)),
            (x.has_filed && y.has_filed).then(|| compare::date_level(x.filed, y.filed)),
            same(x.cause, y.cause),
            same(x.basis, y.basis),
            same(x.partial, y.partial),
        ]
    }
}

/// Id of the court each row's 法院名称 names: the court code the name goes with most
/// often in the rows that have both (ties to the smaller code); for a row without a name,
/// its own new-style court code; `NONE` when neither is known. Names before the rows' own
/// codes: an old abbreviation (绍柯) and the new code (浙0603) of one court are one court
/// by its name.
fn named_courts(df: &DataFrame) -> Result<Vec<u32>> {
    let n = df.height();
    if df.column("court_name").is_err() || df.column("court_code").is_err() {
        return Ok(vec![NONE; n]);
    }
    let (names, codes) = (strs(df, "court_name")?, strs(df, "court_code")?);
    let mut counts: PlHashMap<(&str, &str), usize> = PlHashMap::default();
    for (name, code) in names.iter().zip(&codes) {
        if let (Some(name), Some(code)) = (name, code) {
            *counts.entry((name.trim(), code)).or_default() += 1;
        }
    }
    let mut best: PlHashMap<&str, (usize, &str)> = PlHashMap::default();
    for (&(name, code), &k) in &counts {
        let e = best.entry(name).or_insert((k, code));
        if k > e.0 || (k == e.0 && code < e.1) {
            *e = (k, code);
        }
    }
    // New-style codes only (浙0603): an old abbreviation (绍柯) and the new code of one
    // court are two codes, not two courts.
    let new_style = |code: &str| {
        let mut c = code.chars();
        c.next().is_some_and(|p| !p.is_ascii())
            && c.clone().count() >= 2
            && c.all(|d| d.is_ascii_digit())
    };
    let mut ids: PlHashMap<&str, u32> = PlHashMap::default();
    // A row without a court name is its own court code's (a single court's export has no
    // 法院 column): else its row, keyed, was merged with an unkeyed row another court's
    // name gives, and the case took that court's closure.
    Ok(names
        .iter()
        .zip(&codes)
        .map(|(name, own)| {
            name.and_then(|nm| best.get(nm.trim()))
                .map(|&(_, code)| code)
                .or(*own)
                .filter(|code| new_style(code))
                .map_or(NONE, |code| intern(&mut ids, code))
        })
        .collect())
}

/// Id of the export each row comes from: its file and sheet.
fn exports(df: &DataFrame) -> Result<Vec<u32>> {
    let (file, sheet) = (strs(df, "source_file")?, strs(df, "source_sheet")?);
    type Export<'a> = (Option<&'a str>, Option<&'a str>);
    let mut ids: PlHashMap<Export, u32> = PlHashMap::default();
    let mut last: Option<(Export, u32)> = None;
    // A file's rows come together: the previous row's id spares hashing its path again.
    Ok(file
        .into_iter()
        .zip(sheet)
        .map(|fs| match last {
            Some((prev, id)) if prev == fs => id,
            _ => {
                let id = intern(&mut ids, fs);
                last = Some((fs, id));
                id
            }
        })
        .collect())
}

/// Id of each row's partial 案号 text: a masked number's visible year+court+type for a
/// row without a key, else year+court+type of the parsed number (`NONE`: unknown).
fn partials(df: &DataFrame, key: &[Option<&str>]) -> Result<Vec<u32>> {
    let n = df.height();
    let raw = column(df, "case_no_raw")?
        .str()
        .map_err(|e| Error::polars("cases table: column case_no_raw", e))?;
    let masked: Vec<(usize, String)> = (0..n)
        .into_par_iter()
        .filter(|&i| key[i].is_none())
        .filter_map(|i| raw.get(i).and_then(partial_case_no).map(|p| (i, p)))
        .collect();
    let (year, court, kind) = (
        i32s(df, "year")?,
        strs(df, "court_code")?,
        strs(df, "type_code")?,
    );
    let mut texts: PlHashMap<String, u32> = PlHashMap::default();
    let mut parts: PlHashMap<(i32, &str, &str), u32> = PlHashMap::default();
    let mut partial: Vec<u32> = (0..n)
        .map(|i| match (year[i], court[i], kind[i]) {
            (Some(y), Some(c), Some(k)) => *parts
                .entry((y, c, k))
                .or_insert_with(|| intern(&mut texts, format!("{y}{c}{k}"))),
            _ => NONE,
        })
        .collect();
    for (i, p) in masked {
        partial[i] = intern(&mut texts, p);
    }
    Ok(partial)
}

/// Rows grouped by one block key, each block in input order.
struct Blocks {
    /// Block of each row (`NONE`: the row has no such key).
    of_row: Vec<u32>,
    /// Position of each row in its block.
    pos: Vec<u32>,
    /// Block `b` holds `rows[start[b]..start[b + 1]]`.
    start: Vec<u32>,
    rows: Vec<u32>,
    /// Blocks too large to compare in full.
    oversized: Vec<bool>,
}

impl Blocks {
    fn new(of_row: Vec<u32>, n_blocks: usize, max_block: usize) -> Blocks {
        let mut start = vec![0u32; n_blocks + 1];
        for &b in &of_row {
            if b != NONE {
                start[b as usize + 1] += 1;
            }
        }
        for b in 0..n_blocks {
            start[b + 1] += start[b];
        }
        let mut fill = start.clone();
        let mut rows = vec![0u32; start[n_blocks] as usize];
        let mut pos = vec![NONE; of_row.len()];
        for (i, &b) in of_row.iter().enumerate() {
            if b != NONE {
                let f = &mut fill[b as usize];
                rows[*f as usize] = i as u32;
                pos[i] = *f - start[b as usize];
                *f += 1;
            }
        }
        let oversized = (0..n_blocks)
            .map(|b| (start[b + 1] - start[b]) as usize > max_block)
            .collect();
        Blocks {
            of_row,
            pos,
            start,
            rows,
            oversized,
        }
    }

    /// The block of row `i` with the row's position in it, unless it has none or the
    /// block is oversized.
    fn of(&self, i: usize) -> Option<(&[u32], usize)> {
        let b = self.of_row[i];
        if b == NONE || self.oversized[b as usize] {
            return None;
        }
        let b = b as usize;
        Some((
            &self.rows[self.start[b] as usize..self.start[b + 1] as usize],
            self.pos[i] as usize,
        ))
    }
}

/// The blocks of every row: respondent name, respondent pinyin, filing date.
fn blocks(m: &Matcher, max_block: usize) -> [Blocks; 3] {
    let names = &m.resp;
    let by_py = || {
        let of_row = names
            .of_row
            .iter()
            .map(|&r| {
                if r == NONE {
                    NONE
                } else {
                    names.info[r as usize].py
                }
            })
            .collect();
        Blocks::new(of_row, names.n_py, max_block)
    };
    let by_day = || {
        let mut days: PlHashMap<i32, u32> = PlHashMap::default();
        let of_row: Vec<u32> = m
            .rows
            .iter()
            .map(|r| {
                if r.has_filed {
                    intern(&mut days, r.filed)
                } else {
                    NONE
                }
            })
            .collect();
        Blocks::new(of_row, days.len(), max_block)
    };
    let (by_name, (by_py, by_day)) = rayon::join(
        || Blocks::new(names.of_row.clone(), names.names.len(), max_block),
        || rayon::join(by_py, by_day),
    );
    [by_name, by_py, by_day]
}

/// Rows that share a (not oversized) block with row `u`, without `u`, sorted.
fn candidates(blocks: &[Blocks; 3], u: usize) -> Vec<u32> {
    let mut seen: Vec<u32> = Vec::new();
    for b in blocks {
        if let Some((rows, _)) = b.of(u) {
            seen.extend(rows.iter().copied().filter(|&j| j as usize != u));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    seen
}

const NEIGHBOURS: usize = 3;

/// The rows that follow row `i` in its blocks (up to `NEIGHBOURS` per block), sorted and
/// without repeats.
fn neighbours(blocks: &[Blocks; 3], i: usize) -> ([u32; 3 * NEIGHBOURS], usize) {
    let mut out = [0u32; 3 * NEIGHBOURS];
    let mut len = 0;
    for b in blocks {
        if let Some((rows, pos)) = b.of(i) {
            for &j in rows.iter().skip(pos + 1).take(NEIGHBOURS) {
                out[len] = j;
                len += 1;
            }
        }
    }
    out[..len].sort_unstable();
    let mut kept = 0;
    for t in 0..len {
        if kept == 0 || out[t] != out[kept - 1] {
            out[kept] = out[t];
            kept += 1;
        }
    }
    (out, kept)
}

/// Pairs sampled for estimating m and u, each with `Some(match?)` when the 案号 keys
/// label it. Matches come from blocks (each row with the next few rows of each of its
/// blocks; same key = match). Non-matches come from pairs drawn across the whole table
/// (different keys), not from blocks: within a date block every pair agrees on the date,
/// which would make the date look worthless as evidence. Both samples are bounded and
/// deterministic whatever the block sizes.
fn sample_pairs(blocks: &[Blocks; 3], m: &Matcher) -> Vec<(Levels, Option<bool>)> {
    const MAX_PAIRS: usize = 200_000;
    let n = m.key.len();
    // The block pairs, ordered by (row, neighbour), are each row's neighbours in row
    // order: count them, then keep every stride-th without materialising them all.
    let counts: Vec<u8> = (0..n)
        .into_par_iter()
        .map(|i| neighbours(blocks, i).1 as u8)
        .collect();
    let mut first = Vec::with_capacity(n);
    let mut total = 0usize;
    for &c in &counts {
        first.push(total);
        total += c as usize;
    }
    let stride = total.div_ceil(MAX_PAIRS).max(1);
    let mut chosen: Vec<(usize, usize, bool)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|i| {
            let g0 = first[i];
            // Skip the rows whose pairs hold no multiple of the stride.
            let (nb, len) = if g0.div_ceil(stride) * stride >= g0 + counts[i] as usize {
                ([0u32; 3 * NEIGHBOURS], 0)
            } else {
                neighbours(blocks, i)
            };
            (0..len)
                .filter(move |t| (g0 + t) % stride == 0)
                .map(move |t| (i, nb[t] as usize, true))
        })
        .collect();
    // Pairs across the table: row i with a row far away, by a fixed multiplicative step.
    if n > 1 {
        let step = 2_654_435_761usize % n;
        for i in 0..n.min(MAX_PAIRS) {
            let j = (i.wrapping_mul(step).wrapping_add(n / 2 + 1)) % n;
            if i != j {
                chosen.push((i.min(j), i.max(j), false));
            }
        }
    }
    chosen
        .par_iter()
        .map(|&(i, j, from_block)| {
            let label = match (m.key[i], m.key[j]) {
                (Some(x), Some(y)) if from_block && x == y => Some(true),
                (Some(x), Some(y)) if !from_block && x != y => Some(false),
                _ => None,
            };
            (m.compare(i, j), label)
        })
        .collect()
}

/// Union–find over row indices.
struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index becomes the root: deterministic whatever the order.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// The columns of the cases table that matching reads: all that a clusters-only run
/// reads of it.
const MATCH_COLUMNS: [&str; 20] = [
    "source_file",
    "source_sheet",
    "source_row",
    "case_key",
    "case_no_raw",
    "year",
    "court_code",
    "type_code",
    "respondents",
    "applicants",
    "cause",
    "basis_key",
    "claim_fen",
    "filed_on",
    "closed_on",
    "case_kind",
    "case_category",
    // A row's closure breaks ties between series cases (`Matcher::closure_level`).
    "status",
    "closure_method",
    "exported_on",
];

/// The tables a full dedup writes besides clusters: removed by a clusters-only run, so
/// that no later stage reads a case table that no longer matches the clusters.
const CASE_TABLES: [&str; 2] = ["cases_dedup.parquet", "conflicts.parquet"];

/// Reads `RUN/parquet/cases.parquet`, writes clusters, cases_dedup and conflicts (only
/// clusters with `cfg.clusters_only`).
pub fn dedup_run(run: &Path, cfg: &DedupConfig) -> Result<DedupReport> {
    crate::pipeline::unfinished::require_finished(run, "dedup", &["ingest"])?;
    let pq = run.join("parquet");
    let input = pq.join("cases.parquet");
    let mut t = Instant::now();
    let mut cases = if cfg.clusters_only {
        for name in CASE_TABLES {
            let stale = pq.join(name);
            if stale.exists() {
                std::fs::remove_file(&stale).map_err(|e| Error::output(&stale, e))?;
            }
        }
        crate::ingest::read_parquet_columns(&input, &MATCH_COLUMNS)?
    } else {
        crate::ingest::read_parquet(&input)?
    };
    // One chunk per column (the file has a row group per few hundred thousand rows): every
    // later step reads values by index, and a gather from one chunk shares the strings
    // instead of copying them. Rechunking in place frees each column's old chunks at once.
    cases.rechunk_mut_par();
    timing("read cases.parquet", &mut t);
    // The classification, census and report of the run were made from the cases this
    // dedup replaces (before `--add` linked a new export, or with other settings): left in
    // place, they would be reported as the cases of the new clusters.
    let removed = crate::pipeline::remove_outputs_after(run, crate::pipeline::Stage::Dedup)?;
    // Each table is written as soon as it is complete, while the next is computed.
    let write = |name: &str, df: &mut DataFrame| write_output(&pq.join(name), df);
    let (_, _, _, mut report) = stage(&cases, cfg, &write)?;
    write_summary(&run.join("dedup.json"), cfg, &report)?;
    report.removed = removed;
    Ok(report)
}

/// Writes an output table as Parquet, atomically, with the settings of every stage
/// ([`crate::parquet`]: zstd level 1, columns encoded in parallel).
fn write_output(path: &Path, df: &mut DataFrame) -> Result<()> {
    crate::parquet::write_parquet(path, df)
}

/// `RUN/dedup.json`: the weights used (so every score can be recomputed by hand) and the
/// counts of the stage.
fn write_summary(path: &Path, cfg: &DedupConfig, r: &DedupReport) -> Result<()> {
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .enumerate()
        .map(|(f, name)| {
            let levels: Vec<serde_json::Value> = cfg.level_names[f]
                .iter()
                .enumerate()
                .map(|(l, level)| {
                    let (m, u) = (r.weights.m[f][l], r.weights.u[f][l]);
                    serde_json::json!({
                        "level": level,
                        "m": m,
                        "u": u,
                        "weight_log2": (m / u).log2(),
                    })
                })
                .collect();
            serde_json::json!({ "field": name, "label": compare::FIELD_LABELS[f], "levels": levels })
        })
        .collect();
    let summary = serde_json::json!({
        "stage": "dedup",
        "version": env!("CARGO_PKG_VERSION"),
        "threshold": cfg.threshold,
        "estimate": format!("{:?}", cfg.estimate).to_lowercase(),
        "match_share": if r.lambda.is_finite() { serde_json::json!(r.lambda) } else { serde_json::Value::Null },
        "fields": fields,
        "rows": r.rows,
        "cases": r.cases,
        "rows_joined_by_key": r.exact_rows,
        "rows_placed_by_fuzzy_match": r.fuzzy_linked,
        "rows_without_match": r.unplaced,
        "rows_linked_among_rows_without_key": r.unkeyed_linked,
        "clusters_only": r.clusters_only,
        // Not looked for in a clusters-only run: null, not zero.
        "lineage_links": (!r.clusters_only).then_some(r.lineage_links),
        "conflicts": (!r.clusters_only).then_some(r.conflicts),
        "oversized_blocks": r.oversized.len(),
        // The largest ones (a list of thousands would help nobody: raise max_block).
        "oversized": r.oversized.iter().take(OVERSIZED_LISTED).map(|o| serde_json::json!({
            "block": o.by,
            "value": o.value,
            "rows": o.rows,
            "rows_without_key": o.rows_without_key,
        })).collect::<Vec<_>>(),
        "rows_without_key_only_in_oversized_blocks": r.stranded,
        // A 案号 typed for another case in one export: the rows kept, the rows set aside.
        "case_numbers_of_two_cases": r.shared_keys.iter().map(|k| serde_json::json!({
            "case_key": k.case_key,
            "kept_rows": k.kept_rows,
            "kept": k.kept,
            "set_aside_rows": k.set_aside_rows,
            "set_aside": k.set_aside,
            "filed_days_apart": k.days_apart,
        })).collect::<Vec<_>>(),
        // Rows placed on one of several cases that scored the same and agreed in closure
        // (series cases of one status): the rows to check.
        "rows_placed_among_tied_cases": r.tied.len(),
        "tied_placements": r.tied.iter().take(TIED_LISTED).map(|t| serde_json::json!({
            "row": t.row,
            "case_key": t.case_key,
            "tied_with": t.tied_with,
        })).collect::<Vec<_>>(),
        // Dates of undated exports too far after the export's other rows' dates to rank it
        // (a mistyped year): the rows to check.
        "dates_not_ranking_undated_exports": r.unranking_dates,
    });
    crate::ingest::write_manifest(path, &summary)
}

/// How many oversized blocks dedup.json lists.
const OVERSIZED_LISTED: usize = 200;

/// How many tied placements dedup.json lists (all are counted).
const TIED_LISTED: usize = 200;

/// How a source row was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Single,
    ExactKey,
    Fuzzy,
    FuzzyUnkeyed,
}

impl Rule {
    fn as_str(self) -> &'static str {
        match self {
            Rule::Single => "single",
            Rule::ExactKey => "exact_key",
            Rule::Fuzzy => "fuzzy",
            Rule::FuzzyUnkeyed => "fuzzy_unkeyed",
        }
    }
}

/// Score, explanation and partner of a row placed by fuzzy matching.
struct Link {
    score: f64,
    explanation: String,
    to: usize,
}

/// Where each source row came from, as the label `file|sheet|row` that `linked_to`,
/// `source_rows` and `conflicts` show. Every row's label is written once into one buffer
/// (a million labels would otherwise be a million small strings, built more than once).
struct Sources {
    text: String,
    /// Label `k` is `text[end[k - 1]..end[k]]` (from 0 for the first); `k` is the row,
    /// or its place in `index` when only some rows have labels.
    end: Vec<usize>,
    index: Option<PlHashMap<usize, usize>>,
}

impl Sources {
    fn new(df: &DataFrame) -> Result<Sources> {
        let file = strs(df, "source_file")?;
        let sheet = strs(df, "source_sheet")?;
        let row = i64s(df, "source_row")?;
        const CHUNK: usize = 1 << 16;
        let parts: Vec<(String, Vec<usize>)> = (0..df.height())
            .step_by(CHUNK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|from| {
                let to = (from + CHUNK).min(df.height());
                let mut text = String::with_capacity((to - from) * 40);
                let mut end = Vec::with_capacity(to - from);
                for i in from..to {
                    write_label(&mut text, file[i], sheet[i], row[i]);
                    end.push(text.len());
                }
                (text, end)
            })
            .collect();
        let mut text = String::with_capacity(parts.iter().map(|(t, _)| t.len()).sum());
        let mut end = Vec::with_capacity(df.height());
        for (t, e) in parts {
            let base = text.len();
            text.push_str(&t);
            end.extend(e.into_iter().map(|x| x + base));
        }
        Ok(Sources {
            text,
            end,
            index: None,
        })
    }

    /// The labels of the given rows only.
    fn of_rows(df: &DataFrame, rows: impl Iterator<Item = usize>) -> Result<Sources> {
        let file = column(df, "source_file")?
            .str()
            .map_err(|e| Error::polars("cases table: column source_file", e))?;
        let sheet = column(df, "source_sheet")?
            .str()
            .map_err(|e| Error::polars("cases table: column source_sheet", e))?;
        let row = column(df, "source_row")?
            .i64()
            .map_err(|e| Error::polars("cases table: column source_row", e))?;
        let mut index = PlHashMap::default();
        let (mut text, mut end) = (String::new(), Vec::new());
        for i in rows {
            if index.contains_key(&i) {
                continue;
            }
            write_label(&mut text, file.get(i), sheet.get(i), row.get(i));
            index.insert(i, end.len());
            end.push(text.len());
        }
        Ok(Sources {
            text,
            end,
            index: Some(index),
        })
    }

    /// Row `i`'s label (empty for a row whose label was not made).
    fn label(&self, i: usize) -> &str {
        let k = match &self.index {
            Some(index) => match index.get(&i) {
                Some(&k) => k,
                None => return "",
            },
            None => i,
        };
        let from = if k == 0 { 0 } else { self.end[k - 1] };
        &self.text[from..self.end[k]]
    }
}

/// Appends a source row's label, `file|sheet|row`.
fn write_label(text: &mut String, file: Option<&str>, sheet: Option<&str>, row: Option<i64>) {
    use std::fmt::Write;
    let _ = write!(
        text,
        "{}|{}|{}",
        file.unwrap_or(""),
        sheet.unwrap_or(""),
        row.unwrap_or(0)
    );
}

/// The clusters in output order (by id), each with its rows in input order.
struct Groups<'a> {
    ids: Vec<&'a str>,
    /// Cluster `g` holds `members[start[g]..start[g + 1]]`.
    start: Vec<u32>,
    members: Vec<u32>,
}

impl<'a> Groups<'a> {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn members(&self, g: usize) -> &[u32] {
        &self.members[self.start[g] as usize..self.start[g + 1] as usize]
    }

    /// The same clusters without the rows of `out` (sorted): a case that keeps only some
    /// of its rows' facts ([`shared_key`]).
    fn without(&self, out: &[u32]) -> Groups<'a> {
        let mut start = Vec::with_capacity(self.start.len());
        let mut members = Vec::with_capacity(self.members.len());
        start.push(0);
        for g in 0..self.len() {
            members.extend(
                self.members(g)
                    .iter()
                    .filter(|i| out.binary_search(i).is_err()),
            );
            start.push(members.len() as u32);
        }
        Groups {
            ids: self.ids.clone(),
            start,
            members,
        }
    }
}

/// The whole stage on a cases frame: (clusters, cases_dedup, conflicts, report).
pub fn dedup_frame(
    cases: &DataFrame,
    cfg: &DedupConfig,
) -> Result<(DataFrame, DataFrame, DataFrame, DedupReport)> {
    stage(cases, cfg, &|_, _| Ok(()))
}

/// Something done with a finished table (its file name and frame) while the stage goes on.
type Emit<'e> = dyn Fn(&str, &mut DataFrame) -> Result<()> + Sync + 'e;

/// [`dedup_frame`], handing clusters and conflicts to `emit` as soon as each is complete.
fn stage(
    cases: &DataFrame,
    cfg: &DedupConfig,
    emit: &Emit,
) -> Result<(DataFrame, DataFrame, DataFrame, DedupReport)> {
    let mut t = Instant::now();
    let n = cases.height();
    let resp_col = ListCol::new(column(cases, "respondents")?)?;
    let appl_col = ListCol::new(column(cases, "applicants")?)?;
    // The exact key's groups are found while the names are interned.
    let (m, first_with_key) = rayon::join(
        || Matcher::new(cases, &resp_col, &appl_col),
        || -> Result<Vec<u32>> {
            let mut by_key: PlHashMap<&str, u32> =
                PlHashMap::with_capacity_and_hasher(n, Default::default());
            Ok(strs(cases, "case_key")?
                .into_iter()
                .enumerate()
                .map(|(i, k)| k.map_or(NONE, |k| *by_key.entry(k).or_insert(i as u32)))
                .collect())
        },
    );
    let (m, first_with_key) = (m?, first_with_key?);
    timing("fields, names and keys", &mut t);

    let mut dsu = Dsu::new(n);
    let mut rule = vec![Rule::Single; n];
    let mut links: PlHashMap<usize, Link> = PlHashMap::default();

    // 1. Exact key: each row joins the first row with its key.
    let mut exact_rows = 0;
    for (i, &first) in first_with_key.iter().enumerate() {
        let first = first as usize;
        if first != NONE as usize && first != i {
            dsu.union(first, i);
            rule[i] = Rule::ExactKey;
            rule[first] = Rule::ExactKey;
            exact_rows += 1;
        }
    }
    drop(first_with_key);
    timing("exact key", &mut t);

    // 2. Blocks over all rows; candidate pairs of each unkeyed row: every row sharing a
    // block with it.
    let blocks = blocks(&m, cfg.max_block);
    let (oversized, stranded) = oversized_blocks(&blocks, &m);
    // m/u: from a sample of within-block pairs (labelled by their keys, or by EM), or
    // as configured.
    let (weights, lambda) = match cfg.estimate {
        _ if cfg.fixed_weights.is_some() => (
            cfg.fixed_weights
                .clone()
                .unwrap_or_else(|| cfg.weights.clone()),
            f64::NAN,
        ),
        Estimate::Fixed => (cfg.weights.clone(), f64::NAN),
        Estimate::Labelled | Estimate::Em => {
            let sample = sample_pairs(&blocks, &m);
            if cfg.estimate == Estimate::Em {
                let levels: Vec<Levels> = sample.iter().map(|(l, _)| *l).collect();
                cfg.weights.estimate(&levels, cfg.em_iterations)
            } else {
                let labelled: Vec<(Levels, bool)> = sample
                    .into_iter()
                    .filter_map(|(l, keys)| keys.map(|same| (l, same)))
                    .collect();
                (cfg.weights.estimate_labelled(&labelled, 50.0), f64::NAN)
            }
        }
    };
    timing("weights", &mut t);

    // Each unkeyed row joins the best-scoring keyed row above the threshold. The score is
    // `Weights::score` with each field's log2(m/u) looked up, not recomputed per pair.
    let table: Vec<Vec<f64>> = weights
        .m
        .iter()
        .zip(&weights.u)
        .map(|(m, u)| m.iter().zip(u).map(|(m, u)| (m / u).log2()).collect())
        .collect();
    let score = |levels: &Levels| -> f64 {
        levels
            .iter()
            .enumerate()
            .filter_map(|(f, l)| l.map(|l| table[f][l as usize]))
            .sum()
    };
    // The visible year, court and type of a masked 案号 (2025浙0603执恢) are facts: a row
    // whose own are others (2024浙0603执, the case it resumes) is another case, however
    // alike its parties, cause and basis (a 执恢 case repeats its original's).
    const CASE_NO: usize = 6;
    let contradicts = |l: &Levels| l[CASE_NO] == Some(1);
    // Each unkeyed row's candidates (every row sharing a block with it) are compared and
    // scored on the thread pool, and only what placement uses is kept: the keyed matches
    // over the threshold, best first, and the unkeyed rows above it that score over the
    // threshold (linked among themselves below when no keyed case takes them). Keeping
    // every compared pair would cost memory in the rows times the block size (gigabytes
    // for a large export without case numbers). A row of the same export is no candidate
    // (a list names each case once: [`Matcher::same_export_apart`]), and neither is a
    // keyed case that export lists under its own 案号 elsewhere (the row would be that
    // case listed twice, under a number and without one).
    //
    // Series cases (系列案) tie: their rows are equal in every field compared, so a masked
    // row scores exactly alike against each. The tie is broken by the closure the row
    // states ([`Matcher::closure_level`]) against the case's, taken as the worst over the
    // case's rows in the row's blocks (a case another export shows closed is closed, however
    // an older export showed it), and not by the order of the rows.
    let unkeyed: Vec<usize> = (0..n).filter(|&i| m.key[i].is_none()).collect();
    /// A candidate: its row, score, comparison vector and closure level.
    type Match = (usize, f64, Levels, u8);
    let placed: Vec<(Vec<Match>, Vec<Match>)> = unkeyed
        .par_iter()
        .map(|&u| {
            let mut keyed: Vec<Match> = Vec::new();
            let mut among_unkeyed: Vec<Match> = Vec::new();
            let mut own_keys: Vec<&str> = Vec::new();
            // Each candidate case's rows' closure levels (by key): the case's is the worst.
            let mut closure_of_case: Vec<(&str, u8)> = Vec::new();
            for j in candidates(&blocks, u) {
                let j = j as usize;
                if m.same_export_apart(u, j) {
                    own_keys.extend(m.key[j]);
                    continue;
                }
                let c = m.closure_level(u, j);
                if let Some(k) = m.key[j] {
                    closure_of_case.push((k, c));
                }
                let l = m.compare(u, j);
                if contradicts(&l)
                    || m.other_kind(u, j)
                    || m.other_court(u, j)
                    || m.other_basis(u, j)
                    || m.filed_after_closure(u, j)
                {
                    continue;
                }
                let s = score(&l);
                if s < cfg.threshold {
                    continue;
                }
                if m.key[j].is_some() {
                    keyed.push((j, s, l, c));
                } else if j < u {
                    among_unkeyed.push((j, s, l, c));
                }
            }
            keyed.retain(|(j, _, _, _)| m.key[*j].is_none_or(|k| !own_keys.contains(&k)));
            // Sorted by key, the worst level of each case first: a block holds up to
            // `max_block` rows, too many for a search through the list per candidate.
            closure_of_case.sort_unstable_by(|(ka, ca), (kb, cb)| ka.cmp(kb).then(cb.cmp(ca)));
            for (j, _, _, c) in &mut keyed {
                let k = m.key[*j].unwrap_or_default();
                let at = closure_of_case.partition_point(|(key, _)| *key < k);
                if let Some((key, worst)) = closure_of_case.get(at) {
                    if *key == k {
                        *c = *worst;
                    }
                }
            }
            // Best first: by score, then the closure that agrees best, then the later row
            // (as `max_by` on (score, row)).
            keyed.sort_by(|(ja, sa, _, ca), (jb, sb, _, cb)| {
                sb.total_cmp(sa).then(ca.cmp(cb)).then(jb.cmp(ja))
            });
            // Among rows without a key too (the first that is not apart is taken).
            among_unkeyed.sort_by(|(ja, sa, _, ca), (jb, sb, _, cb)| {
                sb.total_cmp(sa).then(ca.cmp(cb)).then(ja.cmp(jb))
            });
            (keyed, among_unkeyed)
        })
        .collect();
    drop(blocks);
    timing("blocks, candidate pairs and scores", &mut t);
    // Each unkeyed row joins its best keyed case that holds no other row of its export
    // (two rows of one list are two cases, also when both match a third export's case):
    // the pairs are taken best first over all rows, so of two series rows the one that
    // matches the case better takes it, and the other its next best case, if any; of
    // equal scores, the pair whose closures agree best goes first, so that of two series
    // rows the pending one takes the pending case whatever the order of the rows.
    let mut fuzzy_linked = 0;
    let mut order: Vec<(usize, usize)> = placed
        .iter()
        .enumerate()
        .flat_map(|(ui, (keyed, _))| (0..keyed.len()).map(move |k| (ui, k)))
        .collect();
    order.sort_by(|&(ua, ka), &(ub, kb)| {
        let (a, b) = (&placed[ua].0[ka], &placed[ub].0[kb]);
        b.1.total_cmp(&a.1)
            .then(a.3.cmp(&b.3))
            .then(ua.cmp(&ub))
            .then(ka.cmp(&kb))
    });
    let mut taken = vec![false; unkeyed.len()];
    // Rows placed on one of several cases that nothing told apart: (row, case row, the
    // other cases' keys).
    let mut ambiguous: Vec<(usize, usize, Vec<String>)> = Vec::new();
    // The rows each keyed case has taken so far, by its key.
    let mut joined: PlHashMap<&str, Vec<usize>> = PlHashMap::default();
    for (ui, k) in order {
        if taken[ui] {
            continue;
        }
        let u = unkeyed[ui];
        let (j, s, l, c) = &placed[ui].0[k];
        let rows = joined.entry(m.key[*j].unwrap_or_default()).or_default();
        if rows.iter().any(|&r| m.same_export_apart(u, r)) {
            continue;
        }
        rows.push(u);
        taken[ui] = true;
        dsu.union(*j, u);
        fuzzy_linked += 1;
        rule[u] = Rule::Fuzzy;
        // Another case that scores the same and whose closure agrees as well: nothing the
        // row states tells which of the two it is (series cases of one status). The row is
        // placed all the same (left a case of its own it would count one case twice), by
        // the order above, and reported so that the statistician can check it.
        let tied: Vec<&str> = placed[ui]
            .0
            .iter()
            .filter(|(o, so, _, co)| m.key[*o] != m.key[*j] && so.total_cmp(s).is_eq() && co == c)
            .filter_map(|(o, _, _, _)| m.key[*o])
            .fold(Vec::new(), |mut keys, k| {
                if !keys.contains(&k) {
                    keys.push(k);
                }
                keys
            });
        let mut explanation = compare::explain(l, &cfg.level_names);
        if !tied.is_empty() {
            explanation.push_str(&format!("; 同分候选案件={}", tied.join("、")));
            ambiguous.push((u, *j, tied.iter().map(|k| k.to_string()).collect()));
        }
        links.insert(
            u,
            Link {
                score: *s,
                explanation,
                to: *j,
            },
        );
    }
    drop(joined);
    let leftover: Vec<usize> = (0..unkeyed.len()).filter(|&ui| !taken[ui]).collect();
    // Rows placed with no keyed case: linked among themselves, never two rows of one
    // export into one case (through a third row of another export).
    let mut members: PlHashMap<usize, Vec<usize>> = leftover
        .iter()
        .map(|&ui| (unkeyed[ui], vec![unkeyed[ui]]))
        .collect();
    for &ui in &leftover {
        let u = unkeyed[ui];
        for (j, s, l, _) in &placed[ui].1 {
            if !members.contains_key(&dsu.find(*j)) {
                continue;
            }
            let (ru, rj) = (dsu.find(u), dsu.find(*j));
            if ru == rj {
                continue;
            }
            let apart = members[&ru]
                .iter()
                .any(|&a| members[&rj].iter().any(|&b| m.same_export_apart(a, b)));
            if apart {
                continue;
            }
            dsu.union(*j, u);
            let root = dsu.find(u);
            let mut rows = members.remove(&ru).unwrap_or_default();
            rows.extend(members.remove(&rj).unwrap_or_default());
            members.insert(root, rows);
            if rule[u] == Rule::Single {
                rule[u] = Rule::FuzzyUnkeyed;
                links.insert(
                    u,
                    Link {
                        score: *s,
                        explanation: compare::explain(l, &cfg.level_names),
                        to: *j,
                    },
                );
            }
        }
    }
    drop(members);
    drop(placed);
    timing("placement", &mut t);

    // Clusters: members in input order, id from the key (a cluster holds at most one key)
    // or the first member's source; ordered by id.
    let roots: Vec<usize> = (0..n).map(|i| dsu.find(i)).collect();
    drop(dsu);
    let mut first_member = vec![usize::MAX; n];
    let mut cluster_key: Vec<Option<&str>> = vec![None; n];
    let mut size = vec![0u32; n];
    for (i, &r) in roots.iter().enumerate() {
        if first_member[r] == usize::MAX {
            first_member[r] = i;
        }
        if cluster_key[r].is_none() {
            cluster_key[r] = m.key[i];
        }
        size[r] += 1;
    }
    let cluster_roots: Vec<usize> = (0..n).filter(|&i| roots[i] == i).collect();
    // A clusters-only run shows the labels of a few thousand rows (link targets, the
    // first rows of clusters without a key), not of all of them.
    let sources = if cfg.clusters_only {
        let shown = links
            .values()
            .map(|l| l.to)
            .chain(ambiguous.iter().map(|(u, _, _)| *u))
            .chain(
                cluster_roots
                    .iter()
                    .filter(|&&r| cluster_key[r].is_none())
                    .map(|&r| first_member[r]),
            );
        Sources::of_rows(cases, shown)?
    } else {
        Sources::new(cases)?
    };
    let row_ids: PlHashMap<usize, String> = cluster_roots
        .iter()
        .filter(|&&r| cluster_key[r].is_none())
        .map(|&r| (r, format!("row:{}", sources.label(first_member[r]))))
        .collect();
    let id_of = |r: usize| -> &str { cluster_key[r].unwrap_or_else(|| row_ids[&r].as_str()) };
    let mut tied: Vec<TiedPlacement> = ambiguous
        .into_iter()
        .map(|(u, j, tied_with)| TiedPlacement {
            row: sources.label(u).to_string(),
            case_key: m.key[j].unwrap_or_default().to_string(),
            tied_with,
        })
        .collect();
    tied.sort_by(|a, b| a.row.cmp(&b.row));
    let unkeyed_linked = cluster_roots
        .iter()
        .filter(|&&r| size[r] > 1 && cluster_key[r].is_none())
        .map(|&r| size[r] as usize)
        .sum();
    let unplaced = cluster_roots
        .iter()
        .filter(|&&r| size[r] == 1 && cluster_key[r].is_none())
        .count();
    let n_clusters = cluster_roots.len();
    timing("clusters", &mut t);

    // clusters.parquet: one row per source row; the source and key columns as they are.
    let pick = |name: &str| -> Result<Column> { Ok(column(cases, name)?.clone()) };
    // The few fuzzy links, spread out by row (not a hash lookup for every row).
    let mut score: Vec<Option<f64>> = vec![None; n];
    let mut linked_to: Vec<Option<&str>> = vec![None; n];
    let mut comparisons: Vec<Option<&str>> = vec![None; n];
    for (&i, l) in &links {
        score[i] = Some(l.score);
        linked_to[i] = Some(sources.label(l.to));
        comparisons[i] = Some(l.explanation.as_str());
    }
    let mut clusters = DataFrame::new(
        n,
        vec![
            pick("source_file")?,
            pick("source_sheet")?,
            pick("source_row")?,
            pick("case_key")?,
            Column::new(
                "cluster_id".into(),
                roots.iter().map(|&r| id_of(r)).collect::<Vec<&str>>(),
            ),
            Column::new(
                "match_rule".into(),
                rule.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("match_score".into(), score),
            Column::new("linked_to".into(), linked_to),
            Column::new("comparisons".into(), comparisons),
        ],
    )
    .map_err(|e| Error::polars("assembling clusters", e))?;
    timing("clusters table", &mut t);

    if cfg.clusters_only {
        emit("clusters.parquet", &mut clusters)?;
        timing("writing clusters", &mut t);
        let report = DedupReport {
            rows: n,
            cases: n_clusters,
            exact_rows,
            fuzzy_linked,
            unplaced,
            unkeyed_linked,
            lineage_links: 0,
            conflicts: 0,
            oversized,
            stranded,
            lambda,
            weights,
            clusters_only: true,
            removed: Vec::new(),
            shared_keys: Vec::new(),
            tied,
            unranking_dates: Vec::new(),
            unranking_exports: Vec::new(),
        };
        return Ok((clusters, DataFrame::empty(), DataFrame::empty(), report));
    }
    // The clusters in output order with their members, for survivorship (a clusters-only
    // run needs neither).
    let groups = {
        let mut order = cluster_roots;
        order.par_sort_unstable_by(|&a, &b| id_of(a).cmp(id_of(b)).then(a.cmp(&b)));
        let mut rank = vec![NONE; n];
        let mut start = Vec::with_capacity(order.len() + 1);
        start.push(0u32);
        for (g, &r) in order.iter().enumerate() {
            rank[r] = g as u32;
            start.push(start[g] + size[r]);
        }
        let mut fill: Vec<u32> = start[..order.len()].to_vec();
        let mut members = vec![0u32; n];
        for (i, &r) in roots.iter().enumerate() {
            let f = &mut fill[rank[r] as usize];
            members[*f as usize] = i as u32;
            *f += 1;
        }
        Groups {
            ids: order.iter().map(|&r| id_of(r)).collect(),
            start,
            members,
        }
    };
    timing("clusters in output order", &mut t);
    // A 案号 typed for another case in one export: the case keeps one side's rows.
    let shared = shared_key::shared_keys(cases, &groups, &sources, cfg.shared_key_filed_days)?;
    let mut set_aside: Vec<u32> = shared.iter().flat_map(|(_, r, _)| r.clone()).collect();
    set_aside.sort_unstable();
    let groups = if set_aside.is_empty() {
        groups
    } else {
        groups.without(&set_aside)
    };

    // cases_dedup.parquet: survivorship per field over each cluster's members, while
    // clusters.parquet is written; then lineage and writing cases_dedup, while the conflicts
    // table is assembled and written.
    let (emitted, rest) = rayon::join(
        || emit("clusters.parquet", &mut clusters),
        || -> Result<_> {
            let (dedup, found) = survive::survive(cases, &groups, cfg, &sources)?;
            let unranking = (
                found.unranking_dates.clone(),
                found.unranking_exports.clone(),
            );
            timing("survivorship", &mut t);
            let (dedup, conflicts) = rayon::join(
                || -> Result<_> {
                    let (mut dedup, lineage_links) = survive::link_lineage(dedup)?;
                    emit("cases_dedup.parquet", &mut dedup)?;
                    Ok((dedup, lineage_links))
                },
                || -> Result<DataFrame> {
                    let mut conflicts = survive::conflict_table(&found, &groups, &sources)?;
                    if !shared.is_empty() {
                        conflicts = shared_key::with_conflicts(conflicts, &shared)?;
                    }
                    emit("conflicts.parquet", &mut conflicts)?;
                    Ok(conflicts)
                },
            );
            let ((dedup, lineage_links), conflicts) = (dedup?, conflicts?);
            timing(
                "lineage, conflicts (and writing clusters, conflicts, cases_dedup)",
                &mut t,
            );
            Ok((dedup, conflicts, lineage_links, unranking))
        },
    );
    emitted?;
    let (dedup, conflicts, lineage_links, (unranking_dates, unranking_exports)) = rest?;

    let report = DedupReport {
        rows: n,
        cases: dedup.height(),
        exact_rows,
        fuzzy_linked,
        unplaced,
        unkeyed_linked,
        lineage_links,
        conflicts: conflicts.height(),
        oversized,
        stranded,
        lambda,
        weights,
        clusters_only: false,
        removed: Vec::new(),
        shared_keys: shared.into_iter().map(|(_, _, k)| k).collect(),
        tied,
        unranking_dates,
        unranking_exports,
    };
    Ok((clusters, dedup, conflicts, report))
}

/// Settings file path resolution for the CLI.
pub fn config_path(rules_dir: Option<&Path>) -> Option<PathBuf> {
    rules_dir
        .map(|d| d.join("dedup.toml"))
        .filter(|p| p.exists())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// t-conflicts-same-checked-late: a misspelt field of [conflicts.same] stopped the run
    /// only after ingest and matching, naming no path; it is refused when the file loads,
    /// with its origin and the line of the key, and so is a field that is no text.
    #[test]
    fn a_conflicts_same_field_is_checked_when_the_file_loads() {
        let built_in = super::DEDUP_TOML;
        let from = "[conflicts.same]\ncase_category";
        let line = 2 + built_in[..built_in.find(from).expect(from)]
            .matches('\n')
            .count();
        for (to, says) in [
            (
                "[conflicts.same]\ncase_categry",
                "\"case_categry\", which is not a text field",
            ),
            (
                "[conflicts.same]\nhas_assets",
                "\"has_assets\", which is not a text field",
            ),
        ] {
            let text = built_in.replacen(from, to, 1);
            let e = super::DedupConfig::from_toml(&text, "/r/dedup.toml").expect_err(to);
            assert_eq!(e.exit_code(), 2);
            let e = e.to_string();
            assert!(
                e.starts_with(&format!(
                    "/r/dedup.toml: line {line}: [conflicts.same] names"
                )) && e.contains(says)
                    && e.contains("case_category"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_survivorship_field_that_cannot_apply_is_refused() {
        let built_in = super::DEDUP_TOML;
        for (from, to, says) in [
            (
                "\"officer\", \"team\"",
                "\"oficer\", \"team\"",
                "unknown field \"oficer\"",
            ),
            (
                "largest = [\"recovered_fen\"",
                "largest = [\"recovered_fen\", \"court_name\"",
                "numbers and dates",
            ),
            (
                "any_true = [\"case_no_valid\", \"non_litigation\"",
                "any_true = [\"has_assets\", \"case_no_valid\", \"non_litigation\"",
                "in both newest and any_true",
            ),
            // A typo in a probability (0.09 for 0.90) no longer scales the field's weights.
            (
                "m = [0.70, 0.25, 0.03, 0.02]",
                "m = [0.07, 0.25, 0.03, 0.02]",
                "[levels.claim] m = [0.07, 0.25, 0.03, 0.02] sums to 0.3700, not 1",
            ),
            (
                "u = [0.005, 0.03, 0.2, 0.765]",
                "u = [0.005, 0.03, 0.2, 0.0765]",
                "[levels.filed] u",
            ),
            // A block of fewer than two rows compares nothing.
            (
                "max_block = 2000",
                "max_block = 0",
                "max_block = 0 compares no pair",
            ),
            ("max_block = 2000", "max_block = 1", "at least 2"),
        ] {
            assert!(built_in.contains(from), "{from}");
            let e = super::DedupConfig::from_toml(&built_in.replacen(from, to, 1), "dedup.toml")
                .expect_err(to)
                .to_string();
            assert!(e.contains("dedup.toml") && e.contains(says), "{e}");
        }
        super::DedupConfig::from_toml(built_in, "dedup.toml").expect("built-in");
    }

    use super::{chars_one_apart, pack_name, packed_one_apart};

    proptest! {
        /// Packed or not, two names of as many characters are one apart alike.
        #[test]
        fn packed_names_compare_as_their_characters(
            (a, b) in (1usize..=5).prop_flat_map(|n| {
                let name = proptest::collection::vec(
                    proptest::sample::select(vec!['张', '王', '李', '赵', 'a', 'b', '𠀀']),
                    n,
                );
                (name.clone(), name)
            }),
        ) {
            let (a, b): (String, String) = (a.into_iter().collect(), b.into_iter().collect());
            if let (Some(p), Some(q)) = (pack_name(&a), pack_name(&b)) {
                prop_assert_eq!(packed_one_apart(p, q), chars_one_apart(&a, &b));
            } else {
                // Five characters, or one outside the Basic Multilingual Plane.
                prop_assert!(a.chars().count() > 4 || a.contains('𠀀') || b.contains('𠀀'));
            }
        }
    }

    #[test]
    fn names_pack_up_to_four_bmp_characters() {
        assert!(pack_name("张三").is_some());
        assert!(pack_name("欧阳娜娜").is_some());
        assert!(pack_name("买买提·艾").is_none());
        assert!(pack_name("𠀀一").is_none());
        assert!(packed_one_apart(
            pack_name("张三").unwrap_or(0),
            pack_name("张山").unwrap_or(0)
        ));
        assert!(!packed_one_apart(
            pack_name("张三").unwrap_or(0),
            pack_name("李山").unwrap_or(0)
        ));
    }
}
