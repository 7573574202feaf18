//! Window functions in a query that groups, which the engine answers wrongly.
//!
//! In SQL a window (`… OVER (…)`) in a grouped SELECT runs over the groups' rows after the
//! grouping: `SUM(COUNT(*)) OVER ()` is the total across the groups, the denominator of
//! every "share of the backlog" (各承办人积案占比), and `LAG(COUNT(*)) OVER (ORDER BY m)`
//! the previous month (环比). polars' SQL evaluates the window inside each group instead:
//! `SUM(COUNT(*)) OVER ()` came out as each group's own count (every officer "100%"),
//! `COUNT(*) OVER ()` likewise, `LAG` as null, and `OVER (PARTITION BY team)` or a running
//! total as a list of values per row, all with exit 0; it refuses only some forms (a
//! window ordered by an aggregate). Rewriting the query into a grouped inner query and a
//! windowed outer one would need every expression of the SELECT split in two, which is
//! not safe in general; so such a query is refused before it runs, with the WITH form that
//! the engine computes right.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr as SqlExpr, GroupByExpr, Query, Select, SelectItem, SetExpr, Visit, Visitor,
};

/// The aggregate functions of polars' SQL (polars-sql `functions.rs`, "Aggregate
/// functions"): one of them outside a window makes a SELECT without GROUP BY a grouping
/// of all its rows into one.
const AGGREGATES: &[&str] = &[
    "avg",
    "corr",
    "count",
    "covar_pop",
    "covar_samp",
    "covar",
    "first",
    "last",
    "max",
    "median",
    "min",
    "quantile_cont",
    "quantile_disc",
    "stdev",
    "stddev",
    "stdev_samp",
    "stddev_samp",
    "string_agg",
    "listagg",
    "group_concat",
    "sum",
    "total",
    "var",
    "variance",
    "var_samp",
    "array_agg",
];

/// The message refusing `sql` when one of its SELECTs groups (GROUP BY, or an aggregate
/// over all rows) and has a window function, naming the first such window as written;
/// `None` when no SELECT does, or the text is no SQL the parser reads (the engine then
/// says what is wrong).
pub fn window_in_grouped_select(sql: &str) -> Option<String> {
    let statements = super::statements(sql)?;
    let mut finder = Finder(None);
    let _ = statements.visit(&mut finder);
    let window = finder.0?;
    Some(format!(
        "a window function in a query that groups ({window}) is computed by caseflow sql's \
         engine within each group, not across the groups as SQL means it, so it is refused: \
         compute the groups in a WITH clause and the window over its rows, e.g. WITH g AS \
         (SELECT officer, COUNT(*) AS n FROM cases_classified WHERE in_backlog GROUP BY \
         officer) SELECT officer, n, ROUND(100.0 * n / SUM(n) OVER (), 2) AS share FROM g"
    ))
}

/// Finds the first window of a grouped SELECT, each SELECT (of the query, a WITH clause,
/// a subquery) on its own.
struct Finder(Option<String>);

impl Visitor for Finder {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        // ORDER BY belongs to the query, not its SELECT, but is evaluated over its groups.
        if let (SetExpr::Select(select), Some(order_by)) = (query.body.as_ref(), &query.order_by) {
            if groups(select) {
                if let Some(w) = find_own(order_by, window) {
                    self.0 = Some(w);
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        if !groups(select) {
            return ControlFlow::Continue(());
        }
        let found = select_exprs(select)
            .into_iter()
            .find_map(|e| find_own(e, window));
        match found {
            Some(w) => {
                self.0 = Some(w);
                ControlFlow::Break(())
            }
            None => ControlFlow::Continue(()),
        }
    }
}

/// The expressions evaluated over a SELECT's groups: its columns, HAVING and QUALIFY.
fn select_exprs(select: &Select) -> Vec<&SqlExpr> {
    let mut out: Vec<&SqlExpr> = select
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
            _ => None,
        })
        .collect();
    out.extend(select.having.iter());
    out.extend(select.qualify.iter());
    out
}

/// Whether a SELECT groups its rows: GROUP BY, or an aggregate outside a window.
fn groups(select: &Select) -> bool {
    let grouped = match &select.group_by {
        GroupByExpr::All(_) => true,
        GroupByExpr::Expressions(keys, _) => !keys.is_empty(),
    };
    grouped
        || select_exprs(select).into_iter().any(|e| {
            find_own(e, |e| {
                matches!(e, SqlExpr::Function(f) if f.over.is_none() && is_aggregate(f))
                    .then_some(())
            })
            .is_some()
        })
}

fn is_aggregate(f: &sqlparser::ast::Function) -> bool {
    let name = f.name.to_string().to_ascii_lowercase();
    AGGREGATES.contains(&name.as_str())
}

/// `e` as written when it is a window function.
fn window(e: &SqlExpr) -> Option<String> {
    match e {
        SqlExpr::Function(f) if f.over.is_some() => Some(e.to_string()),
        _ => None,
    }
}

/// The first `Some` of `f` over the expressions inside `node`, but not those of a
/// subquery in it (a subquery's SELECT is judged on its own).
fn find_own<V: Visit, T>(node: &V, f: impl FnMut(&SqlExpr) -> Option<T>) -> Option<T> {
    struct Find<F, T> {
        depth: usize,
        f: F,
        found: Option<T>,
    }
    impl<F: FnMut(&SqlExpr) -> Option<T>, T> Visitor for Find<F, T> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, e: &SqlExpr) -> ControlFlow<()> {
            if self.depth == 0 {
                self.found = (self.f)(e);
                if self.found.is_some() {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut find = Find {
        depth: 0,
        f,
        found: None,
    };
    let _ = node.visit(&mut find);
    find.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_refused_only_in_the_select_that_groups() {
        // a-window-over-aggregate-wrong-total
        let refused = |sql: &str| window_in_grouped_select(sql).is_some();
        assert!(refused(
            "SELECT officer, SUM(COUNT(*)) OVER () FROM t GROUP BY officer"
        ));
        assert!(refused(
            "SELECT a FROM t GROUP BY a ORDER BY RANK() OVER (ORDER BY a)"
        ));
        assert!(refused("SELECT MAX(a), FIRST_VALUE(b) OVER () FROM t"));
        assert!(refused(
            "WITH g AS (SELECT a, COUNT(*) OVER () AS n FROM t GROUP BY a) SELECT * FROM g"
        ));
        // The window is over rows, or over a grouped subquery's rows.
        assert!(!refused("SELECT a, SUM(b) OVER (PARTITION BY a) FROM t"));
        assert!(!refused(
            "SELECT a, SUM(n) OVER () FROM (SELECT a, COUNT(*) AS n FROM t GROUP BY a) g"
        ));
        assert!(!refused(
            "SELECT a, (SELECT COUNT(*) FROM u) AS m, SUM(b) OVER () FROM t"
        ));
        assert!(!refused("SELECT a, COUNT(*) FROM t GROUP BY a"));
        assert!(!refused("SELEC a"));
    }
}
