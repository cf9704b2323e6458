//! The redline laid out as Word paragraphs: which provision goes where (a moved provision at
//! its old place and its new one), what each run of text is in the tracked changes, and which
//! footnote each marker calls.

use std::collections::HashSet;

use super::revision::Mark;
use crate::diff::ShownSpan;
use crate::diff::{ProvisionRedline, Redline, SpanKind, Status};
use crate::parse::footnote_markers;
use crate::render::view;

/// A paragraph style of the document (styles.xml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The document heading (`CHAPTER 19`), Word's Heading 1.
    Chapter,
    /// A section or article heading, Word's Heading 2, so the navigation pane lists them.
    Article,
    /// A provision, indented by its level.
    Provision,
    /// A footnote's text, in the footnotes or (for one no marker calls) in the body.
    Footnote,
    /// `… 3 unchanged provisions not shown …`.
    Elided,
}

impl Style {
    /// The style's id in styles.xml.
    pub fn id(self) -> &'static str {
        match self {
            Style::Chapter => "Heading1",
            Style::Article => "Heading2",
            Style::Provision => "Provision",
            Style::Footnote => "FootnoteText",
            Style::Elided => "Elided",
        }
    }
}

/// Where a list label hangs, in twentieths of a point: the label at `left - hanging`, the
/// text at `left`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Indent {
    pub left: u32,
    pub hanging: u32,
}

/// One step of list indentation (1 cm).
const INDENT_STEP: u32 = 567;

/// A piece of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A provision's words, without tabs or line breaks (those are [`Piece::Tab`] and
    /// [`Piece::Break`]).
    Text(String),
    /// A field of one line, such as a document's title: a line break in it is shown, never
    /// made, as in every format.
    Line(String),
    Tab,
    Break,
    /// A call of the note at this index of [`Body::notes`].
    NoteReference(usize),
    /// The number at the start of a footnote's own text.
    NoteNumber,
}

/// A run of text with its place in the tracked changes and the proposal(s) credited with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'r> {
    pub mark: Mark,
    pub by: Option<&'r str>,
    pub piece: Piece,
}

/// A paragraph: its style, the change to its paragraph mark, its runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'r> {
    pub style: Style,
    pub indent: Indent,
    /// Inserted, deleted or moved down to the paragraph mark, or `Equal`.
    pub mark: Mark,
    pub mark_by: Option<&'r str>,
    /// The name shared by a move's two ranges, for the half of a move this paragraph is.
    pub move_name: Option<String>,
    pub runs: Vec<Run<'r>>,
}

/// The body's paragraphs and the footnotes they call, each note the footnote unit of the
/// redline it shows (one note per call: a footnote called from a moved provision's old and
/// new places is two notes, one removed on accepting, the other on rejecting).
#[derive(Debug, Default)]
pub struct Body<'r> {
    pub paragraphs: Vec<Paragraph<'r>>,
    pub notes: Vec<Paragraph<'r>>,
}

impl Body<'_> {
    /// Makes this body the `section`th of a document whose bodies before it hold
    /// `notes_before` notes: its notes numbered on from theirs, its move names told apart.
    pub fn follow(&mut self, section: usize, notes_before: usize) {
        for p in &mut self.paragraphs {
            if let Some(name) = &mut p.move_name {
                *name = format!("{name}-{section}");
            }
            for run in &mut p.runs {
                if let Piece::NoteReference(note) = &mut run.piece {
                    *note += notes_before;
                }
            }
        }
    }
}

/// A document's title heading its part of a document of several.
pub fn title(text: &str) -> Paragraph<'static> {
    unmarked(Style::Chapter, Piece::Line(text.to_string()))
}

/// A paragraph of one unchanged run.
fn unmarked(style: Style, piece: Piece) -> Paragraph<'static> {
    Paragraph {
        style,
        indent: Indent::default(),
        mark: Mark::Equal,
        mark_by: None,
        move_name: None,
        runs: vec![Run {
            mark: Mark::Equal,
            by: None,
            piece,
        }],
    }
}

/// Which half of a provision a paragraph shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Where the provision stands (the only place of one that did not move).
    Here,
    /// The old place of a moved provision.
    MovedFrom,
    /// The new place of a moved provision.
    MovedTo,
}

/// An entry of the body, before it becomes a paragraph.
#[derive(Debug, Clone)]
enum Entry<'r> {
    Provision(usize, &'r ProvisionRedline, Place),
    /// Provisions left out, and what the line saying so reads.
    Elided(String),
}

/// Lays out the shown provisions of `redline` (`context` as for [`Redline::shown`]); `moves`
/// marks moved provisions as moves rather than deletions and insertions.
pub fn layout(redline: &Redline, context: Option<usize>, moves: bool) -> Body<'_> {
    let entries = entries(redline, context);
    let mut builder = Builder {
        redline,
        moves,
        notes: Vec::new(),
        called: HashSet::new(),
    };
    // Footnotes last: the ones a marker calls become notes, the rest stay in the body.
    let mut paragraphs: Vec<Option<Paragraph>> = entries
        .iter()
        .map(|entry| match *entry {
            Entry::Provision(_, p, _) if p.kind == "footnote" => None,
            Entry::Provision(i, p, place) => Some(builder.provision(i, p, place)),
            Entry::Elided(ref text) => Some(elided(text)),
        })
        .collect();
    for (slot, entry) in paragraphs.iter_mut().zip(&entries) {
        if let Entry::Provision(i, p, place) = *entry {
            if slot.is_none() && !builder.called.contains(&i) {
                *slot = Some(builder.provision(i, p, place));
            }
        }
    }
    marks_before_added_paragraphs(&mut paragraphs.iter_mut().flatten().collect::<Vec<_>>());
    mark_splits(&mut paragraphs, &entries);
    let mut paragraphs: Vec<Paragraph> = paragraphs.into_iter().flatten().collect();
    keep_final_mark(&mut paragraphs);
    Body {
        paragraphs,
        notes: builder.notes,
    }
}

/// The entries as every renderer shows them ([`view::entries`]: changes, their context, each
/// moved provision at its old place too, elision counts), each with the half of a provision it
/// shows.
fn entries(redline: &Redline, context: Option<usize>) -> Vec<Entry<'_>> {
    view::entries(redline, context)
        .into_iter()
        .map(|entry| match entry {
            view::Entry::Provision(i, p) if matches!(p.status, Status::Moved { .. }) => {
                Entry::Provision(i, p, Place::MovedTo)
            }
            view::Entry::Provision(i, p) => Entry::Provision(i, p, Place::Here),
            view::Entry::MovedAway(i, p) => Entry::Provision(i, p, Place::MovedFrom),
            view::Entry::Elided { count, items_of } => {
                Entry::Elided(view::elided_text(redline.layout, count, items_of))
            }
        })
        .collect()
}

/// Builds paragraphs, collecting the footnotes their markers call.
struct Builder<'r> {
    redline: &'r Redline,
    moves: bool,
    notes: Vec<Paragraph<'r>>,
    /// Footnote units (indexes into the redline's provisions) some marker calls.
    called: HashSet<usize>,
}

impl<'r> Builder<'r> {
    fn provision(&mut self, index: usize, p: &'r ProvisionRedline, place: Place) -> Paragraph<'r> {
        let mark = paragraph_mark(p.status, place, self.moves);
        let spans = tracked_spans(p);
        let first_change = spans
            .iter()
            .find(|(kind, _, _)| *kind != SpanKind::Equal)
            .and_then(|(_, _, by)| *by);
        let mut runs = self.label(p, place, mark, first_change);
        for (kind, text, by) in &spans {
            if let Some(run_mark) = run_mark(*kind, place, mark) {
                self.pieces(&mut runs, run_mark, *by, *kind, text);
            }
        }
        let (style, indent) = style_of(p);
        Paragraph {
            style,
            indent,
            mark,
            mark_by: (mark != Mark::Equal).then_some(first_change).flatten(),
            move_name: (self.moves && place != Place::Here).then(|| format!("move{}", index + 1)),
            runs,
        }
    }

    /// The provision's label and what separates it from the text: the old label at a move's
    /// old place, a renumbering as the old label deleted and the new one inserted.
    fn label(
        &self,
        p: &ProvisionRedline,
        place: Place,
        mark: Mark,
        by: Option<&'r str>,
    ) -> Vec<Run<'r>> {
        if p.label.is_empty() {
            return Vec::new();
        }
        let run = |mark, text: String| Run {
            mark,
            by,
            piece: Piece::Text(text),
        };
        let mut runs = match (place, p.status) {
            (Place::MovedFrom, _) => vec![run(mark, old_label(p))],
            (Place::MovedTo, _) => vec![run(mark, p.label.clone())],
            (Place::Here, Status::Inserted | Status::Split) => {
                vec![run(Mark::Insert, p.label.clone())]
            }
            (Place::Here, Status::Deleted) => vec![run(Mark::Delete, p.label.clone())],
            (Place::Here, _) if p.renumbered => vec![
                run(Mark::Delete, old_label(p)),
                run(Mark::Insert, p.label.clone()),
            ],
            (Place::Here, _) => vec![run(Mark::Equal, p.label.clone())],
        };
        let separator = if style_of(p).0 == Style::Provision && p.kind != "footnote" {
            Piece::Tab
        } else {
            Piece::Text(" ".to_string())
        };
        let separator_mark = match runs.as_slice() {
            [only] => only.mark,
            _ => Mark::Equal,
        };
        runs.push(Run {
            mark: separator_mark,
            by,
            piece: separator,
        });
        runs
    }

    /// Appends `text` as runs of `mark`: tabs and line breaks as Word's, and each footnote
    /// marker that names a footnote of the redline as a call of a note holding it.
    fn pieces(
        &mut self,
        runs: &mut Vec<Run<'r>>,
        mark: Mark,
        by: Option<&'r str>,
        side: SpanKind,
        text: &str,
    ) {
        let mut push = |piece| runs.push(Run { mark, by, piece });
        let mut rest = 0;
        for (offset, number) in footnote_markers(text) {
            if offset < rest {
                continue;
            }
            let Some(footnote) = self.footnote(side, number) else {
                continue;
            };
            push_text(&mut push, &text[rest..offset]);
            rest = offset + number.len() + 3;
            self.called.insert(footnote);
            let note = self.note(footnote);
            push(Piece::NoteReference(note));
        }
        push_text(&mut push, &text[rest..]);
    }

    /// The footnote unit a marker `[^number]` names: on the new side for inserted and equal
    /// text, on the old side for deleted text (or when the new side has no such footnote).
    fn footnote(&self, side: SpanKind, number: &str) -> Option<usize> {
        let id = format!("fn{number}");
        let find = |old: bool| {
            self.redline.provisions.iter().position(|p| {
                p.kind == "footnote"
                    && if old { &p.old_id } else { &p.new_id }.as_deref() == Some(&id)
            })
        };
        match side {
            SpanKind::Delete => find(true),
            _ => find(false).or_else(|| find(true)),
        }
    }

    /// A new note showing the footnote unit at `index`; returns its index in the notes.
    fn note(&mut self, index: usize) -> usize {
        let p = &self.redline.provisions[index];
        let mark = match p.status {
            Status::Inserted => Mark::Insert,
            Status::Deleted => Mark::Delete,
            _ => Mark::Equal,
        };
        let spans = tracked_spans(p);
        let by = spans
            .iter()
            .find(|(kind, _, _)| *kind != SpanKind::Equal)
            .and_then(|(_, _, by)| *by);
        let mut runs = vec![
            Run {
                mark,
                by,
                piece: Piece::NoteNumber,
            },
            Run {
                mark,
                by,
                piece: Piece::Text(" ".to_string()),
            },
        ];
        for (kind, text, by) in spans {
            let mut push = |piece| {
                runs.push(Run {
                    mark: span_mark(kind),
                    by,
                    piece,
                })
            };
            push_text(&mut push, &text);
        }
        self.notes.push(Paragraph {
            style: Style::Footnote,
            indent: Indent::default(),
            mark,
            mark_by: (mark != Mark::Equal).then_some(by).flatten(),
            move_name: None,
            runs,
        });
        self.notes.len() - 1
    }
}

/// The change to the paragraph mark of a provision shown in `place`.
fn paragraph_mark(status: Status, place: Place, moves: bool) -> Mark {
    match (place, status, moves) {
        (Place::Here, Status::Inserted, _) | (Place::MovedTo, _, false) => Mark::Insert,
        (Place::Here, Status::Deleted, _) | (Place::MovedFrom, _, false) => Mark::Delete,
        (Place::Here, _, _) => Mark::Equal,
        (Place::MovedFrom, _, true) => Mark::MoveFrom,
        (Place::MovedTo, _, true) => Mark::MoveTo,
    }
}

/// How a span of `kind` shows in `place`, in a paragraph whose mark is `mark`; `None` leaves
/// it out. A move's old place shows the old text, its deleted words as deletions; its new
/// place the new text, its inserted words as insertions.
fn run_mark(kind: SpanKind, place: Place, mark: Mark) -> Option<Mark> {
    match (place, kind) {
        (Place::Here, kind) => Some(span_mark(kind)),
        (Place::MovedFrom, SpanKind::Insert) | (Place::MovedTo, SpanKind::Delete) => None,
        (_, SpanKind::Equal) => Some(mark),
        (_, kind) => Some(span_mark(kind)),
    }
}

/// A provision's spans as the document tracks them: every change, white space included, so
/// that accepting or rejecting them all gives each text exactly; only the line breaks that
/// end a plain-text paragraph are left out (the paragraph mark stands for them).
fn tracked_spans(p: &ProvisionRedline) -> Vec<ShownSpan<'_>> {
    let mut spans = p.shown_spans(true);
    while let Some((_, text, _)) = spans.last_mut() {
        let kept = text.trim_end_matches(['\n', '\r']).len();
        text.truncate(kept);
        if !text.is_empty() {
            break;
        }
        spans.pop();
    }
    spans
}

/// Text as pieces: tabs and line breaks (`\n`, or `\r\n`) become Word's. A carriage return
/// alone stays in the text, where [`crate::render::neutral::word`] shows it, as every format
/// does.
fn push_text(push: &mut impl FnMut(Piece), text: &str) {
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let special = match c {
            '\t' => Some(Piece::Tab),
            '\n' => Some(Piece::Break),
            '\r' if chars.peek() == Some(&'\n') => continue,
            _ => None,
        };
        match special {
            Some(piece) => {
                if !word.is_empty() {
                    push(Piece::Text(std::mem::take(&mut word)));
                }
                push(piece);
            }
            None => word.push(c),
        }
    }
    if !word.is_empty() {
        push(Piece::Text(word));
    }
}

fn span_mark(kind: SpanKind) -> Mark {
    match kind {
        SpanKind::Equal => Mark::Equal,
        SpanKind::Insert => Mark::Insert,
        SpanKind::Delete => Mark::Delete,
    }
}

/// A provision split into a list: the paragraph before each split-off part ends with an
/// inserted paragraph mark, so rejecting it joins the parts again.
fn mark_splits(paragraphs: &mut [Option<Paragraph<'_>>], entries: &[Entry<'_>]) {
    let mut previous: Option<usize> = None;
    for (i, entry) in entries.iter().enumerate() {
        if paragraphs[i].is_none() {
            continue;
        }
        if let (Entry::Provision(_, p, Place::Here), Some(before)) = (entry, previous) {
            let split_by = paragraphs[i]
                .as_ref()
                .and_then(|split| split.runs.iter().find_map(|r| r.by));
            if let (Status::Split, Some(before)) = (p.status, paragraphs[before].as_mut()) {
                if before.mark == Mark::Equal {
                    before.mark = Mark::Insert;
                    before.mark_by = split_by;
                }
            }
        }
        previous = Some(i);
    }
}

/// Paragraphs inserted (or deleted) together after a paragraph that stays are recorded as Word
/// records typing (or striking) them there: the mark of the paragraph before them and the
/// marks between them are the inserted (deleted) ones, and the last one's mark is the one that
/// stayed. The text is the same on accepting and on rejecting either way, but this way the
/// change is one stretch from the end of the paragraph that stays, so a consumer that joins
/// it with a change of the same author just before (LibreOffice does) removes exactly it, and
/// the document's last mark, which no consumer removes, is never a changed one.
fn marks_before_added_paragraphs(paragraphs: &mut [&mut Paragraph<'_>]) {
    let mut i = 1;
    while i < paragraphs.len() {
        let mark = paragraphs[i].mark;
        let added = matches!(mark, Mark::Insert | Mark::Delete);
        if !added || paragraphs[i - 1].mark != Mark::Equal {
            i += 1;
            continue;
        }
        let run = paragraphs[i..]
            .iter()
            .take_while(|p| p.mark == mark)
            .count();
        let last = i + run - 1;
        paragraphs[i - 1].mark = mark;
        paragraphs[i - 1].mark_by = paragraphs[i].mark_by;
        paragraphs[last].mark = Mark::Equal;
        i = last + 1;
    }
}

/// A document always ends with a paragraph mark, which consumers keep whatever its change (an
/// empty paragraph would be left). So when the last paragraph is moved away or here (other
/// added paragraphs are handled by [`marks_before_added_paragraphs`]), the change is made to
/// the mark before it instead: the two paragraphs join when the change goes, the last one's
/// words gone with their own change.
fn keep_final_mark(paragraphs: &mut [Paragraph<'_>]) {
    let [.., before, last] = paragraphs else {
        return;
    };
    if last.mark != Mark::Equal && before.mark == Mark::Equal {
        before.mark = match last.mark {
            Mark::MoveFrom | Mark::Delete => Mark::Delete,
            _ => Mark::Insert,
        };
        before.mark_by = last.mark_by;
        last.mark = Mark::Equal;
    }
}

/// The style and indentation of a provision's paragraph: headings as Word headings, list
/// items hanging their label one step further in per level, as the treaty sets them.
fn style_of(p: &ProvisionRedline) -> (Style, Indent) {
    let level = match p.kind {
        "heading" => return (Style::Chapter, Indent::default()),
        "section heading" | "article heading" => return (Style::Article, Indent::default()),
        "footnote" => return (Style::Footnote, Indent::default()),
        "subparagraph" => 1,
        "sub-subparagraph" => 2,
        _ => 0,
    };
    let indent = if p.label.is_empty() {
        Indent::default()
    } else {
        Indent {
            left: (level + 1) * INDENT_STEP,
            hanging: INDENT_STEP,
        }
    };
    (Style::Provision, indent)
}

/// The label a renumbered or moved provision had in the old text, from its old id
/// (`19.15.2` gives `2.`, `19.15.1(b)` gives `(b)`, `Article 19.15` gives `Article 19.15:`).
fn old_label(p: &ProvisionRedline) -> String {
    let (Some(old), Some(new)) = (p.old_id.as_deref(), p.new_id.as_deref()) else {
        return p.label.clone();
    };
    if old == new || p.label.is_empty() {
        return p.label.clone();
    }
    if let Some(number) = old.strip_prefix("Article ") {
        return format!("Article {number}:");
    }
    if let Some(number) = old.strip_prefix("fn") {
        return format!("[^{number}]:");
    }
    if old.ends_with(')') {
        return old
            .rfind('(')
            .map_or(p.label.clone(), |at| old[at..].to_string());
    }
    old.rsplit('.')
        .next()
        .map_or(p.label.clone(), |number| format!("{number}."))
}

fn elided(text: &str) -> Paragraph<'static> {
    unmarked(Style::Elided, Piece::Text(text.to_string()))
}
