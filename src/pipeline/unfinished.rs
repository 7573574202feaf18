//! Whether a run folder holds a finished run, and if not, which stages did not finish.
//!
//! A run killed part-way (laptop shut, out of memory) or stopped by an error in a stage
//! leaves the tables of the stages before it; stage by stage, a statistician may also run
//! only ingest and classify on purpose. `caseflow report` works on both, but a report
//! whose later sections each say only that their table is missing looks like a finished
//! run's report with little in it (i-interrupted-run-report-looks-complete). So
//! `caseflow run` keeps [`MARKER`] in its output folder, naming the stages it runs, from
//! before ingest until its last stage of tables has written them; and a stage's outputs
//! that could only come from a stage stopped part-way (a case table without the JSON the
//! stage writes after it; a stage's JSON without its table, or without the JSON of the
//! stage it was computed from) show an unfinished run without the marker too.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{textio, Error, Result};

/// The file `caseflow run` keeps in its output folder while its stages write their tables.
pub const MARKER: &str = ".caseflow-unfinished.json";

/// What the marker holds: the pipeline and the stages its run was to make.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Marker {
    pub pipeline: String,
    pub stages: Vec<String>,
}

/// A stage and the files that show it finished.
struct StageFiles {
    name: &'static str,
    /// Its JSON summary, at the top of the run folder: every stage writes it last.
    json: &'static str,
    /// Its main table in `parquet/`, when it always writes one (`dedup --clusters-only`
    /// removes cases_dedup, so dedup has none here).
    table: Option<&'static str>,
    /// The table comes from the exports and is written right before the JSON, so the table
    /// without the JSON is the stage stopped part-way. Metric tables are also written by
    /// hand (tests, notebooks, an older caseflow) without a JSON, so theirs is no sign.
    table_then_json: bool,
    /// The stage whose outputs it reads, by name: its JSON without that stage's JSON means
    /// that stage's outputs went missing after it ran.
    reads: Option<&'static str>,
}

const STAGES: [StageFiles; 7] = [
    StageFiles {
        name: "ingest",
        json: "manifest.json",
        // A manifest alone is a run folder too (tests and notebooks make such).
        table: None,
        table_then_json: false,
        reads: None,
    },
    StageFiles {
        name: "dedup",
        json: "dedup.json",
        table: None,
        table_then_json: false,
        reads: Some("ingest"),
    },
    StageFiles {
        name: "classify",
        json: "classify.json",
        table: Some("cases_classified"),
        table_then_json: true,
        reads: Some("ingest"),
    },
    StageFiles {
        name: "census",
        json: "census.json",
        table: Some("census_summary"),
        table_then_json: false,
        reads: Some("classify"),
    },
    StageFiles {
        name: "trend",
        json: "trend.json",
        table: Some("trend_ratios"),
        table_then_json: false,
        reads: Some("classify"),
    },
    StageFiles {
        name: "evaluate",
        json: "evaluation.json",
        table: Some("evaluation_goals"),
        table_then_json: false,
        // `caseflow evaluate --out` may write into a folder of its own.
        reads: None,
    },
    StageFiles {
        name: "project",
        json: "project.json",
        table: Some("project_monthly"),
        table_then_json: false,
        reads: Some("classify"),
    },
];

/// A stage of the run that did not finish, and the files of it that are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedStage {
    pub stage: &'static str,
    /// Paths relative to the run folder (`classify.json`, `parquet/cases_classified.parquet`).
    pub missing: Vec<String>,
}

/// The stages of a run folder that did not finish, in run order; empty for a finished run
/// and for one run stage by stage that simply has not run its later stages yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unfinished {
    /// The pipeline whose `caseflow run` stopped part-way, when its marker is there.
    pub pipeline: Option<String>,
    pub stages: Vec<UnfinishedStage>,
}

impl Unfinished {
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    /// The stage names, `census, trend`.
    pub fn stage_names(&self) -> String {
        let names: Vec<&str> = self.stages.iter().map(|s| s.stage).collect();
        names.join(", ")
    }

    /// Every missing file, `census.json, parquet/census_summary.parquet`.
    pub fn missing_files(&self) -> String {
        let files: Vec<&str> = self
            .stages
            .iter()
            .flat_map(|s| s.missing.iter().map(String::as_str))
            .collect();
        files.join(", ")
    }

    /// One line for the terminal.
    pub fn text(&self) -> String {
        let how = match &self.pipeline {
            Some(p) => format!(
                "`caseflow run` of the pipeline {p} stopped part-way (interrupted, or \
                 failed in a stage), and "
            ),
            None => String::new(),
        };
        format!(
            "{how}the run did not finish: {} (missing {}); run the pipeline again, or the \
             missing stages, before using its figures",
            self.stage_names(),
            self.missing_files()
        )
    }
}

/// Writes the marker of a run that is about to write `stages` into `run`.
pub fn begin(run: &Path, pipeline: &str, stages: &[&str]) -> Result<()> {
    let marker = Marker {
        pipeline: pipeline.to_string(),
        stages: stages.iter().map(|s| s.to_string()).collect(),
    };
    let path = run.join(MARKER);
    textio::write_atomic(&path, |w| {
        serde_json::to_writer_pretty(&mut *w, &marker).map_err(|e| Error::io(&path, e.into()))
    })
}

/// Removes the marker: every stage of tables has written them.
pub fn finish(run: &Path) -> Result<()> {
    let path = run.join(MARKER);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::output(&path, e)),
    }
}

/// Marks `run` unfinished for a stage run on its own (`caseflow ingest` into an earlier
/// run), unless a `caseflow run` keeps its marker there (it clears it after its last
/// stage); true when it marked it, and must clear the mark ([`finish`]) once every output
/// of the stage is in place. A mark left by the same stage run on its own before, which
/// failed, is taken over: this run replaces what that one left half-written.
pub fn begin_stage(run: &Path, stage: &str) -> Result<bool> {
    if marker(run).is_some_and(|m| !m.pipeline.is_empty()) {
        return Ok(false);
    }
    std::fs::create_dir_all(run).map_err(|e| Error::output(run, e))?;
    begin(run, "", &[stage])?;
    Ok(true)
}

/// Refuses a run whose stages that `stage` reads did not finish: their tables may be a new
/// run's beside an earlier run's manifest (h-failed-ingest-leaves-mixed-run).
pub fn require_finished(run: &Path, stage: &str, reads: &[&str]) -> Result<()> {
    let u = unfinished(run);
    if u.stages.iter().any(|s| reads.contains(&s.stage)) {
        return Err(Error::Usage(format!(
            "{}: refusing to {stage} this run: {}",
            run.display(),
            u.text()
        )));
    }
    Ok(())
}

/// The marker of `run`, when a `caseflow run` into it has not finished.
pub fn marker(run: &Path) -> Option<Marker> {
    let text = std::fs::read_to_string(run.join(MARKER)).ok()?;
    // A marker that cannot be read still says the run did not finish; which stages it
    // meant to run is then not known, and the outputs alone tell.
    Some(serde_json::from_str(&text).unwrap_or(Marker {
        pipeline: String::new(),
        stages: Vec::new(),
    }))
}

/// The stages of the run in `run` that did not finish.
pub fn unfinished(run: &Path) -> Unfinished {
    let marker = marker(run);
    let json = |s: &StageFiles| run.join(s.json).is_file();
    let table_path = |t: &str| format!("parquet/{t}.parquet");
    let table = |s: &StageFiles| s.table.map(|t| run.join(table_path(t)).is_file());
    let mut out = Unfinished {
        // A stage run on its own marks the folder without a pipeline.
        pipeline: marker
            .as_ref()
            .map(|m| m.pipeline.clone())
            .filter(|p| !p.is_empty()),
        stages: Vec::new(),
    };
    for s in &STAGES {
        let (has_json, has_table) = (json(s), table(s));
        let mut missing = Vec::new();
        if !has_json {
            missing.push(s.json.to_string());
        }
        if let (Some(t), Some(false)) = (s.table, has_table) {
            missing.push(table_path(t));
        }
        let planned = marker
            .as_ref()
            .is_some_and(|m| m.stages.iter().any(|p| p == s.name));
        let stopped = if planned {
            !missing.is_empty()
        } else {
            // A later stage's JSON shows this stage had run: its outputs went missing.
            let read_by_a_later_stage = STAGES
                .iter()
                .any(|later| later.reads == Some(s.name) && json(later));
            (has_json && has_table == Some(false))
                || (!has_json && has_table == Some(true) && s.table_then_json)
                || (!has_json && read_by_a_later_stage)
        };
        if stopped {
            out.stages.push(UnfinishedStage {
                stage: s.name,
                missing,
            });
        }
    }
    if out.stages.is_empty() {
        out.pipeline = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(run: &Path, rel: &str) {
        let p = run.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"").unwrap();
    }

    #[test]
    fn a_run_made_stage_by_stage_is_not_unfinished_but_one_with_a_gap_is() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path();
        touch(run, "manifest.json");
        touch(run, "parquet/cases.parquet");
        touch(run, "classify.json");
        touch(run, "parquet/cases_classified.parquet");
        assert!(unfinished(run).is_empty(), "census and trend not run yet");
        touch(run, "census.json");
        touch(run, "parquet/census_summary.parquet");
        std::fs::remove_file(run.join("classify.json")).unwrap();
        let u = unfinished(run);
        assert_eq!(u.stage_names(), "classify");
        assert_eq!(u.missing_files(), "classify.json");
        assert_eq!(u.pipeline, None);
    }

    #[test]
    fn the_marker_names_the_stages_a_run_did_not_finish() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path();
        begin(
            run,
            "p",
            &["ingest", "dedup", "classify", "census", "trend"],
        )
        .unwrap();
        touch(run, "manifest.json");
        touch(run, "dedup.json");
        let u = unfinished(run);
        assert_eq!(u.stage_names(), "classify, census, trend");
        assert_eq!(u.pipeline.as_deref(), Some("p"));
        finish(run).unwrap();
        assert!(unfinished(run).is_empty());
    }
}
