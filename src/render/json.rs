//! The redline as JSON for scripts; the schema is documented, with an example, in docs/json.md.
//!
//! Spans are the engine's exact spans (white-space-only changes included and flagged), so a
//! script can rebuild both texts of every provision shown; bump [`SCHEMA_VERSION`] on any
//! change that could break a reader.

use serde::Serialize;

use super::view::{entries, Entry};
use super::{
    status_note, BindingnessFigure, Filtered, Input, ProposalInfo, RenderOptions, Report, Section,
};
use crate::diff::{Layout, Redline, Span, Status};
use crate::review::{MatrixRow, Settlement};

/// Version of the JSON layout described in docs/json.md.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Serialize)]
struct Document<'r> {
    schema_version: u32,
    generator: Generator,
    /// When the redline was made (RFC 3339, UTC), if known.
    #[serde(skip_serializing_if = "str::is_empty")]
    generated: &'r str,
    draft: bool,
    title: &'r str,
    inputs: &'r [Input],
    proposals: &'r [ProposalInfo],
    /// Several proposals: conflicts, identical edits, relabellings, amendments left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    settlement: Option<&'r Settlement>,
    /// A review: what each proposal does.
    #[serde(skip_serializing_if = "Option::is_none")]
    matrix: Option<&'r [MatrixRow]>,
    /// What a filter kept and hid.
    #[serde(skip_serializing_if = "Option::is_none")]
    filtered: Option<&'r Filtered>,
    context: Option<usize>,
    has_differences: bool,
    sections: Vec<SectionJson<'r>>,
}

/// One document's redline.
#[derive(Serialize)]
struct SectionJson<'r> {
    baseline: &'r str,
    title: &'r str,
    layout: Layout,
    whitespace: bool,
    coarsened: Option<&'r str>,
    has_differences: bool,
    summary: String,
    provisions: Vec<ProvisionJson<'r>>,
    elided: usize,
    /// Every moved provision, by both ends.
    moves: Vec<Move<'r>>,
}

/// A moved provision: where it stood and where it is now.
#[derive(Serialize)]
struct Move<'r> {
    from: &'r str,
    to: &'r str,
    from_label: &'r str,
    to_label: &'r str,
    /// Its words changed as well.
    edited: bool,
    /// The new end's position in `provisions` of a `--full` redline.
    index: usize,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ProvisionJson<'r> {
    /// Position among all provisions of the redline, shown or not.
    index: usize,
    old_id: Option<&'r str>,
    new_id: Option<&'r str>,
    eid: &'r str,
    kind: &'r str,
    label: &'r str,
    old_label: Option<&'r str>,
    depth: usize,
    #[serde(flatten)]
    status: Status,
    note: String,
    renumbered: bool,
    old_index: Option<usize>,
    new_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bindingness: Option<&'r BindingnessFigure>,
    spans: &'r [Span],
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        generated: &report.generated,
        draft: options.draft,
        title: &report.title,
        inputs: &report.inputs,
        proposals: &report.proposals,
        settlement: report.settlement.as_ref(),
        matrix: report.matrix.as_deref(),
        filtered: report.filtered.as_ref(),
        context: options.context,
        has_differences: report.has_differences(),
        sections: report
            .sections
            .iter()
            .map(|s| section(s, report, options))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data serializes");
    text.push('\n');
    text
}

fn section<'r>(
    section: &'r Section,
    report: &'r Report,
    options: &RenderOptions,
) -> SectionJson<'r> {
    let redline = &section.redline;
    let mut provisions = Vec::new();
    let mut elided = 0;
    for entry in entries(redline, options.context) {
        match entry {
            Entry::Elided { count, .. } => elided += count,
            Entry::MovedAway(..) => {}
            Entry::Provision(index, p) => provisions.push(ProvisionJson {
                index,
                old_id: p.old_id.as_deref(),
                new_id: p.new_id.as_deref(),
                eid: &p.eid,
                kind: p.kind,
                label: &p.label,
                old_label: p.old_label.as_deref(),
                depth: p.depth,
                status: p.status,
                note: status_note(p),
                renumbered: p.renumbered,
                old_index: p.old_index,
                new_index: p.new_index,
                bindingness: report.bindingness_of(p, options),
                spans: &p.spans,
            }),
        }
    }
    SectionJson {
        baseline: &section.baseline,
        title: &section.title,
        layout: redline.layout,
        whitespace: redline.whitespace,
        coarsened: redline.coarsened.as_deref(),
        has_differences: section.has_differences,
        summary: super::summary(redline),
        provisions,
        elided,
        moves: moves(redline),
    }
}

fn moves(redline: &Redline) -> Vec<Move<'_>> {
    redline
        .provisions
        .iter()
        .enumerate()
        .filter_map(|(index, p)| match p.status {
            Status::Moved { edited } => Some(Move {
                from: p.old_id.as_deref()?,
                to: p.new_id.as_deref()?,
                from_label: p.old_label.as_deref().unwrap_or_default(),
                to_label: &p.label,
                edited,
                index,
            }),
            _ => None,
        })
        .collect()
}
