//! A pager for long output on a terminal, as git does: `$REDLINE_PAGER`, else `$PAGER`, else
//! `less -FRX` (`-R` keeps colour, `-F` quits at once when the output fits, `-X` leaves it on
//! the screen), only when standard output is a terminal and the output is longer than the
//! screen. An empty value or `cat` means no pager.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The pager used when neither variable names one.
pub const DEFAULT_PAGER: &str = "less -FRX";

/// The pager command to run, from the values of `REDLINE_PAGER` and `PAGER`: the first one
/// set wins; `None` when it is empty or `cat`.
pub fn pager_command(redline_pager: Option<&OsStr>, pager: Option<&OsStr>) -> Option<String> {
    let chosen = redline_pager
        .or(pager)
        .map_or(DEFAULT_PAGER.to_string(), |v| {
            v.to_string_lossy().into_owned()
        });
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

/// Whether output of `lines` lines needs paging on a screen of `rows` rows.
pub fn needs_paging(lines: usize, rows: Option<usize>) -> bool {
    rows.is_some_and(|rows| lines >= rows)
}

/// Writes `bytes` through `command` (run by the shell, so it may carry options), waiting for
/// the reader to quit. `LESS=FRX` is set when `LESS` is not, so a bare `less` keeps colour.
/// A reader who quits before the end is not an error.
pub fn page(command: &str, bytes: &[u8]) -> io::Result<()> {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        shell.env("LESS", "FRX");
    }
    let mut child = shell.spawn()?;
    let written = child.stdin.take().expect("piped").write_all(bytes);
    let status = child.wait()?;
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ if !status.success() && status.code() == Some(127) => Err(io::Error::other(format!(
            "cannot run the pager `{command}`\n  help: set REDLINE_PAGER (or PAGER) to a \
             pager that exists, or pass --no-pager"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn os(s: &str) -> OsString {
        OsString::from(s)
    }

    #[test]
    fn redline_pager_wins_then_pager_then_less() {
        let (mine, theirs) = (os("most"), os("more"));
        assert_eq!(
            pager_command(Some(&mine), Some(&theirs)).as_deref(),
            Some("most")
        );
        assert_eq!(pager_command(None, Some(&theirs)).as_deref(), Some("more"));
        assert_eq!(pager_command(None, None).as_deref(), Some("less -FRX"));
    }

    #[test]
    fn empty_or_cat_means_no_pager() {
        let (empty, cat, theirs) = (os(""), os("cat"), os("more"));
        assert_eq!(pager_command(Some(&empty), Some(&theirs)), None);
        assert_eq!(pager_command(Some(&cat), None), None);
        assert_eq!(pager_command(None, Some(&empty)), None);
    }

    #[test]
    fn only_output_longer_than_the_screen_is_paged() {
        assert!(!needs_paging(10, Some(40)));
        assert!(needs_paging(40, Some(40)));
        assert!(!needs_paging(1000, None), "no screen, no pager");
    }
}
