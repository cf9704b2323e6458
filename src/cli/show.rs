//! `redline show PROPOSAL... [--base X]`: the main job. Applies the proposals in order, each to
//! the document it amends, and renders the word-level redline (one section per document), each
//! change attributed to its proposal, with every provision's bindingness before and after.
//! Exit status as diff(1): 0 the proposals change nothing, 1 they change something, 2 trouble.

use std::process::ExitCode;

use super::inputs::{FilterArgs, ProposalArgs};
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline show proposals/cr2-shall.json\n  \
redline show proposals/encryption-backdoor-ban.json -o backdoors.html\n  \
redline show proposals/cr2-shall.json -o cr2.docx  # tracked changes\n  \
redline show proposals/cr2-shall.json \\\n  \
    proposals/interoperable-risk-management.json --format json\n  \
redline show proposals/*.json --provision 19.15\n  \
redline show proposals/cr2-shall.json --full       # long: paged, in colour\n  \
redline show proposals/cr2-shall.json --stat\n  \
redline show proposals/cr2-shall.json --color always --full | less -R\n  \
redline show -i proposals/cr2-shall.json           # change by change\n\n\
Without colour (a pipe, NO_COLOR, --color never) deletions read [-like this-] and insertions \
{+like this+}.\nExit status: 0 no differences, 1 differences (whatever a filter hides), 2 trouble.")]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    #[command(flatten)]
    filter: FilterArgs,

    #[command(flatten)]
    render: RenderArgs,

    /// Review change by change in a full-screen terminal: accept, reject, undo, jump
    /// (docs/review.md, "Interactive review"; ? lists the keys). On quit the accepted
    /// amendments go to -o as one proposal set (asked for without -o).
    #[arg(long, short)]
    interactive: bool,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    if args.interactive {
        let outputs = super::decisions::Outputs {
            set: args.render.output.clone(),
            ..Default::default()
        };
        return super::interactive::run(&args.input, &outputs, None, color);
    }
    if args.render.format == Some(redline::render::Format::Instructions) {
        let session = args.input.load()?;
        let text = super::instructions::written(&session, redline::instructions::Style::Protocol);
        args.render.write_text(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    super::inputs::redline(&args.input, &args.filter, &args.render, color, false)
}
