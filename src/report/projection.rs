//! The projection section (预测): "at this pace, when?" and "what pace, to finish by the
//! end?", with the model and its back-tested error stated plainly. Presents the
//! `project_*` tables only.

use super::format::{count, decimals, pct, UNDEFINED};
use super::html::{self, cards, note, p, Align, Card, HtmlTable};
use super::sections::{category_label, Ctx};
use super::{Lang, Section};
use crate::charts::catalog::{self, ProjectionPoint};
use crate::Result;

/// Officers listed as off pace in the report (the workbook has them all).
const OFF_PACE_SHOWN: usize = 30;

fn h3(text: &str) -> String {
    format!("<h3>{}</h3>\n", html::esc(text))
}

fn num1(v: Option<f64>) -> String {
    v.map_or_else(|| UNDEFINED.to_string(), |x| decimals(x, 1))
}

fn whole(v: Option<f64>) -> String {
    v.map_or_else(|| UNDEFINED.to_string(), |x| count(Some(x.round() as i64)))
}

pub fn projection(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("进度预测", "Projection");
    let mut html = String::new();
    let meta = ctx.table("project_meta").cloned();
    let get = |k: &str| -> Option<String> {
        let m = meta.as_ref()?;
        let items = m.strs("item");
        let values = m.strs("value");
        items
            .iter()
            .position(|x| x.as_deref() == Some(k))
            .and_then(|i| values[i].clone())
    };
    // A sentence the stage wrote in both languages (`key`, `key_en`), in the reader's. A
    // run made before the English rows existed falls back to the Chinese.
    let said = |k: &str| -> Option<String> {
        match lang {
            Lang::Zh => get(k),
            Lang::En => get(&format!("{k}_en")).or_else(|| get(k)),
        }
    };
    let until = get("until").unwrap_or_default();

    // Key figures and the answer to "when?".
    if let Some(t) = ctx.table("project_required").cloned() {
        let all = t.rows_where("unit_kind", "all");
        if let Some(&i) = all.first() {
            let req = t.floats("required_backlog_closures_per_month")[i];
            let cur = t.floats("current_backlog_closures_per_month")[i];
            let b = t.ints("backlog_now")[i];
            let monthly = ctx.table("project_monthly").cloned();
            let last_backlog = monthly.as_ref().and_then(|m| {
                let kinds = m.strs("kind");
                let v = m.floats("backlog");
                (0..m.height())
                    .rev()
                    .find(|&k| kinds[k].as_deref() == Some("projection"))
                    .and_then(|k| v[k])
            });
            let cleared = said("backlog_cleared_in").unwrap_or_default();
            // The pace the projection assumed: the observed one, or a set pace / what-if.
            // A card built on an assumed pace says so: "at this pace" would pass a
            // statistician's assumption off as the court's own pace.
            let pace = get("pace").unwrap_or_default();
            let set_pace = !pace.is_empty() && !pace.starts_with("按近期");
            let what_if = get("what_if").is_some();
            let (basis_zh, basis_en) = match (set_pace, what_if) {
                (true, true) => ("按设定进度及情景假设", "at the set pace and what-if"),
                (true, false) => ("按设定进度", "at the set pace"),
                (false, true) => ("按情景假设", "under the what-if"),
                (false, false) => ("按当前进度", "at this pace"),
            };
            html.push_str(&cards(&[
                Card {
                    label: ctx.t("现有积案", "Backlog now"),
                    value: count(b),
                    sub: get("as_of").unwrap_or_default(),
                },
                Card {
                    label: ctx.t(&format!("{until} 预计积案"), &format!("Backlog by {until}")),
                    value: whole(last_backlog),
                    sub: ctx.t(
                        &format!("{basis_zh}（预测中值）"),
                        &format!("{basis_en} (central)"),
                    ),
                },
                Card {
                    label: ctx.t(
                        &format!("{basis_zh}积案清零"),
                        &format!("Backlog cleared {basis_en}"),
                    ),
                    value: if cleared == "现无积案" && ctx.lang == Lang::En {
                        "none now".to_string()
                    } else {
                        cleared
                    },
                    sub: ctx.t(
                        "预测积案（含今后新超期的案件）降至零的月份",
                        "month the projected backlog, cases falling overdue later included, reaches zero",
                    ),
                },
                Card {
                    label: ctx.t("清零所需每月积案结案", "Backlog closures needed a month"),
                    value: num1(req),
                    sub: ctx.t(
                        &format!("近期每月 {}", num1(cur)),
                        &format!("now {} a month", num1(cur)),
                    ),
                },
            ]));
            if set_pace || what_if {
                let mut zh = Vec::new();
                let mut en = Vec::new();
                if set_pace {
                    zh.push(pace.clone());
                    en.push(said("pace").unwrap_or_default());
                }
                if let Some(w) = get("what_if") {
                    zh.push(format!("情景假设：{w}"));
                    en.push(format!("what-if: {}", said("what_if").unwrap_or_default()));
                }
                html.push_str(&p(&ctx.t(
                    &format!("本预测采用假定条件：{}。“近期每月结积案”仍为实际进度。", zh.join("；")),
                    &format!("This projection rests on assumptions: {}; \"now a month\" is still the observed pace.", en.join("; ")),
                )));
            }
            // Every figure through format::decimals: `{:.1}` rounds a tie to even (1.25 → 1.2).
            let (rt, ct) = (req.map(|r| decimals(r, 1)), cur.map(|c| decimals(c, 1)));
            match (req, cur, rt, ct) {
                (Some(r), Some(c), Some(rt), Some(ct)) if c > 0.0 && c >= r => html.push_str(&p(&ctx.t(
                    &format!("按近期进度，{until}前可以清结现有积案（每月需结 {rt} 件积案，近期每月结 {ct} 件）；但期间还会有案件新超期，见下表“积案”预测。"),
                    &format!("At the recent pace today's backlog can be cleared by {until} ({rt} backlog closures a month needed, {ct} now); cases falling overdue meanwhile are in the projected backlog below."),
                ))),
                (Some(r), Some(c), Some(rt), Some(ct)) if c > 0.0 => {
                    // A percentage like every other (metrics.md: two decimals), the
                    // inverse of the pace rate the tables below show.
                    let share = pct(Some(100.0 * r / c));
                    html.push_str(&p(&ctx.t(
                        &format!("按近期进度，{until}前不能清结现有积案：每月需结 {rt} 件积案，近期每月只结 {ct} 件，需提高到现在的 {share}。"),
                        &format!("At the recent pace today's backlog is not cleared by {until}: {rt} backlog closures a month are needed, {ct} are made now — {share} of today's pace."),
                    )))
                }
                (Some(_), _, Some(rt), _) => html.push_str(&p(&ctx.t(
                    &format!("近期没有积案结案：{until}前清结现有积案需每月结 {rt} 件积案。"),
                    &format!("No backlog case was closed recently: clearing today's backlog by {until} takes {rt} backlog closures a month."),
                ))),
                _ => {}
            }
            if let Some(t) = said("required_total_closures_for_target") {
                html.push_str(&p(&ctx.t(
                    &format!("未结降至目标：{t}"),
                    &format!("Pending target: {t}"),
                )));
            }
        }
    }

    // The chart and the monthly table.
    if let Some(m) = ctx.table("project_monthly").cloned() {
        let months = m.strs("month");
        let kind = m.strs("kind");
        let pending = m.floats("pending");
        let lo = m.floats("pending_low");
        let hi = m.floats("pending_high");
        let backlog = m.floats("backlog");
        // A projection to a day inside a month ends there: its last row holds the figures
        // of that day, and is labelled so, not as the month's end.
        let through = m.strs("through");
        let partial = |i: usize| -> Option<String> {
            let t = through[i].clone()?;
            let month = crate::project::Month::parse(months[i].as_deref()?)?;
            (month.last_day().to_string() != t).then_some(t)
        };
        let points: Vec<ProjectionPoint> = (0..m.height())
            .map(|i| {
                let projected = kind[i].as_deref() == Some("projection");
                ProjectionPoint {
                    label: partial(i).unwrap_or_else(|| months[i].clone().unwrap_or_default()),
                    projected,
                    pending: pending[i].unwrap_or(0.0),
                    pending_low: lo[i].unwrap_or(0.0),
                    pending_high: hi[i].unwrap_or(0.0),
                    backlog: backlog[i],
                }
            })
            .collect();
        html.push_str(&ctx.chart(
            "projection",
            &catalog::projection(lang, &points, None),
            &ctx.t(
                "图P1 各月末未结（预测止于月中者为当日）：深色柱为实际，蓝线为预测中值，灰色为预测区间（下限至上限）；橙线为积案",
                "Figure P1. Pending at month end (or on the day a projection ends mid-month): dark bars actual, blue line the central projection, grey the band (low to high); orange: backlog",
            ),
        )?);
        let mut table = HtmlTable::from_owned(vec![
            (ctx.t("月份", "Month"), Align::Keep),
            (
                ctx.t("新收（含恢复）", "Received (incl. reopened)"),
                Align::Num,
            ),
            (ctx.t("结案", "Closed"), Align::Num),
            (ctx.t("新增超期", "Newly overdue"), Align::Num),
            (ctx.t("未结", "Pending"), Align::Num),
            (ctx.t("区间", "Band"), Align::Num),
            (ctx.t("积案", "Backlog"), Align::Num),
        ])
        .compact();
        let recv = m.floats("received");
        let closed = m.floats("closed");
        let newo = m.floats("new_overdue");
        for i in (0..m.height()).filter(|&i| kind[i].as_deref() == Some("projection")) {
            let month = months[i].clone().unwrap_or_default();
            table.row(vec![
                match partial(i) {
                    Some(t) => ctx.t(&format!("{month}（至{t}）"), &format!("{month} (to {t})")),
                    None => month,
                },
                num1(recv[i]),
                num1(closed[i]),
                num1(newo[i]),
                whole(pending[i]),
                format!("{}–{}", whole(lo[i]), whole(hi[i])),
                whole(backlog[i]),
            ]);
        }
        html.push_str(&table.render());
    }

    // Categories.
    if let Some(t) = ctx.table("project_categories").cloned() {
        html.push_str(&h3(&ctx.t(
            "七类重点案件：按当前进度清完现有积案（不计今后新超期的案件）",
            "The seven categories: today's backlog cases cleared at this pace by (cases falling overdue later not counted)",
        )));
        let k = t.ints("category");
        let names = t.strs("category_name");
        let n = t.ints("backlog_now");
        let months = t.floats("months_to_clear");
        let by = t.strs("cleared_by_month");
        let mut table = HtmlTable::from_owned(vec![
            (ctx.t("类别", "Category"), Align::Keep),
            (ctx.t("现有积案", "Backlog now"), Align::Num),
            (ctx.t("所需月数", "Months"), Align::Num),
            (ctx.t("预计清零", "Cleared by"), Align::Keep),
        ]);
        for i in 0..t.height() {
            table.row(vec![
                category_label(lang, k[i], names[i].as_deref()),
                count(n[i]),
                whole(months[i]),
                by[i].clone().unwrap_or_else(|| UNDEFINED.into()),
            ]);
        }
        html.push_str(&table.render());
        if let Some(a) = said("categories_assumption") {
            html.push_str(&note(&a));
        }
    }

    // Who is off pace.
    if let Some(t) = ctx.table("project_required").cloned() {
        let kind = t.strs("unit_kind");
        let unit = t.strs("unit");
        let b = t.ints("backlog_now");
        let req = t.floats("required_backlog_closures_per_month");
        let cur = t.floats("current_backlog_closures_per_month");
        let rate = t.floats("pace_rate");
        let off = t.bools("off_pace");
        for (k, zh, en) in [
            ("team", "各团队所需进度", "Pace needed by team"),
            ("officer", "进度落后的承办人", "Officers off pace"),
        ] {
            let mut rows: Vec<usize> = (0..t.height())
                .filter(|&i| kind[i].as_deref() == Some(k))
                .filter(|&i| k == "team" || off[i] == Some(true))
                .collect();
            if rows.is_empty() {
                continue;
            }
            rows.sort_by(|&a, &c| {
                rate[a]
                    .unwrap_or(0.0)
                    .partial_cmp(&rate[c].unwrap_or(0.0))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b[c].cmp(&b[a]))
            });
            html.push_str(&h3(&ctx.t(zh, en)));
            let unit_head = if k == "officer" {
                ctx.t("承办人", "Officer")
            } else {
                ctx.t("团队", "Team")
            };
            let mut table = HtmlTable::from_owned(vec![
                (unit_head, Align::Keep),
                (ctx.t("现有积案", "Backlog now"), Align::Num),
                (ctx.t("每月需结积案", "Needed a month"), Align::Num),
                (ctx.t("近期每月结积案", "Now a month"), Align::Num),
                (ctx.t("进度达标率", "Pace"), Align::Num),
            ])
            .compact();
            let shown = rows.len().min(OFF_PACE_SHOWN);
            for &i in rows.iter().take(shown) {
                table.row(vec![
                    unit[i]
                        .clone()
                        .unwrap_or_else(|| ctx.t("（未分配）", "(unassigned)")),
                    count(b[i]),
                    num1(req[i]),
                    num1(cur[i]),
                    pct(rate[i]),
                ]);
            }
            html.push_str(&table.render());
            if k == "officer" {
                html.push_str(&note(&ctx.t(
                    "说明：进度达标率只比较所需与近期的结案进度，未按案件难度调整；各人名下积案的构成（有无财产、案龄、类别）不同。",
                    "Caveat: the pace compares needed and recent closures only, not adjusted for case mix: people hold different backlogs (assets, age, category).",
                )));
            }
            if rows.len() > shown {
                html.push_str(&note(&ctx.t(
                    &format!("另有 {} 项见工作簿“所需进度”表。", rows.len() - shown),
                    &format!(
                        "{} more in the workbook sheet Required pace.",
                        rows.len() - shown
                    ),
                )));
            }
        }
    }

    // The model and its error.
    html.push_str(&h3(&ctx.t("模型与误差", "The model and its error")));
    if let Some(m) = said("model") {
        html.push_str(&p(&m));
    }
    if let Some(w) = said("what_if") {
        html.push_str(&p(
            &ctx.t(&format!("情景假设：{w}"), &format!("What-if: {w}"))
        ));
    }
    match said("backtest") {
        Some(b) => html.push_str(&p(
            &ctx.t(&format!("回测：{b}。"), &format!("Back-test: {b}."))
        )),
        None => html.push_str(&note(&ctx.t(
            "历史不足，未做回测。",
            "Too little history for a back-test.",
        ))),
    }
    Ok(Section::new("projection", title, html))
}
