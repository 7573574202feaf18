//! Rows that hold only a further party of the case above them (a second respondent on a row
//! of its own, its other cells blank): they are read into that case, not counted as cases.

use super::*;

/// The reason given for a party row taken into the case above it.
pub(super) const PARTY_ROW: &str = "party row: its names added to the case above";

/// The party names of a party row, by column: a row with no case number of its own whose
/// only values of its own are in party columns (被执行人, 申请执行人), which is how a clerk
/// lists a case's further parties: the case's other cells left blank, merged down over
/// the party rows (their values filled in by the reader), or merged in a workbook saved as
/// CSV. `None` for any other row, including a footer, a note or a heading written in a
/// party column.
pub(super) fn party_row(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> Option<PartyRow> {
    let mut names = Vec::new();
    // A row whose 案号 is merged down from the case above is that case's row, whatever its
    // names look like (JOHN SMITH, 柯桥区王记面馆, a one-character 李): the merge says so.
    let in_merged_case = plan
        .field_col("case_no")
        .is_some_and(|c| c < 64 && row.filled >> c & 1 == 1);
    // A row may give identity numbers alone: a further party's 身份证号 or 统一社会信用代码
    // on a row of its own, the names all listed in the case's cell (张三、李四 over one
    // number a row). Each must be shaped like one (see `fits`).
    for (c, cell) in row.cells.iter().enumerate() {
        // A value merged down from the case's first row is that row's, not this one's.
        if row.blank_or_filled(c) {
            continue;
        }
        let field = plan.mapping.get(c).copied().flatten()?;
        if field.ty != FieldType::Parties {
            return None;
        }
        let Cell::Text(text) = cell else {
            return None;
        };
        if heading_numbered(text.trim_start()) {
            return None;
        }
        let spaces = plan.space_split();
        let numbers = is_id_field(field.name);
        let list = match parties_in(cell, Some(&spaces)) {
            Some(list) => list,
            // 无 or / where a party has no number: no number, not a note.
            None if numbers => continue,
            None => return None,
        };
        // Each name a person's (2–4 汉字, or a dotted minority name), a company's or a
        // government body's by the party rules, each number shaped like one: a heading
        // such as （二）恢复执行案件 or a note typed in the column is not taken for a party.
        let fits = |n: &Cow<str>| {
            if numbers {
                looks_like_id_number(n)
            } else {
                in_merged_case || looks_like_party(plan, n)
            }
        };
        if !list.iter().all(fits) {
            return None;
        }
        names.push((c, list.into_iter().map(Cow::into_owned).collect()));
    }
    if names.is_empty() || numbered_note(row, header) || non_data_reason(row, header).is_some() {
        return None;
    }
    Some(names)
}

/// Whether a name is recognisably a party's: a person's, a company's or a government
/// body's by the rules' markers.
pub(super) fn looks_like_party(plan: &SheetPlan, name: &str) -> bool {
    fields::party_kind_by(name, &plan.government_markers, &plan.company_markers)
        != fields::PartyKind::Unknown
}

/// Whether text is shaped like an identity number (证件号码): a checked 居民身份证号码 or
/// 统一社会信用代码, or another code of Latin letters, digits and hyphens with a digit in
/// it (an old 组织机构代码 such as 12345678-9, a passport number).
pub(super) fn looks_like_id_number(text: &str) -> bool {
    fields::id_kind(text).is_some()
        || ((6..=32).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && text.bytes().any(|b| b.is_ascii_digit()))
}

/// Whether a row takes the party rows below it: a case row with its case number, not a
/// footer or a heading, and not shifted (rejected whole).
pub(super) fn anchors_party_rows(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> bool {
    let has_case_number = header
        .case_col
        .and_then(|c| row.cells.get(c))
        .and_then(fields::normalize_text)
        .is_some_and(|t| parse_case_number(&t).is_ok() || several_case_numbers(&t).is_some());
    has_case_number && shifted_row(plan, row).is_none() && non_data_reason(row, header).is_none()
}

/// Where the party rows at `start` end when the case above them (in an earlier part of
/// the batch, at or after `first`) takes them, else `start`: what the part with that case
/// decides, decided again here from the same rows. Rows before `taken` are party rows of
/// the case that ended the batch before.
pub(super) fn party_rows_taken_above(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    first: usize,
    taken: usize,
    start: usize,
) -> usize {
    let mut look = Row::default();
    let is_party_row = |i: usize, look: &mut Row| is_party_row(plan, header, batch, i, look);
    if !is_party_row(start, &mut look) {
        return start;
    }
    let mut above = start - 1;
    while above > first && is_party_row(above, &mut look) {
        above -= 1;
    }
    let anchored = if is_party_row(above, &mut look) {
        above < taken
    } else {
        anchors_party_rows(plan, header, batch.row_in(above, &mut look))
    };
    if !anchored {
        return start;
    }
    party_rows_from(plan, header, batch, start).0
}

/// Whether row `i` of a batch is a party row ([`party_row`]); its case cell is looked at
/// first, without decoding the row.
pub(super) fn is_party_row(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    i: usize,
    look: &mut Row,
) -> bool {
    header.case_col.is_some_and(|c| batch.cell_blank(i, c))
        && party_row(plan, header, batch.row_in(i, look)).is_some()
}

/// The party rows of a batch from row `start` on: where they end, and their names.
pub(super) fn party_rows_from(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    start: usize,
) -> (usize, Vec<PartyRow>) {
    let mut names = Vec::new();
    let mut end = start;
    let Some(case_col) = header.case_col else {
        return (end, names);
    };
    let mut look = Row::default();
    while end < batch.len() && batch.cell_blank(end, case_col) {
        match party_row(plan, header, batch.row_in(end, &mut look)) {
            Some(n) => names.push(n),
            None => break,
        }
        end += 1;
    }
    (end, names)
}

/// The case that ends the batch (rows `taken..` of it), if one does: its row is the last
/// row, or only party rows follow it.
pub(super) fn carried_case(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    taken: usize,
) -> Option<Carried> {
    let last = batch.len().checked_sub(1).filter(|&l| l >= taken)?;
    let mut look = Row::default();
    let is_party_row = |i: usize, look: &mut Row| is_party_row(plan, header, batch, i, look);
    let mut case = last;
    while case > taken && is_party_row(case, &mut look) {
        case -= 1;
    }
    let row = batch.row_in(case, &mut look).clone();
    if is_party_row(case, &mut Row::default()) || !anchors_party_rows(plan, header, &row) {
        return None;
    }
    let (end, names) = party_rows_from(plan, header, batch, case + 1);
    (end == batch.len()).then_some(Carried { row, names })
}
