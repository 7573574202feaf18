//! Exports of other vendors' case-management systems (red-team round 36): their wordings
//! of the money columns, closures in the past tense, sheets named with a count, footers
//! spread over cells and dates as Java prints them.

use crate::util::{ints, manifest, read_parquet, stderr, strs, Workdir};

/// ingest, dedup, classify at `as_of`, census, report; the run folder.
fn pipeline_with_report(wd: &Workdir, input: &str, as_of: &str) -> std::path::PathBuf {
    for args in [
        vec!["ingest", input, "--out", "run"],
        vec!["dedup", "run"],
        vec!["classify", "run", "--as-of", as_of],
        vec!["census", "run", "--no-workbook"],
        vec!["report", "run"],
    ] {
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    wd.join("run")
}

/// x-unmapped-recovered-header: 执行到位额 is the recovered amount.
#[test]
fn a_recovered_amount_headed_other_ways_is_read() {
    let wd = Workdir::new();
    wd.write(
        "c.csv",
        "案号,立案日期,案件状态,立案标的额,执行到位额,报结日期,承办审判员,承办部门名称\n\
         （2025）浙0102执100号,2025-03-05,已结,10000,4000,2025-08-01,王五,执行一庭\n",
    );
    let out = wd.run(&["ingest", "c.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(ints(&cases, "claim_fen"), vec![Some(1_000_000)]);
    assert_eq!(ints(&cases, "recovered_fen"), vec![Some(400_000)]);
    assert_eq!(strs(&cases, "officer"), vec![Some("王五".into())]);
    assert_eq!(strs(&cases, "team"), vec![Some("执行一庭".into())]);
    let closed = cases
        .column("closed_on")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    assert_eq!(closed.get(0).unwrap().to_string(), "\"2025-08-01\"");
}

/// A case list with a claim and no recovered amount: 未执行到位金额 is the whole claim, which
/// the statistician is told on the terminal, in the manifest and in the report.
#[test]
fn a_claim_without_a_recovered_column_is_warned_about() {
    let wd = Workdir::new();
    wd.write(
        "c.csv",
        "案号,立案日期,案件状态,执行标的额,已履行金额\n\
         （2025）浙0102执100号,2025-03-05,在办,10000,6000\n",
    );
    let run = pipeline_with_report(&wd, "c.csv", "2026-02-28");
    let m = manifest(&run);
    let warnings = &m["files"][0]["sheets"][0]["warnings"];
    let w = warnings[0].as_str().unwrap_or_else(|| panic!("{m}"));
    assert!(
        w.starts_with("a claim column but no recovered-amount column (执行标的额)"),
        "{w}"
    );
    assert!(
        w.ends_with("已履行金额"),
        "the unmapped column is named: {w}"
    );
    let cases = read_parquet(&run.join("parquet/cases.parquet"));
    assert_eq!(ints(&cases, "recovered_fen"), vec![None]);

    let out = wd.run(&["ingest", "c.csv", "--out", "again"]);
    assert!(
        stderr(&out).contains("warning: c.csv: a claim column but no recovered-amount column"),
        "{}",
        stderr(&out)
    );
    let report = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        report.contains("有申请执行标的列（执行标的额）而无执行到位金额列"),
        "the report's data quality section says so"
    );

    // With both columns, no warning.
    wd.write(
        "d.csv",
        "案号,立案日期,案件状态,执行标的额,执行到位金额\n\
         （2025）浙0102执100号,2025-03-05,在办,10000,4000\n",
    );
    let out = wd.run(&["ingest", "d.csv", "--out", "both"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(manifest(&wd.join("both"))["files"][0]["sheets"][0]
        .get("warnings")
        .is_none());
}

/// x-outstanding-column-ignored: an export that gives the claim and the amount still
/// outstanding (执行标的 | 未执行到位金额), not the amount recovered: the recovered amount is
/// the claim less the outstanding, so the census's 未执行到位金额 is the export's and a case
/// closed with nothing outstanding is fully recovered; no warning of a missing recovered
/// column (whose advice, to add 未执行到位金额 to recovered_fen, would invert the figures).
/// Where the two cannot give the recovered amount, or disagree with a recovered column,
/// the rejects say so.
#[test]
fn an_outstanding_column_gives_the_recovered_amount() {
    let wd = Workdir::new();
    wd.write(
        "o.csv",
        "案号,立案日期,案件状态,结案日期,执行标的金额(万元),未执行到位金额(万元)\n\
         （2024）浙0603执401号,2024-01-10,未结,,100,20\n\
         （2024）浙0603执402号,2024-02-10,未结,,50,50\n\
         （2025）浙0603执403号,2025-03-10,执行完毕,2025-06-10,10,0\n",
    );
    let run = pipeline_with_report(&wd, "o.csv", "2026-02-28");
    let m = manifest(&run);
    assert!(m["files"][0]["sheets"][0].get("warnings").is_none(), "{m}");
    let cases = read_parquet(&run.join("parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "recovered_fen"),
        vec![Some(80_000_000), Some(0), Some(10_000_000)]
    );
    assert!(
        cases.column("outstanding_fen").is_err(),
        "no column of its own"
    );
    let summary = read_parquet(&run.join("parquet/census_summary.parquet"));
    let all = strs(&summary, "level")
        .iter()
        .position(|l| l.as_deref() == Some("all"))
        .unwrap();
    assert_eq!(ints(&summary, "outstanding_fen")[all], Some(70_000_000));
    assert_eq!(
        ints(&summary, "backlog_outstanding_fen")[all],
        Some(70_000_000)
    );

    // More outstanding than claimed, no claim, or a recovered column that disagrees.
    wd.write(
        "p.csv",
        "案号,立案日期,执行标的,执行到位金额,未到位金额\n\
         （2024）浙0603执1号,2024-01-10,100,,120\n\
         （2024）浙0603执2号,2024-01-10,,,50\n\
         （2024）浙0603执3号,2024-01-10,100,30,60\n\
         （2024）浙0603执4号,2024-01-10,100,30,70\n\
         （2024）浙0603执5号,2024-01-10,100,,\n\
         （2024）浙0603执6号,2024-01-10,,,0\n",
    );
    let out = wd.run(&["ingest", "p.csv", "--out", "p"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("p/parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "recovered_fen"),
        vec![None, None, Some(3_000), Some(3_000), None, None]
    );
    let rejects = std::fs::read_to_string(wd.join("p/rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects
        .lines()
        .filter(|l| l.contains("outstanding_fen"))
        .collect();
    assert_eq!(lines.len(), 3, "{rejects}");
    assert!(lines[0].contains("more than the 申请执行标的"), "{rejects}");
    assert!(lines[1].contains("without a 申请执行标的"), "{rejects}");
    assert!(lines[2].contains("do not add up"), "{rejects}");
}

/// x-department-sheet-name-with-count: 执行一庭(2件) and 执行二庭（未结） are the teams
/// 执行一庭 and 执行二庭; a state in the note (已结) closes the sheet's cases as a sheet named
/// 已结案件 does when the list has no status.
#[test]
fn a_department_sheet_with_a_note_after_its_name_gives_the_team() {
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (i, sheet) in ["执行一庭(2件)", "执行二庭（未结）", "执行三庭（已结）"]
        .into_iter()
        .enumerate()
    {
        let ws = wb.add_worksheet().set_name(sheet).unwrap();
        for (c, h) in ["案号", "立案日期", "承办人"].into_iter().enumerate() {
            ws.write(0, c as u16, h).unwrap();
        }
        ws.write(1, 0, format!("（2025）浙0102执10{i}号")).unwrap();
        ws.write(1, 1, "2025-03-05").unwrap();
        ws.write(1, 2, "王五").unwrap();
    }
    wd.write("a.xlsx", wb.save_to_buffer().unwrap());
    let out = wd.run(&["ingest", "a.xlsx", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        strs(&cases, "team"),
        vec![
            Some("执行一庭".into()),
            Some("执行二庭".into()),
            Some("执行三庭".into())
        ]
    );
    assert_eq!(
        strs(&cases, "status"),
        vec![
            Some("pending".into()),
            Some("pending".into()),
            Some("closed".into())
        ]
    );
}

/// x-footer-operator-row-read-as-case: who ran the export, spread over cells under the
/// table, is a footer like 打印人：…, and its date is the export date.
#[test]
fn an_operators_footer_is_skipped_and_dates_the_export() {
    let wd = Workdir::new();
    for (i, footer) in [
        "操作员：admin,,打印时间：2026-02-28 17:00",
        "导出人：张三,导出时间：2026-02-27,",
        "导出用户：zhangsan,,查询时间：2026年2月26日",
        "查询人：李四,,",
        "导出单位：某某县人民法院,,",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("f{i}.csv");
        wd.write(
            &name,
            format!("案号,立案日期,案件状态\n（2025）浙0102执100号,2025-03-05,在办\n{footer}\n"),
        );
        let run = format!("run{i}");
        let out = wd.run(&["ingest", &name, "--out", &run]);
        assert_eq!(out.status.code(), Some(0), "{footer}: {}", stderr(&out));
        let cases = read_parquet(&wd.join(&run).join("parquet/cases.parquet"));
        assert_eq!(cases.height(), 1, "{footer}: {cases}");
        let sheet = &manifest(&wd.join(&run))["files"][0]["sheets"][0];
        assert_eq!(sheet["rows_rejected"], 0, "{footer}: {sheet}");
        let skipped: u64 = sheet["skipped"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.starts_with("footer"))
            .map(|(_, v)| v.as_u64().unwrap())
            .sum();
        assert_eq!(skipped, 1, "{footer}: {sheet}");
        let expected = ["2026-02-28", "2026-02-27", "2026-02-26"].get(i);
        assert_eq!(
            sheet["exported_on"].as_str(),
            expected.copied(),
            "{footer}: {sheet}"
        );
    }
}

/// x-java-date-tostring-rejected: dates as a Java-based case system prints them.
#[test]
fn dates_printed_by_java_systems_are_read() {
    let wd = Workdir::new();
    wd.write(
        "c.csv",
        "案号,立案日期,结案日期,案件状态\n\
         （2024）浙0102执100号,Tue Mar 05 14:22:10 CST 2024,Wed Jun 05 09:00:00 CST 2024,已结\n\
         （2024）浙0102执101号,2024-03-05 14:22:10 CST,,在办\n\
         （2024）浙0102执102号,05-Mar-2024,2024年06月05日14:22,已结\n",
    );
    let out = wd.run(&["ingest", "c.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        manifest(&wd.join("run"))["rejects"]["field_rejects"],
        0,
        "{}",
        stderr(&out)
    );
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let shown = |name: &str| -> Vec<String> {
        let c = cases
            .column(name)
            .unwrap()
            .cast(&polars::prelude::DataType::String)
            .unwrap();
        (0..c.len())
            .map(|i| c.get(i).unwrap().to_string())
            .collect()
    };
    assert_eq!(shown("filed_on"), vec!["\"2024-03-05\""; 3]);
    assert_eq!(
        shown("closed_on"),
        vec!["\"2024-06-05\"", "null", "\"2024-06-05\""]
    );
}
