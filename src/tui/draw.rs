//! The review's screens, drawn from the [`App`] state alone (so they snapshot-test on
//! ratatui's `TestBackend`): a header with the counter, the list of changes grouped by article,
//! the shown change in context as the terminal renderer redlines it, and a footer with the
//! keys. Below 80×24 the screen says so instead.

use ratatui::layout::{Alignment, Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Mode, KEYS};
use super::changes::Change;
use super::styled::StyledLines;
use crate::decisions::Verdict;
use crate::render::neutral::{plain, Lines};
use crate::render::view::{entries_around, Entry};
use crate::render::{
    bindingness_text, strength_text, terminal, BindingnessFigure, RenderOptions, TAG_PALETTE,
};
use crate::session::sponsor_abbreviations;

/// The smallest screen the review draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the list and the redline stand side by side.
const SIDE_BY_SIDE: u16 = 120;

/// Draws the whole screen; `colour` as `--color` and `NO_COLOR` say.
pub fn draw(frame: &mut Frame, app: &App, colour: bool) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let painter = Painter { colour };
    let (footer, footer_height) = painter.footer(app, area.width);
    let [header_area, body, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_height),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(painter.header(app)), header_area);
    let (direction, list_size) = if area.width >= SIDE_BY_SIDE {
        (Direction::Horizontal, Constraint::Length(50))
    } else {
        (Direction::Vertical, Constraint::Length(8))
    };
    let [list_area, detail_area] = Layout::default()
        .direction(direction)
        .constraints([list_size, Constraint::Min(1)])
        .areas(body);
    painter.list(frame, app, list_area);
    painter.detail(frame, app, detail_area);
    frame.render_widget(
        Paragraph::new(footer).wrap(Wrap { trim: false }),
        footer_area,
    );
    if app.mode == Mode::Help {
        painter.help(frame, area);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "The review needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.\n\
         Enlarge the window (q quits), or review without a terminal: --decisions FILE.",
        area.width, area.height
    );
    let height = 4.min(area.height);
    let middle = Rect {
        y: area.y + (area.height - height) / 2,
        height,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}

/// Styles that are colours only when colour is on.
struct Painter {
    colour: bool,
}

impl Painter {
    fn fg(&self, colour: Color) -> Style {
        if self.colour {
            Style::default().fg(colour)
        } else {
            Style::default()
        }
    }

    /// The change shown, in the list: on a grey background in colour, reversed without.
    fn highlight(&self) -> Style {
        if self.colour {
            Style::default()
                .bg(Color::Indexed(238))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    fn tag(&self, change: &Change) -> Span<'static> {
        let index = TAG_PALETTE[change.colour % TAG_PALETTE.len()].ansi256;
        Span::styled(
            format!("‹{}›", line(&change.tag)),
            self.fg(Color::Indexed(index)).add_modifier(Modifier::BOLD),
        )
    }

    fn verdict(&self, verdict: Option<Verdict>) -> Span<'static> {
        match verdict {
            Some(Verdict::Accepted) => Span::styled("✓", self.fg(Color::Green)),
            Some(Verdict::Rejected) => Span::styled("✗", self.fg(Color::Red)),
            None => Span::raw("·"),
        }
    }

    fn header(&self, app: &App) -> Line<'static> {
        let (accepted, rejected, undecided) = app.tally();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut spans = vec![
            Span::styled("redline review ", bold),
            Span::styled(app.counter(), bold),
            Span::raw(format!(
                "  ✓ {accepted} accepted  ✗ {rejected} rejected  · {undecided} undecided"
            )),
        ];
        let shown = app.shown.describe();
        if !shown.is_empty() {
            spans.push(Span::styled(
                format!("  only {shown}"),
                self.fg(Color::Yellow),
            ));
        }
        if app.unsaved {
            spans.push(Span::raw("  (not written yet)"));
        }
        Line::from(spans)
    }

    /// The changes listed, under their articles, the one shown highlighted and kept in view.
    fn list(&self, frame: &mut Frame, app: &App, area: Rect) {
        let block = Block::default().borders(Borders::ALL).title(" Changes ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut rows: Vec<Line> = Vec::new();
        let mut cursor_row = 0;
        let mut last_group = None;
        for i in app.visible() {
            let change = &app.changes.list[i];
            let group = (change.section, change.article.clone());
            if last_group.as_ref() != Some(&group) {
                rows.push(Line::styled(
                    clip(&change.article, inner.width as usize),
                    Style::default().add_modifier(Modifier::BOLD),
                ));
                last_group = Some(group);
            }
            if i == app.cursor {
                cursor_row = rows.len();
            }
            rows.push(self.row(app, i, inner.width as usize));
        }
        let height = inner.height as usize;
        let offset = cursor_row
            .saturating_sub(height / 2)
            .min(rows.len().saturating_sub(height));
        let shown: Vec<Line> = rows.into_iter().skip(offset).take(height).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }

    /// ` ✓ 19.15.1(a)    ‹CR2S› CR2       50→100  conflict`
    fn row(&self, app: &App, i: usize, width: usize) -> Line<'static> {
        let change = &app.changes.list[i];
        let provision = change.provisions.first().map_or("", String::as_str);
        let w = provision_width(width);
        let mut spans = vec![
            Span::raw(if i == app.cursor { "▶" } else { " " }),
            self.verdict(app.verdict(i)),
            Span::raw(format!(" {:<w$} ", clip(provision, w))),
            self.tag(change),
            Span::raw(format!(
                "{:pad$} {:<8}",
                "",
                clip(&short_sponsor(&change.sponsor), 8),
                pad = tag_width(app).saturating_sub(change.tag.chars().count())
            )),
        ];
        if let Some(figure) = change.bindingness.as_ref().and_then(short_bindingness) {
            spans.push(Span::raw(format!(" {figure}")));
        }
        if change.exclusive().next().is_some() {
            spans.push(Span::styled(" conflict", self.fg(Color::Yellow)));
        } else if !change.conflicts.is_empty() {
            spans.push(Span::styled(" merged", self.fg(Color::Yellow)));
        }
        let mut row = Line::from(spans);
        if i == app.cursor {
            row = row.style(self.highlight());
        }
        let used: usize = row.width();
        if used > width {
            row = Line::from(clip(&row.to_string(), width)).style(row.style);
        }
        row
    }

    /// The change shown: what it is and does, its conflicts, and its provisions in context.
    fn detail(&self, frame: &mut Frame, app: &App, area: Rect) {
        let Some(change) = app.current() else {
            let empty = Paragraph::new("No change to review.")
                .block(Block::default().borders(Borders::ALL));
            frame.render_widget(empty, area);
            return;
        };
        let mut title = vec![Span::raw(" "), self.tag(change)];
        title.push(Span::raw(format!(
            " {} · amendment {} · {} ",
            line(&change.amendment.proposal),
            change.of_proposal,
            line(&change.sponsor)
        )));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Line::from(title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let info = Paragraph::new(self.info(app, change, inner.width)).wrap(Wrap { trim: false });
        let info_height = (info.line_count(inner.width) as u16 + 1).min(inner.height / 2);
        let [info_area, excerpt_area] =
            Layout::vertical([Constraint::Length(info_height), Constraint::Min(1)]).areas(inner);
        frame.render_widget(info, info_area);
        let excerpt = self.excerpt(app, change, inner.width);
        let top = excerpt.top(excerpt_area.height as usize) as i64 + i64::from(app.scroll);
        let last = excerpt.lines.len().saturating_sub(1) as i64;
        let scroll = top.clamp(0, last.max(0)) as u16;
        frame.render_widget(
            Paragraph::new(excerpt.lines).scroll((scroll, 0)),
            excerpt_area,
        );
    }

    /// What the change is and does: its decision and intent, bindingness, conflicts.
    fn info(&self, app: &App, change: &Change, width: u16) -> Vec<Line<'static>> {
        let mut text: Vec<Line<'static>> = Vec::new();
        let decision = match app.verdict(app.cursor) {
            Some(Verdict::Accepted) => "accepted",
            Some(Verdict::Rejected) => "rejected",
            None => "undecided",
        };
        text.push(Line::from(vec![
            self.verdict(app.verdict(app.cursor)),
            Span::raw(clip(
                &format!(" {decision} · {}: {}", change.op, change.intent),
                usize::from(width.max(2)) - 1,
            )),
        ]));
        if let Some(figure) = &change.bindingness {
            text.push(Line::raw(bindingness_text(figure)));
        }
        for collision in &change.conflicts {
            let other = app
                .changes
                .list
                .iter()
                .find(|c| c.amendment == collision.with);
            let tag = other.map_or(String::new(), |o| format!("‹{}› ", line(&o.tag)));
            let choice = if collision.mergeable {
                "merged (--on-conflict merge): both can be accepted, the later relabelled"
            } else {
                "a choice: y keeps this one and rejects the other"
            };
            text.push(Line::styled(
                format!(
                    "conflict at {} with {tag}{} ({}): {choice}",
                    line(&collision.provision),
                    collision.with,
                    collision.kind
                ),
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ));
        }
        text
    }

    /// The change's provisions as the terminal renderer shows them, with their chapeaux, article
    /// heading and a provision either side; and where the change itself starts.
    fn excerpt(&self, app: &App, change: &Change, width: u16) -> Excerpt {
        let report = &app.changes.reports[change.shown_in];
        let mut excerpt = Excerpt::default();
        let Some(section) = report.sections.get(change.section) else {
            return excerpt;
        };
        let redline = &section.redline;
        let mut entries = entries_around(redline, Some(1), |p| change.covers(p.id()));
        // What comes before the article is not this change's context.
        if let Some(Entry::Elided { .. }) = entries.first() {
            entries.remove(0);
        }
        if entries.is_empty() {
            excerpt.lines.push(Line::raw(
                "Not in the redline shown: the change it collides with is. Accepting it rejects that one.",
            ));
            return excerpt;
        }
        let options = RenderOptions {
            width: Some(usize::from(width.max(20))),
            draft: false,
            ..RenderOptions::default()
        };
        let mut out = StyledLines::new(self.colour);
        let mut before = 0;
        for entry in entries {
            let focused = match entry {
                Entry::Provision(_, p) | Entry::MovedAway(_, p) => change.covers(p.id()),
                Entry::Elided { .. } => false,
            };
            let start = out.line_count();
            if let Err(e) = terminal::excerpt(&mut out, redline, vec![entry], report, &options) {
                excerpt
                    .lines
                    .push(Line::raw(format!("cannot show this change: {e}")));
                return excerpt;
            }
            if excerpt.focus.is_none() {
                if focused {
                    excerpt.focus = Some((before, start, out.line_count()));
                } else {
                    before = start;
                }
            }
        }
        excerpt.lines = out.into_lines();
        excerpt
    }

    /// The prompt or the last message, then the keys; and the rows they take at `width`.
    fn footer(&self, app: &App, width: u16) -> (Text<'static>, u16) {
        let first = match &app.mode {
            Mode::Prompt(prompt) => Line::from(vec![
                Span::styled(
                    prompt.ask.question(),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("{}▏", line(&prompt.input))),
            ]),
            Mode::ConfirmQuit => Line::styled(
                "Not written yet. y: write and quit · n: quit without writing · Esc: back",
                self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ),
            _ => Line::raw(clip(
                app.message.as_deref().unwrap_or_default(),
                usize::from(width),
            )),
        };
        let mut keys = Vec::new();
        for (key, what, _) in KEYS.iter().filter(|(_, what, _)| !what.is_empty()) {
            keys.push(Span::styled(
                *key,
                Style::default().add_modifier(Modifier::BOLD),
            ));
            // A key and its word never part at a line break.
            keys.push(Span::raw(format!(
                "\u{a0}{}  ",
                what.replace(' ', "\u{a0}")
            )));
        }
        let text = Text::from(vec![first, Line::from(keys)]);
        let rows = Paragraph::new(text.clone())
            .wrap(Wrap { trim: false })
            .line_count(width);
        (text, rows as u16)
    }

    fn help(&self, frame: &mut Frame, area: Rect) {
        let width = 90.min(area.width - 2);
        let height = (KEYS.len() as u16 + 4).min(area.height - 2);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        let mut lines: Vec<Line> = KEYS
            .iter()
            .map(|(key, _, long)| {
                Line::from(vec![
                    Span::styled(
                        format!(" {key:<10}"),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(*long),
                ])
            })
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::raw(" any key: back to the review"));
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL).title(" Keys ")),
            popup,
        );
    }
}

/// A change's provisions in context, as lines, with where the change is in them.
#[derive(Default)]
struct Excerpt {
    lines: Vec<Line<'static>>,
    /// The change's first entry: (the entry before's first line, its first line, the line
    /// after it).
    focus: Option<(usize, usize, usize)>,
}

impl Excerpt {
    /// The first line to show in `height` rows: the top if the change fits below it, else
    /// from the entry above the change if both fit, else from the change.
    fn top(&self, height: usize) -> usize {
        match self.focus {
            None => 0,
            Some((_, _, end)) if end <= height => 0,
            Some((before, _, end)) if end - before <= height => before,
            Some((_, start, _)) => start,
        }
    }
}

/// Untrusted text on one line, made inert.
fn line(text: &str) -> String {
    plain(text, Lines::One).into_owned()
}

/// At most `width` characters, an ellipsis marking a cut.
fn clip(text: &str, width: usize) -> String {
    let text = line(text);
    if text.chars().count() <= width {
        return text;
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The abbreviation a sponsor gives itself (`CR2`), else the first word of its name.
fn short_sponsor(sponsor: &str) -> String {
    let first_word = || {
        sponsor
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    sponsor_abbreviations(sponsor)
        .next()
        .map_or_else(first_word, str::to_string)
}

/// `50→100`, `–→70`; nothing where neither side is scored (a definition).
fn short_bindingness(figure: &BindingnessFigure) -> Option<String> {
    let strength = |s: &Option<crate::render::BindingnessSide>| s.as_ref().and_then(|s| s.strength);
    let (before, after) = (strength(&figure.before), strength(&figure.after));
    if before.is_none() && after.is_none() {
        return None;
    }
    let side = |v: Option<f64>| v.map_or("–".to_string(), strength_text);
    Some(format!("{}→{}", side(before), side(after)))
}

/// The widest tag of the review, so the columns after it line up.
fn tag_width(app: &App) -> usize {
    app.changes
        .list
        .iter()
        .map(|c| c.tag.chars().count())
        .max()
        .unwrap_or(0)
}

/// The provision column of the list: what is left of a row of `width` beside the rest.
fn provision_width(width: usize) -> usize {
    width.saturating_sub(36).clamp(12, 28)
}
