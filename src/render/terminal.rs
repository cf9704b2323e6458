//! The redline as text: on a colour terminal deletions are red and struck through, insertions
//! green and underlined; without colour (a pipe, a file, `NO_COLOR`) the same redline carries
//! `[-deleted-]` and `{+inserted+}` markers, as `git diff --word-diff` does, so it reads in an
//! email or a log.

use std::io;

use termcolor::{Color, ColorSpec, WriteColor};

use super::neutral::{plain, Lines};
use super::{
    bindingness_text, label_kind, labelled_spans, status_note, summary, RenderOptions, Report,
};
use crate::diff::{ProvisionRedline, Redline, Shown, SpanKind};
use crate::review::ReviewSummary;

/// Writes the redline to `out`, coloured if `out` supports colour.
pub fn render(
    out: &mut dyn WriteColor,
    redline: &Redline,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    header(out, redline, report)?;
    for shown in redline.shown(options.context) {
        match shown {
            Shown::Provision(_, p) => provision(out, redline, report, p)?,
            Shown::Elided(n) => {
                out.set_color(ColorSpec::new().set_dimmed(true))?;
                write!(
                    out,
                    "  … {n} unchanged {} not shown …",
                    if n == 1 { "provision" } else { "provisions" }
                )?;
                out.reset()?;
                writeln!(out, "\n")?;
            }
        }
    }
    Ok(())
}

fn header(out: &mut dyn WriteColor, redline: &Redline, report: &Report) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{}", line(&report.title))?;
    out.reset()?;
    writeln!(out)?;
    for input in &report.inputs {
        writeln!(
            out,
            "{}: {}  sha256:{}",
            input.role,
            line(&input.name),
            input.sha256
        )?;
    }
    let marks = report.sponsor_marks();
    for proposal in &report.proposals {
        // Several proposals: one line each (sponsor tag, id, title); HTML carries the rest.
        if let Some((tag_text, index)) = report.mark(&marks, &proposal.id) {
            tag(out, &tag_text, index)?;
            writeln!(out, " {}: {}", line(&proposal.id), line(&proposal.title))?;
            continue;
        }
        writeln!(out)?;
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(
            out,
            "Proposal {}: {}",
            line(&proposal.id),
            line(&proposal.title)
        )?;
        out.reset()?;
        writeln!(out)?;
        writeln!(out, "  Sponsor: {}", line(&proposal.sponsor))?;
        let source: Vec<&str> = [
            &proposal.source.filing,
            &proposal.source.date,
            &proposal.source.docket,
        ]
        .into_iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
        if !source.is_empty() {
            writeln!(out, "  Source: {}", line(&source.join(", ")))?;
        }
        if !proposal.rationale.is_empty() {
            writeln!(out, "  Rationale: {}", line(&proposal.rationale))?;
        }
    }
    if !marks.is_empty() {
        writeln!(out, "Sponsors:")?;
        for mark in &marks {
            write!(out, "  ")?;
            tag(out, &mark.tag, mark.index)?;
            writeln!(out, " {}", line(&mark.sponsor))?;
        }
    }
    if let Some(review) = &report.review {
        writeln!(out)?;
        review_summary(out, review)?;
    }
    if let Some(reason) = &redline.coarsened {
        out.set_color(ColorSpec::new().set_fg(Some(Color::Yellow)))?;
        write!(out, "note: coarsened: {}", line(reason))?;
        out.reset()?;
        writeln!(out)?;
    }
    if !report.proposals.is_empty() || redline.coarsened.is_some() {
        writeln!(out)?;
    }
    writeln!(out, "{}\n", summary(redline))
}

fn provision(
    out: &mut dyn WriteColor,
    redline: &Redline,
    report: &Report,
    p: &ProvisionRedline,
) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)).set_bold(true))?;
    write!(out, "{}", line(p.id()))?;
    out.reset()?;
    write!(out, "  {}", line(&status_note(p)))?;
    if let Some(figure) = report.bindingness_of(p) {
        write!(out, "  ({})", bindingness_text(figure))?;
    }
    writeln!(out)?;
    let indent = "    ".repeat(p.depth + 1);
    write!(out, "{indent}")?;
    let colour = out.supports_color();
    let (label, spans) = labelled_spans(p, redline.whitespace);
    if let Some(label) = label {
        marked(out, label_kind(p), &line(&label), colour)?;
        write!(out, " ")?;
    }
    let marks = report.sponsor_marks();
    for (kind, text, attribution) in spans {
        if let Some((tag_text, index)) = attribution
            .filter(|_| kind != SpanKind::Equal)
            .and_then(|a| report.mark(&marks, a))
        {
            tag(out, &tag_text, index)?;
        }
        marked(
            out,
            kind,
            &plain(&text, Lines::Many).replace('\n', &format!("\n{indent}")),
            colour,
        )?;
    }
    writeln!(out, "\n")
}

/// Untrusted text on one line of the terminal, made inert.
fn line(text: &str) -> std::borrow::Cow<'_, str> {
    plain(text, Lines::One)
}

/// Colours of sponsors' tags, in turn; red and green stay for deletions and insertions.
const SPONSOR_COLOURS: [Color; 4] = [Color::Cyan, Color::Magenta, Color::Yellow, Color::Blue];

/// A sponsor's tag, `‹CR2›`, in the sponsor's colour: the mark still reads without colour.
fn tag(out: &mut dyn WriteColor, tag: &str, index: usize) -> io::Result<()> {
    let colour = SPONSOR_COLOURS[index % SPONSOR_COLOURS.len()];
    out.set_color(ColorSpec::new().set_fg(Some(colour)).set_bold(true))?;
    write!(out, "‹{}›", line(tag))?;
    out.reset()
}

/// The review's matrix (one row per proposal) and the conflicts it settled.
fn review_summary(out: &mut dyn WriteColor, review: &ReviewSummary) -> io::Result<()> {
    let width = review
        .matrix
        .iter()
        .map(|r| line(&r.proposal).chars().count())
        .max()
        .unwrap_or(8)
        .max("proposal".len());
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(
        out,
        "{:<width$}  provisions  deleted  inserted  bindingness",
        "proposal"
    )?;
    out.reset()?;
    writeln!(out)?;
    for row in &review.matrix {
        writeln!(
            out,
            "{:<width$}  {:>10}  {:>7}  {:>8}  {:>11}",
            line(&row.proposal),
            row.provisions,
            row.words_deleted,
            row.words_inserted,
            row.bindingness_delta_text()
        )?;
    }
    writeln!(
        out,
        "(words deleted and inserted; bindingness: impact in obligation-equivalents, commitment by commitment, lists counted once, docs/bindingness.md)"
    )?;
    for conflict in &review.conflicts {
        out.set_color(ColorSpec::new().set_fg(Some(Color::Yellow)))?;
        write!(out, "conflict ({}):", review.policy)?;
        out.reset()?;
        writeln!(out, " {}", plain(&conflict.to_string(), Lines::Many))?;
    }
    for dropped in &review.dropped {
        writeln!(
            out,
            "left out: amendment {} of {}",
            dropped.amendment,
            line(&dropped.proposal)
        )?;
    }
    Ok(())
}

/// Writes `text` as `kind`: coloured and styled, or between markers without colour.
fn marked(out: &mut dyn WriteColor, kind: SpanKind, text: &str, colour: bool) -> io::Result<()> {
    match (kind, colour) {
        (SpanKind::Equal, _) => write!(out, "{text}"),
        (SpanKind::Delete, true) => styled(out, text, Color::Red, |s| {
            s.set_strikethrough(true);
        }),
        (SpanKind::Insert, true) => styled(out, text, Color::Green, |s| {
            s.set_underline(true);
        }),
        (SpanKind::Delete, false) => write!(out, "[-{text}-]"),
        (SpanKind::Insert, false) => write!(out, "{{+{text}+}}"),
    }
}

fn styled(
    out: &mut dyn WriteColor,
    text: &str,
    colour: Color,
    style: impl Fn(&mut ColorSpec),
) -> io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(colour));
    style(&mut spec);
    out.set_color(&spec)?;
    write!(out, "{text}")?;
    out.reset()
}
