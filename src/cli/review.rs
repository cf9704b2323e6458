//! `redline review PROPOSAL... [--base X]`: several proposals on the agreement, as a policy team
//! reviews them before anything goes to negotiators. Conflicts are found before anything is
//! applied; every inserted and deleted word carries its proposal's tag; a summary matrix says
//! what each proposal does. Exit status as diff(1): 0 nothing changes, 1 something changes,
//! 2 trouble (including conflicts under `--on-conflict fail`).

use std::process::ExitCode;

use super::decisions::DecisionArgs;
use super::inputs::{FilterArgs, ProposalArgs};
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline review proposals/*.json                          # both documents\n  \
redline review proposals/*.json -o review.html           # or .docx, .md\n  \
redline review proposals/*.json --sponsor CR2 --context 0\n  \
redline review proposals/*.json --provision 19.15\n  \
redline review proposals/*.json --base usmca-annex-12c\n  \
redline review proposals/*.json --on-conflict merge\n  \
redline review -i proposals/*.json -o consolidated.json  # in a terminal\n  \
redline review --decisions tests/fixtures/review-decisions.json \\\n  \
    proposals/cr2-shall.json proposals/sme-cybersecurity.json \\\n  \
    -o consolidated.json --log review-log.json\n  \
redline review --decisions review-log.json proposals/cr2-shall.json \\\n  \
    proposals/sme-cybersecurity.json --write-text amended.txt\n\n\
With --decisions (a decision log, docs/review.md), -o names the consolidated proposal: the accepted \
amendments as one proposal set, which show, apply and check read as a proposal.\n\
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

    #[command(flatten)]
    decisions: DecisionArgs,

    /// Review change by change in a full-screen terminal: accept, reject, undo, jump
    /// (docs/review.md, "Interactive review"; ? lists the keys). On quit the accepted
    /// amendments go to -o as one proposal set (asked for without -o).
    #[arg(long, short, conflicts_with = "decisions")]
    interactive: bool,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    if args.interactive {
        let outputs = args.decisions.outputs(&args.render);
        let resume = args.decisions.resume.as_deref();
        return super::interactive::run(&args.input, &outputs, resume, color);
    }
    if args.decisions.is_review_of_decisions() {
        return super::decisions::run(&args.input, &args.filter, &args.render, &args.decisions);
    }
    args.decisions.refuse_without_decisions()?;
    super::inputs::redline(&args.input, &args.filter, &args.render, color, true)
}
