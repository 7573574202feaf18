//! The projection model: monthly history from case dates, rates, the recursion, the band
//! and the back-test. Months are counted as `year · 12 + month − 1`.

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use serde::Serialize;

use super::{Pace, ProjectConfig, ProjectionRules};
use crate::census::frame::{date_col, f64_col, frame, str_col};
use crate::census::input::{date_of, epoch_days, Cases};
use crate::report::format::pct;
use crate::report::Said;
use crate::{Error, Result};

/// A calendar month as `year · 12 + month − 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    pub fn of_date(d: NaiveDate) -> Month {
        Month(d.year() * 12 + d.month0() as i32)
    }

    pub fn of_day(day: i32) -> Month {
        Month::of_date(date_of(day).unwrap_or_default())
    }

    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let y: i32 = y.parse().ok()?;
        let m: u32 = m.parse().ok()?;
        (1..=12).contains(&m).then(|| Month(y * 12 + m as i32 - 1))
    }

    pub fn plus(self, k: i32) -> Month {
        Month(self.0 + k)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0.div_euclid(12), self.0.rem_euclid(12) as u32 + 1, 1)
            .unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or_default()
    }

    /// 0 = January
    pub fn calendar(self) -> usize {
        self.0.rem_euclid(12) as usize
    }
}

pub fn month_label(m: Month) -> String {
    format!("{:04}-{:02}", m.0.div_euclid(12), m.0.rem_euclid(12) + 1)
}

/// Monthly counts from the case dates, up to day `t0`.
pub struct History {
    pub t0: i32,
    /// First month with a closure (exports list closures only since a window start)
    pub first: Month,
    /// Last complete month at `t0` that the exports cover ([`Cases::observed_to`])
    pub last: Month,
    /// Inflow per month: cases filed (新收) and cases reopened under their own number
    /// (恢复, trend_flows' R), which are pending again as a new case is
    pub received: Vec<f64>,
    pub closed: Vec<f64>,
    pub closed_overdue: Vec<f64>,
    pub due: Vec<f64>,
    pub closed_by_due: Vec<f64>,
    /// Pending at the end of each month
    pub pending_end: Vec<f64>,
    /// First day of the lookback window (for per-unit paces); set by
    /// [`History::set_lookback`]
    pub lookback_start: i32,
}

impl History {
    /// Counts months from the first closure to the last complete month at `t0`.
    /// `lookback` overrides nothing; the window start is set by [`Rates::estimate`].
    pub fn new(c: &Cases, t0: i32, first_override: Option<Month>) -> Result<History> {
        let first_closure = (0..c.n)
            .filter_map(|i| c.closed_on[i])
            .filter(|&d| d <= t0)
            .min()
            .ok_or_else(|| {
                // Closed cases whose 结案日期 is blank (已结, a sheet without the column) give
                // no month to count a pace in: said so, not that nothing was closed.
                let undated = (0..c.n)
                    .filter(|&i| c.closed_on[i].is_none() && c.undated_closure_by(i).is_some())
                    .count();
                Error::Usage(if undated > 0 {
                    format!(
                        "no closed case with a 结案日期 up to the projection date ({undated} \
                         closed cases have none: 已结 with the date left blank, or a sheet \
                         without the column): no pace to project from"
                    )
                } else {
                    "no closed case in the run up to the projection date: no pace to project \
                     from"
                        .into()
                })
            })?;
        let first = first_override.unwrap_or_else(|| Month::of_day(first_closure));
        let t0_date = date_of(t0).unwrap_or_default();
        // Months after the exports' date are not in the data: counted, they would be months
        // with nothing filed or closed, and the recent pace would average them in. So the
        // history ends with the last complete month the exports cover.
        let seen_to = date_of(t0.min(c.observed_to())).unwrap_or(t0_date);
        let m0 = Month::of_date(seen_to);
        let last = if m0.last_day() == seen_to {
            m0
        } else {
            m0.plus(-1)
        };
        if last < first {
            return Err(Error::Usage(format!(
                "less than one complete month of closures before {t0_date}: no pace to project from"
            )));
        }
        let len = (last.0 - first.0 + 1) as usize;
        let idx = |day: i32| -> Option<usize> {
            let m = Month::of_day(day);
            (m >= first && m <= last).then(|| (m.0 - first.0) as usize)
        };
        let mut h = History {
            t0,
            first,
            last,
            received: vec![0.0; len],
            closed: vec![0.0; len],
            closed_overdue: vec![0.0; len],
            due: vec![0.0; len],
            closed_by_due: vec![0.0; len],
            pending_end: vec![0.0; len],
            lookback_start: epoch_days(first.first_day()),
        };
        // Pending at a month end: filed by then, not closed by then (closures after t0
        // unknown at t0) or reopened since. Counted with a difference array over the months.
        let mut diff = vec![0.0f64; len + 1];
        let first_day = epoch_days(first.first_day());
        for i in 0..c.n {
            let Some(filed) = c.filed_on[i].filter(|&f| f <= t0) else {
                continue;
            };
            // A closure dated before the filing (a typo ingest keeps and trend lists in
            // trend_case_anomalies) still counts in its month, as trend_flows' D and the
            // census count it: dropping it would leave the case pending for ever, one more
            // than every other table from its filing on. Its pending span is then empty.
            let closed = c.closed_on[i].filter(|&d| d <= t0);
            if let Some(k) = idx(filed) {
                h.received[k] += 1.0;
            }
            if let Some(d) = closed {
                if let Some(k) = idx(d) {
                    h.closed[k] += 1.0;
                    if c.due_on[i].is_some_and(|due| d > due) {
                        h.closed_overdue[k] += 1.0;
                    }
                }
            }
            if let Some(due) = c.due_on[i].filter(|&d| d <= t0) {
                if let Some(k) = idx(due) {
                    h.due[k] += 1.0;
                    if closed.is_some_and(|d| d <= due) {
                        h.closed_by_due[k] += 1.0;
                    }
                }
            }
            // +1 from the month it was filed in (or the first month), −1 from the month
            // after it closed.
            let start = if filed < first_day {
                0
            } else {
                idx(filed).unwrap_or(len)
            };
            let stop = match closed {
                // Closed before the first month: not pending in it (unless reopened).
                Some(d) if d < first_day => 0,
                Some(d) => idx(d).map_or(len, |k| k),
                None => len,
            };
            if start < stop {
                diff[start] += 1.0;
                diff[stop] -= 1.0;
            }
            // Reopened under its own number (恢复执行 after its closure) by `t0`: pending
            // again from that month, an inflow as a new case is (trend_flows' R), so that
            // the history adds up to trend_flows' and the census's pending cases and the
            // recent intake the projection runs on holds the reopenings.
            if let Some(r) = closed.and(c.reopened_on(i)).filter(|&r| r <= t0) {
                if let Some(k) = idx(r) {
                    h.received[k] += 1.0;
                }
                let start = if r < first_day {
                    0
                } else {
                    idx(r).unwrap_or(len)
                };
                if start < len {
                    diff[start] += 1.0;
                    diff[len] -= 1.0;
                }
            }
        }
        let mut run = 0.0;
        for (k, slot) in h.pending_end.iter_mut().enumerate() {
            run += diff[k];
            *slot = run;
        }
        Ok(h)
    }

    pub fn len(&self) -> usize {
        self.received.len()
    }

    /// The lookback window: the last `months` complete months (all when fewer).
    pub fn lookback(&self, months: u32) -> usize {
        (months as usize).min(self.len()).max(1)
    }

    /// Moves the window start of the per-unit paces to the first lookback month.
    pub fn set_lookback(&mut self, months: u32) {
        let l = self.lookback(months);
        self.lookback_start = epoch_days(self.first.plus((self.len() - l) as i32).first_day());
    }

    pub fn is_empty(&self) -> bool {
        self.received.is_empty()
    }

    /// Case `i` was closed overdue inside the lookback window.
    pub fn recent_overdue_closure(&self, c: &Cases, i: usize) -> bool {
        match (c.closed_on[i], c.due_on[i]) {
            (Some(d), Some(due)) => d >= self.lookback_start && d <= self.t0 && d > due,
            _ => false,
        }
    }
}

/// The rates the projection runs on.
#[derive(Debug, Clone, Serialize)]
pub struct Rates {
    pub lookback_used: usize,
    pub received: f64,
    pub closed: f64,
    /// Standard deviation of received − closed over the lookback months
    pub net_sd: f64,
    /// Standard deviation of the monthly closures of overdue cases
    pub backlog_closures_sd: f64,
    /// Cases falling overdue a month: due that month and not closed by their due date.
    /// Unbiased by the exports' window: a case due inside it that was still pending on
    /// its due date is listed even when it closed before the window's cases that were
    /// not.
    pub new_overdue: f64,
    pub new_overdue_sd: f64,
    /// Share of closures that were of overdue cases (β)
    pub overdue_share_of_closures: f64,
    pub seasonal: bool,
    pub season_received: [f64; 12],
    pub season_closed: [f64; 12],
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

fn seasonal_factors(h: &History, v: &[f64]) -> [f64; 12] {
    let overall = mean(v);
    let mut sum = [0.0; 12];
    let mut n = [0usize; 12];
    for (k, x) in v.iter().enumerate() {
        let cal = h.first.plus(k as i32).calendar();
        sum[cal] += x;
        n[cal] += 1;
    }
    let mut f = [1.0; 12];
    if overall > 0.0 {
        for k in 0..12 {
            if n[k] > 0 {
                f[k] = (sum[k] / n[k] as f64 / overall).clamp(0.25, 4.0);
            }
        }
    }
    f
}

impl Rates {
    pub fn estimate(h: &History, rules: &ProjectionRules) -> Rates {
        let l = h.lookback(rules.lookback_months);
        let from = h.len().saturating_sub(l);
        let recv = &h.received[from..];
        let clos = &h.closed[from..];
        let net: Vec<f64> = recv.iter().zip(clos).map(|(a, b)| a - b).collect();
        let co = &h.closed_overdue[from..];
        let closed_sum: f64 = clos.iter().sum();
        let seasonal = h.len() >= rules.seasonality_min_months as usize;
        let fell: Vec<f64> = h.due[from..]
            .iter()
            .zip(&h.closed_by_due[from..])
            .map(|(d, c)| d - c)
            .collect();
        let season_received = if seasonal {
            seasonal_factors(h, &h.received)
        } else {
            [1.0; 12]
        };
        let season_closed = if seasonal {
            seasonal_factors(h, &h.closed)
        } else {
            [1.0; 12]
        };
        // The level is the recent mean with each month's seasonal factor taken out, so a
        // run of high-season months is not boosted twice when the factor is applied again.
        let level = |v: &[f64], f: &[f64; 12]| {
            mean(
                &v.iter()
                    .enumerate()
                    .map(|(k, x)| x / f[h.first.plus((from + k) as i32).calendar()])
                    .collect::<Vec<_>>(),
            )
        };
        Rates {
            new_overdue: mean(&fell),
            new_overdue_sd: sd(&fell),
            lookback_used: l,
            received: level(recv, &season_received),
            closed: level(clos, &season_closed),
            net_sd: sd(&net),
            backlog_closures_sd: sd(co),
            overdue_share_of_closures: if closed_sum > 0.0 {
                co.iter().sum::<f64>() / closed_sum
            } else {
                0.0
            },
            seasonal,
            season_received,
            season_closed,
        }
    }
}

/// The stock at the start of the projection.
pub struct State {
    pub pending: i64,
    pub backlog: i64,
    pub overdue: i64,
    /// The classified backlog of the run (true) or one rebuilt from dates (back-test)
    from_classify: bool,
    t: i32,
}

impl State {
    /// The run's own state at its as-of date: the classified backlog.
    pub fn now(c: &Cases) -> State {
        let mut s = State {
            pending: 0,
            backlog: 0,
            overdue: 0,
            from_classify: true,
            t: c.as_of_day,
        };
        for i in 0..c.n {
            if !c.status[i].is_open() {
                continue;
            }
            s.pending += 1;
            s.backlog += i64::from(c.in_backlog[i]);
            let overdue = c.overdue_days[i].is_some_and(|d| d > 0);
            s.overdue += i64::from(overdue);
        }
        s
    }

    /// The state at a past day `t`, rebuilt from dates: pending = filed by `t` and not
    /// closed by `t`; backlog = overdue = pending past the due date known today.
    pub fn at(c: &Cases, t: i32) -> State {
        let mut s = State {
            pending: 0,
            backlog: 0,
            overdue: 0,
            from_classify: false,
            t,
        };
        for i in 0..c.n {
            if !pending_at(c, i, t) {
                continue;
            }
            s.pending += 1;
            if c.due_on[i].is_some_and(|due| due < t) {
                s.backlog += 1;
                s.overdue += 1;
            }
        }
        s
    }

    pub fn in_backlog(&self, c: &Cases, i: usize) -> bool {
        if self.from_classify {
            c.in_backlog[i] && c.status[i].is_open()
        } else {
            pending_at(c, i, self.t) && c.due_on[i].is_some_and(|d| d < self.t)
        }
    }
}

/// Case `i` pending at day `t`: filed by then and not closed by then, or reopened under
/// its own number since its closure (as [`History`] and trend_flows count it).
fn pending_at(c: &Cases, i: usize, t: i32) -> bool {
    c.filed_on[i].is_some_and(|f| f <= t)
        && (c.closed_on[i].is_none_or(|d| d > t) || c.reopened_on(i).is_some_and(|r| r <= t))
}

/// One projected month.
#[derive(Debug, Clone)]
pub struct Step {
    pub month: Month,
    pub received: f64,
    pub closed: f64,
    pub new_overdue: f64,
    pub backlog_closures: f64,
    pub pending: f64,
    pub pending_low: f64,
    pub pending_high: f64,
    pub backlog: f64,
    pub backlog_low: f64,
    pub backlog_high: f64,
    pub overdue: f64,
    /// The day the figures are at: the month's last day, or `until` when the projection
    /// ends inside the month
    pub through: NaiveDate,
}

pub struct Projection {
    pub first_month: Month,
    pub steps: Vec<Step>,
    /// Months projected to `until`, each partial month (the state's, `until`'s) counted by
    /// its share of days: the time the required paces are spread over
    pub months_to_until: f64,
    pub pending_at_until: f64,
    pub backlog_at_until: f64,
    pub backlog_cleared_in: Option<Month>,
    /// Central pending per month beyond `until` too, for "when?"
    pending_path: Vec<(Month, f64)>,
    state_backlog: i64,
    state_overdue: i64,
    state_pending: i64,
    /// The month of the state's day (the as-of date): a target met today is met in it,
    /// not in the first projected month
    state_month: Month,
}

/// Projects month by month from the month after the state's day to `cfg.until`, and
/// on to the horizon limit for "when?".
pub fn project(
    _h: &History,
    r: &Rates,
    s: &State,
    cfg: &ProjectConfig,
    _as_of: NaiveDate,
    what_if: bool,
) -> Result<Projection> {
    let first = Month::of_day(s.t + 1);
    let until = Month::of_date(cfg.until);
    let until_day = epoch_days(cfg.until);
    let limit =
        (cfg.rules.horizon_limit_months as usize).max((until.0 - first.0 + 1).max(0) as usize);
    let overdue_ratio = if s.backlog > 0 {
        s.overdue as f64 / s.backlog as f64
    } else {
        1.0
    };
    let z = cfg.rules.band_z;
    // Net monthly change of the backlog varies with both of its flows.
    let backlog_sd = (r.backlog_closures_sd.powi(2) + r.new_overdue_sd.powi(2)).sqrt();
    let mut pending = s.pending as f64;
    let mut backlog = s.backlog as f64;
    let mut steps = Vec::new();
    let mut path = Vec::new();
    let mut cleared = if s.backlog == 0 { Some(first) } else { None };
    // The projection runs over spans of days, each inside one month, and its monthly rates
    // are taken by the span's share of the month: a state taken mid-month leaves only the
    // rest of that month, and an `until` inside a month ends the reported projection on
    // that day (the rest of the month is projected on for "when?", not reported). So a
    // campaign ending on 2026-03-01 gets the figures of 2026-03-01, not of 2026-03-31.
    let mut spans: Vec<(Month, i32, i32)> = Vec::new();
    {
        let mut day = s.t;
        for h in 0..limit {
            let m = first.plus(h as i32);
            let end = epoch_days(m.last_day());
            if day < until_day && until_day < end {
                spans.push((m, day, until_day));
                day = until_day;
            }
            spans.push((m, day, end));
            day = end;
        }
    }
    let mut months_to_until = 0.0;
    let mut elapsed = 0.0;
    for (m, from_day, to_day) in spans {
        let days_in = (epoch_days(m.last_day()) - epoch_days(m.first_day()) + 1) as f64;
        let share = (f64::from(to_day - from_day) / days_in).clamp(0.0, 1.0);
        let reported = to_day <= until_day;
        elapsed += share;
        if reported {
            months_to_until += share;
        }
        let active = what_if && cfg.what_if.from.is_none_or(|f| m >= f);
        let wi = |pct: f64| if active { 1.0 + pct / 100.0 } else { 1.0 };
        let n = share
            * r.received
            * r.season_received[m.calendar()]
            * wi(cfg.what_if.intake_change_pct);
        let d = share
            * match cfg.pace {
                Pace::Observed => {
                    r.closed * r.season_closed[m.calendar()] * wi(cfg.what_if.closure_change_pct)
                }
                Pace::ClosuresPerMonth(k) => k,
                Pace::ClearanceRate(rate) => rate / 100.0 * n / share.max(f64::MIN_POSITIVE),
            };
        // Cases fall overdue at the recent rate; a what-if change of intake reaches them
        // six months later (the statutory period).
        let lagged = what_if && m >= cfg.what_if.from.unwrap_or(first).plus(6);
        // 积案 are 未结 cases: a case falls overdue only from the pending cases not yet in
        // the backlog. Without this bound a court that has emptied itself keeps adding
        // cases to a backlog it does not hold (pending below the backlog, then below zero).
        let new_overdue = (share
            * r.new_overdue
            * if lagged {
                1.0 + cfg.what_if.intake_change_pct / 100.0
            } else {
                1.0
            })
        .min((pending - backlog).max(0.0));
        let bc = (d * r.overdue_share_of_closures).min(backlog + new_overdue);
        backlog = backlog + new_overdue - bc;
        // The backlog follows its own recursion (the one the report prints), and pending
        // is what must give: at a recent pace where closures outrun intake, pending
        // would otherwise fall to zero while cases keep arriving, and clipping the
        // backlog to it would clear the backlog by that impossible path instead (a
        // tester's 2030-02 against the printed model's 2032-02). So pending never falls
        // below the backlog plus the month's new cases (none of which can be overdue
        // yet); the closures beyond that are not made. Backlog closures stay within the
        // closures. With new overdue cases drawn from the pending ones outside the backlog,
        // `pending + n − bc ≥ backlog + n`, so the floor holds and pending ≥ backlog ≥ 0.
        let floor = backlog + n;
        let pending_next = (pending + n - d).max(floor).min(pending + n - bc);
        let d = pending + n - pending_next;
        pending = pending_next;
        // The band widens with the time projected, partial months by their share.
        let k = elapsed.sqrt();
        let backlog_low = (backlog - z * backlog_sd * k).max(0.0);
        let backlog_high = backlog + z * backlog_sd * k;
        // Pending is never below the backlog, so neither is any quantile of it: each end
        // of the pending band is at least the same end of the backlog band (and ≥ 0).
        let pending_low = (pending - z * r.net_sd * k).max(backlog_low).max(0.0);
        let pending_high = (pending + z * r.net_sd * k).max(backlog_high);
        if cleared.is_none() && backlog < 0.5 {
            cleared = Some(m);
        }
        path.push((m, pending));
        if reported {
            steps.push(Step {
                month: m,
                received: n,
                closed: d,
                new_overdue,
                backlog_closures: bc,
                pending,
                pending_low,
                pending_high,
                backlog,
                backlog_low,
                backlog_high,
                overdue: (backlog * overdue_ratio).min(pending),
                through: date_of(to_day).unwrap_or_default(),
            });
        }
    }
    let (pending_at_until, backlog_at_until) = steps
        .last()
        .map_or((s.pending as f64, s.backlog as f64), |st| {
            (st.pending, st.backlog)
        });
    Ok(Projection {
        first_month: first,
        steps,
        months_to_until,
        pending_at_until,
        backlog_at_until,
        backlog_cleared_in: cleared,
        pending_path: path,
        state_backlog: s.backlog,
        state_overdue: s.overdue,
        state_pending: s.pending,
        state_month: Month::of_day(s.t),
    })
}

impl Projection {
    /// The first month pending is at or below `target`: the as-of month when it already
    /// is, else the first projected month it falls there.
    pub fn first_month_pending_at_most(&self, target: f64) -> Option<Month> {
        if self.state_pending as f64 <= target {
            return Some(self.state_month);
        }
        self.pending_path
            .iter()
            .find(|(_, p)| *p <= target)
            .map(|(m, _)| *m)
    }

    /// `project_monthly`: the last two years of history, then the projection.
    pub fn frame(&self, h: &History) -> Result<DataFrame> {
        let mut month = Vec::new();
        let mut start = Vec::new();
        let mut through = Vec::new();
        let mut kind = Vec::new();
        let mut cols: [Vec<Option<f64>>; 11] = Default::default();
        let from = h.len().saturating_sub(24);
        for k in from..h.len() {
            let m = h.first.plus(k as i32);
            month.push(Some(month_label(m)));
            start.push(Some(epoch_days(m.first_day())));
            through.push(Some(epoch_days(m.last_day())));
            kind.push(Some("history"));
            let last = k + 1 == h.len() && self.first_month == m.plus(1);
            let vals = [
                Some(h.received[k]),
                Some(h.closed[k]),
                None,
                None,
                Some(h.pending_end[k]),
                None,
                None,
                last.then_some(self.state_backlog as f64),
                None,
                None,
                last.then_some(self.state_overdue as f64),
            ];
            for (c, v) in cols.iter_mut().zip(vals) {
                c.push(v);
            }
        }
        for st in &self.steps {
            month.push(Some(month_label(st.month)));
            start.push(Some(epoch_days(st.month.first_day())));
            through.push(Some(epoch_days(st.through)));
            kind.push(Some("projection"));
            let vals = [
                st.received,
                st.closed,
                st.new_overdue,
                st.backlog_closures,
                st.pending,
                st.pending_low,
                st.pending_high,
                st.backlog,
                st.backlog_low,
                st.backlog_high,
                st.overdue,
            ];
            for (c, v) in cols.iter_mut().zip(vals) {
                c.push(Some(v));
            }
        }
        let names = [
            "received",
            "closed",
            "new_overdue",
            "backlog_closures",
            "pending",
            "pending_low",
            "pending_high",
            "backlog",
            "backlog_low",
            "backlog_high",
            "overdue",
        ];
        let mut out = vec![
            str_col("month", month),
            date_col("month_start", start)?,
            date_col("through", through)?,
            str_col("kind", kind),
        ];
        for (n, c) in names.iter().zip(cols) {
            out.push(f64_col(n, c));
        }
        frame("project_monthly", out)
    }
}

/// The model run from a past month and compared with what happened.
#[derive(Debug, Clone, Serialize)]
pub struct Backtest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub months: Vec<String>,
    pub actual_pending: Vec<f64>,
    pub projected_pending: Vec<f64>,
    pub pending_low: Vec<f64>,
    pub pending_high: Vec<f64>,
    pub actual_backlog: Vec<f64>,
    pub projected_backlog: Vec<f64>,
    /// Mean absolute percentage error of pending
    pub pending_mape: f64,
    pub backlog_mape: Option<f64>,
    /// Share of months whose actual pending fell inside the band
    pub band_coverage: f64,
}

impl Backtest {
    /// The back-test in a sentence, in both languages with the same figures; percentages
    /// to two decimals as every percentage shown (metrics.md, "Rounding when shown").
    pub fn summary(&self) -> Said {
        let (pending, backlog, band) = (
            pct(Some(self.pending_mape)),
            pct(self.backlog_mape),
            pct(Some(100.0 * self.band_coverage)),
        );
        Said::new(
            format!(
                "自{}起按同一模型预测至{}（{}个月）：未结平均绝对百分比误差 {pending}，超期未结 {backlog}（回测按超期计积案：过去某日的中止、暂缓无从得知）；实际未结落在区间内的月份占 {band}",
                self.from,
                self.to,
                self.months.len(),
            ),
            format!(
                "projected with the same model from {} to {} ({} months): mean absolute percentage \
                 error {pending} for pending, {backlog} for overdue pending (the back-test counts \
                 the backlog as the overdue cases: past suspensions and deferrals are not known); \
                 actual pending inside the band in {band} of the months",
                self.from,
                self.to,
                self.months.len(),
            ),
        )
    }

    pub fn frame(&self) -> Result<DataFrame> {
        let err: Vec<Option<f64>> = self
            .actual_pending
            .iter()
            .zip(&self.projected_pending)
            .map(|(a, p)| (*a > 0.0).then(|| 100.0 * (p - a) / a))
            .collect();
        let o = |v: &Vec<f64>| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        frame(
            "project_backtest",
            vec![
                str_col("month", self.months.iter().map(Some).collect()),
                f64_col("actual_pending", o(&self.actual_pending)),
                f64_col("projected_pending", o(&self.projected_pending)),
                f64_col("pending_low", o(&self.pending_low)),
                f64_col("pending_high", o(&self.pending_high)),
                f64_col("pending_error_rate", err),
                f64_col("actual_backlog", o(&self.actual_backlog)),
                f64_col("projected_backlog", o(&self.projected_backlog)),
            ],
        )
    }

    /// A back-test of no months.
    fn empty() -> Backtest {
        Backtest {
            from: NaiveDate::default(),
            to: NaiveDate::default(),
            months: Vec::new(),
            actual_pending: Vec::new(),
            projected_pending: Vec::new(),
            pending_low: Vec::new(),
            pending_high: Vec::new(),
            actual_backlog: Vec::new(),
            projected_backlog: Vec::new(),
            pending_mape: 0.0,
            backlog_mape: None,
            band_coverage: 0.0,
        }
    }

    pub fn empty_frame() -> Result<DataFrame> {
        Backtest::empty().frame()
    }
}

/// Projects from the end of March of the first year with closures from January on (month
/// 3 of a past year), to the last complete month, and compares with the run's own dates.
/// None when the history is too short (less than three months before and after).
pub fn backtest(c: &Cases, rules: &ProjectionRules) -> Result<Option<Backtest>> {
    let Ok(full) = History::new(c, c.as_of_day, None) else {
        return Ok(None);
    };
    let mut year = full.first.0.div_euclid(12);
    if full.first.calendar() > 0 {
        year += 1;
    }
    let start = Month(year * 12 + 2); // March
    if start.plus(3) > full.last || start < full.first.plus(2) {
        return Ok(None);
    }
    let t0 = epoch_days(start.last_day());
    let mut h = History::new(c, t0, Some(full.first))?;
    h.set_lookback(rules.lookback_months);
    let r = Rates::estimate(&h, rules);
    let s = State::at(c, t0);
    let cfg = ProjectConfig {
        until: full.last.last_day(),
        pace: Pace::Observed,
        by: None,
        target_pending: None,
        what_if: Default::default(),
        rules: rules.clone(),
        census: crate::census::CensusConfig::built_in()?,
    };
    let p = project(&h, &r, &s, &cfg, date_of(t0).unwrap_or_default(), false)?;
    let mut b = Backtest {
        from: date_of(t0).unwrap_or_default(),
        to: full.last.last_day(),
        months: Vec::new(),
        actual_pending: Vec::new(),
        projected_pending: Vec::new(),
        pending_low: Vec::new(),
        pending_high: Vec::new(),
        actual_backlog: Vec::new(),
        projected_backlog: Vec::new(),
        pending_mape: 0.0,
        backlog_mape: None,
        band_coverage: 0.0,
    };
    let (mut ape, mut bape, mut nb, mut inside) = (0.0, 0.0, 0usize, 0usize);
    for st in &p.steps {
        let k = (st.month.0 - full.first.0) as usize;
        let actual = full.pending_end[k];
        let day = epoch_days(st.month.last_day());
        let actual_backlog = State::at(c, day).backlog as f64;
        b.months.push(month_label(st.month));
        b.actual_pending.push(actual);
        b.projected_pending.push(st.pending);
        b.pending_low.push(st.pending_low);
        b.pending_high.push(st.pending_high);
        b.actual_backlog.push(actual_backlog);
        b.projected_backlog.push(st.backlog);
        if actual > 0.0 {
            ape += (st.pending - actual).abs() / actual;
        }
        if actual_backlog > 0.0 {
            bape += (st.backlog - actual_backlog).abs() / actual_backlog;
            nb += 1;
        }
        inside += usize::from(actual >= st.pending_low && actual <= st.pending_high);
    }
    let n = b.months.len().max(1) as f64;
    b.pending_mape = 100.0 * ape / n;
    b.backlog_mape = (nb > 0).then(|| 100.0 * bape / nb as f64);
    b.band_coverage = inside as f64 / n;
    Ok(Some(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::WhatIf;

    fn rates(received: f64, closed: f64, beta: f64, new_overdue: f64) -> Rates {
        Rates {
            lookback_used: 6,
            received,
            closed,
            net_sd: 2.0,
            backlog_closures_sd: 1.0,
            new_overdue,
            new_overdue_sd: 0.0,
            overdue_share_of_closures: beta,
            seasonal: false,
            season_received: [1.0; 12],
            season_closed: [1.0; 12],
        }
    }

    fn state() -> State {
        State {
            pending: 100,
            backlog: 40,
            overdue: 30,
            from_classify: true,
            t: epoch_days(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
        }
    }

    fn cfg(pace: Pace, what_if: WhatIf) -> ProjectConfig {
        ProjectConfig {
            until: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            pace,
            by: None,
            target_pending: None,
            what_if,
            rules: ProjectionRules::load(None).unwrap(),
            census: crate::census::CensusConfig::built_in().unwrap(),
        }
    }

    fn run(r: &Rates, s: &State, c: &ProjectConfig) -> Projection {
        let h = History {
            t0: s.t,
            first: Month(0),
            last: Month(0),
            received: vec![],
            closed: vec![],
            closed_overdue: vec![],
            due: vec![],
            closed_by_due: vec![],
            pending_end: vec![],
            lookback_start: 0,
        };
        project(&h, r, s, c, NaiveDate::default(), true).unwrap()
    }

    #[test]
    fn constant_rates_project_exactly() {
        let p = run(
            &rates(10.0, 8.0, 0.5, 0.0),
            &state(),
            &cfg(Pace::Observed, WhatIf::default()),
        );
        let months: Vec<String> = p.steps.iter().map(|s| month_label(s.month)).collect();
        assert_eq!(months, ["2026-03", "2026-04", "2026-05", "2026-06"]);
        let pending: Vec<f64> = p.steps.iter().map(|s| s.pending).collect();
        assert_eq!(pending, [102.0, 104.0, 106.0, 108.0]);
        let backlog: Vec<f64> = p.steps.iter().map(|s| s.backlog).collect();
        assert_eq!(backlog, [36.0, 32.0, 28.0, 24.0]);
        // Overdue keeps the share it has in the backlog now (30 of 40).
        assert_eq!(p.steps[3].overdue, 18.0);
        // 40 cases at 4 a month: zero after the tenth month, 2026-12.
        assert_eq!(
            p.backlog_cleared_in.map(month_label).as_deref(),
            Some("2026-12")
        );
        // Band: ± 1.645 × 2 × √h around the central value.
        let s = &p.steps[3];
        assert!((s.pending_high - s.pending - 1.645 * 2.0 * 2.0).abs() < 1e-9);
        assert!((s.pending - s.pending_low - 1.645 * 2.0 * 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_set_pace_replaces_the_observed_one() {
        let r = rates(10.0, 8.0, 0.5, 0.0);
        let p = run(
            &r,
            &state(),
            &cfg(Pace::ClosuresPerMonth(12.0), WhatIf::default()),
        );
        let pending: Vec<f64> = p.steps.iter().map(|s| s.pending).collect();
        assert_eq!(pending, [98.0, 96.0, 94.0, 92.0]);
        let backlog: Vec<f64> = p.steps.iter().map(|s| s.backlog).collect();
        assert_eq!(backlog, [34.0, 28.0, 22.0, 16.0]);
        let p = run(
            &r,
            &state(),
            &cfg(Pace::ClearanceRate(150.0), WhatIf::default()),
        );
        assert_eq!(p.steps[0].closed, 15.0);
        assert_eq!(p.steps[1].pending, 90.0);
        assert_eq!(p.steps[1].backlog, 25.0);
    }

    #[test]
    fn what_if_applies_from_its_month() {
        let w = WhatIf {
            from: Month::parse("2026-05"),
            intake_change_pct: -10.0,
            closure_change_pct: 50.0,
            moves: vec![],
        };
        let p = run(
            &rates(10.0, 8.0, 0.5, 0.0),
            &state(),
            &cfg(Pace::Observed, w),
        );
        let closed: Vec<f64> = p.steps.iter().map(|s| s.closed).collect();
        assert_eq!(closed, [8.0, 8.0, 12.0, 12.0]);
        let received: Vec<f64> = p.steps.iter().map(|s| s.received).collect();
        assert_eq!(received, [10.0, 10.0, 9.0, 9.0]);
        assert_eq!(p.steps[3].pending, 100.0 + 2.0 + 2.0 - 3.0 - 3.0);
    }

    #[test]
    fn cases_fall_overdue_at_the_recent_rate_and_intake_reaches_them_later() {
        let mut c = cfg(Pace::Observed, WhatIf::default());
        c.until = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let p = run(&rates(10.0, 8.0, 0.5, 3.0), &state(), &c);
        // 40 + 3 − 4 a month.
        let backlog: Vec<f64> = p.steps.iter().map(|s| s.backlog).collect();
        assert_eq!(backlog, [39.0, 38.0, 37.0, 36.0, 35.0, 34.0, 33.0]);
        // 20 % more receipts from April: more cases fall overdue six months later.
        c.what_if = WhatIf {
            from: Month::parse("2026-04"),
            intake_change_pct: 20.0,
            closure_change_pct: 0.0,
            moves: vec![],
        };
        let p = run(&rates(10.0, 8.0, 0.5, 3.0), &state(), &c);
        let newo: Vec<f64> = p.steps.iter().map(|s| s.new_overdue).collect();
        assert_eq!(newo, [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]);
        let mut c2 = c.clone();
        c2.until = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let p = run(&rates(10.0, 8.0, 0.5, 3.0), &state(), &c2);
        assert_eq!(p.steps.last().unwrap().new_overdue, 3.0 * 1.2);
    }

    /// d-projection-negative-pending, d-projection-backlog-exceeds-pending: 积案 are 未结
    /// cases, so the projection keeps 0 ≤ backlog ≤ pending in every month, the band's
    /// ends too, however the recent rates run.
    #[test]
    fn the_backlog_stays_within_pending_and_pending_above_zero() {
        let check = |p: &Projection| {
            for st in &p.steps {
                let m = month_label(st.month);
                assert!(st.backlog >= 0.0, "{m}: backlog {}", st.backlog);
                assert!(
                    st.pending >= st.backlog,
                    "{m}: {} < {}",
                    st.pending,
                    st.backlog
                );
                assert!(st.overdue <= st.pending, "{m}: overdue {}", st.overdue);
                assert!(
                    st.pending_low >= st.backlog_low && st.pending_low >= 0.0,
                    "{m}"
                );
                assert!(st.pending_high >= st.backlog_high, "{m}");
                assert!(
                    st.pending_low <= st.pending && st.pending <= st.pending_high,
                    "{m}"
                );
            }
        };
        // Nothing pending, nothing received, closures and cases falling overdue recently.
        let empty = State {
            pending: 0,
            backlog: 0,
            overdue: 0,
            ..state()
        };
        let p = run(
            &rates(0.0, 1.0 / 3.0, 0.5, 1.0 / 6.0),
            &empty,
            &cfg(Pace::Observed, WhatIf::default()),
        );
        check(&p);
        assert!(p.steps.iter().all(|s| s.pending == 0.0 && s.backlog == 0.0));
        // Four pending, one in the backlog, more falling overdue a month than arrive.
        let small = State {
            pending: 4,
            backlog: 1,
            overdue: 1,
            ..state()
        };
        let mut c = cfg(Pace::Observed, WhatIf::default());
        c.until = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let mut r = rates(1.0 / 6.0, 1.0 / 3.0, 0.5, 2.0 / 3.0);
        r.backlog_closures_sd = 3.0;
        let p = run(&r, &small, &c);
        check(&p);
        // The backlog grows to every pending case but not past them.
        let last = p.steps.last().unwrap();
        assert!(last.backlog > 1.0 && (last.pending - last.backlog - last.received).abs() < 1e-9);
        // An assumed pace far above intake neither.
        check(&run(
            &r,
            &small,
            &cfg(Pace::ClosuresPerMonth(50.0), WhatIf::default()),
        ));
    }

    #[test]
    fn a_state_taken_mid_month_projects_only_the_rest_of_it() {
        let mut s = state();
        s.t = epoch_days(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
        let p = run(
            &rates(31.0, 0.0, 0.5, 0.0),
            &s,
            &cfg(Pace::Observed, WhatIf::default()),
        );
        // 15 of March's 31 days are left: 15 receipts, then whole months.
        assert_eq!(p.steps[0].received, 15.0);
        assert_eq!(p.steps[1].received, 31.0);
        assert_eq!(p.steps[0].pending, 115.0);
    }

    #[test]
    fn the_level_is_deseasonalised_before_the_season_is_applied() {
        // Two years of a purely seasonal series: 20 in December, 10 otherwise.
        let n = 24;
        let first = Month::parse("2024-01").unwrap();
        let series: Vec<f64> = (0..n)
            .map(|k| {
                if first.plus(k).calendar() == 11 {
                    20.0
                } else {
                    10.0
                }
            })
            .collect();
        let h = History {
            t0: epoch_days(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
            first,
            last: first.plus(n - 1),
            received: series.clone(),
            closed: series,
            closed_overdue: vec![0.0; n as usize],
            due: vec![0.0; n as usize],
            closed_by_due: vec![0.0; n as usize],
            pending_end: vec![0.0; n as usize],
            lookback_start: 0,
        };
        let r = Rates::estimate(&h, &ProjectionRules::load(None).unwrap());
        assert!(r.seasonal);
        // December's factor × level gives back 20, another month's 10.
        let dec = r.received * r.season_received[11];
        let jan = r.received * r.season_received[0];
        assert!((dec - 20.0).abs() < 1e-9, "{dec}");
        assert!((jan - 10.0).abs() < 1e-9, "{jan}");
    }

    #[test]
    fn months_parse_and_print() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!(month_label(m), "2026-02");
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(month_label(m.plus(11)), "2027-01");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(
            Month::of_date(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()),
            Month::parse("2024-12").unwrap()
        );
    }

    /// z-english-projection-model-figures, z-projection-pace-percent-rounding: the model
    /// and the back-test say their figures in both languages, percentages to two
    /// decimals (metrics.md), the English as the Chinese.
    #[test]
    fn model_and_backtest_give_the_same_figures_in_both_languages() {
        let rules = ProjectionRules::load(None).unwrap();
        let mut r = rates(40.0, 30.0, 0.342_105, 11.25);
        r.net_sd = 34.04;
        let m = crate::project::model_text(&rules, &r);
        for fig in ["6", "11.3", "34.21%", "34.0", &rules.band_z.to_string()] {
            assert!(m.zh.contains(fig), "zh lacks {fig}: {}", m.zh);
            assert!(m.en.contains(fig), "en lacks {fig}: {}", m.en);
        }
        assert!(m.zh.contains("不计季节性") && m.en.contains("no seasonality"));
        let b = Backtest {
            from: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            months: vec![String::new(); 11],
            pending_mape: 3.304,
            backlog_mape: Some(5.625),
            band_coverage: 9.0 / 11.0,
            ..Backtest::empty()
        };
        let s = b.summary();
        for fig in ["3.30%", "5.63%", "81.82%", "11"] {
            assert!(s.zh.contains(fig), "zh lacks {fig}: {}", s.zh);
            assert!(s.en.contains(fig), "en lacks {fig}: {}", s.en);
        }
        let none = Backtest {
            backlog_mape: None,
            ..b
        };
        assert!(none.summary().zh.contains("超期未结 —"));
        assert!(none.summary().en.contains("— for overdue pending"));
    }
}
