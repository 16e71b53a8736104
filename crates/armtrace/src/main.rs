//! The `armtrace` command: parses arguments and wires the library crates together.
//! Every rule lives in the libraries; this file only says what to run and how to show it.

mod cli;
mod commands;
mod node;
mod output;
mod search;
mod serve;

use clap::Parser;

/// mimalloc instead of the system allocator: an import or a search index build makes and
/// frees millions of small strings, where glibc's allocator spends a tenth of the time
/// consolidating free lists (measured with perf, docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// Exit codes (documented in `docs/cli.md`).
pub mod exit {
    /// Everything done.
    pub const OK: u8 = 0;
    /// A command failed: bad input, a store that cannot be opened, a file that cannot be read.
    pub const FAILED: u8 = 1;
    /// The command line itself is wrong (clap's own code).
    pub const USAGE: u8 = 2;
    /// `verify` found the store altered or inconsistent.
    pub const TAMPERED: u8 = 3;
    /// An import stored the valid rows but rejected some (see the rejected-row report).
    pub const REJECTED_ROWS: u8 = 4;
    /// `show` found nothing.
    pub const NOT_FOUND: u8 = 5;
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            ExitCode::from(exit::FAILED)
        }
    }
}
