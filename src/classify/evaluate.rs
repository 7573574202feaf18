//! One case at the as-of date: status, deadline, backlog, categories, root causes, assets,
//! petitions and owners. Pure function of the case's columns, its side rows and the
//! compiled rules, so cases are evaluated in parallel in any order.

use std::fmt::Write;

use chrono::{Months, NaiveDate};

use super::deadline::{self, Interval};
use super::input::{DeductionClass, Owner, PetitionDates, Row, Sides};
use super::rules::{AsOfStatus, CategoryRule, Flag, Rules};
use super::text::{Field, Hit, TextFacts};

/// Separates the reasons of one case inside its reason string (split into a list when the
/// output column is built): one allocation per case instead of one per reason.
pub const SEP: char = '\u{1f}';

/// Why a rule fired, kept as plain data and put into words only when written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence<'a> {
    /// phrase set `set` matched word `word` of the rule in `field`
    Text {
        field: Field,
        set: u32,
        word: u32,
    },
    /// closed (by the as-of date) with this method
    Closure(&'a str),
    Flag(Flag),
    Status(AsOfStatus),
    /// a deducted interval of this kind
    Deduction(&'a str),
    Petitions(i64),
    /// implied by root cause k
    Implied(usize),
    /// an explicit export field
    Export,
}

impl Evidence<'_> {
    pub fn write(&self, rules: &Rules, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = match *self {
            Evidence::Text { field, set, word } => {
                let w = rules
                    .text
                    .set(set)
                    .and_then(|s| s.words.get(word as usize))
                    .map_or("", String::as_str);
                write!(out, "{}含“{w}”", field.label())
            }
            Evidence::Closure(m) => write!(out, "以{m}结案"),
            Evidence::Flag(f) => write!(out, "{}", f.label()),
            Evidence::Status(AsOfStatus::Suspended) => write!(out, "执行中止中"),
            Evidence::Status(AsOfStatus::Deferred) => write!(out, "暂缓执行中"),
            Evidence::Status(s) => write!(out, "状态为{}", s.as_str()),
            Evidence::Deduction(k) => {
                let k = k.trim();
                if k.ends_with("期间") {
                    write!(out, "有{k}")
                } else {
                    write!(out, "有{k}期间")
                }
            }
            Evidence::Petitions(n) => write!(out, "信访{n}次"),
            Evidence::Implied(k) => write!(
                out,
                "见{}",
                rules.causes.get(k).map_or("", |c| c.name.as_str())
            ),
            Evidence::Export => write!(out, "导出字段"),
        };
    }
}

/// Where a petition count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetitionSource {
    None,
    Register { by_key: i64, by_name: i64 },
    Note,
    Flag,
}

impl PetitionSource {
    fn write(&self, out: &mut String) {
        let _ = match *self {
            PetitionSource::Register { by_name: 0, .. } => write!(out, "信访登记按案号"),
            PetitionSource::Register { by_key: 0, .. } => write!(out, "信访登记按申请人姓名"),
            PetitionSource::Register { by_key, by_name } => {
                write!(out, "信访登记按案号{by_key}次、按申请人姓名{by_name}次")
            }
            PetitionSource::Note => write!(out, "备注记载"),
            PetitionSource::Flag => write!(out, "导出标记信访"),
            PetitionSource::None => Ok(()),
        };
    }
}

/// Everything decided about one case.
#[derive(Debug, Clone)]
pub struct CaseOut<'a> {
    pub status: AsOfStatus,
    pub extension_months: Option<i64>,
    pub extension_days: Option<i64>,
    pub deducted_days: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub age_days: Option<i64>,
    pub overdue_days: Option<i64>,
    pub in_backlog: bool,
    /// None when the case is not open at the as-of date
    pub cats: [Option<bool>; 7],
    /// bit k: root cause k of `Rules::causes`
    pub root_causes: u64,
    /// no rule found a cause for a case that needs one
    pub unknown_cause: bool,
    pub has_assets: Option<bool>,
    /// (the root cause that decided it, the evidence)
    pub has_assets_reason: Option<(Option<usize>, Evidence<'a>)>,
    pub petition_count: i64,
    pub officer: Option<&'a str>,
    pub officer_source: Option<&'static str>,
    pub leader: Option<&'a str>,
    pub team: Option<&'a str>,
    pub without_officer: bool,
}

impl CaseOut<'_> {
    /// The root causes' indices, in taxonomy order.
    pub fn cause_indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..64).filter(move |k| self.root_causes & (1u64 << k) != 0)
    }
}

/// Per-thread scratch space, reused from case to case.
#[derive(Default)]
pub struct Scratch<'a> {
    intervals: Vec<(NaiveDate, NaiveDate)>,
    evidence: Vec<Option<Evidence<'a>>>,
    /// the last case's category reasons, separated by `SEP`
    pub category_reasons: String,
    /// the last case's root-cause reasons, separated by `SEP`, in the order of the causes
    pub root_cause_reasons: String,
}

/// Shared, read-only context of one run.
pub struct Ctx<'a> {
    pub rules: &'a Rules,
    pub as_of: NaiveDate,
    pub sides: &'a Sides<'a>,
    pub facts: &'a [TextFacts],
}

/// `raw` equals the listed 案由 `key` (written without spaces) once spaces are ignored;
/// no allocation per case.
fn same_cause(raw: &str, key: &str) -> bool {
    raw.chars().filter(|c| !c.is_whitespace()).eq(key.chars())
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

impl<'a> Ctx<'a> {
    fn hits(&self, row: &Row) -> impl Iterator<Item = (Field, Hit)> + '_ {
        let r = row
            .reason_text
            .and_then(|t| self.facts.get(t as usize))
            .into_iter()
            .flat_map(|f| f.hits.iter().map(|h| (Field::Reason, *h)));
        let n = row
            .note_text
            .and_then(|t| self.facts.get(t as usize))
            .into_iter()
            .flat_map(|f| f.hits.iter().map(|h| (Field::Note, *h)));
        r.chain(n)
    }

    /// The evidence that phrase set `set` matched this case's texts, in words.
    fn text_evidence(&self, row: &Row, set: u32) -> Option<Evidence<'a>> {
        let (field, hit) = self.hits(row).find(|(_, h)| h.set == set)?;
        Some(Evidence::Text {
            field,
            set,
            word: hit.word,
        })
    }

    fn note_count(&self, row: &Row) -> Option<i64> {
        let note = row.note?;
        let mut best: Option<i64> = None;
        for (pre, post) in &self.rules.petitions.note_count_patterns {
            let mut rest = note;
            while let Some(at) = rest.find(pre.as_str()) {
                let after = &rest[at + pre.len()..];
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                let tail = &after[digits.len()..];
                if !digits.is_empty() && tail.starts_with(post.as_str()) {
                    if let Ok(n) = digits.parse::<i64>() {
                        best = Some(best.map_or(n, |b| b.max(n)));
                    }
                }
                rest = after;
            }
        }
        best
    }

    /// Petition count at the as-of date and where it comes from.
    fn petitions(&self, row: &Row, p: Option<&PetitionDates>) -> (i64, PetitionSource) {
        let by = |v: &[Option<NaiveDate>]| {
            v.iter()
                .filter(|d| d.is_none_or(|d| d <= self.as_of))
                .count() as i64
        };
        let (by_key, by_name) = p.map_or((0, 0), |p| (by(&p.by_key), by(&p.by_name)));
        let register = by_key + by_name;
        let note = self.note_count(row).unwrap_or(0);
        if register >= note && register > 0 {
            (register, PetitionSource::Register { by_key, by_name })
        } else if note > 0 {
            (note, PetitionSource::Note)
        } else if row.flags[Flag::Petitioned as usize] == Some(true) {
            (1, PetitionSource::Flag)
        } else {
            (0, PetitionSource::None)
        }
    }

    /// Decides one case. Its reasons are written into `scratch.category_reasons` and
    /// `scratch.root_cause_reasons` (separated by `SEP`), which the caller reads before the
    /// next case.
    pub fn evaluate(&self, row: &Row<'a>, scratch: &mut Scratch<'a>) -> CaseOut<'a> {
        let rules = self.rules;
        let as_of = self.as_of;
        let key = row.case_key;
        let side = key.and_then(|k| self.sides.cases.get(k));
        let deds: &[super::input::Deduction] = side.map_or(&[], |s| s.deductions.as_slice());
        let exts = side.map_or(&[][..], |s| s.extensions.as_slice());
        let owner = side
            .and_then(|s| s.owner)
            .map(|(_, o)| o)
            .unwrap_or(Owner::default());
        let pets = side.map(|s| &s.petitions);

        // --- status at the as-of date -------------------------------------------------
        let filed = row.filed_on.filter(|f| *f <= as_of);
        let closed_by = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
        let closed_on = closed_by(row.closed_on);
        // A closure dated after the as-of date: the case was pending then.
        let closed_later = row.closed_on.is_some_and(|d| d > as_of);
        let status_col = row.status.filter(|_| row.exported_on.is_none_or(|e| e <= as_of));
        let running = |class: DeductionClass| {
            deds.iter()
                .filter(|d| d.class == class && d.start <= as_of)
                .filter(|d| d.end.is_none_or(|e| e > as_of))
                .map(|d| d.start)
                .max()
        };
        let mut deferral_start = None;
        let status = if filed.is_none() {
            AsOfStatus::NotFiled
        } else if closed_on.is_some()
            || (!closed_later && (status_col == Some("closed") || row.closure_method.is_some()))
        {
            AsOfStatus::Closed
        } else if running(DeductionClass::Suspension).is_some() {
            AsOfStatus::Suspended
        } else if let Some(s) = running(DeductionClass::Deferral) {
            deferral_start = Some(s);
            AsOfStatus::Deferred
        } else if status_col == Some("suspended") {
            AsOfStatus::Suspended
        } else if status_col == Some("deferred") {
            AsOfStatus::Deferred
        } else {
            AsOfStatus::Pending
        };
        let open = status.is_open();

        // --- deadline -------------------------------------------------------------------
        let non_lit = row.non_litigation == Some(true)
            || row.case_category.is_some_and(|k| {
                rules
                    .non_litigation_categories
                    .iter()
                    .any(|x| x.as_str() == k.trim())
            })
            || row.cause
                .is_some_and(|x| rules.non_litigation_causes.iter().any(|k| same_cause(x, k)));
        let period = if non_lit {
            rules.non_litigation_months
        } else {
            rules.period_months
        };
        let (mut ext_m, mut ext_d) = (0i64, 0i64);
        for e in exts
            .iter()
            .filter(|e| e.approved_on.is_none_or(|d| d <= as_of))
        {
            ext_m = ext_m.saturating_add(e.months);
            ext_d = ext_d.saturating_add(e.days);
        }
        let mut deducted = None;
        let mut due = None;
        let mut age = None;
        let mut overdue_raw = None;
        if let Some(f) = filed {
            let export_suspension = row.suspended_on
                .filter(|s| status == AsOfStatus::Suspended && *s <= as_of)
                .map(|s| Interval {
                    start: s,
                    end: None,
                });
            let ivs = deds
                .iter()
                .map(|d| Interval {
                    start: d.start,
                    end: d.end,
                })
                .chain(export_suspension);
            let stop = if status == AsOfStatus::Closed {
                closed_on
            } else {
                None
            };
            let dd = deadline::deducted_days(f, as_of, stop, ivs, &mut scratch.intervals);
            deducted = Some(dd);
            due = u32::try_from(ext_m)
                .ok()
                .and_then(|m| deadline::due_on(f, period, m, ext_d, dd));
            if open {
                age = Some((as_of - f).num_days() - dd);
                overdue_raw = due.map(|d| (as_of - d).num_days());
            }
        }
        let overdue_days = overdue_raw.map(|d| d.max(0));
        let in_backlog = open
            && rules.backlog.iter().any(|r| {
                (r.statuses.is_empty() || r.statuses.contains(&status))
                    && r.min_overdue_days
                        .is_none_or(|m| overdue_raw.is_some_and(|d| d >= m))
                    && r.min_age_days.is_none_or(|m| age.is_some_and(|a| a >= m))
                    && (r.case_kinds.is_empty()
                        || row.case_kind.is_some_and(|k| r.case_kinds.iter().any(|x| x == k)))
            });

        // --- petitions --------------------------------------------------------------------
        let (petition_count, petition_source) = self.petitions(row, pets);

        // --- root causes ------------------------------------------------------------------
        let method = if status == AsOfStatus::Closed {
            row.closure_method
        } else {
            None
        };
        let evidence = &mut scratch.evidence;
        evidence.clear();
        evidence.resize(rules.causes.len(), None);
        if filed.is_some() {
            for (k, rc) in rules.causes.iter().enumerate() {
                evidence[k] = rc
                    .set
                    .and_then(|s| self.text_evidence(row, s))
                    .or_else(|| {
                        method
                            .filter(|m| rc.closure_methods.iter().any(|x| x == m))
                            .map(Evidence::Closure)
                    })
                    .or_else(|| {
                        rc.flags
                            .iter()
                            .find(|f| row.flags[**f as usize] == Some(true))
                            .map(|f| Evidence::Flag(*f))
                    })
                    .or_else(|| {
                        rc.statuses
                            .contains(&status)
                            .then_some(Evidence::Status(status))
                    })
                    .or_else(|| {
                        let known = |d: &super::input::Deduction, words: &[String]| {
                            d.start <= as_of && words.iter().any(|w| d.kind.contains(w.as_str()))
                        };
                        if rc.deduction_words.is_empty()
                            || (rc.deduction_open_only && !open)
                            || deds.iter().any(|d| known(d, &rc.deduction_unless))
                        {
                            return None;
                        }
                        deds.iter()
                            .find(|d| known(d, &rc.deduction_words))
                            .map(|d| Evidence::Deduction(d.kind))
                    })
                    .or_else(|| {
                        rc.min_petitions
                            .filter(|m| petition_count >= *m)
                            .map(|_| Evidence::Petitions(petition_count))
                    });
            }
            for k in 0..rules.causes.len() {
                if evidence[k].is_some() {
                    for &j in &rules.causes[k].implies {
                        if evidence[j].is_none() {
                            evidence[j] = Some(Evidence::Implied(k));
                        }
                    }
                }
            }
        }
        let mut root_causes = 0u64;
        let root_cause_reasons = &mut scratch.root_cause_reasons;
        root_cause_reasons.clear();
        for (k, ev) in evidence.iter().enumerate() {
            if let Some(ev) = ev {
                root_causes |= 1u64 << k;
                if !root_cause_reasons.is_empty() {
                    root_cause_reasons.push(SEP);
                }
                root_cause_reasons.push_str(&rules.causes[k].name);
                root_cause_reasons.push('：');
                ev.write(rules, root_cause_reasons);
            }
        }
        let needs_cause =
            open || method.is_some_and(|m| rules.unknown_closure_methods.iter().any(|x| x == m));
        let unknown_cause = root_causes == 0 && needs_cause;
        if unknown_cause {
            let _ = write!(root_cause_reasons, "{}：没有规则命中", rules.unknown_name);
        }

        // --- has_assets -------------------------------------------------------------------
        let ha = &rules.has_assets;
        let (has_assets, has_assets_reason) = if let Some(v) = row.has_assets {
            (Some(v), Some((None, Evidence::Export)))
        } else if let Some(&k) = ha.false_when.iter().find(|&&k| evidence[k].is_some()) {
            (Some(false), evidence[k].map(|e| (Some(k), e)))
        } else if let Some(&k) = ha.true_when.iter().find(|&&k| evidence[k].is_some()) {
            (Some(true), evidence[k].map(|e| (Some(k), e)))
        } else if let Some(m) =
            method.filter(|m| ha.true_when_closure_methods.iter().any(|x| x == m))
        {
            (Some(true), Some((None, Evidence::Closure(m))))
        } else if let Some(ev) = ha.true_set.and_then(|s| self.text_evidence(row, s)) {
            (Some(true), Some((None, ev)))
        } else {
            (None, None)
        };

        // --- the seven categories ---------------------------------------------------------
        let mut cats = [None; 7];
        let category_reasons = &mut scratch.category_reasons;
        category_reasons.clear();
        if open {
            for (ci, cat) in rules.categories.iter().enumerate().take(7) {
                let mut hit = false;
                for r in &cat.rules {
                    // Writes the reason's head; the caller writes the rest.
                    let mut head = |out: &mut String| {
                        if !out.is_empty() {
                            out.push(SEP);
                        }
                        let _ = write!(out, "类别{}：", cat.id);
                        hit = true;
                    };
                    let out = &mut *category_reasons;
                    match r {
                        CategoryRule::Overdue { min_days } => {
                            if let Some(d) = overdue_raw.filter(|d| d >= min_days) {
                                head(out);
                                let _ = write!(out, "超过法定期限{d}天（满{min_days}天即属本类）");
                            }
                        }
                        CategoryRule::Flag { flag, label } => {
                            if row.flags[*flag as usize] == Some(true) {
                                head(out);
                                out.push_str(label);
                            }
                        }
                        CategoryRule::Words { set } => {
                            if let Some(e) = self.text_evidence(row, *set) {
                                head(out);
                                e.write(rules, out);
                            }
                        }
                        CategoryRule::Cause { causes } => {
                            if let Some(k) =
                                row.cause.and_then(|x| causes.iter().find(|k| same_cause(x, k)))
                            {
                                head(out);
                                let _ = write!(out, "案由为{k}");
                            }
                        }
                        CategoryRule::RootCause { cause } => {
                            if let Some(e) = evidence.get(*cause).copied().flatten() {
                                head(out);
                                e.write(rules, out);
                                let _ = write!(out, "（{}）", rules.causes[*cause].name);
                            }
                        }
                        CategoryRule::RespondentKind { kinds } => {
                            if let Some(k) =
                                row.respondent_kind.filter(|k| kinds.iter().any(|x| x == k))
                            {
                                head(out);
                                let _ = write!(out, "被执行人类型为{k}");
                            }
                        }
                        CategoryRule::Resume {
                            deferral_months,
                            ground_set,
                            assets_set,
                        } => match status {
                            AsOfStatus::Suspended => {
                                if let Some(e) = self.text_evidence(row, *ground_set) {
                                    head(out);
                                    out.push_str("执行中止，");
                                    e.write(rules, out);
                                    out.push_str("（中止事由已消除）");
                                } else if let Some(e) = self.text_evidence(row, *assets_set) {
                                    head(out);
                                    out.push_str("执行中止，");
                                    e.write(rules, out);
                                    out.push_str("（发现可供执行财产）");
                                }
                            }
                            AsOfStatus::Deferred => {
                                if let Some(s) = deferral_start.filter(|s| {
                                    s.checked_add_months(Months::new(*deferral_months))
                                        .is_some_and(|d| d <= as_of)
                                }) {
                                    head(out);
                                    let _ = write!(out, "自{s}暂缓执行，已满{deferral_months}个月");
                                }
                            }
                            _ => {}
                        },
                        CategoryRule::Petitions { min } => {
                            if petition_count >= *min {
                                head(out);
                                let _ = write!(out, "信访{petition_count}次（");
                                petition_source.write(out);
                                out.push('）');
                            }
                        }
                    }
                }
                cats[ci] = Some(hit);
            }
        }

        // --- owners -----------------------------------------------------------------------
        let (officer, officer_source) = match (nonblank(row.officer), nonblank(owner.officer)) {
            (Some(o), _) => (Some(o), Some("export")),
            (None, Some(o)) => (Some(o), Some("assignments")),
            (None, None) => (None, None),
        };
        let leader = nonblank(row.leader).or(nonblank(owner.leader));
        let team = nonblank(row.team).or(nonblank(owner.team));

        let (extension_months, extension_days) = if filed.is_some() {
            (Some(ext_m), Some(ext_d))
        } else {
            (None, None)
        };
        CaseOut {
            status,
            extension_months,
            extension_days,
            deducted_days: deducted,
            due_on: due,
            age_days: age,
            overdue_days,
            in_backlog,
            cats,
            root_causes,
            unknown_cause,
            has_assets,
            has_assets_reason,
            petition_count,
            without_officer: open && officer.is_none(),
            officer,
            officer_source,
            leader,
            team,
        }
    }
}
