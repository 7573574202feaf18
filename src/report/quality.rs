//! Data quality and method notes: what a reader needs to trust (or question) the figures.
//!
//! A leadership report that hides its rejects invites the question "what did you leave
//! out?". This part answers it from the run's own records: rows rejected by ingest and
//! why, fields where duplicate records disagreed (and which value was kept), reason texts
//! no rule understood, side-file rows (petitions, assignments, deductions, extensions)
//! that match no case, cases without an officer, and dates that break the stock-flow
//! identity. The method notes then state the as-of date, the case-kind filter, the backlog
//! rule, the rule files, the program version and every input file with its hash — enough
//! to reproduce the report.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::data::{jint, jstr, RunData, Table};
use super::format::{count, group_thousands, UNDEFINED};
use super::html::{self, absent, definitions, note, Align, HtmlTable};
use super::sections::{kinds_text, status_text};
use super::{tr, Lang, Section};
use crate::ingest::reasons;
use crate::Result;

const SHOWN: usize = 50;

fn h3(text: &str) -> String {
    format!("<h3>{}</h3>", html::esc(text))
}

/// The file name of a path (inputs are listed by name; the full path is in the manifest).
fn file_name(p: &str) -> String {
    p.rsplit(['/', '\\']).next().unwrap_or(p).to_string()
}

/// The survivorship rules of dedup (`Keep::describe` in src/dedup/survive.rs) in Chinese.
/// conflicts.parquet and dedup.json keep the English (the data contract), so the report
/// translates when it shows them; earlier wordings stay here so a report of an older run
/// reads the same.
const DEDUP_RULES_ZH: &[(&str, &str)] = &[
    (
        "with the status: a stated status over a default one, then the newer export, \
         then closed over suspended over pending; a closure without its date from a \
         closed row that dates it",
        "随案件状态取值：明示的状态优先于默认状态，其次取较新的导出，再次按 已结＞中止、暂缓＞在办；\
         已结而无结案日期的，结案日期取自载明该日期的已结记录",
    ),
    (
        "with the status: a stated status over a default one, then the newer export, \
         then closed over suspended over pending",
        "随案件状态取值：明示的状态优先于默认状态，其次取较新的导出，再次按 已结＞中止、暂缓＞在办",
    ),
    ("newer export wins, even when empty", "取较新导出的值（即使为空）"),
    ("newer export wins", "取较新导出的值"),
    ("yes when any row says yes", "任一行为“是”即为“是”"),
    ("larger value wins", "取较大值"),
    ("longer list wins", "取较长的名单"),
    ("every party of every row", "合并各行的全部当事人"),
    ("first non-empty in input order", "按输入顺序取第一个非空值"),
    (crate::dedup::RULE_ZERO_GIVES_WAY, "取载明的金额，不取0（无论导出新旧）"),
    (crate::dedup::RULE_EXACT_AMOUNT, "取精确金额，不取其约数（无论导出新旧）"),
    (
        crate::dedup::RULE_UNIT_SLIP,
        "疑为单位错误（万元误作元）：一金额恰为另一金额的一万倍，取较大者（无论导出新旧），请核对各导出的金额单位",
    ),
    (crate::dedup::RULE_EXACT_DATE, "取精确日期，不取只写到月的同月日期"),
    (crate::dedup::RULE_LATER_ROW, "取较后一行的值（各行无较新的导出）"),
    (crate::dedup::RULE_PARTS_ADDED, "同一导出中各申请执行人分行所载金额相加（每人一行）"),
    (crate::dedup::RULE_RECOVERED_CAPPED, "取较大值，但仅因约数超出申请执行标的时以标的为限"),
    (
        crate::dedup::RULE_CLOSURE_UNDONE,
        "不取结案日期：载明该日期的结案已被较新的导出撤销（显示为未结）",
    ),
    (
        crate::dedup::SHARED_KEY_RULE,
        "一个案号对应两件案件：被执行人无一相同且立案日期相差数月；保留多数导出所载的记录（其次不与另一案号的案件被执行人、立案日期相同的记录，再次较新的导出，最后第一条记录），其余记录不计入，请更正导出中的案号",
    ),
];

/// A dedup rule as the reader's language says it; a text not known here as it is.
pub(crate) fn dedup_rule_text(lang: Lang, rule: &str) -> String {
    match lang {
        Lang::En => rule.to_string(),
        Lang::Zh => DEDUP_RULES_ZH
            .iter()
            .find(|(en, _)| *en == rule)
            .map_or(rule, |(_, zh)| *zh)
            .to_string(),
    }
}

/// The census and trend notes (`notes` of census_meta and trend_meta, joined by `；`) in
/// the reader's language. The tables keep the English the command line prints; a Chinese
/// reader gets each note said in Chinese, without the command-line advice. A note not
/// known here is shown as it is.
pub(crate) fn notes_text(lang: Lang, notes: &str) -> String {
    if lang == Lang::En {
        return notes.to_string();
    }
    notes
        .split('；')
        .filter(|n| !n.trim().is_empty())
        .map(|n| note_zh(n.trim()).unwrap_or_else(|| n.trim().to_string()))
        .collect::<Vec<_>>()
        .join("；")
}

/// The warnings of the manifest's sheets (`warnings`), as (file name and sheet, warning).
fn sheet_warnings(m: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for f in m
        .get("files")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path = file_name(f.get("path").and_then(Value::as_str).unwrap_or(""));
        for s in f
            .get("sheets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let place = match s.get("sheet").and_then(Value::as_str) {
                Some(sheet) => format!("{path} / {sheet}"),
                None => path.clone(),
            };
            for w in s
                .get("warnings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(w) = w.as_str() {
                    found.push((place.clone(), w.to_string()));
                }
            }
        }
    }
    found
}

/// The warning of an export that holds part of its list, in Chinese: the page line's row
/// and text, and what it says against what the sheet holds, read from the English wording
/// (`nondata::StatedSize::shortfall`); `None` when it is worded otherwise.
fn incomplete_zh(w: &str) -> Option<String> {
    let rest = w.strip_prefix(crate::ingest::INCOMPLETE_EXPORT)?;
    if let Some(rest) = rest.strip_prefix(": the sheet's rows reach row ") {
        return row_limit_zh(rest);
    }
    if let Some(rest) = rest.strip_prefix(": the file's rows reach row ") {
        return csv_row_limit_zh(rest);
    }
    // `ingest::source::cut_off_warning`: where the file ends is in its English text.
    if rest.starts_with(": the file seems cut off: ") {
        return Some(
            "导出不完整：文件似乎在中途被截断（导出、下载或复制未完成），截断处之后的案件缺失，\
             不计入任何统计。请在系统中重新导出（或重新复制该文件）后读入。"
                .to_string(),
        );
    }
    let rest = rest.strip_prefix(": the page line at row ")?;
    let (row, rest) = rest.split_once(" (")?;
    let (line, rest) = rest.split_once(") says the list has ")?;
    let (n, rest) = rest.split_once(' ')?;
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<String>();
    let held = rest.split_once(" case rows")?.0;
    let cases = digits(held.rsplit(['(', ' ']).next()?);
    let said = if rest.starts_with("records") {
        format!("共{n}条记录")
    } else {
        format!("共{n}页")
    };
    Some(format!(
        "导出不完整：第{row}行的页码行（{line}）表明该清单{said}，而表中只有{cases}行案件，\
         缺少的案件不计入任何统计。请在系统中导出全部页（全部导出，或将每页条数设为大于记录数）\
         后重新读入；如其余各页在一并读入的其他文件中，则已在该处计入。"
    ))
}

/// The warning of a sheet filled to its format's last row (`ingest::row_limit_warning`),
/// in Chinese, from the wording after "the sheet's rows reach row ".
fn row_limit_zh(rest: &str) -> Option<String> {
    let (limit, rest) = rest.split_once(", the last row of an ")?;
    let (format, rest) = rest.split_once(" sheet (")?;
    let program = rest.split_once("'s limit)")?.0;
    Some(format!(
        "导出不完整：该表的数据直到第{limit}行，即{format}工作表的最后一行（{program}的行数上限），\
         清单很可能在此被截断，其后的案件不计入任何统计。请分批重新导出（如按立案日期分段，\
         或导出为CSV）后一并读入；如其余部分在一并读入的其他文件中，则已在该处计入。"
    ))
}

/// The warning of a CSV of exactly Excel's row count (`ingest::row_limit_warning`), in
/// Chinese, from the wording after "the file's rows reach row ".
fn csv_row_limit_zh(rest: &str) -> Option<String> {
    let (limit, rest) = rest.split_once(", the last row a ")?;
    let (format, rest) = rest.split_once(" opened in ")?;
    let program = rest.split_once(" keeps")?.0;
    Some(format!(
        "导出不完整：该{format}文件的数据直到第{limit}行，即用{program}打开时所能保留的最后一行\
         （{program}的行数上限），文件很可能曾在Excel或WPS中打开后另存，其后的行已丢失，\
         缺少的案件不计入任何统计。请重新导出，并直接读入系统导出的文件，不要在Excel中另存\
         （或按立案日期分段导出）；如其余部分在一并读入的其他文件中，则已在该处计入。"
    ))
}

/// The warnings of a header cell read around bytes its encoding does not decode
/// (`ingest::sheet`), in Chinese: its column and row, and what became of the column, read
/// from the English wording; `None` when it is worded otherwise.
fn header_bytes_zh(w: &str) -> Option<String> {
    let untrusted = w.strip_prefix(crate::ingest::UNTRUSTED_UNIT);
    let at = w.find("the header cell in column ")?;
    let rest = &w[at + "the header cell in column ".len()..];
    let (col, rest) = rest.split_once(" (row ")?;
    let (row, rest) = rest.split_once(')')?;
    let place = format!("第{row}行{col}列的表头单元格含有不能按文件编码解读的字节");
    let quoted = |r: &str| {
        r.split_once('"')
            .and_then(|(_, q)| q.split_once('"'))
            .map(|q| q.0.to_string())
    };
    if untrusted.is_some() {
        let read = quoted(rest).unwrap_or_default();
        return Some(format!(
            "金额列未读入：{place}，去除后为“{read}”，但这些字节可能正是金额单位（万元读成元，\
             金额将小一万倍），故该列金额不予读入。请在文件中更正表头后重新读入。"
        ));
    }
    if rest.contains("no name can be read from it") {
        return Some(format!(
            "{place}，无法读出列名，该列未读入。请在文件中更正表头后重新读入。"
        ));
    }
    let read = quoted(rest)?;
    Some(if let Some((_, f)) = rest.split_once("which maps to ") {
        let field = f.split(';').next().unwrap_or(f).trim();
        let field = crate::ingest::reasons::field_zh(field).unwrap_or(field);
        format!("{place}，去除后读作“{read}”，对应“{field}”。请核对该列，并在文件中更正表头。")
    } else {
        format!("{place}，去除后读作“{read}”，不对应任何字段，该列未读入。请在文件中更正表头后重新读入。")
    })
}

/// A sheet's warning in the reader's language; one not known here as it is.
fn warning_text(lang: Lang, w: &str) -> String {
    if lang == Lang::Zh {
        if let Some(zh) = incomplete_zh(w).or_else(|| header_bytes_zh(w)) {
            return zh;
        }
    }
    let Some(rest) = w.strip_prefix(crate::ingest::NO_RECOVERED_COLUMN) else {
        return w.to_string();
    };
    let claim = rest
        .strip_prefix(" (")
        .and_then(|r| r.split_once(')'))
        .map_or("", |(c, _)| c);
    match lang {
        Lang::Zh => format!(
            "有申请执行标的列（{claim}）而无执行到位金额列：其案件的未执行到位金额按全部标的计、\
             执行到位率为0（同一案件在其他工作表或文件中载有到位金额的除外）。\
             如到位金额在另一名称的列中，请将该列名加入表头配置的 recovered_fen\
             （未执行到位金额列则加入 outstanding_fen）。"
        ),
        Lang::En => format!(
            "a claim column ({claim}) but no recovered-amount column: the amount outstanding \
             of its cases is the whole claim and the recovery rate 0 (unless the same case \
             on another sheet or file gives its recovered amount). If the amount recovered \
             is in a column under another name, add that name to recovered_fen in the header \
             profile (the amount still outstanding to outstanding_fen)."
        ),
    }
}

/// One note in Chinese, by the start and the end of its English wording.
fn note_zh(n: &str) -> Option<String> {
    if let Some(rest) = n.strip_prefix(crate::census::trend::EARLIEST_CLOSURE_NOTE) {
        let date = rest.split(';').next()?;
        return Some(format!(
            "数据中最早的结案日期为{date}；导出的已结案件可能只从某日起列出，此前各期的旧存、新收、\
             已结可能不全（可从该日起统计）"
        ));
    }
    if let Some(count) =
        n.strip_suffix(" cases have inconsistent dates (see trend_case_anomalies.parquet)")
    {
        return Some(format!(
            "{count}件案件的日期不一致，见“{}”表",
            table_text(Lang::Zh, "trend_case_anomalies")
        ));
    }
    if let Some(count) = n.strip_suffix(crate::census::trend::UNDATED_CLOSURES_NOTE) {
        return Some(format!(
            "{count}件已结案件无结案日期（状态为已结但日期空白，或表格无结案日期列），按导出日期\
             （最晚可能的结案日）计入结案，该月的结案数可能含此前各月的结案，见“{}”表",
            table_text(Lang::Zh, "trend_case_anomalies")
        ));
    }
    if let Some(count) = n.strip_suffix(crate::census::trend::FILED_FROM_CASE_YEAR_NOTE) {
        return Some(format!(
            "{count}件案件无立案日期，按案号年度的最后一日（导出日期或结案日期更早的，或案号无年份的，\
             按该日）计入新收，即最晚可能的立案日，与普查相同，见“{}”表",
            table_text(Lang::Zh, "trend_case_anomalies")
        ));
    }
    if let Some(rest) = n.strip_prefix("--to ") {
        let (to, rest) = rest.split_once(" is after the as-of date ")?;
        let as_of = rest.split(';').next()?;
        return Some(format!(
            "统计截止日{to}晚于统计日{as_of}，收结存统计至{as_of}"
        ));
    }
    // The evaluation's notes.
    if let Some(rest) = n.strip_prefix("the end snapshot (") {
        let (end_as_of, rest) = rest.split_once(')')?;
        let last = rest
            .strip_prefix(" is later than the campaign's last day; closures after ")?
            .strip_suffix(" are not counted for the campaign, nor resumptions after it")?;
        return Some(format!(
            "期末快照（{end_as_of}）晚于活动最后一日；{last}以后的结案和恢复执行不计入本次活动"
        ));
    }
    if let Some(rest) = n.strip_prefix("the baseline date ") {
        let (date, campaign) = rest.split_once(" is outside the campaign ")?;
        return Some(format!(
            "基线日期{date}不在活动期间（{}）内",
            campaign.replace(" … ", "至")
        ));
    }
    if let Some(count) = n
        .split_once(" baseline cases were closed before the campaign began")
        .map(|(c, _)| c)
    {
        return Some(format!(
            "{count}件基线积案按期末快照所载已于活动开始前（且在普查日前）结案：基线系据过时导出列为未结；这些案件逐案列出（结果为“普查日前已结案（基线误列，不计入基线）”），既不计为已清理也不计为未清理，不计入基线积案和积案去向的占比，不计入目标一、二"
        ));
    }
    if let Some((count, rest)) = n.split_once(crate::evaluate::UNDATED_CLOSURES) {
        let (end_as_of, rest) = rest.split_once(')')?;
        let last = rest.split_once("closed by ")?.1.split_once(',')?.0;
        return Some(format!(
            "{count}件基线积案在期末快照（{end_as_of}）中为已结案但未载结案日期：无从认定在活动最后一日（{last}）以前结案，按该日未结计、不计为已清理，与活动期间收结一致；逐案列于积案跟踪台账（期末状态为已结、结案日期为空）"
        ));
    }
    if let Some((count, _)) = n.split_once(crate::evaluate::UNKNOWN_METHOD_CLOSURES) {
        return Some(format!(
            "{count}件基线积案期末已结案，但结案方式无法识别（closure-methods.toml未列的写法或未填，\
             见期末运行的rejects.csv）：计为已清理，但不计入清理比例（不含终本）和实际执结，\
             因其可能为终本；将该写法补入closure-methods.toml即按其结案方式统计"
        ));
    }
    if let Some((count, rest)) = n.split_once(crate::evaluate::CLOSED_BEFORE_FILING) {
        let cases = rest.split_once(" — check the rows: ")?.1;
        return Some(format!(
            "{count}件基线积案在期末快照中的结案日期早于其立案日期（日期不可能，二者必有一误）：\
             该结案日期不能说明基线系据过时导出误列，这些案件仍计入基线积案，按期末快照所载结案统计，\
             请核对：{}",
            cases.replace("; ", "、")
        ));
    }
    if let Some(count) = n.strip_suffix(crate::evaluate::MISSING_CASES) {
        return Some(format!(
            "{count}件基线积案在期末各导出中均未找到；逐案列出（结果为“期末导出中查无此案”），计为未清理：在目标4b、N4和活动期间收结中，按基线普查计为活动开始时和期末均未结"
        ));
    }
    if let Some(count) = n.strip_suffix(crate::evaluate::MISSING_OPEN_CASES) {
        return Some(format!(
            "{count}件普查日未结但尚未成为积案（仍在法定期限内）的案件在期末各导出中均未找到；积案跟踪台账不跟踪这些案件，与查无此案的基线积案一样，在目标4b、N4和活动期间收结中按基线普查计为活动开始时和期末均未结"
        ));
    }
    if let Some(count) = n.strip_suffix(crate::evaluate::RESUMED_NOT_LISTED) {
        return Some(format!(
            "{count}件基线案件在期末各导出中均未找到，但期末有执恢案件以其为原案号：按其在导出中列出时同样统计，基线积案经该执恢案件跟踪（结果以执恢案件为准）；在目标4b、N4和活动期间收结中按基线数据计入：普查日未结的，于执恢案件立案之日因恢复执行而结案，与列出时相同；普查日已结（活动期间终本）的，按其结案日期"
        ));
    }
    if let Some(rest) = n.strip_prefix(crate::evaluate::RULES_DIFFER) {
        let list = rest.strip_suffix(crate::evaluate::RULES_DIFFER_ADVICE)?;
        // Each difference is `what: baseline X, end Y`; a rule file's origin keeps its path
        // (the statistician looks for it), the words around it are said in Chinese.
        let said = list
            .split("; ")
            .map(|item| {
                item.replace(" (statutory period, months)", "（月）")
                    .replace(" (months)", "（月）")
                    .replace(" (backlog rule)", "")
                    .replace(": baseline ", "：基线为")
                    .replace(", end ", "，期末为")
                    .replace("(built-in) ", "（内置）")
                    .replace(" (as read then)", "（基线运行时所读）")
                    .replace(" (edited since)", "（此后已修改）")
            })
            .collect::<Vec<_>>()
            .join("；");
        return Some(format!(
            "基线与期末快照是按不同的规则或表头配置分类的（规则不一致），基线积案与期末积案的认定标准\
             不同：{said}；两端须用同一规则文件夹和表头配置文件夹运行，数字才可比较"
        ));
    }
    if let Some(rest) = n.strip_prefix(crate::evaluate::COURT_NOT_IN_END) {
        let (code, rest) = rest.split_once(" (")?;
        let count = rest.split(' ').next()?;
        return Some(format!(
            "期末运行中没有基线法院{code}的任何案件（该院基线积案{count}件）：期末运行是否漏了该院的导出？\
             该院未找到的基线积案逐案列出（结果为“期末导出中查无此案”）"
        ));
    }
    if let Some(rest) = n.strip_prefix(crate::evaluate::COURTS_NOT_IN_BASELINE) {
        let (list, rest) = rest.split_once("; ")?;
        let (out, rest) = rest.split_once(" of the end run's ")?;
        let total = rest.split(' ').next()?;
        let courts = list
            .replace(" cases)", "件）")
            .replace(" (", "（")
            .replace(", ", "、");
        let most = if rest.contains("most of the end run") {
            "；这些案件占期末运行的多数，是否放错了运行文件夹？"
        } else {
            ""
        };
        return Some(format!(
            "期末运行含基线普查所无的法院的案件：{courts}；期末运行{total}件中的这{out}件不计入目标3、4a、4b、\
             全国指标N1—N4、活动期间逐月收结和期末各类积案，这些只按基线法院统计{most}"
        ));
    }
    if let Some(count) = n.strip_suffix(crate::evaluate::goals::MONTHLY_UNKNOWN_METHOD) {
        return Some(format!(
            "活动期间有{count}件案件结案方式无法识别（closure-methods.toml未列的写法或未填）：\
             在活动期间逐月收结中计为结案，但不计入结案当月的实际执结率，因其可能为终本；\
             将该写法补入closure-methods.toml即按其结案方式统计"
        ));
    }
    if n == crate::evaluate::goals::NOTHING_PENDING {
        return Some(
            "活动开始时和期末均无未结案件：目标4b（期末未结少于活动开始时未结）无从减少，判为未达成；\
             本院并无需要减少的未结案件"
                .to_string(),
        );
    }
    if let Some(rest) = n.strip_prefix(crate::evaluate::goals::LATE_CLOSURES) {
        let date = rest.split(',').next()?;
        return Some(format!(
            "期末导出中最早的结案日期为{date}，距活动开始已超过一个月：可能导出只列出该日以后结案的案件\
             （如第二阶段的导出），如是，目标4a、4b缺少此前的结案及其所结案件（结案数偏少、活动开始时\
             未结数偏少），应重新导出含活动开始以来全部已结案件的期末快照，但如本院在此之前确无结案，\
             则数字完整"
        ));
    }
    if let Some(rest) = n.strip_prefix("case kind ") {
        let kind = rest.strip_suffix(" is not a known kind and is excluded")?;
        return Some(format!(
            "案件类型{}不是已知类型，未纳入统计",
            kind.trim_matches('"')
        ));
    }
    None
}

/// A field of the case table in the reader's language: the ingest field's label
/// (立案日期), else the column label of the run's tables (workbook headers and the columns
/// ingest and dedup derive, such as case_no_valid, as `caseflow sql --schema` names them),
/// else the name as it is. English keeps the field name.
pub(crate) fn field_text(lang: Lang, field: &str) -> String {
    match lang {
        Lang::En => field.to_string(),
        Lang::Zh => reasons::field_zh(field)
            .map(str::to_string)
            .or_else(|| crate::sql::labels::label("cases_dedup", field))
            .unwrap_or_else(|| field.to_string()),
    }
}

/// What an ingest table holds (the `table` of a sheet in manifest.json), as the report
/// names the side files elsewhere; an unknown name as it is.
fn table_kind_text(lang: Lang, table: &str) -> String {
    let (zh, en) = match table {
        "cases" => ("案件", "Cases"),
        "petitions" => ("信访登记", "Petitions"),
        "assignments" => ("承办分工", "Assignments"),
        "deductions" => ("扣除期间", "Deducted periods"),
        "extensions" => ("延长期限", "Extensions"),
        other => return other.to_string(),
    };
    tr(lang, zh, en)
}

/// A metric table by its workbook sheet name in Chinese (census_summary → 积案汇总); English
/// keeps the table's file name, which is what notebooks and SQL use.
fn table_text(lang: Lang, table: &str) -> String {
    use crate::census::{CENSUS_TABLES, TREND_TABLES};
    match lang {
        Lang::En => table.to_string(),
        Lang::Zh => CENSUS_TABLES
            .iter()
            .chain(TREND_TABLES.iter())
            .chain(crate::evaluate::EVALUATION_TABLES.iter())
            .chain(crate::project::PROJECT_TABLES.iter())
            .find(|t| t.name == table)
            .map_or(table, |t| t.sheet_zh)
            .to_string(),
    }
}

/// (value, count) pairs, most frequent first, ties by value.
fn tally<I: IntoIterator<Item = String>>(items: I) -> Vec<(String, usize)> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for k in items {
        *m.entry(k).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Where the rows read went, with every term of the identity the manifest checks (读入 =
/// 写入 + 拒收 + 表头及以上 + 空行 + 跳过的非数据行): the header, title, total and footer rows
/// are the difference between rows read and data rows, and a line printing "读入 =
/// 写入 + 拒收" beside 4, 3 and 0 stated an identity its own figures broke
/// (z-quality-read-equals-written-plus-rejected).
fn rows_line(lang: Lang, m: &Value) -> String {
    let tot = m.get("totals");
    let g = |k: &str| tot.and_then(|v| v.get(k)).and_then(Value::as_i64);
    let rec = tot
        .and_then(|v| v.get("reconciles"))
        .and_then(Value::as_bool);
    let field = m
        .get("rejects")
        .and_then(|r| r.get("field_rejects"))
        .and_then(Value::as_i64);
    let [read, data, written, rejected, header, blank, skipped] = [
        "rows_read",
        "data_rows",
        "rows_written",
        "rows_rejected",
        "header_rows",
        "blank_rows",
        "skipped_rows",
    ]
    .map(|k| count(g(k)));
    let field = count(field);
    tr(
        lang,
        &format!(
            "读入 {read} 行：数据行 {data} 行（写入案件及附表 {written} 行，整行拒收 {rejected} 行），表头及其上方各行（标题等）{header} 行，空行 {blank} 行，跳过的非数据行（合计、页脚、重复表头等）{skipped} 行；字段问题 {field} 处。{}",
            match rec {
                Some(true) => "每一行均有着落：读入 = 写入 + 拒收 + 表头及以上 + 空行 + 跳过的非数据行。",
                Some(false) => "读入与写入、拒收、表头及以上、空行、跳过的非数据行之和不符，请检查 manifest.json。",
                None => "",
            }
        ),
        &format!(
            "{read} rows read: {data} data rows ({written} written, {rejected} rejected whole), {header} header rows (the header and the title rows above it), {blank} blank, {skipped} non-data rows skipped (totals, footers, repeated headers); {field} field problems. {}",
            match rec {
                Some(true) => "Every row is accounted for: read = written + rejected + header rows + blank + skipped.",
                Some(false) => "The rows do not add up to rows read: see manifest.json.",
                None => "",
            }
        ),
    )
    .trim_end()
    .to_string()
}

/// The rows of a file that are no data (header and title, blank, skipped totals and
/// footers), from its sheets in the manifest: with them the input-files table adds up,
/// 读入行 = 写入行 + 拒收行 + 非数据行.
fn non_data_rows(sheets: &[Value]) -> i64 {
    sheets
        .iter()
        .map(|s| {
            let n = |k: &str| s.get(k).and_then(Value::as_i64).unwrap_or(0);
            let skipped: i64 = s
                .get("skipped")
                .and_then(Value::as_object)
                .map(|o| o.values().filter_map(Value::as_i64).sum())
                .unwrap_or(0);
            n("header_rows") + n("blank_rows") + skipped
        })
        .sum()
}

pub fn quality(lang: Lang, data: &RunData) -> Result<Section> {
    let t = |zh: &str, en: &str| tr(lang, zh, en);
    let mut html = String::new();

    // Ingest totals.
    html.push_str(&h3(&t("读入与拒收", "Rows read and rejected")));
    if let Some(m) = &data.manifest {
        html.push_str(&html::p(&rows_line(lang, m)));
        // The sheets' warnings: figures that are made but mean less than they seem.
        for (place, w) in sheet_warnings(m) {
            html.push_str(&note(&format!(
                "{}{place}{}{}",
                t("注意：", "Warning: "),
                t("：", ": "),
                warning_text(lang, &w)
            )));
        }
    } else {
        html.push_str(&absent(lang, "manifest.json"));
    }
    match data.table("rejects") {
        None => html.push_str(&absent(lang, "rejects")),
        Some(r) if r.height() == 0 => {
            html.push_str(&note(&t("没有拒收的行或字段。", "Nothing was rejected.")))
        }
        Some(r) => {
            // Field names and reasons in the reader's language (rejects.csv keeps English).
            let zh = lang == Lang::Zh;
            let field: Vec<Option<String>> = r
                .strs("field")
                .into_iter()
                .map(|f| match f {
                    Some(f) if zh => Some(reasons::field_zh(&f).map_or(f, str::to_string)),
                    f => f,
                })
                .collect();
            let reason: Vec<Option<String>> = r
                .strs("reason")
                .into_iter()
                .map(|x| match x {
                    Some(x) if zh => Some(reasons::reason_zh(&x).into_owned()),
                    x => x,
                })
                .collect();
            let whole = r.bools("whole_row");
            let groups = tally((0..r.height()).map(|i| {
                format!(
                    "{}\u{1f}{}\u{1f}{}",
                    field[i].clone().unwrap_or_default(),
                    reason[i].clone().unwrap_or_default(),
                    whole[i] == Some(true)
                )
            }));
            let mut gt = HtmlTable::from_owned(vec![
                (t("字段", "Field"), Align::Left),
                (t("原因", "Reason"), Align::Left),
                (t("整行拒收", "Whole row"), Align::Left),
                (t("行数", "Rows"), Align::Num),
            ]);
            for (k, n) in &groups {
                let parts: Vec<&str> = k.split('\u{1f}').collect();
                gt.row(vec![
                    parts[0].to_string(),
                    parts[1].to_string(),
                    if parts[2] == "true" {
                        t("是", "yes")
                    } else {
                        t("否（保留该行）", "no (row kept)")
                    },
                    group_thousands(*n as i64),
                ]);
            }
            html.push_str(&gt.render());
            let file = r.strs("source_file");
            let sheet = r.strs("source_sheet");
            let row = r.ints("source_row");
            let column = r.strs("column");
            let raw = r.strs("raw_value");
            let mut lt = HtmlTable::from_owned(vec![
                (t("文件", "File"), Align::Keep),
                (t("工作表", "Sheet"), Align::Left),
                (t("行", "Row"), Align::Num),
                (t("列", "Column"), Align::Left),
                (t("原值", "Raw value"), Align::Left),
                (t("原因", "Reason"), Align::Left),
            ])
            .compact();
            for i in 0..r.height().min(SHOWN) {
                lt.row(vec![
                    file[i].as_deref().map(file_name).unwrap_or_default(),
                    sheet[i].clone().unwrap_or_default(),
                    count(row[i]),
                    column[i].clone().unwrap_or_default(),
                    raw[i].clone().unwrap_or_default(),
                    reason[i].clone().unwrap_or_default(),
                ]);
            }
            html.push_str(&lt.render());
            if r.height() > SHOWN {
                html.push_str(&note(&t(
                    &format!("仅列前 {SHOWN} 条；全部见 rejects.csv。"),
                    &format!("First {SHOWN} shown; all are in rejects.csv."),
                )));
            }
        }
    }

    // Deduplication.
    html.push_str(&h3(&t("去重与冲突", "Deduplication and conflicts")));
    if data.dedup.is_some() {
        let d = &data.dedup;
        html.push_str(&html::p(&t(
            &format!(
                "{} 条案件记录归并为 {} 件案件：按案号键合并 {} 条，模糊匹配合并 {} 条，{} 条未找到对应；关联执恢与原案等 {} 处；字段值冲突 {} 处。",
                count(jint(d, "rows")),
                count(jint(d, "cases")),
                count(jint(d, "rows_joined_by_key")),
                count(jint(d, "rows_placed_by_fuzzy_match")),
                count(jint(d, "rows_without_match")),
                count(jint(d, "lineage_links")),
                count(jint(d, "conflicts")),
            ),
            &format!(
                "{} case rows became {} cases: {} joined by key, {} by fuzzy match, {} without a match; {} lineage links; {} field conflicts.",
                count(jint(d, "rows")),
                count(jint(d, "cases")),
                count(jint(d, "rows_joined_by_key")),
                count(jint(d, "rows_placed_by_fuzzy_match")),
                count(jint(d, "rows_without_match")),
                count(jint(d, "lineage_links")),
                count(jint(d, "conflicts")),
            ),
        )));
        // A 案号 typed for another case in one export: said apart from the other conflicts,
        // with the rows, since one of the two cases is in no figure until it is corrected.
        let shared = d
            .as_ref()
            .and_then(|d| d.get("case_numbers_of_two_cases"))
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty());
        if let Some(shared) = shared {
            html.push_str(&html::p(&t(
                &format!(
                    "警告：{} 个案号在不同导出中对应两件不同的案件（被执行人无一相同，立案日期相差数月）。案件保留多数导出所载的记录，其余记录未计入任何统计和金额，请更正导出中的案号后重新运行。",
                    shared.len()
                ),
                &format!(
                    "Warning: {} case numbers name two different cases in different exports (no debtor in common, filing dates months apart). The case keeps the rows more exports give; the other rows are in no count or sum until the case number is corrected in the export.",
                    shared.len()
                ),
            )));
            let mut st = HtmlTable::from_owned(vec![
                (t("案号", "Case number"), Align::Left),
                (t("保留的记录", "Rows kept"), Align::Left),
                (t("保留的案件", "Case kept"), Align::Left),
                (t("未计入的记录", "Rows set aside"), Align::Left),
                (t("未计入的案件", "Case set aside"), Align::Left),
                (
                    t("立案日期相差（天）", "Filing dates apart (days)"),
                    Align::Num,
                ),
            ])
            .compact();
            let text = |v: &Value, k: &str| -> String {
                match v.get(k) {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("；"),
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                }
            };
            for k in shared {
                st.row(vec![
                    text(k, "case_key"),
                    text(k, "kept_rows"),
                    text(k, "kept"),
                    text(k, "set_aside_rows"),
                    text(k, "set_aside"),
                    text(k, "filed_days_apart"),
                ]);
            }
            html.push_str(&st.render());
        }
        // Rows placed on one of several series cases (系列案) that nothing they state told
        // apart: their placement is a fixed rule's, not the data's.
        if let Some(n) = jint(d, "rows_placed_among_tied_cases").filter(|&n| n > 0) {
            html.push_str(&note(&t(
                &format!(
                    "{} 条无有效案号的记录与多件案件（系列案）得分相同、结案情况也一致，已按固定规则归入其一；请核对 dedup.json 中 tied_placements 所列记录。",
                    count(Some(n))
                ),
                &format!(
                    "{} rows without a usable case number scored the same against several cases (series cases) with the same closure, and were placed on one by a fixed rule: check the rows listed under tied_placements in dedup.json.",
                    count(Some(n))
                ),
            )));
        }
    } else {
        html.push_str(&absent(lang, "dedup.json"));
    }
    match data.table("conflicts") {
        None => html.push_str(&absent(lang, "conflicts")),
        Some(c) if c.height() == 0 => html.push_str(&note(&t(
            "重复记录之间没有不一致的字段。",
            "Duplicate records never disagreed.",
        ))),
        Some(c) => {
            let field = c.strs("field");
            let rule = c.strs("rule");
            let groups = tally((0..c.height()).map(|i| {
                format!(
                    "{}\u{1f}{}",
                    field[i].clone().unwrap_or_default(),
                    rule[i].clone().unwrap_or_default()
                )
            }));
            let mut gt = HtmlTable::from_owned(vec![
                (t("字段", "Field"), Align::Left),
                (t("取值规则", "Value kept by"), Align::Left),
                (t("冲突案件数", "Cases"), Align::Num),
            ]);
            for (k, n) in &groups {
                let (f, r) = k.split_once('\u{1f}').unwrap_or((k, ""));
                gt.row(vec![
                    field_text(lang, f),
                    dedup_rule_text(lang, r),
                    group_thousands(*n as i64),
                ]);
            }
            html.push_str(&gt.render());
            html.push_str(&note(&t(
                "同一案件的多条记录在这些字段上取值不同；保留值及全部来源见 parquet/conflicts.parquet。",
                "Records of one case disagree on these fields; the kept value and every source are in parquet/conflicts.parquet.",
            )));
        }
    }

    // Reason texts no rule understood.
    html.push_str(&h3(&t(
        "未能识别的原因文字",
        "Reason texts no rule understood",
    )));
    match data.table("unmatched_reasons") {
        None => html.push_str(&absent(lang, "unmatched_reasons")),
        Some(u) if u.height() == 0 => html.push_str(&note(&t(
            "所有原因、备注文字均已被规则识别。",
            "Every reason and note text matched a rule.",
        ))),
        Some(u) => {
            let text = u.strs("text");
            let field = u.strs("field");
            let n = u.ints("count");
            let mut idx: Vec<usize> = (0..u.height()).collect();
            idx.sort_by(|&a, &b| n[b].cmp(&n[a]).then(text[a].cmp(&text[b])));
            let mut ut = HtmlTable::from_owned(vec![
                (t("文字片段", "Text"), Align::Left),
                (t("来源字段", "Field"), Align::Left),
                (t("出现次数", "Times"), Align::Num),
            ])
            .compact();
            for &i in idx.iter().take(SHOWN) {
                ut.row(vec![
                    text[i].clone().unwrap_or_default(),
                    field[i]
                        .as_deref()
                        .map_or_else(String::new, |f| field_text(lang, f)),
                    count(n[i]),
                ]);
            }
            html.push_str(&ut.render());
            html.push_str(&note(&t(
                "这些片段未被原因规则识别，相关案件的原因可能记为“原因不明”；可据此补充 root-causes.toml。",
                "These clauses matched no rule, so their cases may show the cause as unknown; extend root-causes.toml with them.",
            )));
        }
    }

    // Side-file rows that match no case.
    html.push_str(&h3(&t("未能关联到案件的记录", "Rows that match no case")));
    html.push_str(&unlinked(lang, data));

    // Cases without officer.
    if let Some(w) = data.table("cases_without_officer") {
        if w.height() == 0 {
            html.push_str(&note(&t(
                "每件未结案件都有承办人。",
                "Every pending case has an officer.",
            )));
        } else {
            html.push_str(&html::p(&t(
                &format!(
                    "{} 件未结案件没有承办人：",
                    group_thousands(w.height() as i64)
                ),
                &format!(
                    "{} pending cases have no officer:",
                    group_thousands(w.height() as i64)
                ),
            )));
            let no = w.strs("case_no");
            let team = w.strs("team");
            let st = w.strs("status_as_of");
            let mut tt = HtmlTable::from_owned(vec![
                (t("案号", "Case number"), Align::Keep),
                (t("团队", "Team"), Align::Left),
                (t("状态", "Status"), Align::Left),
            ])
            .compact();
            for i in 0..w.height().min(SHOWN) {
                tt.row(vec![
                    no[i].clone().unwrap_or_default(),
                    team[i].clone().unwrap_or_default(),
                    status_text(lang, st[i].as_deref().unwrap_or("")),
                ]);
            }
            html.push_str(&tt.render());
        }
    }

    // Dates that break the stock-flow identity.
    html.push_str(&h3(&t("日期异常", "Date anomalies")));
    match data.table("trend_case_anomalies") {
        None => html.push_str(&absent(lang, "trend_case_anomalies")),
        Some(a) if a.height() == 0 => html.push_str(&note(&t(
            "没有日期异常的案件；各期旧存 + 新收 + 恢复 − 结案 = 未结均成立。",
            "No case has inconsistent dates; B + N + R − D = E holds in every period.",
        ))),
        Some(a) => {
            let breaches = data.table("trend_breaches").map_or(0, Table::height);
            html.push_str(&html::p(&t(
                &format!(
                    "{} 件案件日期异常，导致 {} 个单位·期间的旧存 + 新收 + 恢复 − 结案 ≠ 未结：",
                    group_thousands(a.height() as i64),
                    group_thousands(breaches as i64)
                ),
                &format!(
                    "{} cases have inconsistent dates; B + N + R − D ≠ E in {} unit-periods:",
                    group_thousands(a.height() as i64),
                    group_thousands(breaches as i64)
                ),
            )));
            let no = a.strs("case_no");
            let filed = a.strs("filed_on");
            let closed = a.strs("closed_on");
            let problem = a.strs("problem");
            let mut at = HtmlTable::from_owned(vec![
                (t("案号", "Case number"), Align::Keep),
                (t("立案日期", "Filed"), Align::Keep),
                (t("结案日期", "Closed"), Align::Keep),
                (t("问题", "Problem"), Align::Left),
            ])
            .compact();
            for i in 0..a.height().min(SHOWN) {
                at.row(vec![
                    no[i].clone().unwrap_or_default(),
                    filed[i].clone().unwrap_or_default(),
                    closed[i].clone().unwrap_or_default(),
                    problem[i].clone().unwrap_or_default(),
                ]);
            }
            html.push_str(&at.render());
        }
    }

    Ok(Section::new("quality", t("数据质量", "Data quality"), html))
}

/// Rows of the side files whose case key is blank or matches no case of the run.
fn unlinked(lang: Lang, data: &RunData) -> String {
    let t = |zh: &str, en: &str| tr(lang, zh, en);
    let Some(cases) = data.table("cases_classified") else {
        return absent(lang, &t("案件表", "the case table"));
    };
    let keys: HashSet<String> = cases.strs("case_key").into_iter().flatten().collect();
    let sides = ["petitions", "assignments", "deductions", "extensions"]
        .map(|name| (name, table_kind_text(lang, name)));
    let mut summary = HtmlTable::from_owned(vec![
        (t("附表", "Side file"), Align::Left),
        (t("行数", "Rows"), Align::Num),
        (t("案号为空", "No case number"), Align::Num),
        (t("找不到案件", "No such case"), Align::Num),
        (
            t(
                "案号为空但按信访人关联",
                "No case number, linked by petitioner",
            ),
            Align::Num,
        ),
        (t("未计入任何案件", "Counted in no case"), Align::Num),
    ]);
    // Classify joins a petition without a 案号 to a case through its petitioner (the case
    // the petitioner's other entries cite, or the one case filed by then with that
    // applicant; categories.toml [petitions] link_by_name) and counts it there. Only
    // classify knows which rows it joined: it records how many register rows it joined to
    // no case, so the blank rows left unjoined are that count less the rows whose 案号
    // names no case. Calling every blank row "counted in no case" told the statistician to
    // check rows that category 7 and the petition counts already hold.
    let petitions_unjoined = jint(&data.classify, "petitions_unlinked");
    let mut examples = HtmlTable::from_owned(vec![
        (t("附表", "Side file"), Align::Left),
        (t("文件", "File"), Align::Keep),
        (t("行", "Row"), Align::Num),
        (t("案号", "Case number"), Align::Keep),
    ])
    .compact();
    let mut any = false;
    for (name, label) in &sides {
        let Some(s) = data.table(name) else { continue };
        any = true;
        let key = s.strs("case_key");
        let no = s.strs("case_no");
        let file = s.strs("source_file");
        let row = s.ints("source_row");
        let mut blank = 0i64;
        let mut missing = 0i64;
        let mut shown = 0;
        for i in 0..s.height() {
            // A 案号 written but not read (执26号至28号 of no case, a mistyped number) is no
            // blank: the row names a case the run does not have, and is never joined by
            // its petitioner's name.
            let stated = key[i].is_none()
                && no[i]
                    .as_deref()
                    .is_some_and(crate::ingest::states_case_number);
            let bad = match &key[i] {
                None if stated => {
                    missing += 1;
                    true
                }
                None => {
                    blank += 1;
                    true
                }
                Some(k) if !keys.contains(k) => {
                    missing += 1;
                    true
                }
                _ => false,
            };
            // Blank-key petitions are joined by name or not, row by row only in classify:
            // none is listed as counted in no case when some of them were counted.
            let blank_petition = name == &"petitions" && key[i].is_none() && !stated;
            if bad && shown < 10 && !(blank_petition && petitions_unjoined.is_some()) {
                shown += 1;
                examples.row(vec![
                    label.clone(),
                    file[i].as_deref().map(file_name).unwrap_or_default(),
                    count(row[i]),
                    no[i].clone().unwrap_or_else(|| "—".into()),
                ]);
            }
        }
        let (by_name, counted_in_none) = match (*name, petitions_unjoined) {
            ("petitions", Some(u)) => {
                let blank_unjoined = (u - missing).clamp(0, blank);
                (
                    group_thousands(blank - blank_unjoined),
                    group_thousands(blank_unjoined + missing),
                )
            }
            ("petitions", None) => (UNDEFINED.to_string(), UNDEFINED.to_string()),
            _ => (UNDEFINED.to_string(), group_thousands(blank + missing)),
        };
        summary.row(vec![
            label.clone(),
            group_thousands(s.height() as i64),
            group_thousands(blank),
            group_thousands(missing),
            by_name,
            counted_in_none,
        ]);
    }
    if !any {
        return note(&t("本次运行没有附表。", "This run has no side files."));
    }
    let mut out = summary.render();
    if !examples.is_empty() {
        out.push_str(&note(&t(
            "示例（每个附表至多10条）：这些记录没有计入任何案件（如信访次数、扣除期间、延长期限），请核对案号。案号找不到案件的记录全部列在工作簿的“问题数据”表中。",
            "Examples (at most 10 per file): these rows count for no case (petitions, deductions, extensions); check their case numbers. Every row whose case number matches no case is listed in the workbook's Rejects sheet.",
        )));
        out.push_str(&examples.render());
    }
    if petitions_unjoined.is_some() && data.table("petitions").is_some() {
        out.push_str(&note(&t(
            "信访登记中案号为空的记录，按信访人关联：信访人其他记录只引用一个案号的，计入该案；否则计入信访日前立案、申请执行人为信访人的唯一案件。按此关联的已计入信访次数和第七类（当事人多次上访）；“未计入任何案件”含两者都不成立的记录。案号为空的信访记录不逐条列为示例：哪一条已关联，只在分类时逐条判断。",
            "Petitions without a case number are linked by petitioner: to the one case the petitioner's other entries cite, else to the only case filed by then with the petitioner as applicant. Those linked count in the petition figures and category 7; \"Counted in no case\" includes the rest. Petitions without a case number are not listed as examples: which were linked is decided row by row only when classifying.",
        )));
    }
    out
}

pub fn method(lang: Lang, data: &RunData, font: Option<&str>) -> Result<Section> {
    let t = |zh: &str, en: &str| tr(lang, zh, en);
    let mut defs: Vec<(String, String)> = Vec::new();
    let none = || t("（未记录）", "(not recorded)");
    defs.push((t("统计日", "As-of date"), data.as_of().unwrap_or_else(none)));
    // A census dated after the exports describes a day the data does not know: said here
    // as well as on the terminal (crate::dates). Not against today: a report rebuilt next
    // year must say what it said.
    let as_of = data
        .as_of()
        .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let exported_on = data
        .manifest
        .as_ref()
        .and_then(crate::dates::newest_export_in_manifest);
    if let Some(as_of) = as_of {
        for w in crate::dates::check_as_of(as_of, None, exported_on) {
            defs.push((
                t("统计日提示", "As-of date warning"),
                t(&w.text_zh(), &w.text()),
            ));
        }
    }
    if let Some(tr_json) = &data.trend {
        defs.push((
            t("趋势期间", "Trend range"),
            format!(
                "{}{}{}{}{}{}",
                tr_json.get("from").and_then(Value::as_str).unwrap_or(""),
                t("至", " – "),
                tr_json.get("to").and_then(Value::as_str).unwrap_or(""),
                // Brackets of the reader's script: full-width in Chinese only.
                t("（", " ("),
                match tr_json.get("by").and_then(Value::as_str).unwrap_or("") {
                    "month" => t("按月", "monthly"),
                    "quarter" => t("按季", "quarterly"),
                    "year" => t("按年", "yearly"),
                    other => other.to_string(),
                },
                t("）", ")"),
            ),
        ));
    }
    let kinds = jstr(&data.census, "case_kinds").or_else(|| jstr(&data.trend, "case_kinds"));
    if let Some(k) = kinds {
        let mut text = kinds_text(lang, k);
        if let Some(ex) = data
            .census
            .as_ref()
            .and_then(|c| c.get("excluded_kinds"))
            .and_then(Value::as_array)
        {
            let parts: Vec<String> = ex
                .iter()
                .filter_map(|p| {
                    let a = p.as_array()?;
                    Some(format!(
                        "{} {}",
                        kinds_text(lang, a.first()?.as_str()?),
                        a.get(1)?.as_i64()?
                    ))
                })
                .collect();
            if !parts.is_empty() {
                text.push_str(&t(
                    &format!("；未计入：{}", parts.join("、")),
                    &format!("; left out: {}", parts.join(", ")),
                ));
            }
        }
        defs.push((t("案件类型筛选", "Case kinds counted"), text));
    }
    if let Some(r) = jstr(&data.classify, "backlog_rule") {
        defs.push((
            t("积案认定规则", "Backlog rule"),
            super::sections::backlog_rule_notes(lang, r),
        ));
    }
    // Every file the run read (the manifest's list: ingest, dedup, classify, census,
    // projection), then any the classify and census stages name that it lacks.
    let mut rules: Vec<String> = Vec::new();
    if let Some(v) = data
        .manifest
        .as_ref()
        .and_then(|m| m.pointer("/parameters/rule_files"))
        .and_then(Value::as_array)
    {
        rules.extend(v.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(v) = data
        .classify
        .as_ref()
        .and_then(|c| c.get("rule_files"))
        .and_then(Value::as_array)
    {
        rules.extend(v.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(r) = jstr(&data.census, "rules") {
        rules.push(r.to_string());
    }
    let mut seen = std::collections::HashSet::new();
    rules.retain(|r| seen.insert(r.clone()));
    if !rules.is_empty() {
        defs.push((t("规则文件", "Rule files"), rules.join(&t("；", "; "))));
    }
    if let Some(m) = &data.manifest {
        defs.push((
            t("程序版本", "Program version"),
            format!(
                "{} {}",
                m.get("program")
                    .and_then(Value::as_str)
                    .unwrap_or("caseflow"),
                m.get("version").and_then(Value::as_str).unwrap_or("")
            ),
        ));
    }
    if let Some(f) = font {
        defs.push((t("图表字体", "Chart font"), f.to_string()));
    }
    let mut html = definitions(&defs);

    // Input files.
    html.push_str(&h3(&t("输入文件", "Input files")));
    match data
        .manifest
        .as_ref()
        .and_then(|m| m.get("files"))
        .and_then(Value::as_array)
    {
        None => html.push_str(&absent(lang, "manifest.json")),
        Some(files) => {
            let mut ft = HtmlTable::from_owned(vec![
                (t("文件", "File"), Align::Keep),
                (t("格式/编码", "Format/encoding"), Align::Left),
                (t("内容", "Content"), Align::Left),
                (t("读入行", "Rows read"), Align::Num),
                (t("写入行", "Written"), Align::Num),
                (t("拒收行", "Rejected"), Align::Num),
                (t("非数据行", "Non-data"), Align::Num),
                ("SHA-256".to_string(), Align::Left),
            ])
            .compact();
            for f in files {
                let path = f.get("path").and_then(Value::as_str).unwrap_or("");
                let sheets = f.get("sheets").and_then(Value::as_array);
                let sum = |k: &str| -> Option<i64> {
                    sheets.map(|s| {
                        s.iter()
                            .filter_map(|x| x.get(k).and_then(Value::as_i64))
                            .sum()
                    })
                };
                // What the file holds, each table once (a workbook's 收案、结案 and 未结
                // sheets all go to cases).
                let mut tables: Vec<String> = Vec::new();
                for name in sheets
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.get("table").and_then(Value::as_str))
                {
                    let label = table_kind_text(lang, name);
                    if !tables.contains(&label) {
                        tables.push(label);
                    }
                }
                let fmt = [
                    f.get("format").and_then(Value::as_str),
                    f.get("encoding").and_then(Value::as_str),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
                let sha = f.get("sha256").and_then(Value::as_str).unwrap_or("");
                ft.row(vec![
                    file_name(path),
                    fmt,
                    tables.join(&t("、", ", ")),
                    count(sum("rows_read")),
                    count(sum("rows_written")),
                    count(sum("rows_rejected")),
                    count(sheets.map(|s| non_data_rows(s))),
                    sha.chars().take(16).collect::<String>(),
                ]);
            }
            html.push_str(&ft.render());
            html.push_str(&note(&t(
                "读入行 = 写入行 + 拒收行 + 非数据行（表头、标题、空行、合计、页脚等）。SHA-256 只列前16位；完整值、每个工作表的列映射和参数见 manifest.json。",
                "Rows read = written + rejected + non-data rows (header, title, blank, totals, footers). SHA-256 shortened to 16 digits; full hashes, column mappings and parameters are in manifest.json.",
            )));
        }
    }

    // Table definitions from the census and trend metadata.
    let mut tdefs = HtmlTable::from_owned(vec![
        (t("表", "Table"), Align::Left),
        (t("口径", "Definition"), Align::Left),
        (t("统计范围", "Base"), Align::Left),
    ])
    .compact();
    // The due-soon windows the census used (census.json), for the English definition;
    // the Chinese one is census_meta's own, said with them.
    let due_soon_en = data
        .census
        .as_ref()
        .and_then(|c| c.get("due_soon_days"))
        .and_then(Value::as_array)
        .map(|w| w.iter().filter_map(Value::as_i64).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .map(|w| crate::census::due_soon_definition(&w).1);
    // The same for the summary's overdue_1y, counted with category 1's days.
    let summary_en = data
        .census
        .as_ref()
        .and_then(|c| c.get("overdue_year_days"))
        .and_then(Value::as_i64)
        .map(|d| crate::census::summary_definition(d).1);
    for meta in ["census_meta", "trend_meta"] {
        if let Some(m) = data.table(meta) {
            let name = m.strs("table");
            let def = m.strs("definition");
            let base = m.strs("base");
            for i in 0..m.height() {
                // The tables' own words are Chinese; an English report has its own.
                let en = match lang {
                    Lang::En => crate::census::TABLES_EN
                        .iter()
                        .find(|(n, _, _)| Some(*n) == name[i].as_deref()),
                    Lang::Zh => None,
                };
                tdefs.row(vec![
                    name[i]
                        .as_deref()
                        .map_or_else(String::new, |n| table_text(lang, n)),
                    match (en, &due_soon_en, &summary_en) {
                        (Some(e), Some(d), _) if e.0 == "census_due_soon" => d.clone(),
                        (Some(e), _, Some(d)) if e.0 == "census_summary" => d.clone(),
                        (Some(e), _, _) => e.1.to_string(),
                        (None, _, _) => def[i].clone().unwrap_or_default(),
                    },
                    en.map_or_else(|| base[i].clone().unwrap_or_default(), |e| e.2.to_string()),
                ]);
            }
        }
    }
    if !tdefs.is_empty() {
        html.push_str(&h3(&t("各表口径", "Table definitions")));
        html.push_str(&tdefs.render());
    }
    if let Some(m) = data.table("trend_meta") {
        if let Some(d) = m.strs("definitions").into_iter().flatten().next() {
            // The table's words are Chinese; an English report has its own, with the
            // case kinds 执行完毕率 was computed over in this run.
            let d = match lang {
                Lang::En => {
                    let kinds: Vec<String> = m
                        .strs("completion_rate_case_kinds")
                        .into_iter()
                        .flatten()
                        .next()
                        .unwrap_or_else(|| "first".to_string())
                        .split(',')
                        .map(|k| k.trim().to_string())
                        .filter(|k| !k.is_empty())
                        .collect();
                    crate::census::ratio_definitions(&kinds, true)
                }
                Lang::Zh => d,
            };
            html.push_str(&h3(&t("比率定义", "Ratio definitions")));
            html.push_str("<ul class=\"formulas\">");
            for item in d.split('；').filter(|s| !s.trim().is_empty()) {
                html.push_str(&format!("<li>{}</li>", html::esc(item.trim())));
            }
            html.push_str("</ul>\n");
        }
        if let Some(n) = m
            .strs("notes")
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
        {
            html.push_str(&note(&notes_text(lang, &n)));
        }
    }
    html.push_str(&note(&t(
        "比率分母为零时无定义，记为“—”；百分比保留两位小数、金额以万元保留两位小数，均四舍五入（远离零）；计算使用未经舍入的数。",
        "A ratio with a zero denominator is undefined (—); percentages and amounts (10k yuan) are \
         rounded half away from zero to two decimals when shown; figures are computed unrounded.",
    )));
    Ok(Section::new("method", t("方法说明", "Method notes"), html))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header-byte warnings of ingest read in Chinese in the report (they were left in
    /// English): the column and row, and what became of the column.
    #[test]
    fn header_byte_warnings_are_said_in_chinese() {
        let untrusted = "an amount column not read: the header cell in column J (row 1) holds bytes \
                         that are not text in the file's encoding (0xffff); read without them it is \
                         \"申请执行标的（元）\", which maps to claim_fen, but the bytes may have \
                         been its unit";
        let zh = header_bytes_zh(untrusted).unwrap();
        assert!(
            zh.contains("第1行J列") && zh.contains("申请执行标的（元）") && zh.contains("未读入"),
            "{zh}"
        );
        let maps = "the header cell in column M (row 3) holds bytes that are not text in the \
                    file's encoding (0xff): read as \"案件状态\" without them, which maps to \
                    status; check that this is the column meant";
        let zh = header_bytes_zh(maps).unwrap();
        assert!(
            zh.contains("第3行M列") && zh.contains("案件状态") && zh.contains("对应"),
            "{zh}"
        );
        let none = "the header cell in column B (row 2) holds bytes that are not text in the \
                    file's encoding (0x41dc): no name can be read from it, so the column is not read";
        assert!(header_bytes_zh(none).unwrap().contains("无法读出列名"));
        assert_eq!(header_bytes_zh("something else"), None);
    }

    #[test]
    fn closures_without_a_date_are_said_in_chinese() {
        let en = format!("8{}", crate::census::trend::UNDATED_CLOSURES_NOTE);
        let zh = notes_text(Lang::Zh, &en);
        assert!(zh.starts_with("8件已结案件无结案日期"), "{zh}");
        assert!(zh.contains("按导出日期"), "{zh}");
    }

    /// t-missing-pending-nonbacklog-dropped-from-goal4: the note on cases pending at the
    /// census, not in its backlog, and in no end export is said in Chinese, beside the one
    /// on missing backlog cases.
    #[test]
    fn missing_pending_cases_outside_the_backlog_are_said_in_chinese() {
        let en = format!("2{}", crate::evaluate::MISSING_OPEN_CASES);
        let zh = notes_text(Lang::Zh, &en);
        assert!(zh.starts_with("2件普查日未结但尚未成为积案"), "{zh}");
        assert!(zh.contains("目标4b、N4和活动期间收结"), "{zh}");
        let backlog = format!("3{}", crate::evaluate::MISSING_CASES);
        assert!(notes_text(Lang::Zh, &backlog).starts_with("3件基线积案"));
    }

    /// t-enforcement-resumed-of-missing-case: the note on baseline cases in no end export
    /// that a 执恢 case resumes is said in Chinese.
    #[test]
    fn resumed_cases_not_listed_at_the_end_are_said_in_chinese() {
        let en = format!("2{}", crate::evaluate::RESUMED_NOT_LISTED);
        let zh = notes_text(Lang::Zh, &en);
        assert!(
            zh.starts_with("2件基线案件在期末各导出中均未找到，但期末有执恢案件"),
            "{zh}"
        );
    }

    /// h-sheet-at-excel-row-limit: the warning of a sheet filled to its format's last row
    /// is said in Chinese in the Chinese report, naming the row, the format and its limit.
    #[test]
    fn a_sheet_at_its_formats_last_row_is_said_in_chinese() {
        let en = crate::ingest::row_limit_warning(65_536, "Excel 97-2003", "xls");
        let zh = warning_text(Lang::Zh, &en);
        assert!(
            zh.starts_with(
                "导出不完整：该表的数据直到第65536行，即xls工作表的最后一行（Excel 97-2003的行数上限）"
            ),
            "{zh}"
        );
    }

    /// h-csv-cut-at-excel-row-limit: the warning of a CSV of exactly Excel's row count is
    /// said in Chinese in the Chinese report, naming the row and the program.
    #[test]
    fn a_csv_at_excels_last_row_is_said_in_chinese() {
        let en = crate::ingest::row_limit_warning(1_048_576, "Excel", "csv");
        let zh = warning_text(Lang::Zh, &en);
        assert!(
            zh.starts_with(
                "导出不完整：该csv文件的数据直到第1048576行，即用Excel打开时所能保留的最后一行（Excel的行数上限）"
            ),
            "{zh}"
        );
    }

    /// e-impossible-closure-date-drops-baseline-case: the note on baseline cases closed on a
    /// date before their filing is said in Chinese, naming each case and its dates.
    #[test]
    fn the_closed_before_filing_note_is_said_in_chinese() {
        let en = crate::evaluate::closed_before_filing_note(&[
            "（2024）浙0603执2号 结案日期 2024-01-01 < 立案日期 2024-03-02".to_string(),
            "（2024）浙0603执5号 结案日期 2023-12-01 < 立案日期 2024-03-05".to_string(),
        ]);
        assert!(!en.contains('；'), "notes are joined by ；: {en}");
        let zh = notes_text(Lang::Zh, &en);
        assert!(
            zh.starts_with("2件基线积案在期末快照中的结案日期早于其立案日期"),
            "{zh}"
        );
        assert!(
            zh.ends_with(
                "2024-03-02、（2024）浙0603执5号 结案日期 2023-12-01 < 立案日期 2024-03-05"
            ),
            "{zh}"
        );
    }

    /// p-eval-matches-other-case: the note on a baseline court the end run has no case of
    /// is said in Chinese in the Chinese report and workbook.
    #[test]
    fn the_court_not_in_the_end_run_note_is_said_in_chinese() {
        let en = crate::evaluate::court_not_in_end_note("浙0602", 12);
        assert!(!en.contains('；'), "notes are joined by ；: {en}");
        let zh = notes_text(Lang::Zh, &en);
        assert!(
            zh.starts_with("期末运行中没有基线法院浙0602的任何案件（该院基线积案12件）"),
            "{zh}"
        );
    }

    /// t-rules-differ-note-english: the evaluation's note that the baseline and the end run
    /// were classified under different rules was English in the Chinese report; it is said
    /// in Chinese, the rule files keeping their paths.
    #[test]
    fn the_rules_differ_note_is_said_in_chinese() {
        let en = crate::evaluate::rules_differ_note(&[
            "法定期限 (statutory period, months): baseline 3, end 6".to_string(),
            "closure-methods.toml: baseline /a/rulesA/closure-methods.toml, end (built-in) \
             closure-methods.toml"
                .to_string(),
        ]);
        assert!(!en.contains('；'), "notes are joined by ；: {en}");
        let zh = notes_text(
            Lang::Zh,
            &format!("{en}；{}", crate::evaluate::goals::NOTHING_PENDING),
        );
        assert_eq!(
            zh.split("；活动开始时").next(),
            Some(
                "基线与期末快照是按不同的规则或表头配置分类的（规则不一致），基线积案与期末积案的认定标准\
                 不同：法定期限（月）：基线为3，期末为6；closure-methods.toml：基线为\
                 /a/rulesA/closure-methods.toml，期末为（内置）closure-methods.toml；\
                 两端须用同一规则文件夹和表头配置文件夹运行，数字才可比较"
            ),
            "{zh}"
        );
    }

    /// d-eval-late-closures-note-english: the evaluation's note on an end export whose
    /// first closure comes well after the campaign's start was English in the Chinese
    /// report and workbook; it is said in Chinese, as a possibility (a small court may have
    /// closed nothing in those weeks), and the other notes beside it are kept.
    #[test]
    fn the_late_closures_note_is_said_in_chinese_as_a_possibility() {
        let en = crate::evaluate::goals::late_closures_note("2026-03-01");
        assert!(!en.contains('；'), "notes are joined by ；: {en}");
        let joined = format!("{en}；case kind \"x\" is not a known kind and is excluded");
        let zh = notes_text(Lang::Zh, &joined);
        assert!(
            zh.starts_with("期末导出中最早的结案日期为2026-03-01，"),
            "{zh}"
        );
        assert!(zh.contains("可能") && zh.contains("确无结案"), "{zh}");
        assert!(zh.contains("案件类型x不是已知类型"), "{zh}");
        assert!(!zh.is_ascii() && !zh.contains("closed cases"), "{zh}");
        let same = notes_text(Lang::En, &en);
        assert_eq!(same, en);
        assert!(
            en.contains("may list closed cases only from that day"),
            "{en}"
        );
    }

    /// The figures of a text, in order.
    fn numbers(s: &str) -> Vec<i64> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().unwrap())
            .collect()
    }

    /// z-quality-read-equals-written-plus-rejected: "读入 4 行（数据行 3），写入…3 行，整行拒收
    /// 0 行 …（读入 = 写入 + 拒收）" stated an identity its figures broke; the header, title
    /// and footer rows are shown, and the figures printed add up as the line says.
    #[test]
    fn rows_read_are_shown_as_the_sum_the_line_states() {
        let m = serde_json::json!({
            "totals": {"rows_read": 10, "data_rows": 6, "rows_written": 5, "rows_rejected": 1,
                       "header_rows": 2, "blank_rows": 1, "skipped_rows": 1, "reconciles": true},
            "rejects": {"field_rejects": 7},
        });
        for lang in [Lang::Zh, Lang::En] {
            let line = rows_line(lang, &m);
            let n = numbers(&line);
            let [read, data, written, rejected, header, blank, skipped, field] = n[..8] else {
                panic!("{line}")
            };
            assert_eq!(
                (read, data, written, rejected, header, blank, skipped, field),
                (10, 6, 5, 1, 2, 1, 1, 7),
                "{line}"
            );
            assert_eq!(
                read,
                written + rejected + header + blank + skipped,
                "{line}"
            );
            assert_eq!(data, written + rejected);
        }
        let zh = rows_line(Lang::Zh, &m);
        assert!(
            zh.contains("读入 = 写入 + 拒收 + 表头及以上 + 空行 + 跳过的非数据行"),
            "{zh}"
        );
        assert!(!zh.contains("读入 = 写入 + 拒收）"), "{zh}");
        let en = rows_line(Lang::En, &m);
        assert!(
            en.contains("read = written + rejected + header rows + blank + skipped"),
            "{en}"
        );
    }

    #[test]
    fn a_files_non_data_rows_are_its_header_blank_and_skipped_rows() {
        let sheets = serde_json::json!([
            {"rows_read": 8, "header_rows": 3, "blank_rows": 1, "skipped": {"total": 1, "footer": 2}},
            {"rows_read": 2, "header_rows": 1, "blank_rows": 0, "skipped": {}},
        ]);
        assert_eq!(non_data_rows(sheets.as_array().unwrap()), 8);
    }

    /// Red-team round 27 (a-english-notes-in-zh-report): the trend's notes were English
    /// in the Chinese report and workbook, with a command-line flag in them.
    #[test]
    fn trend_notes_read_in_chinese() {
        let notes = "the earliest closure in the data is 2025-03-10; exports list closed cases \
                     only since a window start, so B, N and D before it are probably incomplete \
                     (choose --from on or after it)；3 cases have inconsistent dates (see \
                     trend_case_anomalies.parquet)；--to 2026-01-01 is after the as-of date \
                     2025-12-31; the trend ends at 2025-12-31；a note from a newer version";
        let zh = notes_text(Lang::Zh, notes);
        assert_eq!(
            zh,
            "数据中最早的结案日期为2025-03-10；导出的已结案件可能只从某日起列出，此前各期的旧存、新收、\
             已结可能不全（可从该日起统计）；3件案件的日期不一致，见“日期异常案件”表；\
             统计截止日2026-01-01晚于统计日2025-12-31，收结存统计至2025-12-31；a note from a newer version"
        );
        assert_eq!(notes_text(Lang::En, notes), notes);
    }

    #[test]
    fn dedup_rules_and_fields_read_in_chinese() {
        assert_eq!(dedup_rule_text(Lang::Zh, "larger value wins"), "取较大值");
        assert_eq!(
            dedup_rule_text(Lang::En, "larger value wins"),
            "larger value wins"
        );
        // A rule this table does not know shows as it is rather than wrongly.
        assert_eq!(dedup_rule_text(Lang::Zh, "a new rule"), "a new rule");
        for (en, zh) in DEDUP_RULES_ZH {
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{en}: {zh}");
        }
        assert_eq!(field_text(Lang::Zh, "claim_fen"), "申请执行标的");
        assert_eq!(field_text(Lang::Zh, "reason"), "未结/终本/中止原因");
        // Not an ingest field: the label `caseflow sql --schema` gives it.
        assert_eq!(field_text(Lang::Zh, "case_no_valid"), "案号有效");
        assert_eq!(field_text(Lang::Zh, "no_such_field"), "no_such_field");
        assert_eq!(field_text(Lang::En, "claim_fen"), "claim_fen");
        assert_eq!(table_kind_text(Lang::Zh, "petitions"), "信访登记");
        assert_eq!(table_kind_text(Lang::En, "petitions"), "Petitions");
        assert_eq!(table_text(Lang::Zh, "census_summary"), "积案汇总");
        assert_eq!(table_text(Lang::En, "census_summary"), "census_summary");
    }
}
