//! The temporary files of atomic writes, and the removal of those a killed process left.
//!
//! A write to `DIR/NAME` goes to `DIR/.NAME.redline-XXXXXX.tmp` (six random characters), which
//! the writing process holds an exclusive advisory lock on (`flock`) from just after creating
//! it until it is renamed over `NAME` or removed. A process killed by a signal it cannot catch
//! (SIGKILL, or the power going) leaves that file behind, but the kernel drops its lock. So the
//! next write to the same `NAME` removes every `.NAME.redline-XXXXXX.tmp` that it can lock: the
//! lock, unlike a process id written into the name, cannot be fooled by a recycled pid, another
//! pid namespace or another machine sharing the directory. A file of that name that is a
//! symbolic link, a FIFO or anything but a regular file is left alone, and so is one that
//! cannot be locked (another user's, unreadable, or on a file system without locks).

use std::fs::File;
use std::io;
use std::path::Path;

use tempfile::NamedTempFile;

const MARK: &str = ".redline-";
const SUFFIX: &str = ".tmp";
const RANDOM_CHARS: usize = 6;
/// Room for the mark, the random characters and the suffix in a 255-byte file name.
const NAME_BYTES: usize = 200;
/// Creations to try when each new file is locked by someone else before this process locks
/// it (a cleaner that took it for abandoned, or a hostile process): in practice one.
const ATTEMPTS: usize = 8;

/// The start of the names of `target`'s temporary files: `.NAME.redline-`, with `NAME` cut
/// to fit a file name.
fn prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut end = name.len().min(NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}{MARK}", &name[..end])
}

/// A new temporary file in `directory` for writing `target`, created as an ordinary new file
/// would be (mode 0666 less the umask on Unix) and locked for as long as it lives.
pub fn create(directory: &Path, target: &Path) -> io::Result<NamedTempFile> {
    let prefix = prefix(target);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(SUFFIX)
        .rand_bytes(RANDOM_CHARS);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut attempt = 1;
    loop {
        let file = builder.tempfile_in(directory)?;
        match lock::hold(&file) {
            Ok(()) => return Ok(file),
            Err(e) if attempt == ATTEMPTS => return Err(e),
            Err(_) => attempt += 1,
        }
    }
}

/// Removes the temporary files of `target` in `directory` that no living process holds: those
/// of a writer that was killed. Best effort: whatever cannot be read, locked or removed stays.
pub fn remove_abandoned(directory: &Path, target: &Path) {
    let prefix = prefix(target);
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name.to_str().is_some_and(|name| {
            name.len() == prefix.len() + RANDOM_CHARS + SUFFIX.len()
                && name.starts_with(&prefix)
                && name.ends_with(SUFFIX)
        });
        if is_ours {
            lock::remove_if_abandoned(&entry.path());
        }
    }
}

#[cfg(unix)]
mod lock {
    use super::*;
    use rustix::fs::{flock, FlockOperation, Mode, OFlags};
    use std::os::unix::fs::MetadataExt;

    /// Locks a new temporary file, and checks that its name is still its own: a cleaner that
    /// locked it first, between its creation and this lock, may have removed it.
    pub fn hold(file: &NamedTempFile) -> io::Result<()> {
        match flock(file.as_file(), FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => return Err(taken()),
            // A file system without locks: the file is written unlocked, and as no cleaner
            // can lock it either, none removes it.
            Err(_) => return Ok(()),
        }
        if same_file(file.as_file(), file.path()) {
            Ok(())
        } else {
            Err(taken())
        }
    }

    fn taken() -> io::Error {
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a new temporary file was taken by another process",
        )
    }

    /// Removes `path` if it is a regular file that no process holds a lock on, holding the
    /// lock while it does, so that no writer can take the file up in between.
    pub fn remove_if_abandoned(path: &Path) {
        // Never follow a symbolic link, nor wait for a writer at a FIFO's other end.
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let Ok(fd) = rustix::fs::open(path, flags, Mode::empty()) else {
            return;
        };
        let file = File::from(fd);
        let is_file = file.metadata().is_ok_and(|m| m.is_file());
        if is_file
            && flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok()
            && same_file(&file, path)
        {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Whether `path` names the file open as `file`.
    fn same_file(file: &File, path: &Path) -> bool {
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
}

/// Without `flock`, temporary files are neither locked nor cleaned.
#[cfg(not(unix))]
mod lock {
    use super::*;

    pub fn hold(_: &NamedTempFile) -> io::Result<()> {
        Ok(())
    }

    pub fn remove_if_abandoned(_: &Path) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_they_are_for_and_fit() {
        assert_eq!(
            prefix(Path::new("out/redline.html")),
            ".redline.html.redline-"
        );
        let long = "é".repeat(200);
        let cut = prefix(Path::new(&long));
        assert!(cut.len() <= NAME_BYTES + 1 + MARK.len(), "{}", cut.len());
        assert!(cut.ends_with(MARK));
    }

    #[test]
    fn a_file_held_by_a_writer_stays_and_an_abandoned_one_goes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("redline.txt");
        let live = create(dir.path(), &target).unwrap();
        let abandoned = dir.path().join(".redline.txt.redline-abcdef.tmp");
        std::fs::write(&abandoned, "part of a redline").unwrap();
        let other_target = dir.path().join(".other.txt.redline-abcdef.tmp");
        std::fs::write(&other_target, "").unwrap();
        remove_abandoned(dir.path(), &target);
        assert!(live.path().exists(), "a live writer's file was removed");
        assert_eq!(abandoned.exists(), !cfg!(unix));
        assert!(other_target.exists(), "another target's file was touched");
    }
}
