//! `redline instructions PROPOSAL... [--style protocol|us|uk]`: proposals as amending
//! instruments, grouped by article, in the verbs of the chosen drafting style.

use std::path::PathBuf;
use std::process::ExitCode;

use super::inputs::with_folders_listed;
use super::output::{refuse_inputs, to_stdout, write_output, NamedInput};
use super::Error;
use redline::instructions::{self, Style};
use redline::session::Session;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline instructions proposals/cr2-shall.json\n  \
redline instructions proposals/cr2-shall.json --style uk\n  \
redline instructions proposals/cybersecurity-workforce.json --style us \\\n  \
    -o workforce.txt\n\n\
The instructions read back wherever a proposal is accepted (check, apply, show, review): \
redline check workforce.txt")]
pub struct Args {
    /// Proposal files (JSON or instructions); a folder stands for the .json files in it.
    #[arg(required = true, value_name = "PROPOSAL")]
    proposals: Vec<PathBuf>,

    /// The drafting style: protocol (strike ... and insert, as the USMCA 2019 Protocol of
    /// Amendment), us (is amended by striking ... and inserting), uk (leave out ... and insert).
    #[arg(long, value_enum, default_value_t = StyleArg::Protocol, value_name = "STYLE")]
    style: StyleArg,

    /// The baseline the proposals amend. Default: the one they name.
    #[arg(long, short, value_name = "BASE")]
    base: Option<String>,

    /// Write the instructions to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StyleArg {
    Protocol,
    Us,
    Uk,
}

impl From<StyleArg> for Style {
    fn from(style: StyleArg) -> Style {
        match style {
            StyleArg::Protocol => Style::Protocol,
            StyleArg::Us => Style::Us,
            StyleArg::Uk => Style::Uk,
        }
    }
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let proposals = with_folders_listed(&args.proposals)?;
    if let Some(output) = &args.output {
        let inputs: Vec<NamedInput> = proposals
            .iter()
            .map(|path| NamedInput {
                role: "a proposal",
                path,
            })
            .collect();
        refuse_inputs(output, &inputs)?;
    }
    let session = Session::load(&proposals, args.base.as_deref())?;
    for note in session.notes() {
        eprintln!("note: {note}");
    }
    let text = written(&session, args.style.into());
    match &args.output {
        Some(path) => write_output(path, text.as_bytes())?,
        None => to_stdout(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Every proposal of the session as instructions, one after the other, each against the
/// document it amends.
pub fn written(session: &Session, style: Style) -> String {
    session
        .proposals()
        .iter()
        .map(|p| instructions::render(&session.parts()[p.part].before, p.proposal(), style))
        .collect::<Vec<_>>()
        .join("\n")
}
