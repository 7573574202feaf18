//! The reference tables the case-number parser checks against: court codes (法院代字)
//! and case type codes (类型代字).
//!
//! They live in `pipelines/reference/*.toml` so that a statistician can see, and a
//! maintainer can extend, what caseflow recognises without reading Rust. The files are
//! compiled into the binary (the parser must work from any folder), parsed once, and
//! checked by a unit test so that a broken edit fails the build's tests, not a user's run.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::CaseKind;

const COURT_CODES_TOML: &str = include_str!("../../pipelines/reference/court-codes.toml");
const CASE_TYPES_TOML: &str = include_str!("../../pipelines/reference/case-types.toml");

/// Tribunal ordinals that old-style types carry after their first character (民二终).
const ORDINALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

#[derive(Debug, Deserialize)]
struct CourtCodesFile {
    supreme: String,
    provinces: HashMap<String, String>,
    intermediate: IntermediateSection,
    basic: BasicSection,
}

#[derive(Debug, Deserialize)]
struct IntermediateSection {
    ordinary_from: u8,
    ordinary_to: u8,
    special: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct BasicSection {
    suffix_from: u8,
    suffix_to: u8,
    special_prefix: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct CaseTypesFile {
    enforcement: HashMap<String, String>,
    other: OtherSection,
    old: OldSection,
    not_court: NotCourtSection,
}

#[derive(Debug, Deserialize)]
struct OtherSection {
    codes: Vec<String>,
    special_codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct OldSection {
    codes: Vec<String>,
    ordinal_letters: Vec<String>,
    enforcement: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct NotCourtSection {
    markers: Vec<String>,
}

/// Level of a court as its code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourtLevel {
    Supreme,
    High,
    Intermediate,
    Basic,
}

/// Everything the parser looks up, built once from the TOML files.
#[derive(Debug)]
pub struct Tables {
    pub supreme: String,
    pub supreme_chars: Vec<char>,
    provinces: HashSet<char>,
    intermediate_ordinary: (u8, u8),
    intermediate_special: HashSet<u8>,
    basic_suffix: (u8, u8),
    basic_special_prefix: HashSet<u8>,
    /// New-style type codes with their kind.
    new_types: HashMap<String, CaseKind>,
    /// Old-style type words (with ordinal variants), with their kind.
    old_types: HashMap<String, CaseKind>,
    special_codes: HashSet<char>,
    /// Marker text and its characters (the parser works on characters).
    pub not_court_markers: Vec<(String, Vec<char>)>,
    /// Longest type code in characters: bounds the suffix search.
    pub max_type_chars: usize,
}

/// The tables, parsed on first use.
/// The tables every parse of the process checks against: the built-in ones, or a folder's
/// given once before the first parse ([`use_reference`]).
static TABLES: OnceLock<Tables> = OnceLock::new();
/// The folder the tables came from, when not built in.
static REFERENCE_DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

/// Reads the reference tables of `dir` (`court-codes.toml`, `case-types.toml`; a file the
/// folder lacks stays built in) for every case number this process parses, so that a court
/// can add a type code (执刑) or a court code without a new build. Must come before the first
/// parse; naming the same folder again is allowed, another one is an error.
pub fn use_reference(dir: &std::path::Path) -> Result<(), String> {
    if let Some(was) = REFERENCE_DIR.get() {
        return if was == dir {
            Ok(())
        } else {
            Err(format!(
                "the reference tables were already read from {}; one process reads one folder",
                was.display()
            ))
        };
    }
    let read = |name: &str, built_in: &str| -> Result<(String, String), String> {
        let p = dir.join(name);
        if p.exists() {
            let text = crate::textio::read_config(&p).map_err(|e| e.to_string())?;
            Ok((text, p.display().to_string()))
        } else {
            Ok((built_in.to_string(), format!("(built-in) {name}")))
        }
    };
    let (courts, courts_origin) = read("court-codes.toml", COURT_CODES_TOML)?;
    let (types, types_origin) = read("case-types.toml", CASE_TYPES_TOML)?;
    if courts == COURT_CODES_TOML && types == CASE_TYPES_TOML {
        // The folder holds the built-in tables (as shipped): nothing to replace, but the
        // folder is the process's all the same (another one, edited, is refused).
        let _ = REFERENCE_DIR.set(dir.to_path_buf());
        return Ok(());
    }
    let tables = Tables::from_toml(&courts, &types)
        .map_err(|e| format!("{e} (read from {courts_origin} and {types_origin})"))?;
    TABLES.set(tables).map_err(|_| {
        "case numbers were parsed before the reference folder was read; give it first".to_string()
    })?;
    let _ = REFERENCE_DIR.set(dir.to_path_buf());
    Ok(())
}

/// The reference folder this process parses with, if not the built-in tables.
pub fn reference_dir() -> Option<&'static std::path::Path> {
    REFERENCE_DIR.get().map(std::path::PathBuf::as_path)
}

pub fn tables() -> &'static Tables {
    TABLES.get_or_init(|| {
        // The files are part of the binary and checked by `tables_load` below, so a
        // failure here is a build defect rather than a user error.
        Tables::from_toml(COURT_CODES_TOML, CASE_TYPES_TOML)
            .unwrap_or_else(|e| panic!("built-in reference tables are broken: {e}"))
    })
}

fn kind_of_enforcement(code: &str, kind: &str) -> Result<CaseKind, String> {
    match kind {
        "first" => Ok(CaseKind::First),
        "resumed" => Ok(CaseKind::Resumed),
        "preservation" => Ok(CaseKind::Preservation),
        "review" => Ok(CaseKind::Review),
        other => Err(format!("type {code}: unknown case_kind {other:?}")),
    }
}

fn two_digits(s: &str) -> Result<u8, String> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().map_err(|e| format!("{s}: {e}"))
    } else {
        Err(format!("{s:?} is not a two-digit code"))
    }
}

impl Tables {
    pub fn from_toml(courts: &str, types: &str) -> Result<Tables, String> {
        let courts: CourtCodesFile =
            toml::from_str(courts).map_err(|e| format!("court-codes.toml: {e}"))?;
        let types: CaseTypesFile =
            toml::from_str(types).map_err(|e| format!("case-types.toml: {e}"))?;

        let mut provinces = HashSet::new();
        for p in courts.provinces.keys() {
            let mut chars = p.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    provinces.insert(c);
                }
                _ => return Err(format!("province abbreviation {p:?} must be one character")),
            }
        }
        let intermediate_special = courts
            .intermediate
            .special
            .keys()
            .map(|k| two_digits(k))
            .collect::<Result<_, _>>()?;
        let basic_special_prefix = courts
            .basic
            .special_prefix
            .keys()
            .map(|k| two_digits(k))
            .collect::<Result<_, _>>()?;

        let mut new_types = HashMap::new();
        for (code, kind) in &types.enforcement {
            new_types.insert(code.clone(), kind_of_enforcement(code, kind)?);
        }
        for code in &types.other.codes {
            // A code under [enforcement] and in [other] codes has two kinds; whichever came
            // last would win without a word (a 财保 moved to [enforcement] but left in
            // [other] stayed other), so the file is refused and the statistician chooses.
            if let Some(kind) = types.enforcement.get(code) {
                return Err(format!(
                    "case-types.toml: type {code:?} is listed twice, under [enforcement] (as \
                     {kind:?}) and in [other] codes; keep it in one of them"
                ));
            }
            new_types.insert(code.clone(), CaseKind::Other);
        }

        let mut old_types: HashMap<String, CaseKind> = new_types.clone();
        let ordinal_letters: HashSet<char> = types
            .old
            .ordinal_letters
            .iter()
            .filter_map(|s| s.chars().next())
            .collect();
        for code in &types.old.codes {
            let kind = new_types
                .get(code)
                .copied()
                .unwrap_or_else(|| old_kind(code));
            old_types.insert(code.clone(), kind);
        }
        for (code, kind) in &types.old.enforcement {
            old_types.insert(code.clone(), kind_of_enforcement(code, kind)?);
        }
        let base: Vec<(String, CaseKind)> =
            old_types.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (code, kind) in base {
            let mut chars = code.chars();
            if let Some(first) = chars.next() {
                let rest: String = chars.collect();
                if ordinal_letters.contains(&first) && !rest.is_empty() {
                    for ord in ORDINALS {
                        old_types.insert(format!("{first}{ord}{rest}"), kind);
                    }
                }
            }
        }

        let special_codes = types
            .other
            .special_codes
            .iter()
            .filter_map(|s| s.chars().next())
            .collect();
        let max_type_chars = old_types
            .keys()
            .chain(new_types.keys())
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(1);

        Ok(Tables {
            supreme_chars: courts.supreme.chars().collect(),
            supreme: courts.supreme,
            provinces,
            intermediate_ordinary: (
                courts.intermediate.ordinary_from,
                courts.intermediate.ordinary_to,
            ),
            intermediate_special,
            basic_suffix: (courts.basic.suffix_from, courts.basic.suffix_to),
            basic_special_prefix,
            new_types,
            old_types,
            special_codes,
            not_court_markers: types
                .not_court
                .markers
                .into_iter()
                .filter(|m| !m.is_empty())
                .map(|m| {
                    let chars = m.chars().collect();
                    (m, chars)
                })
                .collect(),
            max_type_chars,
        })
    }

    pub fn is_province(&self, c: char) -> bool {
        self.provinces.contains(&c)
    }

    pub fn is_special_code(&self, c: char) -> bool {
        self.special_codes.contains(&c)
    }

    pub fn new_type(&self, code: &str) -> Option<CaseKind> {
        self.new_types.get(code).copied()
    }

    pub fn old_type(&self, code: &str) -> Option<CaseKind> {
        self.old_types.get(code).copied()
    }

    /// The level of a new-style court code, or `None` when the code is not described by
    /// the tables (kept and flagged by the caller).
    pub fn court_level(&self, code: &str) -> Option<CourtLevel> {
        if code == self.supreme {
            return Some(CourtLevel::Supreme);
        }
        let mut chars = code.chars();
        let province = chars.next()?;
        if !self.is_province(province) {
            return None;
        }
        let digits = chars.as_str();
        // Digits only, so the byte splits below fall between characters: text from a rule
        // file (census.toml's aliases, 京1中) reaches here unchecked by the parser.
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let intermediate_known = |d: u8| {
            (self.intermediate_ordinary.0..=self.intermediate_ordinary.1).contains(&d)
                || self.intermediate_special.contains(&d)
        };
        match digits.len() {
            0 => Some(CourtLevel::High),
            2 => two_digits(digits)
                .ok()
                .filter(|d| intermediate_known(*d))
                .map(|_| CourtLevel::Intermediate),
            4 => {
                let prefix = two_digits(&digits[..2]).ok()?;
                let suffix = two_digits(&digits[2..]).ok()?;
                let prefix_ok =
                    intermediate_known(prefix) || self.basic_special_prefix.contains(&prefix);
                let suffix_ok = (self.basic_suffix.0..=self.basic_suffix.1).contains(&suffix);
                (prefix_ok && suffix_ok).then_some(CourtLevel::Basic)
            }
            _ => None,
        }
    }
}

/// Kind of an old-style type word that the new standard does not list.
fn old_kind(code: &str) -> CaseKind {
    if code.starts_with('执') {
        CaseKind::EnforcementUnknown
    } else {
        CaseKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let t = tables();
        assert!(t.is_province('浙'));
        assert!(t.is_province('兵'));
        // Every court abbreviation of 法〔2015〕137号 (the review of round 51: Guizhou's was
        // listed as 贵, so every 黔 案号 was refused as a typo once codes of no province were).
        for c in "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新兵军".chars()
        {
            assert!(t.is_province(c), "{c}");
        }
        assert!(!t.is_province('贵'));
        assert_eq!(t.new_type("执恢"), Some(CaseKind::Resumed));
        assert_eq!(t.new_type("司救执"), Some(CaseKind::Other));
        assert_eq!(t.old_type("民二终"), Some(CaseKind::Other));
        assert_eq!(t.old_type("执督"), Some(CaseKind::Review));
        // Red-team round 31 (e-old-review-codes): 执审/执裁 rulings are review cases; 执刑
        // enforces a criminal judgment's property part.
        assert_eq!(t.old_type("执审"), Some(CaseKind::Review));
        assert_eq!(t.old_type("执裁"), Some(CaseKind::Review));
        assert_eq!(t.old_type("执刑"), Some(CaseKind::First));
    }

    #[test]
    fn a_type_listed_under_two_kinds_is_refused() {
        // Red-team round 37 (e-case-type-in-two-lists-silently-other).
        let types = CASE_TYPES_TOML.replacen(
            "[enforcement]\n",
            "[enforcement]\n\"财保\" = \"preservation\"\n",
            1,
        );
        assert_ne!(types, CASE_TYPES_TOML);
        let e = Tables::from_toml(COURT_CODES_TOML, &types).expect_err("财保 in two lists");
        assert!(
            e.contains("case-types.toml") && e.contains("财保") && e.contains("[other]"),
            "{e}"
        );
    }

    #[test]
    fn court_levels() {
        let t = tables();
        assert_eq!(t.court_level("最高法"), Some(CourtLevel::Supreme));
        assert_eq!(t.court_level("浙"), Some(CourtLevel::High));
        assert_eq!(t.court_level("浙06"), Some(CourtLevel::Intermediate));
        assert_eq!(t.court_level("京73"), Some(CourtLevel::Intermediate));
        assert_eq!(t.court_level("浙0603"), Some(CourtLevel::Basic));
        assert_eq!(t.court_level("京8601"), Some(CourtLevel::Basic));
        assert_eq!(t.court_level("鄂9001"), Some(CourtLevel::Basic));
        assert_eq!(t.court_level("浙0600"), None);
        assert_eq!(t.court_level("浙80"), None);
        assert_eq!(t.court_level("港01"), None);
        assert_eq!(t.court_level("浙060"), None);
        // Not digits (a rule file's 京1中, 一中院): no court, and no split inside 中.
        assert_eq!(t.court_level("京1中"), None);
        assert_eq!(t.court_level("浙6院"), None);
        assert_eq!(t.court_level("浙０６"), None);
    }
}
