//! `redline review -i` and `show -i`: the full-screen review ([`redline::tui`]) on a terminal.
//! Without one (standard input or output redirected) it refuses, pointing at the scripted
//! review.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::inputs::ProposalArgs;
use super::output::write_output;
use super::{ColorWhen, Error};
use redline::decisions::DecisionLog;
use redline::tui::{App, Changes};

/// `-i` where there is no terminal to draw on.
#[derive(Debug)]
struct NotATerminal(&'static str);

impl std::fmt::Display for NotATerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "-i (interactive review) needs a terminal, and standard {} is not one\n  help: run it in a terminal, or review without one by giving the decisions in a file: --decisions FILE (docs/review.md)",
            self.0
        )
    }
}

impl std::error::Error for NotATerminal {}

/// Refuses before anything is loaded when standard input or output is not a terminal.
pub fn require_terminal() -> Result<(), Error> {
    if !std::io::stdin().is_terminal() {
        return Err(NotATerminal("input").into());
    }
    if !std::io::stdout().is_terminal() {
        return Err(NotATerminal("output").into());
    }
    Ok(())
}

pub fn run(input: &ProposalArgs, color: ColorWhen) -> Result<ExitCode, Error> {
    require_terminal()?;
    let session = input.load()?;
    let policy = input.session.on_conflict;
    let changes = Changes::of(&session, policy)?;
    let log = DecisionLog::new(&session, policy);
    let mut app = App::new(changes, log, None);
    let mut write = |app: &App, path: &Path| {
        write_output(path, app.log().to_json().as_bytes()).map_err(|e| e.to_string())
    };
    redline::tui::run(&mut app, color.enabled(), &mut write)?;
    Ok(ExitCode::SUCCESS)
}
