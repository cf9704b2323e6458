//! Renderers of a [`Redline`], side by side: terminal text, self-contained HTML, JSON,
//! Markdown with CriticMarkup, and Word documents with tracked changes.
//!
//! Every renderer takes the same two things: a [`Report`] (what the redline was made from: a
//! title, each input with its SHA-256, each proposal's metadata and tag, how conflicts were
//! settled, and one [`Section`] per document with its redline and bindingness figures) and
//! [`RenderOptions`] (how much unchanged context to show). [`crate::session`] builds the report
//! for proposals; `diff` builds a one-section report of two texts. [`HeaderView`] is the report
//! as the labelled lines a header shows.

pub mod docx;
pub mod html;
pub mod json;
pub mod markdown;
pub mod neutral;
pub mod terminal;
pub mod view;
pub mod wrap;

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};
use termcolor::WriteColor;

use crate::diff::{ProvisionRedline, Redline, ShownSpan, SpanKind, Status};
use crate::review::{MatrixRow, Settlement};

/// Everything a renderer shows: what the redline was made from (a title, each input with its
/// SHA-256, each proposal with its tag), how conflicts were settled, the summary matrix, what a
/// filter hid, and one [`Section`] per document redlined.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// `CHAPTER 19: DIGITAL TRADE as amended by ...`, or the names of the two files compared.
    pub title: String,
    /// Every input, in order: the old text (or baselines), the new text, each proposal file.
    pub inputs: Vec<Input>,
    /// The proposals applied, if any, in the order given.
    pub proposals: Vec<ProposalInfo>,
    /// Bindingness of provisions before and after, where scored, over every section (ids
    /// differ between documents: `19.15.1`, `12.C.2.3`).
    pub bindingness: Vec<BindingnessFigure>,
    /// With several proposals: the conflicts, identical edits, relabellings and amendments
    /// left out.
    pub settlement: Option<Settlement>,
    /// For a review: one row per proposal, what it does.
    pub matrix: Option<Vec<MatrixRow>>,
    /// What `--provision`, `--sponsor` or `--proposal` kept and hid.
    pub filtered: Option<Filtered>,
    /// When the redline was made, RFC 3339 in UTC (`2026-12-01T19:55:00Z`); empty if unknown.
    pub generated: String,
    /// One redline per document: a single one for `diff` and for proposals on one baseline.
    pub sections: Vec<Section>,
}

/// One document's redline, with what a renderer shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The baseline's name (`usmca-ch19`), or the old text's name for `diff`.
    pub baseline: String,
    /// `CHAPTER 19: DIGITAL TRADE as amended by ...`.
    pub title: String,
    /// Whether the texts differ, before any filter: the exit status says this.
    pub has_differences: bool,
    pub redline: Redline,
}

/// What a filter kept: changed provisions shown and hidden, over every section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filtered {
    /// The filter as given: `--provision 19.16 --sponsor CR2`.
    pub description: String,
    pub shown: usize,
    pub hidden: usize,
}

impl Filtered {
    /// `--provision 19.16: no changes here; 41 changed provisions elsewhere not shown`.
    pub fn note(&self) -> String {
        let noun = |n: usize| {
            if n == 1 {
                "changed provision"
            } else {
                "changed provisions"
            }
        };
        let shown = match self.shown {
            0 => "no changes here".to_string(),
            n => format!("{n} {} shown", noun(n)),
        };
        format!(
            "{}: {shown}; {} {} elsewhere not shown",
            self.description,
            self.hidden,
            noun(self.hidden)
        )
    }
}

/// A tag's colour in every renderer: HTML background (white text on it) and terminal 256-colour
/// index; [`crate::attribution::tag_colour`] picks one from the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagColour {
    pub html: &'static str,
    pub ansi256: u8,
}

/// The palette of tag colours, none red or green (those mark deletions and insertions); each
/// dark enough for white text (WCAG AA).
pub const TAG_PALETTE: [TagColour; crate::attribution::TAG_COLOURS] = [
    TagColour {
        html: "#1d5f8c",
        ansi256: 32,
    },
    TagColour {
        html: "#7a3f98",
        ansi256: 97,
    },
    TagColour {
        html: "#8a4b00",
        ansi256: 130,
    },
    TagColour {
        html: "#2f6f5e",
        ansi256: 30,
    },
    TagColour {
        html: "#8c2d5a",
        ansi256: 125,
    },
    TagColour {
        html: "#4b5563",
        ansi256: 244,
    },
    TagColour {
        html: "#3b4cc0",
        ansi256: 62,
    },
    TagColour {
        html: "#6b5a00",
        ansi256: 136,
    },
    TagColour {
        html: "#00667a",
        ansi256: 37,
    },
    TagColour {
        html: "#6d28d9",
        ansi256: 93,
    },
    TagColour {
        html: "#9a3412",
        ansi256: 166,
    },
    TagColour {
        html: "#374151",
        ansi256: 67,
    },
];

/// One input, named and fingerprinted so a counterparty can check they hold the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    /// What the input is in this redline: `old`, `new`, `baseline`, `proposal`.
    pub role: String,
    /// The embedded baseline's name or the path as given.
    pub name: String,
    /// SHA-256 of the input's bytes, lower-case hex.
    pub sha256: String,
}

/// A proposal's metadata as shown in a redline's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProposalInfo {
    pub id: String,
    /// The proposal's short tag, unique in the report (`CR2S`), as changes are marked.
    pub tag: String,
    /// Index into [`TAG_PALETTE`], derived from the tag: the same in every output.
    pub colour: usize,
    /// The baseline it amends.
    pub baseline: String,
    pub title: String,
    pub sponsor: String,
    pub source: SourceInfo,
    pub rationale: String,
}

/// Where a proposal was filed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// The filing's name, e.g. `Comments of 3 November 2025`.
    pub filing: String,
    pub date: String,
    /// E.g. `USTR-2025-0004`.
    pub docket: String,
}

/// How strongly a provision (or, for an article heading, the article) binds before and after
/// the change; a side is `None` where the provision does not exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BindingnessFigure {
    /// The provision's id in the new text (the old id for a deleted provision), or
    /// `Article 19.15` for the article's density (mean strength).
    pub provision_id: String,
    pub before: Option<BindingnessSide>,
    pub after: Option<BindingnessSide>,
}

/// One side of a [`BindingnessFigure`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BindingnessSide {
    /// `obligation`, `best_efforts`, ... (docs/bindingness.md), or [`DENSITY`] for an article.
    pub category: String,
    /// 0 to 100; `None` where the category is not scored (definitions).
    pub strength: Option<f64>,
}

/// Display choices shared by every renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Unchanged provisions shown around each change; `None` shows everything (`--full`).
    /// A changed provision's chapeaux and article heading show whatever this says.
    pub context: Option<usize>,
    /// Mark a moved provision as a move where the format has moves (Word's move marks);
    /// `false` marks it as a deletion at its old place and an insertion at its new one.
    pub moves: bool,
    /// Text: wrap lines at this many columns; `None` leaves lines whole.
    pub width: Option<usize>,
    /// Show the bindingness figures of provisions and articles.
    pub scores: bool,
    /// Mark the output a draft (on every printed page of the HTML).
    pub draft: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            context: Some(1),
            moves: true,
            width: None,
            scores: true,
            draft: true,
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text with colour on a terminal, `[-deleted-]{+inserted+}` markers elsewhere.
    Text,
    /// One self-contained HTML file.
    Html,
    /// JSON, schema in docs/json.md.
    Json,
    /// Markdown with CriticMarkup.
    Markdown,
    /// A Word document (.docx) whose every change is a tracked change by its sponsor.
    Docx,
    /// The proposals as amending instructions (`show` and `review`; see `redline instructions`).
    Instructions,
}

impl Format {
    /// The format a file name implies: `.html`/`.htm`, `.json`, `.md`/`.markdown`, else text.
    pub fn from_path(path: &Path) -> Format {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            Some("md" | "markdown") => Format::Markdown,
            Some("docx") => Format::Docx,
            _ => Format::Text,
        }
    }
}

impl From<&crate::proposal::Proposal> for ProposalInfo {
    /// A proposal's metadata as a redline header shows it, with the tag it declares or the one
    /// its id gives (a session makes tags unique within the run) and the baseline it names.
    fn from(p: &crate::proposal::Proposal) -> ProposalInfo {
        let tag = p
            .tag
            .clone()
            .unwrap_or_else(|| crate::attribution::derived_tag(&p.id));
        ProposalInfo {
            id: p.id.clone(),
            colour: crate::attribution::tag_colour(&tag),
            tag,
            baseline: p.base.clone(),
            title: p.title.clone(),
            sponsor: p.sponsor.clone(),
            source: SourceInfo {
                filing: p.source.filing.clone(),
                date: p.source.date.clone(),
                docket: p.source.docket.clone().unwrap_or_default(),
            },
            rationale: p.rationale.clone(),
        }
    }
}

impl Input {
    /// Names an input and fingerprints its bytes.
    pub fn new(role: &str, name: &str, bytes: &[u8]) -> Input {
        Input {
            role: role.to_string(),
            name: name.to_string(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

impl Report {
    /// Whether the texts differ, before any filter: the exit status of `show`, `review`, `diff`.
    pub fn has_differences(&self) -> bool {
        self.sections.iter().any(|s| s.has_differences)
    }

    /// Whether changes are marked with their proposals' tags: with several proposals.
    pub fn marks_proposals(&self) -> bool {
        self.proposals.len() > 1
    }

    /// The mark of a change attributed to `attribution` (a proposal id, or ids joined with
    /// `+`): the tags joined with `+`, and the first proposal's colour. `None` when the report
    /// does not mark proposals.
    pub fn mark(&self, attribution: &str) -> Option<(String, usize)> {
        if !self.marks_proposals() {
            return None;
        }
        let found: Vec<&ProposalInfo> = attribution
            .split('+')
            .filter_map(|id| self.proposals.iter().find(|p| p.id == id))
            .collect();
        let first = found.first()?;
        let tags: Vec<&str> = found.iter().map(|p| p.tag.as_str()).collect();
        Some((tags.join("+"), first.colour))
    }

    /// The sponsors of a change attributed to `attribution`, joined with `; `.
    pub fn sponsors_of(&self, attribution: &str) -> String {
        let mut sponsors: Vec<&str> = attribution
            .split('+')
            .filter_map(|id| self.proposals.iter().find(|p| p.id == id))
            .map(|p| p.sponsor.as_str())
            .collect();
        sponsors.dedup();
        sponsors.join("; ")
    }

    /// Several documents: each section is headed by its title.
    pub fn has_sections(&self) -> bool {
        self.sections.len() > 1
    }

    /// The lines every renderer lists under the header: how conflicts were settled, and what
    /// a filter hid.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self
            .settlement
            .as_ref()
            .map(Settlement::lines)
            .unwrap_or_default();
        notes.extend(self.filtered.iter().map(Filtered::note));
        notes
    }

    /// The bindingness figure for a provision, if scored and shown.
    pub fn bindingness_of(
        &self,
        provision: &ProvisionRedline,
        options: &RenderOptions,
    ) -> Option<&BindingnessFigure> {
        self.bindingness
            .iter()
            .filter(|_| options.scores)
            .find(|f| f.provision_id == provision.id())
    }

    /// When the redline was made, as people read it: `2026-12-01 19:55 UTC`.
    pub fn generated_text(&self) -> Option<String> {
        let (date, time) = self.generated.split_once('T')?;
        Some(format!("{date} {} UTC", time.get(..5)?))
    }

    /// The line every output carries under its title: when it was made, and whether it is a
    /// draft.
    pub fn stamp(&self, options: &RenderOptions) -> String {
        let generated = self
            .generated_text()
            .map(|t| format!("generated {t} by redline {}", env!("CARGO_PKG_VERSION")));
        let draft = options.draft.then(|| "DRAFT".to_string());
        [draft, generated]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Renders `report` in `format` to `out`. Only the text format uses colour; `out` decides
/// whether it is shown.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    match format {
        Format::Text => terminal::render(out, report, options),
        Format::Html => out.write_all(html::render(report, options).as_bytes()),
        Format::Json => out.write_all(json::render(report, options).as_bytes()),
        Format::Markdown => out.write_all(markdown::render(report, options).as_bytes()),
        Format::Docx => out.write_all(&docx::render(report, options)),
        Format::Instructions => Err(std::io::Error::other(
            "amending instructions are written from proposals, not from a redline of two texts\n  help: run `redline instructions PROPOSAL` or `redline show PROPOSAL --format instructions`",
        )),
    }
}

/// A provision's spans as displayed: hidden white-space changes dropped, adjacent spans of one
/// kind joined, and the blank lines that end a plain-text paragraph trimmed (the renderer
/// separates provisions itself).
pub fn display_spans(provision: &ProvisionRedline, whitespace: bool) -> Vec<ShownSpan<'_>> {
    let mut spans = provision.shown_spans(whitespace);
    while let Some((_, text, _)) = spans.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        if !text.is_empty() {
            break;
        }
        spans.pop();
    }
    spans
}

/// How a provision's label displays: inserted with an inserted provision, deleted with a
/// deleted one, plain otherwise (a renumbering shows in the heading, not as a label edit).
pub fn label_kind(provision: &ProvisionRedline) -> SpanKind {
    match provision.status {
        Status::Inserted => SpanKind::Insert,
        Status::Deleted => SpanKind::Delete,
        _ => SpanKind::Equal,
    }
}

/// The label to print before a provision's spans, and the spans; for an inserted or deleted
/// provision the label is folded into its one change instead (`{+(c) text+}`), so the whole
/// block reads as one change.
pub fn labelled_spans(
    provision: &ProvisionRedline,
    whitespace: bool,
) -> (Option<String>, Vec<ShownSpan<'_>>) {
    let mut spans = display_spans(provision, whitespace);
    if provision.label.is_empty() {
        return (None, spans);
    }
    match spans.first_mut() {
        Some((kind, text, _)) if *kind == label_kind(provision) && *kind != SpanKind::Equal => {
            text.insert_str(0, &format!("{} ", provision.label));
            (None, spans)
        }
        _ => (Some(provision.label.clone()), spans),
    }
}

/// A short description of what happened to a provision: `changed`, `inserted`, `moved from
/// 19.15.2 and changed`, `renumbered from 19.15.2`, `split from 19.15.1`.
pub fn status_note(provision: &ProvisionRedline) -> String {
    let from = provision.old_id.as_deref().unwrap_or_default();
    let base = match provision.status {
        Status::Unchanged => "unchanged".to_string(),
        Status::Changed => "changed".to_string(),
        Status::Inserted => "inserted".to_string(),
        Status::Deleted => "deleted".to_string(),
        Status::Moved { edited: false } => format!("moved from {from}"),
        Status::Moved { edited: true } => format!("moved from {from} and changed"),
        Status::Split => format!("split from {from}"),
    };
    let moved_or_split = matches!(provision.status, Status::Moved { .. } | Status::Split);
    if provision.renumbered && !moved_or_split {
        if matches!(provision.status, Status::Unchanged) {
            format!("renumbered from {from}")
        } else {
            format!("{base}, renumbered from {from}")
        }
    } else {
        base
    }
}

/// How many provisions have each status, for headers: `2 changed, 1 inserted`.
pub fn summary(redline: &Redline) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in &redline.provisions {
        let name = match p.status {
            Status::Unchanged if p.renumbered => "renumbered",
            Status::Unchanged => continue,
            Status::Changed => "changed",
            Status::Inserted => "inserted",
            Status::Deleted => "deleted",
            Status::Moved { .. } => "moved",
            Status::Split => "split",
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    if counts.is_empty() {
        return "no differences".to_string();
    }
    let noun = match redline.layout {
        crate::diff::Layout::Provisions => "provision",
        crate::diff::Layout::Paragraphs => "paragraph",
    };
    let total: usize = counts.iter().map(|(_, c)| c).sum();
    let parts: Vec<String> = counts.iter().map(|(n, c)| format!("{c} {n}")).collect();
    let (plural, verb) = if total == 1 {
        ("", "differs")
    } else {
        ("s", "differ")
    };
    format!("{total} {noun}{plural} {verb}: {}", parts.join(", "))
}

/// `bindingness best efforts 45 → obligation 90 (+45)`, `bindingness density 46.2 → 92.5
/// (+46.2)`; `–` for a side that does not exist.
pub fn bindingness_text(figure: &BindingnessFigure) -> String {
    let density = [&figure.before, &figure.after]
        .into_iter()
        .flatten()
        .any(|s| s.category == DENSITY);
    let number = |v: f64| {
        if density {
            density_text(v)
        } else {
            strength_text(v)
        }
    };
    let side = |s: &Option<BindingnessSide>| match s {
        None => "–".to_string(),
        Some(s) if s.category == DENSITY => s.strength.map_or("–".to_string(), number),
        Some(s) => {
            let category = s.category.replace('_', " ");
            match s.strength {
                Some(v) => format!("{category} {}", number(v)),
                None => category,
            }
        }
    };
    let strength = |s: &Option<BindingnessSide>| s.as_ref().and_then(|s| s.strength);
    let delta = match (strength(&figure.before), strength(&figure.after)) {
        (Some(b), Some(a)) if number(a) != number(b) => {
            format!(" ({})", delta_text(a - b, density))
        }
        _ => String::new(),
    };
    let measure = if density {
        "bindingness density"
    } else {
        "bindingness"
    };
    format!(
        "{measure} {} → {}{delta}",
        side(&figure.before),
        side(&figure.after)
    )
}

/// The category of a [`BindingnessSide`] that is an article's density (mean strength).
pub const DENSITY: &str = "density";

/// A provision's strength as every command prints it: `45`.
pub fn strength_text(strength: f64) -> String {
    format!("{strength:.0}")
}

/// A density (mean strength) as every command prints it: `92.5`.
pub fn density_text(density: f64) -> String {
    format!("{density:.1}")
}

/// A total in obligation-equivalents as every command prints it: `3.70`.
pub fn total_text(total: f64) -> String {
    format!("{total:.2}")
}

/// A change of strength (`+45`) or of density (`+46.2`), signed.
pub fn delta_text(delta: f64, density: bool) -> String {
    if density {
        format!("{delta:+.1}")
    } else {
        format!("{delta:+.0}")
    }
}

/// A report's header as labelled plain text: the one view of what a redline was made from,
/// for a renderer that lays it out rather than composing it anew.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderView {
    pub title: String,
    pub proposals: Vec<ProposalView>,
    /// `Baseline`, `usmca-ch19`, its SHA-256; one per input, in order.
    pub inputs: Vec<InputView>,
    /// For a review: the matrix of what each proposal does.
    pub matrix: Option<MatrixView>,
    /// How conflicts were settled, what a filter hid ([`Report::notes`]), and why a redline is
    /// coarser than word level in places, if it is.
    pub notes: Vec<String>,
    /// `2 provisions differ: 2 changed`, one per section.
    pub summaries: Vec<String>,
    /// `19.15.1`, `bindingness best efforts 45 → obligation 90 (+45)`: every scored provision
    /// that changed.
    pub bindingness: Vec<(String, String)>,
}

/// A proposal in a header: `Proposal cr2-shall: Binding ...` and its labelled fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalView {
    pub heading: String,
    /// `Sponsor`, `Source`, `Rationale`, each with its text; empty fields left out.
    pub fields: Vec<(&'static str, String)>,
}

/// An input in a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputView {
    /// `Baseline`, `Proposal`, `Old`, `New`.
    pub role: String,
    pub name: String,
    pub sha256: String,
}

/// A review's matrix as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixView {
    pub columns: [&'static str; 6],
    pub rows: Vec<[String; 6]>,
}

impl ProposalInfo {
    /// Where the proposal was filed, as one line: filing, date, docket.
    pub fn source_text(&self) -> String {
        [&self.source.filing, &self.source.date, &self.source.docket]
            .into_iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Report {
    /// The header of this report, shown with `options`.
    pub fn header_view(&self, options: &RenderOptions) -> HeaderView {
        let proposals = self
            .proposals
            .iter()
            .map(|p| ProposalView {
                heading: format!("Proposal {}: {}", p.id, p.title),
                fields: [
                    ("Sponsor", p.sponsor.clone()),
                    ("Source", p.source_text()),
                    ("Rationale", p.rationale.clone()),
                ]
                .into_iter()
                .filter(|(_, text)| !text.is_empty())
                .collect(),
            })
            .collect();
        let inputs = self
            .inputs
            .iter()
            .map(|i| InputView {
                role: capitalised(&i.role),
                name: i.name.clone(),
                sha256: i.sha256.clone(),
            })
            .collect();
        let redlines = || self.sections.iter().map(|s| &s.redline);
        let bindingness = redlines()
            .flat_map(|r| &r.provisions)
            .filter(|p| p.is_change())
            .filter_map(|p| {
                Some((
                    p.id().to_string(),
                    bindingness_text(self.bindingness_of(p, options)?),
                ))
            })
            .collect();
        let mut notes = self.notes();
        notes.extend(
            redlines()
                .filter_map(|r| r.coarsened.as_ref())
                .map(|reason| format!("Coarsened: {reason}")),
        );
        HeaderView {
            title: self.title.clone(),
            proposals,
            inputs,
            matrix: self.matrix.as_deref().map(matrix_view),
            notes,
            summaries: redlines().map(summary).collect(),
            bindingness,
        }
    }
}

/// The review's matrix as rows of text, for a renderer to escape: every table of it (Word,
/// HTML, Markdown) has the same columns.
pub fn matrix_view(matrix: &[MatrixRow]) -> MatrixView {
    MatrixView {
        columns: [
            "Proposal",
            "Sponsor",
            "Provisions",
            "Words deleted",
            "Words inserted",
            "Bindingness (change in obligation-equivalents)",
        ],
        rows: matrix
            .iter()
            .map(|row| {
                [
                    row.proposal.clone(),
                    row.sponsor.clone(),
                    row.provisions.to_string(),
                    row.words_deleted.to_string(),
                    row.words_inserted.to_string(),
                    row.bindingness_delta_text(),
                ]
            })
            .collect(),
    }
}

/// `baseline` → `Baseline`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
