//! Writing a query result to a file: CSV (UTF-8 with BOM, so Excel on a Chinese Windows
//! opens it without garbling), Parquet, or an Excel workbook. The format follows the file
//! extension. Every file is written to a temporary name and renamed
//! ([`crate::textio::write_atomic`]), so an interrupted query never leaves half a file.
//!
//! Values are written as the query returned them: money stays in 分 and ratios stay
//! unrounded (the query may have computed anything; only the terminal view rounds).
//! CSV and xlsx have no lists, so a list cell is its items joined with `、`. A duration
//! (`as_of - filed_on`, the age of a case) is written as its number of days, a number
//! Excel can sum and sort, not as polars' text `10d` ([`durations_as_days`]). Text cells of
//! a CSV go through [`crate::sanitize::csv_cell`], as every CSV caseflow writes: a party
//! named `=HYPERLINK(…)` is shown, never run; a text of digits Excel would turn into
//! another number (an 18-digit 身份证号码) gets the same leading `'` ([`digits_as_text`]).
//! An infinite or NaN float (a ratio over zero) is null in every output
//! ([`undefined_as_null`]).

use std::path::{Path, PathBuf};

use chrono::Datelike;
use polars::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::render::{cell_text, width};
use crate::{textio, Error, Result};

/// The file formats a result can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Parquet,
    Xlsx,
    /// Markdown (only for `--schema`)
    Markdown,
    /// Plain text (only for `--schema`)
    Text,
}

impl FileFormat {
    /// The format named by a file's extension.
    pub fn of(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => FileFormat::Csv,
            "parquet" => FileFormat::Parquet,
            "xlsx" => FileFormat::Xlsx,
            "md" | "markdown" => FileFormat::Markdown,
            "txt" => FileFormat::Text,
            _ => return None,
        })
    }
}

/// Excel's rows per sheet less the header.
const XLSX_MAX_ROWS: usize = 1_048_575;

/// Milliseconds, microseconds or nanoseconds in a day.
pub(crate) fn per_day(unit: TimeUnit) -> f64 {
    86_400.0
        * match unit {
            TimeUnit::Milliseconds => 1e3,
            TimeUnit::Microseconds => 1e6,
            TimeUnit::Nanoseconds => 1e9,
        }
}

/// Every duration column as its number of days: whole numbers (Int64) when every value is
/// a whole day (`as_of - filed_on`), else a fraction of days (Float64: an average age).
/// The column keeps its name; README ("Ad hoc questions") says so.
pub fn durations_as_days(df: &DataFrame) -> Result<DataFrame> {
    let ctx = |e| Error::polars("writing durations as days", e);
    let mut out = df.clone();
    for c in df.columns() {
        let DataType::Duration(unit) = c.dtype() else {
            continue;
        };
        let day = per_day(*unit);
        let raw = c.cast(&DataType::Int64).map_err(ctx)?;
        let raw = raw.i64().map_err(ctx)?;
        let whole = raw.iter().flatten().all(|v| (v as f64) % day == 0.0);
        let col = if whole {
            raw.iter()
                .map(|v| v.map(|v| (v as f64 / day) as i64))
                .collect::<Int64Chunked>()
                .with_name(c.name().clone())
                .into_column()
        } else {
            raw.iter()
                .map(|v| v.map(|v| v as f64 / day))
                .collect::<Float64Chunked>()
                .with_name(c.name().clone())
                .into_column()
        };
        out.with_column(col).map_err(ctx)?;
    }
    Ok(out)
}

/// Every infinite or NaN float of the result as null. A ratio whose denominator is zero is
/// undefined, never infinity (domain/metrics.md): `100.0 * closed / received` for an officer
/// who received nothing is `inf` to the engine (0/0 is `NaN`), which was written `inf` on
/// the terminal and in the CSV and as a text cell `INF` in the xlsx, a column of numbers
/// with text in it that Excel's SUM skips without a word. Null is an empty cell in CSV and
/// xlsx, empty on the terminal and null in Parquet, as `caseflow ratios` writes the same
/// figure. Applied once to the result, before any output is written.
pub fn undefined_as_null(df: &DataFrame) -> Result<DataFrame> {
    let ctx = |e| Error::polars("writing undefined ratios as empty", e);
    let mut out = df.clone();
    for c in df.columns() {
        let col = match c.dtype() {
            DataType::Float64 => c
                .f64()
                .map_err(ctx)?
                .iter()
                .map(|v| v.filter(|x| x.is_finite()))
                .collect::<Float64Chunked>()
                .with_name(c.name().clone())
                .into_column(),
            DataType::Float32 => c
                .f32()
                .map_err(ctx)?
                .iter()
                .map(|v| v.filter(|x| x.is_finite()))
                .collect::<Float32Chunked>()
                .with_name(c.name().clone())
                .into_column(),
            _ => continue,
        };
        out.with_column(col).map_err(ctx)?;
    }
    Ok(out)
}

/// Writes `df` to `path` in `format` (CSV, Parquet or xlsx).
pub fn write_frame(path: &Path, format: FileFormat, df: &DataFrame) -> Result<()> {
    match format {
        FileFormat::Csv => write_csv(path, &durations_as_days(df)?),
        FileFormat::Parquet => {
            let mut df = df.clone();
            crate::ingest::write_parquet(path, &mut df)
        }
        FileFormat::Xlsx => write_xlsx(path, &durations_as_days(df)?),
        FileFormat::Markdown | FileFormat::Text => Err(Error::Usage(format!(
            "--output {}: a query result is written as .csv, .parquet or .xlsx",
            path.display()
        ))),
    }
}

/// Writes text (the schema) to `path`.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    let p: PathBuf = path.to_path_buf();
    textio::write_atomic(path, |w| {
        w.write_all(text.as_bytes())
            .map_err(|e| Error::output(&p, e))
    })
}

/// The columns CSV cannot hold (lists, structs …) as text.
fn flatten(df: &DataFrame) -> Result<DataFrame> {
    let ctx = |e| Error::polars("preparing the result for CSV", e);
    let mut out = df.clone();
    for c in df.columns() {
        let simple = matches!(
            c.dtype(),
            DataType::String | DataType::Boolean | DataType::Date
        ) || c.dtype().is_primitive_numeric();
        if simple {
            continue;
        }
        let texts: Vec<Option<String>> = (0..c.len())
            .map(|i| match c.get(i) {
                Ok(AnyValue::Null) | Err(_) => None,
                Ok(v) => Some(cell_text(&v, None)),
            })
            .collect();
        let s = StringChunked::from_iter_options(c.name().clone(), texts.into_iter());
        out.with_column(s.into_column()).map_err(ctx)?;
    }
    Ok(out)
}

/// Every text cell (lists already joined) that Excel would turn into a number it cannot
/// hold ([`crate::sanitize::excel_mangles_digits`]) with a leading `'`, so it opens as the text it is.
///
/// Of the ways to keep a digit string text in a CSV, this is the one caseflow already uses
/// for formula-like text (docs/security.md, [`crate::sanitize::csv_cell`]): one mark, only
/// on the cells that need it, that a program strips in one step (pandas
/// `s.str.removeprefix("'")`, duckdb `ltrim(x, '''')`) while numbers stay numbers and the
/// file stays plain RFC 4180. `="…"` would show cleaner in Excel but is a formula, which
/// no caseflow CSV cell may be, and is lost again when Excel saves the file as CSV; a
/// leading tab is itself a formula start for the guard and travels invisibly into every
/// copy and paste. Whoever wants the bare values reads the `.parquet` output, which keeps
/// the types.
fn digits_as_text(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    for c in df.columns() {
        if c.dtype() != &DataType::String {
            continue;
        }
        let ca = c.str()?;
        if !ca
            .iter()
            .flatten()
            .any(crate::sanitize::excel_mangles_digits)
        {
            continue;
        }
        let marked: StringChunked = ca
            .iter()
            .map(|v| {
                v.map(|v| {
                    if crate::sanitize::excel_mangles_digits(v) {
                        format!("'{v}")
                    } else {
                        v.to_string()
                    }
                })
            })
            .collect();
        out.with_column(marked.with_name(c.name().clone()).into_column())?;
    }
    Ok(out)
}

fn write_csv(path: &Path, df: &DataFrame) -> Result<()> {
    let df = digits_as_text(&flatten(df)?)
        .map_err(|e| Error::polars("preparing the result for CSV", e))?;
    let mut df = crate::sanitize::csv_frame(&df)
        .map_err(|e| Error::polars("preparing the result for CSV", e))?;
    let p = path.to_path_buf();
    textio::write_atomic(path, |w| {
        CsvWriter::new(w)
            .include_bom(true)
            .finish(&mut df)
            .map_err(|e| Error::polars(format!("writing {}", p.display()), e))
    })
}

fn xerr(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

/// One sheet named 查询结果 with the column names as the header row (frozen, filterable).
/// Text is always written as text, never as a formula (a party name starting with `=`
/// stays a name); dates are Excel dates; numbers are numbers.
fn write_xlsx(path: &Path, df: &DataFrame) -> Result<()> {
    if df.height() > XLSX_MAX_ROWS {
        return Err(Error::Usage(format!(
            "--output {}: {} rows do not fit on an Excel sheet (at most {XLSX_MAX_ROWS}); \
             write .csv or .parquet, or narrow the query",
            path.display(),
            df.height()
        )));
    }
    let e = |x| xerr(path, x);
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_background_color(0xD9E1F2);
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name("查询结果").map_err(e)?;
    for (k, c) in df.columns().iter().enumerate() {
        let sample = (0..df.height().min(200))
            .filter_map(|r| c.get(r).ok())
            .map(|v| width(&cell_text(&v, Some(2))))
            .max()
            .unwrap_or(0);
        let w = sample.max(width(c.name().as_str())).clamp(8, 60);
        ws.set_column_width(k as u16, w as f64 + 1.0).map_err(e)?;
        ws.write_string_with_format(0, k as u16, c.name().as_str(), &header)
            .map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    for r in 0..df.height() {
        let row = (r + 1) as u32;
        for (k, c) in df.columns().iter().enumerate() {
            let col = k as u16;
            let v = c
                .get(r)
                .map_err(|x| Error::polars("reading the result", x))?;
            match v {
                AnyValue::Null => {}
                AnyValue::Boolean(b) => {
                    ws.write_boolean(row, col, b).map_err(e)?;
                }
                AnyValue::Date(days) => {
                    let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days as i64)));
                    let x = d.and_then(|d| {
                        ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).ok()?,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .ok()
                    });
                    match (x, d) {
                        (Some(x), _) => {
                            ws.write_datetime_with_format(row, col, &x, &date_fmt)
                                .map_err(e)?;
                        }
                        (None, Some(d)) => {
                            ws.write_string(row, col, d.to_string()).map_err(e)?;
                        }
                        _ => {}
                    }
                }
                v if c.dtype().is_primitive_numeric() => {
                    if let Some(x) = v.extract::<f64>() {
                        ws.write_number(row, col, x).map_err(e)?;
                    }
                }
                v => {
                    let s = cell_text(&v, None);
                    if !s.is_empty() {
                        ws.write_string(row, col, s).map_err(e)?;
                    }
                }
            }
        }
    }
    if df.width() > 0 {
        ws.autofilter(0, 0, df.height() as u32, (df.width() - 1) as u16)
            .map_err(e)?;
    }
    textio::write_atomic(path, |w| {
        let buf = wb.save_to_buffer().map_err(|x| xerr(path, x))?;
        w.write_all(&buf).map_err(|x| Error::output(path, x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DataFrame {
        let mut df = df! {
            "officer" => ["张三", "=李四"],
            "claim_fen" => [100i64, 250],
        }
        .unwrap();
        let names = Series::new(
            "respondents".into(),
            [
                Series::new("".into(), &["甲公司", "王五"]),
                Series::new("".into(), &["乙"]),
            ],
        );
        df.with_column(names.into()).unwrap();
        df
    }

    #[test]
    fn csv_has_a_bom_and_joins_lists() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        write_frame(&p, FileFormat::Csv, &sample()).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "officer,claim_fen,respondents\n张三,100,甲公司、王五\n'=李四,250,乙\n"
        );
    }

    #[test]
    fn digit_strings_excel_would_change_are_kept_as_text() {
        // a-csv-id-numbers-mangled-by-excel: Excel opened 330603199212303222 as
        // 3.30603E+17 and kept 330603199212303000.
        let mut df = df! {
            "id_no" => [Some("330603199212303222"), Some("33060319921230322X"), None],
            "court" => ["0603", "603", "2025"],
            "claim_fen" => [330603199212303222i64, 1, 2],
        }
        .unwrap();
        let ids = Series::new(
            "respondent_ids".into(),
            [
                Series::new("".into(), &["113306032565500731"]),
                Series::new("".into(), &["330603199212303222", "113306032565500731"]),
                Series::new("".into(), &["12345678901"]),
            ],
        );
        df.with_column(ids.into()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ids.csv");
        write_frame(&p, FileFormat::Csv, &df).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "id_no,court,claim_fen,respondent_ids\n\
             '330603199212303222,'0603,330603199212303222,'113306032565500731\n\
             33060319921230322X,603,1,330603199212303222、113306032565500731\n\
             ,2025,2,12345678901\n"
        );
        assert!(crate::sanitize::excel_mangles_digits("000"));
        assert!(
            !crate::sanitize::excel_mangles_digits("0")
                && !crate::sanitize::excel_mangles_digits("")
                && !crate::sanitize::excel_mangles_digits("1.5")
        );
    }

    #[test]
    fn parquet_and_xlsx_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.parquet");
        write_frame(&p, FileFormat::Parquet, &sample()).unwrap();
        let back = crate::ingest::read_parquet(&p).unwrap();
        assert!(back.equals(&sample()));
        let x = dir.path().join("r.xlsx");
        write_frame(&x, FileFormat::Xlsx, &sample()).unwrap();
        assert!(std::fs::read(&x).unwrap().starts_with(b"PK"));
        assert_eq!(FileFormat::of(Path::new("a.XLSX")), Some(FileFormat::Xlsx));
        assert_eq!(FileFormat::of(Path::new("a.json")), None);
    }

    #[test]
    fn durations_are_days_and_csv_text_is_never_a_formula() {
        // Red-team n-sql-date-difference-written-as-text and n-sql-csv-formula-not-neutralised.
        let day = 86_400_000i64;
        let df = df! {
            "age" => [Some(10 * day), None],
            "avg_age" => [Some(10 * day + day / 4), Some(day)],
            "officer" => ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0"],
            "change" => ["-12.5", "+5.2%"],
        }
        .unwrap();
        let mut df = df;
        for name in ["age", "avg_age"] {
            let c = df
                .column(name)
                .unwrap()
                .cast(&DataType::Duration(TimeUnit::Milliseconds))
                .unwrap();
            df.with_column(c).unwrap();
        }
        let days = durations_as_days(&df).unwrap();
        assert_eq!(
            days.column("age")
                .unwrap()
                .i64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            vec![Some(10), None]
        );
        assert_eq!(
            days.column("avg_age")
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            vec![Some(10.25), Some(1.0)]
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        write_frame(&p, FileFormat::Csv, &df).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "age,avg_age,officer,change\n10,10.25,\"'=HYPERLINK(\"\"http://x\"\")\",-12.5\n\
             ,1.0,'+cmd|' /C calc'!A0,+5.2%\n"
        );
    }
}
