//! Several proposals through the session (conflict detection, settlement under every policy,
//! application, attribution) and every renderer: the attributed redline still spells both
//! texts, the terminal and plain text hold no invisible code point, and every XML part of the
//! Word document only what XML 1.0 can carry and no invisible code point (docs/security.md).
#![no_main]

use std::io::{Cursor, Read};

use libfuzzer_sys::fuzz_target;
use redline::diff::unit_texts;
use redline::proposal::{LoadedProposal, Proposal};
use redline::render::neutral::is_invisible;
use redline::render::{render, Format, RenderOptions, Report};
use redline::session::{Choices, Filter, Policy, ReportOptions, Session};
use redline_fuzz::{assert_spells_units, parts};
use termcolor::{Ansi, NoColor};

fuzz_target!(|data: &[u8]| {
    let loaded: Vec<LoadedProposal> = parts(data)
        .iter()
        .take(4)
        .filter_map(|json| Proposal::parse("fuzz.json", json.as_bytes()).ok())
        .collect();
    if loaded.is_empty() {
        return;
    }
    // Chapter 19 named, so no file a fuzzed `base` names is ever read.
    let Ok(session) = Session::new(loaded, Some("usmca-ch19")) else {
        return;
    };
    for policy in [Policy::FirstWins, Policy::Skip, Policy::Merge] {
        let Ok(settled) = session.settle(&Choices::policy(policy)) else {
            continue;
        };
        let options = ReportOptions {
            matrix: true,
            ..ReportOptions::default()
        };
        let report = settled
            .report(&options, &Filter::default())
            .expect("no filter, no error");
        for (section, text) in report.sections.iter().zip(&settled.texts) {
            let units = |doc| {
                unit_texts(doc)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
            };
            assert_spells_units(
                &section.redline,
                &units(text.before()),
                &units(text.amended()),
            );
        }
        render_everywhere(&report);
    }
});

/// Renders in every format; plain and coloured text hold no invisible code point but the
/// colours' own escapes.
fn render_everywhere(report: &Report) {
    let options = RenderOptions::default();
    for format in [Format::Html, Format::Json, Format::Markdown] {
        render(format, report, &options, &mut NoColor::new(Vec::new())).unwrap();
    }
    assert_word_is_inert(&redline::render::docx::render(report, &options));
    let mut plain = NoColor::new(Vec::new());
    render(Format::Text, report, &options, &mut plain).unwrap();
    let plain = String::from_utf8(plain.into_inner()).expect("UTF-8");
    assert!(
        !plain.contains(is_invisible),
        "an invisible code point in {plain:?}"
    );
    let mut coloured = Ansi::new(Vec::new());
    render(Format::Text, report, &options, &mut coloured).unwrap();
    let coloured = String::from_utf8(coloured.into_inner()).expect("UTF-8");
    let escapes = coloured.matches('\u{1b}').count();
    let colours = coloured.matches("\u{1b}[").count();
    assert_eq!(escapes, colours, "an escape that is not a colour");
}

/// Every part of a .docx: XML 1.0 characters only (which a control would break even
/// escaped), and no invisible code point.
fn assert_word_is_inert(docx: &[u8]) {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("a part");
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("UTF-8");
        let xml_char = |c: char| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
                || c >= '\u{10000}'
        };
        let bad: Vec<char> = xml
            .chars()
            .filter(|&c| !xml_char(c) || is_invisible(c))
            .collect();
        assert!(bad.is_empty(), "{} holds {bad:?}", part.name());
    }
}
