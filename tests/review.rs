//! Several proposals on one baseline: conflicts found before anything is applied, every change
//! attributed to its proposal, order dependence, and the shipped proposals reviewed together.

mod common;

use common::{ch19, named, named_loaded};
use redline::attribution::attribute;
use redline::diff::{diff_documents, DiffOptions, Redline, SpanKind};
use redline::document::Document;
use redline::proposal::{LoadedProposal, Proposal};
use redline::review::{find_conflicts, ConflictKind, Policy};
use redline::session::{Choices, Filter, ReportOptions, Session};

const HARDEN: &str = r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "shall endeavor to", "with": "shall"}]"#;

/// The text after each proposal in turn, baseline first.
fn versions(proposals: &[&Proposal]) -> Vec<Document> {
    let mut out = vec![ch19()];
    for p in proposals {
        let next = redline::amend::apply(out.last().unwrap(), p)
            .unwrap()
            .document;
        out.push(next);
    }
    out
}

fn attributed(proposals: &[&Proposal]) -> Redline {
    let versions = versions(proposals);
    let mut redline = diff_documents(
        &versions[0],
        versions.last().unwrap(),
        &DiffOptions::default(),
    );
    let ids: Vec<String> = proposals.iter().map(|p| p.id.clone()).collect();
    attribute(&mut redline, &versions, &ids);
    redline
}

/// Every change of a provision as (kind, trimmed text, attribution).
fn changes(redline: &Redline, id: &str) -> Vec<(SpanKind, String, String)> {
    let p = redline.provisions.iter().find(|p| p.id() == id).unwrap();
    p.spans
        .iter()
        .filter(|s| s.kind != SpanKind::Equal)
        .map(|s| {
            (
                s.kind,
                s.text.trim().to_string(),
                s.attribution.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn kinds(proposals: &[&Proposal]) -> Vec<(ConflictKind, String)> {
    find_conflicts(&ch19(), proposals)
        .unwrap()
        .into_iter()
        .map(|c| (c.kind, c.provision))
        .collect()
}

#[test]
fn adjacent_edits_to_one_provision_both_apply_each_attributed() {
    let a = named("harden", "Alpha", HARDEN);
    let b = named(
        "subject",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "Accordingly, the Parties", "with": "Accordingly, each Party"}]"#,
    );
    assert!(
        kinds(&[&a, &b]).is_empty(),
        "different words do not conflict"
    );
    let redline = attributed(&[&a, &b]);
    let changes = changes(&redline, "19.15.1");
    assert!(
        changes.contains(&(SpanKind::Delete, "endeavor to".into(), "harden".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(SpanKind::Delete, "the Parties".into(), "subject".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(SpanKind::Insert, "each Party".into(), "subject".into())),
        "{changes:?}"
    );
}

#[test]
fn an_edit_inside_another_proposal_s_insertion_is_attributed_by_word() {
    // B rewrites part of what A inserted: the words A inserted and B kept stay A's.
    let a = named(
        "add",
        "Alpha",
        r#"[{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall publish its cybersecurity strategy."}]"#,
    );
    let b = named(
        "amend",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.3", "phrase": "publish", "with": "publish and regularly update"}]"#,
    );
    let versions = versions(&[&a, &b]);
    let mut redline = diff_documents(&versions[0], &versions[2], &DiffOptions::default());
    attribute(&mut redline, &versions, &["add".into(), "amend".into()]);
    let p = redline
        .provisions
        .iter()
        .find(|p| p.id() == "19.15.3")
        .unwrap();
    let by: Vec<(String, String)> = p
        .spans
        .iter()
        .map(|s| (s.text.clone(), s.attribution.clone().unwrap_or_default()))
        .collect();
    assert!(
        by.iter()
            .any(|(t, a)| t.contains("Each Party shall publish") && a == "add"),
        "{by:?}"
    );
    assert!(
        by.iter()
            .any(|(t, a)| t.contains("and regularly update") && a == "amend"),
        "{by:?}"
    );
    // The attributed spans still spell the new text exactly.
    assert_eq!(
        p.side(SpanKind::Insert),
        versions[2].provision("19.15.3").unwrap().text
    );
}

#[test]
fn overlapping_words_conflict() {
    let a = named("harden", "Alpha", HARDEN);
    let b = named(
        "seek",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "endeavor to", "with": "seek to"}]"#,
    );
    let conflicts = find_conflicts(&ch19(), &[&a, &b]).unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(
        (c.kind, c.provision.as_str()),
        (ConflictKind::OverlappingWords, "19.15.1")
    );
    assert_eq!(
        c.first.intent,
        r#"replaces "shall endeavor to" with "shall""#
    );
    assert_eq!(c.second.intent, r#"replaces "endeavor to" with "seek to""#);
    assert_eq!(
        c.to_string(),
        "harden and seek conflict at 19.15.1: both edit the same words\n  harden (amendment 1, Alpha): replaces \"shall endeavor to\" with \"shall\"\n  seek (amendment 1, Beta): replaces \"endeavor to\" with \"seek to\""
    );
}

#[test]
fn a_rewrite_conflicts_with_an_amendment_of_the_same_provision() {
    let a = named(
        "rewrite",
        "Alpha",
        r#"[{"op": "replace_text", "at": "19.15.1(a)", "text": "establish national computer security incident response teams; and"}]"#,
    );
    let b = named(
        "tweak",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.1(a)", "phrase": "build", "with": "strengthen"}]"#,
    );
    assert_eq!(
        kinds(&[&a, &b]),
        [(ConflictKind::Rewrite, "19.15.1(a)".to_string())]
    );
}

#[test]
fn a_deletion_conflicts_with_amendments_below_and_beside_it() {
    let delete = named(
        "delete",
        "Alpha",
        r#"[{"op": "delete_provision", "at": "19.15.1"}]"#,
    );
    let edit_child = named(
        "child",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.1(b)", "phrase": "swiftly", "with": "promptly"}]"#,
    );
    let beside = named(
        "beside",
        "Gamma",
        r#"[{"op": "insert_provision", "after": "19.15.1(b)", "label": "(c)", "text": "share threat information."}]"#,
    );
    let found = kinds(&[&delete, &edit_child, &beside]);
    assert!(
        found.contains(&(ConflictKind::Deletion, "19.15.1(b)".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(ConflictKind::Deletion, "19.15.1(c)".to_string())),
        "{found:?}"
    );
    assert!(found.iter().all(|(k, _)| *k == ConflictKind::Deletion));
}

#[test]
fn the_same_new_id_and_the_same_insertion_point_conflict() {
    let one = named(
        "one",
        "Alpha",
        r#"[{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall act."},
            {"op": "add_footnote", "at": "19.15.2", "phrase": "cybersecurity events", "number": "8", "text": "A note."}]"#,
    );
    let two = named(
        "two",
        "Beta",
        r#"[{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "The Parties shall cooperate."},
            {"op": "add_footnote", "at": "19.15.2", "phrase": "cybersecurity events", "number": "9", "text": "Another note."}]"#,
    );
    let found = kinds(&[&one, &two]);
    assert!(
        found.contains(&(ConflictKind::SameNewId, "19.15.3".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(ConflictKind::OverlappingWords, "19.15.2".to_string())),
        "{found:?}"
    );
}

/// The texts a session settles `proposals` into under `policy`, and what it left out as
/// (proposal, amendment counted from 1).
fn settle(proposals: &[LoadedProposal], policy: Policy) -> (Document, Vec<(String, usize)>) {
    let session = Session::new(proposals.to_vec(), None).unwrap();
    let settled = session.settle(&Choices::policy(policy)).unwrap();
    let left_out = settled
        .settlement
        .left_out
        .iter()
        .map(|l| (l.amendment.proposal.clone(), l.amendment.index + 1))
        .collect();
    (settled.texts[0].amended().clone(), left_out)
}

#[test]
fn policies_settle_conflicts_by_amendment() {
    let a = named_loaded("harden", "Alpha", HARDEN);
    let b = named_loaded(
        "seek",
        "Beta",
        r#"[{"op": "replace_phrase", "at": "19.15.1", "phrase": "endeavor to", "with": "seek to"},
            {"op": "replace_phrase", "at": "19.15.2", "phrase": "consensus-based", "with": "international"}]"#,
    );
    let both = [a, b];

    let (after, left_out) = settle(&both, Policy::FirstWins);
    assert_eq!(left_out, [("seek".to_string(), 1)]);
    assert!(after
        .provision("19.15.1")
        .unwrap()
        .text
        .ends_with("the Parties shall:"));
    assert!(
        after
            .provision("19.15.2")
            .unwrap()
            .text
            .contains("international standards"),
        "the independent amendment still applies"
    );

    let (after, left_out) = settle(&both, Policy::Skip);
    assert_eq!(
        left_out,
        [("harden".to_string(), 1), ("seek".to_string(), 1)]
    );
    assert!(after
        .provision("19.15.1")
        .unwrap()
        .text
        .ends_with("shall endeavor to:"));
    assert!(after
        .provision("19.15.2")
        .unwrap()
        .text
        .contains("international standards"));

    let session = Session::new(both.to_vec(), None).unwrap();
    let refused = session.settle(&Choices::policy(Policy::Fail)).unwrap_err();
    assert!(refused.to_string().contains("1 conflict between proposals"));
    let refused = session.settle(&Choices::policy(Policy::Merge)).unwrap_err();
    assert!(
        refused.to_string().contains("cannot be merged"),
        "two rewrites of the same words are not merged: {refused}"
    );
}

#[test]
fn order_decides_whether_all_reaches_words_another_proposal_inserted() {
    // cr2-shall replaces every "shall endeavor to" in Article 19.15. A paragraph 3 that
    // another proposal inserts is hardened too when cr2-shall comes after it, not before.
    let cr2 = Proposal::load("proposals/cr2-shall.json").unwrap().proposal;
    let add = named(
        "add",
        "Beta",
        r#"[{"op": "insert_provision", "after": "19.15.2", "label": "3.", "text": "Each Party shall endeavor to share threat information."}]"#,
    );
    assert!(find_conflicts(&ch19(), &[&cr2, &add]).unwrap().is_empty());
    let cr2_first = versions(&[&cr2, &add]).pop().unwrap();
    let cr2_last = versions(&[&add, &cr2]).pop().unwrap();
    assert_eq!(
        cr2_first.provision("19.15.3").unwrap().text,
        "Each Party shall endeavor to share threat information."
    );
    assert_eq!(
        cr2_last.provision("19.15.3").unwrap().text,
        "Each Party shall share threat information."
    );
    // In both orders 19.15.1 and 19.15.2 read the same.
    for id in ["19.15.1", "19.15.2"] {
        assert_eq!(cr2_first.provision(id), cr2_last.provision(id));
    }
}

fn shipped_ch19() -> Vec<LoadedProposal> {
    common::shipped_files()
        .iter()
        .map(|p| Proposal::load(p).unwrap())
        .filter(|p| p.proposal.base == "usmca-ch19")
        .collect()
}

#[test]
fn the_shipped_proposals_reviewed_together() {
    // The shipped set and a fixture drafting the SME ask where the workforce ask is
    // (19.15.1(c)): whatever conflicts there are, first-wins leaves out exactly their later
    // sides.
    let mut proposals = shipped_ch19();
    proposals.push(Proposal::load("tests/fixtures/sme-as-subparagraph.json").unwrap());
    let refs: Vec<&Proposal> = proposals.iter().map(|l| &l.proposal).collect();
    let conflicts = find_conflicts(&ch19(), &refs).unwrap();
    let session = Session::new(proposals.clone(), None).unwrap();
    let settled = session.settle(&Choices::policy(Policy::FirstWins)).unwrap();
    // First-wins leaves out exactly the later side of each conflict, nothing else.
    let mut expected: Vec<(String, usize)> = conflicts
        .iter()
        .map(|c| (c.second.proposal.clone(), c.second.amendment - 1))
        .collect();
    expected.sort();
    expected.dedup();
    let mut left_out: Vec<(String, usize)> = settled
        .settlement
        .left_out
        .iter()
        .map(|l| (l.amendment.proposal.clone(), l.amendment.index))
        .collect();
    left_out.sort();
    assert_eq!(left_out, expected);
    let report = settled
        .report(&ReportOptions::default(), &Filter::default())
        .unwrap();
    let redline = &report.sections[0].redline;
    let ids: Vec<&str> = refs.iter().map(|p| p.id.as_str()).collect();
    let mut seen = std::collections::BTreeSet::new();
    for p in &redline.provisions {
        for s in p.spans.iter().filter(|s| s.kind != SpanKind::Equal) {
            let by = s
                .attribution
                .as_deref()
                .unwrap_or_else(|| panic!("{} unattributed", p.id()));
            for id in by.split('+') {
                assert!(ids.contains(&id), "{} attributed to {by}", p.id());
                seen.insert(id);
            }
        }
    }
    // Every proposal with an amendment left standing shows in the redline.
    let wholly_left_out = refs
        .iter()
        .filter(|p| (0..p.amendments.len()).all(|i| left_out.contains(&(p.id.clone(), i))))
        .count();
    assert_eq!(seen.len(), proposals.len() - wholly_left_out);
}
