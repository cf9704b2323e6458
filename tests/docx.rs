//! The Word redline: the same inputs give the same bytes; accepting every change gives the
//! amended text (`redline apply`) and rejecting every change the baseline, for the shipped
//! proposals, for moved and split provisions, and for random proposals; and the tracked
//! changes keep Word's structural rules.

mod common;
mod word;

use proptest::prelude::*;
use redline::attribution::attribute;
use redline::diff::{diff_documents, DiffOptions};
use redline::document::Document;
use redline::parse::parse;
use redline::proposal::Proposal;
use redline::render::{docx, ProposalInfo, RenderOptions, Report, Section, SourceInfo};
use word::{
    docx_of, layout_text, redline, reviewed_with_a_footnote, structural_errors, text, Choice, NEW,
    OLD,
};

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let proposals = reviewed_with_a_footnote(dir.path());
    let proposals: Vec<&str> = proposals.iter().map(String::as_str).collect();
    let first = docx_of("review", &proposals);
    let second = docx_of("review", &proposals);
    assert!(first == second, "two runs wrote different bytes");
    let names: Vec<String> = word::parts(&first).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[0], "[Content_Types].xml",
        "the content types come first"
    );
}

#[test]
fn accepting_gives_the_amended_text_and_rejecting_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let proposals = reviewed_with_a_footnote(dir.path());
    let proposals: Vec<&str> = proposals.iter().map(String::as_str).collect();
    let docx = docx_of("review", &proposals);
    assert_eq!(structural_errors(&docx), Vec::<String>::new());
    let applied = String::from_utf8(redline(&[&["apply"], &proposals[..]].concat())).unwrap();
    assert_eq!(
        text(&docx, Choice::AcceptAll),
        layout_text(&parse(&applied).unwrap())
    );
    assert_eq!(text(&docx, Choice::RejectAll), layout_text(&common::ch19()));
}

#[test]
fn changes_are_credited_to_each_sponsor_and_dated() {
    let dir = tempfile::tempdir().unwrap();
    let proposals = reviewed_with_a_footnote(dir.path());
    let proposals: Vec<&str> = proposals.iter().map(String::as_str).collect();
    let docx = docx_of("review", &proposals);
    let document = word::part(&docx, "word/document.xml");
    for (author, date) in [
        (
            "Coalition to Reduce Cyber Risk (CR2)",
            "2025-01-01T00:00:00Z",
        ),
        ("Cybersecurity Coalition", "2025-11-03T00:00:00Z"),
        ("Footnote Drafters", "2025-11-01T00:00:00Z"),
    ] {
        let attributes = format!("w:author=\"{author}\" w:date=\"{date}\"");
        assert!(document.contains(&attributes), "no change by {author}");
    }
    assert!(document.contains("<w:pStyle w:val=\"Heading2\"/>"));
    assert!(document.contains("<w:footnoteReference"));
    let footnotes = word::part(&docx, "word/footnotes.xml");
    assert!(
        footnotes.contains("Footnote Drafters"),
        "the added footnote's text is inserted"
    );
}

fn diff_docx(moves: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = word::write_moved_texts(dir.path());
    let args = [&[old.as_str(), new.as_str()], moves].concat();
    docx_of("diff", &args)
}

#[test]
fn a_moved_provision_is_a_move_unless_asked_otherwise() {
    let moved = diff_docx(&[]);
    let document = word::part(&moved, "word/document.xml");
    assert!(document.contains("<w:moveFromRangeStart"), "{document}");
    assert!(document.contains("<w:moveTo "), "{document}");
    let plain = diff_docx(&["--no-moves"]);
    let plain_document = word::part(&plain, "word/document.xml");
    assert!(!plain_document.contains("<w:move"), "{plain_document}");
    for docx in [&moved, &plain] {
        assert_eq!(structural_errors(docx), Vec::<String>::new());
        assert_eq!(
            text(docx, Choice::AcceptAll),
            layout_text(&parse(NEW).unwrap())
        );
        assert_eq!(
            text(docx, Choice::RejectAll),
            layout_text(&parse(OLD).unwrap())
        );
    }
}

#[test]
fn a_word_document_is_not_written_to_a_terminal_only() {
    // Standard output here is a pipe: the bytes go through, whole.
    let bytes = redline(&["show", "proposals/cr2-shall.json", "--format", "docx"]);
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(bytes, docx_of("show", &["proposals/cr2-shall.json"]));
}

#[test]
fn context_leaves_out_unchanged_provisions_on_request() {
    let full = text(
        &docx_of("show", &["proposals/cr2-shall.json"]),
        Choice::AcceptAll,
    );
    let some = text(
        &docx_of("show", &["proposals/cr2-shall.json", "--context", "0"]),
        Choice::AcceptAll,
    );
    assert!(some.paragraphs.len() < 10 && full.paragraphs.len() > 100);
    assert!(some.paragraphs.iter().any(|p| p.contains("not shown")));
}

/// Amendments drawn at random from Chapter 19's Article 19.15 and around it.
fn amendment(choice: usize, n: usize) -> String {
    let at = ["19.15.1", "19.15.1(a)", "19.15.1(b)", "19.15.2", "19.14.2"][n % 5];
    match choice {
        0 => format!(
            r#"{{"op": "replace_phrase", "at": "{at}", "phrase": "the", "with": "each", "occurrence": 1}}"#
        ),
        1 => format!(r#"{{"op": "delete_provision", "at": "{at}"}}"#),
        2 => format!(
            r#"{{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall act.{}"}}"#,
            ["", "[^8]"][n % 2]
        ),
        3 => format!(
            r#"{{"op": "add_footnote", "at": "{at}", "phrase": "Parties", "number": "8", "text": "A note."}}"#
        ),
        4 => format!(
            r#"{{"op": "replace_text", "at": "{at}", "text": "The Parties shall do better & <more>."}}"#
        ),
        _ => format!(r#"{{"op": "delete_phrase", "at": "{at}", "phrase": "shall"}}"#),
    }
}

fn proposals() -> impl Strategy<Value = Vec<Proposal>> {
    prop::collection::vec(prop::collection::vec((0usize..6, 0usize..10), 1..3), 1..4).prop_map(
        |proposals| {
            proposals
                .iter()
                .enumerate()
                .map(|(i, amendments)| {
                    let list: Vec<String> =
                        amendments.iter().map(|&(c, n)| amendment(c, n)).collect();
                    common::named(
                        &format!("p{i}"),
                        &format!("Sponsor {i}"),
                        &format!("[{}]", list.join(",")),
                    )
                })
                .collect()
        },
    )
}

/// The Word redline of `versions` (the baseline, then the text after each of `applied`).
fn render(versions: &[Document], applied: &[&Proposal], moves: bool) -> Vec<u8> {
    let (old, new) = (&versions[0], versions.last().unwrap());
    let mut redline = diff_documents(old, new, &DiffOptions::default());
    if !applied.is_empty() {
        let ids: Vec<String> = applied.iter().map(|p| p.id.clone()).collect();
        attribute(&mut redline, versions, &ids);
    }
    let report = Report {
        title: "Random".to_string(),
        proposals: applied
            .iter()
            .map(|p| ProposalInfo {
                id: p.id.clone(),
                sponsor: p.sponsor.clone(),
                source: SourceInfo {
                    date: p.source.date.clone(),
                    ..SourceInfo::default()
                },
                ..ProposalInfo::default()
            })
            .collect(),
        sections: vec![Section {
            baseline: "usmca-ch19".to_string(),
            title: "Random".to_string(),
            has_differences: redline.has_differences(),
            redline,
        }],
        ..Report::default()
    };
    let options = RenderOptions {
        context: None,
        moves,
        ..RenderOptions::default()
    };
    docx::render(&report, &options)
}

fn assert_round_trip(docx: &[u8], old: &Document, new: &Document) -> Result<(), TestCaseError> {
    prop_assert_eq!(structural_errors(docx), Vec::<String>::new());
    prop_assert_eq!(text(docx, Choice::AcceptAll), layout_text(new));
    prop_assert_eq!(text(docx, Choice::RejectAll), layout_text(old));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_proposals_round_trip(proposals in proposals()) {
        let mut versions = vec![common::ch19()];
        let mut applied = Vec::new();
        for p in &proposals {
            if let Ok(next) = redline::amend::apply(versions.last().unwrap(), p) {
                versions.push(next.document);
                applied.push(p);
            }
        }
        let docx = render(&versions, &applied, true);
        assert_round_trip(&docx, &versions[0], versions.last().unwrap())?;
    }

    #[test]
    fn random_moves_round_trip(swaps in prop::collection::vec((0usize..30, 0usize..30), 1..4), moves: bool) {
        // Provisions trade texts, keeping their labels: each reads as moved and renumbered.
        let old = common::ch19();
        let mut new = old.clone();
        let positions: Vec<usize> = new
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(
                &b.content,
                redline::document::BlockContent::Provision(p)
                    if matches!(p.kind, redline::document::ProvisionKind::Paragraph { .. })
            ))
            .map(|(i, _)| i)
            .collect();
        for (a, b) in swaps {
            let (a, b) = (positions[a % positions.len()], positions[b % positions.len()]);
            let text_of = |doc: &Document, i: usize| match &doc.blocks[i].content {
                redline::document::BlockContent::Provision(p) => p.text.clone(),
                _ => unreachable!(),
            };
            let (ta, tb) = (text_of(&new, a), text_of(&new, b));
            for (i, t) in [(a, tb), (b, ta)] {
                if let redline::document::BlockContent::Provision(p) = &mut new.blocks[i].content {
                    p.text = t;
                }
            }
        }
        let new = parse(&new.render()).unwrap();
        let docx = render(&[old.clone(), new.clone()], &[], moves);
        assert_round_trip(&docx, &old, &new)?;
    }
}
