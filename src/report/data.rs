//! What the report reads from a run folder, each piece optional.
//!
//! A report is wanted on partial runs too (ingest and classify done, census not yet; a
//! census without the trend), so nothing here is required: a table that is absent is
//! `None`, and the section built from it says so in the report instead of failing. A
//! table that is present but lacks a column a section needs is reported the same way,
//! naming the column — an older run read by a newer caseflow should show what it has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde_json::Value;

use crate::{Error, Result};

/// One table of the run, read whole (the report shows aggregates and short case lists).
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub df: DataFrame,
}

impl Table {
    pub fn height(&self) -> usize {
        self.df.height()
    }

    /// The first `n` rows (a case list is shown in part; its columns are then read once
    /// over the rows shown, not over the whole table).
    pub fn head(&self, n: usize) -> Table {
        Table {
            name: self.name.clone(),
            df: self.df.head(Some(n)),
        }
    }

    /// The rows numbered `rows`, in that order.
    pub fn rows(&self, rows: &[usize]) -> Table {
        let idx = IdxCa::from_vec("idx".into(), rows.iter().map(|&i| i as IdxSize).collect());
        Table {
            name: self.name.clone(),
            df: self.df.take(&idx).unwrap_or_else(|_| self.df.clear()),
        }
    }

    pub fn has(&self, col: &str) -> bool {
        self.df.column(col).is_ok()
    }

    /// The columns of `cols` this table lacks, or Ok.
    pub fn require(&self, cols: &[&str]) -> std::result::Result<(), String> {
        let missing: Vec<&str> = cols.iter().copied().filter(|c| !self.has(c)).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("{}: {}", self.name, missing.join(", ")))
        }
    }

    fn cast(&self, col: &str, dt: &DataType) -> Option<Column> {
        self.df.column(col).ok()?.cast(dt).ok()
    }

    /// A column as text (dates as YYYY-MM-DD); all None when absent.
    pub fn strs(&self, col: &str) -> Vec<Option<String>> {
        match self.cast(col, &DataType::String) {
            Some(c) => match c.str() {
                Ok(s) => s.iter().map(|v| v.map(str::to_string)).collect(),
                Err(_) => vec![None; self.height()],
            },
            None => vec![None; self.height()],
        }
    }

    pub fn ints(&self, col: &str) -> Vec<Option<i64>> {
        match self.cast(col, &DataType::Int64) {
            Some(c) => match c.i64() {
                Ok(s) => s.iter().collect(),
                Err(_) => vec![None; self.height()],
            },
            None => vec![None; self.height()],
        }
    }

    pub fn floats(&self, col: &str) -> Vec<Option<f64>> {
        match self.cast(col, &DataType::Float64) {
            Some(c) => match c.f64() {
                Ok(s) => s.iter().collect(),
                Err(_) => vec![None; self.height()],
            },
            None => vec![None; self.height()],
        }
    }

    pub fn bools(&self, col: &str) -> Vec<Option<bool>> {
        match self.cast(col, &DataType::Boolean) {
            Some(c) => match c.bool() {
                Ok(s) => s.iter().collect(),
                Err(_) => vec![None; self.height()],
            },
            None => vec![None; self.height()],
        }
    }

    /// The rows whose `col` equals `value` (the `level` of a metric table).
    pub fn rows_where(&self, col: &str, value: &str) -> Vec<usize> {
        self.strs(col)
            .iter()
            .enumerate()
            .filter(|(_, v)| v.as_deref() == Some(value))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Every input of the report that the run has.
#[derive(Debug)]
pub struct RunData {
    pub run: PathBuf,
    pub tables: BTreeMap<String, Table>,
    pub manifest: Option<Value>,
    pub dedup: Option<Value>,
    pub classify: Option<Value>,
    pub census: Option<Value>,
    pub trend: Option<Value>,
    /// The stages of the run that did not finish (a run killed or failed part-way): the
    /// report says so above everything else.
    pub unfinished: crate::pipeline::unfinished::Unfinished,
}

/// The tables the report reads from `RUN/parquet/`.
pub const TABLES: [&str; 34] = [
    "project_monthly",
    "project_required",
    "project_categories",
    "project_backtest",
    "project_meta",
    "evaluation_goals",
    "evaluation_outcomes",
    "evaluation_cleared",
    "evaluation_people",
    "evaluation_categories",
    "evaluation_monthly",
    "evaluation_meta",
    "census_summary",
    "census_categories",
    "census_category_overlap",
    "census_root_causes",
    "census_root_cause_groups",
    "census_aging",
    "census_oldest",
    "census_due_soon",
    "census_meta",
    "trend_ratios",
    "trend_breaches",
    "trend_case_anomalies",
    "trend_meta",
    "rejects",
    "conflicts",
    "unmatched_reasons",
    "cases_without_officer",
    "petitions",
    "assignments",
    "deductions",
    "extensions",
    "cases_classified",
];

fn read_json(path: &Path) -> Result<Option<Value>> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::Input {
            file: path.display().to_string(),
            row: None,
            column: None,
            message: format!("not valid JSON: {e}"),
        })
}

/// Columns read from the case table: only what the data-quality section needs (the
/// keys side tables join on), never the whole wide table.
const CASE_COLUMNS: [&str; 1] = ["case_key"];

fn read_parquet(path: &Path, columns: Option<&[&str]>) -> Result<DataFrame> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(f);
    if let Some(cols) = columns {
        let schema = reader
            .schema()
            .map_err(|e| Error::polars(format!("reading {file}"), e))?;
        let present: Vec<String> = cols
            .iter()
            .filter(|c| schema.iter_names().any(|n| n.as_str() == **c))
            .map(|c| c.to_string())
            .collect();
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        reader = ParquetReader::new(f).with_columns(Some(present));
    }
    reader
        .finish()
        .map_err(|e| Error::polars(format!("reading {file}"), e))
}

impl RunData {
    /// Reads what the run has. Only a folder that is not a run at all is an error.
    pub fn read(run: &Path) -> Result<RunData> {
        if !run.is_dir() {
            return Err(Error::Usage(format!(
                "{}: not a run folder (write one with `caseflow run PIPELINE.toml` or \
                 `caseflow ingest FILES --out RUN`)",
                run.display()
            )));
        }
        let pq = run.join("parquet");
        let manifest = read_json(&run.join("manifest.json"))?;
        let unfinished = crate::pipeline::unfinished::unfinished(run);
        if manifest.is_none() && !pq.is_dir() && !unfinished.is_empty() {
            return Err(Error::Input {
                file: run.display().to_string(),
                row: None,
                column: None,
                message: format!("there is nothing to report: {}", unfinished.text()),
            });
        }
        if manifest.is_none() && !pq.is_dir() {
            return Err(Error::Usage(format!(
                "{}: no manifest.json and no parquet/ folder: not a caseflow run folder",
                run.display()
            )));
        }
        let mut tables = BTreeMap::new();
        for name in TABLES {
            let path = pq.join(format!("{name}.parquet"));
            if !path.exists() {
                continue;
            }
            let cols: Option<&[&str]> = (name == "cases_classified").then_some(&CASE_COLUMNS[..]);
            let df = read_parquet(&path, cols)?;
            tables.insert(
                name.to_string(),
                Table {
                    name: name.to_string(),
                    df,
                },
            );
        }
        // Without a classified table, the deduplicated (or raw) cases give the keys.
        if !tables.contains_key("cases_classified") {
            for name in ["cases_dedup", "cases"] {
                let path = pq.join(format!("{name}.parquet"));
                if path.exists() {
                    let df = read_parquet(&path, Some(&CASE_COLUMNS))?;
                    tables.insert(
                        "cases_classified".to_string(),
                        Table {
                            name: name.to_string(),
                            df,
                        },
                    );
                    break;
                }
            }
        }
        Ok(RunData {
            run: run.to_path_buf(),
            tables,
            manifest,
            dedup: read_json(&run.join("dedup.json"))?,
            classify: read_json(&run.join("classify.json"))?,
            census: read_json(&run.join("census.json"))?,
            trend: read_json(&run.join("trend.json"))?,
            unfinished,
        })
    }

    /// Every table masked for sharing ([`crate::mask::Masker::frame`]), and ID and phone
    /// numbers masked in every text of the run's JSON files (input file names …).
    pub fn mask_for_sharing(&mut self, m: &crate::mask::Masker) -> Result<()> {
        for t in self.tables.values_mut() {
            t.df = m.frame(&t.df)?;
        }
        fn walk(v: &mut Value, m: &crate::mask::Masker) {
            match v {
                Value::String(s) => {
                    if let std::borrow::Cow::Owned(t) = m.text(s) {
                        *s = t;
                    }
                }
                Value::Array(a) => a.iter_mut().for_each(|x| walk(x, m)),
                Value::Object(o) => o.values_mut().for_each(|x| walk(x, m)),
                _ => {}
            }
        }
        for j in [
            &mut self.manifest,
            &mut self.dedup,
            &mut self.classify,
            &mut self.census,
            &mut self.trend,
        ]
        .into_iter()
        .flatten()
        {
            walk(j, m);
        }
        Ok(())
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The as-of date: classify's, else the census', else the first row of a table.
    pub fn as_of(&self) -> Option<String> {
        for j in [&self.classify, &self.census, &self.trend]
            .into_iter()
            .flatten()
        {
            if let Some(s) = j.get("as_of").and_then(Value::as_str) {
                return Some(s.to_string());
            }
        }
        None
    }
}

/// A string field of a JSON object.
pub fn jstr<'a>(v: &'a Option<Value>, key: &str) -> Option<&'a str> {
    v.as_ref()?.get(key)?.as_str()
}

/// An integer field of a JSON object.
pub fn jint(v: &Option<Value>, key: &str) -> Option<i64> {
    v.as_ref()?.get(key)?.as_i64()
}
