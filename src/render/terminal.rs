//! The redline as text: on a colour terminal deletions are red and struck through, insertions
//! green and underlined; without colour (a pipe, a file, `NO_COLOR`) the same redline carries
//! `[-deleted-]` and `{+inserted+}` markers, as `git diff --word-diff` does, so it reads in an
//! email or a log. A moved provision is marked at both ends: `[>moved to 19.15.3<]` where it
//! stood, `[<moved from 19.14.2>]` where it arrives (green and italic in colour: struck through
//! at the old place, underlined at the new). Lines wrap at word boundaries when a width is
//! given ([`super::wrap`]).

use std::io::{self, Write as _};

use termcolor::{Color, ColorSpec, WriteColor};
use unicode_width::UnicodeWidthStr;

use super::neutral::{plain, Lines};
use super::view::{elided_text, entries, Entry};
use super::wrap::Wrapper;
use super::{
    bindingness_text, label_kind, labelled_spans, status_note, summary, ProposalInfo,
    RenderOptions, Report, Section, TAG_PALETTE,
};
use crate::diff::{ProvisionRedline, Redline, SpanKind, Status};
use crate::review::{count_words, MatrixRow};

/// Writes the report to `out`, coloured if `out` supports colour: the header once, then each
/// document's redline.
pub fn render(
    out: &mut dyn WriteColor,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    let mut out = Wrapper::new(out, options.width);
    header(&mut out, report, options)?;
    for section in &report.sections {
        section_header(&mut out, report, section)?;
        redline_body(&mut out, &section.redline, report, options)?;
    }
    out.finish()
}

/// One document's provisions, as the context says.
fn redline_body(
    out: &mut Wrapper,
    redline: &Redline,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    entries_body(
        out,
        redline,
        entries(redline, options.context),
        report,
        options,
    )
}

/// Some entries of a redline ([`super::view::entries_around`]), wrapped at `options.width`,
/// exactly as the full redline shows them: an interactive review shows one amendment so.
pub fn excerpt(
    out: &mut dyn WriteColor,
    redline: &Redline,
    entries: Vec<Entry>,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    let mut out = Wrapper::new(out, options.width);
    entries_body(&mut out, redline, entries, report, options)?;
    out.finish()
}

fn entries_body(
    out: &mut Wrapper,
    redline: &Redline,
    entries: Vec<Entry>,
    report: &Report,
    options: &RenderOptions,
) -> io::Result<()> {
    for entry in entries {
        match entry {
            Entry::Provision(_, p) => provision(out, redline, report, options, p)?,
            Entry::MovedAway(_, p) => moved_away(out, p)?,
            Entry::Elided { count, items_of } => {
                out.set_color(ColorSpec::new().set_dimmed(true))?;
                write!(
                    out,
                    "  {}",
                    line(&elided_text(redline.layout, count, items_of))
                )?;
                out.reset()?;
                writeln!(out, "\n")?;
            }
        }
    }
    Ok(())
}

/// One line per changed provision with the words it deletes and inserts, and a total, as
/// `git diff --stat` does for files; the bar fits in `options.width` (80 columns without one).
pub fn stat(
    out: &mut dyn WriteColor,
    redline: &Redline,
    options: &RenderOptions,
) -> io::Result<()> {
    let rows: Vec<StatRow> = redline
        .provisions
        .iter()
        .filter(|p| p.is_change())
        .map(|p| StatRow::of(p, redline.whitespace))
        .collect();
    let id_width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
    let most = rows.iter().map(StatRow::words).max().unwrap_or(0);
    let count_width = most.to_string().len();
    let colour = out.supports_color();
    let note_width = rows.iter().map(|r| r.note.width() + 1).max().unwrap_or(0);
    let room = options
        .width
        .unwrap_or(80)
        .saturating_sub(id_width + count_width + 5 + note_width)
        .max(1);
    for row in &rows {
        write!(
            out,
            " {:<id_width$} | {:>count_width$} ",
            row.id,
            row.words()
        )?;
        let (minus, plus) = row.bar(most, room);
        for (n, mark, hue) in [(minus, "-", Color::Red), (plus, "+", Color::Green)] {
            let bar = mark.repeat(n);
            if colour {
                styled(out, &bar, ColorSpec::new().set_fg(Some(hue)).clone())?;
            } else {
                write!(out, "{bar}")?;
            }
        }
        if !row.note.is_empty() {
            write!(out, " {}", row.note)?;
        }
        writeln!(out)?;
    }
    let (deleted, inserted) = rows
        .iter()
        .fold((0, 0), |(d, i), r| (d + r.deleted, i + r.inserted));
    let n = rows.len();
    writeln!(
        out,
        " {n} {} changed, {deleted} word{} deleted(-), {inserted} word{} inserted(+)",
        if n == 1 { "provision" } else { "provisions" },
        if deleted == 1 { "" } else { "s" },
        if inserted == 1 { "" } else { "s" },
    )
}

/// One line of `--stat`.
struct StatRow {
    id: String,
    deleted: usize,
    inserted: usize,
    /// What happened, unless it is a plain change: `inserted`, `moved from 19.14.2`, ...
    note: String,
}

impl StatRow {
    fn of(p: &ProvisionRedline, whitespace: bool) -> StatRow {
        let words = |kind: SpanKind| -> usize {
            p.shown_spans(whitespace)
                .iter()
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, text, _)| count_words(text))
                .sum()
        };
        let note = status_note(p);
        StatRow {
            id: line(p.id()).into_owned(),
            deleted: words(SpanKind::Delete),
            inserted: words(SpanKind::Insert),
            note: if note == "changed" {
                String::new()
            } else {
                note
            },
        }
    }

    fn words(&self) -> usize {
        self.deleted + self.inserted
    }

    /// The `-` and `+` of the bar, scaled so the largest row fills `room`; a row with words
    /// gets at least one mark of each kind it has.
    fn bar(&self, most: usize, room: usize) -> (usize, usize) {
        let scale = |n: usize| {
            if most <= room || n == 0 {
                n
            } else {
                (n * room / most).max(1)
            }
        };
        (scale(self.deleted), scale(self.inserted))
    }
}

fn header(out: &mut Wrapper, report: &Report, options: &RenderOptions) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{}", line(&report.title))?;
    out.reset()?;
    writeln!(out)?;
    let stamp = report.stamp(options);
    if !stamp.is_empty() {
        writeln!(out, "{stamp}")?;
    }
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
        labelled(out, "Sponsor", &proposal.sponsor)?;
        labelled(out, "Source", &proposal.source_text())?;
        labelled(out, "Rationale", &proposal.rationale)?;
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
fn section_header(out: &mut Wrapper, report: &Report, section: &Section) -> io::Result<()> {
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

/// `  Rationale: text`, continuation lines under the text; nothing for an empty text.
fn labelled(out: &mut Wrapper, label: &str, text: &str) -> io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    write!(out, "  {label}: ")?;
    out.hang_here()?;
    writeln!(out, "{}", line(text))
}

/// A provision's heading line: id, what happened, bindingness.
fn heading_line(
    out: &mut Wrapper,
    report: &Report,
    options: &RenderOptions,
    p: &ProvisionRedline,
    note: &str,
) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)).set_bold(true))?;
    write!(out, "{}", line(p.id()))?;
    out.reset()?;
    write!(out, "  {}", line(note))?;
    if let Some(figure) = report.bindingness_of(p, options) {
        write!(out, "  ({})", bindingness_text(figure))?;
    }
    writeln!(out)
}

fn provision(
    out: &mut Wrapper,
    redline: &Redline,
    report: &Report,
    options: &RenderOptions,
    p: &ProvisionRedline,
) -> io::Result<()> {
    heading_line(out, report, options, p, &status_note(p))?;
    let indent = "    ".repeat(p.depth + 1);
    write!(out, "{indent}")?;
    let colour = out.supports_color();
    let moved = matches!(p.status, Status::Moved { .. });
    if moved {
        move_marker(
            out,
            &format!("moved from {}", line(old_id(p))),
            true,
            colour,
        )?;
    }
    let (label, spans) = labelled_spans(p, redline.whitespace);
    match label {
        Some(label) => {
            styled_change(out, label_kind(p), &line(&label), moved, colour)?;
            write!(out, " ")?;
            out.hang_here()?;
        }
        // The label opens the provision's one change: continuation lines go under the text.
        None if !p.label.is_empty() => {
            let marker = if colour { 0 } else { 2 };
            out.hang_at(indent.len() + marker + p.label.width() + 1);
        }
        None => out.hang_here()?,
    }
    for (kind, text, attribution) in spans {
        if let Some((tag_text, index)) = attribution
            .filter(|_| kind != SpanKind::Equal)
            .and_then(|a| report.mark(a))
        {
            tag(out, &tag_text, index)?;
        }
        let text = plain(&text, Lines::Many).replace('\n', &format!("\n{indent}"));
        styled_change(out, kind, &text, moved, colour)?;
    }
    writeln!(out, "\n")
}

/// The old place of a moved provision: a marker naming where it went, and its old text in the
/// move style.
fn moved_away(out: &mut Wrapper, p: &ProvisionRedline) -> io::Result<()> {
    let to = p.new_id.as_deref().unwrap_or_default();
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)).set_bold(true))?;
    write!(out, "{}", line(old_id(p)))?;
    out.reset()?;
    writeln!(out, "  moved to {}", line(to))?;
    let indent = "    ".repeat(p.depth + 1);
    write!(out, "{indent}")?;
    let colour = out.supports_color();
    move_marker(out, &format!("moved to {}", line(to)), false, colour)?;
    let label = p.old_label.as_deref().unwrap_or_default();
    let old = p.side(SpanKind::Delete);
    let text = format!("{label} {}", old.trim_end());
    let text = plain(text.trim_start(), Lines::Many).replace('\n', &format!("\n{indent}"));
    if colour {
        styled(out, &text, move_style(false))?;
    } else {
        write!(out, "{text}")?;
    }
    writeln!(out, "\n")
}

fn old_id(p: &ProvisionRedline) -> &str {
    p.old_id.as_deref().unwrap_or_default()
}

/// `[>moved to 19.15.3<]` at the old place, `[<moved from 19.14.2>]` at the new one.
fn move_marker(out: &mut Wrapper, text: &str, arrived: bool, colour: bool) -> io::Result<()> {
    let (open, close) = if arrived { ("[<", ">]") } else { ("[>", "<]") };
    if colour {
        let mut spec = ColorSpec::new();
        spec.set_fg(Some(Color::Green)).set_bold(true);
        styled(out, &format!("{open}{text}{close}"), spec)?;
    } else {
        write!(out, "{open}{text}{close}")?;
    }
    write!(out, " ")
}

/// The move style: green and italic, struck through at the old place, underlined at the new.
fn move_style(arrived: bool) -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(Color::Green)).set_italic(true);
    if arrived {
        spec.set_underline(true);
    } else {
        spec.set_strikethrough(true);
    }
    spec
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
        "(words deleted and inserted; bindingness: impact in obligation-equivalents, commitment by commitment, lists counted once, docs/bindingness.md)"
    )
}

/// A span of a provision: as [`marked`], except that the unchanged text of a moved provision
/// takes the move style in colour.
fn styled_change(
    out: &mut dyn WriteColor,
    kind: SpanKind,
    text: &str,
    moved: bool,
    colour: bool,
) -> io::Result<()> {
    if moved && colour && kind == SpanKind::Equal {
        styled(out, text, move_style(true))
    } else {
        marked(out, kind, text, colour)
    }
}

/// Writes `text` as `kind`: coloured and styled, or between markers without colour. A change
/// of punctuation alone is also set on a background in colour, so a struck `.` shows.
fn marked(out: &mut dyn WriteColor, kind: SpanKind, text: &str, colour: bool) -> io::Result<()> {
    let punctuation_only = !text.trim().is_empty() && !text.chars().any(char::is_alphanumeric);
    let background = |spec: &mut ColorSpec, c: Color| {
        if punctuation_only {
            spec.set_bg(Some(c))
                .set_fg(Some(Color::White))
                .set_bold(true);
        }
    };
    match (kind, colour) {
        (SpanKind::Equal, _) => write!(out, "{text}"),
        (SpanKind::Delete, true) => {
            let mut spec = ColorSpec::new();
            spec.set_fg(Some(Color::Red)).set_strikethrough(true);
            background(&mut spec, Color::Red);
            styled(out, text, spec)
        }
        (SpanKind::Insert, true) => {
            let mut spec = ColorSpec::new();
            spec.set_fg(Some(Color::Green)).set_underline(true);
            background(&mut spec, Color::Green);
            styled(out, text, spec)
        }
        (SpanKind::Delete, false) => write!(out, "[-{text}-]"),
        (SpanKind::Insert, false) => write!(out, "{{+{text}+}}"),
    }
}

fn styled(out: &mut dyn WriteColor, text: &str, spec: ColorSpec) -> io::Result<()> {
    out.set_color(&spec)?;
    write!(out, "{text}")?;
    out.reset()
}
