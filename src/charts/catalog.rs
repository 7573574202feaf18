//! The seven charts of the report, each from plain data the report reads out of one
//! metric table, with Chinese (default) or English wording.
//!
//! Choices a reader would otherwise question:
//! - received (新收) and closed (结案) are bars on the left axis, pending at the end of the
//!   period (期末未结) a line on its own right axis: pending is a stock ten times the
//!   monthly flows, and on one axis the flows would be flat stripes;
//! - the clearance ratio (结收比) is drawn with the 100 % line, the level at which the
//!   backlog stops growing (campaign goal 4); a month without receipts has no ratio and
//!   breaks the line instead of dropping to 0;
//! - the categories chart says in its subtitle that a case may be in several categories,
//!   with the total counted once and the plain sum, so nobody adds the bars up;
//! - the Pareto's cumulative line is on a fixed 0–100 % axis with the 80 % line;
//! - the officer scorecard stacks backlog on the other pending cases, so the bar length
//!   is the officer's whole caseload and the dark part what the campaign is about.

use super::draw::{
    Axis, BarSeries, CategoryChart, LineSeries, Reference, ValueFormat, BLUE, GRAY, LIGHT_BLUE,
    NAVY, ORANGE, RED,
};
use crate::report::Lang;

fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn empty(lang: Lang) -> String {
    tr(
        lang,
        "本次运行没有可画的数据",
        "No data to draw in this run",
    )
}

fn some(v: &[i64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x as f64)).collect()
}

/// One period of the trend.
#[derive(Debug, Clone)]
pub struct FlowPoint {
    pub label: String,
    pub received: i64,
    pub closed: i64,
    pub pending_end: i64,
    pub clearance_rate: Option<f64>,
}

/// Received vs closed per period, pending at the end as a line on the right axis.
pub fn flows(lang: Lang, points: &[FlowPoint], note: Option<String>) -> CategoryChart {
    CategoryChart {
        title: tr(
            lang,
            "收结存趋势：新收、结案与期末未结",
            "Received, closed and pending",
        ),
        note,
        categories: points.iter().map(|p| p.label.clone()).collect(),
        bars: vec![
            BarSeries {
                name: tr(lang, "新收", "Received"),
                color: BLUE,
                values: some(&points.iter().map(|p| p.received).collect::<Vec<_>>()),
            },
            BarSeries {
                name: tr(lang, "结案", "Closed"),
                color: ORANGE,
                values: some(&points.iter().map(|p| p.closed).collect::<Vec<_>>()),
            },
        ],
        stacked: false,
        horizontal: false,
        value_axis: Axis {
            title: tr(lang, "新收、结案（件）", "Received, closed (cases)"),
            format: ValueFormat::Count,
        },
        bar_labels: true,
        line: Some(LineSeries {
            name: tr(lang, "期末未结（右轴）", "Pending at end (right axis)"),
            color: GRAY,
            values: some(&points.iter().map(|p| p.pending_end).collect::<Vec<_>>()),
            value_labels: false,
        }),
        value_axis_lines: Vec::new(),
        line_axis: Some(Axis {
            title: tr(lang, "期末未结（件）", "Pending (cases)"),
            format: ValueFormat::Count,
        }),
        line_axis_to_100: false,
        reference: None,
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// Clearance ratio (结收比 = 100·D/N) per period with the 100 % line.
pub fn clearance(lang: Lang, points: &[FlowPoint], note: Option<String>) -> CategoryChart {
    CategoryChart {
        title: tr(
            lang,
            "结收比（结案数 ÷ 新收数）",
            "Clearance rate (closed ÷ received)",
        ),
        note,
        categories: points.iter().map(|p| p.label.clone()).collect(),
        bars: Vec::new(),
        stacked: false,
        horizontal: false,
        value_axis: Axis {
            title: tr(lang, "结收比", "Clearance rate"),
            format: ValueFormat::Percent,
        },
        bar_labels: false,
        line: Some(LineSeries {
            name: tr(lang, "结收比", "Clearance rate"),
            color: BLUE,
            values: points.iter().map(|p| p.clearance_rate).collect(),
            value_labels: points.len() <= 18,
        }),
        value_axis_lines: Vec::new(),
        line_axis: None,
        line_axis_to_100: false,
        reference: Some(Reference {
            value: 100.0,
            label: tr(
                lang,
                "100%：结案与新收持平",
                "100%: closures keep up with receipts",
            ),
        }),
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// One bar of a category chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

/// Backlog cases per priority category (七类重点案件), overlap said in the subtitle.
pub fn categories(lang: Lang, bars: &[Bar], distinct: i64, summed: i64) -> CategoryChart {
    let note = tr(
        lang,
        &format!(
            "一案可同属多类：七类合计 {distinct} 件（一案只计一次），逐类相加 {summed} 件，各类不可相加"
        ),
        &format!(
            "A case may be in several categories: {distinct} cases in at least one (counted once); \
             the bars add up to {summed}"
        ),
    );
    CategoryChart {
        title: tr(
            lang,
            "七类重点积案件数",
            "Backlog cases by priority category",
        ),
        note: Some(note),
        categories: bars.iter().map(|b| b.label.clone()).collect(),
        bars: vec![BarSeries {
            name: tr(lang, "积案件数", "Backlog cases"),
            color: BLUE,
            values: bars.iter().map(|b| Some(b.value)).collect(),
        }],
        stacked: false,
        horizontal: true,
        value_axis: Axis {
            title: tr(lang, "积案（件）", "Backlog cases"),
            format: ValueFormat::Count,
        },
        bar_labels: true,
        line: None,
        value_axis_lines: Vec::new(),
        line_axis: None,
        line_axis_to_100: false,
        reference: None,
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// One category's amount, in 万元: None when the claim of every one of its cases is
/// unknown (the census's `outstanding_fen` is null then, not 0).
#[derive(Debug, Clone)]
pub struct AmountBar {
    pub label: String,
    pub value: Option<f64>,
}

/// Outstanding amounts (未执行到位金额) of the backlog per category, in 万元. A category
/// whose amount is unknown has no bar, and says so (标的额不详).
pub fn amounts(lang: Lang, bars: &[AmountBar]) -> CategoryChart {
    CategoryChart {
        title: tr(
            lang,
            "七类重点积案未执行到位金额",
            "Amounts outstanding in the backlog by category",
        ),
        note: Some(tr(
            lang,
            "未执行到位金额 = 申请执行标的 − 已执行到位金额；一案多类时在各类中分别计入",
            "Outstanding = amount claimed − amount recovered; a case in several categories counts in each",
        )),
        categories: bars.iter().map(|b| b.label.clone()).collect(),
        bars: vec![BarSeries {
            name: tr(lang, "未执行到位金额", "Outstanding"),
            color: ORANGE,
            values: bars.iter().map(|b| b.value).collect(),
        }],
        stacked: false,
        horizontal: true,
        value_axis: Axis {
            title: tr(lang, "万元", "10,000 yuan (万元)"),
            format: ValueFormat::Amount,
        },
        bar_labels: true,
        line: None,
        value_axis_lines: Vec::new(),
        line_axis: None,
        line_axis_to_100: false,
        reference: None,
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: Some(tr(lang, "标的额不详", "claim unknown")),
    }
}

/// One cause of the Pareto.
#[derive(Debug, Clone)]
pub struct Cause {
    pub label: String,
    pub cases: i64,
    pub cumulative_share: Option<f64>,
}

/// Root causes (原因和症结) of the backlog, most frequent first, with the cumulative share.
pub fn pareto(lang: Lang, causes: &[Cause]) -> CategoryChart {
    CategoryChart {
        title: tr(
            lang,
            "积案原因帕累托图",
            "Root causes of the backlog (Pareto)",
        ),
        note: Some(tr(
            lang,
            "一案可有多个原因：柱为涉及该原因的积案件数，折线为按原因次数计的累计占比",
            "A case may have several causes: bars count the backlog cases with the cause; \
             the line is the cumulative share of mentions",
        )),
        categories: causes.iter().map(|c| c.label.clone()).collect(),
        bars: vec![BarSeries {
            name: tr(lang, "积案件数", "Backlog cases"),
            color: BLUE,
            values: causes.iter().map(|c| Some(c.cases as f64)).collect(),
        }],
        stacked: false,
        horizontal: false,
        value_axis: Axis {
            title: tr(lang, "积案（件）", "Backlog cases"),
            format: ValueFormat::Count,
        },
        bar_labels: true,
        line: Some(LineSeries {
            name: tr(lang, "累计占比（右轴）", "Cumulative share (right axis)"),
            color: ORANGE,
            values: causes.iter().map(|c| c.cumulative_share).collect(),
            value_labels: false,
        }),
        value_axis_lines: Vec::new(),
        line_axis: Some(Axis {
            title: tr(lang, "累计占比", "Cumulative share"),
            format: ValueFormat::Percent,
        }),
        line_axis_to_100: true,
        reference: Some(Reference {
            value: 80.0,
            label: "80%".to_string(),
        }),
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// One age band.
#[derive(Debug, Clone)]
pub struct Band {
    pub label: String,
    pub backlog: i64,
    pub pending: i64,
}

/// Pending cases per age band, the backlog part stacked under the rest.
pub fn aging(lang: Lang, bands: &[Band]) -> CategoryChart {
    CategoryChart {
        title: tr(lang, "未结案件案龄分布", "Age of pending cases"),
        note: Some(tr(
            lang,
            "案龄 = 统计日 − 立案日 − 扣除期间，按整月分段；柱高为未结案件数，标注为“积案 / 未结”",
            "Age = as-of date − filing date − deducted periods, in whole months; bars are pending cases, labelled backlog / pending",
        )),
        categories: bands.iter().map(|b| b.label.clone()).collect(),
        bars: vec![
            BarSeries {
                name: tr(lang, "积案", "Backlog"),
                color: RED,
                values: bands.iter().map(|b| Some(b.backlog as f64)).collect(),
            },
            BarSeries {
                name: tr(lang, "其他未结", "Other pending"),
                color: LIGHT_BLUE,
                values: bands
                    .iter()
                    .map(|b| Some((b.pending - b.backlog).max(0) as f64))
                    .collect(),
            },
        ],
        stacked: true,
        horizontal: false,
        value_axis: Axis {
            title: tr(lang, "未结（件）", "Pending cases"),
            format: ValueFormat::Count,
        },
        bar_labels: true,
        line: None,
        value_axis_lines: Vec::new(),
        line_axis: None,
        line_axis_to_100: false,
        reference: None,
        stack_label_first: true,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// One officer (承办人) of the scorecard.
#[derive(Debug, Clone)]
pub struct Officer {
    pub label: String,
    pub pending: i64,
    pub backlog: i64,
}

/// Officers with the most backlog cases first (at most `limit`): backlog stacked on the
/// other pending cases.
pub fn officers(lang: Lang, officers: &[Officer], total: usize, limit: usize) -> CategoryChart {
    let shown = officers.len().min(limit);
    let title = if total > shown {
        tr(
            lang,
            &format!("承办人积案排名（前{shown}名，共{total}人）"),
            &format!("Officers by backlog (top {shown} of {total})"),
        )
    } else {
        tr(lang, "承办人积案情况", "Backlog by officer")
    };
    let list = &officers[..shown];
    CategoryChart {
        title,
        note: Some(tr(
            lang,
            "条长为该承办人全部未结案件，深色部分为其中的积案；标注为“积案 / 未结”",
            "Bar length is the officer's pending cases, the dark part backlog; labelled backlog / pending",
        )),
        categories: list.iter().map(|o| o.label.clone()).collect(),
        bars: vec![
            BarSeries {
                name: tr(lang, "积案", "Backlog"),
                color: RED,
                values: list.iter().map(|o| Some(o.backlog as f64)).collect(),
            },
            BarSeries {
                name: tr(lang, "其他未结", "Other pending"),
                color: LIGHT_BLUE,
                values: list
                    .iter()
                    .map(|o| Some((o.pending - o.backlog).max(0) as f64))
                    .collect(),
            },
        ],
        stacked: true,
        horizontal: true,
        value_axis: Axis {
            title: tr(lang, "未结（件）", "Pending cases"),
            format: ValueFormat::Count,
        },
        bar_labels: true,
        line: None,
        value_axis_lines: Vec::new(),
        line_axis: None,
        line_axis_to_100: false,
        reference: None,
        stack_label_first: true,
        empty_text: empty(lang),
        unknown_text: None,
    }
}

/// One month of the projection chart: pending and backlog as history or projection.
#[derive(Debug, Clone)]
pub struct ProjectionPoint {
    pub label: String,
    pub projected: bool,
    pub pending: f64,
    pub pending_low: f64,
    pub pending_high: f64,
    pub backlog: Option<f64>,
}

/// Pending per month: history as dark blue bars; the projection as its central path (a
/// blue line, starting from the last actual month) over its band drawn as a band, a grey
/// bar floating from the lower to the upper limit; the backlog as an orange line on the
/// same axis. A bar from zero to the lower limit, coloured like a forecast, was read as
/// the forecast (w-projection-chart-no-central): the most optimistic end of the band.
pub fn projection(lang: Lang, points: &[ProjectionPoint], note: Option<String>) -> CategoryChart {
    let hist: Vec<Option<f64>> = points
        .iter()
        .map(|p| (!p.projected).then_some(p.pending))
        .collect();
    let low: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.projected.then_some(p.pending_low))
        .collect();
    let band: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.projected.then_some(p.pending_high - p.pending_low))
        .collect();
    let last_actual = points.iter().rposition(|p| !p.projected);
    let central: Vec<Option<f64>> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (p.projected || Some(i) == last_actual).then_some(p.pending))
        .collect();
    CategoryChart {
        title: tr(
            lang,
            "未结与积案：实际（深色柱）与预测（蓝线为中值，灰色为区间）",
            "Pending and backlog: actual (dark bars) and projected (blue line: central; grey: band)",
        ),
        note,
        categories: points.iter().map(|p| p.label.clone()).collect(),
        bars: vec![
            BarSeries {
                // Dark, as the legend and caption say: the central projection's line
                // is the blue, and history in the same blue read as forecast.
                name: tr(lang, "实际未结", "Pending (actual)"),
                color: NAVY,
                values: hist,
            },
            // Not drawn: lifts the band to its lower limit.
            BarSeries {
                name: String::new(),
                color: LIGHT_BLUE,
                values: low,
            },
            BarSeries {
                name: tr(lang, "预测未结区间（下限至上限）", "Pending projected: band (low to high)"),
                color: GRAY,
                values: band,
            },
        ],
        value_axis_lines: vec![LineSeries {
            name: tr(lang, "预测未结（中值）", "Pending projected (central)"),
            color: BLUE,
            values: central,
            value_labels: false,
        }],
        stacked: true,
        horizontal: false,
        value_axis: Axis {
            title: tr(lang, "案件（件）", "Cases"),
            format: ValueFormat::Count,
        },
        bar_labels: false,
        line: Some(LineSeries {
            name: tr(
                lang,
                "积案（实际或预测中值）",
                "Backlog (actual or central projection)",
            ),
            color: ORANGE,
            values: points.iter().map(|p| p.backlog).collect(),
            value_labels: false,
        }),
        line_axis: None,
        line_axis_to_100: false,
        reference: None,
        stack_label_first: false,
        empty_text: empty(lang),
        unknown_text: None,
    }
}
