//! Incremental linking: a new export joins an existing run without re-reading the old
//! exports or re-estimating the weights.
//!
//! The costly parts of a run are reading and parsing every export and estimating m/u.
//! `caseflow dedup RUN --add FILE...` ingests only the new files, appends their rows to
//! the run's tables (and their accounting to the manifest), and links with the weights
//! recorded in `RUN/dedup.json`. Linking is deterministic for given weights and row
//! order, so the clusters equal those of a full run over the old and new files in that
//! order with the same weights — a test checks it.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::compare::{Weights, FIELDS};
use super::{dedup_run, DedupConfig, DedupReport};
use crate::ingest::{self, write_parquet, IngestConfig};
use crate::{Error, Result};

/// Reads the weights a previous dedup of `run` used.
pub fn stored_weights(run: &Path) -> Result<Weights> {
    let path = run.join("dedup.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Input {
        file: path.display().to_string(),
        row: None,
        column: None,
        message: format!("not valid JSON: {e}"),
    })?;
    let bad = |what: &str| Error::Input {
        file: path.display().to_string(),
        row: None,
        column: None,
        message: format!("{what}; run `caseflow dedup RUN` once before adding files"),
    };
    let fields = v["fields"].as_array().ok_or_else(|| bad("no fields"))?;
    let mut m = Vec::new();
    let mut u = Vec::new();
    for name in FIELDS {
        let f = fields
            .iter()
            .find(|f| f["field"] == name)
            .ok_or_else(|| bad(&format!("no weights for {name}")))?;
        let levels = f["levels"].as_array().ok_or_else(|| bad("no levels"))?;
        m.push(
            levels
                .iter()
                .map(|l| l["m"].as_f64().ok_or_else(|| bad("m is not a number")))
                .collect::<Result<Vec<_>>>()?,
        );
        u.push(
            levels
                .iter()
                .map(|l| l["u"].as_f64().ok_or_else(|| bad("u is not a number")))
                .collect::<Result<Vec<_>>>()?,
        );
    }
    Ok(Weights { m, u })
}

/// Adds the rows of `new` to the manifest JSON of `old`: files and inputs appended,
/// totals and reject counts summed, reconciliation and-ed.
fn merge_manifests(old: &mut serde_json::Value, new: &serde_json::Value) {
    if let (Some(a), Some(b)) = (old["files"].as_array_mut(), new["files"].as_array()) {
        a.extend(b.iter().cloned());
    }
    if let (Some(a), Some(b)) = (
        old["parameters"]["inputs"].as_array_mut(),
        new["parameters"]["inputs"].as_array(),
    ) {
        a.extend(b.iter().cloned());
    }
    for section in ["totals", "rejects"] {
        if let Some(obj) = new[section].as_object() {
            for (k, v) in obj {
                if let (Some(x), Some(y)) = (old[section][k].as_u64(), v.as_u64()) {
                    old[section][k] = serde_json::json!(x + y);
                }
            }
        }
    }
    let reconciles = old["totals"]["reconciles"].as_bool().unwrap_or(false)
        && new["totals"]["reconciles"].as_bool().unwrap_or(false);
    old["totals"]["reconciles"] = serde_json::json!(reconciles);
    if let Some(by) = new["rejects"]["by_field"].as_object() {
        for (k, v) in by {
            let x = old["rejects"]["by_field"][k].as_u64().unwrap_or(0);
            old["rejects"]["by_field"][k] = serde_json::json!(x + v.as_u64().unwrap_or(0));
        }
    }
}

/// Ingests `files` into `run`, appends them, and links with the stored weights.
pub fn dedup_add(run: &Path, files: &[PathBuf], cfg: &DedupConfig) -> Result<DedupReport> {
    let manifest_path = run.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let mut manifest: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::Input {
            file: manifest_path.display().to_string(),
            row: None,
            column: None,
            message: format!("not valid JSON: {e}"),
        })?;
    let weights = stored_weights(run)?;
    // An export already in the run would only add its rows a second time (dedup would join
    // them, but every count of the manifest would include them twice): refused.
    for file in files {
        if !file.is_file() {
            continue; // ingest names it
        }
        let (_, sha256) = ingest::source::hash_file(file)?;
        let known = manifest["files"].as_array().and_then(|fs| {
            fs.iter()
                .find(|f| f["sha256"].as_str() == Some(sha256.as_str()))
        });
        if let Some(known) = known {
            return Err(Error::Usage(format!(
                "{}: this export is already in {} (the same content as {}, SHA-256 {sha256}); \
                 nothing was added",
                file.display(),
                run.display(),
                known["path"].as_str().unwrap_or("an earlier input"),
            )));
        }
    }
    let p = &manifest["parameters"];
    let opt = |k: &str| p[k].as_str().map(String::from);
    let exported_on = opt("exported_on")
        .map(|s| crate::cli::ingest::parse_cli_date("exported_on", &s))
        .transpose()?;
    let tmp = run.join(".caseflow-add");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    let icfg = IngestConfig {
        inputs: files.to_vec(),
        out: tmp.clone(),
        profile: opt("profile"),
        exported_on,
        sheet: opt("sheet"),
        profiles_dir: opt("profiles_dir").map(PathBuf::from),
        rules_dir: opt("rules_dir").map(PathBuf::from),
        // The limits the run was ingested with (older manifests have none: the defaults).
        limits: serde_json::from_value(p["limits"].clone()).unwrap_or_default(),
        skipped_inputs: Vec::new(),
        rule_files: Vec::new(),
    };
    let added = ingest::ingest(&icfg)?;
    let pq = run.join("parquet");
    for name in [
        "cases",
        "petitions",
        "assignments",
        "deductions",
        "extensions",
        "rejects",
    ] {
        let mut old = ingest::read_parquet(&pq.join(format!("{name}.parquet")))?;
        let new = ingest::read_parquet(&tmp.join("parquet").join(format!("{name}.parquet")))?;
        // A run ingested before a column was added (cases' amounts_in_wan) has it null: not
        // known for its rows.
        let missing: Vec<Column> = new
            .columns()
            .iter()
            .filter(|c| old.column(c.name()).is_err())
            .map(|c| Column::full_null(c.name().clone(), old.height(), c.dtype()))
            .collect();
        if !missing.is_empty() {
            let err = |e| Error::polars(format!("appending to {name}"), e);
            old.hstack_mut(&missing).map_err(err)?;
            old = old.select(new.get_column_names_owned()).map_err(err)?;
        }
        old.vstack_mut(&new)
            .map_err(|e| Error::polars(format!("appending to {name}"), e))?;
        write_parquet(&pq.join(format!("{name}.parquet")), &mut old)?;
        if name == "rejects" {
            ingest::write_rejects_csv(&run.join("rejects.csv"), &old)?;
        } else {
            manifest["tables"][name] = serde_json::json!(old.height());
        }
    }
    let new_manifest = serde_json::to_value(&added.manifest).map_err(|e| Error::Io {
        path: manifest_path.clone(),
        source: std::io::Error::other(e),
    })?;
    merge_manifests(&mut manifest, &new_manifest);
    ingest::write_manifest(&manifest_path, &manifest)?;
    std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;

    let mut cfg = cfg.clone();
    cfg.fixed_weights = Some(weights);
    dedup_run(run, &cfg)
}
