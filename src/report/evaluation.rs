//! The evaluation section (专项活动评估): the four goals judged, the baseline's outcomes,
//! the campaign's monthly flows, the categories then and now, and the results per person.
//! Like every section it only presents the `evaluation_*` tables.

use super::data::Table;
use super::format::{count, pct, wan, UNDEFINED};
use super::html::{self, cards, note, p, Align, Card, HtmlTable};
use super::sections::{category_label, cause_en, Ctx};
use super::{Lang, Section};
use crate::charts::catalog::{self, FlowPoint};
use crate::Result;

/// Officers and leaders listed in the report (the workbook has them all).
const PEOPLE_SHOWN: usize = 30;
/// Missing baseline cases listed in the report.
const MISSING_SHOWN: usize = 50;

fn h3(text: &str) -> String {
    format!("<h3>{}</h3>\n", html::esc(text))
}

fn met_text(lang: Lang, met: Option<bool>) -> String {
    match (lang, met) {
        (Lang::Zh, Some(true)) => "达成".into(),
        (Lang::Zh, Some(false)) => "未达成".into(),
        (Lang::En, Some(true)) => "met".into(),
        (Lang::En, Some(false)) => "not met".into(),
        (_, None) => UNDEFINED.into(),
    }
}

fn goals_table(ctx: &Ctx, t: &Table, kind: &str) -> String {
    let rows = t.rows_where("kind", kind);
    let ids = t.strs("goal");
    let names = t.strs(if ctx.lang == Lang::Zh {
        "goal_name"
    } else {
        "goal_name_en"
    });
    let num = t.ints("numerator");
    let den = t.ints("denominator");
    let val = t.floats("value_rate");
    let target = t.floats("target_rate");
    let cmp = t.strs("comparison");
    let met = t.bools("met");
    // The note under each goal, in the reader's language: the stage writes both
    // (GoalRow::definition_en), so the English report says everything the Chinese does.
    let defs = t.strs(if ctx.lang == Lang::Zh {
        "definition"
    } else {
        "definition_en"
    });
    let mut table = HtmlTable::from_owned(vec![
        (ctx.t("序号", "No."), Align::Keep),
        (ctx.t("目标", "Goal"), Align::Keep),
        (ctx.t("分子", "Numerator"), Align::Num),
        (ctx.t("分母", "Denominator"), Align::Num),
        (ctx.t("实际值", "Value"), Align::Num),
        (ctx.t("目标值", "Target"), Align::Num),
        (ctx.t("结果", "Result"), Align::Keep),
    ]);
    let mut notes = Vec::new();
    for &i in &rows {
        let c = match cmp[i].as_deref() {
            Some("<") => "<",
            _ => "≥",
        };
        table.row(vec![
            ids[i].clone().unwrap_or_default(),
            names[i].clone().unwrap_or_default(),
            count(num[i]),
            count(den[i]),
            pct(val[i]),
            format!("{c} {}", pct(target[i])),
            met_text(ctx.lang, met[i]),
        ]);
        if let (Some(id), Some(d)) = (&ids[i], &defs[i]) {
            notes.push(ctx.t(&format!("{id}：{d}"), &format!("{id}: {d}")));
        }
    }
    let mut s = table.render();
    for n in notes {
        s.push_str(&note(&n));
    }
    s
}

/// Whether the rows of a table belong to more than one court.
pub(super) fn several_courts(court: &[Option<String>]) -> bool {
    let mut codes = court.iter().flatten();
    codes.next().is_some_and(|first| codes.any(|c| c != first))
}

/// A team's or person's name with its court in front (浙0603 执行一组) when the run has
/// several courts, as the workbook's 清理进度 and 所需进度 name them: two courts may both
/// have a 执行一组 or a 王五, and rows without a court could not be told apart.
fn with_court(several: bool, court: Option<&str>, name: String) -> String {
    match (several, court) {
        (true, Some(c)) => format!("{c} {name}"),
        _ => name,
    }
}

pub fn evaluation(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("专项活动评估", "Campaign evaluation");
    let mut html = String::new();

    // What was compared with what.
    if let Some(meta) = ctx.table("evaluation_meta") {
        let items = meta.strs("item");
        let values = meta.strs("value");
        let get = |k: &str| {
            items
                .iter()
                .position(|x| x.as_deref() == Some(k))
                .and_then(|i| values[i].clone())
                .unwrap_or_default()
        };
        html.push_str(&p(&ctx.t(
            &format!(
                "基线：{} 普查认定的积案，逐案跟踪至 {} 的期末导出。活动期间：{}。",
                get("baseline_as_of"),
                get("end_as_of"),
                get("campaign").replace(" … ", "至")
            ),
            &format!(
                "Baseline: the backlog found by the census of {}, each case followed into the exports of {}. Campaign: {}.",
                get("baseline_as_of"),
                get("end_as_of"),
                get("campaign")
            ),
        )));
        let n = get("notes");
        if !n.is_empty() {
            html.push_str(&note(&super::quality::notes_text(ctx.lang, &n)));
        }
    }

    // Key figures.
    if let Some(t) = ctx.table("evaluation_cleared").cloned() {
        let rows = t.rows_where("dimension", "all");
        if let Some(&i) = rows.first() {
            let g = |c: &str| t.ints(c)[i];
            let f = |c: &str| t.floats(c)[i];
            html.push_str(&cards(&[
                Card {
                    label: ctx.t("基线积案", "Baseline backlog"),
                    value: count(g("baseline_cases")),
                    sub: ctx.t("普查日认定", "found by the census"),
                },
                Card {
                    label: ctx.t("已清理", "Cleared"),
                    value: pct(f("cleared_share")),
                    sub: ctx.t(
                        &format!("结案 {} 件", count(g("closed"))),
                        &format!("{} closed", count(g("closed"))),
                    ),
                },
                Card {
                    label: ctx.t("清理比例（不含终本）", "Cleared without 终本"),
                    value: pct(f("cleared_not_terminated_share")),
                    sub: ctx.t(
                        &format!("终本 {} 件", count(g("terminated"))),
                        &format!("{} by 终本", count(g("terminated"))),
                    ),
                },
                Card {
                    label: ctx.t("仍未结", "Remaining"),
                    value: count(g("remaining")),
                    sub: ctx.t(
                        &format!("期末查无 {} 件", count(g("missing"))),
                        &format!("{} not in the end exports", count(g("missing"))),
                    ),
                },
            ]));
        }
    }

    // The four goals and the national benchmarks.
    if let Some(t) = ctx.table("evaluation_goals").cloned() {
        html.push_str(&h3(&ctx.t("方案四项目标", "The plan's four goals")));
        html.push_str(&goals_table(ctx, &t, "goal"));
        html.push_str(&h3(&ctx.t(
            "对照：2016—2018年“基本解决执行难”全国指标",
            "For comparison: the national targets of 2016–2018 (基本解决执行难)",
        )));
        html.push_str(&goals_table(ctx, &t, "national"));
    }

    // Monthly flows of the campaign.
    if let Some(t) = ctx.table("evaluation_monthly").cloned() {
        let whole = t.bools("whole_range");
        let labels = t.strs("period");
        let n = t.ints("incoming");
        let d = t.ints("resolved");
        let e = t.ints("pending_end");
        let cr = t.floats("clearance_rate");
        let points: Vec<FlowPoint> = (0..t.height())
            .filter(|&i| whole[i] != Some(true))
            .map(|i| FlowPoint {
                label: labels[i].clone().unwrap_or_default(),
                received: n[i].unwrap_or(0),
                closed: d[i].unwrap_or(0),
                pending_end: e[i].unwrap_or(0),
                clearance_rate: cr[i],
            })
            .collect();
        if !points.is_empty() {
            html.push_str(&h3(&ctx.t("活动期间逐月收结", "Month by month")));
            let chart = catalog::flows(lang, &points, None);
            html.push_str(&ctx.chart(
                "evaluation_flows",
                &chart,
                &ctx.t(
                    "图E1 活动期间各月新收、结案（柱）与月末未结（折线）",
                    "Figure E1. Received and closed per month of the campaign (bars) and pending at month end (line)",
                ),
            )?);
            html.push_str(&monthly_table(ctx, &t));
        }
    }

    // Outcomes of the baseline.
    if let Some(t) = ctx.table("evaluation_outcomes").cloned() {
        html.push_str(&h3(&ctx.t("基线积案去向", "What became of the baseline")));
        let kind = t.strs("row_kind");
        let key = t.strs("key");
        let label = t.strs("label");
        let cases = t.ints("cases");
        let share = t.floats("share_of_baseline");
        // The table stores the Chinese label; an English report names an outcome by its
        // code, as the census section translates what it shows.
        let outcome = |i: usize| -> String {
            let fate = crate::evaluate::follow::FATES
                .iter()
                .find(|f| Some(f.code()) == key[i].as_deref());
            match (lang, fate) {
                (Lang::En, Some(f)) => f.en().to_string(),
                (Lang::Zh, Some(f)) => f.zh().to_string(),
                _ => label[i].clone().unwrap_or_default(),
            }
        };
        let mut table = HtmlTable::from_owned(vec![
            (ctx.t("去向", "Outcome"), Align::Keep),
            (ctx.t("件数", "Cases"), Align::Num),
            (ctx.t("占基线", "Share"), Align::Num),
        ]);
        for i in 0..t.height() {
            let name = match kind[i].as_deref() {
                Some("closure_method") => ctx.t(
                    &format!("　其中结案方式：{}", label[i].clone().unwrap_or_default()),
                    &format!(
                        "  of which closed as {}",
                        label[i].clone().unwrap_or_default()
                    ),
                ),
                _ => outcome(i),
            };
            table.row(vec![name, count(cases[i]), pct(share[i])]);
        }
        html.push_str(&table.render());
        // The base of the shares, as the headline counts it: a case the census listed
        // from a stale export is shown with its count, and is in no share.
        let stale_code = crate::evaluate::follow::Fate::ClosedBeforeBaseline.code();
        let (mut base, mut stale) = (0i64, 0i64);
        for i in 0..t.height() {
            if kind[i].as_deref() != Some("outcome") {
                continue;
            }
            let c = cases[i].unwrap_or(0);
            if key[i].as_deref() == Some(stale_code) {
                stale += c;
            } else {
                base += c;
            }
        }
        let mut text = ctx.t(
            &format!(
                "占基线 = 件数 ÷ 基线积案 {} 件（与“已清理”同一分母）。",
                count(Some(base))
            ),
            &format!(
                "Share = cases ÷ baseline backlog ({}), the base of the cleared share.",
                count(Some(base))
            ),
        );
        if stale > 0 {
            text.push_str(&ctx.t(
                &format!("普查日前已结案的 {} 件系基线据过时导出误列，单列件数，不计入基线，不计占比。", count(Some(stale))),
                &format!(
                    " Closed before the census date ({}): listed from a stale export, shown with their count, not in the baseline and in no share.",
                    count(Some(stale))
                ),
            ));
        }
        html.push_str(&note(&text));
    }

    // Categories then and now.
    if let Some(t) = ctx.table("evaluation_categories").cloned() {
        html.push_str(&h3(&ctx.t(
            "七类重点案件：普查日与期末",
            "The seven categories: at the census and at the end",
        )));
        let k = t.ints("category");
        let names = t.strs("category_name");
        let b = t.ints("baseline_backlog");
        let e = t.ints("end_backlog");
        let ch = t.ints("change");
        let closed = t.ints("baseline_closed");
        let share = t.floats("cleared_share");
        let mut table = HtmlTable::from_owned(vec![
            (ctx.t("类别", "Category"), Align::Keep),
            (ctx.t("普查日积案", "At the census"), Align::Num),
            (ctx.t("期末积案", "At the end"), Align::Num),
            (ctx.t("增减", "Change"), Align::Num),
            (ctx.t("基线中已结", "Baseline closed"), Align::Num),
            (ctx.t("清理比例", "Cleared"), Align::Num),
        ]);
        for i in 0..t.height() {
            table.row(vec![
                category_label(lang, k[i], names[i].as_deref()),
                count(b[i]),
                count(e[i]),
                ch[i].map_or(UNDEFINED.into(), |v| format!("{v:+}")),
                count(closed[i]),
                pct(share[i]),
            ]);
        }
        html.push_str(&table.render());
        // The cleared share is of the baseline as 清理进度 counts it: where a category's
        // census count holds cases listed from a stale export, the share is not closed ÷
        // the census count, and the reader is told why.
        let cases = t.ints("baseline_cases");
        let stale: i64 = (0..t.height())
            .filter_map(|i| Some(b[i]? - cases[i]?))
            .filter(|&d| d > 0)
            .sum();
        if stale > 0 {
            html.push_str(&note(&ctx.t(
                "清理比例 = 基线中已结 ÷ 基线积案，与“清理进度”同一分母：普查日积案中普查日前已结案、基线误列的案件不计入。",
                "Cleared = baseline closed ÷ baseline backlog, the base of the cleared share by category: cases at the census closed before it (listed from a stale export) are left out.",
            )));
        }
    }

    // Cleared by root cause and team.
    if let Some(t) = ctx.table("evaluation_cleared").cloned() {
        let dim = t.strs("dimension");
        let key = t.strs("key");
        let label = t.strs("label");
        let court = t.strs("court_code");
        let several = several_courts(&court);
        let n = t.ints("baseline_cases");
        let closed = t.ints("closed");
        let share = t.floats("cleared_share");
        let share_nt = t.floats("cleared_not_terminated_share");
        for (d, zh, en) in [
            (
                "root_cause",
                "按积案原因的清理进度",
                "Cleared by root cause",
            ),
            ("team", "按执行团队的清理进度", "Cleared by team"),
        ] {
            let rows: Vec<usize> = (0..t.height())
                .filter(|&i| dim[i].as_deref() == Some(d))
                .collect();
            if rows.is_empty() {
                continue;
            }
            html.push_str(&h3(&ctx.t(zh, en)));
            let mut table = HtmlTable::from_owned(vec![
                (ctx.t("分组", "Group"), Align::Keep),
                (ctx.t("基线积案", "Baseline"), Align::Num),
                (ctx.t("已结", "Closed"), Align::Num),
                (ctx.t("清理比例", "Cleared"), Align::Num),
                (ctx.t("不含终本", "Without 终本"), Align::Num),
            ]);
            for i in rows {
                let name = match (lang, d) {
                    (Lang::En, "root_cause") => cause_en(key[i].as_deref().unwrap_or("")),
                    _ => label[i].clone().unwrap_or_default(),
                };
                table.row(vec![
                    if d == "team" {
                        with_court(several, court[i].as_deref(), name)
                    } else {
                        name
                    },
                    count(n[i]),
                    count(closed[i]),
                    pct(share[i]),
                    pct(share_nt[i]),
                ]);
            }
            html.push_str(&table.render());
        }
    }

    // Responsibility.
    if let Some(t) = ctx.table("evaluation_people").cloned() {
        let role = t.strs("role");
        let person = t.strs("person");
        let court = t.strs("court_code");
        let several = several_courts(&court);
        let team = t.strs("team");
        let rank = t.ints("rank");
        let n = t.ints("baseline_cases");
        let closed = t.ints("closed");
        let exec = t.ints("closed_not_terminated");
        let rem = t.ints("remaining");
        let over = t.ints("overdue_remaining");
        let rec = t.ints("recovered_during_fen");
        let share = t.floats("cleared_share");
        let share_nt = t.floats("cleared_not_terminated_share");
        for (r, zh, en) in [
            ("officer", "责任到人：承办人", "Responsibility: officers"),
            ("leader", "责任到人：包案领导", "Responsibility: leaders"),
        ] {
            let rows: Vec<usize> = (0..t.height())
                .filter(|&i| role[i].as_deref() == Some(r))
                .collect();
            if rows.is_empty() {
                continue;
            }
            html.push_str(&h3(&ctx.t(zh, en)));
            let mut table = HtmlTable::from_owned(vec![
                (ctx.t("名次", "Rank"), Align::Num),
                (ctx.t("姓名", "Name"), Align::Keep),
                (ctx.t("团队", "Team"), Align::Keep),
                (ctx.t("基线积案", "Baseline"), Align::Num),
                (ctx.t("已结", "Closed"), Align::Num),
                (ctx.t("实际执结", "Not by 终本"), Align::Num),
                (ctx.t("仍未结", "Remaining"), Align::Num),
                (ctx.t("其中超期", "Overdue"), Align::Num),
                (
                    ctx.t(
                        "普查日后到位（万元）",
                        "Recovered since the census (10k yuan)",
                    ),
                    Align::Num,
                ),
                (ctx.t("清理比例", "Cleared"), Align::Num),
                (ctx.t("不含终本", "Without 终本"), Align::Num),
            ])
            .compact();
            let shown = rows.len().min(PEOPLE_SHOWN);
            for &i in rows.iter().take(shown) {
                table.row(vec![
                    count(rank[i]),
                    with_court(
                        several,
                        court[i].as_deref(),
                        person[i]
                            .clone()
                            .unwrap_or_else(|| ctx.t("（未分配）", "(unassigned)")),
                    ),
                    team[i].clone().unwrap_or_else(|| UNDEFINED.into()),
                    count(n[i]),
                    count(closed[i]),
                    count(exec[i]),
                    count(rem[i]),
                    count(over[i]),
                    rec[i].map_or(UNDEFINED.into(), wan),
                    pct(share[i]),
                    pct(share_nt[i]),
                ]);
            }
            html.push_str(&table.render());
            if rows.len() > shown {
                html.push_str(&note(&ctx.t(
                    &format!("另有 {} 人见工作簿“责任到人”表。", rows.len() - shown),
                    &format!(
                        "{} more in the workbook sheet Responsibility.",
                        rows.len() - shown
                    ),
                )));
            }
        }
        // The exports carry a case's recovered amount to date, not when it came in: the
        // amount is the end's less the census's, so money recovered between the campaign's
        // start and the census date (phase one) is not in it, and it is labelled for the
        // period it covers (w-recovered-period-label).
        let baseline_as_of = ctx.table("evaluation_meta").and_then(|m| {
            let items = m.strs("item");
            let values = m.strs("value");
            items
                .iter()
                .position(|x| x.as_deref() == Some("baseline_as_of"))
                .and_then(|i| values[i].clone())
        });
        let since = baseline_as_of.unwrap_or_else(|| ctx.t("普查日", "the census date"));
        html.push_str(&note(&ctx.t(
            &format!("到位金额为普查日（{since}）至期末新增的执行到位：导出只有累计到位金额，活动开始至普查日之间到位的不在其中。"),
            &format!("Recovered is what came in between the census ({since}) and the end: the exports give the amount recovered to date only, so what was recovered between the campaign's start and the census is not in it."),
        )));
        html.push_str(&note(&ctx.t(
            "说明：排名只比较清理比例（并列时比较实际执结比例和案件数），未按案件难度调整。各人名下案件的构成（有无财产、案龄、类别）不同，比较时应结合按原因、类别的清理进度。",
            "Caveat: the ranking compares cleared shares only (ties broken by actual closures and caseload) and is not adjusted for case mix: people hold different cases (assets, age, category), so read it together with the progress by cause and category.",
        )));
    }

    // Baseline cases no export lists any more.
    let missing = missing_list(ctx);
    if !missing.is_empty() {
        html.push_str(&missing);
    }
    Ok(Section::new("evaluation", title, html))
}

/// The campaign's months as a table under their chart: B, N, R, D, E adding up row by row
/// (R, cases resumed under their own number, is no 新收 but pending again), with the rates
/// whose base the row shows.
fn monthly_table(ctx: &Ctx, t: &Table) -> String {
    let whole = t.bools("whole_range");
    let labels = t.strs("period");
    let partial = t.bools("partial");
    let b = t.ints("pending_start");
    let n = t.ints("incoming");
    let r = t.ints("reopened");
    let d = t.ints("resolved");
    let e = t.ints("pending_end");
    let cr = t.floats("clearance_rate");
    let ar = t.floats("actual_closure_rate");
    let mut head = super::sections::flow_columns(ctx, ctx.t("月份", "Month"));
    head.extend([
        (ctx.t("结收比", "Clearance rate"), Align::Num),
        (ctx.t("实际执结率", "Actual closure rate"), Align::Num),
    ]);
    let mut table = HtmlTable::from_owned(head).compact();
    let row = |i: usize, label: String| {
        let mut cells = super::sections::flow_cells(label, [b[i], n[i], r[i], d[i], e[i]]);
        cells.extend([pct(cr[i]), pct(ar[i])]);
        cells
    };
    let mut any_partial = false;
    for i in (0..t.height()).filter(|&i| whole[i] != Some(true)) {
        let cut = partial[i] == Some(true);
        any_partial |= cut;
        let label = labels[i].clone().unwrap_or_default();
        table.row(row(i, if cut { format!("{label}*") } else { label }));
    }
    for i in (0..t.height()).filter(|&i| whole[i] == Some(true)) {
        table.total_row(row(i, ctx.t("活动期间", "Whole campaign")));
    }
    let mut s = table.render();
    let mut text = ctx.t(
        "旧存 + 新收 + 恢复 − 结案 = 未结；恢复是已结案件以原案号恢复执行，不计为新收；结收比 = 结案 ÷ 新收；\
         实际执结率 =（结案 − 终本结案 − 结案方式无法识别的结案）÷（旧存 + 新收 + 恢复），后者可能为终本，与清理比例（不含终本）同。受理、含恢复的结收比和结案率见工作簿“活动期间收结”表。",
        "B + N + R − D = E: reopened (R) are closed cases resumed under their own number, not counted as received; \
         clearance rate = D ÷ N; actual closure rate = (D − 终本 closures − closures of a 结案方式 the rules could not read, which may be 终本, as in the cleared share without 终本) ÷ (B + N + R). The workbook sheet Campaign months adds the caseload handled, the clearance rate with reopened and the disposal rate.",
    );
    if any_partial {
        // Where each starred month is cut: a campaign starting mid-month cuts its first.
        let months: Vec<usize> = (0..t.height())
            .filter(|&i| whole[i] != Some(true))
            .collect();
        if let Some(cuts) = super::sections::partial_cuts(ctx, t, &months) {
            text.push_str(&format!(
                "{}{cuts}{}",
                ctx.t("* 不完整月份：", " * incomplete months: "),
                ctx.t("。", ".")
            ));
        }
    }
    s.push_str(&note(&text));
    s
}

/// The baseline cases found in no export at the end, listed by case number.
fn missing_list(ctx: &Ctx) -> String {
    let path = ctx.data.run.join("parquet/evaluation_followed.parquet");
    let Ok(file) = std::fs::File::open(&path) else {
        return String::new();
    };
    use polars::prelude::*;
    let Ok(df) = ParquetReader::new(file)
        .with_columns(Some(vec![
            "case_no".into(),
            "officer".into(),
            "baseline_status".into(),
            "outcome".into(),
        ]))
        .finish()
    else {
        return String::new();
    };
    let t = Table {
        name: "evaluation_followed".into(),
        df,
    };
    let rows = t.rows_where("outcome", "missing");
    if rows.is_empty() {
        return String::new();
    }
    let case_no = t.strs("case_no");
    let officer = t.strs("officer");
    let status = t.strs("baseline_status");
    let mut s = h3(&ctx.t(
        &format!("期末导出中查无的基线积案（{} 件）", rows.len()),
        &format!("Baseline cases in no end export ({})", rows.len()),
    ));
    s.push_str(&note(&ctx.t(
        "这些案件在普查日是积案，期末各系统导出中均未列出，计为未清理，应逐案核实。",
        "These cases were in the backlog at the census but no end export lists them; they count as not cleared and should be checked one by one.",
    )));
    let mut table = HtmlTable::from_owned(vec![
        (ctx.t("案号", "Case number"), Align::Keep),
        (ctx.t("承办人", "Officer"), Align::Keep),
        (ctx.t("普查日状态", "Status at the census"), Align::Keep),
    ]);
    for &i in rows.iter().take(MISSING_SHOWN) {
        table.row(vec![
            case_no[i]
                .clone()
                .unwrap_or_else(|| ctx.t("（案号缺失）", "(no case number)")),
            officer[i].clone().unwrap_or_else(|| UNDEFINED.into()),
            status[i]
                .as_deref()
                .map(|s| super::sections::status_text(ctx.lang, s))
                .unwrap_or_default(),
        ]);
    }
    s.push_str(&table.render());
    s
}
