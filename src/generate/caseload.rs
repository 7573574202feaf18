//! The true caseload: what really happened to each enforcement case.
//!
//! A case is built from its id alone (plus the run's parameters): its filing date from the
//! weighted calendar, its court and type from a hash, its sequence number from a compact
//! per-block count (sequence numbers restart every year per court and type, so they
//! depend on all earlier cases), and everything else from its own random stream. This lets
//! chunks be generated in parallel in any order and lets a 执恢 case rebuild the 终本 case
//! it resumes, so memory stays bounded however many cases are asked for.
//!
//! The story of a case follows the shape of enforcement practice:
//! - cases whose debtor has assets and nothing in the way close fast as 执行完毕;
//! - cases without assets (执行不能) are closed on paper as 终本, never within three months
//!   of filing (最高人民法院《关于严格规范终结本次执行程序的规定（试行）》 requires the
//!   asset search to run first), or linger pending;
//! - cases with assets but obstacles (执行难: whereabouts unknown, assets hard to realise,
//!   evasion, uncooperative bodies, interference, legal obstacles, petitions, delay in the
//!   court) take long, are suspended (中止) or deferred (暂缓), go through appraisal,
//!   auctions and public notices, and some never close;
//! - the campaign (专项活动) closes a share of the pending cases between its start and end.

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

use super::calendar::{add_days, add_months, days_between, ymd, FilingCalendar};
use super::casenos::{basis_no, BasisKind, CaseNo, TypeCode, NEW_STYLE_FROM};
use super::courts::{CourtSpec, Roster};
use super::names::{self, Party, PartyKind};
use super::rng::{case_rng, mix, splitmix, unit, Stream};
use super::texts;

/// Groups of 案由 that drive parties, amounts and the priority categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CauseGroup {
    /// unpaid wages and labour services (category 4)
    Wage,
    /// construction payments (category 4)
    Construction,
    /// road traffic accidents (category 6)
    Traffic,
    Finance,
    CreditCard,
    Loan,
    Contract,
    Family,
    Property,
    Tort,
    Labour,
    Other,
    /// administrative decisions (非诉执行)
    Administrative,
}

struct CauseSpec {
    name: &'static str,
    weight: u32,
    group: CauseGroup,
    /// median claim in 元
    median_yuan: f64,
}

const fn cause(name: &'static str, weight: u32, group: CauseGroup, median_yuan: f64) -> CauseSpec {
    CauseSpec {
        name,
        weight,
        group,
        median_yuan,
    }
}

/// 案由 of civil cases with their relative frequency in enforcement and median claim.
const CAUSES: &[CauseSpec] = &[
    cause("民间借贷纠纷", 200, CauseGroup::Loan, 80_000.0),
    cause("买卖合同纠纷", 150, CauseGroup::Contract, 120_000.0),
    cause("金融借款合同纠纷", 90, CauseGroup::Finance, 300_000.0),
    cause("信用卡纠纷", 60, CauseGroup::CreditCard, 30_000.0),
    cause("追索劳动报酬纠纷", 40, CauseGroup::Wage, 25_000.0),
    cause("劳务合同纠纷", 40, CauseGroup::Wage, 30_000.0),
    cause(
        "建设工程施工合同纠纷",
        40,
        CauseGroup::Construction,
        600_000.0,
    ),
    cause(
        "建设工程分包合同纠纷",
        12,
        CauseGroup::Construction,
        400_000.0,
    ),
    cause(
        "建设工程价款优先受偿权纠纷",
        5,
        CauseGroup::Construction,
        900_000.0,
    ),
    cause("机动车交通事故责任纠纷", 60, CauseGroup::Traffic, 90_000.0),
    cause(
        "非机动车交通事故责任纠纷",
        10,
        CauseGroup::Traffic,
        30_000.0,
    ),
    cause("离婚纠纷", 25, CauseGroup::Family, 60_000.0),
    cause("离婚后财产纠纷", 8, CauseGroup::Family, 100_000.0),
    cause("抚养费纠纷", 18, CauseGroup::Family, 25_000.0),
    cause("赡养费纠纷", 5, CauseGroup::Family, 10_000.0),
    cause("租赁合同纠纷", 25, CauseGroup::Contract, 50_000.0),
    cause("房屋租赁合同纠纷", 20, CauseGroup::Contract, 40_000.0),
    cause("物业服务合同纠纷", 30, CauseGroup::Property, 4_000.0),
    cause("追偿权纠纷", 20, CauseGroup::Loan, 150_000.0),
    cause("保证合同纠纷", 8, CauseGroup::Loan, 200_000.0),
    cause("借款合同纠纷", 25, CauseGroup::Loan, 100_000.0),
    cause("承揽合同纠纷", 20, CauseGroup::Contract, 80_000.0),
    cause("加工合同纠纷", 10, CauseGroup::Contract, 90_000.0),
    cause("运输合同纠纷", 8, CauseGroup::Contract, 40_000.0),
    cause("服务合同纠纷", 10, CauseGroup::Contract, 30_000.0),
    cause("装饰装修合同纠纷", 10, CauseGroup::Contract, 50_000.0),
    cause("融资租赁合同纠纷", 8, CauseGroup::Finance, 200_000.0),
    cause("小额借款合同纠纷", 10, CauseGroup::Finance, 20_000.0),
    cause("生命权、身体权、健康权纠纷", 10, CauseGroup::Tort, 50_000.0),
    cause("劳动争议", 8, CauseGroup::Labour, 30_000.0),
    cause("股权转让纠纷", 5, CauseGroup::Contract, 500_000.0),
    cause("债权转让合同纠纷", 5, CauseGroup::Loan, 200_000.0),
    cause("不当得利纠纷", 5, CauseGroup::Other, 50_000.0),
    cause("合伙合同纠纷", 5, CauseGroup::Other, 100_000.0),
    cause("供用电合同纠纷", 4, CauseGroup::Contract, 20_000.0),
];

/// 案由 of 非诉执行 cases (administrative decisions enforced by the court).
const ADMIN_CAUSES: &[(&str, u32)] = &[("行政处罚", 6), ("行政强制执行", 2), ("社会保险费征缴", 1)];

/// Name of road-traffic damages cases before the 2011 revision of the 案由 rules.
pub(crate) const OLD_TRAFFIC_CAUSE: &str = "道路交通事故人身损害赔偿纠纷";

/// 案由 that put a case in category 4 (migrant-worker wages, construction payments).
pub(crate) const CATEGORY4_CAUSES: &[&str] = &[
    "追索劳动报酬纠纷",
    "劳务合同纠纷",
    "建设工程施工合同纠纷",
    "建设工程分包合同纠纷",
    "建设工程价款优先受偿权纠纷",
];

/// 案由 that put a case in category 6 (road-traffic accident damages).
pub(crate) const CATEGORY6_CAUSES: &[&str] = &[
    "机动车交通事故责任纠纷",
    "非机动车交通事故责任纠纷",
    OLD_TRAFFIC_CAUSE,
];

/// Root causes of a case that is slow, 终本 or suspended (multi-label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RootCause {
    /// 执行不能: no enforceable assets
    NoAssets,
    /// 被执行人下落不明
    WhereaboutsUnknown,
    /// 财产难以变现/处置
    HardToRealise,
    /// 规避执行/转移财产
    Evasion,
    /// 协助执行单位不配合
    AssistNoncooperation,
    /// 地方保护/行政干预
    Interference,
    /// 法律障碍 (抵押, 轮候查封, 破产, 案外人异议)
    LegalObstacle,
    /// 涉诉信访
    Petition,
    /// 法院内部拖延
    CourtDelay,
}

impl RootCause {
    pub(crate) fn code(self) -> &'static str {
        match self {
            RootCause::NoAssets => "no_assets",
            RootCause::WhereaboutsUnknown => "whereabouts_unknown",
            RootCause::HardToRealise => "hard_to_realise",
            RootCause::Evasion => "evasion",
            RootCause::AssistNoncooperation => "assist_noncooperation",
            RootCause::Interference => "interference",
            RootCause::LegalObstacle => "legal_obstacle",
            RootCause::Petition => "petition",
            RootCause::CourtDelay => "court_delay",
        }
    }
}

/// How a case was closed (结案方式), canonical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// 执行完毕 (old wordings 履行完毕, 和解)
    Full,
    /// 终结本次执行程序 (终本; old wording 保留债权终结执行)
    EndRound,
    /// 终结执行
    Terminated,
    /// 销案
    Cancelled,
    /// 不予执行
    NotEnforced,
    /// 驳回申请
    Rejected,
    /// 中止 — a closure only in pre-2016 data
    OldSuspended,
}

impl Method {
    /// Canonical Chinese label used in the truth.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Method::Full => "执行完毕",
            Method::EndRound => "终本",
            Method::Terminated => "终结执行",
            Method::Cancelled => "销案",
            Method::NotEnforced => "不予执行",
            Method::Rejected => "驳回申请",
            Method::OldSuspended => "中止",
        }
    }
}

/// A closure with the wording the case-management system recorded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closure {
    pub method: Method,
    pub on: NaiveDate,
    pub raw: &'static str,
}

/// Periods not counted towards the statutory period (扣除期间).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeductionKind {
    /// 中止执行
    Suspension,
    /// 暂缓执行
    Deferral,
    /// 评估/审计
    Appraisal,
    /// 拍卖/变卖
    Auction,
    /// 公告
    Notice,
    /// 管辖争议
    Jurisdiction,
}

impl DeductionKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            DeductionKind::Suspension => "中止",
            DeductionKind::Deferral => "暂缓",
            DeductionKind::Appraisal => "评估",
            DeductionKind::Auction => "拍卖",
            DeductionKind::Notice => "公告",
            DeductionKind::Jurisdiction => "管辖争议",
        }
    }
}

/// One deducted interval `[start, end)`; `end` None = still running at the end of the run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Interval {
    pub kind: DeductionKind,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// for a suspension: the day its ground ended (the case could be resumed from then)
    pub ground_ended: Option<NaiveDate>,
}

/// An approved extension of the statutory period (延长执行期限).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extension {
    pub approved_on: NaiveDate,
    pub months: u32,
    pub days: u32,
}

/// One entry of the petition register (信访登记).
#[derive(Debug, Clone)]
pub(crate) struct Petition {
    pub date: NaiveDate,
    /// the name as the petition office wrote it (may be a homophone variant)
    pub petitioner: String,
    /// whether the register row carries the case number
    pub cites_case_no: bool,
    pub content: &'static str,
}

/// The case a 执恢 case resumes.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// None when the origin was filed before the generated period
    pub case_id: Option<u64>,
    pub no: CaseNo,
}

/// One true enforcement case.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// 1-based, in filing order
    pub id: u64,
    /// index into the run's court list
    pub court: usize,
    pub no: CaseNo,
    pub filed: NaiveDate,
    /// 非诉执行 (administrative decision; statutory period 3 months)
    pub non_litigation: bool,
    pub cause: &'static str,
    pub group: CauseGroup,
    pub basis_no: String,
    pub applicants: Vec<Party>,
    pub respondents: Vec<Party>,
    pub claim_fen: i64,
    pub has_assets: bool,
    /// assets found after a suspension began (a reason to resume)
    pub assets_found_on: Option<NaiveDate>,
    pub root_causes: Vec<RootCause>,
    pub interference: bool,
    /// hardship group of the applicant (特困群体), if any
    pub hardship: Option<&'static str>,
    pub officer: usize,
    pub leader: Option<usize>,
    /// the closure, possibly after the end of the run (then the case is pending at the end)
    pub closure: Option<Closure>,
    /// recovered at closure
    pub recovered_fen: i64,
    /// a partial payment received while pending
    pub partial: Option<(NaiveDate, i64)>,
    pub intervals: Vec<Interval>,
    pub extensions: Vec<Extension>,
    pub petitions: Vec<Petition>,
    pub origin: Option<Origin>,
    /// seed of the clerk's wording for this case (same phrasing in both snapshots)
    pub text_seed: u64,
}

impl Case {
    pub(crate) fn period_months(&self) -> u32 {
        if self.non_litigation {
            3
        } else {
            6
        }
    }

    /// The closure if it happened on or before `t`.
    pub(crate) fn closed_by(&self, t: NaiveDate) -> Option<Closure> {
        self.closure.filter(|c| c.on <= t)
    }

    /// Recovered amount known at `t`.
    pub(crate) fn recovered_at(&self, t: NaiveDate) -> i64 {
        if self.closed_by(t).is_some() {
            return self.recovered_fen;
        }
        match self.partial {
            Some((d, fen)) if d <= t => fen,
            _ => 0,
        }
    }

    /// The suspension running at `t`, if any.
    pub(crate) fn suspension_at(&self, t: NaiveDate) -> Option<&Interval> {
        self.running_at(t, DeductionKind::Suspension)
    }

    /// The deferral running at `t`, if any.
    pub(crate) fn deferral_at(&self, t: NaiveDate) -> Option<&Interval> {
        self.running_at(t, DeductionKind::Deferral)
    }

    fn running_at(&self, t: NaiveDate, kind: DeductionKind) -> Option<&Interval> {
        if self.closed_by(t).is_some() || self.filed > t {
            return None;
        }
        self.intervals
            .iter()
            .find(|iv| iv.kind == kind && iv.start <= t && iv.end.is_none_or(|e| e > t))
    }

    /// The clerk's reason text at `t` (for pending, 终本 and 中止 cases).
    pub(crate) fn reason_at(&self, t: NaiveDate) -> String {
        self.reason_and_causes_at(t).0
    }

    /// The reason text at `t` and the root causes it names: what the record states, as
    /// against `root_causes`, which may hold causes no export ever mentions.
    pub(crate) fn reason_and_causes_at(&self, t: NaiveDate) -> (String, Vec<RootCause>) {
        let closed = self.closed_by(t);
        if closed.is_some_and(|c| c.method == Method::Full) {
            return (String::new(), Vec::new());
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.text_seed);
        let susp = self.suspension_at(t);
        let ground = susp.and_then(|s| s.ground_ended).filter(|g| *g <= t);
        let assets = susp.and(self.assets_found_on).filter(|a| *a <= t);
        let since = if closed.is_none() {
            susp.map(|s| s.start)
        } else {
            None
        };
        texts::reason_text(&mut rng, &self.root_causes, since, ground, assets)
    }
}

/// Everything fixed for a run: courts, rosters, calendar, campaign dates, sequence index.
pub(crate) struct World {
    pub seed: u64,
    pub n: u64,
    pub courts: Vec<CourtSpec>,
    court_cum: Vec<f64>,
    pub rosters: Vec<Roster>,
    pub calendar: FilingCalendar,
    /// first filing date
    pub start: NaiveDate,
    /// end of the campaign (last snapshot)
    pub end: NaiveDate,
    pub campaign_start: NaiveDate,
    pub census: NaiveDate,
    seq: SeqIndex,
}

const SEQ_BLOCK: u64 = 512;

/// Per-block counts of earlier cases of the same court, type and year.
struct SeqIndex {
    width: usize,
    /// `prefix[b * width + key]` = cases with that key filed in the year of block b's first
    /// case, before that case
    prefix: Vec<u32>,
}

impl World {
    pub(crate) fn new(
        seed: u64,
        n: u64,
        courts: Vec<CourtSpec>,
        start: NaiveDate,
        end: NaiveDate,
        campaign_start: NaiveDate,
        census: NaiveDate,
    ) -> World {
        let mut acc = 0.0;
        let court_cum = courts
            .iter()
            .map(|c| {
                acc += c.weight;
                acc
            })
            .collect();
        let rosters = courts
            .iter()
            .enumerate()
            .map(|(i, c)| Roster::draw(seed, i, c))
            .collect();
        let calendar = FilingCalendar::new(start, end, n);
        let mut w = World {
            seed,
            n,
            courts,
            court_cum,
            rosters,
            calendar,
            start,
            end,
            campaign_start,
            census,
            seq: SeqIndex {
                width: 0,
                prefix: Vec::new(),
            },
        };
        w.seq = w.build_seq_index();
        w
    }

    /// Court index and type code of case index `i` (0-based), given its filing date.
    pub(crate) fn identity(&self, i: u64, filed: NaiveDate) -> (usize, TypeCode) {
        let h = mix(self.seed, i, Stream::Identity);
        let total = self.court_cum.last().copied().unwrap_or(1.0);
        let x = unit(h) * total;
        let court = self
            .court_cum
            .partition_point(|&c| c <= x)
            .min(self.courts.len().saturating_sub(1));
        let y = filed.year();
        let p_bao = if y < NEW_STYLE_FROM { 0.04 } else { 0.07 };
        let p_hui = (0.03 + 0.01 * (y - 2014).max(0) as f64).min(0.08);
        let u = unit(splitmix(h));
        let t = if u < p_bao {
            TypeCode::ZhiBao
        } else if u < p_bao + p_hui {
            TypeCode::ZhiHui
        } else {
            TypeCode::Zhi
        };
        (court, t)
    }

    fn key(&self, court: usize, t: TypeCode) -> usize {
        court * 3 + t.index()
    }

    fn build_seq_index(&self) -> SeqIndex {
        let width = self.courts.len() * 3;
        let blocks = self.n.div_ceil(SEQ_BLOCK) as usize;
        let mut prefix = Vec::with_capacity(blocks * width);
        let mut counts = vec![0u32; width];
        let mut year = i32::MIN;
        for i in 0..self.n {
            let filed = self.calendar.date_of(i);
            if filed.year() != year {
                year = filed.year();
                counts.iter_mut().for_each(|c| *c = 0);
            }
            if i.is_multiple_of(SEQ_BLOCK) {
                prefix.extend_from_slice(&counts);
            }
            let (court, t) = self.identity(i, filed);
            counts[self.key(court, t)] += 1;
        }
        SeqIndex { width, prefix }
    }

    /// Counts of earlier same-year cases per (court, type) just before block-aligned index
    /// `i0` (valid for the year of case `i0`).
    pub(crate) fn counts_before(&self, i0: u64) -> Vec<u32> {
        let b = (i0 / SEQ_BLOCK) as usize;
        let w = self.seq.width;
        let base = self.seq.prefix.get(b * w..(b + 1) * w);
        let mut counts = base.map(|s| s.to_vec()).unwrap_or_else(|| vec![0; w]);
        // walk from the block start to i0 (i0 is normally block-aligned)
        let mut year = self.calendar.date_of((b as u64) * SEQ_BLOCK).year();
        for j in (b as u64) * SEQ_BLOCK..i0 {
            let filed = self.calendar.date_of(j);
            if filed.year() != year {
                year = filed.year();
                counts.iter_mut().for_each(|c| *c = 0);
            }
            let (court, t) = self.identity(j, filed);
            counts[self.key(court, t)] += 1;
        }
        counts
    }

    /// Sequence number of case index `i` (random access; O(block)).
    pub(crate) fn seq_of(&self, i: u64) -> u32 {
        let filed = self.calendar.date_of(i);
        let (court, t) = self.identity(i, filed);
        let key = self.key(court, t);
        let b = i / SEQ_BLOCK;
        let b0 = b * SEQ_BLOCK;
        let year = filed.year();
        let mut c = if self.calendar.date_of(b0).year() == year {
            self.seq
                .prefix
                .get(b as usize * self.seq.width + key)
                .copied()
                .unwrap_or(0)
        } else {
            0
        };
        for j in b0..i {
            let (cj, tj) = self.identity(j, self.calendar.date_of(j));
            if self.key(cj, tj) == key && self.calendar.date_of(j).year() == year {
                c += 1;
            }
        }
        c + 1
    }

    /// Builds case index `i` (0-based) whose sequence number is `seq`.
    pub(crate) fn build(&self, i: u64, seq: u32) -> Case {
        let filed = self.calendar.date_of(i);
        let (court, t) = self.identity(i, filed);
        let spec = self.courts[court];
        let no = CaseNo::new(filed.year(), &spec, t, seq);
        let mut rng = case_rng(self.seed, i + 1, Stream::Content);
        let mut b = Builder {
            world: self,
            rng: &mut rng,
            spec,
            court,
            filed,
        };
        match t {
            TypeCode::Zhi => b.first(i + 1, no),
            TypeCode::ZhiHui => b.resumed(i, no),
            TypeCode::ZhiBao => b.preservation(i + 1, no),
        }
    }
}

/// Log-normal draw with the given median; falls back to the median if parameters are bad.
fn lognormal<R: Rng>(rng: &mut R, median: f64, sigma: f64) -> f64 {
    LogNormal::new(median.max(f64::MIN_POSITIVE).ln(), sigma)
        .map(|d| d.sample(rng))
        .unwrap_or(median)
}

fn days<R: Rng>(rng: &mut R, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        rng.gen_range(lo..=hi)
    }
}

/// The dispute behind a case: who, what, on which document, how much.
struct Dispute {
    cause: &'static str,
    group: CauseGroup,
    applicants: Vec<Party>,
    respondents: Vec<Party>,
    basis_no: String,
    basis_kind: BasisKind,
    claim_fen: i64,
    hardship: Option<&'static str>,
}

struct Builder<'a, R: Rng> {
    world: &'a World,
    rng: &'a mut R,
    spec: CourtSpec,
    court: usize,
    filed: NaiveDate,
}

impl<R: Rng> Builder<'_, R> {
    fn pick_cause(&mut self) -> &'static CauseSpec {
        let total: u32 = CAUSES.iter().map(|c| c.weight).sum();
        let mut x = self.rng.gen_range(0..total);
        for c in CAUSES {
            if x < c.weight {
                return c;
            }
            x -= c.weight;
        }
        &CAUSES[0]
    }

    fn respondent(&mut self, group: CauseGroup, year: i32) -> Party {
        let r: f64 = self.rng.gen();
        let (p_gov, p_soe, p_company) = match group {
            CauseGroup::Construction => (0.08, 0.07, 0.6),
            CauseGroup::Wage => (0.01, 0.01, 0.45),
            CauseGroup::Contract => (0.01, 0.02, 0.55),
            CauseGroup::Finance => (0.0, 0.0, 0.35),
            CauseGroup::Loan => (0.0, 0.002, 0.2),
            CauseGroup::Other => (0.005, 0.005, 0.25),
            CauseGroup::Labour => (0.0, 0.02, 0.6),
            CauseGroup::Administrative => (0.0, 0.0, 0.5),
            _ => (0.0, 0.0, 0.05),
        };
        if r < p_gov {
            names::government(self.rng, &self.spec)
        } else if r < p_gov + p_soe {
            names::state_owned(self.rng, &self.spec)
        } else if r < p_gov + p_soe + p_company {
            names::company(
                self.rng,
                &self.spec,
                matches!(group, CauseGroup::Construction | CauseGroup::Wage),
            )
        } else {
            names::person(self.rng, &self.spec, year)
        }
    }

    fn dispute(&mut self, non_litigation: bool) -> Dispute {
        let year = self.filed.year();
        if non_litigation {
            let (agency, abbr) = names::agency(self.rng, &self.spec);
            let cause = names::pick_weighted(self.rng, ADMIN_CAUSES);
            let respondent = self.respondent(CauseGroup::Administrative, year);
            let basis_year = year - i32::from(self.rng.gen_bool(0.4));
            let basis = basis_no(
                self.rng,
                &self.spec,
                BasisKind::Administrative,
                basis_year,
                abbr,
            );
            let claim = self.amount(10_000.0, 1.1);
            return Dispute {
                cause,
                group: CauseGroup::Administrative,
                applicants: vec![agency],
                respondents: vec![respondent],
                basis_no: basis,
                basis_kind: BasisKind::Administrative,
                claim_fen: claim,
                hardship: None,
            };
        }
        let spec_cause = self.pick_cause();
        let group = spec_cause.group;
        // how long after the judgment the application came
        let lag = match self.rng.gen_range(0..100) {
            0..=49 => 0,
            50..=87 => 1,
            88..=95 => 2,
            _ => self.rng.gen_range(3..=8),
        };
        let mut basis_year = year - lag;
        if group == CauseGroup::Traffic && year < NEW_STYLE_FROM && self.rng.gen_bool(0.35) {
            // old accident judgments enforced late
            basis_year = self.rng.gen_range(2008..=2010).min(year);
        }
        let cause = if group == CauseGroup::Traffic && basis_year < 2011 {
            OLD_TRAFFIC_CAUSE
        } else {
            spec_cause.name
        };
        let basis_kind = {
            let r = self.rng.gen_range(0..100);
            match group {
                CauseGroup::Wage => match r {
                    0..=59 => BasisKind::FirstInstance,
                    60..=89 => BasisKind::LabourArbitration,
                    _ => BasisKind::Confirmation,
                },
                CauseGroup::Construction => match r {
                    0..=59 => BasisKind::FirstInstance,
                    60..=79 => BasisKind::Appeal,
                    _ => BasisKind::Arbitration,
                },
                CauseGroup::Finance => match r {
                    0..=59 => BasisKind::FirstInstance,
                    60..=84 => BasisKind::Notarial,
                    85..=94 => BasisKind::Appeal,
                    _ => BasisKind::PaymentOrder,
                },
                CauseGroup::CreditCard => match r {
                    0..=84 => BasisKind::FirstInstance,
                    _ => BasisKind::PaymentOrder,
                },
                CauseGroup::Loan => match r {
                    0..=69 => BasisKind::FirstInstance,
                    70..=81 => BasisKind::Appeal,
                    82..=89 => BasisKind::Notarial,
                    _ => BasisKind::Confirmation,
                },
                CauseGroup::Contract => match r {
                    0..=64 => BasisKind::FirstInstance,
                    65..=79 => BasisKind::Appeal,
                    80..=94 => BasisKind::Arbitration,
                    _ => BasisKind::PaymentOrder,
                },
                _ => match r {
                    0..=79 => BasisKind::FirstInstance,
                    80..=91 => BasisKind::Appeal,
                    _ => BasisKind::Confirmation,
                },
            }
        };
        let basis = basis_no(self.rng, &self.spec, basis_kind, basis_year, "");

        // applicants
        let mut applicants = Vec::new();
        match group {
            CauseGroup::Finance => applicants.push(names::bank(self.rng, &self.spec, false)),
            CauseGroup::CreditCard => applicants.push(names::bank(self.rng, &self.spec, true)),
            CauseGroup::Property => applicants.push(names::company(self.rng, &self.spec, false)),
            CauseGroup::Contract | CauseGroup::Construction if self.rng.gen_bool(0.6) => applicants
                .push(names::company(
                    self.rng,
                    &self.spec,
                    group == CauseGroup::Construction,
                )),
            CauseGroup::Wage if self.rng.gen_bool(0.3) => {
                // a group of workers applies together
                for _ in 0..self.rng.gen_range(2..=5) {
                    applicants.push(names::person(self.rng, &self.spec, year));
                }
            }
            _ => applicants.push(names::person(self.rng, &self.spec, year)),
        }
        // respondents: the debtor and sometimes guarantors or co-debtors
        let n_resp = match self.rng.gen_range(0..100) {
            0..=64 => 1,
            65..=89 => 2,
            90..=97 => 3,
            _ => 4,
        };
        let mut respondents = vec![self.respondent(group, year)];
        for _ in 1..n_resp {
            respondents.push(names::person(self.rng, &self.spec, year));
        }
        let hardship_p = match group {
            CauseGroup::Wage => 0.3,
            CauseGroup::Traffic => 0.2,
            CauseGroup::Family => 0.2,
            CauseGroup::Tort => 0.15,
            CauseGroup::Labour => 0.1,
            _ => 0.02,
        };
        let hardship = if applicants[0].kind == PartyKind::Person && self.rng.gen_bool(hardship_p) {
            Some(if group == CauseGroup::Wage && self.rng.gen_bool(0.7) {
                "农民工"
            } else {
                names::pick(self.rng, texts::HARDSHIP_KINDS)
            })
        } else {
            None
        };
        let claim_fen = self.amount(spec_cause.median_yuan, 1.0);
        Dispute {
            cause,
            group,
            applicants,
            respondents,
            basis_no: basis,
            basis_kind,
            claim_fen,
            hardship,
        }
    }

    /// A claim in 分, log-normal around `median_yuan`, rounded the way claims are.
    fn amount(&mut self, median_yuan: f64, sigma: f64) -> i64 {
        let yuan = lognormal(self.rng, median_yuan, sigma).clamp(100.0, 2.0e9);
        let fen = (yuan * 100.0).round() as i64;
        match self.rng.gen_range(0..10) {
            0..=3 => fen / 100 * 100,       // whole 元
            4..=5 => fen / 10_000 * 10_000, // whole hundreds of 元
            _ => fen,                       // principal plus interest: any 分
        }
        .max(10_000)
    }

    fn officer_and_leader(&mut self, key_case: bool) -> (usize, Option<usize>) {
        let roster = &self.world.rosters[self.court];
        let officer = roster.pick_officer(self.rng);
        let p = if key_case { 0.6 } else { 0.02 };
        let leader = if self.rng.gen_bool(p) && !roster.leaders.is_empty() {
            // the president takes fewer cases than the bureau's heads
            let i = match self.rng.gen_range(0..10) {
                0 => 0,
                1..=3 => self.rng.gen_range(1..=2),
                _ => self.rng.gen_range(3..roster.leaders.len().max(4)),
            };
            Some(i.min(roster.leaders.len() - 1))
        } else {
            None
        };
        (officer, leader)
    }

    /// A 首执 case (incl. 非诉执行).
    fn first(&mut self, id: u64, no: CaseNo) -> Case {
        let non_litigation = self.rng.gen_bool(0.03);
        let d = self.dispute(non_litigation);
        self.finish(id, no, d, non_litigation, None, None)
    }

    /// A 执恢 case: finds the 终本/中止 case it resumes and takes over its dispute.
    fn resumed(&mut self, index: u64, no: CaseNo) -> Case {
        let id = index + 1;
        if let Some(origin) = self.find_origin(index) {
            let remaining = (origin.claim_fen - origin.recovered_fen).max(origin.claim_fen / 2);
            let d = Dispute {
                cause: origin.cause,
                group: origin.group,
                applicants: origin.applicants.clone(),
                respondents: origin.respondents.clone(),
                basis_no: origin.basis_no.clone(),
                basis_kind: BasisKind::FirstInstance,
                claim_fen: remaining,
                hardship: origin.hardship,
            };
            let has_assets = self.rng.gen_bool(0.75);
            let o = Origin {
                case_id: Some(origin.id),
                no: origin.no.clone(),
            };
            return self.finish(id, no, d, origin.non_litigation, Some(o), Some(has_assets));
        }
        // the origin was filed before the generated period: only its number is known
        let d = self.dispute(false);
        let lag = self.rng.gen_range(1..=4);
        let year = (self.filed.year() - lag).min(self.world.start.year() - 1);
        let o = Origin {
            case_id: None,
            no: CaseNo::new(
                year,
                &self.spec,
                TypeCode::Zhi,
                self.rng.gen_range(1..=3000),
            ),
        };
        let has_assets = self.rng.gen_bool(0.75);
        self.finish(id, no, d, false, Some(o), Some(has_assets))
    }

    /// Searches earlier 首执 cases of the same court for one closed as 终本 (or 中止 in old
    /// data) at least a month before this filing; rebuilds candidates from their ids.
    fn find_origin(&mut self, index: u64) -> Option<Case> {
        let w = self.world;
        let lag = lognormal(self.rng, 700.0, 0.6).clamp(120.0, 4000.0) as i64;
        let target = add_days(self.filed, -lag);
        if target < w.start {
            return None;
        }
        let mut j = w.calendar.first_index_on_or_after(target).min(index);
        let mut tried = 0;
        let mut scanned = 0;
        while tried < 6 && scanned < 400 && j > 0 {
            j -= 1;
            scanned += 1;
            let filed_j = w.calendar.date_of(j);
            let (court_j, t_j) = w.identity(j, filed_j);
            if court_j != self.court || t_j != TypeCode::Zhi {
                continue;
            }
            tried += 1;
            // content does not depend on the sequence number: look it up only on success
            let mut cand = w.build(j, 0);
            let ok = cand.closure.is_some_and(|c| {
                matches!(c.method, Method::EndRound | Method::OldSuspended)
                    && add_days(c.on, 30) <= self.filed
            });
            if ok {
                cand.no.seq = w.seq_of(j);
                return Some(cand);
            }
        }
        None
    }

    /// A 执保 case: carrying out a preservation ruling, usually done within weeks.
    fn preservation(&mut self, id: u64, no: CaseNo) -> Case {
        let mut d = self.dispute(false);
        let year = self.filed.year();
        let (kind, basis_year) = if self.rng.gen_bool(0.8) {
            (BasisKind::FirstInstance, year)
        } else {
            (BasisKind::PreActionPreservation, year)
        };
        d.basis_no = basis_no(self.rng, &self.spec, kind, basis_year, "");
        d.hardship = None;
        let (officer, leader) = self.officer_and_leader(false);
        let long = self.rng.gen_bool(0.03);
        let dur = if long {
            days(self.rng, 200, 800)
        } else {
            days(self.rng, 1, 40)
        };
        let on = add_days(self.filed, dur);
        let method = if self.rng.gen_bool(0.97) {
            Method::Full
        } else if self.rng.gen_bool(0.5) {
            Method::Rejected
        } else {
            Method::Cancelled
        };
        let raw = raw_wording(method, on, self.rng);
        let closure = self.campaign_adjust(Some(Closure { method, on, raw }), true, false);
        Case {
            id,
            court: self.court,
            no,
            filed: self.filed,
            non_litigation: false,
            cause: d.cause,
            group: d.group,
            basis_no: d.basis_no,
            applicants: d.applicants,
            respondents: d.respondents,
            claim_fen: d.claim_fen,
            has_assets: self.rng.gen_bool(0.85),
            assets_found_on: None,
            root_causes: Vec::new(),
            interference: false,
            hardship: None,
            officer,
            leader,
            closure,
            recovered_fen: 0, // preservation secures assets; nothing is paid out yet
            partial: None,
            intervals: Vec::new(),
            extensions: Vec::new(),
            petitions: Vec::new(),
            origin: None,
            text_seed: self.rng.gen(),
        }
    }

    /// Root causes, path, intervals, closure, extensions, petitions and people.
    fn finish(
        &mut self,
        id: u64,
        no: CaseNo,
        d: Dispute,
        non_litigation: bool,
        origin: Option<Origin>,
        has_assets: Option<bool>,
    ) -> Case {
        let filed = self.filed;
        let first_kind = d.respondents[0].kind;
        let mut p_assets: f64 = match first_kind {
            PartyKind::Person => 0.45,
            PartyKind::Company => 0.55,
            PartyKind::Government => 0.95,
            PartyKind::StateOwned => 0.9,
            PartyKind::Bank => 0.99,
        };
        match d.group {
            CauseGroup::CreditCard => p_assets = 0.3,
            CauseGroup::Finance => p_assets = p_assets.max(0.6),
            CauseGroup::Property => p_assets = 0.7,
            _ => {}
        }
        let has_assets = has_assets.unwrap_or_else(|| self.rng.gen_bool(p_assets));
        let public_debtor = d
            .respondents
            .iter()
            .any(|p| matches!(p.kind, PartyKind::Government | PartyKind::StateOwned));

        // root causes
        let mut causes: Vec<RootCause> = Vec::new();
        let difficult;
        if !has_assets {
            difficult = false;
            causes.push(RootCause::NoAssets);
            if self.rng.gen_bool(0.3) {
                causes.push(RootCause::WhereaboutsUnknown);
            }
            if self.rng.gen_bool(0.06) {
                causes.push(RootCause::Evasion);
            }
            if self.rng.gen_bool(0.05) {
                causes.push(RootCause::CourtDelay);
            }
        } else {
            let p_difficult = if public_debtor {
                0.6
            } else if d.group == CauseGroup::Construction {
                0.45
            } else {
                0.3
            };
            difficult = self.rng.gen_bool(p_difficult);
            if difficult {
                let n =
                    1 + usize::from(self.rng.gen_bool(0.35)) + usize::from(self.rng.gen_bool(0.1));
                let interference_w = if public_debtor { 45 } else { 6 };
                let table: [(RootCause, u32); 8] = [
                    (RootCause::WhereaboutsUnknown, 15),
                    (RootCause::HardToRealise, 28),
                    (RootCause::Evasion, 18),
                    (RootCause::AssistNoncooperation, 7),
                    (RootCause::Interference, interference_w),
                    (RootCause::LegalObstacle, 16),
                    (RootCause::Petition, 5),
                    (RootCause::CourtDelay, 8),
                ];
                let total: u32 = table.iter().map(|(_, w)| *w).sum();
                for _ in 0..n {
                    let mut x = self.rng.gen_range(0..total);
                    for (c, w) in table {
                        if x < w {
                            if !causes.contains(&c) {
                                causes.push(c);
                            }
                            break;
                        }
                        x -= w;
                    }
                }
            }
        }
        if d.hardship.is_some() && self.rng.gen_bool(0.15) && !causes.contains(&RootCause::Petition)
        {
            causes.push(RootCause::Petition);
        }
        causes.sort();

        let min_endround = add_days(add_months(filed, 3), 1);
        let mut intervals: Vec<Interval> = Vec::new();
        let mut closure: Option<(Method, NaiveDate)>;
        let mut partial: Option<(NaiveDate, i64)> = None;

        if has_assets && !difficult {
            let mut dur = lognormal(self.rng, 45.0, 0.9).clamp(3.0, 600.0) as i64;
            if self.rng.gen_bool(0.15) {
                let end = self.appraisal_and_auctions(&mut intervals, 20, 60);
                dur = dur.max(days_between(filed, end) + days(self.rng, 10, 40));
            }
            let on = add_days(filed, dur);
            let r = self.rng.gen_range(0..1000);
            let risky_basis = non_litigation
                || matches!(d.basis_kind, BasisKind::Arbitration | BasisKind::Notarial);
            let method = if risky_basis && r < 80 {
                Method::NotEnforced
            } else if r < 90 {
                Method::Terminated
            } else if r < 105 {
                Method::Cancelled
            } else if r < 115 {
                Method::Rejected
            } else {
                Method::Full
            };
            closure = Some((method, on));
        } else if !has_assets {
            if causes.contains(&RootCause::WhereaboutsUnknown) && self.rng.gen_bool(0.6) {
                let s = add_days(filed, days(self.rng, 20, 60));
                intervals.push(Interval {
                    kind: DeductionKind::Notice,
                    start: s,
                    end: Some(add_days(s, days(self.rng, 30, 60))),
                    ground_ended: None,
                });
            }
            let r: f64 = self.rng.gen();
            let on = if r < 0.08 {
                None
            } else if r < 0.33 {
                Some(add_days(filed, lognormal(self.rng, 420.0, 0.7) as i64))
            } else {
                Some(add_days(filed, lognormal(self.rng, 125.0, 0.3) as i64))
            };
            let method = match self.rng.gen_range(0..100) {
                0..=92 => Method::EndRound,
                93..=97 => Method::Terminated,
                _ => Method::Cancelled,
            };
            closure = on.map(|on| {
                let on = if method == Method::EndRound {
                    on.max(min_endround)
                } else {
                    on
                };
                (method, on)
            });
            if self.rng.gen_bool(0.3) {
                let frac = self.rng.gen_range(0.02..0.5);
                let on = add_days(filed, days(self.rng, 30, 120));
                partial = Some((on, ((d.claim_fen as f64) * frac) as i64));
            }
        } else {
            // 执行难: long, with deducted periods
            let mut latest = filed;
            if causes.contains(&RootCause::HardToRealise) {
                latest = latest.max(self.appraisal_and_auctions(&mut intervals, 30, 120));
            }
            if causes.contains(&RootCause::WhereaboutsUnknown) {
                let s = add_days(filed, days(self.rng, 30, 120));
                let e = add_days(s, days(self.rng, 30, 90));
                intervals.push(Interval {
                    kind: DeductionKind::Notice,
                    start: s,
                    end: Some(e),
                    ground_ended: None,
                });
                latest = latest.max(e);
            }
            let mut running_suspension = false;
            let mut old_suspension_close = None;
            if causes.contains(&RootCause::LegalObstacle) || self.rng.gen_bool(0.05) {
                // 中止 is ordered only on a statutory ground (CPL art. 267): a suspended
                // case has a legal obstacle, whatever else holds it up.
                if !causes.contains(&RootCause::LegalObstacle) {
                    causes.push(RootCause::LegalObstacle);
                    causes.sort();
                }
                let s = add_days(filed, days(self.rng, 30, 240));
                let never = self.rng.gen_bool(0.35);
                let (end, ground) = if never {
                    let g = if self.rng.gen_bool(0.45) {
                        Some(add_days(s, lognormal(self.rng, 300.0, 0.6) as i64))
                    } else {
                        None
                    };
                    (None, g)
                } else {
                    let e = add_days(s, lognormal(self.rng, 360.0, 0.8).max(20.0) as i64);
                    let g = add_days(e, -days(self.rng, 10, 120)).max(add_days(s, 10));
                    (Some(e), Some(g.min(e)))
                };
                if filed.year() < NEW_STYLE_FROM
                    && s < ymd(NEW_STYLE_FROM, 1, 1)
                    && self.rng.gen_bool(0.5)
                {
                    // old practice: the case was reported closed by suspension
                    old_suspension_close = Some(s);
                } else {
                    intervals.push(Interval {
                        kind: DeductionKind::Suspension,
                        start: s,
                        end,
                        ground_ended: ground,
                    });
                    running_suspension = end.is_none();
                    if let Some(e) = end {
                        latest = latest.max(e);
                    }
                }
            }
            let dur = lognormal(self.rng, 300.0, 0.8).clamp(30.0, 3000.0) as i64;
            let mut on = add_days(filed, dur).max(add_days(latest, days(self.rng, 5, 60)));
            let never = running_suspension || self.rng.gen_bool(0.3);
            let r = self.rng.gen_range(0..100);
            let mut method = match r {
                0..=64 => Method::Full,
                65..=74 => Method::Terminated,
                _ => Method::EndRound,
            };
            if method == Method::EndRound {
                on = on.max(min_endround);
            }
            if let Some(s) = old_suspension_close {
                method = Method::OldSuspended;
                on = s;
            }
            closure = if never && old_suspension_close.is_none() {
                None
            } else {
                Some((method, on))
            };
            if self.rng.gen_bool(0.3) {
                let frac = self.rng.gen_range(0.05..0.6);
                let pon = add_days(filed, days(self.rng, 30, 300));
                partial = Some((pon, ((d.claim_fen as f64) * frac) as i64));
            }
        }

        // deferral (暂缓执行): at most three months by rule; some lapse unnoticed
        if self.rng.gen_bool(0.04) {
            let s = add_days(filed, days(self.rng, 15, 150));
            if closure.is_none_or(|(_, on)| on > add_days(s, 10)) {
                let end = if self.rng.gen_bool(0.7) {
                    Some(add_days(s, days(self.rng, 20, 90)))
                } else if self.rng.gen_bool(0.5) {
                    Some(add_days(s, days(self.rng, 150, 700)))
                } else {
                    None
                };
                intervals.push(Interval {
                    kind: DeductionKind::Deferral,
                    start: s,
                    end,
                    ground_ended: None,
                });
                if let (Some(e), Some((m, on))) = (end, closure) {
                    if on < e {
                        closure = Some((m, add_days(e, days(self.rng, 5, 60))));
                    }
                } else if end.is_none() {
                    closure = None;
                }
            }
        }
        // jurisdiction dispute (管辖争议), rare
        if self.rng.gen_bool(0.005) {
            let s = add_days(filed, days(self.rng, 5, 30));
            intervals.push(Interval {
                kind: DeductionKind::Jurisdiction,
                start: s,
                end: Some(add_days(s, days(self.rng, 20, 60))),
                ground_ended: None,
            });
        }
        // assets found during a suspension (a reason to resume: category 5)
        let mut assets_found_on = None;
        if let Some(s) = intervals
            .iter()
            .find(|i| i.kind == DeductionKind::Suspension)
        {
            if self.rng.gen_bool(0.2) {
                assets_found_on = Some(add_days(s.start, days(self.rng, 60, 900)));
            }
        }

        let raw_closure = closure.map(|(method, on)| Closure {
            method,
            on,
            raw: raw_wording(method, on, self.rng),
        });
        let closure = self.campaign_adjust(raw_closure, has_assets, difficult);
        // nothing is deducted after the case closed
        if let Some(c) = closure {
            intervals.retain(|iv| iv.start < c.on);
            for iv in &mut intervals {
                if iv.end.is_none_or(|e| e > c.on) {
                    iv.end = Some(c.on);
                }
                if iv.ground_ended.is_some_and(|g| g > c.on) {
                    iv.ground_ended = None;
                }
            }
            if assets_found_on.is_some_and(|a| a > c.on) {
                assets_found_on = None;
            }
        }
        intervals.sort_by_key(|iv| (iv.start, iv.kind.label()));

        let recovered_fen = match closure.map(|c| c.method) {
            Some(Method::Full) => d.claim_fen,
            Some(Method::EndRound) | Some(Method::Terminated) | Some(Method::OldSuspended) => {
                match partial {
                    Some((_, fen)) => fen,
                    None if self.rng.gen_bool(0.15) => {
                        (d.claim_fen as f64 * self.rng.gen_range(0.01..0.3)) as i64
                    }
                    None => 0,
                }
            }
            _ => 0,
        };
        if let (Some((pon, _)), Some(c)) = (partial, closure) {
            if pon >= c.on {
                partial = None;
            }
        }

        // extensions (延长执行期限), approved shortly before the deadline
        let mut extensions = Vec::new();
        let d0 = add_months(filed, if non_litigation { 3 } else { 6 });
        if closure.is_none_or(|c| c.on > d0) && self.rng.gen_bool(0.35) {
            let approved = add_days(d0, -days(self.rng, 3, 25)).max(add_days(filed, 30));
            let (months, days_) = if self.rng.gen_bool(0.75) {
                (3, 0)
            } else {
                (0, [30, 60, 90][self.rng.gen_range(0..3)])
            };
            if closure.is_none_or(|c| c.on > approved) {
                extensions.push(Extension {
                    approved_on: approved,
                    months,
                    days: days_,
                });
                let d1 = add_days(add_months(d0, months), i64::from(days_));
                if closure.is_none_or(|c| c.on > d1) && self.rng.gen_bool(0.15) {
                    let approved2 = add_days(d1, -days(self.rng, 3, 20)).max(add_days(approved, 1));
                    if closure.is_none_or(|c| c.on > approved2) {
                        extensions.push(Extension {
                            approved_on: approved2,
                            months: 3,
                            days: 0,
                        });
                    }
                }
            }
        }

        // petitions (信访)
        let mut petitions = Vec::new();
        let n_pet = if causes.contains(&RootCause::Petition) {
            self.rng.gen_range(2..=6)
        } else if d.hardship.is_some() && self.rng.gen_bool(0.25) {
            self.rng.gen_range(1..=3)
        } else if self.rng.gen_bool(0.02) {
            1
        } else if self.rng.gen_bool(0.005) {
            2
        } else {
            0
        };
        let pet_from = add_days(filed, 45);
        let pet_to = closure
            .map(|c| c.on)
            .unwrap_or(self.world.end)
            .min(self.world.end);
        if n_pet > 0 && pet_to > pet_from {
            let span = days_between(pet_from, pet_to);
            let mut dates: Vec<NaiveDate> = (0..n_pet)
                .map(|_| add_days(pet_from, self.rng.gen_range(0..=span)))
                .collect();
            dates.sort();
            let first_app = &d.applicants[0];
            let base_name = if first_app.kind == PartyKind::Person {
                first_app.name.clone()
            } else {
                names::person_name(self.rng).0 // the company's agent petitions
            };
            for date in dates {
                let petitioner = if self.rng.gen_bool(0.1) {
                    names::homophone_variant(self.rng, &base_name).unwrap_or(base_name.clone())
                } else {
                    base_name.clone()
                };
                petitions.push(Petition {
                    date,
                    petitioner,
                    cites_case_no: self.rng.gen_bool(0.7),
                    content: texts::petition_content(self.rng),
                });
            }
        }

        let key_case = causes.contains(&RootCause::Interference)
            || petitions.len() >= 2
            || d.claim_fen >= 100_000_000
            || d.hardship.is_some();
        let (officer, leader) = self.officer_and_leader(key_case);
        let interference = causes.contains(&RootCause::Interference);
        Case {
            id,
            court: self.court,
            no,
            filed,
            non_litigation,
            cause: d.cause,
            group: d.group,
            basis_no: d.basis_no,
            applicants: d.applicants,
            respondents: d.respondents,
            claim_fen: d.claim_fen,
            has_assets,
            assets_found_on,
            root_causes: causes,
            interference,
            hardship: d.hardship,
            officer,
            leader,
            closure,
            recovered_fen,
            partial,
            intervals,
            extensions,
            petitions,
            origin,
            text_seed: self.rng.gen(),
        }
    }

    /// Appraisal (评估), one to three auction rounds (拍卖/变卖) and sometimes a public
    /// notice overlapping the first round; returns the end of the last interval.
    fn appraisal_and_auctions(
        &mut self,
        intervals: &mut Vec<Interval>,
        len_lo: i64,
        len_hi: i64,
    ) -> NaiveDate {
        let s = add_days(self.filed, days(self.rng, 20, 150));
        let e = add_days(s, days(self.rng, len_lo, len_hi));
        intervals.push(Interval {
            kind: DeductionKind::Appraisal,
            start: s,
            end: Some(e),
            ground_ended: None,
        });
        let mut last = e;
        let rounds = match self.rng.gen_range(0..10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        for r in 0..rounds {
            let a = add_days(last, days(self.rng, 5, 60));
            let b = add_days(a, if r == 2 { 60 } else { days(self.rng, 30, 45) });
            intervals.push(Interval {
                kind: DeductionKind::Auction,
                start: a,
                end: Some(b),
                ground_ended: None,
            });
            if r == 0 && self.rng.gen_bool(0.6) {
                // the auction notice overlaps the auction itself: unioned, not added
                intervals.push(Interval {
                    kind: DeductionKind::Notice,
                    start: add_days(a, -15),
                    end: Some(add_days(a, 10)),
                    ground_ended: None,
                });
            }
            last = b;
        }
        last
    }

    /// The campaign closes a share of the cases pending at its start.
    fn campaign_adjust(
        &mut self,
        closure: Option<Closure>,
        has_assets: bool,
        difficult: bool,
    ) -> Option<Closure> {
        let w = self.world;
        let cs = w.campaign_start;
        if self.filed >= cs || closure.is_some_and(|c| c.on <= cs) {
            return closure;
        }
        let p = if !has_assets {
            0.55
        } else if difficult {
            0.35
        } else {
            0.5
        };
        if !self.rng.gen_bool(p) {
            return closure;
        }
        let span = days_between(cs, w.end).max(8);
        let mut on = add_days(cs, self.rng.gen_range(7..=span));
        let method = if !has_assets {
            Method::EndRound
        } else {
            match self.rng.gen_range(0..100) {
                0..=74 => Method::Full,
                75..=84 => Method::Terminated,
                _ => Method::EndRound,
            }
        };
        if method == Method::EndRound {
            on = on.max(add_days(add_months(self.filed, 3), 1));
        }
        if on > w.end || closure.is_some_and(|c| c.on <= on) {
            return closure;
        }
        Some(Closure {
            method,
            on,
            raw: raw_wording(method, on, self.rng),
        })
    }
}

/// The wording the system recorded for a closure; before 2016 some clerks used old terms.
fn raw_wording<R: Rng>(method: Method, on: NaiveDate, rng: &mut R) -> &'static str {
    let old = on < ymd(NEW_STYLE_FROM, 1, 1);
    match method {
        Method::Full if old => match rng.gen_range(0..20) {
            0..=11 => "执行完毕",
            12..=16 => "履行完毕",
            _ => "和解",
        },
        Method::Full => "执行完毕",
        Method::EndRound if old && rng.gen_bool(0.25) => "保留债权终结执行",
        Method::EndRound => "终结本次执行程序",
        Method::Terminated => "终结执行",
        Method::Cancelled => "销案",
        Method::NotEnforced => "不予执行",
        Method::Rejected => "驳回申请",
        Method::OldSuspended => "中止",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::courts::select_courts;

    fn world(n: u64, k: usize) -> World {
        World::new(
            42,
            n,
            select_courts(k),
            ymd(2014, 1, 1),
            ymd(2026, 6, 30),
            ymd(2026, 1, 1),
            ymd(2026, 2, 28),
        )
    }

    #[test]
    fn sequence_numbers_restart_per_year_court_and_type() {
        let w = world(3000, 2);
        let mut last: std::collections::BTreeMap<(i32, usize, usize), u32> = Default::default();
        let mut counts = w.counts_before(0);
        let mut year = w.calendar.date_of(0).year();
        for i in 0..3000 {
            let filed = w.calendar.date_of(i);
            if filed.year() != year {
                year = filed.year();
                counts.iter_mut().for_each(|c| *c = 0);
            }
            let (c, t) = w.identity(i, filed);
            counts[c * 3 + t.index()] += 1;
            let seq = counts[c * 3 + t.index()];
            assert_eq!(
                seq,
                w.seq_of(i),
                "random access agrees with the walk at {i}"
            );
            let prev = last.insert((year, c, t.index()), seq).unwrap_or(0);
            assert_eq!(seq, prev + 1);
        }
    }

    #[test]
    fn end_round_never_within_three_months_and_resumed_cases_link_back() {
        let w = world(4000, 1);
        let mut resumed_with_origin = 0;
        for i in 0..4000 {
            let c = w.build(i, w.seq_of(i));
            if let Some(cl) = c.closure {
                assert!(
                    cl.on >= c.filed,
                    "closed before filing: {}",
                    c.no.canonical()
                );
                if cl.method == Method::EndRound {
                    assert!(cl.on > add_months(c.filed, 3), "{}", c.no.canonical());
                }
                for iv in &c.intervals {
                    assert!(iv.end.is_some_and(|e| e <= cl.on));
                }
            }
            if let Some(o) = &c.origin {
                if let Some(oid) = o.case_id {
                    resumed_with_origin += 1;
                    assert!(oid < c.id);
                    let origin = w.build(oid - 1, w.seq_of(oid - 1));
                    assert_eq!(origin.no.canonical(), o.no.canonical());
                    assert_eq!(origin.respondents[0].name, c.respondents[0].name);
                    let oc = origin.closure.map(|c| c.method);
                    assert!(matches!(oc, Some(Method::EndRound | Method::OldSuspended)));
                }
            }
        }
        assert!(resumed_with_origin > 10, "{resumed_with_origin}");
    }
}
