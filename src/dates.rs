//! Dates a user writes in a pipeline file or on the command line (统计日 `as_of`,
//! `exported_on`, a trend's range …), and the checks of the as-of date against today and
//! against the date of the exports.
//!
//! A statistician writes a date the way the court's documents do: `2026-02-28`, but also
//! `2026/2/28` or `2026年2月28日`, and in a pipeline file often without quotes, which TOML
//! reads as a date literal of its own type. All of these are read; the text forms by
//! ingest's date reader (the one that reads the exports' date cells), so a date typed in a
//! pipeline file means what it means in an export. A number alone is no date here (an
//! export's cell may hold an Excel serial; a setting that reads 45000 is a typo).
//!
//! An as-of date after today, or after the newest export, still runs (a statistician may
//! age a list on purpose to a coming date), but never silently: every open case is aged
//! to a date the data does not know, cases closed in between stay open and more of them
//! pass their deadline. The caller says so on the terminal and the report's method notes.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

use crate::ingest::cell::Cell;
use crate::ingest::fields::PLAUSIBLE_YEARS;
use crate::{Error, Result};

/// Reads a date written as `2026-02-28`, `2026/2/28`, `2026.2.28`, `2026年2月28日` or
/// `20260228`; `what` names the setting in the message (`as_of`, `--as-of`).
///
/// The year must be written in full and be a court's (1949..=2100, as for a date cell of
/// an export): `24-01-01` was read as the year 0024, and a run with that export date
/// blamed every row for being filed after it and counted cases closed without a date as
/// closed in the year 24 (h-exported-on-year-0024). The century is not guessed.
pub fn parse_date(what: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    // A month and day alone (3/1, 12-31) starts like a short year; it has no year at all.
    // A first number above 12, or one followed by 年 (24-03, 24年3月), is a short year.
    let groups: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let month_first = groups
        .first()
        .and_then(|g| g.parse::<u32>().ok())
        .is_some_and(|m| (1..=12).contains(&m));
    if groups.len() == 2 && month_first && !t.contains('年') && short_year(t).is_some() {
        return Err(Error::Usage(format!(
            "{what} {text:?} has no year; write the date in full as YYYY-MM-DD, e.g. \
             2026-02-28 (caseflow does not guess the year)"
        )));
    }
    if let Some(year) = short_year(t) {
        // An example with the year as the statistician most likely meant it, to copy.
        let example = format!("20{:0>2}{}", year, &t[year.len()..]);
        let example = read_date(&example)
            .filter(|d| PLAUSIBLE_YEARS.contains(&d.year()))
            .map_or_else(|| "2026-02-28".to_string(), |d| d.to_string());
        return Err(Error::Usage(format!(
            "{what} {text:?}: the year is not written in full ({year}); write it with all \
             four digits, e.g. {example} (YYYY-MM-DD; caseflow does not guess the century)"
        )));
    }
    let d = read_date(t).ok_or_else(|| {
        Error::Usage(format!(
            "{what} {text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-02-28 \
             (2026/2/28 and 2026年2月28日 are read too)"
        ))
    })?;
    if !PLAUSIBLE_YEARS.contains(&d.year()) {
        return Err(Error::Usage(format!(
            "{what} {text:?} is in the year {}, outside {}..={}: a typo of the year? Write \
             the date as YYYY-MM-DD, e.g. 2026-02-28",
            d.year(),
            PLAUSIBLE_YEARS.start(),
            PLAUSIBLE_YEARS.end()
        )));
    }
    Ok(d)
}

/// The year's digits when a date's text starts with fewer than four of them before a
/// separator and more digits (`24-01-01`, `25/12/31`, `24年1月1日`), else `None`.
fn short_year(t: &str) -> Option<&str> {
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = t[n..].chars();
    let separated = matches!(
        rest.next(),
        Some('-' | '/' | '.' | '年' | '－' | '／' | '．')
    ) && rest.next().is_some_and(|c| c.is_numeric());
    ((1..4).contains(&n) && separated).then(|| &t[..n])
}

/// [`parse_date`]'s reading, without its checks of the year.
fn read_date(t: &str) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    // A number (45000, 45000.5, ４５０００): an Excel serial or a typo, never a census
    // date, unless it is eight ASCII digits (20260228).
    let compact = t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit());
    // (One decimal point at most: 2025.3.31 is a date.)
    let points = t.chars().filter(|c| matches!(c, '.' | '．')).count();
    let number_alone =
        !compact && points <= 1 && t.chars().all(|c| c.is_numeric() || matches!(c, '.' | '．'));
    if t.is_empty() || number_alone {
        None
    } else {
        crate::ingest::fields::parse_date(&Cell::Text(t.to_string()))
            .ok()
            .flatten()
    }
}

/// A date setting of a TOML file as text: a string as written, or a TOML date literal
/// (`as_of = 2026-02-28`, which the TOML library hands over as a map) as `YYYY-MM-DD`. A
/// date-time literal is refused: a census date has no time of day.
pub fn date_text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    use serde::de::Error as _;
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(date), None) => Ok(date.to_string()),
            _ => Err(D::Error::custom(format!(
                "{dt} is a date and time; write the date alone, e.g. 2026-02-28"
            ))),
        },
        other => Err(D::Error::custom(format!(
            "{other} is not a date; write it as \"2026-02-28\""
        ))),
    }
}

/// [`date_text`] for an optional setting.
pub fn opt_date_text<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    date_text(d).map(Some)
}

/// Why an as-of date does not describe the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOfWarning {
    /// After the day the command runs: usually a typo of the year.
    AfterToday { as_of: NaiveDate, today: NaiveDate },
    /// After the newest export's date: closures since the export are not in the data.
    AfterExports {
        as_of: NaiveDate,
        exported_on: NaiveDate,
    },
}

impl AsOfWarning {
    /// The warning in English, for the terminal.
    pub fn text(&self) -> String {
        match self {
            AsOfWarning::AfterToday { as_of, today } => format!(
                "the as-of date {as_of} is after today ({today}): every open case is aged to \
                 a day that has not come (a typo of the year?)"
            ),
            AsOfWarning::AfterExports { as_of, exported_on } => format!(
                "the as-of date {as_of} is after the exports' date {exported_on}: cases closed \
                 in between are not in the data, so they count as open and more of them as \
                 overdue; the trend and the projection's recent pace stop at {exported_on}"
            ),
        }
    }

    /// The warning in Chinese, for the report.
    pub fn text_zh(&self) -> String {
        match self {
            AsOfWarning::AfterToday { as_of, today } => {
                format!("统计日{as_of}晚于今日（{today}）：未结案件按尚未到来的日期计算案龄")
            }
            AsOfWarning::AfterExports { as_of, exported_on } => format!(
                "统计日{as_of}晚于导出日期{exported_on}：其间结案的案件不在数据中，仍按未结计算；收结存趋势和预测所用近期进度截至导出日期"
            ),
        }
    }
}

/// The warning an export date given as a setting (`--exported-on`, `inputs.exported_on`)
/// after today deserves: an export cannot be made in the future, so it is a typo of the
/// year; the run goes on (as with an as-of date), but every case filed or closed after the
/// real export day would be compared with the wrong day. One day of slack as in
/// [`check_as_of`].
pub fn check_exported_on(what: &str, exported_on: NaiveDate, today: NaiveDate) -> Option<String> {
    (exported_on > today.succ_opt().unwrap_or(today)).then(|| {
        format!(
            "{what} {exported_on} is after today ({today}): no export is made on a day that has \
             not come (a typo of the year?)"
        )
    })
}

/// The newest of the exports' dates (`exported_on` of each sheet in the manifest, the
/// date given or the one a title or footer states), if any is known.
pub fn newest_export<'a>(dates: impl IntoIterator<Item = &'a str>) -> Option<NaiveDate> {
    dates
        .into_iter()
        .filter_map(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .max()
}

/// [`newest_export`] of a manifest as JSON (`manifest.json` of a run).
pub fn newest_export_in_manifest(manifest: &serde_json::Value) -> Option<NaiveDate> {
    let sheets = manifest
        .get("files")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("sheets").and_then(|s| s.as_array()))
        .flatten();
    newest_export(
        sheets
            .filter_map(|s| s.get("exported_on").and_then(|d| d.as_str()))
            .chain(
                manifest
                    .pointer("/parameters/exported_on")
                    .and_then(|d| d.as_str()),
            ),
    )
}

/// The warnings an as-of date deserves; `today` is `None` where the answer must not
/// depend on the day it is computed (a report rebuilt later says the same).
pub fn check_as_of(
    as_of: NaiveDate,
    today: Option<NaiveDate>,
    exported_on: Option<NaiveDate>,
) -> Vec<AsOfWarning> {
    let mut out = Vec::new();
    // `today` is UTC's: a census dated today in Beijing before 08:00 is tomorrow there, so
    // one day of slack; a typo of the year is far beyond it.
    if let Some(today) = today.filter(|t| as_of > t.succ_opt().unwrap_or(*t)) {
        out.push(AsOfWarning::AfterToday { as_of, today });
    }
    if let Some(exported_on) = exported_on.filter(|e| as_of > *e) {
        out.push(AsOfWarning::AfterExports { as_of, exported_on });
    }
    out
}

/// The first day a trend may start on. Enforcement case lists of today's courts start in
/// the 1990s at the earliest; a trend from before 1990 is a typo of the year (1025 for
/// 2025), and built as asked it would have thousands of empty periods (12,014 months from
/// 1025: minutes of work and a workbook of hundreds of thousands of rows).
pub const TREND_FROM_FLOOR: (i32, u32, u32) = (1990, 1, 1);

/// Refuses a trend start before [`TREND_FROM_FLOOR`], like an as-of date in the future: a
/// typo of the year; `what` names the setting (`trend.from`, `--from`).
pub fn check_trend_from(what: &str, from: NaiveDate) -> Result<()> {
    let (y, m, d) = TREND_FROM_FLOOR;
    let floor = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    if from >= floor {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{what} {from} is before {floor}: a typo of the year? No enforcement case list starts \
         that early, and a trend from it would have {} monthly periods; write the trend's first \
         day, e.g. {}-01-01",
        months_between(from, today()),
        today().format("%Y")
    )))
}

/// Whole months from `a` to `b` (0 when `b` is not after `a`).
fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let m = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
        - i64::from(a.month());
    m.max(0)
}

/// Today in UTC (chrono's clock, with the local time zone, is not built in; see
/// [`check_as_of`] for the day of slack this needs).
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day of month `month` of `year` (2026, 2 → 2026-02-28); `None` for a month that
/// does not exist.
pub fn month_last_day(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_trend_from_before_1990_is_a_typo_of_the_year() {
        let err = check_trend_from("trend.from", d("1025-01-01"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("trend.from 1025-01-01 is before 1990-01-01"),
            "{err}"
        );
        assert!(err.contains("typo of the year"), "{err}");
        assert!(check_trend_from("--from", d("0001-01-01")).is_err());
        assert!(check_trend_from("--from", d("1990-01-01")).is_ok());
        assert!(check_trend_from("--from", d("2025-01-01")).is_ok());
    }

    #[test]
    fn dates_are_read_as_court_documents_write_them() {
        for text in [
            "2025-03-31",
            " 2025-03-31 ",
            "2025/3/31",
            "2025.3.31",
            "2025年3月31日",
            "20250331",
        ] {
            assert_eq!(
                parse_date("as_of", text).unwrap(),
                d("2025-03-31"),
                "{text}"
            );
        }
        for text in [
            "",
            "45000",
            "45000.5",
            "４５０００",
            "2025-02-30",
            "2025年3月",
            "下月底",
            "-",
        ] {
            let e = parse_date("as_of", text).unwrap_err().to_string();
            assert!(
                e.contains("as_of") && e.contains("YYYY-MM-DD"),
                "{text}: {e}"
            );
        }
    }

    /// h-exported-on-year-0024: `24-01-01` was the year 0024; a year not written in full,
    /// or outside a court's years, is refused, and the message says how to write it.
    #[test]
    fn a_year_not_written_in_full_or_absurd_is_refused() {
        for (text, example) in [
            ("24-01-01", "2024-01-01"),
            ("25/12/31", "2025-12-31"),
            ("25.3.1", "2025-03-01"),
            ("25年3月1日", "2025-03-01"),
            ("5-03-01", "2005-03-01"),
            ("202-03-01", "2026-02-28"),
        ] {
            let e = parse_date("--exported-on", text).unwrap_err().to_string();
            assert!(e.contains("not written in full"), "{text}: {e}");
            assert!(e.contains(&format!("e.g. {example}")), "{text}: {e}");
        }
        for text in [
            "0024-01-01",
            "1025-01-01",
            "1948-12-31",
            "2101-01-01",
            "9999-12-31",
        ] {
            let e = parse_date("as_of", text).unwrap_err().to_string();
            assert!(e.contains("typo of the year"), "{text}: {e}");
        }
        // A month and day without a year is not a short year (it said "(3)").
        for text in ["3/1", "12-31", "3.1"] {
            let e = parse_date("as_of", text).unwrap_err().to_string();
            assert!(e.contains("has no year"), "{text}: {e}");
        }
        // A short year and its month (the review of round 50): not "no year".
        for text in ["24年3月", "26-03"] {
            let e = parse_date("as_of", text).unwrap_err().to_string();
            assert!(e.contains("not written in full"), "{text}: {e}");
        }
        assert_eq!(parse_date("as_of", "1949-01-01").unwrap(), d("1949-01-01"));
        assert_eq!(
            parse_date("--until", "2100-12-31").unwrap(),
            d("2100-12-31")
        );
        let today = d("2026-11-30");
        assert!(check_exported_on("--exported-on", d("2026-12-01"), today).is_none());
        let w = check_exported_on("--exported-on", d("2099-01-01"), today).unwrap();
        assert!(w.contains("2099-01-01 is after today (2026-11-30)"), "{w}");
    }

    #[test]
    fn a_toml_date_literal_is_a_date_and_a_date_time_is_refused() {
        #[derive(Deserialize)]
        struct F {
            #[serde(deserialize_with = "date_text")]
            as_of: String,
            #[serde(default, deserialize_with = "opt_date_text")]
            from: Option<String>,
        }
        let f: F = toml::from_str("as_of = 2026-02-28\nfrom = 2025-01-01").unwrap();
        assert_eq!(
            (f.as_of.as_str(), f.from.as_deref()),
            ("2026-02-28", Some("2025-01-01"))
        );
        let f: F = toml::from_str("as_of = \"2026年2月28日\"").unwrap();
        assert_eq!((f.as_of.as_str(), f.from), ("2026年2月28日", None));
        let e = toml::from_str::<F>("as_of = 2026-02-28T08:00:00")
            .err()
            .unwrap();
        assert!(e.to_string().contains("date alone"), "{e}");
        let e = toml::from_str::<F>("as_of = 20260228").err().unwrap();
        assert!(e.to_string().contains("not a date"), "{e}");
    }

    #[test]
    fn an_as_of_date_after_today_or_the_exports_is_warned_about() {
        let as_of = d("2027-02-28");
        assert!(check_as_of(d("2026-03-02"), Some(d("2026-03-01")), None).is_empty());
        let w = check_as_of(as_of, Some(d("2026-03-01")), Some(d("2026-02-28")));
        assert_eq!(w.len(), 2);
        assert!(
            w[0].text().contains("after today (2026-03-01)"),
            "{}",
            w[0].text()
        );
        assert_eq!(
            w[1].text_zh(),
            "统计日2027-02-28晚于导出日期2026-02-28：其间结案的案件不在数据中，仍按未结计算；\
             收结存趋势和预测所用近期进度截至导出日期"
        );
        assert!(check_as_of(
            d("2026-02-28"),
            Some(d("2026-02-28")),
            Some(d("2026-02-28"))
        )
        .is_empty());
        assert!(check_as_of(as_of, None, None).is_empty());
        let m = serde_json::json!({
            "parameters": {"exported_on": null},
            "files": [{"sheets": [{"exported_on": "2026-01-31"}, {"exported_on": null}]},
                      {"sheets": [{"exported_on": "2026-02-28"}]}]
        });
        assert_eq!(newest_export_in_manifest(&m), Some(d("2026-02-28")));
    }
}
