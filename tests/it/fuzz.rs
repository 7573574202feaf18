//! Fuzzing the ingest entry point with files made of arbitrary bytes (issue 11;
//! docs/security.md): whatever a `.csv` or `.xlsx` file holds, `caseflow ingest` ends with
//! a result or a typed error (exit code 0, 1 or 2), never a panic (exit code 101) or an
//! abort. The parsers themselves (案号, dates, amounts) are fuzzed by the property tests
//! beside them (`src/casenum/tests.rs`, `src/ingest/fields.rs`).
//!
//! Each case runs the real binary, so an abort cannot take the test runner down with it
//! and the whole path is covered: encoding detection, the CSV and workbook readers, header
//! profiles, field parsing, the Parquet writers. The default number of cases keeps the
//! whole fuzz set near a minute on two cores; `PROPTEST_CASES=2000 cargo test --release
//! --test it fuzz` runs a longer campaign (docs/security.md).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::util::{stderr, Workdir};

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(default: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `caseflow ingest FILE --out DIR`; fails unless it exited with 0, 1 or 2. Counts
/// the runs that read the file (exit code 0 or 1) in `read`.
fn ingest_survives(
    w: &Workdir,
    name: &str,
    bytes: &[u8],
    read: &AtomicUsize,
) -> Result<(), TestCaseError> {
    let file = w.write(name, bytes);
    let out_dir = w.join("out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = w.run(&[
        "ingest",
        file.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    match out.status.code() {
        Some(0 | 1) => {
            read.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        Some(2) => Ok(()),
        other => Err(TestCaseError::fail(format!(
            "caseflow ingest {name} ended with {other:?} on {} bytes {:?}…: {}",
            bytes.len(),
            &bytes[..bytes.len().min(64)],
            stderr(&out)
        ))),
    }
}

/// A CSV line of arbitrary fields (quotes, separators, line breaks and control characters
/// are as likely as text).
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+=@＝0-9０-９.,，;；\"'\t\r\n 万元年月日号（）()执浙张公司]{0,20}",
        Just(String::new()),
    ]
}

const CASE_HEADER: &str =
    "案号,立案日期,被执行人,被执行人证件号码,申请执行标的（万元）,结案日期,未结原因";

#[test]
fn ingest_survives_arbitrary_bytes_as_csv() {
    let w = Workdir::new();
    let read = AtomicUsize::new(0);
    runner(64)
        .run(&prop::collection::vec(any::<u8>(), 0..600), |bytes| {
            ingest_survives(&w, "fuzz.csv", &bytes, &read)
        })
        .unwrap();
}

#[test]
fn ingest_survives_arbitrary_rows_under_a_case_header() {
    let w = Workdir::new();
    let rows = prop::collection::vec(prop::collection::vec(field(), 0..9), 0..12);
    let encoding = prop_oneof![Just("utf-8"), Just("gbk"), Just("utf-16le"), Just("bytes")];
    let read = AtomicUsize::new(0);
    let n = cases(96) as usize;
    runner(96)
        .run(&(rows, encoding, any::<Vec<u8>>()), |(rows, enc, tail)| {
            let mut text = String::from(CASE_HEADER);
            text.push('\n');
            for r in &rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            let bytes: Vec<u8> = match enc {
                "gbk" => encoding_rs::GBK.encode(&text).0.into_owned(),
                "utf-16le" => {
                    let mut b = vec![0xFF, 0xFE];
                    for u in text.encode_utf16() {
                        b.extend_from_slice(&u.to_le_bytes());
                    }
                    b
                }
                "bytes" => {
                    let mut b = text.into_bytes();
                    b.extend_from_slice(&tail);
                    b
                }
                _ => text.into_bytes(),
            };
            ingest_survives(&w, "rows.csv", &bytes, &read)
        })
        .unwrap();
    // Not vacuous: most files got past the readers into field parsing.
    assert!(read.into_inner() * 2 >= n, "too few files were read at all");
}

#[test]
fn ingest_survives_arbitrary_bytes_as_xlsx() {
    let w = Workdir::new();
    // Pure noise, and noise behind a zip signature (a file that looks like a workbook).
    let noise = prop::collection::vec(any::<u8>(), 0..600);
    let zipish = prop::collection::vec(any::<u8>(), 0..600).prop_map(|mut b| {
        let mut v = b"PK\x03\x04".to_vec();
        v.append(&mut b);
        v
    });
    let read = AtomicUsize::new(0);
    runner(32)
        .run(&prop_oneof![noise, zipish], |bytes| {
            ingest_survives(&w, "fuzz.xlsx", &bytes, &read)
        })
        .unwrap();
}

#[test]
fn ingest_survives_mutated_excel_2003_xml() {
    // The Excel 2003 XML workbook of tests/it/messy.rs with bytes changed, cut short, or
    // with an attribute's value replaced (ss:MergeDown given anything).
    let w = Workdir::new();
    let values = prop_oneof![
        Just("0".to_string()),
        Just("4294967295".to_string()),
        Just("1048577".to_string()),
        "[0-9]{1,6}",
        any::<String>(),
    ];
    let mutations = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6);
    let read = AtomicUsize::new(0);
    runner(48)
        .run(
            &(
                mutations,
                any::<prop::sample::Index>(),
                any::<bool>(),
                values,
            ),
            |(muts, cut, truncate, value)| {
                let value = value.replace(['"', '<', '&'], "");
                let mut bytes = crate::messy::SPREADSHEET_ML
                    .replacen(
                        "ss:MergeDown=\"1\"",
                        &format!("ss:MergeDown=\"{value}\""),
                        1,
                    )
                    .into_bytes();
                for (at, b) in muts {
                    let i = at.index(bytes.len());
                    bytes[i] = b;
                }
                if truncate {
                    bytes.truncate(cut.index(bytes.len()));
                }
                ingest_survives(&w, "mutated.xls", &bytes, &read)
            },
        )
        .unwrap();
}

#[test]
fn ingest_survives_mutated_workbooks() {
    let w = Workdir::new();
    let valid = valid_xlsx();
    let mutations = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8);
    let cut = any::<prop::sample::Index>();
    let read = AtomicUsize::new(0);
    runner(64)
        .run(&(mutations, cut, any::<bool>()), |(muts, cut, truncate)| {
            let mut bytes = valid.clone();
            for (at, b) in muts {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            ingest_survives(&w, "mutated.xlsx", &bytes, &read)
        })
        .unwrap();
}

#[test]
fn ingest_survives_workbooks_with_arbitrary_cells() {
    let w = Workdir::new();
    // Mostly near the header, sometimes anywhere on the sheet: sheets are streamed, so a
    // far cell must cost the blank rows between, not a dense grid.
    let cell = (
        prop_oneof![8 => 0u32..12, 1 => 12u32..16_384],
        prop_oneof![8 => 1u32..60, 1 => 60u32..200_000],
        prop_oneof![
            Just("s"),
            Just("n"),
            Just("b"),
            Just("e"),
            Just("str"),
            Just("inlineStr"),
            Just("d"),
            Just("")
        ],
        field(),
        any::<bool>(),
    );
    let cells = prop::collection::vec(cell, 0..40);
    let strings = prop::collection::vec(field(), 0..8);
    let sheet_name = prop_oneof![Just("案件".to_string()), "\\PC{0,40}"];
    let read = AtomicUsize::new(0);
    let n = cases(96) as usize;
    runner(96)
        .run(&(cells, strings, sheet_name), |(cells, strings, name)| {
            let bytes = crafted_xlsx(&name, &strings, &cells);
            ingest_survives(&w, "crafted.xlsx", &bytes, &read)
        })
        .unwrap();
    // Not vacuous: a good share of the crafted workbooks were readable.
    assert!(
        read.into_inner() * 4 >= n,
        "too few crafted workbooks were read"
    );
}

/// A small valid workbook with a case list, written with rust_xlsxwriter.
fn valid_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in CASE_HEADER.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for r in 1..6u32 {
        ws.write_string(r, 0, format!("（2023）浙0603执{r}号"))
            .unwrap();
        ws.write_number(r, 1, 45000.0 + r as f64).unwrap();
        ws.write_string(r, 2, "张三、某某有限公司").unwrap();
        ws.write_string(r, 3, "110101199003071234").unwrap();
        ws.write_number(r, 4, 1.5 * r as f64).unwrap();
        ws.write_string(r, 6, "查无财产").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn xml_escape(s: &str, raw: bool) -> String {
    if raw {
        // Unescaped on purpose: malformed XML must be an error, not a panic.
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn col_name(c: u32) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A workbook built part by part: the case header in row 1, then cells of every type
/// with arbitrary contents (shared-string indexes out of range, text in number cells,
/// unescaped markup), most cells near the header and some anywhere up to column XFD.
fn crafted_xlsx(
    sheet: &str,
    strings: &[String],
    cells: &[(u32, u32, &str, String, bool)],
) -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PR: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut sst = String::new();
    let header: Vec<&str> = CASE_HEADER.split(',').collect();
    for h in &header {
        sst.push_str(&format!("<si><t>{h}</t></si>"));
    }
    for s in strings {
        sst.push_str(&format!("<si><t>{}</t></si>", xml_escape(s, false)));
    }
    let mut rows: std::collections::BTreeMap<u32, String> = Default::default();
    let mut first = String::new();
    for (k, _) in header.iter().enumerate() {
        first.push_str(&format!(
            "<c r=\"{}1\" t=\"s\"><v>{k}</v></c>",
            col_name(k as u32)
        ));
    }
    rows.insert(1, first);
    for (c, r, t, v, raw) in cells {
        let row = r + 1;
        let reference = format!("{}{row}", col_name(*c));
        let t_attr = if t.is_empty() {
            String::new()
        } else {
            format!(" t=\"{t}\"")
        };
        let body = if *t == "inlineStr" {
            format!("<is><t>{}</t></is>", xml_escape(v, *raw))
        } else {
            format!("<v>{}</v>", xml_escape(v, *raw))
        };
        rows.entry(row)
            .or_default()
            .push_str(&format!("<c r=\"{reference}\"{t_attr}>{body}</c>"));
    }
    let mut data = String::new();
    for (r, cells) in rows {
        data.push_str(&format!("<row r=\"{r}\">{cells}</row>"));
    }
    let parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
                 <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
                 <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>"
                .to_string(),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PR}\">\
                 <Relationship Id=\"rId1\" Type=\"{R}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{NS}\" xmlns:r=\"{R}\"><sheets>\
                 <sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                xml_escape(sheet, false)
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PR}\">\
                 <Relationship Id=\"rId1\" Type=\"{R}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                 <Relationship Id=\"rId2\" Type=\"{R}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/sharedStrings.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{NS}\">{sst}</sst>"),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{NS}\"><sheetData>{data}</sheetData></worksheet>"
            ),
        ),
    ];
    zip_stored(
        &parts
            .iter()
            .map(|(n, s)| (*n, s.as_bytes()))
            .collect::<Vec<_>>(),
    )
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A zip archive of `files`, stored without compression.
fn zip_stored(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name_len = name.len() as u16;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0, 0, 0, 0x21] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0, 0, 0, 0x21] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        for v in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    let n = files.len() as u16;
    for v in [0u16, 0, n, n] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn the_crafted_workbook_builder_makes_readable_workbooks() {
    // The fuzzer's own tool must produce real workbooks, or the fuzzing proves nothing.
    let w = Workdir::new();
    let cells = vec![
        (0, 1, "inlineStr", "（2023）浙0603执7号".to_string(), false),
        (1, 1, "n", "45000".to_string(), false),
        (2, 1, "inlineStr", "张三".to_string(), false),
    ];
    let bytes = crafted_xlsx("案件", &[], &cells);
    let file = w.write("ok.xlsx", &bytes);
    let out = w.run(&[
        "ingest",
        file.to_str().unwrap(),
        "--out",
        w.join("out").to_str().unwrap(),
    ]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&out)
    );
    let cases = crate::util::read_parquet(&w.join("out/parquet/cases.parquet"));
    assert_eq!(cases.height(), 1, "the crafted row was read");
    assert!(Path::new(&w.join("out/manifest.json")).is_file());
}
