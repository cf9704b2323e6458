//! `redline apply PROPOSAL... [--base X] [-o FILE]`: the amended text in the baseline layout,
//! so it can be parsed again, diffed, or used as a base itself.
//!
//! Nothing is written unless every proposal applies: the text goes to standard output, or to
//! FILE through a temporary file in the same directory renamed into place, so FILE is either
//! untouched or complete. The baseline itself is never written.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::inputs::ProposalArgs;
use super::output::{refuse_inputs, write_output};
use super::Error;
use redline::baseline::{Embedded, EMBEDDED};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  redline apply proposals/cr2-shall.json\n  redline apply proposals/cr2-shall.json proposals/cybersecurity-workforce.json -o amended.txt\n  redline apply proposals/encryption-backdoor-ban.json --base usmca-annex-12c"
)]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    /// Write the amended text to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `-o` names a file holding one of the embedded official texts byte for byte (a copy of
/// `texts/usmca-ch19.txt`).
#[derive(Debug)]
pub struct OverwritesOfficialText {
    output: PathBuf,
    name: &'static str,
}

impl fmt::Display for OverwritesOfficialText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} holds the official text of {}; the law as written is never overwritten\n  help: write the amended text to another file",
            self.output.display(),
            self.name
        )
    }
}

impl std::error::Error for OverwritesOfficialText {}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let set = args.input.load()?;
    if let Some(output) = &args.output {
        refuse_inputs(output, &set.input_files())?;
        refuse_official_text(output)?;
    }
    let text = set.apply(args.input.policy())?.render();
    match &args.output {
        Some(path) => write_output(path, text.as_bytes())?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses to overwrite a file that holds one of the embedded official texts byte for byte,
/// such as `texts/usmca-ch19.txt`. Only a regular file of the right size is read, so `-o
/// /dev/zero` or a FIFO is never read from.
fn refuse_official_text(output: &Path) -> Result<(), OverwritesOfficialText> {
    let Ok(metadata) = std::fs::metadata(output) else {
        return Ok(());
    };
    let same_size = |e: &Embedded| metadata.is_file() && metadata.len() == e.text.len() as u64;
    if !EMBEDDED.iter().any(same_size) {
        return Ok(());
    }
    let Ok(existing) = std::fs::read(output) else {
        return Ok(());
    };
    match EMBEDDED.iter().find(|e| e.text.as_bytes() == existing) {
        Some(embedded) => Err(OverwritesOfficialText {
            output: output.to_path_buf(),
            name: embedded.name,
        }),
        None => Ok(()),
    }
}
