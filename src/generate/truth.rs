//! Ground truth: the generator's own plain rules for what each case is at a snapshot
//! date, and the tables that record them in `DIR/truth/`.
//!
//! These rules deliberately restate domain/metrics.md and DESIGN §2 in the simplest form
//! over the *true* facts (dates, intervals, flags) — never by calling caseflow's parsing or
//! classifying stages, which are what the truth is there to test. They are written out in
//! words in `sample-data/README.md`; keep the two in step.

use chrono::NaiveDate;

use super::calendar::{add_days, add_months, days_between};
use super::caseload::{Case, Closure, RootCause, World, CATEGORY4_CAUSES, CATEGORY6_CAUSES};
use super::frame::{Frame, Kind};

/// A snapshot of the exports: the census date or the end of the campaign.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Snapshot {
    /// folder name and column prefix: `census` or `end`
    pub label: &'static str,
    pub date: NaiveDate,
}

/// A case's state at a snapshot date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// filed after the snapshot date
    NotFiled,
    /// being enforced (未结, 在办)
    Pending,
    /// pending and suspended (中止) at the date
    Suspended,
    /// pending and deferred (暂缓) at the date
    Deferred,
    Closed,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::NotFiled => "not_filed",
            Status::Pending => "pending",
            Status::Suspended => "suspended",
            Status::Deferred => "deferred",
            Status::Closed => "closed",
        }
    }

    /// Pending in the wide sense (not closed), incl. suspended and deferred.
    pub(crate) fn is_open(self) -> bool {
        matches!(self, Status::Pending | Status::Suspended | Status::Deferred)
    }
}

/// Everything the truth says about one case at one date.
#[derive(Debug, Clone)]
pub(crate) struct SnapState {
    pub status: Status,
    pub closure: Option<Closure>,
    pub extension_months: u32,
    pub extension_days: u32,
    pub deducted_days: i64,
    pub due_on: NaiveDate,
    /// date − filed − deducted days (open cases only)
    pub age_days: Option<i64>,
    /// max(0, date − due) (open cases only)
    pub overdue_days: Option<i64>,
    pub in_backlog: bool,
    /// categories 1–7 (open cases only)
    pub cats: Option<[bool; 7]>,
    pub petition_count: u32,
    pub recovered_fen: i64,
    /// The root causes the reason text exported at this date names (empty when the case
    /// is not filed, closed in full, or its text is vague).
    pub stated_causes: Vec<RootCause>,
}

/// Total days covered by half-open intervals `[start, end)`, overlaps counted once.
pub(crate) fn union_days(mut intervals: Vec<(NaiveDate, NaiveDate)>) -> i64 {
    intervals.retain(|(s, e)| e > s);
    intervals.sort();
    let mut total = 0;
    let mut cur: Option<(NaiveDate, NaiveDate)> = None;
    for (s, e) in intervals {
        match cur {
            Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += days_between(cs, ce);
                cur = Some((s, e));
            }
            None => cur = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = cur {
        total += days_between(cs, ce);
    }
    total
}

/// Deducted days of `case` as known at `t`: every interval that started by `t`, clipped to
/// `[filed, t)`; a running interval counts up to `t`.
pub(crate) fn deducted_days(case: &Case, t: NaiveDate) -> i64 {
    let clipped = case
        .intervals
        .iter()
        .filter(|iv| iv.start <= t)
        .map(|iv| {
            let s = iv.start.max(case.filed);
            let e = iv.end.unwrap_or(t).min(t);
            (s, e)
        })
        .collect();
    union_days(clipped)
}

/// The rule of listing: a snapshot's exports list every case filed by `t` that is open at
/// `t` or was closed on or after `window_start`.
pub(crate) fn listed(case: &Case, t: NaiveDate, window_start: NaiveDate) -> bool {
    case.filed <= t && case.closed_by(t).is_none_or(|c| c.on >= window_start)
}

/// Applies the truth rules to `case` at `t`.
pub(crate) fn evaluate(case: &Case, t: NaiveDate) -> SnapState {
    let closure = case.closed_by(t);
    let status = if case.filed > t {
        Status::NotFiled
    } else if closure.is_some() {
        Status::Closed
    } else if case.suspension_at(t).is_some() {
        Status::Suspended
    } else if case.deferral_at(t).is_some() {
        Status::Deferred
    } else {
        Status::Pending
    };
    let (mut ext_m, mut ext_d) = (0, 0);
    for e in case.extensions.iter().filter(|e| e.approved_on <= t) {
        ext_m += e.months;
        ext_d += e.days;
    }
    let deducted = deducted_days(case, t);
    // due = filed + period (+ extension months) + extension days + union of deductions
    let due_on = add_days(
        add_months(case.filed, case.period_months() + ext_m),
        i64::from(ext_d) + deducted,
    );
    let open = status.is_open();
    let overdue = days_between(due_on, t);
    let age_days = open.then(|| days_between(case.filed, t) - deducted);
    let overdue_days = open.then_some(overdue.max(0));
    let in_backlog = open && (overdue > 0 || status != Status::Pending);
    let petition_count = case.petitions.iter().filter(|p| p.date <= t).count() as u32;
    let cats = open.then(|| {
        let should_resume = match status {
            Status::Suspended => case.suspension_at(t).is_some_and(|s| {
                s.ground_ended.is_some_and(|g| g <= t)
                    || case.assets_found_on.is_some_and(|a| a >= s.start && a <= t)
            }),
            Status::Deferred => case
                .deferral_at(t)
                .is_some_and(|d| add_months(d.start, 3) <= t),
            _ => false,
        };
        [
            overdue >= 365,
            case.interference,
            case.hardship.is_some(),
            CATEGORY4_CAUSES.contains(&case.cause),
            should_resume,
            CATEGORY6_CAUSES.contains(&case.cause),
            petition_count >= 2,
        ]
    });
    SnapState {
        status,
        closure,
        extension_months: ext_m,
        extension_days: ext_d,
        deducted_days: deducted,
        due_on,
        age_days,
        overdue_days,
        in_backlog,
        cats,
        petition_count,
        recovered_fen: case.recovered_at(t),
        stated_causes: if case.filed > t {
            Vec::new()
        } else {
            case.reason_and_causes_at(t).1
        },
    }
}

/// Static columns of `truth/cases.parquet`.
pub(crate) const CASE_COLUMNS: &[(&str, Kind)] = &[
    ("case_id", Kind::I64),
    ("court_code", Kind::Str),
    ("court_name", Kind::Str),
    ("case_no", Kind::Str),
    ("year", Kind::I32),
    ("type_code", Kind::Str),
    ("seq", Kind::I32),
    ("case_kind", Kind::Str),
    ("style", Kind::Str),
    ("non_litigation", Kind::Bool),
    ("cause", Kind::Str),
    ("basis_no", Kind::Str),
    ("filed_on", Kind::Date),
    ("period_months", Kind::I32),
    ("applicants", Kind::List),
    ("respondents", Kind::List),
    ("respondent_kind", Kind::Str),
    ("claim_fen", Kind::I64),
    ("has_assets", Kind::Bool),
    ("assets_found_on", Kind::Date),
    ("root_causes", Kind::List),
    ("interference", Kind::Bool),
    ("hardship", Kind::Str),
    ("officer", Kind::Str),
    ("team", Kind::Str),
    ("leader", Kind::Str),
    ("origin_case_id", Kind::I64),
    ("origin_case_no", Kind::Str),
    ("in_system_a", Kind::Bool),
    ("in_system_b", Kind::Bool),
    ("closed_on", Kind::Date),
    ("closure_method", Kind::Str),
    ("closure_method_raw", Kind::Str),
    ("recovered_fen", Kind::I64),
];

/// Per-snapshot columns of `truth/cases.parquet`, prefixed `census_` and `end_`.
pub(crate) const SNAPSHOT_COLUMNS: &[(&str, Kind)] = &[
    ("listed", Kind::Bool),
    ("status", Kind::Str),
    ("closed_on", Kind::Date),
    ("closure_method", Kind::Str),
    ("extension_months", Kind::I32),
    ("extension_days", Kind::I32),
    ("deducted_days", Kind::I32),
    ("due_on", Kind::Date),
    ("age_days", Kind::I32),
    ("overdue_days", Kind::I32),
    ("in_backlog", Kind::Bool),
    ("cat_1", Kind::Bool),
    ("cat_2", Kind::Bool),
    ("cat_3", Kind::Bool),
    ("cat_4", Kind::Bool),
    ("cat_5", Kind::Bool),
    ("cat_6", Kind::Bool),
    ("cat_7", Kind::Bool),
    ("petition_count", Kind::I32),
    ("recovered_fen", Kind::I64),
    ("root_causes_stated", Kind::List),
];

/// Column names of the census and end snapshot blocks (leaked once per run: the names
/// are `&'static str` in the schema).
pub(crate) fn case_schema() -> Vec<(&'static str, Kind)> {
    let mut v: Vec<(&'static str, Kind)> = CASE_COLUMNS.to_vec();
    for prefix in ["census", "end"] {
        for (name, kind) in SNAPSHOT_COLUMNS {
            let full: &'static str = match (prefix, *name) {
                ("census", n) => census_name(n),
                (_, n) => end_name(n),
            };
            v.push((full, *kind));
        }
    }
    v
}

macro_rules! prefixed {
    ($fn:ident, $p:literal) => {
        fn $fn(n: &str) -> &'static str {
            match n {
                "listed" => concat!($p, "_listed"),
                "status" => concat!($p, "_status"),
                "closed_on" => concat!($p, "_closed_on"),
                "closure_method" => concat!($p, "_closure_method"),
                "extension_months" => concat!($p, "_extension_months"),
                "extension_days" => concat!($p, "_extension_days"),
                "deducted_days" => concat!($p, "_deducted_days"),
                "due_on" => concat!($p, "_due_on"),
                "age_days" => concat!($p, "_age_days"),
                "overdue_days" => concat!($p, "_overdue_days"),
                "in_backlog" => concat!($p, "_in_backlog"),
                "cat_1" => concat!($p, "_cat_1"),
                "cat_2" => concat!($p, "_cat_2"),
                "cat_3" => concat!($p, "_cat_3"),
                "cat_4" => concat!($p, "_cat_4"),
                "cat_5" => concat!($p, "_cat_5"),
                "cat_6" => concat!($p, "_cat_6"),
                "cat_7" => concat!($p, "_cat_7"),
                "petition_count" => concat!($p, "_petition_count"),
                "recovered_fen" => concat!($p, "_recovered_fen"),
                _ => concat!($p, "_root_causes_stated"),
            }
        }
    };
}
prefixed!(census_name, "census");
prefixed!(end_name, "end");

/// `truth/source_rows.parquet`: every row of every export and side file.
pub(crate) const SOURCE_ROW_COLUMNS: &[(&str, Kind)] = &[
    ("snapshot", Kind::Str),
    ("file", Kind::Str),
    ("sheet", Kind::Str),
    ("row", Kind::I64),
    ("row_kind", Kind::Str),
    ("case_id", Kind::I64),
    ("raw_case_no", Kind::Str),
    ("case_no_masked", Kind::Bool),
];

/// `truth/parties.parquet`.
pub(crate) const PARTY_COLUMNS: &[(&str, Kind)] = &[
    ("case_id", Kind::I64),
    ("role", Kind::Str),
    ("position", Kind::I32),
    ("name", Kind::Str),
    ("id_no", Kind::Str),
    ("party_kind", Kind::Str),
];

/// `truth/deductions.parquet`.
pub(crate) const DEDUCTION_COLUMNS: &[(&str, Kind)] = &[
    ("case_id", Kind::I64),
    ("case_no", Kind::Str),
    ("kind", Kind::Str),
    ("start_on", Kind::Date),
    ("end_on", Kind::Date),
    ("ground_ended_on", Kind::Date),
];

/// `truth/extensions.parquet`.
pub(crate) const EXTENSION_COLUMNS: &[(&str, Kind)] = &[
    ("case_id", Kind::I64),
    ("case_no", Kind::Str),
    ("approved_on", Kind::Date),
    ("months", Kind::I32),
    ("days", Kind::I32),
];

/// `truth/petitions.parquet`.
pub(crate) const PETITION_COLUMNS: &[(&str, Kind)] = &[
    ("petition_id", Kind::I64),
    ("case_id", Kind::I64),
    ("case_no", Kind::Str),
    ("petition_on", Kind::Date),
    ("petitioner", Kind::Str),
    ("cites_case_no", Kind::Bool),
    ("content", Kind::Str),
    ("in_census_register", Kind::Bool),
    ("in_end_register", Kind::Bool),
];

/// `truth/people.parquet`: officers and leaders of every court.
pub(crate) const PEOPLE_COLUMNS: &[(&str, Kind)] = &[
    ("court_code", Kind::Str),
    ("name", Kind::Str),
    ("role", Kind::Str),
    ("team", Kind::Str),
    ("title", Kind::Str),
];

/// Appends the `truth/cases.parquet` row of `case`.
pub(crate) fn push_case(
    f: &mut Frame,
    world: &World,
    case: &Case,
    states: &[SnapState; 2],
    listed: [bool; 2],
    systems: (bool, bool),
) {
    let court = &world.courts[case.court];
    let roster = &world.rosters[case.court];
    let officer = roster.officers.get(case.officer);
    let team = officer.and_then(|o| roster.teams.get(o.team));
    let leader = case.leader.and_then(|l| roster.leaders.get(l));
    let fin = states[1].closure;
    f.i64(Some(case.id as i64))
        .s(Some(court.code))
        .s(Some(court.name))
        .s(Some(&case.no.canonical()))
        .i32(Some(i64::from(case.no.year)))
        .s(Some(case.no.type_code.as_str()))
        .i32(Some(i64::from(case.no.seq)))
        .s(Some(case.no.type_code.kind_str()))
        .s(Some(if case.no.old_style() { "old" } else { "new" }))
        .b(Some(case.non_litigation))
        .s(Some(case.cause))
        .s(Some(&case.basis_no))
        .date(Some(case.filed))
        .i32(Some(i64::from(case.period_months())))
        .list(case.applicants.iter().map(|p| p.name.as_str()))
        .list(case.respondents.iter().map(|p| p.name.as_str()))
        .s(case.respondents.first().map(|p| p.kind.as_str()))
        .i64(Some(case.claim_fen))
        .b(Some(case.has_assets))
        .date(case.assets_found_on.filter(|d| *d <= world.end))
        .list(case.root_causes.iter().map(|c| c.code()))
        .b(Some(case.interference))
        .s(case.hardship)
        .s(officer.map(|o| o.name.as_str()))
        .s(team.map(String::as_str))
        .s(leader.map(|l| l.name.as_str()))
        .i64(
            case.origin
                .as_ref()
                .and_then(|o| o.case_id)
                .map(|v| v as i64),
        )
        .s(case.origin.as_ref().map(|o| o.no.canonical()).as_deref())
        .b(Some(systems.0))
        .b(Some(systems.1))
        .date(fin.map(|c| c.on))
        .s(fin.map(|c| c.method.label()))
        .s(fin.map(|c| c.raw))
        .i64(Some(states[1].recovered_fen));
    for (st, l) in states.iter().zip(listed) {
        let cats = st.cats;
        let cat = |k: usize| cats.map(|c| c[k]);
        f.b(Some(l))
            .s(Some(st.status.as_str()))
            .date(st.closure.map(|c| c.on))
            .s(st.closure.map(|c| c.method.label()))
            .i32(Some(i64::from(st.extension_months)))
            .i32(Some(i64::from(st.extension_days)))
            .i32(Some(st.deducted_days))
            .date((st.status != Status::NotFiled).then_some(st.due_on))
            .i32(st.age_days)
            .i32(st.overdue_days)
            .b(Some(st.in_backlog))
            .b(cat(0))
            .b(cat(1))
            .b(cat(2))
            .b(cat(3))
            .b(cat(4))
            .b(cat(5))
            .b(cat(6))
            .i32(Some(i64::from(st.petition_count)))
            .i64(Some(st.recovered_fen))
            .list(st.stated_causes.iter().map(|c| c.code()));
    }
}

/// Appends the parties, deductions, extensions and petitions of `case` to their tables.
pub(crate) fn push_details(
    parties: &mut Frame,
    deductions: &mut Frame,
    extensions: &mut Frame,
    petitions: &mut Frame,
    world: &World,
    case: &Case,
    listed: [bool; 2],
) {
    let id = Some(case.id as i64);
    for (role, list) in [
        ("applicant", &case.applicants),
        ("respondent", &case.respondents),
    ] {
        for (k, p) in list.iter().enumerate() {
            parties
                .i64(id)
                .s(Some(role))
                .i32(Some(k as i64 + 1))
                .s(Some(&p.name))
                .s(Some(&p.id_no))
                .s(Some(p.kind.as_str()));
        }
    }
    let no = case.no.canonical();
    for iv in &case.intervals {
        if iv.start > world.end {
            continue;
        }
        deductions
            .i64(id)
            .s(Some(&no))
            .s(Some(iv.kind.label()))
            .date(Some(iv.start))
            .date(iv.end.filter(|e| *e <= world.end))
            .date(iv.ground_ended.filter(|g| *g <= world.end));
    }
    for e in case
        .extensions
        .iter()
        .filter(|e| e.approved_on <= world.end)
    {
        extensions
            .i64(id)
            .s(Some(&no))
            .date(Some(e.approved_on))
            .i32(Some(i64::from(e.months)))
            .i32(Some(i64::from(e.days)));
    }
    for (k, p) in case.petitions.iter().enumerate() {
        if p.date > world.end {
            continue;
        }
        petitions
            .i64(Some((case.id * 100 + k as u64 + 1) as i64))
            .i64(id)
            .s(Some(&no))
            .date(Some(p.date))
            .s(Some(&p.petitioner))
            .b(Some(p.cites_case_no))
            .s(Some(p.content))
            .b(Some(listed[0] && p.date <= world.census))
            .b(Some(listed[1]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::calendar::ymd;
    use crate::generate::caseload::CauseGroup;
    use crate::generate::caseload::{DeductionKind, Interval, Method};
    use crate::generate::casenos::{CaseNo, TypeCode};
    use crate::generate::courts::court_specs;

    fn d(m: u32, day: u32) -> NaiveDate {
        ymd(2024, m, day)
    }

    #[test]
    fn union_counts_overlaps_once() {
        // [1,11) and [6,16) overlap on 5 days: union is 15 days, not 20
        assert_eq!(
            union_days(vec![(d(3, 1), d(3, 11)), (d(3, 6), d(3, 16))]),
            15
        );
        // nested
        assert_eq!(
            union_days(vec![(d(3, 1), d(3, 31)), (d(3, 5), d(3, 10))]),
            30
        );
        // touching intervals merge without a gap day counted twice
        assert_eq!(union_days(vec![(d(3, 1), d(3, 5)), (d(3, 5), d(3, 9))]), 8);
        // disjoint, unsorted, and an empty one
        assert_eq!(
            union_days(vec![
                (d(5, 1), d(5, 3)),
                (d(3, 1), d(3, 4)),
                (d(4, 1), d(4, 1))
            ]),
            5
        );
        assert_eq!(union_days(Vec::new()), 0);
    }

    fn case(filed: NaiveDate, intervals: Vec<Interval>) -> Case {
        Case {
            id: 1,
            court: 0,
            no: CaseNo::new(2024, &court_specs()[0], TypeCode::Zhi, 1),
            filed,
            non_litigation: false,
            cause: "追索劳动报酬纠纷",
            group: CauseGroup::Wage,
            basis_no: String::new(),
            applicants: Vec::new(),
            respondents: Vec::new(),
            claim_fen: 100,
            has_assets: true,
            assets_found_on: None,
            root_causes: Vec::new(),
            interference: false,
            hardship: None,
            officer: 0,
            leader: None,
            closure: None,
            recovered_fen: 0,
            partial: None,
            intervals,
            extensions: Vec::new(),
            petitions: Vec::new(),
            origin: None,
            text_seed: 0,
        }
    }

    fn iv(kind: DeductionKind, s: NaiveDate, e: Option<NaiveDate>) -> Interval {
        Interval {
            kind,
            start: s,
            end: e,
            ground_ended: None,
        }
    }

    #[test]
    fn due_date_adds_the_union_of_overlapping_deductions() {
        let c = case(
            d(1, 10),
            vec![
                iv(DeductionKind::Appraisal, d(2, 1), Some(d(3, 1))), // 29 days (leap year)
                iv(DeductionKind::Auction, d(2, 20), Some(d(3, 20))), // overlaps 10 days
                iv(DeductionKind::Notice, d(3, 10), Some(d(3, 15))),  // inside the auction
            ],
        );
        let s = evaluate(&c, ymd(2025, 1, 1));
        // union = Feb 1 .. Mar 20 = 48 days
        assert_eq!(s.deducted_days, 48);
        assert_eq!(s.due_on, add_days(ymd(2024, 7, 10), 48));
        assert_eq!(s.status, Status::Pending);
        assert!(s.in_backlog);
        let cats = s.cats.unwrap_or_default();
        assert!(cats[3], "wage 案由 is category 4");
        assert!(!cats[0], "not yet a year overdue");
    }

    #[test]
    fn running_suspension_counts_up_to_the_snapshot_and_makes_backlog() {
        let mut iv_s = iv(DeductionKind::Suspension, d(3, 1), None);
        iv_s.ground_ended = Some(d(9, 1));
        let c = case(d(1, 10), vec![iv_s]);
        let t = d(10, 1);
        let s = evaluate(&c, t);
        assert_eq!(s.status, Status::Suspended);
        assert_eq!(s.deducted_days, days_between(d(3, 1), t));
        assert!(s.in_backlog);
        assert_eq!(s.overdue_days, Some(0));
        assert!(
            s.cats.unwrap_or_default()[4],
            "ground ended: should be resumed"
        );
        let early = evaluate(&c, d(8, 1));
        assert!(!early.cats.unwrap_or_default()[4], "ground not yet ended");
    }

    #[test]
    fn intervals_starting_after_the_snapshot_are_ignored() {
        let c = case(
            d(1, 10),
            vec![iv(DeductionKind::Auction, d(6, 1), Some(d(7, 1)))],
        );
        assert_eq!(evaluate(&c, d(5, 1)).deducted_days, 0);
        assert_eq!(evaluate(&c, d(6, 11)).deducted_days, 10);
        assert_eq!(evaluate(&c, d(8, 1)).deducted_days, 30);
    }

    #[test]
    fn closed_cases_have_no_categories_and_are_not_backlog() {
        let mut c = case(d(1, 10), Vec::new());
        c.closure = Some(Closure {
            method: Method::Full,
            on: d(2, 1),
            raw: "执行完毕",
        });
        let s = evaluate(&c, d(3, 1));
        assert_eq!(s.status, Status::Closed);
        assert!(!s.in_backlog);
        assert!(s.cats.is_none());
        assert_eq!(evaluate(&c, d(1, 1)).status, Status::NotFiled);
    }

    #[test]
    fn schema_names_are_unique() {
        let s = case_schema();
        let mut names: Vec<&str> = s.iter().map(|(n, _)| *n).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        assert!(names.contains(&"end_cat_7"));
        assert!(names.contains(&"census_recovered_fen"));
    }
}
