//! The `redline` command line: argument parsing and output over the `redline` library.

mod cli;

// A review allocates and frees many small strings and vectors (cues, spans, scores): mimalloc
// serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
