//! Root causes (原因和症结) of the backlog as a Pareto table, 执行不能 apart from 执行难.
//!
//! Causes are multi-label: one backlog case may have no assets *and* a debtor whose
//! whereabouts are unknown. The Pareto therefore counts mentions: each cause's `share` is
//! its cases over all cause mentions, so the cumulative share ends at 100 % and the
//! "vital few" causes read off as usual; `share_of_backlog` is its cases over the backlog
//! cases (these add up to more than 100 %). 执行不能 (no enforceable assets: the exit path
//! is 终本 or insolvency) needs different measures from 执行难 (assets exist but enforcement
//! fails), so every row carries its group and `census_root_cause_groups` counts the cases
//! of each group once: only 执行不能, only 执行难, both, cause unknown, none recorded.

use std::collections::HashMap;

use polars::prelude::*;

use super::config::CensusConfig;
use super::frame::{const_str_col, f64_col, frame, i64_col, pct, str_col};
use super::input::Cases;
use super::units::{Level, Units, NONE};
use crate::Result;

pub const LEVELS: [Level; 2] = [Level::All, Level::Court];

/// 执行不能, 执行难 or 原因不明 of one code.
fn group_of(cfg: &CensusConfig, code: &str) -> &'static str {
    if cfg.inability_codes.iter().any(|c| c == code) {
        "执行不能"
    } else if cfg.unknown_codes.iter().any(|c| c == code) {
        "原因不明"
    } else {
        "执行难"
    }
}

#[derive(Debug, Default, Clone)]
struct Acc {
    /// pending cases (未结): a unit with any has its group rows, whatever its backlog
    pending: i64,
    backlog: i64,
    by_code: HashMap<String, (i64, i64, i64)>,
    /// cases: only inability, only difficulty, both, unknown only, none recorded
    groups: [(i64, i64, i64); 5],
}

pub const GROUPS: [&str; 5] = [
    "仅执行不能",
    "仅执行难",
    "执行不能且执行难",
    "原因不明",
    "未记录原因",
];

/// `census_root_causes` (the Pareto) and `census_root_cause_groups`.
pub fn root_causes(
    c: &Cases,
    scope: &[bool],
    units: &Units,
    cfg: &CensusConfig,
) -> Result<(DataFrame, DataFrame)> {
    let kinds = cfg.kinds_text();
    let mut rows: Vec<(Level, u32)> = Vec::new();
    let (mut rank, mut group, mut code, mut name) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut cases, mut claim, mut outst) = (Vec::new(), Vec::new(), Vec::new());
    let (mut share, mut cum, mut of_backlog) = (Vec::new(), Vec::new(), Vec::new());
    let mut grows: Vec<(Level, u32)> = Vec::new();
    let (mut gname, mut gcases, mut gclaim, mut gout, mut gshare) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());

    let mut codes: Vec<&str> = Vec::new();
    for level in LEVELS {
        let Some(lu) = units.level(level) else {
            continue;
        };
        let mut acc = vec![Acc::default(); lu.keys.len()];
        for i in 0..c.n {
            let u = lu.of_case[i];
            if u == NONE || !scope[i] || !c.status[i].is_open() {
                continue;
            }
            let a = &mut acc[u as usize];
            a.pending += 1;
            if !c.in_backlog[i] {
                continue;
            }
            a.backlog += 1;
            let cl = c.claim_fen[i].unwrap_or(0);
            let out = c.outstanding(i).unwrap_or(0);
            codes.clear();
            codes.extend(c.root_causes.row(i));
            codes.sort_unstable();
            codes.dedup();
            let (mut inability, mut difficulty, mut unknown) = (false, false, false);
            for &k in &codes {
                match group_of(cfg, k) {
                    "执行不能" => inability = true,
                    "原因不明" => unknown = true,
                    _ => difficulty = true,
                }
                // get_mut first: no allocation for a code already seen.
                match a.by_code.get_mut(k) {
                    Some(e) => {
                        e.0 += 1;
                        e.1 += cl;
                        e.2 += out;
                    }
                    None => {
                        a.by_code.insert(k.to_string(), (1, cl, out));
                    }
                }
            }
            let g = match (inability, difficulty, unknown) {
                (true, false, _) => 0,
                (false, true, _) => 1,
                (true, true, _) => 2,
                (false, false, true) => 3,
                (false, false, false) => 4,
            };
            a.groups[g].0 += 1;
            a.groups[g].1 += cl;
            a.groups[g].2 += out;
        }
        for u in units.order(level) {
            let a = &acc[u as usize];
            // A unit with pending cases but no backlog keeps its group rows (0 cases, the
            // share of a zero backlog undefined), as `census_summary` keeps such a unit;
            // it has no cause to rank.
            if a.pending == 0 {
                continue;
            }
            let mut list: Vec<(&String, &(i64, i64, i64))> = a.by_code.iter().collect();
            // Pareto order: most cases first; ties by amount, then code (stable output).
            list.sort_by(|x, y| {
                y.1 .0
                    .cmp(&x.1 .0)
                    .then(y.1 .1.cmp(&x.1 .1))
                    .then(x.0.cmp(y.0))
            });
            let mentions: i64 = list.iter().map(|(_, v)| v.0).sum();
            let mut running = 0i64;
            for (r, (k, v)) in list.into_iter().enumerate() {
                running += v.0;
                rows.push((level, u));
                rank.push(r as i64 + 1);
                group.push(Some(group_of(cfg, k)));
                code.push(Some(k.clone()));
                name.push(Some(cfg.cause_name(k)));
                cases.push(v.0);
                claim.push(v.1);
                outst.push(v.2);
                share.push(pct(v.0, mentions));
                cum.push(pct(running, mentions));
                of_backlog.push(pct(v.0, a.backlog));
            }
            for (g, label) in GROUPS.iter().enumerate() {
                grows.push((level, u));
                gname.push(*label);
                gcases.push(a.groups[g].0);
                gclaim.push(a.groups[g].1);
                gout.push(a.groups[g].2);
                gshare.push(pct(a.groups[g].0, a.backlog));
            }
        }
    }
    let n = rows.len();
    let mut cols = units.columns(&rows);
    cols.extend([
        i64_col("rank", rank),
        str_col("cause_group", group),
        str_col("cause", code),
        str_col("cause_name", name),
        i64_col("cases", cases),
        i64_col("claim_fen", claim),
        i64_col("outstanding_fen", outst),
        f64_col("share", share),
        f64_col("cumulative_share", cum),
        f64_col("share_of_backlog", of_backlog),
        const_str_col("case_kinds", &kinds, n),
    ]);
    let pareto = frame("census_root_causes", cols)?;
    let gn = grows.len();
    let mut gcols = units.columns(&grows);
    gcols.extend([
        Column::new("cause_group".into(), gname),
        i64_col("cases", gcases),
        i64_col("claim_fen", gclaim),
        i64_col("outstanding_fen", gout),
        f64_col("share_of_backlog", gshare),
        const_str_col("case_kinds", &kinds, gn),
    ]);
    let groups = frame("census_root_cause_groups", gcols)?;
    Ok((pareto, groups))
}
