//! A query result as a table for the terminal or as Markdown.
//!
//! Columns are aligned by display width, not by characters: a Chinese character takes two
//! terminal columns (`unicode-width`, East Asian Width), so `绍兴市柯桥区人民法院` lines up
//! with ASCII. Numbers are right-aligned; a long cell is cut with `…` (the file outputs
//! keep every character); floats show at most four decimals (files keep full precision);
//! a list shows its items joined with `、`, as the workbook does; null is an empty cell.

use polars::prelude::*;
use unicode_width::UnicodeWidthStr;

/// The widest a cell is shown in the terminal, in columns.
pub const MAX_CELL_WIDTH: usize = 40;

/// One value as text. Lists are joined with `、`; floats keep up to `decimals` digits
/// (`None`: all, as Rust prints them).
pub fn cell_text(v: &AnyValue, decimals: Option<usize>) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Float64(f) => float_text(*f, decimals),
        AnyValue::Float32(f) => float_text(*f as f64, decimals),
        AnyValue::List(s) => {
            let parts: Vec<String> = s
                .iter()
                .map(|x| cell_text(&x, decimals))
                .filter(|x| !x.is_empty())
                .collect();
            parts.join("、")
        }
        other => other.to_string(),
    }
}

fn float_text(f: f64, decimals: Option<usize>) -> String {
    match decimals {
        Some(d) if f.is_finite() => {
            let s = format!("{f:.d$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        }
        _ => f.to_string(),
    }
}

/// Whether a column is shown right-aligned.
pub fn is_numeric(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric()
}

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` on one line and at most `max` columns wide, cut with `…`.
pub fn fit(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if width(&one_line) <= max {
        return one_line;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in one_line.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

fn pad(s: &str, to: usize, right: bool) -> String {
    let fill = " ".repeat(to.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// Rows of cells (the first row may be a header) as lines with aligned columns, two
/// spaces apart; `right[k]` right-aligns column k.
pub fn aligned(rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|k| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(k, s)| pad(s, widths[k], right.get(k).copied().unwrap_or(false)))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The first `limit` rows of `df` as cells (header first), cut to the terminal width.
fn cells(df: &DataFrame, limit: usize, max_cell: usize) -> Vec<Vec<String>> {
    let shown = df.height().min(limit);
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(shown + 1);
    rows.push(
        df.columns()
            .iter()
            .map(|c| fit(c.name().as_str(), max_cell))
            .collect(),
    );
    for r in 0..shown {
        rows.push(
            df.columns()
                .iter()
                .map(|c| {
                    fit(
                        &cell_text(&c.get(r).unwrap_or(AnyValue::Null), Some(4)),
                        max_cell,
                    )
                })
                .collect(),
        );
    }
    rows
}

/// The first `limit` rows of `df` as an aligned text table with a rule under the header.
pub fn text_table(df: &DataFrame, limit: usize) -> String {
    let right: Vec<bool> = df.columns().iter().map(|c| is_numeric(c.dtype())).collect();
    let mut rows = cells(df, limit, MAX_CELL_WIDTH);
    let widths: Vec<usize> = (0..df.width())
        .map(|k| rows.iter().map(|r| width(&r[k])).max().unwrap_or(0))
        .collect();
    rows.insert(1, widths.iter().map(|w| "─".repeat(*w)).collect());
    let mut out = aligned(&rows, &right).join("\n");
    out.push('\n');
    out
}

/// The first `limit` rows of `df` as a Markdown table (cells are not cut).
pub fn markdown_table(df: &DataFrame, limit: usize) -> String {
    let rows = cells(df, limit, usize::MAX);
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = String::new();
    out.push_str(&format!(
        "| {} |\n",
        rows[0]
            .iter()
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    out.push_str(&format!(
        "|{}|\n",
        df.columns()
            .iter()
            .map(|c| if is_numeric(c.dtype()) { "---:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in &rows[1..] {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|s| esc(s)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_aligns_by_display_width() {
        let df = df! {
            "court_name" => ["绍兴市柯桥区人民法院", "x"],
            "backlog" => [444i64, 5],
        }
        .unwrap();
        let t = text_table(&df, 50);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4, "{t}");
        // Every line ends at the same display column: the numbers are right-aligned.
        let w: Vec<usize> = lines.iter().map(|l| width(l)).collect();
        assert!(w.iter().all(|x| *x == w[0]), "{t}\n{w:?}");
        assert_eq!(lines[2], "绍兴市柯桥区人民法院      444", "{t}");
    }

    #[test]
    fn long_cells_are_cut_and_floats_rounded() {
        assert_eq!(fit("一二三四五六", 7), "一二三…");
        assert_eq!(fit("a\nb", 10), "a b");
        assert_eq!(float_text(73.333333333, Some(4)), "73.3333");
        assert_eq!(float_text(50.0, Some(4)), "50");
        let l = Series::new("l".into(), &["张三", "李四"]);
        assert_eq!(cell_text(&AnyValue::List(l), None), "张三、李四");
    }

    #[test]
    fn markdown_escapes_pipes_and_limits_rows() {
        let df = df! { "a" => ["x|y", "z", "w"], "n" => [1i64, 2, 3] }.unwrap();
        let md = markdown_table(&df, 2);
        assert_eq!(md, "| a | n |\n|---|---:|\n| x\\|y | 1 |\n| z | 2 |\n");
    }
}
