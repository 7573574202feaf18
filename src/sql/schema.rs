//! `caseflow sql --schema`: the tables of a run, their columns, types and Chinese labels,
//! as text for the terminal or as Markdown (`docs/schema.md`, generated from a fresh run of
//! the sample so that the document cannot drift from the code; a test compares them).
//!
//! The Markdown holds no row counts: those change with the data, the schema only with the
//! code.

use std::fmt::Write as _;

use polars::prelude::DataType;

use super::{labels, RunTables, Table};
use crate::census::{TableInfo, CENSUS_TABLES, TREND_TABLES};
use crate::evaluate::EVALUATION_TABLES;
use crate::project::PROJECT_TABLES;
use crate::Result;

/// What the tables that are not census or trend metric tables hold: (name, Chinese,
/// English). The census and trend tables describe themselves ([`crate::census::TableInfo`]).
pub const TABLES: &[(&str, &str, &str)] = &[
    (
        "cases",
        "案件明细：每个输入行一行，案号已解析，带来源文件、工作表和行号",
        "One row per input row, 案号 parsed, with the source file, sheet and row (ingest)",
    ),
    (
        "rejects",
        "问题数据：无法使用的字段或整行，带来源和原因",
        "Every field or row that could not be used, with its source and reason (ingest)",
    ),
    (
        "petitions",
        "信访登记",
        "The petition register (信访), one row per petition (ingest)",
    ),
    (
        "assignments",
        "承办人分配表",
        "Officer, team and leader assignments (ingest)",
    ),
    (
        "deductions",
        "扣除审限期间（中止、暂缓、鉴定、拍卖、公告等）",
        "Intervals deducted from the statutory period (ingest)",
    ),
    (
        "extensions",
        "延长审限审批",
        "Approved extensions of the statutory period (ingest)",
    ),
    (
        "clusters",
        "去重：每个输入行属于哪个案件及匹配依据",
        "Dedup: the case each input row belongs to, and why (match rule and score)",
    ),
    (
        "conflicts",
        "去重：同一案件各来源取值不一致之处及取舍",
        "Dedup: where the rows of one case disagree, and the value kept",
    ),
    (
        "cases_dedup",
        "去重后的案件：每个真实案件一行",
        "One row per real case after dedup, lineage (执恢 → origin) kept",
    ),
    (
        "cases_classified",
        "分类后的案件：审限、案龄、积案、七类、原因、承办人（统计的主表）",
        "One row per case with deadline, age, backlog flag, the seven categories, root \
         causes and owners at the as-of date (classify): the table most questions start from",
    ),
    (
        "unmatched_reasons",
        "未被原因规则识别的原因文字及次数（用于补充 root-causes.toml）",
        "Clauses of reason texts no root-cause rule understood, with counts (to extend \
         pipelines/rules/root-causes.toml)",
    ),
    (
        "cases_without_officer",
        "没有承办人的未结案件",
        "Open cases without an officer (classify)",
    ),
];

/// The dtype as polars writes it (`str`, `i64`, `date`, `list[str]` …): the names a
/// notebook shows.
pub fn type_name(dtype: &DataType) -> String {
    dtype.to_string()
}

/// The metric tables that describe themselves, with the stage that writes them: census and
/// trend (every run), projection (`project_*`, a baseline-census run) and evaluation
/// (`evaluation_*`, a campaign-evaluation run).
fn metric_tables() -> impl Iterator<Item = (&'static TableInfo, &'static str)> {
    CENSUS_TABLES
        .iter()
        .map(|t| (t, "census"))
        .chain(TREND_TABLES.iter().map(|t| (t, "trend")))
        .chain(PROJECT_TABLES.iter().map(|t| (t, "project")))
        .chain(EVALUATION_TABLES.iter().map(|t| (t, "evaluate")))
}

/// (Chinese, English) description of a table, when caseflow wrote it.
pub fn describe(name: &str) -> Option<(String, String)> {
    if let Some((_, zh, en)) = TABLES.iter().find(|(n, _, _)| *n == name) {
        return Some((zh.to_string(), en.to_string()));
    }
    metric_tables()
        .map(|(t, _)| t)
        .find(|t| t.name == name)
        .map(|t| {
            // A title that starts with the sheet's own word (回测：… on 预测回测) says it once.
            let title = match t.title.split_once('：') {
                Some((head, rest)) if t.sheet_zh.ends_with(head) => rest,
                _ => t.title,
            };
            let zh = if t.base.is_empty() {
                format!("{}：{title}", t.sheet_zh)
            } else {
                format!("{}：{title}（统计范围：{}）", t.sheet_zh, t.base)
            };
            (zh, format!("Workbook sheet: {}", t.sheet_en))
        })
}

fn label_or_blank(t: &Table, col: &str) -> String {
    labels::label(&t.name, col).unwrap_or_default()
}

/// The schema for the terminal: one block per table with its row count.
pub fn text(rt: &RunTables) -> Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} tables in {} (query them by name: caseflow sql \"SELECT … FROM cases_classified\" --from RUN)",
        rt.tables.len(),
        rt.run.join("parquet").display()
    );
    for t in &rt.tables {
        let rows = rt.rows(t)?;
        let _ = writeln!(out);
        let desc = describe(&t.name)
            .map(|(zh, _)| format!(" — {zh}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{} ({rows} rows){desc}", t.name);
        let rows: Vec<Vec<String>> = t
            .schema
            .iter()
            .map(|(name, dtype)| {
                vec![
                    name.to_string(),
                    type_name(dtype),
                    label_or_blank(t, name.as_str()),
                ]
            })
            .collect();
        for line in super::render::aligned(&rows, &[false, false, false]) {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
    }
    Ok(out)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The schema as Markdown: `docs/schema.md`.
pub fn markdown(rt: &RunTables) -> String {
    let mut out = String::new();
    out.push_str(
        "# Tables of a run / 运行结果数据表\n\n\
         <!-- Generated by `caseflow sql --schema --from out/baseline-census --format markdown \
         --output docs/schema.md` after `caseflow run pipelines/baseline-census.toml`. Do not \
         edit by hand: a test (tests/it/sql.rs) fails when this file differs from a fresh run. -->\n\n\
         Every table of `RUN/parquet/` with its columns. In `caseflow sql` a table is named by \
         its file name (`cases_classified`); in a notebook read \
         `RUN/parquet/<table>.parquet`. Column names are English snake_case and stable; the \
         Chinese labels are those of the workbook and of the court exports' headers. Money \
         is integer 分 (`*_fen`: divide by 100 for 元), dates are dates, unknown is null. \
         Types are polars' (`str`, `i64`, `f64`, `bool`, `date`, `list[str]`).\n\n\
         每张表以文件名作表名（如 `cases_classified`）在 `caseflow sql` 中查询；金额以“分”为单位\
         （`*_fen`，除以100为元），未知值为空（null）。\n\n",
    );
    out.push_str("| table | 说明 | contents |\n|---|---|---|\n");
    for t in &rt.tables {
        let (zh, en) = describe(&t.name).unwrap_or_default();
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} |",
            t.name,
            md_cell(&zh),
            md_cell(&en)
        );
    }
    // The tables another kind of run writes (a campaign evaluation's evaluation_*): named
    // and described, so that the document covers every table a run can hold.
    let elsewhere: Vec<(&TableInfo, &str)> = metric_tables()
        .filter(|(t, _)| rt.table(t.name).is_none())
        .collect();
    if !elsewhere.is_empty() {
        out.push_str(
            "\nTables this run does not hold, written by another run (`caseflow sql --schema \
             --from` that run lists their columns) / 其他运行生成的数据表：\n\n\
             | table | written by | 说明 | contents |\n|---|---|---|---|\n",
        );
        for (t, stage) in elsewhere {
            let (zh, en) = describe(t.name).unwrap_or_default();
            let by = match stage {
                "evaluate" => {
                    "`caseflow run pipelines/campaign-evaluation.toml` (`caseflow evaluate`)"
                }
                "project" => "`caseflow run pipelines/baseline-census.toml` (`caseflow project`)",
                _ => "`caseflow run` (`caseflow census` / `caseflow trend`)",
            };
            let _ = writeln!(
                out,
                "| `{}` | {by} | {} | {} |",
                t.name,
                md_cell(&zh),
                md_cell(&en)
            );
        }
    }
    for t in &rt.tables {
        let _ = writeln!(out, "\n## {}\n", t.name);
        if let Some((zh, en)) = describe(&t.name) {
            let _ = writeln!(out, "{zh}  \n{en}\n");
        }
        out.push_str("| column | type | 中文 |\n|---|---|---|\n");
        for (name, dtype) in t.schema.iter() {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                name,
                md_cell(&type_name(dtype)),
                md_cell(&label_or_blank(t, name.as_str()))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_a_run_can_hold_is_described() {
        // Red-team n-schema-tables-without-description: project_* and evaluation_* had none.
        let names = TABLES
            .iter()
            .map(|(n, _, _)| *n)
            .chain(metric_tables().map(|(t, _)| t.name));
        for name in names {
            let (zh, en) = describe(name).unwrap_or_default();
            assert!(!zh.is_empty() && !en.is_empty(), "{name}");
        }
        assert!(describe("project_monthly").is_some());
        assert!(describe("evaluation_goals").is_some());
    }
}
