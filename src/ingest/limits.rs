//! Limits on what one input file may make caseflow do: how far a workbook may inflate,
//! how many entries its archive may hold, how wide a sheet or a CSV record may be, and how
//! long one CSV record may run.
//!
//! A crafted or broken file (a zip bomb posing as .xlsx, a CSV whose unclosed quote swallows
//! the rest of the file) must end in a message that names the file and the limit, within
//! bounded memory and time, never in an out-of-memory kill. The defaults are far above what
//! a court system exports (Excel itself stops at 16,384 columns; a 200,000-row export
//! inflates to about 200 MB of XML), and each can be raised on the command line
//! (`caseflow ingest --max-…`) or in a pipeline file's `[limits]` table.

use serde::{Deserialize, Serialize};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// The limits of one ingest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Total uncompressed size of a workbook's zip entries (xlsx, xlsm, xlsb, ods), as
    /// declared in the zip's central directory; no entry is inflated beyond its declared size.
    pub max_uncompressed_bytes: u64,
    /// Entries in a workbook's zip archive.
    pub max_zip_entries: u64,
    /// Columns of a sheet (its declared dimension and its cells) or fields of a CSV record.
    pub max_columns: u64,
    /// Bytes of one CSV record (a line, or several when a quoted field holds line breaks).
    pub max_line_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_uncompressed_bytes: GIB,
            max_zip_entries: 10_000,
            max_columns: 16_384,
            max_line_bytes: 4 * MIB,
        }
    }
}

/// One limit: its command-line flag, its key in a pipeline's `[limits]` table, and whether
/// its value is a size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    UncompressedBytes,
    ZipEntries,
    Columns,
    LineBytes,
}

impl Limit {
    pub fn flag(self) -> &'static str {
        match self {
            Limit::UncompressedBytes => "--max-uncompressed-bytes",
            Limit::ZipEntries => "--max-zip-entries",
            Limit::Columns => "--max-columns",
            Limit::LineBytes => "--max-line-bytes",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Limit::UncompressedBytes => "max_uncompressed_bytes",
            Limit::ZipEntries => "max_zip_entries",
            Limit::Columns => "max_columns",
            Limit::LineBytes => "max_line_bytes",
        }
    }

    pub fn is_size(self) -> bool {
        matches!(self, Limit::UncompressedBytes | Limit::LineBytes)
    }
}

impl Limits {
    pub fn get(&self, limit: Limit) -> u64 {
        match limit {
            Limit::UncompressedBytes => self.max_uncompressed_bytes,
            Limit::ZipEntries => self.max_zip_entries,
            Limit::Columns => self.max_columns,
            Limit::LineBytes => self.max_line_bytes,
        }
    }

    pub fn set(&mut self, limit: Limit, value: u64) {
        match limit {
            Limit::UncompressedBytes => self.max_uncompressed_bytes = value,
            Limit::ZipEntries => self.max_zip_entries = value,
            Limit::Columns => self.max_columns = value,
            Limit::LineBytes => self.max_line_bytes = value,
        }
    }

    /// The limit's value as a user reads it (`1 GiB`, `16384`).
    pub fn show(&self, limit: Limit) -> String {
        let v = self.get(limit);
        if limit.is_size() {
            show_bytes(v)
        } else {
            v.to_string()
        }
    }

    /// "the limit of 1 GiB (raise it with --max-uncompressed-bytes, or max_uncompressed_bytes
    /// in a pipeline's [limits] table)": the end of every message about a limit.
    pub fn explain(&self, limit: Limit) -> String {
        format!(
            "the limit is {} (raise it with {} or `{}` in the [limits] table of a pipeline file)",
            self.show(limit),
            limit.flag(),
            limit.key()
        )
    }
}

/// `1073741824` → `1 GiB`, `1536` → `1.5 KiB`, `100` → `100 bytes`.
pub fn show_bytes(n: u64) -> String {
    for (unit, size) in [("GiB", GIB), ("MiB", MIB), ("KiB", KIB)] {
        if n >= size {
            let x = n as f64 / size as f64;
            return if n.is_multiple_of(size) {
                format!("{} {unit}", n / size)
            } else {
                format!("{x:.1} {unit}")
            };
        }
    }
    format!("{n} bytes")
}

/// Parses a size: plain bytes (`4194304`) or a number with a unit (`4MiB`, `4 MB`, `1g`,
/// `512k`); units are binary (a `MB` is a MiB, as Windows shows file sizes).
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num = num.replace('_', "");
    let unit = unit.trim().to_ascii_lowercase();
    let mult = match unit.as_str() {
        "" | "b" | "bytes" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => GIB,
        "t" | "tb" | "tib" => 1024 * GIB,
        _ => {
            return Err(format!(
                "{text:?}: unknown unit {unit:?} (use bytes, KiB, MiB or GiB)"
            ))
        }
    };
    let value: f64 = num
        .parse()
        .map_err(|_| format!("{text:?}: expected a size such as 4194304, 4MiB or 1GiB"))?;
    let bytes = value * mult as f64;
    if !(bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64) {
        return Err(format!("{text:?}: a size must be at least one byte"));
    }
    Ok(bytes.round() as u64)
}

/// Parses a count (`10000`, `10_000`, `10k`).
pub fn parse_count(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim().replace('_', "").to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('k') {
        Some(n) => (n.to_string(), 1000),
        None => (t.clone(), 1),
    };
    match num.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n * mult),
        _ => Err(format!("{text:?}: expected a positive whole number")),
    }
}

/// Parses a limit's value as written on the command line or in a pipeline file.
pub fn parse_limit(limit: Limit, text: &str) -> std::result::Result<u64, String> {
    if limit.is_size() {
        parse_size(text)
    } else {
        parse_count(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4194304"), Ok(4 * MIB));
        assert_eq!(parse_size("4MiB"), Ok(4 * MIB));
        assert_eq!(parse_size("4 mb"), Ok(4 * MIB));
        assert_eq!(parse_size("1g"), Ok(GIB));
        assert_eq!(parse_size("1.5KiB"), Ok(1536));
        assert!(parse_size("4 parsecs").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("").is_err());
        assert_eq!(show_bytes(GIB), "1 GiB");
        assert_eq!(show_bytes(1536), "1.5 KiB");
        assert_eq!(show_bytes(100), "100 bytes");
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("10000"), Ok(10_000));
        assert_eq!(parse_count("10_000"), Ok(10_000));
        assert_eq!(parse_count("16k"), Ok(16_000));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-3").is_err());
    }

    #[test]
    fn explanation_names_flag_and_key() {
        let l = Limits::default();
        let e = l.explain(Limit::UncompressedBytes);
        assert!(e.contains("1 GiB"), "{e}");
        assert!(e.contains("--max-uncompressed-bytes"), "{e}");
        assert!(e.contains("max_uncompressed_bytes"), "{e}");
    }
}
