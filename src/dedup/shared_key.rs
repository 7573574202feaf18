//! One 案号 given to two cases: rows joined by their 案号 that cannot be one case.
//!
//! A 案号 is unique in a court's system, so rows with the same key are one case and the
//! run does not split them. But a 案号 typed for another case in one export (审判管理's
//! (2025)浙0102执200号 is 吴三 v 郑四, 执行局's is 陈一 v 周二) would otherwise make one
//! invented case with four parties, the other case's claim lost from every sum, and nothing
//! said. Such rows are found (no 被执行人 in common, 立案日期 further apart than
//! `shared_key_filed_days` in dedup.toml), the case keeps the facts of one side only, and
//! the run says so: on the terminal, in dedup.json, in conflicts.parquet and in the report's
//! data-quality section, naming the 案号, the rows and what differs, for the statistician to
//! have the export corrected.
//!
//! The rows are compared by their 被执行人, not by every party: a bank, a 小贷 company or a
//! 劳动监察 department applies in many cases of a court, and a 案号 typed for another of
//! its cases (the usual slip) shares that applicant. The applicant counts only where it
//! applies under this one 案号 in the whole run, and where no row of the 案号 names a
//! debtor. One case's own rows stay one: they name a debtor in common (spelt alike, or one
//! export adding a co-debtor), or were filed within `shared_key_filed_days` of each other.

use std::collections::HashMap;

use polars::prelude::*;

use super::columns::{column, i32s, i64s, strs, ListCol};
use super::{Groups, Sources};
use crate::Result;

/// A 案号 whose rows are two (or more) cases ([`shared_keys`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedKey {
    /// The case's key (its cluster id).
    pub case_key: String,
    /// The rows whose facts the case keeps (`file|sheet|row`).
    pub kept_rows: Vec<String>,
    /// The rows set aside: another case under this 案号, not counted.
    pub set_aside_rows: Vec<String>,
    /// What the kept rows say (parties, 立案日期, 案由, 标的).
    pub kept: String,
    /// What the rows set aside say.
    pub set_aside: String,
    /// The days between the two sides' nearest 立案日期.
    pub days_apart: i64,
}

/// The rule a conflicts row of a shared 案号 states.
pub const RULE: &str = "one 案号, two cases: no 被执行人 in common and 立案日期 months apart; \
                        the case keeps the rows more exports give (then those that are not \
                        another 案号's case by 被执行人 and 立案日期, then the newer export, \
                        then the first row), the others are set aside: correct the 案号 in \
                        the export";

/// The clusters of rows joined by their 案号 that hold two cases: rows grouped into sides
/// by a 被执行人 in common (a name, or its spelling by another system) or an applicant who
/// applies under no other 案号 of the run, and sides with nothing in common whose 立案日期
/// are at least `min_days` apart. The case keeps the side more exports (file and sheet)
/// give: a 案号 typed for another case is one system's slip, which the other exports do
/// not repeat. Then the side that does not repeat a case of another 案号 (a row with the
/// same 被执行人 and 立案日期 as that case's: the other case, its 案号 mistyped), then the
/// one of the newer export, then the one of its first row. Rows that name none of the parties
/// compared go with the kept side. Returns, per such cluster (in output order), its
/// index, the rows set aside, and the description.
pub(super) fn shared_keys(
    cases: &DataFrame,
    groups: &Groups,
    sources: &Sources,
    min_days: i64,
) -> Result<Vec<(usize, Vec<u32>, SharedKey)>> {
    let keys = strs(cases, "case_key")?;
    let filed = i32s(cases, "filed_on")?;
    let exported = match cases.column("exported_on") {
        Ok(_) => i32s(cases, "exported_on")?,
        Err(_) => vec![None; cases.height()],
    };
    let files = strs(cases, "source_file")?;
    let sheets = strs(cases, "source_sheet")?;
    let appl_col = ListCol::new(column(cases, "applicants")?)?;
    let resp_col = ListCol::new(column(cases, "respondents")?)?;
    let (appl, resp) = (appl_col.view()?, resp_col.view()?);
    // The cluster of each row, and the clusters each applicant and each debtor filed on a
    // day appear in: an applicant of several 案号 (a bank) tells nothing of which case a
    // row is; a debtor and 立案日期 of another 案号 are that case's.
    let mut group_of: Vec<Option<usize>> = vec![None; cases.height()];
    for g in 0..groups.len() {
        for &i in groups.members(g) {
            group_of[i as usize] = Some(g);
        }
    }
    let mut applies_in: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut filed_against: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, g) in group_of.iter().enumerate() {
        let Some(g) = *g else { continue };
        let note = |seen: &mut Vec<usize>| {
            if seen.len() < 2 && !seen.contains(&g) {
                seen.push(g);
            }
        };
        for a in appl.items(i) {
            note(applies_in.entry(a).or_default());
        }
        if let Some(d) = filed[i] {
            for r in resp.items(i) {
                note(filed_against.entry((r, d)).or_default());
            }
        }
    }
    let sole_applicants = |i: usize| -> Vec<&str> {
        appl.items(i)
            .filter(|a| applies_in.get(a).is_some_and(|gs| gs.len() < 2))
            .collect()
    };
    let repeats_another_case = |i: usize| -> bool {
        let (Some(g), Some(d)) = (group_of[i], filed[i]) else {
            return false;
        };
        resp.items(i).any(|r| {
            filed_against
                .get(&(r, d))
                .is_some_and(|gs| gs.iter().any(|&o| o != g))
        })
    };
    let cause = match cases.column("cause") {
        Ok(_) => strs(cases, "cause")?,
        Err(_) => vec![None; cases.height()],
    };
    let claim = match cases.column("claim_fen") {
        Ok(_) => i64s(cases, "claim_fen")?,
        Err(_) => vec![None; cases.height()],
    };
    let describe = |i: usize| -> String {
        let list = |v: Vec<&str>| {
            if v.is_empty() {
                "—".to_string()
            } else {
                v.join("、")
            }
        };
        let mut s = format!(
            "{} v {}",
            list(appl.items(i).collect()),
            list(resp.items(i).collect())
        );
        if let Some(d) = filed[i].and_then(date_of) {
            s.push_str(&format!(", 立案日期 {d}"));
        }
        if let Some(c) = cause[i] {
            s.push_str(&format!(", 案由 {c}"));
        }
        if let Some(c) = claim[i] {
            s.push_str(&format!(
                ", 标的 {} 元",
                crate::ingest::fields::yuan_text(c, false)
            ));
        }
        s
    };

    let mut found = Vec::new();
    for g in 0..groups.len() {
        let m = groups.members(g);
        if m.len() < 2 {
            continue;
        }
        // Most cases' rows are filed within days of one another: nothing to look at.
        let days = m.iter().filter_map(|&i| filed[i as usize]);
        let (lo, hi) = days.fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        if lo > hi || i64::from(hi) - i64::from(lo) < min_days {
            continue;
        }
        // Sides: rows linked by a 被执行人 in common, or by an applicant of this 案号 alone.
        // Where no row names a debtor (an export without 被执行人), by the applicants.
        let mut side: Vec<usize> = (0..m.len()).collect();
        fn root(side: &mut [usize], mut x: usize) -> usize {
            while side[x] != x {
                side[x] = side[side[x]];
                x = side[x];
            }
            x
        }
        let debtors = m.iter().any(|&i| resp.items(i as usize).next().is_some());
        let named: Vec<Vec<&str>> = m
            .iter()
            .map(|&i| {
                let i = i as usize;
                if debtors {
                    resp.items(i).chain(sole_applicants(i)).collect()
                } else {
                    appl.items(i).collect()
                }
            })
            .collect();
        let alike = |x: &str, y: &str| x == y || super::survive::name_variant(x, y);
        for a in 0..m.len() {
            for b in a + 1..m.len() {
                let shared = named[a]
                    .iter()
                    .any(|x| named[b].iter().any(|y| alike(x, y)));
                if shared {
                    let (ra, rb) = (root(&mut side, a), root(&mut side, b));
                    side[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut sides: Vec<Vec<usize>> = Vec::new();
        let mut side_of: Vec<Option<usize>> = vec![None; m.len()];
        for k in 0..m.len() {
            // A row without parties compared (only a bank that applies in other cases too),
            // or placed by fuzzy matching (no 案号 of its own), says nothing of which case
            // the 案号 is: it stays with the case kept.
            if named[k].is_empty() || keys[m[k] as usize].is_none() {
                continue;
            }
            let r = root(&mut side, k);
            let s = match side_of[r] {
                Some(s) => s,
                None => {
                    sides.push(Vec::new());
                    side_of[r] = Some(sides.len() - 1);
                    sides.len() - 1
                }
            };
            sides[s].push(m[k] as usize);
        }
        if sides.len() < 2 {
            continue;
        }
        // Every two sides filed far apart: a side without a 立案日期 could be either case.
        let dates = |s: &[usize]| -> Vec<i32> { s.iter().filter_map(|&i| filed[i]).collect() };
        let mut nearest = i64::MAX;
        let mut apart = true;
        for a in 0..sides.len() {
            for b in a + 1..sides.len() {
                let (da, db) = (dates(&sides[a]), dates(&sides[b]));
                let gap = da
                    .iter()
                    .flat_map(|x| {
                        db.iter()
                            .map(move |y| (i64::from(*x) - i64::from(*y)).abs())
                    })
                    .min();
                match gap {
                    Some(d) if d >= min_days => nearest = nearest.min(d),
                    _ => apart = false,
                }
            }
        }
        if !apart {
            continue;
        }
        let exports = |s: &[usize]| -> usize {
            let mut e: Vec<(Option<&str>, Option<&str>)> =
                s.iter().map(|&i| (files[i], sheets[i])).collect();
            e.sort();
            e.dedup();
            e.len()
        };
        let newest = |s: &[usize]| s.iter().filter_map(|&i| exported[i]).max();
        let own = |s: &[usize]| !s.iter().any(|&i| repeats_another_case(i));
        let kept = (0..sides.len())
            .max_by(|&a, &b| {
                exports(&sides[a])
                    .cmp(&exports(&sides[b]))
                    .then(own(&sides[a]).cmp(&own(&sides[b])))
                    .then(newest(&sides[a]).cmp(&newest(&sides[b])))
                    .then(sides[b][0].cmp(&sides[a][0]))
            })
            .unwrap_or(0);
        let mut set_aside: Vec<u32> = sides
            .iter()
            .enumerate()
            .filter(|&(s, _)| s != kept)
            .flat_map(|(_, rows)| rows.iter().map(|&i| i as u32))
            .collect();
        set_aside.sort_unstable();
        let label = |i: usize| sources.label(i).to_string();
        let others: Vec<usize> = set_aside.iter().map(|&i| i as usize).collect();
        found.push((
            g,
            set_aside.clone(),
            SharedKey {
                case_key: groups.ids[g].to_string(),
                kept_rows: m
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|i| !others.contains(i))
                    .map(label)
                    .collect(),
                set_aside_rows: others.iter().map(|&i| label(i)).collect(),
                kept: describe(sides[kept][0]),
                set_aside: sides
                    .iter()
                    .enumerate()
                    .filter(|&(s, _)| s != kept)
                    .map(|(_, rows)| describe(rows[0]))
                    .collect::<Vec<_>>()
                    .join(" ‖ "),
                days_apart: nearest,
            },
        ));
    }
    Ok(found)
}

/// The terminal's warning of a shared 案号: which rows, what differs, what was kept.
pub fn warning(k: &SharedKey) -> String {
    format!(
        "案号 {} names two cases ({} days apart in 立案日期, no 被执行人 in common): kept {} \
         [{}]; set aside, in no count or sum, {} [{}]: correct the 案号 in the export",
        k.case_key,
        k.days_apart,
        k.kept,
        k.kept_rows.join(", "),
        k.set_aside,
        k.set_aside_rows.join(", ")
    )
}

/// conflicts.parquet with a row per shared 案号 (field `case_no`): both sides' facts, their
/// rows, the side kept and [`RULE`].
pub(super) fn with_conflicts(
    conflicts: DataFrame,
    shared: &[(usize, Vec<u32>, SharedKey)],
) -> Result<DataFrame> {
    let n = shared.len();
    let keys: Vec<&SharedKey> = shared.iter().map(|(_, _, k)| k).collect();
    let extra = df!(
        "cluster_id" => keys.iter().map(|k| k.case_key.as_str()).collect::<Vec<_>>(),
        "field" => vec!["case_no"; n],
        "values" => keys.iter().map(|k| format!("{} ‖ {}", k.kept, k.set_aside)).collect::<Vec<_>>(),
        "sources" => keys
            .iter()
            .map(|k| format!("{} ‖ {}", k.kept_rows.join(" ‖ "), k.set_aside_rows.join(" ‖ ")))
            .collect::<Vec<_>>(),
        "kept" => keys.iter().map(|k| Some(k.kept.clone())).collect::<Vec<_>>(),
        "rule" => vec![RULE; n],
    )
    .map_err(|e| crate::Error::polars("assembling conflicts", e))?;
    conflicts
        .vstack(&extra)
        .map_err(|e| crate::Error::polars("assembling conflicts", e))
}

/// A day count since 1970-01-01 as a date.
fn date_of(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::Duration::days(i64::from(days)))
}
