//! Amending instructions out and in: every shipped proposal and random ones, in every style,
//! read back into amendments that apply to exactly the text the proposal applies to; a
//! person's own wording read too; errors at line:column naming the words.

mod common;

use common::{annex, ch19};
use proptest::prelude::*;
use redline::amend;
use redline::baseline::Baseline;
use redline::document::Document;
use redline::instructions::{self, Style};
use redline::proposal::{Proposal, ProposalError};

const STYLES: [Style; 3] = [Style::Protocol, Style::Us, Style::Uk];

/// Writes `proposal` as instructions in every style, reads them back, and checks both apply
/// to the same text.
fn round_trips(doc: &Document, proposal: &Proposal) {
    let expected = amend::apply(doc, proposal).unwrap().document.render();
    for style in STYLES {
        let text = instructions::render(doc, proposal, style);
        let loaded = Proposal::parse("instructions.txt", text.as_bytes())
            .unwrap_or_else(|e| panic!("{style:?} reads back: {e}\n{text}"));
        let read = &loaded.proposal;
        assert_eq!(read.id, proposal.id);
        assert_eq!(read.base, proposal.base);
        let applied = amend::apply(doc, read)
            .unwrap_or_else(|e| panic!("{style:?} applies: {e}\n{text}"))
            .document
            .render();
        assert!(
            applied == expected,
            "{style:?} applies differently:\n{text}"
        );
    }
}

#[test]
fn every_shipped_proposal_round_trips_in_every_style() {
    let mut seen = 0;
    for entry in std::fs::read_dir("proposals").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || path.ends_with("schema.json") {
            continue;
        }
        let loaded = Proposal::load(&path).unwrap();
        let doc = Baseline::load(&loaded.proposal.base)
            .unwrap()
            .document()
            .unwrap();
        round_trips(&doc, &loaded.proposal);
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn the_protocol_style_reads_as_the_protocol_does() {
    let loaded = Proposal::load("proposals/cr2-shall.json").unwrap();
    let text = instructions::render(&ch19(), &loaded.proposal, Style::Protocol);
    assert!(text.contains("In Chapter 19 (Digital Trade):\n\n1. In Article 19.15 (Cybersecurity):\n   (a) strike \"shall endeavor to\" each place it appears and insert \"shall\""), "{text}");
    let uk = instructions::render(&ch19(), &loaded.proposal, Style::Uk);
    assert!(
        uk.contains("leave out \"shall endeavor to\" in each place it occurs and insert \"shall\""),
        "{uk}"
    );
    let us = instructions::render(&ch19(), &loaded.proposal, Style::Us);
    assert!(
        us.contains("Article 19.15 (Cybersecurity) is amended—\n   (a) by striking"),
        "{us}"
    );
}

#[test]
fn a_person_s_own_instructions_are_read() {
    let text = "Proposal: cyber-person\nSponsor: A negotiator\nBase: usmca-ch19\n\n\
In Article 19.15 (Cybersecurity):\n\
(a) in paragraph 1, strike “endeavor to”;\n\
(b) in paragraph 2, strike \"risk-based approaches\" the second time it appears and insert \"interoperable risk-based approaches\";\n\
(c) after paragraph 2, insert \"3. Each Party shall designate a national contact point.\";\n\
(d) in paragraph 3, after \"point.\" insert footnote 8: \"An existing agency may serve.\"\n\n\
In Article 19.10 (Principles on Access to and Use of the Internet for Digital Trade):\n\
(a) in footnote 4, strike \"recognize\" and insert \"agree\";\n\
(b) strike subparagraph (b).\n\n\
After Article 19.18, insert the following new article:\n\
  \"Article 19.19: Cybersecurity Workforce\"\n\
  \"1. The Parties shall cooperate on workforce development.\"\n";
    let loaded = Proposal::parse("person.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let doc = amend::apply(&ch19(), &loaded.proposal).unwrap().document;
    let p = |id: &str| doc.provision(id).unwrap().text.clone();
    assert!(p("19.15.1").ends_with("the Parties shall:"));
    assert!(p("19.15.2").contains("use, interoperable risk-based approaches that rely"));
    assert_eq!(
        p("19.15.3"),
        "Each Party shall designate a national contact point.[^8]"
    );
    assert!(doc
        .footnote("4")
        .unwrap()
        .text
        .starts_with("The Parties agree"));
    assert!(doc.provision("19.10(b)").is_none());
    assert_eq!(
        doc.article("19.19").unwrap().heading.title,
        "Cybersecurity Workforce"
    );
    assert_eq!(loaded.proposal.sponsor, "A negotiator");
}

#[test]
fn words_that_cannot_be_read_are_named_at_their_line_and_column() {
    let text = "In Article 19.15 (Cybersecurity):\n(a) in paragraph 1, strik \"endeavor to\";\n";
    let Err(ProposalError::Instructions(e)) = Proposal::parse("bad.txt", text.as_bytes()) else {
        panic!("refused")
    };
    let message = e.to_string();
    assert!(
        message.starts_with("bad.txt:2:21: cannot read these words: `strik \"endeavor to\"`"),
        "{message}"
    );
    assert!(
        message.contains("strike \\\"WORDS\\\"") || message.contains("strike \"WORDS\""),
        "{message}"
    );
    let outside = "in paragraph 1, strike \"endeavor to\"\n";
    let Err(ProposalError::Instructions(e)) = Proposal::parse("bad.txt", outside.as_bytes()) else {
        panic!("refused")
    };
    assert!(
        e.to_string()
            .contains("bad.txt:1:1: an instruction outside any article"),
        "{e}"
    );
}

#[test]
fn an_instruction_that_does_not_apply_is_located_in_the_file() {
    let text = "In Article 19.15 (Cybersecurity):\n(a) in paragraph 1, strike \"endeavour to\";\n";
    let loaded = Proposal::parse("typo.txt", text.as_bytes()).unwrap();
    let error = amend::apply(&ch19(), &loaded.proposal).unwrap_err();
    let located = error.located(&loaded);
    assert!(
        located.starts_with("typo.txt:2:1: amendment 1"),
        "{located}"
    );
    assert!(located.contains("not found in 19.15.1"), "{located}");
}

/// Random proposals: random edits of both baselines turned into amendments (see
/// tests/propose.rs), then written and read back in every style.
fn random_proposal(
    annex_base: bool,
    article: usize,
    words: &[(usize, usize, String)],
) -> Option<(Document, Proposal)> {
    let doc = if annex_base { annex() } else { ch19() };
    let articles = doc.articles();
    let number = articles[article % articles.len()].heading.number.clone();
    let mut target = doc.clone();
    for (provision, word, with) in words {
        let ids: Vec<String> = target
            .article(&number)
            .unwrap()
            .provisions()
            .map(|p| p.id.clone())
            .collect();
        let id = &ids[provision % ids.len()];
        for block in &mut target.blocks {
            if let redline::document::BlockContent::Provision(p) = &mut block.content {
                if &p.id == id {
                    let mut w: Vec<String> = p.text.split(' ').map(str::to_string).collect();
                    let i = 2 + word % w.len().saturating_sub(2).max(1);
                    if i < w.len() && !w[i].contains("[^") {
                        w[i] = with.clone();
                    }
                    p.text = w.join(" ");
                }
            }
        }
    }
    // An edit that breaks the layout (a definition without `means`) is no proposal.
    let target = redline::parse::parse(&target.render()).ok()?;
    let amendments = redline::propose::amendments(&doc, &target).unwrap_or_default();
    let proposal = Proposal {
        schema: None,
        tag: None,
        id: "random".into(),
        title: "Random".into(),
        sponsor: "Tester".into(),
        source: redline::proposal::Source {
            filing: "Test".into(),
            date: "2025".into(),
            docket: None,
            url: None,
        },
        rationale: "Testing.".into(),
        base: if annex_base {
            "usmca-annex-12c"
        } else {
            "usmca-ch19"
        }
        .into(),
        amendments,
    };
    Some((doc, proposal))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_proposals_round_trip_in_every_style(
        annex_base in any::<bool>(),
        article in 0usize..32,
        words in prop::collection::vec((0usize..16, 0usize..40, prop::sample::select(vec!["shall".to_string(), "each Party".into(), "“critical”".into(), "\"quoted\"".into(), "non-discriminatory,".into()])), 1..4),
    ) {
        let made = random_proposal(annex_base, article, &words);
        prop_assume!(made.as_ref().is_some_and(|(_, p)| !p.amendments.is_empty()));
        let (doc, proposal) = made.unwrap();
        round_trips(&doc, &proposal);
    }
}
