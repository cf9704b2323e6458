//! The redline as text: on a colour terminal deletions are red and struck through, insertions
//! green and underlined; without colour (a pipe, a file, `NO_COLOR`) the same redline carries
//! `[-deleted-]` and `{+inserted+}` markers, as `git diff --word-diff` does, so it reads in an
//! email or a log.

use std::io;

use termcolor::{Color, ColorSpec, WriteColor};

use super::{
    bindingness_text, label_kind, labelled_spans, status_note, summary, RenderOptions, Report,
};
use crate::diff::{ProvisionRedline, Redline, Shown, SpanKind};

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
    write!(out, "{}", report.title)?;
    out.reset()?;
    writeln!(out)?;
    for input in &report.inputs {
        writeln!(
            out,
            "{}: {}  sha256:{}",
            input.role, input.name, input.sha256
        )?;
    }
    for proposal in &report.proposals {
        writeln!(out)?;
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(out, "Proposal {}: {}", proposal.id, proposal.title)?;
        out.reset()?;
        writeln!(out)?;
        writeln!(out, "  Sponsor: {}", proposal.sponsor)?;
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
            writeln!(out, "  Source: {}", source.join(", "))?;
        }
        if !proposal.rationale.is_empty() {
            writeln!(out, "  Rationale: {}", proposal.rationale)?;
        }
    }
    if let Some(reason) = &redline.coarsened {
        out.set_color(ColorSpec::new().set_fg(Some(Color::Yellow)))?;
        write!(out, "note: coarsened: {reason}")?;
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
    write!(out, "{}", p.id())?;
    out.reset()?;
    write!(out, "  {}", status_note(p))?;
    if let Some(figure) = report.bindingness_of(p) {
        write!(out, "  ({})", bindingness_text(figure))?;
    }
    writeln!(out)?;
    let indent = "    ".repeat(p.depth + 1);
    write!(out, "{indent}")?;
    let colour = out.supports_color();
    let (label, spans) = labelled_spans(p, redline.whitespace);
    if let Some(label) = label {
        marked(out, label_kind(p), &label, colour)?;
        write!(out, " ")?;
    }
    for (kind, text, _) in spans {
        marked(
            out,
            kind,
            &text.replace('\n', &format!("\n{indent}")),
            colour,
        )?;
    }
    writeln!(out, "\n")
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
