//! Figures end to end from exports that disagree or leave things out: each test runs
//! ingest, dedup, classify and census (and evaluate) on small exports whose right figures
//! are worked out by hand in the comments.

use polars::prelude::*;

use crate::util::{bools, floats, ints, opt_strs, read_parquet, stderr, strs, Workdir};

/// ingest (files, then extra arguments), dedup, classify at `as_of`, census; the run folder.
fn pipeline(wd: &Workdir, run: &str, inputs: &[&str], as_of: &str) -> std::path::PathBuf {
    let mut ingest = vec!["ingest"];
    ingest.extend_from_slice(inputs);
    ingest.extend(["--out", run]);
    for args in [
        ingest,
        vec!["dedup", run],
        vec!["classify", run, "--as-of", as_of],
        vec!["census", run, "--no-workbook"],
    ] {
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    wd.join(run)
}

fn table(run: &std::path::Path, name: &str) -> DataFrame {
    read_parquet(&run.join(format!("parquet/{name}.parquet")))
}

fn level(df: &DataFrame, level: &str) -> DataFrame {
    df.clone()
        .lazy()
        .filter(col("level").eq(lit(level)))
        .collect()
        .unwrap()
}

#[test]
fn a_reassigned_case_takes_the_new_officers_team_and_an_export_without_teams_gets_his() {
    let wd = Workdir::new();
    // System A (20 Feb) has teams: 执3 王五/执行一组, 执8 赵六/执行二组. System B (28 Feb)
    // has none: 执3 now 赵六, 执8 and 执9 赵六. 赵六's three cases are 执行二组's, none
    // 执行一组's.
    wd.write(
        "a.csv",
        "执行案件清单（截至2026年2月20日）\n\
         案号,立案日期,被执行人,承办人,承办部门,案件状态\n\
         （2024）浙0603执3号,2024-03-03,李三,王五,执行一组,未结\n\
         （2024）浙0603执8号,2024-03-08,李八,赵六,执行二组,未结\n",
    );
    wd.write(
        "b.csv",
        "执行案件清单（截至2026年2月28日）\n\
         案号,立案日期,被执行人,承办人,案件状态\n\
         （2024）浙0603执3号,2024-03-03,李三,赵六,未结\n\
         （2024）浙0603执8号,2024-03-08,李八,赵六,未结\n\
         （2024）浙0603执9号,2024-03-09,李九,赵六,未结\n",
    );
    let run = pipeline(&wd, "run", &["a.csv", "b.csv"], "2026-02-28");
    let officers = level(&table(&run, "census_summary"), "officer");
    assert_eq!(strs(&officers, "officer"), vec![Some("赵六".to_string())]);
    assert_eq!(strs(&officers, "team"), vec![Some("执行二组".to_string())]);
    assert_eq!(ints(&officers, "pending"), vec![Some(3)]);
}

#[test]
fn a_flag_any_export_sets_is_set_and_a_resumed_administrative_case_keeps_three_months() {
    let wd = Workdir::new();
    // 执1: system B says 非诉执行 (3 months: due 2026-01-10, overdue on 28 Feb); system A
    // says 首次执行. 执2: 是否特困 否 in A, 是 in B.
    wd.write(
        "a.csv",
        "案号,案件类型,立案日期,被执行人,承办人,案件状态,是否特困\n\
         （2025）浙0603执1号,首次执行,2025-10-10,李一,王五,未结,否\n\
         （2024）浙0603执2号,首次执行,2024-03-10,李二,王五,未结,否\n",
    );
    wd.write(
        "b.csv",
        "案号,案件类别,立案日期,被执行人,承办人,案件状态,是否特困\n\
         （2025）浙0603执1号,非诉执行,2025-10-10,李一,王五,未结,否\n\
         （2024）浙0603执2号,首执,2024-03-10,李二,王五,未结,是\n",
    );
    // 执恢1 resumes a 非诉 case: its own 案件类别 says only 恢复执行.
    wd.write(
        "c.csv",
        "案号,案件类别,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,原案号\n\
         （2024）浙0603执5号,非诉执行,2024-03-01,李五,王五,已结,2024-09-01,终本,\n\
         （2025）浙0603执恢1号,恢复执行,2025-10-10,李五,王五,未结,,,（2024）浙0603执5号\n",
    );
    let run = pipeline(&wd, "run", &["a.csv", "b.csv", "c.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    let no = strs(&cases, "case_no");
    let row = |n: &str| no.iter().position(|x| x.as_deref() == Some(n)).unwrap();
    let backlog = bools(&cases, "in_backlog");
    let non_lit = bools(&cases, "non_litigation");
    for n in ["（2025）浙0603执1号", "（2025）浙0603执恢1号"] {
        assert_eq!(non_lit[row(n)], Some(true), "{n}");
        assert_eq!(backlog[row(n)], Some(true), "{n}");
    }
    assert_eq!(
        bools(&cases, "cat_3")[row("（2024）浙0603执2号")],
        Some(true)
    );
}

#[test]
fn a_leader_written_with_title_or_department_is_one_leader() {
    let wd = Workdir::new();
    let mut csv = String::from("案号,立案日期,被执行人,承办人,包案领导,案件状态\n");
    for (k, leader) in [
        "执行局 刘某某",
        "执行局刘某某",
        "刘某某（执行局）",
        "院领导 刘某某",
        "刘某某（副院长）",
        "刘某某副院长",
        "执行一庭 刘某某",
        "执行局局长刘某某",
        "刘某某",
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!(
            "（2024）浙0603执{}号,2024-03-01,李四,王五,{leader},未结\n",
            k + 1
        ));
    }
    wd.write("cases.csv", csv);
    let run = pipeline(&wd, "run", &["cases.csv"], "2026-02-28");
    let leaders = level(&table(&run, "census_summary"), "leader");
    assert_eq!(strs(&leaders, "leader"), vec![Some("刘某某".to_string())]);
    assert_eq!(ints(&leaders, "pending"), vec![Some(9)]);
}

#[test]
fn two_petitions_of_one_day_count_twice_and_one_listed_twice_once() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,申请执行人,被执行人,承办人,案件状态\n\
         （2024）浙0603执1号,2024-03-01,张一,李一,王五,未结\n\
         （2024）浙0603执2号,2024-03-01,张二,李二,王五,未结\n",
    );
    // 执1: a visit and a letter on one day (two); 执2: the same visit in two monthly
    // registers (one).
    wd.write(
        "petitions.csv",
        "信访日期,信访人,案号,信访方式,信访内容\n\
         2025-05-06,张一,（2024）浙0603执1号,来访,要求加快执行\n\
         2025-05-06,张一,（2024）浙0603执1号,来信,反映被执行人转移财产\n\
         2025-05-06,张二,（2024）浙0603执2号,来访,要求加快执行\n\
         2025-05-06,张二,（2024）浙0603执2号,来访,要求加快执行\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "petition_count"), vec![Some(2), Some(1)]);
    assert_eq!(bools(&cases, "cat_7"), vec![Some(true), Some(false)]);
}

/// s-petition-same-day-visits-merged: two visits of one petitioner on one day, at 09:30
/// and 15:30 (in a 信访时间 column beside 信访日期, or date and time in one 信访时间 cell),
/// were merged into one petition (the time was dropped). They are two petitions, category 7;
/// the same entry listed twice (same time, or once without a time) is still one. A morning
/// and an afternoon visit written 上午 and 下午 are two (the review of round 52).
#[test]
fn two_visits_of_one_day_at_two_times_count_twice() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,申请执行人,被执行人,承办人,案件状态\n");
    for k in 1..=5 {
        cases.push_str(&format!(
            "（2024）浙0603执{k}号,2024-03-01,张{k},李{k},王五,未结\n"
        ));
    }
    wd.write("cases.csv", cases);
    // 执1: two times beside the date; 执3: the same visit listed twice, and once more
    // without its time (one).
    wd.write(
        "petitions_a.csv",
        "信访日期,信访时间,信访人,案号,信访方式,信访内容\n\
         2025-12-01,09:30,张1,（2024）浙0603执1号,来访,催促执行\n\
         2025-12-01,15:30,张1,（2024）浙0603执1号,来访,催促执行\n\
         2025-12-01,09:30,张3,（2024）浙0603执3号,来访,催促执行\n\
         2025-12-01,09:30,张3,（2024）浙0603执3号,来访,催促执行\n\
         2025-12-01,,张3,（2024）浙0603执3号,来访,催促执行\n\
         2025-12-01,上午,张5,（2024）浙0603执5号,来访,催促执行\n\
         2025-12-01,下午,张5,（2024）浙0603执5号,来访,催促执行\n",
    );
    // 执2: date and time in one cell; 执4: the same cell twice.
    wd.write(
        "petitions_b.csv",
        "信访时间,信访人,案号,信访方式,信访内容\n\
         2025-12-01 09:30,张2,（2024）浙0603执2号,来访,催促执行\n\
         2025-12-01 下午3:30,张2,（2024）浙0603执2号,来访,催促执行\n\
         2025-12-01 09:30,张4,（2024）浙0603执4号,来访,催促执行\n\
         2025-12-01 09:30,张4,（2024）浙0603执4号,来访,催促执行\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "petitions_a.csv", "petitions_b.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    assert_eq!(
        ints(&cases, "petition_count"),
        vec![Some(2), Some(2), Some(1), Some(1), Some(2)]
    );
    assert_eq!(
        bools(&cases, "cat_7"),
        vec![Some(true), Some(true), Some(false), Some(false), Some(true)]
    );
    // The petitions table keeps every row of the registers, with the date and the time of
    // each visit (the repeats are counted once by classify, not dropped).
    let p = table(&run, "petitions");
    let mut times: Vec<Option<String>> = strs(&p, "petitioned_time");
    times.sort();
    let want = |t: &str| Some(t.to_string());
    assert_eq!(
        times,
        vec![
            None,
            want("09:30"),
            want("09:30"),
            want("09:30"),
            want("09:30"),
            want("09:30"),
            want("09:30"),
            want("15:30"),
            want("15:30"),
            want("上午"),
            want("下午")
        ]
    );
    assert_eq!(p.column("petitioned_on").unwrap().null_count(), 0, "{p}");
}

/// s-petitioner-inner-space-double-count: a visit listed twice, once with a space inside the
/// petitioner's name (周 四, 吴　五), is one petition, as an exact repeat is, and not
/// category 7; the petitions table keeps the name without the space. Two names in one cell
/// (郑六 王七: two petitioners) are kept as written.
#[test]
fn a_petition_listed_again_with_a_space_in_the_name_counts_once() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,申请执行人,被执行人,承办人,案件状态
         （2024）浙0603执1号,2024-03-01,周四,李一,王五,未结
         （2024）浙0603执2号,2024-03-01,吴五,李二,王五,未结
         （2024）浙0603执3号,2024-03-01,郑六,李三,王五,未结
",
    );
    wd.write(
        "petitions.csv",
        "信访日期,信访人,案号,信访方式,信访内容
         2025-10-01,周四,（2024）浙0603执1号,来访,要求尽快执行
         2025-10-01,周 四,（2024）浙0603执1号,来访,要求尽快执行
         2025-10-01,吴五,（2024）浙0603执2号,来访,要求尽快执行
         2025-10-01,吴\u{3000}五,（2024）浙0603执2号,来访,要求尽快执行
         2025-10-01,郑六 王七,（2024）浙0603执3号,来访,要求尽快执行
",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        ints(&cases, "petition_count"),
        vec![Some(1), Some(1), Some(1)]
    );
    assert_eq!(
        bools(&cases, "cat_7"),
        vec![Some(false), Some(false), Some(false)]
    );
    let p = table(&run, "petitions");
    let names: Vec<Option<String>> = strs(&p, "petitioner");
    assert_eq!(names[1].as_deref(), Some("周四"));
    assert_eq!(names[3].as_deref(), Some("吴五"));
    assert_eq!(names[4].as_deref(), Some("郑六 王七"));
}

#[test]
fn a_case_without_a_case_number_stays_in_its_courts_row() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "法院名称,案号,立案日期,被执行人,承办人,案件状态\n\
         绍兴市柯桥区人民法院,（2024）浙0603执1号,2024-03-01,李一,王五,未结\n\
         绍兴市柯桥区人民法院,,2024-05-01,李二,王五,未结\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv"], "2026-02-28");
    let courts = level(&table(&run, "census_summary"), "court");
    assert_eq!(
        strs(&courts, "court_code"),
        vec![Some("浙0603".to_string())]
    );
    assert_eq!(ints(&courts, "pending"), vec![Some(2)]);
}

#[test]
fn the_evaluation_counts_the_censuss_case_kinds_and_not_a_closure_before_the_campaign() {
    let wd = Workdir::new();
    let head = "案号,立案日期,被执行人,执行标的,承办人,案件状态,结案日期,结案方式,有无财产\n";
    // Baseline (census 2026-02-28): 执1–执3 overdue with assets; a 执异 and a 执复 case too
    // (no enforcement backlog: the census leaves review cases out).
    wd.write(
        "base.csv",
        format!(
            "{head}\
             （2024）浙0603执1号,2024-03-01,李一,10000,王五,未结,,,有财产\n\
             （2024）浙0603执2号,2024-03-02,李二,10000,王五,未结,,,有财产\n\
             （2024）浙0603执3号,2024-03-03,李三,10000,王五,未结,,,有财产\n\
             （2024）浙0603执异4号,2024-03-04,李四,10000,王五,未结,,,有财产\n\
             （2024）浙0603执复5号,2024-03-05,李五,10000,王五,未结,,,有财产\n"
        ),
    );
    // End (2026-06-30): 执1 closed 2025-12-15, before the campaign (the baseline listed it
    // from a stale export); 执2 closed during it; 执3 still open.
    wd.write(
        "end.csv",
        format!(
            "{head}\
             （2024）浙0603执1号,2024-03-01,李一,10000,王五,已结,2025-12-15,终本,有财产\n\
             （2024）浙0603执2号,2024-03-02,李二,10000,王五,已结,2026-03-10,执行完毕,有财产\n\
             （2024）浙0603执3号,2024-03-03,李三,10000,王五,未结,,,有财产\n\
             （2024）浙0603执异4号,2024-03-04,李四,10000,王五,未结,,,有财产\n\
             （2024）浙0603执复5号,2024-03-05,李五,10000,王五,未结,,,有财产\n"
        ),
    );
    let base = pipeline(
        &wd,
        "base",
        &["base.csv", "--exported-on", "2026-02-28"],
        "2026-02-28",
    );
    let end = pipeline(
        &wd,
        "end",
        &["end.csv", "--exported-on", "2026-06-30"],
        "2026-06-30",
    );
    let out = wd.run(&[
        "evaluate",
        "--baseline",
        base.to_str().unwrap(),
        "--end",
        end.to_str().unwrap(),
        "--campaign-start",
        "2026-01-01",
        "--no-workbook",
        "--no-report",
    ]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{}",
        stderr(&out)
    );
    let cats = table(&end, "evaluation_categories");
    assert_eq!(ints(&cats, "baseline_backlog")[0], Some(3));
    assert_eq!(ints(&cats, "end_backlog")[0], Some(1));
    let followed = table(&end, "evaluation_followed");
    assert_eq!(
        strs(&followed, "outcome"),
        [
            "closed_before_baseline",
            "closed_completed",
            "pending_overdue"
        ]
        .map(|s| Some(s.to_string()))
        .to_vec()
    );
    // Goal 1: of 执2 and 执3 (执1 was listed in error), one closed.
    let goals = table(&end, "evaluation_goals");
    let g = strs(&goals, "goal");
    let k = g.iter().position(|x| x.as_deref() == Some("1")).unwrap();
    assert_eq!(ints(&goals, "numerator")[k], Some(1));
    assert_eq!(ints(&goals, "denominator")[k], Some(2));
    assert!(
        stderr(&out).contains("closed before the campaign began"),
        "{}",
        stderr(&out)
    );
}

/// e-categories-cleared-share-stale: a baseline case the end export shows closed before
/// the campaign (listed from a stale export) is in 七类前后对比's census count but not in
/// the base of its cleared share, which is the share 清理进度 gives the same category.
#[test]
fn a_categorys_cleared_share_leaves_out_a_case_listed_in_error_as_the_cleared_table_does() {
    let wd = Workdir::new();
    let head = "案号,立案日期,被执行人,执行标的,承办人,案件状态,结案日期,结案方式,有无财产\n";
    // Baseline (census 2026-02-28): three cases more than a year overdue (category 1).
    wd.write(
        "base.csv",
        format!(
            "{head}\
             （2024）浙0603执1号,2024-02-10,李一,10000,王五,未结,,,有财产\n\
             （2024）浙0603执2号,2024-02-10,李二,10000,王五,未结,,,有财产\n\
             （2024）浙0603执3号,2024-02-10,李三,10000,王五,未结,,,有财产\n"
        ),
    );
    // End (2026-06-30): 执1 closed in the campaign, 执2 open, 执3 closed 2025-12-20 (before
    // the campaign and the census: listed in error). Category 1: 1 of 2 cleared, 50 %.
    wd.write(
        "end.csv",
        format!(
            "{head}\
             （2024）浙0603执1号,2024-02-10,李一,10000,王五,已结,2026-04-01,执行完毕,有财产\n\
             （2024）浙0603执2号,2024-02-10,李二,10000,王五,未结,,,有财产\n\
             （2024）浙0603执3号,2024-02-10,李三,10000,王五,已结,2025-12-20,执行完毕,有财产\n"
        ),
    );
    let base = pipeline(
        &wd,
        "base",
        &["base.csv", "--exported-on", "2026-02-28"],
        "2026-02-28",
    );
    let end = pipeline(
        &wd,
        "end",
        &["end.csv", "--exported-on", "2026-06-30"],
        "2026-06-30",
    );
    let out = wd.run(&[
        "evaluate",
        "--baseline",
        base.to_str().unwrap(),
        "--end",
        end.to_str().unwrap(),
        "--campaign-start",
        "2026-01-01",
        "--no-workbook",
    ]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{}",
        stderr(&out)
    );
    let cats = table(&end, "evaluation_categories");
    assert_eq!(ints(&cats, "baseline_backlog")[0], Some(3));
    assert_eq!(ints(&cats, "baseline_cases")[0], Some(2));
    assert_eq!(ints(&cats, "baseline_closed")[0], Some(1));
    assert_eq!(floats(&cats, "cleared_share")[0], Some(50.0));
    let cleared = table(&end, "evaluation_cleared");
    let (dim, key) = (strs(&cleared, "dimension"), strs(&cleared, "key"));
    let k = (0..cleared.height())
        .find(|&i| dim[i].as_deref() == Some("category") && key[i].as_deref() == Some("1"))
        .unwrap();
    assert_eq!(floats(&cleared, "cleared_share")[k], Some(50.0));
    // The report says why the share is not closed ÷ the census count.
    let html = std::fs::read_to_string(end.join("report.html")).unwrap();
    assert!(html.contains("普查日积案中普查日前已结案、基线误列的案件不计入"));
}

/// e-undated-closure-counted-cleared: an end export made a month after the campaign's last
/// day shows a baseline case closed with no 结案日期; nothing shows it closed by the last day,
/// so it is not cleared (goal 1, 清理进度), as the monthly flows count it pending, and a note
/// says so. With the snapshot on the last day itself, closed then is closed by then.
#[test]
fn an_undated_closure_in_an_end_export_after_the_campaign_is_not_cleared_by_it() {
    let wd = Workdir::new();
    let head = "案号,立案日期,被执行人,执行标的,承办人,案件状态,结案日期,结案方式,有无财产\n";
    wd.write(
        "base.csv",
        format!(
            "{head}\
             （2024）浙0603执1号,2024-02-10,李一,10000,王五,未结,,,有财产\n\
             （2024）浙0603执2号,2024-02-10,李二,10000,王五,未结,,,有财产\n"
        ),
    );
    // 执1 closed in the campaign; 执2 closed, the export does not say when.
    let end_rows = format!(
        "{head}\
         （2024）浙0603执1号,2024-02-10,李一,10000,王五,已结,2026-04-01,执行完毕,有财产\n\
         （2024）浙0603执2号,2024-02-10,李二,10000,王五,已结,,执行完毕,有财产\n"
    );
    wd.write("end.csv", &end_rows);
    let base = pipeline(
        &wd,
        "base",
        &["base.csv", "--exported-on", "2026-02-28"],
        "2026-02-28",
    );
    let goal_1 = |end: &std::path::Path| {
        let goals = table(end, "evaluation_goals");
        let k = strs(&goals, "goal")
            .iter()
            .position(|x| x.as_deref() == Some("1"))
            .unwrap();
        (ints(&goals, "numerator")[k], ints(&goals, "denominator")[k])
    };
    for (run, as_of, cleared) in [("late", "2026-07-31", 1), ("on_time", "2026-06-30", 2)] {
        let end = pipeline(&wd, run, &["end.csv", "--exported-on", as_of], as_of);
        let out = wd.run(&[
            "evaluate",
            "--baseline",
            base.to_str().unwrap(),
            "--end",
            end.to_str().unwrap(),
            "--campaign-start",
            "2026-01-01",
            "--campaign-end",
            "2026-06-30",
            "--no-workbook",
            "--no-report",
        ]);
        assert!(
            matches!(out.status.code(), Some(0) | Some(3)),
            "{}",
            stderr(&out)
        );
        assert_eq!(goal_1(&end), (Some(cleared), Some(2)), "{run}");
        let all = table(&end, "evaluation_cleared")
            .lazy()
            .filter(col("dimension").eq(lit("all")))
            .collect()
            .unwrap();
        assert_eq!(ints(&all, "closed"), vec![Some(cleared)], "{run}");
        let noted = stderr(&out).contains("with no closing date (结案日期)");
        assert_eq!(noted, run == "late", "{run}: {}", stderr(&out));
        if run == "late" {
            let followed = table(&end, "evaluation_followed");
            assert_eq!(
                strs(&followed, "outcome"),
                ["closed_completed", "pending_overdue"]
                    .map(|s| Some(s.to_string()))
                    .to_vec()
            );
            // The campaign's months count it pending at the end, as the evaluation does.
            let monthly = table(&end, "evaluation_monthly");
            assert_eq!(ints(&monthly, "pending_end").last().copied(), Some(Some(1)));
        }
    }
}

#[test]
fn a_masked_number_keeps_its_court_and_is_no_other_case_of_its_lineage() {
    let wd = Workdir::new();
    // Two courts; 执6XX is masked but shows 浙0602.
    wd.write(
        "courts.csv",
        "案号,立案日期,被执行人,承办人\n\
         （2021）浙0602执101号,2021-03-05,李二,王五\n\
         （2021）浙0603执103号,2021-03-07,李六,赵六\n\
         （2021）浙0602执6XX号,2021-04-08,李八,王五\n",
    );
    // A masked 执恢 row with the same parties, cause and basis as its original (closed by
    // 终本): another case, however alike.
    wd.write(
        "a.csv",
        "案号,立案日期,案由,申请执行人,被执行人,执行依据文号,申请执行标的（元）,承办人,结案日期,结案方式\n\
         （2024）浙0603执113号,2024-09-27,机动车交通事故责任纠纷,彭雅倩,梁伟强、李利军,（2022）浙0603民初5014号,34000,黎小玲,2024-12-28,终结本次执行程序\n",
    );
    wd.write(
        "b.csv",
        "案件编号,案件类别,收案日期,案由,申请人,被申请人,执行依据,执行标的(万元),承办法官,案件状态\n\
         (2025)浙0603执恢**号,执恢,2025-07-09,机动车交通事故责任纠纷,彭雅倩,\"梁伟强,李利军\",（2022）浙0603民初5014号,3.2705,徐晓军,未结\n",
    );
    let run = pipeline(&wd, "run", &["courts.csv"], "2026-02-28");
    let courts = level(&table(&run, "census_summary"), "court");
    assert_eq!(
        strs(&courts, "court_code"),
        vec![Some("浙0602".to_string()), Some("浙0603".to_string())]
    );
    assert_eq!(ints(&courts, "pending"), vec![Some(2), Some(1)]);
    let run = pipeline(&wd, "run2", &["a.csv", "b.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(cases.height(), 2, "{cases}");
}

#[test]
fn a_petition_without_a_case_number_goes_to_the_case_its_petitioner_cites() {
    let wd = Workdir::new();
    // 李新 petitions for the company of 执445 (citing it twice); 李新 is also the
    // applicant of 执237. The entries without a 案号 are 执445's.
    wd.write(
        "cases.csv",
        "案号,立案日期,申请执行人,被执行人,承办人\n\
         （2018）浙0602执445号,2018-05-03,浙江晨盛装饰工程有限公司,王大伟,吴伟\n\
         （2017）浙0602执237号,2017-06-12,李新,赵小明,周雅丽\n",
    );
    wd.write(
        "petitions.csv",
        "登记日期,信访人,涉及案号,信访事项\n\
         2021-11-07,李新,,对终结本次执行程序不服\n\
         2022-12-24,李新,（2018）浙0602执445号,反映法院拖延执行\n\
         2023-06-06,李新,（2018）浙0602执445号,反映被执行人转移财产\n\
         2024-03-02,李新,,反映案件久拖不决\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "petition_count"), vec![Some(0), Some(4)]);
}

#[test]
fn a_deducted_period_given_by_its_days_ends_after_them() {
    // 开始日期 + 扣除天数, no end: 30 days of 评估, not a period running to the census.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态\n\
         （2025）浙0603执1号,2025-06-01,李某,张三,未结\n\
         （2025）浙0603执2号,2025-06-01,李二,张三,未结\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期,扣除天数\n\
         （2025）浙0603执1号,评估,2025-07-01,,30\n\
         （2025）浙0603执2号,鉴定,2025-07-01,2025-07-21,25\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "deductions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "deducted_days"), vec![Some(30), Some(20)]);
    assert_eq!(bools(&cases, "in_backlog"), vec![Some(true), Some(true)]);
    // The dates win over days that disagree with them, and the disagreement is listed.
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    assert!(rejects.contains("扣除天数 25 and the period"), "{rejects}");
    // s-register-reject-reasons-english-in-chinese-report: without a run of blanks inside.
    assert!(
        rejects.contains("(20 days) disagree: the dates are used"),
        "{rejects}"
    );
}

/// s-unreadable-deduction-days-open-ended: a 扣除天数 the days reader could not read
/// (3个月零15天, 半年, 60日历天, 约90天) left the deduction without an end, so it ran to the
/// census date (333 days) and the overdue cases left the backlog. Lengths in words are read
/// as their months and days from the start; an estimate is left out, and the reject says so.
#[test]
fn a_deduction_length_in_words_is_read_and_an_unreadable_one_is_left_out() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,承办人,案件状态\n");
    let mut deductions = String::from("案号,扣除类型,开始日期,结束日期,扣除天数\n");
    for (i, days) in ["3个月零15天", "半年", "1年", "60日历天", "约90天", "90"]
        .iter()
        .enumerate()
    {
        cases += &format!("（2025）浙0603执{}号,2025-03-01,李{i},张三,未结\n", i + 1);
        deductions += &format!("（2025）浙0603执{}号,评估,2025-04-01,,{days}\n", i + 1);
    }
    wd.write("cases.csv", &cases);
    wd.write("deductions.csv", &deductions);
    let run = pipeline(&wd, "run", &["cases.csv", "deductions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    // 2025-04-01 + 3 months 15 days = 07-16 (106 days); + 6 months = 10-01 (183: due
    // 2026-03-03, not yet overdue); + 1 year (to the census date, 333); 60; the estimate
    // nothing; 90.
    assert_eq!(
        ints(&cases, "deducted_days"),
        vec![Some(106), Some(183), Some(333), Some(60), Some(0), Some(90)]
    );
    assert_eq!(
        bools(&cases, "in_backlog"),
        vec![
            Some(true),
            Some(false),
            Some(false),
            Some(true),
            Some(true),
            Some(true)
        ]
    );
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    assert!(
        rejects.contains("the deduction is left out, the case's deadline does not include it")
            && rejects.contains("约90天"),
        "{rejects}"
    );
    assert_eq!(rejects.matches("left out").count(), 1, "{rejects}");
}

/// s-unreadable-deduction-end-runs-to-census: a 结束日期 written but not read (2025-11-31,
/// 2025年11月, 2025-13-01, 11.30) left the deduction without an end, so it ran to the census
/// date (150 days): overdue cases left the backlog and a resumed 中止 counted suspended. A
/// written end is not a blank one: the deduction is left out, in one-cell 起止日期 as in two
/// columns, and the reject says so; days that give the length keep it. A case's own 恢复日期
/// so written no longer keeps it suspended, unless its status says 中止.
#[test]
fn a_deduction_whose_end_cannot_be_read_is_left_out_not_run_to_the_census() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,承办人,案件状态,中止日期,恢复日期\n");
    for (i, (status, suspended, resumed)) in [
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "", ""),
        ("未结", "2025-10-01", "2025-11-31"),
        ("中止", "2025-10-01", "2025-11-31"),
    ]
    .iter()
    .enumerate()
    {
        cases += &format!(
            "（2025）浙0603执{}号,2025-06-01,李{i},张三,{status},{suspended},{resumed}\n",
            i + 1
        );
    }
    wd.write("cases.csv", &cases);
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期,扣除天数\n\
         （2025）浙0603执1号,中止,2025-10-01,2025-11-31,\n\
         （2025）浙0603执2号,评估,2025-10-01,2025年11月,\n\
         （2025）浙0603执3号,评估,2025-10-01,2025-13-01,\n\
         （2025）浙0603执4号,评估,2025-10-01,11.30,\n\
         （2025）浙0603执5号,评估,2025-10-01,2025-11-31,60\n",
    );
    wd.write(
        "periods.csv",
        "案号,扣除类型,起止日期\n\
         （2025）浙0603执6号,评估,2025.10.1-2025.11.31\n\
         （2025）浙0603执7号,评估,2025年10月1日至11月31日\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "deductions.csv", "periods.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    // Left out (due 2025-12-01, 89 days overdue), but 执5's 60 days; 执9 中止 since 10-01
    // as its status says (150 days).
    assert_eq!(
        ints(&cases, "deducted_days"),
        vec![
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(60),
            Some(0),
            Some(0),
            Some(0),
            Some(150)
        ]
    );
    let mut suspended = vec![Some("pending".to_string()); 8];
    suspended.push(Some("suspended".to_string()));
    assert_eq!(strs(&cases, "status_as_of"), suspended);
    // All in the backlog: eight overdue, the ninth 中止.
    assert_eq!(bools(&cases, "in_backlog"), vec![Some(true); 9]);
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    // Four register rows and two 起止日期 cells, each with the date's own reason.
    assert_eq!(
        rejects
            .matches("): the deduction is left out, not run to the as-of date")
            .count(),
        6,
        "{rejects}"
    );
    assert!(
        rejects.contains("(impossible date 2025-11-31): the deduction is left out")
            && rejects.contains("(a year and month without the day")
            && !rejects.contains("missing 开始日期"),
        "{rejects}"
    );
    assert!(
        rejects.contains("a 恢复日期 written but not read (impossible date 2025-11-31): the suspension is left out")
            && rejects.contains("the 案件状态 says the case is suspended"),
        "{rejects}"
    );
}

/// s-zhijin-end-drops-running-suspension: 至今, 未恢复 or 尚未恢复 under 结束日期 was read as an
/// end written but not read, so a 中止 still running was left out (pending, out of the
/// backlog) while `2026.1.10至今` under 起止日期 and a blank end counted it suspended. The
/// words say the period has not ended: the two layouts give the same figures, and a case's
/// own 恢复日期 so written keeps its 中止 running too.
#[test]
fn an_end_written_as_still_running_is_a_running_period_in_either_layout() {
    let wd = Workdir::new();
    let mut cases = String::from(
        "案号,立案日期,被执行人,承办人,案件状态,中止日期,恢复日期
",
    );
    for n in 1..=7 {
        let (suspended, resumed) = if n == 7 {
            ("2026-01-10", "未恢复")
        } else {
            ("", "")
        };
        cases +=
            &format!("（2025）浙0603执{n}号,2025-12-0{n},李{n},张三,未结,{suspended},{resumed}\n");
    }
    wd.write("cases.csv", &cases);
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2025）浙0603执1号,中止,2026-01-10,\n\
         （2025）浙0603执2号,中止,2026-01-10,至今\n\
         （2025）浙0603执3号,中止,2026-01-10,未恢复\n\
         （2025）浙0603执4号,中止,2026-01-10,尚未恢复\n",
    );
    wd.write(
        "periods.csv",
        "案号,扣除类型,起止日期\n\
         （2025）浙0603执5号,中止,2026.1.10至今\n\
         （2025）浙0603执6号,中止,2026.1.10-未恢复\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "deductions.csv", "periods.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    // Suspended from 2026-01-10 to the census date: 49 days, in the backlog as 中止.
    assert_eq!(
        strs(&cases, "status_as_of"),
        vec![Some("suspended".to_string()); 7]
    );
    assert_eq!(ints(&cases, "deducted_days"), vec![Some(49); 7]);
    assert_eq!(bools(&cases, "in_backlog"), vec![Some(true); 7]);
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    assert!(!rejects.contains("written but not read"), "{rejects}");
}

/// s-zhijin-weihuifu-end-drops-suspension: 至今未恢复 (至今 + 未恢复, "not resumed to this
/// day"), 至今仍中止 or 中止中 where the end goes was rejected as an end written but not read,
/// and the running 中止 left out (pending, out of the backlog), though 至今 and 未恢复 alone
/// each read as a running end. The combined wordings are a running period too, in either
/// layout; a resumption said done (至今已恢复) is still no running end.
#[test]
fn a_running_end_worded_with_zhijin_and_more_is_a_running_period() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,承办人,案件状态\n");
    for n in 1..=6 {
        cases += &format!("（2025）浙0603执{n}号,2025-11-01,李{n},张三,未结\n");
    }
    wd.write("cases.csv", &cases);
    wd.write(
        "periods.csv",
        "案号,中止事由,起止日期\n\
         （2025）浙0603执1号,中止,2025.12.1-至今未恢复\n\
         （2025）浙0603执2号,中止,2025.12.1至今仍中止\n",
    );
    wd.write(
        "deductions.csv",
        "案号,中止原因,中止日期,恢复日期\n\
         （2025）浙0603执3号,被执行人下落不明,2025-12-01,至今未恢复\n\
         （2025）浙0603执4号,被执行人下落不明,2025-12-01,至今尚未恢复执行\n\
         （2025）浙0603执5号,被执行人下落不明,2025-12-01,中止中\n\
         （2025）浙0603执6号,被执行人下落不明,2025-12-01,至今已恢复\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "periods.csv", "deductions.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    // Suspended from 2025-12-01 to the census date: 89 days, in the backlog as 中止. Case 6
    // (an end that says resumed, with no date) is left out and said so.
    let mut suspended = vec![Some("suspended".to_string()); 5];
    suspended.push(Some("pending".to_string()));
    assert_eq!(strs(&cases, "status_as_of"), suspended);
    assert_eq!(
        ints(&cases, "deducted_days"),
        vec![Some(89), Some(89), Some(89), Some(89), Some(89), Some(0)]
    );
    assert_eq!(
        bools(&cases, "in_backlog"),
        vec![
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            Some(false)
        ]
    );
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    assert_eq!(
        rejects.matches("written but not read").count(),
        1,
        "{rejects}"
    );
    assert!(rejects.contains("至今已恢复"), "{rejects}");
}

/// s-date-qi-zhi-suffix-two-column: a date followed by 起 or 止 (2025年9月30日止,
/// 2025年12月1日起, 2026年3月31日止) is read as that date under 开始日期, 结束日期 and
/// 延长至, and in 延长期限 as 延长至2026年3月31日止, as it was in a 起止日期 cell. Before, the
/// cells were rejected as "not a date": the deduction, the running 中止 and the extensions
/// were left out and the cases counted overdue.
#[test]
fn a_date_marked_with_qi_or_zhi_reads_in_every_register_layout() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,承办人,案件状态\n");
    for n in 1..=6 {
        cases += &format!("（2025）浙0603执{n}号,2025-06-01,李{n},张三,未结\n");
    }
    wd.write("cases.csv", &cases);
    wd.write(
        "periods.csv",
        "案号,扣除类型,起止日期\n\
         （2025）浙0603执1号,评估,2025年7月1日至2025年9月30日止\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2025）浙0603执2号,评估,2025年7月1日,2025年9月30日止\n\
         （2025）浙0603执3号,中止,2025年12月1日起,\n",
    );
    wd.write(
        "until.csv",
        "案号,延长至,批准日期\n\
         （2025）浙0603执4号,2026年3月31日止,2025-11-20\n\
         （2025）浙0603执6号,3月31日止,2025-11-20\n",
    );
    wd.write(
        "length.csv",
        "案号,延长期限,批准日期\n\
         （2025）浙0603执5号,延长至2026年3月31日止,2025-11-20\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &[
            "cases.csv",
            "periods.csv",
            "deductions.csv",
            "until.csv",
            "length.csv",
        ],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    let due = |i: usize| {
        cases
            .column("due_on")
            .unwrap()
            .cast(&DataType::String)
            .unwrap()
            .str()
            .unwrap()
            .get(i)
            .map(String::from)
    };
    // 7.1–9.30: 91 days after 2025-12-01.
    assert_eq!(due(0).as_deref(), Some("2026-03-02"));
    assert_eq!(due(1).as_deref(), Some("2026-03-02"));
    // A 中止 from 2025-12-01 still running at the census: 89 days, suspended.
    assert_eq!(
        strs(&cases, "status_as_of")[2].as_deref(),
        Some("suspended")
    );
    assert_eq!(ints(&cases, "deducted_days")[2], Some(89));
    for i in [3, 4, 5] {
        assert_eq!(due(i).as_deref(), Some("2026-03-31"), "row {i}");
    }
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    assert!(!rejects.contains("not a date"), "{rejects}");
}

#[test]
fn a_resumption_on_its_own_register_row_ends_the_suspension() {
    // 中止 from 2025-10-01 without an end, 恢复执行 on 2025-10-20 on the next row: 19 days
    // suspended, pending again at the census; not a second period running since 10-20.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态\n\
         （2025）浙0603执1号,2025-09-01,李某,张三,未结\n\
         （2025）浙0603执2号,2025-09-01,李二,张三,未结\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2025）浙0603执1号,中止,2025-10-01,\n\
         （2025）浙0603执1号,恢复执行,2025-10-20,\n\
         （2025）浙0603执2号,中止（已恢复）,2025-10-01,\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "deductions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        strs(&cases, "status_as_of"),
        vec![Some("pending".to_string()), Some("suspended".to_string())]
    );
    assert_eq!(ints(&cases, "deducted_days"), vec![Some(19), Some(150)]);
}

#[test]
fn registers_of_suspensions_and_of_reassignments_are_read_as_side_tables() {
    // 案号 | 中止日期 | 恢复日期 | 中止原因 and 案号 | 原承办人 | 变更后承办人 | 变更日期: side
    // registers as clerks keep them, not case lists without a 立案日期 (which stopped the
    // whole ingest). The reassignment is dated after the export: 赵六 has the case now.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "导出时间：2025-10-31\n案号,立案日期,被执行人,承办人,案件状态\n\
         （2025）浙0603执1号,2025-06-01,李某,张三,未结\n\
         （2025）浙0603执2号,2025-06-01,李二,张三,未结\n",
    );
    wd.write(
        "changes.csv",
        "案号,原承办人,变更后承办人,变更日期\n（2025）浙0603执1号,张三,赵六,2025-12-01\n",
    );
    wd.write(
        "suspensions.csv",
        "案号,中止日期,恢复日期,中止原因\n\
         （2025）浙0603执2号,2025-07-01,2025-10-01,被执行人涉嫌犯罪\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "changes.csv", "suspensions.csv"],
        "2026-02-28",
    );
    let deductions = table(&run, "deductions");
    assert_eq!(
        strs(&deductions, "kind"),
        vec![Some("中止（被执行人涉嫌犯罪）".to_string())]
    );
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "deducted_days"), vec![Some(0), Some(92)]);
    assert_eq!(bools(&cases, "in_backlog"), vec![Some(true), Some(false)]);
    assert_eq!(
        strs(&cases, "officer"),
        vec![Some("赵六".to_string()), Some("张三".to_string())]
    );
}

/// s-undated-reassignment-silently-ignored: a reassignment (赵六 → 钱八) whose 变更日期 is
/// blank, beside a dated 分案 row naming 赵六, cannot be placed in time: the case stays with
/// 赵六, and the row is listed in the rejects under 变更日期, naming the row that counts.
/// Before, it was dropped without a word. An undated row naming the dated row's officer, and
/// a dated reassignment, are not listed.
#[test]
fn an_undated_reassignment_a_dated_row_outranks_is_listed() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执1号,2025-04-01,李一,未结\n\
         （2025）浙0603执2号,2025-04-01,李二,未结\n\
         （2025）浙0603执3号,2025-04-01,李三,未结\n",
    );
    wd.write(
        "assignments.csv",
        "案号,承办人,执行团队,分配日期\n\
         （2025）浙0603执1号,赵六,执行二组,2025-04-01\n\
         （2025）浙0603执2号,赵六,执行二组,2025-04-01\n\
         （2025）浙0603执3号,赵六,执行二组,2025-04-01\n",
    );
    wd.write(
        "changes.csv",
        "案号,原承办人,变更后承办人,变更后团队,变更日期\n\
         （2025）浙0603执1号,赵六,钱八,执行一组,\n\
         （2025）浙0603执2号,赵六,钱八,执行一组,2025-11-01\n\
         （2025）浙0603执3号,孙九,赵六,执行二组,\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "assignments.csv", "changes.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    assert_eq!(
        strs(&cases, "officer"),
        vec![
            Some("赵六".to_string()),
            Some("钱八".to_string()),
            Some("赵六".to_string())
        ]
    );
    let rejects = table(&run, "rejects");
    let listed: Vec<(Option<String>, Option<i64>, Option<String>)> = strs(&rejects, "source_file")
        .into_iter()
        .zip(ints(&rejects, "source_row"))
        .zip(strs(&rejects, "column"))
        .map(|((f, r), c)| (f.map(|f| f.rsplit('/').next().unwrap().to_string()), r, c))
        .collect();
    assert_eq!(
        listed,
        vec![(
            Some("changes.csv".to_string()),
            Some(2),
            Some("变更日期".to_string())
        )]
    );
    let reason = strs(&rejects, "reason")[0].clone().unwrap();
    assert!(
        reason.contains("钱八") && reason.contains("赵六 (assignments.csv, row 2, 2025-04-01)"),
        "{reason}"
    );
    let m = crate::util::manifest(&run);
    let files = m["files"].as_array().unwrap();
    let changes = files
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("changes.csv"))
        })
        .unwrap_or_else(|| panic!("{m}"));
    assert_eq!(changes["sheets"][0]["field_rejects"]["assigned_on"], 1);
}

/// s-reassignment-keeps-former-team: a 承办人变更 row without a team column (李四 → 赵六)
/// gave case 1 to 赵六 but left it in 执行二组, the team 李四's 分案 row named, so the backlog
/// per team counted it for the team that gave it away. A team goes with its own officer:
/// case 1 takes 赵六's team (执行三组, as his own row says), and a team a row without an
/// officer gave before the change (case 3) is no longer the case's either.
#[test]
fn a_reassigned_case_leaves_its_former_officers_team() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执1号,2025-01-10,李一,未结\n\
         （2025）浙0603执2号,2025-02-10,李二,未结\n\
         （2025）浙0603执3号,2025-03-10,李三,未结\n\
         （2025）浙0603执4号,2025-04-10,李四,未结\n",
    );
    wd.write(
        "assignments.csv",
        "案号,承办人,执行团队,分配日期\n\
         （2025）浙0603执1号,李四,执行二组,2025-03-01\n\
         （2025）浙0603执2号,赵六,执行三组,2025-03-01\n\
         （2025）浙0603执3号,,执行二组,2025-03-01\n\
         （2025）浙0603执4号,李四,执行二组,2025-03-01\n",
    );
    wd.write(
        "changes.csv",
        "案号,原承办人,变更后承办人,变更日期\n\
         （2025）浙0603执1号,李四,赵六,2026-02-01\n\
         （2025）浙0603执3号,李四,赵六,2026-02-01\n\
         （2025）浙0603执4号,李四,李四,2026-02-01\n",
    );
    let run = pipeline(
        &wd,
        "run",
        &["cases.csv", "assignments.csv", "changes.csv"],
        "2026-02-28",
    );
    let cases = table(&run, "cases_classified");
    assert_eq!(
        strs(&cases, "officer"),
        vec![
            Some("赵六".to_string()),
            Some("赵六".to_string()),
            Some("赵六".to_string()),
            Some("李四".to_string())
        ]
    );
    // 执4 stays with 李四 (a change to the same officer): his team stays too.
    assert_eq!(
        strs(&cases, "team"),
        vec![
            Some("执行三组".to_string()),
            Some("执行三组".to_string()),
            Some("执行三组".to_string()),
            Some("执行二组".to_string())
        ]
    );
}

#[test]
fn a_later_leader_only_row_is_no_reassignment_after_the_export() {
    // The register names 张三官 in January and only a leader in July; the export of
    // 2025-06-30 names 李四官: the officer is the export's (the register's officer is older).
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "导出时间：2025-06-30\n案号,立案日期,被执行人,承办人,承办团队,案件状态\n\
         （2025）浙0603执1号,2025-01-05,李某,李四官,执行二组,未结\n",
    );
    wd.write(
        "assignments.csv",
        "案号,承办人,承办团队,包案领导,分配日期\n\
         （2025）浙0603执1号,张三官,执行一组,,2025-01-10\n\
         （2025）浙0603执1号,,,院长甲,2025-07-01\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "assignments.csv"], "2025-12-31");
    let cases = table(&run, "cases_classified");
    assert_eq!(strs(&cases, "officer"), vec![Some("李四官".to_string())]);
    assert_eq!(strs(&cases, "team"), vec![Some("执行二组".to_string())]);
}

#[test]
fn a_narrow_case_list_with_an_assignment_date_is_a_case_list() {
    // As many columns map to the assignments' profile: a tie goes to the case list.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,承办人,变更日期\n\
         （2025）浙0603执1号,2025-01-05,张三,2025-02-01\n\
         （2025）浙0603执2号,2025-01-06,张三,2025-02-01\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv"], "2025-12-31");
    assert_eq!(table(&run, "cases_classified").height(), 2);
}

#[test]
fn an_extension_pending_or_withdrawn_adds_no_time() {
    // metrics.md adds approved extensions only: 审批中, 待审批 and 已撤回 add nothing.
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,承办人,案件状态\n");
    let mut exts = String::from("案号,延长期限,批准日期,审批结果\n");
    for (n, decision) in ["审批中", "待审批", "已撤回", "同意"].iter().enumerate() {
        cases += &format!("（2025）浙0603执{}号,2025-06-01,李某,张三,未结\n", n + 1);
        exts += &format!("（2025）浙0603执{}号,3个月,2025-11-20,{decision}\n", n + 1);
    }
    wd.write("cases.csv", cases);
    wd.write("extensions.csv", exts);
    let run = pipeline(&wd, "run", &["cases.csv", "extensions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        bools(&cases, "in_backlog"),
        vec![Some(true), Some(true), Some(true), Some(false)]
    );
}

#[test]
fn a_newer_export_saying_only_closed_keeps_the_closure_another_export_dates() {
    // The 收案 list, pulled after the census date, says 已结 without a date; the 结案
    // list gives 2025-11-08 执行完毕. The case closed then (it is no backlog, and counts
    // in November's closures), not at an unknown date.
    let wd = Workdir::new();
    wd.write(
        "received.csv",
        "导出时间：2026-01-04 09:00\n案号,立案日期,案件状态,承办人\n\
         （2025）浙0603执1号,2025-01-03,已结,王五\n\
         （2025）浙0603执2号,2025-02-03,在办,王五\n",
    );
    wd.write(
        "closed.csv",
        "导出时间：2025-12-31 09:00\n案号,立案日期,结案日期,结案方式,承办人\n\
         （2025）浙0603执1号,2025-01-03,2025-11-08,执行完毕,王五\n",
    );
    let run = pipeline(&wd, "run", &["received.csv", "closed.csv"], "2025-12-31");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        strs(&cases, "closure_method"),
        vec![Some("执行完毕".to_string()), None]
    );
    assert_eq!(bools(&cases, "in_backlog"), vec![Some(false), Some(true)]);
    let closed = cases
        .column("closed_on")
        .unwrap()
        .cast(&DataType::String)
        .unwrap();
    assert_eq!(closed.str().unwrap().get(0), Some("2025-11-08"));
}

#[test]
fn a_registers_count_of_visits_counts_but_is_not_summed_over_numbered_rows() {
    // 执1: one row, 信访次数 3 → 3 petitions (category 7). 执2: three rows numbering the
    // visits 1, 2, 3 → 3, not 6.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态\n\
         （2025）浙0603执1号,2025-01-05,李某,张三,未结\n\
         （2025）浙0603执2号,2025-01-05,李二,张三,未结\n",
    );
    wd.write(
        "petitions.csv",
        "登记日期,信访人,涉及案号,信访事项,信访次数\n\
         2025-09-01,王甲,（2025）浙0603执1号,反映拖延执行,3\n\
         2025-08-01,王乙,（2025）浙0603执2号,反映拖延执行,1\n\
         2025-09-01,王乙,（2025）浙0603执2号,反映拖延执行,2\n\
         2025-10-01,王乙,（2025）浙0603执2号,反映拖延执行,3\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "petition_count"), vec![Some(3), Some(3)]);
}

/// s-petition-ordinal-di-ci-rejected: 信访次数 written as the visit's ordinal (第2次, 第二次:
/// the second visit) says the case has had at least 2 petitions, as 2次 does: category 7.
/// Before, the cell was rejected as "not a whole number" and the case had one petition.
#[test]
fn a_registers_visit_numbered_as_an_ordinal_counts_that_many() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态
         （2025）浙0603执1号,2025-01-05,李一,张三,未结
         （2025）浙0603执2号,2025-01-05,李二,张三,未结
         （2025）浙0603执3号,2025-01-05,李三,张三,未结
",
    );
    wd.write(
        "petitions.csv",
        "登记日期,信访人,涉及案号,信访事项,信访次数
         2025-09-01,王甲,（2025）浙0603执1号,反映拖延执行,第2次
         2025-09-01,王乙,（2025）浙0603执2号,反映拖延执行,第二次
         2025-09-01,王丙,（2025）浙0603执3号,反映拖延执行,2次
",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        ints(&cases, "petition_count"),
        vec![Some(2), Some(2), Some(2)]
    );
    assert_eq!(bools(&cases, "cat_7"), vec![Some(true); 3]);
    let rejects = table(&run, "rejects");
    assert_eq!(rejects.height(), 0, "{rejects}");
}

/// s-repeat-petition-type-ignored: an entry whose 信访类型 (or 信访内容) classes it 重复信访 /
/// 重复访 repeats an earlier petition on the matter, so the case has had at least 2, as
/// 第2次 says: category 7. 初信初访 and 非重复信访 are one petition.
#[test]
fn a_register_entry_classed_as_a_repeat_petition_counts_two() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态
         （2025）浙0603执1号,2025-01-05,李一,张三,未结
         （2025）浙0603执2号,2025-01-05,李二,张三,未结
         （2025）浙0603执3号,2025-01-05,李三,张三,未结
         （2025）浙0603执4号,2025-01-05,李四,张三,未结
         （2025）浙0603执5号,2025-01-05,李五,张三,未结
",
    );
    wd.write(
        "petitions.csv",
        "登记日期,信访人,涉及案号,信访类型,信访事项
         2025-09-01,王甲,（2025）浙0603执1号,重复信访,反映拖延执行
         2025-09-01,王乙,（2025）浙0603执2号,重复访,反映拖延执行
         2025-09-01,王丙,（2025）浙0603执3号,初信初访,反映拖延执行
         2025-09-01,王丁,（2025）浙0603执4号,来访,重复信访 要求加快执行
         2025-09-01,王戊,（2025）浙0603执5号,来访,非重复信访
",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        ints(&cases, "petition_count"),
        vec![Some(2), Some(2), Some(1), Some(2), Some(1)]
    );
    assert_eq!(
        bools(&cases, "cat_7"),
        vec![Some(true), Some(true), Some(false), Some(true), Some(false)]
    );
}

/// s-repeat-petition-type-beside-channel: a register with both 信访方式 (来访) and 信访类型
/// (重复信访) reads both, joined (来访（重复信访）): the entry is a repeat petition (category
/// 7). Before, the second column of the field lay unread in `extra`.
#[test]
fn a_repeat_class_beside_the_channel_column_counts_two() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态
         （2025）浙0603执1号,2025-01-05,李一,张三,未结
         （2025）浙0603执2号,2025-01-05,李二,张三,未结
",
    );
    wd.write(
        "petitions.csv",
        "信访日期,信访人,案号,信访方式,信访内容,信访类型
         2025-09-01,王甲,（2025）浙0603执1号,来访,反映执行不力,重复信访
         2025-09-01,王乙,（2025）浙0603执2号,来信,反映执行不力,初信初访
",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    assert_eq!(ints(&cases, "petition_count"), vec![Some(2), Some(1)]);
    assert_eq!(bools(&cases, "cat_7"), vec![Some(true), Some(false)]);
    let petitions = table(&run, "petitions");
    assert_eq!(
        strs(&petitions, "channel"),
        vec![
            Some("来访（重复信访）".into()),
            Some("来信（初信初访）".into())
        ]
    );
    assert_eq!(strs(&petitions, "extra"), vec![None, None]);
}

#[test]
fn a_petition_from_before_the_cited_case_was_filed_is_not_that_cases() {
    // 王亮 petitioned in 2015 without a 案号, about his first case (closed 终本); his
    // entry of 2016 cites the 执恢 case filed in April 2016. The 2015 entry cannot be
    // about a case that did not exist: it goes by name to the first case.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,申请执行人,被执行人,承办人,结案日期,结案方式
\
         （2014）绍柯执字第261号,2014-09-03,王亮,赵小明,吴伟,2015-12-07,终结本次执行程序
\
         （2016）浙0603执恢9号,2016-04-13,王亮,赵小明,吴伟,,
",
    );
    wd.write(
        "petitions.csv",
        "登记日期,信访人,涉及案号,信访事项
\
         2015-05-10,王亮,,反映法院拖延执行
\
         2016-05-20,王亮,（2016）浙0603执恢9号,反映被执行人转移财产
",
    );
    let run = pipeline(&wd, "run", &["cases.csv", "petitions.csv"], "2016-06-30");
    let cases = table(&run, "cases_classified");
    assert_eq!(
        strs(&cases, "case_no"),
        opt_strs(&["（2014）绍柯执字第261号", "（2016）浙0603执恢9号"])
    );
    assert_eq!(ints(&cases, "petition_count"), vec![Some(1), Some(1)]);
}

#[test]
fn a_titles_court_places_cases_whose_number_shows_none_or_an_old_abbreviation() {
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (court, code, old) in [
        ("金华市金东区人民法院", "浙0703", "金东"),
        ("金华市婺城区人民法院", "浙0702", "金婺"),
    ] {
        let ws = wb.add_worksheet();
        let rows: Vec<Vec<String>> = vec![
            vec![format!("{court}执行案件清单")],
            ["案号", "立案日期", "被执行人", "承办人"]
                .map(String::from)
                .to_vec(),
            vec![
                format!("（2024）{code}执1号"),
                "2024-03-01".into(),
                "李一".into(),
                "王五".into(),
            ],
            vec![
                format!("（2015）{old}执字第00023号"),
                "2015-03-01".into(),
                "李二".into(),
                "王五".into(),
            ],
            vec![
                "暂无".into(),
                "2024-05-01".into(),
                format!("{old}李三"),
                "王五".into(),
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write(r as u32, c as u16, v.as_str()).unwrap();
            }
        }
    }
    wd.write("a.xlsx", wb.save_to_buffer().unwrap());
    let run = pipeline(&wd, "run", &["a.xlsx"], "2026-02-28");
    let courts = level(&table(&run, "census_summary"), "court");
    assert_eq!(
        strs(&courts, "court_code"),
        vec![Some("浙0702".to_string()), Some("浙0703".to_string())]
    );
    assert_eq!(ints(&courts, "pending"), vec![Some(3), Some(3)]);
}

#[test]
fn words_of_repeated_petitions_do_not_outweigh_the_exports_own_count() {
    let wd = Workdir::new();
    // 执8: 信访1次 in the note; 执9: 是否信访 否; 执10: the words alone (category 7).
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,是否信访,未结原因,备注\n\
         （2025）浙0603执8号,2025-03-06,王大明,邓宏健,是,申请人多次上访,信访1次\n\
         （2025）浙0603执9号,2025-03-07,李小红,邓宏健,否,申请人多次上访,\n\
         （2025）浙0603执10号,2025-03-07,李小红,邓宏健,,申请人多次上访,\n",
    );
    let run = pipeline(&wd, "run", &["cases.csv"], "2026-02-28");
    let cases = table(&run, "cases_classified");
    let no = strs(&cases, "case_no");
    let cat7 = bools(&cases, "cat_7");
    let at = |n: &str| cat7[no.iter().position(|x| x.as_deref() == Some(n)).unwrap()];
    assert_eq!(at("（2025）浙0603执8号"), Some(false));
    assert_eq!(at("（2025）浙0603执9号"), Some(false));
    assert_eq!(at("（2025）浙0603执10号"), Some(true));
}

#[test]
fn a_first_enforcement_without_its_number_is_not_its_resumed_case() {
    let wd = Workdir::new();
    // The original (暂无 in place of its 案号, 首执, closed by 终本) and its 执恢 case: the same
    // parties, basis and claim, two cases.
    wd.write(
        "b.csv",
        "案件编号,案件类别,收案日期,案由,申请人,被申请人,执行依据,执行标的(万元),承办法官,案件状态,结案日期,结案方式\n\
         暂无,首执,2022-11-30,买卖合同纠纷,某某有限公司,\"某某商贸有限公司,李四\",（2022）浙0603民初1046号,14.8101,王五,终本,2023/3/1,终本\n\
         （2024）浙0603执恢37号,恢复执行,2024-03-15,买卖合同纠纷,某某有限公司,\"某某商贸有限公司,李四\",（2022）浙0603民初1046号,14.8101,赵六,在办,,\n",
    );
    let run = pipeline(&wd, "run", &["b.csv"], "2024-05-18");
    let cases = table(&run, "cases_classified");
    assert_eq!(cases.height(), 2, "{cases}");
}
