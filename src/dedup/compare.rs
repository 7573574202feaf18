//! Field comparisons for Fellegi–Sunter scoring, and the estimation of their weights.
//!
//! Chinese personal names are short (two or three characters), so string-distance
//! measures made for Latin names say little: one character is a third of the name. What
//! export noise really produces is a homophone typed by an input method (章伟 for 张伟,
//! 刘阳 for 刘洋) or one wrong character, so names are compared as: identical, same
//! pinyin, one character different, different. Amounts are compared to the 分, to the
//! 元 (an export in 万元 with four decimals keeps only whole 元) and within 1%.

use pinyin::ToPinyin;

/// The fields compared, in the order of their levels in a comparison vector.
pub const FIELDS: [&str; 7] = [
    "respondent",
    "applicant",
    "claim",
    "filed",
    "cause",
    "basis",
    "case_no",
];

/// Chinese labels of the fields for the explanation column.
pub const FIELD_LABELS: [&str; 7] = [
    "被执行人",
    "申请执行人",
    "标的额",
    "立案日期",
    "案由",
    "执行依据",
    "案号可见部分",
];

/// The pinyin of a name without tones, one syllable per character; characters without
/// pinyin (Latin letters, digits) are kept as they are.
pub fn pinyin_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => out.push_str(p.plain()),
            None => out.push(c),
        }
        out.push(' ');
    }
    out
}

/// A name reduced to what identifies it: brackets and the administrative words 省/市
/// dropped, so `（绍兴）柯桥区…局` and `绍兴市柯桥区…局` meet. Used at level 1 with pinyin.
pub fn name_core(name: &str) -> String {
    core_chars(name).collect()
}

/// The characters of [`name_core`], without building the string.
fn core_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '省' | '市' | ' ' | '·'))
}

/// 0 identical, 1 same pinyin or same core, 2 one character different (same length),
/// 3 different.
pub fn name_level(a: &str, b: &str, a_py: &str, b_py: &str) -> u8 {
    if a == b {
        return 0;
    }
    if a_py == b_py || core_chars(a).eq(core_chars(b)) {
        return 1;
    }
    let (ac, bc) = (a.chars().count(), b.chars().count());
    if ac == bc && ac >= 2 && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1 {
        return 2;
    }
    3
}

/// 0 equal to the 分, 1 within one 元, 2 within 1%, 3 different.
pub fn claim_level(a: i64, b: i64) -> u8 {
    let d = (a - b).unsigned_abs();
    if d == 0 {
        0
    } else if d < 100 {
        1
    } else if (d as f64) <= 0.01 * (a.max(b) as f64) {
        2
    } else {
        3
    }
}

/// 0 same day, 1 within 7 days, 2 within 60 days, 3 further apart.
pub fn date_level(a: i32, b: i32) -> u8 {
    match (a - b).unsigned_abs() {
        0 => 0,
        1..=7 => 1,
        8..=60 => 2,
        _ => 3,
    }
}

/// A comparison vector: one level per field, `None` where either side is missing.
pub type Levels = [Option<u8>; 7];

/// m and u probabilities per field and level.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
}

impl Weights {
    /// The match weight of a comparison vector: Σ log2(m/u) over the fields compared.
    pub fn score(&self, levels: &Levels) -> f64 {
        levels
            .iter()
            .enumerate()
            .filter_map(|(f, l)| l.map(|l| (f, l as usize)))
            .map(|(f, l)| (self.m[f][l] / self.u[f][l]).log2())
            .sum()
    }

    /// Estimates m, u and the match share λ from unlabelled comparison vectors by
    /// expectation–maximisation (Fellegi–Sunter with conditional independence). Missing
    /// comparisons are skipped. Probabilities are kept away from 0 and 1 so that no
    /// single field can veto or force a link on its own.
    pub fn estimate(&self, pairs: &[Levels], iterations: usize) -> (Weights, f64) {
        let mut w = self.clone();
        let mut lambda = 0.1;
        if pairs.is_empty() {
            return (w, lambda);
        }
        const FLOOR: f64 = 1e-4;
        for _ in 0..iterations {
            let mut m_acc: Vec<Vec<f64>> = w.m.iter().map(|v| vec![0.0; v.len()]).collect();
            let mut u_acc: Vec<Vec<f64>> = w.u.iter().map(|v| vec![0.0; v.len()]).collect();
            let mut g_sum = 0.0;
            for levels in pairs {
                let mut pm = lambda;
                let mut pu = 1.0 - lambda;
                for (f, l) in levels.iter().enumerate() {
                    if let Some(l) = l {
                        pm *= w.m[f][*l as usize];
                        pu *= w.u[f][*l as usize];
                    }
                }
                let g = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
                g_sum += g;
                for (f, l) in levels.iter().enumerate() {
                    if let Some(l) = l {
                        m_acc[f][*l as usize] += g;
                        u_acc[f][*l as usize] += 1.0 - g;
                    }
                }
            }
            lambda = (g_sum / pairs.len() as f64).clamp(FLOOR, 1.0 - FLOOR);
            for f in 0..w.m.len() {
                let (ms, us): (f64, f64) = (m_acc[f].iter().sum(), u_acc[f].iter().sum());
                if ms > 0.0 {
                    for (m, acc) in w.m[f].iter_mut().zip(&m_acc[f]) {
                        *m = (acc / ms).max(FLOOR);
                    }
                }
                if us > 0.0 {
                    for (u, acc) in w.u[f].iter_mut().zip(&u_acc[f]) {
                        *u = (acc / us).max(FLOOR);
                    }
                }
            }
        }
        (w, lambda)
    }
}

impl Weights {
    /// Estimates m and u from labelled pairs: pairs of rows whose 案号 keys are equal are
    /// matches, pairs with two different valid keys are non-matches. This uses what the
    /// exports already prove about themselves; the configured values act as a prior worth
    /// `prior_weight` pairs, so a level never seen keeps a sensible probability.
    pub fn estimate_labelled(&self, pairs: &[(Levels, bool)], prior_weight: f64) -> Weights {
        let mut w = self.clone();
        for f in 0..w.m.len() {
            let nl = w.m[f].len();
            let mut cm = vec![0.0; nl];
            let mut cu = vec![0.0; nl];
            for (levels, is_match) in pairs {
                if let Some(l) = levels[f] {
                    if *is_match {
                        cm[l as usize] += 1.0;
                    } else {
                        cu[l as usize] += 1.0;
                    }
                }
            }
            let (tm, tu): (f64, f64) = (cm.iter().sum(), cu.iter().sum());
            for l in 0..nl {
                w.m[f][l] = (cm[l] + prior_weight * self.m[f][l]) / (tm + prior_weight);
                w.u[f][l] = (cu[l] + prior_weight * self.u[f][l]) / (tu + prior_weight);
            }
        }
        w
    }
}

/// An explanation of a comparison vector in words, e.g. `被执行人=拼音相同; 标的额=相等`.
pub fn explain(levels: &Levels, level_names: &[Vec<String>]) -> String {
    let mut parts = Vec::new();
    for (f, l) in levels.iter().enumerate() {
        let label = FIELD_LABELS[f];
        match l {
            Some(l) => parts.push(format!(
                "{label}={}",
                level_names[f]
                    .get(*l as usize)
                    .map(String::as_str)
                    .unwrap_or("?")
            )),
            None => parts.push(format!("{label}=缺失")),
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homophones_and_typos() {
        let l = |a: &str, b: &str| name_level(a, b, &pinyin_key(a), &pinyin_key(b));
        assert_eq!(l("张伟", "张伟"), 0);
        assert_eq!(l("张伟", "章伟"), 1);
        assert_eq!(l("刘洋", "刘阳"), 1);
        assert_eq!(l("王小明", "王小鸣"), 1);
        assert_eq!(l("王小明", "王大明"), 2);
        assert_eq!(l("王小明", "李四"), 3);
        assert_eq!(
            l(
                "（绍兴）柯桥区人力资源和社会保障局",
                "绍兴市柯桥区人力资源和社会保障局"
            ),
            1
        );
    }

    #[test]
    fn amounts_and_dates() {
        assert_eq!(claim_level(1_152_347, 1_152_347), 0);
        assert_eq!(claim_level(1_152_347, 1_152_300), 1);
        assert_eq!(claim_level(1_000_000, 1_005_000), 2);
        assert_eq!(claim_level(1_000_000, 2_000_000), 3);
        assert_eq!(date_level(100, 100), 0);
        assert_eq!(date_level(100, 93), 1);
        assert_eq!(date_level(100, 200), 3);
    }

    #[test]
    fn em_separates_matches_from_non_matches() {
        let start = Weights {
            m: vec![vec![0.5, 0.5]; 7],
            u: vec![vec![0.4, 0.6]; 7],
        };
        let mut pairs = Vec::new();
        for _ in 0..100 {
            pairs.push([Some(0); 7]);
        }
        for i in 0..900 {
            let mut v = [Some(1); 7];
            v[i % 7] = Some(0);
            pairs.push(v);
        }
        let (w, lambda) = start.estimate(&pairs, 50);
        assert!((lambda - 0.1).abs() < 0.02, "{lambda}");
        assert!(w.score(&[Some(0); 7]) > 10.0);
        assert!(w.score(&[Some(1); 7]) < 0.0);
    }
}
