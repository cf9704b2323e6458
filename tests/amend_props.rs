//! Property: applying amendments never changes a provision no amendment touched, and the
//! amended text always parses back to the same document.

mod common;

use std::collections::HashSet;

use proptest::prelude::*;
use redline::amend::{self, ApplyErrorKind};
use redline::document::Document;
use redline::parse::parse;
use redline::proposal::{Amendment, Occurrence, Proposal, Source};

/// A replacement of a run of words of provision `index`, chosen by word positions.
#[derive(Debug, Clone)]
struct Pick {
    provision: usize,
    start: usize,
    len: usize,
    with: String,
}

fn pick() -> impl Strategy<Value = Pick> {
    (
        0usize..400,
        0usize..60,
        1usize..4,
        "[a-z]{1,10}( [a-z]{1,8})?",
    )
        .prop_map(|(provision, start, len, with)| Pick {
            provision,
            start,
            len,
            with,
        })
}

fn amendment(doc: &Document, pick: &Pick) -> Amendment {
    let provisions: Vec<_> = doc.provisions().collect();
    let p = provisions[pick.provision % provisions.len()];
    let words: Vec<&str> = p.text.split(' ').collect();
    let start = pick.start % words.len();
    let end = (start + pick.len).min(words.len());
    let phrase = words[start..end].join(" ");
    Amendment::ReplacePhrase {
        at: p.id.clone(),
        phrase,
        with: pick.with.clone(),
        occurrence: Occurrence::Nth(1),
    }
}

fn proposal(amendments: Vec<Amendment>) -> Proposal {
    Proposal {
        schema: None,
        tag: None,
        id: "prop".into(),
        title: "Property".into(),
        sponsor: "proptest".into(),
        source: Source {
            filing: "generated".into(),
            date: "2026".into(),
            docket: None,
            url: None,
        },
        rationale: "Untouched provisions stay as they were.".into(),
        base: "usmca-ch19".into(),
        amendments,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn untouched_provisions_never_change(picks in proptest::collection::vec(pick(), 1..4)) {
        let doc = redline::baseline::USMCA_CH19.document().unwrap();
        let amendments: Vec<Amendment> = picks.iter().map(|p| amendment(&doc, p)).collect();
        match amend::apply(&doc, &proposal(amendments)) {
            Ok(amended) => {
                let touched: HashSet<&str> = amended.edits.iter().map(|e| e.provision.as_str()).collect();
                for p in doc.provisions().filter(|p| !touched.contains(p.id.as_str())) {
                    let after = amended.document.provision(&p.id);
                    prop_assert_eq!(after, Some(p), "{} changed", p.id);
                }
                let rendered = amended.document.render();
                prop_assert_eq!(parse(&rendered).unwrap(), amended.document);
            }
            Err(e) => {
                // Refusals are the documented ones: overlapping picks, a replacement that would
                // rename a defined term or break a label, or a footnote marker cut in two.
                let expected = matches!(
                    *e.kind,
                    ApplyErrorKind::Overlap { .. }
                        | ApplyErrorKind::StructureChanged { .. }
                        | ApplyErrorKind::Unparsable { .. }
                        | ApplyErrorKind::PhraseNotFound { .. }
                );
                prop_assert!(expected, "unexpected refusal: {}", e);
            }
        }
    }
}
