//! End-of-campaign evaluation (专项活动评估): the baseline backlog followed to the end, the
//! plan's four goals judged with figures, and the results per officer and leader
//! (责任到人).
//!
//! Reads two classified runs, the census (baseline, 摸清底数) and the end snapshot, and
//! writes `evaluation_*` tables into the output run. Every figure follows
//! `domain/metrics.md`, "Campaign figures": a share is `None` (shown as —) when its
//! denominator is zero, never 0. Flows over the campaign (goal 4) are computed by the same
//! code as `caseflow trend`, so the evaluation and the trend tables cannot disagree.

pub mod follow;
pub mod goals;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use crate::census::frame::{
    bool_col, date_col, f64_col, frame, i64_col, list_col, opt_i64_col, pct, str_col,
};
use crate::census::input::{read_classified_with, Status, CLASSIFIED};
use crate::census::units::natural_key;
use crate::census::{CensusConfig, TableInfo};
use crate::ingest::write_parquet;
use crate::{textio, Error, Result};
use follow::{follow, Fate, Followed, Side, FATES};
use polars::prelude::*;

/// The evaluation tables, in workbook order.
pub const EVALUATION_TABLES: [TableInfo; 8] = [
    TableInfo {
        name: "evaluation_goals",
        sheet_zh: "四项目标",
        sheet_en: "Goals",
        title: "方案四项目标逐项评估：分子、分母、比值、目标值、是否达成，及2016—2018年全国基本解决执行难指标对照",
        base: "基线积案（普查日）与期末快照",
    },
    TableInfo {
        name: "evaluation_outcomes",
        sheet_zh: "积案去向",
        sheet_en: "Outcomes",
        title: "基线积案在期末的去向：结案（按结案方式，终本单列）、恢复执行、仍中止暂缓、未结（是否超期）、期末查无；普查日前已结案（基线误列）的单列件数，不计占比",
        base: "基线积案（不含普查日前已结案、基线误列的案件，与清理比例同一分母）",
    },
    TableInfo {
        name: "evaluation_cleared",
        sheet_zh: "清理进度",
        sheet_en: "Cleared",
        title: "基线积案清理比例，按七类案件、原因、法院、团队、承办人、包案领导；另列不含终本的比例",
        base: "基线积案",
    },
    TableInfo {
        name: "evaluation_people",
        sheet_zh: "责任到人",
        sheet_en: "Responsibility",
        title: "承办人、包案领导名下基线积案的结案、实际执结、剩余、超期剩余和执行到位金额，按清理比例排名",
        base: "基线积案（按普查日的承办人、包案领导）",
    },
    TableInfo {
        name: "evaluation_categories",
        sheet_zh: "七类前后对比",
        sheet_en: "Categories then and now",
        title: "七类重点案件在普查日和期末的积案件数，及基线中各类的清理数和清理比例（分母为基线积案，不含普查日前已结案、基线误列的案件，与清理进度同一分母）",
        base: "普查日积案与期末积案",
    },
    TableInfo {
        name: "evaluation_monthly",
        sheet_zh: "活动期间收结",
        sheet_en: "Campaign months",
        title: "活动期间逐月旧存B、新收N、恢复R（原案号恢复执行）、结案D、未结E（B+N+R−D=E），受理（B+N+R）和结收比、含恢复的结收比、结案率、实际执结率（末行为整个活动期间）",
        base: "期末快照，按案件类型筛选",
    },
    TableInfo {
        name: "evaluation_followed",
        sheet_zh: "积案跟踪台账",
        sheet_en: "Baseline followed",
        title: "逐案跟踪：每件基线积案在期末的状态、结案方式、恢复执行案号和普查日后执行到位金额（期末累计到位减普查日累计到位）",
        base: "基线积案",
    },
    TableInfo {
        name: "evaluation_meta",
        sheet_zh: "评估说明",
        sheet_en: "Evaluation notes",
        title: "评估的基线、期末、活动期间、口径和说明",
        base: "",
    },
];

/// What an evaluation needs besides the two runs.
#[derive(Debug, Clone)]
pub struct EvaluateConfig {
    /// First day of the campaign (活动开始)
    pub campaign_start: NaiveDate,
    /// Last day of the campaign; the end run's as-of date when not given
    pub campaign_end: Option<NaiveDate>,
    pub census: CensusConfig,
}

/// What `evaluate_run` did, also written as `evaluation.json`.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationReport {
    pub baseline_run: String,
    pub end_run: String,
    pub baseline_as_of: NaiveDate,
    pub end_as_of: NaiveDate,
    pub campaign_start: NaiveDate,
    pub campaign_end: NaiveDate,
    pub baseline_cases: usize,
    pub closed: usize,
    pub closed_not_terminated: usize,
    /// Closed with a 结案方式 the rules could not read: in `closed`, not in
    /// `closed_not_terminated` (see [`follow::Followed::executed`])
    pub closed_method_unknown: usize,
    pub resumed: usize,
    pub remaining: usize,
    pub missing: usize,
    /// Cases pending at the census but not in its backlog, in no export of the end
    /// snapshot: not followed, but pending at the campaign's start and end in goal 4
    pub missing_not_in_backlog: usize,
    pub found_by_signature: usize,
    pub outcomes: BTreeMap<String, usize>,
    pub goals: Vec<goals::GoalRow>,
    pub national: Vec<goals::GoalRow>,
    pub case_kinds: String,
    pub notes: Vec<String>,
    pub seconds: f64,
}

/// The extra columns the evaluation reads besides the census ones.
const IDENTITY: [&str; 6] = [
    "case_key",
    "origin_case_key",
    "cluster_id",
    "case_kind",
    "respondents",
    "recovered_fen",
];

fn read_side(run: &Path, which: &str) -> Result<(DataFrame, String)> {
    let path = run.join("parquet").join(CLASSIFIED);
    if !path.exists() {
        return Err(Error::Usage(format!(
            "{which} run {}: no parquet/{CLASSIFIED}; make it with `caseflow run PIPELINE.toml` \
             (or ingest, dedup and classify)",
            run.display()
        )));
    }
    let df = read_classified_with(&path, &IDENTITY)?;
    Ok((df, path.display().to_string()))
}

/// Notes on the rules the two runs were classified under, when they differ: the baseline
/// backlog and the end backlog are then defined differently (another statutory period, a
/// closure wording read otherwise), and every figure that follows one into the other mixes
/// the two. Said rather than refused: a court that corrected a rule during the campaign
/// still needs its evaluation, and the reader must know which rules made which figure.
pub fn rule_set_notes(baseline: &Path, end: &Path) -> Vec<String> {
    let json = |run: &Path, name: &str| -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(run.join(name)).ok()?;
        serde_json::from_str(&text).ok()
    };
    let (bc, ec) = (json(baseline, "classify.json"), json(end, "classify.json"));
    let mut notes = Vec::new();
    let mut said = Vec::new();
    if let (Some(b), Some(e)) = (&bc, &ec) {
        for (key, what) in [
            ("period_months", "法定期限 (statutory period, months)"),
            ("non_litigation_months", "非诉执行法定期限 (months)"),
            ("backlog_rule", "积案认定规则 (backlog rule)"),
        ] {
            if let (Some(x), Some(y)) = (b.get(key), e.get(key)) {
                if x != y {
                    said.push(format!("{what}: baseline {x}, end {y}"));
                }
            }
        }
    }
    let files = |run: &Path, classify: &Option<serde_json::Value>| -> Vec<String> {
        let listed = |v: Option<&serde_json::Value>| -> Vec<String> {
            v.and_then(serde_json::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut out = listed(
            json(run, "manifest.json")
                .as_ref()
                .and_then(|m| m.pointer("/parameters/rule_files")),
        );
        for f in listed(classify.as_ref().and_then(|c| c.get("rule_files"))) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    };
    // What each run recorded it read (manifest.json from ingest, classify.json from
    // classify), by origin.
    let digests = |run: &Path, classify: &Option<serde_json::Value>| {
        let mut out = std::collections::BTreeMap::new();
        let manifest = json(run, "manifest.json");
        for v in [
            manifest
                .as_ref()
                .and_then(|m| m.pointer("/parameters/rule_digests")),
            classify.as_ref().and_then(|c| c.get("rule_digests")),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(map) = v.as_object() {
                for (k, d) in map {
                    if let Some(d) = d.as_str() {
                        out.insert(k.clone(), d.to_string());
                    }
                }
            }
        }
        out
    };
    let diffs = crate::rulefiles::differences(
        &files(baseline, &bc),
        &files(end, &ec),
        &digests(baseline, &bc),
        &digests(end, &ec),
    );
    if !said.is_empty() || !diffs.is_empty() {
        let files: Vec<String> = diffs
            .iter()
            .map(|(name, b, e)| format!("{name}: baseline {b}, end {e}"))
            .collect();
        notes.push(rules_differ_note(
            &said.into_iter().chain(files).collect::<Vec<_>>(),
        ));
    }
    notes
}

/// The baseline's courts of which the end run has no case at all (by code, or by the
/// 法院名称 the baseline writes for it) and none of whose baseline cases was found by its
/// 案号: their exports are not in the end run. When that is every court of the baseline, the
/// two runs are of different courts (run folders mixed up) and nothing can be followed:
/// refused, rather than reporting the whole baseline missing, or worse, matched into the
/// other court's cases. Otherwise each such court is said, beside its cases listed missing.
fn courts_not_in_end(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    court: &[Option<String>],
    cfg: &CensusConfig,
) -> Result<Vec<String>> {
    use crate::census::units::{Level, Units};
    use std::collections::BTreeSet;
    let end_units = Units::build(&end.c, cfg, &[Level::Court]);
    let end_codes: BTreeSet<&str> = end_units.court_codes.iter().map(String::as_str).collect();
    let end_names: BTreeSet<&str> = end.c.court_name.iter().flatten().map(str::trim).collect();
    // Per baseline court: its cases, how many were found by 案号, the names it goes by.
    let mut courts: BTreeMap<&str, (usize, usize, BTreeSet<&str>)> = BTreeMap::new();
    for f in followed {
        let Some(code) = court[f.base].as_deref() else {
            continue;
        };
        let e = courts.entry(code).or_default();
        e.0 += 1;
        e.1 += usize::from(f.found == follow::Found::Key);
        if let Some(name) = base.c.court_name.get(f.base) {
            e.2.insert(name.trim());
        }
    }
    let absent: Vec<(&str, usize)> = courts
        .iter()
        .filter(|(code, (_, by_key, names))| {
            *by_key == 0 && !end_codes.contains(*code) && names.is_disjoint(&end_names)
        })
        .map(|(code, (n, _, _))| (*code, *n))
        .collect();
    if absent.is_empty() {
        return Ok(Vec::new());
    }
    let list = |v: &mut dyn Iterator<Item = &str>| v.collect::<Vec<_>>().join(", ");
    if absent.len() == courts.len()
        && !end_codes.is_empty()
        && followed.iter().all(|f| f.found != follow::Found::Key)
    {
        return Err(Error::Usage(format!(
            "the baseline run is of the courts {} and the end run of the courts {}: no baseline case's \
             案号 is in the end run, and the two share no court; evaluate a court's baseline \
             census against the same court's end snapshot (were the run folders mixed up?)",
            list(&mut courts.keys().copied()),
            list(&mut end_codes.iter().copied()),
        )));
    }
    Ok(absent
        .into_iter()
        .map(|(code, n)| court_not_in_end_note(code, n))
        .collect())
}

/// Which rows of the end run are the baseline's unit (基线法院), and the courts of the rest
/// with their case counts. The evaluation is of the baseline's courts (the plan is per
/// court, and goal 4 is the clearance of the unit): a court the baseline census has not,
/// mixed into the end run (another court's export in the same folder), must not decide
/// goals 3 and 4. A row is the baseline's when:
/// - it is where a baseline case was found, or its court is unknown (nothing to tell);
/// - else, when it names its court (法院名称) and the baseline names its courts, that name
///   (as written, or by [`court_core`](crate::census::units::court_core)) is one of the
///   baseline's: a court's own export holds a few cases under another court's 案号 code
///   (指定执行, transferred cases) under its own name, and those are its workload, while
///   another court's export names that court, even when a transferred case put its code
///   in the baseline too;
/// - else its court code (mapped, or as written) is one of the baseline's.
fn end_rows_of_baseline(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    court: &[Option<String>],
    cfg: &CensusConfig,
) -> (Vec<bool>, Vec<(String, usize)>) {
    use crate::census::units::{court_core, Level, Units, NONE};
    use std::collections::BTreeSet;
    let codes: BTreeSet<&str> = court
        .iter()
        .flatten()
        .map(String::as_str)
        .chain(base.c.court_code.iter().flatten())
        .collect();
    let names: BTreeSet<&str> = base
        .c
        .court_name
        .iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let cores: BTreeSet<String> = names.iter().filter_map(|n| court_core(n)).collect();
    let units = Units::build(&end.c, cfg, &[Level::Court]);
    let lu = units.level(Level::Court);
    let mut keep = vec![false; end.c.n];
    for f in followed {
        for j in [f.end, f.outcome_row, f.resumed_by].into_iter().flatten() {
            keep[j] = true;
        }
    }
    let mut left: BTreeMap<String, usize> = BTreeMap::new();
    for (j, kept) in keep.iter_mut().enumerate() {
        if *kept {
            continue;
        }
        let mapped = lu.and_then(|lu| {
            let u = lu.of_case[j];
            (u != NONE)
                .then(|| lu.keys[u as usize].court)
                .flatten()
                .map(|c| units.court_codes[c as usize].as_str())
        });
        let Some(code) = mapped else {
            *kept = true;
            continue;
        };
        let name = end
            .c
            .court_name
            .get(j)
            .map(str::trim)
            .filter(|s| !s.is_empty());
        *kept = match name {
            Some(n) if !names.is_empty() => {
                names.contains(n) || court_core(n).is_some_and(|k| cores.contains(&k))
            }
            _ => codes.contains(code) || end.c.court_code.get(j).is_some_and(|c| codes.contains(c)),
        };
        if !*kept {
            *left.entry(code.to_string()).or_default() += 1;
        }
    }
    (keep, left.into_iter().collect())
}

/// The start of the note on a baseline and an end run classified under different rules;
/// the differences follow, each `what: baseline X, end Y`, joined by `; `.
pub(crate) const RULES_DIFFER: &str = "the baseline and the end snapshot were classified under \
     different rules or header profiles (规则不一致), so the baseline backlog and the end \
     backlog are not defined alike: ";

/// The end of the note on rules that differ between the baseline and the end run.
pub(crate) const RULES_DIFFER_ADVICE: &str =
    "; run both ends with the same rules and profiles folders for figures that compare";

/// The words after the count in the note on baseline cases in no end export. The report
/// and workbook say it in Chinese by them (`report::quality::notes_text`).
pub(crate) const MISSING_CASES: &str = " baseline cases are in no export of the end \
     snapshot; they are listed (outcome = missing) and counted as not cleared: pending at \
     the campaign's start and at its end, as the baseline census counts them, in goal 4b, \
     N4 and the campaign's monthly flows (活动期间收结)";

/// The words after the count in the note on the cases pending at the census but not in its
/// backlog (filed within their statutory period) that are in no end export. The report and
/// workbook say it in Chinese by them (`report::quality::notes_text`).
pub(crate) const MISSING_OPEN_CASES: &str = " cases pending at the census but not in its \
     backlog are in no export of the end snapshot; the ledger does not follow them, and \
     like the missing baseline cases they are counted pending at the campaign's start and \
     at its end, as the baseline census counts them, in goal 4b, N4 and the campaign's \
     monthly flows (活动期间收结)";

/// The words after the count in the note on the baseline cases in no end export that a
/// 执恢 case of the end run resumes. The report and workbook say it in Chinese by them
/// (`report::quality::notes_text`).
pub(crate) const RESUMED_NOT_LISTED: &str = " baseline cases are in no export of the end \
     snapshot but a 执恢 case of it names them (原案号): they are counted as when listed, a \
     backlog case followed through its 执恢 (outcome as the 执恢 shows), and in goal 4b, N4 \
     and the campaign's monthly flows (活动期间收结) each is counted from its baseline row: \
     one pending at the census closed for its 执恢 on the day the 执恢 was filed, as a \
     listed one is, one closed then (a 终本 of the campaign) on its 结案日期";

/// The end run's cases (`end_df`, of the baseline's courts) with the baseline cases
/// (`rows` of `base_df`, each with the day it is counted closed) in no export of the end
/// snapshot, for goal 4's flows (4b's
/// pending cases, N4 and the campaign's monthly flows). The evaluation counts such a case not cleared, and
/// the census proves it pending at the baseline; taken from the end run alone it would be
/// pending neither at the campaign's start nor at its end, and every case an end export
/// loses would make 4b look better while the months before the census disagreed with the
/// census's own flows. Each is its baseline row, as classified then, with the end's as-of
/// date: open from its filing (or reopening) through the end, as the census saw it; a
/// 结案日期 after the census date, which the census did not count, is not counted either
/// (the day given is the census's closure, or the filing of a 执恢 that resumes it).
fn with_missing(
    end_df: &DataFrame,
    base_df: &DataFrame,
    rows: &[(usize, Option<i32>)],
    end_as_of: NaiveDate,
    file: &str,
) -> Result<DataFrame> {
    let pe = |e| {
        Error::polars(
            format!("{file}: the baseline cases missing from the end"),
            e,
        )
    };
    let idx = IdxCa::from_vec("".into(), rows.iter().map(|&(i, _)| i as IdxSize).collect());
    let lost = base_df.take(&idx).map_err(pe)?;
    let n = lost.height();
    let days = |name: &str, v: Vec<Option<i32>>, dtype: &DataType| {
        Int32Chunked::from_iter_options(name.into(), v.into_iter())
            .into_column()
            .cast(dtype)
    };
    let mut cols = Vec::with_capacity(end_df.width());
    for c in end_df.columns() {
        let (name, dtype) = (c.name().as_str(), c.dtype());
        let col = match name {
            "as_of" => days(
                name,
                vec![Some(crate::census::input::epoch_days(end_as_of)); n],
                dtype,
            ),
            "closed_on" => days(
                name,
                rows.iter().map(|&(_, closed)| closed).collect(),
                dtype,
            ),
            _ => match lost.column(name) {
                Ok(b) => b.cast(dtype),
                Err(_) => Ok(Column::full_null(name.into(), n, dtype)),
            },
        }
        .map_err(pe)?;
        cols.push(col);
    }
    let lost = DataFrame::new(n, cols).map_err(pe)?;
    end_df.vstack(&lost).map_err(pe)
}

/// The note on the rules that differ between the baseline and the end run (`differences`:
/// each `what: baseline X, end Y`).
pub(crate) fn rules_differ_note(differences: &[String]) -> String {
    format!(
        "{RULES_DIFFER}{}{RULES_DIFFER_ADVICE}",
        differences.join("; ")
    )
}

/// The start of the note on courts of the end run the baseline has not.
pub(crate) const COURTS_NOT_IN_BASELINE: &str =
    "the end run holds cases of courts the baseline census has not: ";

/// The note on the end run's courts the baseline has not (`left`: code, cases), `total`
/// the end run's cases.
pub(crate) fn courts_not_in_baseline_note(left: &[(String, usize)], total: usize) -> String {
    let out: usize = left.iter().map(|(_, n)| n).sum();
    let list = left
        .iter()
        .map(|(c, n)| format!("{c} ({n} cases)"))
        .collect::<Vec<_>>()
        .join(", ");
    let most = if 2 * out > total {
        "; they are most of the end run: were the run folders mixed up?"
    } else {
        ""
    };
    format!(
        "{COURTS_NOT_IN_BASELINE}{list}; {out} of the end run's {total} cases are left out of \
         goals 3, 4a and 4b, the national benchmarks N1–N4, the campaign's monthly flows and \
         the end backlog by category, which count the baseline's courts only{most}"
    )
}

/// The start of the note on a baseline court the end run has no case of.
pub(crate) const COURT_NOT_IN_END: &str = "the end run has no case of the baseline's court ";

/// The note on a baseline court (`code`, with `cases` baseline cases) the end run has no
/// case of.
pub(crate) fn court_not_in_end_note(code: &str, cases: usize) -> String {
    format!(
        "{COURT_NOT_IN_END}{code} ({cases} baseline cases): were its exports left out of the \
         end run? those of its cases not found are listed (outcome = missing)"
    )
}

/// The words after the count in the note on baseline cases closed by a 结案方式 the rules
/// could not read ([`follow::Followed::method_unknown`]).
pub(crate) const UNKNOWN_METHOD_CLOSURES: &str =
    " baseline cases closed with a 结案方式 the rules could not read";

/// The words between the count and the end snapshot's date in the note on closures without
/// a date in an end snapshot later than the campaign's last day.
pub(crate) const UNDATED_CLOSURES: &str = " baseline cases are closed in the end snapshot (";

/// The note on `n` baseline cases closed with no 结案日期 in an end snapshot (as of
/// `end_as_of`) made after the campaign's last day (`last`).
pub(crate) fn undated_closures_note(n: usize, end_as_of: NaiveDate, last: NaiveDate) -> String {
    format!(
        "{n}{UNDATED_CLOSURES}{end_as_of}) with no closing date (结案日期): nothing shows they \
         closed by {last}, the campaign's last day, so they are counted as open on that day \
         (not cleared), as the monthly flows count them pending; they are listed \
         (evaluation_followed: end_status closed, no end_closed_on)"
    )
}

/// The words after the count in the note on baseline cases whose end-snapshot 结案日期 is
/// before their 立案日期.
pub(crate) const CLOSED_BEFORE_FILING: &str =
    " baseline cases are closed in the end snapshot with a 结案日期 before their own 立案日期";

/// The note on baseline cases whose end-snapshot 结案日期 is before their 立案日期 (`cases`:
/// each 案号 with its two dates): the date is impossible, so it proves no stale baseline;
/// the case stays in the baseline, closed as its end row says.
pub(crate) fn closed_before_filing_note(cases: &[String]) -> String {
    format!(
        "{}{CLOSED_BEFORE_FILING} (an impossible date: one of the two is wrong): the closing \
         date does not show that the baseline listed them from an out-of-date export, so they \
         stay in the baseline and count as closed as the end snapshot shows them — check the rows: {}",
        cases.len(),
        cases.join("; ")
    )
}

/// Counts of one group of baseline cases.
#[derive(Debug, Default, Clone)]
struct Tally {
    cases: i64,
    closed: i64,
    executed: i64,
    terminated: i64,
    resumed: i64,
    stayed: i64,
    remaining: i64,
    overdue_remaining: i64,
    missing: i64,
    recovered: i64,
}

impl Tally {
    fn add(&mut self, f: &Followed, end: &Side) {
        // A case the baseline listed from a stale export (closed before the campaign) is
        // neither cleared nor remaining: it is no baseline case of any share, and what was
        // recovered on it came before the campaign.
        if !f.counts() {
            return;
        }
        self.cases += 1;
        self.closed += i64::from(f.closed());
        self.executed += i64::from(f.executed());
        self.terminated += i64::from(f.fate == Fate::ClosedTerminated);
        self.resumed += i64::from(f.resumed);
        self.stayed += i64::from(f.fate == Fate::StillSuspended);
        self.remaining += i64::from(f.remaining());
        self.overdue_remaining += i64::from(
            f.remaining()
                && f.outcome_row
                    .and_then(|j| end.c.overdue_days[j])
                    .is_some_and(|d| d > 0),
        );
        self.missing += i64::from(f.fate == Fate::Missing);
        self.recovered += f.recovered_during.unwrap_or(0);
    }
}

fn unit_label(v: Option<&str>, zh_none: &str) -> (Option<String>, String) {
    match v {
        Some(s) if !s.trim().is_empty() => (Some(s.to_string()), s.to_string()),
        _ => (None, zh_none.to_string()),
    }
}

/// `evaluation_cleared`: cleared shares by dimension.
fn cleared_table(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    cfg: &CensusConfig,
    court: &[Option<String>],
    unit_court: &[Option<String>],
) -> Result<DataFrame> {
    // (order, dimension, court, key, label): teams, officers and leaders belong to a court
    // (two courts may both have a 执行一组).
    type Key = (u8, String, Option<String>, Option<String>, String);
    type Entry<'a> = (u8, &'a str, Option<String>, Option<String>, String);
    let mut groups: BTreeMap<Key, Tally> = BTreeMap::new();
    // The claims of each cause's baseline cases: the census's Pareto order breaks ties in
    // the count by them.
    let mut cause_claim: BTreeMap<String, i64> = BTreeMap::new();
    for f in followed {
        let i = f.base;
        let c = court[i].clone();
        let mut keys: Vec<Entry> = vec![(0, "all", None, None, "全部基线积案".to_string())];
        for k in 0..7u8 {
            if base.c.cats[i] & (1 << k) != 0 {
                keys.push((
                    1,
                    "category",
                    None,
                    Some((k + 1).to_string()),
                    cfg.category_names[usize::from(k)].clone(),
                ));
            }
        }
        let mut causes: Vec<&str> = base.c.root_causes.row(i).collect();
        if causes.is_empty() {
            causes.push("unknown");
        }
        for code in causes {
            if f.counts() {
                *cause_claim.entry(code.to_string()).or_default() +=
                    base.c.claim_fen[i].unwrap_or(0);
            }
            keys.push((
                2,
                "root_cause",
                None,
                Some(code.to_string()),
                cfg.cause_name(code),
            ));
        }
        let (k, l) = unit_label(c.as_deref(), "（未知法院）");
        keys.push((3, "court", c.clone(), k, l));
        let c = unit_court[i].clone();
        let (k, l) = unit_label(base.c.team.get(i), "（未分团队）");
        keys.push((4, "team", c.clone(), k, l));
        let (k, l) = unit_label(base.c.officer.get(i), "（未分配承办人）");
        keys.push((5, "officer", c.clone(), k, l));
        if let (Some(k), l) = unit_label(base.c.leader.get(i), "") {
            keys.push((6, "leader", c.clone(), Some(k), l));
        }
        for (order, dim, court, key, label) in keys {
            groups
                .entry((order, dim.to_string(), court, key, label))
                .or_default()
                .add(f, end);
        }
    }
    let mut dim = Vec::new();
    let mut courts = Vec::new();
    let mut key = Vec::new();
    let mut label = Vec::new();
    let mut cols: [Vec<i64>; 7] = Default::default();
    let mut closed_share = Vec::new();
    let mut exec_share = Vec::new();
    // Units in the census's order: numbers in names as numbers (执行二组 before 执行三组),
    // an unknown unit last. Causes in the order of the census's 原因排序 (Pareto: most
    // baseline cases first, ties by claim, then code), not by their hidden English code.
    let natural = |v: &Option<String>| (v.is_none(), natural_key(v.as_deref().unwrap_or("")));
    let mut groups: Vec<(Key, Tally)> = groups.into_iter().collect();
    groups.sort_by_cached_key(|((o, d, c, k, l), t)| {
        let pareto = match (d.as_str(), k) {
            ("root_cause", Some(code)) => (
                -t.cases,
                -cause_claim.get(code).copied().unwrap_or(0),
                code.clone(),
            ),
            _ => (0, 0, String::new()),
        };
        (
            *o,
            d.clone(),
            pareto,
            natural(c),
            natural(k),
            natural_key(l),
        )
    });
    for ((_, d, c, k, l), t) in groups {
        dim.push(Some(d));
        courts.push(c);
        key.push(k);
        label.push(Some(l));
        for (c, v) in cols.iter_mut().zip([
            t.cases,
            t.closed,
            t.executed,
            t.terminated,
            t.resumed,
            t.remaining,
            t.missing,
        ]) {
            c.push(v);
        }
        closed_share.push(pct(t.closed, t.cases));
        exec_share.push(pct(t.executed, t.cases));
    }
    let [cases, closed, executed, terminated, resumed, remaining, missing] = cols;
    frame(
        "evaluation_cleared",
        vec![
            str_col("dimension", dim),
            str_col("court_code", courts),
            str_col("key", key),
            str_col("label", label),
            i64_col("baseline_cases", cases),
            i64_col("closed", closed),
            f64_col("cleared_share", closed_share),
            i64_col("closed_not_terminated", executed),
            f64_col("cleared_not_terminated_share", exec_share),
            i64_col("terminated", terminated),
            i64_col("resumed", resumed),
            i64_col("remaining", remaining),
            i64_col("missing", missing),
        ],
    )
}

/// `evaluation_people`: per officer and per leader, ranked by cleared share.
fn people_table(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    court: &[Option<String>],
) -> Result<DataFrame> {
    // (role, court, person) → counts and the person's cases per team
    type People = BTreeMap<(u8, Option<String>, Option<String>), (Tally, BTreeMap<String, i64>)>;
    let mut groups: People = BTreeMap::new();
    for f in followed {
        let i = f.base;
        let c = court[i].clone();
        let officer = unit_label(base.c.officer.get(i), "").0;
        let team = base.c.team.get(i).map(str::to_string).unwrap_or_default();
        let g = groups.entry((0, c.clone(), officer)).or_default();
        g.0.add(f, end);
        *g.1.entry(team.clone()).or_default() += 1;
        if let Some(l) = unit_label(base.c.leader.get(i), "").0 {
            let g = groups.entry((1, c, Some(l))).or_default();
            g.0.add(f, end);
            *g.1.entry(team).or_default() += 1;
        }
    }
    struct Row {
        role: u8,
        court: Option<String>,
        name: Option<String>,
        team: Option<String>,
        t: Tally,
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|((role, court, name), (t, teams))| {
            // An officer's team: the one more than half of the baseline cases sit in, none
            // when they are spread. A leader (包案领导) oversees cases across the bureau: the
            // team only when every case sits in it (one team by majority read as "the
            // leader of 执行一组").
            let all: i64 = teams.values().sum();
            let team = if role == 0 {
                teams
                    .into_iter()
                    .filter(|(k, n)| !k.is_empty() && 2 * n > all)
                    .map(|(k, _)| k)
                    .next()
            } else {
                match teams.into_iter().collect::<Vec<_>>()[..] {
                    [(ref k, _)] if !k.is_empty() => Some(k.clone()),
                    _ => None,
                }
            };
            Row {
                role,
                court,
                name,
                team,
                t,
            }
        })
        .collect();
    // Ranked within each role: cleared share, then actual closures, then caseload, then
    // name, so equal results keep a fixed order. The unassigned group is listed, unranked.
    let share = |t: &Tally, n: i64| {
        if t.cases == 0 {
            0.0
        } else {
            n as f64 / t.cases as f64
        }
    };
    rows.sort_by(|a, b| {
        a.role
            .cmp(&b.role)
            .then(a.name.is_none().cmp(&b.name.is_none()))
            .then(
                share(&b.t, b.t.closed)
                    .partial_cmp(&share(&a.t, a.t.closed))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(
                share(&b.t, b.t.executed)
                    .partial_cmp(&share(&a.t, a.t.executed))
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(b.t.cases.cmp(&a.t.cases))
            .then(a.name.cmp(&b.name))
    });
    let mut rank = Vec::new();
    let mut last_role = u8::MAX;
    let mut r = 0i64;
    for row in &rows {
        if row.role != last_role {
            r = 0;
            last_role = row.role;
        }
        if row.name.is_some() {
            r += 1;
            rank.push(Some(r));
        } else {
            rank.push(None);
        }
    }
    let g = |f: fn(&Tally) -> i64| rows.iter().map(|x| f(&x.t)).collect::<Vec<i64>>();
    frame(
        "evaluation_people",
        vec![
            str_col(
                "role",
                rows.iter()
                    .map(|x| Some(if x.role == 0 { "officer" } else { "leader" }))
                    .collect(),
            ),
            str_col("court_code", rows.iter().map(|x| x.court.clone()).collect()),
            str_col("person", rows.iter().map(|x| x.name.clone()).collect()),
            str_col("team", rows.iter().map(|x| x.team.clone()).collect()),
            opt_i64_col("rank", rank),
            i64_col("baseline_cases", g(|t| t.cases)),
            i64_col("closed", g(|t| t.closed)),
            i64_col("closed_not_terminated", g(|t| t.executed)),
            i64_col("terminated", g(|t| t.terminated)),
            i64_col("remaining", g(|t| t.remaining)),
            i64_col("overdue_remaining", g(|t| t.overdue_remaining)),
            i64_col("missing", g(|t| t.missing)),
            i64_col("recovered_during_fen", g(|t| t.recovered)),
            f64_col(
                "cleared_share",
                rows.iter().map(|x| pct(x.t.closed, x.t.cases)).collect(),
            ),
            f64_col(
                "cleared_not_terminated_share",
                rows.iter().map(|x| pct(x.t.executed, x.t.cases)).collect(),
            ),
        ],
    )
}

/// `evaluation_outcomes`: the fate of the baseline, then the closures by method.
///
/// Shares are of the baseline as the headline counts it (基线积案, `evaluation_cleared`):
/// a case the census listed from a stale export (`closed_before_baseline`) is no baseline
/// case, so it keeps its row, with its count, and has no share, and the other outcomes
/// add up to 100 % of the same base the cleared share divides by.
fn outcomes_table(followed: &[Followed], end: &Side, en: bool) -> Result<DataFrame> {
    let n = followed.iter().filter(|f| f.counts()).count() as i64;
    // (row kind, key, label, cases, in the base of the shares)
    let mut rows: Vec<(&str, String, String, i64, bool)> = Vec::new();
    let fate_row = |fate: Fate| {
        let c = followed.iter().filter(|f| f.fate == fate).count() as i64;
        let label = if en { fate.en() } else { fate.zh() };
        let counts = fate != Fate::ClosedBeforeBaseline;
        (
            "outcome",
            fate.code().to_string(),
            label.to_string(),
            c,
            counts,
        )
    };
    for fate in FATES
        .into_iter()
        .filter(|&f| f != Fate::ClosedBeforeBaseline)
    {
        rows.push(fate_row(fate));
    }
    let mut methods: BTreeMap<String, i64> = BTreeMap::new();
    for f in followed.iter().filter(|f| f.closed()) {
        let m = f
            .outcome_row
            .and_then(|j| end.closure_method.get(j))
            .unwrap_or("（结案方式不详）")
            .to_string();
        *methods.entry(m).or_default() += 1;
    }
    for (m, c) in methods {
        rows.push(("closure_method", m.clone(), m, c, true));
    }
    // Last, after the closures by method that detail the baseline's closed rows.
    rows.push(fate_row(Fate::ClosedBeforeBaseline));
    frame(
        "evaluation_outcomes",
        vec![
            str_col("row_kind", rows.iter().map(|r| Some(r.0)).collect()),
            str_col("key", rows.iter().map(|r| Some(r.1.as_str())).collect()),
            str_col("label", rows.iter().map(|r| Some(r.2.as_str())).collect()),
            i64_col("cases", rows.iter().map(|r| r.3).collect()),
            f64_col(
                "share_of_baseline",
                rows.iter()
                    .map(|r| r.4.then(|| pct(r.3, n)).flatten())
                    .collect(),
            ),
        ],
    )
}

/// `evaluation_categories`: the seven categories at the baseline and at the end (`end`:
/// the end run's rows of the baseline's courts, [`end_rows_of_baseline`]).
fn categories_table(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    cfg: &CensusConfig,
) -> Result<DataFrame> {
    // The census's case kinds on both sides (执异 and 执复 reviews are no enforcement
    // backlog), as the followed cases are.
    let (base_scope, _) = base.c.scope(&cfg.case_kinds);
    let (end_scope, _) = end.c.scope(&cfg.case_kinds);
    let count = |s: &Side, scope: &[bool], k: usize| {
        (0..s.c.n)
            .filter(|&i| scope[i] && s.c.in_backlog[i] && s.c.cats[i] & (1 << k) != 0)
            .count() as i64
    };
    let mut b = Vec::new();
    let mut e = Vec::new();
    let mut cases = Vec::new();
    let mut closed = Vec::new();
    for k in 0..7 {
        b.push(count(base, &base_scope, k));
        let of_k: Vec<&Followed> = followed
            .iter()
            .filter(|f| base.c.cats[f.base] & (1 << k) != 0)
            .collect();
        // A baseline case in no end export is counted not cleared: still in its category's
        // backlog at the end, as goal 4's flows count it pending (review of
        // t-missing-case-dropped-from-goal4: here it had left the end backlog, as if cleared).
        let missing = of_k.iter().filter(|f| f.fate == Fate::Missing).count() as i64;
        e.push(count(end, &end_scope, k) + missing);
        // The share's base is the baseline as 清理进度 and the headline count it (基线积案):
        // a case the census listed from a stale export (closed_before_baseline) is in the
        // census count, and in no share, so a category has one cleared share in the report.
        cases.push(of_k.iter().filter(|f| f.counts()).count() as i64);
        closed.push(of_k.iter().filter(|f| f.closed()).count() as i64);
    }
    let change: Vec<i64> = e.iter().zip(&b).map(|(e, b)| e - b).collect();
    let share: Vec<Option<f64>> = closed
        .iter()
        .zip(&cases)
        .map(|(&c, &n)| pct(c, n))
        .collect();
    frame(
        "evaluation_categories",
        vec![
            i64_col("category", (1..=7).collect()),
            str_col(
                "category_name",
                cfg.category_names.iter().map(Some).collect(),
            ),
            i64_col("baseline_backlog", b),
            i64_col("end_backlog", e),
            i64_col("change", change),
            i64_col("baseline_cases", cases),
            i64_col("baseline_closed", closed),
            f64_col("cleared_share", share),
        ],
    )
}

/// `evaluation_followed`: one row per baseline case. `court` is the court each case is
/// counted under in the other tables (an old abbreviation such as 绍柯 as its code), so a
/// filter on the ledger by court finds the cases 清理进度 counts for it.
fn followed_table(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    court: &[Option<String>],
    en: bool,
) -> Result<DataFrame> {
    // The ledger in 案号 order by court (numbers as numbers), as the census's register.
    let mut followed: Vec<&Followed> = followed.iter().collect();
    followed.sort_by_cached_key(|f| {
        crate::census::units::case_order_key(court[f.base].as_deref(), base.c.case_no.get(f.base))
    });
    let s = |ca: &StringChunked, i: Option<usize>| i.and_then(|i| ca.get(i)).map(str::to_string);
    let b = |i: &Followed| Some(i.base);
    let cats: Vec<Vec<String>> = followed
        .iter()
        .map(|f| {
            (0..7)
                .filter(|k| base.c.cats[f.base] & (1 << k) != 0)
                .map(|k| (k + 1).to_string())
                .collect()
        })
        .collect();
    let causes: Vec<Vec<String>> = followed
        .iter()
        .map(|f| base.c.root_causes.row(f.base).map(str::to_string).collect())
        .collect();
    frame(
        "evaluation_followed",
        vec![
            str_col(
                "case_key",
                followed.iter().map(|f| s(&base.key, b(f))).collect(),
            ),
            str_col(
                "case_no",
                followed.iter().map(|f| s(&base.c.case_no, b(f))).collect(),
            ),
            str_col(
                "baseline_cluster_id",
                followed.iter().map(|f| s(&base.cluster, b(f))).collect(),
            ),
            str_col(
                "end_cluster_id",
                followed.iter().map(|f| s(&end.cluster, f.end)).collect(),
            ),
            str_col(
                "found_by",
                followed.iter().map(|f| f.found.code()).collect(),
            ),
            str_col(
                "court_code",
                followed.iter().map(|f| court[f.base].clone()).collect(),
            ),
            str_col(
                "team",
                followed.iter().map(|f| s(&base.c.team, b(f))).collect(),
            ),
            str_col(
                "officer",
                followed.iter().map(|f| s(&base.c.officer, b(f))).collect(),
            ),
            str_col(
                "leader",
                followed.iter().map(|f| s(&base.c.leader, b(f))).collect(),
            ),
            list_col("categories", &cats),
            list_col("root_causes", &causes),
            Column::new(
                "has_assets".into(),
                followed
                    .iter()
                    .map(|f| base.c.has_assets[f.base])
                    .collect::<Vec<_>>(),
            ),
            str_col(
                "baseline_status",
                followed
                    .iter()
                    .map(|f| Some(base.c.status[f.base].as_str()))
                    .collect(),
            ),
            opt_i64_col(
                "baseline_overdue_days",
                followed
                    .iter()
                    .map(|f| base.c.overdue_days[f.base])
                    .collect(),
            ),
            date_col(
                "filed_on",
                followed.iter().map(|f| base.c.filed_on[f.base]).collect(),
            )?,
            str_col(
                "end_status",
                followed
                    .iter()
                    .map(|f| f.outcome_row.map(|j| end.c.status[j].as_str()))
                    .collect(),
            ),
            date_col(
                "end_closed_on",
                followed
                    .iter()
                    .map(|f| f.outcome_row.and_then(|j| end.c.closed_by_as_of(j)))
                    .collect(),
            )?,
            str_col(
                "end_closure_method",
                followed
                    .iter()
                    .map(|f| {
                        f.outcome_row
                            .filter(|_| f.closed())
                            .and_then(|j| end.closure_method.get(j))
                    })
                    .collect(),
            ),
            opt_i64_col(
                "end_overdue_days",
                followed
                    .iter()
                    .map(|f| f.outcome_row.and_then(|j| end.c.overdue_days[j]))
                    .collect(),
            ),
            str_col(
                "resumed_case_no",
                followed
                    .iter()
                    .map(|f| s(&end.c.case_no, f.resumed_by))
                    .collect(),
            ),
            bool_col("resumed", followed.iter().map(|f| f.resumed).collect()),
            bool_col("closed", followed.iter().map(|f| f.closed()).collect()),
            bool_col(
                "closed_not_terminated",
                followed.iter().map(|f| f.executed()).collect(),
            ),
            str_col(
                "outcome",
                followed.iter().map(|f| Some(f.fate.code())).collect(),
            ),
            str_col(
                "outcome_label",
                followed
                    .iter()
                    .map(|f| Some(if en { f.fate.en() } else { f.fate.zh() }))
                    .collect(),
            ),
            opt_i64_col(
                "claim_fen",
                followed.iter().map(|f| base.c.claim_fen[f.base]).collect(),
            ),
            opt_i64_col(
                "baseline_recovered_fen",
                followed
                    .iter()
                    .map(|f| base.c.recovered_fen[f.base])
                    .collect(),
            ),
            opt_i64_col(
                "end_recovered_fen",
                followed
                    .iter()
                    .map(|f| f.end.and_then(|j| end.c.recovered_fen[j]))
                    .collect(),
            ),
            opt_i64_col(
                "recovered_during_fen",
                followed.iter().map(|f| f.recovered_during).collect(),
            ),
        ],
    )
}

fn meta_table(items: &[(&str, String)]) -> Result<DataFrame> {
    frame(
        "evaluation_meta",
        vec![
            str_col("item", items.iter().map(|(k, _)| Some(*k)).collect()),
            str_col(
                "value",
                items.iter().map(|(_, v)| Some(v.as_str())).collect(),
            ),
        ],
    )
}

/// The evaluation tables of two classified frames, without touching the disk.
pub fn evaluation_tables(
    base_df: &DataFrame,
    base_file: &str,
    end_df: &DataFrame,
    end_file: &str,
    cfg: &EvaluateConfig,
) -> Result<(Vec<(&'static str, DataFrame)>, EvaluationReport)> {
    evaluation_tables_noted(base_df, base_file, end_df, end_file, cfg, Vec::new())
}

/// [`evaluation_tables`] with notes found outside the frames (the runs' rules) first.
fn evaluation_tables_noted(
    base_df: &DataFrame,
    base_file: &str,
    end_df: &DataFrame,
    end_file: &str,
    cfg: &EvaluateConfig,
    mut notes: Vec<String>,
) -> Result<(Vec<(&'static str, DataFrame)>, EvaluationReport)> {
    let started = Instant::now();
    let base = Side::new(base_df, base_file)?;
    let end = Side::new(end_df, end_file)?;
    let campaign_end = cfg.campaign_end.unwrap_or(end.c.as_of);
    if cfg.campaign_start > campaign_end {
        return Err(Error::Usage(format!(
            "the campaign starts on {} but ends on {campaign_end}",
            cfg.campaign_start
        )));
    }
    if base.c.as_of >= end.c.as_of {
        return Err(Error::Usage(format!(
            "the baseline run is as of {} and the end run as of {}: the end must be later \
             (were --baseline and --end swapped?)",
            base.c.as_of, end.c.as_of
        )));
    }
    if campaign_end < end.c.as_of {
        notes.push(format!(
            "the end snapshot ({}) is later than the campaign's last day; closures after \
             {campaign_end} are not counted for the campaign, nor resumptions after it",
            end.c.as_of
        ));
    }
    if base.c.as_of < cfg.campaign_start || base.c.as_of > campaign_end {
        notes.push(format!(
            "the baseline date {} is outside the campaign {} … {campaign_end}",
            base.c.as_of, cfg.campaign_start
        ));
    }
    if campaign_end > end.c.as_of {
        return Err(Error::Usage(format!(
            "the campaign ends on {campaign_end}, after the end snapshot ({}): the snapshot \
             cannot tell what happened after it was taken; export again on or after the last \
             day, or set --campaign-end to {}",
            end.c.as_of, end.c.as_of
        )));
    }
    // The end run's as-of date says when it was classified, its exports when the data was
    // taken: an end run as of the last day built from exports made months before (the
    // pipeline left pointing at an older month) shows none of the closures since, and would
    // be judged as the campaign's end without a word. As with a snapshot dated before the
    // last day, it cannot tell what happened after it was taken.
    if let Some(exported) = end
        .c
        .exported_on
        .iter()
        .flatten()
        .max()
        .and_then(|&d| crate::census::input::date_of(d))
        .filter(|&d| d < campaign_end)
    {
        return Err(Error::Usage(format!(
            "the end run ({end_file}) is as of {} but its newest export was made on \
             {exported}, before the campaign's last day {campaign_end}: closures and \
             resumptions after {exported} are not in its data; run the end pipeline on \
             exports made on or after {campaign_end}, or set --campaign-end to {exported}",
            end.c.as_of
        )));
    }
    let en = false;
    let (scope, _) = base.c.scope(&cfg.census.case_kinds);
    // Courts as the census names them: old abbreviations (绍柯) mapped to codes (浙0603).
    let court: Vec<Option<String>> = {
        use crate::census::units::{Level, Units, NONE};
        let units = Units::build(&base.c, &cfg.census, &[Level::Court]);
        let lu = units.level(Level::Court);
        (0..base.c.n)
            .map(|i| {
                let lu = lu?;
                let u = lu.of_case[i];
                if u == NONE {
                    return None;
                }
                lu.keys[u as usize]
                    .court
                    .map(|c| units.court_codes[c as usize].clone())
            })
            .collect()
    };
    let (followed, lost) = follow(
        &base,
        &end,
        &scope,
        crate::census::input::epoch_days(cfg.campaign_start),
        crate::census::input::epoch_days(campaign_end),
    );
    notes.extend(courts_not_in_end(
        &followed,
        &base,
        &end,
        &court,
        &cfg.census,
    )?);
    // The flows (goals 3 and 4, N1–N4, the monthly table) and the end backlog by category
    // count the baseline's courts only; the baseline cases are followed wherever the end
    // run has them.
    let (own, left) = end_rows_of_baseline(&followed, &base, &end, &court, &cfg.census);
    let own_df = if left.is_empty() {
        None
    } else {
        notes.push(courts_not_in_baseline_note(&left, end.c.n));
        let mask = BooleanChunked::from_slice("of_baseline".into(), &own);
        Some(
            end_df
                .filter(&mask)
                .map_err(|e| Error::polars(format!("{end_file}: the baseline's courts"), e))?,
        )
    };
    let own_side = own_df
        .as_ref()
        .map(|df| Side::new(df, end_file))
        .transpose()?;
    let (own_df, own_side) = match (&own_df, &own_side) {
        (Some(df), Some(side)) => (df, side),
        _ => (end_df, &end),
    };
    // Goal 4's flows with the baseline cases in no end export: counted not cleared, they
    // are pending at the end as they were at the start (see `with_missing`); so are the
    // cases pending at the census but not in its backlog, as goal 4 counts every pending
    // case. One a 执恢 case of the end run resumes (原案号) is closed as classify closes a
    // listed one (`classify::evaluate::moved_origins`): a pending one on the 执恢's filing
    // (its own 结案日期 if earlier), a suspended or deferred one left as it was, one closed
    // at the census on its 结案日期; so the flows are those the listed original gives
    // (t-enforcement-resumed-of-missing-case: pending at the start and closed for the 执恢,
    // it was in neither, and 4b fell to 1/1 from 1/3).
    let lost_rows: Vec<(usize, Option<i32>)> = lost
        .iter()
        .map(|l| {
            let i = l.base;
            let own = base.c.closed_by_as_of(i);
            let closed = match l.resumed_on.filter(|_| base.c.status[i] == Status::Pending) {
                Some(r) => {
                    let on = base.c.filed_on[i].map_or(r, |f| r.max(f));
                    Some(own.map_or(on, |c| c.min(on)))
                }
                None => own,
            };
            (i, closed)
        })
        .collect();
    let flows_df = if lost_rows.is_empty() {
        None
    } else {
        Some(with_missing(
            own_df,
            base_df,
            &lost_rows,
            end.c.as_of,
            end_file,
        )?)
    };
    // Goal 3, N1 and N2 count the cases of the campaign one by one: from the same rows, so
    // a 终本 of the campaign on a case no end export lists is in N2 as it is when listed.
    let flows_side = flows_df
        .as_ref()
        .map(|df| Side::new(df, end_file))
        .transpose()?;
    let (goal_rows, national_rows, monthly, case_kinds, flow_notes) = goals::goals(
        &followed,
        &base,
        flows_side.as_ref().unwrap_or(own_side),
        flows_df.as_ref().unwrap_or(own_df),
        end_file,
        &cfg.census,
        cfg.campaign_start,
        campaign_end,
    )?;
    notes.extend(flow_notes);
    let mut fates: BTreeMap<String, usize> = BTreeMap::new();
    for f in &followed {
        *fates.entry(f.fate.code().to_string()).or_default() += 1;
    }
    let count = |p: &dyn Fn(&Followed) -> bool| followed.iter().filter(|f| p(f)).count();
    let missing = count(&|f| f.fate == Fate::Missing);
    let listed_in_error = count(&|f| f.fate == Fate::ClosedBeforeBaseline);
    if listed_in_error > 0 {
        notes.push(format!(
            "{listed_in_error} baseline cases were closed before the campaign began and by the \
             census date, as the end snapshot dates them: the baseline listed them open from a \
             stale export; they \
             are listed (outcome = closed_before_baseline), counted as neither cleared nor \
             remaining, left out of the baseline count and the outcome shares, and left out of \
             goals 1 and 2"
        ));
    }
    let stale_stays = count(&|f| f.resumed_before_baseline);
    if stale_stays > 0 {
        notes.push(format!(
            "{stale_stays} baseline cases suspended or deferred at the census have a 恢复日期 \
             before the campaign began and the census date in the end snapshot: the dates \
             disagree (the baseline listed them stayed from a stale export); their stay ended \
             before the campaign, so they are counted as not resumed in goal 2a"
        ));
    }
    let closed_then_dated = count(&|f| f.resumed_after_closure);
    if closed_then_dated > 0 {
        notes.push(format!(
            "{closed_then_dated} baseline cases suspended or deferred at the census are closed \
             in the end snapshot with a 恢复日期 on or after their 结案日期, while the row still \
             says closed: the dates disagree with the status; the closure stands, and the \
             date is not counted as a resumption (goal 2a) — check the rows"
        ));
    }
    let day = |d: i32| crate::census::input::date_of(d).map_or(d.to_string(), |d| d.to_string());
    let before_filing: Vec<String> = followed
        .iter()
        .filter_map(|f| {
            let closed = f.closed_before_filing?;
            let no = base.c.case_no_raw.get(f.base).unwrap_or("?");
            // The 立案日期 of the row the date is on (the end export's).
            Some(match f.outcome_row.and_then(|j| end.c.filed_on[j]) {
                Some(filed) => format!("{no} 结案日期 {} < 立案日期 {}", day(closed), day(filed)),
                None => format!("{no} 结案日期 {}", day(closed)),
            })
        })
        .collect();
    if !before_filing.is_empty() {
        notes.push(closed_before_filing_note(&before_filing));
    }
    let method_unknown = count(&|f| f.method_unknown);
    if method_unknown > 0 {
        notes.push(format!(
            "{method_unknown}{UNKNOWN_METHOD_CLOSURES} (a wording closure-methods.toml does \
             not list, or none; listed in rejects.csv of the end run): counted as cleared, but \
             not as cleared other than by 终本 (closed_not_terminated, 清理比例（不含终本）), as \
             they may be 终本; add the wording to closure-methods.toml to count them by their \
             method"
        ));
    }
    let undated = count(&|f| f.closure_undated);
    if undated > 0 {
        notes.push(undated_closures_note(undated, end.c.as_of, campaign_end));
    }
    if missing > 0 {
        notes.push(format!("{missing}{MISSING_CASES}"));
    }
    let missing_not_in_backlog = lost.iter().filter(|l| !l.backlog && !l.resumed).count();
    if missing_not_in_backlog > 0 {
        notes.push(format!("{missing_not_in_backlog}{MISSING_OPEN_CASES}"));
    }
    let resumed_not_listed = lost.iter().filter(|l| l.resumed).count();
    if resumed_not_listed > 0 {
        notes.push(format!("{resumed_not_listed}{RESUMED_NOT_LISTED}"));
    }
    let report = EvaluationReport {
        baseline_run: base_file.to_string(),
        end_run: end_file.to_string(),
        baseline_as_of: base.c.as_of,
        end_as_of: end.c.as_of,
        campaign_start: cfg.campaign_start,
        campaign_end,
        baseline_cases: count(&|f| f.counts()),
        closed: count(&|f| f.closed()),
        closed_not_terminated: count(&|f| f.executed()),
        closed_method_unknown: method_unknown,
        resumed: count(&|f| f.resumed),
        remaining: count(&|f| f.remaining()),
        missing,
        missing_not_in_backlog,
        found_by_signature: count(&|f| f.found == follow::Found::Signature),
        outcomes: fates,
        goals: goal_rows.clone(),
        national: national_rows.clone(),
        case_kinds: case_kinds.clone(),
        notes: notes.clone(),
        seconds: 0.0,
    };
    let meta = meta_table(&[
        ("baseline_run", base_file.to_string()),
        ("baseline_as_of", base.c.as_of.to_string()),
        ("end_run", end_file.to_string()),
        ("end_as_of", end.c.as_of.to_string()),
        ("campaign", format!("{} … {campaign_end}", cfg.campaign_start)),
        ("case_kinds", case_kinds),
        (
            "baseline",
            "基线积案：普查日（基线运行的统计日）认定为积案的全部案件，逐案跟踪至期末快照".into(),
        ),
        (
            "matching",
            "按案号（case_key）在期末快照中查找；案号无法识别的，按立案日期、申请标的和被执行人唯一匹配；仍找不到的列为“期末导出中查无此案”，计为未清理".into(),
        ),
        (
            "cleared",
            "清理：期末状态为已结案（结案日期不晚于活动最后一日；期末快照晚于该日而未载结案日期的，无从认定在活动期间结案，按该日未结计，与活动期间收结一致；经执恢案件恢复执行的，以该执恢案件的结案为准）；不含终本的清理比例只计执行完毕和其他实际执结方式".into(),
        ),
        (
            "resumed",
            "恢复执行：期末有以本案为原案号的执恢案件；或普查日中止、暂缓的案件期末恢复在办、以执行完毕结案，或其恢复日期在活动期间且早于结案（恢复日期早于活动开始和普查日的，中止、暂缓在活动前已结束，不计；结案在前、恢复日期在后而期末仍为已结的，结案为准，不计）；或已结案件以原案号恢复执行。中止、暂缓的案件未经恢复即以终本、终结执行结案的，不计为恢复执行；活动最后一日以后的恢复执行和结案不计入活动（期末快照晚于该日时，该日以后结案、又无该日以前恢复日期的中止、暂缓案件，按该日仍中止、暂缓计）".into(),
        ),
        (
            "caveat",
            "承办人、包案领导排名只比较清理比例，未按案件难度（有无财产、案龄、类别）调整；不同人员名下案件构成不同，比较时应结合“清理进度”表的分类数据".into(),
        ),
        ("notes", notes.join("；")),
    ])?;
    // A case whose court is unknown (no usable 案号) goes with its officer's court when the
    // officer works in one court only, so one person is not split in two rows.
    let unit_court: Vec<Option<String>> = {
        let mut seen: std::collections::HashMap<&str, Option<&str>> = Default::default();
        for (i, c) in court.iter().enumerate() {
            if let (Some(o), Some(c)) = (base.c.officer.get(i), c.as_deref()) {
                seen.entry(o)
                    .and_modify(|v| {
                        if *v != Some(c) {
                            *v = None
                        }
                    })
                    .or_insert(Some(c));
            }
        }
        (0..base.c.n)
            .map(|i| {
                court[i].clone().or_else(|| {
                    base.c
                        .officer
                        .get(i)
                        .and_then(|o| seen.get(o).copied().flatten())
                        .map(str::to_string)
                })
            })
            .collect()
    };
    let tables = vec![
        (
            "evaluation_goals",
            goals::goal_frame(&goal_rows, &national_rows)?,
        ),
        ("evaluation_outcomes", outcomes_table(&followed, &end, en)?),
        (
            "evaluation_cleared",
            cleared_table(&followed, &base, &end, &cfg.census, &court, &unit_court)?,
        ),
        (
            "evaluation_people",
            people_table(&followed, &base, &end, &unit_court)?,
        ),
        (
            "evaluation_categories",
            categories_table(&followed, &base, own_side, &cfg.census)?,
        ),
        ("evaluation_monthly", monthly),
        (
            "evaluation_followed",
            followed_table(&followed, &base, &end, &court, en)?,
        ),
        ("evaluation_meta", meta),
    ];
    let mut report = report;
    report.seconds = started.elapsed().as_secs_f64();
    Ok((tables, report))
}

/// `caseflow evaluate`: reads the classified cases of both runs, writes the evaluation
/// tables to `OUT/parquet/` and `OUT/evaluation.json`.
pub fn evaluate_run(
    baseline: &Path,
    end: &Path,
    out: &Path,
    cfg: &EvaluateConfig,
) -> Result<EvaluationReport> {
    let (base_df, base_file) = read_side(baseline, "baseline")?;
    let (end_df, end_file) = read_side(end, "end")?;
    let notes = rule_set_notes(baseline, end);
    let (mut tables, report) =
        evaluation_tables_noted(&base_df, &base_file, &end_df, &end_file, cfg, notes)?;
    let dir: PathBuf = out.join("parquet");
    std::fs::create_dir_all(&dir).map_err(|e| Error::output(&dir, e))?;
    for (name, df) in tables.iter_mut() {
        write_parquet(&dir.join(format!("{name}.parquet")), df)?;
    }
    let json = out.join("evaluation.json");
    textio::write_atomic(&json, |w| {
        serde_json::to_writer_pretty(&mut *w, &report)
            .map_err(|e| Error::io(&json, std::io::Error::other(e)))?;
        w.write_all(b"\n").map_err(|e| Error::io(&json, e))
    })?;
    Ok(report)
}

/// One line saying what the evaluation found.
pub fn summary_line(r: &EvaluationReport) -> String {
    format!(
        "caseflow evaluate: baseline {} ({} backlog cases) followed to {}: {} closed ({} not by 终本), \
         {} remaining, {} missing from the end exports{}; {} of them resumed (恢复执行) on the way{}",
        r.baseline_as_of,
        r.baseline_cases,
        r.end_as_of,
        r.closed,
        r.closed_not_terminated,
        r.remaining,
        r.missing,
        listed_in_error(r),
        r.resumed,
        match r.missing_not_in_backlog {
            0 => String::new(),
            n => format!(
                "; {n} more cases pending at the census, not in its backlog, missing from the end exports"
            ),
        },
    )
}

/// ", N closed before the campaign (listed in error)" when there are such cases.
fn listed_in_error(r: &EvaluationReport) -> String {
    match r.outcomes.get(Fate::ClosedBeforeBaseline.code()) {
        Some(&n) if n > 0 => format!(", {n} closed before the campaign (listed in error)"),
        _ => String::new(),
    }
}

/// One goal as a line: id, name, value, target, met.
pub fn goal_line(g: &goals::GoalRow) -> String {
    let value = g
        .value
        .map_or_else(|| "—".to_string(), |v| crate::report::format::pct(Some(v)));
    let frac = match (g.numerator, g.denominator) {
        (Some(n), Some(d)) => format!(" ({n}/{d})"),
        _ => String::new(),
    };
    let met = match g.met {
        Some(true) => "met",
        Some(false) => "not met",
        None => "not measured",
    };
    format!(
        "{} {} — {value}{frac}, target {} {}%: {met}",
        g.id,
        g.name_en,
        g.comparison,
        crate::report::format::decimals(g.target, 0)
    )
}
