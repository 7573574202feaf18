//! Web pages named .xls: the HTML table that web-based case-management systems send with
//! an Excel content type when a user clicks 导出Excel. Excel and WPS open such a file as a
//! sheet, so clerks pass it on as a workbook.
//!
//! The page is decoded whole, in the charset its `<meta>` names (GBK, often), else UTF-8,
//! else GB18030, and never lossily: a byte that does not decode stops with a message (a
//! page in UTF-8 under a stale charset=GBK is read as UTF-8, see `decode_page`). The
//! text is parsed as a browser parses it (html5ever), so a page with unclosed `<td>`s, no
//! `<tbody>` or entities reads as it shows. Every `<tr>` that holds no table is a row, in
//! document order (a layout table around the data gives only its own rows of text; a case
//! row with a table of its debtors in a cell is one row, see `data_rows`), and so is each
//! line of the page's text outside its tables (a title and its date above the table, a
//! `<caption>`), where Excel shows it; a cell's
//! text has its tags removed, its runs of spaces made one, and a line break for `<br>` and
//! after a block (`</p>`, `</div>`, `</li>`). A cell spanning rows (`rowspan`) holds its
//! value on each row it covers, as a merged range does in a workbook; one spanning columns
//! (`colspan`) stands in its first column and leaves the others empty, so that every value
//! stays under its header. Markup that no export writes and that would make the parser slow
//! (elements nested over 512 deep in a cell, elements in a table outside its cells) is
//! dropped before the tree is built; text is never dropped.

use std::cell::RefCell;
use std::path::Path;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{create_element, TreeBuilder, TreeBuilderOpts};
use html5ever::{local_name, ns, LocalName, QualName, TokenizerResult};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use sha2::{Digest, Sha256};

use super::*;

/// How many `<table>` start tags of `text` have no `</table>` end tag after them (tag
/// names in any case).
fn unclosed_tables(text: &str) -> usize {
    let b = text.as_bytes();
    let mut open = 0usize;
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        let rest = &b[i..];
        let tag = |name: &[u8]| {
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        };
        if tag(b"table") {
            open += 1;
        } else if tag(b"/table") {
            open = open.saturating_sub(1);
        }
    }
    open
}

pub(super) fn open_html(path: &Path, file: &str, limits: &Limits) -> Result<FileReader> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limits.max_uncompressed_bytes {
        return Err(input_error(
            file,
            format!(
                "the web page is {}, more than allowed; {}",
                show_bytes(bytes.len() as u64),
                limits.explain(Limit::UncompressedBytes)
            ),
        ));
    }
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (text, enc, charset_note) = decode_page(&bytes, file)?;
    // The parser's buffers count in 32 bits: a bigger page would stop it mid-way.
    if u32::try_from(text.len()).is_err() {
        return Err(input_error(
            file,
            format!(
                "the web page is {} of text, more than its parser reads (4 GiB); open it in \
                 Excel or WPS and save it as .xlsx",
                show_bytes(text.len() as u64)
            ),
        ));
    }
    // Spans are where a crafted page could ask for more columns than any sheet has.
    let max_columns = usize::try_from(limits.max_columns).unwrap_or(usize::MAX);
    let (rows, chrome) = page_rows(&text, max_columns).map_err(|line| {
        input_error(
            file,
            format!(
                "row {line} of the web page's table reaches past column {}, more than \
                 allowed; {}",
                limits.max_columns,
                limits.explain(Limit::Columns)
            ),
        )
    })?;
    if rows.is_empty() {
        return Err(input_error(
            file,
            "the file is a web page without a table (no <tr> rows), not an Excel workbook",
        ));
    }
    // h-html-export-cut-off-read-silently: a page cut off part-way (a download or a copy
    // that stopped) parses as a browser shows it, its last row half there and the rows
    // after it gone. An export always closes its tables: one left open is the cut.
    let mut warnings = Vec::new();
    if unclosed_tables(&text) > 0 {
        let last = rows.last().map_or(0, |r| r.line);
        warnings.push(cut_off_warning(&format!(
            "the web page ends inside its table, without its closing </table> (and </html>), \
             so its last row (row {last}) may hold only part of its cells"
        )));
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let handle = std::thread::Builder::new()
        .name("caseflow-html".into())
        .spawn(move || {
            let sheet = Event::Sheet {
                name: None,
                sheets: 1,
                hidden: false,
                date1904: false,
            };
            if tx.send(Ok(sheet)).is_err() {
                return;
            }
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let batch: Vec<Row> = rows.by_ref().take(BATCH_ROWS).collect();
                if tx.send(Ok(Event::Batch(Batch::Rows(batch)))).is_err() {
                    return;
                }
            }
            let _ = tx.send(Ok(Event::EndSheet));
        })
        .map_err(|e| Error::io(path, e))?;
    let mut notes: Vec<String> = charset_note.into_iter().collect();
    if !chrome.is_empty() {
        let shown: Vec<&str> = chrome.iter().take(5).map(String::as_str).collect();
        notes.push(format!(
            "{} line(s) of the web page's text under its table left out as the page's own              (links, buttons, a copyright or support line), not rows: {}{}",
            chrome.len(),
            shown.join(" | "),
            if chrome.len() > shown.len() { " …" } else { "" }
        ));
    }
    Ok(FileReader {
        file: file.to_string(),
        format: "html",
        encoding: Some(super::csv::encoding_name(enc, false)),
        notes,
        warnings,
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

/// The page's text and its encoding: the BOM's, else the charset its `<meta>` names, else
/// UTF-8 when the bytes are UTF-8, else GB18030 (GBK's superset); never decoded lossily.
/// With a note for the manifest when the page is read in another encoding than it declares.
///
/// A page whose bytes are not in the charset its `<meta>` names but are UTF-8 throughout is
/// read as UTF-8: a system moved to UTF-8 and kept its old page template (charset=GBK).
/// The bytes are unambiguous: they hold characters beyond ASCII (any ASCII-compatible
/// charset decodes ASCII alone, so such a page follows its tag), and those are not GBK
/// where they stand, while Chinese in GBK is practically never valid UTF-8. A page that
/// the charset it names does decode follows its tag, UTF-8 or not: that is how Excel, WPS
/// and browsers read it. The reverse (charset=UTF-8 over bytes that are not UTF-8) is
/// refused, not read as GBK: a UTF-8 page cut in the middle of a character is not UTF-8
/// either, and read as GBK all its Chinese would turn to garble.
fn decode_page(bytes: &[u8], file: &str) -> Result<(String, &'static Encoding, Option<String>)> {
    let strict = |enc: &'static Encoding, bytes: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(bytes)
            .map(std::borrow::Cow::into_owned)
    };
    let not_read = |what: String| {
        input_error(
            file,
            format!(
                "{what}; export it again from the case system, or give the page a <meta \
                 charset=…> naming the encoding it is written in (Excel and WPS would show it \
                 garbled, and save the garble)"
            ),
        )
    };
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return strict(enc, &bytes[bom..])
            .map(|text| (text, enc, None))
            .ok_or_else(|| {
                not_read(format!(
                    "the web page starts with a {0} byte-order mark but has bytes that are not \
                     {0} ({1})",
                    enc.name(),
                    first_bad_line(enc, &bytes[bom..])
                ))
            });
    }
    let utf8 = || std::str::from_utf8(bytes).ok();
    let Some((declared, label)) = declared_charset(bytes) else {
        if let Some(text) = utf8() {
            return Ok((text.to_string(), encoding_rs::UTF_8, None));
        }
        return strict(encoding_rs::GB18030, bytes)
            .map(|text| (text, encoding_rs::GB18030, None))
            .ok_or_else(|| {
                not_read(format!(
                    "the web page names no charset and has bytes that are neither UTF-8 nor \
                     GBK/GB18030 ({})",
                    first_bad_line(encoding_rs::GB18030, bytes)
                ))
            });
    };
    if let Some(text) = strict(declared, bytes) {
        return Ok((text, declared, None));
    }
    // The declared charset is not UTF-8 then, and (ASCII-compatible, as every charset a
    // Chinese page declares) it decodes ASCII: the bytes hold more than ASCII.
    if let Some(text) = utf8() {
        let note = format!(
            "the web page declares charset={label} in its <meta> tag, but its bytes are UTF-8 \
             and its Chinese is not {label}: read as UTF-8"
        );
        return Ok((text.to_string(), encoding_rs::UTF_8, Some(note)));
    }
    let bad = format!(
        "the web page declares charset={label} in its <meta> tag but has bytes that are not \
         {label} ({})",
        first_bad_line(declared, bytes)
    );
    if declared != encoding_rs::UTF_8 {
        return Err(not_read(format!("{bad}, nor UTF-8")));
    }
    if strict(encoding_rs::GB18030, bytes).is_none() {
        return Err(not_read(bad));
    }
    Err(input_error(
        file,
        format!(
            "{bad}; the whole page is GBK/GB18030: if the case system writes GBK, correct the \
             tag to charset=GBK (Excel and WPS would show it garbled, and save the garble)"
        ),
    ))
}

/// The charset a `<meta>` of the page's head names (its encoding, and its label as
/// written), if the label is one the Encoding Standard knows. GBK is read as GB18030: GBK
/// pages use GB18030's extra characters too, and it decodes every GBK byte.
fn declared_charset(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = find(&lower, b"charset=")?;
    let rest = &head[at + b"charset=".len()..];
    let rest = rest
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b' '))
        .map_or(&rest[..0], |p| &rest[p..]);
    let label_len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
        .unwrap_or(rest.len());
    let label = &rest[..label_len];
    let enc = Encoding::for_label(label)?;
    let enc = if enc == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        enc
    };
    // The label is ASCII letters, digits, '-' and '_' only.
    Some((enc, String::from_utf8_lossy(label).into_owned()))
}

/// Where the first byte that `enc` cannot decode stands, as "line N of the page's source",
/// for the message that refuses the page.
fn first_bad_line(enc: &'static Encoding, bytes: &[u8]) -> String {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = vec![0u8; 64 * 1024];
    let mut at = 0;
    let bad = loop {
        let (result, read, _) =
            decoder.decode_to_utf8_without_replacement(&bytes[at..], &mut out, true);
        at += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break None,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(len, after) => {
                break Some(at.saturating_sub(usize::from(len) + usize::from(after)))
            }
        }
    };
    match bad {
        Some(at) => format!(
            "the first at line {} of the page's source",
            bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
        ),
        None => "at its end".to_string(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `<br>` or the end of a block (`</p>`, `</div>`, `</li>`) breaks a cell's line, until
/// the cell's text is made (a line break in the page's source is only a space). The parser
/// drops NUL from a page's text, so the mark cannot come from the page.
const LINE_BREAK: char = '\0';

/// The widest span read (Excel's column count); the row limit checks what it adds up to.
const MAX_SPAN: usize = 16_384;

/// A row as read, before its cells are laid out: the table it is in (its number in document
/// order; a span stops at its table's end) and each cell's value ([`cell_value`]; `Empty`
/// for no text), colspan and rowspan.
struct TableRow {
    table: usize,
    cells: Vec<(Cell, usize, usize)>,
    /// A line of the page's text outside the table's rows (see [`data_rows`]).
    line: bool,
}

/// The rows of the page's data tables, in document order, cells at their column; `Err`
/// with the row's number when a row reaches past `max_columns`.
///
/// html5ever builds the tree a browser builds from the page (the HTML5 parsing algorithm):
/// an unclosed `<td>` or `<tr>` ends where the next one starts, `<tbody>` is implied, every
/// named and numeric entity is decoded, a `<` that starts no tag ("金额 < 1万") is text,
/// comments and the text of `<script>` and `<style>` are no cell's text. Scripting is off,
/// as in Excel and WPS: a `<noscript>`'s content is read as the page's.
///
/// A page of bare rows (`<tr>`s with no `<table>` around them, which a browser drops) is
/// read as if inside a table, as Excel and WPS read it.
#[cfg(test)]
fn table_rows(html: &str, max_columns: usize) -> std::result::Result<Vec<Row>, usize> {
    page_rows(html, max_columns).map(|(rows, _)| rows)
}

/// The rows of [`table_rows`], and the lines of the page's text under its last table that
/// are left out (see [`states_the_export`]).
fn page_rows(
    html: &str,
    max_columns: usize,
) -> std::result::Result<(Vec<Row>, Vec<String>), usize> {
    let has_table = |rows: &[TableRow]| rows.iter().any(|r| !r.line);
    let mut rows = data_rows(&parse(html, false).document);
    if !has_table(&rows) {
        rows = data_rows(&parse(html, true).document);
    }
    // A page without a table is no export, whatever text it has.
    if !has_table(&rows) {
        return Ok((Vec::new(), Vec::new()));
    }
    // Under the last table a page has its own text: links and buttons (打印, 返回), a
    // support or copyright line. Taken for rows, each was a one-cell row rejected for a
    // person to look at, and a clean export ended with exit 1. Only what states something
    // of the export (its date, its pages and records) stays a row there, for the footer
    // checks; the rest is named in a note.
    let last = rows.iter().rposition(|r| !r.line).unwrap_or(0);
    let mut chrome = Vec::new();
    let mut i = 0;
    rows.retain(|r| {
        let below = i > last;
        i += 1;
        let text = match r.cells.first() {
            Some((Cell::Text(t), ..)) => t.as_str(),
            _ => "",
        };
        let kept = !below || states_the_export(text);
        if !kept {
            chrome.push(text.replace(['\n', LINE_BREAK], " "));
        }
        kept
    });
    place(rows, max_columns).map(|rows| (rows, chrome))
}

/// Whether a line of a page's text under its table states something of the export: a
/// number with a word of dates, pages or records (导出时间：2026-03-01, 当前第1页，共4页，
/// 共120条记录, 截至2026年2月28日), or a written date.
fn states_the_export(text: &str) -> bool {
    const WORDS: [&str; 11] = [
        "页", "条", "年", "月", "日", "时间", "日期", "截至", "截止", "导出", "制表",
    ];
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if !text.chars().any(digit) {
        return false;
    }
    // A date alone or beside words (2026/3/1, 2026-03-01 导出), read as the date fields are.
    WORDS.iter().any(|w| text.contains(w))
        || crate::ingest::row::dated_words(text).is_some()
        || matches!(
            crate::ingest::fields::parse_date(&Cell::Text(text.trim().to_string())),
            Ok(Some(_))
        )
}

/// The page's tree: the whole document, or (`as_rows`) the content of a `<table>`.
fn parse(html: &str, as_rows: bool) -> RcDom {
    let opts = TreeBuilderOpts {
        scripting_enabled: false,
        ..TreeBuilderOpts::default()
    };
    let dom = RcDom::default();
    let builder = if as_rows {
        let table = QualName::new(None, ns!(html), local_name!("table"));
        let context = create_element(&dom, table, Vec::new());
        TreeBuilder::new_for_fragment(dom, context, None, opts)
    } else {
        TreeBuilder::new(dom, opts)
    };
    let tokenizer = Tokenizer::new(NestingCap::new(builder, as_rows), TokenizerOpts::default());
    let input = BufferQueue::default();
    // At most 4 GiB (checked by `open_html`): a tendril's length is 32 bits.
    input.push_back(StrTendril::from_slice(html));
    // A `<script>` pauses the tokenizer for its running; none runs here.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink
}

/// How deep elements other than a table's nest inside one table cell (or outside tables)
/// before further start tags are dropped, their text kept. The HTML5 tree builder looks down
/// its stack of open elements at many start tags, so a crafted page of nested `<div>`s takes
/// time in the square of its size (80,000 of them, 880 KB: 18 s in a release build here);
/// no export nests past a few dozen. Blink's parser stops nesting at 512 too
/// (`kMaximumHTMLParserDOMTreeDepth`).
const MAX_NESTING: usize = 512;

/// Between the tokenizer and the tree builder: drops the start tags that would nest past
/// `MAX_NESTING`, tracking the nesting on a stack of its own that errs on the deep side (an
/// end tag closes only the element on top, or the elements whose end is implied above it),
/// cut back at each table, row and cell, which close what their cell opened. `<svg>` and
/// `<math>` are dropped too (no table data is drawn; their text is read as the page's), so
/// that table tags always mean a table.
struct NestingCap {
    builder: TreeBuilder<Handle, RcDom>,
    /// Open elements since the page's start, as far as this filter knows.
    open: RefCell<Vec<LocalName>>,
    /// Each open table: the length of `open` where it starts, and whether a cell of it is
    /// open.
    tables: RefCell<Vec<(usize, bool)>>,
}

impl NestingCap {
    /// `in_table`: the page is parsed as the content of a table.
    fn new(builder: TreeBuilder<Handle, RcDom>, in_table: bool) -> Self {
        NestingCap {
            builder,
            open: RefCell::new(Vec::new()),
            tables: RefCell::new(if in_table {
                vec![(0, false)]
            } else {
                Vec::new()
            }),
        }
    }

    /// Whether to pass the tag on to the tree builder, noting what it opens or closes.
    fn keep(&self, tag: &Tag) -> bool {
        const VOID: &[&str] = &[
            "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
            "image", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
        ];
        // Elements whose text the tokenizer reads differently: never dropped.
        const RAW: &[&str] = &[
            "script",
            "style",
            "textarea",
            "title",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "plaintext",
            "noscript",
            "template",
        ];
        // Elements closed by an end tag of an element under them.
        const IMPLIED: &[&str] = &[
            "p", "li", "dd", "dt", "option", "optgroup", "rb", "rp", "rt", "rtc",
        ];
        let mut open = self.open.borrow_mut();
        let mut tables = self.tables.borrow_mut();
        let start = tag.kind == TagKind::StartTag;
        // An end tag closes nothing outside the innermost table (the tree builder's scope).
        let (base, in_cell) = tables.last().copied().unwrap_or((0, true));
        match &*tag.name {
            "table" if start => {
                // A <table> directly in a table ends that table and starts the next.
                if !in_cell {
                    if let Some((at, _)) = tables.pop() {
                        open.truncate(at);
                    }
                }
                tables.push((open.len(), false));
            }
            "table" => {
                if let Some((at, _)) = tables.pop() {
                    open.truncate(at);
                }
            }
            "caption" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" => {
                if let Some((at, cell)) = tables.last_mut() {
                    open.truncate(*at);
                    *cell = start && matches!(&*tag.name, "td" | "th" | "caption");
                }
            }
            "svg" | "math" => return false,
            // In a table but in no cell, the tree builder moves an element out in front of
            // the table, looking for the table among its parent's children each time: a
            // crafted page of many takes time in their square. None is a cell's.
            name if start && !in_cell => {
                return matches!(name, "script" | "style" | "template" | "col")
            }
            name if start => {
                if VOID.contains(&name) {
                    return true;
                }
                if open.len().saturating_sub(base) >= MAX_NESTING && !RAW.contains(&name) {
                    return false;
                }
                // A <p> or <li> closes the one open before it.
                if IMPLIED.contains(&name) && open.last() == Some(&tag.name) {
                    open.pop();
                }
                open.push(tag.name.clone());
            }
            _ => {
                let implied = open
                    .iter()
                    .rev()
                    .take_while(|n| IMPLIED.contains(&&***n) && **n != tag.name)
                    .count();
                if open.iter().rev().nth(implied) == Some(&tag.name) {
                    let len = open.len() - implied - 1;
                    if len >= base {
                        open.truncate(len);
                    }
                }
            }
        }
        true
    }
}

impl TokenSink for NestingCap {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        if let Token::TagToken(tag) = &token {
            if !self.keep(tag) {
                return TokenSinkResult::Continue;
            }
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// The data rows under `root`, in document order: every `<tr>` that holds no table, and
/// every row that holds one in a cell beside values of its own.
///
/// A layout table around the data table (a page frame: the court's name in one row, the list
/// in a cell of the next) is not data; its rows that hold a table are left out, its other rows
/// (a title row above the list) are kept, and the rows of the tables inside are read, the
/// innermost tables being the ones that hold the cases.
///
/// A case row whose cell holds a small table (the debtors of a case, one a row, as ASP.NET
/// GridViews and JSP templates render a field of several values) is a row of data, not a
/// frame: two or more of its cells have text outside any table (the 案号, the dates, the
/// officer), where a frame's row has the list and at most a side column. Such a row is read
/// as one row, each table in it its cell's text, a line per table row
/// ([`raw_text`]); the rows of those tables are not rows of the sheet. Read as a frame, the
/// case rows vanished and each debtor's name became a row of its own.
///
/// The page's text outside its tables (a title and its date above the table: `<h3>…执行
/// 案件清单</h3><p>截至2026年2月28日</p>`, a `导出时间：…` line under it) and a table's
/// `<caption>` are rows of one cell, a row per block or line, where they stand: Excel and
/// WPS show them so, above the header like a workbook's title rows, and the title's date is
/// the export's date. `<head>` (the window's `<title>` too), scripts and styles are no
/// text of the page.
fn data_rows(root: &Handle) -> Vec<TableRow> {
    /// A step of the walk: a node to enter, the end of an open `<table>` or `<tr>`, or the
    /// end of a block of text outside the tables.
    enum Step {
        Enter(Handle),
        LeaveTable,
        LeaveRow,
        EndLine,
    }
    /// What the page holds in order: a `<tr>` (by index in `trs`), or a line of text
    /// outside the tables, with the table it is the caption of (0 for none).
    enum Item {
        Tr(usize),
        Line(String, usize),
    }
    let mut items: Vec<Item> = Vec::new();
    // The text outside the tables since the last block began or ended.
    let mut pending = String::new();
    let end_line = |pending: &mut String, items: &mut Vec<Item>| {
        let text = cell_text(pending);
        pending.clear();
        if !text.is_empty() {
            items.push(Item::Line(text, 0));
        }
    };
    // Each <tr>: the element, its table, whether a table is inside it.
    let mut trs: Vec<(Handle, usize, bool)> = Vec::new();
    // Each <tr>'s row around it (a row of a table in one of its cells), by index in `trs`.
    let mut outer_of: Vec<Option<usize>> = Vec::new();
    let mut tables = 0;
    let mut open_tables: Vec<usize> = Vec::new();
    let mut open_rows: Vec<usize> = Vec::new();
    // Depth first with a stack of its own: a crafted page can nest elements thousands deep.
    let mut stack = vec![Step::Enter(root.clone())];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                let outside = open_tables.is_empty() && open_rows.is_empty();
                match element_name(&node) {
                    Some("head" | "script" | "style" | "template" | "title") => continue,
                    Some("caption") if open_rows.is_empty() => {
                        let text = cell_text(&raw_text(&node));
                        if !text.is_empty() {
                            let table = open_tables.last().copied().unwrap_or(0);
                            items.push(Item::Line(text, table));
                        }
                        continue;
                    }
                    Some(
                        "p" | "div" | "br" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li"
                        | "ul" | "ol" | "dl" | "dt" | "dd" | "center" | "form" | "pre"
                        | "blockquote" | "section" | "header" | "footer" | "article" | "nav"
                        | "main" | "body" | "address",
                    ) if outside => {
                        end_line(&mut pending, &mut items);
                        stack.push(Step::EndLine);
                    }
                    None if outside => {
                        if let NodeData::Text { contents } = &node.data {
                            pending.push_str(&contents.borrow());
                        }
                    }
                    _ => {}
                }
                match element_name(&node) {
                    Some("table") => {
                        end_line(&mut pending, &mut items);
                        tables += 1;
                        open_tables.push(tables);
                        if let Some(&row) = open_rows.last() {
                            trs[row].2 = true;
                        }
                        stack.push(Step::LeaveTable);
                    }
                    Some("tr") => {
                        let table = open_tables.last().copied().unwrap_or(0);
                        outer_of.push(open_rows.last().copied());
                        items.push(Item::Tr(trs.len()));
                        trs.push((node.clone(), table, false));
                        open_rows.push(trs.len() - 1);
                        stack.push(Step::LeaveRow);
                    }
                    _ => {}
                }
                stack.extend(
                    node.children
                        .borrow()
                        .iter()
                        .rev()
                        .cloned()
                        .map(Step::Enter),
                );
            }
            Step::LeaveTable => {
                open_tables.pop();
            }
            Step::EndLine => end_line(&mut pending, &mut items),
            Step::LeaveRow => {
                // A row holding a table makes the row around it hold one too.
                if let (Some(row), Some(&outer)) = (open_rows.pop(), open_rows.last()) {
                    if trs[row].2 {
                        trs[outer].2 = true;
                    }
                }
            }
        }
    }
    // A row holding a table beside values of its own is data; the rows inside it are its
    // cells' text. Rows come in document order: a row's outer row is seen before it.
    let cells_of = |tr: &Handle| -> Vec<Handle> {
        tr.children
            .borrow()
            .iter()
            .filter(|c| matches!(element_name(c), Some("td" | "th")))
            .cloned()
            .collect()
    };
    let mut keep = vec![false; trs.len()];
    let mut inside_data = vec![false; trs.len()];
    for (i, (tr, _, holds_table)) in trs.iter().enumerate() {
        inside_data[i] = outer_of[i].is_some_and(|o| keep[o] || inside_data[o]);
        if inside_data[i] {
            continue;
        }
        keep[i] = !holds_table
            || cells_of(tr)
                .iter()
                .filter(|c| !cell_text(&own_text(c)).is_empty())
                .nth(1)
                .is_some();
    }
    end_line(&mut pending, &mut items);
    items
        .into_iter()
        .filter_map(|item| match item {
            Item::Line(text, table) => Some(TableRow {
                table,
                cells: vec![(Cell::Text(text), 1, 1)],
                line: true,
            }),
            Item::Tr(i) if keep[i] => Some(TableRow {
                table: trs[i].1,
                cells: cells_of(&trs[i].0)
                    .iter()
                    .map(|c| {
                        (
                            cell_value(c, cell_text(&raw_text(c))),
                            span(c, "colspan"),
                            span(c, "rowspan"),
                        )
                    })
                    .collect(),
                line: false,
            }),
            Item::Tr(_) => None,
        })
        .collect()
}

/// The local name of an HTML element (`None` for text, comments, and SVG or MathML
/// elements, whose `<tr>` is no table row).
fn element_name(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } if name.ns == ns!(html) => Some(&name.local),
        _ => None,
    }
}

/// The value of a cell whose text is `text`: the number Excel stores in its `x:num`
/// attribute when it has one, else the text (`Empty` when there is none).
///
/// Excel saves a sheet as a web page (and systems export through its web-page template)
/// with each number cell's stored value in `x:num` and, as the cell's text, the value as
/// its format shows it: `<td class=xl66 x:num="1.480007">1.48</td>` under `0.00`. Excel
/// reads such a page back as the stored value (1.480007 in the formula bar, in SUM), and so
/// is it read here: from the shown text, an amount in 万元 lost up to 49.99 元 a cell. A
/// date cell stores its serial (`x:num="45319">2024-01-28`): read as the date shown with
/// its serial, as a workbook's date cell is, when the text shows that day; else as the
/// number (a date field reads it as a serial). A bare `x:num` (no value) says the shown
/// text is the number: the text is read, as is an `x:num` that is not a number.
///
/// Digits a float cannot hold are no stored number to prefer: an identity number of 18
/// digits (`x:num="330102199001011234"`) or one with a leading zero shown as written is
/// read as the text, which keeps every digit (Excel itself would have rounded it).
fn cell_value(cell: &Handle, text: String) -> Cell {
    let stored = match &cell.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == "x:num")
            .filter(|a| !beyond_float(a.value.trim()) && !digits_as_written(&text))
            .and_then(|a| a.value.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite()),
        _ => None,
    };
    let Some(x) = stored else {
        return if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        };
    };
    // A number shown as a number ("45319") is no date, whatever date its digits could be.
    if text.trim().parse::<f64>().is_err() {
        let shown = crate::ingest::fields::parse_date(&Cell::Text(text));
        if let (Ok(Some(day)), Ok(serial_day)) =
            (shown, crate::ingest::fields::excel_serial_to_date(x))
        {
            if day == serial_day {
                // The time of day is the serial's fraction, to the second.
                let seconds = (x.fract() * 86_400.0).round() as i64;
                let at = day.and_time(chrono::NaiveTime::MIN) + chrono::Duration::seconds(seconds);
                return Cell::DateTime(at, Some(x));
            }
        }
    }
    Cell::Number(x)
}

/// Whether `value` is a whole number of more digits than a float holds exactly (15): an
/// identity number, a code. A fraction written to 17 digits (0.49333499999999999, how a
/// float's value is printed) is a stored amount and stays one.
fn beyond_float(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().skip_while(|&b| b == b'0').count() > 15
}

/// Whether shown text is a string of digits a number would change: a leading zero (a phone
/// or a code, 0571…) or more digits than a float holds.
fn digits_as_written(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit())
        && ((t.len() > 1 && t.starts_with('0')) || beyond_float(t))
}

/// A cell's `colspan` or `rowspan`, at most a sheet's width or height (a span is a layout,
/// not data); 1 when absent or not a number.
fn span(cell: &Handle, attr: &str) -> usize {
    let NodeData::Element { attrs, .. } = &cell.data else {
        return 1;
    };
    let attrs = attrs.borrow();
    attrs
        .iter()
        .find(|a| &*a.name.local == attr)
        .and_then(|a| a.value.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(1, MAX_SPAN))
}

/// The text under a cell, entities already decoded by the parser, with `LINE_BREAK` for
/// `<br>` and after each block; `<script>`, `<style>` and `<template>` add nothing. A table
/// in the cell (its debtors, one a row) gives a line per row, its cells apart by a space.
fn raw_text(cell: &Handle) -> String {
    cell_raw_text(cell, true)
}

/// A cell's text outside any table in it (see [`data_rows`]).
fn own_text(cell: &Handle) -> String {
    cell_raw_text(cell, false)
}

fn cell_raw_text(cell: &Handle, tables: bool) -> String {
    enum Step {
        Enter(Handle),
        Break,
        Space,
    }
    let mut out = String::new();
    let enter = |node: &Handle| -> Vec<Step> {
        node.children
            .borrow()
            .iter()
            .rev()
            .cloned()
            .map(Step::Enter)
            .collect()
    };
    let mut stack = enter(cell);
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Break => {
                out.push(LINE_BREAK);
                continue;
            }
            Step::Space => {
                out.push(' ');
                continue;
            }
            Step::Enter(node) => node,
        };
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { .. } => match element_name(&node) {
                Some("br") => out.push(LINE_BREAK),
                Some("script" | "style" | "template") => {}
                Some("table") if !tables => {}
                Some("p" | "div" | "li" | "tr" | "caption") => {
                    stack.push(Step::Break);
                    stack.extend(enter(&node));
                }
                Some("td" | "th") => {
                    stack.push(Step::Space);
                    stack.extend(enter(&node));
                }
                _ => stack.extend(enter(&node)),
            },
            _ => {}
        }
    }
    out
}

/// A cell's text as a browser shows it: each run of white space (a non-breaking space too)
/// one space, line breaks only where the page puts `<br>` or ends a block, each line trimmed.
fn cell_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.split(LINE_BREAK).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut first = true;
        for word in line.split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}') {
            if word.is_empty() {
                continue;
            }
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(word);
        }
    }
    out.trim_matches('\n').to_string()
}

/// Lays the cells out on the grid: a cell's column is the first one not taken by a cell
/// above that spans down into this row.
fn place(rows: Vec<TableRow>, max_columns: usize) -> std::result::Result<Vec<Row>, usize> {
    // Per column: rows below still covered by a cell above, and its text; and the columns
    // so covered (walked per row instead of every column up to the widest span).
    let mut spans: Vec<(usize, Cell)> = Vec::new();
    let mut covered: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    let put = |cells: &mut Vec<Cell>, col: usize, value: &Cell| {
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        if !matches!(value, Cell::Empty) {
            cells[col] = value.clone();
        }
    };
    let mut table = None;
    for (
        r,
        TableRow {
            table: t,
            cells: row,
            ..
        },
    ) in rows.into_iter().enumerate()
    {
        // A span ends with its table, as in a browser (rows of two tables share no grid).
        if table.replace(t) != Some(t) {
            spans.clear();
            covered.clear();
        }
        let mut cells: Vec<Cell> = Vec::new();
        let mut started = Vec::new();
        let mut col = 0;
        let mut across = 0u64;
        let own = row.iter().any(|(v, _, _)| !matches!(v, Cell::Empty));
        for (value, colspan, rowspan) in row {
            while spans.get(col).is_some_and(|s| s.0 > 0) {
                col += 1;
            }
            if col.saturating_add(colspan) > max_columns {
                return Err(r + 1);
            }
            put(&mut cells, col, &value);
            for c in col + 1..(col + colspan).min(64) {
                across |= 1 << c;
            }
            if rowspan > 1 {
                started.push((col, colspan.min(MAX_SPAN), rowspan - 1, value));
            }
            col += colspan;
        }
        // Cells spanning down from above: their value on this row too when the row has
        // a value of its own (see the module's comment).
        let mut filled = 0u64;
        for &c in &covered {
            let span = &mut spans[c];
            if own && !matches!(span.1, Cell::Empty) {
                put(&mut cells, c, &span.1);
                if c < 64 {
                    filled |= 1 << c;
                }
            }
            span.0 -= 1;
        }
        covered.retain(|&c| spans[c].0 > 0);
        for (col, colspan, below, value) in started {
            for c in col..col + colspan {
                if spans.len() <= c {
                    spans.resize(c + 1, (0, Cell::Empty));
                }
                if spans[c].0 == 0 {
                    covered.push(c);
                }
                spans[c] = (below, if c == col { value.clone() } else { Cell::Empty });
            }
        }
        out.push(Row {
            line: r + 1,
            cells,
            filled,
            across,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| c.display()).collect())
            .collect()
    }

    #[test]
    fn a_system_export_page() {
        let page = "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\
            <style>td { mso-number-format:'\\@'; }</style></head><body>\
            <table border=1><tr><td colspan=3>某某法院执行案件清单</td></tr>\
            <tr><th>案号</th><th>立案日期</th><th>被执行人</th></tr>\
            <tr><td>（2024）京0105执1号</td><td>2024-03-05</td><td rowspan=2>张三<br/>李四</td></tr>\
            <tr><td>（2024）京0105执2号</td><td>2024-03-06</td></tr>\
            <tr><td>&nbsp;</td><td></td><td>A &amp; B&#x4E00; < 1</td></tr>\
            <!-- <tr><td>hidden</td></tr> --></table></body></html>";
        let rows = table_rows(page, 100).unwrap();
        assert_eq!(
            table_rows("<tr><td colspan=99>x</td><td>y</td></tr>", 99),
            Err(1)
        );
        assert_eq!(
            texts(&rows),
            vec![
                vec!["某某法院执行案件清单".to_string()],
                vec!["案号".into(), "立案日期".into(), "被执行人".into()],
                vec![
                    "（2024）京0105执1号".into(),
                    "2024-03-05".into(),
                    "张三\n李四".into()
                ],
                vec![
                    "（2024）京0105执2号".into(),
                    "2024-03-06".into(),
                    "张三\n李四".into()
                ],
                vec!["".into(), "".into(), "A & B一 < 1".into()],
            ]
        );
        assert_eq!(rows[4].line, 5);
        let (enc, label) = declared_charset(page.as_bytes()).unwrap();
        assert_eq!((enc, label.as_str()), (encoding_rs::GB18030, "gb2312"));
    }

    /// l-utf8-page-declared-gbk-refused: a page follows the charset its `<meta>` names when
    /// that decodes it (ASCII only, GBK, and UTF-8 whose bytes happen to pair as GBK); when
    /// it does not and the bytes are UTF-8 with Chinese in them, they are read as UTF-8 with
    /// a note; otherwise the refusal names the declared charset, the tag and the line.
    #[test]
    fn a_page_is_read_in_its_declared_charset_unless_its_bytes_are_utf8_instead() {
        let page = |charset: &str, body: &str| {
            format!("<meta charset=\"{charset}\">\n<table><tr><td>{body}</td></tr></table>\n")
        };
        let decode = |bytes: &[u8]| decode_page(bytes, "p.xls");
        // 吴敏、徐磊 is 15 bytes in UTF-8: its last byte pairs with '<', not GBK.
        let utf8 = page("GBK", "吴敏、徐磊");
        let (text, enc, note) = decode(utf8.as_bytes()).unwrap();
        assert_eq!((text.as_str(), enc), (utf8.as_str(), encoding_rs::UTF_8));
        assert!(note.unwrap().contains("declares charset=GBK"));
        let ascii = page("GBK", "Zhou Jie");
        let (_, enc, note) = decode(ascii.as_bytes()).unwrap();
        assert_eq!((enc, note), (encoding_rs::GB18030, None));
        let gbk = encoding_rs::GBK.encode(&utf8).0;
        let (text, enc, note) = decode(&gbk).unwrap();
        assert_eq!(
            (text.as_str(), enc, note),
            (utf8.as_str(), encoding_rs::GB18030, None)
        );
        // 周杰 is 6 bytes in UTF-8, three GBK pairs: the tag is followed, as Excel does.
        let paired = page("GBK", "周杰");
        let (text, enc, _) = decode(paired.as_bytes()).unwrap();
        assert_eq!(enc, encoding_rs::GB18030);
        assert_ne!(text, paired);
        // GBK bytes under charset=UTF-8 are refused, not guessed.
        let declared_utf8 = page("UTF-8", "吴敏、徐磊");
        let gbk_as_utf8 = encoding_rs::GBK.encode(&declared_utf8).0;
        let e = decode(&gbk_as_utf8).unwrap_err().to_string();
        for part in [
            "p.xls",
            "charset=UTF-8",
            "<meta>",
            "line 2",
            "the whole page is GBK",
        ] {
            assert!(e.contains(part), "{part:?} in {e}");
        }
        let mut neither = page("GBK", "吴敏").into_bytes();
        neither.extend_from_slice(b"\n\xff\xff\xe5");
        let e = decode(&neither).unwrap_err().to_string();
        for part in ["charset=GBK", "not GBK", "line 4", "nor UTF-8"] {
            assert!(e.contains(part), "{part:?} in {e}");
        }
    }

    /// The page's own text under its table (buttons, links, a support or copyright line)
    /// is no row; the lines that date the export or count its pages and records stay rows
    /// for the footer checks, and the lines above the table are rows whatever they say.
    #[test]
    fn the_pages_own_text_under_its_table_is_left_out_with_a_note() {
        let page = "<html><body><h3>执行案件列表</h3><p>请核对</p>\
            <table><tr><td>案号</td><td>立案日期</td></tr>\
            <tr><td>（2024）京0105执1号</td><td>2024-03-05</td></tr></table>\
            <div>打印</div><p>技术支持：浙江某某科技有限公司</p><a href=#>返回</a>\
            <p>版权所有 © 2008-2024 某某法院</p><p>导出时间：2026-03-01 10:00</p>\
            <p>当前第1页，共1页，共1条记录</p><p>2026/3/1</p></body></html>";
        let (rows, chrome) = page_rows(page, 100).unwrap();
        assert_eq!(
            texts(&rows),
            strings(&[
                &["执行案件列表"],
                &["请核对"],
                &["案号", "立案日期"],
                &["（2024）京0105执1号", "2024-03-05"],
                &["导出时间：2026-03-01 10:00"],
                &["当前第1页，共1页，共1条记录"],
                &["2026/3/1"],
            ])
        );
        assert_eq!(
            chrome,
            [
                "打印",
                "技术支持：浙江某某科技有限公司",
                "返回",
                "版权所有 © 2008-2024 某某法院"
            ]
        );
        assert!(!states_the_export("第二执行团队"));
        assert!(states_the_export("截至２０２６年２月"));
    }

    fn read(page: &str) -> Vec<Vec<String>> {
        texts(&table_rows(page, 100).unwrap())
    }

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn unclosed_cells_and_rows_end_where_the_next_starts() {
        // No </td>, no </tr>, no <tbody>, lower and upper case: what older systems write.
        let page = "<TABLE><TR><TD>案号<TD>立案日期\n<TR><td>（2024）京0105执1号<td>2024-03-05\
            <tr><td>（2024）京0105执2号<td rowspan=2>2024-03-06<tr><td>（2024）京0105执3号</table>";
        assert_eq!(
            read(page),
            strings(&[
                &["案号", "立案日期"],
                &["（2024）京0105执1号", "2024-03-05"],
                &["（2024）京0105执2号", "2024-03-06"],
                &["（2024）京0105执3号", "2024-03-06"],
            ])
        );
        // Nor is a <table> needed: bare rows read as if in one.
        assert_eq!(
            read("<tr><td>a<td>b<tr><td>c"),
            strings(&[&["a", "b"], &["c"]])
        );
    }

    #[test]
    fn entities_are_decoded_and_a_stray_less_than_is_text() {
        let page = "<table><tr><td>&#x4E2D;&#22269;&nbsp;&nbsp;法院</td><td>&yen;1,000&amp;</td>\
            <td>AT&T &copy 2024</td><td>金额 < 1万 &lt;b&gt;</td><td>&unknown; &#xZZ;</td></tr></table>";
        assert_eq!(
            read(page),
            strings(&[&[
                "中国 法院",
                "¥1,000&",
                "AT&T © 2024",
                "金额 < 1万 <b>",
                "&unknown; &#xZZ;"
            ]])
        );
    }

    #[test]
    fn scripts_styles_and_comments_hold_no_cells() {
        let page = "<table><tr><td>案号</td>\
            <script>document.write('<td>假</td></tr><tr><td>假');</script>\
            <td>承办人<style>td { color: red }</style><!-- <td>旧</td> --></td></tr>\
            <tr><td>1<script>var s = '<td>x</td>';</script></td><td>王法官</td></tr></table>";
        assert_eq!(
            read(page),
            strings(&[&["案号", "承办人"], &["1", "王法官"]])
        );
    }

    #[test]
    fn markup_between_a_tables_rows_is_no_cell() {
        // Older exports wrap rows in <font> or <form>, or put text between them; a browser
        // moves the text out in front of the table, where it is a line of the page's text.
        let page = "<table><font size=2><form action=x><tr><td>案号</td></tr>\n说明\
            <b>加粗</b><tr><td><font size=2>（2024）京0105执1号</td></tr></form></font></table>";
        assert_eq!(
            read(page),
            strings(&[&["说明加粗"], &["案号"], &["（2024）京0105执1号"]])
        );
    }

    #[test]
    fn a_layout_table_gives_only_its_rows_of_text() {
        // A page frame: the court's name in the layout table's first row, the list in a cell
        // of its second row, a footer row last; the list's rows are the data.
        let page = "<table width=100%><tr><td>某某法院</td></tr>\
            <tr><td><div><table border=1>\
                <tr><th>案号</th><th>承办人</th></tr>\
                <tr><td>（2024）京0105执1号</td><td rowspan=3>王法官</td></tr>\
            </table></div></td><td>侧栏</td></tr>\
            <tr><td>制表：张三</td><td>第1页</td></tr></table>";
        assert_eq!(
            read(page),
            strings(&[
                &["某某法院"],
                &["案号", "承办人"],
                &["（2024）京0105执1号", "王法官"],
                // The rowspan stops at its table's end.
                &["制表：张三", "第1页"],
            ])
        );
        // Tables nested twice: only the innermost rows, at any depth.
        let deep = format!(
            "{}<table><tr><td>a</td></tr></table>{}",
            "<table><tr><td>".repeat(50),
            "</td></tr></table>".repeat(50)
        );
        assert_eq!(read(&deep), strings(&[&["a"]]));
    }

    /// l-html-nested-table-cell: a case row whose 被执行人 cell holds a table of its debtors,
    /// one a row, is one row, the debtors a line each in its cell; read as a page frame, the
    /// case rows vanished and each debtor became a row.
    #[test]
    fn a_table_in_a_case_rows_cell_is_that_cells_text() {
        let debtors = |names: &[&str]| {
            let rows: String = names
                .iter()
                .map(|n| format!("<tr><td>{n}</td></tr>"))
                .collect();
            format!("<td><table>{rows}</table></td>")
        };
        let page = format!(
            "<table><tr><td colspan=4>执行案件清单</td></tr>\
             <tr><th>案号</th><th>立案日期</th><th>被执行人</th><th>承办人</th></tr>\
             <tr><td>（2025）浙0603执101号</td><td>2025-03-02</td>{}<td>王五</td></tr>\
             <tr><td>（2025）浙0603执102号</td><td>2025-04-11</td>{}<td>赵六</td></tr>\
             </table>",
            debtors(&["李强"]),
            debtors(&["赵磊", "孙敏 330603"])
        );
        assert_eq!(
            read(&page),
            strings(&[
                &["执行案件清单"],
                &["案号", "立案日期", "被执行人", "承办人"],
                &["（2025）浙0603执101号", "2025-03-02", "李强", "王五"],
                &[
                    "（2025）浙0603执102号",
                    "2025-04-11",
                    "赵磊\n孙敏 330603",
                    "赵六"
                ],
            ])
        );
        // A debtor table of two columns (name, identity number): a line per debtor.
        let two = "<table><tr><td>（2025）浙0603执1号</td><td>王五</td><td><table>\
            <tr><td>赵磊</td><td>330603</td></tr><tr><td>孙敏</td><td>330604</td></tr>\
            </table></td></tr></table>";
        assert_eq!(
            read(two),
            strings(&[&["（2025）浙0603执1号", "王五", "赵磊 330603\n孙敏 330604"]])
        );
    }

    /// l-html-title-outside-table: the title and date a page prints above its table (a
    /// heading, a paragraph, a `<caption>`) and a line under it are rows of the sheet where
    /// they stand, as Excel shows them; the window's `<title>`, scripts and styles are not.
    #[test]
    fn the_pages_text_around_the_table_is_rows_of_it() {
        let page = "<html><head><title>窗口标题</title><style>p {}</style></head><body>\
            <h3>某某法院<b>执行案件清单</b></h3><p>截至2026年2月28日<br>单位：元</p>\
            <script>var x = '<tr><td>假</td></tr>';</script>\
            <table><caption>未结案件</caption><tr><th>案号</th></tr>\
            <tr><td>（2024）京0105执1号</td></tr></table>\
            <div>导出时间：2026-03-01</div>   \n </body></html>";
        assert_eq!(
            read(page),
            strings(&[
                &["某某法院执行案件清单"],
                &["截至2026年2月28日"],
                &["单位：元"],
                &["未结案件"],
                &["案号"],
                &["（2024）京0105执1号"],
                &["导出时间：2026-03-01"],
            ])
        );
        // Text without a table is no export.
        assert!(read("<p>没有数据</p>").is_empty());
    }

    #[test]
    fn line_breaks_come_from_br_and_block_ends_only() {
        let page = "<table><tr><td>\n  张三 <br>李四<BR/>\r\n</td>\
            <td><p>第一段</p><p>第二段</p></td><td><div>甲</div><ul><li>丙<li>丁</ul></td>\
            <td><span>连</span><b>在</b>一起</td></tr></table>";
        assert_eq!(
            read(page),
            strings(&[&["张三\n李四", "第一段\n第二段", "甲\n丙\n丁", "连在一起"]])
        );
    }

    #[test]
    fn crafted_pages_are_read_in_linear_time() {
        // Each page nests or repeats 20,000 elements (crafted: no export does). A recursive
        // walk overflows the test thread's stack on them, and a quadratic tree builder takes
        // minutes, so the suite would stall; no clock is read here (a timed assertion failed
        // on a busy 2-core machine, and speed belongs in BENCHMARKS.md, not in tests).
        let n = 20_000;
        let table = "<table><tr><td>案号</td></tr></table>";
        for page in [
            format!(
                "<table><tr><td>{}深{}</td></tr></table>",
                "<div><span>".repeat(n),
                "</span></div>".repeat(n)
            ),
            format!("{}{table}", "<div>".repeat(n)),
            format!("{}{table}", "<div></b>".repeat(n)),
            format!("{}{table}", "<b><div></b>".repeat(n)),
            format!(
                "<table><tr><td>{}深</table>",
                "<svg><g></x><math><mi>".repeat(n)
            ),
            // End tags that close nothing inside a table.
            format!("{}{table}", "<div><table></div>".repeat(n)),
            format!(
                "<table>{}<tr><td>案号</td></tr></table>",
                "<b>x</b><br>".repeat(n)
            ),
        ] {
            // The table's row, after the text moved out in front of it (xxx…) if any.
            let rows = read(&page);
            let last = rows.last().unwrap();
            assert!(rows.len() <= 2, "{}", &page[..40]);
            assert!(
                last[0] == "案号" || last[0].starts_with('深'),
                "{:?}",
                last[0].chars().take(10).collect::<String>()
            );
        }
    }
}
