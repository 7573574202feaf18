//! `RUN/workbook.xlsx`: every metric table of a run as a sheet, for people who live in Excel.
//!
//! The Parquet tables stay the data contract (English column names, money in 分, ratios
//! as unrounded percentages); the workbook is their presentation, so it converts rather
//! than copies: Chinese sheet names and headers (English with [`Lang::En`]), money shown in
//! 元 with thousands separators (the 分 integer ÷ 100; the stored amount stays exact),
//! percentages as Excel percentages with two decimals (domain/metrics.md, "Rounding when
//! shown": Excel rounds the display half away from zero, as the definition asks), dates
//! as dates, booleans as 是/否, the header row frozen and filterable.
//!
//! Every text cell is written with `write_string`, never as a formula: a party name or a
//! raw value starting with `=`, `+`, `-` or `@` (or their full-width forms) must not
//! become a formula in a court officer's Excel (CSV/formula injection). Such text also
//! gets the quote-prefix format, so it stays text when someone edits the cell, and a text
//! longer than an Excel cell holds is cut with a mark instead of failing the workbook
//! ([`crate::sanitize::xlsx_cell`]).
//!
//! With `share` (`--share`, `share = true` in a pipeline file) every sheet is masked for
//! sharing before it is written ([`crate::mask::Masker::frame`]): party names, ID numbers,
//! and ID or phone numbers inside free text.
//!
//! Besides the metric tables the workbook holds the register of backlog cases (逐案登记造册:
//! one row per case with its categories, causes and officer) and the rejected input rows,
//! so the statistician has the whole census in one file. The register is the working list
//! handed to officers and leaders (积案台账): it names the parties in full, so that a case
//! can be recognised, and is masked like every other sheet only with `share` (DESIGN §2,
//! "Privacy": outputs meant to leave the statistics office are masked). Sheets are written in rust_xlsxwriter's constant-memory mode, so a
//! register of hundreds of thousands of rows does not hold the whole sheet in memory; a
//! table longer than Excel's 1,048,576 rows continues on a sheet named `…(2)`.

use std::path::Path;

use chrono::Datelike;
use polars::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::census::config::CensusConfig;
use crate::census::input::{date_of, CLASSIFIED};
use crate::census::{TableInfo, CENSUS_TABLES, TREND_TABLES};
use crate::evaluate::EVALUATION_TABLES;
use crate::ingest::reasons;
use crate::mask::Masker;
use crate::project::PROJECT_TABLES;
use crate::sanitize;
use crate::{Error, Result};

/// The language of sheet names and headers: the same switch as the report's.
pub use crate::report::Lang;

/// Data rows per sheet: Excel's 1,048,576 rows less the header.
const MAX_DATA_ROWS: usize = 1_048_575;

/// Rows looked at to size a text column.
const WIDTH_SAMPLE: usize = 200;

/// Column labels: (column, Chinese, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("level", "层级", "Level"),
    ("court_code", "法院代字", "Court code"),
    ("court_name", "法院", "Court"),
    ("team", "执行团队", "Team"),
    ("officer", "承办人", "Officer"),
    ("leader", "包案领导", "Leader"),
    ("pending", "未结", "Pending"),
    ("status_pending", "在办", "Active"),
    ("suspended", "中止", "Suspended"),
    ("deferred", "暂缓", "Deferred"),
    ("backlog", "积案", "Backlog"),
    ("backlog_share", "积案占未结比例", "Backlog share"),
    ("overdue", "超期", "Overdue"),
    ("overdue_1y", "超期一年以上", "Overdue ≥ 1 year"),
    ("backlog_has_assets", "积案中有财产", "Backlog with assets"),
    (
        "backlog_no_assets",
        "积案中无财产",
        "Backlog without assets",
    ),
    ("claim_fen", "申请执行标的", "Claimed"),
    ("outstanding_fen", "未执行到位金额", "Outstanding"),
    ("backlog_claim_fen", "积案申请执行标的", "Backlog claimed"),
    (
        "backlog_outstanding_fen",
        "积案未到位金额",
        "Backlog outstanding",
    ),
    ("claim_unknown", "标的额不明件数", "Claim unknown"),
    (
        "backlog_claim_unknown",
        "积案标的额不明件数",
        "Backlog claim unknown",
    ),
    ("case_kinds", "统计的案件类型", "Case kinds counted"),
    ("row_kind", "行类型", "Row kind"),
    ("category", "类别", "Category"),
    ("category_name", "类别名称", "Category name"),
    ("backlog_cases", "积案件数", "Backlog cases"),
    ("share_of_backlog", "占积案比例", "Share of backlog"),
    ("open_cases", "未结中该类件数", "Pending cases in category"),
    ("cat_1", "类别1", "Cat. 1"),
    ("cat_2", "类别2", "Cat. 2"),
    ("cat_3", "类别3", "Cat. 3"),
    ("cat_4", "类别4", "Cat. 4"),
    ("cat_5", "类别5", "Cat. 5"),
    ("cat_6", "类别6", "Cat. 6"),
    ("cat_7", "类别7", "Cat. 7"),
    ("rank", "序号", "Rank"),
    ("row_no", "序号", "No."),
    ("cause_group", "原因分组", "Cause group"),
    ("cause", "原因代码", "Cause code"),
    ("cause_name", "原因", "Cause"),
    ("cases", "件数", "Cases"),
    ("share", "占比", "Share"),
    ("cumulative_share", "累计占比", "Cumulative share"),
    ("band", "案龄段", "Age band"),
    ("band_from_months", "起（月）", "From (months)"),
    ("band_to_months", "止（月）", "To (months)"),
    ("case_no", "案号", "Case number"),
    ("case_kind", "案件类型", "Case kind"),
    ("status_as_of", "统计日状态", "Status at as-of date"),
    ("filed_on", "立案日期", "Filed"),
    ("closed_on", "结案日期", "Closed"),
    ("deducted_days", "扣除天数", "Deducted days"),
    ("age_days", "案龄（天）", "Age (days)"),
    ("age_months", "案龄（整月）", "Age (months)"),
    ("due_on", "法定期限届满日", "Due"),
    ("overdue_days", "超期天数", "Overdue days"),
    ("in_backlog", "是否积案", "In backlog"),
    ("categories", "所属类别", "Categories"),
    ("root_causes", "原因", "Root causes"),
    ("window_days", "期限窗口（天）", "Window (days)"),
    ("days_left", "距期限天数", "Days left"),
    ("debtor_kind", "被执行人类型", "Debtor kind"),
    ("name", "被执行人", "Debtor"),
    ("id_no", "证件号码", "ID number"),
    ("case_nos", "案号", "Case numbers"),
    ("earliest_filed_on", "最早立案日期", "Earliest filed"),
    ("max_overdue_days", "最长超期天数", "Longest overdue (days)"),
    ("court_codes", "法院代字", "Courts"),
    ("period", "期间", "Period"),
    ("period_start", "起始日", "Start"),
    ("period_end", "截止日", "End"),
    ("partial", "不完整期间", "Partial period"),
    ("whole_range", "全期合计", "Whole range"),
    ("period_days", "期间天数", "Period days"),
    ("pending_start", "旧存", "Pending at start (B)"),
    ("incoming", "新收", "Incoming (N)"),
    ("resolved", "结案", "Resolved (D)"),
    ("pending_end", "未结", "Pending at end (E)"),
    ("reopened", "恢复（原案号）", "Reopened (R)"),
    ("identity_gap", "B+N+R−D−E", "B+N+R−D−E"),
    ("identity_holds", "收结存相符", "Identity holds"),
    ("clearance_rate", "结收比", "Clearance rate"),
    (
        "clearance_rate_all",
        "结收比（含恢复）",
        "Clearance rate (incl. reopened)",
    ),
    (
        "disposition_time_days",
        "结案周期（天）",
        "Disposition time (days)",
    ),
    ("disposal_rate", "结案率", "Disposal rate"),
    ("pending_change", "未结变化率", "Pending change"),
    (
        "pending_to_incoming",
        "未结与新收之比",
        "Pending to incoming",
    ),
    ("handled", "受理", "Handled (B+N+R)"),
    ("closed_terminated_current", "终本结案", "Closed by 终本"),
    (
        "enforcement_closure_rate",
        "执结率",
        "Closure rate (执结率)",
    ),
    ("actual_closure_rate", "实际执结率", "Actual closure rate"),
    (
        "completion_closed",
        "结案（执行完毕率口径）",
        "Closed (completion basis)",
    ),
    ("completion_completed", "执行完毕", "Completed"),
    ("completion_rate", "执行完毕率", "Completion rate"),
    ("terminated_current_rate", "终本率", "终本 rate"),
    ("claim_closed_fen", "结案申请标的", "Claimed (closed)"),
    (
        "recovered_closed_fen",
        "结案执行到位金额",
        "Recovered (closed)",
    ),
    ("recovery_rate", "执行到位率", "Recovery rate"),
    (
        "closed_with_due",
        "有法定期限的结案",
        "Closed with a due date",
    ),
    (
        "closed_within_due",
        "法定期限内结案",
        "Closed within the period",
    ),
    (
        "within_period_rate",
        "法定期限内结案率",
        "Within-period closure rate",
    ),
    (
        "closed_with_duration",
        "可计用时的结案",
        "Closed with a duration",
    ),
    (
        "closed_within_90_share",
        "90日内结案占比",
        "Closed within 90 days",
    ),
    (
        "closed_within_180_share",
        "180日内结案占比",
        "Closed within 180 days",
    ),
    (
        "closed_within_365_share",
        "365日内结案占比",
        "Closed within 365 days",
    ),
    (
        "median_disposition_days",
        "结案用时中位数（天）",
        "Median days to disposition",
    ),
    (
        "completion_rate_case_kinds",
        "执行完毕率统计的案件类型",
        "Completion-rate case kinds",
    ),
    ("problem", "问题", "Problem"),
    ("table", "表", "Table"),
    ("sheet", "工作表", "Sheet"),
    ("definition", "口径", "Definition"),
    ("definition_en", "英文口径", "Definition (English)"),
    ("base", "统计范围", "Base"),
    ("as_of", "统计日", "As of"),
    (
        "excluded_cases",
        "未计入的案件类型及件数",
        "Cases excluded by kind",
    ),
    ("mask_rule", "遮蔽规则", "Masking rule"),
    ("court_aliases", "旧法院代字对应", "Court aliases"),
    ("rules", "规则文件", "Rules"),
    ("from", "起", "From"),
    ("to", "止", "To"),
    ("by", "期间单位", "Period"),
    ("definitions", "比率定义", "Definitions"),
    ("notes", "提示", "Notes"),
    ("cause_text", "案由", "Cause of action"),
    ("applicants", "申请执行人", "Applicants"),
    ("respondents", "被执行人", "Respondents"),
    ("recovered_fen", "执行到位金额", "Recovered"),
    ("petition_count", "信访次数", "Petitions"),
    ("has_assets", "有无可供执行财产", "Has assets"),
    ("category_reasons", "类别依据", "Category reasons"),
    ("root_cause_reasons", "原因依据", "Root-cause reasons"),
    ("source_file", "文件", "File"),
    ("source_sheet", "工作表", "Sheet"),
    ("source_row", "行", "Row"),
    ("month", "月份", "Month"),
    ("month_start", "月初", "Month start"),
    ("through", "截至", "Figures at"),
    ("received", "新收（含恢复）", "Received (incl. reopened)"),
    ("new_overdue", "新增超期", "Newly overdue"),
    ("backlog_closures", "积案结案", "Backlog closures"),
    ("pending_low", "未结（区间下限）", "Pending (low)"),
    ("pending_high", "未结（区间上限）", "Pending (high)"),
    ("backlog_low", "积案（区间下限）", "Backlog (low)"),
    ("backlog_high", "积案（区间上限）", "Backlog (high)"),
    ("unit_kind", "单位层级", "Unit level"),
    ("unit", "单位", "Unit"),
    ("backlog_now", "现有积案", "Backlog now"),
    ("pending_now", "现有未结", "Pending now"),
    (
        "required_backlog_closures_per_month",
        "清零所需每月积案结案数",
        "Backlog closures needed a month",
    ),
    (
        "current_backlog_closures_per_month",
        "近期每月积案结案数",
        "Backlog closures a month now",
    ),
    ("pace_rate", "进度达标率", "Pace (now ÷ needed)"),
    ("off_pace", "进度落后", "Off pace"),
    (
        "months_to_clear_at_current_pace",
        "按当前进度清完现有积案所需月数（不计新超期）",
        "Months to clear today's backlog at this pace (new overdue not counted)",
    ),
    (
        "required_total_closures_for_target",
        "达到未结目标所需每月结案数",
        "Closures a month for the pending target",
    ),
    (
        "monthly_closure_share",
        "每月积案结案比例",
        "Monthly share of backlog closed",
    ),
    (
        "closures_per_month",
        "每月积案结案数",
        "Backlog closures a month",
    ),
    (
        "months_to_clear",
        "清完现有积案所需月数",
        "Months to clear today's cases",
    ),
    (
        "cleared_by_month",
        "现有积案清完月份",
        "Today's cases cleared by",
    ),
    ("actual_pending", "实际未结", "Actual pending"),
    ("projected_pending", "预测未结", "Projected pending"),
    ("pending_error_rate", "未结预测误差", "Pending error"),
    (
        "actual_backlog",
        "实际超期未结（回测口径）",
        "Actual overdue pending (back-test)",
    ),
    (
        "projected_backlog",
        "预测超期未结（回测口径）",
        "Projected overdue pending (back-test)",
    ),
    ("dimension", "分组维度", "Dimension"),
    ("key", "代码", "Code"),
    ("label", "名称", "Name"),
    ("baseline_cases", "基线积案", "Baseline cases"),
    ("closed", "已结案", "Closed"),
    ("cleared_share", "清理比例", "Cleared share"),
    (
        "closed_not_terminated",
        "实际执结（不含终本）",
        "Closed, not by 终本",
    ),
    (
        "cleared_not_terminated_share",
        "清理比例（不含终本）",
        "Cleared share without 终本",
    ),
    ("terminated", "终本结案", "Closed by 终本"),
    (
        "resumed",
        "其间恢复执行（含已结、未结）",
        "Resumed on the way (closed or not)",
    ),
    ("remaining", "仍未结", "Remaining"),
    ("missing", "期末查无", "Not in end exports"),
    ("role", "身份", "Role"),
    ("overdue_remaining", "仍未结且超期", "Remaining and overdue"),
    (
        "recovered_during_fen",
        // End less census-date recovered: the exports carry no dates of recovery, so
        // January–February (before the census) is not in it.
        "普查日后执行到位",
        "Recovered since the census date",
    ),
    ("share_of_baseline", "占基线积案比例", "Share of baseline"),
    ("baseline_backlog", "普查日积案", "Backlog at the census"),
    ("end_backlog", "期末积案", "Backlog at the end"),
    ("change", "增减", "Change"),
    ("baseline_closed", "基线中已结案", "Baseline cases closed"),
    ("kind", "类型", "Kind"),
    ("goal", "序号", "No."),
    ("goal_name", "目标", "Goal"),
    ("goal_name_en", "英文名称", "Name (English)"),
    ("person", "姓名", "Name"),
    ("numerator", "分子", "Numerator"),
    ("denominator", "分母", "Denominator"),
    ("value_rate", "实际值", "Value"),
    ("target_rate", "目标值", "Target"),
    ("comparison", "比较", "Comparison"),
    ("met", "是否达成", "Met"),
    ("case_key", "案号键（各种写法归一）", "Case key"),
    ("baseline_cluster_id", "基线案件标识", "Baseline case id"),
    ("end_cluster_id", "期末案件标识", "End case id"),
    ("found_by", "匹配方式", "Found by"),
    ("baseline_status", "普查日状态", "Status at the census"),
    (
        "baseline_overdue_days",
        "普查日超期天数",
        "Overdue days at the census",
    ),
    ("end_status", "期末状态", "Status at the end"),
    ("end_closed_on", "结案日期", "Closed on"),
    ("end_closure_method", "结案方式", "Closure method"),
    (
        "end_overdue_days",
        "期末超期天数",
        "Overdue days at the end",
    ),
    ("resumed_case_no", "执恢案号", "Resuming case"),
    ("outcome", "去向代码", "Outcome code"),
    ("outcome_label", "去向", "Outcome"),
    (
        "baseline_recovered_fen",
        "普查日已执行到位",
        "Recovered at the census",
    ),
    (
        "end_recovered_fen",
        "期末已执行到位",
        "Recovered at the end",
    ),
    ("item", "项目", "Item"),
    ("value", "内容", "Value"),
    ("field", "字段", "Field"),
    ("column", "列", "Column"),
    ("raw_value", "原值", "Raw value"),
    ("reason", "原因", "Reason"),
    ("whole_row", "整行剔除", "Whole row rejected"),
];

/// The items of the note sheets (预测说明, 评估说明): (item, Chinese, English). A note sheet
/// is a list of key–value pairs whose keys are identifiers in the Parquet table; the
/// sheet shows them as words.
const ITEMS: &[(&str, &str, &str)] = &[
    // project_meta
    ("as_of", "统计日", "As-of date"),
    ("until", "预测截至", "Projected until"),
    ("model", "预测模型", "Model"),
    ("model_en", "预测模型（英文）", "Model (English)"),
    ("pace", "结案进度假定", "Pace assumed"),
    ("pace_en", "结案进度假定（英文）", "Pace assumed (English)"),
    (
        "received_per_month",
        "近期每月新收（含恢复）",
        "Received a month (recent, incl. reopened)",
    ),
    (
        "closed_per_month",
        "近期每月结案",
        "Closed a month (recent)",
    ),
    ("backlog_cleared_in", "积案清零月份", "Backlog cleared in"),
    (
        "backlog_cleared_in_en",
        "积案清零月份（英文）",
        "Backlog cleared in (English)",
    ),
    (
        "categories_assumption",
        "七类预测的假定",
        "Categories assumption",
    ),
    (
        "categories_assumption_en",
        "七类预测的假定（英文）",
        "Categories assumption (English)",
    ),
    ("what_if", "情景假设", "What-if"),
    ("what_if_en", "情景假设（英文）", "What-if (English)"),
    (
        "required_total_closures_for_target",
        "达到未结目标所需每月结案数",
        "Closures a month for the pending target",
    ),
    (
        "required_total_closures_for_target_en",
        "达到未结目标所需每月结案数（英文）",
        "Closures a month for the pending target (English)",
    ),
    ("backtest", "回测", "Back-test"),
    ("backtest_en", "回测（英文）", "Back-test (English)"),
    // evaluation_meta
    ("baseline_run", "基线运行目录", "Baseline run"),
    ("baseline_as_of", "基线统计日", "Baseline as-of date"),
    ("end_run", "期末运行目录", "End run"),
    ("end_as_of", "期末统计日", "End as-of date"),
    ("campaign", "活动期间", "Campaign"),
    ("case_kinds", "统计的案件类型", "Case kinds counted"),
    ("baseline", "基线口径", "Baseline"),
    ("matching", "匹配方法", "Matching"),
    ("cleared", "清理口径", "Cleared"),
    ("resumed", "恢复执行口径", "Resumed"),
    ("caveat", "注意", "Caveat"),
    ("notes", "提示", "Notes"),
];

/// A note sheet in the reader's language: item keys as words; in Chinese the rows that
/// only repeat another row in English (`backtest_en`) left out, and a case-kind filter
/// said in Chinese. The English sheet shows the English twin of such a row in its place.
/// `en_defs`: (table, English definition) said with the census's own settings (census.json:
/// the due-soon windows, the days of overdue_1y), for the English sheet in place of
/// [`crate::census::TABLES_EN`]'s words; the Chinese ones are census_meta's own.
fn note_sheet(df: &DataFrame, lang: Lang, en_defs: &[(&str, String)]) -> Result<DataFrame> {
    let ctx = |e| Error::polars("writing a note sheet", e);
    let (Ok(item), Ok(value)) = (
        df.column("item").and_then(|c| c.str().cloned()),
        df.column("value").and_then(|c| c.str().cloned()),
    ) else {
        // A meta table a column per item (census_meta, trend_meta): its notes said in
        // the reader's language.
        let mut out = df.clone();
        if let Ok(notes) = df.column("notes").and_then(|c| c.str().cloned()) {
            let said: StringChunked = notes
                .iter()
                .map(|v| v.map(|v| crate::report::quality::notes_text(lang, v)))
                .collect();
            out.replace("notes", said.with_name("notes".into()).into_column())
                .map_err(ctx)?;
        }
        // The court aliases say their source in Chinese (（据数据推断）); the English
        // sheet in English.
        if let (Lang::En, Ok(aliases)) = (
            lang,
            df.column("court_aliases").and_then(|c| c.str().cloned()),
        ) {
            let said: StringChunked = aliases
                .iter()
                .map(|v| v.map(crate::census::units::court_aliases_english))
                .collect();
            out.replace(
                "court_aliases",
                said.with_name("court_aliases".into()).into_column(),
            )
            .map_err(ctx)?;
        }
        // The definitions and bases are the census's Chinese words; the English sheet
        // says them as the English report does (census::TABLES_EN).
        if let (Lang::En, Ok(table)) = (lang, df.column("table").and_then(|c| c.str().cloned())) {
            let english = |k: usize| {
                let t: StringChunked = table
                    .iter()
                    .map(|n| {
                        crate::census::TABLES_EN
                            .iter()
                            .find(|(name, _, _)| Some(*name) == n)
                            .map(|e| match k {
                                1 => en_defs
                                    .iter()
                                    .find(|(t, _)| *t == e.0)
                                    .map_or_else(|| e.1.to_string(), |(_, d)| d.clone()),
                                _ => e.2.to_string(),
                            })
                    })
                    .collect();
                t
            };
            // Each table's sheet by the English workbook's name for it.
            if let Ok(sheets) = df.column("sheet").and_then(|c| c.str().cloned()) {
                let said: StringChunked = sheets
                    .iter()
                    .map(|v| {
                        v.map(|v| {
                            CENSUS_TABLES
                                .iter()
                                .chain(TREND_TABLES.iter())
                                .chain(EVALUATION_TABLES.iter())
                                .chain(PROJECT_TABLES.iter())
                                .find(|t| t.sheet_zh == v)
                                .map_or(v, |t| t.sheet_en)
                                .to_string()
                        })
                    })
                    .collect();
                out.replace("sheet", said.with_name("sheet".into()).into_column())
                    .map_err(ctx)?;
            }
            for (k, col) in [(1, "definition"), (2, "base")] {
                if let Ok(zh) = df.column(col).and_then(|c| c.str().cloned()) {
                    let en = english(k);
                    let said: StringChunked = en
                        .iter()
                        .zip(zh.iter())
                        .map(|(e, z)| e.or(z).map(str::to_string))
                        .collect();
                    out.replace(col, said.with_name(col.into()).into_column())
                        .map_err(ctx)?;
                }
            }
        }
        return Ok(out);
    };
    // A row with an English twin (`backtest` beside `backtest_en`) is shown in one language:
    // the Chinese sheet keeps the row, the English sheet its twin, under the row's name.
    let twinned = |k: &str| {
        item.iter()
            .flatten()
            .any(|x| x.strip_suffix("_en") == Some(k))
    };
    let keep: BooleanChunked = item
        .iter()
        .map(|k| {
            Some(match (lang, k) {
                (_, None) => true,
                (Lang::Zh, Some(k)) => !k.ends_with("_en"),
                (Lang::En, Some(k)) => !twinned(k),
            })
        })
        .collect();
    let values: StringChunked = item
        .iter()
        .zip(value.iter())
        .map(|(k, v)| match (k, v) {
            (Some("case_kinds"), Some(v)) => Some(value_text("case_kinds", v, lang).into_owned()),
            (Some("notes"), Some(v)) => Some(crate::report::quality::notes_text(lang, v)),
            (_, v) => v.map(str::to_string),
        })
        .collect();
    let items: StringChunked = item
        .iter()
        .map(|k| {
            k.map(|k| {
                let k = match (lang, k.strip_suffix("_en")) {
                    (Lang::En, Some(base)) if ITEMS.iter().any(|(i, _, _)| *i == base) => base,
                    _ => k,
                };
                ITEMS
                    .iter()
                    .find(|(i, _, _)| *i == k)
                    .map_or(k, |(_, zh, en)| if lang == Lang::Zh { zh } else { en })
                    .to_string()
            })
        })
        .collect();
    let mut out = df.clone();
    out.replace("item", items.with_name("item".into()).into_column())
        .map_err(ctx)?;
    out.replace("value", values.with_name("value".into()).into_column())
        .map_err(ctx)?;
    out.filter(&keep).map_err(ctx)
}

/// Coded values shown in Chinese: (column, value, Chinese).
const VALUES: &[(&str, &str, &str)] = &[
    ("level", "all", "全部"),
    ("level", "court", "法院"),
    ("level", "team", "执行团队"),
    ("level", "officer", "承办人"),
    ("level", "leader", "包案领导"),
    ("status_as_of", "pending", "在办"),
    ("status_as_of", "suspended", "中止"),
    ("status_as_of", "deferred", "暂缓"),
    ("status_as_of", "closed", "已结"),
    ("status_as_of", "not_filed", "未立案"),
    ("debtor_kind", "person", "自然人"),
    ("debtor_kind", "company", "法人或其他组织"),
    ("debtor_kind", "government", "机关"),
    ("debtor_kind", "unknown", "未能识别（按自然人遮蔽）"),
    ("row_kind", "category", "类别"),
    ("row_kind", "distinct_total", "合计（去重）"),
    ("row_kind", "sum_with_overlap", "逐类相加"),
    ("row_kind", "none", "不属七类"),
    ("kind", "history", "实际"),
    ("kind", "projection", "预测"),
    ("unit_kind", "all", "全院"),
    ("unit_kind", "team", "执行团队"),
    ("unit_kind", "officer", "承办人"),
    ("row_kind", "outcome", "去向"),
    ("row_kind", "closure_method", "结案方式"),
    ("kind", "goal", "方案目标"),
    ("kind", "national", "全国指标（对照）"),
    ("role", "officer", "承办人"),
    ("role", "leader", "包案领导"),
    ("dimension", "all", "全部"),
    ("dimension", "category", "七类案件"),
    ("dimension", "root_cause", "积案原因"),
    ("dimension", "court", "法院"),
    ("dimension", "team", "执行团队"),
    ("dimension", "officer", "承办人"),
    ("dimension", "leader", "包案领导"),
    ("found_by", "case_key", "案号"),
    (
        "found_by",
        "filing_claim_respondents",
        "立案日期、标的和被执行人",
    ),
    ("baseline_status", "pending", "在办"),
    ("baseline_status", "suspended", "中止"),
    ("baseline_status", "deferred", "暂缓"),
    ("end_status", "pending", "在办"),
    ("end_status", "suspended", "中止"),
    ("end_status", "deferred", "暂缓"),
    ("end_status", "closed", "已结"),
    ("comparison", ">=", "≥"),
    ("by", "month", "按月"),
    ("by", "quarter", "按季"),
    ("by", "year", "按年"),
];

pub fn label(col: &str, lang: Lang) -> String {
    let base = LABELS
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
        .unwrap_or(col)
        .to_string();
    if col.ends_with("_fen") {
        match lang {
            Lang::Zh => format!("{base}（元）"),
            Lang::En => format!("{base} (yuan)"),
        }
    } else if col == "closed_within_90_share"
        || col == "closed_within_180_share"
        || col == "closed_within_365_share"
    {
        base
    } else if let Some(days) = col
        .strip_prefix("closed_within_")
        .and_then(|s| s.strip_suffix("_share"))
    {
        match lang {
            Lang::Zh => format!("{days}日内结案占比"),
            Lang::En => format!("Closed within {days} days"),
        }
    } else {
        base
    }
}

/// A frame's row labels that caseflow itself writes, in English as the `--lang en` report
/// names them: age bands (`0–3 months`), the seven categories (`1. Overdue by a year or
/// more`), root causes and their groups, the evaluation's outcomes and cleared groups. The
/// tables hold them in Chinese (built once, for both languages); None when the frame has
/// none of them.
fn english_labels(df: &DataFrame) -> Result<Option<DataFrame>> {
    use crate::report::sections::{category_label, category_row_en, cause_en, cause_group_en};
    let ctx = |e| Error::polars("workbook: labels in English", e);
    let strs = |name: &str| -> Option<Vec<Option<String>>> {
        let c = df.column(name).ok()?.str().ok()?;
        Some(c.iter().map(|v| v.map(str::to_string)).collect())
    };
    let ints = |name: &str| -> Option<Vec<Option<i64>>> {
        let c = df.column(name).ok()?.cast(&DataType::Int64).ok()?;
        Some(c.i64().ok()?.iter().collect())
    };
    let fate_en = |key: Option<&str>, zh: Option<&str>| {
        crate::evaluate::follow::FATES
            .iter()
            .find(|f| key == Some(f.code()) || zh == Some(f.zh()))
            .map(|f| f.en().to_string())
    };
    let rows = 0..df.height();
    let mut replaced: Vec<(&str, Vec<Option<String>>)> = Vec::new();
    if let (Some(band), Some(from), Some(to)) = (
        strs("band"),
        ints("band_from_months"),
        ints("band_to_months"),
    ) {
        let en = rows
            .clone()
            .map(|i| match (from[i], to[i]) {
                (Some(a), Some(b)) => Some(format!("{a}–{b} months")),
                (Some(a), None) => Some(format!("{a}+ months")),
                _ => band[i].clone(),
            })
            .collect();
        replaced.push(("band", en));
    }
    if let (Some(name), Some(k)) = (strs("category_name"), ints("category")) {
        // The summary rows (七类合计 …) have no category number: named by their row kind.
        let kind = strs("row_kind");
        let en = rows
            .clone()
            .map(|i| match k[i] {
                Some(k) => Some(category_label(Lang::En, Some(k), None)),
                None => kind
                    .as_ref()
                    .and_then(|r| r[i].as_deref())
                    .and_then(category_row_en)
                    .map(str::to_string)
                    .or_else(|| name[i].clone()),
            })
            .collect();
        replaced.push(("category_name", en));
    }
    if let Some(g) = strs("cause_group") {
        let en = g
            .iter()
            .map(|v| v.as_deref().map(|v| cause_group_en(v).to_string()))
            .collect();
        replaced.push(("cause_group", en));
    }
    if let (Some(name), Some(code)) = (strs("cause_name"), strs("cause")) {
        let en = rows
            .clone()
            .map(|i| code[i].as_deref().map(cause_en).or_else(|| name[i].clone()))
            .collect();
        replaced.push(("cause_name", en));
    }
    // The evaluation's `label` beside a `key`: an outcome (evaluation_outcomes), or a
    // cleared group by its dimension (evaluation_cleared); courts, teams and people keep
    // their names.
    if let (Some(label), Some(key)) = (strs("label"), strs("key")) {
        let dim = strs("dimension");
        let en = rows
            .clone()
            .map(|i| {
                let key = key[i].as_deref();
                let translated = match dim.as_ref().and_then(|d| d[i].as_deref()) {
                    Some("all") => Some("All baseline backlog".to_string()),
                    Some("category") => key
                        .and_then(|k| k.parse::<i64>().ok())
                        .map(|k| category_label(Lang::En, Some(k), None)),
                    Some("root_cause") => key.map(cause_en),
                    Some(_) => None,
                    None => fate_en(key, label[i].as_deref()),
                };
                translated.or_else(|| label[i].clone())
            })
            .collect();
        replaced.push(("label", en));
    }
    if replaced.is_empty() {
        return Ok(None);
    }
    let mut out = df.clone();
    for (name, values) in replaced {
        let col = StringChunked::from_iter_options(name.into(), values.into_iter());
        out.replace(name, col.into_column()).map_err(ctx)?;
    }
    Ok(Some(out))
}

fn value_text<'a>(col: &str, v: &'a str, lang: Lang) -> std::borrow::Cow<'a, str> {
    if lang == Lang::En {
        // The evaluation's tables carry the outcome in Chinese (they are built once); its
        // English name is the report's.
        if col == "outcome_label" {
            if let Some(f) = crate::evaluate::follow::FATES.iter().find(|f| f.zh() == v) {
                return f.en().into();
            }
        }
        return v.into();
    }
    // Case kinds by the one table of their names (census::config::CASE_KIND_LABELS), as
    // the report and the charts name them.
    let kind = |k: &'a str| crate::census::config::case_kind_label(k).map_or(k, |(zh, _)| zh);
    if col == "case_kinds" || col == "completion_rate_case_kinds" {
        // A comma-separated filter: translate each kind.
        return v.split(',').map(kind).collect::<Vec<_>>().join("、").into();
    }
    if col == "case_kind" {
        return kind(v).into();
    }
    VALUES
        .iter()
        .find(|(c, val, _)| *c == col && *val == v)
        .map_or(v.into(), |(_, _, zh)| (*zh).into())
}

/// How a column is shown.
enum Kind {
    Text(StringChunked),
    Int(Int64Chunked),
    /// 分 shown as 元
    Money(Int64Chunked),
    /// A percentage (100 = 100 %) shown as an Excel percentage
    Percent(Float64Chunked),
    /// A plain number with this format
    Number(Float64Chunked, &'static str),
    Date(Int32Chunked),
    Bool(BooleanChunked),
    List(Vec<Option<String>>),
}

fn is_percent(name: &str) -> bool {
    name.ends_with("_rate")
        || name.ends_with("share")
        || name.starts_with("share_of")
        || name == "clearance_rate_all"
        || name == "pending_change"
        || name == "pending_to_incoming"
}

fn classify_column(c: &Column) -> Result<Kind> {
    let name = c.name().as_str();
    let e = |e| Error::polars(format!("workbook: column {name}"), e);
    Ok(match c.dtype() {
        DataType::String => Kind::Text(c.str().map_err(e)?.rechunk().into_owned()),
        DataType::Boolean => Kind::Bool(c.bool().map_err(e)?.rechunk().into_owned()),
        DataType::Date => {
            let p = c.cast(&DataType::Int32).map_err(e)?;
            Kind::Date(p.i32().map_err(e)?.rechunk().into_owned())
        }
        DataType::Float32 | DataType::Float64 => {
            let f = c.cast(&DataType::Float64).map_err(e)?;
            let f = f.f64().map_err(e)?.rechunk().into_owned();
            if is_percent(name) {
                Kind::Percent(f)
            } else if name.ends_with("_days") {
                Kind::Number(
                    f,
                    if name == "median_disposition_days" {
                        "0.0"
                    } else {
                        "0"
                    },
                )
            } else {
                Kind::Number(f, "#,##0.00")
            }
        }
        DataType::List(_) => {
            let l = c.list().map_err(e)?;
            let mut out = Vec::with_capacity(l.len());
            for s in l.amortized_iter() {
                out.push(s.and_then(|s| {
                    s.as_ref()
                        .str()
                        .ok()
                        .map(|x| x.iter().flatten().collect::<Vec<&str>>().join("、"))
                }));
            }
            Kind::List(out)
        }
        dt if dt.is_integer() => {
            let v = c.cast(&DataType::Int64).map_err(e)?;
            let v = v.i64().map_err(e)?.rechunk().into_owned();
            if name.ends_with("_fen") {
                Kind::Money(v)
            } else {
                Kind::Int(v)
            }
        }
        _ => {
            let s = c.cast(&DataType::String).map_err(e)?;
            Kind::Text(s.str().map_err(e)?.rechunk().into_owned())
        }
    })
}

struct Formats {
    header: Format,
    int: Format,
    money: Format,
    percent: Format,
    date: Format,
    day0: Format,
    day1: Format,
    num2: Format,
    /// Text a spreadsheet could read as a formula: shown and kept as text.
    quoted: Format,
    /// Set when the workbook is shareable: every sheet is masked before it is written.
    mask: Option<Masker>,
    /// The days `overdue_1y` was counted with (census.json), for its heading.
    overdue_year_days: Option<i64>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(0xD9E1F2),
            int: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            day0: Format::new().set_num_format("0"),
            day1: Format::new().set_num_format("0.0"),
            num2: Format::new().set_num_format("#,##0.00"),
            quoted: Format::new().set_quote_prefix(),
            mask: None,
            overdue_year_days: None,
        }
    }
}

/// Writes one text cell: always a string cell, never a formula; formula-like text with the
/// quote-prefix format; text longer than a cell holds cut with a mark.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let x = sanitize::xlsx_cell(s);
    if x.quote_prefix {
        ws.write_string_with_format(row, col, x.text.as_ref(), &f.quoted)
            .map(|_| ())
    } else {
        ws.write_string(row, col, x.text.as_ref()).map(|_| ())
    }
}

fn xerr(path: &Path, e: XlsxError) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\` nor a control character,
/// not starting or ending with `'`, never empty (a name built from data must not make
/// the whole workbook fail).
fn sheet_name(base: &str, part: usize) -> String {
    let clean: String = base
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'');
    let clean = if clean.is_empty() { "_" } else { clean };
    let suffix = if part > 1 {
        format!("({part})")
    } else {
        String::new()
    };
    let keep = 31 - suffix.chars().count();
    let cut: String = clean.chars().take(keep).collect();
    let mut s = cut.trim_end_matches('\'').to_string();
    if s.is_empty() {
        s.push('_');
    }
    s.push_str(&suffix);
    s
}

/// The custom document property (文件属性 › 自定义) that marks a workbook as one caseflow
/// wrote: a copy kept among the exports (上次结果.xlsx) is then recognised and not read as
/// a case list (crate::ingest::notexport). Excel and WPS keep custom properties on save.
pub const MARKER_PROPERTY: &str = "caseflow";

/// The names of the sheets caseflow writes, in both languages (without the `(2)` of a
/// continued sheet): the metric tables, the backlog register and the rejected rows.
fn own_sheet_bases() -> impl Iterator<Item = &'static str> {
    EVALUATION_TABLES
        .iter()
        .chain(CENSUS_TABLES.iter())
        .chain(TREND_TABLES.iter())
        .chain(PROJECT_TABLES.iter())
        .flat_map(|t| [t.sheet_zh, t.sheet_en])
        .chain(["积案清册", "Backlog register", "问题数据", "Rejects"])
}

/// True when `name` is the name of a sheet caseflow writes (a continued sheet too): a
/// workbook whose sheets are all such is one of caseflow's, even one written before the
/// workbook carried [`MARKER_PROPERTY`].
pub fn is_own_sheet_name(name: &str) -> bool {
    let part = name
        .strip_suffix(')')
        .and_then(|n| n.rsplit_once('('))
        .and_then(|(_, p)| p.parse::<usize>().ok())
        .filter(|p| *p > 1)
        .unwrap_or(1);
    own_sheet_bases().any(|b| sheet_name(b, part) == name)
}

/// Writes one frame as one sheet (or several when it is longer than Excel allows).
/// Columns that hold a program code next to a column with its name in words
/// (`cause` beside `cause_name`, `outcome` beside `outcome_label`).
const CODE_COLUMNS: [(&str, &str); 2] = [("cause", "cause_name"), ("outcome", "outcome_label")];

fn write_sheet(
    wb: &mut Workbook,
    path: &Path,
    name: &str,
    df: &DataFrame,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let masked;
    let df = match &f.mask {
        Some(m) => {
            masked = m.frame(df)?;
            &masked
        }
        None => df,
    };
    let english;
    let df = match lang {
        Lang::En => match english_labels(df)? {
            Some(e) => {
                english = e;
                &english
            }
            None => df,
        },
        Lang::Zh => df,
    };
    let cols: Vec<(String, Kind)> = df
        .columns()
        .iter()
        .map(|c| Ok((c.name().to_string(), classify_column(c)?)))
        .collect::<Result<_>>()?;
    let headers: Vec<String> = cols
        .iter()
        .map(|(n, _)| match (n.as_str(), f.overdue_year_days) {
            ("overdue_1y", Some(days)) => {
                let (zh, en) = crate::census::overdue_year_label(days);
                if lang == Lang::Zh {
                    zh
                } else {
                    en
                }
            }
            _ => label(n, lang),
        })
        .collect();
    let height = df.height();
    let parts = height.div_ceil(MAX_DATA_ROWS).max(1);
    for part in 0..parts {
        let lo = part * MAX_DATA_ROWS;
        let hi = (lo + MAX_DATA_ROWS).min(height);
        let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory();
        ws.set_name(sheet_name(name, part + 1))
            .map_err(|e| xerr(path, e))?;
        for (k, h) in headers.iter().enumerate() {
            // Width from the header and the first rows, in characters (CJK count double).
            let width =
                |s: &str| -> usize { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
            let sample = (lo..hi.min(lo + WIDTH_SAMPLE)).filter_map(|r| match &cols[k].1 {
                Kind::Text(ca) => ca.get(r).map(|v| width(&value_text(&cols[k].0, v, lang))),
                Kind::List(v) => v[r].as_deref().map(width),
                _ => None,
            });
            let w = sample.fold(width(h), usize::max);
            let w = match &cols[k].1 {
                Kind::Date(_) => w.max(11),
                Kind::Money(_) => w.max(16),
                _ => w.max(8),
            };
            ws.set_column_width(k as u16, w.min(60) as f64 + 1.0)
                .map_err(|e| xerr(path, e))?;
            // A code column (no_assets, closed_terminated) stands beside its name in the
            // reader's language: hidden, so that a Chinese sheet shows no English words, yet
            // kept for lookups and filters (unhide it in Excel).
            let named = CODE_COLUMNS
                .iter()
                .any(|(code, name)| *code == cols[k].0 && df.column(name).is_ok());
            if named {
                ws.set_column_hidden(k as u16).map_err(|e| xerr(path, e))?;
            }
        }
        for (k, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, k as u16, h, &f.header)
                .map_err(|e| xerr(path, e))?;
        }
        ws.set_freeze_panes(1, 0).map_err(|e| xerr(path, e))?;
        for r in lo..hi {
            let row = (r - lo + 1) as u32;
            for (k, (cname, kind)) in cols.iter().enumerate() {
                let c = k as u16;
                let res = match kind {
                    Kind::Text(ca) => match ca.get(r) {
                        Some(v) => write_text(ws, row, c, &value_text(cname, v, lang), f),
                        None => Ok(()),
                    },
                    Kind::Int(ca) => match ca.get(r) {
                        Some(v) => ws
                            .write_number_with_format(row, c, v as f64, &f.int)
                            .map(|_| ()),
                        None => Ok(()),
                    },
                    Kind::Money(ca) => match ca.get(r) {
                        // 分 → 元 for display only; two decimals keep it exact.
                        Some(v) => ws
                            .write_number_with_format(row, c, v as f64 / 100.0, &f.money)
                            .map(|_| ()),
                        None => Ok(()),
                    },
                    Kind::Percent(ca) => match ca.get(r) {
                        Some(v) => ws
                            .write_number_with_format(row, c, v / 100.0, &f.percent)
                            .map(|_| ()),
                        None => Ok(()),
                    },
                    Kind::Number(ca, fmt) => match ca.get(r) {
                        Some(v) => {
                            let fm = match *fmt {
                                "0" => &f.day0,
                                "0.0" => &f.day1,
                                _ => &f.num2,
                            };
                            ws.write_number_with_format(row, c, v, fm).map(|_| ())
                        }
                        None => Ok(()),
                    },
                    Kind::Date(ca) => match ca.get(r).and_then(date_of) {
                        Some(d) => match u16::try_from(d.year()).ok().and_then(|y| {
                            ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
                        }) {
                            Some(x) => ws
                                .write_datetime_with_format(row, c, &x, &f.date)
                                .map(|_| ()),
                            None => write_text(ws, row, c, &d.to_string(), f),
                        },
                        None => Ok(()),
                    },
                    Kind::Bool(ca) => match ca.get(r) {
                        Some(v) => {
                            let s = match (lang, v) {
                                (Lang::Zh, true) => "是",
                                (Lang::Zh, false) => "否",
                                (Lang::En, true) => "yes",
                                (Lang::En, false) => "no",
                            };
                            ws.write_string(row, c, s).map(|_| ())
                        }
                        None => Ok(()),
                    },
                    Kind::List(v) => match &v[r] {
                        Some(s) if !s.is_empty() => write_text(ws, row, c, s, f),
                        _ => Ok(()),
                    },
                };
                res.map_err(|e| xerr(path, e))?;
            }
        }
        if hi > lo && !headers.is_empty() {
            ws.autofilter(0, 0, (hi - lo) as u32, (headers.len() - 1) as u16)
                .map_err(|e| xerr(path, e))?;
        }
    }
    Ok(())
}

use crate::ingest::read_parquet;

/// A list column of texts as one text per row, each item passed through `each` and joined
/// with `sep` (、 in Chinese; a sheet shows no lists). `Ok(None)` when the table has no such column; an
/// error when it is not a list.
fn joined_list(
    df: &DataFrame,
    name: &str,
    each: impl Fn(&str) -> String,
    sep: &str,
) -> Result<Option<Column>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    let l = c
        .list()
        .map_err(|e| Error::polars(format!("workbook: column {name}"), e))?;
    let out: Vec<Option<String>> = l
        .amortized_iter()
        .map(|s| {
            s.and_then(|s| {
                s.as_ref()
                    .str()
                    .ok()
                    .map(|x| x.iter().flatten().map(&each).collect::<Vec<_>>().join(sep))
            })
        })
        .collect();
    Ok(Some(
        StringChunked::from_iter_options(name.into(), out.into_iter()).into_column(),
    ))
}

/// A `root_causes` list of codes (no_assets, evasion) as the causes' names, joined with 、:
/// what a statistician reads in a sheet. In English as the English report names them (its
/// Pareto table), joined with "; " (an English name may hold a comma). `None` when the
/// table has no such column or, in Chinese, holds the names already.
fn cause_names(df: &DataFrame, cfg: &CensusConfig, lang: Lang) -> Result<Option<Column>> {
    match (df.column("root_causes").map(|c| c.dtype()), lang) {
        (Ok(DataType::List(_)), Lang::Zh) => {
            joined_list(df, "root_causes", |k| cfg.cause_name(k), "、")
        }
        (Ok(DataType::List(_)), Lang::En) => {
            joined_list(df, "root_causes", crate::report::sections::cause_en, "; ")
        }
        // The census's case lists (census_oldest, census_due_soon) hold the names already,
        // in Chinese (tables are built once): in English by their codes.
        (Ok(DataType::String), Lang::En) => {
            let c = df
                .column("root_causes")
                .and_then(|c| c.str().cloned())
                .map_err(|e| Error::polars("workbook: column root_causes", e))?;
            let en: Vec<Option<String>> = c
                .iter()
                .map(|v| {
                    v.map(|v| {
                        cfg.cause_codes(v)
                            .iter()
                            .map(|k| crate::report::sections::cause_en(k))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                })
                .collect();
            Ok(Some(
                StringChunked::from_iter_options("root_causes".into(), en.into_iter())
                    .into_column(),
            ))
        }
        _ => Ok(None),
    }
}

/// The register of backlog cases (逐案登记造册) from the classified cases: one row per
/// backlog case, the parties in full (masked with the other sheets when shared).
fn register(path: &Path, cfg: &CensusConfig, lang: Lang) -> Result<DataFrame> {
    let wanted = [
        "case_no",
        "court_code",
        "court_name",
        "case_kind",
        "cause",
        "filed_on",
        "status_as_of",
        "due_on",
        "deducted_days",
        "age_days",
        "overdue_days",
        "cat_1",
        "cat_2",
        "cat_3",
        "cat_4",
        "cat_5",
        "cat_6",
        "cat_7",
        "root_causes",
        "applicants",
        "respondents",
        "officer",
        "team",
        "leader",
        "claim_fen",
        "recovered_fen",
        "has_assets",
        "petition_count",
        "category_reasons",
        "root_cause_reasons",
        "in_backlog",
    ];
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(f);
    let schema = reader
        .schema()
        .map_err(|e| Error::polars(format!("reading {}", path.display()), e))?;
    let present: Vec<String> = wanted
        .iter()
        .filter(|w| schema.iter_names().any(|n| n.as_str() == **w))
        .map(|s| s.to_string())
        .collect();
    if !present.iter().any(|p| p == "in_backlog") {
        return Ok(DataFrame::empty());
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let df = ParquetReader::new(f)
        .with_columns(Some(present.clone()))
        .finish()
        .map_err(|e| Error::polars(format!("reading {}", path.display()), e))?;
    let ctx = |e| Error::polars("building the backlog register", e);
    // The court each case is counted under in the census tables (绍柯 as 浙0603, a case
    // without a court code as its court's), so that a filter on the register by court
    // finds the cases the tables count.
    let mut df = df;
    // The census's case kinds only (执异 review cases are no enforcement backlog): the
    // register lists the cases 积案汇总 counts, no more.
    let mut in_scope: Option<Vec<bool>> = None;
    {
        use crate::census::units::{Level, Units};
        let full = crate::census::input::read_classified(path)?;
        let cases = crate::census::input::Cases::from_frame(&full, &path.display().to_string())?;
        if cases.n == df.height() {
            in_scope = Some(cases.scope(&cfg.case_kinds).0);
            let units = Units::build(&cases, cfg, &[Level::Court]);
            let (codes, names): (Vec<Option<&str>>, Vec<Option<&str>>) =
                (0..cases.n).map(|i| units.court_of_case(i)).unzip();
            for (name, v) in [("court_code", codes), ("court_name", names)] {
                if df.column(name).is_ok() {
                    df.with_column(Column::new(name.into(), v)).map_err(ctx)?;
                }
            }
        }
    }
    let mut mask = df
        .column("in_backlog")
        .and_then(|c| c.bool().cloned())
        .map_err(ctx)?;
    if let Some(scope) = in_scope {
        mask = &mask & &BooleanChunked::from_slice("scope".into(), &scope);
    }
    let df = df.filter(&mask).map_err(ctx)?;
    let mut df = in_case_order(&df).map_err(ctx)?;
    let n = df.height();
    // Categories as "1、4", causes by name, parties joined.
    let mut cats: Vec<Option<String>> = vec![None; n];
    for k in 1..=7 {
        if let Ok(c) = df.column(&format!("cat_{k}")) {
            let b = c.bool().map_err(ctx)?;
            for (r, v) in b.iter().enumerate() {
                if v == Some(true) {
                    let s = cats[r].get_or_insert_with(String::new);
                    if !s.is_empty() {
                        s.push('、');
                    }
                    s.push_str(&k.to_string());
                }
            }
        }
    }
    // In full: the register is the office's working list. Shared, the sheet goes through
    // the Masker like every other (write_sheet), which masks natural persons' names here.
    let applicants = joined_list(&df, "applicants", str::to_string, "、")?;
    let respondents = joined_list(&df, "respondents", str::to_string, "、")?;
    let causes = cause_names(&df, cfg, lang)?;
    for c in [applicants, respondents, causes].into_iter().flatten() {
        df.with_column(c).map_err(ctx)?;
    }
    df.with_column(
        StringChunked::from_iter_options("categories".into(), cats.into_iter()).into_column(),
    )
    .map_err(ctx)?;
    if df.column("cause").is_ok() {
        df.rename("cause", "cause_text".into()).map_err(ctx)?;
    }
    let order: Vec<&str> = [
        "row_no",
        "case_no",
        "court_code",
        "court_name",
        "case_kind",
        "cause_text",
        "filed_on",
        "status_as_of",
        "due_on",
        "deducted_days",
        "age_days",
        "overdue_days",
        "categories",
        "root_causes",
        "applicants",
        "respondents",
        "officer",
        "team",
        "leader",
        "claim_fen",
        "recovered_fen",
        "has_assets",
        "petition_count",
        "category_reasons",
        "root_cause_reasons",
    ]
    .into_iter()
    .filter(|c| df.column(c).is_ok())
    .collect();
    df.select(order).map_err(ctx)
}

/// A case list in 案号 order by court, numbers as numbers
/// ([`crate::census::units::case_order_key`]), with a 序号 column in front (`row_no`, 1 …
/// n): Excel sorts a 案号 as text (执100号 before 执12号), so after sorting by another
/// column, a user gets the list's order back by its 序号.
fn in_case_order(df: &DataFrame) -> PolarsResult<DataFrame> {
    let text = |name: &str| -> Vec<Option<String>> {
        df.column(name)
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .map_or_else(
                || vec![None; df.height()],
                |c| c.iter().map(|v| v.map(str::to_string)).collect(),
            )
    };
    let (court, case_no) = (text("court_code"), text("case_no"));
    let mut order: Vec<IdxSize> = (0..df.height() as IdxSize).collect();
    order.sort_by_cached_key(|&i| {
        crate::census::units::case_order_key(
            court[i as usize].as_deref(),
            case_no[i as usize].as_deref(),
        )
    });
    let mut out = df.take(&IdxCa::from_vec("order".into(), order))?;
    let row_no: Vec<i64> = (1..=out.height() as i64).collect();
    out.insert_column(0, Column::new("row_no".into(), row_no))?;
    Ok(out)
}

/// Writes `RUN/workbook.xlsx` from the run's Parquet tables with the built-in settings.
pub fn write_workbook(run: &Path, lang: Lang) -> Result<()> {
    write_workbook_with(run, lang, &CensusConfig::built_in()?)
}

/// Writes `RUN/workbook.xlsx`: one sheet per metric table found in `RUN/parquet/`, the
/// backlog register and the rejected rows. Tables not computed yet are skipped, so the
/// workbook can be refreshed after any stage. Written to a temporary file and renamed.
pub fn write_workbook_with(run: &Path, lang: Lang, cfg: &CensusConfig) -> Result<()> {
    write_workbook_shared(run, lang, cfg, false)
}

/// [`write_workbook_with`], masked for sharing when `share` is set or the run's outputs
/// were shared before ([`crate::mask::run_is_shared`]): every sheet goes through
/// [`Masker::frame`] (party names, ID numbers, ID and phone numbers in text).
pub fn write_workbook_shared(
    run: &Path,
    lang: Lang,
    cfg: &CensusConfig,
    share: bool,
) -> Result<()> {
    let pq = run.join("parquet");
    let out = run.join("workbook.xlsx");
    let mut wb = Workbook::new();
    // A fixed creation date (the as-of date when known) keeps the file reproducible.
    let mut as_of: Option<chrono::NaiveDate> = None;
    let mut f = Formats::new();
    // A run whose outputs were shared stays shared: this file is refreshed in place by
    // later commands, under the same name (crate::mask::SHARE_RECORD).
    let share = share || crate::mask::run_is_shared(run);
    if share {
        crate::mask::record_shared(run)?;
        // The parties' names are masked in free text too (a reason or note naming them).
        f.mask = Some(Masker::from_census(cfg).with_parties_of_run(run)?);
    }
    let sheet = |t: &TableInfo| {
        if lang == Lang::Zh {
            t.sheet_zh
        } else {
            t.sheet_en
        }
    };
    let mut wrote = 0usize;
    let census_json = std::fs::read_to_string(run.join("census.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    f.overdue_year_days = census_json
        .as_ref()
        .and_then(|v| v.get("overdue_year_days"))
        .and_then(serde_json::Value::as_i64);
    let due_soon_en = census_json
        .as_ref()
        .and_then(|v| {
            v.get("due_soon_days").and_then(|w| w.as_array()).map(|w| {
                w.iter()
                    .filter_map(serde_json::Value::as_i64)
                    .collect::<Vec<_>>()
            })
        })
        .filter(|w| !w.is_empty())
        .map(|w| crate::census::due_soon_definition(&w).1);
    let en_defs: Vec<(&str, String)> = due_soon_en
        .map(|d| ("census_due_soon", d))
        .into_iter()
        .chain(
            f.overdue_year_days
                .map(|d| ("census_summary", crate::census::summary_definition(d).1)),
        )
        .collect();
    let metas = [
        "census_meta",
        "trend_meta",
        "evaluation_meta",
        "project_meta",
    ];
    // An evaluation run leads with the evaluation; its census of the end date follows.
    let ordered: Vec<&TableInfo> = EVALUATION_TABLES
        .iter()
        .chain(CENSUS_TABLES.iter())
        .chain(TREND_TABLES.iter())
        .chain(PROJECT_TABLES.iter())
        .filter(|t| !metas.contains(&t.name))
        .collect();
    for t in &ordered {
        let p = pq.join(format!("{}.parquet", t.name));
        if !p.exists() {
            continue;
        }
        let mut df = read_parquet(&p)?;
        // The ledger of cases gets the register's 序号 (its order is the evaluation's:
        // 案号 by court, numbers as numbers).
        if t.name == "evaluation_followed" && df.column("row_no").is_err() {
            let row_no: Vec<i64> = (1..=df.height() as i64).collect();
            df.insert_column(0, Column::new("row_no".into(), row_no))
                .map_err(|e| Error::polars("numbering the ledger", e))?;
        }
        // Root causes by name, not by code (积案跟踪台账).
        if let Some(named) = cause_names(&df, cfg, lang)? {
            df.with_column(named)
                .map_err(|e| Error::polars("naming the root causes", e))?;
        }
        write_sheet(&mut wb, &out, sheet(t), &df, lang, &f)?;
        wrote += 1;
    }
    let classified = pq.join(CLASSIFIED);
    if classified.exists() {
        let reg = register(&classified, cfg, lang)?;
        if reg.width() > 0 {
            let name = if lang == Lang::Zh {
                "积案清册"
            } else {
                "Backlog register"
            };
            write_sheet(&mut wb, &out, name, &reg, lang, &f)?;
            wrote += 1;
        }
    }
    let rejects = pq.join("rejects.parquet");
    let unmatched = side_rows_matching_no_case(&pq)?;
    if rejects.exists() || unmatched.is_some() {
        let mut df = match (rejects.exists(), unmatched) {
            (true, Some(u)) => read_parquet(&rejects)?
                .vstack(&u)
                .map_err(|e| Error::polars("listing the register rows of no case", e))?,
            (true, None) => read_parquet(&rejects)?,
            (false, u) => u.unwrap_or_default(),
        };
        let name = if lang == Lang::Zh {
            // Fields and reasons said in Chinese (rejects.csv keeps the English).
            for (col, say) in [
                (
                    "field",
                    (|f: &str| reasons::field_zh(f).unwrap_or(f).to_string()) as fn(&str) -> String,
                ),
                ("reason", |r: &str| reasons::reason_zh(r).into_owned()),
            ] {
                if let Ok(c) = df.column(col).and_then(|c| c.str().cloned()) {
                    let said: StringChunked = c.iter().map(|v| v.map(say)).collect();
                    df.replace(col, said.with_name(col.into()).into_column())
                        .map_err(|e| Error::polars("saying the rejects in Chinese", e))?;
                }
            }
            "问题数据"
        } else {
            "Rejects"
        };
        write_sheet(&mut wb, &out, name, &df, lang, &f)?;
        wrote += 1;
    }
    for t in CENSUS_TABLES
        .iter()
        .chain(TREND_TABLES.iter())
        .chain(EVALUATION_TABLES.iter())
        .chain(PROJECT_TABLES.iter())
    {
        if !metas.contains(&t.name) {
            continue;
        }
        let p = pq.join(format!("{}.parquet", t.name));
        if !p.exists() {
            continue;
        }
        let df = note_sheet(&read_parquet(&p)?, lang, &en_defs)?;
        if as_of.is_none() {
            as_of = df
                .column("as_of")
                .ok()
                .and_then(|c| c.cast(&DataType::Int32).ok())
                .and_then(|c| c.i32().ok().and_then(|v| v.iter().next().flatten()))
                .and_then(date_of);
        }
        write_sheet(&mut wb, &out, sheet(t), &df, lang, &f)?;
        wrote += 1;
    }
    if wrote == 0 {
        return Err(Error::Input {
            file: pq.display().to_string(),
            row: None,
            column: None,
            message: "no tables to put in a workbook; run `caseflow census RUN` first".into(),
        });
    }
    let created = as_of
        .and_then(|d| {
            ExcelDateTime::from_ymd(
                u16::try_from(d.year()).ok()?,
                d.month() as u8,
                d.day() as u8,
            )
            .ok()
        })
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).unwrap_or_default());
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_custom_property(
                MARKER_PROPERTY,
                format!(
                    "caseflow {}: the workbook of a run, not an export",
                    env!("CARGO_PKG_VERSION")
                ),
            ),
    );
    crate::textio::write_atomic(&out, |w| {
        let buf = wb.save_to_buffer().map_err(|e| xerr(&out, e))?;
        w.write_all(&buf).map_err(|e| Error::output(&out, e))
    })
}

/// The reason a register row whose 案号 names no case of the run is listed with the
/// rejects (`reasons::reason_zh` says it in Chinese).
pub const SIDE_ROW_NO_CASE: &str =
    "no case of the run has this 案号: the row counts for no case (check the 案号, or whether \
     the case list holds the case)";

/// The rows of the registers (deductions, extensions, assignments, petitions) whose 案号
/// names no case of the run, in the rejects' columns: ingest kept them (the 案号 reads), but
/// they deduct, extend, assign or count nothing, and the report shows at most ten of them.
/// Listed with the rejects, every one can be found and corrected. A row without a 案号 is
/// not: ingest lists it already, and a petition without one may be joined by its petitioner.
/// `None` when there is no case table or no such row.
fn side_rows_matching_no_case(pq: &Path) -> Result<Option<DataFrame>> {
    let classified = pq.join(CLASSIFIED);
    if !classified.exists() {
        return Ok(None);
    }
    let keys_of = |df: &DataFrame| -> Vec<Option<String>> {
        df.column("case_key")
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .map(|c| c.iter().map(|k| k.map(String::from)).collect())
            .unwrap_or_default()
    };
    let cases: std::collections::HashSet<String> = keys_of(&read_parquet(&classified)?)
        .into_iter()
        .flatten()
        .collect();
    let (mut files, mut sheets, mut rows, mut numbers) = (vec![], vec![], vec![], vec![]);
    for name in ["deductions", "extensions", "assignments", "petitions"] {
        let p = pq.join(format!("{name}.parquet"));
        if !p.exists() {
            continue;
        }
        let df = read_parquet(&p)?;
        let strs = |c: &str| -> Vec<Option<String>> {
            df.column(c)
                .ok()
                .and_then(|c| c.cast(&DataType::String).ok())
                .and_then(|c| c.str().ok().cloned())
                .map(|c| c.iter().map(|v| v.map(String::from)).collect())
                .unwrap_or_else(|| vec![None; df.height()])
        };
        let (file, sheet, row, no) = (
            strs("source_file"),
            strs("source_sheet"),
            strs("source_row"),
            strs("case_no"),
        );
        for (i, key) in keys_of(&df).into_iter().enumerate() {
            if key.is_some_and(|k| !cases.contains(&k)) {
                files.push(file[i].clone().unwrap_or_default());
                sheets.push(sheet[i].clone());
                rows.push(row[i].as_deref().and_then(|r| r.parse::<i64>().ok()));
                numbers.push(no[i].clone().unwrap_or_default());
            }
        }
    }
    if files.is_empty() {
        return Ok(None);
    }
    let n = files.len();
    df!(
        "source_file" => files,
        "source_sheet" => sheets,
        "source_row" => rows,
        "field" => vec!["case_no"; n],
        "column" => vec![None::<String>; n],
        "raw_value" => numbers,
        "reason" => vec![SIDE_ROW_NO_CASE; n],
        "whole_row" => vec![false; n],
    )
    .map(Some)
    .map_err(|e| Error::polars("listing the register rows of no case", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Red-team round 21: the report and charts said 执行保全、其他执行实施 where the
    /// workbook said 财产保全执行、执行（类型不明） for the same filter.
    #[test]
    fn case_kinds_read_the_same_in_the_workbook_and_the_report() {
        let filter = "first,resumed,preservation,enforcement_unknown,review,other,unparsed";
        let workbook = value_text("case_kinds", filter, Lang::Zh).into_owned();
        assert_eq!(
            workbook,
            "首次执行、恢复执行、财产保全执行、执行（类型不明）、执行审查、其他、案号无法解析"
        );
        assert_eq!(
            workbook,
            crate::report::sections::kinds_text(Lang::Zh, filter)
        );
        for k in crate::census::config::CASE_KINDS {
            assert_eq!(
                value_text("case_kind", k, Lang::Zh),
                crate::report::sections::kind_text(Lang::Zh, k)
            );
        }
    }

    #[test]
    fn own_sheet_names_are_known_continued_or_not() {
        assert!(is_own_sheet_name("积案汇总"));
        assert!(is_own_sheet_name("Backlog register"));
        assert!(is_own_sheet_name("积案清册(2)"));
        assert!(!is_own_sheet_name("Sheet1"));
        assert!(!is_own_sheet_name("积案清册(1)"));
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("a/b", 1), "a_b");
        assert_eq!(sheet_name("积案清册", 2), "积案清册(2)");
        assert!(sheet_name(&"x".repeat(40), 3).chars().count() <= 31);
        assert_eq!(sheet_name("'../x'", 1), ".._x");
        assert_eq!(sheet_name("a\u{1}b", 1), "a_b");
        assert_eq!(sheet_name("''", 1), "_");
    }

    #[test]
    fn hostile_text_stays_text_and_overlong_text_is_cut() {
        use calamine::{Data, Reader, Xlsx};
        let long = "长".repeat(40_000);
        let df = df!(
            "name" => ["=HYPERLINK(\"http://x\",\"点击\")", "@SUM(1)", "-2+3", "＝1+1", long.as_str()],
            "claim_fen" => [-1250i64, 0, 1, 2, 3],
        )
        .unwrap();
        let mut wb = Workbook::new();
        write_sheet(
            &mut wb,
            Path::new("t.xlsx"),
            "t",
            &df,
            Lang::Zh,
            &Formats::new(),
        )
        .expect("an overlong cell does not fail the workbook");
        let buf = wb.save_to_buffer().unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(buf)).unwrap();
        let formulas = x.worksheet_formula("t").unwrap();
        assert!(
            formulas.used_cells().all(|c| c.2.is_empty()),
            "no formula cell"
        );
        let r = x.worksheet_range("t").unwrap();
        assert_eq!(
            r.get((1, 0)),
            Some(&Data::String("=HYPERLINK(\"http://x\",\"点击\")".into()))
        );
        assert_eq!(r.get((4, 0)), Some(&Data::String("＝1+1".into())));
        assert_eq!(
            r.get((1, 1)),
            Some(&Data::Float(-12.5)),
            "numbers stay numbers"
        );
        match r.get((5, 0)) {
            Some(Data::String(s)) => {
                assert_eq!(s.chars().count(), sanitize::XLSX_MAX_CHARS);
                assert!(s.ends_with(sanitize::CUT_MARK));
            }
            other => panic!("{other:?}"),
        }
    }

    /// The English workbook's 说明 sheet showed census_meta's Chinese definitions and bases
    /// (the English report already said them in English): they are said as the report says
    /// them, the due-soon one with the census's windows; a table without English keeps its
    /// own words.
    #[test]
    fn meta_sheets_define_the_tables_in_the_readers_language() {
        let df = df!(
            "table" => ["census_summary", "census_due_soon", "some_new_table"],
            "definition" => ["未结案件…", "今后15日、90日内…", "新表"],
            "base" => ["未结", "未结", "全部"],
            "sheet" => ["积案汇总", "即将到期", "新表"],
        )
        .unwrap();
        let due = [("census_due_soon", "due within 15 or 90 days".to_string())];
        let zh = note_sheet(&df, Lang::Zh, &due).unwrap();
        assert!(zh.equals(&df), "the Chinese sheet is census_meta's own");
        let en = note_sheet(&df, Lang::En, &due).unwrap();
        let col = |c: &str| -> Vec<Option<String>> {
            en.column(c)
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect()
        };
        let summary = crate::census::TABLES_EN
            .iter()
            .find(|t| t.0 == "census_summary")
            .unwrap();
        assert_eq!(
            col("definition"),
            [
                Some(summary.1.to_string()),
                Some("due within 15 or 90 days".to_string()),
                Some("新表".to_string())
            ]
        );
        assert_eq!(col("base")[0].as_deref(), Some(summary.2));
        assert_eq!(col("base")[2].as_deref(), Some("全部"));
        assert_eq!(col("sheet")[0].as_deref(), Some("Summary"));
        assert_eq!(col("sheet")[2].as_deref(), Some("新表"));
    }

    /// Red-team finding zh-report-english-leak: the 预测说明 sheet showed its keys (as_of,
    /// model) and a backtest_en row in the Chinese workbook.
    #[test]
    fn note_sheets_say_their_items_in_the_readers_language() {
        let df = df!(
            "item" => ["as_of", "backtest", "backtest_en", "case_kinds", "unknown_key"],
            "value" => ["2026-02-28", "回测", "back-test", "first,resumed", "x"],
        )
        .unwrap();
        let zh = note_sheet(&df, Lang::Zh, &[]).unwrap();
        let items: Vec<_> = zh.column("item").unwrap().str().unwrap().iter().collect();
        assert_eq!(
            items,
            [
                Some("统计日"),
                Some("回测"),
                Some("统计的案件类型"),
                Some("unknown_key")
            ]
        );
        let values: Vec<_> = zh.column("value").unwrap().str().unwrap().iter().collect();
        assert_eq!(values[2], Some("首次执行、恢复执行"));
        let en = note_sheet(&df, Lang::En, &[]).unwrap();
        let items: Vec<_> = en.column("item").unwrap().str().unwrap().iter().collect();
        assert_eq!(
            items,
            [
                Some("As-of date"),
                Some("Back-test"),
                Some("Case kinds counted"),
                Some("unknown_key")
            ],
            "English shows the *_en row in place of its Chinese twin"
        );
        let values: Vec<_> = en.column("value").unwrap().str().unwrap().iter().collect();
        assert_eq!(values[1], Some("back-test"));
        assert_eq!(values[2], Some("first,resumed"));
        for (k, zh, en) in ITEMS {
            assert!(!zh.is_ascii(), "{k}");
            assert!(en.is_ascii(), "{k}");
        }
    }

    #[test]
    fn labels_and_values_translate() {
        assert_eq!(label("claim_fen", Lang::Zh), "申请执行标的（元）");
        assert_eq!(
            label("closed_within_45_share", Lang::En),
            "Closed within 45 days"
        );
        assert_eq!(value_text("level", "team", Lang::Zh), "执行团队");
        assert_eq!(
            value_text("case_kinds", "first,resumed", Lang::Zh),
            "首次执行、恢复执行"
        );
        assert_eq!(value_text("level", "team", Lang::En), "team");
        // The evaluation's outcomes, built in Chinese, read in English in an English workbook.
        assert_eq!(
            value_text("outcome_label", "已结案：执行完毕", Lang::En),
            "Closed: fully enforced"
        );
        assert_eq!(
            value_text("outcome_label", "已结案：执行完毕", Lang::Zh),
            "已结案：执行完毕"
        );
    }

    /// o-english-workbook-labels-chinese: the `--lang en` workbook kept caseflow's own row
    /// labels in Chinese (age bands, the seven categories, root-cause groups, the
    /// evaluation's outcomes), where the English report translates them.
    #[test]
    fn row_labels_caseflow_writes_are_english_in_an_english_workbook() {
        let col = |df: &DataFrame, c: &str| -> Vec<Option<String>> {
            let c = df.column(c).unwrap().str().unwrap();
            c.iter().map(|v| v.map(str::to_string)).collect()
        };
        let aging = df!(
            "band" => ["0-3个月", "36个月以上"],
            "band_from_months" => [Some(0i64), Some(36)],
            "band_to_months" => [Some(3i64), None],
            "category" => [1i64, 3],
            "category_name" => ["超期限一年以上", "特困群体为申请执行人"],
            "cause_group" => ["仅执行不能", "执行难"],
            "cause" => ["legal_obstacle", "no_assets"],
            "cause_name" => ["法律障碍", "无财产"],
        )
        .unwrap();
        let en = english_labels(&aging)
            .unwrap()
            .expect("labels to translate");
        assert_eq!(col(&en, "band"), opt(&["0–3 months", "36+ months"]));
        let cats = col(&en, "category_name");
        assert!(
            cats.iter().all(|c| c.as_deref().is_some_and(str::is_ascii)),
            "{cats:?}"
        );
        assert_eq!(
            col(&en, "cause_group"),
            opt(&[
                "Inability only",
                "Difficulty (assets, enforcement obstructed)"
            ])
        );
        assert_eq!(
            col(&en, "cause_name"),
            opt(&["Legal obstacle", "No assets"])
        );

        let outcomes = df!(
            "row_kind" => ["outcome", "closure_method"],
            "key" => ["closed_completed", "执行完毕"],
            "label" => ["已结案：执行完毕", "执行完毕"],
        )
        .unwrap();
        let en = english_labels(&outcomes).unwrap().unwrap();
        assert_eq!(
            col(&en, "label"),
            opt(&["Closed: fully enforced", "执行完毕"])
        );

        let cleared = df!(
            "dimension" => ["all", "category", "root_cause", "team"],
            "key" => ["", "1", "no_assets", "执行一组"],
            "label" => ["全部基线积案", "超期限一年以上", "执行不能", "执行一组"],
        )
        .unwrap();
        let en = english_labels(&cleared).unwrap().unwrap();
        let labels = col(&en, "label");
        assert_eq!(labels[0].as_deref(), Some("All baseline backlog"));
        assert!(labels[1]
            .as_deref()
            .is_some_and(|l| l.starts_with("1. ") && l.is_ascii()));
        assert_eq!(labels[2].as_deref(), Some("No assets"));
        assert_eq!(
            labels[3].as_deref(),
            Some("执行一组"),
            "a team keeps its name"
        );

        // A table with none of these labels is written as it is.
        assert!(english_labels(&df!("team" => ["执行一组"]).unwrap())
            .unwrap()
            .is_none());
    }

    /// o-en-workbook-chinese-labels: the categories' summary rows (七类合计 …, no category
    /// number) and the case lists' root causes were left in Chinese in the English workbook,
    /// while the English report names them in English. Chinese sheets keep the names.
    #[test]
    fn summary_rows_and_root_causes_are_english_in_an_english_workbook() {
        let col = |df: &DataFrame, c: &str| -> Vec<Option<String>> {
            let c = df.column(c).unwrap().str().unwrap();
            c.iter().map(|v| v.map(str::to_string)).collect()
        };
        let cats = df!(
            "row_kind" => ["category", "distinct_total", "sum_with_overlap", "none"],
            "category" => [Some(1i64), None, None, None],
            "category_name" => ["超期限一年以上", "七类合计（一案多类只计一次）", "七类逐类相加（含重复计数）", "不属于七类的积案"],
        )
        .unwrap();
        let en = english_labels(&cats).unwrap().unwrap();
        assert_eq!(
            col(&en, "category_name")[1..],
            opt(&[
                "Total in any category (each case once)",
                "Sum of the categories (overlap counted twice)",
                "Backlog in no category",
            ])[..]
        );

        let cfg = CensusConfig::built_in().unwrap();
        // A case list's names (one with 、 inside it), and a register's codes.
        let names = df!("root_causes" => [Some("规避执行、转移财产、原因不明"), None]).unwrap();
        let en = cause_names(&names, &cfg, Lang::En).unwrap().unwrap();
        let en: Vec<Option<String>> = en
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect();
        assert_eq!(
            en,
            vec![
                Some("Evasion, assets moved; Cause unknown".to_string()),
                None
            ]
        );
        assert!(cause_names(&names, &cfg, Lang::Zh).unwrap().is_none());
        let codes = df!(
            "root_causes" => [Series::new("".into(), ["no_assets", "court_delay"])]
        )
        .unwrap();
        let text = |lang| {
            let c = cause_names(&codes, &cfg, lang).unwrap().unwrap();
            c.str().unwrap().get(0).map(str::to_string)
        };
        assert_eq!(
            text(Lang::En).as_deref(),
            Some("No assets; Delay inside the court")
        );
        assert_eq!(text(Lang::Zh).as_deref(), Some("执行不能、法院内部拖延"));
    }

    fn opt(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| Some(s.to_string())).collect()
    }
}
