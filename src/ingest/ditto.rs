//! Ditto marks (同上, 〃, "): a cell that repeats the cell above is filled from it, within
//! a short reach, and a ditto with nothing above it is a field reject.

use super::*;

/// The longest ditto mark of the rules, in bytes: a longer cell is none (a cheap test).
pub(super) const DITTO_MAX_BYTES: usize = 12;

/// Whether a cell says "the same as above" ([`Rules::ditto_marks`]).
pub(super) fn is_ditto(rules: &Rules, cell: &Cell) -> bool {
    // Cheap tests first: this looks at every cell. (A mark with spaces before it is
    // missed; clerks type the mark alone.)
    matches!(cell, Cell::Text(t) if t.len() <= DITTO_MAX_BYTES
        && t.chars().next().is_some_and(|c| rules.ditto_leads.contains(&c))
        && rules.ditto_marks.iter().any(|m| m == t.trim()))
}

/// Whether a row has a ditto mark outside its 案号 column.
pub(super) fn has_ditto(plan: &SheetPlan, header: &HeaderInfo, row: &Row) -> bool {
    row.cells
        .iter()
        .enumerate()
        .any(|(c, cell)| Some(c) != header.case_col && is_ditto(plan.rules, cell))
}

/// How far up a ditto mark's value is looked for.
pub(super) const DITTO_REACH: usize = 200;

/// `row` with each ditto mark (同上, 〃) replaced by the cell it stands for: the nearest
/// cell above in its column that is neither empty nor a mark itself, among the data rows of
/// this batch (`above`: from the first to the row's own), then of the batches before
/// ([`SheetPlan::ditto_above`]): where a batch ends depends on the batch size, not on the
/// data. One with none in reach is read as empty, and listed in the rejects.
pub(super) fn fill_dittos(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    above: std::ops::Range<usize>,
    row: &Row,
    out: &mut Row,
    rejects: &mut Vec<Reject>,
) {
    out.clone_from(row);
    for c in 0..out.cells.len() {
        if Some(c) == header.case_col || !is_ditto(plan.rules, &out.cells[c]) {
            continue;
        }
        let found = (above.start.max(above.end.saturating_sub(DITTO_REACH))..above.end)
            .rev()
            .map(|j| batch.cell(j, c))
            .find(|cell| !cell.is_empty() && !is_ditto(plan.rules, cell))
            .or_else(|| carried(plan, c, above.len()));
        match found {
            Some(cell) => out.cells[c] = cell,
            None => {
                let field = plan
                    .mapping
                    .get(c)
                    .copied()
                    .flatten()
                    .map_or("extra", |f| f.name);
                rejects.push(reject(
                    plan,
                    row.line,
                    field,
                    Some(c),
                    out.cells[c].display(),
                    "同上 (the same as above) with no value above it in reach: read as empty"
                        .into(),
                ));
                out.cells[c] = Cell::Empty;
            }
        }
    }
}

/// The cell of column `c` carried from the batches before, when it is in reach of a row
/// `rows` rows below the batch's first.
fn carried(plan: &SheetPlan, c: usize, rows: usize) -> Option<Cell> {
    let (up, cell) = plan.ditto_above.get(c)?.as_ref()?;
    (rows + up <= DITTO_REACH).then(|| cell.clone())
}

/// [`SheetPlan::ditto_above`] for the batch after this one: per column, the nearest cell
/// in reach above the end of `rows` (the batch's rows read with the sheet's header) that
/// is neither empty nor a mark, else the one carried into this batch, if still in reach.
/// The batches' parts are parsed in parallel, each from its batch alone: without this, a
/// 同上 in the first rows of a batch was read as having nothing above it.
pub(super) fn dittos_carried(
    plan: &SheetPlan,
    batch: &Batch,
    rows: std::ops::Range<usize>,
) -> Vec<Option<(usize, Cell)>> {
    let end = rows.end;
    let reach = rows.start.max(end.saturating_sub(DITTO_REACH))..end;
    let width = reach
        .clone()
        .map(|j| batch.width(j))
        .max()
        .unwrap_or(0)
        .max(plan.ditto_above.len());
    (0..width)
        .map(|c| {
            reach
                .clone()
                .rev()
                .map(|j| (end - j, batch.cell(j, c)))
                .find(|(_, cell)| !cell.is_empty() && !is_ditto(plan.rules, cell))
                .or_else(|| {
                    let (up, cell) = plan.ditto_above.get(c)?.as_ref()?;
                    let up = up + rows.len();
                    (up <= DITTO_REACH).then(|| (up, cell.clone()))
                })
        })
        .collect()
}
