//! The `redline` command line: argument parsing and output over the `redline` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
