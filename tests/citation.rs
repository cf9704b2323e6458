//! Every citation form people write resolves to the same provision.

use redline::baseline::{USMCA_ANNEX_12C, USMCA_CH19};
use redline::citation::{resolve, Target};
use redline::document::Document;

fn id_of(doc: &Document, citation: &str) -> String {
    resolve(doc, citation)
        .unwrap_or_else(|e| panic!("{citation}: {e}"))
        .id()
        .to_string()
}

#[test]
fn chapter_19_forms() {
    let doc = USMCA_CH19.document().unwrap();
    for form in [
        "19.15(1)(b)",
        "19.15.1(b)",
        "Art. 19.15(1)(b)",
        "Art 19.15(1)(b)",
        "Article 19.15, paragraph 1(b)",
        "Article 19.15.1(b)",
        "article 19.15 paragraph 1 (b)",
        "Article 19.15, paragraph 1, subparagraph (b)",
        "  19.15.1(B) ",
        "paragraph 1(b) of Article 19.15",
        "subparagraph (b) of paragraph 1 of Article 19.15",
        "subparagraph 1(b) of Article 19.15",
    ] {
        assert_eq!(id_of(&doc, form), "19.15.1(b)", "{form}");
    }
    assert_eq!(id_of(&doc, "Article 19.15"), "19.15");
    assert!(matches!(
        resolve(&doc, "Article 19.15").unwrap(),
        Target::Article(_)
    ));
    assert_eq!(id_of(&doc, "19.14.1(a)(ii)"), "19.14.1(a)(ii)");
    assert_eq!(id_of(&doc, "Art. 19.14(1)(a)(ii)"), "19.14.1(a)(ii)");
    assert_eq!(id_of(&doc, "19.10(b)"), "19.10(b)");
    assert_eq!(id_of(&doc, "Article 19.1"), "19.1");
}

#[test]
fn definitions_and_footnotes() {
    let doc = USMCA_CH19.document().unwrap();
    assert_eq!(id_of(&doc, "19.1/algorithm"), "19.1/algorithm");
    assert_eq!(
        id_of(&doc, "19.1/computing facility"),
        "19.1/computing-facility"
    );
    assert_eq!(
        id_of(&doc, "Article 19.1/Covered Person(b)"),
        "19.1/covered-person(b)"
    );
    assert_eq!(
        id_of(&doc, "19.1/covered-person/wrapup"),
        "19.1/covered-person/wrapup"
    );
    assert_eq!(id_of(&doc, "footnote 3"), "fn3");
    assert_eq!(id_of(&doc, "fn 3"), "fn3");
    assert_eq!(id_of(&doc, "[^3]"), "fn3");
}

#[test]
fn annex_forms() {
    let doc = USMCA_ANNEX_12C.document().unwrap();
    for form in [
        "Annex 12-C, Article 12.C.2, paragraph 3(a)",
        "Art. 12.C.2(3)(a)",
        "12.C.2(3)(a)",
        "12.C.2.3(a)",
        "Article 12.C.2.3(a)",
        "subparagraph 3(a) of Article 12.C.2",
        "paragraph 3(a) of Article 12.C.2 of Annex 12-C",
    ] {
        assert_eq!(id_of(&doc, form), "12.C.2.3(a)", "{form}");
    }
    assert_eq!(id_of(&doc, "Article 12.C.2.3"), "12.C.2.3");
    assert_eq!(id_of(&doc, "Article 12.C.2"), "12.C.2");
}

#[test]
fn unknown_citations_name_the_nearest_ids() {
    let doc = USMCA_CH19.document().unwrap();
    let err = resolve(&doc, "19.15.3").unwrap_err();
    assert_eq!(
        err.reason,
        "there is no provision 19.15.3 in CHAPTER 19: DIGITAL TRADE"
    );
    assert!(
        err.nearest.contains(&"19.15.1".to_string()),
        "{:?}",
        err.nearest
    );
    assert!(err.to_string().contains("help: the nearest valid ids are"));

    let err = resolve(&doc, "Article 19.15, paragraph 1(c)").unwrap_err();
    assert_eq!(err.nearest[..2], ["19.15.1(a)", "19.15.1(b)"]);

    let err = resolve(&doc, "Article 19.99").unwrap_err();
    assert_eq!(err.reason, "no article 19.99 in CHAPTER 19: DIGITAL TRADE");
    assert!(err.nearest.iter().all(|n| n.starts_with("19.")));

    let err = resolve(&doc, "19.15.1(b) and more").unwrap_err();
    assert_eq!(err.reason, "could not read `and more` after 19.15.1(b)");
}

/// Citations resolved by the positions of a document's articles, provisions and footnotes
/// (as a proposal is applied) name what a search of the document names, refusals included.
#[test]
fn positions_resolve_as_a_search_does() {
    use redline::citation::resolve_in;
    use redline::document::{Indexed, Positions};
    for doc in [
        USMCA_CH19.document().unwrap(),
        USMCA_ANNEX_12C.document().unwrap(),
    ] {
        let positions = Positions::new(&doc);
        let indexed = Indexed::new(&doc, &positions);
        let mut citations: Vec<String> = doc.provisions().map(|p| p.id.clone()).collect();
        citations.extend(
            doc.articles()
                .iter()
                .map(|a| format!("Article {}", a.heading.number)),
        );
        citations.extend(doc.footnotes().map(|n| format!("footnote {}", n.number)));
        citations.extend(
            [
                "19.99.1",
                "Article 12.C.9",
                "19.15.1(z)",
                "footnote 99",
                "12",
            ]
            .map(String::from),
        );
        citations.push("1.".repeat(10_000));
        for citation in &citations {
            let searched = resolve(&doc, citation).map(|t| t.id().to_string());
            let looked_up = resolve_in(&indexed, citation).map(|t| t.id().to_string());
            assert_eq!(
                looked_up,
                searched,
                "{}",
                &citation[..citation.len().min(40)]
            );
        }
    }
}
