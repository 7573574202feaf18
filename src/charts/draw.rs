//! One chart shape — values per category, as bars and/or a line — laid out in pixels and
//! drawn with plotters' primitives onto any backend (the PNG buffer and the SVG text).
//!
//! Why not plotters' `ChartBuilder` mesh: its axis labels are placed at "nice" key points
//! of a numeric range, which do not line up with categories (months, causes, officers),
//! and it cannot wrap a long Chinese label (受地方和部门保护主义干扰及各种非法干预未能执行) or shorten a
//! crowded month axis. Every chart of the report is "a value per category", so one small
//! layout that measures its labels with the loaded font and places everything itself
//! gives all seven charts the same look and keeps the output deterministic (integer
//! pixel coordinates, no clock, no randomness).
//!
//! Text in the PNG is rasterised here, glyph by glyph, with ab_glyph: plotters 0.3.7's
//! ab_glyph text path drops each glyph's left side bearing, which opens visible gaps after
//! narrow glyphs ("1 2个月", "373.1 7") and around full-width punctuation. In the SVG, text
//! stays a `<text>` element laid out by the viewer. Both measure text with the same
//! advances, so the layout is the same.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FAMILY;
use crate::report::format::{decimals, fixed2, group_thousands};

/// Pixel size of every chart (PNG and SVG): 16:9-ish, sharp when scaled to the width of an
/// A4 page.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 700;

const MARGIN: i32 = 24;
const TITLE_SIZE: f64 = 30.0;
const NOTE_SIZE: f64 = 18.0;
const LEGEND_SIZE: f64 = 17.0;
const TICK_SIZE: f64 = 16.0;
const LABEL_SIZE: f64 = 16.0;
const VALUE_SIZE: f64 = 14.0;
const AXIS_TITLE_SIZE: f64 = 17.0;

pub const INK: RGBColor = RGBColor(0x26, 0x26, 0x26);
pub const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// Palette (the Office colours court staff know from their own Excel charts).
pub const BLUE: RGBColor = RGBColor(0x44, 0x72, 0xC4);
pub const ORANGE: RGBColor = RGBColor(0xED, 0x7D, 0x31);
pub const GRAY: RGBColor = RGBColor(0xA5, 0xA5, 0xA5);
pub const GOLD: RGBColor = RGBColor(0xE0, 0xA8, 0x00);
pub const RED: RGBColor = RGBColor(0xC0, 0x00, 0x00);
pub const GREEN: RGBColor = RGBColor(0x54, 0x8C, 0x35);
pub const LIGHT_BLUE: RGBColor = RGBColor(0x9D, 0xC3, 0xE6);
/// Dark blue: what actually happened, beside the blue of a projection
pub const NAVY: RGBColor = RGBColor(0x1F, 0x38, 0x64);

/// How the numbers of an axis and of the value labels are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// Whole cases, with thousands separators.
    Count,
    /// A percentage (value already × 100), two decimals on labels.
    Percent,
    /// An amount already converted to 万元 (or 10k yuan), two decimals on labels.
    Amount,
}

#[derive(Debug, Clone)]
pub struct Axis {
    pub title: String,
    pub format: ValueFormat,
}

#[derive(Debug, Clone)]
pub struct BarSeries {
    /// Legend text. An empty name makes the series a spacer: it lifts the next stacked
    /// series (a band floating from its low to its high) and is neither drawn nor listed.
    pub name: String,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone)]
pub struct LineSeries {
    pub name: String,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
    /// Write each point's value above it.
    pub value_labels: bool,
}

/// A horizontal dashed line at a value of the line's axis (the 100 % of 结收比).
#[derive(Debug, Clone)]
pub struct Reference {
    pub value: f64,
    pub label: String,
}

/// Values per category: bars (grouped or stacked), optionally a line on its own axis.
#[derive(Debug, Clone)]
pub struct CategoryChart {
    pub title: String,
    /// One line under the title (the overlap of the categories, a filter, a unit).
    pub note: Option<String>,
    pub categories: Vec<String>,
    pub bars: Vec<BarSeries>,
    pub stacked: bool,
    /// Categories down the left side, bars growing to the right (long labels).
    pub horizontal: bool,
    pub value_axis: Axis,
    /// Write each bar's value at its end.
    pub bar_labels: bool,
    pub line: Option<LineSeries>,
    /// More lines on the value axis (a projection's central path over its band).
    pub value_axis_lines: Vec<LineSeries>,
    /// The line's own axis on the right; None: the line uses the value axis.
    pub line_axis: Option<Axis>,
    /// Fix the line axis to 0–100 (a cumulative share).
    pub line_axis_to_100: bool,
    pub reference: Option<Reference>,
    /// Label a stacked bar "first / total" (backlog / pending) instead of the total.
    pub stack_label_first: bool,
    /// Shown in the middle when there is nothing to draw.
    pub empty_text: String,
    /// Written where a bar's value is unknown (None) in a horizontal chart of one series,
    /// in place of the bar and its label: an amount whose every case's claim is unknown is
    /// not 0 (金额不详), and a bar of 0 would say it is. None: nothing is written.
    pub unknown_text: Option<String>,
}

type DrawResult<T> = std::result::Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// How a piece of text is set: size, colour, weight, anchor, rotation.
#[derive(Clone, Copy)]
struct Ts {
    size: f64,
    color: RGBColor,
    bold: bool,
    h: HPos,
    v: VPos,
    /// Rotated a quarter turn: clockwise (reads top to bottom) or counter-clockwise.
    rot: Rot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rot {
    None,
    Cw,
    Ccw,
}

impl Ts {
    fn new(size: f64, color: RGBColor) -> Ts {
        Ts {
            size,
            color,
            bold: false,
            h: HPos::Left,
            v: VPos::Top,
            rot: Rot::None,
        }
    }

    fn at(mut self, h: HPos, v: VPos) -> Ts {
        self.h = h;
        self.v = v;
        self
    }

    fn bold(mut self) -> Ts {
        self.bold = true;
        self
    }

    fn rotated(mut self, r: Rot) -> Ts {
        self.rot = r;
        self
    }
}

/// Draws text and measures it, the same way for both outputs.
pub struct Painter {
    font: FontRef<'static>,
    /// Rasterise text here (PNG); otherwise emit plotters text elements (SVG).
    raster: bool,
}

impl Painter {
    pub fn new(font: FontRef<'static>, raster: bool) -> Painter {
        Painter { font, raster }
    }

    /// Advance width of `text` at `size` pixels, kerning included.
    fn width(&self, text: &str, size: f64) -> i32 {
        let sf = self.font.as_scaled(PxScale::from(size as f32));
        let mut w = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                w += sf.kern(p, id);
            }
            w += sf.h_advance(id);
            prev = Some(id);
        }
        w.ceil() as i32
    }

    fn text<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        text: &str,
        (x, y): (i32, i32),
        ts: Ts,
    ) -> DrawResult<()> {
        if text.is_empty() {
            return Ok(());
        }
        if !self.raster {
            let font = if ts.bold {
                (FAMILY, ts.size, FontStyle::Bold).into_font()
            } else {
                (FAMILY, ts.size).into_font()
            };
            let style = TextStyle::from(font)
                .color(&ts.color)
                .pos(Pos::new(ts.h, ts.v))
                .transform(match ts.rot {
                    Rot::None => FontTransform::None,
                    Rot::Cw => FontTransform::Rotate90,
                    Rot::Ccw => FontTransform::Rotate270,
                });
            return root
                // plotters escapes markup; characters XML forbids are replaced here, so a
                // label typed with a control character cannot break the SVG.
                .draw(&Text::new(
                    crate::sanitize::xml_chars(text).into_owned(),
                    (x, y),
                    style,
                ))
                .map_err(err);
        }
        let sf = self.font.as_scaled(PxScale::from(ts.size as f32));
        let (ascent, descent) = (sf.ascent(), sf.descent());
        let height = ascent - descent;
        let mut pen = 0f32;
        let mut prev = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                pen += sf.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(sf.scale(), point(pen, ascent)));
            pen += sf.h_advance(id);
            prev = Some(id);
        }
        let dx = match ts.h {
            HPos::Left => 0.0,
            HPos::Center => -pen / 2.0,
            HPos::Right => -pen,
        }
        .round() as i32;
        let dy = match ts.v {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        }
        .round() as i32;
        // Coverage per pixel, text-local coordinates; a glyph's own bounds place it, so
        // its side bearing is kept.
        let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
        for g in glyphs {
            if let Some(o) = self.font.outline_glyph(g) {
                let b = o.px_bounds();
                let (bx, by) = (b.min.x as i32, b.min.y as i32);
                o.draw(|gx, gy, cov| {
                    if cov > 0.02 {
                        pixels.push((bx + gx as i32 + dx, by + gy as i32 + dy, cov.min(1.0)));
                    }
                });
            }
        }
        let offsets: &[i32] = if ts.bold { &[0, 1] } else { &[0] };
        for &(lx, ly, cov) in &pixels {
            for &o in offsets {
                let (tx, ty) = match ts.rot {
                    Rot::None => (lx + o, ly),
                    Rot::Cw => (-ly, lx + o),
                    Rot::Ccw => (ly, -(lx + o)),
                };
                root.draw_pixel((x + tx, y + ty), &ts.color.mix(f64::from(cov)))
                    .map_err(err)?;
            }
        }
        Ok(())
    }

    /// Breaks `text` into at most `max_lines` lines of at most `width` pixels: at `-`,
    /// `/`, spaces, `、` and parentheses where possible, else between any two characters
    /// (Chinese has no spaces); the last line is cut with `…` when the text still does not
    /// fit.
    fn wrap(&self, text: &str, size: f64, width: i32, max_lines: usize) -> Vec<String> {
        if self.width(text, size) <= width || max_lines <= 1 {
            return vec![self.fit(text, size, width)];
        }
        let chars: Vec<char> = text.chars().collect();
        let mut lines: Vec<String> = Vec::new();
        let mut start = 0;
        while start < chars.len() && lines.len() < max_lines {
            if lines.len() + 1 == max_lines {
                let rest: String = chars[start..].iter().collect();
                lines.push(self.fit(&rest, size, width));
                break;
            }
            let mut best = start + 1;
            let mut best_sep = None;
            for end in start + 1..=chars.len() {
                let s: String = chars[start..end].iter().collect();
                if self.width(&s, size) > width {
                    break;
                }
                best = end;
                if matches!(chars[end - 1], '-' | '/' | ' ' | ')' | '）' | '、')
                    || chars.get(end).is_some_and(|c| matches!(c, '(' | '（'))
                {
                    best_sep = Some(end);
                }
            }
            let end = if best == chars.len() {
                best
            } else {
                best_sep.unwrap_or(best)
            };
            let line: String = chars[start..end].iter().collect();
            lines.push(line.trim_end_matches(['-', ' ']).to_string());
            start = end;
            while chars.get(start) == Some(&' ') {
                start += 1;
            }
        }
        lines
    }

    /// `text` cut with `…` to fit `width`.
    fn fit(&self, text: &str, size: f64, width: i32) -> String {
        if self.width(text, size) <= width {
            return text.to_string();
        }
        // The longest prefix that fits with its `…`, by bisection (a prefix is never
        // narrower than a shorter one): a name of thousands of characters is measured a
        // dozen times, not once per character.
        let chars: Vec<char> = text.chars().collect();
        let cut =
            |n: usize| -> String { chars[..n].iter().chain(std::iter::once(&'…')).collect() };
        let (mut lo, mut hi) = (0, chars.len().saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.width(&cut(mid), size) <= width {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo == 0 {
            "…".to_string()
        } else {
            cut(lo)
        }
    }
}

/// A value as written on a bar or point.
pub fn value_text(v: f64, f: ValueFormat) -> String {
    match f {
        ValueFormat::Count => group_thousands(v.round() as i64),
        ValueFormat::Percent => format!("{}%", fixed2(v)),
        ValueFormat::Amount => fixed2(v),
    }
}

/// Tick label of an axis value.
fn tick_text(v: f64, f: ValueFormat) -> String {
    match f {
        ValueFormat::Count => group_thousands(v.round() as i64),
        ValueFormat::Percent => format!("{}%", trim_number(v)),
        ValueFormat::Amount => trim_number(v),
    }
}

/// A tick value without needless decimals (1,000 / 2.5 / 0.25).
fn trim_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        group_thousands(v.round() as i64)
    } else {
        let s = decimals(v, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Tick values from 0 to at least `max`: a 1–2–2.5–5 step giving about `target` ticks
/// (whole steps for counts).
pub fn nice_ticks(max: f64, target: usize, f: ValueFormat) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&s| s >= norm - 1e-12)
        .unwrap_or(10.0)
        * mag;
    if f == ValueFormat::Count {
        step = step.max(1.0).round();
    }
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|k| k as f64 * step).collect()
}

/// Thickness of one category's bars: most of the slot, but never wider than `max_bar`
/// per bar (a run with one officer should not get a bar half the chart high).
fn bar_group(chart: &CategoryChart, slot: f64, max_bar: f64) -> f64 {
    let grouped = chart.bars.len() > 1 && !chart.stacked;
    let share = if grouped { 0.8 } else { 0.62 };
    let bars = if grouped {
        chart.bars.len() as f64
    } else {
        1.0
    };
    (slot * share).min(max_bar * bars)
}

/// A value scale: maps [0, max] onto [px0, px1].
#[derive(Debug, Clone, Copy)]
struct Scale {
    max: f64,
    px0: i32,
    px1: i32,
}

impl Scale {
    fn px(&self, v: f64) -> i32 {
        let t = (v / self.max).clamp(0.0, 1.05);
        self.px0 + ((self.px1 - self.px0) as f64 * t).round() as i32
    }
}

/// Draws `chart` onto `root` (already sized [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    chart: &CategoryChart,
) -> DrawResult<()> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);

    // Title, note, legend.
    let mut y = MARGIN - 4;
    let title = pt.fit(&chart.title, TITLE_SIZE, w - 2 * MARGIN);
    pt.text(
        root,
        &title,
        (w / 2, y),
        Ts::new(TITLE_SIZE, INK).bold().at(HPos::Center, VPos::Top),
    )?;
    y += 44;
    if let Some(note) = &chart.note {
        for line in pt.wrap(note, NOTE_SIZE, w - 2 * MARGIN, 2) {
            pt.text(
                root,
                &line,
                (w / 2, y),
                Ts::new(NOTE_SIZE, MUTED).at(HPos::Center, VPos::Top),
            )?;
            y += 26;
        }
    }
    // A category whose value is unknown is still something to show when the chart says so.
    let has_data = !chart.categories.is_empty()
        && (chart.unknown_text.is_some()
            || chart
                .bars
                .iter()
                .flat_map(|b| &b.values)
                .any(|v| v.is_some())
            || chart
                .line
                .as_ref()
                .is_some_and(|l| l.values.iter().any(|v| v.is_some())));
    if !has_data {
        pt.text(
            root,
            &chart.empty_text,
            (w / 2, h / 2),
            Ts::new(22.0, MUTED).at(HPos::Center, VPos::Center),
        )?;
        return Ok(());
    }
    let legend = legend_entries(chart);
    if legend.len() > 1 || chart.reference.is_some() {
        y += 6;
        draw_legend(root, pt, &legend, y, w)?;
        y += 30;
    }
    let top = y + 14;
    if chart.horizontal {
        draw_horizontal(root, pt, chart, top, w, h)
    } else {
        draw_vertical(root, pt, chart, top, w, h)
    }
}

enum Swatch {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
}

fn legend_entries(chart: &CategoryChart) -> Vec<(String, Swatch)> {
    let mut v: Vec<(String, Swatch)> = chart
        .bars
        .iter()
        .filter(|b| !b.name.is_empty())
        .map(|b| (b.name.clone(), Swatch::Bar(b.color)))
        .collect();
    for l in chart.value_axis_lines.iter().chain(&chart.line) {
        v.push((l.name.clone(), Swatch::Line(l.color)));
    }
    if let Some(r) = &chart.reference {
        v.push((r.label.clone(), Swatch::Dashed(RED)));
    }
    v
}

fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    entries: &[(String, Swatch)],
    y: i32,
    w: i32,
) -> DrawResult<()> {
    let sw = 28;
    let gap = 28;
    let widths: Vec<i32> = entries
        .iter()
        .map(|(name, _)| sw + 8 + pt.width(name, LEGEND_SIZE))
        .collect();
    let total: i32 = widths.iter().sum::<i32>() + gap * (entries.len() as i32 - 1).max(0);
    let mut x = (w - total) / 2;
    let cy = y + 10;
    for ((name, swatch), wd) in entries.iter().zip(widths) {
        match swatch {
            Swatch::Bar(c) => {
                root.draw(&Rectangle::new([(x, cy - 8), (x + sw, cy + 8)], c.filled()))
                    .map_err(err)?;
            }
            Swatch::Line(c) => {
                root.draw(&PathElement::new(
                    vec![(x, cy), (x + sw, cy)],
                    c.stroke_width(3),
                ))
                .map_err(err)?;
                root.draw(&Circle::new((x + sw / 2, cy), 5, c.filled()))
                    .map_err(err)?;
            }
            Swatch::Dashed(c) => dashed_h(root, x, x + sw, cy, c)?,
        }
        pt.text(
            root,
            name,
            (x + sw + 8, cy),
            Ts::new(LEGEND_SIZE, INK).at(HPos::Left, VPos::Center),
        )?;
        x += wd + gap;
    }
    Ok(())
}

fn dashed_h<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    x0: i32,
    x1: i32,
    y: i32,
    c: &RGBColor,
) -> DrawResult<()> {
    let mut x = x0;
    while x < x1 {
        let e = (x + 8).min(x1);
        root.draw(&PathElement::new(vec![(x, y), (e, y)], c.stroke_width(2)))
            .map_err(err)?;
        x += 14;
    }
    Ok(())
}

fn series_max(chart: &CategoryChart) -> f64 {
    let n = chart.categories.len();
    let bar_max = if chart.stacked {
        (0..n)
            .map(|i| {
                chart
                    .bars
                    .iter()
                    .map(|b| b.values.get(i).copied().flatten().unwrap_or(0.0).max(0.0))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max)
    } else {
        chart
            .bars
            .iter()
            .flat_map(|b| b.values.iter().flatten())
            .fold(0.0f64, |a, &v| a.max(v))
    };
    let mut m = chart
        .value_axis_lines
        .iter()
        .flat_map(|l| l.values.iter().flatten())
        .fold(bar_max, |a, &v| a.max(v));
    if chart.line_axis.is_none() {
        if let Some(l) = &chart.line {
            m = l.values.iter().flatten().fold(m, |a, &v| a.max(v));
        }
        if let Some(r) = &chart.reference {
            m = m.max(r.value * 1.1);
        }
    }
    m
}

fn line_max(chart: &CategoryChart) -> f64 {
    if chart.line_axis_to_100 {
        return 100.0;
    }
    let mut m = chart
        .line
        .as_ref()
        .map(|l| l.values.iter().flatten().fold(0.0, |a: f64, &v| a.max(v)))
        .unwrap_or(0.0);
    if let Some(r) = &chart.reference {
        m = m.max(r.value * 1.1);
    }
    m
}

/// The label of a stacked bar: the total, or "first series / total" (backlog of pending).
fn stack_text(chart: &CategoryChart, i: usize, total: f64) -> String {
    let f = chart.value_axis.format;
    match chart
        .bars
        .first()
        .and_then(|b| b.values.get(i).copied().flatten())
    {
        Some(first) if chart.stack_label_first => {
            format!("{} / {}", value_text(first, f), value_text(total, f))
        }
        _ => value_text(total, f),
    }
}

fn draw_vertical<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    chart: &CategoryChart,
    top: i32,
    w: i32,
    h: i32,
) -> DrawResult<()> {
    let n = chart.categories.len() as i32;
    let ticks = nice_ticks(series_max(chart), 6, chart.value_axis.format);
    let axis_max = *ticks.last().unwrap_or(&1.0);
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&t| tick_text(t, chart.value_axis.format))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|s| pt.width(s, TICK_SIZE))
        .max()
        .unwrap_or(0);
    let left = MARGIN + 26 + tick_w + 10;

    let second = chart.line_axis.as_ref().map(|a| {
        let t = if chart.line_axis_to_100 {
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        } else {
            nice_ticks(line_max(chart), 6, a.format)
        };
        let labels: Vec<String> = t.iter().map(|&v| tick_text(v, a.format)).collect();
        (a, t, labels)
    });
    let right = match &second {
        Some((_, _, labels)) => {
            let lw = labels
                .iter()
                .map(|s| pt.width(s, TICK_SIZE))
                .max()
                .unwrap_or(0);
            w - MARGIN - 26 - lw - 10
        }
        None => w - MARGIN - 10,
    };

    // Category labels: wrapped into the slot width; thinned when a label cannot wrap.
    let slot = (right - left) as f64 / n as f64;
    let mut lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| pt.wrap(c, LABEL_SIZE, (slot - 4.0).max(8.0) as i32, 3))
        .collect();
    let every = thinning(pt, &chart.categories, slot);
    if every > 1 {
        lines = chart
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i as i32 % every == 0 {
                    vec![c.clone()]
                } else {
                    Vec::new()
                }
            })
            .collect();
    }
    let max_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let bottom = h - MARGIN - 8 - max_lines * 21;

    let yscale = Scale {
        max: axis_max,
        px0: bottom,
        px1: top,
    };
    // Grid and value axis.
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let py = yscale.px(*t);
        root.draw(&PathElement::new(
            vec![(left, py), (right, py)],
            GRID.stroke_width(1),
        ))
        .map_err(err)?;
        pt.text(
            root,
            label,
            (left - 8, py),
            Ts::new(TICK_SIZE, MUTED).at(HPos::Right, VPos::Center),
        )?;
    }
    axis_title(
        root,
        pt,
        &chart.value_axis.title,
        MARGIN + 4,
        (top + bottom) / 2,
        false,
    )?;
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        INK.stroke_width(1),
    ))
    .map_err(err)?;

    // Bars.
    let nb = chart.bars.len().max(1) as f64;
    let group = bar_group(chart, slot, 110.0);
    let bar_w = if chart.stacked { group } else { group / nb };
    let value_ts = Ts::new(VALUE_SIZE, INK).at(HPos::Center, VPos::Bottom);
    for (i, label_lines) in lines.iter().enumerate() {
        let x_center = left as f64 + slot * (i as f64 + 0.5);
        let mut base = 0.0;
        for (k, b) in chart.bars.iter().enumerate() {
            let Some(v) = b.values.get(i).copied().flatten() else {
                continue;
            };
            let x0 = if chart.stacked {
                x_center - group / 2.0
            } else {
                x_center - group / 2.0 + bar_w * k as f64
            };
            let (lo, hi) = if chart.stacked {
                (base, base + v.max(0.0))
            } else {
                (0.0, v.max(0.0))
            };
            base = hi;
            let (px0, px1) = (x0.round() as i32, (x0 + bar_w).round() as i32 - 1);
            if hi > lo && !b.name.is_empty() {
                root.draw(&Rectangle::new(
                    [(px0, yscale.px(hi)), (px1.max(px0 + 1), yscale.px(lo))],
                    b.color.filled(),
                ))
                .map_err(err)?;
            }
            let label = value_text(v, chart.value_axis.format);
            if chart.bar_labels
                && !chart.stacked
                && pt.width(&label, VALUE_SIZE) <= bar_w as i32 + 6
            {
                pt.text(root, &label, ((px0 + px1) / 2, yscale.px(hi) - 3), value_ts)?;
            }
        }
        if chart.bar_labels && chart.stacked && base > 0.0 {
            let label = stack_text(chart, i, base);
            if pt.width(&label, VALUE_SIZE) <= slot as i32 {
                pt.text(
                    root,
                    &label,
                    (x_center.round() as i32, yscale.px(base) - 3),
                    value_ts,
                )?;
            }
        }
        for (j, line) in label_lines.iter().enumerate() {
            pt.text(
                root,
                line,
                (x_center.round() as i32, bottom + 7 + j as i32 * 21),
                Ts::new(LABEL_SIZE, INK).at(HPos::Center, VPos::Top),
            )?;
        }
    }

    // The line, on its own axis or on the value axis.
    let lscale = match &second {
        Some((a, t, labels)) => {
            let s = Scale {
                max: *t.last().unwrap_or(&1.0),
                px0: bottom,
                px1: top,
            };
            for (v, label) in t.iter().zip(labels) {
                pt.text(
                    root,
                    label,
                    (right + 8, s.px(*v)),
                    Ts::new(TICK_SIZE, MUTED).at(HPos::Left, VPos::Center),
                )?;
            }
            axis_title(root, pt, &a.title, w - MARGIN - 4, (top + bottom) / 2, true)?;
            s
        }
        None => yscale,
    };
    if let Some(r) = &chart.reference {
        dashed_h(root, left, right, lscale.px(r.value), &RED)?;
    }
    for l in &chart.value_axis_lines {
        draw_line(
            root,
            pt,
            chart,
            l,
            yscale,
            chart.value_axis.format,
            left,
            slot,
        )?;
    }
    if let Some(l) = &chart.line {
        let fmt = chart
            .line_axis
            .as_ref()
            .map_or(chart.value_axis.format, |a| a.format);
        draw_line(root, pt, chart, l, lscale, fmt, left, slot)?;
    }
    Ok(())
}

/// One line over the categories: segments between defined points, a dot at each.
#[allow(clippy::too_many_arguments)]
fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    chart: &CategoryChart,
    l: &LineSeries,
    lscale: Scale,
    fmt: ValueFormat,
    left: i32,
    slot: f64,
) -> DrawResult<()> {
    let pts: Vec<Option<(i32, i32)>> = (0..chart.categories.len())
        .map(|i| {
            l.values.get(i).copied().flatten().map(|v| {
                (
                    (left as f64 + slot * (i as f64 + 0.5)).round() as i32,
                    lscale.px(v),
                )
            })
        })
        .collect();
    // Segments between consecutive defined points; an undefined value breaks the line.
    for pair in pts.windows(2) {
        if let [Some(a), Some(b)] = pair {
            root.draw(&PathElement::new(vec![*a, *b], l.color.stroke_width(3)))
                .map_err(err)?;
        }
    }
    for (i, p) in pts.iter().enumerate() {
        let Some(p) = p else { continue };
        root.draw(&Circle::new(*p, 5, l.color.filled()))
            .map_err(err)?;
        if l.value_labels {
            let v = l.values[i].unwrap_or(0.0);
            // Under the point when it is below the reference line, so the dashed
            // line never strikes through a label; but above it when there is no room
            // under it inside the plot (a 0.00% month sits on the axis, and its label
            // would cover the month's name).
            let bottom = lscale.px0.max(lscale.px1);
            let room_below = p.1 + 9 + VALUE_SIZE.ceil() as i32 <= bottom;
            let below = room_below && chart.reference.as_ref().is_some_and(|r| v < r.value);
            let ts = Ts::new(VALUE_SIZE, l.color);
            let (pos, ts) = if below {
                ((p.0, p.1 + 9), ts.at(HPos::Center, VPos::Top))
            } else {
                ((p.0, p.1 - 9), ts.at(HPos::Center, VPos::Bottom))
            };
            pt.text(root, &value_text(v, fmt), pos, ts)?;
        }
    }
    Ok(())
}

/// Show every k-th category label on a long period axis (60 months do not fit 60
/// labels): k such that one label fits in k slots. Only period labels (`2025-01`,
/// `2025Q1`, `2025`) are thinned — they are ordered, so a reader can count between two
/// shown labels; names (causes, officers) are wrapped instead, never dropped.
fn thinning(pt: &Painter, cats: &[String], slot: f64) -> i32 {
    let period_like = cats.iter().all(|c| {
        c.chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | 'Q' | '*'))
    });
    if !period_like {
        return 1;
    }
    // A period label may wrap at its '-' (2025 / 01): thin only when a part is still too wide.
    let unbreakable = cats
        .iter()
        .flat_map(|c| c.split('-'))
        .map(|part| pt.width(part, LABEL_SIZE))
        .max()
        .unwrap_or(0) as f64;
    if unbreakable + 4.0 <= slot {
        return 1;
    }
    let widest = cats
        .iter()
        .map(|c| pt.width(c, LABEL_SIZE))
        .max()
        .unwrap_or(0) as f64;
    ((widest + 12.0) / slot).ceil().max(1.0) as i32
}

fn axis_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    title: &str,
    x: i32,
    y: i32,
    right_side: bool,
) -> DrawResult<()> {
    let ts = Ts::new(AXIS_TITLE_SIZE, MUTED)
        .at(HPos::Center, VPos::Center)
        .rotated(if right_side { Rot::Cw } else { Rot::Ccw });
    // Rotated text is anchored before rotation: its "centre" is then the point itself,
    // shifted by half the line height across the axis.
    let half = (AXIS_TITLE_SIZE / 2.0).round() as i32;
    let x = if right_side { x - half } else { x + half };
    pt.text(root, title, (x, y), ts)
}

fn draw_horizontal<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pt: &Painter,
    chart: &CategoryChart,
    top: i32,
    w: i32,
    h: i32,
) -> DrawResult<()> {
    let n = chart.categories.len() as i32;
    let max_label = (w as f64 * 0.32) as i32;
    let wrapped: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| pt.wrap(c, LABEL_SIZE, max_label, 2))
        .collect();
    let label_w = wrapped
        .iter()
        .flatten()
        .map(|s| pt.width(s, LABEL_SIZE))
        .max()
        .unwrap_or(0);
    let left = MARGIN + label_w + 12;
    let ticks = nice_ticks(series_max(chart), 6, chart.value_axis.format);
    let axis_max = *ticks.last().unwrap_or(&1.0);
    // Room at the right for the widest bar label.
    let n_us = n as usize;
    let widest_value = (0..n_us)
        .map(|i| {
            if chart.stacked {
                let total: f64 = chart
                    .bars
                    .iter()
                    .map(|b| b.values.get(i).copied().flatten().unwrap_or(0.0).max(0.0))
                    .sum();
                pt.width(&stack_text(chart, i, total), VALUE_SIZE)
            } else {
                chart
                    .bars
                    .iter()
                    .filter_map(|b| b.values.get(i).copied().flatten())
                    .map(|v| pt.width(&value_text(v, chart.value_axis.format), VALUE_SIZE))
                    .max()
                    .unwrap_or(0)
            }
        })
        .max()
        .unwrap_or(0);
    let right = w - MARGIN - 12;
    let bottom = h - MARGIN - 22 - 28;
    // The axis may run past the last tick's label room, but a bar label must fit: shrink
    // the plot so the longest bar plus its label ends inside the picture.
    let plot_right = if chart.bar_labels {
        let longest = series_max(chart) / axis_max;
        let need = ((right - left) as f64 * longest) as i32 + 8 + widest_value;
        if need > right - left {
            right - (need - (right - left))
        } else {
            right
        }
    } else {
        right
    };
    let xscale = Scale {
        max: axis_max,
        px0: left,
        px1: plot_right,
    };
    for t in &ticks {
        let px = xscale.px(*t);
        root.draw(&PathElement::new(
            vec![(px, top), (px, bottom)],
            GRID.stroke_width(1),
        ))
        .map_err(err)?;
        pt.text(
            root,
            &tick_text(*t, chart.value_axis.format),
            (px, bottom + 8),
            Ts::new(TICK_SIZE, MUTED).at(HPos::Center, VPos::Top),
        )?;
    }
    root.draw(&PathElement::new(
        vec![(left, top), (left, bottom)],
        INK.stroke_width(1),
    ))
    .map_err(err)?;
    pt.text(
        root,
        &chart.value_axis.title,
        ((left + plot_right) / 2, h - MARGIN - 2),
        Ts::new(AXIS_TITLE_SIZE, MUTED).at(HPos::Center, VPos::Bottom),
    )?;
    let slot = (bottom - top) as f64 / n as f64;
    let nb = chart.bars.len().max(1) as f64;
    let group = bar_group(chart, slot, 44.0);
    let bar_h = if chart.stacked { group } else { group / nb };
    let show_values = chart.bar_labels && bar_h >= 11.0;
    let value_ts = Ts::new(VALUE_SIZE, INK).at(HPos::Left, VPos::Center);
    for (i, lines) in wrapped.iter().enumerate() {
        let y_center = top as f64 + slot * (i as f64 + 0.5);
        let lh = 21;
        let y0 = y_center.round() as i32 - (lines.len() as i32 * lh) / 2 + lh / 2;
        for (j, line) in lines.iter().enumerate() {
            pt.text(
                root,
                line,
                (left - 10, y0 + j as i32 * lh),
                Ts::new(LABEL_SIZE, INK).at(HPos::Right, VPos::Center),
            )?;
        }
        let mut base = 0.0;
        for (k, b) in chart.bars.iter().enumerate() {
            let yb = if chart.stacked {
                y_center - group / 2.0
            } else {
                y_center - group / 2.0 + bar_h * k as f64
            };
            let Some(v) = b.values.get(i).copied().flatten() else {
                // Unknown, not 0: no bar, the words at the axis where it would start.
                if let (Some(t), false) = (&chart.unknown_text, chart.stacked) {
                    pt.text(
                        root,
                        t,
                        (xscale.px(0.0) + 6, (yb + bar_h / 2.0).round() as i32),
                        Ts::new(VALUE_SIZE, MUTED).at(HPos::Left, VPos::Center),
                    )?;
                }
                continue;
            };
            let (lo, hi) = if chart.stacked {
                (base, base + v.max(0.0))
            } else {
                (0.0, v.max(0.0))
            };
            base = hi;
            let (py0, py1) = (yb.round() as i32, (yb + bar_h).round() as i32 - 1);
            if hi > lo {
                root.draw(&Rectangle::new(
                    [(xscale.px(lo), py0), (xscale.px(hi), py1.max(py0 + 1))],
                    b.color.filled(),
                ))
                .map_err(err)?;
            }
            if show_values && !chart.stacked {
                pt.text(
                    root,
                    &value_text(v, chart.value_axis.format),
                    (xscale.px(hi) + 6, (py0 + py1) / 2),
                    value_ts,
                )?;
            }
        }
        if show_values && chart.stacked && base > 0.0 {
            pt.text(
                root,
                &stack_text(chart, i, base),
                (xscale.px(base) + 6, y_center.round() as i32),
                value_ts,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_maximum_with_round_steps() {
        assert_eq!(
            nice_ticks(427.0, 6, ValueFormat::Count),
            vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
        );
        assert_eq!(
            nice_ticks(3.0, 6, ValueFormat::Count),
            vec![0.0, 1.0, 2.0, 3.0]
        );
        assert_eq!(nice_ticks(0.0, 6, ValueFormat::Count), vec![0.0, 1.0]);
        let t = nice_ticks(137.5, 6, ValueFormat::Percent);
        assert!(t.last().copied().unwrap() >= 137.5);
        assert!(t.len() <= 8);
    }
}
