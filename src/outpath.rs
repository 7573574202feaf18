//! Where caseflow may write: every file of a run is inside the run's output folder.
//!
//! A pipeline file can come from someone else (mailed with a set of exports), and names
//! such as chart files or sheet names can be built from data. The rules, checked here:
//!
//! - the output folder is whatever the user (or the pipeline file) named — caseflow does
//!   not second-guess `output = "../out"` — but it must be **new, empty, or a caseflow
//!   run folder** (one that holds `manifest.json` or `parquet/`): a pipeline whose output
//!   points at a home folder or at `/etc` is refused before anything is read or written,
//!   instead of filling that folder with tables and overwriting files in it;
//! - every path written below it is the output folder joined with a **relative path of
//!   plain components** ([`child`]): never absolute, never `..`, never a drive prefix; a
//!   name derived from data is first made into one component with
//!   [`crate::sanitize::file_component`];
//! - a subfolder caseflow writes into (`parquet/`, `charts/`) must **resolve inside** the
//!   output folder ([`ensure_inside`]): a symbolic link planted there cannot send the
//!   files elsewhere. Files themselves are written to a temporary name and renamed, which
//!   replaces a planted link rather than writing through it;
//! - one run at a time writes into an output folder ([`RunLock`]): a second `caseflow
//!   run` into a folder another run is writing is refused before it removes or reads
//!   anything, instead of both replacing each other's tables.

use std::path::{Component, Path, PathBuf};

use crate::{Error, Result};

/// Subfolders caseflow writes into inside a run folder.
pub const SUBFOLDERS: [&str; 2] = ["parquet", "charts"];

/// The file a run holds locked in its output folder while it writes there ([`RunLock`]).
pub const LOCK_FILE: &str = ".caseflow-run.lock";

/// `root` joined with `rel`, which must be relative and made of plain components only.
pub fn child(root: &Path, rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    let plain = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.contains('\\');
    if !plain {
        return Err(Error::Usage(format!(
            "{}: refusing to write {rel:?}: an output name must be a relative path inside \
             the output folder (no '..', no absolute path)",
            root.display()
        )));
    }
    Ok(root.join(p))
}

/// The path itself when it exists, else its nearest existing ancestor, resolved.
fn resolve_existing(path: &Path) -> Option<PathBuf> {
    let mut p = path.to_path_buf();
    loop {
        if let Ok(c) = std::fs::canonicalize(&p) {
            return Some(c);
        }
        if !p.pop() {
            return None;
        }
    }
}

/// Where `path` (which need not exist yet) will be once written: each part that exists is
/// resolved (symbolic links followed), and the parts that do not are applied as written,
/// a `..` after a folder still to be made going back to the folder above it, as it will
/// once that folder is made. Resolving only an existing parent folder missed
/// `newdir/../run/parquet/cases.parquet`: `newdir` did not exist yet, so the path was kept
/// as spelled and not seen to be inside `run`.
pub fn resolved(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
            Component::Prefix(_) | Component::RootDir => out.push(part),
        }
    }
    Ok(out)
}

/// Checks that `path` (which need not exist yet) resolves inside `root`: symbolic links
/// are followed, so a link inside the run folder that points elsewhere is refused.
///
/// The output folder itself may be named with `..` (`--out ../out/run` from a pipelines
/// folder, as the shipped pipeline files name theirs): it is resolved, and only the part
/// of `path` below it must be plain. A `..` below the output folder is refused as such:
/// the nearest existing ancestor of `run/x/../../etc` is inside `run` when `x` does not
/// exist, so resolving what exists would not catch it.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<()> {
    let Ok(root_c) = std::fs::canonicalize(root) else {
        // The output folder does not exist yet: nothing in it can point elsewhere.
        return Ok(());
    };
    let outside = || {
        Err(Error::Usage(format!(
            "{}: refusing to write outside the output folder {}",
            path.display(),
            root.display()
        )))
    };
    let abs = match path.strip_prefix(root) {
        Ok(rest) if rest.components().all(|c| matches!(c, Component::Normal(_))) => {
            root_c.join(rest)
        }
        Ok(_) => return outside(),
        Err(_) => {
            let abs = if path.is_absolute() {
                path.to_path_buf()
            } else {
                std::env::current_dir()
                    .map_err(|e| Error::io(path, e))?
                    .join(path)
            };
            if abs.components().any(|c| matches!(c, Component::ParentDir)) {
                return outside();
            }
            abs
        }
    };
    match resolve_existing(&abs) {
        Some(r) if r.starts_with(&root_c) => Ok(()),
        _ => Err(Error::Usage(format!(
            "{}: refusing to write there: it resolves outside the output folder {} \
             (a symbolic link?)",
            path.display(),
            root.display()
        ))),
    }
}

/// Checks an output folder before a run writes into it: it must not exist yet, or be an
/// empty folder, or a caseflow run folder (holding `manifest.json` or `parquet/`); its
/// `parquet/` and `charts/` subfolders, when present, must resolve inside it.
pub fn check_output_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        if dir.is_symlink() {
            return Err(Error::Usage(format!(
                "{}: the output folder is a broken symbolic link",
                dir.display()
            )));
        }
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: the output folder is a file, not a folder",
            dir.display()
        )));
    }
    // A folder holding only the lock file of a run that stopped before writing is empty.
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Error::output(dir, e))?
        .flatten()
        .all(|e| e.file_name() == LOCK_FILE);
    // A run killed before ingest wrote anything left only its marker: still a run folder.
    let is_run = dir.join("manifest.json").is_file()
        || dir.join("parquet").is_dir()
        || dir.join(crate::pipeline::unfinished::MARKER).is_file();
    if !empty && !is_run {
        return Err(Error::Usage(format!(
            "{}: the output folder already holds files and is not a caseflow run folder \
             (no manifest.json, no parquet/); caseflow writes only into a new folder, an \
             empty one, or an earlier run. Choose another `output` (or --out).",
            dir.display()
        )));
    }
    for sub in SUBFOLDERS {
        let p = dir.join(sub);
        if p.exists() || p.is_symlink() {
            ensure_inside(dir, &p)?;
        }
    }
    Ok(())
}

/// The exclusive lock a run holds on its output folder from before it removes an earlier
/// run's files until its last file is written; released when dropped (and by the system
/// when the process ends, even killed, so a stale lock file never blocks a later run).
///
/// Two runs into one folder at once (a pipeline double-clicked twice, two colleagues on a
/// shared folder) otherwise replace and remove each other's tables between stages: one
/// classified the other's case table without its deductions and printed a wrong 积案
/// figure with exit 0, and the folder left held tables of both runs.
#[derive(Debug)]
pub struct RunLock {
    _file: std::fs::File,
}

impl RunLock {
    /// Creates `dir` if needed and locks it, or refuses (a usage error, nothing touched)
    /// when another run holds the lock, saying since when and which process.
    pub fn acquire(dir: &Path) -> Result<RunLock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(LOCK_FILE);
        // A planted link would make the lock's note overwrite a file elsewhere.
        if path.is_symlink() {
            return Err(Error::Usage(format!(
                "{}: refusing to use a symbolic link as the run's lock file",
                path.display()
            )));
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                // Unreadable where the lock is mandatory (Windows): said without the note.
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default();
                return Err(Error::Usage(format!(
                    "{}: another caseflow run is writing into this output folder{holder}; \
                     wait for it to end, or choose another `output` (or --out)",
                    dir.display()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        // Who holds the lock, for the message a second run gives.
        use std::io::{Seek, Write};
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let since = i64::try_from(secs)
            .ok()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let note = format!("process {} since {since}\n", std::process::id());
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(note.as_bytes()))
            .map_err(|e| Error::io(&path, e))?;
        Ok(RunLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_plain_relative_paths() {
        let root = Path::new("/run");
        assert_eq!(
            child(root, "charts/aging.svg").unwrap(),
            PathBuf::from("/run/charts/aging.svg")
        );
        for bad in ["../x", "/etc/passwd", "a/../../b", "", ".", "a\\..\\b"] {
            assert!(child(root, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn output_folder_must_be_new_empty_or_a_run() {
        let t = tempfile::tempdir().unwrap();
        let new = t.path().join("new");
        assert!(check_output_dir(&new).is_ok());
        std::fs::create_dir(&new).unwrap();
        assert!(check_output_dir(&new).is_ok(), "empty");
        std::fs::write(new.join("notes.txt"), "mine").unwrap();
        assert!(check_output_dir(&new).is_err(), "someone's folder");
        std::fs::write(new.join("manifest.json"), "{}").unwrap();
        assert!(check_output_dir(&new).is_ok(), "an earlier run");
        std::fs::write(t.path().join("file"), "x").unwrap();
        assert!(check_output_dir(&t.path().join("file")).is_err());
        let stopped = t.path().join("stopped");
        std::fs::create_dir(&stopped).unwrap();
        std::fs::write(stopped.join(LOCK_FILE), "process 1").unwrap();
        assert!(check_output_dir(&stopped).is_ok(), "a lock file alone");
    }

    /// s-concurrent-runs-mix-output: a second run into a folder another run is writing was
    /// not refused; both replaced each other's tables.
    #[test]
    fn one_run_at_a_time_writes_into_a_folder() {
        let t = tempfile::tempdir().unwrap();
        let run = t.path().join("run");
        let first = RunLock::acquire(&run).expect("the first run locks the new folder");
        let e = RunLock::acquire(&run).expect_err("a second run is refused");
        assert_eq!(e.exit_code(), 2);
        let e = e.to_string();
        assert!(
            e.contains("another caseflow run is writing into this output folder")
                && e.contains(&format!("process {}", std::process::id())),
            "{e}"
        );
        drop(first);
        RunLock::acquire(&run).expect("free again once the first run ends");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_run_folder_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let run = t.path().join("run");
        let elsewhere = t.path().join("elsewhere");
        std::fs::create_dir_all(run.join("parquet")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        assert!(check_output_dir(&run).is_ok());
        std::os::unix::fs::symlink(&elsewhere, run.join("charts")).unwrap();
        assert!(check_output_dir(&run).is_err());
        assert!(ensure_inside(&run, &run.join("charts/aging.png")).is_err());
        assert!(ensure_inside(&run, &run.join("parquet/x.parquet")).is_ok());
        assert!(ensure_inside(&run, &run.join("new/deeper/x")).is_ok());
    }

    /// a-sql-output-dotdot-overwrites-run: a `..` after a folder still to be made goes
    /// back to the folder above it, as it will once the folder is made; existing links
    /// are followed.
    #[test]
    fn a_path_through_a_folder_to_be_made_resolves_where_it_will_be_written() {
        let t = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir_all(base.join("run/parquet")).unwrap();
        assert_eq!(
            resolved(&base.join("newdir/../run/parquet/cases.parquet")).unwrap(),
            base.join("run/parquet/cases.parquet")
        );
        assert_eq!(
            resolved(&base.join("a/./b/../../run/workbook.xlsx")).unwrap(),
            base.join("run/workbook.xlsx")
        );
        assert!(!base.join("newdir").exists() && !base.join("a").exists());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("run"), base.join("link")).unwrap();
            assert_eq!(
                resolved(&base.join("link/new/../parquet/x.parquet")).unwrap(),
                base.join("run/parquet/x.parquet")
            );
        }
    }

    /// o-dotdot-out-path-refused: a run folder named through `..` (`--out ../out/run` from
    /// a pipelines folder) was refused as "outside the output folder" when its charts/ was
    /// checked; a `..` below the run folder is still refused.
    #[test]
    fn a_run_folder_named_through_dotdot_is_inside_itself() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("pipelines")).unwrap();
        std::fs::create_dir_all(t.path().join("out/run/parquet")).unwrap();
        let run = t.path().join("pipelines/../out/run");
        assert!(ensure_inside(&run, &run.join("charts")).is_ok());
        assert!(ensure_inside(&run, &run.join("parquet/x.parquet")).is_ok());
        assert!(check_output_dir(&run).is_ok());
        assert!(ensure_inside(&run, &run.join("x/../../elsewhere")).is_err());
        assert!(ensure_inside(&run, &run.join("../elsewhere")).is_err());
        assert!(ensure_inside(&run, &t.path().join("out/elsewhere")).is_err());
    }
}
