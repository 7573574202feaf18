//! Free text a clerk types: why a case is pending, 终本 or 中止; notes that flag
//! interference or an applicant in hardship; what a petitioner complained about.
//!
//! The classifier has to find root causes and categories in such text, so each root cause
//! comes with many phrasings, and a share of the texts says nothing a rule could use
//! (见卷宗, 正在办理中 …) — real registers are like that. The truth never depends on the
//! text: it records the fact that the text was made from.

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::caseload::RootCause;
use super::names::pick;

/// Phrasings per root cause.
pub(crate) fn cause_phrases(cause: RootCause) -> &'static [&'static str] {
    match cause {
        RootCause::NoAssets => &[
            "经网络查控及传统查控，未发现被执行人有可供执行的财产",
            "被执行人无可供执行财产",
            "查无财产",
            "经查询，被执行人名下无房产、车辆、存款",
            "被执行人名下无财产可供执行，申请人亦未能提供财产线索",
            "被执行人暂无履行能力",
            "无可供执行财产",
            "执行不能，被执行人无财产",
        ],
        RootCause::WhereaboutsUnknown => &[
            "被执行人下落不明",
            "被执行人外出，下落不明",
            "无法联系到被执行人",
            "被执行人去向不明，多次上门未果",
            "人员失联，已公告送达",
            "找不到被执行人",
        ],
        RootCause::HardToRealise => &[
            "查封房产流拍",
            "财产难以变现",
            "查封的土地使用权处置困难",
            "二拍流拍，正在变卖",
            "评估价过高，无人竞买",
            "车辆未能控制，无法处置",
            "查封厂房处置中",
        ],
        RootCause::Evasion => &[
            "被执行人转移财产",
            "被执行人规避执行",
            "恶意转移财产，拟移送拒执罪",
            "被执行人将房产过户给亲属",
            "被执行人隐匿财产，拒不申报",
            "被执行人以他人名义经营，逃避执行",
        ],
        RootCause::AssistNoncooperation => &[
            "协助执行单位不配合",
            "银行拒不协助冻结",
            "不动产登记中心未协助办理过户",
            "相关单位不予协助",
            "车管所协助不力",
        ],
        RootCause::Interference => &[
            "受地方保护干扰",
            "当地政府出面协调，要求暂缓执行",
            "有关部门干预执行",
            "属地党委政府要求暂缓处置",
            "受行政干预无法推进",
        ],
        RootCause::LegalObstacle => &[
            "查封财产已设定抵押",
            "轮候查封，首封法院未处置",
            "被执行人已进入破产程序",
            "案外人提出执行异议",
            "财产已被其他法院查封",
            "涉案房产系被执行人唯一住房",
        ],
        RootCause::Petition => &[
            "申请人多次上访",
            "当事人信访，正在化解",
            "涉诉信访案件",
            "申请人到市信访局反映",
        ],
        RootCause::CourtDelay => &[
            "承办人调离，案件未及时移交",
            "尚未采取执行措施",
            "案件积压，未及时处理",
            "待合议",
            "卷宗材料不全",
        ],
    }
}

/// Texts that match no rule (a classifier should leave these unexplained).
const VAGUE: &[&str] = &[
    "见卷宗",
    "待查",
    "正在办理中",
    "已约谈双方当事人",
    "另案处理",
    "其他原因",
    "详见执行笔录",
    "继续执行",
];

/// Rare confounders: words of a cause in a negated or unrelated sense.
const CONFOUNDERS: &[&str] = &[
    "被执行人已到庭，未发现转移财产迹象，正在协商履行",
    "暂无上访情况，正在执行中",
];

/// The reason text of a pending / 终本 / 中止 case at date `t`, and the root causes it
/// names (a vague text names none; a case with several causes names at most two).
/// `ground_ended` and `assets_found` are the facts that make a suspended case due for
/// resumption; they show in the text only once they are known at `t`.
pub(crate) fn reason_text<R: Rng>(
    rng: &mut R,
    causes: &[RootCause],
    suspended_since: Option<NaiveDate>,
    ground_ended: Option<NaiveDate>,
    assets_found: Option<NaiveDate>,
) -> (String, Vec<RootCause>) {
    let mut parts: Vec<String> = Vec::new();
    let mut named = Vec::new();
    if causes.is_empty() || rng.gen_bool(0.12) {
        if rng.gen_bool(0.15) {
            parts.push(pick(rng, CONFOUNDERS).to_string());
        } else {
            parts.push(pick(rng, VAGUE).to_string());
        }
    } else {
        let take = if causes.len() > 1 && rng.gen_bool(0.6) {
            2
        } else {
            1
        };
        for c in causes.iter().take(take) {
            parts.push(pick(rng, cause_phrases(*c)).to_string());
            named.push(*c);
        }
    }
    if let Some(s) = suspended_since {
        parts.push(format!("{}年{}月裁定中止执行", s.year(), s.month()));
    }
    if let Some(g) = ground_ended {
        let t = pick(
            rng,
            &[
                "中止事由已消除",
                "异议之诉已审结",
                "破产程序已终结",
                "抵押权人已实现抵押权",
            ],
        );
        parts.push(format!("{}（{}年{}月）", t, g.year(), g.month()));
    }
    if let Some(a) = assets_found {
        let t = pick(
            rng,
            &[
                "现查到被执行人名下有车辆",
                "申请人提供了新的财产线索",
                "新发现被执行人银行存款",
                "被执行人名下新增房产",
            ],
        );
        parts.push(format!("{}（{}年{}月）", t, a.year(), a.month()));
    }
    (parts.join("；"), named)
}

/// Hardship groups of applicants (特困群体) as a note would name them.
pub(crate) const HARDSHIP_KINDS: &[&str] = &[
    "低保户",
    "残疾人",
    "农民工",
    "特困供养人员",
    "孤寡老人",
    "重病患者",
    "单亲家庭",
];

/// A note flagging hardship of the applicant.
pub(crate) fn hardship_note<R: Rng>(rng: &mut R, kind: &str) -> String {
    match rng.gen_range(0..4) {
        0 => format!("申请人系{kind}"),
        1 => format!("申请执行人为{kind}，生活困难"),
        2 => format!("特困群体（{kind}）"),
        _ => format!("{kind}，需优先执行"),
    }
}

/// A note flagging interference.
pub(crate) fn interference_note<R: Rng>(rng: &mut R) -> String {
    pick(
        rng,
        &[
            "地方保护",
            "受干预",
            "有关领导打招呼",
            "镇政府出面要求缓一缓",
            "部门保护主义阻挠",
        ],
    )
    .to_string()
}

/// What a petitioner complained about.
pub(crate) fn petition_content<R: Rng>(rng: &mut R) -> &'static str {
    pick(
        rng,
        &[
            "反映执行不力，要求尽快执行到位",
            "反映法院拖延执行",
            "要求追究被执行人拒不执行判决责任",
            "讨要工资，要求法院加大执行力度",
            "反映案件久拖不决",
            "对终结本次执行程序不服",
            "要求恢复执行",
            "反映被执行人转移财产",
            "生活困难，请求司法救助",
        ],
    )
}
