use clap::Parser;

// Ingest and dedup allocate many short strings from several threads; glibc's allocator
// spent a third of ingest time in malloc/free (measured with perf), mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_huge_pages();
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

/// Transparent huge pages off for this process (unless `MIMALLOC_ALLOW_THP` is set, which
/// then decides as mimalloc documents it). mimalloc asks the kernel for huge pages
/// (`madvise`), and with the usual `defrag = madvise` the kernel compacts memory inside the
/// page fault to find a free 2 MB page: where the page cache has fragmented memory each
/// such fault stalls. On the shared 2-core VM of BENCHMARKS.md (classify) reading a million
/// cases spent 1.2–3.7 s of system time that way, 0.35 s with 4 KB pages, and a run varied
/// by 2× from one start to the next.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    use std::ffi::{c_int, c_ulong};
    const PR_SET_THP_DISABLE: c_int = 41;
    extern "C" {
        fn prctl(option: c_int, ...) -> c_int;
    }
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
        return;
    }
    let (one, zero): (c_ulong, c_ulong) = (1, 0);
    // SAFETY: prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) sets one flag of this process and
    // reads or writes no memory of ours; if it fails, huge pages simply stay allowed.
    unsafe {
        prctl(PR_SET_THP_DISABLE, one, zero, zero, zero);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}
