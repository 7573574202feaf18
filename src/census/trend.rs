//! Flows and ratios per unit and period (`caseflow trend`): B, N, D, E of every month (or
//! quarter, or year) and the ratios of domain/metrics.md.
//!
//! Each count is taken from the case-level dates on its own, never derived from another:
//! B (旧存) counts cases filed before the period's first day and not closed before it; N
//! (新收) cases filed in the period; R cases reopened (恢复执行) under their own number in
//! it, after a closure; D (结案) cases closed in it; E (未结) cases filed by its last day
//! and not closed by it (or reopened since). On consistent data B + N + R − D = E holds by
//! construction, so a breach means the data is not consistent (a case closed before it
//! was filed, a closure without a filing date) and is reported — in
//! `trend_breaches.parquet` per unit and period, and the cases behind it in
//! `trend_case_anomalies.parquet` — rather than hidden by computing E from the others.
//!
//! A closure dated after the as-of date does not count (classify treats the case as
//! pending then), and periods end at the as-of date at the latest; the last period may be
//! partial and says so. A case closed with no 结案日期 (已结, the date left blank), which
//! the census counts closed, is closed by the export's date at the latest: it counts closed
//! in the period holding that day (the as-of date, for a later export or one without a
//! date), so that E on the as-of date is the census's 未结, and is listed in
//! `trend_case_anomalies`; its duration is unknown and left out of the medians. Exports list only cases open at their date or closed since a
//! window start (often 1 January of the previous year), so a `--from` before that window
//! undercounts B, N and D; a note warns when the range starts before the earliest closure
//! in the data by more months than the court's pace of closing explains.
//!
//! Stock-flow ratios use [`crate::ratios::ratio_exprs`], the expressions `caseflow ratios`
//! applies to published aggregates. CEPEJ disposition time is 365 · E / D for a year (365
//! even in a leap year); for a shorter period the period's own days replace 365
//! (`period_days`), so the figure stays in days, and so do they for a longer one (the
//! whole-range row of 18 months), whose D covers more than a year; 29 February is left out
//! of a period of a year or more ([`crate::ratios::basis_days`]). Case-level ratios (执结率 …) follow
//! metrics.md "Case-level figures" and count the cases closed in the period.
//!
//! Cost: one pass over the cases per unit level with interval counting (a case adds to
//! B and E over a range of periods at once), then a sort of the closed cases for the
//! medians; memory linear in the cases.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use super::config::{CensusConfig, PeriodKind};
use super::frame::{bool_col, const_str_col, date_col, f64_col, frame, i64_col, pct, str_col};
use super::input::{date_of, epoch_days, Cases, Closure};
use super::units::{Level, Units, NONE};
use crate::ratios::{self, RATIO_COLUMNS};
use crate::{Error, Result};

/// How the trend's note on an export's window starts (`trend_meta.notes`): the report finds
/// the day by it, to warn beside the figures it touches.
pub const EARLIEST_CLOSURE_NOTE: &str = "the earliest closure in the data is ";

pub const LEVELS: [Level; 4] = [Level::All, Level::Court, Level::Team, Level::Officer];

/// Range and period length asked for (None: the defaults of census.toml).
#[derive(Debug, Clone, Copy, Default)]
pub struct TrendOptions {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub by: Option<PeriodKind>,
    /// Leave closures with no 结案方式 the rules could read out of 实际执结率's numerator
    /// (`actual_closure_rate`), as 终本 is. The campaign evaluation's monthly flows do, as
    /// its 清理比例（不含终本） does: such a closure may be 终本. The census trend does not
    /// (false): metrics.md's 实际执结率 is closures other than 终本 over 受理, and its
    /// table shows resolved and closed_terminated_current beside the rate.
    pub unknown_method_not_actual: bool,
}

/// One period of the trend (dates inclusive, as epoch days).
#[derive(Debug, Clone)]
pub struct Period {
    pub label: String,
    pub start: i32,
    pub end: i32,
    /// Days that disposition time is expressed against: 365 for a whole year, else the
    /// days the period covers (29 February left out once they make a year or more).
    pub basis_days: f64,
    /// Cut short by the range or the as-of date.
    pub partial: bool,
    /// The whole range as one period.
    pub total: bool,
}

fn first_of_bucket(d: NaiveDate, by: PeriodKind) -> NaiveDate {
    let m0 = match by {
        PeriodKind::Month => d.month0(),
        PeriodKind::Quarter => d.month0() / 3 * 3,
        PeriodKind::Year => 0,
    };
    NaiveDate::from_ymd_opt(d.year(), m0 + 1, 1).unwrap_or(d)
}

fn label_of(start: NaiveDate, by: PeriodKind) -> String {
    match by {
        PeriodKind::Month => format!("{}-{:02}", start.year(), start.month()),
        PeriodKind::Quarter => format!("{}Q{}", start.year(), start.month0() / 3 + 1),
        PeriodKind::Year => format!("{}", start.year()),
    }
}

/// The periods of a range: calendar months (quarters, years) cut to `[from, to]`, then
/// the whole range.
pub fn periods(from: NaiveDate, to: NaiveDate, by: PeriodKind) -> Result<Vec<Period>> {
    if from > to {
        return Err(Error::Usage(format!(
            "the range is empty: from {from} is after to {to} (periods end at the as-of date, \
             or at the exports' date when it is earlier)"
        )));
    }
    let mut out = Vec::new();
    let mut b = first_of_bucket(from, by);
    while b <= to {
        let next = b
            .checked_add_months(Months::new(by.months()))
            .ok_or_else(|| Error::Usage(format!("date out of range after {b}")))?;
        let bend = next - chrono::Duration::days(1);
        let s = b.max(from);
        let e = bend.min(to);
        out.push(Period {
            label: label_of(b, by),
            start: epoch_days(s),
            end: epoch_days(e),
            basis_days: ratios::basis_days(s, e),
            partial: s != b || e != bend,
            total: false,
        });
        b = next;
        if out.len() > 100_000 {
            return Err(Error::Usage(
                "too many periods; choose a coarser --by".into(),
            ));
        }
    }
    out.push(Period {
        label: format!("{from}~{to}"),
        start: epoch_days(from),
        end: epoch_days(to),
        basis_days: ratios::basis_days(from, to),
        partial: false,
        total: true,
    });
    Ok(out)
}

/// The range a trend covers: the options, else the configured months back to the as-of
/// date; never past the as-of date. Returns the range and notes for the user.
/// How far before the data's earliest filing a trend may start without a warning: a
/// trend begun a little early (at the start of a year, of a campaign) is meant; one begun
/// years early is empty for years, most often a typo of the year.
const EMPTY_YEARS_BEFORE_DATA: i32 = 2;

/// The note a trend starting at `from` deserves when it begins years before the earliest
/// filing in the data (`earliest`); the first words say it is a warning (the pipeline's
/// terminal line shows them).
pub fn early_start_note(from: NaiveDate, earliest: Option<NaiveDate>) -> Option<String> {
    let earliest = earliest?;
    let limit = earliest.with_year(earliest.year() - EMPTY_YEARS_BEFORE_DATA)?;
    (from < limit).then(|| {
        format!(
            "warning: the trend starts at {from}, {} years before the earliest filing in the \
             data ({earliest}): its periods before then are empty (a typo of the year?)",
            earliest.year() - from.year()
        )
    })
}

///
/// `observed_to` is the last day the data covers ([`super::input::Cases::observed_to`]): an
/// as-of date after the exports' date leaves days no export shows, and a month of them
/// would read as one with nothing filed or closed, so the trend ends at the exports' date
/// (its month partial when the date is not a month end) and says so.
pub fn resolve_range(
    opts: &TrendOptions,
    cfg: &CensusConfig,
    as_of: NaiveDate,
    observed_to: NaiveDate,
) -> Result<(NaiveDate, NaiveDate, PeriodKind, Vec<String>)> {
    let by = opts.by.unwrap_or(cfg.default_by);
    let mut notes = Vec::new();
    let to = match opts.to {
        Some(t) if t > as_of => {
            notes.push(format!(
                "--to {t} is after the as-of date {as_of}; the trend ends at {as_of}"
            ));
            as_of
        }
        Some(t) => t,
        None => as_of,
    };
    let to = if observed_to < to {
        notes.push(format!(
            "warning: the exports' date {observed_to} is before the trend's end {to}: nothing \
             filed or closed after it is in the data, so the trend ends at {observed_to}"
        ));
        observed_to
    } else {
        to
    };
    let from = match opts.from {
        Some(f) => f,
        None => {
            let back = first_of_bucket(to, PeriodKind::Month)
                .checked_sub_months(Months::new(cfg.months_back.saturating_sub(1)))
                .unwrap_or(to);
            first_of_bucket(back, by)
        }
    };
    Ok((from, to, by, notes))
}

/// Per unit and period: the counts the tables are made of.
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    b: i64,
    n: i64,
    /// Reopened (恢复执行) under their own number in the period: metrics.md's R, apart
    /// from the new cases N.
    r: i64,
    d: i64,
    e: i64,
    terminated: i64,
    /// Closed with no 结案方式 the rules could read: out of 实际执结率's numerator only
    /// when [`TrendOptions::unknown_method_not_actual`] asks.
    method_unknown: i64,
    ck_closed: i64,
    ck_completed: i64,
    claim_closed: i64,
    recovered_closed: i64,
    with_due: i64,
    within_due: i64,
}

/// The tables of one trend.
pub struct TrendTables {
    pub flows: DataFrame,
    pub ratios: DataFrame,
    pub breaches: DataFrame,
    pub anomalies: DataFrame,
    pub breach_count: usize,
    /// Cases without a 立案日期 counted as filed from their 案号's year
    pub filed_from_case_year: usize,
    /// Closures in scope over the whole range with no 结案方式 the rules could read: the
    /// evaluation says how many it left out of its 实际执结率
    /// ([`TrendOptions::unknown_method_not_actual`]).
    pub closed_method_unknown: i64,
    pub notes: Vec<String>,
}

/// First index whose value is `> x` (values sorted ascending).
fn first_above(v: &[i32], x: i32) -> usize {
    v.partition_point(|&s| s <= x)
}

/// First index whose value is `>= x`.
fn first_at_or_above(v: &[i32], x: i32) -> usize {
    v.partition_point(|&s| s < x)
}

/// The index of the period holding day `x`, if any.
fn period_of(starts: &[i32], ends: &[i32], x: i32) -> Option<usize> {
    let p = first_at_or_above(ends, x);
    (p < starts.len() && starts[p] <= x).then_some(p)
}

pub fn trend(
    c: &Cases,
    units: &Units,
    cfg: &CensusConfig,
    periods: &[Period],
    unknown_method_not_actual: bool,
) -> Result<TrendTables> {
    let (scope, _) = c.scope(&cfg.case_kinds);
    let ck: Vec<bool> = (0..c.n)
        .map(|i| c.kind_in(i, &cfg.completion_case_kinds))
        .collect();
    let calendar: Vec<&Period> = periods.iter().filter(|p| !p.total).collect();
    let total = periods.iter().find(|p| p.total);
    let np = calendar.len();
    let w = np + 1; // slots per unit: the calendar periods, then the whole range
    let starts: Vec<i32> = calendar.iter().map(|p| p.start).collect();
    let ends: Vec<i32> = calendar.iter().map(|p| p.end).collect();
    let (t_start, t_end) = total.map_or((0, -1), |t| (t.start, t.end));
    let thresholds = &cfg.disposition_within_days;

    let mut rows: Vec<(Level, u32)> = Vec::new();
    let mut row_period: Vec<usize> = Vec::new();
    let mut accs: Vec<Acc> = Vec::new();
    let mut within: Vec<Vec<i64>> = Vec::new();
    let mut with_duration: Vec<i64> = Vec::new();
    let mut medians: Vec<Option<f64>> = Vec::new();
    let mut closed_method_unknown = 0i64;

    for level in LEVELS {
        let Some(lu) = units.level(level) else {
            continue;
        };
        let nu = lu.keys.len();
        let mut acc = vec![Acc::default(); nu * w];
        let mut bdiff = vec![0i64; nu * (np + 1)];
        let mut ediff = vec![0i64; nu * (np + 1)];
        let mut durations: Vec<(u32, i64)> = Vec::new();
        for i in 0..c.n {
            let u = lu.of_case[i];
            if u == NONE || !(scope[i] || ck[i]) {
                continue;
            }
            let base = u as usize * w;
            // A case without a 立案日期 counts from the latest day it can have been filed,
            // as classify dates it (census counts it), listed in trend_case_anomalies.
            let f = c.filing_counted_on(i);
            // A closure without a 结案日期 counts by the latest day it can have been made
            // (the export's date): the census counts the case closed, so E on the as-of
            // date must not hold it. Its duration and whether it beat its due date are
            // unknown, so it stays out of those figures.
            let cl = c.closure_counted_on(i);
            let dated = c.closed_by_as_of(i).is_some();
            let in_scope = scope[i];
            if in_scope {
                if let Some(f) = f {
                    // B: periods whose first day is after filing and not after closing.
                    let lo = first_above(&starts, f);
                    let hi = cl.map_or(np, |cl| first_above(&starts, cl));
                    if lo < hi {
                        bdiff[u as usize * (np + 1) + lo] += 1;
                        bdiff[u as usize * (np + 1) + hi] -= 1;
                    }
                    // E: periods whose last day is on or after filing and before closing.
                    let lo = first_at_or_above(&ends, f);
                    let hi = cl.map_or(np, |cl| first_at_or_above(&ends, cl));
                    if lo < hi {
                        ediff[u as usize * (np + 1) + lo] += 1;
                        ediff[u as usize * (np + 1) + hi] -= 1;
                    }
                    if let Some(p) = period_of(&starts, &ends, f) {
                        acc[base + p].n += 1;
                    }
                    let t = &mut acc[base + np];
                    if f < t_start && cl.is_none_or(|cl| cl >= t_start) {
                        t.b += 1;
                    }
                    if (t_start..=t_end).contains(&f) {
                        t.n += 1;
                    }
                    if f <= t_end && cl.is_none_or(|cl| cl > t_end) {
                        t.e += 1;
                    }
                }
                // Reopened under its own number: pending again from that day (its closure
                // still counts in its month), so that the flows add up to the census's
                // pending cases; counted as reopened (R), not as a new case (N).
                if let Some(r) = c.reopened_on(i) {
                    let lo = first_above(&starts, r);
                    if lo < np {
                        bdiff[u as usize * (np + 1) + lo] += 1;
                        bdiff[u as usize * (np + 1) + np] -= 1;
                    }
                    let lo = first_at_or_above(&ends, r);
                    if lo < np {
                        ediff[u as usize * (np + 1) + lo] += 1;
                        ediff[u as usize * (np + 1) + np] -= 1;
                    }
                    if let Some(p) = period_of(&starts, &ends, r) {
                        acc[base + p].r += 1;
                    }
                    let t = &mut acc[base + np];
                    if r < t_start {
                        t.b += 1;
                    }
                    if (t_start..=t_end).contains(&r) {
                        t.r += 1;
                    }
                    if r <= t_end {
                        t.e += 1;
                    }
                }
            }
            let Some(cl) = cl else {
                continue;
            };
            let mut slots = [None, None];
            slots[0] = period_of(&starts, &ends, cl);
            if (t_start..=t_end).contains(&cl) {
                slots[1] = Some(np);
            }
            let terminated = c.closure[i] == Closure::TerminatedCurrent;
            let completed = c.closure[i] == Closure::Completed;
            let method_unknown = c.closure[i] == Closure::None;
            // A closure dated before the filing has no duration: it is listed in
            // trend_case_anomalies, and a negative one would pull the median below zero.
            // Nor has a case without a 立案日期 (dated from its 案号's year, its duration
            // would be a guess).
            let net = c.filed_on[i]
                .filter(|&f| dated && cl >= f)
                .map(|f| i64::from(cl - f) - c.deducted_days[i].unwrap_or(0));
            for p in slots.into_iter().flatten() {
                let a = &mut acc[base + p];
                if ck[i] {
                    a.ck_closed += 1;
                    a.ck_completed += i64::from(completed);
                }
                if !in_scope {
                    continue;
                }
                a.d += 1;
                a.terminated += i64::from(terminated);
                a.method_unknown += i64::from(method_unknown);
                if let Some(claim) = c.claim_fen[i] {
                    a.claim_closed += claim;
                    a.recovered_closed += c.recovered_fen[i].unwrap_or(0);
                }
                // Whether it beat its due date is a duration question too: unknown for a
                // closure without a date, for a case without a 立案日期 (its due date counts
                // from a guessed filing), and for one closed before it was filed (one of
                // the two dates is wrong; it would count as on time), so those are left
                // out of 法定期限内结案率, numerator and denominator, as of the durations.
                if let Some(due) = c.due_on[i].filter(|_| net.is_some()) {
                    a.with_due += 1;
                    a.within_due += i64::from(cl <= due);
                }
                if let Some(net) = net {
                    durations.push(((base + p) as u32, net));
                }
            }
        }
        for u in 0..nu {
            let (mut b, mut e) = (0i64, 0i64);
            for p in 0..np {
                b += bdiff[u * (np + 1) + p];
                e += ediff[u * (np + 1) + p];
                acc[u * w + p].b = b;
                acc[u * w + p].e = e;
            }
        }
        durations.sort_unstable();
        // Per slot: closed cases with a duration, within each threshold, median.
        let mut dur_stats: BTreeMap<u32, (i64, Vec<i64>, Option<f64>)> = BTreeMap::new();
        let mut k = 0;
        while k < durations.len() {
            let slot = durations[k].0;
            let mut j = k;
            while j < durations.len() && durations[j].0 == slot {
                j += 1;
            }
            let run: Vec<i64> = durations[k..j].iter().map(|x| x.1).collect();
            let n = run.len();
            let median = if n % 2 == 1 {
                Some(run[n / 2] as f64)
            } else {
                Some((run[n / 2 - 1] as f64 + run[n / 2] as f64) / 2.0)
            };
            let counts = thresholds
                .iter()
                .map(|&t| run.partition_point(|&d| d <= t) as i64)
                .collect();
            dur_stats.insert(slot, (n as i64, counts, median));
            k = j;
        }
        for u in units.order(level) {
            let base = u as usize * w;
            let any = acc[base..base + w].iter().any(|a| {
                a.b != 0 || a.n != 0 || a.r != 0 || a.d != 0 || a.e != 0 || a.ck_closed != 0
            });
            // A unit without a case in the range is left out, but not the whole (all): a
            // range in which nothing was pending, received or closed is a row of zeros per
            // period, not a missing trend (the evaluation's goal 4 and its monthly flows
            // read those rows: an idle campaign is 0 received and 0 closed, not unknown).
            if !any && level != Level::All {
                continue;
            }
            for p in 0..w {
                if p == np && total.is_none() {
                    continue;
                }
                rows.push((level, u));
                row_period.push(p);
                accs.push(acc[base + p]);
                if level == Level::All && p == np {
                    closed_method_unknown += acc[base + p].method_unknown;
                }
                match dur_stats.get(&((base + p) as u32)) {
                    Some((n, counts, med)) => {
                        with_duration.push(*n);
                        within.push(counts.clone());
                        medians.push(*med);
                    }
                    None => {
                        with_duration.push(0);
                        within.push(vec![0; thresholds.len()]);
                        medians.push(None);
                    }
                }
            }
        }
    }

    let period_of_row = |p: usize| -> &Period {
        if p == np {
            total.unwrap_or(calendar[0])
        } else {
            calendar[p]
        }
    };
    let n = rows.len();
    let kinds = cfg.kinds_text();
    let period_cols = |with_basis: bool| -> Result<Vec<Column>> {
        let mut v = vec![
            Column::new(
                "period".into(),
                row_period
                    .iter()
                    .map(|&p| period_of_row(p).label.clone())
                    .collect::<Vec<String>>(),
            ),
            date_col(
                "period_start",
                row_period
                    .iter()
                    .map(|&p| Some(period_of_row(p).start))
                    .collect(),
            )?,
            date_col(
                "period_end",
                row_period
                    .iter()
                    .map(|&p| Some(period_of_row(p).end))
                    .collect(),
            )?,
            bool_col(
                "partial",
                row_period
                    .iter()
                    .map(|&p| period_of_row(p).partial)
                    .collect(),
            ),
            bool_col(
                "whole_range",
                row_period.iter().map(|&p| period_of_row(p).total).collect(),
            ),
        ];
        if with_basis {
            v.push(Column::new(
                "period_days".into(),
                row_period
                    .iter()
                    .map(|&p| period_of_row(p).basis_days)
                    .collect::<Vec<f64>>(),
            ));
        }
        Ok(v)
    };
    let counts = |accs: &[Acc]| {
        vec![
            i64_col(ratios::PENDING_START, accs.iter().map(|a| a.b).collect()),
            i64_col(ratios::INCOMING, accs.iter().map(|a| a.n).collect()),
            i64_col(ratios::RESOLVED, accs.iter().map(|a| a.d).collect()),
            i64_col(ratios::PENDING_END, accs.iter().map(|a| a.e).collect()),
            i64_col(ratios::REOPENED, accs.iter().map(|a| a.r).collect()),
        ]
    };

    // trend_flows
    // B + N + R − D = E: a reopened case is pending again without being a new one.
    let gap: Vec<i64> = accs.iter().map(|a| a.b + a.n + a.r - a.d - a.e).collect();
    let mut cols = units.columns(&rows);
    cols.extend(period_cols(false)?);
    cols.extend(counts(&accs));
    cols.push(i64_col("identity_gap", gap.clone()));
    cols.push(bool_col(
        "identity_holds",
        gap.iter().map(|&g| g == 0).collect(),
    ));
    cols.push(const_str_col("case_kinds", &kinds, n));
    let flows = frame("trend_flows", cols)?;
    let breach_rows: Vec<IdxSize> = gap
        .iter()
        .enumerate()
        .filter(|(_, &g)| g != 0)
        .map(|(k, _)| k as IdxSize)
        .collect();
    let breach_count = breach_rows.len();
    let breaches = flows
        .take(&IdxCa::from_vec("idx".into(), breach_rows))
        .map_err(|e| Error::polars("building trend_breaches", e))?;

    // trend_ratios: the stock-flow ratios, by the days each period is expressed against.
    let mut cols = units.columns(&rows);
    cols.extend(period_cols(true)?);
    cols.extend(counts(&accs));
    let base = frame("trend_ratios", counts(&accs))?;
    let basis: Vec<f64> = row_period
        .iter()
        .map(|&p| period_of_row(p).basis_days)
        .collect();
    let mut distinct: Vec<f64> = basis.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut ratio_values: Vec<Vec<Option<f64>>> = vec![vec![None; n]; RATIO_COLUMNS.len()];
    for d in distinct {
        let out = ratios::with_ratios(base.clone().lazy(), true, d)
            .select(RATIO_COLUMNS.iter().map(|c| col(*c)).collect::<Vec<_>>())
            .collect()
            .map_err(|e| Error::polars("computing stock-flow ratios", e))?;
        for (k, name) in RATIO_COLUMNS.iter().enumerate() {
            let v = out
                .column(name)
                .and_then(|c| c.f64().cloned())
                .map_err(|e| Error::polars("computing stock-flow ratios", e))?;
            for (row, x) in v.iter().enumerate() {
                if basis[row] == d {
                    ratio_values[k][row] = x;
                }
            }
        }
    }
    for (k, name) in RATIO_COLUMNS.iter().enumerate() {
        cols.push(f64_col(name, std::mem::take(&mut ratio_values[k])));
    }
    // 受理: the pending, the new and the reopened cases a unit had in hand.
    let handled: Vec<i64> = accs.iter().map(|a| a.b + a.n + a.r).collect();
    cols.extend([
        i64_col("handled", handled.clone()),
        i64_col(
            "closed_terminated_current",
            accs.iter().map(|a| a.terminated).collect(),
        ),
        f64_col(
            "enforcement_closure_rate",
            accs.iter()
                .zip(&handled)
                .map(|(a, &h)| pct(a.d, h))
                .collect(),
        ),
        f64_col(
            "actual_closure_rate",
            accs.iter()
                .zip(&handled)
                .map(|(a, &h)| {
                    let unknown = if unknown_method_not_actual {
                        a.method_unknown
                    } else {
                        0
                    };
                    pct(a.d - a.terminated - unknown, h)
                })
                .collect(),
        ),
        i64_col(
            "completion_closed",
            accs.iter().map(|a| a.ck_closed).collect(),
        ),
        i64_col(
            "completion_completed",
            accs.iter().map(|a| a.ck_completed).collect(),
        ),
        f64_col(
            "completion_rate",
            accs.iter()
                .map(|a| pct(a.ck_completed, a.ck_closed))
                .collect(),
        ),
        f64_col(
            "terminated_current_rate",
            accs.iter().map(|a| pct(a.terminated, a.d)).collect(),
        ),
        i64_col(
            "claim_closed_fen",
            accs.iter().map(|a| a.claim_closed).collect(),
        ),
        i64_col(
            "recovered_closed_fen",
            accs.iter().map(|a| a.recovered_closed).collect(),
        ),
        f64_col(
            "recovery_rate",
            accs.iter()
                .map(|a| pct(a.recovered_closed, a.claim_closed))
                .collect(),
        ),
        i64_col("closed_with_due", accs.iter().map(|a| a.with_due).collect()),
        i64_col(
            "closed_within_due",
            accs.iter().map(|a| a.within_due).collect(),
        ),
        f64_col(
            "within_period_rate",
            accs.iter().map(|a| pct(a.within_due, a.with_due)).collect(),
        ),
        i64_col("closed_with_duration", with_duration.clone()),
    ]);
    for (k, t) in thresholds.iter().enumerate() {
        cols.push(f64_col(
            &format!("closed_within_{t}_share"),
            within
                .iter()
                .zip(&with_duration)
                .map(|(w, &n)| pct(w[k], n))
                .collect(),
        ));
    }
    cols.push(f64_col("median_disposition_days", medians));
    cols.push(const_str_col("case_kinds", &kinds, n));
    cols.push(const_str_col(
        "completion_rate_case_kinds",
        &cfg.completion_case_kinds.join(","),
        n,
    ));
    let ratios_df = frame("trend_ratios", cols)?;

    let (anomalies, mut notes, filed_from_case_year) = case_anomalies(c, &scope)?;
    let closures: Vec<i32> = (0..c.n).filter_map(|i| c.closed_by_as_of(i)).collect();
    if let (Some(t), Some(&earliest)) = (total, closures.iter().min()) {
        // Said only when the months without a closure are too many for chance: at the
        // court's pace after the first closure, five or more would have been expected in
        // them (a small court may well close nothing in a month).
        let latest = closures.iter().max().copied().unwrap_or(earliest);
        let span_after = f64::from((latest - earliest).max(30));
        let rate = closures.len() as f64 / span_after;
        let expected_before = rate * f64::from(earliest - t.start);
        if t.start + 31 < earliest && expected_before >= 5.0 {
            notes.push(format!(
                "{EARLIEST_CLOSURE_NOTE}{}; exports list closed cases only since \
                 a window start, so B, N and D before it are probably incomplete (choose \
                 --from on or after it)",
                super::aging::day_text(earliest)
            ));
        }
    }
    Ok(TrendTables {
        flows,
        ratios: ratios_df,
        breaches,
        anomalies,
        breach_count,
        filed_from_case_year,
        closed_method_unknown,
        notes,
    })
}

/// The problem `trend_case_anomalies` names for a case closed with no 结案日期: counted
/// closed by the export's date (the as-of date for a later export or one without a date),
/// the latest the closure can have been made, so its month's 结案 may be later than the
/// closure itself.
pub const UNDATED_CLOSURE: &str = "状态为已结但无结案日期，按导出日期（最晚可能的结案日）计入结案";

/// How the trend's note on the closed cases without a 结案日期 ends (`trend_meta.notes`,
/// after the count): the report says it in Chinese by it.
pub const UNDATED_CLOSURES_NOTE: &str = " closed cases have no 结案日期 (已结 with the date \
     left blank, or a sheet without the column): each counts as closed on its export's date, \
     the latest it can have been closed, so the 结案 of that month may hold closures of \
     earlier months (see trend_case_anomalies.parquet)";

/// The problem `trend_case_anomalies` names for a case without a 立案日期 whose 案号 gives
/// its year ([`Cases::filing_from_case_year`]): counted as received on the latest day it
/// can have been filed, as the census counts it.
pub const FILED_FROM_CASE_YEAR: &str =
    "无立案日期，按案号年度的最后一日（导出日期或结案日期更早的，按该日；即最晚可能的立案日，与普查相同）计入新收";

/// The reason given for a case without a 立案日期 whose 案号 has no year (暂无, a ledger's
/// sequence number), dated by the export listing it, as classify dates it.
pub const FILED_FROM_EXPORT: &str =
    "无立案日期，案号亦无年份，按导出日期（即最晚可能的立案日，与普查相同）计入新收";

/// How the trend's note on the cases dated from their 案号's year ends (`trend_meta.notes`,
/// after the count): the report says it in Chinese by it.
pub const FILED_FROM_CASE_YEAR_NOTE: &str = " cases without a 立案日期 are counted as received on \
     the last day of their 案号's year (or their export's or closure's date, when earlier, \
     or when the 案号 has no year), the latest day they can have been filed, as the census \
     counts them \
     (see trend_case_anomalies.parquet)";

/// Cases whose dates make the flows inconsistent or doubtful, and how many of them count
/// as filed from their 案号's year.
fn case_anomalies(c: &Cases, scope: &[bool]) -> Result<(DataFrame, Vec<String>, usize)> {
    let mut idx = Vec::new();
    let mut problem: Vec<String> = Vec::new();
    let mut from_year = 0;
    let mut undated_closures = 0;
    for i in 0..c.n {
        if !scope[i] {
            continue;
        }
        let f = c.filed_on[i];
        let cl = c.closed_by_as_of(i);
        let undated = c.undated_closure_by(i).is_some();
        undated_closures += usize::from(undated);
        let p = match (f, cl) {
            (Some(f), Some(cl)) if cl < f => {
                Some("结案日期早于立案日期，不计入结案周期和法定期限内结案率".to_string())
            }
            (None, _) if c.filing_from_case_year(i).is_some() => {
                from_year += 1;
                // No year in its 案号 (暂无, a ledger's sequence number): dated by its export.
                let how = if c
                    .case_key
                    .get(i)
                    .is_some_and(crate::classify::evaluate::key_has_year)
                {
                    FILED_FROM_CASE_YEAR
                } else {
                    FILED_FROM_EXPORT
                };
                Some(match (cl, undated) {
                    (Some(_), _) => format!("有结案日期而{how}，不计入结案周期"),
                    (None, true) => format!("{how}；{UNDATED_CLOSURE}"),
                    (None, false) => how.to_string(),
                })
            }
            // Open, and the latest day it can have been filed is after the as-of date (an
            // export made later, a 案号 of a later year): not yet received, as in the census.
            (None, _) => Some(
                "无立案日期，最晚可能的立案日（案号年度末或导出日期）晚于统计日，与普查相同不计入收结存"
                    .to_string(),
            ),
            _ if undated => Some(UNDATED_CLOSURE.to_string()),
            _ => None,
        };
        if let Some(p) = p {
            idx.push(i);
            problem.push(p);
        }
    }
    let mut notes = Vec::new();
    if !idx.is_empty() {
        notes.push(format!(
            "{} cases have inconsistent dates (see trend_case_anomalies.parquet)",
            idx.len()
        ));
    }
    if from_year > 0 {
        notes.push(format!("{from_year}{FILED_FROM_CASE_YEAR_NOTE}"));
    }
    // Said apart from the other anomalies: a sheet without a 结案日期 column makes every
    // closure of it one, and a statistician reading the months' 结案 should know that
    // they fall in the export's month.
    if undated_closures > 0 {
        notes.push(format!("{undated_closures}{UNDATED_CLOSURES_NOTE}"));
    }
    let df = frame(
        "trend_case_anomalies",
        vec![
            str_col("case_no", idx.iter().map(|&i| c.case_no(i)).collect()),
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
            date_col("closed_on", idx.iter().map(|&i| c.closed_on[i]).collect())?,
            Column::new("problem".into(), problem),
        ],
    )?;
    Ok((df, notes, from_year))
}

/// A period's dates for messages.
pub fn period_text(p: &Period) -> String {
    let d = |x: i32| date_of(x).map_or_else(|| x.to_string(), |d| d.to_string());
    format!("{} ({} … {})", p.label, d(p.start), d(p.end))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_trend_begun_years_before_the_data_is_warned_about() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let note = super::early_start_note(d("2015-01-01"), Some(d("2024-03-05"))).unwrap();
        assert!(note.starts_with("warning: "), "{note}");
        assert!(
            note.contains("9 years before") && note.contains("2024-03-05"),
            "{note}"
        );
        // A little early (a campaign's year, the start of the backlog's year): meant.
        assert_eq!(
            super::early_start_note(d("2022-03-05"), Some(d("2024-03-05"))),
            None
        );
        assert_eq!(super::early_start_note(d("2015-01-01"), None), None);
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn months_cut_to_the_range_and_a_whole_year_counts_365_days() {
        let p = periods(d("2023-03-01"), d("2024-02-29"), PeriodKind::Month).expect("periods");
        assert_eq!(p.len(), 13);
        assert_eq!(p[0].label, "2023-03");
        assert_eq!(p[11].label, "2024-02");
        assert_eq!(p[11].basis_days, 29.0);
        assert!(!p[11].partial);
        // Twelve whole months of a leap year: 365 days (CEPEJ), not 366.
        assert!(p[12].total);
        assert_eq!(p[12].basis_days, 365.0);
    }

    #[test]
    fn partial_periods_say_so() {
        let p = periods(d("2025-02-15"), d("2025-08-10"), PeriodKind::Quarter).expect("periods");
        let labels: Vec<&str> = p.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2025Q1", "2025Q2", "2025Q3", "2025-02-15~2025-08-10"]
        );
        assert!(p[0].partial && !p[1].partial && p[2].partial);
        assert_eq!(p[0].basis_days, 45.0); // 02-15 … 03-31
        assert_eq!(p[1].basis_days, 91.0);
        assert!(periods(d("2025-03-01"), d("2025-02-01"), PeriodKind::Month).is_err());
    }

    #[test]
    fn interval_lookups() {
        let starts = [10, 20, 30];
        let ends = [19, 29, 39];
        assert_eq!(period_of(&starts, &ends, 9), None);
        assert_eq!(period_of(&starts, &ends, 20), Some(1));
        assert_eq!(period_of(&starts, &ends, 39), Some(2));
        assert_eq!(period_of(&starts, &ends, 40), None);
        assert_eq!(first_above(&starts, 20), 2);
        assert_eq!(first_at_or_above(&ends, 20), 1);
    }
}
