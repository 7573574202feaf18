//! 案件状态 as exports write it: a status word, a status with a closure method or a state
//! beside it (已结（终本）), and the state a sheet's own name gives (a sheet named 未结案件).

use super::*;

/// A status cell in two parts (`已结-执行完毕`, `已结（终本）`, `未结（中止）`, `结案：不予执行`):
/// the words before the first separator or bracket, and the words after it.
pub(super) fn status_parts(raw: &str) -> Option<(&str, &str)> {
    // A space too (已结 终本), but only inside the cell.
    const CUTS: [char; 13] = [
        '-', '—', '－', ':', '：', '(', '（', '/', ',', '，', '；', ' ', '\u{3000}',
    ];
    let raw = raw.trim();
    let cut = raw.find(CUTS)?;
    let tail = raw[cut..].trim_start_matches(|c: char| CUTS.contains(&c) || c.is_whitespace());
    // The bracket the cut opened is closed at the end (已结（终本）); a bracket of the
    // tail's own stays closed (已结-终本（未撤销）).
    let tail = if tail.contains(['(', '（']) {
        tail
    } else {
        tail.trim_end_matches([')', '）'])
    };
    Some((raw[..cut].trim(), tail.trim()))
}

/// What a 案件状态 cell says: the state, and the closure method it names. A closure method
/// or a suspension written as the status (终本, 不予执行, 销案, 中止执行) is closed by that
/// method, or suspended; a closed status with its method (`已结-执行完毕`, `已结（终本）`)
/// gives both; a pending one with a suspension (`未结（中止）`) is suspended. The state is
/// `None` for a recovery state (部分执行到位): derived from the closure columns, as for an
/// empty cell. `None` for an unknown wording.
pub(super) fn read_status<'m>(
    rules: &'m Rules,
    raw: &str,
) -> Option<(Option<&'static str>, Option<&'m str>)> {
    // A method, also as a closed status names it with a step of the workflow after it
    // (终本待归档, 终本待恢复, 执行完毕待归档: closed by that method).
    let method_of = |text: &str| {
        // (Not 待审核 or 待审批: a closure awaiting approval has not happened yet.)
        let text = ["待归档", "待恢复", "待审核归档", "已归档", "未归档"]
            .iter()
            .find_map(|w| text.strip_suffix(w))
            .filter(|t| !t.is_empty())
            .unwrap_or(text);
        match rules.closure(text) {
            Some(ClosureValue::Method(m)) => Some(m.as_str()),
            _ => None,
        }
    };
    // 执行完毕, (a separator left at the end) reads as 执行完毕.
    let raw = raw
        .trim()
        .trim_end_matches([',', '，', '、', ';', '；', '。', '-', '—', '/'])
        .trim_end();
    // 已结（终本，未归档）, 执行完毕未归档: whether the file is archived says nothing of how
    // the case closed; read without it (a status of its own, 结案未归档, reads the same).
    // Cheap test first (a char is found by memchr; a string needs a searcher built).
    if raw.contains('档') && raw.contains("归档") {
        let cleaned = raw
            .replace("未归档", "")
            .replace("已归档", "")
            .replace(['，', ','], "，")
            .replace("，）", "）")
            .replace("，)", ")")
            .replace("（）", "")
            .replace("()", "");
        let cleaned = cleaned.trim().trim_end_matches(['，', '-', '—', '：', ':']);
        if !cleaned.is_empty() && cleaned != raw {
            if let Some(read) = read_status(rules, cleaned) {
                return Some(read);
            }
        }
    }
    let parts = status_parts(raw);
    // A second part that reverses the first (中止（已恢复）, 终本（已恢复）, 终本（已撤销）), or
    // words after a bracket that do (已结（终本）已恢复): a case resumed is pending again;
    // any other reversal leaves the state unknown.
    let after_bracket = std::iter::once_with(|| {
        let raw = raw.trim_end();
        raw.rfind(['）', ')'])
            .map(|at| raw[at..].trim_start_matches(['）', ')']).trim())
            .filter(|after| !after.is_empty())
    })
    .flatten();
    if let Some(tail) = parts
        .map(|(_, tail)| tail)
        .into_iter()
        .chain(after_bracket)
        .find(|tail| rules.reverses(tail))
    {
        return tail.contains("恢复").then_some((Some("pending"), None));
    }
    if let Some((head, tail)) = parts {
        let (head_method, tail_method) = (method_of(head), method_of(tail));
        // 执行完毕（部分）, 执行完毕-部分到位: a completion its own note denies.
        if head_method == Some("执行完毕") && rules.denies_completion(tail) {
            return None;
        }
        // 执行完毕/终本, 未结/终本, 中止/终本: two methods, or an open state and a closure,
        // at once. Which one holds cannot be told. Not in brackets: 终本（和解）, 中止（和解）,
        // 销案（撤回） give the reason.
        let bracketed = raw
            .trim_start()
            .get(head.len()..)
            .is_some_and(|r| r.trim_start().starts_with(['(', '（']));
        if let Some(m) = tail_method.filter(|_| !bracketed) {
            if head_method.is_some_and(|h| h != m)
                || matches!(
                    rules.status(head),
                    Some("pending" | "suspended" | "deferred")
                ) && head_method.is_none()
            {
                return None;
            }
        }
        // 未结（终本）, 未结（执行完毕）: not closed, and closed by a method, at once. (A
        // settlement noted beside an open state, 在办（和解）, is one still being paid; a
        // step of the workflow, 审批中（终本）, 在办（终本待审核）, a closure awaiting approval.)
        if bracketed
            && matches!(tail_method, Some("终本" | "执行完毕"))
            && !tail.contains("和解")
            && head_method.is_none()
            && super::row::COARSE_OPEN.contains(&head)
        {
            return None;
        }
    }
    let after = |state: &str| {
        parts
            .filter(|(head, _)| rules.status(head) == Some(state))
            .map(|(_, tail)| tail)
    };
    let closed_with = || after("closed").and_then(method_of);
    // 未结-中止, 已结案，执行完毕: the state the first part names.
    let state = rules
        .status(raw)
        .or_else(|| parts.and_then(|(head, _)| rules.status(head)));
    match state {
        Some("pending") => {
            let noted =
                after("pending").and_then(|tail| match (rules.status(tail), rules.closure(tail)) {
                    (Some(s @ ("suspended" | "deferred")), _) => Some(s),
                    (_, Some(ClosureValue::NotClosure(s))) => Some(*s),
                    _ => None,
                });
            Some((Some(noted.unwrap_or("pending")), None))
        }
        Some("closed") => match parts.and_then(|(_, tail)| rules.status(tail)) {
            // 已结（报结中）: the closure awaits approval; the case is still open.
            Some("pending") => Some((Some("pending"), None)),
            // 已结（中止）: closed and suspended at once cannot both be right.
            Some("suspended" | "deferred") => None,
            _ => Some((Some("closed"), method_of(raw).or_else(closed_with))),
        },
        Some(state) => Some((Some(state), None)),
        None => match (closed_with(), rules.closure(raw)) {
            (Some(m), _) => Some((Some("closed"), Some(m))),
            (None, Some(ClosureValue::Method(m))) => Some((Some("closed"), Some(m.as_str()))),
            (None, Some(ClosureValue::NotClosure(state))) => Some((Some(*state), None)),
            (None, None) if rules.is_recovery_state(raw) => Some((None, None)),
            (None, None) => None,
        },
    }
}

/// The state and the closure method a sheet's name gives its cases (已结案件: closed;
/// 终本案件: closed by 终本; 中止案件: suspended; 未结案件: pending), if it names one, and
/// whether its word says no more than 未结 ([`super::row::COARSE_OPEN`]), as a 案件状态
/// cell of that word would: a running suspension is then not contradicted.
pub(super) fn state_of_sheet<'r>(
    rules: &'r Rules,
    name: &str,
) -> Option<(&'static str, Option<&'r str>, bool)> {
    // The period a workbook of a sheet per year or month writes before or after the state
    // (2023年已结案件, 2023年度终本案件, 已结案件（1-6月）).
    let period = |c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "年度月至-~—_.、()（）[]【】".contains(c)
    };
    let mut name = name.trim_matches(period);
    // And the words for a list around it (已结案件明细, 结案清单, 终本库, 本年结案,
    // 上半年已结案件): the state is what is left.
    const LIST_WORDS: [&str; 11] = [
        "明细",
        "清单",
        "一览表",
        "汇总表",
        "台账",
        "列表",
        "数据",
        "情况",
        "库",
        "表",
        "统计",
    ];
    const PERIOD_WORDS: [&str; 9] = [
        "本年度",
        "本年",
        "上半年",
        "下半年",
        "本月",
        "全年",
        "今年",
        "当年",
        "本季度",
    ];
    loop {
        let before = name.len();
        for w in LIST_WORDS {
            name = name.strip_suffix(w).unwrap_or(name).trim_matches(period);
        }
        for w in PERIOD_WORDS {
            name = name.strip_prefix(w).unwrap_or(name).trim_matches(period);
        }
        if name.len() == before {
            break;
        }
    }
    let (state, method) = read_status(rules, name)?;
    Some((state?, method, super::row::COARSE_OPEN.contains(&name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Red-team round 36 (x-status-past-tense-closures-pending): a system that writes its
    /// closures in the past tense (已终结, 已不予执行, 已驳回) closes the case the way the
    /// bare word does, as 已终本, 已撤回 and 已销案 always did.
    #[test]
    fn a_closure_in_the_past_tense_closes_as_its_bare_form() {
        let r = Rules::load(None).unwrap();
        for bare in [
            "终结",
            "终结执行",
            "不予执行",
            "驳回",
            "驳回申请",
            "驳回执行申请",
            "终本",
            "撤回",
            "撤回申请",
            "销案",
            "执行完毕",
        ] {
            let read = read_status(&r, bare);
            assert!(
                matches!(read, Some((Some("closed"), Some(_)))),
                "{bare}: {read:?}"
            );
            assert_eq!(read_status(&r, &format!("已{bare}")), read, "已{bare}");
        }
        for (raw, method) in [
            ("执行终结", "终结执行"),
            ("已撤案", "销案"),
            ("已终结执行（撤回）", "终结执行"),
        ] {
            assert_eq!(
                read_status(&r, raw),
                Some((Some("closed"), Some(method))),
                "{raw}"
            );
        }
        // Several readings each (opened, suspended or closed; still enforced or closed):
        // left unknown, for the court to say what its system means.
        for raw in ["已移送", "已并案"] {
            assert_eq!(read_status(&r, raw), None, "{raw}");
        }
    }
}
