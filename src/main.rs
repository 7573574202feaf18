use clap::Parser;

// Ingest and dedup allocate many short strings from several threads; glibc's allocator
// spent a third of ingest time in malloc/free (measured with perf), mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off, for a batch program on a VM where a page fault is expensive.
///
/// `perf` on a 1M-row ingest showed a third of all cycles in the kernel zeroing fresh
/// pages (`clear_page_erms` under `do_huge_pmd_anonymous_page`): mimalloc asks for
/// transparent huge pages, so memory it had returned to the OS came back as fresh 2 MiB
/// pages to zero, batch after batch. With small pages the kernel time of a 1M-row ingest
/// falls from 5–6 s to 1 s, at the same peak memory (BENCHMARKS.md, ingest). mimalloc's
/// own `allow_thp` option is read when the allocator starts, before `main`, so the
/// process-wide switch is used; `MIMALLOC_ALLOW_THP` in the environment still decides when
/// set. (Keeping freed memory instead, `MIMALLOC_PURGE_DELAY=-1`, helps only while huge
/// pages are on; `MIMALLOC_PURGE_DELAY=10` lowers ingest's peak memory by a quarter.)
fn small_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        use std::os::raw::{c_int, c_ulong};
        extern "C" {
            fn prctl(
                option: c_int,
                arg2: c_ulong,
                arg3: c_ulong,
                arg4: c_ulong,
                arg5: c_ulong,
            ) -> c_int;
        }
        const PR_SET_THP_DISABLE: c_int = 41;
        // SAFETY: sets a process attribute; on failure (an old kernel) THP stays as it was.
        unsafe { prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

/// A closed pipe ends the program quietly, as it does `cat` or `grep`: `caseflow sql … |
/// head` or `2>&1 | head` stops reading early, and Rust's default (the signal ignored, so
/// every later print fails) made the next print to the closed pipe panic with exit 101.
fn quiet_closed_pipe() {
    #[cfg(unix)]
    {
        use std::os::raw::c_int;
        extern "C" {
            fn signal(signum: c_int, handler: usize) -> usize;
        }
        const SIGPIPE: c_int = 13;
        const SIG_DFL: usize = 0;
        // SAFETY: restores the default action of one signal before any thread starts.
        unsafe { signal(SIGPIPE, SIG_DFL) };
    }
}

fn main() {
    small_pages();
    quiet_closed_pipe();
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
