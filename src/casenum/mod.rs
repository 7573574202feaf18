//! 案号: parsing Chinese court case numbers into their parts and one canonical key.
//!
//! A case number since 2016 reads `（收案年度）法院代字[专门审判代字]类型代字 编号 号`, e.g.
//! `（2023）豫0102执1234号`; before 2016 courts wrote a free-form abbreviation and `字第`,
//! e.g. `（2014）绍柯执字第01174号`. Exports spell the same case many ways (bracket style
//! and width, spaces, leading zeros, traditional characters, a missing 号), so every figure
//! that counts cases rests on this parser making those spellings equal (`case_key`) and
//! on it refusing what only looks like a case number (arbitration awards, normative
//! documents, masked numbers, placeholders).
//!
//! The parser is a hand-written scanner over the normalised characters rather than a
//! regular expression: it runs on every row of every export (a hot path of ingest), and
//! the split between a free-form court abbreviation and the type code needs the type
//! tables anyway. The tables themselves are data (`pipelines/reference/`).

mod simplify;

/// Text in simplified characters (traditional ones converted as `fast2s` does, with the
/// place-name characters a court abbreviation needs kept): for vocabularies that compare
/// words (已結 is 已结).
pub fn to_simplified(s: &str) -> String {
    simplify::convert(s)
}

/// Whether [`to_simplified`] leaves `s` as it is, found without building a string: every
/// character converts to itself (a character converted by its neighbours counts as one
/// that may change).
pub fn is_simplified(s: &str) -> bool {
    s.chars().all(|c| simplify::simplified(c) == Some(c))
}
pub mod tables;

use std::fmt;

use tables::tables;

/// What kind of case a type code denotes, as far as enforcement statistics care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseKind {
    /// 首次执行 (执)
    First,
    /// 恢复执行 (执恢): a new number referring to an earlier 执 case
    Resumed,
    /// 财产保全执行 (执保)
    Preservation,
    /// 执X that no table knows: kept, counted as enforcement, logged
    EnforcementUnknown,
    /// 执行审查 (执异 执复 执监 执协 执他)
    Review,
    /// every other court case, incl. the look-alikes 财保, 司救执, 刑更, 协外认
    Other,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::First => "first",
            CaseKind::Resumed => "resumed",
            CaseKind::Preservation => "preservation",
            CaseKind::EnforcementUnknown => "enforcement_unknown",
            CaseKind::Review => "review",
            CaseKind::Other => "other",
        }
    }

    /// True for enforcement-implementation cases (执行实施), the ones a backlog counts.
    pub fn is_enforcement_implementation(self) -> bool {
        matches!(
            self,
            CaseKind::First
                | CaseKind::Resumed
                | CaseKind::Preservation
                | CaseKind::EnforcementUnknown
        )
    }
}

/// How the number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// the 2016 standard: coded court, no 字第
    New,
    /// pre-2016: free-form court abbreviation (usually with 字第)
    Old,
    /// a coded court with 字第, as some systems wrote in the changeover
    Hybrid,
}

impl Style {
    pub fn as_str(self) -> &'static str {
        match self {
            Style::New => "new",
            Style::Old => "old",
            Style::Hybrid => "hybrid",
        }
    }
}

/// Something worth flagging about a number that is still accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A court code the reference table does not describe: kept, not rejected.
    UnknownCourt(String),
    /// An 执X type code that no table knows.
    UnknownEnforcementType(String),
    /// A type code that no table knows, after a coded court.
    UnknownType(String),
    /// No court abbreviation: the Supreme People's Court's old practice.
    ImpliedSupremeCourt,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnknownCourt(c) => write!(f, "unknown court code (法院代字) {c}"),
            Warning::UnknownEnforcementType(t) => {
                write!(f, "unknown enforcement type code (类型代字) {t}")
            }
            Warning::UnknownType(t) => write!(f, "unknown type code (类型代字) {t}"),
            Warning::ImpliedSupremeCourt => {
                write!(
                    f,
                    "no court abbreviation: taken as the Supreme People's Court"
                )
            }
        }
    }
}

/// Why a string is not a usable case number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Empty,
    Placeholder(String),
    Arbitration,
    NotCourt(String),
    NormativeDocument,
    Masked,
    NoYear,
    BadYear(String),
    LeadingText(String),
    NoType(String),
    NoSequence,
    ZeroSequence,
    TrailingText(String),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Empty => write!(f, "empty"),
            Invalid::Placeholder(p) => write!(f, "placeholder {p:?}, not a case number"),
            Invalid::Arbitration => write!(f, "arbitration number (仲裁), not a court case"),
            Invalid::NotCourt(m) => write!(f, "not a court case number (contains {m:?})"),
            Invalid::NormativeDocument => {
                write!(
                    f,
                    "document number (文号) such as 法〔2015〕137号, not a case number"
                )
            }
            Invalid::Masked => write!(f, "masked digits (* or X): the number cannot be read"),
            Invalid::NoYear => write!(f, "no year (收案年度)"),
            Invalid::BadYear(y) => write!(f, "implausible year {y}"),
            Invalid::LeadingText(t) => write!(f, "unexpected text {t:?} before the year"),
            Invalid::NoType(t) => write!(f, "no known case type (类型代字) in {t:?}"),
            Invalid::NoSequence => write!(f, "no sequence number (编号)"),
            Invalid::ZeroSequence => write!(f, "sequence number is zero"),
            Invalid::TrailingText(t) => write!(f, "unexpected text {t:?} after the number"),
        }
    }
}

/// A parsed case number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    pub year: u16,
    /// 法院代字: `浙0603`, `最高法`, or an old-style abbreviation such as `绍柯`.
    pub court_code: String,
    /// 专门审判代字 such as 知, when present.
    pub special_code: Option<char>,
    /// 类型代字 without 字第: `执`, `执恢`, `民初`, `民三（知）初`.
    pub type_code: String,
    /// 编号 without leading zeros.
    pub seq: u32,
    /// A document suffix such as `之二`; it names a document of the case, not another case.
    pub doc_suffix: Option<String>,
    pub style: Style,
    pub case_kind: CaseKind,
    pub warnings: Vec<Warning>,
}

impl CaseNumber {
    /// The canonical spelling: full-width brackets, simplified characters, no spaces, no
    /// leading zeros, always 号; old-style numbers keep their 字第.
    pub fn case_no(&self) -> String {
        let mut s = String::with_capacity(40);
        self.write_case_no(&mut s);
        s
    }

    fn write_case_no(&self, s: &mut String) {
        use fmt::Write;
        let _ = write!(s, "（{}）{}", self.year, self.court_code);
        if let Some(c) = self.special_code {
            s.push(c);
        }
        s.push_str(&self.type_code);
        if self.style == Style::Old {
            s.push_str("字第");
        }
        let _ = write!(s, "{}号", self.seq);
    }

    /// The canonical spelling followed by the document suffix, if any.
    pub fn full_text(&self) -> String {
        let mut s = self.case_no();
        if let Some(suffix) = &self.doc_suffix {
            s.push_str(suffix);
        }
        s
    }

    /// A compact key, equal for every spelling of the same case: year, court, special
    /// code, type and sequence run together. 字第 and the document suffix never change it.
    pub fn case_key(&self) -> String {
        use fmt::Write;
        let mut s = String::with_capacity(32);
        let _ = write!(s, "{}{}", self.year, self.court_code);
        if let Some(c) = self.special_code {
            s.push(c);
        }
        s.push_str(&self.type_code);
        let _ = write!(s, "{}", self.seq);
        s
    }
}

/// Strings that exports put where there is no case number.
const PLACEHOLDERS: &[&str] = &[
    "暂无",
    "无",
    "空",
    "待定",
    "未知",
    "不详",
    "无案号",
    "未立案",
    "null",
    "none",
    "nan",
    "n/a",
    "na",
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | 'X' | '?' | '○')
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

/// Folds one character: widths, bracket styles, masks and dashes to one spelling each.
/// Returns `None` for characters that carry no meaning in a case number (spaces).
fn fold(c: char) -> Option<char> {
    Some(match c {
        // Spaces, and the invisible marks a copy from a web page, Word or a fixed-width
        // export leaves (zero-width characters, direction marks, the soft hyphen, the
        // byte-order mark, NUL padding): the same characters every other cell loses.
        c if c.is_whitespace() || crate::ingest::fields::is_invisible(c) => return None,
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
        '(' | '（' | '〔' | '【' | '[' | '［' | '﹝' | '〖' | '{' | '｛' | '⁽' | '﹙' => {
            '('
        }
        ')' | '）' | '〕' | '】' | ']' | '］' | '﹞' | '〗' | '}' | '｝' | '⁾' | '﹚' => {
            ')'
        }
        '*' | '＊' | '×' | '✕' => '*',
        'x' | 'X' | 'ｘ' | 'Ｘ' => 'X',
        '？' => '?',
        '-' | '－' | '—' | '–' | '‐' | '‑' | '﹣' => '-',
        '：' => ':',
        '〇' | '零' => '○',
        c => c,
    })
}

/// The Chinese numeral of a document suffix written with digits (`之2` → `之二`,
/// `之11` → `之十一`): the number is read whole, as 之十一 is the eleventh document of the
/// case, not digit by digit (之一一 is no numeral and would not match the 之十一 spelling).
/// Leading zeros are dropped as in the sequence number (`之001` is `之1`, 之一), so every
/// spelling of one document is one suffix. None for 0 or above 999, which no court numbers
/// its documents to.
pub(super) fn suffix_numeral(digits: &[char]) -> Option<String> {
    if digits.is_empty() || !digits.iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let zeros = digits.iter().take_while(|&&c| c == '0').count();
    let significant = &digits[zeros..];
    if significant.len() > 3 {
        return None;
    }
    let n = significant
        .iter()
        .fold(0usize, |acc, &c| acc * 10 + (c as usize - '0' as usize));
    numeral(n)
}

/// The characters a suffix written in Chinese numerals is made of (零 and 〇 are folded to
/// ○ before the tail is read).
pub(super) fn is_suffix_numeral_char(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '○'
    )
}

/// A document suffix written in Chinese numerals, in the spelling [`suffix_numeral`] gives
/// (`一十一` → `十一`, `一百〇一` → `一百零一`), so that 之一百零一 and 之101 are one suffix.
/// `Ok(None)` for a run of 一 … 十 that is no numeral (之一一, 之十十): it is kept as
/// written, as ever, since it names no other case. `Err` for a run with 百 or 零 that is no
/// numeral from 1 to 999: 之一百一 is 110 to some and 101 to others.
pub(super) fn chinese_suffix_numeral(run: &[char]) -> Result<Option<String>, ()> {
    match chinese_numeral_value(run).and_then(numeral) {
        Some(n) => Ok(Some(n)),
        None if run.iter().any(|&c| c == '百' || c == '○') => Err(()),
        None => Ok(None),
    }
}

/// The value of `[d百][零d | [d]十[d]]` or `d`, d from 一 to 九; None for anything else.
fn chinese_numeral_value(run: &[char]) -> Option<usize> {
    let digit = |c: char| {
        ['一', '二', '三', '四', '五', '六', '七', '八', '九']
            .iter()
            .position(|&d| d == c)
            .map(|i| i + 1)
    };
    let mut rest = run;
    let mut n = 0;
    let mut hundreds = false;
    if let Some(p) = rest.iter().position(|&c| c == '百') {
        let [d] = rest[..p] else { return None };
        n += 100 * digit(d)?;
        rest = &rest[p + 1..];
        hundreds = true;
        if let ['○', d] = rest {
            return Some(n + digit(*d)?);
        }
    }
    if let Some(p) = rest.iter().position(|&c| c == '十') {
        n += 10
            * match rest[..p] {
                [] => 1,
                [d] => digit(d)?,
                _ => return None,
            };
        rest = &rest[p + 1..];
    } else if hundreds && !rest.is_empty() {
        // 一百一: no 十 and no 零 between, read either way.
        return None;
    }
    match rest {
        [] => {}
        [d] => n += digit(*d)?,
        _ => return None,
    }
    (n > 0).then_some(n)
}

/// The Chinese numeral of `n` from 1 to 999 as courts write a document suffix: 十一, not
/// 一十一, when nothing comes before the tens; 一百零五 with its 零.
fn numeral(n: usize) -> Option<String> {
    const NUMERALS: [char; 10] = ['○', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n > 999 {
        return None;
    }
    let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10);
    let mut out = String::new();
    if hundreds > 0 {
        out.push(NUMERALS[hundreds]);
        out.push('百');
    }
    match (hundreds, tens) {
        (_, 0) if hundreds > 0 && ones > 0 => out.push('零'),
        (_, 0) => {}
        (0, 1) => out.push('十'),
        (_, t) => {
            out.push(NUMERALS[t]);
            out.push('十');
        }
    }
    if ones > 0 {
        out.push(NUMERALS[ones]);
    }
    Some(out)
}

thread_local! {
    /// The characters of the number being parsed (and its letters after them): one buffer
    /// per thread, reused from number to number.
    static CHARS: std::cell::Cell<Vec<char>> = const { std::cell::Cell::new(Vec::new()) };
}

/// What a masked number (`（2024）浙0603执异1XX号`, `执**号`) still shows: the number parsed
/// with its masked digits stood in for, so its year, court, type and kind are read (its
/// sequence number is not the case's). `None` when nothing is masked or it does not parse.
pub fn parse_masked(raw: &str) -> Option<CaseNumber> {
    const MASKS: [char; 5] = ['*', '＊', 'X', 'x', '×'];
    if !raw.contains(MASKS) {
        return None;
    }
    let unmasked: String = raw
        .chars()
        .map(|c| if MASKS.contains(&c) { '1' } else { c })
        .collect();
    parse(&unmasked).ok()
}

/// Parses one case number. Never panics, whatever the input.
pub fn parse(raw: &str) -> Result<CaseNumber, Invalid> {
    let mut buf = CHARS.take();
    let result = parse_with(raw, &mut buf);
    // A pathological input's room is not kept for the rest of the thread's life.
    if buf.capacity() <= 4096 {
        buf.clear();
        CHARS.set(buf);
    }
    result
}

/// The simplified, folded characters of `raw` (trimmed) into `out`: what
/// `fast2s::convert(raw.trim()).chars().filter_map(fold)` gives, without the new string
/// (and through `fast2s` after all when a character converts by its neighbours).
fn fold_chars_into(raw: &str, out: &mut Vec<char>) {
    out.clear();
    for c in raw.chars() {
        let Some(c) = simplify::simplified(c) else {
            out.clear();
            out.extend(simplify::convert(raw).chars().filter_map(fold));
            return;
        };
        if let Some(c) = fold(c) {
            out.push(c);
        }
    }
}

fn parse_with(raw: &str, buf: &mut Vec<char>) -> Result<CaseNumber, Invalid> {
    // Traditional characters (執 號 終 粵 …) first, so that every later rule speaks
    // simplified Chinese only.
    fold_chars_into(raw.trim(), buf);
    let s: &[char] = buf;
    if s.is_empty() {
        return Err(Invalid::Empty);
    }
    // Placeholders are short; only short inputs pay for the comparison.
    if s.len() <= 5 {
        let lower: String = s.iter().flat_map(|c| c.to_lowercase()).collect();
        if PLACEHOLDERS.contains(&lower.as_str()) {
            return Err(Invalid::Placeholder(raw.trim().to_string()));
        }
    }
    if s.iter()
        .all(|c| matches!(c, '-' | '/' | '*' | '.' | '\\' | '_'))
    {
        return Err(Invalid::Placeholder(raw.trim().to_string()));
    }
    if s.contains(&'仲') {
        return Err(Invalid::Arbitration);
    }
    let t = tables();
    for (m, chars) in &t.not_court_markers {
        if let Some((&first, _)) = chars.split_first() {
            if s.contains(&first) && s.windows(chars.len()).any(|w| w == chars.as_slice()) {
                return Err(Invalid::NotCourt(m.clone()));
            }
        }
    }

    let mut warnings = Vec::new();

    // --- the year: `(2017)`, `2017`, `2017年`, `(2017年)`, with any bracket folded to ().
    let open = s.iter().position(|&c| c == '(');
    let first_digit = s.iter().position(|&c| is_digit(c) || is_mask(c));
    let year_start = match (open, first_digit) {
        (Some(o), Some(d)) if d == o + 1 => d,
        (_, Some(d)) => d,
        (_, None) => return Err(Invalid::NoYear),
    };
    let prefix_end = match open {
        Some(o) if o + 1 == year_start => o,
        _ => year_start,
    };
    let mut year_end = year_start;
    while year_end < s.len() && (is_digit(s[year_end]) || is_mask(s[year_end])) {
        year_end += 1;
    }
    let year_chars = &s[year_start..year_end];
    let mut i = year_end;
    let had_open = prefix_end < year_start;
    // `2016年`, and the doubled `2016年年` some clerks type.
    while i < s.len() && s[i] == '年' {
        i += 1;
    }
    let had_close = i < s.len() && s[i] == ')';
    if had_close {
        i += 1;
    }
    // Text before the year: a court's own name may precede a case number; anything else
    // (法〔2015〕137号, 浙高法〔2016〕10号) is a document number.
    let prefix = &s[..prefix_end];
    let prefix_ok = prefix.is_empty()
        || prefix.ends_with(&['法', '院'])
        || prefix == ['案', '号']
        || prefix == ['案', '号', ':']
        || prefix.ends_with(&[':']);
    if !prefix_ok {
        if had_open && had_close {
            return Err(Invalid::NormativeDocument);
        }
        return Err(Invalid::LeadingText(prefix.iter().collect()));
    }
    if year_chars.iter().any(|&c| is_mask(c)) {
        return Err(Invalid::Masked);
    }
    if year_chars.len() != 4 {
        if !had_close && year_chars.len() > 4 && !had_open {
            // A run of digits with no year in front: an ID, a phone number, a serial.
            return Err(Invalid::NoYear);
        }
        let y: String = year_chars.iter().collect();
        return Err(Invalid::BadYear(y));
    }
    let year: u16 = year_chars
        .iter()
        .fold(0u16, |acc, &c| acc * 10 + (c as u16 - '0' as u16));
    if !(1949..=2100).contains(&year) {
        return Err(Invalid::BadYear(year.to_string()));
    }
    if i < s.len() && is_digit(s[i]) {
        // `(2015)137号`: a year followed straight by a number is no case number.
        return Err(Invalid::NormativeDocument);
    }

    // --- a coded court: 最高法, or a province abbreviation with 2 or 4 digits.
    let mut court: Option<String> = None;
    if s[i..].starts_with(&t.supreme_chars) {
        court = Some(t.supreme.clone());
        i += t.supreme_chars.len();
    } else if i + 1 < s.len()
        && is_cjk(s[i])
        && (is_digit(s[i + 1]) || is_mask(s[i + 1]))
        && digits_then_letter(&s[i + 1..])
    {
        let mut j = i + 1;
        while j < s.len() && (is_digit(s[j]) || is_mask(s[j])) {
            j += 1;
        }
        if s[i + 1..j].iter().any(|&c| is_mask(c)) {
            return Err(Invalid::Masked);
        }
        let code: String = s[i..j].iter().collect();
        i = j;
        court = Some(code);
    }

    // --- the letters up to the sequence number: [court abbreviation][special]type[字第],
    // written after the number's characters in the same buffer.
    let letters_start = i;
    while i < s.len() && !is_digit(s[i]) && !is_mask(s[i]) {
        i += 1;
    }
    let n = s.len();
    for k in letters_start..i {
        match buf[k] {
            // ASCII '-' stands for 一 inside an old court abbreviation (沪-中 = 沪一中);
            // elsewhere it is a separator.
            '-' if k > letters_start && k + 1 < i && is_cjk(buf[k - 1]) && is_cjk(buf[k + 1]) => {
                buf.push('一')
            }
            '-' | ':' | '.' => {}
            c => buf.push(c),
        }
    }
    let (s, mut letters) = buf.split_at(n);
    // A stray bracket left from `（2017)` written as `(2017 )` or doubled.
    while let Some((')', rest)) = letters.split_first() {
        letters = rest;
    }
    let mut zi_di = false;
    if let Some(('第', rest)) = letters.split_last() {
        letters = rest;
        zi_di = true;
    }
    if let Some(('字', rest)) = letters.split_last() {
        letters = rest;
        zi_di = true;
    }

    // --- the sequence number.
    let seq_start = i;
    while i < s.len() && (is_digit(s[i]) || is_mask(s[i])) {
        i += 1;
    }
    if seq_start == i {
        return Err(Invalid::NoSequence);
    }
    let digits = &s[seq_start..i];
    if digits.iter().any(|&c| is_mask(c)) {
        return Err(Invalid::Masked);
    }
    let zeros = digits.iter().take_while(|&&c| c == '0').count();
    let significant = &digits[zeros..];
    if significant.is_empty() {
        return Err(Invalid::ZeroSequence);
    }
    if significant.len() > 9 {
        return Err(Invalid::TrailingText(digits.iter().collect()));
    }
    let seq: u32 = significant
        .iter()
        .fold(0u32, |acc, &c| acc * 10 + (c as u32 - '0' as u32));

    // --- what follows: 号, a document suffix 之二 (before or after 号), trailing punctuation.
    let doc_suffix = parse_tail(&s[i..])?;

    // --- split the letters into court, special code and type.
    let (court_code, special_code, type_code, kind, style) = match court {
        Some(code) => {
            let (special, type_code, kind) = split_coded_type(letters, &mut warnings)?;
            let style = if zi_di { Style::Hybrid } else { Style::New };
            if t.court_level(&code).is_none() {
                warnings.push(Warning::UnknownCourt(code.clone()));
            }
            (code, special, type_code, kind, style)
        }
        None => {
            let (abbrev, type_code, kind) = split_old_type(letters)?;
            let style;
            let code = if abbrev.is_empty() {
                warnings.push(Warning::ImpliedSupremeCourt);
                style = Style::Old;
                t.supreme.clone()
            } else {
                let mut chars = abbrev.chars();
                let lone_province = match (chars.next(), chars.next()) {
                    (Some(c), None) => t.is_province(c),
                    _ => false,
                };
                // A province abbreviation alone is a high court's new-style code (浙执监12号).
                style = match (lone_province, zi_di) {
                    (true, false) => Style::New,
                    (true, true) => Style::Hybrid,
                    (false, _) => Style::Old,
                };
                abbrev
            };
            (code, None, type_code, kind, style)
        }
    };
    if kind == CaseKind::EnforcementUnknown {
        warnings.push(Warning::UnknownEnforcementType(type_code.clone()));
    }

    Ok(CaseNumber {
        year,
        court_code,
        special_code,
        type_code,
        seq,
        doc_suffix,
        style,
        case_kind: kind,
        warnings,
    })
}

/// True when `s` starts with a run of digits that is followed by a non-digit letter, i.e.
/// the digits are a court code and not already the sequence number.
fn digits_then_letter(s: &[char]) -> bool {
    let n = s.iter().take_while(|&&c| is_digit(c) || is_mask(c)).count();
    n > 0 && n < s.len() && is_cjk(s[n]) && s[n] != '号' && s[n] != '之'
}

/// Reads what follows the sequence number; returns the document suffix, if any.
fn parse_tail(rest: &[char]) -> Result<Option<String>, Invalid> {
    let mut i = 0;
    let mut suffix: Option<String> = None;
    let mut seen_hao = false;
    while i < rest.len() {
        match rest[i] {
            '号' if !seen_hao => {
                seen_hao = true;
                i += 1;
            }
            '之' if suffix.is_none() => {
                let mut sfx = String::from("之");
                i += 1;
                let start = i;
                let digits = rest[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 {
                    match suffix_numeral(&rest[i..i + digits]) {
                        Some(n) => sfx.push_str(&n),
                        None => return Err(Invalid::TrailingText(rest.iter().collect())),
                    }
                    i += digits;
                } else {
                    let run = rest[i..]
                        .iter()
                        .take_while(|&&c| is_suffix_numeral_char(c))
                        .count();
                    let chars = &rest[i..i + run];
                    match chinese_suffix_numeral(chars) {
                        Ok(Some(n)) => sfx.push_str(&n),
                        Ok(None) => sfx.extend(chars),
                        Err(()) => return Err(Invalid::TrailingText(rest.iter().collect())),
                    }
                    i += run;
                }
                if i == start {
                    return Err(Invalid::TrailingText(rest.iter().collect()));
                }
                suffix = Some(sfx);
            }
            '。' | '.' | ',' | '，' | ';' | '；' | ')' => i += 1,
            _ => return Err(Invalid::TrailingText(rest.iter().collect())),
        }
    }
    Ok(suffix)
}

/// After a coded court: `[special]type`. Unknown types are kept and flagged.
fn split_coded_type(
    letters: &[char],
    warnings: &mut Vec<Warning>,
) -> Result<(Option<char>, String, CaseKind), Invalid> {
    let t = tables();
    if letters.is_empty() {
        return Err(Invalid::NoType(String::new()));
    }
    let whole: String = letters.iter().collect();
    if let Some(kind) = t.new_type(&whole) {
        return Ok((None, whole, kind));
    }
    if letters.len() > 1 && t.is_special_code(letters[0]) {
        let rest: String = letters[1..].iter().collect();
        if let Some(kind) = t.new_type(&rest).or_else(|| t.old_type(&rest)) {
            return Ok((Some(letters[0]), rest, kind));
        }
    }
    let (stripped, display) = strip_parenthetical(letters);
    if let Some(kind) = t.old_type(&stripped) {
        return Ok((None, display, kind));
    }
    if letters
        .iter()
        .any(|c| !is_cjk(*c) && *c != '(' && *c != ')')
    {
        return Err(Invalid::NoType(whole));
    }
    if letters.len() > t.max_type_chars + 1 {
        return Err(Invalid::NoType(whole));
    }
    if whole.starts_with('执') {
        return Ok((None, whole, CaseKind::EnforcementUnknown));
    }
    warnings.push(Warning::UnknownType(whole.clone()));
    Ok((None, whole, CaseKind::Other))
}

/// Old style: `court abbreviation` + `type`; the type is the longest known suffix.
fn split_old_type(letters: &[char]) -> Result<(String, String, CaseKind), Invalid> {
    let t = tables();
    let no_type = || Invalid::NoType(letters.iter().collect());
    if letters.is_empty() || letters.len() > 24 {
        return Err(no_type());
    }
    // Longest suffix first: 执恢 must win over 恢 and 民二终 over 终.
    let max = letters.len().min(t.max_type_chars + 4);
    let mut lookup = String::with_capacity(max * 3);
    for len in (1..=max).rev() {
        let start = letters.len() - len;
        let candidate = &letters[start..];
        if candidate.first() == Some(&'(') || candidate.first() == Some(&')') {
            continue;
        }
        lookup.clear();
        push_outside_parentheses(candidate, &mut lookup);
        // 执（恢）: the letters in brackets are part of an enforcement type when with them it
        // is one (执恢, resumed); else they name a tribunal (民三（知）初 is a 民三初, and
        // 民四（商）初 is no 民四商初).
        let bracketed = candidate.iter().any(|&c| c == '(' || c == ')');
        // Then the type is written without them: the same case as 执恢.
        let with_inner = (bracketed && candidate.first() == Some(&'执'))
            .then(|| {
                let joined: String = candidate
                    .iter()
                    .filter(|&&c| c != '(' && c != ')')
                    .collect();
                t.old_type(&joined).map(|kind| (joined, kind))
            })
            .flatten();
        let found = match with_inner {
            Some((joined, kind)) => Some((kind, Some(joined))),
            None => t.old_type(&lookup).map(|kind| (kind, None)),
        };
        if let Some((kind, joined)) = found {
            let abbrev = &letters[..start];
            if abbrev.iter().any(|&c| !is_cjk(c)) {
                return Err(no_type());
            }
            let display = if let Some(joined) = joined {
                joined
            } else if bracketed {
                strip_parenthetical(candidate).1
            } else {
                lookup
            };
            return Ok((abbrev.iter().collect(), display, kind));
        }
    }
    Err(no_type())
}

/// The letters outside parentheses, appended to `out`: `民三(知)初` → `民三初`.
fn push_outside_parentheses(letters: &[char], out: &mut String) {
    let mut depth = 0usize;
    for &c in letters {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
}

/// `民三(知)初` → (`民三初` for lookup, `民三（知）初` for display). Letters without a
/// parenthetical come back unchanged.
fn strip_parenthetical(letters: &[char]) -> (String, String) {
    let mut lookup = String::with_capacity(letters.len() * 3);
    let mut display = String::with_capacity(letters.len() * 3);
    let mut depth = 0usize;
    for &c in letters {
        match c {
            '(' => {
                depth += 1;
                display.push('（');
            }
            ')' => {
                depth = depth.saturating_sub(1);
                display.push('）');
            }
            c => {
                if depth == 0 {
                    lookup.push(c);
                }
                display.push(c);
            }
        }
    }
    (lookup, display)
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
