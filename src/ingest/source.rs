//! Reading input files into rows of typed cells, whatever their format, a batch at a time.
//!
//! A file is read by a thread of its own that sends [`Event`]s down a bounded channel: a
//! sheet begins, batches of rows (up to 64k rows or 32 MiB), the sheet ends. The ingest
//! stage parses one batch on all cores while the reader fills the next, so memory holds a
//! few batches and the output columns, never every cell of the file.
//!
//! CSV is parsed by `csv-core` at the byte level into a flat buffer of field bytes (a
//! [`RecordBatch`], reused from batch to batch), and each field is decoded on its own when
//! the batch is parsed, so that one undecodable byte costs one field (recorded with its
//! bytes in hex), not the file or a silent replacement character. UTF-16 is transcoded to
//! UTF-8 on the way in, a code unit that is no character (a lone surrogate) marked so that
//! its field becomes the same reject with its bytes. The file is read once: hashed for the manifest as it is parsed,
//! and, when its first megabyte is UTF-8, checked to be UTF-8 to the end (a file is UTF-8
//! only if all of it is); one that turns out not to be is parsed again in the encoding it
//! has, and the ingest stage starts the sheet over ([`Event::Restart`]).
//!
//! Excel files are read by calamine with their cell types (real dates, numbers); .xlsx and
//! .xlsb cell by cell, in the order of the sheet's XML, after the zip archive has been
//! checked against the [`Limits`] (see [`check_zip`]). Parquet is read by polars.
//!
//! Row numbers are the ones a user sees: the spreadsheet row, or the CSV line where the
//! record starts.
//!
//! This module holds what every format shares (rows, batches, events, the file reader,
//! hashing, field decoding) and Parquet; `csv` reads delimited text, `book` workbooks,
//! `html` the web pages that web-based case systems export under an .xls name and `xml2003`
//! the Excel 2003 XML workbooks (SpreadsheetML) they export under an .xls or .xml name;
//! `cellrefs` reads an xlsx sheet's XML where calamine cannot say which cell is wrong. A
//! file is opened by what its first bytes say it is, whatever its extension (see [`open`]).

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};
use std::thread::JoinHandle;

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use super::cell::Cell;
use super::limits::{show_bytes, Limit, Limits};
use crate::{Error, Result};

/// What to do with a file that is empty or cut off (an export or a download interrupted,
/// a USB stick pulled out before the copy ended).
const EXPORT_AGAIN: &str =
    "export the list from the case system again (or copy the file again if it was cut off)";

mod book;
mod cellrefs;
mod csv;
mod html;
mod xml2003;

pub use book::check_zip;
pub(crate) use book::claimed_zip_entries;

/// Rows per batch: enough to keep both cores busy, few enough to bound memory.
pub const BATCH_ROWS: usize = 64 * 1024;
/// Bytes of CSV field data per batch (a batch of long rows ends early).
const BATCH_BYTES: usize = 32 << 20;
/// Cells per batch of workbook rows (a batch of wide rows ends early).
const BATCH_CELLS: usize = 4 << 20;
/// Read size for CSV input.
const READ_BLOCK: usize = 1 << 20;
/// How much of the start of a CSV file the encoding detector sees.
const DETECT_PREFIX: usize = 1 << 20;

/// One row of a sheet, with the row number the user sees.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
    /// Cells that hold the value of a merged range above them rather than their own (bit
    /// `c` for column `c`, the first 64 columns): a workbook's merged cells filled down.
    pub filled: u64,
    /// Cells inside a range merged across columns, after its first (bit `c` for column `c`,
    /// the first 64 columns): a header cell merged over two columns names both.
    pub across: u64,
}

impl Row {
    /// Whether cell `c` is empty or only holds a merged value from above.
    pub fn blank_or_filled(&self, c: usize) -> bool {
        self.cells.get(c).is_none_or(Cell::is_empty) || (c < 64 && self.filled >> c & 1 == 1)
    }
}

/// Rows of a CSV file as the parser left them: field bytes, decoded only when used.
#[derive(Debug)]
pub struct RecordBatch {
    data: Vec<u8>,
    /// `bounds[j]..bounds[j + 1]` is field `j` in `data`.
    bounds: Vec<usize>,
    /// Per row: its line number and its first field.
    rows: Vec<(usize, usize)>,
    enc: &'static Encoding,
    /// The rows (indexes into `rows`, ascending) of a GBK file that are rows of UTF-8 text
    /// pasted in from another export ([`utf8_row`]): read as UTF-8, every other row as GBK.
    utf8_rows: Vec<usize>,
    /// The bytes as text, once [`RecordBatch::seal`] found them UTF-8 (`data` is then
    /// empty): a field is then decoded without checking its bytes again.
    text: Option<String>,
    /// The line of the file's last record when the file may be cut off inside it (no line
    /// end after it, two fields or more but fewer than the table's rows have), and the
    /// fields its rows have: see [`Batch::cut_off`].
    cut: Option<(usize, usize)>,
    /// The file is UTF-16 or UTF-32, transcoded to UTF-8: an undecodable field then holds
    /// only its bad units' bytes, not the text around them.
    transcoded: bool,
}

impl RecordBatch {
    fn new(enc: &'static Encoding) -> Self {
        RecordBatch {
            data: Vec::new(),
            bounds: vec![0],
            rows: Vec::new(),
            enc,
            utf8_rows: Vec::new(),
            text: None,
            cut: None,
            transcoded: false,
        }
    }

    /// An empty batch with room for `bytes` of fields and `rows` rows of `fields` fields:
    /// a batch that grows by doubling copies itself several times and touches fresh pages
    /// at each step (4 % of a large CSV's ingest, measured with perf).
    fn with_capacity(enc: &'static Encoding, bytes: usize, rows: usize, fields: usize) -> Self {
        let mut batch = RecordBatch::new(enc);
        batch.data.reserve(bytes);
        batch.bounds.reserve(fields);
        batch.rows.reserve(rows);
        batch
    }

    /// An empty batch sized like `full` (with an eighth more): the next batch of a file
    /// is much like the last.
    fn sized_like(full: &RecordBatch) -> Self {
        let more = |n: usize| n + n / 8;
        RecordBatch::with_capacity(
            full.enc,
            more(
                full.data
                    .len()
                    .max(full.text.as_ref().map_or(0, String::len)),
            ),
            more(full.rows.len()),
            more(full.bounds.len()),
        )
    }

    fn clear(&mut self) {
        if let Some(text) = self.text.take() {
            self.data = text.into_bytes();
        }
        self.data.clear();
        self.bounds.clear();
        self.bounds.push(0);
        self.rows.clear();
        self.utf8_rows.clear();
        self.cut = None;
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The encoding the batch's fields are decoded in (UTF-8 for UTF-16 and UTF-32 files,
    /// which are transcoded to it).
    pub fn encoding(&self) -> &'static Encoding {
        self.enc
    }

    /// Whether the file is UTF-16 or UTF-32 (see `transcoded`).
    pub fn transcoded(&self) -> bool {
        self.transcoded
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Checks a full batch of a UTF-8 file once (the reader's check may not be done yet:
    /// a file can turn out not to be UTF-8 later on).
    fn seal(&mut self) {
        if self.enc != encoding_rs::UTF_8 || self.text.is_some() {
            return;
        }
        if simdutf8::basic::from_utf8(&self.data).is_ok() {
            let bytes = std::mem::take(&mut self.data);
            // SAFETY: just checked to be UTF-8.
            self.text = Some(unsafe { String::from_utf8_unchecked(bytes) });
        }
    }

    /// The bytes of fields `bounds[j]..bounds[j + 1]`, as text when they are known to be
    /// UTF-8 (a field cut inside a character is not: it goes through `decode_field`).
    fn field(&self, j: usize) -> (&[u8], Option<&str>) {
        let range = self.bounds[j]..self.bounds[j + 1];
        match &self.text {
            Some(t) => {
                let s = t.get(range.clone());
                (&t.as_bytes()[range], s)
            }
            None => (&self.data[range], None),
        }
    }

    fn push_record(&mut self, line: usize, fields: &[u8], ends: &[usize]) {
        if is_gbk(self.enc) && utf8_row(fields, ends) {
            self.utf8_rows.push(self.rows.len());
        }
        let base = self.data.len();
        self.rows.push((line, self.bounds.len() - 1));
        self.data.extend_from_slice(fields);
        self.bounds.extend(ends.iter().map(|e| base + e));
    }

    /// The encoding row `r` is read in: the file's, but UTF-8 for a row of UTF-8 text pasted
    /// into a GBK file.
    fn row_enc(&self, r: usize) -> &'static Encoding {
        if self.utf8_rows.binary_search(&r).is_ok() {
            encoding_rs::UTF_8
        } else {
            self.enc
        }
    }

    /// Row `r` decoded into `row`, reusing its cells' strings.
    pub fn row_into(&self, r: usize, row: &mut Row) {
        let enc = self.row_enc(r);
        let (line, first) = self.rows[r];
        let last = self
            .rows
            .get(r + 1)
            .map_or(self.bounds.len() - 1, |&(_, f)| f);
        row.line = line;
        row.filled = 0;
        row.across = 0;
        row.cells.truncate(last - first);
        for (k, j) in (first..last).enumerate() {
            let (field, text) = self.field(j);
            match (row.cells.get_mut(k), text) {
                (Some(Cell::Text(s)), Some(t)) if !t.is_empty() => {
                    s.clear();
                    s.push_str(t);
                }
                (Some(cell), _) => decode_field_into(field, enc, cell),
                (None, _) => row.cells.push(decode_field(field, enc)),
            }
            error_value(&mut row.cells[k]);
        }
    }

    /// Whether field `k` of row `r` is missing or blank ([`Cell::is_empty`]), decoded only
    /// when it has no printable ASCII byte (a case number always has its digits) or starts
    /// with a text mark (`=""` and a lone `'` are blank, as [`super::cell::blank_text`] has
    /// them).
    pub fn field_blank(&self, r: usize, k: usize) -> bool {
        let (_, first) = self.rows[r];
        let last = self
            .rows
            .get(r + 1)
            .map_or(self.bounds.len() - 1, |&(_, f)| f);
        if first + k >= last {
            return true;
        }
        let (bytes, text) = self.field(first + k);
        match text {
            Some(t) => super::cell::blank_text(t),
            None if !starts_with_mark(bytes) && bytes.iter().any(u8::is_ascii_graphic) => false,
            None => decode_field(bytes, self.row_enc(r)).is_empty(),
        }
    }

    /// The row number of the batch's last record with a value in it (a record of blank
    /// fields only is a blank row): looked at from the end, so one field of the last record
    /// usually answers.
    pub fn last_filled_line(&self) -> Option<usize> {
        (0..self.rows.len()).rev().find_map(|r| {
            let (line, first) = self.rows[r];
            let last = self
                .rows
                .get(r + 1)
                .map_or(self.bounds.len() - 1, |&(_, f)| f);
            (0..last - first)
                .any(|k| !self.field_blank(r, k))
                .then_some(line)
        })
    }

    /// Row `r`, its fields decoded in the file's encoding.
    pub fn row(&self, r: usize) -> Row {
        let (line, first) = self.rows[r];
        let last = self
            .rows
            .get(r + 1)
            .map_or(self.bounds.len() - 1, |&(_, f)| f);
        let enc = self.row_enc(r);
        let cells = (first..last)
            .map(|j| {
                let mut cell = decode_field(self.field(j).0, enc);
                error_value(&mut cell);
                cell
            })
            .collect();
        Row {
            line,
            cells,
            filled: 0,
            across: 0,
        }
    }
}

/// A field that is an Excel error value (`#N/A`, `#REF!`, `#NULL!` …), as Excel writes a
/// formula that failed (a VLOOKUP that found nothing) into a sheet saved as CSV: the error
/// cell a workbook has for it, so that every field reads it as no value and lists it in the
/// rejects ("Excel error value"), as for an .xlsx. Read as text it was a party (`#N/A`
/// split into `#N` and `A`), an officer or a 案由, and the failed lookups went unseen.
fn error_value(cell: &mut Cell) {
    if let Cell::Text(s) = cell {
        if super::fields::is_excel_error_text(s) {
            *cell = Cell::Error(s.trim().to_string());
        }
    }
}

/// Whether a field's first byte after ASCII whitespace is a text mark (`'`, `=`): a field
/// that may be blank for all its printable bytes. Every encoding a CSV is read in keeps
/// ASCII as ASCII there.
fn starts_with_mark(bytes: &[u8]) -> bool {
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'\'' | b'=')
    )
}

/// A batch of rows of one sheet.
#[derive(Debug)]
pub enum Batch {
    Rows(Vec<Row>),
    Records(RecordBatch),
}

impl Batch {
    pub fn len(&self) -> usize {
        match self {
            Batch::Rows(r) => r.len(),
            Batch::Records(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of fields (cells) of row `i`, without decoding it.
    pub fn width(&self, i: usize) -> usize {
        match self {
            Batch::Rows(r) => r[i].cells.len(),
            Batch::Records(r) => {
                let next = r.rows.get(i + 1).map_or(r.bounds.len() - 1, |&(_, f)| f);
                next - r.rows[i].1
            }
        }
    }

    /// Cell `c` of row `i` (empty when the row is shorter), decoded alone.
    pub fn cell(&self, i: usize, c: usize) -> Cell {
        match self {
            Batch::Rows(r) => r[i].cells.get(c).cloned().unwrap_or(Cell::Empty),
            Batch::Records(r) => {
                let (_, first) = r.rows[i];
                let last = r.rows.get(i + 1).map_or(r.bounds.len() - 1, |&(_, f)| f);
                if first + c >= last {
                    return Cell::Empty;
                }
                let mut cell = decode_field(r.field(first + c).0, r.row_enc(i));
                error_value(&mut cell);
                cell
            }
        }
    }

    /// Whether cell `c` of row `i` is missing or blank, without decoding the row.
    pub fn cell_blank(&self, i: usize, c: usize) -> bool {
        match self {
            Batch::Rows(r) => r[i].blank_or_filled(c),
            Batch::Records(r) => r.field_blank(i, c),
        }
    }

    /// Row `i` in `scratch` when it is CSV bytes (decoded into its buffers), else borrowed.
    pub fn row_in<'b>(&'b self, i: usize, scratch: &'b mut Row) -> &'b Row {
        match self {
            Batch::Rows(r) => &r[i],
            Batch::Records(r) => {
                r.row_into(i, scratch);
                scratch
            }
        }
    }

    /// Row `i`: borrowed when it is already cells, decoded when it is CSV bytes.
    pub fn row(&self, i: usize) -> Cow<'_, Row> {
        match self {
            Batch::Rows(r) => Cow::Borrowed(&r[i]),
            Batch::Records(r) => Cow::Owned(r.row(i)),
        }
    }

    /// When row `i` is the last record of a delimited file that may be cut off inside it
    /// (the file ends with no line end after it, and it has two fields or more but fewer
    /// than the table's rows), the fields its rows have. Read as a case, such a fragment
    /// would be a case with its later fields blank (an 已结 case without its 案件状态 is
    /// pending); but a complete file's last line often has no line end either, and a page
    /// line, a footer or a totals row is short: the sheet decides, once those checks had
    /// their say (`sheet::parse_part`).
    pub fn cut_off(&self, i: usize) -> Option<usize> {
        match self {
            Batch::Rows(_) => None,
            Batch::Records(r) => r
                .cut
                .filter(|&(l, _)| r.rows.get(i).is_some_and(|x| x.0 == l))
                .map(|(_, mode)| mode),
        }
    }
}

/// The warning of a file that seems cut off (`what`: where it ends, and how that shows).
/// Begins with [`super::INCOMPLETE_EXPORT`], so that the run says it and exits 1, as for a
/// list that holds fewer cases than its page lines count.
pub fn cut_off_warning(what: &str) -> String {
    format!(
        "{}: the file seems cut off: {what}, as when an export, a download or a copy stops \
         part-way; the cases after the cut are missing from every figure; {EXPORT_AGAIN}",
        super::INCOMPLETE_EXPORT
    )
}

/// What a file reader sends, in order: for each sheet, `Sheet`, its batches, `EndSheet`.
#[derive(Debug)]
pub enum Event {
    /// A sheet begins. `name` is `None` for CSV and Parquet; `sheets` is how many sheets of
    /// the file will be read.
    Sheet {
        name: Option<String>,
        sheets: usize,
        /// A workbook sheet hidden in Excel (read like the others, and noted).
        hidden: bool,
        /// The workbook counts date serials from 1904-01-01 (Excel for Mac's date system):
        /// a date typed as a plain number is 1,462 days later than in the 1900 system.
        date1904: bool,
    },
    Batch(Batch),
    /// The sheet's rows turned out not to be in row order: forget everything since its
    /// `Sheet` event; the whole sheet follows again, sorted.
    Restart,
    EndSheet,
    /// What was found about the file once all of it was read (CSV: its size, hash and
    /// encoding). Taken in by `FileReader::next_event`, never returned.
    Info {
        size_bytes: u64,
        sha256: String,
        encoding: &'static str,
        notes: Vec<String>,
        /// See [`FileReader::warnings`].
        warnings: Vec<String>,
        /// Empty lines (no field at all), which the CSV parser skips: see
        /// [`FileReader::empty_lines`].
        empty_lines: usize,
    },
}

type Message = Result<Event>;

/// An open input file: what was found about it, and its events.
pub struct FileReader {
    file: String,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// Something about the file a statistician should know (a BOM that lied …).
    pub notes: Vec<String>,
    /// Something about the file that makes its figures wrong (it seems cut off:
    /// [`cut_off_warning`]), known once all of it was read: given to its last sheet's
    /// warnings.
    pub warnings: Vec<String>,
    pub size_bytes: u64,
    pub sha256: String,
    /// Empty lines of a delimited file, known once all of it was read: the parser skips
    /// them, so no batch holds them, yet each is a row (Excel shows it as an empty one, and
    /// `source_row` counts it). The sheet's manifest entry counts them as blank rows, as it
    /// counts a line of bare delimiters, so that rows_read covers every line of the file.
    pub empty_lines: usize,
    events: Events,
}

enum Events {
    Thread {
        rx: Option<Receiver<Message>>,
        handle: Option<JoinHandle<()>>,
        recycle: Option<SyncSender<RecordBatch>>,
    },
    Parquet(ParquetRows),
}

impl FileReader {
    /// The next event; `None` at the end of the file.
    pub fn next_event(&mut self) -> Result<Option<Event>> {
        match &mut self.events {
            Events::Parquet(p) => Ok(p.next()),
            Events::Thread { rx, handle, .. } => {
                let received = rx.as_ref().map(|r| r.recv());
                match received {
                    Some(Ok(Ok(Event::Info {
                        size_bytes,
                        sha256,
                        encoding,
                        notes,
                        warnings,
                        empty_lines,
                    }))) => {
                        self.size_bytes = size_bytes;
                        self.sha256 = sha256;
                        self.encoding = Some(encoding);
                        self.empty_lines = empty_lines;
                        self.warnings.extend(warnings);
                        // After what `open` found about the file (a misleading name …).
                        self.notes.extend(notes);
                        self.next_event()
                    }
                    Some(Ok(msg)) => msg.map(Some),
                    // The reader has sent everything and ended (or panicked: a bug).
                    _ => {
                        *rx = None;
                        if let Some(h) = handle.take() {
                            if let Err(panic) = h.join() {
                                let what = panic
                                    .downcast_ref::<String>()
                                    .cloned()
                                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                                    .unwrap_or_default();
                                return Err(Error::Input {
                                    file: self.file.clone(),
                                    row: None,
                                    column: None,
                                    message: format!(
                                        "the file reader stopped ({what}): this is a caseflow bug, please report it"
                                    ),
                                });
                            }
                        }
                        Ok(None)
                    }
                }
            }
        }
    }

    /// Hands a parsed batch back so that the reader can reuse its memory.
    pub fn recycle(&self, batch: Batch) {
        if let (
            Batch::Records(mut r),
            Events::Thread {
                recycle: Some(tx), ..
            },
        ) = (batch, &self.events)
        {
            r.clear();
            // A full return channel only means the reader allocates a new batch.
            let _ = tx.try_send(r);
        }
    }
}

impl Drop for FileReader {
    fn drop(&mut self) {
        if let Events::Thread {
            rx,
            handle,
            recycle,
        } = &mut self.events
        {
            // Closing the channels makes a reader blocked on a full channel stop.
            rx.take();
            recycle.take();
            if let Some(h) = handle.take() {
                let _ = h.join();
            }
        }
    }
}

fn input_error(file: &str, message: impl Into<String>) -> Error {
    Error::Input {
        file: file.to_string(),
        row: None,
        column: None,
        message: message.into(),
    }
}

/// A column's letters as Excel shows them (0 is A, 26 is AA), for messages that name a
/// cell the way a statistician finds it in Excel (D3).
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Whether `ext` (lower case, without the dot) is a kind of file [`open`] reads.
pub fn known_extension(ext: &str) -> bool {
    matches!(
        ext,
        "xlsx"
            | "xlsm"
            | "xls"
            | "xlsb"
            | "ods"
            | "et"
            | "csv"
            | "tsv"
            | "txt"
            | "xml"
            | "html"
            | "htm"
    )
}

/// The extensions (as written: a glob tells `.XLSX` from `.xlsx`) of the files in `dir`
/// that [`open`] reads, with how many files have each, most first; Excel's lock files
/// (`~$…`) are left out.
pub fn readable_files_by_extension(dir: &Path) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = e.path();
        let Some(ext) = path.extension().and_then(|x| x.to_str()) else {
            continue;
        };
        let lower = ext.to_lowercase();
        let readable = known_extension(&lower) || lower == "parquet";
        if readable && path.is_file() && !super::lockfile::is_lock_file(&path) {
            *counts.entry(ext.to_string()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Opens `path` by its extension. `sheet` limits a workbook to one named sheet.
pub fn open(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<FileReader> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let known = known_extension(&ext);
    // A workbook or web page of 0 bytes (an export cut off, a download that failed) holds
    // nothing: said so, not as the zip or OLE reader's "invalid archive", which sends a
    // statistician looking for a corrupt file. Text says it through its header search.
    let text = matches!(ext.as_str(), "csv" | "tsv" | "txt");
    let readable = known || ext == "parquet";
    if readable && !text && std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(input_error(
            &file,
            format!(
                "the file is empty (0 bytes): there is no workbook or table in it; {EXPORT_AGAIN}"
            ),
        ));
    }
    // What the file is, by its first bytes: exports are renamed (an .xlsx saved as .xls)
    // and web-based case systems write text or a web page under an .xls name.
    let content = if known {
        sniff(path).map_err(|e| Error::io(path, e))?
    } else {
        Content::Other
    };
    let is_book = matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et"
    );
    let is_web = matches!(ext.as_str(), "html" | "htm");
    // A web system's "导出" is saved under any name: a text name too (.csv, .txt).
    let may_be_markup = is_book || is_web || matches!(ext.as_str(), "csv" | "tsv" | "txt");
    // An encrypted .xls says so through calamine (its FILEPASS record); what Excel saves as
    // an encrypted .xlsx is an OLE file under an xlsx name, looked into here. Under an .xls
    // name it is looked into only when it cannot be read as one (see `book`): a search of
    // every .xls for the stream would read each whole once more.
    if content == Content::Ole
        && ext != "xls"
        && ole_is_encrypted(path).map_err(|e| Error::io(path, e))?
    {
        return Err(input_error(&file, PASSWORD_TO_OPEN));
    }
    // l-mhtml-web-archive-xls: Excel's 另存为 → 单个文件网页 (and systems exporting through
    // its web templates) writes a MIME message whose part holds the page, encoded
    // (quoted-printable, base64); Excel and WPS open it under an .xls name. Read as text, its
    // first line was a "row" and the error said the export had no 案号 header. No MIME
    // reader is at hand, so it is refused naming what it is and what to do.
    if content == Content::Text && looks_like_mhtml(path).map_err(|e| Error::io(path, e))? {
        return Err(input_error(
            &file,
            format!(
                "the file is an Excel single-file web page (.mht/MHTML, 单个文件网页: a web \
                 archive), not a workbook nor a text export, though it is named .{ext}: open it \
                 in Excel or WPS and save it as .xlsx"
            ),
        ));
    }
    let (ext, note) = match (content, ext.as_str()) {
        // WPS 表格's own format: an Excel 97-2003 workbook in all but name.
        (Content::Ole, "et") => ("xls".to_string(), None),
        (Content::Zip, "xls" | "et" | "csv" | "tsv" | "txt") => (
            "xlsx".to_string(),
            Some(format!(
                "the file is an xlsx workbook named .{ext}: read as xlsx"
            )),
        ),
        (Content::Ole, "xlsx" | "xlsm" | "csv" | "tsv" | "txt") => (
            "xls".to_string(),
            Some(format!(
                "the file is an Excel 97-2003 (.xls) workbook named .{ext}: read as xls"
            )),
        ),
        (Content::Markup, _)
            if (may_be_markup || ext == "xml")
                && looks_like_spreadsheetml(path).map_err(|e| Error::io(path, e))? =>
        {
            let mut reader = xml2003::open_spreadsheetml(path, &file, sheet, limits)?;
            if ext != "xml" {
                reader.notes.push(format!(
                    "the file is an Excel 2003 XML workbook (SpreadsheetML) named .{ext}, as \
                     web-based case systems export: read as a workbook"
                ));
            }
            return Ok(reader);
        }
        (Content::Markup, _)
            if may_be_markup && looks_like_html(path).map_err(|e| Error::io(path, e))? =>
        {
            let mut reader = html::open_html(path, &file, limits)?;
            if !is_web {
                reader.notes.push(format!(
                    "the file is a web page (HTML table) named .{ext}, as web-based case \
                     systems export: read as a table"
                ));
            }
            return Ok(reader);
        }
        (_, "html" | "htm") => return Err(input_error(
            &file,
            "the web page holds no table (no <td> or <th> cell in its first megabyte): save the \
                 case list from the case system as Excel or CSV, or open the page in Excel or \
                 WPS and save it as .xlsx",
        )),
        // A web page without a table: an empty list or the system's error or login page (a
        // session that had expired), not a format to convert: said as such.
        (Content::Markup, _)
            if is_book && looks_like_web_page(path).map_err(|e| Error::io(path, e))? =>
        {
            return Err(input_error(
                &file,
                format!(
                    "the file is a web page named .{ext}, as web-based case systems export, but \
                     it holds no table (no <td> or <th> cell in its first megabyte): the system \
                     may have written an empty list, or an error or login page when the session \
                     had expired. Export the case list again (as Excel or CSV if the system \
                     offers it)"
                ),
            ))
        }
        (Content::Markup, _) if is_book => {
            return Err(input_error(
                &file,
                format!(
                    "the file is a web page or XML (it starts with '<'), not an Excel workbook, \
                     though it is named .{ext}: web-based case systems export such files. Open \
                     it in Excel or WPS and save it as .xlsx, or export the list as CSV"
                ),
            ))
        }
        (_, "xml") => {
            return Err(input_error(
                &file,
                "the file is not an Excel 2003 XML workbook (a <Workbook> in the namespace \
                 urn:schemas-microsoft-com:office:spreadsheet), the only XML caseflow reads; \
                 open it in Excel or WPS and save it as .xlsx, or export the list as CSV",
            ))
        }
        (Content::Binary(kind), _) => {
            let what_to_do = if kind.contains("archive") {
                "Unpack it and ingest the case list inside".to_string()
            } else if kind.contains("Parquet") {
                "Name it .parquet to read it as a table".to_string()
            } else {
                format!("Check that the right file was given; {EXPORT_AGAIN}")
            };
            return Err(input_error(
                &file,
                format!(
                    "the file is not a case list: it holds {kind} (by its first bytes), neither \
                     an Excel workbook nor a text export (CSV). {what_to_do}"
                ),
            ));
        }
        (Content::Text, "xls" | "xlsx") => (
            "txt".to_string(),
            Some(format!(
                "the file is text, not an Excel workbook, though it is named .{ext}: read as \
                 delimited text"
            )),
        ),
        _ => (ext, None),
    };
    let mut reader = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            book::open_workbook(path, &file, &ext, sheet, limits)
        }
        "csv" | "tsv" | "txt" => csv::open_delimited(path, &file, ext == "tsv", limits),
        "parquet" => open_parquet(path, &file),
        // What Excel's 另存为 → 单个文件网页 writes under its own name: refused as under an
        // .xls name (above), saying what to do, not as an unknown kind of file.
        "mht" | "mhtml" => Err(input_error(
            &file,
            "the file is an Excel single-file web page (.mht/MHTML, 单个文件网页: a web \
             archive), which caseflow does not read: open it in Excel or WPS and save it as \
             .xlsx",
        )),
        _ => Err(Error::Usage(format!(
            "{file}: unknown file type {ext:?}; caseflow reads .xlsx, .xlsm, .xlsb, .xls, .et, \
             .ods, .csv, .tsv, .txt, .parquet, Excel 2003 XML (.xml) and web pages with a table \
             (.html, .htm)"
        ))),
    }?;
    reader.notes.extend(note);
    Ok(reader)
}

/// The refusal of a workbook saved with a password to open it, whatever its name.
const PASSWORD_TO_OPEN: &str = "the workbook is protected by a password to open it (加密): \
     open it in Excel or WPS with the password and save a copy without one (文件 → 信息 → \
     保护工作簿 → 用密码进行加密: clear it), then ingest the copy";

/// What a file holds, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A zip archive: xlsx, xlsm, xlsb or ods.
    Zip,
    /// An OLE compound file: Excel 97-2003 .xls.
    Ole,
    /// HTML or XML (a web page, or Excel 2003 XML).
    Markup,
    /// Anything else that has bytes: taken for delimited text.
    Text,
    /// Neither a workbook nor text: an image, an archive, a PDF or binary bytes, as
    /// [`binary_kind`] names it.
    Binary(&'static str),
    /// Empty, or not looked at.
    Other,
}

/// Whether an OLE compound file is an encrypted Office document: Excel saves a workbook
/// with a password to open as an OLE file holding `EncryptionInfo` and `EncryptedPackage`
/// streams (whatever its name says), and an encrypted .xls has a `FILEPASS` record that
/// calamine reports by itself. The stream names are UTF-16 in the file's directory.
fn ole_is_encrypted(path: &Path) -> std::io::Result<bool> {
    const LIMIT: u64 = 64 << 20;
    let f = File::open(path)?;
    if f.metadata()?.len() > LIMIT {
        return Ok(false);
    }
    let mut bytes = Vec::new();
    f.take(LIMIT).read_to_end(&mut bytes)?;
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    Ok(bytes.windows(needle.len()).any(|w| w == needle))
}

/// Whether a file that starts with markup is Excel 2003 XML (see [`xml2003`]), by its first
/// 64 KiB.
fn looks_like_spreadsheetml(path: &Path) -> std::io::Result<bool> {
    let mut head = vec![0u8; 64 << 10];
    let n = read_full(&mut File::open(path)?, &mut head)?;
    Ok(xml2003::is_spreadsheetml(&head[..n]))
}

/// Whether a file that starts with markup is a web page with a table (Excel 2003 XML is
/// looked for first): a `<td` in its first megabyte.
fn looks_like_html(path: &Path) -> std::io::Result<bool> {
    let lower = markup_head(path, 1 << 20)?;
    // Excel 2003 XML has a <Table> too, but its cells are <Cell>, not <td>. A header cell
    // (<th>) is a table's cell too: a register with no entries in the period is a page of
    // <th>s alone, read as a header without rows like a header-only workbook.
    Ok(lower.windows(3).any(|w| w == b"<td" || w == b"<th"))
}

/// Whether a file is a MIME web archive (MHTML, .mht): a `MIME-Version` header and a
/// `multipart/related` content type in the header block at its start (Excel writes the two
/// first; browsers write `From:`, `Subject:` and `Date:` before them).
fn looks_like_mhtml(path: &Path) -> std::io::Result<bool> {
    let head = markup_head(path, 4 << 10)?;
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
    let mime = head.starts_with(b"mime-version:") || has(b"\nmime-version:");
    Ok(mime && has(b"multipart/related"))
}

/// Whether a file that starts with markup is a web page (<html>, <body> or an HTML
/// doctype in its first 64 KiB), whatever it holds.
fn looks_like_web_page(path: &Path) -> std::io::Result<bool> {
    let lower = markup_head(path, 64 << 10)?;
    Ok([&b"<html"[..], b"<body", b"<!doctype html"]
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag)))
}

/// The first `len` bytes of a markup file in ASCII lower case, without zero bytes (UTF-16
/// markup has one after each ASCII character), for looking for tags.
fn markup_head(path: &Path, len: usize) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0u8; len];
    let n = read_full(&mut File::open(path)?, &mut head)?;
    Ok(head[..n]
        .iter()
        .filter(|&&b| b != 0)
        .map(u8::to_ascii_lowercase)
        .collect())
}

/// Looks at the first bytes of a file.
fn sniff(path: &Path) -> std::io::Result<Content> {
    let mut head = [0u8; 512];
    let n = read_full(&mut File::open(path)?, &mut head)?;
    let head = &head[..n];
    Ok(if head.is_empty() {
        Content::Other
    } else if head.starts_with(b"PK\x03\x04") {
        Content::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Ole
    } else {
        // Past a UTF-8 BOM and blanks (UTF-16 markup has a zero byte after each '<').
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = text
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0 | 0xFF | 0xFE));
        if first == Some(b'<') {
            Content::Markup
        } else if let Some(kind) = binary_kind(head) {
            Content::Binary(kind)
        } else {
            Content::Text
        }
    })
}

/// What a file that is no export holds, by its first bytes: a screenshot or a compressed
/// export attached by mistake was read as GBK text and refused for its "header" (塒NG).
/// Known signatures are named; other bytes are binary when control characters (not NUL,
/// which some exports pad with, nor tab, line ends or the DOS end mark) make up more than
/// one in a hundred of them: text in GBK or UTF-8 has none. UTF-16 (a BOM, or the zero
/// bytes of its ASCII) is text whatever its bytes.
fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 10] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive (.gz)"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"PAR1", "a Parquet table"),
        (b"\x7FELF", "a program"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)) {
        return Some(kind);
    }
    if head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.starts_with(b"\x00\x00\xFE\xFF")
    {
        return None;
    }
    // UTF-16 without a BOM: zero bytes on one side only (a header of Chinese and commas
    // has few of them, fewer than the reader's own test needs).
    let (even, odd) = csv::zeros_by_parity(head);
    if csv::utf16_without_bom(head).is_some() || (even + odd >= 4 && even.min(odd) == 0) {
        return None;
    }
    let controls = head
        .iter()
        .filter(|&&b| matches!(b, 1..=8 | 0x0E..=0x19 | 0x1B..=0x1F | 0x7F))
        .count();
    (controls >= 4 && controls * 100 > head.len()).then_some("binary data, not text")
}

// ---------------------------------------------------------------------------------------
// Reading blocks
// ---------------------------------------------------------------------------------------

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Size and SHA-256 of a file, read in 1 MiB blocks.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut raw = RawReader::open(path, 0, false).map_err(|e| Error::io(path, e))?;
    let mut buf = vec![0u8; READ_BLOCK];
    while read_full(&mut raw, &mut buf).map_err(|e| Error::io(path, e))? > 0 {}
    Ok((raw.size, raw.sha256()))
}

/// The file's bytes as read: hashed for the manifest and, while the file is taken for
/// UTF-8, checked to be UTF-8 (a character cut by a read is carried to the next one).
struct RawReader {
    f: File,
    hasher: Sha256,
    size: u64,
    check_utf8: bool,
    carry: [u8; 4],
    carry_len: usize,
    not_utf8: bool,
}

impl RawReader {
    /// Opens `path` and reads past a BOM of `bom` bytes (hashed like the rest).
    fn open(path: &Path, bom: usize, check_utf8: bool) -> std::io::Result<Self> {
        let mut r = RawReader {
            f: File::open(path)?,
            hasher: Sha256::new(),
            size: 0,
            check_utf8: false,
            carry: [0; 4],
            carry_len: 0,
            not_utf8: false,
        };
        let mut skip = vec![0u8; bom];
        r.read_exact(&mut skip)?;
        r.check_utf8 = check_utf8;
        Ok(r)
    }

    fn check(&mut self, mut data: &[u8]) {
        if self.carry_len > 0 {
            let k = self.carry_len;
            let need = (4 - k).min(data.len());
            let mut tmp = [0u8; 8];
            tmp[..k].copy_from_slice(&self.carry[..k]);
            tmp[k..k + need].copy_from_slice(&data[..need]);
            match simdutf8::compat::from_utf8(&tmp[..k + need]) {
                Ok(_) => data = &data[need..],
                // The carried character is complete; what follows is checked below.
                Err(e) if e.valid_up_to() > 0 => data = &data[e.valid_up_to() - k..],
                Err(e) if e.error_len().is_none() && need == data.len() => {
                    self.carry[..k + need].copy_from_slice(&tmp[..k + need]);
                    self.carry_len = k + need;
                    return;
                }
                Err(_) => {
                    self.not_utf8 = true;
                    return;
                }
            }
            self.carry_len = 0;
        }
        match simdutf8::compat::from_utf8(data) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => {
                let rest = &data[e.valid_up_to()..];
                self.carry[..rest.len()].copy_from_slice(rest);
                self.carry_len = rest.len();
            }
            Err(_) => self.not_utf8 = true,
        }
    }

    fn sha256(self) -> String {
        self.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Read for RawReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.f.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        if self.check_utf8 && !self.not_utf8 {
            if n == 0 {
                // A character cut by the end of the file.
                self.not_utf8 = self.carry_len > 0;
            } else {
                self.check(&buf[..n]);
            }
        }
        Ok(n)
    }
}

/// Like `decode_field`, into a cell whose string is reused when it has one.
fn decode_field_into(field: &[u8], enc: &'static Encoding, cell: &mut Cell) {
    if enc == encoding_rs::UTF_8 && !field.is_empty() {
        if let (Ok(text), Cell::Text(s)) = (simdutf8::basic::from_utf8(field), &mut *cell) {
            s.clear();
            s.push_str(text);
            return;
        }
    }
    *cell = decode_field(field, enc);
}

fn decode_field(field: &[u8], enc: &'static Encoding) -> Cell {
    if field.is_empty() {
        return Cell::Empty;
    }
    if enc == encoding_rs::UTF_8 {
        return match simdutf8::basic::from_utf8(field) {
            Ok(s) => Cell::Text(s.to_string()),
            Err(_) => utf16_bad_units(field)
                .or_else(|| gbk_in_utf8(field).map(Cell::Text))
                .unwrap_or_else(|| Cell::Undecodable(field.to_vec())),
        };
    }
    match enc.decode_without_bom_handling_and_without_replacement(field) {
        Some(s) => Cell::Text(s.into_owned()),
        None => Cell::Undecodable(field.to_vec()),
    }
}

/// A field of a UTF-16 file with code units that are no character (see
/// `csv::UTF16_MARK`): those units' bytes as the file has them, undecodable. `None` for a
/// field without the mark.
fn utf16_bad_units(field: &[u8]) -> Option<Cell> {
    let mark = csv::UTF16_MARK;
    if !field.windows(2).any(|w| w == mark) {
        return None;
    }
    let mut raw = Vec::new();
    let mut i = 0;
    while let Some(at) = field[i..].windows(2).position(|w| w == mark) {
        i += at + 2;
        while let [hi @ 0x80..=0x8F, lo @ 0x80..=0x8F, ..] = field[i..] {
            raw.push((hi & 0xF) << 4 | (lo & 0xF));
            i += 2;
        }
    }
    Some(Cell::Undecodable(raw))
}

/// A field of a UTF-8 file that is not UTF-8 but GBK text (a row appended from a GBK export):
/// its text when it decodes as GBK without error into Chinese characters, Chinese
/// punctuation and ASCII only. Bytes that are neither stay undecodable (and said).
fn gbk_in_utf8(field: &[u8]) -> Option<String> {
    // GB2312's pairs only (lead 0xA1..=0xF7, trail 0xA1..=0xFE), two at least: UTF-8 text
    // has bytes below 0xA1 in every character or two, and a cell cut inside one UTF-8
    // character (two stray bytes) stays undecodable, as it was.
    let (mut pairs, mut i) = (0, 0);
    while i < field.len() {
        match field[i] {
            b if b < 0x80 => i += 1,
            0xA1..=0xF7 if field.get(i + 1).is_some_and(|t| (0xA1..=0xFE).contains(t)) => {
                pairs += 1;
                i += 2;
            }
            _ => return None,
        }
    }
    if pairs < 2 {
        return None;
    }
    let text = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(field)?;
    let chinese = |c: char| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    };
    let plain = text
        .chars()
        .all(|c| chinese(c) || (c.is_ascii() && !c.is_ascii_control()));
    (plain && text.chars().any(chinese)).then(|| text.into_owned())
}

fn is_gbk(enc: &'static Encoding) -> bool {
    enc == encoding_rs::GB18030 || enc == encoding_rs::GBK
}

/// Whether a record of a GBK file is a row of UTF-8 text pasted in from another export:
/// every field valid UTF-8, and one at least UTF-8 Chinese ([`utf8_in_gbk`]). The row
/// decides, not each field: a GBK name with a character outside GB2312 (濮鸿喆, 琚锋晞) can
/// be valid UTF-8 by chance (姺膴, 袷敄), and read field by field it would become somebody
/// nobody knows; a GBK row is almost never UTF-8 as a whole, since its 案号 ends in a digit
/// and 号, whose first byte (0xBA) cannot follow an ASCII byte in UTF-8, and its 案由 and
/// names rarely chain into UTF-8 either.
fn utf8_row(fields: &[u8], ends: &[usize]) -> bool {
    let mut start = 0;
    let mut chinese = false;
    for &end in ends {
        let field = &fields[start..end.min(fields.len())];
        start = end;
        if field.is_ascii() {
            continue;
        }
        if simdutf8::basic::from_utf8(field).is_err() {
            return false;
        }
        chinese = chinese || utf8_in_gbk(field);
    }
    chinese
}

/// Whether a field of a GBK file, valid UTF-8, is UTF-8 Chinese: its text is Chinese, or
/// its bytes read as GBK would give characters outside GB2312 (a lead or trail byte below
/// 0xA1, or a four-byte GB18030 sequence). UTF-8 read as GBK gives rare characters
/// (张三 → 寮犱笁), a name that is nobody's. Said of a whole row only ([`utf8_row`]).
fn utf8_in_gbk(field: &[u8]) -> bool {
    // Cheap test first: a UTF-8 Chinese character starts with 0xE2..=0xEF.
    if !field.iter().any(|&b| (0xE2..=0xEF).contains(&b)) {
        return false;
    }
    let Ok(text) = simdutf8::basic::from_utf8(field) else {
        return false;
    };
    // Valid UTF-8 whose every other character is Chinese (or Chinese punctuation, full-width
    // forms): UTF-8. UTF-8 read as GBK can give common characters (赵强 → 璧靛己), so the
    // test below alone would let such names through as nobody's. GBK text that is valid
    // UTF-8 by chance can read as Chinese too (濮鸿喆 → 姺膴): hence the whole row decides.
    let chinese = |c: char| {
        c.is_ascii()
            || matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
            || matches!(c, '·' | '—' | '…' | '“' | '”' | '‘' | '’')
    };
    if text.chars().all(chinese) {
        return true;
    }
    let gb2312 = |b: u8| (0xA1..=0xFE).contains(&b);
    let mut i = 0;
    while i < field.len() {
        let b = field[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match field.get(i + 1) {
            Some(&t) if gb2312(b) && gb2312(t) => i += 2,
            _ => return true,
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Parquet
// ---------------------------------------------------------------------------------------

/// A Parquet file read by polars, every column cast to text, handed out in batches.
struct ParquetRows {
    header: Option<Vec<Cell>>,
    cols: Vec<polars::prelude::StringChunked>,
    height: usize,
    next_row: usize,
    stage: u8,
}

impl ParquetRows {
    fn next(&mut self) -> Option<Event> {
        match self.stage {
            0 => {
                self.stage = 1;
                Some(Event::Sheet {
                    name: None,
                    sheets: 1,
                    hidden: false,
                    date1904: false,
                })
            }
            1 => {
                let mut rows = Vec::new();
                if let Some(h) = self.header.take() {
                    rows.push(Row {
                        line: 1,
                        cells: h,
                        filled: 0,
                        across: 0,
                    });
                }
                let end = (self.next_row + BATCH_ROWS).min(self.height);
                for i in self.next_row..end {
                    let cells = self
                        .cols
                        .iter()
                        .map(|c| match c.get(i) {
                            Some(s) => Cell::Text(s.to_string()),
                            None => Cell::Empty,
                        })
                        .collect();
                    rows.push(Row {
                        line: i + 2,
                        cells,
                        filled: 0,
                        across: 0,
                    });
                }
                self.next_row = end;
                if rows.is_empty() {
                    self.stage = 2;
                    return Some(Event::EndSheet);
                }
                Some(Event::Batch(Batch::Rows(rows)))
            }
            _ => None,
        }
    }
}

fn open_parquet(path: &Path, file: &str) -> Result<FileReader> {
    use polars::prelude::*;
    let (size, sha256) = hash_file(path)?;
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let df = ParquetReader::new(f)
        .finish()
        .map_err(|e| input_error(file, format!("not a readable Parquet file: {e}")))?;
    let mut cols = Vec::with_capacity(df.width());
    for c in df.columns() {
        let s = c
            .cast(&DataType::String)
            .map_err(|e| input_error(file, format!("column {}: {e}", c.name())))?;
        let s = s
            .str()
            .map_err(|e| input_error(file, e.to_string()))?
            .clone();
        cols.push(s);
    }
    let header: Vec<Cell> = df
        .get_column_names()
        .iter()
        .map(|n| Cell::Text(n.to_string()))
        .collect();
    Ok(FileReader {
        file: file.to_string(),
        format: "parquet",
        encoding: None,
        notes: Vec::new(),
        warnings: Vec::new(),
        size_bytes: size,
        sha256,
        empty_lines: 0,
        events: Events::Parquet(ParquetRows {
            header: Some(header),
            cols,
            height: df.height(),
            next_row: 0,
            stage: 0,
        }),
    })
}

// ---------------------------------------------------------------------------------------
// Whole-file reading, for tests and small tools
// ---------------------------------------------------------------------------------------

/// A sheet (or a whole CSV/Parquet file) as read, every row in memory.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

/// What was found about a file, and all of its rows.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    pub notes: Vec<String>,
    pub sheets: Vec<Sheet>,
}

/// Reads a whole file into memory (small files only: ingest streams instead).
pub fn read_file(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<FileRead> {
    let mut reader = open(path, sheet, limits)?;
    let mut sheets: Vec<Sheet> = Vec::new();
    while let Some(ev) = reader.next_event()? {
        match ev {
            Event::Sheet { name, .. } => sheets.push(Sheet {
                name,
                rows: Vec::new(),
            }),
            Event::Batch(b) => {
                if let Some(s) = sheets.last_mut() {
                    s.rows.extend((0..b.len()).map(|i| b.row(i).into_owned()));
                }
            }
            Event::Restart => {
                if let Some(s) = sheets.last_mut() {
                    s.rows.clear();
                }
            }
            Event::EndSheet | Event::Info { .. } => {}
        }
    }
    Ok(FileRead {
        format: reader.format,
        encoding: reader.encoding,
        notes: reader.notes.clone(),
        sheets,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn gbk_cells_of_a_utf8_file_are_read_and_cut_utf8_is_not() {
        let gbk = encoding_rs::GBK.encode("周霞、周九").0.into_owned();
        assert_eq!(gbk_in_utf8(&gbk).as_deref(), Some("周霞、周九"));
        // UTF-8 cut inside its last character: not GBK.
        let utf8 = "张三李四".as_bytes();
        assert_eq!(gbk_in_utf8(&utf8[..utf8.len() - 1]), None);
        // Two stray bytes of one character, and binary noise: not GBK either.
        assert_eq!(gbk_in_utf8(&utf8[..2]), None);
        assert_eq!(gbk_in_utf8(&[0xFF, 0xFE, 0x00, 0x81]), None);
        assert!(
            matches!(decode_field(&gbk, encoding_rs::UTF_8), Cell::Text(t) if t == "周霞、周九")
        );
    }
    use super::*;

    /// m-wrapped-empty-row-rejected-whole: a field of a GBK file that is an empty text mark
    /// is blank without being decoded as text first, as the same field of a UTF-8 file is.
    #[test]
    fn an_empty_text_mark_is_a_blank_field_in_any_encoding() {
        for enc in [encoding_rs::UTF_8, encoding_rs::GB18030] {
            let cells = ["=\"\"", "'", " '\u{3000}", "=\"0\"", "'张", "张"];
            let (mut fields, mut ends) = (Vec::new(), Vec::new());
            for c in cells {
                fields.extend_from_slice(&enc.encode(c).0);
                ends.push(fields.len());
            }
            let mut batch = RecordBatch::new(enc);
            batch.push_record(1, &fields, &ends);
            batch.seal();
            let blank: Vec<bool> = (0..cells.len()).map(|k| batch.field_blank(0, k)).collect();
            assert_eq!(
                blank,
                [true, true, true, false, false, false],
                "{}",
                enc.name()
            );
        }
    }

    fn read_bytes(bytes: &[u8], name: &str) -> FileRead {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        read_file(&p, None, &Limits::default()).unwrap()
    }

    fn read(bytes: &[u8]) -> FileRead {
        read_bytes(bytes, "t.csv")
    }

    #[test]
    fn column_letters_as_excel_names_them() {
        let names: Vec<String> = [0, 3, 25, 26, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "D", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn gbk_csv_with_one_bad_field() {
        let (mut gbk, _, _) = encoding_rs::GBK.encode("案号,被执行人\n（2023）浙0603执1号,张三\n");
        let mut bytes = gbk.to_mut().clone();
        bytes.extend_from_slice(b"x,\xff\xfe\n");
        let read = read(&bytes);
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
        let read = read(&bytes);
        assert_eq!(read.sheets[0].rows[1].cells[1], Cell::Text("张三".into()));
        assert_eq!(read.notes.len(), 1);
    }

    #[test]
    fn utf8_text_in_a_gbk_field_is_told_from_gbk() {
        let gbk = |t: &str| encoding_rs::GB18030.encode(t).0.into_owned();
        // UTF-8 read as GBK would be rare characters: read as UTF-8.
        // 赵强 and 许丽 in UTF-8 read as GBK are common characters (璧靛己, 璁镐附): told
        // by the UTF-8 being all Chinese.
        for t in [
            "张三",
            "王五",
            "（2023）浙0603执1号",
            "某某有限公司",
            "赵强",
            "许丽",
        ] {
            assert!(super::utf8_in_gbk(t.as_bytes()), "{t}");
            assert!(super::utf8_row(t.as_bytes(), &[t.len()]), "{t}");
        }
        // GBK text stays GBK, also where its bytes happen to be valid UTF-8.
        for t in ["张三", "王五", "李㛃", "某某有限公司", "abc"] {
            assert!(!super::utf8_in_gbk(&gbk(t)), "{t}");
            assert_eq!(
                super::decode_field(&gbk(t), encoding_rs::GB18030),
                Cell::Text(t.to_string())
            );
        }
        let valid_utf8_gbk: Vec<u8> = vec![0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87];
        let as_gbk = encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(&valid_utf8_gbk)
            .map(|s| s.into_owned());
        if let Some(t) = as_gbk {
            // (中文 in UTF-8: as GBK its pairs fall outside GB2312.)
            assert!(super::utf8_in_gbk(&valid_utf8_gbk), "{t}");
        }
    }

    /// t-gbk-rare-names-read-as-utf8: GBK names with a character outside GB2312 whose bytes
    /// happen to be valid UTF-8 (濮鸿喆 would be 姺膴, 濮玥 姫h) keep their characters in a
    /// GBK row; a row of UTF-8 text pasted into the file is still read as UTF-8.
    #[test]
    fn a_gbk_row_is_gbk_even_where_a_field_is_valid_utf8() {
        let gbk = |t: &str| encoding_rs::GBK.encode(t).0.into_owned();
        for name in ["濮鸿喆", "濮峰垚", "琚锋晞", "濮玥", "琚珺"] {
            assert!(simdutf8::basic::from_utf8(&gbk(name)).is_ok(), "{name}");
        }
        let mut bytes = gbk("案号,立案日期,申请执行人,被执行人,承办人\n\
             （2024）浙0603执1号,2024-01-05,濮鸿喆,李四,王五\n\
             （2024）浙0603执2号,2024-01-06,濮玥,琚珺,琚锋晞\n");
        bytes.extend_from_slice("（2024）浙0603执3号,2024-01-07,张三,赵强,许丽\n".as_bytes());
        let read = read(&bytes);
        assert_eq!(read.encoding, Some("GBK/GB18030"));
        let cells = |r: usize| -> Vec<String> {
            read.sheets[0].rows[r].cells[2..]
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    other => format!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(cells(1), ["濮鸿喆", "李四", "王五"]);
        assert_eq!(cells(2), ["濮玥", "琚珺", "琚锋晞"]);
        assert_eq!(cells(3), ["张三", "赵强", "许丽"]);
    }

    #[test]
    fn utf16_with_bom() {
        let text = "案号,被执行人\r\n1,张三\r\n\"多\n行\",李四\r\n2,王五\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let read = read(&bytes);
        // Read through UTF-8, but named as what the file is.
        assert_eq!(read.encoding, Some("UTF-16LE (BOM)"));
        let rows = &read.sheets[0].rows;
        assert_eq!(rows[1].cells[1], Cell::Text("张三".into()));
        assert_eq!(rows[2].cells[0], Cell::Text("多\n行".into()));
        // A record of several lines is one row, as Excel shows it.
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4]);
    }

    /// h-utf32-read-as-utf16: a UTF-32LE file (BOM `FF FE 00 00`) was taken for UTF-16LE by
    /// the first two bytes of its BOM, every character followed by a U+0000, and its rows
    /// read with shifted fields. Read as UTF-32, either byte order; a unit that is no
    /// character is a field with its bytes, and a file cut inside a unit says so.
    #[test]
    fn utf32_with_bom_is_read_as_utf32() {
        let text = "案号,被执行人\r\n1,\"张三,李四\"\r\n\"多\n行\",王五\r\n";
        let utf32 = |be: bool, units: &[u32]| {
            let mut bytes = if be {
                vec![0, 0, 0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE, 0, 0]
            };
            for u in units {
                bytes.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            bytes
        };
        let units: Vec<u32> = text.chars().map(u32::from).collect();
        for (be, name) in [(false, "UTF-32LE (BOM)"), (true, "UTF-32BE (BOM)")] {
            let read = read(&utf32(be, &units));
            assert_eq!(read.encoding, Some(name));
            let rows = &read.sheets[0].rows;
            assert_eq!(rows.len(), 3, "{rows:?}");
            assert_eq!(rows[1].cells[1], Cell::Text("张三,李四".into()));
            assert_eq!(rows[2].cells[0], Cell::Text("多\n行".into()));
            assert_eq!(rows[2].cells[1], Cell::Text("王五".into()));
        }
        // A unit past U+10FFFF: that field holds its bytes, the rest is read.
        let mut bad: Vec<u32> = "a,b\n1,x".chars().map(u32::from).collect();
        bad.push(0x0011_0000);
        bad.extend(",".chars().chain("y\n".chars()).map(u32::from));
        let read = read(&utf32(false, &bad));
        let row = &read.sheets[0].rows[1];
        assert_eq!(
            row.cells[1],
            Cell::Undecodable(vec![0x00, 0x00, 0x11, 0x00])
        );
        assert_eq!(row.cells[2], Cell::Text("y".into()));
        // Cut inside a unit: said.
        let mut bytes = utf32(false, &units);
        bytes.truncate(bytes.len() - 2);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, &bytes).unwrap();
        let err = read_file(&p, None, &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("UTF-32") && err.contains("cut short"), "{err}");
    }

    #[test]
    fn a_bad_utf16_unit_is_a_field_with_its_bytes_and_a_cut_file_says_so() {
        let utf16 = |text: &str, units: &[u16], tail: &str| {
            let mut bytes = vec![0xFF, 0xFE];
            let all = text
                .encode_utf16()
                .chain(units.iter().copied())
                .chain(tail.encode_utf16());
            for u in all {
                bytes.extend_from_slice(&u.to_le_bytes());
            }
            bytes
        };
        // Lone surrogates (a high one before a letter, a low one alone, one at the end):
        // the field holds the unit's bytes, the rest of the row and file is read.
        for (units, raw) in [
            (&[0xD800u16, b'x' as u16][..], vec![0x00, 0xD8]),
            (&[0xDC2Cu16][..], vec![0x2C, 0xDC]),
        ] {
            let bytes = utf16(
                "案号,被执行人,承办人\n1,张",
                units,
                "三,王五\n2,李四,赵六\n",
            );
            let read = read(&bytes);
            let rows = &read.sheets[0].rows;
            assert_eq!(rows.len(), 3, "{rows:?}");
            assert_eq!(rows[1].cells[1], Cell::Undecodable(raw));
            assert_eq!(rows[1].cells[2], Cell::Text("王五".into()));
            assert_eq!(rows[2].cells[1], Cell::Text("李四".into()));
        }
        // A lone surrogate right before a delimiter: the delimiter stays one.
        let bytes = utf16("a,b,c\n1,张", &[0xD800], ",王五\n");
        let got = read(&bytes);
        let row = &got.sheets[0].rows[1];
        assert_eq!(row.cells[1], Cell::Undecodable(vec![0x00, 0xD8]));
        assert_eq!(row.cells[2], Cell::Text("王五".into()));
        let bytes = utf16("a,b\n1,x", &[0xD800], "");
        assert_eq!(
            read(&bytes).sheets[0].rows[1].cells[1],
            Cell::Undecodable(vec![0x00, 0xD8])
        );
        // Cut at an odd byte: said, with the byte, naming the file.
        let mut bytes = utf16("a,b\n1,2\n", &[], "");
        bytes.push(0x41);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, &bytes).unwrap();
        let err = read_file(&p, None, &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.csv"), "{err}");
        assert!(
            err.contains("cut short at an odd byte") && err.contains("0x41"),
            "{err}"
        );
    }

    #[test]
    fn quoted_newlines_are_one_row_as_excel_shows_them() {
        let read = read("a,b\n\"x\ny\",2\nz,3\n\n\"p\r\nq\r\nr\",4\ns,5\n".as_bytes());
        let lines: Vec<usize> = read.sheets[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 5, 6]);
    }

    #[test]
    fn crlf_line_numbers() {
        let read = read(b"a,b\r\n1,2\r\n\r\n3,4\r\n");
        let lines: Vec<usize> = read.sheets[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn utf8_cut_at_a_block_boundary_is_still_utf8() {
        // A three-byte character straddles the 1 MiB read block.
        let mut text = String::from("a,b\n");
        while text.len() < READ_BLOCK - 1 {
            text.push('x');
        }
        text.push_str("很,1\n");
        let read = read(text.as_bytes());
        assert_eq!(read.encoding, Some("UTF-8"));
        assert_eq!(read.sheets[0].rows[1].cells[1], Cell::Text("1".into()));
    }

    #[test]
    fn gbk_after_a_utf8_start_is_read_again_as_gbk() {
        // More than the 1 MiB prefix and more than a batch of plain ASCII, then GBK.
        let mut bytes = b"a,b\n".to_vec();
        for i in 0..(BATCH_ROWS + 200_000) {
            bytes.extend_from_slice(format!("{i},x\n").as_bytes());
        }
        let (gbk, _, _) = encoding_rs::GBK.encode("张三,李四\n");
        bytes.extend_from_slice(&gbk);
        assert!(bytes.len() > DETECT_PREFIX);
        let read = read(&bytes);
        assert_eq!(read.encoding, Some("GBK/GB18030"));
        let rows = &read.sheets[0].rows;
        assert_eq!(
            rows.len(),
            BATCH_ROWS + 200_002,
            "no row twice after the restart"
        );
        assert_eq!(rows.last().unwrap().cells[0], Cell::Text("张三".into()));
    }

    #[test]
    fn utf8_bom_with_a_stray_byte_stays_utf8() {
        let mut bytes = b"\xEF\xBB\xBFa,b\n".to_vec();
        while bytes.len() < DETECT_PREFIX + 10 {
            bytes.extend_from_slice("很,1\n".as_bytes());
        }
        bytes.extend_from_slice(b"x,\xff\n");
        let read = read(&bytes);
        assert_eq!(read.encoding, Some("UTF-8 (BOM)"));
        let rows = &read.sheets[0].rows;
        assert_eq!(rows.last().unwrap().cells[1], Cell::Undecodable(vec![0xff]));
        assert_eq!(rows[1].cells[0], Cell::Text("很".into()));
    }

    #[test]
    fn utf8_check_across_reads() {
        // Every way a character can be cut between two reads, and a bad one.
        let text = "a很b😀c".as_bytes();
        for cut in 0..=text.len() {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("t");
            std::fs::write(&p, text).unwrap();
            let mut r = RawReader::open(&p, 0, true).unwrap();
            let mut buf = vec![0u8; text.len()];
            let n = r.read(&mut buf[..cut]).unwrap();
            let m = r.read(&mut buf[n..]).unwrap();
            assert_eq!(r.read(&mut [0u8; 4]).unwrap(), 0);
            assert_eq!(n + m, text.len());
            assert!(!r.not_utf8, "cut at {cut}");
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t");
        std::fs::write(&p, b"ab\xe5\xbe").unwrap(); // a character cut by the end
        let mut r = RawReader::open(&p, 0, true).unwrap();
        let mut buf = [0u8; 16];
        while r.read(&mut buf).unwrap() > 0 {}
        assert!(r.not_utf8);
    }

    #[test]
    fn many_rows_cross_batches_in_order() {
        let mut text = String::from("a,b\n");
        for i in 0..(BATCH_ROWS + 10) {
            text.push_str(&format!("{i},x\n"));
        }
        let read = read(text.as_bytes());
        let rows = &read.sheets[0].rows;
        assert_eq!(rows.len(), BATCH_ROWS + 11);
        assert_eq!(rows[BATCH_ROWS + 10].line, BATCH_ROWS + 11);
        assert_eq!(
            rows[BATCH_ROWS + 10].cells[0],
            Cell::Text((BATCH_ROWS + 9).to_string())
        );
    }

    #[test]
    fn long_record_and_wide_record_hit_their_limits() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        let limits = Limits {
            max_line_bytes: 1000,
            max_columns: 10,
            ..Limits::default()
        };
        std::fs::write(&p, format!("a,b\n1,\"{}\n", "x".repeat(5000))).unwrap();
        let err = read_file(&p, None, &limits).unwrap_err().to_string();
        assert!(err.contains("row 2"), "{err}");
        assert!(err.contains("--max-line-bytes"), "{err}");
        std::fs::write(&p, format!("a,b\n{}\n", ",".repeat(50))).unwrap();
        let err = read_file(&p, None, &limits).unwrap_err().to_string();
        assert!(err.contains("--max-columns"), "{err}");
    }
}
