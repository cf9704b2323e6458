//! Where output goes, under hostile paths and faults (docs/security.md): an input is never an
//! output, whatever its name; devices and pipes are written, never replaced or read; a signal
//! leaves no temporary file, and one SIGKILL left goes with the next write; a closed pipe ends
//! the process as SIGPIPE; counts saturate.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use predicates::prelude::*;
use redline::baseline::USMCA_CH19;

mod common;
use common::names_in;

fn redline() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so two runs compare equal.
    cmd.env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

fn redline_process() -> Command {
    Command::cargo_bin("redline").unwrap()
}

/// A directory holding a copy of Chapter 19 (`base.txt`) and of a proposal (`p.json`).
fn inputs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.txt");
    std::fs::write(&base, USMCA_CH19.text).unwrap();
    let proposal = dir.path().join("p.json");
    std::fs::copy("proposals/cr2-shall.json", &proposal).unwrap();
    (dir, base, proposal)
}

fn refused(args: &[&Path], message: &str) {
    redline()
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(message));
}

#[test]
fn show_never_writes_over_its_baseline_by_any_name() {
    let (dir, base, proposal) = inputs();
    let symlink = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&base, &symlink).unwrap();
    let hard_link = dir.path().join("hard.txt");
    std::fs::hard_link(&base, &hard_link).unwrap();
    let dotted = dir.path().join(".").join("base.txt");
    for output in [&base, &symlink, &hard_link, &dotted] {
        for command in ["show", "review", "apply"] {
            refused(
                &[
                    Path::new(command),
                    &proposal,
                    Path::new("--base"),
                    &base,
                    Path::new("-o"),
                    output,
                ],
                "is the baseline being amended",
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&base).unwrap(), USMCA_CH19.text);
}

#[test]
fn no_command_writes_over_a_proposal_it_reads() {
    let (_dir, _, proposal) = inputs();
    let before = std::fs::read(&proposal).unwrap();
    for command in ["show", "review", "apply"] {
        refused(
            &[Path::new(command), &proposal, Path::new("-o"), &proposal],
            "is a proposal file of this command; it is never overwritten",
        );
    }
    assert_eq!(std::fs::read(&proposal).unwrap(), before);
}

#[test]
fn diff_never_writes_over_old_or_new() {
    let (dir, base, _) = inputs();
    let new = dir.path().join("new.txt");
    std::fs::write(&new, USMCA_CH19.text.replace("shall endeavor to", "shall")).unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&new, &link).unwrap();
    refused(
        &[Path::new("diff"), &base, &new, Path::new("-o"), &base],
        "is the old text",
    );
    refused(
        &[Path::new("diff"), &base, &new, Path::new("-o"), &link],
        "is the new text",
    );
    assert_eq!(std::fs::read_to_string(&base).unwrap(), USMCA_CH19.text);
}

/// A FIFO in a new directory, with `cat` reading it into the returned child's stdout.
fn fifo_with_reader() -> (tempfile::TempDir, PathBuf, Child) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo should work");
    let reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    (dir, fifo, reader)
}

/// Waits for `child` at most `limit`, killing it if it takes longer; whether it finished.
fn finishes_within(child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

#[test]
fn a_fifo_is_written_directly_never_read_nor_replaced() {
    for command in ["show", "apply"] {
        let (_dir, fifo, mut reader) = fifo_with_reader();
        let mut writer = redline_process()
            .args([command, "proposals/cr2-shall.json", "-o"])
            .arg(&fifo)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let finished = finishes_within(&mut writer, Duration::from_secs(30));
        if !finished {
            // Unblock the reader, which still waits for a writer.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        assert!(finished, "`{command} -o FIFO` should not block");
        let mut received = String::new();
        reader
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut received)
            .unwrap();
        reader.wait().unwrap();
        assert!(
            received.contains("shall"),
            "`{command}` should write its output into the FIFO"
        );
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO should still be a FIFO");
    }
}

#[test]
fn dev_stdout_and_dev_null_are_written_not_replaced() {
    redline()
        .args(["show", "proposals/cr2-shall.json", "-o", "/dev/stdout"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[- endeavor to-]"));
    redline()
        .args(["apply", "proposals/cr2-shall.json", "-o", "/dev/null"])
        .assert()
        .success()
        .stdout("");
    let null = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(null.is_char_device(), "/dev/null should still be a device");
    assert!(std::fs::symlink_metadata("/dev/stdout").is_ok());
}

#[test]
fn a_directory_as_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    redline()
        .args(["show", "proposals/cr2-shall.json", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it is a directory"));
}

#[test]
fn writing_through_a_symbolic_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("redline.txt");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    redline()
        .args(["show", "proposals/cr2-shall.json", "-o"])
        .arg(&link)
        .assert()
        .code(1);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("[- endeavor to-]"));
}

/// Two 17 MB texts whose redline is written with `--full`: long enough to catch the write.
fn large_inputs(dir: &Path) -> PathBuf {
    let paragraph = "Each Party shall endeavor to cooperate on measures for digital trade. ";
    let text: String = (0..60_000)
        .map(|i| format!("{}{i}\n\n", paragraph.repeat(4)))
        .collect();
    let path = dir.join("large.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_terminating_signal_leaves_no_temporary_file() {
    let inputs = tempfile::tempdir().unwrap();
    let large = large_inputs(inputs.path());
    for signal in ["TERM", "HUP", "INT"] {
        let out = tempfile::tempdir().unwrap();
        let caught = (0..20).any(|_| {
            let mut child = redline_process()
                .arg("diff")
                .args([&large, &large])
                .args(["--full", "-o"])
                .arg(out.path().join("redline.txt"))
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Wait for the temporary file to appear, then send the signal.
            let seen = loop {
                if !names_in(out.path()).is_empty() {
                    break true;
                }
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                std::thread::yield_now();
            };
            if seen {
                let _ = Command::new("kill")
                    .args([format!("-{signal}"), child.id().to_string()])
                    .status();
            }
            let status = child.wait().unwrap();
            let names = names_in(out.path());
            let complete = names == ["redline.txt"];
            assert!(
                names.is_empty() || complete,
                "SIGTERM, SIGHUP and SIGINT should leave no temporary file: {names:?}"
            );
            if complete {
                std::fs::remove_file(out.path().join("redline.txt")).unwrap();
            }
            seen && status.signal().is_some()
        });
        if !caught {
            eprintln!("note: the write was too quick to interrupt with SIG{signal}");
        }
    }
}

/// A writer killed in the middle of its write by a signal it cannot act on, as SIGKILL would
/// kill it, but at a point the test fixes: with `ulimit -f` the kernel ends it with SIGXFSZ
/// (which redline does not handle) once its temporary file reaches a few KB. The temporary
/// file stays, and the next write to the same file removes it.
#[test]
fn a_temporary_file_left_by_a_killed_writer_goes_with_the_next_write() {
    let (_inputs, _base, proposal) = inputs();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("redline.txt");
    let status = Command::new("sh")
        .args(["-c", "ulimit -c 0 && ulimit -f 4 && exec \"$0\" \"$@\""])
        .arg(redline_process().get_program())
        .args(["show", "--full"])
        .arg(&proposal)
        .arg("-o")
        .arg(&target)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(
        status.signal(),
        Some(signal_hook::consts::SIGXFSZ),
        "{status:?}"
    );
    let left = names_in(out.path());
    assert!(
        left.len() == 1
            && left[0].starts_with(".redline.txt.redline-")
            && left[0].ends_with(".tmp"),
        "the killed write leaves its temporary file, and no redline.txt: {left:?}"
    );
    redline()
        .args(["show", "--full"])
        .arg(&proposal)
        .arg("-o")
        .arg(&target)
        .assert()
        .code(1);
    assert_eq!(names_in(out.path()), ["redline.txt"]);
}

/// The cleaning removes only regular files that no process holds: a write in progress (its
/// lock held here), and a FIFO or a symbolic link that merely has such a name, stay (and the
/// FIFO, which has no writer, is not waited on).
#[test]
fn a_temporary_file_in_use_or_not_a_file_is_left_alone() {
    let (inputs, base, proposal) = inputs();
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join(".redline.txt.redline-live01.tmp");
    let held = std::fs::File::create(&live).unwrap();
    rustix::fs::flock(&held, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let fifo = out.path().join(".redline.txt.redline-fifo01.tmp");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let link = out.path().join(".redline.txt.redline-link01.tmp");
    std::os::unix::fs::symlink(&base, &link).unwrap();
    redline()
        .arg("show")
        .arg(&proposal)
        .arg("-o")
        .arg(out.path().join("redline.txt"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1);
    assert_eq!(
        names_in(out.path()),
        [
            ".redline.txt.redline-fifo01.tmp",
            ".redline.txt.redline-link01.tmp",
            ".redline.txt.redline-live01.tmp",
            "redline.txt"
        ]
    );
    assert_eq!(names_in(inputs.path()), ["base.txt", "p.json"]);
}

#[test]
fn a_closed_pipe_ends_the_process_as_sigpipe_does() {
    let dir = tempfile::tempdir().unwrap();
    let large = large_inputs(dir.path());
    let edited = dir.path().join("edited.txt");
    let text = std::fs::read_to_string(&large).unwrap();
    std::fs::write(&edited, text.replacen("shall endeavor to", "shall", 1)).unwrap();
    let mut child = redline_process()
        .arg("diff")
        .args([&large, &edited])
        .arg("--full")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(first.starts_with("Redline of"), "{first}");
    assert_eq!(status.signal(), Some(13), "{status:?}: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_huge_context_saturates_and_shows_everything() {
    let full = redline()
        .args(["show", "proposals/cr2-shall.json", "--full"])
        .output()
        .unwrap();
    for context in ["18446744073709551615", "99999999999999999999999999"] {
        redline()
            .args(["show", "proposals/cr2-shall.json", "--context", context])
            .assert()
            .code(1)
            .stdout(full.stdout.clone());
    }
    redline()
        .args(["show", "proposals/cr2-shall.json", "--context", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a whole number"));
}

#[test]
fn a_device_as_input_is_refused_not_read() {
    for args in [
        &["show", "proposals/cr2-shall.json", "--base", "/dev/zero"][..],
        &["diff", "/dev/zero", "usmca-ch19"],
        &["show", "/dev/urandom"],
    ] {
        redline()
            .args(args)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("it is a device, not a text file"));
    }
}

/// A full disk, as /dev/full stands for one: whether the output is `-o` or standard output,
/// every command says which failed and what to do, with exit status 2.
#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_is_named_as_the_output_that_failed() {
    let p = "proposals/cr2-shall.json";
    let to_stdout: [&[&str]; 8] = [
        &["show", p],
        &["show", p, "--stat"],
        &["apply", p],
        &["provisions", "19.15"],
        &["diff", "usmca-ch19", "usmca-annex-12c"],
        &["score", p],
        &["check", p],
        &["new"],
    ];
    for args in to_stdout {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = redline_process()
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write to standard output: No space left on device")
                && stderr.contains("help: the file or device standard output goes to is full"),
            "{args:?}: {stderr}"
        );
    }
    for args in [
        ["show", p, "-o", "/dev/full"],
        ["apply", p, "-o", "/dev/full"],
    ] {
        redline()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "error: cannot write /dev/full: No space left on device",
            ))
            .stderr(predicate::str::contains(
                "help: the disk (or device) is full",
            ));
    }
}

/// `apply -o DIR/` writes one file per document, all or none: when one cannot be written
/// (here it is a directory), the other is not written either, and no temporary file is left.
#[test]
fn the_texts_of_several_documents_are_written_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("usmca-annex-12c.txt")).unwrap();
    redline()
        .args([
            "apply",
            "proposals/cr2-shall.json",
            "proposals/commercial-encryption.json",
            "-o",
        ])
        .arg(format!("{}/", dir.path().display()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "usmca-annex-12c.txt: it is a directory",
        ))
        .stderr(predicate::str::contains("wrote").not());
    assert_eq!(names_in(dir.path()), ["usmca-annex-12c.txt"]);
}
