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
