//! Values as court systems and clerks write them in one field (red-team round 29's sweep):
//! a note that completes or denies a wording, two states in one cell, an officer not yet
//! assigned, a helper or a department beside an officer, notes after party names, counts
//! with their unit. Read as meant, or a reject that says why: never silently something else.

use crate::util::{ints, lists, read_parquet, stderr, strs, Workdir};

#[test]
fn statuses_closures_officers_parties_and_counts_are_read_as_meant() {
    let wd = Workdir::new();
    wd.write(
        "v.csv",
        "案号,立案日期,结案日期,结案方式,案件状态,承办人,被执行人,信访次数\n\
         （2024）浙0603执1号,2024-01-10,2025-03-01,和解（长期履行）,已结,王五,张三,3次\n\
         （2024）浙0603执2号,2024-01-10,2025-03-01,执行和解（履行中）,已结,王五【执行局】,张三（保证人）、李四（借款人）,\n\
         （2024）浙0603执3号,2024-01-10,,,执行完毕（部分）,王五 法官助理：赵六,张三|李四,共3次\n\
         （2024）浙0603执4号,2024-01-10,,,执行完毕/终本,未分配,张三（失踪）,3（含重复）\n\
         （2024）浙0603执5号,2024-01-10,,,中止/终本,王五_执行一庭,李四,三次\n\
         （2024）浙0603执6号,2024-01-10,2025-03-01,执行完毕,执行完毕，,王五（员额）,李四,\n",
    );
    let out = wd.run(&["ingest", "v.csv", "--out", "run"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let method = strs(&cases, "closure_method");
    // 和解（长期履行） is 和解长期履行: 终本, not the 执行完毕 of a bare 和解.
    assert_eq!(method[0].as_deref(), Some("终本"));
    // A settlement still being paid is no completion.
    assert_eq!(method[1], None);
    assert_eq!(method[5].as_deref(), Some("执行完毕"));
    let status = strs(&cases, "status");
    // 执行完毕（部分）, 执行完毕/终本, 中止/终本: not closed on one of two readings.
    for (i, s) in status.iter().enumerate().take(5).skip(2) {
        assert_ne!(s.as_deref(), Some("closed"), "row {}", i + 2);
    }
    assert_eq!(status[5].as_deref(), Some("closed"));
    let officer = strs(&cases, "officer");
    assert_eq!(
        officer,
        vec![
            Some("王五".into()),
            Some("王五".into()),
            Some("王五".into()),
            None,
            Some("王五".into()),
            Some("王五".into()),
        ]
    );
    let respondents = lists(&cases, "respondents");
    assert_eq!(respondents[1], ["张三", "李四"]);
    assert_eq!(respondents[2], ["张三", "李四"]);
    assert_eq!(respondents[3], ["张三"]);
    assert_eq!(
        ints(&cases, "stated_petitions"),
        vec![Some(3), None, Some(3), Some(3), Some(3), None]
    );
    // Each state a cell could not be read as is a reject, and so is the settlement.
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let rows: Vec<(Option<i64>, Option<String>)> = ints(&rejects, "source_row")
        .into_iter()
        .zip(strs(&rejects, "field"))
        .collect();
    for (row, field) in [
        (3, "closure_method"),
        (4, "status"),
        (5, "status"),
        (6, "status"),
    ] {
        assert!(
            rows.contains(&(Some(row), Some(field.to_string()))),
            "row {row} {field}: {rejects}"
        );
    }
}

#[test]
fn identity_numbers_and_dates_as_exports_wrap_them() {
    let wd = Workdir::new();
    wd.write(
        "w.csv",
        "案号,立案日期,结案日期,被执行人,被执行人证件号码\n\
         （2024）浙0603执1号,2024-01-10,2024-03-05（补录）,张三、李四,330603198001011233330603198502022344\n\
         （2024）浙0603执2号,2024-01-10,2024—03—05,张三,No.330603198001011233\n\
         （2024）浙0603执3号,2024-01-10,2024-03-05.,张三,330603-19800101-1233\n\
         （2024）浙0603执4号,2024-01-10,2024-03-05,某某有限公司,91330603MA2BC12349号\n\
         （2024）浙0603执5号,2024-01-10,2024-03-05（周一）,张三,3306031980010112\n",
    );
    let out = wd.run(&["ingest", "w.csv", "--out", "run"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let ids = lists(&cases, "respondent_ids");
    assert_eq!(ids[0], ["330603198001011233", "330603198502022344"]);
    assert_eq!(ids[1], ["330603198001011233"]);
    assert_eq!(ids[2], ["330603198001011233"]);
    assert_eq!(ids[3], ["91330603MA2BC12349"]);
    assert!(ids[4].is_empty(), "{:?}", ids[4]);
    let closed: Vec<Option<String>> = cases
        .column("closed_on")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect();
    // 2024-03-05 was a Tuesday: a wrong weekday is still a reject.
    assert_eq!(
        closed,
        vec![
            Some("2024-03-05".into()),
            Some("2024-03-05".into()),
            Some("2024-03-05".into()),
            Some("2024-03-05".into()),
            None
        ]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let fields: Vec<(Option<i64>, Option<String>)> = ints(&rejects, "source_row")
        .into_iter()
        .zip(strs(&rejects, "field"))
        .collect();
    assert!(
        fields.contains(&(Some(6), Some("respondent_ids".into()))),
        "{rejects}"
    );
    assert!(
        fields.contains(&(Some(6), Some("closed_on".into()))),
        "{rejects}"
    );
}
