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
    /// A cell Excel formatted as a date or date-time.
    DateTime(NaiveDateTime),
    /// Bytes that could not be decoded in the file's encoding.
    Undecodable(Vec<u8>),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl Cell {
    /// True for a cell with nothing in it (blank text counts as empty).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => match s.as_bytes().first() {
                None => true,
                // A first character that is not whitespace: not blank. Every whitespace
                // character is ASCII or starts with the byte C2, E1, E2 or E3.
                Some(&b) if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ') => false,
                Some(&b) if b >= 0xc0 && !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) => false,
                _ => s.trim().is_empty(),
            },
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
            Cell::DateTime(dt) => {
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

    proptest! {
        #[test]
        fn blank_is_trimmed_empty(s in any::<String>()) {
            prop_assert_eq!(Cell::Text(s.clone()).is_empty(), s.trim().is_empty());
        }

        #[test]
        fn blank_is_trimmed_empty_on_spaces(
            s in "[ \\t\\n\\x0b\\x0c\\r\\u{85}\\u{a0}\\u{1680}\\u{2000}\\u{2028}\\u{202f}\\u{205f}\\u{3000}\\u{200b}a张]{0,6}"
        ) {
            prop_assert_eq!(Cell::Text(s.clone()).is_empty(), s.trim().is_empty());
        }
    }
}
