//! `caseflow sql` on the sample court: every saved query in `pipelines/queries/` runs and
//! answers; the README's example question gets its answer; a wrong query is exit code 2
//! with the engine's message and the columns, never a panic; results go to CSV (with BOM),
//! Parquet and xlsx; and `docs/schema.md` is what `--schema --format markdown` prints for a
//! fresh run, so the document cannot drift from the code.
//!
//! The sample is run once for this file (about 8 s in a debug build) into a folder under
//! cargo's test temp dir; folders left by earlier test runs are removed when older than an
//! hour (never one a concurrent run is using).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unicode_width::UnicodeWidthStr;

use crate::util::{project_root, read_parquet, stderr, stdout, strs, Workdir};

/// The sample court through `caseflow run`, once per test binary.
fn sample_run() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(&base).expect("test temp dir");
        remove_stale_runs(&base);
        let dir = tempfile::Builder::new()
            .prefix("caseflow-sql-it-")
            .tempdir_in(&base)
            .expect("temp run folder")
            .keep();
        let run = dir.join("run");
        let pipeline = project_root().join("pipelines/baseline-census.toml");
        let w = Workdir::new();
        let out = w.run(&[
            "run",
            pipeline.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        run
    })
}

fn remove_stale_runs(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old
            && e.file_name()
                .to_string_lossy()
                .starts_with("caseflow-sql-it-")
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn sql(args: &[&str]) -> std::process::Output {
    let run = sample_run().to_str().unwrap().to_string();
    let mut all: Vec<&str> = vec!["sql"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--from", &run]);
    Workdir::new().run(&all)
}

/// The names of the saved queries, from the files themselves.
fn saved_query_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project_root().join("pipelines/queries"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".sql"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_saved_query_runs_on_the_sample_and_answers() {
    let names = saved_query_names();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        let w = Workdir::new();
        let out = sql(&[
            "--query",
            name,
            "--output",
            w.join("r.parquet").to_str().unwrap(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "saved query {name}:\n{}",
            stderr(&out)
        );
        let df = read_parquet(&w.join("r.parquet"));
        assert!(
            df.height() > 0,
            "saved query {name} answers nothing on the sample run"
        );
    }
}

#[test]
fn the_readme_question_is_answered_by_one_command() {
    // "How many 终本 cases of 2023 involve a company debtor in this town?"
    let out = sql(&[
        "--query",
        "terminated-company-debtor-in-place",
        "--param",
        "year=2023",
        "--param",
        "place=柯桥",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("（2023）浙0603执164号"), "{text}");
    assert!(text.contains("柯桥区"), "{text}");
    assert!(!text.contains("（2024）"), "{text}");
    assert!(
        stderr(&out).contains("year=2023, place=柯桥"),
        "{}",
        stderr(&out)
    );
    // Another year and place are one --param away.
    let out = sql(&[
        "--query",
        "terminated-company-debtor-in-place",
        "--param",
        "year=2024",
        "--param",
        "place=绍兴",
        "--limit",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).lines().count() > 10, "{}", stdout(&out));
}

/// Red-team round 21: the saved query took due dates in (as_of, as_of + days] while the
/// census takes days_left 0 … days-1, so a case due on the census date was in neither the
/// backlog nor the query, and one due on day 30 only in the query.
#[test]
fn due_soon_query_selects_the_cases_the_census_calls_due_soon() {
    let due = read_parquet(&sample_run().join("parquet/census_due_soon.parquet"));
    let windows = crate::util::ints(&due, "window_days");
    let left = crate::util::ints(&due, "days_left");
    let cases = crate::util::strs(&due, "case_no");
    assert!(
        left.contains(&Some(0)),
        "the sample has a case due on the census date"
    );
    for days in [30i64, 60] {
        let w = Workdir::new();
        let out = sql(&[
            "--query",
            "due-soon-by-officer",
            "--param",
            &format!("days={days}"),
            "--output",
            w.join("r.parquet").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let df = read_parquet(&w.join("r.parquet"));
        let mut from_query: Vec<String> = crate::util::strs(&df, "case_nos")
            .into_iter()
            .flatten()
            .flat_map(|s| s.split('、').map(str::to_string).collect::<Vec<_>>())
            .collect();
        from_query.sort();
        let mut from_census: Vec<String> = cases
            .iter()
            .zip(&windows)
            .filter(|(_, w)| **w == Some(days))
            .filter_map(|(c, _)| c.clone())
            .collect();
        from_census.sort();
        assert!(!from_census.is_empty());
        assert_eq!(from_query, from_census, "days={days}");
    }
}

#[test]
fn an_ad_hoc_query_prints_an_aligned_table_and_says_what_it_left_out() {
    let out = sql(&[
        "SELECT officer, COUNT(*) AS backlog FROM cases_classified WHERE in_backlog \
         GROUP BY officer ORDER BY backlog DESC, officer",
        "--limit",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "header, rule, three rows:\n{text}");
    assert!(lines[0].starts_with("officer"), "{text}");
    assert!(lines[1].starts_with('─'), "{text}");
    // Names of two and three characters line up: the counts end in the same column.
    let ends: Vec<usize> = lines[2..]
        .iter()
        .map(|l| UnicodeWidthStr::width(l.trim_end()))
        .collect();
    assert!(ends.iter().all(|e| *e == ends[0]), "{text}");
    let err = stderr(&out);
    assert!(err.contains("not shown"), "{err}");
}

#[test]
fn a_wrong_query_is_exit_2_with_the_message_and_the_columns() {
    let out = sql(&["SELECT oficer FROM cases_classified"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("oficer"), "{err}");
    assert!(err.contains("Columns of cases_classified"), "{err}");
    assert!(err.contains("officer (str)"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");

    let out = sql(&["SELECT * FROM kases"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("kases"), "{err}");
    assert!(err.contains("cases_classified:"), "{err}");
    assert!(err.contains("census_summary:"), "{err}");

    for bad in ["SELEC 1", "SELECT year + 'a' FROM cases", ""] {
        let out = sql(&[bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn a_whole_number_parameter_is_read_as_a_user_writes_it_or_refused_by_name() {
    // i-sql-param-internal-error: `days=30天` reached the engine as INTERVAL '30天 days'
    // and ended in "internal error: called `Result::unwrap()`"; `year=2023年` in a parser
    // error at a line of the saved file.
    for (days, read) in [("30天", "days=30"), ("六十", "days=60")] {
        let out = sql(&[
            "--query",
            "due-soon-by-officer",
            "--param",
            &format!("days={days}"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{days}: {}", stderr(&out));
        assert!(stderr(&out).contains(read), "{days}: {}", stderr(&out));
    }
    let out = sql(&[
        "--query",
        "terminated-company-debtor-in-place",
        "--param",
        "year=2023年",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (query, param) in [
        ("due-soon-by-officer", "days=一个月"),
        ("due-soon-by-officer", "days=30周"),
        ("terminated-company-debtor-in-place", "year=前年"),
    ] {
        let out = sql(&["--query", query, "--param", param]);
        assert_eq!(out.status.code(), Some(2), "{param}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("--param {param}")), "{err}");
        assert!(err.contains("whole number"), "{err}");
        for engine in ["internal error", "unwrap", "Line:", "Columns of"] {
            assert!(!err.contains(engine), "{param}: {err}");
        }
    }
}

#[test]
fn chinese_labels_and_sheet_names_point_at_the_english_names() {
    // i-sql-chinese-column-suggests-seq: `SELECT 承办人 …` was told `Did you mean "seq"?`.
    let out = sql(&["SELECT 承办人, COUNT(*) FROM cases_classified GROUP BY 承办人"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Did you mean \"officer\"?"), "{err}");
    assert!(!err.contains("\"seq\""), "{err}");
    // A workbook sheet's name, and a table name one letter off.
    for (query, table) in [
        ("SELECT * FROM 收结存", "trend_flows"),
        ("SELECT * FROM cases_clasified", "cases_classified"),
    ] {
        let out = sql(&[query]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("Did you mean \"{table}\"?")),
            "{query}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn saved_queries_are_listed_and_an_unknown_name_is_a_usage_error() {
    let w = Workdir::new();
    let out = w.run(&["sql", "--query"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&out);
    for name in saved_query_names() {
        assert!(list.contains(&name), "{name} not listed:\n{list}");
    }
    assert!(list.contains("--param year=2023"), "{list}");

    let out = sql(&["--query", "no-such-query"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("due-soon-by-officer"),
        "{}",
        stderr(&out)
    );

    let out = sql(&["--query", "due-soon-by-officer", "--param", "town=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("days"), "{}", stderr(&out));

    // A statistician's own query file, run by path, with a parameter.
    let w = Workdir::new();
    let q = w.write(
        "my.sql",
        "-- 某承办人的积案\n-- Backlog of one officer\n-- @param who = 郭梅  承办人\n\
         SELECT case_no FROM cases_classified WHERE in_backlog AND officer = '{who}'",
    );
    let out = sql(&["--query", q.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("case_no"), "{}", stdout(&out));
}

#[test]
fn results_are_written_as_csv_with_bom_parquet_and_xlsx() {
    let w = Workdir::new();
    let q = "SELECT case_no, respondents, filed_on, claim_fen FROM cases_classified \
             WHERE in_backlog ORDER BY case_no";
    for ext in ["csv", "parquet", "xlsx"] {
        let p = w.join(&format!("out/r.{ext}"));
        let out = sql(&[q, "--output", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", stderr(&out));
        assert!(p.is_file(), "{ext}");
    }
    let csv = std::fs::read(w.join("out/r.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM");
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        csv.starts_with("case_no,respondents,filed_on,claim_fen\n"),
        "{csv}"
    );
    // A list of parties is one cell, joined as the workbook joins it.
    assert!(csv.lines().any(|l| l.contains('、')), "{csv}");
    let df = read_parquet(&w.join("out/r.parquet"));
    let all = read_parquet(&sample_run().join("parquet/cases_classified.parquet"));
    let backlog = all
        .column("in_backlog")
        .unwrap()
        .bool()
        .unwrap()
        .sum()
        .unwrap() as usize;
    assert_eq!(df.height(), backlog);
    assert!(backlog > 0);
    assert!(std::fs::read(w.join("out/r.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    // No temporary files are left beside the outputs.
    let left: Vec<_> = std::fs::read_dir(w.join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    let out = sql(&[q, "--output", w.join("r.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_lists_tables_columns_and_chinese_labels() {
    let out = sql(&["--schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("cases_classified (") && l.contains(" rows) — ")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("claim_fen") && l.contains("申请执行标的（分）")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("in_backlog") && l.contains("是否积案")),
        "{text}"
    );
}

#[test]
fn docs_schema_md_is_what_a_fresh_run_gives() {
    let out = sql(&["--schema", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fresh = stdout(&out);
    let doc_path = project_root().join("docs/schema.md");
    if std::env::var_os("CASEFLOW_UPDATE_DOCS").is_some() {
        std::fs::write(&doc_path, &fresh).unwrap();
    }
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
    if doc != fresh {
        let first = doc
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(doc.lines().count().min(fresh.lines().count()));
        panic!(
            "docs/schema.md is out of date (first difference at line {}):\n  doc:   {:?}\n  fresh: {:?}\n\
             Regenerate it with\n  CASEFLOW_UPDATE_DOCS=1 cargo test --test it sql::docs_schema_md\n\
             or\n  caseflow run pipelines/baseline-census.toml && caseflow sql --schema \
             --from out/baseline-census --output docs/schema.md",
            first + 1,
            doc.lines().nth(first).unwrap_or(""),
            fresh.lines().nth(first).unwrap_or("")
        );
    }
}

#[test]
fn saved_queries_count_no_case_below_zero_outstanding() {
    // 未执行到位金额 is never below zero per case (domain/metrics.md): a case recovered beyond
    // its claim (the doubled interest for late payment) must not take its surplus off the
    // debtor's other cases, in the saved queries as in the census.
    let w = Workdir::new();
    w.write(
        "cases.csv",
        "案号,立案日期,案由,承办人,案件状态,申请执行人,被执行人,申请执行标的（元）,执行到位金额（元）\n\
         （2024）浙0603执1号,2024-03-01,民间借贷纠纷,王五,未结,张三,李四,10000,15000\n\
         （2024）浙0603执2号,2024-04-01,民间借贷纠纷,王五,未结,张三丰,李四,20000,0\n\
         （2024）浙0603执3号,2024-05-01,民间借贷纠纷,赵六,未结,王大,钱二,30000,0\n\
         暂无,2024-05-02,买卖合同纠纷,赵六,未结,周八,钱二,40000,0\n",
    );
    w.write(
        "p.toml",
        "name = \"t\"\noutput = \"out\"\nas_of = \"2026-02-28\"\n[inputs]\nfiles = [\"cases.csv\"]\n",
    );
    let out = w.run(&["run", w.join("p.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = w.join("out");
    let query = |name: &str| {
        let file = w.join(&format!("{name}.parquet"));
        let out = w.run(&[
            "sql",
            "--query",
            name,
            "--from",
            run.to_str().unwrap(),
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        read_parquet(&file)
    };
    let overlap = query("category-overlap");
    let total: i64 = crate::util::ints(&overlap, "outstanding_fen")
        .into_iter()
        .flatten()
        .sum();
    // A backlog case without a readable 案号 counts, as in the census (案号无法解析).
    assert_eq!(total, 9_000_000, "0 + 20,000 + 30,000 + 40,000 元");
    let cases: i64 = crate::util::ints(&overlap, "backlog_cases")
        .into_iter()
        .flatten()
        .sum();
    assert_eq!(cases, 4);
    let debtors = query("debtors-with-several-backlog-cases");
    assert_eq!(
        strs(&debtors, "debtor"),
        [Some("钱二".to_string()), Some("李四".to_string())]
    );
    assert_eq!(
        crate::util::ints(&debtors, "outstanding_fen"),
        [Some(7_000_000), Some(2_000_000)]
    );
}

/// A run folder with one small cases_classified table: two cases, a party named as a
/// formula, two dates.
fn small_run(wd: &Workdir) -> PathBuf {
    use polars::prelude::*;
    let run = wd.join("run");
    std::fs::create_dir_all(run.join("parquet")).unwrap();
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut df = df! {
        "case_no" => ["（2024）浙0603执1号", "（2024）浙0603执2号"],
        "officer" => ["=HYPERLINK(\"http://example.invalid/x\",\"点击查看\")", "郭梅"],
        "filed_on" => [d(2026, 2, 18), d(2026, 1, 29)],
        "as_of" => [d(2026, 2, 28), d(2026, 2, 28)],
        "incoming" => [32i64, 32],
        "resolved" => [1i64, 1],
    }
    .unwrap();
    let f = std::fs::File::create(run.join("parquet/cases_classified.parquet")).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    run
}

#[test]
fn ad_hoc_results_are_safe_in_excel_and_never_replace_a_run_s_table() {
    // Red-team n-sql-csv-formula-not-neutralised, n-sql-date-difference-written-as-text,
    // n-sql-round-half-even and n-sql-output-overwrites-run-table.
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let out = wd.run(&[
        "sql",
        "SELECT officer, as_of - filed_on AS age_days, ROUND(100.0 * resolved / incoming, 2) AS cr, \
         ROUND(2.5) AS half FROM cases_classified ORDER BY case_no",
        "--from",
        r,
        "--output",
        "out.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("out.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("officer,age_days,cr,half"));
    assert_eq!(
        lines.next(),
        Some("\"'=HYPERLINK(\"\"http://example.invalid/x\"\",\"\"点击查看\"\")\",10,3.13,3.0")
    );
    assert_eq!(lines.next(), Some("郭梅,30,3.13,3.0"));
    // The xlsx has the days as a number; the terminal shows days too.
    let out = wd.run(&[
        "sql",
        "SELECT as_of - filed_on AS age_days FROM cases_classified ORDER BY case_no",
        "--from",
        r,
        "--output",
        "out.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(wd.join("out.xlsx")).unwrap();
    let sheet = book.worksheet_range("查询结果").unwrap();
    assert_eq!(sheet.get((1, 0)), Some(&calamine::Data::Float(10.0)));
    let out = wd.run(&[
        "sql",
        "SELECT AVG(as_of - filed_on) AS avg_age FROM cases_classified",
        "--from",
        r,
    ]);
    assert!(stdout(&out).contains("20"), "{}", stdout(&out));
    assert!(!stdout(&out).contains('d'), "{}", stdout(&out));
    // The run's own files are refused as --output, and stay as they were.
    let before = std::fs::read(run.join("parquet/cases_classified.parquet")).unwrap();
    for target in [
        run.join("parquet/cases_classified.parquet"),
        run.join("parquet/new_table.parquet"),
        run.join("parquet/../workbook.xlsx"),
    ] {
        let out = wd.run(&[
            "sql",
            "SELECT case_no FROM cases_classified LIMIT 1",
            "--from",
            r,
            "--output",
            target.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{target:?}");
        assert!(
            stderr(&out).contains("one of the run's own files"),
            "{}",
            stderr(&out)
        );
        assert!(!target.exists() || target.ends_with("cases_classified.parquet"));
    }
    assert_eq!(
        std::fs::read(run.join("parquet/cases_classified.parquet")).unwrap(),
        before
    );
    // Beside the run's files, a result of its own is written.
    let out = wd.run(&[
        "sql",
        "SELECT case_no FROM cases_classified",
        "--from",
        r,
        "--output",
        run.join("积案.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// a-sql-output-dotdot-overwrites-run: `--output newdir/../run/parquet/cases.parquet`
/// replaced the run's table with the query result (exit 0): `newdir` did not exist yet, so
/// the path was not resolved and not seen to be inside the run. Refused now, and the
/// folder is not made.
#[test]
fn an_output_through_a_new_folder_and_dotdot_into_the_run_is_refused() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    std::fs::write(run.join("workbook.xlsx"), "the run's workbook").unwrap();
    let before = std::fs::read(run.join("parquet/cases_classified.parquet")).unwrap();
    for (target, made) in [
        ("newdir/../run/parquet/cases_classified.parquet", "newdir"),
        ("newdir2/../run/workbook.xlsx", "newdir2"),
        ("a/b/../../run/./parquet/x.parquet", "a"),
    ] {
        let out = wd.run(&[
            "sql",
            "SELECT case_no FROM cases_classified LIMIT 1",
            "--from",
            "run",
            "--output",
            target,
        ]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("one of the run's own files"),
            "{}",
            stderr(&out)
        );
        assert!(
            !wd.join(made).exists(),
            "{made} made for a refused --output"
        );
    }
    assert_eq!(
        std::fs::read(run.join("parquet/cases_classified.parquet")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(run.join("workbook.xlsx")).unwrap(),
        "the run's workbook"
    );
    // A new folder whose `..` leads elsewhere is made and written.
    let out = wd.run(&[
        "sql",
        "SELECT case_no FROM cases_classified",
        "--from",
        "run",
        "--output",
        "newdir/../results/open.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(wd.join("results/open.csv").is_file());
}

#[test]
fn an_ad_hoc_placeholder_without_a_value_or_a_value_without_a_placeholder_is_refused() {
    // Red-team n-sql-unset-placeholder-silent: the query ran with the text '{who}'.
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let q = "SELECT COUNT(*) AS n FROM cases_classified WHERE officer = '{who}'";
    for params in [&[][..], &["--param", "woh=郭梅"][..]] {
        let mut args = vec!["sql", q, "--from", r];
        args.extend_from_slice(params);
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(2), "{params:?}");
        assert!(stderr(&out).contains("{who}"), "{}", stderr(&out));
    }
    let out = wd.run(&["sql", q, "--from", r, "--param", "who=郭梅"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains('1'), "{}", stdout(&out));
    // A brace in a string is no placeholder.
    let out = wd.run(&[
        "sql",
        "SELECT COUNT(*) AS n FROM cases_classified WHERE officer <> '{'",
        "--from",
        r,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// p-sql-min-max-same-column: `SELECT MIN(filed_on), MAX(filed_on)` was refused, both
/// columns named filed_on by polars, with a hint in polars' API (`.alias("new_name")`) and
/// the table's columns. Unnamed computed columns that would clash are named by their text,
/// as other SQL engines name them; a query that already runs keeps its names.
#[test]
fn two_aggregates_of_one_column_run_and_are_named_by_their_text() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let out = wd.run(&[
        "sql",
        "SELECT MIN(filed_on), MAX(filed_on), ROUND(MIN(resolved) * 1.0, 1), \
         ROUND(MAX(resolved) * 1.0, 1) FROM cases_classified",
        "--from",
        r,
        "--output",
        "range.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("range.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "MIN(filed_on),MAX(filed_on),\"ROUND(MIN(resolved) * 1.0, 1)\",\
             \"ROUND(MAX(resolved) * 1.0, 1)\""
        )
    );
    assert_eq!(lines.next(), Some("2026-01-29,2026-02-18,1.0,1.0"));
    // Grouped, with the keys written out: they are named too, and the groups kept.
    let out = wd.run(&[
        "sql",
        "SELECT officer, DATE_PART('year', filed_on), DATE_PART('month', filed_on), COUNT(*) \
         FROM cases_classified WHERE officer = '郭梅' \
         GROUP BY officer, DATE_PART('year', filed_on), DATE_PART('month', filed_on)",
        "--from",
        r,
        "--output",
        "months.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("months.csv")).unwrap();
    assert_eq!(
        text.trim_start_matches('\u{feff}').trim_end(),
        "officer,\"DATE_PART('year', filed_on)\",\"DATE_PART('month', filed_on)\",len\n\
         郭梅,2026,1,1"
    );
    // A query that runs keeps polars' name for its one computed column.
    let out = wd.run(&[
        "sql",
        "SELECT MAX(filed_on) FROM cases_classified",
        "--from",
        r,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("filed_on"), "{}", stdout(&out));
    // Keys alone that clash are refused in SQL's words, never with polars' `.alias()`.
    let out = wd.run(&[
        "sql",
        "SELECT COUNT(*) AS n FROM cases_classified \
         GROUP BY DATE_PART('year', filed_on), DATE_PART('month', filed_on)",
        "--from",
        r,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("GROUP BY") && err.contains(" AS "), "{err}");
    assert!(
        !err.contains(".alias") && !err.contains("Columns of"),
        "{err}"
    );
}

/// a-date-literal-invalid-day-silent: `DATE '2025-02-29'` (a day February 2025 does not
/// have) became NULL, so `closed_on BETWEEN DATE '…-02-01' AND DATE '…-02-29'` answered 0
/// closures with exit code 0. An impossible day or month in a date literal is refused,
/// naming the literal, wherever it stands (a comparison, an IN list, a TIMESTAMP).
#[test]
fn an_impossible_date_literal_is_refused_naming_it() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let q = |sql: &str| wd.run(&["sql", sql, "--from", r]);
    let out = q("SELECT COUNT(*) AS n FROM cases_classified \
         WHERE filed_on BETWEEN DATE '2026-02-01' AND DATE '2026-02-28'");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains('1'), "{}", stdout(&out));
    for (sql, said) in [
        (
            "SELECT COUNT(*) AS n FROM cases_classified \
             WHERE filed_on BETWEEN DATE '2026-02-01' AND DATE '2026-02-29'",
            "invalid DATE literal '2026-02-29': 2026-02 has 28 days",
        ),
        (
            "SELECT COUNT(*) AS n FROM cases_classified WHERE filed_on < DATE '2026-13-01'",
            "invalid DATE literal '2026-13-01': there is no month 13",
        ),
        (
            "SELECT COUNT(*) AS n FROM cases_classified \
             WHERE filed_on IN (DATE '2026-02-18', DATE '2026-04-31')",
            "invalid DATE literal '2026-04-31': 2026-04 has 30 days",
        ),
        (
            "SELECT TIMESTAMP '2026-02-30 08:00:00' AS t",
            "invalid TIMESTAMP literal '2026-02-30 08:00:00'",
        ),
    ] {
        let out = q(sql);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        assert!(stderr(&out).contains(said), "{sql}: {}", stderr(&out));
    }
    // 29 February of a leap year is a day.
    let out = q("SELECT COUNT(*) AS n FROM cases_classified WHERE filed_on < DATE '2024-02-29'");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// a-sql-date-literal-deprecation-noise: every `DATE '…'` literal printed polars'
/// "Deprecation: Casting from String to Date … Use `str.to_date()` instead" lines, advice
/// about polars' own API that no SQL can follow. A date literal, and a CAST of text to
/// DATE, run without them and give the right answer.
#[test]
fn a_date_literal_runs_without_the_engine_s_deprecation_notes() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    for sql in [
        "SELECT COUNT(*) AS n FROM cases_classified \
         WHERE filed_on BETWEEN DATE '2026-02-01' AND DATE '2026-02-28'",
        "SELECT COUNT(*) AS n FROM cases_classified WHERE filed_on >= CAST('2026-02-01' AS DATE)",
    ] {
        let out = wd.run(&["sql", sql, "--from", r]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        assert_eq!(stdout(&out).lines().nth(2), Some("1"), "{}", stdout(&out));
        let err = stderr(&out).to_lowercase();
        assert!(
            !err.contains("deprecat") && !err.contains("str.to_date"),
            "{sql}: {err}"
        );
    }
}

/// a-sql-round-half-away-inconsistent: ROUND(1.005, 2) gave 1.00 and a 结案率 of 201 out of
/// 20,000 (exactly 1.005 %) 1.00 %, while ROUND(2.675, 2) gave 2.68: halves are rounded away
/// from zero on the decimal form, as the report and Excel do (domain/metrics.md).
#[test]
fn round_rounds_decimal_halves_away_from_zero_as_the_report_does() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let out = wd.run(&[
        "sql",
        "SELECT ROUND(1.005, 2) AS a, ROUND(0.285, 2) AS b, ROUND(-1.025, 2) AS c, \
         ROUND(100.0 * 201 / 20000, 2) AS d, ROUND(2.675, 2) AS e, \
         ROUND(100.0 * resolved / incoming, 2) AS f, ROUND(resolved) AS g \
         FROM cases_classified ORDER BY case_no LIMIT 1",
        "--from",
        run.to_str().unwrap(),
        "--output",
        "r.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("r.csv")).unwrap();
    assert_eq!(
        text.trim_start_matches('\u{feff}'),
        "a,b,c,d,e,f,g\n1.01,0.29,-1.03,1.01,2.68,3.13,1.0\n"
    );
    // Text is refused, as the engine's own ROUND refuses it, not read as NULL.
    let out = wd.run(&[
        "sql",
        "SELECT ROUND(officer, 2) FROM cases_classified",
        "--from",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("ROUND takes a number"),
        "{}",
        stderr(&out)
    );
}

/// a-sql-division-by-zero-inf: a ratio over a zero denominator came out `inf` (0/0 `NaN`)
/// on the terminal and in the CSV, a text cell `INF` in the xlsx. It is undefined
/// (domain/metrics.md): empty in CSV, xlsx, the terminal and Markdown, null in Parquet.
#[test]
fn a_ratio_over_zero_is_empty_in_every_output_never_infinity() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let sql = "SELECT case_no, 100.0 * resolved / (incoming - 32) AS ratio, \
               0.0 * resolved / (incoming - 32) AS zero_over_zero, 100.0 * resolved / incoming AS ok \
               FROM cases_classified ORDER BY case_no";
    let out = wd.run(&["sql", sql, "--from", r, "--output", "r.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("r.csv")).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(first.ends_with(",,,3.125"), "{text}");
    let out = wd.run(&["sql", sql, "--from", r, "--output", "r.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(wd.join("r.xlsx")).unwrap();
    let sheet = book.worksheet_range("查询结果").unwrap();
    for col in [1, 2] {
        let cell = sheet.get((1, col));
        assert!(
            cell.is_none() || cell == Some(&calamine::Data::Empty),
            "{cell:?}"
        );
    }
    assert_eq!(sheet.get((1, 3)), Some(&calamine::Data::Float(3.125)));
    let out = wd.run(&["sql", sql, "--from", r, "--output", "r.parquet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use polars::prelude::{ParquetReader, SerReader};
    let df = ParquetReader::new(std::fs::File::open(wd.join("r.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(df.column("ratio").unwrap().null_count(), 2);
    assert_eq!(df.column("zero_over_zero").unwrap().null_count(), 2);
    for format in ["table", "markdown"] {
        let out = wd.run(&["sql", sql, "--from", r, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let shown = stdout(&out).to_lowercase();
        assert!(!shown.contains("inf") && !shown.contains("nan"), "{shown}");
    }
}

/// A run folder whose cases_classified has a closing date, empty for a pending case.
fn closing_run(wd: &Workdir) -> PathBuf {
    use polars::prelude::*;
    let run = wd.join("run");
    std::fs::create_dir_all(run.join("parquet")).unwrap();
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    let mut df = df! {
        "case_no" => ["（2025）浙0603执1号", "（2025）浙0603执2号", "（2025）浙0603执3号"],
        "filed_on" => [d(2025, 3, 3), d(2025, 6, 1), d(2024, 11, 5)],
        "closed_on" => [d(2026, 1, 15), None, d(2025, 12, 20)],
    }
    .unwrap();
    let f = std::fs::File::create(run.join("parquet/cases_classified.parquet")).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    run
}

/// The count a `SELECT COUNT(*) AS n …` query prints, or its exit code and message.
fn count_or_refusal(wd: &Workdir, run: &Path, sql: &str) -> std::result::Result<String, String> {
    let out = wd.run(&[
        "sql",
        sql,
        "--from",
        run.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    if out.status.code() == Some(0) {
        let n = stdout(&out)
            .lines()
            .last()
            .unwrap_or("")
            .replace(['|', ' '], "");
        Ok(n)
    } else {
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stderr(&out));
        Err(stderr(&out))
    }
}

/// a-sql-coalesce-date-text-compare-silent: `COALESCE(closed_on, '2099-12-31') >
/// '2026-1-1'` (still open on 1 January) became a text comparison, and every case closed
/// in January–February 2026 sorted before '2026-1-1': a wrong count with exit 0. The
/// quoted default is the date it spells; a quoted date that is not YYYY-MM-DD compared
/// with it is refused naming DATE '2026-01-01', through a WITH clause's name too.
#[test]
fn a_coalesce_of_a_date_and_a_quoted_date_is_compared_as_a_date() {
    let wd = Workdir::new();
    let run = closing_run(&wd);
    let open = "COALESCE(closed_on, '2099-12-31')";
    assert_eq!(
        count_or_refusal(
            &wd,
            &run,
            &format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {open} > '2026-01-01'")
        ),
        Ok("2".to_string())
    );
    for sql in [
        format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {open} > '2026-1-1'"),
        format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {open} > '2026/01/01'"),
        format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {open} > '2026年1月1日'"),
        "SELECT COUNT(*) AS n FROM cases_classified WHERE CASE WHEN closed_on IS NULL \
         THEN '2099-12-31' ELSE closed_on END > '2026-1-1'"
            .to_string(),
        format!(
            "WITH t AS (SELECT {open} AS c FROM cases_classified) \
             SELECT COUNT(*) AS n FROM t WHERE c > '2026-1-1'"
        ),
    ] {
        let refused = count_or_refusal(&wd, &run, &sql).expect_err(&sql);
        assert!(refused.contains("DATE '2026-01-01'"), "{sql}: {refused}");
    }
    assert_eq!(
        count_or_refusal(
            &wd,
            &run,
            &format!(
                "WITH t AS (SELECT {open} AS c FROM cases_classified) \
                 SELECT COUNT(*) AS n FROM t WHERE '2026-01-01' < c"
            )
        ),
        Ok("2".to_string())
    );
    // A default that is no date is text, as written.
    let out = wd.run(&[
        "sql",
        "SELECT COALESCE(CAST(closed_on AS VARCHAR), '未结') AS c FROM cases_classified \
         ORDER BY case_no",
        "--from",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("未结"), "{}", stdout(&out));
}

/// a-sql-quoted-date-left-or-expression: `'2025-01-01' <= filed_on`, or `'2026-01-01'`
/// compared with a COALESCE/CASE of dates, ended in the engine's bare "cannot compare
/// 'date/datetime/time' to a string value". The quoted date is read as the date, the same
/// answer as the column written first.
#[test]
fn a_quoted_date_on_the_left_or_against_a_date_expression_is_read_as_the_date() {
    let wd = Workdir::new();
    let run = closing_run(&wd);
    let same = [
        ("filed_on >= '2025-03-03'", "'2025-03-03' <= filed_on"),
        ("filed_on = '2025-03-03'", "'2025-03-03' = filed_on"),
        ("closed_on < '2026-01-01'", "'2026-01-01' > closed_on"),
        (
            "closed_on IS NULL OR closed_on > '2026-01-01'",
            "COALESCE(closed_on, DATE '2099-12-31') > '2026-01-01'",
        ),
        (
            "closed_on IS NULL OR closed_on > '2026-01-01'",
            "CASE WHEN closed_on IS NULL THEN DATE '2099-12-31' ELSE closed_on END > '2026-01-01'",
        ),
        (
            "closed_on IS NULL OR closed_on > '2026-01-01'",
            "COALESCE(closed_on, DATE '2099-12-31') BETWEEN '2026-01-02' AND '2099-12-31'",
        ),
    ];
    for (reference, other) in same {
        let q = |w: &str| format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {w}");
        let expected = count_or_refusal(&wd, &run, &q(reference)).unwrap();
        assert_eq!(
            count_or_refusal(&wd, &run, &q(other)),
            Ok(expected),
            "{other}"
        );
    }
    let refused = count_or_refusal(
        &wd,
        &run,
        "SELECT COUNT(*) AS n FROM cases_classified WHERE '2025-3-3' <= filed_on",
    )
    .unwrap_err();
    assert!(refused.contains("DATE '2025-03-03'"), "{refused}");
}

/// a-sql-string-date-literal-errors: a quoted date the engine cannot read, compared with a
/// date column ('2025-02-30', '2025/03/01', '2025-3-1', '2025年3月1日', '2025-01-01 '),
/// ended in the engine's "could not find an appropriate format to parse dates" or "cannot
/// compare 'date/datetime/time' to a string value", naming neither the text nor the form
/// that is read. The text is named, with the month's length or its ISO spelling.
#[test]
fn a_quoted_date_the_engine_cannot_read_is_named_with_the_form_to_write() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    for (lit, said) in [
        (
            "2026-02-30",
            "'2026-02-30' is not a date caseflow reads: 2026-02 has 28 days",
        ),
        (
            "2026/03/01",
            "'2026/03/01' is not a date caseflow reads: write it DATE '2026-03-01'",
        ),
        (
            "2026-3-1",
            "'2026-3-1' is not a date caseflow reads: write it DATE '2026-03-01'",
        ),
        (
            "2026年3月1日",
            "'2026年3月1日' is not a date caseflow reads: write it DATE '2026-03-01'",
        ),
        (
            "2026-03-01 ",
            "'2026-03-01 ' is not a date caseflow reads: write it DATE '2026-03-01'",
        ),
    ] {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM cases_classified WHERE officer <> '郭梅' AND filed_on < '{lit}'"
        );
        let out = wd.run(&["sql", &sql, "--from", r]);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{sql}: {err}");
        assert!(err.contains("DATE 'YYYY-MM-DD'"), "{err}");
        // Only the date is named, not the officer's name.
        assert!(!err.contains("'郭梅'"), "{err}");
    }
    // The ISO text is read as a date, as before.
    let out = wd.run(&[
        "sql",
        "SELECT COUNT(*) AS n FROM cases_classified WHERE filed_on < '2026-02-01'",
        "--from",
        r,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().nth(2), Some("1"), "{}", stdout(&out));
}

/// a-sql-date-in-list-raw-error: the same bad quoted date in an IN list, a NOT IN list or
/// a CAST(… AS DATE) ended with polars' "conversion from `str` to `date` failed in column ''
/// … setting `strict=False` … `str.strptime`", advice that cannot be written in this SQL,
/// and TRY_CAST('2026-02-29' AS DATE) answered as if the day were NULL. Each is named as in
/// a comparison, with the month's last day or the ISO spelling.
#[test]
fn a_bad_quoted_date_in_an_in_list_or_a_cast_is_named_as_in_a_comparison() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    for (condition, said) in [
        (
            "filed_on IN ('2026-02-29')",
            "'2026-02-29' is not a date caseflow reads: 2026-02 has 28 days (its last day is DATE '2026-02-28'",
        ),
        (
            "filed_on NOT IN ('2026/01/02', '2026-01-03')",
            "'2026/01/02' is not a date caseflow reads: write it DATE '2026-01-02'",
        ),
        (
            "filed_on < CAST('2026/03/01' AS DATE)",
            "'2026/03/01' is not a date caseflow reads: write it DATE '2026-03-01'",
        ),
        (
            "filed_on < CAST('2026-02-29' AS DATE)",
            "invalid DATE literal '2026-02-29': 2026-02 has 28 days (its last day is DATE '2026-02-28'",
        ),
        (
            "filed_on < TRY_CAST('2026-02-29' AS DATE)",
            "invalid DATE literal '2026-02-29': 2026-02 has 28 days",
        ),
        (
            "filed_on < '2026-04-31'::DATE",
            "invalid DATE literal '2026-04-31': 2026-04 has 30 days",
        ),
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {condition}");
        let out = wd.run(&["sql", &sql, "--from", r]);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{sql}: {err}");
        assert!(
            !err.contains("strict=False") && !err.contains("str.strptime"),
            "{sql}: {err}"
        );
    }
    // Good days in a list or a cast run as before.
    for condition in [
        "filed_on IN ('2026-02-01', '2026-02-02')",
        "filed_on < CAST('2026-02-01' AS DATE)",
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {condition}");
        let out = wd.run(&["sql", &sql, "--from", r]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
    }
}

/// a-sql-having-error-dumps-ast: HAVING without GROUP BY ended in hundreds of characters of
/// the parser's internal structures (`Some(BinaryOp { left: Function(… Span(Location(1,51)`).
/// The message is one of caseflow's, naming the condition as written and what to write.
#[test]
fn having_without_group_by_is_refused_in_words_not_a_syntax_tree() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let out = wd.run(&[
        "sql",
        "SELECT COUNT(*) AS n FROM cases_classified HAVING COUNT(*) > 1",
        "--from",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("HAVING needs GROUP BY") && err.contains("(HAVING COUNT(*) > 1)"),
        "{err}"
    );
    for dump in ["Span(", "Location(", "Ident {", "BinaryOp {", "Some("] {
        assert!(!err.contains(dump), "{err}");
    }
}

/// A run folder with a small cases_classified (officer, team, in_backlog: 郭梅 3 cases in
/// backlog and 1 not, 张三 2, 李四 1 in 执行二组) and trend_flows (one row per level and
/// officer: `officer` rows for 郭梅 and 张三, a `team` row for 郭梅's team).
fn grouped_run(wd: &Workdir) -> PathBuf {
    use polars::prelude::*;
    let run = wd.join("grouped");
    std::fs::create_dir_all(run.join("parquet")).unwrap();
    let mut cases = df! {
        "officer" => ["郭梅", "郭梅", "郭梅", "郭梅", "张三", "张三", "李四"],
        "team" => ["执行一组", "执行一组", "执行一组", "执行一组", "执行一组", "执行一组", "执行二组"],
        "in_backlog" => [true, true, true, false, true, true, true],
    }
    .unwrap();
    let mut trend = df! {
        "level" => ["officer", "officer", "team", "officer"],
        "officer" => ["郭梅", "张三", "郭梅", "郭梅"],
        "period" => ["2025-01", "2025-01", "2025-01", "2025-02"],
    }
    .unwrap();
    for (name, df) in [
        ("cases_classified", &mut cases),
        ("trend_flows", &mut trend),
    ] {
        let f = std::fs::File::create(run.join(format!("parquet/{name}.parquet"))).unwrap();
        ParquetWriter::new(f).finish(df).unwrap();
    }
    run
}

/// a-window-over-aggregate-wrong-total: a window over the groups of a GROUP BY query
/// (`SUM(COUNT(*)) OVER ()`, the denominator of a share of the backlog) was computed by the
/// engine within each group: every officer held "100%", a team's total came out as a list,
/// `LAG(COUNT(*))` as empty, all with exit 0. Such a query is refused (exit 2) with the
/// WITH form, and that form answers with the total across the groups.
#[test]
fn a_window_in_a_grouped_query_is_refused_with_the_with_form_that_answers() {
    let wd = Workdir::new();
    let run = grouped_run(&wd);
    let r = run.to_str().unwrap();
    for (sql, window) in [
        (
            "SELECT officer, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS tot, \
             ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 2) AS share \
             FROM cases_classified WHERE in_backlog GROUP BY officer ORDER BY n DESC",
            "(SUM(COUNT(*)) OVER ())",
        ),
        (
            "SELECT team, officer, COUNT(*) AS n, SUM(COUNT(*)) OVER (PARTITION BY team) AS t \
             FROM cases_classified GROUP BY team, officer",
            "(SUM(COUNT(*)) OVER (PARTITION BY team))",
        ),
        (
            "SELECT officer, COUNT(*) AS n, LAG(COUNT(*)) OVER (ORDER BY officer) AS prev \
             FROM cases_classified GROUP BY officer",
            "(LAG(COUNT(*)) OVER (ORDER BY officer))",
        ),
        // A window over a key or over nothing is computed within each group as well.
        (
            "SELECT team, COUNT(*) AS n, COUNT(*) OVER () AS teams FROM cases_classified GROUP BY team",
            "(COUNT(*) OVER ())",
        ),
        // Grouped without GROUP BY: one group of all rows.
        (
            "SELECT COUNT(*) AS n, LAG(COUNT(*)) OVER () AS prev FROM cases_classified",
            "(LAG(COUNT(*)) OVER ())",
        ),
    ] {
        let out = wd.run(&["sql", sql, "--from", r]);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("a window function in a query that groups") && err.contains(window),
            "{sql}: {err}"
        );
        assert!(err.contains("WITH g AS (SELECT officer, COUNT(*) AS n"), "{err}");
    }
    // The form the message shows answers: 郭梅 3 of the backlog of 6.
    let out = wd.run(&[
        "sql",
        "WITH g AS (SELECT officer, COUNT(*) AS n FROM cases_classified WHERE in_backlog \
         GROUP BY officer) SELECT officer, n, ROUND(100.0 * n / SUM(n) OVER (), 2) AS share \
         FROM g ORDER BY officer",
        "--from",
        r,
        "--output",
        wd.join("share.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(wd.join("share.csv")).unwrap();
    assert!(csv.contains("郭梅,3,50.0"), "{csv}");
    // A window over rows, not groups, and a grouped query without a window still run; so
    // does a window over a grouped subquery.
    for sql in [
        "SELECT officer, COUNT(*) OVER (PARTITION BY team) AS t FROM cases_classified",
        "SELECT team, COUNT(*) AS n FROM cases_classified GROUP BY team",
        "SELECT team, n, SUM(n) OVER () AS t FROM \
         (SELECT team, COUNT(*) AS n FROM cases_classified GROUP BY team) AS g",
    ] {
        let out = wd.run(&["sql", sql, "--from", r]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
    }
}

/// a-window-order-by-ties-running-total: `COUNT(*) OVER (ORDER BY month)` gave the rows of
/// one month 1, 2, 3, 4 in no set order, where SQL gives every row of the month the count
/// through it, with exit 0. A running total over rows that share the ORDER BY value is
/// refused with the forms that answer; over unique values, or with the ROWS frame written
/// out, it runs. AVG over an ORDER BY (the mean of the whole partition) is refused.
#[test]
fn a_running_total_over_tied_keys_is_refused_and_over_unique_keys_answered() {
    let wd = Workdir::new();
    let run = grouped_run(&wd);
    let r = run.to_str().unwrap();
    for (sql, says) in [
        (
            "SELECT officer, COUNT(*) OVER (ORDER BY officer) AS n FROM cases_classified",
            "rows share a value of officer",
        ),
        (
            "WITH b AS (SELECT * FROM cases_classified WHERE in_backlog) \
             SELECT team, officer, COUNT(*) OVER (PARTITION BY team ORDER BY officer) AS n \
             FROM b WHERE team = '执行一组'",
            "COUNT(*) OVER (PARTITION BY team ORDER BY officer ROWS BETWEEN UNBOUNDED \
             PRECEDING AND CURRENT ROW)",
        ),
        (
            "SELECT officer, AVG(1) OVER (ORDER BY officer) AS a FROM cases_classified",
            "over all rows of its partition",
        ),
    ] {
        let out = wd.run(&["sql", sql, "--from", r]);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(says), "{sql}: {err}");
    }
    let q = |sql: &str| {
        let csv = wd.join("running.csv");
        let out = wd.run(&["sql", sql, "--from", r, "--output", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        std::fs::read_to_string(&csv)
            .unwrap()
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
    };
    // One row per officer: the running total through each officer.
    assert_eq!(
        q(
            "WITH g AS (SELECT officer, COUNT(*) AS n FROM cases_classified GROUP BY officer) \
           SELECT officer, SUM(n) OVER (ORDER BY officer) AS cum, \
           COUNT(*) OVER (ORDER BY officer) AS k FROM g ORDER BY officer"
        ),
        "officer,cum,k\n张三,2,1\n李四,3,2\n郭梅,7,3\n"
    );
    // The row-by-row total asked for in so many words.
    let rows = q(
        "SELECT officer, COUNT(*) OVER (ORDER BY officer ROWS BETWEEN UNBOUNDED \
                  PRECEDING AND CURRENT ROW) AS n FROM cases_classified ORDER BY n",
    );
    assert!(rows.ends_with("郭梅,7\n"), "{rows}");
}

/// a-join-on-right-filter-column-not-found: a condition on the joined table inside JOIN …
/// ON (`LEFT JOIN trend_flows t ON c.officer = t.officer AND t.level = 'officer'`) was
/// refused with "unable to find column \"level\"", a column trend_flows has. It answers as
/// the table filtered in a WITH does, for a LEFT join (unmatched cases kept) and an INNER.
#[test]
fn a_condition_on_the_joined_table_in_on_answers_as_the_with_form() {
    let wd = Workdir::new();
    let run = grouped_run(&wd);
    let r = run.to_str().unwrap();
    let answer = |sql: &str| {
        let out = wd.run(&["sql", sql, "--from", r, "--format", "markdown"]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        stdout(&out)
    };
    for kind in ["LEFT JOIN", "JOIN", "INNER JOIN"] {
        let on = answer(&format!(
            "SELECT c.officer, COUNT(*) AS n, COUNT(t.period) AS m FROM cases_classified c \
             {kind} trend_flows t ON c.officer = t.officer AND t.level = 'officer' \
             GROUP BY c.officer ORDER BY c.officer"
        ));
        let with = answer(&format!(
            "WITH t AS (SELECT * FROM trend_flows WHERE level = 'officer') \
             SELECT c.officer, COUNT(*) AS n, COUNT(t.period) AS m FROM cases_classified c \
             {kind} t ON c.officer = t.officer GROUP BY c.officer ORDER BY c.officer"
        ));
        assert_eq!(on, with, "{kind}");
        // 郭梅's 4 cases each meet her 2 officer rows, not her team row.
        assert!(on.contains("| 郭梅 | 8 | 8 |"), "{kind}: {on}");
    }
    // The LEFT join keeps 李四, who has no officer row.
    let left = answer(
        "SELECT c.officer, COUNT(t.period) AS m FROM cases_classified c LEFT JOIN trend_flows t \
         ON c.officer = t.officer AND t.level = 'officer' GROUP BY c.officer ORDER BY c.officer",
    );
    assert!(left.contains("| 李四 | 0 |"), "{left}");
}

/// a-count-subtraction-wraps: the engine counts in an unsigned 32-bit integer, so a count
/// minus a larger number (`COUNT(*) - 10`, a gap to a target, a month-on-month change
/// `n - LAG(n)`) came out as 4294967xxx, and MIN of such gaps as 0. Counts are signed:
/// the differences are negative, and a count without AS keeps its name (`len`).
#[test]
fn a_count_minus_a_larger_number_is_negative() {
    let wd = Workdir::new();
    let run = grouped_run(&wd);
    let r = run.to_str().unwrap();
    let csv = wd.join("o.csv");
    let q = |sql: &str| -> String {
        let out = wd.run(&["sql", sql, "--from", r, "--output", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        std::fs::read_to_string(&csv)
            .unwrap()
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
    };
    for (sql, want) in [
        ("SELECT COUNT(*) - 10 AS d FROM cases_classified", "d\n-3\n"),
        ("SELECT -COUNT(*) AS d FROM cases_classified", "d\n-7\n"),
        (
            "SELECT COUNT(*) - COUNT(DISTINCT officer) * 3 AS d FROM cases_classified",
            "d\n-2\n",
        ),
        (
            "WITH m AS (SELECT officer, COUNT(*) AS n FROM cases_classified GROUP BY officer) \
             SELECT MIN(n - 2) AS d FROM m",
            "d\n-1\n",
        ),
        (
            "WITH m AS (SELECT officer, COUNT(*) AS n FROM cases_classified GROUP BY officer) \
             SELECT officer, n - LAG(n) OVER (ORDER BY officer) AS d FROM m ORDER BY officer",
            "officer,d\n张三,\n李四,-1\n郭梅,3\n",
        ),
        // A count without AS keeps the name it had.
        (
            "SELECT COUNT(*), COUNT(officer) FROM cases_classified",
            "len,officer\n7,7\n",
        ),
    ] {
        assert_eq!(q(sql), want, "{sql}");
    }
}

/// a-sum-of-constant-is-one: the engine summed a constant once, not once per row, so
/// `SUM(1) AS 件数` was 1 for the table, for every group and over every window, and
/// `SUM(0.5)` 0.5. A sum of a constant is the count of rows times the constant, as in
/// every SQL; over no rows it is empty (NULL), as a SUM is.
#[test]
fn a_sum_of_a_constant_counts_the_rows() {
    let wd = Workdir::new();
    let run = grouped_run(&wd);
    let r = run.to_str().unwrap();
    let csv = wd.join("o.csv");
    let q = |sql: &str| -> String {
        let out = wd.run(&["sql", sql, "--from", r, "--output", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        std::fs::read_to_string(&csv)
            .unwrap()
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
    };
    for (sql, want) in [
        (
            "SELECT SUM(1) AS n, 2 * SUM(0.5) AS h, SUM(-1) AS m FROM cases_classified",
            "n,h,m\n7,7.0,-7\n",
        ),
        (
            "SELECT officer, SUM(1) AS n FROM cases_classified GROUP BY officer ORDER BY n",
            "officer,n\n李四,1\n张三,2\n郭梅,4\n",
        ),
        (
            "SELECT DISTINCT officer, SUM(1) OVER (PARTITION BY officer) AS n \
             FROM cases_classified ORDER BY n",
            "officer,n\n李四,1\n张三,2\n郭梅,4\n",
        ),
        (
            "SELECT SUM(1) FILTER (WHERE in_backlog) AS n FROM cases_classified",
            "n\n6\n",
        ),
        (
            "SELECT SUM(1) AS n FROM cases_classified WHERE officer = '王五'",
            "n\n\n",
        ),
    ] {
        assert_eq!(q(sql), want, "{sql}");
    }
}

/// a-duration-compared-with-bare-number, a-duration-cast-gives-microseconds: the engine
/// holds a date minus a date in microseconds, so `as_of - filed_on <= 10` counted no case
/// (10 µs), `> 20` every case, and CAST(… AS BIGINT) gave 86 400 000 000 times the days,
/// while caseflow shows the difference as days. Compared with a number, cast to one or
/// rounded, the difference is its days, in a WITH column too; INTERVAL still works.
#[test]
fn a_difference_of_dates_is_compared_and_cast_in_days() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    let csv = wd.join("o.csv");
    let q = |sql: &str| -> String {
        let out = wd.run(&["sql", sql, "--from", r, "--output", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        std::fs::read_to_string(&csv)
            .unwrap()
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
    };
    // The ages are 10 and 30 days.
    for (condition, n) in [
        ("as_of - filed_on <= 10", 1),
        ("as_of - filed_on > 20", 1),
        ("as_of - filed_on > 365", 0),
        ("30 = as_of - filed_on", 1),
        ("as_of - filed_on BETWEEN 5 AND 30", 2),
        ("as_of - filed_on IN (10, 11)", 1),
        ("as_of - filed_on <= INTERVAL '10 days'", 1),
        ("CASE WHEN as_of - filed_on > 20 THEN 1 ELSE 0 END = 1", 1),
        ("incoming > 31", 2),
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM cases_classified WHERE {condition}");
        assert_eq!(q(&sql), format!("n\n{n}\n"), "{sql}");
    }
    for (sql, want) in [
        (
            "WITH t AS (SELECT as_of - filed_on AS d FROM cases_classified) \
             SELECT COUNT(*) AS n FROM t WHERE d >= 30",
            "n\n1\n",
        ),
        (
            "SELECT CAST(as_of - filed_on AS BIGINT) AS a, CAST(as_of - filed_on AS INTEGER) \
             AS b, CAST(as_of - filed_on AS DOUBLE) AS c FROM cases_classified ORDER BY case_no",
            "a,b,c\n10,10,10.0\n30,30,30.0\n",
        ),
        (
            "SELECT ROUND(AVG(as_of - filed_on), 1) AS a FROM cases_classified",
            "a\n20.0\n",
        ),
        (
            "SELECT as_of - filed_on AS d FROM cases_classified ORDER BY case_no",
            "d\n10\n30\n",
        ),
    ] {
        assert_eq!(q(sql), want, "{sql}");
    }
}

/// a-date-vs-number-silent: a date column compared with a bare number (`filed_on >
/// 20260201`, `filed_on > 2026-02-01` unquoted, which is the subtraction 2023) ran, the
/// engine comparing the date's days since 1970 with the number: 0 cases or every case,
/// exit code 0. It is refused naming the column and the number, with the DATE 'YYYY-MM-DD'
/// to write; a whole-number column compared with a number runs as before.
#[test]
fn a_date_compared_with_a_bare_number_is_refused_with_the_form_to_write() {
    let wd = Workdir::new();
    let run = small_run(&wd);
    let r = run.to_str().unwrap();
    for (condition, said) in [
        (
            "filed_on > 20260201",
            "filed_on is a date, compared here with the number 20260201",
        ),
        ("filed_on > 20260201", "write DATE '2026-02-01'"),
        (
            "filed_on > 2026-02-01",
            "the number 2026 - 02 - 01 (a date without quotes is a subtraction)",
        ),
        ("filed_on > 2026-02-01", "write DATE '2026-02-01'"),
        (
            "filed_on >= 2026",
            "write filed_on >= DATE '2026-01-01' AND filed_on < DATE '2027-01-01'",
        ),
        (
            "c.as_of BETWEEN DATE '2026-02-01' AND 20260229",
            "as_of is a date, compared here with the number 20260229: the engine would compare \
             the date's count of days since 1970-01-01 with it, so no row or every row would \
             match; 2026-02 has 28 days",
        ),
        ("20260218 = filed_on", "write DATE '2026-02-18'"),
        (
            "filed_on IN (20260218, 20260129)",
            "write DATE '2026-02-18'",
        ),
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM cases_classified c WHERE {condition}");
        let out = wd.run(&["sql", &sql, "--from", r]);
        assert_eq!(out.status.code(), Some(2), "{sql}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{sql}: {err}");
        assert!(err.contains("DATE 'YYYY-MM-DD'"), "{sql}: {err}");
    }
    // Numbers compared with numbers, and a name a WITH clause gives a number, run.
    for (sql, n) in [
        (
            "SELECT COUNT(*) AS n FROM cases_classified WHERE incoming > 2026 - 1995",
            "2",
        ),
        (
            "SELECT COUNT(*) AS n FROM cases_classified WHERE DATE_PART('year', filed_on) = 2026",
            "2",
        ),
        (
            "WITH m AS (SELECT DATE_PART('month', filed_on) AS filed_on FROM cases_classified) \
             SELECT COUNT(*) AS n FROM m WHERE filed_on = 2",
            "1",
        ),
    ] {
        let out = wd.run(&["sql", sql, "--from", r]);
        assert_eq!(out.status.code(), Some(0), "{sql}: {}", stderr(&out));
        assert_eq!(
            stdout(&out).lines().nth(2),
            Some(n),
            "{sql}: {}",
            stdout(&out)
        );
    }
}
