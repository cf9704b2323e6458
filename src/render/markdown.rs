//! The redline as Markdown with CriticMarkup (`{--deleted--}`, `{++inserted++}`,
//! `{~~old~>new~~}` for a replacement), for review in Markdown tools that understand it and
//! readable as plain text where they do not.

use std::fmt::Write as _;

use super::neutral::{markdown, Lines, Start};
use super::view::{elided_text, entries, Entry};
use super::{
    bindingness_text, label_kind, labelled_spans, matrix_view, status_note, summary, RenderOptions,
    Report, Section,
};
use crate::diff::{ProvisionRedline, Redline, SpanKind, Status};
use crate::review::MatrixRow;

/// The report as a Markdown document.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::new();
    header(&mut out, report, options);
    for section in &report.sections {
        let redline = &section.redline;
        section_header(&mut out, report, section);
        for entry in entries(redline, options.context) {
            match entry {
                Entry::Provision(_, p) => provision(&mut out, redline, report, options, p),
                Entry::MovedAway(_, p) => moved_away(&mut out, report, p),
                Entry::Elided { count, items_of } => {
                    let _ = writeln!(
                        out,
                        "*{}*\n",
                        md(&elided_text(redline.layout, count, items_of))
                    );
                }
            }
        }
    }
    out
}

fn header(out: &mut String, report: &Report, options: &RenderOptions) {
    let _ = writeln!(out, "# {}\n", md(&report.title));
    let stamp = report.stamp(options);
    if !stamp.is_empty() {
        let _ = writeln!(out, "*{}*\n", md(&stamp));
    }
    let _ = writeln!(out, "| input | name | SHA-256 |\n|---|---|---|");
    for input in &report.inputs {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` |",
            input.role,
            md(&input.name),
            input.sha256
        );
    }
    out.push('\n');
    for p in &report.proposals {
        let _ = writeln!(out, "## Proposal {}: {}\n", md(&p.id), md(&p.title));
        if report.marks_proposals() {
            let _ = writeln!(out, "- **Tag:** {{>>{}<<}}", md(&p.tag));
        }
        let _ = writeln!(out, "- **Sponsor:** {}", md(&p.sponsor));
        let _ = writeln!(out, "- **Source:** {}", md(&p.source_text()));
        let _ = writeln!(out, "- **Rationale:** {}\n", md(&p.rationale));
    }
    if report.marks_proposals() {
        out.push_str(
            "Each change is followed by its proposal's tag, as a CriticMarkup comment:\n\n",
        );
        for p in &report.proposals {
            let _ = writeln!(
                out,
                "- {{>>{}<<}} {} ({})",
                md(&p.tag),
                md(&p.id),
                md(&p.sponsor)
            );
        }
        out.push('\n');
    }
    if let Some(matrix) = &report.matrix {
        matrix_table(out, matrix);
    }
    if let Some(settlement) = &report.settlement {
        for conflict in &settlement.conflicts {
            let _ = writeln!(
                out,
                "> **Conflict (settled by {}):** {}\n",
                settlement.policy,
                markdown(&conflict.to_string(), Lines::Many, Start::Inline).replace('\n', "\n> ")
            );
        }
    }
    for note in report.notes() {
        let _ = writeln!(out, "> {}\n", md(&note));
    }
}

/// A section's heading (with several documents), a note if it is coarsened, and its summary.
fn section_header(out: &mut String, report: &Report, section: &Section) {
    if report.has_sections() {
        let _ = writeln!(
            out,
            "## {}\n\nBaseline: {}\n",
            md(&section.title),
            md(&section.baseline)
        );
    }
    if let Some(reason) = &section.redline.coarsened {
        let _ = writeln!(out, "> **Coarsened:** {}\n", md(reason));
    }
    let _ = writeln!(
        out,
        "{}. Deletions are marked `{{--like this--}}`, insertions `{{++like this++}}`, \
         replacements `{{~~old~>new~~}}`; a moved provision is highlighted `{{==like this==}}` \
         where it stood, with a comment `{{>>moved to …<<}}`, and opens with `{{>>moved from …<<}}` \
         where it arrives.\n",
        summary(&section.redline)
    );
}

/// The heading level of a provision: one below a section's heading when there are several.
fn provision_heading(report: &Report) -> &'static str {
    if report.has_sections() {
        "####"
    } else {
        "###"
    }
}

fn provision(
    out: &mut String,
    redline: &Redline,
    report: &Report,
    options: &RenderOptions,
    p: &ProvisionRedline,
) {
    let _ = write!(
        out,
        "{} {} — {}",
        provision_heading(report),
        md(p.id()),
        md(&status_note(p))
    );
    if let Some(figure) = report.bindingness_of(p, options) {
        let _ = write!(out, " ({})", bindingness_text(figure));
    }
    out.push_str("\n\n");
    if let (Status::Moved { .. }, Some(from)) = (p.status, &p.old_id) {
        let _ = write!(out, "{{>>moved from {}<<}} ", md(from));
    }
    let (label, spans) = labelled_spans(p, redline.whitespace);
    let start = |i: usize| match (i, &label) {
        (0, None) => Start::LineStart,
        _ => Start::Inline,
    };
    let spans: Vec<_> = spans
        .into_iter()
        .enumerate()
        .map(|(i, (kind, text, by))| (kind, markdown(&text, Lines::Many, start(i)), by))
        .collect();
    let label = label.map(|l| markdown(&l, Lines::One, Start::LineStart));
    if let Some(label) = label {
        let _ = match label_kind(p) {
            SpanKind::Equal => write!(out, "{label} "),
            SpanKind::Delete => write!(out, "{{--{label}--}} "),
            SpanKind::Insert => write!(out, "{{++{label}++}} "),
        };
    }
    let tag = |attribution: &Option<&str>| {
        attribution
            .and_then(|a| report.mark(a))
            .map_or(String::new(), |(tag, _)| format!("{{>>{}<<}}", md(&tag)))
    };
    let mut i = 0;
    while i < spans.len() {
        let (kind, text, attribution) = &spans[i];
        match kind {
            SpanKind::Equal => out.push_str(text),
            SpanKind::Delete => match spans.get(i + 1) {
                Some((SpanKind::Insert, inserted, by)) if by == attribution => {
                    let _ = write!(out, "{{~~{text}~>{inserted}~~}}{}", tag(attribution));
                    i += 1;
                }
                _ => {
                    let _ = write!(out, "{{--{text}--}}{}", tag(attribution));
                }
            },
            SpanKind::Insert => {
                let _ = write!(out, "{{++{text}++}}{}", tag(attribution));
            }
        }
        i += 1;
    }
    out.push_str("\n\n");
}

/// The old place of a moved provision: its old text highlighted, and where it went.
fn moved_away(out: &mut String, report: &Report, p: &ProvisionRedline) {
    let (from, to) = (
        p.old_id.as_deref().unwrap_or_default(),
        p.new_id.as_deref().unwrap_or_default(),
    );
    let label = p.old_label.as_deref().unwrap_or_default();
    let old = format!("{label} {}", p.side(SpanKind::Delete).trim_end());
    let _ = writeln!(
        out,
        "{} {} — moved to {}\n\n{{=={}==}}{{>>moved to {}<<}}\n",
        provision_heading(report),
        md(from),
        md(to),
        markdown(old.trim_start(), Lines::Many, Start::Inline),
        md(to)
    );
}

/// Untrusted text within one line of Markdown (a heading, a list item, a table cell), inert.
fn md(text: &str) -> String {
    markdown(text, Lines::One, Start::Inline)
}

/// The review's matrix as a Markdown table, counts right-aligned.
fn matrix_table(out: &mut String, matrix: &[MatrixRow]) {
    let view = matrix_view(matrix);
    let _ = writeln!(
        out,
        "| {} |\n|---|---|---:|---:|---:|---:|",
        view.columns.join(" | ")
    );
    for row in &view.rows {
        let cells = row.each_ref().map(|cell| md(cell));
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}
