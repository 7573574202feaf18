//! Delimited text (CSV, TSV, TXT): encoding, delimiter, and the reading thread that parses
//! records with `csv-core` into flat batches of field bytes.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};

use encoding_rs::Encoding;

use super::*;

/// What is known of a delimited file's encoding when parsing starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    /// Decided: a UTF-16 BOM, or a first megabyte that is not UTF-8.
    Sure(&'static Encoding),
    /// UTF-8 as far as the first megabyte goes (after a UTF-8 BOM when `bom`); the rest is
    /// checked as it is parsed.
    Utf8 { bom: bool },
    /// UTF-32 with its BOM (`FF FE 00 00`, or `00 00 FE FF` when `be`), as some
    /// "Unicode" savers write: encoding_rs has no UTF-32, so it is transcoded here
    /// ([`Utf32Reader`]). Told before UTF-16, whose BOM is the first two bytes of the
    /// little-endian one: read as UTF-16, every character came out followed by a U+0000.
    Utf32 { be: bool },
}

/// The UTF-32 BOM at the start of `prefix`: big-endian or not.
fn utf32_bom(prefix: &[u8]) -> Option<bool> {
    match prefix.get(..4) {
        Some(b"\xff\xfe\x00\x00") => Some(false),
        Some(b"\x00\x00\xfe\xff") => Some(true),
        _ => None,
    }
}

/// UTF-32 bytes as UTF-8, a unit that is no character replaced: for sniffing the
/// delimiter and line ends only (the records are read by [`Utf32Reader`], which replaces
/// nothing).
fn utf32_for_sniffing(bytes: &[u8], be: bool) -> Vec<u8> {
    let text: String = bytes
        .chunks_exact(4)
        .map(|u| {
            let u = [u[0], u[1], u[2], u[3]];
            let v = if be {
                u32::from_be_bytes(u)
            } else {
                u32::from_le_bytes(u)
            };
            char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect();
    text.into_bytes()
}

/// GBK (read as its superset GB18030) unless the bytes clearly are Big5 (Hong Kong/Taiwan
/// documents): court exports that are not Unicode are GBK.
fn legacy_encoding(prefix: &[u8], whole: bool) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A prefix tells GBK from Big5 as well as the whole file does; the detector is slow
    // (a 200 MB export took half a minute in it).
    det.feed(prefix, whole);
    if det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow) == encoding_rs::BIG5
        || big5_headers(prefix)
    {
        encoding_rs::BIG5
    } else {
        encoding_rs::GB18030
    }
}

/// Whether the first lines read as Big5 hold more of a case list's header words than read
/// as GBK: a short Big5 file gives the detector too little text to tell, while its header
/// (案號, 立案日期, 申請執行人) is plain in Big5 and noise in GBK.
fn big5_headers(prefix: &[u8]) -> bool {
    const WORDS: [&str; 12] = [
        "案號", "案号", "立案", "日期", "執行", "执行", "申請", "申请", "承辦", "承办", "標的",
        "标的",
    ];
    let head = &prefix[..prefix.len().min(4096)];
    let count = |enc: &'static Encoding| {
        let (text, _, _) = enc.decode(head);
        WORDS.iter().map(|w| text.matches(w).count()).sum::<usize>()
    };
    let big5 = count(encoding_rs::BIG5);
    big5 >= 2 && big5 > count(encoding_rs::GB18030)
}

/// How many characters beyond ASCII of valid UTF-8 there must be for each invalid
/// sequence for text to be UTF-8 with stray bytes ([`mostly_utf8`]). GBK read as UTF-8
/// has fewer valid characters than invalid sequences (a GBK pair forms a UTF-8 character
/// only by chance), so the margin is wide either way.
const UTF8_CHARS_PER_STRAY: usize = 4;

/// Whether text is UTF-8 with a few bytes of another encoding in it (a name pasted in from
/// a GBK file, files joined end to end) rather than text in a legacy encoding: read as
/// GBK, its every Chinese character would be misread, while read as UTF-8 only the fields
/// with the stray bytes are lost, each a field reject with its bytes in hex. Needs some
/// text beyond ASCII, so that an ASCII start says nothing.
fn mostly_utf8(bytes: &[u8]) -> bool {
    // A valid character beyond ASCII has exactly one byte of 0xC0 or more.
    let leads = |b: &[u8]| b.iter().filter(|&&x| x >= 0xC0).count();
    let (mut chars, mut strays) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                chars += leads(rest);
                break;
            }
            Err(e) => {
                chars += leads(&rest[..e.valid_up_to()]);
                let Some(bad) = e.error_len() else { break };
                strays += 1;
                rest = &rest[e.valid_up_to() + bad..];
            }
        }
    }
    chars > 0 && chars >= UTF8_CHARS_PER_STRAY * strays
}

/// The encoding as far as the first megabyte tells, and the BOM's length.
fn first_guess(prefix: &[u8], size: u64) -> (Guess, usize) {
    if let Some(be) = utf32_bom(prefix) {
        return (Guess::Utf32 { be }, 4);
    }
    if let Some((enc, bom)) = Encoding::for_bom(prefix) {
        if enc == encoding_rs::UTF_8 {
            return (Guess::Utf8 { bom: true }, bom);
        }
        return (Guess::Sure(enc), bom);
    }
    if let Some(enc) = utf16_without_bom(prefix) {
        return (Guess::Sure(enc), 0);
    }
    let whole = prefix.len() as u64 == size;
    match std::str::from_utf8(prefix) {
        Ok(_) => (Guess::Utf8 { bom: false }, 0),
        // A character cut by the end of the prefix, not of the file.
        Err(e) if !whole && e.error_len().is_none() => (Guess::Utf8 { bom: false }, 0),
        Err(_) if mostly_utf8(prefix) => (Guess::Utf8 { bom: false }, 0),
        Err(_) => (Guess::Sure(legacy_encoding(prefix, whole)), 0),
    }
}

/// The zero bytes of `head` at even offsets and at odd ones: UTF-16's ASCII has them on
/// one side only.
pub(super) fn zeros_by_parity(head: &[u8]) -> (usize, usize) {
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    (zeros(0), zeros(1))
}

/// UTF-16 written without its BOM: a table's commas, digits and line breaks are ASCII, one
/// zero byte each, all on the odd bytes (little-endian) or all on the even ones (big-endian).
/// Text in any 8-bit encoding has no zero bytes, or (NUL padding) on both alike.
pub(super) fn utf16_without_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    let head = &prefix[..prefix.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (even, odd) = zeros_by_parity(head);
    if odd * 5 >= pairs && even * 50 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 5 >= pairs && odd * 50 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
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

pub(super) fn open_delimited(
    path: &Path,
    file: &str,
    tsv: bool,
    limits: &Limits,
) -> Result<FileReader> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let size = f.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut prefix = vec![0u8; DETECT_PREFIX.min(size as usize)];
    let n = read_full(&mut f, &mut prefix).map_err(|e| Error::io(path, e))?;
    prefix.truncate(n);
    let (guess, bom) = first_guess(&prefix, size);
    // The delimiter is sniffed from the first lines; UTF-16 is transcoded first.
    let head = &prefix[bom.min(prefix.len())..];
    let first_bytes: Cow<[u8]> = match guess {
        Guess::Sure(enc) if is_utf16(enc) => {
            let mut dec = enc.new_decoder_without_bom_handling();
            let mut text = vec![0u8; 3 * head.len() + 16];
            let (_, _, written) = dec.decode_to_utf8_without_replacement(head, &mut text, false);
            text.truncate(written);
            Cow::Owned(text)
        }
        Guess::Utf32 { be } => Cow::Owned(utf32_for_sniffing(head, be)),
        // GBK and Big5 decoded, for sniffing only: a character's trail byte can be 0x7C
        // (珅 is AB 7C), which would count as a '|' of its line.
        Guess::Sure(enc) => {
            let (text, _) = enc.decode_without_bom_handling(head);
            Cow::Owned(text.into_owned().into_bytes())
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
    // Old Mac files end their lines with CR alone: counted by LF, every row would be row 1.
    let line_ends = line_ends(&first_bytes, delimiter);
    let job = CsvJob {
        path: path.to_path_buf(),
        file: file.to_string(),
        delimiter,
        bom,
        line_ends,
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
        warnings: Vec::new(),
        size_bytes: size,
        sha256: String::new(),
        // Known when the whole file has been read, as the encoding.
        empty_lines: 0,
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

/// What the CSV reading thread parses from: the raw bytes, or UTF-16 transcoded to UTF-8.
enum Input {
    Raw(RawReader),
    /// GBK or Big5 split on a delimiter that can be a character's trail byte: the raw
    /// bytes with those trail bytes escaped ([`TrailEscaper`]).
    Trail(Box<TrailEscaper<RawReader>>),
    Utf16(Box<Utf16Reader<RawReader>>),
    Utf32(Box<Utf32Reader<RawReader>>),
}

impl Input {
    fn raw(&self) -> &RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Trail(t) => &t.inner,
            Input::Utf16(u) => &u.inner,
            Input::Utf32(u) => &u.inner,
        }
    }

    fn raw_mut(&mut self) -> &mut RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Trail(t) => &mut t.inner,
            Input::Utf16(u) => &mut u.inner,
            Input::Utf32(u) => &mut u.inner,
        }
    }

    fn into_raw(self) -> RawReader {
        match self {
            Input::Raw(r) => r,
            Input::Trail(t) => t.inner,
            Input::Utf16(u) => u.inner,
            Input::Utf32(u) => u.inner,
        }
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::Raw(r) => r.read(buf),
            Input::Trail(t) => t.read(buf),
            Input::Utf16(u) => u.read(buf),
            Input::Utf32(u) => u.read(buf),
        }
    }
}

/// The byte that starts an escape in what [`TrailEscaper`] hands out: never a byte of
/// valid GBK or Big5 (their lead and trail bytes end at 0xFE).
const TRAIL_ESC: u8 = 0xFF;
/// After [`TRAIL_ESC`]: a trail byte that is the delimiter. After it, a second
/// [`TRAIL_ESC`] is a 0xFF the file has (a stray byte, kept to be said undecodable).
const TRAIL_DELIMITER: u8 = 0x01;

/// Whether a delimited file in `enc` must have its delimiter told from characters' trail
/// bytes: GBK's and Big5's second byte runs over 0x40..=0x7E, so '|' (珅 is AB 7C, 東 is
/// 96 7C in GBK) can be either; a comma, tab or semicolon cannot.
fn trail_can_be(enc: &'static Encoding, delimiter: u8) -> bool {
    enc != encoding_rs::UTF_8 && !is_utf16(enc) && (0x40..=0x7E).contains(&delimiter)
}

/// GBK or Big5 bytes in, the same bytes out, but for a trail byte that is the delimiter,
/// which goes out as [`TRAIL_ESC`] [`TRAIL_DELIMITER`], and a 0xFF, which goes out as two:
/// the CSV parser then splits on real delimiters only, and [`unescape_trails`] gives each
/// record its bytes back. Not transcoded: the fields stay the file's bytes, so that an
/// undecodable field is said with its bytes as in any GBK file, and a row of UTF-8 pasted
/// into a GBK file is still told by its bytes. A byte is a trail when it follows a lead
/// byte (0x81..=0xFE) that is not itself a trail, and the two decode as one character
/// (Big5 leaves some pairs unmapped; the decoder then reads the second byte as ASCII).
struct TrailEscaper<R> {
    inner: R,
    delimiter: u8,
    /// Per byte: a lead byte that makes a character with the delimiter as its trail.
    pairs: [bool; 256],
    /// The last byte handed out was a lead byte; which.
    lead: Option<u8>,
    /// The second byte of an escape that did not fit.
    pending: Option<u8>,
    src: Vec<u8>,
    pos: usize,
    len: usize,
}

impl<R: Read> TrailEscaper<R> {
    fn new(inner: R, enc: &'static Encoding, delimiter: u8) -> Self {
        let mut pairs = [false; 256];
        for lead in 0x81..=0xFEu8 {
            let pair = [lead, delimiter];
            let (text, had_errors) = enc.decode_without_bom_handling(&pair);
            pairs[usize::from(lead)] = !had_errors && text.chars().count() == 1;
        }
        TrailEscaper {
            inner,
            delimiter,
            pairs,
            lead: None,
            pending: None,
            src: vec![0u8; READ_BLOCK],
            pos: 0,
            len: 0,
        }
    }
}

impl<R: Read> Read for TrailEscaper<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        if let (Some(b), Some(o)) = (self.pending, out.first_mut()) {
            *o = b;
            self.pending = None;
            n = 1;
        }
        while n < out.len() {
            if self.pos == self.len {
                if n > 0 {
                    break;
                }
                self.len = self.inner.read(&mut self.src)?;
                self.pos = 0;
                if self.len == 0 {
                    break;
                }
            }
            let b = self.src[self.pos];
            self.pos += 1;
            let escape = match self.lead.take() {
                Some(lead) if b == self.delimiter && self.pairs[usize::from(lead)] => {
                    Some(TRAIL_DELIMITER)
                }
                Some(_) => None,
                None => {
                    if (0x81..=0xFE).contains(&b) {
                        self.lead = Some(b);
                    }
                    None
                }
            };
            let escape = if b == TRAIL_ESC {
                Some(TRAIL_ESC)
            } else {
                escape
            };
            match escape {
                None => {
                    out[n] = b;
                    n += 1;
                }
                Some(second) => {
                    out[n] = TRAIL_ESC;
                    n += 1;
                    match out.get_mut(n) {
                        Some(o) => {
                            *o = second;
                            n += 1;
                        }
                        None => self.pending = Some(second),
                    }
                }
            }
        }
        Ok(n)
    }
}

/// Gives a record parsed from [`TrailEscaper`]'s bytes its own bytes back: `out[..outlen]`
/// with its field ends `ends`, shortened in place. Returns the new length.
fn unescape_trails(out: &mut [u8], outlen: usize, ends: &mut [usize], delimiter: u8) -> usize {
    if !out[..outlen].contains(&TRAIL_ESC) {
        return outlen;
    }
    let (mut w, mut r, mut field) = (0, 0, 0);
    while r < outlen {
        while field < ends.len() && ends[field] <= r {
            ends[field] = w;
            field += 1;
        }
        let b = out[r];
        r += 1;
        out[w] = match (b, out.get(r).copied()) {
            (TRAIL_ESC, Some(TRAIL_DELIMITER)) if r < outlen => {
                r += 1;
                delimiter
            }
            (TRAIL_ESC, Some(TRAIL_ESC)) if r < outlen => {
                r += 1;
                TRAIL_ESC
            }
            _ => b,
        };
        w += 1;
    }
    for e in &mut ends[field..] {
        *e = w;
    }
    w
}

/// What stands for a bad UTF-16 code unit in the UTF-8 it is transcoded to, before its
/// bytes (each as two bytes 0x80 | half): not UTF-8, and no ASCII byte, so that neither a
/// delimiter nor a quote can come out of it. [`super::decode_field`] gives the bytes back.
pub(super) const UTF16_MARK: [u8; 2] = [0xFF, 0xFE];

/// Marks an I/O error that is really undecodable UTF-16 text.
#[derive(Debug)]
struct BadText(String);

impl std::fmt::Display for BadText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadText {}

/// UTF-16 bytes in, UTF-8 bytes out. A code unit that is no character (an unpaired
/// surrogate) is never replaced: its bytes go out marked ([`UTF16_MARK`]), so that its field
/// becomes a reject with its row, column and bytes in hex, as undecodable bytes of a UTF-8
/// or GBK file do, and the rest of the file is read. A file that ends inside a code unit
/// (cut at an odd byte) is an error that says so.
struct Utf16Reader<R> {
    inner: R,
    enc: &'static Encoding,
    dec: encoding_rs::Decoder,
    src: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    done: bool,
    /// Marked bytes of a bad code unit not yet handed out.
    pending: Vec<u8>,
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
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(n) = hand_out(&mut self.pending, out) {
                return Ok(n);
            }
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
            let start = self.pos;
            self.pos += read;
            match res {
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    // The bad unit's bytes (those still in this block: a unit cut by the
                    // block's start is shown in part).
                    let end = self.pos - usize::from(after);
                    let from = end.saturating_sub(usize::from(bad)).max(start);
                    let raw = &self.src[from..end];
                    if self.eof && self.pos == self.len && after == 0 && bad == 1 {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            BadText(format!(
                                "the file ends inside a {} character: its last byte (0x{:02x}) \
                                 has no partner, so the file was cut short at an odd byte; copy \
                                 or export it again",
                                self.enc.name(),
                                raw.first().copied().unwrap_or(0)
                            )),
                        ));
                    }
                    mark_bad_unit(&mut self.pending, raw);
                    if written > 0 {
                        return Ok(written);
                    }
                    continue;
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

/// Hands out marked bytes a reader holds back (a bad unit's), as many as `out` takes.
fn hand_out(pending: &mut Vec<u8>, out: &mut [u8]) -> Option<usize> {
    if pending.is_empty() {
        return None;
    }
    let n = pending.len().min(out.len());
    out[..n].copy_from_slice(&pending[..n]);
    pending.drain(..n);
    Some(n)
}

/// A unit of UTF-16 or UTF-32 that is no character, marked ([`UTF16_MARK`]) with its bytes
/// as pairs of continuation bytes, which the row parse turns back into the raw bytes of an
/// undecodable cell.
fn mark_bad_unit(pending: &mut Vec<u8>, raw: &[u8]) {
    pending.extend_from_slice(&UTF16_MARK);
    for b in raw {
        pending.extend_from_slice(&[0x80 | (b >> 4), 0x80 | (b & 0xF)]);
    }
}

/// UTF-32 bytes in, UTF-8 bytes out, as [`Utf16Reader`] does for UTF-16: a unit that is
/// no character (past U+10FFFF, or a surrogate) goes out marked ([`UTF16_MARK`]) so that
/// its field becomes a reject with its bytes in hex, and a file that ends inside a unit
/// (its size after the BOM not a multiple of 4) is an error that says it was cut short.
struct Utf32Reader<R> {
    inner: R,
    be: bool,
    src: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    /// Marked bytes of a bad unit not yet handed out.
    pending: Vec<u8>,
}

impl<R: Read> Utf32Reader<R> {
    fn new(inner: R, be: bool) -> Self {
        Utf32Reader {
            inner,
            be,
            // A multiple of 4: only the file's end can cut a unit.
            src: vec![0u8; READ_BLOCK],
            pos: 0,
            len: 0,
            eof: false,
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for Utf32Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(n) = hand_out(&mut self.pending, out) {
                return Ok(n);
            }
            // Fewer than 4 bytes of room may not hold one character (see `Utf16Reader`).
            if out.len() < 4 {
                return Ok(0);
            }
            if self.pos == self.len {
                if self.eof {
                    return Ok(0);
                }
                self.len = read_full(&mut self.inner, &mut self.src)?;
                self.pos = 0;
                self.eof = self.len < self.src.len();
            }
            let mut written = 0;
            while self.pos + 4 <= self.len && written + 4 <= out.len() {
                let u = &self.src[self.pos..self.pos + 4];
                let u = [u[0], u[1], u[2], u[3]];
                let v = if self.be {
                    u32::from_be_bytes(u)
                } else {
                    u32::from_le_bytes(u)
                };
                self.pos += 4;
                match char::from_u32(v) {
                    Some(c) => written += c.encode_utf8(&mut out[written..]).len(),
                    None => {
                        mark_bad_unit(&mut self.pending, &u);
                        break;
                    }
                }
            }
            if self.eof && self.pending.is_empty() && self.len - self.pos < 4 && self.pos < self.len
            {
                if written > 0 {
                    return Ok(written);
                }
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    BadText(format!(
                        "the file ends inside a UTF-32 character: its last {} byte(s) make no \
                         whole 4-byte unit, so the file was cut short; copy or export it again",
                        self.len - self.pos
                    )),
                ));
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

/// How one pass over a CSV file ended.
enum Pass {
    /// Every record was sent; the file's empty lines, which no record holds.
    Done(RawReader, usize),
    /// The file is not UTF-8 after all: parse it again in this encoding.
    Again(&'static Encoding),
}

/// Whether a record's first field looks like the start of a record of its own, not the
/// rest of a field cut by a line break: a case number's year in brackets (（2024）…), a
/// number alone (序号), or the same last character as the held record's first field (two
/// court names, 某某法院): two short rows of a writer that leaves out trailing empty
/// fields are not one record cut in two.
fn starts_record(next_first: &[u8], held_first: &[u8]) -> bool {
    let trim = |b: &[u8]| -> Vec<u8> {
        let t = b.trim_ascii();
        t.strip_prefix(b"\xef\xbb\xbf").unwrap_or(t).to_vec()
    };
    let (next, held) = (trim(next_first), trim(held_first));
    if next.is_empty() {
        return false;
    }
    let after_bracket = next
        .strip_prefix(b"(")
        .or_else(|| next.strip_prefix(b"["))
        .or_else(|| next.strip_prefix("（".as_bytes()))
        .or_else(|| next.strip_prefix("〔".as_bytes()))
        .or_else(|| next.strip_prefix("【".as_bytes()))
        // （ in GBK.
        .or_else(|| next.strip_prefix(&[0xa3, 0xa8]));
    if after_bracket.is_some_and(|r| r.len() >= 4 && r[..4].iter().all(u8::is_ascii_digit)) {
        return true;
    }
    if next.iter().all(u8::is_ascii_digit) {
        return true;
    }
    next.len() >= 6 && held.len() >= 6 && next[next.len() - 3..] == held[held.len() - 3..]
}

/// Whether a record's first field starts a record as the records of most exports do: a
/// 案号 (its year in brackets, or 执 … 号 in the file's encoding `enc`) or a 序号.
fn heads_record(first: &[u8], enc: &'static Encoding) -> bool {
    starts_record(first, &[]) || case_no_like(first, enc)
}

/// Whether a record's first field reads as a footer or a note under the table (制表人：郭梅,
/// 共3条记录, 合计): never the rest of the last record above it, however many fields it has.
fn footer_like(first: &[u8], enc: &'static Encoding) -> bool {
    let (t, _) = enc.decode_without_bom_handling(first);
    let t = t.trim();
    // A colon alone is no footer: a note cut in two (下落不明⏎联系电话：138…) goes on with
    // one. 共 only before a count (共3条记录), not 共同被执行人.
    t.strip_prefix('共')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || "计有".contains(c)))
        || [
            "制表",
            "填表",
            "填报",
            "审核",
            "复核",
            "打印",
            "导出",
            "合计",
            "总计",
            "小计",
            "注：",
            "注:",
            "说明",
            "负责人",
            "统计",
            "经办",
        ]
        .iter()
        .any(|w| t.starts_with(w))
}

/// A record's fields: its bytes and where each field ends.
struct Fields<'a> {
    out: &'a [u8],
    ends: &'a [usize],
}

impl Fields<'_> {
    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.out[start.min(self.out.len())..self.ends[i].min(self.out.len())]
    }
}

/// What a field's value is, told from its ASCII bytes alone (in GBK as in UTF-8).
#[derive(Clone, Copy)]
enum Kind {
    /// An amount or a count: digits, a thousands separator, a decimal point.
    Number,
    /// A date written with separators (2024-01-05, 2024/1/5, 2024.01.05, 2024年…).
    Date,
    Text,
}

/// The kind of a field's value; none for an empty one.
fn kind(field: &[u8]) -> Option<Kind> {
    let t = field.trim_ascii();
    if t.is_empty() {
        return None;
    }
    let digits4 = t.len() >= 6 && t[..4].iter().all(u8::is_ascii_digit);
    let sep = t.get(4).copied();
    let dots = t.iter().filter(|&&b| b == b'.').count();
    if digits4
        && (matches!(sep, Some(b'-' | b'/'))
            || (sep == Some(b'.') && dots >= 2)
            || t[4..].starts_with("年".as_bytes())
            // 年 in GBK.
            || t[4..].starts_with(&[0xc4, 0xea]))
    {
        return Some(Kind::Date);
    }
    let body = t.strip_prefix(b"-").unwrap_or(t);
    if body.iter().any(u8::is_ascii_digit)
        && body
            .iter()
            .all(|&b| b.is_ascii_digit() || b == b',' || b == b'.')
        && dots <= 1
    {
        return Some(Kind::Number);
    }
    Some(Kind::Text)
}

/// How many of the table's full records (those of its commonest width, past the first of
/// them, the header) hold each kind of value in each column. The first thousand tell
/// enough: the rest of a large file is not looked at again.
#[derive(Default)]
struct Profile {
    width: usize,
    columns: Vec<[u32; 3]>,
    records: u32,
}

impl Profile {
    /// Counts a full record; false for the first of its width (the header, most often),
    /// which starts the count again.
    fn count(&mut self, fields: &Fields) -> bool {
        let n = fields.ends.len();
        if n != self.width {
            self.width = n;
            self.columns = vec![[0; 3]; n];
            self.records = 0;
            return false;
        }
        if self.records >= 1000 {
            return true;
        }
        self.records += 1;
        for (i, column) in self.columns.iter_mut().enumerate() {
            if let Some(k) = kind(fields.get(i)) {
                column[k as usize] += 1;
            }
        }
        true
    }

    /// Whether a value fits column `c` of a table `width` fields wide as its full records
    /// fill it (a kind seen there); none where they say too little (fewer than two values)
    /// or are of another width.
    fn fits(&self, width: usize, c: usize, field: &[u8]) -> Option<bool> {
        if self.width != width {
            return None;
        }
        let k = kind(field)?;
        let column = self.columns.get(c)?;
        if column.iter().sum::<u32>() < 2 {
            return None;
        }
        Some(column[k as usize] > 0)
    }
}

/// Whether `next` is the rest of the short record `held`, cut by a line break outside
/// quotes, their fields together one record of the table's `width` (the caller checks the
/// count). The widths alone do not tell: a writer that leaves out trailing empty fields
/// writes short records whose widths often add up so, and a footer (制表人：…) stands below
/// a last record as short. So `next` must not start like a record (a 案号 or 序号, the same
/// kind of first field as `held`, a 案号 where `held` has one), nor like a footer; its values
/// must fit the columns they fall in when joined (an amount under the amount); and either
/// `held` starts like a record (its 案号, 序号, or the first field the full records have)
/// or `next`'s values do not fit their columns when it is read as a record of its own (an
/// amount under 立案日期).
fn continues(
    held: &Fields,
    next: &Fields,
    width: usize,
    profile: &Profile,
    last_full_first: &[u8],
    enc: &'static Encoding,
) -> bool {
    let (held_first, next_first) = (held.get(0), next.get(0));
    if next_first.trim_ascii().is_empty()
        || starts_record(next_first, held_first)
        || heads_record(next_first, enc)
        || footer_like(next_first, enc)
    {
        return false;
    }
    // A 案号 where the held record has its own, past its first field (序号, 申请执行人
    // before it): the next record's.
    let case_col = (1..held.ends.len()).find(|&k| case_no_like(held.get(k), enc));
    if case_col.is_some_and(|k| k < next.ends.len() && case_no_like(next.get(k), enc)) {
        return false;
    }
    let at = held.ends.len() - 1;
    // Only a number or a date out of place refuses: text (3万元, a placeholder -, 无) may
    // stand in any column of a messy export.
    if (1..next.ends.len()).any(|i| {
        profile.fits(width, at + i, next.get(i)) == Some(false)
            && !matches!(kind(next.get(i)), Some(Kind::Text))
    }) {
        return false;
    }
    heads_record(held_first, enc)
        || starts_record(held_first, last_full_first)
        || (1..next.ends.len()).any(|i| profile.fits(width, i, next.get(i)) == Some(false))
}

/// Short lines below a short record that do not start like a record and were not joined
/// with it: the parts of a record that a cell of three lines cut in three (no two of them
/// make one of the table's width), or a second half whose values do not fit the columns it
/// would fill. Read as they are, each is a row of its own, likely a made-up case (its
/// amount read as a filing date): named in the manifest, for a person to look.
#[derive(Default)]
struct Parts {
    lines: Vec<usize>,
    /// Whether the record before was short and started like a record, or was such a part.
    after_short: bool,
}

impl Parts {
    /// Takes a record not joined with the one above: `short` when it has fewer fields than
    /// the table's, `starts` when its first field starts like a record.
    fn see(
        &mut self,
        line: usize,
        short: bool,
        starts: bool,
        first: &[u8],
        enc: &'static Encoding,
    ) {
        let part = short
            && self.after_short
            && !starts
            && !first.trim_ascii().is_empty()
            && !footer_like(first, enc);
        if part {
            self.lines.push(line);
        }
        self.after_short = short && (starts || part);
    }
}

/// A record with fewer fields than the table's, held back to be joined with the next one
/// when together they make one record (see `CsvJob::pass`).
struct Held {
    line: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl Held {
    fn new(line: usize, out: &[u8], ends: &[usize]) -> Self {
        Held {
            line,
            out: out.to_vec(),
            ends: ends.to_vec(),
        }
    }

    /// The next record's fields after this one's, its first field continuing this one's
    /// last after the line break.
    fn join(&mut self, out: &[u8], ends: &[usize]) {
        self.ends.pop();
        self.out.push(b'\n');
        let base = self.out.len();
        self.out.extend_from_slice(out);
        self.ends.extend(ends.iter().map(|e| base + e));
    }
}

/// The CSV reading thread's settings.
struct CsvJob {
    path: PathBuf,
    file: String,
    delimiter: u8,
    bom: usize,
    /// How lines end, and so how they are counted.
    line_ends: LineEnds,
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
            hidden: false,
            date1904: false,
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
                Ok(Pass::Done(raw, empty)) => break Ok((raw, guess, empty)),
                Err(e) => break Err(e),
            }
        };
        let last = result.map(|(raw, guess, empty_lines)| {
            let encoding = match guess {
                Guess::Utf8 { bom } => encoding_name(encoding_rs::UTF_8, bom),
                // UTF-16 is read as the UTF-8 it was transcoded to, but the manifest says
                // what the file is: with its BOM, or told by its zero bytes without one.
                Guess::Sure(e) if is_utf16(e) => match (e == encoding_rs::UTF_16BE, self.bom > 0) {
                    (true, true) => "UTF-16BE (BOM)",
                    (false, true) => "UTF-16LE (BOM)",
                    (true, false) => "UTF-16BE",
                    (false, false) => "UTF-16LE",
                },
                Guess::Sure(e) => encoding_name(e, false),
                Guess::Utf32 { be: true } => "UTF-32BE (BOM)",
                Guess::Utf32 { be: false } => "UTF-32LE (BOM)",
            };
            Event::Info {
                size_bytes: raw.size,
                sha256: raw.sha256(),
                encoding,
                notes,
                // A cut last record is said by the sheet that rejects it (see `Batch::cut_off`).
                warnings: Vec::new(),
                empty_lines,
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
        if mostly_utf8(&self.prefix[self.bom.min(self.prefix.len())..]) {
            notes.push(
                "UTF-8 text with bytes of another encoding in places: read as UTF-8, a field \
                 of GBK Chinese as GBK, any other field with such bytes a reject with its \
                 bytes in hex"
                    .to_string(),
            );
            return Ok(None);
        }
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
            Guess::Utf8 { .. } => (Input::Raw(raw), encoding_rs::UTF_8, "UTF-8"),
            Guess::Sure(e) if is_utf16(e) => (
                Input::Utf16(Box::new(Utf16Reader::new(raw, e))),
                encoding_rs::UTF_8,
                e.name(),
            ),
            Guess::Sure(e) if trail_can_be(e, self.delimiter) => (
                Input::Trail(Box::new(TrailEscaper::new(raw, e, self.delimiter))),
                e,
                e.name(),
            ),
            Guess::Sure(e) => (Input::Raw(raw), e, e.name()),
            Guess::Utf32 { be } => (
                Input::Utf32(Box::new(Utf32Reader::new(raw, be))),
                encoding_rs::UTF_8,
                if be { "UTF-32BE" } else { "UTF-32LE" },
            ),
        };
        // CR alone ends a record of a CR-only file, and an LF is a cell's own line break
        // there, quoted or not (the default would end a record at an unquoted one too).
        // Otherwise csv_core's default ends a record at every line end: LF, CRLF or CR.
        let cr_only = self.line_ends == LineEnds::Cr;
        let term = if cr_only {
            csv_core::Terminator::Any(b'\r')
        } else {
            csv_core::Terminator::CRLF
        };
        let line_end: &[u8] = if cr_only { b"\r" } else { b"\n" };
        let mut rdr = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .terminator(term)
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
        // Whether the last byte read was a CR (a CRLF split between two reads is one line
        // end).
        let mut after_cr = false;
        // Line breaks inside quoted cells: Excel shows such a record as one row, and
        // `source_row` is the row a statistician finds when opening the file in Excel.
        let mut in_cells = 0usize;
        // Empty lines, which the parser skips: the rows between a record's row and the
        // previous record's (`last_line`), counted for the manifest (a line of bare
        // delimiters is a blank row; an empty line is one too). Counted from the line
        // numbers kept anyway, so it costs nothing per record.
        let mut empty_lines = 0usize;
        let mut last_line = 0usize;
        // The first record's width (the header's, in most exports), to tell a field that
        // swallowed whole records from a cell of several lines.
        let mut width = 0usize;
        // How many records have each width, and the commonest (the table's).
        let mut widths: Vec<u32> = vec![0];
        let mut mode = 0usize;
        let mut held: Option<Held> = None;
        let mut joined: Vec<usize> = Vec::new();
        // Short lines that may be the rest of a record cut by a line break outside quotes
        // but were not joined (see `Parts`).
        let mut parts = Parts::default();
        // What the table's full records hold in each column, and the first field of the
        // last one: what a second half must fit, and what a record starts with.
        let mut profile = Profile::default();
        let mut last_full_first: Vec<u8> = Vec::new();
        // The line of the record the file may be cut off inside, and the fields its rows
        // have.
        let mut cut: Option<(usize, usize)> = None;
        // The first batch's bytes are known up to the file's size (and the record that
        // fills it past its limit); its rows are not.
        let first_bytes =
            usize::try_from(self.size).map_or(BATCH_BYTES, |s| s.min(BATCH_BYTES)) + (1 << 16);
        let mut batch = RecordBatch::with_capacity(enc, first_bytes, 0, 0);
        let transcoded = !matches!(input, Input::Raw(_) | Input::Trail(_));
        let escaped = matches!(input, Input::Trail(_));
        batch.transcoded = transcoded;
        loop {
            let (mut outlen, mut endlen) = (0usize, 0usize);
            let mut line = 0usize;
            let mut started = false;
            let mut record_bytes = 0u64;
            let mut open_at_end = false;
            // The file ended inside the record, with no line end after it.
            let mut no_line_end = false;
            let finished = loop {
                if pos == len && !eof {
                    len = read_full(&mut input, &mut buf).map_err(|e| self.io_error(e))?;
                    pos = 0;
                    eof = len == 0;
                    if input.raw().not_utf8 {
                        if let Guess::Utf8 { bom } = guess {
                            match self.not_utf8(bom, notes)? {
                                Some(e) => return Ok(Pass::Again(e)),
                                // Decided once: stop checking, and forget the flag.
                                None => {
                                    let raw = input.raw_mut();
                                    raw.check_utf8 = false;
                                    raw.not_utf8 = false;
                                }
                            }
                        }
                    }
                }
                // The end of the file inside a record: a line break given to the parser
                // ends the record as the end of input would, unless a quote is still open
                // (then the break stays in the field, and the record is said, not read:
                // the rest of it would be one field, its other values lost). The parser
                // cannot be asked on a copy: csv_core's table does not clone whole.
                if eof && pos == len && started && !open_at_end {
                    no_line_end = true;
                    if outlen == out.len() {
                        let n = out.len() * 2;
                        out.resize(n, 0);
                    }
                    let (res, _, nout, nend) =
                        rdr.read_record(line_end, &mut out[outlen..], &mut ends[endlen..]);
                    match res {
                        R::Record => {
                            outlen += nout;
                            endlen += nend;
                            break true;
                        }
                        R::InputEmpty => {
                            outlen += nout;
                            endlen += nend;
                            open_at_end = true;
                        }
                        // No room for the field's end: made below, then asked again.
                        _ => {}
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
                let mut rest_after_cr = after_cr;
                if let Some(&b) = consumed.last() {
                    after_cr = b == b'\r';
                }
                if !started {
                    match rest.iter().position(|&b| b != b'\r' && b != b'\n') {
                        Some(i) => {
                            newlines += count_newlines(&rest[..i], self.line_ends, rest_after_cr);
                            line = newlines + 1 - in_cells;
                            started = true;
                            rest = &rest[i..];
                            rest_after_cr = false;
                        }
                        None => {
                            newlines += count_newlines(rest, self.line_ends, rest_after_cr);
                            rest = &[];
                        }
                    }
                }
                newlines += count_newlines(rest, self.line_ends, rest_after_cr);
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
                            text_enc,
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
            if escaped {
                outlen = unescape_trails(&mut out, outlen, &mut ends[..endlen], self.delimiter);
            }
            if !started {
                line = newlines + 1 - in_cells;
            }
            empty_lines += line.saturating_sub(last_line + 1);
            last_line = line;
            if width == 0 {
                width = endlen;
            }
            // A record over several lines: a quote left open swallows the records after it
            // into one field. Said, never read as one case with the others lost.
            let several_lines = out[..outlen].contains(&b'\n');
            if width >= 3 && several_lines {
                let at_end = eof && pos == len;
                let first = &out[..ends.first().copied().unwrap_or(0).min(outlen)];
                if let Some((k, swallowed)) =
                    swallowed_records(&out[..outlen], &ends[..endlen], self.delimiter, width)
                        .filter(|&(_, n, line)| {
                            n >= 2
                                || (n >= 1 && at_end)
                                || (n == 1 && starts_alike(first, line, self.delimiter, enc))
                        })
                        .map(|(k, n, _)| (k, n))
                        .or_else(|| {
                            case_line_in_field(&out[..outlen], &ends[..endlen], self.delimiter, enc)
                                .map(|k| (k, 1))
                        })
                {
                    return Err(Error::Input {
                        file: self.file.clone(),
                        row: Some(line),
                        column: None,
                        message: format!(
                            "field {} of this CSV record opens a quote (\") that is not closed \
                             before {swallowed} line(s) below it that read as records of their \
                             own ({width} fields, or a row's 序号 or 案号 in its column): they \
                             would be read as part of that one field, and their cases lost; close \
                             or remove the quote and ingest again",
                            k + 1,
                        ),
                    });
                }
            }
            // Said after the records it swallowed, if any, which tell more.
            if open_at_end {
                return Err(self.open_at_end(line, endlen));
            }
            if several_lines || self.line_ends != LineEnds::Lf {
                in_cells += count_newlines(&out[..outlen], self.line_ends, false);
            }
            // A byte-order mark inside the file (two exports joined into one) would hide
            // the repeated title or header it stands before.
            if enc == encoding_rs::UTF_8 && out[..outlen].starts_with(b"\xef\xbb\xbf") {
                out.copy_within(3..outlen, 0);
                outlen -= 3;
                for e in &mut ends[..endlen] {
                    *e -= 3;
                }
            }
            // A record cut in two by a line break outside quotes (an export that does not
            // quote a 备注 of two lines): two short records whose fields make one record of
            // the file's usual width are that record, and read apart they would be a case
            // with half its fields and a made-up one. Held until the next record tells.
            if endlen >= widths.len() {
                widths.resize(endlen + 1, 0);
            }
            let first = &out[..ends.first().copied().unwrap_or(0).min(outlen)];
            // The second half is judged by the widths of the records before it: counted
            // first, it made its width as common as the table's after one cut record (the
            // first data record's halves beside the header) or two, and the record was left
            // apart, a made-up case beside one without its last fields.
            let mut taken = false;
            if let Some(mut h) = held.take() {
                let next = Fields {
                    out: &out[..outlen],
                    ends: &ends[..endlen],
                };
                let halves = Fields {
                    out: &h.out,
                    ends: &h.ends,
                };
                if mode >= 3
                    && endlen < mode
                    && h.ends.len() + endlen == mode + 1
                    && continues(&halves, &next, mode, &profile, &last_full_first, enc)
                {
                    // One record of the table's width, counted so and not as a short one.
                    widths[h.ends.len()] -= 1;
                    widths[mode] += 1;
                    h.join(&out[..outlen], &ends[..endlen]);
                    joined.push(h.line);
                    taken = true;
                }
                batch.push_record(h.line, &h.out, &h.ends);
            }
            if !taken {
                widths[endlen] += 1;
                // Of two widths as common, the wider: a header seen once already says it.
                if widths[endlen] > widths[mode]
                    || (widths[endlen] == widths[mode] && endlen > mode)
                {
                    mode = endlen;
                }
            }
            let usual = mode >= 3;
            if !taken {
                let short = usual && endlen < mode;
                let starts =
                    short && (heads_record(first, enc) || starts_record(first, &last_full_first));
                parts.see(line, short, starts, first, enc);
                if endlen == mode && usual {
                    let fields = Fields {
                        out: &out[..outlen],
                        ends: &ends[..endlen],
                    };
                    if profile.count(&fields) {
                        last_full_first.clear();
                        last_full_first.extend_from_slice(first);
                    }
                }
            } else {
                parts.after_short = false;
            }
            // The last record, with no line end after it and fewer fields than the table's
            // rows (the header's, when it is the commonest width): the file may have been
            // cut inside it (a download or a copy that stopped part-way), its last fields
            // and any records after it lost. Only marked here: whether it is a cut case is
            // for the sheet to say, once the blank, page-line, footer and totals checks had
            // their say (a complete file's last line 共2条记录 or 合计,2件,,,,30000 has no
            // line end either); a record of one field is never taken as cut.
            if no_line_end && !taken && endlen >= 2 && endlen < mode {
                cut = Some((line, mode));
            }
            if !taken {
                if usual && endlen >= 2 && endlen < mode {
                    held = Some(Held::new(line, &out[..outlen], &ends[..endlen]));
                } else {
                    batch.push_record(line, &out[..outlen], &ends[..endlen]);
                    batch.cut = cut;
                }
            }
            if batch.len() >= BATCH_ROWS || batch.data.len() >= BATCH_BYTES {
                let fresh = recycle
                    .try_recv()
                    .unwrap_or_else(|_| RecordBatch::sized_like(&batch));
                let mut full = std::mem::replace(&mut batch, fresh);
                full.enc = enc;
                full.seal();
                batch.enc = enc;
                batch.transcoded = transcoded;
                *sent = true;
                if tx.send(Ok(Event::Batch(Batch::Records(full)))).is_err() {
                    return Ok(Pass::Done(input.into_raw(), empty_lines));
                }
            }
        }
        if let Some(h) = held.take() {
            batch.push_record(h.line, &h.out, &h.ends);
            batch.cut = cut;
        }
        if !joined.is_empty() {
            let shown: Vec<String> = joined.iter().take(10).map(|l| l.to_string()).collect();
            notes.push(format!(
                "{} record(s) cut by a line break outside quotes joined with the line below \
                 (line {}{})",
                joined.len(),
                shown.join(", "),
                if joined.len() > 10 { ", …" } else { "" }
            ));
        }
        if !parts.lines.is_empty() {
            let shown: Vec<String> = parts.lines.iter().take(10).map(|l| l.to_string()).collect();
            notes.push(format!(
                "{} short line(s) below a short record, not starting like a record, may be the \
                 rest of a record cut by a line break outside quotes that could not be joined \
                 with it (line {}{}): each is read as a row of its own; check these lines in the \
                 file, quote the cell or join its lines, and ingest again",
                parts.lines.len(),
                shown.join(", "),
                if parts.lines.len() > 10 { ", …" } else { "" }
            ));
        }
        if !batch.is_empty() {
            *sent = true;
            batch.seal();
            let _ = tx.send(Ok(Event::Batch(Batch::Records(batch))));
        }
        // Empty lines after the last record: each line break past the rows read so far
        // (the last record's own terminator ends its row) is one more row.
        empty_lines += (newlines - in_cells).saturating_sub(last_line);
        Ok(Pass::Done(input.into_raw(), empty_lines))
    }

    /// A quote opened in field `field` (from 1) of the last record and still open at the
    /// end of the file.
    fn open_at_end(&self, line: usize, field: usize) -> Error {
        Error::Input {
            file: self.file.clone(),
            row: Some(line),
            column: None,
            message: format!(
                "field {field} of this CSV record opens a quote (\") that is not closed before \
                 the end of the file: the rest of the record would be read as part of that one \
                 field, and its other values lost; close or remove the quote and ingest again"
            ),
        }
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

/// The first field of a record (its index) holding lines that look like whole records of
/// `width` fields (that many delimiters less one, at least), how many, and the first of
/// them: what a quote left open makes of the records after it.
fn swallowed_records<'d>(
    data: &'d [u8],
    ends: &[usize],
    delimiter: u8,
    width: usize,
) -> Option<(usize, usize, &'d [u8])> {
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        let field = &data[start..end];
        start = end;
        if !field.contains(&b'\n') {
            continue;
        }
        let mut lines = field
            .split(|&b| b == b'\n')
            .skip(1)
            .filter(|l| l.iter().filter(|&&b| b == delimiter).count() + 1 >= width);
        if let Some(first) = lines.next() {
            return Some((k, 1 + lines.count(), first));
        }
    }
    None
}

/// The field (its index) holding a line with a 案号 where the record holding it has its
/// own, in the same column, and a delimiter or two after it: the next row, cut short where
/// a stray quote in it closed the quote left open above (`"宏达公司` … `宏达"公司`), so that
/// the record still has its width and no whole record shows in the field. The column is
/// the record's first with a 案号, whatever stands before it (法院名称, 承办法院, 序号): a
/// note's second line does not hold a 案号 after as many delimiters as the record's.
fn case_line_in_field(
    data: &[u8],
    ends: &[usize],
    delimiter: u8,
    enc: &'static Encoding,
) -> Option<usize> {
    let mut start = 0;
    let mut key = None;
    for (k, &end) in ends.iter().enumerate() {
        let field = &data[start..end];
        start = end;
        if !field.contains(&b'\n') {
            if key.is_none() && case_no_like(field, enc) {
                key = Some(k);
            }
            continue;
        }
        let Some(key) = key else {
            continue;
        };
        let hit = field.split(|&b| b == b'\n').skip(1).any(|l| {
            l.iter().filter(|&&b| b == delimiter).count() >= key + 2
                && l.split(|&b| b == delimiter)
                    .nth(key)
                    .is_some_and(|f| case_no_like(f, enc))
        });
        if hit {
            return Some(k);
        }
    }
    None
}

/// A field's text without the quotes and spaces around its value.
fn bare(field: &[u8]) -> Vec<u8> {
    field
        .iter()
        .copied()
        .filter(|c| !matches!(c, b'"' | b' ' | b'\t' | b'\r' | b'\''))
        .collect()
}

/// Whether a field reads as a 案号 (执 … 号), its bytes read in the file's encoding (`enc`):
/// a GBK file's 执 is not UTF-8's. Only fields of a record over several lines get here.
fn case_no_like(field: &[u8], enc: &'static Encoding) -> bool {
    let (t, _) = enc.decode_without_bom_handling(field);
    t.contains(['执', '執']) && t.contains(['号', '號'])
}

/// Whether a line inside a cell begins as the record holding it does, with a 序号 (digits)
/// or a 案号 (执 … 号): one swallowed record is told from a note of several lines by this,
/// since a note's second line never starts with the next row's number.
fn starts_alike(record_first: &[u8], line: &[u8], delimiter: u8, enc: &'static Encoding) -> bool {
    let head = |b: &[u8]| -> Vec<u8> {
        let end = b.iter().position(|&c| c == delimiter).unwrap_or(b.len());
        bare(&b[..end])
    };
    let (a, b) = (head(record_first), head(line));
    let digits = |f: &[u8]| !f.is_empty() && f.len() <= 9 && f.iter().all(u8::is_ascii_digit);
    (digits(&a) && digits(&b)) || (case_no_like(&a, enc) && case_no_like(&b, enc))
}

/// How the lines of a CSV file end, which tells where its records end and how its rows are
/// numbered (as Excel numbers them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LineEnds {
    /// LF or CRLF (a lone CR ends a record too, as csv_core reads it); rows counted by LF.
    Lf,
    /// CR alone (Excel for Mac); an LF is a cell's own line break, quoted or not.
    Cr,
    /// Some lines end in CR alone and others in LF (or CRLF), each line a record of its
    /// own: a file pieced together from two sources or edited with two tools. Every line
    /// end ends a record and is one row.
    Mixed,
}

/// How records end, told by the line breaks outside quoted cells. A file whose records end
/// with CR alone (Excel for Mac's "CSV (逗号分隔)") keeps a cell's own line break
/// (Alt+Enter) as an LF, quoted or not, which does not make it an LF file; counted by LF,
/// its rows would be numbered by the cells of several lines and the title, the 导出时间 line
/// and the header would all be row 1. The commoner of bare CR and LF (or CRLF) outside
/// quotes ends the records: a cell's own breaks are fewer than the rows. A quote opens a
/// cell only at its start, as the parser reads it. With no line break outside quotes in the
/// text (one record, or a quote never closed), any line break at all tells.
///
/// But an LF in a CR file is a cell's break only when it cuts a record: when most LFs end a
/// line of the table's width (the commonest) and the line after it has that width too,
/// they end records of their own (h-mixed-cr-lf-rows-swallowed-into-header: read as cell
/// breaks, ten LF lines became one header row of 211 cells and nine cases vanished).
fn line_ends(text: &[u8], delimiter: u8) -> LineEnds {
    let (mut bare_cr, mut lf) = (0usize, 0usize);
    // Each line's fields and whether an LF (or CRLF) ended it; the last may be unended.
    let mut lines: Vec<(usize, bool)> = Vec::new();
    let mut fields = 1usize;
    let mut in_quotes = false;
    let mut at_start = true;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        i += 1;
        if in_quotes {
            if b == b'"' {
                // `""` is a quote inside the cell; one alone closes it.
                if text.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match b {
            b'"' if at_start => in_quotes = true,
            b'\r' if text.get(i) == Some(&b'\n') => {
                lf += 1;
                i += 1;
                lines.push((fields, true));
                fields = 1;
            }
            b'\r' => {
                bare_cr += 1;
                lines.push((fields, false));
                fields = 1;
            }
            b'\n' => {
                lf += 1;
                lines.push((fields, true));
                fields = 1;
            }
            _ if b == delimiter => fields += 1,
            _ => {}
        }
        at_start = matches!(b, b'\r' | b'\n') || b == delimiter;
    }
    if bare_cr + lf == 0 {
        return if text.contains(&b'\r') && !text.contains(&b'\n') {
            LineEnds::Cr
        } else {
            LineEnds::Lf
        };
    }
    if bare_cr <= lf {
        return LineEnds::Lf;
    }
    if lf == 0 {
        return LineEnds::Cr;
    }
    lines.push((fields, false));
    let mut counts: Vec<usize> = Vec::new();
    for &(n, _) in &lines {
        if n >= counts.len() {
            counts.resize(n + 1, 0);
        }
        counts[n] += 1;
    }
    let (width, _) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(n, c)| (*c, n))
        .unwrap_or((0, &0));
    let whole = lines
        .windows(2)
        .filter(|w| w[0].1 && w[0].0 == width && w[1].0 == width)
        .count();
    if width >= 2 && 2 * whole > lf {
        LineEnds::Mixed
    } else {
        LineEnds::Cr
    }
}

/// The line ends in `bytes` as `ends` counts them; `after_cr` says whether the byte before
/// them was a CR (the LF of a CRLF split between two reads is no line of its own).
fn count_newlines(bytes: &[u8], ends: LineEnds, after_cr: bool) -> usize {
    match ends {
        LineEnds::Lf => bytes.iter().filter(|&&b| b == b'\n').count(),
        LineEnds::Cr => bytes.iter().filter(|&&b| b == b'\r').count(),
        LineEnds::Mixed => {
            let mut prev_cr = after_cr;
            let mut n = 0;
            for &b in bytes {
                if b == b'\r' || (b == b'\n' && !prev_cr) {
                    n += 1;
                }
                prev_cr = b == b'\r';
            }
            n
        }
    }
}

/// The encoding as the manifest names it (every text reader names it so).
pub(super) fn encoding_name(enc: &'static Encoding, bom: bool) -> &'static str {
    if enc == encoding_rs::UTF_8 {
        if bom {
            "UTF-8 (BOM)"
        } else {
            "UTF-8"
        }
    } else if enc == encoding_rs::GB18030 || enc == encoding_rs::GBK {
        "GBK/GB18030"
    } else {
        enc.name()
    }
}

/// Lines searched for the delimiter: as many as the header may stand below.
const SNIFF_LINES: usize = 30;

/// The delimiter: of `,` tab `;` `|`, the one that occurs most often outside quotes on a
/// single line among the first lines. Not the first line alone: exports put a title line
/// above the header ("XX法院执行案件清单"), which has no delimiter, or only one.
///
/// A tab that opens a cell, at a line's start or right after another delimiter, is not
/// counted: PHP and Java exporters write a tab before every cell (`\t（2024）浙0602执1号,\t2024-06-01`)
/// so that Excel keeps 案号, ID numbers and dates as text, which gives a comma file a tab
/// per cell, one more than its commas, and a row of blank cells written `\t,\t,\t` does
/// the same. In a tab-separated file a tab right after a comma would end a cell with a
/// comma, and a tab at a line's start is an empty first cell, which the header has not.
fn sniff_delimiter(data: &[u8]) -> u8 {
    let candidates = [b',', b'\t', b';', b'|'];
    let mut best = [0usize; 4];
    let mut line = [0usize; 4];
    let mut in_quotes = false;
    let mut lines = 0;
    // The byte before, outside quotes: a line's start counts as a delimiter.
    let mut prev = b'\n';
    for &b in data {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if in_quotes {
            continue;
        } else if b == b'\n' {
            for (m, n) in best.iter_mut().zip(&mut line) {
                *m = (*m).max(std::mem::take(n));
            }
            lines += 1;
            if lines == SNIFF_LINES {
                break;
            }
        } else if b == b'\t' && matches!(prev, b'\n' | b'\r' | b',' | b';' | b'|') {
            // A cell's text mark, not a delimiter (see above).
        } else if let Some(i) = candidates.iter().position(|&c| c == b) {
            line[i] += 1;
        }
        prev = b;
    }
    for (m, n) in best.iter_mut().zip(&line) {
        *m = (*m).max(*n);
    }
    let (i, n) = best
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, usize::MAX - i))
        .unwrap_or((0, &0));
    if *n == 0 {
        b','
    } else {
        candidates[i]
    }
}

#[cfg(test)]
mod tests {

    /// c-gbk-pipe-split-inside-character: 珅 is AB 7C in GBK, its trail byte a '|'.
    #[test]
    fn a_gbk_trail_byte_that_is_the_delimiter_does_not_split_a_field() {
        let gbk = |t: &str| encoding_rs::GB18030.encode(t).0.into_owned();
        let mut file = gbk("王珅|東方|x\n");
        // A stray 0xFF; 0x80, a character (€) of one byte, before a delimiter; and 0xA1, a
        // lead byte, before '|': the decoder reads the pair as one character (of the
        // private use area), and so does the split.
        file.extend_from_slice(b"a\xff|\x80|\xa1|b\n");
        // Read one byte at a time: an escape cut by the end of a read goes on in the next.
        let mut esc = TrailEscaper::new(&file[..], encoding_rs::GB18030, b'|');
        let mut escaped = Vec::new();
        let mut one = [0u8; 1];
        while esc.read(&mut one).unwrap() == 1 {
            escaped.push(one[0]);
        }
        let mut rdr = csv_core::ReaderBuilder::new().delimiter(b'|').build();
        let mut records = Vec::new();
        let mut input = &escaped[..];
        loop {
            let (mut out, mut ends) = ([0u8; 256], [0usize; 8]);
            let (res, nin, nout, nend) = rdr.read_record(input, &mut out, &mut ends);
            input = &input[nin..];
            if res == csv_core::ReadRecordResult::End {
                break;
            }
            let n = unescape_trails(&mut out, nout, &mut ends[..nend], b'|');
            assert_eq!(n, ends[nend - 1]);
            let mut start = 0;
            let fields: Vec<Vec<u8>> = ends[..nend]
                .iter()
                .map(|&e| {
                    let f = out[start..e].to_vec();
                    start = e;
                    f
                })
                .collect();
            records.push(fields);
        }
        assert_eq!(
            records,
            vec![
                vec![gbk("王珅"), gbk("東方"), b"x".to_vec()],
                vec![b"a\xff".to_vec(), b"\x80".to_vec(), b"\xa1|b".to_vec()],
            ]
        );
        assert!(trail_can_be(encoding_rs::BIG5, b'|'));
        assert!(!trail_can_be(encoding_rs::GB18030, b','));
        assert!(!trail_can_be(encoding_rs::GB18030, b'\t'));
        assert!(!trail_can_be(encoding_rs::UTF_8, b'|'));
    }

    /// m-cr-only-csv-embedded-linebreak: an LF kept inside a quoted cell of a file whose
    /// records end with CR alone made it an LF file, numbered by its cells' line breaks.
    #[test]
    fn records_ending_with_cr_alone_are_told_past_line_breaks_in_cells() {
        let cr = |t: &[u8], d: u8| line_ends(t, d) == LineEnds::Cr;
        assert!(cr(b"a,b\r1,2\r", b','));
        assert!(cr(b"a,\"b\n(x)\"\r1,\"p\nq\"\r2,\"r \"\"s\"\"\n\"\r", b','));
        assert!(!cr(b"a,\"b\n(x)\"\r\n1,2\r\n", b','));
        assert!(!cr(b"a,b\n1,\"p\rq\"\n", b','));
        // A quote inside an unquoted cell opens nothing.
        assert!(cr(b"a,b\r1,x\"y\r2,\"\n\"\r", b','));
        // Alt+Enter unquoted: an LF in a cell, fewer than the rows.
        assert!(cr(b"a,b\r1,p\nq\r2,3\r", b','));
        assert!(!cr(b"a,b\n1,p\rq\n2,3\n", b','));
        // One record, or a quote never closed: any line break tells.
        assert!(cr(b"\"a\rb", b','));
        assert!(!cr(b"\"a\r\nb", b','));
    }

    /// h-mixed-cr-lf-rows-swallowed-into-header: LF lines of the table's width before CR
    /// lines end records of their own; an LF that cuts a record stays a cell's break.
    #[test]
    fn lines_ending_in_lf_and_in_cr_alone_both_end_records() {
        let text = b"a,b,c\n1,2,3\n4,5,6\r7,8,9\r10,11,12\r13,14,15\r16,17,18\r";
        assert_eq!(line_ends(text, b','), LineEnds::Mixed);
        assert_eq!(count_newlines(text, LineEnds::Mixed, false), 7);
        assert_eq!(count_newlines(b"\n1\r\n2", LineEnds::Mixed, true), 1);
        assert_eq!(line_ends(b"a,b,c\r1,2,x\ny\r3,4,5\r", b','), LineEnds::Cr);
    }

    #[test]
    fn utf16_without_its_bom_is_told_by_its_zero_bytes() {
        let text = "案号,立案日期,被执行人\r\n（2023）浙0602执1号,2023-03-05,李四\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
        // NUL padding after a UTF-8 table: zeros on both sides alike.
        let mut padded = text.as_bytes().to_vec();
        padded.extend([0u8; 64]);
        assert_eq!(utf16_without_bom(&padded), None);
    }

    #[test]
    fn a_short_big5_file_is_told_by_its_header() {
        let text = "案號,立案日期,申請執行人,被執行人,承辦人\n（2023）浙0602執1號,2023-03-05,張三,李四,王五\n";
        let big5 = encoding_rs::BIG5.encode(text).0.into_owned();
        assert_eq!(legacy_encoding(&big5, true), encoding_rs::BIG5);
        let gbk = encoding_rs::GBK
            .encode("案号,立案日期,申请执行人\n")
            .0
            .into_owned();
        assert_eq!(legacy_encoding(&gbk, true), encoding_rs::GB18030);
    }
    use super::*;

    /// A second half is told by more than its width: not a record's start, not a footer,
    /// and its values in the columns they fall in.
    #[test]
    fn a_short_line_continues_the_record_above_only_when_it_fits() {
        let enc = encoding_rs::UTF_8;
        let rec = |line: &str| {
            let mut ends = Vec::new();
            let mut out = Vec::new();
            for f in line.split(',') {
                out.extend_from_slice(f.as_bytes());
                ends.push(out.len());
            }
            (out, ends)
        };
        let mut profile = Profile::default();
        for line in [
            "案号,立案日期,申请执行人,被执行人,申请执行标的,承办人,备注",
            "（2024）浙0603执1号,2024-01-01,张三,李四,10000,郭梅,无",
            "（2024）浙0603执2号,2024-01-02,张三,李四,20000,郭梅,无",
        ] {
            let (out, ends) = rec(line);
            profile.count(&Fields {
                out: &out,
                ends: &ends,
            });
        }
        let (h_out, h_ends) = rec("（2024）浙0603执3号,2024-01-03,张三,绍兴市某某建筑");
        let held = Fields {
            out: &h_out,
            ends: &h_ends,
        };
        let judge = |line: &str| {
            let (out, ends) = rec(line);
            let next = Fields {
                out: &out,
                ends: &ends,
            };
            continues(&held, &next, 7, &profile, b"", enc)
        };
        assert!(judge("工程有限公司,30000,郭梅,无"));
        assert!(!judge("（2024）浙0603执4号,2024-01-04,张三"));
        assert!(!judge("制表人：郭梅,审核人：张三,,"));
        assert!(!judge("共3条记录,,,"));
        // 郭梅 under the amount, an amount under 承办人.
        assert!(!judge("工程有限公司,郭梅,30000,无"));
        assert!(matches!(kind(b"2024-01-05"), Some(Kind::Date)));
        assert!(matches!(kind(b"1,234.50"), Some(Kind::Number)));
        assert!(matches!(
            kind("2024浙0603执1号".as_bytes()),
            Some(Kind::Text)
        ));
        assert!(kind(b" ").is_none());
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"abc\n"), b',');
        // A title line above the header, with no delimiter or a stray comma.
        let titled =
            "某某法院执行案件清单\n案号\t立案日期\t标的\n（2024）京0105执1号\t2024-03-05\t1,000\n";
        assert_eq!(sniff_delimiter(titled.as_bytes()), b'\t');
        let stray = "清单，统计时间：2025年,至6月\n案号\t立案日期\t被执行人\t标的\n";
        assert_eq!(sniff_delimiter(stray.as_bytes()), b'\t');
        // A line break inside a quoted value does not end the line.
        assert_eq!(sniff_delimiter(b"a,b,\"x\ny\ty\ty\",c\n"), b',');
        // Tab-separated with empty cells, the first one too: still tabs.
        assert_eq!(sniff_delimiter(b"a\tb\tc\n\t\t\n\tx\ty\n"), b'\t');
    }

    /// m-tab-prefixed-cells-read-as-tsv: a comma file whose every data cell is written
    /// with a leading tab (the exporters' keep-as-text trick), or with a spacer row of
    /// tab-only cells, is comma-separated: one tab more per line than commas does not
    /// make it tab-separated.
    #[test]
    fn tabs_that_open_cells_are_not_the_delimiter() {
        let prefixed =
            "案号,立案日期,结案日期,标的\r\n\t（2024）浙0602执601号,\t2024-06-01,\t,\t1000.50\r\n";
        assert_eq!(sniff_delimiter(prefixed.as_bytes()), b',');
        let spacer = "案号,立案日期,标的\r\n（2024）浙0602执601号,2024-06-01,1000\r\n\t,\t,\t\r\n";
        assert_eq!(sniff_delimiter(spacer.as_bytes()), b',');
        // A semicolon file does the same.
        assert_eq!(sniff_delimiter(b"a;b;c\n\tx;\ty;\tz\n"), b';');
    }
}
