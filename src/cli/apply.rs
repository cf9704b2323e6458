//! `redline apply PROPOSAL... [--base X] [-o FILE|DIR/]`: the amended text in the baseline
//! layout, so it can be parsed again, diffed, or used as a base itself; with proposals on
//! several documents, one amended text per document in DIR.
//!
//! Nothing is written unless every proposal applies: the text goes to standard output, or to
//! FILE through a temporary file in the same directory renamed into place, so FILE is either
//! untouched or complete. The baseline itself is never written.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::inputs::{input_files, ProposalArgs};
use super::output::{refuse_inputs, to_stdout, NamedInput, StagedOutputs};
use super::Error;
use redline::baseline::{Baseline, Embedded, EMBEDDED};
use redline::session::Settled;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline apply proposals/cr2-shall.json\n  \
redline apply proposals/cr2-shall.json \\\n  \
    proposals/cybersecurity-workforce.json -o amended.txt\n  \
redline apply proposals/*.json -o amended/  # one file per document\n  \
redline apply proposals/*.json --base usmca-annex-12c")]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    /// Write the amended text to FILE (atomically) instead of standard output; a directory
    /// (an existing one, or a name ending in /) gets one file per document amended, named
    /// after its baseline (usmca-ch19.txt).
    #[arg(long, short, value_name = "FILE|DIR/")]
    output: Option<PathBuf>,
}

/// A refusal of the command itself, before anything is written.
#[derive(Debug)]
pub enum ApplyCommandError {
    /// `-o` names a file holding an official text (`texts/usmca-ch19.txt` or a copy).
    OverwritesOfficialText { output: PathBuf, name: &'static str },
    /// Several documents amended and no directory to write them to.
    SeveralDocuments { baselines: Vec<String> },
}

impl fmt::Display for ApplyCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyCommandError::OverwritesOfficialText { output, name } => write!(
                f,
                "{} holds the official text of {name}; the law as written is never overwritten\n  help: write the amended text to another file",
                output.display()
            ),
            ApplyCommandError::SeveralDocuments { baselines } => write!(
                f,
                "the proposals amend {} documents ({}); one text cannot hold them\n  help: write one file per document with -o DIR/, or pick one document with --base",
                baselines.len(),
                baselines.join(", ")
            ),
        }
    }
}

impl std::error::Error for ApplyCommandError {}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let session = args.input.load()?;
    let settled = args.input.session.settle(&session)?;
    for line in settled.settlement.lines() {
        eprintln!("note: {line}");
    }
    let texts = AmendedTexts::plan(&settled, args.output.as_deref(), &input_files(&session))?;
    texts.write()?;
    Ok(ExitCode::SUCCESS)
}

/// Every amended text of a settled session, made before anything is written, with where each
/// goes: standard output or FILE for one document, one file per document in DIR.
pub struct AmendedTexts {
    /// The directory the texts go to, when `-o` names one.
    directory: Option<PathBuf>,
    /// Each text and its file; `None` for standard output.
    texts: Vec<(Option<PathBuf>, String)>,
}

impl AmendedTexts {
    /// Where each text goes; refuses an output that is an input or an official text, and one
    /// file (or standard output) for several documents.
    pub fn plan(
        settled: &Settled,
        output: Option<&Path>,
        inputs: &[NamedInput],
    ) -> Result<AmendedTexts, Error> {
        let texts: Vec<(&Baseline, String)> = settled
            .amended()
            .map(|(baseline, amended)| (baseline, amended.render()))
            .collect();
        let Some(output) = output else {
            let [(_, text)] = texts.as_slice() else {
                return Err(several(&texts).into());
            };
            return Ok(AmendedTexts {
                directory: None,
                texts: vec![(None, text.clone())],
            });
        };
        let is_dir = output.is_dir() || output.as_os_str().to_string_lossy().ends_with('/');
        if !is_dir && texts.len() > 1 {
            return Err(several(&texts).into());
        }
        let mut planned = Vec::new();
        for (baseline, text) in texts {
            let path = match is_dir {
                true => output.join(file_name(baseline)),
                false => output.to_path_buf(),
            };
            refuse_inputs(&path, inputs)?;
            refuse_official_text(&path)?;
            planned.push((Some(path), text));
        }
        Ok(AmendedTexts {
            directory: is_dir.then(|| output.to_path_buf()),
            texts: planned,
        })
    }

    /// Writes every text: the files all or none ([`StagedOutputs`]), naming each file
    /// written to a directory.
    pub fn write(&self) -> Result<(), Error> {
        let mut outputs = StagedOutputs::default();
        let named = self.stage(&mut outputs)?;
        outputs.commit()?;
        for path in named {
            eprintln!("wrote {}", path.display());
        }
        Ok(())
    }

    /// Stages every text's file in `outputs` (creating the directory they go to); a text for
    /// standard output, the only output then, is written at once. Returns the files to name
    /// once written: those in a directory.
    pub fn stage(&self, outputs: &mut StagedOutputs) -> Result<Vec<&Path>, Error> {
        if let Some(directory) = &self.directory {
            std::fs::create_dir_all(directory)
                .map_err(|e| format!("cannot create the directory {}: {e}", directory.display()))?;
        }
        let mut named = Vec::new();
        for (path, text) in &self.texts {
            match path {
                None => to_stdout(text.as_bytes())?,
                Some(path) => {
                    outputs.stage(path, text.as_bytes())?;
                    if self.directory.is_some() {
                        named.push(path.as_path());
                    }
                }
            }
        }
        Ok(named)
    }
}

fn several(texts: &[(&Baseline, String)]) -> ApplyCommandError {
    ApplyCommandError::SeveralDocuments {
        baselines: texts.iter().map(|(b, _)| b.name.clone()).collect(),
    }
}

/// The file an amended document is written to in a directory: its embedded name, or its
/// file's name, with `.txt`.
fn file_name(baseline: &Baseline) -> String {
    let stem = match &baseline.path {
        Some(path) => path
            .file_stem()
            .map_or("amended".into(), |s| s.to_string_lossy().into_owned()),
        None => baseline.name.clone(),
    };
    format!("{stem}.txt")
}

/// Refuses to overwrite a file that holds one of the embedded official texts byte for byte,
/// such as `texts/usmca-ch19.txt`. Only a regular file of the right size is read, so `-o
/// /dev/zero` or a FIFO is never read from.
fn refuse_official_text(output: &Path) -> Result<(), ApplyCommandError> {
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
        Some(embedded) => Err(ApplyCommandError::OverwritesOfficialText {
            output: output.to_path_buf(),
            name: embedded.name,
        }),
        None => Ok(()),
    }
}
