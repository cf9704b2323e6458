//! A review's decisions consolidated into a proposal set: for random decisions over the
//! shipped proposals, applying the set gives exactly the text the decisions imply, and its
//! redline is the accepted redline, every change attributed to its original proposal; merged
//! list items, shared edits, conflicts and dependent amendments are consolidated faithfully
//! or refused with a message saying which decisions to change.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use redline::decisions::{consolidate, ConsolidateError, DecisionLog, Verdict};
use redline::diff::Redline;
use redline::session::{AmendmentRef, Choices, Filter, Policy, ReportOptions, Session, Settled};

/// Each document's amended text and its attributed redline, by baseline name.
fn outcome(settled: &Settled) -> BTreeMap<String, (String, Redline)> {
    let report = settled
        .report(&ReportOptions::default(), &Filter::default())
        .unwrap();
    settled
        .amended()
        .zip(report.sections)
        .map(|((baseline, amended), section)| {
            (baseline.name.clone(), (amended.render(), section.redline))
        })
        .collect()
}

/// The set written to a file and read back as a session, settled as it says.
fn applied_set(json: &str, dir: &Path) -> Option<BTreeMap<String, (String, Redline)>> {
    let path = dir.join("consolidated.json");
    std::fs::write(&path, json).unwrap();
    let session = match Session::load(&[&path], None) {
        Ok(session) => session,
        Err(redline::session::SessionError::NoProposals { .. }) => return None,
        Err(e) => panic!("the set should load: {e}"),
    };
    let policy = session.declared_policy().unwrap_or_default();
    Some(outcome(&session.settle(&Choices::policy(policy)).unwrap()))
}

/// Checks that the consolidated set reproduces the decisions' text and redline exactly; a
/// document no accepted amendment touches must be unchanged.
fn assert_reproduces(session: &Session, log: &DecisionLog) -> Result<(), TestCaseError> {
    let consolidated = consolidate(session, log).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let expected = outcome(&session.settle(&log.choices(session)).unwrap());
    let json = consolidated.to_json();
    let problems = common::schema_problems(&json);
    prop_assert!(
        problems.is_empty(),
        "proposals/schema.json: {:#?}",
        problems
    );
    let dir = tempfile::tempdir().unwrap();
    let applied = applied_set(&json, dir.path()).unwrap_or_default();
    for (baseline, (text, redline)) in &expected {
        match applied.get(baseline) {
            Some((applied_text, applied_redline)) => {
                prop_assert_eq!(applied_text, text, "{}", baseline);
                prop_assert_eq!(applied_redline, redline, "{}", baseline);
            }
            None => prop_assert!(
                !redline.has_differences(),
                "{baseline} changed, yet the set has no proposal for it"
            ),
        }
    }
    prop_assert!(applied.keys().all(|b| expected.contains_key(b)));
    Ok(())
}

fn shipped_session() -> Session {
    Session::load(&common::shipped_files(), None).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn the_consolidated_set_gives_exactly_the_accepted_text_and_redline(
        // Per amendment: 0 undecided, 1 accepted, 2 rejected; some decided twice.
        verdicts in prop::collection::vec(0u8..3, 64),
        revised in prop::collection::vec(any::<bool>(), 64),
    ) {
        let session = shipped_session();
        let mut log = DecisionLog::new(&session, Policy::Fail);
        let amendments: Vec<AmendmentRef> =
            session.proposals().iter().flat_map(|p| p.amendments()).collect();
        for (i, r) in amendments.iter().enumerate() {
            let verdict = match verdicts[i % verdicts.len()] {
                0 => continue,
                1 => Verdict::Accepted,
                _ => Verdict::Rejected,
            };
            if revised[i % revised.len()] {
                let other = match verdict {
                    Verdict::Accepted => Verdict::Rejected,
                    Verdict::Rejected => Verdict::Accepted,
                };
                log.record(r.clone(), other);
            }
            log.record(r.clone(), verdict);
        }
        assert_reproduces(&session, &log)?;
        let consolidated = consolidate(&session, &log).unwrap();
        let kept: usize = consolidated.set.proposals.iter().map(|p| p.amendments.len()).sum();
        let accepted = log.verdicts().values().filter(|v| **v == Verdict::Accepted).count();
        prop_assert_eq!(kept, accepted);
    }
}

#[test]
fn each_proposal_keeps_its_metadata_and_tag_with_only_its_accepted_amendments() {
    let session = shipped_session();
    let mut log = DecisionLog::new(&session, Policy::Fail);
    log.record(AmendmentRef::new("cr2-shall", 2), Verdict::Accepted);
    log.record(AmendmentRef::new("cr2-shall", 0), Verdict::Accepted);
    log.record(AmendmentRef::new("cr2-shall", 1), Verdict::Rejected);
    log.record(
        AmendmentRef::new("post-quantum-transition", 0),
        Verdict::Accepted,
    );
    let consolidated = consolidate(&session, &log).unwrap();
    let ids: Vec<&str> = consolidated
        .set
        .proposals
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["cr2-shall", "post-quantum-transition"],
        "session order"
    );
    let original = session.proposal("cr2-shall").unwrap();
    let cr2 = &consolidated.set.proposals[0];
    assert_eq!(
        cr2.amendments,
        [0, 2].map(|i| original.proposal().amendments[i].clone())
    );
    assert_eq!(cr2.tag.as_deref(), Some(original.tag.as_str()));
    assert_eq!(
        (
            &cr2.title,
            &cr2.sponsor,
            &cr2.source,
            &cr2.rationale,
            &cr2.base
        ),
        (
            &original.proposal().title,
            &original.proposal().sponsor,
            &original.proposal().source,
            &original.proposal().rationale,
            &original.proposal().base
        )
    );
    assert_eq!(consolidated.set.on_conflict, None);
    assert_eq!(consolidated.undecided.len(), log.undecided(&session).len());
    assert!(!consolidated
        .undecided
        .contains(&AmendmentRef::new("cr2-shall", 1)));
}

fn collision_session() -> Session {
    Session::load(
        &[
            "proposals/cybersecurity-workforce.json",
            "tests/fixtures/sme-as-subparagraph.json",
        ],
        None,
    )
    .unwrap()
}

fn accept_all(session: &Session, policy: Policy) -> DecisionLog {
    let mut log = DecisionLog::new(session, policy);
    for r in session.proposals().iter().flat_map(|p| p.amendments()) {
        log.record(r, Verdict::Accepted);
    }
    log
}

#[test]
fn a_merge_is_consolidated_and_applying_the_set_merges_again() {
    let session = collision_session();
    let log = accept_all(&session, Policy::Merge);
    let consolidated = consolidate(&session, &log).unwrap();
    assert_eq!(consolidated.set.on_conflict, Some(Policy::Merge));
    assert_eq!(consolidated.settled.settlement.merged.len(), 1);
    assert!(consolidated
        .to_json()
        .contains("\"on_conflict\": \"merge\""));
    assert_reproduces(&session, &log).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let applied = applied_set(&consolidated.to_json(), dir.path()).unwrap();
    let (text, _) = &applied["usmca-ch19"];
    assert!(text.contains("(d) promote the adoption by small and medium-sized enterprises"));
}

#[test]
fn shared_edits_stay_attributed_to_both_proposals() {
    let session = collision_session();
    let mut log = accept_all(&session, Policy::Fail);
    // Amendment 3 of each collides; the identical edits 1 and 2 are shared.
    log.record(
        AmendmentRef::new("sme-as-subparagraph", 2),
        Verdict::Rejected,
    );
    let consolidated = consolidate(&session, &log).unwrap();
    assert_eq!(consolidated.settled.settlement.shared.len(), 2);
    assert_eq!(consolidated.set.proposals[1].amendments.len(), 2);
    assert_reproduces(&session, &log).unwrap();
}

fn decision_error(result: Result<redline::decisions::Consolidated, ConsolidateError>) -> String {
    match result {
        Err(ConsolidateError::Decisions(e)) => e.to_string(),
        Err(other) => panic!("a decisions error, not {other}"),
        Ok(_) => panic!("the decisions should be refused"),
    }
}

#[test]
fn accepting_both_sides_of_a_conflict_is_refused_at_both_decisions() {
    let text = r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cybersecurity-workforce", "amendment": 3, "verdict": "accepted" },
  { "proposal": "sme-as-subparagraph", "amendment": 3, "verdict": "accepted" } ] }"#;
    let session = collision_session();
    for policy in [Policy::Fail, Policy::FirstWins, Policy::Skip] {
        let mut log = DecisionLog::parse(text, Path::new("d.json")).unwrap();
        log.policy = policy;
        let e = decision_error(consolidate(&session, &log));
        assert!(
            e.starts_with("d.json:3:3: both sides of a conflict are accepted: amendment 3 of cybersecurity-workforce and amendment 3 of sme-as-subparagraph collide at 19.15.1(c) (both insert under the same id)"),
            "{policy}: {e}"
        );
        assert!(
            e.contains("help: reject one of them: the decisions at d.json:2:3 and d.json:3:3"),
            "{e}"
        );
    }
}

#[test]
fn an_accepted_amendment_that_needs_one_not_accepted_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::named_file(
        dir.path(),
        "strive",
        "Tester",
        r#"[
  { "op": "replace_phrase", "at": "19.15.2", "phrase": "shall endeavor to", "with": "shall strive to" },
  { "op": "replace_phrase", "at": "19.15.2", "phrase": "shall strive to", "with": "shall try to" }
]"#,
    );
    let session = Session::load(&[PathBuf::from(path)], None).unwrap();
    let mut log = DecisionLog::new(&session, Policy::Fail);
    log.record(AmendmentRef::new("strive", 0), Verdict::Rejected);
    log.record(AmendmentRef::new("strive", 1), Verdict::Accepted);
    let e = decision_error(consolidate(&session, &log));
    assert!(
        e.starts_with("decision 2: amendment 2 of strive is accepted, but does not apply without amendment 1 of strive, which is rejected"),
        "{e}"
    );
    assert!(
        e.contains("help: accept amendment 1 of strive too, or reject amendment 2 of strive"),
        "{e}"
    );
}

#[test]
fn nothing_accepted_gives_an_empty_set_that_every_command_skips_with_a_note() {
    let session = shipped_session();
    let log = DecisionLog::new(&session, Policy::Fail);
    let consolidated = consolidate(&session, &log).unwrap();
    assert!(consolidated.set.proposals.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.json");
    std::fs::write(&path, consolidated.to_json()).unwrap();
    let Ok(redline::session::Input::Skipped { note, .. }) = redline::session::read_input(&path)
    else {
        panic!("an empty set is skipped")
    };
    assert!(note.contains("a proposal set with no proposals"), "{note}");
}

#[test]
fn a_problem_in_a_proposal_of_a_set_is_placed_in_the_set_file() {
    let dir = tempfile::tempdir().unwrap();
    let cr2 = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
    let broken = cr2.replace("\"2025\"", "\"last year\"");
    assert_ne!(broken, cr2);
    let set = format!(
        "{{\n  \"redline\": \"proposal-set\",\n  \"surplus\": 1,\n  \"proposals\": [\n{broken}\n  ]\n}}\n"
    );
    let path = dir.path().join("set.json");
    std::fs::write(&path, &set).unwrap();
    let Err(problems) = redline::session::read_input(&path) else {
        panic!("the set should be refused")
    };
    let line = set.lines().position(|l| l.contains("last year")).unwrap() + 1;
    let column = set
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"last year\"")
        .unwrap()
        + 1;
    let shown = format!("{}:{line}:{column}: `source.date`", path.display());
    assert!(
        problems.iter().any(|p| p.starts_with(&shown)),
        "{problems:#?}"
    );
    let surplus = format!("{}:3:14: unknown field `surplus`", path.display());
    assert!(
        problems.iter().any(|p| p.starts_with(&surplus)),
        "{problems:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A damaged decision log or proposal set is refused with places in the file, never a
    /// panic: bytes cut out of a valid file and others put in.
    #[test]
    fn a_damaged_log_or_set_is_refused_in_place_never_a_panic(
        cut in 0usize..4000,
        length in 0usize..40,
        inserted in "[\\[\\]{}\",: a-z0-9é]{0,6}",
        set in any::<bool>(),
    ) {
        let valid = if set {
            let session = Session::load(&["proposals/cr2-shall.json"], None).unwrap();
            let mut log = DecisionLog::new(&session, Policy::Fail);
            log.record(AmendmentRef::new("cr2-shall", 0), Verdict::Accepted);
            consolidate(&session, &log).unwrap().to_json()
        } else {
            std::fs::read_to_string("tests/fixtures/review-decisions.json").unwrap()
        };
        let mut start = cut.min(valid.len());
        while !valid.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + length).min(valid.len());
        while !valid.is_char_boundary(end) {
            end -= 1;
        }
        let damaged = format!("{}{inserted}{}", &valid[..start], &valid[end..]);
        if set {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("d.json");
            std::fs::write(&path, &damaged).unwrap();
            if let Err(problems) = redline::session::read_input(&path) {
                let place = path.display().to_string();
                prop_assert!(problems.iter().all(|p| p.starts_with(&place)), "{problems:#?}");
            }
        } else if let Err(e) = DecisionLog::parse(&damaged, Path::new("d.json")) {
            prop_assert!(e.problems.iter().all(|p| p.place.starts_with("d.json:")), "{e}");
        }
    }
}
