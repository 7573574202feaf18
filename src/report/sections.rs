//! The figure sections of the report: key figures, census, trend, categories, causes,
//! aging and responsibility. Each reads one metric table (sometimes a second for a
//! detail) of the census or trend stage and is skipped with a note when the run has no
//! such table, so a partial run still gives a report.
//!
//! The report only presents: every count and ratio comes from the metric tables as the
//! census computed it, so the report, the workbook and a notebook over the Parquet
//! tables can never disagree. Rows are taken at the `level` the section is about
//! (`all` for the whole run, `court`, `team`, `officer`, `leader`).

use std::collections::HashMap;

use super::data::{jint, jstr, RunData, Table};
use super::format::{count, decimals, group_thousands, pct, wan, wan_f64, UNDEFINED};
use super::html::{self, absent, cards, definitions, figure, note, Align, Card, HtmlTable};
use super::{tr, Lang, Section};
use crate::charts::catalog::{self, AmountBar, Band, Bar, Cause, FlowPoint, Officer};
use crate::charts::{self, RenderedChart};
use crate::Result;

/// Longest case lists printed in full (the workbook and Parquet have them all).
const LIST_LIMIT: usize = 200;
const OLDEST_SHOWN: usize = 20;
const OFFICERS_CHARTED: usize = 20;

/// What the sections share: the language, the data, and the charts drawn so far.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub data: &'a RunData,
    pub charts: Vec<RenderedChart>,
}

impl Ctx<'_> {
    pub(crate) fn t(&self, zh: &str, en: &str) -> String {
        tr(self.lang, zh, en)
    }

    pub(crate) fn table(&self, name: &str) -> Option<&Table> {
        self.data.table(name)
    }

    /// Draws a chart, keeps it for writing, and returns its figure HTML.
    pub(crate) fn chart(
        &mut self,
        name: &str,
        chart: &charts::CategoryChart,
        caption: &str,
    ) -> Result<String> {
        let r = charts::render(name, chart)?;
        let mut fig = figure(&r.png, &r.title, caption);
        // Characters the chart font cannot draw (𠮷 in a name): boxes in the picture, so
        // said beside it and on the terminal; the tables show them.
        let missing = charts::missing_glyphs(chart)?;
        if !missing.is_empty() {
            let chars: String = missing.iter().collect();
            eprintln!(
                "caseflow report: the chart font has no glyph for {chars} (chart {name}): \
                 drawn as boxes there; the tables show the names in full"
            );
            fig.push_str(&note(&self.t(
                &format!("图中无法显示的字：{chars}（以方框代替，表格中完整显示）"),
                &format!("Characters the chart font cannot draw: {chars} (boxes in the chart; the tables show them)"),
            )));
        }
        self.charts.push(r);
        Ok(fig)
    }

    /// The heading of `overdue_1y` for the days it was counted with (census.json).
    fn overdue_year_label(&self) -> String {
        let days = jint(&self.data.census, "overdue_year_days").unwrap_or(365);
        let (zh, en) = crate::census::overdue_year_label(days);
        self.t(&zh, &en)
    }

    /// The key figure's title for `overdue_1y`: category 1's name 超期限一年以上 at 365
    /// days; with another threshold the days it was counted with, as the tables' heading,
    /// so that a count of cases 730 days overdue is not titled a year.
    fn overdue_year_title(&self) -> String {
        match jint(&self.data.census, "overdue_year_days").unwrap_or(365) {
            365 => self.t("超期限一年以上", "Overdue ≥ 1 year"),
            _ => self.overdue_year_label(),
        }
    }

    fn missing_columns(&self, e: String) -> String {
        absent(
            self.lang,
            &self.t(
                &format!("表缺少列 {e}"),
                &format!("table lacks columns {e}"),
            ),
        )
    }
}

/// Chinese names of the seven categories in English.
fn category_en(k: i64) -> &'static str {
    match k {
        1 => "Overdue by a year or more",
        2 => "Obstructed by protectionism or illegal interference",
        3 => "Applicant in special hardship",
        4 => "Unpaid migrant-worker wages or construction payments",
        5 => "Suspended or deferred, now to be resumed",
        6 => "Road-traffic accident damages",
        7 => "Parties who petitioned repeatedly",
        _ => "Other",
    }
}

pub(crate) fn category_label(lang: Lang, k: Option<i64>, zh: Option<&str>) -> String {
    match (lang, k) {
        (Lang::En, Some(k)) => format!("{k}. {}", category_en(k)),
        (_, Some(k)) => format!("{k}. {}", zh.unwrap_or("")),
        (_, None) => zh.unwrap_or("").to_string(),
    }
}

/// The English names of `census_categories`' summary rows by their `row_kind` (the table
/// holds the Chinese ones, 七类合计（一案多类只计一次） …): the report's table and the English
/// workbook name them alike.
pub(crate) fn category_row_en(kind: &str) -> Option<&'static str> {
    match kind {
        "distinct_total" => Some("Total in any category (each case once)"),
        "sum_with_overlap" => Some("Sum of the categories (overlap counted twice)"),
        "none" => Some("Backlog in no category"),
        _ => None,
    }
}

/// A root-cause code in English: the built-in codes by name, any other code's words.
pub(crate) fn cause_en(code: &str) -> String {
    let known = match code {
        "no_assets" => "No assets",
        "whereabouts_unknown" => "Whereabouts unknown",
        "hard_to_realise" => "Assets hard to realise",
        "evasion" => "Evasion, assets moved",
        "assist_noncooperation" => "Assisting bodies not cooperating",
        "interference" => "Local or administrative interference",
        "legal_obstacle" => "Legal obstacle",
        "secured_or_insolvent" => "Secured assets or insolvent debtor",
        "petition" => "Petitions, complex disputes",
        "court_delay" => "Delay inside the court",
        "unknown" => "Cause unknown",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let s = code.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

pub(crate) fn cause_group_en(g: &str) -> &str {
    match g {
        "执行不能" => "Inability (no assets)",
        "执行难" => "Difficulty (assets, enforcement obstructed)",
        "原因不明" => "Cause unknown",
        "仅执行不能" => "Inability only",
        "仅执行难" => "Difficulty only",
        "执行不能且执行难" => "Both",
        "未记录原因" => "No cause recorded",
        other => other,
    }
}

pub fn status_text(lang: Lang, s: &str) -> String {
    let (zh, en) = match s {
        // 在办: open and being enforced. Not "pending", which the key figures use for 未结
        // (every open case, suspended and deferred too).
        "pending" => ("在办", "active"),
        "suspended" => ("中止", "suspended"),
        "deferred" => ("暂缓", "deferred"),
        "closed" => ("已结", "closed"),
        "not_filed" => ("未立案", "not filed"),
        other => (other, other),
    };
    tr(lang, zh, en)
}

/// A case kind's name, from the one table the workbook uses too.
pub fn kind_text(lang: Lang, k: &str) -> String {
    let k = k.trim();
    let (zh, en) = crate::census::config::case_kind_label(k).unwrap_or((k, k));
    tr(lang, zh, en)
}

/// The case-kind filter in words (`first,resumed` → 首次执行、恢复执行).
pub fn kinds_text(lang: Lang, kinds: &str) -> String {
    let sep = tr(lang, "、", ", ");
    kinds
        .split(',')
        .filter(|k| !k.trim().is_empty())
        .map(|k| kind_text(lang, k))
        .collect::<Vec<_>>()
        .join(&sep)
}

/// The backlog rule as classify states it ("积案：… — open at the as-of date and …"): the
/// Chinese sentence for a Chinese reader, the rule in English for an English one.
pub fn backlog_rule_text(lang: Lang, rule: &str) -> String {
    match rule.split_once(" — ") {
        Some((zh, en)) => match lang {
            Lang::Zh => zh.trim_start_matches("积案：").to_string(),
            Lang::En => match en.split_once(RULES_LEAD) {
                Some((_, list)) => format!(
                    "open at the as-of date and any of: {}",
                    backlog_conditions(lang, list)
                ),
                None => en.to_string(),
            },
        },
        None => rule.to_string(),
    }
}

/// The backlog rule with its conditions, for the method notes: the Chinese sentence and the
/// conditions in Chinese for a Chinese reader (field names in parentheses, for SQL), the
/// conditions in English for an English one.
pub fn backlog_rule_notes(lang: Lang, rule: &str) -> String {
    let Some((zh, en)) = rule.split_once(" — ") else {
        return rule.to_string();
    };
    match (lang, en.split_once(RULES_LEAD)) {
        (Lang::Zh, Some((_, list))) => format!(
            "{}。满足下列任一条件的未结案件：{}",
            zh.trim_start_matches("积案："),
            backlog_conditions(lang, list)
        ),
        (Lang::Zh, None) => zh.trim_start_matches("积案：").to_string(),
        (Lang::En, _) => backlog_rule_text(lang, rule),
    }
}

/// How classify's rule text introduces its conditions.
const RULES_LEAD: &str = "open at the as-of date and any of: ";

/// Classify's conditions (`超过法定期限未结: status in [pending, suspended] and
/// overdue_days >= 1; …`, see classify::rules::BacklogRule::describe) in the reader's
/// language. The built-in rules' names are put in English for an English reader; a name
/// from a court's own rule file is kept as written.
fn backlog_conditions(lang: Lang, list: &str) -> String {
    let words = |list: &str, f: &dyn Fn(&str) -> String| -> Vec<String> {
        list.trim_matches(['[', ']'])
            .split(", ")
            .filter(|x| !x.is_empty())
            .map(f)
            .collect()
    };
    let condition = |c: &str| -> String {
        let c = c.trim();
        if let Some(v) = c.strip_prefix("status in ") {
            let v = words(v, &|x| status_text(lang, x));
            return match lang {
                Lang::Zh => format!("统计日状态为{}", v.join("、")),
                Lang::En => format!("status at the as-of date: {}", v.join(", ")),
            };
        }
        if let Some(v) = c.strip_prefix("case_kind in ") {
            let v = words(v, &|x| kind_text(lang, x));
            return tr(
                lang,
                &format!("案件类型为{}", v.join("、")),
                &format!("case kind {}", v.join(", ")),
            );
        }
        if let Some(d) = c.strip_prefix("overdue_days >= ") {
            return tr(
                lang,
                &format!("超过法定期限{d}日以上"),
                &format!(
                    "at least {d} {} past the due date",
                    if d == "1" { "day" } else { "days" }
                ),
            );
        }
        if let Some(d) = c.strip_prefix("age_days >= ") {
            return tr(
                lang,
                &format!("案龄{d}日以上"),
                &format!("at least {d} days old"),
            );
        }
        c.to_string()
    };
    let rules: Vec<String> = list
        .split("; ")
        .map(|r| {
            let (name, conds) = r.split_once(": ").unwrap_or(("", r));
            let conds: Vec<String> = conds.split(" and ").map(condition).collect();
            let name = match (lang, name) {
                (Lang::En, "超过法定期限未结") => "overdue",
                (Lang::En, "中止或暂缓执行") => "suspended or deferred",
                (_, n) => n,
            };
            match lang {
                Lang::Zh if name.is_empty() => conds.join("，且"),
                Lang::Zh => format!("{name}——{}", conds.join("，且")),
                Lang::En if name.is_empty() => conds.join(" and "),
                Lang::En => format!("{name}: {}", conds.join(" and ")),
            }
        })
        .collect();
    rules.join(tr(lang, "；", "; ").as_str())
}

/// A unit of a metric row in words.
fn unit_label(lang: Lang, t: &Table, i: usize) -> String {
    let get = |c: &str| t.strs(c).get(i).cloned().flatten();
    let level = get("level").unwrap_or_default();
    let court = get("court_name").or_else(|| get("court_code"));
    let unknown = tr(lang, "（未填）", "(blank)");
    match level.as_str() {
        "all" => tr(lang, "合计（全部）", "Total (all)"),
        "court" => court.unwrap_or(unknown),
        "team" => format!(
            "{} · {}",
            court.unwrap_or_else(|| unknown.clone()),
            get("team").unwrap_or(unknown)
        ),
        "officer" => get("officer").unwrap_or(unknown),
        "leader" => get("leader").unwrap_or(unknown),
        _ => level,
    }
}

fn first_row(t: &Table, level: &str) -> Option<usize> {
    t.rows_where("level", level).first().copied()
}

fn int_at(t: &Table, col: &str, i: usize) -> Option<i64> {
    t.ints(col).get(i).copied().flatten()
}

fn f_at(t: &Table, col: &str, i: usize) -> Option<f64> {
    t.floats(col).get(i).copied().flatten()
}

fn s_at(t: &Table, col: &str, i: usize) -> Option<String> {
    t.strs(col).get(i).cloned().flatten()
}

/// Where each starred (`partial`) period of `rows` (in order) is cut, for the note under
/// its table: the first one by the range's start (a quarter from 15 January lacks two
/// weeks of flows, and its 旧存 is that day's), the last one by its end (the as-of date,
/// mostly): `2025Q1 自 2025-01-15 起；2026Q1 截至统计日 2026-02-28`. None when no period is cut.
pub(crate) fn partial_cuts(ctx: &Ctx, t: &Table, rows: &[usize]) -> Option<String> {
    let partial = t.bools("partial");
    let labels = t.strs("period");
    let as_of = ctx.data.as_of();
    let last = rows.len().saturating_sub(1);
    let cuts: Vec<String> = rows
        .iter()
        .enumerate()
        .filter(|&(_, &i)| partial.get(i).copied().flatten() == Some(true))
        .map(|(k, &i)| {
            let label = labels.get(i).cloned().flatten().unwrap_or_default();
            let start = s_at(t, "period_start", i).unwrap_or_default();
            let end = s_at(t, "period_end", i).unwrap_or_default();
            match (k == 0, k == last) {
                (true, false) => format!(
                    "{label} {}{start}{}",
                    ctx.t("自 ", "from "),
                    ctx.t(" 起", "")
                ),
                (false, true) if as_of.as_deref() == Some(end.as_str()) => {
                    format!(
                        "{label} {}{end}",
                        ctx.t("截至统计日 ", "up to the as-of date ")
                    )
                }
                (false, true) => format!("{label} {}{end}", ctx.t("截至 ", "up to ")),
                _ => format!("{label} {start}{}{end}", ctx.t(" 至 ", " to ")),
            }
        })
        .collect();
    (!cuts.is_empty()).then(|| cuts.join(&ctx.t("；", "; ")))
}

/// The day the data's closures start, when the trend's range starts well before it (the
/// trend stage's note in `trend_meta`): the exports list closed cases only from a window
/// start, so the flows before it lack their closures.
fn closures_listed_from(ctx: &Ctx) -> Option<String> {
    let notes = ctx
        .table("trend_meta")?
        .strs("notes")
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty())?;
    notes.split('；').find_map(|n| {
        let rest = n
            .trim()
            .strip_prefix(crate::census::trend::EARLIEST_CLOSURE_NOTE)?;
        rest.split(';').next().map(|d| d.trim().to_string())
    })
}

/// The caution said beside the figures the missing closures touch (the 结收比 and 结案率
/// cards, the trend section), not only in the method notes at the end: a reader who
/// stops at the key figures must not take 0 closures a period at face value.
fn closures_caution(ctx: &Ctx, date: &str) -> String {
    ctx.t(
        &format!(
            "注意：数据中最早的结案日期为{date}，导出的已结案件可能只从该日起列出：此前各期的结案（及旧存、\
             新收）可能不全，据以计算的结收比、结案率偏低。可将收结存统计起始日（[trend] from）设在该日或以后。"
        ),
        &format!(
            "Caution: the earliest closure in the data is {date}; the exports probably list closed \
             cases only from then, so closures (and pending at start, received) in periods before \
             it are likely incomplete and the clearance and disposal rates over them too low. \
             Start the trend ([trend] from) on or after that day."
        ),
    )
}

/// The trend row of the whole range (level all), and the period rows in order.
fn trend_rows(t: &Table) -> (Option<usize>, Vec<usize>) {
    let whole_range = t.bools("whole_range");
    let mut total = None;
    let mut periods = Vec::new();
    for i in t.rows_where("level", "all") {
        if whole_range.get(i).copied().flatten() == Some(true) {
            total = Some(i);
        } else {
            periods.push(i);
        }
    }
    (total, periods)
}

/// The note of a census with nothing pending at the as-of date (every case closed: the
/// campaign's goal), said wherever a table of pending cases would be.
fn no_pending_note(ctx: &Ctx) -> String {
    note(&ctx.t(
        "统计日没有未结案件。",
        "No pending cases at the census date.",
    ))
}

/// Whether `census_summary` says nothing is pending: its whole-run row has 0 pending (a run
/// from before such a row was kept has no row at all).
fn nothing_pending(t: &Table) -> bool {
    first_row(t, "all").is_none_or(|i| int_at(t, "pending", i) == Some(0))
}

// ---------------------------------------------------------------------------------------
// 1. Key figures

pub fn summary(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let mut html = String::new();
    let mut items: Vec<Card> = Vec::new();
    let mut defs: Vec<(String, String)> = Vec::new();
    let mut caution: Option<String> = None;

    match ctx.table("census_summary") {
        None => html.push_str(&absent(lang, "census_summary")),
        Some(t) => match (
            t.require(&["level", "pending", "backlog"]),
            first_row(t, "all"),
        ) {
            (Err(e), _) => html.push_str(&ctx.missing_columns(e)),
            (Ok(()), None) => html.push_str(&no_pending_note(ctx)),
            (Ok(()), Some(i)) => {
                let g = |c: &str| int_at(t, c, i);
                // The tiles say 0 and 0; the sentence says why.
                if g("pending") == Some(0) {
                    html.push_str(&no_pending_note(ctx));
                }
                items.push(Card {
                    label: ctx.t("未结案件", "Pending cases"),
                    value: count(g("pending")),
                    sub: ctx.t(
                        &format!(
                            "在办 {} · 中止 {} · 暂缓 {}",
                            count(g("status_pending")),
                            count(g("suspended")),
                            count(g("deferred"))
                        ),
                        &format!(
                            "active {} · suspended {} · deferred {}",
                            count(g("status_pending")),
                            count(g("suspended")),
                            count(g("deferred"))
                        ),
                    ),
                });
                items.push(Card {
                    label: ctx.t("积案", "Backlog"),
                    value: count(g("backlog")),
                    sub: ctx.t(
                        &format!("占未结 {}", pct(f_at(t, "backlog_share", i))),
                        &format!("{} of pending", pct(f_at(t, "backlog_share", i))),
                    ),
                });
                items.push(Card {
                    label: ctx.overdue_year_title(),
                    value: count(g("overdue_1y")),
                    sub: ctx.t(
                        &format!("超期未结 {} 件", count(g("overdue"))),
                        &format!("overdue {}", count(g("overdue"))),
                    ),
                });
                // An amount with its unit, or "—" alone.
                let money = |fen: Option<i64>| {
                    fen.map_or(UNDEFINED.to_string(), |f| {
                        format!("{} {}", wan(f), ctx.t("万元", "×10k yuan"))
                    })
                };
                // The backlog cases without a claim amount add nothing to the sums: how
                // many they are is said beside them, or 8 万元 would read as the whole.
                let unknown = match (g("backlog_claim_unknown"), g("backlog")) {
                    (Some(u), Some(b)) if u > 0 => ctx.t(
                        &format!(
                            "；积案 {} 件中 {} 件无申请执行标的，未计入金额",
                            count(Some(b)),
                            count(Some(u))
                        ),
                        &format!(
                            "; {} of {} backlog cases have no claim amount and add nothing",
                            count(Some(u)),
                            count(Some(b))
                        ),
                    ),
                    _ => String::new(),
                };
                items.push(Card {
                    label: ctx.t("积案未执行到位金额", "Backlog amount outstanding"),
                    value: money(g("backlog_outstanding_fen")),
                    sub: format!(
                        "{}{}{unknown}",
                        ctx.t("申请标的 ", "claimed "),
                        money(g("backlog_claim_fen"))
                    ),
                });
                defs.push((
                    ctx.t("未结案件", "Pending"),
                    ctx.t(
                        "截至统计日已立案、未结案的执行案件，含中止执行、暂缓执行的案件。",
                        "Cases filed and not closed at the as-of date, suspended and deferred ones included.",
                    ),
                ));
                let rule = jstr(&ctx.data.classify, "backlog_rule")
                    .map(|r| backlog_rule_text(lang, r))
                    .unwrap_or_else(|| ctx.t("见方法说明", "see the method notes"));
                defs.push((ctx.t("积案", "Backlog"), rule));
                // The thresholds of the run's own rules (census.json, classify.json), as
                // the figures were counted; the built-in ones for an older run.
                let year_days = jint(&ctx.data.census, "overdue_year_days").unwrap_or(365);
                let months = jint(&ctx.data.classify, "period_months").unwrap_or(6);
                let nl_months = jint(&ctx.data.classify, "non_litigation_months").unwrap_or(3);
                defs.push((
                    ctx.overdue_year_title(),
                    ctx.t(
                        &format!(
                            "统计日超过法定期限届满日{year_days}日以上的未结案件（七类之一）。法定期限：\
                             立案后{months}个月（非诉执行{nl_months}个月），加批准延长的期限和依法扣除的期间。"
                        ),
                        &format!(
                            "Pending {year_days} days or more past the statutory due date (category 1). \
                             Due date: filing + {months} months ({nl_months} for non-litigation \
                             enforcement) + approved extensions + deducted periods."
                        ),
                    ),
                ));
                defs.push((
                    ctx.t("未执行到位金额", "Amount outstanding"),
                    ctx.t(
                        "申请执行标的减已执行到位金额（不低于零）；无标的额的案件不计入金额。",
                        "Amount claimed minus amount recovered (never below zero); cases without a claim amount add nothing.",
                    ),
                ));
            }
        },
    }
    if let Some(t) = ctx.table("census_categories") {
        let rows = t.rows_where("level", "all");
        let kinds = t.strs("row_kind");
        let n = t.ints("backlog_cases");
        let find = |k: &str| {
            rows.iter()
                .find(|&&i| kinds[i].as_deref() == Some(k))
                .and_then(|&i| n[i])
        };
        if let Some(d) = find("distinct_total") {
            items.push(Card {
                label: ctx.t("七类重点积案", "Backlog in the 7 categories"),
                value: group_thousands(d),
                sub: ctx.t(
                    &format!("一案只计一次；逐类相加 {}", count(find("sum_with_overlap"))),
                    &format!(
                        "counted once; sum of categories {}",
                        count(find("sum_with_overlap"))
                    ),
                ),
            });
        }
    }
    if let Some(t) = ctx.table("census_due_soon") {
        let w = t.ints("window_days");
        let windows: Vec<i64> = {
            let mut v: Vec<i64> = w.iter().flatten().copied().collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let first = windows.first().copied().unwrap_or(30);
        // Distinct cases under windows up to `d`: a case is listed under every window it
        // falls due within (a run's census from before listed it under its narrowest
        // only; counted so, both give the same figure).
        let cases = t.strs("case_no");
        let within = |d: i64| {
            let mut seen = std::collections::BTreeSet::new();
            w.iter()
                .zip(&cases)
                .filter(|(x, _)| x.is_some_and(|x| x <= d))
                .filter(|(_, c)| seen.insert(*c))
                .count() as i64
        };
        items.push(Card {
            label: ctx.t(
                &format!("{first}日内将超期"),
                &format!("Due within {first} days"),
            ),
            value: group_thousands(within(first)),
            sub: match windows.last() {
                Some(&last) if last != first => ctx.t(
                    &format!("{last}日内 {} 件", group_thousands(within(last))),
                    &format!("within {last} days: {}", group_thousands(within(last))),
                ),
                _ => String::new(),
            },
        });
        defs.push((
            ctx.t("即将超期", "Due soon"),
            ctx.t(
                "在办且尚未超期、将在所列天数内超过法定期限的案件（中止、暂缓案件期限顺延，不列入）。",
                "Active cases not yet overdue whose statutory period ends within the window \
                 (suspended and deferred cases are left out: their deadline moves).",
            ),
        ));
    }
    if let Some(t) = ctx.table("trend_ratios") {
        if let (Some(i), _) = trend_rows(t) {
            let range = format!(
                "{}{}{}",
                s_at(t, "period_start", i).unwrap_or_default(),
                ctx.t("至", " – "),
                s_at(t, "period_end", i).unwrap_or_default()
            );
            let from = closures_listed_from(ctx);
            let listed = |zh: bool| match (&from, zh) {
                (Some(d), true) => format!(" · 结案只列自{d}"),
                (Some(d), false) => format!(" · closures listed from {d}"),
                (None, _) => String::new(),
            };
            items.push(Card {
                label: ctx.t("结收比", "Clearance rate"),
                value: pct(f_at(t, "clearance_rate", i)),
                sub: ctx.t(
                    &format!(
                        "新收 {} · 结案 {}{}",
                        count(int_at(t, "incoming", i)),
                        count(int_at(t, "resolved", i)),
                        listed(true)
                    ),
                    &format!(
                        "received {} · closed {}{}",
                        count(int_at(t, "incoming", i)),
                        count(int_at(t, "resolved", i)),
                        listed(false)
                    ),
                ),
            });
            if let Some(d) = &from {
                caution = Some(closures_caution(ctx, d));
            }
            items.push(Card {
                label: ctx.t("结案率", "Disposal rate"),
                value: pct(f_at(t, "disposal_rate", i)),
                // 结案率 divides by B + N (metrics.md); `handled` is B + N + R, the base
                // of 执结率, and would name the wrong base here.
                sub: {
                    let bn = int_at(t, "pending_start", i)
                        .zip(int_at(t, "incoming", i))
                        .map(|(b, n)| b + n);
                    ctx.t(
                        &format!("旧存+新收 {} 件", count(bn)),
                        &format!("pending at start + received {}", count(bn)),
                    )
                },
            });
            defs.push((
                ctx.t("结收比", "Clearance rate"),
                ctx.t(
                    &format!("期间内结案数 ÷ 新收案件数 × 100%（{range}）；新收为零时无定义，记为“—”。100% 以上说明结案快于收案。"),
                    &format!("Closed ÷ received × 100 over {range}; undefined (—) without receipts. Above 100% the backlog shrinks."),
                ),
            ));
            defs.push((
                ctx.t("结案率", "Disposal rate"),
                ctx.t(
                    &format!("期间内结案数 ÷（旧存 + 新收）× 100%（{range}）。"),
                    &format!("Closed ÷ (pending at start + received) × 100 over {range}."),
                ),
            ));
        }
    }
    let mut body = String::new();
    if !items.is_empty() {
        body.push_str(&cards(&items));
    }
    if let Some(c) = caution {
        body.push_str(&html::p(&c));
    }
    body.push_str(&html);
    if !defs.is_empty() {
        body.push_str(&format!(
            "<h3>{}</h3>",
            html::esc(&ctx.t("口径", "Definitions"))
        ));
        body.push_str(&definitions(&defs));
    }
    Ok(Section {
        id: "summary",
        title: ctx.t("主要数字", "Key figures"),
        html: body,
    })
}

// ---------------------------------------------------------------------------------------
// 2. Census by court and team

pub fn census(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("积案底数", "Backlog census");
    let Some(t) = ctx.table("census_summary") else {
        return Ok(Section::new(
            "census",
            title,
            absent(lang, "census_summary"),
        ));
    };
    if let Err(e) = t.require(&["level", "pending", "backlog"]) {
        return Ok(Section::new("census", title, ctx.missing_columns(e)));
    }
    let head: Vec<(String, Align)> = vec![
        (ctx.t("单位", "Unit"), Align::Left),
        (ctx.t("未结", "Pending"), Align::Num),
        (ctx.t("在办", "Active"), Align::Num),
        (ctx.t("中止", "Suspended"), Align::Num),
        (ctx.t("暂缓", "Deferred"), Align::Num),
        (ctx.t("积案", "Backlog"), Align::Num),
        (ctx.t("积案占未结", "Backlog share"), Align::Num),
        (ctx.t("超期", "Overdue"), Align::Num),
        (ctx.overdue_year_label(), Align::Num),
        (ctx.t("积案有财产", "Backlog with assets"), Align::Num),
        (ctx.t("积案无财产", "Backlog no assets"), Align::Num),
        (
            ctx.t("积案未到位金额（万元）", "Backlog outstanding (10k yuan)"),
            Align::Num,
        ),
    ];
    let mut table = HtmlTable::from_owned(head);
    let levels = t.strs("level");
    let cols: Vec<Vec<Option<i64>>> = [
        "pending",
        "status_pending",
        "suspended",
        "deferred",
        "backlog",
    ]
    .iter()
    .map(|c| t.ints(c))
    .collect();
    let share = t.floats("backlog_share");
    let more: Vec<Vec<Option<i64>>> = [
        "overdue",
        "overdue_1y",
        "backlog_has_assets",
        "backlog_no_assets",
        "backlog_outstanding_fen",
    ]
    .iter()
    .map(|c| t.ints(c))
    .collect();
    // Each court, then its teams (indented), then the total.
    let code = t.strs("court_code");
    let court_rows: Vec<usize> = (0..t.height())
        .filter(|&i| levels[i].as_deref() == Some("court"))
        .collect();
    let team_rows: Vec<usize> = (0..t.height())
        .filter(|&i| levels[i].as_deref() == Some("team"))
        .collect();
    let team_name = t.strs("team");
    let cells_of = |i: usize, label: String| -> Vec<String> {
        let mut cells = vec![label];
        cells.extend(cols.iter().map(|c| count(c[i])));
        cells.push(pct(share[i]));
        cells.extend(more[..4].iter().map(|c| count(c[i])));
        cells.push(more[4][i].map_or(UNDEFINED.to_string(), wan));
        cells
    };
    let blank = ctx.t("（未填）", "(blank)");
    let mut placed = vec![false; t.height()];
    for &c in &court_rows {
        table.row(cells_of(c, unit_label(lang, t, c)));
        for &tm in &team_rows {
            if code[tm] == code[c] && !placed[tm] {
                placed[tm] = true;
                let name = team_name[tm].clone().unwrap_or_else(|| blank.clone());
                table.row(cells_of(tm, format!("\u{3000}\u{3000}{name}")));
            }
        }
    }
    for &tm in &team_rows {
        if !placed[tm] {
            table.row(cells_of(tm, unit_label(lang, t, tm)));
        }
    }
    if let Some(i) = first_row(t, "all") {
        table.total_row(cells_of(i, unit_label(lang, t, i)));
    }
    let mut html = String::new();
    html.push_str(&note(&ctx.t(
        "按法院和执行团队列出截至统计日的未结案件和积案；“有财产/无财产”为积案中被执行人有无可供执行财产的判断，二者之外为不明。",
        "Pending and backlog cases at the as-of date by court and team; \"with/no assets\" is whether \
         the debtor has enforceable assets, the rest unknown.",
    )));
    html.push_str(&table.render());
    if nothing_pending(t) {
        html.push_str(&no_pending_note(ctx));
    }
    Ok(Section::new("census", title, html))
}

// ---------------------------------------------------------------------------------------
// 3. Trend

pub fn trend(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("收结存趋势", "Received, closed and pending over time");
    let Some(t) = ctx.table("trend_ratios").cloned() else {
        return Ok(Section::new("trend", title, absent(lang, "trend_ratios")));
    };
    if let Err(e) = t.require(&["level", "period", "incoming", "resolved", "pending_end"]) {
        return Ok(Section::new("trend", title, ctx.missing_columns(e)));
    }
    let (total, periods) = trend_rows(&t);
    let labels = t.strs("period");
    let partial = t.bools("partial");
    let b = t.ints("pending_start");
    let n = t.ints("incoming");
    let r = t.ints("reopened");
    let d = t.ints("resolved");
    let e = t.ints("pending_end");
    let cr = t.floats("clearance_rate");
    let dr = t.floats("disposal_rate");
    let ar = t.floats("actual_closure_rate");
    let wr = t.floats("within_period_rate");
    let med = t.floats("median_disposition_days");
    let points: Vec<FlowPoint> = periods
        .iter()
        .map(|&i| FlowPoint {
            label: format!(
                "{}{}",
                labels[i].clone().unwrap_or_default(),
                if partial[i] == Some(true) { "*" } else { "" }
            ),
            received: n[i].unwrap_or(0),
            closed: d[i].unwrap_or(0),
            pending_end: e[i].unwrap_or(0),
            clearance_rate: cr[i],
        })
        .collect();
    let kinds = s_at(&t, "case_kinds", 0).map(|k| kinds_text(lang, &k));
    let partial_note = partial_cuts(ctx, &t, &periods).map(|cuts| {
        format!(
            "{}{cuts}",
            ctx.t("* 不完整期间：", "* incomplete periods: ")
        )
    });
    let chart_note = match (&kinds, &partial_note) {
        (Some(k), Some(p)) => Some(format!("{}{k}；{p}", ctx.t("案件类型：", "Case kinds: "))),
        (Some(k), None) => Some(format!("{}{k}", ctx.t("案件类型：", "Case kinds: "))),
        (None, p) => p.clone(),
    };
    let mut html = String::new();
    if let Some(d) = closures_listed_from(ctx) {
        html.push_str(&html::p(&closures_caution(ctx, &d)));
    }
    let c1 = catalog::flows(lang, &points, chart_note.clone());
    html.push_str(&ctx.chart(
        "trend_flows",
        &c1,
        &ctx.t(
            "图1 各期新收、结案（柱，左轴）与期末未结（折线，右轴）",
            "Figure 1. Received and closed per period (bars, left) and pending at the end (line, right)",
        ),
    )?);
    let c2 = catalog::clearance(lang, &points, chart_note);
    html.push_str(&ctx.chart(
        "trend_clearance",
        &c2,
        &ctx.t(
            "图2 各期结收比；虚线为100%，高于此线说明当期结案多于收案、积存下降",
            "Figure 2. Clearance rate per period; above the dashed 100% line closures outpace receipts",
        ),
    )?);
    let mut head = flow_columns(ctx, ctx.t("期间", "Period"));
    head.extend([
        (ctx.t("结收比", "Clearance rate"), Align::Num),
        (ctx.t("结案率", "Disposal rate"), Align::Num),
        (ctx.t("实际执结率", "Actual closure rate"), Align::Num),
        (
            ctx.t("法定期限内结案率", "Closed within period"),
            Align::Num,
        ),
        (
            ctx.t("结案用时中位数（天）", "Median days to close"),
            Align::Num,
        ),
    ]);
    let mut table = HtmlTable::from_owned(head);
    let row = |i: usize, label: String| -> Vec<String> {
        let mut cells = flow_cells(label, [b[i], n[i], r[i], d[i], e[i]]);
        cells.extend([
            pct(cr[i]),
            pct(dr[i]),
            pct(ar[i]),
            pct(wr[i]),
            // One decimal, as the workbook shows it: the median of an even number of
            // closures is a half day (96.5), and rounded here it disagreed with the sheet.
            med[i].map_or(UNDEFINED.to_string(), |m| decimals(m, 1)),
        ]);
        cells
    };
    for (k, &i) in periods.iter().enumerate() {
        table.row(row(i, points[k].label.clone()));
    }
    if let Some(i) = total {
        let label = format!(
            "{} {}{}{}",
            ctx.t("全期", "Whole range"),
            s_at(&t, "period_start", i).unwrap_or_default(),
            ctx.t("至", "–"),
            s_at(&t, "period_end", i).unwrap_or_default()
        );
        table.total_row(row(i, label));
    }
    html.push_str(&table.render());
    let mut notes = vec![ctx.t(
        "旧存、新收、恢复、结案、未结各自按案件日期直接计数（不以上期未结推算旧存）；恢复是已结案件以原案号恢复执行，\
         不计为新收，故旧存 + 新收 + 恢复 − 结案 = 未结；结收比 = 结案 ÷ 新收；结案率 = 结案 ÷（旧存 + 新收）；\
         实际执结率 =（结案 − 终本结案）÷（旧存 + 新收 + 恢复）；法定期限内结案率以有法定期限的结案为分母。比率分母为零时记为“—”。",
        "Each of B, N, R, D, E is counted from case dates (B is never derived from the previous E); reopened (R) are \
         closed cases resumed under their own number, not counted as received, so B + N + R − D = E; clearance = D ÷ N; \
         disposal = D ÷ (B + N); actual closure rate = (D − 终本 closures) ÷ (B + N + R); ratios with a zero \
         denominator show as —.",
    )];
    if let Some(p) = partial_note {
        notes.push(p);
    }
    for n in notes {
        html.push_str(&note(&n));
    }
    Ok(Section::new("trend", title, html))
}

// ---------------------------------------------------------------------------------------
// 4. Categories

pub fn categories(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("七类重点案件", "The seven priority categories");
    let Some(t) = ctx.table("census_categories").cloned() else {
        return Ok(Section::new(
            "categories",
            title,
            absent(lang, "census_categories"),
        ));
    };
    if let Err(e) = t.require(&["level", "row_kind", "category", "backlog_cases"]) {
        return Ok(Section::new("categories", title, ctx.missing_columns(e)));
    }
    let rows = t.rows_where("level", "all");
    let kind = t.strs("row_kind");
    let cat = t.ints("category");
    let name = t.strs("category_name");
    let cases = t.ints("backlog_cases");
    let share = t.floats("share_of_backlog");
    let claim = t.ints("claim_fen");
    let outst = t.ints("outstanding_fen");
    let open = t.ints("open_cases");
    let of_kind = |k: &str| -> Vec<usize> {
        rows.iter()
            .copied()
            .filter(|&i| kind[i].as_deref() == Some(k))
            .collect()
    };
    let cat_rows = of_kind("category");
    let distinct = of_kind("distinct_total")
        .first()
        .and_then(|&i| cases[i])
        .unwrap_or(0);
    let summed = of_kind("sum_with_overlap")
        .first()
        .and_then(|&i| cases[i])
        .unwrap_or_else(|| cat_rows.iter().filter_map(|&i| cases[i]).sum());
    let label = |i: usize| category_label(lang, cat[i], name[i].as_deref());
    let bars: Vec<Bar> = cat_rows
        .iter()
        .map(|&i| Bar {
            label: label(i),
            value: cases[i].unwrap_or(0) as f64,
        })
        .collect();
    let mut html = String::new();
    html.push_str(&ctx.chart(
        "backlog_categories",
        &catalog::categories(lang, &bars, distinct, summed),
        &ctx.t(
            "图3 七类重点积案件数（一案可属多类，各类不可相加）",
            "Figure 3. Backlog cases per priority category (a case may be in several)",
        ),
    )?);
    // A category whose every case's claim is unknown has no amount (null, "—" in the table
    // below), not 0: the chart says 标的额不详 where its bar would be.
    let amount_bars: Vec<AmountBar> = cat_rows
        .iter()
        .map(|&i| AmountBar {
            label: label(i),
            value: outst[i].map(wan_f64),
        })
        .collect();
    let amounts_fig = ctx.chart(
        "outstanding_by_category",
        &catalog::amounts(lang, &amount_bars),
        &ctx.t(
            "图4 七类重点积案未执行到位金额（万元）",
            "Figure 4. Amounts outstanding in the backlog per category (10k yuan)",
        ),
    )?;
    let head: Vec<(String, Align)> = vec![
        (ctx.t("类别", "Category"), Align::Left),
        (ctx.t("积案件数", "Backlog cases"), Align::Num),
        (ctx.t("占积案", "Share of backlog"), Align::Num),
        (ctx.t("申请标的（万元）", "Claimed (10k yuan)"), Align::Num),
        (
            ctx.t("未到位金额（万元）", "Outstanding (10k yuan)"),
            Align::Num,
        ),
        (
            ctx.t("未结案件中该类", "Pending cases in category"),
            Align::Num,
        ),
    ];
    let mut table = HtmlTable::from_owned(head);
    for &i in &rows {
        let k = kind[i].as_deref().unwrap_or("");
        let l = match (k, lang) {
            ("category", _) => label(i),
            (k, Lang::En) => category_row_en(k)
                .map(str::to_string)
                .unwrap_or_else(|| name[i].clone().unwrap_or_default()),
            _ => name[i].clone().unwrap_or_default(),
        };
        let cells = vec![
            l,
            count(cases[i]),
            pct(share[i]),
            claim[i].map_or(UNDEFINED.to_string(), wan),
            outst[i].map_or(UNDEFINED.to_string(), wan),
            count(open[i]),
        ];
        if k == "distinct_total" {
            table.total_row(cells);
        } else {
            table.row(cells);
        }
    }
    html.push_str(&table.render());
    // A court without backlog still has its category rows (0 each, its shares of a zero
    // backlog undefined) and its pending cases per category: say so, not a bare table.
    let backlog = distinct + of_kind("none").first().and_then(|&i| cases[i]).unwrap_or(0);
    if rows.is_empty() {
        html.push_str(&no_pending_note(ctx));
    } else if backlog == 0 {
        html.push_str(&note(&ctx.t(
            "统计日没有积案：各类积案件数均为0，占积案无定义（记为“—”）；“未结案件中该类”仍为未结案件中属于该类的件数。",
            "No backlog at the census date: each category has 0 backlog cases and its share of the backlog is \
             undefined (—); \"pending cases in category\" still counts the pending cases of each.",
        )));
    }
    html.push_str(&amounts_fig);

    // The overlap matrix, when the census wrote it.
    match ctx.table("census_category_overlap") {
        None => html.push_str(&absent(lang, "census_category_overlap")),
        Some(o) => {
            let orows = o.rows_where("level", "all");
            if !orows.is_empty() {
                html.push_str(&format!(
                    "<h3>{}</h3>",
                    html::esc(&ctx.t(
                        "七类交叉（两类同属的积案件数）",
                        "Overlap (backlog cases in both)"
                    ))
                ));
                let mut head: Vec<(String, Align)> = vec![(ctx.t("类别", "Category"), Align::Left)];
                head.extend((1..=7).map(|k| (format!("{k}"), Align::Num)));
                let mut m = HtmlTable::from_owned(head).compact();
                let oc = o.ints("category");
                let on = o.strs("category_name");
                let cols: Vec<Vec<Option<i64>>> =
                    (1..=7).map(|k| o.ints(&format!("cat_{k}"))).collect();
                for &i in &orows {
                    let mut cells = vec![category_label(lang, oc[i], on[i].as_deref())];
                    cells.extend(cols.iter().map(|c| count(c[i])));
                    m.row(cells);
                }
                html.push_str(&m.render());
                html.push_str(&note(&ctx.t(
                    "对角线为该类积案件数；非对角线为同时属于两类的积案件数。",
                    "The diagonal is the category itself; off the diagonal, cases in both categories.",
                )));
            }
        }
    }
    Ok(Section::new("categories", title, html))
}

// ---------------------------------------------------------------------------------------
// 5. Root causes

pub fn causes(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("原因和症结", "Root causes");
    let Some(t) = ctx.table("census_root_causes").cloned() else {
        return Ok(Section::new(
            "causes",
            title,
            absent(lang, "census_root_causes"),
        ));
    };
    if let Err(e) = t.require(&["level", "cause", "cases"]) {
        return Ok(Section::new("causes", title, ctx.missing_columns(e)));
    }
    let rows = t.rows_where("level", "all");
    let code = t.strs("cause");
    let name = t.strs("cause_name");
    let group = t.strs("cause_group");
    let cases = t.ints("cases");
    let share = t.floats("share");
    let cum = t.floats("cumulative_share");
    let of_backlog = t.floats("share_of_backlog");
    let outst = t.ints("outstanding_fen");
    let label = |i: usize| match lang {
        Lang::Zh => name[i]
            .clone()
            .or_else(|| code[i].clone())
            .unwrap_or_default(),
        Lang::En => cause_en(code[i].as_deref().unwrap_or("")),
    };
    let list: Vec<Cause> = rows
        .iter()
        .map(|&i| Cause {
            label: label(i),
            cases: cases[i].unwrap_or(0),
            cumulative_share: cum[i],
        })
        .collect();
    let mut html = String::new();
    html.push_str(&ctx.chart(
        "root_causes_pareto",
        &catalog::pareto(lang, &list),
        &ctx.t(
            "图5 积案原因帕累托图：左侧少数原因涵盖大部分积案",
            "Figure 5. Root causes, most frequent first, with the cumulative share",
        ),
    )?);
    let head: Vec<(String, Align)> = vec![
        (ctx.t("排序", "Rank"), Align::Num),
        (ctx.t("原因", "Cause"), Align::Left),
        (ctx.t("类型", "Group"), Align::Left),
        (ctx.t("积案件数", "Backlog cases"), Align::Num),
        (ctx.t("占原因次数", "Share of mentions"), Align::Num),
        (ctx.t("累计占比", "Cumulative"), Align::Num),
        (ctx.t("占积案", "Share of backlog"), Align::Num),
        (
            ctx.t("未到位金额（万元）", "Outstanding (10k yuan)"),
            Align::Num,
        ),
    ];
    let mut table = HtmlTable::from_owned(head);
    for (k, &i) in rows.iter().enumerate() {
        let g = group[i].clone().unwrap_or_default();
        table.row(vec![
            (k + 1).to_string(),
            label(i),
            match lang {
                Lang::Zh => g,
                Lang::En => cause_group_en(&g).to_string(),
            },
            count(cases[i]),
            pct(share[i]),
            pct(cum[i]),
            pct(of_backlog[i]),
            outst[i].map_or(UNDEFINED.to_string(), wan),
        ]);
    }
    html.push_str(&table.render());
    html.push_str(&note(&ctx.t(
        "一案可有多个原因：“占原因次数”以全部原因次数为分母，累计至100%；“占积案”以积案件数为分母，各行相加超过100%。",
        "A case may have several causes: \"share of mentions\" is over all mentions and adds up to 100%; \
         \"share of backlog\" is over backlog cases and adds up to more.",
    )));
    match ctx.table("census_root_cause_groups") {
        None => html.push_str(&absent(lang, "census_root_cause_groups")),
        Some(g) => {
            let grows = g.rows_where("level", "all");
            let gname = g.strs("cause_group");
            let gcases = g.ints("cases");
            let gshare = g.floats("share_of_backlog");
            let gout = g.ints("outstanding_fen");
            html.push_str(&format!(
                "<h3>{}</h3>",
                html::esc(&ctx.t("执行不能与执行难", "Inability versus difficulty"))
            ));
            let head: Vec<(String, Align)> = vec![
                (ctx.t("类型", "Group"), Align::Left),
                (ctx.t("积案件数", "Backlog cases"), Align::Num),
                (ctx.t("占积案", "Share of backlog"), Align::Num),
                (
                    ctx.t("未到位金额（万元）", "Outstanding (10k yuan)"),
                    Align::Num,
                ),
            ];
            let mut gt = HtmlTable::from_owned(head);
            for &i in &grows {
                let n = gname[i].clone().unwrap_or_default();
                gt.row(vec![
                    match lang {
                        Lang::Zh => n,
                        Lang::En => cause_group_en(&n).to_string(),
                    },
                    count(gcases[i]),
                    pct(gshare[i]),
                    gout[i].map_or(UNDEFINED.to_string(), wan),
                ]);
            }
            html.push_str(&gt.render());
            html.push_str(&note(&ctx.t(
                "执行不能：被执行人无财产可供执行，出路是终结本次执行程序或破产；执行难：有财产但执行受阻（下落不明、财产难以变现、规避执行、协助执行不力、干预等）。一案只计一次。",
                "Inability: no enforceable assets (exit: 终本 or insolvency). Difficulty: assets exist but \
                 enforcement is obstructed. Each case counted once.",
            )));
        }
    }
    Ok(Section::new("causes", title, html))
}

// ---------------------------------------------------------------------------------------
// 6. Aging and due soon

fn band_label(lang: Lang, t: &Table, i: usize) -> String {
    match lang {
        Lang::Zh => s_at(t, "band", i).unwrap_or_default(),
        Lang::En => match (
            int_at(t, "band_from_months", i),
            int_at(t, "band_to_months", i),
        ) {
            (Some(a), Some(b)) => format!("{a}–{b} months"),
            (Some(a), None) => format!("{a}+ months"),
            _ => "unknown".into(),
        },
    }
}

/// Case-list columns shared by the due-soon and oldest lists.
fn case_cells(lang: Lang, t: &Table, i: usize) -> Vec<String> {
    let cats = s_at(t, "categories", i).unwrap_or_default();
    vec![
        s_at(t, "case_no", i).unwrap_or_else(|| UNDEFINED.into()),
        s_at(t, "officer", i).unwrap_or_else(|| UNDEFINED.into()),
        s_at(t, "team", i).unwrap_or_else(|| UNDEFINED.into()),
        s_at(t, "filed_on", i).unwrap_or_else(|| UNDEFINED.into()),
        count(int_at(t, "age_months", i)),
        s_at(t, "due_on", i).unwrap_or_else(|| UNDEFINED.into()),
        status_text(lang, &s_at(t, "status_as_of", i).unwrap_or_default()),
        if cats.is_empty() {
            UNDEFINED.into()
        } else {
            cats
        },
        int_at(t, "outstanding_fen", i).map_or(UNDEFINED.to_string(), wan),
    ]
}

fn case_head(ctx: &Ctx) -> Vec<(String, Align)> {
    vec![
        (ctx.t("案号", "Case number"), Align::Keep),
        (ctx.t("承办人", "Officer"), Align::Keep),
        (ctx.t("团队", "Team"), Align::Keep),
        (ctx.t("立案日期", "Filed"), Align::Keep),
        (ctx.t("案龄（月）", "Age (months)"), Align::Num),
        (ctx.t("法定期限届满", "Due"), Align::Keep),
        (ctx.t("状态", "Status"), Align::Keep),
        (ctx.t("七类", "Categories"), Align::Left),
        (ctx.t("未到位（万元）", "Outstanding (10k)"), Align::Num),
    ]
}

pub fn aging(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t(
        "案龄与临期案件",
        "Age and cases about to pass their deadline",
    );
    let mut html = String::new();
    match ctx.table("census_aging").cloned() {
        None => html.push_str(&absent(lang, "census_aging")),
        Some(t) => match t.require(&["level", "band", "pending", "backlog"]) {
            Err(e) => html.push_str(&ctx.missing_columns(e)),
            Ok(()) => {
                let rows = t.rows_where("level", "all");
                let pending = t.ints("pending");
                let backlog = t.ints("backlog");
                let share = t.floats("share");
                let outst = t.ints("outstanding_fen");
                let bands: Vec<Band> = rows
                    .iter()
                    .map(|&i| Band {
                        label: band_label(lang, &t, i),
                        backlog: backlog[i].unwrap_or(0),
                        pending: pending[i].unwrap_or(0),
                    })
                    .collect();
                html.push_str(&ctx.chart(
                    "aging",
                    &catalog::aging(lang, &bands),
                    &ctx.t(
                        "图6 未结案件案龄分布（扣除依法不计入的期间后，按整月）",
                        "Figure 6. Age of pending cases (net of deducted periods, whole months)",
                    ),
                )?);
                let head: Vec<(String, Align)> = vec![
                    (ctx.t("案龄", "Age"), Align::Left),
                    (ctx.t("未结", "Pending"), Align::Num),
                    (ctx.t("占未结", "Share"), Align::Num),
                    (ctx.t("其中积案", "Of which backlog"), Align::Num),
                    (
                        ctx.t("未到位金额（万元）", "Outstanding (10k yuan)"),
                        Align::Num,
                    ),
                ];
                let mut table = HtmlTable::from_owned(head);
                for &i in &rows {
                    table.row(vec![
                        band_label(lang, &t, i),
                        count(pending[i]),
                        pct(share[i]),
                        count(backlog[i]),
                        outst[i].map_or(UNDEFINED.to_string(), wan),
                    ]);
                }
                html.push_str(&table.render());
            }
        },
    }

    html.push_str(&format!(
        "<h3>{}</h3>",
        html::esc(&ctx.t(
            "即将超过法定期限的案件",
            "Cases about to pass their deadline"
        ))
    ));
    match ctx.table("census_due_soon") {
        None => html.push_str(&absent(lang, "census_due_soon")),
        Some(t) => {
            let mut head = vec![(ctx.t("剩余天数", "Days left"), Align::Num)];
            head.extend(case_head(ctx));
            let mut table = HtmlTable::from_owned(head).compact();
            // Each case once (it is listed under every window it falls due within),
            // soonest first.
            let cases = t.strs("case_no");
            let left = t.ints("days_left");
            let mut seen = std::collections::BTreeSet::new();
            let mut rows: Vec<usize> = (0..t.height())
                .filter(|&i| cases[i].is_none() || seen.insert(cases[i].clone()))
                .collect();
            rows.sort_by_key(|&i| (left[i], i));
            let t = &t.rows(&rows);
            let shown = t.head(LIST_LIMIT);
            for (i, left) in shown.ints("days_left").into_iter().enumerate() {
                let mut cells = vec![count(left)];
                cells.extend(case_cells(lang, &shown, i));
                table.row(cells);
            }
            if table.is_empty() {
                html.push_str(&note(&ctx.t(
                    "没有即将超期的在办案件。",
                    "No active case is about to pass its deadline.",
                )));
            } else {
                html.push_str(&note(&ctx.t(
                    &format!(
                        "共 {} 件，按到期先后排列。",
                        group_thousands(t.height() as i64)
                    ),
                    &format!(
                        "{} cases, soonest first.",
                        group_thousands(t.height() as i64)
                    ),
                )));
                html.push_str(&table.render());
                if t.height() > LIST_LIMIT {
                    html.push_str(&note(&ctx.t(
                        &format!("仅列前 {LIST_LIMIT} 件；完整名单见工作簿或 parquet/census_due_soon.parquet。"),
                        &format!("First {LIST_LIMIT} shown; the full list is in the workbook and parquet/census_due_soon.parquet."),
                    )));
                }
            }
        }
    }

    html.push_str(&format!(
        "<h3>{}</h3>",
        html::esc(&ctx.t(
            &format!("案龄最长的未结案件（前{OLDEST_SHOWN}件）"),
            &format!("Oldest pending cases (top {OLDEST_SHOWN})")
        ))
    ));
    match ctx.table("census_oldest") {
        None => html.push_str(&absent(lang, "census_oldest")),
        Some(t) => {
            let mut head = vec![(ctx.t("序号", "Rank"), Align::Num)];
            head.extend(case_head(ctx));
            let mut table = HtmlTable::from_owned(head).compact();
            let shown = t.head(OLDEST_SHOWN);
            for (i, rank) in shown.ints("rank").into_iter().enumerate() {
                let mut cells = vec![count(rank)];
                cells.extend(case_cells(lang, &shown, i));
                table.row(cells);
            }
            html.push_str(&table.render());
        }
    }
    Ok(Section::new("aging", title, html))
}

// ---------------------------------------------------------------------------------------
// 7. Responsibility

pub fn responsibility(ctx: &mut Ctx) -> Result<Section> {
    let lang = ctx.lang;
    let title = ctx.t("责任到人", "Responsibility by officer and leader");
    let Some(t) = ctx.table("census_summary").cloned() else {
        return Ok(Section::new(
            "responsibility",
            title,
            absent(lang, "census_summary"),
        ));
    };
    if let Err(e) = t.require(&["level", "pending", "backlog"]) {
        return Ok(Section::new(
            "responsibility",
            title,
            ctx.missing_columns(e),
        ));
    }
    let pending = t.ints("pending");
    let backlog = t.ints("backlog");
    let o1y = t.ints("overdue_1y");
    let susp = t.ints("suspended");
    let defer = t.ints("deferred");
    let outst = t.ints("backlog_outstanding_fen");
    let officer = t.strs("officer");
    let team = t.strs("team");
    // With several courts, the team is named with its court: two courts may both have a
    // 执行一组 with a 王五 in it.
    let court = t.strs("court_code");
    let several_courts = super::evaluation::several_courts(&court);
    let by_backlog = |rows: &mut Vec<usize>, name: &[Option<String>]| {
        rows.sort_by(|&a, &b| {
            backlog[b]
                .cmp(&backlog[a])
                .then(pending[b].cmp(&pending[a]))
                .then(name[a].cmp(&name[b]))
        });
    };
    let mut orows = t.rows_where("level", "officer");
    by_backlog(&mut orows, &officer);
    // An officer name seen in two teams is told apart by the team.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &i in &orows {
        *seen
            .entry(officer[i].clone().unwrap_or_default())
            .or_default() += 1;
    }
    let blank = ctx.t("（未填承办人）", "(no officer)");
    let officer_label = |i: usize| {
        let n = officer[i].clone().unwrap_or_else(|| blank.clone());
        if seen
            .get(officer[i].as_deref().unwrap_or(""))
            .copied()
            .unwrap_or(0)
            > 1
        {
            match (court[i].as_deref().filter(|_| several_courts), &team[i]) {
                (Some(c), Some(t)) => format!("{n}（{c} {t}）"),
                (Some(c), None) => format!("{n}（{c}）"),
                (None, Some(t)) => format!("{n}（{t}）"),
                (None, None) => n,
            }
        } else {
            n
        }
    };
    let mut html = String::new();
    if orows.is_empty() && nothing_pending(&t) {
        // No officer has a pending case because no case is pending: not a table missing.
        html.push_str(&no_pending_note(ctx));
    } else if orows.is_empty() {
        html.push_str(&absent(
            lang,
            &ctx.t("承办人层级的汇总", "officer rows of census_summary"),
        ));
    } else {
        let list: Vec<Officer> = orows
            .iter()
            .map(|&i| Officer {
                label: officer_label(i),
                pending: pending[i].unwrap_or(0),
                backlog: backlog[i].unwrap_or(0),
            })
            .collect();
        html.push_str(&ctx.chart(
            "officer_scorecard",
            &catalog::officers(lang, &list, list.len(), OFFICERS_CHARTED),
            &ctx.t(
                "图7 承办人积案情况（按积案件数排序）",
                "Figure 7. Officers ranked by backlog cases",
            ),
        )?);
        // The plan assigns backlog cases to named officers (责任到人): a ranking of raw
        // counts reads as a ranking of people, though much of a backlog is inherited.
        html.push_str(&note(&ctx.t(
            "说明：按积案件数排序，未按案件难度调整。各人名下积案的构成（有无可供执行财产、案龄、类别、承接的历史积案）不同，比较时应结合原因、账龄和类别表。",
            "Caveat: ranked by backlog cases, not adjusted for case mix: people hold different cases (assets, age, category, backlog inherited from others), so read it together with the cause, age and category tables.",
        )));
        let head: Vec<(String, Align)> = vec![
            (ctx.t("承办人", "Officer"), Align::Keep),
            // With several courts, the court beside the team (or alone): two courts may
            // each have a 王伟.
            if several_courts {
                (ctx.t("法院、团队", "Court, team"), Align::Keep)
            } else {
                (ctx.t("团队", "Team"), Align::Keep)
            },
            (ctx.t("未结", "Pending"), Align::Num),
            (ctx.t("积案", "Backlog"), Align::Num),
            (ctx.t("积案占未结", "Backlog share"), Align::Num),
            (ctx.overdue_year_label(), Align::Num),
            (ctx.t("中止、暂缓", "Suspended/deferred"), Align::Num),
            (
                ctx.t("积案未到位（万元）", "Backlog outstanding (10k)"),
                Align::Num,
            ),
        ];
        let share = t.floats("backlog_share");
        let mut table = HtmlTable::from_owned(head).compact();
        for &i in &orows {
            table.row(vec![
                officer[i].clone().unwrap_or_else(|| blank.clone()),
                match (court[i].as_deref().filter(|_| several_courts), &team[i]) {
                    (Some(c), Some(t)) => format!("{c} {t}"),
                    (Some(c), None) => c.to_string(),
                    (None, t) => t.clone().unwrap_or_else(|| UNDEFINED.into()),
                },
                count(pending[i]),
                count(backlog[i]),
                pct(share[i]),
                count(o1y[i]),
                count(match (susp[i], defer[i]) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                }),
                outst[i].map_or(UNDEFINED.to_string(), wan),
            ]);
        }
        html.push_str(&table.render());
    }

    html.push_str(&format!(
        "<h3>{}</h3>",
        html::esc(&ctx.t("包案领导", "Leaders who took on cases (包案领导)"))
    ));
    let leader = t.strs("leader");
    let mut lrows = t.rows_where("level", "leader");
    by_backlog(&mut lrows, &leader);
    if lrows.is_empty() {
        html.push_str(&note(&ctx.t(
            "本次数据中没有包案领导的记录。",
            "No case in this run has a leader recorded.",
        )));
    } else {
        let head: Vec<(String, Align)> = vec![
            (ctx.t("包案领导", "Leader"), Align::Left),
            (ctx.t("法院", "Court"), Align::Left),
            (ctx.t("包案未结", "Pending"), Align::Num),
            (ctx.t("其中积案", "Backlog"), Align::Num),
            (ctx.overdue_year_label(), Align::Num),
            (
                ctx.t("积案未到位（万元）", "Backlog outstanding (10k)"),
                Align::Num,
            ),
        ];
        let mut table = HtmlTable::from_owned(head);
        let court = t.strs("court_name");
        let code = t.strs("court_code");
        for &i in &lrows {
            table.row(vec![
                leader[i].clone().unwrap_or_default(),
                court[i]
                    .clone()
                    .or_else(|| code[i].clone())
                    .unwrap_or_else(|| UNDEFINED.into()),
                count(pending[i]),
                count(backlog[i]),
                count(o1y[i]),
                outst[i].map_or(UNDEFINED.to_string(), wan),
            ]);
        }
        html.push_str(&table.render());
    }
    Ok(Section::new("responsibility", title, html))
}

/// A row's cells under [`flow_columns`]: its label, then B, N, R, D, E.
pub(crate) fn flow_cells(label: String, flows: [Option<i64>; 5]) -> Vec<String> {
    std::iter::once(label)
        .chain(flows.into_iter().map(count))
        .collect()
}

/// The columns of a stock-and-flow table after its period column: B, N, R, D, E. R stands
/// beside N, shown even when all zero: a month with a case resumed under its own number
/// adds up only with it (B + N + R − D = E), as the workbook's 收结存 shows.
pub(crate) fn flow_columns(ctx: &Ctx, period: String) -> Vec<(String, Align)> {
    vec![
        (period, Align::Keep),
        (ctx.t("旧存", "Pending at start"), Align::Num),
        (ctx.t("新收", "Received"), Align::Num),
        (ctx.t("恢复", "Reopened"), Align::Num),
        (ctx.t("结案", "Closed"), Align::Num),
        (ctx.t("未结", "Pending at end"), Align::Num),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "积案：未结且已超过法定期限，或处于中止执行、暂缓执行状态 — open at the \
        as-of date and any of: 超过法定期限未结: status in [pending, suspended, deferred] and \
        overdue_days >= 1; 中止或暂缓执行: status in [suspended, deferred]";

    /// Red-team round 21 (zh-report-english-leak, en-eval-untranslated): the method notes
    /// showed the rule half in English to a Chinese reader, half in Chinese to an English one.
    #[test]
    fn the_backlog_rule_reads_in_the_readers_language() {
        let zh = backlog_rule_notes(Lang::Zh, RULE);
        assert_eq!(
            zh,
            "未结且已超过法定期限，或处于中止执行、暂缓执行状态。满足下列任一条件的未结案件：\
             超过法定期限未结——统计日状态为在办、中止、暂缓，且超过法定期限1日以上；\
             中止或暂缓执行——统计日状态为中止、暂缓"
        );
        let en = backlog_rule_notes(Lang::En, RULE);
        assert_eq!(
            en,
            "open at the as-of date and any of: overdue: status at the as-of date: active, \
             suspended, deferred and at least 1 day past the due date; suspended or deferred: \
             status at the as-of date: suspended, deferred"
        );
        assert_eq!(backlog_rule_text(Lang::En, RULE), en);
        for text in [&zh, &en] {
            assert!(!text.contains("status in ["), "{text}");
        }
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
}
