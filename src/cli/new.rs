//! `redline new [--base X] [-o FILE]`: a proposal skeleton to fill in, every field explained.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{to_stdout, write_output};
use super::Error;
use redline::baseline::Baseline;
use redline::propose;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline new -o my-proposal.json\n  \
redline new --base usmca-annex-12c -o annex.json\n  \
redline check my-proposal.json\n\n\
The skeleton is valid as written: its one amendment replaces words with themselves. Its \
\"$comment\" explains every field and operation; redline ignores it.")]
pub struct Args {
    /// The baseline to amend: usmca-ch19 (default), usmca-annex-12c or a path.
    #[arg(long, short, default_value = "usmca-ch19", value_name = "BASE")]
    base: String,

    /// Write the skeleton to FILE (atomically) instead of standard output; an existing FILE
    /// is not overwritten.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let baseline = Baseline::load(&args.base)?;
    let base = baseline.document()?;
    let id = super::propose::id_from_file(args.output.as_deref());
    let date = super::propose::today();
    let json = propose::template(&baseline.name, &base, &id, &date);
    match &args.output {
        Some(path) if path.exists() => Err(format!(
            "{} exists; a new proposal never overwrites a file\n  help: name another file, or delete this one first",
            path.display()
        )
        .into()),
        Some(path) => {
            write_output(path, json.as_bytes())?;
            eprintln!("wrote {}: fill it in, then `redline check {}`", path.display(), path.display());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            to_stdout(json.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
