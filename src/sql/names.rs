//! Names for the result columns that polars' SQL would give one name twice.
//!
//! polars names a computed column after the column inside it: `MIN(filed_on)` and
//! `MAX(filed_on)` are both `filed_on`, and a projection with one name twice is refused
//! ("duplicate output name 'filed_on' … try renaming the columns with `.alias(…)`", a hint
//! in polars' own API). Every SQL engine a statistician knows runs that query (DuckDB names
//! the columns `min(filed_on)` and `max(filed_on)`, SQLite by the text as written), and the
//! date range of a new export is the first thing asked of it. So when the engine refuses a
//! query for that reason, each unnamed computed column of a SELECT in which the name
//! clashes is named by its expression as the query writes it (`MIN(filed_on)`), and the
//! query runs again. Only a refused query is rewritten: a query that runs keeps the names
//! it had, and a SELECT without the clash (a CTE the outer query reads by the default name)
//! is left alone.

use std::collections::HashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    visit_expressions, Expr as SqlExpr, GroupByExpr, Ident, Select, SelectItem, Value, VisitMut,
    VisitorMut,
};

/// The duplicated name in a polars error about duplicate output names (of a projection, a
/// group's aggregations or its keys, or the columns `SELECT 1, 2` adds), if that is the
/// error.
pub fn duplicate_output_name(message: &str) -> Option<&str> {
    super::quoted_after(message, "duplicate output name '", '\'').or_else(|| {
        message
            .contains(" is duplicate")
            .then(|| super::quoted_after(message, "the name '", '\''))
            .flatten()
    })
}

/// `sql` with the unnamed computed columns that polars would call `name` named by their
/// expression, or `None` when the query cannot be parsed or no SELECT has such a clash.
pub fn name_clashing_columns(sql: &str, name: &str) -> Option<String> {
    let mut statements = super::statements(sql)?;
    let mut namer = Namer {
        name,
        changed: false,
    };
    let _ = statements.visit(&mut namer);
    namer.changed.then(|| {
        statements
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(";\n")
    })
}

struct Namer<'a> {
    name: &'a str,
    changed: bool,
}

impl VisitorMut for Namer<'_> {
    type Break = ();

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        // A column reference, an alias, or a computed column over the name may each be
        // the polars default `name`; a clash needs two, and one computed column to rename.
        let is_name = |i: &Ident| i.value.eq_ignore_ascii_case(self.name);
        let unnamed_computed = |item: &SelectItem| match item {
            SelectItem::UnnamedExpr(e) => {
                !matches!(e, SqlExpr::Identifier(_) | SqlExpr::CompoundIdentifier(_))
            }
            _ => false,
        };
        // A name no column of the SELECT mentions is one polars gives an expression over
        // no column: `len` to COUNT(*), `literal` to a constant.
        let over_name = |item: &SelectItem| match item {
            SelectItem::UnnamedExpr(e) => mentions(e, |n| n.eq_ignore_ascii_case(self.name)),
            _ => false,
        };
        let over_no_column = select
            .projection
            .iter()
            .all(|item| !(unnamed_computed(item) && over_name(item)));
        let computed = |item: &SelectItem| {
            unnamed_computed(item)
                && if over_no_column {
                    matches!(item, SelectItem::UnnamedExpr(e) if !mentions(e, |_| true))
                } else {
                    over_name(item)
                }
        };
        let named = |item: &SelectItem| match item {
            SelectItem::UnnamedExpr(SqlExpr::Identifier(i)) => is_name(i),
            SelectItem::UnnamedExpr(SqlExpr::CompoundIdentifier(parts)) => {
                parts.last().is_some_and(is_name)
            }
            SelectItem::ExprWithAlias { alias, .. } => is_name(alias),
            _ => false,
        };
        let clashing = select
            .projection
            .iter()
            .filter(|i| computed(i) || named(i))
            .count();
        if clashing < 2 || !select.projection.iter().any(computed) {
            return ControlFlow::Continue(());
        }
        let mut taken: HashSet<String> = select
            .projection
            .iter()
            .filter_map(|item| match item {
                SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.to_lowercase()),
                SelectItem::UnnamedExpr(SqlExpr::Identifier(i)) => Some(i.value.to_lowercase()),
                _ => None,
            })
            .collect();
        let mut renamed: Vec<(usize, SqlExpr)> = Vec::new();
        for (at, item) in select.projection.iter_mut().enumerate() {
            if !computed(item) {
                continue;
            }
            let SelectItem::UnnamedExpr(expr) = item else {
                continue;
            };
            // The same expression twice (MIN(x), MIN(x)) gets a number after the second.
            let text = expr.to_string();
            let mut alias = text.clone();
            let mut n = 2;
            while !taken.insert(alias.to_lowercase()) {
                alias = format!("{text}_{n}");
                n += 1;
            }
            renamed.push((at + 1, expr.clone()));
            *item = SelectItem::ExprWithAlias {
                expr: expr.clone(),
                alias: Ident::with_quote('"', alias),
            };
            self.changed = true;
        }
        // GROUP BY DATE_PART('year', filed_on), DATE_PART('month', filed_on): the keys
        // clash as the columns did; a key that is a renamed column becomes its position
        // (GROUP BY 1, 2), which the engine reads as that column, name included.
        if let GroupByExpr::Expressions(keys, _) = &mut select.group_by {
            for key in keys.iter_mut() {
                if let Some((at, _)) = renamed.iter().find(|(_, e)| e == key) {
                    *key = SqlExpr::value(Value::Number(at.to_string(), false));
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// Whether `expr` refers anywhere inside it to a column whose name `is` accepts.
fn mentions(expr: &SqlExpr, is: impl Fn(&str) -> bool) -> bool {
    visit_expressions(expr, |e| match e {
        SqlExpr::Identifier(i) if is(&i.value) => ControlFlow::Break(()),
        SqlExpr::CompoundIdentifier(parts) if parts.last().is_some_and(|i| is(&i.value)) => {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_computed_columns_of_a_clashing_select_are_named() {
        assert_eq!(
            name_clashing_columns(
                "SELECT MIN(filed_on), max(filed_on) FROM cases_classified",
                "filed_on"
            )
            .as_deref(),
            Some(
                "SELECT MIN(filed_on) AS \"MIN(filed_on)\", max(filed_on) AS \"max(filed_on)\" \
                 FROM cases_classified"
            )
        );
        // The bare column keeps its name; the CTE has no clash and keeps its default name,
        // which the outer query reads.
        let sql = name_clashing_columns(
            "WITH t AS (SELECT officer, SUM(claim_fen) FROM cases GROUP BY officer) \
             SELECT claim_fen, MAX(t.claim_fen), MIN(claim_fen) FROM t",
            "claim_fen",
        )
        .unwrap();
        assert!(
            sql.contains("SELECT officer, SUM(claim_fen) FROM cases"),
            "{sql}"
        );
        assert!(
            sql.contains(
                "SELECT claim_fen, MAX(t.claim_fen) AS \"MAX(t.claim_fen)\", \
                 MIN(claim_fen) AS \"MIN(claim_fen)\" FROM t"
            ),
            "{sql}"
        );
        // The same expression twice.
        let sql = name_clashing_columns("SELECT MIN(x), MIN(x) FROM t", "x").unwrap();
        assert!(
            sql.contains("AS \"MIN(x)\", MIN(x) AS \"MIN(x)_2\""),
            "{sql}"
        );
        // Keys that are renamed columns become their positions.
        let sql = name_clashing_columns(
            "SELECT officer, DATE_PART('year', filed_on), DATE_PART('month', filed_on), \
             COUNT(*) FROM t GROUP BY officer, DATE_PART('year', filed_on), \
             DATE_PART('month', filed_on)",
            "filed_on",
        )
        .unwrap();
        assert!(sql.ends_with("GROUP BY officer, 2, 3"), "{sql}");
        // Expressions over no column: polars calls COUNT(*) `len` and a constant `literal`.
        let sql = name_clashing_columns("SELECT COUNT(*), COUNT(*), MIN(x) FROM t", "len");
        assert_eq!(
            sql.as_deref(),
            Some("SELECT COUNT(*) AS \"COUNT(*)\", COUNT(*) AS \"COUNT(*)_2\", MIN(x) FROM t")
        );
        let sql = name_clashing_columns("SELECT 1, 2", "literal");
        assert_eq!(sql.as_deref(), Some("SELECT 1 AS \"1\", 2 AS \"2\""));
        // Nothing to rename: no computed column over the name, or text that is no SQL.
        assert_eq!(name_clashing_columns("SELECT x, x FROM t", "x"), None);
        assert_eq!(name_clashing_columns("SELECT MIN(x) FROM t", "x"), None);
        assert_eq!(name_clashing_columns("SELEC MIN(x", "x"), None);
        assert_eq!(
            duplicate_output_name(
                "duplicate: projections contained duplicate output name 'filed_on'. It's …"
            ),
            Some("filed_on")
        );
        assert_eq!(
            duplicate_output_name(
                "the name 'literal' passed to `LazyFrame.with_columns` is duplicate\n\n…"
            ),
            Some("literal")
        );
        assert_eq!(
            duplicate_output_name("the name 'literal' is duplicate\n\nIt's possible …"),
            Some("literal")
        );
        assert_eq!(duplicate_output_name("unable to find column \"x\""), None);
    }
}
