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

/// Article numbers a proposal may insert into Chapter 19, in the order they must end up in:
/// lettered ones between the articles they follow and the next.
const NEW_ARTICLES: [&str; 8] = [
    "19.2A", "19.15A", "19.15B", "19.15C", "19.15J", "19.17A", "19.19", "19.20",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// However many new articles are inserted, in whatever order, by number alone, every
    /// article stands in number order, lettered articles right after the one they follow.
    #[test]
    fn inserted_articles_stand_in_number_order(
        order in Just((0..NEW_ARTICLES.len()).collect::<Vec<_>>()).prop_shuffle(),
        count in 1..=NEW_ARTICLES.len(),
    ) {
        let chosen: Vec<&str> = order[..count].iter().map(|&i| NEW_ARTICLES[i]).collect();
        let amendments = chosen
            .iter()
            .map(|&number| Amendment::InsertArticle {
                after: None,
                number: number.into(),
                title: "New".into(),
                provisions: vec![redline::proposal::NewProvision {
                    label: "1.".into(),
                    text: "Each Party shall act.".into(),
                }],
            })
            .collect();
        let doc = redline::baseline::USMCA_CH19.document().unwrap();
        let amended = amend::apply(&doc, &proposal(amendments)).unwrap().document;
        let numbers: Vec<String> = amended.articles().iter().map(|a| a.heading.number.clone()).collect();
        let mut expected: Vec<String> = doc.articles().iter().map(|a| a.heading.number.clone()).collect();
        for number in NEW_ARTICLES.iter().filter(|n| chosen.contains(n)) {
            let follows = number.trim_end_matches(|c: char| c.is_ascii_uppercase());
            // After the article it follows and any lettered article already placed after it;
            // an unlettered new number goes at the end.
            let lettered_after = |n: &String| {
                n.strip_prefix(follows)
                    .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_uppercase()))
            };
            let at = expected
                .iter()
                .rposition(lettered_after)
                .map_or(expected.len(), |i| i + 1);
            expected.insert(at, number.to_string());
        }
        prop_assert_eq!(numbers, expected);
    }
}

/// One amendment of any kind, its target and words chosen by index.
#[derive(Debug, Clone)]
enum Op {
    Replace(Pick),
    ReplaceText(usize, usize),
    Insert(usize, bool, usize, usize),
    Delete(usize),
    Footnote(usize, usize),
    Article(usize, usize),
}

/// Labels and texts an amendment might give, the awkward ones included.
const LABELS: [&str; 6] = ["3.", "(c)", "(iii)", "", "9.", "(z)"];
const TEXTS: [&str; 8] = [
    "Each Party shall cooperate.",
    "a new item;",
    "cloud service means a service;",
    "with a marker[^1] of another footnote",
    "two lines\n\n(b) in one",
    "Article 19.99: A heading in a provision",
    "  indented",
    "",
];
const FOOTNOTES: [&str; 3] = ["1", "40", "41"];
const ARTICLES: [&str; 4] = ["19.15A", "19.19", "12.C.3", "19.1.5"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        pick().prop_map(Op::Replace),
        (0usize..400, 0..TEXTS.len()).prop_map(|(p, t)| Op::ReplaceText(p, t)),
        (0usize..400, any::<bool>(), 0..LABELS.len(), 0..TEXTS.len())
            .prop_map(|(p, after, l, t)| Op::Insert(p, after, l, t)),
        (0usize..400).prop_map(Op::Delete),
        (0usize..400, 0..FOOTNOTES.len()).prop_map(|(p, n)| Op::Footnote(p, n)),
        (0..ARTICLES.len(), 0..TEXTS.len()).prop_map(|(n, t)| Op::Article(n, t)),
    ]
}

fn any_amendment(doc: &Document, op: &Op) -> Amendment {
    let provisions: Vec<_> = doc.provisions().collect();
    let at = |i: usize| provisions[i % provisions.len()].id.clone();
    match op {
        Op::Replace(pick) => amendment(doc, pick),
        Op::ReplaceText(p, t) => Amendment::ReplaceText {
            at: at(*p),
            text: TEXTS[*t].into(),
        },
        Op::Insert(p, after, l, t) => Amendment::InsertProvision {
            before: (!after).then(|| at(*p)),
            after: after.then(|| at(*p)),
            label: LABELS[*l].into(),
            text: TEXTS[*t].into(),
        },
        Op::Delete(p) => Amendment::DeleteProvision { at: at(*p) },
        Op::Footnote(p, n) => {
            let id = at(*p);
            let first_word = provisions[p % provisions.len()]
                .text
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string();
            Amendment::AddFootnote {
                at: id,
                phrase: first_word,
                occurrence: Occurrence::Nth(1),
                number: FOOTNOTES[*n].into(),
                text: "A new note.".into(),
            }
        }
        Op::Article(n, t) => Amendment::InsertArticle {
            after: None,
            number: ARTICLES[*n].into(),
            title: "New".into(),
            provisions: vec![redline::proposal::NewProvision {
                label: "1.".into(),
                text: TEXTS[*t].into(),
            }],
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the amendments (insertions, deletions, footnotes, new articles, odd texts),
    /// the amended document is exactly what parsing its text gives: the text is parsed again
    /// only where it changed, and that must be indistinguishable from parsing it whole.
    #[test]
    fn the_amended_document_is_its_text_parsed(
        annex in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..5),
    ) {
        let base = if annex { redline::baseline::USMCA_ANNEX_12C } else { redline::baseline::USMCA_CH19 };
        let doc = base.document().unwrap();
        let amendments: Vec<Amendment> = ops.iter().map(|op| any_amendment(&doc, op)).collect();
        if let Ok(amended) = amend::apply(&doc, &proposal(amendments)) {
            prop_assert_eq!(parse(&amended.document.render()).unwrap(), amended.document);
        }
    }
}
