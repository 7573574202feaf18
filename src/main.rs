use clap::Parser;

// Ingest and dedup allocate many short strings from several threads; glibc's allocator
// spent a third of ingest time in malloc/free (measured with perf), mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = caseflow::cli::Cli::parse();
    let code = match caseflow::cli::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            eprintln!("caseflow: error: {err}");
            err.exit_code()
        }
    };
    std::process::exit(code);
}
