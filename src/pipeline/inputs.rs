//! The files a pipeline's input patterns name.
//!
//! `inputs.files` holds globs relative to the pipeline file (`*`, `?`, `[…]`, and `**` for
//! any depth of folders). They are walked here, one path component at a time, rather than
//! by the glob crate, because exports folders are not tidy:
//!
//! - a NAS share or a colleague's 快捷方式 folder holds links back into itself (a link to
//!   the parent folder inside a sub-folder): `**` follows a link to a folder, but enters
//!   each real folder once, so the walk ends and each export is listed once (the glob
//!   crate walked `sub/上级/sub/上级/…` without end, memory growing);
//! - people and browsers put `[ ]` in names (`导出 [2026-02]`, `system_b[1].csv`): a
//!   component that names an existing file or folder as written is taken as written, and
//!   only otherwise as a pattern (where `[1]` means the character `1`);
//! - a link whose target is gone (a share not mounted, a moved download) is an export the
//!   statistician expects to be read: it stops the run, naming the link and its target,
//!   instead of vanishing from the list;
//! - a matched file that is no export — caseflow's own outputs, inside this run's output
//!   folder or any run folder, or a copy of a run's workbook; Excel's lock files; macOS's
//!   `._` companions ([`crate::ingest::notexport`]) — is left out with a note for the
//!   manifest's `skipped_inputs`. Named without a wildcard it is kept, so that the run
//!   refuses it saying what it is.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::ingest;
use crate::{Error, Result};

/// What one pattern matched.
#[derive(Debug, Default)]
pub struct Matches {
    /// Files to read, sorted.
    pub files: Vec<PathBuf>,
    /// Files the pattern matched that are no export, with the note for the manifest.
    pub skipped: Vec<(PathBuf, String)>,
}

fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// `path` (made of the pipeline's folder and a pattern) is inside `dir`, as written or
/// once links are resolved.
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    if super::normalize(path).starts_with(dir) {
        return true;
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(dir)) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    }
}

/// Every folder below `dir` (itself included), each real folder once however many links
/// lead to it.
fn folders_below(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if !d.is_dir() {
            continue;
        }
        let real = std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone());
        if !seen.insert(real) {
            continue;
        }
        if let Ok(entries) = std::fs::read_dir(&d) {
            let mut subs: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            // Popped in name order, so that of two ways into a folder the first by name
            // is the one listed.
            subs.sort_by(|a, b| b.cmp(a));
            stack.extend(subs);
        }
        out.push(d);
    }
}

/// Expands one pattern relative to `base`; it must match at least one file to read.
/// `output` is the run's output folder: nothing inside it is an input.
pub fn expand(base: &Path, pattern: &str, origin: &str, output: &Path) -> Result<Matches> {
    let full = base.join(pattern);
    let text = full.to_string_lossy().into_owned();
    let bad = |e: glob::PatternError| {
        Error::Usage(format!(
            "{origin}: bad pattern {pattern:?}: {e} ([ and ] are pattern characters: write \
             [[] for a [ and []] for a ] in a name)"
        ))
    };
    // Paths matched so far; at the end, what the whole pattern matched.
    let mut paths: Vec<PathBuf> = vec![PathBuf::new()];
    let mut wildcard = false;
    let components: Vec<Component> = full.components().collect();
    for (i, c) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        let Component::Normal(name) = c else {
            // The root, a drive, `..`: taken as written.
            for p in &mut paths {
                p.push(c.as_os_str());
            }
            continue;
        };
        let name_text = name.to_string_lossy();
        let mut next = Vec::new();
        if name_text == "**" {
            wildcard = true;
            let mut seen = HashSet::new();
            for p in &paths {
                folders_below(p, &mut seen, &mut next);
            }
        } else if !is_pattern(&name_text) {
            next.extend(paths.iter().map(|p| p.join(name)));
        } else {
            let mut compiled = None;
            for p in &paths {
                let literal = p.join(name);
                if literal.symlink_metadata().is_ok() {
                    next.push(literal);
                    continue;
                }
                let pat = match &compiled {
                    Some(pat) => pat,
                    None => compiled.insert(glob::Pattern::new(&name_text).map_err(bad)?),
                };
                wildcard = true;
                let Ok(entries) = std::fs::read_dir(p) else {
                    continue;
                };
                next.extend(
                    entries
                        .flatten()
                        .filter(|e| pat.matches(&e.file_name().to_string_lossy()))
                        .map(|e| e.path()),
                );
            }
        }
        if !last {
            next.retain(|p| p.is_dir());
        }
        paths = next;
    }
    paths.sort();
    paths.dedup();

    let mut m = Matches::default();
    for p in paths {
        if p.is_symlink() && !p.exists() {
            let target = std::fs::read_link(&p)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "{origin}: inputs pattern {pattern:?} matches {}, a link to {target}, which \
                 does not exist (a share not mounted, a file moved?): restore the file, or \
                 remove the link from the folder",
                super::normalize(&p).display()
            )));
        }
        if !p.is_file() {
            continue;
        }
        let p = super::normalize(&p);
        let why = if is_inside(&p, output) {
            Some(format!(
                "{} is inside this run's output folder {}, which the run clears and writes, \
                 not an export",
                p.file_name().unwrap_or_default().to_string_lossy(),
                output.display()
            ))
        } else {
            ingest::notexport::why(&p)
        };
        match why {
            // Named without a wildcard: kept, for the run to refuse with what it is.
            Some(why) if wildcard => m.skipped.push((p, format!("skipped: {why}"))),
            _ => m.files.push(p),
        }
    }
    if m.files.is_empty() {
        if full.is_dir() {
            // A folder is not read whole: say what names its files.
            let advice = crate::ingest::folder_advice(&full, pattern, true);
            return Err(Error::Usage(format!(
                "{origin}: inputs pattern {pattern:?} is a folder, not a file ({text}): {advice}"
            )));
        }
        let only_skipped = if m.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; it matches only files that are no export: {}",
                m.skipped
                    .iter()
                    .map(|(_, why)| why.trim_start_matches("skipped: "))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        let brackets = if pattern.contains('[') {
            " ([ and ] are pattern characters: write [[] for a [ and []] for a ] in a name)"
        } else {
            ""
        };
        return Err(Error::Usage(format!(
            "{origin}: inputs pattern {pattern:?} matches no file (looked for {text}){only_skipped}{brackets}"
        )));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    /// s-recursive-glob-link-loop-hangs: `**` over a folder holding links back into itself
    /// (a link to the parent inside a sub-folder, a second link to the folder) walked
    /// without end; each real folder is now entered once and each export listed once.
    #[cfg(unix)]
    #[test]
    fn a_recursive_pattern_enters_each_folder_once_through_links() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("in");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.csv"), "x").unwrap();
        std::fs::write(dir.join("sub/b.csv"), "x").unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/上级")).unwrap();
        std::os::unix::fs::symlink("../in", dir.join("副本链接")).unwrap();
        let m = expand(t.path(), "in/**/*.csv", "p.toml", &t.path().join("out")).unwrap();
        assert_eq!(names(&m.files), ["a.csv", "b.csv"], "{:?}", m.files);
        assert!(m
            .files
            .iter()
            .all(|p| !p.to_string_lossy().contains("上级")));
    }

    /// s-square-brackets-in-input-path: a folder or file named with [ ] "matched no file"
    /// although it was where the error looked; as written it is that folder or file.
    #[test]
    fn a_name_with_brackets_that_exists_is_taken_as_written() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("导出 [2026-02]");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("system_b[1].csv"), "x").unwrap();
        std::fs::write(dir.join("a.xlsx"), "x").unwrap();
        let out = t.path().join("out");
        let m = expand(t.path(), "导出 [2026-02]/*.xlsx", "p.toml", &out).unwrap();
        assert_eq!(names(&m.files), ["a.xlsx"]);
        let m = expand(t.path(), "导出 [2026-02]/system_b[1].csv", "p.toml", &out).unwrap();
        assert_eq!(names(&m.files), ["system_b[1].csv"]);
        // Brackets still make a pattern where no such name exists, and the error says so.
        let m = expand(
            t.path(),
            "导出 [2026-02]/system_[ab][[]1].csv",
            "p.toml",
            &out,
        );
        assert_eq!(names(&m.unwrap().files), ["system_b[1].csv"]);
        let e = expand(t.path(), "导出 [2026-02]/c[1].csv", "p.toml", &out).unwrap_err();
        assert!(e.to_string().contains("write [[] for a ["), "{e}");
    }

    /// s-dangling-link-silently-dropped: a link to an export that is gone was left out of
    /// the run without a word; it now stops the run, naming the link and its target.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_missing_file_stops_the_run() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.xlsx"), "x").unwrap();
        let target = t.path().join("共享盘/执行案件_系统C.xlsx");
        std::os::unix::fs::symlink(&target, t.path().join("执行案件_系统C.xlsx")).unwrap();
        for pattern in ["*.xlsx", "执行案件_系统C.xlsx"] {
            let e = expand(t.path(), pattern, "p.toml", &t.path().join("out")).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            let e = e.to_string();
            assert!(
                e.contains("执行案件_系统C.xlsx, a link to")
                    && e.contains(&target.display().to_string())
                    && e.contains("does not exist"),
                "{e}"
            );
        }
    }

    /// s-output-inside-input-glob: with the output folder inside the exports folder, `**`
    /// matched the earlier run's workbook.xlsx and rejects.csv as exports.
    #[test]
    fn files_inside_the_output_folder_are_left_out_with_a_note() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("结果");
        std::fs::create_dir_all(out.join("parquet")).unwrap();
        std::fs::write(t.path().join("a.csv"), "x").unwrap();
        std::fs::write(out.join("rejects.csv"), "x").unwrap();
        std::fs::write(out.join("parquet/x.csv"), "x").unwrap();
        let m = expand(t.path(), "**/*.csv", "p.toml", &out).unwrap();
        assert_eq!(names(&m.files), ["a.csv"]);
        assert_eq!(m.skipped.len(), 2, "{:?}", m.skipped);
        assert!(
            m.skipped[0].1.contains("inside this run's output folder"),
            "{:?}",
            m.skipped
        );
    }

    /// s-macos-dot-underscore-files-stop-run: the `._` companions macOS writes on a USB
    /// stick stopped the run with "no header row"; a glob leaves them out with a note.
    #[test]
    fn macos_companions_a_glob_matches_are_left_out_with_a_note() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("system_b.csv"), "x").unwrap();
        let mut twin = vec![0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00];
        twin.resize(4096, 0);
        std::fs::write(t.path().join("._system_b.csv"), &twin).unwrap();
        let m = expand(t.path(), "*.csv", "p.toml", &t.path().join("out")).unwrap();
        assert_eq!(names(&m.files), ["system_b.csv"]);
        assert_eq!(m.skipped.len(), 1);
        assert!(m.skipped[0].1.contains("AppleDouble"), "{:?}", m.skipped);
    }
}
