//! Stock-flow ratios of a unit and a period (`domain/metrics.md`, "Stock and flow").
//!
//! The same expressions serve two callers: `caseflow ratios` on an aggregate table that
//! came from a statistics system, and the census/trend stages on flows computed from
//! case-level data. A ratio whose denominator is zero, or whose input is blank, is
//! undefined (null), never 0 or infinity. Values are unrounded: rounding is for display.

use polars::prelude::*;

use crate::ingest::fields::{whole_number, WholeNumberError};

mod headers;
mod period;
pub use headers::HeaderNames;
pub use period::{
    basis_days, days_of_period, days_of_period_in, names_no_year, period_in_text, period_range,
    period_range_in, single_date,
};

/// B: 旧存, pending at the start of the period.
pub const PENDING_START: &str = "pending_start";
/// N: 新收, received in the period.
pub const INCOMING: &str = "incoming";
/// D: 结案, closed in the period.
pub const RESOLVED: &str = "resolved";
/// E: 未结, pending at the end of the period.
pub const PENDING_END: &str = "pending_end";
/// R: reopened / returned / reactivated in the period (optional).
pub const REOPENED: &str = "reopened";

/// The counts every stock-flow table must have, in their canonical order.
pub const REQUIRED_COUNTS: [&str; 4] = [PENDING_START, INCOMING, RESOLVED, PENDING_END];

/// Output columns, in the order they are appended.
pub const RATIO_COLUMNS: [&str; 6] = [
    "clearance_rate",
    "clearance_rate_all",
    "disposition_time_days",
    "disposal_rate",
    "pending_change",
    "pending_to_incoming",
];

/// Days a disposition time is expressed against: 365 for a year (even a leap year, as
/// CEPEJ defines it), or the days of a shorter period.
pub const DAYS_PER_YEAR: f64 = 365.0;

fn f(name: &str) -> Expr {
    col(name).cast(DataType::Float64)
}

/// `scale · num / den`, null when `den` is zero or either side is null.
fn ratio(num: Expr, den: Expr, scale: f64) -> Expr {
    when(den.clone().eq(lit(0.0)))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(lit(scale) * num / den)
}

/// Expressions for the six ratios over count columns named as in [`REQUIRED_COUNTS`]
/// (integers, nulls allowed). `reopened` is used for `clearance_rate_all` when the table
/// has it; without that column R is taken as 0 (no reopened cases reported).
pub fn ratio_exprs(has_reopened: bool, period_days: f64) -> Vec<Expr> {
    let b = f(PENDING_START);
    let n = f(INCOMING);
    let d = f(RESOLVED);
    let e = f(PENDING_END);
    let incoming_all = if has_reopened {
        n.clone() + f(REOPENED)
    } else {
        n.clone()
    };
    vec![
        // 结收比; CEPEJ Clearance Rate: 100 · D / N
        ratio(d.clone(), n.clone(), 100.0).alias(RATIO_COLUMNS[0]),
        // CourTools Measure 2: 100 · D / (N + R)
        ratio(d.clone(), incoming_all, 100.0).alias(RATIO_COLUMNS[1]),
        // CEPEJ Disposition Time: 365 · E / D
        ratio(e.clone(), d.clone(), period_days).alias(RATIO_COLUMNS[2]),
        // 结案率: 100 · D / (B + N)
        ratio(d, b.clone() + n.clone(), 100.0).alias(RATIO_COLUMNS[3]),
        // 100 · (E − B) / B
        ratio(e.clone() - b.clone(), b, 100.0).alias(RATIO_COLUMNS[4]),
        // CEPEJ caseload backlog: 100 · E / N
        ratio(e, n, 100.0).alias(RATIO_COLUMNS[5]),
    ]
}

/// Adds the ratio columns to a frame of counts.
pub fn with_ratios(lf: LazyFrame, has_reopened: bool, period_days: f64) -> LazyFrame {
    lf.with_columns(ratio_exprs(has_reopened, period_days))
}

/// A count cell that could not be used: the row keeps going, that cell is undefined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The row in the frame (0 for its first).
    pub row: usize,
    /// Line in the file as a spreadsheet shows it (the header is line 1).
    pub line: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// Parses one count cell: blank is unknown (`Ok(None)`); thousands separators, commas or
/// spaces, in groups of three after a first of one to three digits (1,234; 1 234; a comma
/// or space elsewhere, 1,5, 1,2345, 3 1 or 12 34, is a problem naming it), full-width
/// digits (１２０) and a count's unit after the number (800件: summary tables write it in
/// the cell as in the header, 旧存（件）) are allowed; a negative, fractional or non-numeric
/// count is a problem.
pub fn parse_count(raw: &str) -> Result<Option<i64>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // A dash or slash alone is how a statistical table leaves a cell without a figure
    // (无此项): no count, so the ratios that need it stay empty, as for a blank cell; not 0,
    // which would be a figure nobody reported.
    if t.chars()
        .all(|c| matches!(c, '-' | '－' | '—' | '–' | '―' | '─' | '/' | '／'))
    {
        return Ok(None);
    }
    // Full-width forms as a Chinese input method types them.
    let t: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '，' => ',',
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    let t = t.trim();
    let t = headers::COUNT_UNITS
        .iter()
        .find_map(|u| t.strip_suffix(u))
        .map_or(t, str::trim_end);
    // Separators must group thousands (1,234; 12,345,678), as ingest reads amounts:
    // dropping a comma wherever it stands read 1,5 as 15 and 1,2345 as 12345.
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits = digits.replace('_', ",");
    let value = whole_number(digits.trim()).map_err(|e| match e {
        WholeNumberError::NotANumber => "not a number".to_string(),
        // Named by the separator the cell has: "3 1" blamed on a comma sent the reader
        // looking for a comma the cell does not have. A space sets thousands apart as a
        // comma does (1 234, as European and Chinese typesetting writes it), by the same
        // rule, so a space elsewhere is a typo or two figures run together.
        WholeNumberError::MisplacedSeparator if !digits.contains(',') => {
            "a space inside the number: a space may only set thousands apart, in groups of \
             three, as in 1 234"
                .to_string()
        }
        WholeNumberError::MisplacedSeparator if digits.trim().contains(' ') => {
            "a comma or space out of place: thousands are grouped in threes, as in 1,234 or \
             1 234"
                .to_string()
        }
        WholeNumberError::MisplacedSeparator => {
            "a comma out of place: thousands are grouped in threes, as in 1,234".to_string()
        }
        WholeNumberError::NotWhole => "not a whole number".to_string(),
        WholeNumberError::TooLarge => "count too large".to_string(),
    })?;
    if negative && value != 0 {
        return Err("negative count".into());
    }
    Ok(Some(value))
}

/// Converts the count columns of an all-text frame to Int64, collecting the cells that
/// are not counts. `lines` are the file lines of the frame's rows.
pub fn parse_count_columns(
    df: &DataFrame,
    columns: &[&str],
    lines: &[usize],
) -> PolarsResult<(Vec<Column>, Vec<CellProblem>)> {
    let mut out = Vec::with_capacity(columns.len());
    let mut problems = Vec::new();
    for &name in columns {
        let ca = df.column(name)?.str()?;
        let values: Int64Chunked = ca
            .iter()
            .enumerate()
            .map(|(i, cell)| match cell.map(parse_count) {
                None => None,
                Some(Ok(v)) => v,
                Some(Err(reason)) => {
                    problems.push(CellProblem {
                        row: i,
                        line: lines.get(i).copied().unwrap_or(i + 2),
                        column: name.to_string(),
                        value: cell.unwrap_or_default().to_string(),
                        reason,
                    });
                    None
                }
            })
            .collect();
        out.push(values.with_name(name.into()).into_column());
    }
    Ok((out, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rows: &[[Option<i64>; 4]]) -> DataFrame {
        let col_of = |k: usize, name: &str| {
            Column::new(
                name.into(),
                rows.iter().map(|r| r[k]).collect::<Vec<Option<i64>>>(),
            )
        };
        DataFrame::new(
            rows.len(),
            vec![
                col_of(0, PENDING_START),
                col_of(1, INCOMING),
                col_of(2, RESOLVED),
                col_of(3, PENDING_END),
            ],
        )
        .unwrap()
    }

    fn values(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
        df.column(name).unwrap().f64().unwrap().iter().collect()
    }

    #[test]
    fn ratios_follow_the_definitions() {
        let df = with_ratios(
            frame(&[[Some(100), Some(50), Some(60), Some(90)]]).lazy(),
            false,
            DAYS_PER_YEAR,
        )
        .collect()
        .unwrap();
        assert_eq!(values(&df, "clearance_rate"), vec![Some(120.0)]);
        assert_eq!(values(&df, "clearance_rate_all"), vec![Some(120.0)]);
        assert_eq!(values(&df, "disposition_time_days"), vec![Some(547.5)]);
        assert_eq!(values(&df, "disposal_rate"), vec![Some(40.0)]);
        assert_eq!(values(&df, "pending_change"), vec![Some(-10.0)]);
        assert_eq!(values(&df, "pending_to_incoming"), vec![Some(180.0)]);
    }

    #[test]
    fn zero_denominators_and_blanks_are_undefined() {
        let df = with_ratios(
            frame(&[
                [Some(0), Some(0), Some(0), Some(0)],
                [None, Some(5), None, Some(3)],
            ])
            .lazy(),
            false,
            DAYS_PER_YEAR,
        )
        .collect()
        .unwrap();
        for name in RATIO_COLUMNS {
            assert_eq!(values(&df, name)[0], None, "{name}");
        }
        assert_eq!(values(&df, "clearance_rate")[1], None);
        assert_eq!(values(&df, "pending_to_incoming")[1], Some(60.0));
    }

    #[test]
    fn counts_parse_strictly() {
        assert_eq!(parse_count(" 1,234 "), Ok(Some(1234)));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert!(parse_count("-3").is_err());
        assert!(parse_count("1.5").is_err());
        assert!(parse_count("abc").is_err());
        assert!(parse_count("NaN").is_err());
        // A unit in the cell, full-width digits (red-team n-ratios-count-with-jian-refused).
        assert_eq!(parse_count("800件"), Ok(Some(800)));
        assert_eq!(parse_count("1,200 件"), Ok(Some(1200)));
        assert_eq!(parse_count("１２０"), Ok(Some(120)));
        assert_eq!(parse_count("１，２００件"), Ok(Some(1200)));
        assert!(parse_count("件").is_err());
        assert!(parse_count("800万元").is_err());
        assert!(parse_count("-3件").is_err());
        // A dash or slash alone: no figure, like a blank cell.
        for dash in ["-", "—", "——", "－", "/", " — "] {
            assert_eq!(parse_count(dash), Ok(None), "{dash:?}");
        }
        assert!(parse_count("-").is_ok() && parse_count("--3").is_err());
    }

    /// a-ratios-misgrouped-comma-count: every comma was dropped wherever it stood, so 1,5
    /// read as 15 and 1,2345 as 12345.
    #[test]
    fn thousands_separators_must_group_in_threes() {
        for (text, n) in [
            ("1,234", 1234),
            ("12,345,678", 12_345_678),
            ("１，２３４", 1234),
            ("1,234件", 1234),
            ("1 234", 1234),
            ("999", 999),
        ] {
            assert_eq!(parse_count(text), Ok(Some(n)), "{text}");
        }
        for text in [
            "1,5",
            "12,5",
            "1,2345",
            ",123",
            "123,",
            "1,,234",
            "1,234,56",
            "１，５",
        ] {
            let reason = parse_count(text).unwrap_err();
            assert!(reason.contains("comma out of place"), "{text}: {reason}");
        }
        assert_eq!(parse_count("1.234.567"), Err("not a number".into()));
    }

    /// a-ratios-space-count-says-comma: a count with a stray space (3 1, 12 34) was refused
    /// as "a comma out of place", though the cell has no comma. A space grouping thousands
    /// in threes is still read (1 234, 12 345 678, full-width space too).
    #[test]
    fn a_space_out_of_place_is_named_as_a_space() {
        for (text, n) in [
            ("1 234", 1234),
            ("12 345 678", 12_345_678),
            ("1\u{3000}234", 1234),
            ("1 234件", 1234),
        ] {
            assert_eq!(parse_count(text), Ok(Some(n)), "{text}");
        }
        for text in ["3 1", "12 34", "1 2345", "1 234 56", "１２ ３４"] {
            let reason = parse_count(text).unwrap_err();
            assert!(
                reason.contains("a space inside the number") && !reason.contains("comma"),
                "{text}: {reason}"
            );
        }
        let reason = parse_count("1,23 4").unwrap_err();
        assert!(reason.contains("comma or space out of place"), "{reason}");
    }
}
