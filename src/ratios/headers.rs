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
    /// Optional, so that a replacement file written before it still reads.
    #[serde(default)]
    two_row_header: Option<TwoRowSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TwoRowSection {
    totals: Vec<String>,
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
    /// Sub-headers that are their group's total (小计, 合计), spaces removed.
    group_totals: Vec<String>,
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
        let group_totals = match f.two_row_header {
            Some(t) => t.totals,
            None => {
                let built_in: RatiosFile =
                    toml::from_str(RATIOS_TOML).expect("the built-in ratios.toml reads");
                built_in
                    .two_row_header
                    .map(|t| t.totals)
                    .unwrap_or_default()
            }
        };
        let group_totals = group_totals
            .iter()
            .map(|t| squeeze(t))
            .filter(|t| !t.is_empty())
            .collect();
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
            group_totals,
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
        let at = t.find(['（', '('])?;
        let inner = t[at..].trim_start_matches(['（', '(']);
        let unit = inner.strip_suffix(['）', ')'])?;
        if at > 0 && COUNT_UNITS.contains(&unit) {
            self.names.get(&t[..at]).copied()
        } else {
            None
        }
    }

    /// Whether a header is one of the columns caseflow's workbook writes for a row's first
    /// or last day (起始日, 截止日; Start, End; period_start, period_end): `Some(true)` for
    /// the first, `Some(false)` for the last. They are not renamed (a table passes them
    /// through), but they say the days a row covers when its period label does not: the
    /// trend's last period ends at the as-of date (2026Q1 to 2026-02-15, 46 days), and its
    /// first at a `from` inside a month.
    pub fn period_bound(header: &str) -> Option<bool> {
        let t = squeeze(header);
        [("period_start", true), ("period_end", false)]
            .into_iter()
            .find(|(key, _)| {
                t == *key
                    || [crate::workbook::Lang::Zh, crate::workbook::Lang::En]
                        .into_iter()
                        .any(|lang| squeeze(&crate::workbook::label(key, lang)) == t)
            })
            .map(|(_, first)| first)
    }

    /// The ratio a header carries when it is one this command computes: its name
    /// (clearance_rate …, in [`super::RATIO_COLUMNS`]), with `None` for the language, or
    /// the header caseflow's workbook writes for it, with that language (结收比, 结案周期（天）,
    /// 结案率 …; Clearance rate …). Those columns are the same figures (metrics.md: 结收比 is
    /// clearance_rate, 结案率 disposal_rate): a table that has them gets them recomputed
    /// from its counts, not passed through stale beside a second copy. The names come from
    /// the workbook's label table, so a label changed there is still recognised here.
    pub fn ratio_column(header: &str) -> Option<(&'static str, Option<crate::workbook::Lang>)> {
        let t = squeeze(header);
        super::RATIO_COLUMNS.into_iter().find_map(|ratio| {
            if t == ratio {
                return Some((ratio, None));
            }
            [crate::workbook::Lang::Zh, crate::workbook::Lang::En]
                .into_iter()
                .find(|lang| squeeze(&crate::workbook::label(ratio, *lang)) == t)
                .map(|lang| (ratio, Some(lang)))
        })
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

    /// Whether a sub-header is its group's total (小计, 合计: `[two_row_header] totals`).
    fn is_group_total(&self, sub: &str) -> bool {
        let k = squeeze(sub);
        self.group_totals.contains(&k)
    }

    /// The column names of a header written over two rows (`top`, then `below`), or `None`
    /// when `below` does not continue `top`. `below` holds only the cells of its own: a
    /// cell merged down from `top` (法院 over both rows) is blank in it.
    ///
    /// `below` continues `top` when every cell of it is a word, not a count, standing under
    /// a group (a `top` cell with blank cells right of it, as a merged cell is stored, and
    /// sub-headers under them) or a count's unit (（件）), and `top` names a column of its
    /// own: a title above the header is no group. The name of a column under a group is
    /// the group's when its sub-header is the group's total (结案 over 小计: the count of
    /// 结案), the sub-header's when only that names a column (本期 over 新收), else both
    /// (结案（执行完毕）), passed through. A group whose sub-headers name other counts than
    /// its own (收案 over 旧存 | 新收 | 合计) stands over those counts: each sub-header that
    /// names a count is that column, and its total passes through (收案（合计）), since the
    /// group is their sum (受理 = 旧存 + 新收), not the count its name gives on one row. A
    /// group naming a column with no total under it, and no count of its own below it, is
    /// an error naming the group: whether its count is one of its parts or their sum
    /// cannot be told.
    pub fn two_row_header(
        &self,
        top: &[String],
        below: &[String],
    ) -> std::result::Result<Option<Vec<String>>, String> {
        let width = top.len().max(below.len());
        let cell =
            |row: &[String], c: usize| row.get(c).map_or(String::new(), |s| s.trim().to_string());
        let is_unit = |s: &str| count_unit_only(s).is_some();
        if below.iter().all(|s| s.trim().is_empty())
            || top.iter().filter(|s| !s.trim().is_empty()).count() < 2
            || !top.iter().any(|s| self.canonical(s).is_some())
        {
            return Ok(None);
        }
        // The group each column stands under (its first column), or none.
        let mut current: Option<usize> = None;
        let group_of: Vec<Option<usize>> = (0..width)
            .map(|c| {
                let (t, b) = (cell(top, c), cell(below, c));
                if !t.is_empty() {
                    current = Some(c);
                } else if b.is_empty() {
                    current = None;
                }
                current
            })
            .collect();
        for c in 0..width {
            let b = cell(below, c);
            if b.is_empty() {
                continue;
            }
            // A word: a count, a date or a dash is a data row's.
            let word = b.chars().any(char::is_alphabetic) && super::parse_count(&b).is_err();
            let under_group = match group_of[c] {
                Some(g) if g < c => true,
                // The group's first column: a group of one is a total (结案 over 小计),
                // else blank cells with sub-headers follow it.
                Some(g) => {
                    self.is_group_total(&b)
                        || (cell(top, c + 1).is_empty()
                            && !cell(below, c + 1).is_empty()
                            && group_of.get(c + 1) == Some(&Some(g)))
                }
                None => false,
            };
            if !word || !(under_group || is_unit(&b)) {
                return Ok(None);
            }
        }
        // The groups over counts of their own: a sub-header names another count than its
        // group (收案 over 旧存 | 新收 | 合计, as the 收结存 forms head it: 收案 = 旧存 + 新收,
        // 受理). Its sub-headers are those counts, and its total is the sum of them, not
        // the count the group's name stands for on one row (收案 as 新收): taken as N, it
        // would understate 结收比 (30 / 160 instead of 30 / 60). Only B, N, D and E make a
        // group one over counts: 恢复 under 新收 (新收 over 首执 | 恢复 | 合计) is a part of
        // 新收, whose total is its count.
        let over_counts: Vec<usize> = (0..width)
            .filter_map(|c| {
                let g = group_of[c]?;
                let sub = self
                    .canonical(&cell(below, c))
                    .filter(|s| super::REQUIRED_COUNTS.contains(s))?;
                let own = self.canonical(&cell(top, g))?;
                (sub != own).then_some(g)
            })
            .collect();
        let mut names = Vec::with_capacity(width);
        // Per group that names a column: its sub-headers, and whether one is its total.
        let mut groups: Vec<(usize, Vec<String>, bool)> = Vec::new();
        for (c, of) in group_of.iter().enumerate() {
            let b = cell(below, c);
            let group = of.map(|g| cell(top, g)).unwrap_or_default();
            let of_counts = of.is_some_and(|g| over_counts.contains(&g));
            let name = if b.is_empty() {
                cell(top, c)
            } else if let Some(unit) = count_unit_only(&b) {
                format!("{group}（{unit}）")
            } else if of_counts && self.canonical(&b).is_some() {
                b.clone()
            } else if of_counts {
                // 收案（合计）: passed through, as any part of a group.
                format!("{group}（{b}）")
            } else if self.is_group_total(&b) {
                group.clone()
            } else if self.canonical(&group).is_none() && self.canonical(&b).is_some() {
                b.clone()
            } else {
                format!("{group}（{b}）")
            };
            // A group over counts needs no total: its own count is none of the table's.
            if let Some(g) = of.filter(|_| !b.is_empty() && !is_unit(&b) && !of_counts) {
                if self.canonical(&group).is_some() {
                    match groups.iter_mut().find(|(first, _, _)| *first == g) {
                        Some((_, subs, total)) => {
                            subs.push(b.clone());
                            *total |= self.is_group_total(&b);
                        }
                        None => groups.push((g, vec![b.clone()], self.is_group_total(&b))),
                    }
                }
            }
            names.push(name);
        }
        if let Some((g, subs, _)) = groups.iter().find(|(_, _, total)| !total) {
            let group = cell(top, *g);
            return Err(format!(
                "the header {group} stands over {} with no total among them ({}): whether \
                 the count of {group} is one of them or their sum cannot be told; add the \
                 total column (小计), or head the column to use {group} on one row",
                subs.join(", "),
                self.group_totals.join("/"),
            ));
        }
        Ok(Some(names))
    }
}

/// The units of a count of cases, after a header (旧存（件）) or a number (800件); longest
/// first, so that 800件数 is not read as 800件 and 数.
pub(super) const COUNT_UNITS: [&str; 7] = ["案件数", "件数", "件", "宗", "个", "起", "案"];

/// The unit of a count when a sub-header holds nothing else (（件）, 单位：件, 件).
fn count_unit_only(cell: &str) -> Option<&'static str> {
    let k: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | ':' | '：'))
        .collect();
    let k = k.strip_prefix("单位").unwrap_or(&k);
    COUNT_UNITS.into_iter().find(|u| *u == k)
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

    fn v(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_header_over_two_rows_names_the_group_s_total_and_its_parts() {
        let h = HeaderNames::load(None).unwrap();
        let top = v(&["法院", "期间", "旧存", "新收", "结案", "", "", "未结"]);
        let below = v(&["", "", "", "", "执行完毕", "终本", "小计", ""]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(
            names,
            v(&[
                "法院",
                "期间",
                "旧存",
                "新收",
                "结案（执行完毕）",
                "结案（终本）",
                "结案",
                "未结"
            ])
        );
        // A sub-header that names a count under a group that names none (本期 over 新收).
        let top = v(&["法院", "期间", "旧存", "本期", "", "未结"]);
        let below = v(&["", "", "", "新收", "结案", ""]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(names, v(&["法院", "期间", "旧存", "新收", "结案", "未结"]));
        // Units under the names.
        let top = v(&["法院", "期间", "旧存", "新收", "结案", "未结"]);
        let below = v(&["", "", "（件）", "（件）", "（件）", "（件）"]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(names[2], "旧存（件）");
        assert_eq!(h.canonical(&names[2]), Some("pending_start"));
        // A data row, a title, and a group without a total.
        let data = v(&[
            "甲法院",
            "2025年",
            "1000",
            "400",
            "200",
            "250",
            "500",
            "900",
        ]);
        let top = v(&["法院", "期间", "旧存", "新收", "结案", "", "", "未结"]);
        assert_eq!(h.two_row_header(&top, &data), Ok(None));
        let dashes = v(&["甲法院", "2025年", "—", "—", "—", "—", "—", "—"]);
        assert_eq!(h.two_row_header(&top, &dashes), Ok(None));
        let title = v(&["2025年全市法院执行案件收结存情况表", "", "", ""]);
        let header = v(&["法院", "期间", "旧存", "新收"]);
        assert_eq!(h.two_row_header(&title, &header), Ok(None));
        let below = v(&["", "", "", "", "执行完毕", "终本", "其他", ""]);
        let e = h.two_row_header(&top, &below).unwrap_err();
        assert!(
            e.contains("结案") && e.contains("执行完毕, 终本, 其他"),
            "{e}"
        );
    }

    /// a-ratios-shouan-group-refused: 收案 over 旧存 | 新收 | 合计 (收案 = 旧存 + 新收, 受理)
    /// was read as 收案（旧存）, 收案（新收） and 收案 (its 合计 as N), so no column was B and
    /// the header was taken for none; without the 合计 it was refused for want of a total.
    #[test]
    fn a_group_over_counts_of_their_own_gives_those_counts() {
        let h = HeaderNames::load(None).unwrap();
        let top = v(&["单位", "收案", "", "", "结案", "", "", "未结"]);
        let below = v(&["", "旧存", "新收", "合计", "执行完毕", "终本", "合计", ""]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(
            names,
            v(&[
                "单位",
                "旧存",
                "新收",
                "收案（合计）",
                "结案（执行完毕）",
                "结案（终本）",
                "结案",
                "未结"
            ])
        );
        assert_eq!(h.canonical(&names[3]), None);
        // No total needed: the group's own count is none of the table's.
        let top = v(&["单位", "收案", "", "已结", "未结"]);
        let below = v(&["", "旧存", "新收", "", ""]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(names, v(&["单位", "旧存", "新收", "已结", "未结"]));
        // 恢复 under 新收 is a part of it, whose total is still 新收's count.
        let top = v(&["单位", "旧存", "新收", "", "", "结案", "未结"]);
        let below = v(&["", "", "首执", "恢复", "合计", "", ""]);
        let names = h.two_row_header(&top, &below).unwrap().unwrap();
        assert_eq!(
            names,
            v(&[
                "单位",
                "旧存",
                "新收（首执）",
                "新收（恢复）",
                "新收",
                "结案",
                "未结"
            ])
        );
    }
}
