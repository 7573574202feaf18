//! `caseflow sql`: ad hoc SQL over the Parquet tables of a run, saved queries by name, and
//! the schema of a run.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::sql::output::{self, FileFormat};
use crate::sql::{render, saved, schema, RunTables};
use crate::{Error, Outcome, Result};

/// Long help of the subcommand (set on its variant in `cli/mod.rs`, where the variant's doc
/// comment would otherwise replace it).
pub const LONG_ABOUT: &str = "Answer a question with one SQL query over the tables a run \
wrote. Every RUN/parquet/*.parquet is a table named by its file name: cases_classified (one \
row per case with deadline, age, backlog flag, categories, root causes, officer: where most \
questions start), cases, clusters, rejects, census_*, trend_* … The SQL is polars' dialect \
(SELECT, WHERE, GROUP BY, JOIN, WITH, window functions; UNNEST(list) to explode a list such \
as respondents, ARRAY_TO_STRING(list, '、') to join one, ARRAY_CONTAINS(root_causes, \
'no_assets')). Money is integer 分 (*_fen), dates are dates.\n\n\
Reads RUN/parquet/*.parquet (lazily: only the columns and row groups the query needs). \
Writes the result to standard output as a table aligned for Chinese text (the first --limit \
rows, 50 by default; --limit 0 prints all; how many were left out goes to standard error), \
or with --output FILE to FILE.csv (UTF-8 with BOM, opens in Excel), FILE.parquet or \
FILE.xlsx, written to a temporary name and renamed. --format markdown prints a Markdown \
table instead.\n\n\
--query NAME runs a saved query from pipelines/queries/ (compiled in; --queries DIR adds \
your own .sql files; --query FILE.sql runs one file); --query alone lists them with their \
parameters, which --param KEY=VALUE sets. --schema lists the tables with their columns, \
types and Chinese labels (--format markdown gives docs/schema.md).\n\n\
A query the engine refuses ends with its message and the columns of the tables the query \
named (or every table), exit code 2; a quoted date the engine cannot read \
('2025/03/01', '2025-02-30'), in a comparison, an IN list or a CAST, is named with the form to write, DATE 'YYYY-MM-DD', \
and so is a date column compared with a bare number (filed_on > 20250101); a \
HAVING without GROUP BY is refused naming its condition (put it in WHERE, or GROUP BY); a \
window function in a query that groups (SUM(COUNT(*)) OVER (), LAG(COUNT(*)) OVER (…)) is \
refused, since the engine would compute it within each group: group in a WITH clause and \
put the window in the SELECT over it; a running total (SUM(x) OVER (ORDER BY month), \
COUNT(*), MIN, MAX) without a frame clause is refused when rows share an ORDER BY value, \
which SQL gives one total and the engine totals row by row (it reads the rows once more to \
find out): total per value in a WITH first, or write ROWS BETWEEN UNBOUNDED PRECEDING AND \
CURRENT ROW for the row-by-row total; AVG and the like over an ORDER BY, which the engine \
computes over the whole partition, are refused; a condition on the joined table alone in an INNER or \
LEFT JOIN's ON (LEFT JOIN trend_flows t ON c.officer = t.officer AND t.level = 'officer') \
filters that table before the join, as SQL means it; the tables themselves are never changed: an --output \
inside RUN/parquet or RUN/charts, or on a file the run wrote (workbook.xlsx …), is refused. \
A {name} placeholder without its --param, or a --param the SQL has no {name} or :name for, \
is refused naming it.\n\n\
A computed column without AS is named after the column inside it (MAX(filed_on) is \
filed_on); when two would get one name (MIN(filed_on), MAX(filed_on)), they are named by \
their text instead (MIN(filed_on), MAX(filed_on)). \
ROUND(x, n) rounds half away from zero, as caseflow's figures (domain/metrics.md); a \
ratio whose denominator is zero (infinity, or NaN for 0/0, to the engine) is undefined: an \
empty cell (null in Parquet), never inf; a \
duration (as_of - filed_on) is written as its number of days (CSV, xlsx, terminal); CSV \
text cells that a spreadsheet would run as a formula, or digits Excel would cut or strip of \
a leading zero (an 18-digit ID number, 0603), get a leading '.\n\n\
Cost: the scans read only the columns the query names (and skip row groups a filter \
excludes); what a GROUP BY, JOIN or ORDER BY works on, and the result, are held in memory: a few \
columns of a million cases are tens of MB. Queries on the sample run take under 0.2 s.\n\n\
Examples:\n  caseflow sql \"SELECT officer, COUNT(*) AS backlog FROM cases_classified WHERE \
in_backlog GROUP BY officer ORDER BY backlog DESC\" --from out/baseline-census\n  \
caseflow sql --query terminated-company-debtor-in-place --param year=2023 --param place=柯桥 \
--from out/baseline-census --output 终本公司.xlsx\n  \
caseflow sql --schema --from out/baseline-census";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQL query, e.g. "SELECT … FROM cases_classified WHERE …"
    pub sql: Option<String>,

    /// Run folder (the output folder of `caseflow run`, holding parquet/)
    #[arg(long, value_name = "RUN")]
    pub from: Option<PathBuf>,

    /// Write the result to FILE (.csv, .parquet or .xlsx; for --schema .md or .txt)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Rows printed to the terminal (0: all); files always get every row
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,

    /// List the tables of the run with their columns, types and Chinese labels
    #[arg(long, conflicts_with_all = ["sql", "query"])]
    pub schema: bool,

    /// Run a saved query by name (or a .sql file); without NAME, list the saved queries
    #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = "",
          conflicts_with = "sql")]
    pub query: Option<String>,

    /// Set a parameter of the query: --param year=2023 (replaces {year} and :year)
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,

    /// Folder with more saved queries (.sql files; they replace built-ins of the same name)
    #[arg(long, value_name = "DIR")]
    pub queries: Option<PathBuf>,

    /// Terminal output: table (default) or markdown
    #[arg(long, value_name = "table|markdown")]
    pub format: Option<String>,
}

/// How the result is shown on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Table,
    Markdown,
}

/// What the command was asked to do.
#[derive(Debug)]
pub enum Action {
    /// Run this SQL (with the saved query's name and parameters when it is one).
    Query {
        sql: String,
        saved: Option<(saved::SavedQuery, Vec<(String, String)>)>,
    },
    Schema,
    /// List the saved queries; `unknown` is the name that was not found, if any.
    ListQueries {
        unknown: Option<String>,
    },
}

/// The validated command line.
#[derive(Debug)]
pub struct Config {
    pub action: Action,
    pub run: Option<PathBuf>,
    pub output: Option<(PathBuf, FileFormat)>,
    pub limit: usize,
    pub shown: Shown,
    pub queries: Vec<saved::SavedQuery>,
}

/// Checks the arguments, loads the saved queries and fills in parameters; reads no data.
pub fn config(args: Args) -> Result<Config> {
    let shown = match args.format.as_deref() {
        None | Some("table") | Some("text") => Shown::Table,
        Some("markdown") | Some("md") => Shown::Markdown,
        Some(other) => {
            return Err(Error::Usage(format!(
                "--format {other:?}: expected table or markdown"
            )))
        }
    };
    let params = saved::parse_params(&args.params)?;
    let queries = saved::load_all(args.queries.as_deref())?;
    let action = if args.schema {
        if !params.is_empty() {
            return Err(Error::Usage("--param is for queries, not --schema".into()));
        }
        Action::Schema
    } else if let Some(name) = args.query.as_deref() {
        let name = name.trim();
        let path = Path::new(name);
        let found = if name.ends_with(".sql") && path.is_file() {
            Some(saved::load_file(path)?)
        } else {
            queries.iter().find(|q| q.name == name).cloned()
        };
        match found {
            Some(q) => {
                let (sql, used) = q.resolve(&params)?;
                Action::Query {
                    sql,
                    saved: Some((q, used)),
                }
            }
            None if name.is_empty() => Action::ListQueries { unknown: None },
            None => Action::ListQueries {
                unknown: Some(name.to_string()),
            },
        }
    } else if let Some(sql) = args.sql {
        // Ad hoc SQL may use placeholders too: the --param names are its parameters, each
        // one used and none left unset.
        Action::Query {
            sql: saved::resolve_ad_hoc(&sql, &params)?,
            saved: None,
        }
    } else {
        return Err(Error::Usage(
            "give a query (caseflow sql \"SELECT …\" --from RUN), --query [NAME] or --schema; \
             see caseflow sql --help"
                .into(),
        ));
    };
    let output = match &args.output {
        None => None,
        Some(p) => {
            let f = FileFormat::of(p).ok_or_else(|| {
                Error::Usage(format!(
                    "--output {}: the extension decides the format: .csv, .parquet or .xlsx \
                     (.md or .txt for --schema)",
                    p.display()
                ))
            })?;
            let ok = match action {
                Action::Schema => matches!(f, FileFormat::Markdown | FileFormat::Text),
                _ => matches!(f, FileFormat::Csv | FileFormat::Parquet | FileFormat::Xlsx),
            };
            if !ok {
                return Err(Error::Usage(format!(
                    "--output {}: {} is written as {}",
                    p.display(),
                    if matches!(action, Action::Schema) {
                        "the schema"
                    } else {
                        "a query result"
                    },
                    if matches!(action, Action::Schema) {
                        ".md or .txt"
                    } else {
                        ".csv, .parquet or .xlsx"
                    }
                )));
            }
            Some((p.clone(), f))
        }
    };
    let needs_run = !matches!(action, Action::ListQueries { .. });
    if needs_run && args.from.is_none() {
        return Err(Error::Usage(
            "--from RUN is required: the output folder of a run, e.g. --from \
             out/baseline-census"
                .into(),
        ));
    }
    Ok(Config {
        action,
        run: args.from,
        output,
        limit: if args.limit == 0 {
            usize::MAX
        } else {
            args.limit
        },
        shown,
        queries,
    })
}

/// Writes to stdout; a closed pipe (`caseflow sql … | head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

/// Refuses an `--output` that is one of the run's own files: a table or chart (anything
/// inside RUN/parquet or RUN/charts, the tables the query reads among them) or a file the
/// run writes beside them (workbook.xlsx, manifest.json …). Written there, a result would
/// replace the table it was computed from, and the help promises that the tables are never
/// changed. Symbolic links are followed, so another spelling of the path is caught too;
/// so is a `..` after a folder `--output` would make (`newdir/../run/workbook.xlsx`), the
/// path resolved as it will be once written ([`crate::outpath::resolved`]), before any
/// folder is made.
fn refuse_run_file(run: &Path, output: &Path) -> Result<()> {
    let Ok(run) = std::fs::canonicalize(run) else {
        return Ok(());
    };
    // The file itself followed if it is a link, and the name in its resolved folder (a
    // link there is replaced, not written through).
    let target = crate::outpath::resolved(output)?;
    let out = match (output.parent(), output.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            crate::outpath::resolved(dir)?.join(name)
        }
        _ => target.clone(),
    };
    let inside = crate::outpath::SUBFOLDERS.iter().any(|sub| {
        let sub = run.join(sub);
        out.starts_with(&sub) || target.starts_with(&sub)
    });
    let top = [&out, &target].iter().any(|p| {
        p.parent() == Some(run.as_path())
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::pipeline::RUN_FILES.contains(&n))
    });
    if inside || top {
        return Err(Error::Usage(format!(
            "--output {}: that is one of the run's own files ({}); a query never changes \
             the run: write the result outside {}/parquet and {}/charts under a name of \
             its own",
            output.display(),
            if inside {
                "its tables and charts are in parquet/ and charts/"
            } else {
                "written by caseflow run"
            },
            run.display(),
            run.display()
        )));
    }
    Ok(())
}

pub fn run(args: Args) -> Result<Outcome> {
    let cfg = config(args)?;
    match cfg.action {
        Action::ListQueries { unknown: None } => {
            print(&saved::listing(&cfg.queries))?;
            Ok(Outcome::Clean)
        }
        Action::ListQueries {
            unknown: Some(name),
        } => Err(Error::Usage(format!(
            "--query {name:?}: no saved query has this name (nor is it a .sql file)\n\n{}",
            saved::listing(&cfg.queries)
        ))),
        Action::Schema => {
            let rt = RunTables::open(cfg.run.as_deref().unwrap_or(Path::new(".")))?;
            if let Some((path, _)) = &cfg.output {
                refuse_run_file(&rt.run, path)?;
            }
            let markdown = cfg.shown == Shown::Markdown
                || matches!(cfg.output, Some((_, FileFormat::Markdown)));
            let text = if markdown {
                schema::markdown(&rt)
            } else {
                schema::text(&rt)?
            };
            match &cfg.output {
                Some((path, _)) => {
                    output::write_text(path, &text)?;
                    eprintln!("caseflow sql: wrote {}", path.display());
                }
                None => print(&text)?,
            }
            Ok(Outcome::Clean)
        }
        Action::Query { sql, saved } => {
            let rt = RunTables::open(cfg.run.as_deref().unwrap_or(Path::new(".")))?;
            if let Some((path, _)) = &cfg.output {
                refuse_run_file(&rt.run, path)?;
            }
            // A run killed part-way answers from whatever tables it left, some from the
            // run before: said, as the report says it, so its figures are not taken whole.
            let unfinished = crate::pipeline::unfinished::unfinished(&rt.run);
            if !unfinished.is_empty() {
                let files: Vec<&str> = unfinished
                    .stages
                    .iter()
                    .flat_map(|s| s.missing.iter().map(String::as_str))
                    .collect();
                eprintln!(
                    "caseflow sql: warning: the run in {} did not finish (stages {} did not \
                     finish; missing {}): its tables may be partial or left from an earlier \
                     run; run the pipeline again before using these figures",
                    rt.run.display(),
                    unfinished.stage_names(),
                    files.join(", ")
                );
            }
            if let Some((q, used)) = &saved {
                let params = if used.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        used.iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                eprintln!("caseflow sql: {} — {}{params}", q.name, q.title_zh);
            }
            let started = std::time::Instant::now();
            let df = rt.query(&sql)?;
            // A ratio over zero is undefined, never infinity (domain/metrics.md): one place
            // for the terminal, Markdown and every file format.
            let df = output::undefined_as_null(&df)?;
            let secs = started.elapsed().as_secs_f64();
            match &cfg.output {
                Some((path, format)) => {
                    output::write_frame(path, *format, &df)?;
                    eprintln!(
                        "caseflow sql: {} rows × {} columns in {secs:.2}s; wrote {}",
                        df.height(),
                        df.width(),
                        path.display()
                    );
                }
                None => {
                    // Days, as in the files (a duration shown as 10d would not be).
                    let df = output::durations_as_days(&df)?;
                    let text = match cfg.shown {
                        Shown::Table => render::text_table(&df, cfg.limit),
                        Shown::Markdown => render::markdown_table(&df, cfg.limit),
                    };
                    print(&text)?;
                    let left = df.height().saturating_sub(cfg.limit);
                    let more = if left > 0 {
                        format!(
                            "; {left} not shown (--limit N shows more, --limit 0 all, \
                             --output FILE.xlsx writes every row)"
                        )
                    } else {
                        String::new()
                    };
                    eprintln!(
                        "caseflow sql: {} rows × {} columns in {secs:.2}s{more}",
                        df.height(),
                        df.width()
                    );
                }
            }
            Ok(Outcome::Clean)
        }
    }
}
