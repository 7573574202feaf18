//! Files an input glob matches that are no export: caseflow's own outputs, macOS metadata
//! companions and Excel's lock files ([`super::lockfile`]).
//!
//! Exports, pipeline files and results share folders on a statistician's desk: last
//! month's `workbook.xlsx` kept as `上次结果.xlsx` beside the exports, a run folder inside
//! the exports folder that a `**` pattern reaches, a USB stick from a Mac on which every
//! file has a `._` twin. Read as exports, caseflow's workbook gave phantom pending cases
//! (its 被执行人名单 rows without a 案号) and moved the claim totals, a run's rejects.csv
//! and workbook.xlsx became input rows of the next run, and a `._` file stopped the run
//! with "no header row". A pipeline's glob therefore leaves such a file out with a
//! note (`skipped_inputs` in the manifest); named on its own it is refused with what it is.

use std::io::Read;
use std::path::Path;

/// Why `path` is no export, or `None` when it may be one.
pub fn why(path: &Path) -> Option<String> {
    if super::lockfile::is_lock_file(path) {
        return Some(super::lockfile::why(path));
    }
    if is_apple_double(path) {
        return Some(format!(
            "{} is the metadata file macOS writes beside {} on a USB stick or a shared \
             folder (AppleDouble, ._ before the file's name), not an export",
            file_name(path),
            file_name(path).strip_prefix("._").unwrap_or_default()
        ));
    }
    if let Some(run) = run_folder_of(path) {
        return Some(format!(
            "{} is an output of the caseflow run in {}, not an export",
            file_name(path),
            run.display()
        ));
    }
    if is_own_workbook(path) {
        return Some(format!(
            "{} is a workbook caseflow wrote (the workbook.xlsx of a run), not an export",
            file_name(path)
        ));
    }
    None
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An AppleDouble (or AppleSingle) file: named `._…` and starting with its magic number.
fn is_apple_double(path: &Path) -> bool {
    if !file_name(path).starts_with("._") {
        return false;
    }
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    n == 4 && (head == [0x00, 0x05, 0x16, 0x07] || head == [0x00, 0x05, 0x16, 0x00])
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

/// A workbook caseflow wrote, wherever it was copied to and whatever it is named: it
/// carries [`crate::workbook::MARKER_PROPERTY`], or (written before it did) every sheet of
/// it is one caseflow writes.
fn is_own_workbook(path: &Path) -> bool {
    let xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return false;
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    // A crafted archive claiming too many entries is ingest's to refuse (Limits).
    let entries = super::source::claimed_zip_entries(&mut f).ok().flatten();
    if entries.is_none_or(|n| n > super::limits::Limits::default().max_zip_entries) {
        return false;
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(f)) else {
        return false;
    };
    let mut part = |name: &str| -> Option<String> {
        let entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        entry.take(1 << 20).read_to_string(&mut text).ok()?;
        Some(text)
    };
    let marker = format!(r#"name="{}""#, crate::workbook::MARKER_PROPERTY);
    if part("docProps/custom.xml").is_some_and(|t| t.contains(&marker)) {
        return true;
    }
    let Some(book) = part("xl/workbook.xml") else {
        return false;
    };
    let sheets: Vec<&str> = book
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1)?.split('"').next())
        .collect();
    sheets.len() >= 2 && sheets.iter().all(|s| crate::workbook::is_own_sheet_name(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apple_double_files_are_known_by_name_and_magic() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00];
        bytes.extend_from_slice(b"Mac OS X        ");
        bytes.resize(4096, 0);
        let twin = dir.path().join("._system_b.csv");
        std::fs::write(&twin, &bytes).unwrap();
        let why = why(&twin).expect("an AppleDouble file");
        assert!(
            why.contains("macOS") && why.contains("system_b.csv"),
            "{why}"
        );
        let named = dir.path().join("._notes.csv");
        std::fs::write(&named, "案号\n").unwrap();
        assert!(super::why(&named).is_none(), "a CSV named ._ is read");
    }

    fn xlsx(path: &Path, sheets: &[&str], marked: bool) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for name in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(*name).unwrap();
            ws.write(0, 0, "案号").unwrap();
        }
        if marked {
            wb.set_properties(
                &rust_xlsxwriter::DocProperties::new()
                    .set_custom_property(crate::workbook::MARKER_PROPERTY, "caseflow"),
            );
        }
        wb.save(path).unwrap();
    }

    /// s-own-workbook-read-as-export: a copy of a run's workbook among the exports was read
    /// as a case list. It is known by caseflow's mark, or (older ones) by its sheets.
    #[test]
    fn a_runs_workbook_is_known_by_its_mark_or_its_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let marked = dir.path().join("上次结果.xlsx");
        xlsx(&marked, &["Sheet1"], true);
        assert!(why(&marked).is_some_and(|w| w.contains("a workbook caseflow wrote")));
        let older = dir.path().join("旧结果.xlsx");
        xlsx(&older, &["积案汇总", "积案清册", "积案清册(2)"], false);
        assert!(why(&older).is_some());
        let export = dir.path().join("exports.xlsx");
        xlsx(&export, &["积案汇总", "Sheet1"], false);
        assert!(why(&export).is_none(), "an export with a sheet of its own");
    }

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
