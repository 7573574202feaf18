//! Excel 2003 XML (SpreadsheetML): the XML workbook Excel 2003 saved as "XML 表格", which
//! web-based case systems still write under an .xls or .xml name because it is plain text
//! to generate. Excel and WPS open it as a workbook, so clerks pass it on as one.
//!
//! A `<Workbook>` in the `urn:schemas-microsoft-com:office:spreadsheet` namespace holds
//! `<Worksheet ss:Name>`s, each a `<Table>` of `<Row>`s of `<Cell>`s, each cell's value in a
//! `<Data ss:Type="String|Number|DateTime|Boolean|Error">`. Rows and cells stand one after
//! the other unless `ss:Index` (1-based) says where: a skipped position is blank. A cell
//! with `ss:MergeAcross`/`ss:MergeDown` is merged over the cells right of it and below it;
//! the cells it covers are not written, and a later cell of the row stands after them. A
//! merged range is filled as in xlsx and xls ([`super::book::MergeFill`]): a value merged
//! down a column stands on every row it covers, one merged across a row only in its first
//! cell. Rich text (`<Font>`, `<B>` inside the `<Data>`) is read as its text; a cell's
//! comment (`<Comment>`) is not its value. Every worksheet is a sheet; one hidden in Excel
//! (`<WorksheetOptions><Visible>SheetHidden`) is read and noted.
//!
//! The XML is parsed by quick-xml (no DTD, no external entities: only the five predefined
//! entities and character references are resolved). The file is decoded whole, in the
//! encoding of its BOM or its XML declaration (web systems write GBK), else UTF-8, else
//! GB18030, never lossily; so it is held in memory, up to the limit on uncompressed bytes. It
//! is parsed twice: once to check it whole and find its sheets (a truncated or broken file
//! stops with a message before any row is read), then to send the rows.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use chrono::NaiveDateTime;
use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::Reader;
use sha2::{Digest, Sha256};

use super::book::{MergeFill, RowAssembler, Stop};
use super::*;

/// The namespace of SpreadsheetML's elements and `ss:` attributes.
const NAMESPACE: &str = "urn:schemas-microsoft-com:office:spreadsheet";

/// Excel's last row (1,048,576): an `ss:Index` past it is not a sheet's row.
const MAX_ROWS: u32 = 1 << 20;

/// Whether a file that starts with markup is Excel 2003 XML: its first element is a
/// `Workbook` and the SpreadsheetML namespace is declared before it ends. `head` is the
/// start of the file (zero bytes are dropped, so that UTF-16 reads as ASCII).
pub(super) fn is_spreadsheetml(head: &[u8]) -> bool {
    let ascii: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
    let text = String::from_utf8_lossy(&ascii);
    let text = text.trim_start_matches(['\u{feff}', '\u{fffd}']);
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Xml::Start(e)) | Ok(Xml::Empty(e)) => {
                return e.local_name().as_ref() == "Workbook"
                    && e.attributes()
                        .flatten()
                        .any(|a| a.value.as_ref() == NAMESPACE);
            }
            Ok(Xml::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// One worksheet, as the first pass found it.
struct SheetInfo {
    name: String,
    hidden: bool,
}

/// The workbook as the first pass found it: its worksheets, and whether it counts dates in
/// the 1904 system (`<ExcelWorkbook><Date1904/>`: a workbook made on a Mac, or by a
/// generator that copies the flag), in which a date written as a number (43893, styled
/// `yyyy/m/d`) is 1,462 days later than in the 1900 system.
struct BookInfo {
    sheets: Vec<SheetInfo>,
    date1904: bool,
}

pub(super) fn open_spreadsheetml(
    path: &Path,
    file: &str,
    only: Option<&str>,
    limits: &Limits,
) -> Result<FileReader> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limits.max_uncompressed_bytes {
        return Err(input_error(
            file,
            format!(
                "the Excel 2003 XML workbook is {}, more than allowed; {}",
                show_bytes(bytes.len() as u64),
                limits.explain(Limit::UncompressedBytes)
            ),
        ));
    }
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (enc, bom) = xml_encoding(&bytes);
    let text = enc
        .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
        .ok_or_else(|| {
            input_error(
                file,
                format!(
                    "the Excel 2003 XML workbook has bytes that are not {} (its declared or \
                     detected encoding); open it in Excel or WPS and save it as .xlsx",
                    enc.name()
                ),
            )
        })?
        .into_owned();
    let BookInfo { sheets, date1904 } = worksheets(&text).map_err(|e| e.into_error(file, &text))?;
    if sheets.is_empty() {
        return Err(input_error(
            file,
            "the Excel 2003 XML workbook has no worksheet",
        ));
    }
    let chosen: Vec<SheetInfo> = match only {
        Some(name) => {
            if !sheets.iter().any(|s| s.name == name) {
                return Err(Error::Usage(format!(
                    "{file}: no sheet named {name:?}; the sheets are: {}",
                    sheets
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            sheets.into_iter().filter(|s| s.name == name).collect()
        }
        None => sheets,
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let job = XmlJob {
        file: file.to_string(),
        text,
        sheets: chosen,
        date1904,
        limits: *limits,
    };
    let handle = std::thread::Builder::new()
        .name("caseflow-xml2003".into())
        .spawn(move || {
            if let Err(e) = job.run(&tx) {
                let _ = tx.send(Err(e));
            }
        })
        .map_err(|e| Error::io(path, e))?;
    Ok(FileReader {
        file: file.to_string(),
        format: "xml2003",
        encoding: Some(super::csv::encoding_name(enc, false)),
        notes: Vec::new(),
        warnings: Vec::new(),
        size_bytes: bytes.len() as u64,
        sha256,
        empty_lines: 0,
        events: Events::Thread {
            rx: Some(rx),
            handle: Some(handle),
            recycle: None,
        },
    })
}

/// The file's encoding and the length of its BOM: the BOM's, else the one its XML
/// declaration names, else UTF-8 when the bytes are UTF-8, else GB18030 (GBK's superset).
fn xml_encoding(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc, bom);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let declared = {
        let text = String::from_utf8_lossy(head);
        let mut reader = Reader::from_str(&text);
        match reader.read_event() {
            Ok(Xml::Decl(d)) => d
                .encoding()
                .and_then(|e| e.ok())
                .and_then(|label| Encoding::for_label(label.trim().as_bytes())),
            _ => None,
        }
    };
    match declared {
        // A declaration read as ASCII is not in UTF-16, whatever it says.
        Some(enc) if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE => (enc, 0),
        _ if std::str::from_utf8(bytes).is_ok() => (encoding_rs::UTF_8, 0),
        _ => (encoding_rs::GB18030, 0),
    }
}

/// What is wrong with the XML, and where (a byte offset into the text, and the sheet, row
/// and column as Excel would show them, where known).
struct XmlProblem {
    at: u64,
    sheet: Option<String>,
    /// Row and column, 0-based.
    row: Option<u32>,
    col: Option<u32>,
    message: String,
}

impl XmlProblem {
    fn into_error(self, file: &str, text: &str) -> Error {
        let at = usize::try_from(self.at)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let line = text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        // Generators write the whole workbook on one line: there "line 1" points nowhere,
        // and the sheet and row are what a clerk can find in Excel.
        let line = if text.contains('\n') {
            format!(" (line {line} of the file)")
        } else {
            String::new()
        };
        Error::Input {
            file: match &self.sheet {
                Some(s) => format!("{file}, sheet {s}"),
                None => file.to_string(),
            },
            row: self.row.map(|r| r as usize + 1),
            column: self.row.and(self.col).map(column_letters),
            message: format!(
                "not a readable Excel 2003 XML workbook: {}{line}; the file may be cut short \
                 or damaged: export it again, or open it in Excel or WPS and save it as .xlsx",
                self.message
            ),
        }
    }
}

/// The next event, its error made an [`XmlProblem`]; a file that ends inside the workbook
/// is one too.
fn next_event<'t>(
    reader: &mut Reader<&'t [u8]>,
    depth: &mut usize,
    sheet: Option<&str>,
) -> std::result::Result<Xml<'t>, XmlProblem> {
    let problem = |reader: &Reader<&[u8]>, message: String| XmlProblem {
        at: reader.error_position(),
        sheet: sheet.map(String::from),
        row: None,
        col: None,
        message,
    };
    match reader.read_event() {
        Ok(Xml::Start(e)) => {
            *depth += 1;
            Ok(Xml::Start(e))
        }
        Ok(Xml::End(e)) => {
            *depth = depth.saturating_sub(1);
            Ok(Xml::End(e))
        }
        Ok(Xml::Eof) if *depth > 0 => Err(XmlProblem {
            at: reader.buffer_position(),
            sheet: sheet.map(String::from),
            row: None,
            col: None,
            message: format!("the file ends inside {depth} unclosed element(s)"),
        }),
        Ok(e) => Ok(e),
        Err(e) => Err(problem(reader, e.to_string())),
    }
}

fn new_reader(text: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(text.as_bytes());
    // `<Cell/>` as a start and an end: one code path for empty and filled elements.
    reader.config_mut().expand_empty_elements = true;
    reader
}

/// A sheet's name, told apart from the earlier sheets' of the same name (案件, 案件（2）):
/// Excel forbids two, but a web system's export may have them, and under one name the
/// rows of both would share every (file, sheet, row) the rejects and the manifest give.
fn distinct_name(seen: &mut Vec<String>, name: String) -> String {
    let mut unique = name.clone();
    let mut k = 1;
    while seen.contains(&unique) {
        k += 1;
        unique = format!("{name}（{k}）");
    }
    seen.push(unique.clone());
    unique
}

/// An attribute's value by its local name (`ss:Index` and `Index` alike), its entities
/// resolved.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)?;
    let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
        Ok(v) => v.into_owned(),
        Err(_) => a.value.into_owned(),
    };
    Some(value)
}

/// A whole-number attribute (`ss:Index`, `ss:MergeDown` …); a value that is not one is a
/// problem in the file.
fn number_attribute(e: &BytesStart<'_>, name: &str) -> std::result::Result<Option<u32>, String> {
    match attribute(e, name) {
        None => Ok(None),
        Some(v) => v.trim().parse::<u32>().map(Some).map_err(|_| {
            format!(
                "<{} ss:{name}=\"{v}\">: not a whole number",
                e.local_name().as_ref()
            )
        }),
    }
}

/// First pass: the whole file checked to be well-formed, and its worksheets found. A
/// problem is placed at the sheet, row and cell it is in (the rows and cells counted as the
/// second pass counts them, an `ss:Index` that is no number read as absent: the second pass
/// refuses it).
fn worksheets(text: &str) -> std::result::Result<BookInfo, XmlProblem> {
    let mut reader = new_reader(text);
    let mut depth = 0;
    let mut sheets: Vec<SheetInfo> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut in_visible = false;
    let mut visible = String::new();
    let mut date1904 = false;
    let mut in_workbook_options = false;
    // Where the reader is: the sheet (its index in `sheets`), the row and the cell.
    let mut sheet: Option<usize> = None;
    let (mut row, mut next_row) = (None::<u32>, 0u32);
    let (mut col, mut next_col) = (None::<u32>, 0u32);
    loop {
        let name = sheet.map(|s| sheets[s].name.as_str());
        let event = next_event(&mut reader, &mut depth, name).map_err(|mut p| {
            p.row = row;
            p.col = col;
            p
        })?;
        let index = |e: &BytesStart<'_>, name: &str| number_attribute(e, name).ok().flatten();
        match event {
            Xml::Start(e) => match e.local_name().as_ref() {
                "Worksheet" => {
                    let name = attribute(&e, "Name")
                        .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                    let name = distinct_name(&mut names, name);
                    sheets.push(SheetInfo {
                        name,
                        hidden: false,
                    });
                    sheet = Some(sheets.len() - 1);
                    (row, next_row) = (None, 0);
                }
                "Row" if sheet.is_some() => {
                    let r = index(&e, "Index").map_or(next_row, |i| i.saturating_sub(1));
                    let span = index(&e, "Span").unwrap_or(0);
                    row = Some(r);
                    next_row = r.saturating_add(span).saturating_add(1);
                    (col, next_col) = (None, 0);
                }
                "Cell" if row.is_some() => {
                    let c = index(&e, "Index").map_or(next_col, |i| i.saturating_sub(1));
                    let across = index(&e, "MergeAcross").unwrap_or(0);
                    col = Some(c);
                    next_col = c.saturating_add(across).saturating_add(1);
                }
                "ExcelWorkbook" => in_workbook_options = true,
                "Date1904" if in_workbook_options => date1904 = true,
                "Visible" => {
                    in_visible = true;
                    visible.clear();
                }
                _ => {}
            },
            Xml::Text(t) if in_visible => visible.push_str(&t.xml10_content()),
            Xml::End(e) => match e.local_name().as_ref() {
                "Visible" => {
                    in_visible = false;
                    if let Some(s) = sheets.last_mut() {
                        s.hidden |= matches!(visible.trim(), "SheetHidden" | "SheetVeryHidden");
                    }
                }
                "Cell" => col = None,
                "Row" => (row, col) = (None, None),
                "Worksheet" => (sheet, row, col) = (None, None, None),
                "ExcelWorkbook" => in_workbook_options = false,
                _ => {}
            },
            Xml::Eof => return Ok(BookInfo { sheets, date1904 }),
            _ => {}
        }
    }
}

/// The value of a `<Data>` element, by its `ss:Type`. A date keeps the serial number Excel
/// stores for it (the file writes only the date): an amount under a date style (a whole
/// row given the date column's style) is read as that number, as from an xlsx.
fn cell_value(kind: Option<&str>, text: String, date1904: bool) -> Cell {
    if text.is_empty() {
        return Cell::Empty;
    }
    match kind.map(str::trim) {
        Some("Number") => match text.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Cell::Number(x),
            _ => Cell::Text(text),
        },
        Some("DateTime") => match parse_datetime(text.trim()) {
            Some(dt) => Cell::DateTime(dt, stored_serial(dt, date1904)),
            None => Cell::Text(text),
        },
        Some("Boolean") => match text.trim() {
            "1" => Cell::Bool(true),
            "0" => Cell::Bool(false),
            t if t.eq_ignore_ascii_case("true") => Cell::Bool(true),
            t if t.eq_ignore_ascii_case("false") => Cell::Bool(false),
            _ => Cell::Text(text),
        },
        Some("Error") => Cell::Error(text.trim().to_string()),
        _ => Cell::Text(text),
    }
}

/// The serial number Excel stores for the date-time `dt`: days since 1899-12-30 (1904-01-01
/// in the 1904 system), the time as the fraction, to the millisecond the file writes. In
/// the 1900 system Excel counts a 29 February 1900 that never was, so the days before
/// 1 March 1900 count from 1899-12-31 (serial 1 is 1900-01-01, as Excel shows it).
fn stored_serial(dt: NaiveDateTime, date1904: bool) -> Option<f64> {
    let day = |y, m, d| {
        chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.and_time(chrono::NaiveTime::MIN))
    };
    let epoch = if date1904 {
        day(1904, 1, 1)?
    } else if dt < day(1900, 3, 1)? {
        day(1899, 12, 31)?
    } else {
        day(1899, 12, 30)?
    };
    let millis = (dt - epoch).num_milliseconds();
    // One division of two exact integers (milliseconds fit in f64 well past year 9999):
    // the double nearest the true serial, so 123456.78 comes back as the 123456.78 typed,
    // not 123456.78000000001 as the days plus a rounded fraction can give.
    (millis >= 0).then(|| millis as f64 / 86_400_000.0)
}

/// A SpreadsheetML date-time: `2024-03-05T00:00:00.000` (Excel writes the milliseconds).
fn parse_datetime(t: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// The reading thread's settings.
struct XmlJob {
    file: String,
    text: String,
    /// The worksheets to read, in order.
    sheets: Vec<SheetInfo>,
    /// The workbook counts dates in the 1904 system (see [`BookInfo`]).
    date1904: bool,
    limits: Limits,
}

/// Where the second pass is within a worksheet.
#[derive(Default)]
struct Place {
    /// The worksheet is one of those read.
    wanted: bool,
    in_table: bool,
    /// Row (0-based) of the `<Row>` being read, and the row after it.
    row: Option<u32>,
    next_row: u32,
    /// Column (0-based) of the `<Cell>` being read, and the column after it.
    col: Option<u32>,
    next_col: u32,
    /// The `<Cell>`s of the row read so far (to name one in a message).
    cells_in_row: usize,
    /// Inside a cell's `<Comment>` (its `<Data>` is the comment's text, not the value).
    comment_depth: usize,
    /// Inside the cell's `<Data>`: its type and its text so far.
    data: Option<(Option<String>, String)>,
    value: Option<Cell>,
}

impl XmlJob {
    fn run(&self, tx: &SyncSender<Message>) -> Result<()> {
        let count = self.sheets.len();
        let mut reader = new_reader(&self.text);
        let mut depth = 0;
        let mut sheet_no = 0;
        let mut seen_names: Vec<String> = Vec::new();
        let mut current: Option<String> = None;
        let mut rows: Option<RowAssembler> = None;
        let mut place = Place::default();
        let problem = |e: XmlProblem| e.into_error(&self.file, &self.text);
        loop {
            let event = next_event(&mut reader, &mut depth, current.as_deref()).map_err(problem)?;
            let at = reader.buffer_position();
            let row_now = place.row;
            let located = |sheet: &Option<String>, message: String| {
                problem(XmlProblem {
                    at,
                    sheet: sheet.clone(),
                    row: row_now,
                    col: None,
                    message,
                })
            };
            match event {
                Xml::Start(e) => match e.local_name().as_ref() {
                    "Worksheet" => {
                        let name = attribute(&e, "Name")
                            .unwrap_or_else(|| format!("Sheet{}", sheet_no + 1));
                        let name = distinct_name(&mut seen_names, name);
                        sheet_no += 1;
                        place = Place::default();
                        let Some(info) = self.sheets.iter().find(|s| s.name == name) else {
                            current = None;
                            continue;
                        };
                        place.wanted = true;
                        let begun = tx.send(Ok(Event::Sheet {
                            name: Some(name.clone()),
                            sheets: count,
                            hidden: info.hidden,
                            date1904: self.date1904,
                        }));
                        if begun.is_err() {
                            return Ok(());
                        }
                        current = Some(name);
                        rows = Some(RowAssembler::new(tx, MergeFill::new(Vec::new())));
                    }
                    "Table" if place.wanted => {
                        place.in_table = true;
                        place.next_row = 0;
                    }
                    "Row" if place.in_table => {
                        let index =
                            number_attribute(&e, "Index").map_err(|m| located(&current, m))?;
                        let span = number_attribute(&e, "Span")
                            .map_err(|m| located(&current, m))?
                            .unwrap_or(0);
                        let row = match index {
                            Some(i) if i == 0 || i > MAX_ROWS => {
                                return Err(located(
                                    &current,
                                    format!("row index {i} is outside a sheet (1 to {MAX_ROWS})"),
                                ))
                            }
                            Some(i) if i - 1 < place.next_row => {
                                return Err(located(
                                    &current,
                                    format!(
                                        "row {i} comes after row {}: rows are out of order",
                                        place.next_row
                                    ),
                                ))
                            }
                            Some(i) => i - 1,
                            None => place.next_row,
                        };
                        if row >= MAX_ROWS {
                            return Err(located(
                                &current,
                                format!("more rows than a sheet has ({MAX_ROWS})"),
                            ));
                        }
                        place.row = Some(row);
                        place.next_row = row.saturating_add(span).saturating_add(1);
                        place.next_col = 0;
                        place.cells_in_row = 0;
                    }
                    "Cell" if place.row.is_some() => {
                        let index =
                            number_attribute(&e, "Index").map_err(|m| located(&current, m))?;
                        let across = number_attribute(&e, "MergeAcross")
                            .map_err(|m| located(&current, m))?
                            .unwrap_or(0);
                        let down = number_attribute(&e, "MergeDown")
                            .map_err(|m| located(&current, m))?
                            .unwrap_or(0);
                        let col = match index {
                            Some(0) => {
                                return Err(located(
                                    &current,
                                    "a cell index of 0 (columns count from 1)".into(),
                                ))
                            }
                            // A cell placed at or before the cells already read (ss:Index
                            // going back, or naming a column twice): Excel refuses such a
                            // row. Read as given, its value would land on another's column
                            // or start a phantom row (a case whose 案号 is a party's name).
                            Some(i) if i - 1 < place.next_col => {
                                return Err(Error::Input {
                                    file: sheet_place(&self.file, current.as_deref()),
                                    row: place.row.map(|r| r as usize + 1),
                                    column: Some(column_letters(i - 1)),
                                    message: format!(
                                        "cell {} of the row has ss:Index=\"{i}\", but the \
                                         cells before it reach column {}: cells are out of \
                                         order, and a value would be read into another \
                                         column or case. Export the file again, or open it \
                                         in Excel or WPS and save it as .xlsx",
                                        place.cells_in_row + 1,
                                        column_letters(place.next_col - 1),
                                    ),
                                });
                            }
                            Some(i) => i - 1,
                            None => place.next_col,
                        };
                        place.cells_in_row += 1;
                        let last = u64::from(col) + u64::from(across);
                        if last >= self.limits.max_columns {
                            return Err(Error::Input {
                                file: sheet_place(&self.file, current.as_deref()),
                                row: place.row.map(|r| r as usize + 1),
                                column: None,
                                message: format!(
                                    "a cell reaches column {}, more than the {} allowed; {}",
                                    last + 1,
                                    self.limits.max_columns,
                                    self.limits.explain(Limit::Columns)
                                ),
                            });
                        }
                        let row = place.row.unwrap_or(0);
                        if across > 0 || down > 0 {
                            if let Some(r) = rows.as_mut() {
                                r.merge(calamine::Dimensions::new(
                                    (row, col),
                                    (
                                        row.saturating_add(down).min(MAX_ROWS - 1),
                                        col.saturating_add(across),
                                    ),
                                ));
                            }
                        }
                        place.col = Some(col);
                        place.next_col = col.saturating_add(across).saturating_add(1);
                        place.value = None;
                        place.comment_depth = 0;
                    }
                    "Comment" if place.col.is_some() => place.comment_depth += 1,
                    "Data" if place.col.is_some() && place.comment_depth == 0 => {
                        place.data = Some((attribute(&e, "Type"), String::new()));
                    }
                    _ => {}
                },
                Xml::Text(t) => {
                    if let Some((_, text)) = place.data.as_mut() {
                        text.push_str(&t.xml10_content());
                    }
                }
                Xml::CData(t) => {
                    if let Some((_, text)) = place.data.as_mut() {
                        text.push_str(&t.xml10_content());
                    }
                }
                Xml::GeneralRef(r) => {
                    if let Some((_, text)) = place.data.as_mut() {
                        match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(s) => text.push_str(s),
                            None => match r.resolve_char_ref() {
                                Ok(Some(c)) => text.push(c),
                                // An entity no DTD defines: kept as written.
                                _ => {
                                    text.push('&');
                                    text.push_str(&r);
                                    text.push(';');
                                }
                            },
                        }
                    }
                }
                Xml::End(e) => match e.local_name().as_ref() {
                    "Data" if place.comment_depth == 0 => {
                        if let Some((kind, text)) = place.data.take() {
                            place.value = Some(cell_value(kind.as_deref(), text, self.date1904));
                        }
                    }
                    "Comment" if place.col.is_some() => {
                        place.comment_depth = place.comment_depth.saturating_sub(1)
                    }
                    "Cell" if place.col.is_some() => {
                        let col = place.col.take().unwrap_or(0);
                        let row = place.row.unwrap_or(0);
                        if let (Some(cell), Some(r)) = (place.value.take(), rows.as_mut()) {
                            if !cell.is_empty() {
                                if let Err(stop) = r.push(row, col, cell) {
                                    return self.stopped(stop, &current);
                                }
                            }
                        }
                    }
                    "Row" => place.row = None,
                    "Table" => place.in_table = false,
                    "Worksheet" => {
                        if let Some(r) = rows.take() {
                            if let Err(stop) = r.finish() {
                                return self.stopped(stop, &current);
                            }
                            if tx.send(Ok(Event::EndSheet)).is_err() {
                                return Ok(());
                            }
                        }
                        current = None;
                        place = Place::default();
                    }
                    _ => {}
                },
                Xml::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Why sending rows stopped: the consumer went away (fine), or a problem.
    fn stopped(&self, stop: Stop, sheet: &Option<String>) -> Result<()> {
        match stop {
            Stop::Gone => Ok(()),
            Stop::Failed(e) => Err(e),
            // Rows are checked to be in order as they are read.
            Stop::OutOfOrder => Err(Error::Input {
                file: sheet_place(&self.file, sheet.as_deref()),
                row: None,
                column: None,
                message: "rows are out of order".into(),
            }),
        }
    }
}

/// "FILE, sheet NAME": where an error is, for [`Error::Input`]'s file.
fn sheet_place(file: &str, sheet: Option<&str>) -> String {
    format!("{file}, sheet {}", sheet.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        let book = format!(
            "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
             <Workbook xmlns=\"{NAMESPACE}\" xmlns:ss=\"{NAMESPACE}\"><Worksheet ss:Name=\"a\"/>"
        );
        assert!(is_spreadsheetml(book.as_bytes()));
        let utf16: Vec<u8> = book.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(is_spreadsheetml(&utf16));
        assert!(!is_spreadsheetml(
            b"<?xml version=\"1.0\"?><Workbook><Worksheet/>"
        ));
        assert!(!is_spreadsheetml(
            b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table><tr><td>1"
        ));
    }

    #[test]
    fn values_by_type() {
        assert_eq!(
            cell_value(Some("Number"), "1234.5".into(), false),
            Cell::Number(1234.5)
        );
        assert_eq!(
            cell_value(Some("DateTime"), "2024-03-05T00:00:00.000".into(), false),
            Cell::DateTime(
                chrono::NaiveDate::from_ymd_opt(2024, 3, 5)
                    .unwrap()
                    .and_time(chrono::NaiveTime::MIN),
                Some(45356.0)
            )
        );
        assert_eq!(
            cell_value(Some("Boolean"), "1".into(), false),
            Cell::Bool(true)
        );
        assert_eq!(
            cell_value(Some("Error"), "#N/A".into(), false),
            Cell::Error("#N/A".into())
        );
        assert_eq!(
            cell_value(Some("Number"), "1,234".into(), false),
            Cell::Text("1,234".into())
        );
        assert_eq!(
            cell_value(None, "案号".into(), false),
            Cell::Text("案号".into())
        );
        assert_eq!(
            cell_value(Some("String"), String::new(), false),
            Cell::Empty
        );
    }

    /// An amount under a date style is written as the date it would show: its stored
    /// number comes back exact, in both date systems and before Excel's 29 February 1900.
    #[test]
    fn a_date_keeps_the_serial_excel_stores() {
        let stored = |text: &str, date1904: bool| match cell_value(
            Some("DateTime"),
            text.into(),
            date1904,
        ) {
            Cell::DateTime(_, stored) => stored,
            other => panic!("{other:?}"),
        };
        assert_eq!(stored("2238-01-03T18:43:12.000", false), Some(123_456.78));
        assert_eq!(stored("1900-01-01T00:00:00.000", false), Some(1.0));
        assert_eq!(stored("1900-02-28T00:00:00.000", false), Some(59.0));
        assert_eq!(stored("1900-03-01T00:00:00.000", false), Some(61.0));
        assert_eq!(stored("1904-01-02T00:00:00.000", true), Some(1.0));
        assert_eq!(stored("1973-09-13T12:00:00.000", false), Some(26_920.5));
        // A whole-row date style over amounts of every size, to the 分.
        for fen in [1_i64, 99, 1_050, 12_345_678, 987_654_321] {
            let x = fen as f64 / 100.0;
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .unwrap()
                .and_time(chrono::NaiveTime::MIN);
            let dt = day + chrono::Duration::milliseconds((x * 86_400_000.0).round() as i64);
            if x < 61.0 {
                continue;
            }
            let text = dt.format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
            assert_eq!(stored(&text, false), Some(x), "{text}");
        }
    }

    #[test]
    fn encoding_from_the_declaration() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<?xml version=\"1.0\" encoding=\"GB2312\"?><Workbook>案号");
        assert_eq!(xml_encoding(&gbk).0, encoding_rs::GBK);
        assert_eq!(
            xml_encoding("<Workbook>案号".as_bytes()).0,
            encoding_rs::UTF_8
        );
        let (undeclared, _, _) = encoding_rs::GBK.encode("<Workbook>案号");
        assert_eq!(xml_encoding(&undeclared).0, encoding_rs::GB18030);
    }

    fn read_book(rows: &str) -> Result<crate::ingest::source::FileRead> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.xml");
        let book = format!(
            "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"{NAMESPACE}\" xmlns:ss=\"{NAMESPACE}\">\
             <Worksheet ss:Name=\"案件\"><Table>{rows}</Table></Worksheet></Workbook>"
        );
        std::fs::write(&p, book).unwrap();
        read_file(&p, None, &Limits::default())
    }

    #[test]
    fn a_cell_index_going_back_is_refused_naming_the_cell() {
        let cell = |v: &str| format!("<Cell><Data ss:Type=\"String\">{v}</Data></Cell>");
        let header: String = ["案号", "立案日期", "被执行人"].map(cell).concat();
        // The 3rd cell says column 1 again: read as given it would start a phantom row.
        for back in ["1", "2"] {
            let bad = format!(
                "<Row>{header}</Row><Row>{}{}<Cell ss:Index=\"{back}\"><Data \
                 ss:Type=\"String\">李四</Data></Cell></Row>",
                cell("（2024）浙0603执1号"),
                cell("2024-03-01")
            );
            let err = read_book(&bad).unwrap_err().to_string();
            assert!(err.contains("sheet 案件, row 2, column "), "{err}");
            assert!(err.contains("cell 3 of the row"), "{err}");
            assert!(err.contains("out of order"), "{err}");
        }
        // Forward, and after a merge across: read where the index says.
        let ok = format!(
            "<Row>{header}</Row><Row><Cell ss:MergeAcross=\"1\"><Data ss:Type=\"String\">x\
             </Data></Cell><Cell ss:Index=\"3\"><Data ss:Type=\"String\">李四</Data></Cell></Row>"
        );
        let read = read_book(&ok).unwrap();
        let rows = &read.sheets[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[2], Cell::Text("李四".into()));
    }
}
