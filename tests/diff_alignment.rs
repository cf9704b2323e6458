//! How the redline engine aligns real, heavily rewritten treaty texts, on fixtures extracted
//! by `scripts/extract-fixtures.sh`: TPP Articles 14.1, 14.16 and 14.17 (from the reference
//! corpus, put in the baseline layout) against USMCA Articles 19.1, 19.15, 19.16 and 19.17.
//! Each test is a failure a drafter found comparing TPP Chapter 14 with USMCA Chapter 19.

use redline::diff::{diff_documents, DiffOptions, ProvisionRedline, Redline, SpanKind, Status};
use redline::parse::parse;

fn tpp_against_usmca() -> Redline {
    let old = parse(include_str!("fixtures/alignment/tpp-ch14.txt")).expect("TPP fixture parses");
    let new =
        parse(include_str!("fixtures/alignment/usmca-ch19.txt")).expect("USMCA fixture parses");
    diff_documents(&old, &new, &DiffOptions::default())
}

fn by_new_id<'r>(redline: &'r Redline, id: &str) -> &'r ProvisionRedline {
    redline
        .provisions
        .iter()
        .find(|p| p.new_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} in the redline"))
}

#[test]
fn articles_pair_by_content_when_number_and_heading_differ() {
    let redline = tpp_against_usmca();
    let cybersecurity = by_new_id(&redline, "Article 19.15");
    assert_eq!(cybersecurity.old_id.as_deref(), Some("Article 14.16"));
    assert_eq!(cybersecurity.status, Status::Changed);
    let (a, b) = (
        by_new_id(&redline, "19.15.1(a)"),
        by_new_id(&redline, "19.15.1(b)"),
    );
    assert_eq!(a.old_id.as_deref(), Some("14.16(a)"));
    assert_eq!(b.old_id.as_deref(), Some("14.16(b)"));
}

/// TPP 14.17.3 ("Nothing in this Article shall preclude:", Source Code) was paired with USMCA
/// 19.17.4 ("Nothing in this Article shall:", Interactive Computer Services) and its list shown
/// as fragments split from it.
#[test]
fn a_provision_is_not_paired_with_a_look_alike_in_another_article() {
    let redline = tpp_against_usmca();
    for p in &redline.provisions {
        let new_id = p.new_id.as_deref().unwrap_or_default();
        if new_id.starts_with("19.17") {
            assert_eq!(p.old_id, None, "{new_id} paired with {:?}", p.old_id);
        }
        assert!(!matches!(p.status, Status::Split), "{new_id} split");
    }
    let source_code = by_new_id(&redline, "Article 19.16");
    assert_eq!(source_code.old_id.as_deref(), Some("Article 14.17"));
}

/// The wrap-up of TPP's "covered person" was paired with USMCA's item (c), and TPP's (c) shown
/// deleted.
#[test]
fn a_definitions_parts_align_with_the_same_parts() {
    let redline = tpp_against_usmca();
    for part in ["(a)", "(b)", "(c)", "/wrapup"] {
        let p = by_new_id(&redline, &format!("19.1/covered-person{part}"));
        assert_eq!(
            p.old_id.as_deref(),
            Some(format!("14.1/covered-person{part}").as_str())
        );
    }
    assert!(!redline
        .provisions
        .iter()
        .any(|p| p.status == Status::Deleted
            && p.old_id.as_deref() == Some("14.1/covered-person(c)")));
}

#[test]
fn a_heading_is_paired_only_with_a_heading() {
    let is_heading = |id: &str| id.starts_with("Article ") || id.starts_with("heading ");
    let redline = tpp_against_usmca();
    for p in &redline.provisions {
        if let (Some(old), Some(new)) = (&p.old_id, &p.new_id) {
            assert_eq!(is_heading(old), is_heading(new), "{old} paired with {new}");
        }
    }
}

#[test]
fn the_fixtures_redline_spells_both_texts() {
    let old = parse(include_str!("fixtures/alignment/tpp-ch14.txt")).unwrap();
    let new = parse(include_str!("fixtures/alignment/usmca-ch19.txt")).unwrap();
    let redline = diff_documents(&old, &new, &DiffOptions::default());
    for (kind, doc) in [(SpanKind::Delete, &old), (SpanKind::Insert, &new)] {
        for (id, text) in redline::diff::unit_texts(doc) {
            let spelled: String = redline
                .provisions
                .iter()
                .filter(|p| match kind {
                    SpanKind::Delete => {
                        p.old_id.as_deref() == Some(&id) && p.status != Status::Split
                    }
                    _ => p.new_id.as_deref() == Some(&id),
                })
                .map(|p| p.side(kind))
                .collect();
            assert_eq!(spelled, text, "{id}");
        }
    }
}
