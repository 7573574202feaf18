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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub output: String,
    pub as_of: String,
    pub inputs: InputsSection,
    #[serde(default)]
    pub trend: Option<TrendSection>,
    #[serde(default)]
    pub report: Option<ReportSection>,
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
    #[serde(default)]
    pub exported_on: Option<String>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub rules: Option<String>,
    #[serde(default)]
    pub profiles: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSection {
    #[serde(default = "default_by")]
    pub by: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
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
}

fn date(field: &str, s: &str, origin: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| {
        Error::Usage(format!(
            "{origin}: {field} = {s:?} is not a date as YYYY-MM-DD ({e})"
        ))
    })
}

/// Expands one glob relative to `base`; it must match at least one file.
fn expand(base: &Path, pattern: &str, origin: &str) -> Result<Vec<PathBuf>> {
    let full = base.join(pattern);
    let text = full.to_string_lossy().into_owned();
    let paths = glob::glob(&text)
        .map_err(|e| Error::Usage(format!("{origin}: bad pattern {pattern:?}: {e}")))?;
    let mut out: Vec<PathBuf> = paths
        .filter_map(|p| p.ok())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(Error::Usage(format!(
            "{origin}: inputs pattern {pattern:?} matches no file (looked for {text})"
        )));
    }
    Ok(out)
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

/// Reads and resolves a pipeline file.
pub fn load(path: &Path) -> Result<RunConfig> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file: PipelineFile =
        toml::from_str(&text).map_err(|e| Error::Usage(format!("{origin}: {e}")))?;
    let abs = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
    let base = abs.parent().unwrap_or(Path::new(".")).to_path_buf();

    let mut inputs = Vec::new();
    for pattern in &file.inputs.files {
        for p in expand(&base, pattern, &origin)?
            .iter()
            .map(|p| normalize(p))
        {
            if !inputs.contains(&p) {
                inputs.push(p);
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
    let dir = |rel: &Option<String>, what: &str| -> Result<Option<PathBuf>> {
        match rel {
            None => Ok(None),
            Some(r) => {
                let p = base.join(r);
                if !p.is_dir() {
                    return Err(Error::Usage(format!(
                        "{origin}: {what} folder {} does not exist",
                        p.display()
                    )));
                }
                Ok(Some(p))
            }
        }
    };
    let rules_dir = dir(&file.inputs.rules, "inputs.rules")?;
    let profiles_dir = dir(&file.inputs.profiles, "inputs.profiles")?;

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

    let output = normalize(&base.join(&file.output));
    Ok(RunConfig {
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
        },
        rules_dir,
        dedup,
        classify,
        census,
        trend: TrendOptions {
            from: trend_from,
            to: trend_to,
            by: trend_by,
        },
        lang,
    })
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
    pub backlog: usize,
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

/// Runs the pipeline's stages in order.
pub fn run(cfg: &RunConfig, progress: bool) -> Result<RunSummary> {
    let mut s = RunSummary::default();
    let report = stage(
        &mut s,
        "ingest",
        "ingest: reading exports",
        progress,
        || {
            let r = ingest::ingest(&cfg.ingest)?;
            let m = &r.manifest;
            let line = format!(
                "{} files, {} rows read, {} rows written, {} rejected whole, {} field problems",
                m.files.len(),
                m.totals.rows_read,
                m.totals.rows_written,
                m.totals.rows_rejected,
                m.rejects.field_rejects
            );
            Ok((r, line))
        },
    )?;
    s.rows_read = report.manifest.totals.rows_read;
    s.rows_written = report.manifest.totals.rows_written;
    s.rejects = report.manifest.rejects.field_rejects + report.manifest.rejects.rows_rejected;
    s.rows_rejected = report.manifest.rejects.rows_rejected;
    if !report.manifest.totals.reconciles {
        return Err(Error::Input {
            file: cfg.output.join("manifest.json").display().to_string(),
            row: None,
            column: None,
            message: "row counts do not reconcile: this is a caseflow bug, please report it".into(),
        });
    }
    drop(report);

    let d = stage(&mut s, "dedup", "dedup: linking cases", progress, || {
        let r = dedup::dedup_run(&cfg.output, &cfg.dedup)?;
        let line = format!(
            "{} rows → {} cases ({} by fuzzy match), {} lineage links, {} conflicts",
            r.rows, r.cases, r.fuzzy_linked, r.lineage_links, r.conflicts
        );
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
            let line = format!(
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
            Ok((r, line))
        },
    )?;
    s.backlog = c.in_backlog;

    stage(&mut s, "census", "census: metric tables", progress, || {
        let r = census::census_run(&cfg.output, &cfg.census)?;
        let line = format!(
            "{} pending, {} backlog, {} overdue ≥ 1 year, {} in the seven categories; {} tables",
            r.pending,
            r.backlog,
            r.overdue_1y,
            r.backlog_in_categories,
            r.tables.len()
        );
        Ok(((), line))
    })?;

    stage(&mut s, "trend", "trend: flows and ratios", progress, || {
        let r = census::trend_run(&cfg.output, &cfg.census, &cfg.trend)?;
        let line = format!(
            "{} {}s from {} to {}; B + N − D = E breached in {} unit-periods",
            r.periods, r.by, r.from, r.to, r.breaches
        );
        Ok(((), line))
    })?;

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
            crate::workbook::write_workbook_with(&cfg.output, lang, &cfg.census)?;
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
            let r = report::report_run(&cfg.output, cfg.lang)?;
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
