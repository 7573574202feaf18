//! One sheet, from its first batch of rows to its columns: the header found below any
//! title rows, the rows classified and cut into parts parsed in parallel ([`parse_part`]),
//! the parts stacked in input order, and the sheet's counts for the manifest.

use super::*;

/// The width of a delimited file's rows below its header: the header's, or the most
/// common width when that is more (a delimiter at the end of every data line); `None` when
/// more than a third of the rows are wider still (a file whose lines end irregularly: then
/// only a filled field past the header is a sign of a shifted row).
pub(super) fn usual_row_width(batch: &Batch, start: usize, header_width: usize) -> Option<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for i in start..batch.len() {
        *counts.entry(batch.width(i)).or_default() += 1;
    }
    let rows: usize = counts.values().sum();
    let usual = counts
        .iter()
        .max_by_key(|&(w, n)| (*n, std::cmp::Reverse(*w)))
        .map_or(header_width, |(&w, _)| w)
        .max(header_width);
    let wider: usize = counts.range(usual + 1..).map(|(_, n)| n).sum();
    (wider * 3 <= rows).then_some(usual)
}

/// `file, sheet NAME`: where a problem is, for messages about one sheet of a workbook.
pub(super) fn located(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("{file}, sheet {s}"),
        None => file.to_string(),
    }
}

/// Accounts every remaining row of a sheet that is not read (blank, or skipped for
/// `reason`). `None`: the reader restarts the sheet.
pub(super) fn skip_sheet(
    rows: &mut SheetRows,
    entry: &mut SheetEntry,
    reason: &str,
) -> Result<Option<()>> {
    skip_sheet_by(rows, entry, |_| reason)
}

/// [`skip_sheet`], each row skipped for the reason `reason` gives it.
fn skip_sheet_by<'a>(
    rows: &mut SheetRows,
    entry: &mut SheetEntry,
    reason: impl Fn(&Row) -> &'a str,
) -> Result<Option<()>> {
    loop {
        let (batch, start) = match rows.next_batch()? {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(Restart) => return Ok(None),
        };
        for i in start..batch.len() {
            if batch.row(i).cells.iter().all(|c| c.is_empty()) {
                entry.blank_rows += 1;
            } else {
                let row = batch.row(i);
                *entry.skipped.entry(reason(&row).to_string()).or_default() += 1;
            }
        }
        rows.reader.recycle(batch);
    }
    count_rows_read(rows, entry);
    Ok(Some(()))
}

/// The sheet's rows read: every row received, and the empty lines of a delimited file,
/// which its parser skips (no batch holds them), counted as the blank rows they are, as a
/// line of bare delimiters is. Without them a file's rows_read fell short of its lines and
/// of the `source_row` numbers after an empty line.
fn count_rows_read(rows: &SheetRows, entry: &mut SheetEntry) {
    let empty = rows.reader.empty_lines;
    entry.rows_read = rows.received + empty;
    entry.blank_rows += empty;
}

/// The column names under `profile`, and how many rows the header takes (see
/// [`profile::header_at`]); `next`: the rows below the header's first row. A row of units
/// under a header of two rows (a group header over the names, then （万元）) is the
/// header's third: its units belong to the names, and read as 元 the amounts would be
/// ten thousand times too small.
/// A header row's texts, its own cells only: the names merged down over it are the rows
/// above's.
pub(super) fn own_header_texts(row: &Row) -> Vec<String> {
    header_texts(row)
        .into_iter()
        .enumerate()
        .map(|(c, t)| {
            if row.blank_or_filled(c) {
                String::new()
            } else {
                t
            }
        })
        .collect()
}

pub(super) fn header_names(profile: &Profile, row: &Row, next: &[Row]) -> (Vec<String>, usize) {
    let below = next.first().map(header_texts);
    let (names, height) = profile::header_at(profile, &header_texts(row), below.as_deref());
    if let (2, Some(third)) = (height, next.get(1)) {
        let texts = own_header_texts(third);
        let mut own = texts.iter().filter(|s| !s.is_empty()).peekable();
        if own.peek().is_some() && own.all(|s| profile::unit_only(s).is_some()) {
            return (profile::two_row_header(&names, &texts), 3);
        }
        // A header of three levels (关联信息 over 原案情况 over 案号 | 结案方式; 办理情况 over
        // 结案情况 over 日期 | 方式): the third row names the columns under the second's
        // groups, when read so the header maps more fields.
        if texts.iter().any(|s| !s.is_empty()) {
            if let (three, 2) = profile::header_at(profile, &names, Some(&texts)) {
                return (three, 3);
            }
        }
    }
    // The same when the second row only holds groups (结案情况 | 原案情况), which map nothing
    // by themselves: the three rows together must map more than the first alone.
    if let (1, Some(second), Some(third)) = (height, below.as_deref(), next.get(1)) {
        let texts = own_header_texts(third);
        if texts.iter().any(|s| !s.is_empty()) {
            let two = profile::header_combined(profile, &header_texts(row), second);
            let (three, h) = profile::header_at(profile, &two, Some(&texts));
            let mapped = |h: &[String]| profile.map_headers(h).iter().flatten().count();
            if h == 2 && mapped(&three) > mapped(&names) {
                return (three, 3);
            }
        }
    }
    (names, height)
}

/// The header's second row when [`header_names`] did not take it as one (its sub-headers
/// map fewer fields than the first row alone: 执行到位金额（元） over 本期 | 本年, neither the
/// case's amount) but, read on its own, it is a header with other fields than the first
/// row's (the names merged over both rows repeated in it): a new section's header right
/// under the header, a section without rows, is the same header's second row. Read so,
/// its rows were otherwise read with the second row's columns alone and lost every group
/// (申请执行标的（元） over 本金 | 利息 | 合计 too) while the manifest listed the first
/// row's fields as mapped. Returns the names of the two rows, and for each field the first
/// row maps and the two rows do not, what to say of it: it is not read, never read
/// silently empty, nor from a column that is only a part of it (本期).
fn second_header_row(
    file: &str,
    sheet_name: Option<&str>,
    profile: &Profile,
    rules: &Rules,
    headers: &[String],
    second: &Row,
) -> Option<(Vec<String>, Vec<String>)> {
    // Cheap test first: a header's second row repeats a name merged over both rows.
    let repeats = second
        .cells
        .iter()
        .zip(headers)
        .any(|(c, h)| matches!(c, Cell::Text(t) if !h.is_empty() && t.trim() == h));
    if !repeats {
        return None;
    }
    let (_, info) = plan_for(
        file,
        sheet_name,
        profile,
        rules,
        headers.to_vec(),
        AmountUnit::Yuan,
        false,
    );
    if !matches!(non_data_reason(second, &info), Some((_, Below::NewHeader))) {
        return None;
    }
    let below = header_texts(second);
    let names = profile::header_combined(profile, headers, &below);
    let one = profile.map_headers(headers);
    let two = profile.map_headers(&names);
    let lost = one
        .iter()
        .enumerate()
        .filter_map(|(c, f)| {
            let f = (*f)?;
            if two.iter().flatten().any(|g| g.name == f.name) {
                return None;
            }
            // The group's sub-headers: the second row's own names under it.
            let subs: Vec<&str> = (c..names.len())
                .take_while(|&k| k == c || headers.get(k).is_none_or(|h| h.is_empty()))
                .filter_map(|k| below.get(k).map(|s| s.trim()))
                .filter(|s| !s.is_empty() && *s != headers[c])
                .collect();
            Some(format!(
                "{} over {}: no sub-header names the case's own figure (累计, 合计), only \
                 parts of it, so {} is not read from this sheet",
                headers[c],
                subs.join(" | "),
                f.name
            ))
        })
        .collect();
    Some((names, lost))
}

/// A header row's texts, without the NUL padding, direction marks and control characters
/// that cleaning drops from every data cell (README): 案号\0\0 or 案号\u{200e} is 案号, else
/// the file's header would not be found while its data cells read fine. So for the marks
/// that keep a cell as text (`="案号"`, `'案号`, [`super::fields::strip_text_marks`]): a
/// system that wraps every data cell so wraps its header too.
pub(super) fn header_texts(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| {
            let shown = c.display();
            let shown = if shown.chars().any(super::fields::is_invisible) {
                shown.replace(super::fields::is_invisible, "")
            } else {
                shown
            };
            super::fields::strip_text_marks(shown.trim())
                .trim()
                .to_string()
        })
        .collect()
}

/// The texts of a header's rows ([`HeaderInfo::lines`]), when it has more than one: a
/// header of one row printed again is told by its names.
fn header_lines<'r>(rows: impl IntoIterator<Item = &'r Row>) -> Vec<Vec<String>> {
    let lines: Vec<Vec<String>> = rows.into_iter().map(header_texts).collect();
    if lines.len() < 2 {
        return Vec::new();
    }
    lines
}

/// A cell among the rows searched for the header (delimited text) with bytes that the
/// file's encoding does not decode: its row (an index into those rows), column and bytes.
struct BadBytes {
    row: usize,
    col: usize,
    raw: Vec<u8>,
}

/// Reads the cells of `head` (the rows the header is searched in, not the rows read as
/// data) that hold bytes `enc` does not decode as the text around those bytes, and returns
/// where they were. h-undecodable-header-cell-drops-column: a stray byte in front of
/// 案件状态 made the header cell its bytes in hex, which named no field: the column was
/// not read, every 中止 case became pending and the backlog lost them, with exit 0 and
/// no word. The header is matched without the bytes, and the sheet's warnings say so.
///
/// `transcoded`: the file is UTF-16 or UTF-32, whose undecodable cell holds only its bad
/// units' bytes: decoded as UTF-8 they would make up a name (a lone surrogate's bytes read
/// as "A"), so the cell is left unread, and the warning says no name can be read from it.
fn decode_around_bad_bytes(
    head: &mut [Row],
    enc: &'static encoding_rs::Encoding,
    transcoded: bool,
) -> Vec<BadBytes> {
    let mut found = Vec::new();
    for (i, row) in head.iter_mut().enumerate() {
        for (c, cell) in row.cells.iter_mut().enumerate() {
            let Cell::Undecodable(raw) = cell else {
                continue;
            };
            let raw = std::mem::take(raw);
            let (text, _) = enc.decode_without_bom_handling(&raw);
            let text = text.replace(char::REPLACEMENT_CHARACTER, "");
            // A UTF-16 file's bad unit keeps only its own bytes: nothing around them to read.
            *cell = if transcoded || text.trim().is_empty() {
                Cell::Undecodable(raw.clone())
            } else {
                Cell::Text(text)
            };
            found.push(BadBytes {
                row: i,
                col: c,
                raw,
            });
        }
    }
    found
}

/// The warning for a header cell read around bytes its encoding does not decode
/// ([`decode_around_bad_bytes`]): the column, row and bytes, what the cell was read as,
/// and the field it maps to; when none, its column is not read, and that is said too.
fn bad_header_bytes_warning(
    bad: &BadBytes,
    line: usize,
    read_as: &Cell,
    field: Option<&str>,
) -> String {
    let hex: String = bad.raw.iter().map(|b| format!("{b:02x}")).collect();
    let place = format!(
        "the header cell in column {} (row {line}) holds bytes that are not text in the \
         file's encoding (0x{hex})",
        source::column_letters(bad.col as u32)
    );
    match (read_as, field) {
        (Cell::Text(t), Some(f)) => format!(
            "{place}: read as \"{}\" without them, which maps to {f}; check that this is the \
             column meant, and correct the header cell in the file",
            t.trim()
        ),
        (Cell::Text(t), None) => format!(
            "{place}: read as \"{}\" without them, which names no field, so the column is \
             not read; correct the header cell in the file and ingest again",
            t.trim()
        ),
        _ => format!(
            "{place}: no name can be read from it, so the column is not read; correct the \
             header cell in the file and ingest again"
        ),
    }
}

/// How the warning about an amount column whose header was read around bytes the file's
/// encoding does not decode begins (the exit code counts it: [`super::incomplete_exports`]).
pub const UNTRUSTED_UNIT: &str = "an amount column not read";

/// The warning for an amount header cell read around bytes its encoding does not decode:
/// the bytes may have been its unit, so the column is not read ([`UNTRUSTED_UNIT`]).
fn untrusted_unit_warning(
    bad: &BadBytes,
    line: usize,
    read_as: &str,
    field: Option<&str>,
) -> String {
    let hex: String = bad.raw.iter().map(|b| format!("{b:02x}")).collect();
    let maps = field.map_or(String::new(), |f| format!(", which maps to {f}"));
    format!(
        "{UNTRUSTED_UNIT}: the header cell in column {} (row {line}) holds bytes that are not \
         text in the file's encoding (0x{hex}); read without them it is \"{read_as}\"{maps}, \
         but the bytes may have been its unit (万元 read as 元 makes every amount 10,000 times \
         too small), so its amounts are not read; correct the header cell in the file and \
         ingest again",
        source::column_letters(bad.col as u32)
    )
}

/// How the reason of a row a delimited file seems cut off inside begins.
pub const CUT_OFF_RECORD: &str = "the file seems cut off inside this record";

/// Parts stacked into one frame as they come (see `process_sheet`): a sheet has few parts
/// unless new headers cut it into many.
const MERGE_PARTS: usize = 256;

/// Rows parsed in one task: a slice of a batch.
pub(super) const PART_ROWS: usize = 4096;

/// Classifies and parses rows `range` of a batch into a part with its own columns.
///
/// `below_footer`: the rows before the part ended with a footer or a note (制表人, 注：),
/// so numbered lines (`1. 本表数据截至…`) are notes, until the header comes again or a row
/// is written. Parts are parsed in parallel, each from the state at the start of its batch;
/// a part whose numbered lines depend on that state says so, and is parsed again with the
/// state the parts before it left when that differs (a footer at the end of one part and
/// its notes at the start of the next: rare, and only that part is read twice).
pub(super) fn parse_part(
    plan: &SheetPlan,
    header: &HeaderInfo,
    batch: &Batch,
    range: std::ops::Range<usize>,
    first: usize,
    taken: usize,
    mut below_footer: bool,
) -> PolarsResult<Part> {
    let mut part = Part {
        started_below_footer: below_footer,
        ..Part::default()
    };
    let mut decided = false;
    let range_len = range.len();
    let mut builders: Vec<ColumnBuilder> = out_columns(plan.table)
        .iter()
        .map(|c| ColumnBuilder::with_capacity(&c.name, c.ty, range_len))
        .collect();
    let mut height = 0;
    // Buffers reused from row to row: a CSV row's cells (their strings keep their room)
    // and the parsed values.
    let mut scratch = Row::default();
    // A row whose ditto marks (同上) were replaced by the cells they stand for.
    let mut dittoed = Row::default();
    // A row with a merged header's later cells read into its first (`joined_merged`).
    let mut joined: Row;
    // Values borrow from their row: the buffer is recycled for each row's lifetime.
    let mut spare: Vec<Value<'static>> = Vec::with_capacity(64);
    // Party rows below a case: their names, and the end of the rows already taken into a
    // case. Party rows at the start of the part belong to the case above it when that case
    // takes them (the part before reads them as it does).
    let mut more: Vec<PartyRow> = Vec::new();
    let mut absorbed_to = range.start.max(taken);
    if range.start > first {
        absorbed_to = party_rows_taken_above(plan, header, batch, first, taken, range.start);
    }
    for i in range {
        if i < absorbed_to {
            *part.skipped.entry(PARTY_ROW.to_string()).or_default() += 1;
            continue;
        }
        let row: &Row = match batch {
            Batch::Rows(rows) => &rows[i],
            Batch::Records(records) => {
                records.row_into(i, &mut scratch);
                &scratch
            }
        };
        if row.cells.iter().all(|c| c.is_empty()) {
            part.blank += 1;
            continue;
        }
        let row: &Row = if has_ditto(plan, header, row) {
            fill_dittos(
                plan,
                header,
                batch,
                first..i,
                row,
                &mut dittoed,
                &mut part.rejects,
            );
            &dittoed
        } else {
            row
        };
        let row: &Row = if plan.merged_cols.is_empty() {
            row
        } else if let Some(j) = joined_merged(plan, row) {
            joined = j;
            &joined
        } else {
            row
        };
        if (below_footer || !decided) && numbered_note(row, header) {
            part.depends_on_start |= !decided;
            if below_footer {
                *part.skipped.entry(NUMBERED_NOTE.to_string()).or_default() += 1;
                // A note under the footer (1. 本表数据截至2024年6月30日) states the
                // snapshot's date as the footer would.
                if part.footer_as_of.is_none() {
                    part.footer_as_of = table_cut_off(row, plan.rules);
                }
                continue;
            }
        }
        // A heading naming a state however it is numbered (4、已结案件, ⑬终本案件, 第六部分
        // 已结案件), alone on its row: the rows below it take its state.
        // (Cheap test first: a data row has a second filled cell at once.)
        if row.cells.iter().filter(|c| !c.is_empty()).nth(1).is_none() {
            if let Some((text, state)) = heading_state(plan, row) {
                if Some(state) != plan.sheet_state {
                    part.state_heading = Some((i, SECTION_HEADING.to_string(), text.to_string()));
                    break;
                }
                *part.skipped.entry(SECTION_HEADING.to_string()).or_default() += 1;
                continue;
            }
        }
        if let Some((reason, below)) = non_data_reason(row, header) {
            if below == Below::NewHeader {
                // The rows from here on are read with that header (see `process_sheet`).
                part.new_header = Some(i);
                break;
            }
            if matches!(reason.as_str(), SECTION_HEADING | HEADING | PERIOD_HEADING) {
                if let Some((text, _)) =
                    heading_state(plan, row).filter(|(_, s)| Some(*s) != plan.sheet_state)
                {
                    part.state_heading = Some((i, reason, text.to_string()));
                    break;
                }
            }
            if reason.starts_with(PAGE_LINE) {
                if let Some((_, said)) = page_line(row, header) {
                    part.stated.add(said, row.line, &row_text(row));
                }
            }
            if part.footer_date.is_none() {
                part.footer_date = labelled_date(row, &plan.rules.made_on_labels);
            }
            // k-footer-cutoff-date-ignored-older-export-wins: a footer or a note under the
            // table (数据截至2026年2月28日, 注：数据截至…, 备注：统计截止日期…) states the
            // snapshot's date as a title's 截至… does. Read only for 导出时间 and 打印日期, the
            // line was skipped and the export ranked by its rows' dates, so an older list
            // won dedup. Only below the table: a heading inside it (截至2025年底已结案件)
            // dates its section, not the export.
            if part.footer_as_of.is_none() && below == Below::Footer {
                part.footer_as_of = table_cut_off(row, plan.rules);
            }
            if part.unit_below.is_none() && below == Below::Footer {
                part.unit_below = stated_amount_unit(row).map(|u| (row.line, u));
            }
            *part.skipped.entry(reason).or_default() += 1;
            if matches!(below, Below::Footer | Below::Table) {
                below_footer = below == Below::Footer;
                decided = true;
            }
            continue;
        }
        // A line of a total's breakdown below its 其中 row (已结1件 | | 20000 | 20000): a
        // label and amounts alone, which only the rows above tell from a case's row. Read
        // as a case, each line was a pending case with the breakdown's amount.
        if breakdown_line(row, header) {
            if let Some(marker) =
                breakdown_above(header, batch, first, i, plan.breakdown_open.as_deref())
            {
                *part
                    .skipped
                    .entry(format!("{BREAKDOWN_LINE} ({marker})"))
                    .or_default() += 1;
                continue;
            }
        }
        // A line of text alone below a footer or a note is a note of the table whatever
        // its words; a part that has not yet seen what stands above it depends on the part
        // before (as a numbered note does).
        if (below_footer || !decided) && note_line(row, header) {
            part.depends_on_start |= !decided;
            if below_footer {
                *part
                    .skipped
                    .entry(NOTE_BELOW_FOOTER.to_string())
                    .or_default() += 1;
                // A note under the footer (1. 本表数据截至2024年6月30日) states the
                // snapshot's date as the footer would.
                if part.footer_as_of.is_none() {
                    part.footer_as_of = table_cut_off(row, plan.rules);
                }
                continue;
            }
        }
        // h-csv-cut-off-last-record-silent: the record a delimited file seems cut off inside
        // is a fragment: rejected whole and the sheet said cut off, never a case with its
        // later fields blank. Asked only of a row read as data: a complete file's last
        // line with no line end (共2条记录, 制表人：郭梅, 合计,2件,,,,30000) was taken for
        // what it is above.
        if let Some(width) = batch.cut_off(i) {
            part.data_rows += 1;
            part.rows_rejected += 1;
            let shown: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
            let fields = row.cells.len();
            let reason = format!(
                "{CUT_OFF_RECORD}: the file ends inside it, with no line end after it and \
                 {fields} of the {width} fields its rows have; its other values and any records \
                 after it are missing: export the list again (or copy the file again)"
            );
            part.rejects.push(row_reject(plan, row, shown, reason));
            part.cut_off = Some(source::cut_off_warning(&format!(
                "it ends inside its last record (line {}), with no line end after it and \
                 {fields} of the {width} fields its rows have",
                row.line
            )));
            continue;
        }
        part.data_rows += 1;
        let mut values = recycle(std::mem::take(&mut spare));
        // The names of party rows right below, for a case that can have them: they are
        // its parties, and the rows are not read again.
        more.clear();
        let mut below = i + 1;
        if let Some(case_col) = header.case_col {
            // Only a case row takes party rows (checked first: a run of party rows with
            // no case above would otherwise be scanned again from each of its rows).
            if below < batch.len()
                && batch.cell_blank(below, case_col)
                && anchors_party_rows(plan, header, row)
            {
                (below, more) = party_rows_from(plan, header, batch, below);
            }
        }
        let p = parse_row(plan, row, &mut values, &more);
        part.rejects.extend(p.rejects);
        part.unnamed.extend(p.unnamed);
        for why in p.read_as_empty {
            *part.read_as_empty.entry(why).or_default() += 1;
        }
        if p.whole_row_rejected {
            part.rows_rejected += 1;
            spare = recycle(values);
            continue;
        }
        part.rows_written += 1;
        absorbed_to = below;
        below_footer = false;
        decided = true;
        for (b, v) in builders.iter_mut().zip(values.drain(..)) {
            b.push(v);
        }
        spare = recycle(values);
        height += 1;
    }
    if height > 0 {
        let mut frame = columns::frame(builders, height)?;
        // A part cut short by a new section's header keeps only its rows' memory: the
        // builders had room for the whole range, and a ledger with a header over every case
        // would otherwise hold a part's worth of memory per case.
        if height * 4 < range_len {
            frame.shrink_to_fit();
        }
        part.frame = Some(frame);
    }
    part.ends_below_footer = decided.then_some(below_footer);
    Ok(part)
}

/// The state a section heading names (二、已结案件, 终本案件), in a sheet whose cases have
/// no status and no closure column: the rows below it take it, as a sheet's rows take
/// the state its name gives. The heading's text, and the state and method.
#[allow(clippy::type_complexity)]
pub(super) fn heading_state<'p, 'r>(
    plan: &SheetPlan<'p>,
    row: &'r Row,
) -> Option<(&'r str, (&'static str, Option<&'p str>, bool))> {
    if plan.table != TableKind::Cases
        || plan
            .mapping
            .iter()
            .flatten()
            .any(|f| matches!(f.ty, FieldType::Status | FieldType::Closure))
    {
        return None;
    }
    let text = row.cells.iter().find_map(|c| match c {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    })?;
    let state = state_of_sheet(plan.rules, without_heading_number(lead_in_cut(text)))?;
    Some((text, state))
}

/// A lone line of a hand-kept register without the words that lead into the rows below it
/// (以下为2025年案件, （以下为已结案件）, 以下系补录案件：): what is left is read as a heading
/// is. Read with them, 以下为2025年案件 was no heading, and its row a rejected case.
pub(super) fn lead_in_cut(text: &str) -> &str {
    let t = text.trim();
    // Wholly in brackets: （以下为已结案件）.
    let t = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
        .filter(|r| r.starts_with("以下"))
        .unwrap_or(t);
    for lead in ["以下均为", "以下为", "以下是", "以下系", "以下"] {
        if let Some(rest) = t.strip_prefix(lead) {
            let rest = rest
                .trim_start_matches(|c: char| c.is_whitespace() || "：:".contains(c))
                .trim_end_matches(|c: char| c.is_whitespace() || "：:。".contains(c));
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    t
}

/// A heading without the number documents put before it: 二、, （二）, (2), 4、, 5., ⑬,
/// 第六部分 (and 第六节, 第六类), as the levels of a Chinese document number them.
pub(super) fn without_heading_number(text: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c);
    let t = text.trim_start();
    let t = if let Some(r) = t.strip_prefix(['（', '(']) {
        let n: usize = r
            .chars()
            .take_while(|&c| numeral(c))
            .map(char::len_utf8)
            .sum();
        match r[n..].strip_prefix(['）', ')']) {
            Some(rest) if n > 0 => rest,
            _ => t,
        }
    } else if let Some(r) = t.strip_prefix('第') {
        let n: usize = r
            .chars()
            .take_while(|&c| numeral(c))
            .map(char::len_utf8)
            .sum();
        match r[n..].strip_prefix(['部', '节', '类', '项']) {
            Some(rest) if n > 0 => rest.strip_prefix('分').unwrap_or(rest),
            _ => t,
        }
    } else if t.starts_with(|c: char| ('\u{2460}'..='\u{249B}').contains(&c)) {
        &t[t.chars().next().map_or(0, char::len_utf8)..]
    } else {
        t.trim_start_matches(numeral)
    };
    t.trim_start_matches(|c: char| "、.．:：,，".contains(c) || c.is_whitespace())
}

/// Replaces a column that holds one value for the whole sheet (pushed as null per row).
pub(super) fn fill_constant(df: &mut DataFrame, name: &str, value: AnyValue) -> PolarsResult<()> {
    let Ok(col) = df.column(name) else {
        return Ok(());
    };
    let dtype = col.dtype().clone();
    let height = df.height();
    let filled = match value {
        AnyValue::Null => Series::full_null(name.into(), height, &dtype),
        AnyValue::String(s) => StringChunked::full(name.into(), s, height).into_series(),
        AnyValue::Date(d) => Int32Chunked::full(name.into(), d, height)
            .into_series()
            .cast(&DataType::Date)?,
        other => Series::from_any_values(name.into(), &[other], false)?.new_from_index(0, height),
    };
    df.replace(name, filled.into_column())?;
    Ok(())
}

/// The reason every row of a summary sheet whose 案号 column holds counts is skipped with.
pub(super) const SUMMARY_COUNTS: &str =
    "summary sheet (counts of cases in its 案号 column, not case numbers)";

/// Whether the 案号 column `col` of the first rows below a header holds counts of cases
/// (2件, 共3件) and nothing else but totals labels (合计), one count at least: a summary's
/// count column headed 案号. One case number, or any other text, and the sheet is read as
/// a case list (its rows rejected where they are no cases), not skipped.
fn counts_of_cases(rows: &[Row], col: usize, rules: &Rules) -> bool {
    let mut counts = 0;
    for row in rows {
        let Some(cell) = row.cells.get(col).filter(|c| !c.is_empty()) else {
            continue;
        };
        let Cell::Text(text) = cell else {
            return false;
        };
        if is_case_count(text) {
            counts += 1;
            continue;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let total = rules
            .non_data_markers
            .iter()
            .any(|m| m.totals && compact.starts_with(m.marker.as_str()));
        if !total {
            return false;
        }
    }
    counts > 0
}

/// The reason every row of a summary sheet by period is skipped with.
pub(super) const SUMMARY_BY_PERIOD: &str =
    "summary sheet (counts of cases by period: months under 立案日期, counts under 案号)";

/// Whether the first rows below a header that names a 案号 and a 立案日期 column are a
/// summary by period (按月统计: 2025年3月 | 未结 | 1 | 10, a pivot table's rows pasted as
/// values under the list's own headers): the 立案日期 column holds periods (2025年3月,
/// 2025-03, 2025年第一季度), no date with its day, and the 案号 column whole numbers or
/// counts (1, 2件), none a case number; besides them only totals labels (总计), one
/// period and one count at least. A case list's 案号 column holds case numbers: one row
/// with a date or a case number, and the sheet is read as cases.
fn summary_by_period(rows: &[Row], case_col: usize, filed_col: usize, rules: &Rules) -> bool {
    let total = |text: &str| {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        rules
            .non_data_markers
            .iter()
            .any(|m| m.totals && compact.starts_with(m.marker.as_str()))
    };
    let (mut periods, mut counts) = (0, 0);
    for row in rows {
        if let Some(cell) = row.cells.get(filed_col).filter(|c| !c.is_empty()) {
            let period = match cell {
                Cell::Text(t) => period_heading(t, &[], &[]) || fields::month_end(cell).is_some(),
                _ => fields::month_end(cell).is_some(),
            };
            if period {
                periods += 1;
            } else if !matches!(cell, Cell::Text(t) if total(t)) {
                return false;
            }
        }
        if let Some(cell) = row.cells.get(case_col).filter(|c| !c.is_empty()) {
            let count = match cell {
                Cell::Number(x) => x.fract() == 0.0 && *x >= 0.0,
                Cell::Text(t) => {
                    let t = t.trim();
                    t.bytes().all(|b| b.is_ascii_digit()) || is_case_count(t)
                }
                _ => false,
            };
            if count {
                counts += 1;
            } else if !matches!(cell, Cell::Text(t) if total(t)) {
                return false;
            }
        }
    }
    periods > 0 && counts > 0
}

/// How the warning about rows that look like cases on a sheet without a header begins (the
/// exit code counts it: [`super::incomplete_exports`]).
pub const UNREAD_CASE_ROWS: &str = "rows that look like cases";

/// The reason rows holding a 案号 on a sheet without a header are skipped with.
const CASE_ROWS_WITHOUT_HEADER: &str =
    "rows that look like cases (a cell holds a 案号) on a sheet without a header";

/// The reason the other rows of a sheet without a header are skipped with.
const NO_HEADER: &str = "sheet without a recognisable header";

/// Whether a row holds a cell that parses as a 案号. Only a cell with a digit in it (a
/// 案号's year, in ASCII or full-width digits) is parsed: a long sheet of notes costs a
/// scan, not a parse, per cell of plain words.
fn holds_case_no(row: &Row) -> bool {
    row.cells.iter().any(|c| match c {
        Cell::Text(t) => {
            t.chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                && crate::casenum::parse(t).is_ok()
        }
        _ => false,
    })
}

/// Whether the first rows of a sheet without a header of its own are more rows of the list
/// on the sheet before (`previous`'s columns): a long list split over sheets writes its
/// header on the first only. Judged by what the cells hold, not by their number alone: no
/// row is wider than the header; in most rows the 案号 column holds a 案号; and in each
/// date column the dates are at least as many as the other values. Rows of another layout
/// (the 案号 in another column, names where dates were) are not read under these columns.
pub(super) fn continues_columns(rows: &[Row], previous: &SheetHeader, profile: &Profile) -> bool {
    let mapping = profile.map_headers(&previous.names);
    let Some(case_col) = mapping
        .iter()
        .position(|f| f.is_some_and(|f| f.name == "case_no"))
    else {
        return false;
    };
    let filled: Vec<&Row> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let width = previous.names.len();
    let wider = |r: &&Row| r.cells.iter().rposition(|c| !c.is_empty()) >= Some(width);
    if filled.is_empty() || filled.iter().any(wider) {
        return false;
    }
    let case_nos = filled
        .iter()
        .filter(|r| {
            matches!(r.cells.get(case_col), Some(Cell::Text(t)) if crate::casenum::parse(t).is_ok())
        })
        .count();
    if case_nos * 2 <= filled.len() {
        return false;
    }
    mapping
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_some_and(|f| f.ty == super::schema::FieldType::Date))
        .all(|(c, _)| {
            let (mut dates, mut others) = (0, 0);
            for cell in filled.iter().filter_map(|r| r.cells.get(c)) {
                if cell.is_empty() {
                    continue;
                }
                if matches!(fields::parse_date(cell), Ok(Some(_))) {
                    dates += 1;
                } else {
                    others += 1;
                }
            }
            dates >= others
        })
}

/// Finds the header and classifies and parses every row of one sheet, batch by batch as
/// the reader delivers them. `Ok(None)`: the reader restarts the sheet. `previous`: the
/// header of the sheet before, for a sheet without one (see [`continues_columns`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn process_sheet(
    file: &str,
    sheet_name: Option<&str>,
    reader: &mut FileReader,
    profiles: &[Profile],
    only: Option<usize>,
    rules: &Rules,
    exported_on: Option<NaiveDate>,
    exported_on_given: bool,
    must_have_header: bool,
    date1904: bool,
    previous: Option<&SheetHeader>,
) -> Result<Option<SheetOutcome>> {
    let mut rows = SheetRows::new(reader);
    let mut entry = SheetEntry::new(sheet_name, 0);
    let mut head = match rows.head(profile::HEADER_SEARCH_ROWS)? {
        Ok(h) => h,
        Err(Restart) => return Ok(None),
    };
    // Header cells with bytes the file's encoding does not decode are read without them
    // (said below): one stray byte must not lose a whole column.
    let bad_bytes = match rows.ahead.front() {
        Some((Batch::Records(r), _)) => {
            decode_around_bad_bytes(&mut head, r.encoding(), r.transcoded())
        }
        _ => Vec::new(),
    };
    let candidates: Vec<Vec<String>> = head.iter().map(header_texts).collect();
    let choice: Option<HeaderChoice> = profile::choose_header(&candidates, profiles, only);
    // A sheet without a header whose rows fit the columns of the sheet before is more of
    // that sheet's list: read under its header, put before the rows (and not counted as
    // this sheet's).
    let mut continued = None;
    let choice = match choice.filter(|c| c.mapped >= 2 || only.is_some()) {
        Some(choice) => choice,
        None => {
            let Some(previous) = previous.filter(|p| {
                !must_have_header
                    && only.is_none_or(|o| o == p.profile_index)
                    && continues_columns(&head, p, &profiles[p.profile_index])
            }) else {
                if must_have_header {
                    return Err(no_header_error(
                        file,
                        sheet_name,
                        &candidates,
                        profiles,
                        only,
                    ));
                }
                // A sheet with no header at all (notes, charts, an empty sheet): every row
                // is accounted as skipped. Rows that hold a 案号 are said on the terminal:
                // cases that vanished without a word would make every figure too small.
                let reason = |row: &Row| {
                    if holds_case_no(row) {
                        CASE_ROWS_WITHOUT_HEADER
                    } else {
                        NO_HEADER
                    }
                };
                if skip_sheet_by(&mut rows, &mut entry, reason)?.is_none() {
                    return Ok(None);
                }
                entry.note = Some("no header row found: sheet skipped".into());
                if let Some(&n) = entry.skipped.get(CASE_ROWS_WITHOUT_HEADER) {
                    let fit = match previous {
                        Some(p) => format!(
                            "and they do not fit the columns of {} (the 案号 in another \
                             column, other values where its dates are, or wider rows)",
                            located(file, p.sheet.as_deref())
                        ),
                        None => "and no sheet before it whose columns they continue".into(),
                    };
                    entry.warnings.push(format!(
                        "{UNREAD_CASE_ROWS}: {n} row(s) hold a 案号, but the sheet has no \
                         header row {fit}: not read (add the header row above them)"
                    ));
                }
                return Ok(Some(SheetOutcome::skipped(entry, candidates, None)));
            };
            head.splice(0..0, previous.rows.iter().cloned());
            continued = Some(previous);
            HeaderChoice {
                row_index: 0,
                profile_index: previous.profile_index,
                mapped: 0,
            }
        }
    };
    // The header's rows put before this sheet's own (a continued sheet's), which are not
    // its rows to skip or count.
    let borrowed = continued.map_or(0, |p| p.rows.len());
    let profile = &profiles[choice.profile_index];
    let header_row = &head[choice.row_index];
    let (mut headers, mut header_height) = match continued {
        Some(p) => (p.names.clone(), p.rows.len()),
        None => header_names(profile, header_row, &head[choice.row_index + 1..]),
    };
    // Fields the header's first row names that its second row leaves without a column:
    // said in the sheet's warnings once the entry is made.
    let mut unread_groups = Vec::new();
    if header_height == 1 && continued.is_none() {
        if let Some(second) = head.get(choice.row_index + 1) {
            if let Some((names, lost)) =
                second_header_row(file, sheet_name, profile, rules, &headers, second)
            {
                (headers, header_height) = (names, 2);
                unread_groups = lost.into_iter().map(|l| (second.line, l)).collect();
            }
        }
    }
    let below = &head[(choice.row_index + header_height).min(head.len())..];
    if let Some(e) = side_by_side_error(file, sheet_name, header_row.line, profile, &headers, below)
    {
        return Err(e);
    }
    let mut mapping = profile.map_headers(&headers);
    if continued.is_none() {
        let rows_of_header = choice.row_index..choice.row_index + header_height;
        let mut unread = false;
        for bad in bad_bytes.iter().filter(|b| rows_of_header.contains(&b.row)) {
            let field = mapping.get(bad.col).copied().flatten();
            let cell = &head[bad.row].cells[bad.col];
            // An amount's header read without some of its bytes may have lost its unit
            // (申请执行标的（万元） with 万 undecodable reads 申请执行标的（元）: every amount
            // 10,000 times too small): its amounts are not read in a guessed unit. The
            // column is left unread, and the run says so and exits 1.
            let names_unit = matches!(cell, Cell::Text(t) if fields::unit_from_header(t).is_some());
            if matches!(cell, Cell::Text(_))
                && (names_unit || field.is_some_and(|f| f.ty == FieldType::Amount))
            {
                entry.warnings.push(untrusted_unit_warning(
                    bad,
                    head[bad.row].line,
                    &headers[bad.col],
                    field.map(|f| f.name),
                ));
                headers[bad.col] = Cell::Undecodable(bad.raw.clone()).display();
                unread = true;
                continue;
            }
            entry.warnings.push(bad_header_bytes_warning(
                bad,
                head[bad.row].line,
                cell,
                field.map(|f| f.name),
            ));
        }
        if unread {
            mapping = profile.map_headers(&headers);
        }
    }
    let case_no_parts = case_no_parts(profile, &headers, &mapping);
    let mut without_filing = None;
    let missing: Vec<&str> = profile
        .missing_required(&mapping)
        .into_iter()
        .filter(|m| *m != "case_no" || !case_no_parts.always)
        .collect();
    if !missing.is_empty() {
        let synonyms: Vec<String> = missing
            .iter()
            .map(|m| {
                format!(
                    "{m} ({})",
                    profile
                        .synonyms
                        .get(*m)
                        .map(|v| v.join("/"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let refusal = Error::Input {
            file: located(file, sheet_name),
            row: Some(header_row.line),
            column: None,
            message: format!(
                "no column for the required field(s) {} under profile {}; the header row has: {}",
                synonyms.join(", "),
                profile.name,
                headers
                    .iter()
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // A workbook's other sheets are often a summary by officer or month (承办人 |
        // 案件数 | 标的额) or a pivot table: headers that name a field or two of the table,
        // but no case number. Such a sheet is not a case list: it is skipped and noted, and
        // the workbook's case list is read. A sheet that has a case-number column is a case
        // list that cannot be read, and stops the run.
        // A summary by officer whose count column is headed 案号 (承办人 | 案号 | 执行标的,
        // 张伟 | 2件 | 30000: a pivot table's 计数项:案号 pasted as values, its header
        // tidied) lists no cases either: read as a list without filing dates, each count
        // was one more pending case with its officer's total claim.
        let case_col = mapping
            .iter()
            .position(|f| f.is_some_and(|f| f.name == "case_no"));
        let head_below = head
            .get(choice.row_index + header_height..)
            .unwrap_or_default();
        let counted = case_col.is_some_and(|c| counts_of_cases(head_below, c, rules));
        let lists_cases = case_col.is_some() && !counted;
        // A workbook's sheet of one kind of case (终本案件: 案号 | 被执行人 | 终本日期) beside
        // its full list: read without filing dates (each row says so in the rejects; the
        // same case on another sheet gives its date when they are merged), unless no sheet
        // of the file has a 立案日期 column (then the file is refused: see process_file).
        if lists_cases && !must_have_header && missing == ["filed_on"] {
            without_filing = Some(refusal);
        } else if must_have_header || lists_cases {
            return Err(refusal);
        } else {
            let reason = if counted {
                SUMMARY_COUNTS.to_string()
            } else {
                format!("sheet without a column for {}", missing.join(", "))
            };
            if skip_sheet(&mut rows, &mut entry, &reason)?.is_none() {
                return Ok(None);
            }
            let mapped = mapping
                .iter()
                .flatten()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", ");
            entry.note = Some(if counted {
                format!(
                    "row {} maps {mapped} but its 案号 column holds counts of cases (2件), not \
                     case numbers, and there is no column for {}: a summary sheet, not a case \
                     list, sheet skipped",
                    header_row.line,
                    missing.join(", ")
                )
            } else {
                format!(
                    "row {} maps {mapped} but has no column for {}: not a case list (a summary \
                     or pivot sheet?), sheet skipped",
                    header_row.line,
                    missing.join(", ")
                )
            });
            return Ok(Some(SheetOutcome::skipped(
                entry,
                candidates,
                Some(refusal),
            )));
        }
    }
    // A summary by period under a case list's headers (按月统计: 立案日期 | 案件状态 | 案号 |
    // 执行标的, 2025年3月 | 未结 | 1 | 10) names every required field, yet lists no cases:
    // read as one, each month was one more pending case with the month's total claim, and
    // the census counted the workbook's cases twice. Skipped and noted like the summaries
    // above (refused when it is the file's only sheet).
    let field_col = |name: &str| {
        mapping
            .iter()
            .position(|f| f.is_some_and(|f| f.name == name))
    };
    if let (Some(case_col), Some(filed_col), true) = (
        field_col("case_no"),
        field_col("filed_on"),
        missing.is_empty() && case_no_parts.cols.is_empty(),
    ) {
        let head_below = head
            .get(choice.row_index + header_height..)
            .unwrap_or_default();
        if summary_by_period(head_below, case_col, filed_col, rules) {
            let what = format!(
                "row {} is headed like a case list ({} | {}), but its 立案日期 column holds \
                 periods (2025年3月) and its 案号 column counts of cases, not case numbers: a \
                 summary sheet, not a case list",
                header_row.line, headers[filed_col], headers[case_col]
            );
            if must_have_header {
                return Err(Error::Input {
                    file: located(file, sheet_name),
                    row: Some(header_row.line),
                    column: None,
                    message: format!("{what}; no case list to read"),
                });
            }
            if skip_sheet(&mut rows, &mut entry, SUMMARY_BY_PERIOD)?.is_none() {
                return Ok(None);
            }
            entry.note = Some(format!("{what}, sheet skipped"));
            return Ok(Some(SheetOutcome::skipped(entry, candidates, None)));
        }
    }
    // A unit stated for the whole table above it or beside its header (单位：万元) is the
    // unit of every amount column whose header names none: statistical tables put it there
    // rather than in each header, and reading such amounts in 元 would understate them
    // ten-thousandfold.
    let stated_unit = head[..choice.row_index + header_height]
        .iter()
        .find_map(stated_amount_unit);
    let default_unit = match (stated_unit, continued) {
        (Some(u), _) => u,
        (None, Some(p)) => p.unit,
        (None, None) if profile.default_wan_yuan => AmountUnit::WanYuan,
        (None, None) => AmountUnit::Yuan,
    };
    entry.profile = Some(profile.name.clone());
    entry.table = Some(profile.table.name().to_string());
    entry.header_row = continued.is_none().then_some(header_row.line);
    if let Some(p) = continued {
        let from = p.sheet.as_deref().unwrap_or("the sheet before");
        let what = format!(
            "{} read as a continuation of {from}'s columns (its header at row {} there): the \
             sheet has no header row, and its rows fit those columns (a 案号 in the 案号 \
             column, dates in the date columns)",
            sheet_name.unwrap_or("the sheet"),
            p.line
        );
        entry.add_note(what.clone());
        entry.warnings.push(what);
    }
    for (second_line, lost) in unread_groups {
        entry.warnings.push(format!(
            "the header over rows {} and {second_line}: {lost}",
            header_row.line
        ));
    }
    entry.header_rows = choice.row_index + header_height - borrowed;
    if let Some(u) = stated_unit {
        entry.note = Some(format!(
            "amounts whose header names no unit are in {}, as the table states (单位)",
            u.label()
        ));
    }
    let title_rows = &head[..choice.row_index];
    let title_as_of = title_rows
        .iter()
        .find_map(|r| as_of_date(r, &rules.as_of_labels));
    let title_made_on = title_rows
        .iter()
        .find_map(|r| labelled_date(r, &rules.made_on_labels))
        .or_else(|| title_rows.iter().find_map(date_before_made));
    let delimited = matches!(rows.reader.format, "csv" | "tsv");
    let names = headers.clone();
    let (mut plan, mut header) = plan_for(
        file,
        sheet_name,
        profile,
        rules,
        headers,
        default_unit,
        delimited,
    );
    plan.read_header_row(header_row, header_height, date1904);
    // A title alone on its row, as a printed export repeats it on every page.
    let titles: Vec<String> = head[..choice.row_index]
        .iter()
        .filter_map(|r| {
            let mut filled = r.cells.iter().filter(|c| !c.is_empty());
            match (filled.next(), filled.next()) {
                (Some(Cell::Text(t)), None) => Some(t.trim().to_string()),
                _ => None,
            }
        })
        .collect();
    header.titles = titles.clone();
    header.lines = header_lines(&head[choice.row_index..choice.row_index + header_height]);
    record_columns(&mut entry, &plan);
    // A money column whose header names a unit not known here (标的额（w）): its figures
    // are read in the sheet's unit, which the header may deny; said, not silent.
    for c in 0..plan.mapping.len() {
        if !plan.mapping[c].is_some_and(|f| f.ty == FieldType::Amount) {
            continue;
        }
        if let Some(unit) = fields::unknown_unit_in_header(&plan.headers[c]) {
            entry.warnings.push(format!(
                "column {} (row {}): the header names the unit \"{unit}\", which is not a \
                 known money unit (分, 元, 百元, 千元, 万元, 十万元, 百万元, 千万元, 亿元); its \
                 amounts were read in {}: check them, or write a known unit in the header \
                 and ingest again",
                plan.names[c],
                header_row.line,
                plan.units[c].label()
            ));
        }
    }

    // Classify and parse batch by batch: each batch is cut into parts parsed in parallel,
    // each part building its own columns, kept in input order (so the table is the same
    // whatever the thread count) while the reader fills the next batch.
    let t = std::time::Instant::now();
    rows.skip(choice.row_index + header_height - borrowed);
    let mut frames: Vec<DataFrame> = Vec::new();
    // Frames before this index are whole; after it, parts of a ledger with a header over
    // every few cases may pile up, each keeping its builders' string buffers: every
    // `MERGE_PARTS` such parts are stacked into one, which copies the strings out.
    let mut merged_upto = 0;
    let mut rejects = Vec::new();
    let mut footer_export_date = None;
    let mut footer_as_of = None;
    let mut unit_below: Option<(usize, AmountUnit)> = None;
    // What the page lines say of the list, those above the header too (共120条记录 over the
    // table).
    let mut stated = StatedSize::default();
    for row in &head[..choice.row_index] {
        if let Some((_, said)) = page_line(row, &header) {
            stated.add(said, row.line, &row_text(row));
        }
    }
    // Delimited text: the width of its rows, from the first batch (see `SheetPlan::row_width`).
    let mut row_width: Option<Option<usize>> = None;
    let mut unnamed = std::collections::BTreeSet::new();
    // Whether the rows read so far ended below a footer (see `parse_part`).
    let mut below_footer = false;
    // The case that ended the batch before, with the names of its party rows so far.
    let mut carry: Option<Carried> = None;
    loop {
        let (batch, start) = match rows.next_batch()? {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(Restart) => return Ok(None),
        };
        let polars_error =
            |e| Error::polars(format!("assembling the {} table", profile.table.name()), e);
        if plan.delimited && row_width.is_none() {
            row_width = Some(usual_row_width(&batch, start, plan.headers.len()));
            plan.row_width = row_width.flatten();
        }
        // Party rows at the top of the batch belong to the case that ended the batch
        // before, when one did: its row is parsed again with them and replaces its first
        // reading, the last row of the table so far.
        let mut taken = start;
        if let Some(carried) = carry.take() {
            let (end, names) = party_rows_from(&plan, &header, &batch, start);
            if end > start {
                taken = end;
                let mut more = carried.names;
                more.extend(names);
                let mut values = Vec::new();
                // Read as it was when it ended the batch before (a merged header's cells
                // joined).
                let row = if plan.merged_cols.is_empty() {
                    None
                } else {
                    joined_merged(&plan, &carried.row)
                };
                parse_row(
                    &plan,
                    row.as_ref().unwrap_or(&carried.row),
                    &mut values,
                    &more,
                );
                let mut builders: Vec<ColumnBuilder> = out_columns(plan.table)
                    .iter()
                    .map(|c| ColumnBuilder::with_capacity(&c.name, c.ty, 1))
                    .collect();
                for (b, v) in builders.iter_mut().zip(values.drain(..)) {
                    b.push(v);
                }
                let case = columns::frame(builders, 1).map_err(polars_error)?;
                if let Some(last) = frames.pop() {
                    let mut kept = last.slice(0, last.height().saturating_sub(1));
                    kept.vstack_mut(&case).map_err(polars_error)?;
                    frames.push(kept);
                }
            }
        }
        // Rows from `first` on are read with `header`, until a new section's header.
        let mut first = start;
        // A new header or state heading was met in this batch: the next may be near, so the
        // first part is read alone before the others (which the next header would make
        // read in vain: a ledger with a header over every case would read the batch again
        // for each case).
        let mut sections = false;
        loop {
            let mut new_header = None;
            let mut state_heading = None;
            let mut ranges: Vec<std::ops::Range<usize>> = (first..batch.len())
                .step_by(PART_ROWS)
                .map(|s| s..(s + PART_ROWS).min(batch.len()))
                .collect();
            let parse = |r: &std::ops::Range<usize>| {
                parse_part(
                    &plan,
                    &header,
                    &batch,
                    r.clone(),
                    first,
                    taken,
                    below_footer,
                )
            };
            let parts: Vec<Part> = if sections && ranges.len() > 1 {
                let head = parse(&ranges[0]).map_err(polars_error)?;
                if head.new_header.is_some() || head.state_heading.is_some() {
                    ranges.truncate(1);
                    vec![head]
                } else {
                    let mut parts = vec![head];
                    parts.extend(
                        ranges[1..]
                            .par_iter()
                            .map(parse)
                            .collect::<PolarsResult<Vec<_>>>()
                            .map_err(polars_error)?,
                    );
                    parts
                }
            } else {
                ranges
                    .par_iter()
                    .map(parse)
                    .collect::<PolarsResult<_>>()
                    .map_err(polars_error)?
            };
            for (p, range) in parts.into_iter().zip(ranges) {
                let p = if p.depends_on_start && p.started_below_footer != below_footer {
                    parse_part(&plan, &header, &batch, range, first, taken, below_footer)
                        .map_err(polars_error)?
                } else {
                    p
                };
                below_footer = p.ends_below_footer.unwrap_or(below_footer);
                entry.blank_rows += p.blank;
                for (reason, n) in p.skipped {
                    *entry.skipped.entry(reason).or_default() += n;
                }
                for (why, n) in p.read_as_empty {
                    *entry.read_as_empty.entry(why).or_default() += n;
                }
                if footer_export_date.is_none() {
                    footer_export_date = p.footer_date;
                }
                if footer_as_of.is_none() {
                    footer_as_of = p.footer_as_of;
                }
                if unit_below.is_none() {
                    unit_below = p.unit_below;
                }
                stated.merge(p.stated);
                // Said only when a row was rejected as cut off (the file's last line,
                // with no line end, read as data), so that the run says it and exits 1.
                entry.warnings.extend(p.cut_off);
                entry.data_rows += p.data_rows;
                entry.rows_written += p.rows_written;
                entry.rows_rejected += p.rows_rejected;
                for r in &p.rejects {
                    if !r.whole_row {
                        *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
                    }
                }
                rejects.extend(p.rejects);
                frames.extend(p.frame);
                if frames.len() - merged_upto >= MERGE_PARTS {
                    let tail =
                        concat_frames(frames.split_off(merged_upto)).map_err(polars_error)?;
                    frames.push(tail);
                    merged_upto = frames.len();
                }
                unnamed.extend(p.unnamed);
                if p.new_header.is_some() {
                    // The parts after it were read with the header above: read them again.
                    new_header = p.new_header;
                    break;
                }
                if let Some((at, reason, text)) = p.state_heading {
                    // A heading naming a state (二、已结案件): the rows below it take it,
                    // and the parts after it are read again with it.
                    *entry.skipped.entry(reason).or_default() += 1;
                    let row = Row {
                        cells: vec![Cell::Text(text)],
                        ..Row::default()
                    };
                    plan.sheet_state = heading_state(&plan, &row).map(|(_, s)| s);
                    state_heading = Some(at);
                    break;
                }
            }
            if let Some(at) = state_heading {
                below_footer = false;
                first = at + 1;
                taken = first;
                plan.breakdown_open = None;
                // A 同上 below the heading repeats nothing above it (as in one batch).
                plan.ditto_above.clear();
                sections = true;
                continue;
            }
            let Some(at) = new_header else { break };
            sections = true;
            // A new section's header: the rows below it are read with its columns.
            let mut scratch = Row::default();
            let row = batch.row_in(at, &mut scratch).clone();
            let next: Vec<Row> = (at + 1..batch.len().min(at + 3))
                .map(|i| batch.row_in(i, &mut scratch).clone())
                .collect();
            let (headers, height) = header_names(profile, &row, &next);
            let height = height.min(batch.len() - at);
            let below = next.get(height.saturating_sub(1)..).unwrap_or_default();
            if let Some(e) =
                side_by_side_error(file, sheet_name, row.line, profile, &headers, below)
            {
                return Err(e);
            }
            below_footer = false;
            first = at + height;
            taken = first;
            plan.breakdown_open = None;
            plan.ditto_above.clear();
            if headers == plan.headers {
                // The first row of a header over two rows, printed again: the same header.
                *entry
                    .skipped
                    .entry(REPEATED_HEADER.to_string())
                    .or_default() += height;
                continue;
            }
            *entry.skipped.entry(NEW_HEADER.to_string()).or_default() += height;
            let note = format!(
                "a new section's header at row {}: the rows below it are read with its columns",
                row.line
            );
            entry.add_note(note);
            (plan, header) = plan_for(
                file,
                sheet_name,
                profile,
                rules,
                headers,
                default_unit,
                delimited,
            );
            plan.read_header_row(&row, height, date1904);
            header.titles = titles.clone();
            header.lines = header_lines(std::iter::once(&row).chain(&next).take(height));
            // The section's rows have its header's width: seen from its rows in this batch,
            // or, when they are too few here, from the next batch.
            if plan.delimited {
                let enough = batch.len().saturating_sub(first) >= 16;
                plan.row_width =
                    usual_row_width(&batch, first, plan.headers.len()).filter(|_| enough);
                row_width = enough.then_some(plan.row_width);
            }
            record_columns(&mut entry, &plan);
        }
        carry = carried_case(&plan, &header, &batch, taken);
        // The cells a 同上 at the top of the next batch stands for.
        plan.ditto_above = dittos_carried(&plan, &batch, first..batch.len());
        let open = breakdown_above(
            &header,
            &batch,
            first,
            batch.len(),
            plan.breakdown_open.as_deref(),
        )
        .map(str::to_owned);
        plan.breakdown_open = open;
        rows.reader.recycle(batch);
    }
    timing("read + parse rows", t);
    if let Some(&last) = unnamed.last() {
        // Listed in column order among the named ones; a column without a name and without
        // a value is not a column of the table.
        entry.unmapped_columns = (0..plan.headers.len().max(last + 1))
            .filter(|&c| plan.mapping.get(c).copied().flatten().is_none())
            .filter(|&c| !plan.is_unnamed(c) || unnamed.contains(&c))
            .map(|c| plan.column_name(c).into_owned())
            .collect();
    }
    entry.unmapped_to_note = entry
        .unmapped_columns
        .iter()
        .filter(|h| {
            !plan
                .rules
                .row_number_headers
                .contains(&profile::header_key(h))
        })
        .cloned()
        .collect();
    count_rows_read(&rows, &mut entry);
    // A unit stated only below the table, other than the one the amounts were read in:
    // the rows are read by then, and reading them again would mean reading the file again.
    // Said loudly instead (a reject, and the sheet's note), for the statistician to state
    // the unit where it is read (in the header or above the table) and ingest again.
    if let Some((line, unit)) =
        unit_below.filter(|&(_, u)| stated_unit.is_none() && u != default_unit)
    {
        let amount_cols: Vec<usize> = (0..plan.mapping.len())
            .filter(|&c| plan.mapping[c].is_some_and(|f| f.ty == FieldType::Amount))
            .filter(|&c| fields::unit_from_header(&plan.headers[c]).is_none())
            .collect();
        if !amount_cols.is_empty() {
            let shown: Vec<&str> = amount_cols
                .iter()
                .map(|&c| plan.names[c].as_str())
                .collect();
            let message = format!(
                "the note below the table states amounts in {}, but {} name(s) no unit and \
                 were read in {}: write the unit in the header (标的额（{}）) or above the \
                 table (单位：{}) and ingest again",
                unit.label(),
                shown.join(", "),
                default_unit.label(),
                unit.label(),
                unit.label()
            );
            rejects.push(reject(
                &plan,
                line,
                "amount unit",
                None,
                unit.label().into(),
                message.clone(),
            ));
            *entry.field_rejects.entry("amount unit".into()).or_default() += 1;
            entry.add_note(message);
        }
    }
    // The sheet's own date first: a date given for every file (`--exported-on`) or read
    // from a file's name is for the files that state none, as its help says. Given first,
    // it made a January and a February snapshot one export, and file-name order decided.
    // The snapshot's date (截至…) above or below the table before the day it was made
    // (导出时间, 制表日期), as within a title: the data stand as at the snapshot's date.
    let stated_date = title_as_of
        .or(footer_as_of)
        .or(title_made_on)
        .or(footer_export_date);
    let exported = stated_date.or(exported_on);
    entry.exported_on = exported.map(|d| d.to_string());

    // A workbook with a sheet per department (执行一庭, 执行二庭) and no 部门 column: the
    // sheet's name is the team of its cases whose row names none; a note a system writes
    // after it (执行一庭(2件), 执行二庭（未结）) is not part of the team's name.
    let sheet_team = sheet_name
        .filter(|_| profile.table == TableKind::Cases)
        .filter(|_| !plan.mapping.iter().flatten().any(|f| f.name == "team"))
        .and_then(|n| department_of_sheet(n, &rules.department_endings))
        .map(|(team, _)| team);
    if let Some(team) = sheet_team {
        let note = format!("team (部门) taken from the sheet's name: {team}");
        entry.add_note(note);
    }
    // A ledger with a sheet per officer (王五, titled 王五承办未结案件清单): the sheet's name
    // is the officer of its cases whose row names none (no 承办人 column, or its cell left
    // blank below the first, as a clerk fills it once); see [`officer_of_sheet`].
    let sheet_officer = sheet_name
        .filter(|_| profile.table == TableKind::Cases)
        .and_then(|n| {
            let title_cells = head[..choice.row_index]
                .iter()
                .flat_map(|r| r.cells.iter())
                .filter(|c| !c.is_empty())
                .map(|c| c.display());
            officer_of_sheet(rules, n, title_cells)
        });
    if let Some((officer, titled)) = sheet_officer {
        entry.add_note(if titled {
            format!(
                "officer (承办人) taken from the sheet's name, as its title names them: {officer}"
            )
        } else {
            format!(
                "officer (承办人) taken from the sheet's name, a person's name \
                 (officer_sheet_surnames in rows.toml): {officer}"
            )
        });
    }
    let sheet_officer = sheet_officer.map(|(officer, _)| officer);
    // The court a title names (绍兴市柯桥区人民法院执行案件清单): the 法院 of the sheet's
    // cases whose row names none, so that a case whose 案号 shows no court (blank, 暂无)
    // or only an old abbreviation (金东) is counted under its court; never of a case whose
    // 案号 has another court's code (see `rows_of_title_court`).
    let title_court: Option<String> = (profile.table == TableKind::Cases)
        .then(|| {
            head[..choice.row_index]
                .iter()
                .flat_map(|r| r.cells.iter())
                .find_map(|c| court_in_title(&c.display()))
        })
        .flatten();
    // Codes of other courts than the title's, on cases the title's court is not given to.
    let mut foreign_codes = std::collections::BTreeSet::new();
    let assemble = || -> PolarsResult<DataFrame> {
        let mut df = if frames.is_empty() {
            columns::frame(
                out_columns(profile.table)
                    .iter()
                    .map(|c| ColumnBuilder::new(&c.name, c.ty))
                    .collect(),
                0,
            )?
        } else {
            concat_frames(frames)?
        };
        for (name, value) in [("team", sheet_team), ("officer", sheet_officer)] {
            if let Some(value) = value {
                let filled: StringChunked = df
                    .column(name)?
                    .str()?
                    .iter()
                    .map(|t| Some(t.unwrap_or(value)))
                    .collect();
                df.replace(name, filled.with_name(name.into()).into_column())?;
            }
        }
        if let Some(title) = title_court.as_deref() {
            let (rows, others) = rows_of_title_court(&df, title)?;
            let filled: StringChunked = df
                .column("court_name")?
                .str()?
                .iter()
                .zip(&rows)
                .map(|(t, &of_title)| t.or(of_title.then_some(title)))
                .collect();
            df.replace(
                "court_name",
                filled.with_name("court_name".into()).into_column(),
            )?;
            foreign_codes = others;
        }
        // Values that are the same for every row of the sheet are filled once here; the
        // export date may come from a footer below the last data row.
        fill_constant(&mut df, "source_file", AnyValue::String(file))?;
        fill_constant(
            &mut df,
            "source_sheet",
            sheet_name.map_or(AnyValue::Null, AnyValue::String),
        )?;
        if profile.table == TableKind::Cases {
            let epoch_days = exported.and_then(|d| {
                NaiveDate::from_ymd_opt(1970, 1, 1)
                    .and_then(|e| i32::try_from((d - e).num_days()).ok())
            });
            fill_constant(
                &mut df,
                "exported_on",
                epoch_days.map_or(AnyValue::Null, AnyValue::Date),
            )?;
        }
        Ok(df)
    };
    let t = std::time::Instant::now();
    let mut frame = assemble()
        .map_err(|e| Error::polars(format!("assembling the {} table", profile.table.name()), e))?;
    if let (Some(title), false) = (title_court.as_deref(), foreign_codes.is_empty()) {
        let codes: Vec<&str> = foreign_codes.iter().map(String::as_str).collect();
        entry.add_note(format!(
            "the court the title names ({title}) is not given to cases whose 案号 has another \
             court's code ({}): they are counted under that court",
            codes.join(", ")
        ));
    }
    timing("assemble", t);
    let t = std::time::Instant::now();
    if profile.table == TableKind::Cases {
        let found = implied_courts(&plan, &mut frame)
            .map_err(|e| Error::polars("giving case numbers without a court its court", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        // Against any date the sheet has, the file name's too: a name's date is dropped
        // later only when the rows state a later one, which then bounds the years instead.
        let found = future_case_numbers(&plan, &mut frame, exported)
            .map_err(|e| Error::polars("checking the case numbers' years", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        let found = unknown_province_case_numbers(&plan, &mut frame)
            .map_err(|e| Error::polars("checking the case numbers' court codes", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        // Checked against a date the sheet states or the user gave, not one guessed from
        // the file's name (which a later step may drop, see `date_undated_sheets`).
        let checked = stated_date.or(exported_on.filter(|_| exported_on_given));
        let (found, other_years) = impossible_dates(&plan, &frame, checked)
            .map_err(|e| Error::polars("checking the dates against each other", e))?;
        if other_years > 0 {
            entry.add_note(format!(
                "{other_years} of {} rows have a 立案日期 in another year than their 案号's \
                 (the 案号's year is the year of filing): too many to be typos, so not listed \
                 one by one; check how the file was made",
                frame.height()
            ));
        }
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        let found = implausible_recovered(&plan, &frame)
            .map_err(|e| Error::polars("checking the recovered amounts against the claims", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
    }
    timing("sheet checks", t);
    if without_filing.is_some() {
        entry.add_note(
            "no 立案日期 column: read without filing dates (each row is a field reject; the \
             same case on another sheet or file gives its date)"
                .to_string(),
        );
    }
    if profile.table == TableKind::Cases {
        if let Some(w) = claim_without_recovered(&entry) {
            entry.warnings.push(w);
        }
        if let Some(w) = stated.shortfall(entry.data_rows) {
            entry.warnings.push(w);
        }
    }
    if profile.table == TableKind::Deductions {
        let found = ends_from_days(&plan, &mut frame)
            .map_err(|e| Error::polars("reading the deducted periods' days", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
        let found = reversed_periods(&plan, &frame)
            .map_err(|e| Error::polars("checking the deducted periods", e))?;
        for r in found {
            *entry.field_rejects.entry(r.field.clone()).or_default() += 1;
            rejects.push(r);
        }
    }
    let header = match continued {
        Some(p) => p.clone(),
        None => SheetHeader {
            sheet: sheet_name.map(String::from),
            line: header_row.line,
            profile_index: choice.profile_index,
            rows: head[choice.row_index..choice.row_index + header_height].to_vec(),
            names,
            unit: default_unit,
        },
    };
    Ok(Some(SheetOutcome {
        entry,
        table: Some(profile.table),
        frame: Some(frame),
        rejects,
        candidates,
        refusal: without_filing,
        stated_date,
        header: Some(header),
        at_row_limit: rows
            .last_line
            .and_then(|last| at_row_limit(rows.reader.format, last)),
    }))
}

/// The last row a sheet of the workbook format `format` holds, and the program whose limit
/// it is: a list longer than that, saved in the format, loses its tail without a word (a
/// system's export written through Excel, a clerk pasting a longer list). BIFF (.xls, and
/// WPS's .et) numbers rows in 16 bits; xlsx and xlsb stop at Excel 2007's 1,048,576, which
/// LibreOffice Calc shares for .ods. Excel 2003 XML and HTML tables have no such limit (a
/// system writes them directly, as long as the list is): `None`.
pub(super) fn row_limit(format: &str) -> Option<(usize, &'static str)> {
    match format {
        "xls" => Some((65_536, "Excel 97-2003")),
        "xlsx" | "xlsb" => Some((1_048_576, "Excel")),
        "ods" => Some((1_048_576, "LibreOffice Calc")),
        _ => None,
    }
}

/// The row limit the sheet's last row with a value (`last_line`, its row number as a
/// spreadsheet counts it) stands at, if any: the sheet was then most likely cut there. A CSV
/// has no limit of its own, but Excel and WPS open one only up to their last row (1,048,576;
/// 65,536 in Excel 97-2003 and old WPS) and save what they show: a clerk who opens a longer
/// export to check it and saves it leaves a CSV of exactly that many rows. A genuine export
/// of exactly that length is far rarer than that cut.
pub(super) fn at_row_limit(format: &str, last_line: usize) -> Option<(usize, &'static str)> {
    match format {
        "csv" | "tsv" => [(65_536, "Excel 97-2003"), (1_048_576, "Excel")]
            .into_iter()
            .find(|&(n, _)| n == last_line),
        _ => row_limit(format).filter(|&(n, _)| n == last_line),
    }
}

/// The warning for a sheet whose rows reach its format's last row (`limit`, of `program`)
/// and that no sheet after it continues: the list was most likely cut there. Begins with
/// [`INCOMPLETE_EXPORT`], so that the run says it and exits 1, as for a page line that
/// counts more records than the sheet holds.
pub fn row_limit_warning(limit: usize, program: &str, format: &str) -> String {
    if matches!(format, "csv" | "tsv") {
        return format!(
            "{INCOMPLETE_EXPORT}: the file's rows reach row {limit}, the last row a {format} \
             opened in {program} keeps ({program}'s limit): the file was most likely opened \
             in Excel or WPS and saved again, which drops every row past it, and the cases \
             past it are missing from every figure; export the list again and ingest the file \
             as the system wrote it, without saving it from Excel (or export it in parts by \
             立案日期 range); if the rest is in other files given with this one, their rows \
             are counted there"
        );
    }
    format!(
        "{INCOMPLETE_EXPORT}: the sheet's rows reach row {limit}, the last row of an {format} \
         sheet ({program}'s limit): the list was most likely cut there, and the cases past \
         it are missing from every figure; export the list again in parts (by 立案日期 range, \
         or as CSV) and ingest the parts together; if the rest is in other files given with \
         this one, their rows are counted there"
    )
}

/// How the warning of a case list with a claim column and no recovered-amount column
/// begins (the report recognises it by this).
pub const NO_RECOVERED_COLUMN: &str = "a claim column but no recovered-amount column";

/// The warning for a case list whose columns (all its header sections) give the claim
/// (执行标的) but not the recovered amount (执行到位金额): 未执行到位金额 is then the whole
/// claim and 执行到位率 0 for its cases, which looks like a figure, not like a gap. A
/// recovered column under a wording the profile does not know is the usual cause, so the
/// unmapped headers are named. A column of the amount outstanding (未执行到位金额) gives the
/// recovered amount (the claim less it); an unknown wording of that one belongs to
/// outstanding_fen, not recovered_fen, which would turn the outstanding into the recovered.
fn claim_without_recovered(entry: &SheetEntry) -> Option<String> {
    let mapped = |f: &str| entry.columns.values().any(|v| v == f);
    if !mapped("claim_fen") || mapped("recovered_fen") || mapped(schema::OUTSTANDING) {
        return None;
    }
    let claim = entry
        .columns
        .iter()
        .find(|(_, f)| *f == "claim_fen")
        .map_or("", |(h, _)| h.as_str());
    let unmapped = if entry.unmapped_columns.is_empty() {
        String::new()
    } else {
        format!(
            "; columns kept unmapped in `extra`: {}",
            entry.unmapped_columns.join(", ")
        )
    };
    Some(format!(
        "{NO_RECOVERED_COLUMN} ({claim}): 未执行到位金额 counts the whole claim and 执行到位率 \
         is 0 for its cases, unless the same case on another sheet or file gives its recovered \
         amount; if the amount recovered is in a column under another name, add that name \
         to recovered_fen in the profile (the amount still outstanding, 未执行到位金额, to \
         outstanding_fen){unmapped}"
    ))
}

/// No header found among `rows`; `only`: the profile forced with --profile (or a pipeline's
/// `profile =`), whose headers are then the ones that could not be found.
pub(super) fn no_header_error(
    file: &str,
    sheet: Option<&str>,
    rows: &[Vec<String>],
    profiles: &[Profile],
    only: Option<usize>,
) -> Error {
    let seen = rows
        .iter()
        .find(|r| r.iter().any(|c| !c.is_empty()))
        .map(|r| {
            r.iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "(nothing: the file is empty)".into());
    // A text file split on the wrong character gives its header as one field: said, or
    // the statistician sees the right header listed and cannot tell what is wrong.
    let one_field = rows
        .iter()
        .find(|r| r.iter().any(|c| !c.is_empty()))
        .filter(|r| r.iter().filter(|c| !c.is_empty()).count() == 1)
        .and_then(|r| r.iter().find(|c| !c.is_empty()))
        .and_then(|c| {
            [',', '\t', ';', '|', '，']
                .into_iter()
                .find(|&d| c.contains(d))
        });
    let split = match one_field {
        Some(d) => format!(
            " (read as one field: the file's fields were not split on {}; save it again as \
             CSV with commas, or as .xlsx)",
            match d {
                '\t' => "its tabs".to_string(),
                d => format!("its '{d}'"),
            }
        ),
        None => String::new(),
    };
    // h-forced-profile-no-header-blames-wrong-profile: with a profile forced, the case
    // list's headers were listed, which the file had: the forced profile is the cause, so
    // its own required headers are named, and the profile the file looks like.
    if let Some(forced) = only.map(|o| &profiles[o]) {
        let wanted: Vec<String> = forced
            .table
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| {
                format!(
                    "{}: {}",
                    f.name,
                    forced
                        .synonyms
                        .get(f.name)
                        .map(|v| v.join("/"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let like = profile::choose_header(rows, profiles, None)
            .filter(|c| c.mapped >= 2 && c.profile_index != only.unwrap_or(usize::MAX))
            .map(|c| {
                format!(
                    "; row {} reads as a header of the profile {} ({} columns named): leave \
                     out --profile (or the pipeline's `profile =`) to choose the profile by \
                     the header, or name that one",
                    c.row_index + 1,
                    profiles[c.profile_index].name,
                    c.mapped
                )
            })
            .unwrap_or_default();
        return Error::Input {
            file: located(file, sheet),
            row: None,
            column: None,
            message: format!(
                "no header row of the profile {} (chosen with --profile) found in the first \
                 {} rows; the first non-empty row has: {seen}{split}; that profile's \
                 required headers are {}{like}",
                forced.name,
                profile::HEADER_SEARCH_ROWS,
                wanted.join("; ")
            ),
        };
    }
    let known: Vec<String> = profiles
        .iter()
        .filter(|p| p.table == TableKind::Cases)
        .flat_map(|p| {
            ["case_no", "filed_on"].into_iter().map(move |f| {
                format!(
                    "{f}: {}",
                    p.synonyms.get(f).map(|v| v.join("/")).unwrap_or_default()
                )
            })
        })
        .collect();
    Error::Input {
        file: located(file, sheet),
        row: None,
        column: None,
        message: format!(
            "no header row found in the first {} rows; the first non-empty row has: \
             {seen}{split}; known headers include {}",
            profile::HEADER_SEARCH_ROWS,
            known.join("; ")
        ),
    }
}

/// x-side-by-side-tables-merged: a header row holding two tables side by side (see
/// [`Profile::side_by_side`]) refused, naming the two columns of the field named twice.
/// Read as one table, the right-hand table's cases were lost and its debtors and closing
/// dates given to the left-hand table's cases, without a word; each block is not read as
/// a table of its own, so the statistician is asked to put them one under the other.
pub(super) fn side_by_side_error(
    file: &str,
    sheet: Option<&str>,
    line: usize,
    profile: &Profile,
    headers: &[String],
    rows: &[Row],
) -> Option<Error> {
    let two = profile
        .side_by_side(headers)
        .filter(|two| super::profile::side_by_side_rows(two, rows))?;
    let named = |c: usize| format!("{} in column {}", headers[c].trim(), c + 1);
    Some(Error::Input {
        file: located(file, sheet),
        row: Some(line),
        column: None,
        message: format!(
            "two tables side by side: the header row names {} and {}, right of the blank \
             column {}, each with its own columns; read as one table, the \
             right-hand table's cases would be lost and its cells given to the left-hand \
             table's cases. Put the tables one under the other (the right-hand one's header \
             and rows below the left-hand one's, or on a sheet of its own) and run again",
            named(two.left),
            named(two.right),
            two.blank + 1
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// h-csv-cut-at-excel-row-limit: a CSV whose last row with a value is exactly Excel's
    /// last row (1,048,576, or 65,536 for Excel 97-2003) was most likely opened in Excel and
    /// saved again, cut there; one row short or over is a list of its own length. An xlsx
    /// keeps its own format's limit only.
    #[test]
    fn a_csv_ending_at_excels_last_row_is_at_the_row_limit() {
        for format in ["csv", "tsv"] {
            assert_eq!(at_row_limit(format, 1_048_576), Some((1_048_576, "Excel")));
            assert_eq!(
                at_row_limit(format, 65_536),
                Some((65_536, "Excel 97-2003"))
            );
            for n in [65_535, 65_537, 1_048_575, 1_048_577, 3] {
                assert_eq!(at_row_limit(format, n), None, "{format} at {n}");
            }
        }
        assert_eq!(at_row_limit("xlsx", 1_048_576), Some((1_048_576, "Excel")));
        assert_eq!(at_row_limit("xlsx", 65_536), None);
        assert_eq!(at_row_limit("html", 1_048_576), None);
        let w = row_limit_warning(1_048_576, "Excel", "csv");
        assert!(w.starts_with(INCOMPLETE_EXPORT), "{w}");
        assert!(w.contains("saved again"), "{w}");
    }
}
