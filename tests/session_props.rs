//! For random subsets of the shipped proposals in random orders, the session's amended texts
//! are exactly what `redline apply` writes for the same files, and its redline keeps the
//! invariants: the equal and deleted spans spell each old text, the equal and inserted spans
//! each new text, and every change names a proposal given.

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use redline::diff::{unit_texts, SpanKind};
use redline::session::{Choices, Filter, Policy, ReportOptions, Session};

/// The shipped proposal files, as the command line names them.
fn shipped() -> Vec<String> {
    common::shipped_files()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// A random non-empty subset of the shipped proposals, in a random order.
fn subsets() -> impl Strategy<Value = Vec<String>> {
    let all = shipped();
    let n = all.len();
    prop::sample::subsequence(all, 1..=n).prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn session_text_is_apply_and_the_redline_keeps_its_invariants(
        files in subsets(),
        policy in prop::sample::select(vec![Policy::FirstWins, Policy::Skip]),
    ) {
        let session = Session::load(&files, None).unwrap();
        let settled = session.settle(&Choices::policy(policy)).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("amended/");
        let status = assert_cmd::Command::cargo_bin("redline")
            .unwrap()
            .arg("apply")
            .args(&files)
            .args(["--on-conflict", &policy.to_string(), "-o"])
            .arg(&out)
            .output()
            .unwrap();
        prop_assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        for (baseline, amended) in settled.amended() {
            let written = std::fs::read_to_string(out.join(format!("{}.txt", baseline.name))).unwrap();
            prop_assert_eq!(&written, &amended.render(), "{}", baseline.name);
        }

        let report = settled.report(&ReportOptions::default(), &Filter::default()).unwrap();
        let ids: Vec<&str> = session.proposals().iter().map(|p| p.id()).collect();
        for (section, text) in report.sections.iter().zip(&settled.texts) {
            let old: HashMap<String, &str> = unit_texts(text.before()).into_iter().collect();
            let new: HashMap<String, &str> = unit_texts(text.amended()).into_iter().collect();
            for p in &section.redline.provisions {
                if let Some(id) = &p.old_id {
                    prop_assert_eq!(p.side(SpanKind::Delete), old[id]);
                }
                if let Some(id) = &p.new_id {
                    prop_assert_eq!(p.side(SpanKind::Insert), new[id]);
                }
                for s in p.spans.iter().filter(|s| s.kind != SpanKind::Equal) {
                    let by = s.attribution.as_deref().unwrap_or_default();
                    prop_assert!(
                        by.split('+').all(|id| ids.contains(&id)),
                        "{} attributed to `{}`", p.id(), by
                    );
                }
            }
        }
    }
}
