//! Age of the pending cases: bands, the oldest cases, and the cases about to pass their
//! statutory deadline.
//!
//! Age at the as-of date T is T − filed − deducted days (CourTools Measure 4: suspended and
//! other inactive time excluded), as classify writes it in `age_days`. Bands are whole
//! *calendar* months — the way courts count 超过六个月 and the way the statutory period
//! itself is counted: a case is in band [a, b) when (T − age_days) + a months ≤ T <
//! (T − age_days) + b months, adding months as chrono does (the day clamped to the end of
//! a shorter month, 08-31 + 6 months = 02-28), the same rule classify uses for due dates.
//!
//! Due soon: a case *passes* its deadline on the first day T' with T' > due. A pending case
//! not yet overdue (T ≤ due) passes it within the next N days exactly when due < T + N.
//! Suspended and deferred cases are left out: their due date moves with the running
//! suspension, so they cannot pass it while it runs.

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use super::config::CensusConfig;
use super::frame::{
    bool_col, const_str_col, date_col, f64_col, frame, i64_col, opt_i64_col, pct, str_col,
};
use super::input::{date_of, Cases, Status};
use super::units::{Level, Units, NONE};
use crate::Result;

pub const LEVELS: [Level; 3] = [Level::All, Level::Court, Level::Team];

/// Whole calendar months from `start` to `end` (0 when `end` is before `start`).
pub fn whole_months(start: NaiveDate, end: NaiveDate) -> u32 {
    if end <= start {
        return 0;
    }
    let est = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    let mut k = est.max(0) as u32;
    while k > 0
        && start
            .checked_add_months(Months::new(k))
            .is_none_or(|d| d > end)
    {
        k -= 1;
    }
    k
}

/// Age in whole months of case `i` (None when its age is unknown).
pub fn age_months(c: &Cases, i: usize) -> Option<u32> {
    let age = c.age_days[i]?;
    let start = c.as_of.checked_sub_signed(chrono::Duration::days(age))?;
    Some(whole_months(start, c.as_of))
}

/// Index of the band of an age in months, given the bands' upper edges.
pub fn band_of(edges: &[u32], months: u32) -> usize {
    edges
        .iter()
        .position(|&e| months < e)
        .unwrap_or(edges.len())
}

/// `census_aging`: pending cases per unit and age band.
pub fn aging(c: &Cases, scope: &[bool], units: &Units, cfg: &CensusConfig) -> Result<DataFrame> {
    let bands = cfg.bands();
    let nb = bands.len();
    let months: Vec<Option<u32>> = (0..c.n)
        .map(|i| {
            if scope[i] && c.status[i].is_open() {
                age_months(c, i)
            } else {
                None
            }
        })
        .collect();
    let mut rows: Vec<(Level, u32)> = Vec::new();
    let (mut band, mut lo, mut hi) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cases, mut backlog, mut claim, mut outst, mut share) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for level in LEVELS {
        let Some(lu) = units.level(level) else {
            continue;
        };
        // per unit: per band (nb bands + unknown): cases, backlog, claim, outstanding
        let w = nb + 1;
        let mut acc = vec![(0i64, 0i64, 0i64, 0i64); lu.keys.len() * w];
        let mut total = vec![0i64; lu.keys.len()];
        for i in 0..c.n {
            let u = lu.of_case[i];
            if u == NONE || !scope[i] || !c.status[i].is_open() {
                continue;
            }
            let b = months[i].map_or(nb, |m| band_of(&cfg.band_edges_months, m));
            let a = &mut acc[u as usize * w + b];
            a.0 += 1;
            a.1 += i64::from(c.in_backlog[i]);
            a.2 += c.claim_fen[i].unwrap_or(0);
            a.3 += c.outstanding(i).unwrap_or(0);
            total[u as usize] += 1;
        }
        for u in units.order(level) {
            if total[u as usize] == 0 {
                continue;
            }
            for b in 0..=nb {
                let a = acc[u as usize * w + b];
                if b == nb && a.0 == 0 {
                    continue; // the unknown-age row only when there are such cases
                }
                rows.push((level, u));
                if b < nb {
                    band.push(bands[b].0.clone());
                    lo.push(Some(i64::from(bands[b].1)));
                    hi.push(bands[b].2.map(i64::from));
                } else {
                    band.push("账龄不明".to_string());
                    lo.push(None);
                    hi.push(None);
                }
                cases.push(a.0);
                backlog.push(a.1);
                claim.push(a.2);
                outst.push(a.3);
                share.push(pct(a.0, total[u as usize]));
            }
        }
    }
    let n = rows.len();
    let mut cols = units.columns(&rows);
    cols.extend([
        Column::new("band".into(), band),
        opt_i64_col("band_from_months", lo),
        opt_i64_col("band_to_months", hi),
        i64_col("pending", cases),
        f64_col("share", share),
        i64_col("backlog", backlog),
        i64_col("claim_fen", claim),
        i64_col("outstanding_fen", outst),
        const_str_col("case_kinds", &cfg.kinds_text(), n),
    ]);
    frame("census_aging", cols)
}

fn categories_text(bits: u8) -> Option<String> {
    let v: Vec<String> = (0..7)
        .filter(|k| bits & (1 << k) != 0)
        .map(|k| (k + 1).to_string())
        .collect();
    (!v.is_empty()).then(|| v.join("、"))
}

fn causes_text(c: &Cases, cfg: &CensusConfig, i: usize) -> Option<String> {
    let v: Vec<String> = c.root_causes.row(i).map(|k| cfg.cause_name(k)).collect();
    (!v.is_empty()).then(|| v.join("、"))
}

/// The columns every case list shares, for the cases `idx`.
fn case_list(
    table: &str,
    c: &Cases,
    units: &Units,
    cfg: &CensusConfig,
    idx: &[usize],
    mut lead: Vec<Column>,
) -> Result<DataFrame> {
    let n = idx.len();
    lead.push(str_col(
        "case_no",
        idx.iter().map(|&i| c.case_no(i)).collect(),
    ));
    lead.extend(units.case_columns(&c.leader, idx));
    lead.extend([
        Column::new(
            "case_kind".into(),
            idx.iter().map(|&i| c.kind[i]).collect::<Vec<&str>>(),
        ),
        Column::new(
            "status_as_of".into(),
            idx.iter()
                .map(|&i| c.status[i].as_str())
                .collect::<Vec<&str>>(),
        ),
        date_col("filed_on", idx.iter().map(|&i| c.filed_on[i]).collect())?,
        opt_i64_col(
            "deducted_days",
            idx.iter().map(|&i| c.deducted_days[i]).collect(),
        ),
        opt_i64_col("age_days", idx.iter().map(|&i| c.age_days[i]).collect()),
        opt_i64_col(
            "age_months",
            idx.iter()
                .map(|&i| age_months(c, i).map(i64::from))
                .collect(),
        ),
        date_col("due_on", idx.iter().map(|&i| c.due_on[i]).collect())?,
        opt_i64_col(
            "overdue_days",
            idx.iter().map(|&i| c.overdue_days[i]).collect(),
        ),
        bool_col("in_backlog", idx.iter().map(|&i| c.in_backlog[i]).collect()),
        str_col(
            "categories",
            idx.iter().map(|&i| categories_text(c.cats[i])).collect(),
        ),
        str_col(
            "root_causes",
            idx.iter().map(|&i| causes_text(c, cfg, i)).collect(),
        ),
        opt_i64_col("claim_fen", idx.iter().map(|&i| c.claim_fen[i]).collect()),
        opt_i64_col(
            "outstanding_fen",
            idx.iter().map(|&i| c.outstanding(i)).collect(),
        ),
        const_str_col("case_kinds", &cfg.kinds_text(), n),
    ]);
    frame(table, lead)
}

/// `census_oldest`: the pending cases with the greatest age, oldest first.
pub fn oldest(c: &Cases, scope: &[bool], units: &Units, cfg: &CensusConfig) -> Result<DataFrame> {
    let mut idx: Vec<usize> = (0..c.n)
        .filter(|&i| scope[i] && c.status[i].is_open() && c.age_days[i].is_some())
        .collect();
    let key = |i: usize| {
        (
            std::cmp::Reverse(c.age_days[i].unwrap_or(i64::MIN)),
            c.filed_on[i].unwrap_or(i32::MAX),
            c.case_no(i).unwrap_or(""),
        )
    };
    let k = cfg.oldest.min(idx.len());
    if k < idx.len() && k > 0 {
        idx.select_nth_unstable_by_key(k - 1, |&i| key(i));
    }
    idx.truncate(k);
    idx.sort_by_key(|&i| key(i));
    let rank = i64_col("rank", (1..=idx.len() as i64).collect());
    case_list("census_oldest", c, units, cfg, &idx, vec![rank])
}

/// `census_due_soon`: pending cases that pass their deadline within each configured window,
/// window by window (narrowest first), soonest first: a case due in 10 days is listed under
/// 30 and again under 60, so that the rows of window 60 are every case due within 60 days,
/// as a statistician filtering on it expects (listed once, under its narrowest window, a
/// filter on 60 left out the most urgent cases).
pub fn due_soon(c: &Cases, scope: &[bool], units: &Units, cfg: &CensusConfig) -> Result<DataFrame> {
    let t = c.as_of_day;
    let widest = cfg.due_soon_days.iter().copied().max().unwrap_or(0);
    let mut idx: Vec<usize> = (0..c.n)
        .filter(|&i| {
            scope[i]
                && c.status[i] == Status::Pending
                && c.due_on[i].is_some_and(|d| d >= t && i64::from(d - t) < widest)
        })
        .collect();
    idx.sort_by_key(|&i| (c.due_on[i], c.case_no(i).unwrap_or("")));
    let mut windows = cfg.due_soon_days.clone();
    windows.sort_unstable();
    windows.dedup();
    let (mut rows, mut window, mut left) = (Vec::new(), Vec::new(), Vec::new());
    for &w in &windows {
        for &i in &idx {
            let l = i64::from(c.due_on[i].unwrap_or(t) - t);
            if l < w {
                rows.push(i);
                window.push(w);
                left.push(l);
            }
        }
    }
    let lead = vec![i64_col("window_days", window), i64_col("days_left", left)];
    case_list("census_due_soon", c, units, cfg, &rows, lead)
}

/// The as-of date plus days, for messages.
pub fn day_text(day: i32) -> String {
    date_of(day).map_or_else(|| day.to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn months_are_calendar_months_clamped_at_month_end() {
        assert_eq!(whole_months(d("2025-11-28"), d("2026-02-28")), 3);
        // 11-29 + 3 months = 02-29, clamped to 02-28: the same rule as the due date.
        assert_eq!(whole_months(d("2025-11-29"), d("2026-02-28")), 3);
        assert_eq!(whole_months(d("2025-12-01"), d("2026-02-28")), 2);
        // 08-31 + 6 months = 02-28: six whole months have passed on 02-28.
        assert_eq!(whole_months(d("2025-08-31"), d("2026-02-28")), 6);
        assert_eq!(whole_months(d("2026-03-01"), d("2026-02-28")), 0);
        assert_eq!(whole_months(d("2014-07-22"), d("2026-02-28")), 139);
    }

    #[test]
    fn bands_are_half_open() {
        let edges = [3, 6, 12, 24, 36];
        assert_eq!(band_of(&edges, 0), 0);
        assert_eq!(band_of(&edges, 2), 0);
        assert_eq!(band_of(&edges, 3), 1);
        assert_eq!(band_of(&edges, 35), 4);
        assert_eq!(band_of(&edges, 36), 5);
        assert_eq!(band_of(&edges, 400), 5);
    }
}
