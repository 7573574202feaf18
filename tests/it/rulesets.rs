//! What a run records about the rules it was made under, and the state of a run folder
//! between runs (red-team round 37).

use crate::util::{project_root, read_parquet, run_json, stderr, strs, Workdir};

fn built_in(name: &str) -> String {
    std::fs::read_to_string(project_root().join("pipelines/rules").join(name)).expect("rule file")
}

const CASES: &str =
    "案号,立案日期,案件状态,承办人,申请执行人,被执行人,案由,申请执行标的,执行到位金额\n\
（2024）浙0603执1号,2024-01-10,未结,王五,张三,李四,民间借贷纠纷,10000,0\n\
（2024）浙0603执恢2号,2024-02-10,未结,王五,张三,赵六,民间借贷纠纷,20000,0\n";

const PIPELINE: &str =
    "name = 'c'\noutput = 'out'\nas_of = '2026-02-28'\n[inputs]\nfiles = ['cases.csv']\nrules = 'rules'\n";

/// e-done-line-backlog-ignores-census-filter: the closing line's backlog is the census's.
#[test]
fn the_closing_line_counts_the_backlog_as_the_census_does() {
    let wd = Workdir::new();
    wd.write("cases.csv", CASES);
    wd.write("c.toml", PIPELINE);
    let census = built_in("census.toml").replace(
        "case_kinds = [\"first\", \"resumed\", ",
        "case_kinds = [\"first\", ",
    );
    wd.write("rules/census.toml", census);
    let out = wd.run(&["run", "c.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let done = err
        .lines()
        .find(|l| l.trim_start().starts_with("done in"))
        .expect("done line");
    assert!(
        done.contains("2 cases, 1 in backlog (census case kinds first,"),
        "{done}"
    );
    let summary = read_parquet(&wd.join("out/parquet/census_summary.parquet"));
    assert_eq!(
        crate::util::ints(&summary, "backlog")[0],
        Some(1),
        "the census agrees"
    );
}

/// e-rule-files-not-recorded: every rule file the run read is named, path or built-in.
#[test]
fn the_manifest_and_the_report_name_every_rule_file_read() {
    let wd = Workdir::new();
    wd.write("cases.csv", CASES);
    wd.write("c.toml", PIPELINE);
    let dedup = built_in("dedup.toml");
    wd.write("rules/dedup.toml", &dedup);
    wd.write(
        "rules/closure-methods.toml",
        built_in("closure-methods.toml"),
    );
    let out = wd.run(&["run", "c.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = run_json(&wd.join("out"), "manifest.json");
    let files: Vec<String> = m["parameters"]["rule_files"]
        .as_array()
        .expect("rule_files")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let rules = wd.join("rules");
    for own in ["dedup.toml", "closure-methods.toml"] {
        let p = rules.join(own).display().to_string();
        assert!(files.contains(&p), "{own}: {files:?}");
    }
    for built in [
        "backlog.toml",
        "categories.toml",
        "root-causes.toml",
        "census.toml",
        "parties.toml",
        "rows.toml",
        "court-codes.toml",
        "case-types.toml",
    ] {
        assert!(
            files.contains(&format!("(built-in) {built}")),
            "{built}: {files:?}"
        );
    }
    assert!(files
        .iter()
        .any(|f| f.contains("profiles/cases-standard.toml")));
    let report = std::fs::read_to_string(wd.join("out/report.html")).unwrap();
    assert!(
        report.contains("dedup.toml") && report.contains("(built-in) parties.toml"),
        "the report's 规则文件"
    );
}

/// e-eval-mixed-rule-sets-unnoted: an evaluation whose two runs were classified under
/// different rules says so, in the terminal and in evaluation.json.
#[test]
fn an_evaluation_over_two_rule_sets_says_so() {
    let wd = Workdir::new();
    let head = "案号,立案日期,案件状态,结案日期,结案方式,承办人,申请执行人,被执行人,案由,申请执行标的,执行到位金额\n";
    wd.write(
        "census/cases.csv",
        format!(
            "{head}（2025）浙0603执1号,2025-01-10,未结,,,王五,张三,李四,民间借贷纠纷,10000,0\n\
             （2025）浙0603执2号,2025-03-10,未结,,,王五,张三,赵六,民间借贷纠纷,20000,0\n"
        ),
    );
    wd.write(
        "end/cases.csv",
        format!(
            "{head}（2025）浙0603执1号,2025-01-10,已结,2026-03-01,执行完毕,王五,张三,李四,民间借贷纠纷,10000,10000\n\
             （2025）浙0603执2号,2025-03-10,未结,,,王五,张三,赵六,民间借贷纠纷,20000,0\n"
        ),
    );
    wd.write(
        "baseline.toml",
        "name = 'b'\noutput = 'b'\nas_of = '2026-01-01'\n[inputs]\nfiles = ['census/cases.csv']\n",
    );
    let eval = "name = 'e'\noutput = 'out'\nas_of = '2026-06-30'\n[inputs]\nfiles = ['end/cases.csv']\n\
                rules = 'rules'\n[evaluation]\nbaseline = 'baseline.toml'\ncampaign_start = '2026-01-01'\n";
    wd.write("eval.toml", eval);
    // The same rules copied into the folder: nothing to say.
    wd.write("rules/backlog.toml", built_in("backlog.toml"));
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(!notes.contains("different rules"), "{notes}");

    wd.write(
        "rules/backlog.toml",
        built_in("backlog.toml").replacen("months = 6", "months = 4", 1),
    );
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(
        notes.contains("different rules") && notes.contains("baseline 6, end 4"),
        "{notes}"
    );
    assert!(notes.contains("backlog.toml"), "{notes}");
    assert!(stderr(&out).contains("different rules"), "{}", stderr(&out));
}

/// a-reingest-stale-dedup: ingesting new exports into a run folder removes the tables
/// the later stages made from the previous cases.
#[test]
fn a_new_ingest_into_a_run_folder_leaves_no_stale_later_tables() {
    let wd = Workdir::new();
    let head = "案号,立案日期,案由,申请执行人,被执行人,申请执行标的（元）,执行到位金额（元）,承办人,结案日期,结案方式\n";
    wd.write(
        "old.csv",
        format!(
            "{head}（2024）浙0603执101号,2024-03-01,民间借贷纠纷,张三,李四,10000,0,王五,,\n\
             （2024）浙0603执102号,2024-04-01,买卖合同纠纷,赵六,孙七,20000,0,王五,,\n"
        ),
    );
    wd.write(
        "new.csv",
        format!("{head}（2025）浙0603执201号,2025-03-01,民间借贷纠纷,郑一,钱二,50000,0,王五,,\n"),
    );
    let ok = |args: &[&str]| {
        let out = wd.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        out
    };
    ok(&["ingest", "old.csv", "--out", "run"]);
    ok(&["dedup", "run"]);
    ok(&["classify", "run", "--as-of", "2026-02-28"]);
    assert!(wd.join("run/parquet/cases_dedup.parquet").is_file());
    let out = ok(&["ingest", "new.csv", "--out", "run"]);
    assert!(stderr(&out).contains("later stages"), "{}", stderr(&out));
    for gone in [
        "parquet/cases_dedup.parquet",
        "parquet/clusters.parquet",
        "parquet/cases_classified.parquet",
        "dedup.json",
        "classify.json",
    ] {
        assert!(!wd.join("run").join(gone).exists(), "{gone} left");
    }
    ok(&["dedup", "run"]);
    ok(&["classify", "run", "--as-of", "2026-02-28"]);
    let c = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    assert_eq!(
        strs(&c, "case_no"),
        [Some("（2025）浙0603执201号".to_string())]
    );
}

/// p-reclassify-stale-census: classifying a run again at another as-of date removes the
/// census, report and charts made from the earlier classification (they stayed, and the
/// report was headed with the new 统计日 over the old census's backlog); a new dedup
/// likewise removes the classification made from the earlier cases.
#[test]
fn a_new_classification_leaves_no_census_of_the_earlier_one() {
    let wd = Workdir::new();
    let head = "案号,立案日期,案由,申请执行人,被执行人,申请执行标的（元）,执行到位金额（元）,承办人,结案日期,结案方式\n";
    // 执301号 is over six months old on 2026-03-31, not yet on 2026-03-15.
    wd.write(
        "cases.csv",
        format!(
            "{head}（2025）浙0603执301号,2025-09-20,买卖合同纠纷,张三,李四,10000,0,王五,,\n\
             （2025）浙0603执10号,2025-01-10,民间借贷纠纷,赵六,孙七,20000,0,王五,,\n"
        ),
    );
    let ok = |args: &[&str]| {
        let out = wd.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        out
    };
    let census = || {
        let c = run_json(&wd.join("run"), "census.json");
        (c["as_of"].to_string(), c["backlog"].as_u64())
    };
    ok(&["ingest", "cases.csv", "--out", "run"]);
    ok(&["dedup", "run"]);
    ok(&["classify", "run", "--as-of", "2026-03-31"]);
    ok(&["census", "run"]);
    ok(&["report", "run"]);
    assert_eq!(census(), ("\"2026-03-31\"".to_string(), Some(2)));
    let out = ok(&["classify", "run", "--as-of", "2026-03-15"]);
    assert!(stderr(&out).contains("later stages"), "{}", stderr(&out));
    for gone in [
        "parquet/census_meta.parquet",
        "parquet/census_summary.parquet",
        "census.json",
        "report.html",
    ] {
        assert!(!wd.join("run").join(gone).exists(), "{gone} left");
    }
    let charts: Vec<_> = std::fs::read_dir(wd.join("run/charts"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(charts.is_empty(), "charts left: {charts:?}");
    for kept in ["parquet/cases_classified.parquet", "classify.json"] {
        assert!(wd.join("run").join(kept).is_file(), "{kept} removed");
    }
    ok(&["census", "run"]);
    assert_eq!(census(), ("\"2026-03-15\"".to_string(), Some(1)));

    let out = ok(&["dedup", "run"]);
    assert!(stderr(&out).contains("later stages"), "{}", stderr(&out));
    for gone in [
        "parquet/cases_classified.parquet",
        "parquet/census_meta.parquet",
        "classify.json",
    ] {
        assert!(!wd.join("run").join(gone).exists(), "{gone} left");
    }
    assert!(wd.join("run/parquet/cases_dedup.parquet").is_file());
}

/// A rules folder edited in place between the baseline census and the end of the
/// campaign: both runs name the same file, but each recorded what it read (its SHA-256),
/// so the evaluation says the two were classified under different rules.
#[test]
fn an_evaluation_sees_a_rule_file_edited_in_place_between_its_runs() {
    let wd = Workdir::new();
    let head = "案号,立案日期,案件状态,结案日期,结案方式,承办人,申请执行人,被执行人,案由,申请执行标的,执行到位金额\n";
    wd.write(
        "census/cases.csv",
        format!(
            "{head}（2024）浙0603执1号,2024-01-10,未结,,,王五,张三,李四,民间借贷纠纷,10000,0\n"
        ),
    );
    wd.write(
        "end/cases.csv",
        format!(
            "{head}（2024）浙0603执1号,2024-01-10,未结,,,王五,张三,李四,民间借贷纠纷,10000,0\n"
        ),
    );
    wd.write(
        "baseline.toml",
        "name = 'b'\noutput = 'b'\nas_of = '2026-01-01'\n[inputs]\nfiles = ['census/cases.csv']\nrules = 'rules'\n",
    );
    wd.write(
        "eval.toml",
        "name = 'e'\noutput = 'out'\nas_of = '2026-06-30'\n[inputs]\nfiles = ['end/cases.csv']\n\
         rules = 'rules'\n[evaluation]\nbaseline = 'b'\ncampaign_start = '2026-01-01'\n",
    );
    let categories = built_in("categories.toml");
    wd.write("rules/categories.toml", &categories);
    let out = wd.run(&["run", "baseline.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recorded = run_json(&wd.join("b"), "classify.json")["rule_digests"].clone();
    let own = wd.join("rules/categories.toml").display().to_string();
    assert!(
        recorded[&own].as_str().is_some_and(|d| d.len() == 64),
        "{recorded}"
    );
    let m = run_json(&wd.join("b"), "manifest.json");
    assert!(
        m["parameters"]["rule_digests"]["(built-in) parties.toml"].is_string(),
        "{}",
        m["parameters"]
    );

    // Unchanged: nothing to say.
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(!notes.contains("different rules"), "{notes}");

    // 超期一年以上 becomes 超期400日以上 for the end snapshot only.
    wd.write(
        "rules/categories.toml",
        categories.replacen("min_days = 365", "min_days = 400", 1),
    );
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(
        notes.contains("different rules") && notes.contains("categories.toml"),
        "{notes}"
    );
    assert!(stderr(&out).contains("different rules"), "{}", stderr(&out));
}

/// t-evaluation-silent-on-different-profiles: a header profile changed between the baseline
/// and the end (备注 taken out of the note's synonyms, so its words no longer place cases in
/// categories 2 and 3) moved goal 1 and the seven categories without a word, and the
/// manifest recorded no digest of any profile. Profiles are recorded and compared as the
/// rule files are.
#[test]
fn an_evaluation_sees_a_header_profile_changed_between_its_runs() {
    let wd = Workdir::new();
    let head = "案号,立案日期,案件状态,结案日期,结案方式,承办人,申请执行人,被执行人,案由,申请执行标的,执行到位金额,备注\n";
    let row = "（2024）浙0603执1号,2024-01-10,未结,,,王五,张三,李四,民间借贷纠纷,10000,0,\n";
    wd.write("census/cases.csv", format!("{head}{row}"));
    wd.write("end/cases.csv", format!("{head}{row}"));
    wd.write(
        "baseline.toml",
        "name = 'b'\noutput = 'b'\nas_of = '2026-01-01'\n[inputs]\nfiles = ['census/cases.csv']\nprofiles = 'profiles'\n",
    );
    wd.write(
        "eval.toml",
        "name = 'e'\noutput = 'out'\nas_of = '2026-06-30'\n[inputs]\nfiles = ['end/cases.csv']\n\
         profiles = 'profiles'\n[evaluation]\nbaseline = 'b'\ncampaign_start = '2026-01-01'\n",
    );
    let standard =
        std::fs::read_to_string(project_root().join("pipelines/profiles/cases-standard.toml"))
            .expect("profile");
    wd.write("profiles/cases-standard.toml", &standard);
    let out = wd.run(&["run", "baseline.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = run_json(&wd.join("b"), "manifest.json");
    let own = wd
        .join("profiles/cases-standard.toml")
        .display()
        .to_string();
    assert!(
        m["parameters"]["rule_digests"][&own]
            .as_str()
            .is_some_and(|d| d.len() == 64),
        "{}",
        m["parameters"]
    );
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(!notes.contains("different rules"), "{notes}");

    // The end's profile no longer reads 备注 as the note.
    let edited = standard.replacen("\"备注\", ", "", 1);
    assert_ne!(edited, standard, "the profile lists 备注 as written here");
    wd.write("profiles/cases-standard.toml", edited);
    let out = wd.run(&["run", "eval.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = run_json(&wd.join("out"), "evaluation.json")["notes"].to_string();
    assert!(
        notes.contains("different rules") && notes.contains("cases-standard.toml"),
        "{notes}"
    );
}

/// t-duplicate-profile-name: a profiles folder holding the shipped cases-standard.toml and
/// a draft (mine.toml) that still says `name = "cases-standard"`: the later file by name
/// replaced the other, the case list was read as an assignments register, 0 cases, exit 0.
/// Such a folder is refused before any data is read, naming both files and the name.
#[test]
fn a_profiles_folder_with_two_profiles_of_one_name_is_refused() {
    let wd = Workdir::new();
    wd.write("cases.csv", CASES);
    let standard =
        std::fs::read_to_string(project_root().join("pipelines/profiles/cases-standard.toml"))
            .expect("profile");
    wd.write("profiles/cases-standard.toml", &standard);
    wd.write(
        "profiles/mine.toml",
        "name = \"cases-standard\"\ntable = \"cases\"\n[fields]\ncase_no = [\"案号\"]\n",
    );
    wd.write(
        "p.toml",
        "name = 'c'\noutput = 'out'\nas_of = '2026-02-28'\n[inputs]\nfiles = ['cases.csv']\nprofiles = 'profiles'\n",
    );
    let out = wd.run(&["run", "p.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cases-standard.toml")
            && err.contains("mine.toml")
            && err.contains("\"cases-standard\""),
        "{err}"
    );
    assert!(!wd.join("out/cases.parquet").exists());
    let out = wd.run(&[
        "ingest",
        "cases.csv",
        "--profiles",
        "profiles",
        "--out",
        "ing",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("mine.toml"), "{}", stderr(&out));

    // A backup not named .toml is no profile: the run goes on with the shipped one.
    std::fs::rename(
        wd.join("profiles/mine.toml"),
        wd.join("profiles/mine.toml.bak"),
    )
    .unwrap();
    let out = wd.run(&["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
