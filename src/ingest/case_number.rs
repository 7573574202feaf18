//! 案号 as a cell holds it: one number, a number with a note after it, several numbers or a
//! range in one cell, or a number spread over several columns (年度 | 法院代字 | 类型 | 序号).
//! Each way ends in [`crate::casenum`]; this module only finds the number in the cell.

use super::*;

/// The 案号 of a row whose 案号 is written over several columns ([`CaseNoParts`]): the
/// parts' texts joined, a bare year (the first part) put in brackets and a bare number
/// (the last) given its 号. `None` when the sheet has no such columns, when the 案号
/// cell alone is one, or when no part is filled.
pub(super) fn joined_case_number(plan: &SheetPlan, row: &Row) -> Option<String> {
    let parts = &plan.case_no_parts;
    let (&first, &last) = (parts.cols.first()?, parts.cols.last()?);
    let text = |c: usize| row.cells.get(c).and_then(text_of);
    // Beside a 案号 cell, only a 案号 cell that holds a part is continued: a blank one
    // does not borrow a case number from a column beside it.
    if !parts.always && text(first).is_none_or(|t| parse_case_number(&t).is_ok()) {
        return None;
    }
    let mut joined = String::new();
    for &c in &parts.cols {
        let Some(t) = text(c) else { continue };
        let bare = t.bytes().all(|b| b.is_ascii_digit());
        match (bare, c) {
            (true, c) if c == first => joined.push_str(&format!("（{t}）")),
            (true, c) if c == last => joined.push_str(&format!("{t}号")),
            _ => joined.push_str(&t),
        }
    }
    if joined.is_empty() || (!parts.always && parse_case_number(&joined).is_err()) {
        return None;
    }
    Some(joined)
}

/// The longest cell in which a case number followed by a note is looked for.
pub(super) const NOTED_CASE_NUMBER_MAX_BYTES: usize = 300;

/// A case number from a cell's text: the whole text, or else the number before a note the
/// clerk wrote after it in the same cell (see [`case_number_before_note`]).
pub(super) fn parse_case_number(
    raw: &str,
) -> std::result::Result<casenum::CaseNumber, casenum::Invalid> {
    casenum::parse(raw).or_else(|e| case_number_before_note(raw).ok_or(e))
}

/// The case number up to its 号 when a note follows it in the cell: `（2024）京0105执2号
/// （已结）`, `…执2号 恢复执行`, or the document after the number in a 执行依据 column
/// (`（2023）京0105民初5号民事判决书`). The cell's whole text stays in the raw column. `None`
/// when what follows is a second case number: one of two numbers is not guessed.
pub(super) fn case_number_before_note(raw: &str) -> Option<casenum::CaseNumber> {
    // A number and its note fit in a few dozen characters; the search below parses again
    // after each 号, which a long cell of them would make quadratic.
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    let (at, c) = raw.char_indices().find(|(_, c)| matches!(c, '号' | '號'))?;
    let end = at + c.len_utf8();
    let rest = raw[end..].trim_matches(|c: char| c.is_whitespace() || "、，,;；/".contains(c));
    // A second number may follow a word rather than a mark (…执25号及（2025）…执26号).
    let rest = after_conjunction(rest).unwrap_or(rest);
    // A range the cell's reader did not take (reversed, or of thousands) or a second
    // number that does not parse (（2023）…执99999999999999999999号) is no note: read as
    // one, the cases it names would vanish without a trace.
    let another = rest
        .strip_prefix(RANGE_MARKS)
        .map(str::trim_start)
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || "第（(〔[【".contains(c)))
        || rest
            .strip_prefix(['（', '(', '〔', '[', '【'])
            .and_then(|r| r.get(..4).zip(r.get(4..)))
            .is_some_and(|(year, after)| {
                year.bytes().all(|b| b.is_ascii_digit())
                    && after.starts_with(['）', ')', '〕', ']', '】'])
            });
    if rest.is_empty()
        || another
        || casenum::parse(rest).is_ok()
        || case_number_before_note(rest).is_some()
        || abbreviated_numbers(rest)
    {
        return None;
    }
    casenum::parse(&raw[..end]).ok()
}

/// The original case a note after the row's own number names in its 案号 cell, as clerks
/// write it in ledgers without a 原案号 column: `…执恢12号⏎（原案号：（2023）浙0603执5号）`,
/// `…执恢13号（原执行案号：…执6号）`. The note is no part of the row's number (see
/// [`case_number_before_note`]) but it is the 原案号 a column would give, which links the
/// 执恢 case to the case it resumes: dropped, both would stay open and be counted twice.
/// `labels` are the words naming the original (the profile's synonyms of 原案号), longest
/// first; the number after one of them (a colon between) is returned as written, up to its
/// 号, when it is a case number.
pub(super) fn origin_in_note<'r>(raw: &'r str, labels: &[String]) -> Option<&'r str> {
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    // The row's own number comes first: a label must follow its 号. Nothing after it is
    // the common case, answered before a search per label is set up.
    let own_end = raw.find(['号', '號'])?;
    let after_own = &raw[own_end..];
    if after_own.len() <= '号'.len_utf8() {
        return None;
    }
    labelled_origin(after_own, labels)
}

/// The original case a 执恢 row's note column (备注) names with a label
/// (`原案号：（2025）浙0102执80号`, `原执行案号为…`), as clerks record it in exports without a
/// 原案号 column or with that cell left empty: the same statement as a note in the 案号 cell
/// ([`origin_in_note`]). Only a labelled number: a case number a note mentions in passing
/// (`与（2025）浙0102执80号系同一被执行人`) may be any related case, not the one resumed.
pub(super) fn origin_in_remark<'r>(raw: &'r str, labels: &[String]) -> Option<&'r str> {
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    labelled_origin(raw, labels)
}

/// The case number after the first of `labels` in `text` (a colon, 为 or 是 between), as
/// written up to its 号, when it is a case number.
fn labelled_origin<'r>(text: &'r str, labels: &[String]) -> Option<&'r str> {
    let (at, label) = labels
        .iter()
        .filter_map(|l| text.find(l.as_str()).map(|at| (at, l)))
        .min_by_key(|&(at, l)| (at, std::cmp::Reverse(l.len())))?;
    let rest = text[at + label.len()..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '为' | '是'));
    let (end, c) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '号' | '號'))?;
    let number = rest[..end + c.len_utf8()].trim();
    casenum::parse(number).is_ok().then_some(number)
}

/// The words that join two case numbers as a mark does (`…执25号及…执26号`, `…和…`,
/// `…与…`, `…以及…`, `… and …`), longest first.
const CONJUNCTIONS: [&str; 6] = ["以及", "及", "和", "与", "與", "and"];

/// The text after a joining word ([`CONJUNCTIONS`]) that `text` starts with, trimmed;
/// `None` when it starts with none or nothing follows it.
fn after_conjunction(text: &str) -> Option<&str> {
    let rest = CONJUNCTIONS
        .iter()
        .find_map(|w| text.strip_prefix(w))?
        .trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// `part` cut where a joining word ([`CONJUNCTIONS`]) follows a 号: the words also occur in
/// court names and notes (和平区, 与被执行人和解), so only right after a number's end, and
/// [`several_case_numbers`] takes the cut only when every piece is a case number.
fn split_at_conjunctions(part: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(part);
    std::iter::from_fn(move || {
        let text = rest?;
        let cut = text.char_indices().find_map(|(at, c)| {
            let end = at + c.len_utf8();
            if !matches!(c, '号' | '號') {
                return None;
            }
            let after = text[end..].trim_start();
            let next = after_conjunction(after)?;
            Some((end, next))
        });
        match cut {
            Some((end, next)) => {
                rest = Some(next);
                Some(&text[..end])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The most case numbers one cell lists for a row of one case: a clerk joins two or three;
/// a long cell of them is no row of one case.
const SEVERAL_MAX_NUMBERS: usize = 10;

/// The case numbers of a cell that lists several (`（2023）浙0603执1号、（2023）浙0603执2号`:
/// cases joined for handling, 并案, written in the first one's row): the first, which the
/// row is taken for, and the others' canonical numbers. `None` unless every part of the
/// cell, split at 、，,;； / and spaces or line breaks, or at 及, 和, 与 after a 号
/// ([`split_at_conjunctions`]), is a case number. The first is the
/// row's key rather than none at all: the row's dates, parties and amounts are the case it
/// was entered for, listed first, and a row without a key could only be matched by its
/// other fields.
pub(super) fn several_case_numbers(raw: &str) -> Option<(casenum::CaseNumber, Vec<String>)> {
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    let split = |spaces: bool| {
        raw.split(move |c: char| fields::is_list_separator(c) || (spaces && c.is_whitespace()))
            .flat_map(split_at_conjunctions)
            .map(str::trim)
            .filter(|p| !p.is_empty())
    };
    // A space inside one number (（2023）浙0603执 5号) is no separator unless nothing else is.
    let spaces = split(false).nth(1).is_none();
    let mut parts = split(spaces);
    let first_raw = parts.next()?;
    let first = casenum::parse(first_raw).ok()?;
    let others: Vec<String> = parts
        .map(|p| {
            casenum::parse(p)
                .ok()
                .or_else(|| casenum::parse(&with_prefix_of(first_raw, p)?).ok())
                .map(|c| c.case_no())
        })
        .collect::<Option<_>>()?;
    (!others.is_empty() && others.len() < SEVERAL_MAX_NUMBERS).then_some((first, others))
}

/// The case numbers a register's 案号 cell names when it names several: those of
/// [`several_case_numbers`], or a short range written out (`…执26号至28号`: 执26号 first,
/// 执27号 and 执28号 the others), so that a petition about a range is joined and reported as
/// one about a list is. `None` for one number, a series (系列案) or a range of more than a
/// list would hold.
pub(super) fn case_numbers_in_cell(raw: &str) -> Option<(casenum::CaseNumber, Vec<String>)> {
    several_case_numbers(raw).or_else(|| {
        let (first, last) = case_range(raw)?;
        let last = last.filter(|&l| l - first.seq < SEVERAL_MAX_NUMBERS as u32)?;
        let others = (first.seq + 1..=last)
            .map(|seq| {
                casenum::CaseNumber {
                    seq,
                    ..first.clone()
                }
                .case_no()
            })
            .collect();
        Some((first, others))
    })
}

/// What stands between the first and the last of a range of case numbers (`执13号至15号`,
/// `执30-32号`).
pub(super) const RANGE_MARKS: [char; 8] = ['至', '到', '-', '—', '－', '～', '~', '〜'];

/// A 案号 cell naming a range or a series of cases (`…执13号至15号`, `…执20—22号`,
/// `…执80号至（2023）浙0603执82号`, `…执90号系列案`): the first case, and the last one's
/// sequence number when the cell gives it (not for a 系列案). The last must be of the same
/// year, court and type, and after the first.
pub(super) fn case_range(raw: &str) -> Option<(casenum::CaseNumber, Option<u32>)> {
    if raw.len() > NOTED_CASE_NUMBER_MAX_BYTES {
        return None;
    }
    if let Some(at) = raw.find("系列") {
        let first = casenum::parse(raw[..at].trim_end().trim_end_matches('等').trim_end()).ok()?;
        return Some((first, None));
    }
    // After the year's bracket: a range mark inside it would be no range of cases.
    let year_end = raw.find(['）', ')', '〕', ']'])?;
    let (at, mark) = raw[year_end..]
        .char_indices()
        .find(|(_, c)| RANGE_MARKS.contains(c))?;
    let at = year_end + at;
    let left = raw[..at].trim_end();
    let right = raw[at + mark.len_utf8()..].trim();
    let first = if left.ends_with(['号', '號']) {
        casenum::parse(left)
    } else {
        casenum::parse(&format!("{left}号"))
    }
    .ok()?;
    let last = match casenum::parse(right) {
        Ok(c) => (c.year == first.year
            && c.court_code == first.court_code
            && c.type_code == first.type_code)
            .then_some(c.seq)?,
        Err(_) => {
            let digits = right
                .trim_start_matches('第')
                .trim_end_matches(['号', '號'])
                .trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
    };
    // A clerk's range is a handful of cases; a "range" of thousands is something else.
    (last > first.seq && last - first.seq < 1000).then_some((first, Some(last)))
}

/// Whether a register's 案号 cell states a case number, read or not: a year in brackets, a
/// number before 号 (`…执29-30号`, `执26号至28号`), or a year beside 执. Such a row is about
/// the case it states, so it is never joined to a case by its petitioner's name; text that
/// states none (未提供案号, 见信访内容) is no 案号 at all.
pub fn states_case_number(raw: &str) -> bool {
    let bracketed_year = raw.char_indices().any(|(at, c)| {
        matches!(c, '（' | '(' | '〔' | '[' | '【')
            && raw[at + c.len_utf8()..]
                .get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
    });
    let number_before_hao = raw
        .match_indices(['号', '號'])
        .any(|(at, _)| raw[..at].trim_end().ends_with(|d: char| d.is_ascii_digit()));
    let year_and_zhi = (raw.contains('执') || raw.contains('執'))
        && raw
            .as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit));
    bracketed_year || number_before_hao || year_and_zhi || parse_case_number(raw).is_ok()
}

/// The number of cases a 案号 cell says it stands for (`…执1号等3案`, `…等3件`).
pub(super) fn joined_count(raw: &str) -> Option<usize> {
    // Cheap test first: almost every 案号 ends with 号.
    if !raw.trim_end().ends_with(['案', '件', ')', '）']) {
        return None;
    }
    let (_, after) = raw.rsplit_once('等')?;
    let digits = after.trim_end_matches(['案', '件', ')', '）']).trim();
    (after.trim_end().ends_with(['案', '件', ')', '）'])
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit()))
    .then(|| digits.parse().ok())
    .flatten()
}

/// Whether text after a case number is more numbers written short (`62号`, `62、63号`,
/// `第62号`): the sequence numbers of cases of the same year, court and type.
pub(super) fn abbreviated_numbers(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '第')
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "第号號、，,;；/".contains(c))
}

/// A case number written short after a whole one (`（2020）浙0603执61号、62号`): the
/// whole one's text up to its sequence number, then the short one's. `None` when the short
/// one is not digits (and 第, 号).
pub(super) fn with_prefix_of(whole: &str, short: &str) -> Option<String> {
    let digits = short
        .trim_start_matches('第')
        .trim_end_matches(['号', '號']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let body = whole.trim_end().trim_end_matches(['号', '號']);
    let start = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (start < body.len()).then(|| format!("{}{digits}号", &body[..start]))
}

/// The columns of a 案号 written over several ([`CaseNoParts`]): the 案号 column and the
/// blank-headed columns right of it, or, when no column is the 案号, the parts the profile
/// names.
pub(super) fn case_no_parts(
    profile: &Profile,
    headers: &[String],
    mapping: &[Option<&'static FieldSpec>],
) -> CaseNoParts {
    match mapping
        .iter()
        .position(|m| m.is_some_and(|f| f.name == "case_no"))
    {
        Some(c) => {
            let blank = |k: &usize| {
                mapping.get(*k).is_none_or(Option::is_none)
                    && headers.get(*k).is_some_and(|h| h.trim().is_empty())
            };
            let end = (c + 1..headers.len())
                .find(|k| !blank(k))
                .unwrap_or(headers.len());
            CaseNoParts {
                cols: if end > c + 1 {
                    (c..end).collect()
                } else {
                    Vec::new()
                },
                always: false,
            }
        }
        None => {
            let cols = profile.case_no_part_cols(headers, mapping);
            let always = !cols.is_empty();
            CaseNoParts { cols, always }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x-origin-in-casenum-cell-dropped: the original named after the row's own number.
    #[test]
    fn the_original_named_in_a_note_after_the_number() {
        let labels: Vec<String> = ["恢复执行原案号", "原执行案号", "原案号"]
            .map(String::from)
            .to_vec();
        let origin = |raw: &str| origin_in_note(raw, &labels).map(str::to_string);
        assert_eq!(
            origin("（2025）浙0603执恢12号\n（原案号：（2023）浙0603执5号）"),
            Some("（2023）浙0603执5号".into())
        );
        assert_eq!(
            origin("（2025）浙0603执恢13号（原执行案号:(2023)浙0603执6号）"),
            Some("(2023)浙0603执6号".into())
        );
        assert_eq!(
            origin("（2025）浙0603执恢13号 恢复执行原案号为（2023）浙0603执6号"),
            Some("（2023）浙0603执6号".into())
        );
        // Another note, a label without a number, a label before the row's own number.
        assert_eq!(origin("（2025）浙0603执15号（已结）"), None);
        assert_eq!(origin("（2025）浙0603执恢12号（原案号不详）"), None);
        assert_eq!(origin("原案号（2023）浙0603执5号"), None);
    }

    /// d-origin-in-remarks-ignored: the original a note column names with a label, and not
    /// a case number it mentions without one.
    #[test]
    fn the_original_named_with_a_label_in_a_note_column() {
        let labels: Vec<String> = ["恢复执行原案号", "原执行案号", "原案号"]
            .map(String::from)
            .to_vec();
        let origin = |raw: &str| origin_in_remark(raw, &labels).map(str::to_string);
        assert_eq!(
            origin("原案号：（2025）浙0102执80号"),
            Some("（2025）浙0102执80号".into())
        );
        assert_eq!(
            origin("申请人申请恢复，原执行案号为(2024)浙0102执7号"),
            Some("(2024)浙0102执7号".into())
        );
        assert_eq!(origin("与（2025）浙0102执80号系同一被执行人"), None);
        assert_eq!(origin("原案号不详"), None);
        assert_eq!(origin("已申请恢复执行"), None);
    }
}
