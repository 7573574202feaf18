//! The parser as it was before the allocation-free rewrite (`c3ab773`), kept verbatim as
//! an oracle: the property tests in `tests.rs` check that [`super::parse`] gives the same
//! result on every input they draw. Changes since: a suffix written with digits is read
//! as one number (`之11` → `之十一`, `之001` → `之一`), with the parser's own
//! [`super::suffix_numeral`], and one in Chinese numerals in the same spelling (`之一百〇一`
//! → `之一百零一`), with [`super::chinese_suffix_numeral`].

#![allow(dead_code)]

use super::tables::tables;
use super::{CaseKind, CaseNumber, Invalid, Style, Warning};

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
        c if c.is_whitespace() => return None,
        // Invisible marks a copy from a web page, Word or a fixed-width export leaves:
        // zero-width characters, direction marks and embeddings, the word joiner, the
        // soft hyphen, the byte-order mark, control characters (NUL padding).
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{ad}'
        | '\0'..='\u{1f}'
        | '\u{7f}'..='\u{84}'
        | '\u{86}'..='\u{9f}' => return None,
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

/// Parses one case number. Never panics, whatever the input.
pub fn parse_reference(raw: &str) -> Result<CaseNumber, Invalid> {
    // Traditional characters (執 號 終 粵 …) first, so that every later rule speaks
    // simplified Chinese only.
    let simplified = super::simplify::convert(raw.trim());
    let s: Vec<char> = simplified.chars().filter_map(fold).collect();
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
        if s.windows(chars.len()).any(|w| w == chars.as_slice()) {
            return Err(Invalid::NotCourt(m.clone()));
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
    let prefix: String = s[..prefix_end].iter().collect();
    let prefix_ok = prefix.is_empty()
        || prefix.ends_with("法院")
        || prefix == "案号"
        || prefix == "案号:"
        || prefix.ends_with(':');
    if !prefix_ok {
        if had_open && had_close {
            return Err(Invalid::NormativeDocument);
        }
        return Err(Invalid::LeadingText(prefix));
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

    // --- the letters up to the sequence number: [court abbreviation][special]type[字第].
    let letters_start = i;
    while i < s.len() && !is_digit(s[i]) && !is_mask(s[i]) {
        i += 1;
    }
    let mut letters: Vec<char> = Vec::with_capacity(i - letters_start);
    for k in letters_start..i {
        match s[k] {
            // ASCII '-' stands for 一 inside an old court abbreviation (沪-中 = 沪一中);
            // elsewhere it is a separator.
            '-' if k > letters_start && k + 1 < i && is_cjk(s[k - 1]) && is_cjk(s[k + 1]) => {
                letters.push('一')
            }
            '-' | ':' | '.' => {}
            c => letters.push(c),
        }
    }
    // A stray bracket left from `（2017)` written as `(2017 )` or doubled.
    while letters.first() == Some(&')') {
        letters.remove(0);
    }
    let mut zi_di = false;
    if letters.last() == Some(&'第') {
        letters.pop();
        zi_di = true;
    }
    if letters.last() == Some(&'字') {
        letters.pop();
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
    if s[seq_start..i].iter().any(|&c| is_mask(c)) {
        return Err(Invalid::Masked);
    }
    let digits = &s[seq_start..i];
    let significant: Vec<char> = digits.iter().copied().skip_while(|&c| c == '0').collect();
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
            let (special, type_code, kind) = split_coded_type(&letters, &mut warnings)?;
            let style = if zi_di { Style::Hybrid } else { Style::New };
            if t.court_level(&code).is_none() {
                warnings.push(Warning::UnknownCourt(code.clone()));
            }
            (code, special, type_code, kind, style)
        }
        None => {
            let (abbrev, type_code, kind) = split_old_type(&letters)?;
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
                    match super::suffix_numeral(&rest[i..i + digits]) {
                        Some(n) => sfx.push_str(&n),
                        None => return Err(Invalid::TrailingText(rest.iter().collect())),
                    }
                    i += digits;
                } else {
                    let run = rest[i..]
                        .iter()
                        .take_while(|&&c| super::is_suffix_numeral_char(c))
                        .count();
                    let chars = &rest[i..i + run];
                    match super::chinese_suffix_numeral(chars) {
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
    let whole: String = letters.iter().collect();
    if letters.is_empty() || letters.len() > 24 {
        return Err(Invalid::NoType(whole));
    }
    // Longest suffix first: 执恢 must win over 恢 and 民二终 over 终.
    let max = letters.len().min(t.max_type_chars + 4);
    for len in (1..=max).rev() {
        let start = letters.len() - len;
        let candidate = &letters[start..];
        if candidate.first() == Some(&'(') || candidate.first() == Some(&')') {
            continue;
        }
        let (stripped, display) = strip_parenthetical(candidate);
        // 执（恢） is 执恢 (added after the rewrite, in both parsers).
        let joined: String = candidate
            .iter()
            .filter(|&&c| c != '(' && c != ')')
            .collect();
        let bracketed = joined.chars().count() != candidate.len() && joined.starts_with('执');
        let found = match t.old_type(&joined).filter(|_| bracketed) {
            Some(kind) => Some((kind, joined)),
            None => t.old_type(&stripped).map(|kind| (kind, display)),
        };
        if let Some((kind, display)) = found {
            let abbrev: String = letters[..start].iter().collect();
            if abbrev.chars().any(|c| !is_cjk(c)) {
                return Err(Invalid::NoType(whole));
            }
            return Ok((abbrev, display, kind));
        }
    }
    Err(Invalid::NoType(whole))
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
