//! The messy exports: how two case-management systems and a few clerks write the same
//! cases, and the writers that stream them to disk.
//!
//! - **System A** (`system_a_<court>.xlsx`, one workbook per court): a title row and a
//!   subtitle above the header, Excel dates mixed with text dates, amounts in 元 as numbers
//!   or as text with thousands commas, a totals row (合计) and a footer (制表人 …).
//!   Written in rust_xlsxwriter's constant-memory mode; a sheet that reaches Excel's row
//!   limit continues on a new sheet with the same title and header.
//! - **System B** (`system_b.csv`): GBK-encoded CSV with CRLF line ends, other header
//!   names, amounts in 万元, 是/否 flags and a status column.
//! - **Side files**: `assignments.csv`, `deductions.csv`, `extensions.csv` (UTF-8 with BOM,
//!   as Excel saves them) and `petitions.xlsx` (the petition office keeps Excel).
//!
//! Rendering (string building, GBK encoding, random mess) runs in parallel per chunk;
//! writing is sequential in case order, and every written row is recorded in
//! `truth/source_rows.parquet` with its 1-based row number as Excel or a text editor
//! shows it (title and header rows count).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use super::calendar::{add_days, excel_serial};
use super::caseload::{Case, CauseGroup, DeductionKind, Method, World};
use super::casenos::{spell, Spelled, TypeCode, Writer};
use super::courts::CourtSpec;
use super::frame::ParquetSink;
use super::names::{homophone_variant, org_variant, Party, PartyKind};
use super::rng::{case_rng, mix, unit, Stream};
use super::texts;
use super::truth::{SnapState, Snapshot, Status};
use crate::ingest::fields::yuan_text;
use crate::{Error, Result};

/// Excel's last row number (1-based).
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// What a written row is, for the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    Title,
    Header,
    Data,
    /// an exact copy of the data row above it
    Duplicate,
    Totals,
    Footer,
}

impl RowKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RowKind::Title => "title",
            RowKind::Header => "header",
            RowKind::Data => "data",
            RowKind::Duplicate => "duplicate",
            RowKind::Totals => "totals",
            RowKind::Footer => "footer",
        }
    }
}

/// Truth about one data row.
#[derive(Debug, Clone)]
pub(crate) struct RowMeta {
    pub case_id: u64,
    pub kind: RowKind,
    pub raw: String,
    pub masked: bool,
}

/// A cell of system A.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Blank,
    Text(String),
    /// amount in 元, shown with thousands separators
    Money(f64),
    /// Excel serial date
    Date(f64),
}

/// A rendered system A row (the 序号 column is filled by the writer).
#[derive(Debug, Clone)]
pub(crate) struct ARow {
    pub meta: RowMeta,
    pub cells: Vec<Cell>,
    pub claim_fen: i64,
    pub recovered_fen: i64,
}

/// Rendered CSV lines (already encoded) with the truth of each line.
#[derive(Debug, Default)]
pub(crate) struct CsvBlock {
    pub bytes: Vec<u8>,
    pub rows: Vec<RowMeta>,
}

/// A petition register entry waiting to be sorted by date.
#[derive(Debug, Clone)]
pub(crate) struct PetitionRec {
    pub date: NaiveDate,
    pub case_id: u64,
    pub petition_id: u64,
    pub petitioner: String,
    pub case_no_text: String,
    pub content: &'static str,
    /// listed in the census register (always listed in the end register)
    pub in_census: bool,
}

/// Which systems list a case: a fixed share in A only, in both, in B only.
pub(crate) fn systems(seed: u64, case_id: u64) -> (bool, bool) {
    let u = unit(mix(seed, case_id, Stream::SystemB) ^ 0x5bd1_e995);
    if u < 0.55 {
        (true, false)
    } else if u < 0.80 {
        (true, true)
    } else {
        (false, true)
    }
}

/// System A header (row 3 of every sheet).
pub(crate) const A_HEADERS: [&str; 18] = [
    "序号",
    "案号",
    "案件类型",
    "案由",
    "申请执行人",
    "被执行人",
    "被执行人证件号码",
    "执行依据文号",
    "立案日期",
    "申请执行标的（元）",
    "执行到位金额（元）",
    "承办人",
    "承办部门",
    "结案日期",
    "结案方式",
    "关联案号",
    "情况说明",
    "备注",
];

/// System B header.
pub(crate) const B_HEADERS: [&str; 22] = [
    "法院名称",
    "案件编号",
    "案件类别",
    "收案日期",
    "案由",
    "申请人",
    "被申请人",
    "被执行人类型",
    "证件号码",
    "执行标的(万元)",
    "已执行到位(万元)",
    "承办法官",
    "案件状态",
    "结案日期",
    "结案方式",
    "执行依据",
    "是否特殊群体",
    "是否涉党政机关",
    "是否涉民生",
    "是否信访",
    "未结原因",
    "备注",
];

pub(crate) const ASSIGNMENT_HEADERS: [&str; 4] = ["案号", "承办人", "包案领导", "执行团队"];
pub(crate) const DEDUCTION_HEADERS: [&str; 4] = ["案号", "扣除类型", "开始日期", "结束日期"];
pub(crate) const EXTENSION_HEADERS: [&str; 3] = ["案号", "延长期限", "批准日期"];
pub(crate) const PETITION_HEADERS: [&str; 6] = [
    "序号",
    "登记日期",
    "信访人",
    "涉及案号",
    "信访事项",
    "办理情况",
];

/// Date as a clerk types it: format 0 `2023-01-05`, 1 `2023/1/5`, 2 `2023年1月5日`,
/// 3 `20230105`.
pub(crate) fn text_date(d: NaiveDate, format: u8) -> String {
    match format {
        1 => format!("{}/{}/{}", d.year(), d.month(), d.day()),
        2 => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        3 => format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
        _ => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// 分 as 万元 with four decimals (rounded to the 元, as system B stores it).
pub(crate) fn wan_text(fen: i64) -> String {
    let yuan = (fen.max(0) + 50) / 100;
    format!("{}.{:04}", yuan / 10_000, yuan % 10_000)
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_line(fields: &[&str], crlf: bool) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(&mut out, f);
    }
    out.push_str(if crlf { "\r\n" } else { "\n" });
    out
}

/// Encodes `s` as GBK; a character outside GBK is an error, never a silent `&#…;`.
pub(crate) fn gbk(s: &str, what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    gbk_append(s, &mut out, what)?;
    Ok(out)
}

thread_local! {
    /// GBK bytes of each BMP character seen so far: 0 = not looked up yet,
    /// `u32::MAX` = not in GBK, else `len << 16 | bytes`.
    static GBK_CACHE: std::cell::RefCell<Vec<u32>> = std::cell::RefCell::new(vec![0; 0x1_0000]);
}

/// Appends the GBK encoding of `s` to `out`; a character outside GBK is an error naming
/// `what`, never a silent `&#…;`.
pub(crate) fn gbk_append(s: &str, out: &mut Vec<u8>, what: &str) -> Result<()> {
    gbk_into(s, out).map_err(|c| Error::Input {
        file: what.to_string(),
        row: None,
        column: None,
        message: format!("internal error: {c:?} is not encodable in GBK (in {s:?})"),
    })
}

/// Appends the GBK encoding of `s` to `out`; the first character outside GBK is the error.
///
/// encoding_rs looks legacy CJK characters up by search, which made GBK encoding the
/// largest single cost of a large run; a text has few distinct characters, so each is
/// looked up once per thread and cached.
fn gbk_into(s: &str, out: &mut Vec<u8>) -> std::result::Result<(), char> {
    GBK_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            let cp = c as usize;
            let code = if cp < 0x1_0000 { cache[cp] } else { u32::MAX };
            let code = if code == 0 {
                let mut buf = [0u8; 4];
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
                let v = if unmappable || bytes.is_empty() || bytes.len() > 2 {
                    u32::MAX
                } else if bytes.len() == 1 {
                    (1 << 16) | u32::from(bytes[0])
                } else {
                    (2 << 16) | (u32::from(bytes[0]) << 8) | u32::from(bytes[1])
                };
                if cp < 0x1_0000 {
                    cache[cp] = v;
                }
                v
            } else {
                code
            };
            match code >> 16 {
                1 => out.push(code as u8),
                2 => {
                    out.push((code >> 8) as u8);
                    out.push(code as u8);
                }
                _ => return Err(c),
            }
        }
        Ok(())
    })
}

/// Per-case choices of one system, the same in both snapshots.
struct Look {
    spelled: Spelled,
    applicants: String,
    respondents: String,
    id_text: String,
    date_format: [u8; 2],
    money_as_text: [bool; 2],
    blank_cause: bool,
    notes_omitted: bool,
    pending_word: &'static str,
    origin_text: String,
}

/// The noisy look of `case` in `writer`'s export.
fn look(case: &Case, court: &CourtSpec, writer: Writer, noise: f64, rng: &mut ChaCha8Rng) -> Look {
    let mask_rate = match writer {
        Writer::SystemA => 0.006 * noise,
        Writer::SystemB => 0.01 * noise,
        Writer::Clerk => 0.0,
    };
    let spelled = spell(&case.no, writer, noise, mask_rate, rng);
    let name_rate = match writer {
        Writer::SystemA => 0.03 * noise,
        _ => 0.08 * noise,
    };
    let name = |p: &Party, rng: &mut ChaCha8Rng| -> String {
        if noise > 0.0 && rng.gen_bool(name_rate.min(1.0)) {
            let v = if p.kind == PartyKind::Person {
                homophone_variant(rng, &p.name)
            } else {
                org_variant(rng, &p.name, court)
            };
            v.unwrap_or_else(|| p.name.clone())
        } else {
            p.name.clone()
        }
    };
    let sep = if writer == Writer::SystemB {
        ","
    } else {
        "、"
    };
    let applicants: Vec<String> = case.applicants.iter().map(|p| name(p, rng)).collect();
    let mut respondents: Vec<String> = case.respondents.iter().map(|p| name(p, rng)).collect();
    if respondents.len() > 1 && noise > 0.0 && rng.gen_bool((0.1 * noise).min(1.0)) {
        let first = respondents[0].clone();
        respondents = vec![format!("{first}等")];
    }
    let id = case
        .respondents
        .first()
        .map(|p| p.id_no.clone())
        .unwrap_or_default();
    let id_text = if noise > 0.0 && rng.gen_bool((0.1 * noise).min(1.0)) {
        String::new()
    } else if noise > 0.0 && rng.gen_bool((0.06 * noise).min(1.0)) && id.len() == 18 {
        format!("{}********{}", &id[..6], &id[14..])
    } else {
        id
    };
    let mut date_format = [0u8; 2];
    let mut money_as_text = [false; 2];
    for k in 0..2 {
        date_format[k] = if noise > 0.0 && rng.gen_bool((0.6 * noise).min(1.0)) {
            rng.gen_range(0..4)
        } else {
            u8::MAX // a real Excel date (A) / the system's own format (B)
        };
        money_as_text[k] = noise > 0.0 && rng.gen_bool((0.5 * noise).min(1.0));
    }
    let blank_cause = noise > 0.0 && rng.gen_bool((0.02 * noise).min(1.0));
    let notes_omitted = noise > 0.0 && rng.gen_bool((0.1 * noise).min(1.0));
    let pending_word = if rng.gen_bool(0.2) {
        "在办"
    } else {
        "未结"
    };
    let origin_text = match &case.origin {
        Some(o) => spell(&o.no, writer, noise, 0.0, rng).text,
        None => String::new(),
    };
    Look {
        spelled,
        applicants: applicants.join(sep),
        respondents: respondents.join(sep),
        id_text,
        date_format,
        money_as_text,
        blank_cause,
        notes_omitted,
        pending_word,
        origin_text,
    }
}

fn kind_label_a(case: &Case) -> &'static str {
    match case.no.type_code {
        TypeCode::Zhi if case.non_litigation => "非诉执行",
        TypeCode::Zhi => "首次执行",
        TypeCode::ZhiHui => "恢复执行",
        TypeCode::ZhiBao => "财产保全执行",
    }
}

fn kind_label_b(case: &Case) -> &'static str {
    match case.no.type_code {
        TypeCode::Zhi if case.non_litigation => "非诉执行",
        TypeCode::Zhi => "首执",
        TypeCode::ZhiHui => "执恢",
        TypeCode::ZhiBao => "执保",
    }
}

fn method_b(m: Method) -> &'static str {
    match m {
        Method::Full => "执行完毕",
        Method::EndRound => "终本",
        Method::Terminated => "终结",
        Method::Cancelled => "销案",
        Method::NotEnforced => "不予执行",
        Method::Rejected => "驳回",
        Method::OldSuspended => "中止",
    }
}

/// Notes a clerk adds: hardship, interference, petitions, a leader on the case.
fn notes(case: &Case, state: &SnapState, rng: &mut ChaCha8Rng, world: &World) -> String {
    let mut parts = Vec::new();
    if let Some(h) = case.hardship {
        parts.push(texts::hardship_note(rng, h));
    }
    if case.interference {
        parts.push(texts::interference_note(rng));
    }
    if state.petition_count > 0 {
        parts.push(format!("信访{}次", state.petition_count));
    }
    if let Some(l) = case.leader {
        if let Some(leader) = world.rosters[case.court].leaders.get(l) {
            parts.push(format!("{}{}包案", leader.title, leader.name));
        }
    }
    parts.join("；")
}

/// Everything one case contributes to one snapshot's exports.
pub(crate) struct CaseRows {
    pub a: Vec<ARow>,
    pub b: Vec<(String, RowMeta)>,
}

/// Renders `case` at `snap` for systems A and B.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_case(
    world: &World,
    case: &Case,
    state: &SnapState,
    snap_index: usize,
    snap: &Snapshot,
    noise: f64,
    in_a: bool,
    in_b: bool,
) -> CaseRows {
    let court = &world.courts[case.court];
    let roster = &world.rosters[case.court];
    let officer = roster.officers.get(case.officer);
    let officer_name = officer.map(|o| o.name.as_str()).unwrap_or("");
    let team = officer
        .and_then(|o| roster.teams.get(o.team))
        .map(String::as_str)
        .unwrap_or("");
    let mut dup_rng = case_rng(
        world.seed,
        case.id * 2 + snap_index as u64,
        Stream::Snapshot,
    );
    let dup_rate = (0.008 * noise).min(1.0);
    let closure = state.closure;
    let open = state.status.is_open();
    let reason = if open || closure.is_some_and(|c| c.method != Method::Full) {
        case.reason_at(snap.date)
    } else {
        String::new()
    };
    let recovered = state.recovered_fen;
    let mut out = CaseRows {
        a: Vec::new(),
        b: Vec::new(),
    };

    if in_a {
        let mut rng = case_rng(world.seed, case.id, Stream::SystemA);
        let lk = look(case, court, Writer::SystemA, noise, &mut rng);
        let date_cell = |d: NaiveDate, f: u8| -> Cell {
            if f == u8::MAX {
                Cell::Date(excel_serial(d))
            } else {
                Cell::Text(text_date(d, f))
            }
        };
        let money = |fen: i64, as_text: bool, rng: &mut ChaCha8Rng| -> Cell {
            if as_text {
                Cell::Text(yuan_text(fen, rng.gen_bool(0.8)))
            } else {
                Cell::Money(fen as f64 / 100.0)
            }
        };
        let note = if lk.notes_omitted {
            String::new()
        } else {
            notes(case, state, &mut rng, world)
        };
        let text = |s: &str| -> Cell {
            if s.is_empty() {
                Cell::Blank
            } else {
                Cell::Text(s.to_string())
            }
        };
        let cells = vec![
            Cell::Blank, // 序号, filled by the writer
            text(&lk.spelled.text),
            Cell::Text(kind_label_a(case).to_string()),
            if lk.blank_cause {
                Cell::Blank
            } else {
                Cell::Text(case.cause.to_string())
            },
            text(&lk.applicants),
            text(&lk.respondents),
            text(&lk.id_text),
            Cell::Text(case.basis_no.clone()),
            date_cell(case.filed, lk.date_format[0]),
            money(case.claim_fen, lk.money_as_text[0], &mut rng),
            money(recovered, lk.money_as_text[1], &mut rng),
            text(officer_name),
            text(team),
            closure
                .map(|c| date_cell(c.on, lk.date_format[1]))
                .unwrap_or(Cell::Blank),
            closure
                .map(|c| Cell::Text(c.raw.to_string()))
                .unwrap_or(Cell::Blank),
            text(&lk.origin_text),
            text(&reason),
            text(&note),
        ];
        let meta = RowMeta {
            case_id: case.id,
            kind: RowKind::Data,
            raw: lk.spelled.text.clone(),
            masked: lk.spelled.masked,
        };
        let row = ARow {
            meta,
            cells,
            claim_fen: case.claim_fen,
            recovered_fen: recovered,
        };
        let dup = noise > 0.0 && dup_rng.gen_bool(dup_rate);
        if dup {
            let mut copy = row.clone();
            copy.meta.kind = RowKind::Duplicate;
            out.a.push(row);
            out.a.push(copy);
        } else {
            out.a.push(row);
        }
    }

    if in_b {
        let mut rng = case_rng(world.seed, case.id, Stream::SystemB);
        let lk = look(case, court, Writer::SystemB, noise, &mut rng);
        let date = |d: NaiveDate, f: u8| -> String {
            match f {
                u8::MAX | 2 | 3 => text_date(d, 0),
                1 => text_date(d, 1),
                _ => format!("{} 00:00:00", text_date(d, 0)),
            }
        };
        let status = match state.status {
            Status::Pending => lk.pending_word,
            Status::Suspended => "中止",
            Status::Deferred => "暂缓",
            Status::Closed if closure.is_some_and(|c| c.method == Method::EndRound) => "终本",
            _ => "已结",
        };
        let resp_kind = match case.respondents.first().map(|p| p.kind) {
            Some(PartyKind::Person) => "自然人",
            Some(PartyKind::Government) => {
                if case.respondents[0].name.ends_with("合作社") {
                    "其他组织"
                } else {
                    "机关"
                }
            }
            Some(_) => "法人",
            None => "",
        };
        let yes = |b: bool| if b { "是" } else { "否" };
        let livelihood = matches!(
            case.group,
            CauseGroup::Wage
                | CauseGroup::Traffic
                | CauseGroup::Family
                | CauseGroup::Tort
                | CauseGroup::Labour
        );
        let gov = case
            .respondents
            .iter()
            .any(|p| p.kind == PartyKind::Government);
        let note = if lk.notes_omitted {
            String::new()
        } else {
            let mut parts = Vec::new();
            if case.interference {
                parts.push(texts::interference_note(&mut rng));
            }
            if let Some(h) = case.hardship {
                if rng.gen_bool(0.5) {
                    parts.push(texts::hardship_note(&mut rng, h));
                }
            }
            parts.join("；")
        };
        let closed_on = closure
            .map(|c| date(c.on, lk.date_format[1]))
            .unwrap_or_default();
        let filed = date(case.filed, lk.date_format[0]);
        let claim = wan_text(case.claim_fen);
        let rec = wan_text(recovered);
        let hardship_flag = yes(case.hardship.is_some() && !lk.notes_omitted);
        let petition_flag = yes(state.petition_count > 0);
        let method = closure.map(|c| method_b(c.method)).unwrap_or("");
        let reason_b = if open { reason.as_str() } else { "" };
        let fields: [&str; 22] = [
            court.name,
            &lk.spelled.text,
            kind_label_b(case),
            &filed,
            if lk.blank_cause { "" } else { case.cause },
            &lk.applicants,
            &lk.respondents,
            resp_kind,
            &lk.id_text,
            &claim,
            &rec,
            officer_name,
            status,
            &closed_on,
            method,
            &case.basis_no,
            hardship_flag,
            yes(gov),
            yes(livelihood),
            petition_flag,
            reason_b,
            &note,
        ];
        let line = csv_line(&fields, true);
        let meta = RowMeta {
            case_id: case.id,
            kind: RowKind::Data,
            raw: lk.spelled.text.clone(),
            masked: lk.spelled.masked,
        };
        let dup = noise > 0.0 && dup_rng.gen_bool(dup_rate);
        if dup {
            let mut m2 = meta.clone();
            m2.kind = RowKind::Duplicate;
            out.b.push((line.clone(), meta));
            out.b.push((line, m2));
        } else {
            out.b.push((line, meta));
        }
    }
    out
}

/// The side-file rows of `case` at `snap`: assignments, deductions, extensions.
pub(crate) struct SideRows {
    pub assignments: Vec<(String, RowMeta)>,
    pub deductions: Vec<(String, RowMeta)>,
    pub extensions: Vec<(String, RowMeta)>,
}

/// Spelling of a case number in side files (the same for every side file and snapshot).
pub(crate) fn side_spelling(world: &World, case: &Case, noise: f64) -> (Spelled, ChaCha8Rng) {
    let mut rng = case_rng(world.seed, case.id, Stream::Side);
    let s = spell(&case.no, Writer::Clerk, noise * 0.5, 0.0, &mut rng);
    (s, rng)
}

/// Renders the side-file rows of `case` at `snap`. `assign` says whether the case is on the
/// responsibility list (open at the census, or filed after it).
pub(crate) fn render_side(
    world: &World,
    case: &Case,
    snap: &Snapshot,
    noise: f64,
    assign: bool,
) -> SideRows {
    let (no, mut rng) = side_spelling(world, case, noise);
    let meta = |no: &Spelled| RowMeta {
        case_id: case.id,
        kind: RowKind::Data,
        raw: no.text.clone(),
        masked: false,
    };
    let t = snap.date;
    let slash = noise > 0.0 && rng.gen_bool((0.3 * noise).min(1.0));
    let fmt = |d: NaiveDate| text_date(d, u8::from(slash));
    let mut out = SideRows {
        assignments: Vec::new(),
        deductions: Vec::new(),
        extensions: Vec::new(),
    };
    let roster = &world.rosters[case.court];
    if assign {
        let officer = roster.officers.get(case.officer);
        let leader = case
            .leader
            .and_then(|l| roster.leaders.get(l))
            .map(|l| l.name.as_str())
            .unwrap_or("");
        let team = officer
            .and_then(|o| roster.teams.get(o.team))
            .map(String::as_str)
            .unwrap_or("");
        let line = csv_line(
            &[
                &no.text,
                officer.map(|o| o.name.as_str()).unwrap_or(""),
                leader,
                team,
            ],
            true,
        );
        out.assignments.push((line, meta(&no)));
    }
    let wordy = noise > 0.0 && rng.gen_bool((0.4 * noise).min(1.0));
    for iv in case.intervals.iter().filter(|iv| iv.start <= t) {
        let kind = if wordy {
            match iv.kind {
                DeductionKind::Suspension => "中止执行",
                DeductionKind::Deferral => "暂缓执行",
                DeductionKind::Appraisal => "司法评估",
                DeductionKind::Auction => "司法拍卖",
                DeductionKind::Notice => "公告期间",
                DeductionKind::Jurisdiction => "管辖权异议",
            }
        } else {
            iv.kind.label()
        };
        let end = iv.end.filter(|e| *e <= t).map(fmt).unwrap_or_default();
        let line = csv_line(&[&no.text, kind, &fmt(iv.start), &end], true);
        out.deductions.push((line, meta(&no)));
    }
    for e in case.extensions.iter().filter(|e| e.approved_on <= t) {
        let span = if e.months > 0 {
            if noise > 0.0 && rng.gen_bool((0.2 * noise).min(1.0)) {
                format!("{}", e.months)
            } else {
                format!("{}个月", e.months)
            }
        } else if rng.gen_bool(0.5) {
            format!("{}天", e.days)
        } else {
            format!("{}日", e.days)
        };
        let line = csv_line(&[&no.text, &span, &fmt(e.approved_on)], true);
        out.extensions.push((line, meta(&no)));
    }
    out
}

/// Petition register entries of `case` (both snapshots).
pub(crate) fn petition_recs(
    world: &World,
    case: &Case,
    census: &Snapshot,
    census_listed: bool,
    noise: f64,
) -> Vec<PetitionRec> {
    let (no, _) = side_spelling(world, case, noise);
    case.petitions
        .iter()
        .enumerate()
        .filter(|(_, p)| p.date <= world.end)
        .map(|(k, p)| PetitionRec {
            date: p.date,
            case_id: case.id,
            petition_id: case.id * 100 + k as u64 + 1,
            petitioner: p.petitioner.clone(),
            case_no_text: if p.cites_case_no {
                no.text.clone()
            } else {
                String::new()
            },
            content: p.content,
            in_census: census_listed && p.date <= census.date,
        })
        .collect()
}

fn xlsx_err(path: &Path, e: XlsxError) -> Error {
    Error::output(path, std::io::Error::other(e.to_string()))
}

/// Records rows of one export file in `truth/source_rows.parquet`.
pub(crate) struct SourceRows<'a> {
    pub sink: &'a mut ParquetSink,
    pub snapshot: &'static str,
}

impl SourceRows<'_> {
    pub(crate) fn push(
        &mut self,
        file: &str,
        sheet: Option<&str>,
        row: u64,
        kind: RowKind,
        meta: Option<&RowMeta>,
    ) -> Result<()> {
        let f = self.sink.row();
        f.s(Some(self.snapshot))
            .s(Some(file))
            .s(sheet)
            .i64(Some(row as i64))
            .s(Some(kind.as_str()))
            .i64(meta.map(|m| m.case_id as i64))
            .s(meta.map(|m| m.raw.as_str()))
            .b(meta.map(|m| m.masked));
        self.sink.flush_if_full()
    }
}

/// Path with `.partial` appended: files are written there and renamed when complete.
pub(crate) fn partial_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

/// Streaming writer of one system A workbook.
pub(crate) struct XlsxA {
    path: PathBuf,
    /// path relative to the output folder, as recorded in the truth
    rel: String,
    workbook: Workbook,
    sheet: usize,
    sheet_name: String,
    /// next 0-based row on the current sheet
    row: u32,
    max_rows: u32,
    serial: u64,
    data_rows: u64,
    sum_claim: i64,
    sum_recovered: i64,
    title: String,
    subtitle: String,
    footer: String,
    f_title: Format,
    f_header: Format,
    f_date: Format,
    f_money: Format,
}

impl XlsxA {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn create(
        path: &Path,
        rel: String,
        court: &CourtSpec,
        snap: &Snapshot,
        clerk: &str,
        reviewer: &str,
        max_rows: u32,
        src: &mut SourceRows,
    ) -> Result<XlsxA> {
        let mut workbook = Workbook::new();
        let export_day = add_days(snap.date, 1);
        let created = ExcelDateTime::from_ymd(
            export_day.year() as u16,
            export_day.month() as u8,
            export_day.day() as u8,
        )
        .map_err(|e| xlsx_err(path, e))?;
        let props = DocProperties::new()
            .set_author(clerk)
            .set_title(format!("{}执行案件明细表", court.name))
            .set_creation_datetime(&created);
        workbook.set_properties(&props);
        let mut w = XlsxA {
            path: path.to_path_buf(),
            rel,
            workbook,
            sheet: 0,
            sheet_name: String::new(),
            row: 0,
            max_rows: max_rows.clamp(8, EXCEL_MAX_ROWS),
            serial: 0,
            data_rows: 0,
            sum_claim: 0,
            sum_recovered: 0,
            title: format!("{}执行案件明细表", court.name),
            subtitle: format!(
                "统计截止日期：{}年{}月{}日　　金额单位：元",
                snap.date.year(),
                snap.date.month(),
                snap.date.day()
            ),
            footer: format!(
                "制表人：{clerk}　　审核人：{reviewer}　　制表日期：{}年{}月{}日",
                export_day.year(),
                export_day.month(),
                export_day.day()
            ),
            f_title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            f_header: Format::new().set_bold().set_align(FormatAlign::Center),
            f_date: Format::new().set_num_format("yyyy-mm-dd"),
            f_money: Format::new().set_num_format("#,##0.00"),
        };
        w.new_sheet(src)?;
        Ok(w)
    }

    fn new_sheet(&mut self, src: &mut SourceRows) -> Result<()> {
        let n = self.workbook.worksheets().len();
        self.sheet_name = if n == 0 {
            "执行案件明细".to_string()
        } else {
            format!("执行案件明细({})", n + 1)
        };
        let path = self.path.clone();
        let ws = self.workbook.add_worksheet_with_constant_memory();
        ws.set_name(&self.sheet_name)
            .map_err(|e| xlsx_err(&path, e))?;
        let widths = [
            6.0, 26.0, 12.0, 22.0, 24.0, 28.0, 21.0, 26.0, 12.0, 16.0, 16.0, 8.0, 10.0, 12.0, 18.0,
            26.0, 40.0, 30.0,
        ];
        for (c, wd) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *wd)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        ws.merge_range(
            0,
            0,
            0,
            (A_HEADERS.len() - 1) as u16,
            &self.title,
            &self.f_title,
        )
        .map_err(|e| xlsx_err(&path, e))?;
        ws.write_string(1, 0, &self.subtitle)
            .map_err(|e| xlsx_err(&path, e))?;
        for (c, h) in A_HEADERS.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &self.f_header)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        self.sheet = n;
        self.row = 3;
        let sheet = self.sheet_name.clone();
        src.push(&self.rel, Some(&sheet), 1, RowKind::Title, None)?;
        src.push(&self.rel, Some(&sheet), 2, RowKind::Title, None)?;
        src.push(&self.rel, Some(&sheet), 3, RowKind::Header, None)?;
        Ok(())
    }

    /// Appends one data (or duplicate) row.
    pub(crate) fn push(&mut self, r: &ARow, src: &mut SourceRows) -> Result<()> {
        // keep two rows free on every sheet for the totals and the footer
        if self.row + 2 >= self.max_rows {
            self.new_sheet(src)?;
        }
        if r.meta.kind != RowKind::Duplicate {
            self.serial += 1;
            self.sum_claim += r.claim_fen;
            self.sum_recovered += r.recovered_fen;
        }
        self.data_rows += 1;
        let path = self.path.clone();
        let row = self.row;
        let serial = self.serial as f64;
        let ws = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_number(row, 0, serial)
            .map_err(|e| xlsx_err(&path, e))?;
        for (c, cell) in r.cells.iter().enumerate().skip(1) {
            let c = c as u16;
            match cell {
                Cell::Blank => {}
                Cell::Text(s) => {
                    ws.write_string(row, c, s).map_err(|e| xlsx_err(&path, e))?;
                }
                Cell::Money(v) => {
                    ws.write_number_with_format(row, c, *v, &self.f_money)
                        .map_err(|e| xlsx_err(&path, e))?;
                }
                Cell::Date(v) => {
                    ws.write_number_with_format(row, c, *v, &self.f_date)
                        .map_err(|e| xlsx_err(&path, e))?;
                }
            }
        }
        self.row += 1;
        let sheet = self.sheet_name.clone();
        src.push(
            &self.rel,
            Some(&sheet),
            u64::from(row) + 1,
            r.meta.kind,
            Some(&r.meta),
        )
    }

    /// Writes the totals row and the footer (call once, then [`XlsxA::save`]).
    pub(crate) fn close(&mut self, src: &mut SourceRows) -> Result<()> {
        let path = self.path.clone();
        let row = self.row;
        let ws = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_string(row, 0, "合计")
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_string(row, 1, format!("共{}件", self.serial))
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_number_with_format(row, 9, self.sum_claim as f64 / 100.0, &self.f_money)
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_number_with_format(row, 10, self.sum_recovered as f64 / 100.0, &self.f_money)
            .map_err(|e| xlsx_err(&path, e))?;
        ws.write_string(row + 1, 0, &self.footer)
            .map_err(|e| xlsx_err(&path, e))?;
        let sheet = self.sheet_name.clone();
        src.push(
            &self.rel,
            Some(&sheet),
            u64::from(row) + 1,
            RowKind::Totals,
            None,
        )?;
        src.push(
            &self.rel,
            Some(&sheet),
            u64::from(row) + 2,
            RowKind::Footer,
            None,
        )
    }

    /// Compresses and saves the workbook (the slow part; workbooks are saved in parallel);
    /// returns the data rows written.
    pub(crate) fn save(mut self) -> Result<u64> {
        let tmp = partial_path(&self.path);
        self.workbook
            .save(&tmp)
            .map_err(|e| xlsx_err(&self.path, e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::output(&self.path, e))?;
        Ok(self.data_rows)
    }
}

/// Streaming writer of one CSV file (system B in GBK, side files in UTF-8 with BOM).
pub(crate) struct CsvOut {
    path: PathBuf,
    pub rel: String,
    out: BufWriter<File>,
    /// 1-based number of the last line written
    pub line: u64,
}

impl CsvOut {
    pub(crate) fn create(
        path: &Path,
        rel: String,
        headers: &[&str],
        gbk_encoded: bool,
        src: &mut SourceRows,
    ) -> Result<CsvOut> {
        let tmp = partial_path(path);
        let f = File::create(&tmp).map_err(|e| Error::output(&tmp, e))?;
        let mut out = BufWriter::with_capacity(1 << 20, f);
        let header = csv_line(headers, true);
        let bytes = if gbk_encoded {
            gbk(&header, &rel)?
        } else {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(header.as_bytes());
            b
        };
        out.write_all(&bytes).map_err(|e| Error::output(&tmp, e))?;
        src.push(&rel, None, 1, RowKind::Header, None)?;
        Ok(CsvOut {
            path: path.to_path_buf(),
            rel,
            out,
            line: 1,
        })
    }

    /// Appends pre-encoded lines with their truth.
    pub(crate) fn push_block(&mut self, block: &CsvBlock, src: &mut SourceRows) -> Result<()> {
        self.out
            .write_all(&block.bytes)
            .map_err(|e| Error::output(partial_path(&self.path), e))?;
        for m in &block.rows {
            self.line += 1;
            src.push(&self.rel, None, self.line, m.kind, Some(m))?;
        }
        Ok(())
    }

    /// Flushes and renames into place; returns the data lines written.
    pub(crate) fn finish(self) -> Result<u64> {
        let tmp = partial_path(&self.path);
        let f = self
            .out
            .into_inner()
            .map_err(|e| Error::output(&tmp, e.into_error()))?;
        f.sync_all().ok();
        drop(f);
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::output(&self.path, e))?;
        Ok(self.line - 1)
    }
}

/// Writes the petition register of one snapshot (sorted by date, then case and petition).
pub(crate) fn write_petitions(
    path: &Path,
    rel: &str,
    recs: &[&PetitionRec],
    snap: &Snapshot,
    noise: f64,
    seed: u64,
    src: &mut SourceRows,
) -> Result<u64> {
    let mut workbook = Workbook::new();
    let export_day = add_days(snap.date, 1);
    let created = ExcelDateTime::from_ymd(
        export_day.year() as u16,
        export_day.month() as u8,
        export_day.day() as u8,
    )
    .map_err(|e| xlsx_err(path, e))?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let f_header = Format::new().set_bold();
    let f_date = Format::new().set_num_format("yyyy/m/d");
    let ws = workbook.add_worksheet_with_constant_memory();
    let sheet = "信访登记";
    ws.set_name(sheet).map_err(|e| xlsx_err(path, e))?;
    for (c, wd) in [6.0, 12.0, 10.0, 26.0, 36.0, 12.0].iter().enumerate() {
        ws.set_column_width(c as u16, *wd)
            .map_err(|e| xlsx_err(path, e))?;
    }
    for (c, h) in PETITION_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f_header)
            .map_err(|e| xlsx_err(path, e))?;
    }
    src.push(rel, Some(sheet), 1, RowKind::Header, None)?;
    let mut row: u32 = 1;
    for (k, p) in recs.iter().enumerate() {
        if row + 1 >= EXCEL_MAX_ROWS {
            break; // a register never gets this long; keep the file valid if it did
        }
        ws.write_number(row, 0, (k + 1) as f64)
            .map_err(|e| xlsx_err(path, e))?;
        let mut rng = case_rng(seed, p.petition_id, Stream::Side);
        if noise > 0.0 && rng.gen_bool((0.3 * noise).min(1.0)) {
            ws.write_string(row, 1, text_date(p.date, rng.gen_range(0..4)))
                .map_err(|e| xlsx_err(path, e))?;
        } else {
            ws.write_number_with_format(row, 1, excel_serial(p.date), &f_date)
                .map_err(|e| xlsx_err(path, e))?;
        }
        ws.write_string(row, 2, &p.petitioner)
            .map_err(|e| xlsx_err(path, e))?;
        if !p.case_no_text.is_empty() {
            ws.write_string(row, 3, &p.case_no_text)
                .map_err(|e| xlsx_err(path, e))?;
        }
        ws.write_string(row, 4, p.content)
            .map_err(|e| xlsx_err(path, e))?;
        let handling = if p.date < add_days(snap.date, -30) {
            "已转执行局办理"
        } else {
            "办理中"
        };
        ws.write_string(row, 5, handling)
            .map_err(|e| xlsx_err(path, e))?;
        let meta = RowMeta {
            case_id: p.case_id,
            kind: RowKind::Data,
            raw: p.case_no_text.clone(),
            masked: false,
        };
        row += 1;
        src.push(rel, Some(sheet), u64::from(row), RowKind::Data, Some(&meta))?;
    }
    let tmp = partial_path(path);
    workbook.save(&tmp).map_err(|e| xlsx_err(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::output(path, e))?;
    Ok(u64::from(row) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::calendar::ymd;

    #[test]
    fn money_and_date_texts() {
        assert_eq!(yuan_text(1_234_567, true), "12,345.67");
        assert_eq!(yuan_text(1_234_567, false), "12345.67");
        assert_eq!(yuan_text(5, true), "0.05");
        assert_eq!(yuan_text(100_000_000, true), "1,000,000.00");
        assert_eq!(wan_text(123_456_789), "123.4568");
        assert_eq!(wan_text(4_999), "0.0050");
        let d = ymd(2023, 1, 5);
        assert_eq!(text_date(d, 0), "2023-01-05");
        assert_eq!(text_date(d, 1), "2023/1/5");
        assert_eq!(text_date(d, 2), "2023年1月5日");
        assert_eq!(text_date(d, 3), "20230105");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(
            csv_line(&["a", "b,c", "d\"e"], false),
            "a,\"b,c\",\"d\"\"e\"\n"
        );
    }

    #[test]
    fn cached_gbk_agrees_with_encoding_rs() {
        let s = "（2023）浙0603執1234號〔〕【】　、；张伟章伟€abc,\"x\"";
        let (want, _, bad) = encoding_rs::GBK.encode(s);
        assert!(!bad);
        assert_eq!(gbk(s, "t").ok().as_deref(), Some(&want[..]));
        assert_eq!(
            gbk(s, "t").ok().as_deref(),
            Some(&want[..]),
            "second pass from the cache"
        );
    }

    #[test]
    fn gbk_rejects_what_it_cannot_encode() {
        assert!(gbk("（2023）浙0603執1234號〔〕【】　、；", "t").is_ok());
        assert!(gbk("😀", "t").is_err());
    }
}
