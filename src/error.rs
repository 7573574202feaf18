//! Typed errors and their exit codes.
//!
//! caseflow promises statisticians and batch schedulers three exit codes: 0 for a clean
//! run, 1 when the input had problems that were reported (every row still accounted for,
//! or a file that could not be read at all), 2 for a usage or configuration error caught
//! before any data was read, or an output that could not be written (a folder caseflow
//! may not write into, a full disk): where the output goes is the user's setting, as for
//! an output folder refused before anything is written, and nothing is wrong with the
//! input. Errors carry their context (file, sheet, row, column) as
//! fields rather than as pre-formatted strings so that callers can count and group them.

use std::path::PathBuf;

/// Everything that can stop a caseflow command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line or a pipeline/rule file is wrong; nothing was read yet.
    #[error("{0}")]
    Usage(String),

    /// A file named by the user could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An output could not be written or replaced (Permission denied on the output folder,
    /// a full disk, a file where a folder must be): a configuration error (exit 2), not a
    /// problem of the input.
    #[error(
        "{path}: cannot write the output there: {source} (choose another output folder, \
         or make this one writable)"
    )]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The input data is malformed in a way that stops the command.
    #[error("{file}{}: {message}", location(.row, .column))]
    Input {
        file: String,
        row: Option<usize>,
        column: Option<String>,
        message: String,
    },

    /// An ad hoc SQL query (`caseflow sql`) that the engine refused: the engine's message,
    /// then the tables and columns the query could have used. A usage error (exit 2): the
    /// query is the user's input, nothing is wrong with the data.
    #[error("{message}\n\n{help}")]
    Query { message: String, help: String },

    /// polars refused a table operation; wrapped with what caseflow was doing.
    #[error("{context}: {source}")]
    Polars {
        context: String,
        #[source]
        source: polars::error::PolarsError,
    },
}

fn location(row: &Option<usize>, column: &Option<String>) -> String {
    match (row, column) {
        (Some(r), Some(c)) => format!(", row {r}, column {c}"),
        (Some(r), None) => format!(", row {r}"),
        (None, Some(c)) => format!(", column {c}"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// Exit code for this error: 2 for usage and configuration, and for an output that
    /// could not be written; 1 for everything found in the data or in reading the input.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Query { .. } | Error::Output { .. } => 2,
            Error::Io { .. } | Error::Input { .. } | Error::Polars { .. } => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An output that could not be written at `path` (exit code 2).
    pub fn output(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Output {
            path: path.into(),
            source,
        }
    }

    pub fn polars(context: impl Into<String>, source: polars::error::PolarsError) -> Self {
        Error::Polars {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// How a command that did not fail outright finished: cleanly, or with problems in the
/// input that were reported (exit code 1) but did not stop the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Problems(usize),
}

impl Outcome {
    pub fn from_problem_count(n: usize) -> Self {
        if n == 0 {
            Outcome::Clean
        } else {
            Outcome::Problems(n)
        }
    }

    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Clean => 0,
            Outcome::Problems(_) => 1,
        }
    }
}
