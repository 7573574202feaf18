//! `caseflow generate` end to end: reproducibility (the committed sample-data, threads,
//! seeds), the truth covering every written row, and the messes the exports promise.
//!
//! The read-only checks run on the committed `sample-data/` — the first test proves it is
//! exactly what the generator writes today, so checking it checks the generator.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{Months, NaiveDate};
use polars::prelude::*;

use crate::util::{project_root, stderr, Workdir};

fn sample() -> PathBuf {
    project_root().join("sample-data")
}

/// Every file under `dir` (relative path → bytes), README.md and .gitattributes excepted.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("under base")
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "README.md" && rel != ".gitattributes" {
                    out.insert(rel, std::fs::read(&p).expect("read file"));
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn generate(wd: &Workdir, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["generate", "--out", out];
    args.extend_from_slice(extra);
    let o = wd.run(&args);
    assert!(o.status.success(), "generate failed: {}", stderr(&o));
    wd.join(out)
}

fn assert_same_files(a: &Path, b: &Path) {
    let fa = files(a);
    let fb = files(b);
    let na: Vec<&String> = fa.keys().collect();
    let nb: Vec<&String> = fb.keys().collect();
    assert_eq!(na, nb, "same file names");
    for (name, bytes) in &fa {
        assert!(
            fb.get(name) == Some(bytes),
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn parquet(path: &Path) -> DataFrame {
    let f = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(f)
        .finish()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strs(df: &DataFrame, col: &str) -> Vec<Option<String>> {
    df.column(col)
        .expect(col)
        .str()
        .expect(col)
        .iter()
        .map(|o| o.map(str::to_string))
        .collect()
}

fn ints(df: &DataFrame, col: &str) -> Vec<Option<i64>> {
    let c = df
        .column(col)
        .expect(col)
        .cast(&DataType::Int64)
        .expect(col);
    c.i64().expect(col).iter().collect()
}

fn dates(df: &DataFrame, col: &str) -> Vec<Option<NaiveDate>> {
    let c = df
        .column(col)
        .expect(col)
        .cast(&DataType::Int32)
        .expect(col);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    c.i32()
        .expect(col)
        .iter()
        .map(|o| o.map(|d| epoch + chrono::Duration::days(i64::from(d))))
        .collect()
}

#[test]
fn committed_sample_data_is_what_the_generator_writes() {
    // the command documented in sample-data/README.md
    let wd = Workdir::new();
    let out = generate(&wd, "sample", &["--cases", "5000", "--seed", "42"]);
    assert_same_files(&sample(), &out);
}

#[test]
fn same_seed_gives_same_bytes_whatever_the_threads() {
    let wd = Workdir::new();
    let args = ["--cases", "1500", "--courts", "2", "--seed", "7"];
    let one = generate(&wd, "one", &[&args[..], &["--threads", "1"]].concat());
    let two = generate(&wd, "two", &[&args[..], &["--threads", "2"]].concat());
    assert_same_files(&one, &two);
    // per-court workbooks
    assert!(one.join("census/system_a_zhe0602.xlsx").exists());
    assert!(one.join("census/system_a_zhe0603.xlsx").exists());
}

#[test]
fn different_seeds_differ() {
    let wd = Workdir::new();
    let a = generate(&wd, "a", &["--cases", "1000", "--seed", "1"]);
    let b = generate(&wd, "b", &["--cases", "1000", "--seed", "2"]);
    for f in [
        "end/system_b.csv",
        "truth/cases.parquet",
        "end/system_a_zhe0603.xlsx",
    ] {
        let x = std::fs::read(a.join(f)).expect("read");
        let y = std::fs::read(b.join(f)).expect("read");
        assert_ne!(x, y, "{f} should depend on the seed");
    }
}

/// Rows of a file as (sheet, 1-based row number) → first cell text, for xlsx and CSV.
fn rows_of(path: &Path) -> Vec<(Option<String>, i64, Vec<String>)> {
    let mut out = Vec::new();
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("sheet");
            let (r0, _) = range.start().unwrap_or((0, 0));
            for (i, row) in range.rows().enumerate() {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                out.push((Some(name.clone()), i64::from(r0) + i as i64 + 1, cells));
            }
        }
    } else {
        let bytes = std::fs::read(path).expect("read csv");
        let text = if path.ends_with("system_b.csv") {
            let (t, _, bad) = encoding_rs::GBK.decode(&bytes);
            assert!(!bad, "system B decodes as GBK");
            t.into_owned()
        } else {
            String::from_utf8(bytes).expect("side files are UTF-8")
        };
        for (i, line) in text.lines().enumerate() {
            out.push((None, i as i64 + 1, vec![line.to_string()]));
        }
    }
    out
}

/// (file, sheet, 1-based row)
type RowKey = (String, Option<String>, i64);

#[test]
fn truth_covers_every_source_row() {
    let root = sample();
    let src = parquet(&root.join("truth/source_rows.parquet"));
    let snapshot = strs(&src, "snapshot");
    let file = strs(&src, "file");
    let sheet = strs(&src, "sheet");
    let row = ints(&src, "row");
    let kind = strs(&src, "row_kind");
    let case_id = ints(&src, "case_id");
    let mut truth: HashMap<RowKey, (String, Option<i64>)> = HashMap::new();
    for i in 0..src.height() {
        let f = file[i].clone().expect("file");
        assert!(f.starts_with(snapshot[i].as_deref().expect("snapshot")));
        let k = kind[i].clone().expect("kind");
        let key = (f, sheet[i].clone(), row[i].expect("row"));
        assert!(
            truth.insert(key.clone(), (k, case_id[i])).is_none(),
            "row listed twice: {key:?}"
        );
    }
    let all = files(&root);
    let exports: Vec<&String> = all
        .keys()
        .filter(|f| f.starts_with("census/") || f.starts_with("end/"))
        .collect();
    assert_eq!(exports.len(), 12, "{exports:?}");
    let mut seen = 0;
    for f in exports {
        for (sh, r, cells) in rows_of(&root.join(f)) {
            let key = (f.clone(), sh.clone(), r);
            let (k, id) = truth
                .get(&key)
                .unwrap_or_else(|| panic!("row without truth: {key:?} {cells:?}"));
            seen += 1;
            match k.as_str() {
                "data" | "duplicate" => assert!(id.is_some(), "{key:?} has a case"),
                "totals" => assert_eq!(cells[0], "合计"),
                "footer" => assert!(cells[0].starts_with("制表人"), "{cells:?}"),
                "title" | "header" => assert!(id.is_none()),
                other => panic!("unknown row kind {other}"),
            }
        }
    }
    assert_eq!(seen, src.height(), "every truth row is a real row");
}

#[test]
fn exports_contain_the_promised_messes() {
    let root = sample();
    // system A: title above the header, mixed dates, text amounts, totals, footer
    let a = rows_of(&root.join("census/system_a_zhe0603.xlsx"));
    assert!(a[0].2[0].ends_with("执行案件明细表"), "{:?}", a[0]);
    assert_eq!(a[2].2[0], "序号");
    assert_eq!(a[2].2[1], "案号");
    let mut wb: Xlsx<_> = open_workbook(root.join("census/system_a_zhe0603.xlsx")).expect("xlsx");
    let range = wb.worksheet_range("执行案件明细").expect("sheet");
    let (mut excel_dates, mut text_dates, mut text_money, mut num_money) = (0, 0, 0, 0);
    for row in range.rows().skip(3) {
        match &row[8] {
            Data::DateTime(_) | Data::Float(_) => excel_dates += 1,
            Data::String(_) => text_dates += 1,
            _ => {}
        }
        match &row[9] {
            Data::String(s) if s.contains(',') => text_money += 1,
            Data::Float(_) | Data::Int(_) => num_money += 1,
            _ => {}
        }
    }
    assert!(
        excel_dates > 100 && text_dates > 20,
        "{excel_dates} {text_dates}"
    );
    assert!(
        text_money > 20 && num_money > 100,
        "{text_money} {num_money}"
    );
    let texts: BTreeSet<String> = range
        .rows()
        .skip(3)
        .filter_map(|r| match &r[8] {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|s| s.contains('年')));
    assert!(texts.iter().any(|s| s.contains('/')));
    assert!(texts
        .iter()
        .any(|s| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit())));

    // system B: GBK bytes that are not UTF-8, 万元 amounts, 是/否 flags, status words
    let b = std::fs::read(root.join("census/system_b.csv")).expect("read");
    assert!(std::str::from_utf8(&b).is_err(), "GBK is not valid UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&b);
    assert!(!bad);
    let header = text.lines().next().expect("header");
    assert!(header.contains("执行标的(万元)") && header.contains("案件状态"));
    assert!(text.contains(",是,") && text.contains(",否,"));
    for status in ["未结", "已结", "终本", "中止"] {
        assert!(text.contains(&format!(",{status},")), "status {status}");
    }

    // the truth: several spellings of one case, duplicates, masked numbers
    let src = parquet(&root.join("truth/source_rows.parquet"));
    let ids = ints(&src, "case_id");
    let raws = strs(&src, "raw_case_no");
    let kinds = strs(&src, "row_kind");
    let masked: Vec<Option<bool>> = src
        .column("case_no_masked")
        .expect("masked")
        .bool()
        .expect("bool")
        .iter()
        .collect();
    let mut spellings: HashMap<i64, BTreeSet<String>> = HashMap::new();
    for i in 0..src.height() {
        if let (Some(id), Some(raw)) = (ids[i], &raws[i]) {
            if !raw.is_empty() {
                spellings.entry(id).or_default().insert(raw.clone());
            }
        }
    }
    let max = spellings.values().map(BTreeSet::len).max().unwrap_or(0);
    assert!(
        max >= 3,
        "some case has at least three spellings, max {max}"
    );
    let multi = spellings.values().filter(|s| s.len() >= 2).count();
    assert!(multi > 300, "{multi} cases with several spellings");
    assert!(
        kinds
            .iter()
            .filter(|k| k.as_deref() == Some("duplicate"))
            .count()
            >= 3
    );
    assert!(masked.iter().filter(|m| **m == Some(true)).count() >= 3);
    let all: Vec<&String> = spellings.values().flatten().collect();
    for needle in ["〔", "(", "執", " ", "暂无"] {
        assert!(
            all.iter().any(|s| s.contains(needle)) || raws.iter().flatten().any(|s| s == needle),
            "a spelling with {needle:?}"
        );
    }
}

/// ISO 7064 MOD 11-2, written independently of the generator.
fn id_ok(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = b[..17]
        .iter()
        .zip(w)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    b"10X98765432"[(s % 11) as usize] == b[17]
}

/// GB 32100, written independently of the generator.
fn uscc_ok(code: &str) -> bool {
    const A: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let v: Option<Vec<u32>> = code.chars().map(|c| A.find(c).map(|i| i as u32)).collect();
    let Some(v) = v else { return false };
    if v.len() != 18 {
        return false;
    }
    let mut w = 1;
    let mut s = 0;
    for x in &v[..17] {
        s += x * w;
        w = w * 3 % 31;
    }
    (31 - s % 31) % 31 == v[17]
}

#[test]
fn id_numbers_have_valid_check_characters() {
    let parties = parquet(&sample().join("truth/parties.parquet"));
    let ids = strs(&parties, "id_no");
    let kinds = strs(&parties, "party_kind");
    let mut persons = 0;
    for (id, kind) in ids.iter().zip(&kinds) {
        let id = id.as_deref().expect("id");
        if kind.as_deref() == Some("person") {
            persons += 1;
            assert!(id_ok(id), "bad ID {id}");
        } else {
            assert!(uscc_ok(id), "bad credit code {id}");
        }
    }
    assert!(persons > 1000);
}

#[test]
fn end_round_closures_come_after_three_months() {
    let cases = parquet(&sample().join("truth/cases.parquet"));
    let method = strs(&cases, "closure_method");
    let filed = dates(&cases, "filed_on");
    let closed = dates(&cases, "closed_on");
    let mut n = 0;
    for i in 0..cases.height() {
        if method[i].as_deref() == Some("终本") {
            n += 1;
            let f = filed[i].expect("filed");
            let c = closed[i].expect("closed");
            assert!(c > f + Months::new(3), "终本 {c} within 3 months of {f}");
        }
    }
    assert!(n > 500);
}

#[test]
fn deducted_days_are_the_union_of_the_listed_intervals() {
    let root = sample();
    let cases = parquet(&root.join("truth/cases.parquet"));
    let d = parquet(&root.join("truth/deductions.parquet"));
    let census = NaiveDate::from_ymd_opt(2026, 2, 28).expect("date");
    let mut by_case: HashMap<i64, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    let ids = ints(&d, "case_id");
    let starts = dates(&d, "start_on");
    let ends = dates(&d, "end_on");
    for i in 0..d.height() {
        by_case
            .entry(ids[i].expect("id"))
            .or_default()
            .push((starts[i].expect("start"), ends[i]));
    }
    let case_ids = ints(&cases, "case_id");
    let filed = dates(&cases, "filed_on");
    let deducted = ints(&cases, "census_deducted_days");
    let mut overlapping = 0;
    for i in 0..cases.height() {
        let id = case_ids[i].expect("id");
        let f = filed[i].expect("filed");
        if f > census {
            continue;
        }
        // independent restatement: mark every deducted day once
        let mut days = BTreeSet::new();
        let mut total = 0;
        for (s, e) in by_case.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
            if *s > census {
                continue;
            }
            let e = e.unwrap_or(census).min(census);
            let mut d = (*s).max(f);
            while d < e {
                days.insert(d);
                total += 1;
                d = d.succ_opt().expect("next day");
            }
        }
        if total > days.len() {
            overlapping += 1;
        }
        assert_eq!(
            deducted[i],
            Some(days.len() as i64),
            "case {id}: deducted days are the union of its intervals"
        );
    }
    assert!(
        overlapping > 5,
        "some cases have overlapping intervals ({overlapping})"
    );
}

#[test]
fn long_exports_continue_on_new_sheets() {
    let wd = Workdir::new();
    let out = generate(&wd, "split", &["--cases", "2000", "--xlsx-max-rows", "200"]);
    let path = out.join("end/system_a_zhe0603.xlsx");
    let wb: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let names = wb.sheet_names();
    assert!(names.len() >= 3, "{names:?}");
    let rows = rows_of(&path);
    for name in &names {
        let on_sheet: Vec<_> = rows
            .iter()
            .filter(|r| r.0.as_deref() == Some(name))
            .collect();
        assert!(on_sheet.len() <= 200);
        assert_eq!(on_sheet[2].2[0], "序号", "header repeated on {name}");
    }
    let last = rows.last().expect("rows");
    assert!(last.2[0].starts_with("制表人"));
}

#[test]
fn usage_errors_exit_2() {
    let wd = Workdir::new();
    let o = wd.run(&["generate", "--out", "x", "--courts", "99"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = wd.run(&["generate", "--out", "x", "--noise", "loud"]);
    assert_eq!(o.status.code(), Some(2));
    wd.write("busy/notes.txt", "mine");
    let o = wd.run(&["generate", "--out", "busy", "--cases", "1000"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a folder with other files is refused"
    );
    assert!(wd.join("busy/notes.txt").exists());
}

#[test]
fn long_help_says_what_it_reads_writes_and_costs() {
    let wd = Workdir::new();
    let o = wd.run(&["generate", "--help"]);
    assert!(o.status.success());
    let text = crate::util::stdout(&o);
    for needle in ["Reads:", "Writes", "truth/", "Cost:", "Example:", "--noise"] {
        assert!(text.contains(needle), "help mentions {needle}:\n{text}");
    }
}
