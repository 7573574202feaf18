//! The baseline followed (台账跟踪): each backlog case of the census found again in the
//! end snapshot and given one outcome.
//!
//! A case is found by its `case_key` (the 案号 in any spelling); a baseline case whose 案号
//! was masked or missing in every export is looked for by filing date, claim and
//! respondents, and only a unique match counts. A case found nowhere is not dropped: its
//! outcome is `missing` and the evaluation lists it, because a backlog case that vanishes
//! from the court's own exports is what an inspector asks about first.

use std::collections::HashMap;

use polars::prelude::*;

use crate::census::input::{Cases, Closure, Status};
use crate::{Error, Result};

/// What became of one baseline case by the end date (结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fate {
    /// 执行完毕
    ClosedCompleted,
    /// 终本: closed on paper for want of assets
    ClosedTerminated,
    /// 终结执行, 销案, 不予执行, 驳回申请 …
    ClosedOther,
    /// 恢复执行: a linked 执恢 case, or the suspension/deferral ended, case not closed
    Resumed,
    /// still 中止 or 暂缓
    StillSuspended,
    /// pending and past its due date at the end
    PendingOverdue,
    /// pending, not (or no longer) overdue
    Pending,
    /// in no export of the end snapshot
    Missing,
    /// closed, the end snapshot says, before the campaign began and by the census date:
    /// the baseline listed it open in error (a stale export), and the campaign did not
    /// clear it
    ClosedBeforeBaseline,
}

pub const FATES: [Fate; 9] = [
    Fate::ClosedCompleted,
    Fate::ClosedTerminated,
    Fate::ClosedOther,
    Fate::Resumed,
    Fate::StillSuspended,
    Fate::PendingOverdue,
    Fate::Pending,
    Fate::Missing,
    Fate::ClosedBeforeBaseline,
];

impl Fate {
    pub fn code(self) -> &'static str {
        match self {
            Fate::ClosedCompleted => "closed_completed",
            Fate::ClosedTerminated => "closed_terminated",
            Fate::ClosedOther => "closed_other",
            Fate::Resumed => "resumed",
            Fate::StillSuspended => "still_suspended",
            Fate::PendingOverdue => "pending_overdue",
            Fate::Pending => "pending",
            Fate::Missing => "missing",
            Fate::ClosedBeforeBaseline => "closed_before_baseline",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Fate::ClosedCompleted => "已结案：执行完毕",
            Fate::ClosedTerminated => "已结案：终结本次执行",
            Fate::ClosedOther => "已结案：其他方式",
            Fate::Resumed => "已恢复执行，尚未结案",
            Fate::StillSuspended => "仍中止或暂缓",
            Fate::PendingOverdue => "未结且超期",
            Fate::Pending => "未结未超期",
            Fate::Missing => "期末导出中查无此案",
            Fate::ClosedBeforeBaseline => "普查日前已结案（基线误列，不计入基线）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Fate::ClosedCompleted => "Closed: fully enforced",
            Fate::ClosedTerminated => "Closed: terminated (终本)",
            Fate::ClosedOther => "Closed: other method",
            Fate::Resumed => "Resumed, not closed",
            Fate::StillSuspended => "Still suspended or deferred",
            Fate::PendingOverdue => "Pending and overdue",
            Fate::Pending => "Pending, not overdue",
            Fate::Missing => "Not in the end exports",
            Fate::ClosedBeforeBaseline => {
                "Closed before the census date (listed in error; not in the baseline)"
            }
        }
    }

    pub fn closed(self) -> bool {
        matches!(
            self,
            Fate::ClosedCompleted | Fate::ClosedTerminated | Fate::ClosedOther
        )
    }
}

/// How a baseline case was found in the end snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Key,
    Signature,
    Nowhere,
}

impl Found {
    pub fn code(self) -> Option<&'static str> {
        match self {
            Found::Key => Some("case_key"),
            Found::Signature => Some("filing_claim_respondents"),
            Found::Nowhere => None,
        }
    }
}

/// One side of the comparison: the classified cases of a run and the identity columns.
pub struct Side<'a> {
    pub c: Cases<'a>,
    pub key: StringChunked,
    pub origin_key: StringChunked,
    pub cluster: StringChunked,
    /// 结案方式 as written in the canonical list (执行完毕, 终本, 终结执行 …)
    pub closure_method: StringChunked,
    /// A 结案日期 earlier than the case's own 立案日期, as the export wrote it: one of the
    /// two is wrong (ingest's rejects say so), so `c.closed_on` holds no date for it
    pub closed_before_filing: Vec<Option<i32>>,
}

fn str_ca(df: &DataFrame, name: &str, file: &str) -> Result<StringChunked> {
    match df.column(name) {
        Ok(c) => Ok(c
            .str()
            .map_err(|e| Error::polars(format!("{file}: column {name}"), e))?
            .rechunk()
            .into_owned()),
        Err(_) => Ok(StringChunked::full_null(name.into(), df.height())),
    }
}

impl<'a> Side<'a> {
    pub fn new(df: &'a DataFrame, file: &str) -> Result<Side<'a>> {
        let c = Cases::from_frame(df, file)?;
        // A closure dated before the case was filed cannot have been made then: taken at its
        // word, a baseline case closed 2024-01-01 and filed 2024-03-02 was "closed before the
        // census" and dropped from the baseline as listed from a stale export, when only the
        // end export's date is wrong. Such a date is no evidence of a closure before the
        // census ([`follow`]); elsewhere it stands as the export gives it, as the end run's
        // trend (goal 4) takes it, so that the goals agree on the case (the review of round
        // 51: cleared, it had become pending in a later snapshot as a closure without a date).
        let closed_before_filing: Vec<Option<i32>> = (0..c.n)
            .map(|i| match (c.closed_on[i], c.filed_on[i]) {
                (Some(closed), Some(filed)) if closed < filed => Some(closed),
                _ => None,
            })
            .collect();
        Ok(Side {
            c,
            key: str_ca(df, "case_key", file)?,
            origin_key: str_ca(df, "origin_case_key", file)?,
            cluster: str_ca(df, "cluster_id", file)?,
            closure_method: str_ca(df, "closure_method", file)?,
            closed_before_filing,
        })
    }

    /// Filing date, claim and sorted respondents: what identifies a case whose 案号 is
    /// unusable. None when any part is unknown (a partial signature would match too much).
    fn signature(&self, i: usize) -> Option<String> {
        let filed = self.c.filed_on[i]?;
        let claim = self.c.claim_fen[i]?;
        let mut names: Vec<&str> = self.c.respondents.row(i).collect();
        if names.is_empty() {
            return None;
        }
        names.sort_unstable();
        Some(format!("{filed}|{claim}|{}", names.join("、")))
    }
}

/// One baseline case followed.
#[derive(Debug, Clone)]
pub struct Followed {
    /// Row in the baseline table
    pub base: usize,
    /// Row in the end table
    pub end: Option<usize>,
    pub found: Found,
    /// Row of the 执恢 case that resumes it, in the end table: the latest filed by the
    /// campaign's last day, following a chain of 执恢 cases
    pub resumed_by: Option<usize>,
    /// Row of the end table whose status and closure the outcome reads: the case's own
    /// (`end`), or the 执恢 case's when the case was closed only because the 执恢 carries
    /// its enforcement on
    pub outcome_row: Option<usize>,
    pub fate: Fate,
    /// 恢复: a linked 执恢 case, or a suspended/deferred case no longer so at the end
    pub resumed: bool,
    /// Closed in an end export made after the campaign's last day, with no 结案日期: nothing
    /// shows the closure was made by that day, so it is not the campaign's (see [`follow`])
    pub closure_undated: bool,
    /// Stayed at the census, while the end export dates its resumption (恢复日期) before
    /// the campaign's first day and the census date: the dates disagree (the baseline listed
    /// it stayed from a stale export), and the resumption is not the campaign's
    pub resumed_before_baseline: bool,
    /// Stayed at the census and closed at the end, with a 恢复日期 after its 结案日期 on a
    /// row that still says closed: the closure stands, and the date is not a resumption
    pub resumed_after_closure: bool,
    /// The end snapshot's 结案日期 of the outcome row when it is before that case's
    /// 立案日期 ([`Side::closed_before_filing`]): taken as no date, named in a note
    pub closed_before_filing: Option<i32>,
    /// Closed (by the outcome row) with no 结案方式 the rules could read (a wording
    /// closure-methods.toml does not list, kept raw as a field reject, or none at all):
    /// cleared, but not known to be cleared other than by 终本, so no 实际执结
    pub method_unknown: bool,
    /// Recovered since the census date (end − census-date recovered, never below zero), in
    /// 分: the exports carry amounts to date, so the campaign's months before the census
    /// are not in it. The field keeps its name (recovered_during_fen in Parquet).
    pub recovered_during: Option<i64>,
}

impl Followed {
    pub fn closed(&self) -> bool {
        self.fate.closed()
    }

    /// 实际执结: closed other than by 终本. A closure of unknown method is not one: an
    /// unlisted 终本 wording (部分执行到位终结本次执行程序) would otherwise raise
    /// 清理比例（不含终本）, the figure that tells real clearance from paper closures.
    pub fn executed(&self) -> bool {
        self.closed() && self.fate != Fate::ClosedTerminated && !self.method_unknown
    }

    /// Still open at the end (found, not closed)
    pub fn remaining(&self) -> bool {
        !self.closed() && !matches!(self.fate, Fate::Missing | Fate::ClosedBeforeBaseline)
    }

    /// Counted in the goals: not a case the baseline listed in error.
    pub fn counts(&self) -> bool {
        self.fate != Fate::ClosedBeforeBaseline
    }
}

/// A baseline case in no export of the end snapshot whose baseline row goal 4's flows
/// keep: a backlog case missing or carried on by a 执恢 case, a case pending at the census
/// outside its backlog, or one a 执恢 resumes that was closed during the campaign.
#[derive(Debug, Clone)]
pub struct Lost {
    /// Row in the baseline table
    pub base: usize,
    /// In the backlog at the census (followed)
    pub backlog: bool,
    /// A 执恢 case of the end run filed by the campaign's last day names it (原案号)
    pub resumed: bool,
    /// The filing of the earliest such 执恢 case with a 立案日期
    pub resumed_on: Option<i32>,
}

/// Follows every backlog case of `base` in `scope` (the case-kind filter) into `end`;
/// a closure counts only up to `cutoff` (the last day of the campaign), and one dated
/// before both the campaign's first day (`start`) and the census date says the baseline
/// listed the case in error. Also the baseline cases in `scope` in no end export that
/// goal 4's flows keep ([`Lost`]), found as a backlog case would be.
pub fn follow(
    base: &Side,
    end: &Side,
    scope: &[bool],
    start: i32,
    cutoff: i32,
) -> (Vec<Followed>, Vec<Lost>) {
    let before_baseline = start.min(base.c.as_of_day + 1);
    // Overdue on the campaign's last day: at the snapshot when that is the day; before
    // it, past the due date on that day (a case closed between the two was open then, and
    // one overdue at the snapshot may not have been yet).
    let snapshot = crate::census::input::epoch_days(end.c.as_of);
    // Closed with no 结案日期 in an export made after the campaign's last day: the closure
    // may be of the days after it, and nothing shows it was made by then (the monthly flows,
    // which cannot place it in a month, count the case pending at the end). It is counted
    // open on the last day, as a closure dated after it is; with the snapshot on the last
    // day itself, closed then is closed by then.
    let undated_late = |j: usize| {
        cutoff < snapshot && end.c.status[j] == Status::Closed && end.c.closed_on[j].is_none()
    };
    // Closed by the last day, as far as the end snapshot can tell.
    let closed_by_cutoff = |j: usize| {
        end.c.status[j] == Status::Closed
            && end.c.closed_on[j].map_or(!undated_late(j), |d| d <= cutoff)
    };
    let overdue_at = |j: usize| {
        if cutoff >= snapshot {
            end.c.overdue_days[j].is_some_and(|d| d > 0)
        } else {
            end.c.due_on[j].is_some_and(|due| due < cutoff)
        }
    };
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(end.c.n);
    let mut resumed_by: HashMap<&str, Vec<usize>> = HashMap::new();
    for j in 0..end.c.n {
        if let Some(k) = end.key.get(j) {
            by_key.entry(k).or_insert(j);
        }
        if end.c.kind[j] == "resumed" {
            if let Some(o) = end.origin_key.get(j) {
                resumed_by.entry(o).or_default().push(j);
            }
        }
    }
    // The 执恢 case that carries a case's enforcement on at the campaign's last day: the
    // latest filed by then (filing date, then row: tables are sorted) of every 执恢 naming
    // it, or naming one of those (a second 执恢 may name the original or the first 执恢 as
    // its 原案号). A case resumed twice is enforced under the second 执恢 once that is filed,
    // and 以该执恢案件的结案为准 means that one's closure: the first 执恢's 终本 does not clear
    // a case being enforced again. A 执恢 filed after the last day resumed nothing during
    // the campaign, and neither did one it resumes.
    let latest_resumption = |k: &str| -> Option<usize> {
        let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
        let mut todo: Vec<&str> = vec![k];
        let mut latest: Option<usize> = None;
        while let Some(k) = todo.pop() {
            for &r in resumed_by.get(k).into_iter().flatten() {
                if end.c.filed_on[r].is_some_and(|d| d > cutoff) || !seen.insert(r) {
                    continue;
                }
                if latest.is_none_or(|l| (end.c.filed_on[l], l) < (end.c.filed_on[r], r)) {
                    latest = Some(r);
                }
                if let Some(next) = end.key.get(r) {
                    todo.push(next);
                }
            }
        }
        latest
    };
    // Every 案号 of the baseline, backlog or not: an end case under one of them is that
    // case, never another baseline case whose 案号 was unusable (a series case, 系列案, of
    // the same debtor filed the same day has the same filing date, claim and respondents).
    let baseline_keys: std::collections::HashSet<&str> =
        (0..base.c.n).filter_map(|i| base.key.get(i)).collect();
    // Signatures of end cases no baseline key can claim; ambiguous ones are dropped.
    let mut by_sig: HashMap<String, Option<usize>> = HashMap::new();
    for j in 0..end.c.n {
        if end.key.get(j).is_some_and(|k| baseline_keys.contains(k)) {
            continue;
        }
        if let Some(s) = end.signature(j) {
            by_sig.entry(s).and_modify(|v| *v = None).or_insert(Some(j));
        }
    }

    let mut out = Vec::new();
    for (i, &in_scope) in scope.iter().enumerate().take(base.c.n) {
        if !base.c.in_backlog[i] || !in_scope {
            continue;
        }
        let key = base.key.get(i);
        // A case with a usable 案号 is found by it or not at all: missing from the end
        // exports, it is missing (listed, followed up), not another case that shares its
        // filing date, claim and debtor. Only a case whose 案号 was never usable is looked
        // for by that signature.
        let (end_row, found) = match key {
            Some(k) => match by_key.get(k) {
                Some(&j) => (Some(j), Found::Key),
                None => (None, Found::Nowhere),
            },
            None => match base.signature(i).and_then(|s| by_sig.get_mut(&s)) {
                Some(slot @ Some(_)) => (slot.take(), Found::Signature),
                _ => (None, Found::Nowhere),
            },
        };
        let resumed_link = key.and_then(latest_resumption);
        let was_stayed = matches!(base.c.status[i], Status::Suspended | Status::Deferred);
        // The export dates the resumption (恢复日期) during the campaign, or the deductions
        // register ends the stay then before any closure: the stay ended then (metrics.md
        // Goal 2: "or the suspension ended"). A register stay ended by the closure itself
        // (中止 until the 终结执行) was not: the case was closed where it stood.
        // A 恢复日期 is a resumption of the stay only before the case was closed (早于结案):
        // on or after the 结案日期 of a row still closed at the end, the closure stands (a
        // 终本 made where the case stood), and the date is at odds with the row, not a
        // resumption; a row open again is `reopened` below.
        let during = |d: i32| d > base.c.as_of_day && d <= cutoff;
        let before_closure = |j: usize, d: i32| end.c.closed_on[j].is_none_or(|c| d < c);
        let resumption_dated = was_stayed
            && end_row.is_some_and(|j| {
                end.c.resumed_on[j].is_some_and(|r| during(r) && before_closure(j, r))
                    || end.c.stay_ended_on[j].is_some_and(|e| during(e) && before_closure(j, e))
            });
        let resumed_after_closure = was_stayed
            && end_row.is_some_and(|j| {
                end.c.status[j] == Status::Closed
                    && end.c.resumed_on[j].is_some_and(|r| !before_closure(j, r))
            });
        // Stayed at the census, while the export dates the resumption before the campaign's
        // first day and the census date (the census listed it stayed from a stale export, as
        // `ClosedBeforeBaseline` cases are listed open): the stay ended before the campaign,
        // which did not resume it, however the case stands at the end; unless the register
        // dates a later stay's end during the campaign (`resumption_dated`). A 中止日期 after
        // that 恢复日期 is a later stay, the one the census saw: its end is undated.
        let resumed_before_baseline = was_stayed
            && !resumption_dated
            && end_row.is_some_and(|j| {
                end.c.resumed_on[j].is_some_and(|r| {
                    r < before_baseline
                        && before_closure(j, r)
                        && end.c.suspended_on[j].is_none_or(|s| s <= r)
                })
            });
        // The status on the campaign's last day, as far as the end snapshot can tell: what
        // happened after that day is not the campaign's.
        let end_status = end_row.map(|j| {
            let (closed, resumed_on) = (end.c.closed_on[j], end.c.resumed_on[j]);
            let stay_ended_later = end.c.stay_ended_on[j].is_some_and(|e| e > cutoff);
            match end.c.status[j] {
                // Closed after the last day: open then. A case stayed at the census was
                // still stayed unless its 恢复日期 says the stay ended by that day: the
                // closure is the one step the export dates, and the stay is not taken to
                // have ended inside the campaign on no evidence (enforced in full after
                // the last day, it is the campaign's neither closure nor resumption).
                Status::Closed if closed.is_some_and(|d| d > cutoff) || undated_late(j) => {
                    if was_stayed && !resumption_dated && !resumed_before_baseline {
                        base.c.status[i]
                    } else {
                        Status::Pending
                    }
                }
                // Open again, closed by the last day and reopened under its own number
                // (恢复日期) after it: closed then.
                st if st.is_open()
                    && closed.is_some_and(|c| c <= cutoff)
                    && resumed_on.is_some_and(|r| r > cutoff) =>
                {
                    Status::Closed
                }
                // Back at work, its stay ended (恢复日期, or the register's end) after the
                // last day, or the last day is not after the census, when it was stayed:
                // stayed then.
                Status::Pending
                    if was_stayed
                        && (resumed_on.is_some_and(|r| r > cutoff)
                            || stay_ended_later
                            || cutoff <= base.c.as_of_day) =>
                {
                    base.c.status[i]
                }
                st => st,
            }
        });
        // Resumed (恢复执行): a 执恢 case links to it, or a case suspended or deferred at the
        // census is back in progress, or went on to be enforced in full. A stayed case closed
        // by 终本 or 终结执行 while still stayed was not resumed: it was closed where it stood.
        // One the export dates as resumed before the campaign was not resumed by it.
        let stay_ended = was_stayed
            && !resumed_before_baseline
            && match (end_row, end_status) {
                (_, Some(Status::Pending)) => true,
                (Some(j), Some(Status::Closed)) => end.c.closure[j] == Closure::Completed,
                _ => false,
            };
        // …or its export dates the resumption (恢复日期), or the register the stay's end,
        // during the campaign: the stay ended then, however the case closed afterwards
        // (metrics.md: "or the suspension ended").
        // …or, closed, it was reopened under its own number (恢复执行 on or after its 结案日期)
        // during the campaign and is open at the end (reopened before the campaign and the
        // census, it was open at the census, and the campaign resumed nothing).
        let reopened = matches!(
            end_status,
            Some(Status::Pending | Status::Suspended | Status::Deferred)
        ) && end_row.is_some_and(|j| {
            end.c.resumed_on[j].is_some_and(|r| {
                r >= before_baseline && r <= cutoff && end.c.closed_on[j].is_some_and(|c| r >= c)
            })
        });
        let resumed = resumed_link.is_some() || stay_ended || resumption_dated || reopened;
        // Closed while a 执恢 case resumes it: the enforcement goes on there, and the 执恢's
        // closure decides (经执恢案件恢复执行的，以该执恢案件的结案为准), whether classify
        // closed the case for the 执恢 (its export shows it open, or closed by no method) or
        // the export keeps the case's own closure, the 终本 (or 执行和解 …) the 执恢 was filed
        // to resume: the ordinary way a 终本 case comes back, its row left 终本. It is cleared
        // when the 执恢 is closed by the end, by the 执恢's method, and resumed, not cleared,
        // while the 执恢 is open.
        let carried_on = resumed_link.filter(|_| {
            end_row.is_some_and(|j| {
                end_status == Some(Status::Closed)
                    && (end.c.closed_on[j].is_none_or(|d| d >= before_baseline)
                        || end.closed_before_filing[j].is_some())
            })
        });
        // Open on the last day by its own row (a 中止 case its export still shows 中止), or in
        // no end export, while the 执恢 case that resumes it was closed by that day: the
        // enforcement resumed under the new 案号 and was closed there (方案目标二: 恢复执行并
        // 及时执结). Cleared by the 执恢's method, as a case closed for its 执恢 is.
        let closed_as_resumed =
            resumed_link.filter(|&r| closed_by_cutoff(r) && end_status.is_none_or(Status::is_open));
        let carried_on = carried_on.or(closed_as_resumed);
        let outcome_row = carried_on.or(end_row);
        let fate = match (end_row, end_status) {
            (_, _) if carried_on.is_some() => match carried_on {
                Some(r) if closed_by_cutoff(r) => match end.c.closure[r] {
                    Closure::Completed => Fate::ClosedCompleted,
                    Closure::TerminatedCurrent => Fate::ClosedTerminated,
                    _ => Fate::ClosedOther,
                },
                _ => Fate::Resumed,
            },
            (None, _) if resumed_link.is_some() => Fate::Resumed,
            (None, _) => Fate::Missing,
            (Some(j), Some(Status::Closed))
                if end.c.closed_on[j].is_some_and(|d| d < before_baseline)
                    && end.closed_before_filing[j].is_none() =>
            {
                Fate::ClosedBeforeBaseline
            }
            (Some(j), Some(Status::Closed)) => match end.c.closure[j] {
                Closure::Completed => Fate::ClosedCompleted,
                Closure::TerminatedCurrent => Fate::ClosedTerminated,
                _ => Fate::ClosedOther,
            },
            (Some(_), _) if resumed => Fate::Resumed,
            (Some(_), Some(Status::Suspended | Status::Deferred)) => Fate::StillSuspended,
            (Some(j), _) if overdue_at(j) => Fate::PendingOverdue,
            (Some(_), _) => Fate::Pending,
        };
        let recovered_during = end_row.and_then(|j| {
            let e = end.c.recovered_fen[j]?;
            Some((e - base.c.recovered_fen[i].unwrap_or(0)).max(0))
        });
        let method_unknown = fate == Fate::ClosedOther
            && outcome_row.is_some_and(|r| end.c.closure[r] == Closure::None);
        let closure_undated = !fate.closed()
            && (end_row.is_some_and(undated_late) || resumed_link.is_some_and(undated_late));
        out.push(Followed {
            base: i,
            end: end_row,
            found,
            resumed_by: resumed_link,
            outcome_row,
            fate,
            resumed,
            closure_undated,
            method_unknown,
            resumed_before_baseline,
            resumed_after_closure,
            closed_before_filing: outcome_row.and_then(|j| end.closed_before_filing[j]),
            recovered_during,
        });
    }
    // The day each case was first resumed under a 执恢 案号 of the end run filed by the
    // last day: the earliest such 执恢's filing, the day classify closes a listed original
    // that a 执恢 resumes (`classify::evaluate::moved_origins`).
    let mut first_resumed: HashMap<&str, i32> = HashMap::new();
    for (&k, rows) in &resumed_by {
        if let Some(d) = rows
            .iter()
            .filter_map(|&r| end.c.filed_on[r])
            .filter(|&d| d <= cutoff)
            .min()
        {
            first_resumed.insert(k, d);
        }
    }
    let lost_row = |i: usize, backlog: bool| {
        let key = base.key.get(i);
        Lost {
            base: i,
            backlog,
            resumed: key.and_then(latest_resumption).is_some(),
            resumed_on: key.and_then(|k| first_resumed.get(k).copied()),
        }
    };
    // The backlog cases in no end export: missing, or carried on by a 执恢 that names them.
    let mut lost: Vec<Lost> = out
        .iter()
        .filter(|f| f.end.is_none() && (f.fate == Fate::Missing || f.resumed_by.is_some()))
        .map(|f| lost_row(f.base, true))
        .collect();
    // The cases pending at the census but not (yet) in its backlog, filed within their
    // statutory period: the ledger does not follow them, but goal 4 counts every pending
    // case (未结), and one in no end export would be pending neither at the campaign's
    // start nor at its end, as a missing backlog case was (t-missing-case-dropped-from-goal4).
    // And those a 执恢 of the end run resumes, closed at the census by a closure of the
    // campaign (a 终本 made before the census): listed, the original is one of the
    // campaign's closures, the 执恢 a new case. Found as a backlog case is, after them (a
    // signature a backlog case took is taken).
    for i in 0..base.c.n {
        if !scope.get(i).copied().unwrap_or(false) || base.c.in_backlog[i] {
            continue;
        }
        let closed_in_campaign = base.c.closed_by_as_of(i).is_some_and(|c| c >= start);
        if !base.c.status[i].is_open() && !closed_in_campaign {
            continue;
        }
        let listed = match base.key.get(i) {
            Some(k) => by_key.contains_key(k),
            // Without a 案号, lost only when no end case has its signature: one that cannot
            // be signed (no claim, no debtor) or that several end cases share (series cases,
            // 系列案) may well be listed, and counted beside its end row it was counted twice
            // (review of t-missing-pending-nonbacklog-dropped-from-goal4).
            None => match base.signature(i) {
                None => true,
                Some(s) => match by_sig.get_mut(&s) {
                    Some(slot) => {
                        *slot = None;
                        true
                    }
                    None => false,
                },
            },
        };
        if listed {
            continue;
        }
        let l = lost_row(i, false);
        if base.c.status[i].is_open() || l.resumed {
            lost.push(l);
        }
    }
    (out, lost)
}
