//! Shared helpers: a temporary work folder and a way to run the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use polars::prelude::{DataFrame, DataType};

/// A temporary folder that lives as long as the test.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("create temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    /// A `caseflow` command running in this folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseflow"));
        cmd.args(args).current_dir(self.path());
        cmd
    }

    /// Runs `caseflow` with `stdin` piped in; returns the whole output.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn caseflow");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("wait for caseflow")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run caseflow")
    }
}

/// The project root (for `sample-data/`, `pipelines/`) and the shared folder beside it.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shared_dir() -> PathBuf {
    project_root().join("..").join("shared")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Reads a Parquet table the run wrote; panics with the path when it cannot.
pub fn read_parquet(path: &Path) -> polars::prelude::DataFrame {
    use polars::prelude::SerReader;
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    polars::prelude::ParquetReader::new(f)
        .finish()
        .expect("read parquet")
}

/// The export files of one snapshot of a generated court (`census/…`), sorted, as paths
/// relative to the court folder: the order ingest sees them in every test.
pub fn snapshot_inputs(court: &Path, snapshot: &str) -> Vec<String> {
    let mut inputs: Vec<String> = std::fs::read_dir(court.join(snapshot))
        .expect("snapshot folder")
        .map(|e| {
            format!(
                "{snapshot}/{}",
                e.expect("entry").file_name().to_string_lossy()
            )
        })
        .collect();
    inputs.sort();
    inputs
}

/// A run's `manifest.json`.
pub fn manifest(run: &Path) -> serde_json::Value {
    run_json(run, "manifest.json")
}

/// A JSON file a stage wrote into a run (`manifest.json`, `dedup.json` …).
pub fn run_json(run: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(run.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

// Columns of a frame as plain vectors, for comparing with the truth.

pub fn strs(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap_or_else(|_| panic!("column {name}"))
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
}

/// A list-of-text column as lists of strings (a null list as an empty one).
/// Expected text values: an empty string stands for null.
pub fn opt_strs(v: &[&str]) -> Vec<Option<String>> {
    v.iter()
        .map(|s| (!s.is_empty()).then(|| s.to_string()))
        .collect()
}

pub fn lists(df: &DataFrame, name: &str) -> Vec<Vec<String>> {
    df.column(name)
        .unwrap()
        .list()
        .unwrap()
        .amortized_iter()
        .map(|l| {
            l.map(|l| {
                l.as_ref()
                    .str()
                    .unwrap()
                    .iter()
                    .map(|s| s.unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect()
}

pub fn bools(df: &DataFrame, name: &str) -> Vec<Option<bool>> {
    df.column(name)
        .unwrap_or_else(|_| panic!("column {name}"))
        .bool()
        .unwrap()
        .iter()
        .collect()
}

pub fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    df.column(name)
        .unwrap_or_else(|_| panic!("column {name}"))
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect()
}

pub fn floats(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name)
        .unwrap_or_else(|_| panic!("column {name}"))
        .f64()
        .unwrap()
        .iter()
        .collect()
}

/// A real little workbook, written with rust_xlsxwriter: the header 案号 | 立案日期 and one
/// case.
pub fn one_case_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "案号").unwrap();
    ws.write(0, 1, "立案日期").unwrap();
    ws.write(1, 0, "（2023）浙0603执1号").unwrap();
    ws.write(1, 1, "2023-03-05").unwrap();
    wb.save_to_buffer().unwrap()
}
