//! Settings of the census and trend stages, read from `pipelines/rules/census.toml` (built
//! in) or a replacement in a rules folder, and checked before any data is read.
//!
//! Labels of the seven categories and of the root-cause codes come from the classify rule
//! files (`categories.toml`, `root-causes.toml`) so that a statistician who renames a cause
//! sees the same wording in the classified cases and in the census tables.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::{Error, Result};

const CENSUS_TOML: &str = include_str!("../../pipelines/rules/census.toml");
const CAUSES_TOML: &str = include_str!("../../pipelines/rules/root-causes.toml");
const CATEGORIES_TOML: &str = include_str!("../../pipelines/rules/categories.toml");

/// Every case kind a filter may name; `unparsed` stands for a case whose 案号 did not
/// parse (its `case_kind` is null).
pub const CASE_KINDS: [&str; 7] = [
    "first",
    "resumed",
    "preservation",
    "enforcement_unknown",
    "review",
    "other",
    "unparsed",
];

/// The names of the case kinds in every output (workbook, report, charts): (kind, Chinese,
/// English). One table, so the filter printed with a figure reads the same wherever it is
/// shown; the Chinese follows the 案号 rules' names (执保 is 财产保全执行).
pub const CASE_KIND_LABELS: [(&str, &str, &str); 7] = [
    ("first", "首次执行", "first enforcement"),
    ("resumed", "恢复执行", "resumed"),
    ("preservation", "财产保全执行", "preservation"),
    (
        "enforcement_unknown",
        "执行（类型不明）",
        "enforcement (type unknown)",
    ),
    ("review", "执行审查", "review"),
    ("other", "其他", "other"),
    ("unparsed", "案号无法解析", "unparsed case number"),
];

/// The (Chinese, English) name of a case kind, from [`CASE_KIND_LABELS`].
pub fn case_kind_label(kind: &str) -> Option<(&'static str, &'static str)> {
    CASE_KIND_LABELS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, zh, en)| (*zh, *en))
}

/// How trend periods are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub fn parse(s: &str) -> Option<PeriodKind> {
        match s.trim() {
            "month" => Some(PeriodKind::Month),
            "quarter" => Some(PeriodKind::Quarter),
            "year" => Some(PeriodKind::Year),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// Calendar months in one period.
    pub fn months(self) -> u32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }
}

/// The masking rule of the published debtor list (公布被执行人名单): see [`crate::mask`].
pub use crate::mask::MaskRule;

/// Validated settings of `caseflow census` and `caseflow trend`.
#[derive(Debug, Clone)]
pub struct CensusConfig {
    /// Case kinds every figure counts (see [`CASE_KINDS`]).
    pub case_kinds: Vec<String>,
    /// 超期限一年以上: days past the due date from which a pending case counts (category 1's
    /// `overdue` rule in categories.toml; 365 without one).
    pub overdue_year_days: i64,
    /// Case kinds of 执行完毕率 (首执 only by default).
    pub completion_case_kinds: Vec<String>,
    /// Upper edges of the age bands in calendar months, strictly increasing.
    pub band_edges_months: Vec<u32>,
    pub oldest: usize,
    /// Due-soon windows in days, strictly increasing.
    pub due_soon_days: Vec<i64>,
    pub default_by: PeriodKind,
    pub months_back: u32,
    /// Time-to-disposition thresholds in days (90/180/365 by default).
    pub disposition_within_days: Vec<i64>,
    /// Root-cause codes of 执行不能 and of 原因不明.
    pub inability_codes: Vec<String>,
    pub unknown_codes: Vec<String>,
    pub mask: MaskRule,
    /// Old court abbreviation → court code, from the rule file.
    pub court_aliases: BTreeMap<String, String>,
    /// Root-cause code → Chinese name, in the rule file's order.
    pub cause_names: Vec<(String, String)>,
    /// Category 1–7 → Chinese name.
    pub category_names: [String; 7],
    /// Name markers of `parties.toml` (as ingest uses them) that tell a government body
    /// or a company from a natural person, for masking the debtor list.
    pub government_markers: Vec<String>,
    pub company_markers: Vec<String>,
    /// Where the settings came from (built in, or a path), for the metadata table.
    pub origin: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CensusFile {
    filter: FilterSection,
    aging: AgingSection,
    due_soon: DueSoonSection,
    trend: TrendSection,
    root_causes: CausesSection,
    privacy: PrivacySection,
    #[serde(default)]
    courts: CourtsSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilterSection {
    case_kinds: Vec<String>,
    completion_rate_case_kinds: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgingSection {
    band_edges_months: Vec<u32>,
    oldest: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DueSoonSection {
    windows_days: Vec<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrendSection {
    by: String,
    months_back: u32,
    disposition_within_days: Vec<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CausesSection {
    inability_codes: Vec<String>,
    unknown_codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrivacySection {
    id_keep_start: usize,
    id_keep_end: usize,
    compound_surnames: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourtsSection {
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

/// Only the labels of the classify rule files; everything else in them is classify's.
#[derive(Debug, Deserialize)]
struct CausesLabels {
    #[serde(default)]
    cause: Vec<CodeName>,
    unknown: Option<CodeName>,
}

#[derive(Debug, Deserialize)]
struct CodeName {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct CategoryLabels {
    #[serde(default)]
    category: Vec<IdName>,
}

#[derive(Debug, Deserialize)]
struct IdName {
    id: u8,
    name: String,
    #[serde(default)]
    rule: Vec<KindDays>,
}

/// A category rule as far as the census needs it: an `overdue` rule's `min_days`.
#[derive(Debug, Deserialize)]
struct KindDays {
    kind: String,
    min_days: Option<i64>,
    enabled: Option<bool>,
}

/// 超期限一年以上 without a category 1 overdue rule: 365 days, not 366 in leap years.
const DEFAULT_OVERDUE_YEAR_DAYS: i64 = 365;

fn read_rule(dir: Option<&Path>, name: &str, built_in: &str) -> Result<(String, String)> {
    if let Some(d) = dir {
        let p = d.join(name);
        if p.exists() {
            let text = crate::textio::read_config(&p)?;
            return Ok((text, p.display().to_string()));
        }
    }
    Ok((built_in.to_string(), format!("(built-in) {name}")))
}

fn check_kinds(kinds: &[String], what: &str, origin: &str) -> Result<()> {
    if kinds.is_empty() {
        return Err(Error::Usage(format!(
            "{origin}: {what} is empty; name at least one of {}",
            CASE_KINDS.join(", ")
        )));
    }
    for k in kinds {
        if !CASE_KINDS.contains(&k.as_str()) {
            return Err(Error::Usage(format!(
                "{origin}: {what}: unknown case kind {k:?}; kinds are {}",
                CASE_KINDS.join(", ")
            )));
        }
    }
    Ok(())
}

fn strictly_increasing<T: PartialOrd + Copy + std::fmt::Debug>(
    v: &[T],
    zero: T,
    what: &str,
    origin: &str,
) -> Result<()> {
    let ok = !v.is_empty() && v[0] > zero && v.windows(2).all(|w| w[0] < w[1]);
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{origin}: {what} must be positive and strictly increasing, got {v:?}"
        )))
    }
}

/// Refuses a `[courts] aliases` entry that would split one court into two rows rather than
/// join them: the alias is only ever looked up by the court part of a case's 案号 and its
/// value becomes the court's code in every table, so a value that is no court code the 案号
/// parser knows (淅0603, a look-alike of 浙0603; 0603 without its province) is a court of
/// its own, and a key that is a court code (浙0603 = "绍柯", the pair reversed) takes the
/// present-day cases away from their court. The error names the line of the entry.
fn check_court_aliases(aliases: &BTreeMap<String, String>, text: &str, origin: &str) -> Result<()> {
    let t = crate::casenum::tables::tables();
    let example = "aliases = { \"绍柯\" = \"浙0603\" }";
    for (old, code) in aliases {
        let what = if old.trim().is_empty() {
            format!("courts.aliases: an empty abbreviation ({old:?}) is no court's; remove it")
        } else if t.court_level(old).is_some() {
            format!(
                "courts.aliases: {old:?} = {code:?}: the abbreviation {old:?} is itself a \
                 court code; an alias maps an old abbreviation to the court code ({example}), \
                 so the pair may be the wrong way round"
            )
        } else if old == code {
            format!("courts.aliases: {old:?} = {code:?} maps a name to itself; remove it")
        } else if t.court_level(code).is_none() {
            let hint = match code.chars().next() {
                Some(c) if c.is_ascii_digit() => {
                    " (the province abbreviation is missing in front of the digits)".to_string()
                }
                Some(c) if !t.is_province(c) => format!(" ({c} is no province abbreviation)"),
                _ => String::new(),
            };
            format!(
                "courts.aliases: {old:?} = {code:?}: {code:?} is not a court code the 案号 \
                 parser knows{hint}; give the court's code as its new-style 案号 writes it \
                 ({example}; the codes are in reference/court-codes.toml)"
            )
        } else {
            continue;
        };
        let mut here = |k: &str, v: &toml_edit::Value, _: bool| {
            k == old.as_str() && v.as_str() == Some(code.as_str())
        };
        return Err(Error::Usage(
            match crate::classify::places::find(text, &[], &mut here) {
                Some(p) => p.message(origin, text, &what),
                None => format!("{origin}: {what}"),
            },
        ));
    }
    Ok(())
}

impl CensusConfig {
    /// The built-in settings.
    pub fn built_in() -> Result<CensusConfig> {
        CensusConfig::load(None)
    }

    /// Loads and checks the settings; a file of the same name in `dir` replaces the
    /// built-in one.
    pub fn load(dir: Option<&Path>) -> Result<CensusConfig> {
        let (text, origin) = read_rule(dir, "census.toml", CENSUS_TOML)?;
        let f: CensusFile =
            toml::from_str(&text).map_err(|e| crate::textio::toml_error(&origin, &text, &e))?;
        check_kinds(&f.filter.case_kinds, "filter.case_kinds", &origin)?;
        check_kinds(
            &f.filter.completion_rate_case_kinds,
            "filter.completion_rate_case_kinds",
            &origin,
        )?;
        strictly_increasing(
            &f.aging.band_edges_months,
            0,
            "aging.band_edges_months",
            &origin,
        )?;
        strictly_increasing(
            &f.due_soon.windows_days,
            0,
            "due_soon.windows_days",
            &origin,
        )?;
        strictly_increasing(
            &f.trend.disposition_within_days,
            0,
            "trend.disposition_within_days",
            &origin,
        )?;
        let default_by = PeriodKind::parse(&f.trend.by).ok_or_else(|| {
            Error::Usage(format!(
                "{origin}: trend.by {:?}: expected month, quarter or year",
                f.trend.by
            ))
        })?;
        if f.trend.months_back == 0 || f.trend.months_back > 1200 {
            return Err(Error::Usage(format!(
                "{origin}: trend.months_back must be 1 … 1200, got {}",
                f.trend.months_back
            )));
        }
        if f.privacy.id_keep_start + f.privacy.id_keep_end > 8 {
            // 18 characters with more than 8 shown would reveal the birth date.
            return Err(Error::Usage(format!(
                "{origin}: privacy.id_keep_start + id_keep_end must be at most 8 (the birth \
                 date would show), got {} + {}",
                f.privacy.id_keep_start, f.privacy.id_keep_end
            )));
        }
        check_court_aliases(&f.courts.aliases, &text, &origin)?;

        let (ctext, corigin) = read_rule(dir, "root-causes.toml", CAUSES_TOML)?;
        let causes: CausesLabels =
            toml::from_str(&ctext).map_err(|e| crate::textio::toml_error(&corigin, &ctext, &e))?;
        let mut cause_names: Vec<(String, String)> =
            causes.cause.into_iter().map(|c| (c.code, c.name)).collect();
        if let Some(u) = causes.unknown {
            cause_names.push((u.code, u.name));
        }
        // The 执行不能/执行难 split reads these codes: a typo (no_asset) matches no case, and
        // every no-assets case would be counted as 执行难 without a word.
        for (key, codes) in [
            (
                "root_causes.inability_codes",
                &f.root_causes.inability_codes,
            ),
            ("root_causes.unknown_codes", &f.root_causes.unknown_codes),
        ] {
            let known = || {
                cause_names
                    .iter()
                    .map(|(c, _)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if codes.is_empty() {
                return Err(Error::Usage(format!(
                    "{origin}: {key} = [] names nothing; list at least one of the root causes \
                     of {corigin}: {}",
                    known()
                )));
            }
            if let Some(bad) = codes
                .iter()
                .find(|c| !cause_names.iter().any(|(k, _)| k == *c))
            {
                return Err(Error::Usage(format!(
                    "{origin}: {key}: unknown root cause {bad:?}; the root causes of {corigin} \
                     are {}",
                    known()
                )));
            }
        }

        let (gtext, gorigin) = read_rule(dir, "categories.toml", CATEGORIES_TOML)?;
        let cats: CategoryLabels =
            toml::from_str(&gtext).map_err(|e| crate::textio::toml_error(&gorigin, &gtext, &e))?;
        let mut category_names: [String; 7] = std::array::from_fn(|k| format!("类别{}", k + 1));
        // 超期限一年以上 is category 1: the key figure counts by category 1's own overdue rule,
        // so that a court's threshold there is the figure's too.
        let overdue_year_days = cats
            .category
            .iter()
            .filter(|c| c.id == 1)
            .flat_map(|c| &c.rule)
            .find(|r| r.kind == "overdue" && r.enabled != Some(false))
            .and_then(|r| r.min_days)
            .unwrap_or(DEFAULT_OVERDUE_YEAR_DAYS);
        for c in cats.category {
            if (1..=7).contains(&c.id) {
                category_names[usize::from(c.id - 1)] = c.name;
            }
        }

        let parties = crate::ingest::rules::Rules::load(dir)?;

        Ok(CensusConfig {
            case_kinds: f.filter.case_kinds,
            completion_case_kinds: f.filter.completion_rate_case_kinds,
            band_edges_months: f.aging.band_edges_months,
            oldest: f.aging.oldest,
            due_soon_days: f.due_soon.windows_days,
            default_by,
            months_back: f.trend.months_back,
            disposition_within_days: f.trend.disposition_within_days,
            inability_codes: f.root_causes.inability_codes,
            unknown_codes: f.root_causes.unknown_codes,
            mask: MaskRule {
                id_keep_start: f.privacy.id_keep_start,
                id_keep_end: f.privacy.id_keep_end,
                compound_surnames: f.privacy.compound_surnames,
            },
            court_aliases: f.courts.aliases,
            cause_names,
            category_names,
            overdue_year_days,
            government_markers: parties.government_markers,
            company_markers: parties.company_markers,
            origin,
        })
    }

    /// Replaces the case-kind filter (a comma-separated list from the command line).
    pub fn with_case_kinds(mut self, list: &str) -> Result<CensusConfig> {
        let kinds: Vec<String> = list
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        check_kinds(&kinds, "--case-kinds", "command line")?;
        self.case_kinds = kinds;
        Ok(self)
    }

    /// The case-kind filter as written beside every table.
    pub fn kinds_text(&self) -> String {
        self.case_kinds.join(",")
    }

    /// The Chinese name of a root-cause code (the code itself when the rules do not name it).
    pub fn cause_name(&self, code: &str) -> String {
        self.cause_names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, n)| n.clone())
    }

    /// The codes of causes named as the case lists write them (`causes_text`: names joined
    /// with 、), for a reader who needs the code (the English workbook names a cause by
    /// it). A name may hold 、 itself (规避执行、转移财产): the longest run of pieces that
    /// is a name wins. A piece no name matches is kept as it is.
    pub fn cause_codes(&self, names: &str) -> Vec<String> {
        let pieces: Vec<&str> = names.split('、').collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let found = (i + 1..=pieces.len()).rev().find_map(|j| {
                let name = pieces[i..j].join("、");
                self.cause_names
                    .iter()
                    .find(|(_, n)| *n == name)
                    .map(|(c, _)| (j, c.clone()))
            });
            match found {
                Some((j, code)) => {
                    out.push(code);
                    i = j;
                }
                None => {
                    out.push(pieces[i].to_string());
                    i += 1;
                }
            }
        }
        out
    }

    /// The age bands as (label, lower months, upper months).
    pub fn bands(&self) -> Vec<(String, u32, Option<u32>)> {
        let mut out = Vec::with_capacity(self.band_edges_months.len() + 1);
        let mut lo = 0;
        for &hi in &self.band_edges_months {
            out.push((format!("{lo}-{hi}个月"), lo, Some(hi)));
            lo = hi;
        }
        out.push((format!("{lo}个月以上"), lo, None));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_settings_load() {
        let c = CensusConfig::built_in().expect("built-in census.toml");
        assert_eq!(c.band_edges_months, vec![3, 6, 12, 24, 36]);
        assert_eq!(c.due_soon_days, vec![30, 60]);
        assert_eq!(c.completion_case_kinds, vec!["first"]);
        assert_eq!(c.cause_name("no_assets"), "执行不能");
        assert_eq!(c.category_names[0], "超期限一年以上");
        let bands = c.bands();
        assert_eq!(bands.len(), 6);
        assert_eq!(bands[0].0, "0-3个月");
        assert_eq!(bands[5].0, "36个月以上");
    }

    #[test]
    fn overdue_one_year_follows_category_one() {
        assert_eq!(CensusConfig::built_in().unwrap().overdue_year_days, 365);
        let dir = tempfile::tempdir().expect("tempdir");
        let text = CATEGORIES_TOML.replace("min_days = 365", "min_days = 366");
        assert_ne!(text, CATEGORIES_TOML);
        std::fs::write(dir.path().join("categories.toml"), &text).expect("write");
        let c = CensusConfig::load(Some(dir.path())).expect("load");
        assert_eq!(c.overdue_year_days, 366);
        // A category 1 without an enabled overdue rule: the plain year.
        let off = text.replace("min_days = 366", "min_days = 366\nenabled = false");
        std::fs::write(dir.path().join("categories.toml"), off).expect("write");
        let c = CensusConfig::load(Some(dir.path())).expect("load");
        assert_eq!(c.overdue_year_days, 365);
    }

    #[test]
    fn a_wrong_kind_is_a_usage_error() {
        let c = CensusConfig::built_in().expect("built-in");
        let e = c.with_case_kinds("first,bogus").expect_err("bogus kind");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn an_unknown_root_cause_code_is_refused() {
        // Red-team round 37 (e-census-inability-code-typo-accepted): a typo counted every
        // no-assets case as 执行难.
        let dir = tempfile::tempdir().expect("tempdir");
        for (from, to, want) in [
            (
                "inability_codes = [\"no_assets\"]",
                "inability_codes = [\"no_asset\"]",
                "\"no_asset\"",
            ),
            (
                "unknown_codes = [\"unknown\"]",
                "unknown_codes = []",
                "unknown_codes = []",
            ),
        ] {
            let text = CENSUS_TOML.replace(from, to);
            assert_ne!(text, CENSUS_TOML);
            std::fs::write(dir.path().join("census.toml"), text).expect("write");
            let e = CensusConfig::load(Some(dir.path())).expect_err(to);
            assert_eq!(e.exit_code(), 2);
            let e = e.to_string();
            assert!(e.contains("census.toml") && e.contains(want), "{e}");
            assert!(e.contains("no_assets"), "lists the known codes: {e}");
        }
    }

    /// t-census-alias-unchecked: an alias to no court code (a look-alike 淅0603, 0603 without
    /// its province) or from a court code (the pair reversed) split one court into two rows
    /// of 积案汇总; it is refused at load, naming the file and the line.
    #[test]
    fn a_court_alias_must_map_an_abbreviation_to_a_known_court_code() {
        let dir = tempfile::tempdir().expect("tempdir");
        let line = 1 + CENSUS_TOML
            .lines()
            .position(|l| l == "aliases = {}")
            .expect("aliases line");
        for (alias, want) in [
            (
                "{ \"绍柯\" = \"淅0603\" }",
                "淅 is no province abbreviation",
            ),
            (
                "{ \"绍柯\" = \"0603\" }",
                "province abbreviation is missing",
            ),
            ("{ \"浙0603\" = \"绍柯\" }", "wrong way round"),
        ] {
            let text = CENSUS_TOML.replace("aliases = {}", &format!("aliases = {alias}"));
            std::fs::write(dir.path().join("census.toml"), text).expect("write");
            let e = CensusConfig::load(Some(dir.path())).expect_err(alias);
            assert_eq!(e.exit_code(), 2);
            let e = e.to_string();
            assert!(
                e.contains(&format!("census.toml: line {line}: courts.aliases")),
                "{e}"
            );
            assert!(e.contains(want), "{e}");
        }
        let text = CENSUS_TOML.replace("aliases = {}", "aliases = { \"绍柯\" = \"浙0603\" }");
        std::fs::write(dir.path().join("census.toml"), text).expect("write");
        let c = CensusConfig::load(Some(dir.path())).expect("a right alias loads");
        assert_eq!(
            c.court_aliases.get("绍柯").map(String::as_str),
            Some("浙0603")
        );
    }

    #[test]
    fn a_bad_rule_file_fails_with_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = CENSUS_TOML.replace(
            "band_edges_months = [3, 6, 12, 24, 36]",
            "band_edges_months = [6, 3]",
        );
        std::fs::write(dir.path().join("census.toml"), text).expect("write");
        let e = CensusConfig::load(Some(dir.path())).expect_err("decreasing bands");
        assert!(e.to_string().contains("census.toml"), "{e}");
        assert!(e.to_string().contains("band_edges_months"), "{e}");
    }
}
