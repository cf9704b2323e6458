//! The proposal format: JSON errors with their place, rules of the fields, the schema and serde
//! in agreement, and every shipped proposal valid and applying cleanly.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use redline::amend;
use redline::baseline::Baseline;
use redline::parse::parse;
use redline::proposal::{Amendment, Proposal, ProposalError};
use serde_json::{json, Value};

#[test]
fn invalid_json_gives_line_column_and_what_was_expected() {
    let e = load_error("{\n  \"id\": \"x\",\n  \"title\": \"t\"\n  \"sponsor\": \"s\"\n}\n");
    assert_eq!(
        e.to_string(),
        "test.json:4:3: expected `,` or `}`\n  help: JSON wants double-quoted keys and strings, a comma between items and none after the last"
    );
}

#[test]
fn unknown_operation_lists_the_operations() {
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "replace_phrse", "at": "19.15.1"}]"#,
    ));
    assert_eq!(
        e.to_string(),
        "test.json:8:25: amendment 1, `op`: `replace_phrse` is not an operation\n  help: did you mean `replace_phrase`? \"op\" is one of replace_phrase, delete_phrase, replace_text, insert_provision, delete_provision, insert_article, add_footnote; docs/proposals.md has an example of each"
    );
}

#[test]
fn missing_and_unknown_fields() {
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "x"}]"#,
    ));
    assert_eq!(
        e.to_string(),
        "test.json:8:18: amendment 1, `with`: `with` is missing\n  help: add \"with\": \"shall\" (the words that replace the phrase)"
    );
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "delete_provision", "at": "19.15.1", "label": "x"}]"#,
    ));
    assert!(e.to_string().starts_with("test.json:8:"), "{e}");
    assert!(
        e.to_string().contains(
            "amendment 1, `label`: unknown field `label`\n  help: the fields here are at"
        ),
        "{e}"
    );
}

#[test]
fn occurrence_counts_from_one() {
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "delete_phrase", "at": "19.15.1", "phrase": "x", "occurrence": 0}]"#,
    ));
    assert!(
        e.to_string().contains(
            "`occurrence` should be a whole number from 1 (the first), or \"all\", not the number 0"
        ),
        "{e}"
    );
}

#[test]
fn every_broken_rule_is_reported_with_its_place() {
    let json = r#"{
  "id": "Bad Id",
  "title": "t",
  "sponsor": "",
  "source": { "filing": "f", "date": "3 November 2025" },
  "rationale": "r",
  "base": "usmca-ch19",
  "amendments": [
    { "op": "insert_provision", "label": "c)", "text": "(c) cooperate." },
    { "op": "replace_text", "at": "19.15.1", "text": "two\nlines" }
  ]
}"#;
    let ProposalError::Invalid { problems, .. } = load_error(json) else {
        panic!("field rules broken")
    };
    let rendered: Vec<String> = problems
        .iter()
        .map(|p| p.render(Path::new("bad.json")))
        .collect();
    assert_eq!(
        rendered,
        [
            "bad.json:2:9: `id`: id `Bad Id` is not lowercase words joined by hyphens\n  help: write the id like the file name, e.g. `cr2-shall`",
            "bad.json:4:14: `sponsor`: `sponsor` is empty\n  help: every proposal says what it is, who asks, where, and why",
            "bad.json:5:38: `source.date`: `3 November 2025` is not a date\n  help: write the filing date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)",
            "bad.json:9:13: amendment 1, `op`: insert_provision needs exactly one of `before` and `after`\n  help: say where the provision goes: `\"after\": \"19.15.1(b)\"` or `\"before\": \"19.15.2\"`",
            "bad.json:9:42: amendment 1, `label`: `c)` is not a label\n  help: a paragraph's label reads `3.`, a subparagraph's `(c)`, a sub-subparagraph's `(iv)`; a definition has none (\"\")",
            "bad.json:9:56: amendment 1, `text`: the text starts with the label `(c)`\n  help: put the label in `label` and only the words in `text`",
            "bad.json:10:54: amendment 2, `text`: `text` holds a line break\n  help: each provision is one line; put a new paragraph or subparagraph in an insert_provision of its own",
        ]
    );
}

#[test]
fn loading_keeps_the_path_and_the_raw_bytes() {
    let loaded = Proposal::load("proposals/cr2-shall.json").unwrap();
    assert_eq!(
        loaded.raw,
        std::fs::read("proposals/cr2-shall.json").unwrap()
    );
    assert_eq!(loaded.path, Path::new("proposals/cr2-shall.json"));
    assert_eq!(loaded.proposal.schema.as_deref(), Some("./schema.json"));
}

#[test]
fn a_proposal_round_trips_through_serde() {
    let loaded = Proposal::load("proposals/encryption-backdoor-ban.json").unwrap();
    let json = serde_json::to_string(&loaded.proposal).unwrap();
    let again = Proposal::parse("again.json", json.as_bytes()).unwrap();
    assert_eq!(again.proposal, loaded.proposal);
}

// The schema and serde agree.

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string("proposals/schema.json").unwrap()).unwrap()
}

fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn schema_and_serde_agree_on_operation_names() {
    let schema = schema();
    let listed = strings(&schema["$defs"]["amendment"]["properties"]["op"]["enum"]);
    let ops: BTreeSet<String> = Amendment::OPS.iter().map(|s| s.to_string()).collect();
    assert_eq!(listed, ops);
    for op in Amendment::OPS {
        assert_eq!(
            schema["$defs"][op]["properties"]["op"]["const"],
            json!(op),
            "{op}"
        );
    }
}

/// A value of the right form for each field an operation takes.
fn sample(field: &str) -> Value {
    match field {
        "at" | "before" | "after" => json!("19.15.1"),
        "occurrence" => json!(1),
        "provisions" => json!([{ "label": "1.", "text": "The Parties shall act." }]),
        "number" => json!("8"),
        "label" => json!("(c)"),
        _ => json!("words"),
    }
}

#[test]
fn schema_and_serde_agree_on_each_operation_s_fields() {
    let schema = schema();
    for op in Amendment::OPS {
        let def = &schema["$defs"][op];
        let required = strings(&def["required"]);
        let properties = keys(&def["properties"]);
        let mut amendment = serde_json::Map::new();
        for field in &required {
            amendment.insert(
                field.clone(),
                if field == "op" {
                    json!(op)
                } else {
                    sample(field)
                },
            );
        }
        if op == "insert_provision" {
            amendment.insert("after".into(), sample("after"));
        }
        let parse = |a: &serde_json::Map<String, Value>| {
            serde_json::from_value::<Amendment>(Value::Object(a.clone()))
        };
        parse(&amendment).unwrap_or_else(|e| panic!("{op} with the schema's required fields: {e}"));
        for field in &properties {
            let mut full = amendment.clone();
            full.insert(
                field.clone(),
                if field == "op" {
                    json!(op)
                } else {
                    sample(field)
                },
            );
            if op == "insert_provision" && field == "before" {
                full.remove("after");
            }
            parse(&full).unwrap_or_else(|e| panic!("{op} with `{field}`: {e}"));
        }
        for field in required.iter().filter(|f| *f != "op") {
            let mut short = amendment.clone();
            short.remove(field);
            assert!(
                parse(&short).is_err(),
                "{op} without required `{field}` should be refused"
            );
        }
        let mut extra = amendment.clone();
        extra.insert("colour".into(), json!("red"));
        assert!(
            parse(&extra).is_err(),
            "{op}: serde and the schema both refuse unknown fields"
        );
    }
}

fn shipped() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("proposals")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("schema.json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_proposal_conforms_to_the_schema() {
    let files = shipped();
    assert!(files.len() >= 14, "the coalitions' asks: {}", files.len());
    for path in files {
        let problems = schema_problems(&std::fs::read_to_string(&path).unwrap());
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
}

/// The schema describes both kinds of file `redline` reads as proposals, and refuses what
/// `redline` refuses in either.
#[test]
fn the_schema_tells_a_proposal_set_from_a_proposal_and_refuses_what_redline_refuses() {
    let proposals: Vec<Proposal> = shipped()
        .iter()
        .map(|p| Proposal::load(p).unwrap().proposal)
        .collect();
    let set = redline::proposal::set::ProposalSet {
        on_conflict: Some(redline::review::Policy::Merge),
        proposals,
    }
    .to_json();
    assert_eq!(schema_problems(&set), Vec::<String>::new());
    let mut value: Value = serde_json::from_str(&set).unwrap();
    value["surplus"] = json!(1);
    value["on_conflict"] = json!("last-wins");
    value["proposals"][0]["amendments"][0]["op"] = json!("replace_phrse");
    let problems = schema_problems(&value.to_string());
    for at in ["/on_conflict", "/proposals/0/amendments/0", "surplus"] {
        assert!(
            problems.iter().any(|p| p.contains(at)),
            "{at}: {problems:#?}"
        );
    }
    let proposal = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let mut value: Value = serde_json::from_str(&proposal).unwrap();
    value.as_object_mut().unwrap().remove("sponsor");
    assert!(!schema_problems(&value.to_string()).is_empty());
}

#[test]
fn every_shipped_proposal_applies_cleanly_and_reparses() {
    for path in shipped() {
        let loaded = Proposal::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let doc = Baseline::load(&loaded.proposal.base)
            .unwrap()
            .document()
            .unwrap();
        let amended = amend::apply(&doc, &loaded.proposal)
            .unwrap_or_else(|e| panic!("{}", e.located(&loaded)));
        let rendered = amended.document.render();
        assert_eq!(
            parse(&rendered).unwrap(),
            amended.document,
            "{}",
            path.display()
        );
        assert!(!amended.edits.is_empty());
        let file_name = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(loaded.proposal.id, file_name, "the id is the file name");
    }
}

#[test]
fn shipped_proposals_for_one_base_apply_together_in_one_cybersecurity_block() {
    let proposals: Vec<Proposal> = shipped()
        .iter()
        .map(|p| Proposal::load(p).unwrap().proposal)
        .filter(|p| p.base == "usmca-ch19")
        .collect();
    let amended = common::apply_in_order(&ch19(), &proposals).unwrap();
    let numbers = article_numbers(&amended.document);
    let mut expected: Vec<String> = (1..=15).map(|n| format!("19.{n}")).collect();
    expected.extend("ABCDEFGHI".chars().map(|l| format!("19.15{l}")));
    expected.extend((16..=18).map(|n| format!("19.{n}")));
    assert_eq!(
        numbers, expected,
        "new articles stand right after Article 19.15"
    );
    // The SME ask drafted as 19.15.1(c) would take the workforce proposal's words and label.
    let sme = Proposal::load("tests/fixtures/sme-as-subparagraph.json")
        .unwrap()
        .proposal;
    let error = amend::apply(&amended.document, &sme).unwrap_err();
    assert_eq!(error.to_string().lines().next().unwrap(), "amendment 1 (replace_phrase, 19.15.1(a)): phrase `incident response; and` not found in 19.15.1(a)");
}

#[test]
fn cr2_hardens_every_endeavor_in_article_19_15() {
    let loaded = Proposal::load("proposals/cr2-shall.json").unwrap();
    let amended = amend::apply(&ch19(), &loaded.proposal).unwrap();
    let article = amended.document.article("19.15").unwrap();
    assert!(article.provisions().all(|p| !p.text.contains("endeavor")));
    assert!(text(&amended.document, "19.15.1").ends_with("Accordingly, each Party shall:"));
    assert!(text(&amended.document, "19.15.1(a)")
        .starts_with("build the capabilities of its national entities"));
    assert!(text(&amended.document, "19.15.2").contains("each Party shall employ"));
    assert!(text(&amended.document, "19.15.2")
        .ends_with("measures that prescribe specific cybersecurity requirements."));
}

#[test]
fn the_backdoor_ban_is_a_standalone_article_of_annex_12c() {
    let loaded = Proposal::load("proposals/encryption-backdoor-ban.json").unwrap();
    let amended = amend::apply(&annex(), &loaded.proposal).unwrap();
    let doc = &amended.document;
    assert_eq!(article_numbers(doc), ["12.C.1", "12.C.2", "12.C.2B"]);
    assert_eq!(text(doc, "12.C.2.2(c)"), text(&annex(), "12.C.2.2(c)"));
    assert!(text(doc, "12.C.2B.1").starts_with(
        "No Party shall require a manufacturer or supplier of an ICT product that uses encryption, or a supplier of a service that uses encryption,"
    ));
    assert!(text(doc, "12.C.2B.2").contains("whether or not the requirement is a condition of"));
    assert!(text(doc, "12.C.2B.4").contains(
        "as paragraph 4 of Article 12.C.2 (ICT Products that Use Cryptography) provides"
    ));
}

#[test]
fn an_empty_replacement_is_a_deletion_in_disguise() {
    let e = load_error(&proposal_json(
        "usmca-ch19",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "endeavor to", "with": ""}]"#,
    ));
    assert_eq!(
        e.to_string(),
        "test.json:8:93: amendment 1, `with`: `with` is empty\n  help: to remove a provision use delete_provision; to strike words use delete_phrase"
    );
}

#[test]
fn json_columns_count_characters() {
    // `’` takes three bytes; the column is counted in characters, as in the other errors.
    let e = load_error("{\"id\": \"Party’s\" \"x\"}");
    assert_eq!(e.to_string().split(": ").next().unwrap(), "test.json:1:18");
}

#[test]
fn a_file_that_is_not_utf8() {
    let e = Proposal::parse("latin1.json", b"{\n  \"id\": \"caf\xe9\"\n}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "latin1.json:2:13: the file is not valid UTF-8\n  help: save the file as UTF-8"
    );
}
