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
    Cte, DuplicateTreatment, Expr as SqlExpr, Function, FunctionArguments, GroupByExpr,
    NamedWindowExpr, Query, Select, SelectItem, SetExpr, Visit, Visitor, WindowFrame,
    WindowFrameBound, WindowFrameUnits, WindowSpec, WindowType,
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

fn is_aggregate(f: &Function) -> bool {
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

/// The functions the engine computes as a running value (`cum_sum`, `cum_max` …, a row
/// number for `COUNT(*)`) over a window with ORDER BY: right row by row, so right when no
/// two rows of a partition share the ORDER BY value. LAST_VALUE is the current row's value.
const RUNNING: &[&str] = &["sum", "total", "min", "max", "count", "last_value"];

/// Aggregates whose value over an ordered window is that of the first rows, which the
/// engine's value over the whole sorted partition is as well.
const FROM_THE_START: &[&str] = &["first"];

/// What the windows with ORDER BY of a query need before it runs.
#[derive(Debug, Default)]
pub struct OrderedWindows {
    /// The message refusing a window the engine computes over its whole partition.
    pub refused: Option<String>,
    /// One query per running window without a frame clause, answering a row when two rows
    /// of one partition share its ORDER BY value, with the message refusing the query then.
    pub tie_checks: Vec<(String, String)>,
}

/// The windows of `sql` ordered by ORDER BY, which the engine does not compute as SQL means.
///
/// In SQL a window with ORDER BY and no frame clause is `RANGE BETWEEN UNBOUNDED PRECEDING
/// AND CURRENT ROW`: rows with the same ORDER BY value (peers) all get the value through
/// that value, so `COUNT(*) OVER (ORDER BY 月份)` is the cases through each month on every
/// row of the month (累计结案). The engine knows only ROWS frames and refuses RANGE: the
/// running total of a month's rows came out 1, 2, 3, 4 in an arbitrary order, with exit 0.
/// Where the ORDER BY value is unique within each partition the two are the same, so a
/// query per such window (the same WITH clauses, FROM and WHERE, grouped by the partition
/// and ORDER BY keys) looks for two rows of one key; only then is the query refused, with
/// the form that answers (the totals per key in a WITH first, or the ROWS frame written
/// out, which the engine computes and is accepted as written). That query reads the rows
/// once more. A check query the engine cannot plan (a key that is a name given in the same
/// SELECT) is skipped: the window then runs as before.
///
/// AVG, MEDIAN, STDDEV … with ORDER BY are computed by the engine over the whole partition
/// whatever the frame (AVG(x) OVER (ORDER BY k) was the mean of all rows on every row, not
/// the running mean), so such a window is refused outright.
pub fn ordered_windows(sql: &str) -> OrderedWindows {
    let Some(statements) = super::statements(sql) else {
        return OrderedWindows::default();
    };
    let mut finder = OrderedFinder {
        withs: Vec::new(),
        found: OrderedWindows::default(),
    };
    let _ = statements.visit(&mut finder);
    finder.found
}

struct OrderedFinder {
    /// The WITH clauses of the queries around the SELECT being visited, outermost first.
    withs: Vec<Vec<Cte>>,
    found: OrderedWindows,
}

impl OrderedFinder {
    /// Judges the windows of `exprs`, all of `select` (its columns, or its query's ORDER BY).
    fn judge<'a>(&mut self, select: &Select, exprs: impl IntoIterator<Item = &'a SqlExpr>) {
        let mut functions: Vec<Function> = Vec::new();
        for e in exprs {
            find_own(e, |e| {
                if let SqlExpr::Function(f) = e {
                    if f.over.is_some() {
                        functions.push(f.clone());
                    }
                }
                None::<()>
            });
        }
        for f in functions {
            let Some(spec) = window_spec(select, &f) else {
                continue;
            };
            if spec.order_by.is_empty() {
                continue;
            }
            let name = f.name.to_string().to_ascii_lowercase();
            let distinct = matches!(&f.args, FunctionArguments::List(l)
                if l.duplicate_treatment == Some(DuplicateTreatment::Distinct));
            let running = RUNNING.contains(&name.as_str()) && !distinct;
            if is_aggregate(&f) && !running && !FROM_THE_START.contains(&name.as_str()) {
                if self.found.refused.is_none() {
                    self.found.refused = Some(whole_partition_message(&f, &spec));
                }
            } else if running && spec.window_frame.is_none() {
                if let Some(query) = self.tie_query(select, &spec) {
                    let message = ties_message(&f, &spec);
                    self.found.tie_checks.push((query, message));
                }
            }
        }
    }

    /// `WITH … SELECT 1 FROM (SELECT keys FROM … WHERE …) GROUP BY keys HAVING COUNT(*) > 1
    /// LIMIT 1`: a row when two rows of a partition share the ORDER BY value. The keys are
    /// named in an inner SELECT so that two keys of one column (two DATE_PARTs of a date)
    /// do not clash as GROUP BY keys of one name.
    fn tie_query(&self, select: &Select, spec: &WindowSpec) -> Option<String> {
        if select.from.is_empty() {
            return None;
        }
        let keys: Vec<String> = spec
            .partition_by
            .iter()
            .chain(spec.order_by.iter().map(|o| &o.expr))
            .enumerate()
            .map(|(i, k)| format!("{k} AS __caseflow_key{i}"))
            .collect();
        let ctes: Vec<String> = self.withs.iter().flatten().map(|c| c.to_string()).collect();
        let with = if ctes.is_empty() {
            String::new()
        } else {
            format!("WITH {} ", ctes.join(", "))
        };
        let from: Vec<String> = select.from.iter().map(|t| t.to_string()).collect();
        let filter = match &select.selection {
            Some(w) => format!(" WHERE {w}"),
            None => String::new(),
        };
        let group: Vec<String> = (0..keys.len())
            .map(|i| format!("__caseflow_key{i}"))
            .collect();
        Some(format!(
            "{with}SELECT 1 AS tie FROM (SELECT {} FROM {}{filter}) AS __caseflow_keys \
             GROUP BY {} HAVING COUNT(*) > 1 LIMIT 1",
            keys.join(", "),
            from.join(", "),
            group.join(", ")
        ))
    }
}

impl Visitor for OrderedFinder {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        self.withs.push(
            query
                .with
                .as_ref()
                .map(|w| w.cte_tables.clone())
                .unwrap_or_default(),
        );
        if let (SetExpr::Select(select), Some(order_by)) = (query.body.as_ref(), &query.order_by) {
            if let sqlparser::ast::OrderByKind::Expressions(keys) = &order_by.kind {
                self.judge(select, keys.iter().map(|k| &k.expr));
            }
        }
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
        self.withs.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        self.judge(select, select_exprs(select));
        ControlFlow::Continue(())
    }
}

/// The window of `f`, a named one (`OVER w … WINDOW w AS (…)`) looked up in `select`.
fn window_spec(select: &Select, f: &Function) -> Option<WindowSpec> {
    match f.over.as_ref()? {
        WindowType::WindowSpec(spec) => Some(spec.clone()),
        WindowType::NamedWindow(name) => {
            select
                .named_window
                .iter()
                .find_map(|w| match (&w.0 == name, &w.1) {
                    (true, NamedWindowExpr::WindowSpec(spec)) => Some(spec.clone()),
                    _ => None,
                })
        }
    }
}

/// The ORDER BY keys of a window as written, e.g. `month` or `officer, filed_on`.
fn order_keys(spec: &WindowSpec) -> String {
    spec.order_by
        .iter()
        .map(|o| o.expr.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message refusing `f` when rows of one partition tie on its ORDER BY keys, with the
/// two forms that answer.
fn ties_message(f: &Function, spec: &WindowSpec) -> String {
    let keys = order_keys(spec);
    let mut rows = f.clone();
    rows.over = Some(WindowType::WindowSpec(WindowSpec {
        window_frame: Some(WindowFrame {
            units: WindowFrameUnits::Rows,
            start_bound: WindowFrameBound::Preceding(None),
            end_bound: Some(WindowFrameBound::CurrentRow),
        }),
        ..spec.clone()
    }));
    format!(
        "{f} is a running total over rows ordered by {keys}, and rows share a value of \
         {keys}: SQL gives such rows (peers) all the total through their {keys}, caseflow \
         sql's engine adds them up one row after another in no set order, so it is refused. \
         For the total through each {keys}, total the rows per {keys} in a WITH clause first \
         and run the total over its rows, e.g. WITH m AS (SELECT strftime(closed_on, \
         '%Y-%m') AS month, COUNT(*) AS n, SUM(claim_fen) AS claim FROM cases_classified \
         WHERE closed_on IS NOT NULL GROUP BY month) SELECT month, SUM(n) OVER (ORDER BY \
         month) AS cum_n, SUM(claim) OVER (ORDER BY month) AS cum_claim FROM m; for a total \
         row by row, write the frame: {rows}"
    )
}

/// The message refusing an aggregate the engine computes over the whole partition although
/// its window has ORDER BY.
fn whole_partition_message(f: &Function, spec: &WindowSpec) -> String {
    let keys = order_keys(spec);
    format!(
        "{f} is computed by caseflow sql's engine over all rows of its partition, ignoring \
         ORDER BY {keys}, not over the rows up to the current one as SQL means it, so it is \
         refused: without ORDER BY it is the value over the whole partition; a running \
         average is SUM(x) OVER (ORDER BY {keys}) * 1.0 / COUNT(x) OVER (ORDER BY {keys})"
    )
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

    #[test]
    fn a_running_total_is_checked_for_ties_and_an_average_over_an_order_refused() {
        // a-window-order-by-ties-running-total
        let checks = |sql: &str| ordered_windows(sql).tie_checks;
        let c = checks(
            "WITH m AS (SELECT strftime(closed_on, '%Y-%m') AS mon, claim_fen FROM t) \
             SELECT mon, SUM(claim_fen) OVER (PARTITION BY team ORDER BY mon) AS s, \
             COUNT(*) OVER w AS n FROM m WHERE claim_fen > 0 WINDOW w AS (ORDER BY mon)",
        );
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(
            c[0].0,
            "WITH m AS (SELECT strftime(closed_on, '%Y-%m') AS mon, claim_fen FROM t) \
             SELECT 1 AS tie FROM (SELECT team AS __caseflow_key0, mon AS __caseflow_key1 \
             FROM m WHERE claim_fen > 0) AS __caseflow_keys GROUP BY __caseflow_key0, \
             __caseflow_key1 HAVING COUNT(*) > 1 LIMIT 1"
        );
        assert!(
            c[0].1.contains("rows share a value of mon")
                && c[0].1.contains(
                    "SUM(claim_fen) OVER (PARTITION BY team ORDER BY mon ROWS BETWEEN \
                     UNBOUNDED PRECEDING AND CURRENT ROW)"
                ),
            "{}",
            c[0].1
        );
        // A window inside a WITH clause is checked over that clause's FROM.
        assert_eq!(
            checks("WITH a AS (SELECT k, MAX(x) OVER (ORDER BY k) AS m FROM t) SELECT * FROM a")
                .len(),
            1
        );
        // No ORDER BY, a frame written out, or a function that is no running total.
        for sql in [
            "SELECT SUM(x) OVER (PARTITION BY k) FROM t",
            "SELECT SUM(x) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
            "SELECT ROW_NUMBER() OVER (ORDER BY k), RANK() OVER (ORDER BY k), \
             LAG(x) OVER (ORDER BY k) FROM t",
            "SELEC a",
        ] {
            let found = ordered_windows(sql);
            assert!(found.tie_checks.is_empty() && found.refused.is_none(), "{sql}");
        }
        let refused = |sql: &str| ordered_windows(sql).refused;
        assert!(refused("SELECT AVG(x) OVER (ORDER BY k) FROM t")
            .is_some_and(|m| m.contains("AVG(x) OVER (ORDER BY k) is computed")));
        assert!(refused("SELECT COUNT(DISTINCT x) OVER (ORDER BY k) FROM t").is_some());
        assert!(refused("SELECT AVG(x) OVER (PARTITION BY k) FROM t").is_none());
    }
}
