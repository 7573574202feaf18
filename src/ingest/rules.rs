//! Value vocabularies that ingest maps to canonical values: closure methods (结案方式),
//! case statuses (案件状态), the markers that tell a government body or a company from
//! a person, the role labels of a 当事人 cell, the markers of rows that are not cases
//! (totals, footers, notes) and the cell values that mean "no value" (placeholders). They are
//! rules a statistician may want to change, so they live in `pipelines/rules/*.toml`
//! (compiled in; `--rules DIR` replaces a file of the same name).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::{Error, Result};

const CLOSURE_TOML: &str = include_str!("../../pipelines/rules/closure-methods.toml");
const PARTIES_TOML: &str = include_str!("../../pipelines/rules/parties.toml");
pub(super) const ROWS_TOML: &str = include_str!("../../pipelines/rules/rows.toml");

/// Canonical case statuses.
pub const STATUSES: [&str; 4] = ["pending", "closed", "suspended", "deferred"];

/// The canonical closure methods (结案方式), the keys of `[methods]`: the six of the 2014
/// 意见 (最高人民法院关于执行案件立案、结案若干问题的意见, art. 14–20) and the three of 财产保全
/// 执行 (art. 22). The list is closed by law, so a court's own wording goes under one of
/// them, not under a key of its own: a key that is none of them (終本 typed on a
/// traditional-character IME) would silently make a method that no figure counts, and is
/// refused.
pub const METHODS: [&str; 9] = [
    "执行完毕",
    "终本",
    "终结执行",
    "销案",
    "不予执行",
    "驳回申请",
    "保全完毕",
    "部分保全",
    "无标的物可实施保全",
];

/// The methods the figures name (执行完毕率, 终本率, and 实际执结率 by leaving 终本 out):
/// a `[methods]` table without one would count none of its closures as that method.
const FIGURE_METHODS: [&str; 2] = ["执行完毕", "终本"];

/// Refuses a `[methods]` key that is no canonical method, and a table without a method
/// the figures name, with the key's line and, for a near miss (the same after folding
/// traditional characters, or one character off), the method it most likely meant.
fn check_method_keys(cf: &ClosureFile, text: &str, origin: &str) -> Result<()> {
    let list = METHODS.join(", ");
    for key in cf.methods.keys() {
        if METHODS.contains(&key.as_str()) {
            continue;
        }
        let simplified = crate::casenum::to_simplified(key);
        let meant = METHODS
            .iter()
            .find(|m| **m == simplified.as_str() || one_char_off(m, key));
        let hint = match meant {
            Some(m) => format!(" (did you mean {m:?}?)"),
            None => String::new(),
        };
        // The line of the key, read again by toml_edit, which keeps positions.
        let line = toml_edit::ImDocument::parse(text)
            .ok()
            .and_then(|doc| {
                let span = doc.get("methods")?.as_table_like()?.key(key)?.span()?;
                Some(text[..span.start.min(text.len())].matches('\n').count() + 1)
            })
            .map(|n| format!("line {n}: "))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "{origin}: {line}[methods] {key:?} is not a closure method{hint}; the closure \
             methods are {list} (a wording of one goes in its list)"
        )));
    }
    for m in FIGURE_METHODS {
        if !cf.methods.contains_key(m) {
            return Err(Error::Usage(format!(
                "{origin}: [methods] has no {m:?}; the figures count its closures, so it \
                 must be listed (the closure methods are {list})"
            )));
        }
    }
    Ok(())
}

/// Whether `a` and `b` differ by one character (one changed, added or left out).
fn one_char_off(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1,
        1 => (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..]),
        _ => false,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosureFile {
    methods: BTreeMap<String, Vec<String>>,
    not_closures: BTreeMap<String, Vec<String>>,
    statuses: BTreeMap<String, Vec<String>>,
    /// Absent from a closure-methods.toml written before recovery states were read: none.
    #[serde(default)]
    recovery_states: RecoveryStates,
    /// Absent from a closure-methods.toml written before reversing notes were read: the
    /// built-in file's.
    #[serde(default)]
    reversing_notes: Option<ReversingNotes>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReversingNotes {
    words: Vec<String>,
    /// Absent from a file written before denials inside a note were read: the built-in
    /// file's.
    #[serde(default)]
    completion_denials: Option<Vec<String>>,
    #[serde(default)]
    completion_waivers: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoveryStates {
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartiesFile {
    government_markers: Vec<String>,
    company_markers: Vec<String>,
    soe_markers: Vec<String>,
    /// Absent from a parties.toml written before names were split on spaces: the built-in
    /// file's value is used.
    #[serde(default)]
    space_separated_min_chars: Option<usize>,
    /// Absent from a parties.toml written before 当事人 cells were read: the built-in
    /// file's labels are used.
    #[serde(default)]
    applicant_labels: Option<Vec<String>>,
    #[serde(default)]
    respondent_labels: Option<Vec<String>>,
    #[serde(default)]
    third_party_labels: Option<Vec<String>>,
    /// Absent from a parties.toml written before notes after names were cut: the built-in
    /// file's lists are used.
    #[serde(default)]
    representative_labels: Option<Vec<String>>,
    #[serde(default)]
    name_notes: Option<Vec<String>>,
    /// Absent from a parties.toml written before a judgment's description of a party was
    /// read: the built-in file's lists are used.
    #[serde(default)]
    person_details: Option<Vec<String>>,
    #[serde(default)]
    name_note_endings: Option<Vec<String>>,
    /// Absent from a parties.toml written before role labels before a name were read: the
    /// built-in file's list is used.
    #[serde(default)]
    role_notes: Option<Vec<String>>,
    #[serde(default)]
    compound_surnames: Option<Vec<String>>,
    #[serde(default)]
    hardship_groups: Option<Vec<String>>,
}

/// A role of the parties in a 当事人 cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 申请执行人
    Applicant,
    /// 被执行人
    Respondent,
    /// 第三人, 案外人: neither side.
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowsFile {
    totals: Vec<String>,
    footers: Vec<String>,
    notes: Vec<String>,
    row_number_headers: Vec<String>,
    /// Absent from a rows.toml written before numbered notes were read: the built-in
    /// file's list is used.
    #[serde(default)]
    note_number_separators: Option<Vec<String>>,
    /// Absent from a rows.toml written before page lines were read: none.
    #[serde(default)]
    page_lines: Vec<String>,
    /// Absent from a rows.toml written before placeholders were a rule: the built-in
    /// file's list is used.
    #[serde(default)]
    placeholders: Option<Vec<String>>,
    /// Absent from a rows.toml written before departments were a rule: the built-in
    /// file's lists are used.
    #[serde(default)]
    department_endings: Option<Vec<String>>,
    #[serde(default)]
    heading_endings: Option<Vec<String>>,
    #[serde(default)]
    period_heading_words: Option<Vec<String>>,
    #[serde(default)]
    officer_sheet_surnames: Option<Vec<String>>,
    #[serde(default)]
    not_officer_sheet_names: Option<Vec<String>>,
    #[serde(default)]
    officer_titles: Option<Vec<String>>,
    #[serde(default)]
    officer_notes: Option<Vec<String>>,
    #[serde(default)]
    ditto_marks: Option<Vec<String>>,
    #[serde(default)]
    example_marks: Option<Vec<String>>,
    #[serde(default)]
    void_marks: Option<Vec<String>>,
    /// Absent from a rows.toml written before breakdowns were read: the built-in file's
    /// list is used.
    #[serde(default)]
    breakdown_markers: Option<Vec<String>>,
    /// Absent from a rows.toml written before approvals and running periods were rules:
    /// the built-in file's lists are used.
    #[serde(default)]
    approval_openings: Option<Vec<String>>,
    #[serde(default)]
    approval_refusals: Option<Vec<String>>,
    #[serde(default)]
    approval_signers: Option<Vec<String>>,
    #[serde(default)]
    approval_given: Option<Vec<String>>,
    /// Absent from a rows.toml written before the dates of a sheet were rules: the
    /// built-in file's lists are used.
    #[serde(default)]
    as_of_labels: Option<Vec<String>>,
    #[serde(default)]
    made_on_labels: Option<Vec<String>>,
    #[serde(default)]
    table_cut_off_words: Option<Vec<String>>,
    #[serde(default)]
    running_period_words: Option<Vec<String>>,
}

/// A marker of rows that are not cases (`pipelines/rules/rows.toml`).
#[derive(Debug, Clone)]
pub struct NonDataMarker {
    /// The marker, spaces removed.
    pub marker: String,
    /// The reason recorded: its group and the marker ("totals row (合计)").
    pub reason: String,
    /// A footer or a note: the rows below it are under the table, where numbered note
    /// lines are notes, not cases.
    pub ends_table: bool,
    /// A totals marker (合计, 小计): also a total when a label comes before it.
    pub totals: bool,
    /// A totals marker that opens a total's breakdown (其中：未结2件), whose other parts
    /// follow on the rows below it (rows.toml's `breakdown_markers`).
    pub breakdown: bool,
}

/// What a closure-method cell means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosureValue {
    /// One of the canonical closure methods.
    Method(String),
    /// Not a closure: the case is suspended or deferred (old statistics counted these).
    NotClosure(&'static str),
}

#[derive(Debug)]
pub struct Rules {
    closure: HashMap<String, ClosureValue>,
    status: HashMap<String, &'static str>,
    /// Wordings of how much was recovered (部分执行到位): neither a status nor a closure.
    recovery: HashMap<String, ()>,
    /// Phrases of a bracketed note that reverse the wording before it (未履行, 已恢复), as
    /// vocabulary keys.
    reversing: Vec<String>,
    /// Words that deny a completion anywhere in a note after 执行完毕 (和解未履行完毕).
    completion_denials: Vec<String>,
    /// Words that keep it all the same (申请人放弃未履行部分).
    completion_waivers: Vec<String>,
    pub government_markers: Vec<String>,
    pub company_markers: Vec<String>,
    pub soe_markers: Vec<String>,
    /// The fewest characters of each name in a party cell whose names are separated only by
    /// spaces (`张三 李四`); 0: a cell is never split on spaces.
    pub space_separated_min_chars: usize,
    /// The role labels of a 当事人 cell (申请执行人：, 被执行人：), longest first.
    pub role_labels: Vec<(String, Role)>,
    /// Who a clerk names beside a party without being one (法定代表人, 委托代理人).
    pub representative_labels: Vec<String>,
    /// Notes in brackets after a party's name that are not part of it (已故, 已吊销).
    pub name_notes: Vec<String>,
    /// What a judgment writes after a person's name (男, 汉族, 住…): a part of a party cell
    /// that starts with one of these, after a name, is no party.
    pub person_details: Vec<String>,
    /// Endings of a name that note more than the name (王二夫妇): cut from it.
    pub name_note_endings: Vec<String>,
    /// The role a person is a party in, written before the name with a colon (继承人：李小四,
    /// 担保人：李四): cut from it, the person stays a party.
    pub role_notes: Vec<String>,
    /// Surnames of two characters (欧阳): `欧阳 娜娜` is one name.
    pub compound_surnames: Vec<String>,
    /// Groups a 是否特困 column may name instead of 是 (低保户, 残疾人): a yes.
    pub hardship_groups: Vec<String>,
    /// Markers of rows that are not cases and the reason each gives ("totals row (合计)"),
    /// longest marker first (see `pipelines/rules/rows.toml`).
    pub non_data_markers: Vec<NonDataMarker>,
    /// Header keys ([`super::profile::header_key`]) of a row-number column (序号).
    pub row_number_headers: Vec<String>,
    /// What follows the number of a numbered note line (`1.`, `2、`), in rows.toml.
    pub note_number_separators: Vec<String>,
    /// The lines a printed layout puts between pages (第1页 共5页, 续表), as patterns of
    /// [`page_line_key`] form, `#` for a number, `{page}`, `{pages}` and `{records}` for the
    /// numbers read ([`read_page_line`]).
    pub page_lines: Vec<String>,
    /// The cell values that mean "no value" (占位符), as rows.toml writes them; see
    /// [`super::fields::use_placeholders`].
    pub placeholders: Vec<String>,
    /// How the names of court departments end (执行一庭, 速执团队), in rows.toml.
    pub department_endings: Vec<String>,
    /// How a ledger's headings of a group of cases end (首执案件, 柯桥区人民法院), besides
    /// the department endings, in rows.toml.
    pub heading_endings: Vec<String>,
    /// What may follow a period to make a heading by itself (2025年收案), in rows.toml.
    pub period_heading_words: Vec<String>,
    /// Surnames that make a sheet's name (王五) its officer without a title that says so,
    /// and sheet names that are never an officer (明细, 汇总), in rows.toml.
    pub officer_sheet_surnames: Vec<String>,
    pub not_officer_sheet_names: Vec<String>,
    /// Titles written before or after an officer's name (审判员, 法官), longest first.
    pub officer_titles: Vec<String>,
    /// Notes in brackets after an officer's name that are not part of it (主办, 已调离).
    pub officer_notes: Vec<String>,
    /// A cell that says "the same as the row above" (同上, 〃), in rows.toml.
    pub ditto_marks: Vec<String>,
    /// The first characters of `ditto_marks`: a cheap first test for every cell.
    pub ditto_leads: Vec<char>,
    /// What marks a template's example row (示例, 例), longest first, in rows.toml.
    pub example_marks: Vec<String>,
    /// What marks a case number the clerk voided (作废, 重复立案), longest first.
    pub void_marks: Vec<String>,
    /// 审批结果 of a register: the openings that approve whatever follows (同意，…), the
    /// words that do not approve (不同意, 审批中), the signers of a chain of opinions (院长)
    /// and what they write to approve (批准); spaces removed, in rows.toml.
    pub approval_openings: Vec<String>,
    pub approval_refusals: Vec<String>,
    /// Longest first, so that 副院长 is found before 院长.
    pub approval_signers: Vec<String>,
    pub approval_given: Vec<String>,
    /// What a clerk writes where a period's end goes to say it runs on (至今, 未恢复),
    /// spaces removed, in rows.toml.
    pub running_period_words: Vec<String>,
    /// 截至, 统计截止日期: labels of the date a title (or a footer) gives for the snapshot
    /// the export shows, tried in the order rows.toml lists them.
    pub as_of_labels: Vec<String>,
    /// 制表日期, 导出时间: labels of the day the table was made, in rows.toml's order.
    pub made_on_labels: Vec<String>,
    /// What may stand before a cut-off's label in a footer or a note for it to date the
    /// whole table (数据, 本表数据), in rows.toml.
    pub table_cut_off_words: Vec<String>,
}

/// A row's text as page-line patterns are written: no spaces, no commas between its parts
/// (第 1 页，共 5 页 → 第1页共5页), brackets, colons and slashes half-width. A slash is kept:
/// in 第1/4页 it tells the page from the pages (see [`read_page_line`]).
pub fn page_line_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '、' | '|' | '；' | ';'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '／' => '/',
            c => c,
        })
        .collect()
}

/// What a page line says of the list it is printed under: the page it is (第1页), how
/// many pages the list has (共4页) and how many records (共120条记录), where it says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageLine {
    pub page: Option<u64>,
    pub pages: Option<u64>,
    pub records: Option<u64>,
}

/// The numbers a page-line pattern names (`{pages}`); `#` is any number, not read.
const PAGE_NUMBERS: [&str; 3] = ["page", "pages", "records"];

/// Why a page-line pattern ([`page_line_key`] form) cannot be one: it starts with a number
/// (the cheap first test of a row is its first character), or names a number that is none
/// of `{page}`, `{pages}`, `{records}`.
pub fn check_page_line(pattern: &str) -> std::result::Result<(), String> {
    if pattern.is_empty() {
        return Err("empty: it would match every text".into());
    }
    if pattern.starts_with(['#', '{']) {
        return Err("it starts with a number: a pattern starts with a character".into());
    }
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let name = rest[open + 1..].split('}').next().unwrap_or("");
        if !PAGE_NUMBERS.contains(&name) || !rest[open..].contains('}') {
            return Err(format!(
                "{{{name}: a number is #, {{page}}, {{pages}} or {{records}}"
            ));
        }
        rest = &rest[open + name.len() + 2..];
    }
    Ok(())
}

/// Where `pattern` matches `key` from `at` on: the end of the match, and the numbers it
/// read into `line`. A `#` or `{…}` is one or more digits; a slash in the key where the
/// pattern has another character is a separator, skipped (第1页/共4页 is 第#页共#页).
fn page_pattern_at(
    pattern: &str,
    key: &[char],
    mut at: usize,
    line: &mut PageLine,
) -> Option<usize> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut pat = pattern.chars().peekable();
    while let Some(p) = pat.next() {
        let number = match p {
            '#' => Some(None),
            '{' => {
                let name: String = pat.by_ref().take_while(|&c| c != '}').collect();
                Some(Some(name))
            }
            _ => None,
        };
        match number {
            Some(name) => {
                let start = at;
                while key.get(at).copied().is_some_and(digit) {
                    at += 1;
                }
                if at == start {
                    return None;
                }
                // Full-width digits (１２) count as their half-width ones.
                let value = key[start..at].iter().try_fold(0u64, |n, &c| {
                    let d = c.to_digit(10).unwrap_or_else(|| c as u32 - '０' as u32);
                    n.checked_mul(10)?.checked_add(u64::from(d))
                });
                match name.as_deref() {
                    Some("page") => line.page = value,
                    Some("pages") => line.pages = value,
                    Some("records") => line.records = value,
                    _ => {}
                }
            }
            None => {
                if p != '/' && key.get(at) == Some(&'/') {
                    at += 1;
                }
                if key.get(at) != Some(&p) {
                    return None;
                }
                at += 1;
            }
        }
    }
    Some(at)
}

/// A pattern as the reason of a skipped row shows it: every number `#`.
fn page_pattern_shown(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_name = false;
    for c in pattern.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push('#');
            }
            '}' => in_name = false,
            c if !in_name => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `key` ([`page_line_key`]) is a page line: one of `patterns`, or several of them
/// one after the other, as web systems put the same parts in any order (共3条记录，当前第
/// 1页，共1页 and 当前第1页，共1页，共3条记录 alike). The patterns matched (each number `#`)
/// and what they say; a line that is one pattern whole is read as that one.
pub fn read_page_line(patterns: &[String], key: &str) -> Option<(String, PageLine)> {
    let key: Vec<char> = key.chars().collect();
    // A page line is short; a long text is something else (and not searched part by part).
    if key.is_empty() || key.len() > 64 {
        return None;
    }
    fn parts(
        patterns: &[String],
        key: &[char],
        at: usize,
        depth: usize,
    ) -> Option<(Vec<usize>, PageLine)> {
        if depth > 6 {
            return None;
        }
        let mut ends = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let mut line = PageLine::default();
            match page_pattern_at(p, key, at, &mut line) {
                Some(end) if end == key.len() => return Some((vec![i], line)),
                Some(end) if end > at => ends.push((i, end, line)),
                _ => {}
            }
        }
        ends.into_iter().find_map(|(i, end, line)| {
            let (mut rest, more) = parts(patterns, key, end, depth + 1)?;
            rest.insert(0, i);
            Some((
                rest,
                PageLine {
                    page: more.page.or(line.page),
                    pages: more.pages.or(line.pages),
                    records: more.records.or(line.records),
                },
            ))
        })
    }
    let (matched, line) = parts(patterns, &key, 0, 0)?;
    let shown: Vec<String> = matched
        .iter()
        .map(|&i| page_pattern_shown(&patterns[i]))
        .collect();
    Some((shown.join(" "), line))
}

/// Whether `key` ([`page_line_key`]) is the page line `pattern` alone.
pub fn is_page_line(pattern: &str, key: &str) -> bool {
    read_page_line(&[pattern.to_string()], key).is_some()
}

/// Spaces removed and brackets folded, so that 终结执行（保留债权） matches its listing.
/// True when `s` is its own [`vocab_key`] (the common case: looked up as it is).
fn is_vocab_key(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_whitespace() || c == '（' || c == '）')
}

/// 执行完毕: the canonical method a case paid in full closes by.
const COMPLETED: &str = "执行完毕";

fn vocab_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Whether a note (a vocabulary key, without its brackets) reverses the wording before it:
/// it is one of the reversing words, maybe after the date it happened (2024.1恢复) and
/// before a comma (已恢复，2024年1月). A longer note that starts with one (终本（已解除限高）,
/// 终结执行（撤销仲裁裁决）, 终本（恢复执行后再次终本）) says something else.
fn reversing_note(note: &str, reversing: &[String]) -> bool {
    let note = note.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | '年' | '月' | '日' | '号')
    });
    let note = note
        .split([',', '，', ';', '；', '。'])
        .next()
        .unwrap_or(note);
    let note = note.trim_end_matches(['了', '的']);
    reversing.iter().any(|r| note == r.as_str())
}

/// A vocabulary's value for `raw`: as written, or else without a note in brackets after
/// it (终结本次执行程序（无可供执行财产）, 执行完毕(和解)); either also without the words
/// around the listed wording that add nothing ([`without_frame`]: 裁定终结执行, 终本结案).
fn lookup<'m, V>(map: &'m HashMap<String, V>, raw: &str, reversing: &[String]) -> Option<&'m V> {
    // A separator left at the end (执行完毕,) is no part of the wording.
    let raw = raw.trim_end_matches([',', '，', '、', ';', '；', '。']);
    let key: std::borrow::Cow<str> = if is_vocab_key(raw) {
        raw.into()
    } else {
        vocab_key(raw).into()
    };
    if let Some(v) = map.get(key.as_ref()) {
        return Some(v);
    }
    // A note that completes the wording (和解（长期履行）: 和解长期履行, which is 终本, not
    // the 执行完毕 a bare 和解 is): the wording and its note as one.
    if key.ends_with(')') && key.find('(').is_some_and(|at| at > 0) {
        let joined: String = key.chars().filter(|c| !matches!(c, '(' | ')')).collect();
        if let Some(v) = map.get(joined.as_str()) {
            return Some(v);
        }
    }
    // A note after the wording (终本（无财产）) leaves it as it is, unless it reverses it
    // (执行和解（未履行）).
    let noted = key.strip_suffix(')').and_then(|k| {
        let open = k.find('(')?;
        let note = &k[open + 1..];
        (!reversing_note(note, reversing)).then_some(&key[..open])
    });
    if let Some(v) = noted.and_then(|k| map.get(k)) {
        return Some(v);
    }
    let found = [Some(key.as_ref()), noted]
        .into_iter()
        .flatten()
        .filter_map(without_frame)
        .find_map(|k| map.get(k));
    // Failing all that: the wording in traditional characters (已結, 終結本次執行程序), or
    // after the code a system numbers its values with (2-已结, 0201终本, 02.终本).
    found.or_else(|| other_spelling(&key).and_then(|k| lookup(map, &k, reversing)))
}

/// `key` in simplified characters and without a leading code of digits, when that
/// differs from it (then looked up once more; the second spelling has neither).
fn other_spelling(key: &str) -> Option<String> {
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    let uncoded = if (1..=6).contains(&digits) {
        let rest = key[digits..].trim_start_matches(['-', '.', '、', ':', '：', '_', '．']);
        // The code stands before words (2-已结), not before a date (2024.1恢复).
        rest.chars()
            .next()
            .filter(|c| !c.is_ascii() && !matches!(c, '年' | '月' | '日'))
            .map(|_| rest)
            .unwrap_or(key)
    } else {
        key
    };
    let simplified = if uncoded.is_ascii() {
        uncoded.to_string()
    } else {
        crate::casenum::to_simplified(uncoded)
    };
    (simplified != key).then_some(simplified)
}

/// A wording without the words exports put around it: the ruling before it (裁定终结执行:
/// the ruling that closes the case by 终结执行), 结案 or 案件 after it (终本结案, 和解结案:
/// closed by that method; 在办案件: the status). `None` when there is nothing to take off,
/// or nothing would be left.
fn without_frame(key: &str) -> Option<&str> {
    let core = key.strip_prefix("裁定").unwrap_or(key);
    let core = core
        .strip_suffix("结案")
        .or_else(|| core.strip_suffix("案件"))
        .unwrap_or(core);
    (core.len() < key.len() && !core.is_empty()).then_some(core)
}

fn status_name(s: &str, origin: &str) -> Result<&'static str> {
    STATUSES.iter().copied().find(|x| *x == s).ok_or_else(|| {
        Error::Usage(format!(
            "{origin}: unknown status {s:?}; statuses are {}",
            STATUSES.join(", ")
        ))
    })
}

impl Rules {
    pub fn load(dir: Option<&Path>) -> Result<Rules> {
        let read = |name: &str, built_in: &str| -> Result<(String, String)> {
            if let Some(d) = dir {
                let p = d.join(name);
                if p.exists() {
                    let text = crate::textio::read_config(&p)?;
                    return Ok((text, p.display().to_string()));
                }
            }
            Ok((built_in.to_string(), format!("(built-in) {name}")))
        };
        let (ctext, corigin) = read("closure-methods.toml", CLOSURE_TOML)?;
        let (ptext, porigin) = read("parties.toml", PARTIES_TOML)?;
        let (rtext, rorigin) = read("rows.toml", ROWS_TOML)?;
        let rf: RowsFile =
            toml::from_str(&rtext).map_err(|e| crate::textio::toml_error(&rorigin, &rtext, &e))?;
        let cf: ClosureFile =
            toml::from_str(&ctext).map_err(|e| crate::textio::toml_error(&corigin, &ctext, &e))?;
        check_method_keys(&cf, &ctext, &corigin)?;
        let pf: PartiesFile =
            toml::from_str(&ptext).map_err(|e| crate::textio::toml_error(&porigin, &ptext, &e))?;

        // A wording listed under two values would silently mean the one read last: refused,
        // naming both, as a header synonym of two fields is.
        fn add<V: PartialEq + std::fmt::Debug + Copy>(
            map: &mut HashMap<String, (V, String)>,
            word: &str,
            value: V,
            place: String,
            origin: &str,
        ) -> Result<()> {
            match map.get(&vocab_key(word)) {
                Some((v, first)) if *v != value => Err(Error::Usage(format!(
                    "{origin}: {word:?} is listed under {first} and under {place}; a wording \
                     can mean only one"
                ))),
                Some(_) => Ok(()),
                None => {
                    map.insert(vocab_key(word), (value, place));
                    Ok(())
                }
            }
        }
        let mut closure_places: HashMap<String, (usize, String)> = HashMap::new();
        let mut closure_values: Vec<ClosureValue> = Vec::new();
        for (method, words) in &cf.methods {
            let at = closure_values.len();
            closure_values.push(ClosureValue::Method(method.clone()));
            let place = format!("[methods] {method:?}");
            add(&mut closure_places, method, at, place.clone(), &corigin)?;
            for w in words {
                add(&mut closure_places, w, at, place.clone(), &corigin)?;
            }
        }
        for (status, words) in &cf.not_closures {
            let s = status_name(status, &corigin)?;
            let at = closure_values.len();
            closure_values.push(ClosureValue::NotClosure(s));
            for w in words {
                add(
                    &mut closure_places,
                    w,
                    at,
                    format!("[not_closures] {status:?}"),
                    &corigin,
                )?;
            }
        }
        let closure: HashMap<String, ClosureValue> = closure_places
            .into_iter()
            .map(|(k, (at, _))| (k, closure_values[at].clone()))
            .collect();
        let mut status_places: HashMap<String, (&'static str, String)> = HashMap::new();
        for (st, words) in &cf.statuses {
            let s = status_name(st, &corigin)?;
            let place = format!("[statuses] {st:?}");
            status_places.insert(s.to_string(), (s, place.clone()));
            for w in words {
                add(&mut status_places, w, s, place.clone(), &corigin)?;
            }
        }
        let status: HashMap<String, &'static str> = status_places
            .into_iter()
            .map(|(k, (s, _))| (k, s))
            .collect();
        let mut recovery = HashMap::new();
        for w in &cf.recovery_states.words {
            let key = vocab_key(w);
            if key.is_empty() {
                return Err(Error::Usage(format!(
                    "{corigin}: an empty [recovery_states] word"
                )));
            }
            if status.contains_key(&key) || closure.contains_key(&key) {
                return Err(Error::Usage(format!(
                    "{corigin}: {w:?} is listed as a recovery state and as a status or closure \
                     method; it can be only one"
                )));
            }
            recovery.insert(key, ());
        }
        let mut non_data_markers = Vec::new();
        for (kind, markers, ends_table) in [
            ("totals row", &rf.totals, false),
            ("footer", &rf.footers, true),
            ("note row", &rf.notes, true),
        ] {
            for m in markers {
                // Matched against the row's text with its spaces removed.
                let marker: String = m.chars().filter(|c| !c.is_whitespace()).collect();
                if marker.is_empty() {
                    return Err(Error::Usage(format!("{rorigin}: an empty {kind} marker")));
                }
                // One marker in two groups would end the table (a footer) or not (a
                // total) by which group's entry the sort put first: refused, naming both.
                // (Twice in one group is no harm.)
                let group_of =
                    |o: &NonDataMarker| o.reason.split(" (").next().unwrap_or_default().to_string();
                if let Some(other) = non_data_markers
                    .iter()
                    .find(|o: &&NonDataMarker| o.marker == marker && group_of(o) != kind)
                {
                    let group = group_of(other);
                    let group = group.as_str();
                    let list = |g: &str| match g {
                        "totals row" => "totals",
                        "footer" => "footers",
                        _ => "notes",
                    };
                    return Err(Error::Usage(format!(
                        "{rorigin}: {m:?} is listed in {} and in {}; a row marker can be only \
                         one of a total, a footer and a note",
                        list(group),
                        list(kind)
                    )));
                }
                let label = marker.trim_end_matches([':', '：']);
                let label = if label.is_empty() { &marker } else { label };
                non_data_markers.push(NonDataMarker {
                    reason: format!("{kind} ({label})"),
                    marker,
                    ends_table,
                    totals: kind == "totals row",
                    breakdown: false,
                });
            }
        }
        // Longest first, so that 制表人 gives its own reason rather than 制表's.
        non_data_markers.sort_by_key(|m| std::cmp::Reverse(m.marker.chars().count()));
        let separators = match rf.note_number_separators {
            Some(s) => s,
            None => toml::from_str::<RowsFile>(ROWS_TOML)
                .ok()
                .and_then(|built_in| built_in.note_number_separators)
                .unwrap_or_default(),
        };
        if separators.iter().any(|s| s.trim().is_empty()) {
            return Err(Error::Usage(format!(
                "{rorigin}: an empty note_number_separators entry"
            )));
        }
        for p in &rf.page_lines {
            if let Err(why) = check_page_line(&page_line_key(p)) {
                return Err(Error::Usage(format!(
                    "{rorigin}: page_lines entry {p:?}: {why}"
                )));
            }
        }
        let placeholders = match rf.placeholders {
            Some(p) => p,
            None => toml::from_str::<RowsFile>(ROWS_TOML)
                .ok()
                .and_then(|built_in| built_in.placeholders)
                .unwrap_or_default(),
        };
        if let Some(i) = placeholders
            .iter()
            .position(|p| super::fields::placeholder_key(p).is_empty())
        {
            return Err(Error::Usage(format!(
                "{rorigin}: placeholders entry {} is empty (or only spaces): it would make \
                 every empty cell a placeholder and say nothing; remove it",
                i + 1
            )));
        }
        // Lists a rows.toml written before they were rules leaves out: the built-in ones.
        let built_in_rows = toml::from_str::<RowsFile>(ROWS_TOML).ok();
        let or_built_in = |own: Option<Vec<String>>,
                           pick: fn(&RowsFile) -> &Option<Vec<String>>| {
            own.or_else(|| built_in_rows.as_ref().and_then(|b| pick(b).clone()))
                .unwrap_or_default()
        };
        let department_endings = or_built_in(rf.department_endings, |b| &b.department_endings);
        let heading_endings = or_built_in(rf.heading_endings, |b| &b.heading_endings);
        let period_heading_words =
            or_built_in(rf.period_heading_words, |b| &b.period_heading_words);
        let officer_sheet_surnames =
            or_built_in(rf.officer_sheet_surnames, |b| &b.officer_sheet_surnames);
        let not_officer_sheet_names =
            or_built_in(rf.not_officer_sheet_names, |b| &b.not_officer_sheet_names);
        let mut officer_titles = or_built_in(rf.officer_titles, |b| &b.officer_titles);
        officer_titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let officer_notes = or_built_in(rf.officer_notes, |b| &b.officer_notes);
        let ditto_marks = or_built_in(rf.ditto_marks, |b| &b.ditto_marks);
        // A rows.toml without the list (written before breakdowns were read) takes the
        // built-in one for those of its totals markers it names: one that left 其中 out of
        // its totals is not refused for it.
        let own_breakdowns = rf.breakdown_markers.is_some();
        for b in or_built_in(rf.breakdown_markers, |b| &b.breakdown_markers) {
            let key: String = b.chars().filter(|c| !c.is_whitespace()).collect();
            match non_data_markers
                .iter_mut()
                .find(|m| m.totals && m.marker == key)
            {
                Some(m) => m.breakdown = true,
                None if !own_breakdowns => {}
                None => {
                    return Err(Error::Usage(format!(
                        "{rorigin}: breakdown_markers entry {b:?} is not one of the totals \
                         markers: a breakdown opens under a total, on a totals row"
                    )))
                }
            }
        }
        let longest_first = |mut v: Vec<String>| {
            v.iter_mut().for_each(|e| *e = e.trim().to_string());
            v.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
            v
        };
        let example_marks = longest_first(or_built_in(rf.example_marks, |b| &b.example_marks));
        // Words compared with a cell whose spaces are removed (不同 意): removed from the
        // words too, or 不 同意 in a rows.toml would never match.
        let compact = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|w| w.chars().filter(|c| !c.is_whitespace()).collect())
                .collect()
        };
        let approval_openings =
            compact(or_built_in(rf.approval_openings, |b| &b.approval_openings));
        let approval_refusals =
            compact(or_built_in(rf.approval_refusals, |b| &b.approval_refusals));
        let approval_signers = longest_first(compact(or_built_in(rf.approval_signers, |b| {
            &b.approval_signers
        })));
        let approval_given = compact(or_built_in(rf.approval_given, |b| &b.approval_given));
        let running_period_words = compact(or_built_in(rf.running_period_words, |b| {
            &b.running_period_words
        }));
        let void_marks = longest_first(or_built_in(rf.void_marks, |b| &b.void_marks));
        // Kept in the file's order: a cell's first label that gives a date is the one read.
        let trimmed = |v: Vec<String>| -> Vec<String> {
            v.into_iter().map(|e| e.trim().to_string()).collect()
        };
        let as_of_labels = trimmed(or_built_in(rf.as_of_labels, |b| &b.as_of_labels));
        let made_on_labels = trimmed(or_built_in(rf.made_on_labels, |b| &b.made_on_labels));
        let table_cut_off_words = trimmed(or_built_in(rf.table_cut_off_words, |b| {
            &b.table_cut_off_words
        }));
        for (list, name) in [
            (&example_marks, "example_marks"),
            (&void_marks, "void_marks"),
            (&department_endings, "department_endings"),
            (&heading_endings, "heading_endings"),
            (&period_heading_words, "period_heading_words"),
            (&officer_sheet_surnames, "officer_sheet_surnames"),
            (&not_officer_sheet_names, "not_officer_sheet_names"),
            (&officer_titles, "officer_titles"),
            (&officer_notes, "officer_notes"),
            (&ditto_marks, "ditto_marks"),
            (&approval_openings, "approval_openings"),
            (&approval_refusals, "approval_refusals"),
            (&approval_signers, "approval_signers"),
            (&approval_given, "approval_given"),
            (&running_period_words, "running_period_words"),
            (&as_of_labels, "as_of_labels"),
            (&made_on_labels, "made_on_labels"),
            (&table_cut_off_words, "table_cut_off_words"),
        ] {
            if list.iter().any(|e| e.trim().is_empty()) {
                return Err(Error::Usage(format!(
                    "{rorigin}: an empty {name} entry: it would match every text"
                )));
            }
        }
        // A word both of approval and of refusal would mean either, by where it stands in
        // the cell (批准 approves, 经研究，予以批准 is refused): refused, naming both lists,
        // as a wording under two closure methods is.
        for (approving, name) in [
            (&approval_openings, "approval_openings"),
            (&approval_given, "approval_given"),
        ] {
            if let Some(word) = approving.iter().find(|w| approval_refusals.contains(w)) {
                return Err(Error::Usage(format!(
                    "{rorigin}: {word:?} is listed in {name} and in approval_refusals; a word \
                     can either approve or refuse, not both"
                )));
            }
        }
        let built_in_parties = || toml::from_str::<PartiesFile>(PARTIES_TOML).ok();
        let mut role_labels = Vec::new();
        for (role, listed, built_in) in [
            (
                Role::Applicant,
                pf.applicant_labels,
                built_in_parties().and_then(|b| b.applicant_labels),
            ),
            (
                Role::Respondent,
                pf.respondent_labels,
                built_in_parties().and_then(|b| b.respondent_labels),
            ),
            (
                Role::Other,
                pf.third_party_labels,
                built_in_parties().and_then(|b| b.third_party_labels),
            ),
        ] {
            for label in listed.or(built_in).unwrap_or_default() {
                let key = vocab_key(&label);
                if key.is_empty() {
                    return Err(Error::Usage(format!("{porigin}: an empty role label")));
                }
                role_labels.push((key, role));
            }
        }
        role_labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        // A list the court's parties.toml leaves out (written before it was read): the
        // built-in file's.
        let or_built_in = |own: Option<Vec<String>>,
                           pick: fn(PartiesFile) -> Option<Vec<String>>| {
            own.or_else(|| built_in_parties().and_then(pick))
                .unwrap_or_default()
        };
        let representative_labels =
            or_built_in(pf.representative_labels, |b| b.representative_labels);
        let name_notes = or_built_in(pf.name_notes, |b| b.name_notes);
        let person_details = or_built_in(pf.person_details, |b| b.person_details);
        let name_note_endings = or_built_in(pf.name_note_endings, |b| b.name_note_endings);
        let role_notes = or_built_in(pf.role_notes, |b| b.role_notes);
        let compound_surnames = or_built_in(pf.compound_surnames, |b| b.compound_surnames);
        let hardship_groups = or_built_in(pf.hardship_groups, |b| b.hardship_groups);
        for (list, name) in [
            (&hardship_groups, "hardship_groups"),
            (&representative_labels, "representative_labels"),
            (&name_notes, "name_notes"),
            (&person_details, "person_details"),
            (&name_note_endings, "name_note_endings"),
            (&role_notes, "role_notes"),
        ] {
            if list.iter().any(|e| e.trim().is_empty()) {
                return Err(Error::Usage(format!(
                    "{porigin}: an empty {name} entry: it would match every name"
                )));
            }
        }
        let built_in_reversing = || {
            toml::from_str::<ClosureFile>(CLOSURE_TOML)
                .ok()
                .and_then(|b| b.reversing_notes)
                .unwrap_or_default()
        };
        let (reversing, denials, waivers) = match cf.reversing_notes {
            Some(r) => (
                r.words,
                r.completion_denials
                    .or_else(|| built_in_reversing().completion_denials),
                r.completion_waivers
                    .or_else(|| built_in_reversing().completion_waivers),
            ),
            None => {
                let b = built_in_reversing();
                (b.words, b.completion_denials, b.completion_waivers)
            }
        };
        let completion_waivers: Vec<String> = waivers
            .unwrap_or_default()
            .iter()
            .map(|w| vocab_key(w))
            .filter(|w| !w.is_empty())
            .collect();
        let completion_denials: Vec<String> = denials
            .unwrap_or_default()
            .iter()
            .map(|w| vocab_key(w))
            .collect();
        if completion_denials.iter().any(String::is_empty) {
            return Err(Error::Usage(format!(
                "{corigin}: an empty completion_denials word: it would deny every note"
            )));
        }
        let reversing: Vec<String> = reversing.iter().map(|w| vocab_key(w)).collect();
        if reversing.iter().any(String::is_empty) {
            return Err(Error::Usage(format!(
                "{corigin}: an empty [reversing_notes] word: it would reverse every note"
            )));
        }
        Ok(Rules {
            closure,
            status,
            recovery,
            reversing,
            completion_denials,
            completion_waivers,
            government_markers: pf.government_markers,
            company_markers: pf.company_markers,
            soe_markers: pf.soe_markers,
            space_separated_min_chars: match pf.space_separated_min_chars {
                Some(n) => n,
                None => toml::from_str::<PartiesFile>(PARTIES_TOML)
                    .ok()
                    .and_then(|built_in| built_in.space_separated_min_chars)
                    .unwrap_or(0),
            },
            role_labels,
            representative_labels: representative_labels
                .iter()
                .map(|e| e.trim().into())
                .collect(),
            name_notes: name_notes.iter().map(|e| e.trim().into()).collect(),
            person_details: person_details.iter().map(|e| e.trim().into()).collect(),
            name_note_endings: name_note_endings.iter().map(|e| e.trim().into()).collect(),
            role_notes: role_notes.iter().map(|e| e.trim().into()).collect(),
            hardship_groups: hardship_groups.iter().map(|e| e.trim().into()).collect(),
            compound_surnames: compound_surnames
                .iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
            non_data_markers,
            row_number_headers: rf
                .row_number_headers
                .iter()
                .map(|h| super::profile::header_key(h))
                .collect(),
            note_number_separators: separators.iter().map(|s| s.trim().to_string()).collect(),
            page_lines: rf.page_lines.iter().map(|p| page_line_key(p)).collect(),
            placeholders,
            department_endings: department_endings.iter().map(|e| e.trim().into()).collect(),
            heading_endings: heading_endings.iter().map(|e| e.trim().into()).collect(),
            period_heading_words: period_heading_words
                .iter()
                .map(|e| e.trim().into())
                .collect(),
            officer_sheet_surnames: officer_sheet_surnames
                .iter()
                .map(|e| e.trim().into())
                .collect(),
            not_officer_sheet_names: not_officer_sheet_names
                .iter()
                .map(|e| e.trim().into())
                .collect(),
            officer_titles: officer_titles.iter().map(|e| e.trim().into()).collect(),
            officer_notes: officer_notes.iter().map(|e| e.trim().into()).collect(),
            ditto_leads: {
                let mut leads: Vec<char> = ditto_marks
                    .iter()
                    .filter_map(|e| e.trim().chars().next())
                    .collect();
                leads.sort_unstable();
                leads.dedup();
                leads
            },
            ditto_marks: ditto_marks.iter().map(|e| e.trim().into()).collect(),
            example_marks,
            void_marks,
            approval_openings,
            approval_refusals,
            approval_signers,
            approval_given,
            running_period_words,
            as_of_labels,
            made_on_labels,
            table_cut_off_words,
        })
    }

    pub fn closure(&self, raw: &str) -> Option<&ClosureValue> {
        let found = lookup(&self.closure, raw, &self.reversing)?;
        // 执行完毕（和解未履行完毕）: a completion its own note denies, wherever the denial
        // stands in the note. Other methods keep theirs (终本（被执行人未履行）: the debtor
        // did not pay, which is why the case closed so).
        if matches!(found, ClosureValue::Method(m) if m == COMPLETED)
            && !self.completion_denials.is_empty()
            && (raw.contains('（') || raw.contains('('))
        {
            let key = vocab_key(raw);
            if let Some(open) = key.find('(') {
                if self.denies_completion(&key[open..]) {
                    return None;
                }
            }
        }
        Some(found)
    }

    /// Whether `raw` is a known wording with a note in brackets after it that reverses it
    /// (执行和解（未履行）) or denies a completion (执行完毕（和解未履行完毕）): what a
    /// reject says instead of "unknown".
    pub fn noted_against(&self, raw: &str) -> bool {
        let key = vocab_key(raw);
        let Some((head, note)) = key.strip_suffix(')').and_then(|k| k.split_once('(')) else {
            return false;
        };
        lookup(&self.closure, head, &self.reversing).is_some()
            && (self.reverses(note) || self.denies_completion(note))
    }

    /// Whether a note says a completion did not happen in full, without saying the rest
    /// was given up.
    pub fn denies_completion(&self, note: &str) -> bool {
        self.completion_denials
            .iter()
            .any(|d| note.contains(d.as_str()))
            && !self
                .completion_waivers
                .iter()
                .any(|w| note.contains(w.as_str()))
    }

    /// Whether a note reverses the wording it follows ([reversing_notes]).
    pub fn reverses(&self, note: &str) -> bool {
        reversing_note(&vocab_key(note), &self.reversing)
    }

    pub fn status(&self, raw: &str) -> Option<&'static str> {
        lookup(&self.status, raw, &self.reversing).copied()
    }

    /// Whether `raw` says how much was recovered (部分执行到位), not a status or a closure.
    pub fn is_recovery_state(&self, raw: &str) -> bool {
        lookup(&self.recovery, raw, &self.reversing).is_some()
    }

    /// The canonical closure methods, for reports and checks.
    pub fn methods(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .closure
            .values()
            .filter_map(|c| match c {
                ClosureValue::Method(m) => Some(m.clone()),
                ClosureValue::NotClosure(_) => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_map_old_wordings() {
        let r = Rules::load(None).unwrap();
        assert_eq!(
            r.closure("终结执行（保留债权）"),
            Some(&ClosureValue::Method("终本".into()))
        );
        assert_eq!(
            r.closure("和解"),
            Some(&ClosureValue::Method("执行完毕".into()))
        );
        assert_eq!(
            r.closure("中止"),
            Some(&ClosureValue::NotClosure("suspended"))
        );
        assert_eq!(
            r.closure("终结本次执行程序（无可供执行财产）"),
            Some(&ClosureValue::Method("终本".into()))
        );
        assert_eq!(
            r.closure("申请人撤回申请"),
            Some(&ClosureValue::Method("终结执行".into()))
        );
        assert_eq!(r.closure("(和解)"), None);
        assert_eq!(
            r.closure("裁定终结本次执行程序"),
            Some(&ClosureValue::Method("终本".into()))
        );
        assert_eq!(
            r.closure("终本结案（无财产）"),
            Some(&ClosureValue::Method("终本".into()))
        );
        assert_eq!(r.status("在办案件"), Some("pending"));
        assert_eq!(r.status("终本结案"), Some("closed"));
        assert_eq!(r.closure("结案"), None);
        assert_eq!(r.closure("程序终结"), None);
        // Sent on to another court (2014 意见 art. 17, items 10–12); a long settlement
        // (art. 16, item 5).
        for sent in [
            "裁定指定执行",
            "提级执行",
            "委托执行",
            "已撤回",
            // A settlement the applicant then withdrew: a withdrawal, not a completion.
            "执行和解（撤回）",
            "执行和解(撤回执行申请)",
            "和解后撤回",
        ] {
            assert_eq!(
                r.closure(sent),
                Some(&ClosureValue::Method("终结执行".into())),
                "{sent}"
            );
        }
        assert_eq!(r.closure("执行完毕（部分）"), None);
        assert_eq!(
            r.closure("和解长期履行"),
            Some(&ClosureValue::Method("终本".into()))
        );
        assert_eq!(r.status("已结(执行完毕)"), Some("closed"));
        // 报结 is a closure submitted for approval: not read as closed (a reject says so).
        assert_eq!(r.status("已报结"), None);
        for closed in ["执行完毕待归档", "结案审核通过", "终本待恢复"] {
            assert_eq!(r.status(closed), Some("closed"), "{closed}");
        }
        assert_eq!(r.status("未结"), Some("pending"));
        assert_eq!(r.status(" 暂缓执行 "), Some("deferred"));
        assert!(r.methods().contains(&"终本".to_string()));
    }

    #[test]
    fn page_lines() {
        let line = |p: &str, t: &str| is_page_line(&page_line_key(p), &page_line_key(t));
        assert!(line("第#页共#页", "第 1 页，共 12 页"));
        assert!(line("第#页共#页", "第１页／共２页"));
        assert!(line("(续表)", "（续表）"));
        assert!(line("-#-", "- 3 -"));
        assert!(!line("第#页", "第页"));
        assert!(!line("第#页", "第三页"));
        assert!(!line("第#页", "第1页说明"));
        assert!(!line("续表", "续表中的案件"));
        let r = Rules::load(None).unwrap();
        assert!(r.page_lines.iter().all(|p| check_page_line(p).is_ok()));
        // s-petition-footer-read-as-petition: the count a clerk types under a register,
        // in its own unit, is a line under the table; words after it are not.
        let read = |t: &str| read_page_line(&r.page_lines, &page_line_key(t));
        for count in ["共2件次", "共 2 件", "共2人次", "共2次", "共有12件"] {
            assert!(
                read(count).is_some_and(|(_, l)| l.records.is_none()),
                "{count}"
            );
        }
        for no in ["共2件次来访", "共同被执行人", "共2件案件说明"] {
            assert!(read(no).is_none(), "{no}");
        }
    }

    /// l-html-page-line-partial-export: a page line's numbers are read, in the common
    /// wordings and orders of web systems' pagers, so that a list that says it has more
    /// records or pages than the file holds can be told from a whole one.
    #[test]
    fn page_lines_say_their_page_pages_and_records() {
        let r = Rules::load(None).unwrap();
        let read = |t: &str| read_page_line(&r.page_lines, &page_line_key(t)).map(|(_, l)| l);
        let says = |page, pages, records| {
            Some(PageLine {
                page,
                pages,
                records,
            })
        };
        assert_eq!(
            read("当前第1页，共4页，共120条记录"),
            says(Some(1), Some(4), Some(120))
        );
        assert_eq!(read("共120条记录"), says(None, None, Some(120)));
        for (text, pages, records) in [
            ("共3条记录，当前第1页，共1页", 1, 3),
            ("共3条记录 第1/1页", 1, 3),
            ("第1页/共1页 共3条", 1, 3),
            ("第 1 页 共 1 页 共 3 条记录", 1, 3),
            ("共 1 页 共 3 条记录", 1, 3),
            ("共3条 每页20条 第1/1页", 1, 3),
        ] {
            assert_eq!(read(text).and_then(|l| l.pages), Some(pages), "{text}");
            assert_eq!(read(text).and_then(|l| l.records), Some(records), "{text}");
        }
        assert_eq!(
            read("显示第1到3条记录，总共3条记录"),
            says(None, None, Some(3))
        );
        assert_eq!(read("第１页／共２页"), says(Some(1), Some(2), None));
        // Not page lines: a note, a case number, a part of a line with words after it.
        for no in ["第1页说明", "（2025）浙0603执1号", "共3条记录的说明"] {
            assert_eq!(read(no), None, "{no}");
        }
        // A single pattern is shown as written, each number #.
        let shown = |t: &str| read_page_line(&r.page_lines, &page_line_key(t)).map(|(s, _)| s);
        assert_eq!(shown("第 1 页，共 2 页").as_deref(), Some("第#页共#页"));
        assert_eq!(
            shown("共3条记录 第1/1页").as_deref(),
            Some("共#条记录 第#/#页")
        );
        assert!(check_page_line("第{pgs}页").is_err());
        assert!(check_page_line("{page}页").is_err());
    }

    #[test]
    fn non_data_markers_longest_first() {
        let r = Rules::load(None).unwrap();
        let reason = |text: &str| {
            r.non_data_markers
                .iter()
                .find(|m| text.starts_with(m.marker.as_str()))
                .map(|m| m.reason.as_str())
        };
        assert_eq!(reason("制表人：张三"), Some("footer (制表人)"));
        assert_eq!(reason("制表：张三"), Some("footer (制表)"));
        assert_eq!(reason("本页小计"), Some("totals row (本页小计)"));
        assert_eq!(reason("注：金额单位为元"), Some("note row (注)"));
        assert_eq!(reason("张三"), None);
        // x-breakdown-second-line-read-as-case: 其中 opens a breakdown, 合计 does not.
        let opens = |m: &str| {
            r.non_data_markers
                .iter()
                .any(|n| n.marker == m && n.breakdown)
        };
        assert!(opens("其中") && !opens("合计"));
        assert!(r.row_number_headers.contains(&"序号".to_string()));
        assert!(r.row_number_headers.contains(&"no.".to_string()));
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn the_built_in_placeholders_are_the_parsers_built_in_list() {
        let r = Rules::load(None).unwrap();
        let mut keys: Vec<String> = r
            .placeholders
            .iter()
            .map(|p| super::super::fields::placeholder_key(p))
            .collect();
        keys.sort();
        let mut builtin: Vec<String> = super::super::fields::BUILTIN_PLACEHOLDERS
            .iter()
            .map(|s| s.to_string())
            .collect();
        builtin.sort();
        assert_eq!(keys, builtin);
    }

    #[test]
    fn a_wording_under_two_values_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (from, to, names) in [
            (
                "\"销案\" = [\"销案\"",
                "\"销案\" = [\"销案\", \"终结\"",
                ["\"终结执行\"", "\"销案\""],
            ),
            (
                "\"pending\" = [\"未结\"",
                "\"pending\" = [\"未结\", \"已结\"",
                ["\"pending\"", "\"closed\""],
            ),
        ] {
            assert!(CLOSURE_TOML.contains(from), "{from}");
            let text = CLOSURE_TOML.replacen(from, to, 1);
            std::fs::write(dir.path().join("closure-methods.toml"), text).unwrap();
            let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
            assert!(
                e.contains("closure-methods.toml") && names.iter().all(|n| e.contains(n)),
                "{e}"
            );
        }
        // Listed twice under one value: no harm, no error.
        let text =
            CLOSURE_TOML.replacen("\"销案\" = [\"销案\"", "\"销案\" = [\"销案\", \"销案\"", 1);
        std::fs::write(dir.path().join("closure-methods.toml"), text).unwrap();
        Rules::load(Some(dir.path())).unwrap();
    }

    /// A row marker listed in two groups of rows.toml (合计 as a total and a footer) would
    /// end the table or not by which entry sorted first: refused when the rules load,
    /// naming both lists. Twice in one list is no harm.
    #[test]
    fn a_row_marker_in_two_groups_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (to, names) in [
            ("footers = [\n    \"合计\", ", ["in totals and in footers"]),
            ("notes = [\"制表人\", ", ["in footers and in notes"]),
        ] {
            let from = to.split('"').next().unwrap();
            assert!(ROWS_TOML.contains(from), "{from}");
            let text = ROWS_TOML.replacen(from, to, 1);
            std::fs::write(dir.path().join("rows.toml"), text).unwrap();
            let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
            assert!(
                e.contains("rows.toml") && names.iter().all(|n| e.contains(n)),
                "{e}"
            );
        }
        let text = ROWS_TOML.replacen("totals = [", "totals = [\"合计\", ", 1);
        std::fs::write(dir.path().join("rows.toml"), text).unwrap();
        Rules::load(Some(dir.path())).unwrap();
    }

    /// t-approval-word-in-both-lists: a word listed both as an approval (approval_openings,
    /// approval_given) and as a refusal (approval_refusals) is refused when the rules load,
    /// naming rows.toml, the word and both lists. Before, 批准 approved at the start of a
    /// cell and refused anywhere else.
    #[test]
    fn an_approval_word_also_listed_as_a_refusal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        // 批准 is an opening (and given), 准许 only given: each named with its own list.
        for (word, name) in [("批准", "approval_openings"), ("准许", "approval_given")] {
            let text = ROWS_TOML.replacen(
                "approval_refusals = [",
                &format!("approval_refusals = [\"{word} \", "),
                1,
            );
            std::fs::write(dir.path().join("rows.toml"), text).unwrap();
            let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
            assert!(
                e.contains("rows.toml")
                    && e.contains(&format!("{word:?}"))
                    && e.contains(&format!("in {name} and in approval_refusals")),
                "{e}"
            );
        }
    }

    /// t-closure-method-key-typo-silent: a `[methods]` key that is no canonical method
    /// (終本, the traditional character of 终本) is refused with its line, the method it
    /// most likely meant and the list, rather than making a method no figure counts; so is
    /// a table without 终本.
    #[test]
    fn a_method_key_that_is_no_canonical_method_is_refused() {
        let mut keys: Vec<&str> = toml::from_str::<ClosureFile>(CLOSURE_TOML)
            .unwrap()
            .methods
            .keys()
            .map(|k| METHODS.iter().copied().find(|m| m == k).expect(k))
            .collect();
        keys.sort();
        let mut all = METHODS.to_vec();
        all.sort();
        assert_eq!(keys, all, "the built-in keys are the canonical methods");
        let dir = tempfile::tempdir().unwrap();
        let line = CLOSURE_TOML
            .lines()
            .position(|l| l.starts_with("\"终本\" = ["))
            .unwrap()
            + 1;
        for (typo, meant) in [("終本", "终本"), ("执行完结", "执行完毕"), ("自定方式", "")]
        {
            let text = CLOSURE_TOML.replacen("\"终本\" = [", &format!("\"{typo}\" = ["), 1);
            std::fs::write(dir.path().join("closure-methods.toml"), text).unwrap();
            let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
            assert!(
                e.contains("closure-methods.toml")
                    && e.contains(&format!("line {line}: [methods] \"{typo}\""))
                    && e.contains(&METHODS.join(", "))
                    && (meant.is_empty() || e.contains(&format!("did you mean \"{meant}\""))),
                "{e}"
            );
        }
        // 终本 left out: its closures would count as none.
        let start = CLOSURE_TOML.find("\"终本\" = [").unwrap();
        let end = start + CLOSURE_TOML[start..].find('\n').unwrap() + 1;
        let text = format!("{}{}", &CLOSURE_TOML[..start], &CLOSURE_TOML[end..]);
        std::fs::write(dir.path().join("closure-methods.toml"), text).unwrap();
        let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("has no \"终本\""), "{e}");
    }

    #[test]
    fn an_empty_or_mistyped_placeholder_list_is_said_to_be_one() {
        let dir = tempfile::tempdir().unwrap();
        let rows = ROWS_TOML.replace("placeholders = [", "placeholders = [\"  \", ");
        std::fs::write(dir.path().join("rows.toml"), rows).unwrap();
        let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
        assert!(
            e.contains("rows.toml") && e.contains("placeholders entry 1 is empty"),
            "{e}"
        );
        let start = ROWS_TOML.find("placeholders = [").unwrap();
        let rows = format!("{}placeholders = \"nan\"\n", &ROWS_TOML[..start]);
        std::fs::write(dir.path().join("rows.toml"), rows).unwrap();
        let e = Rules::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("rows.toml") && e.contains("placeholders"), "{e}");
        // Left out: the built-in list.
        std::fs::write(dir.path().join("rows.toml"), &ROWS_TOML[..start]).unwrap();
        let r = Rules::load(Some(dir.path())).unwrap();
        assert!(r.placeholders.iter().any(|p| p == "nan"));
    }
}
