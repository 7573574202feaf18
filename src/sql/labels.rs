//! Chinese labels of the columns a run writes, for `caseflow sql --schema` and
//! `docs/schema.md`.
//!
//! The labels already exist in two places and are reused from there, not copied: the
//! canonical input fields carry theirs in [`crate::ingest::schema`] (`label_zh`, the header
//! a court export uses), and the metric tables' headers are the workbook's
//! ([`crate::workbook::label`]). Which one wins depends on the table, because a few names
//! mean different things in each: `cause` is the 案由 in the case tables but a root-cause
//! code in `census_root_causes`, `reason` is the 未结原因 text of a case but a reject's
//! reason in `rejects`.
//!
//! The columns that neither labels — the parts of a parsed 案号, dedup's and classify's
//! bookkeeping — are labelled in [`DERIVED`] below. This is the one new mapping; when the
//! workbook grows a sheet that shows one of these columns, the label should move into the
//! workbook's table and out of this one.

use crate::ingest::schema::{self as fields, TableKind};
use crate::workbook::{self, Lang};

/// Columns derived by the stages (not input fields, not in any workbook sheet):
/// (column, Chinese label).
pub const DERIVED: &[(&str, &str)] = &[
    // 案号 parts (casenum)
    ("case_no_raw", "案号（原文）"),
    ("case_key", "案号键（各种写法归一）"),
    ("case_no_valid", "案号有效"),
    ("year", "收案年度"),
    ("special_code", "专门审判代字"),
    ("type_code", "类型代字"),
    ("seq", "案件序号"),
    ("doc_suffix", "文书序号（之一、之二）"),
    ("case_no_style", "案号格式"),
    ("basis_key", "执行依据案号键"),
    ("origin_case_key", "原案号键"),
    // ingest
    ("closure_method_raw", "结案方式（原文）"),
    ("status_raw", "案件状态（原文）"),
    (
        "respondent_kind",
        "被执行人类别（自然人、公司、机关、混合）",
    ),
    ("party_notes", "当事人附注（原文）"),
    ("non_litigation", "非诉执行"),
    ("exported_on", "导出日期"),
    ("amounts_in_wan", "以万元填报的金额"),
    ("dates_to_month", "只填年月的日期"),
    ("stated_petitions_on", "信访次数所据导出日期"),
    ("extra", "未识别的列（JSON）"),
    // dedup
    ("cluster_id", "案件编号（去重后）"),
    ("n_sources", "来源行数"),
    ("source_rows", "来源行"),
    ("lineage_rule", "执恢关联规则"),
    ("match_rule", "匹配规则"),
    ("match_score", "匹配得分"),
    ("linked_to", "关联到"),
    ("comparisons", "逐项比对"),
    ("values", "各来源的值"),
    ("sources", "来源"),
    ("kept", "保留的值"),
    ("rule", "取舍规则"),
    // classify
    ("extension_months", "延长审限（月）"),
    ("extension_days", "延长审限（天）"),
    ("has_assets_reason", "有无财产的依据"),
    ("stay_ended_on", "中止暂缓结束日期（登记）"),
    ("officer_source", "承办人来源"),
    ("without_officer", "无承办人"),
    ("text", "原因文字"),
    ("count", "次数"),
];

/// The input table a run's table was made from, when it is one of ingest's.
fn input_kind(table: &str) -> Option<TableKind> {
    match table {
        "cases" | "cases_dedup" | "cases_classified" | "cases_without_officer" => {
            Some(TableKind::Cases)
        }
        other => TableKind::parse(other),
    }
}

fn workbook_label(col: &str) -> Option<String> {
    let l = workbook::label(col, Lang::Zh);
    if l == col {
        return None;
    }
    // The workbook shows money in 元; the Parquet column holds 分.
    Some(match l.strip_suffix("（元）") {
        Some(base) => format!("{base}（分）"),
        None => l,
    })
}

/// The Chinese label of `column` in `table`, or `None` when no mapping has one.
pub fn label(table: &str, column: &str) -> Option<String> {
    let input = input_kind(table).and_then(|k| fields::field(k, column));
    let input_any = || {
        TableKind::ALL
            .iter()
            .find_map(|k| fields::field(*k, column))
    };
    let derived = || {
        DERIVED
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, l)| l.to_string())
    };
    let money = |l: &str| {
        if column.ends_with("_fen") && !l.ends_with("（分）") {
            format!("{l}（分）")
        } else {
            l.to_string()
        }
    };
    if let Some(f) = input {
        return Some(money(f.label_zh));
    }
    workbook_label(column)
        .or_else(|| input_any().map(|f| money(f.label_zh)))
        .or_else(derived)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_decides_between_homonyms() {
        assert_eq!(label("cases_classified", "cause").as_deref(), Some("案由"));
        assert_eq!(
            label("census_root_causes", "cause").as_deref(),
            Some("原因代码")
        );
        assert_eq!(label("rejects", "reason").as_deref(), Some("原因"));
        assert_eq!(
            label("cases", "claim_fen").as_deref(),
            Some("申请执行标的（分）")
        );
        assert_eq!(
            label("census_summary", "outstanding_fen").as_deref(),
            Some("未执行到位金额（分）")
        );
        assert_eq!(
            label("cases", "case_key").as_deref(),
            Some("案号键（各种写法归一）")
        );
        assert_eq!(label("cases", "no_such_column"), None);
    }
}
