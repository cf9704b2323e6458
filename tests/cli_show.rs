//! `redline show`, the main job, on the shipped proposals: snapshots of every format, exit
//! statuses, attribution, and hostile proposal text rendered inert.

use assert_cmd::Command;
use predicates::prelude::*;
use scraper::{Html, Selector};

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    // Outputs carry the time they were made: fixed, so snapshots stay the same.
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1764619200");
    cmd
}

fn show(args: &[&str]) -> (i32, String) {
    let out = redline().arg("show").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "unexpected stderr: {stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn cr2_in_every_format() {
    for (format, name) in [
        ("text", "show_cr2_text"),
        ("html", "show_cr2_html"),
        ("json", "show_cr2_json"),
        ("markdown", "show_cr2_markdown"),
    ] {
        let (code, out) = show(&["proposals/cr2-shall.json", "--format", format]);
        assert_eq!(code, 1, "differences give exit status 1");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn the_text_redline_reads_in_a_pipe() {
    let (_, out) = show(&["proposals/cr2-shall.json"]);
    assert!(out.contains("Accordingly, [-the Parties-]{+each Party+} shall[- endeavor to-]:"));
    assert!(out
        .contains("19.15.2  changed  (bindingness best efforts 50 → hedged obligation 70 (+20))"));
    assert!(!out.contains('\u{1b}'), "no colour codes in a pipe");
}

#[test]
fn colour_when_asked() {
    let out = redline()
        .args(["--color", "always", "show", "proposals/cr2-shall.json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\u{1b}["));
    assert!(!text.contains("[-"), "colour replaces the markers");
}

#[test]
fn several_proposals_each_get_their_own_changes() {
    let (code, out) = show(&[
        "proposals/cr2-shall.json",
        "proposals/coordinated-vulnerability-disclosure.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut attributions = std::collections::BTreeSet::new();
    for provision in json["sections"][0]["provisions"].as_array().unwrap() {
        for span in provision["spans"].as_array().unwrap() {
            if span["kind"] != "equal" {
                attributions.insert(span["attribution"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(
        attributions.into_iter().collect::<Vec<_>>(),
        ["coordinated-vulnerability-disclosure", "cr2-shall"]
    );
}

#[test]
fn hostile_proposal_text_is_inert_in_html_and_intact_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.json");
    let hostile = r#"<script>alert("x")</script> & 'quotes' "double" {++not markup++}"#;
    let proposal = serde_json::json!({
        "id": "hostile",
        "title": hostile,
        "sponsor": hostile,
        "source": { "filing": hostile, "date": "2026-11-24", "docket": hostile },
        "rationale": hostile,
        "base": "usmca-ch19",
        "amendments": [{
            "op": "insert_provision",
            "after": "19.15.2",
            "label": "3.",
            "text": format!("Each Party shall {hostile}.")
        }]
    });
    std::fs::write(&path, serde_json::to_string_pretty(&proposal).unwrap()).unwrap();
    let path = path.to_str().unwrap();

    let (_, html) = show(&[path, "--format", "html"]);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&Selector::parse("script").unwrap()).count(), 0);
    assert!(!html.contains("<script>alert"));
    let inserted: String = doc
        .select(&Selector::parse("ins").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(
        inserted.contains(r#"<script>alert("x")</script> & 'quotes'"#),
        "{inserted}"
    );

    let (_, markdown) = show(&[path, "--format", "markdown"]);
    assert!(
        !markdown.contains("<script>"),
        "raw HTML passes through Markdown"
    );
    assert!(markdown.contains("&lt;script&gt;alert"));

    let (_, json) = show(&[path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["proposals"][0]["title"], hostile);
    assert_eq!(json["proposals"][0]["rationale"], hostile);
}

#[test]
fn output_file_is_written_atomically_and_the_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cr2.html");
    redline()
        .args(["show", "proposals/cr2-shall.json", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file left behind");
}

#[test]
fn a_failing_proposal_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"id":"bad","title":"t","sponsor":"s","source":{"filing":"f","date":"2026-11-24"},"rationale":"r","base":"usmca-ch19","amendments":[{"op":"replace_phrase","at":"19.15.1","phrase":"shall endeavour to","with":"shall"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out.html");
    redline()
        .args(["show"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shall endeavour to"));
    assert!(!out.exists());
}

#[test]
fn a_proposal_that_changes_nothing_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("same.json");
    std::fs::write(
        &same,
        r#"{"id":"same","title":"t","sponsor":"s","source":{"filing":"f","date":"2026-11-24"},"rationale":"r","base":"usmca-ch19","amendments":[{"op":"replace_phrase","at":"19.15.1","phrase":"shall endeavor to","with":"shall endeavor to"}]}"#,
    )
    .unwrap();
    redline().arg("show").arg(&same).assert().code(0);
}

#[test]
fn markdown_keeps_criticmarkup_in_the_text_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("braces.json");
    std::fs::write(
        &path,
        r#"{"id":"braces","title":"t","sponsor":"s","source":{"filing":"f","date":"2026-11-24"},"rationale":"r","base":"usmca-ch19","amendments":[{"op":"replace_phrase","at":"19.15.1","phrase":"shall endeavor to","with":"shall {--not--}"}]}"#,
    )
    .unwrap();
    let (_, markdown) = show(&[path.to_str().unwrap(), "--format", "markdown"]);
    assert!(markdown.contains("&#123;--not--&#125;"), "{markdown}");
    assert!(!markdown.contains("{--not--}"));
}

#[test]
fn output_files_keep_or_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.html");
    std::fs::write(&existing, "old").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();
    let fresh = dir.path().join("fresh.html");
    for out in [&existing, &fresh] {
        redline()
            .args(["show", "proposals/cr2-shall.json", "-o"])
            .arg(out)
            .assert()
            .code(1);
    }
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode(&existing),
        0o640,
        "a replaced file keeps its permissions"
    );
    let umask = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .unwrap();
    let umask = u32::from_str_radix(String::from_utf8(umask.stdout).unwrap().trim(), 8).unwrap();
    assert_eq!(
        mode(&fresh),
        0o666 & !umask,
        "a new file is created as any new file is"
    );
}

#[test]
fn an_unwritable_output_names_the_file_not_a_temporary_one() {
    redline()
        .args(["show", "proposals/cr2-shall.json", "-o", "/nonexistent-dir/x.html"])
        .assert()
        .code(2)
        .stderr("error: cannot write /nonexistent-dir/x.html: No such file or directory (os error 2)\n  help: check that the directory exists and is writable; nothing was written\n");
}
