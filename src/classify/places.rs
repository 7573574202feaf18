//! Where a value of a rules file is, said the way the statistician reads the file: its line,
//! and the entry that holds it by the name the file gives it (category 7 by its `id`, root
//! cause "no_assets" by its `code`, a backlog rule by its `name`) or, for an entry without
//! one (a category's rules), by its 1-based place: `line 184: category 7, rule 2: words`.
//! An array position (`category[6].rule[1]`) reads as another category in a file whose
//! categories are numbered 1 to 7, and gives no line to look at.
//!
//! The file is read a second time for this by toml_edit, which keeps the position of every
//! value (toml's own values have none); only the checks that refuse a file need it.

use toml_edit::{ImDocument, Item, TableLike, Value};

/// A value of a rules file found by a check: the entry that holds it, its key within that
/// entry, and its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `category 7, rule 2`, `root cause "no_assets"`; empty outside any entry
    pub owner: String,
    /// the key within the entry (`words`, `has_assets.true_words`)
    pub key: String,
    pub span: Option<std::ops::Range<usize>>,
}

impl Place {
    /// `{origin}: line N: {owner}: {what}` and the line itself below it, as toml errors are
    /// shown ([`crate::textio::toml_error`]).
    pub fn message(&self, origin: &str, text: &str, what: &str) -> String {
        let owner = if self.owner.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.owner)
        };
        let Some(span) = &self.span else {
            return format!("{origin}: {owner}{what}");
        };
        let line = text[..span.start.min(text.len())].matches('\n').count();
        let shown = text.lines().nth(line).unwrap_or("").trim();
        let n = line + 1;
        format!("{origin}: line {n}: {owner}{what}\n    {n} | {shown}")
    }
}

/// The name of entry `i` (0-based) of the array of tables `key`: by its `id` (category),
/// `code` (root cause) or `name` (backlog rule), else by its 1-based place.
fn entry_name(key: &str, i: usize, t: &dyn TableLike) -> String {
    let what = match key {
        "cause" => "root cause",
        "rule" | "rules" => "rule",
        k => k,
    };
    let get = |k: &str| t.get(k).and_then(Item::as_value);
    if key == "category" {
        if let Some(id) = get("id").and_then(Value::as_integer) {
            return format!("category {id}");
        }
    } else if key == "rule" {
        // A category's rule by its place: the `code` of a root_cause rule names the cause
        // it reads, not the rule (category 2, rule 1, not rule "interference").
    } else if let Some(name) = get("code").or_else(|| get("name")).and_then(Value::as_str) {
        return format!("{what} {name:?}");
    }
    format!("{what} {}", i + 1)
}

/// The first value for which `found` holds, walking the file in order; None also for a
/// file that is no TOML (the parse that follows says why). `found` sees the value's own
/// key (an array's key for its items), the value, and whether it is turned off (in a table
/// with `enabled = false`). `skip` names top-level keys left out.
pub fn find(
    text: &str,
    skip: &[&str],
    found: &mut dyn FnMut(&str, &Value, bool) -> bool,
) -> Option<Place> {
    struct Walk<'a> {
        found: &'a mut dyn FnMut(&str, &Value, bool) -> bool,
        skip: &'a [&'a str],
    }
    impl Walk<'_> {
        fn table(
            &mut self,
            t: &dyn TableLike,
            owner: &str,
            path: &str,
            off: bool,
        ) -> Option<Place> {
            let off = off
                || t.get("enabled")
                    .and_then(Item::as_value)
                    .and_then(Value::as_bool)
                    == Some(false);
            for (k, item) in t.iter() {
                let key = if path.is_empty() {
                    if owner.is_empty() && self.skip.contains(&k) {
                        continue;
                    }
                    k.to_string()
                } else {
                    format!("{path}.{k}")
                };
                let p = match item {
                    Item::Value(v) => self.value(k, v, owner, &key, off),
                    Item::ArrayOfTables(a) => a
                        .iter()
                        .enumerate()
                        .find_map(|(i, t)| self.entry(k, i, t, owner, off)),
                    other => other
                        .as_table_like()
                        .and_then(|t| self.table(t, owner, &key, off)),
                };
                if p.is_some() {
                    return p;
                }
            }
            None
        }

        fn entry(
            &mut self,
            k: &str,
            i: usize,
            t: &dyn TableLike,
            owner: &str,
            off: bool,
        ) -> Option<Place> {
            let name = entry_name(k, i, t);
            let owner = if owner.is_empty() {
                name
            } else {
                format!("{owner}, {name}")
            };
            self.table(t, &owner, "", off)
        }

        fn value(
            &mut self,
            k: &str,
            v: &Value,
            owner: &str,
            key: &str,
            off: bool,
        ) -> Option<Place> {
            if (self.found)(k, v, off) {
                return Some(Place {
                    owner: owner.to_string(),
                    key: key.to_string(),
                    span: v.span(),
                });
            }
            match v {
                Value::InlineTable(t) => self.table(t, owner, key, off),
                Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| match item {
                    // an array of inline tables is entries like `[[…]]`
                    Value::InlineTable(t) => self.entry(k, i, t, owner, off),
                    _ => self.value(k, item, owner, key, off),
                }),
                _ => None,
            }
        }
    }
    let doc = ImDocument::parse(text).ok()?;
    Walk { found, skip }.table(doc.as_table(), "", "", false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_by_id_code_name_or_place() {
        let text = "when = 2026-01-01\n\
                    [[category]]\nid = 7\nname = \"x\"\n\
                    [[category.rule]]\nkind = \"petitions\"\n\
                    [[category.rule]]\nkind = \"words\"\nwords = [\"a\", \"\"]\n\
                    [[cause]]\ncode = \"petition\"\nwords = [\"\"]\n\
                    [[backlog.rules]]\nname = \"r\"\nwords = [\"\"]\n\
                    [has_assets]\ntrue_words = [\n  \"a\",\n  \"\",\n]\n";
        let mut empty = |_: &str, v: &Value, _: bool| v.as_str() == Some("");
        let p = find(text, &[], &mut empty).expect("found");
        assert_eq!(
            (p.owner.as_str(), p.key.as_str()),
            ("category 7, rule 2", "words")
        );
        assert!(
            p.message("f", text, "x")
                .starts_with("f: line 9: category 7, rule 2: x\n    9 | words"),
            "{}",
            p.message("f", text, "x")
        );
        let p = find(text, &["category"], &mut empty).expect("found");
        assert_eq!(p.owner, "root cause \"petition\"");
        let p = find(text, &["category", "cause"], &mut empty).expect("found");
        assert_eq!((p.owner.as_str(), p.key.as_str()), ("rule \"r\"", "words"));
        let p = find(text, &["category", "cause", "backlog"], &mut empty).expect("found");
        assert_eq!(
            (p.owner.as_str(), p.key.as_str()),
            ("", "has_assets.true_words")
        );
        assert_eq!(p.message("f", text, "x"), "f: line 19: x\n    19 | \"\",");
        // no TOML: nothing found here, the parse that follows says it
        assert_eq!(find("[[category]\n", &[], &mut empty), None);
    }
}
