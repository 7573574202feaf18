//! Reading input files into sheets of typed cells, whatever their format.
//!
//! CSV is parsed by the `csv` crate at the byte level and each field decoded on its own,
//! so that one undecodable byte costs one field (recorded with its bytes in hex), not
//! the file or a silent replacement character. Excel files are read by calamine with
//! their cell types (real dates, numbers); Parquet by polars. Row numbers are the ones a
//! user sees: the spreadsheet row, or the CSV line where the record starts.

use std::path::Path;

use encoding_rs::Encoding;

use super::cell::Cell;
use crate::{Error, Result};

/// One row of a sheet, with the row number the user sees.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A sheet (or a whole CSV/Parquet file) as read.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Sheet name for workbooks; `None` for CSV and Parquet.
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

/// What was found about a file while reading it.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// Something about the file a statistician should know (a BOM that lied …).
    pub notes: Vec<String>,
    pub sheets: Vec<Sheet>,
}

fn input_error(file: &str, message: impl Into<String>) -> Error {
    Error::Input {
        file: file.to_string(),
        row: None,
        column: None,
        message: message.into(),
    }
}

/// Reads `path` by its extension. `sheet` limits a workbook to one named sheet.
pub fn read_file(path: &Path, sheet: Option<&str>) -> Result<FileRead> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, &file, sheet),
        "csv" | "tsv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            read_delimited(&bytes, &file, ext == "tsv")
        }
        "parquet" => read_parquet(path, &file),
        _ => Err(Error::Usage(format!(
            "{file}: unknown file type {ext:?}; caseflow reads .xlsx, .xls, .csv, .tsv, .txt and .parquet"
        ))),
    }
}

fn read_workbook(path: &Path, file: &str, only: Option<&str>) -> Result<FileRead> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path)
        .map_err(|e| input_error(file, format!("not a readable Excel workbook: {e}")))?;
    let names = wb.sheet_names();
    let chosen: Vec<String> = match only {
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(Error::Usage(format!(
                    "{file}: no sheet named {name:?}; the sheets are: {}",
                    names.join(", ")
                )));
            }
            vec![name.to_string()]
        }
        None => names,
    };
    let mut sheets = Vec::with_capacity(chosen.len());
    for name in chosen {
        let range = wb.worksheet_range(&name).map_err(|e| Error::Input {
            file: file.to_string(),
            row: None,
            column: Some(format!("sheet {name}")),
            message: format!("cannot read the sheet: {e}"),
        })?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::with_capacity(range.height());
        for (i, r) in range.rows().enumerate() {
            let mut cells = Vec::with_capacity(col0 as usize + r.len());
            // Keep column positions as the sheet has them when the used range does not
            // start in column A.
            cells.resize(col0 as usize, Cell::Empty);
            cells.extend(r.iter().map(|d| match d {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Float(x) => Cell::Number(*x),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(dt) => match dt.as_datetime() {
                    Some(d) if dt.is_datetime() => Cell::DateTime(d),
                    _ => Cell::Number(dt.as_f64()),
                },
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Error(format!("{e}")),
            }));
            rows.push(Row {
                line: row0 as usize + i + 1,
                cells,
            });
        }
        sheets.push(Sheet {
            name: Some(name),
            rows,
        });
    }
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("xls") => "xls",
        Some(e) if e.eq_ignore_ascii_case("ods") => "ods",
        _ => "xlsx",
    };
    Ok(FileRead {
        format,
        encoding: None,
        notes: Vec::new(),
        sheets,
    })
}

/// Decides the encoding of delimited text. Returns the encoding, how many bytes of BOM
/// to skip, and notes.
fn detect_encoding(bytes: &[u8]) -> (&'static Encoding, usize, Vec<String>) {
    let mut notes = Vec::new();
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 && std::str::from_utf8(&bytes[bom..]).is_err() {
            // Some tools write a UTF-8 BOM in front of GBK text; believe the bytes.
            let (_, _, gb_errors) = encoding_rs::GB18030.decode(&bytes[bom..]);
            if !gb_errors {
                notes.push("UTF-8 BOM in front of GBK text: read as GBK".to_string());
                return (encoding_rs::GB18030, bom, notes);
            }
        }
        return (enc, bom, notes);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (encoding_rs::UTF_8, 0, notes);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A prefix tells GBK from Big5 as well as the whole file does; the detector is slow
    // (a 200 MB export took half a minute in it).
    let prefix = &bytes[..bytes.len().min(1 << 20)];
    det.feed(prefix, prefix.len() == bytes.len());
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // Court exports are GBK (read as its superset GB18030) unless the bytes clearly are
    // Big5 (Hong Kong/Taiwan documents).
    let enc = if guess == encoding_rs::BIG5 {
        encoding_rs::BIG5
    } else {
        encoding_rs::GB18030
    };
    (enc, 0, notes)
}

/// Reads CSV/TSV/TXT bytes. The delimiter is tab for .tsv, else sniffed from the first
/// line (tab, comma, semicolon or vertical bar, the most frequent outside quotes).
pub fn read_delimited(bytes: &[u8], file: &str, tsv: bool) -> Result<FileRead> {
    let (enc, bom, notes) = detect_encoding(bytes);
    // UTF-16 cannot be split at byte level: decode it whole (losslessly) first.
    let utf16_text;
    let (data, field_enc): (&[u8], &'static Encoding) =
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(input_error(file, format!("invalid {} text", enc.name())));
            }
            utf16_text = text.into_owned();
            (utf16_text.as_bytes(), encoding_rs::UTF_8)
        } else {
            (&bytes[bom..], enc)
        };
    let delimiter = if tsv { b'\t' } else { sniff_delimiter(data) };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Line numbers are counted here from byte offsets: the csv reader consumes a CRLF
    // terminator lazily, so its own line count lags by one on Windows files.
    let mut counted_to = 0usize;
    let mut newlines = 0usize;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
                while start < data.len() && matches!(data[start], b'\r' | b'\n') {
                    start += 1;
                }
                let start = start.min(data.len());
                if start > counted_to {
                    newlines += data[counted_to..start]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    counted_to = start;
                }
                let line = newlines + 1;
                let cells = record
                    .iter()
                    .map(|field| decode_field(field, field_enc))
                    .collect();
                rows.push(Row { line, cells });
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                return Err(Error::Input {
                    file: file.to_string(),
                    row: line,
                    column: None,
                    message: format!("malformed CSV: {e}"),
                });
            }
        }
    }
    Ok(FileRead {
        format: if delimiter == b'\t' { "tsv" } else { "csv" },
        encoding: Some(encoding_name(
            field_enc,
            bom > 0 && enc == encoding_rs::UTF_8,
        )),
        notes,
        sheets: vec![Sheet { name: None, rows }],
    })
}

fn encoding_name(enc: &'static Encoding, bom: bool) -> &'static str {
    if enc == encoding_rs::UTF_8 {
        if bom {
            "UTF-8 (BOM)"
        } else {
            "UTF-8"
        }
    } else if enc == encoding_rs::GB18030 {
        "GBK/GB18030"
    } else {
        enc.name()
    }
}

fn decode_field(field: &[u8], enc: &'static Encoding) -> Cell {
    if field.is_empty() {
        return Cell::Empty;
    }
    if enc == encoding_rs::UTF_8 {
        return match std::str::from_utf8(field) {
            Ok(s) => Cell::Text(s.to_string()),
            Err(_) => Cell::Undecodable(field.to_vec()),
        };
    }
    match enc.decode_without_bom_handling_and_without_replacement(field) {
        Some(s) => Cell::Text(s.into_owned()),
        None => Cell::Undecodable(field.to_vec()),
    }
}

fn sniff_delimiter(data: &[u8]) -> u8 {
    let first_line = data.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let mut in_quotes = false;
    let mut counts = [0usize; 4];
    let candidates = [b',', b'\t', b';', b'|'];
    for &b in first_line {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, usize::MAX - i))
        .unwrap_or((0, &0));
    if *n == 0 {
        b','
    } else {
        candidates[best]
    }
}

fn read_parquet(path: &Path, file: &str) -> Result<FileRead> {
    use polars::prelude::*;
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let df = ParquetReader::new(f)
        .finish()
        .map_err(|e| input_error(file, format!("not a readable Parquet file: {e}")))?;
    let mut text_cols = Vec::with_capacity(df.width());
    for c in df.columns() {
        let s = c
            .cast(&DataType::String)
            .map_err(|e| input_error(file, format!("column {}: {e}", c.name())))?;
        text_cols.push(s);
    }
    let header: Vec<Cell> = df
        .get_column_names()
        .iter()
        .map(|n| Cell::Text(n.to_string()))
        .collect();
    let mut rows = Vec::with_capacity(df.height() + 1);
    rows.push(Row {
        line: 1,
        cells: header,
    });
    let cols: Vec<&StringChunked> = text_cols
        .iter()
        .map(|c| c.str())
        .collect::<PolarsResult<_>>()
        .map_err(|e| input_error(file, e.to_string()))?;
    for i in 0..df.height() {
        let cells = cols
            .iter()
            .map(|c| match c.get(i) {
                Some(s) => Cell::Text(s.to_string()),
                None => Cell::Empty,
            })
            .collect();
        rows.push(Row { line: i + 2, cells });
    }
    Ok(FileRead {
        format: "parquet",
        encoding: None,
        notes: Vec::new(),
        sheets: vec![Sheet { name: None, rows }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_with_one_bad_field() {
        let (mut gbk, _, _) = encoding_rs::GBK.encode("案号,被执行人\n（2023）浙0603执1号,张三\n");
        let mut bytes = gbk.to_mut().clone();
        bytes.extend_from_slice(b"x,\xff\xfe\n");
        let read = read_delimited(&bytes, "t.csv", false).unwrap();
        let rows = &read.sheets[0].rows;
        assert_eq!(read.encoding, Some("GBK/GB18030"));
        assert_eq!(rows[1].cells[1], Cell::Text("张三".into()));
        assert_eq!(rows[2].cells[1], Cell::Undecodable(vec![0xff, 0xfe]));
        assert_eq!(rows[2].line, 3);
    }

    #[test]
    fn bom_in_front_of_gbk_is_read_as_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("案号,被执行人\n1,张三\n");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(&gbk);
        let read = read_delimited(&bytes, "t.csv", false).unwrap();
        assert_eq!(read.sheets[0].rows[1].cells[1], Cell::Text("张三".into()));
        assert_eq!(read.notes.len(), 1);
    }

    #[test]
    fn quoted_newlines_keep_the_starting_line() {
        let read = read_delimited("a,b\n\"x\ny\",2\nz,3\n".as_bytes(), "t.csv", false).unwrap();
        let lines: Vec<usize> = read.sheets[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn crlf_line_numbers() {
        let read = read_delimited(b"a,b\r\n1,2\r\n\r\n3,4\r\n", "t.csv", false).unwrap();
        let lines: Vec<usize> = read.sheets[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"abc\n"), b',');
    }
}
