//! Which column of an aggregate table is which count (`caseflow ratios`).
//!
//! Statistics tables name their columns as each court's report form does (旧存, 期初未结,
//! 上期结转 for B; 期间, 统计年月, 季度 for the period …). The synonyms are a rule a
//! statistician may extend, so they live in `pipelines/rules/ratios.toml` (compiled in; a
//! file of the same name in `--rules DIR` replaces it). The headers caseflow's own
//! workbook writes for these columns, in both languages, are added from the workbook's
//! label table itself: a 收结存 sheet copied out of the workbook must be read back with
//! every count, and a label changed there cannot drift from what ratios reads (the
//! reopened column is headed 恢复（原案号）, and was once read as a column to pass through).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::{Error, Result};

const RATIOS_TOML: &str = include_str!("../../pipelines/rules/ratios.toml");

/// The columns a stock-flow table may have, in their canonical order.
pub const CANONICAL: [&str; 7] = [
    "unit",
    "period",
    super::PENDING_START,
    super::INCOMING,
    super::RESOLVED,
    super::PENDING_END,
    super::REOPENED,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatiosFile {
    headers: HeadersSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadersSection {
    unit: Vec<String>,
    period: Vec<String>,
    pending_start: Vec<String>,
    incoming: Vec<String>,
    resolved: Vec<String>,
    pending_end: Vec<String>,
    #[serde(default)]
    reopened: Vec<String>,
}

/// Header (spaces removed) → canonical column.
#[derive(Debug, Clone)]
pub struct HeaderNames {
    names: BTreeMap<String, &'static str>,
    /// The headers in the order the file lists them, for messages.
    listed: Vec<(String, &'static str)>,
    /// Where the synonyms came from, for messages.
    pub origin: String,
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl HeaderNames {
    /// The built-in synonyms, or `dir/ratios.toml` when it exists, with the workbook's
    /// own labels added. A header listed under two columns is a usage error.
    pub fn load(dir: Option<&Path>) -> Result<HeaderNames> {
        let (text, origin) = match dir.map(|d| d.join("ratios.toml")) {
            Some(p) if p.exists() => (crate::textio::read_config(&p)?, p.display().to_string()),
            _ => (
                RATIOS_TOML.to_string(),
                "(built-in) ratios.toml".to_string(),
            ),
        };
        let f: RatiosFile =
            toml::from_str(&text).map_err(|e| crate::textio::toml_error(&origin, &text, &e))?;
        let h = f.headers;
        let lists: [(&'static str, &Vec<String>); 7] = [
            (CANONICAL[0], &h.unit),
            (CANONICAL[1], &h.period),
            (CANONICAL[2], &h.pending_start),
            (CANONICAL[3], &h.incoming),
            (CANONICAL[4], &h.resolved),
            (CANONICAL[5], &h.pending_end),
            (CANONICAL[6], &h.reopened),
        ];
        let mut names: BTreeMap<String, &'static str> = BTreeMap::new();
        let mut listed = Vec::new();
        for (canonical, list) in lists {
            for header in list {
                let key = squeeze(header);
                if key.is_empty() {
                    continue;
                }
                listed.push((key.clone(), canonical));
                match names.insert(key, canonical) {
                    Some(other) if other != canonical => {
                        return Err(Error::Usage(format!(
                            "{origin}: headers: {header:?} is listed under both {other} and \
                             {canonical}; a header can name one column only"
                        )))
                    }
                    _ => {}
                }
            }
        }
        // The workbook's own headers, whatever the file says; and the English names.
        for canonical in CANONICAL {
            names.insert(canonical.to_string(), canonical);
            for lang in [crate::workbook::Lang::Zh, crate::workbook::Lang::En] {
                names.insert(squeeze(&crate::workbook::label(canonical, lang)), canonical);
            }
        }
        Ok(HeaderNames {
            names,
            listed,
            origin,
        })
    }

    /// The canonical column a header names, if any: spaces and a count's unit in
    /// brackets at the end (旧存（件）) left out.
    pub fn canonical(&self, header: &str) -> Option<&'static str> {
        let t = squeeze(header);
        if let Some(c) = self.names.get(&t) {
            return Some(c);
        }
        // Only a count's unit: 旧存（万元） is an amount, not the count of cases.
        const COUNT_UNITS: [&str; 7] = ["件", "宗", "个", "起", "案", "件数", "案件数"];
        let at = t.find(['（', '('])?;
        let inner = t[at..].trim_start_matches(['（', '(']);
        let unit = inner.strip_suffix(['）', ')'])?;
        if at > 0 && COUNT_UNITS.contains(&unit) {
            self.names.get(&t[..at]).copied()
        } else {
            None
        }
    }

    /// The first `n` headers the rules list for `canonical`, for messages
    /// ("期间/月份/统计期间…").
    pub fn examples(&self, canonical: &str, n: usize) -> String {
        self.listed
            .iter()
            .filter(|(_, c)| *c == canonical)
            .take(n)
            .map(|(h, _)| h.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_headers_name_their_counts() {
        let h = HeaderNames::load(None).unwrap();
        for (header, want) in [
            ("统计年月", "period"),
            ("时间", "period"),
            ("季度", "period"),
            ("年度", "period"),
            ("月", "period"),
            ("统计时间", "period"),
            ("报表期间", "period"),
            ("期初未结", "pending_start"),
            ("上期结转", "pending_start"),
            ("本期新收", "incoming"),
            ("收案", "incoming"),
            ("本期结案", "resolved"),
            ("期末未结", "pending_end"),
            ("存案", "pending_end"),
            ("旧存（件）", "pending_start"),
            (" 新 收 ", "incoming"),
            ("incoming", "incoming"),
        ] {
            assert_eq!(h.canonical(header), Some(want), "{header}");
        }
        assert_eq!(h.canonical("旧存（万元）"), None);
        assert_eq!(h.canonical("结收比"), None);
    }

    #[test]
    fn every_header_the_workbook_writes_for_a_count_is_read_back() {
        let h = HeaderNames::load(None).unwrap();
        for canonical in CANONICAL {
            for lang in [crate::workbook::Lang::Zh, crate::workbook::Lang::En] {
                let label = crate::workbook::label(canonical, lang);
                assert_eq!(h.canonical(&label), Some(canonical), "{label}");
            }
        }
        assert_eq!(h.canonical("恢复（原案号）"), Some("reopened"));
        assert_eq!(h.canonical("Reopened (R)"), Some("reopened"));
    }

    #[test]
    fn a_rules_folder_replaces_the_synonyms_and_a_header_names_one_column() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| std::fs::write(dir.path().join("ratios.toml"), text).unwrap();
        write(
            "[headers]\nunit = []\nperiod = ['报告期']\npending_start = ['年初数']\n\
             incoming = ['受理新案']\nresolved = ['办结']\npending_end = ['年末数']\n",
        );
        let h = HeaderNames::load(Some(dir.path())).unwrap();
        assert_eq!(h.canonical("报告期"), Some("period"));
        assert_eq!(h.canonical("办结"), Some("resolved"));
        assert_eq!(h.canonical("统计年月"), None);
        // The workbook's own headers stay.
        assert_eq!(h.canonical("恢复（原案号）"), Some("reopened"));
        write(
            "[headers]\nunit = []\nperiod = ['期间']\npending_start = ['存案']\n\
             incoming = ['新收']\nresolved = ['结案']\npending_end = ['存案']\n",
        );
        let e = HeaderNames::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("存案") && e.contains("one column"), "{e}");
    }
}
