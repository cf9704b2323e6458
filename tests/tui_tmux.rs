//! The interactive review in a real pseudo-terminal: `redline review -i` runs inside tmux, a
//! reviewer's keys are sent to it, and what it writes on quit is checked; the terminal is left
//! as it was found (out of the alternate screen, the shell's prompt back).
//!
//! Without `tmux` the tests say so on stderr and pass, unless `CI` is set (`.ci/run` installs
//! tmux), when its absence is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

/// A tmux server of its own (`-L`), so the test never touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a detached 100×30 session, in `dir`.
    fn start(dir: &Path, command: &str) -> Option<Tmux> {
        common::tool("tmux")?;
        let tmux = Tmux {
            socket: format!("redline-test-{}-{}", std::process::id(), unique()),
        };
        let status = tmux
            .command()
            .args(["new-session", "-d", "-s", "review", "-x", "100", "-y", "30"])
            .arg("-c")
            .arg(dir)
            .arg(command)
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        Some(tmux)
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "-f", "/dev/null"]);
        command.env("TERM", "xterm-256color");
        command
    }

    /// The review's process: the child of the pane's shell.
    fn review_pid(&self) -> String {
        let shell = self
            .command()
            .args(["list-panes", "-t", "review", "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
        let child = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
        assert!(
            !pid.is_empty(),
            "the review runs under the pane's shell {shell}"
        );
        pid
    }

    /// Asserts the pane's terminal is as a shell left it: the main screen, the cursor shown,
    /// and the line discipline out of raw mode (canonical input, echo).
    fn assert_restored(&self) {
        let out = self
            .command()
            .args(["display-message", "-p", "-t", "review"])
            .arg("#{alternate_on} #{cursor_flag} #{pane_tty}")
            .output()
            .unwrap();
        let state = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let fields: Vec<&str> = state.split(' ').collect();
        assert_eq!(
            fields[..2],
            ["0", "1"],
            "main screen, cursor shown: {state}"
        );
        let stty = Command::new("stty")
            .args(["-F", fields[2], "-a"])
            .output()
            .unwrap();
        let modes = String::from_utf8_lossy(&stty.stdout);
        let words: Vec<&str> = modes.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "out of raw mode: {modes}"
        );
    }

    fn screen(&self) -> String {
        let out = self
            .command()
            .args(["capture-pane", "-p", "-t", "review"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen after 20 s.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited 20 s for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn resize(&self, width: u16, height: u16) {
        let status = self
            .command()
            .args(["resize-window", "-t", "review"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "tmux resize-window failed");
    }

    /// Sends keys (tmux key names: `y`, `Enter`, `C-c`), one at a time, as a person types.
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let status = self
                .command()
                .args(["send-keys", "-t", "review", key])
                .status()
                .unwrap();
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").status();
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The command line run in the pane: the review, then its exit status where the test reads
/// it, then a marker that the shell has the terminal back.
fn review_command(args: &str) -> String {
    format!(
        "{} review -i {args}; echo \"exit $?\" > status; echo REVIEW-ENDED; sleep 60",
        env!("CARGO_BIN_EXE_redline")
    )
}

/// The same, without colour.
fn review_command_without_colour(args: &str) -> String {
    format!("NO_COLOR=1 {}", review_command(args))
}

fn wait_for_file(path: &Path) -> String {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} was not written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(100));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn accept_two_changes_reject_two_write_quit_and_the_decisions_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let args = format!(
        "{} {} --log log.json",
        repository("proposals/cr2-shall.json").display(),
        repository("proposals/cybersecurity-workforce.json").display()
    );
    let Some(tmux) = Tmux::start(dir.path(), &review_command(&args)) else {
        return;
    };
    tmux.wait_for("[1/7]");
    tmux.resize(70, 20);
    tmux.wait_for("this one is 70×20");
    tmux.resize(100, 30);
    tmux.wait_for("[1/7]");
    // The first three changes are cr2-shall's amendments 1 to 3, in reading order.
    tmux.keys(&["y", "y", "n"]);
    tmux.wait_for("✓ 2 accepted  ✗ 1 rejected");
    // Writing midway prints nothing over the review: what it has to say waits for the end.
    tmux.keys(&["w"]);
    tmux.wait_for("write the consolidated proposal to: consolidated.json");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("wrote consolidated.json");
    assert!(!screen.contains("review: 2 amendments"), "{screen}");
    tmux.keys(&["n"]);
    tmux.wait_for("✓ 2 accepted  ✗ 2 rejected");
    tmux.keys(&["q"]);
    tmux.wait_for("Not written yet");
    // Written again where it was written.
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("REVIEW-ENDED");
    assert!(
        !screen.contains("Changes"),
        "the review's screen is gone: {screen}"
    );
    assert!(
        screen.contains("review: 2 amendments accepted, 2 rejected\n")
            && screen.contains("\nwrote consolidated.json, log.json"),
        "the outcome, printed once the terminal is restored: {screen}"
    );
    assert_eq!(wait_for_file(&dir.path().join("status")).trim(), "exit 0");
    tmux.assert_restored();

    let set: serde_json::Value =
        serde_json::from_str(&wait_for_file(&dir.path().join("consolidated.json"))).unwrap();
    assert_eq!(set["redline"], "proposal-set");
    let proposals = set["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "workforce had nothing accepted: {set}");
    assert_eq!(proposals[0]["id"], "cr2-shall");
    let cr2: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repository("proposals/cr2-shall.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        proposals[0]["amendments"].as_array().unwrap()[..],
        cr2["amendments"].as_array().unwrap()[..2],
        "the two accepted amendments, as drafted"
    );

    let log: serde_json::Value =
        serde_json::from_str(&wait_for_file(&dir.path().join("log.json"))).unwrap();
    assert_eq!(log["redline"], "decision-log");
    let decisions: Vec<(String, u64, String)> = log["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["proposal"].as_str().unwrap().to_string(),
                d["amendment"].as_u64().unwrap(),
                d["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("cr2-shall", 1, "accepted"),
        ("cr2-shall", 2, "accepted"),
        ("cr2-shall", 3, "rejected"),
        ("cybersecurity-workforce", 1, "rejected"),
    ]
    .map(|(p, n, v)| (p.to_string(), n, v.to_string()));
    assert_eq!(decisions, expected);
    drop(tmux);

    // Resumed: the decisions are back, and the review opens on the first undecided change.
    let resumed = args.replace("--log log.json", "--resume log.json");
    let Some(tmux) = Tmux::start(dir.path(), &review_command(&resumed)) else {
        return;
    };
    let screen = tmux.wait_for("✓ 2 accepted  ✗ 2 rejected");
    assert!(
        screen.contains("[5/7]"),
        "on the first undecided change: {screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("REVIEW-ENDED");
}

#[test]
fn without_colour_markers_and_sigterm_and_sigint_restore_the_terminal() {
    for (signal, status) in [("TERM", "exit 143"), ("INT", "exit 130")] {
        let dir = tempfile::tempdir().unwrap();
        let args = repository("proposals/cr2-shall.json").display().to_string();
        let Some(tmux) = Tmux::start(dir.path(), &review_command_without_colour(&args)) else {
            return;
        };
        let screen = tmux.wait_for("[1/4]");
        assert!(
            screen.contains("[-the Parties-]") && screen.contains("{+each Party+}"),
            "with NO_COLOR the redline carries its markers: {screen}"
        );
        tmux.keys(&["y"]);
        let pid = tmux.review_pid();
        Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        let screen = tmux.wait_for("REVIEW-ENDED");
        assert!(
            !screen.contains("Changes"),
            "SIG{signal}: back from the alternate screen: {screen}"
        );
        assert_eq!(wait_for_file(&dir.path().join("status")).trim(), status);
        tmux.assert_restored();
    }
}

#[test]
fn without_a_terminal_it_refuses_and_points_at_decisions_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["review", "-i"])
        .arg(repository("proposals/cr2-shall.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("--decisions FILE"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
