//! An intermediate or high court's statistics office: several basic courts' cases in one
//! list with a 承办法院 column (red-team round 28). Each case must stay with its court,
//! whatever its 案号 leaves out and however the court's name is written.

use crate::util::{ints, read_parquet, stderr, strs, Workdir};

const LIST: &str = "承办法院,案号,立案日期,案由,申请执行人,被执行人,执行依据,申请执行标的（元）,承办人,案件状态,结案日期,结案方式
杭州市西湖区人民法院,（2024）浙0106执100号,2024-03-01,民间借贷纠纷,甲一,乙一,（2023）浙0106民初1号,10000,王伟,未结,,
杭州市西湖区人民法院,（2024）浙0106执101号,2024-03-02,民间借贷纠纷,甲二,乙二,（2023）浙0106民初2号,10000,王伟,未结,,
杭州市余杭区人民法院,（2024）浙0110执200号,2024-03-03,民间借贷纠纷,甲三,乙三,（2023）浙0110民初3号,10000,王伟,未结,,
杭州市余杭区人民法院,（2024）浙0110执201号,2024-03-04,民间借贷纠纷,甲四,乙四,（2023）浙0110民初4号,10000,王伟,未结,,
杭州市西湖区人民法院,（2024）执1001号,2024-04-01,民间借贷纠纷,甲五,乙五,（2023）浙0106民初5号,10000,陈静,未结,,
杭州市余杭区人民法院,（2024）执1001号,2024-04-02,民间借贷纠纷,甲六,乙六,（2023）浙0110民初6号,10000,刘洋,未结,,
杭州市西湖区人民法院,（2024）浙0106执300号,2024-05-01,买卖合同纠纷,丙有限公司,丁有限公司,（2023）浙0106民初300号,50000,陈静,已结,2025-06-16,指定执行
杭州市余杭区人民法院,暂无,2025-06-23,买卖合同纠纷,丙有限公司,丁有限公司,（2023）浙0106民初300号,50000,刘洋,未结,,
杭州市上城区人民法院,（2024）浙0102执10号,2024-03-05,民间借贷纠纷,甲九,乙九,（2023）浙0102民初9号,10000,赵敏,未结,,
杭州市上城区人民法院,（2024）浙0102执11号,2024-03-06,民间借贷纠纷,甲十,乙十,（2023）浙0102民初10号,10000,赵敏,未结,,
上城法院,,2024-06-01,民间借贷纠纷,甲十一,乙十一,（2023）浙0102民初11号,10000,赵敏,未结,,
杭州市西湖区人民法院,（2024）浙0106执异5号,2024-03-01,民间借贷纠纷,甲十二,乙十二,（2023）浙0106民初12号,10000,陈静,未结,,
";

fn run(wd: &Workdir) -> std::path::PathBuf {
    wd.write("list.csv", LIST);
    wd.write(
        "p.toml",
        "name = \"中院汇总\"\noutput = \"out\"\nas_of = \"2026-02-28\"\n\
         [inputs]\nfiles = [\"list.csv\"]\n",
    );
    let out = wd.run(&["run", "p.toml"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    wd.join("out")
}

#[test]
fn a_summary_list_of_several_courts_keeps_each_case_with_its_court() {
    let wd = Workdir::new();
    let out = run(&wd);
    let cases = read_parquet(&out.join("parquet/cases_classified.parquet"));
    // Twelve rows, twelve cases: the two courtless 1001号 are two courts' cases, and the
    // case 余杭 opened on 西湖's 指定执行 is not 西湖's closed one.
    assert_eq!(cases.height(), 12, "{cases}");
    let no = strs(&cases, "case_no");
    let court = strs(&cases, "court_code");
    let court_of = |n: &str| {
        no.iter()
            .zip(&court)
            .filter(|(c, _)| c.as_deref() == Some(n))
            .map(|(_, k)| k.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(court_of("（2024）浙0106执1001号"), ["浙0106"]);
    assert_eq!(court_of("（2024）浙0110执1001号"), ["浙0110"]);
    let officer = strs(&cases, "officer");
    let closed_officer: Vec<_> = no
        .iter()
        .zip(&officer)
        .filter(|(c, _)| c.as_deref() == Some("（2024）浙0106执300号"))
        .map(|(_, o)| o.clone())
        .collect();
    assert_eq!(closed_officer, [Some("陈静".to_string())]);

    // Pending per court: 上城 counts the row that names it 上城法院 without a 案号; 西湖
    // leaves out its 执异 review case.
    let summary = read_parquet(&out.join("parquet/census_summary.parquet"));
    let level = strs(&summary, "level");
    let codes = strs(&summary, "court_code");
    let pending = ints(&summary, "pending");
    let mut per_court: Vec<(String, i64)> = (0..summary.height())
        .filter(|&i| level[i].as_deref() == Some("court"))
        .map(|i| {
            (
                codes[i].clone().unwrap_or_default(),
                pending[i].unwrap_or(0),
            )
        })
        .collect();
    per_court.sort();
    assert_eq!(
        per_court,
        [
            ("浙0102".to_string(), 3),
            ("浙0106".to_string(), 3),
            ("浙0110".to_string(), 4)
        ]
    );
}

#[test]
fn the_backlog_register_and_the_officer_table_match_the_census() {
    let wd = Workdir::new();
    let out = run(&wd);
    let summary = read_parquet(&out.join("parquet/census_summary.parquet"));
    let level = strs(&summary, "level");
    let backlog = ints(&summary, "backlog");
    let total = (0..summary.height())
        .find(|&i| level[i].as_deref() == Some("all"))
        .and_then(|i| backlog[i])
        .unwrap();
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("workbook.xlsx")).expect("open workbook");
    let register = wb.worksheet_range("积案清册").expect("register sheet");
    // The header, then one row per backlog case the census counts (no 执异 case).
    assert_eq!(register.rows().count() as i64 - 1, total, "{register:?}");

    // Two courts' 王伟 told apart in the report's officer table.
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let rows: Vec<&str> = report
        .split("<tr>")
        .filter(|r| r.contains("<td>王伟</td>") || r.contains(">王伟<"))
        .collect();
    assert!(rows.iter().any(|r| r.contains("浙0106")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("浙0110")), "{rows:?}");
}
