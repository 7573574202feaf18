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

/// Reads and decodes a whole text file.
pub fn read_text(path: &Path) -> Result<(String, TextEncoding)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode(&bytes, &path.display().to_string())
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
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".caseflow-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buf)?;
        buf.flush().map_err(|e| Error::io(path, e))?;
    }
    // tempfile creates files readable by the owner only; outputs are meant to be shared
    // (opened by colleagues, served, e-mailed), so give them ordinary permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
