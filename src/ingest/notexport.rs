//! Files an input glob matches that are no export: caseflow's own outputs and Excel's
//! lock files ([`super::lockfile`]).
//!
//! Exports, pipeline files and results share folders on a statistician's desk: a run
//! folder inside the exports folder that a `**` pattern reaches. Read as exports, a run's
//! rejects.csv and workbook.xlsx became input rows, and the run then removed them with the
//! rest of the earlier run and failed on the vanished file. A pipeline's glob therefore
//! leaves such a file out with a note (`skipped_inputs` in the manifest); named on its own
//! it is refused with what it is.

use std::io::Read;
use std::path::Path;

/// Why `path` is no export, or `None` when it may be one.
pub fn why(path: &Path) -> Option<String> {
    if super::lockfile::is_lock_file(path) {
        return Some(super::lockfile::why(path));
    }
    if let Some(run) = run_folder_of(path) {
        return Some(format!(
            "{} is an output of the caseflow run in {}, not an export",
            file_name(path),
            run.display()
        ));
    }
    None
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// True when `dir` holds the manifest.json of a caseflow run (its `program` says so).
fn is_run_folder(dir: &Path) -> bool {
    let mut head = String::new();
    std::fs::File::open(dir.join("manifest.json"))
        .and_then(|f| f.take(4096).read_to_string(&mut head))
        .is_ok_and(|_| {
            head.contains(r#""program": "caseflow""#) || head.contains(r#""program":"caseflow""#)
        })
}

/// The run folder `path` is an output of: a file a run writes at its top
/// ([`crate::pipeline::RUN_FILES`]) or a table or chart in its `parquet/` or `charts/`.
fn run_folder_of(path: &Path) -> Option<&Path> {
    let name = path.file_name()?.to_str()?;
    let parent = path.parent()?;
    if crate::pipeline::RUN_FILES.contains(&name) && is_run_folder(parent) {
        return Some(parent);
    }
    let sub = parent.file_name()?.to_str()?;
    let run = parent.parent()?;
    (crate::outpath::SUBFOLDERS.contains(&sub) && is_run_folder(run)).then_some(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_outputs_are_known_by_their_run_folders_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("结果");
        std::fs::create_dir_all(run.join("parquet")).unwrap();
        for f in ["rejects.csv", "notes.csv", "parquet/cases.parquet"] {
            std::fs::write(run.join(f), "x").unwrap();
        }
        assert!(why(&run.join("rejects.csv")).is_none(), "no manifest yet");
        std::fs::write(
            run.join("manifest.json"),
            "{\n  \"program\": \"caseflow\",\n  \"version\": \"0.1.0\"\n}",
        )
        .unwrap();
        assert!(why(&run.join("rejects.csv")).is_some());
        assert!(why(&run.join("parquet/cases.parquet")).is_some());
        assert!(why(&run.join("notes.csv")).is_none(), "not caseflow's");
    }
}
