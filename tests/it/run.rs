//! `caseflow run` on the bundled sample: the README's main command.

use crate::util::{project_root, stderr, Workdir};

#[test]
fn baseline_census_pipeline_runs_on_the_sample() {
    let wd = Workdir::new();
    let pipeline = project_root().join("pipelines/baseline-census.toml");
    let out_dir = wd.join("out");
    let out = wd.run(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("ingest"), "{err}");
    assert!(err.contains("dedup"), "{err}");
    for f in [
        "manifest.json",
        "rejects.csv",
        "dedup.json",
        "parquet/cases.parquet",
        "parquet/cases_dedup.parquet",
        "parquet/clusters.parquet",
        "parquet/conflicts.parquet",
    ] {
        assert!(out_dir.join(f).is_file(), "{f} missing");
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["totals"]["reconciles"], true);
    assert_eq!(m["files"].as_array().unwrap().len(), 6);
}

#[test]
fn a_broken_pipeline_fails_before_reading_data() {
    let wd = Workdir::new();
    wd.write(
        "p.toml",
        "name = 'x'\noutput = 'out'\nas_of = '2026-02-30'\n[inputs]\nfiles = ['*.csv']\n",
    );
    let out = wd.run(&["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("matches no file"), "{}", stderr(&out));

    wd.write("a.csv", "案号,立案日期\n");
    let out = wd.run(&["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("as_of"), "{}", stderr(&out));
    assert!(
        !wd.join("out").exists(),
        "nothing is written by a rejected pipeline"
    );
}

#[test]
fn every_subcommand_help_says_what_it_reads_writes_and_costs() {
    let wd = Workdir::new();
    for cmd in [
        "run", "generate", "ingest", "dedup", "classify", "census", "trend", "evaluate", "project",
        "report", "casenum", "ratios", "sql",
    ] {
        let out = wd.run(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help");
        let help = String::from_utf8_lossy(&out.stdout).to_lowercase();
        for word in ["read", "write", "cost", "example"] {
            assert!(
                help.contains(word),
                "`caseflow {cmd} --help` does not mention {word:?}:\n{help}"
            );
        }
    }
}
