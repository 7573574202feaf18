//! Pipeline files: a whole job (ingest → dedup → classify → census → trend → workbook)
//! described in TOML, resolved and checked before any data is read.
//!
//! A statistician reruns the same census every month with new exports; the pipeline
//! file keeps the inputs, the dates and the rules of that job in one place, next to the
//! data. Following ripgrep's low/high split, the raw file is parsed into
//! [`PipelineFile`] (only what was written), then turned into a [`RunConfig`] with
//! absolute paths, expanded globs, parsed dates and loaded rules: a typo in a rule file
//! or a glob that matches nothing fails in a second, not after ten minutes of ingest.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::census::{self, CensusConfig, PeriodKind, TrendOptions};
use crate::classify::{self, ClassifyConfig};
use crate::dedup::{self, DedupConfig};
use crate::ingest::limits::{parse_limit, Limit, Limits};
use crate::ingest::{self, IngestConfig};
use crate::report;
use crate::{Error, Result};

pub mod inputs;
pub mod unfinished;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub output: String,
    /// 统计日: a string or a TOML date literal (`as_of = 2026-02-28`), see crate::dates.
    #[serde(deserialize_with = "crate::dates::date_text")]
    pub as_of: String,
    /// Outputs are meant to leave the statistics office: the workbook and the report are
    /// masked for sharing (crate::mask). `caseflow run --share` does the same.
    #[serde(default)]
    pub share: bool,
    pub inputs: InputsSection,
    #[serde(default)]
    pub trend: Option<TrendSection>,
    #[serde(default)]
    pub report: Option<ReportSection>,
    #[serde(default)]
    pub evaluation: Option<EvaluationSection>,
    #[serde(default)]
    pub projection: Option<ProjectionSection>,
    /// Limits on what one input file may make ingest do (see `caseflow ingest --help`).
    #[serde(default)]
    pub limits: Option<LimitsSection>,
}

/// `[limits]`: each key optional; sizes as bytes or text with a unit (`"2GiB"`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    #[serde(default)]
    pub max_uncompressed_bytes: Option<toml::Value>,
    #[serde(default)]
    pub max_zip_entries: Option<toml::Value>,
    #[serde(default)]
    pub max_columns: Option<toml::Value>,
    #[serde(default)]
    pub max_line_bytes: Option<toml::Value>,
}

impl LimitsSection {
    /// The default limits with this table's values over them.
    fn resolve(&self, origin: &str) -> Result<Limits> {
        let mut limits = Limits::default();
        for (limit, value) in [
            (Limit::UncompressedBytes, &self.max_uncompressed_bytes),
            (Limit::ZipEntries, &self.max_zip_entries),
            (Limit::Columns, &self.max_columns),
            (Limit::LineBytes, &self.max_line_bytes),
        ] {
            let Some(value) = value else { continue };
            let text = match value {
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let v = parse_limit(limit, &text)
                .map_err(|e| Error::Usage(format!("{origin}: limits.{} = {e}", limit.key())))?;
            limits.set(limit, v);
        }
        Ok(limits)
    }
}

/// `[projection]`: at this pace, when? (caseflow project)
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectionSection {
    /// Project to this day (e.g. the end of the campaign)
    #[serde(deserialize_with = "crate::dates::date_text")]
    pub until: String,
    #[serde(default)]
    pub closures_per_month: Option<f64>,
    #[serde(default)]
    pub clearance_rate: Option<f64>,
    #[serde(default)]
    pub target_pending: Option<i64>,
    /// "team" to break the required pace down by team as well
    #[serde(default)]
    pub by: Option<String>,
}

/// `[evaluation]`: judge the campaign against a baseline (campaign-evaluation.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationSection {
    /// The baseline census: a pipeline file (run first, into OUTPUT/baseline) or a run
    /// folder made earlier; relative to this file.
    pub baseline: String,
    #[serde(deserialize_with = "crate::dates::date_text")]
    pub campaign_start: String,
    #[serde(default, deserialize_with = "crate::dates::opt_date_text")]
    pub campaign_end: Option<String>,
}

/// Where the baseline of an evaluation comes from.
#[derive(Debug, Clone)]
pub enum Baseline {
    /// A pipeline run first, into `OUTPUT/baseline`
    Pipeline(Box<RunConfig>),
    /// A run folder made earlier
    Run(PathBuf),
}

/// The evaluation of a pipeline, resolved.
#[derive(Debug, Clone)]
pub struct EvaluationPlan {
    pub baseline: Baseline,
    pub config: crate::evaluate::EvaluateConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// "zh" (default) or "en": the language of the workbook, charts and report.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputsSection {
    pub files: Vec<String>,
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default, deserialize_with = "crate::dates::opt_date_text")]
    pub exported_on: Option<String>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub rules: Option<String>,
    #[serde(default)]
    pub profiles: Option<String>,
    /// A folder with the 案号 parser's reference tables (court-codes.toml, case-types.toml).
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSection {
    #[serde(default = "default_by")]
    pub by: String,
    #[serde(default, deserialize_with = "crate::dates::opt_date_text")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "crate::dates::opt_date_text")]
    pub to: Option<String>,
}

fn default_by() -> String {
    "month".into()
}

/// A pipeline resolved and checked: everything a run needs, nothing left to guess.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub name: String,
    pub description: String,
    pub pipeline: PathBuf,
    pub output: PathBuf,
    pub as_of: NaiveDate,
    pub ingest: IngestConfig,
    pub rules_dir: Option<PathBuf>,
    pub dedup: DedupConfig,
    pub classify: ClassifyConfig,
    pub census: CensusConfig,
    pub trend: TrendOptions,
    pub lang: report::Lang,
    pub evaluation: Option<EvaluationPlan>,
    pub projection: Option<crate::project::ProjectConfig>,
    /// Mask the workbook and the report for sharing (crate::mask).
    pub share: bool,
}

impl RunConfig {
    /// Applies `f` to this run and to the baseline pipeline it runs first, if any, so that
    /// settings given for the whole job (`--share`, input limits) reach both.
    pub fn for_each_run_mut(&mut self, f: &mut impl FnMut(&mut RunConfig)) {
        if let Some(EvaluationPlan {
            baseline: Baseline::Pipeline(b),
            ..
        }) = &mut self.evaluation
        {
            b.for_each_run_mut(f);
        }
        f(self);
    }

    /// Writes the run into `out` (and a baseline pipeline into `out/baseline`).
    pub fn set_output(&mut self, out: PathBuf) {
        if let Some(EvaluationPlan {
            baseline: Baseline::Pipeline(b),
            ..
        }) = &mut self.evaluation
        {
            b.set_output(out.join("baseline"));
        }
        self.ingest.out = out.clone();
        self.output = out;
    }
}

fn date(field: &str, s: &str, origin: &str) -> Result<NaiveDate> {
    crate::dates::parse_date(&format!("{origin}: {field} ="), s)
}

/// Refuses a path written the Windows way (`..\输出\基线`, `C:\Users\…`) in a pipeline
/// file: on this system a backslash is a character of a name, so the output became one
/// folder named `..\输出\基线` beside the pipeline file and the run seemed to succeed.
/// (On Windows such paths are what they look like.)
fn check_not_windows_path(key: &str, value: &str, origin: &str) -> Result<()> {
    if cfg!(windows) {
        return Ok(());
    }
    let b = value.as_bytes();
    let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    if !(value.contains('\\') || drive) {
        return Ok(());
    }
    let hint = if drive {
        "a drive letter names no folder on this computer: write a path relative to the \
         pipeline file, with /"
            .to_string()
    } else {
        format!("write it with / ({:?})", value.replace('\\', "/"))
    };
    Err(Error::Usage(format!(
        "{origin}: {key} = {value:?} is a Windows path (\\ or a drive letter); {hint}"
    )))
}

/// `a/b/../c` → `a/c`, without touching the file system (the folder may not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The line (from 1) of the first `key = …` of a pipeline file's text, for messages about
/// a value the parsed file no longer places.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// Reads and resolves a pipeline file.
pub fn load(path: &Path) -> Result<RunConfig> {
    load_nested(path, 0)
}

fn load_nested(path: &Path, depth: usize) -> Result<RunConfig> {
    let origin = path.display().to_string();
    let text = crate::textio::read_config(path)?;
    let file: PipelineFile =
        toml::from_str(&text).map_err(|e| crate::textio::toml_error(&origin, &text, &e))?;
    let abs = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
    let base = abs.parent().unwrap_or(Path::new(".")).to_path_buf();

    check_not_windows_path("output", &file.output, &origin)?;
    // An empty list is refused as an empty pattern is: a run of no file would end with a
    // census and a report of a court with nothing pending.
    if file.inputs.files.is_empty() {
        return Err(Error::Usage(format!(
            "{origin}: inputs.files is empty: list the exports to read, as patterns beside \
             the pipeline file (files = [\"census/*.xlsx\", \"census/*.csv\"])"
        )));
    }
    for pattern in &file.inputs.files {
        check_not_windows_path("inputs.files", pattern, &origin)?;
    }
    // Nothing inside the run's output folder is an input (crate::pipeline::inputs).
    let output = normalize(&base.join(&file.output));
    let mut inputs = Vec::new();
    let mut skipped_inputs: Vec<(PathBuf, String)> = Vec::new();
    for pattern in &file.inputs.files {
        let found = inputs::expand(&base, pattern, &origin, &output)?;
        for p in found.files {
            if !inputs.contains(&p) {
                inputs.push(p);
            }
        }
        for (p, why) in found.skipped {
            if !skipped_inputs.iter().any(|(s, _)| *s == p) {
                skipped_inputs.push((p, why));
            }
        }
    }
    let as_of = date("as_of", &file.as_of, &origin)?;
    let limits = file
        .limits
        .as_ref()
        .map(|l| l.resolve(&origin))
        .transpose()?
        .unwrap_or_default();
    let exported_on = file
        .inputs
        .exported_on
        .as_deref()
        .map(|s| date("inputs.exported_on", s, &origin))
        .transpose()?;
    // A pipeline file copied on its own (into a folder of the court's own) names folders
    // that are not beside it: all of them are said at once, each with its line and the
    // two ways out, rather than one bare "does not exist" per run.
    let folders = [
        ("rules", &file.inputs.rules),
        ("profiles", &file.inputs.profiles),
        ("reference", &file.inputs.reference),
    ];
    let missing: Vec<String> = folders
        .iter()
        .filter_map(|(key, rel)| {
            let p = base.join(rel.as_ref()?);
            (!p.is_dir()).then(|| {
                let line = key_line(&text, key)
                    .map(|n| format!("line {n}: "))
                    .unwrap_or_default();
                format!(
                    "{line}inputs.{key} = \"{}\": no folder {}",
                    rel.as_deref().unwrap_or_default(),
                    p.display()
                )
            })
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "{origin}: {}\n  copy these folders of pipelines/ beside the pipeline file, or \
             comment the lines out (#) to use the built-in rules, profiles and reference tables",
            missing.join("\n  ")
        )));
    }
    let dir = |rel: &Option<String>| rel.as_ref().map(|r| base.join(r));
    let rules_dir = dir(&file.inputs.rules);
    if let Some(d) = &rules_dir {
        crate::rulefiles::check_rules_dir(d)
            .map_err(|e| Error::Usage(format!("{origin}: inputs.rules: {e}")))?;
    }
    let profiles_dir = dir(&file.inputs.profiles);
    if let Some(reference) = dir(&file.inputs.reference) {
        crate::casenum::tables::use_reference(&reference)
            .map_err(|e| Error::Usage(format!("{origin}: inputs.reference: {e}")))?;
    }

    // Load every rule set now, so that a broken rule file fails before any data is read.
    let profiles = ingest::profile::load_profiles(profiles_dir.as_deref())?;
    if let Some(p) = &file.inputs.profile {
        if !profiles.iter().any(|x| &x.name == p) {
            return Err(Error::Usage(format!(
                "{origin}: no profile named {p:?}; profiles are: {}",
                profiles
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    ingest::rules::Rules::load(rules_dir.as_deref())?;
    let dedup = DedupConfig::load(dedup::config_path(rules_dir.as_deref()).as_deref())?;

    let classify = ClassifyConfig::new(as_of, rules_dir.as_deref())?;
    let census = CensusConfig::load(rules_dir.as_deref())?;
    let lang = match file.report.as_ref().and_then(|r| r.lang.as_deref()) {
        None => report::Lang::Zh,
        Some(l) => report::Lang::parse(l).ok_or_else(|| {
            Error::Usage(format!(
                "{origin}: report.lang must be \"zh\" or \"en\", not {l:?}"
            ))
        })?,
    };
    // The charts need a CJK font: better to say so now than after every other stage.
    crate::charts::font::ensure_font()?;
    let (trend_by, trend_from, trend_to) = match &file.trend {
        None => (None, None, None),
        Some(t) => {
            let by = PeriodKind::parse(&t.by).ok_or_else(|| {
                Error::Usage(format!(
                    "{origin}: trend.by must be \"month\", \"quarter\" or \"year\", not {:?}",
                    t.by
                ))
            })?;
            let from = t
                .from
                .as_deref()
                .map(|s| date("trend.from", s, &origin))
                .transpose()?;
            if let Some(f) = from {
                crate::dates::check_trend_from("trend.from", f)
                    .map_err(|e| Error::Usage(format!("{origin}: {e}")))?;
            }
            let to =
                t.to.as_deref()
                    .map(|s| date("trend.to", s, &origin))
                    .transpose()?;
            if let (Some(f), Some(t)) = (from, to) {
                if f > t {
                    return Err(Error::Usage(format!(
                        "{origin}: trend.from {f} is after trend.to {t}"
                    )));
                }
            }
            (Some(by), from, to)
        }
    };

    let evaluation = match &file.evaluation {
        None => None,
        Some(ev) => {
            let campaign_start = date("evaluation.campaign_start", &ev.campaign_start, &origin)?;
            let campaign_end = ev
                .campaign_end
                .as_deref()
                .map(|s| date("evaluation.campaign_end", s, &origin))
                .transpose()?;
            if campaign_end.is_some_and(|e| e < campaign_start) {
                return Err(Error::Usage(format!(
                    "{origin}: evaluation.campaign_end is before evaluation.campaign_start"
                )));
            }
            // The end snapshot is this pipeline's run as of `as_of`: it cannot tell what
            // happened after that day. Said here, before the baseline and the end snapshot
            // are read (the evaluate stage would only find it after both were classified).
            if let Some(end) = campaign_end.filter(|e| *e > as_of) {
                return Err(Error::Usage(format!(
                    "{origin}: evaluation.campaign_end = {end} is after as_of = {as_of} (the \
                     end snapshot): the snapshot cannot tell what happened after it was taken; \
                     export again on or after the campaign's last day and set as_of to that \
                     day, or set evaluation.campaign_end to {as_of} or earlier"
                )));
            }
            if campaign_start > as_of {
                return Err(Error::Usage(format!(
                    "{origin}: evaluation.campaign_start = {campaign_start} is after as_of = \
                     {as_of} (the end snapshot)"
                )));
            }
            let target = base.join(&ev.baseline);
            let baseline = if ev.baseline.ends_with(".toml") {
                if depth > 0 {
                    return Err(Error::Usage(format!(
                        "{origin}: the baseline pipeline of an evaluation cannot itself have an \
                         [evaluation] section"
                    )));
                }
                if !target.is_file() {
                    return Err(Error::Usage(format!(
                        "{origin}: evaluation.baseline {} does not exist",
                        target.display()
                    )));
                }
                let mut b = load_nested(&target, depth + 1)?;
                if b.evaluation.is_some() {
                    return Err(Error::Usage(format!(
                        "{origin}: the baseline pipeline {} has an [evaluation] section itself",
                        target.display()
                    )));
                }
                if b.as_of >= as_of {
                    return Err(Error::Usage(format!(
                        "{origin}: the baseline pipeline {} is as of {}, not before this \
                         pipeline's as_of = {as_of} (the end snapshot)",
                        target.display(),
                        b.as_of
                    )));
                }
                b.set_output(output.join("baseline"));
                Baseline::Pipeline(Box::new(b))
            } else {
                let run = normalize(&target);
                if !run
                    .join("parquet")
                    .join("cases_classified.parquet")
                    .is_file()
                {
                    return Err(Error::Usage(format!(
                        "{origin}: evaluation.baseline {} is neither a pipeline file (.toml) \
                         nor a classified run folder",
                        run.display()
                    )));
                }
                Baseline::Run(run)
            };
            Some(EvaluationPlan {
                baseline,
                config: crate::evaluate::EvaluateConfig {
                    campaign_start,
                    campaign_end,
                    census: census.clone(),
                },
            })
        }
    };
    let projection = match &file.projection {
        None => None,
        Some(p) => {
            let until = date("projection.until", &p.until, &origin)?;
            if until <= as_of {
                return Err(Error::Usage(format!(
                    "{origin}: projection.until {until} must be after as_of {as_of}"
                )));
            }
            if p.target_pending.is_some_and(|t| t < 0)
                || p.closures_per_month
                    .is_some_and(|n| !(n.is_finite() && n >= 0.0))
                || p.clearance_rate
                    .is_some_and(|r| !(r.is_finite() && r >= 0.0))
            {
                return Err(Error::Usage(format!(
                    "{origin}: projection: target_pending, closures_per_month and clearance_rate \
                     must be numbers ≥ 0"
                )));
            }
            let pace = match (p.closures_per_month, p.clearance_rate) {
                (Some(_), Some(_)) => {
                    return Err(Error::Usage(format!(
                        "{origin}: projection: give closures_per_month or clearance_rate, not both"
                    )))
                }
                (Some(n), None) => crate::project::Pace::ClosuresPerMonth(n),
                (None, Some(r)) => crate::project::Pace::ClearanceRate(r),
                (None, None) => crate::project::Pace::Observed,
            };
            let by = match p.by.as_deref() {
                None => None,
                Some("team") => Some(crate::project::ByUnit::Team),
                Some("officer") => Some(crate::project::ByUnit::Officer),
                Some(o) => {
                    return Err(Error::Usage(format!(
                        "{origin}: projection.by {o:?}: expected team or officer"
                    )))
                }
            };
            Some(crate::project::ProjectConfig {
                until,
                pace,
                by,
                target_pending: p.target_pending,
                what_if: Default::default(),
                rules: crate::project::ProjectionRules::load(rules_dir.as_deref())?,
                census: census.clone(),
            })
        }
    };
    let mut cfg = RunConfig {
        name: file.name,
        description: file.description,
        pipeline: abs,
        output: output.clone(),
        as_of,
        ingest: IngestConfig {
            inputs,
            out: output,
            profile: file.inputs.profile,
            exported_on,
            sheet: file.inputs.sheet,
            profiles_dir,
            rules_dir: rules_dir.clone(),
            limits,
            skipped_inputs,
            rule_files: Vec::new(),
        },
        rules_dir,
        dedup,
        classify,
        census,
        trend: TrendOptions {
            from: trend_from,
            to: trend_to,
            by: trend_by,
            ..TrendOptions::default()
        },
        lang,
        evaluation,
        projection,
        share: false,
    };
    cfg.ingest.rule_files = crate::rulefiles::run(
        cfg.rules_dir.as_deref(),
        cfg.ingest.profiles_dir.as_deref(),
        cfg.projection.is_some(),
    );
    // An evaluation whose outputs are shared shares its baseline's outputs too.
    cfg.for_each_run_mut(&mut |c| c.share |= file.share);
    Ok(cfg)
}

/// Time and a one-line result per stage.
#[derive(Debug, Clone)]
pub struct StageResult {
    pub name: &'static str,
    pub elapsed: Duration,
    pub summary: String,
}

/// What a whole run did.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub stages: Vec<StageResult>,
    pub rows_read: usize,
    pub rows_written: usize,
    pub rejects: usize,
    pub rows_rejected: usize,
    pub cases: usize,
    /// 积案 as the census counts it (its case-kind filter applied): the report's headline.
    pub backlog: usize,
    /// The census's case-kind filter, when a rules folder changed it from the built-in one
    /// (so that the closing line says which cases its backlog counts).
    pub backlog_kinds: Option<String>,
    /// Baseline cases of the evaluation in no export of the end snapshot (outcome missing):
    /// a problem the run reports in its exit code, as `caseflow evaluate` does.
    pub evaluation_missing: usize,
}

/// Runs one stage with a spinner (on a terminal) and records its time.
fn stage<T>(
    summary: &mut RunSummary,
    name: &'static str,
    label: &str,
    progress: bool,
    work: impl FnOnce() -> Result<(T, String)>,
) -> Result<T> {
    let bar = if progress {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message(label.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        Some(pb)
    } else {
        None
    };
    let start = Instant::now();
    let result = work();
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let (value, line) = result?;
    summary.stages.push(StageResult {
        name,
        elapsed: start.elapsed(),
        summary: line,
    });
    Ok(value)
}

/// Removes `parquet/{prefix}_*.parquet` and `{prefix}.json` of the given stages.
fn remove_stage_outputs(run: &Path, prefixes: &[&str]) -> Result<()> {
    let dir = run.join("parquet");
    for prefix in prefixes {
        let json = run.join(format!("{prefix}.json"));
        if json.is_file() {
            std::fs::remove_file(&json).map_err(|e| Error::output(&json, e))?;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{prefix}_")) && name.ends_with(".parquet") {
                std::fs::remove_file(e.path()).map_err(|err| Error::output(e.path(), err))?;
            }
        }
    }
    Ok(())
}

/// The files a run writes at the top of its output folder (besides `parquet/` and
/// `charts/`, [`crate::outpath::SUBFOLDERS`]).
pub const RUN_FILES: [&str; 11] = [
    "workbook.xlsx",
    "report.html",
    "rejects.csv",
    "manifest.json",
    "dedup.json",
    "classify.json",
    "census.json",
    "trend.json",
    "project.json",
    "evaluation.json",
    crate::mask::SHARE_RECORD,
];

/// The stages of a run, in the order they run (`caseflow run`, or one command after
/// another): each reads what the stages before it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Ingest,
    Dedup,
    Classify,
    Census,
    Trend,
    Project,
    Evaluation,
    Workbook,
    Report,
}

/// What one stage writes into a run folder: files at the top (of [`RUN_FILES`]), tables in
/// `parquet/` by name or by prefix, and the charts in `charts/`.
struct StageOutputs {
    stage: Stage,
    files: &'static [&'static str],
    tables: &'static [&'static str],
    prefixes: &'static [&'static str],
    charts: bool,
}

/// Every stage's outputs, in stage order. Ingest's tables are never removed (no stage
/// comes before it), so they are not listed.
const STAGE_OUTPUTS: [StageOutputs; 9] = [
    StageOutputs {
        stage: Stage::Ingest,
        // share.json (written with a masked workbook or report) is listed with the first
        // stage so that no later stage's rerun removes it: a run made for sharing stays
        // masked until `caseflow run` without --share replaces it.
        files: &["rejects.csv", "manifest.json", crate::mask::SHARE_RECORD],
        tables: &[],
        prefixes: &[],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Dedup,
        files: &["dedup.json"],
        tables: &["clusters", "cases_dedup", "conflicts"],
        prefixes: &[],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Classify,
        files: &["classify.json"],
        tables: &[
            "cases_classified",
            "cases_without_officer",
            "unmatched_reasons",
        ],
        prefixes: &[],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Census,
        files: &["census.json"],
        tables: &[],
        prefixes: &["census_"],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Trend,
        files: &["trend.json"],
        tables: &[],
        prefixes: &["trend_"],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Project,
        files: &["project.json"],
        tables: &[],
        prefixes: &["project_"],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Evaluation,
        files: &["evaluation.json"],
        tables: &[],
        prefixes: &["evaluation_"],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Workbook,
        files: &["workbook.xlsx"],
        tables: &[],
        prefixes: &[],
        charts: false,
    },
    StageOutputs {
        stage: Stage::Report,
        files: &["report.html"],
        tables: &[],
        prefixes: &[],
        charts: true,
    },
];

/// Removes from `run` what the stages after `stage` wrote, and returns the files removed.
/// A stage that rewrites its tables (a new ingest, a dedup with new exports, a classify at
/// another as-of date) leaves the later stages' tables made from its old ones: the next
/// `caseflow report` would show the old census's figures under the new 统计日. Only
/// caseflow's own outputs go (subfolders such as an evaluation's baseline/ stay).
pub fn remove_outputs_after(run: &Path, stage: Stage) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut remove = |p: PathBuf| -> Result<()> {
        match std::fs::remove_file(&p) {
            Ok(()) => {
                removed.push(p.display().to_string());
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::output(&p, e)),
        }
    };
    let later = || STAGE_OUTPUTS.iter().filter(|o| o.stage > stage);
    for f in later().flat_map(|o| o.files) {
        remove(run.join(f))?;
    }
    if let Ok(entries) = std::fs::read_dir(run.join("parquet")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".parquet") else {
                continue;
            };
            let theirs = |o: &StageOutputs| {
                o.tables.contains(&stem) || o.prefixes.iter().any(|p| stem.starts_with(p))
            };
            if later().any(theirs) {
                remove(e.path())?;
            }
        }
    }
    if later().any(|o| o.charts) {
        if let Ok(entries) = std::fs::read_dir(run.join("charts")) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".png") || name.ends_with(".svg") {
                    remove(e.path())?;
                }
            }
        }
    }
    Ok(removed)
}

/// The files an earlier run left in the output folder, removed before a new run writes
/// anything: each file is replaced atomically, but a run killed part-way (laptop shut, out
/// of memory) left the new run's first tables beside the old run's census, workbook and
/// report, a folder that looked complete and mixed two runs. Also the temporary files of a
/// killed run (`.caseflow-*.tmp`). Only caseflow's own outputs go: other files stay, and
/// so do subfolders (an evaluation's baseline run is cleared by its own run).
fn clear_earlier_run(dir: &Path) -> Result<()> {
    const TOP: [&str; 11] = RUN_FILES;
    let remove = |p: &Path| -> Result<()> {
        match std::fs::remove_file(p) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::output(p, e)),
        }
    };
    let temporary = |name: &str| name.starts_with(".caseflow-") && name.ends_with(".tmp");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(()); // a new folder
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = TOP.contains(&name.as_str()) || temporary(&name);
        if ours && e.file_type().is_ok_and(|t| t.is_file()) {
            remove(&e.path())?;
        }
    }
    for (sub, endings) in [
        ("parquet", &[".parquet"][..]),
        ("charts", &[".png", ".svg"][..]),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = endings.iter().any(|x| name.ends_with(x)) || temporary(&name);
            if ours && e.file_type().is_ok_and(|t| t.is_file()) {
                remove(&e.path())?;
            }
        }
    }
    Ok(())
}

/// Runs the pipeline's stages in order.
pub fn run(cfg: &RunConfig, progress: bool) -> Result<RunSummary> {
    // The output folder must be new, empty or an earlier run, and its subfolders must
    // not lead elsewhere (crate::outpath): checked before anything is read or written.
    crate::outpath::check_output_dir(&cfg.output)?;
    // The inputs are checked before an earlier run's files are removed: a file named on
    // its own that is no export, or that lies inside the output folder (which the run
    // clears), stops the run with the earlier run intact.
    ingest::check_inputs(&cfg.ingest.inputs)?;
    if let Some(p) = cfg
        .ingest
        .inputs
        .iter()
        .find(|p| inputs::is_inside(p, &cfg.output))
    {
        return Err(Error::Usage(format!(
            "{}: this input is inside the run's output folder {}, which the run clears and              writes; move it out, or choose another `output` (or --out)",
            p.display(),
            cfg.output.display()
        )));
    }
    // Held to the end of the run: a second run into this folder is refused before it
    // removes this run's tables (crate::outpath::RunLock).
    let _lock = crate::outpath::RunLock::acquire(&cfg.output)?;
    clear_earlier_run(&cfg.output)?;
    // Until the last stage of tables has written them, the folder says the run is not
    // finished: a run killed or failed part-way must not give a report that looks whole.
    let mut planned = vec!["ingest", "dedup", "classify", "census", "trend"];
    if cfg.evaluation.is_some() {
        planned.push("evaluate");
    }
    if cfg.projection.is_some() {
        planned.push("project");
    }
    unfinished::begin(&cfg.output, &cfg.name, &planned)?;
    let mut s = RunSummary::default();
    // The baseline census of an evaluation comes first, into its own folder.
    let baseline_run = match cfg.evaluation.as_ref().map(|e| &e.baseline) {
        None => None,
        Some(Baseline::Run(p)) => Some(p.clone()),
        Some(Baseline::Pipeline(b)) => {
            let b = b.as_ref();
            stage(
                &mut s,
                "baseline",
                "baseline: the census run",
                progress,
                || {
                    let r = run(b, false)?;
                    let line = format!(
                        "{} as of {}: {} cases, {} in backlog → {}",
                        b.name,
                        b.as_of,
                        r.cases,
                        r.backlog,
                        b.output.display()
                    );
                    Ok(((), line))
                },
            )?;
            Some(b.output.clone())
        }
    };
    let report = stage(
        &mut s,
        "ingest",
        "ingest: reading exports",
        progress,
        || {
            let r = ingest::ingest(&cfg.ingest)?;
            let m = &r.manifest;
            let mut line = format!(
                "{} files, {} rows read, {} rows written, {} rejected whole, {} field problems",
                m.files.len(),
                m.totals.rows_read,
                m.totals.rows_written,
                m.totals.rows_rejected,
                m.rejects.field_rejects
            );
            for (file, note) in ingest::repeated_inputs(m) {
                line.push_str(&format!("\n{:22}warning: {file}: {note}", ""));
            }
            for (sheet, warning) in ingest::sheet_warnings(m) {
                line.push_str(&format!("\n{:22}warning: {sheet}: {warning}", ""));
            }
            for s in &m.skipped_inputs {
                line.push_str(&format!("\n{:22}note: {}: {}", "", s.path, s.note));
            }
            for (sheet, note) in ingest::unmapped_notes(m) {
                line.push_str(&format!("\n{:22}note: {sheet}: {note}", ""));
            }
            if let Some(w) = cfg.ingest.exported_on.and_then(|e| {
                crate::dates::check_exported_on("inputs.exported_on", e, crate::dates::today())
            }) {
                line.push_str(&format!("\n{:22}warning: {w}", ""));
            }
            Ok((r, line))
        },
    )?;
    // An as-of date after today or after the exports is run as asked, but said (crate::dates).
    let exported_on = crate::dates::newest_export(
        report
            .manifest
            .files
            .iter()
            .flat_map(|f| &f.sheets)
            .filter_map(|s| s.exported_on.as_deref()),
    )
    .or(cfg.ingest.exported_on);
    let as_of_warnings =
        crate::dates::check_as_of(cfg.as_of, Some(crate::dates::today()), exported_on);
    s.rows_read = report.manifest.totals.rows_read;
    s.rows_written = report.manifest.totals.rows_written;
    // A sheet that holds a part of its list (one page of a web list) fails the run as a
    // rejected row does: the figures would be made from that part.
    let incomplete = ingest::incomplete_exports(&report.manifest);
    s.rejects =
        report.manifest.rejects.field_rejects + report.manifest.rejects.rows_rejected + incomplete;
    s.rows_rejected = report.manifest.rejects.rows_rejected + incomplete;
    if !report.manifest.totals.reconciles {
        return Err(Error::Input {
            file: cfg.output.join("manifest.json").display().to_string(),
            row: None,
            column: None,
            message: "row counts do not reconcile: this is a caseflow bug, please report it".into(),
        });
    }
    // Checked after the rows are accounted for (manifest.json and rejects.csv say what
    // each file was read as), before dedup would make cases of nothing.
    if let Some(message) = ingest::without_case_list(&report.manifest) {
        return Err(Error::Input {
            file: cfg.output.join("manifest.json").display().to_string(),
            row: None,
            column: None,
            message,
        });
    }
    drop(report);

    let d = stage(&mut s, "dedup", "dedup: linking cases", progress, || {
        let r = dedup::dedup_run(&cfg.output, &cfg.dedup)?;
        let mut line = format!(
            "{} rows → {} cases ({} by fuzzy match), {} lineage links, {} conflicts",
            r.rows, r.cases, r.fuzzy_linked, r.lineage_links, r.conflicts
        );
        if !r.tied.is_empty() {
            line.push_str(&format!(
                "\n{:22}note: {} rows without a usable 案号 tied between cases of one \
                 status (系列案) and were placed by a fixed rule (tied_placements in dedup.json)",
                "",
                r.tied.len()
            ));
        }
        for k in &r.shared_keys {
            line.push_str(&format!(
                "\n{:22}warning: {}",
                "",
                dedup::shared_key_warning(k)
            ));
        }
        for d in &r.unranking_exports {
            line.push_str(&format!("\n{:22}warning: {d}", ""));
        }
        Ok((r, line))
    })?;
    s.cases = d.cases;

    let c = stage(
        &mut s,
        "classify",
        "classify: deadlines, backlog, categories",
        progress,
        || {
            let r = classify::classify_run(&cfg.output, &cfg.classify)?;
            let mut line = format!(
                "as of {}: {} open, {} in backlog ({}), {} without officer",
                r.as_of,
                r.open,
                r.in_backlog,
                r.backlog_rule
                    .split(" — ")
                    .next()
                    .unwrap_or(&r.backlog_rule),
                r.open_without_officer
            );
            for w in &as_of_warnings {
                line.push_str(&format!("\n{:22}warning: {}", "", w.text()));
            }
            // Deducted periods whose dates look mistyped: they move the due dates.
            for (n, what) in [
                (
                    r.open_with_long_open_deduction,
                    "a deducted period (鉴定, 评估 …) without its 结束日期 that began over a \
                     year ago, deducted up to the as-of date",
                ),
                (
                    r.open_with_far_deduction_end,
                    "a deducted period whose 结束日期 is over a year after the as-of date, \
                     deducted up to that date as still running",
                ),
            ] {
                if n > 0 {
                    line.push_str(&format!(
                        "\n{:22}note: {n} open cases have {what}: check the deductions register",
                        ""
                    ));
                }
            }
            // Originals an export shows open whose enforcement another case carries on.
            for (n, what) in [
                (r.closed_as_resumed, "resumed by a 执恢 case"),
                (
                    r.closed_as_transferred,
                    "taken over by another court's case (提级执行, 指定执行)",
                ),
            ] {
                if n > 0 {
                    line.push_str(&format!(
                        "\n{:22}note: {n} cases its export shows open are closed, {what} \
                         filed by the as-of date (classify.json)",
                        ""
                    ));
                }
            }
            Ok((r, line))
        },
    )?;
    s.backlog = c.in_backlog;

    let census_backlog = stage(&mut s, "census", "census: metric tables", progress, || {
        let r = census::census_run(&cfg.output, &cfg.census)?;
        let line = format!(
            "{} pending, {} backlog, {} {}, {} in the seven categories; {} tables",
            r.pending,
            r.backlog,
            r.overdue_1y,
            census::overdue_year_label(r.overdue_year_days)
                .1
                .to_lowercase(),
            r.backlog_in_categories,
            r.tables.len()
        );
        Ok((r.backlog, line))
    })?;
    // The closing line's backlog is the census's, not classify's in_backlog: with a
    // case-kind filter (执恢 left out) the two differ, and the figure a statistician copies
    // from the terminal must be the report's 积案.
    s.backlog = usize::try_from(census_backlog).unwrap_or_default();
    let default_kinds = CensusConfig::built_in()
        .map(|c| c.case_kinds)
        .unwrap_or_default();
    if cfg.census.case_kinds != default_kinds {
        s.backlog_kinds = Some(cfg.census.kinds_text());
    }

    stage(&mut s, "trend", "trend: flows and ratios", progress, || {
        let r = census::trend_run(&cfg.output, &cfg.census, &cfg.trend)?;
        let mut line = format!(
            "{} {}s from {} to {}; B + N + R − D = E breached in {} unit-periods",
            r.periods, r.by, r.from, r.to, r.breaches
        );
        if r.filed_from_case_year > 0 {
            // Said on the terminal: these cases are in 新收 on a day of caseflow's choosing.
            line.push_str(&format!(
                "; {} cases without 立案日期 received on their 案号's year end (trend_case_anomalies)",
                r.filed_from_case_year
            ));
        }
        for n in r.notes.iter().filter(|n| n.starts_with("warning: ")) {
            line.push_str(&format!("\n{:22}{n}", ""));
        }
        Ok(((), line))
    })?;

    if let (Some(plan), Some(baseline)) = (&cfg.evaluation, &baseline_run) {
        s.evaluation_missing = stage(
            &mut s,
            "evaluate",
            "evaluate: the four goals",
            progress,
            || {
                let r = crate::evaluate::evaluate_run(
                    baseline,
                    &cfg.output,
                    &cfg.output,
                    &plan.config,
                )?;
                let met = r.goals.iter().filter(|g| g.met == Some(true)).count();
                let mut line = format!(
                "{} baseline cases: {} closed, {} remaining, {} missing ({} resumed on the way); {met} of {} goal figures met",
                r.baseline_cases,
                r.closed,
                r.remaining,
                r.missing,
                r.resumed,
                r.goals.len()
            );
                // The notes that qualify every figure (rules that differ between the two
                // runs above all) are said here, not only in evaluation.json.
                for n in &r.notes {
                    line.push_str(&format!("\n{:22}note: {n}", ""));
                }
                Ok((r.missing + r.missing_not_in_backlog, line))
            },
        )?;
    }

    // Tables of a stage this pipeline does not run (left by an earlier run or command)
    // must not reach the workbook and report as if they were current.
    let stale: Vec<&str> = [
        (cfg.evaluation.is_none(), "evaluation"),
        (cfg.projection.is_none(), "project"),
    ]
    .iter()
    .filter(|(off, _)| *off)
    .map(|(_, prefix)| *prefix)
    .collect();
    remove_stage_outputs(&cfg.output, &stale)?;

    if let Some(p) = &cfg.projection {
        // A projection needs closures to take a pace from; an export without them (a
        // plain list of pending cases) still gets its census, with the reason said.
        stage(
            &mut s,
            "project",
            "project: at this pace, when?",
            progress,
            || {
                let line = match crate::project::project_run(&cfg.output, p) {
                    // Half away from zero as every figure shown (metrics.md): `{:.0}`
                    // rounds a tie to even.
                    Ok(r) => format!(
                        "{} pending and {} in backlog by {}; {}{}",
                        crate::report::format::decimals(r.pending_at_until, 0),
                        crate::report::format::decimals(r.backlog_at_until, 0),
                        r.until,
                        match r.backlog_cleared_in.as_deref() {
                            _ if r.backlog_now == 0 => "no backlog now".to_string(),
                            Some(m) => format!("backlog cleared in {m}"),
                            None => "backlog not cleared within the horizon".to_string(),
                        },
                        if r.pace_set { " (at the set pace)" } else { "" }
                    ),
                    Err(Error::Usage(why)) => {
                        remove_stage_outputs(&cfg.output, &["project"])?;
                        format!("skipped: {why}")
                    }
                    Err(e) => return Err(e),
                };
                Ok(((), line))
            },
        )?;
    }

    unfinished::finish(&cfg.output)?;

    stage(
        &mut s,
        "workbook",
        "workbook: writing workbook.xlsx",
        progress,
        || {
            let lang = match cfg.lang {
                report::Lang::Zh => crate::workbook::Lang::Zh,
                report::Lang::En => crate::workbook::Lang::En,
            };
            crate::workbook::write_workbook_shared(&cfg.output, lang, &cfg.census, cfg.share)?;
            Ok((
                (),
                format!("{}", cfg.output.join("workbook.xlsx").display()),
            ))
        },
    )?;

    stage(
        &mut s,
        "report",
        "report: charts and report.html",
        progress,
        || {
            let masker = cfg
                .share
                .then(|| crate::mask::Masker::from_census(&cfg.census));
            let r = report::report_run_with(&cfg.output, cfg.lang, masker.as_ref())?;
            let line = format!(
                "{} sections, {} chart files, {}",
                r.sections.len(),
                r.charts.len(),
                r.html.display()
            );
            Ok(((), line))
        },
    )?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(table: &str) -> Result<Limits> {
        let section: LimitsSection = toml::from_str(table).expect("toml");
        section.resolve("p.toml")
    }

    /// The files each stage writes are those a run writes (one list of the run's files,
    /// another of whose they are: they must not drift apart).
    #[test]
    fn every_run_file_belongs_to_one_stage() {
        let mut listed: Vec<&str> = STAGE_OUTPUTS
            .iter()
            .flat_map(|o| o.files)
            .copied()
            .collect();
        let mut run = RUN_FILES.to_vec();
        listed.sort_unstable();
        run.sort_unstable();
        assert_eq!(listed, run);
        assert!(STAGE_OUTPUTS.windows(2).all(|w| w[0].stage < w[1].stage));
    }

    #[test]
    fn job_wide_settings_reach_the_baseline_run() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/campaign-evaluation.toml");
        let mut cfg = load(&file).expect("the bundled evaluation pipeline loads");
        let mut runs = 0;
        cfg.for_each_run_mut(&mut |c| {
            runs += 1;
            c.share = true;
            c.ingest.limits.set(Limit::Columns, 99);
        });
        assert_eq!(runs, 2, "the end snapshot and its baseline");
        let Some(EvaluationPlan {
            baseline: Baseline::Pipeline(b),
            ..
        }) = &cfg.evaluation
        else {
            panic!("campaign-evaluation.toml runs its baseline pipeline first");
        };
        assert!(b.share && cfg.share);
        assert_eq!(b.ingest.limits.max_columns, 99);
    }

    #[test]
    fn campaign_dates_after_the_end_snapshot_fail_before_any_data_is_read() {
        // Red-team round 37 (e-campaign-end-checked-late-wrong-hint): found only after
        // both runs were ingested and classified, with a hint at a flag run does not have.
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("cases.csv", "案号,立案日期\n");
        write(
            "baseline.toml",
            "name = 'b'\noutput = 'b'\nas_of = '2025-12-31'\n[inputs]\nfiles = ['cases.csv']\n",
        );
        let eval = |evaluation: &str, as_of: &str| {
            write(
                "eval.toml",
                &format!(
                    "name = 'e'\noutput = 'out'\nas_of = '{as_of}'\n[inputs]\nfiles = ['cases.csv']\n\
                     [evaluation]\nbaseline = 'baseline.toml'\n{evaluation}"
                ),
            );
            load(&dir.path().join("eval.toml"))
        };
        let e = eval(
            "campaign_start = '2026-01-01'\ncampaign_end = '2026-07-31'\n",
            "2026-06-30",
        )
        .expect_err("campaign_end after as_of");
        assert_eq!(e.exit_code(), 2);
        let e = e.to_string();
        assert!(
            e.contains("eval.toml") && e.contains("evaluation.campaign_end") && !e.contains("--"),
            "{e}"
        );
        let e = eval("campaign_start = '2026-07-01'\n", "2026-06-30").expect_err("start");
        assert!(e.to_string().contains("evaluation.campaign_start"), "{e}");
        let e = eval("campaign_start = '2025-06-01'\n", "2025-12-31").expect_err("same day");
        assert!(e.to_string().contains("baseline.toml"), "{e}");
        eval(
            "campaign_start = '2026-01-01'\ncampaign_end = '2026-06-30'\n",
            "2026-06-30",
        )
        .expect("a campaign ending on the snapshot's day");
    }

    /// s-backslash-output-path: `output = '..\输出\基线'` made one folder of that name beside
    /// the pipeline file (the same in inputs.files "matched no file"); both are refused.
    #[cfg(not(windows))]
    #[test]
    fn windows_paths_in_a_pipeline_are_refused_with_the_way_to_write_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("cases.csv"), "案号,立案日期\n").unwrap();
        for (output, files, says) in [
            (
                r"..\输出\基线",
                "cases.csv",
                r#"output = "..\\输出\\基线" is a Windows path"#,
            ),
            (r"C:\Users\统计\输出", "cases.csv", "a drive letter"),
            ("out", r".\cases.csv", r#"write it with / ("./cases.csv")"#),
        ] {
            std::fs::write(
                dir.path().join("p.toml"),
                format!(
                    "name = 'x'\noutput = '{output}'\nas_of = '2026-02-28'\n[inputs]\n\
                     files = ['{files}']\n"
                ),
            )
            .unwrap();
            let e = load(&dir.path().join("p.toml")).expect_err(output);
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(says), "{e}");
        }
    }

    #[test]
    fn limits_table_takes_sizes_and_counts() {
        let l = limits("max_uncompressed_bytes = \"2GiB\"\nmax_columns = 20000\n").unwrap();
        assert_eq!(l.max_uncompressed_bytes, 2 << 30);
        assert_eq!(l.max_columns, 20_000);
        assert_eq!(l.max_line_bytes, Limits::default().max_line_bytes);
        assert_eq!(
            limits("max_line_bytes = 1048576").unwrap().max_line_bytes,
            1 << 20
        );
    }

    #[test]
    fn bad_limits_are_usage_errors() {
        let e = limits("max_line_bytes = \"lots\"").unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
        assert!(e.to_string().contains("limits.max_line_bytes"), "{e}");
        assert!(limits("max_zip_entries = 0").is_err());
        assert!(toml::from_str::<LimitsSection>("max_rows = 5").is_err());
    }
}
