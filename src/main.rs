use clap::Parser;

// Ingest and dedup allocate many short strings from several threads; glibc's allocator
// spent a third of ingest time in malloc/free (measured with perf), mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for huge pages on its
/// arenas, and the kernel then zeroes 2 MiB at the first touch of each: on a 1M-row dedup
/// that was 40 % of the run (perf: `clear_page_erms`), seven seconds of system time
/// against one and a half with ordinary 4 KiB pages.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    // SAFETY: prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) only sets a flag of this process; a
    // kernel without it returns an error, which changes nothing.
    unsafe {
        prctl(
            PR_SET_THP_DISABLE,
            1 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
        );
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    no_transparent_huge_pages();
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
