//! An xlsx sheet's `<row>` and `<c>` elements, read apart from calamine's cells to find
//! what calamine cannot tell: the cell it stopped on, and a cell placed in another row than
//! the row that holds it.
//!
//! calamine places a cell by its reference (`r="E3"`) and does not show the `<row r="2">`
//! that holds it. A broken writer that writes a cell of row 2 as E3 would have its value
//! read into the case of row 3 (and the case of row 2 lose it, or a phantom row appear):
//! that cell is refused, naming sheet, row and cell, as rows out of order are. And when
//! calamine stops on a cell (a shared-string index past the table's end), its error names
//! no cell: calamine gives one record per `<c>` element, in document order (an empty `<c/>`
//! too), so the k-th `<c>` read here is the k-th calamine read.
//!
//! The sheet's XML is read here only when something is wrong already (calamine stopped) or
//! looks wrong (a cell at or left of the cell before it in its row, or in an earlier row:
//! what a cell written with another row's reference makes calamine give), so that a sound
//! workbook is inflated and parsed once, by calamine. A byte scanner, not an XML parser: it
//! looks at tags only (`<row`, `<c`, `<v`) and passes over comments and CDATA.

use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event as Xml};

use quick_xml::Reader;

/// One `<c>` as the sheet's XML has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellAt {
    /// The row (0-based) of the `<row>` element that holds the cell.
    pub row: u32,
    /// The cell's reference as written (`E3`), if it has one.
    pub reference: Option<String>,
    /// The reference's row and column (0-based), if it can be read.
    pub position: Option<(u32, u32)>,
    /// A shared-string cell's (`t="s"`) index as written.
    pub shared: Option<String>,
}

/// What is wrong with a cell [`CellRefs::misplaced`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// Its reference names another row than the `<row>` that holds it.
    OtherRow,
    /// Its reference repeats one of an earlier cell of the same `<row>`.
    Repeated,
}

pub(super) struct CellRefs<'a> {
    src: Box<dyn Read + 'a>,
    buf: Vec<u8>,
    /// Where scanning continues in `buf`.
    pos: usize,
    eof: bool,
    /// The row element being read (0-based): its `r`, else the one after the last (as
    /// calamine counts them).
    row: u32,
    /// The row element has no `r`: its first cell reference says which row it is.
    row_unknown: bool,
    /// `<row>` elements opened so far: tells a row element from a repeat of its number.
    rows_opened: u64,
    /// The `<c>` being read, up to its end (its `<v>` may be needed).
    open: Option<CellAt>,
    /// The open cell is a shared string (`t="s"`): its `<v>` is its index.
    open_shared: bool,
    /// Inside the open shared-string cell's `<v>`.
    wants_value: bool,
    /// The XML could not be followed: no more cells.
    stopped: bool,
}

/// Bytes read from the inflating zip entry at a time.
const CHUNK: usize = 256 << 10;

/// A tag longer than this is not one an xlsx writer makes: the check stops (calamine reads
/// the sheet and says what is wrong, if anything is).
const MAX_TAG: usize = 1 << 20;

impl<'a> CellRefs<'a> {
    pub(super) fn new(xml: impl Read + 'a) -> Self {
        CellRefs {
            src: Box::new(xml),
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
            row: 0,
            row_unknown: false,
            rows_opened: 0,
            open: None,
            open_shared: false,
            wants_value: false,
            stopped: false,
        }
    }

    /// The next `<c>` of the sheet, or `None` at its end or where its XML cannot be followed.
    pub(super) fn next_cell(&mut self) -> Option<CellAt> {
        if self.stopped {
            return None;
        }
        let found = self.advance();
        if found.is_none() {
            self.stopped = true;
        }
        found
    }

    /// The first cell whose reference names another row than the `<row>` that holds it,
    /// or repeats the reference of a cell before it in the same `<row>` (`<c r="G8">` twice:
    /// Excel calls such a file damaged; read as calamine gives it, the second value would
    /// make a phantom row, or replace the first).
    pub(super) fn misplaced(&mut self) -> Option<(CellAt, Fault)> {
        let mut element = u64::MAX;
        let mut in_row = std::collections::HashSet::new();
        while let Some(c) = self.next_cell() {
            if c.position.is_some_and(|(r, _)| r != c.row) {
                return Some((c, Fault::OtherRow));
            }
            if self.rows_opened != element {
                element = self.rows_opened;
                in_row.clear();
            }
            if let Some((_, col)) = c.position {
                if !in_row.insert(col) {
                    return Some((c, Fault::Repeated));
                }
            }
        }
        None
    }

    /// The `<c>` after the first `n`.
    pub(super) fn after(&mut self, n: usize) -> Option<CellAt> {
        for _ in 0..n {
            self.next_cell()?;
        }
        self.next_cell()
    }

    /// Reads more of the part behind what is still to scan; false at its end.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        match self.src.read(&mut self.buf[len..]) {
            Ok(n) => {
                self.buf.truncate(len + n);
                if n == 0 {
                    self.eof = true;
                }
                n > 0
            }
            Err(_) => {
                self.buf.truncate(len);
                self.eof = true;
                false
            }
        }
    }

    /// The offset in `buf` of `needle` from `from`, reading more as needed (offsets move
    /// when `buf` is refilled, so `from` is relative to `self.pos`).
    fn find(&mut self, from: usize, needle: &[u8]) -> Option<usize> {
        let mut searched = from;
        loop {
            let hay = &self.buf[self.pos + searched..];
            if let Some(i) = memchr::memmem::find(hay, needle) {
                return Some(searched + i);
            }
            searched = (self.buf.len() - self.pos)
                .saturating_sub(needle.len() - 1)
                .max(from);
            if (needle != b"<" && searched > MAX_TAG) || !self.fill() {
                return None;
            }
        }
    }

    fn advance(&mut self) -> Option<CellAt> {
        loop {
            // The next tag: `<` … `>`, relative to `pos`.
            let lt = self.find(0, b"<")?;
            if self.wants_value {
                // The text before this tag is the open cell's `<v>` text when this tag ends it.
                let text = &self.buf[self.pos..self.pos + lt];
                if let Some(open) = self.open.as_mut() {
                    open.shared = Some(String::from_utf8_lossy(text).trim().to_string());
                }
            }
            self.pos += lt;
            while self.buf.len() - self.pos < 10 && self.fill() {}
            let rest = self.buf.get(self.pos + 1..self.pos + 9).unwrap_or(&[]);
            // Comments, CDATA and processing instructions: passed over whole.
            let skip: Option<&[u8]> = if rest.starts_with(b"!--") {
                Some(b"-->")
            } else if rest.starts_with(b"![CDATA[") {
                Some(b"]]>")
            } else {
                None
            };
            if let Some(end) = skip {
                let at = self.find(1, end)?;
                self.pos += at + end.len();
                continue;
            }
            let gt = self.find(1, b">")?;
            let tag = &self.buf[self.pos + 1..self.pos + gt];
            self.pos += gt + 1;
            let (closing, tag) = match tag.strip_prefix(b"/") {
                Some(t) => (true, t),
                None => (false, tag),
            };
            let self_closing = tag.ends_with(b"/");
            let name_end = tag
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/')
                .unwrap_or(tag.len());
            let name = &tag[..name_end];
            let local = name
                .iter()
                .rposition(|&b| b == b':')
                .map_or(name, |i| &name[i + 1..]);
            match (local, closing) {
                (b"row", false) => {
                    self.rows_opened += 1;
                    match tag_attr(tag, b"r") {
                        Some(r) => {
                            let r = std::str::from_utf8(r).ok()?.trim().parse::<u32>().ok()?;
                            self.row = r.checked_sub(1)?;
                            self.row_unknown = false;
                        }
                        None => self.row_unknown = true,
                    }
                    if self_closing {
                        self.row = self.row.saturating_add(1);
                        self.row_unknown = false;
                    }
                }
                (b"row", true) => {
                    self.row = self.row.saturating_add(1);
                    self.row_unknown = false;
                }
                (b"c", false) => {
                    let reference =
                        tag_attr(tag, b"r").map(|r| String::from_utf8_lossy(r).into_owned());
                    let position = reference.as_deref().and_then(cell_position);
                    if let (true, Some((r, _))) = (self.row_unknown, position) {
                        self.row = r;
                        self.row_unknown = false;
                    }
                    let cell = CellAt {
                        row: self.row,
                        reference,
                        position,
                        shared: None,
                    };
                    if self_closing {
                        return Some(cell);
                    }
                    self.open_shared = tag_attr(tag, b"t") == Some(b"s");
                    self.wants_value = false;
                    self.open = Some(cell);
                }
                (b"v", false) if self.open_shared && !self_closing => self.wants_value = true,
                (b"v", true) => self.wants_value = false,
                (b"c", true) => {
                    self.wants_value = false;
                    self.open_shared = false;
                    if let Some(cell) = self.open.take() {
                        return Some(cell);
                    }
                }
                (b"sheetData", true) => return None,
                _ => self.wants_value = false,
            }
        }
    }
}

/// The value of attribute `name` (without a prefix) in a tag's text (`c r="E3" t="s"`).
fn tag_attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut i = tag.iter().position(|b| b.is_ascii_whitespace())?;
    while i < tag.len() {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let key_start = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &tag[key_start..i];
        while i < tag.len() && (tag[i] == b'=' || tag[i].is_ascii_whitespace()) {
            i += 1;
        }
        let quote = *tag.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let len = tag[value_start..].iter().position(|&b| b == quote)?;
        let local = key
            .iter()
            .rposition(|&b| b == b':')
            .map_or(key, |k| &key[k + 1..]);
        if local == name {
            return Some(&tag[value_start..value_start + len]);
        }
        i = value_start + len + 1;
    }
    None
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// A reference's row and column (0-based): `E3` is (2, 4).
pub(super) fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() {
        return None;
    }
    let col = col.bytes().try_fold(0u32, |acc, b| {
        Some(acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The zip part of the worksheet called `name` (xl/worksheets/sheet1.xml), found as calamine
/// finds it: the first sheet of that name in the workbook. `None` when any of it is missing.
pub(super) fn sheet_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<String> {
    sheet_parts(zip)
        .into_iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, part)| part)
}

/// Every sheet the workbook lists, in its order, with its zip part: the workbook part from
/// the package's relationships, each sheet's `r:id` in the workbook, its target in the
/// workbook's relationships (`None` where a link is missing). Empty when the workbook part
/// cannot be read.
pub(super) fn sheet_parts<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Vec<(String, Option<String>)> {
    let workbook = rel_targets(zip, "_rels/.rels", "")
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |(_, _, t)| t);
    let (dir, file) = match workbook.rfind('/') {
        Some(i) => (&workbook[..=i], &workbook[i + 1..]),
        None => ("", workbook.as_str()),
    };
    let Some(text) = part_text(zip, &workbook) else {
        return Vec::new();
    };
    let mut reader = Reader::from_str(&text);
    let mut sheets = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Xml::Start(e) | Xml::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                if let Some(name) = attr(&e, "name") {
                    sheets.push((name, attr(&e, "id")));
                }
            }
            Ok(Xml::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let rels = rel_targets(zip, &format!("{dir}_rels/{file}.rels"), dir);
    sheets
        .into_iter()
        .map(|(name, id)| {
            let part = id.and_then(|id| {
                rels.iter()
                    .find(|(i, _, _)| *i == id)
                    .map(|(_, _, t)| t.clone())
            });
            (name, part)
        })
        .collect()
}

/// A sheet name the workbook gives to two different worksheets (a damaged or home-made
/// workbook.xml), with the two parts. Sheets are read by name, so only the first of them
/// could be: the second's rows would be lost without a word. The same part listed twice
/// under its name is one sheet, not this.
pub(super) fn name_of_two_sheets(
    sheets: &[(String, Option<String>)],
) -> Option<(&str, &str, &str)> {
    sheets.iter().enumerate().find_map(|(i, (name, part))| {
        sheets[i + 1..].iter().find_map(|(other, other_part)| {
            (other == name && other_part != part).then(|| {
                (
                    name.as_str(),
                    part.as_deref().unwrap_or("?"),
                    other_part.as_deref().unwrap_or("?"),
                )
            })
        })
    })
}

/// The relationships of a `.rels` part: id, type and target (made a path in the package,
/// relative targets under `dir`).
fn rel_targets<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    rels: &str,
    dir: &str,
) -> Vec<(String, String, String)> {
    let Some(text) = part_text(zip, rels) else {
        return Vec::new();
    };
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Xml::Start(e) | Xml::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else {
                    continue;
                };
                let target = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{dir}{target}"),
                };
                out.push((id, attr(&e, "Type").unwrap_or_default(), target));
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    out
}

/// A small part's text (the workbook and its relationships), looked up as calamine does:
/// whatever the case of its name and the slashes in it.
fn part_text<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, path: &str) -> Option<String> {
    const SMALL: u64 = 16 << 20;
    let index = part_index(zip, path)?;
    let entry = zip.by_index(index).ok()?;
    let mut text = String::new();
    entry.take(SMALL).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The index of a part in the archive, its name compared without case and with `\` as `/`.
pub(super) fn part_index<R: Read + Seek>(zip: &zip::ZipArchive<R>, path: &str) -> Option<usize> {
    let norm = |s: &str| s.replace('\\', "/").to_ascii_lowercase();
    let wanted = norm(path);
    zip.index_for_name(path).or_else(|| {
        (0..zip.len()).find(|&i| matches!(zip.name_for_index(i), Some(Ok(n)) if norm(&n) == wanted))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_as_positions() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("E3"), Some((2, 4)));
        assert_eq!(cell_position("AA10"), Some((9, 26)));
        assert_eq!(cell_position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_position("3"), None);
        assert_eq!(cell_position("A0"), None);
        assert_eq!(cell_position("A"), None);
    }

    #[test]
    fn cells_with_their_row_element() {
        let xml = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>\
                   <c r=\"B1\"/></row><row r=\"2\"><c r=\"E3\" t=\"inlineStr\"><is><t>x</t>\
                   </is></c></row><row><c><v>1</v></c></row><row><c r=\"C7\" t=\"s\">\
                   <v>99</v></c></row></sheetData></worksheet>";
        let mut refs = CellRefs::new(xml.as_bytes());
        let mut got = Vec::new();
        while let Some(c) = refs.next_cell() {
            got.push((c.row, c.reference, c.position, c.shared));
        }
        assert_eq!(
            got,
            vec![
                (0, Some("A1".into()), Some((0, 0)), Some("0".into())),
                (0, Some("B1".into()), Some((0, 1)), None),
                (1, Some("E3".into()), Some((2, 4)), None),
                (2, None, None, None),
                // A row without `r`: its cells' references say which row it is.
                (6, Some("C7".into()), Some((6, 2)), Some("99".into())),
            ]
        );
    }

    #[test]
    fn the_misplaced_cell_and_the_cell_after_the_first_n() {
        let xml = "<worksheet><sheetData><!-- <c r=\"Z9\"/> --><x:row r=\"1\">\
                   <x:c r=\"A1\"><x:v>1</x:v></x:c></x:row><row r=\"2\"><c r=\"A2\"/>\
                   <c r=\"B3\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>";
        let (misplaced, fault) = CellRefs::new(xml.as_bytes()).misplaced().unwrap();
        assert_eq!((misplaced.row, misplaced.position), (1, Some((2, 1))));
        assert_eq!(fault, Fault::OtherRow);
        let second = CellRefs::new(xml.as_bytes()).after(1).unwrap();
        assert_eq!(second.reference.as_deref(), Some("A2"));
        assert_eq!(CellRefs::new(xml.as_bytes()).after(3), None);
        let sound = "<sheetData><row r=\"4\"><c r=\"A4\"/><c r=\"C4\"/></row></sheetData>";
        assert_eq!(CellRefs::new(sound.as_bytes()).misplaced(), None);
    }

    /// h-duplicate-cell-ref-makes-phantom-case: a reference written twice in one `<row>` is
    /// found; the same reference in a repeated `<row r="8">` (a row of its own) is not.
    #[test]
    fn a_reference_repeated_within_its_row() {
        let xml = "<sheetData><row r=\"8\"><c r=\"F8\"><v>1</v></c><c r=\"G8\"><v>1007</v>\
                   </c><c r=\"G8\"><v>9999</v></c></row></sheetData>";
        let (cell, fault) = CellRefs::new(xml.as_bytes()).misplaced().unwrap();
        assert_eq!((cell.row, cell.reference.as_deref()), (7, Some("G8")));
        assert_eq!(fault, Fault::Repeated);
        let again = "<sheetData><row r=\"8\"><c r=\"G8\"><v>1</v></c></row><row r=\"8\">\
                     <c r=\"G8\"><v>2</v></c></row></sheetData>";
        assert_eq!(CellRefs::new(again.as_bytes()).misplaced(), None);
    }
}
