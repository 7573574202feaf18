//! The report (报告): one self-contained HTML file a court's leadership meeting can read,
//! and the charts in it as PNG and SVG files.
//!
//! Statisticians present these figures to people who will not open a Parquet file, so the
//! report is written for them: Chinese by default (English with `--lang en`), key figures
//! first with their definitions, then the census, trend, categories, causes, aging and the
//! cases about to pass their deadline, responsibility by officer and leader, the data
//! quality behind the figures, and the method (as-of date, filters, backlog rule, version,
//! inputs). It opens offline and prints on A4: styles inline, charts embedded as base64
//! PNG, nothing fetched.
//!
//! The report presents what the stages computed and computes no figure of its own: each
//! section reads one metric table of `RUN/parquet/` and is skipped with a note when the
//! run lacks it, so `caseflow report` works on a partial run (ingest and classify only,
//! say). Data is untrusted text (party names, reason texts): everything is HTML-escaped.
//! The same run gives the same bytes: no clock is read and every list has a fixed order.

pub mod data;
pub mod evaluation;
pub mod format;
pub mod html;
pub mod projection;
pub mod quality;
pub mod sections;

use std::path::{Path, PathBuf};

use crate::charts::{self, font};
use crate::mask::Masker;
use crate::{textio, Error, Result};

pub use data::RunData;

/// The language of the report and its charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default)
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// `zh` or `en`, as written in a pipeline file or on the command line.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text a stage writes for the report (a goal's note, the projection model) in both
/// languages at once. A stage that says something only in Chinese leaves the English
/// report silent about it (z-english-report-drops-goal-notes): built only through
/// [`Said::new`], a note has its English or does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub zh: String,
    pub en: String,
}

impl Said {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Said {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Chinese or English text by language.
pub fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// One section of the report.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub html: String,
}

impl Section {
    pub fn new(id: &'static str, title: String, html: String) -> Self {
        Section { id, title, html }
    }
}

/// What `report_run` wrote.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    pub html: PathBuf,
    /// PNG and SVG of every chart, in report order.
    pub charts: Vec<PathBuf>,
    /// Section titles, in order.
    pub sections: Vec<String>,
    /// Tables of `TABLES` that the run did not have (their sections carry a note).
    pub absent_tables: Vec<String>,
    /// The stages of the run that did not finish; the report's top says so.
    pub unfinished: crate::pipeline::unfinished::Unfinished,
    /// The font file the charts were drawn with.
    pub font: PathBuf,
    pub bytes: u64,
}

/// Metric tables whose absence the summary reports (the sections say it in the page).
const EXPECTED: [&str; 10] = [
    "census_summary",
    "census_categories",
    "census_category_overlap",
    "census_root_causes",
    "census_root_cause_groups",
    "census_aging",
    "census_oldest",
    "census_due_soon",
    "trend_ratios",
    "trend_case_anomalies",
];

/// Builds the report of a run: `RUN/charts/*.png`, `RUN/charts/*.svg` and `RUN/report.html`.
///
/// Fails before writing anything when no CJK font is found (a usage error naming the fix)
/// or when `run` is not a run folder; a missing metric table is not an error.
pub fn report_run(run: &Path, lang: Lang) -> Result<ReportSummary> {
    report_run_with(run, lang, None)
}

/// [`report_run`], masked for sharing when `share` is given or the run's outputs were
/// shared before ([`crate::mask::run_is_shared`]): every table the report reads goes
/// through [`Masker::frame`] first (party names, ID numbers, ID and phone numbers in
/// text), so no section can show an unmasked value, and the page says so.
pub fn report_run_with(run: &Path, lang: Lang, share: Option<&Masker>) -> Result<ReportSummary> {
    let loaded = font::ensure_font()?;
    let mut data = RunData::read(run)?;
    // A run whose outputs were shared stays shared: report.html is refreshed in place by
    // later commands, under the same name (crate::mask::SHARE_RECORD); the built-in rule
    // masks when the caller brought none.
    let built_in;
    let share = match share {
        Some(m) => Some(m),
        None if crate::mask::run_is_shared(run) => {
            built_in = Masker::built_in()?;
            Some(&built_in)
        }
        None => None,
    };
    if let Some(m) = share {
        crate::mask::record_shared(run)?;
        // The parties' names are masked in free text too (a reason fragment naming them).
        let m = m.clone().with_parties_of_run(run)?;
        data.mask_for_sharing(&m)?;
    }
    let mut ctx = sections::Ctx {
        lang,
        data: &data,
        charts: Vec::new(),
    };
    let mut secs = vec![sections::summary(&mut ctx)?];
    if data.table("evaluation_goals").is_some() {
        secs.push(evaluation::evaluation(&mut ctx)?);
    }
    secs.extend([
        sections::census(&mut ctx)?,
        sections::trend(&mut ctx)?,
        sections::categories(&mut ctx)?,
        sections::causes(&mut ctx)?,
        sections::aging(&mut ctx)?,
        sections::responsibility(&mut ctx)?,
    ]);
    if data.table("project_monthly").is_some() {
        secs.push(projection::projection(&mut ctx)?);
    }
    let rendered = std::mem::take(&mut ctx.charts);
    let font_name = loaded
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned());
    secs.push(quality::quality(lang, &data)?);
    secs.push(quality::method(lang, &data, font_name.as_deref())?);

    let mut body = String::new();
    let mut toc = Vec::new();
    // 一 … 十, 十一 … 十九, 二十 …: an evaluation run with a projection has more than ten.
    let numeral = |k: usize| -> String {
        let d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let n = k + 1;
        match (n / 10, n % 10) {
            (0, u) => d[u].to_string(),
            (1, u) => format!("十{}", d[u]),
            (t, u) if t < 10 => format!("{}十{}", d[t], d[u]),
            _ => n.to_string(),
        }
    };
    for (k, s) in secs.iter().enumerate() {
        let heading = match lang {
            Lang::Zh => format!("{}、{}", numeral(k), s.title),
            Lang::En => format!("{}. {}", k + 1, s.title),
        };
        body.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
            s.id,
            html::esc(&heading),
            s.html
        ));
        toc.push((s.id.to_string(), heading));
    }

    let as_of = data.as_of();
    let title = tr(lang, "执行积案清理统计报告", "Enforcement backlog report");
    let version = data
        .manifest
        .as_ref()
        .and_then(|m| m.get("version"))
        .and_then(|v| v.as_str())
        .unwrap_or(env!("CARGO_PKG_VERSION"));
    let kinds = data::jstr(&data.census, "case_kinds")
        .map(|k| sections::kinds_text(lang, k))
        .unwrap_or_default();
    let meta = match lang {
        Lang::Zh => format!(
            "统计日：{}{}　·　由 caseflow {version} 生成",
            as_of.clone().unwrap_or_else(|| "（未分类）".into()),
            if kinds.is_empty() {
                String::new()
            } else {
                format!("　·　案件类型：{kinds}")
            }
        ),
        Lang::En => format!(
            "As of {}{} · made by caseflow {version}",
            as_of.clone().unwrap_or_else(|| "(not classified)".into()),
            if kinds.is_empty() {
                String::new()
            } else {
                format!(" · case kinds: {kinds}")
            }
        ),
    };
    let footer = tr(
        lang,
        "本报告由 caseflow 根据本次运行的数据表生成；图表的PNG、SVG文件在 charts/ 目录，全部数据表在 parquet/ 目录。",
        "Made by caseflow from the tables of this run; chart PNG and SVG files are in charts/, every table in parquet/.",
    );
    let meta = match (share.is_some(), lang) {
        (false, _) => meta,
        (true, Lang::Zh) => format!("{meta}　·　已按共享规则遮蔽个人信息"),
        (true, Lang::En) => format!("{meta} · personal data masked for sharing"),
    };
    let warning = unfinished_warning(lang, &data.unfinished);
    let page = html::page(
        lang,
        &title,
        &meta,
        warning.as_deref(),
        &toc,
        &body,
        &footer,
    );

    let chart_dir = run.join("charts");
    // A charts/ folder that is a link to somewhere else is refused (crate::outpath).
    crate::outpath::ensure_inside(run, &chart_dir)?;
    let mut chart_files = Vec::new();
    for c in &rendered {
        chart_files.extend(charts::write(&chart_dir, c)?);
    }
    charts::remove_stale(&chart_dir, &rendered)?;
    let out = run.join("report.html");
    textio::write_atomic(&out, |w| {
        w.write_all(page.as_bytes())
            .map_err(|e| Error::output(&out, e))
    })?;
    Ok(ReportSummary {
        html: out,
        charts: chart_files,
        sections: secs.iter().map(|s| s.title.clone()).collect(),
        absent_tables: EXPECTED
            .iter()
            .filter(|t| data.table(t).is_none())
            .map(|t| t.to_string())
            .collect(),
        unfinished: data.unfinished.clone(),
        font: loaded.path,
        bytes: page.len() as u64,
    })
}

/// What a stage is called in the report.
fn stage_label(lang: Lang, stage: &str) -> String {
    let zh = match stage {
        "ingest" => "导入",
        "dedup" => "去重",
        "classify" => "分类",
        "census" => "积案普查",
        "trend" => "收结趋势",
        "evaluate" => "专项活动评估",
        "project" => "进度预测",
        other => other,
    };
    match lang {
        Lang::Zh => format!("{zh}（{stage}）"),
        Lang::En => stage.to_string(),
    }
}

/// The warning above everything else of a report on a run that did not finish: a report
/// whose later sections only say their tables are missing looks like a whole run's.
fn unfinished_warning(lang: Lang, u: &crate::pipeline::unfinished::Unfinished) -> Option<String> {
    if u.is_empty() {
        return None;
    }
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    let stages: Vec<String> = u
        .stages
        .iter()
        .map(|s| stage_label(lang, s.stage))
        .collect();
    let files: Vec<&str> = u
        .stages
        .iter()
        .flat_map(|s| s.missing.iter().map(String::as_str))
        .collect();
    let (stages, files) = (stages.join(sep), files.join(sep));
    Some(match lang {
        Lang::Zh => format!(
            "本次运行未完成：{}{stages}阶段没有完成（缺少 {files}）。以下各部分只有已完成阶段的结果，\
             注明“本次运行未生成此表”的部分缺少数据，本报告不是完整的统计报告，其数字不能使用。\
             请重新运行 caseflow run（或补运行缺少的阶段）后再生成报告。",
            if u.pipeline.is_some() {
                "caseflow run 中途停止（被中断或出错），"
            } else {
                ""
            }
        ),
        Lang::En => format!(
            "This run did not finish: {}these stages did not complete: {stages} (missing {files}). \
             The sections below show only what the finished stages wrote; those saying the run \
             has no such table lack their data. This is not a complete report and its figures \
             must not be used: run caseflow run again (or the missing stages), then the report.",
            if u.pipeline.is_some() {
                "caseflow run stopped part-way (interrupted, or failed in a stage); "
            } else {
                ""
            }
        ),
    })
}
