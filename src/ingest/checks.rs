//! Checks that need a sheet's whole columns, after its rows are parsed: the court implied
//! by the 案号 when no court column exists, case numbers of a year after the sheet's date,
//! periods ended by a day count, periods that end before they start, and dates that cannot
//! be right for the case.

use super::*;

/// Case numbers written without their court's code (`（2024）执1001号`, a clerk's short
/// form), which the parser takes for the Supreme People's Court's: the court the row's own
/// 法院名称 names (the code the sheet's other rows give that name: an intermediate court's
/// summary sheet lists several courts), else, in a sheet whose other case numbers are
/// nearly all of one court, that court's, as the sheet's other numbers and another export
/// of the same case spell it. Each is listed in the rejects. A row neither tells keeps the
/// parser's reading.
pub(super) fn implied_courts(plan: &SheetPlan, df: &mut DataFrame) -> PolarsResult<Vec<Reject>> {
    let raws = df.column("case_no_raw")?.str()?.clone();
    let codes = df.column("court_code")?.str()?.clone();
    let court_names = df
        .column("court_name")
        .ok()
        .and_then(|c| c.str().ok().cloned());
    let implied = |i: usize| {
        codes.get(i) == Some("最高法") && raws.get(i).is_some_and(|r| !r.contains("最高"))
    };
    let rows: Vec<usize> = (0..df.height()).filter(|&i| implied(i)).collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let name_of = |i: usize| {
        court_names
            .as_ref()
            .and_then(|n| n.get(i))
            .map(str::trim)
            .filter(|n| !n.is_empty())
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_name: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut coded = 0usize;
    for i in (0..df.height()).filter(|&i| !implied(i)) {
        if let Some(c) = codes.get(i) {
            *counts.entry(c).or_default() += 1;
            coded += 1;
            if let Some(n) = name_of(i) {
                *by_name.entry(n).or_default().entry(c).or_default() += 1;
            }
        }
    }
    // The most frequent, ties to the first in code order.
    let best = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, n)| (c.to_string(), *n))
    };
    // Nearly all of one court.
    let sheet_court = best(&counts)
        .filter(|(_, n)| n * 10 >= coded * 9)
        .map(|(c, _)| c);
    let names = ["case_no", "case_key", "court_code", "case_no_style"];
    let mut cols: Vec<Vec<Option<String>>> = names
        .iter()
        .map(|n| {
            Ok(df
                .column(n)?
                .str()?
                .iter()
                .map(|v| v.map(String::from))
                .collect())
        })
        .collect::<PolarsResult<_>>()?;
    let lines = df.column("source_row")?.i64()?.clone();
    let mut found = Vec::new();
    let case_col = plan.field_col("case_no");
    for i in rows {
        let Some(raw) = raws.get(i) else { continue };
        let named = name_of(i)
            .and_then(|n| by_name.get(n))
            .and_then(&best)
            .map(|(c, _)| c);
        let (court, why) = match (named, &sheet_court) {
            (Some(c), _) => (c, "the court its 法院名称 names elsewhere in the sheet"),
            (None, Some(c)) => (c.clone(), "the court of the sheet's other case numbers"),
            (None, None) => continue,
        };
        let Some(c) = in_court(raw, &court) else {
            continue;
        };
        cols[0][i] = Some(c.case_no());
        cols[1][i] = Some(c.case_key());
        cols[2][i] = Some(court.clone());
        cols[3][i] = Some(c.style.as_str().to_string());
        found.push(reject(
            plan,
            row_at(&lines, i),
            "case_no",
            case_col,
            raw.to_string(),
            format!("no court code (法院代字) in the case number: taken as {court}'s, {why}"),
        ));
    }
    for (name, values) in names.iter().zip(cols) {
        let ca: StringChunked = values.into_iter().collect();
        df.replace(name, ca.with_name((*name).into()).into_column())?;
    }
    Ok(found)
}

/// A case number written without its court's code, read as `court`'s.
fn in_court(raw: &str, court: &str) -> Option<casenum::CaseNumber> {
    let mut c = parse_case_number(raw).ok()?;
    c.court_code = court.to_string();
    c.warnings.clear();
    if !raw.contains('字') {
        c.style = casenum::Style::New;
    }
    Some(c)
}

/// The court of nearly all (90 %) of the counted numbers, if one is.
fn nearly_all(counts: &BTreeMap<String, usize>) -> Option<String> {
    let total: usize = counts.values().sum();
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .filter(|(_, &n)| n * 10 >= total * 9)
        .map(|(c, _)| c.clone())
}

/// Case numbers written without their court's code where they refer to a case of the run
/// (a petition register's （2024）执1号, an extension approved for it, a 执恢's 原案号):
/// the parser takes them for the Supreme People's Court's, and a petition so keyed joined no
/// case and category 7 was silently missed. Each is the court's that nearly all (90 %) of
/// the sheet's other numbers are of (for a case list, its cases), or else the court of
/// nearly all of the run's case lists, the same rule as for a case list's own 案号 (see
/// [`implied_courts`]). Either way it is listed in the rejects; a number neither tells is
/// kept as written and joins no case.
///
/// Runs over the whole run's sheets, after every file is read (they are read in parallel,
/// and a petition register need not come after the case lists).
pub(super) fn place_courtless_refs(outcomes: &mut [FileOutcome]) -> PolarsResult<()> {
    let codes_of = |df: &DataFrame| -> PolarsResult<BTreeMap<String, usize>> {
        let mut counts = BTreeMap::new();
        for c in df.column("court_code")?.str()?.iter().flatten() {
            if c != "最高法" {
                *counts.entry(c.to_string()).or_default() += 1;
            }
        }
        Ok(counts)
    };
    let mut run_counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in outcomes.iter().flat_map(|f| &f.sheets) {
        if let (Some(TableKind::Cases), Some(df)) = (s.table, &s.frame) {
            for (c, n) in codes_of(df)? {
                *run_counts.entry(c).or_default() += n;
            }
        }
    }
    let run_court = nearly_all(&run_counts);
    for s in outcomes.iter_mut().flat_map(|f| f.sheets.iter_mut()) {
        let (Some(table), Some(df)) = (s.table, s.frame.as_mut()) else {
            continue;
        };
        let field = if table == TableKind::Cases {
            "origin_case_no"
        } else {
            "case_no"
        };
        let key_name = ref_key_name(field);
        let (Ok(values), Ok(keys)) = (
            df.column(field).and_then(|c| c.str().cloned()),
            df.column(&key_name).and_then(|c| c.str().cloned()),
        ) else {
            continue;
        };
        // Written so by the row parser: the key the Supreme Court's, the number as written.
        let courtless = |i: usize| {
            keys.get(i).is_some_and(|k| k.contains("最高法"))
                && values.get(i).is_some_and(|v| !v.contains("最高"))
        };
        let rows: Vec<usize> = (0..df.height()).filter(|&i| courtless(i)).collect();
        if rows.is_empty() {
            continue;
        }
        let sheet_counts = if table == TableKind::Cases {
            codes_of(df)?
        } else {
            let mut counts = BTreeMap::new();
            for i in (0..df.height()).filter(|&i| !courtless(i)) {
                if let Some(c) = values.get(i).and_then(|v| parse_case_number(v).ok()) {
                    if c.court_code != "最高法" {
                        *counts.entry(c.court_code).or_default() += 1;
                    }
                }
            }
            counts
        };
        let court = match (nearly_all(&sheet_counts), &run_court) {
            (Some(c), _) => Some((c, "the court of the sheet's other case numbers")),
            (None, Some(c)) => Some((c.clone(), "the court of the run's case lists")),
            (None, None) => None,
        };
        let header = s
            .entry
            .columns
            .iter()
            .find(|(_, f)| f.as_str() == field)
            .map(|(h, _)| h.clone());
        let files = df.column("source_file")?.str()?.clone();
        let sheets = df.column("source_sheet")?.str()?.clone();
        let lines = df.column("source_row")?.i64()?.clone();
        let mut new_values: Vec<Option<String>> =
            values.iter().map(|v| v.map(String::from)).collect();
        let mut new_keys: Vec<Option<String>> = keys.iter().map(|v| v.map(String::from)).collect();
        for i in rows {
            let Some(raw) = values.get(i) else { continue };
            let placed = court
                .as_ref()
                .and_then(|(court, why)| in_court(raw, court).map(|c| (c, court, why)));
            let reason = match placed {
                Some((c, court, why)) => {
                    new_values[i] = Some(c.case_no());
                    new_keys[i] = Some(c.case_key());
                    format!(
                        "no court code (法院代字) in the case number: taken as {court}'s, {why}"
                    )
                }
                None => "no court code (法院代字) in the case number, and neither the sheet's \
                         other numbers nor the run's case lists are nearly all of one court: \
                         kept as written, joined to no case (write the court's code: \
                         （2024）浙0603执1号)"
                    .to_string(),
            };
            *s.entry.field_rejects.entry(field.to_string()).or_default() += 1;
            s.rejects.push(Reject {
                source_file: files.get(i).unwrap_or_default().to_string(),
                source_sheet: sheets.get(i).map(String::from),
                source_row: row_at(&lines, i),
                field: field.to_string(),
                column: header.clone(),
                raw_value: raw.to_string(),
                reason,
                whole_row: false,
            });
        }
        for (name, vals) in [(field, new_values), (key_name.as_str(), new_keys)] {
            let ca: StringChunked = vals.into_iter().collect();
            df.replace(name, ca.with_name(name.into()).into_column())?;
        }
    }
    Ok(())
}

/// A side-table row whose 案号 cell names several cases (a petition about `执97号、执1号`) is
/// joined by the row parser to the first (see `parse_row`). When the first names no case of
/// the run (another court's case, one no export lists, a typo) and a later one does, the row
/// is about that one: joined to the first, a petitioner's visits counted for no case at all
/// and the case they name missed category 7 (多次上访). The row is joined to the first of
/// its numbers that is a case of the run, and its reject says so; a row none of whose
/// numbers is one keeps the first, and counts for no case as before.
///
/// Runs over the whole run's sheets after every file is read (the case lists may come after
/// the register), after [`place_courtless_refs`].
pub(super) fn join_first_case_of_run(outcomes: &mut [FileOutcome]) -> PolarsResult<()> {
    use std::collections::{HashMap, HashSet};
    // The rejects the row parser wrote for a cell of several numbers, re-read: (sheet, reject,
    // the numbers in the cell's order).
    let mut found: Vec<(usize, usize, Vec<casenum::CaseNumber>)> = Vec::new();
    let sheets = || outcomes.iter().flat_map(|f| &f.sheets).enumerate();
    for (n, s) in sheets() {
        if matches!(s.table, None | Some(TableKind::Cases)) || s.frame.is_none() {
            continue;
        }
        for (r, rej) in s.rejects.iter().enumerate() {
            if rej.field != "case_no" || rej.whole_row {
                continue;
            }
            let Some((first, others)) = case_numbers_in_cell(&rej.raw_value) else {
                continue;
            };
            let mut all = vec![first];
            all.extend(others.iter().filter_map(|o| parse_case_number(o).ok()));
            found.push((n, r, all));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    // Which of the numbers so named are cases of the run.
    let named: HashSet<String> = found
        .iter()
        .flat_map(|(_, _, all)| all.iter().map(|c| c.case_key()))
        .collect();
    let mut in_run: HashSet<String> = HashSet::new();
    for s in sheets().map(|(_, s)| s) {
        if let (Some(TableKind::Cases), Some(df)) = (s.table, &s.frame) {
            for k in df.column("case_key")?.str()?.iter().flatten() {
                if named.contains(k) {
                    in_run.insert(k.to_string());
                }
            }
        }
    }
    let mut by_sheet: BTreeMap<usize, Vec<(usize, Vec<casenum::CaseNumber>)>> = BTreeMap::new();
    for (n, r, all) in found {
        // Only a row whose first number is no case of the run and a later one is.
        if !in_run.contains(&all[0].case_key())
            && all[1..].iter().any(|c| in_run.contains(&c.case_key()))
        {
            by_sheet.entry(n).or_default().push((r, all));
        }
    }
    let mut all_sheets: Vec<&mut SheetOutcome> = outcomes
        .iter_mut()
        .flat_map(|f| f.sheets.iter_mut())
        .collect();
    for (n, rows) in by_sheet {
        let s = &mut *all_sheets[n];
        let Some(df) = s.frame.as_mut() else { continue };
        let (values, keys) = (
            df.column("case_no")?.str()?.clone(),
            df.column("case_key")?.str()?.clone(),
        );
        let lines = df.column("source_row")?.i64()?.clone();
        let mut at_line: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..df.height() {
            at_line.entry(row_at(&lines, i)).or_default().push(i);
        }
        let mut new_values: Vec<Option<String>> =
            values.iter().map(|v| v.map(String::from)).collect();
        let mut new_keys: Vec<Option<String>> = keys.iter().map(|v| v.map(String::from)).collect();
        for (r, all) in rows {
            let rej = &mut s.rejects[r];
            let first_key = all[0].case_key();
            // The row (or rows) the reject is of, still joined to the first number.
            let of_row: Vec<usize> = at_line
                .get(&rej.source_row)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| keys.get(i) == Some(first_key.as_str()))
                .collect();
            let Some(j) = all[1..]
                .iter()
                .position(|c| in_run.contains(&c.case_key()))
                .map(|j| j + 1)
            else {
                continue;
            };
            if of_row.is_empty() {
                continue;
            }
            for &i in &of_row {
                new_values[i] = Some(all[j].case_no());
                new_keys[i] = Some(all[j].case_key());
            }
            let not: Vec<String> = all
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != j)
                .map(|(_, c)| c.case_no())
                .collect();
            rej.reason = format!(
                "{} 案号 in one cell: the row is joined to {}{JOINED_LATER}; {} is not (give it \
                 a row of its own)",
                all.len(),
                all[j].case_no(),
                not.join("、")
            );
        }
        for (name, vals) in [("case_no", new_values), ("case_key", new_keys)] {
            let ca: StringChunked = vals.into_iter().collect();
            df.replace(name, ca.with_name(name.into()).into_column())?;
        }
    }
    Ok(())
}

/// A row of a dated assignments register (分配日期, 变更日期) whose date cell is blank cannot
/// be placed in time: classify takes a case's officer from its latest dated row by the
/// census date, and an undated row only where the case has none, so a reassignment
/// (原承办人 赵六 → 变更后承办人 钱八) left undated beside a dated 分案 row naming 赵六 was
/// dropped without a word. It is not applied here either (it may have been made after the
/// census date, and nothing in the run dates it), but listed in the rejects under the date
/// column, naming the dated row that counts instead, so that the clerk adds the date.
///
/// Only where a dated row of the run names another officer for the case: an undated row
/// that is the case's only one, or that names the same officer, changes nothing. A register
/// without a date column (an undated 分案 list) is the base the dated changes start from, and
/// is not listed. Runs over the whole run's sheets (the dated row may be in another file).
pub(super) fn undated_assignments_outranked(outcomes: &mut [FileOutcome]) -> PolarsResult<()> {
    let assignment_sheets = |o: &[FileOutcome]| {
        o.iter()
            .flat_map(|f| &f.sheets)
            .any(|s| s.table == Some(TableKind::Assignments) && s.frame.is_some())
    };
    if !assignment_sheets(outcomes) {
        return Ok(());
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    // Each case's latest dated row naming an officer (the last of one date): (date, officer,
    // file, row).
    let mut dated: BTreeMap<String, (i32, String, String, usize)> = BTreeMap::new();
    for s in outcomes.iter().flat_map(|f| &f.sheets) {
        let (Some(TableKind::Assignments), Some(df)) = (s.table, &s.frame) else {
            continue;
        };
        let keys = df.column("case_key")?.str()?;
        let officers = df.column("officer")?.str()?;
        let on = df.column("assigned_on")?.date()?.physical();
        let files = df.column("source_file")?.str()?;
        let lines = df.column("source_row")?.i64()?;
        for i in 0..df.height() {
            let (Some(k), Some(o), Some(d)) = (keys.get(i), officers.get(i), on.get(i)) else {
                continue;
            };
            if o.trim().is_empty() || dated.get(k).is_some_and(|(was, ..)| *was > d) {
                continue;
            }
            let at = (files.get(i).unwrap_or_default(), row_at(lines, i));
            dated.insert(k.to_string(), (d, o.trim().to_string(), at.0.into(), at.1));
        }
    }
    if dated.is_empty() {
        return Ok(());
    }
    for s in outcomes.iter_mut().flat_map(|f| f.sheets.iter_mut()) {
        let (Some(TableKind::Assignments), Some(df)) = (s.table, &s.frame) else {
            continue;
        };
        let Some(header) = s
            .entry
            .columns
            .iter()
            .find(|(_, f)| f.as_str() == "assigned_on")
            .map(|(h, _)| h.clone())
        else {
            continue;
        };
        let keys = df.column("case_key")?.str()?;
        let officers = df.column("officer")?.str()?;
        let on = df.column("assigned_on")?.date()?.physical();
        let files = df.column("source_file")?.str()?;
        let sheets = df.column("source_sheet")?.str()?;
        let lines = df.column("source_row")?.i64()?;
        for i in 0..df.height() {
            let (Some(k), Some(o), None) = (keys.get(i), officers.get(i), on.get(i)) else {
                continue;
            };
            let o = o.trim();
            let Some((d, other, file, line)) = dated.get(k).filter(|(_, other, ..)| other != o)
            else {
                continue;
            };
            if o.is_empty() {
                continue;
            }
            let day = epoch + chrono::Duration::days(i64::from(*d));
            *s.entry
                .field_rejects
                .entry("assigned_on".to_string())
                .or_default() += 1;
            s.rejects.push(Reject {
                source_file: files.get(i).unwrap_or_default().to_string(),
                source_sheet: sheets.get(i).map(String::from),
                source_row: row_at(lines, i),
                field: "assigned_on".to_string(),
                column: Some(header.clone()),
                raw_value: String::new(),
                reason: format!(
                    "{UNDATED_ASSIGNMENT} {o} cannot be placed in time and is not used; the \
                     dated row naming {other} ({}, row {line}, {day}) counts instead (give the \
                     row its date)",
                    file_name(file)
                ),
                whole_row: false,
            });
        }
    }
    Ok(())
}

/// How the reject of an undated assignment begins (see [`undated_assignments_outranked`];
/// `reasons` translates it).
pub(super) const UNDATED_ASSIGNMENT: &str = "no date: the row's assignment of the case to";

/// A path's last part (the file a row is in, as a reject names it).
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Said after the 案号 a side-table row of several is joined to when it is not the first
/// (see [`join_first_case_of_run`]; `reasons` translates it).
pub(super) const JOINED_LATER: &str = " (the 案号 before it name no case of the run)";

/// Dates that cannot both be right, kept as written and listed in the rejects: a filing,
/// closing or resumption date after the export date (the export cannot know it: one of the
/// two dates is mistyped), and a closing date before the filing date (trend leaves such a
/// case out of the durations and 法定期限内结案率 and lists it in `trend_case_anomalies`).
/// Second, the number of rows whose 立案日期 is in another year than their 案号's when
/// they are too many to list (0 when they are listed).
/// Deducted periods (扣除期间) that end before they start: a typo in one of the two dates.
/// The row is kept as written, and deducts nothing (classify counts no negative period).
/// Fills a deducted period's end from its length where the register gives days instead of
/// an end (开始日期 2025-07-01, 扣除天数 30 → ends 2025-07-31: 30 days deducted). Left
/// open, the period would run to the census date. An end given beside days that disagree
/// is kept, and the disagreement noted.
pub(super) fn ends_from_days(plan: &SheetPlan, df: &mut DataFrame) -> PolarsResult<Vec<Reject>> {
    let Ok(days) = df.column("days").and_then(|c| c.i64().cloned()) else {
        return Ok(Vec::new());
    };
    if days.null_count() == days.len() {
        return Ok(Vec::new());
    }
    let start = df.column("start_on")?.date()?.physical().clone();
    let end = df.column("end_on")?.date()?.physical().clone();
    let lines = df.column("source_row")?.i64()?.clone();
    let col = plan.field_col("days");
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let mut found = Vec::new();
    let filled: Int32Chunked = (0..df.height())
        .map(|i| match (start.get(i), end.get(i), days.get(i)) {
            (Some(s), None, Some(n)) => i32::try_from(n).ok().and_then(|n| s.checked_add(n)),
            (Some(s), Some(e), Some(n)) => {
                if i64::from(e - s) != n {
                    found.push(reject(
                        plan,
                        lines.get(i).unwrap_or(0).max(0) as usize,
                        "days",
                        col,
                        n.to_string(),
                        format!(
                            "扣除天数 {n} and the period {} to {} ({} days) disagree: the dates are used",
                            day(s),
                            day(e),
                            e - s
                        ),
                    ));
                }
                Some(e)
            }
            (_, e, _) => e,
        })
        .collect();
    let filled = filled
        .with_name("end_on".into())
        .into_column()
        .cast(&DataType::Date)?;
    df.replace("end_on", filled)?;
    Ok(found)
}

/// Case numbers whose year (收案年度, the year of filing) is after the sheet's date: the
/// export's date (its title's, footer's, the date given, or its file name's), or the
/// latest date its rows state when later (an export is made after every date it holds).
/// No case has such a number yet: the year is mistyped ((2042) for (2024)), and read as
/// written it keyed a case of its own, counted beside the real one. Such a number is
/// unusable like a masked one: its key and year are cleared (the court, type and kind it
/// shows are kept), the 案号 is listed in the rejects, and dedup places the row by its
/// other fields. A number of the next year on a sheet of late December is allowed (a court
/// opens the new year's numbers before 1 January, as the 立案日期 check allows).
pub(super) fn future_case_numbers(
    plan: &SheetPlan,
    df: &mut DataFrame,
    exported: Option<NaiveDate>,
) -> PolarsResult<Vec<Reject>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let latest_row_date = ["filed_on", "closed_on", "suspended_on", "resumed_on"]
        .iter()
        .filter_map(|c| df.column(c).ok())
        .filter_map(|c| c.date().ok().and_then(|d| d.physical().max()))
        .max()
        .map(day);
    let (bound, from_rows) = match (exported, latest_row_date) {
        (Some(e), Some(l)) if l > e => (l, true),
        (Some(e), _) => (e, false),
        (None, Some(l)) => (l, true),
        (None, None) => return Ok(Vec::new()),
    };
    let last_year = bound.year() + i32::from(bound.month() == 12);
    let years = df.column("year")?.i32()?.clone();
    let rows: Vec<usize> = (0..df.height())
        .filter(|&i| years.get(i).is_some_and(|y| y > last_year))
        .collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let subject = if from_rows {
        "the latest date the sheet's rows state,"
    } else {
        "the export date"
    };
    unusable_case_numbers(plan, df, &rows, |i| {
        let y = years.get(i).unwrap_or_default();
        format!(
            "invalid 案号: its year {y} is after {subject} {bound}, and a 案号's year is the year \
             of filing: the year is mistyped, so the row is matched to its case by its \
             parties, dates and claim (as a masked 案号 is), not counted as a case of {y}"
        )
    })
}

/// Rejects the case numbers of `rows` (ascending) for `why` and clears their keys
/// ([`unkey`]): numbers that read as valid but cannot be the case's.
fn unusable_case_numbers(
    plan: &SheetPlan,
    df: &mut DataFrame,
    rows: &[usize],
    why: impl Fn(usize) -> String,
) -> PolarsResult<Vec<Reject>> {
    let raws = df.column("case_no_raw")?.str()?.clone();
    let lines = df.column("source_row")?.i64()?.clone();
    let case_col = plan.field_col("case_no");
    let found = rows
        .iter()
        .map(|&i| {
            reject(
                plan,
                row_at(&lines, i),
                "case_no",
                case_col,
                raws.get(i).unwrap_or_default().to_string(),
                why(i),
            )
        })
        .collect();
    unkey(df, rows)?;
    Ok(found)
}

/// Clears the key of the rows' case numbers (`rows` ascending), as an unusable number's
/// is: its key, year and sequence are null and `case_no_valid` false, so that dedup places
/// the row by its other fields; the court, type and kind it shows stay.
fn unkey(df: &mut DataFrame, rows: &[usize]) -> PolarsResult<()> {
    for name in ["case_no", "case_key", "year", "seq", "doc_suffix"] {
        cleared(df, name, rows)?;
    }
    let valid: BooleanChunked = df
        .column("case_no_valid")?
        .bool()?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if rows.binary_search(&i).is_ok() {
                Some(false)
            } else {
                v
            }
        })
        .collect();
    df.replace(
        "case_no_valid",
        valid.with_name("case_no_valid".into()).into_column(),
    )?;
    Ok(())
}

/// Column `name` null in `rows`.
fn cleared(df: &mut DataFrame, name: &str, rows: &[usize]) -> PolarsResult<()> {
    let c = df.column(name)?.as_materialized_series().clone();
    let mut keep = vec![true; df.height()];
    for &i in rows {
        keep[i] = false;
    }
    let keep = BooleanChunked::from_slice("keep".into(), &keep);
    let nulls = Series::full_null(name.into(), c.len(), c.dtype());
    let c = c.zip_with(&keep, &nulls)?;
    df.replace(name, c.into_column())?;
    Ok(())
}

/// Case numbers whose court code (法院代字) starts with no province abbreviation
/// (`（2025）淅0603执601号`: 淅 typed for its look-alike 浙). Every coded court is the
/// Supreme People's Court's or a province's (its high court, or one below it): a code the
/// reference table does not describe within a known province (a new internet court) is
/// kept and flagged, but no court has a code of no province. Read as written, such a
/// number keyed a case of its own beside the real one and a phantom court in every per-court
/// table; it is unusable like a mistyped year instead: its key is cleared, the 案号 is
/// listed in the rejects naming the code, and dedup places the row by its other fields
/// (parties, dates, claim).
pub(super) fn unknown_province_case_numbers(
    plan: &SheetPlan,
    df: &mut DataFrame,
) -> PolarsResult<Vec<Reject>> {
    let t = casenum::tables::tables();
    let codes = df.column("court_code")?.str()?.clone();
    let styles = df.column("case_no_style")?.str()?.clone();
    let valid = df.column("case_no_valid")?.bool()?.clone();
    // Old-style numbers' courts are free-form abbreviations (绍柯), no code to check.
    let no_province = |code: &str| {
        let mut chars = code.chars();
        chars.next().is_some_and(|c| !t.is_province(c))
            && chars.as_str().starts_with(|c: char| c.is_ascii_digit())
    };
    let rows: Vec<usize> = (0..df.height())
        .filter(|&i| {
            valid.get(i) == Some(true)
                && styles.get(i) != Some(casenum::Style::Old.as_str())
                && codes.get(i).is_some_and(no_province)
        })
        .collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let found = unusable_case_numbers(plan, df, &rows, |i| {
        let code = codes.get(i).unwrap_or_default();
        let province: String = code.chars().take(1).collect();
        format!(
            "invalid 案号: unknown court code (法院代字) {code}, and {province} is no \
             province's abbreviation (a look-alike typed for one?): the row is matched \
             to its case by its parties, dates and claim (as a masked 案号 is), not \
             counted as a case of a court {code}"
        )
    })?;
    // The code is the typo: kept, it made a court of its own in the per-court tables, or
    // the linked case's court when its row came first (the review of round 51).
    cleared(df, "court_code", &rows)?;
    Ok(found)
}

pub(super) fn reversed_periods(plan: &SheetPlan, df: &DataFrame) -> PolarsResult<Vec<Reject>> {
    let (start, end) = (
        df.column("start_on")?.date()?.physical().clone(),
        df.column("end_on")?.date()?.physical().clone(),
    );
    let lines = df.column("source_row")?.i64()?;
    let col = plan.field_col("end_on");
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let mut found = Vec::new();
    for i in 0..df.height() {
        if let (Some(s), Some(e)) = (start.get(i), end.get(i)) {
            if e < s {
                found.push(reject(
                    plan,
                    lines.get(i).unwrap_or(0).max(0) as usize,
                    "end_on",
                    col,
                    day(e).to_string(),
                    format!(
                        "结束日期 before 开始日期 {}: the period deducts nothing until one of \
                         the two is corrected",
                        day(s)
                    ),
                ));
            }
        }
    }
    Ok(found)
}

/// How many times the claim a recovered amount may be before it is said to be implausible:
/// interest for late payment (迟延履行利息) and costs take a recovered amount past its claim,
/// but not tenfold; a hundredfold or more is one amount read in 元 and the other in 万元.
const RECOVERED_TIMES_CLAIM: i64 = 10;

/// Recovered amounts (执行到位金额) many times their case's claim (申请执行标的): kept as
/// written, each said in the rejects. A unit stated for the table (单位：万元) applies to
/// every amount column whose header names none, so a claim headed （元） beside a recovered
/// column without a unit reads 100 元 against 50万 recovered, and 执行到位率 becomes 5000 times
/// 100% with no word.
pub(super) fn implausible_recovered(plan: &SheetPlan, df: &DataFrame) -> PolarsResult<Vec<Reject>> {
    let (claim, recovered) = (
        df.column("claim_fen")?.i64()?,
        df.column("recovered_fen")?.i64()?,
    );
    let lines = df.column("source_row")?.i64()?;
    let yuan = |fen: i64| fields::yuan_text(fen, false);
    let mut found = Vec::new();
    for (i, (c, r)) in claim.iter().zip(recovered.iter()).enumerate() {
        let (Some(c), Some(r)) = (c, r) else { continue };
        if c <= 0 || r / RECOVERED_TIMES_CLAIM <= c {
            continue;
        }
        found.push(reject(
            plan,
            lines.get(i).unwrap_or(0).max(0) as usize,
            "recovered_fen",
            plan.field_col("recovered_fen"),
            yuan(r),
            format!(
                "执行到位金额 {} 元 is {} times the 申请执行标的 {} 元: kept as written, but one of \
                 the two is wrong (an amount read in the wrong unit, 元 or 万元: check the \
                 headers and any 单位：)",
                yuan(r),
                r / c,
                yuan(c)
            ),
        ));
    }
    Ok(found)
}

pub(super) fn impossible_dates(
    plan: &SheetPlan,
    df: &DataFrame,
    exported: Option<NaiveDate>,
) -> PolarsResult<(Vec<Reject>, usize)> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let day = |d: i32| epoch + chrono::Duration::days(i64::from(d));
    let days = |name: &str| -> PolarsResult<Int32Chunked> {
        Ok(df.column(name)?.date()?.physical().clone())
    };
    let (filed, closed, resumed) = (days("filed_on")?, days("closed_on")?, days("resumed_on")?);
    let (status, status_raw) = (df.column("status")?.str()?, df.column("status_raw")?.str()?);
    let lines = df.column("source_row")?.i64()?;
    let years = df.column("year")?.i32()?;
    let col_of = |name: &str| plan.field_col(name);
    let export = exported.map(|e| (e - epoch).num_days());
    let (mut found, mut other_year) = (Vec::new(), Vec::new());
    for i in 0..df.height() {
        let (f, c) = (filed.get(i), closed.get(i));
        let line = lines.get(i).unwrap_or(0).max(0) as usize;
        let r = resumed.get(i);
        for (name, label, d) in [
            ("filed_on", "立案日期", f),
            ("closed_on", "结案日期", c),
            ("resumed_on", "恢复日期", r),
        ] {
            if let (Some(d), Some(e)) = (d, export) {
                if i64::from(d) > e {
                    found.push(reject(
                        plan,
                        line,
                        name,
                        col_of(name),
                        day(d).to_string(),
                        format!(
                            "{label} after the export date {}: kept as written, but one of the \
                             two is wrong (the export date is the title's or footer's, else --exported-on)",
                            day(e as i32)
                        ),
                    ));
                }
            }
        }
        // 恢复执行 beside a 结案日期 and a 恢复日期 on or after it reads as closed, then
        // resumed, so the row's own check (`row`) says nothing. A 恢复日期 after the export
        // date resumes nothing the export can show: the open status stands beside a 结案日期
        // as it does with no 恢复日期, and is said the same way, classify going by the
        // 结案日期 as it does then (the census and trend count the case closed on it).
        if let (Some(c), Some(r), Some(e), Some(raw)) = (c, r, export, status_raw.get(i)) {
            let open = status.get(i).is_some_and(|s| s != "closed");
            if open && r >= c && i64::from(r) > e {
                found.push(reject(
                    plan,
                    line,
                    "status",
                    col_of("status"),
                    raw.to_string(),
                    format!(
                        "案件状态 says the case is open, but a 结案日期 is given, and the \
                         恢复日期 {} that would reopen it is after the export date {}: kept as \
                         written; classify counts the case closed on its 结案日期 {}, as when \
                         no 恢复日期 is given",
                        day(r),
                        day(e as i32),
                        day(c)
                    ),
                ));
            }
        }
        // The 案号's year is the year the case was filed (收案年度): a 立案日期 in another
        // year, but for the last days of December before it, is a typo in one of the two,
        // and would make a new case look years old.
        if let (Some(f), Some(y)) = (f, years.get(i)) {
            let filed = day(f);
            let december_before = filed.year() == y - 1 && filed.month() == 12;
            if filed.year() != y && !december_before {
                other_year.push((line, filed, y));
            }
        }
        if let (Some(f), Some(c)) = (f, c) {
            if c < f {
                found.push(reject(
                    plan,
                    line,
                    "closed_on",
                    col_of("closed_on"),
                    day(c).to_string(),
                    format!(
                        "结案日期 before the 立案日期 {}: kept as written, but one of the two is \
                         wrong (trend leaves the case out of the durations and 法定期限内结案率)",
                        day(f)
                    ),
                ));
            }
        }
    }
    // A typo is an outlier; most of a sheet's rows in another year than their 案号's is the
    // way the sheet was made (numbers given afresh): said once, by the caller, in a note.
    if other_year.len() > 3 && other_year.len() * 20 > df.height() {
        return Ok((found, other_year.len()));
    }
    for (line, filed, y) in other_year {
        found.push(reject(
            plan,
            line,
            "filed_on",
            col_of("filed_on"),
            filed.to_string(),
            format!(
                "立案日期 in {}, but the 案号 is of {y}: kept as written, but one of the two \
                 is wrong (the case's age and deadline count from this date)",
                filed.year()
            ),
        ));
    }
    found.sort_by_key(|r| r.source_row);
    Ok((found, 0))
}

/// The sheet row (`source_row`) of table row `i`, for a reject (0 where it is unknown).
fn row_at(lines: &Int64Chunked, i: usize) -> usize {
    lines
        .get(i)
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0)
}
