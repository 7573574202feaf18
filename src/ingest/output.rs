//! Ingest's outputs: the rejects table and `rejects.csv` (UTF-8 with BOM, for Excel), the
//! manifest, and reading back a run's Parquet tables.

use super::*;

/// How a file's manifest note begins when another input has the same bytes.
pub(super) const SAME_CONTENT: &str = "the same content as";

/// The notes of inputs that repeat another (named twice, or the same bytes under another
/// name), as (file, note): worth a warning, since their rows may be counted twice.
pub fn repeated_inputs(m: &Manifest) -> impl Iterator<Item = (&str, &str)> {
    m.files.iter().flat_map(|f| {
        f.notes
            .iter()
            .filter(|n| n.starts_with(SAME_CONTENT) || n.starts_with("named "))
            .map(|n| (f.path.as_str(), n.as_str()))
    })
}

/// The sheets' warnings (see [`SheetEntry::warnings`]), as (file and sheet, warning).
pub fn sheet_warnings(m: &Manifest) -> impl Iterator<Item = (String, &str)> {
    m.files.iter().flat_map(|f| {
        f.sheets.iter().flat_map(move |s| {
            s.warnings
                .iter()
                .map(move |w| (located(&f.path, s.sheet.as_deref()), w.as_str()))
        })
    })
}

/// A note per sheet with columns no field of its profile claims (kept in `extra`, listed in
/// the manifest): a column of a known field under a wording the profile lacks (执结标的额,
/// 审结日期) would otherwise leave its figures empty with only the manifest saying why.
pub fn unmapped_notes(m: &Manifest) -> impl Iterator<Item = (String, String)> + '_ {
    /// Names shown before "and N more": enough to spot a field, short enough for a line.
    const SHOWN: usize = 8;
    m.files.iter().flat_map(|f| {
        f.sheets
            .iter()
            .filter(|s| !s.unmapped_to_note.is_empty())
            .map(move |s| {
                let cols = &s.unmapped_to_note;
                let mut names = cols
                    .iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if cols.len() > SHOWN {
                    names.push_str(&format!(" and {} more", cols.len() - SHOWN));
                }
                let note = format!(
                    "{} column(s) not read as any field (kept in `extra`): {names}; if one names \
                     a field, add its wording to the profile{}",
                    cols.len(),
                    s.profile
                        .as_deref()
                        .map_or(String::new(), |p| format!(" ({p})"))
                );
                (located(&f.path, s.sheet.as_deref()), note)
            })
    })
}

/// What each input was read as, when none of them was read as a case list (`None` when
/// one was): the inputs held only a register (承办人, 扣除期间, 信访 …), or sheets without
/// a header, or no file at all. A run's cases come from case lists only, so the stages
/// after ingest would make a census and a report of a court with nothing pending, and a
/// register's rows would all refer to cases that are not there.
pub fn without_case_list(m: &Manifest) -> Option<String> {
    let sheets = || m.files.iter().flat_map(|f| &f.sheets);
    if sheets().any(|s| s.table.as_deref() == Some(TableKind::Cases.name())) {
        return None;
    }
    let read_as: Vec<String> = m
        .files
        .iter()
        .flat_map(|f| {
            let none = f
                .sheets
                .is_empty()
                .then(|| format!("{}: nothing read", f.path));
            f.sheets
                .iter()
                .map(|s| {
                    let what = match (&s.table, &s.profile) {
                        (Some(t), Some(p)) => format!("a {t} register (profile {p})"),
                        (Some(t), None) => format!("a {t} register"),
                        (None, _) => s
                            .note
                            .clone()
                            .unwrap_or_else(|| "no header row found".into()),
                    };
                    format!("{}: {what}", located(&f.path, s.sheet.as_deref()))
                })
                .chain(none)
                .collect::<Vec<_>>()
        })
        .collect();
    Some(if read_as.is_empty() {
        "no input file was read, so there are no cases to count; name the case lists \
         (案件信息/未结案件 exports) among the inputs"
            .into()
    } else {
        format!(
            "no input was read as a case list, so there are no cases to count ({}); name \
             the case lists (案件信息/未结案件 exports) among the inputs, or a header profile \
             (--profile, inputs.profile) that reads them",
            read_as.join("; ")
        )
    })
}

/// How many sheets hold less than their page lines say the list has (see
/// [`super::nondata::StatedSize`]), or rows that look like cases which could not be read
/// (a sheet without a header: [`super::sheet::UNREAD_CASE_ROWS`]), or an amount column left
/// unread for its unit ([`super::sheet::UNTRUSTED_UNIT`]): each a problem of the
/// input, which the run's exit code says (1), as it says a rejected row.
pub fn incomplete_exports(m: &Manifest) -> usize {
    sheet_warnings(m)
        .filter(|(_, w)| {
            w.starts_with(super::INCOMPLETE_EXPORT)
                || w.starts_with(super::sheet::UNREAD_CASE_ROWS)
                || w.starts_with(super::sheet::UNTRUSTED_UNIT)
        })
        .count()
}

/// Frames of one table, one after another, in one chunk.
pub(super) fn concat_frames(parts: Vec<DataFrame>) -> PolarsResult<DataFrame> {
    let mut iter = parts.into_iter();
    let mut first = match iter.next() {
        Some(f) => f,
        None => return Ok(DataFrame::empty()),
    };
    for f in iter {
        first.vstack_mut(&f)?;
    }
    first.rechunk_mut_par();
    Ok(first)
}

pub(super) fn rejects_frame(rejects: &[Reject]) -> PolarsResult<DataFrame> {
    let mut b = vec![
        ColumnBuilder::new("source_file", ColType::Str),
        ColumnBuilder::new("source_sheet", ColType::Str),
        ColumnBuilder::new("source_row", ColType::I64),
        ColumnBuilder::new("field", ColType::Str),
        ColumnBuilder::new("column", ColType::Str),
        ColumnBuilder::new("raw_value", ColType::Str),
        ColumnBuilder::new("reason", ColType::Str),
        ColumnBuilder::new("whole_row", ColType::Bool),
    ];
    for r in rejects {
        let vals = [
            Value::Str(r.source_file.as_str().into()),
            r.source_sheet
                .as_deref()
                .map_or(Value::Null, |s| Value::Str(s.into())),
            Value::I64(r.source_row as i64),
            Value::Str(r.field.as_str().into()),
            r.column
                .as_deref()
                .map_or(Value::Null, |s| Value::Str(s.into())),
            Value::Str(r.raw_value.as_str().into()),
            Value::Str(r.reason.as_str().into()),
            Value::Bool(r.whole_row),
        ];
        for (col, v) in b.iter_mut().zip(vals) {
            col.push(v);
        }
    }
    columns::frame(std::mem::take(&mut b), rejects.len())
}

/// Reads a whole Parquet table, naming the file on error. Every stage reads the run's
/// tables through this one function.
pub fn read_parquet(path: &Path) -> Result<DataFrame> {
    read_parquet_some(path, None)
}

/// Reads only the named columns of a Parquet table (the others are not decoded).
pub fn read_parquet_columns(path: &Path, columns: &[&str]) -> Result<DataFrame> {
    read_parquet_some(path, Some(columns.iter().map(|c| c.to_string()).collect()))
}

pub(super) fn read_parquet_some(path: &Path, columns: Option<Vec<String>>) -> Result<DataFrame> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(f)
        .with_columns(columns)
        .finish()
        .map_err(|e| Error::polars(format!("reading {}", path.display()), e))
}

pub(super) fn write_outputs(
    out: &Path,
    tables: &mut BTreeMap<&'static str, DataFrame>,
    rejects: &DataFrame,
    manifest: &Manifest,
) -> Result<()> {
    let pq = out.join("parquet");
    std::fs::create_dir_all(&pq).map_err(|e| Error::output(&pq, e))?;
    for (name, df) in tables.iter_mut() {
        write_parquet(&pq.join(format!("{name}.parquet")), df)?;
    }
    let mut rj = rejects.clone();
    write_parquet(&pq.join("rejects.parquet"), &mut rj)?;
    write_rejects_csv(&out.join("rejects.csv"), rejects)?;
    write_manifest(&out.join("manifest.json"), manifest)
}

/// `rejects.csv`: UTF-8 with BOM so that Excel on a Chinese Windows opens it correctly;
/// a cell that Excel would read as a formula gets a leading `'` ([`crate::sanitize::csv_cell`]).
pub fn write_rejects_csv(csv_path: &Path, rejects: &DataFrame) -> Result<()> {
    let csv_path = csv_path.to_path_buf();
    textio::write_atomic(&csv_path, |w| {
        w.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| Error::output(&csv_path, e))?;
        let mut cw = csv::Writer::from_writer(w);
        let io = |e: csv::Error| Error::Io {
            path: csv_path.clone(),
            source: std::io::Error::other(e),
        };
        cw.write_record([
            "source_file",
            "source_sheet",
            "source_row",
            "field",
            "column",
            "raw_value",
            "reason",
            "whole_row",
        ])
        .map_err(io)?;
        // Every column as text through a cast, not through `AnyValue`'s display, which
        // quotes an owned string (a one-row table's strings came out wrapped in quotes).
        let as_io = |e: PolarsError| Error::Io {
            path: csv_path.clone(),
            source: std::io::Error::other(e),
        };
        let cols: Vec<Vec<String>> = rejects
            .columns()
            .iter()
            .map(|c| {
                let text = c.cast(&DataType::String).map_err(as_io)?;
                Ok(text
                    .str()
                    .map_err(as_io)?
                    .iter()
                    .map(|v| v.unwrap_or_default().to_string())
                    .collect())
            })
            .collect::<Result<_>>()?;
        for i in 0..rejects.height() {
            // Raw values are typed by others: a value that Excel would evaluate is written
            // as text (crate::sanitize).
            cw.write_record(
                cols.iter()
                    .map(|c| crate::sanitize::csv_text_cell(&c[i]).into_owned()),
            )
            .map_err(io)?;
        }
        cw.flush().map_err(|e| Error::output(&csv_path, e))?;
        Ok(())
    })?;
    Ok(())
}

/// Writes a manifest as pretty JSON, atomically.
pub fn write_manifest(mpath: &Path, manifest: &impl serde::Serialize) -> Result<()> {
    let mpath = mpath.to_path_buf();
    textio::write_atomic(&mpath, |w| {
        serde_json::to_writer_pretty(&mut *w, manifest).map_err(|e| Error::Io {
            path: mpath.clone(),
            source: std::io::Error::other(e),
        })?;
        w.write_all(b"\n").map_err(|e| Error::output(&mpath, e))
    })?;
    Ok(())
}
