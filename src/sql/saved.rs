//! Saved queries: `pipelines/queries/*.sql`, run by name with `caseflow sql --query NAME`.
//!
//! A saved query is a `.sql` file whose leading `--` comment lines are its header: the
//! first line is the title in Chinese, the second in English, then free text on what it
//! answers, and one line per parameter:
//!
//! ```sql
//! -- 即将届满的案件（按承办人）
//! -- Cases near their deadline, by officer
//! -- @param days = 30  今后多少天内届满 / days ahead
//! SELECT … WHERE due_on <= as_of + {days}
//! ```
//!
//! A parameter is written `{days}` or `:days` in the SQL and replaced by its text (the
//! default, or `--param days=60`) before the query is parsed; a text parameter therefore
//! goes inside quotes in the SQL (`'%{place}%'`), and a `'` in a value is doubled so it
//! cannot end the quoted string. Only declared names are replaced, so `::` casts and
//! `'12:30'` are left alone.
//!
//! A parameter whose default is a whole number (`days = 30`, `year = 2023`) takes a whole
//! number, checked before the query runs: the text goes into the SQL as it is, so `30天`
//! would otherwise reach the engine inside `INTERVAL '30天 days'` (where polars panics) or
//! as `year = 2023年` (a parser error pointing at a line of the saved file, not at the
//! parameter). A Chinese user writes the unit and may write the number in words, so a
//! unit the parameter's own description names (`今后多少天内届满` names 天) is taken off
//! and `六十` is read as 60, by ingest's count reader; anything else is a usage error that
//! names the parameter.
//!
//! The files of `pipelines/queries/` are compiled into the binary (it must work from any
//! folder, like the built-in header profiles); `--queries DIR` adds a statistician's own
//! files, replacing a built-in of the same name, and `--query path/to/file.sql` runs one
//! file directly.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Error, Result};

/// The queries in `pipelines/queries/`, compiled in: (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "terminated-company-debtor-in-place.sql",
        include_str!("../../pipelines/queries/terminated-company-debtor-in-place.sql"),
    ),
    (
        "due-soon-by-officer.sql",
        include_str!("../../pipelines/queries/due-soon-by-officer.sql"),
    ),
    (
        "debtors-with-several-backlog-cases.sql",
        include_str!("../../pipelines/queries/debtors-with-several-backlog-cases.sql"),
    ),
    (
        "terminated-with-recoveries-since.sql",
        include_str!("../../pipelines/queries/terminated-with-recoveries-since.sql"),
    ),
    (
        "category-overlap.sql",
        include_str!("../../pipelines/queries/category-overlap.sql"),
    ),
];

/// One declared parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub default: String,
    pub about: String,
}

/// A parsed saved query.
#[derive(Debug, Clone)]
pub struct SavedQuery {
    /// The file stem: the name given to `--query`.
    pub name: String,
    /// Where it came from: `(built-in)` or a path.
    pub origin: String,
    pub title_zh: String,
    pub title_en: String,
    /// The header lines after the titles (what it answers, how to read it).
    pub about: Vec<String>,
    pub params: Vec<Param>,
    /// The whole file, header included (comments are valid SQL).
    pub sql: String,
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn valid_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && s.chars().all(is_ident_char)
}

impl SavedQuery {
    /// Parses a query file's header. `origin` names it in messages.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<SavedQuery> {
        let mut titles: Vec<String> = Vec::new();
        let mut about = Vec::new();
        let mut params: Vec<Param> = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() && titles.is_empty() {
                continue;
            }
            let Some(c) = t.strip_prefix("--") else {
                break;
            };
            let c = c.trim();
            if let Some(p) = c.strip_prefix("@param") {
                let (pname, rest) = p.split_once('=').ok_or_else(|| {
                    Error::Usage(format!(
                        "saved query {origin}: `-- @param {}` needs `NAME = DEFAULT`",
                        p.trim()
                    ))
                })?;
                let pname = pname.trim();
                if !valid_name(pname) {
                    return Err(Error::Usage(format!(
                        "saved query {origin}: parameter name {pname:?} must be letters, digits \
                         and _ , starting with a letter"
                    )));
                }
                let rest = rest.trim();
                // The default ends at two spaces (or a tab); the description follows.
                let (default, about_p) = match rest.find("  ").or_else(|| rest.find('\t')) {
                    Some(i) => (rest[..i].trim(), rest[i..].trim()),
                    None => (rest, ""),
                };
                params.push(Param {
                    name: pname.to_string(),
                    default: default.to_string(),
                    about: about_p.to_string(),
                });
            } else if titles.len() < 2 && !c.is_empty() {
                titles.push(c.to_string());
            } else if titles.len() == 2 {
                about.push(c.to_string());
            }
        }
        if titles.len() < 2 {
            return Err(Error::Usage(format!(
                "saved query {origin}: the file must start with two comment lines, the title \
                 in Chinese and in English (`-- …`)"
            )));
        }
        while about.first().is_some_and(|s| s.is_empty()) {
            about.remove(0);
        }
        while about.last().is_some_and(|s| s.is_empty()) {
            about.pop();
        }
        let mut it = titles.into_iter();
        Ok(SavedQuery {
            name: name.to_string(),
            origin: origin.to_string(),
            title_zh: it.next().unwrap_or_default(),
            title_en: it.next().unwrap_or_default(),
            about,
            params,
            sql: text.to_string(),
        })
    }

    /// The SQL with every parameter replaced: `--param` values over the defaults. A value
    /// for an undeclared parameter is a usage error naming the declared ones.
    pub fn resolve(&self, given: &[(String, String)]) -> Result<(String, Vec<(String, String)>)> {
        let mut values: BTreeMap<String, String> = self
            .params
            .iter()
            .map(|p| (p.name.clone(), p.default.clone()))
            .collect();
        for (k, v) in given {
            if !values.contains_key(k) {
                let declared = if self.params.is_empty() {
                    "it has none".to_string()
                } else {
                    format!(
                        "it has {}",
                        self.params
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(Error::Usage(format!(
                    "--param {k}: saved query {} has no parameter {k:?} ({declared})",
                    self.name
                )));
            }
            let p = self.params.iter().find(|p| &p.name == k);
            let v = match p {
                Some(p) if is_whole(&p.default) => whole_value(p, v)?,
                _ => v.clone(),
            };
            values.insert(k.clone(), v);
        }
        let used: Vec<(String, String)> = self
            .params
            .iter()
            .map(|p| (p.name.clone(), values[&p.name].clone()))
            .collect();
        Ok((substitute(&self.sql, &values), used))
    }
}

/// A default written as a whole number makes the parameter a whole-number one.
fn is_whole(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// Units a count may be written with; one is taken off only when the parameter's
/// description uses it, so `days=3个月` is not read as 3 days.
const UNITS: [&str; 7] = ["个月", "月", "天", "日", "年", "件", "次"];

/// The value of a whole-number parameter, as digits for the SQL.
fn whole_value(p: &Param, given: &str) -> Result<String> {
    let t = given.trim();
    let t = UNITS
        .iter()
        .find(|u| p.about.contains(**u) && t.ends_with(**u))
        .map_or(t, |u| t[..t.len() - u.len()].trim_end());
    // ingest's count reader knows full-width digits and numbers in words (六十, 一百二十).
    let cell = crate::ingest::cell::Cell::Text(t.to_string());
    match crate::ingest::fields::parse_count(&cell) {
        // It also takes its own units off (3个月, 3次); only the ones the description
        // names are meant here, so the count must be read from the bare number.
        Ok(Some(n)) if !UNITS.iter().any(|u| t.ends_with(u)) => Ok(n.to_string()),
        _ => {
            let about = if p.about.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.about)
            };
            Err(Error::Usage(format!(
                "--param {}={given}: {} is a whole number{about}, e.g. --param {}={}",
                p.name, p.name, p.name, p.default
            )))
        }
    }
}

/// Parses `KEY=VALUE` arguments of `--param`.
pub fn parse_params(args: &[String]) -> Result<Vec<(String, String)>> {
    args.iter()
        .map(|a| {
            let (k, v) = a.split_once('=').ok_or_else(|| {
                Error::Usage(format!("--param {a:?}: expected KEY=VALUE, e.g. year=2023"))
            })?;
            let k = k.trim();
            if !valid_name(k) {
                return Err(Error::Usage(format!(
                    "--param {a:?}: {k:?} is not a parameter name (letters, digits, _)"
                )));
            }
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

/// Replaces `{name}` and `:name` for every name in `values` (a `'` in a value doubled).
pub fn substitute(sql: &str, values: &BTreeMap<String, String>) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let name_at = |start: usize| -> String {
            chars[start..]
                .iter()
                .take_while(|c| is_ident_char(**c))
                .collect()
        };
        if c == '{' {
            let name = name_at(i + 1);
            if chars.get(i + 1 + name.chars().count()) == Some(&'}') {
                if let Some(v) = values.get(&name) {
                    out.push_str(&v.replace('\'', "''"));
                    i += name.chars().count() + 2;
                    continue;
                }
            }
        } else if c == ':' && prev != Some(':') && !prev.is_some_and(is_ident_char) {
            let name = name_at(i + 1);
            if chars.get(i + 1) != Some(&':') {
                if let Some(v) = values.get(&name) {
                    out.push_str(&v.replace('\'', "''"));
                    i += name.chars().count() + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The names of the `{name}` placeholders in `sql` (a name starting with a letter or `_`,
/// then letters, digits or `_`), in order, once each. A brace around anything else (`'{'`,
/// `'{1}'`, a JSON text) is no placeholder.
pub fn placeholders(sql: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find('{') {
        rest = &rest[at + 1..];
        let name: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if starts_well && rest[name.len()..].starts_with('}') && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Ad hoc SQL with its `--param` values put in: a `{name}` left without a value, or a
/// value the SQL has no `{name}` or `:name` for, is a usage error naming it (a typo in
/// either would otherwise run the query with the literal text `{who}` and answer 0).
pub fn resolve_ad_hoc(sql: &str, params: &[(String, String)]) -> Result<String> {
    let values: BTreeMap<String, String> = params.iter().cloned().collect();
    let unused: Vec<&String> = values
        .keys()
        .filter(|k| {
            let one = BTreeMap::from([((*k).clone(), String::new())]);
            substitute(sql, &one) == sql
        })
        .collect();
    if !unused.is_empty() {
        return Err(Error::Usage(format!(
            "--param {}: the query has no placeholder {} (write {{name}} or :name where the \
             value goes){}",
            unused
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", --param "),
            unused
                .iter()
                .map(|k| format!("{{{k}}}"))
                .collect::<Vec<_>>()
                .join(", "),
            match placeholders(sql).as_slice() {
                [] => String::new(),
                names => format!(
                    "; its placeholders: {}",
                    names
                        .iter()
                        .map(|n| format!("{{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        )));
    }
    let unset: Vec<String> = placeholders(sql)
        .into_iter()
        .filter(|n| !values.contains_key(n))
        .collect();
    if !unset.is_empty() {
        return Err(Error::Usage(format!(
            "the query has the placeholder {} with no value: give {}",
            unset
                .iter()
                .map(|n| format!("{{{n}}}"))
                .collect::<Vec<_>>()
                .join(", "),
            unset
                .iter()
                .map(|n| format!("--param {n}=VALUE"))
                .collect::<Vec<_>>()
                .join(" ")
        )));
    }
    Ok(substitute(sql, &values))
}

/// Every saved query: the built-in ones, then the `.sql` files of `dir` (which replace
/// built-ins of the same name). Sorted by name.
pub fn load_all(dir: Option<&Path>) -> Result<Vec<SavedQuery>> {
    let mut by_name: BTreeMap<String, SavedQuery> = BTreeMap::new();
    for (file, text) in BUILT_IN {
        let name = file.trim_end_matches(".sql");
        let q = SavedQuery::parse(name, &format!("(built-in) {file}"), text)?;
        by_name.insert(q.name.clone(), q);
    }
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "--queries {}: not a folder",
                dir.display()
            )));
        }
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        paths.sort();
        for p in paths {
            let q = load_file(&p)?;
            by_name.insert(q.name.clone(), q);
        }
    }
    Ok(by_name.into_values().collect())
}

/// One query file.
pub fn load_file(path: &Path) -> Result<SavedQuery> {
    let (text, _) = crate::textio::read_text(path)?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    SavedQuery::parse(&name, &path.display().to_string(), &text)
}

/// The listing shown by `--query` without a name (or with an unknown one).
pub fn listing(queries: &[SavedQuery]) -> String {
    let mut out =
        String::from("Saved queries (caseflow sql --query NAME --from RUN [--param KEY=VALUE]):\n");
    let w = queries.iter().map(|q| q.name.len()).max().unwrap_or(0);
    for q in queries {
        out.push_str(&format!(
            "\n  {:w$}  {}\n  {:w$}  {}\n",
            q.name, q.title_zh, "", q.title_en
        ));
        for p in &q.params {
            let about = if p.about.is_empty() {
                String::new()
            } else {
                format!("  {}", p.about)
            };
            out.push_str(&format!(
                "  {:w$}  --param {}={}{about}\n",
                "", p.name, p.default
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "-- 标题\n-- Title\n--\n-- What it answers.\n\
                     -- @param year = 2023  收案年度 / year\n-- @param place = 柯桥\n\
                     SELECT * FROM t WHERE year = :year AND name LIKE '%{place}%' \
                     AND x::int = 1 AND t = '12:30'";

    #[test]
    fn header_gives_titles_and_parameters() {
        let q = SavedQuery::parse("q", "q.sql", Q).unwrap();
        assert_eq!(q.title_zh, "标题");
        assert_eq!(q.title_en, "Title");
        assert_eq!(q.about, vec!["What it answers."]);
        assert_eq!(
            q.params,
            vec![
                Param {
                    name: "year".into(),
                    default: "2023".into(),
                    about: "收案年度 / year".into()
                },
                Param {
                    name: "place".into(),
                    default: "柯桥".into(),
                    about: String::new()
                },
            ]
        );
    }

    #[test]
    fn parameters_are_replaced_and_quotes_doubled() {
        let q = SavedQuery::parse("q", "q.sql", Q).unwrap();
        let (sql, used) = q.resolve(&[("place".into(), "O'Brien镇".into())]).unwrap();
        assert!(
            sql.ends_with(
                "WHERE year = 2023 AND name LIKE '%O''Brien镇%' AND x::int = 1 AND t = '12:30'"
            ),
            "{sql}"
        );
        assert_eq!(used[1], ("place".into(), "O'Brien镇".into()));
        assert!(matches!(
            q.resolve(&[("town".into(), "x".into())]),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn whole_number_parameters_take_units_their_description_names_and_words() {
        let q = SavedQuery::parse(
            "q",
            "q.sql",
            "-- 标题\n-- Title\n-- @param days = 30  今后多少天内届满\n\
             -- @param year = 2023  收案年度\n-- @param place = 柯桥\n\
             SELECT {days}, {year}, '{place}'",
        )
        .unwrap();
        let sql = |given: &[(&str, &str)]| {
            let given: Vec<(String, String)> = given
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            q.resolve(&given).map(|(sql, _)| sql)
        };
        for (days, year, want) in [
            ("30天", "2023年", "SELECT 30, 2023,"),
            ("六十", "2024", "SELECT 60, 2024,"),
            ("３０", "２０２３", "SELECT 30, 2023,"),
            (" 45 ", "2023", "SELECT 45, 2023,"),
        ] {
            let got = sql(&[("days", days), ("year", year)]).unwrap();
            assert!(got.contains(want), "{days} {year}: {got}");
        }
        // A unit the description does not name, a fraction, a sign, text: the parameter
        // is named in the message, and the query never reaches the engine.
        for (k, v) in [
            ("days", "3个月"),
            ("days", "1.5"),
            ("days", "-5"),
            ("days", "三十天左右"),
            ("year", "2023年度"),
            ("year", "去年"),
        ] {
            match sql(&[(k, v)]) {
                Err(Error::Usage(m)) => {
                    assert!(m.contains(&format!("--param {k}={v}")), "{m}");
                    assert!(m.contains("whole number"), "{m}");
                }
                other => panic!("{k}={v}: expected a usage error, got {other:?}"),
            }
        }
        // A text parameter takes any text.
        assert!(sql(&[("place", "30天")]).unwrap().ends_with("'30天'"));
    }

    #[test]
    fn bad_headers_and_params_are_usage_errors() {
        assert!(SavedQuery::parse("q", "q.sql", "SELECT 1").is_err());
        assert!(SavedQuery::parse("q", "q.sql", "-- a\n-- b\n-- @param x\nSELECT 1").is_err());
        assert!(parse_params(&["year".into()]).is_err());
        assert!(parse_params(&["1x=2".into()]).is_err());
        assert_eq!(
            parse_params(&["place=柯桥=东".into()]).unwrap(),
            vec![("place".into(), "柯桥=东".into())]
        );
    }

    #[test]
    fn every_file_in_pipelines_queries_is_built_in_and_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/queries");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let mut built: Vec<String> = BUILT_IN.iter().map(|(f, _)| f.to_string()).collect();
        built.sort();
        assert_eq!(files, built, "add new query files to saved::BUILT_IN");
        let all = load_all(None).unwrap();
        assert_eq!(all.len(), BUILT_IN.len());
        for q in &all {
            assert!(
                !q.title_zh.is_ascii(),
                "{}: first line is the Chinese title",
                q.name
            );
            assert!(!q.about.is_empty(), "{}: say what it answers", q.name);
        }
    }

    #[test]
    fn ad_hoc_placeholders_must_be_set_and_params_used() {
        // Red-team n-sql-unset-placeholder-silent.
        let sql = "SELECT COUNT(*) FROM t WHERE officer = '{who}' AND x <> '{' AND y <> '{1}'";
        assert_eq!(placeholders(sql), vec!["who".to_string()]);
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        let e = resolve_ad_hoc(sql, &p("woh", "郭梅"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--param woh") && e.contains("{who}"), "{e}");
        let e = resolve_ad_hoc(sql, &[]).unwrap_err().to_string();
        assert!(
            e.contains("{who}") && e.contains("--param who=VALUE"),
            "{e}"
        );
        assert_eq!(
            resolve_ad_hoc(sql, &p("who", "郭'梅")).unwrap(),
            "SELECT COUNT(*) FROM t WHERE officer = '郭''梅' AND x <> '{' AND y <> '{1}'"
        );
        assert_eq!(
            resolve_ad_hoc("SELECT * FROM t WHERE y = :year", &p("year", "2023")).unwrap(),
            "SELECT * FROM t WHERE y = 2023"
        );
        assert_eq!(resolve_ad_hoc("SELECT '{'", &[]).unwrap(), "SELECT '{'");
    }
}
