//! Projection (预测): will the campaign make it? Pending cases, the backlog (积案) and
//! overdue cases projected month by month from the run's own monthly flows, the pace
//! needed to finish by a date, when each category would be cleared, which officers are
//! off pace, and what-if changes.
//!
//! The model is deliberately simple and printed with every result (see
//! `pipelines/rules/projection.toml`): a recent average with seasonal factors when the
//! history is long enough, a stock-flow recursion, and a band from the month-to-month
//! variation. A leadership meeting needs "at this pace, when?" with an honest error, not a
//! model it cannot check; the back-test (`project_backtest`) states the error on the
//! court's own past.

pub mod model;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::census::frame::{bool_col, f64_col, frame, i64_col, str_col};
use crate::census::input::{read_classified, Cases, CLASSIFIED};
use crate::census::{CensusConfig, TableInfo};
use crate::ingest::write_parquet;
use crate::report::format::{decimals, pct};
use crate::report::Said;
use crate::{textio, Error, Result};
pub use model::{month_label, Month};

const PROJECTION_TOML: &str = include_str!("../../pipelines/rules/projection.toml");

/// The projection tables, in workbook order.
pub const PROJECT_TABLES: [TableInfo; 5] = [
    TableInfo {
        name: "project_monthly",
        sheet_zh: "积案预测",
        sheet_en: "Projection",
        title: "逐月未结、积案、超期案件：历史（实际）与预测（中值及区间）",
        base: "按案件日期计算的全部案件",
    },
    TableInfo {
        name: "project_required",
        sheet_zh: "所需进度",
        sheet_en: "Required pace",
        title: "到目标日清零基线积案所需的每月结案数，与当前进度对比（全院、团队、承办人）",
        base: "统计日积案",
    },
    TableInfo {
        name: "project_categories",
        sheet_zh: "七类清零预测",
        sheet_en: "Categories cleared",
        title: "按当前进度七类重点案件预计清零的月份",
        base: "统计日积案",
    },
    TableInfo {
        name: "project_backtest",
        sheet_zh: "预测回测",
        sheet_en: "Back-test",
        title: "回测：从过去某月按同一模型预测，与实际未结、积案对比",
        base: "按案件日期计算的全部案件",
    },
    TableInfo {
        name: "project_meta",
        sheet_zh: "预测说明",
        sheet_en: "Projection notes",
        title: "预测模型、参数、估计的比率和结论",
        base: "",
    },
];

/// `projection.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectionRules {
    pub lookback_months: u32,
    pub seasonality_min_months: u32,
    pub band_z: f64,
    pub horizon_limit_months: u32,
}

impl ProjectionRules {
    /// Loads `projection.toml` from `dir` when it has one, else the built-in rules.
    pub fn load(dir: Option<&Path>) -> Result<ProjectionRules> {
        let (text, origin) = match dir.map(|d| d.join("projection.toml")) {
            Some(p) if p.exists() => (crate::textio::read_config(&p)?, p.display().to_string()),
            _ => (
                PROJECTION_TOML.to_string(),
                "(built-in) projection.toml".to_string(),
            ),
        };
        let r: ProjectionRules =
            toml::from_str(&text).map_err(|e| crate::textio::toml_error(&origin, &text, &e))?;
        if r.lookback_months == 0 || r.lookback_months > 120 {
            return Err(Error::Usage(format!(
                "{origin}: lookback_months must be 1 … 120, got {}",
                r.lookback_months
            )));
        }
        if !(r.band_z.is_finite() && r.band_z >= 0.0) {
            return Err(Error::Usage(format!(
                "{origin}: band_z must be a number ≥ 0, got {}",
                r.band_z
            )));
        }
        if r.horizon_limit_months == 0 || r.horizon_limit_months > 1200 {
            return Err(Error::Usage(format!(
                "{origin}: horizon_limit_months must be 1 … 1200, got {}",
                r.horizon_limit_months
            )));
        }
        Ok(r)
    }
}

/// The closing pace the projection assumes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// The recent average (with seasonality)
    Observed,
    /// A fixed number of closures per month
    ClosuresPerMonth(f64),
    /// Closures as a percentage of receipts (结收比)
    ClearanceRate(f64),
}

/// The unit the required pace is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByUnit {
    Team,
    Officer,
}

/// What-if changes applied from a month on.
#[derive(Debug, Clone, Default)]
pub struct WhatIf {
    /// First month the changes apply to (default: the first projected month)
    pub from: Option<Month>,
    /// Receipts changed by this percentage (+10 = 10 % more)
    pub intake_change_pct: f64,
    /// Closures changed by this percentage
    pub closure_change_pct: f64,
    /// Officers moved to another team: (officer, team)
    pub moves: Vec<(String, String)>,
}

impl WhatIf {
    pub fn is_empty(&self) -> bool {
        self.intake_change_pct == 0.0 && self.closure_change_pct == 0.0 && self.moves.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct ProjectConfig {
    /// Last day projected (month granularity: the month holding it is the last)
    pub until: NaiveDate,
    pub pace: Pace,
    pub by: Option<ByUnit>,
    /// Pending target for the inverse question (未结降至…)
    pub target_pending: Option<i64>,
    pub what_if: WhatIf,
    pub rules: ProjectionRules,
    pub census: CensusConfig,
}

/// What `project_run` found, also written as `project.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectReport {
    pub as_of: NaiveDate,
    pub until: NaiveDate,
    /// Months from the as-of date to `until`, a partial month by its share of days
    pub months_ahead: f64,
    pub pending_now: i64,
    pub backlog_now: i64,
    pub overdue_now: i64,
    /// The projection runs on a set pace (closures_per_month, clearance_rate), not the
    /// observed one
    pub pace_set: bool,
    pub pending_at_until: f64,
    pub backlog_at_until: f64,
    /// First month the central projection has the backlog below half a case
    pub backlog_cleared_in: Option<String>,
    /// `--target-pending`, the pending the inverse question aims at
    pub target_pending: Option<i64>,
    /// The as-of month when pending is already at or below the target
    pub pending_target_reached_in: Option<String>,
    pub required_backlog_closures_per_month: Option<f64>,
    pub current_backlog_closures_per_month: f64,
    /// Closures a month that leave pending at the target on `until`; 0 when it stays
    /// there without any
    pub required_total_closures_for_target: Option<f64>,
    pub officers_off_pace: usize,
    pub rates: model::Rates,
    pub backtest: Option<model::Backtest>,
    pub model: String,
    pub seconds: f64,
}

/// One plain sentence of the model, with this run's parameters, in both languages: an
/// English reader gets the same figures (z-english-projection-model-figures). The share
/// is a percentage and so has two decimals (metrics.md, "Rounding when shown"); the
/// monthly counts have one, as the monthly table beside it.
pub fn model_text(rules: &ProjectionRules, rates: &model::Rates) -> Said {
    let (lookback, new_overdue, share, z, sd) = (
        rates.lookback_used,
        decimals(rates.new_overdue, 1),
        pct(Some(100.0 * rates.overdue_share_of_closures)),
        rules.band_z,
        decimals(rates.net_sd, 1),
    );
    Said::new(
        format!(
            "每月新收（含原案号恢复执行）、结案取最近{lookback}个完整月的平均数{}；未结(m)=未结(m−1)+新收−结案；每月新增超期取近期每月到期而未结的案件数（{new_overdue}件），但不超过未结中尚未计入积案的案件（积案是未结案件的一部分）；积案结案=结案×近期结案中超期案件的比例（{share}）；积案(m)=积案(m−1)+新增超期−积案结案（积案结案不超过现有积案）；未结不低于积案加当月新收（结案超出的部分不计）；区间=±{z}×月净流量标准差（{sd}件）×√月数，未结区间的上下限不低于积案区间的上下限。",
            if rates.seasonal {
                "，乘以按历年同月计算的季节系数"
            } else {
                "（历史不足两年，不计季节性）"
            },
        ),
        format!(
            "Received (reopened cases included) and closed per month are the averages of the last {lookback} complete months{}; pending(m) = pending(m−1) + received − closed; cases falling overdue a month are the recent monthly count of cases due and not closed by their due date ({new_overdue} cases), at most the pending cases not yet in the backlog (the backlog is part of pending); backlog closures = closures × the recent share of closures that were overdue ({share}); backlog(m) = backlog(m−1) + cases falling overdue − backlog closures (backlog closures at most the backlog); pending never falls below the backlog plus the month's new cases (closures beyond that are not made); band = ±{z} × the standard deviation of the monthly net flow ({sd} cases) × √months ahead, each end of the pending band at least that of the backlog band. Parameters in pipelines/rules/projection.toml.",
            if rates.seasonal {
                ", times seasonal factors from the same month of earlier years"
            } else {
                " (under two years of history: no seasonality)"
            },
        ),
    )
}

/// The projection tables of a classified frame, without touching the disk.
pub fn project_tables(
    df: &polars::prelude::DataFrame,
    file: &str,
    cfg: &ProjectConfig,
) -> Result<(
    Vec<(&'static str, polars::prelude::DataFrame)>,
    ProjectReport,
)> {
    let started = Instant::now();
    // The case kinds the census counts (census.toml `case_kinds`) are part of every
    // figure's definition: the projection starts from the census's pending cases and
    // backlog and projects the same kinds' flows, so one report shows one backlog.
    let scoped;
    let df = {
        let all = Cases::from_frame(df, file)?;
        let (mask, excluded) = all.scope(&cfg.census.case_kinds);
        if excluded.is_empty() {
            df
        } else {
            use polars::prelude::{BooleanChunked, NewChunkedArray};
            let mask = BooleanChunked::from_iter_values("in_scope".into(), mask.into_iter());
            scoped = df
                .filter(&mask)
                .map_err(|e| Error::polars("classified cases: case kinds", e))?;
            &scoped
        }
    };
    let c = Cases::from_frame(df, file)?;
    if cfg.until <= c.as_of {
        return Err(Error::Usage(format!(
            "--until {} is not after the run's as-of date {}",
            cfg.until, c.as_of
        )));
    }
    let limit = c
        .as_of
        .checked_add_months(chrono::Months::new(cfg.rules.horizon_limit_months))
        .unwrap_or(c.as_of);
    if cfg.until > limit {
        return Err(Error::Usage(format!(
            "--until {} is more than {} months after the as-of date {} (horizon_limit_months \
             in projection.toml)",
            cfg.until, cfg.rules.horizon_limit_months, c.as_of
        )));
    }
    let first_projected = Month::of_day(c.as_of_day + 1);
    if let Some(f) = cfg.what_if.from {
        if f < first_projected {
            return Err(Error::Usage(format!(
                "--what-if-from {}: the first projected month is {}; a change cannot start \
                 before it (what happened before is in the data)",
                month_label(f),
                month_label(first_projected)
            )));
        }
        // A change from a month after the projection ends changes nothing: the figures
        // would be the baseline's, shown as a what-if.
        let last_projected = Month::of_date(cfg.until);
        if f > last_projected {
            return Err(Error::Usage(format!(
                "--what-if-from {}: the projection ends on --until {} (month {}); a change \
                 from a later month changes nothing. Start it earlier or project further",
                month_label(f),
                cfg.until,
                month_label(last_projected)
            )));
        }
    }
    for (officer, _) in &cfg.what_if.moves {
        if !c.officer.iter().any(|o| o == Some(officer.as_str())) {
            return Err(Error::Usage(format!(
                "--move {officer}=…: no officer of that name in the run"
            )));
        }
    }
    let t0 = c.as_of_day;
    let mut hist = model::History::new(&c, t0, None)?;
    hist.set_lookback(cfg.rules.lookback_months);
    let rates = model::Rates::estimate(&hist, &cfg.rules);
    let state = model::State::now(&c);
    let proj = model::project(&hist, &rates, &state, cfg, c.as_of, true)?;

    // Units: the officers always (who is off pace), teams when asked.
    let moved = |officer: Option<&str>, team: Option<&str>| -> Option<String> {
        if let Some(o) = officer {
            if let Some((_, t)) = cfg.what_if.moves.iter().find(|(mo, _)| mo == o) {
                return Some(t.clone());
            }
        }
        team.map(str::to_string)
    };
    // Partial months count by their days: clearing by the 1st of a month takes a higher
    // pace than clearing by its last day.
    let months = proj.months_to_until;
    // With several courts, a team or officer is named with its court (浙0603 执行一组):
    // two courts may both have a 执行一组.
    let courts =
        crate::census::units::Units::build(&c, &cfg.census, &[crate::census::units::Level::Court]);
    let several_courts = courts.court_codes.len() > 1;
    let with_court = |i: usize, name: Option<String>| -> Option<String> {
        match (several_courts, name) {
            (true, Some(n)) => Some(match courts.court_of_case(i).0 {
                Some(code) => format!("{code} {n}"),
                None => n,
            }),
            (_, n) => n,
        }
    };
    let mut units: BTreeMap<(u8, Option<String>), (i64, i64, i64)> = BTreeMap::new();
    for i in 0..c.n {
        let officer = c.officer.get(i);
        let team = with_court(i, moved(officer, c.team.get(i)));
        let in_backlog = state.in_backlog(&c, i);
        let pending = c.status[i].is_open();
        // Backlog closures in the lookback window (overdue at closure).
        let recent = hist.recent_overdue_closure(&c, i);
        let mut keys = vec![(2u8, with_court(i, officer.map(str::to_string)))];
        if cfg.by == Some(ByUnit::Team) {
            keys.push((1u8, team));
        }
        for k in keys {
            let e = units.entry(k).or_default();
            e.0 += i64::from(in_backlog);
            e.1 += i64::from(pending);
            e.2 += i64::from(recent);
        }
    }
    let lookback = rates.lookback_used.max(1) as f64;
    let mut rk = vec![Some("all".to_string())];
    let mut rn: Vec<Option<String>> = vec![None];
    let mut backlog_now = vec![state.backlog];
    let mut pending_now = vec![state.pending];
    let required_all = (months > 0.0).then(|| state.backlog as f64 / months);
    let mut required = vec![required_all];
    let current_all = rates.closed * rates.overdue_share_of_closures;
    let mut current = vec![Some(current_all)];
    // Teams and officers in the census's order: numbers in names as numbers (执行二组 before
    // 执行三组), no name last.
    let mut units: Vec<_> = units.into_iter().collect();
    units.sort_by_cached_key(|((kind, name), _)| {
        (
            *kind,
            name.is_none(),
            crate::census::units::natural_key(name.as_deref().unwrap_or("")),
        )
    });
    for ((kind, name), (b, p, rec)) in &units {
        if *b == 0 && *p == 0 {
            continue;
        }
        rk.push(Some(
            if *kind == 1 { "team" } else { "officer" }.to_string(),
        ));
        rn.push(name.clone());
        backlog_now.push(*b);
        pending_now.push(*p);
        required.push((months > 0.0).then(|| *b as f64 / months));
        current.push(Some(*rec as f64 / lookback));
    }
    let ratio: Vec<Option<f64>> = current
        .iter()
        .zip(&required)
        .map(|(c, r)| match (c, r) {
            (Some(c), Some(r)) if *r > 0.0 => Some(100.0 * c / r),
            _ => None,
        })
        .collect();
    let off_pace: Vec<bool> = current
        .iter()
        .zip(&required)
        .map(|(c, r)| matches!((c, r), (Some(c), Some(r)) if c < r))
        .collect();
    let months_to_clear: Vec<Option<f64>> = current
        .iter()
        .zip(&backlog_now)
        .map(|(c, b)| match c {
            Some(c) if *c > 0.0 => Some(*b as f64 / c),
            _ => None,
        })
        .collect();
    let officers_off_pace = rk
        .iter()
        .zip(&off_pace)
        .zip(&rn)
        .filter(|((k, off), n)| k.as_deref() == Some("officer") && **off && n.is_some())
        .count();
    // Receipts plus the excess spread over the months. A target above today's pending by
    // more than the receipts to come needs no closures at all: 0, never a negative pace.
    let target_total = cfg.target_pending.and_then(|t| {
        (months > 0.0).then(|| (rates.received + (state.pending - t) as f64 / months).max(0.0))
    });
    let mut target_col = vec![target_total];
    target_col.resize(rk.len(), None);
    let required_df = frame(
        "project_required",
        vec![
            str_col("unit_kind", rk),
            str_col("unit", rn),
            i64_col("backlog_now", backlog_now),
            i64_col("pending_now", pending_now),
            f64_col("required_backlog_closures_per_month", required),
            f64_col("current_backlog_closures_per_month", current),
            f64_col("pace_rate", ratio),
            bool_col("off_pace", off_pace),
            f64_col("months_to_clear_at_current_pace", months_to_clear),
            f64_col("required_total_closures_for_target", target_col),
        ],
    )?;

    // Categories: today's cases of a category, cleared at its own pace. Closed cases carry
    // no category flags, so a pace per category can be observed only for category 1 (a
    // case closed a year or more past its due date was in it); the others get the recent
    // backlog closures in proportion to their share of the backlog. The assumption is
    // printed with the table. Category 1 by its own threshold (census overdue_year_days).
    let year_days = cfg.census.overdue_year_days;
    let overdue_year_closures = (0..c.n)
        .filter(|&i| {
            hist.recent_overdue_closure(&c, i)
                && matches!((c.closed_on[i], c.due_on[i]), (Some(d), Some(due)) if i64::from(d - due) >= year_days)
        })
        .count() as f64
        / lookback;
    let mut cat_n = Vec::new();
    let mut cat_pace = Vec::new();
    let mut cat_months = Vec::new();
    let mut cat_by = Vec::new();
    for k in 0..7 {
        let n = (0..c.n)
            .filter(|&i| c.in_backlog[i] && c.status[i].is_open() && c.cats[i] & (1 << k) != 0)
            .count() as i64;
        cat_n.push(n);
        let pace = if k == 0 && overdue_year_closures > 0.0 {
            overdue_year_closures
        } else if state.backlog > 0 {
            current_all * n as f64 / state.backlog as f64
        } else {
            0.0
        };
        cat_pace.push(Some(pace));
        // Nothing to clear: no month. Beyond the horizon: not within it (None, shown —).
        let horizon = f64::from(cfg.rules.horizon_limit_months);
        // A what-if change of closures applies to each category's pace from its month on.
        let m = if n == 0 || pace <= 0.0 {
            None
        } else {
            let mut left = n as f64;
            let mut months = None;
            for h in 0..cfg.rules.horizon_limit_months as i32 {
                let month = proj.first_month.plus(h);
                let active = cfg.what_if.from.is_none_or(|f| month >= f);
                left -= pace
                    * if active {
                        1.0 + cfg.what_if.closure_change_pct / 100.0
                    } else {
                        1.0
                    };
                if left <= 1e-9 {
                    months = Some(f64::from(h + 1));
                    break;
                }
            }
            months.filter(|&m| m <= horizon)
        };
        cat_months.push(m);
        cat_by.push(m.map(|m| month_label(proj.first_month.plus(m.max(1.0) as i32 - 1))));
    }
    let categories_df = frame(
        "project_categories",
        vec![
            i64_col("category", (1..=7).collect()),
            str_col(
                "category_name",
                cfg.census.category_names.iter().map(Some).collect(),
            ),
            i64_col("backlog_now", cat_n),
            f64_col("closures_per_month", cat_pace),
            f64_col("months_to_clear", cat_months),
            str_col("cleared_by_month", cat_by),
        ],
    )?;

    // Back-test from month 3 of the earliest year the history allows.
    let backtest = model::backtest(&c, &cfg.rules)?;
    let backtest_df = match &backtest {
        Some(b) => b.frame()?,
        None => model::Backtest::empty_frame()?,
    };

    let text = model_text(&cfg.rules, &rates);
    let mut meta: Vec<(String, String)> = Vec::new();
    // A plain value: a date, a number, a code the workbook says in words.
    let put = |meta: &mut Vec<(String, String)>, key: &str, v: String| {
        meta.push((key.to_string(), v));
    };
    // A sentence: the Chinese under `key`, the English under `key_en`, always both, so
    // the English report and workbook say what the Chinese ones do.
    let say = |meta: &mut Vec<(String, String)>, key: &str, s: Said| {
        meta.push((key.to_string(), s.zh));
        meta.push((format!("{key}_en"), s.en));
    };
    let horizon = cfg.rules.horizon_limit_months;
    put(&mut meta, "as_of", c.as_of.to_string());
    put(&mut meta, "until", cfg.until.to_string());
    say(&mut meta, "model", text.clone());
    say(
        &mut meta,
        "pace",
        match cfg.pace {
            Pace::Observed => Said::new("按近期实际进度", "the recent pace as observed"),
            // Read alone (the workbook) and inside the report's sentence "本预测采用假定
            // 条件：…" / "This projection rests on assumptions: …", so said once.
            Pace::ClosuresPerMonth(n) => Said::new(
                format!("按设定进度：每月结案 {n} 件"),
                format!("a set pace of {n} closures a month"),
            ),
            Pace::ClearanceRate(r) => Said::new(
                format!("按设定进度：结收比 {r}%"),
                format!("a set clearance rate of {r}%"),
            ),
        },
    );
    // Half away from zero, as every figure shown (metrics.md): `{:.1}` rounds to even.
    put(&mut meta, "received_per_month", decimals(rates.received, 1));
    put(&mut meta, "closed_per_month", decimals(rates.closed, 1));
    say(
        &mut meta,
        "backlog_cleared_in",
        if state.backlog == 0 {
            Said::new("现无积案", "none now")
        } else {
            match proj.backlog_cleared_in.map(month_label) {
                Some(m) => Said::new(m.clone(), m),
                None => Said::new(
                    format!("{horizon}个月内不能清零"),
                    format!("not within {horizon} months"),
                ),
            }
        },
    );
    // Category 1's pace is counted with its own days (census overdue_year_days): a court
    // at 730 days must not read 一年 here.
    let (year_zh, year_en) = match cfg.census.overdue_year_days {
        365 => ("超期一年以上".to_string(), "a year or more".to_string()),
        d => (format!("超期{d}日以上"), format!("{d} days or more")),
    };
    say(
        &mut meta,
        "categories_assumption",
        Said::new(
            format!("已结案件不带七类标记：第一类按近期{year_zh}才结案的案件数计算进度；其他各类按其占积案的比例分摊近期积案结案数，清零月数相同，仅供参考"),
            format!("Closed cases carry no category flags: category 1's pace is the recent closures of cases {year_en} past due; the other categories get the recent backlog closures in proportion to their share of the backlog (so they clear in the same number of months; for reference only)"),
        ),
    );
    put(&mut meta, "case_kinds", cfg.census.kinds_text());
    if !cfg.what_if.is_empty() {
        let from = cfg
            .what_if
            .from
            .map(month_label)
            .unwrap_or_else(|| month_label(proj.first_month));
        let (intake, closure) = (
            cfg.what_if.intake_change_pct,
            cfg.what_if.closure_change_pct,
        );
        // The moved officers' clause only when some were moved: an empty list after
        // 调整团队： reads as a sentence cut off, on the slide leadership discusses.
        let moves = |head: &str, sep: &str| {
            if cfg.what_if.moves.is_empty() {
                return String::new();
            }
            let list = cfg
                .what_if
                .moves
                .iter()
                .map(|(o, t)| format!("{o}→{t}"))
                .collect::<Vec<_>>()
                .join(sep);
            format!("{head}{list}")
        };
        say(
            &mut meta,
            "what_if",
            Said::new(
                format!(
                    "自{from}起新收{intake:+}%、结案{closure:+}%{}",
                    moves("；调整团队：", "、")
                ),
                format!(
                    "from {from}: received {intake:+}%, closed {closure:+}%{}",
                    moves("; officers moved: ", ", ")
                ),
            ),
        );
    }
    if let (Some(t), Some(need)) = (cfg.target_pending, target_total) {
        let (need, closed) = (decimals(need, 1), decimals(rates.closed, 1));
        let reached = proj.first_month_pending_at_most(t as f64).map(month_label);
        let until = cfg.until;
        // Already at or below the target: met now; the pace is what keeps it there.
        let met_now = state.pending <= t;
        let said = if met_now && need == "0.0" {
            Said::new(
                format!("现有未结 {} 件，已达到 {t} 件以下的目标；{until}前不结案也不超过", state.pending),
                format!("pending is {} now, already at or below the target of {t}; it stays there to {until} even with no closures", state.pending),
            )
        } else if met_now {
            Said::new(
                format!("现有未结 {} 件，已达到 {t} 件以下的目标；{until}前保持在目标以下每月需结案 {need} 件（近期每月结案 {closed} 件）", state.pending),
                format!("pending is {} now, already at or below the target of {t}; to stay there to {until}: {need} closures a month (now {closed} a month)", state.pending),
            )
        } else {
            Said::new(
                format!(
                    "{}前未结降至 {t} 件，每月需结案 {need} 件（近期每月结案 {closed} 件）；按预测，{}",
                    cfg.until,
                    reached
                        .as_ref()
                        .map(|m| format!("{m}达到"))
                        .unwrap_or_else(|| format!("{horizon}个月内达不到"))
                ),
                format!(
                    "pending down to {t} by {}: {need} closures a month needed (now {closed} a month); at the projected pace {}",
                    cfg.until,
                    reached
                        .map(|m| format!("reached in {m}"))
                        .unwrap_or_else(|| format!("not reached within {horizon} months"))
                ),
            )
        };
        say(&mut meta, "required_total_closures_for_target", said);
    }
    if let Some(b) = &backtest {
        say(&mut meta, "backtest", b.summary());
    }
    let meta_df = frame(
        "project_meta",
        vec![
            str_col("item", meta.iter().map(|(k, _)| Some(k.as_str())).collect()),
            str_col(
                "value",
                meta.iter().map(|(_, v)| Some(v.as_str())).collect(),
            ),
        ],
    )?;
    let report = ProjectReport {
        as_of: c.as_of,
        until: cfg.until,
        months_ahead: proj.months_to_until,
        pending_now: state.pending,
        backlog_now: state.backlog,
        overdue_now: state.overdue,
        pace_set: cfg.pace != Pace::Observed,
        pending_at_until: proj.pending_at_until,
        backlog_at_until: proj.backlog_at_until,
        backlog_cleared_in: proj.backlog_cleared_in.map(month_label),
        target_pending: cfg.target_pending,
        pending_target_reached_in: cfg
            .target_pending
            .and_then(|t| proj.first_month_pending_at_most(t as f64))
            .map(month_label),
        required_backlog_closures_per_month: required_all,
        current_backlog_closures_per_month: current_all,
        required_total_closures_for_target: target_total,
        officers_off_pace,
        rates,
        backtest,
        model: text.zh,
        seconds: started.elapsed().as_secs_f64(),
    };
    let tables = vec![
        ("project_monthly", proj.frame(&hist)?),
        ("project_required", required_df),
        ("project_categories", categories_df),
        ("project_backtest", backtest_df),
        ("project_meta", meta_df),
    ];
    Ok((tables, report))
}

/// `caseflow project RUN`: reads the classified cases, writes `RUN/parquet/project_*.parquet`
/// and `RUN/project.json`.
pub fn project_run(run: &Path, cfg: &ProjectConfig) -> Result<ProjectReport> {
    let path = run.join("parquet").join(CLASSIFIED);
    if !path.exists() {
        return Err(Error::Usage(format!(
            "{}: no parquet/{CLASSIFIED}; run `caseflow run PIPELINE.toml` (or classify) first",
            run.display()
        )));
    }
    let df = read_classified(&path)?;
    let (mut tables, report) = project_tables(&df, &path.display().to_string(), cfg)?;
    let dir = run.join("parquet");
    for (name, df) in tables.iter_mut() {
        write_parquet(&dir.join(format!("{name}.parquet")), df)?;
    }
    let json = run.join("project.json");
    textio::write_atomic(&json, |w| {
        serde_json::to_writer_pretty(&mut *w, &report)
            .map_err(|e| Error::io(&json, std::io::Error::other(e)))?;
        w.write_all(b"\n").map_err(|e| Error::output(&json, e))
    })?;
    Ok(report)
}

/// The time from the as-of date to `until` in words: whole months as such, under two
/// months in days, else months to one decimal.
pub fn span_text(as_of: NaiveDate, until: NaiveDate, months: f64) -> String {
    let days = (until - as_of).num_days();
    if (months - months.round()).abs() < 1e-9 {
        let n = months.round() as i64;
        format!("{n} month{}", if n == 1 { "" } else { "s" })
    } else if months < 2.0 {
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    } else {
        format!("{} months", decimals(months, 1))
    }
}

/// What a statistician reads first: now, at the date, when, and the pace needed.
pub fn summary_lines(r: &ProjectReport) -> Vec<String> {
    let at = if r.pace_set {
        "at the set pace"
    } else {
        "at this pace"
    };
    let mut out = vec![
        format!(
            "as of {}: {} pending, {} in backlog, {} overdue; received {} and closed {} a month recently",
            r.as_of,
            r.pending_now,
            r.backlog_now,
            r.overdue_now,
            decimals(r.rates.received, 1),
            decimals(r.rates.closed, 1)
        ),
        format!(
            "by {} ({}): {} pending, {} in backlog (central projection)",
            r.until,
            span_text(r.as_of, r.until, r.months_ahead),
            decimals(r.pending_at_until, 0),
            decimals(r.backlog_at_until, 0)
        ),
        match &r.backlog_cleared_in {
            _ if r.backlog_now == 0 => "no backlog now".to_string(),
            Some(m) => format!(
                "{at} the backlog (cases falling overdue later included) is cleared in {m}"
            ),
            None => format!("{at} the backlog is not cleared within the horizon"),
        },
    ];
    if let Some(req) = r.required_backlog_closures_per_month {
        out.push(format!(
            "to clear today's backlog by {}: {} backlog closures a month (now {}); {} officers off pace",
            r.until,
            decimals(req, 1),
            decimals(r.current_backlog_closures_per_month, 1),
            r.officers_off_pace
        ));
    }
    // The answer to `--target-pending`, whether or not the projection reaches it: the pace
    // it needs is not the backlog's pace above, and `--no-report --no-workbook` leaves this
    // line as the only place it is said.
    if let (Some(t), Some(need)) = (r.target_pending, r.required_total_closures_for_target) {
        let need = decimals(need, 1);
        let now = decimals(r.rates.closed, 1);
        let head = format!("pending target (未结目标) {t} by {}", r.until);
        out.push(if r.pending_now > t {
            let reached = r.pending_target_reached_in.as_ref().map_or_else(
                || "not reached within the horizon".to_string(),
                |m| format!("reached in {m}"),
            );
            format!("{head}: {need} closures a month needed (now {now}); {at} {reached}")
        } else if need == "0.0" {
            format!(
                "{head}: met now ({} pending); it stays met even with no closures",
                r.pending_now
            )
        } else {
            format!(
                "{head}: met now ({} pending); {need} closures a month keep it met (now {now})",
                r.pending_now
            )
        });
    }
    if let Some(b) = &r.backtest {
        out.push(format!(
            "back-test from {}: pending off by {} on average over {} months",
            b.from,
            pct(Some(b.pending_mape)),
            b.months.len()
        ));
    }
    out
}
