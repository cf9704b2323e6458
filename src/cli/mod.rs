//! Command-line interface: clap definitions, dispatch, and the exit-status contract
//! (0 success, 2 trouble; later commands add 1 for "differences found", as diff(1) does).

mod apply;
mod check;
mod decisions;
mod diff;
mod edit;
mod inputs;
mod instructions;
mod interactive;
mod new;
mod output;
mod pager;
mod propose;
mod provisions;
mod render_args;
mod review;
mod score;
mod show;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use output::ColorWhen;

/// Treaty amendments as word-level redlines, with a bindingness score.
///
/// redline applies proposed amendments (JSON files, docs/proposals.md) to the official text of
/// a treaty chapter (USMCA Chapter 19 and Annex 12-C are built in) and shows them as word-level
/// redlines, in the terminal, as HTML, JSON or Markdown, with how hard each provision binds the
/// Parties before and after. Provisions are cited the way lawyers cite them: 19.15.1(b),
/// Art. 19.15(1)(b), Article 19.15, paragraph 1(b), 12.C.2(3)(a).
#[derive(Debug, Parser)]
#[command(name = "redline", version, propagate_version = true)]
#[command(after_help = "Examples:\n  \
redline show proposals/cr2-shall.json              # against Chapter 19\n  \
redline show proposals/cr2-shall.json -o cr2.html  # one HTML file to send\n  \
redline show proposals/cr2-shall.json -o cr2.docx  # Word, tracked changes\n  \
redline review proposals/*.json                    # every proposal at once\n  \
redline review -i proposals/*.json                 # change by change\n  \
redline score proposals/cr2-shall.json             # before and after\n  \
redline check proposals/*.json                     # every file's problems\n  \
redline provisions 19.15                           # Article 19.15 in full\n\n\
Exit status: 0 success (no differences), 1 differences found (show, review, diff), 2 trouble.")]
pub struct Cli {
    /// When to colour the output: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Redline proposals against the baseline: the main job.
    Show(show::Args),
    /// Review several proposals together: attributed redline, conflicts, summary matrix.
    Review(review::Args),
    /// List the provisions of a baseline, or show one provision in full.
    Provisions(provisions::Args),
    /// Score how hard each provision binds (0 to 100), with the words behind each score.
    Score(score::Args),
    /// Check proposal files: every problem in every file.
    Check(check::Args),
    /// Apply proposals to a baseline and print the amended text in the baseline layout.
    Apply(apply::Args),
    /// Redline two texts word by word: provisions when both are in the baseline layout,
    /// paragraphs otherwise.
    Diff(diff::Args),
    /// Turn an edited copy of the baseline (or of some of its provisions) into a proposal.
    Propose(propose::Args),
    /// Edit provisions in your editor; the proposal is written from what you change.
    Edit(edit::Args),
    /// Write a proposal skeleton to fill in, every field explained.
    New(new::Args),
    /// Write proposals as amending instructions (strike ... and insert ...).
    Instructions(instructions::Args),
}

/// Runs the command line and maps the outcome to an exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Show(args) => show::run(args, cli.color),
        Command::Review(args) => review::run(args, cli.color),
        Command::Provisions(args) => provisions::run(args, cli.color),
        Command::Score(args) => score::run(args, cli.color),
        Command::Check(args) => check::run(args),
        Command::Apply(args) => apply::run(args),
        Command::Diff(args) => diff::run(args, cli.color),
        Command::Propose(args) => propose::run(args),
        Command::Edit(args) => edit::run(args),
        Command::New(args) => new::run(args),
        Command::Instructions(args) => instructions::run(args),
    };
    match result {
        Ok(status) => status,
        Err(error) if output::is_broken_pipe(&error) => output::die_of_broken_pipe(),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Any failure of a command; the message says what, where and how to fix it.
pub type Error = Box<dyn std::error::Error>;
