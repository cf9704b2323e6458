//! Attribution keeps the redline's invariants whatever the proposals do: the equal and deleted
//! spans still spell the old text, the equal and inserted spans the new text, and every change
//! names a proposal that was applied.

mod common;

use common::{ch19, named_loaded};
use proptest::prelude::*;
use redline::diff::{unit_texts, SpanKind};
use redline::proposal::LoadedProposal;
use redline::session::{Choices, Filter, Policy, ReportOptions, Session};

const PROVISIONS: [&str; 4] = ["19.15.1", "19.15.1(a)", "19.15.1(b)", "19.15.2"];
const WORDS: [&str; 6] = [
    "shall",
    "promptly",
    "each Party",
    "cooperate",
    "the",
    "and share",
];

/// One amendment: replace the first occurrence of the word at `word` in a provision.
fn amendment(provision: usize, word: usize, with: usize) -> String {
    let doc = ch19();
    let id = PROVISIONS[provision];
    let words: Vec<&str> = doc
        .provision(id)
        .unwrap()
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .collect();
    let phrase = words[word % words.len()];
    format!(
        r#"{{"op": "replace_phrase", "at": "{id}", "phrase": "{phrase}", "with": "{}", "occurrence": 1}}"#,
        WORDS[with]
    )
}

fn proposals() -> impl Strategy<Value = Vec<LoadedProposal>> {
    prop::collection::vec(
        prop::collection::vec((0..PROVISIONS.len(), 0usize..40, 0..WORDS.len()), 1..3),
        1..4,
    )
    .prop_map(|proposals| {
        proposals
            .iter()
            .enumerate()
            .map(|(i, amendments)| {
                let list: Vec<String> = amendments
                    .iter()
                    .map(|&(p, w, r)| amendment(p, w, r))
                    .collect();
                named_loaded(
                    &format!("p{i}"),
                    &format!("Sponsor {i}"),
                    &format!("[{}]", list.join(",")),
                )
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn attributed_spans_spell_both_texts(proposals in proposals()) {
        let base = ch19();
        // Generated amendments of one proposal may collide with each other (the second names a
        // word the first replaced); such a proposal is refused on its own, and left out here.
        let proposals: Vec<LoadedProposal> = proposals
            .into_iter()
            .filter(|p| redline::amend::apply(&base, &p.proposal).is_ok())
            .collect();
        prop_assume!(!proposals.is_empty());
        let session = Session::new(proposals, None).unwrap();
        let settled = session.settle(&Choices::policy(Policy::FirstWins));
        prop_assert!(settled.is_ok(), "first-wins settles: {}", settled.err().unwrap());
        let settled = settled.unwrap();
        let report = settled.report(&ReportOptions::default(), &Filter::default()).unwrap();
        let text = &settled.texts[0];
        let (old, new) = (text.before(), text.amended());
        let applied: Vec<&str> = session.proposals().iter().map(|p| p.id()).collect();
        let old_texts: std::collections::HashMap<String, &str> = unit_texts(old).into_iter().collect();
        let new_texts: std::collections::HashMap<String, &str> = unit_texts(new).into_iter().collect();
        for p in &report.sections[0].redline.provisions {
            if let Some(id) = &p.old_id {
                prop_assert_eq!(p.side(SpanKind::Delete), old_texts[id]);
            }
            if let Some(id) = &p.new_id {
                prop_assert_eq!(p.side(SpanKind::Insert), new_texts[id]);
            }
            for s in p.spans.iter().filter(|s| s.kind != SpanKind::Equal) {
                let by = s.attribution.as_deref().unwrap_or_default();
                prop_assert!(
                    by.split('+').all(|id| applied.contains(&id)),
                    "{} attributed to `{}`", p.id(), by
                );
            }
        }
    }
}
