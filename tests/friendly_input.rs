//! A drafter's first proposal: every problem of a file in one run, in words without the
//! program's type names; typographic quotes named; quote and dash styles read alike with a
//! note; footnotes amended like provisions; a skeleton to start from.

mod common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;
use redline::amend;
use redline::proposal::Proposal;

fn redline() -> Command {
    let mut cmd = Command::cargo_bin("redline").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The new user's two-amendment proposal of the issue, with every mistake made at once.
const FIRST_TRY: &str = r#"{
  "id": "interoperable",
  "title": "Interoperable risk-based approaches",
  "source": "CR2 comments",
  "amendments": [
    { "op": "replace_phrase", "at": "19.15.2", "phrase": "risk-based approaches that rely", "with": "interoperable risk-based approaches that rely" },
    { "op": "insert_provision", "after": "19.15.2", "text": "Each Party shall cooperate." }
  ]
}"#;

#[test]
fn every_missing_and_malformed_field_in_one_run() {
    let e = load_error(FIRST_TRY);
    let all = e.diagnostics().join("\n");
    for expected in [
        "`sponsor` is missing",
        "`rationale` is missing",
        "`base` is missing",
        "test.json:4:13: `source`: `source` should be an object with `filing` and `date`",
        "test.json:7:5: amendment 2, `label`: `label` is missing",
    ] {
        assert!(all.contains(expected), "{expected}\n---\n{all}");
    }
    assert_eq!(e.diagnostics().len(), 5, "{all}");
}

#[test]
fn check_reports_them_all_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first.json");
    std::fs::write(&file, FIRST_TRY).unwrap();
    redline()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "5 problems in 1 of 1 proposal file",
        ));
}

#[test]
fn no_message_names_a_type_of_the_program() {
    let broken = [
        FIRST_TRY.to_string(),
        proposal_json("usmca-ch19", r#"{"op": "delete_phrase"}"#),
        proposal_json("usmca-ch19", r#"[{"op": 3}]"#),
        proposal_json("usmca-ch19", r#"["delete 19.15.1"]"#),
        proposal_json("usmca-ch19", r#"[{"op": "insert_article", "number": 19.19, "title": "T", "provisions": ["1. x"]}]"#),
        proposal_json("usmca-ch19", r#"[{"op": "delete_phrase", "at": "19.15.1", "phrase": "x", "occurrence": "every"}]"#),
        r#"{"id": 1, "title": null, "sponsor": ["a"], "source": {"filing": 2, "date": true, "extra": 1}, "rationale": {}, "base": 5, "amendments": {}}"#.to_string(),
        "[1, 2]".to_string(),
    ];
    for json in broken {
        let message = load_error(&json).diagnostics().join("\n");
        for name in [
            "struct",
            "enum",
            "Source",
            "Amendment",
            "Proposal",
            "NewProvision",
            "Occurrence",
            "variant",
        ] {
            assert!(!message.contains(name), "`{name}` in:\n{message}");
        }
    }
}

#[test]
fn typographic_quotes_are_named_with_the_fix() {
    let json = "{\n  “id”: “cr2”,\n  \"title\": \"a “quoted” title\"\n}";
    let message = load_error(json).to_string();
    assert!(
        message.starts_with("test.json:2:3: typographic quote “ where JSON needs a straight double quote \" (4 places: 2:3, 2:6, 2:9, 2:13)"),
        "{message}"
    );
    assert!(
        message.contains("inside a text, “ and ” may stay"),
        "{message}"
    );
}

#[test]
fn an_apostrophe_matches_the_treaty_s_curly_one_with_a_note() {
    let loaded = load(
        "usmca-ch19",
        r#"[{"op": "replace_phrase", "at": "19.10(a)", "phrase": "consumer's choice", "with": "consumer’s own choice"}]"#,
    );
    let (amended, notes) = amend::apply_noting(&ch19(), &loaded.proposal).unwrap();
    assert!(text(&amended.document, "19.10(a)").contains("a consumer’s own choice available"));
    assert_eq!(notes.len(), 1);
    let note = notes[0].located(&loaded);
    assert!(
        note.starts_with("test.json:8:71: amendment 1: phrase `consumer's choice` matched `consumer’s choice` reading `'` as `’`"),
        "{note}"
    );
}

#[test]
fn straight_double_quotes_and_hyphens_match_too() {
    let amended = apply19(
        r#"[{"op": "delete_phrase", "at": "footnote 2", "phrase": "\"like digital product,\""},
            {"op": "replace_phrase", "at": "19.15.2", "phrase": "consensus–based standards", "with": "international standards"}]"#,
    )
    .unwrap();
    let note = amended.document.footnote("2").unwrap();
    assert!(note.text.contains("is a it will qualify"), "{}", note.text);
    assert!(text(&amended.document, "19.15.2").contains("rely on international standards"));
}

#[test]
fn exact_phrases_give_no_note() {
    let loaded = load(
        "usmca-ch19",
        r#"[{"op": "delete_phrase", "at": "19.15.2", "phrase": "endeavor to"}]"#,
    );
    let (_, notes) = amend::apply_noting(&ch19(), &loaded.proposal).unwrap();
    assert!(notes.is_empty());
}

#[test]
fn a_footnote_s_words_are_amended_like_a_provision_s() {
    let amended = apply19(
        r#"[{"op": "replace_phrase", "at": "footnote 4", "phrase": "recognize", "with": "agree"},
            {"op": "replace_text", "at": "fn1", "text": "This definition reflects no Party’s view."}]"#,
    )
    .unwrap();
    let doc = &amended.document;
    assert!(doc
        .footnote("4")
        .unwrap()
        .text
        .starts_with("The Parties agree that"));
    assert_eq!(
        doc.footnote("1").unwrap().text,
        "This definition reflects no Party’s view."
    );
    assert!(amended.edits.iter().any(|e| e.provision == "fn4"));
    let error =
        error19(r#"[{"op": "delete_phrase", "at": "footnote 4", "phrase": "nonexistent words"}]"#);
    assert!(error.contains("not found in footnote 4"), "{error}");
}

#[test]
fn the_skeleton_is_valid_and_explains_every_field() {
    let dir = tempfile::tempdir().unwrap();
    for base in ["usmca-ch19", "usmca-annex-12c"] {
        let file = dir.path().join(format!("{base}-draft.json"));
        redline()
            .args(["new", "--base", base, "-o"])
            .arg(&file)
            .assert()
            .success();
        let json = std::fs::read_to_string(&file).unwrap();
        for field in [
            "id:",
            "title:",
            "sponsor:",
            "source:",
            "rationale:",
            "base:",
            "amendments:",
        ] {
            assert!(json.contains(field), "{field} explained");
        }
        for op in redline::proposal::Amendment::OPS {
            assert!(json.contains(&format!("{op}:")), "{op} explained");
        }
        let problems = schema_problems(&json);
        assert!(problems.is_empty(), "proposals/schema.json: {problems:#?}");
        let loaded = Proposal::load(&file).unwrap();
        assert_eq!(loaded.proposal.id, format!("{base}-draft"));
        redline().arg("check").arg(&file).assert().success();
        redline()
            .args(["new", "-o"])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("never overwrites"));
    }
}
