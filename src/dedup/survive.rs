//! Survivorship and lineage: one row per cluster, each field's value picked by a written
//! rule, every disagreement listed; 执恢 cases linked to the case they resume.
//!
//! Most clusters have one row, and most fields of a multi-row cluster agree, so values
//! are compared in their own type first and turned into text only for the fields that
//! really disagree: the conflicts table shows each value as text (as polars prints it),
//! and two values are distinct when their texts differ.

use std::borrow::Cow;

use polars::prelude::*;
use rayon::prelude::*;

use super::columns::{column, i32s, i64s, strs, ListCol, ListStrs};
use super::{DedupConfig, Groups, Sources};
use crate::ingest::{AMOUNTS_IN_WAN, DATES_TO_MONTH};
use crate::{Error, Result};

/// Fields whose disagreements are expected (where a row came from, how it was spelt) and
/// not listed as conflicts. A status or closure method spelt two ways (已结 / 结案) is
/// one value: its canonical column (`status`, `closure_method`) lists the real
/// disagreements (on the 1M-row bench 26 closure methods, against 51,000 rows of
/// 终结本次执行程序 ‖ 终本 in `closure_method_raw`).
const SKIP_CONFLICT: [&str; 11] = [
    "source_file",
    "source_sheet",
    "source_row",
    "case_no_raw",
    "status_raw",
    "closure_method_raw",
    "extra",
    "exported_on",
    "doc_suffix",
    "case_no_style",
    "party_notes",
];

/// A column's values in their own type, to tell equal values apart without text.
enum Native<'a> {
    Str(&'a StringChunked),
    I64(&'a Int64Chunked),
    I32(&'a Int32Chunked),
    Bool(&'a BooleanChunked),
    List(ListStrs<'a>),
    /// Any other type: compared as text only.
    Other,
}

impl<'a> Native<'a> {
    /// Whether rows `i` and `j` (both non-null) hold the same value. `false` only says
    /// "maybe different": the texts decide.
    fn same(&self, i: usize, j: usize) -> bool {
        match self {
            Native::Str(ca) => ca.get(i) == ca.get(j),
            Native::I64(ca) => ca.get(i) == ca.get(j),
            Native::I32(ca) => ca.get(i) == ca.get(j),
            Native::Bool(ca) => ca.get(i) == ca.get(j),
            Native::List(l) => l.same(i, j),
            Native::Other => false,
        }
    }

    /// [`text`], borrowed for strings.
    fn text<'c>(&self, col: &'c Column, i: usize) -> Option<Cow<'c, str>>
    where
        'a: 'c,
    {
        match self {
            Native::Str(ca) => ca.get(i).map(Cow::Borrowed),
            // As polars prints them, without going through `AnyValue`.
            Native::I64(ca) => ca.get(i).map(|v| Cow::Owned(v.to_string())),
            Native::Bool(ca) => ca
                .get(i)
                .map(|b| Cow::Borrowed(if b { "true" } else { "false" })),
            _ => text(col, i).map(Cow::Owned),
        }
    }
}

/// Which value of a cluster a field keeps (`[survivorship]` in dedup.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The first non-empty value in input order.
    First,
    /// The value of the newer export (later exported_on; then later in the input).
    Newest,
    /// The value of the row whose status wins ([`status_rows`]), even when it is empty
    /// there: a case's closure goes with its status.
    WithStatus,
    /// Yes when any row says yes.
    AnyTrue,
    /// The larger value.
    Largest,
    /// The longer list.
    Longest,
    /// Every name of every row, with its identity number ([`union_parties`]).
    Union,
}

impl Keep {
    fn of(cfg: &DedupConfig, name: &str) -> Keep {
        if cfg.newest.iter().any(|f| f == name) {
            Keep::Newest
        } else if cfg.with_status.iter().any(|f| f == name) {
            Keep::WithStatus
        } else if cfg.any_true.iter().any(|f| f == name) {
            Keep::AnyTrue
        } else if cfg.largest.iter().any(|f| f == name) {
            Keep::Largest
        } else if cfg.union.iter().any(|f| f == name) {
            Keep::Union
        } else if cfg.longest.iter().any(|f| f == name) {
            Keep::Longest
        } else {
            Keep::First
        }
    }

    /// The rule as the conflicts table states it.
    fn describe(self) -> &'static str {
        match self {
            Keep::Newest => "newer export wins",
            Keep::WithStatus => {
                "with the status: a stated status over a default one, then the newer export, \
                 then closed over suspended over pending; a closure without its date from a \
                 closed row that dates it"
            }
            Keep::AnyTrue => "yes when any row says yes",
            Keep::Largest => "larger value wins",
            Keep::Longest => "longer list wins",
            Keep::Union => "every party of every row",
            Keep::First => "first non-empty in input order",
        }
    }
}

/// The rules the conflicts table states where a cluster's value was not decided by its
/// field's own rule ([`Keep::describe`]): a 0 gave way to a stated amount, a rounding to
/// the exact figure, a month-only date to an exact one (an older export's value may stand
/// over a newer one's); rows the newer-export rule cannot tell apart; a recovered amount
/// capped at the claim.
pub const RULE_ZERO_GIVES_WAY: &str = "a stated amount over 0 (0 gives way whatever the export)";
pub const RULE_EXACT_AMOUNT: &str = "the exact amount over its rounding, whatever the export";
pub const RULE_EXACT_DATE: &str = "an exact date over a date of its month given without the day";
pub const RULE_LATER_ROW: &str = "the later row wins (no export of the rows is newer)";
pub const RULE_PARTS_ADDED: &str =
    "the amounts of one export's rows for different applicants added (one row per applicant)";
pub const RULE_CLOSURE_UNDONE: &str =
    "no closing date: the closure that gave it was undone by a newer export showing the case pending";
pub const RULE_UNIT_SLIP: &str = "likely a unit slip (万元 read as 元): one amount exactly 10,000 times the other; the larger kept, whatever the export — check the exports' units";
pub const RULE_RECOVERED_CAPPED: &str =
    "larger value wins, but not more than the claim where only a rounding makes it more";

/// A value as the conflicts table shows it (none for null): a string as it is, anything
/// else as polars prints it.
fn text(col: &Column, i: usize) -> Option<String> {
    match col.get(i) {
        Ok(AnyValue::Null) | Err(_) => None,
        Ok(AnyValue::String(s)) => Some(s.to_string()),
        Ok(v) => Some(v.to_string()),
    }
}

/// One disagreement within a cluster.
struct Conflict {
    group: u32,
    values: String,
    /// The first row of each distinct value.
    rows: Vec<u32>,
    kept: Option<String>,
    /// The rule that decided, where it is not the field's own (an amount that gave way to
    /// another row's, a claim capped or added up after the pick).
    rule: Option<&'static str>,
}

/// One output column and the disagreements found in it.
struct Survived {
    column: Column,
    field: String,
    rule: &'static str,
    conflicts: Vec<Conflict>,
    /// For an amount kept exactly (`exact` in dedup.toml): whether each cluster's value was
    /// read in 万元 (see [`InWan`]); empty for the other fields.
    kept_in_wan: Vec<bool>,
    /// For an amount kept exactly: the row each cluster's value was taken from; empty for
    /// the other fields.
    kept_rows: Vec<IdxSize>,
}

/// Which amounts of each row were read in 万元 or a larger unit (the cases table's
/// `amounts_in_wan`): only such a figure may be a rounding to the 百元 of another row's. A
/// row of a cases table written before ingest said (no column, or null) is taken as in
/// 万元, as before.
struct InWan<'a>(Option<ListStrs<'a>>);

impl InWan<'_> {
    fn get(&self, i: usize, field: &str) -> bool {
        self.0
            .as_ref()
            .is_none_or(|l| l.is_null(i) || l.items(i).any(|f| f == field))
    }
}

/// Which dates of each row its export gives with the year and month only (2025年8月), read
/// as the month's last day (the cases table's `dates_to_month`). A row of a cases table
/// written before ingest said (no column, or null) is taken as exact, as before.
struct ToMonth<'a>(Option<ListStrs<'a>>);

impl ToMonth<'_> {
    fn get(&self, i: usize, field: &str) -> bool {
        self.0
            .as_ref()
            .is_some_and(|l| !l.is_null(i) && l.items(i).any(|f| f == field))
    }
}

/// Whether `exact` (days since 1970-01-01) falls in the month of `month_end`, a date given
/// to the month only and read as its last day: the exact date is that date with its day.
fn within_month(month_end: i32, exact: i32) -> bool {
    use chrono::{Datelike, NaiveDate};
    const EPOCH_DAYS_FROM_CE: i32 = 719_163;
    let date = |d: i32| NaiveDate::from_num_days_from_ce_opt(d.checked_add(EPOCH_DAYS_FROM_CE)?);
    match (date(month_end), date(exact)) {
        (Some(m), Some(e)) => (m.year(), m.month()) == (e.year(), e.month()),
        _ => false,
    }
}

/// The disagreements of every field, in column order, for [`conflict_table`].
pub(super) struct Found {
    fields: Vec<(String, &'static str, Vec<Conflict>)>,
    /// The dates that did not rank an undated export ([`ranking_dates`]), one line each.
    pub(super) unranking_dates: Vec<String>,
    /// The same, one warning per export.
    pub(super) unranking_exports: Vec<String>,
}

/// Picks each field's value per cluster by the survivorship rules (cases_dedup, without
/// lineage); finds the disagreements.
pub(super) fn survive(
    cases: &DataFrame,
    groups: &Groups,
    cfg: &DedupConfig,
    sources: &Sources,
) -> Result<(DataFrame, Found)> {
    let mut t = std::time::Instant::now();
    if let Some(field) = cfg.same_spellings.keys().find(|f| {
        cases
            .column(f)
            .map_or(true, |c| c.dtype() != &DataType::String)
    }) {
        return Err(Error::Usage(format!(
            "dedup.toml: [conflicts.same] names {field:?}, which is not a text column of the cases table"
        )));
    }
    let stated_exported = i32s(cases, "exported_on")?;
    let (exported, unranked) = ranking_dates(cases, &stated_exported, cfg.undated_rank_days)?;
    let (unranking_dates, unranking_exports) = unranked_lines(&unranked, cfg.undated_rank_days);
    let height = groups.len();
    let firsts: Vec<IdxSize> = (0..height)
        .map(|g| groups.members(g)[0] as IdxSize)
        .collect();
    let firsts = IdxCa::from_vec("idx".into(), firsts);
    // The clusters of several rows: the only ones that can disagree.
    let multi: Vec<u32> = (0..height as u32)
        .filter(|&g| groups.members(g as usize).len() > 1)
        .collect();
    let StatusPicks {
        status: status_picks,
        closure: closure_picks,
        method: method_picks,
        undone_dates,
    } = status_rows(cases, groups, &multi, &exported)?;
    let officer_ok = officer_rows(cases, groups, &multi, &exported)?;
    let in_wan_col = cases
        .column(AMOUNTS_IN_WAN)
        .ok()
        .filter(|c| matches!(c.dtype(), DataType::List(_)))
        .map(ListCol::new)
        .transpose()?;
    let in_wan = InWan(in_wan_col.as_ref().map(ListCol::view).transpose()?);
    let to_month_col = cases
        .column(DATES_TO_MONTH)
        .ok()
        .filter(|c| matches!(c.dtype(), DataType::List(_)))
        .map(ListCol::new)
        .transpose()?;
    let to_month = ToMonth(to_month_col.as_ref().map(ListCol::view).transpose()?);
    let ledgers = ledgers(cases, groups, &multi, &in_wan)?;

    // The columns, and meanwhile the source_rows lists.
    let (survived, source_rows) = rayon::join(
        || -> Result<Vec<Survived>> {
            cases
                .columns()
                .par_iter()
                .filter(|c| {
                    !matches!(
                        c.name().as_str(),
                        "source_file"
                            | "source_sheet"
                            | "source_row"
                            | AMOUNTS_IN_WAN
                            | DATES_TO_MONTH
                    )
                })
                .map(|col| {
                    survive_column(
                        col,
                        groups,
                        &multi,
                        cfg,
                        &exported,
                        &firsts,
                        &status_picks,
                        [&closure_picks, &method_picks],
                        &officer_ok,
                        &in_wan,
                        &to_month,
                        &ledgers,
                    )
                })
                .collect()
        },
        || {
            let mut builder =
                ListStringChunkedBuilder::new("source_rows".into(), height, groups.members.len());
            for g in 0..height {
                builder.append_values_iter(
                    groups.members(g).iter().map(|&i| sources.label(i as usize)),
                );
            }
            builder.finish().into_column()
        },
    );
    let survived = survived?;
    super::timing("survivorship: columns and source_rows", &mut t);

    let mut front = vec![
        Column::new("cluster_id".into(), groups.ids.clone()),
        Column::new(
            "n_sources".into(),
            (0..height)
                .map(|g| groups.members(g).len() as i64)
                .collect::<Vec<_>>(),
        ),
        source_rows,
    ];

    let mut survived = survived;
    for names in &cfg.union {
        union_parties(cases, groups, &multi, names, &mut survived)?;
    }
    undone_closures_listed(cases, &undone_dates, &mut survived)?;
    resumed_between_exports(cases, groups, &multi, &stated_exported, &mut survived)?;
    parts_of_one_export_added(&ledgers, &multi, &mut survived)?;
    recovered_within_claim(cfg, &multi, &mut survived)?;
    let petitions_on = stated_petitions_on(cases, groups, &stated_exported, &survived)?;
    let mut fields = Vec::with_capacity(survived.len());
    for s in survived {
        let after = s.field == "stated_petitions";
        front.push(s.column);
        fields.push((s.field, s.rule, s.conflicts));
        if after {
            front.extend(petitions_on.clone());
        }
    }
    let dedup =
        DataFrame::new(height, front).map_err(|e| Error::polars("assembling cases_dedup", e))?;
    Ok((
        dedup,
        Found {
            fields,
            unranking_dates,
            unranking_exports,
        },
    ))
}

/// A case closed without a date whose only dated closure a newer export undid
/// ([`status_rows`]) keeps no closing date, though one row gives one: conflicts.parquet
/// lists that date against the empty one kept, for the statistician to check.
fn undone_closures_listed(
    cases: &DataFrame,
    undone: &[(u32, u32, u32)],
    survived: &mut [Survived],
) -> Result<()> {
    let Some(s) = survived.iter_mut().find(|s| s.field == "closed_on") else {
        return Ok(());
    };
    let Ok(col) = cases.column("closed_on") else {
        return Ok(());
    };
    for &(g, row, kept) in undone {
        if s.conflicts.iter().any(|c| c.group == g) {
            continue;
        }
        let Some(date) = text(col, row as usize) else {
            continue;
        };
        let at = s.conflicts.partition_point(|c| c.group < g);
        s.conflicts.insert(
            at,
            Conflict {
                group: g,
                values: format!("{date} ‖ null"),
                rows: vec![row, kept],
                kept: Some("null".into()),
                rule: Some(RULE_CLOSURE_UNDONE),
            },
        );
    }
    Ok(())
}

/// A suspension an older export shows running (中止, 中止日期 2025-03-01) on a case a newer
/// export shows at work again without a 恢复日期 (systems clear the suspension columns on
/// resumption): it ran at least until the last export that shows it, whose date becomes the
/// case's `resumed_on` (the earliest it can have resumed). Without an end, the suspension was
/// dropped: a case suspended for eleven months was counted overdue from its sixth.
fn resumed_between_exports(
    cases: &DataFrame,
    groups: &Groups,
    multi: &[u32],
    exported: &[Option<i32>],
    survived: &mut [Survived],
) -> Result<()> {
    let position = |field: &str| survived.iter().position(|s| s.field == field);
    let (Some(at_status), Some(at_from), Some(at_to)) = (
        position("status"),
        position("suspended_on"),
        position("resumed_on"),
    ) else {
        return Ok(());
    };
    if cases.column("status").is_err() || cases.column("suspended_on").is_err() {
        return Ok(());
    }
    let row_status = strs(cases, "status")?;
    let row_from = i32s(cases, "suspended_on")?;
    let err = |e| Error::polars("survivorship of resumed_on", e);
    let status: Vec<Option<String>> = survived[at_status]
        .column
        .str()
        .map_err(err)?
        .iter()
        .map(|s| s.map(String::from))
        .collect();
    let day = |c: &Column| -> Result<Vec<Option<i32>>> {
        Ok(c.cast(&DataType::Int32)
            .map_err(err)?
            .i32()
            .map_err(err)?
            .iter()
            .collect())
    };
    let from = day(&survived[at_from].column)?;
    let mut to = day(&survived[at_to].column)?;
    let mut changed = false;
    for &g in multi {
        let g = g as usize;
        let (Some(start), None, Some("pending")) = (from[g], to[g], status[g].as_deref()) else {
            continue;
        };
        let last_seen = groups
            .members(g)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| matches!(row_status[i], Some("suspended" | "deferred")))
            .filter(|&i| row_from[i].is_none_or(|f| f == start))
            .filter_map(|i| exported[i])
            .max();
        if let Some(seen) = last_seen.filter(|&d| d >= start) {
            to[g] = Some(seen);
            changed = true;
        }
    }
    if changed {
        let name = survived[at_to].column.name().clone();
        survived[at_to].column = Int32Chunked::from_iter_options(name, to.into_iter())
            .into_column()
            .cast(&DataType::Date)
            .map_err(err)?;
    }
    Ok(())
}

/// A row of a ledger ([`ledgers`]): the ledger it belongs to (its first row) and the
/// ledger's sums, each in 万元 when any of its parts was read so (a sum is no more exact than
/// its least exact part).
struct LedgerRow {
    ledger: u32,
    claim: i64,
    claim_in_wan: bool,
    recovered: Option<i64>,
    recovered_in_wan: bool,
}

/// The rows of every ledger of the run, by row of the cases table ([`ledgers`]).
struct Ledgers(PlHashMap<u32, LedgerRow>);

impl Ledgers {
    /// For a row of a ledger: its ledger, the ledger's sum of `field` (claim_fen or
    /// recovered_fen) and whether that sum is in 万元.
    fn of(&self, i: usize, field: &str) -> Option<(u32, i64, bool)> {
        if self.0.is_empty() {
            return None; // most runs: no row hashed
        }
        let r = self.0.get(&(i as u32))?;
        match field {
            "claim_fen" => Some((r.ledger, r.claim, r.claim_in_wan)),
            "recovered_fen" => r.recovered.map(|v| (r.ledger, v, r.recovered_in_wan)),
            _ => None,
        }
    }
}

/// A case one export lists over several rows, one per applicant, each with that
/// applicant's own 申请执行标的 (a ledger with the 案号 merged down over the rows, 张三 10万
/// and 李四 5万): the rows are parts of the case's claim, which is their sum, and so is the
/// money recovered. Only rows of one export (file and sheet) whose applicants differ (no
/// name in common) and whose claims differ: a claim repeated on each row (an export that
/// lists a case once per debtor, or two applicants' joint claim) is one claim, and rows of
/// two exports are two statements of one claim (the field's own rule picks). Found before
/// the fields are picked: another export's figure is compared with the sum, not with one
/// applicant's part (15.01 万元 is the rounding of 100,000 + 50,050 元, whatever the order
/// of the exports; [`parts_of_one_export_added`] keeps the sum).
fn ledgers(cases: &DataFrame, groups: &Groups, multi: &[u32], in_wan: &InWan) -> Result<Ledgers> {
    let mut found = PlHashMap::default();
    let Ok(applicants) = cases.column("applicants") else {
        return Ok(Ledgers(found));
    };
    if cases.column("claim_fen").is_err() {
        return Ok(Ledgers(found));
    }
    let applicants = ListCol::new(applicants)?;
    let names = applicants.view()?;
    let text = |name: &str| -> Result<Vec<Option<&str>>> {
        match cases.column(name) {
            Ok(_) => strs(cases, name),
            Err(_) => Ok(vec![None; cases.height()]),
        }
    };
    let (files, sheets) = (text("source_file")?, text("source_sheet")?);
    // The parts of one case repeat its filing day and its debtor: rows of two cases that
    // share a 案号 by a typo (one export, filed days apart, other debtors) are no parts of
    // one claim (the review of round 51).
    let filed: Vec<Option<i32>> = match cases.column("filed_on").map(|c| c.date()) {
        Ok(Ok(d)) => d.physical().iter().collect(),
        _ => vec![None; cases.height()],
    };
    let respondents = match cases.column("respondents") {
        Ok(c) => Some(ListCol::new(c)?),
        Err(_) => None,
    };
    let debtors = respondents.as_ref().map(ListCol::view).transpose()?;
    let debtors_of = |i: usize| -> Vec<&str> {
        debtors.as_ref().map_or_else(Vec::new, |d| {
            d.items(i)
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect()
        })
    };
    let claims = i64s(cases, "claim_fen")?;
    let recovered = match cases.column("recovered_fen") {
        Ok(_) => Some(i64s(cases, "recovered_fen")?),
        Err(_) => None,
    };
    let applicants_of = |i: usize| -> Vec<&str> {
        let mut v: Vec<&str> = names
            .items(i)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // The rows of each export of each cluster, the exports in the order of their first row.
    let export = |i: usize| (files[i], sheets[i]);
    let by_export = multi.iter().flat_map(|&g| {
        let m = groups.members(g as usize);
        let mut exports = Vec::new();
        for &i in m {
            if !exports.contains(&export(i as usize)) {
                exports.push(export(i as usize));
            }
        }
        exports.into_iter().map(move |one| {
            m.iter()
                .map(|&i| i as usize)
                .filter(|&i| export(i) == one)
                .collect::<Vec<usize>>()
        })
    });
    for rows in by_export {
        if rows.len() < 2 {
            continue;
        }
        let first = rows[0];
        let one_case = rows.iter().all(|&i| {
            let same_day = match (filed[i], filed[first]) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let (a, b) = (debtors_of(i), debtors_of(first));
            let shared_debtor = a.is_empty() || b.is_empty() || a.iter().any(|n| b.contains(n));
            same_day && shared_debtor
        });
        if !one_case {
            continue;
        }
        // The rows by their applicants; each applicant's amount once (a row per debtor
        // repeats it).
        let mut parts: Vec<(Vec<&str>, Option<i64>, Option<i64>)> = Vec::new();
        let mut clear = true;
        for &i in &rows {
            let who = applicants_of(i);
            let rec = recovered.as_ref().and_then(|r| r[i]);
            if who.is_empty() {
                clear = false;
                break;
            }
            match parts.iter_mut().find(|p| p.0 == who) {
                Some(p) => {
                    if p.1 != claims[i] {
                        clear = false; // one applicant, two claims: not parts
                        break;
                    }
                    if p.2 != rec {
                        p.2 = p.2.max(rec);
                    }
                }
                None => parts.push((who, claims[i], rec)),
            }
        }
        let disjoint = |a: &[&str], b: &[&str]| !a.iter().any(|n| b.contains(n));
        let distinct_claims = {
            let mut c: Vec<i64> = parts.iter().filter_map(|p| p.1).collect();
            c.sort_unstable();
            c.dedup();
            c.len()
        };
        if !clear
            || parts.len() < 2
            || distinct_claims < 2
            || !parts
                .iter()
                .enumerate()
                .all(|(k, p)| parts[k + 1..].iter().all(|q| disjoint(&p.0, &q.0)))
        {
            continue;
        }
        let claim: i64 = parts.iter().filter_map(|p| p.1).sum();
        // One recovered figure on every row is the case's, merged down over its rows (as a
        // claim repeated on each is one claim), not each applicant's part.
        let mut recs: Vec<i64> = parts.iter().filter_map(|p| p.2).collect();
        recs.sort_unstable();
        recs.dedup();
        let rec = recovered.is_some().then(|| {
            if recs.len() == 1 && parts.iter().all(|p| p.2.is_some()) {
                recs[0]
            } else {
                parts.iter().filter_map(|p| p.2).sum::<i64>()
            }
        });
        let any_in_wan = |field: &str| rows.iter().any(|&i| in_wan.get(i, field));
        let (claim_in_wan, recovered_in_wan) =
            (any_in_wan("claim_fen"), any_in_wan("recovered_fen"));
        for &i in &rows {
            found.insert(
                i as u32,
                LedgerRow {
                    ledger: first as u32,
                    claim,
                    claim_in_wan,
                    recovered: rec,
                    recovered_in_wan,
                },
            );
        }
    }
    Ok(Ledgers(found))
}

/// A case whose claim is kept from a ledger's row ([`ledgers`]) keeps the ledger's sum, and
/// so does the money recovered kept from one. Where the money recovered is not kept exactly
/// (no `exact` rule picked its row), it keeps the larger of its value and the sum of the
/// ledger whose claim the case keeps.
fn parts_of_one_export_added(
    ledgers: &Ledgers,
    multi: &[u32],
    survived: &mut [Survived],
) -> Result<()> {
    let position = |field: &str| survived.iter().position(|s| s.field == field);
    let Some(at_claim) = position("claim_fen") else {
        return Ok(());
    };
    let at_recovered = position("recovered_fen");
    if survived[at_claim].kept_rows.is_empty() || ledgers.0.is_empty() {
        return Ok(());
    }
    // The sums of `field` of the ledgers whose row `s` keeps.
    let sums = |s: &Survived, field: &str| -> Vec<(usize, i64)> {
        multi
            .iter()
            .filter_map(|&g| {
                let picked = s.kept_rows[g as usize] as usize;
                ledgers
                    .of(picked, field)
                    .map(|(_, sum, _)| (g as usize, sum))
            })
            .collect()
    };
    let replace = |s: &mut Survived, sums: &[(usize, i64)], larger_only: bool| -> Result<()> {
        let err = |e| Error::polars(format!("survivorship of {}", s.field), e);
        let mut values: Vec<Option<i64>> = s.column.i64().map_err(err)?.iter().collect();
        let mut changed = Vec::new();
        for &(g, sum) in sums {
            if values[g] == Some(sum) || larger_only && values[g].is_some_and(|v| v >= sum) {
                continue;
            }
            values[g] = Some(sum);
            changed.push(g);
        }
        for c in &mut s.conflicts {
            if changed.contains(&(c.group as usize)) {
                c.kept = Some(values[c.group as usize].unwrap_or_default().to_string());
                c.rule = Some(RULE_PARTS_ADDED);
            }
        }
        let name = s.column.name().clone();
        s.column = Int64Chunked::from_iter_options(name, values.into_iter()).into_column();
        Ok(())
    };
    let claim_sums = sums(&survived[at_claim], "claim_fen");
    let with_claim = sums(&survived[at_claim], "recovered_fen");
    replace(&mut survived[at_claim], &claim_sums, false)?;
    if let Some(at) = at_recovered {
        if survived[at].kept_rows.is_empty() {
            replace(&mut survived[at], &with_claim, true)?;
        } else {
            let own = sums(&survived[at], "recovered_fen");
            replace(&mut survived[at], &own, false)?;
        }
    }
    Ok(())
}

/// A case whose rows give its claim exactly and the money recovered only rounded up (one
/// system 28,479.75 元 claimed, another 2.8480 万元 recovered, paid in full) recovered its
/// claim, not more: the claim it keeps is also what it recovered. Only for amounts kept
/// exactly (`exact` in dedup.toml), in cases of several rows.
fn recovered_within_claim(
    cfg: &DedupConfig,
    multi: &[u32],
    survived: &mut [Survived],
) -> Result<()> {
    let exact = |f: &str| cfg.exact.iter().any(|e| e == f);
    let position = |field: &str| survived.iter().position(|s| s.field == field);
    let (Some(at_claim), Some(at_recovered)) = (position("claim_fen"), position("recovered_fen"))
    else {
        return Ok(());
    };
    if !(exact("claim_fen") && exact("recovered_fen")) {
        return Ok(());
    }
    let err = |e| Error::polars("survivorship of recovered_fen", e);
    let claim: Vec<Option<i64>> = survived[at_claim]
        .column
        .i64()
        .map_err(err)?
        .iter()
        .collect();
    let mut recovered: Vec<Option<i64>> = survived[at_recovered]
        .column
        .i64()
        .map_err(err)?
        .iter()
        .collect();
    let recovered_in_wan = &survived[at_recovered].kept_in_wan;
    let mut changed = false;
    for &g in multi {
        let g = g as usize;
        if let (Some(c), Some(r)) = (claim[g], recovered[g]) {
            if r > c && rounding_of(r, c, recovered_in_wan.get(g).copied().unwrap_or(true)) {
                recovered[g] = Some(c);
                changed = true;
                // The conflicts table states what the case keeps, as the case table does.
                for k in &mut survived[at_recovered].conflicts {
                    if k.group as usize == g {
                        k.kept = Some(c.to_string());
                        k.rule = Some(RULE_RECOVERED_CAPPED);
                    }
                }
            }
        }
    }
    if changed {
        let name = survived[at_recovered].column.name().clone();
        survived[at_recovered].column =
            Int64Chunked::from_iter_options(name, recovered.into_iter()).into_column();
    }
    Ok(())
}

/// Whether two identity numbers (居民身份证号码, 统一社会信用代码) are one party's: equal, or one
/// masked (`913306********0673`) agreeing with the other in every character it shows.
fn same_number(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let masked = |c: char| c == '*';
    a.chars().count() == b.chars().count()
        && (a.contains(masked) || b.contains(masked))
        && a.chars().filter(|&c| !masked(c)).count() >= 8
        && b.chars().filter(|&c| !masked(c)).count() >= 8
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| masked(x) || masked(y) || x.eq_ignore_ascii_case(&y))
}

/// How much an identity number tells: 2 whole, 1 masked, 0 none.
fn number_rank(n: &str) -> u8 {
    match n.trim() {
        "" => 0,
        n if n.contains('*') => 1,
        _ => 2,
    }
}

/// Whether two names are spellings of one name by two systems: the same pinyin (a
/// homophone typed for the character: 孙利华, 孙利桦), or the same organisation once the
/// brackets, 省/市 and the 责任 of 有限责任公司 are set aside (绍兴市某某有限公司,
/// 绍兴某某有限责任公司), or once its legal form is (杭州某某贸易有限公司, 杭州某某贸易公司, and
/// 杭州谢氏机械 where a system cut the name before it). Two people of one family differ in
/// more than that only rarely, and the callers also require the same place in the list.
/// A name with its former name in brackets after it (绍兴乙印染有限公司（原绍兴丙印染有限公司）)
/// is also the name without them, and the former name alone: one system keeps a renamed
/// company's former name beside the new one, another does not (or, older, has the former
/// name only).
pub(super) fn name_variant(a: &str, b: &str) -> bool {
    use super::compare::{name_core, pinyin_key};
    let org = |n: &str| name_core(n).replace("有限责任公司", "有限公司");
    if a == b || pinyin_key(a) == pinyin_key(b) {
        return true;
    }
    if same_but_form(&org(a), &org(b)) || same_but_place(a, b) {
        return true;
    }
    let (fa, fb) = (former_name(a), former_name(b));
    if fa.is_none() && fb.is_none() {
        return false;
    }
    // Each name without its bracket, or as the former name it gives: one of them alike
    // the other name (either also written without the bracket, or with it).
    let forms = |n: &'_ str, f: Option<(&'_ str, &'_ str)>| -> Vec<String> {
        match f {
            Some((now, before)) => vec![now.to_string(), before.to_string()],
            None => vec![n.to_string()],
        }
    };
    let (xs, ys) = (forms(a, fa), forms(b, fb));
    xs.iter()
        .any(|x| ys.iter().any(|y| x == y || name_variant(x, y)))
}

/// The words that open a bracket giving a party's former name (（原绍兴丙印染有限公司）,
/// （原名…）, （曾用名：…）). Ingest cuts 原名 and 曾用名 off a name (parties.toml
/// `name_notes`) but keeps （原…）, part of a name as the court's own records write it
/// (某某厂（原某某公司）).
const FORMER_NAME_OPENINGS: [&str; 3] = ["曾用名", "原名", "原"];

/// A name that ends with its former name in brackets: the name before them and the former
/// name (`绍兴乙印染有限公司（原绍兴丙印染有限公司）` → `绍兴乙印染有限公司`,
/// `绍兴丙印染有限公司`); `None` for any other name, or where either part would be empty.
fn former_name(name: &str) -> Option<(&str, &str)> {
    let rest = name.trim_end().strip_suffix(['）', ')'])?;
    let open = rest.rfind(['（', '('])?;
    let now = rest[..open].trim_end();
    let inner = rest[open..].trim_start_matches(['（', '(']).trim_start();
    let word = FORMER_NAME_OPENINGS
        .iter()
        .find(|w| inner.starts_with(*w))?;
    let before = inner[word.len()..].trim_start_matches([':', '：', ' ']);
    // (A former name with a bracket of its own, 原某某（集团）有限公司, is not read: the
    // last bracket is 集团's.)
    (!now.is_empty() && before.chars().count() >= 2).then_some((now, before))
}

/// Whether two organisations' cores (see [`name_variant`]) are one name: equal, or equal
/// once a legal form is set aside where one of them writes one, and what is left is a
/// name of its own (a place and a trade, not a two-character stem).
fn same_but_form(a: &str, b: &str) -> bool {
    use crate::ingest::fields::without_legal_form;
    if a == b {
        return true;
    }
    let (ca, cb) = (without_legal_form(a), without_legal_form(b));
    (ca.len() < a.len() || cb.len() < b.len()) && ca == cb && ca.chars().count() >= 4
}

/// The places an organisation's name may start with, each a name of two characters or more
/// ending in one of these: 浙江省, 绍兴市, 柯桥区, 新昌县. (Checked on the raw names: the
/// cores of [`name_variant`] have no 省/市 left.)
const PLACE_ENDS: [char; 4] = ['省', '市', '区', '县'];

/// The longest place an organisation's name may start with, in characters (内蒙古自治区).
const MAX_PLACE_CHARS: usize = 6;

/// Words of a trade that end as a place does and are none (华联超市, 某某门市, 阳光小区).
const NOT_PLACES: [&str; 7] = ["超市", "门市", "城市", "菜市", "夜市", "小区", "社区"];

/// Whether one name is the other with the place before it left out (绍兴市柯桥区某某有限公司,
/// 柯桥区某某有限公司, 某某有限公司): one system writes the city, the district, both or
/// neither. Only a whole place is left out, from the start, and what is left is a name of
/// its own (four characters or more before its legal form); two names that differ in their
/// place (柯桥区某某有限公司, 越城区某某有限公司) are two organisations. What is left may also
/// write its legal form short (绍兴市柯桥区某某有限公司, 柯桥区某某公司): one system may do
/// both, and each alone is one name, so both together are too.
fn same_but_place(a: &str, b: &str) -> bool {
    // Either name may be the one with the place: with a shorter legal form the name without
    // the place is not always the shorter one (绍兴市某某机械公司, 某某机械有限责任公司).
    place_left_out(a, b) || place_left_out(b, a)
}

/// Whether `short` is `long` with a whole place before it left out (see [`same_but_place`]).
fn place_left_out(long: &str, short: &str) -> bool {
    use super::compare::name_core;
    use crate::ingest::fields::without_legal_form;
    let org = |n: &str| name_core(n).replace("有限责任公司", "有限公司");
    let short = org(short);
    if without_legal_form(&short).chars().count() < 4 {
        return false;
    }
    let mut rest = long;
    while let Some((at, c)) = rest
        .char_indices()
        .take(MAX_PLACE_CHARS + 1)
        .skip(2)
        .find(|(_, c)| PLACE_ENDS.contains(c))
    {
        let (place, after) = rest.split_at(at + c.len_utf8());
        if NOT_PLACES.iter().any(|w| place.ends_with(w)) {
            return false;
        }
        rest = after;
        if same_but_form(&org(rest), &short) {
            return true;
        }
    }
    false
}

/// Whether `name` is the fuller spelling of an organisation `kept` writes with a shorter
/// legal form or none (杭州某某贸易有限公司 over 杭州某某贸易公司, 杭州谢氏机械有限公司 over
/// 杭州谢氏机械), or without the place before it (绍兴市柯桥区某某厂 over 柯桥区某某厂): the
/// full name says what kind of party it is (an organisation, shown in full on the debtor
/// list; a name of no known kind is masked as a person's) and where it is, and the case
/// keeps it whatever the file order.
fn fuller_org_name(name: &str, kept: &str) -> bool {
    name.chars().count() > kept.chars().count()
        && (name.ends_with("公司") || same_but_place(name, kept))
}

/// Whether two names differ only where one of them lost a character when written (赵? and
/// 赵𠮷): the same number of characters, each equal or lost (`?`, U+FFFD) in one of them.
fn same_but_lost(a: &str, b: &str) -> bool {
    let lossy = crate::ingest::fields::lost_character;
    if !(lossy(a) || lossy(b)) || a.chars().count() != b.chars().count() {
        return false;
    }
    let lost = |c: char| matches!(c, '?' | '\u{FFFD}');
    a.chars()
        .zip(b.chars())
        .all(|(x, y)| x == y || lost(x) || lost(y))
        && a.chars().zip(b.chars()).any(|(x, y)| x == y && !lost(x))
}

/// A name in simplified characters, borrowed when it has none to convert (ASCII, or every
/// character already simplified).
fn simplified(name: &str) -> Cow<'_, str> {
    if name.is_ascii() || crate::casenum::is_simplified(name) {
        return Cow::Borrowed(name);
    }
    let s = crate::casenum::to_simplified(name);
    if s == name {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(s)
    }
}

/// The dates that rank rows of different exports (the newer export's value wins): a row's
/// `exported_on`, or for a sheet that states no export date, the latest date its rows state
/// (filing, closure, suspension, resumption): the export was made after every date it
/// holds. (Not bounded by today: the same inputs rank the same on any day.) Ranked below every dated export, an undated download (a system that
/// prints no date, the date only in its file name) lost to a January export even when it
/// closed the case in February, and the closed case stayed in the backlog.
///
/// k-undated-export-future-typo-outranks-newer: the latest dates of an undated export that
/// stand more than `bound_days` after every other row's date of that export do not rank it
/// (a 结案日期 typed 2052-11-20 for 2025-11-20, decades after the rest): such a date ranked
/// an old list as the newest, and every reassignment and correction of the dated current
/// export was reversed. A genuinely newer export has many dates near its latest, so the
/// test is within the export, not against the dated exports: bounded by the newest dated
/// export, an undated list made two years after a dated one lost every genuine date and
/// with it the closures it made since. A row's own earlier dates do not count (a case
/// filed in 2023 and closed in 2025 is no typo). Standing apart is not enough on its own:
/// an old-case list's filing dates may lie years apart (2019, 2021, 2022), and dropping
/// them one after another ranked a newer list by its oldest date. So a date is dropped only
/// when it is also more than the bound after the newest dated export of the run, as a
/// typo's year is; a run without a dated export drops none (nothing to say what is too
/// late). The dates dropped are returned, for the run to say so.
fn ranking_dates(
    cases: &DataFrame,
    exported: &[Option<i32>],
    bound_days: i64,
) -> Result<(Vec<Option<i32>>, Vec<UnrankedDate>)> {
    if exported.iter().all(Option::is_some) {
        return Ok((exported.to_vec(), Vec::new()));
    }
    let text = |name: &str| -> Result<Option<Vec<Option<&str>>>> {
        match cases.column(name) {
            Ok(_) => strs(cases, name).map(Some),
            Err(_) => Ok(None),
        }
    };
    let (files, sheets) = (text("source_file")?, text("source_sheet")?);
    let rows = match cases.column("source_row") {
        Ok(_) => Some(i64s(cases, "source_row")?),
        Err(_) => None,
    };
    let mut dates = Vec::new();
    for (name, label) in [
        ("filed_on", "立案日期"),
        ("closed_on", "结案日期"),
        ("suspended_on", "中止日期"),
        ("resumed_on", "恢复日期"),
    ] {
        if cases.column(name).is_ok() {
            dates.push((label, i32s(cases, name)?));
        }
    }
    let key = |i: usize| {
        (
            files.as_ref().and_then(|f| f[i]),
            sheets.as_ref().and_then(|s| s[i]),
        )
    };
    // Per undated export (file and sheet), every date its rows state: (date, row, field).
    type Stated = Vec<(i32, usize, &'static str)>;
    let mut stated: std::collections::HashMap<(Option<&str>, Option<&str>), Stated> =
        std::collections::HashMap::new();
    for i in (0..exported.len()).filter(|&i| exported[i].is_none()) {
        for (label, d) in &dates {
            if let Some(d) = d[i] {
                stated.entry(key(i)).or_default().push((d, i, label));
            }
        }
    }
    let mut latest = std::collections::HashMap::new();
    let mut unranked = Vec::new();
    let newest_dated = exported.iter().flatten().max().copied();
    for (export, mut ds) in stated {
        ds.sort_unstable();
        // Drop the latest date while it stands more than the bound after the latest date of
        // another row of the export (none: nothing to judge it by, it stands) and after the
        // newest dated export.
        while let Some(&(d, i, label)) = ds.last() {
            let Some(newest) = newest_dated else { break };
            if i64::from(d) - i64::from(newest) <= bound_days {
                break;
            }
            let Some(&(next, _, _)) = ds.iter().rev().find(|(_, j, _)| *j != i) else {
                break;
            };
            if i64::from(d) - i64::from(next) <= bound_days {
                break;
            }
            ds.pop();
            let (file, sheet) = export;
            unranked.push(UnrankedDate {
                place: match sheet {
                    Some(s) => format!("{}, sheet {s}", file.unwrap_or("?")),
                    None => file.unwrap_or("?").to_string(),
                },
                row: rows.as_ref().and_then(|r| r[i]),
                field: label,
                date: d,
                next,
            });
        }
        if let Some(&(d, _, _)) = ds.last() {
            latest.insert(export, d);
        }
    }
    // By file, sheet and row: the same lines, whatever order the exports were gone through.
    unranked.sort_by(|a, b| (&a.place, a.row, a.date).cmp(&(&b.place, b.row, b.date)));
    let ranked = (0..exported.len())
        .map(|i| exported[i].or_else(|| latest.get(&key(i)).copied()))
        .collect();
    Ok((ranked, unranked))
}

/// A date of an undated export that does not rank it ([`ranking_dates`]).
struct UnrankedDate {
    /// The file, and the sheet when it has one.
    place: String,
    row: Option<i64>,
    /// The field's Chinese name (结案日期).
    field: &'static str,
    date: i32,
    /// The latest date of another row of the export, that it stands so far after.
    next: i32,
}

/// The dates that did not rank an undated export: one line each for dedup.json, and one
/// warning per export for the terminal (the first few dates): one line per date flooded
/// the terminal when an export had a run of them.
fn unranked_lines(unranked: &[UnrankedDate], bound_days: i64) -> (Vec<String>, Vec<String>) {
    const SHOWN: usize = 3;
    let row = |u: &UnrankedDate| u.row.map_or("?".to_string(), |r| r.to_string());
    let each = unranked
        .iter()
        .map(|u| {
            format!(
                "{}, row {}: {} {} is more than {bound_days} days after every other row's date \
                 of this export ({} at the latest), so it does not rank this undated export; \
                 check it (a mistyped year?)",
                u.place,
                row(u),
                u.field,
                day_text(u.date),
                day_text(u.next),
            )
        })
        .collect();
    let mut per_export = Vec::new();
    for group in unranked.chunk_by(|a, b| a.place == b.place) {
        let mut listed: Vec<String> = group
            .iter()
            .take(SHOWN)
            .map(|u| format!("row {} {} {}", row(u), u.field, day_text(u.date)))
            .collect();
        if group.len() > SHOWN {
            listed.push(format!("… ({} in all, listed in dedup.json)", group.len()));
        }
        per_export.push(format!(
            "{}: {} date(s) more than {bound_days} days after every other row's date of this \
             export, which states no date of its own, do not rank it; check them (a mistyped \
             year?): {}",
            group[0].place,
            group.len(),
            listed.join(", "),
        ));
    }
    (each, per_export)
}

/// A date (days since 1970-01-01) as 2026-02-28.
fn day_text(d: i32) -> String {
    const EPOCH_DAYS_FROM_CE: i32 = 719_163;
    d.checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .map_or_else(|| d.to_string(), |d| d.to_string())
}

/// `stated_petitions_on`: the date of the export the count of petitions a case keeps comes
/// from, the earliest of its rows stating that count (null when one of them is undated, or
/// the case has no count). The case's own `exported_on` is its newest export's: a newer
/// export saying only 是否信访 = 是 must not make an older census-date export's 信访次数 look
/// like a count made after the census date (classify leaves such counts out).
fn stated_petitions_on(
    cases: &DataFrame,
    groups: &Groups,
    exported: &[Option<i32>],
    survived: &[Survived],
) -> Result<Option<Column>> {
    let Some(kept) = survived.iter().find(|s| s.field == "stated_petitions") else {
        return Ok(None);
    };
    let err = |e| Error::polars("stated_petitions_on", e);
    let rows = i64s(cases, "stated_petitions")?;
    let kept: Vec<Option<i64>> = kept.column.i64().map_err(err)?.iter().collect();
    let days: Vec<Option<i32>> = (0..groups.len())
        .map(|g| {
            let count = kept[g]?;
            let dates: Vec<Option<i32>> = groups
                .members(g)
                .iter()
                .filter(|&&i| rows[i as usize] == Some(count))
                .map(|&i| exported[i as usize])
                .collect();
            // An undated row stating the count: nothing says it came after the census.
            dates
                .iter()
                .copied()
                .collect::<Option<Vec<i32>>>()?
                .into_iter()
                .min()
        })
        .collect();
    let column = Int32Chunked::from_iter_options("stated_petitions_on".into(), days.into_iter())
        .into_column()
        .cast(&DataType::Date)
        .map_err(err)?;
    Ok(Some(column))
}

/// conflicts.parquet: one row per field that disagrees within a cluster.
pub(super) fn conflict_table(
    found: &Found,
    groups: &Groups,
    sources: &Sources,
) -> Result<DataFrame> {
    let n_conflicts = found.fields.iter().map(|(_, _, c)| c.len()).sum();
    let mut conf_cluster: Vec<&str> = Vec::with_capacity(n_conflicts);
    let mut conf_field: Vec<&str> = Vec::with_capacity(n_conflicts);
    let mut conf_values: Vec<&str> = Vec::with_capacity(n_conflicts);
    let mut conf_kept: Vec<Option<&str>> = Vec::with_capacity(n_conflicts);
    let mut conf_rule: Vec<&str> = Vec::with_capacity(n_conflicts);
    for (field, rule, conflicts) in &found.fields {
        for c in conflicts {
            conf_cluster.push(groups.ids[c.group as usize]);
            conf_field.push(field);
            conf_values.push(&c.values);
            conf_kept.push(c.kept.as_deref());
            conf_rule.push(c.rule.unwrap_or(rule));
        }
    }
    let conf_sources: Vec<String> = found
        .fields
        .par_iter()
        .flat_map_iter(|(_, _, conflicts)| {
            conflicts.iter().map(|c| {
                c.rows
                    .iter()
                    .map(|&i| sources.label(i as usize))
                    .collect::<Vec<_>>()
                    .join(" ‖ ")
            })
        })
        .collect();
    df!(
        "cluster_id" => conf_cluster,
        "field" => conf_field,
        "values" => conf_values,
        "sources" => conf_sources,
        "kept" => conf_kept,
        "rule" => conf_rule,
    )
    .map_err(|e| Error::polars("assembling conflicts", e))
}

/// A cluster's parties: the names, the number beside each ("" for none), and the kind of
/// the respondents (`respondent_kind`).
type Union<'a> = (Vec<&'a str>, Vec<&'a str>, Option<&'a str>);

/// The identity numbers' column of a party list (`respondents` → `respondent_ids`).
fn ids_of(names: &str) -> Option<&'static str> {
    match names {
        "applicants" => Some("applicant_ids"),
        "respondents" => Some("respondent_ids"),
        _ => None,
    }
}

/// The parties of each cluster of several rows: every name any of its rows lists, in row
/// order, each once, with the identity number listed beside it (an export that lists a
/// case once per debtor, the 案号 repeated, names all its debtors). The names' column, the
/// numbers' column and, for respondents, `respondent_kind` (`mixed` when the rows' kinds
/// differ) are replaced in `survived`, and the value each conflict says was kept. A row
/// with fewer numbers than names has them at their names' places, the later names without
/// (ingest puts them there: an export lists the first debtor's number, 主被执行人, or leaves
/// places empty), so its debtors are matched one by one as a row with a number for each.
/// A cluster with a row of more numbers than names (numbers ingest could pair with no
/// name) keeps the longest list, as before: whose number is whose cannot be told.
fn union_parties(
    cases: &DataFrame,
    groups: &Groups,
    multi: &[u32],
    names: &str,
    survived: &mut [Survived],
) -> Result<()> {
    let Ok(name_col) = cases.column(names) else {
        return Ok(());
    };
    let name_list = ListCol::new(name_col)?;
    let nv = name_list.view()?;
    let ids = ids_of(names).filter(|c| cases.column(c).is_ok());
    let id_list = ids
        .map(|c| cases.column(c).map_err(|e| Error::polars("cases table", e)))
        .transpose()?
        .map(ListCol::new)
        .transpose()?;
    let iv = id_list.as_ref().map(ListCol::view).transpose()?;
    let kinds = if names == "respondents" && cases.column("respondent_kind").is_ok() {
        Some(strs(cases, "respondent_kind")?)
    } else {
        None
    };
    let position = |field: &str| survived.iter().position(|s| s.field == field);
    let (Some(at_names), at_ids, at_kind) = (
        position(names),
        ids.and_then(position),
        kinds.as_ref().and_then(|_| position("respondent_kind")),
    ) else {
        return Ok(());
    };
    // The clusters whose union differs from the list kept, with their union.
    let mut unions: PlHashMap<u32, Union> = PlHashMap::default();
    for &g in multi {
        let m = groups.members(g as usize);
        let aligned = m.iter().all(|&i| {
            let i = i as usize;
            iv.as_ref().is_none_or(|v| v.len(i) <= nv.len(i))
        });
        if !aligned {
            continue;
        }
        let (mut out_n, mut out_i): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        // Names as one system stores them in traditional characters (張三) and another in
        // simplified (张三) are one party: the first spelling stands.
        let mut folded: Vec<Cow<str>> = Vec::new();
        let mut mended = false;
        for &i in m {
            let i = i as usize;
            let numbers: Vec<&str> = iv.as_ref().map_or_else(Vec::new, |v| v.items(i).collect());
            let row: Vec<Cow<str>> = nv.items(i).map(simplified).collect();
            for (k, n) in nv.items(i).enumerate() {
                let f = simplified(n);
                let number = numbers.get(k).copied().unwrap_or("").trim();
                // The same party written another way by another system: the same identity
                // number (有限公司 and 有限责任公司 under one 统一社会信用代码), or a variant of
                // the name (孙利华, 孙利桦) at the same place in the list, where the numbers do
                // not say two parties and this row does not name both.
                let variant = folded
                    .iter()
                    .position(|g| *g == f)
                    .or_else(|| {
                        (!number.is_empty())
                            .then(|| out_i.iter().position(|o| same_number(o, number)))
                            .flatten()
                    })
                    .or_else(|| {
                        let at = k;
                        (at < out_n.len()
                            && name_variant(&folded[at], &f)
                            && (out_i[at].trim().is_empty()
                                || number.is_empty()
                                || same_number(out_i[at], number))
                            && !row.contains(&folded[at]))
                        .then_some(at)
                    });
                if let Some(at) = variant {
                    // The spelling that comes with the fuller number stands (a whole number
                    // over a masked one, any over none), then an organisation's full name
                    // over one cut before its legal form, and the present name over the
                    // name with its former name in brackets (as ingest cuts a 曾用名 note,
                    // so that the debtor list names the company one way); else the first.
                    if number_rank(number) > number_rank(out_i[at])
                        || (number_rank(number) == number_rank(out_i[at])
                            && (fuller_org_name(n, out_n[at])
                                || former_name(out_n[at]).is_some_and(|(now, _)| now == n)))
                    {
                        folded[at] = f;
                        out_n[at] = n;
                        out_i[at] = number;
                        mended = true;
                    } else if folded[at] != f {
                        mended = true;
                    }
                    continue;
                }
                // 赵? of a GBK export is 赵𠮷 of another: one party, under the whole name.
                if let Some(at) = folded.iter().position(|g| same_but_lost(g, &f)) {
                    if crate::ingest::fields::lost_character(out_n[at]) {
                        folded[at] = f;
                        out_n[at] = n;
                        mended = true;
                    }
                    continue;
                }
                folded.push(f);
                out_n.push(n);
                out_i.push(numbers.get(k).copied().unwrap_or(""));
            }
        }
        if !mended && m.iter().any(|&i| nv.len(i as usize) == out_n.len()) {
            continue; // one row lists them all: the longest list is the union
        }
        let kind = kinds.as_ref().and_then(|k| {
            // `unknown` (a name that says nothing of its kind, 赵? among them) is no kind.
            let known = m
                .iter()
                .filter_map(|&i| k[i as usize])
                .any(|x| x != "unknown");
            let mut seen = m
                .iter()
                .filter_map(|&i| k[i as usize])
                .filter(|&x| !known || x != "unknown");
            let first = seen.next()?;
            Some(if seen.all(|x| x == first) {
                first
            } else {
                "mixed"
            })
        });
        unions.insert(g, (out_n, out_i, kind));
    }
    if unions.is_empty() {
        return Ok(());
    }
    let height = groups.len();
    // The column with each union's names (`numbers` false) or numbers in place.
    let rebuild = |col: &Column, numbers: bool| -> Result<Column> {
        let old = ListCol::new(col)?;
        let ov = old.view()?;
        let mut b = ListStringChunkedBuilder::new(col.name().clone(), height, height);
        for g in 0..height {
            match unions.get(&(g as u32)) {
                Some(u) => {
                    let mut items = if numbers { &u.1[..] } else { &u.0[..] };
                    // Numbers end with the last name that has one, as ingest writes them.
                    while numbers && items.last().is_some_and(|s| s.is_empty()) {
                        items = &items[..items.len() - 1];
                    }
                    if items.iter().all(|s| s.is_empty()) {
                        b.append_null();
                    } else {
                        b.append_values_iter(items.iter().copied());
                    }
                }
                None if ov.is_null(g) => b.append_null(),
                None => b.append_values_iter(ov.items(g)),
            }
        }
        Ok(b.finish().into_column())
    };
    let replace = |s: &mut Survived, new: Column| {
        for c in &mut s.conflicts {
            if unions.contains_key(&c.group) {
                c.kept = Some(text(&new, c.group as usize).unwrap_or_else(|| "null".into()));
            }
        }
        s.column = new;
        s.rule = Keep::Union.describe();
    };
    let new_names = rebuild(&survived[at_names].column, false)?;
    replace(&mut survived[at_names], new_names);
    if let Some(at) = at_ids {
        let new_ids = rebuild(&survived[at].column, true)?;
        replace(&mut survived[at], new_ids);
    }
    if let Some(at) = at_kind {
        let old = survived[at]
            .column
            .str()
            .map_err(|e| Error::polars("respondent_kind", e))?;
        let new: StringChunked = (0..height)
            .map(|g| match unions.get(&(g as u32)) {
                Some((_, _, Some(k))) => Some(*k),
                _ => old.get(g),
            })
            .collect();
        let new = new.with_name("respondent_kind".into()).into_column();
        for c in &mut survived[at].conflicts {
            if let Some((_, _, Some(k))) = unions.get(&c.group) {
                c.kept = Some(k.to_string());
            }
        }
        survived[at].column = new;
    }
    Ok(())
}

/// The rows [`status_rows`] picks, per cluster of several rows (in the order of `multi`).
struct StatusPicks {
    status: Vec<u32>,
    closure: Vec<u32>,
    method: Vec<u32>,
    /// Clusters closed without a date whose only dated closure a newer export undid: the
    /// cluster, the newest row giving that date (which the case does not keep) and the row
    /// whose undated closure it keeps.
    undone_dates: Vec<(u32, u32, u32)>,
}

/// The fields of a closure ([`status_rows`]' second pick).
const CLOSURE_FIELDS: [&str; 3] = ["closed_on", "closure_method", "closure_method_raw"];

/// The row whose status each cluster of several rows keeps (in the order of `multi`), and
/// with it the closing date and method: a row that states its status (a 案件状态 cell, a
/// closing date or method) over one whose status is only the default of a file without
/// those columns (an assignments list read as cases says nothing about closure); then the
/// newer export; within one export, closed over suspended or deferred over pending (a case
/// on a workbook's 中止案件 sheet and again on its 未结案件 sheet is suspended); then the
/// later row. Second, the row each keeps its closure from (see below).
fn status_rows(
    cases: &DataFrame,
    groups: &Groups,
    multi: &[u32],
    exported: &[Option<i32>],
) -> Result<StatusPicks> {
    let present = |name: &str| {
        cases
            .column(name)
            .ok()
            .map(|c| c.is_not_null().rechunk().into_owned())
    };
    let stated_cols = [
        present("status_raw"),
        present("closed_on"),
        present("closure_method_raw"),
    ];
    let stated = |i: usize| {
        stated_cols
            .iter()
            .flatten()
            .any(|c| c.get(i).unwrap_or(false))
    };
    let status = match cases.column("status") {
        Ok(_) => strs(cases, "status")?,
        Err(_) => vec![None; cases.height()],
    };
    let rank = |i: usize| match status[i] {
        Some("closed") => 3u8,
        Some("suspended" | "deferred") => 2,
        Some(_) => 1,
        None => 0,
    };
    let closed_on = present("closed_on");
    let dated = |i: usize| {
        closed_on
            .as_ref()
            .is_some_and(|c| c.get(i).unwrap_or(false))
    };
    let method = present("closure_method_raw");
    let states_method = |i: usize| method.as_ref().is_some_and(|c| c.get(i).unwrap_or(false));
    let picks: Vec<u32> = multi
        .iter()
        .map(|&g| {
            groups
                .members(g as usize)
                .iter()
                .copied()
                .max_by_key(|&i| {
                    let i = i as usize;
                    (stated(i), exported[i].unwrap_or(i32::MIN), rank(i), i)
                })
                .unwrap_or(0)
        })
        .collect();
    // A closed case whose winning row gives no 结案日期 (a newer 收案 list saying only 已结)
    // takes its closure from a row of the same case that is closed and dated (the 结案
    // list): the two agree that it closed, and only one says when and how. The winning
    // row's own 结案方式, when it states one, stays (see `survive_column`).
    // A case the winning row shows resumed (恢复执行) that another row shows closed by 终本
    // and dates: a 终本 case is resumed as a new 执恢 case, and the original's closure
    // stands; it keeps that closure (classify counts a case with a 结案日期 closed then).
    let raw = match cases.column("status_raw") {
        Ok(_) => strs(cases, "status_raw")?,
        Err(_) => vec![None; cases.height()],
    };
    let methods = match cases.column("closure_method") {
        Ok(_) => strs(cases, "closure_method")?,
        Err(_) => vec![None; cases.height()],
    };
    let resumed =
        |i: usize| status[i] != Some("closed") && raw[i].is_some_and(|r| r.contains("恢复"));
    // A closure a newer export undid: that export states the case pending (or suspended)
    // again, as a case whose closure was revoked (撤销结案) is listed until it closes anew.
    // Its date is no date of a later closure. A 恢复执行 status does not undo a 终本 closure
    // (the case is resumed as a new 执恢 case, and the 终本 closure stands).
    let undone = |i: usize, m: &[u32]| {
        m.iter().map(|&j| j as usize).any(|j| {
            stated(j)
                && status[j].is_some_and(|s| s != "closed")
                && exported[j].unwrap_or(i32::MIN) > exported[i].unwrap_or(i32::MIN)
                && !(resumed(j) && methods[i] == Some("终本"))
        })
    };
    let mut undone_dates: Vec<(u32, u32, u32)> = Vec::new();
    let closure_picks: Vec<u32> = multi
        .iter()
        .zip(&picks)
        .map(|(&g, &p)| {
            let p_at = p as usize;
            if resumed(p_at) {
                return groups
                    .members(g as usize)
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let i = i as usize;
                        status[i] == Some("closed") && dated(i) && methods[i] == Some("终本")
                    })
                    .max_by_key(|&i| (exported[i as usize].unwrap_or(i32::MIN), i))
                    .unwrap_or(p);
            }
            if status[p_at] != Some("closed") || dated(p_at) {
                return p;
            }
            let m = groups.members(g as usize);
            let newest_dated = |undone_too: bool| {
                m.iter()
                    .copied()
                    .filter(|&i| status[i as usize] == Some("closed") && dated(i as usize))
                    .filter(|&i| undone_too || !undone(i as usize, m))
                    .max_by_key(|&i| (exported[i as usize].unwrap_or(i32::MIN), i))
            };
            match newest_dated(false) {
                Some(i) => i,
                None => {
                    // Only closures a newer export undid date it: the case closed again on
                    // a day no export gives, and keeps no date (as a closure no row dates);
                    // the conflicts table says which date was not taken.
                    if let Some(i) = newest_dated(true) {
                        undone_dates.push((g, i, p));
                    }
                    p
                }
            }
        })
        .collect();
    // The closing date of each row, to tell one closure from another.
    let closed_days: Vec<Option<i32>> = match cases.column("closed_on").map(|c| c.date()) {
        Ok(Ok(d)) => d.physical().iter().collect(),
        _ => vec![None; cases.height()],
    };
    // The method: the winning row's when it states one; else that of the newest row that
    // states one for the same closure (closed on the same day): an export that leaves
    // 结案方式 empty does not contradict one that says 终本 for that closure. A closure on
    // another day may have ended otherwise, so its method is not taken.
    let method_picks = multi
        .iter()
        .zip(picks.iter().zip(&closure_picks))
        .map(|(&g, (&p, &c))| {
            if states_method(p as usize) {
                return p;
            }
            let day = closed_days[c as usize];
            if status[c as usize] != Some("closed") || day.is_none() || states_method(c as usize) {
                return c;
            }
            groups
                .members(g as usize)
                .iter()
                .copied()
                .filter(|&i| {
                    let i = i as usize;
                    status[i] == Some("closed") && closed_days[i] == day && states_method(i)
                })
                .max_by_key(|&i| (exported[i as usize].unwrap_or(i32::MIN), i))
                .unwrap_or(c)
        })
        .collect();
    Ok(StatusPicks {
        status: picks,
        closure: closure_picks,
        method: method_picks,
        undone_dates,
    })
}

/// One column of cases_dedup: the value each cluster keeps, and its disagreements.
/// Per row: whether it names no officer or the officer its cluster keeps (the newer
/// export's, as `newest` picks it), so that fields that go with the officer
/// (`with_officer`) are taken from such rows only. All true without an officer column.
fn officer_rows(
    cases: &DataFrame,
    groups: &Groups,
    multi: &[u32],
    exported: &[Option<i32>],
) -> Result<Vec<bool>> {
    let mut ok = vec![true; cases.height()];
    let Ok(col) = cases.column("officer") else {
        return Ok(ok);
    };
    let officer = col
        .str()
        .map_err(|e| Error::polars("survivorship of officer", e))?;
    for &g in multi {
        let m = groups.members(g as usize);
        let kept = m
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| officer.get(i).is_some())
            .max_by_key(|&i| (exported[i].unwrap_or(i32::MIN), i))
            .and_then(|i| officer.get(i));
        if let Some(kept) = kept {
            for &i in m {
                let i = i as usize;
                ok[i] = officer.get(i).is_none_or(|o| o == kept);
            }
        }
    }
    Ok(ok)
}

#[allow(clippy::too_many_arguments)]
fn survive_column(
    col: &Column,
    groups: &Groups,
    multi: &[u32],
    cfg: &DedupConfig,
    exported: &[Option<i32>],
    firsts: &IdxCa,
    status_picks: &[u32],
    [closure_picks, method_picks]: [&[u32]; 2],
    officer_ok: &[bool],
    in_wan: &InWan,
    to_month: &ToMonth,
    ledgers: &Ledgers,
) -> Result<Survived> {
    // One chunk: values are read by index, and a gather shares the strings of a single
    // chunk instead of copying them.
    let col = &col.rechunk();
    let name = col.name().as_str();
    let err = |e| Error::polars(format!("survivorship of {name}"), e);
    let keep = Keep::of(cfg, name);
    // Null masks, numbers and lists once per column, not per access.
    let has_nulls = col.null_count() > 0;
    let not_null = has_nulls.then(|| col.is_not_null().rechunk().into_owned());
    let valid = not_null.as_ref().map(|b| b.downcast_as_array().values());
    let non_null = |i: usize| valid.is_none_or(|v| v.get_bit(i));
    let list_col = match col.dtype() {
        DataType::List(inner) if inner.as_ref() == &DataType::String => Some(ListCol::new(col)?),
        _ => None,
    };
    let list = list_col.as_ref().map(ListCol::view).transpose()?;
    let yes = (keep == Keep::AnyTrue).then(|| col.bool().ok()).flatten();
    let numbers: Vec<Option<f64>> = if keep == Keep::Largest {
        col.cast(&DataType::Float64)
            .and_then(|c| c.f64().map(|ca| ca.iter().collect()))
            .map_err(err)?
    } else {
        Vec::new()
    };
    let lengths: Vec<usize> = match (keep, &list, col.list()) {
        (Keep::Longest | Keep::Union, Some(l), _) => (0..col.len()).map(|i| l.len(i)).collect(),
        (Keep::Longest | Keep::Union, None, Ok(ca)) => {
            ca.iter().map(|s| s.map_or(0, |s| s.len())).collect()
        }
        _ => Vec::new(),
    };
    let list_len = |i: usize| lengths.get(i).copied().unwrap_or(0);

    let with_officer = cfg.with_officer.iter().any(|f| f == name);
    // An amount another row of the cluster states exactly, or states where this one has
    // 0, is not this row's to give (`exact` in dedup.toml).
    let amounts = if cfg.exact.iter().any(|f| f == name) {
        col.i64().ok()
    } else {
        None
    };
    // A ledger's row stands for the ledger's sum ([`ledgers`]) where its amount is kept
    // exactly: another export's figure is compared with the case's claim, not with one
    // applicant's part of it (and the larger recovered amount is the ledger's sum).
    let ledger = |i: usize| amounts.and_then(|_| ledgers.of(i, name));
    let numeric = |i: usize| {
        ledger(i)
            .map(|(_, sum, _)| sum as f64)
            .or_else(|| numbers.get(i).copied().flatten())
    };
    // The amount a row stands for, and whether it was read in 万元.
    let stated = |i: usize| Some((amounts?.get(i)?, in_wan.get(i, name)));
    let amount = |i: usize| match ledger(i) {
        Some((_, sum, in_wan)) => Some((sum, in_wan)),
        None => stated(i),
    };
    let wan = |i: usize| ledger(i).map_or_else(|| in_wan.get(i, name), |(_, _, w)| w);
    // A date this row gives to the month only (2025年8月, read as 2025-08-31) that another
    // row gives with its day (2025-08-01) is that date less exact, not a correction: the
    // exact one stands, whatever the order of the exports, and is no disagreement. One in
    // another month is (the rule of the field applies).
    let dates = match col.dtype() {
        DataType::Date => Some(col.date().map_err(err)?.physical()),
        _ => None,
    };
    let day_of = |i: usize| -> Option<(i32, bool)> {
        dates
            .and_then(|d| d.get(i))
            .map(|v| (v, to_month.get(i, name)))
    };
    let less_exact = |i: usize, j: usize| -> bool {
        match (day_of(i), day_of(j)) {
            (Some((v, true)), Some((w, false))) => within_month(v, w),
            _ => false,
        }
    };
    let date_gives_way = |i: usize, m: &[u32]| m.iter().any(|&j| less_exact(i, j as usize));
    let gives_way = |i: usize, m: &[u32]| -> bool {
        if date_gives_way(i, m) {
            return true;
        }
        let Some((v, v_in_wan)) = amount(i) else {
            return false;
        };
        m.iter()
            .filter_map(|&j| amount(j as usize))
            .any(|(w, w_in_wan)| {
                (v == 0 && w != 0)
                    || rounding_of(v, w, v_in_wan)
                    || unit_slip((v, v_in_wan), (w, w_in_wan))
            })
    };
    // Parties two exports list in another order (李四,王某 and 王某,李四) are the same
    // parties, as their numbers are the same numbers: a party list (`union` in dedup.toml)
    // and its identity numbers are compared as sets, each name folded as the union folds it
    // (trimmed, in simplified characters). The case keeps the list its rule picks.
    let as_set = cfg
        .union
        .iter()
        .any(|f| f == name || ids_of(f) == Some(name));
    let party_view = if as_set {
        list_col.as_ref().map(ListCol::view).transpose()?
    } else {
        None
    };
    let party_set = |l: &ListStrs<'_>, i: usize| -> Vec<String> {
        let mut v: Vec<String> = l
            .items(i)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| simplified(n).into_owned())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let same_parties = |i: usize, j: usize| {
        party_view
            .as_ref()
            .is_some_and(|l| party_set(l, i) == party_set(l, j))
    };
    // Two values that are one written otherwise: a rounding of the other, a date to its
    // month only, the same parties in another order.
    let written_otherwise = |i: usize, j: usize| -> bool {
        if less_exact(i, j) || less_exact(j, i) || same_parties(i, j) {
            return true;
        }
        // The parts of one ledger are told apart as stated (the conflicts table lists them
        // against the sum kept); any other row is compared with a ledger's sum, and the
        // sum stated on one row is no disagreement.
        let one_ledger = matches!((ledger(i), ledger(j)), (Some(a), Some(b)) if a.0 == b.0);
        let value = |i: usize| if one_ledger { stated(i) } else { amount(i) };
        match (value(i), value(j)) {
            (Some((v, v_in_wan)), Some((w, w_in_wan))) => {
                (!one_ledger && v == w)
                    || rounding_of(v, w, v_in_wan)
                    || rounding_of(w, v, w_in_wan)
            }
            _ => false,
        }
    };
    // The row whose value a cluster of several rows keeps (none when all are null); with
    // `yielding` false, the row the field's own rule would pick if no value gave way.
    let pick_by = |m: &[u32], yielding: bool| -> Option<usize> {
        let mut present = m.iter().map(|&i| i as usize).filter(|&i| {
            non_null(i) && (!with_officer || officer_ok[i]) && !(yielding && gives_way(i, m))
        });
        match keep {
            Keep::Newest | Keep::WithStatus => {
                present.max_by_key(|&i| (exported[i].unwrap_or(i32::MIN), i))
            }
            Keep::AnyTrue => {
                let rows: Vec<usize> = present.collect();
                rows.iter()
                    .copied()
                    .find(|&i| yes.is_some_and(|b| b.get(i) == Some(true)))
                    .or_else(|| rows.first().copied())
            }
            Keep::Largest => present.max_by(|&a, &b| {
                numeric(a)
                    .unwrap_or(f64::MIN)
                    .total_cmp(&numeric(b).unwrap_or(f64::MIN))
                    .then(b.cmp(&a))
            }),
            // A union is made after all columns ([`union_parties`]); the longest list stands
            // in until then.
            Keep::Longest | Keep::Union => {
                present.max_by(|&a, &b| list_len(a).cmp(&list_len(b)).then(b.cmp(&a)))
            }
            Keep::First => present.next(),
        }
    };
    let pick = |m: &[u32]| pick_by(m, true);
    // The row whose value each cluster keeps: its first row, unless a rule picks another.
    // A cluster whose values are all null keeps its first row's null.
    // A value may give way to another row's (an amount, a date to the month only).
    let may_give_way = amounts.is_some() || dates.is_some();
    let picks: Cow<IdxCa> = if keep == Keep::First && !has_nulls && !may_give_way {
        Cow::Borrowed(firsts)
    } else {
        let mut rows: Vec<IdxSize> = firsts.cont_slice().map_err(err)?.to_vec();
        for (k, &g) in multi.iter().enumerate() {
            let members = groups.members(g as usize);
            let picked = match keep {
                Keep::WithStatus if name == "closed_on" => Some(closure_picks[k] as usize),
                Keep::WithStatus if CLOSURE_FIELDS.contains(&name) => {
                    Some(method_picks[k] as usize)
                }
                Keep::WithStatus => Some(status_picks[k] as usize),
                // No row of the kept officer has a value: the case keeps none (the row of
                // the officer it keeps, empty there), not another officer's.
                _ if with_officer => pick(members)
                    .or_else(|| members.iter().map(|&i| i as usize).find(|&i| officer_ok[i])),
                _ => pick(members),
            };
            if let Some(i) = picked {
                rows[g as usize] = i as IdxSize;
            }
        }
        Cow::Owned(IdxCa::from_vec("idx".into(), rows))
    };
    let rows = picks.cont_slice().map_err(err)?;
    let pick_of = |g: usize| rows[g] as usize;
    let kept_in_wan = if amounts.is_some() {
        rows.iter().map(|&i| wan(i as usize)).collect()
    } else {
        Vec::new()
    };
    let kept_rows = if amounts.is_some() {
        rows.to_vec()
    } else {
        Vec::new()
    };
    let taken = match &list_col {
        // polars gathers a list column row by row (a sliced array per row); gathering
        // the offsets and the inner values is several times faster.
        Some(l) => l.gather(col.name().clone(), rows)?.into_column(),
        None => col.take(&picks).map_err(err)?,
    };

    // The rule that decided a cluster's value where the field's own rule did not, for the
    // conflicts table: a value that gave way to another row's (a 0 to a stated amount, a
    // rounding to the exact figure: an older export's value may stand over a newer one's),
    // or rows of one export that the newer-export rule cannot tell apart (the later row
    // wins).
    let decided_otherwise = |g: usize, m: &[u32]| -> Option<&'static str> {
        let kept = pick_of(g);
        let same_value = |i: usize| {
            col.get(i)
                .ok()
                .zip(col.get(kept).ok())
                .is_some_and(|(a, b)| a == b)
        };
        let plain = match keep {
            Keep::WithStatus | Keep::Union => None,
            _ if may_give_way => pick_by(m, false),
            _ => None,
        };
        if let Some(p) = plain.filter(|&p| !same_value(p)) {
            let zero = amounts.and_then(|a| a.get(p)) == Some(0);
            let slip = match (amount(p), amount(kept)) {
                (Some(v), Some(w)) => unit_slip(v, w),
                _ => false,
            };
            return Some(if zero {
                RULE_ZERO_GIVES_WAY
            } else if slip {
                RULE_UNIT_SLIP
            } else if dates.is_some() {
                RULE_EXACT_DATE
            } else {
                RULE_EXACT_AMOUNT
            });
        }
        let one_export = m
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| non_null(i) && !same_value(i))
            .all(|i| exported[i] == exported[kept]);
        (keep == Keep::Newest && one_export).then_some(RULE_LATER_ROW)
    };
    let mut conflicts = Vec::new();
    if !SKIP_CONFLICT.contains(&name) {
        let native = match (col.dtype(), list) {
            (DataType::String, _) => Native::Str(col.str().map_err(err)?),
            (DataType::Int64, _) => Native::I64(col.i64().map_err(err)?),
            (DataType::Int32, _) => Native::I32(col.i32().map_err(err)?),
            (DataType::Date, _) => Native::I32(col.date().map_err(err)?.physical()),
            (DataType::Boolean, _) => Native::Bool(col.bool().map_err(err)?),
            (_, Some(l)) => Native::List(l),
            _ => Native::Other,
        };
        // Spellings of one value ([conflicts.same] in dedup.toml) agree.
        let spellings = cfg.same_spellings.get(name);
        let group = |v: &str| spellings.and_then(|m| m.get(v.trim())).copied();
        // A free text kept as written (备注, 未结原因) in one export with ， and in another
        // with , is one value: only its width differs.
        let folded_alike = |a: &str, b: &str| {
            use crate::ingest::fields::fold_width;
            a.len() != b.len() && fold_width(a) == fold_width(b)
        };
        let one_value = |a: &str, b: &str| {
            a == b || folded_alike(a, b) || group(a).is_some_and(|g| group(b) == Some(g))
        };
        let agree = |i: usize, j: usize| {
            native.same(i, j)
                || written_otherwise(i, j)
                || match &native {
                    Native::Str(ca) => ca
                        .get(i)
                        .zip(ca.get(j))
                        .is_some_and(|(a, b)| one_value(a, b)),
                    _ => false,
                }
        };
        for &g in multi {
            let g = g as usize;
            let m = groups.members(g);
            // A ledger's rows first ([`ledgers`]): another export's figure agrees with each
            // part, as it states their sum, but the parts are listed against the sum kept
            // whatever the order of the exports.
            let ordered: Cow<[u32]> = if m.iter().any(|&i| ledger(i as usize).is_some()) {
                let mut o = m.to_vec();
                o.sort_by_key(|&i| ledger(i as usize).is_none());
                Cow::Owned(o)
            } else {
                Cow::Borrowed(m)
            };
            // Equal in their own type: equal as text, no conflict.
            let mut present = ordered.iter().map(|&i| i as usize).filter(|&i| non_null(i));
            // Compared with a date given exactly, not with one given to the month only: two
            // exact dates of that month disagree, though each is the month-only one's day.
            let Some(first) = present.clone().find(|&i| !date_gives_way(i, m)) else {
                continue;
            };
            if present.all(|i| agree(first, i)) {
                continue;
            }
            let mut distinct: Vec<(Cow<str>, usize)> = Vec::new();
            for &i in ordered.iter() {
                let Some(v) = native.text(col, i as usize) else {
                    continue;
                };
                let i = i as usize;
                if date_gives_way(i, m) {
                    continue;
                }
                if !distinct
                    .iter()
                    .any(|(d, r)| one_value(d, &v) || written_otherwise(*r, i))
                {
                    distinct.push((v, i));
                }
            }
            if distinct.len() > 1 {
                let kept = Some(
                    native
                        .text(col, pick_of(g))
                        .map_or_else(|| "null".to_string(), Cow::into_owned),
                );
                conflicts.push(Conflict {
                    group: g as u32,
                    rule: decided_otherwise(g, m),
                    values: distinct
                        .iter()
                        .map(|(v, _)| v.as_ref())
                        .collect::<Vec<_>>()
                        .join(" ‖ "),
                    rows: distinct.iter().map(|&(_, i)| i as u32).collect(),
                    kept,
                });
            }
        }
    }
    Ok(Survived {
        column: taken,
        field: name.to_string(),
        rule: keep.describe(),
        conflicts,
        kept_in_wan,
        kept_rows,
    })
}

/// Whether `coarse` is `fine` (another amount, in 分) rounded or cut to the 角, the 元 or the
/// 百元: what a system writing 万元 to five, four or two decimals, or whole 元, makes of it
/// (2.8480 万元 of 28,479.75 元). Never a round figure against a figure further from it than
/// half its unit (50,000 元 and 47,000 元 are two claims). To the 百元 only when `coarse` was
/// read in 万元 (`coarse_in_wan`): a figure an export writes in whole 元 states the amount to
/// the 元, and 20,000 元 against 20,050 元 is a correction, not a rounding.
pub(super) fn rounding_of(coarse: i64, fine: i64, coarse_in_wan: bool) -> bool {
    const UNITS: [i64; 3] = [10, 100, 10_000];
    let units = if coarse_in_wan {
        &UNITS[..]
    } else {
        &UNITS[..2]
    };
    coarse != fine
        && units.iter().any(|&u| {
            let gap = fine - coarse;
            coarse % u == 0 && fine % u != 0 && (gap.abs() * 2 <= u || (0 < gap && gap < u))
        })
}

/// Whether `small` is `large` (another export's amount, in 分) read in the wrong unit: a
/// 万元 figure taken for 元 (5.0000 under a header without its unit, against 50,000 元), or
/// the reverse, gives an amount exactly 10,000 times smaller. No one corrects a claim by
/// that factor, so it is no correction for the newer export to make (k-claim-unit-10000x-
/// correction: the newer 5 元 replaced 50,000 元 without a word). The larger stands, as a 万元
/// figure written to the 元 is what a header without its unit loses, and the conflicts table
/// names the slip for a person to check. Not a 0, and not 1 分 against 100 元 (too small to
/// be a figure read in 万元: 0.1万 read as 0.10 元 is 10 分, the least counted).
///
/// Only between figures neither of which was read in 万元 (`in_wan`, the second of each):
/// a 万元 column holding 元 digits (50000 under 标的(万元), against 50000 under 标的(元)) is
/// the larger figure wrong, and keeping the larger would make the claim 5亿 (review of
/// k-claim-unit-10000x-correction). The ordinary rule of the field then decides.
pub(super) fn unit_slip((small, small_wan): (i64, bool), (large, large_wan): (i64, bool)) -> bool {
    !small_wan && !large_wan && small >= 10 && small.checked_mul(10_000) == Some(large)
}

/// Links each 执恢 case to the 执 case it resumes, when the export did not say so:
/// an earlier case with the same basis document and respondent that was closed by 终本
/// or 终结执行, or suspended. Returns the frame with `origin_case_key` and
/// `lineage_rule` filled, and the number of links made.
pub(super) fn link_lineage(df: DataFrame) -> Result<(DataFrame, usize)> {
    let n = df.height();
    let (origin_col, rule_col, links) = {
        let kind = strs(&df, "case_kind")?;
        let key = strs(&df, "case_key")?;
        let basis = strs(&df, "basis_key")?;
        let origin = strs(&df, "origin_case_key")?;
        let resp_col = ListCol::new(column(&df, "respondents")?)?;
        let resp_view = resp_col.view()?;
        let resp: Vec<Option<&str>> = (0..n).map(|i| resp_view.first(i)).collect();
        let filed = i32s(&df, "filed_on")?;
        let method = strs(&df, "closure_method")?;
        let status = strs(&df, "status")?;

        let mut by_basis: PlHashMap<(&str, &str), Vec<usize>> = PlHashMap::default();
        for i in 0..n {
            let resumable = matches!(method[i], Some("终本") | Some("终结执行"))
                || matches!(status[i], Some("suspended") | Some("deferred"));
            if kind[i] == Some("first") && resumable {
                if let (Some(b), Some(r)) = (basis[i], resp[i]) {
                    by_basis.entry((b, r)).or_default().push(i);
                }
            }
        }
        let mut out_origin: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut rule: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut links = 0;
        for i in 0..n {
            if let Some(o) = origin[i] {
                out_origin.push(Some(o));
                rule.push(Some("origin column"));
                links += 1;
                continue;
            }
            let mut found = None;
            if kind[i] == Some("resumed") {
                if let (Some(b), Some(r)) = (basis[i], resp[i]) {
                    found = by_basis.get(&(b, r)).and_then(|c| {
                        c.iter()
                            .copied()
                            .filter(|&j| j != i && filed[j] < filed[i])
                            .max_by_key(|&j| (filed[j], j))
                    });
                }
            }
            match found.and_then(|j| key[j]) {
                Some(k) => {
                    out_origin.push(Some(k));
                    rule.push(Some("same basis and respondent"));
                    links += 1;
                }
                None => {
                    out_origin.push(None);
                    rule.push(None);
                }
            }
        }
        (
            Column::new("origin_case_key".into(), out_origin),
            Column::new("lineage_rule".into(), rule),
            links,
        )
    };
    let mut df = df;
    df.with_column(origin_col)
        .map_err(|e| Error::polars("setting origin_case_key", e))?;
    df.with_column(rule_col)
        .map_err(|e| Error::polars("setting lineage_rule", e))?;
    Ok((df, links))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_name_that_lost_a_character_is_the_whole_names_copy() {
        assert!(same_but_lost("赵?", "赵𠮷"));
        assert!(same_but_lost("杨\u{FFFD}", "杨䶮"));
        assert!(!same_but_lost("赵?", "钱𠮷"), "another surname");
        assert!(!same_but_lost("赵?", "赵𠮷明"), "another length");
        assert!(!same_but_lost("赵明", "赵亮"), "no character lost");
        assert!(!same_but_lost("??", "赵明"), "nothing left to compare");
    }

    /// k-name-variant-becomes-second-debtor: a masked number is the whole one's when every
    /// character it shows agrees; a homophone or 有限责任公司 is a variant of the name.
    #[test]
    fn two_spellings_of_one_party_are_told() {
        assert!(same_number("913306********0673", "91330603N225760673"));
        assert!(!same_number("913306********0674", "91330603N225760673"));
        assert!(!same_number("3306**********7071", ""));
        assert!(name_variant("孙利华", "孙利桦"));
        assert!(name_variant(
            "绍兴市兴嘉餐饮管理有限公司",
            "绍兴兴嘉餐饮管理有限责任公司"
        ));
        assert!(!name_variant("孙利华", "孙立"));
        assert!(name_variant("王珍", "汪珍"), "a homophone");
        assert!(
            !name_variant("王珍", "李珍"),
            "one character apart is not enough"
        );
    }

    /// k-former-name-bracket-two-debtors: a company written with its former name in
    /// brackets (（原…）, （原名…）, （曾用名：…）) is the company without them, and its former
    /// name alone; two companies of other present names are not one for a former name.
    #[test]
    fn an_organisation_with_and_without_its_former_name_is_one_name() {
        let renamed = "绍兴乙印染有限公司（原绍兴丙印染有限公司）";
        assert!(name_variant(renamed, "绍兴乙印染有限公司"));
        assert!(name_variant("绍兴乙印染有限公司", renamed));
        assert!(
            name_variant(renamed, "绍兴丙印染有限公司"),
            "the former name"
        );
        assert!(name_variant(renamed, "绍兴乙印染有限责任公司"));
        assert!(name_variant(
            "绍兴乙印染有限公司（曾用名：绍兴丙印染有限公司）",
            renamed
        ));
        assert!(!name_variant(renamed, "绍兴丁印染有限公司"));
        assert!(!name_variant(
            renamed,
            "绍兴丁印染有限公司（原绍兴戊印染有限公司）"
        ));
        assert_eq!(former_name("某某厂（普通合伙）"), None);
        assert_eq!(former_name("（原某某公司）"), None);
    }

    /// k-district-prefix-party-split: an organisation written with and without the place
    /// before it (city, district, both) is one name; two places are two organisations.
    #[test]
    fn an_organisation_with_and_without_its_place_is_one_name() {
        assert!(name_variant(
            "绍兴市柯桥区金新家纺有限公司",
            "柯桥区金新家纺有限公司"
        ));
        assert!(name_variant(
            "建兴房地产开发有限公司",
            "绍兴市建兴房地产开发有限公司"
        ));
        assert!(name_variant(
            "德建家纺有限公司",
            "绍兴市柯桥区德建家纺有限公司"
        ));
        assert!(name_variant("浙江省绍兴市某某机械厂", "绍兴某某机械厂"));
        assert!(!name_variant(
            "柯桥区金新家纺有限公司",
            "越城区金新家纺有限公司"
        ));
        assert!(!name_variant(
            "绍兴市柯桥区金新家纺有限公司",
            "越城区金新家纺有限公司"
        ));
        assert!(
            !name_variant("绍兴市柯桥区家纺有限公司", "家纺有限公司"),
            "too short a name left"
        );
        assert!(
            !name_variant("华联超市金新家纺有限公司", "金新家纺有限公司"),
            "a 市 of the trade is no place"
        );
        assert!(fuller_org_name(
            "绍兴市柯桥区某某机械厂",
            "柯桥区某某机械厂"
        ));
        assert!(!fuller_org_name(
            "柯桥区某某机械厂",
            "绍兴市柯桥区某某机械厂"
        ));
    }

    /// k-company-place-and-form-both-differ-two-debtors: a name with the place before it
    /// left out and its legal form written short is one name, as with either alone; another
    /// trade name or another place stays another organisation.
    #[test]
    fn an_organisation_without_its_place_and_with_a_short_form_is_one_name() {
        assert!(name_variant(
            "绍兴市柯桥区戊己机械有限公司",
            "柯桥区戊己机械公司"
        ));
        assert!(name_variant(
            "柯桥区戊己机械公司",
            "绍兴市柯桥区戊己机械有限公司"
        ));
        assert!(name_variant(
            "绍兴市柯桥区戊己机械有限公司",
            "戊己机械有限责任公司"
        ));
        assert!(
            name_variant("绍兴市戊己机械公司", "戊己机械有限责任公司"),
            "the name with the place is the shorter one"
        );
        assert!(
            !name_variant("绍兴市柯桥区戊己机械有限公司", "柯桥区庚辛机械公司"),
            "another trade name"
        );
        assert!(
            !name_variant("绍兴市柯桥区戊己机械有限公司", "越城区戊己机械公司"),
            "another place"
        );
        assert!(
            !name_variant("绍兴市柯桥区家纺有限公司", "家纺公司"),
            "too short a name left"
        );
    }

    /// k-rounded-wanyuan-amount-wins: an amount rounded or cut to the 角, 元 or 百元 is a
    /// rounding of the exact one; two different round figures are not.
    #[test]
    fn a_rounded_amount_is_a_rounding_of_the_exact_one() {
        assert!(
            rounding_of(2_848_000, 2_847_975, true),
            "2.8480 万元 of 28,479.75 元"
        );
        assert!(rounding_of(2_847_900, 2_847_975, true), "cut to the 元");
        assert!(
            rounding_of(2_850_000, 2_847_975, true),
            "万元 to two decimals"
        );
        assert!(
            !rounding_of(2_847_975, 2_848_000, true),
            "the exact one is no rounding"
        );
        assert!(
            !rounding_of(5_000_000, 4_700_000, true),
            "50,000 元 and 47,000 元"
        );
        assert!(!rounding_of(5_000_000, 5_000_000, true));
        assert!(!rounding_of(10_000, 30_000, true), "100 元 and 300 元");
    }

    /// k-claim-unit-10000x-correction: an amount exactly 10,000 times smaller than another's
    /// is one of them read in the wrong unit, not a correction.
    #[test]
    fn an_amount_ten_thousand_times_another_is_a_unit_slip() {
        let yuan = |v: i64| (v, false);
        assert!(
            unit_slip(yuan(500), yuan(5_000_000)),
            "5 元 against 50,000 元"
        );
        assert!(unit_slip(yuan(274_130), yuan(2_741_300_000)));
        assert!(unit_slip(yuan(50), yuan(500_000)), "0.5万 read as 0.50 元");
        assert!(
            !unit_slip(yuan(5_000_000), yuan(500)),
            "the larger is not the slip"
        );
        assert!(!unit_slip(yuan(500), yuan(5_000_001)));
        assert!(
            !unit_slip(yuan(2_000_000), yuan(2_005_000)),
            "an ordinary correction"
        );
        assert!(!unit_slip(yuan(0), yuan(0)));
        assert!(!unit_slip(yuan(1), yuan(10_000)), "1 分 is no 万元 figure");
        // A 万元 column holding 元 digits: the larger is the wrong one, no slip to keep.
        assert!(!unit_slip(yuan(5_000_000), (50_000_000_000, true)));
    }

    /// k-whole-yuan-correction-taken-as-rounding: a figure read in 元 is no rounding to the
    /// 百元 of another: both state the amount to the 元, and they disagree. Rounded or cut to
    /// the 元 or the 角, it still is one.
    #[test]
    fn a_whole_yuan_figure_is_no_rounding_to_the_hundred() {
        assert!(
            !rounding_of(2_000_000, 2_005_000, false),
            "20,000 元 of 20,050 元"
        );
        assert!(
            !rounding_of(100_000_000, 100_000_100, false),
            "1,000,000 元 of 1,000,001 元"
        );
        assert!(
            rounding_of(2_000_000, 2_005_000, true),
            "2 万元 of 20,050 元"
        );
        assert!(
            rounding_of(2_000_000, 2_000_050, false),
            "20,000 元 of 20,000.50 元"
        );
        assert!(
            rounding_of(2_000_050, 2_000_055, false),
            "20,000.5 元 of 20,000.55 元"
        );
    }
    use super::*;
    use chrono::NaiveDate;

    fn list(name: &str, rows: &[Option<&[&str]>]) -> Column {
        let mut b = ListStringChunkedBuilder::new(name.into(), rows.len(), 8);
        for r in rows {
            match r {
                Some(items) => b.append_values_iter(items.iter().copied()),
                None => b.append_null(),
            }
        }
        b.finish().into_column()
    }

    /// Six rows in three clusters: {0}, {1, 2, 3}, {4, 5}.
    fn cases() -> DataFrame {
        let mut df = df!(
            "source_file" => ["a.xlsx", "a.xlsx", "b.csv", "c.csv", "a.xlsx", "b.csv"],
            "source_sheet" => [Some("S"), Some("S"), None, None, Some("S"), None],
            "source_row" => [2_i64, 3, 2, 3, 4, 4],
            // first non-empty in input order
            "court_name" => [None, None, Some("甲院"), Some("乙院"), None, None],
            // newer export wins
            "status" => [Some("open"), Some("open"), Some("closed"), None, Some("open"), Some("open")],
            // c2: one category spelt three ways; c3: two categories
            "case_category" => [Some("首执"), Some("首次执行"), Some(" 首执"), Some("首次执行案件"), Some("首执"), Some("执恢")],
            // spelt two ways: not a conflict
            "status_raw" => [Some("未结"), Some("未结"), Some("已结"), None, Some("执行中"), Some("未结")],
            "exported_on" => [
                Some(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
                Some(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
                Some(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()),
                Some(NaiveDate::from_ymd_opt(2025, 2, 1).unwrap()),
                None,
                None,
            ],
            // larger value wins
            "recovered_fen" => [Some(5_i64), Some(100), Some(300), Some(200), None, Some(7)],
        )
        .unwrap();
        // longer list wins
        let resp = list(
            "respondents",
            &[
                Some(&["张三"]),
                Some(&["李四"]),
                Some(&["李四", "王五"]),
                None,
                None,
                Some(&[]),
            ],
        );
        df.with_column(resp).unwrap();
        df
    }

    #[test]
    fn each_field_keeps_the_value_its_rule_picks() {
        let df = cases();
        let groups = Groups {
            ids: vec!["c1", "c2", "c3"],
            start: vec![0, 1, 4, 6],
            members: vec![0, 1, 2, 3, 4, 5],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, found) = survive(&df, &groups, &cfg, &sources).unwrap();

        let s = |name: &str| -> Vec<Option<String>> {
            out.column(name)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect()
        };
        let own = |v: &[Option<&str>]| -> Vec<Option<String>> {
            v.iter().map(|x| x.map(str::to_string)).collect()
        };
        assert_eq!(s("cluster_id"), own(&[Some("c1"), Some("c2"), Some("c3")]));
        // a lone row keeps its null; a cluster skips nulls; all null stays null
        assert_eq!(s("court_name"), own(&[None, Some("甲院"), None]));
        // c2: the export of 2025-03-01 (row 2); c3: no dates, the later row
        assert_eq!(
            s("status"),
            own(&[Some("open"), Some("closed"), Some("open")])
        );
        let rec: Vec<Option<i64>> = out
            .column("recovered_fen")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(rec, [Some(5), Some(300), Some(7)]);
        let lists = out.column("respondents").unwrap().list().unwrap().clone();
        let resp: Vec<Option<Vec<String>>> = (0..lists.len())
            .map(|i| {
                lists.get_as_series(i).map(|s| {
                    s.str()
                        .unwrap()
                        .iter()
                        .map(|x| x.unwrap_or("").to_string())
                        .collect()
                })
            })
            .collect();
        assert_eq!(
            resp,
            [
                Some(vec!["张三".to_string()]),
                Some(vec!["李四".to_string(), "王五".to_string()]),
                Some(vec![]),
            ]
        );
        let n_sources: Vec<Option<i64>> = out
            .column("n_sources")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(n_sources, [Some(1), Some(3), Some(2)]);

        // Disagreements, with the value kept and the rule that kept it.
        let conflicts = conflict_table(&found, &groups, &sources).unwrap();
        let row = |field: &str| -> Vec<Option<String>> {
            let f = conflicts
                .clone()
                .lazy()
                .filter(col("field").eq(lit(field)))
                .collect()
                .unwrap();
            ["cluster_id", "values", "sources", "kept", "rule"]
                .iter()
                .map(|c| {
                    f.column(c)
                        .unwrap()
                        .str()
                        .unwrap()
                        .get(0)
                        .map(str::to_string)
                })
                .collect()
        };
        assert_eq!(
            row("court_name"),
            own(&[
                Some("c2"),
                Some("甲院 ‖ 乙院"),
                Some("b.csv||2 ‖ c.csv||3"),
                Some("甲院"),
                Some("first non-empty in input order"),
            ])
        );
        assert_eq!(
            row("recovered_fen"),
            own(&[
                Some("c2"),
                Some("100 ‖ 300 ‖ 200"),
                Some("a.xlsx|S|3 ‖ b.csv||2 ‖ c.csv||3"),
                Some("300"),
                Some("larger value wins"),
            ])
        );
        assert_eq!(
            row("respondents")[3],
            Some(r#"["李四", "王五"]"#.to_string())
        );
        assert_eq!(
            row("case_category"),
            own(&[
                Some("c3"),
                Some("首执 ‖ 执恢"),
                Some("a.xlsx|S|4 ‖ b.csv||4"),
                Some("首执"),
                Some("first non-empty in input order"),
            ])
        );
        // court_name, status, recovered_fen and respondents of c2, case_category of c3.
        // Not exported_on (where a row came from), status_raw or c2's case_category (how
        // they were spelt), nor c3's null beside a value or a null list beside an empty one.
        assert_eq!(conflicts.height(), 5, "{conflicts}");
    }

    #[test]
    fn spellings_must_name_a_text_column_once() {
        let builtin = include_str!("../../pipelines/rules/dedup.toml");
        // Refused when the file loads, before any data is read (t-conflicts-same-checked-late).
        for (field, message) in [
            ("respondents", "not a text field"),
            ("case_categry", "not a text field"),
        ] {
            let text = builtin.replace("case_category = [", &format!("{field} = ["));
            let err = DedupConfig::from_toml(&text, "dedup.toml").err().unwrap();
            assert!(err.to_string().contains(message), "{err}");
        }
        let twice = builtin.replace("\"执保\"]", "\"执保\", \"首执\"]");
        let err = DedupConfig::from_toml(&twice, "dedup.toml").err().unwrap();
        assert!(
            err.to_string().contains("\"首执\" is listed twice"),
            "{err}"
        );
    }

    #[test]
    fn a_newer_export_that_shows_the_case_pending_again_takes_its_closure_away() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let df = df!(
            "source_file" => ["old.csv", "new.csv"],
            "source_sheet" => [None::<&str>, None],
            "source_row" => [2_i64, 2],
            "status" => ["closed", "pending"],
            "case_category" => ["首执", "首执"],
            "status_raw" => [Some("已结"), Some("未结")],
            "closed_on" => [Some(d(1, 10)), None],
            "closure_method" => [Some("执行完毕"), None],
            "closure_method_raw" => [Some("执行完毕"), None],
            "exported_on" => [Some(d(1, 31)), Some(d(3, 31))],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1"],
            start: vec![0, 2],
            members: vec![0, 1],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, _) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str| out.column(name).unwrap().get(0).unwrap().to_string();
        assert_eq!(text("status"), "\"pending\"");
        assert_eq!(text("status_raw"), "\"未结\"");
        assert_eq!(text("closed_on"), "null");
        assert_eq!(text("closure_method"), "null");
    }

    /// k-reclosure-takes-voided-date: a case closed in January, pending again in February
    /// and closed without a date in March does not take the January date (the February
    /// export undid that closure); conflicts.parquet lists the date not taken. A case closed
    /// without a date after a dated closure no export undid still takes that date.
    #[test]
    fn an_undated_reclosure_does_not_take_the_date_of_an_undone_closure() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let df = df!(
            "source_file" => ["jan.csv", "feb.csv", "mar.csv", "jan.csv", "mar.csv"],
            "source_sheet" => [None::<&str>, None, None, None, None],
            "source_row" => [2_i64, 2, 2, 3, 3],
            "status" => ["closed", "pending", "closed", "closed", "closed"],
            "case_category" => ["首执", "首执", "首执", "首执", "首执"],
            "status_raw" => [Some("已结"), Some("未结"), Some("已结"), Some("已结"), Some("已结")],
            "closed_on" => [Some(d(1, 10)), None, None, Some(d(1, 10)), None],
            "closure_method" => [Some("执行完毕"), None, None, Some("执行完毕"), None],
            "closure_method_raw" => [Some("执行完毕"), None, None, Some("执行完毕"), None],
            "exported_on" => [Some(d(1, 31)), Some(d(2, 28)), Some(d(3, 31)), Some(d(1, 31)), Some(d(3, 31))],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 3, 5],
            members: vec![0, 1, 2, 3, 4],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, found) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, i: usize| out.column(name).unwrap().get(i).unwrap().to_string();
        assert_eq!(text("status", 0), "\"closed\"");
        assert_eq!(text("closed_on", 0), "null");
        assert_eq!(text("closure_method", 0), "null");
        assert_eq!(text("closed_on", 1), "2026-01-10");
        assert_eq!(text("closure_method", 1), "\"执行完毕\"");
        let conflicts = conflict_table(&found, &groups, &sources).unwrap();
        let dates = conflicts
            .lazy()
            .filter(col("field").eq(lit("closed_on")))
            .collect()
            .unwrap();
        assert_eq!(dates.height(), 1, "{dates}");
        let cell = |name: &str| dates.column(name).unwrap().get(0).unwrap().to_string();
        assert_eq!(cell("cluster_id"), "\"c1\"");
        assert_eq!(cell("values"), "\"2026-01-10 ‖ null\"");
        assert_eq!(cell("kept"), "\"null\"");
        assert_eq!(cell("rule"), format!("{RULE_CLOSURE_UNDONE:?}"));
    }

    /// Red-team round 30 (b-closure-method-lost): a newer export closing the case on the
    /// same day without a 结案方式 keeps the older export's method; a closure on another day
    /// does not take it.
    #[test]
    fn a_newer_export_without_a_method_keeps_the_method_of_the_same_closure() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let df = df!(
            "source_file" => ["old.csv", "new.csv", "old.csv", "new.csv"],
            "source_sheet" => [None::<&str>, None, None, None],
            "source_row" => [2_i64, 2, 3, 3],
            "status" => ["closed", "closed", "closed", "closed"],
            "case_category" => ["首执", "首执", "首执", "首执"],
            "status_raw" => [Some("已结"), Some("已结案"), Some("已结"), Some("已结案")],
            "closed_on" => [Some(d(1, 10)), Some(d(1, 10)), Some(d(1, 10)), Some(d(5, 20))],
            "closure_method" => [Some("终本"), None, Some("终本"), None],
            "closure_method_raw" => [Some("终结本次执行程序"), None, Some("终本"), None],
            "exported_on" => [Some(d(1, 31)), Some(d(6, 30)), Some(d(1, 31)), Some(d(6, 30))],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 2, 4],
            members: vec![0, 1, 2, 3],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, _) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, i: usize| out.column(name).unwrap().get(i).unwrap().to_string();
        assert_eq!(text("closed_on", 0), "2024-01-10");
        assert_eq!(text("closure_method", 0), "\"终本\"");
        assert_eq!(text("closure_method_raw", 0), "\"终结本次执行程序\"");
        assert_eq!(text("closed_on", 1), "2024-05-20");
        assert_eq!(text("closure_method", 1), "null");
    }

    /// Red-team round 30 (b-closure-method-lost, its note): a 终本 case a newer export shows
    /// 恢复执行 keeps its dated 终本 closure (resumed as a new 执恢 case); one the older export
    /// shows suspended stays without a closure.
    #[test]
    fn a_resumed_zhongben_case_keeps_its_closure() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let df = df!(
            "source_file" => ["old.csv", "new.csv", "old.csv", "new.csv"],
            "source_sheet" => [None::<&str>, None, None, None],
            "source_row" => [2_i64, 2, 3, 3],
            "status" => ["closed", "pending", "suspended", "pending"],
            "case_category" => ["首执", "首执", "首执", "首执"],
            "status_raw" => [Some("已结"), Some("恢复执行"), Some("中止"), Some("恢复执行")],
            "closed_on" => [Some(d(9, 1)), None, None, None],
            "closure_method" => [Some("终本"), None, None, None],
            "closure_method_raw" => [Some("终结本次执行程序"), None, None, None],
            "exported_on" => [Some(d(12, 20)), Some(d(12, 31)), Some(d(12, 20)), Some(d(12, 31))],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 2, 4],
            members: vec![0, 1, 2, 3],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, _) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, i: usize| out.column(name).unwrap().get(i).unwrap().to_string();
        assert_eq!(text("status_raw", 0), "\"恢复执行\"");
        assert_eq!(text("closed_on", 0), "2024-09-01");
        assert_eq!(text("closure_method", 0), "\"终本\"");
        assert_eq!(text("status", 1), "\"pending\"");
        assert_eq!(text("closed_on", 1), "null");
    }

    /// Red-team round 30 (b-petition-count-lost): the count a case keeps is dated by the
    /// export it comes from, not by the newest export of the case.
    #[test]
    fn a_kept_petition_count_is_dated_by_its_own_export() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let df = df!(
            "source_file" => ["old.xlsx", "new.csv", "old.xlsx", "x.csv"],
            "source_sheet" => [None::<&str>, None, None, None],
            "source_row" => [2_i64, 2, 3, 3],
            "status" => ["pending", "pending", "pending", "pending"],
            "case_category" => ["首执", "首执", "首执", "首执"],
            "stated_petitions" => [Some(5_i64), None, Some(3), Some(3)],
            "exported_on" => [Some(d(12, 20)), Some(d(12, 31)), Some(d(12, 20)), None],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 2, 4],
            members: vec![0, 1, 2, 3],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, _) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, i: usize| out.column(name).unwrap().get(i).unwrap().to_string();
        assert_eq!(text("exported_on", 0), "2025-12-31");
        assert_eq!(text("stated_petitions", 0), "5");
        assert_eq!(text("stated_petitions_on", 0), "2025-12-20");
        // One of the rows stating the count is undated.
        assert_eq!(text("stated_petitions_on", 1), "null");
        let names: Vec<&str> = out.get_column_names().iter().map(|n| n.as_str()).collect();
        let at = names.iter().position(|n| *n == "stated_petitions").unwrap();
        assert_eq!(names[at + 1], "stated_petitions_on");
    }

    #[test]
    fn a_status_stated_beats_a_default_and_closed_beats_pending_within_one_export() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        // c1: the export's 已结 row, then an assignments list read as cases (no status or
        // closure columns: pending by default), same date. c2: a 中止案件 sheet, then a
        // 未结案件 sheet of the same workbook (both states from the sheet's name).
        let df = df!(
            "source_file" => ["cases.csv", "asg.csv", "book.xlsx", "book.xlsx"],
            "source_sheet" => [None, None, Some("中止案件"), Some("未结案件")],
            "source_row" => [2_i64, 2, 2, 2],
            "status" => ["closed", "pending", "suspended", "pending"],
            "case_category" => ["首执", "首执", "首执", "首执"],
            "status_raw" => [Some("已结"), None, None, None],
            "closed_on" => [Some(d(1, 10)), None, None, None],
            "closure_method" => [Some("执行完毕"), None, None, None],
            "closure_method_raw" => [Some("执行完毕"), None, None, None],
            "exported_on" => [Some(d(3, 31)), Some(d(3, 31)), Some(d(3, 31)), Some(d(3, 31))],
        )
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 2, 4],
            members: vec![0, 1, 2, 3],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, _) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, g: usize| out.column(name).unwrap().get(g).unwrap().to_string();
        assert_eq!(text("status", 0), "\"closed\"");
        assert_eq!(text("closed_on", 0), "2024-01-10");
        assert_eq!(text("closure_method", 0), "\"执行完毕\"");
        assert_eq!(text("status", 1), "\"suspended\"");
    }

    #[test]
    fn a_case_listed_once_per_debtor_keeps_every_debtor_with_its_number() {
        let mut df = df!(
            "source_file" => ["a.csv", "a.csv", "a.csv", "a.csv"],
            "source_sheet" => [None::<&str>, None, None, None],
            "source_row" => [2_i64, 3, 4, 5],
            "status" => ["pending", "pending", "pending", "pending"],
            "case_category" => ["首执", "首执", "首执", "首执"],
            "respondent_kind" => ["person", "company", "person", "person"],
            "exported_on" => [None::<NaiveDate>, None, None, None],
        )
        .unwrap();
        // c1: one debtor a row, with numbers; c2: the second row's numbers do not line up
        // with its names, so the longest list stands.
        df.with_column(list(
            "respondents",
            &[
                Some(&["李四"]),
                Some(&["某某有限公司"]),
                Some(&["王五"]),
                Some(&["王五", "赵六"]),
            ],
        ))
        .unwrap();
        df.with_column(list(
            "respondent_ids",
            &[
                Some(&["11010519491231002X"]),
                Some(&["91330603608902440L"]),
                None,
                Some(&["11010519491231002X"]),
            ],
        ))
        .unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2"],
            start: vec![0, 2, 4],
            members: vec![0, 1, 2, 3],
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, found) = survive(&df, &groups, &cfg, &sources).unwrap();
        let text = |name: &str, g: usize| out.column(name).unwrap().get(g).unwrap().to_string();
        assert_eq!(text("respondents", 0), r#"["李四", "某某有限公司"]"#);
        assert_eq!(
            text("respondent_ids", 0),
            r#"["11010519491231002X", "91330603608902440L"]"#
        );
        assert_eq!(text("respondent_kind", 0), "\"mixed\"");
        assert_eq!(text("respondents", 1), r#"["王五", "赵六"]"#);
        assert_eq!(text("respondent_kind", 1), "\"person\"");
        let kept: Vec<_> = found
            .fields
            .iter()
            .filter(|(f, _, _)| f == "respondent_kind")
            .flat_map(|(_, _, c)| c.iter().map(|c| c.kept.clone()))
            .collect();
        assert_eq!(kept, vec![Some("mixed".to_string())]);
    }

    /// k-month-only-filed-date-overrides-exact: a date given to the month only (read as the
    /// month's last day) is that month's exact date with its day left out; a date of
    /// another month is not.
    #[test]
    fn an_exact_date_is_within_the_month_of_a_month_only_one() {
        let days = |y: i32, m: u32, d: u32| {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32
        };
        assert!(within_month(days(2025, 8, 31), days(2025, 8, 1)));
        assert!(within_month(days(2025, 8, 31), days(2025, 8, 31)));
        assert!(within_month(days(2024, 2, 29), days(2024, 2, 1)));
        assert!(!within_month(days(2025, 8, 31), days(2025, 7, 31)));
        assert!(!within_month(days(2025, 8, 31), days(2025, 9, 1)));
        assert!(!within_month(days(2025, 8, 31), days(2024, 8, 1)));
    }

    /// k-month-only-filed-date-overrides-exact: a 立案日期 one export gives to the month only
    /// (2025年8月, read as 2025-08-31) gives way to another export's exact date within that
    /// month, whether that export is newer or older, and is no disagreement; a month-only
    /// date of another month is a correction (the newer export wins, listed); two exact
    /// dates of the month disagree, though each is the month-only one's day. A cases table
    /// without `dates_to_month` (written before) reads every date as exact.
    #[test]
    fn a_month_only_date_gives_way_to_an_exact_one_of_its_month() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let jan = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let feb = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        let mar = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let mut df = df!(
            "source_file" => ["jan.csv", "feb.csv", "jan.csv", "feb.csv", "jan.csv", "feb.csv", "jan.csv", "feb.csv", "mar.csv"],
            "source_sheet" => [None::<&str>; 9],
            "source_row" => [2_i64, 2, 3, 3, 4, 4, 5, 5, 5],
            "case_category" => [Some("首执"); 9],
            "exported_on" => [jan, feb, jan, feb, jan, feb, jan, feb, mar],
            "filed_on" => [d(8, 1), d(8, 31), d(8, 31), d(8, 1), d(7, 15), d(8, 31), d(8, 1), d(8, 5), d(8, 31)],
        )
        .unwrap();
        let none: &[&str] = &[];
        let filed: &[&str] = &["filed_on"];
        let to_month = list(
            DATES_TO_MONTH,
            &[
                Some(none),
                Some(filed),
                Some(filed),
                Some(none),
                Some(none),
                Some(filed),
                Some(none),
                Some(none),
                Some(filed),
            ],
        );
        df.with_column(to_month).unwrap();
        // c1: exact older, month-only newer; c2: month-only older, exact newer; c3: an exact
        // date of July, month-only August newer; c4: two exact dates of August and a newest
        // month-only one.
        let groups = Groups {
            ids: vec!["c1", "c2", "c3", "c4"],
            start: vec![0, 2, 4, 6, 9],
            members: (0..9).collect(),
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let texts = |df: &DataFrame, name: &str| -> Vec<String> {
            let c = df.column(name).unwrap().cast(&DataType::String).unwrap();
            c.str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap_or("null").to_string())
                .collect()
        };

        let (out, found) = survive(&df, &groups, &cfg, &sources).unwrap();
        assert_eq!(
            texts(&out, "filed_on"),
            ["2025-08-01", "2025-08-01", "2025-08-31", "2025-08-05"]
        );
        assert!(out.column(DATES_TO_MONTH).is_err(), "{out}");
        let conflicts = conflict_table(&found, &groups, &sources).unwrap();
        assert_eq!(texts(&conflicts, "cluster_id"), ["c3", "c4"], "{conflicts}");
        assert_eq!(
            texts(&conflicts, "values"),
            ["2025-07-15 ‖ 2025-08-31", "2025-08-01 ‖ 2025-08-05"]
        );
        assert_eq!(texts(&conflicts, "kept"), ["2025-08-31", "2025-08-05"]);

        // Written before ingest said: the newer export wins, as before.
        let (out, found) =
            survive(&df.drop(DATES_TO_MONTH).unwrap(), &groups, &cfg, &sources).unwrap();
        assert_eq!(
            texts(&out, "filed_on"),
            ["2025-08-31", "2025-08-01", "2025-08-31", "2025-08-31"]
        );
        let conflicts = conflict_table(&found, &groups, &sources).unwrap();
        assert_eq!(conflicts.height(), 4, "{conflicts}");
    }

    /// k-conflicts-kept-not-case-value, k-conflict-rule-says-newer-wins-for-older-value: the
    /// conflicts table states the value the case keeps and the rule that decided it. c1: an
    /// older 3.5万 against a newer 0 keeps the older amount, because 0 gives way (not "newer
    /// export wins"); c2: a claim of 28,479.75 元 and 2.85 万元 recovered keeps the claim as
    /// recovered (capped), and says so; c3: two rows of one export, the later wins.
    #[test]
    fn a_conflict_states_the_value_kept_and_the_rule_that_decided() {
        let jan = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let feb = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        let mut df = df!(
            "source_file" => ["a.csv", "b.csv", "a.csv", "b.csv", "b.csv", "b.csv"],
            "source_sheet" => [None::<&str>; 6],
            "source_row" => [2_i64, 2, 3, 3, 4, 5],
            "case_category" => [Some("首执"); 6],
            "exported_on" => [jan, feb, jan, feb, feb, feb],
            "claim_fen" => [3_500_000_i64, 0, 2_847_975, 2_850_000, 100_000, 200_000],
            "recovered_fen" => [0_i64, 0, 0, 2_850_000, 0, 0],
        )
        .unwrap();
        let none: &[&str] = &[];
        let wan: &[&str] = &["claim_fen", "recovered_fen"];
        let in_wan = list(
            AMOUNTS_IN_WAN,
            &[
                Some(wan),
                Some(wan),
                Some(none),
                Some(wan),
                Some(none),
                Some(none),
            ],
        );
        df.with_column(in_wan).unwrap();
        let groups = Groups {
            ids: vec!["c1", "c2", "c3"],
            start: vec![0, 2, 4, 6],
            members: (0..6).collect(),
        };
        let cfg = DedupConfig::load(None).unwrap();
        let sources = Sources::new(&df).unwrap();
        let (out, found) = survive(&df, &groups, &cfg, &sources).unwrap();
        let ints = |name: &str| -> Vec<Option<i64>> {
            out.column(name).unwrap().i64().unwrap().iter().collect()
        };
        assert_eq!(
            ints("claim_fen"),
            [Some(3_500_000), Some(2_847_975), Some(200_000)]
        );
        assert_eq!(ints("recovered_fen"), [Some(0), Some(2_847_975), Some(0)]);
        let conflicts = conflict_table(&found, &groups, &sources).unwrap();
        let texts = |name: &str| -> Vec<String> {
            let c = conflicts.column(name).unwrap();
            c.str()
                .unwrap()
                .iter()
                .map(|v| v.unwrap_or("null").to_string())
                .collect()
        };
        let rows: Vec<String> = (0..conflicts.height())
            .map(|i| {
                format!(
                    "{} {} {} | {}",
                    texts("cluster_id")[i],
                    texts("field")[i],
                    texts("kept")[i],
                    texts("rule")[i]
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "c1 claim_fen 3500000 | a stated amount over 0 (0 gives way whatever the export)",
                "c3 claim_fen 200000 | the later row wins (no export of the rows is newer)",
                "c2 recovered_fen 2847975 | larger value wins, but not more than the claim \
                 where only a rounding makes it more",
            ],
            "{conflicts}"
        );
    }
}
