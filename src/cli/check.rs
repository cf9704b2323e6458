//! `redline check FILE...`: every problem in every proposal file, not only the first.
//!
//! A file is checked in two passes: its JSON and fields (`redline::proposal`), then each of its
//! amendments against its baseline (`redline::amend::check`), where a refused amendment is
//! skipped so the later ones are still checked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::inputs::with_folders_listed;
use super::output::to_stdout;
use super::Error;
use redline::amend;
use redline::baseline::Baseline;
use redline::proposal::{LoadedProposal, Proposal, ProposalError};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline check proposals/*.json  # every problem in every file\n  \
redline instructions proposals/cr2-shall.json -o cr2.txt\n  \
redline check cr2.txt           # instructions are checked too\n\n\
Exit status: 0 when every file is valid, 2 otherwise.\nThe format: docs/proposals.md; the schema for editors: proposals/schema.json.")]
pub struct Args {
    /// Proposal files (JSON or instructions); a folder stands for the .json files in it.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let mut invalid = 0;
    let mut problems = 0;
    let mut checked = 0;
    for path in &with_folders_listed(&args.files)? {
        if is_json_schema(path) {
            eprintln!(
                "note: skipped {}: a JSON Schema, not a proposal",
                path.display()
            );
            continue;
        }
        checked += 1;
        let diagnostics = check_file(path);
        if diagnostics.is_empty() {
            continue;
        }
        invalid += 1;
        problems += diagnostics.len();
        for diagnostic in diagnostics {
            eprintln!("error: {diagnostic}");
        }
    }
    let files = checked;
    if invalid == 0 {
        let valid = format!(
            "{files} proposal file{} valid\n",
            if files == 1 { "" } else { "s" }
        );
        to_stdout(valid.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{problems} problem{} in {invalid} of {files} proposal file{}",
        if problems == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(2))
}

/// Whether `path` is a JSON Schema, such as `proposals/schema.json`, which `redline check
/// proposals/*.json` would otherwise name.
fn is_json_schema(path: &Path) -> bool {
    matches!(
        redline::session::read_input(path),
        Ok(redline::session::Input::Skipped { .. })
    )
}

/// Every problem of one file, each a complete diagnostic; empty when the file is valid. A
/// proposal set is checked proposal by proposal.
fn check_file(path: &Path) -> Vec<String> {
    if std::fs::read(path).is_ok_and(|raw| redline::proposal::set::is_set(&raw)) {
        return match redline::session::read_input(path) {
            Ok(redline::session::Input::Set(set)) => set
                .proposals
                .into_iter()
                .flat_map(|loaded| against_baseline(loaded, Vec::new()))
                .collect(),
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics,
        };
    }
    let (loaded, diagnostics) = match Proposal::load(path) {
        Ok(loaded) => (loaded, Vec::new()),
        Err(e @ ProposalError::Invalid { .. }) => {
            let diagnostics = e.diagnostics();
            let ProposalError::Invalid { parsed, .. } = e else {
                unreachable!("matched above")
            };
            (*parsed, diagnostics)
        }
        Err(e) => return e.diagnostics(),
    };
    against_baseline(loaded, diagnostics)
}

/// `diagnostics`, with the problems of the proposal's amendments against its baseline.
fn against_baseline(loaded: LoadedProposal, mut diagnostics: Vec<String>) -> Vec<String> {
    let path = &loaded.path;
    if loaded.proposal.base.is_empty() && !diagnostics.is_empty() {
        // No baseline named: reported above, nothing to check the amendments against.
        return diagnostics;
    }
    let Some(spec) = loaded.base_spec() else {
        return diagnostics;
    };
    match Baseline::load(&spec).and_then(|b| b.document()) {
        Ok(document) => {
            let refused = amend::check(&document, &loaded.proposal);
            if refused.is_empty() && diagnostics.is_empty() {
                note_normalised(&document, &loaded);
            }
            diagnostics.extend(refused.iter().map(|e| e.located(&loaded)));
        }
        Err(e) => diagnostics.push(format!("{}: `base`: {e}", path.display())),
    }
    diagnostics
}

/// Says which phrases matched only once quote and dash styles were read alike.
fn note_normalised(document: &redline::document::Document, loaded: &LoadedProposal) {
    if let Ok((_, notes)) = amend::apply_noting(document, &loaded.proposal) {
        for note in notes {
            eprintln!("note: {}", note.located(loaded));
        }
    }
}
