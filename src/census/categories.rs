//! The seven priority categories (七类重点案件) of the backlog, with their overlap.
//!
//! A case may be in several categories (an overdue wage case of a petitioner is in 1, 4
//! and 7), so the sum of the category rows overstates the cases concerned. The table
//! therefore carries, per unit, a row with the cases in at least one category counted
//! once (`distinct_total`), a row with the plain sum (`sum_with_overlap`) so the
//! difference is visible, and a row for backlog cases in no category; the overlap matrix
//! gives, for every pair of categories, the cases in both (its diagonal is the category
//! itself). Categories are counted among backlog cases (积案), as the campaign plan asks
//! for "以上七类案件的底数" of the backlog; `open_cases` gives the same category among all
//! pending cases for comparison.
//!
//! A backlog case without a claim amount (申请执行标的 left blank) adds nothing to a row's
//! amounts and is counted in its `claim_unknown`, as `census_summary` counts such cases;
//! a row whose cases all have an unknown claim has no amounts (null, never 0: DESIGN §4),
//! so that the known part is not read as the whole.

use polars::prelude::*;

use super::config::CensusConfig;
use super::frame::{const_str_col, f64_col, frame, i64_col, opt_i64_col, pct, str_col};
use super::input::Cases;
use super::units::{Level, Units, NONE};
use crate::Result;

pub const LEVELS: [Level; 2] = [Level::All, Level::Court];

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// pending cases (未结): a unit with any has its rows, whatever its backlog
    pending: i64,
    backlog: i64,
    /// per category: backlog cases, claim, outstanding, cases of unknown claim, open cases
    cases: [i64; 7],
    claim: [i64; 7],
    outstanding: [i64; 7],
    unknown: [i64; 7],
    open: [i64; 7],
    any: i64,
    any_claim: i64,
    any_outstanding: i64,
    any_unknown: i64,
    none: i64,
    none_claim: i64,
    none_outstanding: i64,
    none_unknown: i64,
    both: [[i64; 7]; 7],
}

fn accumulate(c: &Cases, scope: &[bool], units: &Units) -> Vec<(Level, Vec<Acc>)> {
    let mut out = Vec::new();
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
            let bits = c.cats[i];
            for k in 0..7 {
                if bits & (1 << k) != 0 {
                    a.open[k] += 1;
                }
            }
            if !c.in_backlog[i] {
                continue;
            }
            let unknown = i64::from(c.claim_fen[i].is_none());
            let claim = c.claim_fen[i].unwrap_or(0);
            let out = c.outstanding(i).unwrap_or(0);
            a.backlog += 1;
            if bits == 0 {
                a.none += 1;
                a.none_claim += claim;
                a.none_outstanding += out;
                a.none_unknown += unknown;
                continue;
            }
            a.any += 1;
            a.any_claim += claim;
            a.any_outstanding += out;
            a.any_unknown += unknown;
            for k in 0..7 {
                if bits & (1 << k) == 0 {
                    continue;
                }
                a.cases[k] += 1;
                a.claim[k] += claim;
                a.outstanding[k] += out;
                a.unknown[k] += unknown;
                for j in 0..7 {
                    if bits & (1 << j) != 0 {
                        a.both[k][j] += 1;
                    }
                }
            }
        }
        out.push((level, acc));
    }
    out
}

/// `census_categories` and `census_category_overlap`.
pub fn categories(
    c: &Cases,
    scope: &[bool],
    units: &Units,
    cfg: &CensusConfig,
) -> Result<(DataFrame, DataFrame)> {
    let accs = accumulate(c, scope, units);
    let kinds = cfg.kinds_text();

    // Category rows.
    let mut rows: Vec<(Level, u32)> = Vec::new();
    let mut row_kind: Vec<&str> = Vec::new();
    let mut category: Vec<Option<i64>> = Vec::new();
    let mut name: Vec<Option<String>> = Vec::new();
    let mut cases: Vec<i64> = Vec::new();
    let mut claim: Vec<Option<i64>> = Vec::new();
    let mut outstanding: Vec<Option<i64>> = Vec::new();
    let mut claim_unknown: Vec<i64> = Vec::new();
    let mut open: Vec<Option<i64>> = Vec::new();
    let mut share: Vec<Option<f64>> = Vec::new();
    // Overlap rows.
    let mut orows: Vec<(Level, u32)> = Vec::new();
    let mut ocat: Vec<i64> = Vec::new();
    let mut oname: Vec<Option<String>> = Vec::new();
    let mut both: [Vec<i64>; 7] = std::array::from_fn(|_| Vec::new());

    for (level, acc) in &accs {
        for u in units.order(*level) {
            let a = &acc[u as usize];
            // A unit with pending cases but no backlog keeps its rows: 0 backlog cases per
            // category (its shares of a zero backlog undefined), and its pending cases of
            // each category in `open_cases`, as `census_summary` keeps such a unit.
            if a.pending == 0 {
                continue;
            }
            let mut push = |kind: &'static str,
                            cat: Option<i64>,
                            label: String,
                            n: i64,
                            cl: i64,
                            out: i64,
                            unknown: i64,
                            op: Option<i64>| {
                // Every case's claim unknown: the amounts are too (an empty row's are 0).
                let known = |v: i64| Some(v).filter(|_| n == 0 || unknown < n);
                rows.push((*level, u));
                row_kind.push(kind);
                category.push(cat);
                name.push(Some(label));
                cases.push(n);
                claim.push(known(cl));
                outstanding.push(known(out));
                claim_unknown.push(unknown);
                open.push(op);
                share.push(pct(n, a.backlog));
            };
            for k in 0..7 {
                push(
                    "category",
                    Some(k as i64 + 1),
                    cfg.category_names[k].clone(),
                    a.cases[k],
                    a.claim[k],
                    a.outstanding[k],
                    a.unknown[k],
                    Some(a.open[k]),
                );
            }
            push(
                "distinct_total",
                None,
                "七类合计（一案多类只计一次）".into(),
                a.any,
                a.any_claim,
                a.any_outstanding,
                a.any_unknown,
                None,
            );
            push(
                "sum_with_overlap",
                None,
                "七类逐类相加（含重复计数）".into(),
                a.cases.iter().sum(),
                a.claim.iter().sum(),
                a.outstanding.iter().sum(),
                a.unknown.iter().sum(),
                None,
            );
            push(
                "none",
                None,
                "不属于七类的积案".into(),
                a.none,
                a.none_claim,
                a.none_outstanding,
                a.none_unknown,
                None,
            );
            for k in 0..7 {
                orows.push((*level, u));
                ocat.push(k as i64 + 1);
                oname.push(Some(cfg.category_names[k].clone()));
                for (j, col) in both.iter_mut().enumerate() {
                    col.push(a.both[k][j]);
                }
            }
        }
    }
    let n = rows.len();
    let mut cols = units.columns(&rows);
    cols.extend([
        Column::new("row_kind".into(), row_kind),
        opt_i64_col("category", category),
        str_col("category_name", name),
        i64_col("backlog_cases", cases),
        f64_col("share_of_backlog", share),
        opt_i64_col("claim_fen", claim),
        opt_i64_col("outstanding_fen", outstanding),
        i64_col("claim_unknown", claim_unknown),
        opt_i64_col("open_cases", open),
        const_str_col("case_kinds", &kinds, n),
    ]);
    let cats = frame("census_categories", cols)?;

    let on = orows.len();
    let mut ocols = units.columns(&orows);
    ocols.push(i64_col("category", ocat));
    ocols.push(str_col("category_name", oname));
    for (j, col) in both.into_iter().enumerate() {
        ocols.push(i64_col(&format!("cat_{}", j + 1), col));
    }
    ocols.push(const_str_col("case_kinds", &kinds, on));
    let overlap = frame("census_category_overlap", ocols)?;
    Ok((cats, overlap))
}
