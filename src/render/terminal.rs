//! The redline as text: on a colour terminal deletions are red and struck through, insertions
//! green and underlined; without colour (a pipe, a file, `NO_COLOR`) the same redline carries
//! `[-deleted-]` and `{+inserted+}` markers, as `git diff --word-diff` does, so it reads in an
//! email or a log.

use std::io;

use termcolor::{Color, ColorSpec, WriteColor};

use super::neutral::{plain, Lines};

use super::{
    bindingness_text, label_kind, labelled_spans, status_note, summary, ProposalInfo,
    RenderOptions, Report, Section, TAG_PALETTE,
};
use crate::diff::{ProvisionRedline, Shown, SpanKind};
use crate::review::MatrixRow;

/// Writes the report to `out`, coloured if `out` supports colour.
pub fn render(
    out: &mut dyn WriteColor,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    header(out, report)?;
    for section in &report.sections {
        section_header(out, report, section)?;
        for shown in section.redline.shown(options.context) {
            match shown {
                Shown::Provision(_, p) => provision(out, report, section, p)?,
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
    }
    Ok(())
}

fn header(out: &mut dyn WriteColor, report: &Report) -> io::Result<()> {
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
    for proposal in &report.proposals {
        // Several proposals: one line each (tag, id, title); HTML carries the rest.
        if report.marks_proposals() {
            tag(out, &proposal.tag, proposal.colour)?;
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
    if report.marks_proposals() {
        writeln!(out, "Sponsors:")?;
        for (sponsor, proposals) in by_sponsor(report) {
            write!(out, "  {}:", line(sponsor))?;
            for p in proposals {
                write!(out, " ")?;
                tag(out, &p.tag, p.colour)?;
            }
            writeln!(out)?;
        }
    }
    if let Some(matrix) = &report.matrix {
        writeln!(out)?;
        matrix_table(out, matrix)?;
    }
    if let Some(settlement) = &report.settlement {
        for conflict in &settlement.conflicts {
            out.set_color(ColorSpec::new().set_fg(Some(Color::Yellow)))?;
            write!(out, "conflict ({}):", settlement.policy)?;
            out.reset()?;
            writeln!(out, " {}", plain(&conflict.to_string(), Lines::Many))?;
        }
    }
    for note in report.notes() {
        writeln!(out, "{}", line(&note))?;
    }
    if !report.proposals.is_empty() && !report.has_sections() {
        writeln!(out)?;
    }
    Ok(())
}

/// A section's heading (with several documents), a note if it is coarsened, and its summary.
fn section_header(out: &mut dyn WriteColor, report: &Report, section: &Section) -> io::Result<()> {
    let redline = &section.redline;
    if report.has_sections() {
        writeln!(out)?;
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(out, "== {} ==", line(&section.title))?;
        out.reset()?;
        writeln!(out)?;
        writeln!(out, "baseline: {}", line(&section.baseline))?;
    }
    if let Some(reason) = &redline.coarsened {
        out.set_color(ColorSpec::new().set_fg(Some(Color::Yellow)))?;
        write!(out, "note: coarsened: {}", line(reason))?;
        out.reset()?;
        writeln!(out)?;
        if report.proposals.is_empty() {
            writeln!(out)?;
        }
    }
    writeln!(out, "{}\n", summary(redline))
}

fn provision(
    out: &mut dyn WriteColor,
    report: &Report,
    section: &Section,
    p: &ProvisionRedline,
) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)).set_bold(true))?;
    write!(out, "{}", line(p.id()))?;
    out.reset()?;
    write!(out, "  {}", line(&status_note(p)))?;
    if let Some(figure) = section.bindingness_of(p) {
        write!(out, "  ({})", bindingness_text(figure))?;
    }
    writeln!(out)?;
    let indent = "    ".repeat(p.depth + 1);
    write!(out, "{indent}")?;
    let colour = out.supports_color();
    let (label, spans) = labelled_spans(p, section.redline.whitespace);
    if let Some(label) = label {
        marked(out, label_kind(p), &line(&label), colour)?;
        write!(out, " ")?;
    }
    for (kind, text, attribution) in spans {
        if let Some((tag_text, index)) = attribution
            .filter(|_| kind != SpanKind::Equal)
            .and_then(|a| report.mark(a))
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

/// A proposal's tag, `‹CR2S›`, in its colour: the mark still reads without colour.
fn tag(out: &mut dyn WriteColor, tag: &str, colour: usize) -> io::Result<()> {
    let colour = TAG_PALETTE[colour % TAG_PALETTE.len()].ansi256;
    out.set_color(
        ColorSpec::new()
            .set_fg(Some(Color::Ansi256(colour)))
            .set_bold(true),
    )?;
    write!(out, "‹{}›", line(tag))?;
    out.reset()
}

/// The sponsors in the order first named, each with its proposals.
fn by_sponsor(report: &Report) -> Vec<(&str, Vec<&ProposalInfo>)> {
    let mut sponsors: Vec<(&str, Vec<&ProposalInfo>)> = Vec::new();
    for p in &report.proposals {
        match sponsors.iter_mut().find(|(s, _)| *s == p.sponsor) {
            Some((_, list)) => list.push(p),
            None => sponsors.push((&p.sponsor, vec![p])),
        }
    }
    sponsors
}

/// The review's matrix: one row per proposal.
fn matrix_table(out: &mut dyn WriteColor, matrix: &[MatrixRow]) -> io::Result<()> {
    let width = matrix
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
    for row in matrix {
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
        "(words deleted and inserted; bindingness: change in obligation-equivalents, docs/bindingness.md)"
    )
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
