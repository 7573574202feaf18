//! Case numbers (案号) as they truly are, and as systems and clerks spell them.
//!
//! The truth knows one canonical spelling per case: `（2023）浙0603执1234号` for cases filed
//! from 2016, `（2014）绍柯执字第1174号` (no leading zeros) before. The exports never agree
//! with it exactly: system A pads old sequence numbers (`第01174号`), system B writes
//! half-width brackets, and on top of that every export has random mess whose rate follows
//! `--noise` (other brackets, spaces, zero padding, a missing 号, a bare year or one with
//! 年, traditional 執/號, masked digits, placeholders). This module also writes the
//! numbers of the documents the enforcement rests on (执行依据: judgments, arbitration
//! awards, notarial deeds, administrative decisions).

use rand::Rng;

use super::courts::CourtSpec;

/// Enforcement type codes the generator creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeCode {
    /// 执 — first enforcement (首次执行), incl. 非诉执行
    Zhi,
    /// 执恢 — resumed enforcement (恢复执行)
    ZhiHui,
    /// 执保 — carrying out a preservation order (财产保全执行)
    ZhiBao,
}

impl TypeCode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TypeCode::Zhi => "执",
            TypeCode::ZhiHui => "执恢",
            TypeCode::ZhiBao => "执保",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            TypeCode::Zhi => 0,
            TypeCode::ZhiHui => 1,
            TypeCode::ZhiBao => 2,
        }
    }

    /// `case_kind` value of the data contract (DESIGN §4).
    pub(crate) fn kind_str(self) -> &'static str {
        match self {
            TypeCode::Zhi => "first",
            TypeCode::ZhiHui => "resumed",
            TypeCode::ZhiBao => "preservation",
        }
    }
}

/// First filing year of the 2016 numbering standard.
pub(crate) const NEW_STYLE_FROM: i32 = 2016;

/// A case number's parts.
#[derive(Debug, Clone)]
pub(crate) struct CaseNo {
    pub year: i32,
    pub court_code: &'static str,
    pub court_abbr: &'static str,
    pub type_code: TypeCode,
    pub seq: u32,
}

impl CaseNo {
    pub(crate) fn new(year: i32, court: &CourtSpec, type_code: TypeCode, seq: u32) -> CaseNo {
        CaseNo {
            year,
            court_code: court.code,
            court_abbr: court.old_abbr,
            type_code,
            seq,
        }
    }

    pub(crate) fn old_style(&self) -> bool {
        self.year < NEW_STYLE_FROM
    }

    /// The truth's spelling: full-width brackets, no leading zeros.
    pub(crate) fn canonical(&self) -> String {
        if self.old_style() {
            format!(
                "（{}）{}{}字第{}号",
                self.year,
                self.court_abbr,
                self.type_code.as_str(),
                self.seq
            )
        } else {
            format!(
                "（{}）{}{}{}号",
                self.year,
                self.court_code,
                self.type_code.as_str(),
                self.seq
            )
        }
    }
}

/// Who writes the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writer {
    /// system A: full-width brackets; old numbers padded to five digits
    SystemA,
    /// system B: half-width brackets, no padding
    SystemB,
    /// a clerk typing into a side file: mostly full-width, sometimes half-width
    Clerk,
}

/// A spelling of a case number in one row.
#[derive(Debug, Clone)]
pub(crate) struct Spelled {
    pub text: String,
    /// digits masked with `*`/`X`, or the number replaced by a placeholder or left empty:
    /// only fuzzy matching on the other columns can place the row
    pub masked: bool,
}

/// Spells `no` as `writer` would, with random mess at rate `noise` (0 = none).
/// `mask_rate` is the probability that the number is masked or missing altogether.
pub(crate) fn spell<R: Rng>(
    no: &CaseNo,
    writer: Writer,
    noise: f64,
    mask_rate: f64,
    rng: &mut R,
) -> Spelled {
    if mask_rate > 0.0 && rng.gen_bool(mask_rate.min(1.0)) {
        return masked(no, writer, rng);
    }
    let (mut open, mut close) = match writer {
        Writer::SystemA => ("（", "）"),
        Writer::SystemB => ("(", ")"),
        Writer::Clerk if rng.gen_bool(0.3) => ("(", ")"),
        Writer::Clerk => ("（", "）"),
    };
    let mut year = no.year.to_string();
    let mut seq = if no.old_style() && writer == Writer::SystemA {
        format!("{:05}", no.seq)
    } else {
        no.seq.to_string()
    };
    let mut zi_di = if no.old_style() { "字第" } else { "" };
    let mut hao = "号";
    let mut type_code = no.type_code.as_str().to_string();
    let mut spaces = 0;
    let rate = match writer {
        Writer::SystemA => noise * 0.3,
        Writer::SystemB => noise * 0.45,
        Writer::Clerk => noise * 0.3,
    };
    if noise > 0.0 && rng.gen_bool(rate.min(1.0)) {
        let n_transforms = if rng.gen_bool(0.3) { 2 } else { 1 };
        for _ in 0..n_transforms {
            match rng.gen_range(0..9) {
                0 => {
                    (open, close) = match rng.gen_range(0..5) {
                        0 => ("〔", "〕"),
                        1 => ("【", "】"),
                        2 => ("（", ")"),
                        3 => ("(", "）"),
                        _ => ("[", "]"),
                    }
                }
                1 => {
                    open = "";
                    close = if rng.gen_bool(0.5) { "年" } else { "" };
                }
                2 | 3 => spaces += rng.gen_range(1..=2),
                4 => {
                    if no.old_style() {
                        seq = if seq.starts_with('0') {
                            no.seq.to_string()
                        } else {
                            format!("{:05}", no.seq)
                        };
                    } else {
                        seq = format!("{:0w$}", no.seq, w = rng.gen_range(4..=6));
                    }
                }
                5 => hao = "",
                6 => {
                    type_code = type_code.replace('执', "執");
                    if rng.gen_bool(0.7) {
                        hao = "號";
                    }
                }
                7 if no.old_style() => zi_di = "字",
                _ => {
                    // year with 年 inside the brackets, a common hand-typed form
                    year.push('年');
                }
            }
        }
    }
    let court = if no.old_style() {
        no.court_abbr
    } else {
        no.court_code
    };
    let mut text = format!("{open}{year}{close}{court}{type_code}{zi_di}{seq}{hao}");
    for _ in 0..spaces {
        text = insert_space(&text, rng);
    }
    Spelled {
        text,
        masked: false,
    }
}

/// Inserts one space (ASCII or the full-width U+3000) at a random character boundary.
fn insert_space<R: Rng>(s: &str, rng: &mut R) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return s.to_string();
    }
    let at = rng.gen_range(1..chars.len());
    let space = if rng.gen_bool(0.8) { ' ' } else { '\u{3000}' };
    let mut out = String::with_capacity(s.len() + 3);
    for (i, c) in chars.iter().enumerate() {
        if i == at {
            out.push(space);
        }
        out.push(*c);
    }
    out
}

fn masked<R: Rng>(no: &CaseNo, writer: Writer, rng: &mut R) -> Spelled {
    let text = match rng.gen_range(0..10) {
        0..=2 => "暂无".to_string(),
        3 => String::new(),
        _ => {
            let (open, close) = if writer == Writer::SystemB {
                ("(", ")")
            } else {
                ("（", "）")
            };
            let digits = no.seq.to_string();
            let mask = if rng.gen_bool(0.5) { '*' } else { 'X' };
            let keep = if rng.gen_bool(0.5) {
                0
            } else {
                digits.len().saturating_sub(2)
            };
            let masked_seq: String = digits
                .chars()
                .enumerate()
                .map(|(i, c)| if i < keep { c } else { mask })
                .collect();
            let court = if no.old_style() {
                no.court_abbr
            } else {
                no.court_code
            };
            let zi_di = if no.old_style() { "字第" } else { "" };
            format!(
                "{open}{}{close}{court}{}{zi_di}{masked_seq}号",
                no.year,
                no.type_code.as_str()
            )
        }
    };
    Spelled { text, masked: true }
}

/// Kinds of enforcement basis documents (执行依据).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BasisKind {
    /// first-instance civil judgment or mediation of the same court (民初)
    FirstInstance,
    /// appeal judgment of the intermediate court (民终)
    Appeal,
    /// judicial confirmation of a mediation agreement (民特)
    Confirmation,
    /// payment order (民督)
    PaymentOrder,
    /// commercial arbitration award (仲裁裁决)
    Arbitration,
    /// labour arbitration award (劳动人事争议仲裁)
    LabourArbitration,
    /// notarial deed with enforcement effect (公证债权文书)
    Notarial,
    /// administrative decision (非诉执行)
    Administrative,
    /// pre-action preservation ruling (财保), basis of some 执保 cases
    PreActionPreservation,
}

/// Writes a basis document number of `kind` issued in `year`.
/// `agency_abbr` is the issuing agency's abbreviation for administrative decisions.
pub(crate) fn basis_no<R: Rng>(
    rng: &mut R,
    court: &CourtSpec,
    kind: BasisKind,
    year: i32,
    agency_abbr: &str,
) -> String {
    let old = year < NEW_STYLE_FROM;
    match kind {
        BasisKind::FirstInstance => {
            let n = rng.gen_range(1..=9000);
            if old {
                format!("（{year}）{}民初字第{n:05}号", court.old_abbr)
            } else {
                format!("（{year}）{}民初{n}号", court.code)
            }
        }
        BasisKind::Appeal => {
            let n = rng.gen_range(1..=4000);
            if old {
                format!("（{year}）浙{}民终字第{n:05}号", court.city_abbr)
            } else {
                format!("（{year}）{}民终{n}号", court.intermediate)
            }
        }
        BasisKind::Confirmation => {
            let n = rng.gen_range(1..=800);
            if old {
                format!("（{year}）{}民特字第{n:05}号", court.old_abbr)
            } else {
                format!("（{year}）{}民特{n}号", court.code)
            }
        }
        BasisKind::PaymentOrder => {
            let n = rng.gen_range(1..=300);
            if old {
                format!("（{year}）{}民督字第{n:05}号", court.old_abbr)
            } else {
                format!("（{year}）{}民督{n}号", court.code)
            }
        }
        BasisKind::Arbitration => {
            format!(
                "（{year}）{}仲裁字第{}号",
                court.city_abbr,
                rng.gen_range(1..=900)
            )
        }
        BasisKind::LabourArbitration => {
            format!(
                "{}劳人仲案〔{year}〕{}号",
                court.county_abbr,
                rng.gen_range(1..=600)
            )
        }
        BasisKind::Notarial => {
            format!(
                "（{year}）浙{}{}证字第{}号",
                court.city_abbr,
                court.county_abbr,
                rng.gen_range(1..=6000)
            )
        }
        BasisKind::Administrative => {
            format!(
                "{}{}{agency_abbr}〔{year}〕{}号",
                court.city_abbr,
                court.county_abbr,
                rng.gen_range(1..=400)
            )
        }
        BasisKind::PreActionPreservation => {
            let n = rng.gen_range(1..=200);
            if old {
                format!("（{year}）{}民保字第{n:05}号", court.old_abbr)
            } else {
                format!("（{year}）{}财保{n}号", court.code)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::courts::court_specs;
    use crate::generate::rng::{case_rng, Stream};

    fn no(year: i32, t: TypeCode, seq: u32) -> CaseNo {
        CaseNo::new(year, &court_specs()[0], t, seq)
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            no(2023, TypeCode::Zhi, 1234).canonical(),
            "（2023）浙0603执1234号"
        );
        assert_eq!(
            no(2024, TypeCode::ZhiHui, 7).canonical(),
            "（2024）浙0603执恢7号"
        );
        assert_eq!(
            no(2014, TypeCode::Zhi, 1174).canonical(),
            "（2014）绍柯执字第1174号"
        );
    }

    #[test]
    fn system_styles() {
        let mut rng = case_rng(1, 1, Stream::SystemA);
        let a = spell(
            &no(2014, TypeCode::Zhi, 1174),
            Writer::SystemA,
            0.0,
            0.0,
            &mut rng,
        );
        assert_eq!(a.text, "（2014）绍柯执字第01174号");
        let b = spell(
            &no(2023, TypeCode::Zhi, 12),
            Writer::SystemB,
            0.0,
            0.0,
            &mut rng,
        );
        assert_eq!(b.text, "(2023)浙0603执12号");
    }

    #[test]
    fn noise_gives_many_spellings_of_one_number() {
        let mut rng = case_rng(1, 2, Stream::SystemA);
        let n = no(2023, TypeCode::Zhi, 1234);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..400 {
            let s = spell(&n, Writer::SystemB, 1.0, 0.02, &mut rng);
            seen.insert(s.text);
        }
        assert!(seen.len() > 20, "{seen:?}");
        assert!(seen.iter().any(|s| s.contains('〔')));
        assert!(seen.iter().any(|s| s.contains(' ')));
        assert!(seen
            .iter()
            .any(|s| s.contains("01234") || s.contains("001234")));
    }
}
