//! `redline review --decisions FILE`: a review's decisions applied without a terminal. The
//! outcome (the accepted amendments as one proposal set, the decision log, the amended text)
//! is written whole or not at all, reads back wherever a proposal does, and a bad decision
//! file is refused with its place and a fix.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::names_in;

const PROPOSALS: [&str; 2] = [
    "proposals/cr2-shall.json",
    "proposals/sme-cybersecurity.json",
];

/// Amendment 1 of cr2-shall accepted, 2 rejected; the SME article accepted.
const DECISIONS: &str = include_str!("fixtures/review-decisions.json");

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

/// A temporary directory holding `decisions.json` with `text`.
fn decisions(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decisions.json");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn review(decisions: &Path) -> Command {
    let mut cmd = redline();
    cmd.arg("review")
        .arg("--decisions")
        .arg(decisions)
        .args(PROPOSALS);
    cmd
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_outcome_is_a_proposal_set_a_log_and_the_text() {
    let (dir, path) = decisions(DECISIONS);
    let [set, log, text] = ["set.json", "log.json", "amended.txt"].map(|f| dir.path().join(f));
    review(&path)
        .arg("-o")
        .arg(&set)
        .arg("--log")
        .arg(&log)
        .arg("--write-text")
        .arg(&text)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("review: 2 amendments accepted, 1 rejected"))
        .stderr(predicate::str::contains(
            "note: 2 amendments undecided, left out as if rejected: amendments 3 and 4 of cr2-shall",
        ));
    let json = read(&set);
    assert!(
        json.starts_with("{\n  \"redline\": \"proposal-set\",\n  \"proposals\": ["),
        "{json}"
    );
    // The set applies to exactly the text written, and the log replays to the same set.
    let applied = redline().arg("apply").arg(&set).output().unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(String::from_utf8(applied.stdout).unwrap(), read(&text));
    let again = dir.path().join("again.json");
    review(&log).arg("-o").arg(&again).assert().code(1);
    assert_eq!(read(&again), json);
    assert!(
        read(&log).contains("\"sha256\": \""),
        "the log names the files reviewed"
    );
}

#[test]
fn show_of_the_set_is_the_accepted_redline_attributed_to_the_original_proposals() {
    let (dir, path) = decisions(DECISIONS);
    let set = dir.path().join("set.json");
    review(&path).arg("-o").arg(&set).assert().code(1);
    let shown = redline().arg("show").arg(&set).output().unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("shall‹CR2S›[- endeavor to-]:"), "{shown}");
    assert!(
        shown.contains("‹SC›{+3. Each Party shall promote"),
        "{shown}"
    );
    // Amendment 2 (the Parties → each Party) was rejected.
    assert!(!shown.contains("{+each Party+}"), "{shown}");
    redline().arg("check").arg(&set).assert().success();
}

#[test]
fn without_o_the_set_goes_to_standard_output() {
    let (_dir, path) = decisions(DECISIONS);
    review(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "{\n  \"redline\": \"proposal-set\"",
        ));
}

/// `review --decisions DECISIONS` of the two proposals whose new items collide at 19.15.1(c),
/// the set written to `set`.
fn review_of_the_workforce_conflict(decisions: &Path, set: &Path) -> Command {
    let mut cmd = redline();
    cmd.args(["review", "--decisions"])
        .arg(decisions)
        .args([
            "proposals/cybersecurity-workforce.json",
            "tests/fixtures/sme-as-subparagraph.json",
            "-o",
        ])
        .arg(set);
    cmd
}

#[test]
fn a_merge_is_written_so_that_show_merges_again() {
    let (dir, path) = decisions(
        r#"{ "redline": "decision-log", "policy": "merge", "decisions": [
  { "proposal": "cybersecurity-workforce", "amendment": 3, "verdict": "accepted" },
  { "proposal": "sme-as-subparagraph", "amendment": 3, "verdict": "accepted" } ] }"#,
    );
    let set = dir.path().join("set.json");
    review_of_the_workforce_conflict(&path, &set)
        .assert()
        .code(1);
    assert!(read(&set).contains("\"on_conflict\": \"merge\""));
    redline()
        .arg("show")
        .arg(&set)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("19.15.1(d)  inserted"));
}

/// The command fails with status 2, says `message`, and writes none of its outputs.
fn assert_refused(decisions_text: &str, extra: &[&str], message: &str) {
    let (dir, path) = decisions(decisions_text);
    let [set, log, text] = ["set.json", "log.json", "amended.txt"].map(|f| dir.path().join(f));
    review(&path)
        .args(extra)
        .arg("-o")
        .arg(&set)
        .arg("--log")
        .arg(&log)
        .arg("--write-text")
        .arg(&text)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            message.replace("DIR", &dir.path().display().to_string()),
        ))
        .stderr(predicate::str::contains("help: "));
    for output in [set, log, text] {
        assert!(!output.exists(), "{} was written", output.display());
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the decisions file: {left:?}");
}

#[test]
fn a_bad_decision_file_is_refused_at_its_place_with_a_fix() {
    let cases = [
        (
            r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cr2-shal", "amendment": 1, "verdict": "accepted" } ] }"#,
            "error: DIR/decisions.json:2:3: no proposal `cr2-shal` among the proposals given (cr2-shall, sme-cybersecurity)\n  help: did you mean `cr2-shall`?",
        ),
        (
            r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "sme-cybersecurity", "amendment": 2, "verdict": "accepted" } ] }"#,
            "DIR/decisions.json:2:3: sme-cybersecurity has 1 amendment; there is no amendment 2",
        ),
        (
            "{ \"redline\": \"decision-log\",\n  \"decisions\": [ { \"proposal\": \"cr2-shall\" \"amendment\": 1 } ] }",
            "DIR/decisions.json:2:44: expected `,` or `}`",
        ),
        (
            r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cr2-shall", "amendment": 1, "verdict": "yes" } ] }"#,
            "DIR/decisions.json:2:57: `verdict` is \"yes\", not \"accepted\" or \"rejected\"",
        ),
    ];
    for (text, message) in cases {
        assert_refused(text, &[], message);
    }
}

#[test]
fn accepting_both_sides_of_a_conflict_is_refused() {
    let (dir, path) = decisions(
        r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cybersecurity-workforce", "amendment": 3, "verdict": "accepted" },
  { "proposal": "sme-as-subparagraph", "amendment": 3, "verdict": "accepted" } ] }"#,
    );
    let set = dir.path().join("set.json");
    review_of_the_workforce_conflict(&path, &set)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {}:3:3: both sides of a conflict are accepted: amendment 3 of cybersecurity-workforce and amendment 3 of sme-as-subparagraph collide at 19.15.1(c)",
            path.display()
        )))
        .stderr(predicate::str::contains("--on-conflict merge keeps both"));
    assert!(!set.exists());
}

#[test]
fn a_log_of_a_changed_proposal_is_refused() {
    let (dir, path) = decisions(DECISIONS);
    let log = dir.path().join("log.json");
    review(&path)
        .arg("-o")
        .arg(dir.path().join("set.json"))
        .arg("--log")
        .arg(&log)
        .assert()
        .code(1);
    let copy = dir.path().join("cr2-shall.json");
    let changed = read(Path::new(PROPOSALS[0])).replace("\"2025\"", "\"2025-11\"");
    std::fs::write(&copy, changed).unwrap();
    redline()
        .args(["review", "--decisions"])
        .arg(&log)
        .arg(&copy)
        .arg(PROPOSALS[1])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has changed since the decisions were taken",
        ))
        .stderr(predicate::str::contains(
            "help: review the changed proposal again",
        ));
}

#[test]
fn resume_needs_an_interactive_review() {
    let (_dir, path) = decisions(DECISIONS);
    redline()
        .args(["review", "--resume"])
        .arg(&path)
        .args(PROPOSALS)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--resume continues an interactive review",
        ))
        .stderr(predicate::str::contains("pass it as --decisions LOG"));
}

#[test]
fn outputs_of_decisions_need_decisions() {
    redline()
        .args(["review", "--log", "log.json"])
        .args(PROPOSALS)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--log writes the outcome of a review of decisions",
        ));
}

#[test]
fn redline_options_are_refused_with_decisions() {
    let (_dir, path) = decisions(DECISIONS);
    for extra in [
        &["-o", "review.html"][..],
        &["--format", "html"],
        &["--sponsor", "CR2"],
    ] {
        review(&path)
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("redline show"));
    }
    assert!(!Path::new("review.html").exists());
}

#[test]
fn the_set_is_never_written_over_a_proposal() {
    let (_dir, path) = decisions(DECISIONS);
    let before = read(Path::new(PROPOSALS[0]));
    review(&path)
        .args(["-o", PROPOSALS[0]])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is a proposal file of this command",
        ));
    assert_eq!(read(Path::new(PROPOSALS[0])), before);
}

/// The first ```sh block after `marker` in `file`.
fn sh_block(file: &str, marker: &str) -> String {
    let text = read(Path::new(file));
    let after = &text[text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {file}"))..];
    let start = after.find("```sh\n").unwrap() + "```sh\n".len();
    after[start..start + after[start..].find("```\n").unwrap()].to_string()
}

/// Runs a documented block with `sh` in a fresh directory holding the repository's proposals
/// and fixtures, `redline` first on the PATH; the status of its last command.
fn run_documented(block: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::env::current_dir().unwrap();
    for linked in ["proposals", "tests"] {
        std::os::unix::fs::symlink(root.join(linked), dir.path().join(linked)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("redline");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(block)
        .current_dir(dir.path())
        .env("PATH", path)
        .output()
        .unwrap();
    (dir, output)
}

#[cfg(unix)]
#[test]
fn the_documented_examples_run_as_printed() {
    let block = sh_block(
        "docs/review.md",
        "## Decisions and the consolidated proposal",
    );
    let (dir, output) = run_documented(&block);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the log replays to the same set: {stderr}"
    );
    assert!(stderr.contains("review: 2 amendments accepted, 1 rejected\nnote: 2 amendments undecided, left out as if rejected: amendments 3 and 4 of cr2-shall"), "{stderr}");
    for written in [
        "consolidated.json",
        "review-log.json",
        "amended.txt",
        "again.json",
    ] {
        assert!(dir.path().join(written).exists(), "{written}");
    }
    let block = sh_block("README.md", "A review ends in decisions.");
    let (dir, output) = run_documented(&block);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("review-log.json").exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("‹SC›"));
}

/// The outcome's files are written all or none: when one cannot be written (here each of the
/// three in turn, into a directory that does not exist), none of the others is in place, an
/// existing one is untouched, and no temporary file is left.
#[test]
fn when_one_output_cannot_be_written_none_is() {
    let (dir, path) = decisions(DECISIONS);
    let outputs = ["-o", "--log", "--write-text"];
    for failing in outputs {
        let existing = dir.path().join("set.json");
        std::fs::write(&existing, "the set of an earlier review\n").unwrap();
        let mut cmd = review(&path);
        for (flag, name) in outputs.iter().zip(["set.json", "log.json", "amended.txt"]) {
            let file = match *flag == failing {
                true => dir.path().join("no-such-directory").join(name),
                false => dir.path().join(name),
            };
            cmd.arg(flag).arg(file);
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains("no-such-directory"))
            .stderr(predicate::str::contains("nothing was written"));
        assert_eq!(
            names_in(dir.path()),
            ["decisions.json", "set.json"],
            "{failing}"
        );
        assert_eq!(
            read(&existing),
            "the set of an earlier review\n",
            "{failing}"
        );
    }
}
