//! Units a figure is reported for: the whole run, each court, each team within its court,
//! each officer (承办人) within court and team, and each leader (包案领导) within a court.
//!
//! A court is identified by its court code (法院代字, `浙0603`). Case numbers from before
//! 2016 carry a free-form abbreviation instead (`绍柯`), so one court would otherwise show
//! up as two; an old abbreviation is mapped to the code of the court whose name appears
//! with it most often (the exports of one system carry a court-name column), and the rule
//! file may name aliases the data cannot tell. Every mapping used is reported.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::config::CensusConfig;
use super::input::Cases;

/// Marker of a case that belongs to no unit of a level (a leader level case without one).
pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    All,
    Court,
    Team,
    Officer,
    Leader,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::All => "all",
            Level::Court => "court",
            Level::Team => "team",
            Level::Officer => "officer",
            Level::Leader => "leader",
        }
    }
}

/// The key of one unit: indices into the run's court, team, officer and leader names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitKey {
    pub court: Option<u32>,
    pub team: Option<u32>,
    pub officer: Option<u32>,
    pub leader: Option<u32>,
}

/// The units of one level and the unit of every case.
#[derive(Debug)]
pub struct LevelUnits {
    pub level: Level,
    pub keys: Vec<UnitKey>,
    /// Per case: index into `keys`, or [`NONE`].
    pub of_case: Vec<u32>,
}

/// Distinct names and their ids; the map borrows the names from the case table, so a
/// million lookups allocate nothing.
#[derive(Debug, Default)]
struct Interner<'a> {
    map: PlHashMap<&'a str, u32>,
    names: Vec<String>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a str) -> u32 {
        if let Some(&k) = self.map.get(s) {
            return k;
        }
        let k = self.names.len() as u32;
        self.names.push(s.to_string());
        self.map.insert(s, k);
        k
    }
}

/// The units of a run.
#[derive(Debug)]
pub struct Units {
    pub court_codes: Vec<String>,
    pub court_names: Vec<Option<String>>,
    teams: Vec<String>,
    officers: Vec<String>,
    leaders: Vec<String>,
    pub levels: Vec<LevelUnits>,
    /// Old abbreviation → court code, with where the mapping came from.
    pub aliases: Vec<(String, String, &'static str)>,
}

/// A court's name without what exports write around it differently: the province and
/// city before it, 人民法院 or 法院 after it, the 区/县 of its seat (杭州市上城区人民法院,
/// 上城区法院 and 上城法院 are all 上城). Used only where the name as written is not known,
/// and only when one court goes with the shortened name in the data. `None` for an
/// intermediate or higher court (every 中级人民法院 would be 中级) and for a core of one
/// character.
pub(crate) fn court_core(name: &str) -> Option<String> {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if [
        "中级",
        "高级",
        "中院",
        "高院",
        "最高",
        "专门",
        "铁路",
        "海事",
        "知识产权",
        "互联网",
        "金融",
    ]
    .iter()
    .any(|w| compact.contains(w))
    {
        return None;
    }
    let mut s = compact.as_str();
    for suffix in ["人民法院", "法院"] {
        if let Some(r) = s.strip_suffix(suffix) {
            s = r;
            break;
        }
    }
    // After the last 省, 市 or 州 that is not the name's end (杭州市上城区 → 上城区).
    if let Some((at, c)) = s
        .char_indices()
        .rfind(|&(at, c)| matches!(c, '省' | '市' | '州') && at + c.len_utf8() < s.len())
    {
        s = &s[at + c.len_utf8()..];
    }
    let trimmed = s.trim_end_matches(['区', '县']);
    if trimmed.chars().count() >= 2 {
        s = trimmed;
    }
    (s.chars().count() >= 2).then(|| s.to_string())
}

/// Where a court alias came from: the value `census.json` keeps, the words of census_meta
/// and the Chinese workbook (旧法院代字对应), and those of the English workbook and the
/// terminal. A mapping learnt from the data is worth checking; one set in census.toml is not.
pub const ALIAS_SOURCES: [(&str, &str, &str); 2] = [
    ("data", "据数据推断", "inferred from the data"),
    ("census.toml", "据census.toml设定", "set in census.toml"),
];

/// The words of an alias source (`data`, `census.toml`) in Chinese or English.
pub fn alias_source_text(source: &str, english: bool) -> &str {
    ALIAS_SOURCES
        .iter()
        .find(|(s, _, _)| *s == source)
        .map_or(source, |(_, zh, en)| if english { en } else { zh })
}

/// census_meta's `court_aliases`: 绍柯→浙0603（据数据推断）；绍虞→浙0604（据数据推断）.
pub fn court_aliases_text(aliases: &[(String, String, &str)]) -> String {
    aliases
        .iter()
        .map(|(old, code, src)| format!("{old}→{code}（{}）", alias_source_text(src, false)))
        .collect::<Vec<_>>()
        .join("；")
}

/// census_meta's `court_aliases` said in English, for the English workbook: 绍柯→浙0603
/// (inferred from the data); 绍虞→浙0604 (set in census.toml). A run's census_meta written
/// before the sources were said in Chinese (（data）) reads the same.
pub fn court_aliases_english(text: &str) -> String {
    let mut out = text.replace('；', "; ");
    for (src, zh, en) in ALIAS_SOURCES {
        for said in [zh, src] {
            out = out.replace(&format!("（{said}）"), &format!(" ({en})"));
        }
    }
    out
}

/// Maps old court abbreviations to codes: the rule file first, then the data (the court
/// name seen most often with the abbreviation, and the new-style code seen most often
/// with that name, or with a name of the same [`court_core`]).
fn court_aliases(cases: &Cases, cfg: &CensusConfig) -> BTreeMap<String, (String, &'static str)> {
    let mut pair_counts: PlHashMap<(&str, &str, bool), usize> = PlHashMap::default();
    for ((code, name), style) in cases
        .court_code
        .iter()
        .zip(cases.court_name.iter())
        .zip(cases.case_no_style.iter())
    {
        if let (Some(code), Some(name)) = (code, name) {
            *pair_counts
                .entry((code, name, style == Some("new")))
                .or_default() += 1;
        }
    }
    // The best name of each old code and the best new code of each name (ties broken by
    // text so that the result does not depend on hash order).
    let mut name_of_old: PlHashMap<&str, (usize, &str)> = PlHashMap::default();
    let mut code_of_name: PlHashMap<&str, (usize, &str)> = PlHashMap::default();
    for (&(code, name, new_style), &k) in &pair_counts {
        let (map, key, val) = if new_style {
            (&mut code_of_name, name, code)
        } else {
            (&mut name_of_old, code, name)
        };
        let e = map.entry(key).or_insert((0, val));
        if k > e.0 || (k == e.0 && val < e.1) {
            *e = (k, val);
        }
    }
    // A name of the old code not seen with a new one: by its core, when one new code goes
    // with that core (上城区法院 beside 杭州市上城区人民法院).
    let mut by_core: PlHashMap<String, Option<&str>> = PlHashMap::default();
    for (name, (_, code)) in &code_of_name {
        if let Some(core) = court_core(name) {
            let e = by_core.entry(core).or_insert(Some(*code));
            if *e != Some(*code) {
                *e = None;
            }
        }
    }
    let mut out: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    for (old, (_, name)) in name_of_old {
        let code = code_of_name
            .get(name)
            .map(|(_, c)| *c)
            .or_else(|| court_core(name).and_then(|k| by_core.get(&k).copied().flatten()));
        if let Some(code) = code {
            if code != old {
                out.insert(old.to_string(), (code.to_string(), "data"));
            }
        }
    }
    for (old, code) in &cfg.court_aliases {
        out.insert(old.clone(), (code.clone(), "census.toml"));
    }
    out
}

impl Units {
    /// Builds the units of the given levels from the cases (all cases, whatever their
    /// kind or status: a table keeps only the units it has figures for).
    pub fn build(cases: &Cases, cfg: &CensusConfig, levels: &[Level]) -> Units {
        let aliases = court_aliases(cases, cfg);
        let mut courts = Interner::default();
        let mut teams = Interner::default();
        let mut officers = Interner::default();
        let mut leaders = Interner::default();
        let mut court = Vec::with_capacity(cases.n);
        let mut team = Vec::with_capacity(cases.n);
        let mut officer = Vec::with_capacity(cases.n);
        let mut leader = Vec::with_capacity(cases.n);
        // The court column repeats a handful of values: resolve each distinct one once.
        let mut court_memo: PlHashMap<&str, u32> = PlHashMap::default();
        for (((code, t), o), l) in cases
            .court_code
            .iter()
            .zip(cases.team.iter())
            .zip(cases.officer.iter())
            .zip(cases.leader.iter())
        {
            court.push(code.map(|c| {
                *court_memo.entry(c).or_insert_with(|| {
                    let code = aliases.get(c).map_or(c, |(to, _)| to.as_str());
                    courts.id(code)
                })
            }));
            team.push(t.map(|s| teams.id(s)));
            officer.push(o.map(|s| officers.id(s)));
            leader.push(l.map(|s| leaders.id(s)));
        }
        // A case whose 案号 gives no court (blank, masked): the court a masked 案号 still
        // shows (（2021）浙0602执6XX号), the court its 法院名称 names elsewhere in the data, or,
        // when the data knows one court only, that court: its exports are that court's.
        if court.iter().any(Option::is_none) {
            let mut by_name: PlHashMap<&str, PlHashMap<u32, usize>> = PlHashMap::default();
            for (c, name) in court.iter().zip(cases.court_name.iter()) {
                if let (Some(c), Some(name)) = (c, name) {
                    *by_name
                        .entry(name.trim())
                        .or_default()
                        .entry(*c)
                        .or_default() += 1;
                }
            }
            let only = (courts.names.len() == 1).then_some(0u32);
            // Names as written first; a name not seen with a court, by its core.
            let mut core_of: PlHashMap<String, Option<u32>> = PlHashMap::default();
            for (name, codes) in &by_name {
                let best = codes
                    .iter()
                    .max_by_key(|(c, k)| (**k, std::cmp::Reverse(**c)));
                if let (Some((&c, _)), Some(core)) = (best, court_core(name)) {
                    let e = core_of.entry(core).or_insert(Some(c));
                    if *e != Some(c) {
                        *e = None;
                    }
                }
            }
            for (i, name) in cases.court_name.iter().enumerate() {
                if court[i].is_some() {
                    continue;
                }
                let shown = cases.case_no_raw.get(i).and_then(|raw| {
                    // The longest code it shows (浙0602, not the 浙06 of its intermediate court).
                    courts
                        .names
                        .iter()
                        .enumerate()
                        .filter(|(_, code)| !code.is_empty() && raw.contains(code.as_str()))
                        .max_by_key(|(k, code)| (code.len(), std::cmp::Reverse(*k)))
                        .map(|(k, _)| k as u32)
                });
                let named = name.and_then(|n| match by_name.get(n.trim()) {
                    Some(codes) => codes
                        .iter()
                        .max_by_key(|(c, k)| (**k, std::cmp::Reverse(**c)))
                        .map(|(c, _)| *c),
                    None => court_core(n).and_then(|k| core_of.get(&k).copied().flatten()),
                });
                court[i] = shown.or(named).or(only);
            }
        }
        // Court names: the name seen most often with the (mapped) code.
        let mut name_counts: PlHashMap<(u32, &str), usize> = PlHashMap::default();
        for (i, name) in cases.court_name.iter().enumerate() {
            if let (Some(c), Some(name)) = (court[i], name) {
                *name_counts.entry((c, name)).or_default() += 1;
            }
        }
        let mut court_names: Vec<Option<(usize, String)>> = vec![None; courts.names.len()];
        for ((c, name), k) in name_counts {
            let slot = &mut court_names[c as usize];
            let better = match slot {
                None => true,
                Some((bk, bn)) => k > *bk || (k == *bk && name < bn.as_str()),
            };
            if better {
                *slot = Some((k, name.to_string()));
            }
        }

        let mut out_levels = Vec::with_capacity(levels.len());
        for &level in levels {
            let mut map: PlHashMap<UnitKey, u32> = PlHashMap::default();
            // Consecutive cases often share their unit (exports are sorted by team or
            // officer): remember the last key to skip most lookups.
            let mut last: Option<(UnitKey, u32)> = None;
            let mut keys = Vec::new();
            let mut of_case = Vec::with_capacity(cases.n);
            for i in 0..cases.n {
                let key = match level {
                    Level::All => Some(UnitKey {
                        court: None,
                        team: None,
                        officer: None,
                        leader: None,
                    }),
                    Level::Court => Some(UnitKey {
                        court: court[i],
                        team: None,
                        officer: None,
                        leader: None,
                    }),
                    Level::Team => Some(UnitKey {
                        court: court[i],
                        team: team[i],
                        officer: None,
                        leader: None,
                    }),
                    Level::Officer => Some(UnitKey {
                        court: court[i],
                        team: team[i],
                        officer: officer[i],
                        leader: None,
                    }),
                    Level::Leader => leader[i].map(|l| UnitKey {
                        court: court[i],
                        team: None,
                        officer: None,
                        leader: Some(l),
                    }),
                };
                of_case.push(match key {
                    None => NONE,
                    Some(k) => match last {
                        Some((lk, lu)) if lk == k => lu,
                        _ => {
                            let u = *map.entry(k).or_insert_with(|| {
                                keys.push(k);
                                (keys.len() - 1) as u32
                            });
                            last = Some((k, u));
                            u
                        }
                    },
                });
            }
            out_levels.push(LevelUnits {
                level,
                keys,
                of_case,
            });
        }
        Units {
            court_codes: courts.names,
            court_names: court_names.into_iter().map(|o| o.map(|(_, n)| n)).collect(),
            teams: teams.names,
            officers: officers.names,
            leaders: leaders.names,
            levels: out_levels,
            aliases: aliases
                .iter()
                .map(|(old, (code, src))| (old.clone(), code.clone(), *src))
                .collect(),
        }
    }

    pub fn level(&self, level: Level) -> Option<&LevelUnits> {
        self.levels.iter().find(|l| l.level == level)
    }

    fn text(&self, key: &UnitKey) -> [Option<&str>; 5] {
        let court = key.court.map(|c| c as usize);
        [
            court.map(|c| self.court_codes[c].as_str()),
            court.and_then(|c| self.court_names[c].as_deref()),
            key.team.map(|t| self.teams[t as usize].as_str()),
            key.officer.map(|o| self.officers[o as usize].as_str()),
            key.leader.map(|l| self.leaders[l as usize].as_str()),
        ]
    }

    /// The units of a level in a stable order (by court code, team, officer, leader; an
    /// unknown value last), so that the same data gives byte-identical tables.
    pub fn order(&self, level: Level) -> Vec<u32> {
        let Some(lu) = self.level(level) else {
            return Vec::new();
        };
        let mut idx: Vec<u32> = (0..lu.keys.len() as u32).collect();
        idx.sort_by(|&a, &b| {
            let ta = self.text(&lu.keys[a as usize]);
            let tb = self.text(&lu.keys[b as usize]);
            let rank = |t: &[Option<&str>; 5]| {
                [t[0], t[2], t[3], t[4]].map(|v| (v.is_none(), natural_key(v.unwrap_or(""))))
            };
            rank(&ta).cmp(&rank(&tb))
        });
        idx
    }

    /// The court code and name case `i` is counted under (an old abbreviation as its code,
    /// a case without a court code as its court's), as every table per court counts it.
    pub fn court_of_case(&self, i: usize) -> (Option<&str>, Option<&str>) {
        let key = self.level(Level::Court).and_then(|l| {
            let u = *l.of_case.get(i)?;
            (u != NONE).then(|| l.keys.get(u as usize)).flatten()
        });
        match key.map(|k| self.text(k)) {
            Some(t) => (t[0], t[1]),
            None => (None, None),
        }
    }

    /// The unit columns (`level`, `court_code`, `court_name`, `team`, `officer`,
    /// `leader`) of output rows given as (level, unit).
    pub fn columns(&self, rows: &[(Level, u32)]) -> Vec<Column> {
        let mut level = Vec::with_capacity(rows.len());
        let mut cols: [Vec<Option<&str>>; 5] =
            std::array::from_fn(|_| Vec::with_capacity(rows.len()));
        for &(lv, u) in rows {
            level.push(lv.as_str());
            let t = self
                .level(lv)
                .and_then(|l| l.keys.get(u as usize))
                .map(|k| self.text(k))
                .unwrap_or([None; 5]);
            for (c, v) in cols.iter_mut().zip(t) {
                c.push(v);
            }
        }
        let names = ["court_code", "court_name", "team", "officer", "leader"];
        let mut out = vec![Column::new("level".into(), level)];
        for (name, v) in names.iter().zip(cols) {
            out.push(StringChunked::from_iter_options((*name).into(), v.into_iter()).into_column());
        }
        out
    }
}

impl Units {
    /// Per-case unit columns for case lists: `court_code`, `court_name`, `team`,
    /// `officer` (from the officer-level unit, so an old court abbreviation shows as its
    /// code) and `leader`.
    pub fn case_columns(&self, leader: &StringChunked, idx: &[usize]) -> Vec<Column> {
        let mut cols: [Vec<Option<&str>>; 5] =
            std::array::from_fn(|_| Vec::with_capacity(idx.len()));
        let lu = self.level(Level::Officer);
        for &i in idx {
            let t = lu
                .and_then(|l| l.of_case.get(i))
                .filter(|&&u| u != NONE)
                .and_then(|&u| lu.and_then(|l| l.keys.get(u as usize)))
                .map(|k| self.text(k))
                .unwrap_or([None; 5]);
            for (c, v) in cols.iter_mut().zip(t.into_iter().take(4)) {
                c.push(v);
            }
            cols[4].push(leader.get(i));
        }
        let names = ["court_code", "court_name", "team", "officer", "leader"];
        names
            .iter()
            .zip(cols)
            .map(|(name, v)| {
                StringChunked::from_iter_options((*name).into(), v.into_iter()).into_column()
            })
            .collect()
    }
}

/// A case's place in a case list (积案清册, 积案跟踪台账): by court, then by its 案号 with
/// the numbers as numbers — year, type, then number, so （2023）浙0603执3号 comes before
/// 执12号 and 执100号 (as text, 执100号 would lead), and 执 before 执恢 of a year. A case
/// without a court or a 案号 comes after those with one.
pub fn case_order_key(court: Option<&str>, case_no: Option<&str>) -> (bool, String, bool, String) {
    (
        court.is_none(),
        natural_key(court.unwrap_or("")),
        case_no.is_none(),
        natural_key(case_no.unwrap_or("")),
    )
}

/// A name's sort key with its numbers as numbers: 执行二组 before 执行三组 before 执行十组
/// (by text, 一, 三, 二 would follow the characters' codes), 2组 before 10组. Every table
/// that lists units (census, projection, evaluation) sorts by it, so they list alike.
pub fn natural_key(name: &str) -> String {
    let digit = |c: char| crate::ingest::fields::chinese_digit(c).map(u64::from);
    let numeral = |c: char| digit(c).is_some() || matches!(c, '十' | '百');
    let mut out = String::with_capacity(name.len() + 16);
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            out.push_str(&format!("{:0>12}", run.trim_start_matches('0')));
        } else if numeral(c) {
            let start = i;
            while i < chars.len() && numeral(chars[i]) {
                i += 1;
            }
            // 十二 = 12, 二十 = 20, 一百零五 = 105; a run that is no number stays text.
            let (mut total, mut current) = (0u64, None::<u64>);
            let mut ok = true;
            for &c in &chars[start..i] {
                match c {
                    '十' => {
                        total += current.take().unwrap_or(1) * 10;
                    }
                    '百' => {
                        total += current.take().unwrap_or(1) * 100;
                    }
                    _ => match (digit(c), current) {
                        (Some(0), _) => {}
                        (Some(d), None) => current = Some(d),
                        _ => ok = false,
                    },
                }
            }
            if ok {
                out.push_str(&format!("{:0>12}", total + current.unwrap_or(0)));
            } else {
                out.extend(&chars[start..i]);
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod natural_tests {
    #[test]
    fn numbers_in_names_sort_as_numbers() {
        let mut v = vec![
            "执行三组",
            "执行十组",
            "执行一组",
            "执行二组",
            "10号庭",
            "2号庭",
            "王五",
        ];
        v.sort_by_key(|s| super::natural_key(s));
        assert_eq!(
            v,
            [
                "2号庭",
                "10号庭",
                "执行一组",
                "执行二组",
                "执行三组",
                "执行十组",
                "王五"
            ]
        );
    }

    /// Red-team round 28 (court-name-variants-split-court): one court's three spellings.
    #[test]
    fn a_courts_names_as_exports_write_them_share_a_core() {
        for name in [
            "杭州市上城区人民法院",
            "上城区法院",
            "上城法院",
            "浙江省杭州市上城区人民法院",
        ] {
            assert_eq!(super::court_core(name).as_deref(), Some("上城"), "{name}");
        }
        assert_eq!(super::court_core("余杭区法院").as_deref(), Some("余杭"));
        // A one-character seat keeps its 县.
        assert_eq!(
            super::court_core("某某市X县人民法院").as_deref(),
            Some("X县")
        );
        // Every intermediate court would be 中级 (review of round 28): none has a core.
        for name in ["杭州市中级人民法院", "宁波中院", "浙江省高级人民法院"] {
            assert_eq!(super::court_core(name), None, "{name}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{case_order_key, court_aliases_english, court_aliases_text};

    /// o-zh-workbook-alias-source-in-english: the source in Chinese in census_meta, in
    /// English on the English sheet, also from a census_meta of before (（data）).
    #[test]
    fn court_aliases_say_their_source_in_either_language() {
        let aliases = [
            ("绍柯".to_string(), "浙0603".to_string(), "data"),
            ("绍虞".to_string(), "浙0604".to_string(), "census.toml"),
        ];
        let zh = court_aliases_text(&aliases);
        assert_eq!(
            zh,
            "绍柯→浙0603（据数据推断）；绍虞→浙0604（据census.toml设定）"
        );
        let en = "绍柯→浙0603 (inferred from the data); 绍虞→浙0604 (set in census.toml)";
        assert_eq!(court_aliases_english(&zh), en);
        assert_eq!(
            court_aliases_english("绍柯→浙0603（data）；绍虞→浙0604（census.toml）"),
            en
        );
    }

    /// w-backlog-roster-sorted-as-text: 案号 by court, year, type and number as numbers.
    #[test]
    fn cases_sort_by_court_then_case_number_as_numbers() {
        let mut v = [
            (Some("浙0603"), Some("（2023）浙0603执100号")),
            (None, Some("（2023）某执1号")),
            (Some("浙0603"), Some("（2023）浙0603执恢2号")),
            (Some("浙0603"), None),
            (Some("浙0602"), Some("（2024）浙0602执1号")),
            (Some("浙0603"), Some("（2023）浙0603执12号")),
            (Some("浙0603"), Some("（2022）浙0603执300号")),
            (Some("浙0603"), Some("（2023）浙0603执3号")),
        ];
        v.sort_by_key(|(c, n)| case_order_key(*c, *n));
        let nos: Vec<Option<&str>> = v.iter().map(|(_, n)| *n).collect();
        assert_eq!(
            nos,
            [
                Some("（2024）浙0602执1号"),
                Some("（2022）浙0603执300号"),
                Some("（2023）浙0603执3号"),
                Some("（2023）浙0603执12号"),
                Some("（2023）浙0603执100号"),
                Some("（2023）浙0603执恢2号"),
                None,
                Some("（2023）某执1号"),
            ]
        );
    }
}
