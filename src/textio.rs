//! Reading and writing text files the way Chinese offices produce and open them.
//!
//! Inputs arrive as UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 from
//! older systems and from Excel's "CSV" on a Chinese Windows. polars rejects non-UTF-8
//! CSV and its lossy mode would silently replace every Chinese character, so text is
//! decoded here first and never lossily: an undecodable byte is an error naming the
//! file and line. Outputs are written to a temporary file beside the target and renamed,
//! so an interrupted run never leaves a half-written file.

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// The encoding a text file was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030/GBK",
        }
    }
}

/// Decodes `bytes` (from `file`, for messages) without loss: BOMs decide first; valid
/// UTF-8 is UTF-8; anything else must decode cleanly as GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8], file: &str) -> Result<(String, TextEncoding)> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let which = if enc == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        if had_errors {
            return Err(undecodable(&bytes[bom_len..], enc, file));
        }
        return Ok((text.into_owned(), which));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), TextEncoding::Utf8)),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(undecodable(bytes, encoding_rs::GB18030, file));
            }
            Ok((text.into_owned(), TextEncoding::Gb18030))
        }
    }
}

/// An error naming the first line with a byte sequence that `enc` cannot decode.
fn undecodable(bytes: &[u8], enc: &'static encoding_rs::Encoding, file: &str) -> Error {
    for (line_no, line) in (1..).zip(bytes.split(|&b| b == b'\n')) {
        let (_, had_errors) = enc.decode_without_bom_handling(line);
        if had_errors {
            let shown: String = line
                .iter()
                .take(32)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ");
            return Error::Input {
                file: file.to_string(),
                row: Some(line_no),
                column: None,
                message: format!(
                    "bytes that are neither UTF-8 nor {} (first bytes of the line: {shown}); \
                     save the file as UTF-8 or GBK",
                    enc.name()
                ),
            };
        }
    }
    Error::Input {
        file: file.to_string(),
        row: None,
        column: None,
        message: format!("cannot decode as UTF-8 or {}", enc.name()),
    }
}

/// A path as text for tables, the manifest and messages. A name that is not UTF-8 is most
/// often a Chinese name in GBK (an archive unpacked on Linux from a Windows PC, a share
/// mounted without a charset): read as GB18030 when every byte decodes, so 甲.csv and 乙.csv
/// stay two names and readable ones; otherwise each byte that is not UTF-8 is shown as
/// `\xNN`, never as a replacement character that would make two names one.
pub fn path_text(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Some(s) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        {
            return s.into_owned();
        }
        let mut out = String::new();
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// Reads and decodes a whole text file.
pub fn read_text(path: &Path) -> Result<(String, TextEncoding)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode(&bytes, &path.display().to_string())
}

/// Reads a configuration file (a pipeline, rule, profile or reference TOML) as text.
///
/// TOML is UTF-8 by definition, and a rule file is something a statistician edits and
/// reads back, so it is not decoded by guesswork: a file Notepad or WPS saved as GBK (the
/// default on a Chinese Windows) is a configuration error (exit 2) naming the file, the
/// first line that is not UTF-8 and how to re-save it. The BOM Notepad writes with
/// "UTF-8" is accepted, and so is a file Notepad saved as "Unicode" or "Unicode big
/// endian" (UTF-16 LE or BE with its byte-order mark, the choice older Notepad and many
/// Windows tools make): the mark says what the file is, so reading it guesses nothing.
/// Without the mark, UTF-16 is told by its NUL bytes and refused as UTF-16, not as GBK.
///
/// Line ends of CR alone (classic Mac, some editors and copies from old tools) are read as
/// line ends: TOML knows only LF and CRLF, and would read such a file as one line and
/// refuse it with no reason the statistician can act on, though it looks right in their
/// editor. TOML allows no bare CR anywhere else, so nothing a file means is changed.
pub fn read_config(path: &Path) -> Result<String> {
    read_config_bytes(path).map(lone_cr_as_line_end)
}

/// `\r` not followed by `\n` as `\n`; CRLF and LF are kept as they are.
fn lone_cr_as_line_end(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

fn read_config_bytes(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let utf16 = match bytes.get(..2) {
        Some(b"\xff\xfe") => Some(encoding_rs::UTF_16LE),
        Some(b"\xfe\xff") => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(enc) = utf16 {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
        return Err(Error::Usage(format!(
            "{}: the file is marked as UTF-16 (Notepad's \"Unicode\") but is cut short or \
             broken; save it again as UTF-8 (记事本: 另存为 → 编码 UTF-8; WPS or VS Code: 编码 \
             UTF-8) and run again",
            path.display()
        )));
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    // TOML allows no NUL character: NULs between the letters are UTF-16 saved without its
    // byte-order mark.
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::Usage(format!(
            "{}: line {line}: the file is not UTF-8 (its NUL bytes look like UTF-16, \
             Notepad's \"Unicode\", saved without its byte-order mark); save it again as \
             UTF-8 (记事本: 另存为 → 编码 UTF-8; WPS or VS Code: 编码 UTF-8) and run again",
            path.display()
        )));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        // A configuration file, so exit 2 like any other mistake in one, not 1 (input data).
        Err(e) => {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let (_, _, gbk_errors) = encoding_rs::GB18030.decode(body);
            let guess = if gbk_errors {
                ""
            } else {
                " (it looks like GBK, as Notepad or WPS on a Chinese Windows saves it)"
            };
            Err(Error::Usage(format!(
                "{}: line {line}: the file is not UTF-8{guess}; save it again as UTF-8 \
                 (记事本: 另存为 → 编码 UTF-8; WPS or VS Code: 编码 UTF-8) and run again",
                path.display()
            )))
        }
    }
}

/// A TOML file's parse error as a configuration error (exit 2) that points at the line to
/// edit. For an unknown key, toml points at the header of the table that holds it (a
/// `[[category.rule]]` twenty lines up); the key's own line is found below that header,
/// and the array entry it belongs to (`category 6`, `cause "no_assets"`) is named, so
/// that the statistician finds the typo without counting tables.
pub fn toml_error(origin: &str, text: &str, e: &toml::de::Error) -> Error {
    let Some(span) = e.span() else {
        return Error::Usage(format!("{origin}: {e}"));
    };
    let lines: Vec<&str> = text.lines().collect();
    let start = text[..span.start.min(text.len())].matches('\n').count();
    let mut at = start;
    let message = e.message().trim();
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        // The table's own lines: from its header to the next header.
        for (i, line) in lines.iter().enumerate().skip(start + 1) {
            let l = line.trim_start();
            if l.starts_with('[') {
                break;
            }
            if l.split('=')
                .next()
                .is_some_and(|k| k.trim().trim_matches('"') == key)
                && l.contains('=')
            {
                at = i;
                break;
            }
        }
    }
    // The entry of the top-level array of tables that holds the line.
    let mut owner = None;
    // An empty file has no lines at all: nothing above the error to look through.
    for line in lines[..(at + 1).min(lines.len())].iter().rev() {
        let l = line.trim();
        if let Some((k, v)) = l.split_once('=') {
            let (k, v) = (k.trim(), v.trim());
            // The key nearest the entry's header is the entry's own (a rule below it
            // may have a `code` too).
            if matches!(k, "id" | "code") {
                owner = Some((k.to_string(), v.trim_matches('"').to_string()));
            }
        }
        if l.starts_with("[[") && !l.contains('.') {
            let table = l.trim_matches(|c| c == '[' || c == ']');
            owner = owner.map(|(k, v)| match k.as_str() {
                "id" => (table.to_string(), v),
                _ => (table.to_string(), format!("{v:?}")),
            });
            break;
        }
        if l.starts_with('[') && !l.starts_with("[[") {
            owner = None;
            break;
        }
    }
    let shown = lines.get(at).map_or("", |l| l.trim());
    let owner = owner.map_or(String::new(), |(t, v)| format!("{t} {v}: "));
    Error::Usage(format!(
        "{origin}: line {}: {owner}{message}\n    {} | {shown}",
        at + 1,
        at + 1
    ))
}

/// Writes a file atomically: `fill` writes into a temporary file in the same folder,
/// which is renamed over `path` only when it succeeded.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".caseflow-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::output(dir, e))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buf)?;
        buf.flush().map_err(|e| Error::output(path, e))?;
    }
    // tempfile creates files readable by the owner only; outputs are meant to be shared
    // (opened by colleagues, served, e-mailed), so give them ordinary permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::output(path, e))?;
    }
    tmp.persist(path)
        .map_err(|e| Error::output(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// t-empty-rules-file-panics: an empty (0-byte) census.toml, rows.toml or backlog.toml
    /// panicked where the error looks for the line to show; it names the file and what is
    /// missing.
    #[test]
    fn an_empty_configuration_file_is_an_error_naming_it() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Needs {
            months: u32,
        }
        for text in ["", "\n", "# 法定期限\n"] {
            let e = toml::from_str::<Needs>(text).expect_err("no months");
            let e = toml_error("rules/backlog.toml", text, &e);
            assert_eq!(e.exit_code(), 2);
            let e = e.to_string();
            assert!(
                e.contains("rules/backlog.toml") && e.contains("months"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_gbk_configuration_file_is_a_usage_error_naming_it() {
        // Red-team round 37 (e-gbk-rule-file-exit-1): exit 1 and "stream did not contain
        // valid UTF-8" before.
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("backlog.toml");
        let (gbk, _, _) = encoding_rs::GBK.encode("[period]\n# 法定期限\nmonths = 6\n");
        std::fs::write(&p, &gbk).expect("write");
        let e = read_config(&p).expect_err("GBK");
        assert_eq!(e.exit_code(), 2);
        let e = e.to_string();
        assert!(
            e.contains("backlog.toml") && e.contains("line 2") && e.contains("GBK"),
            "{e}"
        );
        assert!(e.contains("UTF-8"), "says how to save it: {e}");
        // Notepad's "UTF-8" writes a BOM: read as UTF-8.
        std::fs::write(&p, b"\xef\xbb\xbfmonths = 6\n").expect("write");
        assert_eq!(read_config(&p).expect("BOM"), "months = 6\n");
    }

    /// t-cr-line-ends-empty-error: a rule file saved with CR alone as its line end was read
    /// by TOML as one line and refused with an empty message; its lines are read as lines,
    /// CRLF and LF files stay as they are.
    #[test]
    fn a_configuration_file_with_cr_line_ends_is_read_by_its_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("backlog.toml");
        std::fs::write(&p, "# 法定期限\r[period]\rmonths = 6\r").expect("write");
        let text = read_config(&p).expect("CR line ends");
        assert_eq!(text, "# 法定期限\n[period]\nmonths = 6\n");
        let v: toml::Table = toml::from_str(&text).expect("TOML");
        assert_eq!(v["period"]["months"].as_integer(), Some(6));
        for kept in ["a = 1\r\nb = 2\r\n", "a = 1\nb = 2\n"] {
            std::fs::write(&p, kept).expect("write");
            assert_eq!(read_config(&p).expect("read"), kept);
        }
    }

    /// s-utf16-toml-called-gbk: a rule or pipeline file Notepad saved as "Unicode" (UTF-16
    /// LE with its byte-order mark) or "Unicode big endian" was refused as "it looks like
    /// GBK". The mark says what the file is: it is read. Without the mark, its NUL bytes
    /// say UTF-16, and the refusal says so.
    #[test]
    fn a_utf16_configuration_file_is_read_and_never_called_gbk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.toml");
        let text = "# 基线普查\r\nname = \"基线\"\r\nmonths = 6\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bom, body) in [(&b"\xff\xfe"[..], &le), (&b"\xfe\xff"[..], &be)] {
            std::fs::write(&p, [bom, &body[..]].concat()).expect("write");
            assert_eq!(read_config(&p).expect("UTF-16 with BOM"), text);
        }
        // Cut short (an odd byte at the end): refused as broken UTF-16.
        std::fs::write(&p, [&b"\xff\xfe"[..], &le[..le.len() - 1]].concat()).expect("write");
        let e = read_config(&p).expect_err("broken").to_string();
        assert!(e.contains("UTF-16") && !e.contains("GBK"), "{e}");
        // No byte-order mark.
        std::fs::write(&p, &le).expect("write");
        let e = read_config(&p).expect_err("no BOM");
        assert_eq!(e.exit_code(), 2);
        let e = e.to_string();
        assert!(e.contains("UTF-16") && !e.contains("GBK"), "{e}");
    }

    #[test]
    fn an_unknown_key_points_at_its_own_line_and_entry() {
        // Red-team round 37 (e-category-rule-typo-wrong-line): toml points at the table's
        // header, lines above the typo.
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Rule {
            kind: String,
            causes: Option<Vec<String>>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Category {
            id: u8,
            rule: Vec<Rule>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct File {
            category: Vec<Category>,
        }
        let text =
            "[[category]]\nid = 5\n[[category.rule]]\nkind = \"x\"\n\n[[category]]\nid = 6\n\
                    [[category.rule]]\nkind = \"cause\"\n# a comment\ncase = [\"a\"]\n";
        let e = toml::from_str::<File>(text).expect_err("unknown key");
        let e = toml_error("categories.toml", text, &e).to_string();
        assert!(
            e.starts_with("categories.toml: line 11: category 6: "),
            "{e}"
        );
        assert!(e.contains("`case`") && e.contains("case = [\"a\"]"), "{e}");
    }

    #[test]
    fn decodes_utf8_bom_gbk_and_utf16() {
        let text = "案号,立案日期\n（2023）浙0603执1号,2023-01-05\n";
        assert_eq!(decode(text.as_bytes(), "t").unwrap().1, TextEncoding::Utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            decode(&bom, "t").unwrap(),
            (text.into(), TextEncoding::Utf8Bom)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(
            decode(&gbk, "t").unwrap(),
            (text.into(), TextEncoding::Gb18030)
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, "t").unwrap().1, TextEncoding::Utf16Le);
    }

    #[test]
    fn undecodable_bytes_name_the_line() {
        let bytes = b"a,b\n1,2\n\x81\x20\xff,3\n";
        match decode(bytes, "x.csv") {
            Err(Error::Input { row, file, .. }) => {
                assert_eq!(row, Some(3));
                assert_eq!(file, "x.csv");
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }
}

#[cfg(all(test, unix))]
mod path_tests {
    use super::path_text;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    #[test]
    fn names_in_gbk_are_read_as_gbk_and_other_bytes_shown_in_hex() {
        let p = |b: &[u8]| path_text(Path::new(OsStr::from_bytes(b)));
        // 甲.csv and 乙.csv in GBK.
        assert_eq!(p(b"in/\xbc\xd7.csv"), "in/甲.csv");
        assert_eq!(p(b"in/\xd2\xd2.csv"), "in/乙.csv");
        assert_eq!(p("案件.csv".as_bytes()), "案件.csv");
        // Not GB18030 either (0xFF is no lead byte): each bad byte in hex.
        assert_eq!(p(b"a\xff\xfe.csv"), "a\\xFF\\xFE.csv");
    }
}
