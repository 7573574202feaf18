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
//!    threshold; rows that join none are linked among themselves the same way.
//! 3. **Lineage.** A 执恢 case stays its own case, linked to the 执 case it resumes
//!    (`origin_case_key`): from the export's origin column, else from the same basis
//!    document and respondent among earlier cases closed by 终本/终结 or suspended.
//! 4. **Survivorship.** Where the rows of a case disagree, a written rule picks the value
//!    (`pipelines/rules/dedup.toml`), and every disagreement is listed in `conflicts`.

pub mod add;
pub mod compare;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;
use serde::Deserialize;

use compare::{Levels, Weights, FIELDS};

use crate::ingest::write_parquet;
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
    largest: Vec<String>,
    longest: Vec<String>,
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
    pub largest: Vec<String>,
    pub longest: Vec<String>,
    /// Weights to use as they are, skipping estimation (incremental linking reuses the
    /// weights of the run it adds to, so old links are judged by the same scale).
    pub fixed_weights: Option<Weights>,
}

impl DedupConfig {
    /// The built-in settings, or those of `path` (a dedup.toml).
    pub fn load(path: Option<&Path>) -> Result<DedupConfig> {
        let (text, origin) = match path {
            Some(p) => (
                std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
                p.display().to_string(),
            ),
            None => (DEDUP_TOML.to_string(), "(built-in) dedup.toml".to_string()),
        };
        Self::from_toml(&text, &origin)
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<DedupConfig> {
        let f: DedupFile =
            toml::from_str(text).map_err(|e| Error::Usage(format!("{origin}: {e}")))?;
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
        Ok(DedupConfig {
            max_block: f.max_block.max(2),
            threshold: f.threshold,
            estimate,
            em_iterations: f.em_iterations,
            weights: Weights { m, u },
            level_names: names,
            newest: f.survivorship.newest,
            largest: f.survivorship.largest,
            longest: f.survivorship.longest,
            fixed_weights: None,
        })
    }
}

/// The fields of one source row that matching looks at.
#[derive(Debug, Clone, Default)]
struct Rec {
    key: Option<String>,
    /// year, court, type visible in a masked or invalid 案号.
    partial: Option<String>,
    resp: Option<String>,
    resp_py: Option<String>,
    appl: Option<String>,
    appl_py: Option<String>,
    claim: Option<i64>,
    filed: Option<i32>,
    cause: Option<String>,
    basis: Option<String>,
}

/// What `dedup` produced.
#[derive(Debug)]
pub struct DedupReport {
    pub rows: usize,
    pub cases: usize,
    pub exact_rows: usize,
    pub fuzzy_linked: usize,
    pub unplaced: usize,
    pub lineage_links: usize,
    pub conflicts: usize,
    pub oversized_blocks: usize,
    pub lambda: f64,
    pub weights: Weights,
}

fn str_vec(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df
        .column(name)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let ca = c
        .str()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    Ok(ca.iter().map(|s| s.map(String::from)).collect())
}

fn first_of_list(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df
        .column(name)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let ca = c
        .list()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let mut out = Vec::with_capacity(ca.len());
    for s in ca.amortized_iter() {
        out.push(s.and_then(|s| {
            s.as_ref()
                .str()
                .ok()
                .and_then(|x| x.get(0).map(String::from))
        }));
    }
    Ok(out)
}

fn date_vec(df: &DataFrame, name: &str) -> Result<Vec<Option<i32>>> {
    let c = df
        .column(name)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let phys = c
        .cast(&DataType::Int32)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let ca = phys
        .i32()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    Ok(ca.iter().collect())
}

fn i64_vec(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let c = df
        .column(name)
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    let ca = c
        .i64()
        .map_err(|e| Error::polars(format!("cases table: column {name}"), e))?;
    Ok(ca.iter().collect())
}

/// Year, court and type that a masked number still shows (`（2024）浙0603执**号`).
fn partial_case_no(raw: &str) -> Option<String> {
    if !raw
        .chars()
        .any(|c| matches!(c, '*' | '＊' | 'X' | 'x' | '×'))
    {
        return None;
    }
    let unmasked: String = raw
        .chars()
        .map(|c| match c {
            '*' | '＊' | 'X' | 'x' | '×' => '1',
            c => c,
        })
        .collect();
    crate::casenum::parse(&unmasked)
        .ok()
        .map(|c| format!("{}{}{}", c.year, c.court_code, c.type_code))
}

fn records(df: &DataFrame) -> Result<Vec<Rec>> {
    let keys = str_vec(df, "case_key")?;
    let raws = str_vec(df, "case_no_raw")?;
    let resp = first_of_list(df, "respondents")?;
    let appl = first_of_list(df, "applicants")?;
    let claim = i64_vec(df, "claim_fen")?;
    let filed = date_vec(df, "filed_on")?;
    let cause = str_vec(df, "cause")?;
    let basis = str_vec(df, "basis_key")?;
    Ok((0..df.height())
        .into_par_iter()
        .map(|i| {
            let resp_py = resp[i].as_deref().map(compare::pinyin_key);
            let appl_py = appl[i].as_deref().map(compare::pinyin_key);
            Rec {
                key: keys[i].clone(),
                partial: if keys[i].is_none() {
                    raws[i].as_deref().and_then(partial_case_no)
                } else {
                    None
                },
                resp: resp[i].clone(),
                resp_py,
                appl: appl[i].clone(),
                appl_py,
                claim: claim[i],
                filed: filed[i],
                cause: cause[i].clone(),
                basis: basis[i].clone(),
            }
        })
        .collect())
}

/// Compares two records field by field.
fn compare(a: &Rec, b: &Rec, b_partial: Option<&str>) -> Levels {
    let name = |x: &Option<String>,
                xp: &Option<String>,
                y: &Option<String>,
                yp: &Option<String>| match (x, xp, y, yp) {
        (Some(x), Some(xp), Some(y), Some(yp)) => Some(compare::name_level(x, y, xp, yp)),
        _ => None,
    };
    let case_no = match (a.partial.as_deref(), b_partial) {
        (Some(p), Some(q)) => Some(u8::from(p != q)),
        _ => None,
    };
    [
        name(&a.resp, &a.resp_py, &b.resp, &b.resp_py),
        name(&a.appl, &a.appl_py, &b.appl, &b.appl_py),
        a.claim
            .zip(b.claim)
            .map(|(x, y)| compare::claim_level(x, y)),
        a.filed.zip(b.filed).map(|(x, y)| compare::date_level(x, y)),
        a.cause
            .as_ref()
            .zip(b.cause.as_ref())
            .map(|(x, y)| u8::from(x != y)),
        a.basis
            .as_ref()
            .zip(b.basis.as_ref())
            .map(|(x, y)| u8::from(x != y)),
        case_no,
    ]
}

/// Year+court+type of a keyed row, to compare with what a masked number shows.
fn key_partial(
    df_years: &[Option<i32>],
    courts: &[Option<String>],
    types: &[Option<String>],
    i: usize,
) -> Option<String> {
    Some(format!(
        "{}{}{}",
        df_years[i]?,
        courts[i].as_deref()?,
        types[i].as_deref()?
    ))
}

/// Block keys of a record: respondent name, respondent pinyin, filing date.
fn block_keys(r: &Rec) -> Vec<String> {
    let mut k = Vec::with_capacity(3);
    if let Some(n) = &r.resp {
        k.push(format!("n:{n}"));
    }
    if let Some(p) = &r.resp_py {
        k.push(format!("p:{p}"));
    }
    if let Some(d) = r.filed {
        k.push(format!("d:{d}"));
    }
    k
}

/// Pairs sampled for estimating m and u, each with `Some(match?)` when the 案号 keys
/// label it. Matches come from blocks (each row with the next few rows of each of its
/// blocks; same key = match). Non-matches come from pairs drawn across the whole table
/// (different keys), not from blocks: within a date block every pair agrees on the date,
/// which would make the date look worthless as evidence. Both samples are bounded and
/// deterministic whatever the block sizes.
fn sample_pairs(
    blocks: &HashMap<String, Vec<usize>>,
    oversized: &std::collections::HashSet<&str>,
    recs: &[Rec],
    partials: &[Option<String>],
) -> Vec<(Levels, Option<bool>)> {
    const NEIGHBOURS: usize = 3;
    const MAX_PAIRS: usize = 200_000;
    let mut keys: Vec<&String> = blocks
        .keys()
        .filter(|k| !oversized.contains(k.as_str()))
        .collect();
    keys.sort();
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    for k in keys {
        let rows = &blocks[k];
        for (a, &i) in rows.iter().enumerate() {
            for &j in rows.iter().skip(a + 1).take(NEIGHBOURS) {
                pairs.push((i, j, true));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let stride = pairs.len().div_ceil(MAX_PAIRS).max(1);
    let mut chosen: Vec<(usize, usize, bool)> = pairs.into_iter().step_by(stride).collect();
    // Pairs across the table: row i with a row far away, by a fixed multiplicative step.
    let n = recs.len();
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
            let mut a = recs[i].clone();
            a.partial = partials[i].clone();
            let label = match (&recs[i].key, &recs[j].key) {
                (Some(x), Some(y)) if from_block && x == y => Some(true),
                (Some(x), Some(y)) if !from_block && x != y => Some(false),
                _ => None,
            };
            (compare(&a, &recs[j], partials[j].as_deref()), label)
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

/// How each source row was placed.
#[derive(Debug, Clone)]
struct Placement {
    rule: &'static str,
    score: Option<f64>,
    explanation: Option<String>,
    linked_to: Option<usize>,
}

/// Reads `RUN/parquet/cases.parquet`, writes clusters, cases_dedup and conflicts.
pub fn dedup_run(run: &Path, cfg: &DedupConfig) -> Result<DedupReport> {
    let pq = run.join("parquet");
    let input = pq.join("cases.parquet");
    let cases = crate::ingest::read_parquet(&input)?;
    let (mut clusters, mut dedup, mut conflicts, report) = dedup_frame(&cases, cfg)?;
    write_parquet(&pq.join("clusters.parquet"), &mut clusters)?;
    write_parquet(&pq.join("cases_dedup.parquet"), &mut dedup)?;
    write_parquet(&pq.join("conflicts.parquet"), &mut conflicts)?;
    write_summary(&run.join("dedup.json"), cfg, &report)?;
    Ok(report)
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
        "lineage_links": r.lineage_links,
        "conflicts": r.conflicts,
        "oversized_blocks": r.oversized_blocks,
    });
    crate::ingest::write_manifest(path, &summary)
}

/// The whole stage on a cases frame: (clusters, cases_dedup, conflicts, report).
pub fn dedup_frame(
    cases: &DataFrame,
    cfg: &DedupConfig,
) -> Result<(DataFrame, DataFrame, DataFrame, DedupReport)> {
    let n = cases.height();
    let recs = records(cases)?;
    let years: Vec<Option<i32>> = cases
        .column("year")
        .and_then(|c| c.cast(&DataType::Int32))
        .map_err(|e| Error::polars("cases table: column year", e))?
        .i32()
        .map_err(|e| Error::polars("cases table: column year", e))?
        .iter()
        .collect();
    let courts = str_vec(cases, "court_code")?;
    let types = str_vec(cases, "type_code")?;
    let partial_of = |i: usize| -> Option<String> {
        recs[i]
            .partial
            .clone()
            .or_else(|| key_partial(&years, &courts, &types, i))
    };
    let partials: Vec<Option<String>> = (0..n).map(partial_of).collect();

    let mut dsu = Dsu::new(n);
    let mut placement: Vec<Placement> = vec![
        Placement {
            rule: "single",
            score: None,
            explanation: None,
            linked_to: None,
        };
        n
    ];

    // 1. Exact key.
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    let mut exact_rows = 0;
    for (i, r) in recs.iter().enumerate() {
        if let Some(k) = &r.key {
            match by_key.get(k.as_str()) {
                Some(&first) => {
                    dsu.union(first, i);
                    placement[i].rule = "exact_key";
                    placement[first].rule = "exact_key";
                    exact_rows += 1;
                }
                None => {
                    by_key.insert(k.as_str(), i);
                }
            }
        }
    }

    // 2. Blocks over all rows.
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        for k in block_keys(r) {
            blocks.entry(k).or_default().push(i);
        }
    }
    let oversized: std::collections::HashSet<&str> = blocks
        .iter()
        .filter(|(_, v)| v.len() > cfg.max_block)
        .map(|(k, _)| k.as_str())
        .collect();
    let unkeyed: Vec<usize> = (0..n).filter(|&i| recs[i].key.is_none()).collect();

    // Candidate pairs of each unkeyed row: every row sharing a block (deduplicated).
    let candidates: Vec<Vec<(usize, Levels)>> = unkeyed
        .par_iter()
        .map(|&u| {
            let mut seen: Vec<usize> = Vec::new();
            for k in block_keys(&recs[u]) {
                if oversized.contains(k.as_str()) {
                    continue;
                }
                if let Some(rows) = blocks.get(&k) {
                    seen.extend(rows.iter().copied().filter(|&j| j != u));
                }
            }
            seen.sort_unstable();
            seen.dedup();
            seen.into_iter()
                .map(|j| {
                    let mut a = recs[u].clone();
                    a.partial = partials[u].clone();
                    (j, compare(&a, &recs[j], partials[j].as_deref()))
                })
                .collect()
        })
        .collect();

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
            let sample = sample_pairs(&blocks, &oversized, &recs, &partials);
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

    // Each unkeyed row joins the best-scoring keyed row above the threshold.
    let mut fuzzy_linked = 0;
    let mut leftover = Vec::new();
    for (ui, &u) in unkeyed.iter().enumerate() {
        let best = candidates[ui]
            .iter()
            .filter(|(j, _)| recs[*j].key.is_some())
            .map(|(j, l)| (*j, weights.score(l), l))
            .filter(|(_, s, _)| *s >= cfg.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((j, s, l)) => {
                dsu.union(j, u);
                fuzzy_linked += 1;
                placement[u] = Placement {
                    rule: "fuzzy",
                    score: Some(s),
                    explanation: Some(compare::explain(l, &cfg.level_names)),
                    linked_to: Some(j),
                };
            }
            None => leftover.push(ui),
        }
    }
    // Rows placed with no keyed case: linked among themselves.
    let leftover_set: std::collections::HashSet<usize> =
        leftover.iter().map(|&ui| unkeyed[ui]).collect();
    for &ui in &leftover {
        let u = unkeyed[ui];
        for (j, l) in &candidates[ui] {
            if leftover_set.contains(j) && *j < u {
                let s = weights.score(l);
                if s >= cfg.threshold {
                    dsu.union(*j, u);
                    if placement[u].rule == "single" {
                        placement[u] = Placement {
                            rule: "fuzzy_unkeyed",
                            score: Some(s),
                            explanation: Some(compare::explain(l, &cfg.level_names)),
                            linked_to: Some(*j),
                        };
                    }
                }
            }
        }
    }

    // Clusters: members in input order, id from the key or the first member's source.
    let roots: Vec<usize> = (0..n).map(|i| dsu.find(i)).collect();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in roots.iter().enumerate() {
        members.entry(*r).or_default().push(i);
    }
    let src_file = str_vec(cases, "source_file")?;
    let src_sheet = str_vec(cases, "source_sheet")?;
    let src_row = i64_vec(cases, "source_row")?;
    let source_label = |i: usize| -> String {
        match &src_sheet[i] {
            Some(s) => format!(
                "{}|{}|{}",
                src_file[i].as_deref().unwrap_or(""),
                s,
                src_row[i].unwrap_or(0)
            ),
            None => format!(
                "{}||{}",
                src_file[i].as_deref().unwrap_or(""),
                src_row[i].unwrap_or(0)
            ),
        }
    };
    let mut cluster_of_root: HashMap<usize, String> = HashMap::new();
    for (root, m) in &members {
        let id = m
            .iter()
            .find_map(|&i| recs[i].key.clone())
            .unwrap_or_else(|| format!("row:{}", source_label(m[0])));
        cluster_of_root.insert(*root, id);
    }
    let unplaced = members
        .values()
        .filter(|m| m.len() == 1 && recs[m[0]].key.is_none())
        .count();

    // clusters.parquet: one row per source row.
    let cluster_ids: Vec<String> = roots.iter().map(|r| cluster_of_root[r].clone()).collect();
    let clusters = df!(
        "source_file" => src_file.clone(),
        "source_sheet" => src_sheet.clone(),
        "source_row" => src_row.clone(),
        "case_key" => recs.iter().map(|r| r.key.clone()).collect::<Vec<_>>(),
        "cluster_id" => cluster_ids.clone(),
        "match_rule" => placement.iter().map(|p| p.rule).collect::<Vec<_>>(),
        "match_score" => placement.iter().map(|p| p.score).collect::<Vec<_>>(),
        "linked_to" => placement.iter().map(|p| p.linked_to.map(source_label)).collect::<Vec<_>>(),
        "comparisons" => placement.iter().map(|p| p.explanation.clone()).collect::<Vec<_>>(),
    )
    .map_err(|e| Error::polars("assembling clusters", e))?;

    // cases_dedup.parquet: survivorship per field over each cluster's members.
    let groups: Vec<(&String, Vec<usize>)> = {
        let mut g: Vec<(&String, Vec<usize>)> = members
            .iter()
            .map(|(root, m)| (&cluster_of_root[root], m.clone()))
            .collect();
        g.sort_by(|a, b| a.0.cmp(b.0));
        g
    };
    let (dedup, conflicts) = survive(cases, &groups, cfg, &source_label)?;
    let (dedup, lineage_links) = link_lineage(dedup)?;

    let report = DedupReport {
        rows: n,
        cases: dedup.height(),
        exact_rows,
        fuzzy_linked,
        unplaced,
        lineage_links,
        conflicts: conflicts.height(),
        oversized_blocks: oversized.len(),
        lambda,
        weights,
    };
    Ok((clusters, dedup, conflicts, report))
}

/// Picks each field's value per cluster by the survivorship rules; lists disagreements.
fn survive(
    cases: &DataFrame,
    groups: &[(&String, Vec<usize>)],
    cfg: &DedupConfig,
    source_label: &dyn Fn(usize) -> String,
) -> Result<(DataFrame, DataFrame)> {
    let exported = date_vec(cases, "exported_on")?;
    let skip_conflict = [
        "source_file",
        "source_sheet",
        "source_row",
        "case_no_raw",
        "extra",
        "exported_on",
        "doc_suffix",
        "case_no_style",
    ];
    let mut out_cols: Vec<Column> = Vec::new();
    let mut conf_cluster = Vec::new();
    let mut conf_field = Vec::new();
    let mut conf_values = Vec::new();
    let mut conf_sources = Vec::new();
    let mut conf_kept = Vec::new();
    let mut conf_rule = Vec::new();

    for col in cases.columns() {
        let name = col.name().as_str();
        if matches!(name, "source_file" | "source_sheet" | "source_row") {
            continue;
        }
        let rule = if cfg.newest.iter().any(|f| f == name) {
            "newest"
        } else if cfg.largest.iter().any(|f| f == name) {
            "largest"
        } else if cfg.longest.iter().any(|f| f == name) {
            "longest"
        } else {
            "first"
        };
        // Null masks, numbers and list lengths once per column, not per access.
        let nulls: Vec<bool> = col.is_null().iter().map(|b| b.unwrap_or(true)).collect();
        let non_null = |i: usize| !nulls[i];
        let numbers: Vec<Option<f64>> = if rule == "largest" {
            col.cast(&DataType::Float64)
                .and_then(|c| c.f64().map(|ca| ca.iter().collect()))
                .map_err(|e| Error::polars(format!("survivorship of {name}"), e))?
        } else {
            Vec::new()
        };
        let numeric = |i: usize| numbers.get(i).copied().flatten();
        let lengths: Vec<usize> = match (rule, col.list()) {
            ("longest", Ok(ca)) => ca.iter().map(|s| s.map_or(0, |s| s.len())).collect(),
            _ => Vec::new(),
        };
        let list_len = |i: usize| lengths.get(i).copied().unwrap_or(0);
        let picks: Vec<Option<IdxSize>> = groups
            .par_iter()
            .map(|(_, m)| {
                let present: Vec<usize> = m.iter().copied().filter(|&i| non_null(i)).collect();
                let pick = match rule {
                    "newest" => present
                        .iter()
                        .copied()
                        .max_by_key(|&i| (exported[i].unwrap_or(i32::MIN), i)),
                    "largest" => present.iter().copied().max_by(|&a, &b| {
                        numeric(a)
                            .unwrap_or(f64::MIN)
                            .total_cmp(&numeric(b).unwrap_or(f64::MIN))
                            .then(b.cmp(&a))
                    }),
                    "longest" => present
                        .iter()
                        .copied()
                        .max_by(|&a, &b| list_len(a).cmp(&list_len(b)).then(b.cmp(&a))),
                    _ => present.first().copied(),
                };
                pick.map(|i| i as IdxSize)
            })
            .collect();
        let idx = IdxCa::from_iter_options("idx".into(), picks.iter().copied());
        let taken = col
            .take(&idx)
            .map_err(|e| Error::polars(format!("survivorship of {name}"), e))?;

        if !skip_conflict.contains(&name) {
            for ((cluster, m), pick) in groups.iter().zip(&picks) {
                if m.len() < 2 {
                    continue;
                }
                let mut distinct: Vec<(String, usize)> = Vec::new();
                for &i in m {
                    let v = match col.get(i) {
                        Ok(AnyValue::Null) | Err(_) => continue,
                        Ok(AnyValue::String(s)) => s.to_string(),
                        Ok(v) => v.to_string(),
                    };
                    if !distinct.iter().any(|(d, _)| *d == v) {
                        distinct.push((v, i));
                    }
                }
                if distinct.len() > 1 {
                    let kept = pick
                        .and_then(|p| col.get(p as usize).ok())
                        .map(|v| match v {
                            AnyValue::String(s) => s.to_string(),
                            v => v.to_string(),
                        });
                    conf_cluster.push((*cluster).clone());
                    conf_field.push(name.to_string());
                    conf_values.push(
                        distinct
                            .iter()
                            .map(|(v, _)| v.clone())
                            .collect::<Vec<_>>()
                            .join(" ‖ "),
                    );
                    conf_sources.push(
                        distinct
                            .iter()
                            .map(|(_, i)| source_label(*i))
                            .collect::<Vec<_>>()
                            .join(" ‖ "),
                    );
                    conf_kept.push(kept);
                    conf_rule.push(match rule {
                        "newest" => "newer export wins",
                        "largest" => "larger value wins",
                        "longest" => "longer list wins",
                        _ => "first non-empty in input order",
                    });
                }
            }
        }
        out_cols.push(taken);
    }

    let height = groups.len();
    let mut front = vec![
        Column::new(
            "cluster_id".into(),
            groups
                .iter()
                .map(|(id, _)| (*id).clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "n_sources".into(),
            groups
                .iter()
                .map(|(_, m)| m.len() as i64)
                .collect::<Vec<_>>(),
        ),
    ];
    let mut src_builder = ListStringChunkedBuilder::new("source_rows".into(), height, height * 2);
    for (_, m) in groups {
        let labels: Vec<String> = m.iter().map(|&i| source_label(i)).collect();
        src_builder.append_values_iter(labels.iter().map(|s| s.as_str()));
    }
    front.push(src_builder.finish().into_column());
    front.extend(out_cols);
    let dedup =
        DataFrame::new(height, front).map_err(|e| Error::polars("assembling cases_dedup", e))?;
    let conflicts = df!(
        "cluster_id" => conf_cluster,
        "field" => conf_field,
        "values" => conf_values,
        "sources" => conf_sources,
        "kept" => conf_kept,
        "rule" => conf_rule,
    )
    .map_err(|e| Error::polars("assembling conflicts", e))?;
    Ok((dedup, conflicts))
}

/// Links each 执恢 case to the 执 case it resumes, when the export did not say so:
/// an earlier case with the same basis document and respondent that was closed by 终本
/// or 终结执行, or suspended. Returns the frame with `origin_case_key` and
/// `lineage_rule` filled, and the number of links made.
fn link_lineage(df: DataFrame) -> Result<(DataFrame, usize)> {
    let n = df.height();
    let kind = str_vec(&df, "case_kind")?;
    let key = str_vec(&df, "case_key")?;
    let basis = str_vec(&df, "basis_key")?;
    let origin = str_vec(&df, "origin_case_key")?;
    let resp = first_of_list(&df, "respondents")?;
    let filed = date_vec(&df, "filed_on")?;
    let method = str_vec(&df, "closure_method")?;
    let status = str_vec(&df, "status")?;

    let mut by_basis: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for i in 0..n {
        let resumable = matches!(method[i].as_deref(), Some("终本") | Some("终结执行"))
            || matches!(status[i].as_deref(), Some("suspended") | Some("deferred"));
        if kind[i].as_deref() == Some("first") && resumable {
            if let (Some(b), Some(r)) = (basis[i].as_deref(), resp[i].as_deref()) {
                by_basis.entry((b, r)).or_default().push(i);
            }
        }
    }
    let mut out_origin = Vec::with_capacity(n);
    let mut rule = Vec::with_capacity(n);
    let mut links = 0;
    for i in 0..n {
        if let Some(o) = &origin[i] {
            out_origin.push(Some(o.clone()));
            rule.push(Some("origin column"));
            links += 1;
            continue;
        }
        let mut found = None;
        if kind[i].as_deref() == Some("resumed") {
            if let (Some(b), Some(r)) = (basis[i].as_deref(), resp[i].as_deref()) {
                found = by_basis.get(&(b, r)).and_then(|c| {
                    c.iter()
                        .copied()
                        .filter(|&j| j != i && filed[j] < filed[i])
                        .max_by_key(|&j| (filed[j], j))
                });
            }
        }
        match found.and_then(|j| key[j].clone()) {
            Some(k) => {
                out_origin.push(Some(k));
                rule.push(Some("same basis and respondent"));
                links += 1;
            }
            None => {
                out_origin.push(None);
                rule.push(None);
            }
        }
    }
    let mut df = df;
    df.with_column(Column::new("origin_case_key".into(), out_origin))
        .map_err(|e| Error::polars("setting origin_case_key", e))?;
    df.with_column(Column::new("lineage_rule".into(), rule))
        .map_err(|e| Error::polars("setting lineage_rule", e))?;
    Ok((df, links))
}

/// Settings file path resolution for the CLI.
pub fn config_path(rules_dir: Option<&Path>) -> Option<PathBuf> {
    rules_dir
        .map(|d| d.join("dedup.toml"))
        .filter(|p| p.exists())
}
