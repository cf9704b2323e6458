//! Every renderer on a fixed pair of small baseline-layout texts (tests/fixtures: Article
//! 19.15 and 19.16, and a hand-amended copy), as snapshots; the HTML parsed to check its
//! structure; hostile text rendered inert in HTML and intact in JSON.

use std::collections::HashSet;

use redline::diff::{diff_documents, diff_texts, DiffOptions, Redline};
use redline::parse::parse;
use redline::render::{
    html, json, markdown, render, terminal, BindingnessFigure, BindingnessSide, Format, Input,
    ProposalInfo, RenderOptions, Report, Section, SourceInfo,
};
use scraper::{Html, Selector};
use termcolor::{Ansi, NoColor};

const OLD: &str = include_str!("fixtures/ch19-excerpt.txt");
const NEW: &str = include_str!("fixtures/ch19-excerpt-amended.txt");

/// The one section of a report on two texts, as `diff` makes.
fn one_section(redline: &Redline) -> Vec<Section> {
    vec![Section {
        baseline: "old".into(),
        title: "test".into(),
        has_differences: redline.has_differences(),
        redline: redline.clone(),
    }]
}

fn fixture() -> (Redline, Report) {
    let redline = diff_documents(
        &parse(OLD).unwrap(),
        &parse(NEW).unwrap(),
        &DiffOptions::default(),
    );
    let report = Report {
        title: "Redline of Article 19.15 (test fixture)".into(),
        inputs: vec![
            Input::new("old", "tests/fixtures/ch19-excerpt.txt", OLD.as_bytes()),
            Input::new(
                "new",
                "tests/fixtures/ch19-excerpt-amended.txt",
                NEW.as_bytes(),
            ),
        ],
        proposals: vec![ProposalInfo {
            id: "FIXTURE-1".into(),
            tag: "F1".into(),
            colour: 0,
            baseline: "old".into(),
            title: "Harden Article 19.15 (test fixture, not a filed proposal)".into(),
            sponsor: "Test fixture".into(),
            source: SourceInfo {
                filing: "tests/fixtures/ch19-excerpt-amended.txt".into(),
                date: "2026-11-24".into(),
                docket: "none".into(),
            },
            rationale: "Exercises every kind of change the renderers show.".into(),
        }],
        bindingness: vec![BindingnessFigure {
            provision_id: "19.15.2".into(),
            before: Some(BindingnessSide {
                category: "best_efforts".into(),
                strength: Some(45.0),
            }),
            after: Some(BindingnessSide {
                category: "obligation".into(),
                strength: Some(100.0),
            }),
        }],
        generated: "2026-11-24T09:30:00Z".into(),
        sections: one_section(&redline),
        ..Report::default()
    };
    (redline, report)
}

fn options() -> RenderOptions {
    RenderOptions::default()
}

#[test]
fn terminal_without_colour_uses_markers() {
    let (_, report) = fixture();
    let mut out = NoColor::new(Vec::new());
    terminal::render(&mut out, &report, &options()).unwrap();
    let text = String::from_utf8(out.into_inner()).unwrap();
    assert!(text.contains("[-the Parties-]{+each Party+} shall[- endeavor to-]:"));
    insta::assert_snapshot!("terminal_plain", text);
}

#[test]
fn terminal_with_colour_strikes_and_underlines() {
    let (_, report) = fixture();
    let mut out = Ansi::new(Vec::new());
    terminal::render(&mut out, &report, &options()).unwrap();
    let text = String::from_utf8(out.into_inner()).unwrap();
    assert!(text.contains("\x1b[9m"), "strikethrough");
    assert!(text.contains("\x1b[4m"), "underline");
    assert!(!text.contains("[-"), "no markers with colour");
    insta::assert_snapshot!("terminal_colour", text);
}

#[test]
fn html_snapshot() {
    let (_, report) = fixture();
    insta::assert_snapshot!("html", html::render(&report, &options()));
}

#[test]
fn json_snapshot() {
    let (_, report) = fixture();
    insta::assert_snapshot!("json", json::render(&report, &options()));
}

#[test]
fn markdown_snapshot() {
    let (_, report) = fixture();
    let text = markdown::render(&report, &options());
    assert!(text.contains("{~~the Parties~>each Party~~}"));
    insta::assert_snapshot!("markdown", text);
}

#[test]
fn full_shows_every_provision() {
    let (redline, report) = fixture();
    let full = json::render(
        &report,
        &RenderOptions {
            context: None,
            ..options()
        },
    );
    let value: serde_json::Value = serde_json::from_str(&full).unwrap();
    assert_eq!(
        value["sections"][0]["provisions"].as_array().unwrap().len(),
        redline.provisions.len()
    );
    assert_eq!(value["sections"][0]["elided"], 0);
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

#[test]
fn html_structure() {
    let (_, report) = fixture();
    let doc = Html::parse_document(&html::render(&report, &options()));
    // A compact header: the proposal, its sponsor, the inputs' fingerprints and when the
    // redline was made; the proposal's source and rationale come after the redline.
    let header: String = select(&doc, "header.doc")[0].text().collect();
    for expected in [
        "Harden Article 19.15",
        "Test fixture",
        "2026-11-24 09:30 UTC",
        "Draft",
        &report.inputs[0].sha256,
        &report.inputs[1].sha256,
    ] {
        assert!(header.contains(expected), "header lacks {expected}");
    }
    assert!(!header.contains("Exercises every kind"));
    let after: String = select(&doc, "section.after")[0].text().collect();
    for expected in ["Exercises every kind", "2026-11-24", "Changed provisions"] {
        assert!(
            after.contains(expected),
            "the part after the redline lacks {expected}"
        );
    }
    // Semantic changes, each with a visually hidden label.
    let dels = select(&doc, "#inline del");
    let inss = select(&doc, "#inline ins");
    assert!(!dels.is_empty() && !inss.is_empty());
    for element in dels.iter().chain(&inss) {
        let label = element
            .select(&Selector::parse(".sr-only").unwrap())
            .next()
            .expect("hidden label");
        let spoken: String = label.text().collect();
        assert!(spoken == "deleted: " || spoken == "inserted: ");
    }
    // Adjacent changes are merged: never two <del> (or two <ins>) side by side.
    let html_text = doc.root_element().html();
    assert!(!html_text.contains("</del><del"));
    assert!(!html_text.contains("</ins><ins"));
    // The table of contents links to provisions by eId, and every link lands.
    let ids: HashSet<String> = select(&doc, "[id]")
        .iter()
        .map(|e| e.value().id().unwrap().to_string())
        .collect();
    let toc = select(&doc, "nav.toc a");
    assert_eq!(toc.len(), 6);
    for link in &toc {
        let target = link.value().attr("href").unwrap().trim_start_matches('#');
        assert!(ids.contains(target), "TOC link #{target} has no target");
    }
    assert!(ids.contains("art_19.15__para_1__point_c"));
    // Both layouts, the legend, and nothing that reaches out or runs.
    assert_eq!(select(&doc, "#inline").len(), 1);
    assert_eq!(select(&doc, "#side-by-side table").len(), 1);
    assert_eq!(select(&doc, ".legend").len(), 1);
    assert!(select(&doc, "script, link, img, iframe").is_empty());
    assert!(html_text.contains("@media print"));
}

fn hostile() -> (Redline, Report) {
    let old = "Terms & conditions apply.\n";
    let new = "Terms & conditions <script>alert(1)</script> apply \"as quoted\" & 'so'.\n";
    let redline = diff_texts(old, new, &DiffOptions::default());
    let report = Report {
        title: "<script>alert('title')</script> & \"quotes\"".into(),
        inputs: vec![Input::new("old", "a&b.txt", old.as_bytes())],
        proposals: vec![ProposalInfo {
            id: "X\" onmouseover=\"alert(2)".into(),
            tag: "X".into(),
            colour: 0,
            baseline: "old".into(),
            title: "<img src=x onerror=alert(3)>".into(),
            sponsor: "Smith & Sons <b>".into(),
            source: SourceInfo::default(),
            rationale: "</dd></dl><script>alert(4)</script>".into(),
        }],
        bindingness: Vec::new(),
        generated: "2026-11-24T09:30:00Z".into(),
        sections: one_section(&redline),
        ..Report::default()
    };
    (redline, report)
}

#[test]
fn hostile_text_is_inert_in_html() {
    let (_, report) = hostile();
    let page = html::render(&report, &options());
    let doc = Html::parse_document(&page);
    assert!(select(&doc, "script, img, b").is_empty(), "markup leaked");
    assert!(select(&doc, "[onmouseover], [onerror]").is_empty());
    let inserted: String = select(&doc, "#inline ins")
        .iter()
        .flat_map(|e| e.text())
        .collect();
    assert!(inserted.contains("<script>alert(1)</script>"));
    assert!(inserted.contains("\"as quoted\""));
    let header: String = select(&doc, "header.doc")[0].text().collect();
    assert!(header.contains("Smith & Sons <b>"));
    assert!(header.contains("<img src=x onerror=alert(3)>"));
}

#[test]
fn hostile_text_is_intact_in_json() {
    let (_, report) = hostile();
    let value: serde_json::Value =
        serde_json::from_str(&json::render(&report, &options())).unwrap();
    let new_text: String = value["sections"][0]["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["spans"].as_array().unwrap())
        .filter(|s| s["kind"] != "delete")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        new_text,
        "Terms & conditions <script>alert(1)</script> apply \"as quoted\" & 'so'.\n"
    );
    assert_eq!(
        value["proposals"][0]["title"],
        "<img src=x onerror=alert(3)>"
    );
    assert_eq!(
        value["title"],
        "<script>alert('title')</script> & \"quotes\""
    );
}

#[test]
fn dispatch_by_format_matches_each_renderer() {
    let (_, report) = fixture();
    let mut out = NoColor::new(Vec::new());
    render(Format::Json, &report, &options(), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out.into_inner()).unwrap(),
        json::render(&report, &options())
    );
    assert_eq!(
        Format::from_path(std::path::Path::new("x/redline.HTML")),
        Format::Html
    );
    assert_eq!(
        Format::from_path(std::path::Path::new("r.md")),
        Format::Markdown
    );
    assert_eq!(
        Format::from_path(std::path::Path::new("r.txt")),
        Format::Text
    );
}

#[test]
fn attributed_changes_name_their_proposal_and_sponsor() {
    let (_, mut report) = fixture();
    for span in report.sections[0]
        .redline
        .provisions
        .iter_mut()
        .flat_map(|p| &mut p.spans)
    {
        if span.kind != redline::diff::SpanKind::Equal {
            span.attribution = Some("FIXTURE-1".into());
        }
    }
    let doc = Html::parse_document(&html::render(&report, &options()));
    let attributed = select(&doc, "#inline ins[data-proposal=\"FIXTURE-1\"]");
    assert!(!attributed.is_empty());
    assert_eq!(
        attributed[0].value().attr("title"),
        Some("Proposal FIXTURE-1 (Test fixture)")
    );
    let value: serde_json::Value =
        serde_json::from_str(&json::render(&report, &options())).unwrap();
    let spans = value["sections"][0]["provisions"][1]["spans"]
        .as_array()
        .unwrap();
    assert!(spans
        .iter()
        .any(|s| s["attribution"] == "FIXTURE-1" && s["kind"] == "delete"));
}

/// A struck or underlined space beside a word draws a stray stroke (`goods; ~ and~`): the
/// white space at either end of a change is set apart in a `.gap` (an inline block, which the
/// strike does not cross), and the words stay exactly as they were.
#[test]
fn html_changes_strike_no_white_space_at_their_ends() {
    let (redline, report) = fixture();
    let doc = Html::parse_document(&html::render(&report, &options()));
    let mut gaps = 0;
    for element in select(&doc, "#inline del, #inline ins") {
        let gap_or_label = |node: &scraper::ElementRef| {
            node.value().classes().any(|c| c == "gap" || c == "sr-only")
        };
        let mut marked = String::new();
        for child in element.children() {
            match scraper::ElementRef::wrap(child) {
                Some(e) if e.value().classes().any(|c| c == "gap") => {
                    gaps += 1;
                    assert!(e.text().all(|t| t.chars().all(char::is_whitespace)));
                }
                Some(e) if gap_or_label(&e) => {}
                Some(e) => marked.extend(e.text()),
                None => marked.push_str(child.value().as_text().map_or("", |t| &**t)),
            }
        }
        if !marked.trim().is_empty() {
            assert_eq!(
                marked.trim(),
                marked,
                "a decorated space in {}",
                element.html()
            );
        }
    }
    assert!(gaps > 0, "the fixture has changes with a space at an end");
    let shown: String = select(&doc, "#inline del")
        .iter()
        .flat_map(|e| e.text())
        .collect::<String>()
        .replace("deleted: ", "");
    let deleted: String = redline
        .provisions
        .iter()
        .flat_map(|p| &p.spans)
        .filter(|s| s.kind == redline::diff::SpanKind::Delete)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        shown.split_whitespace().collect::<Vec<_>>(),
        deleted.split_whitespace().collect::<Vec<_>>()
    );
}
