//! Reject reasons in Chinese, for the report and workbook a court reads (rejects.csv and
//! the terminal keep the English the command-line speaks).
//!
//! Reasons are built in many places of ingest as English text with the Chinese term and
//! the value after a colon; here the common families are said in Chinese by their start,
//! and the rest of the text (the value, a detail) is kept. A reason no family matches is
//! shown as it is: never lost, at worst in English.

use std::borrow::Cow;

use super::schema::{self, TableKind};

/// The Chinese label of a field (`filed_on` → 立案日期), from whichever table has it.
pub fn field_zh(field: &str) -> Option<&'static str> {
    TableKind::ALL
        .into_iter()
        .find_map(|t| schema::field(t, field))
        .map(|f| f.label_zh)
}

/// Families of reasons by their English start, and what they say in Chinese. The text after
/// the start (a colon and the value, mostly) follows the Chinese, with the colon made
/// full-width. Longer starts come before shorter ones they begin with.
const FAMILIES: &[(&str, &str)] = &[
    (
        "the file seems cut off inside this record",
        "文件似乎在此记录中途被截断（导出、下载或复制未完成），此行不读入，其后的记录缺失，请重新导出或复制",
    ),
    (
        "two closing dates: the 结案日期 column's is kept, the date in 案件状态 is not read",
        "两个结案日期：保留结案日期列的日期，案件状态中的日期未读取",
    ),
    (
        "two closing dates: the 结案日期 column's is kept, the date in 结案方式 is not read",
        "两个结案日期：保留结案日期列的日期，结案方式中的日期未读取",
    ),
    (
        "a year and month without the day: not a date (write the day too)",
        "只有年月、没有日，不是完整日期（请补全日）",
    ),
    (
        "a month and day without the year: not a date (write the year too)",
        "只有月日、没有年份，不是完整日期（请补全年份）",
    ),
    (
        "a date in 案件状态 beside a state that is no closure or suspension: not read (write it in its own column)",
        "案件状态中写有日期，但该状态既非结案也非中止：日期未读取（请填入对应的日期列）",
    ),
    (
        "day and month in unknown order (month/day/year or day/month/year): write the year first",
        "日、月顺序不明（月/日/年还是日/月/年），请按“年-月-日”填写",
    ),
    (
        "formula without a saved result (open the file in Excel and save it)",
        "公式没有保存计算结果（请用 Excel 打开并保存）",
    ),
    ("the weekday is not the date's", "星期与日期不符"),
    ("impossible date", "不存在的日期"),
    ("impossible time", "不存在的时间"),
    ("not an Excel date serial", "不是 Excel 日期序号"),
    ("not a date", "不是日期"),
    ("amount has more precision than 1 分", "金额精度超过 1 分"),
    ("amount has too many digits", "金额位数过多"),
    (
        "amount too large: over 1万亿元 (check its unit: a 万元 header over amounts in 元?)",
        "金额过大：超过1万亿元（请核对单位：表头为万元而金额按元填写？）",
    ),
    ("amount too large for 分 in i64", "金额过大"),
    ("negative amount", "金额为负数"),
    ("not an amount", "不是金额"),
    ("not a finite number", "不是有效数字"),
    ("not a yes/no flag (是/否)", "不是“是/否”"),
    ("not a whole number", "不是整数"),
    (
        "not an identity number: its number of digits is no identity number's (15 or 18) nor a credit code's (18)",
        "不是证件号码：位数不符（身份证号码为15或18位，统一社会信用代码为18位）",
    ),
    ("negative count", "数值为负"),
    ("count too large", "数值过大"),
    ("Excel error value", "Excel 错误值"),
    (
        "undecodable bytes in the file's encoding",
        "含有按文件编码无法解码的字节",
    ),
    ("undecodable bytes", "无法按文件编码解码的字节"),
    (
        "unknown 结案方式 (add it to pipelines/rules/closure-methods.toml)",
        "无法识别的结案方式（可添加到 pipelines/rules/closure-methods.toml）",
    ),
    (
        "unknown 案件状态 (add it to pipelines/rules/closure-methods.toml)",
        "无法识别的案件状态（可添加到 pipelines/rules/closure-methods.toml）",
    ),
    (
        "a deduction its 审批结果 does not approve (refused, pending or withdrawn): nothing is deducted",
        "扣除未获批准（不同意、审批中或已撤回），不予扣除",
    ),
    (
        "an extension its 审批结果 does not approve (refused, pending or withdrawn): not counted",
        "延长未获批准（不同意、审批中或已撤回），不计入",
    ),
    (
        super::row::APPROVAL_UNRECOGNISED,
        "延长的审批结果按 rows.toml 的用语既不能认定为批准、也不能认定为不批准：不计入（表示批准的请添加到 approval_openings，不批准的请添加到 approval_refusals）",
    ),
    (
        super::row::DEDUCTION_APPROVAL_UNRECOGNISED,
        "扣除的审批结果按 rows.toml 的用语既不能认定为批准、也不能认定为不批准：不予扣除（表示批准的请添加到 approval_openings，不批准的请添加到 approval_refusals）",
    ),
    (
        super::row::DEDUCTION_LEFT_OUT,
        "扣除天数无法准确读取（约90天之类的估计不是期限），且没有结束日期：该扣除期间未计入，案件期限不含此扣除（请填写结束日期或天数）",
    ),
    (
        super::row::UNTIL_WITHOUT_YEAR,
        "延长至的日期没有年份，且没有批准日期可确定年份：不计入（请写明年份）",
    ),
    (
        crate::workbook::SIDE_ROW_NO_CASE,
        "本次运行没有此案号的案件：该行未计入任何案件（请核对案号，或案件清单是否包含该案）",
    ),
    (
        "an extension without its length (延长月数 or 延长天数): not counted",
        "延长未写明期限（延长月数或延长天数），不计入",
    ),
    (
        "no field of the table is filled in this row",
        "该行没有任何字段有值",
    ),
    (
        "one cell and no case number: a section heading or a note, not a case",
        "仅一个单元格且无案号：标题或备注，不是案件",
    ),
    (
        "a closing word where the 结案日期 goes: the case is counted closed, with no 结案日期 (the trend counts the closure by the export's date, the latest it can have been made)",
        "结案日期处写的是结案字样：按已结计，但无结案日期（收结存按导出日期，即最晚可能的结案日，计入结案）",
    ),
    (
        "a closing word where the 结案日期 goes",
        "结案日期处写的是结案字样",
    ),
    (
        super::row::UNDATED_CLOSURE,
        "已结但未填结案日期：按已结计，收结存按导出日期（最晚可能的结案日）计入结案（见日期异常案件）",
    ),
    (
        "居民身份证号码 that does not check (its 18th character or the birth date in it is wrong): a digit is mistyped; kept as written",
        "居民身份证号码校验不符（第18位校验码或其中的出生日期有误）：有数字录错，按原样保留",
    ),
    (
        "居民身份证号码 ending in 000 that does not check: Excel kept only its first 15 digits (the column held numbers), so its last digits are lost; format the column as text (or type ' before the number) and enter it again; kept as written",
        "居民身份证号码以000结尾且校验不符：该列在 Excel 中为数值格式，只保留了前15位数字，末几位已丢失；请将该列设为文本格式（或在号码前加 '）后重新录入；按原样保留",
    ),
    ("missing ", "缺少"),
];

/// The sub-reasons of an invalid 案号 (`casenum::Invalid`'s texts).
const CASE_NUMBER: &[(&str, &str)] = &[
    (
        "masked digits (* or X): the number cannot be read",
        "数字被遮蔽（* 或 X），无法识别",
    ),
    (
        "document number (文号) such as 法〔2015〕137号, not a case number",
        "是文号（如 法〔2015〕137号），不是案号",
    ),
    (
        "arbitration number (仲裁), not a court case",
        "是仲裁案号，不是法院案件",
    ),
    ("not a court case number", "不是法院案号"),
    ("no year (收案年度)", "缺少收案年度"),
    ("implausible year", "年份不合理"),
    ("no known case type (类型代字) in", "没有可识别的类型代字："),
    ("no sequence number (编号)", "缺少编号"),
    ("sequence number is zero", "编号为零"),
    ("placeholder", "占位符"),
    ("empty", "为空"),
];

/// `rest` after a family's start: its colon full-width, a field's name in Chinese after
/// 缺少 (`missing 立案日期` already is).
fn tail(rest: &str) -> String {
    match rest.strip_prefix(": ") {
        Some(r) => format!("：{r}"),
        None => rest.to_string(),
    }
}

/// The reason in Chinese where its family is known, as it is otherwise.
pub fn reason_zh(reason: &str) -> Cow<'_, str> {
    if let Some(rest) = reason.strip_prefix("a year and month without the day: read as ") {
        let date: String = rest.chars().take(10).collect();
        return Cow::Owned(format!(
            "只有年月、没有日：按该月最后一天 {date} 读取（可能的最晚日期），请补全日"
        ));
    }
    if let Some(rest) = reason.strip_prefix(super::row::YEARLESS_FILED_ON) {
        let date: String = rest.chars().take(10).collect();
        return Cow::Owned(format!(
            "只有月日、没有年份：按案号年度（收案年度）读作 {date}，请补全年份"
        ));
    }
    // An identity number Excel turned into 3.30621E+17, in an ID column or among names.
    if let Some((number, rest)) = reason
        .strip_prefix("identity number in scientific notation (")
        .and_then(|r| r.split_once(')'))
    {
        let among_names = rest.starts_with(" among the names");
        return Cow::Owned(format!(
            "{}证件号码为科学计数法（{number}）：文件由 Excel 另存时号码为数值格式，后几位已丢失；{}请以文本格式重新录入",
            if among_names { "当事人栏中的" } else { "" },
            if among_names {
                "未作为当事人读入（原文保留在当事人备注中）；"
            } else {
                ""
            }
        ));
    }
    // A date written with the state in a 案件状态 cell (执行完毕（3.5）): the date's own
    // reason inside, said in Chinese too.
    if let Some(inner) = reason
        .strip_prefix("a date in 案件状态 that cannot be read (")
        .and_then(|r| r.strip_suffix("): the state is read without it"))
    {
        return Cow::Owned(format!(
            "案件状态中的日期无法识别（{}），状态照读、日期未读取",
            reason_zh(inner)
        ));
    }
    // A deduction's end or a case's 恢复日期 written but not read: the date's own reason
    // inside, said in Chinese too.
    use super::row::{END_LEFT_OUT, END_UNREAD, RESUMED_UNREAD};
    use super::row::{RESUMED_UNREAD_LEFT_OUT, RESUMED_UNREAD_STAY};
    for (head, end, head_zh, end_zh) in [
        (
            END_UNREAD,
            END_LEFT_OUT,
            "结束日期已填写但无法识别（",
            "）：该扣除期间未计入（不当作仍在进行、算到统计日），案件期限不含此扣除，中止也不计为仍在进行（请更正结束日期）",
        ),
        (
            RESUMED_UNREAD,
            RESUMED_UNREAD_LEFT_OUT,
            "恢复日期已填写但无法识别（",
            "）：该中止期间未计入（不当作仍在进行、算到统计日），案件不因中止日期计为中止，期限不含此中止期间（请更正恢复日期）",
        ),
        (
            RESUMED_UNREAD,
            RESUMED_UNREAD_STAY,
            "恢复日期已填写但无法识别（",
            "）：案件状态为中止，按中止计，中止期间自中止日期起算（请更正恢复日期）",
        ),
    ] {
        if let Some(inner) = reason
            .strip_prefix(head)
            .and_then(|r| r.strip_suffix(end))
        {
            return Cow::Owned(format!("{head_zh}{}{end_zh}", reason_zh(inner)));
        }
    }
    // Two dates of a row that cannot both be right (ingest's checks): the dates and years
    // in them kept, the rest said in Chinese.
    const BOTH_KEPT: &str = ": kept as written, but one of the two is wrong (";
    if let Some((head, why)) = reason
        .split_once(BOTH_KEPT)
        .and_then(|(h, w)| Some((h, w.strip_suffix(')')?)))
    {
        let why_zh = match why {
            "trend leaves the case out of the durations and 法定期限内结案率" => {
                Some("趋势分析的办理天数和法定期限内结案率不计此案")
            }
            "the export date is the title's or footer's, else --exported-on" => {
                Some("导出日期取自表格标题或页脚，否则为 --exported-on")
            }
            "the case's age and deadline count from this date" => {
                Some("案件的存续时间和期限自此日期起算")
            }
            "an amount read in the wrong unit, 元 or 万元: check the headers and any 单位：" => {
                Some("可能有金额按错误的单位（元或万元）读取，请核对表头和“单位：”")
            }
            _ => None,
        };
        let head_zh = if let Some(date) = head.strip_prefix("结案日期 before the 立案日期 ")
        {
            Some(format!("结案日期早于立案日期 {date}"))
        } else if let Some((recovered, times, claim)) = head
            .strip_prefix("执行到位金额 ")
            .and_then(|r| r.split_once(" is "))
            .and_then(|(recovered, r)| {
                let (times, claim) = r.split_once(" times the 申请执行标的 ")?;
                Some((recovered, times, claim))
            })
        {
            Some(format!(
                "执行到位金额 {recovered}是申请执行标的 {claim}的 {times} 倍"
            ))
        } else if let Some((label, date)) = head.split_once(" after the export date ") {
            Some(format!(
                "{}晚于导出日期 {date}",
                field_zh(label).unwrap_or(label)
            ))
        } else {
            head.strip_prefix("立案日期 in ")
                .and_then(|r| r.split_once(", but the 案号 is of "))
                .map(|(filed, case)| format!("立案日期在{filed}年，但案号为{case}年"))
        };
        if let (Some(h), Some(w)) = (head_zh, why_zh) {
            return Cow::Owned(format!("{h}：按原样保留，但两者必有一个有误（{w}）"));
        }
    }
    // A deduction's days beside its dates (ingest's `ends_from_days`), the figures kept.
    if let Some((days, start, end, span)) = reason
        .strip_prefix("扣除天数 ")
        .and_then(|r| r.strip_suffix(" days) disagree: the dates are used"))
        .and_then(|r| r.split_once(" and the period "))
        .and_then(|(days, r)| {
            let (period, span) = r.split_once(" (")?;
            let (start, end) = period.split_once(" to ")?;
            Some((days, start, end, span))
        })
    {
        return Cow::Owned(format!(
            "扣除天数 {days} 与期间 {start} 至 {end}（{span} 天）不符：按日期计算"
        ));
    }
    // A side-table row naming several cases (a petition about 执101号、执102号): joined to
    // the first only.
    if let Some((count, joined, others)) = reason
        .strip_suffix(" is not (give it a row of its own)")
        .and_then(|r| r.split_once(" 案号 in one cell: the row is joined to "))
        .and_then(|(count, r)| {
            let (joined, others) = r.split_once("; ")?;
            Some((count, joined, others))
        })
    {
        // Joined to a later one when the first names no case of the run.
        if let Some(joined) = joined.strip_suffix(super::checks::JOINED_LATER) {
            return Cow::Owned(format!(
                "一格内有 {count} 个案号：本行只计入 {joined}（排在它前面的案号没有对应的案件），\
                 {others} 未计入（请为其单列一行）"
            ));
        }
        return Cow::Owned(format!(
            "一格内有 {count} 个案号：本行只计入 {joined}，{others} 未计入（请为其单列一行）"
        ));
    }
    // A register row naming a series or a long range of cases: joined to the first only.
    if let Some((what, joined)) = reason
        .strip_suffix("; the others are not (give each a row of its own)")
        .and_then(|r| r.split_once(": the row is joined to "))
    {
        let what_zh = if what == "a series of cases in one cell (系列案)" {
            Some("一格内为系列案".to_string())
        } else {
            what.split_once(" cases in one cell (…").and_then(|(n, r)| {
                let (a, b) = r.strip_suffix(')')?.split_once(" to ")?;
                Some(format!("一格内有 {n} 个案号（…{a}至{b}）"))
            })
        };
        if let Some(w) = what_zh {
            return Cow::Owned(format!(
                "{w}：本行只计入 {joined}，其余未计入（请为每件单列一行）"
            ));
        }
    }
    // An undated assignment a dated row of the case outranks.
    if let Some((officer, other, at, day)) = reason
        .strip_prefix(super::checks::UNDATED_ASSIGNMENT)
        .and_then(|r| r.strip_suffix(") counts instead (give the row its date)"))
        .and_then(|r| {
            r.split_once(" cannot be placed in time and is not used; the dated row naming ")
        })
        .and_then(|(officer, r)| {
            let (other, r) = r.split_once(" (")?;
            let (at, day) = r.rsplit_once(", ")?;
            let (file, line) = at.rsplit_once(", row ")?;
            Some((officer.trim(), other, (file, line), day))
        })
    {
        return Cow::Owned(format!(
            "缺少日期：本行把案件分给 {officer}，无法确定先后，未采用；以 {} 第 {} 行 {day} 分给 \
             {other} 的记录为准（请补填日期）",
            at.0, at.1
        ));
    }
    if let Some(rest) = reason.strip_prefix("invalid 案号: unexpected text ") {
        for (en, zh) in [
            (" before the year", "年份前"),
            (" after the number", "案号后"),
        ] {
            if let Some(text) = rest.strip_suffix(en) {
                return Cow::Owned(format!("案号无效：{zh}有多余文字 {text}"));
            }
        }
    }
    if let Some(rest) = reason.strip_prefix("invalid 案号: ") {
        for (en, zh) in CASE_NUMBER {
            if let Some(r) = rest.strip_prefix(en) {
                return Cow::Owned(format!("案号无效：{zh}{}", r.trim_end()));
            }
        }
        return Cow::Owned(format!("案号无效：{rest}"));
    }
    for (en, zh) in FAMILIES {
        if let Some(rest) = reason.strip_prefix(en) {
            let rest = if *en == "missing " {
                field_zh(rest).unwrap_or(rest).to_string()
            } else {
                tail(rest)
            };
            return Cow::Owned(format!("{zh}{rest}"));
        }
    }
    Cow::Borrowed(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_reasons_are_said_in_chinese_with_their_values() {
        for (en, zh) in [
            ("missing 案号", "缺少案号"),
            ("missing filed_on", "缺少立案日期"),
            ("not a date: 2023-13-45", "不是日期：2023-13-45"),
            ("impossible date 2025-02-30", "不存在的日期 2025-02-30"),
            (
                "invalid 案号: masked digits (* or X): the number cannot be read",
                "案号无效：数字被遮蔽（* 或 X），无法识别",
            ),
            (
                "invalid 案号: unexpected text \"号(作废)\" after the number",
                "案号无效：案号后有多余文字 \"号(作废)\"",
            ),
            (
                "a year and month without the day: read as 2025-03-31, the month's last day (the latest it can be); write the day for the exact date",
                "只有年月、没有日：按该月最后一天 2025-03-31 读取（可能的最晚日期），请补全日",
            ),
            ("not an amount: 十万", "不是金额：十万"),
            (
                "a month and day without the year: not a date (write the year too): 5.19",
                "只有月日、没有年份，不是完整日期（请补全年份）：5.19",
            ),
            (
                "a date in 案件状态 that cannot be read (a month and day without the year: not a date (write the year too): 3.5): the state is read without it",
                "案件状态中的日期无法识别（只有月日、没有年份，不是完整日期（请补全年份）：3.5），状态照读、日期未读取",
            ),
            (
                "a date in 案件状态 beside a state that is no closure or suspension: not read (write it in its own column): 2025.3.5",
                "案件状态中写有日期，但该状态既非结案也非中止：日期未读取（请填入对应的日期列）：2025.3.5",
            ),
            ("Excel error value: #REF!", "Excel 错误值：#REF!"),
            (
                "two closing dates: the 结案日期 column's is kept, the date in 案件状态 is not read: 2025-03-09 (结案日期 2025-03-05)",
                "两个结案日期：保留结案日期列的日期，案件状态中的日期未读取：2025-03-09 (结案日期 2025-03-05)",
            ),
        ] {
            assert_eq!(reason_zh(en), zh, "{en}");
        }
        // Unknown: as it is.
        assert_eq!(reason_zh("something new"), "something new");
        assert_eq!(field_zh("closed_on"), Some("结案日期"));
        assert!(field_zh("petitioned_on").is_some());
    }

    /// s-register-reject-reasons-english-in-chinese-report: a deduction refused, days that
    /// disagree with the dates, and a row naming two cases stayed English in the Chinese
    /// report and workbook.
    #[test]
    fn register_reasons_are_said_in_chinese() {
        for (en, zh) in [
            (
                "a deduction its 审批结果 does not approve (refused, pending or withdrawn): nothing is deducted",
                "扣除未获批准（不同意、审批中或已撤回），不予扣除",
            ),
            (
                "扣除天数 30 and the period 2025-06-01 to 2025-07-15 (44 days) disagree: the dates are used",
                "扣除天数 30 与期间 2025-06-01 至 2025-07-15（44 天）不符：按日期计算",
            ),
            (
                "2 案号 in one cell: the row is joined to （2025）浙0603执101号; （2025）浙0603执102号 is not (give it a row of its own)",
                "一格内有 2 个案号：本行只计入 （2025）浙0603执101号，（2025）浙0603执102号 未计入（请为其单列一行）",
            ),
            // s-undated-reassignment-silently-ignored: an undated row a dated one outranks.
            (
                "no date: the row's assignment of the case to 钱八 cannot be placed in time and is not used; the dated row naming 赵六 (assignments.csv, row 2, 2025-04-01) counts instead (give the row its date)",
                "缺少日期：本行把案件分给 钱八，无法确定先后，未采用；以 assignments.csv 第 2 行 2025-04-01 分给 赵六 的记录为准（请补填日期）",
            ),
            // s-petition-two-cases-first-unmatched: joined to the second, the first naming
            // no case of the run.
            (
                "2 案号 in one cell: the row is joined to （2025）浙0603执1号 (the 案号 before it name no case of the run); （2025）浙0603执97号 is not (give it a row of its own)",
                "一格内有 2 个案号：本行只计入 （2025）浙0603执1号（排在它前面的案号没有对应的案件），（2025）浙0603执97号 未计入（请为其单列一行）",
            ),
        ] {
            assert_eq!(reason_zh(en), zh, "{en}");
        }
    }

    /// s-unreadable-deduction-days-open-ended: the reason a deduction is left out is said in
    /// Chinese with the cell as written.
    #[test]
    fn a_deduction_left_out_is_said_in_chinese() {
        let en = format!("{}: 约90天", super::super::row::DEDUCTION_LEFT_OUT);
        let zh = reason_zh(&en);
        assert!(
            zh.starts_with("扣除天数无法准确读取") && zh.ends_with("：约90天"),
            "{zh}"
        );
    }

    /// s-unreadable-deduction-end-runs-to-census: a deduction left out for its unreadable
    /// 结束日期, and a case's unreadable 恢复日期, are said in Chinese, the date's own reason
    /// too.
    #[test]
    fn an_unreadable_end_is_said_in_chinese() {
        use super::super::row::{END_LEFT_OUT, END_UNREAD, RESUMED_UNREAD};
        use super::super::row::{RESUMED_UNREAD_LEFT_OUT, RESUMED_UNREAD_STAY};
        let en = format!("{END_UNREAD}impossible date 2025-11-31{END_LEFT_OUT}");
        let zh = reason_zh(&en);
        assert!(
            zh.starts_with("结束日期已填写但无法识别（不存在的日期 2025-11-31）：该扣除期间未计入"),
            "{zh}"
        );
        for then in [RESUMED_UNREAD_LEFT_OUT, RESUMED_UNREAD_STAY] {
            let en = format!("{RESUMED_UNREAD}impossible date 2025-11-31{then}");
            let zh = reason_zh(&en);
            assert!(
                zh.starts_with("恢复日期已填写但无法识别（不存在的日期"),
                "{zh}"
            );
            assert!(zh.ends_with("（请更正恢复日期）"), "{zh}");
        }
    }

    /// o-english-reject-reasons-in-chinese-report: the checks of a row's dates and of an ID
    /// number's check digit stayed English in the Chinese report and workbook.
    #[test]
    fn date_and_id_check_reasons_are_said_in_chinese() {
        for (en, zh) in [
            (
                "居民身份证号码 that does not check (its 18th character or the birth date in it is wrong): a digit is mistyped; kept as written",
                "居民身份证号码校验不符（第18位校验码或其中的出生日期有误）：有数字录错，按原样保留",
            ),
            (
                crate::ingest::row::EXCEL_CUT_RESIDENT_ID,
                "居民身份证号码以000结尾且校验不符：该列在 Excel 中为数值格式，只保留了前15位数字，末几位已丢失；请将该列设为文本格式（或在号码前加 '）后重新录入；按原样保留",
            ),
            (
                "结案日期 before the 立案日期 2025-11-05: kept as written, but one of the two is wrong (trend leaves the case out of the durations and 法定期限内结案率)",
                "结案日期早于立案日期 2025-11-05：按原样保留，但两者必有一个有误（趋势分析的办理天数和法定期限内结案率不计此案）",
            ),
            (
                "立案日期 after the export date 2026-02-28: kept as written, but one of the two is wrong (the export date is the title's or footer's, else --exported-on)",
                "立案日期晚于导出日期 2026-02-28：按原样保留，但两者必有一个有误（导出日期取自表格标题或页脚，否则为 --exported-on）",
            ),
            (
                "结案日期 after the export date 2026-02-28: kept as written, but one of the two is wrong (the export date is the title's or footer's, else --exported-on)",
                "结案日期晚于导出日期 2026-02-28：按原样保留，但两者必有一个有误（导出日期取自表格标题或页脚，否则为 --exported-on）",
            ),
            (
                "立案日期 in 2027, but the 案号 is of 2025: kept as written, but one of the two is wrong (the case's age and deadline count from this date)",
                "立案日期在2027年，但案号为2025年：按原样保留，但两者必有一个有误（案件的存续时间和期限自此日期起算）",
            ),
        ] {
            assert_eq!(reason_zh(en), zh, "{en}");
        }
    }

    #[test]
    fn a_filing_day_read_with_the_case_numbers_year_in_chinese() {
        let en = format!(
            "{}2025-03-05; write the year for certainty",
            crate::ingest::row::YEARLESS_FILED_ON
        );
        assert_eq!(
            reason_zh(&en),
            "只有月日、没有年份：按案号年度（收案年度）读作 2025-03-05，请补全年份"
        );
    }

    #[test]
    fn numbers_in_scientific_notation_are_said_in_chinese() {
        let zh = reason_zh(
            "identity number in scientific notation (3.30621E+17): the file was saved from \
             Excel with the column as numbers, and its digits are lost; enter the numbers again \
             as text",
        );
        assert_eq!(
            zh,
            "证件号码为科学计数法（3.30621E+17）：文件由 Excel 另存时号码为数值格式，后几位已丢失；请以文本格式重新录入"
        );
        let zh = reason_zh(
            "identity number in scientific notation (3.30621E+17) among the names: the file \
             was saved …",
        );
        assert!(
            zh.starts_with("当事人栏中的证件号码为科学计数法（3.30621E+17）"),
            "{zh}"
        );
        assert!(zh.contains("未作为当事人读入"), "{zh}");
    }

    #[test]
    fn a_recovered_amount_many_times_its_claim_in_chinese() {
        assert_eq!(
            reason_zh(
                "执行到位金额 500000.00 元 is 5000 times the 申请执行标的 100.00 元: kept as \
                 written, but one of the two is wrong (an amount read in the wrong unit, 元 or \
                 万元: check the headers and any 单位：)"
            ),
            "执行到位金额 500000.00 元是申请执行标的 100.00 元的 5000 倍：按原样保留，但两者必有一个\
             有误（可能有金额按错误的单位（元或万元）读取，请核对表头和“单位：”）"
        );
    }
}
