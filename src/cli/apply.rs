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
use super::output::write_atomically;
use super::Error;
use redline::baseline::EMBEDDED;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  redline apply proposals/cr2-shall.json\n  redline apply proposals/cr2-shall.json proposals/workforce.json -o amended.txt\n  redline apply proposals/encryption-backdoor-ban.json --base usmca-annex-12c"
)]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    /// Write the amended text to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// A refusal of the command itself, before any proposal is applied.
#[derive(Debug)]
pub enum ApplyCommandError {
    /// `-o` names the baseline file being amended.
    OverwritesBase { output: PathBuf },
    /// `-o` names a file holding an official text (`texts/usmca-ch19.txt` or a copy).
    OverwritesOfficialText { output: PathBuf, name: &'static str },
}

impl fmt::Display for ApplyCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyCommandError::OverwritesOfficialText { output, name } => write!(
                f,
                "{} holds the official text of {name}; the law as written is never overwritten\n  help: write the amended text to another file",
                output.display()
            ),
            ApplyCommandError::OverwritesBase { output } => write!(
                f,
                "{} is the baseline being amended; it is never overwritten\n  help: write the amended text to another file",
                output.display()
            ),
        }
    }
}

impl std::error::Error for ApplyCommandError {}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let set = args.input.load()?;
    if let Some(output) = &args.output {
        if set.base_path().is_some_and(|base| same_file(output, base)) {
            return Err(ApplyCommandError::OverwritesBase {
                output: output.clone(),
            }
            .into());
        }
        refuse_official_text(output)?;
    }
    let text = set.apply(args.input.policy())?.render();
    match &args.output {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses to overwrite a file that holds one of the embedded official texts byte for byte,
/// such as `texts/usmca-ch19.txt`.
fn refuse_official_text(output: &Path) -> Result<(), ApplyCommandError> {
    let Ok(existing) = std::fs::read(output) else {
        return Ok(());
    };
    match EMBEDDED.iter().find(|e| e.text.as_bytes() == existing) {
        Some(embedded) => Err(ApplyCommandError::OverwritesOfficialText {
            output: output.to_path_buf(),
            name: embedded.name,
        }),
        None => Ok(()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
