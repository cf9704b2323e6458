//! The redline as one self-contained HTML file: inline CSS, no scripts, no network.
//!
//! Deletions are `<del>` (struck through) and insertions `<ins>` (underlined; double-underlined
//! in print), each opening with a visually hidden "deleted:" / "inserted:" label so colour is
//! never the only cue (WCAG 1.4.1). The file holds a header (title, proposals with sponsor,
//! source and rationale, inputs with SHA-256), a legend, a table of contents linking changed
//! provisions by eId, and two layouts: inline and side by side, switched with CSS `:target` so
//! it works without JavaScript. Every piece of text goes through `neutral` (invisible code
//! points shown, then `html_escape`).

use std::fmt::Write as _;

use super::neutral::{html_attribute as attr, html_text as text};

use super::view::{elided_text, entries, Entry};
use super::{
    bindingness_text, capitalised, display_spans, label_kind, matrix_view, status_note, summary,
    ProposalInfo, RenderOptions, Report, Section, TAG_PALETTE,
};
use crate::diff::{ProvisionRedline, SpanKind, Status};

/// The stylesheet: a quiet document style for screen, and black-and-white rules for print.
const STYLE: &str = r#"
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #d8dce1; --del: #a1161b; --del-bg: #fdecec;
  --ins: #14612b; --ins-bg: #e6f4ea; --accent: #1f3b5c; --paper: #ffffff; --shade: #f6f7f9;
  --move: #0b7a3e; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--shade); color: var(--ink);
  font: 16px/1.6 Georgia, "Times New Roman", serif; }
.page { max-width: 62rem; margin: 0 auto; background: var(--paper); padding: 1.25rem 3rem 3rem;
  border-left: 1px solid var(--rule); border-right: 1px solid var(--rule); min-height: 100vh; }
header.doc { border-bottom: 3px double var(--accent); padding-bottom: 0.6rem; margin-bottom: 0.75rem; }
.kicker { font: 600 0.75rem/1.2 system-ui, sans-serif; letter-spacing: 0.12em; text-transform: uppercase;
  color: var(--accent); margin: 0 0 0.25rem; }
h1 { font-size: 1.4rem; line-height: 1.25; margin: 0 0 0.4rem; color: var(--accent); }
p.proposals { margin: 0; font: 0.85rem/1.5 system-ui, sans-serif; }
.draft { color: #a1161b; }
h2 { font: 600 0.8rem/1.2 system-ui, sans-serif; letter-spacing: 0.08em; text-transform: uppercase;
  color: var(--muted); margin: 1.5rem 0 0.5rem; }
.proposal { border-left: 4px solid var(--accent); background: var(--shade); padding: 0.75rem 1rem;
  margin: 0.75rem 0; }
.proposal h3 { margin: 0 0 0.4rem; font-size: 1.1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.meta dt { font: 600 0.8rem/1.6 system-ui, sans-serif; color: var(--muted); }
dl.meta dd { margin: 0; }
.provenance { font: 0.75rem/1.4 system-ui, sans-serif; color: var(--muted); margin-top: 0.3rem; }
dl.provenance { gap: 0 0.75rem; }
.provenance code { font: 0.75rem/1.5 ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.summary { font: 600 0.9rem/1.4 system-ui, sans-serif; margin: 0.4rem 0 0; }
.note { border: 1px solid #b7791f; background: #fff8e6; padding: 0.5rem 0.75rem; font-family: system-ui, sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font: 0.8rem/1.4 system-ui, sans-serif;
  padding: 0.4rem 0.8rem; border: 1px solid var(--rule); border-radius: 4px; }
.legend .sample-unchanged { color: var(--muted); }
.print-only { display: none; }
.legend span.term { color: var(--muted); }
nav.toc ol { columns: 2; column-gap: 2rem; padding-left: 1.2rem; margin: 0; font: 0.9rem/1.6 system-ui, sans-serif; }
nav.toc a { color: var(--accent); }
nav.toc .status { color: var(--muted); }
nav.views { margin: 0.75rem 0 0.25rem; font: 600 0.85rem/1 system-ui, sans-serif; }
nav.views a { display: inline-block; padding: 0.45rem 0.9rem; border: 1px solid var(--accent);
  color: var(--accent); text-decoration: none; margin-right: 0.4rem; border-radius: 3px; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through;
  text-decoration-thickness: 1.5px; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline;
  text-decoration-thickness: 1.5px; text-underline-offset: 2px; }
.tag { font: 700 0.62rem/1 system-ui, sans-serif; letter-spacing: 0.04em; color: #fff;
  border-radius: 3px; padding: 0.12rem 0.3rem; margin: 0 0.15rem 0 0.1rem; vertical-align: 0.35em;
  white-space: nowrap; }
h2.document { font: 700 1.2rem/1.3 Georgia, "Times New Roman", serif; text-transform: none;
  letter-spacing: 0; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: 0.3rem;
  margin-top: 2rem; }
table.matrix { border-collapse: collapse; font: 0.85rem/1.4 system-ui, sans-serif; margin: 0.5rem 0 1rem; }
table.matrix th, table.matrix td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.75rem; text-align: right; }
table.matrix th:nth-child(-n+2), table.matrix td:nth-child(-n+2) { text-align: left; }
.conflict { border-left: 4px solid #a65e00; background: #fff6e5; padding: 0.5rem 1rem; margin: 0.5rem 0;
  font: 0.85rem/1.5 system-ui, sans-serif; white-space: pre-wrap; }
sup.fn { font-size: 0.7em; line-height: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.provision { margin: 0 0 1.1rem; scroll-margin-top: 1rem; }
.provision h3 { font: 600 0.85rem/1.3 system-ui, sans-serif; margin: 0 0 0.2rem; color: var(--accent); }
.provision h3 .status { font-weight: 400; color: var(--muted); margin-left: 0.5rem; }
.provision h3 .score { font-weight: 400; color: var(--muted); margin-left: 0.5rem; }
.provision p { margin: 0; white-space: pre-line; }
.whitespace .provision p, .whitespace table.sbs td { white-space: pre-wrap; }
.depth-1 { margin-left: 2rem; } .depth-2 { margin-left: 4rem; }
.provision.inserted p { border-left: 3px solid var(--ins); padding-left: 0.6rem; }
.provision.deleted p { border-left: 3px solid var(--del); padding-left: 0.6rem; }
.provision.moved p, .provision.split p { border-left: 3px dashed var(--accent); padding-left: 0.6rem; }
.provision.unchanged { color: var(--muted); }
.label { font-weight: 600; margin-right: 0.15rem; }
del, ins { padding: 0 0.1em; border-radius: 2px; }
del .gap, ins .gap { display: inline-block; white-space: pre; }
del.punct, ins.punct { outline: 1.5px solid currentColor; outline-offset: 1px; padding: 0 0.25em; margin: 0 0.1em; }
.moved-text { color: var(--move); text-decoration: underline double; text-decoration-thickness: 1px;
  text-underline-offset: 3px; }
.move-from { color: var(--move); text-decoration: line-through double; text-decoration-thickness: 1px; }
.move-note { font: 600 0.75rem/1 system-ui, sans-serif; color: var(--move); border: 1px solid var(--move);
  border-radius: 3px; padding: 0.1rem 0.35rem; margin-right: 0.4rem; white-space: nowrap; }
.move-note a { color: inherit; }
.provision.heading p { font-weight: 700; color: var(--accent); font-size: 1.05rem; }
.provision.heading { margin-top: 1.6rem; }
.elided { font: italic 0.85rem/1.4 system-ui, sans-serif; color: var(--muted); text-align: center;
  border-top: 1px dashed var(--rule); border-bottom: 1px dashed var(--rule); padding: 0.3rem; margin: 0 0 1.1rem; }
#side-by-side { display: none; }
#side-by-side:target { display: block; }
/* The view shown is marked: inline unless the side-by-side view is the target. */
body:not(:has(#side-by-side:target)) nav.views a[href='#inline'],
body:has(#side-by-side:target) nav.views a[href='#side-by-side'] {
  background: var(--accent); color: var(--paper); }
#side-by-side:target ~ #inline { display: none; }
table.sbs { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.sbs th, table.sbs td { border-top: 1px solid var(--rule); padding: 0.5rem 0.6rem; vertical-align: top;
  text-align: left; white-space: pre-line; }
table.sbs thead th { font: 600 0.8rem/1.2 system-ui, sans-serif; color: var(--muted); border-top: 0; }
table.sbs th.id { width: 9rem; font: 600 0.8rem/1.4 system-ui, sans-serif; color: var(--accent); white-space: normal; }
table.sbs th.id .status { display: block; font-weight: 400; color: var(--muted); }
section.after { margin-top: 2rem; border-top: 1px solid var(--rule); }
footer { margin-top: 2rem; font: 0.75rem/1.4 system-ui, sans-serif; color: var(--muted);
  border-top: 1px solid var(--rule); padding-top: 0.6rem; }
@media print {
  .screen-only { display: none; }
  .print-only { display: inline; }
  .moved-text, .move-from, .move-note { color: #000; border-color: #000; }
  .provision.unchanged, .legend .sample-unchanged { color: #555; }
  .tag { color: #000; background: none !important; border: 1px solid #000; }
  .conflict { background: none; border-left-color: #000; }
  body { background: none; font-size: 11pt; }
  .page { border: 0; padding: 0; max-width: none; }
  nav.views, #side-by-side { display: none !important; }
  #inline { display: block !important; }
  del, ins, h1, .provision h3 { color: #000; background: none; }
  .draft { color: #000; }
  del { text-decoration: line-through; }
  ins { text-decoration: underline double; }
  .provision { break-inside: avoid; }
  nav.toc a { color: #000; text-decoration: none; }
  .proposal { background: none; border-left: 2px solid #000; }
  .kicker, h1, .provision.heading p, .provision h3 .status { color: #000; }
  .provision.inserted p, .provision.deleted p, .provision.moved p, .provision.split p { border-color: #000; }
  header.doc { border-bottom-color: #000; }
}
"#;

/// The report as a complete HTML document.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let whitespace = report.sections.iter().any(|s| s.redline.whitespace);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"redline {}\">\n<title>{}</title>\n<style>{STYLE}{}{}</style>\n\
         </head>\n<body{}>\n<div class=\"page\">\n",
        env!("CARGO_PKG_VERSION"),
        text(&report.title),
        page_style(report, options),
        tag_styles(),
        if whitespace {
            " class=\"whitespace\""
        } else {
            ""
        }
    );
    header(&mut out, report, options);
    legend(&mut out, report);
    out.push_str(
        "<nav class=\"views\" aria-label=\"Layout\"><a href=\"#inline\">Inline</a>\
         <a href=\"#side-by-side\">Side by side</a></nav>\n<main>\n",
    );
    side_by_side(&mut out, report, options);
    inline(&mut out, report, options);
    out.push_str("</main>\n<section class=\"after\" aria-label=\"About this redline\">\n");
    review(&mut out, report);
    if !report.proposals.is_empty() {
        out.push_str("<h2>Proposals</h2>\n");
        for p in &report.proposals {
            proposal(&mut out, report, p);
        }
    }
    contents(&mut out, report);
    out.push_str("</section>\n");
    let _ = write!(
        out,
        "<footer>{} Made from the inputs listed above; a counterparty can check them by their \
         SHA-256.</footer>\n</div>\n</body>\n</html>\n",
        text(&capitalised(&report.stamp(options)))
    );
    out
}

/// The printed page: margins, the DRAFT mark at the top of every page, the generation time
/// and the page number at the foot.
fn page_style(report: &Report, options: &RenderOptions) -> String {
    // Only characters of a timestamp reach the stylesheet, whatever a caller put in the report.
    let generated: String = report
        .generated_text()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | ':' | '-'))
        .collect();
    let draft = if options.draft {
        "@top-right { content: \"DRAFT\"; font: 700 11pt system-ui, sans-serif; letter-spacing: 0.25em; }\n  "
    } else {
        ""
    };
    let generated = if generated.is_empty() {
        String::new()
    } else {
        format!("@bottom-left {{ content: \"Generated {generated}\"; font: 8pt system-ui, sans-serif; }}\n  ")
    };
    format!(
        "@page {{ margin: 16mm 15mm 18mm;\n  {draft}{generated}@bottom-right {{ content: \"Page \" \
         counter(page) \" of \" counter(pages); font: 8pt system-ui, sans-serif; }}\n}}\n"
    )
}

/// The compact header: what the redline is, when it was made, the proposals one line each,
/// the inputs' fingerprints and the count of changes, so the first change follows on the first
/// screen and the first printed page. Rationales, the matrix and the contents come after the
/// redline.
fn header(out: &mut String, report: &Report, options: &RenderOptions) {
    let draft = if options.draft {
        "<span class=\"draft\">Draft</span> · "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<header class=\"doc\">\n<p class=\"kicker\">{draft}Redline{}</p>\n<h1>{}</h1>",
        report
            .generated_text()
            .map(|t| format!(" · generated {}", text(&t)))
            .unwrap_or_default(),
        text(&report.title)
    );
    if !report.proposals.is_empty() {
        out.push_str("<p class=\"proposals\">");
        for (i, p) in report.proposals.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            if report.marks_proposals() {
                let _ = write!(out, "{} ", tag_label(&p.tag, p.colour, false));
            }
            let _ = write!(
                out,
                "<a href=\"#proposal-{}\"><strong>{}</strong></a>: {} <span class=\"term\">({})</span>",
                attr(&p.id),
                text(&p.id),
                text(&p.title),
                text(&p.sponsor)
            );
        }
        out.push_str("</p>\n");
    }
    out.push_str("<dl class=\"meta provenance\">\n");
    for input in &report.inputs {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{} <code>SHA-256 {}</code></dd>",
            text(&capitalised(&input.role)),
            text(&input.name),
            text(&input.sha256)
        );
    }
    out.push_str("</dl>\n");
    for section in &report.sections {
        if let Some(reason) = &section.redline.coarsened {
            let _ = writeln!(
                out,
                "<p class=\"note\" role=\"note\"><strong>Coarsened:</strong> {}</p>",
                text(reason)
            );
        }
        let summary = summary(&section.redline);
        let _ = match report.has_sections() {
            true => writeln!(
                out,
                "<p class=\"summary\">{}: {}</p>",
                text(&section.baseline),
                text(&summary)
            ),
            false => writeln!(out, "<p class=\"summary\">{}</p>", text(&summary)),
        };
    }
    for note in report.notes() {
        let _ = writeln!(out, "<p class=\"note\" role=\"note\">{}</p>", text(&note));
    }
    out.push_str("</header>\n");
}

/// One rule per colour of [`TAG_PALETTE`]: `.tag.c0` to `.tag.c11`.
fn tag_styles() -> String {
    TAG_PALETTE
        .iter()
        .enumerate()
        .map(|(i, c)| format!(".tag.c{i} {{ background: {}; }}\n", c.html))
        .collect()
}

/// A proposal's tag as a coloured label, hidden from screen readers where the change's own
/// label says it.
fn tag_label(tag: &str, colour: usize, hidden: bool) -> String {
    format!(
        "<span class=\"tag c{}\"{}>{}</span>",
        colour % TAG_PALETTE.len(),
        if hidden { " aria-hidden=\"true\"" } else { "" },
        text(tag)
    )
}

/// The anchor of a provision: its eId in the first section, prefixed in the others so two
/// documents' footnotes and headings do not share an id.
fn anchor(section: usize, eid: &str) -> String {
    match section {
        0 => eid.to_string(),
        n => format!("doc{}__{eid}", n + 1),
    }
}

/// With several documents, the heading of one document's part of a view.
fn section_heading(out: &mut String, report: &Report, section: &Section) {
    if report.has_sections() {
        let _ = writeln!(out, "<h2 class=\"document\">{}</h2>", text(&section.title));
    }
}

fn proposal(out: &mut String, report: &Report, p: &ProposalInfo) {
    let tag = match report.marks_proposals() {
        true => format!("{} ", tag_label(&p.tag, p.colour, false)),
        false => String::new(),
    };
    let _ = write!(
        out,
        "<section class=\"proposal\" id=\"proposal-{}\" aria-label=\"Proposal {}\">\n<h3>{tag}{}: {}</h3>\n<dl class=\"meta\">\n\
         <dt>Sponsor</dt><dd>{}</dd>\n<dt>Source</dt><dd>{}</dd>\n<dt>Rationale</dt><dd>{}</dd>\n</dl>\n</section>\n",
        attr(&p.id),
        attr(&p.id),
        text(&p.id),
        text(&p.title),
        text(&p.sponsor),
        text(&p.source_text()),
        text(&p.rationale)
    );
}

/// The legend, true on screen and on paper: each sample is set in the style it explains, and
/// where print differs the words say so.
fn legend(out: &mut String, report: &Report) {
    out.push_str(
        "<section class=\"legend\" aria-label=\"Legend\">\
         <span><span class=\"term\">Legend:</span></span>\
         <span><del><span class=\"sr-only\">deleted: </span>struck through</del> deleted</span>\
         <span><ins><span class=\"sr-only\">inserted: </span>underlined</ins> inserted\
         <span class=\"print-only\"> (double underline)</span></span>\
         <span><del class=\"punct\"><span class=\"sr-only\">deleted: </span>;</del> \
         <ins class=\"punct\"><span class=\"sr-only\">inserted: </span>.</ins> boxed: punctuation changed</span>\
         <span><span class=\"move-from\">double strike</span> moved away, \
         <span class=\"moved-text\">double underline</span> moved here\
         <span class=\"screen-only\"> (green)</span></span>\
         <span><span class=\"sample-unchanged\">grey</span>: unchanged context</span>",
    );
    if report.marks_proposals() {
        for p in &report.proposals {
            let _ = write!(
                out,
                "<span>{} {} ({})</span>",
                tag_label(&p.tag, p.colour, false),
                text(&p.id),
                text(&p.sponsor)
            );
        }
    }
    out.push_str("</section>\n");
}

/// The review's matrix and the conflicts found; the settlement's notes are in the header.
fn review(out: &mut String, report: &Report) {
    let conflicts = report
        .settlement
        .as_ref()
        .map(|s| (s.policy, s.conflicts.as_slice()));
    if report.matrix.is_none() && conflicts.is_none_or(|(_, c)| c.is_empty()) {
        return;
    }
    out.push_str("<section class=\"review\" aria-label=\"Review summary\">\n");
    if let Some(matrix) = &report.matrix {
        out.push_str("<h2>What each proposal does</h2>\n<table class=\"matrix\">\n<thead><tr>");
        let view = matrix_view(matrix);
        for column in view.columns {
            let _ = write!(out, "<th scope=\"col\">{}</th>", text(column));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (row, cells) in matrix.iter().zip(&view.rows) {
            let tag = report
                .proposals
                .iter()
                .find(|p| p.id == row.proposal)
                .filter(|_| report.marks_proposals())
                .map(|p| format!("{} ", tag_label(&p.tag, p.colour, false)))
                .unwrap_or_default();
            let [proposal, rest @ ..] = cells.each_ref().map(|cell| text(cell));
            let _ = writeln!(
                out,
                "<tr><td>{tag}{proposal}</td><td>{}</td></tr>",
                rest.join("</td><td>")
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if let Some((policy, conflicts)) = conflicts {
        for conflict in conflicts {
            let _ = writeln!(
                out,
                "<p class=\"conflict\" role=\"note\"><strong>Conflict (settled by {policy}):</strong> {}</p>",
                text(&conflict.to_string())
            );
        }
    }
    out.push_str("</section>\n");
}

fn contents(out: &mut String, report: &Report) {
    out.push_str(
        "<nav class=\"toc\" aria-label=\"Changed provisions\">\n<h2>Changed provisions</h2>\n",
    );
    for (index, section) in report.sections.iter().enumerate() {
        if report.has_sections() {
            let _ = writeln!(out, "<h3>{}</h3>", text(&section.title));
        }
        let changed: Vec<&ProvisionRedline> = section
            .redline
            .provisions
            .iter()
            .filter(|p| p.is_change())
            .collect();
        if changed.is_empty() {
            out.push_str("<p>None: the texts are the same.</p>\n");
            continue;
        }
        out.push_str("<ol>\n");
        for p in changed {
            let _ = writeln!(
                out,
                "<li><a href=\"#{}\">{}</a> <span class=\"status\">{}</span></li>",
                attr(&anchor(index, &p.eid)),
                text(p.id()),
                text(&status_note(p))
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</nav>\n");
}

fn status_class(p: &ProvisionRedline) -> &'static str {
    match p.status {
        Status::Unchanged => "unchanged",
        Status::Changed => "changed",
        Status::Inserted => "inserted",
        Status::Deleted => "deleted",
        Status::Moved { .. } => "moved",
        Status::Split => "split",
    }
}

fn heading(
    out: &mut String,
    report: &Report,
    options: &RenderOptions,
    p: &ProvisionRedline,
    id: &str,
    note: &str,
) {
    let _ = write!(
        out,
        "<h3>{}<span class=\"status\">{}</span>",
        text(id),
        text(note)
    );
    if let Some(figure) = report.bindingness_of(p, options) {
        let _ = write!(
            out,
            "<span class=\"score\">{}</span>",
            text(&bindingness_text(figure))
        );
    }
    out.push_str("</h3>\n");
}

/// The anchor of a moved provision's old place.
fn moved_away_anchor(section: usize, p: &ProvisionRedline) -> String {
    anchor(section, &format!("{}__moved_from", p.eid))
}

fn inline(out: &mut String, report: &Report, options: &RenderOptions) {
    out.push_str("<section id=\"inline\" class=\"view\" aria-label=\"Inline redline\">\n");
    for (index, section) in report.sections.iter().enumerate() {
        section_heading(out, report, section);
        let redline = &section.redline;
        for item in entries(redline, options.context) {
            match item {
                Entry::Elided { count, items_of } => {
                    elided(out, &elided_text(redline.layout, count, items_of));
                }
                Entry::MovedAway(_, p) => {
                    let to = p.new_id.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "<section class=\"provision moved-away depth-{}\" id=\"{}\">",
                        p.depth.min(2),
                        attr(&moved_away_anchor(index, p))
                    );
                    let old_id = p.old_id.as_deref().unwrap_or_default();
                    heading(
                        out,
                        report,
                        &no_scores(options),
                        p,
                        old_id,
                        &format!("moved to {to}"),
                    );
                    out.push_str("<p>");
                    moved_away_body(out, index, p);
                    out.push_str("</p>\n</section>\n");
                }
                Entry::Provision(_, p) => {
                    let is_heading = p.kind.ends_with("heading");
                    let _ = writeln!(
                        out,
                        "<section class=\"provision {}{} depth-{}\" id=\"{}\">",
                        status_class(p),
                        if is_heading { " heading" } else { "" },
                        p.depth.min(2),
                        attr(&anchor(index, &p.eid))
                    );
                    if !is_heading || p.is_change() {
                        heading(out, report, options, p, p.id(), &status_note(p));
                    }
                    out.push_str("<p>");
                    body(out, report, index, p, redline.whitespace, Side::Both);
                    out.push_str("</p>\n</section>\n");
                }
            }
        }
    }
    out.push_str("</section>\n");
}

/// The options without bindingness figures: a move's old place carries none (the figures go
/// with the provision where it now stands).
fn no_scores(options: &RenderOptions) -> RenderOptions {
    RenderOptions {
        scores: false,
        ..*options
    }
}

/// A move's old place: a marker linking to where it went, and the old text in the move style.
fn moved_away_body(out: &mut String, section: usize, p: &ProvisionRedline) {
    let to = p.new_id.as_deref().unwrap_or_default();
    let label = p.old_label.as_deref().unwrap_or_default();
    let old = format!("{label} {}", p.side(SpanKind::Delete).trim_end());
    let _ = write!(
        out,
        "<a class=\"move-note\" href=\"#{}\">moved to {}</a><span class=\"move-from\">\
         <span class=\"sr-only\">moved away: </span>{}</span>",
        attr(&anchor(section, &p.eid)),
        text(to),
        treaty_text(old.trim_start())
    );
}

fn side_by_side(out: &mut String, report: &Report, options: &RenderOptions) {
    out.push_str(
        "<section id=\"side-by-side\" class=\"view\" aria-label=\"Side-by-side redline\">\n",
    );
    for (index, section) in report.sections.iter().enumerate() {
        section_heading(out, report, section);
        let redline = &section.redline;
        out.push_str(
            "<table class=\"sbs\">\n<thead><tr><th class=\"id\">Provision</th>\
             <th>Before</th><th>After</th></tr></thead>\n<tbody>\n",
        );
        for item in entries(redline, options.context) {
            match item {
                Entry::Elided { count, items_of } => {
                    let _ = writeln!(
                        out,
                        "<tr><td colspan=\"3\" class=\"elided\">{}</td></tr>",
                        text(&elided_text(redline.layout, count, items_of))
                    );
                }
                Entry::MovedAway(_, p) => {
                    let to = p.new_id.as_deref().unwrap_or_default();
                    let _ = write!(
                        out,
                        "<tr class=\"moved-away\"><th class=\"id\" scope=\"row\">{}<span class=\"status\">moved to {}</span></th><td>",
                        text(p.old_id.as_deref().unwrap_or_default()),
                        text(to)
                    );
                    moved_away_body(out, index, p);
                    out.push_str("</td><td></td></tr>\n");
                }
                Entry::Provision(_, p) => {
                    let _ = write!(
                        out,
                        "<tr id=\"sbs-{}\" class=\"{}\"><th class=\"id\" scope=\"row\">{}<span class=\"status\">{}</span>",
                        attr(&anchor(index, &p.eid)),
                        status_class(p),
                        text(p.id()),
                        text(&status_note(p))
                    );
                    if let Some(figure) = report.bindingness_of(p, options) {
                        let _ = write!(
                            out,
                            "<span class=\"status\">{}</span>",
                            text(&bindingness_text(figure))
                        );
                    }
                    out.push_str("</th><td>");
                    if p.old_id.is_some() {
                        body(out, report, index, p, redline.whitespace, Side::Old);
                    }
                    out.push_str("</td><td>");
                    if p.new_id.is_some() {
                        body(out, report, index, p, redline.whitespace, Side::New);
                    }
                    out.push_str("</td></tr>\n");
                }
            }
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// One `<del>` or `<ins>` element holding already escaped `html`, with its hidden label and,
/// when known, the proposal (and sponsor) that made the change.
fn change(
    out: &mut String,
    element: &str,
    class: &str,
    spoken: &str,
    html: &str,
    attribution: Option<Attributed<'_>>,
) {
    let proposal = attribution
        .as_ref()
        .map(|a| {
            let title = match a.sponsor.is_empty() {
                false => format!("Proposal {} ({})", a.id, a.sponsor),
                true => format!("Proposal {}", a.id),
            };
            format!(
                " data-proposal=\"{}\" title=\"{}\"",
                attr(a.id),
                attr(&title)
            )
        })
        .unwrap_or_default();
    // Several sponsors: a visible tag before the change, in the sponsor's colour, and the
    // sponsor in the hidden label, so neither colour nor hover is needed to tell them apart.
    let (tag, by) = match attribution.as_ref().and_then(|a| a.mark.as_ref()) {
        Some((tag, colour)) => (tag_label(tag, *colour, true), format!(" by {}", text(tag))),
        None => (String::new(), String::new()),
    };
    let _ = write!(
        out,
        "{tag}<{element}{class}{proposal}><span class=\"sr-only\">{spoken}{by}: </span>{html}</{element}>"
    );
}

/// Who made a change: the proposal(s), their sponsors, and their mark.
struct Attributed<'a> {
    id: &'a str,
    sponsor: String,
    mark: Option<(String, usize)>,
}

/// Which text a body shows: the redline, or one side of it (side by side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Both,
    Old,
    New,
}

impl Side {
    fn keeps(self, kind: SpanKind) -> bool {
        match self {
            Side::Both => true,
            Side::Old => kind != SpanKind::Insert,
            Side::New => kind != SpanKind::Delete,
        }
    }
}

/// Writes the provision's label and the spans `side` keeps, each change as one element with its
/// hidden label; the label of an inserted or deleted provision goes inside the element that
/// holds its text, so the whole block is one change. The old side shows the old label; a moved
/// provision opens with a marker linking to its old place, its unchanged words in the move
/// style.
fn body(
    out: &mut String,
    report: &Report,
    section: usize,
    p: &ProvisionRedline,
    whitespace: bool,
    side: Side,
) {
    let label_text = match side {
        Side::Old => p.old_label.as_deref().unwrap_or(&p.label),
        _ => &p.label,
    };
    let moved = matches!(p.status, Status::Moved { .. });
    if moved && side != Side::Old {
        let _ = write!(
            out,
            "<a class=\"move-note\" href=\"#{}\">moved from {}</a>",
            attr(&moved_away_anchor(section, p)),
            text(p.old_id.as_deref().unwrap_or_default())
        );
    }
    let mut label = if label_text.is_empty() {
        String::new()
    } else {
        format!("<span class=\"label\">{}</span> ", treaty_text(label_text))
    };
    if label_kind(p) == SpanKind::Equal || !side.keeps(label_kind(p)) {
        out.push_str(&std::mem::take(&mut label));
    }
    for (kind, content, attribution) in display_spans(p, whitespace) {
        if !side.keeps(kind) {
            continue;
        }
        let words = match kind {
            SpanKind::Equal => treaty_text(&content),
            SpanKind::Delete | SpanKind::Insert => undecorated_ends(&content),
        };
        let escaped = format!("{}{}", std::mem::take(&mut label), words);
        let attribution = attribution.map(|id| Attributed {
            id,
            sponsor: report.sponsors_of(id),
            mark: report.mark(id),
        });
        let class = if is_punctuation_only(&content) {
            " class=\"punct\""
        } else {
            ""
        };
        match kind {
            SpanKind::Equal if moved && side != Side::Old => {
                let _ = write!(out, "<span class=\"moved-text\">{escaped}</span>");
            }
            SpanKind::Equal => out.push_str(&escaped),
            SpanKind::Delete => change(out, "del", class, "deleted", &escaped, attribution),
            SpanKind::Insert => change(out, "ins", class, "inserted", &escaped, attribution),
        }
    }
    out.push_str(&label);
}

/// A change's text as HTML, with the white space at either end set apart (`<span
/// class="gap">`, an inline block, which a strike or underline does not cross), so a struck
/// or inserted space next to a word shows no stray stroke while the text stays the same. A
/// change of white space alone keeps its mark.
fn undecorated_ends(content: &str) -> String {
    let core = content.trim();
    if core.is_empty() {
        return treaty_text(content);
    }
    let start = content.len() - content.trim_start().len();
    let end = start + core.len();
    let gap = |ws: &str| match ws {
        "" => String::new(),
        ws => format!("<span class=\"gap\">{}</span>", text(ws)),
    };
    format!(
        "{}{}{}",
        gap(&content[..start]),
        treaty_text(core),
        gap(&content[end..])
    )
}

/// A change of punctuation alone (`.` for `;`), which a strike or an underline hardly shows:
/// it is boxed.
fn is_punctuation_only(text: &str) -> bool {
    !text.trim().is_empty() && !text.chars().any(char::is_alphanumeric)
}

/// Treaty text as HTML: escaped, with footnote markers (`[^8]`, and `[^8]:` before a
/// footnote's text) set as superscript numbers, as the treaty prints them.
fn treaty_text(raw: &str) -> String {
    static MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[\^([0-9A-Za-z]+)\]:?").expect("a valid pattern")
    });
    let escaped = text(raw);
    MARKER
        .replace_all(&escaped, "<sup class=\"fn\">$1</sup>")
        .into_owned()
}

fn elided(out: &mut String, what: &str) {
    let _ = writeln!(out, "<p class=\"elided\">{}</p>", text(what));
}
