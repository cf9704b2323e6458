//! `redline review -i` and `show -i`: the full-screen review ([`redline::tui`]) on a terminal.
//! Without one (standard input or output redirected) it refuses, pointing at the scripted
//! review.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::decisions::{read_log, write_outcome, Outputs};
use super::inputs::ProposalArgs;
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

/// The review on the terminal: decisions from `resume` (a saved log) or none, and on quit the
/// outcome written to `outputs` (the proposal set's file asked for when `-o` is not given).
pub fn run(
    input: &ProposalArgs,
    outputs: &Outputs,
    resume: Option<&Path>,
    color: ColorWhen,
) -> Result<ExitCode, Error> {
    require_terminal()?;
    let session = input.load()?;
    let mut log = match resume {
        Some(path) => read_log(path, &session)?,
        None => DecisionLog::new(&session, input.session.policy(&session)),
    };
    if let Some(policy) = input.session.on_conflict {
        log.policy = policy;
    }
    let changes = Changes::of(&session, log.policy)?;
    let mut app = App::new(changes, log, outputs.set.clone());
    // What the last write had to say, printed once the terminal is restored: printed while
    // the review owns the screen, it would land on the review and be drawn over.
    let mut said = Vec::new();
    let mut write = |app: &App, path: &Path| {
        let outputs = Outputs {
            set: Some(path.to_path_buf()),
            log: Some(log_path(outputs, resume, path)),
            ..outputs.clone()
        };
        let outcome = write_outcome(&session, app.log(), &outputs).map_err(|e| e.to_string())?;
        let wrote: Vec<String> = [Some(path), outputs.log.as_deref(), outputs.text.as_deref()]
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect();
        said = outcome.messages;
        said.push(format!("wrote {}", wrote.join(", ")));
        Ok(())
    };
    redline::tui::run(&mut app, color.enabled(), &mut write)?;
    for message in &said {
        eprintln!("{message}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Where an interactive review keeps its decision log, so that it can always be resumed:
/// `--log`, else the log it resumed, else beside the proposal set (`consolidated.json` →
/// `consolidated.log.json`).
fn log_path(outputs: &Outputs, resume: Option<&Path>, set: &Path) -> PathBuf {
    outputs
        .log
        .clone()
        .or_else(|| resume.map(Path::to_path_buf))
        .unwrap_or_else(|| {
            let stem = set.file_stem().unwrap_or(set.as_os_str());
            let mut name = stem.to_os_string();
            name.push(".log.json");
            set.with_file_name(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_goes_where_asked_else_where_it_was_else_beside_the_set() {
        let outputs = Outputs::default();
        let set = Path::new("out/consolidated.json");
        assert_eq!(
            log_path(&outputs, None, set),
            Path::new("out/consolidated.log.json")
        );
        assert_eq!(
            log_path(&outputs, Some(Path::new("saved.json")), set),
            Path::new("saved.json")
        );
        let asked = Outputs {
            log: Some(PathBuf::from("mine.json")),
            ..Outputs::default()
        };
        assert_eq!(
            log_path(&asked, Some(Path::new("saved.json")), set),
            Path::new("mine.json")
        );
        assert_eq!(
            log_path(&outputs, None, Path::new("set")),
            Path::new("set.log.json")
        );
    }
}
