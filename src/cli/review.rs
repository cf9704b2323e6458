//! `redline review PROPOSAL... [--base X]`: several proposals on the agreement, as a policy team
//! reviews them before anything goes to negotiators. Conflicts are found before anything is
//! applied; every inserted and deleted word carries its proposal's tag; a summary matrix says
//! what each proposal does. Exit status as diff(1): 0 nothing changes, 1 something changes,
//! 2 trouble (including conflicts under `--on-conflict fail`).

use std::process::ExitCode;

use super::inputs::{FilterArgs, ProposalArgs};
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline review proposals/*.json --on-conflict first-wins\n  \
redline review proposals/cr2-shall.json proposals/interoperable-risk-management.json -o review.html\n  \
redline review proposals/*.json --on-conflict merge --sponsor CR2\n  \
redline review proposals/*.json --on-conflict skip --provision 19.15\n  \
redline review proposals/*.json --on-conflict first-wins --base usmca-annex-12c\n\n\
Proposals apply in the order given: where one proposal's edit depends on words another \
changes, the order decides (docs/review.md).\nExit status: 0 no differences, 1 differences \
(whatever a filter hides), 2 trouble (conflicts under --on-conflict fail).")]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    #[command(flatten)]
    filter: FilterArgs,

    #[command(flatten)]
    render: RenderArgs,

    /// Review change by change in a full-screen terminal: accept, reject, undo, jump
    /// (docs/review.md, "Interactive review"; ? lists the keys).
    #[arg(long, short)]
    interactive: bool,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    if args.interactive {
        return super::interactive::run(&args.input, color);
    }
    super::inputs::redline(&args.input, &args.filter, &args.render, color, true)
}
