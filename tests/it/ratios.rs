//! `caseflow ratios` against the published tables in `../shared/oracle/`.

use crate::util::{shared_dir, stderr, stdout, Workdir};

/// Half away from zero, as the published tables round.
fn round_half_away(x: f64, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    (x * m).abs().round().copysign(x) / m
}

fn table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn reproduces_every_published_row() {
    let wd = Workdir::new();
    let oracle = shared_dir().join("oracle").join("stock-flow.csv");
    let out = wd.run(&[
        "ratios",
        "--input",
        oracle.to_str().unwrap(),
        "--output",
        "out.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = table(&std::fs::read_to_string(wd.join("out.csv")).unwrap());
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (pub_cr, pub_dt) = (
        idx("published_clearance_rate"),
        idx("published_disposition_time_days"),
    );
    let (cr, dt) = (idx("clearance_rate"), idx("disposition_time_days"));
    assert_eq!(rows.len(), 23);
    for r in &rows {
        let unit = &r[0];
        if r[pub_cr].is_empty() {
            assert_eq!(r[cr], "", "{unit}: undefined rate must stay undefined");
        } else {
            let published: f64 = r[pub_cr].parse().unwrap();
            let ours: f64 = r[cr].parse().unwrap();
            assert_eq!(round_half_away(ours, 2), published, "{unit} clearance rate");
        }
        if !r[pub_dt].is_empty() {
            let published: f64 = r[pub_dt].parse().unwrap();
            let ours: f64 = r[dt].parse().unwrap();
            assert_eq!(
                round_half_away(ours, 0),
                published,
                "{unit} disposition time"
            );
        }
    }
    // Inputs pass through unchanged, ratios are appended.
    assert_eq!(
        &header[..9],
        &table(&std::fs::read_to_string(&oracle).unwrap()).0[..]
    );
}

#[test]
fn bad_counts_name_row_and_column_and_the_rest_is_computed() {
    let wd = Workdir::new();
    let input = wd.write(
        "agg.csv",
        "unit,period,pending_start,incoming,resolved,pending_end,reopened\n\
         一组,2024,10,20,30,0,5\n\
         二组,2024,10,-4,30,0,\n\
         三组,2024,10,abc,12,8,0\n\
         四组,2024,0,0,0,0,0\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("row 3, column incoming"), "{err}");
    assert!(err.contains("row 4, column incoming"), "{err}");
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][idx("clearance_rate")], "150.0");
    assert_eq!(rows[0][idx("clearance_rate_all")], "120.0");
    assert_eq!(rows[1][idx("clearance_rate")], "");
    assert_eq!(rows[1][idx("clearance_rate_all")], "");
    assert_eq!(rows[2][idx("disposition_time_days")], "243.33333333333334");
    for name in [
        "clearance_rate",
        "clearance_rate_all",
        "disposition_time_days",
        "disposal_rate",
        "pending_change",
        "pending_to_incoming",
    ] {
        assert_eq!(rows[3][idx(name)], "", "{name} with zero denominators");
    }
}

/// a-ratios-misgrouped-comma-count: a comma anywhere was dropped, so 1,5 read as 15 and
/// 1,2345 as 12345 (结案率 0.80% instead of about 89%), with exit code 0.
#[test]
fn a_comma_that_does_not_group_thousands_is_no_count() {
    let wd = Workdir::new();
    let input = wd.write(
        "agg.csv",
        "unit,period,pending_start,incoming,resolved,pending_end\n\
         一组,2025-03,\"1,5\",100,100,0\n\
         二组,2025-03,\"1,2345\",100,100,0\n\
         三组,2025-03,\"123,\",100,100,0\n\
         四组,2025-03,\"1,234\",100,100,0\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for row in 2..=4 {
        assert!(
            err.contains(&format!("row {row}, column pending_start")),
            "{err}"
        );
    }
    assert_eq!(err.matches("comma out of place").count(), 3, "{err}");
    assert_eq!(
        column(&stdout(&out), "disposal_rate"),
        vec![None, None, None, Some(100.0 * 100.0 / 1334.0)]
    );
}

#[test]
fn missing_column_is_reported_with_what_was_seen() {
    let wd = Workdir::new();
    let input = wd.write(
        "agg.csv",
        "unit,period,pending_start,incoming\nx,2024,1,2\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("resolved, pending_end"), "{err}");
    assert!(
        err.contains("unit, period, pending_start, incoming"),
        "{err}"
    );
}

#[test]
fn a_chinese_monthly_table_is_read_and_each_month_counts_its_days() {
    let wd = Workdir::new();
    // January: B 100, N 40, D 31, E 109: disposition time 31 · 109 / 31 = 109 days; the
    // quarter 2025-Q1 (90 days): 90 · 300 / 150 = 180 days; a year: 365 · 50 / 100.
    wd.write(
        "flows.csv",
        "单位,期间,旧存,新收,结案,未结\n\
         执行局,2025-01,100,40,31,109\n\
         执行局,2025-Q1,200,250,150,300\n\
         执行局,2024,50,100,100,50\n",
    );
    let out = wd.run(&["ratios", "--input", "flows.csv", "--output", "out.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(wd.join("out.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let (header, rows) = table(&text);
    let dt = header
        .iter()
        .position(|h| h == "disposition_time_days")
        .unwrap();
    let cr = header.iter().position(|h| h == "clearance_rate").unwrap();
    let v = |r: usize, c: usize| rows[r][c].parse::<f64>().unwrap();
    assert!((v(0, dt) - 109.0).abs() < 1e-9, "{}", rows[0][dt]);
    assert!((v(1, dt) - 180.0).abs() < 1e-9, "{}", rows[1][dt]);
    assert!((v(2, dt) - 182.5).abs() < 1e-9, "{}", rows[2][dt]);
    assert!((v(0, cr) - 77.5).abs() < 1e-9, "{}", rows[0][cr]);
    assert!(
        stderr(&out).contains("days of each row's period"),
        "{}",
        stderr(&out)
    );
    // One length for every row when asked.
    let out = wd.run(&["ratios", "--input", "flows.csv", "--period-days", "365"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = table(&stdout(&out));
    let dt = header
        .iter()
        .position(|h| h == "disposition_time_days")
        .unwrap();
    assert!((rows[0][dt].parse::<f64>().unwrap() - 365.0 * 109.0 / 31.0).abs() < 1e-6);
}

/// Red-team round 21: periods written the Chinese way, and a date range such as the
/// trend's whole-range row, were taken as a year (365 days).
#[test]
fn chinese_periods_and_date_ranges_count_their_own_days() {
    let wd = Workdir::new();
    // E 90, D 60: a quarter of 90 days gives 135 days, a year 547.5.
    let labels = [
        ("2025-Q1", 90.0),
        ("2025年第一季度", 90.0),
        ("2025年1季度", 90.0),
        ("2025年一季度", 90.0),
        ("2025年1-3月", 90.0),
        ("2025年1月至3月", 90.0),
        ("2025年上半年", 181.0),
        ("2025年下半年", 184.0),
        ("2025年前三季度", 273.0),
        ("2025-01-01~2026-02-28", 424.0),
        ("2025-01-01至2026-02-28", 424.0),
        ("2025-01-01—2026-02-28", 424.0),
        ("2025-01-01-2026-02-28", 424.0),
        ("2025年度", 365.0),
        ("春季", 365.0),
    ];
    let mut csv = String::from("单位,期间,旧存,新收,结案,未结\n");
    for (l, _) in &labels {
        csv.push_str(&format!("全院,{l},100,50,60,90\n"));
    }
    wd.write("in.csv", &csv);
    let out = wd.run(&["ratios", "--input", "in.csv", "--output", "out.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("out.csv")).unwrap();
    let (header, rows) = table(text.trim_start_matches('\u{feff}'));
    let dt = header
        .iter()
        .position(|h| h == "disposition_time_days")
        .unwrap();
    for ((label, days), row) in labels.iter().zip(&rows) {
        let v: f64 = row[dt].parse().unwrap();
        assert!((v - days * 90.0 / 60.0).abs() < 1e-9, "{label}: {v}");
    }
    // The label caseflow cannot read is named with its row, not silently a year.
    let err = stderr(&out);
    assert!(err.contains("row 16: period \"春季\""), "{err}");
    assert!(!err.contains("2025年度\""), "{err}");
}

/// c-disposition-time-multiyear: a range of more than a year that holds 29 February was
/// counted with the leap day (2024-01-01~2026-06-15: 897 days) unless it was whole years
/// (2024-01-01~2025-12-31: 730), so one day more than two years gave 732. A period of a year
/// or more now leaves 29 February out, in the trend's whole-range row and in `caseflow
/// ratios` alike, and keeps its own days rather than 365 (its D covers more than a year).
#[test]
fn trend_and_ratios_count_a_multi_year_range_the_same_way() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,被执行人,承办人,案件状态,结案日期,结案方式\n\
         （2023）浙0603执1号,2023-11-10,李四,王五,未结,,\n\
         （2023）浙0603执2号,2023-12-12,李六,王五,已结案,2024-05-15,执行完毕\n\
         （2024）浙0603执3号,2024-03-01,李七,王五,已结案,2025-04-01,执行完毕\n\
         （2025）浙0603执4号,2025-02-10,李八,王五,未结,,\n\
         （2026）浙0603执5号,2026-01-05,李九,王五,已结案,2026-03-01,执行完毕\n",
    );
    for args in [
        &["ingest", "cases.csv", "--out", "run"][..],
        &["classify", "run", "--as-of", "2026-06-30"],
    ] {
        let out = wd.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    // E 2, D 3 over each range.
    for (to, days) in [("2025-12-31", 730.0), ("2026-06-15", 896.0)] {
        let out = wd.run(&[
            "trend",
            "run",
            "--from",
            "2024-01-01",
            "--to",
            to,
            "--by",
            "year",
            "--no-workbook",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let out = wd.run(&[
            "sql",
            "SELECT period, pending_start, incoming, resolved, pending_end, period_days, \
             disposition_time_days FROM trend_ratios WHERE level = 'all' AND whole_range",
            "--from",
            "run",
            "--output",
            "whole.csv",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = std::fs::read_to_string(wd.join("whole.csv")).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let label = format!("2024-01-01~{to}");
        assert_eq!(table(text).1[0][0], label, "{text}");
        assert_eq!(column(text, "period_days"), vec![Some(days)], "{label}");
        let e = column(text, "pending_end")[0].unwrap();
        let d = column(text, "resolved")[0].unwrap();
        let trend = column(text, "disposition_time_days")[0].unwrap();
        assert!((trend - days * e / d).abs() < 1e-9, "{label}: {trend}");
        // The same row through `caseflow ratios`: the same days, the same figure.
        wd.write(
            "agg.csv",
            format!("period,pending_start,incoming,resolved,pending_end\n{label},0,0,{d},{e}\n"),
        );
        let out = wd.run(&["ratios", "--input", "agg.csv"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let ratios = column(&stdout(&out), "disposition_time_days")[0].unwrap();
        assert!(
            (ratios - trend).abs() < 1e-9,
            "{label}: ratios {ratios}, trend {trend}"
        );
    }
}

#[test]
fn a_workbook_with_a_title_and_units_in_the_header_is_read() {
    // What a court's statistician keeps in Excel: a title above the header, units after
    // the names (旧存（件）), numbers as numbers, a blank row, a 合计 row. Problems are
    // named by the sheet's own row numbers.
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "某某法院执行案件收结存统计表").unwrap();
    let header = [
        "单位名称",
        "统计月份",
        "旧存（件）",
        "新收（件）",
        "已结（件）",
        "未结（件）",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, [f64; 4]); 3] = [
        ("执行一庭", "2025年3月", [100.0, 40.0, 50.0, 90.0]),
        ("执行二庭", "2025年3月", [80.0, 20.0, 30.0, 70.0]),
        ("合计", "2025年3月", [180.0, 60.0, 80.0, 160.0]),
    ];
    let mut r = 3;
    for (unit, period, counts) in rows {
        if unit == "合计" {
            r += 1; // a blank row before the total
        }
        ws.write(r, 0, unit).unwrap();
        ws.write(r, 1, period).unwrap();
        for (k, v) in counts.iter().enumerate() {
            ws.write(r, 2 + k as u16, *v).unwrap();
        }
        r += 1;
    }
    ws.write(r, 0, "执行三庭").unwrap();
    ws.write(r, 1, "2025年3月").unwrap();
    ws.write(r, 2, "十").unwrap();
    ws.write(r, 3, 5.0).unwrap();
    ws.write(r, 4, 5.0).unwrap();
    ws.write(r, 5, 10.0).unwrap();
    wb.save(wd.join("收结存.xlsx")).unwrap();
    let out = wd.run(&[
        "ratios",
        "--input",
        wd.join("收结存.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("row {}, column pending_start", r + 1)),
        "{err}"
    );
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 4, "no blank row: {rows:?}");
    assert_eq!(rows[0][idx("unit")], "执行一庭");
    assert_eq!(rows[0][idx("clearance_rate")], "125.0");
    assert_eq!(rows[2][idx("unit")], "合计");
    assert_eq!(rows[2][idx("clearance_rate")], "133.33333333333334");
    assert_eq!(rows[3][idx("clearance_rate")], "100.0", "the count it has");
    assert_eq!(rows[3][idx("disposal_rate")], "", "the count it lacks");
    assert!(header.iter().any(|h| h == "备注"), "{header:?}");
}

#[test]
fn amounts_are_not_counts_and_two_columns_for_one_count_are_refused() {
    let wd = Workdir::new();
    // 万元 columns beside the counts: the counts are used, the amounts pass through.
    let input = wd.write(
        "agg.dat",
        "单位,期间,旧存（万元）,新收（万元）,结案（万元）,未结（万元）,旧存（件）,新收（件）,结案（件）,未结（件）\n\
         一庭,2025,500,100,200,400,10,20,15,15\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][idx("clearance_rate")], "75.0", "15 of 20 cases");
    assert_eq!(rows[0][idx("旧存（万元）")], "500");
    // 执结 and 结案 both name the cases resolved: refused, naming both.
    let input = wd.write(
        "two.csv",
        "单位,期间,执结,旧存,新收,结案,未结\n一庭,2025,3,10,20,15,15\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("执结") && err.contains("结案") && err.contains("resolved"),
        "{err}"
    );
}

/// The column named `name` of a ratios output, as numbers (an empty cell is `None`).
fn column(text: &str, name: &str) -> Vec<Option<f64>> {
    let (header, rows) = table(text.trim_start_matches('\u{feff}'));
    let k = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name} in {header:?}"));
    rows.iter().map(|r| r[k].parse().ok()).collect()
}

/// i-ratios-ignores-own-reopened-header: the workbook heads R 恢复（原案号）, and ratios
/// passed that column through, so 结收比（含恢复） came out as D / N without a word.
#[test]
fn the_run_s_own_workbook_sheet_goes_back_through_ratios_with_every_count() {
    let wd = Workdir::new();
    // Case 2 closed by 终本 in March and resumed on 2025-05-20: May has B 2, N 1, R 1,
    // D 1, E 3, so clearance_rate_all = 100 · 1 / (1 + 1) = 50.
    wd.write(
        "cases.csv",
        "案号,立案日期,案件状态,结案日期,结案方式,恢复执行日期,承办人\n\
         （2025）浙0603执1号,2025-01-10,未结,,,,王五\n\
         （2025）浙0603执2号,2025-01-12,恢复执行,2025-03-01,终本,2025-05-20,王五\n\
         （2025）浙0603执3号,2025-02-10,已结,2025-05-15,执行完毕,,王五\n\
         （2025）浙0603执4号,2025-05-03,未结,,,,王五\n",
    );
    for lang in ["zh", "en"] {
        wd.write(
            &format!("{lang}.toml"),
            format!(
                "name = 'r'\noutput = 'out-{lang}'\nas_of = '2025-06-30'\n\
                 [inputs]\nfiles = ['cases.csv']\n\
                 [trend]\nby = 'month'\nfrom = '2025-05-01'\nto = '2025-05-31'\n\
                 [report]\nlang = '{lang}'\n"
            ),
        );
        let out = wd.run(&["run", &format!("{lang}.toml")]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let workbook = format!("out-{lang}/workbook.xlsx");
        let out = wd.run(&["ratios", "--input", &workbook]);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        let text = stdout(&out);
        // The 收结存 sheet: every level's month and whole-range row, each with R = 1.
        for name in [
            "pending_start",
            "incoming",
            "resolved",
            "pending_end",
            "reopened",
        ] {
            assert!(
                table(&text).0.iter().any(|h| h == name),
                "{lang}: {name} not read from the workbook's header: {text}"
            );
        }
        // Under the workbook's own header, in its language: the sheet's ratio columns are
        // recomputed in place (a-ratios-chinese-ratio-columns-stale).
        let name = if lang == "zh" {
            "结收比（含恢复）"
        } else {
            "Clearance rate (incl. reopened)"
        };
        let all = column(&text, name);
        assert!(all.len() >= 2, "{lang}: {text}");
        assert!(all.iter().all(|v| *v == Some(50.0)), "{lang}: {text}");
    }
    // A sheet copied out of the workbook into a CSV, edited by hand.
    wd.write(
        "收结存.csv",
        "单位,期间,旧存,新收,恢复（原案号）,结案,未结\n执行一组,2025-05,2,1,1,1,3\n",
    );
    let out = wd.run(&["ratios", "--input", "收结存.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        column(&stdout(&out), "clearance_rate_all"),
        vec![Some(50.0)]
    );
}

/// t-ratios-partial-period-readback: the trend's last period ends at the as-of date (June
/// to 2025-06-15, 15 days) and its first starts at `from` (May from 2025-05-10, 22 days);
/// the workbook says so in 起始日 and 截止日, but `caseflow ratios` read only the label
/// (2025-06: 30 days) and gave twice the trend's 结案周期 without a word. The row's own
/// dates are its days now, and the rows cut short are said.
#[test]
fn a_period_cut_short_goes_back_through_ratios_with_its_own_days() {
    let wd = Workdir::new();
    wd.write(
        "cases.csv",
        "案号,立案日期,案件状态,结案日期,结案方式,恢复执行日期,承办人\n\
         （2025）浙0603执1号,2025-01-10,未结,,,,王五\n\
         （2025）浙0603执2号,2025-01-12,恢复执行,2025-03-01,终本,2025-05-20,王五\n\
         （2025）浙0603执3号,2025-02-10,已结,2025-05-15,执行完毕,,王五\n\
         （2025）浙0603执4号,2025-05-03,未结,,,,王五\n\
         （2025）浙0603执5号,2025-04-01,已结,2025-06-10,执行完毕,,王五\n",
    );
    wd.write(
        "p.toml",
        "name = 'r'\noutput = 'out'\nas_of = '2025-06-15'\n\
         [inputs]\nfiles = ['cases.csv']\n\
         [trend]\nby = 'month'\nfrom = '2025-05-10'\nto = '2025-06-15'\n",
    );
    let out = wd.run(&["run", "p.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wd.run(&["ratios", "--input", "out/workbook.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2025-06 2025-06-01~2025-06-15, 15 days"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    let (header, rows) = table(text.trim_start_matches('\u{feff}'));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (start, end) = (at("起始日"), at("截止日"));
    let (e, d, dt) = (
        column(&text, "pending_end"),
        column(&text, "resolved"),
        // The workbook's own header: recomputed in place.
        column(&text, "结案周期（天）"),
    );
    let mut seen = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        let date = |i: usize| chrono::NaiveDate::parse_from_str(&r[i], "%Y-%m-%d");
        let (Ok(s), Ok(t), Some(e), Some(d)) = (date(start), date(end), e[k], d[k]) else {
            continue;
        };
        if d == 0.0 {
            continue;
        }
        let days = ((t - s).num_days() + 1) as f64;
        let got = dt[k].unwrap();
        assert!(
            (got - e / d * days).abs() < 1e-9,
            "{s}~{t}: {got}, not {e} / {d} × {days}"
        );
        seen.push(days as i64);
    }
    // May from the 10th (22 days), June to the 15th (15), and the whole range (37).
    for days in [22, 15, 37] {
        assert!(seen.contains(&days), "{days} days in {seen:?}: {text}");
    }
    // A row copied out into a table of one's own keeps its dates, and so its days.
    wd.write(
        "q.csv",
        "期间,起始日,截止日,旧存,新收,结案,未结\n2026Q1,2026-01-01,2026-02-15,12,4,4,12\n",
    );
    let out = wd.run(&["ratios", "--input", "q.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(138.0)]
    );
}

/// i-ratios-period-column-missed: a period headed 统计年月, 时间 or 季度 was not found,
/// every row was taken as a year (1460 days for a month), and the warning spoke of an
/// empty period.
#[test]
fn everyday_period_and_count_headers_are_read_and_a_missing_period_is_said_once() {
    let wd = Workdir::new();
    // E 12, D 3: a month of 31 days gives 124 days, a quarter of 90 gives 360.
    for (period, label, days) in [
        ("统计年月", "2025-03", 124.0),
        ("时间", "2025年3月", 124.0),
        ("季度", "2025年第一季度", 360.0),
        ("年度", "2025", 1460.0),
        ("月", "2025-03", 124.0),
        ("统计时间", "2025年3月", 124.0),
    ] {
        wd.write(
            "in.csv",
            format!("单位,{period},旧存,新收,结案,未结\n执行一组,{label},10,5,3,12\n"),
        );
        let out = wd.run(&["ratios", "--input", "in.csv"]);
        assert!(out.status.success(), "{period}: {}", stderr(&out));
        assert_eq!(
            column(&stdout(&out), "disposition_time_days"),
            vec![Some(days)],
            "{period}"
        );
        assert!(!stderr(&out).contains("period \"\""), "{}", stderr(&out));
    }
    // A year column beside a month or quarter column is one period (a review of round 33:
    // the year alone was taken, 365 days for a monthly row); two of another kind are refused.
    for (cols, values, days) in [
        ("年度,月份", "2025,3", 124.0),
        ("月份,年份", "3,2025", 124.0),
        ("年度,季度", "2025,1", 360.0),
    ] {
        wd.write(
            "in.csv",
            format!("单位,{cols},旧存,新收,结案,未结\n执行一组,{values},10,5,3,12\n"),
        );
        let out = wd.run(&["ratios", "--input", "in.csv"]);
        assert!(out.status.success(), "{cols}: {}", stderr(&out));
        assert_eq!(
            column(&stdout(&out), "disposition_time_days"),
            vec![Some(days)],
            "{cols}"
        );
    }
    wd.write(
        "in.csv",
        "单位,统计年月,月份,旧存,新收,结案,未结\n执行一组,2025-03,3,10,5,3,12\n",
    );
    let out = wd.run(&["ratios", "--input", "in.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("统计年月, 月份"), "{}", stderr(&out));
    // The report forms' own words for B, N, D and E.
    for header in [
        "单位,统计年月,期初未结,本期新收,本期结案,期末未结",
        "单位,统计年月,上期结转,收案,结案,存案",
    ] {
        wd.write("in.csv", format!("{header}\n执行一组,2025-03,10,5,3,12\n"));
        let out = wd.run(&["ratios", "--input", "in.csv"]);
        assert!(out.status.success(), "{header}: {}", stderr(&out));
        assert_eq!(
            column(&stdout(&out), "disposition_time_days"),
            vec![Some(124.0)],
            "{header}"
        );
        assert_eq!(column(&stdout(&out), "clearance_rate"), vec![Some(60.0)]);
    }
    // No period column at all: said once, naming what was looked for, not per row.
    wd.write(
        "in.csv",
        "单位,时段,旧存,新收,结案,未结\nA,2025-03,10,5,3,12\nB,2025-04,10,5,3,12\n",
    );
    let out = wd.run(&["ratios", "--input", "in.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("no period column found").count(), 1, "{err}");
    assert!(
        err.contains("统计年月") && err.contains("365 days"),
        "{err}"
    );
    assert!(!err.contains("row 2"), "{err}");
}

/// A 收结存 sheet as a higher court sends it: a title merged across the columns, then a
/// header over two rows, 结案 merged over its breakdown (`subs`), the other names merged
/// down over both rows.
fn two_row_header_workbook(path: &std::path::Path, subs: &[&str], values: &[f64]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("收结存").unwrap();
    let fmt = rust_xlsxwriter::Format::new();
    let last = 4 + subs.len() as u16;
    ws.merge_range(0, 0, 0, last, "2025年全市法院执行案件收结存情况表", &fmt)
        .unwrap();
    for (c, h) in ["法院", "期间", "旧存", "新收"].iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, h, &fmt).unwrap();
    }
    ws.merge_range(1, 4, 1, 3 + subs.len() as u16, "结案", &fmt)
        .unwrap();
    for (k, s) in subs.iter().enumerate() {
        ws.write(2, 4 + k as u16, *s).unwrap();
    }
    ws.merge_range(1, last, 2, last, "未结", &fmt).unwrap();
    ws.write(3, 0, "甲法院").unwrap();
    ws.write(3, 1, "2025年").unwrap();
    for (k, v) in values.iter().enumerate() {
        ws.write(3, 2 + k as u16, *v).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_header_over_two_rows_takes_the_group_s_total_and_names_its_breakdown() {
    // Red-team n-ratios-merged-header-takes-breakdown and n-ratios-two-row-header-read-as-data:
    // the 结案 group's first column (执行完毕) was read as resolved, and the second header
    // row as a data row.
    let wd = Workdir::new();
    for (subs, values) in [
        (
            ["执行完毕", "终本", "小计"],
            [1000.0, 400.0, 200.0, 250.0, 500.0, 900.0],
        ),
        (
            ["合计", "执行完毕", "终本"],
            [1000.0, 400.0, 500.0, 200.0, 250.0, 900.0],
        ),
    ] {
        let path = wd.join("agg.xlsx");
        two_row_header_workbook(&path, &subs, &values);
        let out = wd.run(&["ratios", "--input", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{subs:?}: {}", stderr(&out));
        let (header, rows) = table(&stdout(&out));
        let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert_eq!(rows.len(), 1, "{subs:?}: {rows:?}");
        assert_eq!(rows[0][idx("unit")], "甲法院");
        assert_eq!(
            rows[0][idx("resolved")],
            "500",
            "{subs:?}: the group's total"
        );
        assert_eq!(rows[0][idx("clearance_rate")], "125.0");
        assert_eq!(rows[0][idx("结案（执行完毕）")], "200");
        assert_eq!(rows[0][idx("结案（终本）")], "250");
    }
    // The same in a CSV file, the merged cells blank.
    let input = wd.write(
        "agg.csv",
        "法院,期间,旧存,新收,结案,,,未结\n,,,,执行完毕,终本,小计,\n甲法院,2025年,1000,400,200,250,500,900\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][idx("clearance_rate")], "125.0");
    // Without a total, which column is 结案's count cannot be told: refused, naming it.
    let path = wd.join("agg.xlsx");
    two_row_header_workbook(
        &path,
        &["执行完毕", "终本"],
        &[1000.0, 400.0, 200.0, 250.0, 900.0],
    );
    let out = wd.run(&["ratios", "--input", path.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("结案") && err.contains("执行完毕, 终本") && err.contains("小计"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

/// a-ratios-shouan-group-refused: the 收结存 form's 收案 over 旧存 | 新收 | 合计 was refused as
/// "no header row", and without the 合计 for want of a total, whose advice (add a 小计) led
/// back to "no header row". 旧存 and 新收 are B and N; 收案's 合计 (B + N, 受理) is no N.
#[test]
fn a_shouan_group_over_jiucun_and_xinshou_gives_b_and_n() {
    let wd = Workdir::new();
    for (name, text) in [
        (
            "heji.csv",
            "单位,收案,,,结案,,,未结\n,旧存,新收,合计,执行完毕,终本,合计,\n\
             执行一庭,100,60,160,20,10,30,130\n",
        ),
        (
            "xiaoji.csv",
            "单位,收案,,,已结,未结\n,旧存,新收,小计,,\n执行一庭,100,60,160,30,130\n",
        ),
        (
            "nototal.csv",
            "单位,收案,,已结,未结\n,旧存,新收,,\n执行一庭,100,60,30,130\n",
        ),
    ] {
        let input = wd.write(name, text);
        let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(column(&text, "pending_start"), vec![Some(100.0)], "{name}");
        assert_eq!(column(&text, "incoming"), vec![Some(60.0)], "{name}");
        assert_eq!(column(&text, "clearance_rate"), vec![Some(50.0)], "{name}");
        assert_eq!(column(&text, "disposal_rate"), vec![Some(18.75)], "{name}");
    }
    // A header lacking a count says which rows come nearest and what they lack.
    let input = wd.write(
        "lacking.csv",
        "单位,本期,,未结\n,新收,结案,\n执行一庭,60,30,130\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("nearest: rows 1 and 2 (one header) name 新收 as incoming")
            && err.contains("but no pending_start"),
        "{err}"
    );
}

/// a-ratios-second-group-silently-dropped: two groups each with 旧存/新收/结案/未结
/// (首次执行案件 | 恢复执行案件), or two columns both headed 结案, were read from the first
/// alone, the rest passed through as 旧存_ …, exit 0 and not a word: the ratios of one
/// group shown as the court's. Now refused, naming the columns and the groups.
#[test]
fn a_count_in_two_columns_of_one_name_is_refused_naming_them() {
    let wd = Workdir::new();
    let input = wd.write(
        "groups.csv",
        "单位,期间,首次执行案件,,,,恢复执行案件,,,\n\
         ,,旧存,新收,结案,未结,旧存,新收,结案,未结\n\
         B院,2025年,50,100,100,50,40,60,30,70\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("结案 in columns E, I")
            && err.contains("首次执行案件 and 恢复执行案件")
            && err.contains("one table (or sheet) per group"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    let input = wd.write(
        "same.csv",
        "单位,期间,旧存,新收,结案,未结,结案\nA院,2025年,100,200,150,150,30\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("结案 in columns E, G"), "{err}");
    assert!(stdout(&out).is_empty());
}

/// a-ratios-xlsx-output-is-csv: `--output 比率.xlsx` (or .parquet) wrote CSV text under
/// that name, exit 0, a file Excel refuses to open. Now refused before anything is written.
#[test]
fn an_output_named_other_than_csv_is_refused() {
    let wd = Workdir::new();
    wd.write(
        "agg.csv",
        "单位,期间,旧存,新收,结案,未结\nA院,2025年,100,200,150,150\n",
    );
    for name in ["比率.xlsx", "比率.parquet", "比率.XLSX"] {
        let out = wd.run(&["ratios", "--input", "agg.csv", "--output", name]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(".csv"), "{}", stderr(&out));
        assert!(!wd.join(name).exists(), "{name} written");
    }
    let out = wd.run(&["ratios", "--input", "agg.csv", "--output", "比率.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn every_sheet_with_counts_is_read_and_a_sheet_without_is_named() {
    // Red-team n-ratios-other-count-sheets-silently-skipped: 二季度 was dropped without a word.
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("说明").unwrap();
    ws.write(0, 0, "本表按季度填报").unwrap();
    for (name, period, counts) in [
        ("一季度", "2025年第一季度", [100.0, 50.0, 60.0, 90.0]),
        ("二季度", "2025年第二季度", [90.0, 40.0, 70.0, 60.0]),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, h) in ["法院", "期间", "旧存", "新收", "结案", "未结"]
            .iter()
            .enumerate()
        {
            ws.write(0, c as u16, *h).unwrap();
        }
        ws.write(1, 0, "甲法院").unwrap();
        ws.write(1, 1, period).unwrap();
        for (k, v) in counts.iter().enumerate() {
            ws.write(1, 2 + k as u16, *v).unwrap();
        }
        if name == "二季度" {
            ws.write(2, 0, "乙法院").unwrap();
            ws.write(2, 1, period).unwrap();
            ws.write(2, 2, "十").unwrap();
        }
    }
    wb.save(wd.join("agg.xlsx")).unwrap();
    let out = wd.run(&["ratios", "--input", wd.join("agg.xlsx").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let (header, rows) = table(&stdout(&out));
    assert_eq!(header[0], "sheet");
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0][0], "一季度");
    assert_eq!(rows[1][0], "二季度");
    assert_eq!(rows[1][idx("clearance_rate")], "175.0");
    assert!(err.contains("sheet 说明 left out"), "{err}");
    assert!(
        err.contains("sheet 二季度, row 3, column pending_start"),
        "{err}"
    );
}

/// a-ratios-sheet-name-period-ignored: a workbook with one sheet a period (2025年1月,
/// 2025年2月, 2025年第一季度) and no period column, or a CSV whose title names the month,
/// had every disposition time taken against 365 days (1003.75 for January, not 85.25).
#[test]
fn a_sheet_s_name_or_its_title_names_the_period_of_rows_without_one() {
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, counts) in [
        ("2025年1月", [100.0, 50.0, 40.0, 110.0]),
        ("2025年2月", [110.0, 50.0, 40.0, 120.0]),
        ("2025年第一季度", [100.0, 150.0, 130.0, 120.0]),
        ("汇总", [100.0, 150.0, 130.0, 120.0]),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, h) in ["单位", "旧存", "新收", "结案", "未结"].iter().enumerate() {
            ws.write(0, c as u16, *h).unwrap();
        }
        ws.write(1, 0, "执行一组").unwrap();
        for (k, v) in counts.iter().enumerate() {
            ws.write(1, 1 + k as u16, *v).unwrap();
        }
    }
    wb.save(wd.join("agg.xlsx")).unwrap();
    let out = wd.run(&["ratios", "--input", wd.join("agg.xlsx").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let days = column(&stdout(&out), "disposition_time_days");
    let want = [
        31.0 * 110.0 / 40.0,
        28.0 * 120.0 / 40.0,
        90.0 * 120.0 / 130.0,
    ];
    for (got, want) in days.iter().zip(want) {
        assert!((got.unwrap() - want).abs() < 1e-9, "{days:?}");
    }
    // A sheet whose name names no period is still a year, and said.
    assert!((days[3].unwrap() - 365.0 * 120.0 / 130.0).abs() < 1e-9);
    assert!(
        err.contains("the name of sheet 2025年2月 (2025年2月, 28 days)"),
        "{err}"
    );
    assert!(err.contains("1 of the 4 rows"), "{err}");

    // A CSV whose title names the month; a cumulative title (截至) names no period.
    let input = wd.write(
        "agg.csv",
        "2025年3月执行案件收结存统计表\n单位,旧存,新收,结案,未结\n甲,100,50,40,110\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(85.25)]
    );
    assert!(
        err.contains("the title in row 1 (2025年3月, 31 days)"),
        "{err}"
    );
    assert!(!err.contains("no period column"), "{err}");
    let input = wd.write(
        "agg.csv",
        "截至2025年3月执行案件收结存统计表\n单位,旧存,新收,结案,未结\n甲,100,50,40,110\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(1003.75)]
    );
    assert!(
        stderr(&out).contains("no period column"),
        "{}",
        stderr(&out)
    );
}

/// a-ratios-yearless-month-periods: a 月份 column of 1月, 2月 under a title naming 2025年, and
/// a range whose end leaves out the year (2025年3月1日-3月31日, 2025.12.01-12.31), were each
/// taken as 365 days (1003.75 for January instead of 85.25).
#[test]
fn a_month_without_its_year_takes_the_title_s_year_or_needs_none() {
    let wd = Workdir::new();
    let input = wd.write(
        "title.csv",
        "2025年执行案件收结存统计表\n月份,旧存,新收,结案,未结\n\
         1月,100,50,40,110\n2月,110,60,70,100\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(85.25), Some(40.0)]
    );
    assert!(err.contains("the title in row 1 (2025年)"), "{err}");
    let input = wd.write(
        "ranges.csv",
        "单位,期间,旧存,新收,结案,未结\n\
         执行一庭,2025年3月1日-3月31日,100,50,40,110\n\
         执行二庭,2025.12.01-12.31,100,50,40,110\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(85.25), Some(85.25)]
    );
    assert!(!stderr(&out).contains("365"), "{}", stderr(&out));
    // No year anywhere: March is 31 days in any year; February is said and taken as 365.
    let input = wd.write(
        "noyear.csv",
        "月份,旧存,新收,结案,未结\n3月,100,50,40,110\n2月,110,60,70,100\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(
        column(&stdout(&out), "disposition_time_days"),
        vec![Some(85.25), Some(365.0 * 100.0 / 70.0)]
    );
    assert!(
        err.contains("\"2月\" names no year") && !err.contains("\"3月\""),
        "{err}"
    );
}

#[test]
fn footer_rows_are_left_out_and_counts_may_carry_their_unit() {
    // Red-team n-ratios-footer-rows-as-data and n-ratios-count-with-jian-refused.
    let wd = Workdir::new();
    let input = wd.write(
        "agg.csv",
        "全市法院执行案件收结存情况表\n单位：件\n法院,期间,旧存,新收,结案,未结\n\
         甲法院,2025年,800件,200件,150件,850件\n乙法院,2025年,１２０,４０,３０,１３０\n\
         注：本表数据截至2025年12月31日,,,,,\n1. 结案数含终本,,,,,\n填报人：张三,,,,,\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("period is empty"), "{err}");
    assert!(err.contains("3 row(s) under the table left out"), "{err}");
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][idx("clearance_rate")], "75.0");
    assert_eq!(rows[1][idx("clearance_rate")], "75.0");
}

#[test]
fn passed_through_percentages_stay_as_the_sender_showed_them() {
    // Red-team n-ratios-percent-cells-lose-percent and n-ratios-passthrough-percent-quoted.
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "法院",
        "期间",
        "旧存",
        "新收",
        "结案",
        "未结",
        // 执结率, not 结案率: 结案率 is a ratio this command computes, so it is recomputed
        // (a-ratios-chinese-ratio-columns-stale); 执结率 is one it passes through.
        "执结率",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, "甲法院").unwrap();
    ws.write(1, 1, "2025年").unwrap();
    for (k, v) in [1000.0, 400.0, 500.0, 900.0].iter().enumerate() {
        ws.write(1, 2 + k as u16, *v).unwrap();
    }
    let pct = rust_xlsxwriter::Format::new().set_num_format("0.0%");
    ws.write_number_with_format(1, 6, 0.357, &pct).unwrap();
    ws.write(1, 7, 0.5).unwrap();
    wb.save(wd.join("agg.xlsx")).unwrap();
    let out = wd.run(&["ratios", "--input", wd.join("agg.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][idx("执结率")], "35.7%");
    assert_eq!(
        rows[0][idx("备注")],
        "0.5",
        "a number without a percent format"
    );
    let input = wd.write(
        "agg.csv",
        "单位,期间,旧存,新收,结案,未结,同比,环比,备注\n甲法院,2025年,1200,300,450,1050,+5.2%,-1.1%,=1+1\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    let (header, rows) = table(&stdout(&out));
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][idx("同比")], "+5.2%");
    assert_eq!(rows[0][idx("环比")], "-1.1%");
    assert_eq!(
        rows[0][idx("备注")],
        "'=1+1",
        "a formula is still neutralised"
    );
}

/// p-ratios-rerun-on-own-output: a table that already had the ratio columns (`caseflow
/// ratios`' own output, or trend_ratios / evaluation_monthly exported with `caseflow sql`)
/// stopped with polars' "duplicate … clearance_rate", exit 1. Its counts are there, so the
/// ratios are recomputed from them and replace the old columns where they stood, with a note.
#[test]
fn a_table_with_ratio_columns_has_them_recomputed_in_place() {
    let wd = Workdir::new();
    // A stale clearance_rate (99) and a pending_change left blank: both recomputed.
    let input = wd.write(
        "r1.csv",
        "unit,period,pending_start,incoming,resolved,pending_end,clearance_rate,clearance_rate_all,\
         disposition_time_days,disposal_rate,pending_change,pending_to_incoming,note\n\
         甲法院,2026-03,610,47,82,575,99,99,99,99,,99,x\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already has clearance_rate")
            && stderr(&out).contains("recomputed from its counts and replaced"),
        "{}",
        stderr(&out)
    );
    let (header, rows) = table(&stdout(&out));
    assert_eq!(
        header.iter().filter(|h| *h == "clearance_rate").count(),
        1,
        "{header:?}"
    );
    // Where they stood, before the columns that follow them.
    assert_eq!(
        header.last().map(String::as_str),
        Some("note"),
        "{header:?}"
    );
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    let v = |name: &str| rows[0][idx(name)].parse::<f64>().unwrap();
    assert!((v("clearance_rate") - 100.0 * 82.0 / 47.0).abs() < 1e-9);
    assert!((v("pending_change") - 100.0 * (575.0 - 610.0) / 610.0).abs() < 1e-9);
}

/// a-ratios-chinese-ratio-columns-stale: the workbook's own ratio headers (结收比,
/// 结案周期（天） … of its 结案比率 and 收结存 sheets) passed through with the old figures after
/// a count was corrected, and the recomputed ones were appended under English names: one row
/// carried two different 结收比. They are recomputed in place now, under their own names, and
/// the ratios such a table lacks are appended in its language.
#[test]
fn the_workbook_s_chinese_ratio_columns_are_recomputed_in_place() {
    let wd = Workdir::new();
    // 2025-01 corrected: 结案 31 → 62, 未结 645 → 614; the ratio cells are the old ones.
    let input = wd.write(
        "结案比率.csv",
        "法院,期间,旧存,新收,结案,未结,结收比,结收比（含恢复）,结案周期（天）,结案率,未结变化率,\
         未结与新收之比,备注\n\
         甲法院,2025-01,646,30,62,614,103.33%,103.33%,645,4.59%,-0.15%,2150.00%,改\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already has 结收比, 结收比（含恢复）, 结案周期（天）")
            && stderr(&out).contains("recomputed from its counts and replaced"),
        "{}",
        stderr(&out)
    );
    let (header, rows) = table(&stdout(&out));
    for english in [
        "clearance_rate",
        "clearance_rate_all",
        "disposition_time_days",
        "disposal_rate",
        "pending_change",
        "pending_to_incoming",
    ] {
        assert!(
            !header.iter().any(|h| h == english),
            "{english}: {header:?}"
        );
    }
    // Where they stood, before the columns that follow them.
    assert_eq!(
        header.last().map(String::as_str),
        Some("备注"),
        "{header:?}"
    );
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
    let v = |name: &str| rows[0][idx(name)].parse::<f64>().unwrap();
    assert!((v("结收比") - 100.0 * 62.0 / 30.0).abs() < 1e-9);
    assert!((v("结案周期（天）") - 31.0 * 614.0 / 62.0).abs() < 1e-9);
    assert!((v("结案率") - 100.0 * 62.0 / 676.0).abs() < 1e-9);
    // A table with some of them: the others appended under the workbook's Chinese names.
    let input = wd.write(
        "part.csv",
        "期间,旧存,新收,结案,未结,结收比\n2025-01,646,30,62,614,103.33%\n",
    );
    let out = wd.run(&["ratios", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, _) = table(&stdout(&out));
    assert_eq!(
        header[5..],
        [
            "结收比",
            "结收比（含恢复）",
            "结案周期（天）",
            "结案率",
            "未结变化率",
            "未结与新收之比"
        ],
        "{header:?}"
    );
}
