//! The plan's four goals (四个目标) and the national benchmarks of 2016–2018, each as a
//! numerator, a denominator, a value, a target and met / not met (domain/metrics.md,
//! "Campaign figures").

use chrono::{Months, NaiveDate};
use polars::prelude::*;
use serde::Serialize;

use super::follow::{Followed, Side};
use crate::census::frame::{f64_col, frame, opt_i64_col, pct, str_col};
use crate::census::input::{epoch_days, Closure, Status};
use crate::census::{self, CensusConfig, PeriodKind, TrendOptions};
use crate::report::Said;
use crate::{Error, Result};

/// One judged figure.
#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    /// `goal` (the plan's four) or `national` (基本解决执行难, for comparison)
    pub kind: &'static str,
    /// `1`, `2a`, `2b`, `3`, `4a`, `4b`; `N1` … `N4`
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub numerator: Option<i64>,
    pub denominator: Option<i64>,
    /// A percentage (100 = 100 %); None when the denominator is zero or the figure
    /// cannot be measured from the exports
    pub value: Option<f64>,
    pub target: f64,
    /// `>=` or `<`: how value is compared with target
    pub comparison: &'static str,
    pub met: Option<bool>,
    /// The note under the goal: what was counted, and what was left out
    pub definition: String,
    /// [`GoalRow::definition`] in English, with the same figures
    pub definition_en: String,
}

#[allow(clippy::too_many_arguments)]
fn row(
    kind: &'static str,
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    num: Option<i64>,
    den: Option<i64>,
    target: f64,
    comparison: &'static str,
    definition: Said,
) -> GoalRow {
    let value = match (num, den) {
        (Some(n), Some(d)) => pct(n, d),
        _ => None,
    };
    // The comparison decides, not the ratio: "pending at the end below pending at the
    // start" (4b) from 0 to 2 is plainly not met although 2/0 is undefined (metrics.md:
    // only the shown ratio is null). Compared on the counts, 100·num < target·den. A share
    // of an empty set (goal 1 with no such case) stays not measured.
    let met = match (value, num, den) {
        (Some(v), _, _) => Some(match comparison {
            "<" => v < target,
            _ => v >= target,
        }),
        (None, Some(n), Some(d)) if comparison == "<" => {
            Some(100.0 * (n as f64) < target * (d as f64))
        }
        _ => None,
    };
    GoalRow {
        kind,
        id,
        name_zh,
        name_en,
        numerator: num,
        denominator: den,
        value,
        target,
        comparison,
        met,
        definition: definition.zh,
        definition_en: definition.en,
    }
}

/// The goal rows, the national benchmark rows, the campaign's monthly flows, the case
/// kinds counted, and notes on the figures.
pub type Goals = (Vec<GoalRow>, Vec<GoalRow>, DataFrame, String, Vec<String>);

/// The goals, the national benchmarks, the monthly flows of the campaign and the
/// case-kind filter they were counted with.
#[allow(clippy::too_many_arguments)]
pub fn goals(
    followed: &[Followed],
    base: &Side,
    end: &Side,
    end_df: &DataFrame,
    end_file: &str,
    cfg: &CensusConfig,
    start: NaiveDate,
    campaign_end: NaiveDate,
) -> Result<Goals> {
    let s = epoch_days(start);
    let e = epoch_days(campaign_end);
    let mut goals = Vec::new();

    // Goal 1: baseline cases overdue at the census and with assets, closed by the end.
    let g1: Vec<&Followed> = followed
        .iter()
        .filter(|f| f.counts())
        .filter(|f| {
            base.c.overdue_days[f.base].is_some_and(|d| d > 0)
                && base.c.has_assets[f.base] == Some(true)
        })
        .collect();
    let unknown = followed
        .iter()
        .filter(|f| f.counts())
        .filter(|f| {
            base.c.overdue_days[f.base].is_some_and(|d| d > 0)
                && base.c.has_assets[f.base].is_none()
        })
        .count();
    goals.push(row(
        "goal",
        "1",
        "有执行条件的超期未结案件全部执结",
        "Overdue cases with assets: closed",
        Some(g1.iter().filter(|f| f.closed()).count() as i64),
        Some(g1.len() as i64),
        100.0,
        ">=",
        Said::new(
            format!("分母：普查日已超期且有财产可供执行的基线积案；分子：其中期末已结案的。另有{unknown}件超期积案的财产状况在导出数据中无从判断，未计入"),
            format!("Denominator: baseline backlog cases overdue at the census with assets to enforce; numerator: those closed by the end. A further {unknown} overdue backlog cases are left out: the exports do not say whether they have assets"),
        ),
    ));

    // Goal 2: baseline suspended/deferred cases whose conditions allow resumption
    // (category 5 at the census): resumed, and closed.
    let g2: Vec<&Followed> = followed
        .iter()
        .filter(|f| f.counts())
        .filter(|f| {
            matches!(base.c.status[f.base], Status::Suspended | Status::Deferred)
                && base.c.cats[f.base] & (1 << 4) != 0
        })
        .collect();
    let g2_den = Some(g2.len() as i64);
    goals.push(row(
        "goal",
        "2a",
        "具备执行条件的中止案件恢复执行",
        "Suspended cases that could resume: resumed",
        Some(g2.iter().filter(|f| f.resumed).count() as i64),
        g2_den,
        100.0,
        ">=",
        Said::new(
            "分母：普查日中止或暂缓、且属第五类（应恢复执行）的基线积案；分子：期末有关联执恢案件，或中止、暂缓已结束而恢复执行的（期末在办，执行完毕，或恢复日期、扣除审限登记的结束日期在活动期间且早于结案）；中止、暂缓之中径行终本、终结执行的不计；恢复日期早于活动开始和普查日的（基线所据导出陈旧），不计",
            "Denominator: baseline backlog cases suspended or deferred at the census and in category 5 (to be resumed); numerator: those with a linked 执恢 case at the end, or whose stay ended and enforcement resumed (in progress at the end, enforced in full, or a 恢复日期 or the deductions register's end of the stay inside the campaign and before any closure); one closed by 终本 or 终结执行 while still stayed is not counted, nor one whose 恢复日期 is before both the campaign's start and the census (a stale baseline)",
        ),
    ));
    goals.push(row(
        "goal",
        "2b",
        "具备执行条件的中止案件及时执结",
        "Suspended cases that could resume: closed",
        Some(g2.iter().filter(|f| f.closed()).count() as i64),
        g2_den,
        100.0,
        ">=",
        Said::new(
            "分母同2a；分子：其中期末已结案的（经执恢案件恢复执行的，以该执恢案件结案为准；中止、暂缓之中径行终本、终结执行的也计入，故可多于2a）",
            "Denominator as for 2a; numerator: those closed by the end (one resumed through a 执恢 case, when that case is closed; one closed by 终本 or 终结执行 while still stayed counts too, so this may exceed 2a)",
        ),
    ));

    // Goal 3: cases received during the campaign whose due date falls inside it, closed
    // by their due date.
    let (scope, _) = end.c.scope(&cfg.case_kinds);
    let mut g3_den = 0i64;
    let mut g3_num = 0i64;
    for (j, &in_scope) in scope.iter().enumerate() {
        if !in_scope {
            continue;
        }
        let (Some(filed), Some(due)) = (end.c.filed_on[j], end.c.due_on[j]) else {
            continue;
        };
        if filed < s || filed > e || due > e {
            continue;
        }
        g3_den += 1;
        if end.c.closed_by_as_of(j).is_some_and(|c| c <= due) {
            g3_num += 1;
        }
    }
    let (months, nl_months) = periods_beside(end_file);
    goals.push(row(
        "goal",
        "3",
        "新收案件在法定期限内执结",
        "New cases closed within the statutory period",
        Some(g3_num),
        Some(g3_den),
        100.0,
        ">=",
        Said::new(
            format!(
                "分母：活动期间（{start}至{campaign_end}）新收、且法定期限届满日不晚于活动结束的案件；分子：其中在届满日前结案的。执行期限为{months}个月（非诉执行{nl_months}个月），活动越短，能在活动内到期的新收案件越少{}",
                if g3_den < 30 { "；本次分母很小，仅供参考" } else { "" }
            ),
            format!(
                "Denominator: cases received during the campaign ({start} to {campaign_end}) whose statutory period ends no later than the campaign; numerator: those closed by that day. The period is {months} months ({nl_months} for 非诉执行), so the shorter the campaign, the fewer new cases fall due within it{}",
                if g3_den < 30 { "; this denominator is very small: for reference only" } else { "" }
            ),
        ),
    ));

    // Goal 4: flows over the campaign, by the trend's own code.
    let opts = TrendOptions {
        from: Some(start),
        to: Some(campaign_end),
        by: Some(PeriodKind::Month),
        // 实际执结率 as the campaign's 清理比例（不含终本） counts it: a closure whose
        // 结案方式 the rules cannot read may be 终本, so it is not taken as one other than
        // 终本 (the census trend counts it so: see the field).
        unknown_method_not_actual: true,
    };
    let (tables, trend_report) = census::trend_tables(end_df, cfg, &opts, end_file)?;
    // An end export that lists closed cases only from a day well after the campaign's
    // start (a second phase's export): the closures before it, and the cases they closed,
    // are missing from goal 4's flows. Said, since the figures look whole; said as a
    // possibility, since a small court may simply have closed nothing in those weeks.
    let mut flow_notes = Vec::new();
    if let Some(earliest) = (0..end.c.n).filter_map(|i| end.c.closed_by_as_of(i)).min() {
        if s + 31 < earliest {
            flow_notes.push(late_closures_note(&census::aging::day_text(earliest)));
        }
    }
    if trend_report.closed_method_unknown > 0 {
        flow_notes.push(format!(
            "{}{MONTHLY_UNKNOWN_METHOD}",
            trend_report.closed_method_unknown
        ));
    }
    let ratios = tables
        .into_iter()
        .find(|(n, _)| *n == "trend_ratios")
        .map(|(_, df)| df)
        .ok_or_else(|| Error::Usage("trend produced no ratios table".into()))?;
    let pe = |e| Error::polars("evaluation: campaign flows".to_string(), e);
    let monthly = ratios
        .lazy()
        .filter(col("level").eq(lit("all")))
        .select([
            col("period"),
            col("period_start"),
            col("period_end"),
            col("partial"),
            col("whole_range"),
            col("pending_start"),
            col("incoming"),
            // R (恢复, reopened under its own number) beside N: without it a month with
            // a resumed case does not add up (B + N + R − D = E), and 实际执结率 divides by
            // a 受理 (B + N + R) the sheet would not show.
            col("reopened"),
            col("resolved"),
            col("pending_end"),
            col("handled"),
            col("clearance_rate"),
            col("clearance_rate_all"),
            col("disposal_rate"),
            col("actual_closure_rate"),
            col("case_kinds"),
        ])
        .collect()
        .map_err(pe)?;
    let whole = monthly
        .clone()
        .lazy()
        .filter(col("whole_range"))
        .collect()
        .map_err(pe)?;
    let get = |name: &str| -> Option<i64> {
        whole
            .column(name)
            .ok()
            .and_then(|c| c.i64().ok().and_then(|v| v.iter().next().flatten()))
    };
    let (b, n, d, en) = (
        get("pending_start"),
        get("incoming"),
        get("resolved"),
        get("pending_end"),
    );
    if b == Some(0) && en == Some(0) {
        // 0 is not below 0: judged not met, as the plan asks for fewer pending cases; a
        // court with none at either end would otherwise read "not met" without a reason.
        flow_notes.push(NOTHING_PENDING.to_string());
    }
    goals.push(row(
        "goal",
        "4a",
        "结收比不低于100%（受理与结案良性循环）",
        "Clearance rate over the campaign ≥ 100 %",
        d,
        n,
        100.0,
        ">=",
        Said::new(
            "结收比 = 活动期间结案数 ÷ 活动期间新收案件数 × 100%",
            "Clearance rate = cases closed during the campaign ÷ cases received during the campaign × 100%",
        ),
    ));
    goals.push(row(
        "goal",
        "4b",
        // metrics.md goal 4: pending (未结, every open case, new ones included) at the end
        // below pending at the start. Not the backlog (积案) and no threshold for "明显":
        // the label says what is compared (w-goal4b-label).
        "期末未结少于活动开始时未结（未结案件减少）",
        "Pending at the end below pending at the start",
        en,
        b,
        100.0,
        "<",
        Said::new(
            "比值 = 期末未结 ÷ 活动开始时未结 × 100%（未结含新收案件，不是积案），小于100%即达成，不设“明显”减少的幅度；逐月走势见“活动期间收结”表",
            "Ratio = pending at the end ÷ pending at the campaign's start × 100% (pending includes new cases; it is not the backlog); met below 100%, with no margin set for a \"marked\" fall; the month-by-month trend is in the campaign's monthly flows",
        ),
    ));

    // National benchmarks of 基本解决执行难 (2016–2018), for comparison.
    let mut national = Vec::new();
    let mut n1 = (0i64, 0i64);
    let mut n2 = (0i64, 0i64);
    for (j, &in_scope) in scope.iter().enumerate() {
        if !in_scope {
            continue;
        }
        let Some(closed) = end.c.closed_by_as_of(j) else {
            continue;
        };
        if closed < s || closed > e {
            continue;
        }
        if end.c.has_assets[j] == Some(true) {
            if let Some(due) = end.c.due_on[j] {
                n1.1 += 1;
                n1.0 += i64::from(closed <= due);
            }
        }
        if end.c.closure[j] == Closure::TerminatedCurrent {
            if let Some(filed) = end.c.filed_on[j] {
                n2.1 += 1;
                let three = crate::census::input::date_of(filed)
                    .and_then(|f| f.checked_add_months(Months::new(3)))
                    .map(epoch_days);
                n2.0 += i64::from(three.is_some_and(|t| closed > t));
            }
        }
    }
    national.push(row(
        "national",
        "N1",
        "有财产可供执行案件法定期限内执结率",
        "Cases with assets closed within the statutory period",
        Some(n1.0),
        Some(n1.1),
        90.0,
        ">=",
        Said::new(
            "活动期间结案、有财产可供执行的案件中，在法定期限届满日前结案的比例",
            "Of the cases with assets to enforce closed during the campaign, the share closed by their statutory due date",
        ),
    ));
    national.push(row(
        "national",
        "N2",
        "终本案件合格率（基本形式：立案满三个月后终本）",
        "Proper 终本 closures (basic form: more than 3 months after filing)",
        Some(n2.0),
        Some(n2.1),
        90.0,
        ">=",
        Said::new(
            "活动期间终本结案中，立案满三个月后结案的比例；导出数据不含财产调查记录，本值为合格率的上限",
            "Of the 终本 closures during the campaign, the share made more than three months after filing; the exports hold no record of the asset search, so this value is an upper bound of the proper share",
        ),
    ));
    national.push(row(
        "national",
        "N3",
        "执行信访案件办结率",
        "Enforcement petitions resolved",
        None,
        None,
        90.0,
        ">=",
        Said::new(
            "信访登记表未记录办结情况，无法计算",
            "Cannot be computed: the petition register does not record whether a petition was resolved",
        ),
    ));
    let handled = match (b, n) {
        (Some(b), Some(n)) => Some(b + n),
        _ => None,
    };
    national.push(row(
        "national",
        "N4",
        "整体执结率（全国指标为三年）",
        "Overall closure rate (the national figure is over three years)",
        d,
        handled,
        80.0,
        ">=",
        Said::new(
            "活动期间结案数 ÷（活动开始时未结 + 活动期间新收）；全国指标按三年计算，此处按活动期间，仅供对照",
            "Cases closed during the campaign ÷ (pending at the campaign's start + received during it); the national figure is over three years, this one over the campaign, for comparison only",
        ),
    ));
    Ok((goals, national, monthly, cfg.kinds_text(), flow_notes))
}

/// The note on an end export whose earliest closure lies over a month after the
/// campaign's start. The report and workbook say it in Chinese by its opening words
/// (`report::quality::notes_text`), so those stay as they are.
pub(crate) fn late_closures_note(earliest: &str) -> String {
    format!(
        "{LATE_CLOSURES}{earliest}, over a month after the campaign's start: the exports may \
         list closed cases only from that day (a second phase's export), and if so goals 4a \
         and 4b miss the closures before it and the cases they closed (too few closed, too \
         few pending at the start) and the end snapshot should be exported again with every \
         case closed since the campaign began; if the court closed no case before that day, \
         the figures are whole"
    )
}

/// The note on goal 4b when nothing was pending at the campaign's start nor at its end.
pub(crate) const NOTHING_PENDING: &str = "no case was pending at the campaign's start nor at \
     its end: goal 4b (pending at the end below pending at the start) could not fall and is \
     judged not met; there was no backlog of pending cases to reduce";

/// The words after the count in the note on the campaign's closures of unknown method,
/// left out of the monthly 实际执结率. The report and workbook say it in Chinese by them.
pub(crate) const MONTHLY_UNKNOWN_METHOD: &str = " cases closed during the campaign with a \
     结案方式 the rules could not read (a wording closure-methods.toml does not list, or \
     none) are counted as closed in the monthly flows (evaluation_monthly) but left out of \
     their 实际执结率 (actual_closure_rate) in the months they closed, as they may be 终本; \
     add the wording to closure-methods.toml to count them by their method";

/// The opening words of [`late_closures_note`].
pub(crate) const LATE_CLOSURES: &str = "the earliest closure in the end run's exports is ";

/// The statutory periods (months; 非诉执行 months) the end run was classified with, as its
/// `classify.json` records them beside `file` (RUN/parquet/cases_classified.parquet): goal
/// 3 counts the cases that fall due by those, so its note names them, not the usual six
/// and three a court's backlog.toml may have changed. The built-in backlog.toml's periods
/// (6 and 3) for a run without the record, as the report's definitions take them.
fn periods_beside(file: &str) -> (u32, u32) {
    let builtin = (6, 3);
    let Some(json) = std::path::Path::new(file)
        .parent()
        .and_then(|p| p.parent())
        .and_then(|run| std::fs::read_to_string(run.join("classify.json")).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return builtin;
    };
    let get = |k: &str| {
        json.get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
    };
    (
        get("period_months").unwrap_or(builtin.0),
        get("non_litigation_months").unwrap_or(builtin.1),
    )
}

/// `evaluation_goals`: the goals, then the national benchmarks.
pub fn goal_frame(goals: &[GoalRow], national: &[GoalRow]) -> Result<DataFrame> {
    let all: Vec<&GoalRow> = goals.iter().chain(national.iter()).collect();
    frame(
        "evaluation_goals",
        vec![
            str_col("kind", all.iter().map(|g| Some(g.kind)).collect()),
            str_col("goal", all.iter().map(|g| Some(g.id)).collect()),
            str_col("goal_name", all.iter().map(|g| Some(g.name_zh)).collect()),
            str_col(
                "goal_name_en",
                all.iter().map(|g| Some(g.name_en)).collect(),
            ),
            opt_i64_col("numerator", all.iter().map(|g| g.numerator).collect()),
            opt_i64_col("denominator", all.iter().map(|g| g.denominator).collect()),
            f64_col("value_rate", all.iter().map(|g| g.value).collect()),
            f64_col("target_rate", all.iter().map(|g| Some(g.target)).collect()),
            str_col(
                "comparison",
                all.iter().map(|g| Some(g.comparison)).collect(),
            ),
            Column::new(
                "met".into(),
                all.iter().map(|g| g.met).collect::<Vec<Option<bool>>>(),
            ),
            str_col(
                "definition",
                all.iter().map(|g| Some(g.definition.as_str())).collect(),
            ),
            str_col(
                "definition_en",
                all.iter().map(|g| Some(g.definition_en.as_str())).collect(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal_4b(end: i64, start: i64) -> GoalRow {
        row(
            "goal",
            "4b",
            "",
            "",
            Some(end),
            Some(start),
            100.0,
            "<",
            Said::new("", ""),
        )
    }

    /// Red-team round 22 (goal4b_zero_start): 0 pending at the start, 2 at the end was
    /// "not measured" because 2/0 is undefined.
    #[test]
    fn pending_below_start_is_judged_on_the_counts_when_the_start_is_zero() {
        let g = goal_4b(2, 0);
        assert_eq!(g.value, None, "the ratio stays undefined");
        assert_eq!(g.met, Some(false));
        assert_eq!(goal_4b(0, 0).met, Some(false), "0 is not below 0");
        assert_eq!(goal_4b(3, 4).met, Some(true));
        assert_eq!(goal_4b(4, 4).met, Some(false));
        // A share of nothing is still not measured.
        let g1 = row(
            "goal",
            "1",
            "",
            "",
            Some(0),
            Some(0),
            100.0,
            ">=",
            Said::new("", ""),
        );
        assert_eq!(g1.met, None);
    }
}
