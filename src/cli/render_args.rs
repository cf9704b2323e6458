//! What every redline-producing command shares (`diff`, `show`, `review`): the display
//! options (`--format`, `-o`, `--context`, `--full`, `--whitespace`, `--width`, `--stat`,
//! `-q`, `--no-scores`, `--final`, `--no-pager`, `--no-moves`) and writing the result: atomically for a
//! file, through a pager for a long redline on a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use termcolor::{Ansi, NoColor, WriteColor};

use super::output::{
    refuse_inputs, stdout_failed, to_stdout, write_output, NamedInput, OutputError,
};
use super::pager::{needs_paging, page, pager_command};
use super::{ColorWhen, Error};
use redline::diff::DiffOptions;
use redline::render::{render, terminal, Format, RenderOptions, Report};

#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Output format [default: from the extension of -o (.html, .json, .md), else text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write the redline to FILE instead of standard output (atomically: on failure no file
    /// is left behind).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Unchanged provisions to show before and after each change [default: 1; a Word
    /// document shows every provision unless this is given] (a changed provision's chapeau
    /// and article heading show whatever N is).
    #[arg(long, value_name = "N", value_parser = saturating_count)]
    pub context: Option<usize>,

    /// Show every provision, changed or not.
    #[arg(long)]
    pub full: bool,

    /// Show (and count as differences) changes of white space only.
    #[arg(long)]
    pub whitespace: bool,

    /// Wrap text at N columns [default: the terminal's width; lines stay whole in a pipe].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// One line per changed provision with the words it deletes and inserts, and a total.
    #[arg(long)]
    pub stat: bool,

    /// Print nothing: the exit status alone says whether there are differences.
    #[arg(long, short, conflicts_with_all = ["output", "stat"])]
    pub quiet: bool,

    /// Leave out the bindingness figures.
    #[arg(long)]
    pub no_scores: bool,

    /// A final text: no DRAFT mark (by default every output, and every printed page of the
    /// HTML, is marked DRAFT).
    #[arg(long = "final")]
    pub final_text: bool,

    /// Never page: on a terminal a redline longer than the screen goes through
    /// $REDLINE_PAGER, else $PAGER, else `less -FRX`.
    #[arg(long)]
    pub no_pager: bool,

    /// In a Word document, mark a moved provision as a deletion and an insertion rather than
    /// as a move (for programs that mishandle Word's moves).
    #[arg(long)]
    pub no_moves: bool,
}

/// A Word document asked for on a terminal, where its bytes would be noise.
#[derive(Debug)]
struct BinaryToTerminal;

impl std::fmt::Display for BinaryToTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a Word document is not shown on a terminal\n  help: write it to a file with \
             `-o redline.docx`, or redirect standard output to one"
        )
    }
}

impl std::error::Error for BinaryToTerminal {}

impl RenderArgs {
    /// Refuses a `-o` file that is one of the command's inputs, before any work is done.
    pub fn refuse_inputs(&self, inputs: &[NamedInput]) -> Result<(), OutputError> {
        match &self.output {
            Some(path) => refuse_inputs(path, inputs),
            None => Ok(()),
        }
    }

    /// How the engine should compare.
    pub fn diff_options(&self) -> DiffOptions {
        DiffOptions {
            whitespace: self.whitespace,
            ..DiffOptions::default()
        }
    }

    /// How renderers should display; text wraps at `--width`, else at the terminal's width
    /// when it goes to one. A Word reviewer wants the whole text, so a Word document has every
    /// provision unless `--context` is given.
    pub fn render_options(&self) -> RenderOptions {
        let terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let width = self.width.map(usize::from).or_else(|| {
            terminal
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        });
        let context = match (self.full, self.context, self.format()) {
            (true, _, _) | (false, None, Format::Docx) => None,
            (false, context, _) => Some(context.unwrap_or(1)),
        };
        RenderOptions {
            context,
            moves: !self.no_moves,
            width,
            scores: !self.no_scores,
            draft: !self.final_text,
        }
    }

    /// The format asked for, or the one the output file's extension implies.
    pub fn format(&self) -> Format {
        self.format.unwrap_or_else(|| {
            self.output
                .as_deref()
                .map_or(Format::Text, Format::from_path)
        })
    }

    /// Renders the redline to standard output (coloured as `color` says, paged when long) or
    /// to the `-o` file; nothing with `--quiet`. The report is stamped with the time it is
    /// generated in place: a copy of it would hold the whole redline twice.
    pub fn write(&self, report: &mut Report, color: ColorWhen) -> Result<(), Error> {
        if self.quiet {
            return Ok(());
        }
        report.generated = redline::clock::now()?;
        let terminal = std::io::stdout().is_terminal();
        match &self.output {
            None if self.format() == Format::Docx && terminal => {
                return Err(BinaryToTerminal.into());
            }
            // Nothing to page: streamed, so the rendered text is never held whole in memory.
            None if !terminal => {
                let stdout = std::io::BufWriter::new(std::io::stdout().lock());
                self.render_into(stdout, report, color.enabled())
                    .and_then(|mut stdout| stdout.flush())
                    .map_err(stdout_failed)?;
            }
            None => {
                let bytes = self.render_into(Vec::new(), report, color.enabled())?;
                if let Some(pager) = self.pager(&bytes) {
                    return Ok(page(&pager, &bytes)?);
                }
                to_stdout(&bytes)?;
            }
            Some(path) => {
                let bytes = self.render_into(Vec::new(), report, false)?;
                write_output(path, &bytes)?;
            }
        }
        Ok(())
    }

    /// Renders the redline (or `--stat`) into `out`, with colour codes if `colour`.
    fn render_into<W: Write>(&self, out: W, report: &Report, colour: bool) -> std::io::Result<W> {
        if colour {
            let mut out = Ansi::new(out);
            self.render_to(&mut out, report)?;
            Ok(out.into_inner())
        } else {
            let mut out = NoColor::new(out);
            self.render_to(&mut out, report)?;
            Ok(out.into_inner())
        }
    }

    /// The report, or with `--stat` one table per document (headed by its baseline when there
    /// are several).
    fn render_to(&self, out: &mut dyn WriteColor, report: &Report) -> std::io::Result<()> {
        let options = self.render_options();
        if !self.stat {
            return render(self.format(), report, &options, out);
        }
        for section in &report.sections {
            if report.has_sections() {
                writeln!(out, "{}:", section.baseline)?;
            }
            terminal::stat(out, &section.redline, &options)?;
        }
        Ok(())
    }

    /// The pager to send `bytes` through: on a terminal, unless `--no-pager`, when they are
    /// longer than the screen.
    fn pager(&self, bytes: &[u8]) -> Option<String> {
        if self.no_pager {
            return None;
        }
        let rows = terminal_size::terminal_size().map(|(_, h)| usize::from(h.0));
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        if !needs_paging(lines, rows) {
            return None;
        }
        pager_command(
            std::env::var_os("REDLINE_PAGER").as_deref(),
            std::env::var_os("PAGER").as_deref(),
        )
    }
}

impl RenderArgs {
    /// Writes plain text (amending instructions) where the redline would have gone.
    pub fn write_text(&self, text: &str) -> Result<(), Error> {
        match &self.output {
            None => to_stdout(text.as_bytes())?,
            Some(path) => write_output(path, text.as_bytes())?,
        }
        Ok(())
    }
}

/// A count from the command line; one too large to hold means "as many as there are", so
/// `--context 99999999999999999999` shows everything rather than wrapping to a small number.
fn saturating_count(text: &str) -> Result<usize, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected a whole number, 0 or more".to_string());
    }
    Ok(text.parse().unwrap_or(usize::MAX))
}
