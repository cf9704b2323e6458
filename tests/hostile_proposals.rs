//! Hostile proposal files (docs/security.md): look-alike and invisible characters in new text,
//! duplicate ids, byte-order marks, a `base` outside the proposal's directory, a label past
//! `u32`, a phrase ending inside a character, and errors placed at the field at fault.

mod common;

use assert_cmd::Command;
use common::{apply19, load_error, proposal_json};
use predicates::prelude::*;

fn redline() -> Command {
    Command::cargo_bin("redline").unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A proposal replacing "shall endeavor to" in 19.15.1 with `with` (a JSON string literal).
fn replacing_with(with: &str) -> String {
    proposal_json(
        "usmca-ch19",
        &format!(
            r#"[{{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": {with}}}]"#
        ),
    )
}

#[test]
fn check_refuses_look_alike_and_invisible_characters_naming_them() {
    let cases = [
        // Cyrillic а (U+0430) in "shall", written raw and as a JSON escape.
        ("\"sh\u{430}ll\"", "U+0430", 8, 102),
        ("\"sh\\u0430ll\"", "U+0430", 8, 102),
        // Fullwidth letters look like ASCII ones.
        (
            "\"\u{ff53}\u{ff48}\u{ff41}\u{ff4c}\u{ff4c}\"",
            "U+FF53",
            8,
            100,
        ),
        (
            "\"sh\\u200ball\"",
            "U+200B (an invisible character)",
            8,
            102,
        ),
        (
            "\"shall\u{a0}not\"",
            "U+00A0 (a space that is not a plain space)",
            8,
            105,
        ),
        ("\"shall \\u202eton\"", "U+202E", 8, 106),
        ("\"shall\\u0000\"", "U+0000", 8, 105),
        ("\"shall \\u001b[8mnot\"", "U+001B", 8, 106),
    ];
    for (with, code_point, line, column) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "p.json", &replacing_with(with));
        redline()
            .arg("check")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "p.json:{line}:{column}: amendment 1, `with`: "
            )))
            .stderr(predicate::str::contains(code_point));
        // Every command that reads the proposal refuses it.
        redline().arg("show").arg(&path).assert().code(2);
    }
}

#[test]
fn ordinary_typography_and_accents_are_accepted() {
    for with in [
        "\"shall, in the Party’s “best” view – café\"",
        "\"shall (naïve) § 3\"",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "p.json", &replacing_with(with));
        redline().arg("check").arg(&path).assert().success();
    }
}

#[test]
fn duplicate_ids_across_files_are_refused_with_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        &dir,
        "first.json",
        &proposal_json(
            "usmca-ch19",
            r#"[{"op": "delete_phrase", "at": "19.15.2", "phrase": "endeavor to"}]"#,
        ),
    );
    let second = write(
        &dir,
        "second.json",
        &proposal_json(
            "usmca-ch19",
            r#"[{"op": "delete_phrase", "at": "19.15.1", "phrase": "endeavor to"}]"#,
        ),
    );
    for command in ["show", "review", "apply"] {
        redline()
            .arg(command)
            .args([&first, &second])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "second.json:2:9: `id`: proposal id `test` is already the id of the proposal at ",
            ))
            .stderr(predicate::str::contains("first.json:2:9"));
    }
}

#[test]
fn a_byte_order_mark_is_refused_in_a_baseline_and_explained_in_a_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        &dir,
        "base.txt",
        &format!("\u{feff}{}", redline::baseline::USMCA_CH19.text),
    );
    redline()
        .args(["show", "proposals/cr2-shall.json", "--base"])
        .arg(&base)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "base.txt:1:1: the text starts with a byte-order mark (U+FEFF)",
        ));
    let cr2 = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let proposal = write(&dir, "p.json", &format!("\u{feff}{cr2}"));
    redline()
        .arg("check")
        .arg(&proposal)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "p.json:1:1: the file starts with a byte-order mark (U+FEFF)",
        ));
}

#[test]
fn a_base_outside_the_proposals_directory_is_refused_and_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let outside = write(&dir, "outside.txt", redline::baseline::USMCA_CH19.text);
    write(&dir, "sub/inside.txt", redline::baseline::USMCA_CH19.text);
    let cr2 = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let with_base = |base: &str| {
        cr2.replace(
            r#""base": "usmca-ch19""#,
            &format!(r#""base": {}"#, serde_json::to_string(base).unwrap()),
        )
    };
    for base in [outside.to_str().unwrap(), "../outside.txt", "/dev/zero"] {
        let proposal = write(&dir, "sub/p.json", &with_base(base));
        for command in ["check", "show"] {
            redline()
                .arg(command)
                .arg(&proposal)
                .timeout(std::time::Duration::from_secs(20))
                .assert()
                .code(2)
                .stderr(predicate::str::contains(
                    "is outside the proposal's directory",
                ));
        }
    }
    let proposal = write(&dir, "p.json", &with_base("sub/inside.txt"));
    redline().arg("check").arg(&proposal).assert().success();
    redline().arg("show").arg(&proposal).assert().code(1);
}

#[test]
fn a_field_error_points_at_the_field() {
    let e = load_error(&replacing_with("5"));
    assert!(
        e.to_string()
            .starts_with("test.json:8:99: amendment 1, `with`: "),
        "{e}"
    );
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "delete_phrase", "at": "19.15.1", "phrase": "x", "occurrence": 0}]"#,
    ));
    assert!(
        e.to_string()
            .starts_with("test.json:8:88: amendment 1, `occurrence`: "),
        "{e}"
    );
}

#[test]
fn a_paragraph_label_past_u32_is_still_kept_in_order() {
    let error = apply19(
        r#"[{"op": "insert_provision", "after": "19.15.1", "label": "99999999999999999999.", "text": "Each Party shall cooperate."}]"#,
    )
    .expect_err("a label out of order is refused");
    assert!(
        format!("{error}").contains("99999999999999999999."),
        "{error}"
    );
}

#[test]
fn a_phrase_never_matches_inside_a_character() {
    // "cafe" + U+0301 reads "café": the phrase "cafe" is not in it.
    let matches: Vec<_> =
        redline::amend::whole_word_matches("the cafe\u{301} opens", "cafe").collect();
    assert!(matches.is_empty(), "{matches:?}");
    let matches: Vec<_> = redline::amend::whole_word_matches("the cafe opens", "cafe").collect();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0], 4..8);
}
