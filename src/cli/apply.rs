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

use super::Error;
use redline::amend;
use redline::baseline::{Baseline, EMBEDDED};
use redline::proposal::{LoadedProposal, Proposal};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  redline apply proposals/cr2-shall.json\n  redline apply proposals/cr2-shall.json proposals/workforce.json -o amended.txt\n  redline apply proposals/encryption-backdoor-ban.json --base usmca-annex-12c"
)]
pub struct Args {
    /// Proposal files, applied in the order given.
    #[arg(required = true, value_name = "PROPOSAL")]
    proposals: Vec<PathBuf>,

    /// The baseline to amend: an embedded text or a path. Default: the proposals' own `base`.
    #[arg(long, short, value_name = "BASE")]
    base: Option<String>,

    /// Write the amended text to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// A refusal of the command itself, before any proposal is applied.
#[derive(Debug)]
pub enum ApplyCommandError {
    /// The proposals name different baselines and no `--base` was given.
    MixedBases { bases: Vec<(PathBuf, String)> },
    /// `-o` names the baseline file being amended.
    OverwritesBase { output: PathBuf },
    /// `-o` names a file holding an official text (`texts/usmca-ch19.txt` or a copy).
    OverwritesOfficialText { output: PathBuf, name: &'static str },
}

impl fmt::Display for ApplyCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyCommandError::MixedBases { bases } => {
                let list: Vec<String> = bases
                    .iter()
                    .map(|(path, base)| format!("{} targets {base}", path.display()))
                    .collect();
                write!(
                    f,
                    "the proposals target different baselines: {}\n  help: apply the proposals for one baseline at a time, or name the text to amend with --base",
                    list.join(", ")
                )
            }
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
    let mut loaded = Vec::new();
    let mut failed = false;
    for path in &args.proposals {
        match Proposal::load(path) {
            Ok(proposal) => loaded.push(proposal),
            Err(e) => {
                failed = true;
                for diagnostic in e.diagnostics() {
                    eprintln!("error: {diagnostic}");
                }
            }
        }
    }
    if failed {
        return Ok(ExitCode::from(2));
    }
    let baseline = Baseline::load(&base_name(args.base.as_deref(), &loaded)?)?;
    if let (Some(output), Some(base_path)) = (&args.output, &baseline.path) {
        if same_file(output, base_path) {
            return Err(ApplyCommandError::OverwritesBase {
                output: output.clone(),
            }
            .into());
        }
    }
    if let Some(output) = &args.output {
        refuse_official_text(output)?;
    }
    let mut document = baseline.document()?;
    for proposal in &loaded {
        match amend::apply(&document, &proposal.proposal) {
            Ok(amended) => document = amended.document,
            Err(e) => {
                eprintln!("error: {}", e.located(proposal));
                return Ok(ExitCode::from(2));
            }
        }
    }
    let text = document.render();
    match &args.output {
        Some(path) => write_atomically(path, &text)?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--base`, or the one baseline every proposal names.
fn base_name(flag: Option<&str>, loaded: &[LoadedProposal]) -> Result<String, Error> {
    if let Some(base) = flag {
        return Ok(base.to_string());
    }
    let first = &loaded[0].proposal.base;
    if loaded.iter().all(|l| &l.proposal.base == first) {
        return Ok(first.clone());
    }
    Err(ApplyCommandError::MixedBases {
        bases: loaded
            .iter()
            .map(|l| (l.path.clone(), l.proposal.base.clone()))
            .collect(),
    }
    .into())
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

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
