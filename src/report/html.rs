//! The HTML of the report: escaping, tables, figures, and the page around them.
//!
//! Everything that comes from data — party and officer names, case numbers, reason texts,
//! file names — is untrusted text and goes through [`esc`]; only this module's own markup
//! is written raw. The page is one file with its styles inline and its charts as base64
//! PNG `data:` URIs: it opens offline, can be mailed, and prints on A4 (print CSS: page
//! margins, no breaks inside a figure or a table row, table headers repeated on every
//! page). Fonts are a CSS stack of the Chinese fonts found on Windows, macOS and Linux
//! office machines; nothing is fetched from the network.

use base64::Engine as _;

use super::Lang;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// How a table cell is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Short text that must not break (case numbers, dates, names).
    Keep,
    /// Numbers: right-aligned, tabular figures.
    Num,
}

impl Align {
    fn class(self) -> &'static str {
        match self {
            Align::Left => "",
            Align::Keep => " class=\"k\"",
            Align::Num => " class=\"n\"",
        }
    }
}

/// A table under construction; cells are plain text (escaped when written).
#[derive(Debug, Clone)]
pub struct HtmlTable {
    head: Vec<(String, Align)>,
    rows: Vec<(Vec<String>, bool)>,
    caption: Option<String>,
    compact: bool,
}

impl HtmlTable {
    pub fn new(head: &[(&str, Align)]) -> Self {
        HtmlTable {
            head: head.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
            rows: Vec::new(),
            caption: None,
            compact: false,
        }
    }

    pub fn from_owned(head: Vec<(String, Align)>) -> Self {
        HtmlTable {
            head,
            rows: Vec::new(),
            caption: None,
            compact: false,
        }
    }

    pub fn caption(mut self, c: impl Into<String>) -> Self {
        self.caption = Some(c.into());
        self
    }

    /// Smaller type for long case lists.
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push((cells, false));
    }

    /// A total row, set in bold.
    pub fn total_row(&mut self, cells: Vec<String>) {
        self.rows.push((cells, true));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str(if self.compact {
            "<div class=\"tw\"><table class=\"compact\">"
        } else {
            "<div class=\"tw\"><table>"
        });
        if let Some(c) = &self.caption {
            s.push_str(&format!("<caption>{}</caption>", esc(c)));
        }
        s.push_str("<thead><tr>");
        for (h, a) in &self.head {
            s.push_str(&format!("<th{}>{}</th>", a.class(), esc(h)));
        }
        s.push_str("</tr></thead><tbody>");
        for (cells, total) in &self.rows {
            s.push_str(if *total {
                "<tr class=\"total\">"
            } else {
                "<tr>"
            });
            for (k, c) in cells.iter().enumerate() {
                let cls = self.head.get(k).map_or("", |(_, a)| a.class());
                s.push_str(&format!("<td{cls}>{}</td>", esc(c)));
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></div>\n");
        s
    }
}

/// A chart as a figure with an embedded PNG.
pub fn figure(png: &[u8], alt: &str, caption: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(png);
    format!(
        "<figure><img src=\"data:image/png;base64,{b64}\" alt=\"{}\" width=\"1200\" height=\"700\">\
         <figcaption>{}</figcaption></figure>\n",
        esc(alt),
        esc(caption)
    )
}

/// A paragraph of escaped text.
pub fn p(text: &str) -> String {
    format!("<p>{}</p>\n", esc(text))
}

/// A note in smaller grey type.
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", esc(text))
}

/// The note of a section part whose table is absent.
pub fn absent(lang: Lang, what: &str) -> String {
    let t = match lang {
        Lang::Zh => format!("（本次运行未生成此表：{what}）"),
        Lang::En => format!("(This run has no such table: {what})"),
    };
    format!("<p class=\"absent\">{}</p>\n", esc(&t))
}

/// A definition list of (term, definition).
pub fn definitions(items: &[(String, String)]) -> String {
    let mut s = String::from("<dl class=\"defs\">");
    for (t, d) in items {
        s.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(t), esc(d)));
    }
    s.push_str("</dl>\n");
    s
}

/// A key figure card: label, value, and a small line under it.
#[derive(Debug, Clone)]
pub struct Card {
    pub label: String,
    pub value: String,
    pub sub: String,
}

pub fn cards(items: &[Card]) -> String {
    let mut s = String::from("<div class=\"cards\">");
    for c in items {
        s.push_str(&format!(
            "<div class=\"card\"><div class=\"cl\">{}</div><div class=\"cv\">{}</div><div class=\"cs\">{}</div></div>",
            esc(&c.label),
            esc(&c.value),
            esc(&c.sub)
        ));
    }
    s.push_str("</div>\n");
    s
}

const CSS: &str = r#"
:root { --ink:#1f2328; --muted:#5a6270; --line:#d0d7de; --band:#f3f6fa; --accent:#2f5597; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "Hiragino Sans GB", "SimHei", sans-serif;
  font-size: 15px; line-height: 1.6; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 36px 48px; }
header.title { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 20px; }
header.title h1 { font-size: 28px; margin: 0 0 6px; letter-spacing: 1px; }
header.title .meta { color: var(--muted); font-size: 14px; }
nav.toc { background: var(--band); border: 1px solid var(--line); padding: 10px 18px; margin: 0 0 24px; }
nav.toc ol { margin: 4px 0; padding-left: 4px; columns: 2; list-style: none; }
nav.toc a { color: var(--accent); text-decoration: none; }
h2 { font-size: 21px; color: var(--accent); border-left: 5px solid var(--accent);
  padding-left: 10px; margin: 34px 0 12px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
p { margin: 6px 0 10px; }
.note { color: var(--muted); font-size: 13px; }
.unfinished { color: #8b0000; background: #fdecea; border: 2px solid #c62828; padding: 10px 14px;
  margin: 0 0 20px; font-weight: bold; }
.absent { color: #8a5300; background: #fff8e6; border: 1px dashed #e0b050; padding: 6px 10px; }
.tw { overflow-x: auto; margin: 8px 0 14px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
table.compact { font-size: 12.5px; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 7px; vertical-align: top; }
thead th { background: #e8eef7; font-weight: bold; text-align: center; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, td.k { white-space: nowrap; }
th { min-width: 3.2em; }
td:first-child { min-width: 5.5em; }
td.indent { padding-left: 1.6em; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr.total td { font-weight: bold; background: #eef3e8; }
figure { margin: 12px 0 18px; text-align: center; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 10px 0 16px; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--accent); padding: 8px 10px; background: #fff; }
.card .cl { color: var(--muted); font-size: 13px; }
.card .cv { font-size: 24px; font-weight: bold; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card .cs { color: var(--muted); font-size: 12px; }
dl.defs { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; font-size: 13.5px; }
dl.defs dt { font-weight: bold; }
dl.defs dd { margin: 0; color: #333; }
ul.formulas { font-size: 13.5px; margin: 4px 0 10px; padding-left: 20px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  figure, .cards, .card, tr, dl.defs { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .tw { overflow: visible; }
  table { font-size: 9.5pt; }
  table.compact { font-size: 8.5pt; }
  figure img { border: none; max-height: 120mm; width: auto; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The whole page.
pub fn page(
    lang: Lang,
    title: &str,
    meta: &str,
    warning: Option<&str>,
    toc: &[(String, String)],
    body: &str,
    footer: &str,
) -> String {
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let toc_title = match lang {
        Lang::Zh => "目录",
        Lang::En => "Contents",
    };
    let mut s = String::with_capacity(body.len() + 8192);
    s.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(title)
    ));
    s.push_str(&format!(
        "<header class=\"title\"><h1>{}</h1><div class=\"meta\">{}</div></header>\n",
        esc(title),
        esc(meta)
    ));
    // Above the contents: a reader must see it before any figure.
    if let Some(w) = warning {
        s.push_str(&format!(
            "<p class=\"unfinished\" role=\"alert\">{}</p>\n",
            esc(w)
        ));
    }
    s.push_str(&format!(
        "<nav class=\"toc\"><strong>{toc_title}</strong><ol>"
    ));
    for (id, t) in toc {
        s.push_str(&format!("<li><a href=\"#{}\">{}</a></li>", esc(id), esc(t)));
    }
    s.push_str("</ol></nav>\n");
    s.push_str(body);
    s.push_str(&format!("<footer>{}</footer>\n", esc(footer)));
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_as_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        let mut t = HtmlTable::new(&[("名称", Align::Left), ("件数", Align::Num)]);
        t.row(vec!["<b>张三</b>".into(), "1".into()]);
        let h = t.render();
        assert!(h.contains("&lt;b&gt;张三&lt;/b&gt;"));
        assert!(!h.contains("<b>张三"));
        assert!(h.contains("<td class=\"n\">1</td>"));
    }
}
