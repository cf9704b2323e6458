//! `redline provisions` as a user runs it.

use assert_cmd::Command;
use predicates::prelude::*;

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so snapshots stay the same.
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

#[test]
fn outline_of_the_default_baseline() {
    redline()
        .arg("provisions")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("CHAPTER 19: DIGITAL TRADE\n"))
        .stdout(predicate::str::contains("Article 19.15: Cybersecurity"))
        .stdout(predicate::str::contains(
            "    19.15.1(a)  (a)   build the capabilities of their respective national entities responsible for cybersecurity incident …",
        ));
}

#[test]
fn outline_of_the_annex() {
    redline()
        .args(["provisions", "--base", "usmca-annex-12c"])
        .assert()
        .success()
        .stdout(predicate::str::contains("12.C.2.3(b)"));
}

#[test]
fn a_subparagraph_with_its_chapeau() {
    redline()
        .args(["provisions", "Art. 19.15(1)(b)", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Article 19.15: Cybersecurity"))
        .stdout(predicate::str::contains(
            "Chapeau:\n\n19.15.1  paragraph  art_19.15__para_1\n    1. The Parties recognize",
        ))
        .stdout(predicate::str::contains(
            "(b) strengthen existing collaboration mechanisms",
        ));
}

#[test]
fn a_provision_with_its_footnote() {
    redline()
        .args(["provisions", "19.8.2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fn3  [^3]: For greater certainty"))
        .stdout(predicate::str::contains("cited in 19.8.2"));
}

#[test]
fn json_output() {
    let out = redline()
        .args(["provisions", "19.15.1(a)", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["cited"], "19.15.1(a)");
    assert_eq!(json["chapeaux"][0]["id"], "19.15.1");
    assert_eq!(json["provisions"][0]["eid"], "art_19.15__para_1__point_a");
    assert_eq!(json["provisions"][0]["kind"]["kind"], "subparagraph");
}

#[test]
fn unknown_citation_exits_2_with_the_nearest_ids() {
    redline()
        .args(["provisions", "19.15.3"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: unknown citation `19.15.3`: there is no provision 19.15.3 in CHAPTER 19: DIGITAL TRADE",
        ))
        .stderr(predicate::str::contains("nearest valid ids are 19.15.1, 19.15.2"));
}

#[test]
fn malformed_file_exits_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(
        &path,
        "CHAPTER 1\nTEST\n\nArticle 1.1: Scope\n\n(a) orphan;\n",
    )
    .unwrap();
    redline()
        .args(["provisions", "--base"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {}:6:1: subparagraph (a) has no paragraph above it",
            path.display()
        )))
        .stderr(predicate::str::contains("help: a list item must follow"));
}

#[test]
fn a_base_that_is_neither_embedded_nor_a_file() {
    redline()
        .args(["provisions", "--base", "usmca-ch20"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read baseline `usmca-ch20`",
        ))
        .stderr(predicate::str::contains(
            "help: did you mean the embedded baseline `usmca-ch19`?",
        ));
    redline()
        .args(["provisions", "--base", "no-such-text.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("usmca-ch19, usmca-annex-12c"));
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"CHAPTER 1\nTEST\n\nArticle 1.1: Caf\xe9\n").unwrap();
    redline()
        .args(["provisions", "--base"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ":4:17: the text is not valid UTF-8",
        ));
}

#[test]
fn a_file_baseline_reads_like_an_embedded_one() {
    redline()
        .args([
            "provisions",
            "--base",
            "texts/usmca-annex-12c.txt",
            "12.C.2(3)(a)",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(a) requirements that a Party adopts or maintains",
        ));
}
