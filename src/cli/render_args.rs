//! What every redline-producing command shares: the display options (`--format`, `-o`,
//! `--context`, `--full`, `--whitespace`) and writing the result, atomically for a file.
//! `diff` uses it now; `show` reuses it unchanged.

use std::io::Write;
use std::path::PathBuf;

use termcolor::{BufferedStandardStream, ColorChoice, NoColor};

use super::output::{refuse_inputs, write_output, NamedInput, OutputError};
use super::{ColorWhen, Error};
use redline::diff::{DiffOptions, Redline};
use redline::render::{render, Format, RenderOptions, Report};

#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Output format [default: from the extension of -o (.html, .json, .md), else text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write the redline to FILE instead of standard output (atomically: on failure no file
    /// is left behind).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Unchanged provisions to show before and after each change.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = saturating_count)]
    pub context: usize,

    /// Show every provision, changed or not.
    #[arg(long)]
    pub full: bool,

    /// Show (and count as differences) changes of white space only.
    #[arg(long)]
    pub whitespace: bool,
}

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

    /// How renderers should display.
    pub fn render_options(&self) -> RenderOptions {
        RenderOptions {
            context: (!self.full).then_some(self.context),
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

    /// Renders the redline to standard output (coloured as `color` says) or to the `-o` file.
    pub fn write(&self, redline: &Redline, report: &Report, color: ColorWhen) -> Result<(), Error> {
        let (format, options) = (self.format(), self.render_options());
        match &self.output {
            None => {
                // Buffered: a long redline is thousands of short writes.
                let mut out = BufferedStandardStream::stdout(if color.enabled() {
                    ColorChoice::Always
                } else {
                    ColorChoice::Never
                });
                render(format, redline, report, &options, &mut out)?;
                out.flush()?;
            }
            Some(path) => {
                let mut bytes = NoColor::new(Vec::new());
                render(format, redline, report, &options, &mut bytes)?;
                write_output(path, &bytes.into_inner())?;
            }
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
