//! `caseflow classify` end to end: a generated court's census snapshot, ingested and
//! classified at the census date, against the generator's ground truth; and the usage
//! errors a statistician can make.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use crate::util::{stderr, Workdir};

use crate::util::read_parquet;

/// Ingests `args` (files and options) into `run` and classifies it at `as_of`: the
/// classified case table.
fn classified(wd: &Workdir, args: &[&str], as_of: &str) -> DataFrame {
    let mut ingest = vec!["ingest"];
    ingest.extend_from_slice(args);
    ingest.extend(["--out", "run"]);
    let out = wd.run(&ingest);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run", "--as-of", as_of]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    read_parquet(&wd.join("run/parquet/cases_classified.parquet"))
}

fn strs(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .str()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .iter()
        .map(|s| s.map(String::from))
        .collect()
}

fn bools(df: &DataFrame, name: &str) -> Vec<Option<bool>> {
    df.column(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .bool()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .iter()
        .collect()
}

fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    let c = df
        .column(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .cast(&DataType::Int64)
        .expect("cast to i64");
    c.i64().expect("i64").iter().collect()
}

/// Dates as days since 1970-01-01.
fn days(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    let c = df
        .column(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .cast(&DataType::Int32)
        .expect("cast date")
        .cast(&DataType::Int64)
        .expect("cast i64");
    c.i64().expect("i64").iter().collect()
}

fn lists(df: &DataFrame, name: &str) -> Vec<Vec<String>> {
    let ca = df
        .column(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .list()
        .expect("list");
    ca.amortized_iter()
        .map(|s| match s {
            Some(s) => s
                .as_ref()
                .str()
                .expect("list of str")
                .iter()
                .flatten()
                .map(String::from)
                .collect(),
            None => Vec::new(),
        })
        .collect()
}

/// tp, fp, fn, tn of one label.
#[derive(Default, Clone, Copy, Debug)]
struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Confusion {
    fn add(&mut self, ours: bool, truth: bool) {
        match (ours, truth) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn n(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }
    fn agreement(&self) -> f64 {
        (self.tp + self.tn) as f64 / self.n().max(1) as f64
    }
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
}

/// One root cause judged against what the case's record states (the generator's
/// `census_root_causes_stated`: the causes its reason text names) and what is true of the
/// case (`root_causes`, which also holds causes no export mentions: a vague text names
/// none, and a text names at most two). A claim is wrong when the cause is not true; a
/// silence is wrong when the record states the cause. No classifier can find a cause the
/// exports never mention, so silence on an unstated true cause is not counted.
#[derive(Default, Clone, Copy, Debug)]
struct Evidenced {
    n: usize,
    wrong_claims: usize,
    stated_missed: usize,
}

impl Evidenced {
    fn add(&mut self, ours: bool, stated: bool, truth: bool) {
        self.n += 1;
        self.wrong_claims += usize::from(ours && !truth);
        self.stated_missed += usize::from(!ours && stated);
    }
    fn agreement(&self) -> f64 {
        1.0 - (self.wrong_claims + self.stated_missed) as f64 / self.n.max(1) as f64
    }
}

const ROOT_CAUSES: [&str; 9] = [
    "no_assets",
    "whereabouts_unknown",
    "hard_to_realise",
    "evasion",
    "assist_noncooperation",
    "interference",
    "legal_obstacle",
    "petition",
    "court_delay",
];

/// Generates a court, ingests the census snapshot, classifies it at the census date and
/// compares with the truth case by case (a case in both systems is compared twice, once per
/// row; rows whose 案号 is masked or invalid cannot be matched and are skipped).
#[test]
fn census_classification_agrees_with_the_generators_truth() {
    let wd = Workdir::new();
    let out = wd.run(&[
        "generate", "--out", "court", "--cases", "1500", "--seed", "23",
    ]);
    assert!(out.status.success(), "generate failed: {}", stderr(&out));
    let court = wd.join("court");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(court.join("manifest.json")).unwrap())
            .unwrap();
    let census = manifest["campaign"]["census"].as_str().unwrap().to_string();
    let inputs = crate::util::snapshot_inputs(&court, "census");
    let mut args: Vec<&str> = vec!["ingest"];
    args.extend(inputs.iter().map(|s| s.as_str()));
    args.extend(["--out", "../run"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseflow"))
        .args(&args)
        .current_dir(&court)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "ingest failed: {}",
        stderr(&out)
    );
    // Each source row as it stands (two systems' rows of one case are two rows here):
    // without --input, classify refuses rows that repeat a 案号 and asks for dedup.
    let out = wd.run(&["classify", "run", "--as-of", &census]);
    assert_eq!(out.status.code(), Some(1), "classify: {}", stderr(&out));
    assert!(
        stderr(&out).contains("caseflow dedup RUN"),
        "{}",
        stderr(&out)
    );
    let out = wd.run(&[
        "classify",
        "run",
        "--as-of",
        &census,
        "--input",
        "run/parquet/cases.parquet",
    ]);
    assert_eq!(out.status.code(), Some(0), "classify: {}", stderr(&out));
    let summary = stderr(&out);
    assert!(summary.contains("backlog rule"), "{summary}");

    let run = wd.join("run");
    let ours = read_parquet(&run.join("parquet/cases_classified.parquet"));
    let input = read_parquet(&run.join("parquet/cases.parquet"));
    assert_eq!(
        ours.height(),
        input.height(),
        "one output row per input row"
    );
    for c in input.get_column_names() {
        assert!(ours.column(c.as_str()).is_ok(), "input column {c} kept");
    }
    let truth = read_parquet(&court.join("truth/cases.parquet"));

    // Truth by canonical case number.
    let t_no = strs(&truth, "case_no");
    let t_index: HashMap<String, usize> = t_no
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.clone().map(|s| (s, i)))
        .collect();
    let t_due = days(&truth, "census_due_on");
    let t_status = strs(&truth, "census_status");
    let t_backlog = bools(&truth, "census_in_backlog");
    let t_cats: Vec<Vec<Option<bool>>> = (1..=7)
        .map(|k| bools(&truth, &format!("census_cat_{k}")))
        .collect();
    let t_causes = lists(&truth, "root_causes");
    let t_stated = lists(&truth, "census_root_causes_stated");
    let t_assets = bools(&truth, "has_assets");
    let t_pets = ints(&truth, "census_petition_count");
    let t_ext = (
        ints(&truth, "census_extension_months"),
        ints(&truth, "census_extension_days"),
    );

    let o_no = strs(&ours, "case_no");
    let o_valid = bools(&ours, "case_no_valid");
    let o_due = days(&ours, "due_on");
    let o_status = strs(&ours, "status_as_of");
    let o_backlog = bools(&ours, "in_backlog");
    let o_cats: Vec<Vec<Option<bool>>> =
        (1..=7).map(|k| bools(&ours, &format!("cat_{k}"))).collect();
    let o_reasons = lists(&ours, "category_reasons");
    let o_causes = lists(&ours, "root_causes");
    let o_cause_reasons = lists(&ours, "root_cause_reasons");
    let o_assets = bools(&ours, "has_assets");
    let o_pets = ints(&ours, "petition_count");
    let o_ext = (
        ints(&ours, "extension_months"),
        ints(&ours, "extension_days"),
    );

    let mut matched = 0;
    let mut due_wrong = Vec::new();
    let mut status_wrong = Vec::new();
    let mut conf: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut evidenced: BTreeMap<&str, Evidenced> = BTreeMap::new();
    let mut missing_reasons = Vec::new();
    // Rows whose approved extensions, as ingested, differ from the truth: an ingest
    // problem, not a classification one; they are left out of the comparison below and
    // reported at the end.
    let mut extension_read_wrong = Vec::new();
    for i in 0..ours.height() {
        if o_valid[i] != Some(true) {
            continue;
        }
        let Some(&t) = o_no[i].as_ref().and_then(|n| t_index.get(n)) else {
            continue;
        };
        let ext_o = (o_ext.0[i], o_ext.1[i]);
        let ext_t = (t_ext.0[t], t_ext.1[t]);
        if ext_o != ext_t {
            extension_read_wrong.push((o_no[i].clone(), ext_o, ext_t));
            continue;
        }
        matched += 1;
        if o_due[i] != t_due[t] {
            due_wrong.push((o_no[i].clone(), o_due[i], t_due[t]));
        }
        if o_status[i] != t_status[t] {
            status_wrong.push((o_no[i].clone(), o_status[i].clone(), t_status[t].clone()));
        }
        conf.entry("in_backlog".into())
            .or_default()
            .add(o_backlog[i] == Some(true), t_backlog[t] == Some(true));
        let open = matches!(
            t_status[t].as_deref(),
            Some("pending" | "suspended" | "deferred")
        );
        if !open {
            continue;
        }
        for k in 0..7 {
            let o = o_cats[k][i] == Some(true);
            conf.entry(format!("cat_{}", k + 1))
                .or_default()
                .add(o, t_cats[k][t] == Some(true));
            let tag = format!("类别{}：", k + 1);
            if o && !o_reasons[i].iter().any(|r| r.starts_with(&tag)) {
                missing_reasons.push((o_no[i].clone(), k + 1));
            }
        }
        for code in ROOT_CAUSES {
            let o = o_causes[i].iter().any(|c| c == code);
            let truth = t_causes[t].iter().any(|c| c == code);
            conf.entry(format!("root_cause {code}"))
                .or_default()
                .add(o, truth);
            evidenced
                .entry(code)
                .or_default()
                .add(o, t_stated[t].iter().any(|c| c == code), truth);
        }
        assert_eq!(
            o_causes[i].len(),
            o_cause_reasons[i].len(),
            "one reason per root cause"
        );
        if let Some(a) = o_assets[i] {
            conf.entry("has_assets (where known)".into())
                .or_default()
                .add(a, t_assets[t] == Some(true));
        }
        conf.entry("petition_count exact".into())
            .or_default()
            .add(o_pets[i] == t_pets[t], true);
    }
    eprintln!(
        "matched rows: {matched} (left out: {} whose extensions were ingested differently)",
        extension_read_wrong.len()
    );
    eprintln!(
        "{:32} {:>5} {:>5} {:>5} {:>5} {:>8} {:>9}",
        "label", "tp", "fp", "fn", "tn", "agree%", "precision"
    );
    for (k, c) in &conf {
        eprintln!(
            "{k:32} {:>5} {:>5} {:>5} {:>5} {:>8.2} {:>9.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            100.0 * c.agreement(),
            c.precision()
        );
    }
    eprintln!(
        "root causes against the record: {:24} {:>5} {:>12} {:>13} {:>8}",
        "cause", "cases", "wrong claims", "stated missed", "agree%"
    );
    for (code, e) in &evidenced {
        eprintln!(
            "                                 {code:24} {:>5} {:>12} {:>13} {:>8.2}",
            e.n,
            e.wrong_claims,
            e.stated_missed,
            100.0 * e.agreement()
        );
    }
    assert!(matched > 300, "too few rows matched: {matched}");
    assert!(
        due_wrong.is_empty(),
        "{} of {matched} due dates differ from the truth (ours, truth; days since 1970): {:?}",
        due_wrong.len(),
        &due_wrong[..due_wrong.len().min(10)]
    );
    assert!(
        status_wrong.is_empty(),
        "statuses differ: {:?}",
        &status_wrong[..status_wrong.len().min(10)]
    );
    assert!(missing_reasons.is_empty(), "{missing_reasons:?}");
    for (k, c) in &conf {
        if k.starts_with("cat_") || k == "in_backlog" || k.starts_with("has_assets") {
            assert!(c.agreement() >= 0.99, "{k}: {c:?}");
        } else if k.starts_with("petition_count") {
            assert!(c.agreement() >= 0.97, "{k}: {c:?}");
        } else {
            // Root causes against everything true of the case: recall is bounded by what
            // the exports say (see `Evidenced`), so only a floor here; the 99 % goal is
            // held against the record below.
            assert!(c.agreement() >= 0.9, "{k}: {c:?}");
            assert!(c.precision() >= 0.95, "{k}: {c:?}");
        }
    }
    for (code, e) in &evidenced {
        assert!(e.agreement() >= 0.99, "root cause {code}: {e:?}");
        assert!(e.n > 200, "{code}: too few open cases compared: {e:?}");
    }

    // The side outputs exist and the unexplained clauses are counted.
    let unmatched = read_parquet(&run.join("parquet/unmatched_reasons.parquet"));
    assert!(
        unmatched.height() > 0,
        "vague texts (见卷宗 …) are reported"
    );
    let texts = strs(&unmatched, "text");
    assert!(
        texts
            .iter()
            .flatten()
            .any(|t| t == "见卷宗" || t == "待查" || t == "正在办理中"),
        "{texts:?}"
    );
    let without = read_parquet(&run.join("parquet/cases_without_officer.parquet"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("classify.json")).unwrap()).unwrap();
    assert_eq!(
        json["open_without_officer"].as_u64(),
        Some(without.height() as u64)
    );
    assert!(json["backlog_rule"]
        .as_str()
        .unwrap()
        .contains("overdue_days"));

    assert!(
        extension_read_wrong.is_empty(),
        "{} rows: the extensions table (as ingested) disagrees with the truth on the \
         approved months/days (ours, truth): {:?} — a 延长期限 written `30日`/`60天` must be read \
         as days, not months",
        extension_read_wrong.len(),
        &extension_read_wrong[..extension_read_wrong.len().min(10)]
    );
}

#[test]
fn usage_errors_exit_2() {
    let wd = Workdir::new();
    let out = wd.run(&["classify", "nowhere", "--as-of", "2026-02-28"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    std::fs::create_dir_all(wd.join("run/parquet")).unwrap();
    let out = wd.run(&["classify", "run", "--as-of", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--as-of"));
    wd.write("rules/root-causes.toml", "[[cause]]\ncode = 1\n");
    let out = wd.run(&[
        "classify",
        "run",
        "--as-of",
        "2026-02-28",
        "--rules",
        "rules",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("root-causes.toml"),
        "{}",
        stderr(&out)
    );
    // A run folder without a case table: an input problem, not a usage error.
    let out = wd.run(&["classify", "run", "--as-of", "2026-02-28"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("caseflow ingest"), "{}", stderr(&out));
}

#[test]
fn a_suspension_with_its_resumption_date_is_deducted_from_the_period() {
    let wd = Workdir::new();
    // 中止 2022-04-01, 恢复 2023-04-01: 365 days off the period, whatever the status now;
    // without a 恢复日期 the suspension is still running (to the census date), also
    // under a status that says only 未结 (中止 cases are 未结 cases), but not under one
    // that says the case is being worked on (执行中).
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,中止日期,恢复日期\n\
         （2022）浙0603执1号,2022-03-05,李四,未结,2022-04-01,2023-04-01\n\
         （2022）浙0603执2号,2022-03-05,李四,未结,2022-04-01,\n\
         （2022）浙0603执3号,2022-03-05,李四,中止,2024-01-01,\n\
         （2022）浙0603执4号,2022-03-05,李四,执行中,2022-04-01,\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-03-31");
    assert_eq!(
        ints(&df, "deducted_days"),
        vec![Some(365), Some(730), Some(90), Some(0)]
    );
}

#[test]
fn a_suspension_never_resumed_is_deducted_up_to_the_closure() {
    let wd = Workdir::new();
    // 中止 2023-05-01, closed 2024-01-10 by 终结执行 without a 恢复日期 (the debtor went
    // bankrupt): 254 days off the period, due 2024-03-15, so closed within it.
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,结案日期,结案方式,中止日期,恢复日期\n\
         （2023）浙0603执1号,2023-01-05,李四,已结,2024-01-10,终结执行,2023-05-01,\n\
         （2023）浙0603执2号,2023-01-05,李四,已结,2024-01-10,终结执行,2023-05-01,2023-12-01\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-03-31");
    assert_eq!(ints(&df, "deducted_days"), vec![Some(254), Some(214)]);
    // 2024-03-15 and 2024-02-04, as days since 1970-01-01.
    assert_eq!(days(&df, "due_on"), vec![Some(19797), Some(19757)]);
    // Before the closure (red-team round 33): the first is suspended, 244 days deducted by
    // 2023-12-31; before, an export pulled after the census date lost the suspension and
    // showed the case pending and overdue.
    let out = wd.run(&["classify", "run", "--as-of", "2023-12-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let df = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("suspended".into()), Some("pending".into())]
    );
    assert_eq!(ints(&df, "deducted_days"), vec![Some(244), Some(214)]);
}

#[test]
fn a_deducted_period_that_ends_before_it_starts_is_a_reject_and_deducts_nothing() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n（2023）浙0603执1号,2023-01-05,李四,未结\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2023）浙0603执1号,鉴定,2023-03-01,2023-02-01\n\
         （2023）浙0603执1号,公告,2023-05-01,2023-05-31\n",
    );
    let df = classified(&wd, &["cases.csv", "deductions.csv"], "2024-03-31");
    assert_eq!(ints(&df, "deducted_days"), vec![Some(30)]);
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(strs(&rejects, "field"), vec![Some("end_on".to_string())]);
    assert!(strs(&rejects, "reason")[0]
        .as_deref()
        .is_some_and(|r| r.contains("before 开始日期")));
}

/// s-period-end-without-year-crossing-new-year: a 起止日期 over the new year whose end leaves
/// out the year (2025.11.1-1.31) ended in the start's year, before its start, and deducted
/// nothing: the case counted 89 days overdue. The end is in the next year, as 至次年 says.
#[test]
fn a_period_over_the_new_year_with_its_end_year_left_out_ends_in_the_next_year() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期,被执行人,案件状态\n");
    let mut deductions = String::from("案号,扣除类型,起止日期\n");
    for (i, period) in [
        "2025.11.1-1.31",
        "2025年11月1日至1月31日",
        "2025/11/1-1/31",
        "2025年11月1日至次年1月31日",
    ]
    .iter()
    .enumerate()
    {
        cases += &format!("（2025）浙0603执{}号,2025-06-01,李四,未结\n", i + 1);
        deductions += &format!("（2025）浙0603执{}号,评估,{period}\n", i + 1);
    }
    wd.write("cases.csv", &cases);
    wd.write("deductions.csv", &deductions);
    let df = classified(&wd, &["cases.csv", "deductions.csv"], "2026-02-28");
    // 2025-11-01 to 2026-01-31: 91 days; due 2026-03-02, not yet overdue.
    assert_eq!(ints(&df, "deducted_days"), vec![Some(91); 4]);
    assert_eq!(bools(&df, "in_backlog"), vec![Some(false); 4]);
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

/// r-future-deduction-end-unmakes-overdue: a deducted period with a planned end after the
/// as-of date counts only up to that date, as the same period without an end does; counted
/// whole, it moved the due date past the census and took a case 81 days overdue before the
/// appraisal began out of the backlog.
#[test]
fn a_deducted_period_ending_after_the_as_of_date_counts_only_up_to_it() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执1号,2025-06-01,李四,未结\n\
         （2025）浙0603执2号,2025-06-01,李四,未结\n",
    );
    // Due 2025-12-01 without deductions; an appraisal from 2026-02-20, planned to 06-30 (执1)
    // or without its end (执2): 8 days by the census date 2026-02-28.
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2025）浙0603执1号,鉴定,2026-02-20,2026-06-30\n\
         （2025）浙0603执2号,鉴定,2026-02-20,\n",
    );
    let df = classified(&wd, &["cases.csv", "deductions.csv"], "2026-02-28");
    assert_eq!(ints(&df, "deducted_days"), vec![Some(8), Some(8)]);
    // 2025-12-09 (days since 1970-01-01)
    assert_eq!(days(&df, "due_on"), vec![Some(20431), Some(20431)]);
    assert_eq!(ints(&df, "overdue_days"), vec![Some(81), Some(81)]);
    assert_eq!(bools(&df, "in_backlog"), vec![Some(true), Some(true)]);
}

#[test]
fn a_deducted_period_left_open_for_over_a_year_is_pointed_out() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2020）浙0603执1号,2020-01-05,李四,未结\n\
         （2020）浙0603执2号,2020-01-05,李四,未结\n",
    );
    // 执1: an appraisal since 2020 without its end date (deducted to the census date, as
    // written); 执2: one that ended.
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2020）浙0603执1号,鉴定,2020-03-01,\n\
         （2020）浙0603执2号,鉴定,2020-03-01,2020-06-01\n",
    );
    let out = wd.run(&["ingest", "cases.csv", "deductions.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run", "--as-of", "2024-06-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note: 1 open cases have a deducted period"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("over a year after"),
        "{}",
        stderr(&out)
    );
    // An end typed decades ahead keeps the period running (up to every later census):
    // said, to check.
    wd.write(
        "far.csv",
        "案号,扣除类型,开始日期,结束日期\n（2020）浙0603执2号,评估,2024-03-01,2099-06-01\n",
    );
    let out = wd.run(&["ingest", "cases.csv", "far.csv", "--out", "run2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["classify", "run2", "--as-of", "2024-06-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "note: 1 open cases have a deducted period whose 结束日期 is over a year after"
        ),
        "{}",
        stderr(&out)
    );
    // `caseflow run` says both under its classify line.
    wd.write(
        "p.toml",
        "name = \"t\"\noutput = \"out\"\nas_of = \"2024-06-30\"\n[inputs]\n\
         files = [\"cases.csv\", \"deductions.csv\", \"far.csv\"]\n",
    );
    let out = wd.run(&["run", wd.join("p.toml").to_str().unwrap()]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("note: 1 open cases have a deducted period (鉴定"),
        "{err}"
    );
    assert!(
        err.contains("over a year after the as-of date, deducted up to that date"),
        "{err}"
    );
}

#[test]
fn each_of_officer_leader_and_team_comes_from_the_latest_assignment_that_names_it() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人\n\
         （2023）浙0603执1号,2023-12-01,李四\n\
         （2023）浙0603执2号,2023-12-01,李四\n",
    );
    // 执1: a later row names only a new leader; 执2: a reassignment dated after the census.
    wd.write(
        "assignments.csv",
        "案号,承办人,执行团队,包案领导,分配日期\n\
         （2023）浙0603执1号,钱七,执行三组,,2024-01-05\n\
         （2023）浙0603执1号,,,副院长乙,2024-02-01\n\
         （2023）浙0603执2号,王五,执行一组,,2023-12-12\n\
         （2023）浙0603执2号,赵六,执行二组,,2024-05-05\n",
    );
    let df = classified(&wd, &["cases.csv", "assignments.csv"], "2024-03-31");
    assert_eq!(
        strs(&df, "officer"),
        vec![Some("钱七".into()), Some("王五".into())]
    );
    assert_eq!(strs(&df, "leader"), vec![Some("副院长乙".into()), None]);
    assert_eq!(
        strs(&df, "team"),
        vec![Some("执行三组".into()), Some("执行一组".into())]
    );
}

/// A 包案领导 the assignments name after the export's date is the case's leader, with or
/// without a new officer (red-team round 33: the export's leader won, so the per-leader
/// figures of 领导包案 named the former leader).
#[test]
fn a_leader_assigned_after_the_export_is_the_cases_leader() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "截至2026年1月31日\n案号,立案日期,被执行人,承办人,承办部门,包案领导\n\
         （2025）浙0603执1101号,2025-06-01,李四,王五,执行一组,刘院长\n\
         （2025）浙0603执1102号,2025-06-01,李四,王五,执行一组,刘院长\n\
         （2025）浙0603执1103号,2025-06-01,李四,王五,执行一组,刘院长\n\
         （2025）浙0603执1104号,2025-06-01,李四,王五,执行一组,刘院长\n",
    );
    wd.write(
        "assignments.csv",
        "案号,承办人,执行团队,包案领导,分配日期\n\
         （2025）浙0603执1101号,赵六,执行二组,,2026-02-10\n\
         （2025）浙0603执1102号,,,陈局长,2026-02-10\n\
         （2025）浙0603执1103号,钱八,执行五组,陈局长,2026-02-20\n\
         （2025）浙0603执1104号,,,陈局长,2026-01-10\n",
    );
    let df = classified(&wd, &["cases.csv", "assignments.csv"], "2026-02-28");
    // 1104: named before the export, which names another leader since.
    assert_eq!(
        strs(&df, "leader"),
        ["刘院长", "陈局长", "陈局长", "刘院长"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        strs(&df, "officer"),
        ["赵六", "王五", "钱八", "王五"].map(|s| Some(s.to_string()))
    );
}

/// s-undated-list-overrides-reassignment: an undated case list (no title, no 导出时间) was
/// made after the latest date its rows state (here 2025-07-16); a 承办人变更 dated after that
/// and by the census date moves the case to the new officer and team, as one after a dated
/// list's date does. Before, the undated list's former officer silently won. A change dated
/// after the census date stays unapplied, and one dated before the latest date the rows
/// state leaves the list's officer.
#[test]
fn a_reassignment_after_an_undated_lists_latest_date_is_the_cases_officer() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,承办人,执行团队\n\
         （2025）浙0603执70号,2025-07-15,王五,执行一组\n\
         （2025）浙0603执71号,2025-07-16,王五,执行一组\n\
         （2025）浙0603执72号,2025-07-01,王五,执行一组\n",
    );
    wd.write(
        "assignments.csv",
        "案号,原承办人,变更后承办人,变更后团队,变更日期\n\
         （2025）浙0603执70号,王五,赵六,执行二组,2026-01-10\n\
         （2025）浙0603执71号,王五,赵六,执行二组,2026-03-10\n\
         （2025）浙0603执72号,钱七,王五,执行一组,2025-07-10\n",
    );
    let df = classified(&wd, &["cases.csv", "assignments.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "officer"),
        ["赵六", "王五", "王五"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        strs(&df, "team"),
        ["执行二组", "执行一组", "执行一组"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        strs(&df, "officer_source"),
        ["assignments", "export", "export"].map(|s| Some(s.to_string()))
    );
}

/// A negation before a rule word keeps it from counting (red-team round 33), in categories
/// and root causes alike: 非低保户, 未享受低保, 未拖欠农民工工资, 不存在多次上访, 本案不存在
/// 抵押. A negation elsewhere in the clause does not: 残疾无收入 is hardship, 未支付农民工
/// 工资 is unpaid wages.
#[test]
fn a_negation_before_a_rule_word_keeps_it_from_counting() {
    let wd = Workdir::new();
    let reasons = [
        "申请执行人非低保户",
        "申请执行人未享受低保",
        "未发现申请执行人属于特困群体",
        "未拖欠农民工工资",
        "申请人不存在多次上访",
        "被执行人未转移财产",
        "本案不存在抵押",
        "申请执行人残疾无收入",
        "被执行人未支付农民工工资",
        "申请人多次上访未果",
        "被执行人转移财产",
        // A negation ends where other words begin (a ledger's text without commas), and a
        // word negated once may be stated again.
        "经查未发现被执行人可供执行财产申请人多次上访",
        "申请执行人原非低保户现为低保户",
        "申请执行人起初未上访现多次上访",
        "被执行人否认转移财产",
    ];
    let mut csv = String::from("案号,立案日期,被执行人,案件状态,未结原因\n");
    for (k, r) in reasons.iter().enumerate() {
        csv.push_str(&format!(
            "（2024）浙0603执{}号,2024-01-10,李四,未结,{r}\n",
            k + 1
        ));
    }
    wd.write("cases.csv", csv);
    let df = classified(&wd, &["cases.csv"], "2024-12-31");
    let no = Some(false);
    let yes = Some(true);
    let cat_3 = bools(&df, "cat_3");
    assert_eq!(
        [cat_3[0], cat_3[1], cat_3[2], cat_3[7], cat_3[12]],
        [no, no, no, yes, yes]
    );
    assert_eq!(
        bools(&df, "cat_4"),
        vec![no, no, no, no, no, no, no, no, yes, no, no, no, no, no, no]
    );
    assert_eq!(
        bools(&df, "cat_7"),
        vec![no, no, no, no, no, no, no, no, no, yes, no, yes, no, yes, no]
    );
    let causes = lists(&df, "root_causes");
    let has = |k: usize, c: &str| causes[k].iter().any(|x| x == c);
    assert!(
        !has(5, "evasion") && has(10, "evasion") && has(14, "evasion"),
        "{causes:?}"
    );
    assert!(
        !has(6, "secured_or_insolvent") && !has(6, "legal_obstacle"),
        "{causes:?}"
    );
    assert!(!has(4, "petition") && has(9, "petition"), "{causes:?}");
}

/// r-negated-migrant-wages-counts-as-hardship: 未拖欠农民工工资 in the 备注 negates 农民工
/// (category 3's word) within 拖欠农民工工资 (category 4's): `[negation]` holds for every
/// word rule of categories.toml. 申请执行人系农民工 still counts, and so does 未支付农民工
/// 工资 for category 4.
#[test]
fn a_word_within_a_negated_word_of_another_category_does_not_count() {
    let wd = Workdir::new();
    let notes = [
        "经核实，未拖欠农民工工资",
        "经核查未拖欠农民工工资",
        "申请执行人系农民工",
        "未支付农民工工资",
    ];
    let mut csv = String::from("案号,立案日期,被执行人,案件状态,备注\n");
    for (k, r) in notes.iter().enumerate() {
        csv.push_str(&format!(
            "（2024）浙0603执{}号,2024-10-10,某某建材有限公司,未结,{r}\n",
            k + 1
        ));
    }
    wd.write("cases.csv", csv);
    let df = classified(&wd, &["cases.csv"], "2026-02-28");
    let (no, yes) = (Some(false), Some(true));
    assert_eq!(bools(&df, "cat_3"), vec![no, no, yes, yes]);
    assert_eq!(bools(&df, "cat_4"), vec![no, no, no, yes]);
}

/// A deferral written on register rows that overlap or touch is one deferral, measured from
/// its first row for category 5's three months (red-team round 33: measured from the last
/// row, it never reached them). A gap of a day makes two.
#[test]
fn a_deferral_on_rows_without_a_break_is_one_deferral_for_category_5() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执701号,2025-06-01,李四,未结\n\
         （2025）浙0603执702号,2025-06-01,李四,未结\n\
         （2025）浙0603执703号,2025-06-01,李四,未结\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,开始日期,结束日期\n\
         （2025）浙0603执701号,暂缓,2025-11-01,2025-12-15\n\
         （2025）浙0603执701号,暂缓,2025-12-01,\n\
         （2025）浙0603执702号,暂缓,2025-11-01,2025-12-01\n\
         （2025）浙0603执702号,暂缓,2025-12-01,2026-03-31\n\
         （2025）浙0603执703号,暂缓,2025-11-01,2025-11-30\n\
         （2025）浙0603执703号,暂缓,2025-12-01,2026-03-31\n",
    );
    let df = classified(&wd, &["cases.csv", "deductions.csv"], "2026-02-28");
    assert_eq!(strs(&df, "status_as_of"), vec![Some("deferred".into()); 3]);
    assert_eq!(
        bools(&df, "cat_5"),
        vec![Some(true), Some(true), Some(false)]
    );
}

#[test]
fn a_suspended_case_whose_reason_says_no_assets_were_found_is_no_case_to_resume() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,中止日期,未结原因\n\
         （2023）浙0603执1号,2023-01-05,李四,中止,2023-06-01,未发现可供执行财产\n\
         （2023）浙0603执2号,2023-01-05,李四,中止,2023-06-01,经查询未发现被执行人有可供执行的财产\n\
         （2023）浙0603执3号,2023-01-05,李四,中止,2023-06-01,尚未查到被执行人名下财产\n\
         （2023）浙0603执4号,2023-01-05,李四,中止,2023-06-01,现查到被执行人名下有房产一套\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-03-31");
    assert_eq!(
        bools(&df, "cat_5"),
        vec![Some(false), Some(false), Some(false), Some(true)]
    );
    assert_eq!(
        bools(&df, "has_assets"),
        vec![Some(false), Some(false), Some(false), Some(true)]
    );
}

#[test]
fn overlapping_registers_count_once_and_negations_or_debtor_clauses_fire_no_category() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,中止日期,未结原因\n\
         （2023）浙0603执12号,2023-06-30,李四,未结,,\n\
         （2023）浙0603执21号,2023-06-30,李四,未结,,\n\
         （2022）浙0603执91号,2022-06-01,李四,中止,2022-09-01,\n\
         （2022）浙0603执51号,2022-06-01,李四,未结,,被执行人身患重病，无履行能力\n\
         （2022）浙0603执55号,2022-06-01,李四,未结,,申请执行人系低保户\n\
         （2022）浙0603执60号,2022-06-01,李四,未结,,经排查，不存在地方保护主义干扰\n\
         （2022）浙0603执61号,2022-06-01,李四,未结,,受地方保护主义干扰\n",
    );
    // The same approval and the same visit in the February and March registers.
    for month in ["feb", "mar"] {
        wd.write(
            &format!("ext-{month}.csv"),
            "案号,延长期限,批准日期\n（2023）浙0603执12号,3,2023-12-20\n",
        );
        wd.write(
            &format!("pet-{month}.csv"),
            "信访日期,信访人,案号\n2024-01-15,陈红,（2023）浙0603执21号\n",
        );
    }
    // The census date is the day before the export was pulled.
    let df = classified(
        &wd,
        &[
            "cases.csv",
            "ext-feb.csv",
            "ext-mar.csv",
            "pet-feb.csv",
            "pet-mar.csv",
            "--exported-on",
            "2024-04-01",
        ],
        "2024-03-31",
    );
    assert_eq!(ints(&df, "extension_months")[0], Some(3));
    assert_eq!(ints(&df, "petition_count")[1], Some(1));
    assert_eq!(strs(&df, "status_as_of")[2].as_deref(), Some("suspended"));
    assert_eq!(
        bools(&df, "cat_3")[3..5].to_vec(),
        vec![Some(false), Some(true)]
    );
    assert_eq!(
        bools(&df, "cat_2")[5..7].to_vec(),
        vec![Some(false), Some(true)]
    );
}

/// m-closed-without-method-pending-after-asof: cases shown closed (已结, 已执结, 结) with no
/// 结案日期, in an export made after the as-of date, are closed by the as-of date whether
/// or not a 结案方式 is written: those without one counted pending and in the backlog.
#[test]
fn an_undated_closure_in_a_later_export_is_closed_with_or_without_a_method() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,结案日期,结案方式,案件状态\n\
         （2024）浙0603执1015号,2024-03-05,,终本,已结\n\
         （2024）浙0603执1016号,2024-03-05,,,已结\n\
         （2024）浙0603执1018号,2024-03-05,,执行完毕,已执结\n\
         （2024）浙0603执1021号,2024-03-05,,,结\n\
         （2024）浙0603执1022号,2024-03-05,,,未结\n",
    );
    let df = classified(
        &wd,
        &["cases.csv", "--exported-on", "2026-03-15"],
        "2026-02-28",
    );
    let closed = Some("closed".to_string());
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![
            closed.clone(),
            closed.clone(),
            closed.clone(),
            closed,
            Some("pending".to_string())
        ]
    );
    assert_eq!(
        bools(&df, "in_backlog"),
        vec![
            Some(false),
            Some(false),
            Some(false),
            Some(false),
            Some(true)
        ]
    );
}

/// p-older-register-running-deduction: a run holding the March and the April exports of
/// the cases and of the deductions register. A 中止 and a 拍卖 the March register shows
/// running and the April register shows ended are ended (the March rows ran to the as-of
/// date: the resumed case stayed suspended and in the backlog); a 评估 only March lists
/// still counts.
#[test]
fn a_period_an_older_register_shows_running_is_ended_by_the_newer_one() {
    let wd = Workdir::new();
    let head = "案号,立案日期,被执行人,案件状态,中止日期\n";
    wd.write(
        "案件清单_20260331.csv",
        format!("{head}（2024）浙0603执恢32号,2024-12-03,李四,中止,2025-03-23\n（2025）浙0603执167号,2025-05-06,王五,未结,\n"),
    );
    wd.write(
        "案件清单_20260430.csv",
        format!("{head}（2024）浙0603执恢32号,2024-12-03,李四,未结,\n（2025）浙0603执167号,2025-05-06,王五,未结,\n"),
    );
    let head = "案号,扣除类型,开始日期,结束日期\n";
    wd.write(
        "扣除期间_20260331.csv",
        format!(
            "{head}（2024）浙0603执恢32号,中止,2025-03-23,\n\
             （2025）浙0603执167号,评估,2025-08-01,2025-09-01\n\
             （2025）浙0603执167号,拍卖,2025-10-01,\n\
             （2025）浙0603执168号,评估,2025-08-01,2026-06-01\n"
        ),
    );
    wd.write(
        "扣除期间_20260430.csv",
        format!(
            "{head}（2024）浙0603执恢32号,中止,2025-03-23,2026-04-29\n\
             （2025）浙0603执167号,拍卖,2025-10-01,2026-04-10\n"
        ),
    );
    // The April files first: the newer export wins by its date (the manifest's, from the
    // files' names), not by its place, nor by the latest date its rows state (the March
    // register states 2026-06-01).
    for args in [
        &[
            "ingest",
            "案件清单_20260430.csv",
            "扣除期间_20260430.csv",
            "案件清单_20260331.csv",
            "扣除期间_20260331.csv",
            "--out",
            "run",
        ][..],
        &["dedup", "run"],
        &["classify", "run", "--as-of", "2026-04-30"],
    ] {
        let out = wd.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let df = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    let no = strs(&df, "case_no");
    let at = |n: &str| no.iter().position(|c| c.as_deref() == Some(n)).unwrap();
    let (a, b) = (at("（2024）浙0603执恢32号"), at("（2025）浙0603执167号"));
    assert_eq!(strs(&df, "status_as_of")[a].as_deref(), Some("pending"));
    assert_eq!(bools(&df, "in_backlog")[a], Some(false));
    // 2025-03-23 to 2026-04-29; 评估 31 days and 拍卖 2025-10-01 to 2026-04-10.
    let deducted = ints(&df, "deducted_days");
    assert_eq!((deducted[a], deducted[b]), (Some(402), Some(31 + 191)));
}

#[test]
fn a_non_litigation_case_known_by_its_cause_is_marked_so() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案由\n\
         （2023）浙0603执5号,2023-09-29,李四,行政处罚\n\
         （2023）浙0603执6号,2023-09-29,李四,民间借贷纠纷\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-03-31");
    assert_eq!(bools(&df, "non_litigation"), vec![Some(true), Some(false)]);
}

#[test]
fn a_case_resumed_after_its_closure_is_open_from_that_day() {
    let wd = Workdir::new();
    wd.write(
        "resumed.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,恢复执行日期\n\
         （2022）浙0603执1号,2022-03-05,李四,王五,恢复执行,2022-12-01,终本,2024-03-01\n\
         （2022）浙0603执2号,2022-03-05,李四,王五,已结,2022-12-01,终本,\n",
    );
    // Before the resumption the case was closed; after it, open again.
    let before = classified(&wd, &["resumed.csv"], "2023-06-30");
    assert_eq!(
        strs(&before, "status_as_of"),
        vec![Some("closed".into()), Some("closed".into())]
    );
    let after = classified(&wd, &["resumed.csv"], "2025-03-01");
    assert_eq!(
        strs(&after, "status_as_of"),
        vec![Some("pending".into()), Some("closed".into())]
    );
    // Closed, then resumed: no contradiction to list.
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0);
}

/// t-resumption-after-export-date-silent: 恢复执行 beside a 结案日期 and a 恢复日期 after
/// the export date. The export cannot show a resumption still to come, so the open status
/// stands beside a 结案日期 as it does with no 恢复日期: both are listed (the date, and the
/// status), and classify counts the case closed on its 结案日期, as it does the case
/// without a 恢复日期. Before, the later date silenced the status's reject.
#[test]
fn a_resumption_dated_after_the_export_date_is_listed_with_the_open_status() {
    let wd = Workdir::new();
    wd.write(
        "resumed.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,恢复执行日期\n\
         （2025）浙0603执4号,2025-01-20,李四,王五,恢复执行,2025-04-30,终本,\n\
         （2025）浙0603执5号,2025-02-20,李四,王五,恢复执行,2025-05-31,终本,2026-03-10\n\
         （2025）浙0603执6号,2025-02-20,李四,王五,恢复执行,2025-05-31,终本,2026-01-10\n",
    );
    let df = classified(
        &wd,
        &["resumed.csv", "--exported-on", "2026-01-31"],
        "2026-01-31",
    );
    // 执6号, resumed before the export date, is open; 执5号 is counted as 执4号 is.
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![
            Some("closed".into()),
            Some("closed".into()),
            Some("pending".into())
        ]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let (rows, fields, reasons) = (
        rejects.column("source_row").unwrap().i64().unwrap().clone(),
        strs(&rejects, "field"),
        strs(&rejects, "reason"),
    );
    let of_row = |n: i64| -> Vec<(String, String)> {
        (0..rejects.height())
            .filter(|&i| rows.get(i) == Some(n))
            .map(|i| (fields[i].clone().unwrap(), reasons[i].clone().unwrap()))
            .collect()
    };
    assert_eq!(of_row(2).len(), 1, "{:?}", of_row(2));
    let row3 = of_row(3);
    assert!(
        row3.iter().any(|(f, r)| f == "resumed_on"
            && r.starts_with("恢复日期 after the export date 2026-01-31")),
        "{row3:?}"
    );
    assert!(
        row3.iter().any(|(f, r)| f == "status"
            && r.contains("恢复日期 2026-03-10")
            && r.contains("classify counts the case closed on its 结案日期 2025-05-31")),
        "{row3:?}"
    );
    assert!(of_row(4).is_empty(), "{:?}", of_row(4));
}

#[test]
fn the_deadline_an_export_states_counts() {
    let wd = Workdir::new();
    // Filed 2023-03-05: due 2023-09-05 by the six months alone, overdue on 2024-01-01
    // unless the export says more time was approved or deducted.
    wd.write(
        "deadline.csv",
        "案号,立案日期,被执行人,承办人,案件状态,审限届满日期,延长审限,扣除审限天数\n\
         （2023）浙0603执1号,2023-03-05,李四,王五,未结,,,\n\
         （2023）浙0603执2号,2023-03-05,李四,王五,未结,2024-03-05,,\n\
         （2023）浙0603执3号,2023-03-05,李四,王五,未结,,3个月,\n\
         （2023）浙0603执4号,2023-03-05,李四,王五,未结,,6个月,\n\
         （2023）浙0603执5号,2023-03-05,李四,王五,未结,,,120\n\
         （2023）浙0603执6号,2023-03-05,李四,王五,未结,2023-06-05,,\n",
    );
    let df = classified(&wd, &["deadline.csv"], "2024-01-01");
    assert_eq!(
        bools(&df, "in_backlog"),
        [true, false, true, false, false, true].map(Some).to_vec()
    );
    let due = days(&df, "due_on");
    // 2023-09-05 (19605), 2024-03-05 (19787), 2023-12-05 (19696), 2024-03-05,
    // 2023-09-05 + 120 days (19725), and the computed date over an earlier stated one.
    assert_eq!(
        due,
        [19605, 19787, 19696, 19787, 19725, 19605]
            .map(Some)
            .to_vec()
    );
}

#[test]
fn suspensions_an_export_shows_after_the_census_date_and_dated_ones() {
    let wd = Workdir::new();
    // Pulled two days after the census date: its suspensions without a start date were
    // running on it; one dated after it was not; a 中止日期 without its 恢复日期 on a case
    // whose status says only 未结 is a suspension.
    wd.write(
        "susp.csv",
        "导出时间：2025-03-03\n\
         案号,立案日期,被执行人,承办人,案件状态,中止日期,恢复执行日期\n\
         （2024）浙0603执1号,2024-11-01,李四,王五,中止,,\n\
         （2024）浙0603执2号,2024-11-01,李四,王五,暂缓执行,,\n\
         （2024）浙0603执3号,2024-11-01,李四,王五,中止,2025-03-02,\n\
         （2024）浙0603执4号,2024-11-01,李四,王五,未结,2024-12-01,\n\
         （2024）浙0603执5号,2024-11-01,李四,王五,未结,2024-12-01,2025-01-01\n         （2024）浙0603执6号,2024-11-01,李四,王五,执行中,2024-12-01,2025-03-02\n         （2024）浙0603执7号,2024-11-01,李四,王五,未结,2024-12-01,2025-03-02\n",
    );
    let df = classified(&wd, &["susp.csv"], "2025-03-01");
    // 执6, 执7: resumed the day after the census date, so suspended on it, though the
    // export, pulled later, shows them at work.
    assert_eq!(
        strs(&df, "status_as_of"),
        [
            "suspended",
            "deferred",
            "pending",
            "suspended",
            "pending",
            "suspended",
            "suspended"
        ]
        .map(|s| Some(s.to_string()))
        .to_vec()
    );
    assert_eq!(
        bools(&df, "in_backlog"),
        [true, true, false, true, false, true, true]
            .map(Some)
            .to_vec()
    );
}

#[test]
fn refused_extensions_add_no_time_and_registers_by_other_headers_do() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态\n\
         （2024）浙0603执1号,2024-07-01,李四,王五,未结\n\
         （2024）浙0603执2号,2024-07-01,李四,王五,未结\n\
         （2024）浙0603执3号,2024-07-01,李四,王五,未结\n\
         （2024）浙0603执4号,2024-07-01,李四,王五,未结\n",
    );
    wd.write(
        "ext.csv",
        "案号,延长期限,审批结果,批准日期\n\
         （2024）浙0603执1号,3,同意,2024-12-20\n\
         （2024）浙0603执2号,3,不同意,2024-12-20\n",
    );
    wd.write(
        "ext2.csv",
        "案号,延长审限天数,审批意见,审批日期\n\
         （2024）浙0603执3号,90,同意,2024-12-20\n\
         （2024）浙0603执4号,3个月,同意,2024-12-20\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv", "ext2.csv"], "2025-03-01");
    assert_eq!(
        bools(&df, "in_backlog"),
        [false, true, false, false].map(Some).to_vec()
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 1);
    assert_eq!(strs(&rejects, "field"), vec![Some("decision".into())]);
}

/// s-bu-tong-yi-with-space-approved: a refusal spaced out to align it (不同 意) was not
/// matched as 不同意, and the extension counted: the overdue case left the backlog with no
/// reject. It is a refusal as 不同意 is; 同 意 still approves.
#[test]
fn a_refusal_spaced_out_adds_no_time() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-08-01\n（2025）浙0603执2号,2025-08-01\n\
         （2025）浙0603执3号,2025-08-01\n",
    );
    wd.write(
        "ext.csv",
        "案号,延长期限,批准日期,审批结果\n\
         （2025）浙0603执1号,3个月,2026-01-20,不同意\n\
         （2025）浙0603执2号,3个月,2026-01-20,不同 意\n\
         （2025）浙0603执3号,3个月,2026-01-20,同 意\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    assert_eq!(
        bools(&df, "in_backlog"),
        vec![Some(true), Some(true), Some(false)]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(
        strs(&rejects, "field"),
        vec![Some("decision".into()), Some("decision".into())]
    );
}

/// t-unrecognised-approval-counts: an extension whose 审批结果 neither starts with an
/// approval nor holds a listed refusal (不宜延长, 待院长签批, 未签批, 研究后再定) counted as
/// approved, silently: the overdue case left the backlog. It adds no time, and the reject
/// names the cell and the rows.toml lists to add the word to. 同意 and a blank 审批结果 (a
/// register of approved extensions) still count.
#[test]
fn an_extension_its_approval_words_do_not_recognise_adds_no_time() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期\n");
    let mut ext = String::from("案号,延长期限,批准日期,审批结果\n");
    for (n, decision) in ["同意", "不宜延长", "待院长签批", "未签批", "研究后再定", ""]
        .iter()
        .enumerate()
    {
        cases += &format!("（2025）浙0603执{}号,2025-08-20\n", n + 1);
        ext += &format!("（2025）浙0603执{}号,3个月,2026-01-20,{decision}\n", n + 1);
    }
    wd.write("cases.csv", &cases);
    wd.write("ext.csv", &ext);
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    assert_eq!(
        bools(&df, "in_backlog"),
        [false, true, true, true, true, false].map(Some).to_vec()
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(
        strs(&rejects, "raw_value"),
        ["不宜延长", "待院长签批", "未签批", "研究后再定"]
            .map(|v| Some(v.to_string()))
            .to_vec(),
        "{rejects}"
    );
    for reason in strs(&rejects, "reason").into_iter().flatten() {
        assert!(
            reason.contains("approval_openings") && reason.contains("approval_refusals"),
            "{reason}"
        );
    }
}

/// c-unrecognised-deduction-approval-deducted (red-team round 57): a deduction whose 审批结果
/// neither approves nor refuses by the words of rows.toml (同竟 mistyped for 同意, 研究后再定)
/// was deducted all the same, silently, and so was one 待定 (read as a blank cell): the
/// overdue case left the backlog on a period nobody may have approved. It deducts nothing,
/// as such an extension adds no time, and the reject names the cell (and the lists to add
/// the word to). 同意 and a blank 审批结果 (a register of approved deductions) still deduct.
#[test]
fn a_deduction_its_approval_words_do_not_recognise_deducts_nothing() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期\n");
    let mut ded = String::from("案号,扣除类型,开始日期,结束日期,审批结果\n");
    // 无 and - are a blank cell (approved, as a blank is); 已同意 and 审核同意 approve
    // (review).
    for (n, decision) in [
        "同意",
        "待定",
        "同竟",
        "研究后再定",
        "",
        "无",
        "-",
        "已同意",
        "审核同意",
    ]
    .iter()
    .enumerate()
    {
        cases += &format!("（2025）浙0603执{}号,2025-08-20\n", n + 1);
        ded += &format!(
            "（2025）浙0603执{}号,鉴定评估,2025-09-01,2025-10-31,{decision}\n",
            n + 1
        );
    }
    wd.write("cases.csv", &cases);
    wd.write("ded.csv", &ded);
    let df = classified(&wd, &["cases.csv", "ded.csv"], "2026-02-28");
    assert_eq!(
        bools(&df, "in_backlog"),
        [false, true, true, true, false, false, false, false, false]
            .map(Some)
            .to_vec()
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(
        strs(&rejects, "raw_value"),
        ["待定", "同竟", "研究后再定"]
            .map(|v| Some(v.to_string()))
            .to_vec(),
        "{rejects}"
    );
    let reasons: Vec<String> = strs(&rejects, "reason").into_iter().flatten().collect();
    // 待定, "no value" in other columns, is a decision still to come in this one.
    assert!(
        reasons[0].starts_with("a deduction its 审批结果 does not approve"),
        "{reasons:?}"
    );
    for reason in &reasons[1..] {
        assert!(
            reason.starts_with("a deduction its 审批结果 neither approves"),
            "{reason}"
        );
        assert!(
            reason.contains("approval_openings") && reason.contains("approval_refusals"),
            "{reason}"
        );
    }
}

/// s-date-in-length-column-read-as-years: a date with 年月日 in a length column was read as
/// a length of 2,026 years (延长期限 2026年1月15日: due 4052-01-16; 扣除天数 2025年10月31日:
/// a deduction to the census date), and the overdue cases left the backlog with no reject.
/// In 延长期限 (a register with no start to end it from) it is rejected as a date where
/// the length goes; in 扣除天数 it is the deduction's end, as 2025.10.31 there already was.
#[test]
fn a_date_written_in_a_length_column_is_no_length_of_years() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期\n");
    for n in 1..=4 {
        cases += &format!("（2025）浙0603执{n}号,2025-06-01\n");
    }
    wd.write("cases.csv", &cases);
    wd.write(
        "ext.csv",
        "案号,延长期限,批准日期,审批结果\n\
         （2025）浙0603执1号,2026年1月15日,2025-11-20,同意\n\
         （2025）浙0603执2号,2026年1月,2025-11-20,同意\n",
    );
    wd.write(
        "ded.csv",
        "案号,扣除事由,开始日期,扣除天数\n\
         （2025）浙0603执3号,评估,2025-09-01,2025年10月31日\n\
         （2025）浙0603执4号,评估,2025-09-01,2025.10.31\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv", "ded.csv"], "2026-02-28");
    // 2025-12-01 (filed + 6 months) for the extensions, 2026-01-30 (60 days deducted) for
    // the deductions, in days since 1970-01-01: all overdue at the census.
    assert_eq!(
        days(&df, "due_on"),
        vec![Some(20423), Some(20423), Some(20483), Some(20483)]
    );
    assert_eq!(bools(&df, "in_backlog"), vec![Some(true); 4]);
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let reasons = strs(&rejects, "reason");
    assert_eq!(reasons.len(), 2, "{rejects}");
    assert!(
        reasons
            .iter()
            .flatten()
            .all(|r| r.starts_with("a date where the extension's length goes")),
        "{rejects}"
    );
}

/// An extensions register that states the new deadline (延长至) instead of a length: the
/// due date is at least that day. Before, the column was unmapped and the row rejected as
/// "without its length": the case counted overdue. A refused one adds nothing.
#[test]
fn an_extension_stating_its_new_deadline_extends_the_due_date_to_it() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-06-10\n（2025）浙0603执2号,2025-06-10\n",
    );
    wd.write(
        "ext.csv",
        "案号,延长至,批准日期,审批结果\n\
         （2025）浙0603执1号,2026-03-10,2025-11-20,同意\n\
         （2025）浙0603执2号,2026-03-10,2025-11-20,不同意\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    // 2026-03-10 and 2025-12-10 (filed + 6 months), in days since 1970-01-01.
    assert_eq!(days(&df, "due_on"), vec![Some(20522), Some(20432)]);
    assert_eq!(bools(&df, "in_backlog"), vec![Some(false), Some(true)]);
}

/// s-extension-yanchangzhi-in-length-column: the new deadline written in the length's
/// column (延长期限 延长至2026年3月31日, 延长至2026.3.31) is read as the 延长至 column's date
/// is; before, it was rejected as "not a whole number" and the approved extension lost. A
/// length in the same column still counts as a length.
#[test]
fn an_extensions_new_deadline_written_in_the_length_column_extends_the_due_date() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-07-01\n（2025）浙0603执2号,2025-07-01\n\
         （2025）浙0603执3号,2025-07-01\n",
    );
    wd.write(
        "ext.csv",
        "案号,延长期限,批准日期,审批结果\n\
         （2025）浙0603执1号,延长至2026年3月31日,2025-12-20,同意\n\
         （2025）浙0603执2号,延长至2026.3.31,2025-12-20,同意\n\
         （2025）浙0603执3号,延长3个月,2025-12-20,同意\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    // 2026-03-31, and 2026-04-01 (2026-01-01 + 3 months), in days since 1970-01-01.
    assert_eq!(
        days(&df, "due_on"),
        vec![Some(20543), Some(20543), Some(20544)]
    );
    assert_eq!(bools(&df, "in_backlog"), vec![Some(false); 3]);
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

/// s-extension-until-date-without-year: a new deadline written without its year (延长至3月31日
/// in the length's column, 3月31日 in a 延长至 column) is the first such day on or after the
/// 批准日期 (approved 2025-11-20: 2026-03-31); before, it was rejected as "not a whole
/// number" and the case counted overdue. Without a 批准日期 the year is not guessed, and the
/// reject says the year is missing.
#[test]
fn an_extensions_new_deadline_without_its_year_takes_the_approvals() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-07-15\n（2025）浙0603执2号,2025-07-15\n\
         （2025）浙0603执3号,2025-07-15\n",
    );
    wd.write(
        "ext.csv",
        "案号,延长期限,批准日期,审批结果,延长至\n\
         （2025）浙0603执1号,延长至3月31日,2025-11-20,同意,\n\
         （2025）浙0603执2号,,2025-11-20,同意,3月31日\n\
         （2025）浙0603执3号,延长至3月31日,,同意,\n",
    );
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    // 2026-03-31, and 2026-01-15 (filed + 6 months), in days since 1970-01-01.
    assert_eq!(
        days(&df, "due_on"),
        vec![Some(20543), Some(20543), Some(20468)]
    );
    assert_eq!(
        bools(&df, "in_backlog"),
        vec![Some(false), Some(false), Some(true)]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 1, "{rejects}");
    let reason = strs(&rejects, "reason")[0].clone().unwrap_or_default();
    assert!(
        reason.contains("without its year") && !reason.contains("whole number"),
        "{reason}"
    );
}

/// s-extension-length-with-until-rejected: an approved extension written with its length and
/// its new deadline (延长3个月至2026年3月31日, 3个月，至2026年3月31日, 延长三个月（至2026年3月31日）)
/// was rejected as "not a whole number", or read as its months only: the case counted
/// overdue. Both are read, the deadline as 延长至 alone is: the due date is the later.
#[test]
fn an_extension_with_its_length_and_new_deadline_reads_both() {
    let wd = Workdir::new();
    let mut cases = String::from("案号,立案日期\n");
    let mut ext = String::from("案号,延长期限,批准日期,审批结果\n");
    for (i, length) in [
        "延长3个月至2026年3月31日",
        "3个月，至2026年3月31日",
        "延长三个月（至2026年3月31日）",
        "延长至2026年3月31日",
        "3个月",
    ]
    .iter()
    .enumerate()
    {
        cases += &format!("（2025）浙0603执{}号,2025-06-01\n", i + 1);
        ext += &format!("（2025）浙0603执{}号,{length},2025-11-20,同意\n", i + 1);
    }
    wd.write("cases.csv", &cases);
    wd.write("ext.csv", &ext);
    let df = classified(&wd, &["cases.csv", "ext.csv"], "2026-02-28");
    assert_eq!(
        ints(&df, "extension_months"),
        vec![Some(3), Some(3), Some(3), Some(0), Some(3)]
    );
    // 2026-03-31 by the stated deadline, and 2026-03-01 (filed + 6 + 3 months) for the
    // length alone, in days since 1970-01-01.
    assert_eq!(
        days(&df, "due_on"),
        vec![
            Some(20543),
            Some(20543),
            Some(20543),
            Some(20543),
            Some(20513)
        ]
    );
    assert_eq!(bools(&df, "in_backlog"), vec![Some(false); 5]);
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

/// A suspension recorded only in the 中止执行登记, whose 中止原因 says the ground has ended
/// (破产程序已终结), puts the case in category 5 as the same words in the case list's 中止原因
/// do. Before, the register's reason was never read by category 5. A reason that says the
/// ground goes on does not.
#[test]
fn a_registers_suspension_reason_counts_for_category_5() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执1号,2025-03-10,李四,未结\n\
         （2025）浙0603执2号,2025-03-10,李四,未结\n",
    );
    wd.write(
        "中止执行登记.csv",
        "案号,中止原因,中止日期,恢复日期\n\
         （2025）浙0603执1号,被执行人破产，破产程序已终结,2025-05-01,\n\
         （2025）浙0603执2号,被执行人进入破产程序,2025-05-01,\n",
    );
    let df = classified(&wd, &["cases.csv", "中止执行登记.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("suspended".into()), Some("suspended".into())]
    );
    assert_eq!(bools(&df, "cat_5"), vec![Some(true), Some(false)]);
    assert!(
        lists(&df, "category_reasons")[0]
            .iter()
            .any(|r| r.contains("中止登记的原因含“破产程序已终结”")),
        "{:?}",
        lists(&df, "category_reasons")
    );
}

/// s-suspension-reason-beside-kind: a deductions register with both 扣除类型 (中止执行) and
/// 中止原因 reads the reason too (中止执行（被执行人破产程序已终结）): a running suspension
/// whose ground has ended is in category 5, as in a register with 中止原因 alone. Before,
/// the reason lay unread in `extra`.
#[test]
fn a_suspension_reason_beside_the_kind_column_counts_for_category_5() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2025）浙0603执1号,2025-03-10,李四,中止\n\
         （2025）浙0603执2号,2025-03-10,李四,中止\n",
    );
    wd.write(
        "deductions.csv",
        "案号,扣除类型,中止原因,开始日期,结束日期\n\
         （2025）浙0603执1号,中止执行,被执行人破产程序已终结,2025-05-01,\n\
         （2025）浙0603执2号,中止执行,被执行人进入破产程序,2025-05-01,\n",
    );
    let df = classified(&wd, &["cases.csv", "deductions.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("suspended".into()), Some("suspended".into())]
    );
    assert_eq!(bools(&df, "cat_5"), vec![Some(true), Some(false)]);
    let d = read_parquet(&wd.join("run/parquet/deductions.parquet"));
    assert_eq!(
        strs(&d, "kind"),
        vec![
            Some("中止执行（被执行人破产程序已终结）".into()),
            Some("中止执行（被执行人进入破产程序）".into())
        ]
    );
}

/// A petition dated by its month only (2026年3月) is dated the month's end, noted in the
/// rejects: after a census of 2026-02-28 it does not count. Before, the date was rejected
/// and the undated entry counted at any as-of date (category 7 from one petition).
#[test]
fn a_petition_dated_by_its_month_counts_from_the_months_end() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2024）浙0603执1号,2024-03-10\n（2024）浙0603执2号,2024-03-10\n",
    );
    wd.write(
        "petitions.csv",
        "信访人,信访日期,案号\n\
         张一,2025-05-01,（2024）浙0603执1号\n\
         张一,2026年3月,（2024）浙0603执1号\n\
         李二,2025年4月,（2024）浙0603执2号\n\
         李二,2025.6,（2024）浙0603执2号\n",
    );
    let df = classified(&wd, &["cases.csv", "petitions.csv"], "2026-02-28");
    assert_eq!(ints(&df, "petition_count"), vec![Some(1), Some(2)]);
    assert_eq!(bools(&df, "cat_7"), vec![Some(false), Some(true)]);
    let p = read_parquet(&wd.join("run/parquet/petitions.parquet"));
    // 2026-03-31, 2025-04-30 in days since 1970-01-01.
    assert_eq!(days(&p, "petitioned_on")[1], Some(20543));
    assert_eq!(days(&p, "petitioned_on")[2], Some(20208));
}

/// s-petition-two-cases-first-unmatched: a petition cell naming 执97号、执1号, where 执97号 is
/// no case of the run, counts for 执1号 (two visits: category 7), and the reject says which
/// it is joined to. Before, the rows were joined to 执97号 and counted for no case. A cell
/// whose first number is a case of the run still joins the first.
#[test]
fn a_petition_naming_two_cases_counts_for_the_first_that_is_a_case_of_the_run() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2025）浙0603执1号,2025-01-06\n（2025）浙0603执2号,2025-01-06\n\
         （2025）浙0603执3号,2025-01-06\n",
    );
    wd.write(
        "petitions.csv",
        "信访日期,信访人,案号\n\
         2025-09-01,周一,（2025）浙0603执97号、（2025）浙0603执1号\n\
         2025-10-01,周一,（2025）浙0603执97号、（2025）浙0603执1号\n\
         2025-09-02,周二,（2025）浙0603执2号、（2025）浙0603执3号\n\
         2025-10-02,周二,（2025）浙0603执2号、（2025）浙0603执3号\n",
    );
    let df = classified(&wd, &["cases.csv", "petitions.csv"], "2026-02-28");
    assert_eq!(ints(&df, "petition_count"), vec![Some(2), Some(2), Some(0)]);
    assert_eq!(
        bools(&df, "cat_7"),
        vec![Some(true), Some(true), Some(false)]
    );
    let p = read_parquet(&wd.join("run/parquet/petitions.parquet"));
    assert_eq!(
        strs(&p, "case_no")[..3].to_vec(),
        vec![
            Some("（2025）浙0603执1号".to_string()),
            Some("（2025）浙0603执1号".to_string()),
            Some("（2025）浙0603执2号".to_string())
        ]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let reasons: Vec<String> = strs(&rejects, "reason").into_iter().flatten().collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(
        reasons[0].contains(
            "joined to （2025）浙0603执1号 (the 案号 before it name no case of the run); \
             （2025）浙0603执97号 is not"
        ),
        "{reasons:?}"
    );
    assert!(
        reasons[2].contains("joined to （2025）浙0603执2号; （2025）浙0603执3号 is not"),
        "{reasons:?}"
    );
}

/// s-petition-unparsed-case-no-joined-by-name: a petition whose 案号 is a range
/// (执26号至28号, 执29-30号) is about those cases: it joins the first, the others are named
/// in the rejects, and it is never joined by its petitioner's name to the one case the
/// petitioner's other entry cites. Before, the cell was left unread, listed nowhere, and
/// credited to 执25号 (three petitions: category 7, "按案号"). A 案号 that states a case
/// but cannot be read is listed and joins no case.
#[test]
fn a_petition_naming_a_range_is_about_those_cases_not_its_petitioners_other_case() {
    let wd = Workdir::new();
    let cases: String = (25..=30)
        .map(|n| format!("（2025）浙0603执{n}号,2025-06-10\n"))
        .collect();
    wd.write("cases.csv", format!("案号,立案日期\n{cases}"));
    wd.write(
        "petitions.csv",
        "信访日期,信访人,案号\n\
         2025-10-01,李四,（2025）浙0603执25号\n\
         2025-10-02,李四,（2025）浙0603执26号至28号\n\
         2025-10-03,李四,（2025）浙0603执29-30号\n\
         2025-10-04,李四,（2025）浙0603执号\n\
         2025-10-05,李四,\n",
    );
    let df = classified(&wd, &["cases.csv", "petitions.csv"], "2026-02-28");
    // 李四 cites three cases (执25号, 执26号, 执29号): his blank entry is not guessed.
    assert_eq!(
        ints(&df, "petition_count"),
        vec![Some(1), Some(1), Some(0), Some(0), Some(1), Some(0)]
    );
    assert_eq!(bools(&df, "cat_7")[0], Some(false));
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    let reasons: Vec<String> = strs(&rejects, "reason").into_iter().flatten().collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].contains(
            "3 案号 in one cell: the row is joined to （2025）浙0603执26号; \
             （2025）浙0603执27号、（2025）浙0603执28号 is not"
        ),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("joined to （2025）浙0603执29号; （2025）浙0603执30号"),
        "{reasons:?}"
    );
    assert!(reasons[2].starts_with("invalid 案号"), "{reasons:?}");
}

#[test]
fn categories_and_non_litigation_by_the_wordings_exports_use() {
    let wd = Workdir::new();
    wd.write(
        "causes.csv",
        "案号,立案日期,被执行人,承办人,案件状态,案由,备注\n\
         （2023）浙0603执1号,2023-01-05,李四,王五,未结,拖欠农民工工资,\n\
         （2023）浙0603执2号,2023-01-05,李四,王五,未结,劳动争议,系农民工工资\n\
         （2023）浙0603执3号,2023-01-05,李四,王五,未结,交通事故责任纠纷,\n\
         （2023）浙0603执4号,2023-01-05,李四,王五,未结,民间借贷纠纷,\n\
         （2024）浙0603执5号,2024-10-08,某某局,王五,未结,土地行政处罚,\n\
         （2024）浙0603执6号,2024-10-08,某某局,王五,未结,资源行政管理-土地行政管理(土地),\n\
         （2024）浙0603执7号,2024-10-08,李四,王五,未结,民间借贷纠纷,\n",
    );
    let df = classified(&wd, &["causes.csv"], "2025-03-01");
    let cat = |name: &str| bools(&df, name)[..4].to_vec();
    assert_eq!(cat("cat_4"), [true, true, false, false].map(Some).to_vec());
    assert_eq!(cat("cat_6"), [false, false, true, false].map(Some).to_vec());
    // 非诉 (3 months): due 2025-01-08, overdue on 2025-03-01; the loan case is not.
    assert_eq!(
        bools(&df, "in_backlog")[4..].to_vec(),
        [true, true, false].map(Some).to_vec()
    );
}

#[test]
fn flags_with_notes_causes_written_together_and_clauses_after_but() {
    let wd = Workdir::new();
    // 执1: marked 涉农民工工资; 执2: two causes in one cell; 执3: 一案 after the cause;
    // 执4: a hardship flag with a note; 执5: ground ended, "but not yet resumed" (category
    // 5 all the same); 执6: none of these.
    wd.write(
        "flags.csv",
        "案号,立案日期,被执行人,承办人,案件状态,案由,是否涉农民工工资,是否特殊群体,中止原因,有无财产\n\
         （2023）浙0603执1号,2023-01-05,李四,王五,未结,劳动争议,是,,,暂无\n\
         （2023）浙0603执2号,2023-01-05,李四,王五,未结,民间借贷纠纷、建设工程施工合同纠纷,否,,,查无财产\n\
         （2023）浙0603执3号,2023-01-05,李四,王五,未结,机动车交通事故责任纠纷一案,否,,,名下有车辆\n\
         （2023）浙0603执4号,2023-01-05,李四,王五,未结,民间借贷纠纷,否,是（残疾人）,,有\n\
         （2023）浙0603执5号,2023-01-05,李四,王五,中止,民间借贷纠纷,,,破产程序已终结但尚未恢复执行,\n\
         （2023）浙0603执6号,2023-01-05,李四,王五,中止,民间借贷纠纷,,,被执行人下落不明,\n\
         （2023）浙0603执7号,2023-01-05,李四,王五,未结,交通肇事罪,,低保户,,\n",
    );
    let df = classified(&wd, &["flags.csv"], "2025-03-01");
    let cat = |name: &str| bools(&df, name)[..6].to_vec();
    let t = |v: [bool; 6]| v.map(Some).to_vec();
    assert_eq!(cat("cat_4"), t([true, true, false, false, false, false]));
    assert_eq!(cat("cat_6"), t([false, false, true, false, false, false]));
    assert_eq!(cat("cat_3"), t([false, false, false, true, false, false]));
    assert_eq!(cat("cat_5"), t([false, false, false, false, true, false]));
    // 执7: a hardship column naming the group; damages for 交通肇事罪.
    assert_eq!(bools(&df, "cat_3")[6], Some(true));
    assert_eq!(bools(&df, "cat_6")[6], Some(true));
    let cases = read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        bools(&cases, "has_assets"),
        vec![
            Some(false),
            Some(false),
            Some(true),
            Some(true),
            None,
            None,
            None
        ]
    );
    let reasons = lists(&df, "category_reasons");
    assert!(
        reasons[0]
            .iter()
            .any(|r| r.contains("导出标记涉农民工工资")),
        "{:?}",
        reasons[0]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

#[test]
fn a_petition_count_the_export_states_counts_for_category_7() {
    let wd = Workdir::new();
    wd.write(
        "pet.csv",
        "案号,立案日期,被执行人,承办人,案件状态,信访次数\n\
         （2023）浙0603执1号,2023-01-05,李四,王五,未结,4\n\
         （2023）浙0603执2号,2023-01-05,李四,王五,未结,1\n\
         （2023）浙0603执3号,2023-01-05,李四,王五,未结,\n",
    );
    let df = classified(&wd, &["pet.csv"], "2025-03-01");
    assert_eq!(ints(&df, "petition_count"), vec![Some(4), Some(1), Some(0)]);
    assert_eq!(bools(&df, "cat_7"), [true, false, false].map(Some).to_vec());
    let reasons = df
        .column("category_reasons")
        .unwrap()
        .list()
        .unwrap()
        .get_as_series(0)
        .unwrap();
    let reasons: Vec<String> = reasons
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(String::from)
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("导出信访次数")),
        "{reasons:?}"
    );
}

/// r-petition-count-in-reason-ignored: a petition count written in 情况说明/未结原因
/// (申请人信访3次) counts as one written in 备注 does: petition_count 3, category 7, the
/// reason naming the column. Before, only 备注 was read for a count, and the case was left
/// out of category 7. With a count in both, the larger counts.
#[test]
fn a_petition_count_in_the_reason_counts_as_in_the_note() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,未结原因,备注\n\
         （2023）浙0603执1号,2023-01-05,李四,未结,,申请人信访3次\n\
         （2023）浙0603执2号,2023-01-05,李四,未结,申请人信访3次,\n\
         （2023）浙0603执3号,2023-01-05,李四,未结,申请人信访4次,信访2次\n\
         （2023）浙0603执4号,2023-01-05,李四,未结,被执行人下落不明,\n",
    );
    let df = classified(&wd, &["cases.csv"], "2025-03-01");
    assert_eq!(
        ints(&df, "petition_count"),
        vec![Some(3), Some(3), Some(4), Some(0)]
    );
    assert_eq!(
        bools(&df, "cat_7"),
        [true, true, true, false].map(Some).to_vec()
    );
    let reasons = lists(&df, "category_reasons");
    assert!(
        reasons[1].iter().any(|r| r.contains("情况说明记载")),
        "{:?}",
        reasons[1]
    );
}

/// r-petition-count-words-unread: a petition count in 备注 written in Chinese numerals
/// (信访三次, 上访两次), with spaces (信访 3 次) or as "more than" (信访10余次, 信访多次) is
/// category 7 as 信访3次 is. Before, only digits were read, and these cases had
/// petition_count 0. 未多次上访 stays negated, and 多次上访 is category 7 by its words only.
#[test]
fn a_petition_count_in_words_counts_for_category_7() {
    let wd = Workdir::new();
    let notes = [
        "申请人信访3次",
        "申请人信访三次",
        "申请人信访 3 次",
        "申请人信访10余次",
        "申请人上访两次",
        "申请人信访多次",
        "申请人未多次上访",
        "申请人多次上访",
    ];
    let rows: String = notes
        .iter()
        .enumerate()
        .map(|(i, n)| format!("（2023）浙0603执{}号,2023-01-05,李四,未结,{n}\n", i + 1))
        .collect();
    wd.write(
        "cases.csv",
        format!("案号,立案日期,被执行人,案件状态,备注\n{rows}"),
    );
    let df = classified(&wd, &["cases.csv"], "2025-03-01");
    assert_eq!(
        ints(&df, "petition_count"),
        [3, 3, 3, 10, 2, 2, 0, 0].map(Some).to_vec()
    );
    assert_eq!(
        bools(&df, "cat_7"),
        [true, true, true, true, true, true, false, true]
            .map(Some)
            .to_vec()
    );
}

#[test]
fn an_original_case_resumed_under_a_new_number_is_closed() {
    let wd = Workdir::new();
    wd.write(
        "resumed.csv",
        "案号,立案日期,被执行人,承办人,案件状态,原案号\n\
         （2022）浙0603执501号,2022-03-01,李五,王五,终本（已恢复）,\n\
         （2024）浙0603执恢13号,2024-05-06,李五,王五,未结,（2022）浙0603执501号\n\
         （2022）浙0603执502号,2022-03-01,李六,王五,未结,\n\
         （2024）浙0603执异3号,2024-05-06,李六,王五,未结,（2022）浙0603执502号\n",
    );
    // Before the 执恢 case was filed the original was open (its status says resumed);
    // from then on the new case carries the enforcement. An objection case (执异) about
    // an open case does not close it.
    let before = classified(&wd, &["resumed.csv"], "2024-05-01");
    assert_eq!(strs(&before, "status_as_of")[0].as_deref(), Some("pending"));
    let after = classified(&wd, &["resumed.csv"], "2025-03-01");
    assert_eq!(
        strs(&after, "status_as_of"),
        ["closed", "pending", "pending", "pending"]
            .map(|s| Some(s.to_string()))
            .to_vec()
    );
}

/// Red-team round 37 (m-resumed-original-closure-undated, m-transfer-counted-in-two-courts):
/// an original closed for the case that carries it on had no closing date, so trend kept
/// it pending and its flows did not add up to the census; and a case another court took
/// over (提级执行: a 首执 whose 原案号 is the original) was in two courts' backlogs while the
/// first court's export still showed it 未结. Each is closed on its own 结案日期, else on the
/// new case's filing date; a 首执 citing a judgement (民初) as 原案号 closes nothing.
#[test]
fn an_original_carried_on_under_a_new_number_is_closed_on_a_date() {
    let wd = Workdir::new();
    wd.write(
        "moved.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,恢复执行日期,原案号\n\
         （2023）浙0602执2号,2023-03-10,李六,王五,恢复执行,,,\n\
         （2025）浙0602执恢2号,2025-07-10,李六,王五,未结,,,（2023）浙0602执2号\n\
         （2024）浙0602执3号,2024-03-10,李七,王五,未结,,,\n\
         （2025）浙06执5号,2025-05-10,李七,周华,未结,,,（2024）浙0602执3号\n\
         （2022）浙0602执9号,2022-03-10,李八,王五,恢复执行,2024-01-05,2025-02-10,\n\
         （2025）浙0602执恢9号,2025-02-10,李八,王五,未结,,,（2022）浙0602执9号\n\
         （2025）浙0602执11号,2025-06-10,李九,王五,未结,,,（2024）浙0602民初7号\n",
    );
    let df = classified(&wd, &["moved.csv"], "2026-02-28");
    let nos = strs(&df, "case_no");
    let at = |no: &str| nos.iter().position(|n| n.as_deref() == Some(no)).unwrap();
    let status = strs(&df, "status_as_of");
    let closed = days(&df, "closed_on");
    let day = |s: &str| {
        (chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
            - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days()
    };
    for (no, on) in [
        ("（2023）浙0602执2号", "2025-07-10"),
        ("（2024）浙0602执3号", "2025-05-10"),
        ("（2022）浙0602执9号", "2024-01-05"),
    ] {
        assert_eq!(status[at(no)].as_deref(), Some("closed"), "{no}");
        assert_eq!(closed[at(no)], Some(day(on)), "{no}");
    }
    assert_eq!(
        status[at("（2025）浙0602执11号")].as_deref(),
        Some("pending")
    );
    let backlog = bools(&df, "in_backlog");
    assert_eq!(backlog[at("（2024）浙0602执3号")], Some(false));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wd.join("run/classify.json")).unwrap())
            .unwrap();
    assert_eq!(
        (
            json["closed_as_resumed"].clone(),
            json["closed_as_transferred"].clone()
        ),
        (2.into(), 1.into()),
        "{json}"
    );
    // The flows add up to the census: every original closed in a month.
    let out = wd.run(&["census", "run", "--no-workbook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["trend", "run", "--from", "2025-01-01", "--no-workbook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let flows = read_parquet(&wd.join("run/parquet/trend_flows.parquet"));
    let summary = read_parquet(&wd.join("run/parquet/census_summary.parquet"));
    let level = strs(&summary, "level");
    let all = level
        .iter()
        .position(|l| l.as_deref() == Some("all"))
        .unwrap();
    let (flevel, whole) = (strs(&flows, "level"), bools(&flows, "whole_range"));
    let k = (0..flows.height())
        .find(|&k| flevel[k].as_deref() == Some("all") && whole[k] == Some(true))
        .unwrap();
    assert_eq!(
        ints(&flows, "pending_end")[k],
        ints(&summary, "pending")[all]
    );
    assert_eq!(ints(&summary, "pending")[all], Some(4));
}

/// Red-team round 37 (d-resumed-same-day-as-closed): a 终本 lifted the day it was made
/// (恢复执行日期 = 结案日期) is open from that day, as one resumed the day after is.
#[test]
fn a_case_resumed_on_the_day_it_was_closed_is_open() {
    let wd = Workdir::new();
    wd.write(
        "same.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,恢复执行日期\n\
         （2024）浙0603执1号,2024-06-01,李四,王五,恢复执行,2025-10-10,终本,2025-10-10\n\
         （2024）浙0603执2号,2024-06-01,赵六,王五,恢复执行,2025-10-10,终本,2025-10-11\n",
    );
    let df = classified(&wd, &["same.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("pending".to_string()); 2]
    );
    assert_eq!(bools(&df, "in_backlog"), vec![Some(true); 2]);
    let out = wd.run(&["trend", "run", "--from", "2025-01-01", "--no-workbook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let flows = read_parquet(&wd.join("run/parquet/trend_flows.parquet"));
    let (level, period) = (strs(&flows, "level"), strs(&flows, "period"));
    let k = (0..flows.height())
        .find(|&k| level[k].as_deref() == Some("all") && period[k].as_deref() == Some("2025-10"))
        .unwrap();
    assert_eq!(ints(&flows, "resolved")[k], Some(2));
    assert_eq!(ints(&flows, "reopened")[k], Some(2));
    assert_eq!(ints(&flows, "pending_end")[k], Some(2));
}

/// Red-team round 56 (m-reopened-case-age-counts-closed-time): a 终本 case resumed under
/// its own 案号 counted the months it stood closed as pending age and as days its period
/// ran (1095 days old, a year overdue, category 1, while the same resumption recorded as a
/// 执恢 case was 27 days old). The closed spell [结案日期, 恢复执行日期) is left out of its
/// age and added to its period, as a deducted interval (metrics.md, Age and Due date). A
/// case never closed keeps its figures.
#[test]
fn a_case_reopened_under_its_own_number_does_not_age_while_it_stood_closed() {
    let wd = Workdir::new();
    wd.write(
        "reopened.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,恢复执行日期\n\
         （2023）浙0603执1号,2023-03-01,李四,王五,恢复执行,2025-05-01,终本,2026-02-01\n\
         （2023）浙0603执2号,2023-03-01,赵六,王五,执行中,,,\n",
    );
    let df = classified(&wd, &["reopened.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("pending".to_string()); 2]
    );
    // 2023-03-01 → 2026-02-28 is 1095 days, of which 2025-05-01 → 2026-02-01 (276) closed.
    assert_eq!(ints(&df, "age_days"), [Some(1095 - 276), Some(1095)]);
    assert_eq!(ints(&df, "deducted_days"), [Some(276), Some(0)]);
    // Due 2023-09-01 + 276 days = 2024-06-03; the case never closed is due 2023-09-01.
    assert_eq!(days(&df, "due_on"), [Some(19877), Some(19601)]);
    assert_eq!(ints(&df, "overdue_days"), [Some(635), Some(911)]);
}

/// t-same-day-resumption-reject: a 终本 lifted the day it was made, which classify counts
/// open, is no contradiction for ingest to list either (no reject saying "classify counts
/// the case closed"), just as one resumed the day after is not.
#[test]
fn a_case_resumed_on_the_day_it_was_closed_is_not_a_reject() {
    let wd = Workdir::new();
    wd.write(
        "same.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,恢复执行日期\n\
         （2024）浙0603执1号,2024-06-01,李四,王五,恢复执行,2025-07-07,终本,2025-07-07\n\
         （2024）浙0603执2号,2024-06-01,赵六,王五,恢复执行,2025-07-07,终本,2025-07-08\n",
    );
    let df = classified(&wd, &["same.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        vec![Some("pending".to_string()); 2]
    );
    let rejects = read_parquet(&wd.join("run/parquet/rejects.parquet"));
    assert_eq!(rejects.height(), 0, "{rejects}");
}

#[test]
fn an_open_case_without_a_filing_date_is_counted_from_its_years_end() {
    let wd = Workdir::new();
    wd.write(
        "nofiling.csv",
        "案号,立案日期,被执行人,承办人,案件状态\n\
         （2016）粤0304执5号,1900-01-01,李四,陈志强,执行中\n\
         （2017）粤0304执8号,,李四,陈志强,中止\n\
         （2026）粤0304执2号,,李四,陈志强,执行中\n",
    );
    let df = classified(&wd, &["nofiling.csv"], "2026-02-28");
    assert_eq!(
        strs(&df, "status_as_of"),
        ["pending", "suspended", "pending"]
            .map(|s| Some(s.to_string()))
            .to_vec()
    );
    // Filed by 2016-12-31 at the latest: due by 2017-06-30, overdue for years; a case of
    // this year, filed by the census date at the latest, is not overdue yet.
    assert_eq!(
        bools(&df, "in_backlog"),
        [true, true, false].map(Some).to_vec()
    );
    assert_eq!(bools(&df, "cat_1")[0], Some(true));
}

#[test]
fn an_open_case_without_a_filing_date_or_a_year_was_filed_by_its_exports_date() {
    // No 立案日期 and no year in the 案号 (暂无, a ledger's sequence number): listed in an
    // export of 2025-12-31, it was filed by then; it is open, not left out as not filed.
    let wd = Workdir::new();
    wd.write(
        "ledger.csv",
        "案件清单（截至2025年12月31日）\n\
         案号,立案日期,被执行人,承办人,案件状态\n\
         暂无,,李四,陈志强,执行中\n\
         暂无,不详,王五,陈志强,中止\n\
         （2025）粤0304执9号,2025-10-01,赵六,陈志强,执行中\n",
    );
    let df = classified(&wd, &["ledger.csv"], "2025-12-31");
    assert_eq!(
        strs(&df, "status_as_of"),
        ["pending", "suspended", "pending"]
            .map(|s| Some(s.to_string()))
            .to_vec()
    );
    assert_eq!(
        bools(&df, "in_backlog"),
        [false, true, false].map(Some).to_vec()
    );
    // On a census date before the export's, it may not have been filed yet.
    let out = wd.run(&["classify", "run", "--as-of", "2025-06-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let df = read_parquet(&wd.join("run/parquet/cases_classified.parquet"));
    assert_eq!(
        strs(&df, "status_as_of")[..2],
        [Some("not_filed".to_string()), Some("not_filed".to_string())]
    );
}

#[test]
fn a_review_case_is_never_in_the_enforcement_backlog() {
    // 执异 and an unparsed 案号, both long overdue: the review case is no enforcement
    // backlog (README, backlog.toml), the case without a readable number still is, so the
    // classified table, classify's summary and the census give one figure.
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态\n\
         （2023）浙0603执5号,2023-03-01,李四,执行中\n\
         （2023）浙0603执异7号,2023-03-01,李四,审查中\n\
         暂无,2023-03-01,李四,执行中\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-12-31");
    assert_eq!(
        bools(&df, "in_backlog"),
        vec![Some(true), Some(false), Some(true)]
    );
    let out = wd.run(&["census", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = read_parquet(&wd.join("run/parquet/census_summary.parquet"));
    let all = s
        .lazy()
        .filter(col("level").eq(lit("all")))
        .collect()
        .unwrap();
    assert_eq!(ints(&all, "backlog"), vec![Some(2)]);
}

#[test]
fn a_backlog_rule_naming_an_unknown_case_kind_is_refused() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期\n（2023）浙0603执5号,2023-03-01\n",
    );
    let rules =
        std::fs::read_to_string(crate::util::project_root().join("pipelines/rules/backlog.toml"))
            .unwrap()
            .replacen("\"unparsed\"]", "\"執恢\"]", 1);
    wd.write("rules/backlog.toml", &rules);
    let out = wd.run(&["ingest", "cases.csv", "--out", "run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&[
        "classify",
        "run",
        "--as-of",
        "2024-12-31",
        "--rules",
        "rules",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("\"執恢\" is not one of"),
        "{}",
        stderr(&out)
    );
}

/// l-fullwidth-punctuation-in-free-text: ingest keeps 未结原因, 备注 and 案由 as written
/// (full-width ，；３), and classification reads them folded: a text written with full-width
/// punctuation and digits gets the categories, root causes and petition count of the same
/// text written half-width.
#[test]
fn free_text_in_full_width_classifies_as_in_half_width() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,案件状态,未结原因,备注\n\
         （2022）浙0603执51号,2022-06-01,李四,未结,被执行人身患重病，无履行能力,申请人上访３次\n\
         （2022）浙0603执52号,2022-06-01,李四,未结,\"被执行人身患重病,无履行能力\",申请人上访3次\n\
         （2022）浙0603执60号,2022-06-01,李四,未结,经排查，不存在地方保护主义干扰；下落不明,\n\
         （2022）浙0603执61号,2022-06-01,李四,未结,\"经排查,不存在地方保护主义干扰;下落不明\",\n",
    );
    let df = classified(&wd, &["cases.csv"], "2024-03-31");
    assert_eq!(
        strs(&df, "reason")[0].as_deref(),
        Some("被执行人身患重病，无履行能力"),
        "kept as written"
    );
    assert_eq!(ints(&df, "petition_count")[1], Some(3));
    for (a, b) in [(0, 1), (2, 3)] {
        for col in ["root_causes", "category_reasons", "root_cause_reasons"] {
            let l = lists(&df, col);
            assert_eq!(l[a], l[b], "{col} of rows {a} and {b}");
        }
        for k in 1..=7 {
            let cat = bools(&df, &format!("cat_{k}"));
            assert_eq!(cat[a], cat[b], "cat_{k} of rows {a} and {b}");
        }
        assert_eq!(
            ints(&df, "petition_count")[a],
            ints(&df, "petition_count")[b]
        );
    }
}

/// Red-team round 56 (t-transferred-case-method-unknown): a case another court took over
/// (指定执行: a 首执 of that court whose 原案号 is the case) was closed on the new case's
/// filing date with no 结案方式, so the evaluation counted it a closure of unknown method
/// that may be 终本 (清理比例（不含终本）, 实际执结率). The first court closes it by 终结执行
/// (2014 意见 art. 17); a 执恢's original keeps the method its export gives, or none.
#[test]
fn a_case_taken_over_by_another_court_is_closed_by_termination() {
    let wd = Workdir::new();
    wd.write(
        "moved.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式,原案号\n\
         （2024）浙0603执41号,2024-02-01,李七,王五,未结,,,\n\
         （2026）浙0602执10号,2026-02-01,李七,孙华,未结,,,（2024）浙0603执41号\n\
         （2023）浙0603执2号,2023-03-10,李六,王五,恢复执行,,,\n\
         （2025）浙0603执恢2号,2025-07-10,李六,王五,未结,,,（2023）浙0603执2号\n",
    );
    let df = classified(&wd, &["moved.csv"], "2026-02-28");
    let nos = strs(&df, "case_no");
    let at = |no: &str| nos.iter().position(|n| n.as_deref() == Some(no)).unwrap();
    let status = strs(&df, "status_as_of");
    let method = strs(&df, "closure_method");
    let sent_on = at("（2024）浙0603执41号");
    assert_eq!(status[sent_on].as_deref(), Some("closed"));
    assert_eq!(method[sent_on].as_deref(), Some("终结执行"), "{df}");
    // Inferred, not read: the export's wording stays as it was (none).
    assert_eq!(strs(&df, "closure_method_raw")[sent_on], None);
    let resumed = at("（2023）浙0603执2号");
    assert_eq!(status[resumed].as_deref(), Some("closed"));
    assert_eq!(method[resumed], None, "a 执恢's original is no transfer");
    for open in ["（2026）浙0602执10号", "（2025）浙0603执恢2号"] {
        assert_eq!(method[at(open)], None, "{open}");
    }
}
