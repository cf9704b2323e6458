//! `redline show PROPOSAL... [--base X]`: the main job. Applies the proposals in order to the
//! baseline and renders the word-level redline, each change attributed to its proposal, with
//! every provision's bindingness before and after. Exit status as diff(1): 0 the proposals
//! change nothing, 1 they change something, 2 trouble.

use std::path::PathBuf;
use std::process::ExitCode;

use super::inputs::ProposalSet;
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};
use redline::attribution::attribute;
use redline::diff::diff_documents;
use redline::review::Policy;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline show proposals/cr2-shall.json\n  \
redline show proposals/encryption-backdoor-ban.json -o backdoors.html\n  \
redline show proposals/cr2-shall.json proposals/interoperable-risk-management.json --format json\n  \
redline show proposals/cr2-shall.json --full | less -R\n\n\
Without colour (a pipe, NO_COLOR, --color never) deletions read [-like this-] and insertions \
{+like this+}.\nExit status: 0 no differences, 1 differences, 2 trouble.")]
pub struct Args {
    /// Proposal files, applied in the order given (docs/proposals.md).
    #[arg(required = true, value_name = "PROPOSAL")]
    proposals: Vec<PathBuf>,

    /// The baseline to amend: an embedded text (usmca-ch19, usmca-annex-12c) or a path.
    /// Default: the baseline the proposals name.
    #[arg(long, short, value_name = "BASE")]
    base: Option<String>,

    #[command(flatten)]
    render: RenderArgs,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let set = ProposalSet::load(&args.proposals, args.base.as_deref())?;
    let versions = set.resolve(Policy::Fail)?.versions;
    let after = versions.last().expect("the baseline is first");
    let mut redline = diff_documents(&set.before, after, &args.render.diff_options());
    attribute(&mut redline, &versions, &set.ids());
    args.render.write(&redline, &set.report(after), color)?;
    Ok(if redline.has_differences() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
