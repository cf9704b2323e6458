//! Properties of the parser on generated texts: whatever it accepts it renders back byte for
//! byte, and it never panics on arbitrary input; the lookups built for long texts find what
//! the document's own searches find.

use proptest::prelude::*;
use redline::bindingness::{analyze_document, group_by_article};
use redline::document::{Document, ProvisionIndex};
use redline::parse::parse;

/// A sentence of treaty-like words, possibly with odd spacing and punctuation.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "the",
            "Parties",
            "shall",
            "endeavor",
            "to",
            "each",
            "Party",
            "recognize",
            "measures",
            "digital",
            "trade,",
            "cybersecurity;",
            "and",
            "or",
            "“like”",
            "means",
            "(ICT)",
            "–",
        ]),
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

/// One article in the layout: paragraphs, some with a list and a continuation.
fn article(number: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            sentence(),
            prop::collection::vec(sentence(), 0..4),
            any::<bool>(),
        ),
        1..5,
    )
    .prop_map(move |paragraphs| {
        let mut out = format!("Article 1.{number}: Title {number}\n");
        for (n, (text, items, wrap)) in paragraphs.iter().enumerate() {
            out.push_str(&format!("\n{}. {text}\n", n + 1));
            for (i, item) in items.iter().enumerate() {
                out.push_str(&format!("\n({}) {item}\n", (b'a' + i as u8) as char));
            }
            if *wrap && !items.is_empty() {
                out.push_str(&format!("\nbut {text}\n"));
            }
        }
        out
    })
}

fn document() -> impl Strategy<Value = String> {
    (
        1usize..5,
        prop::sample::select(vec!["\n", "\n\n", "\n\n\n"]),
    )
        .prop_flat_map(|(n, gap)| {
            let articles: Vec<_> = (1..=n).map(article).collect();
            articles
                .prop_map(move |articles| format!("CHAPTER 1\nTEST\n{gap}{}", articles.join("\n")))
        })
}

proptest! {
    #[test]
    fn generated_texts_round_trip(text in document()) {
        let doc = parse(&text).unwrap();
        prop_assert_eq!(doc.render(), text);
        let ids: std::collections::HashSet<_> = doc.provisions().map(|p| &p.id).collect();
        prop_assert_eq!(ids.len(), doc.provisions().count());
    }

    /// A text saved with Windows line endings is the same document as its LF twin.
    #[test]
    fn crlf_texts_parse_as_their_lf_twins(text in document()) {
        prop_assert_eq!(parse(&text.replace('\n', "\r\n")).unwrap(), parse(&text).unwrap());
    }

    #[test]
    fn the_index_finds_the_provisions_and_chapeaux_the_searches_find(text in document()) {
        index_agrees_with_searches(&parse(&text).unwrap())?;
    }

    #[test]
    fn arbitrary_input_never_panics_and_what_parses_round_trips(text in "(?s)[A-Za-z0-9 .:()\\[\\]^\n\t]{0,400}") {
        if let Ok(doc) = parse(&text) {
            prop_assert_eq!(doc.render(), text);
        }
    }

    #[test]
    fn edits_to_real_text_never_panic(cut in 0usize..20_000, insert in "[a-z().:\\[\\]^0-9 \n]{0,12}") {
        let base = redline::baseline::USMCA_CH19.text;
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        if let Ok(doc) = parse(&text) {
            prop_assert_eq!(doc.render(), text);
        }
    }
}

/// [`ProvisionIndex`] and [`group_by_article`] against the linear searches they stand in for.
fn index_agrees_with_searches(doc: &Document) -> Result<(), TestCaseError> {
    let index = ProvisionIndex::new(doc);
    for p in doc.provisions() {
        prop_assert_eq!(index.get(&p.id), doc.provision(&p.id));
        prop_assert_eq!(index.chapeaux(p), doc.chapeaux(p));
    }
    let scores = analyze_document(doc);
    let groups = group_by_article(&scores);
    let mut articles: Vec<&str> = scores.iter().map(|s| s.article.as_str()).collect();
    articles.dedup();
    prop_assert_eq!(
        groups.iter().map(|g| g.article).collect::<Vec<_>>(),
        articles
    );
    for g in &groups {
        let naive: Vec<_> = scores.iter().filter(|s| s.article == g.article).collect();
        prop_assert_eq!(&g.scores, &naive);
    }
    Ok(())
}

#[test]
fn the_shipped_texts_saved_with_crlf_parse_as_themselves() {
    for base in redline::baseline::EMBEDDED {
        let crlf = base.text.replace('\n', "\r\n");
        assert_eq!(
            parse(&crlf).unwrap(),
            base.document().unwrap(),
            "{}",
            base.name
        );
    }
}

#[test]
fn the_index_agrees_on_the_shipped_texts() {
    for base in [
        redline::baseline::USMCA_CH19,
        redline::baseline::USMCA_ANNEX_12C,
    ] {
        index_agrees_with_searches(&base.document().unwrap()).unwrap();
    }
}
