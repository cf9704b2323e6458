//! The bindingness analyzer, cue class by cue class, and over the baselines.

use redline::baseline::{USMCA_ANNEX_12C, USMCA_CH19};
use redline::bindingness::{
    aggregate, analyze_document, analyze_item, analyze_text, by_article, compare, Bindingness,
    Category, ChangeStatus, CueKind,
};
use redline::parse::parse;

fn score(text: &str) -> (Category, Option<u8>) {
    let b = analyze_text(text);
    (b.category, b.strength)
}

fn has_cue(b: &Bindingness, kind: CueKind, phrase: &str) -> bool {
    b.cues.iter().any(|c| c.kind == kind && c.phrase == phrase)
}

fn provision(doc_name: &str, id: &str) -> Bindingness {
    let embedded = if doc_name == "ch19" {
        USMCA_CH19
    } else {
        USMCA_ANNEX_12C
    };
    analyze_document(&embedded.document().unwrap())
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no provision {id}"))
        .bindingness
}

#[test]
fn obligations_and_prohibitions_score_100() {
    assert_eq!(
        score("Each Party shall publish its legal framework."),
        (Category::Obligation, Some(100))
    );
    assert_eq!(
        score("Each Party shall maintain a legal framework."),
        (Category::Obligation, Some(95))
    );
    assert_eq!(
        score("A Party must publish its measures."),
        (Category::Obligation, Some(100))
    );
    for text in [
        "No Party shall impose customs duties on electronic transmissions.",
        "A Party shall not deny the legal validity of a signature.",
        "Each Party must not require the transfer of source code.",
        "A Party may not require a covered person to use local facilities.",
    ] {
        assert_eq!(score(text), (Category::Prohibition, Some(100)), "{text}");
    }
}

#[test]
fn best_efforts_in_every_spelling_score_50() {
    for modal in [
        "shall endeavor to",
        "shall endeavour to",
        "shall seek to",
        "shall strive to",
        "shall make every effort to",
        "shall use its best endeavours to",
    ] {
        let text = format!("Each Party {modal} accept electronic documents.");
        assert_eq!(score(&text), (Category::BestEfforts, Some(50)), "{text}");
    }
}

#[test]
fn consider_is_a_procedural_obligation_and_should_recognize_and_permission_sit_below_best_efforts()
{
    assert_eq!(
        score("Each Party shall consider establishing a forum."),
        (Category::Obligation, Some(80))
    );
    assert_eq!(
        score("Each Party shall take into account international standards."),
        (Category::Obligation, Some(80))
    );
    assert_eq!(
        score("Each Party should publish information on its protections."),
        (Category::Hortatory, Some(20))
    );
    for verb in ["recognize", "recognise", "affirm", "acknowledge"] {
        let text = format!("The Parties {verb} the importance of digital trade.");
        assert_eq!(score(&text), (Category::Hortatory, Some(10)), "{text}");
    }
    assert_eq!(
        score("A Party may require that the method is certified."),
        (Category::Permission, Some(10))
    );
    assert_eq!(
        score("A Party may require that the method is certified, provided that the requirement is published."),
        (Category::Permission, Some(15))
    );
    assert_eq!(
        score("Such cooperation can take the form of exchanges of officials."),
        (Category::Permission, Some(5))
    );
}

#[test]
fn cooperative_and_promotional_content_move_the_clause_out_of_obligation() {
    for verb in [
        "cooperate on",
        "exchange information on",
        "maintain a dialogue on",
        "consult on",
    ] {
        let text = format!("Each Party shall {verb} interoperable authentication.");
        assert_eq!(score(&text), (Category::Cooperation, Some(60)), "{text}");
    }
    for verb in ["encourage", "promote"] {
        let text = format!("Each Party shall {verb} interoperable authentication.");
        assert_eq!(score(&text), (Category::BestEfforts, Some(45)), "{text}");
    }
    assert_eq!(
        score("Each Party shall endeavor to cooperate on cybersecurity."),
        (Category::BestEfforts, Some(40))
    );
    assert_eq!(
        score("The Parties agree to cooperate on cybersecurity."),
        (Category::Cooperation, Some(60))
    );
    assert_eq!(
        score("The Parties shall explore the possibility of mutual recognition."),
        (Category::BestEfforts, Some(35))
    );
    assert_eq!(
        score("The Parties shall strengthen existing collaboration mechanisms for the sharing of information."),
        (Category::Cooperation, Some(60))
    );
}

#[test]
fn a_collective_subject_does_not_change_the_score() {
    let collective = analyze_text("The Parties shall endeavor to build capabilities.");
    assert_eq!(collective.strength, Some(50));
    assert!(has_cue(&collective, CueKind::Subject, "The Parties"));
    let each = analyze_text("Each Party shall endeavor to build capabilities.");
    assert_eq!(each.strength, Some(50));
    assert!(has_cue(&each, CueKind::Subject, "Each Party"));
}

#[test]
fn every_hedge_weakens_an_obligation_to_a_hedged_obligation() {
    for hedge in [
        "where appropriate",
        "as appropriate",
        "to the extent practicable",
        "to the extent possible",
        "in accordance with its laws",
        "in accordance with its laws and regulations",
        "subject to available resources",
        "on a voluntary basis",
        "in appropriate cases",
        "as soon as practicable",
        "in a manner it considers appropriate",
    ] {
        let text = format!("Each Party shall, {hedge}, publish its measures.");
        let b = analyze_text(&text);
        assert_eq!(b.category, Category::HedgedObligation, "{text}");
        assert!(
            (55..=75).contains(&b.strength.unwrap()),
            "{text}: {:?}",
            b.strength
        );
        assert!(
            b.cues
                .iter()
                .any(|c| c.kind == CueKind::Hedge && c.decisive),
            "{text}"
        );
    }
    let chooses = "To the extent that a Party chooses to make information public, it shall endeavor to ensure it is machine-readable.";
    assert_eq!(score(chooses), (Category::BestEfforts, Some(45)));
    assert_eq!(
        score("Each Party shall, where appropriate, in accordance with its laws, publish its measures."),
        (Category::HedgedObligation, Some(55))
    );
    // The rubric's anchors: timing 75, listed exceptions 70, law or self-judging 65, where
    // possible 60.
    for (hedge, strength) in [
        ("as soon as practicable", 75),
        ("except where the information is confidential", 70),
        ("in accordance with its laws", 65),
        ("where possible", 60),
    ] {
        let text = format!("Each Party shall, {hedge}, publish its measures.");
        assert_eq!(score(&text).1, Some(strength), "{text}");
    }
}

#[test]
fn carve_outs_are_exceptions() {
    for text in [
        "This Article shall not apply to broadcasting.",
        "This Chapter does not apply to government procurement.",
        "The obligations in Article 19.4 do not apply to non-conforming measures.",
        "Nothing in this Article shall be construed to prevent a Party from enforcing criminal law.",
        "Nothing in this Article shall prevent a Party from adopting measures.",
        "For greater certainty, paragraph 1 does not preclude a Party from imposing internal taxes.",
        "This Article does not prevent a Party from adopting a measure.",
        "This Article shall not be construed to affect patent requirements.",
        "This Article is subject to Annex 19-A.",
        "No Party shall be required to disclose information contrary to its security interests.",
        "Each Party shall not be required to apply this Article to taxation measures.",
        "A Party shall not be obliged to apply paragraph 2 to small enterprises.",
        "In the event of any inconsistency between this Chapter and another Chapter, the other Chapter shall prevail to the extent of the inconsistency.",
        "Article XX of GATT 1994 is incorporated into and made part of this Agreement, mutatis mutandis.",
        "Nothing in paragraph 1 prevents a Party from making exceptions in its domestic law.",
    ] {
        assert_eq!(score(text), (Category::Exception, Some(10)), "{text}");
    }
    // "Notwithstanding ..., a Party may" is a permission, not an exception.
    assert_eq!(
        score("Notwithstanding paragraph 2, a Party may require certification.").0,
        Category::Permission
    );
    for text in [
        "No Party shall have recourse to dispute settlement under Chapter 31 for any matter arising under this Article.",
        "Chapter 16 (Dispute Settlement) shall not apply to Articles 4 and 5 of this Chapter.",
    ] {
        let b = analyze_text(text);
        assert_eq!((b.category, b.strength), (Category::Exception, Some(5)), "{text}");
        assert!(b.cues.iter().any(|c| c.kind == CueKind::DisputeSettlementExclusion && c.decisive));
    }
}

#[test]
fn negation_and_scope_decide_what_shall_not_means() {
    // "shall not" binds; "shall not apply" and "shall not be construed" carve out.
    assert_eq!(
        score("A Party shall not prevent suppliers from competing.").0,
        Category::Prohibition
    );
    assert_eq!(
        score("Paragraph 1 shall not prevent a Party from taxing.").0,
        Category::Exception
    );
    assert_eq!(
        score("This paragraph shall not apply to broadcasting.").0,
        Category::Exception
    );
    assert_eq!(
        score("This disclosure shall not be construed to affect trade secrets.").0,
        Category::Exception
    );
    // A Party's "may" inside what the Parties recognize is a fact, not a permission.
    let recognized = analyze_text(
        "The Parties recognise that each Party may have its own regulatory requirements.",
    );
    assert_eq!(recognized.category, Category::Hortatory);
    let may = recognized
        .cues
        .iter()
        .find(|c| c.kind == CueKind::Permission)
        .unwrap();
    assert!(may.effect.contains("not a commitment"), "{}", may.effect);
    // Scope and definitions bind no one.
    assert_eq!(
        score("This Chapter applies to measures adopted by a Party."),
        (Category::Definition, None)
    );
    assert_eq!(
        score("This Chapter shall apply to measures adopted by a Party."),
        (Category::Definition, None)
    );
    assert_eq!(
        score("computing facility means a computer server;"),
        (Category::Definition, None)
    );
    assert_eq!(
        score("Each Party shall allow the transfer of information by electronic means.").0,
        Category::Obligation
    );
}

#[test]
fn the_strongest_operative_clause_decides_and_recitals_do_not_dilute() {
    let b = provision("ch19", "19.15.2");
    assert_eq!((b.category, b.strength), (Category::BestEfforts, Some(50)));
    assert!(has_cue(&b, CueKind::Recognition, "recognize"));
    assert!(has_cue(&b, CueKind::PrivateActor, "enterprises"));
    let recital = b
        .cues
        .iter()
        .find(|c| c.kind == CueKind::Recognition)
        .unwrap();
    assert!(!recital.decisive);
    let b = provision("ch19", "19.8.2");
    assert_eq!((b.category, b.strength), (Category::Obligation, Some(95)));
    assert!(b
        .cues
        .iter()
        .any(|c| c.kind == CueKind::Should && !c.decisive));
}

#[test]
fn cue_positions_point_at_the_words() {
    let text = "Recognizing the global nature of digital trade, the Parties shall endeavor to cooperate, where appropriate.";
    let b = analyze_text(text);
    assert!(!b.cues.is_empty());
    for c in &b.cues {
        assert_eq!(&text[c.start..c.end], c.phrase);
        assert!(!c.effect.is_empty(), "{c:?}");
    }
}

#[test]
fn subparagraphs_inherit_the_chapeau_modal_19_15_1() {
    // (b) strengthens collaboration mechanisms: best efforts on cooperative content.
    for (id, strength) in [("19.15.1(a)", 50), ("19.15.1(b)", 40)] {
        let b = provision("ch19", id);
        assert_eq!(
            (b.category, b.strength),
            (Category::BestEfforts, Some(strength)),
            "{id}"
        );
        let modal = b
            .cues
            .iter()
            .find(|c| c.kind == CueKind::BestEfforts)
            .unwrap();
        assert_eq!(modal.phrase, "shall endeavor");
        assert_eq!(modal.inherited_from.as_deref(), Some("19.15.1"));
        assert!(modal.decisive);
        // The chapeau's recital is not inherited: only its governing sentence is.
        assert!(!b.cues.iter().any(|c| c.kind == CueKind::Recognition));
    }
}

#[test]
fn items_of_a_prohibition_chapeau_are_prohibitions_19_6_2_a() {
    let b = provision("ch19", "19.6.2(a)");
    assert_eq!((b.category, b.strength), (Category::Prohibition, Some(100)));
    let modal = b
        .cues
        .iter()
        .find(|c| c.kind == CueKind::Prohibition)
        .unwrap();
    assert_eq!(modal.phrase, "No Party shall");
    assert_eq!(modal.inherited_from.as_deref(), Some("19.6.2"));
    // "partner or otherwise cooperate" under "no Party shall ... require ... to:" is what is
    // prohibited, not cooperative content.
    let b = provision("annex", "12.C.2.2(b)");
    assert_eq!((b.category, b.strength), (Category::Prohibition, Some(100)));
}

#[test]
fn inheritance_reaches_through_two_levels_19_14_1_a_i() {
    let b = provision("ch19", "19.14.1(a)(i)");
    assert_eq!((b.category, b.strength), (Category::BestEfforts, Some(40)));
    let modal = b
        .cues
        .iter()
        .find(|c| c.kind == CueKind::BestEfforts)
        .unwrap();
    assert_eq!(modal.inherited_from.as_deref(), Some("19.14.1"));
    let content = b
        .cues
        .iter()
        .find(|c| c.kind == CueKind::CooperativeContent)
        .unwrap();
    assert_eq!(content.phrase, "exchange");
    assert_eq!(content.inherited_from.as_deref(), Some("19.14.1(a)"));
    // The carve-out chapeau of 19.17.4(c) governs its items.
    let b = provision("ch19", "19.17.4(c)(i)");
    assert_eq!(b.category, Category::Exception);
}

#[test]
fn analyze_item_inherits_like_a_document() {
    let b = analyze_item(
        &["Recognizing the global nature of digital trade, the Parties shall endeavor to:"],
        "build the capabilities of their national entities;",
    );
    assert_eq!((b.category, b.strength), (Category::BestEfforts, Some(50)));
    let b = analyze_item(
        &["The Parties recognise the importance of:"],
        "building capabilities;",
    );
    assert_eq!((b.category, b.strength), (Category::Hortatory, Some(10)));
}

#[test]
fn definitions_are_not_scored_and_aggregates_leave_them_out() {
    let doc = USMCA_CH19.document().unwrap();
    let scores = analyze_document(&doc);
    for s in scores.iter().filter(|s| s.article == "19.1") {
        assert_eq!(s.bindingness.category, Category::Definition, "{}", s.id);
        assert_eq!(s.bindingness.strength, None);
    }
    let articles = by_article(&scores);
    let (_, definitions) = &articles[0];
    assert_eq!(definitions.scored, 0);
    assert_eq!(definitions.density, None);
    assert_eq!(definitions.total, 0.0);
    let (_, cyber) = articles.iter().find(|(a, _)| a == "19.15").unwrap();
    assert_eq!(cyber.scored, 4);
    assert_eq!(cyber.density, Some((50.0 * 3.0 + 40.0) / 4.0));
    assert_eq!(cyber.total, 1.9);
    let overall = aggregate(&scores);
    assert_eq!(overall.scored + overall.unscored, scores.len());
    assert_eq!(overall.by_category.values().sum::<usize>(), scores.len());
}

#[test]
fn compare_reports_before_after_and_delta_for_changed_added_and_removed() {
    let before = USMCA_CH19.document().unwrap();
    let after = parse(include_str!("fixtures/usmca-ch19-cr2.txt")).unwrap();
    let c = compare(&before, &after);
    let ids: Vec<&str> = c.provisions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "19.15.1",
            "19.15.1(a)",
            "19.15.1(b)",
            "19.15.2",
            "19.15.3",
            "19.17.5"
        ]
    );
    let first = &c.provisions[0];
    assert_eq!(first.status, ChangeStatus::Changed);
    assert_eq!(
        first.before.as_ref().unwrap().bindingness.strength,
        Some(50)
    );
    assert_eq!(
        first.after.as_ref().unwrap().bindingness.category,
        Category::Obligation
    );
    assert_eq!(first.delta, Some(50));
    // (a) did not change its words; its chapeau did.
    assert_eq!(c.provisions[1].status, ChangeStatus::Rescored);
    assert_eq!(c.provisions[4].status, ChangeStatus::Added);
    assert_eq!(c.provisions[4].delta, None);
    assert_eq!(c.provisions[5].status, ChangeStatus::Removed);
    let cyber = c.articles.iter().find(|a| a.article == "19.15").unwrap();
    assert_eq!(cyber.change.before.density, Some(47.5));
    assert!(c.overall.delta_total.unwrap() > 0.0);
    assert!(c.overall.delta_density.unwrap() > 0.0);
    assert!(compare(&before, &before).provisions.is_empty());
}

/// The reviewer's cases of issue 5, round 2: each failed before its fix.
mod review_round_two {
    use super::*;

    fn decisive(b: &Bindingness) -> Vec<(CueKind, &str)> {
        b.cues
            .iter()
            .filter(|c| c.decisive)
            .map(|c| (c.kind, c.phrase.as_str()))
            .collect()
    }

    #[test]
    fn a_clause_that_an_exception_shall_not_be_construed_to_permit_is_a_prohibition() {
        for text in [
            "For greater certainty, paragraph 4 shall not be construed to permit a Party to require a manufacturer or supplier of an ICT product that uses cryptography to take any action described in subparagraph 2(d).",
            "Nothing in this Article shall be construed to allow a Party to require the transfer of source code.",
        ] {
            let b = analyze_text(text);
            assert_eq!((b.category, b.strength), (Category::Prohibition, Some(100)), "{text}");
            assert!(
                decisive(&b).iter().any(|(k, _)| *k == CueKind::Narrowing),
                "{text}: {:?}",
                b.cues
            );
        }
        // The plain carve-out stays a carve-out.
        assert_eq!(
            score("Nothing in this Article shall be construed to prevent a Party from adopting measures."),
            (Category::Exception, Some(10))
        );
    }

    #[test]
    fn notwithstanding_that_opens_a_scope_clause_is_scope_not_a_carve_out() {
        let b = analyze_text("Notwithstanding subparagraph 3(a) of Article 19.2 (Scope and General Provisions), this Article applies to measures of a Party relating to the procurement of cloud computing services by its central government entities.");
        assert_eq!((b.category, b.strength), (Category::Definition, None));
        assert!(decisive(&b).contains(&(CueKind::Scope, "this Article applies to")));
        // A notwithstanding before a commitment does not weaken it.
        assert_eq!(
            score("Notwithstanding paragraph 2, each Party shall publish its measures."),
            (Category::Obligation, Some(100))
        );
        // With no scope clause, notwithstanding is still a carve-out.
        assert_eq!(
            score("Notwithstanding paragraph 2, the measures listed in Annex I."),
            (Category::Exception, Some(10))
        );
    }

    #[test]
    fn a_carve_out_limb_attached_to_an_obligation_hedges_it_and_is_shown() {
        let b = analyze_text("Each Party shall accept electronic signatures, and nothing in this Article shall be construed to prevent a Party from requiring a particular method of authentication.");
        assert_eq!(
            (b.category, b.strength),
            (Category::HedgedObligation, Some(70))
        );
        let cues = decisive(&b);
        assert!(cues.contains(&(CueKind::Obligation, "shall")), "{cues:?}");
        assert!(
            cues.iter()
                .any(|(k, p)| *k == CueKind::CarveOut && p.starts_with("nothing in this Article")),
            "{cues:?}"
        );
    }

    #[test]
    fn the_parties_hereby_establish_a_body_is_an_obligation() {
        let b = analyze_text("The Parties hereby establish a Cybersecurity Regulatory Cooperation Forum (Forum), composed of government representatives of each Party responsible for cybersecurity policy and regulation.");
        assert_eq!((b.category, b.strength), (Category::Obligation, Some(100)));
        assert!(decisive(&b).contains(&(CueKind::Obligation, "hereby establish")));
        assert_eq!(
            score("A Committee on Digital Trade is hereby established."),
            (Category::Obligation, Some(100))
        );
    }

    #[test]
    fn a_later_limb_without_a_subject_shares_the_subject() {
        let b = analyze_text("The Parties shall endeavor to identify the security accreditation programs, and the levels within those programs, that provide comparable levels of security, and shall publish their determinations.");
        assert_eq!((b.category, b.strength), (Category::Obligation, Some(100)));
        assert!(has_cue(&b, CueKind::Subject, "The Parties"));
        assert_eq!(
            score("Each Party shall endeavor to identify programs and shall publish them."),
            (Category::Obligation, Some(100))
        );
    }

    #[test]
    fn a_condition_that_the_parties_have_determined_is_a_hedge_wherever_it_stands() {
        let labels = analyze_text("Each Party shall accept the results of conformity assessment procedures conducted in the territory of another Party as assurance that a product meets the cybersecurity requirements of its technical regulations and voluntary labeling schemes, if the Parties concerned have determined that the requirements of the other Party provide an equivalent level of cybersecurity.");
        let cloud = analyze_text("If a Party requires a supplier of cloud computing services to hold a security accreditation as a condition for supplying those services to its central government entities, that Party shall accept, as satisfying that requirement in whole or in part, an accreditation granted under a security accreditation program of another Party that the Parties concerned have determined to provide a comparable level of security.");
        for b in [&labels, &cloud] {
            assert_eq!(
                (b.category, b.strength),
                (Category::HedgedObligation, Some(55))
            );
            assert!(
                decisive(b).contains(&(CueKind::Hedge, "the Parties concerned have determined")),
                "{:?}",
                b.cues
            );
        }
        // "voluntary" as an adjective of the object is not a hedge.
        assert!(!has_cue(&labels, CueKind::Hedge, "voluntary"));
        assert_eq!(
            score("Each Party shall participate on a voluntary basis in the exercise."),
            (Category::Cooperation, Some(50))
        );
    }

    #[test]
    fn list_items_inherit_the_last_modal_of_their_chapeau_and_read_consider_as_deliberation() {
        let chapeau = ["The Forum shall meet at least once a year, unless the Parties decide otherwise, and shall:"];
        let exchange = analyze_item(
            &chapeau,
            "exchange information on proposed and existing cybersecurity measures of each Party;",
        );
        assert_eq!(
            (exchange.category, exchange.strength),
            (Category::Cooperation, Some(60))
        );
        let consider = analyze_item(&chapeau, "consider any cybersecurity matter relating to digital trade that a Party refers to it; and");
        assert_eq!(
            (consider.category, consider.strength),
            (Category::Obligation, Some(80))
        );
        let report = analyze_item(&chapeau, "report to the Commission on its work.");
        assert_eq!(
            (report.category, report.strength),
            (Category::Obligation, Some(100))
        );
        assert!(
            score("Each Party shall endeavor to consider establishing a forum.").1
                < score("Each Party shall consider establishing a forum.").1
        );
    }

    #[test]
    fn a_recommendation_ranks_below_every_unhedged_shall_and_above_a_recognition() {
        // The rubric's hortatory anchors: recognition 10 < should 20 < an unaddressed "must"
        // principle 30, all below the weakest unhedged "shall" (explore, 35).
        assert_eq!(
            score("The Parties agree that the development of electronic commerce must be fully compatible with international standards of data protection."),
            (Category::Hortatory, Some(30))
        );
        let should = score("Each Party should publish information on its protections.").1;
        let weakest_shall = score("The Parties shall endeavor to cooperate on cybersecurity.").1;
        let recognize = score("The Parties recognize the importance of cybersecurity.").1;
        assert!(
            recognize < should && should < weakest_shall,
            "{recognize:?} {should:?} {weakest_shall:?}"
        );
    }

    #[test]
    fn striking_endeavor_from_a_chapeau_rescores_its_items_without_changing_them() {
        let before = USMCA_CH19.document().unwrap();
        let after = parse(include_str!("fixtures/usmca-ch19-cr2.txt")).unwrap();
        let c = compare(&before, &after);
        let status = |id: &str| c.provisions.iter().find(|p| p.id == id).unwrap().status;
        assert_eq!(status("19.15.1"), ChangeStatus::Changed);
        assert_eq!(status("19.15.1(a)"), ChangeStatus::Rescored);
        assert_eq!(status("19.15.1(b)"), ChangeStatus::Rescored);
    }

    #[test]
    fn adding_a_weak_commitment_raises_the_total_though_it_lowers_the_density() {
        let before = USMCA_CH19.document().unwrap();
        let text = USMCA_CH19.text.replace(
            "awareness and best practices.",
            "awareness and best practices; and\n\n(c) promote the adoption by small and medium-sized enterprises of international cybersecurity standards.",
        );
        let after = parse(&text).unwrap();
        let c = compare(&before, &after);
        let cyber = c.articles.iter().find(|a| a.article == "19.15").unwrap();
        assert!(
            cyber.change.delta_total.unwrap() > 0.0,
            "{:?}",
            cyber.change
        );
        assert!(
            cyber.change.delta_density.unwrap() < 0.0,
            "{:?}",
            cyber.change
        );
        assert!((cyber.change.delta_total.unwrap() - 0.40).abs() < 1e-9);
        assert!(c.overall.delta_total.unwrap() > 0.0);
    }
}

/// Enforceability apart (issue 14): an exclusion from dispute settlement is a flag on the
/// provisions it governs, never part of their strength.
mod dispute_settlement {
    use super::*;

    fn with_article(article: &str) -> redline::document::Document {
        let text = USMCA_CH19.text.replacen(
            "Article 19.16: Source Code",
            &format!("{article}\n\nArticle 19.16: Source Code"),
            1,
        );
        parse(&text).unwrap()
    }

    #[test]
    fn an_exclusion_flags_its_article_and_leaves_strengths_alone() {
        let doc = with_article("Article 19.26: Cyber Incidents\n\n1. Each Party shall notify the other Parties of a cyber incident.\n\n2. No Party shall have recourse to dispute settlement under Chapter 31 for any matter arising under this Article.");
        let scores = analyze_document(&doc);
        let first = scores.iter().find(|s| s.id == "19.26.1").unwrap();
        assert_eq!(
            (first.bindingness.category, first.bindingness.strength),
            (Category::Obligation, Some(100))
        );
        assert_eq!(
            first.dispute_settlement_excluded_by.as_deref(),
            Some("19.26.2")
        );
        let other = scores.iter().find(|s| s.id == "19.15.2").unwrap();
        assert_eq!(other.dispute_settlement_excluded_by, None);
        let articles = by_article(&scores);
        let (_, summary) = articles.iter().find(|(a, _)| a == "19.26").unwrap();
        assert_eq!(summary.excluded_from_dispute_settlement, 2);
        assert_eq!(aggregate(&scores).excluded_from_dispute_settlement, 2);
    }

    #[test]
    fn each_provision_is_flagged_by_the_first_exclusion_that_reaches_it() {
        let doc = with_article("Article 19.26: Exclusions\n\n1. Chapter 31 (Dispute Settlement) shall not apply to Articles 19.4 and 19.27 of this Chapter.\n\nArticle 19.27: Cyber Incidents\n\n1. Each Party shall notify the other Parties of a cyber incident.\n\n2. Neither Party shall have recourse to dispute settlement under this Agreement for any matter arising under this Chapter.");
        let scores = analyze_document(&doc);
        let by = |id: &str| {
            scores
                .iter()
                .find(|s| s.id == id)
                .unwrap()
                .dispute_settlement_excluded_by
                .clone()
        };
        // Named by the earlier exclusion, 19.26.1; everything else by the chapter-wide 19.27.2.
        assert_eq!(by("19.4.1").as_deref(), Some("19.26.1"));
        assert_eq!(by("19.27.1").as_deref(), Some("19.26.1"));
        assert_eq!(by("19.27.2").as_deref(), Some("19.26.1"));
        assert_eq!(by("19.26.1").as_deref(), Some("19.27.2"));
        assert_eq!(by("19.15.2").as_deref(), Some("19.27.2"));
    }

    #[test]
    fn an_exclusion_of_the_chapter_flags_every_provision() {
        let doc = with_article("Article 19.26: Non-Application of Dispute Settlement\n\nNeither Party shall have recourse to dispute settlement under this Agreement for any matter arising under this Chapter.");
        let scores = analyze_document(&doc);
        assert!(scores
            .iter()
            .all(|s| s.dispute_settlement_excluded_by.is_some()));
        // A comparison shows the provisions whose enforceability changed.
        let c = compare(&USMCA_CH19.document().unwrap(), &doc);
        assert!(c
            .provisions
            .iter()
            .any(|p| p.id == "19.15.2" && p.status == ChangeStatus::Rescored));
        assert_eq!(
            c.impact.headline, 0.0,
            "the exclusion is not folded into strength"
        );
    }
}

/// A proposal's impact (issue 14): commitment by commitment, lists counted once.
mod impact {
    use super::*;

    fn amended(from: &str, to: &str) -> redline::bindingness::Comparison {
        let before = USMCA_CH19.document().unwrap();
        let after = parse(&USMCA_CH19.text.replacen(from, to, 1)).unwrap();
        compare(&before, &after)
    }

    #[test]
    fn hardening_existing_text_is_part_a() {
        let before = USMCA_CH19.document().unwrap();
        let after = parse(include_str!("fixtures/usmca-ch19-cr2.txt")).unwrap();
        let impact = compare(&before, &after).impact;
        // 19.15.1 (with its items) and 19.15.2 each go from best efforts (50) to an obligation.
        assert_eq!(impact.hardened.count, 2);
        assert!((impact.hardened.total - 1.0).abs() < 1e-9, "{impact:?}");
    }

    #[test]
    fn a_commitment_split_into_list_items_counts_once() {
        let anchor = "Article 19.16: Source Code";
        let one = amended(anchor, &format!("Article 19.26: Incident Reporting\n\n1. The Parties shall develop common thresholds, time limits and contents for the reporting of cybersecurity incidents.\n\n{anchor}")).impact;
        let listed = amended(anchor, &format!("Article 19.26: Incident Reporting\n\n1. The Parties shall develop common elements for the reporting of cybersecurity incidents, including:\n\n(a) the threshold;\n\n(b) the time limit; and\n\n(c) the contents of a report.\n\n{anchor}")).impact;
        assert_eq!(one.added.len(), 1);
        assert_eq!(listed.added.len(), 1, "{listed:?}");
        assert_eq!(one.headline, listed.headline);
    }

    #[test]
    fn a_self_determination_clause_hollows_the_obligation_of_its_article() {
        let anchor = "Article 19.16: Source Code";
        let impact = amended(anchor, &format!("Article 19.26: Critical Infrastructure\n\n1. Each Party shall adopt or maintain a framework for managing risks to its critical infrastructure.\n\n2. For greater certainty, each Party may determine what constitutes its critical infrastructure.\n\n{anchor}")).impact;
        assert_eq!(impact.added.len(), 1);
        assert_eq!(impact.hollowed.len(), 1, "{impact:?}");
        let h = &impact.hollowed[0];
        assert_eq!(
            (h.id.as_str(), h.by.as_str(), h.strength, h.left),
            ("19.26.1", "19.26.2", 95, 65)
        );
        assert!((impact.headline - 0.65).abs() < 1e-9, "{impact:?}");
    }

    #[test]
    fn removing_a_commitment_is_part_c() {
        let impact = amended("4. Each Party shall endeavor to adopt non-discriminatory practices", "4. Nothing in this Article shall prevent a Party from adopting non-discriminatory practices").impact;
        assert!(impact.headline < 0.0, "{impact:?}");
    }
}

/// The failure classes the fresh held-out set showed (docs/bindingness.md, "The fresh set"),
/// each as a rule of the rubric on sentences written for the test.
#[test]
fn a_joint_body_meeting_is_cooperation_but_meeting_a_requirement_is_not() {
    assert_eq!(
        score("The Committee shall meet annually to review the operation of this Chapter."),
        (Category::Cooperation, Some(60))
    );
    assert_eq!(
        score("Each Party shall ensure that its certification bodies meet the requirements of paragraph 2."),
        (Category::Obligation, Some(100))
    );
    assert_eq!(
        score("Imported goods shall meet the applicable technical requirements."),
        (Category::Obligation, Some(100))
    );
}

#[test]
fn seek_with_a_parenthetical_and_consideration_in_other_words_keep_their_operators() {
    assert_eq!(
        score("Each Party shall seek, through appropriate measures, to ensure the observance of this Article by its regional governments."),
        (Category::BestEfforts, Some(50))
    );
    for consider in [
        "give sympathetic consideration to",
        "accord due consideration to",
        "provide full consideration to",
    ] {
        assert_eq!(
            score(&format!(
                "Each Party shall {consider} a request of another Party."
            )),
            (Category::Obligation, Some(80)),
            "{consider}"
        );
    }
}

#[test]
fn a_condition_opening_a_later_clause_qualifies_that_clause_only() {
    // Consultation is unconditional; the removal binds only once the Parties agree.
    assert_eq!(
        score("The Parties shall consult and if they agree, the arbitrator shall be removed and a new arbitrator shall be appointed."),
        (Category::Cooperation, Some(60))
    );
    // A qualifier followed by ", and shall" stays with the modal before it.
    let forum = analyze_item(
        &["The Forum shall meet at least once a year, unless the Parties decide otherwise, and shall:"],
        "report to the Commission on its work.",
    );
    assert_eq!(
        (forum.category, forum.strength),
        (Category::Obligation, Some(100))
    );
}

#[test]
fn an_item_led_by_its_own_carve_out_is_an_exception_under_any_chapeau() {
    let item = analyze_item(
        &["No Party shall impose any of the following requirements:"],
        "Paragraphs 1(b) and 1(c) shall not apply to government procurement.",
    );
    assert_eq!(
        (item.category, item.strength),
        (Category::Exception, Some(10))
    );
    // A carve-out far into the item (a glued footnote) does not lead it.
    let item = analyze_item(
        &["No Party shall impose any of the following requirements:"],
        "to transfer a particular technology, production process or other proprietary knowledge to a person in its territory, whatever the sector of the investment concerned. 3 For greater certainty, Article 9.2 does not preclude a Party from requiring it.",
    );
    assert_eq!(item.category, Category::Prohibition);
}

#[test]
fn a_may_opening_an_item_or_governing_a_passive_is_a_permission() {
    let item = analyze_item(
        &["The Committee:"],
        "may establish working groups as it considers appropriate;",
    );
    assert_eq!(
        (item.category, item.strength),
        (Category::Permission, Some(10))
    );
    assert_eq!(
        score("The meetings may be held by videoconference."),
        (Category::Permission, Some(10))
    );
}

#[test]
fn modals_of_the_clause_an_obligation_requires_are_its_content() {
    // "shall provide that X shall not": the obligation to provide the rule, hedged by its law.
    let (category, strength) = score(
        "Each Party shall, in accordance with its law, provide that the importer shall not be liable for the failure to export the good.",
    );
    assert_eq!((category, strength), (Category::HedgedObligation, Some(65)));
    assert_eq!(
        score("Each Party shall provide that an exporter shall keep its records for five years."),
        (Category::Obligation, Some(100))
    );
}

#[test]
fn rubric_hedges_in_other_words_and_a_negated_obligation_to_act() {
    assert_eq!(
        score("Each Party shall take such reasonable measures as may be available to it to ensure that its regional governments observe this Article."),
        (Category::HedgedObligation, Some(60))
    );
    assert_eq!(
        score("Each Party shall, to the maximum extent possible, apply the principles of paragraph 2."),
        (Category::HedgedObligation, Some(60))
    );
    assert_eq!(
        score("No Party may adopt a measure that restricts the supply of a service, except as provided in its Schedule to Annex I."),
        (Category::HedgedObligation, Some(70))
    );
    // The Agreement's own exceptions, named in general, list none.
    assert_eq!(
        score("Each Party shall publish its measures, except as otherwise provided in this Agreement."),
        (Category::Obligation, Some(100))
    );
    assert_eq!(
        score("Neither Party shall be obliged to furnish confidential information."),
        (Category::Exception, Some(10))
    );
}

#[test]
fn a_hedge_inside_what_is_recognised_does_not_lower_the_recognition() {
    assert_eq!(
        score("The Parties recognise the importance of facilitating, to the extent possible, the use of electronic commerce."),
        (Category::Hortatory, Some(10))
    );
}

/// Rules added after the fresh set's untouched half had been read (docs/bindingness.md says
/// which figures they change).
#[test]
fn obligations_switched_off_in_so_many_words_are_exceptions() {
    for text in [
        "No Party shall have any obligation under this Article with respect to procedures under other agreements.",
        "A Party shall have no obligation to accept the request.",
        "A panel established under Article 5 shall not have jurisdiction over a claim submitted under Article 9.",
    ] {
        assert_eq!(score(text), (Category::Exception, Some(10)), "{text}");
    }
    assert_eq!(
        score("No Party shall condition the admission of the goods, other than to require that the goods be exported."),
        (Category::HedgedObligation, Some(70))
    );
}

/// Added after the fresh set's untouched half had been read, from its one class of
/// hard-at-or-below-soft failures (docs/bindingness.md).
#[test]
fn the_functions_of_a_joint_body_are_cooperation() {
    for text in [
        "The functions of the Joint Committee shall be: (a) reviewing the operation of this Chapter; and (b) discussing any related issue.",
        "The functions of the Working Group on Digital Trade shall include exchanging information on paperless trading.",
        "The functions of the Committee shall be:",
    ] {
        assert_eq!(score(text), (Category::Cooperation, Some(60)), "{text}");
    }
    let item = analyze_item(
        &["The functions of the Committee shall be:"],
        "monitoring the implementation of this Chapter;",
    );
    assert_eq!(
        (item.category, item.strength),
        (Category::Cooperation, Some(60))
    );
    assert_eq!(
        score("The functions of the Committee shall, where appropriate, include reviewing this Chapter.").1,
        Some(50)
    );
    // The words decide, not the presence of a committee: a body told to act, and functions
    // that are not a body's, keep their scores.
    assert_eq!(
        score("The Committee shall publish its decisions within 30 days."),
        (Category::Obligation, Some(100))
    );
    assert_eq!(
        score("Each Party shall ensure that the functions of its customs authority include risk management.").0,
        Category::Obligation
    );
}
