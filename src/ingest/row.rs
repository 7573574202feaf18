//! One data row → one row of typed values ([`parse_row`]): each mapped field parsed by its
//! type, the field problems recorded as rejects (the row is kept), the unmapped cells kept
//! in `extra`, and the row rejected whole only when nothing in it can be used.

use super::*;

/// Why a row of delimited text (CSV, TSV) has its values shifted, if it has: a delimiter
/// inside an unquoted value (`1,234.50`, `张三,李四`) pushed every later value into the
/// wrong column, so the row's fields cannot be trusted. Seen as a filled field past the
/// header's last column; or, when the header ends with a column without a name (a
/// delimiter at the end of the header line, or of every line), as an amount split at its
/// thousands separator (`1` then `234.50`) in a row with a field more than its columns.
pub(super) fn shifted_row(plan: &SheetPlan, row: &Row) -> Option<String> {
    if !plan.delimited {
        return None;
    }
    let width = plan.headers.len();
    if row.cells.iter().skip(width).any(|c| !c.is_empty()) {
        let filled = row
            .cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        return Some(format!(
            "{filled} fields where the header has {width} columns: a delimiter inside an \
             unquoted value (such as 1,234.50) has shifted the values after it; quote that \
             value in the file, or re-export it"
        ));
    }
    if plan.row_width.is_some_and(|w| row.cells.len() > w) {
        return Some(format!(
            "{} fields where the file's rows have {}: a delimiter inside an unquoted value \
             (such as 1,234.50 or 张三,李四) has shifted the values after it; quote that value \
             in the file, or re-export it",
            row.cells.len(),
            plan.row_width.unwrap_or(width)
        ));
    }
    if let Some(reason) = missing_field(plan, row) {
        return Some(reason);
    }
    let field_more = row.cells.len() > width
        || plan
            .unnamed_cols
            .iter()
            .any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()));
    let split_at = (0..row.cells.len().saturating_sub(1)).find(|&c| {
        plan.mapping
            .get(c)
            .copied()
            .flatten()
            .is_some_and(|f| f.ty == FieldType::Amount)
            && thousands_split(&row.cells[c], &row.cells[c + 1])
    })?;
    if field_more {
        return Some(format!(
            "the amount under {} is split at its thousands separator ({},{}): written \
             without quotes, it has shifted the values after it; quote that value in the \
             file, or re-export it",
            plan.column_name(split_at),
            row.cells[split_at].display().trim(),
            row.cells[split_at + 1].display().trim()
        ));
    }
    split_by_types(plan, row, split_at)
}

/// A row one field short of the header, its last field filled, with a field lost in its
/// middle: the values after the gap stand one column to the left (the officer under
/// 被执行人, 已结 under 承办人, a date under 案件状态). A writer that leaves out trailing
/// empty fields also writes such rows, with every value in its column: told apart by the
/// types, as [`split_by_types`] does, the values not fitting their columns as they stand
/// and fitting better with an empty field put back somewhere before them.
fn missing_field(plan: &SheetPlan, row: &Row) -> Option<String> {
    let cells = &row.cells;
    let width = plan.headers.len();
    if cells.len() + 1 != width || cells.last().is_none_or(Cell::is_empty) {
        return None;
    }
    // The fields that do not fit their columns with an empty field at `gap` (none: as
    // written).
    let misfits = |gap: Option<usize>| -> Vec<(usize, &Cell)> {
        (0..width)
            .filter_map(|c| {
                let at = match gap {
                    Some(g) if c == g => return None,
                    Some(g) if c > g => c - 1,
                    _ => c,
                };
                Some((c, cells.get(at)?))
            })
            .filter(|&(c, cell)| misfit(plan, c, cell))
            .collect()
    };
    // Two values out of place at the least: one bad value in a row of a writer that leaves
    // out trailing fields (an unknown 结案方式, 约5万 under an amount) "fits" once a gap moves
    // it under the free-text column at the end, which would reject a whole case for one
    // field's problem. Counted first without the list, as most rows fit.
    let out_of_place = (0..cells.len())
        .filter(|&c| misfit(plan, c, &cells[c]))
        .take(2)
        .count();
    if out_of_place < 2 {
        return None;
    }
    let as_written = misfits(None);
    let counts: Vec<usize> = (0..cells.len()).map(|g| misfits(Some(g)).len()).collect();
    let fewest = counts.iter().copied().min()?;
    if fewest + 2 > as_written.len() {
        return None;
    }
    // Types tell where the values stop fitting, not which of the columns before that lost
    // its value: the last place a gap explains them is named.
    let last = counts.iter().rposition(|&n| n == fewest)?;
    let unfit: Vec<String> = as_written
        .iter()
        .map(|&(c, cell)| format!("{} {}", plan.column_name(c), cell.display().trim()))
        .collect();
    Some(format!(
        "{} fields where the header has {width} columns, the last one filled: a value is \
         missing at or before {}, and the values after it stand one column to the left ({} \
         do not fit their columns); add the missing field in the file, or re-export it",
        cells.len(),
        plan.column_name(last),
        unfit.join(", ")
    ))
}

/// A row no wider than its columns (a writer that leaves out trailing empty fields) with an
/// amount that looks split at its thousands separator (`1` then `234.00`): shifted when
/// the fields after the amount do not fit their columns' types as they stand (a name under
/// 案件状态, a status word under 结案日期) and fit better read as one amount (`1,234.00`),
/// the later fields each one column to the left. Without this sign `1` and `234.00` are
/// two amounts, as written.
fn split_by_types(plan: &SheetPlan, row: &Row, at: usize) -> Option<String> {
    let cells = &row.cells;
    // The fields a split amount may take: groups of 3 digits, the last with its decimals
    // (12,345,678.00 is three fields).
    let group = |k: usize| matches!(cells.get(k), Some(Cell::Text(t)) if digit_group(t));
    let mut groups = 1;
    while group(at + groups + 1) && !cells[at + groups].display().contains('.') {
        groups += 1;
    }
    let width = plan.headers.len().max(cells.len());
    // The fields that do not fit their columns when `joined` fields follow the amount.
    let misfits = |joined: usize| -> Vec<(usize, &Cell)> {
        (at + 1..width)
            .filter_map(|c| Some((c, cells.get(c + joined)?)))
            .filter(|&(c, cell)| misfit(plan, c, cell))
            .collect()
    };
    let as_written = misfits(0);
    if as_written.is_empty() {
        return None;
    }
    let (joined, fewer) = (1..=groups)
        .map(|k| (k, misfits(k).len()))
        .min_by_key(|&(_, n)| n)?;
    if fewer >= as_written.len() {
        return None;
    }
    let amount: Vec<String> = cells[at..=at + joined]
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect();
    let unfit: Vec<String> = as_written
        .iter()
        .map(|&(c, cell)| format!("{} {}", plan.column_name(c), cell.display().trim()))
        .collect();
    Some(format!(
        "the amount under {} is split at its thousands separator ({}): written without \
         quotes, it has shifted the values after it ({} do not fit their columns); quote \
         that value in the file, or re-export it",
        plan.column_name(at),
        amount.join(","),
        unfit.join(", ")
    ))
}

/// Why the field's value in column `own` (`first`) and in a later column under the same
/// header (`c`, `second`) disagree, when both are filled and read as different values (a
/// date, a case number, an amount: the same value spelled otherwise, 2024/3/5 beside
/// 2024-03-05, agrees). The first column's value is read, as where the second is blank;
/// the reject names both, so that the statistician checks which holds the field (a 立案日期
/// decides a case's age and whether it counts as backlog). A cell that cannot be read is
/// said by its own column's reject, not here.
pub(super) fn disagreement(
    plan: &SheetPlan,
    f: &FieldSpec,
    own: Option<usize>,
    first: &Cell,
    c: usize,
    second: &Cell,
) -> Option<String> {
    let own = own?;
    if second.is_empty() {
        return None;
    }
    let (a, b) = match f.ty {
        FieldType::Date => {
            let a = fields::parse_date(first).ok()??;
            let b = fields::parse_date(second).ok()??;
            (a != b).then(|| (a.to_string(), b.to_string()))?
        }
        FieldType::CaseNo => {
            let number = |cell: &Cell| {
                let t = text_of(cell)?;
                parse_case_number(fields::strip_text_marks(t.trim()).trim())
                    .ok()
                    .map(|n| n.case_no())
            };
            let (a, b) = (number(first)?, number(second)?);
            (a != b).then_some((a, b))?
        }
        FieldType::Amount => {
            let a = fields::parse_amount_fen(first, plan.units[own]).ok()??;
            let b = fields::parse_amount_fen(second, plan.units[c]).ok()??;
            let yuan = |fen: i64| format!("{} 元", fields::yuan_text(fen, true));
            (a != b).then(|| (yuan(a), yuan(b)))?
        }
        _ => return None,
    };
    Some(format!(
        "two columns of {} disagree: {} says {a}, {} says {b}; the first column's value \
         ({a}) is read: check which column holds the field",
        f.name,
        plan.column_name(own),
        plan.column_name(c)
    ))
}

/// Whether a filled cell cannot be a value of column `c`'s field by the field's type: not
/// an amount, a date, a count, a yes/no, a known status or closure method where one goes,
/// or a number where people's names go (ID numbers are longer). Text of other kinds can be
/// anything, so never a misfit.
fn misfit(plan: &SheetPlan, c: usize, cell: &Cell) -> bool {
    let Some(f) = plan.mapping.get(c).copied().flatten() else {
        return false;
    };
    if cell.is_empty() {
        return false;
    }
    let text = text_of(cell);
    let words = |t: &str| -> bool {
        read_status(plan.rules, t).is_some()
            || dated_words(t).is_some_and(|(_, w)| read_status(plan.rules, w).is_some())
    };
    match f.ty {
        FieldType::Amount => fields::parse_amount_fen(cell, plan.units[c]).is_err(),
        FieldType::Date => {
            fields::parse_date(cell).is_err()
                && fields::month_end(cell).is_none()
                && read_as_no_date(plan, f, cell).is_none()
                && !text.is_some_and(|t| words(t.trim()))
        }
        FieldType::Count if matches!(f.name, "times" | "stated_petitions") => {
            fields::parse_times(cell).is_err()
        }
        FieldType::Count => {
            fields::parse_count(cell).is_err()
                && text.is_none_or(|t| fields::parse_length(&t).is_none())
        }
        FieldType::Flag => fields::parse_flag(cell).is_err(),
        FieldType::Status => {
            fields::parse_flag(cell).is_err()
                && !text.is_some_and(|t| words(&t) || date_part(&t).is_some_and(|(_, w)| words(w)))
        }
        FieldType::Closure => !text.is_some_and(|t| {
            plan.rules.closure(&t).is_some()
                || plan.rules.is_recovery_state(&t)
                || dated_words(&t).is_some_and(|(_, w)| plan.rules.closure(w).is_some())
        }),
        FieldType::Parties if !f.name.ends_with("_ids") => short_number(cell),
        FieldType::Text if matches!(f.name, "officer" | "leader" | "petitioner") => {
            short_number(cell)
        }
        _ => false,
    }
}

/// A number of up to 12 characters (digits, a decimal point, a thousands separator): no
/// one's name, and shorter than an identity or organisation code.
fn short_number(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) => true,
        Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty()
                && t.len() <= 12
                && t.bytes().any(|b| b.is_ascii_digit())
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        }
        _ => false,
    }
}

/// Whether two fields are one amount cut at its thousands separator: 1 to 3 digits, then
/// 3 digits (and maybe decimals).
pub(super) fn thousands_split(a: &Cell, b: &Cell) -> bool {
    let (Cell::Text(a), Cell::Text(b)) = (a, b) else {
        return false;
    };
    let a = a.trim().trim_start_matches(['¥', '￥']);
    (1..=3).contains(&a.len()) && a.bytes().all(|x| x.is_ascii_digit()) && digit_group(b)
}

/// Whether a field is a group of 3 digits after a thousands separator (maybe with decimals).
fn digit_group(cell: &str) -> bool {
    let b = cell.trim();
    let (whole, decimals) = b.split_once('.').unwrap_or((b, ""));
    whole.len() == 3
        && whole.bytes().all(|x| x.is_ascii_digit())
        && decimals.bytes().all(|x| x.is_ascii_digit())
}

/// A `Value` for text that lives as long as the program (status names, kinds …).
pub(super) fn static_str(s: &'static str) -> Value<'static> {
    Value::Str(Cow::Borrowed(s))
}

/// Parses one data row into the table's output values, written into `values` (cleared
/// first: a buffer reused from row to row).
/// `more`: the names of party rows below this one that belong to its case (see
/// [`party_row`]), by column, added to that column's parties.
pub(super) fn parse_row<'r>(
    plan: &'r SheetPlan,
    row: &'r Row,
    values: &mut Vec<Value<'r>>,
    more: &[PartyRow],
) -> ParsedRow {
    let table = plan.table;
    let mut rejects = Vec::new();
    let mut read_as_empty = Vec::new();
    values.clear();
    // In delimited text, a filled field past the header's last column means a delimiter
    // inside an unquoted value (`1,234.50`, `张三,李四`) pushed every later value into the
    // wrong column: the row's fields cannot be trusted, so it is rejected whole with its
    // values (blanks kept, so the positions show) rather than read shifted.
    if let Some(reason) = shifted_row(plan, row) {
        let shown: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
        return ParsedRow {
            rejects: vec![row_reject(plan, row, shown, reason)],
            whole_row_rejected: true,
            unnamed: Vec::new(),
            read_as_empty,
        };
    }
    // source_file and source_sheet are the same for the whole sheet: filled once at its end.
    values.push(Value::Null);
    values.push(Value::Null);
    values.push(Value::I64(row.line as i64));

    static EMPTY: Cell = Cell::Empty;
    let cell_at = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).unwrap_or(&EMPTY);
    let mut any_value = false;
    // The row has a case number (or its table has no case-number field).
    let mut case_no_ok = true;
    let mut respondents_kind = Value::Null;
    let mut party_notes: Vec<Cow<'r, str>> = Vec::new();
    let note_words = fields::NoteWords {
        representatives: &plan.representative_markers,
        notes: &plan.name_note_markers,
        details: &plan.person_detail_markers,
        endings: &plan.name_note_endings,
        roles: &plan.role_note_markers,
        ending_lasts: &plan.ending_lasts,
        government: &plan.government_markers,
        company: &plan.company_markers,
    };
    // Each party column's column and place in `values` (see [`party_slot`]).
    let mut party_at: [Option<(Option<usize>, usize)>; 4] = [None; 4];
    let mut non_litigation_hint = false;
    // For a status derived from the closure columns when the export has no status.
    let mut status_idx = None;
    // Where the case kind of a row whose 案号 gave none is (see the end).
    let mut case_kind_idx = None;
    let mut category_idx = None;
    let mut closed_on_set = false;
    // A closing word written where the 结案日期 goes (已结, 终本): closed, with no date.
    let mut closed_by_word = false;
    // Where the 结案日期 and the 恢复执行日期 are among the values.
    let mut closed_on_idx = None;
    let mut resumed_on_idx = None;
    let mut suspended_on_idx = None;
    // A deduction's start, and the slot of its days (a length in months is turned into days
    // from the start: 扣除天数 2个月).
    let mut start_on_idx = None;
    let mut end_on_idx = None;
    let mut term_end = None;
    let mut kind_idx = None;
    let mut period_idx = None;
    let mut deduction_days_idx = None;
    let mut closure_state: Option<&'static str> = None;
    // Where the closure method's values are, and a method the status cell names (终本,
    // 不予执行 in a 案件状态 column: some systems and ledgers have no 结案方式 column).
    let mut closure_idx = None;
    let mut method_in_status: Option<(&str, Cow<'r, str>)> = None;
    // A date written with the state in the 案件状态 cell (执行完毕 2025-03-05), and the
    // state; and the 中止日期 one gives (the 中止日期 field comes later).
    let mut status_dated: Option<(String, Option<&'static str>)> = None;
    let mut suspended_in_status: Option<NaiveDate> = None;
    // Extension periods written with a unit that belongs to the other column.
    let (mut moved_days, mut moved_months, mut months_idx) = (None, None, None);
    let mut days_idx = None;
    // Where an extension's new deadline (延长至) is, and one written in its length's cell
    // (延长期限 延长至2026年3月31日).
    let mut until_idx = None;
    let mut until_in_length: Option<NaiveDate> = None;
    // A new deadline written without its year (延长至3月31日), completed by the 批准日期:
    // its month and day, the field and column it stands in, and the cell as written.
    let mut until_yearless: Option<(String, &'static str, Option<usize>, String)> = None;
    // The 案号's year (收案年度), which completes a 立案日期 written without its year.
    let mut case_year: Option<i32> = None;
    let mut approved_idx = None;
    // The days of an extension's or deduction's length written with its months
    // (3个月零15天).
    let mut length_days: Option<i64> = None;
    // A deduction's length (扣除天数) written but not read: without an end the deduction
    // is left out (see the end).
    let mut length_unread: Option<String> = None;
    // A deduction's end (结束日期, or the end of its 起止日期) and a case's 恢复日期 written
    // but not read: the field whose reject says so. Not a blank end: see the end.
    let mut end_unread: Option<&'static str> = None;
    let mut resumed_unread = false;
    // Whether a cell of an extension's length was filled (read or not).
    let mut length_written = false;
    // An extension its 审批结果 refuses (不同意).
    let mut refused: Option<String> = None;
    // An extension whose 审批结果 is filled with words that neither approve nor refuse.
    let mut unrecognised: Option<String> = None;
    // The names of a 当事人 cell by role (applicants, respondents), for the role whose own
    // column is missing or empty.
    let mut by_role: [Vec<String>; 2] = Default::default();
    // The department an officer's cell names after the name (王五（执行一庭）), for an empty
    // team cell.
    let mut officer_team: Option<String> = None;
    // The 原案号 a note in the 案号 cell gives, for a row whose 原案号 cell is empty.
    let mut origin_in_cell: Option<&'r str> = None;
    // Whether the row's own number is a 执恢 case's: only such a row's 备注 is read for the
    // case it resumes.
    let mut resumed_case = false;
    // Where the claim and the recovered amount are among the values, and the amount the
    // row states as outstanding (未执行到位金额) with its column and cell as written.
    let (mut claim_idx, mut recovered_idx) = (None, None);
    let mut outstanding: Option<(i64, Option<usize>, String)> = None;
    // The amounts read in 万元 (or a larger unit): claim_fen, recovered_fen, outstanding_fen.
    let mut in_wan: Vec<&'static str> = Vec::new();
    // The dates read from a year and month without the day, as the month's last day
    // (filed_on): dedup lets an exact date within that month stand over such a one.
    let mut month_only: Vec<&'static str> = Vec::new();

    // Later columns of a field whose values were read (not kept in `extra`).
    let mut used: Vec<usize> = Vec::new();
    // The column a petition's 信访日期 was read from: its time of day, when the register has
    // no 信访时间 of its own, is that cell's (2025-12-01 09:30).
    let mut petition_date_col = None;
    // The time is read from the date's cell: a date that could not be read is said once,
    // as a date.
    let mut time_in_date = false;
    for (fi, f) in table.fields().iter().enumerate() {
        let mut col = plan.field_cols[fi];
        if table == TableKind::Petitions {
            let time_col = || {
                let at = table
                    .fields()
                    .iter()
                    .position(|f| f.name == "petitioned_time");
                at.and_then(|at| plan.field_cols[at])
            };
            match f.name {
                // A register whose only date column is its 信访时间: the date is that cell's.
                "petitioned_on" if col.is_none() => col = time_col(),
                "petitioned_time" if col.is_none() || cell_at(col).is_empty() => {
                    time_in_date = petition_date_col.is_some();
                    col = petition_date_col.or(col);
                }
                _ => {}
            }
        }
        let mut cell = cell_at(col);
        if cell.is_empty() && f.ty != FieldType::Parties {
            if let Some(&c) = plan.also_cols[fi]
                .iter()
                .find(|&&c| !cell_at(Some(c)).is_empty())
            {
                (col, cell) = (Some(c), cell_at(Some(c)));
                used.push(c);
            }
        }
        if !cell.is_empty() {
            any_value = true;
            // Only when the field's own column is filled and its header repeats: cheap.
            for &c in &plan.repeat_cols[fi] {
                if col != plan.field_cols[fi] {
                    break;
                }
                if let Some(reason) = disagreement(plan, f, col, cell, c, cell_at(Some(c))) {
                    rejects.push(reject(
                        plan,
                        row.line,
                        f.name,
                        Some(c),
                        cell_at(Some(c)).display(),
                        reason,
                    ));
                }
            }
        }
        // The new deadline stands for the length (延长至 2026-03-10); a date field takes one
        // value, at this place.
        if table == TableKind::Extensions && f.name == "until_on" {
            length_written |= !cell.is_empty();
            until_idx = Some(values.len());
        }
        // Said once here, for every field type (a text field would otherwise read such a
        // cell as empty without a word): bytes the encoding cannot decode, and Excel
        // error values or formulas saved without their result.
        let unreadable = match cell {
            Cell::Undecodable(bytes) => Some(format!(
                "undecodable bytes ({} bytes) in the file's encoding",
                bytes.len()
            )),
            Cell::Error(e) => Some(format!("{}: {e}", fields::error_kind(e))),
            _ => None,
        };
        if let Some(reason) = unreadable {
            rejects.push(reject(plan, row.line, f.name, col, cell.display(), reason));
        }
        if table == TableKind::Petitions {
            match f.name {
                "petitioned_on" => petition_date_col = col,
                "petitioned_time" => {
                    let time = match fields::time_of_day_text(cell) {
                        Ok(t) => t,
                        Err(_) if time_in_date => None,
                        Err(e) => {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                cell.display(),
                                e.reason,
                            ));
                            None
                        }
                    };
                    // 09:30 (09:30:15 where the register gives the seconds), or 上午.
                    values.push(time.map_or(Value::Null, |t| Value::Str(Cow::Owned(t))));
                    continue;
                }
                _ => {}
            }
        }
        match f.ty {
            FieldType::CaseNo => {
                // The raw text exactly as the export has it (trimmed): the parser does
                // every normalisation itself, and a reviewer must see what was written.
                let joined = joined_case_number(plan, row);
                let raw: Option<Cow<'r, str>> = match joined {
                    Some(j) => Some(Cow::Owned(j)),
                    None => text_of(cell).map(|_| match cell {
                        // Each number in its own ="…" (="…执1号"、="…执2号"): unwrapped one
                        // by one, so that the cell reads as any list of 案号 (并案) does.
                        Cell::Text(t) => match fields::unwrap_marked_parts(t) {
                            Some(plain) => Cow::Owned(plain),
                            None => Cow::Borrowed(fields::strip_text_marks(t.trim()).trim()),
                        },
                        other => Cow::Owned(other.display().trim().to_string()),
                    }),
                };
                let mut parsed = raw.as_deref().map(parse_case_number);
                // Cases named in the cell but not read as cases of their own: said in the
                // rejects, the raw cell beside the reason.
                let not_read = |r: &str, reason: String| {
                    reject(plan, row.line, f.name, col, r.to_string(), reason)
                };
                if let (Some(Err(_)), Some(r)) = (&parsed, raw.as_deref()) {
                    if let Some((first, others)) = several_case_numbers(r) {
                        rejects.push(not_read(
                            r,
                            format!(
                                "{} 案号 in one cell (并案?): the row is read as {}; {} is not \
                                 a case of its own here (give it a row of its own if it is one)",
                                others.len() + 1,
                                first.case_no(),
                                others.join("、")
                            ),
                        ));
                        parsed = Some(Ok(first));
                    }
                }
                // …执13号至15号, …执90号系列案: a range or a series in one cell. Cheap test
                // first: a range has a second 号 or fails to parse, a series says so.
                if let Some(r) = raw.as_deref().filter(|r| {
                    matches!(parsed, Some(Err(_)))
                        || (!r.ends_with('号') && r.contains("系列"))
                        || r.find('号').is_some_and(|i| {
                            r[i + '号'.len_utf8()..].contains('号') && r.contains(RANGE_MARKS)
                        })
                }) {
                    if let Some((first, last)) = case_range(r) {
                        let what = range_said(&first, last);
                        rejects.push(not_read(
                            r,
                            format!(
                                "{what}: the row is read as {}; the others are not cases here \
                                 (give each a row of its own)",
                                first.case_no()
                            ),
                        ));
                        parsed = Some(Ok(first));
                    }
                }
                // …执1号等3案: cases joined under the first, the others not named.
                if let (Some(Ok(c)), Some(r)) = (&parsed, raw.as_deref()) {
                    if let Some(n) = joined_count(r).filter(|&n| n > 1) {
                        rejects.push(not_read(
                            r,
                            format!(
                                "{n} cases in one row (等{n}案): the row is read as {}; the \
                                 others are not named, so they are not cases here",
                                c.case_no()
                            ),
                        ));
                    }
                }
                if let (Some(Ok(_)), Some(Cow::Borrowed(r))) = (&parsed, &raw) {
                    origin_in_cell = origin_in_note(r, &plan.origin_labels);
                }
                resumed_case =
                    matches!(&parsed, Some(Ok(c)) if c.case_kind == casenum::CaseKind::Resumed);
                match parsed {
                    Some(Ok(c)) => {
                        let (case_no, case_key) = (c.case_no(), c.case_key());
                        case_year = Some(c.year as i32);
                        let casenum::CaseNumber {
                            year,
                            court_code,
                            special_code,
                            type_code,
                            seq,
                            doc_suffix,
                            style,
                            case_kind,
                            ..
                        } = c;
                        values.extend([
                            Value::Str(raw.unwrap_or_default()),
                            Value::Str(case_no.into()),
                            Value::Str(case_key.into()),
                            Value::Bool(true),
                            Value::I32(year as i32),
                            Value::Str(court_code.into()),
                            special_code.map_or(Value::Null, |s| Value::Str(s.to_string().into())),
                            Value::Str(type_code.into()),
                            Value::I64(seq as i64),
                            doc_suffix.map_or(Value::Null, |s| Value::Str(s.into())),
                            static_str(style.as_str()),
                            static_str(case_kind.as_str()),
                        ]);
                    }
                    other => {
                        case_no_ok = false;
                        let reason = match (other, cell) {
                            (Some(Err(e)), _) => format!("invalid 案号: {e}"),
                            _ => "missing 案号".to_string(),
                        };
                        if !matches!(cell, Cell::Undecodable(_) | Cell::Error(_)) {
                            let shown = match (&raw, plan.case_no_parts.always) {
                                (Some(r), true) => r.to_string(),
                                _ => cell.display(),
                            };
                            rejects.push(reject(plan, row.line, f.name, col, shown, reason));
                        }
                        // The kind a masked number still shows (（2024）浙0603执异1XX号: a
                        // review case, whatever its digits).
                        let kind = raw.as_deref().and_then(masked_case_kind);
                        values.push(raw.map_or(Value::Null, Value::Str));
                        values.extend([
                            Value::Null,
                            Value::Null,
                            Value::Bool(false),
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                        ]);
                        case_kind_idx = Some(values.len());
                        values.push(kind.map_or(Value::Null, static_str));
                    }
                }
            }
            FieldType::CaseRef => {
                let mut raw = text_of(cell);
                if raw.is_none() && f.name == "origin_case_no" {
                    raw = origin_in_cell
                        .or_else(|| {
                            resumed_case
                                .then(|| origin_in_notes(table, plan, row))
                                .flatten()
                        })
                        .map(Cow::Borrowed);
                }
                let parsed = raw.as_deref().map(parse_case_number);
                // Two cases in one cell of a side table (a petition about both), looked for
                // only when the cell is no one case number. A register's 案号 may be a short
                // range (执26号至28号): its cases are listed as if written one by one.
                let several = match (&parsed, raw.as_deref()) {
                    (Some(Err(_)), Some(r)) if f.name == "case_no" => {
                        case_numbers_in_cell(r).map(|s| (r, s))
                    }
                    (Some(Err(_)), Some(r)) => several_case_numbers(r).map(|s| (r, s)),
                    _ => None,
                };
                // A series (…执90号系列案) or a range too long to list: the row joins the
                // first, as a case list's row does; the others are not named one by one.
                let range = match (&parsed, &several, raw.as_deref()) {
                    (Some(Err(_)), None, Some(r)) if f.name == "case_no" => {
                        case_range(r).map(|c| (r, c))
                    }
                    _ => None,
                };
                match (parsed, several, range) {
                    (Some(Ok(c)), _, _) => {
                        // A basis decided in a 行审 case (非诉行政执行审查: the court's review
                        // of an administrative decision) makes the case a non-litigation one,
                        // with its own three-month period.
                        non_litigation_hint |=
                            f.name == "basis_no" && c.type_code.starts_with("行审");
                        // A clerk's short form of one of the court's own cases (（2024）执1号)
                        // in a side register or a 原案号, which the parser takes for the
                        // Supreme People's Court's: kept as written, for the run to give it
                        // the court of its case lists (see `place_courtless_refs`). A 执行依据
                        // so written may well be the Supreme Court's ((2013)民二终字第1号).
                        let courtless = f.name != "basis_no"
                            && c.court_code == "最高法"
                            && raw.as_deref().is_some_and(|r| !r.contains("最高"));
                        let shown = if courtless {
                            raw.as_deref().unwrap_or_default().trim().to_string()
                        } else {
                            c.case_no()
                        };
                        values.push(Value::Str(shown.into()));
                        values.push(Value::Str(c.case_key().into()));
                    }
                    // The row joins the first; the others are named in the rejects.
                    (_, Some((r, (first, others))), _) => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            r.to_string(),
                            format!(
                                "{} 案号 in one cell: the row is joined to {}; {} is not (give \
                                 it a row of its own)",
                                others.len() + 1,
                                first.case_no(),
                                others.join("、")
                            ),
                        ));
                        values.push(Value::Str(first.case_no().into()));
                        values.push(Value::Str(first.case_key().into()));
                    }
                    (_, None, Some((r, (first, last)))) => {
                        let what = range_said(&first, last);
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            r.to_string(),
                            format!(
                                "{what}: the row is joined to {}; the others are not (give \
                                 each a row of its own)",
                                first.case_no()
                            ),
                        ));
                        values.push(Value::Str(first.case_no().into()));
                        values.push(Value::Str(first.case_key().into()));
                    }
                    (parsed, _, _) => {
                        if f.required
                            && raw.is_none()
                            && !matches!(cell, Cell::Undecodable(_) | Cell::Error(_))
                        {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                cell.display(),
                                format!("missing {}", f.label_zh),
                            ));
                        }
                        // A register row whose 案号 states a case that cannot be read joins
                        // no case (classify does not join it by its petitioner's name
                        // either): listed, as a case list's unreadable 案号 is.
                        if let (Some(Err(e)), Some(r)) = (&parsed, raw.as_deref()) {
                            if f.name == "case_no" && states_case_number(r) {
                                rejects.push(reject(
                                    plan,
                                    row.line,
                                    f.name,
                                    col,
                                    r.to_string(),
                                    format!("invalid 案号: {e}"),
                                ));
                            }
                        }
                        values.push(raw.map_or(Value::Null, Value::Str));
                        values.push(Value::Null);
                    }
                }
            }
            FieldType::Date => {
                // 已结, 终本 or 2023-10-01 终本 in the 结案日期 column: a clerk's note of the
                // closure where its date goes. The case is closed (by that method); the date
                // before the word, if any, is the 结案日期.
                let parsed = match plan.date1904.then(|| fields::serial_from_1904(cell)) {
                    // A problem is said of the cell as written (its 1904 serial), not of
                    // the 1900 serial it was read as.
                    Some(Some(in_1900)) => fields::parse_date(&in_1900).map_err(|_| FieldError {
                        reason: format!(
                            "not a plausible date in this workbook's 1904 date system \
                                 (Excel for Mac): {}",
                            cell.display()
                        ),
                    }),
                    _ => fields::parse_date(cell),
                };
                // 至今, 未恢复 where a deduction's end or a case's 恢复日期 goes: the period
                // has not ended, as a blank cell says (and as the end of a 起止日期 cell is
                // read), not an end written but unreadable that leaves the period out.
                let running_end = matches!(
                    (table, f.name),
                    (TableKind::Deductions, "end_on") | (TableKind::Cases, "resumed_on")
                ) && parsed.is_err()
                    && text_of(cell).is_some_and(|t| {
                        fields::still_running(&t, &plan.rules.running_period_words)
                    });
                let parsed = if running_end { Ok(None) } else { parsed };
                let word = (f.name == "closed_on" && parsed.is_err())
                    .then(|| text_of(cell))
                    .flatten()
                    .and_then(|t| {
                        let (date, words) = match dated_words(&t) {
                            Some((d, w)) => (Some(d), w),
                            None => (None, t.trim()),
                        };
                        match read_status(plan.rules, words) {
                            Some((Some("closed"), method)) => Some((date, method, t.to_string())),
                            _ => None,
                        }
                    });
                if let Some((date, method, raw)) = word {
                    closed_by_word = true;
                    if let (Some(m), None) = (method, &method_in_status) {
                        method_in_status = Some((m, Cow::Owned(raw.clone())));
                    }
                    if date.is_none() {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            raw,
                            "a closing word where the 结案日期 goes: the case is counted closed, \
                             with no 结案日期 (the trend counts the closure by the export's \
                             date, the latest it can have been made)"
                                .into(),
                        ));
                    }
                    closed_on_set |= date.is_some();
                    closed_on_idx = Some(values.len());
                    values.push(date.map_or(Value::Null, Value::Date));
                    continue;
                }
                // 2025.5.1（终本）: the method in brackets after the date, not a note such
                // as （补录）; read as a method in 案件状态 is (2023-10-01 终本 above), so a
                // 结案方式 column's own method stands and a different one is said.
                if let (true, Ok(Some(_)), Cell::Text(t)) = (f.name == "closed_on", &parsed, cell) {
                    let noted = bracket_note(t).and_then(|n| match read_status(plan.rules, n) {
                        Some((Some("closed"), m)) => m,
                        _ => None,
                    });
                    if let (Some(m), None) = (noted, &method_in_status) {
                        method_in_status = Some((m, Cow::Owned(t.to_string())));
                    }
                }
                // 1970-01-01 (00:00 or 08:00) is a plausible year but a system's empty
                // timestamp: no date, like 1900-01-01.
                let parsed = match parsed {
                    Ok(Some(d))
                        if d.year() == 1970
                            && d.ordinal() == 1
                            && fields::no_date_sentinel(cell).is_some() =>
                    {
                        Err(FieldError {
                            reason: String::new(),
                        })
                    }
                    p => p,
                };
                let parsed_empty = matches!(parsed, Ok(None));
                let v = parsed.or_else(|e| {
                    let Some(why) = read_as_no_date(plan, f, cell) else {
                        return Err(e);
                    };
                    if f.required {
                        // A case without its 立案日期 has no age and no deadline: a reject,
                        // said for what it is.
                        return Err(FieldError {
                            reason: format!("{why}: no {}", f.label_zh),
                        });
                    }
                    read_as_empty.push(format!("{}: {why}", f.name));
                    Ok(None)
                });
                // A database's zero date (0000-00-00) parses as no date rather than failing:
                // counted as the other systems' "no date" are, so the manifest shows it.
                if parsed_empty && !f.required {
                    if let Some(sentinel) = fields::no_date_sentinel(cell) {
                        read_as_empty
                            .push(format!("{}: {sentinel}, a system's \"no date\"", f.name));
                    }
                }
                // A year and month without the day (2025年3月): the month's last day, said
                // in the rejects (kept, not dropped: a case filed in March 2025 is overdue
                // by October whatever its day, and left undated it would count from the
                // end of its 案号's year).
                // Only a 立案日期: its month's last day is the cautious reading (a later
                // closing or suspension date would make a case close or stop later than it
                // did), so other dates without their day stay rejected. And a petition's
                // 信访日期: left undated the entry counts at any as-of date, while a petition of
                // March 2026 was not made by a census of February (one in the as-of month
                // counts from the month's end, as a case filed then would).
                // (Read only when the date is not: no work for the rows that have one.)
                let month_end = || {
                    (f.name == "filed_on"
                        || (table == TableKind::Petitions && f.name == "petitioned_on"))
                        .then(|| fields::month_end(cell))
                        .flatten()
                };
                // 立案日期 3月5日 in a hand-kept register: the 案号's year is the year the
                // case was filed (收案年度), so the date is that year's 3月5日, said in the
                // rejects. Left undated, the case counted from the end of its 案号's year
                // and a case filed in March looked months younger than it is. (A case
                // numbered in the new year but filed in the last days of December before
                // it is read as the later December: the latest it can be, as a month
                // without its day is.)
                let v = match (v, case_year) {
                    (Err(e), Some(y)) if f.name == "filed_on" => {
                        match text_of(cell)
                            .filter(|t| fields::lacks_year(t))
                            .and_then(|t| fields::month_day_in(&t, y))
                        {
                            Some(day) => {
                                rejects.push(reject(
                                    plan,
                                    row.line,
                                    f.name,
                                    col,
                                    cell.display(),
                                    format!(
                                        "{YEARLESS_FILED_ON}{day}; write the year for certainty"
                                    ),
                                ));
                                Ok(Some(day))
                            }
                            None => Err(e),
                        }
                    }
                    (v, _) => v,
                };
                let mut read_to_month = false;
                let mut v = v.or_else(|e| match month_end() {
                    Some(end) => {
                        read_to_month = true;
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "a year and month without the day: read as {end}, the month's \
                                 last day (the latest it can be); write the day for the exact date"
                            ),
                        ));
                        Ok(Some(end))
                    }
                    None => Err(e),
                });
                // 延长至 3月31日: the year is the approval's (below).
                if table == TableKind::Extensions && f.name == "until_on" && v.is_err() {
                    if let Some(day) = text_of(cell).filter(|t| fields::lacks_year(t)) {
                        until_yearless = Some((day.into_owned(), f.name, col, cell.display()));
                        v = Ok(None);
                    }
                }
                // A date written but not read (2025-11-31, 2025年11月): not an empty cell.
                let unread = v.is_err() && !cell.is_empty();
                match (table, f.name) {
                    (TableKind::Deductions, "end_on") if unread => end_unread = Some("end_on"),
                    (TableKind::Cases, "resumed_on") => resumed_unread = unread,
                    _ => {}
                }
                let v = field_value(plan, row, f, col, cell, v, &mut rejects, Value::Date);
                if read_to_month && matches!(v, Value::Date(_)) {
                    month_only.push(f.name);
                }
                closed_on_set |= f.name == "closed_on" && v != Value::Null;
                match f.name {
                    "closed_on" => closed_on_idx = Some(values.len()),
                    "resumed_on" => resumed_on_idx = Some(values.len()),
                    "suspended_on" => suspended_on_idx = Some(values.len()),
                    "start_on" => start_on_idx = Some(values.len()),
                    "end_on" => end_on_idx = Some(values.len()),
                    "approved_on" => approved_idx = Some(values.len()),
                    _ => {}
                }
                values.push(v);
            }
            FieldType::Amount => {
                // An amount merged down over the rows of several cases (并案 sharing one
                // claim) is the first case's: filled into each, the sheet's total would
                // count it once per case.
                let merged = col.is_some_and(|c| c < 64 && row.filled >> c & 1 == 1);
                let v = if merged && !cell.is_empty() {
                    rejects.push(reject(
                        plan,
                        row.line,
                        f.name,
                        col,
                        cell.display(),
                        "amount merged over the rows of several cases: counted once, in the \
                         first case's row"
                            .into(),
                    ));
                    Value::Null
                } else {
                    let unit = col.map_or(AmountUnit::Yuan, |c| plan.units[c]);
                    let v = fields::parse_amount_fen(cell, unit);
                    let v = field_value(plan, row, f, col, cell, v, &mut rejects, Value::I64);
                    if matches!(v, Value::I64(_)) && fields::amount_unit(cell, unit).wan_or_larger()
                    {
                        in_wan.push(f.name);
                    }
                    v
                };
                match f.name {
                    // No column of its own: read into recovered_fen below.
                    schema::OUTSTANDING => {
                        if let Value::I64(o) = v {
                            outstanding = Some((o, col, cell.display()));
                        }
                        continue;
                    }
                    "claim_fen" => claim_idx = Some(values.len()),
                    "recovered_fen" => recovered_idx = Some(values.len()),
                    _ => {}
                }
                values.push(v);
            }
            FieldType::Count => {
                // An extension's length in words (延长3个月, 半年, 3个月零15天): read as its
                // months, or its days, or its months here and its days in the days' column.
                // A deduction's length (扣除天数 3个月零15天, 半年, 60日历天) is read the same
                // way, its months counted from its start below.
                let extension_length = matches!(
                    (table, f.name),
                    (
                        TableKind::Extensions | TableKind::Deductions,
                        "months" | "days"
                    ) | (
                        TableKind::Cases,
                        "stated_extension_months" | "stated_extension_days"
                    )
                );
                // 延长3个月至2026年3月31日, 3个月，至2026年3月31日: the length and the new
                // deadline, as approval forms word an extension. Both are read: the length as
                // a length is, the deadline as 延长至 written alone in this column is.
                let split;
                let cell = match (table, f.name, cell) {
                    (TableKind::Extensions, "months" | "days", Cell::Text(t)) => {
                        match length_with_until(t) {
                            Some((length, until)) => {
                                until_in_length = Some(until);
                                split = Cell::Text(length.to_string());
                                &split
                            }
                            None => cell,
                        }
                    }
                    _ => cell,
                };
                let worded;
                let cell = match (extension_length, cell) {
                    (true, Cell::Text(t)) if fields::parse_count(cell).is_err() => {
                        match fields::parse_length(t) {
                            Some((0, d)) => {
                                worded = Cell::Text(format!("{d}天"));
                                &worded
                            }
                            Some((m, d)) => {
                                if d > 0 {
                                    length_days = Some(d);
                                }
                                worded = Cell::Text(format!("{m}个月"));
                                &worded
                            }
                            None => cell,
                        }
                    }
                    _ => cell,
                };
                // 信访次数 第2次: the visit's ordinal, at least that many (see
                // [`fields::parse_times`]).
                let mut v = if matches!(f.name, "times" | "stated_petitions") {
                    fields::parse_times(cell)
                } else {
                    fields::parse_count(cell)
                };
                // 延长期限 延长至2026年3月31日: the new deadline written where the length goes,
                // as registers mix the two forms in one column; read as the 延长至 column is.
                if table == TableKind::Extensions && v.is_err() {
                    if let Some(text) = text_of(cell) {
                        if let Some(until) = until_in_words(&text) {
                            until_in_length = Some(until);
                            v = Ok(None);
                        } else if let Some(day) =
                            until_words_date(&text).filter(|d| fields::lacks_year(d))
                        {
                            // 延长至3月31日: a deadline, not a length; its year is the
                            // approval's (below), not "not a whole number".
                            until_yearless = Some((day.to_string(), f.name, col, cell.display()));
                            v = Ok(None);
                        } else if written_as_date(&text) {
                            // 2026年1月15日, 2026.5.1: a date, maybe the new deadline, but
                            // an extensions register has no start to end it from; the
                            // clerk is told what to write rather than "not a number".
                            v = Err(FieldError {
                                reason: format!(
                                    "a date where the extension's length goes (延长期限): \
                                     write the length (3个月), or the new deadline as \
                                     延长至{text}"
                                ),
                            });
                        }
                    }
                }
                // 暂缓期限 2025-12-01: a deduction's term written as its last day, the end.
                if table == TableKind::Deductions && f.name == "days" && v.is_err() {
                    term_end = fields::parse_date(cell).ok().flatten();
                }
                let v = if term_end.is_some() { Ok(None) } else { v };
                if table == TableKind::Deductions && f.name == "days" && v.is_err() {
                    length_unread = Some(cell.display());
                }
                let v = field_value(plan, row, f, col, cell, v, &mut rejects, Value::I64);
                // A period written with its unit (`60天`, `3个月`) counts in that unit,
                // whichever column it stands in: 延长期限 holds months or days.
                let unit_field = match f.name {
                    "stated_extension_months" => "months",
                    "stated_extension_days" => "days",
                    other => other,
                };
                length_written |= matches!(f.name, "months" | "days") && !cell.is_empty();
                // The unit the header names (延长审限（月）, 延长天数), else, for the export's
                // 延长审限 or 延长期限 without one, months for a bare number up to 12 (as the
                // extensions register reads it; 3 days would be no extension anyone asks
                // for), days above.
                let header_unit = col
                    .and_then(|c| plan.headers.get(c))
                    .and_then(|h| count_header_unit(h));
                let bare_months = f.name == "stated_extension_days"
                    && header_unit.is_none()
                    && matches!(v, Value::I64(n) if (1..=MAX_EXTENSION_MONTHS).contains(&n));
                let unit = count_unit(cell)
                    .or(header_unit)
                    .or(bare_months.then_some("months"));
                match (unit, unit_field) {
                    (Some("days"), "months") => {
                        moved_days = Some(v);
                        values.push(Value::Null);
                    }
                    (Some("months"), "days") => {
                        moved_months = Some(v);
                        deduction_days_idx = Some(values.len());
                        days_idx = Some(values.len());
                        values.push(Value::Null);
                    }
                    (None | Some("months"), "months")
                        if count_unit(cell).is_none()
                            && matches!(v, Value::I64(n) if n > MAX_EXTENSION_MONTHS) =>
                    {
                        // 延长期限 90: days meant, or a typo; read as months it would put
                        // the due date years away and the case out of the backlog.
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "an extension of more than {MAX_EXTENSION_MONTHS} months in one \
                                 approval is not plausible; if days are meant, write the unit \
                                 (90天)"
                            ),
                        ));
                        months_idx = Some(values.len());
                        values.push(Value::Null);
                    }
                    (_, "months") => {
                        months_idx = Some(values.len());
                        values.push(v);
                    }
                    (_, "days") => {
                        days_idx = Some(values.len());
                        if let (Value::Null, Some(d)) = (&v, moved_days.take()) {
                            values.push(d);
                        } else {
                            values.push(v);
                        }
                    }
                    _ => values.push(v),
                }
            }
            FieldType::Flag => {
                let mut v = fields::parse_flag(cell);
                // 低保户 in a 是否特困 column: the group, so a yes (not 非特困, 不困难).
                if v.is_err() && f.name == "hardship" {
                    if let Some(t) =
                        text_of(cell).filter(|t| !t.contains(['不', '非', '否', '无', '未']))
                    {
                        if plan
                            .rules
                            .hardship_groups
                            .iter()
                            .any(|g| t.contains(g.as_str()))
                        {
                            v = Ok(Some(true));
                        }
                    }
                }
                // 暂无 is a placeholder elsewhere but an answer here (none for now).
                if !matches!(v, Ok(Some(_))) && f.name == "has_assets" {
                    let said = match cell {
                        Cell::Text(t) => assets_answer(&fields::clean(t)),
                        _ => None,
                    };
                    if let Some(answer) = said {
                        v = Ok(Some(answer));
                    }
                }
                values.push(field_value(
                    plan,
                    row,
                    f,
                    col,
                    cell,
                    v,
                    &mut rejects,
                    Value::Bool,
                ));
            }
            FieldType::Text => {
                // Free text that people read keeps its punctuation as written; the names,
                // words and codes of the other text fields are folded to be matched.
                let free = is_free_text(f.name);
                let mut t = if free {
                    fields::normalize_free_text_cow(cell)
                } else {
                    text_of(cell)
                };
                if let Some(d) = t.as_deref().filter(|_| f.name == "decision") {
                    match approval(d, cell, plan.rules) {
                        Approval::Withheld => refused = Some(d.to_string()),
                        Approval::Unknown => unrecognised = Some(d.to_string()),
                        Approval::Given => {}
                    }
                } else if let (Cell::Text(raw), "decision") = (cell, f.name) {
                    // A placeholder is no decision (a blank 审批结果 counts, as in a register
                    // of approved periods), except one the approval words withhold: 待定 is
                    // "no value" in any other column, in a 审批结果 a decision still to come.
                    // Only the refusal words: 无 and - are a blank cell here as anywhere, not
                    // a flag's "no" (review of c-unrecognised-deduction-approval-deducted).
                    let raw = fields::clean(raw);
                    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
                    if plan
                        .rules
                        .approval_refusals
                        .iter()
                        .any(|w| compact.contains(w.as_str()))
                    {
                        refused = Some(raw.into_owned());
                    }
                }
                // 王五、: a separator left at the end is no second name.
                if let Some(trimmed) = t.as_deref().filter(|_| !free).and_then(|s| {
                    let cut = s.trim_end_matches(['、', '，', ',', ';', '；', '/', '／']);
                    (cut.len() < s.len() && !cut.is_empty()).then(|| cut.to_string())
                }) {
                    t = Some(Cow::Owned(trimmed));
                }
                // A field whose synonyms name different parts of it (信访方式 | 信访类型,
                // 扣除类型 | 中止原因): the later columns are read too, in brackets, or the
                // second part (重复信访, the ground of a suspension) would lie unread in
                // `extra` whenever the first column is filled.
                // Free text (未结原因 | 中止原因) is joined as a clause of its own (；), not
                // in brackets: the classify rules read a text clause by clause, and a
                // negation or an "unless" word of one column must not void what the other
                // says. Each column is cleaned as the first was, so a repeat is seen.
                if f.joins_columns {
                    for &c in plan.also_cols[fi].iter().filter(|&&c| Some(c) != col) {
                        let Some(more) = (match cell_at(Some(c)) {
                            more @ Cell::Text(_) if free => fields::normalize_free_text_cow(more),
                            more @ Cell::Text(_) => text_of(more),
                            _ => None,
                        }) else {
                            continue;
                        };
                        used.push(c);
                        t = match t {
                            Some(t) if t.contains(more.as_ref()) => Some(t),
                            Some(t) if free => Some(Cow::Owned(format!("{t}；{more}"))),
                            Some(t) => Some(Cow::Owned(format!("{t}（{more}）"))),
                            None => Some(more),
                        };
                    }
                }
                // 王五【执行局】, 王五[员额]: brackets of another shape, read as ().
                if matches!(f.name, "officer" | "leader") {
                    if let Some(round) =
                        t.as_deref()
                            .filter(|t| t.contains(['【', '[', '［']))
                            .map(|t| {
                                t.replace(['【', '[', '［'], "(")
                                    .replace(['】', ']', '］'], ")")
                            })
                    {
                        t = Some(Cow::Owned(round));
                    }
                }
                if f.name == "officer" {
                    // 原王五，现赵六 / 王五→赵六 (reassigned), 赵六（协办）、王五 (the cell says
                    // who is in charge): that officer, before the names are taken for a list.
                    if let Some(one) = t.as_deref().and_then(officer_in_charge) {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "several officers in one 承办人 cell: {one}, the one it says is in \
                                 charge (主办, or 现 after a reassignment), is read; the others \
                                 are not counted"
                            ),
                        ));
                        t = Some(Cow::Owned(one));
                    }
                    // 执行一庭 王五, 执行一庭王五: the team and the officer, before the two are
                    // taken for two names (or one). Cheap test first: a space, or more
                    // characters than a name has.
                    let side_by_side = t
                        .as_deref()
                        .filter(|t| t.contains(char::is_whitespace) || t.chars().count() > 4)
                        .and_then(|t| {
                            // 执行二组-王五, 执行一庭/王五, 王五_执行一庭: a dash, a slash or
                            // an underscore between them as a space.
                            let spaced =
                                t.trim().replace(['-', '－', '—', '·', '/', '／', '_'], " ");
                            officer_and_team(&spaced, &plan.rules.department_endings)
                                .map(|(name, team)| (name.to_string(), team.to_string()))
                        });
                    if let Some((name, team)) = side_by_side {
                        officer_team = Some(team);
                        t = Some(Cow::Owned(name));
                    }
                }
                if f.name == "leader" {
                    // 执行局 刘某某, 刘某某（执行局）: the leader, whose department says nothing
                    // of the case's team.
                    if let Some(name) = t.as_deref().and_then(|t| {
                        let spaced = t.trim().replace(['-', '－', '—', '·', '/', '／'], " ");
                        officer_and_team(&spaced, &plan.rules.department_endings)
                            .map(|(name, _)| name.to_string())
                    }) {
                        t = Some(Cow::Owned(name));
                    }
                }
                if matches!(f.name, "officer" | "leader") {
                    if let Some(bare) = t.as_deref().and_then(|t| {
                        bare_officer(t, &plan.rules.officer_titles, &plan.rules.officer_notes)
                    }) {
                        t = Some(Cow::Owned(bare));
                    }
                    let several = t
                        .as_deref()
                        .and_then(several_people)
                        .map(|(first, others)| {
                            (first.to_string(), others.join("、"), others.len() + 1)
                        });
                    if let Some((first, others, n)) = several {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "{n} names in one {label} cell: {first}, the first (by custom \
                                 the one in charge, 主办), is read as the {label}; {others} \
                                 is not counted (give one name per cell if that is wrong)",
                                label = f.label_zh
                            ),
                        ));
                        t = Some(Cow::Owned(first));
                    } else if let Some(name) = t.as_deref().and_then(unspaced_person_name) {
                        t = Some(Cow::Owned(name));
                    }
                }
                // 周 四 is 周四, as for an officer: read as written, a visit listed twice
                // (once with the stray space) would be two petitions and the case in
                // category 7 (当事人多次上访). Two names (周四 吴五: two petitioners) stay
                // as written.
                if f.name == "petitioner" {
                    if let Some(name) = t
                        .as_deref()
                        .filter(|t| several_people(t).is_none())
                        .and_then(unspaced_person_name)
                    {
                        t = Some(Cow::Owned(name));
                    }
                }
                match f.name {
                    "officer" => {
                        if let Some((name, team)) = t
                            .as_deref()
                            .and_then(|t| officer_and_team(t, &plan.rules.department_endings))
                        {
                            let name = name.to_string();
                            officer_team = Some(team.to_string());
                            t = Some(Cow::Owned(name));
                        } else if let Some(department) = t.as_deref().filter(|t| {
                            // Four characters or more (a name has two or three), ending as a
                            // department does: 执行一庭, 速执团队.
                            t.len() > 9 && unnumbered_heading(t, &plan.rules.department_endings)
                        }) {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                department.to_string(),
                                "a department in the 承办人 column, not an officer: read as the \
                                 team (部门) when the row names none"
                                    .into(),
                            ));
                            officer_team = Some(department.to_string());
                            t = None;
                        }
                    }
                    "team" => {
                        if t.is_none() {
                            t = officer_team.take().map(Cow::Owned);
                        }
                        // 执行 一庭 is 执行一庭 (see [`unspaced_team`]).
                        if let Some(team) = t.as_deref().and_then(unspaced_team) {
                            t = Some(Cow::Owned(team));
                        }
                    }
                    "kind" if table == TableKind::Deductions => {
                        // A register of suspensions (案号 | 中止日期 | 恢复日期 | 中止原因):
                        // its headers say what each period is; the cell gives the reason.
                        if let Some(kind) = implied_deduction_kind(plan, col) {
                            t = match t {
                                Some(r) if r.contains(kind) => Some(r),
                                Some(r) => Some(Cow::Owned(format!("{kind}（{r}）"))),
                                None => Some(Cow::Borrowed(kind)),
                            };
                        }
                    }
                    _ => {}
                }
                if f.required
                    && t.is_none()
                    && !matches!(cell, Cell::Undecodable(_) | Cell::Error(_))
                {
                    rejects.push(reject(
                        plan,
                        row.line,
                        f.name,
                        col,
                        cell.display(),
                        format!("missing {}", f.label_zh),
                    ));
                }
                if f.name == "case_category" || f.name == "cause" {
                    non_litigation_hint |= t.as_deref().is_some_and(|s| s.contains("非诉"));
                }
                if f.name == "case_category" {
                    category_idx = Some(values.len());
                }
                if f.name == "kind" {
                    kind_idx = Some(values.len());
                }
                if f.name == "period" {
                    period_idx = Some((values.len(), col));
                }
                values.push(t.map_or(Value::Null, Value::Str));
            }
            FieldType::RoleParties => {
                let spaces = plan.space_split();
                if let Some(text) = text_of(cell) {
                    let labels = &plan.rules.role_labels;
                    match parties_by_role(&text, labels, &spaces, None, false)
                        .or_else(|| parties_by_trailing_role(&text, labels))
                    {
                        Some(roles) => {
                            for (n, names) in roles.counted.iter().zip(&roles.sides) {
                                if let Some(n) = n {
                                    rejects.push(reject(
                                        plan,
                                        row.line,
                                        f.name,
                                        col,
                                        text.to_string(),
                                        uncounted_parties(*n, names.len()),
                                    ));
                                }
                            }
                            party_notes.extend(roles.others.into_iter().map(Cow::Owned));
                            by_role = roles.sides;
                        }
                        None => rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            text.into_owned(),
                            "当事人 without a role before the names (申请执行人：… 被执行人：…) \
                             or after each name (张三（申请执行人）): whose side each is cannot \
                             be told, so none is read (the role labels are in \
                             pipelines/rules/parties.toml)"
                                .into(),
                        )),
                    }
                }
            }
            FieldType::Parties => {
                let spaces = plan.space_split();
                // Names and numbers are paired up, merged and cleared of repeats below,
                // once both columns of the role are read.
                if let Some(slot) = party_slot(f.name) {
                    party_at[slot] = Some((col, values.len()));
                }
                let list = match cell {
                    // Excel keeps 15 significant digits of a number: an 18-digit 身份证号
                    // or 统一社会信用代码 typed as one has lost its last digits, and read
                    // as it stands it would be a wrong number paired with its party.
                    // The same number as a CSV saved from Excel writes it: 3.30621E+17.
                    // The reason quotes the cell's own number, so that it reads beside the
                    // raw value (a fixed example there looked like another row's number).
                    Cell::Text(t) if is_id_field(f.name) && exponent_number(t) => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            format!(
                                "identity number in scientific notation ({}): the file was \
                                 saved from Excel with the column as numbers, and its digits \
                                 are lost; enter the numbers again as text",
                                t.trim()
                            ),
                        ));
                        None
                    }
                    Cell::Number(x) if is_id_field(f.name) && x.abs() >= 1e15 => {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            cell.display(),
                            "identity number stored as a number: Excel keeps only 15 digits, \
                             so its last digits are lost; format the column as text (or type \
                             ' before the number) and enter it again"
                                .into(),
                        ));
                        None
                    }
                    // A float-typed writer's 330603800101123.0: 15 digits came through
                    // the float whole (the number, as Excel reads it), 16 or more did not.
                    Cell::Text(t) if is_id_field(f.name) && float_written_digits(t).is_some() => {
                        let digits = float_written_digits(t).unwrap_or_default();
                        if digits.len() <= 15 {
                            Some(vec![Cow::Borrowed(digits)])
                        } else {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                cell.display(),
                                "identity number written as a decimal number (….0): the \
                                 program that wrote the file held it as a binary number, \
                                 which keeps only 15 or 16 digits, so its last digits may be \
                                 lost; export the column as text and enter it again"
                                    .into(),
                            ));
                            None
                        }
                    }
                    _ if is_id_field(f.name) => match ids_in(cell) {
                        Some(ids) if ids.iter().any(|id| impossible_id(id)) => {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                cell.display(),
                                "not an identity number: its number of digits is no identity \
                                 number's (15 or 18) nor a credit code's (18)"
                                    .into(),
                            ));
                            None
                        }
                        ids => ids,
                    },
                    // 被执行人：李四 in the 被执行人 column, or both sides written into one
                    // side's column (申请执行人：张三；被执行人：李四): read by role, as a
                    // 当事人 cell; the other side's names serve that side if its column is
                    // empty (or still to come).
                    // 李四，第三人：王二: the names after another role's label are not this
                    // side's.
                    Cell::Text(t)
                        if matches!(f.name, "applicants" | "respondents")
                            && (starts_with_role_label(t, &plan.role_markers)
                                || (t.contains([':', '：']) && plan.role_markers.any_in(t))) =>
                    {
                        let (own, other, role) = if f.name == "applicants" {
                            (0, 1, Role::Applicant)
                        } else {
                            (1, 0, Role::Respondent)
                        };
                        let labelled_first = starts_with_role_label(t, &plan.role_markers);
                        match parties_by_role(
                            t,
                            &plan.rules.role_labels,
                            &spaces,
                            Some(role),
                            !labelled_first,
                        ) {
                            Some(mut roles) => {
                                if by_role[other].is_empty() {
                                    by_role[other] = std::mem::take(&mut roles.sides[other]);
                                }
                                party_notes.extend(roles.others.into_iter().map(Cow::Owned));
                                let mine = std::mem::take(&mut roles.sides[own]);
                                (!mine.is_empty())
                                    .then(|| mine.into_iter().map(Cow::Owned).collect())
                            }
                            None => parties_in(cell, Some(&spaces)),
                        }
                    }
                    _ => parties_in(cell, Some(&spaces)).or_else(|| {
                        let role = match f.name {
                            "applicants" => &mut by_role[0],
                            "respondents" => &mut by_role[1],
                            _ => return None,
                        };
                        let names = std::mem::take(role);
                        (!names.is_empty()).then(|| names.into_iter().map(Cow::Owned).collect())
                    }),
                };
                // 身份证号：3306…, a credit code in lower case, 3306 0219…: the number alone,
                // as it is written everywhere else, so that the same party matches.
                let list = match (list, is_id_field(f.name)) {
                    (Some(mut ids), true) => {
                        for id in &mut ids {
                            if let Some(clean) = fields::bare_id(id) {
                                *id = Cow::Owned(clean);
                            }
                        }
                        Some(ids)
                    }
                    (list, _) => list,
                };
                // （1）李四（3）王二: a numbered list whose numbers cannot all be read would
                // give a name holding another party; not read, and said.
                let list = match cell {
                    Cell::Text(t)
                        if list.is_some() && !is_id_field(f.name) && fields::numbered_unread(t) =>
                    {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            t.clone(),
                            "numbered parties whose numbers do not go on from 1 in one form \
                             (（1）…（2）…, 1、…2、…, 一、…二、…): which names they are cannot be \
                             told, so none is read"
                                .into(),
                        ));
                        None
                    }
                    _ => list,
                };
                // 李四等, 李四等3人 beside a 当事人 cell that names the side in full (被执行人：
                // 李四、王二、赵六): the side's cell says itself that it is shortened, and the
                // 当事人 cell of its row names the rest. Its names are read instead when the
                // side cell's names are among them, in order, and they agree with the
                // count the cell gives; a count they do not agree with is said.
                let (mut counts_disagree, mut in_full) = (None, false);
                let list = match (list, cell, party_slot(f.name).filter(|&s| s < 2)) {
                    (Some(listed), Cell::Text(text), Some(side))
                        if by_role[side].len() > listed.len()
                            && names_among(&listed, &by_role[side]) =>
                    {
                        let full = &by_role[side];
                        match counted_parties(text) {
                            Some(n) if n == full.len() => {
                                in_full = true;
                                Some(full.iter().map(|n| Cow::Owned(n.clone())).collect())
                            }
                            Some(_) => {
                                counts_disagree = Some(full.len());
                                Some(listed)
                            }
                            None if text.trim_end().ends_with('等') => {
                                in_full = true;
                                Some(full.iter().map(|n| Cow::Owned(n.clone())).collect())
                            }
                            None => Some(listed),
                        }
                    }
                    (list, _, _) => list,
                };
                // 张三、李四等35人: the names listed are read; the others are not named, and
                // the rejects say how many.
                if let (Some(listed), Cell::Text(text)) = (&list, cell) {
                    if let Some(n) = counted_parties(text).filter(|&n| n > listed.len()) {
                        let why = match counts_disagree {
                            Some(full) => format!(
                                "the cell counts {n} parties and names {}; the 当事人 cell \
                                 names {full} for this side, which does not agree with the \
                                 count: only the names in this cell are read",
                                listed.len()
                            ),
                            None => uncounted_parties(n, listed.len()),
                        };
                        rejects.push(reject(plan, row.line, f.name, col, text.clone(), why));
                    }
                    // 李明、王刚等: "and others", not counted. The names are read, and the
                    // last one as written goes to party_notes, so that the others are not
                    // forgotten (a reject for each was too many: 1 % of a court's rows).
                    let trimmed = text.trim_end();
                    if trimmed.ends_with('等') && !is_id_field(f.name) && !in_full {
                        let last = trimmed
                            .rsplit(['、', '，', ',', ';', '；', '\n'])
                            .next()
                            .unwrap_or(trimmed)
                            .trim();
                        if listed.last().is_some_and(|n| n.as_ref() != last) {
                            party_notes.push(Cow::Borrowed(last));
                        }
                    }
                }
                // 赵?: a character the export's encoding could not hold (GBK has no 𠮷),
                // written as ? or as U+FFFD. The name is kept (the party is real) and said,
                // so that the statistician exports again in UTF-8; dedup takes the whole
                // spelling from another export of the case.
                if let (Some(listed), false) = (&list, is_id_field(f.name)) {
                    if let Some(lossy) = listed.iter().find(|n| fields::lost_character(n)) {
                        rejects.push(reject(
                            plan,
                            row.line,
                            f.name,
                            col,
                            lossy.to_string(),
                            "a character of this name was lost when the file was written (? \
                             or \u{FFFD} in its place): an encoding such as GBK cannot hold \
                             rare characters (𠮷, 䶮); the name is kept as it is, export the \
                             list again as UTF-8 CSV or xlsx to have it whole"
                                .into(),
                        ));
                    }
                }
                values.push(list.map_or(Value::Null, Value::List));
            }
            FieldType::Closure => {
                closure_idx = Some(values.len());
                match text_of(cell) {
                    None => values.extend([Value::Null, Value::Null]),
                    Some(raw) => match plan.rules.closure(&raw).or_else(|| {
                        // 2023.10.1执行完毕: a date, then the method.
                        dated_words(&raw).and_then(|(_, words)| plan.rules.closure(words))
                    }) {
                        Some(ClosureValue::Method(m)) => {
                            closure_state = Some("closed");
                            // 终本（2023-10-01）, 2023.10.1执行完毕: the date is the 结案日期
                            // when that cell is empty.
                            if let (Some(i), Some((date, _))) = (closed_on_idx, dated_words(&raw)) {
                                match values[i] {
                                    Value::Null => {
                                        values[i] = Value::Date(date);
                                        closed_on_set = true;
                                    }
                                    // Two closing dates: the 结案日期 column's stands, the
                                    // other said.
                                    Value::Date(own) if own != date => rejects.push(reject(
                                        plan,
                                        row.line,
                                        f.name,
                                        col,
                                        raw.to_string(),
                                        format!(
                                            "two closing dates: the 结案日期 column's is kept, \
                                             the date in 结案方式 is not read: {date} (结案日期 \
                                             {own})"
                                        ),
                                    )),
                                    _ => {}
                                }
                            }
                            values.extend([Value::Str(Cow::Borrowed(m.as_str())), Value::Str(raw)])
                        }
                        Some(ClosureValue::NotClosure(st)) => {
                            closure_state = Some(st);
                            values.extend([Value::Null, Value::Str(raw)])
                        }
                        None if plan.rules.is_recovery_state(&raw) => {
                            values.extend([Value::Null, Value::Str(raw)])
                        }
                        None => {
                            let why = if plan.rules.noted_against(&raw) {
                                "结案方式 with a note that says it did not happen or was not \
                                 completed (执行和解（未履行）): no method is read; kept raw"
                            } else {
                                "unknown 结案方式 (add it to pipelines/rules/closure-methods.toml)"
                            };
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                raw.to_string(),
                                why.into(),
                            ));
                            values.extend([Value::Null, Value::Str(raw)]);
                        }
                    },
                }
            }
            FieldType::Status => {
                status_idx = Some(values.len());
                // 是否结案: 是 is closed, 否 pending.
                let answer = col
                    .filter(|&c| {
                        plan.headers[c].contains("是否") || plan.headers[c].contains("与否")
                    })
                    .and_then(|_| {
                        fields::parse_flag(cell).ok().flatten().or_else(|| {
                            // 是 2025-03-05: the answer with its date.
                            let text = text_of(cell)?;
                            let (_, words) = date_part(&text)?;
                            fields::parse_flag(&Cell::Text(words.to_string()))
                                .ok()
                                .flatten()
                        })
                    });
                match text_of(cell) {
                    None => values.extend([Value::Null, Value::Null]),
                    Some(raw) if answer.is_some() => {
                        // 否（中止）, 是（终本）: the note in brackets says which open state,
                        // or how the case closed.
                        let noted = bracket_note(&raw).and_then(|n| read_status(plan.rules, n));
                        let state = match (answer, noted) {
                            (Some(true), Some((Some("closed"), m))) => {
                                if let Some(m) = m {
                                    method_in_status = Some((m, raw.clone()));
                                }
                                "closed"
                            }
                            (Some(true), _) => "closed",
                            (_, Some((Some(s @ ("suspended" | "deferred")), _))) => s,
                            _ => "pending",
                        };
                        // 是（2025.3.5）: the answer with its date.
                        status_dated = date_part(&raw)
                            .filter(|_| noted.is_none())
                            .map(|(date, _)| (date.to_string(), Some(state)));
                        values.extend([static_str(state), Value::Str(raw)])
                    }
                    Some(raw) => match date_part(&raw)
                        .and_then(|(date, words)| {
                            let read = read_status(plan.rules, words)?;
                            status_dated = Some((date.to_string(), read.0));
                            Some(read)
                        })
                        .or_else(|| match date_in_second_part(plan.rules, &raw) {
                            // 已结（2025.5.1执行完毕）: the date among the second part's words.
                            Some((date, read)) => {
                                if let Some(read) = read {
                                    status_dated = Some((date.to_string(), read.0));
                                }
                                read
                            }
                            None => read_status(plan.rules, &raw),
                        }) {
                        Some((state, method)) => {
                            if let Some(m) = method {
                                method_in_status = Some((m, raw.clone()));
                            }
                            // No state (部分执行到位): derived from the closure columns below,
                            // as for an empty cell.
                            values.extend([state.map_or(Value::Null, static_str), Value::Str(raw)])
                        }
                        None => {
                            rejects.push(reject(
                                plan,
                                row.line,
                                f.name,
                                col,
                                raw.to_string(),
                                "unknown 案件状态 (add it to pipelines/rules/closure-methods.toml)"
                                    .into(),
                            ));
                            values.extend([Value::Null, Value::Str(raw)]);
                        }
                    },
                }
                // 执行完毕 2025-03-05, 2025/10/22 终本, 中止（2025.4.1）: the state written
                // with its date. A closure's date is the 结案日期 and a suspension's the
                // 中止日期, where the row has none of its own (as a date in 结案方式 is);
                // a date that cannot be read, or that dates no closure or suspension, is
                // said, never dropped.
                if let Some((text, state)) = status_dated.take() {
                    let why = match (fields::parse_date(&Cell::Text(text.clone())), state) {
                        (Ok(Some(d)), Some("closed")) => {
                            match closed_on_idx.map(|i| (i, &values[i])) {
                                Some((i, Value::Null)) => {
                                    values[i] = Value::Date(d);
                                    closed_on_set = true;
                                    None
                                }
                                // Two closing dates: the 结案日期 column's stands, the other said.
                                Some((_, Value::Date(own))) if *own != d => Some(format!(
                                    "two closing dates: the 结案日期 column's is kept, the date in \
                                     案件状态 is not read: {d} (结案日期 {own})"
                                )),
                                _ => None,
                            }
                        }
                        (Ok(Some(d)), Some("suspended" | "deferred")) => {
                            suspended_in_status = Some(d);
                            None
                        }
                        (Ok(_), _) => Some(format!(
                            "a date in 案件状态 beside a state that is no closure or suspension: \
                             not read (write it in its own column): {text}"
                        )),
                        (Err(e), _) => Some(format!(
                            "a date in 案件状态 that cannot be read ({}): the state is read \
                             without it",
                            e.reason
                        )),
                    };
                    if let (Some(why), Value::Str(raw)) = (why, &values[values.len() - 1]) {
                        rejects.push(reject(plan, row.line, f.name, col, raw.to_string(), why));
                    }
                }
            }
        }
    }
    // 中止（2025.4.1） in 案件状态: the 中止日期, where the row has none of its own.
    if let (Some(d), Some(i)) = (suspended_in_status, suspended_on_idx) {
        if values[i] == Value::Null {
            values[i] = Value::Date(d);
        }
    }

    // Parties in more columns of the same field: appended, in column order.
    // As many columns of a side's numbers as of its names (被执行人1 | 被执行人1证件号码 |
    // 被执行人2 | 被执行人2证件号码, or the plain headers repeated) pair column by column:
    // the numbers of the k-th column are those of the names of the k-th, so an empty
    // number cell keeps its place (an empty one) and the next number is not given to the
    // party before. Here, per side, the names read before each of its names columns.
    let mut names_before_col: [Vec<usize>; 2] = Default::default();
    for (fi, f) in table.fields().iter().enumerate() {
        // (The cheap test first: this runs for every field of every row.)
        if plan.also_cols[fi].is_empty() {
            continue;
        }
        let Some(slot) = party_slot(f.name) else {
            continue;
        };
        let Some((_, at)) = party_at[slot] else {
            continue;
        };
        let listed = |v: &Value| match v {
            Value::List(l) => l.len(),
            _ => 0,
        };
        let by_column = match slot.checked_sub(2) {
            Some(side) => {
                let before = &names_before_col[side];
                (before.len() == plan.also_cols[fi].len() + 1).then(|| before.clone())
            }
            None => {
                names_before_col[slot].push(0);
                None
            }
        };
        let spaces = plan.space_split();
        for (k, &c) in plan.also_cols[fi].iter().enumerate() {
            if slot < 2 {
                names_before_col[slot].push(listed(&values[at]));
            }
            let cell = cell_at(Some(c));
            // What the field's own column would reject (a number Excel rounded, bytes
            // not decoded) stays in `extra`.
            let rounded =
                matches!(cell, Cell::Text(t) if is_id_field(f.name) && exponent_number(t));
            if cell.is_empty() || rounded || matches!(cell, Cell::Number(_) | Cell::Undecodable(_))
            {
                continue;
            }
            if let Some(mut names) = parties_in(cell, Some(&spaces)) {
                used.push(c);
                any_value = true;
                if let Some(&before) = by_column.as_ref().and_then(|b| b.get(k + 1)) {
                    match &mut values[at] {
                        Value::List(list) if list.len() < before => {
                            list.resize(before, Cow::Borrowed(""))
                        }
                        Value::List(_) => {}
                        v => *v = Value::List(vec![Cow::Borrowed(""); before]),
                    }
                }
                match &mut values[at] {
                    Value::List(list) => {
                        // The same number in two columns of numbers (证件号码, 身份证号码) is
                        // one number.
                        if is_id_field(f.name) {
                            names.retain(|n| !list.iter().any(|l| l.eq_ignore_ascii_case(n)));
                        }
                        list.extend(names)
                    }
                    v => *v = Value::List(names),
                }
            }
        }
    }
    for (names_slot, ids_slot) in PARTY_ROLES {
        let (Some(names_at), ids_at) = (party_at[names_slot], party_at[ids_slot]) else {
            continue;
        };
        let mut pairing = Pairing::Sure;
        let mut rounded = Vec::new();
        let list = party_role(
            values,
            names_at,
            ids_at,
            more,
            &note_words,
            &mut party_notes,
            &mut pairing,
            &mut rounded,
        );
        let named = list.map_or(0, |l| l.len());
        let names_field = if names_slot == RESPONDENTS {
            "respondents"
        } else {
            "applicants"
        };
        for number in &rounded {
            rejects.push(reject(
                plan,
                row.line,
                names_field,
                names_at.0,
                number.to_string(),
                format!(
                    "identity number in scientific notation ({}) among the names: the file was \
                     saved from Excel with the numbers as numbers, and its digits are lost; \
                     not read as a party (kept in party_notes); enter the number again as text",
                    number.trim()
                ),
            ));
        }
        if names_slot == RESPONDENTS {
            let list_at = |i: usize| match &values[i] {
                Value::List(l) => Some(l.as_slice()),
                _ => None,
            };
            respondents_kind = respondent_kind(
                list_at(names_at.1),
                ids_at.and_then(|(_, i)| list_at(i)),
                plan,
            );
        }
        let ids_field = if ids_slot == 2 {
            "applicant_ids"
        } else {
            "respondent_ids"
        };
        if let (Pairing::Guessed, Some((ids_col, i))) = (pairing, ids_at) {
            if let Value::List(ids) = &values[i] {
                let filled: Vec<&str> = ids
                    .iter()
                    .map(|i| i.as_ref())
                    .filter(|i| !i.is_empty())
                    .collect();
                rejects.push(reject(
                    plan,
                    row.line,
                    ids_field,
                    ids_col,
                    filled.join("、"),
                    format!(
                        "{} identity numbers for {named} names, none saying whose it is: paired \
                         with the names in order, which may be wrong (write an empty place, \
                         3306…、、3306…, or the name before each number)",
                        filled.len()
                    ),
                ));
            }
        }
        if let (Pairing::Unpaired(n), Some((ids_col, i))) = (pairing, ids_at) {
            if let Value::List(ids) = &values[i] {
                let unpaired: Vec<&str> = ids
                    .iter()
                    .skip(named)
                    .map(|i| i.as_ref())
                    .filter(|i| !i.is_empty())
                    .collect();
                rejects.push(reject(
                    plan,
                    row.line,
                    ids_field,
                    ids_col,
                    unpaired.join("、"),
                    format!(
                        "{n} identity numbers whose kind contradicts the name at their place \
                         (a 统一社会信用代码 beside a person, a 居民身份证号码 beside an \
                         organisation), and whose owner cannot be told by kind: paired with \
                         no name (write the name before each number, 王二：3306…)"
                    ),
                ));
            }
        }
        // A 居民身份证号码 whose check digit does not match: a digit mistyped, so the same
        // person may carry two numbers; kept as written, and said. One that ends in 000
        // with its birth date right is what Excel leaves of a number it held: 15
        // significant digits, so the clerk is to format the column, not to look for a
        // digit. Kept as written too: the same number is cut the same way on every row.
        if let Some((ids_col, i)) = ids_at {
            if let Value::List(ids) = &values[i] {
                for id in ids.iter().filter(|id| fields::mistyped_resident_id(id)) {
                    let reason = if fields::resident_id_cut_by_excel(id) {
                        EXCEL_CUT_RESIDENT_ID
                    } else {
                        "居民身份证号码 that does not check (its 18th character or the birth \
                         date in it is wrong): a digit is mistyped; kept as written"
                    };
                    rejects.push(reject(
                        plan,
                        row.line,
                        ids_field,
                        ids_col.or(names_at.0),
                        id.to_string(),
                        reason.into(),
                    ));
                }
            }
        }
    }
    // The method the status names, when the closure column is missing or empty; or the
    // one the sheet's name gives (终本案件), when the sheet has neither column.
    let method_in_status = method_in_status.or_else(|| {
        let (_, method, _) = plan.sheet_state?;
        let method = method?;
        // (A section heading of a CSV: no sheet name; the method stands for it.)
        Some((
            method,
            Cow::Owned(plan.sheet.map_or(method, str::trim).to_string()),
        ))
    });
    // A field's column, for the rejects that say the status and closure columns disagree.
    let column_of = |field: &str| plan.field_col(field);
    // 终本日期 filled, no method given: closed by 终本, the raw value the column's name.
    let method_in_status = method_in_status.or_else(|| {
        let col = plan.field_cols[plan
            .table
            .fields()
            .iter()
            .position(|f| f.name == "closed_on")?]?;
        (plan.closed_by_terminating && closed_on_set)
            .then(|| ("终本", Cow::Owned(plan.column_name(col).into_owned())))
    });
    if let (Some((method, raw)), Some(i)) = (method_in_status, closure_idx) {
        if values[i] == Value::Null && values[i + 1] == Value::Null {
            values[i] = Value::Str(Cow::Borrowed(method));
            values[i + 1] = Value::Str(raw);
        } else if let Value::Str(other) = &values[i] {
            // 案件状态 终本 beside 结案方式 执行完毕: one of them is wrong, and which one
            // moves the 实际执结率.
            if other != method && !raw.is_empty() && plan.sheet_state.is_none() {
                rejects.push(reject(
                    plan,
                    row.line,
                    "status",
                    column_of("status"),
                    raw.to_string(),
                    format!(
                        "案件状态 names the closure method {method}, but 结案方式 says \
                         {other}: the 结案方式 is taken"
                    ),
                ));
            }
        }
    }
    if let (Some(m), Some(i)) = (moved_months.clone(), months_idx) {
        if values[i] == Value::Null {
            values[i] = m;
        }
    }
    // The 延长至 column's own date, where it has one, is the register's new deadline.
    if let (Some(until), Some(i)) = (until_in_length, until_idx) {
        if values[i] == Value::Null {
            values[i] = Value::Date(until);
        }
    }
    // 延长至3月31日 approved on 2025-11-20: the first 3月31日 on or after the approval,
    // 2026-03-31 (a clerk leaves out the year the approval makes plain). Without a
    // 批准日期 the year is not guessed: the reject says it is missing.
    if let (Some((day, field, col, raw)), Some(i)) = (until_yearless, until_idx) {
        if values[i] == Value::Null {
            let approved = approved_idx.and_then(|a| match values[a] {
                Value::Date(d) => Some(d),
                _ => None,
            });
            match approved.and_then(|a| fields::month_day_from(&day, a)) {
                Some(until) => values[i] = Value::Date(until),
                None => rejects.push(reject(
                    plan,
                    row.line,
                    field,
                    col,
                    raw,
                    UNTIL_WITHOUT_YEAR.into(),
                )),
            }
        }
    }
    if let (Some(d), Some(i)) = (length_days, days_idx) {
        values[i] = match values[i] {
            Value::I64(n) => Value::I64(n.saturating_add(d)),
            _ => Value::I64(d),
        };
    }
    // A deduction's length in months (扣除天数 2个月, 三个月): the days from its start to the
    // same day that many months later, as a period in months is counted.
    if table == TableKind::Deductions {
        if let (Some(Value::I64(n)), Some(d), Some(s)) =
            (&moved_months, deduction_days_idx, start_on_idx)
        {
            if let Value::Date(start) = values[s] {
                let end = u32::try_from(*n)
                    .ok()
                    .and_then(|n| start.checked_add_months(chrono::Months::new(n)));
                if let Some(end) = end {
                    // 3个月零15天: the months, then the days.
                    let days = (end - start)
                        .num_days()
                        .saturating_add(length_days.unwrap_or(0));
                    values[d] = Value::I64(days);
                }
            }
        }
        // 起止日期 in one cell: the start and the end, where their own cells are empty.
        if let Some((p, col)) = period_idx {
            if let Value::Str(text) = &values[p] {
                match fields::parse_period(text, &plan.rules.running_period_words) {
                    Some((start, end)) => {
                        if let Some(s) = start_on_idx.filter(|&s| values[s] == Value::Null) {
                            values[s] = Value::Date(start);
                            rejects.retain(|r| {
                                !(r.field == "start_on" && r.reason.starts_with("missing"))
                            });
                        }
                        if let (Some(end), Some(e)) = (end, end_on_idx) {
                            if values[e] == Value::Null {
                                values[e] = Value::Date(end);
                            }
                        }
                    }
                    None => {
                        let raw = text.to_string();
                        // 2025.10.1-2025.11.31: a start, and an end written but not read,
                        // taken as a 结束日期 column that cannot be read is (see the end),
                        // so that the two layouts of a register agree.
                        let why = match fields::period_end_error(
                            text,
                            &plan.rules.running_period_words,
                        ) {
                            Some((start, e)) => {
                                if let Some(s) = start_on_idx.filter(|&s| values[s] == Value::Null)
                                {
                                    values[s] = Value::Date(start);
                                    rejects.retain(|r| {
                                        !(r.field == "start_on" && r.reason.starts_with("missing"))
                                    });
                                }
                                end_unread = Some("period");
                                e.reason
                            }
                            None => "not a period (起止日期 such as 2025.9.1-2025.10.31 or \
                                     2025年9月1日至10月31日)"
                                .into(),
                        };
                        rejects.push(reject(plan, row.line, "period", col, raw, why));
                    }
                }
            }
        }
        // No 扣除类型: the kind the start's header names (中止日期: a suspension).
        if let Some(k) = kind_idx.filter(|&k| values[k] == Value::Null) {
            let header = plan.field_col("start_on").and_then(|c| plan.headers.get(c));
            if let Some(kind) =
                header.and_then(|h| ["中止", "暂缓"].into_iter().find(|w| h.contains(w)))
            {
                values[k] = static_str(kind);
            }
        }
        if let (Some(end), Some(e)) = (term_end, end_on_idx) {
            if values[e] == Value::Null {
                values[e] = Value::Date(end);
            }
        }
    }
    // Not approved (审批结果 不同意, 审批中, 已撤回): the row is kept without what it would add
    // to the deadline or deduct from it, and the reject says why.
    let not_approved = match table {
        TableKind::Deductions => Some((
            [start_on_idx, end_on_idx, days_idx, deduction_days_idx],
            "a deduction its 审批结果 does not approve (refused, pending or withdrawn): nothing \
             is deducted",
        )),
        TableKind::Extensions => Some((
            [months_idx, days_idx, until_idx, None],
            "an extension its 审批结果 does not approve (refused, pending or withdrawn): not \
             counted",
        )),
        _ => None,
    };
    // An extension or a deduction whose 审批结果 cannot be read as an approval (不宜延长,
    // 待院长签批, 同竟 mistyped for 同意) is not counted either: metrics.md adds
    // approved extensions and deducts approved periods only, and a guess would take the
    // case out of the backlog on a period nobody may have approved. The reject names the
    // word and says which list of rows.toml it belongs in.
    let refused = match (refused, not_approved) {
        (None, Some((cleared, _))) if unrecognised.is_some() => {
            for i in cleared.into_iter().flatten() {
                values[i] = Value::Null;
            }
            let why = if table == TableKind::Deductions {
                DEDUCTION_APPROVAL_UNRECOGNISED
            } else {
                APPROVAL_UNRECOGNISED
            };
            rejects.push(reject(
                plan,
                row.line,
                "decision",
                column_of("decision"),
                unrecognised.unwrap_or_default(),
                why.into(),
            ));
            true
        }
        (Some(decision), Some((cleared, why))) => {
            for i in cleared.into_iter().flatten() {
                values[i] = Value::Null;
            }
            rejects.push(reject(
                plan,
                row.line,
                "decision",
                column_of("decision"),
                decision,
                why.into(),
            ));
            true
        }
        _ => false,
    };
    // A deduction with a start and a length that cannot be read (约90天, 3周, 一段时间) but no
    // end: kept, it would run from its start to the census date as one still running does,
    // deducting far more than the register says and moving an overdue case out of the
    // backlog. The length is not guessed either (约90天 is an estimate, not the approved
    // period): the deduction is left out, and the reject says that the case's deadline does
    // not include it, so the register can be corrected.
    if let (Some(raw), Some(s), Some(e)) = (length_unread, start_on_idx, end_on_idx) {
        if !refused && matches!(values[s], Value::Date(_)) && values[e] == Value::Null {
            values[s] = Value::Null;
            let why = format!("{DEDUCTION_LEFT_OUT}: {raw}");
            // The reader's own reason (not a whole number) replaced: it does not say what
            // became of the deduction; an error cell, which its reader does not list again,
            // is listed here for the deduction.
            match rejects.iter_mut().rev().find(|r| r.field == "days") {
                Some(r) => r.reason = why,
                None => rejects.push(reject(plan, row.line, "days", column_of("days"), raw, why)),
            }
        }
    }
    // A deduction whose end is written but cannot be read (2025-11-31, 2025年11月,
    // 2025-13-01, 11.30 without its year), and whose days do not give it either: the clerk
    // wrote that the period ended, so it is not one still running, which it would be taken
    // for without an end (run to the census date, a 中止 counted as running on it, an
    // overdue case taken out of the backlog). Its end is not guessed either: the deduction
    // is left out, as one whose length cannot be read is, and the reject says so.
    if let (Some(field), Some(s), Some(e)) = (end_unread, start_on_idx, end_on_idx) {
        let days_given = days_idx.is_some_and(|d| matches!(values[d], Value::I64(_)));
        if !refused
            && matches!(values[s], Value::Date(_))
            && values[e] == Value::Null
            && !days_given
        {
            values[s] = Value::Null;
            match rejects.iter_mut().rev().find(|r| r.field == field) {
                Some(r) => r.reason = format!("{END_UNREAD}{}{END_LEFT_OUT}", r.reason),
                None => {
                    let why = format!("{END_UNREAD}not a date{END_LEFT_OUT}");
                    rejects.push(reject(
                        plan,
                        row.line,
                        field,
                        column_of(field),
                        String::new(),
                        why,
                    ));
                }
            }
        }
    }
    if table == TableKind::Extensions && !refused && !length_written {
        rejects.push(reject(
            plan,
            row.line,
            "months",
            column_of("months"),
            String::new(),
            "an extension without its length (延长月数 or 延长天数) or its new deadline (延长至): \
             not counted"
                .into(),
        ));
    }
    if table == TableKind::Cases {
        // A row whose 案号 gives no kind (blank, masked) that its 案件类型 names as a review
        // case (执行异议, 执行复议, 执行监督): no enforcement case, whatever its number.
        if let (Some(k), Some(c)) = (case_kind_idx, category_idx) {
            if values[k] == Value::Null
                && matches!(&values[c], Value::Str(t) if REVIEW_CATEGORIES.iter().any(|w| t.contains(w)))
            {
                values[k] = static_str("review");
            }
        }
        // A 恢复日期 written but not read (2025-11-31): the case was resumed, on a day the
        // cell does not tell, so its suspension is no more running than a deduction whose
        // 结束日期 cannot be read. Unless the status itself says 中止 or 暂缓 (then the
        // export's word on the case now stands, and the stay runs from its 中止日期), the
        // suspension is left out: the case is not counted suspended by its dates, nothing
        // is deducted for it (nor run to its closure), and the reject says so.
        if let (true, Some(s)) = (resumed_unread, suspended_on_idx) {
            if matches!(values[s], Value::Date(_)) {
                let said = |st: &'static str| {
                    closure_state == Some(st)
                        || status_idx.is_some_and(|i| values[i] == static_str(st))
                };
                let then = if said("suspended") || said("deferred") {
                    RESUMED_UNREAD_STAY
                } else {
                    values[s] = Value::Null;
                    RESUMED_UNREAD_LEFT_OUT
                };
                if let Some(r) = rejects.iter_mut().rev().find(|r| r.field == "resumed_on") {
                    r.reason = format!("{RESUMED_UNREAD}{}{then}", r.reason);
                }
            }
        }
        // A 中止日期 without its 恢复日期: a suspension still running, which a status that
        // says no more than 未结 (中止 cases are 未结 cases: many systems show only
        // 未结/已结) or no status at all does not contradict.
        let filled = |k: Option<usize>| k.is_some_and(|k| values[k] != Value::Null);
        let running_suspension = filled(suspended_on_idx) && !filled(resumed_on_idx);
        // No status column (or an empty cell): closed when a closure date or method is
        // there, suspended/deferred when the closure column says so, else pending.
        if let Some(i) = status_idx {
            let coarse = matches!(
                &values[i + 1],
                Value::Str(raw) if COARSE_OPEN.contains(&raw.trim())
            );
            if running_suspension && coarse && values[i] == static_str("pending") {
                values[i] = static_str("suspended");
            }
            if values[i] == Value::Null {
                // The state a sheet's name or a section heading gives (未结案件) stands for a
                // 案件状态 of its word: one that says no more than 未结 leaves a running
                // suspension suspended, as the cell 未结 does above.
                let sheet_said = plan
                    .sheet_state
                    .map(|(state, _, coarse)| (state, coarse))
                    .or(plan.named_state)
                    .map(|(state, coarse)| match state {
                        "pending" if coarse && running_suspension => "suspended",
                        _ => state,
                    });
                let derived = closure_state
                    .or(closed_on_set.then_some("closed"))
                    .or(closed_by_word.then_some("closed"))
                    .or(sheet_said)
                    .or(running_suspension.then_some("suspended"))
                    .unwrap_or("pending");
                values[i] = static_str(derived);
            } else if let (Value::Str(s), Some(st @ ("suspended" | "deferred"))) =
                (&values[i], closure_state)
            {
                // 未结 with 中止 in the 结案方式 column (where older systems put it): a
                // suspended case is a pending one, so the two agree, and 中止 says more.
                if s == "pending" {
                    values[i] = static_str(st);
                } else if s == "closed" {
                    // 已结 beside 中止 in 结案方式: a suspension is no closure, and the
                    // backlog counts suspended cases. Without a 结案日期 the case is taken as
                    // suspended; with one, classify goes by the date. Said either way.
                    let raw = match &values[i + 1] {
                        Value::Str(raw) => raw.to_string(),
                        _ => String::new(),
                    };
                    let then = if closed_on_set {
                        "kept as written; classify counts the case closed on its 结案日期"
                    } else {
                        values[i] = static_str(st);
                        "no 结案日期 is given, so the case is counted as the 结案方式 says"
                    };
                    rejects.push(reject(
                        plan,
                        row.line,
                        "status",
                        column_of("status"),
                        raw,
                        format!("案件状态 says the case is closed, but 结案方式 says it is {st}: {then}"),
                    ));
                }
            }
            // 未结 beside a 结案日期: classify goes by the date (closed on it), which the
            // statistician should know, since the export contradicts itself.
            let open_status = matches!(&values[i], Value::Str(s) if s != "closed");
            let raw_of = |k: usize| match &values[k] {
                Value::Str(raw) => Some(raw.to_string()),
                _ => None,
            };
            // (field, its raw value, why) of a status the closure columns contradict.
            // 恢复执行 beside a 结案日期 and a 恢复执行日期 on or after it: closed, then
            // resumed; no contradiction (classify counts the case open from that day). The
            // same day counts: a 终本 lifted the day it was made is closed and reopened on
            // that date, as classify and trend take it (resumed ≥ closed).
            let date_at = |k: Option<usize>| match k.map(|k| &values[k]) {
                Some(Value::Date(d)) => Some(*d),
                _ => None,
            };
            let resumed_after = matches!(
                (date_at(closed_on_idx), date_at(resumed_on_idx)),
                (Some(c), Some(r)) if r >= c
            );
            let contradiction = if open_status && closed_on_set && !resumed_after {
                match (raw_of(i + 1), closure_idx, closure_state) {
                    (Some(raw), _, _) => Some((
                        "status",
                        raw,
                        "案件状态 says the case is open, but a 结案日期 is given".to_string(),
                    )),
                    // 中止 in 结案方式 beside a 结案日期 (no status column): as contradictory
                    // as 中止 in 案件状态 beside one.
                    (None, Some(c), Some(st @ ("suspended" | "deferred"))) => {
                        raw_of(c + 1).map(|raw| {
                            let why =
                                format!("结案方式 says the case is {st}, but a 结案日期 is given");
                            ("closure_method", raw, why)
                        })
                    }
                    _ => None,
                }
                .map(|(field, raw, why)| {
                    (
                        field,
                        raw,
                        format!(
                            "{why}: kept as written; classify counts the case closed on that date"
                        ),
                    )
                })
            } else if open_status && closure_state == Some("closed") && !closed_on_set {
                // 在办 beside 结案方式 终本 and no date: a case resumed whose old method
                // was left in the column, or a closure not entered; the status is taken.
                raw_of(i + 1).map(|raw| {
                    let why =
                        "案件状态 says the case is open, but 结案方式 names a closure method \
                               and no 结案日期 is given: kept as written; classify counts the \
                               case open, as its status says";
                    ("status", raw, why.to_string())
                })
            } else {
                None
            };
            if let Some((field, raw, why)) = contradiction {
                rejects.push(reject(plan, row.line, field, column_of(field), raw, why));
            }
            // 已结 (or a 结案方式) with the 结案日期 cell left blank: the closure is in no
            // month by its own date, so trend dates it by the export, the latest it can
            // have been made. Said, as a closing word typed into 结案日期 is, unless a reject
            // of the row already speaks of its closure (that word, a date that cannot be
            // read in 结案日期 or in 案件状态 / 结案方式).
            let closed = matches!(&values[i], Value::Str(s) if s == "closed");
            let said = rejects
                .iter()
                .any(|r| matches!(r.field.as_str(), "closed_on" | "status" | "closure_method"));
            // Only where the sheet has a 结案日期 column: a list without one dates no closure.
            let dated_sheet = column_of("closed_on").is_some();
            if closed && dated_sheet && !closed_on_set && !said {
                rejects.push(reject(
                    plan,
                    row.line,
                    "closed_on",
                    column_of("closed_on"),
                    String::new(),
                    UNDATED_CLOSURE.into(),
                ));
            }
        }
        if let Some((o, col, shown)) = outstanding {
            let amount = |k: Option<usize>| match k.map(|k| &values[k]) {
                Some(Value::I64(v)) => Some(*v),
                _ => None,
            };
            let why = match (amount(claim_idx), amount(recovered_idx), recovered_idx) {
                // 执行标的 100, 未执行到位 20: 80 recovered, as a recovered column would say.
                (Some(c), None, Some(k)) if o <= c => {
                    values[k] = Value::I64(c - o);
                    // As precise as the coarser of the two.
                    if in_wan.contains(&"claim_fen") || in_wan.contains(&schema::OUTSTANDING) {
                        in_wan.push("recovered_fen");
                    }
                    None
                }
                (Some(_), None, _) => Some(
                    "未执行到位金额 more than the 申请执行标的: the amount recovered cannot be \
                     told from the two (it is taken as unknown)",
                ),
                // (Nothing outstanding and no claim says nothing the census would count.)
                (None, None, _) if o > 0 => Some(
                    "未执行到位金额 without a 申请执行标的: the amount recovered (the claim less \
                     the outstanding) cannot be told, and the case adds nothing to the \
                     outstanding amounts",
                ),
                (Some(c), Some(r), _) if r.checked_add(o) != Some(c) => Some(
                    "执行到位金额 and 未执行到位金额 do not add up to the 申请执行标的: the \
                     执行到位金额 as written is used",
                ),
                _ => None,
            };
            if let Some(why) = why {
                rejects.push(reject(
                    plan,
                    row.line,
                    schema::OUTSTANDING,
                    col,
                    shown,
                    why.into(),
                ));
            }
        }
        values.push(respondents_kind);
        values.push(if party_notes.is_empty() {
            Value::Null
        } else {
            Value::List(party_notes)
        });
        values.push(Value::Bool(non_litigation_hint));
        // exported_on: one date for the sheet, maybe from a footer below the data; filled
        // at the sheet's end.
        values.push(Value::Null);
        // An empty list, not null: null is a cases table written before ingest said.
        in_wan.retain(|&f| f != schema::OUTSTANDING);
        values.push(Value::List(in_wan.into_iter().map(Cow::Borrowed).collect()));
        // Likewise an empty list where every date has its day.
        values.push(Value::List(
            month_only.into_iter().map(Cow::Borrowed).collect(),
        ));
    }

    // Unmapped columns: kept whole in `extra` (JSON, sorted keys) so nothing is lost.
    // A column whose header cell is blank is a column all the same (a delimiter at the end
    // of every line, a notes column nobody named): its values are kept under its position.
    let mut extra: Vec<(Cow<'r, str>, String)> = Vec::new();
    let mut unnamed = Vec::new();
    for (c, cell) in row.cells.iter().enumerate() {
        if plan.mapping.get(c).copied().flatten().is_some() || cell.is_empty() || used.contains(&c)
        {
            continue;
        }
        let header = plan.column_name(c);
        if plan.is_unnamed(c) {
            unnamed.push(c);
        }
        if let Cell::Undecodable(_) = cell {
            rejects.push(reject(
                plan,
                row.line,
                &format!("extra:{header}"),
                Some(c),
                cell.display(),
                "undecodable bytes in the file's encoding".into(),
            ));
        }
        any_value = true;
        extra.push((header, cell.display()));
    }
    values.push(if extra.is_empty() {
        Value::Null
    } else {
        Value::Str(extra_json(extra).into())
    });

    // A row is rejected whole only when no field of the table holds anything (a
    // placeholder such as "/" or "—" holds nothing: a template row ruled through is not a
    // case); whatever it did hold is in the reject record.
    let filled = |x: &Cell| match x {
        Cell::Text(_) => text_of(x).is_some(),
        other => !other.is_empty(),
    };
    let mapped_any = plan
        .mapping
        .iter()
        .enumerate()
        .any(|(c, m)| m.is_some() && row.cells.get(c).is_some_and(filled));
    // A row of one cell without a case number is a section heading (一、首执案件) or a
    // note a clerk typed into the list, not a case: written, it would be a case with
    // nothing but that text.
    let lone_cell =
        !case_no_ok && mapped_any && row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
    let whole_row_rejected = !mapped_any || lone_cell;
    if whole_row_rejected && any_value {
        // The row reject shows every value; "missing" field rejects would repeat it.
        rejects.clear();
        let shown: Vec<String> = row
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| c.display())
            .collect();
        // A name alone under a case is how a clerk lists a second party when the case's
        // cells are not merged (or were merged in a workbook saved as CSV).
        let lone_party = lone_cell
            && row.cells.iter().enumerate().any(|(c, cell)| {
                !cell.is_empty()
                    && plan
                        .mapping
                        .get(c)
                        .copied()
                        .flatten()
                        .is_some_and(|f| f.ty == FieldType::Parties)
                    && parties_in(cell, None)
                        .is_some_and(|names| names.iter().all(|n| looks_like_party(plan, n)))
            });
        let one_cell = row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
        let reason = if lone_party {
            "a party name alone, without a case number: not added to any case (if it is a \
             party of the case above, put it in that case's cell, or merge the case's cells \
             down over this row in the workbook)"
        } else if lone_cell || one_cell {
            "one cell and no case number: a section heading or a note, not a case"
        } else {
            "no field of the table is filled in this row"
        };
        rejects.push(row_reject(plan, row, shown, reason.into()));
    }
    if whole_row_rejected {
        read_as_empty.clear();
    }
    ParsedRow {
        rejects,
        whole_row_rejected,
        unnamed,
        read_as_empty,
    }
}

/// Statuses that say only that a case is not closed (未结): a suspended case is one too.
pub(super) const COARSE_OPEN: [&str; 7] = [
    "未结",
    "未结案",
    "未执结",
    "未办结",
    "旧存",
    "新收",
    "未结案件",
];

/// Whether every name of `few` is among `all`, in the same order (李四 among 李四、王二、赵六;
/// 王二、李四 is not): the names a shortened side cell gives are some of a fuller list.
fn names_among<A: AsRef<str>, B: AsRef<str>>(few: &[A], all: &[B]) -> bool {
    let mut rest = all.iter();
    few.iter().all(|n| rest.any(|m| m.as_ref() == n.as_ref()))
}

/// The kind of deduction a register's headers name (中止日期, 中止原因, 暂缓开始日期): 中止 or
/// 暂缓, for a register whose kind cell gives only the reason, or that has none.
pub(super) fn implied_deduction_kind(
    plan: &SheetPlan,
    kind_col: Option<usize>,
) -> Option<&'static str> {
    [kind_col, plan.field_col("start_on")]
        .into_iter()
        .flatten()
        .filter_map(|c| plan.headers.get(c))
        .find_map(|h| ["中止", "暂缓"].into_iter().find(|k| h.contains(k)))
}

/// What a 审批结果 says of its extension or deduction ([`approval`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Approval {
    /// 同意, 批准, 是, a chain whose last signer approved.
    Given,
    /// Refused, still to be decided or withdrawn.
    Withheld,
    /// Words that the rows.toml lists read neither way (不宜延长, 待院长签批).
    Unknown,
}

/// What an extension's 审批结果 says: approved when it starts with an approval (同意, 批准),
/// is 是 in a yes/no column (是否批准) or ends a chain of signers with an approval; not
/// approved for 否, words of refusal (不同意, 不予批准, 驳回, 未获批准), of a decision still to
/// come (审批中, 拟同意) or of a request withdrawn (已撤回); else unknown. The words are
/// rows.toml's `approval_*` lists.
pub(super) fn approval(decision: &str, cell: &Cell, rules: &Rules) -> Approval {
    // Refused, and also not (yet) approved: metrics.md adds approved extensions only, so
    // one pending (审批中, 待审批) or withdrawn (已撤回) adds nothing either.
    // Forms and sheets space a short word out to align it (同 意, 不同 意): the words are
    // matched without the spaces, or 不同 意 would escape the refusals and count as approved.
    let compact: String = decision.chars().filter(|c| !c.is_whitespace()).collect();
    // An opinion that begins by approving (同意中止（被执行人申请撤销仲裁裁决）, 同意，该期间
    // 不予计入执行期限): its reasons may hold a word of refusal, which is not the decision.
    if rules
        .approval_openings
        .iter()
        .any(|a| compact.starts_with(a.as_str()))
    {
        return Approval::Given;
    }
    let flag = fields::parse_flag(cell);
    if flag == Ok(Some(false)) {
        return Approval::Withheld;
    }
    let refusing = |c: &str| {
        rules
            .approval_refusals
            .iter()
            .any(|w| c.contains(w.as_str()))
            || withholds_approval(c)
    };
    // An approval chain in one cell (承办人拟同意；庭长同意；院长批准, 合议庭拟同意，报院长审批。
    // 院长意见：同意) is decided by the last one who signed: a drafter's 拟同意 is not the
    // decision, and a chain whose last signer wrote nothing yet (院长：) is pending. Other
    // text is decided as a whole: a refusal anywhere in it refuses (不同意。理由：被执行人已同
    // 意分期履行 is refused, its reasons holding a word of approval).
    let signed = compact
        .split(['；', ';', '。', '，', ',', '→', '\n'])
        .filter_map(|clause| {
            let role = rules
                .approval_signers
                .iter()
                .find(|r| clause.starts_with(r.as_str()))?;
            let said = match clause.rsplit_once(['：', ':']) {
                Some((_, after)) => after,
                None => clause[role.len()..].trim_start_matches("意见"),
            };
            Some(said)
        })
        .next_back();
    if let Some(said) = signed {
        if said.is_empty() || refusing(said) {
            return Approval::Withheld;
        }
        if rules
            .approval_given
            .iter()
            .any(|a| said.starts_with(a.as_str()))
        {
            return Approval::Given;
        }
    }
    if refusing(&compact) {
        Approval::Withheld
    } else if flag == Ok(Some(true)) {
        Approval::Given
    } else {
        Approval::Unknown
    }
}

/// Whether a word of approval in a 审批结果 is said not (yet) to be given: a negation before
/// it (未获批准, 未予批准, 没有批准, 未同意, 审批未通过, 未获准), or 拟 (拟同意, 拟批准: a
/// drafter's proposal awaiting sign-off, as pending as 待审批). The words refusing an
/// approval are many (未获, 未予, 未能 …) and no list of whole phrases keeps up with them, so
/// the negation is read wherever it stands before the approval, with at most a particle
/// between (获, 予, 被 …): a negation farther off (无异议，同意) is about something else.
fn withholds_approval(decision: &str) -> bool {
    const NEGATIONS: [&str; 5] = ["没有", "未", "不", "没", "拟"];
    // Longest first, so that 予以 is tried before 予; "" is the negation right before it.
    const PARTICLES: [&str; 13] = [
        "予以", "获得", "得到", "给予", "获", "予", "被", "经", "能", "得", "曾", "有", "",
    ];
    const APPROVALS: [&str; 8] = ["批准", "同意", "准许", "准予", "获批", "通过", "准", "批"];
    decision.char_indices().any(|(i, _)| {
        let rest = &decision[i..];
        NEGATIONS
            .iter()
            .filter_map(|n| rest.strip_prefix(n))
            .any(|after| {
                PARTICLES
                    .iter()
                    .filter_map(|p| after.strip_prefix(p))
                    .any(|word| APPROVALS.iter().any(|a| word.starts_with(a)))
            })
    })
}

/// A date and words written together in one cell (`2023-10-01 终本`, `2023.10.1执行完毕`,
/// `终本（2023-10-01）`, `执行完毕 2023-10-01`): the date and the words, when both are there
/// and the date reads.
pub(super) fn dated_words(text: &str) -> Option<(NaiveDate, &str)> {
    let (date, words) = date_part(text)?;
    let date = fields::parse_date(&Cell::Text(date.to_string()))
        .ok()
        .flatten()?;
    Some((date, words))
}

/// What a 案件状态 cell says ([`read_status`]): the state, and the closure method.
pub(super) type StatusReading<'m> = (Option<&'static str>, Option<&'m str>);

/// A state with its date written among the words of its second part
/// (`已结（2025.5.1执行完毕）`, `已结（终本，2025.5.1）`, `已结，2025.5.1执行完毕`,
/// `未结（2025.4.1中止）`): the date's text, and what the cell says without the date
/// (已结（执行完毕）: closed by 执行完毕; 未结（中止）: suspended), `None` for a contradiction
/// (未结（2025.5.1终本）, as 未结（终本）). Only when the words beside the date are a state or
/// a method of their own (the date is then theirs) and they close or suspend the case: the
/// date of anything else (终本（2024.1.5恢复）) is not this cell's to give, and the cell is
/// read as before. `None` (read the cell as a whole) for any other cell.
pub(super) fn date_in_second_part<'t, 'm>(
    rules: &'m Rules,
    text: &'t str,
) -> Option<(&'t str, Option<StatusReading<'m>>)> {
    let (head, tail) = status_parts(text)?;
    // Cheap tests first: most status cells hold no digit.
    if head.is_empty() || !tail.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (date, words) = date_part(tail)?;
    read_status(rules, words)?.0?;
    match read_status(rules, &format!("{head}（{words}）")) {
        read @ Some((Some("closed" | "suspended" | "deferred"), _)) => Some((date, read)),
        Some(_) => None,
        None => Some((date, None)),
    }
}

/// The text of a date written with words in one cell, and the words, without reading the
/// date: before the words (`2025/10/22 终本`, `2025.10.22结（终本）`), after them
/// (`执行完毕 2025-03-05`, `已结2025.3.5`) or in brackets after them (`执行完毕（2025.3.5）`).
/// A date is two groups of digits at least (`3.5`, a date without its year, is one, to be
/// said as such; `2025年` or `2次` are none), or eight digits (20250305), so that a count or
/// a year beside a word is not taken for one.
pub(super) fn date_part(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    // Cheap test first: a date has digits.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let date_char = |c: char| c.is_ascii_digit() || "-./年月日号:： \u{3000}".contains(c);
    let datelike = |s: &str| {
        let s = s.trim();
        let groups = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .count();
        groups >= 2 || (groups == 1 && s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    fn words_of(s: &str) -> &str {
        s.trim_matches(|c: char| c.is_whitespace() || ",，;；、".contains(c))
    }
    // Before the words.
    let end = t
        .char_indices()
        .find(|&(_, c)| !date_char(c))
        .map_or(t.len(), |(i, _)| i);
    if end > 0 && end < t.len() && datelike(&t[..end]) {
        let words = words_of(&t[end..]);
        if !words.is_empty() {
            return Some((t[..end].trim(), words));
        }
    }
    // In brackets after them.
    if let Some(rest) = t.strip_suffix(['）', ')']) {
        if let Some(open) = rest.rfind(['（', '(']) {
            let inner = &rest[open + rest[open..].chars().next()?.len_utf8()..];
            let words = words_of(&rest[..open]);
            // 中止（2025.4.1起）: a date marked as a period's first day is that date (the
            // mark is read with it, as in any date column).
            let date = fields::BOUND_WORDS
                .iter()
                .find_map(|w| inner.strip_suffix(w))
                .unwrap_or(inner);
            if !words.is_empty() && date.chars().all(date_char) && datelike(date) {
                return Some((inner.trim(), words));
            }
        }
    }
    // After them.
    let start = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| date_char(c))
        .last()
        .map(|(i, _)| i)?;
    let words = words_of(&t[..start]);
    (start > 0 && !words.is_empty() && datelike(&t[start..])).then(|| (t[start..].trim(), words))
}

/// Why a date cell that is no date is read as no date at all, if it is: a system's "no
/// date" ([`fields::no_date_sentinel`]: 1900-01-01, Excel's serial 0), or a 结案日期 cell
/// that says the case is not closed (未结, 在办, 中止: clerks write the status where the
/// date would go). Counted in the manifest (`read_as_empty`), not rejected: the row holds
/// no error, only no date, and a reject per open case would bury the real ones.
pub(super) fn read_as_no_date(plan: &SheetPlan, f: &FieldSpec, cell: &Cell) -> Option<String> {
    if let Some(sentinel) = fields::no_date_sentinel(cell) {
        return Some(format!("{sentinel}, a system's \"no date\""));
    }
    if f.name != "closed_on" {
        return None;
    }
    let text = text_of(cell)?;
    match plan.rules.status(&text) {
        Some(status) if status != "closed" => Some(format!("{text}, a status written for a date")),
        _ => None,
    }
}

/// What a 有无财产 cell says in words (有财产, 无可供执行财产, 未发现可供执行财产, 有房产一处):
/// ledgers answer the column's question with its noun rather than 是/否. True when it
/// starts with 有 (not 有待: "yet to be"), false when it starts by saying none was found.
/// `None` for anything else (已查询, 待查): left a reject, not guessed.
pub(super) fn assets_answer(text: &str) -> Option<bool> {
    const NONE_FOUND: [&str; 12] = [
        "无",
        "查无",
        "名下无",
        "均无",
        "没有",
        "暂无",
        "尚无",
        "未发现",
        "暂未发现",
        "尚未发现",
        "未查到",
        "未查询到",
    ];
    if NONE_FOUND.iter().any(|p| text.starts_with(p)) {
        Some(false)
    } else if (text.starts_with('有') && !text.starts_with("有待"))
        || ["名下有", "查到", "已查到", "查有", "发现", "已发现", "现有"]
            .iter()
            .any(|p| text.starts_with(p))
    {
        Some(true)
    } else {
        None
    }
}

/// The digits of a whole number written as a float's text (`330603800101123.0`), as a
/// program that held the column as numbers writes it.
pub(super) fn float_written_digits(text: &str) -> Option<&str> {
    let (digits, zeros) = text.trim().split_once('.')?;
    (!digits.is_empty()
        && !zeros.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && zeros.bytes().all(|b| b == b'0'))
    .then_some(digits)
}

/// The reject of an 18-digit 居民身份证号码 that Excel cut to 15 digits (it ends in 000 and
/// does not check); said in Chinese by `reasons`.
pub(super) const EXCEL_CUT_RESIDENT_ID: &str =
    "居民身份证号码 ending in 000 that does not check: Excel kept only its first 15 digits \
     (the column held numbers), so its last digits are lost; format the column as text \
     (or type ' before the number) and enter it again; kept as written";

/// The start of the note on a 立案日期 written without its year and completed with the
/// 案号's year; the date follows.
pub(super) const YEARLESS_FILED_ON: &str =
    "a month and day without the year: read with the 案号's year (收案年度) as ";

/// Whether text is a number in scientific notation (`3.30621E+17`), as Excel writes a long
/// number it has rounded.
pub(super) fn exponent_number(text: &str) -> bool {
    let t = text.trim();
    let Some((mantissa, exponent)) = t.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn field_value<'v, T>(
    plan: &SheetPlan,
    row: &Row,
    f: &FieldSpec,
    col: Option<usize>,
    cell: &Cell,
    parsed: std::result::Result<Option<T>, FieldError>,
    rejects: &mut Vec<Reject>,
    wrap: impl Fn(T) -> Value<'v>,
) -> Value<'v> {
    match parsed {
        Ok(Some(v)) => wrap(v),
        Ok(None) => {
            if f.required {
                rejects.push(reject(
                    plan,
                    row.line,
                    f.name,
                    col,
                    cell.display(),
                    format!("missing {}", f.label_zh),
                ));
            }
            Value::Null
        }
        Err(e) => {
            // Undecodable and error cells were recorded once already.
            if !matches!(cell, Cell::Undecodable(_) | Cell::Error(_)) {
                rejects.push(reject(
                    plan,
                    row.line,
                    f.name,
                    col,
                    cell.display(),
                    e.reason,
                ));
            }
            Value::Null
        }
    }
}

/// 案件类型 wordings of 执行审查 cases (执异, 执复, 执监, 执协): no enforcement of a claim.
const REVIEW_CATEGORIES: [&str; 6] = [
    "执行异议",
    "执行复议",
    "执行监督",
    "执行协调",
    "执行审查",
    "异议",
];

/// The case kind a masked 案号 still shows by its type (`（2024）浙0603执异1XX号`).
/// Whether a text field is free text a clerk wrote for people to read (案由, 未结原因, 备注,
/// 信访内容, 办理情况): kept as written, full-width punctuation and all. Other text fields
/// (法院, 承办人, 案件类型, 审批结果 …) are names and words that are matched, and folded.
fn is_free_text(field: &str) -> bool {
    matches!(field, "cause" | "reason" | "note" | "content" | "handling")
}

/// The original case a row's note column (备注, and the further columns of that field)
/// names with a label of 原案号 ([`origin_in_remark`]), for a 执恢 row with no 原案号 of its
/// own.
fn origin_in_notes<'r>(table: TableKind, plan: &SheetPlan, row: &'r Row) -> Option<&'r str> {
    let at = table.fields().iter().position(|f| f.name == "note")?;
    plan.field_cols[at]
        .iter()
        .chain(&plan.also_cols[at])
        .filter_map(|&c| match row.cells.get(c) {
            Some(Cell::Text(t)) => origin_in_remark(t, &plan.origin_labels),
            _ => None,
        })
        .next()
}

fn masked_case_kind(raw: &str) -> Option<&'static str> {
    casenum::parse_masked(raw).map(|c| c.case_kind.as_str())
}

/// The words in the brackets that end a cell (`否（中止）` → `中止`), if any.
fn bracket_note(raw: &str) -> Option<&str> {
    let t = raw.trim_end();
    let inner = t.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let note = inner[open..].trim_start_matches(['（', '(']).trim();
    (open > 0 && !note.is_empty()).then_some(note)
}

/// The unit a count column's header names: days (延长天数, 延长审限（天）) or months
/// (延长月数, 延长审限（月）); `None` when it names neither (延长审限, 延长期限).
pub(super) fn count_header_unit(header: &str) -> Option<&'static str> {
    if header.contains(['天', '日']) {
        Some("days")
    } else if header.contains('月') {
        Some("months")
    } else {
        None
    }
}

/// The unit written after a count: `60天`/`30日` are days, `3个月`/`3月` months.
pub(super) fn count_unit(cell: &Cell) -> Option<&'static str> {
    let Cell::Text(t) = cell else { return None };
    let t = fields::count_note_cut(t.trim());
    if t.ends_with('天') || t.ends_with('日') {
        Some("days")
    } else if t.ends_with('月') {
        Some("months")
    } else {
        None
    }
}

/// The unmapped cells as one JSON object with sorted keys: what a `serde_json::Map` of
/// them prints, without building the map. Column names are unique ([`column_names`]); were
/// one repeated, the last value would win, as in the map.
pub(super) fn extra_json(mut extra: Vec<(Cow<'_, str>, String)>) -> String {
    // Stable: of equal headers the last stays last.
    extra.sort_by(|a, b| a.0.cmp(&b.0));
    let mut json = String::with_capacity(extra.iter().map(|(k, v)| k.len() + v.len() + 6).sum());
    json.push('{');
    let mut first = true;
    for (k, (header, value)) in extra.iter().enumerate() {
        if extra.get(k + 1).is_some_and(|next| next.0 == *header) {
            continue;
        }
        if !first {
            json.push(',');
        }
        first = false;
        push_json_string(&mut json, header);
        json.push(':');
        push_json_string(&mut json, value);
    }
    json.push('}');
    json
}

/// `s` as a JSON string, escaped as `serde_json` escapes it.
pub(super) fn push_json_string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

/// The reason a deduction is left out whose length (扣除天数) cannot be read and which has
/// no end (the value follows it after a colon; `reasons::reason_zh` says it in Chinese).
pub(super) const DEDUCTION_LEFT_OUT: &str = "a deduction's length (扣除天数) that cannot be read \
    exactly (an estimate such as 约90天 is not a length), and no 结束日期: the deduction is left \
    out, the case's deadline does not include it (write its 结束日期 or its days)";

/// The reason an extension is not counted whose 审批结果 the rows.toml words neither read as
/// an approval nor as a refusal (不宜延长, 待院长签批): `reasons::reason_zh` says it in
/// Chinese.
pub(super) const APPROVAL_UNRECOGNISED: &str = "an extension its 审批结果 neither approves nor \
    refuses by the words of rows.toml: not counted (add the word to approval_openings if it \
    approves, to approval_refusals if not)";

/// The same for a deduction (`reasons::reason_zh` says it in Chinese).
pub(super) const DEDUCTION_APPROVAL_UNRECOGNISED: &str = "a deduction its 审批结果 neither \
    approves nor refuses by the words of rows.toml: nothing is deducted (add the word to \
    approval_openings if it approves, to approval_refusals if not)";

/// The reason for an extension's new deadline written without its year (延长至3月31日) and
/// without a 批准日期 to take the year from (`reasons::reason_zh` says it in Chinese).
pub(super) const UNTIL_WITHOUT_YEAR: &str = "a new deadline (延长至) without its year, and no \
    批准日期 to take the year from: not counted (write the year too)";

/// The new deadline an extension's length cell states instead of a length (`延长至2026年3月31日`,
/// `延期至2026.3.31`), by the words the `until_on` headers use; `None` for anything else.
fn until_in_words(text: &str) -> Option<NaiveDate> {
    fields::parse_date(&Cell::Text(until_words_date(text)?.to_string()))
        .ok()
        .flatten()
}

/// Whether a length cell holds a date instead (`2026年1月15日`, `2026年1月`, `2026.5.1`,
/// `20260501`): a date that reads, or a calendar year before 年 (a month without its day
/// is still no length).
fn written_as_date(text: &str) -> bool {
    let t = text.trim();
    let year = t.bytes().take_while(u8::is_ascii_digit).count() == 4
        && t[4..].starts_with('年')
        && t[..4]
            .parse::<i32>()
            .is_ok_and(|y| (1900..=2100).contains(&y));
    year || matches!(fields::parse_date(&Cell::Text(t.to_string())), Ok(Some(_)))
}

/// The date after the words of [`until_in_words`] as written (`3月31日` of `延长至3月31日`).
fn until_words_date(text: &str) -> Option<&str> {
    [
        "延长期限至",
        "延长审限至",
        "审限延长至",
        "延长至",
        "延期至",
        "延至",
    ]
    .iter()
    .find_map(|w| text.trim().strip_prefix(w))
    .map(str::trim)
}

/// An extension written with its length and its new deadline, as approval forms word it
/// (`延长3个月至2026年3月31日`, `3个月，至2026年3月31日`, `延长三个月（至2026年3月31日）`):
/// the length as written and the deadline. `None` when no length (words or a number)
/// comes before the 至 and its date (`延长至2026年3月31日` alone is read by
/// [`until_in_words`]).
fn length_with_until(text: &str) -> Option<(&str, NaiveDate)> {
    const SEPARATORS: [char; 6] = [' ', '，', ',', '、', '；', ';'];
    let t = text.trim();
    let at = t.rfind('至')?;
    let (left, right) = (&t[..at], &t[at + '至'.len_utf8()..]);
    // （至2026年3月31日）: the deadline in brackets after the length.
    let (left, right) = match (
        left.trim_end().strip_suffix(['（', '(']),
        right.trim_end().strip_suffix(['）', ')']),
    ) {
        (Some(l), Some(r)) => (l, r),
        _ => (left, right),
    };
    let until = fields::parse_date(&Cell::Text(right.trim().to_string()))
        .ok()
        .flatten()?;
    // 延长期限3个月，延长至…: the verb of the second half is no part of the length.
    let left = left.trim_end_matches(SEPARATORS);
    let left = left
        .strip_suffix("延长")
        .or_else(|| left.strip_suffix("延期"))
        .unwrap_or(left);
    let length = left.trim_matches(SEPARATORS);
    let counted = matches!(
        fields::parse_count(&Cell::Text(length.to_string())),
        Ok(Some(_))
    );
    (counted || fields::parse_length(length).is_some()).then_some((length, until))
}

/// The reason a deduction is left out whose end (结束日期, or the end of its 起止日期) is
/// written but cannot be read: this, the date's own reason, then [`END_LEFT_OUT`]
/// (`reasons::reason_zh` says it in Chinese).
pub(super) const END_UNREAD: &str = "a 结束日期 written but not read (";

/// See [`END_UNREAD`].
pub(super) const END_LEFT_OUT: &str = "): the deduction is left out, not run to the as-of \
    date as one still running: the case's deadline does not include it, and a 中止 is not \
    counted as running (correct the 结束日期)";

/// The reason a case's 恢复日期 is written but cannot be read: this, the date's own reason,
/// then [`RESUMED_UNREAD_LEFT_OUT`] or [`RESUMED_UNREAD_STAY`].
pub(super) const RESUMED_UNREAD: &str = "a 恢复日期 written but not read (";

/// See [`RESUMED_UNREAD`]: the suspension is left out.
pub(super) const RESUMED_UNREAD_LEFT_OUT: &str = "): the suspension is left out, not run to \
    the as-of date as one still running: the case is not counted as suspended by its \
    中止日期, and its deadline does not include the suspension (correct the 恢复日期)";

/// See [`RESUMED_UNREAD`]: the status says the case is suspended.
pub(super) const RESUMED_UNREAD_STAY: &str = "): the 案件状态 says the case is suspended, \
    so it is counted so, its suspension running from the 中止日期 (correct the 恢复日期)";

/// The most months one approval of an extension (延长执行期限) can plausibly grant, when
/// the cell gives no unit: more is taken for days written without 天, or a typo.
/// The reject of a case closed (已结, or a 结案方式) with its 结案日期 cell left blank.
pub(super) const UNDATED_CLOSURE: &str = "closed with no 结案日期: the case is counted closed, \
     and the trend counts the closure by the export's date, the latest it can have been made \
     (listed in trend_case_anomalies)";

pub(super) const MAX_EXTENSION_MONTHS: i64 = 12;

/// What a range or series of cases in one 案号 cell is ([`case_range`]), said in the
/// rejects of case lists and registers alike.
fn range_said(first: &casenum::CaseNumber, last: Option<u32>) -> String {
    match last {
        Some(last) => format!(
            "{} cases in one cell (…{}号 to …{last}号)",
            last - first.seq + 1,
            first.seq
        ),
        None => "a series of cases in one cell (系列案)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in_rules() -> Rules {
        Rules::load(None).unwrap()
    }

    /// s-refusal-wordings-read-as-approved: a 审批结果 that negates its approval (未获批准,
    /// 未予批准, 没有批准, 未同意, 未准许, 未获通过) or only proposes it (拟同意) does not
    /// approve; one that approves, also with a negation about something else, does.
    #[test]
    fn a_negated_or_proposed_approval_is_no_approval() {
        let rules = built_in_rules();
        let refused =
            |text: &str| approval(text, &Cell::Text(text.into()), &rules) == Approval::Withheld;
        for text in [
            "未获批准",
            "未予批准",
            "没有批准",
            "未同意",
            "未准许",
            "未获通过",
            "审批未通过",
            "暂不同意",
            "院长未予以批准",
            "未获准",
            "拟同意",
            "拟批准",
        ] {
            assert!(refused(text), "{text}");
        }
        // s-bu-tong-yi-with-space-approved: a refusal spaced out to align it is a refusal,
        // as 同 意 is an approval.
        for text in [
            "不同 意",
            "不 同 意",
            "不\u{3000}同意",
            "未 获 批 准",
            "审 批 中",
        ] {
            assert!(refused(text), "{text}");
        }
        for text in ["同 意", "同\u{3000}意", "批 准"] {
            assert!(!refused(text), "{text}");
        }
        for text in [
            "同意",
            "批准",
            "审批通过",
            "经审查，无异议，同意",
            "同意，该期间不予计入执行期限",
            "是",
            // The review of round 50: a chain decided by its last opinion, and a negation
            // of something else before the approval.
            "承办人拟同意；庭长同意；院长批准",
            "合议庭评议拟同意延长，报院长审批。院长意见：同意",
            "承办人：拟同意；庭长：同意；院长：批准",
        ] {
            assert!(!refused(text), "{text}");
        }
        // A later signer's refusal, a chain not yet signed at its end, and a refusal whose
        // reasons hold a word of approval (the review of round 51).
        for text in [
            "庭长：同意；院长：不同意",
            "承办人拟同意，报院长审批",
            "院长意见：拟同意",
            "承办人：拟同意；庭长：同意；院长：",
            "不同意。理由：被执行人已同意分期履行",
            "驳回，申请人可通过复议救济",
        ] {
            assert!(refused(text), "{text}");
        }
    }

    /// t-unrecognised-approval-counts: a 审批结果 that neither starts with an approval nor
    /// holds a refusal (不宜延长, 待院长签批, 未签批, 研究后再定) is unknown, not approved; 是
    /// and 1 in a yes/no column approve, and a pending word (拟同意, 审批中) is still withheld.
    #[test]
    fn an_opinion_the_lists_do_not_know_is_no_approval() {
        let rules = built_in_rules();
        let said = |text: &str| approval(text, &Cell::Text(text.into()), &rules);
        for text in ["不宜延长", "待院长签批", "未签批", "研究后再定"] {
            assert_eq!(said(text), Approval::Unknown, "{text}");
        }
        // The other common wordings of an approval are approvals, not unknown.
        for text in [
            "同意",
            "是",
            "1",
            "院长：批准",
            "通过",
            "已通过",
            "审核通过",
            "审批同意",
            "核准",
            "已核准",
            "已批",
            "已签批",
        ] {
            assert_eq!(said(text), Approval::Given, "{text}");
        }
        assert_eq!(said("未通过"), Approval::Withheld);
        assert_eq!(approval("1", &Cell::Number(1.0), &rules), Approval::Given);
        for text in ["拟同意", "审批中", "否", "不同意"] {
            assert_eq!(said(text), Approval::Withheld, "{text}");
        }
    }

    /// The approval and running-period words are rows.toml's: a court whose clerks write
    /// 缓议 for "put off" and 尚待恢复 for a suspension not yet lifted adds them there, and a
    /// rows.toml written before the lists were rules reads the built-in ones.
    #[test]
    fn approval_and_running_words_come_from_rows_toml() {
        let built_in = built_in_rules();
        let cell = |t: &str| Cell::Text(t.into());
        assert_eq!(
            approval("缓议", &cell("缓议"), &built_in),
            Approval::Unknown
        );
        assert!(!fields::still_running(
            "尚待恢复",
            &built_in.running_period_words
        ));
        let text = include_str!("../../pipelines/rules/rows.toml")
            .replacen(
                "approval_refusals = [",
                "approval_refusals = [\"缓 议\", ",
                1,
            )
            .replacen(
                "running_period_words = [",
                "running_period_words = [\"尚待恢复\", ",
                1,
            );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rows.toml"), &text).unwrap();
        let own = Rules::load(Some(dir.path())).unwrap();
        assert_eq!(approval("缓议", &cell("缓议"), &own), Approval::Withheld);
        assert!(fields::still_running(
            "至今尚待恢复",
            &own.running_period_words
        ));
        assert_eq!(
            fields::parse_period("2025.9.1至尚待恢复", &own.running_period_words),
            NaiveDate::from_ymd_opt(2025, 9, 1).map(|d| (d, None))
        );
        // Written before the lists: the built-in words.
        let start = text.find("# A register's approval").unwrap();
        std::fs::write(dir.path().join("rows.toml"), &text[..start]).unwrap();
        let old = Rules::load(Some(dir.path())).unwrap();
        assert_eq!(
            approval("不同意", &cell("不同意"), &old),
            Approval::Withheld
        );
        assert!(fields::still_running(
            "至今未恢复",
            &old.running_period_words
        ));
        // An empty word would match every text.
        let empty = text.replacen("approval_given = [", "approval_given = [\" \", ", 1);
        std::fs::write(dir.path().join("rows.toml"), empty).unwrap();
        let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("approval_given"), "{e}");
    }

    /// s-extension-length-with-until-rejected: an extension written with its length and its
    /// new deadline gives both; the deadline alone, or a length alone, is no such pair.
    #[test]
    fn an_extensions_length_and_new_deadline_are_both_read() {
        let until = NaiveDate::from_ymd_opt(2026, 3, 31);
        for (text, length) in [
            ("延长3个月至2026年3月31日", "延长3个月"),
            ("3个月，至2026年3月31日", "3个月"),
            ("延长三个月（至2026年3月31日）", "延长三个月"),
            ("延长期限3个月，延长至2026.3.31", "延长期限3个月"),
            ("90天 至 2026-03-31", "90天"),
            ("3，至2026年3月31日", "3"),
        ] {
            assert_eq!(
                length_with_until(text),
                until.map(|u| (length, u)),
                "{text}"
            );
        }
        for text in [
            "延长至2026年3月31日",
            "3个月",
            "延长约3个月至2026年3月31日",
            "延长3个月至下月底",
        ] {
            assert_eq!(length_with_until(text), None, "{text}");
        }
    }

    /// Red-team round 58 (h-status-bracket-date-method): a date among the words of a
    /// status's second part is cut from them, and the cell read without it; only when those
    /// words close or suspend the case.
    #[test]
    fn a_date_among_the_second_parts_words_is_cut_from_them() {
        let r = Rules::load(None).unwrap();
        for (raw, date, read) in [
            (
                "已结（2025.5.1执行完毕）",
                "2025.5.1",
                (Some("closed"), Some("执行完毕")),
            ),
            (
                "已结（2025.5.1终本）",
                "2025.5.1",
                (Some("closed"), Some("终本")),
            ),
            (
                "已结（终本，2025.5.1）",
                "2025.5.1",
                (Some("closed"), Some("终本")),
            ),
            (
                "已结（2025年5月1日执行完毕）",
                "2025年5月1日",
                (Some("closed"), Some("执行完毕")),
            ),
            (
                "已结，2025.5.1执行完毕",
                "2025.5.1",
                (Some("closed"), Some("执行完毕")),
            ),
            (
                "已结-2025.5.1 终本",
                "2025.5.1",
                (Some("closed"), Some("终本")),
            ),
        ] {
            assert_eq!(
                date_in_second_part(&r, raw),
                Some((date, Some(read))),
                "{raw}"
            );
        }
        // Closed and open at once, as 未结（终本）.
        assert_eq!(
            date_in_second_part(&r, "未结（2025.5.1终本）"),
            Some(("2025.5.1", None))
        );
        // No date among words, or words that neither close nor suspend: the cell is read
        // as a whole.
        for raw in [
            "已结（2025.5.1）",
            "终本（2次）",
            "终本（2024.1.5恢复）",
            "已结（2025.5.1补录）",
            "执行完毕",
            "2025.5.1已结（执行完毕）",
        ] {
            assert_eq!(date_in_second_part(&r, raw), None, "{raw}");
        }
    }

    /// Red-team round 36: a state and its date in one cell, the date before, after, or in
    /// brackets after the words; a count or a year beside a word is no date.
    #[test]
    fn a_date_is_cut_from_its_words_wherever_it_is_written() {
        for (raw, date, words) in [
            ("2025/10/22 终本", "2025/10/22", "终本"),
            ("2025.10.22结（终本）", "2025.10.22", "结（终本）"),
            ("执行完毕 2025-03-05", "2025-03-05", "执行完毕"),
            ("已结2025.3.5", "2025.3.5", "已结"),
            ("执行完毕（2025.3.5）", "2025.3.5", "执行完毕"),
            ("中止(2025.4.1)", "2025.4.1", "中止"),
            ("中止（2025.4.1起）", "2025.4.1起", "中止"),
            ("执行完毕（3.5）", "3.5", "执行完毕"),
            ("20250305 终本", "20250305", "终本"),
        ] {
            assert_eq!(date_part(raw), Some((date, words)), "{raw}");
        }
        for raw in [
            "终本",
            "终本（2次）",
            "已终本（2024.1恢复）",
            "2025年终本",
            "终本 2025年",
            "2025-03-05",
            "（2025）浙0602执1号",
        ] {
            assert_eq!(date_part(raw), None, "{raw}");
        }
        assert_eq!(
            dated_words("执行完毕 2023-10-01"),
            Some((NaiveDate::from_ymd_opt(2023, 10, 1).unwrap(), "执行完毕"))
        );
    }
}
