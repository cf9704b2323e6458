//! `redline check FILE...`: every problem in every proposal file, not only the first.
//!
//! A file is checked in two passes: its JSON and fields (`redline::proposal`), then each of its
//! amendments against its baseline (`redline::amend::check`), where a refused amendment is
//! skipped so the later ones are still checked.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Error;
use redline::amend;
use redline::baseline::Baseline;
use redline::proposal::{Proposal, ProposalError};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when every file is valid, 2 otherwise.\nThe format: docs/proposals.md; the schema for editors: proposals/schema.json."
)]
pub struct Args {
    /// Proposal files (JSON).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let mut invalid = 0;
    let mut problems = 0;
    for path in &args.files {
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
    let files = args.files.len();
    if invalid == 0 {
        println!(
            "{files} proposal file{} valid",
            if files == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{problems} problem{} in {invalid} of {files} proposal file{}",
        if problems == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(2))
}

/// Every problem of one file, each a complete diagnostic; empty when the file is valid.
fn check_file(path: &std::path::Path) -> Vec<String> {
    let (loaded, mut diagnostics) = match Proposal::load(path) {
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
    match Baseline::load(&loaded.proposal.base).and_then(|b| b.document()) {
        Ok(document) => diagnostics.extend(
            amend::check(&document, &loaded.proposal)
                .iter()
                .map(|e| e.located(&loaded)),
        ),
        Err(e) => diagnostics.push(format!("{}: `base`: {e}", path.display())),
    }
    diagnostics
}
