//! Untrusted text on its way out: spreadsheet cells, XML text and file names.
//!
//! Everything caseflow writes comes, in the end, from exports typed by other people: a
//! party's name, a reason text, a team name. The outputs travel by e-mail to people who
//! open them in Excel, WPS and browsers, so no such text may become active there
//! (docs/security.md lists the attacks and the defences):
//!
//! - **Formula injection** (CSV/formula injection, OWASP): a cell that begins with `=`,
//!   `+`, `-`, `@`, a tab or a carriage return may be evaluated as a formula by Excel or WPS
//!   (`=HYPERLINK(...)`, DDE `=cmd|...`), including the full-width forms `＝ ＋ － ＠` that
//!   a Chinese input method types and that WPS turns into their ASCII forms. [`csv_cell`]
//!   prefixes such text with a single quote `'`, which Excel and WPS show as text and never
//!   evaluate; [`xlsx_cell`] marks it for a string cell with the *quote prefix* format
//!   (rust_xlsxwriter's `write_string` already stores a string, never a formula: the flag
//!   also keeps the cell text when a user edits it). A plain number (`-12.5`, `-1,234`, `+5.2%`) is a number,
//!   not a formula, and stays as it is. Every CSV and xlsx writer of caseflow goes through
//!   these two functions.
//! - **XML text**: HTML and SVG writers escape markup (`report::html::esc`, plotters' SVG
//!   backend); [`xml_chars`] also drops the control characters XML 1.0 forbids, which would
//!   otherwise make an SVG chart unreadable (a parse error) in a browser.
//! - **File names from data**: [`file_component`] turns text into one safe path component
//!   (no `/`, `\`, `..`, drive or absolute path, control or reserved characters); see
//!   [`crate::outpath`] for the output-folder containment rule.

use std::borrow::Cow;

/// Excel's limit on the characters of one cell; a longer text makes rust_xlsxwriter fail
/// the whole workbook, so it is cut (and says so) instead.
pub const XLSX_MAX_CHARS: usize = 32_767;

/// The mark put at the end of a text cut to fit one Excel cell.
pub const CUT_MARK: &str = "…（超长截断）";

/// Characters that make Excel or WPS read a cell as a formula when they open it: the
/// ASCII forms, their full-width (U+FF0B, U+FF0D, U+FF1D, U+FF20) and small (U+FE62,
/// U+FE63, U+FE66, U+FE6B) forms, and the minus sign U+2212.
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−',
];

/// Whitespace a spreadsheet skips before it decides that a cell is a formula.
fn is_leading_blank(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}'
}

/// A plain decimal number (`-12`, `+3.5`, `0.25`), with thousands separators (`-1,234`)
/// or as a percentage (`+5.2%`, a 同比 column's change): a spreadsheet reads it as a number
/// and evaluates nothing, and amounts, counts and rates must stay as the sender wrote them.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let body = body.strip_suffix('%').unwrap_or(body);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // Separators between groups of three digits only: 1,234,567.
    let grouped = |t: &str| {
        let mut parts = t.split(',');
        let first = parts.next().unwrap_or("");
        digits(first) && first.len() <= 3 && parts.all(|p| p.len() == 3 && digits(p))
    };
    let int_ok = digits(int) || (int.contains(',') && grouped(int));
    match frac {
        None => int_ok,
        Some(f) => int_ok && digits(f),
    }
}

/// True when a spreadsheet could evaluate `s` as a formula: it begins (after spaces) with
/// one of `= + - @` in any width, or with a tab, carriage return or line feed, and is not
/// a plain number.
pub fn is_formula_like(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if matches!(first, '\t' | '\r' | '\n') {
        return true;
    }
    let rest = s.trim_start_matches(is_leading_blank);
    match rest.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => !is_plain_number(s),
        _ => false,
    }
}

/// A text cell for a CSV file: formula-like text gets a leading `'`, which Excel and WPS
/// show as text (the CSV writer quotes the field when it needs to).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if is_formula_like(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// True for text Excel and WPS would turn into a different number when they open the CSV:
/// a run of ASCII digits longer than 11 (a 身份证号码, a digit-only 统一社会信用代码, a
/// bank account: shown as `3.30603E+17` and kept to 15 significant digits, so
/// 330603199212303222 becomes 330603199212303000, and saved back that way), or one with a
/// leading zero (a 法院代码 `0603`, which becomes 603). Shorter digit runs read as the same
/// number and stay as they are.
pub fn excel_mangles_digits(s: &str) -> bool {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits && (s.len() > 11 || (s.len() > 1 && s.starts_with('0')))
}

/// A text cell of a CSV made to be opened in Excel: formula-like text
/// ([`csv_cell`]) and digit strings Excel would turn into another number
/// ([`excel_mangles_digits`]: an 18-digit 身份证号码 in a reject's raw value) get one leading
/// `'`, so both open as the text they are.
pub fn csv_text_cell(s: &str) -> Cow<'_, str> {
    if excel_mangles_digits(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        csv_cell(s)
    }
}

/// A frame for a CSV writer: every text column through [`csv_cell`] (names too); other
/// columns unchanged.
pub fn csv_frame(
    df: &polars::prelude::DataFrame,
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let mut cols = Vec::with_capacity(df.width());
    for c in df.columns() {
        if c.dtype() == &DataType::String {
            let ca: StringChunked = c
                .str()?
                .iter()
                .map(|v| v.map(|v| csv_cell(v).into_owned()))
                .collect();
            let name = csv_cell(c.name().as_str()).into_owned();
            cols.push(ca.with_name(name.into()).into_column());
        } else {
            cols.push(c.clone());
        }
    }
    DataFrame::new(df.height(), cols)
}

/// A text cell for an xlsx sheet: the text (cut to Excel's 32,767 characters, with
/// [`CUT_MARK`] at the end) and whether to write it with the quote-prefix format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxText<'a> {
    pub text: Cow<'a, str>,
    pub quote_prefix: bool,
}

/// Prepares a text for `write_string`: see [`XlsxText`].
pub fn xlsx_cell(s: &str) -> XlsxText<'_> {
    let text = if s.len() > XLSX_MAX_CHARS && s.chars().count() > XLSX_MAX_CHARS {
        let keep = XLSX_MAX_CHARS - CUT_MARK.chars().count();
        let mut t: String = s.chars().take(keep).collect();
        t.push_str(CUT_MARK);
        Cow::Owned(t)
    } else {
        Cow::Borrowed(s)
    };
    let quote_prefix = is_formula_like(&text);
    XlsxText { text, quote_prefix }
}

/// True for a character XML 1.0 allows in a document.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Text with the characters XML 1.0 forbids (C0 controls other than tab and line breaks,
/// U+FFFE, U+FFFF) replaced by U+FFFD, so an SVG or XML file stays well-formed. Markup is
/// escaped by the writer, not here.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if xml_allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Text made into one safe file-name component: path separators, characters Windows
/// forbids (`: * ? " < > |`) and control characters become `_`, leading dots and spaces
/// are dropped (no `..`, no hidden file), trailing dots and spaces too (Windows strips
/// them), and the result has at most 80 characters and is never empty.
pub fn file_component(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = mapped
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let out: String = trimmed.chars().take(80).collect();
    if out.is_empty() {
        "_".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn digit_runs_excel_would_change_open_as_text() {
        assert_eq!(csv_text_cell("330603199212303222"), "'330603199212303222");
        assert_eq!(csv_text_cell("0603"), "'0603");
        assert_eq!(csv_text_cell("=1+1"), "'=1+1");
        for kept in ["12345678901", "0", "", "1.5", "-12", "（2024）浙0603执1号"] {
            assert_eq!(csv_text_cell(kept), kept);
        }
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_starts_are_caught_in_every_width() {
        for s in [
            "=HYPERLINK(\"http://x\",\"点击\")",
            "@SUM(1)",
            "+1+1",
            "-2+3",
            "＝1+1",
            "＋1",
            "－1",
            "＠A1",
            "\t=1",
            "\r=1",
            "\n=1",
            "  =1+1",
            "\u{3000}=1",
            "=cmd|' /C calc'!A0",
            "-",
            "=",
        ] {
            assert!(is_formula_like(s), "{s:?}");
            assert_eq!(csv_cell(s), format!("'{s}"));
            assert!(xlsx_cell(s).quote_prefix, "{s:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_pass_unchanged() {
        for s in [
            "张三",
            "绍兴市柯桥区通腾化纤有限公司",
            "（2023）浙0603执1234号",
            "",
            "-12.50",
            "+3",
            "-0",
            "1-2",
            "a=b",
            "2023-01-05",
            // Signed percentages and grouped numbers (red-team
            // n-ratios-passthrough-percent-quoted): numbers, not formulas.
            "+5.2%",
            "-1.1%",
            "35.7%",
            "-1,234",
            "+1,234,567.5",
        ] {
            assert!(!is_formula_like(s), "{s:?}");
            assert!(matches!(csv_cell(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(is_formula_like("-1e5"), "not a plain number: quoted");
        assert!(is_formula_like("-.5"), "not a plain number: quoted");
        for s in [
            "+5%A1", "-1,2", "+%", "-,123", "+1,234%%", "-5%+A1", "+1,2345",
        ] {
            assert!(is_formula_like(s), "{s:?}");
        }
    }

    #[test]
    fn overlong_cells_are_cut_with_a_mark() {
        let long = "字".repeat(XLSX_MAX_CHARS + 10);
        let x = xlsx_cell(&long);
        assert_eq!(x.text.chars().count(), XLSX_MAX_CHARS);
        assert!(x.text.ends_with(CUT_MARK));
        let exact = "a".repeat(XLSX_MAX_CHARS);
        assert!(matches!(xlsx_cell(&exact).text, Cow::Borrowed(_)));
    }

    #[test]
    fn xml_forbidden_characters_are_replaced() {
        assert_eq!(xml_chars("a\u{1}b\u{FFFE}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
        assert!(matches!(xml_chars("<张三>"), Cow::Borrowed(_)));
    }

    #[test]
    fn file_components_never_escape() {
        assert_eq!(file_component("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_component(".."), "_");
        assert_eq!(file_component("/abs"), "_abs");
        assert_eq!(file_component("C:\\x"), "C__x");
        assert_eq!(file_component("浙0603 柯桥"), "浙0603 柯桥");
        assert_eq!(file_component(""), "_");
    }

    proptest! {
        #[test]
        fn csv_cells_are_never_formulas(s in any::<String>()) {
            prop_assert!(!is_formula_like(&csv_cell(&s)));
        }

        #[test]
        fn file_components_are_one_plain_component(s in any::<String>()) {
            let c = file_component(&s);
            let p = std::path::Path::new(&c);
            let parts: Vec<_> = p.components().collect();
            prop_assert_eq!(parts.len(), 1, "{:?}", c);
            prop_assert!(matches!(parts[0], std::path::Component::Normal(_)), "{:?}", c);
            prop_assert!(!c.contains('/') && !c.contains('\\') && !c.starts_with('.'));
        }

        #[test]
        fn xml_chars_are_all_allowed(s in any::<String>()) {
            prop_assert!(xml_chars(&s).chars().all(xml_allowed));
        }
    }
}
