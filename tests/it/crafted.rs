//! Issue #11: crafted inputs end in a clear error (the file, the limit, how to raise it)
//! within bounded memory and time — never a hang, an out-of-memory kill or a panic.
//!
//! Every file is made here, in a temporary folder, and stays small on disk: the zip bombs
//! lie in their central directory or are small real ones under a lowered limit, and the
//! 100 MB CSV line is a sparse file. Each command runs under a watchdog that kills it and
//! fails the test if it does not finish (a hang guard, not a timing assertion), and whose
//! memory is watched: a run that passes 512 MiB fails the test.

use std::io::{Cursor, Read, Write};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{stderr, Workdir};

/// Runs a command; kills it and fails if it has not ended after `limit`, or if its resident
/// memory ever passed `MEMORY_GUARD` (read from /proc while it runs: the high-water mark,
/// so only the last poll interval before it exits goes unseen).
fn run_bounded(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn caseflow");
    let start = Instant::now();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    loop {
        if let Some(kib) = high_water_kib(&status) {
            peak_kib = peak_kib.max(kib);
        }
        if child.try_wait().expect("wait for caseflow").is_some() {
            let out = child.wait_with_output().expect("collect output");
            assert!(
                peak_kib <= MEMORY_GUARD_KIB,
                "caseflow used {peak_kib} KiB of memory (guard {MEMORY_GUARD_KIB} KiB): {}",
                stderr(&out)
            );
            return out;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "caseflow did not finish within {limit:?} (killed): {}",
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The peak resident set (VmHWM) of a running process; None where /proc does not say.
fn high_water_kib(status_file: &str) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Far above what any of these files needs when read as designed (tens of MiB), far below
/// what the attacks would take unbounded (gigabytes).
const MEMORY_GUARD_KIB: u64 = 512 * 1024;

const WATCHDOG: Duration = Duration::from_secs(300);

fn ingest(wd: &Workdir, args: &[&str]) -> Output {
    let mut all = vec!["ingest"];
    all.extend_from_slice(args);
    all.extend(["--out", "run"]);
    run_bounded(wd.command(&all), WATCHDOG)
}

/// Asserts a failed run with exit code 1 whose message has every one of `needles`, and no
/// panic.
fn assert_refused(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in: {err}");
    }
}

/// A real little workbook: a header and one case.
fn base_xlsx() -> Vec<u8> {
    crate::util::one_case_xlsx()
}

/// Copies a zip, replacing the named entries' contents and adding `extra` tiny entries.
pub fn rezip(src: &[u8], replace: &[(&str, &[u8])], extra: usize) -> Vec<u8> {
    let mut input = zip::ZipArchive::new(Cursor::new(src)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..input.len() {
        let mut f = input.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let data = replace
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(data, |(_, d)| d.to_vec());
        w.start_file(name, opts).unwrap();
        w.write_all(&data).unwrap();
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..extra {
        w.start_file(format!("xl/media/pad{i}.bin"), stored)
            .unwrap();
        w.write_all(b"x").unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Sets the uncompressed size that the central directory (and the local header) declare
/// for entry `name`, leaving the data as it is.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let eocd = (0..zip.len() - 21)
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let entries = le16(zip, eocd + 10);
    let mut p = le32(zip, eocd + 16) as usize;
    for _ in 0..entries {
        assert_eq!(zip[p..p + 4], [0x50, 0x4b, 0x01, 0x02]);
        let (n, x, c) = (le16(zip, p + 28), le16(zip, p + 30), le16(zip, p + 32));
        if &zip[p + 46..p + 46 + n] == name.as_bytes() {
            zip[p + 24..p + 28].copy_from_slice(&size.to_le_bytes());
            let local = le32(zip, p + 42) as usize;
            zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
            return;
        }
        p += 46 + n + x + c;
    }
    panic!("no entry {name}");
}

pub const SHEET: &str = "xl/worksheets/sheet1.xml";

pub fn sheet_xml(dimension: &str, rows: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <dimension ref=\"{dimension}\"/><sheetData>{rows}</sheetData></worksheet>"
    )
    .into_bytes()
}

fn header_and_case() -> String {
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>案号</t></is></c>\
     <c r=\"B1\" t=\"inlineStr\"><is><t>立案日期</t></is></c></row>\
     <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>（2023）浙0603执1号</t></is></c>\
     <c r=\"B2\" t=\"inlineStr\"><is><t>2023-03-05</t></is></c></row>"
        .to_string()
}

#[test]
fn hand_made_workbook_reads() {
    // The helpers make workbooks caseflow reads: the refusals below are the limits.
    let wd = Workdir::new();
    let xlsx = rezip(
        &base_xlsx(),
        &[(SHEET, &sheet_xml("A1:B2", &header_and_case()))],
        0,
    );
    wd.write("ok.xlsx", &xlsx);
    let out = ingest(&wd, &["ok.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn zip_bomb_declared_in_the_central_directory() {
    // A few kilobytes that claim to expand to 3.75 GiB.
    let wd = Workdir::new();
    let mut xlsx = base_xlsx();
    declare_size(&mut xlsx, SHEET, 0xF000_0000);
    wd.write("bomb.xlsx", &xlsx);
    let out = ingest(&wd, &["bomb.xlsx"]);
    assert_refused(
        &out,
        &[
            "bomb.xlsx",
            "3.8 GiB",
            "1 GiB",
            "--max-uncompressed-bytes",
            "max_uncompressed_bytes",
        ],
    );
}

#[test]
fn zip_bomb_that_inflates_past_its_declared_size() {
    // The central directory says 1000 bytes; the data inflates to 3 MB.
    let wd = Workdir::new();
    let padding = format!("<!-- {} -->", " ".repeat(3 << 20));
    let mut rows = header_and_case();
    rows.push_str(&padding);
    let mut xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:B2", &rows))], 0);
    declare_size(&mut xlsx, SHEET, 1000);
    wd.write("liar.xlsx", &xlsx);
    let out = ingest(&wd, &["liar.xlsx"]);
    assert_refused(&out, &["liar.xlsx", "declared uncompressed size"]);
}

#[test]
fn real_zip_bomb_under_a_lowered_limit() {
    // 3 MB of real XML in a small file, against a 1 MiB limit given on the command line.
    let wd = Workdir::new();
    let padding = format!("<!-- {} -->", " ".repeat(3 << 20));
    let mut rows = header_and_case();
    rows.push_str(&padding);
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:B2", &rows))], 0);
    assert!(xlsx.len() < 100_000, "the bomb is small on disk");
    wd.write("bomb.xlsx", &xlsx);
    let out = ingest(&wd, &["bomb.xlsx", "--max-uncompressed-bytes", "1MiB"]);
    assert_refused(&out, &["bomb.xlsx", "1 MiB", "--max-uncompressed-bytes"]);
    // Raised, the same file reads.
    let out = ingest(&wd, &["bomb.xlsx", "--max-uncompressed-bytes", "8MiB"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn archive_with_thousands_of_entries() {
    let wd = Workdir::new();
    let xlsx = rezip(&base_xlsx(), &[], 10_001);
    wd.write("many.xlsx", &xlsx);
    let out = ingest(&wd, &["many.xlsx"]);
    assert_refused(
        &out,
        &["many.xlsx", "entries", "10000", "--max-zip-entries"],
    );
    let out = ingest(&wd, &["many.xlsx", "--max-zip-entries", "20000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn billion_laughs_in_a_sheet() {
    let wd = Workdir::new();
    let mut dtd = String::from("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("]>");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n{dtd}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData>{}<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>\
         </sheetData></worksheet>",
        header_and_case()
    );
    let xlsx = rezip(&base_xlsx(), &[(SHEET, xml.as_bytes())], 0);
    wd.write("lol.xlsx", &xlsx);
    let out = ingest(&wd, &["lol.xlsx"]);
    assert_refused(&out, &["lol.xlsx", SHEET, "DTD"]);
}

#[test]
fn sheet_that_claims_a_million_columns() {
    let wd = Workdir::new();
    // BDWGN is column 1,000,000.
    let xlsx = rezip(
        &base_xlsx(),
        &[(SHEET, &sheet_xml("A1:BDWGN2", &header_and_case()))],
        0,
    );
    wd.write("wide.xlsx", &xlsx);
    let out = ingest(&wd, &["wide.xlsx"]);
    assert_refused(
        &out,
        &["wide.xlsx", "1000000 columns", "16384", "--max-columns"],
    );
}

#[test]
fn sheet_with_more_real_columns_than_the_limit() {
    // 20,000 cells in one row, without positions: each takes the next column.
    let wd = Workdir::new();
    let mut rows = header_and_case();
    rows.push_str("<row r=\"3\">");
    for _ in 0..20_000 {
        rows.push_str("<c><v>1</v></c>");
    }
    rows.push_str("</row>");
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:B2", &rows))], 0);
    wd.write("cells.xlsx", &xlsx);
    let out = ingest(&wd, &["cells.xlsx"]);
    assert_refused(
        &out,
        &["cells.xlsx", "row 3", "column 16385", "--max-columns"],
    );
}

#[test]
fn cells_at_opposite_corners_of_a_sheet() {
    // A1 and XFD1048576: a dense grid of the two would be 17 billion cells (calamine's
    // range reader allocated it and aborted). Rows are streamed instead: the rows between
    // are blank, and the far cell is a row of its own, rejected whole with its value.
    let wd = Workdir::new();
    let mut rows = header_and_case();
    rows.push_str(
        "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>far</t></is></c></row>",
    );
    let xlsx = rezip(
        &base_xlsx(),
        &[(SHEET, &sheet_xml("A1:XFD1048576", &rows))],
        0,
    );
    wd.write("corners.xlsx", &xlsx);
    let out = ingest(&wd, &["corners.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(wd.join("run/manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let s = &m["files"][0]["sheets"][0];
    assert_eq!(s["rows_read"], 1_048_576);
    assert_eq!(s["rows_written"], 1);
    assert_eq!(s["rows_rejected"], 1);
    assert_eq!(s["reconciles"], true);
    let rejects = std::fs::read_to_string(wd.join("run/rejects.csv")).unwrap();
    assert!(
        rejects.contains("1048576") && rejects.contains("far"),
        "{rejects}"
    );
}

#[test]
fn csv_with_a_100_mb_line() {
    // A header, then a record that starts a quoted field and never ends: 100 MB without
    // a line break (a sparse file: it takes no room on disk).
    let wd = Workdir::new();
    let path = wd.write("long.csv", "案号,立案日期\n（2023）浙0603执1号,\"");
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(100 << 20).unwrap();
    drop(f);
    let out = ingest(&wd, &["long.csv"]);
    assert_refused(
        &out,
        &[
            "long.csv",
            "row 2",
            "4 MiB",
            "unclosed quote",
            "--max-line-bytes",
        ],
    );
}

#[test]
fn csv_with_a_quote_left_open_in_the_middle_of_the_file() {
    // One stray quote in a note (备注) of case 100: with a well-formed quote per line after
    // it never closing, the reader would take the 2,900 records below as part of that note.
    let wd = Workdir::new();
    let mut text = String::from("案号,立案日期,被执行人,承办人,备注\n");
    for k in 1..=3000 {
        let note = if k == 100 { "\"老赖" } else { "拒不履行" };
        text.push_str(&format!(
            "（2023）浙0603执{k}号,2023-01-05,李四{k},王五,{note}\n"
        ));
    }
    wd.write("quote.csv", &text);
    let out = ingest(&wd, &["quote.csv"]);
    assert_refused(
        &out,
        &["quote.csv", "row 101", "field 5", "2900 line(s)", "quote"],
    );
    // A cell of several lines with a comma in it is a cell, not records.
    wd.write(
        "lines.csv",
        "案号,立案日期,被执行人,承办人,备注\n\
         （2023）浙0603执1号,2023-01-05,李四,王五,\"第一行\n第二行, 有逗号\"\n\
         （2023）浙0603执2号,2023-01-05,李四,王五,无\n",
    );
    let out = ingest(&wd, &["lines.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The last record's quote left open swallows one record: said too.
    wd.write(
        "last.csv",
        "案号,立案日期,被执行人,承办人,备注\n\
         （2023）浙0603执1号,2023-01-05,李四,王五,\"老赖\n\
         （2023）浙0603执2号,2023-01-05,李四,王五,无\n",
    );
    let out = ingest(&wd, &["last.csv"]);
    assert_refused(&out, &["last.csv", "row 2", "1 line(s)"]);
    // One record swallowed in the middle, its own stray quote closing the field: said, though
    // the record still has its width (t-stray-quote-swallows-record).
    wd.write(
        "one.csv",
        "序号,案号,立案日期,被执行人,承办人,备注\n\
         1,（2023）浙0603执1号,2023-01-05,李四,王五,无\n\
         2,（2023）浙0603执2号,2023-01-05,李四,王五,\"限高令已发出\n\
         3,（2023）浙0603执3号,2023-01-05,李四,王五,已纳入\"失信\"名单\n\
         4,（2023）浙0603执4号,2023-01-05,李四,王五,无\n",
    );
    let out = ingest(&wd, &["one.csv"]);
    assert_refused(&out, &["one.csv", "row 3", "field 6", "1 line(s)"]);
    wd.write(
        "middle.csv",
        "案号,立案日期,申请执行人,被执行人,执行标的,承办人,案件状态,备注\n\
         （2023）浙0602执1号,2023-03-05,张三,李四,1000,王五,未结,无\n\
         （2023）浙0602执2号,2023-03-05,张三,\"宏达公司,1000,王五,未结,无\n\
         （2023）浙0602执3号,2023-03-05,张三,宏达\"公司,1000,王五,未结,无\n\
         （2023）浙0602执4号,2023-03-05,张三,李四,1000,王五,未结,无\n",
    );
    let out = ingest(&wd, &["middle.csv"]);
    assert_refused(&out, &["middle.csv", "row 3", "field 4"]);
    // A note of numbered lines is a note: its lines begin with digits, not the next 序号
    // of a whole record, and a 案号 quoted inside a note has no delimiters after it.
    wd.write(
        "notes.csv",
        "序号,案号,立案日期,被执行人,承办人,备注\n\
         1,（2023）浙0603执1号,2023-01-05,李四,王五,\"1,已查封房产\n2,已冻结存款,待划拨\n\
         （2023）浙0603执9号，已结\"\n\
         2,（2023）浙0603执2号,2023-01-05,李四,王五,无\n",
    );
    let out = ingest(&wd, &["notes.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// h-unclosed-quote-last-record: a quote opened in the last record and never closed made
/// the rest of that record one field (a closed case read as pending, without its debtor,
/// officer or closure); it is said, naming the row and the field, with or without a line
/// break at the end of the file. A last record ending in a closed quote is read.
#[test]
fn csv_with_a_quote_left_open_in_the_last_record() {
    let wd = Workdir::new();
    let head = "案号,立案日期,申请执行人,被执行人,承办人,案件状态,结案日期\n\
                （2024）浙0603执1号,2024-01-05,甲公司,张三,王五,未结,\n";
    let last = "（2024）浙0603执2号,2024-03-05,\"丙公司,赵六,孙八,已结,2024-09-30";
    for (name, end) in [
        ("newline.csv", "\n"),
        ("bare.csv", ""),
        ("crlf.csv", "\r\n"),
    ] {
        wd.write(name, format!("{head}{last}{end}"));
        let out = ingest(&wd, &[name]);
        assert_refused(
            &out,
            &[name, "row 3", "field 3", "end of the file", "quote"],
        );
    }
    wd.write(
        "closed.csv",
        format!("{head}（2024）浙0603执2号,2024-03-05,丙公司,赵六,孙八,已结,\"2024-09-30\""),
    );
    let out = ingest(&wd, &["closed.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// h-open-quote-swallows-next-case: with 法院名称 before the 案号 (system B's layout), a
/// quote left open in 备注 and closed by the next row's quoted party list swallowed that
/// row's case into a reject blamed on a thousands separator, and the manifest reconciled
/// without it. The next row's 案号 in the 案号's column tells it is a record: said, as when
/// the 案号 comes first. A note of two lines after a 法院名称 is a note.
#[test]
fn csv_with_a_quote_left_open_before_a_row_led_by_the_court() {
    let wd = Workdir::new();
    let head = "法院名称,案号,立案日期,申请执行人,被执行人,执行标的(万元),承办人,案件状态,备注\n\
                柯桥法院,（2024）浙0603执1号,2024-01-05,甲公司,张三,10,王五,未结,\n";
    wd.write(
        "court.csv",
        format!(
            "{head}柯桥法院,（2024）浙0603执2号,2024-02-05,乙公司,李四,20,王五,未结,\"见附件\n\
             柯桥法院,（2024）浙0603执3号,2024-03-05,丙公司,\"赵六,钱七\",30,孙八,未结,\n\
             柯桥法院,（2024）浙0603执4号,2024-04-05,丁公司,周九,40,孙八,未结,\n"
        ),
    );
    let out = ingest(&wd, &["court.csv"]);
    assert_refused(&out, &["court.csv", "row 3", "field 9", "quote"]);
    assert!(!stderr(&out).contains("1,234.50"), "{}", stderr(&out));
    // The same in GBK, the commonest encoding of Chinese exports: the 案号 is told in the
    // file's encoding, not as UTF-8.
    let text = std::fs::read_to_string(wd.join("court.csv")).unwrap();
    wd.write("court-gbk.csv", &encoding_rs::GBK.encode(&text).0);
    let out = ingest(&wd, &["court-gbk.csv"]);
    assert_refused(&out, &["court-gbk.csv", "row 3", "field 9", "quote"]);
    assert!(!stderr(&out).contains("1,234.50"), "{}", stderr(&out));
    wd.write(
        "note.csv",
        format!(
            "{head}柯桥法院,（2024）浙0603执2号,2024-02-05,乙公司,李四,20,王五,未结,\"第一行,\n\
             见（2024）浙0603执1号,已查封\"\n"
        ),
    );
    let out = ingest(&wd, &["note.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn csv_with_more_fields_than_the_limit() {
    let wd = Workdir::new();
    let text = format!(
        "案号,立案日期\n（2023）浙0603执1号,2023-03-05{}\n",
        ",".repeat(20_000)
    );
    wd.write("wide.csv", text);
    let out = ingest(&wd, &["wide.csv"]);
    assert_refused(&out, &["wide.csv", "row 2", "16384", "--max-columns"]);
    let out = ingest(&wd, &["wide.csv", "--max-columns", "30000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_bad_limit_is_a_usage_error() {
    let wd = Workdir::new();
    wd.write("a.csv", "案号,立案日期\n");
    let out = ingest(&wd, &["a.csv", "--max-line-bytes", "4 parsecs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// An inline-string cell of the crafted sheet.
fn text_cell(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

#[test]
fn formulas_saved_without_their_results_are_said_not_read_as_empty() {
    // What Python's openpyxl writes: `<f>` with an empty `<v/>`. Excel computes such a
    // cell on opening; a reader cannot, and must not pass it off as a blank amount or
    // officer. A template's rows of formulas below the cases are no cases at all.
    let wd = Workdir::new();
    let header = [
        "案号",
        "立案日期",
        "申请执行标的（元）",
        "已执行到位（元）",
        "承办人",
        "执行天数",
    ];
    let mut rows = String::from("<row r=\"1\">");
    for (c, h) in header.iter().enumerate() {
        rows += &text_cell(&format!("{}1", (b'A' + c as u8) as char), h);
    }
    rows += "</row><row r=\"2\">";
    rows += &text_cell("A2", "（2024）浙0603执1号");
    rows += &text_cell("B2", "2024-01-05");
    rows += "<c r=\"C2\" t=\"n\"><v>10000</v></c><c r=\"D2\"><f>C2*0.2</f><v/></c>";
    rows += "<c r=\"E2\"><f>\"张\"&amp;\"三\"</f><v/></c>";
    rows += "<c r=\"F2\"><f>TODAY()-DATEVALUE(B2)</f><v/></c></row>";
    // A cached result is read as usual.
    rows += "<row r=\"3\">";
    rows += &text_cell("A3", "（2024）浙0603执2号");
    rows += &text_cell("B3", "2024-02-05");
    rows += "<c r=\"C3\" t=\"n\"><v>5000</v></c><c r=\"D3\"><f>C3*0.2</f><v>1000</v></c>";
    rows += &text_cell("E3", "李四");
    rows += "</row>";
    for r in 4..=6 {
        rows += &format!(
            "<row r=\"{r}\"><c r=\"F{r}\"><f>IF(B{r}=\"\",\"\",TODAY()-B{r})</f><v/></c></row>"
        );
    }
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:F6", &rows))], 0);
    wd.write("formulas.xlsx", &xlsx);
    let out = ingest(&wd, &["formulas.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = wd.join("run");
    let cases = crate::util::read_parquet(&run.join("parquet/cases.parquet"));
    assert_eq!(cases.height(), 2);
    assert_eq!(
        crate::util::ints(&cases, "recovered_fen"),
        [None, Some(100_000)]
    );
    assert_eq!(
        crate::util::strs(&cases, "officer"),
        [None, Some("李四".to_string())]
    );
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    for (field, formula) in [
        ("recovered_fen", "=C2*0.2"),
        ("officer", "=\"\"张\"\"&\"\"三\"\""),
    ] {
        let line = rejects
            .lines()
            .find(|l| l.contains(&format!(",2,{field},")))
            .unwrap_or_else(|| panic!("no reject for {field} in:\n{rejects}"));
        assert!(line.contains("formula without a saved result"), "{line}");
        assert!(line.contains(formula), "{line}");
    }
    let m = crate::util::manifest(&run);
    let sheet = &m["files"][0]["sheets"][0];
    assert_eq!(
        sheet["skipped"]["formulas without saved results only (a template row), not a case"], 3,
        "{sheet}"
    );
    assert_eq!(sheet["reconciles"], true);
}

/// A cell of the little .xls workbooks [`biff8_xls`] writes.
enum XlsCell {
    Text(String),
    Number(f64),
    /// `=x*1`, with its saved result: `None` for the BIFF marker "empty string", which a
    /// program that does not calculate (xlwt, JXL, POI-HSSF) writes for every formula.
    Formula(f64, Option<f64>),
}

/// A BIFF8 workbook (.xls) of one sheet called Sheet1 holding `rows`, in a compound file
/// of 512-byte sectors: the workbook stream, padded to 4 KiB so that it lies in ordinary
/// sectors, after a sector of allocation table and one of directory.
fn biff8_xls(rows: &[Vec<XlsCell>]) -> Vec<u8> {
    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let bof = |dt: u16| [&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat();
    // The sheet's substream.
    let mut sheet = Vec::new();
    record(&mut sheet, 0x0809, &bof(0x0010));
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let mut data = [(r as u16).to_le_bytes(), (c as u16).to_le_bytes(), [0, 0]].concat();
            match cell {
                XlsCell::Text(t) => {
                    data.extend((t.encode_utf16().count() as u16).to_le_bytes());
                    data.push(1);
                    data.extend(utf16(t));
                    record(&mut sheet, 0x0204, &data);
                }
                XlsCell::Number(x) => {
                    data.extend(x.to_le_bytes());
                    record(&mut sheet, 0x0203, &data);
                }
                XlsCell::Formula(x, saved) => {
                    match saved {
                        Some(v) => data.extend(v.to_le_bytes()),
                        None => data.extend([3, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
                    }
                    data.extend([0; 6]); // grbit, chn
                                         // ptgNum x, ptgInt 1, ptgMul
                    let rgce = [&[0x1F][..], &x.to_le_bytes(), &[0x1E, 1, 0, 0x05]].concat();
                    data.extend((rgce.len() as u16).to_le_bytes());
                    data.extend(rgce);
                    record(&mut sheet, 0x0006, &data);
                }
            }
        }
    }
    record(&mut sheet, 0x000A, &[]);
    // The globals, with the sheet's offset in the stream.
    let name = utf16("Sheet1");
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x0005));
    // BoundSheet8 (its offset, visible worksheet, the name) and EOF come before the sheet.
    let at = (stream.len() + 4 + (8 + name.len()) + 4) as u32;
    let bound = [&at.to_le_bytes()[..], &[0, 0, 6, 1], &name].concat();
    record(&mut stream, 0x0085, &bound);
    record(&mut stream, 0x000A, &[]);
    stream.extend(sheet);
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let sectors = (stream.len() / 512) as u32;
    // Header, allocation table (sector 0), directory (sector 1), the stream (sectors 2…).
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let fields: [(usize, u32); 9] = [
        (24, 0x0003_003E), // minor version, major version 3
        (28, 0x0009_FFFE), // byte order, sector shift (512)
        (32, 0x0006),      // mini sector shift
        (44, 1),           // allocation table sectors
        (48, 1),           // first directory sector
        (56, 4096),        // mini stream cutoff
        (60, 0xFFFF_FFFE), // no mini allocation table
        (68, 0xFFFF_FFFE), // no DIFAT sectors
        (76, 0),           // the allocation table's sector
    ];
    header[80..].fill(0xFF);
    for (at, v) in fields {
        header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    fat.extend((3..sectors + 2).chain([0xFFFF_FFFE]));
    fat.resize(128, 0xFFFF_FFFF);
    let entry = |name: &str, kind: u8, child: u32, start: u32, len: u32| {
        let mut e = vec![0u8; 128];
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[64..66].copy_from_slice(&(n.len() as u16 + 2).to_le_bytes());
        e[66] = kind;
        e[68..80].fill(0xFF);
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    dir.extend(entry("Workbook", 2, 0xFFFF_FFFF, 2, stream.len() as u32));
    dir.resize(512, 0);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    out.extend(stream);
    out
}

/// l-xls-uncalculated-formula-silently-blank: an .xls whose formulas were saved without
/// their results (xlwt, JXL and POI-HSSF write the marker "empty string" for each, which
/// Excel replaces by recalculating) has each such amount listed in the rejects, as an
/// xlsx's formula without a `<v>`, not read as a blank amount without a word. In a
/// workbook whose formulas hold results, a formula that Excel computed to "" stays blank.
#[test]
fn xls_formulas_saved_without_their_results_are_said_not_read_as_empty() {
    use XlsCell::{Formula, Number, Text};
    let wd = Workdir::new();
    let header = || {
        ["案号", "立案日期", "执行标的（元）", "执行到位金额（元）"]
            .map(|h| Text(h.into()))
            .into_iter()
            .collect::<Vec<_>>()
    };
    let case = |n: u32, recovered| {
        let no = format!("（2024）浙0603执{n}号");
        vec![
            Text(no),
            Text("2024-03-05".into()),
            Number(1000.0),
            recovered,
        ]
    };
    let uncalculated = [
        header(),
        case(1, Formula(600.5, None)),
        case(2, Formula(0.0, None)),
    ];
    wd.write("uncalculated.xls", biff8_xls(&uncalculated));
    let out = ingest(&wd, &["uncalculated.xls"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = wd.join("run");
    let cases = crate::util::read_parquet(&run.join("parquet/cases.parquet"));
    assert_eq!(crate::util::ints(&cases, "recovered_fen"), [None, None]);
    let rejects = std::fs::read_to_string(run.join("rejects.csv")).unwrap();
    for (row, formula) in [(2, "=600.5*1"), (3, "=0*1")] {
        let line = rejects
            .lines()
            .find(|l| l.contains(&format!(",{row},recovered_fen,")))
            .unwrap_or_else(|| panic!("no reject of row {row} in:\n{rejects}"));
        assert!(line.contains("formula without a saved result"), "{line}");
        assert!(line.contains(formula), "{line}");
    }

    let calculated = [
        header(),
        case(1, Formula(600.5, Some(600.5))),
        case(2, Formula(0.0, None)),
    ];
    wd.write("calculated.xls", biff8_xls(&calculated));
    let out = wd.run(&["ingest", "calculated.xls", "--out", "run2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = crate::util::read_parquet(&wd.join("run2/parquet/cases.parquet"));
    assert_eq!(
        crate::util::ints(&cases, "recovered_fen"),
        [Some(60_050), None]
    );
}

/// The workbook part of `xlsx` with its date system set to 1904 (Excel for Mac).
fn with_1904_dates(xlsx: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut book = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    let book = match book.find("<workbookPr") {
        Some(at) => format!(
            "{}<workbookPr date1904=\"1\"{}",
            &book[..at],
            &book[at + 11..]
        ),
        None => book.replacen("<sheets>", "<workbookPr date1904=\"1\"/><sheets>", 1),
    };
    assert!(book.contains("date1904=\"1\""));
    rezip(xlsx, &[("xl/workbook.xml", book.as_bytes())], 0)
}

#[test]
fn dates_typed_as_numbers_in_a_1904_workbook_count_from_1904() {
    // A workbook saved by Excel for Mac counts serials from 1904-01-01. A date cell comes
    // converted by calamine; a date typed as a plain number (General format, pasted
    // values) or as a number in a text cell must be read in the same system, else it is
    // four years and a day early. Serial 0 stays a system's "no date"; amounts are not
    // dates and keep their value.
    let wd = Workdir::new();
    let header = ["案号", "立案日期", "结案日期", "申请执行标的（元）"];
    let mut rows = String::from("<row r=\"1\">");
    for (c, h) in header.iter().enumerate() {
        rows += &text_cell(&format!("{}1", (b'A' + c as u8) as char), h);
    }
    rows += "</row><row r=\"2\">";
    rows += &text_cell("A2", "（2024）浙0603执1号");
    rows += "<c r=\"B2\" t=\"n\"><v>43894</v></c>";
    rows += &text_cell("C2", "44038");
    rows += "<c r=\"D2\" t=\"n\"><v>43894</v></c></row><row r=\"3\">";
    rows += &text_cell("A3", "（2024）浙0603执2号");
    rows += &text_cell("B3", "2024-03-05");
    rows += "<c r=\"C3\" t=\"n\"><v>0</v></c>";
    rows += "<c r=\"D3\" t=\"n\"><v>20240305</v></c></row><row r=\"4\">";
    rows += &text_cell("A4", "（2024）浙0603执3号");
    rows += "<c r=\"B4\" t=\"n\"><v>20240306</v></c></row>";
    let plain = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:D4", &rows))], 0);
    wd.write("mac.xlsx", with_1904_dates(&plain));
    wd.write("pc.xlsx", &plain);
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (file, filed, closed) in [
        ("mac.xlsx", date(2024, 3, 5), date(2024, 7, 27)),
        ("pc.xlsx", date(2020, 3, 4), date(2020, 7, 26)),
    ] {
        let out = run_bounded(
            wd.command(&["ingest", file, "--out", &format!("run-{file}")]),
            WATCHDOG,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let cases =
            crate::util::read_parquet(&wd.join(&format!("run-{file}/parquet/cases.parquet")));
        let dates = |name: &str| -> Vec<Option<chrono::NaiveDate>> {
            cases
                .column(name)
                .unwrap()
                .date()
                .unwrap()
                .as_date_iter()
                .collect()
        };
        assert_eq!(
            dates("filed_on"),
            [Some(filed), Some(date(2024, 3, 5)), Some(date(2024, 3, 6))],
            "{file}"
        );
        assert_eq!(dates("closed_on"), [Some(closed), None, None], "{file}");
        assert_eq!(
            crate::util::ints(&cases, "claim_fen"),
            [Some(4_389_400), Some(2_024_030_500), None],
            "{file}"
        );
        let rejects = std::fs::read_to_string(wd.join(&format!("run-{file}/rejects.csv"))).unwrap();
        assert!(!rejects.contains("1904"), "{file}: {rejects}");
    }
}

#[test]
fn a_cell_written_with_another_rows_reference_is_refused_naming_it() {
    // A broken writer writes row 2's 被执行人 as C3: placed where its reference says, the
    // value would move into row 3's case (or make a phantom row beside it).
    let wd = Workdir::new();
    let header = format!(
        "<row r=\"1\">{}{}{}{}</row>",
        text_cell("A1", "案号"),
        text_cell("B1", "立案日期"),
        text_cell("C1", "被执行人"),
        text_cell("D1", "承办人")
    );
    let row3 = format!(
        "<row r=\"3\">{}{}{}{}</row>",
        text_cell("A3", "（2024）浙0603执2号"),
        text_cell("B3", "2024-04-01"),
        text_cell("C3", "孙七"),
        text_cell("D3", "王五")
    );
    // In the middle of the row (the row goes back after it), and at its end (the next row
    // starts left of it).
    for tail in [
        format!("{}{}", text_cell("C3", "李四"), text_cell("D2", "王五")),
        text_cell("C3", "李四"),
    ] {
        let row2 = format!(
            "<row r=\"2\">{}{}{tail}</row>",
            text_cell("A2", "（2024）浙0603执1号"),
            text_cell("B2", "2024-03-01")
        );
        let rows = format!("{header}{row2}{row3}");
        let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:D3", &rows))], 0);
        wd.write("bad.xlsx", &xlsx);
        let out = ingest(&wd, &["bad.xlsx"]);
        assert_refused(&out, &["row 2, column C", "written as C3"]);
    }
    // Rows written out of order, every cell in its own row: read, sorted.
    let row2 = format!(
        "<row r=\"2\">{}{}{}{}</row>",
        text_cell("A2", "（2024）浙0603执1号"),
        text_cell("B2", "2024-03-01"),
        text_cell("C2", "李四"),
        text_cell("D2", "王五")
    );
    let rows = format!("{header}{row3}{row2}");
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:D3", &rows))], 0);
    wd.write("unordered.xlsx", &xlsx);
    let out = ingest(&wd, &["unordered.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = crate::util::read_parquet(&wd.join("run/parquet/cases.parquet"));
    assert_eq!(
        crate::util::lists(&cases, "respondents"),
        vec![vec!["李四".to_string()], vec!["孙七".to_string()]]
    );
}

/// h-duplicate-cell-ref-makes-phantom-case: a cell written twice in its row (`<c r="C2">`
/// twice, as a buggy export library or a crude edit of the XML writes it) is one cell of
/// Excel with two values: the workbook is refused as damaged, naming sheet, row and column,
/// instead of the second value making a phantom case of row 2 with no 案号.
#[test]
fn a_cell_written_twice_in_its_row_is_refused_naming_it() {
    let wd = Workdir::new();
    let header = format!(
        "<row r=\"1\">{}{}{}</row>",
        text_cell("A1", "案号"),
        text_cell("B1", "立案日期"),
        text_cell("C1", "执行标的")
    );
    let row2 = format!(
        "<row r=\"2\">{}{}<c r=\"C2\"><v>1007</v></c><c r=\"C2\"><v>9999</v></c></row>",
        text_cell("A2", "（2024）浙0603执1号"),
        text_cell("B2", "2024-03-01")
    );
    let row3 = format!(
        "<row r=\"3\">{}{}<c r=\"C3\"><v>500</v></c></row>",
        text_cell("A3", "（2024）浙0603执2号"),
        text_cell("B3", "2024-04-01")
    );
    let rows = format!("{header}{row2}{row3}");
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:C3", &rows))], 0);
    wd.write("dup.xlsx", &xlsx);
    let out = ingest(&wd, &["dup.xlsx"]);
    assert_refused(
        &out,
        &["sheet Sheet1, row 2, column C", "C2 is written twice"],
    );
    assert!(!wd.join("run/parquet/cases.parquet").exists());
}

#[test]
fn a_shared_string_index_past_the_table_names_the_cell() {
    let wd = Workdir::new();
    let rows = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}<c r=\"B2\" t=\"s\"><v>99</v></c></row>",
        text_cell("A1", "案号"),
        text_cell("B1", "立案日期"),
        text_cell("A2", "（2024）浙0603执1号"),
    );
    let xlsx = rezip(&base_xlsx(), &[(SHEET, &sheet_xml("A1:B2", &rows))], 0);
    wd.write("sst.xlsx", &xlsx);
    let out = ingest(&wd, &["sst.xlsx"]);
    assert_refused(
        &out,
        &["sheet ", "row 2, column B", "cell B2", "shared string 99"],
    );
}

/// h-duplicate-sheet-name-drops-sheet: a workbook.xml that gives two different worksheets one
/// name. Sheets are read by name, so the second could not be read: the file is refused,
/// naming the name and both parts, rather than read short without a word. The same sheet
/// listed twice (one part) stays one sheet, read once.
#[test]
fn two_sheets_of_one_name_are_refused_not_read_as_one() {
    let wd = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, first) in [("S", 1), ("T", 10)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.write_string(0, 0, "案号").unwrap();
        ws.write_string(0, 1, "立案日期").unwrap();
        for i in 0..3u32 {
            ws.write_string(i + 1, 0, format!("（2024）浙0603执{}号", first + i))
                .unwrap();
            ws.write_string(i + 1, 1, "2024-03-05").unwrap();
        }
    }
    let good = wb.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&good[..])).unwrap();
    let mut book = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    assert!(book.contains("name=\"T\""), "{book}");
    let same_name = book.replace("name=\"T\"", "name=\"S\"");
    wd.write(
        "dup.xlsx",
        rezip(&good, &[("xl/workbook.xml", same_name.as_bytes())], 0),
    );
    let out = wd.run(&["ingest", "dup.xlsx", "--out", "run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("dup.xlsx") && err.contains("\"S\""), "{err}");
    assert!(
        err.contains("sheet1.xml") && err.contains("sheet2.xml"),
        "{err}"
    );
    assert!(!wd.join("run/parquet/cases.parquet").exists());

    // Both entries pointing at the first sheet's part: one sheet, read once.
    let rid = |name: &str| {
        let at = book.find(&format!("name=\"{name}\"")).unwrap();
        let id = &book[at..];
        let id = &id[id.find("r:id=\"").unwrap() + 6..];
        id[..id.find('"').unwrap()].to_string()
    };
    let one_part = book.replace("name=\"T\"", "name=\"S\"").replace(
        &format!("r:id=\"{}\"", rid("T")),
        &format!("r:id=\"{}\"", rid("S")),
    );
    wd.write(
        "twice.xlsx",
        rezip(&good, &[("xl/workbook.xml", one_part.as_bytes())], 0),
    );
    let out = wd.run(&["ingest", "twice.xlsx", "--out", "run2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases = crate::util::read_parquet(&wd.join("run2/parquet/cases.parquet"));
    assert_eq!(cases.height(), 3);
}
