//! Web pages named .xls: the HTML table that web-based case-management systems send with
//! an Excel content type when a user clicks 导出Excel. Excel and WPS open such a file as a
//! sheet, so clerks pass it on as a workbook.
//!
//! The page is decoded whole, in the charset its `<meta>` names (GBK, often), else UTF-8,
//! else GB18030, and never lossily: a byte that does not decode stops with a message. Every
//! `<tr>` of the page is a row, in document order; a cell's text has its tags removed, its
//! entities decoded, its runs of spaces made one, and a line break for `<br>`. A cell
//! spanning rows (`rowspan`) holds its value on each row it covers, as a merged range does
//! in a workbook; one spanning columns (`colspan`) stands in its first column and leaves
//! the others empty, so that every value stays under its header.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::*;

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
    let (enc, bom) = page_encoding(&bytes);
    let text = enc
        .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
        .ok_or_else(|| {
            input_error(
                file,
                format!(
                    "the web page has bytes that are not {} (its declared or detected \
                     encoding); open it in Excel or WPS and save it as .xlsx",
                    enc.name()
                ),
            )
        })?
        .into_owned();
    // Spans are where a crafted page could ask for more columns than any sheet has.
    let max_columns = usize::try_from(limits.max_columns).unwrap_or(usize::MAX);
    let rows = table_rows(&text, max_columns).map_err(|line| {
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
    let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(2);
    let handle = std::thread::Builder::new()
        .name("caseflow-html".into())
        .spawn(move || {
            let sheet = Event::Sheet {
                name: None,
                sheets: 1,
                hidden: false,
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
    Ok(FileReader {
        file: file.to_string(),
        format: "html",
        encoding: Some(if enc == encoding_rs::GB18030 || enc == encoding_rs::GBK {
            "GBK/GB18030"
        } else {
            enc.name()
        }),
        notes: Vec::new(),
        size_bytes: bytes.len() as u64,
        sha256,
        events: Events::Thread {
            rx: Some(rx),
            handle: Some(handle),
            recycle: None,
        },
    })
}

/// The page's encoding and the length of its BOM: the BOM's, else the charset a `<meta>`
/// names, else UTF-8 when the bytes are UTF-8, else GB18030 (GBK's superset).
fn page_encoding(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc, bom);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if let Some(at) = find(&lower, b"charset=") {
        let rest = &head[at + b"charset=".len()..];
        let rest = rest
            .iter()
            .position(|b| !matches!(b, b'"' | b'\'' | b' '))
            .map_or(&rest[..0], |p| &rest[p..]);
        let label_len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..label_len]) {
            // GBK pages use GB18030's extra characters too; it decodes every GBK byte.
            let enc = if enc == encoding_rs::GBK {
                encoding_rs::GB18030
            } else {
                enc
            };
            return (enc, 0);
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, 0)
    } else {
        (encoding_rs::GB18030, 0)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `<br>` breaks a cell's line, until the cell's text is made (a line break in the
/// page's source is only a space).
const LINE_BREAK: char = '\0';

/// The widest span read (Excel's column count); the row limit checks what it adds up to.
const MAX_SPAN: usize = 16_384;

/// A cell being read: its text and how far it spans.
struct OpenCell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

/// The rows of every table of a page, in document order, cells at their column; `Err`
/// with the row's number when a row reaches past `max_columns`.
fn table_rows(html: &str, max_columns: usize) -> std::result::Result<Vec<Row>, usize> {
    let mut rows: Vec<Vec<(String, usize, usize)>> = Vec::new();
    let mut row: Option<Vec<(String, usize, usize)>> = None;
    let mut cell: Option<OpenCell> = None;
    let close_cell = |cell: &mut Option<OpenCell>, row: &mut Option<Vec<_>>| {
        if let Some(c) = cell.take() {
            row.get_or_insert_with(Vec::new)
                .push((cell_text(&c.text), c.colspan, c.rowspan));
        }
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if let Some(c) = cell.as_mut() {
            c.text.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        // A '<' that starts no tag ("金额 < 1万") is text, as a browser shows it.
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            if let Some(c) = cell.as_mut() {
                c.text.push('<');
            }
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_len = body
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("script" | "style", false) => {
                // Their text is not page text; searched from here on only, so that many
                // of them cost one pass over the page.
                let end = format!("</{name}");
                rest = find_ignoring_case(rest, &end).map_or("", |e| &rest[e..]);
            }
            ("tr", false) => {
                close_cell(&mut cell, &mut row);
                rows.extend(row.take());
                row = Some(Vec::new());
            }
            ("tr", true) | ("table", _) => {
                close_cell(&mut cell, &mut row);
                rows.extend(row.take());
            }
            ("td" | "th", false) => {
                close_cell(&mut cell, &mut row);
                // At most a sheet's width or height: a span is a layout, not data.
                let span = |attr: &str, max: usize| {
                    attribute(&body[name_len..], attr)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .map_or(1, |n| n.clamp(1, max))
                };
                cell = Some(OpenCell {
                    text: String::new(),
                    colspan: span("colspan", MAX_SPAN),
                    rowspan: span("rowspan", MAX_SPAN),
                });
            }
            ("td" | "th", true) => close_cell(&mut cell, &mut row),
            ("br", _) | ("p" | "div" | "li", true) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push(LINE_BREAK);
                }
            }
            _ => {}
        }
    }
    close_cell(&mut cell, &mut row);
    rows.extend(row.take());
    place(rows, max_columns)
}

/// The first position of ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Where a tag that starts `s` (at its `<`) ends: its `>`, outside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in a tag's attribute text (`colspan="2"`, `colspan=2`).
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric();
        let after = attrs[from..].trim_start();
        let Some(value) = after.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// A cell's text as a browser shows it: entities decoded, each run of white space one
/// space, line breaks only where the page puts `<br>`, each line trimmed.
fn cell_text(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for (i, line) in decoded.split(LINE_BREAK).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut first = true;
        for word in line.split(|c: char| c.is_ascii_whitespace()) {
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

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric references; anything else
/// is left as written. A non-breaking space is a space (the text is cleaned later).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.replace(['\n', '\r'], " ");
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp].replace(['\n', '\r'], " "));
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(&rest.replace(['\n', '\r'], " "));
    out
}

/// Lays the cells out on the grid: a cell's column is the first one not taken by a cell
/// above that spans down into this row.
fn place(
    rows: Vec<Vec<(String, usize, usize)>>,
    max_columns: usize,
) -> std::result::Result<Vec<Row>, usize> {
    // Per column: rows below still covered by a cell above, and its text; and the columns
    // so covered (walked per row instead of every column up to the widest span).
    let mut spans: Vec<(usize, String)> = Vec::new();
    let mut covered: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    let put = |cells: &mut Vec<Cell>, col: usize, text: &str| {
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        if !text.is_empty() {
            cells[col] = Cell::Text(text.to_string());
        }
    };
    for (r, row) in rows.into_iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::new();
        let mut started = Vec::new();
        let mut col = 0;
        let own = row.iter().any(|(t, _, _)| !t.is_empty());
        for (text, colspan, rowspan) in row {
            while spans.get(col).is_some_and(|s| s.0 > 0) {
                col += 1;
            }
            if col.saturating_add(colspan) > max_columns {
                return Err(r + 1);
            }
            put(&mut cells, col, &text);
            if rowspan > 1 {
                started.push((col, colspan.min(MAX_SPAN), rowspan - 1, text));
            }
            col += colspan;
        }
        // Cells spanning down from above: their value on this row too when the row has
        // a value of its own (see the module's comment).
        for &c in &covered {
            let span = &mut spans[c];
            if own && !span.1.is_empty() {
                put(&mut cells, c, &span.1);
            }
            span.0 -= 1;
        }
        covered.retain(|&c| spans[c].0 > 0);
        for (col, colspan, below, text) in started {
            for c in col..col + colspan {
                if spans.len() <= c {
                    spans.resize(c + 1, (0, String::new()));
                }
                if spans[c].0 == 0 {
                    covered.push(c);
                }
                spans[c] = (
                    below,
                    if c == col {
                        text.clone()
                    } else {
                        String::new()
                    },
                );
            }
        }
        out.push(Row { line: r + 1, cells });
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
        // Script text is not a cell's; a cell spanning three rows and two columns.
        let rows = table_rows(
            "<tr><td rowspan=3 colspan=2>甲</td><td>1</td></tr><tr><td>2<SCRIPT>x='<td>'</Script></td></tr>\
             <tr><td>3</td></tr><tr><td>a</td><td>b</td><td>4</td></tr>",
            100,
        )
        .unwrap();
        assert_eq!(
            texts(&rows),
            vec![
                vec!["甲".to_string(), "".into(), "1".into()],
                vec!["甲".into(), "".into(), "2".into()],
                vec!["甲".into(), "".into(), "3".into()],
                vec!["a".into(), "b".into(), "4".into()],
            ]
        );
        let (enc, _) = page_encoding(page.as_bytes());
        assert_eq!(enc, encoding_rs::GB18030);
    }
}
