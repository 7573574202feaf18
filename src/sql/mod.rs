//! Ad hoc SQL over the Parquet tables of a run (`caseflow sql`, DESIGN §1 "ad hoc analysis").
//!
//! Statisticians are asked a new question every week; the answer is usually one `SELECT`
//! over the tables a run already wrote. Every `RUN/parquet/*.parquet` is registered under its
//! file stem (`cases_classified`, `census_summary` …) as a lazy scan, so a query reads only
//! the columns and row groups it needs; the result is collected once. The engine is
//! polars' own SQL (pinned with polars), kept behind this module like every other polars
//! call whose API moves between versions.
//!
//! A query the engine refuses is the user's to fix, not a crash: the engine's message is
//! kept, stripped of the plan dump polars appends, and followed by the columns of the
//! tables the query named (or every table when it named none that exists), because the
//! usual mistake is a column or table name. It is [`Error::Query`], exit code 2. A panic
//! inside the engine is caught and reported the same way, never as a stack trace.
//!
//! Saved queries (`pipelines/queries/*.sql`, [`saved`]), the schema listing and its
//! Markdown form (`docs/schema.md`, [`schema`]), the terminal table ([`render`]) and the
//! CSV/Parquet/xlsx outputs ([`output`]) are in the submodules.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::{Error, Result};

mod joins;
pub mod labels;
mod names;
pub mod output;
pub mod render;
pub mod saved;
pub mod schema;
mod windows;

/// One Parquet table of a run.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file stem: the name queries use.
    pub name: String,
    pub path: PathBuf,
    pub schema: SchemaRef,
}

/// The tables of one run folder, found and their schemas read (footers only).
#[derive(Debug, Clone)]
pub struct RunTables {
    pub run: PathBuf,
    pub tables: Vec<Table>,
}

fn scan(path: &Path) -> PolarsResult<LazyFrame> {
    let args = ScanArgsParquet {
        // A run folder is a path, not a pattern: `[` in a folder name must not glob.
        glob: false,
        ..Default::default()
    };
    LazyFrame::scan_parquet(PlRefPath::try_from_path(path)?, args)
}

/// The engine with caseflow's functions ([`Functions`]) and no table yet.
fn engine() -> SQLContext {
    SQLContext::new().with_function_registry(std::sync::Arc::new(Functions))
}

impl RunTables {
    /// Finds `RUN/parquet/*.parquet`, sorted by name, and reads each schema. A folder that
    /// is not a run is a usage error (exit 2): nothing was asked of the data yet.
    pub fn open(run: &Path) -> Result<RunTables> {
        let pq = run.join("parquet");
        if !run.is_dir() {
            return Err(Error::Usage(format!(
                "--from {}: no such folder (give the output folder of a run, e.g. \
                 out/baseline-census)",
                run.display()
            )));
        }
        if !pq.is_dir() {
            return Err(Error::Usage(format!(
                "--from {}: not a run folder (it has no parquet/ folder; `caseflow run \
                 PIPELINE.toml` writes one)",
                run.display()
            )));
        }
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&pq)
            .map_err(|e| Error::io(&pq, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "parquet")
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| !n.starts_with('.'))
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Error::Usage(format!(
                "--from {}: parquet/ holds no tables",
                run.display()
            )));
        }
        let mut tables = Vec::with_capacity(paths.len());
        for path in paths {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let schema = scan(&path)
                .and_then(|mut lf| lf.collect_schema())
                .map_err(|e| Error::polars(format!("reading {}", path.display()), e))?;
            tables.push(Table { name, path, schema });
        }
        Ok(RunTables {
            run: run.to_path_buf(),
            tables,
        })
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// Rows of a table, from the Parquet metadata.
    pub fn rows(&self, t: &Table) -> Result<usize> {
        let df = scan(&t.path)
            .and_then(|lf| lf.select([len()]).collect())
            .map_err(|e| Error::polars(format!("reading {}", t.path.display()), e))?;
        Ok(df
            .columns()
            .first()
            .and_then(|c| c.get(0).ok())
            .and_then(|v| v.extract::<usize>())
            .unwrap_or(0))
    }

    /// A SQL context with every table registered as a lazy scan.
    fn context(&self) -> Result<SQLContext> {
        let ctx = engine();
        for t in &self.tables {
            let lf = scan(&t.path)
                .map_err(|e| Error::polars(format!("reading {}", t.path.display()), e))?;
            ctx.register(&t.name, lf);
        }
        Ok(ctx)
    }

    /// Runs one query and collects its result. Errors of the query (syntax, unknown
    /// table or column, a type the function does not take, a cast that fails on the data)
    /// are [`Error::Query`] with the columns the query could have used; a file that
    /// cannot be read is [`Error::Polars`].
    pub fn query(&self, sql: &str) -> Result<DataFrame> {
        let sql = sql.trim().trim_end_matches(';').trim();
        if sql.is_empty() {
            let message = "the query is empty".to_string();
            return Err(Error::Query {
                help: self.help_for("", &message),
                message,
            });
        }
        if let Some(message) = invalid_date_literal(sql) {
            return Err(Error::Query {
                help: self.help_for(sql, &message),
                message,
            });
        }
        let date_columns = self.date_columns(sql);
        if let Some(message) = date_compared_with_number(sql, &date_columns) {
            return Err(Error::Query {
                help: DATE_FORM_HELP.to_string(),
                message,
            });
        }
        // A quoted date compared with a date expression is read as the date, never as text.
        let dated = quoted_dates_as_dates(sql, &date_columns).map_err(|message| Error::Query {
            help: DATE_FORM_HELP.to_string(),
            message,
        })?;
        let sql = dated.as_str();
        if let Some(message) = windows::window_in_grouped_select(sql) {
            return Err(Error::Query {
                help: self.help_for(sql, &message),
                message,
            });
        }
        let ordered = windows::ordered_windows(sql);
        if let Some(message) = ordered.refused {
            return Err(Error::Query {
                help: self.help_for(sql, &message),
                message,
            });
        }
        let mut ctx = self.context()?;
        let previous = polars::error::get_warning_function();
        polars::error::set_warning_function(engine_warning);
        // A running total whose ORDER BY value repeats within a partition is refused
        // ([`windows::ordered_windows`]); a check the engine cannot run decides nothing.
        for (check, message) in &ordered.tie_checks {
            let tied = catch_engine_panic(|| {
                ctx.execute(&rewritten(&joins::right_filters_into_subqueries(check)))
                    .and_then(|lf| lf.collect())
            });
            if matches!(tied, Ok(Ok(df)) if df.height() > 0) {
                polars::error::set_warning_function(previous);
                return Err(Error::Query {
                    help: self.help_for(sql, message),
                    message: message.clone(),
                });
            }
        }
        let run = || -> PolarsResult<DataFrame> {
            // A query refused only because two computed columns got one default name
            // (MIN(x), MAX(x)) runs again with those columns named ([`names`]), by the text
            // the user wrote (before ROUND is rewritten); a few rounds at most, one per
            // clashing name.
            // A condition on the joined table alone inside JOIN … ON, which the engine
            // looks for among the left table's columns, is moved into a filtered subquery
            // of that table ([`joins`]), the same rows for an INNER or LEFT join.
            let mut written = joins::right_filters_into_subqueries(sql);
            for _ in 0..8 {
                // Resolving the plan first reports a wrong column before any data is read.
                let planned = ctx
                    .execute(&rewritten(&written))
                    .and_then(|mut lf| lf.collect_schema().map(|_| lf));
                match planned {
                    Ok(lf) => return lf.collect(),
                    Err(e) => {
                        let text = e.to_string();
                        match names::duplicate_output_name(&text)
                            .and_then(|name| names::name_clashing_columns(&written, name))
                        {
                            Some(named) => written = named,
                            None => return Err(e),
                        }
                    }
                }
            }
            ctx.execute(&rewritten(&written))?.collect()
        };
        let outcome = catch_engine_panic(run);
        polars::error::set_warning_function(previous);
        match outcome {
            Ok(Ok(df)) => Ok(df),
            Ok(Err(e)) if is_file_error(&e) => Err(Error::polars(
                format!("reading the tables of {}", self.run.display()),
                e,
            )),
            Ok(Err(e)) => {
                let message = engine_message(&e);
                // Two result columns of one name: the columns of the tables are no help,
                // and polars' hint (`.alias("new_name")`) is its Rust and Python API, not SQL.
                if let Some(name) = names::duplicate_output_name(&message) {
                    if message.contains("group_by keys") {
                        return Err(Error::Query {
                            message: format!(
                                "two GROUP BY keys would both be named {name:?} (an expression \
                                 without AS is named after the column inside it)"
                            ),
                            help:
                                "Name each key in the SELECT with AS and group by those \
                                   names, e.g. SELECT DATE_PART('year', filed_on) AS y, \
                                   DATE_PART('month', filed_on) AS m, COUNT(*) AS n … GROUP BY y, m"
                                    .to_string(),
                        });
                    }
                    return Err(Error::Query {
                        message: format!(
                            "two columns of the result would both be named {name:?} (a column \
                             computed without AS is named after the column inside it: \
                             MIN(filed_on) is filed_on, COUNT(*) is len)"
                        ),
                        help: "Give each computed column its own name with AS, e.g. \
                               SELECT MIN(filed_on) AS first_filed, MAX(filed_on) AS last_filed …"
                            .to_string(),
                    });
                }
                if message.starts_with("HAVING clause not valid outside of GROUP BY") {
                    let message = having_without_group_by(sql);
                    return Err(Error::Query {
                        help: self.help_for(sql, &message),
                        message,
                    });
                }
                // A quoted date the engine could not read: name it, not only the columns.
                if let Some(message) = unreadable_date_strings(sql, &message) {
                    return Err(Error::Query {
                        help: DATE_FORM_HELP.to_string(),
                        message,
                    });
                }
                let message = self.explain(sql, &message);
                Err(Error::Query {
                    help: self.help_for(sql, &message),
                    message,
                })
            }
            Err(panic) => {
                // polars panics with an `unwrap()` of its own error; the Rust wording of
                // that is no help to the reader, the error inside it may be.
                let panic = panic
                    .strip_prefix("called `Result::unwrap()` on an `Err` value: ")
                    .unwrap_or(&panic);
                let message = format!(
                    "the SQL engine could not run this query (internal error: {panic}); \
                     rewriting it (a subquery as a WITH clause, a function by another) \
                     usually works"
                );
                Err(Error::Query {
                    help: self.help_for(sql, &message),
                    message,
                })
            }
        }
    }

    /// The engine's message with a better guess at what was meant. polars suggests the
    /// column nearest in spelling, which for a Chinese label is noise (`承办人` → "seq"):
    /// the label is looked up among the Chinese labels `--schema` and the workbook show
    /// ([`labels::label`]), and its column named. An unknown table gets the nearest table
    /// name, or the table a workbook sheet name (收结存, 积案汇总) shows.
    fn explain(&self, sql: &str, message: &str) -> String {
        if let Some(name) = quoted_after(message, "unable to find column \"", '"') {
            let named =
                polars::sql::extract_table_identifiers(sql, false, true).unwrap_or_default();
            let mut tables: Vec<&Table> = named.iter().filter_map(|n| self.table(n)).collect();
            if tables.is_empty() {
                tables = self.tables.iter().collect();
            }
            let mut found: Vec<(String, String)> = Vec::new();
            for t in &tables {
                for c in t.schema.iter_names() {
                    let is_label =
                        labels::label(&t.name, c).is_some_and(|l| label_matches(&l, name));
                    if is_label && !found.iter().any(|(col, _)| col == c.as_str()) {
                        found.push((c.to_string(), t.name.clone()));
                    }
                }
            }
            let base = without_suggestion(message);
            if let Some((col, _)) = found.first() {
                let which = found
                    .iter()
                    .map(|(c, t)| format!("{c} ({t})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return format!(
                    "{base}\n\n{name:?} is the Chinese label of the column {which}; SQL names \
                     columns in English. Did you mean {col:?}?"
                );
            }
            // polars' nearest spelling of a Chinese word among English names means nothing.
            if !name.is_ascii() {
                return format!(
                    "{base}\n\nNo column is labelled {name:?}; `caseflow sql --schema` lists \
                     each column with its Chinese label."
                );
            }
            return message.to_string();
        }
        if let Some(name) = quoted_after(message, "relation '", '\'') {
            if let Some(t) = self.nearest_table(name) {
                return format!("{message}\n\nDid you mean {t:?}?");
            }
        }
        message.to_string()
    }

    /// The table a misspelled or Chinese name most likely means: a table whose workbook
    /// sheet has that name, else the nearest name within a few edits.
    fn nearest_table(&self, name: &str) -> Option<String> {
        use crate::census::{CENSUS_TABLES, TREND_TABLES};
        let sheets = crate::evaluate::EVALUATION_TABLES
            .iter()
            .chain(CENSUS_TABLES.iter())
            .chain(TREND_TABLES.iter())
            .chain(crate::project::PROJECT_TABLES.iter());
        for t in sheets {
            if (t.sheet_zh == name || t.sheet_en.eq_ignore_ascii_case(name))
                && self.table(t.name).is_some()
            {
                return Some(t.name.to_string());
            }
        }
        let lower = name.to_lowercase();
        self.tables
            .iter()
            .map(|t| (strsim::levenshtein(&lower, &t.name.to_lowercase()), &t.name))
            .filter(|(d, t)| *d <= 3.max(t.len() / 4))
            .min_by_key(|(d, _)| *d)
            .map(|(_, t)| t.clone())
    }

    /// The date columns (Date or Datetime) of the tables the query names.
    fn date_columns(&self, sql: &str) -> Vec<String> {
        let named = polars::sql::extract_table_identifiers(sql, false, true).unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        for t in named.iter().filter_map(|n| self.table(n)) {
            for (name, dtype) in t.schema.iter() {
                let date = matches!(dtype, DataType::Date | DataType::Datetime(..));
                if date && !out.iter().any(|c| c == name.as_str()) {
                    out.push(name.to_string());
                }
            }
        }
        out
    }

    /// What to show under an engine error: the columns of the tables the query named,
    /// or, when it named none that exists, every table with its columns.
    pub fn help_for(&self, sql: &str, message: &str) -> String {
        let named = polars::sql::extract_table_identifiers(sql, false, true).unwrap_or_default();
        let known: Vec<&Table> = named.iter().filter_map(|n| self.table(n)).collect();
        let unknown: Vec<&String> = named.iter().filter(|n| self.table(n).is_none()).collect();
        let mut out = String::new();
        if known.is_empty() {
            out.push_str(&format!(
                "Tables of {} (query them by these names):\n",
                self.run.display()
            ));
            for t in &self.tables {
                out.push_str(&format!("  {}:\n", t.name));
                let cols: Vec<String> = t.schema.iter_names().map(|n| n.to_string()).collect();
                out.push_str(&wrap(&cols, "      "));
            }
        } else {
            for t in &known {
                out.push_str(&format!("Columns of {}:\n", t.name));
                let cols: Vec<String> = t
                    .schema
                    .iter()
                    .map(|(name, dtype)| format!("{name} ({})", schema::type_name(dtype)))
                    .collect();
                out.push_str(&wrap(&cols, "  "));
            }
            // A name in FROM that is no table (WITH names are not tables either, so only
            // the names the engine complained about count).
            if unknown.iter().any(|n| message.contains(n.as_str())) {
                out.push_str(&format!(
                    "Other tables: {}\n",
                    self.tables
                        .iter()
                        .filter(|t| !known.iter().any(|k| k.name == t.name))
                        .map(|t| t.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        out.push_str(
            "`caseflow sql --schema --from RUN` lists every table with types and Chinese labels.",
        );
        out
    }
}

/// The query with every `ROUND(x)` and `ROUND(x, n)` rounding half away from zero, as
/// every figure caseflow shows is rounded (domain/metrics.md, "Rounding when shown"):
/// polars' ROUND rounds half to even (ROUND(3.125, 2) = 3.12, ROUND(2.5) = 2), so an ad
/// hoc 结收比 would differ from the report's by a hundredth. Each call becomes
/// `ROUND_HALF_AWAY(x, n)` ([`ROUND_HALF_AWAY`], a float, null for a null `x`), written
/// through the parser the engine uses. A query without ROUND, one the parser refuses, or a
/// ROUND whose decimals are not a whole-number literal, is left as it is for the engine.
pub fn round_half_away(sql: &str) -> String {
    use sqlparser::ast::{
        visit_expressions_mut, Expr as SqlExpr, FunctionArg, FunctionArgExpr, FunctionArguments,
    };
    use std::ops::ControlFlow;
    if !sql.to_ascii_lowercase().contains("round") {
        return sql.to_string();
    }
    let Some(mut statements) = statements(sql) else {
        return sql.to_string();
    };
    let mut changed = false;
    let _ = visit_expressions_mut(&mut statements, |expr| {
        let SqlExpr::Function(f) = &*expr else {
            return ControlFlow::<()>::Continue(());
        };
        if !f.name.to_string().eq_ignore_ascii_case("round")
            || f.filter.is_some()
            || f.over.is_some()
        {
            return ControlFlow::Continue(());
        }
        let FunctionArguments::List(list) = &f.args else {
            return ControlFlow::Continue(());
        };
        let args: Vec<&SqlExpr> = list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect();
        if args.len() != list.args.len() || !list.clauses.is_empty() {
            return ControlFlow::Continue(());
        }
        let decimals = match args.as_slice() {
            [_] => Some(0),
            [_, n] => n.to_string().parse::<u32>().ok().filter(|n| *n <= 15),
            _ => None,
        };
        let Some(n) = decimals else {
            return ControlFlow::Continue(());
        };
        if let Some(new) = expression(&format!("{ROUND_HALF_AWAY}({}, {n})", args[0])) {
            *expr = new;
            changed = true;
        }
        ControlFlow::Continue(())
    });
    written_back(sql, &statements, changed)
}

/// The query as rewritten: `sql` itself when no statement changed (its own spelling kept),
/// else the statements written back.
fn written_back(sql: &str, statements: &[sqlparser::ast::Statement], changed: bool) -> String {
    if !changed {
        return sql.to_string();
    }
    statements
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(";\n")
}

/// An expression a rewrite writes as text, parsed; `None` when it does not parse.
fn expression(text: &str) -> Option<sqlparser::ast::Expr> {
    parser()
        .try_with_sql(text)
        .and_then(|mut p| p.parse_expr())
        .ok()
}

/// The query with every `COUNT(…)` (a window's too) written `CAST(COUNT(…) AS BIGINT)`.
/// The engine counts in an unsigned 32-bit integer, and arithmetic on it stays unsigned:
/// `COUNT(*) - 5` over three rows was 4294967294, and a month-on-month change (环比增减,
/// `n - LAG(n) OVER (…)`) or a gap to a target (`n - 100`) below zero came out as four
/// billion, and sorted and summed as such. A count is a signed integer in every SQL a
/// statistician knows; the cast keeps the count's name (`len` for `COUNT(*)` without AS,
/// the column's for `COUNT(x)`), so only its type changes, to i64 like every other whole
/// number of the tables. A query the parser refuses is left as it is for the engine.
pub fn signed_counts(sql: &str) -> String {
    use sqlparser::ast::{visit_expressions_mut, CastKind, DataType as SqlType, Expr as SqlExpr};
    use std::ops::ControlFlow;
    if !sql.to_ascii_lowercase().contains("count") {
        return sql.to_string();
    }
    let Some(mut statements) = statements(sql) else {
        return sql.to_string();
    };
    let mut changed = false;
    // Expressions are visited after their parts, so the COUNT just wrapped is not met again.
    let _ = visit_expressions_mut(&mut statements, |expr| {
        if let SqlExpr::Function(f) = &*expr {
            if f.name.to_string().eq_ignore_ascii_case("count") {
                *expr = SqlExpr::Cast {
                    kind: CastKind::Cast,
                    expr: Box::new(expr.clone()),
                    data_type: SqlType::BigInt(None),
                    array: false,
                    format: None,
                };
                changed = true;
            }
        }
        ControlFlow::<()>::Continue(())
    });
    written_back(sql, &statements, changed)
}

/// The query with every `SUM(c)` of a constant number `c` (`SUM(1)`, `SUM(0.5)`, a
/// window's too) written `NULLIF(COUNT(*), 0) * (c)`. The engine evaluates the sum of a
/// literal once, on the literal, not once per row: `SUM(1) AS 件数` was 1 for the whole
/// table, for every GROUP BY group and over every window, where every SQL engine a
/// statistician knows counts the rows, and a share `100.0 * SUM(CASE …) / SUM(1)` came out
/// a hundred times too large, with exit 0. COUNT(*) keeps the FILTER and OVER of the SUM;
/// NULLIF keeps SQL's empty sum, NULL over no rows. `SUM(DISTINCT c)` (the constant itself),
/// and a query the parser refuses, are left as they are for the engine.
pub fn sums_of_constants(sql: &str) -> String {
    use sqlparser::ast::{
        visit_expressions_mut, DuplicateTreatment, Expr as SqlExpr, FunctionArg, FunctionArgExpr,
        FunctionArguments,
    };
    use std::ops::ControlFlow;
    if !sql.to_ascii_lowercase().contains("sum") {
        return sql.to_string();
    }
    let Some(mut statements) = statements(sql) else {
        return sql.to_string();
    };
    let mut changed = false;
    let _ = visit_expressions_mut(&mut statements, |expr| {
        let SqlExpr::Function(f) = &*expr else {
            return ControlFlow::<()>::Continue(());
        };
        let FunctionArguments::List(list) = &f.args else {
            return ControlFlow::Continue(());
        };
        let constant = match list.args.as_slice() {
            [FunctionArg::Unnamed(FunctionArgExpr::Expr(e))] if is_number(e) => e,
            _ => return ControlFlow::Continue(()),
        };
        if !f.name.to_string().eq_ignore_ascii_case("sum")
            || !list.clauses.is_empty()
            || matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct))
        {
            return ControlFlow::Continue(());
        }
        let Some(SqlExpr::Function(count)) = expression("COUNT(*)") else {
            return ControlFlow::Continue(());
        };
        let mut rows = f.clone();
        rows.name = count.name;
        rows.args = count.args;
        if let Some(new) = expression(&format!("NULLIF({rows}, 0) * ({constant})")) {
            *expr = new;
            changed = true;
        }
        ControlFlow::Continue(())
    });
    written_back(sql, &statements, changed)
}

/// The query as the engine is given it: a sum of a constant counted ([`sums_of_constants`]),
/// a difference of dates compared or cast in days ([`durations_in_days`]), ROUND half away
/// from zero ([`round_half_away`]), counts signed ([`signed_counts`]).
fn rewritten(sql: &str) -> String {
    signed_counts(&round_half_away(&durations_in_days(&sums_of_constants(
        sql,
    ))))
}

/// The query with a difference of dates read as its number of days where a number is
/// meant: compared with a number (`closed_on - filed_on <= 180`, BETWEEN, IN) or cast to
/// one (`CAST(as_of - filed_on AS BIGINT)`). The engine holds a date minus a date as a
/// duration in microseconds, so `<= 180` meant 180 µs (no case), `> 365` every case, and
/// the cast gave 86 400 000 000 times the days, all with exit 0, where caseflow shows the
/// difference as days everywhere (README, "Ad hoc analysis") and the analyst compares it
/// with days. Types are not known before the engine plans the query, so any operand that
/// may be a duration (it holds a subtraction of two non-numbers, or a name the query gives
/// with AS) is wrapped in [`DAYS`], which gives a duration's days and leaves any other value
/// as it is: a count or an amount compared with a number is unchanged. A comparison with an
/// `INTERVAL '180 days'` is a duration compared with a duration, and is left alone; so is
/// a query the parser refuses. ROUND takes a duration as its days itself
/// ([`round_half_away_udf`]).
pub fn durations_in_days(sql: &str) -> String {
    use sqlparser::ast::{visit_expressions_mut, BinaryOperator as Op, Expr as SqlExpr};
    use std::ops::ControlFlow;
    let Some(mut statements) = statements(sql) else {
        return sql.to_string();
    };
    let aliases = names_given_with_as(&statements);
    let may_be_duration = |e: &SqlExpr| -> bool {
        !is_number(e)
            && sqlparser::ast::visit_expressions(e, |part| {
                let found = match part {
                    SqlExpr::BinaryOp {
                        left,
                        op: Op::Minus,
                        right,
                    } => !is_number(left) && !is_number(right),
                    SqlExpr::Identifier(i) => aliases.contains(&i.value),
                    SqlExpr::CompoundIdentifier(parts) => {
                        parts.last().is_some_and(|i| aliases.contains(&i.value))
                    }
                    _ => false,
                };
                if found {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .is_break()
    };
    let days = |e: &SqlExpr| expression(&format!("{DAYS}({e})"));
    let mut changed = false;
    // Expressions are visited after their parts, so a wrapped operand is not met again.
    let _ = visit_expressions_mut(&mut statements, |expr| {
        let operand: Option<&mut Box<SqlExpr>> = match expr {
            SqlExpr::BinaryOp {
                left,
                op: Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq,
                right,
            } => {
                if is_number(right) && may_be_duration(left) {
                    Some(left)
                } else if is_number(left) && may_be_duration(right) {
                    Some(right)
                } else {
                    None
                }
            }
            SqlExpr::Between {
                expr, low, high, ..
            } if is_number(low) && is_number(high) && may_be_duration(expr) => Some(expr),
            SqlExpr::InList { expr, list, .. }
                if !list.is_empty() && list.iter().all(is_number) && may_be_duration(expr) =>
            {
                Some(expr)
            }
            SqlExpr::Cast {
                expr, data_type, ..
            } if is_numeric_type(data_type) && may_be_duration(expr) => Some(expr),
            _ => None,
        };
        if let Some(operand) = operand {
            if let Some(wrapped) = days(operand) {
                **operand = wrapped;
                changed = true;
            }
        }
        ControlFlow::<()>::Continue(())
    });
    written_back(sql, &statements, changed)
}

/// Whether a CAST's type is a number (`BIGINT`, `INTEGER`, `DOUBLE`, `DECIMAL(10, 2)` …).
fn is_numeric_type(t: &sqlparser::ast::DataType) -> bool {
    let t = t.to_string().to_ascii_uppercase();
    // INTERVAL starts like INT and is no number: a cast to it is left alone.
    !t.starts_with("INTERVAL")
        && [
            "INT",
            "BIGINT",
            "SMALLINT",
            "TINYINT",
            "UINT",
            "UBIGINT",
            "USMALLINT",
            "UTINYINT",
            "UNSIGNED",
            "HUGEINT",
            "FLOAT",
            "DOUBLE",
            "REAL",
            "DECIMAL",
            "NUMERIC",
            "DEC",
        ]
        .iter()
        .any(|n| t.starts_with(n))
}

/// The function [`durations_in_days`] wraps a possible duration in, one caseflow gives the
/// engine ([`Functions`]): a duration's number of days (a float, as `AVG(as_of - filed_on)`
/// may hold part of a day), any other value as it is.
const DAYS: &str = "CASEFLOW_DAYS";

/// `CASEFLOW_DAYS(x)`: see [`DAYS`].
fn days_udf() -> UserDefinedFunction {
    let f = |cols: &mut [Column]| -> PolarsResult<Column> { duration_as_days(&cols[0]) };
    let dtype = |_: &Schema, fields: &[Field]| -> PolarsResult<Field> {
        let Some(x) = fields.first() else {
            polars_bail!(SQLSyntax: "{DAYS} expects 1 argument")
        };
        Ok(match x.dtype() {
            DataType::Duration(_) => Field::new(x.name().clone(), DataType::Float64),
            // A literal's type (`CASE … THEN 1 ELSE 0 END`) is settled only when the plan
            // is: the engine needs a function's type settled.
            dtype => Field::new(x.name().clone(), dtype.clone().materialize_unknown(false)?),
        })
    };
    let mut udf = UserDefinedFunction::new(DAYS.into(), BaseColumnUdf::new(f, dtype));
    udf.options = polars::sql::FunctionOptions::elementwise();
    udf
}

/// A duration column as its number of days (Float64, its name kept); any other column as
/// it is.
fn duration_as_days(c: &Column) -> PolarsResult<Column> {
    let DataType::Duration(unit) = c.dtype() else {
        return Ok(c.clone());
    };
    let day = output::per_day(*unit);
    let days: Float64Chunked = c
        .cast(&DataType::Int64)?
        .i64()?
        .iter()
        .map(|v| v.map(|v| v as f64 / day))
        .collect();
    Ok(days.with_name(c.name().clone()).into_column())
}

/// Whether `e` is a number or arithmetic of numbers (`1`, `-0.5`, `2026 - 02 - 01`): a
/// constant, whatever the row.
fn is_number(e: &sqlparser::ast::Expr) -> bool {
    use sqlparser::ast::{BinaryOperator as Op, Expr as SqlExpr, UnaryOperator, Value};
    match e {
        SqlExpr::Value(v) => matches!(v.value, Value::Number(..)),
        SqlExpr::Nested(e) => is_number(e),
        SqlExpr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => is_number(expr),
        SqlExpr::BinaryOp {
            left,
            op: Op::Plus | Op::Minus | Op::Multiply | Op::Divide,
            right,
        } => is_number(left) && is_number(right),
        _ => false,
    }
}

/// The function [`round_half_away`] writes in place of `ROUND`, one caseflow gives the
/// engine ([`Functions`]).
const ROUND_HALF_AWAY: &str = "ROUND_HALF_AWAY";

/// The functions caseflow adds to the engine's SQL: [`ROUND_HALF_AWAY`] and [`DAYS`].
struct Functions;

impl polars::sql::FunctionRegistry for Functions {
    fn register(&mut self, name: &str, _fun: UserDefinedFunction) -> PolarsResult<()> {
        polars_bail!(ComputeError: "no function can be added to caseflow's SQL ({name})")
    }

    fn get_udf(&self, name: &str) -> PolarsResult<Option<UserDefinedFunction>> {
        Ok(if name.eq_ignore_ascii_case(ROUND_HALF_AWAY) {
            Some(round_half_away_udf())
        } else if name.eq_ignore_ascii_case(DAYS) {
            Some(days_udf())
        } else {
            None
        })
    }

    fn contains(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case(ROUND_HALF_AWAY) || name.eq_ignore_ascii_case(DAYS)
    }
}

/// `ROUND_HALF_AWAY(x, n)`: `x` rounded half away from zero to `n` decimals on its decimal
/// form, as every figure of the report is ([`crate::report::format::round_decimal`]).
/// Arithmetic cannot do it in the engine: `1.005` and `100.0 * 201 / 20000` (a 结案率 of
/// exactly 1.005 %) are stored a hair under the tie, so `FLOOR(x * 100 + 0.5)` gave 1.00
/// where the report and Excel show 1.01, while `2.675`, a hair under too, happened to
/// multiply up to 267.5 and gave 2.68: which halves went up could not be foreseen.
fn round_half_away_udf() -> UserDefinedFunction {
    let f = |cols: &mut [Column]| -> PolarsResult<Column> {
        let places = cols
            .get(1)
            .and_then(|c| c.get(0).ok())
            .and_then(|v| v.extract::<u32>())
            .unwrap_or(0);
        let x = duration_as_days(&cols[0])?.cast(&DataType::Float64)?;
        let rounded: Float64Chunked = x
            .f64()?
            .iter()
            .map(|v| v.map(|v| round_decimal_half_away(v, places)))
            .collect();
        Ok(rounded.with_name(cols[0].name().clone()).into_column())
    };
    // A number only, as the engine's own ROUND: text is refused when the query is
    // planned, not read as NULL.
    let dtype = |_: &Schema, fields: &[Field]| -> PolarsResult<Field> {
        let Some(x) = fields.first() else {
            polars_bail!(SQLSyntax: "ROUND expects 1-2 arguments")
        };
        // A duration (a difference of dates, an average of them) is rounded as its days,
        // the number caseflow shows for it: ROUND(AVG(closed_on - filed_on), 1).
        let numeric = x.dtype().is_primitive_numeric()
            || x.dtype().is_decimal()
            || x.dtype().is_null()
            || matches!(x.dtype(), DataType::Duration(_));
        polars_ensure!(
            numeric,
            InvalidOperation: "ROUND takes a number, not {} (column {:?})",
            schema::type_name(x.dtype()),
            x.name()
        );
        Ok(Field::new(x.name().clone(), DataType::Float64))
    };
    let mut udf = UserDefinedFunction::new(ROUND_HALF_AWAY.into(), BaseColumnUdf::new(f, dtype));
    udf.options = polars::sql::FunctionOptions::elementwise();
    udf
}

/// `v` rounded half away from zero to `places` decimals, on its shortest decimal form.
fn round_decimal_half_away(v: f64, places: u32) -> f64 {
    // From 2^52 on every float is a whole number, and NaN and the infinities stay as they
    // are; the decimal form of such a value is no help either.
    if !v.is_finite() || v.abs() >= 4_503_599_627_370_496.0 {
        return v;
    }
    let (negative, int, frac) = crate::report::format::round_decimal(v, places);
    let text = format!("{int}.{frac:0w$}", w = places as usize);
    let x: f64 = text.parse().unwrap_or(v);
    if negative {
        -x
    } else {
        x
    }
}

/// The parser every check and rewrite before the engine uses: the generic dialect, with a
/// trailing comma allowed as the engine allows it, so that they read a query as it does.
pub(crate) fn parser() -> sqlparser::parser::Parser<'static> {
    sqlparser::parser::Parser::new(&sqlparser::dialect::GenericDialect).with_options(
        sqlparser::parser::ParserOptions {
            trailing_commas: true,
            ..Default::default()
        },
    )
}

/// `sql`'s statements by [`parser`], or `None` when it does not parse (the engine then
/// says why).
pub(crate) fn statements(sql: &str) -> Option<Vec<sqlparser::ast::Statement>> {
    parser()
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements())
        .ok()
}

/// The first `DATE '…'` literal (or the date of a `TIMESTAMP '…'` one) whose day is not
/// in the calendar, as the message that refuses the query. The engine checks only the
/// shape of a literal (`DATE '2025-2-3'` is refused) and then casts the text leniently, so
/// `DATE '2025-02-29'` became NULL and `closed_on BETWEEN DATE '2025-02-01' AND
/// DATE '2025-02-29'` answered 0 closures with exit code 0; the end of February of a
/// year without a 29th is the commonest slip. A quoted text cast to a date
/// (`CAST('2025-02-29' AS DATE)`, `TRY_CAST(…)`, `'2025-02-29'::DATE`) is the same literal
/// written another way: TRY_CAST made it NULL just as silently. A query the parser
/// refuses is left to the engine's own message.
pub fn invalid_date_literal(sql: &str) -> Option<String> {
    use sqlparser::ast::{visit_expressions, DataType as SqlType, Expr as SqlExpr, Value};
    use std::ops::ControlFlow;
    if !sql.contains('\'') {
        return None;
    }
    let statements = statements(sql)?;
    let found = visit_expressions(&statements, |expr| {
        let (data_type, value) = match expr {
            SqlExpr::TypedString(t) => (&t.data_type, &t.value.value),
            SqlExpr::Cast {
                data_type, expr, ..
            } => match expr.as_ref() {
                SqlExpr::Value(v) => (data_type, &v.value),
                _ => return ControlFlow::Continue(()),
            },
            _ => return ControlFlow::Continue(()),
        };
        let Value::SingleQuotedString(text) = value else {
            return ControlFlow::Continue(());
        };
        let kind = match data_type {
            SqlType::Date => "DATE",
            SqlType::Timestamp(..) => "TIMESTAMP",
            SqlType::Datetime(_) => "DATETIME",
            _ => return ControlFlow::Continue(()),
        };
        match impossible_day(text) {
            Some(why) => ControlFlow::Break(format!("invalid {kind} literal '{text}': {why}")),
            None => ControlFlow::Continue(()),
        }
    });
    match found {
        ControlFlow::Break(message) => Some(message),
        ControlFlow::Continue(()) => None,
    }
}

/// Why the date at the start of `text` (`YYYY-MM-DD`, the form the engine accepts) is
/// not in the calendar, or `None` when it is, or when the text has another form (the
/// engine refuses that itself, naming the literal).
fn impossible_day(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let shaped = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if !shaped {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    if chrono::NaiveDate::from_ymd_opt(year, month, day).is_some() {
        return None;
    }
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let last = (28..=31)
        .rev()
        .find(|&d| chrono::NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28);
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    Some(format!(
        "{year}-{month:02} has {last} days (its last day is DATE '{year}-{month:02}-{last}'; \
         `< DATE '{next_year}-{next_month:02}-01'` ends the month without naming it)"
    ))
}

/// The engine's message when a quoted text it had to read as a date was not one, in the
/// words of the query. `filed_on < '2025-03-01'` works, the text read as a date; but
/// `'2025-02-30'` got "could not find an appropriate format to parse dates, please define a
/// format", and `'2025/03/01'`, `'2025-3-1'`, `'2025年3月1日'` or `'2025-01-01 '` got "cannot
/// compare 'date/datetime/time' to a string value" (false as stated), neither naming the
/// text, nor the form that is read. The query's quoted texts that begin with a year and are
/// not an ISO date (YYYY-MM-DD, or with a time of day after it) are named, each with why
/// (a day the month does not have) or the ISO spelling of the same day; `None` when the
/// message is another or no such text is found (the engine's message is kept then). A text
/// in an IN list or cast to a date (`filed_on IN ('2025-02-29')`, `CAST('2025/01/02' AS
/// DATE)`) fails instead with "conversion from `str` to `date` failed … You might want to
/// try: setting `strict=False`", advice for polars' Python API that cannot be written in
/// this SQL: the same mistake, named the same way.
pub fn unreadable_date_strings(sql: &str, message: &str) -> Option<String> {
    use sqlparser::ast::{visit_expressions, Expr as SqlExpr, Value};
    use std::ops::ControlFlow;
    let about_dates = message.contains("appropriate format to parse dates")
        || message.contains("cannot compare 'date/datetime/time' to a string value")
        || message.contains("conversion from `str` to `date")
        || message.contains("conversion from `str` to `datetime");
    if !about_dates {
        return None;
    }
    let statements = statements(sql)?;
    let mut found: Vec<String> = Vec::new();
    let _ = visit_expressions(&statements, |expr| {
        if let SqlExpr::Value(v) = expr {
            if let Value::SingleQuotedString(text) = &v.value {
                if begins_with_year(text) && !is_iso_date(text) && !found.contains(text) {
                    found.push(text.clone());
                }
            }
        }
        ControlFlow::<()>::Continue(())
    });
    if found.is_empty() {
        return None;
    }
    let lines: Vec<String> = found.iter().map(|text| unreadable_date(text)).collect();
    Some(lines.join("\n"))
}

/// Why the quoted `text` is not read as a date: the day the month does not have, or the
/// ISO spelling of the day it means.
fn unreadable_date(text: &str) -> String {
    let iso = iso_spelling(text);
    let why = match (iso.as_deref().and_then(impossible_day), iso) {
        (Some(why), _) => why,
        (None, Some(iso)) => format!("write it DATE '{iso}'"),
        (None, None) => "write a day as DATE 'YYYY-MM-DD'".to_string(),
    };
    format!("'{text}' is not a date caseflow reads: {why}")
}

/// The message refusing a date column compared with a bare number, or `None`. Unquoted,
/// `filed_on > 20250101` and `filed_on > 2025-01-01` (the subtraction 2025 - 1 - 1 = 2023)
/// ran, the engine comparing the date's count of days since 1970-01-01 with the number:
/// 0 cases or every case, exit code 0, where the same day quoted wrongly is refused
/// ([`unreadable_date_strings`]). A comparison (`=`, `<>`, `<`, `<=`, `>`, `>=`), BETWEEN or
/// IN list of one of `date_columns` (a date column of the tables the query names, by
/// the schema) with a number or arithmetic of numbers is named, column and number, with
/// the day it spells as DATE 'YYYY-MM-DD'. A name the query gives something with AS (a
/// WITH clause's `DATE_PART('year', filed_on) AS filed_on`) may hold a number, and is
/// left alone; so is a query the parser refuses.
pub fn date_compared_with_number(sql: &str, date_columns: &[String]) -> Option<String> {
    use sqlparser::ast::{visit_expressions, BinaryOperator as Op, Expr as SqlExpr};
    use std::ops::ControlFlow;
    if date_columns.is_empty() {
        return None;
    }
    let statements = statements(sql)?;
    let renamed = names_given_with_as(&statements);
    let date_column = |e: &SqlExpr| -> Option<String> {
        let name = match e {
            SqlExpr::Identifier(i) => &i.value,
            SqlExpr::CompoundIdentifier(parts) => &parts.last()?.value,
            _ => return None,
        };
        (date_columns.contains(name) && !renamed.contains(name)).then(|| name.clone())
    };
    let found = visit_expressions(&statements, |expr| {
        let pairs: Vec<(&SqlExpr, &SqlExpr)> = match expr {
            SqlExpr::BinaryOp {
                left,
                op: Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq,
                right,
            } => vec![(left, right), (right, left)],
            SqlExpr::Between {
                expr, low, high, ..
            } => vec![(expr, low), (expr, high)],
            SqlExpr::InList { expr, list, .. } => list.iter().map(|i| (&**expr, i)).collect(),
            _ => Vec::new(),
        };
        for (column, other) in pairs {
            if let (Some(column), true) = (date_column(column), is_number(other)) {
                return ControlFlow::Break(date_as_number_message(&column, &other.to_string()));
            }
        }
        ControlFlow::Continue(())
    });
    match found {
        ControlFlow::Break(message) => Some(message),
        ControlFlow::Continue(()) => None,
    }
}

/// The query with each quoted date compared with a date that is not a bare column read
/// as the date it spells, or the message refusing it. The engine reads a quoted
/// `'YYYY-MM-DD'` as a date only on the right of a bare date column (`filed_on >=
/// '2025-01-01'`): written the other way round (`'2025-01-01' <= filed_on`) or against a
/// COALESCE/CASE of dates it refused with "cannot compare 'date/datetime/time' to a string
/// value", and a COALESCE or CASE mixing a date column with a quoted date
/// (`COALESCE(closed_on, '2099-12-31')`, the idiom for "still pending") became text, so
/// `> '2026-1-1'` compared characters: every case closed in January–February 2026 sorted
/// before `'2026-1-1'` and was left out, with exit code 0. So:
///
/// - a quoted text on the left of a bare date column changes side (`filed_on >=
///   '2025-01-01'`), where the engine reads it as it always has;
/// - a quoted text among the values of a date expression (COALESCE, IFNULL, NVL, GREATEST,
///   LEAST, a CASE's results), or compared (=, <>, <, <=, >, >=, BETWEEN, IN) with one, is
///   written `DATE '…'` when it is `YYYY-MM-DD`, and refused, named with the spelling to
///   write, when it begins with a year but is not (`'2026-1-1'`, `'2026/01/01'`,
///   `'2025-02-30'`): never compared as text.
///
/// A date expression is a date column of the tables the query names (`date_columns`), not
/// a name the query gives something else with AS, a `DATE '…'` or cast to DATE, a name
/// given with AS to a date expression (a WITH clause's `COALESCE(closed_on, …) AS c`), or
/// one of the functions above or MIN/MAX holding one. A text that does not begin with a
/// year (`COALESCE(closed_on, '未结')`) is left alone, as is a query the parser refuses.
pub fn quoted_dates_as_dates(
    sql: &str,
    date_columns: &[String],
) -> std::result::Result<String, String> {
    use sqlparser::ast::{visit_expressions_mut, BinaryOperator as Op, Expr as SqlExpr};
    use std::ops::ControlFlow;
    if date_columns.is_empty() || !sql.contains('\'') {
        return Ok(sql.to_string());
    }
    let Some(mut statements) = statements(sql) else {
        return Ok(sql.to_string());
    };
    let renamed = names_given_with_as(&statements);
    let dates = DateNames::of(&statements, date_columns, &renamed);
    let changed = std::cell::Cell::new(false);
    // A quoted text in a date's place, as a DATE literal; `Err` when it begins with a year
    // but is no `YYYY-MM-DD`; unchanged when it is no quoted text or no date at all.
    let as_date = |e: &mut SqlExpr| -> std::result::Result<(), String> {
        let Some(text) = quoted_text(e) else {
            return Ok(());
        };
        if is_iso_date(&text) {
            if let Some(date) = expression(&format!("DATE '{text}'")) {
                *e = date;
                changed.set(true);
            }
            return Ok(());
        }
        if begins_with_year(&text) {
            return Err(unreadable_date(&text));
        }
        Ok(())
    };
    // Expressions are visited after their parts: a COALESCE's quoted default is a date
    // before the comparison holding the COALESCE is met.
    let found = visit_expressions_mut(&mut statements, |expr| {
        let done = match expr {
            SqlExpr::Function(f) if dates.is_value_function(f) => {
                function_args_mut(f).into_iter().try_for_each(&as_date)
            }
            SqlExpr::Case {
                conditions,
                else_result,
                ..
            } if case_results(conditions, else_result)
                .iter()
                .any(|e| dates.is_date(e)) =>
            {
                conditions
                    .iter_mut()
                    .map(|c| &mut c.result)
                    .chain(else_result.iter_mut().map(|e| &mut **e))
                    .try_for_each(&as_date)
            }
            SqlExpr::BinaryOp {
                left,
                op: op @ (Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq),
                right,
            } => {
                if quoted_text(left).is_some() && is_bare_column(right) && dates.is_date(right) {
                    // The engine reads the text on the right of the column.
                    std::mem::swap(left, right);
                    *op = match &*op {
                        Op::Lt => Op::Gt,
                        Op::LtEq => Op::GtEq,
                        Op::Gt => Op::Lt,
                        Op::GtEq => Op::LtEq,
                        other => other.clone(),
                    };
                    changed.set(true);
                    Ok(())
                } else if dates.is_date(left) && !is_bare_column(left) {
                    as_date(right)
                } else if dates.is_date(right) && !is_bare_column(right) {
                    as_date(left)
                } else {
                    Ok(())
                }
            }
            SqlExpr::Between {
                expr, low, high, ..
            } => {
                if dates.is_date(expr) && !is_bare_column(expr) {
                    as_date(low).and_then(|()| as_date(high))
                } else if dates.is_date(low) || dates.is_date(high) {
                    as_date(expr)
                        .and_then(|()| as_date(low))
                        .and_then(|()| as_date(high))
                } else {
                    Ok(())
                }
            }
            SqlExpr::InList { expr, list, .. } if dates.is_date(expr) && !is_bare_column(expr) => {
                list.iter_mut().try_for_each(&as_date)
            }
            _ => Ok(()),
        };
        match done {
            Ok(()) => ControlFlow::Continue(()),
            Err(message) => ControlFlow::Break(message),
        }
    });
    if let ControlFlow::Break(message) = found {
        return Err(message);
    }
    Ok(written_back(sql, &statements, changed.get()))
}

/// A CASE's results and its ELSE.
fn case_results<'a>(
    conditions: &'a [sqlparser::ast::CaseWhen],
    else_result: &'a Option<Box<sqlparser::ast::Expr>>,
) -> Vec<&'a sqlparser::ast::Expr> {
    conditions
        .iter()
        .map(|c| &c.result)
        .chain(else_result.as_deref())
        .collect()
}

/// The text of a single-quoted string literal.
fn quoted_text(e: &sqlparser::ast::Expr) -> Option<String> {
    match e {
        sqlparser::ast::Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(t) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `e` is a column named alone (`filed_on`, `c.filed_on`).
fn is_bare_column(e: &sqlparser::ast::Expr) -> bool {
    matches!(
        e,
        sqlparser::ast::Expr::Identifier(_) | sqlparser::ast::Expr::CompoundIdentifier(_)
    )
}

/// Whether `text` begins with four digits, as a date written year first does.
fn begins_with_year(text: &str) -> bool {
    let year = text.trim_start().chars().take(4);
    year.filter(char::is_ascii_digit).count() == 4
}

/// The arguments of a function call written in a list.
fn function_args(f: &sqlparser::ast::Function) -> Vec<&sqlparser::ast::Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    match &f.args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The arguments of a function call written in a list, to change in place.
fn function_args_mut(f: &mut sqlparser::ast::Function) -> Vec<&mut sqlparser::ast::Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    match &mut f.args {
        FunctionArguments::List(list) => list
            .args
            .iter_mut()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The functions whose value is one of their arguments: a date when one of them is.
const VALUE_FUNCTIONS: [&str; 5] = ["coalesce", "ifnull", "nvl", "greatest", "least"];

/// What in a query is a date ([`quoted_dates_as_dates`]): the date columns not renamed,
/// and the names given with AS to a date expression.
struct DateNames<'a> {
    columns: &'a [String],
    renamed: &'a [String],
    aliases: Vec<String>,
}

impl<'a> DateNames<'a> {
    fn of(
        statements: &[sqlparser::ast::Statement],
        columns: &'a [String],
        renamed: &'a [String],
    ) -> DateNames<'a> {
        use sqlparser::ast::{Query, SelectItem, SetExpr, Visit, Visitor};
        use std::ops::ControlFlow;
        struct Given(Vec<(String, sqlparser::ast::Expr)>);
        impl Visitor for Given {
            type Break = ();
            fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
                if let SetExpr::Select(select) = query.body.as_ref() {
                    for item in &select.projection {
                        if let SelectItem::ExprWithAlias { expr, alias } = item {
                            self.0.push((alias.value.clone(), expr.clone()));
                        }
                    }
                }
                ControlFlow::Continue(())
            }
        }
        let mut given = Given(Vec::new());
        for statement in statements {
            let _ = statement.visit(&mut given);
        }
        let mut names = DateNames {
            columns,
            renamed,
            aliases: Vec::new(),
        };
        // A name given to a name given to a date is a date too: until nothing is added.
        loop {
            let new: Vec<String> = given
                .0
                .iter()
                .filter(|(alias, e)| !names.aliases.contains(alias) && names.is_date(e))
                .map(|(alias, _)| alias.clone())
                .collect();
            if new.is_empty() {
                return names;
            }
            names.aliases.extend(new);
        }
    }

    fn is_name(&self, name: &str) -> bool {
        let name = name.to_string();
        (self.columns.contains(&name) && !self.renamed.contains(&name))
            || self.aliases.contains(&name)
    }

    /// Whether `e` is a date expression ([`quoted_dates_as_dates`]).
    fn is_date(&self, e: &sqlparser::ast::Expr) -> bool {
        use sqlparser::ast::{DataType as SqlType, Expr as SqlExpr};
        match e {
            SqlExpr::Identifier(i) => self.is_name(&i.value),
            SqlExpr::CompoundIdentifier(parts) => {
                parts.last().is_some_and(|i| self.is_name(&i.value))
            }
            SqlExpr::Nested(e) => self.is_date(e),
            SqlExpr::TypedString(t) => matches!(t.data_type, SqlType::Date),
            SqlExpr::Cast { data_type, .. } => matches!(data_type, SqlType::Date),
            SqlExpr::Function(f) => {
                let name = f.name.to_string().to_ascii_lowercase();
                (VALUE_FUNCTIONS.contains(&name.as_str()) || name == "min" || name == "max")
                    && f.over.is_none()
                    && function_args(f).iter().any(|a| self.is_date(a))
            }
            SqlExpr::Case {
                conditions,
                else_result,
                ..
            } => case_results(conditions, else_result)
                .iter()
                .any(|e| self.is_date(e)),
            _ => false,
        }
    }

    /// Whether `f` is a COALESCE-like function holding a date, whose quoted arguments are
    /// dates then.
    fn is_value_function(&self, f: &sqlparser::ast::Function) -> bool {
        let name = f.name.to_string().to_ascii_lowercase();
        VALUE_FUNCTIONS.contains(&name.as_str()) && function_args(f).iter().any(|a| self.is_date(a))
    }
}

/// The names a query gives with AS: result columns and WITH clauses' column lists.
fn names_given_with_as(statements: &[sqlparser::ast::Statement]) -> Vec<String> {
    use sqlparser::ast::{Expr as SqlExpr, Query, SelectItem, SetExpr, Visit, Visitor};
    use std::ops::ControlFlow;
    struct Names(Vec<String>);
    impl Visitor for Names {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            if let SetExpr::Select(select) = query.body.as_ref() {
                for item in &select.projection {
                    if let SelectItem::ExprWithAlias { expr, alias } = item {
                        // `filed_on AS filed_on` is still the date.
                        let same = matches!(expr, SqlExpr::Identifier(i) if i.value == alias.value);
                        if !same {
                            self.0.push(alias.value.clone());
                        }
                    }
                }
            }
            for cte in query.with.iter().flat_map(|w| &w.cte_tables) {
                self.0
                    .extend(cte.alias.columns.iter().map(|c| c.name.value.clone()));
            }
            ControlFlow::Continue(())
        }
    }
    let mut names = Names(Vec::new());
    for statement in statements {
        let _ = statement.visit(&mut names);
    }
    names.0
}

/// Why `column` compared with the number `number` (as the parser writes it back) is
/// refused, with the day the number spells: `20250301`, `2025-03-01` unquoted (written
/// back `2025 - 03 - 01`), or a year alone.
fn date_as_number_message(column: &str, number: &str) -> String {
    let digits = number.bytes().all(|b| b.is_ascii_digit());
    let spelled = if digits && number.len() == 8 {
        Some(format!(
            "{}-{}-{}",
            &number[..4],
            &number[4..6],
            &number[6..]
        ))
    } else {
        iso_spelling(number)
    };
    let advice = match (spelled.as_deref().and_then(impossible_day), spelled) {
        (Some(why), _) => why,
        (None, Some(iso)) if is_iso_date(&iso) => format!("write DATE '{iso}'"),
        _ if digits && number.len() == 4 => {
            let next = number.parse::<u32>().map_or(0, |y| y + 1);
            format!(
                "for the year {number}, write {column} >= DATE '{number}-01-01' AND \
                 {column} < DATE '{next}-01-01'"
            )
        }
        _ => "write a day as DATE 'YYYY-MM-DD'".to_string(),
    };
    let unquoted = if number.contains(" - ") {
        " (a date without quotes is a subtraction)"
    } else {
        ""
    };
    format!(
        "{column} is a date, compared here with the number {number}{unquoted}: the engine \
         would compare the date's count of days since 1970-01-01 with it, so no row or every \
         row would match; {advice}"
    )
}

/// What to show under [`unreadable_date_strings`]: the form a date is read in (the
/// columns of the tables would be no help).
const DATE_FORM_HELP: &str = "A date in a query is written DATE 'YYYY-MM-DD' (or the text \
'YYYY-MM-DD': four-digit year, two-digit month and day, nothing around them), e.g. \
filed_on < DATE '2025-03-01'.";

/// Whether `text` is a day the engine reads from a quoted text compared with a date:
/// `YYYY-MM-DD`, in the calendar, nothing around it.
fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// The ISO spelling of a day written with other separators or without leading zeros
/// (`2025/03/01`, `2025-3-1`, `2025年3月1日`, `2025.03.01`, `2025-03-01 `): its three
/// numbers, year first, zero-padded (`2025-2-30` is `2025-02-30`, which
/// [`impossible_day`] then explains).
fn iso_spelling(text: &str) -> Option<String> {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let [y, m, d] = numbers.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// The message for a HAVING without GROUP BY, which the engine refuses ("HAVING clause not
/// valid outside of GROUP BY; found: Some(BinaryOp { left: Function(…"), followed by
/// hundreds of characters of its parser's internal structures that a statistician cannot
/// read. The condition is named as the query wrote it (the parser's own text of it), with
/// the two ways to write it that the engine runs.
pub fn having_without_group_by(sql: &str) -> String {
    use sqlparser::ast::{GroupByExpr, Query, SetExpr, Visit, Visitor};
    use std::ops::ControlFlow;
    struct Having(Option<String>);
    impl Visitor for Having {
        type Break = ();
        fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
            if let SetExpr::Select(select) = query.body.as_ref() {
                let ungrouped = matches!(&select.group_by, GroupByExpr::Expressions(keys, _)
                    if keys.is_empty());
                if let (Some(having), true) = (&select.having, ungrouped) {
                    self.0 = Some(having.to_string());
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut found = Having(None);
    if let Some(statements) = statements(sql) {
        let _ = statements.visit(&mut found);
    }
    let condition = found
        .0
        .map(|c| format!(" (HAVING {c})"))
        .unwrap_or_default();
    format!(
        "HAVING needs GROUP BY in caseflow sql{condition}: put a condition on rows in WHERE, \
         or add GROUP BY with the columns the condition is on; for a condition on the whole \
         table's total, compute it in a WITH clause and filter that \
         (WITH t AS (SELECT COUNT(*) AS n FROM …) SELECT n FROM t WHERE n > 5)"
    )
}

/// The text between `start` and the next `end` in `message`.
fn quoted_after<'a>(message: &'a str, start: &str, end: char) -> Option<&'a str> {
    let from = message.find(start)? + start.len();
    let len = message[from..].find(end)?;
    Some(&message[from..from + len])
}

/// The message without polars' "Did you mean …?" paragraph.
fn without_suggestion(message: &str) -> &str {
    match message.find("Did you mean") {
        Some(i) => message[..i].trim_end(),
        None => message.trim_end(),
    }
}

/// A label names `word` when it is the label, or the label without its unit in brackets
/// (`案龄（天）` for 案龄, `申请执行标的（分）` for 申请执行标的).
fn label_matches(label: &str, word: &str) -> bool {
    let word = word.trim();
    label == word
        || label
            .split_once(['（', '('])
            .is_some_and(|(base, _)| !base.is_empty() && base == word)
}

/// Items separated by commas, wrapped at about 100 columns, each line indented.
fn wrap(items: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for (i, it) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{it}, ")
        } else {
            it.clone()
        };
        if line.len() > indent.len() && render::width(&line) + render::width(&piece) > 100 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        line.push_str(&piece);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// An error reading the files themselves rather than one in the query.
fn is_file_error(e: &PolarsError) -> bool {
    match e {
        PolarsError::IO { .. } => true,
        PolarsError::Context { error, .. } | PolarsError::ExprContext { error, .. } => {
            is_file_error(error)
        }
        _ => false,
    }
}

/// The engine's message without the resolved-plan dump polars appends to some errors
/// (useful to a polars developer, noise to a statistician).
pub fn engine_message(e: &PolarsError) -> String {
    let s = e.to_string();
    let s = match s.find("\n\nResolved plan until failure") {
        Some(i) => &s[..i],
        None => &s,
    };
    // The list of valid columns that follows an unknown column is shown below the
    // message, wrapped, with types; here it would be one line of hundreds of characters.
    let s = match s.find("; valid columns: [") {
        Some(a) => match s[a..].find(']') {
            Some(b) => format!("{}{}", &s[..a], &s[a + b + 1..]),
            None => s.to_string(),
        },
        None => s.to_string(),
    };
    s.trim().to_string()
}

/// Where the engine's warnings go while a query runs. Its deprecation notices are about
/// polars' own Rust and Python API, not about the query: every standard `DATE '2025-02-01'`
/// literal (and a `CAST(… AS DATE)` of text) is carried out by a string-to-date cast polars
/// has deprecated, so each literal printed "Casting from String to Date is deprecated …
/// Use `str.to_date()` instead" two or more times, advice no SQL can follow and which
/// buried caseflow's own warnings. polars is pinned (Cargo.toml): the notice is for whoever
/// upgrades it, and the SQL tests would show the change. Any other warning of the engine
/// is shown.
fn engine_warning(message: &str, kind: polars::error::PolarsWarning) {
    if !matches!(kind, polars::error::PolarsWarning::Deprecation) {
        eprintln!("caseflow: warning: {message}");
    }
}

/// Runs `f`, turning a panic into its message. The default panic hook (which prints
/// "thread panicked at …, note: run with RUST_BACKTRACE") is silenced for the duration:
/// a statistician must see one clear message, not a stack trace.
fn catch_engine_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The review of round 50: CAST(… AS INTERVAL) was taken for a cast to a number (INT…).
    #[test]
    fn an_interval_is_no_numeric_type() {
        use sqlparser::ast::DataType;
        assert!(is_numeric_type(&DataType::BigInt(None)));
        assert!(is_numeric_type(&DataType::Integer(None)));
        assert!(is_numeric_type(&DataType::Double(
            sqlparser::ast::ExactNumberInfo::None
        )));
        assert!(!is_numeric_type(&DataType::Interval {
            fields: None,
            precision: None
        }));
        assert!(!is_numeric_type(&DataType::Date));
    }

    fn run_with(tables: &[(&str, DataFrame)]) -> (tempfile::TempDir, RunTables) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("parquet")).unwrap();
        for (name, df) in tables {
            let mut df = df.clone();
            crate::ingest::write_parquet(
                &dir.path().join("parquet").join(format!("{name}.parquet")),
                &mut df,
            )
            .unwrap();
        }
        let rt = RunTables::open(dir.path()).unwrap();
        (dir, rt)
    }

    fn cases() -> DataFrame {
        df! {
            "case_no" => ["（2023）浙0603执1号", "（2023）浙0603执2号", "（2024）浙0603执3号"],
            "officer" => ["张三", "李四", "张三"],
            "claim_fen" => [100i64, 250, 300],
        }
        .unwrap()
    }

    #[test]
    fn tables_are_registered_under_their_file_stem() {
        let (_d, rt) = run_with(&[("cases", cases())]);
        let df = rt
            .query("SELECT officer, SUM(claim_fen) AS claim_fen FROM cases GROUP BY officer ORDER BY officer")
            .unwrap();
        assert_eq!(df.height(), 2);
        assert_eq!(rt.rows(&rt.tables[0]).unwrap(), 3);
    }

    #[test]
    fn a_wrong_column_is_a_query_error_listing_the_columns() {
        let (_d, rt) = run_with(&[("cases", cases())]);
        match rt.query("SELECT oficer FROM cases") {
            Err(Error::Query { message, help }) => {
                assert!(message.contains("oficer"), "{message}");
                assert!(!message.contains("Resolved plan"), "{message}");
                assert!(!message.contains("valid columns"), "{message}");
                assert!(help.contains("Columns of cases"), "{help}");
                assert!(help.contains("claim_fen"), "{help}");
            }
            other => panic!("expected a query error, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_table_lists_every_table() {
        let (_d, rt) = run_with(&[("cases", cases())]);
        match rt.query("SELECT * FROM kases") {
            Err(e @ Error::Query { .. }) => {
                assert_eq!(e.exit_code(), 2);
                let Error::Query { help, .. } = e else {
                    unreachable!()
                };
                assert!(
                    help.contains("cases:\n      case_no, officer, claim_fen"),
                    "{help}"
                );
            }
            other => panic!("expected a query error, got {other:?}"),
        }
        assert!(matches!(rt.query("SELEC 1"), Err(Error::Query { .. })));
        assert!(matches!(rt.query("  ;"), Err(Error::Query { .. })));
    }

    #[test]
    fn a_chinese_label_points_at_its_column_and_a_misspelled_table_at_the_nearest() {
        // i-sql-chinese-column-suggests-seq: polars suggested "seq" for 承办人.
        let (_d, rt) = run_with(&[("cases_classified", cases())]);
        let message = |sql: &str| match rt.query(sql) {
            Err(Error::Query { message, .. }) => message,
            other => panic!("{sql}: expected a query error, got {other:?}"),
        };
        let m = message("SELECT 承办人, COUNT(*) FROM cases_classified GROUP BY 承办人");
        assert!(m.contains("Did you mean \"officer\"?"), "{m}");
        assert!(m.contains("column officer (cases_classified)"), "{m}");
        assert_eq!(m.matches("Did you mean").count(), 1, "{m}");
        // A label with its unit left off: 申请执行标的（分）.
        let m = message("SELECT 申请执行标的 FROM cases_classified");
        assert!(m.contains("Did you mean \"claim_fen\"?"), "{m}");
        // A Chinese word no column is labelled: no English name suggested for it.
        let m = message("SELECT 天气 FROM cases_classified");
        assert!(!m.contains("Did you mean"), "{m}");
        assert!(m.contains("--schema"), "{m}");
        // An English misspelling keeps the engine's own suggestion.
        let m = message("SELECT oficer FROM cases_classified");
        assert!(m.contains("Did you mean \"officer\"?"), "{m}");
        let m = message("SELECT * FROM case_classified");
        assert!(m.contains("Did you mean \"cases_classified\"?"), "{m}");
        let m = message("SELECT * FROM totally_else");
        assert!(!m.contains("Did you mean"), "{m}");
    }

    #[test]
    fn a_folder_without_parquet_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(RunTables::open(dir.path()), Err(Error::Usage(_))));
        assert!(matches!(
            RunTables::open(&dir.path().join("nope")),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn round_rounds_half_away_from_zero() {
        // Red-team n-sql-round-half-even: polars' ROUND rounds half to even.
        let df = df! { "x" => [3.125f64, -2.5, 2.5, 0.125, 1.0] }.unwrap();
        let ctx = engine();
        ctx.register("t", df.lazy());
        let mut ctx = ctx;
        let sql = round_half_away(
            "SELECT ROUND(x, 2) AS a, ROUND(x) AS b, round(ROUND(x, 2), 1) AS c FROM t",
        );
        let out = ctx.execute(&sql).unwrap().collect().unwrap();
        let col = |n: &str| -> Vec<Option<f64>> {
            out.column(n).unwrap().f64().unwrap().iter().collect()
        };
        assert_eq!(col("a"), [3.13, -2.5, 2.5, 0.13, 1.0].map(Some).to_vec());
        assert_eq!(col("b"), [3.0, -3.0, 3.0, 0.0, 1.0].map(Some).to_vec());
        assert_eq!(col("c"), [3.1, -2.5, 2.5, 0.1, 1.0].map(Some).to_vec());
        // Left alone: no ROUND, a ROUND the engine will refuse, text that is no SQL.
        assert_eq!(round_half_away("SELECT x FROM t"), "SELECT x FROM t");
        assert_eq!(
            round_half_away("SELECT ROUND(x, y) FROM t"),
            "SELECT ROUND(x, y) FROM t"
        );
        assert_eq!(round_half_away("SELEC ROUND(x"), "SELEC ROUND(x");
    }

    #[test]
    fn round_rounds_the_decimal_form_of_a_value() {
        // a-sql-round-half-away-inconsistent: 1.005 is stored a hair under the tie, so
        // FLOOR(x * 100 + 0.5) gave 1.00 while 2.675 (also under) gave 2.68.
        for (v, n, want) in [
            (1.005, 2, 1.01),
            (0.285, 2, 0.29),
            (1.025, 2, 1.03),
            (0.145, 2, 0.15),
            (100.0 * 201.0 / 20000.0, 2, 1.01),
            (2.675, 2, 2.68),
            (-1.005, 2, -1.01),
            (1.0049, 2, 1.0),
            (2.5, 0, 3.0),
            (-0.004, 2, -0.0),
            (9.995, 2, 10.0),
            (1e300, 2, 1e300),
        ] {
            assert_eq!(round_decimal_half_away(v, n), want, "{v} to {n}");
        }
        assert!(round_decimal_half_away(f64::NAN, 2).is_nan());
    }

    /// a-sql-quoted-date-left-or-expression, a-sql-coalesce-date-text-compare-silent: a
    /// quoted date before a date column changes side; one among or against a COALESCE of
    /// a date is a DATE literal, or refused when it is not YYYY-MM-DD; other text stays.
    #[test]
    fn quoted_dates_against_dates_are_read_as_dates() {
        let dates = ["filed_on".to_string(), "closed_on".to_string()];
        let q = |sql: &str| quoted_dates_as_dates(sql, &dates);
        let swapped = q("SELECT 1 FROM t WHERE '2025-01-01' <= filed_on").unwrap();
        assert!(swapped.contains("filed_on >= '2025-01-01'"), "{swapped}");
        let coalesced =
            q("SELECT 1 FROM t WHERE COALESCE(closed_on, '2099-12-31') > '2026-01-01'").unwrap();
        assert!(
            coalesced.contains("COALESCE(closed_on, DATE '2099-12-31') > DATE '2026-01-01'"),
            "{coalesced}"
        );
        let refused =
            q("SELECT 1 FROM t WHERE COALESCE(closed_on, '2099-12-31') > '2026-1-1'").unwrap_err();
        assert!(refused.contains("DATE '2026-01-01'"), "{refused}");
        // A date column renamed to a number, text that is no date, and no date at all.
        for same in [
            "WITH y AS (SELECT DATE_PART('year', filed_on) AS filed_on FROM t) \
             SELECT 1 FROM y WHERE COALESCE(filed_on, '2025') = '2025'",
            "SELECT COALESCE(officer, '未知') FROM t WHERE officer <> '2025-1-1'",
            "SELECT filed_on FROM t WHERE filed_on > '2025-01-01'",
        ] {
            assert_eq!(q(same).as_deref(), Ok(same), "{same}");
        }
    }
}
