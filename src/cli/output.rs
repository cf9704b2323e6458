//! Where command output goes: colour choice (with NO_COLOR), files written atomically, and a
//! quiet exit on a closed pipe.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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

/// An output file that could not be written.
#[derive(Debug)]
pub struct OutputError {
    path: PathBuf,
    source: std::io::Error,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot write {}: {}\n  help: check that the directory exists and is writable; \
             nothing was written",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for OutputError {}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so readers
/// see the old file or the whole new one, never part of it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let error = |source| OutputError {
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let error = |e: std::io::Error| error(without_temporary_path(e));
    let mut file = temporary_file(directory).map_err(error)?;
    file.write_all(bytes).map_err(error)?;
    // Replacing a file keeps its permissions; a new file gets the usual ones (not the
    // owner-only mode temporary files are created with), so a redline can be shared.
    if let Ok(existing) = std::fs::metadata(path) {
        file.as_file()
            .set_permissions(existing.permissions())
            .map_err(error)?;
    }
    file.as_file().sync_all().map_err(error)?;
    file.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

/// The error without the temporary file's name that `tempfile` appends (`... at path
/// "/dir/.tmpXYZ"`): the message names the file asked for instead. `tempfile` keeps the
/// original error private, so its message is cut at that suffix.
fn without_temporary_path(e: std::io::Error) -> std::io::Error {
    let message = e.to_string();
    match message.find(" at path \"") {
        Some(end) => std::io::Error::new(e.kind(), &message[..end]),
        None => e,
    }
}

/// A temporary file in `directory`, created as an ordinary new file would be (mode 0666 less
/// the umask on Unix).
fn temporary_file(directory: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(directory)
}
