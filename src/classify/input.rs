//! The classify stage's inputs: the case table's columns as plain vectors, and the side
//! tables (deductions, extensions, petitions, assignments) indexed by case key.
//!
//! Per-case work runs in plain Rust over these vectors (in parallel), not as polars
//! expressions: the rules are conditionals over a handful of fields and a few side rows,
//! and a join per rule would cost more than the rules themselves. Side tables are joined on
//! `case_key`, the canonical key that makes every spelling of a 案号 equal.

use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

use crate::{Error, Result};

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn date_of(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(EPOCH_DAYS_FROM_CE)?)
}

/// Days since 1970-01-01, as polars stores a `Date`.
pub fn epoch_days(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

fn err(table: &str, name: &str, e: PolarsError) -> Error {
    Error::polars(format!("{table} table: column {name}"), e)
}

/// A string column (all null when the table does not have it).
pub fn strs<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<Vec<Option<&'a str>>> {
    match df.column(name) {
        Ok(c) => Ok(c.str().map_err(|e| err(table, name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn dates(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    match df.column(name) {
        Ok(c) => {
            let phys = c.cast(&DataType::Int32).map_err(|e| err(table, name, e))?;
            let ca = phys.i32().map_err(|e| err(table, name, e))?;
            Ok(ca.iter().map(|d| d.and_then(date_of)).collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn bools(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<bool>>> {
    match df.column(name) {
        Ok(c) => Ok(c.bool().map_err(|e| err(table, name, e))?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

pub fn i64s(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<i64>>> {
    match df.column(name) {
        Ok(c) => {
            let v = c.cast(&DataType::Int64).map_err(|e| err(table, name, e))?;
            Ok(v.i64().map_err(|e| err(table, name, e))?.iter().collect())
        }
        Err(_) => Ok(vec![None; df.height()]),
    }
}

/// A list-of-strings column as owned vectors (empty when null or missing).
pub fn lists(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Vec<String>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![Vec::new(); df.height()]);
    };
    let ca = c.list().map_err(|e| err(table, name, e))?;
    let mut out = Vec::with_capacity(ca.len());
    for s in ca.amortized_iter() {
        let items = match s {
            Some(s) => match s.as_ref().str() {
                Ok(x) => x.iter().flatten().map(String::from).collect(),
                Err(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        out.push(items);
    }
    Ok(out)
}

/// The columns of the case table that classification reads.
pub struct CaseCols<'a> {
    pub n: usize,
    pub case_key: Vec<Option<&'a str>>,
    pub case_kind: Vec<Option<&'a str>>,
    pub filed_on: Vec<Option<NaiveDate>>,
    pub closed_on: Vec<Option<NaiveDate>>,
    pub closure_method: Vec<Option<&'a str>>,
    pub status: Vec<Option<&'a str>>,
    pub exported_on: Vec<Option<NaiveDate>>,
    pub suspended_on: Vec<Option<NaiveDate>>,
    pub case_category: Vec<Option<&'a str>>,
    pub non_litigation: Vec<Option<bool>>,
    pub cause: Vec<Option<&'a str>>,
    pub reason: Vec<Option<&'a str>>,
    pub note: Vec<Option<&'a str>>,
    /// interference, hardship, government_debtor, livelihood, petitioned (order of Flag::ALL)
    pub flags: [Vec<Option<bool>>; 5],
    pub respondent_kind: Vec<Option<&'a str>>,
    pub has_assets: Vec<Option<bool>>,
    pub officer: Vec<Option<&'a str>>,
    pub team: Vec<Option<&'a str>>,
    pub leader: Vec<Option<&'a str>>,
}

impl<'a> CaseCols<'a> {
    pub fn read(df: &'a DataFrame) -> Result<CaseCols<'a>> {
        let t = "cases";
        if df.column("filed_on").is_err() {
            return Err(Error::Input {
                file: "cases table".into(),
                row: None,
                column: Some("filed_on".into()),
                message: "the case table has no filing date column (filed_on); \
                          was it written by `caseflow ingest`?"
                    .into(),
            });
        }
        // Each column is copied out independently: in parallel.
        const STRS: [&str; 12] = [
            "case_key",
            "case_kind",
            "closure_method",
            "status",
            "case_category",
            "cause",
            "reason",
            "note",
            "respondent_kind",
            "officer",
            "team",
            "leader",
        ];
        const DATES: [&str; 4] = ["filed_on", "closed_on", "exported_on", "suspended_on"];
        const BOOLS: [&str; 7] = [
            "non_litigation",
            "has_assets",
            "interference",
            "hardship",
            "government_debtor",
            "livelihood",
            "petitioned",
        ];
        let ((s, d), b) = rayon::join(
            || {
                rayon::join(
                    || {
                        STRS.par_iter()
                            .map(|n| strs(df, t, n))
                            .collect::<Result<Vec<_>>>()
                    },
                    || {
                        DATES
                            .par_iter()
                            .map(|n| dates(df, t, n))
                            .collect::<Result<Vec<_>>>()
                    },
                )
            },
            || {
                BOOLS
                    .par_iter()
                    .map(|n| bools(df, t, n))
                    .collect::<Result<Vec<_>>>()
            },
        );
        let (mut s, mut d, mut b) = (s?.into_iter(), d?.into_iter(), b?.into_iter());
        let mut s_ = || s.next().unwrap_or_default();
        let mut d_ = || d.next().unwrap_or_default();
        let mut b_ = || b.next().unwrap_or_default();
        Ok(CaseCols {
            n: df.height(),
            case_key: s_(),
            case_kind: s_(),
            closure_method: s_(),
            status: s_(),
            case_category: s_(),
            cause: s_(),
            reason: s_(),
            note: s_(),
            respondent_kind: s_(),
            officer: s_(),
            team: s_(),
            leader: s_(),
            filed_on: d_(),
            closed_on: d_(),
            exported_on: d_(),
            suspended_on: d_(),
            non_litigation: b_(),
            has_assets: b_(),
            flags: [b_(), b_(), b_(), b_(), b_()],
        })
    }
}

/// What a deducted interval's 扣除类型 means for the case's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeductionClass {
    Suspension,
    Deferral,
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Deduction<'a> {
    pub kind: &'a str,
    pub class: DeductionClass,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub struct ExtensionRow {
    pub months: i64,
    pub days: i64,
    pub approved_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Owner<'a> {
    pub officer: Option<&'a str>,
    pub leader: Option<&'a str>,
    pub team: Option<&'a str>,
}

/// Petitions of one case: dates of register entries joined by key and by name.
#[derive(Debug, Clone, Default)]
pub struct PetitionDates {
    pub by_key: Vec<Option<NaiveDate>>,
    pub by_name: Vec<Option<NaiveDate>>,
}

/// The side tables, indexed by case key.
#[derive(Default)]
pub struct Sides<'a> {
    pub deductions: PlHashMap<&'a str, Vec<Deduction<'a>>>,
    pub extensions: PlHashMap<&'a str, Vec<ExtensionRow>>,
    pub owners: PlHashMap<&'a str, Owner<'a>>,
    pub petitions: PlHashMap<&'a str, PetitionDates>,
    /// register entries read, and how many could not be joined to any case
    pub petitions_read: usize,
    pub petitions_unlinked: usize,
}

/// The two distinct cases filed earliest among those with one applicant name.
#[derive(Debug, Clone, Copy, Default)]
struct Earliest<'a> {
    first: Option<(&'a str, Option<NaiveDate>)>,
    second: Option<(&'a str, Option<NaiveDate>)>,
}

/// Order of filing dates where an unknown date counts as earliest (it may be any date).
fn filed_rank(d: Option<NaiveDate>) -> (bool, Option<NaiveDate>) {
    (d.is_some(), d)
}

impl<'a> Earliest<'a> {
    fn add(&mut self, key: &'a str, filed: Option<NaiveDate>) {
        let new = (key, filed);
        let earlier = |x: (&str, Option<NaiveDate>)| filed_rank(filed) < filed_rank(x.1);
        let Some(f) = self.first else {
            self.first = Some(new);
            return;
        };
        if f.0 == key {
            // the same case from another row: keep its earliest date
            if earlier(f) {
                self.first = Some(new);
            }
        } else if earlier(f) {
            // the old first (another case) becomes second; the old second is now third,
            // or was this very case
            self.first = Some(new);
            self.second = Some(f);
        } else {
            // (a later row of the second case keeps its earliest date the same way)
            match self.second {
                None => self.second = Some(new),
                Some(s) if earlier(s) => self.second = Some(new),
                Some(_) => {}
            }
        }
    }

    /// The one case filed by `on`, if exactly one was.
    fn only_one_by(&self, on: Option<NaiveDate>) -> Option<&'a str> {
        let by = |x: &(&str, Option<NaiveDate>)| match (x.1, on) {
            (Some(f), Some(d)) => f <= d,
            _ => true,
        };
        let first = self.first.filter(by)?;
        if self.second.is_some_and(|s| by(&s)) {
            None
        } else {
            Some(first.0)
        }
    }
}

/// The side tables as read from a run (any of them may be missing).
#[derive(Default)]
pub struct SideTables {
    pub deductions: Option<DataFrame>,
    pub extensions: Option<DataFrame>,
    pub petitions: Option<DataFrame>,
    pub assignments: Option<DataFrame>,
}

fn class_of(kind: &str, suspension: &[String], deferral: &[String]) -> DeductionClass {
    if suspension.iter().any(|w| kind.contains(w.as_str())) {
        DeductionClass::Suspension
    } else if deferral.iter().any(|w| kind.contains(w.as_str())) {
        DeductionClass::Deferral
    } else {
        DeductionClass::Other
    }
}

type Map<'a, V> = PlHashMap<&'a str, V>;

fn index_deductions<'a>(
    df: &'a DataFrame,
    rules: &super::rules::Rules,
) -> Result<Map<'a, Vec<Deduction<'a>>>> {
    let tn = "deductions";
    let key = strs(df, tn, "case_key")?;
    let kind = strs(df, tn, "kind")?;
    let start = dates(df, tn, "start_on")?;
    let end = dates(df, tn, "end_on")?;
    let mut m: Map<Vec<Deduction>> = PlHashMap::default();
    for i in 0..df.height() {
        let (Some(k), Some(st)) = (key[i], start[i]) else {
            continue;
        };
        let kd = kind[i].unwrap_or("");
        m.entry(k).or_default().push(Deduction {
            kind: kd,
            class: class_of(kd, &rules.suspension_words, &rules.deferral_words),
            start: st,
            end: end[i],
        });
    }
    Ok(m)
}

fn index_extensions(df: &DataFrame) -> Result<Map<'_, Vec<ExtensionRow>>> {
    let tn = "extensions";
    let key = strs(df, tn, "case_key")?;
    let months = i64s(df, tn, "months")?;
    let days = i64s(df, tn, "days")?;
    let approved = dates(df, tn, "approved_on")?;
    let mut m: Map<Vec<ExtensionRow>> = PlHashMap::default();
    for i in 0..df.height() {
        let Some(k) = key[i] else { continue };
        if months[i].is_none() && days[i].is_none() {
            continue;
        }
        m.entry(k).or_default().push(ExtensionRow {
            months: months[i].unwrap_or(0).max(0),
            days: days[i].unwrap_or(0).max(0),
            approved_on: approved[i],
        });
    }
    Ok(m)
}

fn index_owners(df: &DataFrame) -> Result<Map<'_, Owner<'_>>> {
    let tn = "assignments";
    let key = strs(df, tn, "case_key")?;
    let officer = strs(df, tn, "officer")?;
    let leader = strs(df, tn, "leader")?;
    let team = strs(df, tn, "team")?;
    let on = dates(df, tn, "assigned_on")?;
    // The latest assignment wins (by date, then by row order).
    let mut best: PlHashMap<&str, (Option<NaiveDate>, usize)> = PlHashMap::default();
    for i in 0..df.height() {
        let Some(k) = key[i] else { continue };
        if best.get(k).is_none_or(|(d, _)| on[i] >= *d) {
            best.insert(k, (on[i], i));
        }
    }
    Ok(best
        .into_iter()
        .map(|(k, (_, i))| {
            (
                k,
                Owner {
                    officer: officer[i],
                    leader: leader[i],
                    team: team[i],
                },
            )
        })
        .collect())
}

/// Petitions by case key, entries read, entries not joined.
type PetitionIndex<'a> = (Map<'a, PetitionDates>, usize, usize);

fn index_petitions<'a>(
    df: &'a DataFrame,
    rules: &super::rules::Rules,
    cases: &DataFrame,
    case_keys: &[Option<&'a str>],
    filed: &[Option<NaiveDate>],
) -> Result<PetitionIndex<'a>> {
    let tn = "petitions";
    let key = strs(df, tn, "case_key")?;
    let who = strs(df, tn, "petitioner")?;
    let on = dates(df, tn, "petitioned_on")?;
    let known: PlHashSet<&str> = case_keys.iter().flatten().copied().collect();
    // applicant name → the two distinct cases with that applicant filed earliest (enough
    // to tell whether exactly one case was filed by a given date)
    let mut by_name: PlHashMap<String, Earliest<'a>> = PlHashMap::default();
    if rules.petitions.link_by_name {
        if let Ok(c) = cases.column("applicants") {
            let ca = c.list().map_err(|e| err("cases", "applicants", e))?;
            // One owned key per distinct name, not per row.
            for (i, row) in ca.amortized_iter().enumerate() {
                let (Some(row), Some(Some(k))) = (row, case_keys.get(i)) else {
                    continue;
                };
                let Ok(names) = row.as_ref().str() else {
                    continue;
                };
                let f = filed.get(i).copied().flatten();
                for n in names.iter().flatten() {
                    match by_name.get_mut(n) {
                        Some(e) => e.add(k, f),
                        None => {
                            let mut e = Earliest::default();
                            e.add(k, f);
                            by_name.insert(n.to_string(), e);
                        }
                    }
                }
            }
        }
    }
    let mut m: Map<PetitionDates> = PlHashMap::default();
    let mut unlinked = 0;
    for i in 0..df.height() {
        match key[i] {
            Some(k) if known.contains(k) => m.entry(k).or_default().by_key.push(on[i]),
            Some(_) => unlinked += 1,
            // A name joins an entry to a case only when exactly one case filed by the
            // entry's date has that applicant: a shared name is not guessed.
            None => match who[i].and_then(|w| by_name.get(w.trim())?.only_one_by(on[i])) {
                Some(k) => m.entry(k).or_default().by_name.push(on[i]),
                None => unlinked += 1,
            },
        }
    }
    Ok((m, df.height(), unlinked))
}

impl<'a> Sides<'a> {
    /// Indexes the side tables (each on its own thread). `cases`, `case_keys` and `filed`
    /// are the case table's (for joining petitions by applicant name).
    pub fn build(
        t: &'a SideTables,
        rules: &super::rules::Rules,
        cases: &DataFrame,
        case_keys: &[Option<&'a str>],
        filed: &[Option<NaiveDate>],
    ) -> Result<Sides<'a>> {
        let ((ded, ext), (own, pet)) = rayon::join(
            || {
                rayon::join(
                    || {
                        t.deductions
                            .as_ref()
                            .map(|d| index_deductions(d, rules))
                            .transpose()
                    },
                    || t.extensions.as_ref().map(index_extensions).transpose(),
                )
            },
            || {
                rayon::join(
                    || t.assignments.as_ref().map(index_owners).transpose(),
                    || {
                        t.petitions
                            .as_ref()
                            .map(|p| index_petitions(p, rules, cases, case_keys, filed))
                            .transpose()
                    },
                )
            },
        );
        let (petitions, petitions_read, petitions_unlinked) = pet?.unwrap_or_default();
        Ok(Sides {
            deductions: ded?.unwrap_or_default(),
            extensions: ext?.unwrap_or_default(),
            owners: own?.unwrap_or_default(),
            petitions,
            petitions_read,
            petitions_unlinked,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn a_name_joins_only_when_one_case_was_filed_by_then() {
        let mut e = Earliest::default();
        e.add("B", d(2024, 5, 1));
        e.add("A", d(2023, 1, 1));
        e.add("A", d(2023, 1, 1)); // the same case from another row
        e.add("C", d(2025, 1, 1));
        assert_eq!(e.only_one_by(d(2022, 1, 1)), None, "no case yet");
        assert_eq!(e.only_one_by(d(2023, 6, 1)), Some("A"));
        assert_eq!(e.only_one_by(d(2024, 6, 1)), None, "A and B");
        assert_eq!(e.only_one_by(None), None);
        let mut one = Earliest::default();
        one.add("A", None);
        one.add("A", d(2023, 1, 1));
        assert_eq!(one.only_one_by(d(2020, 1, 1)), Some("A"));
    }
}
