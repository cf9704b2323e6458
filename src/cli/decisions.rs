//! A review's decisions on the command line: `--decisions FILE` applies a decision list
//! without a terminal, `--resume LOG` reads a saved review for the interactive one to continue,
//! and a review's outcome is written: the accepted amendments as one proposal set (`-o`, else
//! standard output), the decision log (`--log`) and the amended text (`--write-text`). Every
//! output is made and checked before any is written, and they are written all or none.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::apply::AmendedTexts;
use super::inputs::{input_files, FilterArgs, ProposalArgs};
use super::output::{refuse_inputs, to_stdout, StagedOutputs};
use super::render_args::RenderArgs;
use super::Error;
use redline::decisions::{consolidate, Consolidated, DecisionLog, Verdict};
use redline::render::Format;
use redline::session::{AmendmentRef, Session};

/// Where a review's decisions come from and where its outcome goes (with `-o`).
#[derive(Debug, Clone, clap::Args)]
pub struct DecisionArgs {
    /// Apply the decisions in FILE (a decision log, docs/review.md) without a terminal: the
    /// accepted amendments go to -o as one proposal set (standard output without -o);
    /// undecided amendments are left out, with a note.
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub decisions: Option<PathBuf>,

    /// Continue the interactive review saved in LOG (a decision log written by --log); needs
    /// -i. To apply a saved log without a terminal, pass it to --decisions.
    #[arg(long, value_name = "LOG")]
    pub resume: Option<PathBuf>,

    /// Also write the decision log, every decision with its time, to LOG (JSON, atomically):
    /// --decisions or --resume replays it. An interactive review always writes one: to LOG,
    /// else to the log it resumed, else beside -o (consolidated.json: consolidated.log.json)
    #[arg(long, value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// Also write the amended text in the baseline layout to FILE, or one file per document
    /// to DIR/ (as `redline apply -o` does).
    #[arg(long, value_name = "FILE|DIR/")]
    pub write_text: Option<PathBuf>,
}

/// Where a review's outcome goes.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// The consolidated proposal set; standard output when `None`.
    pub set: Option<PathBuf>,
    pub log: Option<PathBuf>,
    pub text: Option<PathBuf>,
}

impl DecisionArgs {
    /// Whether the review is one of decisions rather than a redline to show.
    pub fn is_review_of_decisions(&self) -> bool {
        self.decisions.is_some() || self.resume.is_some()
    }

    /// Refuses the outputs of a review of decisions when there are no decisions to write.
    pub fn refuse_without_decisions(&self) -> Result<(), Error> {
        let flag = match (&self.log, &self.write_text) {
            (Some(_), _) => "--log",
            (None, Some(_)) => "--write-text",
            (None, None) => return Ok(()),
        };
        Err(format!(
            "{flag} writes the outcome of a review of decisions, and there are none\n  help: pass the decisions with --decisions FILE (docs/review.md, \"Decisions and the consolidated proposal\"), or review interactively with -i"
        )
        .into())
    }

    /// The outputs a review of decisions writes, `-o` naming the proposal set.
    pub fn outputs(&self, render: &RenderArgs) -> Outputs {
        Outputs {
            set: render.output.clone(),
            log: self.log.clone(),
            text: self.write_text.clone(),
        }
    }
}

/// `redline review --decisions FILE PROPOSAL...`: the decisions applied without a terminal.
pub fn run(
    input: &ProposalArgs,
    filter: &FilterArgs,
    render: &RenderArgs,
    args: &DecisionArgs,
) -> Result<ExitCode, Error> {
    if args.resume.is_some() {
        return Err("--resume continues an interactive review, which needs -i (and a terminal)\n  help: to apply the saved log without a terminal, pass it as --decisions LOG".into());
    }
    refuse_redline_options(filter, render)?;
    let path = args.decisions.as_deref().expect("a review of decisions");
    let session = input.load()?;
    let mut log = read_log(path, &session)?;
    if let Some(policy) = input.session.on_conflict {
        log.policy = policy;
    }
    let outcome = write_outcome(&session, &log, &args.outputs(render))?;
    for message in &outcome.messages {
        eprintln!("{message}");
    }
    Ok(outcome.status)
}

/// Reads a decision log and checks it against the session: `--decisions` and `--resume` both
/// read their file through here. The log returned names the session's files as they are now.
pub fn read_log(path: &Path, session: &Session) -> Result<DecisionLog, Error> {
    let text = std::fs::read(path).map_err(|e| {
        format!(
            "cannot read the decisions {}: {e}\n  help: name a decision log (docs/review.md, \"Decisions and the consolidated proposal\")",
            path.display()
        )
    })?;
    let text = String::from_utf8(text).map_err(|_| {
        format!(
            "{}: the file is not valid UTF-8\n  help: save the decision log as UTF-8",
            path.display()
        )
    })?;
    let log = DecisionLog::parse(&text, path)?;
    log.check(session)?;
    Ok(log.continued(session))
}

/// A review's outcome, written: the exit status, and what to tell the reviewer (the notes on
/// settling the amendments, the tally, the files written to a directory), printed by the
/// caller when the screen is its own again.
pub struct Outcome {
    pub status: ExitCode,
    pub messages: Vec<String>,
}

/// Consolidates the decisions and writes the outcome: the proposal set, the log and the
/// amended text, every one made and checked before any is written, and written all or none
/// ([`StagedOutputs`]). Exit status as diff(1): 1 when the accepted amendments change the
/// text, 0 when they change nothing.
pub fn write_outcome(
    session: &Session,
    log: &DecisionLog,
    outputs: &Outputs,
) -> Result<Outcome, Error> {
    let consolidated = consolidate(session, log)?;
    let mut messages: Vec<String> = consolidated
        .settled
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .collect();
    messages.push(tally(session, log, &consolidated));
    let inputs = input_files(session);
    let set = consolidated.to_json();
    if let Some(path) = &outputs.set {
        refuse_inputs(path, &inputs)?;
    }
    if let Some(path) = &outputs.log {
        refuse_inputs(path, &inputs)?;
    }
    let texts = outputs
        .text
        .as_deref()
        .map(|path| AmendedTexts::plan(&consolidated.settled, Some(path), &inputs))
        .transpose()?;
    let mut staged = StagedOutputs::default();
    if let Some(path) = &outputs.set {
        staged.stage(path, set.as_bytes())?;
    }
    if let Some(path) = &outputs.log {
        staged.stage(path, log.to_json().as_bytes())?;
    }
    let named = match &texts {
        Some(texts) => texts.stage(&mut staged)?,
        None => Vec::new(),
    };
    if outputs.set.is_none() {
        to_stdout(set.as_bytes())?;
    }
    staged.commit()?;
    messages.extend(named.iter().map(|path| format!("wrote {}", path.display())));
    let changed = consolidated
        .settled
        .texts
        .iter()
        .any(|t| t.amended().render() != t.before().render());
    Ok(Outcome {
        status: ExitCode::from(u8::from(changed)),
        messages,
    })
}

/// `review: 5 amendments accepted, 2 rejected, 3 undecided (left out: ...)`.
fn tally(session: &Session, log: &DecisionLog, consolidated: &Consolidated) -> String {
    let verdicts = log.verdicts();
    let count = |v: Verdict| verdicts.values().filter(|&&x| x == v).count();
    let amendments = |n: usize| format!("{n} amendment{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "review: {} accepted, {} rejected",
        amendments(count(Verdict::Accepted)),
        count(Verdict::Rejected)
    );
    let undecided = &consolidated.undecided;
    if !undecided.is_empty() {
        line.push_str(&format!(
            "\nnote: {} undecided, left out as if rejected: {}",
            amendments(undecided.len()),
            describe(session, undecided)
        ));
    }
    line
}

/// `amendments 2 and 3 of cr2-shall; amendment 1 of sme-cybersecurity`.
fn describe(session: &Session, amendments: &[AmendmentRef]) -> String {
    session
        .proposals()
        .iter()
        .filter_map(|p| {
            let numbers: Vec<String> = amendments
                .iter()
                .filter(|r| r.proposal == p.id())
                .map(|r| (r.index + 1).to_string())
                .collect();
            let list = match numbers.as_slice() {
                [] => return None,
                [one] => format!("amendment {one}"),
                [rest @ .., last] => format!("amendments {} and {last}", rest.join(", ")),
            };
            Some(format!("{list} of {}", p.id()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Refuses the options that shape a redline: a review of decisions writes a proposal set.
fn refuse_redline_options(filter: &FilterArgs, render: &RenderArgs) -> Result<(), Error> {
    let help = "  help: a review of decisions writes the accepted amendments as a proposal set (JSON); redline it with `redline show SET.json` and its options";
    if render.format.is_some_and(|f| f != Format::Json) {
        return Err(format!("--format does not apply with --decisions\n{help}").into());
    }
    if let Some(path) = &render.output {
        if Format::from_path(path) != Format::Json && path.extension().is_some() {
            return Err(format!(
                "-o {}: with --decisions, -o names the proposal set, a JSON file\n  help: name it with .json (-o consolidated.json); redline it with `redline show consolidated.json -o {}`",
                path.display(),
                path.display()
            )
            .into());
        }
    }
    let shaping = [
        (filter.provision.is_some(), "--provision"),
        (!filter.sponsor.is_empty(), "--sponsor"),
        (!filter.proposal.is_empty(), "--proposal"),
        (render.stat, "--stat"),
        (render.full, "--full"),
        (render.context.is_some(), "--context"),
        (render.quiet, "--quiet"),
    ];
    if let Some((_, flag)) = shaping.iter().find(|(given, _)| *given) {
        return Err(format!("{flag} does not apply with --decisions\n{help}").into());
    }
    Ok(())
}
