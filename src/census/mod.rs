//! Census and trend: the figures a court reports on, from the classified cases.
//!
//! Phase one of the campaign plan asks the court to "摸清底数": how many enforcement cases
//! are pending, how many of them are backlog (积案), in which of the seven priority
//! categories, why (原因和症结), how old, and who answers for them (责任到人). Every month of
//! phase two it tracks received versus closed and the clearance ratios. This stage turns
//! `RUN/parquet/cases_classified.parquet` into those tables:
//!
//! | table | what |
//! |---|---|
//! | `census_summary` | pending, backlog, overdue, overdue ≥ 1 year, suspended, deferred, amounts — per court, team, officer, leader |
//! | `census_categories`, `census_category_overlap` | the seven categories, cases counted once in the total, pairwise overlap |
//! | `census_root_causes`, `census_root_cause_groups` | Pareto of root causes; 执行不能 apart from 执行难 |
//! | `census_aging`, `census_oldest`, `census_due_soon` | age bands, the oldest cases, cases passing their deadline in 30 / 60 days |
//! | `census_debtors` | the debtor list for publication, natural persons masked |
//! | `trend_flows`, `trend_ratios` | B, N, D, E per unit and period; every ratio of metrics.md |
//! | `trend_breaches`, `trend_case_anomalies` | where B + N + R − D ≠ E, and the cases behind it |
//! | `census_meta`, `trend_meta` | per table: definition, base, case-kind filter, as-of date, rules |
//!
//! Definitions are those of `domain/metrics.md`, followed literally; each module's doc
//! says how. Every figure is computed under a case-kind filter (Chinese courts often leave
//! 执恢 and 执保 out of ratios), which is written beside every table in `case_kinds`.
//! Figures are exact counts and sums (money in 分); ratios are unrounded and undefined
//! (null) when their denominator is zero. The same input gives byte-identical tables:
//! units and rows are sorted, never left in hash order.

// The stage is columnar: one case index addresses a dozen column vectors at once, which
// reads more plainly as `for i in 0..n` than as a zip of twelve iterators.
#![allow(clippy::needless_range_loop)]

pub mod aging;
pub mod categories;
pub mod causes;
pub mod config;
pub mod debtors;
pub mod frame;
pub mod input;
pub mod summary;
pub mod trend;
pub mod units;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Serialize;

pub use config::{CensusConfig, PeriodKind};
use frame::{const_str_col, frame as make_frame};
use input::{read_classified, Cases, CLASSIFIED};
pub use trend::TrendOptions;
use units::{Level, Units};

use crate::ingest::write_parquet;
use crate::{textio, Error, Result};

/// One metric table: its file name, its sheet names and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct TableInfo {
    pub name: &'static str,
    pub sheet_zh: &'static str,
    pub sheet_en: &'static str,
    pub title: &'static str,
    /// The cases each figure counts.
    pub base: &'static str,
}

const fn t(
    name: &'static str,
    sheet_zh: &'static str,
    sheet_en: &'static str,
    title: &'static str,
    base: &'static str,
) -> TableInfo {
    TableInfo {
        name,
        sheet_zh,
        sheet_en,
        title,
        base,
    }
}

/// 比率定义: every ratio of the trend tables in the words a court uses (B 旧存, N 新收,
/// R 恢复, D 结案, E 未结), as the report and the workbook show them. `{completion_kinds}`
/// stands for the case kinds 执行完毕率 counts: see [`ratio_definitions`].
const RATIO_DEFINITIONS_ZH: &str = "结收比＝100×结案÷新收（D/N）；\
含恢复的结收比＝100×结案÷（新收＋恢复）（D/(N+R)）；\
结案用时＝本期天数×期末未结÷结案（E/D，整年按365日，闰年亦同；不足一年或超过一年按本期天数，满一年以上的期间不计2月29日）；\
结案率＝100×结案÷（旧存＋新收）（D/(B+N)）；\
执结率＝100×结案÷受理（旧存＋新收＋恢复）；\
实际执结率＝100×（结案－终本）÷受理；\
执行完毕率＝100×以执行完毕结案÷结案（限{completion_kinds}）；\
终本率＝100×以终本结案÷结案；\
执行到位率＝100×到位金额÷申请执行标的（本期结案的案件）；\
法定期限内结案率＝100×结案日不晚于法定期限届满日的结案÷有法定期限的结案（结案日期早于立案日期或无立案日期的不计）；\
N日内结案占比＝结案用时（扣除审限扣除期间后）不超过N日的结案所占比例；\
结案用时中位数＝各结案案件结案用时的中位数";

/// [`RATIO_DEFINITIONS_ZH`] in English, for `--lang en`.
const RATIO_DEFINITIONS_EN: &str = "Clearance rate (结收比) = 100 × closed ÷ received (D/N)；\
clearance rate with reopened = 100 × closed ÷ (received + reopened) (D/(N+R))；\
disposition time = days of the period × pending at the end ÷ closed (E/D; a whole year counts 365 days, also a leap year; a shorter or a longer period its own days, 29 February left out once a period is a year or more)；\
disposal rate (结案率) = 100 × closed ÷ (pending at the start + received) (D/(B+N))；\
enforcement closure rate (执结率) = 100 × closed ÷ handled (B+N+R)；\
actual closure rate (实际执结率) = 100 × (closed − 终本) ÷ handled；\
completion rate (执行完毕率) = 100 × closed by 执行完毕 ÷ closed ({completion_kinds} only)；\
终本 rate = 100 × closed by 终本 ÷ closed；\
recovery rate (执行到位率) = 100 × amount recovered ÷ amount claimed (cases closed in the period)；\
closed within the statutory period = 100 × closed by the due date ÷ closed cases with a due date；\
closed within N days = share of closures taking at most N days (net of deducted periods)；\
median days to close = the median of the closed cases' days to close";

/// The ratio definitions (Chinese, or English when `en`) with the case kinds 执行完毕率 is
/// computed over (census.toml `completion_rate_case_kinds`). metrics.md prints a figure's
/// case-kind filter with it: a court that counts 执恢 too must not read 限首次执行 beside a
/// figure that includes them.
pub fn ratio_definitions(completion_kinds: &[String], en: bool) -> String {
    let names: Vec<&str> = completion_kinds
        .iter()
        .map(|k| config::case_kind_label(k).map_or(k.as_str(), |(zh, e)| if en { e } else { zh }))
        .collect();
    let (template, sep) = if en {
        (RATIO_DEFINITIONS_EN, ", ")
    } else {
        (RATIO_DEFINITIONS_ZH, "、")
    };
    template.replace("{completion_kinds}", &names.join(sep))
}

/// The tables of `caseflow census`, in the order a report shows them.
pub const CENSUS_TABLES: [TableInfo; 10] = [
    t(
        "census_summary",
        "积案汇总",
        "Summary",
        "未结、积案、超期、超期一年以上、中止、暂缓案件数及标的额，按法院、团队、承办人、包案领导",
        "截至统计日未结的案件（在办、中止、暂缓）",
    ),
    t(
        "census_categories",
        "七类案件",
        "Categories",
        "七类重点案件的件数和标的额；合计行一案多类只计一次，另列逐类相加数以显示重叠",
        "积案",
    ),
    t(
        "census_category_overlap",
        "七类交叉",
        "Category overlap",
        "两两同属的积案件数（对角线为该类件数）",
        "积案",
    ),
    t(
        "census_root_causes",
        "原因排序",
        "Root causes",
        "积案原因的帕累托排序：件数、标的额、占比、累计占比（一案多因，占比以原因次数为分母）",
        "积案",
    ),
    t(
        "census_root_cause_groups",
        "执行不能与执行难",
        "Inability vs difficulty",
        "执行不能（无财产可供执行）与执行难（有财产但执行受阻）分开计数，一案只计一次",
        "积案",
    ),
    t(
        "census_aging",
        "账龄分布",
        "Aging",
        "未结案件按扣除期间后的案龄（整月）分段",
        "截至统计日未结的案件",
    ),
    t(
        "census_oldest",
        "最久未结",
        "Oldest",
        "案龄最长的未结案件",
        "截至统计日未结的案件",
    ),
    t(
        "census_due_soon",
        "即将超期",
        "Due soon",
        "今后30日、60日内将超过法定期限的在办案件，每个期限窗口列出其内到期的全部案件（30日内到期的案件在30与60两个窗口中各列一次；中止、暂缓案件期限随之顺延，不列入）",
        "在办且尚未超期的案件",
    ),
    t(
        "census_debtors",
        "被执行人名单",
        "Debtors",
        "积案被执行人名单（供公布）：同一被执行人的积案合并列出；自然人姓名和身份证号码按规则遮蔽",
        "积案",
    ),
    t(
        "census_meta",
        "说明",
        "About",
        "各表的口径、统计范围、案件类型筛选、统计日和规则来源",
        "",
    ),
];

/// Each census and trend table's definition and base in English (name, definition, base),
/// for the English report: the tables' own metadata are in Chinese.
pub const TABLES_EN: [(&str, &str, &str); 15] = [
    ("census_summary", "Pending, backlog, overdue, overdue one year or more, suspended and deferred cases with their amounts, by court, team, officer and leader", "cases pending at the as-of date (active, suspended, deferred)"),
    ("census_categories", "Cases and amounts in each of the seven priority categories; the total counts a case in several categories once, and the sum over categories is shown beside it for the overlap", "backlog"),
    ("census_category_overlap", "Backlog cases in both of two categories (the diagonal is each category's count)", "backlog"),
    ("census_root_causes", "Root causes of the backlog in Pareto order: cases, amounts, share and cumulative share (a case may have several causes; shares are of cause mentions)", "backlog"),
    ("census_root_cause_groups", "Inability (no assets to enforce) and difficulty (assets, but enforcement blocked) counted apart, each case once", "backlog"),
    ("census_aging", "Pending cases by age in whole months, net of deducted periods", "cases pending at the as-of date"),
    ("census_oldest", "The pending cases of greatest age", "cases pending at the as-of date"),
    ("census_due_soon", "Active cases that pass their statutory deadline within the next 30 and 60 days, each window listing every case due within it (a case due within 30 days is in both windows; suspended and deferred cases are left out: their deadline moves)", "active cases not yet overdue"),
    ("census_debtors", "Debtors of the backlog (for publication): one row per debtor with its backlog cases; natural persons' names and ID numbers masked", "backlog"),
    ("census_meta", "Each table's definition and base, the case-kind filter, the as-of date and where the rules came from", ""),
    ("trend_flows", "Pending at the start B, received N, reopened R (resumed under its own number), closed D and pending at the end E per unit and period, checked case by case against B+N+R−D=E", "all cases of the counted case kinds"),
    ("trend_ratios", "Clearance rate, disposal rate, enforcement and actual closure rates, completion and 终本 rates, recovery rate, closed within the statutory period, days to close", "all cases of the counted case kinds; rates over the period's closures"),
    ("trend_breaches", "Units and periods where B+N+R−D≠E (dates in the data that disagree)", ""),
    ("trend_case_anomalies", "Cases that break or escape the stock-flow identity: closed before filed, no filing date, and the like", ""),
    ("trend_meta", "The periods, as-of date, case-kind filter and the definition of each ratio", ""),
];

/// How many windows, in words (两个, 三个 …).
fn windows_zh(n: usize) -> String {
    const WORDS: [&str; 9] = ["", "一", "两", "三", "四", "五", "六", "七", "八"];
    WORDS
        .get(n)
        .filter(|w| !w.is_empty())
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// The label of `overdue_1y` (超期一年以上) for the threshold it was counted with (category
/// 1's overdue rule, census.json `overdue_year_days`): "one year" only at 365 days, else the
/// days, so that a court counting 730 days does not read a year over the column (Chinese,
/// English). The figure stays category 1's, as the report's 超期限一年以上 is.
pub fn overdue_year_label(days: i64) -> (String, String) {
    if days == 365 {
        ("超期一年以上".to_string(), "Overdue ≥ 1 year".to_string())
    } else {
        (
            format!("超期{days}日以上"),
            format!("Overdue ≥ {days} days"),
        )
    }
}

/// `census_summary`'s definition (Chinese, English) with `overdue_1y` named by the days it
/// was counted with ([`overdue_year_label`]): with category 1 at 730 days, the 说明 sheet
/// and the report's notes must not call the column 超期一年以上. At 365 days it is the
/// words of [`CENSUS_TABLES`] and [`TABLES_EN`].
pub fn summary_definition(overdue_year_days: i64) -> (String, String) {
    let (zh, en) = if overdue_year_days == 365 {
        (
            "超期一年以上".to_string(),
            "overdue one year or more".to_string(),
        )
    } else {
        (
            format!("超期{overdue_year_days}日以上"),
            format!("overdue {overdue_year_days} days or more"),
        )
    };
    (
        format!("未结、积案、超期、{zh}、中止、暂缓案件数及标的额，按法院、团队、承办人、包案领导"),
        format!(
            "Pending, backlog, overdue, {en}, suspended and deferred cases with their amounts, by court, team, officer and leader"
        ),
    )
}

/// `census_due_soon`'s definition (Chinese, English) with the windows of `census.toml`
/// (`[due_soon] windows_days`) the table was made with: a court that lists 15 and 90 days
/// must not read 30 and 60 in the notes. The built-in windows give the words of
/// [`CENSUS_TABLES`] and [`TABLES_EN`].
pub fn due_soon_definition(windows: &[i64]) -> (String, String) {
    let days_zh = windows
        .iter()
        .map(|d| format!("{d}日"))
        .collect::<Vec<_>>()
        .join("、");
    let left_out_zh = "中止、暂缓案件期限随之顺延，不列入";
    let left_out_en = "suspended and deferred cases are left out: their deadline moves";
    let days_en = |ws: &[i64]| match ws {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!(
            "{} and {last}",
            init.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    match windows {
        [] | [_] => (
            format!("今后{days_zh}内将超过法定期限的在办案件（{left_out_zh}）"),
            format!(
                "Active cases that pass their statutory deadline within the next {} days ({left_out_en})",
                days_en(windows)
            ),
        ),
        [first, ..] => {
            let all = windows
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>();
            let (init, last) = all.split_at(all.len() - 1);
            (
                format!(
                    "今后{days_zh}内将超过法定期限的在办案件，每个期限窗口列出其内到期的全部案件\
                     （{first}日内到期的案件在{}与{}{}个窗口中各列一次；{left_out_zh}）",
                    init.join("、"),
                    last[0],
                    windows_zh(windows.len()),
                ),
                format!(
                    "Active cases that pass their statutory deadline within the next {} days, \
                     each window listing every case due within it (a case due within {first} \
                     days is in {} windows; {left_out_en})",
                    days_en(windows),
                    if windows.len() == 2 {
                        "both".to_string()
                    } else {
                        format!("all {}", windows.len())
                    },
                ),
            )
        }
    }
}

/// The tables of `caseflow trend`.
pub const TREND_TABLES: [TableInfo; 5] = [
    t("trend_flows", "收结存", "Flows",
      "各单位各期旧存B、新收N、恢复R（原案号恢复执行）、结案D、未结E，逐案核对B+N+R−D=E", "按案件类型筛选后的全部案件"),
    t("trend_ratios", "结案比率", "Ratios",
      "结收比、结案率、执结率、实际执结率、执行完毕率、终本率、执行到位率、法定期限内结案率、结案用时",
      "按案件类型筛选后的全部案件；比率按本期结案计算"),
    t("trend_breaches", "收结存不符", "Identity breaches",
      "B+N+R−D≠E 的单位和期间（数据日期不一致所致）", ""),
    t("trend_case_anomalies", "日期异常案件", "Date anomalies",
      "结案早于立案、缺立案日期等导致收结存不符或无法计入的案件", ""),
    t("trend_meta", "收结存说明", "Trend notes",
      "期间、统计日、案件类型筛选和各比率的定义", ""),
];

fn parquet_dir(run: &Path) -> PathBuf {
    run.join("parquet")
}

/// What one census found, for the command's summary line and `RUN/census.json`.
#[derive(Debug, Clone, Serialize)]
pub struct CensusReport {
    pub as_of: NaiveDate,
    pub input: String,
    pub cases: usize,
    pub in_scope: usize,
    pub case_kinds: String,
    /// cases left out by the case-kind filter, per kind
    pub excluded_kinds: Vec<(String, usize)>,
    pub pending: i64,
    pub backlog: i64,
    pub overdue: i64,
    pub overdue_1y: i64,
    /// days past the due date from which a case counts in `overdue_1y` (category 1's rule)
    pub overdue_year_days: i64,
    pub suspended: i64,
    pub deferred: i64,
    pub backlog_in_categories: i64,
    pub debtors: usize,
    pub due_soon: usize,
    /// the windows of `census_due_soon` (days ahead), as census.toml set them
    pub due_soon_days: Vec<i64>,
    /// old court abbreviation → court code, and where the mapping came from
    pub court_aliases: Vec<(String, String, String)>,
    /// things the user should know (unknown case kinds …)
    pub notes: Vec<String>,
    pub rules: String,
    pub tables: Vec<String>,
    pub seconds: f64,
}

/// What one trend found, for the command's summary line and `RUN/trend.json`.
#[derive(Debug, Clone, Serialize)]
pub struct TrendReport {
    pub as_of: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: String,
    pub periods: usize,
    pub case_kinds: String,
    pub completion_rate_case_kinds: String,
    pub rows: usize,
    /// unit-period rows where B + N + R − D ≠ E
    pub breaches: usize,
    pub anomalies: usize,
    /// cases without a 立案日期 counted as received on the last day of their 案号's year
    /// (trend_case_anomalies lists them)
    pub filed_from_case_year: usize,
    /// See [`trend::TrendTables::closed_method_unknown`]: for the evaluation, not in
    /// trend.json
    #[serde(skip)]
    pub closed_method_unknown: i64,
    pub notes: Vec<String>,
    pub rules: String,
    pub tables: Vec<String>,
    pub seconds: f64,
}

fn meta_table(
    name: &str,
    infos: &[TableInfo],
    as_of: NaiveDate,
    kinds: &str,
    extra: &[(&str, String)],
    definitions: &[(&str, String)],
    origin: &str,
) -> Result<DataFrame> {
    let n = infos.len();
    // A table whose definition depends on the run's settings (the due-soon windows) is
    // said with them; the others have their words fixed.
    let definition = |t: &TableInfo| {
        definitions
            .iter()
            .find(|(name, _)| *name == t.name)
            .map_or(t.title, |(_, d)| d.as_str())
    };
    let mut cols = vec![
        Column::new(
            "table".into(),
            infos.iter().map(|t| t.name).collect::<Vec<_>>(),
        ),
        Column::new(
            "sheet".into(),
            infos.iter().map(|t| t.sheet_zh).collect::<Vec<_>>(),
        ),
        Column::new(
            "definition".into(),
            infos.iter().map(definition).collect::<Vec<_>>(),
        ),
        Column::new(
            "base".into(),
            infos.iter().map(|t| t.base).collect::<Vec<_>>(),
        ),
        const_str_col("case_kinds", kinds, n),
        frame::date_col("as_of", vec![Some(input::epoch_days(as_of)); n])?,
    ];
    for (k, v) in extra {
        cols.push(const_str_col(k, v, n));
    }
    cols.push(const_str_col("rules", origin, n));
    make_frame(name, cols)
}

/// The census tables of a classified case frame, without touching the disk.
pub fn census_tables(
    df: &DataFrame,
    cfg: &CensusConfig,
    file: &str,
) -> Result<(Vec<(&'static str, DataFrame)>, CensusReport)> {
    let started = Instant::now();
    let c = Cases::from_frame(df, file)?;
    let (scope, excluded) = c.scope(&cfg.case_kinds);
    let units = Units::build(
        &c,
        cfg,
        &[
            Level::All,
            Level::Court,
            Level::Team,
            Level::Officer,
            Level::Leader,
        ],
    );
    let kinds = cfg.kinds_text();
    // The tables are independent: build them on both cores.
    let ((summary, cats), ((causes, aging), (oldest, (due, debtors)))) = rayon::join(
        || {
            (
                summary::summary(&c, &scope, &units, &kinds, cfg.overdue_year_days),
                categories::categories(&c, &scope, &units, cfg),
            )
        },
        || {
            rayon::join(
                || {
                    (
                        causes::root_causes(&c, &scope, &units, cfg),
                        aging::aging(&c, &scope, &units, cfg),
                    )
                },
                || {
                    (
                        aging::oldest(&c, &scope, &units, cfg),
                        rayon::join(
                            || aging::due_soon(&c, &scope, &units, cfg),
                            || debtors::debtors(&c, &scope, &units, cfg),
                        ),
                    )
                },
            )
        },
    );
    let summary = summary?;
    let (cats, overlap) = cats?;
    let (causes, groups) = causes?;
    let (aging, oldest, due, debtors) = (aging?, oldest?, due?, debtors?);

    let excluded_text = excluded
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let meta = meta_table(
        "census_meta",
        &CENSUS_TABLES,
        c.as_of,
        &kinds,
        &[
            ("excluded_cases", excluded_text),
            ("mask_rule", cfg.mask.describe()),
            // In Chinese, as the rest of census_meta: the Chinese workbook shows it as is.
            ("court_aliases", units::court_aliases_text(&units.aliases)),
        ],
        &[
            (
                "census_summary",
                summary_definition(cfg.overdue_year_days).0,
            ),
            ("census_due_soon", due_soon_definition(&cfg.due_soon_days).0),
        ],
        &cfg.origin,
    )?;

    // The whole-run row of the summary holds the headline figures.
    let head = |name: &str| -> i64 {
        summary
            .column("level")
            .ok()
            .and_then(|l| {
                l.str()
                    .ok()
                    .map(|l| l.iter().position(|v| v == Some("all")))
            })
            .flatten()
            .and_then(|row| {
                summary
                    .column(name)
                    .ok()
                    .and_then(|c| c.i64().ok().and_then(|c| c.get(row)))
            })
            .unwrap_or(0)
    };
    let distinct = {
        let mut k = 0i64;
        for i in 0..c.n {
            if scope[i] && c.in_backlog[i] && c.status[i].is_open() && c.cats[i] != 0 {
                k += 1;
            }
        }
        k
    };
    let report = CensusReport {
        as_of: c.as_of,
        input: file.to_string(),
        cases: c.n,
        in_scope: scope.iter().filter(|&&s| s).count(),
        case_kinds: kinds.clone(),
        excluded_kinds: excluded,
        pending: head("pending"),
        backlog: head("backlog"),
        overdue: head("overdue"),
        overdue_1y: head("overdue_1y"),
        overdue_year_days: cfg.overdue_year_days,
        suspended: head("suspended"),
        deferred: head("deferred"),
        backlog_in_categories: distinct,
        debtors: debtors.height(),
        due_soon_days: cfg.due_soon_days.clone(),
        // Cases, not rows: a case is listed under each window it falls due within, and
        // the widest holds them all.
        due_soon: cfg
            .due_soon_days
            .iter()
            .max()
            .and_then(|w| {
                due.column("window_days")
                    .ok()?
                    .i64()
                    .ok()
                    .map(|c| c.iter().filter(|x| *x == Some(*w)).count())
            })
            .unwrap_or(0),
        court_aliases: units
            .aliases
            .iter()
            .map(|(o, n, s)| (o.clone(), n.clone(), s.to_string()))
            .collect(),
        notes: input::warn_unknown_kinds(&c, cfg),
        rules: cfg.origin.clone(),
        tables: CENSUS_TABLES.iter().map(|t| t.name.to_string()).collect(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let tables = vec![
        ("census_summary", summary),
        ("census_categories", cats),
        ("census_category_overlap", overlap),
        ("census_root_causes", causes),
        ("census_root_cause_groups", groups),
        ("census_aging", aging),
        ("census_oldest", oldest),
        ("census_due_soon", due),
        ("census_debtors", debtors),
        ("census_meta", meta),
    ];
    Ok((tables, report))
}

/// The trend tables of a classified case frame, without touching the disk.
pub fn trend_tables(
    df: &DataFrame,
    cfg: &CensusConfig,
    opts: &TrendOptions,
    file: &str,
) -> Result<(Vec<(&'static str, DataFrame)>, TrendReport)> {
    let started = Instant::now();
    let c = Cases::from_frame(df, file)?;
    let (from, to, by, mut notes) = trend::resolve_range(
        opts,
        cfg,
        c.as_of,
        input::date_of(c.observed_to()).unwrap_or(c.as_of),
    )?;
    let earliest = c
        .filed_on
        .iter()
        .flatten()
        .min()
        .and_then(|&d| input::date_of(d));
    notes.extend(trend::early_start_note(from, earliest));
    notes.extend(input::warn_unknown_kinds(&c, cfg));
    let periods = trend::periods(from, to, by)?;
    let units = Units::build(&c, cfg, &trend::LEVELS);
    let tt = trend::trend(&c, &units, cfg, &periods, opts.unknown_method_not_actual)?;
    notes.extend(tt.notes.iter().cloned());
    let kinds = cfg.kinds_text();
    let meta = meta_table(
        "trend_meta",
        &TREND_TABLES,
        c.as_of,
        &kinds,
        &[
            ("from", from.to_string()),
            ("to", to.to_string()),
            ("by", by.as_str().to_string()),
            (
                "completion_rate_case_kinds",
                cfg.completion_case_kinds.join(","),
            ),
            (
                "definitions",
                ratio_definitions(&cfg.completion_case_kinds, false),
            ),
            ("notes", notes.join("；")),
        ],
        &[],
        &cfg.origin,
    )?;
    let report = TrendReport {
        as_of: c.as_of,
        from,
        to,
        by: by.as_str().to_string(),
        periods: periods.iter().filter(|p| !p.total).count(),
        case_kinds: kinds,
        completion_rate_case_kinds: cfg.completion_case_kinds.join(","),
        rows: tt.flows.height(),
        breaches: tt.breach_count,
        anomalies: tt.anomalies.height(),
        filed_from_case_year: tt.filed_from_case_year,
        closed_method_unknown: tt.closed_method_unknown,
        notes,
        rules: cfg.origin.clone(),
        tables: TREND_TABLES.iter().map(|t| t.name.to_string()).collect(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let tables = vec![
        ("trend_flows", tt.flows),
        ("trend_ratios", tt.ratios),
        ("trend_breaches", tt.breaches),
        ("trend_case_anomalies", tt.anomalies),
        ("trend_meta", meta),
    ];
    Ok((tables, report))
}

fn read_run(run: &Path) -> Result<(DataFrame, String)> {
    let path = parquet_dir(run).join(CLASSIFIED);
    if !path.exists() {
        return Err(Error::Input {
            file: path.display().to_string(),
            row: None,
            column: None,
            message:
                "no classified cases in this run; run `caseflow classify RUN --as-of DATE` first"
                    .into(),
        });
    }
    let df = read_classified(&path)?;
    Ok((df, path.display().to_string()))
}

fn write_tables(run: &Path, tables: &mut [(&'static str, DataFrame)]) -> Result<()> {
    let dir = parquet_dir(run);
    std::fs::create_dir_all(&dir).map_err(|e| Error::output(&dir, e))?;
    for (name, df) in tables.iter_mut() {
        write_parquet(&dir.join(format!("{name}.parquet")), df)?;
    }
    Ok(())
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    textio::write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)
            .map_err(|e| Error::io(path, std::io::Error::other(e)))?;
        w.write_all(b"\n").map_err(|e| Error::io(path, e))
    })
}

/// `caseflow census RUN`: reads `RUN/parquet/cases_classified.parquet`, writes the census
/// tables to `RUN/parquet/` and `RUN/census.json`.
pub fn census_run(run: &Path, cfg: &CensusConfig) -> Result<CensusReport> {
    let started = Instant::now();
    let (df, file) = read_run(run)?;
    let (mut tables, mut report) = census_tables(&df, cfg, &file)?;
    write_tables(run, &mut tables)?;
    report.seconds = started.elapsed().as_secs_f64();
    write_json(&run.join("census.json"), &report)?;
    Ok(report)
}

/// `caseflow trend RUN`: reads `RUN/parquet/cases_classified.parquet`, writes the trend
/// tables to `RUN/parquet/` and `RUN/trend.json`.
pub fn trend_run(run: &Path, cfg: &CensusConfig, opts: &TrendOptions) -> Result<TrendReport> {
    let started = Instant::now();
    let (df, file) = read_run(run)?;
    let (mut tables, mut report) = trend_tables(&df, cfg, opts, &file)?;
    write_tables(run, &mut tables)?;
    report.seconds = started.elapsed().as_secs_f64();
    write_json(&run.join("trend.json"), &report)?;
    Ok(report)
}

#[cfg(test)]
mod english_tables {
    /// Every census and trend table has its English definition (the English report shows it).
    #[test]
    fn every_table_has_its_english_definition() {
        for t in super::CENSUS_TABLES
            .iter()
            .chain(super::TREND_TABLES.iter())
        {
            assert!(
                super::TABLES_EN.iter().any(|(n, _, _)| *n == t.name),
                "{}",
                t.name
            );
        }
    }

    /// e-due-soon-definition-hardcoded: census.toml's windows 15 and 90 were listed, but
    /// the definition said 30 and 60. The built-in windows keep the fixed words.
    #[test]
    fn the_due_soon_definition_names_the_windows() {
        let def = |n: &str| {
            super::CENSUS_TABLES
                .iter()
                .find(|t| t.name == n)
                .unwrap()
                .title
        };
        let en = |n: &str| super::TABLES_EN.iter().find(|t| t.0 == n).unwrap().1;
        let (zh, e) = super::due_soon_definition(&[30, 60]);
        assert_eq!(zh, def("census_due_soon"));
        assert_eq!(e, en("census_due_soon"));
        let (zh, e) = super::due_soon_definition(&[15, 90]);
        assert!(zh.starts_with("今后15日、90日内"), "{zh}");
        assert!(
            zh.contains("15日内到期的案件在15与90两个窗口中各列一次"),
            "{zh}"
        );
        assert!(!zh.contains("30") && !zh.contains("60"), "{zh}");
        assert!(e.contains("within the next 15 and 90 days"), "{e}");
        assert!(e.contains("due within 15 days is in both windows"), "{e}");
        let (zh, e) = super::due_soon_definition(&[7, 15, 30]);
        assert!(zh.contains("在7、15与30三个窗口中各列一次"), "{zh}");
        assert!(
            e.contains("next 7, 15 and 30 days") && e.contains("in all 3 windows"),
            "{e}"
        );
        let (zh, e) = super::due_soon_definition(&[45]);
        assert!(zh.starts_with("今后45日内") && !zh.contains("窗口"), "{zh}");
        assert!(e.contains("next 45 days") && !e.contains("window"), "{e}");
    }

    /// r-overdue-1y-label-ignores-min-days: with category 1 at 730 days, census_meta still
    /// described census_summary as counting 超期一年以上. The built-in 365 days keep the
    /// tables' words; other days are named.
    #[test]
    fn the_summary_definition_names_the_overdue_days() {
        let def = super::CENSUS_TABLES
            .iter()
            .find(|t| t.name == "census_summary")
            .unwrap()
            .title;
        let en = super::TABLES_EN
            .iter()
            .find(|t| t.0 == "census_summary")
            .unwrap()
            .1;
        assert_eq!(super::summary_definition(365), (def.into(), en.into()));
        let (zh, e) = super::summary_definition(730);
        assert!(zh.contains("超期、超期730日以上、中止"), "{zh}");
        assert!(!zh.contains("一年"), "{zh}");
        assert!(
            e.contains("overdue 730 days or more") && !e.contains("year"),
            "{e}"
        );
    }
}
