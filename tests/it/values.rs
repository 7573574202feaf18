//! Values as court systems and clerks write them in one field (red-team round 29's sweep):
//! a note that completes or denies a wording, two states in one cell, an officer not yet
//! assigned, a helper or a department beside an officer, notes after party names, counts
//! with their unit. Read as meant, or a reject that says why: never silently something else.

use crate::util::{ints, lists, read_parquet, stderr, strs, Workdir};

/// The (source row, field) of each reject: which cell of which row could not be read.
fn row_fields(rejects: &polars::prelude::DataFrame) -> Vec<(Option<i64>, Option<String>)> {
    ints(rejects, "source_row")
        .into_iter()
        .zip(strs(rejects, "field"))
        .collect()
}

#[test]
fn statuses_closures_officers_parties_and_counts_are_read_as_meant() {
    let wd = Workdir::new();
    wd.write(
        "v.csv",
        "案号,立案日期,结案日期,结案方式,案件状态,承办人,被执行人,信访次数\n\
         （2024）浙0603执1号,2024-01-10,2025-03-01,和解（长期履行）,已结,王五,张三,3次\n\
         （2024）浙0603执2号,2024-01-10,2025-03-01,执行和解（履行中）,已结,王五【执行局】,张三（保证人）、李四（借款人）,\n\
         （2024）浙0603执3号,2024-01-10,,,执行完毕（部分）,王五 法官助理：赵六,张三|李四,共3次\n\
         （2024）浙0603执4号,2024-01-10,,,执行完毕/终本,未分配,张三（失踪）,3件次\n\
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
    let rows = row_fields(&rejects);
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
         （2024）浙0603执5号,2024-01-10,2024-03-05（周一）,张三,3306031980010112\n\
         （2024）浙0603执6号,2024-01-10,2024-03-05,李四 身份证号330603198001011233,\n",
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
    // A number after its label and a space, in the party cell: the party's number.
    assert_eq!(ids[5], ["330603198001011233"]);
    assert_eq!(lists(&cases, "respondents")[5], ["李四"]);
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
            None,
            Some("2024-03-05".into()),
        ]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let fields = row_fields(&rejects);
    assert!(
        fields.contains(&(Some(6), Some("respondent_ids".into()))),
        "{rejects}"
    );
    assert!(
        fields.contains(&(Some(6), Some("closed_on".into()))),
        "{rejects}"
    );
}

/// Review of rounds 27–29: what the new readings must not take from rows that were right.
#[test]
fn short_rows_reasons_in_brackets_and_numeric_case_ids_read_as_before() {
    let wd = Workdir::new();
    // A writer that leaves out trailing empty fields: two short rows, not one record cut
    // in two.
    wd.write(
        "short.csv",
        "案号,立案日期,被执行人,申请执行标的,承办人,案件状态,结案日期,结案方式,备注\n\
         （2024）浙0603执1号,2024-01-05,张三,10000,王五,未结\n\
         （2024）浙0603执2号,2024-01-06,李四,20000\n\
         （2024）浙0603执3号,2024-01-07,赵六,30000,王五,已结,2024-03-01,执行完毕,\n\
         （2024）浙0603执4号,2024-01-08,钱七,40000,王五,已结,2024-03-02,终本,\n",
    );
    let out = wd.run(&["ingest", "short.csv", "--out", "short"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("short/parquet/cases.parquet"));
    assert_eq!(cases.height(), 4, "{cases}");
    assert_eq!(
        cases.column("closed_on").unwrap().null_count(),
        2,
        "执1号 and 执2号 have no closing date: {cases}"
    );

    // A reason in brackets after a status is no second state.
    wd.write(
        "reasons.csv",
        "案号,立案日期,案件状态,结案日期\n\
         （2023）浙0603执1号,2023-01-05,中止（和解）,\n\
         （2023）浙0603执2号,2023-01-06,终本（和解）,2023-08-01\n\
         （2023）浙0603执3号,2023-01-07,销案（撤回）,2023-08-02\n",
    );
    let out = wd.run(&["ingest", "reasons.csv", "--out", "reasons"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("reasons/parquet/cases.parquet"));
    assert_eq!(
        strs(&cases, "status"),
        vec![
            Some("suspended".into()),
            Some("closed".into()),
            Some("closed".into())
        ]
    );
    assert_eq!(
        strs(&cases, "closure_method"),
        vec![None, Some("终本".into()), Some("销案".into())]
    );

    // A numeric 案件编号 beside a note ending in a totals word is a case.
    wd.write(
        "ids.csv",
        "案件编号,立案日期,被执行人,申请执行标的,备注\n\
         3306030000123451,2024-01-01,张三,10000,本金及利息合计\n\
         3306030000123453,2024-01-03,王二,30000,执行款已累计\n",
    );
    let out = wd.run(&["ingest", "ids.csv", "--out", "ids"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("ids/parquet/cases.parquet"));
    assert_eq!(cases.height(), 2, "{cases}");
}

/// Red-team round 29's forms left as rejects, now read: sums in Chinese numerals as forms
/// write them (壹万贰仟元整), a date typed with spaces (2024 03 05), counts with a note in
/// brackets (3（含重复）), and a period whose unit stands before its note (7天（院长批准）).
#[test]
fn chinese_numeral_amounts_spaced_dates_and_counts_with_notes() {
    let wd = Workdir::new();
    wd.write(
        "n.csv",
        "案号,立案日期,申请执行标的（元）,已执行到位（万元）,信访次数,延长审限（月）\n\
         （2024）浙0603执1号,2024 03 05,壹万贰仟元整,贰拾,3（含重复）,7天（院长批准）\n\
         （2024）浙0603执2号,2024 3 5,人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分,伍角,叁次,3（延长一次）\n\
         （2024）浙0603执3号,2024-03-05,12万3千,贰拾万,,\n\
         （2024）浙0603执4号,2024-03-05,12万3,3千5,,\n",
    );
    let out = wd.run(&["ingest", "n.csv", "--out", "run"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "claim_fen"),
        vec![Some(1_200_000), Some(12_345_678), Some(12_300_000), None]
    );
    // Under a 万元 header: 贰拾 is 20万元; 伍角 and 贰拾万 say their own unit.
    assert_eq!(
        ints(&cases, "recovered_fen"),
        vec![Some(20_000_000), Some(50), Some(20_000_000), None]
    );
    assert_eq!(
        ints(&cases, "stated_petitions"),
        vec![Some(3), Some(3), None, None]
    );
    assert_eq!(
        ints(&cases, "stated_extension_days"),
        vec![Some(7), None, None, None]
    );
    assert_eq!(
        ints(&cases, "stated_extension_months"),
        vec![None, Some(3), None, None]
    );
    let filed = cases
        .column("filed_on")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    assert_eq!(filed.null_count(), 0, "{filed:?}");
    // Arabic digits with 万 and 千 are read (12万3千); a spoken abbreviation (12万3: 123,000
    // as spoken, 120,003 as written) stays a reject, never a guess. The first case's 20万
    // recovered on a claim of 12,000 元 is kept and said (more than ten times the claim).
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(
        strs(&rejects, "field"),
        vec![
            Some("claim_fen".to_string()),
            Some("recovered_fen".to_string()),
            Some("recovered_fen".to_string())
        ],
        "{rejects}"
    );
    assert_eq!(ints(&rejects, "source_row")[2], Some(2), "{rejects}");
}

/// Red-team round 31's sweep of states, closure methods and case kinds: traditional
/// characters and a system's codes, a workflow step after a method, a yes/no answer with
/// its note, an open state beside a closure, review cases that show their kind only in a
/// masked number or an old type word, and headings numbered as documents number them.
#[test]
fn states_methods_and_kinds_as_systems_write_them() {
    let wd = Workdir::new();
    wd.write(
        "s.csv",
        "案号,立案日期,案件状态,结案日期,结案方式,案件类型\n\
         （2024）浙0603执1号,2024-01-10,已結,2024-06-01,終結本次執行程序,\n\
         （2024）浙0603执2号,2024-01-10,2-已结,2024-06-01,0201 终本,\n\
         （2024）浙0603执3号,2024-01-10,终本待归档,2024-06-01,,\n\
         （2024）浙0603执4号,2024-01-10,未结（终本）,,,\n\
         （2024）浙0603执5号,2024-01-10,已结,2024-06-01,准予撤回申请,\n\
         （2024）浙0603执异1XX号,2024-01-10,未结,,,执行异议\n\
         （2015）绍柯执审字第00002号,2015-01-10,未结,,,\n\
         ,2024-01-10,未结,,,执行复议\n",
    );
    let out = wd.run(&["ingest", "s.csv", "--out", "run"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let status = strs(&cases, "status");
    let method = strs(&cases, "closure_method");
    for i in [0, 1, 2, 4] {
        assert_eq!(status[i].as_deref(), Some("closed"), "row {}", i + 2);
    }
    assert_eq!(method[0].as_deref(), Some("终本"));
    assert_eq!(method[1].as_deref(), Some("终本"));
    assert_eq!(method[2].as_deref(), Some("终本"));
    assert_eq!(method[4].as_deref(), Some("终结执行"));
    // Open and closed at once: the cell is a reject, and the state is what the closure
    // columns say (none: pending).
    assert_eq!(status[3].as_deref(), Some("pending"));
    let kind = strs(&cases, "case_kind");
    assert_eq!(kind[5].as_deref(), Some("review"));
    assert_eq!(kind[6].as_deref(), Some("review"));
    assert_eq!(kind[7].as_deref(), Some("review"));
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let fields = row_fields(&rejects);
    assert!(
        fields.contains(&(Some(5), Some("status".into()))),
        "{rejects}"
    );

    // 是否结案 with its note.
    wd.write(
        "yn.csv",
        "案号,立案日期,是否结案,结案日期\n\
         （2024）浙0603执1号,2024-01-10,否（中止）,\n\
         （2024）浙0603执2号,2024-01-10,否（暂缓执行）,\n\
         （2024）浙0603执3号,2024-01-10,是（终本）,2024-06-01\n",
    );
    let out = wd.run(&["ingest", "yn.csv", "--out", "yn"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("yn/parquet/cases.parquet"));
    assert_eq!(
        strs(&cases, "status"),
        vec![
            Some("suspended".into()),
            Some("deferred".into()),
            Some("closed".into())
        ]
    );
    assert_eq!(strs(&cases, "closure_method")[2].as_deref(), Some("终本"));

    // A ledger without status columns, its sections numbered （一）, （二）, 4、, ⑬.
    wd.write(
        "ledger.csv",
        "案号,立案日期,承办人\n\
         （一）未结案件,,\n\
         （2025）浙0603执1号,2025-01-10,王五\n\
         （二）已结案件,,\n\
         （2025）浙0603执2号,2025-01-10,王五\n\
         4、中止案件,,\n\
         （2025）浙0603执3号,2025-01-10,王五\n\
         ⑬终本案件,,\n\
         （2025）浙0603执4号,2025-01-10,王五\n",
    );
    let out = wd.run(&["ingest", "ledger.csv", "--out", "ledger"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("ledger/parquet/cases.parquet"));
    assert_eq!(
        strs(&cases, "status"),
        vec![
            Some("pending".into()),
            Some("closed".into()),
            Some("suspended".into()),
            Some("closed".into())
        ]
    );
    assert_eq!(strs(&cases, "closure_method")[3].as_deref(), Some("终本"));
}
