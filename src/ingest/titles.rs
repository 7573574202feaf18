//! What the title rows above a header say: the export's date (截至…, 制表日期), the court in the
//! title, and the amount unit stated once for the whole table (单位：万元).

use std::collections::BTreeSet;

use super::*;

/// The date written after one of `labels` in a row (`制表日期：2026年3月1日`), in the same
/// cell or the next one. Of a period (`统计时间：2025年1月1日至2025年6月30日`), its end:
/// the data show the cases as they stood then.
///
/// A label's word without its 日期/时间 labels the date written straight after it
/// (`（截止2026年2月28日）`, `截止到2026-01-31`, `制表2026年3月1日`): court tables write
/// 截止 for 截至 every month, and the date that follows is the same snapshot's. Only a
/// date right after the word (or its colon) counts (not `截止日期为空的案件`, not a date in the next
/// cell), as the bare word is also an ordinary word of a title.
pub(super) fn labelled_date(row: &Row, labels: &[String]) -> Option<NaiveDate> {
    labelled_date_after(row, labels, |_| true, false)
}

/// [`labelled_date`] for the snapshot's labels (`as_of_labels`, 截至…): a year and month
/// alone after one (`数据截至2026年2月`, `截至2026-02`, `统计区间：2026年1月至2026年2月`) is
/// the month's last day, as `截至2026年2月末` is. Monthly exports are titled so; read as no
/// date, the export was ranked by its rows' dates and an older one won dedup
/// (k-title-month-cutoff-undated). Not for a made-on label (制表日期：2026年2月 says the table
/// was made some day that month, which may be before its end), nor a part of a month
/// (2026年2月初, 2月中旬). A label right after a field's word (立案时间范围：…, 结案截至…) bounds
/// the cases listed, not the snapshot: it is not read.
pub(super) fn as_of_date(row: &Row, labels: &[String]) -> Option<NaiveDate> {
    labelled_date_after(row, labels, |before| !names_a_field(before), true)
}

/// True when `before` (the text before a label in its cell) ends with the word of a case's
/// own date: the label then bounds that date (立案时间范围), not the export.
fn names_a_field(before: &str) -> bool {
    // The field's word with its 日期/时间 too (立案日期截至2026年2月, 收案时间截止…).
    let before = before.trim_end();
    let before = before
        .strip_suffix("日期")
        .or_else(|| before.strip_suffix("时间"))
        .unwrap_or(before);
    [
        "立案", "结案", "收案", "受理", "执结", "终本", "申请", "发生",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// k-footer-cutoff-date-ignored-older-export-wins (review): the snapshot's date a footer
/// or a note under the table gives for the whole table (数据截至2026年2月28日, 注：数据截至…,
/// 说明：本表数据截至…, 备注：统计截止日期…): the 截至 preceded by nothing but the table's
/// words (`table_cut_off_words` in rows.toml). A cut-off about one field (注：执行到位金额统计截至2025年12月31日)
/// dates that figure, not the export: taken for the sheet's date, it overrode the footer's
/// 导出时间：2026-02-28, and the export was ranked two months older than it is.
pub(super) fn table_cut_off(row: &Row, rules: &Rules) -> Option<NaiveDate> {
    let cut_off = |before: &str| {
        // Only the label's own part of the cell: a footer line holds several (填报单位：某某
        // 法院　统计截止日期：…, 制表人：张三　数据截至…), apart by spaces or punctuation.
        let before = before
            .rsplit(|c: char| c.is_whitespace() || "，；。,;".contains(c))
            .next()
            .unwrap_or(before);
        let numbering = |c: char| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || "０１２３４５６７８９一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩.．、()（）".contains(c)
        };
        // A note's number (1. 1、 （1） 一、 ①) and its 注：/说明：/备注：, in either order.
        let mut t = before.trim_start_matches(numbering);
        if let Some(rest) = ["备注", "说明", "注"]
            .iter()
            .find_map(|note| t.strip_prefix(note))
        {
            t = rest.trim_start_matches([':', '：']);
        }
        let t = t.trim_start_matches(numbering).trim();
        t.is_empty() || rules.table_cut_off_words.iter().any(|w| w == t)
    };
    // A month alone is its last day, as in a title (数据截至2026年2月: [`as_of_date`]).
    labelled_date_after(row, &rules.as_of_labels, cut_off, true)
}

/// [`labelled_date`], for a label that `before` accepts the text before it in its cell.
/// With `month_alone`, a year and month alone is its last day ([`as_of_date`]).
fn labelled_date_after(
    row: &Row,
    labels: &[String],
    before: impl Fn(&str) -> bool,
    month_alone: bool,
) -> Option<NaiveDate> {
    let texts: Vec<String> = row.cells.iter().map(|c| c.display()).collect();
    for (idx, t) in texts.iter().enumerate() {
        for label in labels {
            // The first place `before` accepts (注：执行到位金额统计截至…，本表数据截至…: the
            // second).
            if let Some(pos) = t
                .match_indices(label)
                .map(|(pos, _)| pos)
                .find(|&pos| before(&t[..pos]))
            {
                if let Some(d) = date_after_label(&t[pos + label.len()..], month_alone) {
                    return Some(d);
                }
                if let Some(Ok(Some(d))) = row.cells.get(idx + 1).map(fields::parse_date) {
                    return Some(d);
                }
            }
            let Some(word) = label
                .strip_suffix("日期")
                .or_else(|| label.strip_suffix("时间"))
            else {
                continue;
            };
            let direct = t.match_indices(word).find_map(|(pos, _)| {
                if !before(&t[..pos]) {
                    return None;
                }
                let rest = t[pos + word.len()..].trim_start_matches([':', '：', ' ', '\u{3000}']);
                // 截止到…, 截止至…, 截止于…: the word and its preposition.
                let rest = rest.strip_prefix(['到', '至', '于']).unwrap_or(rest);
                let digit = rest
                    .chars()
                    .next()
                    .is_some_and(|c| fields::half_width(c).is_ascii_digit());
                digit.then(|| date_after_label(rest, month_alone)).flatten()
            });
            if direct.is_some() {
                return direct;
            }
        }
    }
    None
}

/// The date a label's text gives (`：2026年3月1日`, `2024年3月31日未结案件`), or the end of
/// the period it gives (`：2025年1月1日至2025年6月30日`, `：2025.1.1-2026.1.31`); a month's
/// end (`2026年1月末`, `2026年1月底`) is its last day.
/// With `month_alone`, a year and month without 末/底 is its last day too (`2026年2月`,
/// `2026年2月份`, `2026-02`), but not a part of a month (`2026年2月初`, `2月中旬`).
fn date_after_label(rest: &str, month_alone: bool) -> Option<NaiveDate> {
    // A period that runs to now (2026年1月1日至今, 2026年1月至今) states no end: its start is
    // not the snapshot's day, and taken for it an export made later ranked as January's.
    // Only a date right before the 至今: 截至2026年2月28日（含2019年至今的案件） is that day.
    let mut pieces = rest.split(['至', '到', '~', '～', '—']);
    if let (Some(start), Some(last), None) = (pieces.next(), pieces.next(), pieces.next()) {
        let start = start.trim_matches([':', '：', ' ', '\u{3000}']);
        let last = last.trim_start_matches([':', '：', ' ', '\u{3000}']);
        let a_date = !start.is_empty()
            && start
                .chars()
                .all(|c| c.is_ascii_digit() || "０１２３４５６７８９年月日号-/.．".contains(c));
        if a_date && ["今", "现在", "目前"].iter().any(|w| last.starts_with(w)) {
            return None;
        }
    }
    rest.split(['至', '到', '~', '～', '—'])
        .rev()
        .find_map(|piece| {
            let token: String = piece
                .chars()
                .skip_while(|c| matches!(c, ':' | '：' | ' ' | '\u{3000}'))
                // A title closes its bracket after the date: （截至2024年3月31日）.
                .take_while(|c| !c.is_whitespace() && !"\u{3000}）)】]，,；;。".contains(*c))
                .collect();
            let date = |t: &str| fields::parse_date(&Cell::Text(t.into())).ok().flatten();
            // 截至2024年3月31日未结案件: the date, then the title's words.
            let end = token
                .char_indices()
                .find(|&(_, c)| {
                    !(c.is_ascii_digit() || "０１２３４５６７８９年月日号-/.．".contains(c))
                })
                .map_or(token.len(), |(i, _)| i);
            let head = &token[..end];
            date(&token)
                .or_else(|| (end < token.len()).then(|| date(head)).flatten())
                .or_else(|| period_end(head, date))
                .or_else(|| month_end(&token[end..], head))
                .or_else(|| {
                    let after = &token[end..];
                    let part_of_month = after.starts_with(['初', '上', '中', '下', '旬', '前']);
                    (month_alone && !part_of_month)
                        .then(|| {
                            fields::month_end(&Cell::Text(token.clone()))
                                .or_else(|| fields::month_end(&Cell::Text(head.into())))
                        })
                        .flatten()
                        .filter(|d| (2000..=2100).contains(&d.year()))
                })
        })
}

/// The end of a period written with a hyphen between its dates (`2025.1.1-2026.1.31`,
/// `2025-01-01-2026-01-31`): the one place the text parts into two dates, the second not
/// before the first.
fn period_end(token: &str, date: impl Fn(&str) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let mut ends = token.match_indices('-').filter_map(|(i, _)| {
        let (from, to) = (&token[..i], &token[i + 1..]);
        // A year alone (2025) is no date of a period's start.
        if from.chars().all(|c| c.is_ascii_digit()) || to.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (from, to) = (date(from)?, date(to)?);
        (from <= to).then_some(to)
    });
    match (ends.next(), ends.next()) {
        (Some(end), None) => Some(end),
        _ => None,
    }
}

/// The last day of the month `2026年1月` names when the text after it says 末 or 底
/// (`截至2026年1月末`): the data stand as at the month's end.
fn month_end(after: &str, head: &str) -> Option<NaiveDate> {
    if !after.starts_with(['末', '底']) {
        return None;
    }
    let head: String = head.chars().map(fields::half_width).collect();
    let (year, month) = head.strip_suffix('月')?.split_once('年')?;
    crate::dates::month_last_day(year.parse().ok()?, month.parse().ok()?)
        .filter(|d| (2000..=2100).contains(&d.year()))
}

/// The export date a file's name gives (`案件清单_20260225.xlsx`, `导出2026-02-25.csv`,
/// `2026年2月25日积案.xls`, `20260225103000.csv`): its one full date, years 2000–2100. A
/// name with two dates names a period (`立案20250101-20251231`: the cases filed then, not
/// when they were exported), a 案号 (`(2024)浙0603执1号`) no date: none.
///
/// A name without a full date that names one month (`执行案件_2026年1月.csv`,
/// `执行案件_2026-01.xlsx`, `执行案件_202601.csv`, the monthly exports dedup.toml cites) gives
/// that month's last day, as `截至2026年1月末` in a title does, and `true` beside it: a
/// monthly export shows the cases as they stood at the month's end, and without it two
/// undated monthly exports were ranked by the dates their rows state (a pending-only
/// February list lost to January's). A year alone (`2025年度`), a month written with one
/// digit after a hyphen or a dot (`2025-1`, a copy's number as often as a month), and six
/// digits between Han characters (`执202601号`, a 案号's number) name no month.
pub(super) fn date_in_file_name(path: &std::path::Path) -> Option<(NaiveDate, bool)> {
    // Full-width digits and separators (案件清单_２０２６０２２８, typed with a Chinese input
    // method in full-width mode) are the same date.
    let stem: String = path
        .file_stem()?
        .to_string_lossy()
        .chars()
        .map(fields::half_width)
        .collect();
    let in_range = |d: &NaiveDate| (2000..=2100).contains(&d.year());
    let (mut found, mut months): (Vec<NaiveDate>, Vec<NaiveDate>) = (Vec::new(), Vec::new());
    let keep = |list: &mut Vec<NaiveDate>, d: Option<NaiveDate>| {
        if let Some(d) = d.filter(in_range) {
            if !list.contains(&d) {
                list.push(d);
            }
        }
    };
    let ymd = |y: &str, m: &str, d: &str| {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    let month_end =
        |y: &str, m: &str| crate::dates::month_last_day(y.parse().ok()?, m.parse().ok()?);
    let is_sep = |c: char| c.is_ascii_digit() || "年月日-._".contains(c);
    let chars: Vec<char> = stem.chars().collect();
    // Runs of digits and the separators dates are written with, each with the characters
    // on either side of it.
    let mut at = 0;
    while at < chars.len() {
        if !is_sep(chars[at]) {
            at += 1;
            continue;
        }
        let from = at;
        while at < chars.len() && is_sep(chars[at]) {
            at += 1;
        }
        let run: String = chars[from..at].iter().collect();
        let between_han = from > 0
            && fields::is_han(chars[from - 1])
            && chars.get(at).is_some_and(|&c| fields::is_han(c));
        // Each digit group with the separator written after it.
        let mut groups: Vec<(&str, &str)> = Vec::new();
        let mut rest = run.as_str();
        while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
            let digits = &rest[start..];
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            let after = &digits[end..];
            let next = after
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(after.len());
            groups.push((&digits[..end], &after[..next]));
            rest = &after[next..];
        }
        let mut i = 0;
        while i < groups.len() {
            let (g, sep) = groups[i];
            let short = |k: usize| {
                groups
                    .get(k)
                    .is_some_and(|(m, _)| (1..=2).contains(&m.len()))
            };
            if g.len() == 8 || g.len() == 14 {
                keep(&mut found, ymd(&g[..4], &g[4..6], &g[6..8]));
                i += 1;
            } else if g.len() == 4
                && short(i + 1)
                && short(i + 2)
                // 2026年1-2月 is two months, not 2 January; and a copy's number after a
                // month (2026年1月_2, 2026-01_1) is no day: a day is written as the month
                // is (2026年1月2日, 2026-01-02).
                && (if sep == "年" {
                    groups[i + 1].1.starts_with('月')
                        && groups[i + 2].1.starts_with(['日', '号'])
                } else {
                    groups[i + 1].1 == sep
                })
            {
                keep(&mut found, ymd(g, groups[i + 1].0, groups[i + 2].0));
                i += 3;
            } else if g.len() == 4 && short(i + 1) {
                // 2026年1月, 2026-01, 2026.01, 2026_01.
                let (m, after) = groups[i + 1];
                let month = if sep == "年" {
                    after.starts_with('月')
                } else {
                    sep.len() == 1 && m.len() == 2
                };
                if month {
                    keep(&mut months, month_end(g, m));
                }
                i += 2;
            } else if g.len() == 6 && groups.len() == 1 && !between_han {
                keep(&mut months, month_end(&g[..4], &g[4..]));
                i += 1;
            } else {
                i += 1;
            }
        }
    }
    match (&found[..], &months[..]) {
        ([one], _) => Some((*one, false)),
        ([], [one]) => Some((*one, true)),
        _ => None,
    }
}

/// The court a title names: the text ending in 人民法院 (or 法院), after any date or label
/// before it (`2024年绍兴市柯桥区人民法院执行案件清单` → 绍兴市柯桥区人民法院).
pub(super) fn court_in_title(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let end = t.find("人民法院").map(|i| i + "人民法院".len())?;
    let head = &t[..end];
    let start = head
        .char_indices()
        .filter(|&(_, c)| !fields::is_han(c) || matches!(c, '年' | '月' | '日' | '至'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let name = &head[start..];
    (name.chars().count() > "人民法院".chars().count()).then(|| name.to_string())
}

/// The rows of a case list that take the court its title names (`title`, from
/// [`court_in_title`]) as their 法院: those whose row names no court and whose 案号 shows
/// none of its own (blank, 暂无, a number without its code that the parser reads as the
/// Supreme People's Court's) or only an old abbreviation (（2015）金东执字第23号), and those
/// whose 案号 has the title court's own code. That code is the one more than half of the
/// unnamed rows' coded 案号 carry, at the level the title names (a basic court's four
/// digits, an intermediate court's two, a high court's province alone); a tie names none.
/// A case whose 案号 has another court's code (浙0102 in 嵊州's list: a case copied in, or an
/// intermediate court's list of its courts' cases) is that court's, never the title's: it
/// would put two courts under one name and teach the census that the title court's old
/// abbreviation is the other court's code. Returns the rows and the other codes seen.
pub(super) fn rows_of_title_court(
    df: &DataFrame,
    title: &str,
) -> PolarsResult<(Vec<bool>, BTreeSet<String>)> {
    let names = df.column("court_name")?.str()?;
    let codes = df.column("court_code")?.str()?;
    let styles = df.column("case_no_style")?.str()?;
    let raws = df.column("case_no_raw")?.str()?;
    let unnamed = |i: usize| names.get(i).is_none_or(|n| n.trim().is_empty());
    // The code a row's 案号 shows, if any: an old abbreviation is none (it names the court
    // only in the way its clerks wrote it), nor the Supreme People's Court read into a
    // number written without its court.
    let shown = |i: usize| {
        let code = codes.get(i).filter(|c| !c.is_empty())?;
        if styles.get(i) == Some("old") {
            return None;
        }
        if code == "最高法" && raws.get(i).is_some_and(|r| !r.contains("最高")) {
            return None;
        }
        Some(code)
    };
    let digits = if title.contains("高级人民法院") {
        0
    } else if title.contains("中级人民法院") || title.ends_with("海事法院") {
        2
    } else {
        4
    };
    let at_level = |code: &str| {
        let mut c = code.chars();
        c.next().is_some_and(|p| !p.is_ascii())
            && c.clone().count() == digits
            && c.all(|d| d.is_ascii_digit())
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut coded = 0usize;
    for i in (0..df.height()).filter(|&i| unnamed(i)) {
        if let Some(code) = shown(i) {
            *counts.entry(code).or_default() += 1;
            coded += 1;
        }
    }
    let top = counts.values().copied().max().unwrap_or(0);
    let own = counts
        .iter()
        .filter(|&(_, &k)| k == top && k * 2 > coded)
        .map(|(c, _)| *c)
        .find(|c| at_level(c));
    let mut others = BTreeSet::new();
    let rows = (0..df.height())
        .map(|i| {
            if !unnamed(i) {
                return false;
            }
            match shown(i) {
                None => true,
                Some(code) if Some(code) == own => true,
                Some(code) => {
                    others.insert(code.to_string());
                    false
                }
            }
        })
        .collect();
    Ok((rows, others))
}

/// The date a title row writes before the word for making the table (`（2024年4月2日导出）`,
/// `2024年4月2日制表`).
pub(super) fn date_before_made(row: &Row) -> Option<NaiveDate> {
    row.cells.iter().find_map(|c| {
        let Cell::Text(t) = c else { return None };
        ["导出", "制表", "打印"].into_iter().find_map(|word| {
            let before = &t[..t.find(word)?];
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| {
                    c.is_ascii_digit() || "０１２３４５６７８９年月日号-/.． ".contains(c)
                })
                .last()
                .map(|(i, _)| i)?;
            fields::parse_date(&Cell::Text(before[start..].trim().into()))
                .ok()
                .flatten()
        })
    })
}

/// The money unit a row states for a table (`单位：万元`, `金额单位：元`, `（单位：万元）`),
/// if one of its cells does.
pub(super) fn stated_amount_unit(row: &Row) -> Option<AmountUnit> {
    row.cells.iter().find_map(|c| {
        let Cell::Text(t) = c else { return None };
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        // 单位：万元, 单位（万元）, 单位：人民币万元, 单位：万; 金额：万元 with the unit
        // alone after its label. Not 填报单位：某某法院; maybe a money unit later
        // in the same cell.
        ["单位", "金额"].into_iter().find_map(|label| {
            compact.match_indices(label).find_map(|(at, w)| {
                let rest = &compact[at + w.len()..];
                let after = rest.trim_start_matches([':', '：', '为', '(', '（']);
                // 金额 only as a label of its own, at the start of its cell or its bracket
                // and with a colon: not a header such as 执行到位金额（万元）, whose unit
                // is its column's alone.
                if label == "金额"
                    && (!rest.starts_with([':', '：'])
                        || (!compact[..at].is_empty() && !compact[..at].ends_with(['(', '（'])))
                {
                    return None;
                }
                let after = after.strip_prefix("人民币").unwrap_or(after);
                let unit = fields::unit_at_start(after)?;
                // The unit as written (万元), or bare (万: one character).
                let written = match after.strip_prefix(unit.label()) {
                    Some(rest) => rest,
                    None => after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]),
                };
                let tail = written.chars().next();
                // 金额：万元以上 is a range of amounts, not the unit.
                (label == "单位" || !tail.is_some_and(|c| fields::is_han(c) && !"整".contains(c)))
                    .then_some(unit)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which rows take the title's court: rows naming no court of their own whose 案号
    /// shows none, only an old abbreviation, or the title court's own code (the one more
    /// than half of them carry, at the title court's level).
    #[test]
    fn a_title_court_goes_to_its_own_cases_only() {
        let frame = |rows: &[(Option<&str>, Option<&str>, &str, &str)]| {
            df! {
                "court_name" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                "court_code" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                "case_no_style" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
                "case_no_raw" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            }
            .unwrap()
        };
        let basic = frame(&[
            (None, Some("浙0683"), "new", "（2024）浙0683执1号"),
            (None, Some("浙0683"), "new", "（2024）浙0683执2号"),
            (None, Some("浙0102"), "new", "（2024）浙0102执7号"),
            (None, Some("嵊"), "old", "（2015）嵊执字第12号"),
            (None, Some("最高法"), "new", "（2024）执9号"),
            (None, None, "new", "暂无"),
            (
                Some("杭州市上城区人民法院"),
                Some("浙0102"),
                "new",
                "（2024）浙0102执8号",
            ),
        ]);
        let (rows, others) = rows_of_title_court(&basic, "嵊州市人民法院").unwrap();
        assert_eq!(rows, [true, true, false, true, true, true, false]);
        assert_eq!(others.into_iter().collect::<Vec<_>>(), ["浙0102"]);
        // An intermediate court's list of its basic courts' cases names none of them.
        let (rows, _) = rows_of_title_court(&basic, "绍兴市中级人民法院").unwrap();
        assert_eq!(rows, [false, false, false, true, true, true, false]);
        // A tie: the title's code cannot be told.
        let tie = frame(&[
            (None, Some("浙0683"), "new", "（2024）浙0683执1号"),
            (None, Some("浙0102"), "new", "（2024）浙0102执7号"),
        ]);
        let (rows, _) = rows_of_title_court(&tie, "嵊州市人民法院").unwrap();
        assert_eq!(rows, [false, false]);
    }

    /// The labels and the table's words are rules: a rows.toml that adds its own (数据更新至)
    /// is read with them, and one that leaves 截至 out no longer reads it.
    #[test]
    fn the_labels_of_a_sheets_dates_are_rules() {
        let row = |t: &str| Row {
            line: 1,
            cells: vec![Cell::Text(t.into())],
            filled: 0,
            across: 0,
        };
        let dir = tempfile::tempdir().unwrap();
        let text = super::super::rules::ROWS_TOML
            .replacen("as_of_labels = [", "as_of_labels = [\"数据更新至\", ", 1)
            .replacen("\"截至\", \"统计时间\"", "\"统计时间\"", 1)
            .replacen(
                "table_cut_off_words = [",
                "table_cut_off_words = [\"全局数据\", ",
                1,
            );
        std::fs::write(dir.path().join("rows.toml"), text).unwrap();
        let own = Rules::load(Some(dir.path())).unwrap();
        let built_in = Rules::load(None).unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2026, 2, 28);
        let t = row("数据更新至2026年2月28日");
        assert_eq!(labelled_date(&t, &own.as_of_labels), d);
        assert_eq!(labelled_date(&t, &built_in.as_of_labels), None);
        let t = row("截至2026年2月28日");
        assert_eq!(labelled_date(&t, &own.as_of_labels), None);
        assert_eq!(labelled_date(&t, &built_in.as_of_labels), d);
        let t = row("注：全局数据截止日期：2026年2月28日");
        assert_eq!(table_cut_off(&t, &own), d);
        assert_eq!(table_cut_off(&t, &built_in), None);
        assert_eq!(
            table_cut_off(&row("注：本表数据截止日期：2026年2月28日"), &built_in),
            d
        );
    }

    /// d-title-jiezhi-date-ignored: a label's word without its 日期/时间 labels a date
    /// written straight after it; not a date elsewhere in the text, nor one in the next
    /// cell. A month's end and a hyphenated period's end are dates too.
    #[test]
    fn a_labels_word_followed_by_a_date_labels_it() {
        let row = |cells: &[&str]| Row {
            line: 1,
            cells: cells.iter().map(|t| Cell::Text((*t).into())).collect(),
            filled: 0,
            across: 0,
        };
        let rules = Rules::load(None).unwrap();
        let as_of =
            |cells: &[&str]| as_of_date(&row(cells), &rules.as_of_labels).map(|d| d.to_string());
        let made = |cells: &[&str]| {
            labelled_date(&row(cells), &rules.made_on_labels).map(|d| d.to_string())
        };
        let jan31 = Some("2026-01-31".to_string());
        for t in [
            "执行案件清单（截止2026年1月31日）",
            "截止2026-01-31",
            "截止：2026年1月31日",
            "截止到2026年1月31日",
            "数据截止2026.1.31",
            "截至2026年1月末",
            "统计区间：2025.1.1-2026.1.31",
            "统计时间：2025-01-01-2026-01-31",
            "截止日期：2026-01-31",
        ] {
            assert_eq!(as_of(&[t]), jan31, "{t}");
        }
        assert_eq!(made(&["制表2026年1月31日"]), jan31);
        assert_eq!(as_of(&["截止日期为空的案件（2026年1月31日导出）"]), None);
        assert_eq!(as_of(&["截止", "2026-01-31"]), None);
        assert_eq!(as_of(&["统计区间：2026.1.31-2025.1.1"]), None);
    }

    /// k-title-month-cutoff-undated: a year and month alone after a cut-off label is the
    /// month's last day, as 2026年2月末 is; a period written with `~` ends on its second
    /// date. Not a part of a month, not after a made-on label, not a label bounding a
    /// case's own date (立案时间范围).
    #[test]
    fn a_month_alone_after_a_cut_off_is_its_last_day() {
        let row = |cells: &[&str]| Row {
            line: 1,
            cells: cells.iter().map(|t| Cell::Text((*t).into())).collect(),
            filled: 0,
            across: 0,
        };
        let rules = Rules::load(None).unwrap();
        let as_of = |t: &str| as_of_date(&row(&[t]), &rules.as_of_labels).map(|d| d.to_string());
        let feb28 = Some("2026-02-28".to_string());
        for t in [
            "执行案件清单（数据截至2026年2月）",
            "截止2026年2月",
            "截至2026年2月份",
            "截至２０２６年２月未结案件",
            "数据截止时间：2026-02",
            "统计区间：2026年1月至2026年2月",
            "时间范围：2025-01-01~2026-02-28",
            "时间范围：2025-01-01 ～ 2026-02-28",
        ] {
            assert_eq!(as_of(t), feb28, "{t}");
        }
        for t in [
            "截至2026年2月初",
            "截至2026年2月中旬",
            "立案时间范围：2025-01-01~2026-02-28",
            "执行案件清单（2026年2月）",
            // (review) a case's own date word with its 日期/时间 before the label.
            "立案日期截至2026年2月",
            "收案日期截止时间2026年2月",
            "结案日期截至2026年2月28日",
            // (review) a period to now states no end: not its start.
            "统计区间：2026年1月至今",
            "统计时间：2026年1月1日至今",
            "统计时间：2026年1月1日 至 现在",
        ] {
            assert_eq!(as_of(t), None, "{t}");
        }
        // A 至今 elsewhere in the title is no period of the cut-off's.
        assert_eq!(as_of("截至2026年2月28日（含2019年至今的案件）"), feb28);
        let made = labelled_date(&row(&["制表日期：2026年2月"]), &rules.made_on_labels);
        assert_eq!(made, None);
        let footer = table_cut_off(&row(&["以上数据截至2026年2月"]), &rules);
        assert_eq!(footer.map(|d| d.to_string()), feb28);
    }

    /// s-fullwidth-date-in-filename-ignored: a date in full-width digits (typed with a
    /// Chinese input method in full-width mode) is the same date; before, the name gave none
    /// and the export lost to an older one.
    #[test]
    fn a_file_names_export_date_in_full_width_digits() {
        let d = |s: &str| date_in_file_name(std::path::Path::new(s)).map(|(d, _)| d.to_string());
        for name in [
            "案件清单_２０２６０２２８.csv",
            "导出２０２６－０２－２８.xlsx",
            "２０２６年２月２８日积案.xls",
        ] {
            assert_eq!(d(name).as_deref(), Some("2026-02-28"), "{name}");
        }
        assert_eq!(
            d("立案２０２５０１０１－２０２５１２３１.csv"),
            None,
            "a period"
        );
    }

    #[test]
    fn a_file_names_export_date() {
        let d = |s: &str| date_in_file_name(std::path::Path::new(s)).map(|(d, _)| d.to_string());
        for (name, date) in [
            ("B_20260225.csv", "2026-02-25"),
            ("案件清单_2026-02-25.xlsx", "2026-02-25"),
            ("导出2026.2.5.csv", "2026-02-05"),
            ("2026年2月25日积案.xls", "2026-02-25"),
            ("export_20260225103000.csv", "2026-02-25"),
            ("dir/2026_02_25 清单.xlsx", "2026-02-25"),
        ] {
            assert_eq!(d(name).as_deref(), Some(date), "{name}");
        }
        for name in [
            "system_a_zhe0603.xlsx",
            "(2024)浙0603执1号.csv",
            "cases-1000000.csv",
            "20261340.csv",
            "19990101.csv",
            "立案20250101-20251231.csv",
        ] {
            assert_eq!(d(name), None, "{name}");
        }
    }

    /// k-month-named-exports-ranked-backwards: a name that names one month and no full date
    /// gives the month's last day (a monthly export stands as at the month's end); a year
    /// alone, a 案号's number, a month range or two months give none, and a full date in the
    /// name is taken before a month.
    #[test]
    fn a_file_name_naming_its_month_gives_the_months_last_day() {
        let d = |s: &str| {
            date_in_file_name(std::path::Path::new(s)).map(|(d, month)| (d.to_string(), month))
        };
        for (name, date) in [
            ("执行案件_2026年1月.csv", "2026-01-31"),
            ("执行案件_2026年2月.csv", "2026-02-28"),
            ("执行案件_2024年2月.xlsx", "2024-02-29"),
            ("执行案件_2026-01.xlsx", "2026-01-31"),
            ("执行案件_2026.12.csv", "2026-12-31"),
            ("执行案件_2026_02.csv", "2026-02-28"),
            ("执行案件_202601.csv", "2026-01-31"),
            ("执行案件202602.csv", "2026-02-28"),
            ("２０２６年２月积案.xlsx", "2026-02-28"),
            // A copy's number after the month is no day.
            ("执行案件_2026年1月_2.csv", "2026-01-31"),
            ("执行案件_2026-01_1.csv", "2026-01-31"),
        ] {
            assert_eq!(d(name), Some((date.to_string(), true)), "{name}");
        }
        // A full date is the export's day, whatever month the name also gives.
        assert_eq!(
            d("执行案件_2026年1月_导出20260205.csv"),
            Some(("2026-02-05".to_string(), false))
        );
        for name in [
            "执行案件_2025年度.csv",
            "执行案件_2025年.csv",
            "（2026）浙0603执202601号.csv",
            "执行案件_2026-1.csv",
            "执行案件_2026年1-2月.csv",
            "执行案件_2026年1月-2026年2月.csv",
            "立案202501-202512.csv",
            "执行案件_2026年13月.csv",
            "执行案件_199912.csv",
        ] {
            assert_eq!(d(name), None, "{name}");
        }
    }
}
