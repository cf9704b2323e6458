//! `redline check` and `redline apply` as a user runs them.

mod common;

use assert_cmd::Command;
use common::proposal_json;
use predicates::prelude::*;

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so snapshots stay the same.
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_accepts_every_shipped_proposal_and_skips_the_schema() {
    let files: Vec<String> = std::fs::read_dir("proposals")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    redline()
        .arg("check")
        .args(&files)
        .assert()
        .success()
        .stdout(format!("{} proposal files valid\n", files.len() - 1))
        .stderr("note: skipped proposals/schema.json: a JSON Schema, not a proposal\n");
}

#[test]
fn check_reports_every_problem_in_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let two_problems = write(
        &dir,
        "two.json",
        &proposal_json(
            "usmca-ch19",
            r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavour to", "with": "shall"},
               {"op": "delete_provision", "at": "19.15.9"}]"#,
        ),
    );
    let broken_json = write(&dir, "broken.json", "{\n  \"id\": \"x\",\n}\n");
    let valid = write(
        &dir,
        "valid.json",
        &proposal_json(
            "usmca-ch19",
            r#"[{"op": "delete_phrase", "at": "19.15.2", "phrase": "endeavor to"}]"#,
        ),
    );
    redline()
        .arg("check")
        .args([&two_problems, &broken_json, &valid])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("two.json:8:70: amendment 1 (replace_phrase, 19.15.1): phrase `shall endeavour to` not found in 19.15.1"))
        .stderr(predicate::str::contains("two.json:9:49: amendment 2 (delete_provision, 19.15.9): unknown citation `19.15.9`"))
        .stderr(predicate::str::contains("broken.json:3:1: trailing comma"))
        .stderr(predicate::str::ends_with("3 problems in 2 of 3 proposal files\n"));
}

#[test]
fn apply_prints_the_amended_text_in_the_baseline_layout() {
    let output = redline()
        .args(["apply", "proposals/cr2-shall.json"])
        .assert()
        .success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let doc = redline::parse::parse(&text).unwrap();
    assert!(doc
        .provision("19.15.1")
        .unwrap()
        .text
        .ends_with("Accordingly, each Party shall:"));
    let base = redline::baseline::USMCA_CH19.text;
    assert_eq!(text.lines().count(), base.lines().count());
}

#[test]
fn apply_writes_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("amended.txt");
    redline()
        .args([
            "apply",
            "proposals/cr2-shall.json",
            "proposals/cybersecurity-workforce.json",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = redline::parse::parse(&text).unwrap();
    assert!(doc.provision("19.15.1(c)").is_some());
    // The output is itself a baseline.
    redline()
        .args(["provisions", "19.15.1(c)", "--base"])
        .arg(&out)
        .assert()
        .success();
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_failed_apply_writes_nothing() {
    let inputs = tempfile::tempdir().unwrap();
    let edit = |with: &str| {
        proposal_json(
            "usmca-ch19",
            &format!(
                r#"[{{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "{with}"}}]"#
            ),
        )
    };
    let one = write(&inputs, "one.json", &edit("shall"));
    let two = write(
        &inputs,
        "two.json",
        &edit("shall seek to").replace(r#""id": "test""#, r#""id": "other""#),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("amended.txt");
    redline()
        .arg("apply")
        .args([&one, &two])
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: 1 conflict between proposals; nothing was applied\n\
             test and other conflict at 19.15.1: both edit the same words",
        ));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_apply_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(&dir, "amended.txt", "earlier result\n");
    let bad = write(
        &dir,
        "bad.json",
        &proposal_json(
            "usmca-ch19",
            r#"[{"op": "delete_provision", "at": "19.99.1"}]"#,
        ),
    );
    redline()
        .args(["apply"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "earlier result\n");
}

#[test]
fn apply_writes_one_text_per_document_to_a_directory() {
    let both = [
        "proposals/cr2-shall.json",
        "proposals/encryption-backdoor-ban.json",
    ];
    redline()
        .arg("apply")
        .args(both)
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: the proposals amend 2 documents (usmca-ch19, usmca-annex-12c); one text cannot hold them\n  help: write one file per document with -o DIR/, or pick one document with --base\n");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("amended/");
    redline()
        .arg("apply")
        .args(both)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    for (file, proposal) in [
        ("usmca-ch19.txt", both[0]),
        ("usmca-annex-12c.txt", both[1]),
    ] {
        let alone = redline().args(["apply", proposal]).output().unwrap();
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            alone.stdout,
            "{file} is what {proposal} alone gives"
        );
    }
    // --base narrows to one document.
    let annex = redline()
        .arg("apply")
        .args(both)
        .args(["--base", "usmca-annex-12c"])
        .output()
        .unwrap();
    assert_eq!(annex.status.code(), Some(0));
    assert_eq!(
        annex.stdout,
        std::fs::read(out.join("usmca-annex-12c.txt")).unwrap()
    );
    assert!(String::from_utf8_lossy(&annex.stderr).contains(
        "note: --base usmca-annex-12c: left out 1 proposal for other documents: cr2-shall"
    ));
}

#[test]
fn apply_never_overwrites_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(&dir, "base.txt", redline::baseline::USMCA_CH19.text);
    redline()
        .args(["apply", "proposals/cr2-shall.json", "--base"])
        .arg(&base)
        .arg("-o")
        .arg(&base)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is the baseline being amended; it is never overwritten",
        ));
    assert_eq!(
        std::fs::read_to_string(&base).unwrap(),
        redline::baseline::USMCA_CH19.text
    );
}

#[test]
fn apply_reports_an_unreadable_proposal() {
    redline()
        .args(["apply", "proposals/no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read proposal proposals/no-such-file.json: ",
        ));
}

#[test]
fn apply_never_overwrites_an_official_text() {
    // A copy of texts/ stands in for the repository's, so a regression cannot touch the law.
    let dir = tempfile::tempdir().unwrap();
    let official = write(&dir, "usmca-ch19.txt", redline::baseline::USMCA_CH19.text);
    redline()
        .args(["apply", "proposals/cr2-shall.json", "-o"])
        .arg(&official)
        .assert()
        .code(2)
        .stderr(predicate::str::ends_with(
            "usmca-ch19.txt holds the official text of usmca-ch19; the law as written is never overwritten\n  help: write the amended text to another file\n",
        ));
    assert_eq!(
        std::fs::read_to_string(&official).unwrap(),
        redline::baseline::USMCA_CH19.text
    );
}

#[test]
fn a_base_path_in_a_proposal_is_read_beside_the_proposal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("texts/usmca-ch19.txt", dir.path().join("base.txt")).unwrap();
    let cr2 = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let path = dir.path().join("p.json");
    std::fs::write(
        &path,
        cr2.replace(r#""base": "usmca-ch19""#, r#""base": "base.txt""#),
    )
    .unwrap();
    redline()
        .arg("apply")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Accordingly, each Party shall:"));
}

#[test]
fn an_unreadable_base_is_located_in_the_proposal_with_the_nearest_name() {
    let dir = tempfile::tempdir().unwrap();
    let cr2 = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let path = dir.path().join("p.json");
    std::fs::write(
        &path,
        cr2.replace(r#""base": "usmca-ch19""#, r#""base": "usmca-ch20""#),
    )
    .unwrap();
    redline()
        .arg("apply")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {}:12:11: `base`: cannot read baseline",
            path.display()
        )))
        .stderr(predicate::str::contains(
            "help: did you mean the embedded baseline `usmca-ch19`?",
        ));
}

#[test]
fn a_proposal_applied_to_another_base_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let annex = write(
        &dir,
        "annex.json",
        &proposal_json(
            "usmca-annex-12c",
            r#"[{"op": "replace_phrase", "at": "12.C.2.2(b)", "phrase": "use of the ICT product; or", "with": "use of the ICT product;"}]"#,
        ),
    );
    redline()
        .arg("apply")
        .arg(&annex)
        .args(["--base", "usmca-ch19"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "note: {} was drafted for usmca-annex-12c, and applied here to usmca-ch19 (--base)",
            annex.display()
        )));
}
