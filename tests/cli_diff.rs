//! `redline diff` as a user runs it: exit statuses as diff(1), formats, -o atomic, colour.

use assert_cmd::Command;
use predicates::prelude::*;

const OLD: &str = "tests/fixtures/ch19-excerpt.txt";
const NEW: &str = "tests/fixtures/ch19-excerpt-amended.txt";

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so snapshots stay the same.
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

#[test]
fn identical_inputs_exit_0() {
    redline()
        .args(["diff", OLD, OLD])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no differences"));
}

#[test]
fn an_embedded_baseline_against_itself_exits_0() {
    redline()
        .args(["diff", "usmca-ch19", "usmca-ch19"])
        .assert()
        .code(0);
    // The same text twice is parsed once, and still narrows to a provision.
    redline()
        .args(["diff", "usmca-ch19", "usmca-ch19", "--provision", "19.15"])
        .args(["--full", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("19.15.1  unchanged"))
        .stdout(predicate::str::contains("19.16").not());
}

#[test]
fn differences_exit_1_with_markers_in_a_pipe() {
    redline()
        .args(["diff", OLD, NEW])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Accordingly, [-the Parties-]{+each Party+} shall[- endeavor to-]:",
        ))
        .stdout(predicate::str::contains("19.15.3  inserted"))
        .stdout(predicate::str::contains("sha256:"));
}

#[test]
fn a_missing_input_exits_2_with_help() {
    redline()
        .args(["diff", OLD, "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `no/such/file.txt`"))
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn plain_text_from_an_email_is_redlined_by_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(
        &old,
        "Hi all,\n\nThe Parties shall endeavor to cooperate.\nThanks\n",
    )
    .unwrap();
    std::fs::write(&new, "Hi all,\n\nEach Party shall cooperate.\nThanks\n").unwrap();
    redline()
        .args(["diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("¶2  changed"))
        .stdout(predicate::str::contains(
            "[-The Parties-]{+Each Party+} shall [-endeavor to -]cooperate.",
        ));
}

#[test]
fn whitespace_only_changes_exit_0_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(&old, "Each Party shall  act.\n").unwrap();
    std::fs::write(&new, "Each Party shall act.\n").unwrap();
    redline().arg("diff").arg(&old).arg(&new).assert().code(0);
    redline()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--whitespace")
        .assert()
        .code(1);
}

#[test]
fn output_format_follows_the_extension_unless_format_says() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("redline.html");
    redline()
        .args(["diff", OLD, NEW, "-o"])
        .arg(&html)
        .assert()
        .code(1)
        .stdout("");
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let forced = dir.path().join("redline.html.txt");
    redline()
        .args(["diff", OLD, NEW, "--format", "json", "-o"])
        .arg(&forced)
        .assert()
        .code(1);
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&forced).unwrap()).unwrap();
    assert_eq!(value["schema_version"], 4);
}

#[test]
fn a_failed_write_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-dir").join("redline.html");
    redline()
        .args(["diff", OLD, NEW, "-o"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"))
        .stderr(predicate::str::contains("help:"));
    assert!(!target.exists());
    // A directory in the way: the rename fails and the temporary file is cleaned up.
    let occupied = dir.path().join("occupied.md");
    std::fs::create_dir(&occupied).unwrap();
    std::fs::write(occupied.join("keep"), "x").unwrap();
    redline()
        .args(["diff", OLD, NEW, "-o"])
        .arg(&occupied)
        .assert()
        .code(2);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["occupied.md"], "only the directory remains");
}

#[test]
fn colour_always_styles_and_no_color_is_honoured() {
    redline()
        .args(["diff", OLD, NEW, "--color", "always"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\x1b[9m"))
        .stdout(predicate::str::contains("[-").not());
    redline()
        .args(["diff", OLD, NEW, "--color", "auto"])
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn full_and_context_choose_what_is_shown() {
    redline()
        .args(["diff", OLD, NEW, "--full"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not shown").not())
        .stdout(predicate::str::contains("19.16.2  unchanged"));
    redline()
        .args(["diff", OLD, NEW, "--context", "0"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Article 19.16  unchanged").not());
}

#[test]
fn a_text_meant_for_the_layout_that_does_not_parse_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "CHAPTER 1\nT\n\nArticle 1.1: X\n\n(a) orphan\n").unwrap();
    Command::cargo_bin("redline")
        .unwrap()
        .arg("diff")
        .arg(&bad)
        .arg("usmca-ch19")
        .assert()
        .code(1)
        .stderr(format!(
            "note: {}:6:1: subparagraph (a) has no paragraph above it; comparing paragraph by paragraph\n",
            bad.display()
        ));
}

/// The output of `redline ARGS` run in `dir`, with every SHA-256 (the one thing a file saved
/// with other line endings changes) blanked.
fn output_in(dir: &std::path::Path, args: &[&str]) -> String {
    let out = redline().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {out:?}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    regex::Regex::new("[0-9a-f]{64}")
        .unwrap()
        .replace_all(&text, "SHA256")
        .into_owned()
}

/// A baseline saved with Windows line endings redlines exactly as its LF twin, in every format
/// and by every command that reads a text: no carriage return leaks into any provision (the
/// last one, deleted, used to show `^M` in plain text).
#[test]
fn crlf_texts_redline_as_their_lf_twins() {
    let base = redline::baseline::USMCA_CH19.text;
    let (body, last) = base.trim_end().rsplit_once("\n\n").unwrap();
    let edited = format!("{}\n", body.replace("shall endeavor to", "shall"));
    // A text not in the layout (no article heading) is compared paragraph by paragraph.
    let plain = |text: &str| text.replace("Article ", "Art. ");
    let twins: Vec<tempfile::TempDir> = ["\n", "\r\n"]
        .iter()
        .map(|line_end| {
            let dir = tempfile::tempdir().unwrap();
            let save = |name: &str, text: &str| {
                std::fs::write(dir.path().join(name), text.replace('\n', line_end)).unwrap();
            };
            save("old.txt", base);
            save("new.txt", &edited);
            save("old-plain.txt", &plain(base));
            save("new-plain.txt", &plain(&edited));
            dir
        })
        .collect();
    let proposal = std::fs::canonicalize("proposals/cr2-shall.json").unwrap();
    let proposal = proposal.to_str().unwrap();
    for format in ["text", "json", "markdown", "html"] {
        for args in [
            vec!["diff", "old.txt", "new.txt"],
            vec!["diff", "old.txt", "new.txt", "--full", "--whitespace"],
            vec!["diff", "old-plain.txt", "new-plain.txt", "--full"],
            vec!["diff", "old-plain.txt", "new-plain.txt", "--whitespace"],
            vec!["show", proposal, "--base", "old.txt"],
        ] {
            let args = [&args[..], &["--format", format, "--color", "never"]].concat();
            let (lf, crlf) = (
                output_in(twins[0].path(), &args),
                output_in(twins[1].path(), &args),
            );
            assert!(!crlf.contains('\r') && !crlf.contains("^M"), "{args:?}");
            assert_eq!(crlf, lf, "{args:?}");
        }
    }
    let deleted = output_in(twins[1].path(), &["diff", "old.txt", "new.txt"]);
    assert!(deleted.contains(&format!("[-{last}-]")), "{deleted}");
}
