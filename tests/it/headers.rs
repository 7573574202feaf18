//! Headers and exports as other systems and clerks word them (red-team round 30): numbered
//! and annotated headers, a money group with its total, a deductions register's 截止日期, a
//! web system's 查询时间; and two exports of one case, the newer saying less than the older.

use crate::util::{bools, ints, lists, read_parquet, stderr, strs, Workdir};

#[test]
fn numbered_annotated_and_grouped_headers_are_read() {
    let wd = Workdir::new();
    // A form's numbered columns, a fill-in note on the header's second line, a claim split
    // into 本金 | 利息 | 合计 under its group (a two-row header, saved as CSV).
    wd.write(
        "f.csv",
        "查询时间：2025-01-05 10:22:31,,,,,,\n\
         1.案号,\"2.立案日期\n格式：年-月-日\",3.申请执行标的（元）,,,①承办人,（5）案件案由\n\
         ,,本金,利息,合计,,\n\
         （2024）浙0603执1号,2024-03-05,8000,2000,10000,王五,民间借贷纠纷\n\
         （2024）浙0603执2号,2024-04-01,50000,0,50000,赵六,劳动争议\n",
    );
    let out = wd.run(&["ingest", "f.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "claim_fen"),
        vec![Some(1_000_000), Some(5_000_000)]
    );
    assert_eq!(
        strs(&cases, "officer"),
        vec![Some("王五".into()), Some("赵六".into())]
    );
    assert_eq!(strs(&cases, "cause")[1].as_deref(), Some("劳动争议"));
    let exported = cases
        .column("exported_on")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    assert_eq!(exported.get(0).unwrap().to_string(), "\"2025-01-05\"");

    // A deductions register whose periods end under 截止日期.
    wd.write(
        "d.csv",
        "案号,扣除事由,起始日期,截止日期\n（2024）浙0603执1号,评估,2024-05-01,2024-06-30\n",
    );
    let out = wd.run(&["ingest", "d.csv", "--out", "ded"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ded = read_parquet(&wd.join("ded/parquet/deductions.parquet"));
    assert_eq!(ded.height(), 1, "{ded}");
    assert_eq!(ded.column("end_on").unwrap().null_count(), 0, "{ded}");
}

/// x-recovered-group-this-period-cumulative: 执行到位金额（元） merged over 本期 | 累计 beside
/// 申请执行标的（元） over 本金 | 利息 | 合计, the names merged over both rows repeated in the
/// second (as a workbook's merged cells read): one header of two rows, the recovered
/// amount the cumulative one and the claim the total. Its second row was taken for a new
/// section's header, and both amounts were empty while the manifest listed them mapped.
/// Under 本期 | 本年 (no cumulative) the recovered amount is not read, and the sheet says so.
#[test]
fn a_recovered_group_over_this_period_and_cumulative_is_read() {
    let wd = Workdir::new();
    wd.write(
        "f.csv",
        "案号,立案日期,被执行人,申请执行标的（元）,,,执行到位金额（元）,,承办人\n\
         案号,立案日期,被执行人,本金,利息,合计,本期,累计,承办人\n\
         （2025）浙0603执901号,2025-03-01,被1,10000,500,10500,0,3000,王五\n\
         （2025）浙0603执902号,2025-03-01,被2,20000,0,20000,1000,1000,王五\n",
    );
    let out = wd.run(&["ingest", "f.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "claim_fen"),
        vec![Some(1_050_000), Some(2_000_000)]
    );
    assert_eq!(
        ints(&cases, "recovered_fen"),
        vec![Some(300_000), Some(100_000)]
    );
    let m = crate::util::manifest(&wd.join("run"));
    assert!(m["files"][0]["sheets"][0]["skipped"]
        .as_object()
        .is_none_or(|s| s.is_empty()));

    wd.write(
        "g.csv",
        "案号,立案日期,被执行人,申请执行标的（元）,执行到位金额（元）,,承办人\n\
         案号,立案日期,被执行人,申请执行标的（元）,本期,本年,承办人\n\
         （2025）浙0603执901号,2025-03-01,被1,10000,0,3000,王五\n",
    );
    let out = wd.run(&["ingest", "g.csv", "--out", "run2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run2/parquet/cases.parquet"));
    assert_eq!(ints(&cases, "claim_fen"), vec![Some(1_000_000)]);
    assert_eq!(ints(&cases, "recovered_fen"), vec![None]);
    let sheet = &crate::util::manifest(&wd.join("run2"))["files"][0]["sheets"][0];
    let columns = sheet["columns"].to_string();
    assert!(!columns.contains("recovered_fen"), "{columns}");
    let warnings = sheet["warnings"].to_string();
    assert!(
        warnings.contains("执行到位金额（元） over 本期 | 本年")
            && warnings.contains("recovered_fen is not read"),
        "{warnings}"
    );
}

#[test]
fn a_newer_export_saying_less_keeps_the_older_method_and_count() {
    let wd = Workdir::new();
    wd.write(
        "a.csv",
        "导出时间：2025-12-20,,,,,,\n\
         案号,立案日期,案件状态,结案日期,结案方式,信访次数,承办人\n\
         （2024）浙0603执1号,2024-01-05,已结,2025-06-01,执行完毕,,王五\n\
         （2024）浙0603执2号,2023-01-05,未结,,,5,王五\n",
    );
    wd.write(
        "b.csv",
        "查询时间：2026-01-10,,,,,,\n\
         案号,立案日期,案件状态,结案日期,结案方式,是否信访,承办人\n\
         （2024）浙0603执1号,2024-01-05,已结案,2025-06-01,,,王五\n\
         （2024）浙0603执2号,2023-01-05,未结,,,是,王五\n",
    );
    let out = wd.run(&["ingest", "a.csv", "b.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["dedup", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run", "--as-of", "2025-12-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    let keys = strs(&cases, "case_no");
    let at = |n: &str| keys.iter().position(|k| k.as_deref() == Some(n)).unwrap();
    let (one, two) = (at("（2024）浙0603执1号"), at("（2024）浙0603执2号"));
    assert_eq!(
        strs(&cases, "closure_method")[one].as_deref(),
        Some("执行完毕")
    );
    assert_eq!(ints(&cases, "petition_count")[two], Some(5));
    assert_eq!(bools(&cases, "cat_7")[two], Some(true));
}

/// Red-team round 31 (side registers): a deduction not approved deducts nothing; a length in
/// months or a last day in the length column; a register of 中止日期 | 恢复日期 alone; the
/// former officer's column of a reassignment register is not the officer; petitions' case,
/// channel and content columns as registers head them.
#[test]
fn side_registers_as_courts_keep_them() {
    let wd = Workdir::new();
    wd.write(
        "ded.csv",
        "案号,扣除审限事由,扣除起始日期,扣除天数,审批结果\n\
         （2025）浙0603执1号,委托评估,2025-09-01,2个月,同意\n\
         （2025）浙0603执2号,委托评估,2025-09-01,60,不同意\n",
    );
    wd.write(
        "zh.csv",
        "案号,暂缓原因,暂缓执行日期,暂缓期限\n（2025）浙0603执3号,提供担保,2025-09-01,2025-12-01\n",
    );
    wd.write(
        "stay.csv",
        "案号,中止日期,恢复日期\n（2025）浙0603执4号,2025-09-01,2025-10-31\n",
    );
    for (file, out) in [("ded.csv", "ded"), ("zh.csv", "zh"), ("stay.csv", "stay")] {
        let o = wd.run(&["ingest", file, "--out", out]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{file}: {}",
            stderr(&o)
        );
    }
    let ded = read_parquet(&wd.join("ded/parquet/deductions.parquet"));
    // 2个月 from 2025-09-01: to 2025-11-01, 61 days.
    assert_eq!(ints(&ded, "days"), vec![Some(61), None]);
    assert_eq!(ded.column("start_on").unwrap().null_count(), 1, "{ded}");
    let rejects = read_parquet(&wd.join("ded/parquet/rejects.parquet"));
    assert_eq!(strs(&rejects, "field"), vec![Some("decision".to_string())]);
    let zh = read_parquet(&wd.join("zh/parquet/deductions.parquet"));
    assert_eq!(zh.column("end_on").unwrap().null_count(), 0, "{zh}");
    let stay = read_parquet(&wd.join("stay/parquet/deductions.parquet"));
    assert_eq!(strs(&stay, "kind"), vec![Some("中止".to_string())]);

    wd.write(
        "asg.csv",
        "案号,承办人（原）,承办人（现）,变更日期\n（2025）浙0603执1号,王五,孙七,2026-01-10\n",
    );
    let o = wd.run(&["ingest", "asg.csv", "--out", "asg"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let asg = read_parquet(&wd.join("asg/parquet/assignments.parquet"));
    assert_eq!(strs(&asg, "officer"), vec![Some("孙七".to_string())]);
    // The same over two header rows: 原承办人 and 现承办人, each over 姓名 | 部门.
    wd.write(
        "asg2.csv",
        "案号,原承办人,,现承办人,,变更日期\n\
         ,姓名,部门,姓名,部门,\n\
         （2025）浙0603执2号,赵六,执行二组,孙七,执行三组,2026-01-10\n",
    );
    let o = wd.run(&["ingest", "asg2.csv", "--out", "asg2"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let asg = read_parquet(&wd.join("asg2/parquet/assignments.parquet"));
    assert_eq!(strs(&asg, "officer"), vec![Some("孙七".to_string())]);
    assert_eq!(strs(&asg, "team"), vec![Some("执行三组".to_string())]);

    wd.write(
        "pet.csv",
        "来访人,来访日期,信访形式,所涉案号,反映问题\n\
         张一明,2025-10-01,来访,（2025）浙0603执1号,要求加快执行\n\
         张一明,2025-10-01,来信,（2025）浙0603执1号,要求加快执行\n",
    );
    let o = wd.run(&["ingest", "pet.csv", "--out", "pet"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let pet = read_parquet(&wd.join("pet/parquet/petitions.parquet"));
    assert_eq!(pet.column("case_no").unwrap().null_count(), 0, "{pet}");
    assert_eq!(
        strs(&pet, "channel"),
        vec![Some("来访".to_string()), Some("来信".to_string())]
    );
}

/// Review of rounds 30–31: what the new readings must not take from files that were right.
/// A header over two lines is one name (被执行人⏎联系电话 is no party column; 结案日期⏎（计划）
/// no closing date); an approval opinion that begins 同意 approves, whatever its reasons
/// say; a closure awaiting approval leaves the case open; a period in one cell is read.
#[test]
fn two_line_headers_approvals_and_closures_awaiting_approval_read_as_before() {
    let wd = Workdir::new();
    wd.write(
        "q.csv",
        "案号,立案日期,申请执行人,被执行人,\"被执行人\n联系电话\",\"结案日期\n（计划）\",\"承办人\n联系电话\",案件状态\n\
         （2024）浙0603执100号,2024-01-05,张三,李四,13800001111,2024-12-31,0575-88888888,在办（终本待审核）\n\
         （2024）浙0603执101号,2024-01-05,张三,王五,13800001112,,,审批中（终本）\n",
    );
    let out = wd.run(&["ingest", "q.csv", "--out", "q"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("q/parquet/cases.parquet"));
    assert_eq!(crate::util::lists(&cases, "respondents")[0], ["李四"]);
    assert_eq!(cases.column("officer").unwrap().null_count(), 2, "{cases}");
    assert_eq!(
        cases.column("closed_on").unwrap().null_count(),
        2,
        "{cases}"
    );
    assert_eq!(
        strs(&cases, "status"),
        vec![Some("pending".into()), Some("pending".into())]
    );

    wd.write(
        "ded.csv",
        "案号,扣除类型,开始日期,结束日期,审批意见\n\
         （2024）浙0603执1号,中止执行,2024-03-01,2024-09-01,同意中止（被执行人申请撤销仲裁裁决）\n\
         （2024）浙0603执2号,鉴定评估,2024-03-01,2024-06-01,同意，该期间不予计入执行期限\n",
    );
    wd.write(
        "period.csv",
        "案号,扣除原因,起止日期\n\
         （2024）浙0603执3号,公告,2025.9.1-2025.10.31\n\
         （2024）浙0603执4号,评估,2025年9月1日至10月31日\n\
         （2024）浙0603执5号,鉴定,2025-09-01至2025-10-31\n",
    );
    for (file, run) in [("ded.csv", "ded"), ("period.csv", "period")] {
        let out = wd.run(&["ingest", file, "--out", run]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let ded = read_parquet(&wd.join(&format!("{run}/parquet/deductions.parquet")));
        assert_eq!(ded.column("start_on").unwrap().null_count(), 0, "{ded}");
        assert_eq!(ded.column("end_on").unwrap().null_count(), 0, "{ded}");
        let rejects = read_parquet(&wd.join(&format!("{run}/parquet/rejects.parquet")));
        assert_eq!(rejects.height(), 0, "{rejects}");
    }
}

/// m-period-unicode-dashes (no repro folder): a deductions register's one-cell 起止日期
/// written with the hyphen U+2010 throughout (2025‐9‐1‐2025‐10‐31, Word's or WPS's
/// autocorrect) or with the minus sign U+2212 between dotted dates (2025.9.1−2025.10.31, a
/// web page) is the period it looks like, as with `-` or `—`: neither a reject nor a
/// deduction without its dates.
#[test]
fn a_period_in_one_cell_written_with_unicode_dashes_is_read() {
    let wd = Workdir::new();
    wd.write(
        "period.csv",
        "案号,扣除原因,起止日期\n\
         （2024）浙0603执3号,公告,2025\u{2010}9\u{2010}1\u{2010}2025\u{2010}10\u{2010}31\n\
         （2024）浙0603执4号,评估,2025.9.1\u{2212}2025.10.31\n\
         （2024）浙0603执5号,鉴定,2025.9.1\u{2013}10.31\n",
    );
    let out = wd.run(&["ingest", "period.csv", "--out", "period"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ded = read_parquet(&wd.join("period/parquet/deductions.parquet"));
    let text = |c: &str| -> Vec<Option<String>> {
        let col = ded.column(c).unwrap();
        let col = col.cast(&polars::prelude::DataType::String).unwrap();
        col.str()
            .unwrap()
            .iter()
            .map(|v| v.map(String::from))
            .collect()
    };
    assert_eq!(
        text("start_on"),
        vec![Some("2025-09-01".to_string()); 3],
        "{ded}"
    );
    assert_eq!(
        text("end_on"),
        vec![Some("2025-10-31".to_string()); 3],
        "{ded}"
    );
    let rejects = read_parquet(&wd.join("period/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

#[test]
fn nul_padding_and_direction_marks_in_header_cells_are_dropped() {
    // A C export pads every field with NULs; a web page leaves U+200E behind each header.
    // Both are dropped from data cells (README), and so from header cells: the header is
    // found and its columns named without them.
    let wd = Workdir::new();
    let padded = "案号\0\0,立案日期\0\0,被执行人\0\0,承办人\0\0\r\n\
                  （2024）浙0603执101号\0\0,2024-03-01\0\0,张三\0\0,王五\0\0\r\n\
                  （2024）浙0603执102号\0\0,2024-04-01\0\0,赵六\0\0,王五\0\0\r\n";
    let marked = "案号\u{200e},\u{200f}立案日期\u{200e},被执行人\u{202a},承办人\u{1f}\n\
                  （2024）浙0603执101号,2024-03-01,张三,王五\n\
                  （2024）浙0603执102号,2024-04-01,赵六,王五\n";
    for (name, text) in [("padded", padded), ("marked", marked)] {
        let file = format!("{name}.csv");
        wd.write(&file, text);
        let out = wd.run(&["ingest", &file, "--out", name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let cases = read_parquet(&wd.join(&format!("{name}/parquet/cases.parquet")));
        assert_eq!(
            lists(&cases, "respondents"),
            vec![vec!["张三".to_string()], vec!["赵六".to_string()]],
            "{name}"
        );
        let m = crate::util::manifest(&wd.join(name)).to_string();
        assert!(m.contains("\"案号\""), "{name}: {m}");
        assert!(
            !m.contains("\\u0000") && !m.contains('\u{200e}'),
            "{name}: {m}"
        );
    }
}

/// m-underscore-unit-amount-dropped: a database-style name puts the unit after an
/// underscore (申请执行标的额_万元, 执行到位金额_元). Both columns were left unmapped (kept
/// in `extra`) and every amount was null, as if the case list had none; the unit after an
/// underscore is read as after a slash or a dash, and a group joined to its column by an
/// underscore (当事人_被执行人) is still that column.
#[test]
fn an_amount_unit_after_an_underscore_is_read() {
    let wd = Workdir::new();
    wd.write(
        "f.csv",
        "案号,立案日期,申请执行标的额_万元,执行到位金额_元,当事人_被执行人,案件状态\n\
         （2024）苏0583执1号,2024-03-05,1.5,5000,张三,未结\n\
         （2024）苏0583执2号,2024-03-06,2,0,李四,未结\n",
    );
    let out = wd.run(&[
        "ingest",
        "f.csv",
        "--out",
        "run",
        "--exported-on",
        "2025-12-31",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        ints(&cases, "claim_fen"),
        vec![Some(1_500_000), Some(2_000_000)]
    );
    assert_eq!(ints(&cases, "recovered_fen"), vec![Some(500_000), Some(0)]);
    assert_eq!(
        lists(&cases, "respondents"),
        vec![vec!["张三".to_string()], vec!["李四".to_string()]]
    );
}

/// m-closing-date-column-unread-silently: a closing-date column headed 结案(销案)日期 (the
/// note in the middle, as some systems write it) was left unmapped, and the closed cases
/// lost their dates without a reject or a warning. The note is another name of 结案, and
/// the column is the closing date.
#[test]
fn a_closing_date_header_with_a_note_inside_is_read() {
    let wd = Workdir::new();
    wd.write(
        "f.csv",
        "案号,立案(收案)日期,结案(销案)日期,结案方式,执行标的（元）,执行到位金额（元）\n\
         （2024）苏0583执1号,2024-03-05,2024-06-01,执行完毕,100,100\n\
         （2024）苏0583执2号,2024-03-06,2024-09-10,终本,200,0\n",
    );
    let out = wd.run(&[
        "ingest",
        "f.csv",
        "--out",
        "run",
        "--exported-on",
        "2025-12-31",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    let text = |c: &str| -> Vec<Option<String>> {
        let col = cases.column(c).unwrap();
        let col = col.cast(&polars::prelude::DataType::String).unwrap();
        col.str()
            .unwrap()
            .iter()
            .map(|v| v.map(String::from))
            .collect()
    };
    assert_eq!(
        text("filed_on"),
        vec![Some("2024-03-05".into()), Some("2024-03-06".into())]
    );
    assert_eq!(
        text("closed_on"),
        vec![Some("2024-06-01".into()), Some("2024-09-10".into())]
    );
}
