use clap::Parser;

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
