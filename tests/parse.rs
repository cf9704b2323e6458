//! The parser on the two embedded baselines: lossless, unique ids, structure as printed.

use std::collections::HashSet;

use redline::baseline::{EMBEDDED, USMCA_ANNEX_12C, USMCA_CH19};
use redline::citation::{resolve, Target};
use redline::document::ProvisionKind;

#[test]
fn embedded_texts_are_the_official_copies() {
    for embedded in EMBEDDED {
        let path = format!("texts/{}.txt", embedded.name);
        let on_disk = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            embedded.text, on_disk,
            "{path} differs from the embedded text"
        );
        // CI and developers have ../shared beside the project; the copy must match it.
        let shared = format!("../shared/texts/{}.txt", embedded.name);
        if let Ok(official) = std::fs::read_to_string(&shared) {
            assert_eq!(
                on_disk, official,
                "{path} is not a byte-for-byte copy of {shared}"
            );
        }
    }
}

#[test]
fn parse_renders_back_byte_for_byte() {
    for embedded in EMBEDDED {
        let doc = embedded.document().unwrap();
        assert_eq!(doc.render(), embedded.text, "{} round trip", embedded.name);
    }
}

#[test]
fn every_id_and_eid_is_unique_and_resolves_to_its_provision() {
    for embedded in EMBEDDED {
        let doc = embedded.document().unwrap();
        let mut ids = HashSet::new();
        let mut eids = HashSet::new();
        for p in doc.provisions() {
            assert!(ids.insert(p.id.clone()), "duplicate id {}", p.id);
            assert!(eids.insert(p.eid.clone()), "duplicate eId {}", p.eid);
            assert!(
                p.eid
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
                "eId {} is not a clean HTML anchor",
                p.eid
            );
            match resolve(&doc, &p.id).unwrap() {
                Target::Provision(found) => assert_eq!(found, p),
                // An unnumbered paragraph has its article's number: the citation names the
                // article, which holds the provision.
                Target::Article(article) => {
                    assert_eq!(p.kind, ProvisionKind::Unnumbered);
                    assert!(article.provisions().any(|q| q == p));
                }
                Target::Footnote(f) => panic!("{} resolved to footnote {}", p.id, f.number),
            }
        }
        for f in doc.footnotes() {
            assert!(eids.insert(f.eid.clone()));
            assert!(matches!(resolve(&doc, &f.id).unwrap(), Target::Footnote(g) if g == f));
        }
    }
}

#[test]
fn chapter_19_structure() {
    let doc = USMCA_CH19.document().unwrap();
    assert_eq!(doc.title(), "CHAPTER 19: DIGITAL TRADE");
    let numbers: Vec<String> = doc
        .articles()
        .iter()
        .map(|a| a.heading.number.clone())
        .collect();
    assert_eq!(numbers.len(), 18);
    assert_eq!(numbers.first().unwrap(), "19.1");
    assert_eq!(numbers.last().unwrap(), "19.18");

    let a = doc.provision("19.15.1(a)").unwrap();
    assert_eq!(a.parent.as_deref(), Some("19.15.1"));
    assert_eq!(a.eid, "art_19.15__para_1__point_a");
    assert!(a.text.starts_with("build the capabilities"));
    let chapeau: Vec<&str> = doc.chapeaux(a).iter().map(|p| p.id.as_str()).collect();
    assert_eq!(chapeau, ["19.15.1"]);

    let iv = doc.provision("19.14.1(a)(iv)").unwrap();
    assert!(matches!(&iv.kind, ProvisionKind::SubSubparagraph { numeral } if numeral == "iv"));
    let chain: Vec<&str> = doc.chapeaux(iv).iter().map(|p| p.id.as_str()).collect();
    assert_eq!(chain, ["19.14.1", "19.14.1(a)"]);

    let wrap = doc.provision("19.1/covered-person/wrapup").unwrap();
    assert_eq!(wrap.kind, ProvisionKind::Continuation);
    assert!(wrap.text.starts_with("but does not include"));
    let algorithm = doc.provision("19.1/algorithm").unwrap();
    assert_eq!(algorithm.parent.as_deref(), Some("19.1"));

    let only = doc.provision("19.12").unwrap();
    assert_eq!(only.kind, ProvisionKind::Unnumbered);
    assert!(doc.provision("19.10(c)").is_some());

    let fn3 = doc.footnote("3").unwrap();
    assert_eq!(fn3.cited_in, ["19.8.2"]);
    assert_eq!(doc.footnotes().count(), 7);
}

#[test]
fn annex_12c_structure() {
    let doc = USMCA_ANNEX_12C.document().unwrap();
    assert_eq!(
        doc.title(),
        "ANNEX 12-C: INFORMATION AND COMMUNICATION TECHNOLOGY"
    );
    let ids: Vec<&str> = doc
        .provisions()
        .filter(|p| p.article == "12.C.2")
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "12.C.2.1",
            "12.C.2.2",
            "12.C.2.2(a)",
            "12.C.2.2(b)",
            "12.C.2.2(c)",
            "12.C.2.3",
            "12.C.2.3(a)",
            "12.C.2.3(b)",
            "12.C.2.4"
        ]
    );
    assert!(doc
        .provision("12.C.1/cryptographic-algorithm-or-cipher")
        .is_some());
    assert_eq!(doc.footnote("1").unwrap().cited_in, ["12.C.2.1"]);
}
