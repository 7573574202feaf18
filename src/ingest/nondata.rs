//! Rows below the header that are not cases: totals and subtotals (合计, 小计), footers and
//! sign-off lines (制表人, 制表日期, （盖章）), repeated titles and headers, section headings,
//! notes, template example rows, voided 案号, rows of column numbers or database codes. Each
//! is recognised cheaply (a character or two first) and skipped with its reason.

use super::*;

/// What a row that is not data says about the rows below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Below {
    /// Nothing.
    Same,
    /// A footer or a note: the rows below are under the table (see [`NUMBERED_NOTE`]).
    Footer,
    /// The header again: a table goes on below.
    Table,
    /// The header of another section, with columns of its own: the rows below are read
    /// with them.
    NewHeader,
    /// The first line of a total's breakdown (其中：未结2件): the rows right below holding a
    /// label and amounts alone are its other lines (see [`breakdown_above`]).
    Breakdown,
}

/// The reason given for a numbered note line under a footer.
pub(super) const NUMBERED_NOTE: &str = "numbered note below a footer";

/// Whether a row is a numbered note line (`1. 本表数据截至…`, `2、结案数含…`, `（3）…`): its
/// first cell starts with a number and one of the rules' separators, and it has no case
/// number. Only a row below a footer or a note is taken for one (see `parse_part`).
pub(super) fn numbered_note(row: &Row, header: &HeaderInfo) -> bool {
    let Some(Cell::Text(text)) = row.cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    if !note_numbered(text.trim_start(), &header.note_separators) {
        return false;
    }
    let case_text = header
        .case_col
        .and_then(|c| row.cells.get(c))
        .and_then(fields::normalize_text);
    case_text.is_none_or(|t| parse_case_number(&t).is_err())
}

/// The reason given for a line of text alone under the table, below a footer or a note.
pub(super) const NOTE_BELOW_FOOTER: &str = "note line below a footer or a note";

/// Whether a row is a note line under the table (以上数据截至2026年2月28日,
/// 本表由执行局综合办公室统计, *以上数据仅供内部参考): one cell of text with Chinese in it,
/// at the table's left edge (the header's first column or before it), not in a party
/// column, and no case number nor the look of one (a year and 执, or 号 at its end). Told
/// by its place, not by its opening words, which are any a clerk writes; only a row below a
/// footer or a note is taken for one (see `parse_part`). Above, such a row is rejected for
/// a person to look at; read as a case it never was one (one cell and no case number).
pub(super) fn note_line(row: &Row, header: &HeaderInfo) -> bool {
    if header.case_col.is_none() {
        return false;
    }
    let mut filled = row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty());
    let (Some((at, Cell::Text(text))), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let text = text.trim();
    // A sentence about a case, alone in its 案号 cell (（2024）鄂0102执7号案件已移送破产审查，
    // 暂未报结。): below a footer or a note it is a note, though it starts like a case's
    // row. Read as one, it was a pending case without a filing date, counted overdue.
    if header.case_col == Some(at) && case_number_then_sentence(text) {
        return true;
    }
    let left_edge = header
        .texts
        .iter()
        .position(|t| !t.trim().is_empty())
        .unwrap_or(0);
    if at > left_edge || header.party_cols.contains(&at) {
        return false;
    }
    let chinese = text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    chinese && !looks_like_case_number(text)
}

/// Whether text is a case number followed by a sentence (…执7号案件已移送破产审查，暂未报结。):
/// after the first 号, two Chinese characters at least and a sentence's punctuation (，。；).
/// A number with a short note after it (…执7号（已结）, …执7号 终本) is no sentence.
fn case_number_then_sentence(text: &str) -> bool {
    let Some(at) = text.find(['号', '號']) else {
        return false;
    };
    let rest = &text[at + '号'.len_utf8()..];
    let chinese = rest
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .nth(1)
        .is_some();
    chinese
        && rest.contains(['，', '。', '；'])
        && looks_like_case_number(&text[..at + '号'.len_utf8()])
}

/// Whether text is a case number or has the look of one (a year and 执, or 号 at its
/// end): a case number mistyped (（2024）浙0603执号) is a case's row, rejected with its
/// text, never a note or a label.
fn looks_like_case_number(text: &str) -> bool {
    let year = text
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    (year && (text.contains('执') || text.contains('執')))
        || text.ends_with(['号', '號'])
        || parse_case_number(text).is_ok()
}

/// How the reason given for a line of a total's breakdown begins.
pub(super) const BREAKDOWN_LINE: &str = "breakdown line of a total";

/// The most lines of a breakdown looked up through (未结, 已结; 首执, 执恢; 在办, 中止, 终本 …):
/// a long run of label-and-amounts rows is not looked through again from each of its rows.
const BREAKDOWN_MAX_LINES: usize = 20;

/// Whether a row could be a line of a total's breakdown (已结1件 | | 20000 | 20000 under
/// 其中：未结2件 | | 40000 | 0): one label, neither a case number nor the look of one, and
/// beside it only amounts in amount columns and counts of cases (2件), one amount at least.
/// A case has more than that (a date, a party, an officer) or a 案号; whether such a row is
/// a breakdown line, only the rows above tell ([`breakdown_above`]).
pub(super) fn breakdown_line(row: &Row, header: &HeaderInfo) -> bool {
    // Cheap test first (every data row comes here): a case's 案号 ends with 号.
    if let Some(Cell::Text(t)) = header.case_col.and_then(|c| row.cells.get(c)) {
        if t.trim_end().ends_with(['号', '號']) {
            return false;
        }
    }
    let mut label = None;
    let mut amounts = 0;
    for (c, cell) in row.cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if header.amount_cols.contains(&c) && looks_like_amount(cell) {
            amounts += 1;
            continue;
        }
        match cell {
            Cell::Text(t) if is_case_count(t) => {}
            Cell::Text(t) if label.is_none() => label = Some(t.trim()),
            _ => return false,
        }
    }
    amounts > 0 && label.is_some_and(|t| !looks_like_case_number(t))
}

/// The marker of the breakdown that the row at `i` continues, when it is a
/// [`breakdown_line`]: the row above opens one (其中：未结2件, [`Below::Breakdown`]) or is a
/// line of one below its opening row, in the rows of the section from `first`; blank rows
/// between them do not end it (a clerk leaves one under the total). `carried` is the
/// breakdown the rows before `first` ended in (the batch before: a breakdown is not cut
/// off by where the reader's batches of rows happen to end). A row that only looks like a
/// line, with no breakdown above it, stays a row (a case or a reject).
pub(super) fn breakdown_above<'h>(
    header: &'h HeaderInfo,
    batch: &Batch,
    first: usize,
    i: usize,
    carried: Option<&'h str>,
) -> Option<&'h str> {
    let mut scratch = Row::default();
    let mut lines = 0;
    for j in (first..i).rev() {
        let above = batch.row_in(j, &mut scratch);
        if above.cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        lines += 1;
        if lines > BREAKDOWN_MAX_LINES {
            return None;
        }
        match non_data_reason(above, header) {
            Some((reason, Below::Breakdown)) => {
                return header
                    .markers
                    .iter()
                    .find(|m| m.breakdown && m.reason == reason)
                    .map(|m| m.marker.as_str());
            }
            Some(_) => return None,
            None if breakdown_line(above, header) => {}
            None => return None,
        }
    }
    carried
}

/// Whether `text` starts with a note's number: `1.` / `１、` / `2)` (the number, then one of
/// `separators`), `(1)` / `（1）`, or a circled number `①`–`⑳`.
pub(super) fn note_numbered(text: &str, separators: &[String]) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if text.starts_with(|c: char| ('①'..='⑳').contains(&c)) {
        return true;
    }
    let (inner, bracketed) = match text.strip_prefix(['(', '（']) {
        Some(rest) => (rest.trim_start(), true),
        None => (text, false),
    };
    let digits = inner.chars().take_while(|&c| is_digit(c)).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let rest = inner
        .char_indices()
        .nth(digits)
        .map_or("", |(at, _)| &inner[at..])
        .trim_start();
    if bracketed {
        return rest.starts_with([')', '）']);
    }
    separators.iter().any(|sep| {
        rest.strip_prefix(sep.as_str())
            // 1.5 is a number, not note 1.
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()))
    })
}

pub(super) fn marker_lead(text: &str) -> Option<MarkerLead> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    Some((chars.next()?, chars.next()))
}

/// Whether text (spaces ignored, as markers are matched) starts with the first characters
/// of some marker; `leads` sorted.
pub(super) fn starts_like_marker(text: &str, leads: &[MarkerLead]) -> bool {
    let Some((first, second)) = marker_lead(text) else {
        return false;
    };
    leads.binary_search(&(first, None)).is_ok()
        || (second.is_some() && leads.binary_search(&(first, second)).is_ok())
}

/// The reason given for a row of column numbers.
/// The reason given for a template's example row (示例).
pub(super) const EXAMPLE_ROW: &str = "template example row, not a case";

/// The reason given for a row of column codes or types under the header.
pub(super) const COLUMN_CODES: &str = "column codes or types under the header, not a case";

/// The reason given for a row whose case number the clerk voided.
pub(super) const VOIDED: &str = "案号 marked void, not counted as a case";

/// The reason given for a row of formulas saved without their results, and nothing else.
pub(super) const FORMULAS_ONLY: &str =
    "formulas without saved results only (a template row), not a case";

/// The reason given for a row of Excel error values (#N/A), and nothing else.
pub(super) const ERRORS_ONLY: &str =
    "Excel error values only (#N/A: formulas filled down below the list), not a case";

pub(super) const COLUMN_NUMBERS: &str = "column numbers (栏次), not a case";

/// A row of column numbers (栏次), from its first filled cell on: the labels 栏次 or 列次,
/// then 甲, 乙, 丙 … in order, then whole numbers counting up by one, at least three
/// values in all and two of them numbers. Blank cells between them do not matter. A case
/// row never passes: its 案号 is neither.
pub(super) fn is_column_number_row(cells: &[Cell]) -> bool {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    // Cheap test first: every data row fails on its first cell.
    let starts = match cells.first() {
        Some(Cell::Number(x)) => *x >= 0.0 && x.fract() == 0.0,
        Some(Cell::Text(t)) => {
            let t = t.trim();
            t.starts_with(['栏', '列', '甲']) || t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if !starts {
        return false;
    }
    let (mut stems, mut numbers) = (0usize, 0usize);
    let mut next: Option<i64> = None;
    for cell in cells {
        let n = match cell {
            Cell::Empty => continue,
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e6 => *x as i64,
            Cell::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    continue;
                }
                if numbers == 0 && stems == 0 && matches!(t, "栏次" | "列次" | "栏号" | "列号")
                {
                    continue;
                }
                let mut chars = t.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if numbers == 0 && STEMS.get(stems) == Some(&c) {
                        stems += 1;
                        continue;
                    }
                }
                match t.parse::<i64>() {
                    Ok(n) if t.bytes().all(|b| b.is_ascii_digit()) => n,
                    _ => return false,
                }
            }
            _ => return false,
        };
        if next.is_some_and(|e| e != n) {
            return false;
        }
        next = Some(n + 1);
        numbers += 1;
    }
    numbers >= 2 && numbers + stems >= 3
}

/// The mark of `marks` (rows.toml's example or void marks, longest first) that a cell's
/// text carries: the whole text (示例), its start before a colon, a bracket or a digit
/// (例：（2025）浙0603执1号, 作废（2025）…), or a bracketed note at its end
/// (（2025）浙0603执22号（作废）).
pub(super) fn marked_with<'m>(text: &str, marks: &'m [String]) -> Option<&'m str> {
    let t = text.trim();
    let first = t.chars().next()?;
    // Cheap first test: marks are Chinese words; a note at the end is in brackets.
    let ends_bracketed = t.ends_with([')', '）', '】', ']']);
    if !('\u{4e00}'..='\u{9fff}').contains(&first) && !ends_bracketed {
        return None;
    }
    for m in marks {
        if let Some(rest) = t.strip_prefix(m.as_str()) {
            let rest = rest.trim_start();
            match rest.chars().next() {
                None => return Some(m),
                Some(':' | '：' | '(' | '（' | '【' | '[' | '〔') => return Some(m),
                Some(c) if c.is_ascii_digit() => return Some(m),
                _ => {}
            }
        }
        if ends_bracketed {
            let inner = t[..t.len() - t.chars().last().map_or(0, char::len_utf8)].trim_end();
            if let Some(before) = inner.strip_suffix(m.as_str()) {
                if before.trim_end().ends_with(['(', '（', '【', '[']) {
                    return Some(m);
                }
            }
        }
    }
    None
}

/// The cells that mark a row as an example or a voided case: the 序号 cells and the
/// 案号 cell.
pub(super) fn marked_row<'m>(
    row: &Row,
    header: &HeaderInfo,
    marks: &'m [String],
) -> Option<&'m str> {
    header
        .row_number_cols
        .iter()
        .chain(header.case_col.as_ref())
        .filter_map(|&c| match row.cells.get(c) {
            Some(Cell::Text(t)) => marked_with(t, marks),
            _ => None,
        })
        .next()
}

/// A row of a database's column codes or types under the header (AH | LARQ | SQZXR,
/// varchar(50) | date | decimal(18,2)): ASCII words only, three or more, no case.
pub(super) fn column_codes_row(cells: &[Cell]) -> Option<String> {
    let mut shown = Vec::new();
    for c in cells {
        match c {
            Cell::Empty => {}
            Cell::Text(t) if t.trim().is_empty() => {}
            Cell::Text(t) => {
                let t = t.trim();
                let (word, size) = match t.find('(') {
                    Some(open) => (&t[..open], &t[open..]),
                    None => (t, ""),
                };
                let word_ok = word.starts_with(|c: char| c.is_ascii_alphabetic())
                    && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let size_ok = size.is_empty()
                    || (size.ends_with(')')
                        && size[1..size.len() - 1]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b',' || b == b' '));
                if !(word_ok && size_ok) {
                    return None;
                }
                if shown.len() < 3 {
                    shown.push(t);
                }
            }
            _ => return None,
        }
    }
    (shown.len() >= 3).then(|| format!("{COLUMN_CODES} ({}…)", shown.join(", ")))
}

/// How the reason given for a page line begins.
pub(super) const PAGE_LINE: &str = "page line";

/// A page line alone on its row (第1页 共5页, 续表, 当前第1页，共4页，共120条记录): the
/// patterns it matched, as its reason shows them, and what it says of the list.
pub(super) fn page_line(row: &Row, header: &HeaderInfo) -> Option<(String, rules::PageLine)> {
    let (at, Cell::Text(text)) = row.cells.iter().enumerate().find(|(_, c)| !c.is_empty())? else {
        return None;
    };
    // Patterns have half-width brackets (rules::page_line_key).
    let lead = text.trim_start().chars().next().map(|c| match c {
        '（' => '(',
        c => c,
    });
    if lead.is_none_or(|c| header.page_leads.binary_search(&c).is_err())
        || !row.cells[at + 1..].iter().all(Cell::is_empty)
    {
        return None;
    }
    rules::read_page_line(&header.page_lines, &rules::page_line_key(text))
}

/// The text of a row's first filled cell (a page line's, which is alone on its row).
pub(super) fn row_text(row: &Row) -> String {
    row.cells
        .iter()
        .find(|c| !c.is_empty())
        .map(Cell::display)
        .unwrap_or_default()
}

/// What the page lines of a sheet say of the list it was exported from, against which the
/// sheet's cases are counted: a web list exported one page at a time (当前第1页，共4页，
/// 共120条记录 under 3 rows) is a part of the list, and every figure made from it would be
/// made from that part.
#[derive(Debug, Default, Clone)]
pub(super) struct StatedSize {
    /// The most records a page line says the list has, with that line's row and text.
    records: Option<(u64, usize, String)>,
    /// The most pages a page line says the list has, with that line's row and text.
    pages: Option<(u64, usize, String)>,
    /// The pages the sheet's page lines are on (第2页).
    seen: std::collections::BTreeSet<u64>,
}

/// How the warning of an incomplete export begins (the report recognises it by this).
pub const INCOMPLETE_EXPORT: &str = "an incomplete export";

impl StatedSize {
    /// Notes what a page line at `line` says (`text` as written).
    pub(super) fn add(&mut self, said: rules::PageLine, line: usize, text: &str) {
        let more =
            |old: &Option<(u64, usize, String)>, n: u64| old.as_ref().is_none_or(|o| n > o.0);
        if let Some(n) = said.records.filter(|&n| more(&self.records, n)) {
            self.records = Some((n, line, text.trim().to_string()));
        }
        if let Some(n) = said.pages.filter(|&n| more(&self.pages, n)) {
            self.pages = Some((n, line, text.trim().to_string()));
        }
        if let Some(p) = said.page {
            self.seen.insert(p);
        }
    }

    /// Adds what the page lines of a later part of the sheet say.
    pub(super) fn merge(&mut self, other: StatedSize) {
        if let Some((n, line, text)) = other.records {
            self.add(
                rules::PageLine {
                    records: Some(n),
                    ..Default::default()
                },
                line,
                &text,
            );
        }
        if let Some((n, line, text)) = other.pages {
            self.add(
                rules::PageLine {
                    pages: Some(n),
                    ..Default::default()
                },
                line,
                &text,
            );
        }
        self.seen.extend(other.seen);
    }

    /// The warning for a sheet of `cases` data rows that holds less than its page lines
    /// say the list has: fewer rows than its records, or, where no line counts records,
    /// not every one of its pages (a printed export's 第2页 共2页 on every page is whole).
    pub(super) fn shortfall(&self, cases: usize) -> Option<String> {
        let again = "export the list again with all its pages (全部导出, or a page size above \
                     the record count) and ingest again; if the other pages are in other \
                     files given with this one, their rows are counted there";
        if let Some((n, line, text)) = &self.records {
            return (cases < usize::try_from(*n).unwrap_or(usize::MAX)).then(|| {
                format!(
                    "{INCOMPLETE_EXPORT}: the page line at row {line} ({text}) says the list \
                     has {n} records, and the sheet holds {cases} case rows: {} records are \
                     missing from every figure; {again}",
                    n - cases as u64
                )
            });
        }
        let (n, line, text) = self.pages.as_ref()?;
        let missing = (1..=*n).filter(|p| !self.seen.contains(p)).count();
        (missing > 0 && *n > 1).then(|| {
            let seen: Vec<String> = self.seen.iter().map(u64::to_string).collect();
            format!(
                "{INCOMPLETE_EXPORT}: the page line at row {line} ({text}) says the list has \
                 {n} pages, and the sheet holds page {} only ({cases} case rows): {missing} of \
                 its pages are missing from every figure; {again}",
                if seen.is_empty() {
                    "none".to_string()
                } else {
                    seen.join(", ")
                }
            )
        })
    }
}

pub(super) fn non_data_reason(row: &Row, header: &HeaderInfo) -> Option<(String, Below)> {
    let (at, first) = row.cells.iter().enumerate().find(|(_, c)| !c.is_empty())?;
    if let Some(mark) = marked_row(row, header, &header.example_marks) {
        return Some((format!("{EXAMPLE_ROW} ({mark})"), Below::Same));
    }
    // The clerk's own word that the number is void: not a failure to read, so skipped
    // with the reason (and the mark) like a totals row, not rejected.
    if let Some(mark) = marked_row(row, header, &header.void_marks) {
        return Some((format!("{VOIDED} ({mark})"), Below::Same));
    }
    if matches!(first, Cell::Text(t) if t.trim_start().starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        if let Some(reason) = column_codes_row(&row.cells[at..]) {
            return Some((reason, Below::Same));
        }
    }
    // A template's numbered rows left empty: a 序号 and nothing else (or placeholders
    // such as "/" ruling the row through).
    let is_number = |c: &Cell| match c {
        Cell::Number(_) => true,
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    // A template's rows below the cases, holding only its formulas (=IF(B20="","",…)),
    // saved without their results: no case, though not blank.
    let formula = |c: &Cell| matches!(c, Cell::Error(e) if e.starts_with('='));
    if formula(first) || header.row_number_cols.contains(&at) {
        let only_formulas = row.cells[at..].iter().enumerate().all(|(k, c)| {
            c.is_empty()
                || formula(c)
                || (header.row_number_cols.contains(&(at + k)) && is_number(c))
        });
        if only_formulas && row.cells[at..].iter().any(formula) {
            return Some((FORMULAS_ONLY.to_string(), Below::Same));
        }
    }
    // The same rows saved with their results where the lookups had nothing to find
    // (VLOOKUP of an empty key: #N/A in every filled cell), in a workbook or a CSV saved
    // from it: Excel's error values alone are no case (review of c-csv-excel-error-values-
    // as-names: such rows, blank before in a CSV, became pending cases).
    let error = |c: &Cell| matches!(c, Cell::Error(e) if !e.starts_with('='));
    if error(first) || header.row_number_cols.contains(&at) {
        let only_errors = row.cells[at..].iter().enumerate().all(|(k, c)| {
            c.is_empty() || error(c) || (header.row_number_cols.contains(&(at + k)) && is_number(c))
        });
        if only_errors && row.cells[at..].iter().any(error) {
            return Some((ERRORS_ONLY.to_string(), Below::Same));
        }
    }
    if header.row_number_cols.contains(&at)
        && is_number(first)
        && row.cells[at + 1..].iter().enumerate().all(|(k, c)| {
            let holds_nothing = fields::normalize_text_cow(c).is_none()
                && !matches!(c, Cell::Error(_) | Cell::Undecodable(_));
            holds_nothing || header.row_number_cols.contains(&(at + 1 + k))
        })
    {
        return Some((
            "numbered row without data (序号 only)".to_string(),
            Below::Same,
        ));
    }
    // The column numbers of a statistical table under its header (栏次: 甲, 乙, 1, 2, 3 …).
    // Read as a case, it would be one with parties "2" and "3" and a claim of 4 元.
    if is_column_number_row(&row.cells[at..]) {
        return Some((COLUMN_NUMBERS.to_string(), Below::Same));
    }
    // Amounts alone, without a label: a =SUM() under the amount columns, or totals typed
    // in. Written as a case, it would add the sheet's total claim to itself.
    // Beside them, a count of cases (3件, 共3件) or a 序号 may stand, and so may a bare
    // count in the 案号 column (=COUNTA(B4:B6), which AutoSum puts there, or 3 typed in):
    // a 案号 is never a bare whole number, and read as a case the row was one more pending
    // case holding the sheet's whole claim.
    let totals_cell = |c: usize, cell: &Cell| {
        cell.is_empty()
            || (header.amount_cols.contains(&c) && looks_like_amount(cell))
            || (header.row_number_cols.contains(&c) && is_number(cell))
            || (header.case_col == Some(c) && is_bare_count(cell))
            || matches!(cell, Cell::Text(t) if is_case_count(t))
    };
    if (header.amount_cols.contains(&at)
        || header.row_number_cols.contains(&at)
        || is_number(first)
        || matches!(first, Cell::Text(t) if is_case_count(t)))
        && row.cells[at..]
            .iter()
            .enumerate()
            .all(|(k, c)| totals_cell(at + k, c))
        && header
            .amount_cols
            .iter()
            .any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()))
    {
        return Some((AMOUNTS_ALONE.to_string(), Below::Same));
    }
    // A template's rows below the cases with its formulas filled down and their results
    // saved: 未执行到位金额 (=F7-G7) is 0 and 案龄（天） (=DATE(2026,2,28)-C7) a number on
    // a row with no case. Amounts beside numbers in columns the table does not read, and
    // no case number, date, party or officer: nothing names a case. Either alone was not
    // one already (amounts alone a totals row, a lone number one cell); together they were
    // written as a pending case without anything, one per row the formulas reach.
    let unread = |c: usize| header.fields.get(c).copied().flatten().is_none();
    let mut amounts = 0usize;
    let mut numbers = 0usize;
    let mut zero = true;
    let numbers_only = row.cells.iter().enumerate().all(|(c, cell)| {
        if cell.is_empty() || (header.row_number_cols.contains(&c) && is_number(cell)) {
            true
        } else if header.amount_cols.contains(&c) && looks_like_amount(cell) {
            amounts += 1;
            zero &= match cell {
                Cell::Number(x) => *x == 0.0,
                Cell::Text(t) => t
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '.')
                    .collect::<String>()
                    .parse::<f64>()
                    .is_ok_and(|x| x == 0.0),
                _ => false,
            };
            true
        } else if unread(c) && is_number(cell) {
            numbers += 1;
            true
        } else {
            false
        }
    });
    if numbers_only && amounts > 0 && numbers > 0 {
        let reason = if zero {
            EMPTY_TEMPLATE_ROW
        } else {
            AMOUNTS_ALONE
        };
        return Some((reason.to_string(), Below::Same));
    }
    // A totals or footer row starts with its marker and has no case number (its 案号
    // cell is empty, holds the marker, or holds something like 共381件). The marker is
    // looked for in the row's first cell and in its 案号 cell (a totals row can keep the
    // 序号 column numbered), first character first: parsing the case number of every row
    // would cost more.
    let case_cell = header.case_col.and_then(|c| row.cells.get(c));
    for cell in [Some(first), case_cell].into_iter().flatten() {
        let Cell::Text(text) = cell else { continue };
        let text = text.trim();
        if !starts_like_marker(text, &header.marker_leads) {
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let marked = header
            .markers
            .iter()
            .find(|m| compact.starts_with(m.marker.as_str()));
        if let Some(m) = marked {
            // A data row has its case number; a footer has none (or the marker in its
            // place).
            let has_case_number = case_cell
                .and_then(fields::normalize_text)
                .is_some_and(|t| parse_case_number(&t).is_ok());
            // A note about a case (注：（2024）鄂0102执7号案件已移送破产审查), alone on its
            // row: the number is in the marker's own sentence, which the 案号 cell's reader
            // finds as a number with a note after it. No case cell starts with 注： or
            // 合计, and a case has more than its 案号; read as one, the note was a pending
            // case without a filing date, dated from its year and counted as overdue.
            let note_about_case = || {
                case_cell.is_some_and(|c| std::ptr::eq(c, cell))
                    && row.cells[at + 1..].iter().all(Cell::is_empty)
            };
            if !has_case_number || note_about_case() {
                let below = if m.ends_table {
                    Below::Footer
                } else if m.breakdown {
                    Below::Breakdown
                } else {
                    Below::Same
                };
                return Some((m.reason.clone(), below));
            }
        }
    }
    // A total with its label before the marker (首执案件小计：2件, 2023年合计, 执行一庭小计): a
    // totals row all the same. Only totals markers, ending the cell or followed by a colon
    // or a number: a case cell never holds one, and read as a case such a row would add
    // its sums to the cases'.
    for cell in [Some(first), case_cell].into_iter().flatten() {
        let Cell::Text(text) = cell else { continue };
        // Cheap tests first (every data row passes here): a character that starts a
        // marker, then a marker, anywhere in the cell.
        if !header.totals_leads.any_in(text)
            || !header
                .markers
                .iter()
                .any(|m| m.totals && text.contains(m.marker.as_str()))
        {
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let labelled_total = header.markers.iter().filter(|m| m.totals).find(|m| {
            compact.match_indices(m.marker.as_str()).any(|(at, w)| {
                let after = compact[at + w.len()..].chars().next();
                at > 0 && after.is_none_or(|c| matches!(c, ':' | '：') || c.is_ascii_digit())
            })
        });
        if let Some(m) = labelled_total {
            let has_case_number = case_cell
                .and_then(fields::normalize_text)
                .is_some_and(|t| parse_case_number(&t).is_ok());
            if !has_case_number {
                return Some((m.reason.clone(), Below::Same));
            }
        }
    }
    // A row without a case number whose label stands in another column (Excel's 分类汇总
    // writes 王五 汇总 and 总计 in the grouped column, =SUBTOTAL() under the amounts, which
    // may come first): a totals row when any of its cells is a totals label. Rows without
    // a case number are few, so this looks at every cell of those only. A count in the
    // 案号 column (汇总项 案号, 汇总方式 计数: =SUBTOTAL(3,…)) is no case number either; a
    // mistyped 案号 is, and its row stays a case.
    // The cell read once (every data row passes here): blank, or a count.
    let case_text = case_cell.and_then(fields::normalize_text_cow);
    let blank_case = case_text.is_none();
    // A count there: only beside a label as Excel writes it (周杰 计数, 总计数), not any
    // cell ending in a totals word (备注 本金及利息合计 beside a numeric 案件编号). So is a
    // count of cases a clerk typed (3件, 共3件, =COUNTA(…)&"件") with 合计 beside the sums:
    // no case number is one, and read as a case the row added the sheet's total claim to
    // itself.
    let counted_case = matches!(case_cell, Some(Cell::Number(_)))
        || case_text
            .as_deref()
            .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()) || is_case_count(t));
    if (blank_case || counted_case) && header.case_col.is_some() {
        for cell in &row.cells {
            let Cell::Text(text) = cell else { continue };
            if !header.totals_leads.any_in(text) {
                continue;
            }
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let label = header.markers.iter().filter(|m| m.totals).find(|m| {
                let spaced = || {
                    text.trim_end()
                        .strip_suffix(m.marker.as_str())
                        .is_some_and(|before| before.ends_with(char::is_whitespace))
                };
                if counted_case {
                    // 总计数, 总计平均值: Excel's grand total.
                    return compact == m.marker
                        || compact.strip_prefix('总').is_some_and(|r| r == m.marker)
                        || compact.strip_prefix("总计").is_some_and(|r| r == m.marker)
                        || spaced();
                }
                // (其中 only alone: a name may end in it.)
                compact == m.marker
                    || (m.marker != "其中"
                        && compact.ends_with(m.marker.as_str())
                        && compact.len() > m.marker.len())
            });
            if let Some(m) = label {
                let below = if m.breakdown {
                    Below::Breakdown
                } else {
                    Below::Same
                };
                return Some((m.reason.clone(), below));
            }
        }
    }
    // A page line alone on its row (第1页 共5页, 续表), first character first.
    if let Some((shown, _)) = page_line(row, header) {
        return Some((format!("{PAGE_LINE} ({shown})"), Below::Same));
    }
    // A section heading alone on its row (一、首次执行案件, （二）恢复执行案件): a ledger
    // groups its cases under such headings, and they are part of its layout, no more a
    // case or an error than a page line. Unnumbered (柯桥法庭, 首执案件), only when shaped
    // like one ([`unnumbered_heading`]): any other lone text may be anything and is still
    // rejected with its text.
    if let Cell::Text(text) = first {
        if row.cells[at + 1..].iter().all(Cell::is_empty) {
            let text = text.trim();
            if section_numbered(text) {
                return Some((SECTION_HEADING.to_string(), Below::Table));
            }
            if header.titles.iter().any(|t| t == text) {
                return Some((REPEATED_TITLE.to_string(), Below::Table));
            }
            // (以下为2025年案件: the heading after the words leading into it.)
            let core = super::sheet::lead_in_cut(text);
            if !header.party_cols.contains(&at) && unnumbered_heading(core, &header.heading_endings)
            {
                return Some((HEADING.to_string(), Below::Table));
            }
            if period_heading(core, &header.heading_endings, &header.period_heading_words) {
                return Some((PERIOD_HEADING.to_string(), Below::Table));
            }
        }
    }
    // The header repeated (multi-page exports print it on every page).
    // Cheap test first: a repeated header has text equal to some header in its cells, or to
    // its column's cell of one of the header's rows.
    let looks_like_header = row.cells.iter().enumerate().any(|(c, cell)| {
        let Cell::Text(t) = cell else { return false };
        let line_cells = header.lines.iter().filter_map(|line| line.get(c));
        header
            .texts
            .get(c)
            .into_iter()
            .chain(line_cells)
            .any(|h| !h.is_empty() && trimmed_eq(t, h))
    });
    if !looks_like_header {
        return None;
    }
    let keys: Vec<String> = row
        .cells
        .iter()
        .map(|c| profile::header_key(&c.display()))
        .collect();
    // One row of a header over several printed again at a page break (日期 | | 金额（元）
    // over 立案日期 | 结案日期 | 申请执行标的): the same, cell for cell, as that row of the
    // sheet's own header. Its upper row names groups, not the header's columns, so it is
    // not half the header's names; read as a case, it was a pending one with 案号 "案号".
    if header
        .lines
        .iter()
        .any(|line| same_header_line(&keys, line))
    {
        return Some((REPEATED_HEADER.to_string(), Below::Table));
    }
    let same = keys
        .iter()
        .zip(&header.keys)
        .filter(|(a, b)| !a.is_empty() && a == b)
        .count();
    // Half the header's names or more; or a fragment of it, every filled cell its
    // column's name or a unit (the sub-header row of a two-row header printed again:
    // 申请执行人 | 被执行人 | （万元）, which alone is not half the header).
    let filled = keys
        .iter()
        .filter(|k| !k.is_empty() && profile::unit_only(k).is_none())
        .count();
    // A header of its own: a ledger's next section (已结案件 below 未结案件, 恢复执行 below
    // 首次执行) with a column more, or in another order. Read with the sheet's profile, it
    // names the required fields, and some column is another field than above: read with
    // the header above, its cases would have their values in the wrong fields.
    // So is the same header with another unit (标的额（元） above, 标的额（万元） below).
    let texts = header_texts(row);
    let mapping = header.profile.map_headers(&texts);
    if header.profile.missing_required(&mapping).is_empty() {
        let field = |m: &[Option<&'static str>], c: usize| m.get(c).copied().flatten();
        let fields: Vec<Option<&'static str>> = mapping.iter().map(|m| m.map(|f| f.name)).collect();
        let width = fields.len().max(header.fields.len());
        let unit = |t: Option<&String>| t.and_then(|t| fields::unit_from_header(t));
        if (0..width).any(|c| field(&fields, c) != field(&header.fields, c))
            || header
                .amount_cols
                .iter()
                .any(|&c| unit(texts.get(c)) != unit(header.texts.get(c)))
        {
            return Some((NEW_HEADER.to_string(), Below::NewHeader));
        }
    }
    if same >= 2
        && (same * 2 >= header.keys.iter().filter(|k| !k.is_empty()).count() || same == filled)
    {
        return Some((REPEATED_HEADER.to_string(), Below::Table));
    }
    None
}

/// Whether a row's header keys are those of `line`, one of the header's rows
/// ([`HeaderInfo::lines`]), in every column (blank where it is blank), two names at least.
fn same_header_line(keys: &[String], line: &[String]) -> bool {
    let mut named = 0;
    for c in 0..keys.len().max(line.len()) {
        let key = keys.get(c).map_or("", String::as_str);
        let own = line
            .get(c)
            .map_or(String::new(), |t| profile::header_key(t));
        if key != own {
            return false;
        }
        named += usize::from(!key.is_empty());
    }
    named >= 2
}

/// The reason given for a title row printed again (on every page of a printed export).
pub(super) const REPEATED_TITLE: &str = "repeated title row";

/// The reason given for the header printed again (on every page of a printed export).
pub(super) const REPEATED_HEADER: &str = "repeated header row";

/// The reason given for the header of another section of a sheet.
pub(super) const NEW_HEADER: &str =
    "header of a new section (the rows below are read with its columns)";

/// `t.trim() == h` (through text marks), without trimming a text that is no longer than `h`.
pub(super) fn trimmed_eq(t: &str, h: &str) -> bool {
    match t.len().cmp(&h.len()) {
        std::cmp::Ordering::Less => false,
        // Trimming could only make it shorter than `h`.
        std::cmp::Ordering::Equal => t == h,
        // A header repeated with the marks that keep a cell as text (`="案号"`), as the
        // header it repeats was written ([`super::sheet::header_texts`] reads through them).
        std::cmp::Ordering::Greater => {
            let t = t.trim();
            t == h || super::fields::strip_text_marks(t).trim() == h
        }
    }
}

/// The reason given for a template's row below the cases holding only the saved results of
/// its filled-down formulas: zero amounts and numbers in columns the table does not read.
pub(super) const EMPTY_TEMPLATE_ROW: &str = "template row left empty (saved formula results \
     alone: zero amounts and numbers, without a case number, a date, a party or an officer), \
     not a case";

/// The reason given for a row of amounts alone.
pub(super) const AMOUNTS_ALONE: &str = "totals row (amounts alone, without a label or a case)";

/// Whether a cell holds a number, or text written like an amount (digits, separators, a
/// currency sign, 元 or 万).
pub(super) fn looks_like_amount(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) => true,
        Cell::Text(t) => {
            let t = t.trim();
            t.bytes().any(|b| b.is_ascii_digit())
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c.is_whitespace() || ",.，¥￥元万".contains(c))
        }
        _ => false,
    }
}

/// The most a bare count of cases under a table can be ([`is_bare_count`]): a sheet's rows.
/// A longer number is a system's serial (案件编号 20250312001), not a count.
const BARE_COUNT_MAX: f64 = 100_000.0;

/// Whether a cell holds a bare count, as =COUNT() or =COUNTA() saves it or a clerk types
/// it: a whole number below [`BARE_COUNT_MAX`], a number cell or digits alone, with no case
/// number's shape (no year in brackets, no 执, no 号).
pub(super) fn is_bare_count(cell: &Cell) -> bool {
    match cell {
        Cell::Number(x) => x.fract() == 0.0 && (0.0..BARE_COUNT_MAX).contains(x),
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit())
                && t.parse::<f64>().is_ok_and(|x| x < BARE_COUNT_MAX)
        }
        _ => false,
    }
}

/// Whether text is a count of cases (`3件`, `共3件`, `计 3 件`), as totals rows give it.
pub(super) fn is_case_count(text: &str) -> bool {
    let Some(n) = text.trim().strip_suffix('件') else {
        return false;
    };
    let n = n.trim_start_matches(['共', '计', '合']);
    n.bytes().any(|b| b.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
}

/// The reason given for a section heading alone on its row.
pub(super) const SECTION_HEADING: &str = "section heading (一、…)";

/// The reason given for an unnumbered heading alone on its row.
pub(super) const HEADING: &str = "heading (a department or a group of cases: 柯桥法庭, 首执案件)";

/// The reason given for a heading that begins with its cases' period alone on its row.
pub(super) const PERIOD_HEADING: &str =
    "heading (a period, maybe with a group of cases: 2024年旧存案件, 2025年第一季度)";

/// Whether a lone text is a heading that begins with the period of its cases (2024年旧存案件,
/// 2025年1-6月已结案件, 2025年收案, 2025年第一季度): the period, then a heading as
/// [`unnumbered_heading`] reads it, one of `words` (rows.toml's `period_heading_words`),
/// or nothing. A date with its day (2025年3月5日) is no period.
pub(super) fn period_heading(text: &str, endings: &[String], words: &[String]) -> bool {
    let Some(rest) = after_period(text) else {
        return false;
    };
    rest.is_empty()
        || words.iter().any(|w| w == rest)
        || endings.iter().any(|e| e == rest)
        || unnumbered_heading(rest, endings)
}

/// The text after a leading period: a plausible year with 年 (or 年度), then maybe a month
/// (3月, 3月份), a range of months (1-6月, 1至6月), a quarter (第一季度, 一季度, 第1季度)
/// or a half (上半年, 下半年, 全年). `None` when the text begins with no period.
fn after_period(text: &str) -> Option<&str> {
    let text = text.trim();
    fn digits(s: &str) -> usize {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }
    // A month (1 to 12), and what follows it.
    fn month(s: &str) -> Option<&str> {
        let n = digits(s);
        ((1..=2).contains(&n) && (1..=12).contains(&s[..n].parse::<u32>().ok()?)).then(|| &s[n..])
    }
    let n = digits(text);
    if n != 4 || !(1949..=2100).contains(&text[..4].parse::<u32>().ok()?) {
        return None;
    }
    let rest = text[4..].strip_prefix('年')?;
    let rest = rest.strip_prefix('度').unwrap_or(rest).trim_start();
    if let Some(after) = month(rest) {
        let after = ["-", "－", "—", "~", "～", "至", "到"]
            .iter()
            .find_map(|sep| after.strip_prefix(sep))
            .and_then(month)
            .unwrap_or(after);
        let after = after.strip_prefix('月')?;
        // 2025年3月5日 is a date, not a period.
        let after = after.strip_prefix('份').unwrap_or(after);
        return (digits(after) == 0).then_some(after.trim_start());
    }
    for half in ["上半年", "下半年", "全年"] {
        if let Some(after) = rest.strip_prefix(half) {
            return Some(after.trim_start());
        }
    }
    let quarter = rest.strip_prefix('第').unwrap_or(rest);
    let mut chars = quarter.chars();
    if chars.next().is_some_and(|c| "一二三四1234".contains(c)) {
        if let Some(after) = chars.as_str().strip_prefix("季度") {
            return Some(after.trim_start());
        }
    }
    Some(rest)
}

/// Whether a lone text is a heading of a group of cases without a number (柯桥法庭,
/// 执行一庭, 首执案件, 绍兴市柯桥区人民法院): 2 to 20 Chinese characters (brackets and a
/// middle dot allowed) ending with one of `endings` (rows.toml). No digits or Latin
/// letters, so never a case number, a date or an amount.
pub(super) fn unnumbered_heading(text: &str, endings: &[String]) -> bool {
    let n = text.chars().count();
    (2..=20).contains(&n)
        && text
            .chars()
            .all(|c| fields::is_han(c) || matches!(c, '（' | '）' | '(' | ')' | '·'))
        && endings
            .iter()
            .any(|e| text.ends_with(e.as_str()) && text != e)
}

/// The department a sheet is named for (执行一庭) and the notes in brackets a system writes
/// after it: a count (执行一庭(2件)), a state (执行二庭（未结）), a date or a period
/// (执行一庭（截至2024.3.31）): the name without its trailing notes, one bracket after
/// another. A bracket that names a department itself (执行局（执行一庭）) is no note: which
/// of the two is the team cannot be told, and such a name gives none. `None` when the name
/// is no department.
pub(super) fn department_of_sheet<'n>(
    name: &'n str,
    endings: &[String],
) -> Option<(&'n str, Vec<&'n str>)> {
    let mut base = name.trim();
    let mut notes = Vec::new();
    loop {
        if unnumbered_heading(base, endings) {
            return Some((base, notes));
        }
        let inner = base.strip_suffix(['）', ')', '】'])?;
        let open = inner.rfind(['（', '(', '【'])?;
        let note = inner[open..].trim_start_matches(['（', '(', '【']).trim();
        if unnumbered_heading(note, endings) {
            return None;
        }
        notes.push(note);
        base = inner[..open].trim_end();
    }
}

/// Whether text starts with a section number in Chinese numerals: `一、`, `十二．`, `（三）`,
/// `(四)`.
pub(super) fn section_numbered(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let (bracketed, rest) = match text.strip_prefix(['（', '(']) {
        Some(r) => (true, r),
        None => (false, text),
    };
    let digits = rest.chars().take_while(|&c| numeral(c)).count();
    if digits == 0 {
        return false;
    }
    // Numerals are three bytes each in UTF-8.
    let after = rest[digits * 3..].chars().next();
    match (bracketed, after) {
        (true, Some(c)) => matches!(c, '）' | ')'),
        (false, Some(c)) => matches!(c, '、' | '．' | '.'),
        _ => false,
    }
}

/// Whether text starts like a section heading or a numbered item (一、, 1., （2）).
pub(super) fn heading_numbered(text: &str) -> bool {
    let mut chars = text.chars();
    let numeral = chars
        .next()
        .is_some_and(|c| "一二三四五六七八九十".contains(c));
    (numeral && chars.next() == Some('、')) || note_numbered(text, &[".".into(), "、".into()])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Red-team round 36 (k-year-heading-rejected-whole): a heading with its period
    /// (2024年旧存案件, 2025年第一季度, 2025年收案) is a heading, as 旧存案件 is; a date, or
    /// a period before words no heading ends with, is not.
    #[test]
    fn a_heading_with_its_period_is_a_heading() {
        let rules = Rules::load(None).unwrap();
        let endings: Vec<String> = rules
            .department_endings
            .iter()
            .chain(&rules.heading_endings)
            .cloned()
            .collect();
        let is = |t: &str| period_heading(t, &endings, &rules.period_heading_words);
        for yes in [
            "2024年旧存案件",
            "2025年第一季度",
            "2025年一季度",
            "2025年收案",
            "2024年旧存",
            "2025年度已结案件",
            "2025年1-6月已结案件",
            "2025年1至6月",
            "2025年3月份新收案件",
            "2025年上半年",
            "2025年度",
            "2025年案件",
            "2025年执行一庭",
        ] {
            assert!(is(yes), "{yes}");
        }
        for no in [
            "2025年3月5日",
            "2025年王五",
            "2025-03",
            "2025",
            "1900年旧存案件",
            "20250年旧存案件",
            "2025年13月",
            "旧存案件",
            "2025年第五季度",
            "2025年收案123",
        ] {
            assert!(!is(no), "{no}");
        }
    }

    /// Red-team round 36 (x-department-sheet-name-with-count): a sheet per department is
    /// its team also when the system writes a count or a state after the name.
    #[test]
    fn a_department_sheet_is_its_team_without_the_note_after_it() {
        let endings = Rules::load(None).unwrap().department_endings.clone();
        let of = |n: &'static str| department_of_sheet(n, &endings);
        assert_eq!(of("执行一庭"), Some(("执行一庭", vec![])));
        assert_eq!(of("执行一庭(2件)"), Some(("执行一庭", vec!["2件"])));
        assert_eq!(of("执行二庭（未结）"), Some(("执行二庭", vec!["未结"])));
        assert_eq!(
            of("执行二组（截至2024.3.31）"),
            Some(("执行二组", vec!["截至2024.3.31"]))
        );
        assert_eq!(
            of("速执团队（已结）(12件)"),
            Some(("速执团队", vec!["12件", "已结"]))
        );
        for no in [
            "执行局（执行一庭）",
            "明细(2件)",
            "王五（未结）",
            "Sheet1",
            "（未结）",
            "已结案件",
        ] {
            assert_eq!(of(no), None, "{no}");
        }
    }
}
