//! A sheet's plan: which column holds which canonical field under the chosen profile, with
//! the header's units, and what the manifest records of the columns.

use super::*;

/// The plan and the header facts for the rows under `headers`: the sheet's header, or
/// the header of a section further down ([`Below::NewHeader`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_for<'a>(
    file: &'a str,
    sheet_name: Option<&'a str>,
    profile: &'a Profile,
    rules: &'a Rules,
    headers: Vec<String>,
    default_unit: AmountUnit,
    delimited: bool,
) -> (SheetPlan<'a>, HeaderInfo<'a>) {
    let mapping = profile.map_headers(&headers);
    let case_no_parts = case_no_parts(profile, &headers, &mapping);
    let units: Vec<AmountUnit> = headers
        .iter()
        .map(|h| fields::unit_from_header(h).unwrap_or(default_unit))
        .collect();
    let names = column_names(&headers);
    let keys: Vec<String> = headers.iter().map(|h| profile::header_key(h)).collect();
    let mut marker_leads: Vec<MarkerLead> = rules
        .non_data_markers
        .iter()
        .filter_map(|m| marker_lead(&m.marker))
        .collect();
    marker_leads.sort_unstable();
    marker_leads.dedup();
    let totals_leads = CharSet::new(
        rules
            .non_data_markers
            .iter()
            .filter(|m| m.totals)
            .filter_map(|m| m.marker.chars().next()),
    );
    let header = HeaderInfo {
        profile,
        fields: mapping.iter().map(|m| m.map(|f| f.name)).collect(),
        row_number_cols: (0..keys.len())
            .filter(|&c| mapping[c].is_none() && rules.row_number_headers.contains(&keys[c]))
            .collect(),
        keys,
        texts: headers.clone(),
        case_col: mapping
            .iter()
            .position(|m| m.is_some_and(|f| f.ty == FieldType::CaseNo || f.name == "case_no")),
        markers: rules.non_data_markers.clone(),
        titles: Vec::new(),
        lines: Vec::new(),
        amount_cols: (0..mapping.len())
            .filter(|&c| mapping[c].is_some_and(|f| f.ty == FieldType::Amount))
            .collect(),
        party_cols: (0..mapping.len())
            .filter(|&c| mapping[c].is_some_and(|f| f.ty == FieldType::Parties))
            .collect(),
        heading_endings: rules
            .department_endings
            .iter()
            .chain(&rules.heading_endings)
            .cloned()
            .collect(),
        period_heading_words: rules.period_heading_words.clone(),
        marker_leads,
        totals_leads,
        note_separators: rules.note_number_separators.clone(),
        example_marks: rules.example_marks.clone(),
        void_marks: rules.void_marks.clone(),
        page_lines: rules.page_lines.clone(),
        page_leads: {
            let mut leads: Vec<char> = rules
                .page_lines
                .iter()
                .filter_map(|p| p.chars().next())
                .collect();
            leads.sort_unstable();
            leads.dedup();
            leads
        },
    };
    let field_cols: Vec<Option<usize>> = profile
        .table
        .fields()
        .iter()
        .map(|f| {
            mapping
                .iter()
                .position(|m| m.is_some_and(|m| m.name == f.name))
        })
        .collect();
    let also_cols: Vec<Vec<usize>> = profile
        .table
        .fields()
        .iter()
        .map(|f| {
            (0..headers.len())
                .filter(|&c| mapping[c].is_none())
                .filter(|&c| {
                    if f.ty == FieldType::Parties {
                        profile
                            .field_at(&headers, c)
                            .is_some_and(|m| m.name == f.name)
                    } else {
                        profile.more_column_of(&headers[c], f)
                    }
                })
                .collect()
        })
        .collect();
    let repeat_cols = profile
        .table
        .fields()
        .iter()
        .zip(&field_cols)
        .zip(&also_cols)
        .map(|((f, own), also)| {
            let compared = matches!(
                f.ty,
                FieldType::Date | FieldType::CaseNo | FieldType::Amount
            );
            match own {
                Some(own) if compared => also
                    .iter()
                    .copied()
                    .filter(|&c| header.keys[c] == header.keys[*own])
                    .collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    let closed_by_terminating = mapping.iter().zip(&headers).any(|(m, h)| {
        m.is_some_and(|f| f.name == "closed_on") && (h.contains("终本") || h.contains("终结本次"))
    });
    // A department's sheet with its state in a note (执行二庭（已结）): the note's state.
    let named = sheet_name
        .filter(|_| profile.table == TableKind::Cases)
        .and_then(|name| {
            state_of_sheet(rules, name.trim()).or_else(|| {
                let (_, notes) = department_of_sheet(name, &rules.department_endings)?;
                notes.into_iter().find_map(|n| state_of_sheet(rules, n))
            })
        });
    let sheet_state = named.filter(|_| {
        !mapping
            .iter()
            .flatten()
            .any(|f| matches!(f.ty, FieldType::Status | FieldType::Closure))
    });
    let plan = SheetPlan {
        file,
        sheet: sheet_name,
        table: profile.table,
        mapping,
        units,
        closed_by_terminating,
        field_cols,
        also_cols,
        repeat_cols,
        rules,
        government_markers: fields::Markers::new(&rules.government_markers),
        company_markers: fields::Markers::new(&rules.company_markers),
        representative_markers: fields::Markers::new(&rules.representative_labels),
        name_note_markers: fields::Markers::new(&rules.name_notes),
        person_detail_markers: fields::Markers::new(&rules.person_details),
        name_note_endings: fields::Markers::new(&rules.name_note_endings),
        role_note_markers: fields::Markers::new(&rules.role_notes),
        ending_lasts: rules
            .name_note_endings
            .iter()
            .filter_map(|e| e.chars().next_back())
            .collect(),
        role_markers: fields::Markers::new(
            &rules
                .role_labels
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>(),
        ),
        delimited,
        sheet_state,
        named_state: named.map(|(state, _, coarse)| (state, coarse)),
        date1904: false,
        merged_cols: Vec::new(),
        breakdown_open: None,
        ditto_above: Vec::new(),
        row_width: None,
        unnamed_cols: (0..headers.len())
            .filter(|&c| headers[c].trim().is_empty())
            .collect(),
        headers,
        names,
        case_no_parts,
        origin_labels: {
            let mut labels = profile
                .synonyms
                .get("origin_case_no")
                .cloned()
                .unwrap_or_default();
            labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
            labels
        },
    };
    (plan, header)
}

impl SheetPlan<'_> {
    /// What the header row says besides its names: the workbook's date system, and a
    /// one-row header's cells merged across blank columns.
    pub(super) fn read_header_row(&mut self, header_row: &Row, height: usize, date1904: bool) {
        self.date1904 = date1904;
        if height == 1 {
            self.merged_cols = merged_header_cols(header_row, &self.headers, self);
            let merged = &self.merged_cols;
            self.unnamed_cols
                .retain(|c| !merged.iter().any(|(_, rest)| rest.contains(c)));
        }
    }
}

/// The header's cells merged across columns that name no column of their own (see
/// [`SheetPlan::merged_cols`]): a mapped first column, then the blank ones its range covers.
pub(super) fn merged_header_cols(
    header_row: &Row,
    headers: &[String],
    plan: &SheetPlan,
) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    // A range may end past the header's last named column (its blank cells are not kept).
    let end = (64 - header_row.across.leading_zeros()) as usize;
    for c in 1..headers.len().max(end).min(64) {
        if header_row.across >> c & 1 == 0 || headers.get(c).is_some_and(|h| !h.trim().is_empty()) {
            continue;
        }
        match out.last_mut() {
            Some((_, rest)) if rest.last() == Some(&(c - 1)) => rest.push(c),
            // A 案号 over blank columns has its own reading (`case_no_parts`).
            _ if plan
                .mapping
                .get(c - 1)
                .copied()
                .flatten()
                .is_some_and(|f| f.ty != FieldType::CaseNo)
                && header_row.across >> (c - 1) & 1 == 0 =>
            {
                out.push((c - 1, vec![c]))
            }
            _ => {}
        }
    }
    out
}

/// The row with the cells of a merged header's later columns read into its first
/// ([`SheetPlan::merged_cols`]); `None` when none of those cells holds anything.
pub(super) fn joined_merged(plan: &SheetPlan, row: &Row) -> Option<Row> {
    let any = plan
        .merged_cols
        .iter()
        .flat_map(|(_, rest)| rest)
        .any(|&c| row.cells.get(c).is_some_and(|x| !x.is_empty()));
    if !any {
        return None;
    }
    let mut joined = row.clone();
    let filled = |c: &usize| row.cells.get(*c).is_some_and(|x| !x.is_empty());
    for (first, rest) in &plan.merged_cols {
        // A group with nothing in its later cells keeps its first cell as typed (a number
        // stays a number).
        if !rest.iter().any(filled) {
            continue;
        }
        let head = row.cells.get(*first).map(Cell::display).unwrap_or_default();
        let parties = plan
            .mapping
            .get(*first)
            .copied()
            .flatten()
            .is_some_and(|f| f.ty == FieldType::Parties);
        let text = if parties {
            // Names beside their numbers: each name with its own (李四、王二 | id1、id2 →
            // 李四 id1、王二 id2); no name, or lists of other lengths, left as they are
            // (the numbers then stay in `extra`, not taken for names).
            let split = |t: &str| -> Vec<String> {
                t.split(['、', '，', ',', ';', '；', '\n'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let names = split(&head);
            let rest_cells: Vec<Vec<String>> = rest
                .iter()
                .map(|&c| {
                    row.cells
                        .get(c)
                        .map(|x| split(&x.display()))
                        .unwrap_or_default()
                })
                .collect();
            let paired = !names.is_empty()
                && rest_cells
                    .iter()
                    .all(|r| r.is_empty() || r.len() == names.len());
            if !paired {
                continue;
            }
            names
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    let mut one = n.clone();
                    for r in rest_cells.iter().filter(|r| !r.is_empty()) {
                        one.push(' ');
                        one.push_str(&r[k]);
                    }
                    one
                })
                .collect::<Vec<_>>()
                .join("、")
        } else {
            let mut text = head;
            for &c in rest.iter().filter(|c| filled(c)) {
                if !text.trim().is_empty() {
                    text.push(' ');
                }
                text.push_str(row.cells[c].display().trim());
            }
            text
        };
        for &c in rest.iter().filter(|c| filled(c)) {
            joined.cells[c] = Cell::Empty;
        }
        if *first < joined.cells.len() {
            joined.cells[*first] = Cell::Text(text);
        } else {
            put_cell(&mut joined.cells, *first, Cell::Text(text));
        }
    }
    Some(joined)
}

fn put_cell(cells: &mut Vec<Cell>, c: usize, cell: Cell) {
    if cells.len() <= c {
        cells.resize(c + 1, Cell::Empty);
    }
    cells[c] = cell;
}

/// The manifest's record of how a header's columns were read: each mapped column's field,
/// the unmapped ones, and a 案号 written over several columns.
pub(super) fn record_columns(entry: &mut SheetEntry, plan: &SheetPlan) {
    let (headers, mapping, names, case_no_parts) = (
        &plan.headers,
        &plan.mapping,
        &plan.names,
        &plan.case_no_parts,
    );
    if case_no_parts.cols.len() > 1 {
        let shown: Vec<&str> = case_no_parts
            .cols
            .iter()
            .map(|&c| names[c].as_str())
            .collect();
        let note = format!(
            "案号 written over columns {}: joined into one{}",
            shown.join(" | "),
            if case_no_parts.always {
                ""
            } else {
                " where the first alone is no 案号"
            }
        );
        entry.add_note(note);
    }
    // A later column of a field: parties, and a field whose columns are joined (信访类型
    // beside 信访方式), are read from it always; another field's value only when the first
    // column is empty (else it stays in `extra`, as unmapped).
    let also = |c: usize| {
        plan.table
            .fields()
            .iter()
            .zip(&plan.also_cols)
            .find(|(_, cols)| cols.contains(&c))
            .map(|(f, _)| f)
    };
    for (c, ((h, m), name)) in headers.iter().zip(mapping).zip(names).enumerate() {
        match m {
            Some(spec) => {
                entry.columns.insert(h.clone(), spec.name.to_string());
            }
            None if also(c).is_some_and(|f| f.ty == FieldType::Parties || f.joins_columns) => {
                entry
                    .columns
                    .insert(name.clone(), also(c).map_or("", |f| f.name).to_string());
            }
            None if !h.is_empty() && !entry.unmapped_columns.contains(name) => {
                entry.unmapped_columns.push(name.clone())
            }
            None => {}
        }
    }
}
