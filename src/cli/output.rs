//! Where command output goes: colour choice (with NO_COLOR), and a quiet exit on a closed pipe.

use std::io::IsTerminal;

use termcolor::{ColorChoice, StandardStream};

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour standard output.
    pub fn enabled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// Standard output, coloured or not as this setting says.
    pub fn stdout(self) -> StandardStream {
        StandardStream::stdout(if self.enabled() {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        })
    }
}

/// A write to standard output failed because the reader went away (`redline ... | head`).
pub fn is_broken_pipe(error: &super::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
