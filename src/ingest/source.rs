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
//! UTF-8 on the way in. The file is read once: hashed for the manifest as it is parsed,
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

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};
use std::thread::JoinHandle;

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use super::cell::Cell;
use super::limits::{show_bytes, Limit, Limits};
use crate::{Error, Result};

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
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
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
}

impl RecordBatch {
    fn new(enc: &'static Encoding) -> Self {
        RecordBatch {
            data: Vec::new(),
            bounds: vec![0],
            rows: Vec::new(),
            enc,
        }
    }

    fn clear(&mut self) {
        self.data.clear();
        self.bounds.clear();
        self.bounds.push(0);
        self.rows.clear();
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn push_record(&mut self, line: usize, fields: &[u8], ends: &[usize]) {
        let base = self.data.len();
        self.rows.push((line, self.bounds.len() - 1));
        self.data.extend_from_slice(fields);
        self.bounds.extend(ends.iter().map(|e| base + e));
    }

    /// Row `r` decoded into `row`, reusing its cells' strings.
    pub fn row_into(&self, r: usize, row: &mut Row) {
        let (line, first) = self.rows[r];
        let last = self
            .rows
            .get(r + 1)
            .map_or(self.bounds.len() - 1, |&(_, f)| f);
        row.line = line;
        row.cells.truncate(last - first);
        for (k, j) in (first..last).enumerate() {
            let field = &self.data[self.bounds[j]..self.bounds[j + 1]];
            match row.cells.get_mut(k) {
                Some(cell) => decode_field_into(field, self.enc, cell),
                None => row.cells.push(decode_field(field, self.enc)),
            }
        }
    }

    /// Row `r`, its fields decoded in the file's encoding.
    pub fn row(&self, r: usize) -> Row {
        let (line, first) = self.rows[r];
        let last = self
            .rows
            .get(r + 1)
            .map_or(self.bounds.len() - 1, |&(_, f)| f);
        let cells = (first..last)
            .map(|j| decode_field(&self.data[self.bounds[j]..self.bounds[j + 1]], self.enc))
            .collect();
        Row { line, cells }
    }
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

    /// Row `i`: borrowed when it is already cells, decoded when it is CSV bytes.
    pub fn row(&self, i: usize) -> Cow<'_, Row> {
        match self {
            Batch::Rows(r) => Cow::Borrowed(&r[i]),
            Batch::Records(r) => Cow::Owned(r.row(i)),
        }
    }
}

/// What a file reader sends, in order: for each sheet, `Sheet`, its batches, `EndSheet`.
#[derive(Debug)]
pub enum Event {
    /// A sheet begins. `name` is `None` for CSV and Parquet; `sheets` is how many sheets of
    /// the file will be read.
    Sheet {
        name: Option<String>,
        sheets: usize,
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
    pub size_bytes: u64,
    pub sha256: String,
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
                    }))) => {
                        self.size_bytes = size_bytes;
                        self.sha256 = sha256;
                        self.encoding = Some(encoding);
                        self.notes = notes;
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

/// Opens `path` by its extension. `sheet` limits a workbook to one named sheet.
pub fn open(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<FileReader> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => open_workbook(path, &file, &ext, sheet, limits),
        "csv" | "tsv" | "txt" => open_delimited(path, &file, ext == "tsv", limits),
        "parquet" => open_parquet(path, &file),
        _ => Err(Error::Usage(format!(
            "{file}: unknown file type {ext:?}; caseflow reads .xlsx, .xls, .csv, .tsv, .txt and .parquet"
        ))),
    }
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

// ---------------------------------------------------------------------------------------
// Delimited text
// ---------------------------------------------------------------------------------------

/// What is known of a delimited file's encoding when parsing starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    /// Decided: a UTF-16 BOM, or a first megabyte that is not UTF-8.
    Sure(&'static Encoding),
    /// UTF-8 as far as the first megabyte goes (after a UTF-8 BOM when `bom`); the rest is
    /// checked as it is parsed.
    Utf8 { bom: bool },
}

/// GBK (read as its superset GB18030) unless the bytes clearly are Big5 (Hong Kong/Taiwan
/// documents): court exports that are not Unicode are GBK.
fn legacy_encoding(prefix: &[u8], whole: bool) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A prefix tells GBK from Big5 as well as the whole file does; the detector is slow
    // (a 200 MB export took half a minute in it).
    det.feed(prefix, whole);
    if det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow) == encoding_rs::BIG5 {
        encoding_rs::BIG5
    } else {
        encoding_rs::GB18030
    }
}

/// The encoding as far as the first megabyte tells, and the BOM's length.
fn first_guess(prefix: &[u8], size: u64) -> (Guess, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(prefix) {
        if enc == encoding_rs::UTF_8 {
            return (Guess::Utf8 { bom: true }, bom);
        }
        return (Guess::Sure(enc), bom);
    }
    let whole = prefix.len() as u64 == size;
    match std::str::from_utf8(prefix) {
        Ok(_) => (Guess::Utf8 { bom: false }, 0),
        // A character cut by the end of the prefix, not of the file.
        Err(e) if !whole && e.error_len().is_none() => (Guess::Utf8 { bom: false }, 0),
        Err(_) => (Guess::Sure(legacy_encoding(prefix, whole)), 0),
    }
}

/// Whether the file after `skip` bytes decodes as GB18030 without a single error.
fn gb18030_clean(path: &Path, skip: usize) -> Result<bool> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    f.seek(SeekFrom::Start(skip as u64))
        .map_err(|e| Error::io(path, e))?;
    let mut dec = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut src = vec![0u8; READ_BLOCK];
    let mut dst = vec![0u8; 4 * READ_BLOCK + 16];
    loop {
        let n = read_full(&mut f, &mut src).map_err(|e| Error::io(path, e))?;
        let last = n < src.len();
        let mut pos = 0;
        loop {
            let (res, read, _) =
                dec.decode_to_utf8_without_replacement(&src[pos..n], &mut dst, last);
            pos += read;
            match res {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => continue,
                encoding_rs::DecoderResult::Malformed(..) => return Ok(false),
            }
        }
        if last {
            return Ok(true);
        }
    }
}

fn open_delimited(path: &Path, file: &str, tsv: bool, limits: &Limits) -> Result<FileReader> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let size = f.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut prefix = vec![0u8; DETECT_PREFIX.min(size as usize)];
    let n = read_full(&mut f, &mut prefix).map_err(|e| Error::io(path, e))?;
    prefix.truncate(n);
    let (guess, bom) = first_guess(&prefix, size);
    // The delimiter is sniffed from the first line; UTF-16 is transcoded first.
    let head = &prefix[bom.min(prefix.len())..];
    let first_bytes: Cow<[u8]> = match guess {
        Guess::Sure(enc) if is_utf16(enc) => {
            let mut dec = enc.new_decoder_without_bom_handling();
            let mut text = vec![0u8; 3 * head.len() + 16];
            let (_, _, written) = dec.decode_to_utf8_without_replacement(head, &mut text, false);
            text.truncate(written);
            Cow::Owned(text)
        }
        _ => Cow::Borrowed(head),
    };
    let delimiter = if tsv {
        b'\t'
    } else {
        sniff_delimiter(&first_bytes)
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let (recycle_tx, recycle_rx) = std::sync::mpsc::sync_channel::<RecordBatch>(4);
    let job = CsvJob {
        path: path.to_path_buf(),
        file: file.to_string(),
        delimiter,
        bom,
        prefix,
        size,
        limits: *limits,
    };
    let handle = std::thread::Builder::new()
        .name("caseflow-csv".into())
        .spawn(move || job.run(guess, tx, recycle_rx))
        .map_err(|e| Error::io(path, e))?;
    Ok(FileReader {
        file: file.to_string(),
        format: if delimiter == b'\t' { "tsv" } else { "csv" },
        // Known when the whole file has been read (see `Event::Info`).
        encoding: None,
        notes: Vec::new(),
        size_bytes: size,
        sha256: String::new(),
        events: Events::Thread {
            rx: Some(rx),
            handle: Some(handle),
            recycle: Some(recycle_tx),
        },
    })
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE
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

/// What the CSV reading thread parses from: the raw bytes, or UTF-16 transcoded to UTF-8.
enum Input {
    Raw(RawReader),
    Utf16(Box<Utf16Reader<RawReader>>),
}

impl Input {
    fn raw(&self) -> &RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Utf16(u) => &u.inner,
        }
    }

    fn raw_mut(&mut self) -> &mut RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Utf16(u) => &mut u.inner,
        }
    }

    fn into_raw(self) -> RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Utf16(u) => u.inner,
        }
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::Raw(r) => r.read(buf),
            Input::Utf16(u) => u.read(buf),
        }
    }
}

/// Marks an I/O error that is really undecodable UTF-16 text.
#[derive(Debug)]
struct BadText(String);

impl std::fmt::Display for BadText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadText {}

/// UTF-16 bytes in, UTF-8 bytes out; an unpaired surrogate is an error, never replaced.
struct Utf16Reader<R> {
    inner: R,
    enc: &'static Encoding,
    dec: encoding_rs::Decoder,
    src: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    fn new(inner: R, enc: &'static Encoding) -> Self {
        Utf16Reader {
            inner,
            enc,
            dec: enc.new_decoder_without_bom_handling(),
            src: vec![0u8; READ_BLOCK],
            pos: 0,
            len: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            // Fewer than 4 bytes of room may not hold one character: report none read now;
            // the CSV reader always comes back with a fresh block.
            if self.done || out.len() < 4 {
                return Ok(0);
            }
            if self.pos == self.len && !self.eof {
                self.len = read_full(&mut self.inner, &mut self.src)?;
                self.pos = 0;
                self.eof = self.len < self.src.len();
            }
            let (res, read, written) = self.dec.decode_to_utf8_without_replacement(
                &self.src[self.pos..self.len],
                out,
                self.eof,
            );
            self.pos += read;
            match res {
                encoding_rs::DecoderResult::Malformed(..) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        BadText(format!("invalid {} text", self.enc.name())),
                    ));
                }
                encoding_rs::DecoderResult::InputEmpty if self.eof => self.done = true,
                _ => {}
            }
            if written > 0 || self.done {
                return Ok(written);
            }
        }
    }
}

/// How one pass over a CSV file ended.
enum Pass {
    /// Every record was sent.
    Done(RawReader),
    /// The file is not UTF-8 after all: parse it again in this encoding.
    Again(&'static Encoding),
}

/// The CSV reading thread's settings.
struct CsvJob {
    path: PathBuf,
    file: String,
    delimiter: u8,
    bom: usize,
    /// The first megabyte, for the encoding detector.
    prefix: Vec<u8>,
    size: u64,
    limits: Limits,
}

impl CsvJob {
    fn run(self, mut guess: Guess, tx: SyncSender<Message>, recycle: Receiver<RecordBatch>) {
        let sheet = Event::Sheet {
            name: None,
            sheets: 1,
        };
        if tx.send(Ok(sheet)).is_err() {
            return;
        }
        let mut notes = Vec::new();
        let mut sent = false;
        // A file taken for UTF-8 that turns out not to be is parsed again (once) in the
        // encoding it has: nothing is decided on a prefix alone.
        let result = loop {
            match self.pass(guess, &tx, &recycle, &mut sent, &mut notes) {
                Ok(Pass::Again(enc)) => {
                    if sent && tx.send(Ok(Event::Restart)).is_err() {
                        return;
                    }
                    sent = false;
                    guess = Guess::Sure(enc);
                }
                Ok(Pass::Done(raw)) => break Ok((raw, guess)),
                Err(e) => break Err(e),
            }
        };
        let last = result.map(|(raw, guess)| {
            let encoding = match guess {
                Guess::Utf8 { bom } => encoding_name(encoding_rs::UTF_8, bom),
                // UTF-16 is read as the UTF-8 it was transcoded to (named as before).
                Guess::Sure(e) if is_utf16(e) => encoding_name(encoding_rs::UTF_8, false),
                Guess::Sure(e) => encoding_name(e, false),
            };
            Event::Info {
                size_bytes: raw.size,
                sha256: raw.sha256(),
                encoding,
                notes,
            }
        });
        if let Ok(info) = last {
            if tx.send(Ok(info)).is_ok() {
                let _ = tx.send(Ok(Event::EndSheet));
            }
        } else if let Err(e) = last {
            let _ = tx.send(Err(e));
        }
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        if let Some(bad) = e.get_ref().and_then(|x| x.downcast_ref::<BadText>()) {
            return input_error(&self.file, bad.to_string());
        }
        Error::io(&self.path, e)
    }

    /// The encoding a file taken for UTF-8 has, once a byte shows it is not UTF-8; `None`
    /// to go on reading it as UTF-8 (with a UTF-8 BOM, unless the whole file is GBK: its
    /// undecodable bytes then become field rejects).
    fn not_utf8(&self, bom: bool, notes: &mut Vec<String>) -> Result<Option<&'static Encoding>> {
        if !bom {
            let whole = self.prefix.len() as u64 == self.size;
            return Ok(Some(legacy_encoding(&self.prefix, whole)));
        }
        if gb18030_clean(&self.path, self.bom)? {
            // Some tools write a UTF-8 BOM in front of GBK text; believe the bytes.
            notes.push("UTF-8 BOM in front of GBK text: read as GBK".to_string());
            return Ok(Some(encoding_rs::GB18030));
        }
        Ok(None)
    }

    /// Parses the file once into batches and sends them; `sent` tells whether any batch
    /// went out. Returns early (`Done`) when the receiver has gone away.
    fn pass(
        &self,
        guess: Guess,
        tx: &SyncSender<Message>,
        recycle: &Receiver<RecordBatch>,
        sent: &mut bool,
        notes: &mut Vec<String>,
    ) -> Result<Pass> {
        use csv_core::ReadRecordResult as R;
        let check = matches!(guess, Guess::Utf8 { .. });
        let raw = RawReader::open(&self.path, self.bom, check).map_err(|e| self.io_error(e))?;
        let (mut input, enc, text_enc) = match guess {
            Guess::Utf8 { .. } => (Input::Raw(raw), encoding_rs::UTF_8, encoding_rs::UTF_8),
            Guess::Sure(e) if is_utf16(e) => (
                Input::Utf16(Box::new(Utf16Reader::new(raw, e))),
                encoding_rs::UTF_8,
                e,
            ),
            Guess::Sure(e) => (Input::Raw(raw), e, e),
        };
        let mut rdr = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        let max_fields = self.limits.max_columns.min(usize::MAX as u64) as usize;
        let max_bytes = self.limits.max_line_bytes;
        let mut buf = vec![0u8; READ_BLOCK];
        let (mut pos, mut len, mut eof) = (0usize, 0usize, false);
        // One record's field bytes and field ends, reused.
        let mut out = vec![0u8; 4096];
        let mut ends = vec![0usize; 64];
        // Line numbers are counted here from the bytes: the parser consumes a CRLF
        // terminator lazily, and blank lines before a record belong to no record.
        let mut newlines = 0usize;
        let mut batch = RecordBatch::new(enc);
        loop {
            let (mut outlen, mut endlen) = (0usize, 0usize);
            let mut line = 0usize;
            let mut started = false;
            let mut record_bytes = 0u64;
            let finished = loop {
                if pos == len && !eof {
                    len = read_full(&mut input, &mut buf).map_err(|e| self.io_error(e))?;
                    pos = 0;
                    eof = len == 0;
                    if input.raw().not_utf8 {
                        if let Guess::Utf8 { bom } = guess {
                            match self.not_utf8(bom, notes)? {
                                Some(e) => return Ok(Pass::Again(e)),
                                None => input.raw_mut().check_utf8 = false,
                            }
                        }
                    }
                }
                let (res, nin, nout, nend) =
                    rdr.read_record(&buf[pos..len], &mut out[outlen..], &mut ends[endlen..]);
                let consumed = &buf[pos..pos + nin];
                pos += nin;
                outlen += nout;
                endlen += nend;
                // Where the record starts: the first byte that is not a line break.
                let mut rest = consumed;
                if !started {
                    match rest.iter().position(|&b| b != b'\r' && b != b'\n') {
                        Some(i) => {
                            newlines += count_newlines(&rest[..i]);
                            line = newlines + 1;
                            started = true;
                            rest = &rest[i..];
                        }
                        None => {
                            newlines += count_newlines(rest);
                            rest = &[];
                        }
                    }
                }
                newlines += count_newlines(rest);
                record_bytes += rest.len() as u64;
                if record_bytes > max_bytes {
                    return Err(Error::Input {
                        file: self.file.clone(),
                        row: Some(line),
                        column: None,
                        message: format!(
                            "this CSV record runs past {} without ending (an unclosed quote \
                             makes the rest of the file one field, or the file is not {} text); {}",
                            show_bytes(max_bytes),
                            text_enc.name(),
                            self.limits.explain(Limit::LineBytes)
                        ),
                    });
                }
                match res {
                    R::InputEmpty => continue,
                    R::OutputFull => {
                        let n = out.len() * 2;
                        out.resize(n, 0);
                    }
                    R::OutputEndsFull => {
                        if endlen >= max_fields {
                            return Err(self.too_many_fields(line, None));
                        }
                        let n = (ends.len() * 2).min(max_fields + 1);
                        ends.resize(n, 0);
                    }
                    R::Record => break true,
                    R::End => break false,
                }
            };
            if !finished {
                break;
            }
            if endlen > max_fields {
                return Err(self.too_many_fields(line, Some(endlen)));
            }
            if !started {
                line = newlines + 1;
            }
            batch.push_record(line, &out[..outlen], &ends[..endlen]);
            if batch.len() >= BATCH_ROWS || batch.data.len() >= BATCH_BYTES {
                let fresh = recycle.try_recv().unwrap_or_else(|_| RecordBatch::new(enc));
                let mut full = std::mem::replace(&mut batch, fresh);
                full.enc = enc;
                batch.enc = enc;
                *sent = true;
                if tx.send(Ok(Event::Batch(Batch::Records(full)))).is_err() {
                    return Ok(Pass::Done(input.into_raw()));
                }
            }
        }
        if !batch.is_empty() {
            *sent = true;
            let _ = tx.send(Ok(Event::Batch(Batch::Records(batch))));
        }
        Ok(Pass::Done(input.into_raw()))
    }

    fn too_many_fields(&self, line: usize, count: Option<usize>) -> Error {
        let max = self.limits.max_columns;
        Error::Input {
            file: self.file.clone(),
            row: Some(line),
            column: None,
            message: match count {
                Some(n) => format!(
                    "this CSV record has {n} fields; {}",
                    self.limits.explain(Limit::Columns)
                ),
                None => format!(
                    "this CSV record has more than {max} fields; {}",
                    self.limits.explain(Limit::Columns)
                ),
            },
        }
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
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

// ---------------------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------------------

/// How much of the start of each XML part is searched for a document type declaration.
const PROLOG_SCAN: u64 = 64 * 1024;

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
    let mut zip = zip::ZipArchive::new(BufReader::new(f))
        .map_err(|e| input_error(file, format!("not a readable Excel workbook: {e}")))?;
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
            .map_err(|e| input_error(file, format!("not a readable Excel workbook: {e}")))?;
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
        let entry = zip.by_index(i).map_err(|e| {
            input_error(file, format!("not a readable Excel workbook: {name}: {e}"))
        })?;
        if let Err(e) = entry.take(PROLOG_SCAN).read_to_end(&mut head) {
            return Err(input_error(
                file,
                format!("not a readable Excel workbook: {name}: {e}"),
            ));
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
fn claimed_zip_entries(f: &mut File) -> std::io::Result<Option<u64>> {
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

/// Which calamine reader a workbook needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

fn open_workbook(
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
        size_bytes: size,
        sha256,
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
            Some(d) if dt.is_datetime() => Cell::DateTime(d),
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
            Some(d) if dt.is_datetime() => Cell::DateTime(d),
            _ => Cell::Number(dt.as_f64()),
        },
        D::DateTimeIso(s) | D::DurationIso(s) => Cell::Text(s.clone()),
        D::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Why streaming a sheet stopped early.
enum Stop {
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

/// Builds rows from cells given in row order and sends them in batches. Rows are numbered
/// from the sheet's first row that holds a cell; rows without cells between two rows with
/// cells are sent as blank rows (a sheet's trailing empty rows are not rows at all). A row's
/// cells stand at their column's index.
struct RowAssembler<'a> {
    tx: &'a SyncSender<Message>,
    current: Option<(u32, Vec<Cell>)>,
    batch: Vec<Row>,
    batch_cells: usize,
}

impl<'a> RowAssembler<'a> {
    fn new(tx: &'a SyncSender<Message>) -> Self {
        RowAssembler {
            tx,
            current: None,
            batch: Vec::new(),
            batch_cells: 0,
        }
    }

    fn push(&mut self, row: u32, col: u32, cell: Cell) -> std::result::Result<(), Stop> {
        match &mut self.current {
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
            for blank in r + 1..row {
                self.emit(blank, Vec::new())?;
            }
        }
        let mut cells = Vec::new();
        put(&mut cells, col, cell);
        self.current = Some((row, cells));
        Ok(())
    }

    fn emit(&mut self, row: u32, cells: Vec<Cell>) -> std::result::Result<(), Stop> {
        self.batch_cells += cells.len() + 1;
        self.batch.push(Row {
            line: row as usize + 1,
            cells,
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

    fn finish(mut self) -> std::result::Result<(), Stop> {
        if let Some((r, cells)) = self.current.take() {
            self.emit(r, cells)?;
        }
        self.flush()
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

    fn sheet_error(&self, sheet: &str, e: impl std::fmt::Display) -> Error {
        Error::Input {
            file: self.file.clone(),
            row: None,
            column: Some(format!("sheet {sheet}")),
            message: format!("cannot read the sheet: {e}"),
        }
    }

    fn too_wide(&self, sheet: &str, what: String) -> Error {
        Error::Input {
            file: self.file.clone(),
            row: None,
            column: Some(format!("sheet {sheet}")),
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
            None => Ok(names),
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
            ($wb:expr) => {{
                let mut wb = $wb;
                let names = self.choose(wb.sheet_names())?;
                for name in &names {
                    if !self.begin(tx, name, names.len()) {
                        return Ok(());
                    }
                    let mut ordered = true;
                    loop {
                        let stop = match wb.worksheet_cells_reader(name) {
                            // A chart sheet: no cells (as calamine's own range reader says).
                            Err(e) if SheetError::not_a_worksheet(&e) => Ok(()),
                            Err(e) => return Err(self.sheet_error(name, e)),
                            Ok(mut cells) => {
                                let dims = cells.dimensions();
                                self.check_dimension(name, dims.start.1, dims.end.1)?;
                                self.stream(tx, name, ordered, || loop {
                                    match cells.next_cell() {
                                        Ok(Some(c)) => {
                                            if let Some(x) = cell_with_pos(&c) {
                                                return Ok(Some(x));
                                            }
                                        }
                                        Ok(None) => return Ok(None),
                                        Err(e) => return Err(e.to_string()),
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
                stream_book!(calamine::Xlsx::new(reader()?).map_err(|e| self.open_error(e))?)
            }
            BookKind::Xlsb => {
                stream_book!(calamine::Xlsb::new(reader()?).map_err(|e| self.open_error(e))?)
            }
            BookKind::Xls | BookKind::Ods => {
                let mut wb = match self.kind {
                    BookKind::Xls => calamine::Sheets::Xls(
                        calamine::Xls::new(reader()?).map_err(|e| self.open_error(e))?,
                    ),
                    _ => calamine::Sheets::Ods(
                        calamine::Ods::new(reader()?).map_err(|e| self.open_error(e))?,
                    ),
                };
                let names = self.choose(wb.sheet_names())?;
                for name in &names {
                    if !self.begin(tx, name, names.len()) {
                        return Ok(());
                    }
                    let range = wb
                        .worksheet_range(name)
                        .map_err(|e| self.sheet_error(name, e))?;
                    if !self.send_range(tx, name, &range)? {
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
    fn begin(&self, tx: &SyncSender<Message>, name: &str, sheets: usize) -> bool {
        tx.send(Ok(Event::Sheet {
            name: Some(name.to_string()),
            sheets,
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
        mut next: impl FnMut() -> std::result::Result<Option<(u32, u32, Cell)>, String>,
    ) -> std::result::Result<(), Stop> {
        let max_col = self.limits.max_columns;
        let mut next_checked = || -> std::result::Result<Option<(u32, u32, Cell)>, Stop> {
            match next() {
                Ok(Some((r, c, cell))) => {
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
                Err(e) => Err(Stop::Failed(self.sheet_error(sheet, e))),
            }
        };
        let mut rows = RowAssembler::new(tx);
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

    /// Sends a whole calamine range (xls, ods) as rows, as calamine lays it out.
    fn send_range(
        &self,
        tx: &SyncSender<Message>,
        sheet: &str,
        range: &calamine::Range<calamine::Data>,
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
            cells_in_batch += cells.len() + 1;
            batch.push(Row {
                line: row0 as usize + i + 1,
                cells,
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

/// A calamine cell as (row, column, cell), or `None` when it is empty.
fn cell_with_pos(c: &calamine::Cell<calamine::DataRef<'_>>) -> Option<(u32, u32, Cell)> {
    let (r, col) = c.get_position();
    cell_of(c.get_value()).map(|cell| (r, col, cell))
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
                })
            }
            1 => {
                let mut rows = Vec::new();
                if let Some(h) = self.header.take() {
                    rows.push(Row { line: 1, cells: h });
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
                    rows.push(Row { line: i + 2, cells });
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
        size_bytes: size,
        sha256,
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
    use super::*;

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
    fn utf16_with_bom() {
        let text = "案号,被执行人\r\n1,张三\r\n\"多\n行\",李四\r\n2,王五\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let read = read(&bytes);
        assert_eq!(read.encoding, Some("UTF-8"));
        let rows = &read.sheets[0].rows;
        assert_eq!(rows[1].cells[1], Cell::Text("张三".into()));
        assert_eq!(rows[2].cells[0], Cell::Text("多\n行".into()));
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 5]);
    }

    #[test]
    fn broken_utf16_is_an_error() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        bytes.extend_from_slice(&0xD800u16.to_le_bytes()); // a lone surrogate
        bytes.extend_from_slice(&(b'x' as u16).to_le_bytes());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, &bytes).unwrap();
        let err = read_file(&p, None, &Limits::default()).unwrap_err();
        assert!(err.to_string().contains("invalid UTF-16LE text"), "{err}");
    }

    #[test]
    fn quoted_newlines_keep_the_starting_line() {
        let read = read("a,b\n\"x\ny\",2\nz,3\n".as_bytes());
        let lines: Vec<usize> = read.sheets[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
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

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"abc\n"), b',');
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
}
