//! `redline provisions --format text`, `redline propose` and `redline edit` as a drafter runs
//! them; the editor is a script standing in for a person.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    cmd
}

fn printed(citation: &str) -> String {
    let out = redline()
        .args(["provisions", citation, "--format", "text"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// An "editor" that runs `sed` expressions on the file it is given.
fn fake_editor(dir: &Path, sed: &str) -> PathBuf {
    let path = dir.join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\nsed -i -e '{sed}' \"$1\"\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn provisions_print_in_the_layout_and_parse_again() {
    let text = printed("19.15.1(b)");
    assert!(text.starts_with("CHAPTER 19\nDIGITAL TRADE\n\nArticle 19.15: Cybersecurity\n\n1. "));
    assert!(text.contains("\n\n(b) strengthen"));
    assert!(!text.contains("(a) build"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.txt");
    std::fs::write(&file, &text).unwrap();
    redline()
        .args(["provisions", "--base"])
        .arg(&file)
        .args(["19.15.1(b)", "--format", "text"])
        .assert()
        .success()
        .stdout(text);
}

#[test]
fn propose_writes_a_proposal_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.txt");
    std::fs::write(
        &edited,
        printed("19.15").replace(
            "each Party shall endeavor to employ",
            "each Party shall employ",
        ),
    )
    .unwrap();
    let out = dir.path().join("cr2-edit.json");
    redline()
        .arg("propose")
        .arg(&edited)
        .args([
            "--sponsor",
            "CR2",
            "--source",
            "Comments",
            "--rationale",
            "Binding.",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains("\"id\": \"cr2-edit\""), "{json}");
    assert!(json.contains("\"op\": \"delete_phrase\""), "{json}");
    assert!(
        json.contains("\"title\": \"Amendments to Article 19.15\""),
        "{json}"
    );
    redline().arg("check").arg(&out).assert().success();
    redline()
        .arg("apply")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "each Party shall employ, and encourage",
        ));
}

#[test]
fn propose_names_the_placeholders_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("e.txt");
    std::fs::write(&edited, printed("19.15").replace("swiftly", "promptly")).unwrap();
    redline()
        .arg("propose")
        .arg(&edited)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"sponsor\": \"(to be completed)\"",
        ))
        .stderr(predicate::str::contains("note: no --sponsor"));
}

#[test]
fn propose_locates_a_layout_error_in_the_edited_file() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("e.txt");
    std::fs::write(
        &edited,
        printed("19.15").replace("\n\n(a) build", "\n\n  (a) build"),
    )
    .unwrap();
    redline()
        .arg("propose")
        .arg(&edited)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "e.txt:8:1: line starts with white space",
        ));
}

#[test]
fn propose_refuses_part_of_an_article_without_at_and_accepts_it_with_at() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("p1.txt");
    std::fs::write(&edited, printed("19.15.1").replace("swiftly", "promptly")).unwrap();
    redline()
        .arg("propose")
        .arg(&edited)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only part of Article 19.15"))
        .stderr(predicate::str::contains("--at 19.15.1"));
    redline()
        .arg("propose")
        .arg(&edited)
        .args(["--at", "19.15.1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"with\": \"promptly\""));
}

#[test]
fn edit_writes_then_updates_a_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = dir.path().join("cyber.json");
    let editor = fake_editor(
        dir.path(),
        "s/the Parties shall endeavor to:/the Parties shall:/",
    );
    redline()
        .env("EDITOR", &editor)
        .args(["edit", "19.15.1", "--sponsor", "CR2", "--proposal"])
        .arg(&proposal)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
    let first = std::fs::read_to_string(&proposal).unwrap();
    assert!(first.contains("\"phrase\": \"endeavor to\""), "{first}");
    // The second session opens the text as amended so far and adds to the proposal.
    let editor = fake_editor(
        dir.path(),
        "s/the Parties shall:/the Parties shall:/; s/each Party shall endeavor to employ/each Party shall employ/",
    );
    redline()
        .env("VISUAL", &editor)
        .args(["edit", "Article 19.15", "--proposal"])
        .arg(&proposal)
        .assert()
        .success();
    let second = std::fs::read_to_string(&proposal).unwrap();
    assert!(second.contains("\"sponsor\": \"CR2\""), "{second}");
    assert_eq!(
        second.matches("\"op\": \"delete_phrase\"").count(),
        2,
        "{second}"
    );
    redline()
        .arg("apply")
        .arg(&proposal)
        .assert()
        .success()
        .stdout(predicate::str::contains("Accordingly, the Parties shall:"))
        .stdout(predicate::str::contains("each Party shall employ"));
}

#[test]
fn an_editor_that_fails_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = dir.path().join("p.json");
    redline()
        .env("EDITOR", "false")
        .args(["edit", "19.15", "--proposal"])
        .arg(&proposal)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the editor `false` failed"));
    assert!(!proposal.exists());
}

#[test]
fn an_unreadable_edit_is_kept_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let proposal = dir.path().join("p.json");
    let editor = fake_editor(dir.path(), "s/^(a) build/   (a) build/");
    redline()
        .env("EDITOR", &editor)
        .args(["edit", "19.15", "--proposal"])
        .arg(&proposal)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ":8:1: line starts with white space",
        ))
        .stderr(predicate::str::contains("your edited text is kept in"));
    assert!(!proposal.exists());
}
