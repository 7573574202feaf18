//! The statutory deadline (法定审限) of an enforcement case, its age and how overdue it is.
//!
//! An enforcement case should close within 6 months of filing (3 months for 非诉执行,
//! administrative decisions enforced by the court); an approved extension (延长执行期限)
//! adds time, and periods in which the court could not act are not counted: 中止执行 until
//! 恢复执行, 暂缓执行, appraisal or audit (评估/审计), auction or sale (拍卖/变卖), public
//! notice (公告), jurisdiction disputes (管辖争议). So
//! `due = filed + (period + extension months) + extension days + union(deducted intervals)`.
//!
//! Deducted intervals are **unioned**, never summed: an auction notice runs inside the
//! auction it announces, and a case can be suspended while an appraisal is under way;
//! the court lost those days once, so they are added once. An interval still running at the
//! as-of date counts up to that date (the case is not yet back in the court's hands), and
//! nothing counts before filing, after the as-of date, or after the case closed.
//!
//! Month arithmetic is chrono's `checked_add_months` (the day is clamped to the end of a
//! shorter month: 08-31 + 6 months = 02-28/29), never a 30-day approximation. The period
//! and the extension months are added in one step so that a clamped day is not clamped
//! twice (08-31 + 7 months = 03-31, while (08-31 + 6) + 1 = 03-28).

use chrono::{Months, NaiveDate};

/// One deducted interval `[start, end)`; `end` None = still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// Days covered by half-open intervals `[start, end)`, overlaps counted once. Sorts the
/// slice in place (it is the caller's scratch space: no allocation here).
pub fn union_days(intervals: &mut [(NaiveDate, NaiveDate)]) -> i64 {
    intervals.sort_unstable();
    let mut total = 0;
    let mut cur: Option<(NaiveDate, NaiveDate)> = None;
    for &(s, e) in intervals.iter() {
        if e <= s {
            continue;
        }
        match cur {
            Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += (ce - cs).num_days();
                cur = Some((s, e));
            }
            None => cur = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = cur {
        total += (ce - cs).num_days();
    }
    total
}

/// Deducted days of a case filed on `filed`, as known at `as_of`: every interval that
/// started by `as_of`, clipped to `[filed, min(as_of, closed))`; a running interval counts
/// up to that bound. `scratch` is reused between cases.
///
/// An end the inputs give after the as-of date (an appraisal planned to 06-30, a 暂缓
/// granted until a known day) is clipped like a running interval's: the days after the
/// as-of date have not passed (the appraisal may end early, or the case close), and the
/// same period written without its end deducts up to the as-of date. Counted whole, the
/// planned days moved the due date past the census and took a case already overdue before
/// the period began out of the backlog (metrics.md: overdue at T is T > due, and the age
/// at T nets only the days deducted by T).
pub fn deducted_days(
    filed: NaiveDate,
    as_of: NaiveDate,
    closed: Option<NaiveDate>,
    intervals: impl IntoIterator<Item = Interval>,
    scratch: &mut Vec<(NaiveDate, NaiveDate)>,
) -> i64 {
    let stop = match closed {
        Some(c) if c < as_of => c,
        _ => as_of,
    };
    scratch.clear();
    for iv in intervals {
        if iv.start > as_of {
            continue;
        }
        let s = iv.start.max(filed);
        let e = iv.end.unwrap_or(stop).min(stop);
        if e > s {
            scratch.push((s, e));
        }
    }
    union_days(scratch)
}

/// The due date: `filed + (period + ext_months) months + ext_days + deducted`. None only
/// when the date falls outside chrono's range (a corrupt input date).
pub fn due_on(
    filed: NaiveDate,
    period_months: u32,
    ext_months: u32,
    ext_days: i64,
    deducted: i64,
) -> Option<NaiveDate> {
    let months = period_months.checked_add(ext_months)?;
    let base = filed.checked_add_months(Months::new(months))?;
    base.checked_add_signed(chrono::Duration::try_days(ext_days.checked_add(deducted)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn iv(s: NaiveDate, e: Option<NaiveDate>) -> Interval {
        Interval { start: s, end: e }
    }

    #[test]
    fn overlapping_nested_and_touching_intervals_count_once() {
        let mut v = vec![
            (d(2024, 3, 1), d(2024, 3, 11)),
            (d(2024, 3, 6), d(2024, 3, 16)),
        ];
        assert_eq!(union_days(&mut v), 15);
        let mut v = vec![
            (d(2024, 3, 1), d(2024, 3, 31)),
            (d(2024, 3, 5), d(2024, 3, 10)),
        ];
        assert_eq!(union_days(&mut v), 30);
        let mut v = vec![
            (d(2024, 3, 1), d(2024, 3, 5)),
            (d(2024, 3, 5), d(2024, 3, 9)),
        ];
        assert_eq!(union_days(&mut v), 8);
        assert_eq!(union_days(&mut []), 0);
    }

    #[test]
    fn running_intervals_stop_at_as_of_and_at_closure() {
        let mut s = Vec::new();
        let filed = d(2024, 1, 10);
        let ivs = [iv(d(2024, 3, 1), None)];
        assert_eq!(deducted_days(filed, d(2024, 3, 11), None, ivs, &mut s), 10);
        // closed on 03-05: nothing deducted after the closure
        assert_eq!(
            deducted_days(filed, d(2024, 3, 11), Some(d(2024, 3, 5)), ivs, &mut s),
            4
        );
        // an interval that starts after the as-of date is not known yet
        let later = [iv(d(2024, 6, 1), Some(d(2024, 7, 1)))];
        assert_eq!(deducted_days(filed, d(2024, 5, 1), None, later, &mut s), 0);
        // an interval written before filing counts from filing only
        let early = [iv(d(2024, 1, 1), Some(d(2024, 1, 20)))];
        assert_eq!(deducted_days(filed, d(2024, 5, 1), None, early, &mut s), 10);
    }

    /// r-future-deduction-end-unmakes-overdue: an end after the as-of date counts only the
    /// days up to it, as the same period without an end does.
    #[test]
    fn a_known_end_after_the_as_of_date_counts_up_to_the_as_of_date() {
        let mut s = Vec::new();
        let filed = d(2025, 6, 1);
        let as_of = d(2026, 2, 28);
        // an appraisal from 02-20 planned to 06-30, seen on 02-28: 8 days so far
        let planned = [iv(d(2026, 2, 20), Some(d(2026, 6, 30)))];
        let open = [iv(d(2026, 2, 20), None)];
        assert_eq!(deducted_days(filed, as_of, None, planned, &mut s), 8);
        assert_eq!(deducted_days(filed, as_of, None, open, &mut s), 8);
        // due 2025-12-01 + 8 days: long past on 02-28, with or without the planned end
        assert_eq!(due_on(filed, 6, 0, 0, 8), Some(d(2025, 12, 9)));
        // closed on 02-25: nothing after the closure
        assert_eq!(
            deducted_days(filed, as_of, Some(d(2026, 2, 25)), planned, &mut s),
            5
        );
        // overlapping: one ended, one running on past the as-of date
        let both = [
            iv(d(2026, 1, 1), Some(d(2026, 2, 1))),
            iv(d(2026, 1, 20), Some(d(2026, 3, 31))),
        ];
        assert_eq!(deducted_days(filed, as_of, None, both, &mut s), 58);
    }

    #[test]
    fn due_date_clamps_the_day_once() {
        // 08-31 + 6 months = 02-28 (2025 is not a leap year)
        assert_eq!(due_on(d(2024, 8, 31), 6, 0, 0, 0), Some(d(2025, 2, 28)));
        // + 1 extension month in the same step: 03-31, not 03-28
        assert_eq!(due_on(d(2024, 8, 31), 6, 1, 0, 0), Some(d(2025, 3, 31)));
        // 非诉执行: 3 months; days and deductions on top
        assert_eq!(due_on(d(2024, 1, 10), 3, 0, 30, 5), Some(d(2024, 5, 15)));
    }

    fn date_strategy() -> impl Strategy<Value = NaiveDate> {
        (0i64..4000).prop_map(|k| d(2014, 1, 1) + chrono::Duration::days(k))
    }

    fn intervals_strategy() -> impl Strategy<Value = Vec<(NaiveDate, i64, bool)>> {
        prop::collection::vec((date_strategy(), 0i64..400, any::<bool>()), 0..8)
    }

    proptest! {
        /// The union never exceeds the sum, never is less than the longest interval, and
        /// duplicating every interval changes nothing (overlaps never count twice).
        #[test]
        fn union_counts_each_day_once(raw in intervals_strategy()) {
            let v: Vec<(NaiveDate, NaiveDate)> = raw
                .iter()
                .map(|(s, len, _)| (*s, *s + chrono::Duration::days(*len)))
                .collect();
            let sum: i64 = v.iter().map(|(s, e)| (*e - *s).num_days()).sum();
            let longest = v.iter().map(|(s, e)| (*e - *s).num_days()).max().unwrap_or(0);
            let u = union_days(&mut v.clone());
            prop_assert!(u <= sum);
            prop_assert!(u >= longest);
            let mut doubled = v.clone();
            doubled.extend(v.iter().copied());
            prop_assert_eq!(union_days(&mut doubled), u);
            // brute force: count the distinct days covered
            let mut days = std::collections::BTreeSet::new();
            for (s, e) in &v {
                let mut x = *s;
                while x < *e {
                    days.insert(x);
                    x += chrono::Duration::days(1);
                }
            }
            prop_assert_eq!(u, days.len() as i64);
        }

        /// A longer extension never makes a due date earlier.
        #[test]
        fn longer_extension_never_earlier(
            filed in date_strategy(),
            m in 0u32..24, dm in 0u32..12,
            days in 0i64..400, dd in 0i64..400,
            deducted in 0i64..2000,
            period in prop::sample::select(vec![3u32, 6]),
        ) {
            let a = due_on(filed, period, m, days, deducted);
            let b = due_on(filed, period, m + dm, days + dd, deducted);
            prop_assert!(a.is_some() && b.is_some());
            prop_assert!(b >= a);
        }

        /// Age (as-of − filed − deducted) is never more than the calendar days since
        /// filing and never negative.
        #[test]
        fn age_within_calendar_days(
            filed in date_strategy(),
            after in 0i64..3000,
            closed_after in prop::option::of(0i64..3000),
            raw in intervals_strategy(),
        ) {
            let as_of = filed + chrono::Duration::days(after);
            let closed = closed_after.map(|c| filed + chrono::Duration::days(c));
            let ivs: Vec<Interval> = raw
                .iter()
                .map(|(s, len, open)| iv(*s, (!open).then(|| *s + chrono::Duration::days(*len))))
                .collect();
            let mut scratch = Vec::new();
            let deducted = deducted_days(filed, as_of, closed, ivs, &mut scratch);
            let calendar = (as_of - filed).num_days();
            let age = calendar - deducted;
            prop_assert!(deducted >= 0);
            prop_assert!(age <= calendar);
            prop_assert!(age >= 0);
        }
    }
}
