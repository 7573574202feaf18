//! Header profiles: which header wordings mean which canonical field.
//!
//! Court systems name the same column a dozen ways (案号/执行案号/案件编号), and a
//! statistician must be able to teach caseflow a new wording without a programmer, so the
//! synonyms live in `pipelines/profiles/*.toml`. The built-in profiles are compiled into
//! the binary (it must work from any folder); `--profiles DIR` adds or replaces profiles
//! by name. Profiles are validated when loaded, before any data is read.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::fields;
use super::schema::{FieldSpec, TableKind};
use crate::{Error, Result};

const BUILT_IN: &[(&str, &str)] = &[
    (
        "cases-standard.toml",
        include_str!("../../pipelines/profiles/cases-standard.toml"),
    ),
    (
        "petitions.toml",
        include_str!("../../pipelines/profiles/petitions.toml"),
    ),
    (
        "assignments.toml",
        include_str!("../../pipelines/profiles/assignments.toml"),
    ),
    (
        "deductions.toml",
        include_str!("../../pipelines/profiles/deductions.toml"),
    ),
    (
        "extensions.toml",
        include_str!("../../pipelines/profiles/extensions.toml"),
    ),
];

/// The file names of the built-in profiles (`pipelines/profiles/`).
pub fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(name, _)| *name)
}

/// The text of a built-in profile, by file name.
pub fn built_in_text(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// How many rows at the top of a sheet are searched for the header (title rows, blank
/// rows and notes can stand above it).
pub const HEADER_SEARCH_ROWS: usize = 30;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    table: String,
    #[serde(default)]
    description: String,
    fields: BTreeMap<String, Vec<String>>,
    /// Unit of amount columns whose header names none: "元" (default) or "万元".
    #[serde(default)]
    default_amount_unit: Option<String>,
    /// 案号 written in parts over several columns, in order (年度 | 法院代字 | 类型代字 |
    /// 案件序号): the synonyms of each part.
    #[serde(default)]
    case_no_parts: Vec<Vec<String>>,
    /// Notes in a header's bracket that make it another figure than the field before the
    /// bracket (结案时间（计划）, 承办人（原）).
    #[serde(default)]
    bracket_qualifiers: Vec<String>,
    /// Fields that a side register may carry too (备注, 案件状态, 承办人): beyond what a
    /// complete side profile maps, they do not make the file this profile's.
    #[serde(default)]
    incidental_fields: Vec<String>,
}

/// A loaded, validated profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub table: TableKind,
    pub description: String,
    /// Canonical field → its synonyms as written in the file.
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Normalised header key → canonical field.
    lookup: HashMap<String, &'static FieldSpec>,
    /// Normalised header key → its place in its field's list of synonyms (the first is
    /// the field's own name: 立案日期 before 收案日期).
    rank: HashMap<String, usize>,
    pub default_wan_yuan: bool,
    /// The header keys of each part of a 案号 written over several columns, in order.
    case_no_parts: Vec<Vec<String>>,
    bracket_qualifiers: Vec<String>,
    /// The length of the longest header key, in bytes: a header flattened from two (see
    /// [`Profile::flattened_field`]) is not longer than two of them and a separator.
    longest_key: usize,
    /// Names of the fields listed in `incidental_fields`.
    incidental: Vec<&'static str>,
}

/// How a header names a field's present value, over an earlier one (现承办人 beside
/// 承办人).
const CURRENT_MARKS: [&str; 4] = ["现", "当前", "变更后", "新"];

impl Profile {
    fn from_toml(text: &str, origin: &str) -> Result<Profile> {
        let file: ProfileFile =
            toml::from_str(text).map_err(|e| Error::Usage(format!("profile {origin}: {e}")))?;
        let table = TableKind::parse(&file.table).ok_or_else(|| {
            Error::Usage(format!(
                "profile {origin}: unknown table {:?} (expected one of cases, petitions, \
                 assignments, deductions, extensions)",
                file.table
            ))
        })?;
        let mut lookup = HashMap::new();
        let mut rank = HashMap::new();
        for (field, words) in &file.fields {
            let spec = super::schema::field(table, field).ok_or_else(|| {
                let known: Vec<&str> = table.fields().iter().map(|f| f.name).collect();
                Error::Usage(format!(
                    "profile {origin}: table {} has no field {field:?}; fields are: {}",
                    table.name(),
                    known.join(", ")
                ))
            })?;
            for (i, w) in words.iter().enumerate() {
                let key = header_key(w);
                // An empty synonym ("" or " ") would match a column whose header cell is
                // blank (a helper column, a merged cell's rest), and read it as the field.
                if key.is_empty() {
                    return Err(Error::Usage(format!(
                        "profile {origin}: {field}: synonym {} ({w:?}) is empty: it would read \
                         a column without a header as {field}; remove it",
                        i + 1
                    )));
                }
                rank.entry(key.clone()).or_insert(i);
                if let Some(other) = lookup.insert(key, spec) {
                    if other.name != spec.name {
                        return Err(Error::Usage(format!(
                            "profile {origin}: header {w:?} is a synonym of both {} and {}",
                            other.name, spec.name
                        )));
                    }
                }
            }
        }
        let incidental = file
            .incidental_fields
            .iter()
            .map(|name| {
                super::schema::field(table, name)
                    .map(|spec| spec.name)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "profile {origin}: incidental_fields names {name:?}, which is no \
                             field of table {}",
                            table.name()
                        ))
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        let default_wan_yuan = match file.default_amount_unit.as_deref() {
            None | Some("元") => false,
            Some("万元") => true,
            Some(other) => {
                return Err(Error::Usage(format!(
                    "profile {origin}: default_amount_unit must be 元 or 万元, not {other:?}"
                )))
            }
        };
        let longest_key = lookup.keys().map(String::len).max().unwrap_or(0);
        Ok(Profile {
            name: file.name,
            longest_key,
            table,
            description: file.description,
            synonyms: file.fields,
            lookup,
            rank,
            default_wan_yuan,
            case_no_parts: file
                .case_no_parts
                .iter()
                .map(|part| part.iter().map(|w| header_key(w)).collect())
                .collect(),
            bracket_qualifiers: file
                .bracket_qualifiers
                .iter()
                .map(|q| header_key(q))
                .filter(|q| !q.is_empty())
                .collect(),
            incidental,
        })
    }

    /// Whether `note` is one of the profile's bracket qualifiers (`bracket_qualifiers`):
    /// the whole of it, or for a qualifier of two or more characters its beginning.
    pub fn is_qualifier(&self, note: &str) -> bool {
        self.bracket_qualifiers
            .iter()
            .any(|q| note == q.as_str() || (q.chars().count() >= 2 && note.starts_with(q.as_str())))
    }

    /// The field a header means under this profile: by its key, or else, when the header
    /// ends in a bracket (`立案时间(收案日期)`, `被执行人(名称)`), by the words before the
    /// bracket, then by those inside it.
    pub fn field_for(&self, header: &str) -> Option<&'static FieldSpec> {
        let key = header_key(header);
        if let Some(f) = self.lookup.get(&key) {
            return Some(f);
        }
        if let Some(f) = self.numbered_party_field(&key) {
            return Some(f);
        }
        // A fill-in note after the name, on a line of its own (立案日期⏎格式：年-月-日) or
        // after 注：/格式：. Only a note: other words on the next line are part of the name
        // (被执行人⏎联系电话, 结案日期⏎（计划）).
        let mut lines = header
            .split(['\n', '\r'])
            .map(str::trim)
            .filter(|l| !l.is_empty());
        if let (Some(first), Some(next)) = (lines.next(), lines.next()) {
            let note = header_key(next);
            let note = note.trim_start_matches('(');
            let is_note = NOTE_LEADS.iter().any(|n| note.starts_with(n))
                || ["yyyy", "年-月-日", "年/月/日", "年.月.日"]
                    .iter()
                    .any(|w| note.contains(w));
            if is_note {
                if let Some(f) = self.field_for(first) {
                    return Some(f);
                }
            }
        }
        // (Cheap test first: every lead ends with a colon. This runs for every cell of the
        // rows searched for a header.)
        let lead = || NOTE_LEADS.iter().filter_map(|n| key.find(n)).min();
        if let Some(at) = key.contains(':').then(lead).flatten() {
            if at > 0 {
                if let Some(f) = self.field_for(&key[..at]) {
                    return Some(f);
                }
            }
        }
        // 立案日期/时间: the field before the slash, said another way after it.
        if let Some((before, after)) = key.split_once('/') {
            if SAME_THING_WORDS.contains(&after) {
                if let Some(f) = self.lookup.get(before) {
                    return Some(f);
                }
            }
        }
        if let Some(found) = self.bracketed_field(&key) {
            return Some(found);
        }
        if let Some(found) = self.aliased_field(&key) {
            return Some(found);
        }
        self.flattened_field(&key)
    }

    /// The field of a header key that numbers a party, as a wide export gives a column (or
    /// a pair of columns) to each: 被执行人1, 被执行人2, 被执行人一, 证件号码2 are a party
    /// field's columns, each holding a party. A number between a side's name and the words
    /// after it (被执行人1证件号码, 申请执行人2身份证号) is the number of that side's party
    /// numbered the same: the column is the side's identity numbers, read beside the names
    /// column by column as a repeated 被执行人证件号码 is. The number is one or two digits
    /// or up to three Chinese numerals (二十一); the key without it must name a party field,
    /// and the words before it a side's names (not 被执行人住所1地址).
    fn numbered_party_field(&self, key: &str) -> Option<&'static FieldSpec> {
        use super::schema::FieldType;
        const NUMERALS: &str = "一二三四五六七八九十";
        let numeral = |c: char| c.is_ascii_digit() || NUMERALS.contains(c);
        let party = |k: &str| {
            self.lookup
                .get(k)
                .copied()
                .filter(|f| f.ty == FieldType::Parties)
        };
        let mut from = 0;
        while let Some(at) = key[from..].find(numeral).map(|at| from + at) {
            let len = key[at..]
                .find(|c: char| !numeral(c))
                .unwrap_or(key.len() - at);
            let (before, number, after) = (&key[..at], &key[at..at + len], &key[at + len..]);
            from = at + len;
            let digits = number.bytes().all(|b| b.is_ascii_digit());
            let chinese = number.chars().all(|c| NUMERALS.contains(c));
            let short = if digits {
                number.len() <= 2
            } else {
                chinese && number.chars().count() <= 3
            };
            if before.is_empty() || !short {
                continue;
            }
            if after.is_empty() {
                if let Some(f) = party(before) {
                    return Some(f);
                }
            } else if party(before).is_some_and(|f| !f.name.ends_with("_ids")) {
                if let Some(f) = party(&format!("{before}{after}")) {
                    return Some(f);
                }
            }
        }
        None
    }

    /// The field of a header key with a note in brackets inside it, words on both sides
    /// (结案(销案)日期, 立案(收案)日期): the note is another name of the words before it, so
    /// the header is read without it (结案日期, 被执行人(单位)名称) or with it in their place
    /// (收案日期); not when the two readings name different fields. Not when the note is a
    /// qualifier either (`bracket_qualifiers`): 结案(计划)日期 is the planned date, and a note
    /// naming another person (被执行人(法定代表人)姓名, 被执行人(配偶)身份证号) makes the
    /// column that person's, not the party's.
    fn aliased_field(&self, key: &str) -> Option<&'static FieldSpec> {
        // Cheap tests first: this runs for every cell of the rows searched for a header.
        if key.len() > 2 * self.longest_key + 3 || key.ends_with(')') {
            return None;
        }
        let open = key.find('(').filter(|&at| at > 0)?;
        let close = open + key[open..].find(')')?;
        let (before, inside, after) = (&key[..open], &key[open + 1..close], &key[close + 1..]);
        if inside.is_empty() || inside.contains('(') || after.contains(['(', ')']) {
            return None;
        }
        if self.is_qualifier(inside) {
            return None;
        }
        let without = self.lookup.get(&format!("{before}{after}")).copied();
        // The note in place of as many characters before it (立案 → 收案), or of all.
        let n = inside.chars().count();
        let kept = before
            .char_indices()
            .rev()
            .nth(n - 1)
            .map_or("", |(at, _)| &before[..at]);
        let instead = self.lookup.get(&format!("{kept}{inside}{after}")).copied();
        match (without, instead) {
            (Some(a), Some(b)) if a.name != b.name => None,
            (a, b) => a.or(b),
        }
    }

    /// The field of a header key that ends in a bracket, by the words before it or inside
    /// it (see [`Profile::field_for`]); `None` when it has no bracket or neither names one.
    fn bracketed_field(&self, key: &str) -> Option<&'static FieldSpec> {
        let inner = key.strip_suffix(')')?;
        let open = opening_bracket(inner)?;
        let (before, inside) = (&inner[..open], &inner[open + 1..]);
        // 结案时间（计划）is the planned date, not the closing date; 承办人（原）the former
        // officer. One character must be the whole note (原, not 原告); two or more may
        // begin it (是否归档).
        // Unless the note and the name (or the field's own name: 执行案号 is a 案号) make
        // another field's name: 案号（原案） is the 原案案号, the origin's number (as under a
        // 原案情况 group, see `with_group_words`).
        if self.is_qualifier(inside) {
            let own = self.lookup.get(before).copied()?;
            return [before, own.label_zh]
                .into_iter()
                .find_map(|name| self.lookup.get(&format!("{inside}{name}")).copied())
                .filter(|f| f.name != own.name);
        }
        // The words before may end with a unit of their own: 执行标的额（万元）（含利息）.
        let named = |k: &str| {
            self.lookup
                .get(k)
                .or_else(|| self.lookup.get(&header_key(k)))
                .copied()
        };
        let by_inside = (!inside.is_empty()).then(|| named(inside)).flatten();
        match (before.is_empty(), named(before)) {
            // A group header flattened into its column's (当事人（申请执行人）, from 当事人
            // merged over 申请执行人 | 被执行人): the side inside is the column, as under the
            // group written over two rows, not both sides.
            (false, Some(group)) => Some(match by_inside {
                Some(side) if is_group_of(group, side) => side,
                _ => group,
            }),
            // A group that names no field itself (执行依据（案号）, 原案情况（案号）): read as
            // the group over the column, two rows flattened into one.
            (false, None) if by_inside.is_some() => self.under_group(before, inside),
            _ => by_inside,
        }
    }

    /// The field of a header that is a group header and its column's flattened into one
    /// with a separator (当事人-申请执行人, 当事人_被执行人, 当事人/申请执行人, 执行标的-申请执行标的)
    /// or none (当事人申请执行人): the column's own name read under its group, as if written
    /// over two rows (see [`with_group_words`]). Only when the group names no field, the
    /// same one, or one the column's is a part of (当事人, both sides, over one side): a
    /// slash or dash between two fields (申请执行人/被执行人, 承办人/书记员) is a column of
    /// both, not the second.
    fn flattened_field(&self, key: &str) -> Option<&'static FieldSpec> {
        // Cheap test first: this runs for every cell of the rows searched for a header,
        // where a note may be a megabyte long.
        if key.len() > 2 * self.longest_key + 3 {
            return None;
        }
        let fits = |group: &str, found: &'static FieldSpec| {
            self.lookup
                .get(group)
                .is_none_or(|g| g.name == found.name || is_group_of(g, found))
        };
        if let Some((at, sep)) = key
            .char_indices()
            .find(|(_, c)| GROUP_SEPARATORS.contains(c))
        {
            let (group, leaf) = (&key[..at], &key[at + sep.len_utf8()..]);
            // A group is words (a date's 2024-01-05 or a number's parts are none), over one
            // column: one separator (more are a list, 张三—李四—王五, and reading each
            // part as a group again would take time growing fourfold with each).
            if group.is_ascii() || leaf.is_empty() || leaf.contains(GROUP_SEPARATORS) {
                return None;
            }
            return self.under_group(group, leaf).filter(|f| fits(group, f));
        }
        // No separator: only a group that names a field its column's is a part of, so that
        // words before a name (未结, 原) do not read as a group.
        key.char_indices().skip(1).find_map(|(at, _)| {
            let (group, leaf) = key.split_at(at);
            let group_field = self.lookup.get(group)?;
            self.lookup
                .get(leaf)
                .copied()
                .filter(|f| is_group_of(group_field, f))
        })
    }

    /// The field of column `leaf` under the group header `group` (two rows flattened into
    /// one header: [`header_combined`]).
    fn under_group(&self, group: &str, leaf: &str) -> Option<&'static FieldSpec> {
        let name = header_combined(self, &[group.to_string()], &[leaf.to_string()]);
        self.field_for(&name[0])
    }

    /// The field a header names by one of its synonyms as it stands (no bracket read off):
    /// a second column of that field is one more place for its value (承办法官 beside
    /// 承办人), not another figure (申请执行标的（利息） beside 申请执行标的（本金）).
    pub fn field_by_key(&self, header: &str) -> Option<&'static FieldSpec> {
        self.lookup.get(&header_key(header)).copied()
    }

    /// Whether a column the field did not take is one more place for its value, read where
    /// the field's own column is empty: a header that names the field by one of its
    /// synonyms as it stands ([`Profile::field_by_key`]) or, for the case's own 案号, by the
    /// words before a bracketed note that names no field itself. A case has one number:
    /// 执行案号（新） beside 执行案号（旧）, 案号（新） beside 案号 (exports made around the
    /// 2016 numbering change) write it twice, where an amount's note makes another figure
    /// (申请执行标的（利息）). A note of the original case (案号（原案）) names another field
    /// (see [`Profile::field_for`]); one naming a field (案号（执行依据）) is that field's.
    pub fn more_column_of(&self, header: &str, field: &FieldSpec) -> bool {
        if self
            .field_by_key(header)
            .is_some_and(|f| f.name == field.name)
        {
            return true;
        }
        if field.ty != super::schema::FieldType::CaseNo
            || self.field_for(header).is_none_or(|f| f.name != field.name)
        {
            return false;
        }
        let key = header_key(header);
        let Some(inner) = key.strip_suffix(')') else {
            return false;
        };
        opening_bracket(inner).is_some_and(|open| {
            let note = &inner[open + 1..];
            !self.lookup.contains_key(note) && !self.lookup.contains_key(&header_key(note))
        })
    }

    /// Maps a header row: column index → field. Each field takes one column (see below); a
    /// column with the same meaning besides it stays unmapped (read where that one is empty, or
    /// kept in `extra`).
    pub fn map_headers(&self, headers: &[String]) -> Vec<Option<&'static FieldSpec>> {
        let fields: Vec<Option<&'static FieldSpec>> = (0..headers.len())
            .map(|c| self.field_at(headers, c))
            .collect();
        // A column named for the present (现承办人 beside 承办人, after a reassignment;
        // 执行案号（新） beside 执行案号（旧）, the number in today's form that other exports
        // give) is the field's; else the first column that names it.
        let current = |c: usize| {
            let key = header_key(&headers[c]);
            CURRENT_MARKS.iter().any(|m| {
                key.starts_with(m)
                    || key
                        .strip_suffix(')')
                        .and_then(|k| k.strip_suffix(m))
                        .is_some_and(|k| k.ends_with('('))
            })
        };
        // Of several columns that name a field, the one named by an earlier synonym (立案日期
        // over 收案日期 beside it, 承办人 over 执行员): the profile lists the field's own name
        // first. Party columns all add parties: the first is theirs.
        let order = |c: usize, spec: &FieldSpec| {
            let rank = if spec.ty == super::schema::FieldType::Parties {
                0
            } else {
                self.rank
                    .get(&header_key(&headers[c]))
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            (!current(c), rank, c)
        };
        let mut best: HashMap<&str, (bool, usize, usize)> = HashMap::new();
        for (c, spec) in fields.iter().enumerate() {
            if let Some(spec) = spec {
                let o = order(c, spec);
                best.entry(spec.name)
                    .and_modify(|b| *b = (*b).min(o))
                    .or_insert(o);
            }
        }
        (0..headers.len())
            .map(|c| fields[c].filter(|spec| best.get(spec.name).is_some_and(|b| b.2 == c)))
            .collect()
    }

    /// The field of column `c` by its header and, for a column of identity numbers that
    /// names no side (证件号码, 身份证号码), by its place: right after the applicants'
    /// names it holds their numbers (申请执行人 | 证件号码 | 被执行人 | 证件号码, as ledgers
    /// lay out a number after each party), else the debtors'.
    pub fn field_at(&self, headers: &[String], c: usize) -> Option<&'static FieldSpec> {
        let spec = self.field_for(&headers[c])?;
        if spec.name != "respondent_ids" || c == 0 {
            return Some(spec);
        }
        let key = header_key(&headers[c]);
        let names_a_side = ["被", "义务", "申请"].iter().any(|w| key.contains(w));
        let after_applicants = self
            .field_for(&headers[c - 1])
            .is_some_and(|f| f.name == "applicants");
        if names_a_side || !after_applicants {
            return Some(spec);
        }
        self.table
            .fields()
            .iter()
            .find(|f| f.name == "applicant_ids")
            .or(Some(spec))
    }

    /// The columns of a 案号 written in parts (see `case_no_parts` in the profile), in the
    /// parts' order: empty unless the first part (the year) and the last (the number) each
    /// have a column no field took. Parts between them may be missing (a 字号 column
    /// holding both the court's and the type's code).
    pub fn case_no_part_cols(
        &self,
        headers: &[String],
        mapping: &[Option<&'static FieldSpec>],
    ) -> Vec<usize> {
        let col_of = |keys: &Vec<String>| {
            headers.iter().enumerate().position(|(c, h)| {
                mapping.get(c).is_none_or(Option::is_none) && keys.contains(&header_key(h))
            })
        };
        let found: Vec<Option<usize>> = self.case_no_parts.iter().map(col_of).collect();
        match (found.first(), found.last()) {
            (Some(Some(_)), Some(Some(_))) if found.len() >= 2 => {
                found.into_iter().flatten().collect()
            }
            _ => Vec::new(),
        }
    }

    /// Required fields of the table that `mapping` leaves without a column.
    pub fn missing_required(&self, mapping: &[Option<&'static FieldSpec>]) -> Vec<&'static str> {
        let mapped = |name: &str| mapping.iter().flatten().any(|m| m.name == name);
        self.table
            .fields()
            .iter()
            // A period in one cell (起止日期) gives the start.
            .filter(|f| !(f.name == "start_on" && mapped("period")))
            // A 信访时间 column gives the date when no column names it alone.
            .filter(|f| !(f.name == "petitioned_on" && mapped("petitioned_time")))
            .filter(|f| f.required && !mapped(f.name))
            .map(|f| f.name)
            .collect()
    }

    /// Two tables side by side on one header row: 未结案件 left and 已结案件 right of a
    /// blank column, or one list printed in two column blocks (案号 | 立案日期 | 被执行人 |
    /// blank | 案号 | 立案日期 | 被执行人). Read as one table, the right block's 案号 went to
    /// `extra` (its cases lost) and its 被执行人 / 结案日期 were grafted onto the left
    /// block's cases. Found when, after a blank header cell, the 案号 named on its left is
    /// named again together with at least one more of the left block's fields: a second
    /// 案号 alone (执行案号（旧） | 执行案号（新）), a second 立案日期 (an original case's
    /// block: 原案号 | 立案日期 | 结案日期), or any of them without a blank column before it
    /// stays one table's column. Only a candidate: the rows tell ([`side_by_side_rows`]).
    pub fn side_by_side(&self, headers: &[String]) -> Option<SideBySide> {
        let fields: Vec<Option<&'static FieldSpec>> = (0..headers.len())
            .map(|c| self.field_at(headers, c))
            .collect();
        let first_of = |cols: std::ops::Range<usize>, name: &str| {
            cols.into_iter()
                .find(|&c| fields[c].is_some_and(|f| f.name == name))
        };
        // The 案号: what tells one case from another (a repeated 立案日期 may be an original
        // case's, under a group header its own rows name 原审).
        let required = ["case_no"];
        for blank in 1..headers.len() {
            if !headers[blank].trim().is_empty() {
                continue;
            }
            let (left, right) = (0..blank, blank + 1..headers.len());
            let repeated: Vec<&str> = fields[right.clone()]
                .iter()
                .flatten()
                .map(|f| f.name)
                .filter(|name| first_of(left.clone(), name).is_some())
                .collect();
            let Some(field) = required
                .iter()
                .find(|name| repeated.contains(name))
                .copied()
            else {
                continue;
            };
            if repeated.iter().any(|name| *name != field) {
                return Some(SideBySide {
                    field,
                    left: first_of(left, field)?,
                    blank,
                    right: first_of(right, field)?,
                });
            }
        }
        None
    }
}

/// Whether the rows under a header [`Profile::side_by_side`] finds two tables in bear it
/// out: the blank column is empty in every row, and some row holds an enforcement case's
/// 案号 (执) in the right-hand block's 案号 column. A column without a header that holds
/// data, or a right-hand 案号 column of judgments' numbers (民初, an original case's), is
/// one table's; with no rows to tell, nothing is lost by reading one table.
pub fn side_by_side_rows(two: &SideBySide, rows: &[super::Row]) -> bool {
    let text = |row: &super::Row, c: usize| -> String {
        row.cells
            .get(c)
            .filter(|cell| !cell.is_empty())
            .map(|cell| cell.display().trim().to_string())
            .unwrap_or_default()
    };
    rows.iter().all(|r| text(r, two.blank).is_empty())
        && rows.iter().any(|r| {
            let t = text(r, two.right);
            t.contains(['执', '執']) && crate::casenum::parse(&t).is_ok()
        })
}

/// Two tables side by side on one header row (see [`Profile::side_by_side`]): the
/// required field named in both, its column in each, and the blank column between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideBySide {
    pub field: &'static str,
    pub left: usize,
    pub blank: usize,
    pub right: usize,
}

/// A header reduced to what identifies it: no spaces or line breaks, ASCII brackets, no
/// trailing unit in brackets, no required-field star, ASCII lower case.
pub fn header_key(header: &str) -> String {
    // The marks that keep a cell as text (`="案号"`, `'案号`) are no part of the name.
    let header = super::fields::strip_text_marks(header.trim());
    // A header in traditional characters (案號, 申請執行人: a Hong Kong or Taiwan template, a
    // Big5 file) is the simplified one.
    let simplified;
    let header = if header.is_ascii() || crate::casenum::is_simplified(header) {
        header
    } else {
        simplified = crate::casenum::to_simplified(header);
        simplified.as_str()
    };
    let mut s: String = header
        .chars()
        // Zero-width characters a web system leaves in its headers (被\u{200b}执行人), direction
        // marks and control characters (NUL padding) too: what cleaning drops from a cell.
        .filter(|&c| {
            !c.is_whitespace() && !matches!(c, '*' | '＊') && !super::fields::is_invisible(c)
        })
        .map(|c| match c {
            '（' | '【' | '[' | '［' | '〔' | '〈' | '﹙' | '〖' => '(',
            '）' | '】' | ']' | '］' | '〕' | '〉' | '﹚' | '〗' => ')',
            '：' => ':',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if let Some(rest) = without_numbering(&s) {
        s = rest.to_string();
    }
    while s.ends_with(':') {
        s.pop();
    }
    for unit in [
        "(万元)",
        "(元)",
        "/万元",
        "/元",
        "-万元",
        "-元",
        // A database-style name (申请执行标的额_万元, 执行到位金额_元): the underscore
        // stands where a form writes a slash or a bracket.
        "_万元",
        "_元",
        "＿万元",
        "＿元",
        ":万元",
        ":元",
        "(万)",
        "(千元)",
        "(百万元)",
        "(亿元)",
        "(天)",
        "(月)",
        "(个月)",
    ] {
        if let Some(stripped) = s.strip_suffix(unit) {
            if !stripped.is_empty() {
                s = stripped.to_string();
            }
            break;
        }
    }
    // A unit in brackets with words around it: (单位:万元), (人民币元), (单位:元/人民币).
    if let Some(open) = s.strip_suffix(')').and_then(|inner| inner.rfind('(')) {
        let inside = &s[open + 1..s.len() - 1];
        let bare: String = inside
            .replace("单位", "")
            .replace("人民币", "")
            .chars()
            .filter(|c| !matches!(c, ':' | '/' | '：'))
            .collect();
        if open > 0
            && matches!(
                bare.as_str(),
                "元" | "万元" | "万" | "千元" | "百万元" | "亿元" | "天" | "日" | "月" | "个月"
            )
        {
            s.truncate(open);
        }
    }
    for unit in ["万元", "元"] {
        if let Some(stripped) = s.strip_suffix(unit) {
            // 标的额万元 / 金额元, but not a header that is only the unit.
            if stripped.chars().count() >= 2 && !stripped.ends_with('单') {
                s = stripped.to_string();
            }
            break;
        }
    }
    s
}

/// A header key without the number a form puts before each column's name (`1.案号`,
/// `1、案号`, `(1)案号`, `①案号`, `一、案号`), when words follow it; `None` when it has none.
fn without_numbering(key: &str) -> Option<&str> {
    let rest = if let Some(r) = key.strip_prefix(|c: char| {
        // ① … ⑳, ⑴ … ⒇, ⒈ … ⒛
        ('\u{2460}'..='\u{249B}').contains(&c) || ('\u{3251}'..='\u{325F}').contains(&c)
    }) {
        r
    } else if let Some(r) = key.strip_prefix('(') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        r[n..].strip_prefix(')').filter(|_| (1..=2).contains(&n))?
    } else {
        let n = key.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&n) {
            key[n..].strip_prefix(['.', '、', '．', ')', ':'])?
        } else {
            let words = key
                .chars()
                .take_while(|&c| "一二三四五六七八九十".contains(c))
                .map(char::len_utf8)
                .sum::<usize>();
            key[words..].strip_prefix('、').filter(|_| words > 0)?
        }
    };
    (!rest.is_empty()).then_some(rest)
}

/// The place of the bracket that opens the one `inner` (a header key without its last `)`)
/// ends with, brackets inside it skipped: `案号(例:(2024)浙0603执1号` → 2.
fn opening_bracket(inner: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(i),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether field `group` takes in field `part`: the column of both sides (当事人) over one
/// side's names or numbers, as a group header stands over its columns.
fn is_group_of(group: &FieldSpec, part: &FieldSpec) -> bool {
    use super::schema::FieldType;
    group.ty == FieldType::RoleParties && part.ty == FieldType::Parties
}

/// What joins a group header to its column's name when the two rows of a header are
/// flattened into one (当事人-申请执行人, 当事人_被执行人, 当事人/申请执行人).
const GROUP_SEPARATORS: &[char] = &[
    '-', '－', '—', '–', '_', '＿', '/', '／', '|', '｜', '·', '・',
];

/// Words after a slash that name the same thing another way (立案日期/时间, 结案方式/类型):
/// the header is the field named before the slash.
const SAME_THING_WORDS: &[&str] = &[
    "时间", "日期", "日", "类型", "方式", "名称", "姓名", "情况", "结果", "金额", "数额", "号码",
    "编号", "状态",
];

/// Lead-ins of a fill-in note written after a header's name (`立案日期⏎格式：年-月-日`,
/// `申请执行标的注：含利息`).
const NOTE_LEADS: &[&str] = &[
    "注:",
    "注意:",
    "格式:",
    "例:",
    "例如:",
    "如:",
    "说明:",
    "填写说明:",
    "备注:",
];

/// All profiles: the built-in ones, then those in `dir` (which replace built-ins of the
/// same name). Sorted by name so that choices are deterministic. Two files of the folder
/// that declare one name are refused, naming both: one would replace the other by the
/// order of their file names, so a copy or a draft kept beside the profile in use (still
/// saying its name) would silently decide how every file is read.
pub fn load_profiles(dir: Option<&Path>) -> Result<Vec<Profile>> {
    let mut by_name: BTreeMap<String, Profile> = BTreeMap::new();
    for (file, text) in BUILT_IN {
        let p = Profile::from_toml(text, &format!("(built-in) {file}"))?;
        by_name.insert(p.name.clone(), p);
    }
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut declared_by: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
        for path in paths {
            let text = crate::textio::read_config(&path)?;
            let p = Profile::from_toml(&text, &path.display().to_string())?;
            if let Some(first) = declared_by.insert(p.name.clone(), path.clone()) {
                return Err(Error::Usage(format!(
                    "profiles {} and {} both declare name = {:?}: only one profile of a name \
                     can be in force. Give one another name, or move it out of the folder \
                     (a backup as {}.bak)",
                    first.display(),
                    path.display(),
                    p.name,
                    path.file_name().unwrap_or_default().to_string_lossy(),
                )));
            }
            by_name.insert(p.name.clone(), p);
        }
    }
    Ok(by_name.into_values().collect())
}

/// The header row and profile chosen for one sheet.
#[derive(Debug, Clone)]
pub struct HeaderChoice {
    /// Index into the sheet's rows.
    pub row_index: usize,
    pub profile_index: usize,
    pub mapped: usize,
}

/// The unit a header cell holds when it holds nothing else (`（万元）`, `单位：元` →
/// `万元`, `元`): the row of units some exports put under the column names.
pub fn unit_only(cell: &str) -> Option<&'static str> {
    let k: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | ':' | '：'))
        .collect();
    let k = k.strip_prefix("单位").unwrap_or(&k);
    ["元", "万元", "千元", "百万元", "亿元", "天", "月", "个月"]
        .into_iter()
        .find(|u| *u == k)
}

/// Column names from a header written over two rows: a group header over sub-headers
/// (`当事人` over `申请执行人 | 被执行人`, the group merged across its columns) or a row of
/// units under the names (`标的金额` over `（万元）`). A column's name is the lower cell
/// when it names the column, the upper cell with the lower one's unit when the lower cell
/// is only a unit, and the upper cell when the lower one is blank.
pub fn two_row_header(top: &[String], below: &[String]) -> Vec<String> {
    // The group a blank upper cell stands under: merged across its columns, a group is
    // written over the first only (also in a workbook saved as CSV).
    let mut group = "";
    (0..top.len().max(below.len()))
        .map(|c| {
            let p = top.get(c).map_or("", |s| s.trim());
            let s = below.get(c).map_or("", |s| s.trim());
            if !p.is_empty() {
                group = p;
            } else if s.is_empty() {
                group = "";
            }
            if s.is_empty() {
                p.to_string()
            } else if let Some(unit) = unit_only(s) {
                format!("{p}（{unit}）")
            } else {
                // A group header with the unit of its columns (金额（万元） over 申请执行标的
                // | 执行到位): each column keeps it, unless it names its own.
                match fields::unit_from_header(group) {
                    Some(u) if fields::unit_from_header(s).is_none() => {
                        format!("{s}（{}）", u.label())
                    }
                    _ => s.to_string(),
                }
            }
        })
        .collect()
}

/// Sub-headers that are the total of their group's parts (本金 | 利息 | 合计), or the
/// cumulative figure beside a period's part (执行到位金额 over 本期 | 累计, as a monthly
/// ledger keeps them): the case's amount is the cumulative one, 本期 only a part of it.
const GROUP_TOTALS: &[&str] = &[
    "合计",
    "累计",
    "累计金额",
    "小计",
    "总计",
    "总额",
    "合计金额",
    "总金额",
    "本息合计",
    "共计",
];

/// Sub-headers that are generic words under their group (结案情况 over 日期 | 方式, 标的额（元）
/// over 申请 | 到位): a column whose name maps no field is named by its group's words and
/// its own, in either order, when that maps one (结案日期, 结案方式, 申请标的额（元）). A
/// group merged across its columns but written only over the first (a workbook saved as
/// CSV) stands over the blank cells right of it too.
fn with_group_words(
    profile: &Profile,
    top: &[String],
    below: &[String],
    mut names: Vec<String>,
) -> Vec<String> {
    // The groups (by their first column) with a total among their columns (申请执行标的（元）
    // over 本金 | 利息 | 合计): the total is the group's figure, not the first column.
    let mut with_total = std::collections::HashSet::new();
    let mut start = None;
    for c in 0..names.len() {
        let p = top.get(c).map_or("", |s| s.trim());
        let leaf = below.get(c).map_or("", |s| s.trim());
        if !p.is_empty() && (c == 0 || top.get(c - 1).map_or("", |s| s.trim()) != p) {
            start = Some(c);
        } else if p.is_empty() && leaf.is_empty() {
            start = None;
        }
        if let Some(g) = start.filter(|_| GROUP_TOTALS.contains(&header_key(leaf).as_str())) {
            with_total.insert(g);
        }
    }
    let mut group = "";
    let mut group_start = 0;
    for (c, name) in names.iter_mut().enumerate() {
        let p = top.get(c).map_or("", |s| s.trim());
        let leaf = below.get(c).map_or("", |s| s.trim());
        if !p.is_empty() {
            if p != group || c == 0 {
                group_start = c;
            }
            group = p;
        } else if leaf.is_empty() {
            group = "";
        }
        if group.is_empty() || leaf.is_empty() || header_key(group) == header_key(leaf) {
            continue;
        }
        let own = profile.field_for(name);
        // The group's words without its unit and without 情况 (situation) or 信息 (details).
        let unit = fields::unit_from_header(group).map(|u| format!("（{}）", u.label()));
        let key = header_key(group);
        let stem = key
            .trim_end_matches("情况")
            .trim_end_matches("信息")
            .trim_end_matches("情形");
        let unit = unit.as_deref().unwrap_or("");
        // A sub-header that names a field by itself may name another under its group:
        // 执行依据 over 案号 is the basis's number, not the case's.
        let found = [format!("{stem}{leaf}{unit}"), format!("{leaf}{stem}{unit}")]
            .into_iter()
            .find(|name| {
                profile
                    .field_for(name)
                    .is_some_and(|f| own.is_none_or(|o| o.name != f.name))
            });
        // 执行标的（元） over 申请执行 | 实际到位 | 未到位, 申请执行标的（元） over 本金 | 利息:
        // the group names a figure and its first column, the amount applied for, is that
        // figure (the others keep their own names: 实际到位 is the recovered amount).
        const APPLIED: [&str; 9] = [
            "申请执行",
            "申请",
            "申请金额",
            "申请执行金额",
            "标的",
            "申请标的",
            "本金",
            "应执行",
            "金额",
        ];
        // Words that name the amount applied for wherever they stand in the group (执行标的
        // over 执行到位 | 申请执行).
        const APPLIED_ANYWHERE: [&str; 5] =
            ["申请执行", "申请", "申请金额", "申请执行金额", "申请标的"];
        let first_of_group = c == 0 || top.get(c - 1).map_or("", |s| s.trim()) != group;
        let leaf_key = header_key(leaf);
        let is_group_figure = if with_total.contains(&group_start) {
            GROUP_TOTALS.contains(&leaf_key.as_str())
        } else {
            APPLIED_ANYWHERE.contains(&leaf_key.as_str())
                || (first_of_group && APPLIED.contains(&leaf_key.as_str()))
        };
        // Named by its group, the column keeps the unit its own header states (标的额 over
        // 申请（万元） | 已到位（万元）: the claim is in 万元 like the parts beside it), which
        // wins over the group's as in `two_row_header`.
        let group_named = || match fields::unit_from_header(leaf) {
            Some(u) if fields::unit_from_header(group).is_none() => {
                format!("{group}（{}）", u.label())
            }
            Some(u) => format!("{key}（{}）", u.label()),
            None => group.to_string(),
        };
        let found = found.or_else(|| {
            (own.is_none() && is_group_figure)
                .then(group_named)
                .filter(|g| profile.field_for(g).is_some())
        });
        if let Some(found) = found {
            *name = found;
        } else if own.is_some() && profile.is_qualifier(stem) {
            // 原案情况 over 案号 | 结案日期: the original case's, not this case's; named as a
            // qualified header (结案日期（原案情况）) it maps no field and is kept in `extra`.
            *name = format!("{leaf}（{group}）");
        }
    }
    names
}

/// The column names of `row` with the row below it read as its second ([`two_row_header`],
/// then [`with_group_words`]), whether or not that maps more fields.
pub fn header_combined(profile: &Profile, row: &[String], below: &[String]) -> Vec<String> {
    with_group_words(profile, row, below, two_row_header(row, below))
}

/// The column names of a header whose first row is `row`, and how many rows it takes: two
/// when the row below continues it (sub-headers under a group header, or units under the
/// names), which is then a header row, not a case.
pub fn header_at(
    profile: &Profile,
    row: &[String],
    below: Option<&[String]>,
) -> (Vec<String>, usize) {
    let Some(below) = below.filter(|b| b.iter().any(|s| !s.trim().is_empty())) else {
        return (row.to_vec(), 1);
    };
    let combined = header_combined(profile, row, below);
    let mapped = |h: &[String]| profile.map_headers(h).iter().flatten().count();
    let (one, two) = (mapped(row), mapped(&combined));
    let units_only = below
        .iter()
        .filter(|s| !s.trim().is_empty())
        .all(|s| unit_only(s).is_some());
    // The row below names columns only under groups of this one (a cell merged over
    // several, 申请执行标的（元） over 本金 | 利息): sub-headers, whatever they map. A name
    // merged down over both rows is repeated in the second: not a sub-header.
    let top = |c: usize| row.get(c).map_or("", |s| s.trim());
    let filled: Vec<usize> = (0..below.len())
        .filter(|&c| !below[c].trim().is_empty() && below[c].trim() != top(c))
        .collect();
    // A group: its first cell, then blank cells (merged, not filled) or repeats of it.
    let continues = |c: usize| {
        below.get(c).is_some_and(|s| !s.trim().is_empty())
            && (top(c).is_empty() || top(c) == top(c - 1))
    };
    let under_groups = filled.len() >= 2
        && filled
            .iter()
            .all(|&c| top(c).is_empty() || (c > 0 && top(c - 1) == top(c)) || continues(c + 1));
    if two > one || ((units_only || under_groups) && two >= one) {
        (combined, 2)
    } else {
        (row.to_vec(), 1)
    }
}

/// Finds the header: on each of the first rows, the profile that maps the most distinct
/// fields (ties to the one whose required fields are all present, then to the profile's
/// name order), unless what it maps beyond a complete profile is only its
/// `incidental_fields` (a register's 备注); the first row where that profile has all its required fields, or else
/// the row where it maps the most (ties to the earlier row). `only` restricts the
/// profiles.
///
/// A row is scored with the row below it when that row continues the header (see
/// [`header_at`]): a group header over sub-headers maps few fields on its own, and the
/// same header repeated further down on a single row (printed page breaks) would
/// otherwise win and turn every case above it into a "title row".
pub fn choose_header(
    rows: &[Vec<String>],
    profiles: &[Profile],
    only: Option<usize>,
) -> Option<HeaderChoice> {
    // Each row's best profile: the one that maps the most (a case list whose 立案日期 has
    // a wording no profile knows is still a case list, not the assignments table that its
    // 案号 and 承办人 alone would make complete); ties to a complete one.
    let mut best_overall: Option<(HeaderChoice, bool)> = None;
    for (ri, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        // A row holding a case's 案号 is a case, not a header: lines glued into one row (a
        // file's line ends misread) would make a header whose "names" are the cases'
        // values, and those cases would vanish into it
        // (h-mixed-cr-lf-rows-swallowed-into-header).
        if row
            .iter()
            .any(|c| c.contains(['号', '號']) && crate::casenum::parse(c).is_ok())
        {
            continue;
        }
        // Each profile that names a field of this row: its mapping and whether it is complete.
        let mut candidates: Vec<(usize, Vec<Option<&'static FieldSpec>>, bool)> = Vec::new();
        for (pi, profile) in profiles.iter().enumerate() {
            if only.is_some_and(|o| o != pi) {
                continue;
            }
            // A row that names no field itself is not a header's first row (a blank row
            // or a title above the header would otherwise borrow the header's score).
            if profile.map_headers(row).iter().all(Option::is_none) {
                continue;
            }
            let (names, _) = header_at(profile, row, rows.get(ri + 1).map(Vec::as_slice));
            let mapping = profile.map_headers(&names);
            if mapping.iter().all(Option::is_none) {
                continue;
            }
            let complete = profile.missing_required(&mapping).is_empty();
            candidates.push((pi, mapping, complete));
        }
        let mapped = |m: &[Option<&'static FieldSpec>]| m.iter().flatten().count();
        // On a tie, a case list: a narrow one (案号 | 立案日期 | 承办人 | 承办日期) maps as
        // many columns to the assignments' profile, and read as such its cases would
        // be missing from every count.
        let cases = |pi: usize| profiles[pi].table == TableKind::Cases;
        let Some(mut best) = candidates
            .iter()
            .enumerate()
            .max_by_key(|(i, (pi, m, complete))| {
                (mapped(m), *complete, cases(*pi), std::cmp::Reverse(*i))
            })
            .map(|(i, _)| i)
        else {
            continue;
        };
        // Unless the most is only the side register's columns and some it may carry too:
        // a suspension register (案号 | 中止原因 | 中止日期 | 恢复日期) with a 备注, or a 包案
        // list with a 案件状态, maps one column more to the case list, which it is not (it
        // has no 立案日期). A complete side profile that maps more than the 案号 then wins.
        if !candidates[best].2 {
            let (bpi, bmap, _) = &candidates[best];
            let incidental = &profiles[*bpi].incidental;
            let side = candidates
                .iter()
                .enumerate()
                .filter(|(_, (_, m, complete))| {
                    *complete
                        && m.len() == bmap.len()
                        && m.iter().flatten().any(|f| f.name != "case_no")
                        && bmap.iter().zip(m).all(|(b, s)| {
                            s.is_some() || b.is_none_or(|f| incidental.contains(&f.name))
                        })
                })
                .max_by_key(|(i, (_, m, _))| (mapped(m), std::cmp::Reverse(*i)))
                .map(|(i, _)| i);
            if let Some(side) = side {
                best = side;
            }
        }
        let (pi, mapping, complete) = &candidates[best];
        let best_here = Some((
            HeaderChoice {
                row_index: ri,
                profile_index: *pi,
                mapped: mapped(mapping),
            },
            *complete,
        ));
        let Some((here, complete)) = best_here else {
            continue;
        };
        // The first complete header wins: a ledger's later section may have a header with
        // a column more, and every case above it would be taken for a title row.
        if complete {
            return Some(here);
        }
        if best_overall
            .as_ref()
            .is_none_or(|(b, _)| here.mapped > b.mapped)
        {
            best_overall = Some((here, complete));
        }
    }
    best_overall.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::super::fields;
    use super::*;

    #[test]
    fn built_in_profiles_load() {
        let ps = load_profiles(None).unwrap();
        assert!(ps.iter().any(|p| p.name == "cases-standard"));
        assert!(ps.iter().any(|p| p.table == TableKind::Petitions));
    }

    /// t-empty-header-synonym-silently-maps-blank-column: an empty synonym ("" or " ") in a
    /// profile read a column with a blank header (a helper column) as the field, and the
    /// real 备注 went to `extra`. It is refused, naming the profile and the field.
    #[test]
    fn an_empty_synonym_is_refused() {
        let text = built_in_text("cases-standard.toml").unwrap();
        for empty in ["\"\"", "\" \"", "\"\u{3000}\""] {
            let edited = text.replacen("note = [", &format!("note = [{empty}, "), 1);
            assert_ne!(edited, text);
            let e = Profile::from_toml(&edited, "p/cases-standard.toml")
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("p/cases-standard.toml") && e.contains("note") && e.contains("empty"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_header_over_two_rows_is_read_as_one() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let top = s(&["案号", "当事人", "", "标的金额", "承办人"]);
        let below = s(&["", "申请执行人", "被执行人", "（万元）", ""]);
        assert_eq!(
            two_row_header(&top, &below),
            s(&[
                "案号",
                "申请执行人",
                "被执行人",
                "标的金额（万元）",
                "承办人"
            ])
        );
        assert_eq!(unit_only("（万元）"), Some("万元"));
        assert_eq!(unit_only("单位：元"), Some("元"));
        assert_eq!(unit_only("(天)"), Some("天"));
        assert_eq!(unit_only("标的额（万元）"), None);
        assert_eq!(unit_only("张三"), None);
        assert_eq!(unit_only(""), None);
        let units = two_row_header(&s(&["案号", "申请执行标的"]), &s(&["", "单位：万元"]));
        assert_eq!(units, s(&["案号", "申请执行标的（万元）"]));
    }

    /// Red-team round 30 (a-money-group-total, a-money-group-claim-not-first): a group's
    /// total is its figure, and 申请执行 names the claim wherever it stands in the group.
    #[test]
    fn a_money_group_takes_its_total_or_the_part_applied_for() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let fields_of = |top: &[&str], below: &[&str]| -> Vec<Option<&str>> {
            let (names, rows) = header_at(cases, &s(top), Some(&s(below)));
            assert_eq!(rows, 2, "{names:?}");
            cases
                .map_headers(&names)
                .iter()
                .map(|f| f.map(|f| f.name))
                .collect()
        };
        let total_last = fields_of(
            &["案号", "立案日期", "申请执行标的（元）", "", ""],
            &["", "", "本金", "利息", "合计"],
        );
        assert_eq!(total_last[2..], [None, None, Some("claim_fen")]);
        let total_first = fields_of(
            &["案号", "立案日期", "申请执行标的（元）", "", ""],
            &["", "", "合计", "本金", "利息"],
        );
        assert_eq!(total_first[2..], [Some("claim_fen"), None, None]);
        let no_total = fields_of(
            &["案号", "立案日期", "申请执行标的（元）", ""],
            &["", "", "本金", "利息"],
        );
        assert_eq!(no_total[2..], [Some("claim_fen"), None]);
        let second = fields_of(
            &["案号", "立案日期", "执行标的（元）", ""],
            &["", "", "执行到位", "申请执行"],
        );
        assert_eq!(second[2..], [Some("recovered_fen"), Some("claim_fen")]);
    }

    /// x-recovered-group-this-period-cumulative: 执行到位金额（元） over 本期 | 累计 is the
    /// cumulative amount (累计), beside 申请执行标的（元） over 本金 | 利息 | 合计 or alone,
    /// whether the names merged over both rows are repeated in the second or left blank.
    #[test]
    fn a_recovered_group_takes_its_cumulative_amount() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let fields_of = |top: &[&str], below: &[&str]| -> Vec<Option<&str>> {
            let (names, rows) = header_at(cases, &s(top), Some(&s(below)));
            assert_eq!(rows, 2, "{names:?}");
            cases
                .map_headers(&names)
                .iter()
                .map(|f| f.map(|f| f.name))
                .collect()
        };
        let top = [
            "案号",
            "立案日期",
            "申请执行标的（元）",
            "执行到位金额（元）",
            "",
            "承办人",
        ];
        let alone = fields_of(&top, &["", "", "", "本期", "累计", ""]);
        assert_eq!(
            alone[2..],
            [
                Some("claim_fen"),
                None,
                Some("recovered_fen"),
                Some("officer")
            ]
        );
        let repeated = fields_of(
            &top,
            &[
                "案号",
                "立案日期",
                "申请执行标的（元）",
                "本期",
                "累计",
                "承办人",
            ],
        );
        assert_eq!(repeated, alone);
        let both = fields_of(
            &[
                "案号",
                "申请执行标的（元）",
                "",
                "",
                "执行到位金额（元）",
                "",
                "立案日期",
            ],
            &["案号", "本金", "利息", "合计", "本期", "累计", "立案日期"],
        );
        assert_eq!(
            both[1..6],
            [None, None, Some("claim_fen"), None, Some("recovered_fen")]
        );
    }

    /// Red-team round 30 (a-header-leading-number, a-header-format-note, and the odd unit
    /// brackets and slashes of its sweep): headers as forms number and annotate them.
    #[test]
    fn numbered_annotated_and_slashed_headers_name_their_field() {
        for h in [
            "1.案号",
            "①案号",
            "1、案号",
            "（1）案号",
            "一、案号",
            "12．案号",
            "⑴案号",
        ] {
            assert_eq!(header_key(h), "案号", "{h}");
        }
        // Numbers that are the header's words stay.
        for h in ["2023年收案", "12月结案", "(万元)", "一审案号"] {
            assert_eq!(header_key(h), header_key(&h.replace(' ', "")), "{h}");
            assert!(without_numbering(&header_key(h)).is_none(), "{h}");
        }
        assert_eq!(header_key("标的额〔万元〕"), "标的额");
        assert_eq!(header_key("标的额〈万元〉"), "标的额");
        assert_eq!(
            fields::unit_from_header("标的额〈万〉"),
            Some(fields::AmountUnit::WanYuan)
        );
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        for (h, f) in [
            ("5.承办人", "officer"),
            ("3.申请执行标的（元）", "claim_fen"),
            ("立案日期\n格式：年-月-日", "filed_on"),
            ("申请执行标的（元）\n注：含利息", "claim_fen"),
            ("立案日期 格式：年-月-日", "filed_on"),
            ("案号（例：（2024）浙0603执1号）", "case_no"),
            ("立案日期/时间", "filed_on"),
            ("结案方式/类型", "closure_method"),
            ("结案日期/时间", "closed_on"),
            ("案件案由", "cause"),
            ("执行法院名称", "court_name"),
            ("办案人", "officer"),
            ("审限到期时间", "stated_due_on"),
            ("延长执行期限（月）", "stated_extension_days"),
        ] {
            assert_eq!(field(h), Some(f), "{h}");
        }
        // A slash between two things is no other wording of one.
        assert_eq!(field("承办人/书记员"), None);
    }

    /// Red-team round 57 (g-numbered-debtor-id-columns-unread): a wide export gives each
    /// party a pair of columns, its name and its identity number, numbered alike.
    #[test]
    fn numbered_party_columns_and_their_numbers_name_their_field() {
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        for (h, f) in [
            ("被执行人1", Some("respondents")),
            ("被执行人12", Some("respondents")),
            ("被执行人一", Some("respondents")),
            ("被执行人十二", Some("respondents")),
            ("被执行人（2）", Some("respondents")),
            ("申请执行人2", Some("applicants")),
            ("证件号码2", Some("respondent_ids")),
            ("被执行人1证件号码", Some("respondent_ids")),
            ("被执行人二证件号码", Some("respondent_ids")),
            ("被执行人（1）证件号码", Some("respondent_ids")),
            ("被执行人2身份证号", Some("respondent_ids")),
            ("被执行人3统一社会信用代码", Some("respondent_ids")),
            ("申请执行人1证件号码", Some("applicant_ids")),
            ("申请执行人三证件号码", Some("applicant_ids")),
            // Not a party's number: too long a number, or other words after it.
            ("被执行人123", None),
            ("被执行人123证件号码", None),
            ("被执行人1联系电话", None),
            ("证件号码1证件号码", None),
        ] {
            assert_eq!(field(h), f, "{h}");
        }
        let headers: Vec<String> = [
            "申请执行人",
            "被执行人1",
            "被执行人1证件号码",
            "被执行人2",
            "被执行人2证件号码",
        ]
        .map(String::from)
        .to_vec();
        let mapped: Vec<_> = cases
            .map_headers(&headers)
            .iter()
            .map(|f| f.map(|f| f.name))
            .collect();
        assert_eq!(
            mapped,
            [
                Some("applicants"),
                Some("respondents"),
                Some("respondent_ids"),
                None,
                None
            ]
        );
        // The second pair is read beside the first, as its field's further columns.
        assert_eq!(
            (0..headers.len())
                .map(|c| cases.field_at(&headers, c).map(|f| f.name))
                .collect::<Vec<_>>()[3..],
            [Some("respondents"), Some("respondent_ids")]
        );
    }

    /// m-flattened-party-headers-lost: a group header flattened into its columns' names
    /// (当事人 merged over 申请执行人 | 被执行人, exported on one row) names each column's
    /// side, as the two rows would; a slash between two fields is still no one field.
    #[test]
    fn a_group_header_flattened_into_its_columns_names_them() {
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        for (h, f) in [
            ("当事人（申请执行人）", Some("applicants")),
            ("当事人（被执行人）", Some("respondents")),
            ("当事人(申请人)", Some("applicants")),
            ("当事人-申请执行人", Some("applicants")),
            ("当事人_被执行人", Some("respondents")),
            ("当事人/申请执行人", Some("applicants")),
            ("当事人申请执行人", Some("applicants")),
            ("当事人信息—被执行人证件号码", Some("respondent_ids")),
            ("执行标的-申请执行标的（万元）", Some("claim_fen")),
            ("执行依据-案号", Some("basis_no")),
            ("结案信息-结案日期", Some("closed_on")),
            // A group that names a figure of its own keeps it (被执行人（名称）); the
            // original case's group makes its 案号 the 原案号, as over two rows.
            ("被执行人（名称）", Some("respondents")),
            ("原案情况-案号", Some("origin_case_no")),
            ("原案情况-结案日期", None),
            ("申请执行人/被执行人", None),
            ("承办人/书记员", None),
            ("2024-01-05", None),
        ] {
            assert_eq!(field(h), f, "{h}");
        }
        let headers: Vec<String> = ["案号", "立案日期", "当事人-申请执行人", "当事人-被执行人"]
            .map(String::from)
            .to_vec();
        let mapped: Vec<_> = cases
            .map_headers(&headers)
            .iter()
            .map(|m| m.map(|f| f.name))
            .collect();
        assert_eq!(mapped[2..], [Some("applicants"), Some("respondents")]);
    }

    #[test]
    fn header_keys_ignore_units_and_spacing() {
        assert_eq!(header_key("申请执行标的（元）"), "申请执行标的");
        assert_eq!(header_key("标的额 (万元)"), "标的额");
        assert_eq!(header_key("*案 号"), "案号");
        assert_eq!(header_key("案號"), "案号");
        assert_eq!(header_key("申請執行標的（元）"), "申请执行标的");
        assert_eq!(header_key("标的额万元"), "标的额");
        assert_eq!(header_key("立案日期："), "立案日期");
        // What cleaning drops from a cell: NUL padding, direction marks, controls.
        assert_eq!(header_key("案号\0\0"), "案号");
        assert_eq!(header_key("\u{200f}立案日期\u{200e}\u{1f}"), "立案日期");
        assert_eq!(header_key("执行标的金额（单位：万元）"), "执行标的金额");
        assert_eq!(header_key("标的额（人民币元）"), "标的额");
        assert_eq!(header_key("期限(单位:天)"), "期限");
        assert_eq!(header_key("立案时间(收案日期)"), "立案时间(收案日期)");
        for h in [
            "标的额【万元】",
            "标的额-万元",
            "标的额_万元",
            "标的额：万元",
            "标的额（万）",
            "标的额（千元）",
        ] {
            assert_eq!(header_key(h), "标的额", "{h}");
        }
        assert_eq!(
            fields::unit_from_header("执行标的金额（单位：万元）"),
            Some(fields::AmountUnit::WanYuan)
        );
        assert_eq!(
            fields::unit_from_header("标的额（人民币元）"),
            Some(fields::AmountUnit::Yuan)
        );
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        assert_eq!(field("立案时间(收案日期)"), Some("filed_on"));
        assert_eq!(field("(收案日期)"), Some("filed_on"));
        assert_eq!(field("被执行人姓名/名称"), Some("respondents"));
        assert_eq!(field("执行标的金额（单位：万元）"), Some("claim_fen"));
        assert_eq!(field("其他(备用)"), None);
        assert_eq!(field("执行标的（万元）（含利息）"), Some("claim_fen"));
        assert_eq!(field("执行标的【万元】"), Some("claim_fen"));
        assert_eq!(field("结案时间（计划）"), None);
        assert_eq!(field("承办人（原）"), None);
        assert_eq!(field("承办人（现）"), Some("officer"));
        assert_eq!(field("申请执行人（原告）"), Some("applicants"));
    }

    /// m-closing-date-column-unread-silently: a note in brackets inside a header, words on
    /// both sides, is another name of the words before it (结案(销案)日期 is the 结案日期);
    /// the column was left unmapped and the closed cases lost their dates. A qualifier still
    /// makes another figure, a unit in brackets is still read off, and a note naming
    /// another field than the header without it is no alias.
    #[test]
    fn a_bracketed_alias_inside_a_header_names_the_same_field() {
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        assert_eq!(field("结案(销案)日期"), Some("closed_on"));
        assert_eq!(field("结案（销案）日期"), Some("closed_on"));
        assert_eq!(field("立案(收案)日期"), Some("filed_on"));
        assert_eq!(field("立案【受理】日期"), Some("filed_on"));
        assert_eq!(field("结案(计划)日期"), None);
        assert_eq!(field("立案(结案)日期"), None);
        assert_eq!(field("执行标的(万元)"), Some("claim_fen"));
        assert_eq!(field("执行标的（万元）（含利息）"), Some("claim_fen"));
        assert_eq!(field("（2024）苏0583执1号"), None);
        assert_eq!(field("张三(男)"), None);
        // A note naming another person: the column is that person's, not the party's.
        assert_eq!(field("被执行人(法定代表人)姓名"), None);
        assert_eq!(field("申请执行人(委托代理人)姓名"), None);
        assert_eq!(field("被执行人(配偶)身份证号"), None);
        assert_eq!(field("被执行人（法定代表人）"), None);
        assert_eq!(field("结案(执结)日期"), Some("closed_on"));
        // A note of the kind or words left in: the field without it.
        assert_eq!(field("被执行人(单位)名称"), Some("respondents"));
        assert_eq!(field("申请执行人(个人)姓名"), Some("applicants"));
        assert_eq!(field("执行(到位)金额"), Some("recovered_fen"));
        assert_eq!(field("申请执行(标的)金额"), Some("claim_fen"));
    }

    #[test]
    fn header_row_found_below_a_title() {
        let ps = load_profiles(None).unwrap();
        let rows = vec![
            vec!["××县人民法院执行案件明细表".to_string()],
            vec![],
            vec![
                "序号".into(),
                "案号".into(),
                "立案日期".into(),
                "被执行人".into(),
            ],
        ];
        let c = choose_header(&rows, &ps, None).unwrap();
        assert_eq!(c.row_index, 2);
        assert_eq!(ps[c.profile_index].table, TableKind::Cases);
    }

    /// h-mixed-cr-lf-rows-swallowed-into-header: the header and nine cases glued into one
    /// row (their line ends misread) were taken for the header, the cases' values its
    /// "names". A row holding a 案号 is no header.
    #[test]
    fn a_row_holding_a_case_number_is_not_a_header() {
        let ps = load_profiles(None).unwrap();
        let glued: Vec<String> = [
            "案号",
            "立案日期",
            "被执行人",
            "（2014）绍柯执字第49号",
            "2014-03-05",
            "张三",
        ]
        .map(String::from)
        .to_vec();
        assert!(choose_header(std::slice::from_ref(&glued), &ps, None).is_none());
        let header: Vec<String> = glued[..3].to_vec();
        let c = choose_header(&[glued, header], &ps, None).unwrap();
        assert_eq!(c.row_index, 1);
    }

    #[test]
    fn a_two_row_header_wins_over_the_same_header_repeated_on_one_row() {
        let ps = load_profiles(None).unwrap();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let rows = vec![
            s(&["某某法院执行案件清单"]),
            s(&["序号", "案号", "立案日期", "当事人", "", "承办人"]),
            s(&["", "", "", "申请执行人", "被执行人", ""]),
            s(&[
                "1",
                "（2024）京0105执1号",
                "2024-03-05",
                "张三",
                "李四",
                "王五",
            ]),
            s(&[
                "序号",
                "案号",
                "立案日期",
                "申请执行人",
                "被执行人",
                "承办人",
            ]),
            s(&[
                "2",
                "（2024）京0105执2号",
                "2024-03-05",
                "张三",
                "李四",
                "王五",
            ]),
        ];
        let c = choose_header(&rows, &ps, None).unwrap();
        assert_eq!(c.row_index, 1, "the header is the first one, over two rows");
        assert_eq!(c.mapped, 5);
    }

    /// Red-team round 36 (x-unmapped-recovered-header): wordings of other vendors' systems
    /// name their field, and the outstanding amount (未到位金额) is never the recovered one
    /// (x-outstanding-column-ignored: it is the outstanding amount's).
    #[test]
    fn the_original_cases_number_under_its_vendors_headers() {
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        for h in [
            "案号（原案）",
            "案号(原)",
            "执行案号（前案）",
            "案号（恢复前）",
            "原案件案号",
            "恢复执行原案号",
            "原终本案号",
            "被恢复执行案号",
        ] {
            assert_eq!(field(h), Some("origin_case_no"), "{h}");
        }
        // The original's other figures stay in `extra`, and 案号 is the case's own.
        for h in ["结案日期（原案）", "承办人（原）", "结案方式（原案）"] {
            assert_eq!(field(h), None, "{h}");
        }
        assert_eq!(field("案号"), Some("case_no"));
    }

    #[test]
    fn other_vendors_wordings_name_their_field() {
        let ps = load_profiles(None).unwrap();
        let cases = ps.iter().find(|p| p.name == "cases-standard").unwrap();
        let field = |h: &str| cases.field_for(h).map(|f| f.name);
        for (h, f) in [
            ("执行到位额", "recovered_fen"),
            ("实际到位额（元）", "recovered_fen"),
            ("到位额", "recovered_fen"),
            ("已到位额", "recovered_fen"),
            ("实际执结金额", "recovered_fen"),
            ("执行到位总额", "recovered_fen"),
            ("立案标的额", "claim_fen"),
            ("立案标的", "claim_fen"),
            ("申请执行标的总额（万元）", "claim_fen"),
            ("执行标的总额", "claim_fen"),
            ("报结日期", "closed_on"),
            ("结案审批时间", "closed_on"),
            ("承办审判员", "officer"),
            ("承办部门名称", "team"),
        ] {
            assert_eq!(field(h), Some(f), "{h}");
        }
        for h in [
            "未到位金额",
            "未到位额",
            "未执行到位金额（万元）",
            "未执行到位",
        ] {
            assert_eq!(field(h), Some("outstanding_fen"), "{h}");
        }
        for h in ["执行到位率", "报结状态"] {
            assert_eq!(field(h), None, "{h}");
        }
        // Beside the field's own name, the field's own name is taken.
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let m = cases.map_headers(&s(&[
            "案号",
            "报结日期",
            "结案日期",
            "执行到位额",
            "执行到位金额",
        ]));
        let names: Vec<Option<&str>> = m.iter().map(|f| f.map(|f| f.name)).collect();
        assert_eq!(
            names,
            vec![
                Some("case_no"),
                None,
                Some("closed_on"),
                None,
                Some("recovered_fen")
            ]
        );
    }

    #[test]
    fn bad_profile_is_a_usage_error() {
        let e = Profile::from_toml(
            "name='x'\ntable='cases'\n[fields]\nno_such=['a']\n",
            "x.toml",
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("no_such"));
    }
}
