//! The census summary (积案底数) by court, team, officer and leader: how many cases are
//! pending at the as-of date, how many of them are in the backlog, overdue, overdue by a
//! year or more, suspended or deferred, and the money at stake.
//!
//! Definitions (domain/metrics.md): *pending* (未结) is every case open at the as-of date —
//! status pending, suspended or deferred — as the flow tables count E; *overdue* is open
//! with the as-of date past the due date (`overdue_days > 0`); *overdue ≥ 1 year* is
//! `overdue_days ≥ 365`, the rule of category 1; *backlog* is classify's `in_backlog`
//! (the rule of the pipeline file). *Outstanding* is claim − recovered, never below zero;
//! a case without a claim amount adds nothing to the sums and is counted in
//! `claim_unknown` (`backlog_claim_unknown` for the backlog's sums), so that a reader of
//! the amounts knows how many cases they leave out.

use polars::prelude::*;

use super::frame::{const_str_col, f64_col, frame, i64_col, pct};
use super::input::{Cases, Status};
use super::units::{Level, Units, NONE};
use crate::Result;

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    pending: i64,
    status_pending: i64,
    suspended: i64,
    deferred: i64,
    backlog: i64,
    overdue: i64,
    overdue_1y: i64,
    backlog_has_assets: i64,
    backlog_no_assets: i64,
    claim_fen: i64,
    outstanding_fen: i64,
    backlog_claim_fen: i64,
    backlog_outstanding_fen: i64,
    claim_unknown: i64,
    backlog_claim_unknown: i64,
}

impl Acc {
    /// `year_days`: days past the due date that make 超期限一年以上 (category 1's threshold).
    fn add(&mut self, c: &Cases, i: usize, year_days: i64) {
        self.pending += 1;
        match c.status[i] {
            Status::Suspended => self.suspended += 1,
            Status::Deferred => self.deferred += 1,
            _ => self.status_pending += 1,
        }
        let overdue = c.overdue_days[i].unwrap_or(0);
        if overdue > 0 {
            self.overdue += 1;
        }
        if overdue >= year_days {
            self.overdue_1y += 1;
        }
        let claim = c.claim_fen[i];
        let out = c.outstanding(i);
        if claim.is_none() {
            self.claim_unknown += 1;
        }
        self.claim_fen += claim.unwrap_or(0);
        self.outstanding_fen += out.unwrap_or(0);
        if c.in_backlog[i] {
            self.backlog += 1;
            self.backlog_claim_fen += claim.unwrap_or(0);
            self.backlog_outstanding_fen += out.unwrap_or(0);
            if claim.is_none() {
                self.backlog_claim_unknown += 1;
            }
            match c.has_assets[i] {
                Some(true) => self.backlog_has_assets += 1,
                Some(false) => self.backlog_no_assets += 1,
                None => {}
            }
        }
    }
}

/// The levels of the summary.
pub const LEVELS: [Level; 5] = [
    Level::All,
    Level::Court,
    Level::Team,
    Level::Officer,
    Level::Leader,
];

/// `census_summary`: one row per unit with at least one pending case, and one for the run
/// and each court with cases in scope, pending or not.
pub fn summary(
    c: &Cases,
    scope: &[bool],
    units: &Units,
    kinds: &str,
    overdue_year_days: i64,
) -> Result<DataFrame> {
    let mut rows: Vec<(Level, u32)> = Vec::new();
    let mut accs: Vec<Acc> = Vec::new();
    for level in LEVELS {
        let Some(lu) = units.level(level) else {
            continue;
        };
        let mut acc = vec![Acc::default(); lu.keys.len()];
        let mut has_cases = vec![false; lu.keys.len()];
        for i in 0..c.n {
            let u = lu.of_case[i];
            if u != NONE && scope[i] {
                has_cases[u as usize] = true;
                if c.status[i].is_open() {
                    acc[u as usize].add(c, i, overdue_year_days);
                }
            }
        }
        // A court (and the run as a whole) with cases but none pending keeps its row: 未结 0
        // and 积案 0 are its figures, the campaign's goal reached, and only its shares of a
        // zero are undefined. A team, officer or leader with nothing pending is left out:
        // those rows list whom the pending cases are assigned to.
        let whole = matches!(level, Level::All | Level::Court);
        for u in units.order(level) {
            let a = acc[u as usize];
            if a.pending > 0 || (whole && has_cases[u as usize]) {
                rows.push((level, u));
                accs.push(a);
            }
        }
    }
    let get = |f: fn(&Acc) -> i64| accs.iter().map(f).collect::<Vec<i64>>();
    let mut cols = units.columns(&rows);
    cols.extend([
        i64_col("pending", get(|a| a.pending)),
        i64_col("status_pending", get(|a| a.status_pending)),
        i64_col("suspended", get(|a| a.suspended)),
        i64_col("deferred", get(|a| a.deferred)),
        i64_col("backlog", get(|a| a.backlog)),
        f64_col(
            "backlog_share",
            accs.iter().map(|a| pct(a.backlog, a.pending)).collect(),
        ),
        i64_col("overdue", get(|a| a.overdue)),
        i64_col("overdue_1y", get(|a| a.overdue_1y)),
        i64_col("backlog_has_assets", get(|a| a.backlog_has_assets)),
        i64_col("backlog_no_assets", get(|a| a.backlog_no_assets)),
        i64_col("claim_fen", get(|a| a.claim_fen)),
        i64_col("outstanding_fen", get(|a| a.outstanding_fen)),
        i64_col("backlog_claim_fen", get(|a| a.backlog_claim_fen)),
        i64_col(
            "backlog_outstanding_fen",
            get(|a| a.backlog_outstanding_fen),
        ),
        i64_col("claim_unknown", get(|a| a.claim_unknown)),
        i64_col("backlog_claim_unknown", get(|a| a.backlog_claim_unknown)),
        const_str_col("case_kinds", kinds, rows.len()),
    ]);
    frame("census_summary", cols)
}
