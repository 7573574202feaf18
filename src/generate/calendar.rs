//! Court calendar: when enforcement cases are filed, and date arithmetic that never panics.
//!
//! Chinese courts file most enforcement cases in March–June (judgments of the winter
//! settle, applications pile up before the mid-year review) and in December (year-end
//! push), and almost none during the Spring Festival holiday, which moves between late
//! January and late February. The caseload also grew steadily from 2014 to the
//! mid-2020s, with a dip in 2020. The generator turns these facts into a weight per day
//! and places case i at the (i + ½)/N quantile of the weighted calendar, so that case ids
//! are in filing order and any case's filing date is known without generating the others.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A date from parts, clamped to a valid day (e.g. 31 February → 1 February); never panics.
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(y, m.clamp(1, 12), 1))
        .unwrap_or(NaiveDate::MIN)
}

/// `d` plus `n` days (negative allowed), saturating at the calendar's ends.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
            .unwrap_or(NaiveDate::MAX)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// `d` plus `m` calendar months; the day is clamped to the end of a shorter month
/// (31 August + 6 months = 28/29 February), which is how courts count 期限.
pub(crate) fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m))
        .unwrap_or(NaiveDate::MAX)
}

/// `d` minus `m` calendar months (clamped like [`add_months`]).
pub(crate) fn sub_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(m))
        .unwrap_or(NaiveDate::MIN)
}

/// Days from `a` to `b` (`b - a`).
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// Days since 1970-01-01, the physical value of a polars `Date`.
pub(crate) fn epoch_days(d: NaiveDate) -> i32 {
    days_between(ymd(1970, 1, 1), d) as i32
}

/// Excel's serial number of a date (1900 date system: day 1 = 1900-01-01, with Excel's
/// fictitious 1900-02-29, hence the 1899-12-30 origin for every date after February 1900).
pub(crate) fn excel_serial(d: NaiveDate) -> f64 {
    days_between(ymd(1899, 12, 30), d) as f64
}

/// First day of the Spring Festival (春节, lunar new year) in a Gregorian year.
pub(crate) fn spring_festival(year: i32) -> NaiveDate {
    const DAYS: [(i32, u32, u32); 31] = [
        (2000, 2, 5),
        (2001, 1, 24),
        (2002, 2, 12),
        (2003, 2, 1),
        (2004, 1, 22),
        (2005, 2, 9),
        (2006, 1, 29),
        (2007, 2, 18),
        (2008, 2, 7),
        (2009, 1, 26),
        (2010, 2, 14),
        (2011, 2, 3),
        (2012, 1, 23),
        (2013, 2, 10),
        (2014, 1, 31),
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        (2030, 2, 3),
    ];
    DAYS.iter()
        .find(|(y, _, _)| *y == year)
        .map(|&(y, m, d)| ymd(y, m, d))
        .unwrap_or_else(|| ymd(year, 2, 5))
}

/// Relative size of the year's caseload (national enforcement caseload shape, 2014 = 1).
fn year_factor(year: i32) -> f64 {
    match year {
        ..=2013 => 0.9,
        2014 => 1.0,
        2015 => 1.2,
        2016 => 1.45,
        2017 => 1.6,
        2018 => 1.7,
        2019 => 1.85,
        2020 => 1.6,
        2021 => 1.85,
        2022 => 1.8,
        2023 => 1.95,
        2024 => 2.05,
        2025 => 2.1,
        _ => 2.15,
    }
}

/// Monthly seasonality: March–June and December peaks (the Spring Festival dip is added
/// day by day in [`day_weight`]).
const MONTH_FACTOR: [f64; 12] = [
    0.95, 0.9, 1.15, 1.15, 1.15, 1.2, 0.95, 0.9, 1.0, 0.85, 1.0, 1.3,
];

/// Relative number of filings on one day.
pub(crate) fn day_weight(d: NaiveDate) -> f64 {
    let mut w = year_factor(d.year()) * MONTH_FACTOR[d.month0() as usize];
    w *= match d.weekday() {
        Weekday::Sat => 0.04,
        Weekday::Sun => 0.02,
        _ => 1.0,
    };
    let sf = spring_festival(d.year());
    let off = days_between(sf, d);
    if (-1..=6).contains(&off) {
        w *= 0.03; // the statutory holiday: the filing window is closed
    } else if (-9..=-2).contains(&off) || (7..=14).contains(&off) {
        w *= 0.55; // people travel home before, courts restart slowly after
    }
    // National Day week (国庆)
    if d.month() == 10 && d.day() <= 7 {
        w *= 0.05;
    }
    w
}

/// The weighted filing calendar of a run: maps case index ↔ filing date.
#[derive(Debug, Clone)]
pub(crate) struct FilingCalendar {
    start: NaiveDate,
    /// `cum[k]` = total weight of days `start ..= start + k`
    cum: Vec<f64>,
    n: u64,
}

impl FilingCalendar {
    /// Calendar for `n` cases filed between `start` and `end` inclusive.
    pub(crate) fn new(start: NaiveDate, end: NaiveDate, n: u64) -> Self {
        let days = days_between(start, end).max(0) as usize + 1;
        let mut cum = Vec::with_capacity(days);
        let mut acc = 0.0;
        let mut d = start;
        for _ in 0..days {
            acc += day_weight(d);
            cum.push(acc);
            d = add_days(d, 1);
        }
        FilingCalendar { start, cum, n }
    }

    fn total(&self) -> f64 {
        self.cum.last().copied().unwrap_or(0.0)
    }

    /// Filing date of case index `i` (0-based): the (i + ½)/N quantile of the calendar.
    pub(crate) fn date_of(&self, i: u64) -> NaiveDate {
        let target = (i as f64 + 0.5) / self.n.max(1) as f64 * self.total();
        let k = self
            .cum
            .partition_point(|&c| c <= target)
            .min(self.cum.len().saturating_sub(1));
        add_days(self.start, k as i64)
    }

    /// The first case index filed on or after `d` (0 ..= N).
    pub(crate) fn first_index_on_or_after(&self, d: NaiveDate) -> u64 {
        let k = days_between(self.start, d);
        if k <= 0 {
            return 0;
        }
        let k = k as usize;
        if k > self.cum.len() {
            return self.n;
        }
        let before = self.cum[k - 1];
        // smallest i with (i + ½)/N · total > before
        let x = before / self.total().max(f64::MIN_POSITIVE) * self.n as f64 - 0.5;
        let mut i = x.floor().max(0.0) as u64;
        // correct floating-point edge cases by stepping
        while i > 0 && self.date_of(i - 1) >= d {
            i -= 1;
        }
        while i < self.n && self.date_of(i) < d {
            i += 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(add_months(ymd(2023, 8, 31), 6), ymd(2024, 2, 29));
        assert_eq!(add_months(ymd(2023, 1, 15), 3), ymd(2023, 4, 15));
        assert_eq!(sub_months(ymd(2026, 7, 1), 6), ymd(2026, 1, 1));
    }

    #[test]
    fn excel_serial_matches_excel() {
        // Excel shows 45000 as 2023-03-15
        assert_eq!(excel_serial(ymd(2023, 3, 15)), 45000.0);
    }

    #[test]
    fn dates_are_monotonic_and_cover_the_range() {
        let cal = FilingCalendar::new(ymd(2014, 1, 1), ymd(2026, 6, 30), 10_000);
        let mut prev = cal.date_of(0);
        assert!(prev >= ymd(2014, 1, 1));
        for i in 1..10_000 {
            let d = cal.date_of(i);
            assert!(d >= prev);
            prev = d;
        }
        assert!(prev <= ymd(2026, 6, 30));
        assert!(prev >= ymd(2026, 5, 1));
    }

    #[test]
    fn first_index_inverts_date_of() {
        let cal = FilingCalendar::new(ymd(2014, 1, 1), ymd(2026, 6, 30), 5_000);
        for d in [
            ymd(2014, 1, 1),
            ymd(2019, 3, 4),
            ymd(2026, 3, 1),
            ymd(2030, 1, 1),
        ] {
            let i = cal.first_index_on_or_after(d);
            if i > 0 {
                assert!(cal.date_of(i - 1) < d);
            }
            if i < 5_000 {
                assert!(cal.date_of(i) >= d);
            }
        }
    }

    #[test]
    fn spring_festival_and_seasonality_show() {
        let cal = FilingCalendar::new(ymd(2023, 1, 1), ymd(2023, 12, 31), 100_000);
        let mut per_month = [0u32; 12];
        let mut in_holiday = 0;
        for i in 0..100_000 {
            let d = cal.date_of(i);
            per_month[d.month0() as usize] += 1;
            let off = days_between(spring_festival(2023), d);
            if (0..=5).contains(&off) {
                in_holiday += 1;
            }
        }
        assert!(per_month[1] < per_month[2], "February below March");
        assert!(per_month[11] > per_month[10], "December peak");
        assert!(in_holiday < 100, "almost nothing filed during the holiday");
    }
}
