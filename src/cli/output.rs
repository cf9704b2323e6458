//! Where command output goes: colour choice (with NO_COLOR), `-o` files written atomically and
//! never over an input, temporary files removed when a signal ends the process, and the exit
//! of a process whose reader went away (`redline ... | head`).

use std::fmt;
use std::fs::Metadata;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use termcolor::{ColorChoice, ColorSpec, StandardStream, WriteColor};

mod temporary;

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

    /// Standard output, coloured or not as this setting says; a failed write says it was
    /// standard output that failed ([`stdout_failed`]).
    pub fn stdout(self) -> Stdout {
        Stdout(StandardStream::stdout(if self.enabled() {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        }))
    }
}

/// Standard output for coloured text, whose errors name standard output.
pub struct Stdout(StandardStream);

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(stdout_failed)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(stdout_failed)
    }
}

impl WriteColor for Stdout {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec).map_err(stdout_failed)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset().map_err(stdout_failed)
    }
}

/// Writing to standard output failed (`redline show X > /dev/full`): the message says it was
/// standard output, not a file of the command's, and what to do.
#[derive(Debug)]
struct StandardOutputError(std::io::Error);

impl fmt::Display for StandardOutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot write to standard output: {}\n  help: {}",
            self.0,
            match self.0.kind() {
                std::io::ErrorKind::StorageFull => {
                    "the file or device standard output goes to is full: free some space, or redirect the output to another disk"
                }
                _ => "check where standard output goes (a file on a read-only or full disk, a closed terminal), or redirect it elsewhere",
            }
        )
    }
}

impl std::error::Error for StandardOutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A failed write to standard output as an error that says so, of the same kind (so a reader
/// that went away is still told apart, [`is_broken_pipe`]).
pub fn stdout_failed(error: std::io::Error) -> std::io::Error {
    if error
        .get_ref()
        .is_some_and(|inner| inner.is::<StandardOutputError>())
    {
        return error;
    }
    std::io::Error::new(error.kind(), StandardOutputError(error))
}

/// Writes `bytes` to standard output, flushed.
pub fn to_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(stdout_failed)
}

/// A write to standard output failed because the reader went away (`redline ... | head`).
pub fn is_broken_pipe(error: &super::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Ends the process as SIGPIPE would have, had Rust not ignored it: the shell sees status 141
/// (128 + SIGPIPE), as for diff(1) or git, never "0, no differences" for output nobody read.
pub fn die_of_broken_pipe() -> std::process::ExitCode {
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    // Not reached on Unix; elsewhere there is no signal to die of.
    std::process::ExitCode::from(2)
}

/// One input of a command, which its `-o` file must not be.
#[derive(Debug, Clone, Copy)]
pub struct NamedInput<'a> {
    /// What the input is, for the message: `the baseline being amended`, `the old text`.
    pub role: &'a str,
    pub path: &'a Path,
}

/// An output file that could not, or must not, be written.
#[derive(Debug)]
pub enum OutputError {
    /// Writing failed.
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output is one of the command's inputs, by whatever name (a symbolic or hard link).
    IsInput {
        path: PathBuf,
        role: String,
        input: PathBuf,
    },
    /// The output exists and is something a redline cannot be written to (a directory, a
    /// socket, a block device).
    NotWritable { path: PathBuf, what: &'static str },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Write { path, source } => write!(
                f,
                "cannot write {}: {source}\n  help: {}; nothing was written",
                path.display(),
                match source.kind() {
                    std::io::ErrorKind::StorageFull => {
                        "the disk (or device) is full: free some space, or write the file to another disk"
                    }
                    _ => "check that the directory exists and is writable",
                }
            ),
            OutputError::IsInput { path, role, input } => {
                write!(f, "{} is {role}", path.display())?;
                if path != input {
                    write!(f, " ({}, the same file)", input.display())?;
                }
                write!(
                    f,
                    "; it is never overwritten\n  help: write the output to another file"
                )
            }
            OutputError::NotWritable { path, what } => write!(
                f,
                "cannot write {}: it is {what}\n  help: name a regular file (it is replaced \
                 whole) or a terminal, pipe or character device (written directly)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for OutputError {}

/// Refuses an output that is the same file as one of `inputs`: compared by device and inode,
/// so neither another spelling of the path nor a symbolic or hard link gets round it.
pub fn refuse_inputs(output: &Path, inputs: &[NamedInput]) -> Result<(), OutputError> {
    let Ok(target) = std::fs::metadata(output) else {
        return Ok(());
    };
    match inputs.iter().find(|input| {
        std::fs::metadata(input.path).is_ok_and(|m| same_file(&m, &target, input.path, output))
    }) {
        Some(input) => Err(OutputError::IsInput {
            path: output.to_path_buf(),
            role: input.role.to_string(),
            input: input.path.to_path_buf(),
        }),
        None => Ok(()),
    }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Writes `bytes` to `path`. A regular file (or a new path) is replaced atomically: written
/// to a temporary file beside it, then renamed into place, so readers see the old file or the
/// whole new one, never part of it; through a symbolic link, the file it points to is
/// replaced and the link kept. A terminal, pipe or character device (`/dev/stdout`,
/// `/dev/null`, a FIFO) is written directly and never replaced; anything else is refused.
/// The output is never read.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut outputs = StagedOutputs::default();
    outputs.stage(path, bytes)?;
    outputs.commit()
}

/// Several outputs of one command written all or none, as far as the file system allows:
/// every file is written in full to its temporary file first ([`StagedOutputs::stage`]), and
/// only when all are written are they renamed into place ([`StagedOutputs::commit`]). If one
/// cannot be written, none is renamed and every temporary file is removed (dropping the set
/// does it), so no output of the command is left in place without the others.
#[derive(Default)]
pub struct StagedOutputs {
    files: Vec<StagedFile>,
    /// Terminals, pipes and character devices: written directly, at commit.
    direct: Vec<(PathBuf, Vec<u8>)>,
}

/// A file written in full to its temporary file, to be renamed over `target`.
struct StagedFile {
    temporary: tempfile::NamedTempFile,
    /// Registered for removal on a signal while it exists; dropped after the temporary file.
    _registered: remove_on_signal::Registered,
    target: PathBuf,
    /// The path as given, for messages.
    path: PathBuf,
}

impl StagedOutputs {
    /// Writes `bytes` to a temporary file beside `path` (or, for a terminal, pipe or
    /// character device, keeps them to write at commit); nothing is in place before
    /// [`StagedOutputs::commit`].
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let error = |source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        };
        let (target, existing) = match std::fs::metadata(path) {
            Ok(m) if m.is_file() => (path.canonicalize().map_err(error)?, Some(m)),
            Ok(m) => {
                return match unreplaceable_kind(&m) {
                    Some(what) => Err(OutputError::NotWritable {
                        path: path.to_path_buf(),
                        what,
                    }),
                    None => {
                        self.direct.push((path.to_path_buf(), bytes.to_vec()));
                        Ok(())
                    }
                }
            }
            Err(_) => (path.to_path_buf(), None),
        };
        let (temporary, registered) =
            temporary_copy(&target, bytes, existing.as_ref()).map_err(error)?;
        self.files.push(StagedFile {
            temporary,
            _registered: registered,
            target,
            path: path.to_path_buf(),
        });
        Ok(())
    }

    /// Writes the devices and pipes, then renames every temporary file into place. A rename
    /// fails only in rare cases (the directory changed meanwhile); the files renamed before it
    /// stay, and the message says which did not.
    pub fn commit(self) -> Result<(), OutputError> {
        for (path, bytes) in &self.direct {
            write_directly(path, bytes).map_err(|source| OutputError::Write {
                path: path.clone(),
                source,
            })?;
        }
        for file in self.files {
            file.temporary
                .persist(&file.target)
                .map_err(|e| OutputError::Write {
                    path: file.path,
                    source: without_temporary_path(e.error),
                })?;
        }
        Ok(())
    }
}

/// What an existing file that is not a regular file is, when it is something not to write.
fn unreplaceable_kind(m: &Metadata) -> Option<&'static str> {
    if m.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = m.file_type();
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    None
}

/// Writes to a terminal, pipe or character device as a shell redirection would.
fn write_directly(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// A temporary file beside `path` holding `bytes`, to be renamed over it. While it exists its
/// name is registered, so SIGTERM, SIGHUP or SIGINT removes it before ending the process; one
/// that SIGKILL left is removed by the next write to `path` ([`temporary`]).
fn temporary_copy(
    path: &Path,
    bytes: &[u8],
    existing: Option<&Metadata>,
) -> std::io::Result<(tempfile::NamedTempFile, remove_on_signal::Registered)> {
    let directory = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    remove_on_signal::install();
    temporary::remove_abandoned(directory, path);
    let file = temporary::create(directory, path).map_err(without_temporary_path)?;
    let registered = remove_on_signal::Registered::new(file.path());
    fill(file.as_file(), bytes, existing).map_err(without_temporary_path)?;
    Ok((file, registered))
}

fn fill(
    mut file: &std::fs::File,
    bytes: &[u8],
    existing: Option<&Metadata>,
) -> std::io::Result<()> {
    file.write_all(bytes)?;
    // Replacing a file keeps its permissions; a new file gets the usual ones (not the
    // owner-only mode temporary files are created with), so a redline can be shared.
    if let Some(existing) = existing {
        file.set_permissions(existing.permissions())?;
    }
    file.sync_all()
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

/// Temporary files removed when a terminating signal arrives. A signal handler may do almost
/// nothing, so `signal-hook` hands the signal to a thread, which removes the files registered
/// and then ends the process as the signal's default action would (the exit status still says
/// which signal).
mod remove_on_signal {
    use super::*;

    fn pending() -> &'static Mutex<Vec<PathBuf>> {
        static PENDING: OnceLock<Mutex<Vec<PathBuf>>> = OnceLock::new();
        PENDING.get_or_init(Mutex::default)
    }

    /// Starts the thread that waits for the signals, once.
    pub fn install() {
        #[cfg(unix)]
        {
            static INSTALLED: OnceLock<()> = OnceLock::new();
            INSTALLED.get_or_init(|| {
                use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
                let Ok(mut signals) =
                    signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
                else {
                    return;
                };
                std::thread::spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let paths = pending().lock().unwrap_or_else(|e| e.into_inner());
                        for path in paths.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
            });
        }
    }

    /// A temporary file's name, registered for removal while this lives.
    pub struct Registered(PathBuf);

    impl Registered {
        pub fn new(path: &Path) -> Registered {
            let path = path.to_path_buf();
            pending()
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.clone());
            Registered(path)
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            let mut paths = pending().lock().unwrap_or_else(|e| e.into_inner());
            paths.retain(|p| p != &self.0);
        }
    }
}
