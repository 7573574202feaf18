//! Hostile data on its way out (issue 11; docs/security.md): a party's name is text typed
//! by someone else, and the outputs travel by e-mail to Excel, WPS and browsers.
//!
//! Each test takes a small hand-made court through the whole pipeline (`caseflow run` on a
//! temporary pipeline file) and reads the outputs the way their readers do: the workbook
//! with calamine (no cell may hold a formula), the CSV files as Excel would see them
//! (no cell may start like a formula), the report and every SVG chart in headless
//! Chromium (no script may run, every chart must parse as XML). The sample court run with
//! `--share` is scanned for the natural persons and ID numbers of its ground truth, and
//! pipeline files that try to write outside their output folder are refused.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use polars::prelude::*;

use crate::util::{project_root, read_parquet, stderr, stdout, Workdir};

/// Names that a spreadsheet would evaluate (the issue's list).
const FORMULAS: [&str; 5] = [
    "=HYPERLINK(\"http://x\",\"点击\")",
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "＝1+1",
];

/// Names that a browser would run, and one that closes an SVG.
const MARKUP: [&str; 3] = [
    "<script>document.title='PWNED'</script>",
    "\"><img src=x onerror=\"document.title='PWNED'\">",
    "</svg><script>document.title='PWNED'</script>",
];

/// What a spreadsheet would treat as a formula, decided here independently of caseflow's
/// own rule: the first character after blanks is one of = + - @ in any width, or the
/// cell starts with a tab or a carriage return; a plain number is a number.
fn starts_like_formula(s: &str) -> bool {
    if s.starts_with(['\t', '\r']) {
        return true;
    }
    let t = s.trim_start_matches([' ', '\u{3000}']);
    let plain_number = {
        let b = t.strip_prefix(['-', '+']).unwrap_or(t);
        !b.is_empty()
            && b.chars().all(|c| c.is_ascii_digit() || c == '.')
            && b.chars().filter(|&c| c == '.').count() <= 1
            && !b.starts_with('.')
            && !b.ends_with('.')
    };
    t.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']) && !plain_number
}

/// One case row of the hand-made export.
struct Row<'a> {
    seq: u32,
    respondent: &'a str,
    officer: &'a str,
    team: &'a str,
    leader: &'a str,
    closed_on: &'a str,
    reason: &'a str,
    id: &'a str,
}

/// A 居民身份证号码 with a valid check character (GB 11643) after these 17 digits.
fn resident_id(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// ID numbers and a phone number of the hand-made court's persons: a valid ID, one with a
/// wrong check character (rejected, so it shows as a raw value), and a phone number in a
/// reason text.
fn person_numbers() -> (String, String, &'static str) {
    let valid = resident_id("33060319850612341");
    let mut invalid = resident_id("11010119900307123");
    let last = invalid.pop().unwrap();
    invalid.push(if last == '0' { '1' } else { '0' });
    (valid, invalid, "13812345678")
}

/// A small court whose parties, officers, teams, leaders, dates and reason texts are
/// hostile: formulas and markup. Every case is pending and more than a year old, so each
/// one is in the backlog, the debtor list, the register and the officer chart.
fn hostile_court(w: &Workdir) -> PathBuf {
    let company = "=HYPERLINK(\"http://x\",\"点击\")有限公司";
    let (valid_id, invalid_id, phone) = person_numbers();
    let phone_reason = format!("被执行人下落不明，联系电话{phone}");
    let rows = [
        Row {
            seq: 101,
            respondent: FORMULAS[0],
            officer: FORMULAS[0],
            team: MARKUP[0],
            leader: MARKUP[1],
            closed_on: "=1+1",
            reason: "被执行人下落不明",
            id: "",
        },
        Row {
            seq: 102,
            respondent: FORMULAS[1],
            officer: FORMULAS[1],
            team: MARKUP[2],
            leader: "",
            closed_on: "-2+3",
            reason: MARKUP[1],
            id: "",
        },
        Row {
            seq: 103,
            respondent: FORMULAS[2],
            officer: FORMULAS[2],
            team: "执行一组",
            leader: "",
            closed_on: "＝1+1",
            reason: "查无财产",
            id: "",
        },
        Row {
            seq: 104,
            respondent: FORMULAS[3],
            officer: FORMULAS[3],
            team: "执行一组",
            leader: "",
            closed_on: MARKUP[0],
            reason: "查无财产",
            id: "",
        },
        Row {
            seq: 105,
            respondent: FORMULAS[4],
            officer: FORMULAS[4],
            team: "执行二组",
            leader: "",
            closed_on: "",
            reason: "被执行人转移财产",
            id: "",
        },
        Row {
            seq: 106,
            respondent: company,
            officer: MARKUP[0],
            team: "执行二组",
            leader: "",
            closed_on: "",
            reason: "查无财产",
            id: "",
        },
        Row {
            seq: 107,
            respondent: "张小明",
            officer: MARKUP[1],
            team: "控\u{7}制组",
            leader: "",
            closed_on: "",
            reason: "查无财产",
            id: &valid_id,
        },
        Row {
            seq: 108,
            respondent: "李四",
            officer: MARKUP[2],
            team: "执行二组",
            leader: "",
            closed_on: "",
            reason: "查无财产",
            id: &invalid_id,
        },
        Row {
            seq: 109,
            respondent: "王五",
            // A control character XML forbids: the SVG chart must still parse.
            officer: "控\u{1}制",
            team: "执行二组",
            leader: "",
            closed_on: "",
            reason: &phone_reason,
            id: "",
        },
    ];
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record([
        "案号",
        "立案日期",
        "法院",
        "案由",
        "申请执行人",
        "被执行人",
        "被执行人证件号码",
        "申请执行标的（元）",
        "承办人",
        "执行团队",
        "包案领导",
        "案件状态",
        "结案日期",
        "未结原因",
    ])
    .unwrap();
    for r in &rows {
        csv.write_record([
            format!("（2024）浙0603执{}号", r.seq).as_str(),
            "2024-01-05",
            "绍兴市柯桥区人民法院",
            "民间借贷纠纷",
            "绍兴市柯桥区通腾化纤有限公司",
            r.respondent,
            r.id,
            "12000",
            r.officer,
            r.team,
            r.leader,
            "未结",
            r.closed_on,
            r.reason,
        ])
        .unwrap();
    }
    w.write("court/cases.csv", csv.into_inner().unwrap());
    w.write(
        "court/pipeline.toml",
        "name = \"hostile\"\noutput = \"out\"\nas_of = \"2026-02-28\"\n\
         [inputs]\nfiles = [\"cases.csv\"]\n[trend]\nby = \"month\"\nfrom = \"2025-01-01\"\nto = \"2026-02-28\"\n",
    );
    w.join("court/pipeline.toml")
}

/// Runs `caseflow run PIPELINE [extra]` and returns the output folder.
fn run_pipeline(w: &Workdir, pipeline: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["run", pipeline.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = w.run(&args);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "caseflow run failed: {}",
        stderr(&out)
    );
    pipeline.parent().unwrap().join("out")
}

/// Every cell of every sheet of a workbook as text, with the sheet name; and whether
/// any cell holds a formula.
fn workbook_cells(path: &Path) -> (Vec<(String, Data)>, Vec<String>) {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open workbook.xlsx");
    let mut cells = Vec::new();
    let mut formulas = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        for c in range.used_cells() {
            cells.push((name.clone(), c.2.clone()));
        }
        let f = wb.worksheet_formula(&name).expect("formulas");
        for c in f.used_cells() {
            if !c.2.is_empty() {
                formulas.push(format!("{name}!{:?}: {}", (c.0, c.1), c.2));
            }
        }
    }
    (cells, formulas)
}

fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(|r| r.expect("CSV record").iter().map(String::from).collect())
        .collect()
}

fn strs(df: &DataFrame, col: &str) -> Vec<String> {
    let c = df.column(col).unwrap_or_else(|_| panic!("column {col}"));
    match c.dtype() {
        DataType::List(_) => c
            .list()
            .unwrap()
            .amortized_iter()
            .flatten()
            .flat_map(|s| {
                s.as_ref()
                    .str()
                    .unwrap()
                    .iter()
                    .flatten()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect(),
        _ => c
            .str()
            .unwrap()
            .iter()
            .flatten()
            .map(String::from)
            .collect(),
    }
}

#[test]
fn formulas_in_names_stay_text_in_the_workbook_and_every_csv() {
    let w = Workdir::new();
    let pipeline = hostile_court(&w);
    let out = run_pipeline(&w, &pipeline, &[]);

    // The workbook: not one formula cell, and the names are there as plain strings.
    let (cells, formulas) = workbook_cells(&out.join("workbook.xlsx"));
    assert!(
        formulas.is_empty(),
        "workbook.xlsx has formulas: {formulas:?}"
    );
    let text: HashSet<String> = cells
        .iter()
        .filter_map(|(_, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let cases = read_parquet(&out.join("parquet/cases.parquet"));
    let officers: Vec<String> = strs(&cases, "officer");
    for name in &officers {
        if starts_like_formula(name) {
            assert!(
                text.contains(name),
                "officer {name:?} is not a text cell of the workbook"
            );
        }
    }
    assert!(
        officers.iter().filter(|o| starts_like_formula(o)).count() >= 4,
        "the officers kept their formula-like names: {officers:?}"
    );
    // The debtor list: the company is published in full, as text.
    let debtors = read_parquet(&out.join("parquet/census_debtors.parquet"));
    let company = strs(&debtors, "name")
        .into_iter()
        .find(|n| n.contains("有限公司") && n.contains("HYPERLINK"))
        .expect("the company is on the debtor list");
    assert!(text.contains(&company), "{company:?} not in the workbook");
    // Numbers stay numbers: the claim is a number cell.
    assert!(cells
        .iter()
        .any(|(_, d)| matches!(d, Data::Float(x) if (*x - 12000.0).abs() < 1e-9)));

    // rejects.csv: the hostile dates are listed, each written so Excel shows it as text.
    let rejects = csv_records(&out.join("rejects.csv"));
    for rec in &rejects {
        for cell in rec {
            assert!(
                !starts_like_formula(cell),
                "rejects.csv cell {cell:?} would be a formula"
            );
        }
    }
    for raw in ["=1+1", "-2+3", "＝1+1"] {
        let quoted = format!("'{raw}");
        assert!(
            rejects.iter().any(|r| r.contains(&quoted)),
            "rejects.csv does not list {raw:?} as text: {rejects:?}"
        );
    }
}

#[test]
fn formulas_stay_text_in_casenum_and_ratios_csv() {
    let w = Workdir::new();
    let input = FORMULAS.join("\n") + "\n（2023）浙0603执1号\n";
    let out = w.run_with_stdin(&["casenum"], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs: Vec<Vec<String>> = csv::Reader::from_reader(stdout(&out).as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(recs.len(), FORMULAS.len() + 1);
    for (rec, raw) in recs.iter().zip(FORMULAS) {
        assert_eq!(rec[0], format!("'{raw}"));
    }
    for rec in &recs {
        for cell in rec {
            assert!(!starts_like_formula(cell), "casenum cell {cell:?}");
        }
    }

    let mut agg = csv::Writer::from_writer(Vec::new());
    agg.write_record([
        "unit",
        "period",
        "pending_start",
        "incoming",
        "resolved",
        "pending_end",
    ])
    .unwrap();
    for (k, unit) in FORMULAS.iter().enumerate() {
        let period = format!("2025-{:02}", k + 1);
        agg.write_record([unit, period.as_str(), "10", "5", "4", "11"])
            .unwrap();
    }
    w.write("agg.csv", agg.into_inner().unwrap());
    let out = w.run(&["ratios", "--input", "agg.csv", "--output", "ratios.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = csv_records(&w.join("ratios.csv"));
    let units: Vec<&str> = recs[1..].iter().map(|r| r[0].as_str()).collect();
    let expected: Vec<String> = FORMULAS.iter().map(|f| format!("'{f}")).collect();
    assert_eq!(units, expected);
    for rec in &recs {
        for cell in rec {
            assert!(!starts_like_formula(cell), "ratios cell {cell:?}");
        }
    }
    // The counts and ratios are numbers, untouched.
    assert_eq!(recs[1][2], "10");
}

/// The headless browser (installed by scripts/setup; its absence fails the test).
fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("headless Chromium is needed (run scripts/setup)");
}

/// The DOM Chromium built from `file` (HTML or SVG), after scripts would have run.
fn dump_dom(w: &Workdir, file: &Path, profile: &str) -> String {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", w.join(profile).display()))
        .arg("--dump-dom")
        .arg(format!(
            "file://{}",
            file.canonicalize().expect("absolute").display()
        ))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium: {}", stderr(&out));
    String::from_utf8(out.stdout).expect("UTF-8 DOM")
}

#[test]
fn markup_in_names_shows_as_text_in_the_report_and_charts() {
    let w = Workdir::new();
    let pipeline = hostile_court(&w);
    let out = run_pipeline(&w, &pipeline, &[]);

    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    for raw in ["<script", "<img src=x", "</svg>"] {
        assert!(!html.contains(raw), "report.html holds raw {raw:?}");
    }
    assert!(
        html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"),
        "the officer's name is shown, escaped"
    );
    let dom = dump_dom(&w, &out.join("report.html"), "report");
    assert!(
        !dom.contains("<script"),
        "the browser made a script element"
    );
    assert!(!dom.contains("<img src=\"x\""), "the browser made an img");
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("a title");
    assert_eq!(title, "执行积案清理统计报告", "a script changed the title");
    assert!(dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"));

    // Every SVG chart parses as XML and holds the names as text.
    let charts: Vec<PathBuf> = std::fs::read_dir(out.join("charts"))
        .expect("charts/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert!(charts.len() >= 5, "charts: {charts:?}");
    let mut shown = false;
    for (k, svg) in charts.iter().enumerate() {
        let text = std::fs::read_to_string(svg).unwrap();
        assert!(!text.contains("<script"), "{} has a script", svg.display());
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && !"\t\n\r".contains(c)),
            "{} has a character XML forbids",
            svg.display()
        );
        shown |= text.contains("&lt;/svg&gt;&lt;script&gt;");
        let dom = dump_dom(&w, svg, &format!("svg{k}"));
        assert!(
            !dom.contains("parsererror")
                && !dom.contains("This page contains the following errors"),
            "{} does not parse as XML: {}",
            svg.display(),
            &dom[..dom.len().min(600)]
        );
        assert!(
            !dom.contains("<script"),
            "{}: script element",
            svg.display()
        );
        assert!(
            dom.contains("<svg"),
            "{}: not an SVG document",
            svg.display()
        );
    }
    assert!(shown, "the officer chart shows the names as text");
}

/// The ground truth's natural persons (name, ID number) and the names that may appear in
/// any output legitimately: staff, organisations, and anything containing a person's
/// name (a person called 李华 and an officer called 李华华).
fn truth_people() -> (Vec<String>, Vec<String>) {
    let truth = project_root().join("sample-data/truth");
    let parties = read_parquet(&truth.join("parties.parquet"));
    let people = read_parquet(&truth.join("people.parquet"));
    let kind = parties.column("party_kind").unwrap().str().unwrap().clone();
    let name = parties.column("name").unwrap().str().unwrap().clone();
    let id = parties.column("id_no").unwrap().str().unwrap().clone();
    let mut allowed: Vec<String> = strs(&people, "name");
    allowed.extend(strs(&people, "team"));
    // The masking rule's own example (张伟→张*) is written beside the debtor list.
    allowed.push("张伟".into());
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    for ((k, n), i) in kind.iter().zip(name.iter()).zip(id.iter()) {
        let n = n.unwrap_or("").to_string();
        if k == Some("person") {
            names.insert(n);
            if let Some(x) = i {
                ids.insert(x.to_string());
            }
        } else {
            allowed.push(n);
        }
    }
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| n.chars().count() >= 2 && !allowed.iter().any(|a| a.contains(n.as_str())))
        .collect();
    let mut ids: Vec<String> = ids.into_iter().filter(|i| i.len() >= 15).collect();
    ids.sort();
    (names, ids)
}

/// The text of every shareable output of a run: report.html, every SVG, every cell of the
/// workbook.
fn shareable_texts(out: &Path) -> Vec<(String, String)> {
    let mut texts = vec![(
        "report.html".to_string(),
        std::fs::read_to_string(out.join("report.html")).unwrap(),
    )];
    for e in std::fs::read_dir(out.join("charts")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "svg") {
            texts.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    let (cells, _) = workbook_cells(&out.join("workbook.xlsx"));
    for (sheet, d) in cells {
        texts.push((format!("workbook.xlsx!{sheet}"), d.to_string()));
    }
    texts
}

#[test]
fn shared_outputs_of_the_sample_hold_no_person_or_id_number() {
    let w = Workdir::new();
    let pipeline = project_root().join("pipelines/baseline-census.toml");
    let out = w.join("shared");
    let run = w.run(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--share",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let (names, ids) = truth_people();
    assert!(names.len() > 1000 && ids.len() > 1000, "truth read");
    let texts = shareable_texts(&out);
    let mut leaks = Vec::new();
    for (what, text) in &texts {
        for id in &ids {
            if text.contains(id.as_str()) {
                leaks.push(format!("{what}: ID {id}"));
            }
        }
        for n in &names {
            if text.contains(n.as_str()) {
                leaks.push(format!("{what}: name {n}"));
            }
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "{} unmasked values in shareable outputs, e.g. {:?}",
        leaks.len(),
        &leaks[..leaks.len().min(20)]
    );
    // Not vacuous: the register and the debtor list show masked persons, and the report
    // says it is masked.
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.matches("**********").count() > 10, "masked ID numbers");
    assert!(texts[0].1.contains("已按共享规则遮蔽个人信息"));
    // The internal tables keep the full values.
    let cases = read_parquet(&out.join("parquet/cases.parquet"));
    let full: HashSet<String> = strs(&cases, "respondents").into_iter().collect();
    assert!(
        names.iter().filter(|n| full.contains(*n)).count() > 100,
        "Parquet keeps the full names"
    );
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(
        rejects.contains("source_file"),
        "rejects.csv is written in full"
    );
}

#[test]
fn share_masks_what_the_report_and_workbook_would_show_of_a_hostile_court() {
    let w = Workdir::new();
    let pipeline = hostile_court(&w);
    // share = true in the pipeline file does what --share does.
    let text = std::fs::read_to_string(&pipeline).unwrap();
    std::fs::write(&pipeline, text.replace("as_of =", "share = true\nas_of =")).unwrap();
    let out = run_pipeline(&w, &pipeline, &[]);
    let texts = shareable_texts(&out);
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    for person in ["张小明", "李四", "王五"] {
        assert!(!all.contains(person), "{person} is shown unmasked");
    }
    assert!(
        all.contains("张**") && all.contains("李*"),
        "masked names shown"
    );
    let (_, formulas) = workbook_cells(&out.join("workbook.xlsx"));
    assert!(formulas.is_empty(), "{formulas:?}");
    let (valid_id, invalid_id, phone) = person_numbers();
    let hidden = |all: &str, what: &str| {
        for secret in [valid_id.as_str(), invalid_id.as_str(), phone] {
            assert!(!all.contains(secret), "{what}: {secret} is shown unmasked");
        }
    };
    hidden(&all, "caseflow run with share = true");
    // The internal tables keep the full values.
    let cases = read_parquet(&out.join("parquet/cases.parquet"));
    let ids = strs(&cases, "respondent_ids");
    assert!(ids.contains(&valid_id), "Parquet keeps the ID: {ids:?}");

    // A command rewriting a shared run's report or workbook without --share keeps them
    // masked, and says so (s-evaluate-unmasks-shared-workbook).
    let r = out.to_str().unwrap();
    for args in [vec!["report", r], vec!["census", r]] {
        let o = w.run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("stay masked"), "{}", stderr(&o));
    }
    let all: String = shareable_texts(&out).into_iter().map(|(_, t)| t).collect();
    hidden(&all, "caseflow report, caseflow census on a shared run");

    // A run made without sharing: the report shows what it has (the rejected ID, the
    // reason text); `caseflow report --share` and `caseflow census --share` mask them.
    std::fs::write(&pipeline, &text).unwrap();
    run_pipeline(&w, &pipeline, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains(phone) || html.contains(&invalid_id),
        "the internal report shows raw values"
    );
    assert!(!html.contains("已按共享规则遮蔽个人信息"));
    for args in [vec!["report", r, "--share"], vec!["census", r, "--share"]] {
        let o = w.run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let texts = shareable_texts(&out);
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    hidden(&all, "caseflow report --share, caseflow census --share");
    assert!(texts[0].1.contains("已按共享规则遮蔽个人信息"));
}

/// o-share-report-leaks-names-in-reason-fragments: officers type the parties into 未结原因
/// and 备注 (`申请人王小明称李大伟有房产`); with --share the workbook masked those parties in
/// every table, but the report's 未能识别的原因文字 showed the fragments with the phone and
/// ID numbers masked and the names in full. A party's name is masked inside free text too;
/// a name that is no party's (孙美丽) and the officers are not.
#[test]
fn share_masks_the_parties_named_inside_reason_texts() {
    let w = Workdir::new();
    w.write(
        "court/cases.csv",
        "法院名称,案件编号,案件类别,收案日期,案由,申请人,被申请人,被执行人类型,证件号码,承办法官,案件状态,未结原因,备注\n\
         某区人民法院,(2024)浙0603执10号,首执,2024-01-10,买卖合同纠纷,王小明,李大伟,自然人,330603198402159001,郭梅,未结,\
         李大伟外出打工联系电话13812345678,申请人王小明称李大伟有房产身份证330603198402159001\n\
         某区人民法院,(2024)浙0603执11号,首执,2024-02-10,民间借贷纠纷,赵一,钱二,自然人,,张立洋,未结,\
         钱二下落不明,钱二之妻孙美丽称其在外地\n\
         某区人民法院,(2024)浙0603执12号,首执,2024-02-10,民间借贷纠纷,某某建材有限公司,钱二,自然人,,张立洋,未结,\
         某某建材有限公司申请查封,\n",
    );
    let pipeline = w.write(
        "court/p.toml",
        "name = \"share\"\ndescription = \"对外报送\"\noutput = \"out\"\nas_of = \"2026-02-28\"\n\
         [inputs]\nfiles = [\"cases.csv\"]\nexported_on = \"2026-02-28\"\n\
         [trend]\nby = \"month\"\nfrom = \"2025-01-01\"\nto = \"2026-02-28\"\n",
    );
    let out = run_pipeline(&w, &pipeline, &["--share"]);
    let texts = shareable_texts(&out);
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    for person in ["王小明", "李大伟", "钱二", "赵一"] {
        for (what, text) in &texts {
            assert!(
                !text.contains(person),
                "{person} is shown unmasked in {what}"
            );
        }
    }
    let html = &texts[0].1;
    assert!(
        html.contains("申请人王**称李**有房产") && html.contains("李**外出打工"),
        "the fragments are shown, masked"
    );
    assert!(
        html.contains("钱*之妻孙美丽"),
        "a name no party has is kept"
    );
    assert!(
        all.contains("某某建材有限公司"),
        "a company is named in full"
    );
    assert!(all.contains("郭梅"), "officers are named");
}

/// o-share-masks-officers-in-projection: with --share, an officer who shares a party's name
/// (李华) was shown as 李* in the projection's 进度落后的承办人 and 所需进度, and one whose
/// name holds a party's (张俊磊, with a respondent 张俊) as 张*磊 in the evaluation's 责任到人,
/// while 积案汇总 and the census's 责任到人 named both: those tables name their rows in a
/// column read as free text. Staff are reported by name in every table (docs/security.md).
#[test]
fn share_names_officers_in_the_pace_and_evaluation_tables() {
    let w = Workdir::new();
    let mut csv = String::from(
        "法院名称,案件编号,案件类别,收案日期,案由,申请人,被申请人,被执行人类型,承办法官,案件状态,结案日期,结案方式,未结原因\n",
    );
    let mut n = 0;
    for officer in ["李华", "张俊磊"] {
        // Backlog at the census, and a pace of one closure a month before it.
        for year in 2016..2022 {
            n += 1;
            csv.push_str(&format!(
                "某区人民法院,({year})浙0603执{n}号,首执,{year}-03-06,民间借贷纠纷,周明,赵大勇,自然人,{officer},未结,,,被执行人下落不明\n"
            ));
        }
        for month in 8..=12 {
            n += 1;
            csv.push_str(&format!(
                "某区人民法院,(2025)浙0603执{n}号,首执,2025-03-01,民间借贷纠纷,孙丽,钱多多,自然人,{officer},已结,2025-{month:02}-15,执行完毕,\n"
            ));
        }
    }
    // The parties 李华 and 张俊.
    csv.push_str(
        "某区人民法院,(2022)浙0603执99号,首执,2022-04-01,民间借贷纠纷,李华,张俊,自然人,张俊磊,未结,,,被执行人下落不明\n",
    );
    w.write("court/cases.csv", csv);
    let pipeline = |run: &str, as_of: &str, extra: &str| {
        w.write(
            &format!("court/{run}.toml"),
            format!(
                "name = \"{run}\"\noutput = \"{run}\"\nas_of = \"{as_of}\"\n[inputs]\nfiles = [\"cases.csv\"]\n\
                 [trend]\nby = \"month\"\nfrom = \"2025-01-01\"\nto = \"{as_of}\"\n{extra}"
            ),
        )
    };
    for p in [
        pipeline(
            "base",
            "2026-02-28",
            "[projection]\nuntil = \"2026-06-30\"\n",
        ),
        pipeline("end", "2026-06-30", ""),
    ] {
        let o = w.run(&["run", p.to_str().unwrap(), "--share"]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    }
    let (base, end) = (w.join("court/base"), w.join("court/end"));
    let o = w.run(&[
        "evaluate",
        "--baseline",
        base.to_str().unwrap(),
        "--end",
        end.to_str().unwrap(),
        "--campaign-start",
        "2026-01-01",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));

    let officers = ["李华", "张俊磊"];
    // The report's table under a heading, up to its end.
    let table_after = |run: &Path, h3: &str| {
        let html = std::fs::read_to_string(run.join("report.html")).unwrap();
        let at = html
            .find(&format!("<h3>{h3}</h3>"))
            .unwrap_or_else(|| panic!("no heading {h3}"));
        let rest = &html[at..];
        rest[..rest.find("</table>").unwrap()].to_string()
    };
    for (run, h3) in [(&base, "进度落后的承办人"), (&end, "责任到人：承办人")] {
        let table = table_after(run, h3);
        for name in officers {
            assert!(table.contains(name), "{h3} lacks {name}:\n{table}");
        }
        assert!(!table.contains('*'), "{h3} masks an officer:\n{table}");
    }
    for (run, sheet) in [(&base, "所需进度"), (&end, "责任到人"), (&end, "清理进度")] {
        let (cells, _) = workbook_cells(&run.join("workbook.xlsx"));
        let cells: Vec<String> = cells
            .into_iter()
            .filter(|(s, _)| s == sheet)
            .map(|(_, d)| d.to_string())
            .collect();
        for name in officers {
            assert!(
                cells.iter().any(|c| c == name),
                "{sheet} lacks {name}: {cells:?}"
            );
        }
        assert!(
            !cells.iter().any(|c| c.contains('*')),
            "{sheet} masks an officer: {cells:?}"
        );
    }
    // The parties are still masked.
    let all: String = shareable_texts(&end).into_iter().map(|(_, t)| t).collect();
    assert!(
        all.contains("张*") && !all.replace("张俊磊", "").contains("张俊"),
        "the party 张俊 is masked"
    );
}

/// s-evaluate-unmasks-shared-workbook (red-team round 38): `caseflow evaluate` refreshes the
/// end run's workbook.xlsx and report.html in place, and after both snapshots were run with
/// --share it wrote them with persons' full names, under the same file names. An evaluation
/// of runs made for sharing is masked like them.
#[test]
fn evaluate_keeps_the_masking_of_runs_made_for_sharing() {
    let w = Workdir::new();
    let pipeline = hostile_court(&w);
    let text = std::fs::read_to_string(&pipeline).unwrap();
    for (run, as_of) in [("base", "2026-02-28"), ("end", "2026-06-30")] {
        let p = w.join(&format!("court/{run}.toml"));
        let t = text
            .replace("output = \"out\"", &format!("output = \"{run}\""))
            .replace("as_of = \"2026-02-28\"", &format!("as_of = \"{as_of}\""));
        std::fs::write(&p, t).unwrap();
        let o = w.run(&["run", p.to_str().unwrap(), "--share"]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    }
    let (base, end) = (w.join("court/base"), w.join("court/end"));
    let o = w.run(&[
        "evaluate",
        "--baseline",
        base.to_str().unwrap(),
        "--end",
        end.to_str().unwrap(),
        "--campaign-start",
        "2026-01-01",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(stderr(&o).contains("stay masked"), "{}", stderr(&o));
    let texts = shareable_texts(&end);
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("评估"), "the evaluation is in the outputs");
    for person in ["张小明", "李四", "王五"] {
        assert!(!all.contains(person), "{person} is shown unmasked");
    }
    assert!(
        all.contains("张**") && all.contains("李*"),
        "masked names shown"
    );
    assert!(texts[0].1.contains("已按共享规则遮蔽个人信息"));
}

#[test]
fn a_pipeline_cannot_write_outside_its_output_folder() {
    let w = Workdir::new();
    let pipeline = hostile_court(&w);
    let text = std::fs::read_to_string(&pipeline).unwrap();

    // An output folder that is someone's folder (here: one with a file of theirs) is
    // refused before anything is read or written.
    w.write("home/.bashrc", "# mine\n");
    std::fs::write(
        &pipeline,
        text.replace("output = \"out\"", "output = \"../home\""),
    )
    .unwrap();
    let out = w.run(&["run", pipeline.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a caseflow run folder"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = std::fs::read_dir(w.join("home")).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing was written into home/");

    // --out is held to the same rule.
    let out = w.run(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        w.join("home").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // A folder that is new, or an earlier run, is fine: wherever the user put it.
    std::fs::write(
        &pipeline,
        text.replace("output = \"out\"", "output = \"../elsewhere/run\""),
    )
    .unwrap();
    let out = w.run(&["run", pipeline.to_str().unwrap()]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&out)
    );
    let out = w.run(&["run", pipeline.to_str().unwrap()]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "a rerun into the same run folder: {}",
        stderr(&out)
    );
    // Every file written is inside the run folder.
    let run = w.join("elsewhere/run");
    for e in walk(&w.join("elsewhere")) {
        assert!(e.starts_with(&run), "{} is outside the run", e.display());
    }

    // A planted link cannot send the charts elsewhere.
    #[cfg(unix)]
    {
        let target = w.join("target");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::remove_dir_all(run.join("charts")).unwrap();
        std::os::unix::fs::symlink(&target, run.join("charts")).unwrap();
        let out = w.run(&["run", pipeline.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("outside the output folder"),
            "{}",
            stderr(&out)
        );
        let out = w.run(&["report", run.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out
}
