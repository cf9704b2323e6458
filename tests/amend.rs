//! Every amendment operation applied exactly, and every refusal with its exact message.

mod common;

use common::*;
use redline::amend::{self, ApplyErrorKind, Change};
use redline::parse::parse;

#[test]
fn replace_phrase_in_one_provision() {
    let amended = apply19(
        r#"[{"op": "replace_phrase", "at": "Art. 19.15(1)", "phrase": "shall endeavor to", "with": "shall"}]"#,
    )
    .unwrap();
    assert_eq!(
        text(&amended.document, "19.15.1"),
        "The Parties recognize that threats to cybersecurity undermine confidence in digital trade. Accordingly, the Parties shall:"
    );
    assert!(text(&amended.document, "19.15.2").contains("each Party shall endeavor to employ"));
    let edit = &amended.edits[0];
    assert_eq!(
        (edit.amendment, edit.op, edit.provision.as_str()),
        (0, "replace_phrase", "19.15.1")
    );
    assert_eq!(
        edit.change,
        Change::Text {
            range: 116..133,
            old: "shall endeavor to".into(),
            new: "shall".into()
        }
    );
}

#[test]
fn replace_phrase_in_a_whole_article() {
    let amended = apply19(
        r#"[{"op": "replace_phrase", "at": "Article 19.15", "phrase": "shall endeavor to", "with": "shall", "occurrence": "all"}]"#,
    )
    .unwrap();
    let touched: Vec<&str> = amended.edits.iter().map(|e| e.provision.as_str()).collect();
    assert_eq!(touched, ["19.15.1", "19.15.2"]);
    assert!(text(&amended.document, "19.15.2").contains("each Party shall employ, and"));
}

#[test]
fn replace_the_nth_occurrence() {
    let amended = apply19(
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "Parties", "with": "States", "occurrence": 2}]"#,
    )
    .unwrap();
    let p = text(&amended.document, "19.15.1");
    assert!(p.starts_with("The Parties recognize"));
    assert!(p.ends_with("the States shall endeavor to:"));
}

#[test]
fn phrases_match_whole_words_only() {
    // `Party` occurs inside no other word of 19.15.2 but `Parties` contains `Parti`.
    let e = error19(r#"[{"op": "delete_phrase", "at": "19.15.2", "phrase": "Parti"}]"#);
    assert!(e.contains("phrase `Parti` not found in 19.15.2"), "{e}");
}

#[test]
fn delete_phrase_leaves_single_spaces() {
    let amended =
        apply19(r#"[{"op": "delete_phrase", "at": "19.15.2", "phrase": "endeavor to"}]"#).unwrap();
    assert!(text(&amended.document, "19.15.2").contains("each Party shall employ, and"));
    assert_eq!(
        amended.edits[0].change,
        Change::Text {
            range: 210..222,
            old: " endeavor to".into(),
            new: String::new()
        }
    );
}

#[test]
fn replace_a_provision_s_whole_text() {
    let amended = apply19(
        r#"[{"op": "replace_text", "at": "19.15.1(a)", "text": "build the capabilities of their respective national cybersecurity incident response teams; and"}]"#,
    )
    .unwrap();
    assert_eq!(
        text(&amended.document, "19.15.1(a)"),
        "build the capabilities of their respective national cybersecurity incident response teams; and"
    );
}

#[test]
fn insert_a_paragraph_a_list_item_and_a_definition() {
    let amended = apply19(
        r#"[
        {"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall act."},
        {"op": "insert_provision", "after": "19.15.1(b)", "label": "(c)", "text": "cooperate."},
        {"op": "insert_provision", "before": "19.1/computing facility", "label": "", "text": "cloud computing service means a service;"}
    ]"#,
    )
    .unwrap();
    let doc = &amended.document;
    let ids: Vec<&str> = doc
        .article("19.15")
        .unwrap()
        .provisions()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "19.15.1",
            "19.15.1(a)",
            "19.15.1(b)",
            "19.15.1(c)",
            "19.15.2",
            "19.15.3"
        ]
    );
    assert_eq!(
        doc.provision("19.15.1(c)").unwrap().parent.as_deref(),
        Some("19.15.1")
    );
    let defs: Vec<&str> = doc
        .article("19.1")
        .unwrap()
        .provisions()
        .map(|p| p.id.as_str())
        .take(3)
        .collect();
    assert_eq!(
        defs,
        ["19.1", "19.1/algorithm", "19.1/cloud-computing-service"]
    );
    assert_eq!(
        amended.edits[1].change,
        Change::InsertProvision {
            text: "(c) cooperate.".into()
        }
    );
}

#[test]
fn insert_after_a_paragraph_goes_after_its_list() {
    let amended = apply19(
        r#"[{"op": "insert_provision", "after": "19.2.3", "label": "3bis.", "text": "Paragraph 3 does not apply to Article 19.26."}]"#,
    )
    .unwrap();
    let ids: Vec<&str> = amended
        .document
        .article("19.2")
        .unwrap()
        .provisions()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(&ids[3..6], ["19.2.3(a)", "19.2.3(b)", "19.2.3bis"]);
}

#[test]
fn delete_a_provision_with_its_subtree_and_orphaned_footnote() {
    let amended = apply19(
        r#"[{"op": "delete_provision", "at": "19.17.4"}, {"op": "delete_provision", "at": "19.16.2"}]"#,
    )
    .unwrap();
    let doc = &amended.document;
    assert!(doc.provision("19.17.4(c)(ii)").is_none());
    assert!(doc.provision("19.17.5").is_some(), "no renumbering");
    assert!(
        doc.footnote("6").is_none(),
        "footnote 6 was cited only in 19.16.2"
    );
    let kinds: Vec<(&str, &str)> = amended
        .edits
        .iter()
        .map(|e| {
            (
                e.provision.as_str(),
                match e.change {
                    Change::DeleteProvision { .. } => "provision",
                    Change::DeleteFootnote { .. } => "footnote",
                    _ => "other",
                },
            )
        })
        .collect();
    assert_eq!(kinds.len(), 8);
    assert_eq!(kinds[7], ("fn6", "footnote"));
}

#[test]
fn delete_the_last_provision_keeps_the_file_ending() {
    let amended = apply19(r#"[{"op": "delete_provision", "at": "19.18.3"}]"#).unwrap();
    let rendered = amended.document.render();
    assert!(
        rendered.ends_with("redistributed.\n"),
        "{:?}",
        &rendered[rendered.len() - 20..]
    );
    assert_eq!(parse(&rendered).unwrap(), parse(&rendered).unwrap());
}

#[test]
fn insert_an_article_after_another_or_by_number() {
    let amended = apply19(
        r#"[
        {"op": "insert_article", "number": "19.20", "title": "Second", "provisions": [{"label": "1.", "text": "The Parties shall act."}]},
        {"op": "insert_article", "number": "19.19", "title": "First", "provisions": [{"label": "1.", "text": "Each Party shall:"}, {"label": "(a)", "text": "act."}]},
        {"op": "insert_article", "after": "Article 19.15", "number": "19.15.A", "title": "Placed", "provisions": [{"label": "", "text": "No Party shall act."}]}
    ]"#,
    )
    .unwrap();
    let numbers = article_numbers(&amended.document);
    assert_eq!(
        &numbers[14..],
        ["19.15", "19.15.A", "19.16", "19.17", "19.18", "19.19", "19.20"]
    );
    assert_eq!(
        amended.document.provision("19.19.1(a)").unwrap().text,
        "act."
    );
    assert_eq!(
        amended.document.provision("19.15.A").unwrap().text,
        "No Party shall act."
    );
}

#[test]
fn add_a_footnote_to_an_existing_and_a_new_provision() {
    let amended = apply19(
        r#"[
        {"op": "add_footnote", "at": "19.15.2", "phrase": "consensus-based standards", "number": "8", "text": "Such as ISO/IEC 27001."},
        {"op": "insert_article", "number": "19.19", "title": "New", "provisions": [{"label": "1.", "text": "The Parties shall use NIST algorithms."}]},
        {"op": "add_footnote", "at": "19.19.1", "phrase": "NIST algorithms", "number": "9", "text": "FIPS 203."}
    ]"#,
    )
    .unwrap();
    let doc = &amended.document;
    assert!(text(doc, "19.15.2").contains("consensus-based standards[^8] and"));
    assert_eq!(doc.footnote("8").unwrap().cited_in, ["19.15.2"]);
    assert_eq!(doc.footnote("9").unwrap().cited_in, ["19.19.1"]);
    let last = doc
        .article("19.15")
        .unwrap()
        .blocks
        .last()
        .unwrap()
        .content
        .render();
    assert_eq!(last, "[^8]: Such as ISO/IEC 27001.");
}

#[test]
fn edit_ranges_are_in_the_text_before_the_proposal() {
    let amended = apply19(
        r#"[
        {"op": "replace_phrase", "at": "19.15.2", "phrase": "Given the evolving nature of", "with": "In view of"},
        {"op": "delete_phrase", "at": "19.15.2", "phrase": "endeavor to"}
    ]"#,
    )
    .unwrap();
    let base = text(&ch19(), "19.15.2");
    for edit in &amended.edits {
        let Change::Text { range, old, .. } = &edit.change else {
            panic!("text edits")
        };
        assert_eq!(&base[range.clone()], old);
    }
}

#[test]
fn proposals_apply_in_order() {
    let first = load("usmca-ch19", r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "shall"}]"#).proposal;
    let second = load("usmca-ch19", r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "the Parties shall:", "with": "each Party shall:"}]"#).proposal;
    let amended = common::apply_in_order(&ch19(), &[first, second]).unwrap();
    assert!(text(&amended.document, "19.15.1").ends_with("Accordingly, each Party shall:"));
    assert_eq!(amended.edits.len(), 2);
}

// Refusals, each with its exact message and the place of the offending field.

#[test]
fn unknown_citation_names_the_nearest_ids() {
    assert_eq!(
        error19(r#"[{"op": "replace_phrase", "at": "19.15.3", "phrase": "x", "with": "y"}]"#),
        "test.json:8:49: amendment 1 (replace_phrase, 19.15.3): unknown citation `19.15.3`: there is no provision 19.15.3 in CHAPTER 19: DIGITAL TRADE\n  help: the nearest valid ids are 19.15.1, 19.15.2, 19.13.3"
    );
}

#[test]
fn an_article_where_a_provision_is_needed() {
    assert_eq!(
        error19(r#"[{"op": "replace_text", "at": "Article 19.15", "text": "x"}]"#),
        "test.json:8:47: amendment 1 (replace_text, Article 19.15): `Article 19.15` names Article 19.15, not a provision\n  help: cite a provision, e.g. `19.15.1` or `19.15.1(a)`"
    );
}

#[test]
fn phrase_not_found_shows_the_text_and_the_closest_words() {
    assert_eq!(
        error19(r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavour to", "with": "shall"}]"#),
        "test.json:8:70: amendment 1 (replace_phrase, 19.15.1): phrase `shall endeavour to` not found in 19.15.1\n  text: The Parties recognize that threats to cybersecurity undermine confidence in digital trade. Accordingly, the Parties shall endeavor to:\n  help: the closest words are `shall endeavor to` in 19.15.1; a phrase matches whole words exactly, case and punctuation included"
    );
}

#[test]
fn ambiguous_phrase_lists_every_match() {
    assert_eq!(
        error19(r#"[{"op": "replace_phrase", "at": "Article 19.15", "phrase": "shall endeavor to", "with": "shall"}]"#),
        "test.json:8:76: amendment 1 (replace_phrase, Article 19.15): phrase `shall endeavor to` occurs 2 times in Article 19.15:\n  1. 19.15.1: …digital trade. Accordingly, the Parties [shall endeavor to]:\n  2. 19.15.2: … those threats. Accordingly, each Party [shall endeavor to] employ, and encourage enterprises withi…\n  help: add \"occurrence\": 1 to 2 to pick one, \"occurrence\": \"all\" to change every one, or quote more words so the phrase occurs once"
    );
}

#[test]
fn occurrence_beyond_the_matches() {
    assert_eq!(
        error19(r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "Parties", "with": "States", "occurrence": 3}]"#),
        "test.json:8:70: amendment 1 (replace_phrase, 19.15.1): occurrence 3 of `Parties` asked for, but it occurs 2 times in 19.15.1\n  help: occurrences count from 1 in document order; use 1 to 2"
    );
}

#[test]
fn two_amendments_touching_the_same_words() {
    assert_eq!(
        error19(r#"[{"op": "replace_phrase", "at": "19.15.2", "phrase": "endeavor to employ", "with": "employ"}, {"op": "delete_phrase", "at": "19.15.2", "phrase": "shall employ"}]"#),
        "test.json:8:162: amendment 2 (delete_phrase, 19.15.2): touches words of 19.15.2 that amendment 1 already changed (`employ`)\n  help: two amendments of one proposal may not touch the same words: merge them into amendment 1"
    );
}

#[test]
fn editing_a_deleted_or_inserted_provision() {
    assert_eq!(
        error19(r#"[{"op": "delete_provision", "at": "19.15.1(b)"}, {"op": "replace_phrase", "at": "19.15.1(b)", "phrase": "strengthen", "with": "build"}]"#),
        "test.json:8:97: amendment 2 (replace_phrase, 19.15.1(b)): 19.15.1(b) was deleted by amendment 1\n  help: two amendments of one proposal may not touch the same words: drop this amendment, or the deletion"
    );
    assert_eq!(
        error19(r#"[{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall act."}, {"op": "replace_text", "at": "19.15.3", "text": "x"}]"#),
        "test.json:8:143: amendment 2 (replace_text, 19.15.3): 19.15.3 was inserted by amendment 1\n  help: two amendments of one proposal may not touch the same words: write the final wording in amendment 1"
    );
}

#[test]
fn label_clash_out_of_sequence_and_mismatch() {
    assert_eq!(
        error19(r#"[{"op": "insert_provision", "after": "19.15.1(b)", "label": "(a)", "text": "x."}]"#),
        "test.json:8:77: amendment 1 (insert_provision, 19.15.1(a)): label `(a)` is taken: 19.15.1(a) already exists\n  help: provisions are not renumbered; the labels in use here are (a), (b): choose a free one"
    );
    assert_eq!(
        error19(r#"[{"op": "insert_provision", "after": "19.15.1", "label": "3.", "text": "x."}]"#),
        "test.json:8:74: amendment 1 (insert_provision, 19.15.3): label `3.` would stand out of sequence, between `1.` and `2.`\n  help: provisions are not renumbered: choose a label that follows the one before it, or insert the provision elsewhere"
    );
    assert_eq!(
        error19(r#"[{"op": "insert_provision", "after": "19.15.1(a)", "label": "3.", "text": "x."}]"#),
        "test.json:8:77: amendment 1 (insert_provision, 19.15.1(a)): label `3.` does not fit beside 19.15.1(a), a subparagraph\n  help: beside a list item, insert a list item: a label such as `(c)` or `(v)`"
    );
}

#[test]
fn article_and_footnote_clashes() {
    assert_eq!(
        error19(r#"[{"op": "insert_article", "number": "19.15", "title": "X", "provisions": [{"label": "1.", "text": "x."}]}]"#),
        "test.json:8:53: amendment 1 (insert_article, 19.15): Article 19.15 already exists\n  help: articles are not renumbered: give the new article a free number"
    );
    assert_eq!(
        error19(r#"[{"op": "add_footnote", "at": "19.15.2", "phrase": "risk-based approaches", "occurrence": 1, "number": "6", "text": "x."}]"#),
        "test.json:8:120: amendment 1 (add_footnote, fn6): footnote 6 already exists (cited in 19.16.2)\n  help: footnotes are not renumbered: give the new footnote a free number"
    );
    assert_eq!(
        error19(r#"[{"op": "add_footnote", "at": "19.15.2", "phrase": "risk-based approaches", "occurrence": "all", "number": "8", "text": "x."}]"#),
        "test.json:8:107: amendment 1 (add_footnote, 19.15.2): a footnote marker goes in one place, not after every occurrence\n  help: give \"occurrence\" as a number, or leave it out if the phrase occurs once"
    );
}

#[test]
fn changes_to_provisions_not_named_are_refused() {
    assert_eq!(
        error19(r#"[{"op": "replace_text", "at": "19.1/algorithm", "text": "algorithms means a defined sequence of steps;"}]"#),
        "test.json:8:25: amendment 1 (replace_text, 19.1/algorithm): the amendment would change provisions it does not name: 19.1/algorithm would become 19.1/algorithms\n  help: a definition's id is its term: keep the term's words, or delete the definition and insert the renamed one"
    );
}

#[test]
fn a_text_that_would_not_parse() {
    assert_eq!(
        error19(r#"[{"op": "replace_text", "at": "19.15.2", "text": "The Parties shall act.[^99]"}]"#),
        "test.json:8:25: amendment 1 (replace_text, 19.15.2): the amended text would not parse at `2. The Parties shall act.[^99]`: footnote [^99] is cited but never defined\n  help: add a block `[^99]: text` at the end of the article, or remove the marker"
    );
}

#[test]
fn a_failed_amendment_leaves_nothing_half_done() {
    let loaded = load(
        "usmca-ch19",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "shall"}, {"op": "delete_provision", "at": "19.99.1"}]"#,
    );
    let error = amend::apply(&ch19(), &loaded.proposal).unwrap_err();
    assert_eq!(error.amendment, 1);
    assert!(matches!(*error.kind, ApplyErrorKind::Citation(_)));
}

#[test]
fn check_reports_every_refused_amendment() {
    let loaded = load(
        "usmca-ch19",
        r#"[
        {"op": "replace_phrase", "at": "19.15.1", "phrase": "nowhere", "with": "x"},
        {"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "shall"},
        {"op": "delete_provision", "at": "19.99"}
    ]"#,
    );
    let errors = amend::check(&ch19(), &loaded.proposal);
    let indexes: Vec<usize> = errors.iter().map(|e| e.amendment).collect();
    assert_eq!(indexes, [0, 2]);
}

#[test]
fn open_a_list_under_a_paragraph_that_has_none() {
    let amended = apply19(
        r#"[
        {"op": "replace_phrase", "at": "19.15.2", "phrase": "cybersecurity events.", "with": "cybersecurity events, including by:"},
        {"op": "insert_provision", "after": "19.15.2", "label": "(a)", "text": "basing those approaches on international standards; and"},
        {"op": "insert_provision", "after": "19.15.2(a)", "label": "(b)", "text": "mapping them to those of the other Parties."}
    ]"#,
    )
    .unwrap();
    let p = amended.document.provision("19.15.2(b)").unwrap();
    assert_eq!(p.parent.as_deref(), Some("19.15.2"));
    assert_eq!(amended.document.chapeaux(p)[0].id, "19.15.2");
}

#[test]
fn a_definition_must_read_term_means() {
    assert_eq!(
        error19(r#"[{"op": "insert_provision", "after": "19.1/algorithm", "label": "", "text": "cloud computing service is a service;"}]"#),
        "test.json:8:93: amendment 1 (insert_provision, 19.1/algorithm): `cloud computing service is a service;` is not a definition\n  help: a provision without a label beside a definition must read `term means ...`"
    );
}

#[test]
fn apply_refuses_an_amendment_that_breaks_the_format_s_rules() {
    // Built in code rather than loaded, so nothing checked it before apply.
    let mut proposal = load(
        "usmca-ch19",
        r#"[{"op": "delete_provision", "at": "19.15.2"}]"#,
    )
    .proposal;
    proposal.amendments = vec![redline::proposal::Amendment::InsertProvision {
        before: None,
        after: None,
        label: "3.".into(),
        text: "Each Party shall act.".into(),
    }];
    let error = amend::apply(&ch19(), &proposal).unwrap_err();
    assert_eq!(
        error.to_string(),
        "amendment 1 (insert_provision, 3.): insert_provision needs exactly one of `before` and `after`\n  help: say where the provision goes: `\"after\": \"19.15.1(b)\"` or `\"before\": \"19.15.2\"`"
    );
}
