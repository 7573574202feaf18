//! Conditions on the joined table inside `JOIN … ON`, which the engine cannot resolve.
//!
//! `LEFT JOIN trend_flows t ON c.officer = t.officer AND t.level = 'officer'` is how SQL
//! keeps a LEFT JOIN's unmatched rows while filtering the joined table; polars' SQL looks
//! `t.level` up among the left table's columns and refuses the query with "unable to find
//! column \"level\"", right above the listing that shows `trend_flows` has it. For an
//! INNER or LEFT join, a condition of the ON clause that names only the joined (right)
//! table's columns selects which of its rows can match, so it is the same as joining the
//! table filtered first: `LEFT JOIN (SELECT * FROM trend_flows AS t WHERE t.level =
//! 'officer') AS t ON c.officer = t.officer`, which the engine runs. The query is written
//! so before it is run. A RIGHT or FULL join keeps the right table's rows, so there the
//! condition is no filter and the query is left to the engine.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr as SqlExpr, Ident, JoinConstraint, JoinOperator, Select, TableFactor,
    Visit, VisitMut, Visitor, VisitorMut,
};

use super::parser;

/// `sql` with each INNER or LEFT join's ON conditions on the joined table alone moved into
/// a filtered subquery of that table; `sql` itself when there is none, or the text is no
/// SQL the parser reads.
pub fn right_filters_into_subqueries(sql: &str) -> String {
    let Ok(mut statements) = parser()
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements())
    else {
        return sql.to_string();
    };
    let mut mover = Mover { changed: false };
    let _ = VisitMut::visit(&mut statements, &mut mover);
    if !mover.changed {
        return sql.to_string();
    }
    statements
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(";\n")
}

struct Mover {
    changed: bool,
}

impl VisitorMut for Mover {
    type Break = ();

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        for from in &mut select.from {
            for join in &mut from.joins {
                let (JoinOperator::Join(JoinConstraint::On(on))
                | JoinOperator::Inner(JoinConstraint::On(on))
                | JoinOperator::Left(JoinConstraint::On(on))
                | JoinOperator::LeftOuter(JoinConstraint::On(on))) = &mut join.join_operator
                else {
                    continue;
                };
                // A plain table: the name it is known by in the query is its alias, or
                // its own name.
                let TableFactor::Table {
                    name,
                    alias,
                    args: None,
                    with_hints,
                    version: None,
                    partitions,
                    ..
                } = &join.relation
                else {
                    continue;
                };
                if !with_hints.is_empty() || !partitions.is_empty() {
                    continue;
                }
                let known_as = match alias {
                    Some(a) if a.columns.is_empty() => a.name.clone(),
                    Some(_) => continue,
                    None => match name.0.last().and_then(|p| p.as_ident()) {
                        Some(i) => i.clone(),
                        None => continue,
                    },
                };
                let mut conjuncts = Vec::new();
                split_and(on, &mut conjuncts);
                let (right, rest): (Vec<SqlExpr>, Vec<SqlExpr>) = conjuncts
                    .into_iter()
                    .partition(|c| only_columns_of(c, &known_as));
                // The join needs a condition between the tables left in ON.
                if right.is_empty() || rest.is_empty() {
                    continue;
                }
                let joined = |es: &[SqlExpr]| {
                    es.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join(" AND ")
                };
                let as_clause = match alias {
                    Some(_) => format!(" AS {known_as}"),
                    None => String::new(),
                };
                let factor = format!(
                    "(SELECT * FROM {name}{as_clause} WHERE {}) AS {known_as}",
                    joined(&right)
                );
                let (Ok(factor), Ok(condition)) = (
                    parser()
                        .try_with_sql(&factor)
                        .and_then(|mut p| p.parse_table_factor()),
                    parser()
                        .try_with_sql(&joined(&rest))
                        .and_then(|mut p| p.parse_expr()),
                ) else {
                    continue;
                };
                join.relation = factor;
                *on = condition;
                self.changed = true;
            }
        }
        ControlFlow::Continue(())
    }
}

/// The conditions of `e` joined by AND (through brackets), in order.
fn split_and(e: &SqlExpr, out: &mut Vec<SqlExpr>) {
    match e {
        SqlExpr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            split_and(left, out);
            split_and(right, out);
        }
        SqlExpr::Nested(inner)
            if matches!(
                **inner,
                SqlExpr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            split_and(inner, out)
        }
        _ => out.push(e.clone()),
    }
}

/// Whether `e` names columns, each as `table.column` of the table known as `table`, and
/// nothing else that could be a column: no unqualified name (it could be the left
/// table's) and no subquery.
fn only_columns_of(e: &SqlExpr, table: &Ident) -> bool {
    struct Check<'a> {
        table: &'a Ident,
        columns: usize,
    }
    impl Visitor for Check<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &SqlExpr) -> ControlFlow<()> {
            match e {
                SqlExpr::CompoundIdentifier(parts)
                    if parts.len() == 2 && parts[0].value == self.table.value =>
                {
                    self.columns += 1;
                    ControlFlow::Continue(())
                }
                SqlExpr::Identifier(_)
                | SqlExpr::CompoundIdentifier(_)
                | SqlExpr::Subquery(_)
                | SqlExpr::Exists { .. }
                | SqlExpr::InSubquery { .. } => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        }
    }
    let mut check = Check { table, columns: 0 };
    e.visit(&mut check).is_continue() && check.columns > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_on_the_joined_table_alone_moves_into_a_filtered_subquery() {
        // a-join-on-right-filter-column-not-found
        let moved = right_filters_into_subqueries(
            "SELECT COUNT(*) FROM cases_classified c LEFT JOIN trend_flows t \
             ON c.officer = t.officer AND t.level = 'officer' AND t.period >= '2025-01'",
        );
        assert_eq!(
            moved,
            "SELECT COUNT(*) FROM cases_classified c LEFT JOIN (SELECT * FROM trend_flows \
             AS t WHERE t.level = 'officer' AND t.period >= '2025-01') AS t \
             ON c.officer = t.officer"
        );
        let moved = right_filters_into_subqueries(
            "SELECT 1 FROM a JOIN b ON a.k = b.k AND (b.x = 1 AND b.y IN (2, 3))",
        );
        assert_eq!(
            moved,
            "SELECT 1 FROM a JOIN (SELECT * FROM b WHERE b.x = 1 AND b.y IN (2, 3)) AS b \
             ON a.k = b.k"
        );
        // Left alone: a RIGHT or FULL join, a condition on the left table, or on both, an
        // unqualified name, an OR, a subquery, a condition with nothing else in ON.
        for sql in [
            "SELECT 1 FROM a RIGHT JOIN b ON a.k = b.k AND b.x = 1",
            "SELECT 1 FROM a FULL OUTER JOIN b ON a.k = b.k AND b.x = 1",
            "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k AND a.x = 1",
            "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k AND a.x = b.x",
            "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k AND x = 1",
            "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k OR b.x = 1",
            "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k AND b.x IN (SELECT x FROM c)",
            "SELECT 1 FROM a LEFT JOIN b ON b.x = 1",
            "SELEC 1",
        ] {
            assert_eq!(right_filters_into_subqueries(sql), sql);
        }
    }
}
