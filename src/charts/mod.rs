//! Charts of the census and the trend (统计图), drawn with plotters as PNG and SVG.
//!
//! The figures end up in front of a court's leadership, printed or on a projector, so the
//! charts must show Chinese titles, axes and legends as characters — never boxes — on any
//! machine that runs caseflow. The font is a CJK font file found at run time ([`font`]):
//! plotters' `ab_glyph` feature needs no fontconfig at build time, and a missing font is a
//! clear error naming the fix rather than a chart of boxes.
//!
//! Each chart is drawn twice from one description ([`draw::CategoryChart`]) with plotters'
//! basic elements: into an RGB buffer encoded as PNG (self-contained, embedded in
//! `report.html`; text rasterised by [`draw::Painter`] from the font's outlines) and into
//! an SVG (text stays text, for editing or printing at any size; its `font-family` is a
//! CJK font stack, so a browser renders it with its own Chinese font). The same data gives
//! the same bytes: layout is integer pixels, the PNG encoder has fixed settings, and
//! nothing reads a clock.
//!
//! [`catalog`] turns report data into the seven charts of issue 8; this module renders and
//! writes them.

pub mod catalog;
pub mod draw;
pub mod font;

use std::path::{Path, PathBuf};

use plotters::prelude::*;

pub use draw::{CategoryChart, HEIGHT, WIDTH};

use crate::{textio, Error, Result};

/// Every chart the report can draw, in report order (file stems in `RUN/charts/`).
pub const NAMES: [&str; 7] = [
    "trend_flows",
    "trend_clearance",
    "backlog_categories",
    "outstanding_by_category",
    "root_causes_pareto",
    "aging",
    "officer_scorecard",
];

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// File stem in `RUN/charts/` (`trend_flows` → `trend_flows.png`, `trend_flows.svg`).
    pub name: String,
    pub title: String,
    pub png: Vec<u8>,
    pub svg: String,
}

fn chart_error(name: &str, e: String) -> Error {
    Error::Input {
        file: format!("charts/{name}"),
        row: None,
        column: None,
        message: format!("drawing the chart failed: {e}"),
    }
}

/// Draws `chart` as PNG and SVG. Loads the CJK font on first use.
pub fn render(name: &str, chart: &CategoryChart) -> Result<RenderedChart> {
    font::ensure_font()?;
    let (w, h) = (WIDTH, HEIGHT);

    let font = font::font_ref()?;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let painter = draw::Painter::new(font.clone(), true);
        draw::draw(&root, &painter, chart).map_err(|e| chart_error(name, e))?;
        root.present()
            .map_err(|e| chart_error(name, format!("{e:?}")))?;
    }
    let png = encode_png(&rgb, w, h).map_err(|e| chart_error(name, e))?;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let painter = draw::Painter::new(font, false);
        draw::draw(&root, &painter, chart).map_err(|e| chart_error(name, e))?;
        root.present()
            .map_err(|e| chart_error(name, format!("{e:?}")))?;
    }
    Ok(RenderedChart {
        name: name.to_string(),
        title: chart.title.clone(),
        png,
        svg,
    })
}

/// The characters of the chart's texts that the chart font has no glyph for (𠮷, and
/// other characters outside its coverage), each once, in order of first use: the PNG shows
/// them as boxes, so the caller says so beside the chart.
pub fn missing_glyphs(chart: &CategoryChart) -> Result<Vec<char>> {
    use ab_glyph::Font;
    font::ensure_font()?;
    let font = font::font_ref()?;
    let mut missing = Vec::new();
    let texts = std::iter::once(&chart.title)
        .chain(chart.note.iter())
        .chain(chart.unknown_text.iter())
        .chain(chart.categories.iter())
        .chain(chart.bars.iter().map(|b| &b.name))
        .chain(chart.line.iter().map(|l| &l.name));
    for t in texts {
        for c in t.chars() {
            if !c.is_whitespace() && font.glyph_id(c).0 == 0 && !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    Ok(missing)
}

/// PNG of an RGB buffer with fixed encoder settings (same pixels → same bytes).
fn encode_png(rgb: &[u8], w: u32, h: u32) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        enc.set_filter(png::FilterType::Paeth);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Removes the files of charts in [`NAMES`] that are not in `kept`: a chart whose table
/// is gone from the run (a census re-run without the trend) must not linger beside a
/// report that no longer shows it.
pub fn remove_stale(dir: &Path, kept: &[RenderedChart]) -> Result<()> {
    for name in NAMES {
        if kept.iter().any(|c| c.name == name) {
            continue;
        }
        for ext in ["png", "svg"] {
            let p = dir.join(format!("{name}.{ext}"));
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::output(&p, e)),
            }
        }
    }
    Ok(())
}

/// Writes `DIR/NAME.png` and `DIR/NAME.svg` (each to a temporary name, then renamed).
/// `NAME` must be one plain file-name component (no `/`, `..` or absolute path: see
/// [`crate::outpath`]); a name built from data goes through
/// [`crate::sanitize::file_component`] first.
pub fn write(dir: &Path, chart: &RenderedChart) -> Result<[PathBuf; 2]> {
    if crate::sanitize::file_component(&chart.name) != chart.name {
        return Err(Error::Usage(format!(
            "chart name {:?} is not a plain file name",
            chart.name
        )));
    }
    let png = crate::outpath::child(dir, &format!("{}.png", chart.name))?;
    let svg = crate::outpath::child(dir, &format!("{}.svg", chart.name))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    textio::write_atomic(&png, |w| {
        w.write_all(&chart.png).map_err(|e| Error::output(&png, e))
    })?;
    textio::write_atomic(&svg, |w| {
        w.write_all(chart.svg.as_bytes())
            .map_err(|e| Error::output(&svg, e))
    })?;
    Ok([png, svg])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(name: &str) -> RenderedChart {
        RenderedChart {
            name: name.to_string(),
            title: String::new(),
            png: Vec::new(),
            svg: String::new(),
        }
    }

    /// The `<text>` elements of an SVG as (x, y, text).
    fn svg_texts(svg: &str) -> Vec<(f64, f64, String)> {
        let attr = |tag: &str, name: &str| -> f64 {
            let key = format!(" {name}=\"");
            let at = tag.find(&key).unwrap() + key.len();
            tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
        };
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let (tag, rest) = t.split_once('>').unwrap();
                let text = rest.split("</text>").next().unwrap().trim().to_string();
                (attr(tag, "x"), attr(tag, "y"), text)
            })
            .collect()
    }

    /// w-chart-ratio-labels-over-month-axis: a month with receipts and no closure has a
    /// 结收比 of 0.00%, its point on the axis; its label went under the point, onto the
    /// month's name. It goes above when there is no room under the point in the plot.
    #[test]
    fn a_zero_ratios_label_stays_clear_of_the_month_labels() {
        let points: Vec<catalog::FlowPoint> = [Some(0.0), Some(50.0), Some(0.0), Some(150.0)]
            .iter()
            .enumerate()
            .map(|(k, &r)| catalog::FlowPoint {
                label: format!("2025-0{}", k + 1),
                received: 2,
                closed: 0,
                pending_end: 2,
                clearance_rate: r,
            })
            .collect();
        let chart = catalog::clearance(crate::report::Lang::Zh, &points, None);
        let svg = render("trend_clearance", &chart).unwrap().svg;
        let texts = svg_texts(&svg);
        let months: Vec<_> = texts.iter().filter(|t| t.2.starts_with("2025-0")).collect();
        let values: Vec<_> = texts.iter().filter(|t| t.2.ends_with(".00%")).collect();
        assert_eq!((months.len(), values.len()), (4, 4), "{texts:?}");
        for v in &values {
            for m in &months {
                let apart = (v.1 - m.1).abs() >= 14.0 || (v.0 - m.0).abs() >= 60.0;
                assert!(apart, "{v:?} over {m:?}");
            }
        }
        // Zero's label above its point, 50%'s still under it (clear of the 100% line).
        let month_y = months[0].1;
        let zero = values.iter().find(|v| v.2 == "0.00%").unwrap();
        assert!(zero.1 < month_y - 14.0, "{zero:?}");
    }

    /// t-report-figure4-unknown-claims-drawn-as-zero: a category whose every case's claim
    /// is unknown (outstanding_fen null) was drawn as a bar of 0.00 in Figure 4; it has no
    /// bar and says 标的额不详 (claim unknown), as the table says "—".
    #[test]
    fn an_unknown_amount_is_no_bar_of_zero() {
        let bars = [
            catalog::AmountBar {
                label: "一、超期一年以上".into(),
                value: Some(12.5),
            },
            catalog::AmountBar {
                label: "三、特困群体".into(),
                value: None,
            },
        ];
        let chart = catalog::amounts(crate::report::Lang::Zh, &bars);
        let drawn = render("outstanding_by_category", &chart).unwrap();
        let texts: Vec<String> = svg_texts(&drawn.svg).into_iter().map(|t| t.2).collect();
        assert!(texts.iter().any(|t| t == "12.50"), "{texts:?}");
        assert!(!texts.iter().any(|t| t == "0.00"), "{texts:?}");
        assert_eq!(
            texts.iter().filter(|t| *t == "标的额不详").count(),
            1,
            "{texts:?}"
        );
        // Every amount unknown: still a chart of the categories, not "no data".
        let none = [catalog::AmountBar {
            label: "三、特困群体".into(),
            value: None,
        }];
        let chart = catalog::amounts(crate::report::Lang::En, &none);
        let texts: Vec<String> = svg_texts(&render("x", &chart).unwrap().svg)
            .into_iter()
            .map(|t| t.2)
            .collect();
        assert!(texts.iter().any(|t| t == "claim unknown"), "{texts:?}");
    }

    #[test]
    fn chart_files_stay_in_their_folder() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("run").join("charts");
        for bad in ["../escape", "a/b", "/abs", "..", "", "x\\..\\y"] {
            assert!(write(&dir, &chart(bad)).is_err(), "{bad:?}");
        }
        assert!(!t.path().join("run").join("escape.png").exists());
        let [png, svg] = write(&dir, &chart("aging")).unwrap();
        assert!(png.starts_with(&dir) && svg.starts_with(&dir));
    }
}
