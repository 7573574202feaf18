//! One cell of an input sheet, as the reader found it, before any field parsing.
//!
//! Excel gives typed cells (numbers, real dates, booleans); CSV gives text. Keeping the
//! reader's type lets the field parsers treat an Excel date serial in a number cell and
//! the same digits typed as text each the right way, and keeps undecodable bytes as bytes
//! so that a reject can show them in hex instead of a replacement character.

use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric cell (Excel stores every number as a binary float).
    Number(f64),
    Bool(bool),
    /// A cell Excel formatted as a date or date-time, and the number it stores (the date
    /// serial) when the file keeps one: a workbook stores a date as a plain number and only
    /// its style says "date", so an amount under a date style (Java libraries and WPS reuse
    /// one style for a whole row) is still that amount. `None` where the file writes the
    /// date itself (SpreadsheetML's ISO text).
    DateTime(NaiveDateTime, Option<f64>),
    /// Bytes that could not be decoded in the file's encoding.
    Undecodable(Vec<u8>),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

/// True for text with nothing to read in it: whitespace, invisible marks and control
/// characters only (a DOS end-of-file mark, NUL padding), the characters
/// [`super::fields::clean`] removes, and these only inside a mark that keeps a cell as text
/// (`=""`, a lone `'`: [`super::fields::strip_text_marks`]), which cleaning removes too. An
/// export that wraps every cell writes an empty row so; read as filled it would be a case
/// row with no field filled.
#[inline]
pub fn blank_text(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        // Only a cell that starts with a mark, or with whitespace before one, is looked at
        // twice: an ordinary cell costs its first byte.
        Some(b'\'' | b'=') => blank_behind_mark(s),
        // A first character that is not whitespace, nor invisible, nor a control: not
        // blank. Every other character is ASCII or starts with the byte C2, E1, E2, E3 or EF.
        Some(&b) if b.is_ascii() && !matches!(b, 0..=b' ' | 0x7f) => false,
        Some(&b) if b >= 0xc0 && !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef) => false,
        _ => blank_chars(s) || blank_behind_mark(s),
    }
}

/// Whitespace and invisible characters only.
fn blank_chars(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || super::fields::is_invisible(c))
}

/// A text mark with nothing but [`blank_chars`] in it, and around it.
fn blank_behind_mark(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_whitespace() || super::fields::is_invisible(c));
    let inner = super::fields::strip_text_marks(t);
    inner.len() < t.len() && blank_chars(inner)
}

impl Cell {
    /// The number a numeric field (an amount, a count) reads from the cell: the serial a
    /// date-styled cell stores, as a number cell. The style is only how Excel shows the
    /// number; a field known to hold an amount reads what is stored, as a date field reads
    /// a bare number as a date serial. Text fields still see the date Excel shows.
    pub fn stored_number(&self) -> Option<Cell> {
        match self {
            Cell::DateTime(_, Some(x)) => Some(Cell::Number(*x)),
            _ => None,
        }
    }

    /// True for a cell with nothing in it (blank text counts as empty).
    #[inline]
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => blank_text(s),
            _ => false,
        }
    }

    /// The cell as the user would see it, for rejects and the `extra` column.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => format_number(*x),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateTime(dt, _) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.date().format("%Y-%m-%d").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Undecodable(bytes) => format!(
                "0x{}",
                bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// The shortest decimal text that reads back as the same float: what Excel shows for a
/// number typed with a few decimals, without binary noise (12345.67, not 12345.6699…).
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Cell;

    /// What blank means, without the fast path: whitespace and the characters cleaning
    /// removes only, around a text mark or not.
    fn blank_oracle(s: &str) -> bool {
        let space = |c: char| c.is_whitespace() || crate::ingest::fields::is_invisible(c);
        let t = s.trim_matches(space);
        let inner = t
            .strip_prefix('\'')
            .or_else(|| t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')))
            .unwrap_or(t);
        inner.chars().all(space)
    }

    proptest! {
        #[test]
        fn blank_is_whitespace_and_invisible_only(s in any::<String>()) {
            prop_assert_eq!(Cell::Text(s.clone()).is_empty(), blank_oracle(&s));
        }

        #[test]
        fn blank_is_whitespace_and_invisible_only_on_spaces(
            s in "[ \\t\\n\\x0b\\x0c\\r\\x00\\x1a\\x7f\\u{85}\\u{a0}\\u{ad}\\u{1680}\\u{2000}\\u{200e}\\u{2028}\\u{202f}\\u{205f}\\u{3000}\\u{200b}\\u{feff}a张]{0,6}"
        ) {
            prop_assert_eq!(Cell::Text(s.clone()).is_empty(), blank_oracle(&s));
        }

        #[test]
        fn blank_sees_through_text_marks(
            s in "[ \\t\\u{a0}\\u{3000}\\u{200b}'=\"a]{0,6}"
        ) {
            prop_assert_eq!(Cell::Text(s.clone()).is_empty(), blank_oracle(&s));
        }
    }

    #[test]
    fn a_dos_end_of_file_mark_or_nul_padding_is_blank() {
        for s in ["\x1a", "\0\0", " \u{feff}", "\u{200e}"] {
            assert!(Cell::Text(s.to_string()).is_empty(), "{s:?}");
        }
        assert!(!Cell::Text("\0王五".to_string()).is_empty());
    }

    /// m-wrapped-empty-row-rejected-whole: the marks an export writes to keep a cell as
    /// text, with nothing in them, are an empty cell (so a row of them is a blank row);
    /// with a value in them, or standing alone otherwise, they are not.
    #[test]
    fn an_empty_text_mark_is_blank() {
        for s in ["=\"\"", "'", " ' ", "=\" \"", "\t=\"\u{3000}\"", "'\u{a0}"] {
            assert!(Cell::Text(s.to_string()).is_empty(), "{s:?}");
        }
        for s in ["=\"0\"", "'0", "=", "=\"", "''", " =\"x\"", "=\"\"\"\""] {
            assert!(!Cell::Text(s.to_string()).is_empty(), "{s:?}");
        }
    }
}
