//! One case at the as-of date: status, deadline, backlog, categories, root causes, assets,
//! petitions and owners. Pure function of the case's columns, its side rows and the
//! compiled rules, so cases are evaluated in parallel in any order.

use std::fmt::Write;

use chrono::{Months, NaiveDate};
use polars::prelude::{DataFrame, DataType, PlHashMap, PlHashSet};

use super::deadline::{self, Interval};
use super::input::{DeductionClass, PetitionDates, Row, Side, Sides};
use super::rules::{AsOfStatus, CategoryRule, Flag, Rules};
use super::text::{Field, Hit, TextFacts};

/// Why a rule fired, kept as plain data and put into words only when written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// a deducted interval of this kind that ended by the as-of date, the case still open
    DeductionEnded(&'a str),
    Petitions(i64),
    /// implied by root cause k
    Implied(usize),
    /// an explicit export field
    Export,
    /// phrase set `set` matched word `word` of the rule in the reason a register gives
    /// for the suspension running on the as-of date (中止执行登记's 中止原因)
    RegisterText {
        set: u32,
        word: u32,
    },
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
            Evidence::DeductionEnded(k) => {
                let k = k.trim();
                let k = k.strip_suffix("期间").unwrap_or(k);
                write!(out, "{k}已结束，案件仍未结")
            }
            Evidence::Petitions(n) => write!(out, "信访{n}次"),
            Evidence::Implied(k) => write!(
                out,
                "见{}",
                rules.causes.get(k).map_or("", |c| c.name.as_str())
            ),
            Evidence::Export => write!(out, "导出字段"),
            Evidence::RegisterText { set, word } => {
                let w = rules
                    .text
                    .set(set)
                    .and_then(|s| s.words.get(word as usize))
                    .map_or("", String::as_str);
                write!(out, "中止登记的原因含“{w}”")
            }
        };
    }
}

/// Where a petition count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PetitionSource {
    None,
    Register {
        by_key: i64,
        by_name: i64,
    },
    /// A count written in the case's free text (信访3次 in 备注 or 情况说明).
    Text(Field),
    /// A 信访次数 column of the case export.
    Stated,
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
            PetitionSource::Text(f) => write!(out, "{}记载", f.label()),
            PetitionSource::Stated => write!(out, "导出信访次数"),
            PetitionSource::Flag => write!(out, "导出标记信访"),
            PetitionSource::None => Ok(()),
        };
    }
}

/// One reason of a case's classification, as data. A reason is put into words once per
/// distinct reason (and piece of the table), not once per case: on a million cases the
/// same few hundred reasons recur, and formatting each was a large share of the rules' cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason<'a> {
    /// root cause k (index into `Rules::causes`) and its evidence
    Cause(usize, Evidence<'a>),
    /// no rule found a root cause for a case that needs one
    UnknownCause,
    /// has_assets, decided by a root cause (or not) and its evidence
    Assets(Option<usize>, Evidence<'a>),
    /// category `ci` (index into `Rules::categories`) and why
    Category(usize, Why<'a>),
}

/// Why a category rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Why<'a> {
    Overdue {
        days: i64,
        min_days: i64,
    },
    /// an export flag, with the rule's label
    Flag(&'a str),
    Evidence(Evidence<'a>),
    /// the 案由 as listed in the rule
    Cause(&'a str),
    /// root cause k implies the category
    RootCause(usize, Evidence<'a>),
    RespondentKind(&'a str),
    /// suspended, and the ground has ended / assets were found
    GroundEnded(Evidence<'a>),
    AssetsFound(Evidence<'a>),
    DeferredSince {
        since: NaiveDate,
        months: u32,
    },
    Petitions {
        count: i64,
        source: PetitionSource,
    },
}

impl Reason<'_> {
    /// The reason in words.
    pub fn write(&self, rules: &Rules, out: &mut String) {
        let cause_name = |k: usize| rules.causes.get(k).map_or("", |c| c.name.as_str());
        match *self {
            Reason::Cause(k, ev) => {
                out.push_str(cause_name(k));
                out.push('：');
                ev.write(rules, out);
            }
            Reason::UnknownCause => {
                let _ = write!(out, "{}：没有规则命中", rules.unknown_name);
            }
            Reason::Assets(cause, ev) => {
                if let Some(c) = cause.and_then(|k| rules.causes.get(k)) {
                    out.push_str(&c.name);
                    out.push('：');
                }
                ev.write(rules, out);
            }
            Reason::Category(ci, why) => {
                let id = rules.categories.get(ci).map_or(0, |c| c.id);
                let _ = write!(out, "类别{id}：");
                // Writing into a String cannot fail.
                let _ = match why {
                    Why::Overdue { days, min_days } => {
                        write!(out, "超过法定期限{days}天（满{min_days}天即属本类）")
                    }
                    Why::Flag(label) => out.write_str(label),
                    Why::Evidence(e) => {
                        e.write(rules, out);
                        Ok(())
                    }
                    Why::Cause(k) => write!(out, "案由为{k}"),
                    Why::RootCause(k, e) => {
                        e.write(rules, out);
                        write!(out, "（{}）", cause_name(k))
                    }
                    Why::RespondentKind(k) => write!(out, "被执行人类型为{k}"),
                    Why::GroundEnded(e) => {
                        out.push_str("执行中止，");
                        e.write(rules, out);
                        out.write_str("（中止事由已消除）")
                    }
                    Why::AssetsFound(e) => {
                        out.push_str("执行中止，");
                        e.write(rules, out);
                        out.write_str("（发现可供执行财产）")
                    }
                    Why::DeferredSince { since, months } => {
                        write!(out, "自{since}暂缓执行，已满{months}个月")
                    }
                    Why::Petitions { count, source } => {
                        let _ = write!(out, "信访{count}次（");
                        source.write(out);
                        out.write_str("）")
                    }
                };
            }
        }
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
    /// The day the latest stay (中止, 暂缓) the deductions register dates ended by the
    /// as-of date ([`stay_ended_on`]): the evaluation reads a stay at the census that ended
    /// during the campaign as resumed (metrics.md Goal 2: "or the suspension ended")
    pub stay_ended_on: Option<NaiveDate>,
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
    /// 非诉执行 (three-month period), however it was known
    pub non_litigation: Option<bool>,
    /// (the root cause that decided it, the evidence)
    pub has_assets_reason: Option<(Option<usize>, Evidence<'a>)>,
    pub petition_count: i64,
    pub officer: Option<&'a str>,
    pub officer_source: Option<&'static str>,
    pub leader: Option<&'a str>,
    pub team: Option<&'a str>,
    pub without_officer: bool,
    /// open, with a deducted period other than a suspension or deferral (鉴定, 评估, 公告)
    /// that has no end date and began over a year before the as-of date: it deducts up to
    /// that date, which a clerk's omitted 结束日期 would make wrong
    pub long_open_deduction: bool,
    /// open, with a deducted period that the inputs say ends over a year after the as-of
    /// date: it deducts up to that date as a running one does, which a mistyped end (2099)
    /// would keep doing at every later census
    pub far_deduction_end: bool,
    /// closed because a new case carries its enforcement on ([`moved_origins`]): the
    /// closing date given (its own, else the new case's filing) and whether it was a
    /// transfer to another court rather than a 执恢
    pub moved_closed_on: Option<(NaiveDate, bool)>,
}

impl CaseOut<'_> {
    /// The root causes' indices, in taxonomy order.
    pub fn cause_indices(&self) -> impl Iterator<Item = usize> + '_ {
        // the set bits, lowest first (one step per cause, not 64)
        let mut bits = self.root_causes;
        std::iter::from_fn(move || {
            let k = bits.trailing_zeros() as usize;
            (bits != 0).then(|| {
                bits &= bits - 1;
                k
            })
        })
    }
}

/// Per-thread scratch space, reused from case to case.
#[derive(Default)]
pub struct Scratch<'a> {
    intervals: Vec<(NaiveDate, NaiveDate)>,
    evidence: Vec<Option<Evidence<'a>>>,
    /// the last case's category reasons
    pub category_reasons: Vec<Reason<'a>>,
    /// the last case's root-cause reasons, in the order of the causes
    pub cause_reasons: Vec<Reason<'a>>,
}

/// Shared, read-only context of one run.
pub struct Ctx<'a> {
    pub rules: &'a Rules,
    pub as_of: NaiveDate,
    pub sides: &'a Sides<'a>,
    pub facts: &'a [TextFacts],
    /// per distinct text: the phrase sets it matched (`TextFacts::sets`)
    pub text_sets: &'a [u64],
    /// per distinct text: the petition count it states ([`text_count`])
    pub text_counts: &'a [Option<i64>],
    /// The cases carried on under a new 案号 filed by the as-of date (a 执恢, or a court's
    /// 首执 that took the case over): the original case was closed ([`moved_origins`]).
    pub moved_origins: &'a PlHashMap<String, Moved>,
    /// The team most of an officer's cases name ([`officer_teams`]).
    pub officer_teams: &'a PlHashMap<String, String>,
    /// 执恢 cases that resume a 非诉执行 case ([`non_litigation_resumed`]).
    pub non_litigation_resumed: &'a PlHashSet<String>,
}

/// 非诉执行 (three-month period): by the export's flag, its 案件类别 or 执行依据类别 (a
/// listed value, or words naming an administrative decision), or its 案由.
fn non_litigation(
    rules: &Rules,
    flag: Option<bool>,
    category: Option<&str>,
    cause: Option<&str>,
) -> bool {
    flag == Some(true)
        || category.map(trim).is_some_and(|k| {
            rules
                .non_litigation_categories
                .iter()
                .any(|x| x.as_str() == k)
                || rules
                    .non_litigation_category_words
                    .iter()
                    .any(|w| k.contains(w.as_str()))
        })
        || cause.is_some_and(|x| {
            rules.non_litigation_causes.iter().any(|k| same_cause(x, k))
                || rules
                    .non_litigation_cause_words
                    .iter()
                    .any(|w| x.contains(w.as_str()))
        })
}

/// The 执恢 cases (case_kind `resumed`) whose `origin_case_key` names a 非诉执行 case of
/// the table: they resume an administrative decision's enforcement, with its period,
/// though their own 案件类别 says only 恢复执行 and their 案由 may be blank.
pub fn non_litigation_resumed(cases: &DataFrame, rules: &Rules) -> PlHashSet<String> {
    let mut out = PlHashSet::default();
    let s = |name: &str| cases.column(name).and_then(|c| c.str().cloned()).ok();
    let (Some(key), Some(kind), Some(origin)) =
        (s("case_key"), s("case_kind"), s("origin_case_key"))
    else {
        return out;
    };
    // Only the cases some 执恢 case names are looked at.
    let origins: PlHashSet<&str> = kind
        .iter()
        .zip(origin.iter())
        .filter_map(|(kd, o)| (kd == Some("resumed")).then_some(o).flatten())
        .collect();
    if origins.is_empty() {
        return out;
    }
    let category = s("case_category");
    // 案由 is kept as written: read folded, as classification reads it.
    let cause = s("cause").map(|c| super::input::folded_width(&c));
    let flag = cases
        .column("non_litigation")
        .and_then(|c| c.bool().cloned())
        .ok();
    let non_lit: PlHashSet<&str> = (0..cases.height())
        .filter(|&i| key.get(i).is_some_and(|k| origins.contains(k)))
        .filter(|&i| {
            non_litigation(
                rules,
                flag.as_ref().and_then(|f| f.get(i)),
                category.as_ref().and_then(|c| c.get(i)),
                cause.as_ref().and_then(|c| c.get(i)),
            )
        })
        .filter_map(|i| key.get(i))
        .collect();
    if non_lit.is_empty() {
        return out;
    }
    for ((k, kd), o) in key.iter().zip(kind.iter()).zip(origin.iter()) {
        if let (Some(k), Some("resumed"), Some(o)) = (k, kd, o) {
            if non_lit.contains(o) {
                out.insert(k.to_string());
            }
        }
    }
    out
}

/// The latest day a case could have been filed, from its key's year (`2016浙0603执5`):
/// the year's last day, or `by` when that is earlier. `None` for a key without a year.
/// Classify dates a case without a 立案日期 by it, and trend counts such a case's 新收 on
/// the same day, so that its flows add up to the census.
pub fn latest_filing(case_key: &str, by: NaiveDate) -> Option<NaiveDate> {
    let year = key_year(case_key)?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    Some(end.min(by))
}

/// The day classify and the trend date a case without a usable 立案日期 by: the latest
/// day it can have been filed, the last day of its key's year ([`latest_filing`]), or
/// without a year in its key (暂无, a hand-kept ledger's sequence number) the date of the
/// export listing it (`listed_by`). One rule for both, so that the trend's 未结 on the
/// as-of date is the census's.
pub fn assumed_filing(case_key: Option<&str>, listed_by: NaiveDate) -> NaiveDate {
    case_key
        .and_then(|k| latest_filing(k, listed_by))
        .unwrap_or(listed_by)
}

/// Whether a case key begins with a plausible year ([`latest_filing`] can date it).
pub fn key_has_year(case_key: &str) -> bool {
    key_year(case_key).is_some()
}

/// The year a case key begins with (2023 of 2023浙0603执5), when plausible.
fn key_year(case_key: &str) -> Option<i32> {
    let year: i32 = case_key.get(..4)?.parse().ok()?;
    (1949..=2100).contains(&year).then_some(year)
}

/// How an original case's enforcement went on under a new 案号 ([`moved_origins`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    /// the filing date of the earliest case that carries the enforcement on: the original
    /// was closed by then at the latest
    pub on: NaiveDate,
    /// sent on (提级执行, 指定执行, 交叉执行: a 首执 of the receiving court whose 原案号 is
    /// the original), not resumed (执恢)
    pub transfer: bool,
}

/// The cases whose enforcement goes on under a new 案号 filed by `as_of`, by case key: the
/// origin (`origin_case_key`) of a 执恢 case (case_kind `resumed`: a 终本 case resumed under
/// a new number stays closed, and the new case carries the enforcement on; 中止 cases resume
/// under their own number), and the origin of a 首执 case whose 原案号 is an enforcement
/// case (首执 or 执恢) of its own: a case raised to the higher court (提级执行), assigned to
/// another (指定执行) or exchanged (交叉执行), which the first court closes by 终结执行
/// (2014 意见 art. 17, items 10–12) and the receiving court files as a first enforcement.
/// Without this the two are both in the backlog when the first court's export is older
/// than the transfer. Each key goes with its earliest successor.
pub fn moved_origins(cases: &DataFrame, as_of: NaiveDate) -> PlHashMap<String, Moved> {
    let mut out: PlHashMap<String, Moved> = PlHashMap::default();
    let s = |n: &str| cases.column(n).and_then(|c| c.str().cloned()).ok();
    let (Some(origin), Some(kind), Ok(filed)) = (
        s("origin_case_key"),
        s("case_kind"),
        cases
            .column("filed_on")
            .and_then(|c| c.cast(&DataType::Int32))
            .and_then(|c| c.i32().cloned()),
    ) else {
        return out;
    };
    let own = s("case_key");
    let origin_no = s("origin_case_no");
    let court = s("court_code");
    // The kind, filing day and court of a case of the run, by key; else as its 原案号 is
    // written.
    let mut kind_of: PlHashMap<&str, &str> = PlHashMap::default();
    let mut filed_of: PlHashMap<&str, i32> = PlHashMap::default();
    let mut court_of: PlHashMap<&str, &str> = PlHashMap::default();
    if let Some(own) = &own {
        for (i, (k, c)) in own.iter().zip(kind.iter()).enumerate() {
            let Some(k) = k else { continue };
            if let Some(c) = c {
                kind_of.entry(k).or_insert(c);
            }
            if let Some(f) = filed.get(i) {
                filed_of
                    .entry(k)
                    .and_modify(|e| *e = (*e).min(f))
                    .or_insert(f);
            }
            if let Some(c) = court.as_ref().and_then(|c| c.get(i)) {
                court_of.entry(k).or_insert(c);
            }
        }
    }
    // A transfer (提级执行, 指定执行, 交叉执行) moves a case to another court: a 首执 citing
    // an open case of its own court (a clerk's related case, a second application on the
    // same 执行依据) moves nothing. Both courts must be known.
    let other_court = |i: usize, o: &str| {
        let citing = court.as_ref().and_then(|c| c.get(i));
        let cited = court_of.get(o).map(|c| (*c).to_string()).or_else(|| {
            origin_no
                .as_ref()
                .and_then(|n| n.get(i))
                .and_then(|n| crate::casenum::parse(n).ok())
                .map(|c| c.court_code)
        });
        matches!((citing, cited), (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() && a != b)
    };
    let enforcement = |i: usize, o: &str| match kind_of.get(o) {
        Some(k) => matches!(*k, "first" | "resumed"),
        None => origin_no
            .as_ref()
            .and_then(|n| n.get(i))
            .and_then(|n| crate::casenum::parse(n).ok())
            .is_some_and(|c| {
                matches!(
                    c.case_kind,
                    crate::casenum::CaseKind::First | crate::casenum::CaseKind::Resumed
                )
            }),
    };
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    for (i, ((o, k), f)) in origin.iter().zip(kind.iter()).zip(filed.iter()).enumerate() {
        let (Some(o), Some(k), Some(f)) = (o, k, f) else {
            continue;
        };
        let Some(on) = epoch.checked_add_signed(chrono::Duration::days(i64::from(f))) else {
            continue;
        };
        if on > as_of || o.is_empty() || own.as_ref().and_then(|c| c.get(i)) == Some(o) {
            continue;
        }
        // A case cannot carry on one filed after it (a mistyped 原案号): that one is not
        // closed before it was filed.
        if filed_of.get(o).is_some_and(|&of| of > f) {
            continue;
        }
        let transfer = match k {
            "resumed" => false,
            "first" if enforcement(i, o) && other_court(i, o) => true,
            _ => continue,
        };
        let m = Moved { on, transfer };
        out.entry(o.to_string())
            .and_modify(|e| {
                if on < e.on {
                    *e = m;
                }
            })
            .or_insert(m);
    }
    out
}

/// Each officer's team, where more than half of the rows of the case table and the
/// assignments list that name the officer and a team name the same team: the team of that
/// officer's cases whose export has no team column (one system exports 承办部门, another
/// does not).
pub fn officer_teams(
    cases: &DataFrame,
    assignments: Option<&DataFrame>,
) -> PlHashMap<String, String> {
    let mut out = PlHashMap::default();
    let pairs = |df: &DataFrame| {
        df.column("officer")
            .and_then(|c| c.str().cloned())
            .and_then(|o| Ok((o, df.column("team")?.str()?.clone())))
            .ok()
    };
    let tables: Vec<_> = [Some(cases), assignments]
        .into_iter()
        .flatten()
        .filter_map(pairs)
        .collect();
    let mut counts: PlHashMap<(&str, &str), usize> = PlHashMap::default();
    let mut totals: PlHashMap<&str, usize> = PlHashMap::default();
    for (officer, team) in &tables {
        for (o, t) in officer.iter().zip(team.iter()) {
            if let (Some(o), Some(t)) = (o.map(str::trim), t.map(str::trim)) {
                if !o.is_empty() && !t.is_empty() {
                    *counts.entry((o, t)).or_default() += 1;
                    *totals.entry(o).or_default() += 1;
                }
            }
        }
    }
    for ((o, t), n) in counts {
        if 2 * n > totals[o] {
            out.insert(o.to_string(), t.to_string());
        }
    }
    out
}

/// The largest petition count a text (备注 or 情况说明) states (`信访{n}次` and the like).
/// `n` is read in digits or in Chinese numerals (信访三次, 上访两次, 信访十二次), as a period's
/// 三个月 is ([`crate::ingest::fields::parse_count`]), with spaces around it or not (信访 3 次). An
/// approximate count says at least that many and counts as that: 信访10余次 and 十多次 at
/// least 10, 信访多次 ("more than once") at least 2.
pub fn text_count(patterns: &[(String, String)], text: &str) -> Option<i64> {
    let mut best: Option<i64> = None;
    for (pre, post) in patterns {
        let mut rest = text;
        while let Some(at) = rest.find(pre.as_str()) {
            let after = &rest[at + pre.len()..];
            if let Some(n) = count_before(after, post) {
                best = Some(best.map_or(n, |b| b.max(n)));
            }
            rest = after;
        }
    }
    best
}

/// The count `{n}` a text starts with when `post` (次) follows it ([`text_count`]).
fn count_before(text: &str, post: &str) -> Option<i64> {
    use crate::ingest::{cell::Cell, fields};
    let t = text.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || fields::is_chinese_numeral(c)))
        .unwrap_or(t.len());
    let (number, t) = t.split_at(end);
    let t = t.trim_start();
    // 10余次, 十多次: more than ten, so at least ten; 多次 alone: more than once.
    let (more, t) = match t.strip_prefix(['余', '多']) {
        Some(r) => (Some(t.starts_with('多')), r.trim_start()),
        None => (None, t),
    };
    if !t.starts_with(post) {
        return None;
    }
    match (number.is_empty(), more) {
        (true, Some(true)) => Some(2),
        (true, _) => None,
        (false, _) => fields::parse_count(&Cell::Text(number.to_string()))
            .ok()
            .flatten(),
    }
}

/// `raw` equals the listed 案由 `key` (written without spaces) once spaces are ignored;
/// no allocation per case.
fn same_cause(raw: &str, key: &str) -> bool {
    if same_text(raw, key) {
        return true;
    }
    // A 案由 as systems also export it: its path in the 案由 tree (合同纠纷-建设工程施工合同
    // 纠纷, 侵权责任纠纷/机动车交通事故责任纠纷), a note in brackets after it, or without
    // 纠纷 (追索劳动报酬); several causes in one cell (建设工程施工合同纠纷、追索劳动报酬纠纷:
    // any of them), or one with 一案 after it. Cheap test first: most causes are none of
    // these.
    const SEVERAL: [char; 5] = ['、', '，', ',', '；', ';'];
    if !raw.contains([
        '-', '/', '>', '＞', '→', '－', '—', '|', '／', ')', '）', '、', '，', ',', '；', ';',
    ]) && raw.ends_with("纠纷")
    {
        return false;
    }
    let one = |raw: &str| {
        let raw = raw.trim();
        let raw = raw
            .strip_suffix("一案")
            .or_else(|| {
                raw.strip_suffix("纠纷案")
                    .map(|r| &raw[..r.len() + "纠纷".len()])
            })
            .unwrap_or(raw);
        let core = cause_core(raw);
        same_text(core, key)
            || (!core.ends_with("纠纷")
                && key.strip_suffix("纠纷").is_some_and(|k| same_text(core, k)))
    };
    // The path's top level may hold a 、 itself (合同、准合同纠纷/…): the whole first.
    one(raw)
        || (raw.contains(SEVERAL) && raw.split(SEVERAL).any(|p| !p.trim().is_empty() && one(p)))
}

/// A 案由 without the path before it and the note in brackets after it.
fn cause_core(raw: &str) -> &str {
    let last = raw
        .rsplit(['-', '/', '>', '＞', '→', '－', '—', '|', '／'])
        .find(|p| !p.trim().is_empty())
        .unwrap_or(raw)
        .trim();
    match last.strip_suffix([')', '）']) {
        Some(inner) => inner
            .rfind(['(', '（'])
            .map_or(last, |open| last[..open].trim_end()),
        None => last,
    }
}

/// Equal but for white space in `raw`.
fn same_text(raw: &str, key: &str) -> bool {
    // Ignoring spaces only shortens `raw`: equal lengths mean equal bytes, and a `raw`
    // shorter than `key` never matches (most comparisons end here, without a char loop).
    match raw.len().cmp(&key.len()) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => raw == key,
        std::cmp::Ordering::Greater => raw.chars().filter(|c| !c.is_whitespace()).eq(key.chars()),
    }
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(trim).filter(|s| !s.is_empty())
}

/// `str::trim`, without decoding the ends of a text that cannot start or end with white
/// space: only ASCII control bytes and the space and the lead bytes C2, E1, E2 and E3 begin
/// a character that `char::is_whitespace` accepts. (Names, statuses and notes are trimmed
/// several times per case: a tenth of a second on a million cases.)
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let may_be_space = |c: u8| c <= b' ' || matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let last_lead = b.iter().rposition(|&c| c & 0xC0 != 0x80).map(|i| b[i]);
    match (b.first(), last_lead) {
        (Some(&first), Some(last)) if !may_be_space(first) && !may_be_space(last) => s,
        _ => s.trim(),
    }
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

    /// The phrase sets a case's texts matched: most rules ask for a set no text of the
    /// case matched, and are answered by one bit.
    pub fn text_sets(&self, reason_text: Option<u32>, note_text: Option<u32>) -> u64 {
        let of = |t: Option<u32>| t.and_then(|t| self.text_sets.get(t as usize)).copied();
        of(reason_text).unwrap_or(0) | of(note_text).unwrap_or(0)
    }

    /// The evidence that phrase set `set` matched this case's texts, in words.
    fn text_evidence(&self, row: &Row, set: u32) -> Option<Evidence<'a>> {
        if row.text_sets & super::text::set_bit(set) == 0 {
            return None;
        }
        let (field, hit) = self.hits(row).find(|(_, h)| h.set == set)?;
        Some(Evidence::Text {
            field,
            set,
            word: hit.word,
        })
    }

    /// The evidence that phrase set `set` matched the reason a register gives for a stay of
    /// `class` running on the as-of date (中止执行登记: 中止原因 破产程序已终结), where the
    /// case list has none: read as the case list's 中止原因 would be. (Analysed here, for
    /// the few suspended cases whose own texts say nothing.)
    fn register_evidence(
        &self,
        deds: &[super::input::Deduction],
        class: DeductionClass,
        set: u32,
    ) -> Option<Evidence<'a>> {
        deds.iter()
            .filter(|d| d.class == class && d.start <= self.as_of)
            .filter(|d| d.end.is_none_or(|e| e > self.as_of))
            .find_map(|d| {
                self.rules
                    .text
                    .analyse(Field::Reason, d.kind)
                    .hits
                    .iter()
                    .find(|h| h.set == set)
                    .map(|h| Evidence::RegisterText { set, word: h.word })
            })
    }

    /// The petition count the case's texts state, and which text states it: 情况说明 and
    /// 备注 both, as the category-7 word rule reads them (a clerk writes 申请人信访3次 in
    /// either); the larger count when both do.
    fn text_count(&self, row: &Row) -> Option<(i64, Field)> {
        let of = |t: Option<u32>| t.and_then(|t| self.text_counts.get(t as usize).copied()?);
        let reason = of(row.reason_text).map(|n| (n, Field::Reason));
        let note = of(row.note_text).map(|n| (n, Field::Note));
        match (reason, note) {
            (Some(r), Some(n)) if r.0 > n.0 => Some(r),
            (r, n) => n.or(r),
        }
    }

    /// Petition count at the as-of date and where it comes from.
    fn petitions(&self, row: &Row, p: Option<&PetitionDates>) -> (i64, PetitionSource) {
        // A petition is counted once however many register exports list it: entries of
        // one date with the same petitioner, channel and content are one (monthly
        // registers overlap); a letter and a visit of one day are two; an undated entry
        // counts alone. Such entries at two times of the day (信访时间 09:30 and 15:30) are
        // two visits; one without a time is a visit of that day, the same as one with a
        // time when another register gives it: so the day counts its distinct times, or
        // one when none is given, whatever the order of the entries.
        // An entry stating several visits (信访次数 3) says there were at least that many:
        // the largest stated count or the entries, whichever is more (a register that
        // numbers each visit, or repeats a running total, is not summed).
        // (A list of a few entries is searched; a case with thousands, by a map.)
        let mut seen: Vec<((NaiveDate, u64), Vec<u32>)> = Vec::new();
        let mut seen_at: std::collections::HashMap<(NaiveDate, u64), usize> =
            std::collections::HashMap::new();
        let mut by = |v: &[super::input::PetitionEntry]| {
            let (mut n, mut most) = (0i64, 0i64);
            for (d, h, times, at) in v
                .iter()
                .filter(|(d, _, _, _)| d.is_none_or(|d| d <= self.as_of))
            {
                if let Some(d) = d {
                    let slot = if seen.len() <= 32 {
                        seen.iter().position(|(k, _)| *k == (*d, *h))
                    } else {
                        seen_at.get(&(*d, *h)).copied()
                    };
                    let visits = |t: &Vec<u32>| t.len().max(1) as i64;
                    let added = match slot {
                        Some(s) => {
                            let before = visits(&seen[s].1);
                            let t = &mut seen[s].1;
                            if let Some(a) = at.filter(|a| !t.contains(a)) {
                                t.push(a);
                            }
                            visits(t) - before
                        }
                        None => {
                            seen.push(((*d, *h), at.iter().copied().collect()));
                            if seen.len() == 33 {
                                seen_at.extend(seen.iter().enumerate().map(|(i, (k, _))| (*k, i)));
                            } else if seen.len() > 33 {
                                seen_at.insert((*d, *h), seen.len() - 1);
                            }
                            1
                        }
                    };
                    if added == 0 {
                        continue;
                    }
                    n += added;
                } else {
                    n += 1;
                }
                most = most.max(i64::from(*times));
            }
            n.max(most)
        };
        let (by_key, by_name) = match p {
            Some(p) => {
                let k = by(&p.by_key);
                (k, by(&p.by_name))
            }
            None => (0, 0),
        };
        let register = by_key + by_name;
        let (note, field) = self.text_count(row).unwrap_or((0, Field::Note));
        // (A count an export made after the as-of date may include later visits. A
        // deduplicated case says which export its count is from.)
        let stated_on = row.stated_petitions_on.unwrap_or(row.exported_on);
        let stated = row.stated[3]
            .filter(|_| stated_on.is_none_or(|e| e <= self.as_of))
            .unwrap_or(0);
        if register >= note && register >= stated && register > 0 {
            (register, PetitionSource::Register { by_key, by_name })
        } else if stated > note {
            (stated, PetitionSource::Stated)
        } else if note > 0 {
            (note, PetitionSource::Text(field))
        } else if row.flags[Flag::Petitioned as usize] == Some(true) {
            (1, PetitionSource::Flag)
        } else {
            (0, PetitionSource::None)
        }
    }

    /// Decides one case; `side` holds its side rows (`sides.get` of its key). Its category and root-cause reasons are left in
    /// `scratch.category_reasons` and `scratch.cause_reasons`, which the caller reads before
    /// the next case.
    pub fn evaluate(
        &self,
        row: &Row<'a>,
        side: Option<Side<'a>>,
        scratch: &mut Scratch<'a>,
    ) -> CaseOut<'a> {
        let rules = self.rules;
        let as_of = self.as_of;
        let deds: &[super::input::Deduction] = side.map_or(&[], |s| s.deductions);
        let exts = side.map_or(&[][..], |s| s.extensions);
        let owner = side
            .and_then(|s| s.owner)
            .map(|(_, o)| *o)
            .unwrap_or_default();
        let pets = side.and_then(|s| s.petitions);
        if let Some(p) = pets {
            p.link();
        }

        // --- status at the as-of date -------------------------------------------------
        // A case without a usable 立案日期 (blank, or a system's "no date") was filed by the
        // end of its 案号's year at the latest (by the export's date, if that is earlier):
        // counted from then, its age and overdue days are at least what they show, and an
        // open case is not left out of the census. Without a year in its 案号 either (暂无,
        // a hand-kept ledger's sequence number), it was filed by the date of the export that
        // lists it (by the as-of date, for an export without a date): counted from then, it
        // is open and not yet overdue, rather than dropped as not yet filed.
        let listed_by = row.exported_on.unwrap_or(as_of);
        let filed = row
            .filed_on
            .or_else(|| Some(assumed_filing(row.case_key, listed_by)))
            .filter(|f| *f <= as_of);
        let closed_by = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
        // A case its export shows open again, resumed (恢复执行) after its 结案日期 and by
        // the as-of date: closed then, open now (the closure still counts in its month).
        // Resumed on the day it was closed (a 终本 lifted the same day) is open from that
        // day too: the resumption follows the closure.
        let reopened = |closed: &NaiveDate| {
            row.status.is_some_and(|s| s != "closed")
                && row.resumed_on.is_some_and(|r| r >= *closed && r <= as_of)
        };
        let mut closed_on = closed_by(row.closed_on).filter(|c| !reopened(c));
        // A closure dated after the as-of date: the case was pending then.
        let closed_later = row.closed_on.is_some_and(|d| d > as_of);
        // A suspension (or deferral) the export shows: running on the as-of date unless
        // it is dated after it, or ended by it. Without a start date it is taken to have
        // been running: an export pulled a few days after the census date shows the
        // suspensions of the census date (a suspension lasts months).
        let suspension_then = |s: &str| {
            matches!(s, "suspended" | "deferred")
                && row.suspended_on.is_none_or(|d| d <= as_of)
                && row.resumed_on.is_none_or(|r| r > as_of)
        };
        let status_col = row
            .status
            .filter(|s| {
                row.exported_on.is_none_or(|e| e <= as_of)
                    && (!matches!(*s, "suspended" | "deferred") || suspension_then(s))
            })
            .or_else(|| {
                // An export made after the census date (pulled a day after month end): a
                // suspension it shows was running on it, as above.
                row.status.filter(|s| suspension_then(s))
            });
        // A 中止日期 by the as-of date without its 恢复日期, on a case with no status
        // (ingest reads a coarse 未结 beside one as suspended): suspended. So is one whose
        // 恢复日期 falls after the as-of date, whatever the export says now (pulled after
        // the resumption, it shows the case at work again). So is one never resumed on a
        // case closed after the as-of date (中止, then 终结执行): the suspension ran until
        // the closure, as it is deducted.
        let dated_suspension = row.suspended_on.is_some_and(|d| d <= as_of)
            && match row.resumed_on {
                Some(r) => r > as_of,
                None => row.status.is_none() || (closed_later && row.status == Some("closed")),
            };
        // The start of the stay of `class` running on the as-of date: of its last row, then
        // back through the rows it continues without a break (a deferral written on two
        // register rows, the second starting before or as the first ends, is one deferral;
        // measured from its last row, it never reached category 5's three months).
        let running = |class: DeductionClass| {
            let mut start = deds
                .iter()
                .filter(|d| d.class == class && d.start <= as_of)
                .filter(|d| d.end.is_none_or(|e| e > as_of))
                .map(|d| d.start)
                .max()?;
            while let Some(earlier) = deds
                .iter()
                .filter(|d| d.class == class && d.start < start)
                .filter(|d| d.end.is_none_or(|e| e >= start))
                .map(|d| d.start)
                .min()
            {
                start = earlier;
            }
            Some(start)
        };
        let mut deferral_start = None;
        // Resumed under a 执恢 案号 by the as-of date, or taken over by another court
        // (提级执行, 指定执行): the original case stays closed, though its export shows it
        // open (终本（已恢复）, 恢复执行, or 未结 in an export older than the transfer). A
        // suspended one is left as its status says (evaluate follows its resumption
        // through the link).
        let moved = row
            .case_key
            .and_then(|k| self.moved_origins.get(k))
            .filter(|_| row.status.is_none_or(|s| s == "pending"));
        let resumed_as_new = moved.is_some();
        let status = if filed.is_none() {
            AsOfStatus::NotFiled
        } else if closed_on.is_some()
            || (!closed_later
                && (resumed_as_new
                    || status_col == Some("closed")
                    // Shown closed (已结, 结) with no 结案日期 in an export made after the
                    // as-of date: closed by the export's date, placed on the as-of date, as
                    // the rejects and the trend say, whether or not a 结案方式 is written
                    // (with one it was closed; without, it fell back to pending and 积案).
                    || (row.status == Some("closed") && row.closed_on.is_none())
                    // A method without a date closes the case unless its status says it
                    // is open (在办 beside an old 终本 of a resumed case: ingest lists it).
                    || (row.closure_method.is_some() && row.status.is_none_or(|s| s == "closed"))))
        {
            AsOfStatus::Closed
        } else if running(DeductionClass::Suspension).is_some() {
            AsOfStatus::Suspended
        } else if let Some(s) = running(DeductionClass::Deferral) {
            deferral_start = Some(s);
            AsOfStatus::Deferred
        } else if status_col == Some("suspended") || dated_suspension {
            AsOfStatus::Suspended
        } else if status_col == Some("deferred") {
            // Dated by the export's 中止日期 (its one column for the start of a stay).
            deferral_start = row.suspended_on.filter(|s| *s <= as_of);
            AsOfStatus::Deferred
        } else {
            AsOfStatus::Pending
        };
        let open = status.is_open();
        // Closed for the new case: on its own 结案日期 (a 终本 before the 执恢), else by the
        // new case's filing at the latest, so that the closure is in a month's closures and
        // the flows add up to the pending cases.
        let mut moved_closed_on = None;
        if let (AsOfStatus::Closed, None, Some(m)) = (status, closed_on, moved) {
            // Never before its own filing (a second line of defence: moved_origins skips a
            // successor filed before the case).
            let on = filed.map_or(m.on, |f| m.on.max(f));
            closed_on = Some(row.closed_on.map_or(on, |c| c.min(on)));
            moved_closed_on = closed_on.map(|c| (c, m.transfer));
        }

        // --- deadline -------------------------------------------------------------------
        let non_lit = non_litigation(rules, row.non_litigation, row.case_category, row.cause)
            || row
                .case_key
                .is_some_and(|k| self.non_litigation_resumed.contains(k));
        let period = if non_lit {
            rules.non_litigation_months
        } else {
            rules.period_months
        };
        let (mut ext_m, mut ext_d) = (0i64, 0i64);
        // The latest deadline an approval states (延长至).
        let mut ext_until: Option<NaiveDate> = None;
        for (k, e) in exts.iter().enumerate() {
            if e.approved_on.is_some_and(|d| d > as_of) {
                continue;
            }
            ext_until = ext_until.max(e.until);
            // The same approval listed again (overlapping register exports): one approval.
            let again = e.approved_on.is_some()
                && exts[..k].iter().any(|x| {
                    x.approved_on == e.approved_on && x.months == e.months && x.days == e.days
                });
            if !again {
                ext_m = ext_m.saturating_add(e.months);
                ext_d = ext_d.saturating_add(e.days);
            }
        }
        // The extensions the export states (延长审限天数): the court's system counts
        // approvals the extensions register may not list; the larger is taken.
        let [stated_m, stated_d, stated_dd, _] = row.stated;
        ext_m = ext_m.max(stated_m.unwrap_or(0).max(0));
        ext_d = ext_d.max(stated_d.unwrap_or(0).max(0));
        let mut deducted = None;
        let mut due = None;
        let mut age = None;
        let mut overdue_raw = None;
        if let Some(f) = filed {
            // A suspension the export dates: over when it gives the 恢复日期 (whatever the
            // status now), else still running when the case is suspended, and to the
            // closure when the case was closed without being resumed (中止, then 终结执行
            // once the debtor is declared bankrupt): the deduction stops at the 结案日期.
            let export_suspension = row.suspended_on.filter(|s| *s <= as_of).and_then(|s| {
                match row.resumed_on.filter(|r| *r >= s) {
                    Some(r) => Some(Interval {
                        start: s,
                        end: Some(r),
                    }),
                    None => match status {
                        // A stay still running (a deferral dated in 中止日期 too).
                        AsOfStatus::Suspended | AsOfStatus::Deferred => Some(Interval {
                            start: s,
                            end: None,
                        }),
                        AsOfStatus::Closed => closed_on.filter(|c| *c >= s).map(|c| Interval {
                            start: s,
                            end: Some(c),
                        }),
                        _ => None,
                    },
                }
            });
            // Reopened under its own 案号 (恢复执行 after its 结案日期): the days it stood
            // closed are left out of its age and added to its period, as a deducted interval
            // (metrics.md, Age: inactive time excluded; Due date: union of deducted
            // intervals). No court worked on it then and no period ran; counted, a 终本
            // resumed last month was a year overdue, while the same resumption recorded as
            // a 执恢 case is a month old.
            let closed_spell = row
                .closed_on
                .filter(|c| status != AsOfStatus::Closed && *c <= as_of && reopened(c))
                .and_then(|c| {
                    row.resumed_on.map(|r| Interval {
                        start: c,
                        end: Some(r),
                    })
                });
            let ivs = deds
                .iter()
                .map(|d| Interval {
                    start: d.start,
                    end: d.end,
                })
                .chain(export_suspension)
                .chain(closed_spell);
            let stop = if status == AsOfStatus::Closed {
                closed_on
            } else {
                None
            };
            // The deducted days the export states (扣除审限天数), when more than the
            // intervals the inputs date.
            let dd = deadline::deducted_days(f, as_of, stop, ivs, &mut scratch.intervals)
                .max(stated_dd.unwrap_or(0));
            deducted = Some(dd);
            due = u32::try_from(ext_m)
                .ok()
                .and_then(|m| deadline::due_on(f, period, m, ext_d, dd));
            // The 审限届满日期 the export states, when later: it counts what the court's
            // system knows of approvals and deductions.
            // So is the deadline an approved extension states (延长至), which counts the
            // period, the earlier approvals and the deductions as the court's system knew
            // them when it approved.
            for stated in [row.stated_due_on, ext_until].into_iter().flatten() {
                due = Some(due.map_or(stated, |d| d.max(stated)));
            }
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
                    && (r.case_kinds.is_empty() || {
                        // A 案号 that did not parse has no kind; the rules, like the census,
                        // call it `unparsed`.
                        let kind = row.case_kind.unwrap_or("unparsed");
                        r.case_kinds.iter().any(|x| x == kind)
                    })
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
                        // (which words a kind holds was found once per kind)
                        let bit = 1u64 << k;
                        let known = |d: &&super::input::Deduction, words: u64| {
                            d.start <= as_of && words & bit != 0
                        };
                        if rc.deduction_words.is_empty()
                            || (rc.deduction_open_only && !open)
                            || deds.iter().any(|d| known(&d, d.unless))
                        {
                            return None;
                        }
                        deds.iter()
                            .filter(|d| {
                                !rc.deduction_ended_only || d.end.is_some_and(|e| e <= as_of)
                            })
                            .find(|d| known(d, d.words))
                            .map(|d| {
                                if rc.deduction_ended_only {
                                    Evidence::DeductionEnded(d.kind)
                                } else {
                                    Evidence::Deduction(d.kind)
                                }
                            })
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
        let cause_reasons = &mut scratch.cause_reasons;
        cause_reasons.clear();
        for (k, ev) in evidence.iter().enumerate() {
            if let Some(ev) = ev {
                root_causes |= 1u64 << k;
                cause_reasons.push(Reason::Cause(k, *ev));
            }
        }
        let needs_cause =
            open || method.is_some_and(|m| rules.unknown_closure_methods.iter().any(|x| x == m));
        let unknown_cause = root_causes == 0 && needs_cause;
        if unknown_cause {
            cause_reasons.push(Reason::UnknownCause);
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
            // A category counted by petitions (类别7) whose words say "repeatedly" is not
            // taken from the words when the export says otherwise: 是否信访 = 否, or a count
            // it states (信访1次, 信访次数) below the rule's minimum.
            let stated_count = self
                .text_count(row)
                .map(|(n, _)| n)
                .into_iter()
                .chain(row.stated[3])
                .max();
            let counted_against = |cat: &super::rules::Category| {
                cat.rules.iter().any(|r| match r {
                    CategoryRule::Petitions { min } => {
                        row.flags[Flag::Petitioned as usize] == Some(false)
                            || stated_count.is_some_and(|n| n < *min)
                    }
                    _ => false,
                })
            };
            for (ci, cat) in rules.categories.iter().enumerate().take(7) {
                let mut hit = false;
                let words_overruled = counted_against(cat);
                for r in &cat.rules {
                    let why = match r {
                        CategoryRule::Overdue { min_days } => overdue_raw
                            .filter(|d| d >= min_days)
                            .map(|days| Why::Overdue {
                                days,
                                min_days: *min_days,
                            }),
                        CategoryRule::Flag { flag, label } => (row.flags[*flag as usize]
                            == Some(true))
                        .then_some(Why::Flag(label.as_str())),
                        CategoryRule::Words { .. } if words_overruled => None,
                        CategoryRule::Words { set } => {
                            self.text_evidence(row, *set).map(Why::Evidence)
                        }
                        CategoryRule::Cause { causes } => row
                            .cause
                            .and_then(|x| causes.iter().find(|k| same_cause(x, k)))
                            .map(|k| Why::Cause(k.as_str())),
                        CategoryRule::RootCause { cause } => evidence
                            .get(*cause)
                            .copied()
                            .flatten()
                            .map(|e| Why::RootCause(*cause, e)),
                        CategoryRule::RespondentKind { kinds } => row
                            .respondent_kind
                            .filter(|k| kinds.iter().any(|x| x == k))
                            .map(Why::RespondentKind),
                        CategoryRule::Resume {
                            deferral_months,
                            ground_set,
                            assets_set,
                        } => match status {
                            AsOfStatus::Suspended => {
                                let said = |set: u32| {
                                    self.text_evidence(row, set).or_else(|| {
                                        self.register_evidence(
                                            deds,
                                            DeductionClass::Suspension,
                                            set,
                                        )
                                    })
                                };
                                said(*ground_set)
                                    .map(Why::GroundEnded)
                                    .or_else(|| said(*assets_set).map(Why::AssetsFound))
                            }
                            AsOfStatus::Deferred => deferral_start
                                .filter(|s| {
                                    s.checked_add_months(Months::new(*deferral_months))
                                        .is_some_and(|d| d <= as_of)
                                })
                                .map(|since| Why::DeferredSince {
                                    since,
                                    months: *deferral_months,
                                }),
                            _ => None,
                        },
                        CategoryRule::Petitions { min } => {
                            (petition_count >= *min).then_some(Why::Petitions {
                                count: petition_count,
                                source: petition_source,
                            })
                        }
                    };
                    if let Some(why) = why {
                        category_reasons.push(Reason::Category(ci, why));
                        hit = true;
                    }
                }
                cats[ci] = Some(hit);
            }
        }

        // --- owners -----------------------------------------------------------------------
        // The export names who had the case when it was pulled; a reassignment the register
        // dates after that (and by the as-of date) is who has it now. An undated export was
        // pulled after the latest date its rows state (`listed_on`).
        let reassigned_since = matches!(
            (side.and_then(|s| s.owner).and_then(|(on, _)| *on), row.listed_on),
            (Some(on), Some(exported)) if on > exported
        ) && nonblank(owner.officer).is_some();
        let (officer, officer_source) = match (nonblank(row.officer), nonblank(owner.officer)) {
            (Some(_), Some(o)) if reassigned_since => (Some(o), Some("assignments")),
            (Some(o), _) => (Some(o), Some("export")),
            (None, Some(o)) => (Some(o), Some("assignments")),
            (None, None) => (None, None),
        };
        // The leader likewise (领导包案: a new 包案领导 named after the export, with or
        // without a new officer).
        let leader_since = matches!(
            (side.and_then(|s| s.owner_dates).and_then(|d| d[1]), row.listed_on),
            (Some(on), Some(exported)) if on > exported
        );
        let leader = match (nonblank(row.leader), nonblank(owner.leader)) {
            (Some(_), Some(l)) if leader_since => Some(l),
            (Some(l), _) => Some(l),
            (None, l) => l,
        };
        // The assignments' team only with its own officer: not the team of an officer the
        // export no longer names, nor, after a 承办人变更 row without a team column, the
        // team the former officer's row gave. A row naming no officer gives the team of
        // the officer the assignments name by its date (none named: any officer's); one
        // dated before that officer's assignment was a former officer's, as far as is
        // known. Else the team the officer's other cases name ([`officer_teams`]): an
        // export without a team column puts no officer on a blank team beside his own.
        let owner_team = nonblank(owner.team).filter(|_| {
            let dates = side.and_then(|s| s.owner_dates);
            let (officer_on, team_on) = (dates.and_then(|d| d[0]), dates.and_then(|d| d[2]));
            match (nonblank(owner.team_officer), nonblank(owner.officer)) {
                (Some(o), _) => Some(o) == officer,
                (None, Some(o)) => team_on >= officer_on && Some(o) == officer,
                (None, None) => true,
            }
        });
        let export_team = nonblank(row.team).filter(|_| !reassigned_since);
        let team = export_team.or(owner_team).or_else(|| {
            officer
                .and_then(|o| self.officer_teams.get(o))
                .map(String::as_str)
        });

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
            stay_ended_on: stay_ended_on(deds, as_of),
            age_days: age,
            overdue_days,
            in_backlog,
            cats,
            root_causes,
            unknown_cause,
            has_assets,
            non_litigation: Some(non_lit),
            has_assets_reason,
            petition_count,
            without_officer: open && officer.is_none(),
            long_open_deduction: open
                && deds.iter().any(|d| {
                    d.class == DeductionClass::Other
                        && d.end.is_none()
                        && (as_of - d.start).num_days() > 365
                }),
            far_deduction_end: open
                && deds.iter().any(|d| {
                    d.start <= as_of && d.end.is_some_and(|e| (e - as_of).num_days() > 365)
                }),
            officer,
            officer_source,
            leader,
            team,
            moved_closed_on,
        }
    }
}

/// The day the latest stay (中止, 暂缓) the register dates ended by `as_of`: the end of one
/// of its rows that no other stay row runs on past (a 中止 the day a 暂缓 ends, or a
/// deferral written on two rows, is one stay, not ended between them). A stay still
/// running at `as_of`, or said to end after it, has not ended; an earlier one that did
/// still gives its day (resumed, then stayed again). Rows starting after `as_of` are not
/// yet known then.
pub fn stay_ended_on(deds: &[super::input::Deduction], as_of: NaiveDate) -> Option<NaiveDate> {
    let stay = |d: &&super::input::Deduction| {
        matches!(
            d.class,
            DeductionClass::Suspension | DeductionClass::Deferral
        ) && d.start <= as_of
    };
    deds.iter()
        .filter(stay)
        .filter_map(|d| d.end.filter(|e| *e <= as_of))
        .filter(|&e| {
            !deds
                .iter()
                .filter(stay)
                .any(|o| o.start <= e && o.end.is_none_or(|oe| oe > e))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 执恢 resumes its origin and a 首执 citing an enforcement case takes it over; the
    /// earliest successor filed by the as-of date dates it; a 首执 citing a judgement, a
    /// case filed later, or a case citing itself moves nothing; nor does a 首执 citing a
    /// case of its own court (T2: not a transfer), nor a 执恢 citing a case filed after it
    /// (R2 → K2: a mistyped 原案号, which must not close K2 before it was filed).
    #[test]
    fn cases_carried_on_under_a_new_number() {
        use polars::prelude::*;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let days = |v: &[NaiveDate]| {
            v.iter()
                .map(|x| (*x - d(1970, 1, 1)).num_days() as i32)
                .collect::<Vec<_>>()
        };
        let mut df = df! {
            "case_key" => ["K1", "R1", "R1b", "T1", "F1", "L1", "S1", "T2", "K2", "R2"],
            "case_kind" => ["first", "resumed", "resumed", "first", "first", "resumed", "first",
                "first", "first", "resumed"],
            "origin_case_key" => [None, Some("K1"), Some("K1"), Some("2024浙0602执3"),
                Some("2024浙0602民初7"), Some("K9"), Some("S1"), Some("2024浙0602执4"), None,
                Some("K2")],
            "origin_case_no" => [None, Some("（2023）浙0602执2号"), None,
                Some("（2024）浙0602执3号"), Some("（2024）浙0602民初7号"), None, None,
                Some("（2024）浙0602执4号"), None, None],
            "court_code" => ["浙0602", "浙0602", "浙0602", "浙06", "浙06", "浙0602", "浙0602",
                "浙0602", "浙0602", "浙0602"],
            "filed_on" => days(&[d(2023, 3, 1), d(2025, 7, 10), d(2025, 3, 1), d(2025, 5, 10),
                d(2025, 6, 1), d(2026, 4, 1), d(2025, 1, 1), d(2025, 5, 10), d(2025, 6, 1),
                d(2025, 2, 1)]),
        }
        .unwrap();
        df.apply("filed_on", |c| c.cast(&DataType::Date).unwrap())
            .unwrap();
        let m = moved_origins(&df, d(2026, 2, 28));
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(
            m["K1"],
            Moved {
                on: d(2025, 3, 1),
                transfer: false
            }
        );
        assert_eq!(
            m["2024浙0602执3"],
            Moved {
                on: d(2025, 5, 10),
                transfer: true
            }
        );
    }

    /// c-resumed-ignores-ended-suspension: the end of the latest stay the register dates by
    /// the as-of date; a stay another runs on from (the day it ends) did not end then, and
    /// one still running, or said to end later, has not ended.
    #[test]
    fn the_day_the_latest_stay_ended() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let row = |class, start, end| super::super::input::Deduction {
            kind: "",
            class,
            words: 0,
            unless: 0,
            start,
            end,
        };
        let (s, f, o) = (
            DeductionClass::Suspension,
            DeductionClass::Deferral,
            DeductionClass::Other,
        );
        let as_of = d(6, 30);
        assert_eq!(
            stay_ended_on(&[row(s, d(1, 5), Some(d(4, 3)))], as_of),
            Some(d(4, 3))
        );
        // 中止 then 暂缓 from the day it ends: one stay, ended on 5-20.
        let chain = [
            row(s, d(1, 5), Some(d(3, 1))),
            row(f, d(3, 1), Some(d(5, 20))),
        ];
        assert_eq!(stay_ended_on(&chain, as_of), Some(d(5, 20)));
        // Resumed on 3-1, stayed again from 4-1 to this day: resumed on 3-1.
        let again = [row(s, d(1, 5), Some(d(3, 1))), row(f, d(4, 1), None)];
        assert_eq!(stay_ended_on(&again, as_of), Some(d(3, 1)));
        // Running on, ending after the as-of date, or no stay at all: none.
        assert_eq!(stay_ended_on(&[row(s, d(1, 5), None)], as_of), None);
        assert_eq!(
            stay_ended_on(&[row(f, d(1, 5), Some(d(7, 9)))], as_of),
            None
        );
        assert_eq!(
            stay_ended_on(&[row(o, d(1, 5), Some(d(2, 1)))], as_of),
            None
        );
    }

    #[test]
    fn an_administrative_decision_as_the_basis_category_is_non_litigation() {
        let rules = Rules::load(None).unwrap();
        for category in [
            "行政处罚决定书",
            "行政决定书",
            "行政机关申请执行",
            "非诉执行",
        ] {
            assert!(
                non_litigation(&rules, None, Some(category), None),
                "{category}"
            );
        }
        for category in ["行政判决书", "行政裁定书", "民事判决书", "首次执行"] {
            assert!(
                !non_litigation(&rules, None, Some(category), None),
                "{category}"
            );
        }
    }

    #[test]
    fn a_cause_matches_with_its_path_a_note_or_without_its_suffix() {
        let key = "建设工程施工合同纠纷";
        for raw in [
            "建设工程施工合同纠纷",
            "建设工程施工 合同纠纷",
            "合同纠纷-建设工程施工合同纠纷",
            "合同、准合同纠纷/建设工程施工合同纠纷",
            "建设工程施工合同纠纷（农民工工资）",
            "建设工程施工合同",
        ] {
            assert!(super::same_cause(raw, key), "{raw}");
        }
        for raw in [
            "建设工程分包合同纠纷",
            "合同纠纷",
            "建设工程施工合同纠纷-",
            "",
        ] {
            assert!(!super::same_cause(raw, "建设工程施工"), "{raw}");
        }
        assert!(!super::same_cause("装饰装修合同纠纷", key));
        assert!(super::same_cause("追索劳动报酬", "追索劳动报酬纠纷"));
        for raw in [
            "民间借贷纠纷、建设工程施工合同纠纷",
            "建设工程施工合同纠纷，追索劳动报酬纠纷",
            "建设工程施工合同纠纷一案",
            "建设工程施工合同纠纷案",
        ] {
            assert!(super::same_cause(raw, key), "{raw}");
        }
        assert!(!super::same_cause("民间借贷纠纷、买卖合同纠纷", key));
    }
    /// r-petition-count-words-unread: a count in Chinese numerals (信访三次, 上访两次), with
    /// spaces (信访 3 次) or approximate (10余次, 十多次, 多次) is read; before, only digits
    /// right between 信访 and 次 were.
    #[test]
    fn petition_counts_in_words_are_read() {
        let rules = Rules::load(None).expect("built-in rules");
        let count = |t: &str| super::text_count(&rules.petitions.note_count_patterns, t);
        for (t, n) in [
            ("申请人信访3次", Some(3)),
            ("申请人信访三次", Some(3)),
            ("申请人上访两次", Some(2)),
            ("信访十二次", Some(12)),
            ("申请人信访 3 次", Some(3)),
            ("申请人信访10余次", Some(10)),
            ("申请人信访十余次", Some(10)),
            ("上访20多次", Some(20)),
            ("申请人信访多次", Some(2)),
            ("信访一次，上访5次", Some(5)),
            // 多次上访 says no count: category 7's word rule reads it, negations included.
            ("申请人多次上访", None),
            ("未多次上访", None),
            ("信访余次", None),
            ("信访次数不详", None),
            ("信访3人次", None),
        ] {
            assert_eq!(count(t), n, "{t}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_is_str_trim(s in "[ \t\u{3000}\u{a0}\u{2003}\u{85}a张三\u{1680}\u{ff01}]{0,8}|\\PC{0,8}") {
            prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn trim_of_every_white_space_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("{c}名"),
                format!("名{c}"),
                format!("{c}a{c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{:?}", c);
            }
        }
    }

    #[test]
    fn interval_evidence_reads_as_a_clerk_would_write_it() {
        let rules = Rules::load(None).expect("built-in rules");
        let said = |e: Evidence| {
            let mut s = String::new();
            e.write(&rules, &mut s);
            s
        };
        assert_eq!(said(Evidence::Deduction("公告")), "有公告期间");
        assert_eq!(said(Evidence::Deduction("中止执行期间")), "有中止执行期间");
        assert_eq!(
            said(Evidence::DeductionEnded("拍卖期间")),
            "拍卖已结束，案件仍未结"
        );
        assert_eq!(
            said(Evidence::DeductionEnded("司法拍卖")),
            "司法拍卖已结束，案件仍未结"
        );
        // The built-in rule for 财产难以变现 waits for the auction to end.
        let hard = rules
            .causes
            .iter()
            .find(|c| c.code == "hard_to_realise")
            .expect("hard_to_realise");
        assert!(hard.deduction_ended_only && hard.deduction_open_only);
    }
}
