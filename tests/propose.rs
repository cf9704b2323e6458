//! From edited text to proposal: the excerpt layout round-trips, the proposal made from an edit
//! reproduces the edit byte for byte and passes `check`, on chosen and on random edits of both
//! baselines.

mod common;

use common::{annex, ch19};
use proptest::prelude::*;
use redline::amend;
use redline::citation::{self, Target};
use redline::document::{BlockContent, Document};
use redline::parse::parse;
use redline::proposal::{Amendment, Occurrence, Proposal, Source};
use redline::propose::{self, Excerpt};

/// A proposal file around amendments, as `redline propose` writes it, loaded back.
fn as_checked_proposal(base: &str, doc: &Document, amendments: Vec<Amendment>) -> Proposal {
    let proposal = Proposal {
        schema: None,
        tag: None,
        id: "proposed".into(),
        title: "Proposed".into(),
        sponsor: "Tester".into(),
        source: Source {
            filing: "Test".into(),
            date: "2025-11-03".into(),
            docket: None,
            url: None,
        },
        rationale: "Testing.".into(),
        base: base.into(),
        amendments,
    };
    let json = serde_json::to_string_pretty(&proposal).unwrap();
    let problems = common::schema_problems(&json);
    assert!(
        problems.is_empty(),
        "proposals/schema.json: {problems:#?}\n{json}"
    );
    let loaded = Proposal::parse("proposed.json", json.as_bytes())
        .unwrap_or_else(|e| panic!("the proposal should load: {e}\n{json}"));
    let problems = amend::check(doc, &loaded.proposal);
    assert!(problems.is_empty(), "check: {problems:?}\n{json}");
    loaded.proposal
}

/// Proposes from `edited` (an edit of what `citation` prints), applies, and returns the
/// amendments after checking the amended text prints `edited` again, byte for byte.
fn round_trip(base_name: &str, doc: &Document, citation: &str, edited: &str) -> Vec<Amendment> {
    let cited = citation::resolve(doc, citation).unwrap();
    let edited_doc = parse(edited).unwrap_or_else(|e| panic!("edited text parses: {e}\n{edited}"));
    let target = propose::target(doc, &edited_doc, Some(&cited)).unwrap();
    let amendments =
        propose::amendments(doc, &target).unwrap_or_else(|e| panic!("proposable: {e}\n{edited}"));
    if amendments.is_empty() {
        assert_eq!(target.render(), doc.render());
        return amendments;
    }
    let proposal = as_checked_proposal(base_name, doc, amendments.clone());
    let amended = amend::apply(doc, &proposal).unwrap().document;
    assert_eq!(amended.render(), target.render());
    let reprinted = match citation::resolve(&amended, citation).unwrap() {
        // New articles print beside the one edited.
        Target::Article(_) => {
            let numbers: Vec<&str> = edited_doc
                .articles()
                .iter()
                .map(|a| a.heading.number.as_str())
                .collect();
            Excerpt::articles(&amended, &numbers)
        }
        again => Excerpt::of(&amended, &again),
    };
    assert_eq!(reprinted.render(&amended), edited);
    amendments
}

fn printed(doc: &Document, citation: &str) -> String {
    Excerpt::of(doc, &citation::resolve(doc, citation).unwrap()).render(doc)
}

#[test]
fn every_excerpt_parses_back_to_itself() {
    for doc in [ch19(), annex()] {
        let mut citations: Vec<String> = doc.provisions().map(|p| p.id.clone()).collect();
        citations.extend(doc.articles().iter().map(|a| a.heading.number.clone()));
        citations.extend(doc.footnotes().map(|n| n.id.clone()));
        for c in citations {
            let text = printed(&doc, &c);
            let parsed = parse(&text).unwrap_or_else(|e| panic!("{c}: {e}\n{text}"));
            assert_eq!(parsed.render(), text, "{c}");
        }
    }
}

#[test]
fn an_article_prints_as_the_baseline_has_it() {
    let doc = ch19();
    let text = printed(&doc, "Article 19.15");
    let body = text.strip_prefix("CHAPTER 19\nDIGITAL TRADE\n\n").unwrap();
    assert!(redline::baseline::USMCA_CH19.text.contains(body));
    assert_eq!(
        Excerpt::whole(&doc).render(&doc),
        redline::baseline::USMCA_CH19.text
    );
}

#[test]
fn the_cybersecurity_edit_reads_as_a_lawyer_would_write_it() {
    let doc = ch19();
    let edited = printed(&doc, "19.15")
        .replace("the Parties shall endeavor to:", "each Party shall:")
        .replace("each Party shall endeavor to employ", "each Party shall employ")
        .replace(
            "use, risk-based approaches",
            "use, interoperable risk-based approaches",
        )
        + "\n3. Each Party shall designate a national contact point.[^8]\n\n[^8]: An existing agency may serve.\n";
    let amendments = round_trip("usmca-ch19", &doc, "19.15", &edited);
    let ops: Vec<&str> = amendments.iter().map(Amendment::op).collect();
    assert_eq!(
        ops,
        [
            "replace_phrase",
            "delete_phrase",
            "delete_phrase",
            "replace_phrase",
            "insert_provision",
            "add_footnote"
        ]
    );
    assert_eq!(
        amendments[0],
        Amendment::ReplacePhrase {
            at: "19.15.1".into(),
            phrase: "the Parties".into(),
            with: "each Party".into(),
            occurrence: Occurrence::Only
        }
    );
    assert_eq!(
        amendments[4],
        Amendment::InsertProvision {
            before: None,
            after: Some("19.15.2".into()),
            label: "3.".into(),
            text: "Each Party shall designate a national contact point.".into()
        }
    );
}

#[test]
fn a_repeated_word_gets_context_or_an_occurrence() {
    let doc = ch19();
    // "cybersecurity" occurs four times in 19.15.2; change the third.
    let text = printed(&doc, "19.15.2");
    let third = text.match_indices("cybersecurity").nth(2).unwrap().0;
    let mut edited = text.clone();
    edited.replace_range(third..third + "cybersecurity".len(), "cyber");
    let amendments = round_trip("usmca-ch19", &doc, "19.15.2", &edited);
    assert_eq!(amendments.len(), 1);
    let Amendment::ReplacePhrase { phrase, .. } = &amendments[0] else {
        panic!("a replacement: {amendments:?}")
    };
    assert!(phrase.contains("cybersecurity") && phrase.len() > "cybersecurity".len());
}

#[test]
fn deleting_a_subparagraph_and_editing_a_footnote() {
    let doc = ch19();
    let edited = printed(&doc, "Article 19.10").replace(
        "The Parties recognize that an Internet",
        "The Parties agree that an Internet",
    );
    let lines: Vec<&str> = edited
        .split("\n\n")
        .filter(|b| !b.starts_with("(b)"))
        .collect();
    let edited = lines.join("\n\n");
    let amendments = round_trip("usmca-ch19", &doc, "Article 19.10", &edited);
    assert!(amendments.contains(&Amendment::DeleteProvision {
        at: "19.10(b)".into()
    }));
    assert!(amendments.iter().any(|a| a.address() == "footnote 4"));
}

#[test]
fn a_new_article() {
    let doc = annex();
    let edited = printed(&doc, "Article 12.C.2")
        + "\nArticle 12.C.3: Post-Quantum Cryptography\n\n1. Each Party shall encourage the transition to post-quantum cryptography.\n\n2. The Parties shall cooperate on standards.\n";
    let amendments = round_trip("usmca-annex-12c", &doc, "Article 12.C.2", &edited);
    assert_eq!(amendments.len(), 1);
    assert_eq!(amendments[0].op(), "insert_article");
}

#[test]
fn part_of_an_article_without_at_is_refused() {
    let doc = ch19();
    let edited = parse(&printed(&doc, "19.15.1")).unwrap();
    let error = propose::target(&doc, &edited, None).unwrap_err();
    assert!(
        error.message.contains("only part of Article 19.15"),
        "{error}"
    );
    assert!(error.help.contains("--at 19.15.1"), "{error}");
}

#[test]
fn an_unchanged_excerpt_proposes_nothing() {
    let doc = ch19();
    let edited = parse(&printed(&doc, "19.15.1(b)")).unwrap();
    let cited = citation::resolve(&doc, "19.15.1(b)").unwrap();
    let target = propose::target(&doc, &edited, Some(&cited)).unwrap();
    assert!(propose::amendments(&doc, &target).unwrap().is_empty());
}

#[test]
fn a_renamed_article_is_refused_with_help() {
    let doc = ch19();
    let edited = printed(&doc, "19.15").replace("Cybersecurity\n", "Cyber Security\n");
    let cited = citation::resolve(&doc, "19.15").unwrap();
    let target = propose::target(&doc, &parse(&edited).unwrap(), Some(&cited)).unwrap();
    let error = propose::amendments(&doc, &target).unwrap_err();
    assert!(
        error.to_string().contains("title of Article 19.15"),
        "{error}"
    );
}

/// One random edit of a provision's words.
#[derive(Debug, Clone)]
enum WordEdit {
    Replace { word: usize, with: String },
    Delete { word: usize, len: usize },
    Insert { word: usize, words: String },
}

fn word_edit() -> impl Strategy<Value = WordEdit> {
    let words = prop::sample::select(vec![
        "interoperable",
        "promptly",
        "each Party",
        "shall",
        "risk-based",
        "“critical”",
        "Party’s",
        "and, where appropriate,",
        "the",
    ]);
    prop_oneof![
        (0usize..80, words.clone()).prop_map(|(word, w)| WordEdit::Replace {
            word,
            with: w.to_string()
        }),
        (0usize..80, 1usize..4).prop_map(|(word, len)| WordEdit::Delete { word, len }),
        (0usize..80, words).prop_map(|(word, w)| WordEdit::Insert {
            word,
            words: w.to_string()
        }),
    ]
}

/// Applies word edits to provision `index` of the excerpt text (block lines after the
/// article heading), leaving labels, defined terms and footnote markers alone.
fn edit_line(line: &str, edit: &WordEdit) -> Option<String> {
    let label_end = if line.starts_with('(') || line.starts_with(|c: char| c.is_ascii_digit()) {
        line.find(' ')? + 1
    } else if line.contains(" means") {
        // A defined term is the definition's id: renaming it is another test's business.
        line.find(" means")? + " means".len()
    } else {
        0
    };
    let (label, body) = line.split_at(label_end);
    let mut words: Vec<String> = body.split(' ').map(str::to_string).collect();
    let protected = |w: &str| w.contains("[^");
    match edit {
        WordEdit::Replace { word, with } => {
            let i = word % words.len();
            if protected(&words[i]) {
                return None;
            }
            words[i] = with.clone();
        }
        WordEdit::Delete { word, len } => {
            let i = word % words.len();
            let end = (i + len).min(words.len());
            if words.len() - (end - i) < 2 || words[i..end].iter().any(|w| protected(w)) {
                return None;
            }
            words.drain(i..end);
        }
        WordEdit::Insert { word, words: new } => {
            let i = word % (words.len() + 1);
            words.insert(i, new.clone());
        }
    }
    let body = words.join(" ");
    // A provision may not come to start with something that reads as a label.
    if label.is_empty() && (body.starts_with('(') || body.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    Some(format!("{label}{body}"))
}

/// Random edits of a random article: word edits on random provisions and footnotes, a
/// deleted provision, a new paragraph at the end.
fn edited_article(
    doc: &Document,
    pick: usize,
    edits: &[(usize, WordEdit)],
    delete: Option<usize>,
    add: bool,
) -> (String, String) {
    let articles = doc.articles();
    let number = articles[pick % articles.len()].heading.number.clone();
    let text = printed(doc, &format!("Article {number}"));
    let mut blocks: Vec<String> = text.trim_end().split("\n\n").map(str::to_string).collect();
    // blocks[0] is the heading, blocks[1] the article heading.
    let editable: Vec<usize> = (2..blocks.len()).collect();
    for (at, edit) in edits {
        let i = editable[at % editable.len()];
        let line = &blocks[i];
        let edited = if let Some(rest) = line.strip_prefix("[^") {
            let (marker, body) = rest.split_once("]: ").unwrap();
            edit_line(body, edit).map(|b| format!("[^{marker}]: {b}"))
        } else {
            edit_line(line, edit)
        };
        if let Some(edited) = edited.filter(|e| {
            parse(&format!("{}\n\n{}\n\n{e}\n", blocks[0], blocks[1])).is_ok()
                || e.starts_with("[^")
        }) {
            blocks[i] = edited;
        }
    }
    if let Some(d) = delete {
        let doc_provisions: Vec<&redline::document::Provision> =
            doc.article(&number).unwrap().provisions().collect();
        let victim = doc_provisions[d % doc_provisions.len()];
        // Only leaf provisions without footnotes, so nothing else is left dangling.
        if doc.subtree(&victim.id).len() == 1
            && victim.footnotes.is_empty()
            && doc_provisions.len() > 1
        {
            let rendered_prefix = victim.label();
            if let Some(i) = (2..blocks.len()).find(|&i| {
                let b = &blocks[i];
                !rendered_prefix.is_empty()
                    && b.starts_with(&format!("{rendered_prefix} "))
                    && doc
                        .provisions()
                        .filter(|p| p.article == number && p.label() == rendered_prefix)
                        .count()
                        == 1
            }) {
                blocks.remove(i);
            }
        }
    }
    if add {
        let paragraphs = doc
            .article(&number)
            .unwrap()
            .provisions()
            .filter_map(|p| match &p.kind {
                redline::document::ProvisionKind::Paragraph { number } => {
                    number.parse::<u32>().ok()
                }
                _ => None,
            })
            .max();
        if let Some(last) = paragraphs {
            let at = blocks.iter().rposition(|b| !b.starts_with("[^")).unwrap() + 1;
            blocks.insert(
                at,
                format!(
                    "{}. Each Party shall publish its measures promptly.",
                    last + 1
                ),
            );
        }
    }
    (format!("Article {number}"), blocks.join("\n\n") + "\n")
}

/// 128 cases in CI; `PROPTEST_CASES=3000 cargo test --release --test propose` for a long hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn a_proposal_from_any_edit_reproduces_the_edit(
        annex_base in any::<bool>(),
        pick in 0usize..64,
        edits in prop::collection::vec((0usize..64, word_edit()), 0..5),
        delete in prop::option::of(0usize..64),
        add in any::<bool>(),
    ) {
        let (name, doc) = if annex_base { ("usmca-annex-12c", annex()) } else { ("usmca-ch19", ch19()) };
        let (citation, edited) = edited_article(&doc, pick, &edits, delete, add);
        let parsed = parse(&edited);
        prop_assume!(parsed.is_ok());
        // Deleting `(i)` before `(ii)` makes `(ii)` read as a letter: the layout's own
        // ambiguity, not the proposal's. Keep edits whose provisions keep their ids.
        let parsed = parsed.unwrap();
        let new_paragraph = |id: &str| parsed.provision(id).is_some_and(|p| p.text.starts_with("Each Party shall publish"));
        prop_assume!(parsed.provisions().all(|p| doc.provision(&p.id).is_some() || new_paragraph(&p.id)));
        round_trip(name, &doc, &citation, &edited);
    }
}

#[test]
fn excerpt_of_a_footnote_holds_its_citing_provision() {
    let doc = ch19();
    let Target::Footnote(_) = citation::resolve(&doc, "footnote 4").unwrap() else {
        panic!("a footnote")
    };
    let text = printed(&doc, "footnote 4");
    let parsed = parse(&text).unwrap();
    assert!(parsed
        .blocks
        .iter()
        .any(|b| matches!(&b.content, BlockContent::Footnote(n) if n.number == "4")));
    assert!(parsed.provision("19.10(a)").is_some());
}

/// Two words inserted into Article 19.12, one in the middle, one after the last word: the first
/// amendment's context words run to the end of the text, so the second change had no words
/// of its own to name its place by and was left with an empty phrase (which matches nothing).
/// The two changes make one amendment instead.
#[test]
fn a_change_with_no_words_of_its_own_joins_the_one_before() {
    let doc = ch19();
    let insert = |word| WordEdit::Insert {
        word,
        words: "interoperable".into(),
    };
    let (citation, edited) =
        edited_article(&doc, 29, &[(0, insert(78)), (0, insert(27))], None, false);
    assert!(edited.ends_with("business in interoperable that territory. interoperable\n"));
    let amendments = round_trip("usmca-ch19", &doc, &citation, &edited);
    assert_eq!(
        amendments,
        [Amendment::ReplacePhrase {
            at: "19.12".into(),
            phrase: "that territory.".into(),
            with: "interoperable that territory. interoperable".into(),
            occurrence: Occurrence::Only
        }]
    );
}

/// An `add_footnote` puts the marker right after its phrase, so a new footnote's marker typed
/// after a space (or at the start of a text) cannot be proposed: the error says so and shows
/// the marker where it can go, rather than blaming white space the drafter did not type.
#[test]
fn a_new_footnote_marker_after_a_space_is_refused_with_the_fix() {
    let doc = ch19();
    let cited = citation::resolve(&doc, "19.15").unwrap();
    let propose_edit = |words: &str, marked: &str| {
        let edited = printed(&doc, "19.15").replace(words, marked)
            + "\n[^8]: An existing agency may serve.\n";
        let target = propose::target(&doc, &parse(&edited).unwrap(), Some(&cited)).unwrap();
        propose::amendments(&doc, &target)
    };
    let events = "cybersecurity events.";
    let error = propose_edit(events, "cybersecurity events. [^8]").unwrap_err();
    assert_eq!(
        error.message,
        "19.15.2: the marker [^8] of new footnote 8 follows a space (`events. [^8]`)"
    );
    assert!(error.help.contains("write `events.[^8]`"), "{error}");
    let error = propose_edit("2. Given", "2. [^8] Given").unwrap_err();
    assert_eq!(
        error.message,
        "19.15.2: the marker [^8] of new footnote 8 starts the text"
    );
    let fixed = propose_edit(events, "cybersecurity events.[^8]").unwrap();
    assert_eq!(fixed.last().map(Amendment::op), Some("add_footnote"));
}

/// White space an edit adds at either end of a text has no amendment (none writes a text with
/// white space at an end): it is refused naming the provision or footnote, the words beside it
/// and the fix, not as a failed replace_text.
#[test]
fn white_space_added_at_either_end_of_a_text_is_named_with_the_fix() {
    let doc = ch19();
    let refusal = |citation: &str, from: &str, to: &str| {
        let cited = citation::resolve(&doc, citation).unwrap();
        let edited = printed(&doc, citation).replace(from, to);
        let target = propose::target(&doc, &parse(&edited).unwrap(), Some(&cited)).unwrap();
        let error = propose::amendments(&doc, &target).unwrap_err();
        (error.message, error.help)
    };
    let (message, help) = refusal("19.15", "cybersecurity events.", "cybersecurity ");
    assert_eq!(
        message,
        "19.15.2: the edited text ends with white space, after `cybersecurity`"
    );
    assert_eq!(
        help,
        "no amendment writes a text that ends with white space: delete the spaces or tabs after `cybersecurity` at the end of the line"
    );
    let (message, help) = refusal("19.15", "2. Given", "2.  Given");
    assert_eq!(
        message,
        "19.15.2: the edited text starts with white space, before `Given`"
    );
    assert_eq!(
        help,
        "the layout puts exactly one space after a label (`(a) `, `[^1]: `): delete the extra spaces or tabs before `Given`"
    );
    let note = doc.footnotes().next().unwrap();
    let line = format!("[^{}]: {}", note.number, note.text);
    let (message, _) = refusal(
        &format!("footnote {}", note.number),
        &line,
        &format!("{line}\t"),
    );
    let last = note.text.split_whitespace().next_back().unwrap();
    assert_eq!(
        message,
        format!(
            "footnote {}: the edited text ends with white space, after `{last}`",
            note.number
        )
    );
}

/// White space the base text has at the end of a provision stays where it is: editing other
/// words of that provision is no reason to refuse.
#[test]
fn white_space_the_base_has_at_an_end_is_no_refusal() {
    let text = ch19()
        .render()
        .replace("cybersecurity events.\n", "cybersecurity events. \n");
    let doc = parse(&text).unwrap();
    let edited = printed(&doc, "19.15").replace("Given the evolving", "Given the changing");
    round_trip("usmca-ch19", &doc, "19.15", &edited);
}

/// An edit of the last word before white space the base text has at its end would need an
/// amendment that writes that white space again, which none may: it is refused naming the
/// provision and the word, with the fix, not as a failed replace_text.
#[test]
fn an_edit_next_to_white_space_the_base_has_at_an_end_is_named_with_the_fix() {
    let text = ch19()
        .render()
        .replace("cybersecurity events.\n", "cybersecurity events. \n");
    let doc = parse(&text).unwrap();
    let cited = citation::resolve(&doc, "19.15").unwrap();
    let edited = printed(&doc, "19.15").replace("events. \n", "events. More words. \n");
    let target = propose::target(&doc, &parse(&edited).unwrap(), Some(&cited)).unwrap();
    let error = propose::amendments(&doc, &target).unwrap_err();
    assert_eq!(
        error.message,
        "19.15.2: the base text ends with white space after `events.`, and the edit changes the words there"
    );
    assert_eq!(
        error.help,
        "no amendment writes a text that ends with white space: keep `events.` last, or delete the white space after it in the base text (the layout has none) and edit again"
    );
}
