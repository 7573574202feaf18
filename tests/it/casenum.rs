//! `caseflow casenum` end to end: stdin and file input, the fixed header, the verdicts.

use crate::util::{stdout, Workdir};

const HEADER: &str =
    "raw,valid,case_no,case_key,year,court_code,special_code,type_code,seq,doc_suffix,style,case_kind,error";

fn rows(out: &str) -> Vec<Vec<String>> {
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    rdr.records()
        .map(|r| r.expect("csv row").iter().map(String::from).collect())
        .collect()
}

#[test]
fn issue_example_from_stdin() {
    let wd = Workdir::new();
    let out = wd.run_with_stdin(&["casenum"], "( 2017）浙0603民初9257号\n");
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.lines().next(), Some(HEADER));
    let r = &rows(&text)[0];
    assert_eq!(r[0], "( 2017）浙0603民初9257号");
    assert_eq!(r[1], "true");
    assert_eq!(r[2], "（2017）浙0603民初9257号");
    assert_eq!(r[4], "2017");
    assert_eq!(r[5], "浙0603");
    assert_eq!(r[7], "民初");
    assert_eq!(r[8], "9257");
    assert_eq!(r[10], "new");
    assert_eq!(r[11], "other");
    assert_eq!(r[12], "");
}

#[test]
fn file_input_in_gbk_with_every_verdict() {
    let wd = Workdir::new();
    let lines = [
        "（2023）豫0102执1234号",
        "(2023)豫0102執01234號之二",
        "〔2023〕豫0102执恢7号",
        "（2021）绍仲裁字第123号",
        "法〔2015〕137号",
        "（2023）豫0102执**号",
        "暂无",
        "",
        "(2014)某执字第01174号",
        "（2020）浙0603司救执3号",
    ];
    let text = lines.join("\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let input = wd.write("numbers.txt", &gbk);
    let out = wd.run(&["casenum", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let r = rows(&stdout(&out));
    assert_eq!(r.len(), lines.len());
    let valid: Vec<&str> = r.iter().map(|x| x[1].as_str()).collect();
    assert_eq!(
        valid,
        ["true", "true", "true", "false", "false", "false", "false", "false", "true", "true"]
    );
    assert_eq!(r[0][3], r[1][3], "two spellings of one case share a key");
    assert_eq!(r[1][9], "之二");
    assert_eq!(r[2][11], "resumed");
    assert_eq!(r[8][10], "old");
    assert_eq!(r[8][5], "某");
    assert_eq!(r[9][11], "other");
    assert!(r[3][12].contains("仲裁"));
    assert!(r[4][12].contains("文号"));
}

#[test]
fn output_file_and_unknown_enforcement_type_logged() {
    let wd = Workdir::new();
    let input = wd.write("in.txt", "（2023）浙0603执限12号\n");
    let out = wd.run(&["casenum", input.to_str().unwrap(), "--output", "out.csv"]);
    assert!(out.status.success());
    assert!(crate::util::stderr(&out).contains("执限"));
    let written = std::fs::read_to_string(wd.join("out.csv")).unwrap();
    let r = rows(&written);
    assert_eq!(r[0][11], "enforcement_unknown");
}

#[test]
fn missing_file_is_a_clear_error() {
    let wd = Workdir::new();
    let out = wd.run(&["casenum", "no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::util::stderr(&out).contains("no-such-file.txt"));
}
