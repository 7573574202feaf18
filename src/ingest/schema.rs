//! The canonical fields of each table that ingest writes, and their types.
//!
//! This is the data contract of DESIGN §4 in code: profiles map header wordings onto
//! these names, and every table always has every column (null when no input column
//! mapped to it) so that notebooks and SQL see one stable schema whatever the export.

/// The tables ingest can fill; a profile names which one its files go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    Cases,
    Petitions,
    Assignments,
    Deductions,
    Extensions,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Cases,
        TableKind::Petitions,
        TableKind::Assignments,
        TableKind::Deductions,
        TableKind::Extensions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TableKind::Cases => "cases",
            TableKind::Petitions => "petitions",
            TableKind::Assignments => "assignments",
            TableKind::Deductions => "deductions",
            TableKind::Extensions => "extensions",
        }
    }

    pub fn parse(s: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            TableKind::Cases => CASE_FIELDS,
            TableKind::Petitions => PETITION_FIELDS,
            TableKind::Assignments => ASSIGNMENT_FIELDS,
            TableKind::Deductions => DEDUCTION_FIELDS,
            TableKind::Extensions => EXTENSION_FIELDS,
        }
    }
}

/// How a field's cells are parsed and which columns it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// The row's own case number: parsed, with all its parts.
    CaseNo,
    /// A case number of another case (origin, basis, a petition's case): canonical text
    /// and key when it parses, the raw text otherwise; never a reject.
    CaseRef,
    Date,
    /// Money in 分 (i64), from 元 or 万元.
    Amount,
    Text,
    /// A list of party names (or IDs), split on 、，,;； and newlines.
    Parties,
    /// Both sides in one cell, each after its role (当事人: `申请执行人：张三；被执行人：李四`):
    /// read into the role's own column when that is empty; no column of its own.
    RoleParties,
    Flag,
    /// 结案方式, mapped to the canonical list; the raw value kept.
    Closure,
    /// 案件状态, mapped to pending/closed/suspended/deferred; the raw value kept.
    Status,
    Count,
}

/// One canonical field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    /// A file without a column for a required field cannot be ingested.
    pub required: bool,
    /// The Chinese label shown in workbooks and reports.
    pub label_zh: &'static str,
    /// Its synonyms name different parts of one value (信访方式 and 信访类型, 扣除类型 and
    /// 中止原因): a later column under another synonym is read beside the field's own, its
    /// text joined in brackets (来访（重复信访）), rather than only where the own is empty.
    pub joins_columns: bool,
}

const fn f(name: &'static str, ty: FieldType, label_zh: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        label_zh,
        joins_columns: false,
    }
}

/// A field whose columns all count ([`FieldSpec::joins_columns`]).
const fn joined(name: &'static str, ty: FieldType, label_zh: &'static str) -> FieldSpec {
    FieldSpec {
        joins_columns: true,
        ..f(name, ty, label_zh)
    }
}

const fn req(name: &'static str, ty: FieldType, label_zh: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
        label_zh,
        joins_columns: false,
    }
}

use FieldType::*;

pub const CASE_FIELDS: &[FieldSpec] = &[
    req("case_no", CaseNo, "案号"),
    req("filed_on", Date, "立案日期"),
    f("court_name", Text, "法院"),
    f("cause", Text, "案由"),
    f("case_category", Text, "案件类型"),
    f("closed_on", Date, "结案日期"),
    f("closure_method", Closure, "结案方式"),
    f("status", Status, "案件状态"),
    f("parties", RoleParties, "当事人"),
    f("applicants", Parties, "申请执行人"),
    f("respondents", Parties, "被执行人"),
    f("applicant_ids", Parties, "申请执行人证件号码"),
    f("respondent_ids", Parties, "被执行人证件号码"),
    f("claim_fen", Amount, "申请执行标的"),
    f("recovered_fen", Amount, "执行到位金额"),
    // What an export states as still outstanding instead of the amount recovered: read into
    // recovered_fen (the claim less it), no column of its own (see [`OUTSTANDING`]).
    f(OUTSTANDING, Amount, "未执行到位金额"),
    f("officer", Text, "承办人"),
    f("team", Text, "承办团队"),
    f("leader", Text, "包案领导"),
    f("basis_no", CaseRef, "执行依据文号"),
    f("origin_case_no", CaseRef, "原案号"),
    f("suspended_on", Date, "中止日期"),
    f("resumed_on", Date, "恢复日期"),
    // What the court's system says of the deadline, where the export has it: classify
    // counts approvals and deductions the other inputs do not list.
    f("stated_due_on", Date, "审限届满日期"),
    f("stated_extension_months", Count, "延长审限月数"),
    f("stated_extension_days", Count, "延长审限天数"),
    f("stated_deducted_days", Count, "扣除审限天数"),
    joined("reason", Text, "未结/终本/中止原因"),
    f("interference", Flag, "是否受干预"),
    f("hardship", Flag, "申请人是否特困"),
    f("has_assets", Flag, "有无可供执行财产"),
    f("note", Text, "备注"),
    f("respondent_type", Text, "被执行人类型"),
    f("government_debtor", Flag, "是否涉党政机关"),
    f("livelihood", Flag, "是否涉民生"),
    f("petitioned", Flag, "是否信访"),
    f("stated_petitions", Count, "信访次数"),
    f("migrant_wages", Flag, "是否涉农民工工资"),
];

pub const PETITION_FIELDS: &[FieldSpec] = &[
    req("petitioned_on", Date, "信访日期"),
    // The time of day of the visit (09:30), from a 信访时间 column beside the date or a
    // date-time in one cell: two visits of one day are two petitions. A register with only
    // a 信访时间 column takes the date from it too.
    f("petitioned_time", Text, "信访时间"),
    req("petitioner", Text, "信访人"),
    f("case_no", CaseRef, "案号"),
    // 信访方式 (来访) and 信访类型 (重复信访) side by side: both are read, for the repeat
    // class (categories.toml [petitions] repeat_words).
    joined("channel", Text, "信访方式"),
    f("content", Text, "信访内容"),
    f("handling", Text, "办理情况"),
    // A register row that counts several visits (信访次数 3): that many petitions.
    f("times", Count, "信访次数"),
];

pub const ASSIGNMENT_FIELDS: &[FieldSpec] = &[
    req("case_no", CaseRef, "案号"),
    f("officer", Text, "承办人"),
    f("team", Text, "承办团队"),
    f("leader", Text, "包案领导"),
    f("assigned_on", Date, "分配日期"),
];

pub const DEDUCTION_FIELDS: &[FieldSpec] = &[
    req("case_no", CaseRef, "案号"),
    // Without a column of its own (a register of 中止日期 | 恢复日期), the kind is what the
    // start's header names (中止, 暂缓). 扣除类型 and 中止原因 side by side: both are read
    // (中止执行（被执行人破产程序已终结）), the reason counting for category 5.
    joined("kind", Text, "扣除类型"),
    req("start_on", Date, "开始日期"),
    f("end_on", Date, "结束日期"),
    // A register that gives a period's length instead of its end (开始日期 + 扣除天数):
    // the end is the start plus the days.
    f("days", Count, "扣除天数"),
    // An approval form's result (审批结果: 同意/不同意/审批中): a deduction not approved
    // deducts nothing (the row is a reject).
    f("decision", Text, "审批结果"),
    // A period in one cell (起止日期 2025.9.1-2025.10.31): its start and end, where the
    // register has no columns of their own (kept as written).
    f("period", Text, "起止日期"),
];

pub const EXTENSION_FIELDS: &[FieldSpec] = &[
    req("case_no", CaseRef, "案号"),
    f("months", Count, "延长月数"),
    f("days", Count, "延长天数"),
    f("approved_on", Date, "批准日期"),
    f("decision", Text, "审批结果"),
    // A register that states the new deadline instead of a length (延长至 2026-03-10): the
    // case's due date is at least that day.
    f("until_on", Date, "延长至"),
];

/// 未执行到位金额: many systems and ledgers show the claim and the amount still outstanding
/// (执行标的 | 未执行到位金额), not the amount recovered. The case table keeps one figure of
/// the two, recovered_fen (DESIGN §4: the census's outstanding is claim − recovered), so
/// this field has no column: a row without a recovered amount has it as its claim less
/// the outstanding, where the two are known and agree (see `parse_row`).
pub const OUTSTANDING: &str = "outstanding_fen";

/// Looks a field up by name in a table.
pub fn field(table: TableKind, name: &str) -> Option<&'static FieldSpec> {
    table.fields().iter().find(|f| f.name == name)
}
