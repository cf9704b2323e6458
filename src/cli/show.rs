//! `redline show PROPOSAL... [--base X]`: the main job. Applies the proposals in order to the
//! baseline and renders the word-level redline, each change attributed to its proposal, with
//! every provision's bindingness before and after. Exit status as diff(1): 0 the proposals
//! change nothing, 1 they change something, 2 trouble.

use std::process::ExitCode;

use super::inputs::ProposalArgs;
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};
use redline::attribution::attribute;
use redline::diff::diff_documents;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline show proposals/cr2-shall.json\n  \
redline show proposals/encryption-backdoor-ban.json -o backdoors.html\n  \
redline show proposals/cr2-shall.json proposals/interoperable-risk-management.json --format json\n  \
redline show proposals/cr2-shall.json --full                  (long output: paged, in colour)\n  \
redline show proposals/cr2-shall.json --stat\n  \
redline show proposals/cr2-shall.json --color always --full | less -R\n\n\
Without colour (a pipe, NO_COLOR, --color never) deletions read [-like this-] and insertions \
{+like this+}.\nExit status: 0 no differences, 1 differences, 2 trouble.")]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    #[command(flatten)]
    render: RenderArgs,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let set = args.input.load()?;
    args.render.refuse_inputs(&set.input_files())?;
    let versions = set.resolve(args.input.policy())?.versions;
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
