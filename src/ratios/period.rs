//! The dates a period label covers (期间), for the days a disposition time is expressed
//! against (metrics.md: 365 for a year, the period's own days for a shorter one; a longer
//! one its own days without 29 February, see [`basis_days`]).
//!
//! Aggregate tables from the courts' statistics systems name their periods the way the
//! reports do: `2025-Q1` as well as `2025年第一季度`, `2025年1-3月`, `2025年上半年`,
//! `2025年前三季度`, or a date range such as `2025-01-01~2026-02-28` (the trend's whole-range
//! row). Each is read to its first and last day; a label that none of these forms fits is
//! `None`, so the caller can say so instead of silently taking a year.

use chrono::{Datelike, Months, NaiveDate};

/// The days from `start` to `end`, both included, that a disposition time is expressed
/// against (metrics.md: 365 · E / D, "365 even in leap years"; for a sub-annual period the
/// days in the period).
///
/// A period shorter than a year counts every calendar day (February 2024: 29). Once the
/// period's days other than 29 February make a year (365), 29 February is not counted: a
/// whole year is 365 days also in a leap year, two whole years 730, and a longer period its
/// own days without the leap day (2024-01-01~2026-06-15: 896). A period longer than a year
/// keeps its own days rather than 365, because its D covers more than a year: E / D times
/// its days is the time to clear the pending cases at the period's pace, as for a year.
/// Leaving the leap day out of whole years only gave 730 for 2024-01-01~2025-12-31 and 732
/// for one day more. The trend and `caseflow ratios` share this, so the same period gives
/// the same disposition time in both.
pub fn basis_days(start: NaiveDate, end: NaiveDate) -> f64 {
    let days = (end - start).num_days() + 1;
    let without_leap_days = days - leap_days(start, end);
    if without_leap_days >= 365 {
        without_leap_days as f64
    } else {
        days as f64
    }
}

/// How many 29 Februaries fall from `start` to `end`, both included.
fn leap_days(start: NaiveDate, end: NaiveDate) -> i64 {
    (start.year()..=end.year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 2, 29))
        .filter(|d| (start..=end).contains(d))
        .count() as i64
}

/// The days of a period label, by [`basis_days`]; `None` when the label is not understood.
pub fn days_of_period(label: &str) -> Option<f64> {
    period_range(label).map(|(s, e)| basis_days(s, e))
}

/// First and last day of a period label, one that names no year (1月, 一季度, 1-3月,
/// 3月1日-3月31日: a monthly table under a title 2025年执行案件收结存统计表) read in the
/// year of `context`, the period its sheet's name or title names. A context across a new
/// year (2024年12月至2025年3月) gives the one year whose such period lies in it; `None` when
/// the label reads in neither way.
pub fn period_range_in(
    label: &str,
    context: Option<(NaiveDate, NaiveDate)>,
) -> Option<(NaiveDate, NaiveDate)> {
    period_range(label).or_else(|| {
        let (from, to) = context?;
        let fits: Vec<(NaiveDate, NaiveDate)> = (from.year()..=to.year())
            .filter_map(|y| yearless_range(label, y))
            .filter(|(s, e)| from.year() == to.year() || (from <= *s && *e <= to))
            .collect();
        match fits.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    })
}

/// The days of a period label by [`basis_days`], a label without its year read in the
/// year of `context` (see [`period_range_in`]). Without a year anywhere, a label whose
/// days are the same in every year (3月, 1-3月 is not: 90 or 91 days; 第二季度, 下半年) has
/// them: which year it is cannot change its disposition time. February, and a span that
/// holds it, stays `None`: 28 or 29 days cannot be told.
pub fn days_of_period_in(label: &str, context: Option<(NaiveDate, NaiveDate)>) -> Option<f64> {
    if let Some((s, e)) = period_range_in(label, context) {
        return Some(basis_days(s, e));
    }
    // A common year and a leap year: the label's days are the year's only if they differ.
    let common = yearless_range(label, 2023).map(|(s, e)| basis_days(s, e))?;
    let leap = yearless_range(label, 2024).map(|(s, e)| basis_days(s, e))?;
    (common == leap).then_some(common)
}

/// Whether a label is a period that names no year of its own (1月, 一季度), one that
/// [`days_of_period_in`] reads with a year.
pub fn names_no_year(label: &str) -> bool {
    period_range(label).is_none() && yearless_range(label, 2024).is_some()
}

/// A label without a year (1月, 一季度, 上半年, 1-3月, 3月1日-3月31日) read in `year`, as if
/// written 2025年1月; `None` for a label with a year of its own. A number alone (3) is
/// not read as a month: in a 季度 column it is a quarter.
fn yearless_range(label: &str, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let t = label.trim();
    let digits_only = t
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if digits_only || period_range(t).is_some() {
        return None;
    }
    period_range(&format!("{year:04}年{t}"))
}

/// A full date written alone (`2026-02-15`, `2026/2/15`, `2026年2月15日`), as a table's
/// 起始日 and 截止日 cells hold it; `None` otherwise.
pub fn single_date(text: &str) -> Option<NaiveDate> {
    date_prefix(text.trim()).and_then(|(d, tail)| tail.trim().is_empty().then_some(d))
}

/// Words before a date in a title that make it no period of the table: the day it was
/// filled in or printed (填报日期：2025年4月), or the day a cumulative count runs to
/// (截至2025年3月: the months before are in it too).
const NOT_THE_PERIOD: [&str; 8] = [
    "填报", "制表", "打印", "报送", "导出", "生成", "截至", "截止",
];

/// The period named inside a longer text (a sheet's name `2025年1月`, a title
/// `2025年3月执行案件收结存统计表`), in a form [`period_range`] reads: the longest such
/// label that starts with a year and is followed by no more of a date. `None` when the text
/// names none, or only a single day (`截至2025年3月31日`: no period's length), or names it
/// after 截至, 填报 … (see [`NOT_THE_PERIOD`]).
pub fn period_in_text(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // What may follow a date's parts: a label cut before it was cut inside a date.
    let continues = |c: char| {
        digit(c)
            || matches!(
                c,
                '年' | '月'
                    | '日'
                    | '号'
                    | '份'
                    | '季'
                    | '度'
                    | '-'
                    | '－'
                    | '/'
                    | '／'
                    | '.'
                    | '．'
                    | '~'
                    | '～'
                    | '至'
                    | '到'
                    | '—'
                    | '–'
            )
    };
    for start in 0..chars.len() {
        let year = chars.get(start..start + 4)?;
        if !year.iter().all(|&c| digit(c)) || (start > 0 && digit(chars[start - 1])) {
            continue;
        }
        let before: String = chars[..start].iter().collect();
        if NOT_THE_PERIOD.iter().any(|w| before.contains(w)) {
            return None;
        }
        // The longest label first: 2025年3月 before the year 2025 it starts with.
        for end in (start + 4..=chars.len().min(start + 40)).rev() {
            if chars.get(end).is_some_and(|&c| continues(c)) {
                continue;
            }
            let label: String = chars[start..end].iter().collect();
            // Four digits alone are a year only as the whole text (a sheet named 2025):
            // inside a title they may be a case number's year, （2025）京01执5号.
            if end == start + 4 && label != text.trim() {
                continue;
            }
            if period_range(&label).is_some() {
                return Some(label.trim().to_string());
            }
        }
    }
    None
}

/// First and last day of a period label, or `None` when the label fits no known form.
pub fn period_range(label: &str) -> Option<(NaiveDate, NaiveDate)> {
    // Full-width digits and signs as an IME types them: ２０２５－Ｑ１.
    let text: String = label
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '－' => '-',
            '／' => '/',
            '．' => '.',
            '　' => ' ',
            c => c,
        })
        .collect();
    if let Some(r) = date_range(&text) {
        return Some(r);
    }
    if let Some(r) = month_range(&text) {
        return Some(r);
    }
    // One day alone is no period a table would name; without this 2025-01-01 would read
    // as the months 1 to 1.
    if date_prefix(&text).is_some_and(|(_, tail)| tail.trim().is_empty()) {
        return None;
    }
    let year: i32 = text.get(..4)?.parse().ok()?;
    if !(1900..=2999).contains(&year) {
        return None;
    }
    let rest = text[4..]
        .trim_start_matches(['-', '/', '.', '年', ' '])
        .trim();
    let (first, last) = months_of(rest)?;
    let start = NaiveDate::from_ymd_opt(year, first, 1)?;
    let end = NaiveDate::from_ymd_opt(year, last, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()?;
    Some((start, end))
}

/// The first and last month of what follows the year: nothing or 度 (the year), a half
/// (上半年, H1), the first three quarters (前三季度), a quarter (Q1, 第一季度, 一季度, 1季度),
/// a range of months (1-3月, 1月至3月) or one month (3, 3月, 三月).
fn months_of(rest: &str) -> Option<(u32, u32)> {
    let rest = rest.trim_end_matches('份');
    if matches!(rest, "" | "度" | "年度" | "全年") {
        return Some((1, 12));
    }
    match rest {
        "上半年" | "H1" | "h1" => return Some((1, 6)),
        "下半年" | "H2" | "h2" => return Some((7, 12)),
        _ => {}
    }
    // 前三季度, 前3季度: January to the end of that quarter.
    if let Some(q) = rest.strip_prefix('前') {
        let q = small_number(q.trim_end_matches("季度").trim_end_matches('季'))?;
        return (1..=4).contains(&q).then_some((1, q * 3));
    }
    let quarter = rest
        .strip_prefix(['Q', 'q'])
        .map(|q| q.trim_end_matches("季度").trim_end_matches('季'))
        .or_else(|| {
            rest.strip_suffix("季度")
                .or_else(|| rest.strip_suffix('季'))
                .map(|q| q.trim_start_matches('第'))
        });
    if let Some(q) = quarter {
        let q = small_number(q)?;
        return (1..=4).contains(&q).then_some((q * 3 - 2, q * 3));
    }
    let month = |t: &str| small_number(t.trim().trim_end_matches('月').trim_end_matches('份'));
    for sep in ["至", "到", "~", "～", "—", "–", "-"] {
        if let Some((a, b)) = rest.split_once(sep) {
            let (a, b) = (month(a)?, month(b)?);
            return ((1..=12).contains(&a) && (a..=12).contains(&b)).then_some((a, b));
        }
    }
    let m = month(rest)?;
    (1..=12).contains(&m).then_some((m, m))
}

/// 1 … 12 written in digits or in Chinese (一, 十, 十二).
fn small_number(t: &str) -> Option<u32> {
    let t = t.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok().filter(|&n| n <= 99);
    }
    let digit = crate::ingest::fields::chinese_digit;
    let chars: Vec<char> = t.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|&d| d > 0),
        ['十', c] => digit(*c).filter(|&d| d > 0).map(|d| 10 + d),
        _ => None,
    }
}

/// The text after a range's separator (`至`, `到`, `~`, `～`, `—`, `——`, `–`, `-`) at the
/// start of `rest`, blanks around it left out; None without one.
fn after_range_separator(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let sep = ["至", "到", "~", "～", "—", "–", "-"]
        .iter()
        .find(|s| rest.starts_with(**s))?;
    Some(rest[sep.len()..].trim_start_matches('—').trim())
}

/// Two full dates with a separator between them (`~`, `至`, `—`, `-` …), as the trend's
/// whole-range row and many reports write a range; the first must not follow the second.
/// The second may leave out its year, and its month, as a range within a year is usually
/// written (2025年3月1日-3月31日, 2025.12.01-12.31, 2025年3月1日至31日): the first's.
fn date_range(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (start, rest) = date_prefix(text)?;
    let rest = after_range_separator(rest)?;
    let (end, tail) = date_prefix(rest).or_else(|| short_date_prefix(rest, start))?;
    (tail.trim().is_empty() && start <= end).then_some((start, end))
}

/// A date without its year at the start of `text`, in the year of `start` (`3月31日`,
/// `12-31`, `12/31`, `12.31`), or without its month too, in the month of `start` (`31日`),
/// and the text after it. A range's end that would fall before its start is not moved to
/// the next year: [`date_range`] refuses it.
fn short_date_prefix(text: &str, start: NaiveDate) -> Option<(NaiveDate, &str)> {
    let digits = |s: &str| -> Option<(u32, usize)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&n) {
            return None;
        }
        Some((s[..n].parse().ok()?, n))
    };
    let (first, n) = digits(text)?;
    let rest = &text[n..];
    if let Some(rest) = rest.strip_prefix(['日', '号']) {
        return Some((start.with_day(first)?, rest));
    }
    let sep = rest.chars().next()?;
    if !matches!(sep, '月' | '-' | '/' | '.') {
        return None;
    }
    let rest = &rest[sep.len_utf8()..];
    let (day, n) = digits(rest)?;
    let mut rest = &rest[n..];
    if sep == '月' {
        rest = rest.strip_prefix(['日', '号']).unwrap_or(rest);
    }
    Some((NaiveDate::from_ymd_opt(start.year(), first, day)?, rest))
}

/// Two months, each with its year, with a separator between them (`2025年11月-2026年2月`,
/// `2025年11月至2026年2月`, `2025-11~2026-02`): the first day of the first to the last day
/// of the last. A span across New Year (a winter reporting period, a trend window) can only
/// be written so; the first must not follow the second.
fn month_range(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (start, rest) = month_prefix(text)?;
    let rest = after_range_separator(rest)?;
    let (last, tail) = month_prefix(rest)?;
    let end = last.checked_add_months(Months::new(1))?.pred_opt()?;
    (tail.trim().is_empty() && start <= last).then_some((start, end))
}

/// A month with its year at the start of `text` (`2025-11`, `2025/11`, `2025.11`,
/// `2025年11月`), as its first day, and the text after it.
fn month_prefix(text: &str) -> Option<(NaiveDate, &str)> {
    let year: i32 = text.get(..4)?.parse().ok()?;
    if !(1900..=2999).contains(&year) || !text.is_char_boundary(4) {
        return None;
    }
    let mut rest = &text[4..];
    let sep = rest.chars().next()?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    rest = &rest[sep.len_utf8()..];
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&n) {
        return None;
    }
    let month: u32 = rest[..n].parse().ok()?;
    rest = &rest[n..];
    if sep == '年' {
        rest = rest.strip_prefix('月')?;
        rest = rest.strip_prefix('份').unwrap_or(rest);
    }
    Some((NaiveDate::from_ymd_opt(year, month, 1)?, rest))
}

/// A full date at the start of `text` (`2025-01-01`, `2025/1/1`, `2025.01.01`,
/// `2025年1月1日`) and the text after it.
fn date_prefix(text: &str) -> Option<(NaiveDate, &str)> {
    let digits = |s: &str, max: usize| -> Option<(u32, usize)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > max {
            return None;
        }
        Some((s[..n].parse().ok()?, n))
    };
    let (year, n) = digits(text, 4)?;
    if n != 4 {
        return None;
    }
    let mut rest = &text[4..];
    let sep = rest.chars().next()?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    rest = &rest[sep.len_utf8()..];
    let (month, n) = digits(rest, 2)?;
    rest = &rest[n..];
    let sep2 = rest.chars().next()?;
    let expected = if sep == '年' { '月' } else { sep };
    if sep2 != expected {
        return None;
    }
    rest = &rest[sep2.len_utf8()..];
    let (day, n) = digits(rest, 2)?;
    rest = &rest[n..];
    if sep == '年' {
        rest = rest.strip_prefix(['日', '号']).unwrap_or(rest);
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_quarters_halves_and_month_ranges_count_their_own_days() {
        for label in [
            "2025-Q1",
            "2025Q1",
            "2025年第一季度",
            "2025年1季度",
            "2025年一季度",
            "2025年第1季度",
            "2025年1-3月",
            "2025年1月至3月",
            "2025年1月-3月",
            "2025年1—3月",
            "２０２５年１－３月",
        ] {
            assert_eq!(days_of_period(label), Some(90.0), "{label}");
        }
        assert_eq!(days_of_period("2025年上半年"), Some(181.0));
        assert_eq!(days_of_period("2024年上半年"), Some(182.0));
        assert_eq!(days_of_period("2025年下半年"), Some(184.0));
        assert_eq!(days_of_period("2025年前三季度"), Some(273.0));
        assert_eq!(days_of_period("2025年第四季度"), Some(92.0));
        assert_eq!(days_of_period("2025年十二月"), Some(31.0));
        assert_eq!(days_of_period("2024年2月"), Some(29.0));
        assert_eq!(days_of_period("2024-02"), Some(29.0));
        // A whole year is 365 days, also a leap year and also written as months 1–12.
        for label in ["2024", "2024年", "2024年度", "2024年1-12月"] {
            assert_eq!(days_of_period(label), Some(365.0), "{label}");
        }
    }

    #[test]
    fn a_date_range_counts_its_days_inclusive() {
        for label in [
            "2025-01-01~2026-02-28",
            "2025-01-01至2026-02-28",
            "2025-01-01—2026-02-28",
            "2025-01-01 - 2026-02-28",
            "2025-01-01-2026-02-28",
            "2025年1月1日至2026年2月28日",
        ] {
            assert_eq!(days_of_period(label), Some(424.0), "{label}");
        }
        assert_eq!(days_of_period("2025-01-01~2025-12-31"), Some(365.0));
        assert_eq!(days_of_period("2025-03-01~2025-03-01"), Some(1.0));
    }

    /// a-ratios-cross-year-month-range: a span of months with the year on both ends
    /// (2025年11月-2026年2月, 2025-11~2026-02) was not read and taken as 365 days.
    #[test]
    fn a_month_range_with_both_years_counts_its_days() {
        for (label, days) in [
            ("2025年11月-2026年2月", 120.0),
            ("2025年11月至2026年2月", 120.0),
            ("2025年11月 — 2026年2月", 120.0),
            ("2025-11~2026-02", 120.0),
            ("2025/11-2026/02", 120.0),
            ("2025年1月-2025年3月", 90.0),
            ("2025年3月-2025年3月", 31.0),
            ("2023年12月-2024年2月", 91.0),
            ("2024年1月-2025年12月", 730.0),
            ("２０２５年１１月－２０２６年２月", 120.0),
        ] {
            assert_eq!(days_of_period(label), Some(days), "{label}");
        }
        for label in [
            "2026年2月-2025年11月",
            "2025年11月-2026年13月",
            "2025-11~2026",
        ] {
            assert_eq!(days_of_period(label), None, "{label}");
        }
    }

    /// c-disposition-time-multiyear: a range of more than a year counted 29 February
    /// unless it was whole years, so two years were 730 days and one day more 732.
    #[test]
    fn a_period_of_a_year_or_more_leaves_29_february_out() {
        for (label, days) in [
            ("2024-01-01~2025-12-31", 730.0),
            ("2024-01-01~2026-01-01", 731.0),
            ("2024-01-01~2026-06-15", 896.0),
            ("2023-07-01~2024-12-31", 549.0),
            ("2024-03-01~2028-02-29", 1460.0),
            ("2024-02-29~2025-02-28", 365.0),
            // One day short of a year that holds 29 February: still its calendar days.
            ("2024-01-01~2024-12-30", 365.0),
            ("2024-02-29~2025-02-27", 365.0),
            ("2025-01-01~2026-06-30", 546.0),
        ] {
            assert_eq!(days_of_period(label), Some(days), "{label}");
        }
    }

    /// a-ratios-sheet-name-period-ignored: a sheet named 2025年1月, or a title
    /// 2025年3月执行案件收结存统计表, named the period of a table without a period column.
    #[test]
    fn a_period_is_found_in_a_sheet_name_or_a_title() {
        for (text, label) in [
            ("2025年1月", "2025年1月"),
            ("2025年第一季度", "2025年第一季度"),
            ("2025年3月执行案件收结存统计表", "2025年3月"),
            ("全市法院2025年1-3月执行案件收结存情况", "2025年1-3月"),
            ("2025年上半年收结存", "2025年上半年"),
            ("2025年度执行案件统计", "2025年度"),
            ("2025-Q2", "2025-Q2"),
            ("2025", "2025"),
            ("收结存（2024年12月至2025年3月）", "2024年12月至2025年3月"),
            ("２０２５年２月", "２０２５年２月"),
        ] {
            assert_eq!(period_in_text(text).as_deref(), Some(label), "{text}");
        }
        for text in [
            "Sheet1",
            "收结存",
            "截至2025年3月执行案件收结存",
            "填报日期：2025年4月",
            "2025年3月31日",
            "统计至2025年3月31日",
            "（2025）京01执5号",
            "2025年13月",
        ] {
            assert_eq!(period_in_text(text), None, "{text}");
        }
    }

    /// a-ratios-yearless-month-periods: 1月 under a title naming 2025年, and a range whose end
    /// leaves out the year (2025年3月1日-3月31日, 2025.12.01-12.31), were taken as 365 days.
    #[test]
    fn a_period_without_its_year_takes_it_from_its_context_or_needs_none() {
        for (label, days) in [
            ("2025年3月1日-3月31日", 31.0),
            ("2025年3月1日至31日", 31.0),
            ("2025.12.01-12.31", 31.0),
            ("2025-12-01~12-31", 31.0),
            ("2024/02/01-02/29", 29.0),
            ("2025年1月1日-3月31日", 90.0),
        ] {
            assert_eq!(days_of_period(label), Some(days), "{label}");
        }
        // An end before the start is not moved into the next year; a bad day is no date.
        for label in [
            "2025年12月1日-1月31日",
            "2025.02.01-02.30",
            "2025年3月1日-3月",
        ] {
            assert_eq!(days_of_period(label), None, "{label}");
        }
        let year = |y: i32| {
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
            ))
        };
        for (label, context, days) in [
            ("1月", year(2025), 31.0),
            ("2月", year(2025), 28.0),
            ("2月", year(2024), 29.0),
            ("一季度", year(2024), 91.0),
            ("1-3月", year(2025), 90.0),
            ("上半年", year(2025), 181.0),
            ("3月1日-3月31日", year(2025), 31.0),
            // A title 2024年12月至2025年3月: 2月 is February 2025.
            ("2月", period_range("2024年12月至2025年3月"), 28.0),
            // A label with its own year keeps it.
            ("2024年2月", year(2025), 29.0),
            // No year anywhere: the days when no year changes them.
            ("3月", None, 31.0),
            ("十二月", None, 31.0),
            ("第二季度", None, 91.0),
            ("下半年", None, 184.0),
            ("4-6月", None, 91.0),
            ("2月1日-2月28日", None, 28.0),
        ] {
            assert_eq!(days_of_period_in(label, context), Some(days), "{label}");
        }
        // February, and a span holding it, without a year: 28 or 29 days cannot be told.
        for label in ["2月", "一季度", "1-3月", "上半年"] {
            assert_eq!(days_of_period_in(label, None), None, "{label}");
            assert!(names_no_year(label), "{label}");
        }
        // A number alone is no month (a 季度 column's 1 is a quarter), and text no period.
        for label in ["3", "１", "第1期", "example", ""] {
            assert_eq!(days_of_period_in(label, year(2025)), None, "{label}");
            assert!(!names_no_year(label), "{label}");
        }
        assert!(!names_no_year("2025年2月"));
    }

    #[test]
    fn unknown_labels_are_not_taken_for_a_year() {
        for label in [
            "example",
            "",
            "2025年第五季度",
            "2025年13月",
            "2025年3-1月",
            "2026-02-28~2025-01-01",
            "2025年春节期间",
            "2025-01-01",
        ] {
            assert_eq!(days_of_period(label), None, "{label}");
        }
    }
}
