//! Several proposals through conflict detection, settlement, application, attribution and
//! every renderer: the attributed redline still spells both texts, and the terminal and plain
//! text hold no invisible code point (docs/security.md).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::amend;
use redline::attribution::attribute;
use redline::diff::{diff_documents, unit_texts, DiffOptions};
use redline::document::Document;
use redline::proposal::{LoadedProposal, Proposal};
use redline::render::neutral::is_invisible;
use redline::render::{render, Format, Input, ProposalInfo, RenderOptions, Report};
use redline::review::{find_conflicts, matrix, resolve_conflicts, Policy, ReviewSummary};
use redline_fuzz::{assert_spells_units, baselines, parts};
use termcolor::{Ansi, NoColor};

fuzz_target!(|data: &[u8]| {
    let loaded: Vec<LoadedProposal> = parts(data)
        .iter()
        .take(4)
        .filter_map(|json| Proposal::parse("fuzz.json", json.as_bytes()).ok())
        .collect();
    let ids: Vec<String> = loaded.iter().map(|l| l.proposal.id.clone()).collect();
    if loaded.is_empty() || (1..ids.len()).any(|i| ids[..i].contains(&ids[i])) {
        return;
    }
    let proposals: Vec<&Proposal> = loaded.iter().map(|l| &l.proposal).collect();
    let before = &baselines()[0].1;
    let Ok(conflicts) = find_conflicts(before, &proposals) else {
        return;
    };
    for policy in [Policy::FirstWins, Policy::Skip] {
        let (applied, dropped) = resolve_conflicts(&proposals, &conflicts, policy);
        let Some(versions) = versions(before, &applied) else {
            continue;
        };
        let after = versions.last().expect("the baseline is first");
        let mut redline = diff_documents(before, after, &DiffOptions::default());
        let applied_ids: Vec<String> = applied.iter().map(|p| p.id.clone()).collect();
        attribute(&mut redline, &versions, &applied_ids);
        let units = |doc| {
            unit_texts(doc)
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
        };
        assert_spells_units(&redline, &units(before), &units(after));
        let report = Report {
            title: "fuzz".into(),
            inputs: loaded
                .iter()
                .map(|l| Input::new("proposal", &l.proposal.title, &l.raw))
                .collect(),
            proposals: proposals.iter().map(|p| ProposalInfo::from(*p)).collect(),
            bindingness: Vec::new(),
            review: Some(ReviewSummary {
                policy,
                matrix: matrix(&redline, &versions, &proposals),
                conflicts: conflicts.clone(),
                dropped,
            }),
        };
        render_everywhere(&redline, &report);
    }
});

/// The baseline, then the text after each proposal in turn; `None` if one does not apply.
fn versions(before: &Document, applied: &[Proposal]) -> Option<Vec<Document>> {
    let mut versions = vec![before.clone()];
    for proposal in applied {
        let next = amend::apply(versions.last()?, proposal).ok()?;
        versions.push(next.document);
    }
    Some(versions)
}

/// Renders in every format; plain and coloured text hold no invisible code point but the
/// colours' own escapes.
fn render_everywhere(redline: &redline::diff::Redline, report: &Report) {
    let options = RenderOptions::default();
    for format in [Format::Html, Format::Json, Format::Markdown] {
        render(
            format,
            redline,
            report,
            &options,
            &mut NoColor::new(Vec::new()),
        )
        .unwrap();
    }
    let mut plain = NoColor::new(Vec::new());
    render(Format::Text, redline, report, &options, &mut plain).unwrap();
    let plain = String::from_utf8(plain.into_inner()).expect("UTF-8");
    assert!(
        !plain.contains(is_invisible),
        "an invisible code point in {plain:?}"
    );
    let mut coloured = Ansi::new(Vec::new());
    render(Format::Text, redline, report, &options, &mut coloured).unwrap();
    let coloured = String::from_utf8(coloured.into_inner()).expect("UTF-8");
    let escapes = coloured.matches('\u{1b}').count();
    let colours = coloured.matches("\u{1b}[").count();
    assert_eq!(escapes, colours, "an escape that is not a colour");
}
