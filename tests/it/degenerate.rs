//! Runs with nothing or almost nothing to count, and rules or cells that say too little or
//! too much (red-team round 27's fuzzing): a clear result or a clear refusal, never a
//! panic, a hang or a date of 1970.

use crate::util::{read_parquet, stderr, strs, Workdir};

const HEADER: &str = "案号,立案日期,申请执行人,被执行人,承办人,案件状态,结案日期,结案方式";

fn pipeline(wd: &Workdir, name: &str, as_of: &str, file: &str) {
    wd.write(
        &format!("{name}.toml"),
        format!(
            "name = \"{name}\"\noutput = \"{name}-out\"\nas_of = \"{as_of}\"\n\
             [inputs]\nfiles = [\"{file}\"]\n[trend]\nby = \"month\"\nfrom = \"2025-01-01\"\n"
        ),
    );
}

#[test]
fn a_run_without_a_case_counts_nothing_as_of_its_own_date() {
    // A header-only export: every stage runs and says 0, dated as the pipeline says.
    let wd = Workdir::new();
    wd.write("cases.csv", format!("{HEADER}\n"));
    pipeline(&wd, "empty", "2026-02-28", "cases.csv");
    let out = wd.run(&["run", "empty.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let trend: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wd.join("empty-out/trend.json")).unwrap())
            .unwrap();
    assert_eq!(trend["as_of"], "2026-02-28", "{trend}");
    assert!(wd.join("empty-out/report.html").exists());
    // Nothing closed, no pace: said so, not a date of 1970.
    let out = wd.run(&["project", "empty-out", "--until", "2026-06-30"]);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(101), "{err}");
    assert!(!err.contains("1970"), "{err}");
}

/// t-run-without-case-list: a pipeline with `files = []`, or whose inputs held only a
/// register (a deductions.csv), ran every stage to a report of a court with 0 pending, exit
/// 0. The empty list is refused with the file and the key (exit 2); a run with no case
/// list among its inputs fails after ingest (exit 1), naming what each file was read as.
/// `caseflow ingest` alone reads a register (it can be looked at on its own) but warns.
#[test]
fn a_run_without_a_case_list_among_its_inputs_is_refused() {
    let wd = Workdir::new();
    wd.write(
        "empty.toml",
        "name = 'e'\noutput = 'e-out'\nas_of = '2026-02-28'\n[inputs]\nfiles = []\n",
    );
    let out = wd.run(&["run", "empty.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("empty.toml") && err.contains("inputs.files is empty"),
        "{err}"
    );
    assert!(!wd.join("e-out/report.html").exists());

    wd.write(
        "data/deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n（2025）浙0603执1号,评估,2025-03-01,2025-05-01\n",
    );
    pipeline(&wd, "side", "2026-02-28", "data/*.csv");
    let out = wd.run(&["run", "side.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no input was read as a case list")
            && err.contains("deductions.csv: a deductions register"),
        "{err}"
    );
    assert!(!wd.join("side-out/report.html").exists());
    assert!(!wd
        .join("side-out/parquet/cases_classified.parquet")
        .exists());

    let out = wd.run(&["ingest", "data/deductions.csv", "--out", "ing"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: no input was read as a case list"),
        "{err}"
    );
}

#[test]
fn an_evaluation_from_a_baseline_without_backlog_measures_nothing_and_says_so() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        format!(
            "{HEADER}\n（2025）浙0603执1号,2025-01-13,张三,李四,王五,已结,2025-03-01,执行完毕\n"
        ),
    );
    pipeline(&wd, "base", "2026-01-01", "cases.csv");
    pipeline(&wd, "end", "2026-03-01", "cases.csv");
    for p in ["base.toml", "end.toml"] {
        let out = wd.run(&["run", p]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = wd.run(&[
        "evaluate",
        "--baseline",
        "base-out",
        "--end",
        "end-out",
        "--campaign-start",
        "2025-12-31",
        "--out",
        "ev",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(wd.join("ev/report.html").exists());
}

#[test]
fn an_empty_word_in_a_rules_list_is_refused_by_file_and_key() {
    let wd = Workdir::new();
    let shipped = crate::util::project_root().join("pipelines/rules/backlog.toml");
    let text = std::fs::read_to_string(shipped).unwrap();
    let needle = "non_litigation_cause_words = [";
    assert!(text.contains(needle));
    wd.write(
        "rules/backlog.toml",
        text.replacen(needle, &format!("{needle}\"\", "), 1),
    );
    wd.write("cases.csv", format!("{HEADER}\n"));
    pipeline(&wd, "p", "2026-01-01", "cases.csv");
    let text = std::fs::read_to_string(wd.join("p.toml")).unwrap();
    wd.write(
        "p.toml",
        text.replace("[inputs]\n", "[inputs]\nrules = \"rules\"\n"),
    );
    let out = wd.run(&["run", "p.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("backlog.toml"), "{err}");
    assert!(err.contains("non_litigation_cause_words"), "{err}");
}

#[test]
fn a_case_number_cell_naming_more_cases_than_it_is_read_as_is_a_reject() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,承办人\n\
         （2024）浙0603执1号至1001号,2024-01-05,张三\n\
         （2024）浙0603执5号至3号,2024-01-05,张三\n\
         （2024）浙0603执6号、（2024）浙0603执99999999999999999999号,2024-01-05,张三\n\
         （2024）浙0603执7号（2024-05-01结）,2024-01-05,张三\n\
         （2024）浙0603执8号-已结,2024-01-05,张三\n",
    );
    let out = wd.run(&["ingest", "cases.csv", "--out", "run"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let rows: Vec<i64> = crate::util::ints(&rejects, "source_row")
        .into_iter()
        .zip(strs(&rejects, "field"))
        .filter(|(_, f)| f.as_deref() == Some("case_no"))
        .filter_map(|(r, _)| r)
        .collect();
    assert_eq!(rows, vec![2, 3, 4], "{rejects}");
    // A note after the number is still a note.
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let numbers = strs(&cases, "case_no");
    assert!(
        numbers.contains(&Some("（2024）浙0603执7号".into())),
        "{cases}"
    );
    assert!(
        numbers.contains(&Some("（2024）浙0603执8号".into())),
        "{cases}"
    );
}

#[test]
fn a_cell_past_excels_last_row_is_refused_at_once() {
    let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>案号</t></is></c>\
                <c r=\"B1\" t=\"inlineStr\"><is><t>立案日期</t></is></c></row>\
                <row r=\"4294967295\"><c r=\"A4294967295\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let xlsx = crate::crafted::rezip(
        &crate::util::one_case_xlsx(),
        &[(
            "xl/worksheets/sheet1.xml",
            &crate::crafted::sheet_xml("A1:B2", rows),
        )],
        0,
    );
    let wd = Workdir::new();
    wd.write("far.xlsx", xlsx);
    let out = wd.run(&["ingest", "far.xlsx", "--out", "run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("past Excel's last row"), "{err}");
}

#[test]
fn a_web_page_export_of_a_header_alone_reads_as_no_rows() {
    // A register with no entries in the period, exported as a web page named .xls: its
    // header in <th> cells and nothing under it. Read as 0 rows, like a header-only xlsx
    // or CSV, not refused as "not an Excel workbook".
    let wd = Workdir::new();
    wd.write(
        "extensions.xls",
        "<html><head><meta charset=\"utf-8\"></head><body><table border=1>\
         <tr><th>案号</th><th>延长期限</th><th>批准日期</th></tr></table></body></html>",
    );
    let out = wd.run(&["ingest", "extensions.xls", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = crate::util::manifest(&wd.join("run"));
    assert_eq!(m["files"][0]["format"], "html", "{m}");
    assert_eq!(m["files"][0]["sheets"][0]["rows_read"], 1, "{m}");
}

/// A web page named .xls without any table (the system's login page after the session
/// expired, or an empty list) is refused saying so, not as a format to open in Excel and
/// save as .xlsx, which would not help.
#[test]
fn a_web_page_without_a_table_is_refused_saying_it_has_no_table() {
    let wd = Workdir::new();
    wd.write(
        "cases.xls",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>登录</title></head>\
         <body><p>会话已超时，请重新登录</p></body></html>",
    );
    let out = wd.run(&["ingest", "cases.xls", "--out", "run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cases.xls") && err.contains("web page") && err.contains("no table"),
        "{err}"
    );
    assert!(!err.contains("save it as .xlsx"), "{err}");
}

/// A text file whose fields are split by a character caseflow does not split on (a
/// full-width comma) has its header read as one field: the refusal says so, instead of
/// listing the right header words as if they had been seen one by one.
#[test]
fn a_header_read_as_one_field_is_said_to_be_split_wrong() {
    let wd = Workdir::new();
    wd.write(
        "fw.csv",
        "案号，立案日期，被执行人\n（2024）浙0603执1号，2024-03-05，张三\n",
    );
    let out = wd.run(&["ingest", "fw.csv", "--out", "run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no header row found") && err.contains("read as one field"),
        "{err}"
    );
    assert!(err.contains("'，'"), "{err}");
    // A header of separate words that are not known is not said to be one field.
    wd.write("other.csv", "序号,名称,金额\n1,甲,100\n");
    let out = wd.run(&["ingest", "other.csv", "--out", "run2"]);
    let err = stderr(&out);
    assert!(
        err.contains("no header row found") && !err.contains("one field"),
        "{err}"
    );
}

/// h-forced-profile-no-header-blames-wrong-profile: a case list ingested with
/// `--profile petitions` was refused listing the case list's headers, which the file had.
/// The refusal names the forced profile, its own headers, and the profile the file fits.
#[test]
fn a_forced_profile_without_its_header_is_named_in_the_refusal() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案件编号,收案日期,被执行人\n（2024）浙0603执1号,2024-03-05,张三\n",
    );
    let out = wd.run(&[
        "ingest",
        "cases.csv",
        "--profile",
        "petitions",
        "--out",
        "run",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no header row of the profile petitions (chosen with --profile)"),
        "{err}"
    );
    assert!(err.contains("信访日期") && err.contains("信访人"), "{err}");
    assert!(err.contains("profile cases-standard"), "{err}");
    assert!(!err.contains("known headers include case_no"), "{err}");
}

#[test]
fn a_trend_from_a_typo_of_the_year_is_refused_or_warned_about() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        format!(
            "{HEADER}\n（2024）浙0603执1号,2024-01-13,张三,李四,王五,未结,,\n\
             （2025）浙0603执2号,2025-02-01,张三,李四,王五,未结,,\n"
        ),
    );
    // 1025 for 2025: refused before any data is read, like a future as-of date's typo.
    pipeline(&wd, "typo", "2026-02-28", "cases.csv");
    let toml = std::fs::read_to_string(wd.join("typo.toml")).unwrap();
    wd.write("typo.toml", toml.replace("2025-01-01", "1025-01-01"));
    let out = wd.run(&["run", "typo.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("trend.from = \"1025-01-01\" is in the year 1025") && err.contains("typo"),
        "{err}"
    );
    assert!(!wd.join("typo-out").exists());
    // Years before the earliest filing but plausible: built, with a warning on the terminal.
    pipeline(&wd, "early", "2026-02-28", "cases.csv");
    let toml = std::fs::read_to_string(wd.join("early.toml")).unwrap();
    wd.write("early.toml", toml.replace("2025-01-01", "2015-01-01"));
    let out = wd.run(&["run", "early.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: the trend starts at 2015-01-01, 9 years before"),
        "{err}"
    );
    // The trend command's --from likewise.
    let out = wd.run(&["trend", "early-out", "--from", "1025-01-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--from \"1025-01-01\" is in the year 1025"));
}

/// A reader that stops early (`caseflow … 2>&1 | head`) closes the pipe: the program ends
/// quietly, as `cat` does, never with a panic (exit 101) on its next print.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_program_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    let w = crate::util::Workdir::new();
    for (args, on_stderr) in [
        (vec!["ingest", "no-such-file.csv", "--out", "run"], true),
        (vec!["--help"], false),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        // Closed before the program writes a byte: its first print meets a closed pipe.
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_caseflow"));
        cmd.args(&args).current_dir(w.path());
        if on_stderr {
            cmd.stderr(writer).stdout(std::process::Stdio::null());
        } else {
            cmd.stdout(writer).stderr(std::process::Stdio::piped());
        }
        let out = cmd.output().unwrap();
        assert_ne!(out.status.code(), Some(101), "{args:?}: a panic");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Ended by the signal, or (a print that never failed) by its own exit code.
        assert!(
            out.status.signal() == Some(13) || matches!(out.status.code(), Some(0..=2)),
            "{args:?}: {:?}",
            out.status
        );
    }
}

/// u-copied-pipeline-rules-folder-msg: a pipeline file copied on its own, without the
/// rules, profiles and reference folders it names, was refused for the first of them
/// alone, with neither its line nor what to do. All three are named at once, each with
/// its line, with the two ways out (exit 2, nothing read).
#[test]
fn a_pipeline_copied_without_its_folders_names_each_with_its_line() {
    let wd = Workdir::new();
    wd.write(
        "我的 法院/我院.toml",
        "name = 'w'\noutput = 'out'\nas_of = '2026-02-28'\n[inputs]\nfiles = ['*.csv']\n\
         rules = \"rules\"\n# a note\nprofiles = \"profiles\"\nreference = \"reference\"\n",
    );
    wd.write(
        "我的 法院/a.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-03-01\n",
    );
    std::fs::create_dir_all(wd.join("我的 法院/profiles")).unwrap();
    let out = wd.run(&["run", "我的 法院/我院.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("line 6: inputs.rules = \"rules\"")
            && err.contains("line 9: inputs.reference = \"reference\"")
            && !err.contains("inputs.profiles")
            && err.contains("comment the lines out"),
        "{err}"
    );
    assert!(!wd.join("我的 法院/out/parquet").exists());
}

/// u-skip-dedup-double-counts: `caseflow classify` on a run that dedup has not made into
/// cases counted a case two exports list once per row (the backlog and its amounts
/// swollen, exit 0). Such a run is refused, naming a repeated 案号 and `caseflow dedup`;
/// after dedup, or with one row per case, it is classified.
#[test]
fn classify_refuses_source_rows_that_repeat_a_case() {
    let wd = Workdir::new();
    wd.write(
        "a.csv",
        "案号,立案日期,申请执行标的\n（2024）浙0603执1号,2024-03-01,50000\n\
         （2024）浙0603执2号,2024-03-02,30000\n",
    );
    wd.write(
        "b.csv",
        "案号,立案日期,申请执行标的\n（2024）浙0603执1号,2024-03-01,50000\n",
    );
    let out = wd.run(&["ingest", "a.csv", "b.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run", "--as-of", "2026-02-28"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("1 case number(s)") && err.contains("caseflow dedup RUN"),
        "{err}"
    );
    assert!(!wd.join("run/parquet/cases_classified.parquet").exists());
    let out = wd.run(&["dedup", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run", "--as-of", "2026-02-28"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    assert_eq!(cases.height(), 2);

    let out = wd.run(&["ingest", "a.csv", "--out", "one"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "one", "--as-of", "2026-02-28"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
