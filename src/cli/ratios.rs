//! `caseflow ratios`: stock-flow ratios from an aggregate table.

use std::path::PathBuf;

use polars::prelude::*;

use chrono::Datelike;

use crate::ingest::cell::Cell;
use crate::ratios::{self, HeaderNames, REOPENED, REQUIRED_COUNTS};
use crate::{textio, Error, Outcome, Result};

/// Long help of `caseflow ratios`: what it reads, writes and costs. Attached to the
/// subcommand in `cli/mod.rs`, because clap lets the variant's doc comment replace an
/// `Args` struct's own long help.
pub const LONG_ABOUT: &str =
    "Compute stock-flow ratios (结收比, 结案率, disposition time …) from an aggregate \
table, as defined in domain/metrics.md.\n\n\
Reads a table, a CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GBK) or a workbook \
(.xlsx, .xls, .xlsb, .ods, .et: every sheet with the counts, a sheet column first when \
there are several, and a sheet without them named on standard error; any file ingest \
reads), its header found in the first 10 rows below any title, on one row or on two (a \
group merged over its breakdown, 结案 over 执行完毕 | 终本 | 小计: the group's total, \
[two_row_header] totals in ratios.toml, is its count, the others pass through as \
结案（执行完毕）; a group over counts of their own, 收案 over 旧存 | 新收 | 合计, gives those \
counts, its 合计 (旧存 + 新收, 受理) passing through as 收案（合计）, never taken as 新收; a \
count's group without a total is refused, naming it, and so is a count \
in two columns of one name: 结案 twice, or 旧存 … 未结 under each of two groups such as \
首次执行案件 | 恢复执行案件), with the columns unit,period,pending_start,incoming,resolved,pending_end and \
optionally reopened, or their Chinese names as a 收结存 table writes them (单位, 期间/月份/\
统计年月/季度, 旧存/期初未结/上期结转, 新收/本期新收, 结案/已结/本期结案, 未结/期末未结/存案, \
恢复; a unit after the name, 旧存（件）, is ignored): the names are listed in \
pipelines/rules/ratios.toml (--rules DIR reads DIR/ratios.toml instead), and every header \
caseflow's workbook writes (its 收结存 sheet: 恢复（原案号） …) is read too. Blank rows \
are left out, and so are the footer and notes under the table (注：…, 填报人：…: the \
footer and note markers of rows.toml, as ingest skips them; said on standard error). A \
count may carry its unit (800件), full-width digits and commas or spaces grouping thousands \
in threes (1,234 or 1 234: every group after the first of exactly three digits; a comma \
elsewhere, 1,5 or 1,2345, or a stray space, 3 1 or 12 34, is a non-numeric count, its \
reason naming the comma or the space); a dash alone (—) is no figure. Other columns pass through \
unchanged (a percentage as the sender's workbook shows it: 35.7%). Writes the input columns plus clearance_rate, \
clearance_rate_all, disposition_time_days, disposal_rate, pending_change and \
pending_to_incoming, unrounded, to --output (UTF-8 with BOM, so Excel shows the Chinese; \
written atomically) or standard output; a table that has those columns already (this \
command's own output, trend_ratios or evaluation_monthly exported with caseflow sql, or a \
sheet of caseflow's workbook under its headers 结收比, 结收比（含恢复）, 结案周期（天）, 结案率, \
未结变化率, 未结与新收之比, or Clearance rate … in English) has them recomputed from its \
counts and replaced where they stand, under their own names, said on standard error; the \
ones it lacks are appended named as those it has.\n\n\
Disposition time is expressed against the days of each row's period (2025-03 or 2025年3月: \
31 days; 2025-Q1, 2025年第一季度, 2025年一季度 or 2025年1-3月: 90; 2025年上半年: 181; \
2025年前三季度: 273; a date range such as 2025-01-01~2026-02-28 or 2025-01-01至2026-02-28: \
its days, both ends included; a range of months with both years, 2025年11月-2026年2月 or \
2025-11~2026-02: from the first day of the first month to the last of the last, 120; 2025: 365, also in a leap year). A period of a year or more \
leaves 29 February out, so every whole year counts 365 and two years 730; a period longer \
than a year keeps its own days (2024-01-01~2026-06-15: 896), not 365, because its closures \
cover more than a year. A row with its first and last day (起始日 and 截止日, or Start and \
End, as caseflow's workbook writes them) counts those days whatever its label: the trend's \
last period ends at the as-of date (2026Q1 to 2026-02-15: 46 days), and the rows whose \
dates cover part of the period their label names are said. A table without a period \
column, or a row whose period is empty, takes the period its sheet's name names (one sheet \
a month: 2025年1月, 2025年第一季度), else the one a title above its header names \
(2025年3月执行案件收结存统计表; not a date after 截至 or 填报), said on standard error. A \
period without its year (1月, 一季度 in a 月份 column) is read in the year that sheet's name \
or title names, and a date range whose end leaves out the year (2025年3月1日-3月31日, \
2025.12.01-12.31) in its start's; with no year anywhere, a period whose days are the same \
in every year (3月: 31) has them, while February, or a span holding it, is said and taken \
as 365 days. A \
period that is none of these is named on standard error, row by row, and taken as 365 days \
(a table without any period is said once); --period-days sets one length for every row.\n\n\
A zero denominator or a blank count gives an empty cell (undefined), never 0 or infinity. A \
negative or non-numeric count is reported with its line and column; that cell is treated as \
blank, the other rows are still computed, and the exit code is 1. Without a reopened column, \
clearance_rate_all counts no reopened cases.\n\n\
Cost: the table is read into memory; aggregate tables are small.\n\n\
Example:\n  caseflow ratios --input ../shared/oracle/stock-flow.csv --output ratios.csv";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
pub struct Args {
    /// Aggregate table (CSV or Excel) with one row per unit and period
    #[arg(long, short)]
    pub input: PathBuf,

    /// Where to write the CSV (.csv; another extension is refused); standard output when
    /// omitted
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Days that a disposition time is expressed against, for every row (e.g. 30, 91);
    /// without it, the days of each row's period as its period column names it (2025-03,
    /// 2025-Q1, 2025年第一季度, 2025-01-01~2026-02-28, 2025), else its sheet's name or the
    /// title above the table, else 365 with a warning
    #[arg(long)]
    pub period_days: Option<f64>,

    /// Folder with a replacement ratios.toml (the headers read as each column)
    #[arg(long, value_name = "DIR", value_parser = crate::rulefiles::rules_dir_arg)]
    pub rules: Option<PathBuf>,
}

/// A text file in CSV layout, header on its first line (the reading of files whose
/// extension says nothing).
fn read_csv_text(path: &std::path::Path) -> Result<(DataFrame, Vec<usize>)> {
    let (text, _) = textio::read_text(path)?;
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .map_parse_options(|o| o.with_missing_is_null(true))
        .into_reader_with_file_handle(std::io::Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| Error::Input {
            file: path.display().to_string(),
            row: None,
            column: None,
            message: format!("not a readable CSV table: {e}"),
        })?;
    let lines = (0..df.height()).map(|i| i + 2).collect();
    Ok((df, lines))
}

/// Rows searched for the header, below any title rows.
const HEADER_SEARCH_ROWS: usize = 10;

/// Workbooks up to this size have their cells' number formats read (a second pass over
/// the sheet's XML), so that a percentage passes through as the sender's table shows it.
const STYLE_SCAN_MAX_BYTES: u64 = 16 << 20;

/// The table of one sheet (or of a CSV file) as text columns, with each row's line.
struct SheetTable {
    /// The sheet's name; `None` for a CSV file.
    sheet: Option<String>,
    df: DataFrame,
    lines: Vec<usize>,
    /// The period a title row above the header names (2025年3月执行案件收结存统计表), with
    /// the row's line.
    title_period: Option<(usize, String)>,
}

/// What a file holds: every sheet with the counts, the sheets without them (their first
/// row, for messages), and the rows under a table that are its footer or notes.
struct FileTables {
    tables: Vec<SheetTable>,
    without_counts: Vec<(Option<String>, String)>,
    /// The rows nearest to a header in a file without one: what they name and lack, for
    /// the message refusing it.
    nearest: Option<String>,
    footer_rows: Vec<(Option<String>, usize, String)>,
}

/// True when the names name the four counts.
fn names_counts(headers: &HeaderNames, names: &[String]) -> bool {
    let canon: Vec<&str> = names.iter().filter_map(|n| headers.canonical(n)).collect();
    REQUIRED_COUNTS.iter().all(|c| canon.contains(c))
}

/// A header found: its first row (0 for the sheet's first), how many rows it takes, and the
/// column names.
type HeaderAt = (usize, usize, Vec<String>);

/// The header of a sheet in its first rows, below any title: its row, how many rows it
/// takes (a group merged over its breakdown takes two, read as ingest reads them: see
/// [`HeaderNames::two_row_header`]) and the column names. Without one, the rows that name
/// most of the counts, said with the counts they name and lack: "no header row" alone
/// sent a statistician whose header names three of the four looking for a missing row.
fn find_header(
    file: &str,
    sheet: &crate::ingest::source::Sheet,
    headers: &HeaderNames,
) -> Result<std::result::Result<HeaderAt, Option<String>>> {
    let texts = |r: &crate::ingest::source::Row| -> Vec<String> {
        r.cells.iter().map(|c| c.display()).collect()
    };
    // (how many counts, the description) of the nearest rows so far.
    let mut nearest: Option<(usize, String)> = None;
    let mut near = |names: &[String], rows: String| {
        let named: Vec<String> = REQUIRED_COUNTS
            .iter()
            .filter_map(|c| {
                let n = names.iter().find(|n| headers.canonical(n) == Some(*c))?;
                Some(match n.trim() {
                    same if same == *c => same.to_string(),
                    other => format!("{other} as {c}"),
                })
            })
            .collect();
        let lacks: Vec<&str> = REQUIRED_COUNTS
            .iter()
            .copied()
            .filter(|c| !names.iter().any(|n| headers.canonical(n) == Some(*c)))
            .collect();
        if named.len() >= 2 && nearest.as_ref().is_none_or(|(k, _)| named.len() > *k) {
            nearest = Some((
                named.len(),
                format!("{rows} {} but no {}", named.join(", "), lacks.join(", ")),
            ));
        }
    };
    for h in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let top = texts(&sheet.rows[h]);
        if let Some(next) = sheet.rows.get(h + 1) {
            // Only the cells of its own: a name merged down over both rows (法院) is
            // filled into the second by the reader, or repeated by hand.
            let below: Vec<String> = next
                .cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let text = cell.display();
                    let same = text.trim() == top.get(c).map_or("", |t| t.trim());
                    if next.blank_or_filled(c) || same {
                        String::new()
                    } else {
                        text
                    }
                })
                .collect();
            match headers.two_row_header(&top, &below) {
                Ok(Some(names)) if names_counts(headers, &names) => return Ok(Ok((h, 2, names))),
                Ok(Some(names)) => near(
                    &names,
                    format!(
                        "rows {} and {} (one header) name",
                        sheet.rows[h].line, next.line
                    ),
                ),
                Ok(None) => {}
                Err(message) => {
                    return Err(Error::Input {
                        file: match &sheet.name {
                            Some(name) => format!("{file}, sheet {name}"),
                            None => file.to_string(),
                        },
                        row: Some(sheet.rows[h].line),
                        column: None,
                        message,
                    })
                }
            }
        }
        if names_counts(headers, &top) {
            return Ok(Ok((h, 1, top)));
        }
        near(&top, format!("row {} names", sheet.rows[h].line));
    }
    Ok(Err(nearest.map(|(_, said)| said)))
}

/// The message refusing a header in which two columns bear the same name of a count or
/// of the period (结案 and 结案, or 旧存 … 未结 under 首次执行案件 and again under 恢复执行案件),
/// or `None`. Which of them is the unit's count, or whether it is their sum, cannot be
/// told; the first taken silently gave the ratios of one group as the unit's. `top` is the
/// upper row of a header over two rows, whose groups the message names.
fn same_count_twice(
    headers: &HeaderNames,
    header: &[String],
    top: Option<&crate::ingest::source::Row>,
) -> Option<String> {
    // The group over a column: the first upper cell at or left of it, within its run.
    let group_of = |k: usize| -> Option<String> {
        let top = top?;
        (0..=k).rev().find_map(|c| {
            let t = top.cells.get(c).map(|c| c.display()).unwrap_or_default();
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        })
    };
    let mut twice: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, name) in header.iter().enumerate() {
        let name = name.trim();
        if headers.canonical(name).is_none_or(|c| c == "unit") {
            continue;
        }
        match twice.iter_mut().find(|(n, _)| n == name) {
            Some((_, cols)) => cols.push(k),
            None => twice.push((name.to_string(), vec![k])),
        }
    }
    twice.retain(|(_, cols)| cols.len() > 1);
    if twice.is_empty() {
        return None;
    }
    let letters = |cols: &[usize]| {
        cols.iter()
            .map(|&k| crate::ingest::source::column_letters(k as u32))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut groups: Vec<String> = Vec::new();
    for (name, cols) in &twice {
        for &k in cols {
            if let Some(g) = group_of(k).filter(|g| g != name && !groups.contains(g)) {
                groups.push(g);
            }
        }
    }
    let columns = twice
        .iter()
        .map(|(name, cols)| format!("{name} in columns {}", letters(cols)))
        .collect::<Vec<_>>()
        .join("; ");
    Some(if groups.len() > 1 {
        format!(
            "the counts stand once under each of the groups {} ({columns}): which \
             group's counts are the unit's, or whether they are their sum, cannot be told; \
             give one table (or sheet) per group, or one set of columns with the counts of \
             the whole",
            groups.join(" and ")
        )
    } else {
        format!(
            "two columns with one name ({columns}): which one holds the count cannot be \
             told; keep one, or rename the other"
        )
    })
}

/// A number as a percentage format shows it (0.357 in a `0.0%` cell: `35.7%`, half away
/// from zero), or `None` when the format is no percentage.
fn percent_shown(x: f64, format_code: &str) -> Option<String> {
    // The first section (positive numbers), without quoted text and [colour] marks.
    let mut section = String::new();
    let (mut quoted, mut bracket) = (false, false);
    for ch in format_code.chars() {
        match ch {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => break,
            _ if quoted || bracket => {}
            _ => section.push(ch),
        }
    }
    let at = section.find('%')?;
    let decimals = section[..at].split_once('.').map_or(0, |(_, d)| {
        d.chars().filter(|c| matches!(c, '0' | '#')).count()
    });
    if !x.is_finite() {
        return None;
    }
    // Snapped to 10 decimals first: 0.357 · 100 is 35.699999999999996 in binary.
    let v: f64 = format!("{:.10}", x * 100.0).parse().ok()?;
    let scale = 10f64.powi(decimals as i32);
    Some(format!("{:.*}%", decimals, (v * scale).round() / scale))
}

/// The number formats of a workbook sheet's cells (xlsx only; `None` otherwise or when it
/// cannot be read: the cells are then shown as their values).
fn sheet_styles(path: &std::path::Path, ext: &str, sheet: &str) -> Option<calamine::StyleRange> {
    if !matches!(ext, "xlsx" | "xlsm") {
        return None;
    }
    if std::fs::metadata(path).ok()?.len() > STYLE_SCAN_MAX_BYTES {
        return None;
    }
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).ok()?;
    book.worksheet_style(sheet).ok()
}

/// The aggregate tables of a file as text columns, with each row's line in the file:
/// every sheet whose header (in its first rows, below any title) names the four counts;
/// blank rows left out, and the footer under a table (注：…, 填报人：…: the footer and
/// note markers of rows.toml, as ingest skips them) with the rows under it that hold no
/// count. CSV in any encoding ingest reads, and Excel and the other formats ingest reads,
/// through the same readers.
fn read_table(
    path: &std::path::Path,
    headers: &HeaderNames,
    rules: &crate::ingest::rules::Rules,
) -> Result<FileTables> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !crate::ingest::source::known_extension(&ext) {
        // No extension ingest knows (a.dat, a pipe, /dev/stdin): text in a CSV layout.
        let (df, lines) = read_csv_text(path)?;
        return Ok(FileTables {
            tables: vec![SheetTable {
                sheet: None,
                df,
                lines,
                title_period: None,
            }],
            without_counts: Vec::new(),
            footer_rows: Vec::new(),
            nearest: None,
        });
    }
    let read = crate::ingest::source::read_file(path, None, &crate::ingest::Limits::default())?;
    let mut out = FileTables {
        tables: Vec::new(),
        without_counts: Vec::new(),
        footer_rows: Vec::new(),
        nearest: None,
    };
    for sheet in &read.sheets {
        let (h, taken, header) = match find_header(&file, sheet, headers)? {
            Ok(found) => found,
            Err(nearest) => {
                if out.nearest.is_none() {
                    out.nearest = nearest.map(|said| match &sheet.name {
                        Some(name) if read.sheets.len() > 1 => format!("sheet {name}, {said}"),
                        _ => said,
                    });
                }
                if let Some(r) = sheet
                    .rows
                    .iter()
                    .find(|r| r.cells.iter().any(|c| !c.is_empty()))
                {
                    out.without_counts.push((
                        sheet.name.clone(),
                        r.cells
                            .iter()
                            .map(|c| c.display())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ));
                }
                continue;
            }
        };
        let top = (taken == 2).then(|| &sheet.rows[h]);
        if let Some(message) = same_count_twice(headers, &header, top) {
            return Err(Error::Input {
                file: match &sheet.name {
                    Some(name) => format!("{file}, sheet {name}"),
                    None => file.clone(),
                },
                row: Some(sheet.rows[h].line),
                column: None,
                message,
            });
        }
        let count_cols: Vec<usize> = (0..header.len())
            .filter(|&k| {
                headers
                    .canonical(&header[k])
                    .is_some_and(|c| REQUIRED_COUNTS.contains(&c) || c == REOPENED)
            })
            .collect();
        // A footer or note row ends the table: it, and the rows under it without a count
        // (a numbered note), are no unit's figures.
        let mut under_footer = false;
        let mut data: Vec<&crate::ingest::source::Row> = Vec::new();
        for r in &sheet.rows[h + taken..] {
            if r.cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let no_count = count_cols
                .iter()
                .all(|&k| r.cells.get(k).is_none_or(Cell::is_empty));
            let first: String = r
                .cells
                .iter()
                .find(|c| !c.is_empty())
                .map(|c| c.display())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let footer = rules
                .non_data_markers
                .iter()
                .any(|m| m.ends_table && first.starts_with(m.marker.as_str()));
            if no_count && (footer || under_footer) {
                under_footer = true;
                out.footer_rows.push((sheet.name.clone(), r.line, first));
                continue;
            }
            data.push(r);
        }
        let width = data
            .iter()
            .map(|r| r.cells.len())
            .chain([header.len()])
            .max()
            .unwrap_or(0);
        let mut names: Vec<String> = Vec::with_capacity(width);
        for k in 0..width {
            let text = header.get(k).cloned().unwrap_or_default();
            let mut name = match text.trim() {
                "" => format!("column_{}", k + 1),
                t => t.to_string(),
            };
            while names.contains(&name) {
                name.push('_');
            }
            names.push(name);
        }
        let styles = sheet
            .name
            .as_deref()
            .and_then(|n| sheet_styles(path, &ext, n));
        let columns: Vec<Column> = names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let canonical = headers.canonical(name);
                // A month typed as 2025-03 becomes a date cell in Excel (2025-03-01): the
                // period it was typed as.
                let is_period = canonical == Some("period");
                let values: Vec<Option<String>> = data
                    .iter()
                    .map(|r| {
                        r.cells.get(k).filter(|c| !c.is_empty()).map(|c| match c {
                            Cell::DateTime(d, _) if is_period && d.day() == 1 => {
                                d.format("%Y-%m").to_string()
                            }
                            // A column passed through keeps a percentage as the sender's
                            // table shows it (35.7%), not as Excel stores it (0.357).
                            Cell::Number(x) if canonical.is_none() => styles
                                .as_ref()
                                .and_then(|s| s.get(((r.line - 1) as u32, k as u32)))
                                .and_then(|s| s.number_format.as_ref())
                                .and_then(|f| percent_shown(*x, &f.format_code))
                                .unwrap_or_else(|| c.display()),
                            _ => c.display(),
                        })
                    })
                    .collect();
                Column::new(name.as_str().into(), values)
            })
            .collect();
        let df = DataFrame::new(data.len(), columns)
            .map_err(|e| Error::polars("reading the table", e))?;
        let lines = data.iter().map(|r| r.line).collect();
        let title_period = sheet.rows[..h].iter().find_map(|r| {
            r.cells
                .iter()
                .find_map(|c| ratios::period_in_text(&c.display()))
                .map(|label| (r.line, label))
        });
        out.tables.push(SheetTable {
            sheet: sheet.name.clone(),
            df,
            lines,
            title_period,
        });
    }
    if out.tables.is_empty() {
        return Err(Error::Input {
            file,
            row: None,
            column: Some(REQUIRED_COUNTS.join(", ")),
            message: format!(
                "no header row with the counts in the first {HEADER_SEARCH_ROWS} rows{}; \
                 expected unit,period,pending_start,incoming,resolved,pending_end[,reopened] \
                 or 单位, 期间, 旧存, 新收, 结案, 未结[, 恢复]",
                match (out.without_counts.first(), &out.nearest) {
                    (Some((_, row)), Some(said)) => {
                        format!(" (the first row: {row}; nearest: {said})")
                    }
                    (Some((_, row)), None) => format!(" (the first row: {row})"),
                    (None, _) => " (the file has no rows)".to_string(),
                }
            ),
        });
    }
    Ok(out)
}

/// A table's columns under their canonical names (旧存, 新收 … as a 收结存 table names
/// them), unless the table has the canonical one too; a year column beside a month or
/// quarter column made one period. `file` names the table in messages.
fn canonical_columns(mut df: DataFrame, headers: &HeaderNames, file: String) -> Result<DataFrame> {
    // 旧存, 新收 … as a 收结存 table names them: the canonical names, unless the table
    // has the canonical one too.
    let original: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut given: Vec<(&'static str, Vec<&String>)> = Vec::new();
    for name in &original {
        if let Some(canonical) = headers.canonical(name) {
            match given.iter_mut().find(|(c, _)| *c == canonical) {
                Some((_, names)) => names.push(name),
                None => given.push((canonical, vec![name])),
            }
        }
    }
    for (canonical, names) in given {
        if names.iter().any(|n| n.as_str() == canonical) {
            continue; // named as such: the others pass through
        }
        // A year column beside a month or quarter column (年度 2025 | 月份 3): the period
        // is both. Read as one, a monthly row was taken for a whole year.
        if canonical == "period" && names.len() > 1 {
            match year_and_part(&df, &names) {
                Some(period) => {
                    let first = names[0].clone();
                    df.with_column(Column::new(first.as_str().into(), period))
                        .map_err(|e| Error::polars("joining the period columns", e))?;
                    df.rename(&first, "period".into())
                        .map_err(|e| Error::polars("naming the columns", e))?;
                    continue;
                }
                None => {
                    return Err(Error::Input {
                        file,
                        row: None,
                        column: Some("period".to_string()),
                        message: format!(
                            "the columns {} all name the period, and are not a year beside a \
                             month or quarter; keep one, or name the one to use period",
                            names
                                .iter()
                                .map(|n| n.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
                }
            }
        }
        // Two columns for one count (执结 and 结案): which one the court means cannot be
        // guessed, and the wrong one gives wrong ratios without a word.
        if names.len() > 1 && canonical != "unit" {
            return Err(Error::Input {
                file,
                row: None,
                column: Some(canonical.to_string()),
                message: format!(
                    "the columns {} all name {canonical}; keep one, or name the one to use \
                     {canonical}",
                    names
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        df.rename(names[0], canonical.into())
            .map_err(|e| Error::polars("naming the columns", e))?;
    }
    Ok(df)
}

/// One table of the tables of several sheets: the columns of all, in the order first met,
/// a column a sheet lacks left blank in its rows.
fn union_tables(frames: Vec<DataFrame>) -> Result<DataFrame> {
    if frames.len() == 1 {
        return Ok(frames.into_iter().next().expect("one frame"));
    }
    let mut names: Vec<String> = Vec::new();
    for f in &frames {
        for n in f.get_column_names() {
            if !names.iter().any(|m| m == n.as_str()) {
                names.push(n.to_string());
            }
        }
    }
    let mut out: Option<DataFrame> = None;
    for f in frames {
        let columns: Vec<Column> = names
            .iter()
            .map(|n| match f.column(n) {
                Ok(c) => c.cast(&DataType::String),
                Err(_) => Ok(Column::full_null(
                    n.as_str().into(),
                    f.height(),
                    &DataType::String,
                )),
            })
            .collect::<PolarsResult<_>>()
            .map_err(|e| Error::polars("joining the sheets", e))?;
        let f = DataFrame::new(f.height(), columns)
            .map_err(|e| Error::polars("joining the sheets", e))?;
        out = Some(match out {
            None => f,
            Some(mut o) => {
                o.vstack_mut(&f)
                    .map_err(|e| Error::polars("joining the sheets", e))?;
                o
            }
        });
    }
    Ok(out.unwrap_or_default())
}

/// The period of each row from a year column and a month or quarter column beside it
/// (年度 | 月份, 年份 | 季度): `2025年3月`, `2025年第1季度`, as the period reader reads them.
/// `None` unless the columns are exactly one year column (its header names 年, or every
/// value is a year) and one month or quarter column.
fn year_and_part(df: &DataFrame, names: &[&String]) -> Option<Vec<Option<String>>> {
    if names.len() != 2 {
        return None;
    }
    let texts = |name: &str| -> Option<Vec<Option<String>>> {
        let c = df.column(name).ok()?.cast(&DataType::String).ok()?;
        Some(
            c.str()
                .ok()?
                .iter()
                .map(|v| {
                    v.map(|s| s.trim().trim_end_matches(".0").to_string())
                        .filter(|s| !s.is_empty())
                })
                .collect(),
        )
    };
    let is_year = |v: &[Option<String>]| {
        v.iter().flatten().all(|s| {
            let digits = s.trim_end_matches('年');
            digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
        }) && v.iter().flatten().next().is_some()
    };
    let (a, b) = (texts(names[0])?, texts(names[1])?);
    let quarter = |h: &str| h.contains('季');
    let (year, part, header) = if is_year(&a) && !is_year(&b) {
        (a, b, names[1])
    } else if is_year(&b) && !is_year(&a) {
        (b, a, names[0])
    } else {
        return None;
    };
    Some(
        year.iter()
            .zip(&part)
            .map(|(y, p)| {
                let y = y.as_deref()?.trim_end_matches('年');
                let p = p.as_deref()?;
                let digits = p.bytes().all(|b| b.is_ascii_digit());
                Some(match (quarter(header), digits) {
                    (true, true) => format!("{y}年第{p}季度"),
                    (false, true) => format!("{y}年{p}月"),
                    _ => format!("{y}年{p}"),
                })
            })
            .collect(),
    )
}

pub fn run(args: Args) -> Result<Outcome> {
    if let Some(d) = args.period_days.filter(|d| !(d.is_finite() && *d > 0.0)) {
        return Err(Error::Usage(format!(
            "--period-days must be a positive number of days, got {d}"
        )));
    }
    // Only CSV is written: a .xlsx or .parquet holding CSV text does not open, and the
    // run would say it succeeded. A name without an extension (/dev/stdout) is taken as is.
    if let Some(path) = &args.output {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if ext.as_deref().is_some_and(|e| !matches!(e, "csv" | "txt")) {
            return Err(Error::Usage(format!(
                "--output {}: ratios writes CSV (UTF-8 with BOM, which Excel opens); name \
                 the file .csv",
                path.display()
            )));
        }
    }
    if let Some(dir) = args.rules.as_deref().filter(|d| !d.is_dir()) {
        return Err(Error::Usage(format!(
            "--rules {}: not a folder",
            dir.display()
        )));
    }
    let headers = HeaderNames::load(args.rules.as_deref())?;
    let file = args.input.display().to_string();
    let rules = crate::ingest::rules::Rules::load(args.rules.as_deref())?;
    let read = read_table(&args.input, &headers, &rules)?;
    let sheet_of = |sheet: &Option<String>| match sheet {
        Some(name) => format!("sheet {name}"),
        None => String::new(),
    };
    if !read.footer_rows.is_empty() {
        eprintln!(
            "caseflow: {file}: {} row(s) under the table left out as its footer or notes: {}",
            read.footer_rows.len(),
            read.footer_rows
                .iter()
                .map(|(sheet, line, text)| {
                    let text: String = text.chars().take(12).collect();
                    match sheet {
                        Some(_) if read.tables.len() > 1 => {
                            format!("{}, row {line} ({text})", sheet_of(sheet))
                        }
                        _ => format!("row {line} ({text})"),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    // A sheet without the counts (a cover sheet, notes) is said, so that a table under a
    // header caseflow does not know is not lost without a word.
    for (sheet, first) in &read.without_counts {
        if let Some(name) = sheet {
            let first: String = first.chars().take(60).collect();
            eprintln!(
                "caseflow: {file}: sheet {name} left out: no header row with the counts in \
                 its first {HEADER_SEARCH_ROWS} rows (its first row: {first})"
            );
        }
    }
    // Every sheet with the counts (one per quarter, per court …), each under its
    // canonical names, then one table: a sheet column first when there are several.
    let several = read.tables.len() > 1;
    let mut frames: Vec<DataFrame> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut wheres: Vec<String> = Vec::new();
    let mut sheets: Vec<Option<String>> = Vec::new();
    // The period of a row without one of its own: its sheet's name, else the title above
    // its table (one sheet a month, 2025年1月, is how many courts keep their tables), with
    // where it was found.
    let mut implied: Vec<Option<(String, String)>> = Vec::new();
    for t in read.tables {
        let found = t
            .sheet
            .as_deref()
            .and_then(|name| {
                ratios::period_in_text(name).map(|p| (p, format!("the name of sheet {name}")))
            })
            .or_else(|| {
                t.title_period.as_ref().map(|(line, p)| {
                    let at = match &t.sheet {
                        Some(name) if several => format!("sheet {name}, "),
                        _ => String::new(),
                    };
                    (p.clone(), format!("the title in {at}row {line}"))
                })
            });
        implied.extend(std::iter::repeat_n(found, t.lines.len()));
        let label = match &t.sheet {
            Some(name) if several => format!("{file}, sheet {name}"),
            _ => file.clone(),
        };
        frames.push(canonical_columns(t.df, &headers, label)?);
        for line in &t.lines {
            wheres.push(match &t.sheet {
                Some(_) if several => format!("{}, row {line}", sheet_of(&t.sheet)),
                _ => format!("row {line}"),
            });
            sheets.push(t.sheet.clone());
        }
        lines.extend(t.lines);
    }
    let mut df = union_tables(frames)?;
    if several {
        let mut name = "sheet".to_string();
        while df.get_column_names().iter().any(|n| n.as_str() == name) {
            name.push('_');
        }
        df.insert_column(0, Column::new(name.as_str().into(), sheets))
            .map_err(|e| Error::polars("naming the sheets", e))?;
    }

    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let missing: Vec<&str> = REQUIRED_COUNTS
        .iter()
        .copied()
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Input {
            file,
            row: None,
            column: Some(missing.join(", ")),
            message: format!(
                "required column missing; the table has: {}; expected \
                 unit,period,pending_start,incoming,resolved,pending_end[,reopened]",
                names.join(", ")
            ),
        });
    }
    let has_reopened = names.iter().any(|n| n == REOPENED);
    let mut count_cols: Vec<&str> = REQUIRED_COUNTS.to_vec();
    if has_reopened {
        count_cols.push(REOPENED);
    }

    // Counts as integers under private names; the input text passes through untouched.
    let (parsed, problems) = ratios::parse_count_columns(&df, &count_cols, &lines)
        .map_err(|e| Error::polars("reading the count columns", e))?;
    let counts =
        DataFrame::new(df.height(), parsed).map_err(|e| Error::polars("assembling counts", e))?;
    // Each row's days: the flag's, else its period's, else a year's.
    let periods: Option<Vec<Option<String>>> = match df.column("period") {
        Ok(c) => Some(
            c.str()
                .map_err(|e| Error::polars("reading the period column", e))?
                .iter()
                .map(|s| s.map(str::to_string))
                .collect(),
        ),
        Err(_) => None,
    };
    // No period column at all is said once, with the headers looked for: the rows have
    // periods, under a header caseflow does not know (ratios.toml lists them). Rows whose
    // sheet's name or title names their period are not taken as a year.
    let unnamed = implied.iter().filter(|p| p.is_none()).count();
    if periods.is_none() && args.period_days.is_none() && unnamed > 0 {
        let which = if unnamed == df.height() {
            "every row".to_string()
        } else {
            format!(
                "{unnamed} of the {} rows (those whose sheet's name and title name no period)",
                df.height()
            )
        };
        eprintln!(
            "caseflow: {file}: no period column found (looked for period, {} …: \
             [headers] period in {}), nor a period in a sheet's name or a title above the \
             table; the disposition time of {which} is taken against 365 days; give \
             --period-days, or name the period column 期间",
            headers.examples("period", 8),
            headers.origin,
        );
    }
    // Where the rows without a period of their own took it from, said once per source.
    let mut taken_from: Vec<String> = Vec::new();
    // A row's first and last day when the table has them (起始日, 截止日: caseflow's
    // workbook writes them): they say the days the row covers, which its label does not
    // when the period is cut short (the trend's last quarter ends at the as-of date,
    // 2026Q1 to 2026-02-15, 46 days; its first month may start at a `from` inside it).
    let bound_column = |first: bool| -> Result<Option<Vec<Option<chrono::NaiveDate>>>> {
        let Some(name) = names
            .iter()
            .find(|n| HeaderNames::period_bound(n) == Some(first))
        else {
            return Ok(None);
        };
        let c = df
            .column(name)
            .and_then(|c| c.cast(&DataType::String))
            .map_err(|e| Error::polars("reading the period's dates", e))?;
        let dates = c
            .str()
            .map_err(|e| Error::polars("reading the period's dates", e))?
            .iter()
            .map(|v| v.and_then(ratios::single_date))
            .collect();
        Ok(Some(dates))
    };
    let bounds: Vec<Option<(chrono::NaiveDate, chrono::NaiveDate)>> =
        match (bound_column(true)?, bound_column(false)?) {
            (Some(starts), Some(ends)) => starts
                .into_iter()
                .zip(ends)
                .map(|(s, e)| s.zip(e).filter(|(s, e)| s <= e))
                .collect(),
            _ => vec![None; df.height()],
        };
    // The period a row's sheet's name or title names, in which a label without its year
    // (1月 under 2025年执行案件收结存统计表, the way a court's monthly table is kept) is read.
    let context: Vec<Option<(chrono::NaiveDate, chrono::NaiveDate)>> = implied
        .iter()
        .map(|p| {
            p.as_ref()
                .and_then(|(label, _)| ratios::period_range(label))
        })
        .collect();
    // Where the labels without their year took it from, said once per source.
    let mut year_from: Vec<String> = Vec::new();
    // Rows whose dates cover part of the period their label names: said once per period,
    // so that a short current quarter is not taken for a whole one without a word.
    let mut cut_short: Vec<String> = Vec::new();
    // A label that names no known period is said per row: taking it silently for a year
    // would give a quarter four times its disposition time.
    let days: Vec<f64> = (0..df.height())
        .map(|i| {
            if let Some(d) = args.period_days {
                return d;
            }
            if let Some((start, end)) = bounds[i] {
                let label = periods
                    .as_ref()
                    .and_then(|p| p[i].as_deref())
                    .map(str::trim)
                    .unwrap_or_default();
                if ratios::period_range_in(label, context[i]).is_some_and(|r| r != (start, end)) {
                    let said = format!(
                        "{label} {start}~{end}, {} days",
                        (end - start).num_days() + 1
                    );
                    if !cut_short.contains(&said) {
                        cut_short.push(said);
                    }
                }
                return ratios::basis_days(start, end);
            }
            let own = periods
                .as_ref()
                .and_then(|p| p[i].as_deref())
                .map(str::trim)
                .filter(|p| !p.is_empty());
            if let (None, Some((label, source))) = (own, &implied[i]) {
                let days = ratios::days_of_period(label).unwrap_or(ratios::DAYS_PER_YEAR);
                let said = format!("{source} ({label}, {days:.0} days)");
                if !taken_from.contains(&said) {
                    taken_from.push(said);
                }
                return days;
            }
            if periods.is_none() {
                return ratios::DAYS_PER_YEAR;
            }
            if let (Some(label), Some((context_label, source))) = (own, &implied[i]) {
                if ratios::names_no_year(label)
                    && ratios::period_range_in(label, context[i]).is_some()
                {
                    let said = format!("{source} ({context_label})");
                    if !year_from.contains(&said) {
                        year_from.push(said);
                    }
                }
            }
            match own {
                None => {
                    eprintln!(
                        "caseflow: {file}, {}: the period is empty; its disposition time \
                         is taken against 365 days (give --period-days to set the length)",
                        wheres[i]
                    );
                    ratios::DAYS_PER_YEAR
                }
                Some(label) => ratios::days_of_period_in(label, context[i]).unwrap_or_else(|| {
                    if ratios::names_no_year(label) {
                        // 2月, 一季度: 28 or 29 days, and nothing says which.
                        eprintln!(
                            "caseflow: {file}, {}: period {label:?} names no year, and its \
                             days depend on the year (29 February); its disposition time is \
                             taken against 365 days (write the year, as 2025年{label}, name it \
                             in the title or the sheet's name, or give --period-days)",
                            wheres[i]
                        );
                        return ratios::DAYS_PER_YEAR;
                    }
                    eprintln!(
                        "caseflow: {file}, {}: period {label:?} is not a year, half, \
                         quarter, month or date range that caseflow reads; its disposition \
                         time is taken against 365 days (give --period-days to set the length)",
                        wheres[i]
                    );
                    ratios::DAYS_PER_YEAR
                }),
            }
        })
        .collect();
    if !taken_from.is_empty() {
        eprintln!(
            "caseflow: {file}: rows without a period of their own take it from where their \
             table names it: {}",
            taken_from.join("; ")
        );
    }
    if !year_from.is_empty() {
        eprintln!(
            "caseflow: {file}: periods that name no year (1月, 一季度 …) are read in the year of \
             {}",
            year_from.join("; ")
        );
    }
    if !cut_short.is_empty() {
        eprintln!(
            "caseflow: {file}: rows whose first and last day (起始日, 截止日) cover part of the \
             period their label names; their disposition time is taken against those days: {}",
            cut_short.join("; ")
        );
    }
    let mut distinct = days.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut values: Vec<Vec<Option<f64>>> =
        vec![vec![None; df.height()]; ratios::RATIO_COLUMNS.len()];
    for d in &distinct {
        let out = ratios::with_ratios(counts.clone().lazy(), has_reopened, *d)
            .select(
                ratios::RATIO_COLUMNS
                    .iter()
                    .map(|c| col(*c))
                    .collect::<Vec<_>>(),
            )
            .collect()
            .map_err(|e| Error::polars("computing ratios", e))?;
        for (k, name) in ratios::RATIO_COLUMNS.iter().enumerate() {
            let v = out
                .column(name)
                .and_then(|c| c.f64().cloned())
                .map_err(|e| Error::polars("computing ratios", e))?;
            for (row, x) in v.iter().enumerate() {
                if days[row] == *d {
                    values[k][row] = x;
                }
            }
        }
    }
    if args.period_days.is_none() && distinct.iter().any(|d| *d != ratios::DAYS_PER_YEAR) {
        eprintln!(
            "caseflow ratios: disposition time expressed against the days of each row's period \
             ({}); give --period-days to set one length",
            distinct
                .iter()
                .map(|d| format!("{d:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let result = DataFrame::new(
        df.height(),
        ratios::RATIO_COLUMNS
            .iter()
            .zip(values)
            .map(|(name, v)| Column::new((*name).into(), v))
            .collect(),
    )
    .map_err(|e| Error::polars("computing ratios", e))?;
    // A table that already has the ratio columns (this command's own output, trend_ratios
    // or evaluation_monthly exported with `caseflow sql`, or a sheet of caseflow's workbook
    // headed 结收比, 结案周期（天） … or Clearance rate …): its counts are here, so the
    // ratios are recomputed from them and put in place of the old ones, where they stood
    // and under their names, rather than written twice: a stale 结收比 left beside a new
    // clearance_rate gave one row two 结收比. The ratios it lacks are appended named in the
    // language of those it has (a Chinese sheet keeps Chinese headers), else as
    // RATIO_COLUMNS.
    let carried: Vec<(&str, &str, Option<crate::workbook::Lang>)> = names
        .iter()
        .filter_map(|n| HeaderNames::ratio_column(n).map(|(ratio, lang)| (n.as_str(), ratio, lang)))
        .collect();
    if !carried.is_empty() {
        eprintln!(
            "caseflow ratios: {file}: the table already has {}: recomputed from its counts and \
             replaced",
            carried
                .iter()
                .map(|(n, _, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let lang = carried.first().and_then(|(_, _, lang)| *lang);
    for (ratio, c) in ratios::RATIO_COLUMNS.iter().zip(result.columns()) {
        let mut stands: Vec<String> = carried
            .iter()
            .filter(|(_, r, _)| r == ratio)
            .map(|(n, _, _)| n.to_string())
            .collect();
        if stands.is_empty() {
            stands.push(lang.map_or(ratio.to_string(), |l| crate::workbook::label(ratio, l)));
        }
        for name in stands {
            df.with_column(c.clone().with_name(name.as_str().into()))
                .map_err(|e| Error::polars("appending ratios", e))?;
        }
    }

    for p in &problems {
        eprintln!(
            "caseflow: {file}, {}, column {}: {:?} is not a count ({}); the ratios that use it \
             are left empty",
            wheres[p.row], p.column, p.value, p.reason
        );
    }

    // Text cells (unit, period, passed-through columns) are the user's: a cell that Excel
    // would read as a formula gets a leading ' (crate::sanitize); numbers stay numbers.
    let df =
        crate::sanitize::csv_frame(&df).map_err(|e| Error::polars("preparing the output", e))?;
    let write = |w: &mut dyn std::io::Write, dest: &str| -> Result<()> {
        CsvWriter::new(w)
            .include_header(true)
            .finish(&mut df.clone())
            .map_err(|e| Error::polars(format!("writing {dest}"), e))
    };
    match &args.output {
        // With a BOM: Excel on a Chinese Windows reads a CSV without one as GBK.
        Some(path) => textio::write_atomic(path, |w| {
            w.write_all("\u{feff}".as_bytes())
                .map_err(|e| Error::output(path, e))?;
            write(w, &path.display().to_string())
        })?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock, "<stdout>")?;
        }
    }
    Ok(Outcome::from_problem_count(problems.len()))
}
