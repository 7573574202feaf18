//! Exports as courts and clerks really send them, read a second time with an adversary's
//! eye: the placeholders a statistician may change, a system's "no date", two 案号 in one
//! cell, party rows with only a number, 当事人 with roles in one cell, an officer with the
//! department in brackets, the export date above the table. Each test fails without the
//! fix it guards.

use polars::prelude::*;

use crate::util::{lists, manifest, read_parquet, stderr, strs, Workdir};

/// Ingests `file` of the work folder into `run` with `args`, expecting exit code `code`:
/// the case table, the manifest and rejects.csv.
fn ingest(
    wd: &Workdir,
    file: &str,
    args: &[&str],
    code: i32,
) -> (DataFrame, serde_json::Value, String) {
    let mut all = vec!["ingest", file, "--out", "run"];
    all.extend_from_slice(args);
    let out = wd.run(&all);
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let rejects = std::fs::read_to_string(wd.join("run/rejects.csv")).unwrap_or_default();
    (cases, manifest(&wd.join("run")), rejects)
}

/// rows.toml with its `placeholders` list replaced by `list` (TOML text).
fn rows_toml_with_placeholders(list: &str) -> String {
    let built_in =
        std::fs::read_to_string(crate::util::project_root().join("pipelines/rules/rows.toml"))
            .unwrap();
    let start = built_in
        .find("placeholders = [")
        .expect("placeholders in rows.toml");
    let end = start + built_in[start..].find(']').unwrap() + 1;
    format!(
        "{}placeholders = {list}{}",
        &built_in[..start],
        &built_in[end..]
    )
}

#[test]
fn placeholders_are_a_rule_a_statistician_can_change() {
    let wd = Workdir::new();
    wd.write(
        "p.csv",
        "案号,立案日期,被执行人,承办人\n\
         （2024）京0105执1号,2024-03-05,nan,待定\n\
         （2024）京0105执2号,2024-03-06,－,王法官\n",
    );
    // Built in: nan is no debtor; 待定 is an officer's name as far as caseflow knows.
    let (cases, _, _) = ingest(&wd, "p.csv", &[], 0);
    assert!(lists(&cases, "respondents").iter().all(|l| l.is_empty()));
    assert_eq!(strs(&cases, "officer")[0].as_deref(), Some("待定"));
    // A court whose system writes 待定 for "not yet assigned", and whose debtor is
    // really called Nan: the list in rows.toml says so.
    wd.write(
        "rules/rows.toml",
        rows_toml_with_placeholders(r#"["-", "待定"]"#),
    );
    let (cases, _, _) = ingest(&wd, "p.csv", &["--rules", "rules"], 0);
    assert_eq!(lists(&cases, "respondents")[0], ["nan"]);
    assert!(
        lists(&cases, "respondents")[1].is_empty(),
        "full-width － is -"
    );
    assert_eq!(strs(&cases, "officer")[0], None);
    // A wrong entry stops the run before any row is read, naming the file and the entry.
    for (list, says) in [
        (r#"["-", " "]"#, "placeholders entry 2 is empty"),
        (r#""nan""#, "placeholders"),
        (r#"["-", 3]"#, "placeholders"),
    ] {
        wd.write("rules/rows.toml", rows_toml_with_placeholders(list));
        let out = wd.run(&["ingest", "p.csv", "--out", "run2", "--rules", "rules"]);
        assert_eq!(out.status.code(), Some(2), "{list}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("rows.toml") && err.contains(says),
            "{list}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
