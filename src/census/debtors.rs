//! The debtor list for publication (公布被执行人名单): the respondents of the backlog cases,
//! each listed once with all of their backlog cases.
//!
//! The campaign plan asks courts to "公布清理出来的积案中被执行人的名单" on television. A
//! published list must not expose natural persons (DESIGN §2, privacy), so:
//!
//! - a **natural person** (自然人) is shown as the surname followed by one `*` per remaining
//!   character (张伟 → 张*, 张小明 → 张**, a compound surname such as 欧阳 kept whole), and
//!   the 居民身份证号码 with only its first and last four characters
//!   (`1101**********1234`); the birth date in the middle is what makes the number
//!   personal. A party whose kind cannot be told is treated as a person (masked): a wrong
//!   mask is harmless, a wrong disclosure is not;
//! - a **legal person or other organisation** (companies, government bodies) is shown in
//!   full with its 统一社会信用代码, as the 失信被执行人名单 does.
//!
//! The kind is read from the name alone, by the rules that give `respondent_kind`: a
//! name that is not an organisation's is masked whatever number is written beside it.
//!
//! Grouping: organisations by their 统一社会信用代码 (a name without a code by the one code
//! it has elsewhere in the list, else by the name: an organisation name is distinctive);
//! persons by a valid ID number. A person without a valid ID number is listed once per case — names
//! alone collide (many unrelated 张伟), and merging two people on a public list would be
//! worse than listing one person twice. Exports usually give only the first respondent's
//! ID: IDs are matched to names by position. A case with several debtors counts its whole
//! claim for each of them (they are jointly liable), so amounts must not be summed down
//! the list.
//!
//! A case without a claim amount (申请执行标的 left blank) adds nothing to its debtor's sums
//! and is counted in `claim_unknown`, as `census_summary` counts such cases; a debtor whose
//! claims are all unknown has no amounts (null, never 0: DESIGN §4). Shown as 0, such a
//! debtor read as owing nothing on a list meant for publication, and a debtor with one
//! known claim of two showed the known part as the whole.

use std::borrow::Cow;

use polars::prelude::*;

use super::config::CensusConfig;
use super::frame::{const_str_col, date_col, frame, i64_col, list_col, opt_i64_col, str_col};
use super::input::Cases;
use super::units::{Level, Units, NONE};
use crate::ingest::fields::{id_kind, party_kind, IdKind, PartyKind};
use crate::Result;

/// The masking rule lives in [`crate::mask`]; re-exported for the callers of this module.
pub use crate::mask::{mask_id, mask_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Person,
    Company,
    Government,
    Unknown,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Company => "company",
            Kind::Government => "government",
            Kind::Unknown => "unknown",
        }
    }
    fn is_legal(self) -> bool {
        matches!(self, Kind::Company | Kind::Government)
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq)]
enum Key<'a> {
    /// An organisation with a valid 统一社会信用代码: the code, however the name is written
    /// (浙江某某（集团）有限公司, 浙江某某集团有限公司).
    OrgCode(&'a str),
    /// An organisation without one: its name.
    Org(&'a str),
    PersonId(Cow<'a, str>),
    /// A person without a valid ID: one entry per (name, case).
    PersonCase(&'a str, usize),
}

/// One respondent of one backlog case, assigned to its debtor.
#[derive(Debug, Clone, Copy)]
struct Occurrence<'a> {
    debtor: u32,
    case: u32,
    name: &'a str,
    id: Option<&'a str>,
    id_valid: bool,
}

/// What identifies a person in a 居民身份证号码: its first 17 characters (region, birth
/// date, sequence), so that the same person is one debtor whether a case has the number
/// with a mistyped check digit or in its first-generation 15-digit form (region, birth
/// date without 19, sequence). `None` for anything else.
fn person_key(id: &str) -> Option<String> {
    let id = id.trim();
    if id.len() == 18 && crate::ingest::fields::resident_id_shaped(id) {
        return Some(id[..17].to_string());
    }
    if id.len() == 15 && matches!(id_kind(id), Some(IdKind::ResidentId)) {
        return Some(format!("{}19{}", &id[..6], &id[6..]));
    }
    None
}

/// `census_debtors`: one row per debtor of the backlog cases, masked for publication.
///
/// Two passes with one allocation each: every respondent occurrence is given its debtor
/// (a hash lookup on a borrowed key), then the occurrences are sorted by debtor and case
/// and each debtor's run is summed. Per-debtor collections would cost a few hundred
/// thousand small allocations on a million-case census.
pub fn debtors(c: &Cases, scope: &[bool], units: &Units, cfg: &CensusConfig) -> Result<DataFrame> {
    let gov: Vec<&str> = cfg.government_markers.iter().map(String::as_str).collect();
    let com: Vec<&str> = cfg.company_markers.iter().map(String::as_str).collect();
    let court_of = units.level(Level::Court);
    let cases: Vec<usize> = (0..c.n)
        .filter(|&i| scope[i] && c.in_backlog[i] && c.status[i].is_open())
        .collect();
    let mut debtor_of: PlHashMap<Key, u32> = PlHashMap::default();
    debtor_of.reserve(cases.len() * 3 / 2);
    let mut kinds: Vec<Kind> = Vec::with_capacity(cases.len() * 3 / 2);
    let mut occ: Vec<Occurrence> = Vec::with_capacity(cases.len() * 3 / 2);
    // Names recur across cases: classify each distinct name once.
    let mut kind_memo: PlHashMap<&str, PartyKind> = PlHashMap::default();
    let mut ids: Vec<Option<&str>> = Vec::new();
    // An organisation's name written with exactly one credit code anywhere in the list:
    // a case that gives the name without a code is that code's organisation too.
    let mut code_of_name: PlHashMap<&str, Option<&str>> = PlHashMap::default();
    for &i in &cases {
        for (name, id) in c
            .respondents
            .row_aligned(i)
            .zip(c.respondent_ids.row_aligned(i))
        {
            let (Some(name), Some(id)) = (name.map(str::trim), id.map(str::trim)) else {
                continue;
            };
            if !matches!(id_kind(id), Some(IdKind::CreditCode)) {
                continue;
            }
            let pk = *kind_memo
                .entry(name)
                .or_insert_with(|| party_kind(name, &gov, &com));
            if matches!(pk, PartyKind::Company | PartyKind::Government) {
                code_of_name
                    .entry(name)
                    .and_modify(|c| {
                        if *c != Some(id) {
                            *c = None
                        }
                    })
                    .or_insert(Some(id));
            }
        }
    }
    for &i in &cases {
        ids.clear();
        ids.extend(c.respondent_ids.row_aligned(i));
        for (pos, name) in c.respondents.row_aligned(i).enumerate() {
            let Some(name) = name.map(str::trim).filter(|s| !s.is_empty()) else {
                continue;
            };
            let id = ids
                .get(pos)
                .copied()
                .flatten()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let idk = id.and_then(id_kind);
            // The kind is the name's, as `respondent_kind` reads it, never the number's: a
            // number is paired with its name by the export's order, which can be wrong
            // (a company's code listed first), and a person holds a 统一社会信用代码 as the
            // owner of a 个体工商户. Reading the kind from the number published persons in
            // full as legal persons and masked companies.
            let kind = match *kind_memo
                .entry(name)
                .or_insert_with(|| party_kind(name, &gov, &com))
            {
                PartyKind::Person => Kind::Person,
                PartyKind::Company => Kind::Company,
                PartyKind::Government => Kind::Government,
                PartyKind::Unknown if crate::ingest::fields::person_by_id(name, id) => Kind::Person,
                PartyKind::Unknown => Kind::Unknown,
            };
            let key = if kind.is_legal() {
                // A credit code identifies a legal person: one debtor under any spelling of
                // its name; two codes under one name are two debtors.
                match idk {
                    Some(IdKind::CreditCode) => Key::OrgCode(id.unwrap_or_default()),
                    _ => match code_of_name.get(name).copied().flatten() {
                        Some(code) => Key::OrgCode(code),
                        None => Key::Org(name),
                    },
                }
            } else if let Some(body) = id.and_then(person_key) {
                // (With the name: two names under one number are two people to the list,
                // which must never merge two people.)
                // (The name without its middle dots: 阿依古丽·买买提 and 阿依古丽买买提 under
                // one number are one person written two ways.)
                let bare: String = name.chars().filter(|&c| c != '·').collect();
                Key::PersonId(Cow::Owned(format!("{body}|{bare}")))
            } else {
                Key::PersonCase(name, i)
            };
            let next = kinds.len() as u32;
            let debtor = *debtor_of.entry(key).or_insert(next);
            if debtor == next {
                kinds.push(kind);
            } else if kinds[debtor as usize] == Kind::Unknown {
                // (A person by one spelling of the name is a person.)
                kinds[debtor as usize] = kind;
            }
            occ.push(Occurrence {
                debtor,
                case: i as u32,
                name,
                id,
                id_valid: idk.is_some(),
            });
        }
    }
    drop(debtor_of);
    occ.sort_unstable_by_key(|o| (o.debtor, o.case));

    struct Row {
        kind: Kind,
        name: String,
        id: Option<String>,
        cases: Vec<String>,
        n: i64,
        /// the sums of the known claims; None when every claim is unknown
        claim: Option<i64>,
        outstanding: Option<i64>,
        claim_unknown: i64,
        earliest: Option<i32>,
        max_overdue: Option<i64>,
        courts: String,
    }
    let court_code = |i: usize| -> Option<&str> {
        court_of
            .and_then(|l| l.of_case.get(i).copied())
            .filter(|&u| u != NONE)
            .and_then(|u| court_of.and_then(|l| l.keys.get(u as usize)))
            .and_then(|k| k.court)
            .map(|k| units.court_codes[k as usize].as_str())
    };
    let mut rows: Vec<Row> = Vec::with_capacity(kinds.len());
    let mut names: Vec<(&str, usize)> = Vec::new();
    let mut courts: Vec<&str> = Vec::new();
    let mut start = 0;
    while start < occ.len() {
        let debtor = occ[start].debtor;
        let mut end = start;
        while end < occ.len() && occ[end].debtor == debtor {
            end += 1;
        }
        let run = &occ[start..end];
        start = end;
        let kind = kinds[debtor as usize];
        names.clear();
        courts.clear();
        let mut id: Option<&str> = None;
        let mut id_valid = false;
        let mut case_nos: Vec<String> = Vec::new();
        let (mut claim, mut outstanding) = (None::<i64>, None::<i64>);
        let mut claim_unknown = 0i64;
        let (mut earliest, mut max_overdue): (Option<i32>, Option<i64>) = (None, None);
        let mut last_case = None;
        for o in run {
            match names.iter_mut().find(|(n, _)| *n == o.name) {
                Some((_, k)) => *k += 1,
                None => names.push((o.name, 1)),
            }
            // Prefer a valid number; keep whatever was written when there is none.
            if o.id.is_some() && (id.is_none() || (o.id_valid && !id_valid)) {
                id = o.id;
                id_valid = o.id_valid;
            }
            if last_case == Some(o.case) {
                continue;
            }
            last_case = Some(o.case);
            let i = o.case as usize;
            case_nos.push(c.case_no(i).unwrap_or("").to_string());
            match (c.claim_fen[i], c.outstanding(i)) {
                (Some(cl), Some(out)) => {
                    claim = Some(claim.unwrap_or(0) + cl);
                    outstanding = Some(outstanding.unwrap_or(0) + out);
                }
                _ => claim_unknown += 1,
            }
            earliest = match (earliest, c.filed_on[i]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            max_overdue = match (max_overdue, c.overdue_days[i]) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            if let Some(code) = court_code(i) {
                if !courts.contains(&code) {
                    courts.push(code);
                }
            }
        }
        // The name written most often (ties: the first in text order).
        names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let full = names.first().map_or("", |(n, _)| *n);
        let (name, id) = if kind.is_legal() {
            (full.to_string(), id.map(String::from))
        } else {
            (
                mask_name(full, &cfg.mask),
                id.map(|s| mask_id(s, &cfg.mask)),
            )
        };
        case_nos.sort();
        courts.sort_unstable();
        rows.push(Row {
            kind,
            name,
            id,
            n: case_nos.len() as i64,
            cases: case_nos,
            claim,
            outstanding,
            claim_unknown,
            earliest,
            max_overdue,
            courts: courts.join("、"),
        });
    }
    // By amount outstanding, largest first; a debtor whose amounts are all unknown comes
    // after every known amount (null sorts last: unknown is not ranked as owing 0 or more).
    rows.sort_by(|a, b| {
        b.outstanding
            .cmp(&a.outstanding)
            .then(b.n.cmp(&a.n))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.cases.cmp(&b.cases))
            .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
    });
    let n = rows.len();
    let case_lists: Vec<Vec<String>> = rows.iter().map(|r| r.cases.clone()).collect();
    let cols = vec![
        i64_col("rank", (1..=n as i64).collect()),
        Column::new(
            "debtor_kind".into(),
            rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "name".into(),
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ),
        str_col("id_no", rows.iter().map(|r| r.id.as_deref()).collect()),
        i64_col("cases", rows.iter().map(|r| r.n).collect()),
        list_col("case_nos", &case_lists),
        opt_i64_col("claim_fen", rows.iter().map(|r| r.claim).collect()),
        opt_i64_col(
            "outstanding_fen",
            rows.iter().map(|r| r.outstanding).collect(),
        ),
        i64_col(
            "claim_unknown",
            rows.iter().map(|r| r.claim_unknown).collect(),
        ),
        date_col(
            "earliest_filed_on",
            rows.iter().map(|r| r.earliest).collect(),
        )?,
        opt_i64_col(
            "max_overdue_days",
            rows.iter().map(|r| r.max_overdue).collect(),
        ),
        Column::new(
            "court_codes".into(),
            rows.iter().map(|r| r.courts.as_str()).collect::<Vec<_>>(),
        ),
        const_str_col("case_kinds", &cfg.kinds_text(), n),
    ];
    frame("census_debtors", cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mask::MaskRule;

    fn rule() -> MaskRule {
        MaskRule {
            id_keep_start: 4,
            id_keep_end: 4,
            compound_surnames: vec!["欧阳".into()],
        }
    }

    #[test]
    fn a_person_is_one_debtor_by_any_form_of_the_number() {
        // 18 digits, the same with a mistyped check digit, and the 15-digit first form.
        let key = person_key("440304198001011239");
        assert_eq!(key.as_deref(), Some("44030419800101123"));
        assert_eq!(person_key("440304198001011237"), key);
        assert_eq!(person_key("440304800101123"), key);
        assert_eq!(person_key(" 440304198001011239 "), key);
        for other in [
            "91330603608902440L",
            "4403041980010112",
            "不详",
            "440304*********239",
        ] {
            assert_eq!(person_key(other), None, "{other}");
        }
    }

    #[test]
    fn names_keep_only_the_surname() {
        let r = rule();
        assert_eq!(mask_name("张伟", &r), "张*");
        assert_eq!(mask_name("张小明", &r), "张**");
        assert_eq!(mask_name("欧阳娜娜", &r), "欧阳**");
        assert_eq!(mask_name("欧阳", &r), "欧*");
    }

    #[test]
    fn ids_keep_four_and_four() {
        let r = rule();
        assert_eq!(mask_id("110101199003071234", &r), "1101**********1234");
        assert_eq!(mask_id("1234567", &r), "*******");
    }
}
