//! Workbooks (xlsx, xlsm, xlsb, xls, ods): the zip archive checked against the limits, then
//! calamine's cells streamed as rows by the workbook's reading thread.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use super::cellrefs::{CellAt, CellRefs, Fault};
use super::*;

/// How much of the start of each XML part is searched for a document type declaration.
const PROLOG_SCAN: u64 = 64 * 1024;

/// Workbooks up to this size have their merged cells read (an xlsx sheet's merged ranges
/// stand after its cells, so finding them parses the sheet's XML a second time). Clerks
/// merge cells in the workbooks they make by hand, which are far smaller; a system export
/// of hundreds of thousands of rows has no merged cells and is not read twice.
const MERGE_SCAN_MAX_BYTES: u64 = 16 << 20;

/// The widest merged range whose value is filled down (see [`MergeFill`]).
const MERGE_FILL_MAX_COLUMNS: u32 = 8;

/// Checks a workbook's zip archive before calamine reads it:
///
/// - the entry count claimed by the end-of-central-directory record and the real one are at
///   most `max_zip_entries` (checked before the central directory is parsed);
/// - the uncompressed sizes declared in the central directory add up to at most
///   `max_uncompressed_bytes`. The zip reader refuses to inflate an entry past its declared
///   size ("File is larger than its declared uncompressed size"), so this also caps the
///   bytes actually inflated;
/// - no XML part declares a DTD (`<!DOCTYPE`): Excel never writes one, and the entities of a
///   DTD can expand exponentially (the "billion laughs" file).
pub fn check_zip(path: &Path, file: &str, limits: &Limits) -> Result<()> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    if let Some(claimed) = claimed_zip_entries(&mut f).map_err(|e| Error::io(path, e))? {
        if claimed > limits.max_zip_entries {
            return Err(input_error(
                file,
                format!(
                    "the workbook's zip archive claims {claimed} entries (an Excel file has a few \
                     dozen); {}",
                    limits.explain(Limit::ZipEntries)
                ),
            ));
        }
    }
    f.seek(SeekFrom::Start(0)).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| zip_error(file, None, &e))?;
    if zip.len() as u64 > limits.max_zip_entries {
        return Err(input_error(
            file,
            format!(
                "the workbook's zip archive has {} entries (an Excel file has a few dozen); {}",
                zip.len(),
                limits.explain(Limit::ZipEntries)
            ),
        ));
    }
    let mut total = 0u64;
    let mut biggest = (0u64, String::new());
    let mut xml_parts = Vec::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| zip_error(file, None, &e))?;
        let size = entry.size();
        total = total.saturating_add(size);
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let lower = name.to_ascii_lowercase();
        if size > 0 && (lower.ends_with(".xml") || lower.ends_with(".rels")) {
            xml_parts.push((i, name.clone()));
        }
        if size > biggest.0 {
            biggest = (size, name);
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(input_error(
            file,
            format!(
                "the workbook would expand to {} of XML ({} alone in {}), more than allowed: a zip \
                 bomb, or a far larger export than usual; {}",
                show_bytes(total),
                show_bytes(biggest.0),
                biggest.1,
                limits.explain(Limit::UncompressedBytes)
            ),
        ));
    }
    for (i, name) in xml_parts {
        let mut head = Vec::new();
        let entry = zip
            .by_index(i)
            .map_err(|e| zip_error(file, Some(&name), &e))?;
        if let Err(e) = entry.take(PROLOG_SCAN).read_to_end(&mut head) {
            // A part that does not inflate (a bad deflate stream, a wrong checksum): its
            // bytes were damaged on the way, as a cut-off archive's are.
            return Err(damaged_zip(file, Some(&name), &e));
        }
        if declares_dtd(&head) {
            return Err(input_error(
                file,
                format!(
                    "the workbook part {name} declares a DTD (<!DOCTYPE …>, or hides where its \
                     content starts behind more than 64 KiB); Excel never writes one, and its \
                     entities can expand without bound (a \"billion laughs\" file), so caseflow \
                     does not read it. If the file is genuine, open it in Excel and save it again"
                ),
            ));
        }
    }
    Ok(())
}

/// The error of a workbook whose zip archive cannot be read. A file cut off while it was
/// exported, downloaded or copied has no end-of-archive record ("Could not find EOCD") or
/// half of one ("Unexpected end of …Zip32CDEBlock"): said as what it means and what to do,
/// as for a file of 0 bytes, with the zip reader's words kept in brackets
/// (h-truncated-xlsx-message). `part` names the archive's entry, if one is at fault.
fn zip_error(file: &str, part: Option<&str>, e: &zip::result::ZipError) -> Error {
    use zip::result::ZipError;
    match e {
        ZipError::InvalidArchive(_) => damaged_zip(file, part, e),
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            damaged_zip(file, part, e)
        }
        _ => {
            let part = part.map(|p| format!("{p}: ")).unwrap_or_default();
            input_error(file, format!("not a readable Excel workbook: {part}{e}"))
        }
    }
}

/// [`zip_error`] for an archive that is incomplete or damaged.
fn damaged_zip(file: &str, part: Option<&str>, e: &dyn std::fmt::Display) -> Error {
    let part = part
        .map(|p| format!(", in the part {p}"))
        .unwrap_or_default();
    input_error(
        file,
        format!(
            "not a readable Excel workbook: the file is incomplete or damaged, as when an \
             export, a download or a copy is cut off ({e}{part}); {}",
            super::EXPORT_AGAIN
        ),
    )
}

/// Whether an XML part's start declares a document type (`<!DOCTYPE` or `<!ENTITY` before
/// the first element), or could hide one: no element at all in a full scan window. Zero
/// bytes are dropped first, so that UTF-16 markup is seen as ASCII.
fn declares_dtd(head: &[u8]) -> bool {
    let full = head.len() as u64 >= PROLOG_SCAN;
    let text: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
    let mut i = 0;
    while let Some(off) = text[i..].iter().position(|&b| b == b'<') {
        let at = i + off;
        let next = text.get(at + 1).copied();
        if next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b':') {
            return false; // the root element: no DTD can follow
        }
        if text[at..].starts_with(b"<!DOCTYPE") || text[at..].starts_with(b"<!ENTITY") {
            return true;
        }
        i = at + 1;
    }
    // No element yet: a prolog as long as the window (Excel writes one line) is refused
    // too, or a DTD could hide behind it.
    full
}

/// The entry count the zip's end-of-central-directory record claims (zip64 when the
/// classic field is saturated), or `None` when no such record is found (the zip reader
/// will then say what is wrong).
pub(crate) fn claimed_zip_entries(f: &mut File) -> std::io::Result<Option<u64>> {
    let len = f.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    let Some(eocd) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
    else {
        return Ok(None);
    };
    let le16 = |b: &[u8]| u16::from_le_bytes([b[0], b[1]]) as u64;
    let entries = le16(&tail[eocd + 10..]);
    if entries != 0xFFFF || eocd < 20 {
        return Ok(Some(entries));
    }
    // Zip64: the locator stands right before the classic record and points at the zip64
    // end-of-central-directory record, which holds the real count.
    let loc = &tail[eocd - 20..eocd];
    if loc[..4] != [0x50, 0x4b, 0x06, 0x07] {
        return Ok(Some(entries));
    }
    let at = u64::from_le_bytes(loc[8..16].try_into().unwrap_or([0; 8]));
    if at.saturating_add(56) > len {
        return Ok(Some(entries));
    }
    f.seek(SeekFrom::Start(at))?;
    let mut rec = [0u8; 56];
    f.read_exact(&mut rec)?;
    if rec[..4] != [0x50, 0x4b, 0x06, 0x06] {
        return Ok(Some(entries));
    }
    Ok(Some(u64::from_le_bytes(
        rec[32..40].try_into().unwrap_or([0; 8]),
    )))
}

/// The names of the sheets hidden in Excel (hidden or very hidden).
fn hidden_sheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// Which calamine reader a workbook needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

pub(super) fn open_workbook(
    path: &Path,
    file: &str,
    ext: &str,
    only: Option<&str>,
    limits: &Limits,
) -> Result<FileReader> {
    let (size, sha256) = hash_file(path)?;
    let kind = match ext {
        "xlsb" => BookKind::Xlsb,
        "xls" => BookKind::Xls,
        "ods" => BookKind::Ods,
        _ => BookKind::Xlsx,
    };
    if kind != BookKind::Xls {
        check_zip(path, file, limits)?;
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let job = BookJob {
        size,
        path: path.to_path_buf(),
        file: file.to_string(),
        kind,
        only: only.map(String::from),
        limits: *limits,
    };
    let handle = std::thread::Builder::new()
        .name("caseflow-book".into())
        .spawn(move || {
            if let Err(e) = job.run(&tx) {
                let _ = tx.send(Err(e));
            }
        })
        .map_err(|e| Error::io(path, e))?;
    Ok(FileReader {
        file: file.to_string(),
        format: match kind {
            BookKind::Xls => "xls",
            BookKind::Ods => "ods",
            BookKind::Xlsb => "xlsb",
            BookKind::Xlsx => "xlsx",
        },
        encoding: None,
        notes: Vec::new(),
        warnings: Vec::new(),
        size_bytes: size,
        sha256,
        empty_lines: 0,
        events: Events::Thread {
            rx: Some(rx),
            handle: Some(handle),
            recycle: None,
        },
    })
}

/// Converts a calamine value to a cell; `None` for an empty cell.
fn cell_of(d: &calamine::DataRef<'_>) -> Option<Cell> {
    use calamine::DataRef as D;
    Some(match d {
        D::Empty => return None,
        D::String(s) => Cell::Text(s.clone()),
        D::SharedString(s) => Cell::Text(s.to_string()),
        D::Int(i) => Cell::Number(*i as f64),
        D::Float(x) => Cell::Number(*x),
        D::Bool(b) => Cell::Bool(*b),
        D::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::DateTime(d, Some(dt.as_f64())),
            _ => Cell::Number(dt.as_f64()),
        },
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::Text(s.clone()),
        D::Error(e) => Cell::Error(format!("{e}")),
    })
}

fn cell_of_data(d: &calamine::Data) -> Cell {
    use calamine::Data as D;
    match d {
        D::Empty => Cell::Empty,
        D::String(s) => Cell::Text(s.clone()),
        D::Int(i) => Cell::Number(*i as f64),
        D::Float(x) => Cell::Number(*x),
        D::Bool(b) => Cell::Bool(*b),
        D::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::DateTime(d, Some(dt.as_f64())),
            _ => Cell::Number(dt.as_f64()),
        },
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::Text(s.clone()),
        D::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// The cells of a sheet whose number format shows a money unit after the number (see
/// [`magnitude_of_format`]), by row and column, with that unit.
type Magnitudes = std::collections::HashMap<(u32, u32), &'static str>;

/// The money units a number format may show after a number as it is (设置单元格格式 →
/// 自定义 → 0.00"万元"): the cell then holds 12.5 and Excel shows 12.50万元.
///
/// 万 only: the amount parser reads 12.5万元 in a cell, and a totals row of 万元 figures is
/// still told as amounts alone; 亿元, 千元 and 十万元 were made text it cannot read (a
/// totals row in 亿元 became a case, 12.5十万元 a reject: review of a-wanyuan-number-format).
const FORMAT_UNITS: [&str; 2] = ["万元", "万"];

/// The money unit an xlsx number format shows after the number as the cell holds it
/// (0.00"万元", #,##0.00"万", 0.00万元 unquoted, as WPS keeps it): a-wanyuan-number-format,
/// the cell's 12.5 shown as 12.50万元 was read as 12.50 元, 10,000 times too small, and
/// silently. `None` when the format shows no such unit, shows another text (万人), or does
/// not show the number as it is: a literal point (0!.0000"万元" shows 125000 as
/// 12.5000万元, the trick that keeps the cell in 元), a scaling comma (0.0,), a percent or
/// an exponent, or a condition ([>=10000]) that may leave the number to another section.
/// Only the first section is read (the one for positive numbers, and for all numbers when
/// it is the only one).
fn magnitude_of_format(code: &str) -> Option<&'static str> {
    let mut literal = String::new();
    let (mut in_quote, mut digits, mut comma, mut as_is) = (false, false, false, true);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if in_quote {
            match c {
                '"' => in_quote = false,
                _ => literal.push(c),
            }
            continue;
        }
        match c {
            '"' => in_quote = true,
            '\\' | '!' => literal.extend(chars.next()),
            '_' | '*' => {
                chars.next();
            }
            // A colour or locale ([Red], [$-804]) says nothing of the number; a condition does.
            '[' => {
                let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                if inner.starts_with(['<', '>', '=']) {
                    as_is = false;
                }
            }
            ';' => break,
            '0' | '#' | '?' => {
                digits = true;
                comma = false;
            }
            ',' => comma = digits,
            '.' | ' ' => {}
            '%' | 'E' | 'e' => as_is = false,
            _ => literal.push(c),
        }
    }
    if !digits || comma || !as_is {
        return None;
    }
    let literal = literal.trim();
    FORMAT_UNITS.iter().copied().find(|&u| u == literal)
}

/// The cells of an xlsx sheet shown with a money unit after the number
/// ([`magnitude_of_format`]). The sheet is read a second time only when the workbook has
/// such a format at all: not for ordinary workbooks.
fn magnitude_cells<RS: Read + Seek>(wb: &mut calamine::Xlsx<RS>, sheet: &str) -> Magnitudes {
    let mut found = Magnitudes::new();
    let Ok(mut cells) = wb.worksheet_cells_reader(sheet) else {
        return found;
    };
    let units: Vec<Option<&'static str>> = cells
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .and_then(|f| magnitude_of_format(&f.format_code))
        })
        .collect();
    if units.iter().all(Option::is_none) {
        return found;
    }
    // A sheet whose styles cannot be read is read as before: its cells say what is wrong.
    while let Ok(Some((r, c, id))) = cells.next_style_id() {
        if let Some(Some(unit)) = units.get(id) {
            found.insert((r, c), unit);
        }
    }
    found
}

/// A number shown with a money unit after it (12.5 shown as 12.50万元) becomes the text
/// the clerk sees, 12.5万元: a unit written after the digits in the cell states the amount
/// in full whatever the header says, as when it is typed. Text, dates and the rest are
/// left as they are (a number format applies to numbers only).
fn in_magnitude(cell: &mut Cell, unit: &str) {
    if let Cell::Number(x) = cell {
        if x.is_finite() {
            *cell = Cell::Text(format!("{x}{unit}"));
        }
    }
}

/// Why streaming a sheet stopped early.
pub(super) enum Stop {
    /// The consumer went away: stop quietly.
    Gone,
    /// A cell of an earlier row came after a later row.
    OutOfOrder,
    Failed(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}

/// Excel's last row (1,048,576).
const EXCEL_MAX_ROWS: u32 = 1 << 20;

/// Builds rows from cells given in row order and sends them in batches. Rows are numbered
/// from the sheet's first row that holds a cell; rows without cells between two rows with
/// cells are sent as blank rows (a sheet's trailing empty rows are not rows at all). A row's
/// cells stand at their column's index.
pub(super) struct RowAssembler<'a> {
    tx: &'a SyncSender<Message>,
    current: Option<(u32, Vec<Cell>)>,
    batch: Vec<Row>,
    batch_cells: usize,
    merged: MergeFill,
}

impl<'a> RowAssembler<'a> {
    pub(super) fn new(tx: &'a SyncSender<Message>, merged: MergeFill) -> Self {
        RowAssembler {
            tx,
            current: None,
            batch: Vec::new(),
            batch_cells: 0,
            merged,
        }
    }

    pub(super) fn push(&mut self, row: u32, col: u32, cell: Cell) -> std::result::Result<(), Stop> {
        match &mut self.current {
            // A cell where this row already has one: a second row of the same number (a
            // broken writer repeats `r="3"`). A row of its own, not laid over the first.
            Some((r, cells))
                if *r == row && cells.get(col as usize).is_some_and(|c| !c.is_empty()) => {}
            Some((r, cells)) if *r == row => {
                put(cells, col, cell);
                return Ok(());
            }
            Some((r, _)) if *r > row => return Err(Stop::OutOfOrder),
            _ => {}
        }
        let prev = self.current.take();
        if let Some((r, cells)) = prev {
            self.emit(r, cells)?;
            for blank in r.saturating_add(1)..row {
                self.emit(blank, Vec::new())?;
            }
        }
        let mut cells = Vec::new();
        put(&mut cells, col, cell);
        self.current = Some((row, cells));
        Ok(())
    }

    fn emit(&mut self, row: u32, mut cells: Vec<Cell>) -> std::result::Result<(), Stop> {
        let (filled, across) = self.merged.fill(row, &mut cells);
        self.batch_cells += cells.len() + 1;
        self.batch.push(Row {
            line: row as usize + 1,
            cells,
            filled,
            across,
        });
        if self.batch.len() >= BATCH_ROWS || self.batch_cells >= BATCH_CELLS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::result::Result<(), Stop> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.batch);
        self.batch_cells = 0;
        self.tx
            .send(Ok(Event::Batch(Batch::Rows(rows))))
            .map_err(|_| Stop::Gone)
    }

    /// A merged range found while the rows are read (before its first row is complete).
    pub(super) fn merge(&mut self, range: calamine::Dimensions) {
        self.merged.add(range);
    }

    pub(super) fn finish(mut self) -> std::result::Result<(), Stop> {
        if let Some((r, cells)) = self.current.take() {
            self.emit(r, cells)?;
        }
        self.flush()
    }
}

/// Fills the cells that a merged range spanning several rows covers with the range's value,
/// row by row as the rows are assembled (in row order).
///
/// Clerks merge a column's cells over consecutive cases that share a value (the same 承办人,
/// 承办部门 or 法院 for a run of cases, or one 案号 over the rows of its several
/// respondents). Excel shows the value on every row, but stores it only in the range's
/// first cell: read as stored, every case after the first would lose it. A range within
/// one row (a title across the columns, a group header over its sub-headers) is left as
/// it is, and so is a row with no cell of its own (filling it would make a row of nothing
/// but the merged value).
#[derive(Debug, Default)]
pub(super) struct MergeFill {
    /// Ranges spanning more than one row, by first row (descending: the next is last).
    pending: Vec<calamine::Dimensions>,
    /// Ranges whose first row has been seen, with its value.
    active: Vec<(calamine::Dimensions, Cell)>,
}

impl MergeFill {
    pub(super) fn new(ranges: Vec<calamine::Dimensions>) -> Self {
        // A range wider than a few columns is layout (a note or a title block), not a
        // value of the cases below; and filling it would make every row as wide as the
        // range, which a crafted sheet could make the whole sheet.
        let mut pending: Vec<_> = ranges.into_iter().filter(Self::fills).collect();
        pending.sort_by_key(|d| std::cmp::Reverse(d.start));
        MergeFill {
            pending,
            active: Vec::new(),
        }
    }

    /// Whether a merged range may be filled: it spans only a few columns, and rows (filled
    /// down) or columns (filled across, when its value is a unit alone: see `fill`).
    fn fills(d: &calamine::Dimensions) -> bool {
        d.end.1 >= d.start.1
            && d.end.1 - d.start.1 < MERGE_FILL_MAX_COLUMNS
            && (d.end.0 > d.start.0 || d.end.1 > d.start.1)
    }

    /// Adds a range not yet reached (its first row is not filled yet).
    fn add(&mut self, d: calamine::Dimensions) {
        if Self::fills(&d) {
            // `pending` is in descending order of first cell.
            let at = self.pending.partition_point(|p| p.start > d.start);
            self.pending.insert(at, d);
        }
    }

    /// Fills row `row`'s cells covered by a merged range above; the cells filled, as
    /// [`Row::filled`] has them, and the cells inside a range that starts in this row, after
    /// its first column, as [`Row::across`] has them.
    fn fill(&mut self, row: u32, cells: &mut Vec<Cell>) -> (u64, u64) {
        let mut filled = 0;
        let mut across = 0u64;
        if self.pending.is_empty() && self.active.is_empty() {
            return (filled, across);
        }
        self.active.retain(|(d, _)| d.end.0 >= row);
        while let Some(d) = self.pending.last().copied() {
            if d.start.0 > row {
                break;
            }
            self.pending.pop();
            if d.start.0 == row {
                for c in d.start.1 + 1..=d.end.1.min(63) {
                    across |= 1 << c;
                }
            }
            if d.start.0 == row && d.end.0 > row {
                let value = cells
                    .get(d.start.1 as usize)
                    .cloned()
                    .unwrap_or(Cell::Empty);
                if !value.is_empty() {
                    self.active.push((d, value));
                }
            } else if d.start.0 == row {
                // A unit merged across the columns it applies to, in the row of units
                // under a header (（万元） over 申请执行标的 | 执行到位金额): each column's.
                // Any other value within one row (a title, a group header) is layout.
                if let Some(value @ Cell::Text(_)) = cells.get(d.start.1 as usize).cloned() {
                    let unit = matches!(&value, Cell::Text(t)
                        if crate::ingest::profile::unit_only(t).is_some());
                    if unit {
                        for c in d.start.1 + 1..=d.end.1 {
                            if cells.get(c as usize).is_none_or(Cell::is_empty) {
                                put(cells, c, value.clone());
                            }
                        }
                    }
                }
            }
        }
        if cells.iter().all(Cell::is_empty) {
            return (filled, across);
        }
        for (d, value) in &self.active {
            if d.start.0 == row {
                continue;
            }
            for c in d.start.1..=d.end.1 {
                if cells.get(c as usize).is_none_or(Cell::is_empty) {
                    put(cells, c, value.clone());
                    if c < 64 {
                        filled |= 1 << c;
                    }
                }
            }
        }
        (filled, across)
    }
}

fn put(cells: &mut Vec<Cell>, col: u32, cell: Cell) {
    let c = col as usize;
    if cells.len() <= c {
        cells.resize(c + 1, Cell::Empty);
    }
    cells[c] = cell;
}

/// The workbook reading thread's settings.
struct BookJob {
    /// The file's size in bytes.
    size: u64,
    path: PathBuf,
    file: String,
    kind: BookKind,
    only: Option<String>,
    limits: Limits,
}

impl BookJob {
    fn open_error(&self, e: impl std::fmt::Display) -> Error {
        input_error(&self.file, format!("not a readable Excel workbook: {e}"))
    }

    /// [`Self::open_error`] of an OLE file read as .xls. A workbook saved with a password to
    /// open it in the xlsx format is an OLE file too, holding `EncryptionInfo` and
    /// `EncryptedPackage` streams and no `Workbook` stream; named .xls (renamed by a clerk or
    /// a system), calamine only says it finds no `Workbook` stream, which reads as a damaged
    /// export. It is refused as under its .xlsx name: the password is what stops it.
    fn xls_open_error(&self, e: impl std::fmt::Display) -> Error {
        match ole_is_encrypted(&self.path) {
            Ok(true) => input_error(&self.file, PASSWORD_TO_OPEN),
            _ => self.open_error(e),
        }
    }

    fn sheet_error(&self, sheet: &str, e: impl std::fmt::Display) -> Error {
        Error::Input {
            file: format!("{}, sheet {sheet}", self.file),
            row: None,
            column: None,
            message: format!("cannot read the sheet: {e}"),
        }
    }

    /// The refusal of a cell whose reference names another row than the `<row>` that holds
    /// it (`<row r="2">…<c r="E3">`): placed by its reference, as calamine places it, its
    /// value would move into the next case, or make a phantom row of its own. Likewise a
    /// cell whose reference repeats one of its row (`<c r="G8">` twice): one cell of Excel
    /// with two values, the second of which would make a phantom case of row 8.
    fn misplaced_cell(&self, sheet: &str, at: &CellAt, fault: Fault) -> Error {
        let reference = at.reference.as_deref().unwrap_or("");
        let (row, col) = at.position.unwrap_or((at.row, 0));
        let what = match fault {
            Fault::OtherRow => format!(
                "a cell of row {} is written as {reference}, a cell of row {}: read where it \
                 says, its value would move into another case",
                at.row as u64 + 1,
                row as u64 + 1
            ),
            Fault::Repeated => format!(
                "cell {reference} is written twice in row {}, with two values for one cell: \
                 the file is damaged, and which value Excel shows cannot be told",
                at.row as u64 + 1
            ),
        };
        Error::Input {
            file: format!("{}, sheet {sheet}", self.file),
            row: Some(at.row as usize + 1),
            column: Some(column_letters(col)),
            message: format!(
                "{what}. The workbook was written by a broken program; export it again, or open \
                 it in Excel or WPS, check the row and save it again"
            ),
        }
    }

    /// calamine's error on a cell, with the cell where the sheet's XML says which it is
    /// (`at`), else the last cell read before it.
    fn cell_error(
        &self,
        sheet: &str,
        e: impl std::fmt::Display,
        at: Option<CellAt>,
        last: Option<(u32, u32)>,
    ) -> Error {
        let file = format!("{}, sheet {sheet}", self.file);
        let Some(at) = at else {
            return match last {
                Some((r, c)) => Error::Input {
                    file,
                    row: None,
                    column: None,
                    message: format!(
                        "cannot read the sheet past cell {}{} (the next cell is damaged): {e}",
                        column_letters(c),
                        r as u64 + 1
                    ),
                },
                None => self.sheet_error(sheet, e),
            };
        };
        let (row, col) = at.position.unwrap_or((at.row, u32::MAX));
        let name = at
            .reference
            .clone()
            .unwrap_or_else(|| format!("in row {}", row as u64 + 1));
        let what = match &at.shared {
            Some(index) => format!(
                "it refers to shared string {index} (counting from 0), which the workbook's \
                 table of shared strings (sharedStrings.xml) does not have ({e})"
            ),
            None => e.to_string(),
        };
        Error::Input {
            file,
            row: Some(row as usize + 1),
            column: (col != u32::MAX).then(|| column_letters(col)),
            message: format!(
                "cannot read cell {name}: {what}. The workbook is damaged; export it again, or \
                 open it in Excel or WPS and save it again"
            ),
        }
    }

    fn too_wide(&self, sheet: &str, what: String) -> Error {
        Error::Input {
            file: format!("{}, sheet {sheet}", self.file),
            row: None,
            column: None,
            message: format!("{what}; {}", self.limits.explain(Limit::Columns)),
        }
    }

    fn choose(&self, names: Vec<String>) -> Result<Vec<String>> {
        match &self.only {
            Some(name) => {
                if !names.iter().any(|n| n == name) {
                    return Err(Error::Usage(format!(
                        "{}: no sheet named {name:?}; the sheets are: {}",
                        self.file,
                        names.join(", ")
                    )));
                }
                Ok(vec![name.clone()])
            }
            // A name listed twice (a damaged workbook.xml) names one sheet: read once.
            None => {
                let mut seen = std::collections::HashSet::new();
                Ok(names
                    .into_iter()
                    .filter(|n| seen.insert(n.clone()))
                    .collect())
            }
        }
    }

    fn run(&self, tx: &SyncSender<Message>) -> Result<()> {
        use calamine::Reader;
        let reader = || {
            File::open(&self.path)
                .map(BufReader::new)
                .map_err(|e| Error::io(&self.path, e))
        };
        // xlsx and xlsb: cell by cell, in the order of the sheet's records.
        macro_rules! stream_book {
            ($wb:expr, $parts:expr, $merges:expr, $magnitudes:expr, $next:ident, $cell:path) => {{
                let mut wb = $wb;
                // The archive again, for reading each sheet's XML beside calamine's cells
                // (see `cellrefs`); `None` for xlsb, whose sheets are binary.
                let mut parts: Option<zip::ZipArchive<BufReader<File>>> = $parts;
                if let Some(z) = parts.as_mut() {
                    let sheets = cellrefs::sheet_parts(z);
                    if let Some((name, first, second)) = cellrefs::name_of_two_sheets(&sheets) {
                        return Err(Error::Input {
                            file: self.file.clone(),
                            row: None,
                            column: None,
                            message: format!(
                                "the workbook gives two different sheets the same name {name:?} \
                                 ({first} and {second}); they cannot be told apart, so the \
                                 second's rows would be lost. The workbook is damaged: open it \
                                 in Excel or WPS, let it repair the workbook, rename one of the \
                                 two sheets and save it again"
                            ),
                        });
                    }
                }
                let names = self.choose(wb.sheet_names())?;
                let hidden = hidden_sheets(wb.sheets_metadata());
                let date1904 = wb.has_1904_epoch();
                for name in &names {
                    if !self.begin(tx, name, names.len(), hidden.contains(name), date1904) {
                        return Ok(());
                    }
                    let merges = if self.size <= MERGE_SCAN_MAX_BYTES {
                        $merges(&mut wb, name)
                    } else {
                        Vec::new()
                    };
                    let magnitudes = $magnitudes(&mut wb, name);
                    let part = parts.as_mut().and_then(|z| cellrefs::sheet_part(z, name));
                    let mut ordered = true;
                    // The sheet's cells were checked against their rows (see `cellrefs`).
                    let mut checked = false;
                    loop {
                        let stop = match wb.worksheet_cells_reader(name) {
                            // A chart sheet: no cells (as calamine's own range reader says).
                            Err(e) if SheetError::not_a_worksheet(&e) => Ok(()),
                            Err(e) => return Err(self.sheet_error(name, e)),
                            Ok(mut cells) => {
                                let dims = cells.dimensions();
                                self.check_dimension(name, dims.start.1, dims.end.1)?;
                                let merged = MergeFill::new(merges.clone());
                                // Cells (`<c>` records, empty ones too) read, and the last
                                // one with a value.
                                let mut seen = 0usize;
                                let mut last: Option<(u32, u32)> = None;
                                let part = part.as_deref();
                                self.stream(tx, name, ordered, merged, || loop {
                                    match cells.$next() {
                                        Ok(Some(c)) => {
                                            seen += 1;
                                            let Some(mut x) = $cell(&c) else { continue };
                                            if let Some(word) = magnitudes.get(&(x.0, x.1)) {
                                                in_magnitude(&mut x.2, word);
                                            }
                                            // At or left of the cell before it in its row, or
                                            // in an earlier row: how a cell written with
                                            // another row's reference shows.
                                            let back = last.is_some_and(|(r, col)| {
                                                x.0 < r || (x.0 == r && x.1 <= col)
                                            });
                                            if back && !checked {
                                                checked = true;
                                                let misplaced = open_refs(&mut parts, part)
                                                    .and_then(|mut r| r.misplaced());
                                                if let Some((at, fault)) = misplaced {
                                                    return Err(
                                                        self.misplaced_cell(name, &at, fault)
                                                    );
                                                }
                                            }
                                            last = Some((x.0, x.1));
                                            return Ok(Some(x));
                                        }
                                        Ok(None) => return Ok(None),
                                        Err(e) => {
                                            // The `<c>` calamine stopped on.
                                            let at = open_refs(&mut parts, part)
                                                .and_then(|mut r| r.after(seen));
                                            return Err(self.cell_error(name, e, at, last));
                                        }
                                    }
                                })
                            }
                        };
                        match stop {
                            Ok(()) => break,
                            Err(Stop::OutOfOrder) if ordered => {
                                ordered = false;
                                if tx.send(Ok(Event::Restart)).is_err() {
                                    return Ok(());
                                }
                            }
                            Err(Stop::Gone) | Err(Stop::OutOfOrder) => return Ok(()),
                            Err(Stop::Failed(e)) => return Err(e),
                        }
                    }
                    if tx.send(Ok(Event::EndSheet)).is_err() {
                        return Ok(());
                    }
                }
            }};
        }
        match self.kind {
            BookKind::Xlsx => {
                // A sheet whose merged ranges cannot be read is read without them: its
                // cells say what is wrong, if anything is.
                stream_book!(
                    calamine::Xlsx::new(reader()?).map_err(|e| self.open_error(e))?,
                    zip::ZipArchive::new(reader()?).ok(),
                    |wb: &mut calamine::Xlsx<_>, name: &str| wb
                        .merge_cells_by_sheet_name(name)
                        .unwrap_or_default(),
                    magnitude_cells,
                    next_cell_with_formula_metadata,
                    xlsx_cell_with_pos
                )
            }
            BookKind::Xlsb => {
                // calamine does not read an xlsb sheet's merged ranges.
                stream_book!(
                    calamine::Xlsb::new(reader()?).map_err(|e| self.open_error(e))?,
                    None,
                    |_: &mut calamine::Xlsb<_>, _: &str| Vec::new(),
                    |_: &mut calamine::Xlsb<_>, _: &str| Magnitudes::new(),
                    next_cell,
                    cell_with_pos
                )
            }
            BookKind::Xls | BookKind::Ods => {
                let mut wb = match self.kind {
                    BookKind::Xls => calamine::Sheets::Xls(
                        calamine::Xls::new(reader()?).map_err(|e| self.xls_open_error(e))?,
                    ),
                    _ => calamine::Sheets::Ods(
                        calamine::Ods::new(reader()?).map_err(|e| self.open_error(e))?,
                    ),
                };
                let names = self.choose(wb.sheet_names())?;
                let hidden = hidden_sheets(wb.sheets_metadata());
                let date1904 = match &wb {
                    calamine::Sheets::Xls(x) => x.has_1904_epoch(),
                    // OpenDocument stores dates as dates, never as serials.
                    _ => false,
                };
                for name in &names {
                    if !self.begin(tx, name, names.len(), hidden.contains(name), date1904) {
                        return Ok(());
                    }
                    let range = wb
                        .worksheet_range(name)
                        .map_err(|e| self.sheet_error(name, e))?;
                    // An xls sheet's merged ranges are read with the workbook.
                    let merges = match &wb {
                        calamine::Sheets::Xls(x) => {
                            x.merge_cells_by_sheet_name(name).unwrap_or_default()
                        }
                        _ => Vec::new(),
                    };
                    let uncalculated = match self.kind {
                        BookKind::Xls => wb
                            .worksheet_formula(name)
                            .ok()
                            .filter(|f| never_calculated(&range, f)),
                        _ => None,
                    };
                    let merged = MergeFill::new(merges);
                    if !self.send_range(tx, name, &range, uncalculated.as_ref(), merged)? {
                        return Ok(());
                    }
                    if tx.send(Ok(Event::EndSheet)).is_err() {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }

    /// Sends the `Sheet` event; false when the consumer has gone.
    fn begin(
        &self,
        tx: &SyncSender<Message>,
        name: &str,
        sheets: usize,
        hidden: bool,
        date1904: bool,
    ) -> bool {
        tx.send(Ok(Event::Sheet {
            name: Some(name.to_string()),
            sheets,
            hidden,
            date1904,
        }))
        .is_ok()
    }

    /// Refuses a sheet whose declared dimension is wider than the column limit.
    fn check_dimension(&self, sheet: &str, first: u32, last: u32) -> Result<()> {
        let width = u64::from(last.saturating_sub(first)) + 1;
        if width > self.limits.max_columns || u64::from(last) >= self.limits.max_columns {
            return Err(self.too_wide(
                sheet,
                format!(
                    "the sheet declares {} columns (up to column {}), more than the {} allowed",
                    width,
                    u64::from(last) + 1,
                    self.limits.max_columns
                ),
            ));
        }
        Ok(())
    }

    /// Streams a sheet's cells (given by `next`) as rows. With `ordered`, rows are sent as
    /// they complete and a cell of an earlier row stops with `OutOfOrder`; without, every
    /// cell is collected and sorted first.
    fn stream(
        &self,
        tx: &SyncSender<Message>,
        sheet: &str,
        ordered: bool,
        merged: MergeFill,
        mut next: impl FnMut() -> Result<Option<(u32, u32, Cell)>>,
    ) -> std::result::Result<(), Stop> {
        let max_col = self.limits.max_columns;
        let mut next_checked = || -> std::result::Result<Option<(u32, u32, Cell)>, Stop> {
            match next() {
                Ok(Some((r, c, cell))) => {
                    // A reference past Excel's last row (a broken or crafted writer's
                    // A4294967295) would make billions of blank rows between it and the last.
                    if r >= EXCEL_MAX_ROWS {
                        return Err(Stop::Failed(self.sheet_error(
                            sheet,
                            format!(
                                "a cell in row {}, past Excel's last row ({EXCEL_MAX_ROWS}): the \
                                 file is damaged",
                                u64::from(r) + 1
                            ),
                        )));
                    }
                    if u64::from(c) >= max_col {
                        return Err(Stop::Failed(self.too_wide(
                            sheet,
                            format!(
                                "row {} has a cell in column {}, more than the {} allowed",
                                r as u64 + 1,
                                c as u64 + 1,
                                max_col
                            ),
                        )));
                    }
                    Ok(Some((r, c, cell)))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(Stop::Failed(e)),
            }
        };
        let mut rows = RowAssembler::new(tx, merged);
        if ordered {
            while let Some((r, c, cell)) = next_checked()? {
                rows.push(r, c, cell)?;
            }
        } else {
            let mut all = Vec::new();
            while let Some(x) = next_checked()? {
                all.push(x);
            }
            // Stable: of two cells at one position, the later one wins, as in calamine.
            all.sort_by_key(|&(r, c, _)| (r, c));
            for (r, c, cell) in all {
                rows.push(r, c, cell)?;
            }
        }
        rows.finish()
    }

    /// Sends a whole calamine range (xls, ods) as rows, as calamine lays it out. With
    /// `uncalculated`, the sheet's formulas, which were saved without their results (see
    /// [`never_calculated`]): each formula cell becomes an error value holding its formula,
    /// as an xlsx's formula without a `<v>` does ([`xlsx_cell_with_pos`]).
    fn send_range(
        &self,
        tx: &SyncSender<Message>,
        sheet: &str,
        range: &calamine::Range<calamine::Data>,
        uncalculated: Option<&calamine::Range<String>>,
        mut merged: MergeFill,
    ) -> Result<bool> {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        if let Some((_, last)) = range.end() {
            self.check_dimension(sheet, col0, last)?;
        }
        let mut batch = Vec::new();
        let mut cells_in_batch = 0;
        for (i, r) in range.rows().enumerate() {
            let mut cells = Vec::with_capacity(col0 as usize + r.len());
            // Keep column positions as the sheet has them when the used range does not
            // start in column A.
            cells.resize(col0 as usize, Cell::Empty);
            cells.extend(r.iter().map(cell_of_data));
            if let Some(formulas) = uncalculated {
                let row = row0 + i as u32;
                for (c, cell) in cells.iter_mut().enumerate().skip(col0 as usize) {
                    let formula = formulas
                        .get_value((row, c as u32))
                        .filter(|f| !f.is_empty());
                    if let (Some(f), true) = (formula, cell.is_empty()) {
                        *cell = Cell::Error(format!("={f}"));
                    }
                }
            }
            let (filled, across) = merged.fill(row0 + i as u32, &mut cells);
            cells_in_batch += cells.len() + 1;
            batch.push(Row {
                line: row0 as usize + i + 1,
                cells,
                filled,
                across,
            });
            if batch.len() >= BATCH_ROWS || cells_in_batch >= BATCH_CELLS {
                cells_in_batch = 0;
                let full = std::mem::take(&mut batch);
                if tx.send(Ok(Event::Batch(Batch::Rows(full)))).is_err() {
                    return Ok(false);
                }
            }
        }
        if !batch.is_empty() && tx.send(Ok(Event::Batch(Batch::Rows(batch)))).is_err() {
            return Ok(false);
        }
        Ok(true)
    }
}

/// The errors of calamine's cell readers, for telling a chart sheet from a broken sheet.
trait SheetError: std::fmt::Display {
    fn not_a_worksheet(&self) -> bool {
        false
    }
}

impl SheetError for calamine::XlsxError {
    fn not_a_worksheet(&self) -> bool {
        matches!(self, calamine::XlsxError::NotAWorksheet(_))
    }
}

impl SheetError for calamine::XlsbError {}

/// A reader of a sheet's `<c>` elements from its start (see [`cellrefs`]), when the
/// workbook is an xlsx whose sheet part was found.
fn open_refs<'z>(
    parts: &'z mut Option<zip::ZipArchive<BufReader<File>>>,
    part: Option<&str>,
) -> Option<CellRefs<'z>> {
    let (zip, part) = (parts.as_mut()?, part?);
    let index = cellrefs::part_index(zip, part)?;
    zip.by_index(index).ok().map(CellRefs::new)
}

/// An xlsx cell as (row, column, cell), or `None` when it is empty. A formula saved
/// without its result (as Python's openpyxl and some report tools write them) is not an
/// empty cell: it becomes an error value holding the formula (`=C2-D2`), so that a field
/// reading it is rejected with the reason instead of being silently missing.
fn xlsx_cell_with_pos(c: &calamine::XlsxCellFormulaMetadataRecord<'_>) -> Option<(u32, u32, Cell)> {
    let (r, col) = c.pos;
    match (cell_of(&c.value), &c.formula) {
        (Some(cell), _) => Some((r, col, cell)),
        (None, None) => None,
        (None, Some(f)) => {
            let text = match f {
                calamine::XlsxFormulaMetadata::Normal { formula }
                | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula.as_str(),
                // A derived cell of a shared formula (its text is the anchor's, shifted).
                _ => "",
            };
            Some((r, col, Cell::Error(format!("={text}"))))
        }
    }
}

/// Whether an xls sheet's formulas were saved without their results: it has formulas and
/// not one of them holds a result but the empty string. A program that writes .xls without
/// calculating (Python's xlwt, the Java exporters JXL and POI-HSSF behind many court
/// systems' 导出Excel) gives every formula the BIFF marker "empty string", which Excel
/// replaces by recalculating on opening; read as it stands, every such amount would be
/// silently blank. The marker alone cannot tell that from a formula Excel computed to ""
/// (=IF(B2="","",B2*1)), but a workbook Excel calculated holds the results of its other
/// formulas: one number, text, truth value or error value among them says it was.
fn never_calculated(
    range: &calamine::Range<calamine::Data>,
    formulas: &calamine::Range<String>,
) -> bool {
    let mut any = false;
    for (r, c, f) in formulas.used_cells() {
        if f.is_empty() {
            continue;
        }
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        let at = (r0 + r as u32, c0 + c as u32);
        match range.get_value(at) {
            None | Some(calamine::Data::Empty) => {}
            Some(calamine::Data::String(s)) if s.is_empty() => {}
            Some(_) => return false,
        }
        // A formula that may itself give "" (=IF(F2="","",F2-E2)) says nothing: a sheet
        // of such alone, all blank (no case closed yet), was calculated as well as not.
        any |= !f.contains("\"\"");
    }
    any
}

/// A calamine cell as (row, column, cell), or `None` when it is empty.
fn cell_with_pos(c: &calamine::Cell<calamine::DataRef<'_>>) -> Option<(u32, u32, Cell)> {
    let (r, col) = c.get_position();
    cell_of(c.get_value()).map(|cell| (r, col, cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// a-wanyuan-number-format: the unit a number format shows after the number, only when
    /// the number is shown as the cell holds it.
    #[test]
    fn a_number_format_showing_wan_after_the_number_is_told() {
        assert_eq!(magnitude_of_format("0.00\"万元\""), Some("万元"));
        assert_eq!(magnitude_of_format("#,##0.00\"万\""), Some("万"));
        assert_eq!(magnitude_of_format("0.00万元"), Some("万元"));
        assert_eq!(
            magnitude_of_format("[Red]#,##0.0 \"万元\";-0.0"),
            Some("万元")
        );
        // Other units are left as they were (read as the header says).
        assert_eq!(magnitude_of_format("0.00\"亿元\""), None);
        assert_eq!(magnitude_of_format("0.00\"十万元\""), None);
        assert_eq!(magnitude_of_format("0.00\"千元\""), None);
        assert_eq!(magnitude_of_format("0\\万"), Some("万"));
        // 125000 shown as 12.5000万元: the cell holds 元.
        assert_eq!(magnitude_of_format("0!.0000\"万元\""), None);
        assert_eq!(magnitude_of_format("0\\.0000\"万\""), None);
        assert_eq!(magnitude_of_format("0.0,\"万\""), None);
        assert_eq!(magnitude_of_format("[>=10000]0.00\"万\";0"), None);
        // Not a money unit, or no number shown.
        assert_eq!(magnitude_of_format("0\"万人\""), None);
        assert_eq!(magnitude_of_format("0.00\"元\""), None);
        assert_eq!(magnitude_of_format("@\"万元\""), None);
        assert_eq!(magnitude_of_format("General"), None);
        assert_eq!(magnitude_of_format("#,##0.00"), None);
        assert_eq!(magnitude_of_format("yyyy\"年\"m\"月\"d\"日\""), None);
    }

    /// The review of round 50: a calculated .xls whose only formulas give "" on every row
    /// (=IF(F2="","",F2-E2) with no case closed yet) was taken for one never calculated.
    #[test]
    fn formulas_that_may_give_empty_text_do_not_say_a_sheet_was_never_calculated() {
        let sheet = |formulas: &[&str]| {
            let n = formulas.len() as u32;
            let mut range = calamine::Range::new((0, 0), (n - 1, 0));
            let mut f = calamine::Range::new((0, 0), (n - 1, 0));
            for (i, text) in formulas.iter().enumerate() {
                range.set_value((i as u32, 0), calamine::Data::String(String::new()));
                f.set_value((i as u32, 0), text.to_string());
            }
            never_calculated(&range, &f)
        };
        assert!(!sheet(&[
            "IF(F2=\"\",\"\",F2-E2)",
            "IF(F3=\"\",\"\",F3-E3)"
        ]));
        assert!(sheet(&["600.5*1", "0*1"]));
        assert!(sheet(&["IF(F2=\"\",\"\",F2-E2)", "600.5*1"]));
    }

    #[test]
    fn dtd_detection() {
        assert!(declares_dtd(
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><worksheet/>"
        ));
        assert!(!declares_dtd(
            b"<?xml version=\"1.0\"?>\n<worksheet><t>&lt;!DOCTYPE</t></worksheet>"
        ));
        assert!(!declares_dtd(
            b"<?xml version=\"1.0\"?><worksheet><t><!DOCTYPE</t></worksheet>"
        ));
        let utf16: Vec<u8> = "<?xml?><!DOCTYPE x><a/>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(declares_dtd(&utf16));
        let long = format!("<?xml?><!--{}--><a/>", " ".repeat(PROLOG_SCAN as usize));
        assert!(declares_dtd(&long.as_bytes()[..PROLOG_SCAN as usize]));
        assert!(!declares_dtd(b"<?xml?>  "));
    }

    /// l-amount-with-date-format-lost: a date-styled cell keeps the number it stores (in a
    /// 1904 workbook too: the stored number, not the 1900 system's), for the fields that
    /// read numbers; a duration stays a number.
    #[test]
    fn a_date_styled_cell_keeps_its_stored_number() {
        use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType};
        for is_1904 in [false, true] {
            let dt = ExcelDateTime::new(123_456.78, ExcelDateTimeType::DateTime, is_1904);
            for cell in [
                cell_of_data(&Data::DateTime(dt)),
                cell_of(&DataRef::DateTime(dt)).unwrap(),
            ] {
                let Cell::DateTime(shown, stored) = cell else {
                    panic!("{cell:?}");
                };
                assert_eq!(Some(shown), dt.as_datetime());
                assert_eq!(stored, Some(123_456.78));
            }
        }
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_of_data(&Data::DateTime(duration)), Cell::Number(1.5));
    }
}
