//! `caseflow project` on the bundled sample: the projection stage of the main pipeline,
//! the command with a set pace and what-if changes, and its usage errors.

use polars::prelude::*;

use crate::util::{floats, ints, project_root, read_parquet, stderr, strs, Workdir};

/// The projection rows obey pending(m) = pending(m−1) + received − closed, starting from
/// the pending cases of the run.
fn check_recursion(monthly: &DataFrame, pending_now: f64) {
    let kind = strs(monthly, "kind");
    let pending = floats(monthly, "pending");
    let recv = floats(monthly, "received");
    let closed = floats(monthly, "closed");
    let mut prev = pending_now;
    let mut n = 0;
    for i in 0..monthly.height() {
        if kind[i].as_deref() != Some("projection") {
            continue;
        }
        let expect = (prev + recv[i].unwrap() - closed[i].unwrap()).max(0.0);
        assert!((pending[i].unwrap() - expect).abs() < 1e-6, "row {i}");
        prev = pending[i].unwrap();
        n += 1;
    }
    assert_eq!(n, 4, "March to June projected");
}

#[test]
fn projection_on_the_sample_answers_when_and_what_pace() {
    let wd = Workdir::new();
    let pipeline = project_root().join("pipelines/baseline-census.toml");
    let run = wd.join("run");
    let out = wd.run(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("project"), "{}", stderr(&out));
    let pq = run.join("parquet");
    let monthly = read_parquet(&pq.join("project_monthly.parquet"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("project.json")).unwrap()).unwrap();
    let pending_now = json["pending_now"].as_f64().unwrap();
    assert_eq!(
        json["backlog_now"].as_i64(),
        Some(444),
        "the census backlog"
    );
    check_recursion(&monthly, pending_now);
    // History rows are the actual month-end pending cases, from the dates.
    let kind = strs(&monthly, "kind");
    assert!(kind.iter().any(|k| k.as_deref() == Some("history")));
    // The back-test ran on the sample's own past, and its error is stated.
    let bt = &json["backtest"];
    assert!(
        bt["months"].as_array().is_some_and(|m| m.len() >= 6),
        "{bt}"
    );
    let mape = bt["pending_mape"].as_f64().unwrap();
    assert!(mape.is_finite() && mape >= 0.0);
    let required = read_parquet(&pq.join("project_required.parquet"));
    let units = strs(&required, "unit_kind");
    assert!(units.iter().any(|u| u.as_deref() == Some("officer")));
    assert!(
        units.iter().any(|u| u.as_deref() == Some("team")),
        "by = team in the pipeline"
    );
    // Teams in the census's order, numbers as numbers (red-team round 21: 一, 三, 二, 五, 四).
    let names = strs(&required, "unit");
    let teams: Vec<&str> = (0..required.height())
        .filter(|&i| units[i].as_deref() == Some("team"))
        .filter_map(|i| names[i].as_deref())
        .filter(|n| n.starts_with("执行") && n.ends_with('组'))
        .collect();
    assert_eq!(
        teams,
        ["执行一组", "执行二组", "执行三组", "执行四组", "执行五组"]
    );
    let needed = floats(&required, "required_backlog_closures_per_month")[0].unwrap();
    assert!(
        (needed - 444.0 / 4.0).abs() < 1e-9,
        "444 cases over March–June"
    );
    // The officers' recent paces add up to the court's (the same window, the same cases).
    let current = floats(&required, "current_backlog_closures_per_month");
    let officers: f64 = (0..required.height())
        .filter(|&i| units[i].as_deref() == Some("officer"))
        .map(|i| current[i].unwrap())
        .sum();
    assert!(
        (officers - current[0].unwrap()).abs() < 1e-9,
        "{officers} vs {:?}",
        current[0]
    );
    let cats = read_parquet(&pq.join("project_categories.parquet"));
    assert_eq!(cats.height(), 7);
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        html.contains("进度预测") && html.contains("回测"),
        "report section"
    );
    assert!(run.join("charts/projection.png").is_file());
    {
        use calamine::Reader;
        let wb: calamine::Xlsx<_> = calamine::open_workbook(run.join("workbook.xlsx")).unwrap();
        assert!(wb.sheet_names().iter().any(|s| s == "积案预测"));
    }

    // A set pace and what-if changes, from the command.
    let out = wd.run(&[
        "project",
        "run",
        "--until",
        "2026-06-30",
        "--closures-per-month",
        "150",
        "--target-pending",
        "300",
        "--by",
        "team",
        "--move",
        "郭梅=执行二组",
        "--no-report",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let monthly = read_parquet(&pq.join("project_monthly.parquet"));
    let kind = strs(&monthly, "kind");
    let closed = floats(&monthly, "closed");
    let set: Vec<f64> = (0..monthly.height())
        .filter(|&i| kind[i].as_deref() == Some("projection"))
        .map(|i| closed[i].unwrap())
        .collect();
    // The set pace, until the cases that are not backlog run out: pending never falls
    // below the backlog plus the month's new cases (w-projection-clear-month).
    assert_eq!(set[0], 150.0);
    assert!(set.iter().all(|&d| d <= 150.0), "{set:?}");
    check_recursion(&monthly, pending_now);
    let required = read_parquet(&pq.join("project_required.parquet"));
    let target = floats(&required, "required_total_closures_for_target")[0];
    assert!(target.is_some_and(|t| t > 0.0));

    // The census's case kinds (census.toml) are the projection's too: with 执恢 and 执保
    // left out, both start from the same, smaller, backlog.
    let census_toml = std::fs::read_to_string(project_root().join("pipelines/rules/census.toml"))
        .unwrap()
        .replace(
            "case_kinds = [\"first\", \"resumed\", \"preservation\", \"enforcement_unknown\", \"unparsed\"]",
            "case_kinds = [\"first\", \"enforcement_unknown\", \"unparsed\"]",
        );
    assert!(census_toml.contains("case_kinds = [\"first\", \"enforcement_unknown\""));
    let rules = wd.write("rules/census.toml", census_toml);
    let rules = rules.parent().unwrap().to_str().unwrap();
    let out = wd.run(&["census", "run", "--rules", rules, "--no-workbook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&[
        "project",
        "run",
        "--until",
        "2026-06-30",
        "--rules",
        rules,
        "--no-report",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(run.join(name)).unwrap()).unwrap()
    };
    let (census, projected) = (read("census.json"), read("project.json"));
    let backlog = census["backlog"].as_i64().unwrap();
    assert!(backlog < 444, "执恢 and 执保 left out: {backlog}");
    assert_eq!(projected["backlog_now"].as_i64(), Some(backlog));
    assert_eq!(projected["pending_now"], census["pending"]);

    // Usage errors.
    let out = wd.run(&["project", "run", "--until", "2025-12-31"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = wd.run(&[
        "project",
        "run",
        "--until",
        "2026-06-30",
        "--closures-per-month",
        "5",
        "--clearance-rate",
        "90",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = wd.run(&[
        "project",
        "run",
        "--until",
        "2026-06-30",
        "--move",
        "nobody",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// i-report-pace-rounds-half-even: 5 backlog cases and 4 months to go need 1.25 closures
/// a month; the report showed 1.2 (Rust's `{:.1}` rounds a tie to even) where metrics.md
/// and Excel's ROUND give 1.3.
#[test]
fn the_report_rounds_the_pace_half_away_from_zero() {
    let wd = Workdir::new();
    let mut csv = String::from("案号,立案日期,案件状态,结案日期,结案方式,承办人,执行团队\n");
    for k in 1..=5 {
        csv.push_str(&format!(
            "（2024）浙0603执{k}号,2024-0{k}-10,未结,,,王五,执行一组\n"
        ));
    }
    for (k, closed) in [(6, "2025-03-15"), (7, "2025-04-15"), (8, "2025-05-15")] {
        csv.push_str(&format!(
            "（2024）浙0603执{k}号,2024-0{k}-10,已结,{closed},执行完毕,王五,执行一组\n"
        ));
    }
    wd.write("cases.csv", csv);
    wd.write(
        "p.toml",
        "name = 'pace'\noutput = 'out'\nas_of = '2026-02-28'\n\
         [inputs]\nfiles = ['cases.csv']\nexported_on = '2026-02-28'\n\
         [projection]\nuntil = '2026-06-30'\nby = 'team'\n",
    );
    let out = wd.run(&["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let required = read_parquet(&wd.join("out/parquet/project_required.parquet"));
    assert!(
        floats(&required, "required_backlog_closures_per_month")
            .iter()
            .all(|v| *v == Some(1.25)),
        "the figure itself is 5 / 4"
    );
    let html = std::fs::read_to_string(wd.join("out/report.html")).unwrap();
    assert!(html.contains("需每月结 1.3 件积案"), "the sentence");
    assert!(!html.contains("1.2 件"), "a tie rounded to even");
    assert!(
        !html.contains(">1.2<"),
        "a tie rounded to even in a card or table"
    );
    assert!(html.contains(">1.3<"), "the card and the team table");
}

/// w-projection-clear-month: the headline 积案清零 month was 2030-02 where the recursion the
/// report prints (积案(m)=积案(m−1)+新增超期−积案结案) gives 2032-02: projected pending fell
/// 12.8 a month to zero while 38 cases still arrived, and the backlog was clipped to it.
/// The backlog now follows the printed recursion, and pending never falls below the
/// backlog plus the month's new cases.
#[test]
fn the_clearing_month_follows_the_printed_model() {
    let wd = Workdir::new();
    let pipeline = project_root().join("pipelines/baseline-census.toml");
    let run = wd.join("run");
    let out = wd.run(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["project", "run", "--until", "2032-06-30", "--no-report"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("project.json")).unwrap()).unwrap();
    assert!(
        json["model"]
            .as_str()
            .is_some_and(|m| m.contains("未结不低于积案加当月新收")),
        "the pending floor is stated in the model: {}",
        json["model"]
    );
    let monthly = read_parquet(&run.join("parquet/project_monthly.parquet"));
    let kind = strs(&monthly, "kind");
    let month = strs(&monthly, "month");
    let col = |n: &str| floats(&monthly, n);
    let (recv, pending, backlog) = (col("received"), col("pending"), col("backlog"));
    let (new_overdue, bc) = (col("new_overdue"), col("backlog_closures"));
    let mut prev = json["backlog_now"].as_f64().unwrap();
    let mut cleared = None;
    for i in (0..monthly.height()).filter(|&i| kind[i].as_deref() == Some("projection")) {
        let expect = prev + new_overdue[i].unwrap() - bc[i].unwrap();
        assert!(
            (backlog[i].unwrap() - expect).abs() < 1e-6,
            "{:?}: backlog {:?}, the printed recursion gives {expect}",
            month[i],
            backlog[i]
        );
        assert!(
            pending[i].unwrap() >= backlog[i].unwrap() + recv[i].unwrap() - 1e-6,
            "{:?}: pending {:?} below the backlog plus the month's intake",
            month[i],
            pending[i]
        );
        prev = backlog[i].unwrap();
        if cleared.is_none() && prev < 0.5 {
            cleared = month[i].clone();
        }
    }
    assert_eq!(
        cleared.as_deref(),
        Some("2032-02"),
        "444 cases at 6.17 a month"
    );
    assert_eq!(json["backlog_cleared_in"].as_str(), cleared.as_deref());
}

/// A run of one small court: `rows` are `案号,立案日期,案件状态,结案日期,结案方式`, the
/// projection to `until`.
fn small_court(wd: &crate::util::Workdir, dir: &str, as_of: &str, until: &str, rows: &[&str]) {
    let mut csv = String::from("案号,立案日期,案件状态,结案日期,结案方式,承办人,执行团队\n");
    for r in rows {
        csv.push_str(&format!("{r},王五,执行一组\n"));
    }
    wd.write(&format!("{dir}/cases.csv"), csv);
    wd.write(
        &format!("{dir}/p.toml"),
        format!(
            "name = 'small'\noutput = 'out'\nas_of = '{as_of}'\n\
             [inputs]\nfiles = ['cases.csv']\nexported_on = '{as_of}'\n\
             [projection]\nuntil = '{until}'\n"
        ),
    );
}

/// d-projection-negative-pending, d-projection-backlog-exceeds-pending: a court with no
/// case pending was projected −0.67 pending ("-1 pending" on the terminal), and one with
/// four pending cases 3.5 pending against 7 in the backlog. 积案 are 未结 cases: every
/// projected month, and each end of the band, keeps 0 ≤ backlog ≤ pending.
#[test]
fn the_projected_backlog_stays_within_pending_and_pending_above_zero() {
    let wd = Workdir::new();
    small_court(
        &wd,
        "empty",
        "2026-02-28",
        "2026-06-30",
        &[
            "（2025）浙0603执1号,2025-03-01,已结,2025-06-01,执行完毕",
            "（2025）浙0603执2号,2025-04-01,已结,2026-02-01,终本",
        ],
    );
    small_court(
        &wd,
        "four",
        "2024-02-29",
        "2024-08-31",
        &[
            "（2023）浙0603执1号,2023-08-29,未结,,",
            "（2023）浙0603执2号,2023-08-31,未结,,",
            "（2023）浙0603执3号,2023-08-28,未结,,",
            "（2023）浙0603执4号,2023-06-10,已结,2024-02-29,执行完毕",
            "（2024）浙0603执5号,2024-02-29,未结,,",
            "（2023）浙0603执6号,2023-09-10,已结,2024-01-31,终本",
        ],
    );
    for dir in ["empty", "four"] {
        let out = wd.run(&["run", wd.join(&format!("{dir}/p.toml")).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{dir}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains(" -"),
            "{dir}: a negative figure on the terminal: {}",
            stderr(&out)
        );
        let monthly = read_parquet(&wd.join(&format!("{dir}/out/parquet/project_monthly.parquet")));
        let kind = strs(&monthly, "kind");
        let col = |n: &str| floats(&monthly, n);
        let (pending, lo, hi) = (col("pending"), col("pending_low"), col("pending_high"));
        let (backlog, blo, bhi) = (col("backlog"), col("backlog_low"), col("backlog_high"));
        let overdue = col("overdue");
        for i in (0..monthly.height()).filter(|&i| kind[i].as_deref() == Some("projection")) {
            let (p, b) = (pending[i].unwrap(), backlog[i].unwrap());
            assert!(
                b >= 0.0 && p >= b,
                "{dir} row {i}: pending {p}, backlog {b}"
            );
            assert!(overdue[i].unwrap() <= p, "{dir} row {i}: overdue");
            assert!(
                lo[i].unwrap() >= blo[i].unwrap().max(0.0),
                "{dir} row {i}: low"
            );
            assert!(hi[i].unwrap() >= bhi[i].unwrap(), "{dir} row {i}: high");
        }
    }
}

/// A court whose closed cases have no 结案日期 (已结 with the date left blank) has no pace
/// to project from, and the projection says why: not "no closed case in the run", which
/// the statistician could see was wrong.
#[test]
fn a_projection_without_dated_closures_says_the_closures_have_no_date() {
    let wd = Workdir::new();
    small_court(
        &wd,
        "undated",
        "2026-02-28",
        "2026-06-30",
        &[
            "（2025）浙0603执1号,2025-03-01,已结,,执行完毕",
            "（2025）浙0603执2号,2025-04-01,已结,,终本",
            "（2025）浙0603执3号,2025-05-01,未结,,",
        ],
    );
    let out = wd.run(&["run", wd.join("undated/p.toml").to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains(
            "no closed case with a 结案日期 up to the projection date (2 closed cases have none"
        ),
        "{err}"
    );
    assert!(!err.contains("no closed case in the run"), "{err}");
}

/// d-projection-until-mid-month: a campaign ending on 2026-03-01, one day after the
/// census, was projected to 2026-03-31 and asked 2.0 backlog closures a month, as one
/// ending on 2026-03-31, while the report said "by 2026-03-01". The last month is now
/// cut at `until` (its share of days), as the as-of side is.
#[test]
fn a_projection_until_a_day_inside_a_month_ends_on_that_day() {
    let wd = Workdir::new();
    let rows = [
        "（2024）浙0603执1号,2024-03-01,未结,,",
        "（2024）浙0603执2号,2024-05-01,未结,,",
        "（2024）浙0603执3号,2024-05-01,已结,2026-01-15,执行完毕",
    ];
    let mut needed = Vec::new();
    for until in ["2026-03-01", "2026-03-31"] {
        small_court(&wd, until, "2026-02-28", until, &rows);
        let out = wd.run(&["run", wd.join(&format!("{until}/p.toml")).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let pq = wd.join(&format!("{until}/out/parquet"));
        let required = read_parquet(&pq.join("project_required.parquet"));
        needed.push(floats(&required, "required_backlog_closures_per_month")[0].unwrap());
        let monthly = read_parquet(&pq.join("project_monthly.parquet"));
        let through = monthly
            .column("through")
            .unwrap()
            .cast(&DataType::String)
            .unwrap();
        let through = through.str().unwrap();
        assert_eq!(
            through.get(through.len() - 1),
            Some(until),
            "the last row holds the figures of {until}"
        );
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(wd.join(&format!("{until}/out/project.json"))).unwrap(),
        )
        .unwrap();
        let html = std::fs::read_to_string(wd.join(&format!("{until}/out/report.html"))).unwrap();
        if until == "2026-03-01" {
            assert!((json["months_ahead"].as_f64().unwrap() - 1.0 / 31.0).abs() < 1e-9);
            assert!(
                html.contains("2026-03（至2026-03-01）"),
                "the row says its day"
            );
        } else {
            assert_eq!(json["months_ahead"].as_f64(), Some(1.0));
            assert!(!html.contains("（至"), "a whole month is a month");
        }
    }
    // Two backlog cases in one day of 31, against in the whole month.
    assert!((needed[0] - 2.0 * 31.0).abs() < 1e-9, "{needed:?}");
    assert!((needed[1] - 2.0).abs() < 1e-9, "{needed:?}");
}

/// w-projection-assumed-pace-called-current: with `closures_per_month` set, the cards said
/// 按当前进度 (at this pace) for a projection built on the statistician's assumption, and
/// the English note read "assumes 40 closures a month assumed".
#[test]
fn cards_on_a_set_pace_say_so() {
    let wd = Workdir::new();
    let mut rows = vec![];
    for k in 1..=9 {
        rows.push(format!("（2024）浙0603执{k}号,2024-0{k}-10,未结,,"));
    }
    for (k, closed) in [(10, "2025-10-15"), (11, "2025-12-15"), (12, "2026-01-15")] {
        rows.push(format!(
            "（2024）浙0603执{k}号,2024-0{}-10,已结,{closed},执行完毕",
            k - 9
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    small_court(&wd, "set", "2026-02-28", "2026-06-30", &rows);
    let p = wd.join("set/p.toml");
    let toml = std::fs::read_to_string(&p).unwrap() + "closures_per_month = 40\n";
    std::fs::write(&p, toml).unwrap();
    let out = wd.run(&["run", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(at the set pace)"),
        "{}",
        stderr(&out)
    );
    let run = wd.join("set/out");
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let section = &html[html.find("id=\"projection\"").unwrap()..];
    let cards = &section[..section.find("</p>").unwrap_or(section.len())];
    assert!(
        !cards.contains("按当前进度"),
        "a card calls the set pace current"
    );
    assert!(cards.contains("按设定进度积案清零") && cards.contains("按设定进度（预测中值）"));
    assert!(section.contains("本预测采用假定条件：按设定进度：每月结案 40 件。"));
    let out = wd.run(&["report", run.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.contains("Backlog cleared at the set pace"), "the card");
    assert!(
        html.contains("This projection rests on assumptions: a set pace of 40 closures a month;"),
        "the note"
    );
    assert!(!html.contains("a month assumed"), "the garble");
}

/// a-project-whatif-empty-moves-clause: a what-if without `--move` stated "调整团队：" with
/// nothing after it (project_meta.what_if, the report's 进度预测, the workbook), and
/// "officers moved: " in English. The clause is there only when officers were moved.
#[test]
fn a_what_if_states_moved_officers_only_when_some_were_moved() {
    let wd = Workdir::new();
    let mut rows = vec![];
    for k in 1..=6 {
        rows.push(format!("（2025）浙0603执{k}号,2025-0{k}-10,未结,,"));
    }
    for (k, closed) in [(7, "2025-11-15"), (8, "2026-01-15")] {
        rows.push(format!(
            "（2025）浙0603执{k}号,2025-0{k}-10,已结,{closed},执行完毕"
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    small_court(&wd, "w", "2026-02-28", "2026-06-30", &rows);
    let out = wd.run(&["run", wd.join("w/p.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = wd.join("w/out");
    let what_if = |extra: &[&str]| {
        let mut args = vec![
            "project",
            run.to_str().unwrap(),
            "--until",
            "2026-06-30",
            "--what-if-from",
            "2026-04",
            "--closure-change",
            "30",
        ];
        args.extend_from_slice(extra);
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let meta = read_parquet(&run.join("parquet/project_meta.parquet"));
        let (items, values) = (strs(&meta, "item"), strs(&meta, "value"));
        let get = |k: &str| {
            items
                .iter()
                .position(|i| i.as_deref() == Some(k))
                .and_then(|i| values[i].clone())
                .unwrap()
        };
        (get("what_if"), get("what_if_en"))
    };
    let (zh, en) = what_if(&[]);
    assert_eq!(zh, "自2026-04起新收+0%、结案+30%");
    assert_eq!(en, "from 2026-04: received +0%, closed +30%");
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(!html.contains("调整团队"), "an empty 调整团队 clause");
    let (zh, en) = what_if(&["--move", "王五=执行二组"]);
    assert_eq!(zh, "自2026-04起新收+0%、结案+30%；调整团队：王五→执行二组");
    assert_eq!(
        en,
        "from 2026-04: received +0%, closed +30%; officers moved: 王五→执行二组"
    );
    // a-what-if-from-after-until (noticed, not filed): a change from after the
    // projection's end changed nothing and was shown as a what-if; it is refused.
    let out = wd.run(&[
        "project",
        run.to_str().unwrap(),
        "--until",
        "2026-06-30",
        "--what-if-from",
        "2026-08",
        "--closure-change",
        "30",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--what-if-from 2026-08: the projection ends on --until 2026-06-30"),
        "{}",
        stderr(&out)
    );
}

/// e-project-history-omits-reopened: a case closed by 终本 and reopened under its own 案号
/// (恢复执行) is pending again; trend_flows counts it as R and the census as pending, but
/// the projection's history left it out (10 pending against the census's 11 from the
/// month it was reopened), so the projection started one case above its own history. The
/// history counts the reopening as an inflow of its month and reconciles with trend_flows.
#[test]
fn the_projection_history_counts_a_case_reopened_under_its_own_number() {
    let wd = Workdir::new();
    let mut csv =
        String::from("案号,立案日期,承办人,执行团队,案件状态,结案日期,结案方式,恢复日期\n");
    for k in 1..=10 {
        csv.push_str(&format!(
            "（2025）浙0603执{k}号,2025-01-10,王五,执行一组,在办,,,\n"
        ));
    }
    csv.push_str(
        "（2025）浙0603执300号,2025-01-10,王五,执行一组,恢复执行,2025-06-01,终本,2026-03-10\n",
    );
    wd.write("cases.csv", csv);
    wd.write(
        "p.toml",
        "name = 'mid'\noutput = 'out'\nas_of = '2026-04-30'\n\
         [inputs]\nfiles = ['cases.csv']\nexported_on = '2026-04-30'\n\
         [trend]\nby = 'month'\nfrom = '2025-01-01'\nto = '2026-04-30'\n\
         [projection]\nuntil = '2026-06-30'\n",
    );
    let out = wd.run(&["run", wd.join("p.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pq = wd.join("out/parquet");
    let flows = read_parquet(&pq.join("trend_flows.parquet"));
    let (level, period) = (strs(&flows, "level"), strs(&flows, "period"));
    let (pending_end, reopened) = (ints(&flows, "pending_end"), ints(&flows, "reopened"));
    let flow = |m: &str| {
        (0..flows.height())
            .find(|&i| level[i].as_deref() == Some("all") && period[i].as_deref() == Some(m))
            .map(|i| (pending_end[i].map(|p| p as f64), reopened[i]))
            .unwrap()
    };
    assert_eq!(flow("2026-03"), (Some(11.0), Some(1)));
    let monthly = read_parquet(&pq.join("project_monthly.parquet"));
    let (kind, month) = (strs(&monthly, "kind"), strs(&monthly, "month"));
    let (pending, received) = (floats(&monthly, "pending"), floats(&monthly, "received"));
    let mut seen = 0;
    for i in (0..monthly.height()).filter(|&i| kind[i].as_deref() == Some("history")) {
        let m = month[i].clone().unwrap();
        assert_eq!(pending[i], flow(&m).0, "history {m}");
        if m == "2026-03" {
            assert_eq!(
                received[i],
                Some(1.0),
                "the reopening is the month's inflow"
            );
        }
        seen += 1;
    }
    assert!(seen >= 10, "{seen} history months");
    let last = (0..monthly.height())
        .rfind(|&i| kind[i].as_deref() == Some("history"))
        .unwrap();
    assert_eq!(month[last].as_deref(), Some("2026-04"));
    assert_eq!(pending[last], Some(11.0), "the census's pending cases");
}

/// t-projection-history-closed-before-filed: a case whose 结案日期 is before its 立案日期 (a
/// typo ingest keeps and flags) lost its closure in the projection's history but kept its
/// filing, so it stayed pending for ever: one case above trend_flows and the census in every
/// month from its filing on. The closure counts in its month, as trend_flows' D.
#[test]
fn the_projection_history_counts_a_closure_dated_before_the_filing() {
    let wd = Workdir::new();
    let mut csv = String::from("案号,立案日期,承办人,执行团队,案件状态,结案日期,结案方式\n");
    for k in 1..=10 {
        csv.push_str(&format!(
            "（2025）浙0603执{k}号,2025-01-10,王五,执行一组,在办,,\n"
        ));
    }
    csv.push_str("（2025）浙0603执20号,2025-01-10,王五,执行一组,已结,2025-03-01,执行完毕\n");
    csv.push_str("（2025）浙0603执12号,2025-06-10,王五,执行一组,已结,2025-05-25,执行完毕\n");
    wd.write("cases.csv", csv);
    wd.write(
        "p.toml",
        "name = 'typo'\noutput = 'out'\nas_of = '2026-02-28'\n\
         [inputs]\nfiles = ['cases.csv']\nexported_on = '2026-02-28'\n\
         [trend]\nby = 'month'\nfrom = '2025-01-01'\nto = '2026-02-28'\n\
         [projection]\nuntil = '2026-06-30'\n",
    );
    let out = wd.run(&["run", wd.join("p.toml").to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let pq = wd.join("out/parquet");
    let flows = read_parquet(&pq.join("trend_flows.parquet"));
    let (level, period) = (strs(&flows, "level"), strs(&flows, "period"));
    let pending_end = ints(&flows, "pending_end");
    let flow = |m: &str| {
        (0..flows.height())
            .find(|&i| level[i].as_deref() == Some("all") && period[i].as_deref() == Some(m))
            .map(|i| pending_end[i].map(|p| p as f64))
            .unwrap()
    };
    let monthly = read_parquet(&pq.join("project_monthly.parquet"));
    let (kind, month) = (strs(&monthly, "kind"), strs(&monthly, "month"));
    let (pending, closed) = (floats(&monthly, "pending"), floats(&monthly, "closed"));
    let mut seen = 0;
    for i in (0..monthly.height()).filter(|&i| kind[i].as_deref() == Some("history")) {
        let m = month[i].clone().unwrap();
        assert_eq!(pending[i], flow(&m), "history {m}");
        if m == "2025-05" {
            assert_eq!(closed[i], Some(1.0), "the closure counts in its month");
        }
        seen += 1;
    }
    assert!(seen >= 10, "{seen} history months");
    let last = (0..monthly.height())
        .rfind(|&i| kind[i].as_deref() == Some("history"))
        .unwrap();
    assert_eq!(month[last].as_deref(), Some("2026-02"));
    assert_eq!(pending[last], Some(10.0), "the census's pending cases");
}

/// a-project-negative-closures-target: `--target-pending 10000` on a court with 610
/// pending said "每月需结案 -2309.7 件 … 2026-03达到": the raw (pending + months ×
/// receipts − target) / months, and the first projected month for a target met today. A
/// target the court is under needs no closures (0, never negative) and is met in the as-of
/// month; one it is under but would pass with the receipts to come asks the pace that keeps
/// it there.
#[test]
fn a_pending_target_already_met_needs_no_negative_pace() {
    let wd = Workdir::new();
    small_court(
        &wd,
        "met",
        "2026-02-28",
        "2026-06-30",
        &[
            "（2025）浙0603执1号,2025-03-01,未结,,",
            "（2025）浙0603执2号,2025-09-01,未结,,",
            "（2025）浙0603执3号,2025-10-01,已结,2026-01-15,执行完毕",
            "（2026）浙0603执4号,2026-01-05,未结,,",
        ],
    );
    let out = wd.run(&["run", wd.join("met/p.toml").to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let read_json = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(wd.join("met/out/project.json")).unwrap())
            .unwrap()
    };
    let meta = || {
        let df = read_parquet(&wd.join("met/out/parquet/project_meta.parquet"));
        let (item, value) = (strs(&df, "item"), strs(&df, "value"));
        (0..df.height())
            .filter(|&i| {
                item[i]
                    .as_deref()
                    .is_some_and(|k| k.starts_with("required_total_closures_for_target"))
            })
            .map(|i| value[i].clone().unwrap())
            .collect::<Vec<_>>()
    };
    let project = |target: &str| {
        let out = wd.run(&[
            "project",
            "met/out",
            "--until",
            "2026-06-30",
            "--target-pending",
            target,
            "--no-workbook",
            "--no-report",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stderr(&out)
    };

    // Far above today's 3 pending: nothing needed, met now.
    let terminal = project("10000");
    let json = read_json();
    assert_eq!(json["pending_now"].as_i64(), Some(3));
    assert_eq!(
        json["required_total_closures_for_target"].as_f64(),
        Some(0.0)
    );
    assert_eq!(json["pending_target_reached_in"].as_str(), Some("2026-02"));
    assert!(
        terminal.contains("pending target (未结目标) 10000 by 2026-06-30: met now (3 pending)")
            && !terminal.contains(" -"),
        "{terminal}"
    );
    let said = meta();
    assert!(
        said[0].contains("已达到 10000 件以下的目标") && !said[0].contains("需结案 -"),
        "{said:?}"
    );
    assert!(
        said[1].contains("already at or below the target"),
        "{said:?}"
    );
    let required = read_parquet(&wd.join("met/out/parquet/project_required.parquet"));
    assert_eq!(
        floats(&required, "required_total_closures_for_target")[0],
        Some(0.0)
    );

    // Below today's pending: the pace to bring it down, reached in a projected month.
    project("1");
    let json = read_json();
    assert!(json["required_total_closures_for_target"].as_f64().unwrap() > 0.0);
    let reached = json["pending_target_reached_in"]
        .as_str()
        .map(str::to_string);
    assert!(
        reached.as_deref().is_none_or(|m| m > "2026-02"),
        "{reached:?}"
    );
}

/// e-project-target-pending-not-on-terminal: `--target-pending 1` on a court closing too
/// few cases to reach it printed nothing about the target on the terminal (the line was
/// said only when the projection reached it), so with `--no-report --no-workbook` the only
/// pace shown was the backlog's, easy to take for the answer. The target's pace is now
/// said, labelled, whether the projection reaches it or not.
#[test]
fn the_terminal_answers_a_pending_target_the_projection_does_not_reach() {
    let wd = Workdir::new();
    let mut rows: Vec<String> = (1..=12)
        .map(|k| format!("（2025）浙0603执{k}号,2025-{k:02}-01,未结,,"))
        .collect();
    rows.push("（2025）浙0603执13号,2025-01-05,已结,2025-12-15,执行完毕".into());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    small_court(&wd, "far", "2026-02-28", "2026-06-30", &rows);
    let out = wd.run(&["run", wd.join("far/p.toml").to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let out = wd.run(&[
        "project",
        wd.join("far/out").to_str().unwrap(),
        "--until",
        "2026-06-30",
        "--target-pending",
        "1",
        "--no-workbook",
        "--no-report",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let terminal = stderr(&out);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wd.join("far/out/project.json")).unwrap())
            .unwrap();
    assert!(json["pending_target_reached_in"].is_null(), "{json}");
    let need = json["required_total_closures_for_target"].as_f64().unwrap();
    assert!(need > 0.0);
    let line = terminal
        .lines()
        .find(|l| l.contains("pending target (未结目标) 1 by 2026-06-30"))
        .unwrap_or_else(|| panic!("{terminal}"));
    assert!(
        line.contains(&format!("{need:.1} closures a month needed"))
            && line.contains("not reached"),
        "{line}"
    );
}

/// p-asof-after-export-zero-months: an as-of date (2026-04-30) a month after the export's
/// date (2026-03-31) showed April in trend_flows as a complete month with 新收 0 and 结案 0,
/// and the projection's recent pace averaged that zero month in. Nothing after the export
/// is in the data: the trend ends at the export's date and the pace is the one of the
/// months the export covers, as a run dated on the export's day has it.
#[test]
fn months_after_the_exports_date_are_not_counted_as_months_without_flows() {
    let wd = Workdir::new();
    let mut csv = String::from("案号,立案日期,承办人,执行团队,案件状态,结案日期,结案方式\n");
    for k in 1..=10 {
        csv.push_str(&format!(
            "（2025）浙0603执{k}号,2025-01-10,王五,执行一组,在办,,\n"
        ));
    }
    for (k, m) in [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
    ]
    .iter()
    .chain(&[
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
    ])
    .enumerate()
    {
        csv.push_str(&format!(
            "（2025）浙0603执{}号,2025-01-10,王五,执行一组,已结,{m}-15,执行完毕\n",
            100 + k
        ));
    }
    wd.write("cases.csv", csv);
    let run = |name: &str, as_of: &str| {
        wd.write(
            &format!("{name}.toml"),
            format!(
                "name = '{name}'\noutput = '{name}'\nas_of = '{as_of}'\n\
                 [inputs]\nfiles = ['cases.csv']\nexported_on = '2026-03-31'\n\
                 [trend]\nby = 'month'\nfrom = '2025-01-01'\nto = '{as_of}'\n\
                 [projection]\nuntil = '2026-06-30'\n"
            ),
        );
        let out = wd.run(&["run", wd.join(&format!("{name}.toml")).to_str().unwrap()]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        out
    };
    let closed_per_month = |name: &str| {
        let df = read_parquet(&wd.join(&format!("{name}/parquet/project_meta.parquet")));
        let (item, value) = (strs(&df, "item"), strs(&df, "value"));
        (0..df.height())
            .find(|&i| item[i].as_deref() == Some("closed_per_month"))
            .and_then(|i| value[i].clone())
            .unwrap()
    };
    run("ctl", "2026-03-31");
    let late = run("late", "2026-04-30");
    assert_eq!(closed_per_month("late"), closed_per_month("ctl"));
    let flows = read_parquet(&wd.join("late/parquet/trend_flows.parquet"));
    let period = strs(&flows, "period");
    assert!(
        period.iter().all(|p| p.as_deref() != Some("2026-04")),
        "April is not in the export: {period:?}"
    );
    assert!(period.iter().any(|p| p.as_deref() == Some("2026-03")));
    let said = format!("{}{}", crate::util::stdout(&late), stderr(&late));
    assert!(
        said.contains("the trend and the projection's recent pace stop at 2026-03-31"),
        "{said}"
    );
    let monthly = read_parquet(&wd.join("late/parquet/project_monthly.parquet"));
    let (kind, month) = (strs(&monthly, "kind"), strs(&monthly, "month"));
    let last = (0..monthly.height())
        .rfind(|&i| kind[i].as_deref() == Some("history"))
        .unwrap();
    assert_eq!(month[last].as_deref(), Some("2026-03"));
}
