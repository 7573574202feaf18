//! The courts of a run and their people: teams (执行一组 …), officers (承办人) and the
//! leaders who take on key cases (包案领导).
//!
//! Courts are basic (county-level) courts of Zhejiang, so that the 2016-style court codes
//! (浙0603), the pre-2016 abbreviations (绍柯), the intermediate court (浙06) and the ID
//! area codes (330603) are mutually consistent. A roster is drawn once per court from the
//! seed; officers' workloads are deliberately uneven (a few officers carry most cases),
//! because per-officer figures are one of the outputs the campaign asks for (责任到人).

use rand::Rng;
use rand_distr::{Distribution, LogNormal};

use super::names::person_name;
use super::rng::{case_rng, Stream};

/// A basic court and the codes that go with it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CourtSpec {
    /// 2016-style court code, e.g. `浙0603`
    pub code: &'static str,
    /// ASCII form used in file names, e.g. `zhe0603`
    pub file_code: &'static str,
    pub name: &'static str,
    /// pre-2016 abbreviation used in old case numbers, e.g. `绍柯`
    pub old_abbr: &'static str,
    /// administrative division code (first six digits of local ID numbers)
    pub area: &'static str,
    pub city: &'static str,
    pub county: &'static str,
    /// intermediate court code (appeals: 民终)
    pub intermediate: &'static str,
    /// one-character city abbreviation used by arbitration commissions and notaries
    pub city_abbr: &'static str,
    /// one-character county abbreviation used by local agencies
    pub county_abbr: &'static str,
    /// relative caseload
    pub weight: f64,
}

#[allow(clippy::too_many_arguments)] // a table row, read positionally
const fn court(
    code: &'static str,
    file_code: &'static str,
    name: &'static str,
    old_abbr: &'static str,
    area: &'static str,
    city: &'static str,
    county: &'static str,
    intermediate: &'static str,
    city_abbr: &'static str,
    county_abbr: &'static str,
    weight: f64,
) -> CourtSpec {
    CourtSpec {
        code,
        file_code,
        name,
        old_abbr,
        area,
        city,
        county,
        intermediate,
        city_abbr,
        county_abbr,
        weight,
    }
}

/// Every court the generator knows, in the order `--courts K` takes them (浙0603 first,
/// the default single court).
const COURTS: [CourtSpec; 21] = [
    court(
        "浙0603",
        "zhe0603",
        "绍兴市柯桥区人民法院",
        "绍柯",
        "330603",
        "绍兴市",
        "柯桥区",
        "浙06",
        "绍",
        "柯",
        1.0,
    ),
    court(
        "浙0602",
        "zhe0602",
        "绍兴市越城区人民法院",
        "绍越",
        "330602",
        "绍兴市",
        "越城区",
        "浙06",
        "绍",
        "越",
        1.1,
    ),
    court(
        "浙0604",
        "zhe0604",
        "绍兴市上虞区人民法院",
        "绍虞",
        "330604",
        "绍兴市",
        "上虞区",
        "浙06",
        "绍",
        "虞",
        0.8,
    ),
    court(
        "浙0624",
        "zhe0624",
        "新昌县人民法院",
        "绍新",
        "330624",
        "绍兴市",
        "新昌县",
        "浙06",
        "绍",
        "新",
        0.4,
    ),
    court(
        "浙0681",
        "zhe0681",
        "诸暨市人民法院",
        "绍诸",
        "330681",
        "绍兴市",
        "诸暨市",
        "浙06",
        "绍",
        "诸",
        1.3,
    ),
    court(
        "浙0683",
        "zhe0683",
        "嵊州市人民法院",
        "绍嵊",
        "330683",
        "绍兴市",
        "嵊州市",
        "浙06",
        "绍",
        "嵊",
        0.6,
    ),
    court(
        "浙0702",
        "zhe0702",
        "金华市婺城区人民法院",
        "金婺",
        "330702",
        "金华市",
        "婺城区",
        "浙07",
        "金",
        "婺",
        0.9,
    ),
    court(
        "浙0703",
        "zhe0703",
        "金华市金东区人民法院",
        "金东",
        "330703",
        "金华市",
        "金东区",
        "浙07",
        "金",
        "金",
        0.5,
    ),
    court(
        "浙0723",
        "zhe0723",
        "武义县人民法院",
        "金武",
        "330723",
        "金华市",
        "武义县",
        "浙07",
        "金",
        "武",
        0.4,
    ),
    court(
        "浙0726",
        "zhe0726",
        "浦江县人民法院",
        "金浦",
        "330726",
        "金华市",
        "浦江县",
        "浙07",
        "金",
        "浦",
        0.4,
    ),
    court(
        "浙0727",
        "zhe0727",
        "磐安县人民法院",
        "金磐",
        "330727",
        "金华市",
        "磐安县",
        "浙07",
        "金",
        "磐",
        0.2,
    ),
    court(
        "浙0781",
        "zhe0781",
        "兰溪市人民法院",
        "金兰",
        "330781",
        "金华市",
        "兰溪市",
        "浙07",
        "金",
        "兰",
        0.5,
    ),
    court(
        "浙0782",
        "zhe0782",
        "义乌市人民法院",
        "金义",
        "330782",
        "金华市",
        "义乌市",
        "浙07",
        "金",
        "义",
        2.0,
    ),
    court(
        "浙0783",
        "zhe0783",
        "东阳市人民法院",
        "金东阳",
        "330783",
        "金华市",
        "东阳市",
        "浙07",
        "金",
        "东",
        0.9,
    ),
    court(
        "浙0784",
        "zhe0784",
        "永康市人民法院",
        "金永",
        "330784",
        "金华市",
        "永康市",
        "浙07",
        "金",
        "永",
        1.0,
    ),
    court(
        "浙0802",
        "zhe0802",
        "衢州市柯城区人民法院",
        "衢柯",
        "330802",
        "衢州市",
        "柯城区",
        "浙08",
        "衢",
        "柯",
        0.5,
    ),
    court(
        "浙0803",
        "zhe0803",
        "衢州市衢江区人民法院",
        "衢江",
        "330803",
        "衢州市",
        "衢江区",
        "浙08",
        "衢",
        "衢",
        0.4,
    ),
    court(
        "浙0822",
        "zhe0822",
        "常山县人民法院",
        "衢常",
        "330822",
        "衢州市",
        "常山县",
        "浙08",
        "衢",
        "常",
        0.3,
    ),
    court(
        "浙0824",
        "zhe0824",
        "开化县人民法院",
        "衢开",
        "330824",
        "衢州市",
        "开化县",
        "浙08",
        "衢",
        "开",
        0.25,
    ),
    court(
        "浙0825",
        "zhe0825",
        "龙游县人民法院",
        "衢龙",
        "330825",
        "衢州市",
        "龙游县",
        "浙08",
        "衢",
        "龙",
        0.3,
    ),
    court(
        "浙0881",
        "zhe0881",
        "江山市人民法院",
        "衢江山",
        "330881",
        "衢州市",
        "江山市",
        "浙08",
        "衢",
        "江",
        0.5,
    ),
];

/// Largest `--courts` value.
pub const MAX_COURTS: usize = COURTS.len();

/// All known courts (for tests).
#[cfg(test)]
pub(crate) fn court_specs() -> &'static [CourtSpec] {
    &COURTS
}

/// The first `k` courts of the list, sorted by court code.
pub(crate) fn select_courts(k: usize) -> Vec<CourtSpec> {
    let mut v: Vec<CourtSpec> = COURTS
        .iter()
        .take(k.clamp(1, MAX_COURTS))
        .copied()
        .collect();
    v.sort_by(|a, b| a.code.cmp(b.code));
    v
}

/// An enforcement officer (承办人).
#[derive(Debug, Clone)]
pub(crate) struct Officer {
    pub name: String,
    /// index into [`Roster::teams`]
    pub team: usize,
}

/// A leader who may take on key cases (包案领导).
#[derive(Debug, Clone)]
pub(crate) struct Leader {
    pub name: String,
    pub title: &'static str,
}

/// The people of one court's enforcement bureau (执行局).
#[derive(Debug, Clone)]
pub(crate) struct Roster {
    pub teams: Vec<String>,
    pub officers: Vec<Officer>,
    /// cumulative workload weights of the officers
    cum_weight: Vec<f64>,
    pub leaders: Vec<Leader>,
    /// name of the clerk who compiles the exports (制表人)
    pub clerk: String,
    /// name of the reviewer on the export footer (审核人)
    pub reviewer: String,
}

const TEAM_NAMES: [&str; 8] = [
    "执行一组",
    "执行二组",
    "执行三组",
    "执行四组",
    "执行五组",
    "执行六组",
    "执行七组",
    "执行八组",
];

impl Roster {
    /// Draws the roster of court number `court_index` (position in the run's court list).
    pub(crate) fn draw(seed: u64, court_index: usize, spec: &CourtSpec) -> Roster {
        let mut rng = case_rng(seed, court_index as u64, Stream::Roster);
        let n_teams = ((3.0 + spec.weight * 2.0).round() as usize).clamp(3, TEAM_NAMES.len());
        let mut teams: Vec<String> = TEAM_NAMES[..n_teams]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // a few courts keep a 速执 (quick enforcement) team for simple cases
        if rng.gen_bool(0.5) {
            teams.push("速执团队".to_string());
        }
        let mut used: Vec<String> = Vec::new();
        let mut fresh_name = |rng: &mut rand_chacha::ChaCha8Rng| loop {
            let (n, _) = person_name(rng);
            if !used.contains(&n) {
                used.push(n.clone());
                return n;
            }
        };
        let spread = LogNormal::new(0.0, 0.55).ok();
        let mut officers = Vec::new();
        let mut cum_weight = Vec::new();
        let mut acc = 0.0;
        for team in 0..teams.len() {
            let size = rng.gen_range(3..=5);
            for _ in 0..size {
                let name = fresh_name(&mut rng);
                let w: f64 = spread.map(|d| d.sample(&mut rng)).unwrap_or(1.0);
                acc += w;
                cum_weight.push(acc);
                officers.push(Officer { name, team });
            }
        }
        let titles = ["院长", "副院长", "副院长", "执行局局长", "执行局副局长"];
        let leaders = titles
            .iter()
            .map(|t| Leader {
                name: fresh_name(&mut rng),
                title: t,
            })
            .collect();
        let clerk = fresh_name(&mut rng);
        let reviewer = fresh_name(&mut rng);
        Roster {
            teams,
            officers,
            cum_weight,
            leaders,
            clerk,
            reviewer,
        }
    }

    /// An officer drawn by workload weight.
    pub(crate) fn pick_officer<R: Rng>(&self, rng: &mut R) -> usize {
        let total = self.cum_weight.last().copied().unwrap_or(0.0);
        let x = rng.gen::<f64>() * total;
        self.cum_weight
            .partition_point(|&c| c <= x)
            .min(self.officers.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_codes_are_unique_and_consistent() {
        let all = court_specs();
        for (i, a) in all.iter().enumerate() {
            assert!(a.code.starts_with(a.intermediate));
            assert_eq!(&a.area[2..6], &a.code.replace('浙', "")[..4]);
            for b in &all[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.old_abbr, b.old_abbr);
            }
        }
        let three: Vec<&str> = select_courts(3).iter().map(|c| c.code).collect();
        assert_eq!(three, ["浙0602", "浙0603", "浙0604"]);
        assert_eq!(select_courts(1)[0].code, "浙0603");
    }

    #[test]
    fn rosters_are_repeatable_and_uneven() {
        let a = Roster::draw(42, 0, &COURTS[0]);
        let b = Roster::draw(42, 0, &COURTS[0]);
        assert_eq!(a.officers.len(), b.officers.len());
        assert_eq!(a.officers[0].name, b.officers[0].name);
        let mut rng = case_rng(1, 1, Stream::Content);
        let mut counts = vec![0u32; a.officers.len()];
        for _ in 0..10_000 {
            counts[a.pick_officer(&mut rng)] += 1;
        }
        let max = counts.iter().max().copied().unwrap_or(0);
        let min = counts.iter().min().copied().unwrap_or(0);
        assert!(max > 2 * min, "uneven workloads: {counts:?}");
    }
}
