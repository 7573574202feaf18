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
            Cell::Text(s) => s.trim().is_empty(),
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
