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

#[test]
fn instructions_out_in_each_style_and_back_in_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for style in ["protocol", "us", "uk"] {
        let file = dir.path().join(format!("workforce-{style}.txt"));
        redline()
            .args([
                "instructions",
                "proposals/cybersecurity-workforce.json",
                "--style",
                style,
                "-o",
            ])
            .arg(&file)
            .assert()
            .success();
        redline().arg("check").arg(&file).assert().success();
        let applied_json = redline()
            .args(["apply", "proposals/cybersecurity-workforce.json"])
            .output()
            .unwrap();
        redline()
            .arg("apply")
            .arg(&file)
            .assert()
            .success()
            .stdout(applied_json.stdout);
        redline()
            .arg("show")
            .arg(&file)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("19.15.1(c)  inserted"));
        let json = dir.path().join(format!("workforce-{style}.json"));
        redline()
            .args(["propose", "--from-instructions"])
            .arg(&file)
            .arg("-o")
            .arg(&json)
            .assert()
            .success();
        let written = std::fs::read_to_string(&json).unwrap();
        assert!(
            written.contains("\"id\": \"cybersecurity-workforce\""),
            "{written}"
        );
    }
}

#[test]
fn show_writes_instructions_on_request() {
    redline()
        .args(["show", "proposals/cr2-shall.json", "--format", "instructions"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1. In Article 19.15 (Cybersecurity):\n   (a) strike \"shall endeavor to\" each place it appears and insert \"shall\"",
        ));
}

#[test]
fn an_unreadable_instruction_file_fails_check_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.txt");
    std::fs::write(
        &file,
        "In Article 19.15 (Cybersecurity):\n(a) in paragraph 1, strike \"endeavor to\";\n(b) in paragraph 2, cross out \"endeavor to\".\n",
    )
    .unwrap();
    redline()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt:3:21: cannot read these words: `cross out \"endeavor to\"`",
        ));
}

/// The first code block of `kind` in docs/drafting.md.
fn drafting_example(kind: &str) -> String {
    let doc = std::fs::read_to_string("docs/drafting.md").unwrap();
    let start = doc.find(&format!("```{kind}\n")).unwrap() + kind.len() + 4;
    doc[start..start + doc[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_three_ways_of_docs_drafting_give_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("article-19-15.txt");
    std::fs::write(
        &edited,
        printed("19.15")
            .replace("each Party shall endeavor to employ", "each Party shall employ")
            .replace("use, risk-based approaches", "use, interoperable risk-based approaches")
            + "\n3. Each Party shall designate a national contact point for cybersecurity incidents.\n",
    )
    .unwrap();
    let from_edit = dir.path().join("cyber.json");
    redline()
        .arg("propose")
        .arg(&edited)
        .args(["--sponsor", "CR2", "-o"])
        .arg(&from_edit)
        .assert()
        .success();
    let instructions = dir.path().join("cyber.txt");
    std::fs::write(&instructions, drafting_example("text")).unwrap();
    let json = dir.path().join("hand.json");
    std::fs::write(&json, drafting_example("json")).unwrap();
    let applied: Vec<Vec<u8>> = [&from_edit, &instructions, &json]
        .iter()
        .map(|p| redline().arg("apply").arg(p).output().unwrap())
        .inspect(|out| {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .map(|out| out.stdout)
        .collect();
    assert_eq!(applied[0], applied[1]);
    assert_eq!(applied[1], applied[2]);
}

/// A proposal names a baseline file by its path from the proposal's own folder, the only place
/// `check` looks for it; a baseline outside that folder is refused before anything is written.
#[test]
fn a_baseline_file_is_named_from_the_proposal_s_folder() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("drafts/texts");
    std::fs::create_dir_all(&texts).unwrap();
    let base = std::fs::read_to_string("texts/usmca-ch19.txt").unwrap();
    std::fs::write(texts.join("ch19.txt"), &base).unwrap();
    let edited = base.replace("shall endeavor to employ", "shall employ");
    std::fs::write(dir.path().join("edited.txt"), edited).unwrap();
    redline()
        .current_dir(dir.path())
        .args(["propose", "edited.txt", "--base", "drafts/texts/ch19.txt"])
        .args(["-o", "drafts/cr2.json"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("drafts/cr2.json")).unwrap();
    assert!(written.contains(r#""base": "texts/ch19.txt""#), "{written}");
    redline()
        .current_dir(dir.path())
        .args(["check", "drafts/cr2.json"])
        .assert()
        .success();

    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    redline()
        .current_dir(dir.path())
        .args(["propose", "edited.txt", "--base", "drafts/texts/ch19.txt"])
        .args(["-o", "elsewhere/cr2.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: --base drafts/texts/ch19.txt is outside the folder elsewhere, where the proposal goes",
        ))
        .stderr(predicate::str::contains(
            "help: write the proposal beside the baseline (-o drafts/texts/NAME.json)",
        ));
    assert!(!dir.path().join("elsewhere/cr2.json").exists());
}

/// `redline edit` of an existing proposal in another folder reads the baseline file it names
/// from that folder, as `check` does, not from the working directory.
#[test]
fn edit_reads_an_existing_proposal_s_baseline_from_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    std::fs::copy("texts/usmca-ch19.txt", drafts.join("ch19.txt")).unwrap();
    let first = fake_editor(dir.path(), "s/shall endeavor to employ/shall employ/");
    redline()
        .current_dir(&drafts)
        .env("EDITOR", &first)
        .args([
            "edit",
            "19.15.2",
            "--base",
            "ch19.txt",
            "--proposal",
            "cr2.json",
        ])
        .assert()
        .success();
    let second = fake_editor(
        dir.path(),
        "s/the Parties shall endeavor to:/the Parties shall:/",
    );
    redline()
        .current_dir(dir.path())
        .env("EDITOR", &second)
        .args(["edit", "19.15.1", "--proposal", "drafts/cr2.json"])
        .assert()
        .success();
    let written = std::fs::read_to_string(drafts.join("cr2.json")).unwrap();
    assert!(written.contains(r#""base": "ch19.txt""#), "{written}");
    assert_eq!(written.matches(r#""op": "#).count(), 2, "{written}");
    redline()
        .current_dir(dir.path())
        .args(["check", "drafts/cr2.json"])
        .assert()
        .success();
}
