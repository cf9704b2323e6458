//! Renderers of a [`Redline`], side by side: terminal text, self-contained HTML, JSON and
//! Markdown with CriticMarkup.
//!
//! Every renderer takes the same three things: the redline, a [`Report`] (what the redline was
//! made from: a title, each input with its SHA-256, each proposal's metadata, optional
//! bindingness figures) and [`RenderOptions`] (how much unchanged context to show). The report
//! holds plain strings so it does not depend on how proposals or scores are computed.

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
use crate::review::ReviewSummary;

/// What a redline was made from, for its header.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// `Redline: CHAPTER 19: DIGITAL TRADE`, or the names of the two files compared.
    pub title: String,
    /// Every input, in order: the old text (or baseline), the new text, each proposal file.
    pub inputs: Vec<Input>,
    /// The proposals the new text applies, if any.
    pub proposals: Vec<ProposalInfo>,
    /// Bindingness of provisions before and after, where scored.
    pub bindingness: Vec<BindingnessFigure>,
    /// For a review of several proposals: the summary matrix and the conflicts settled.
    pub review: Option<ReviewSummary>,
    /// When the redline was made, RFC 3339 in UTC (`2026-12-01T19:55:00Z`); empty if unknown.
    pub generated: String,
}

/// A sponsor's mark in a redline of several proposals: a short tag that reads without colour
/// (`CR2`), and an index that picks its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SponsorMark {
    pub sponsor: String,
    pub tag: String,
    /// 0 for the first sponsor named, 1 for the next, ...
    pub index: usize,
}

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
            _ => Format::Text,
        }
    }
}

impl From<&crate::proposal::Proposal> for ProposalInfo {
    /// A proposal's metadata as a redline header shows it.
    fn from(p: &crate::proposal::Proposal) -> ProposalInfo {
        ProposalInfo {
            id: p.id.clone(),
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

/// A sponsor's short tag: an acronym it gives itself in parentheses (`Coalition to Reduce
/// Cyber Risk (CR2)` gives `CR2`), else the initials of its capitalised words (`Cybersecurity
/// Coalition` gives `CC`), else its first word.
pub fn sponsor_tag(sponsor: &str) -> String {
    let acronym = sponsor
        .split('(')
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(str::trim)
        .filter(|inner| {
            (2..=8).contains(&inner.len())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .last();
    if let Some(acronym) = acronym {
        return acronym.to_string();
    }
    let before_parenthesis = sponsor.split('(').next().unwrap_or(sponsor);
    let initials: String = before_parenthesis
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    if initials.len() >= 2 {
        return initials;
    }
    before_parenthesis
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string()
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
    /// The sponsors' marks, in the order the proposals name them; empty unless the report
    /// covers several proposals, when marking who made each change matters.
    pub fn sponsor_marks(&self) -> Vec<SponsorMark> {
        let mut marks: Vec<SponsorMark> = Vec::new();
        if self.proposals.len() < 2 {
            return marks;
        }
        for p in &self.proposals {
            if marks.iter().any(|m| m.sponsor == p.sponsor) {
                continue;
            }
            let base = sponsor_tag(&p.sponsor);
            let mut tag = base.clone();
            let mut n = 2;
            while marks.iter().any(|m| m.tag == tag) {
                tag = format!("{base}{n}");
                n += 1;
            }
            let index = marks.len();
            marks.push(SponsorMark {
                sponsor: p.sponsor.clone(),
                tag,
                index,
            });
        }
        marks
    }

    /// The mark of a change attributed to `attribution` (a proposal id, or ids joined with
    /// `+`): the sponsors' tags joined with `+`, and the first sponsor's index. `None` when
    /// the report does not mark sponsors.
    pub fn mark(&self, marks: &[SponsorMark], attribution: &str) -> Option<(String, usize)> {
        let found: Vec<&SponsorMark> = attribution
            .split('+')
            .filter_map(|id| self.proposals.iter().find(|p| p.id == id))
            .filter_map(|p| marks.iter().find(|m| m.sponsor == p.sponsor))
            .collect();
        let first = found.first()?;
        let mut tags: Vec<&str> = found.iter().map(|m| m.tag.as_str()).collect();
        tags.dedup();
        Some((tags.join("+"), first.index))
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

/// Renders `redline` in `format` to `out`. Only the text format uses colour; `out` decides
/// whether it is shown.
pub fn render(
    format: Format,
    redline: &Redline,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    match format {
        Format::Text => terminal::render(out, redline, report, options),
        Format::Html => out.write_all(html::render(redline, report, options).as_bytes()),
        Format::Json => out.write_all(json::render(redline, report, options).as_bytes()),
        Format::Markdown => out.write_all(markdown::render(redline, report, options).as_bytes()),
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
