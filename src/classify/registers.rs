//! Registers of deducted periods (扣除期间) exported more than once: a run that keeps every
//! month's exports (`caseflow dedup RUN --add`, or an input folder of several months) holds
//! the March and the April register of the same court, each listing a case's periods as the
//! court's system knew them that day.
//!
//! A period both list (the same case, kind and start) is one period, and the newer export's
//! reading of it wins, as it does for the cases themselves (README: "the newer export's facts
//! win"): a 中止 from 2025-03-23 the March register shows running and the April register
//! shows ended on 2026-04-29 ended on 2026-04-29. Unioned instead, the March row (no end)
//! ran to the as-of date, and a resumed case was counted as suspended, in the backlog, with
//! its due date pushed later; every further month added kept all earlier running periods. A
//! period only one register lists is kept, and so are the rows one register lists twice.
//!
//! The kind is compared as what it means, not as it is worded: clerks rename it between
//! exports (the system writes 中止执行 or 裁定中止执行, the spreadsheet 中止; 司法评估, then
//! 评估), and a rename compared as another kind kept the older running row beside the newer
//! ended one, so the case stayed suspended to the as-of date ([`same_kind`]).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use super::input::{class_of, dates, strs, DeductionClass};
use super::rules::Rules;
use crate::{Error, Result};

/// The export date of each register sheet a run's manifest lists, by (file, sheet) as the
/// tables' `source_file` and `source_sheet` name it.
pub type ExportDates = HashMap<(String, Option<String>), NaiveDate>;

/// The export dates `RUN/manifest.json` records (none when it is missing or unreadable: the
/// registers are then ranked by the dates their rows state, see [`latest_readings`]).
pub fn export_dates(run: &Path) -> ExportDates {
    let Some(m) = std::fs::read_to_string(run.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return ExportDates::new();
    };
    let mut out = ExportDates::new();
    for f in m["files"].as_array().into_iter().flatten() {
        let Some(path) = f["path"].as_str() else {
            continue;
        };
        for s in f["sheets"].as_array().into_iter().flatten() {
            let on = s["exported_on"]
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            if let Some(on) = on {
                let sheet = s["sheet"].as_str().map(String::from);
                out.insert((path.to_string(), sheet), on);
            }
        }
    }
    out
}

/// The deductions table with each period that several registers list kept only as the
/// newest register lists it, and how many rows were left out for a newer register's.
///
/// Registers are ranked by their export date (`exported`), else by the latest date their
/// rows state (the export was made after every date it holds), then by their order in the
/// table (a later input is the newer, as in dedup's survivorship). Rows without a case key
/// or a start are kept as they are: they join no case's periods.
pub fn latest_readings(
    df: DataFrame,
    exported: &ExportDates,
    rules: &Rules,
) -> Result<(DataFrame, usize)> {
    const T: &str = "deductions";
    let required = ["source_file", "case_key", "start_on"];
    if df.height() < 2 || required.iter().any(|c| df.column(c).is_err()) {
        return Ok((df, 0));
    }
    let (files, sheets) = (strs(&df, T, "source_file")?, strs(&df, T, "source_sheet")?);
    let (keys, kinds) = (strs(&df, T, "case_key")?, strs(&df, T, "kind")?);
    let (starts, ends) = (dates(&df, T, "start_on")?, dates(&df, T, "end_on")?);

    // Each register (a sheet of one file): its date and its first row.
    let mut registers: Vec<(Option<NaiveDate>, usize)> = Vec::new();
    let mut register_of: HashMap<(Option<&str>, Option<&str>), usize> = HashMap::new();
    let mut row_register = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let r = *register_of.entry((files[i], sheets[i])).or_insert_with(|| {
            let stated = files[i].and_then(|f| {
                exported
                    .get(&(f.to_string(), sheets[i].map(String::from)))
                    .copied()
            });
            registers.push((stated, i));
            registers.len() - 1
        });
        row_register.push(r);
    }
    if registers.len() < 2 {
        return Ok((df, 0));
    }
    let undated: Vec<bool> = registers.iter().map(|r| r.0.is_none()).collect();
    for i in 0..df.height() {
        let r = row_register[i];
        if undated[r] {
            let stated = starts[i].max(ends[i]);
            registers[r].0 = registers[r].0.max(stated);
        }
    }
    let rank = |r: usize| (registers[r].0, registers[r].1);

    // The periods: rows of one case and start whose kinds are the same kind, each the
    // first such row's; then the newest register listing each.
    let kind = |i: usize| kinds[i].map_or("", str::trim);
    let mut by_start: HashMap<(&str, NaiveDate), Vec<usize>> = HashMap::new();
    for i in 0..df.height() {
        if let (Some(k), Some(s)) = (keys[i], starts[i]) {
            by_start.entry((k, s)).or_default().push(i);
        }
    }
    let mut period: Vec<Option<usize>> = vec![None; df.height()];
    for rows in by_start.values() {
        for (n, &i) in rows.iter().enumerate() {
            let first = rows[..n]
                .iter()
                .copied()
                .find(|&j| same_kind(kind(i), kind(j), rules))
                .map_or(i, |j| period[j].unwrap_or(j));
            period[i] = Some(first);
        }
    }
    let mut newest: HashMap<usize, usize> = HashMap::new();
    for (i, &r) in row_register.iter().enumerate() {
        if let Some(p) = period[i] {
            newest
                .entry(p)
                .and_modify(|n| {
                    if rank(r) > rank(*n) {
                        *n = r;
                    }
                })
                .or_insert(r);
        }
    }
    let keep: BooleanChunked = (0..df.height())
        .map(|i| period[i].is_none_or(|p| newest[&p] == row_register[i]))
        .collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    if dropped == 0 {
        return Ok((df, 0));
    }
    let kept = df
        .filter(&keep)
        .map_err(|e| Error::polars("deductions: the newest register's periods", e))?;
    Ok((kept, dropped))
}

/// Whether two 扣除类型 wordings name the same kind of period: of the same class by the rules
/// of backlog.toml's `[deductions]` (中止执行, 裁定中止执行 and 中止 are a suspension, 暂缓执行
/// and 暂缓 a deferral), or, for the other kinds, which no rule names, one wording within the
/// other (司法评估 and 评估, 司法拍卖 and 拍卖; 评估 and 拍卖 stay two periods). An empty kind
/// is only the same as an empty one.
fn same_kind(a: &str, b: &str, rules: &Rules) -> bool {
    if a == b {
        return true;
    }
    if a.is_empty() || b.is_empty() {
        return false;
    }
    match (class_of(a, rules), class_of(b, rules)) {
        (DeductionClass::Other, DeductionClass::Other) => a.contains(b) || b.contains(a),
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// file, sheet, case key, kind, start, end
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        NaiveDate,
        Option<NaiveDate>,
    );

    fn register(rows: &[Row<'_>]) -> DataFrame {
        df!(
            "source_file" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "source_sheet" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "case_key" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "kind" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            "start_on" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            "end_on" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn rules() -> Rules {
        Rules::load(None).unwrap()
    }

    fn ends(df: &DataFrame) -> Vec<(String, Option<NaiveDate>)> {
        let keys = strs(df, "t", "case_key").unwrap();
        let ends = dates(df, "t", "end_on").unwrap();
        keys.iter()
            .zip(ends)
            .map(|(k, e)| (k.unwrap().to_string(), e))
            .collect()
    }

    /// p-older-register-running-deduction: the April register's end of a 中止 the March
    /// register shows running wins, whichever register the table lists first; a period
    /// only March lists stays, and so does one the same register lists twice.
    #[test]
    fn the_newest_register_reading_of_a_period_wins() {
        let rows = [
            ("apr.csv", None, "A", "中止", d(1, 5), Some(d(4, 29))),
            ("mar.csv", None, "A", "中止", d(1, 5), None),
            ("mar.csv", None, "A", "评估", d(2, 1), None),
            ("mar.csv", None, "B", "拍卖", d(2, 1), Some(d(3, 1))),
            ("mar.csv", None, "B", "拍卖", d(2, 1), Some(d(3, 9))),
        ];
        let dated: ExportDates = [
            (("mar.csv".to_string(), None), d(3, 31)),
            (("apr.csv".to_string(), None), d(4, 30)),
        ]
        .into_iter()
        .collect();
        let (kept, dropped) = latest_readings(register(&rows), &dated, &rules()).unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(
            ends(&kept),
            [
                ("A".to_string(), Some(d(4, 29))),
                ("A".to_string(), None),
                ("B".to_string(), Some(d(3, 1))),
                ("B".to_string(), Some(d(3, 9))),
            ]
        );
        // Without export dates: ranked by the latest date each register states (April's
        // states 2026-04-29).
        let (kept, dropped) =
            latest_readings(register(&rows), &ExportDates::new(), &rules()).unwrap();
        assert_eq!((kept.height(), dropped), (4, 1));
        assert_eq!(ends(&kept)[0], ("A".to_string(), Some(d(4, 29))));
    }

    /// s-superseded-stay-kind-wording: the newer register's 中止 ended on 2026-04-29
    /// supersedes the older one's running 中止执行 / 裁定中止执行 of the same case and start,
    /// and its 评估 the older 司法评估; a 拍卖 of the same start is another period.
    #[test]
    fn a_period_reworded_between_registers_is_still_one_period() {
        let rows = [
            ("mar.csv", None, "A", "中止执行", d(1, 5), None),
            ("mar.csv", None, "B", "裁定中止执行", d(1, 5), None),
            ("mar.csv", None, "C", "司法评估", d(2, 1), None),
            ("mar.csv", None, "C", "拍卖", d(2, 1), None),
            ("apr.csv", None, "A", "中止", d(1, 5), Some(d(4, 29))),
            ("apr.csv", None, "B", "中止", d(1, 5), Some(d(4, 29))),
            ("apr.csv", None, "C", "评估", d(2, 1), Some(d(3, 1))),
        ];
        let dated: ExportDates = [
            (("mar.csv".to_string(), None), d(3, 31)),
            (("apr.csv".to_string(), None), d(4, 30)),
        ]
        .into_iter()
        .collect();
        let (kept, dropped) = latest_readings(register(&rows), &dated, &rules()).unwrap();
        assert_eq!(dropped, 3);
        assert_eq!(
            ends(&kept),
            [
                ("C".to_string(), None),
                ("A".to_string(), Some(d(4, 29))),
                ("B".to_string(), Some(d(4, 29))),
                ("C".to_string(), Some(d(3, 1))),
            ]
        );
    }
}
