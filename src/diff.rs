//! The redline engine: two versions of a text compared provision by provision, then word by
//! word, cleaned up so the result reads like a lawyer's hand markup.
//!
//! Three stages:
//!
//! 1. **Units.** A [`Document`] in the baseline layout becomes one unit per block (heading,
//!    article heading, provision, footnote), keyed by its canonical id; any other text becomes
//!    one unit per paragraph (split on blank lines), so two versions of an article pasted from
//!    an email compare as well as two baselines.
//! 2. **Alignment.** Texts that share almost no word pairs are unrelated and shown as one
//!    replaced whole, with a note. Otherwise units are paired: identical text in order first
//!    (a sequence diff over hashes of each unit's trimmed text), then the same id with shared
//!    words (a provision edited in place), then the most similar unit within each gap, then
//!    the most similar unit anywhere (a moved provision). Similar units are looked for among
//!    all units of a small gap, and through an index of rare words in a large one, so a text
//!    edited everywhere is still paired throughout. Pairs out of order are *moved*; a new
//!    provision's unpaired subparagraphs are compared with it as one text, so a paragraph
//!    split into a list does not show its unchanged words twice.
//! 3. **Words.** Each pair that differs in more than white space is diffed over word-boundary
//!    tokens (UAX #29: a word is never split; footnote markers, list labels and citations are
//!    one token each) with `similar`, and a semantic clean-up merges a deletion and an
//!    insertion separated only by a trivial equality (white space, punctuation, a function
//!    word such as "the") into one replacement. Only these pairs are ever tokenized, which
//!    keeps a long, mostly unchanged text fast; a very long pair is diffed sentence by
//!    sentence first, then word by word inside the sentences that differ.
//!
//! Every [`Span`] keeps the exact text, so the equal and deleted spans of a provision spell its
//! old text and the equal and inserted spans its new text, byte for byte; white-space-only
//! changes are flagged rather than dropped, and hidden at display time unless asked for.

mod candidates;
mod tokens;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

use rustc_hash::FxHashSet;
use serde::Serialize;
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp, DiffTag};

use crate::document::{BlockContent, Document, Provision};
use crate::parse::with_lf_line_ends;
use candidates::{candidate_lists, shared_shingles};
use tokens::{word_bounds, word_hash, word_set, Interner, Tokens};

/// Words that never carry a change on their own: an equality made only of these (with white
/// space and punctuation) between two changes is absorbed into one replacement.
/// Sorted, for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "among", "an", "and", "as", "at", "be", "between", "by", "for", "from", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "those", "to", "under",
    "upon", "which", "with", "within",
];

/// Most words an equality may hold and still be absorbed into the changes around it.
const TRIVIAL_EQUALITY_WORDS: usize = 3;

/// Below this share of shared six-word runs, two texts are unrelated: shown as one replaced
/// whole, with no search for edits at all (it would find only coincidences, slowly).
const RELATED_SHINGLES: f64 = 0.2;

/// With this share of the new units identical to old ones, the texts are related: no sketch
/// needed.
const RELATED_IDENTICAL: f64 = 0.2;

/// A pair of units longer than this (bytes, both sides) is diffed in two levels: sentences by
/// hash first, then words inside the sentences that differ, so memory stays near the input's.
const TWO_LEVEL_BYTES: usize = 64 * 1024;

/// Share of words two units at the same place must have in common to be paired as one edited
/// unit.
const EDITED_SIMILARITY: f64 = 0.5;

/// Share of words two units at different places must have in common to be paired as a move.
const MOVED_SIMILARITY: f64 = 0.6;

/// Share of words two units must have in common to be paired across articles, or across the
/// parts of different provisions (a definition's item with another definition's): only a real
/// move, not a clause that happens to use the same words.
const ACROSS_SIMILARITY: f64 = 0.8;

/// Fewest distinct words a unit needs to be paired across articles: short lines ("Nothing in
/// this Article shall:") recur in every article.
const ACROSS_MIN_WORDS: usize = 8;

/// Share of words two articles' texts (heading and provisions) must have in common for the
/// articles to be paired when neither their number nor their heading matches.
const ARTICLE_SIMILARITY: f64 = 0.3;

/// Most old articles of one number or one heading that a new article is compared with by
/// name: a heading repeated throughout a text ("[Reserved]") must not make the search
/// quadratic.
const NAMESAKES: usize = 8;

/// Share of the shorter unit's words a unit with the same id must hold to be paired with it.
const SAME_ID_CONTAINMENT: f64 = 0.5;

/// Share of a plain-text paragraph's words that must come from an old paragraph for it to be
/// taken as a piece of it (a paragraph cut in two or more), when it has at least
/// [`PIECE_MIN_WORDS`] distinct words.
const PIECE_CONTAINMENT: f64 = 0.8;

/// Fewest distinct words a paragraph needs before containment alone can pair it: a short line
/// ("Article 5") is found inside too many paragraphs.
const PIECE_MIN_WORDS: usize = 4;

/// Id given to the token that separates the texts of a provision and its split-off list.
const SEGMENT_BREAK: u32 = u32::MAX;

/// What a span of the redline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    /// In both versions.
    Equal,
    /// In the old version only: struck through.
    Delete,
    /// In the new version only: underlined.
    Insert,
}

/// A run of text in one of the three states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    /// The exact text, white space included.
    pub text: String,
    /// The change only alters white space (`a  b` for `a b`, a line break for a space). Such
    /// spans are kept so the text reassembles exactly, and hidden unless white space is shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub whitespace_only: bool,
    /// Who made the change, when known: the id of the proposal that inserted or deleted the
    /// text. The engine leaves it empty; applying proposals one by one fills it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
}

/// What happened to a provision between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// The same text, possibly renumbered.
    Unchanged,
    /// Edited in place.
    Changed,
    /// New: every word is inserted.
    Inserted,
    /// Removed: every word is deleted.
    Deleted,
    /// Found at a different place, edited as well if `edited`.
    Moved { edited: bool },
    /// A new provision holding words of the old provision `old_id`, which was split into a
    /// list (its first part keeps the old provision's place and status).
    Split,
}

/// How the two inputs were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Both in the baseline layout: units are provisions with canonical ids.
    Provisions,
    /// Plain text: units are paragraphs separated by blank lines, numbered ¶1, ¶2, ... in the
    /// new text and `old ¶1`, `old ¶2`, ... in the old one.
    Paragraphs,
}

/// The redline of one provision (or paragraph, heading, footnote).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionRedline {
    /// Id in the old version; `None` for an inserted provision.
    pub old_id: Option<String>,
    /// Id in the new version; `None` for a deleted provision.
    pub new_id: Option<String>,
    /// Anchor unique within the redline: the new eId, or the old eId with `__deleted` for a
    /// deleted provision.
    pub eid: String,
    /// `paragraph`, `subparagraph`, `article heading`, `footnote`, ...
    pub kind: &'static str,
    /// The printed label (`1.`, `(a)`), from the new version when there is one.
    pub label: String,
    /// The label in the old version, when there is one (it differs from `label` for a
    /// renumbered or moved provision).
    pub old_label: Option<String>,
    /// Nesting below the article: 0 for headings and paragraphs, 1 for subparagraphs, ...
    pub depth: usize,
    #[serde(flatten)]
    pub status: Status,
    /// Both versions have the provision under different ids (`19.15.2` became `19.15.3`).
    pub renumbered: bool,
    /// Position of the unit in the old and new versions, for ordering and checks.
    pub old_index: Option<usize>,
    pub new_index: Option<usize>,
    pub spans: Vec<Span>,
}

/// A whole redline: every provision of both versions, in reading order of the new version, with
/// deleted provisions where they stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redline {
    pub layout: Layout,
    pub provisions: Vec<ProvisionRedline>,
    /// Whether white-space-only changes count and show.
    pub whitespace: bool,
    /// Why the redline is coarser than word level in places, if it is: the inputs were too
    /// large or too different to compare in the time budget.
    pub coarsened: Option<String>,
}

/// How to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// Count and show white-space-only changes.
    pub whitespace: bool,
    /// Time after which comparisons fall back to coarser results (and say so).
    pub time_budget: Duration,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            whitespace: false,
            time_budget: Duration::from_secs(5),
        }
    }
}

/// A span as displayed: its kind, its text (adjacent spans of one kind joined) and the
/// proposal it is attributed to, if any.
pub type ShownSpan<'r> = (SpanKind, String, Option<&'r str>);

impl Span {
    fn new(kind: SpanKind, text: String) -> Span {
        Span {
            kind,
            text,
            whitespace_only: false,
            attribution: None,
        }
    }

    /// How the span displays: `None` to leave it out (a hidden white-space deletion), `Equal`
    /// for a hidden white-space insertion, else its kind.
    pub fn shown_as(&self, whitespace: bool) -> Option<SpanKind> {
        match (self.kind, self.whitespace_only && !whitespace) {
            (SpanKind::Delete, true) => None,
            (SpanKind::Insert, true) => Some(SpanKind::Equal),
            (kind, _) => Some(kind),
        }
    }
}

impl ProvisionRedline {
    /// The provision differs in a way the reader should see.
    pub fn is_change(&self) -> bool {
        self.renumbered || !matches!(self.status, Status::Unchanged)
    }

    /// The id to show: the new id, or the old one for a deleted provision.
    pub fn id(&self) -> &str {
        self.new_id
            .as_deref()
            .or(self.old_id.as_deref())
            .unwrap_or_default()
    }

    /// The text on one side: equal plus deleted spans for the old, equal plus inserted for the
    /// new.
    pub fn side(&self, kind: SpanKind) -> String {
        side(&self.spans, kind)
    }

    /// The spans as displayed, hidden white-space changes removed and adjacent spans of the
    /// same kind joined, so a renderer emits one element per change.
    pub fn shown_spans(&self, whitespace: bool) -> Vec<ShownSpan<'_>> {
        let mut out: Vec<ShownSpan> = Vec::new();
        for span in &self.spans {
            let Some(kind) = span.shown_as(whitespace) else {
                continue;
            };
            let attribution = span.attribution.as_deref();
            match out.last_mut() {
                Some((k, text, a)) if *k == kind && *a == attribution => text.push_str(&span.text),
                _ => out.push((kind, span.text.clone(), attribution)),
            }
        }
        out
    }
}

impl Redline {
    /// Some provision differs (what `diff` reports with exit status 1).
    pub fn has_differences(&self) -> bool {
        self.provisions.iter().any(ProvisionRedline::is_change)
    }

    /// The old text (`Delete`) or the new (`Insert`) rebuilt from the redline: its provisions
    /// in their old (or new) order, each contributing its [`ProvisionRedline::side`]. Every
    /// redline spells both its inputs exactly, which the property tests check through this.
    ///
    /// ```
    /// use redline::diff::{diff_texts, DiffOptions, SpanKind};
    ///
    /// let old = "Each Party shall endeavor to employ risk-based approaches.\n\nNew text.\n";
    /// let new = "Each Party shall employ risk-based approaches.\n";
    /// let redline = diff_texts(old, new, &DiffOptions::default());
    /// assert_eq!(redline.side(SpanKind::Delete), old);
    /// assert_eq!(redline.side(SpanKind::Insert), new);
    /// ```
    pub fn side(&self, kind: SpanKind) -> String {
        let mut parts: Vec<(usize, String)> = self
            .provisions
            .iter()
            .filter_map(|p| {
                let index = match kind {
                    SpanKind::Delete => p.old_index,
                    _ => p.new_index,
                };
                index.map(|i| (i, p.side(kind)))
            })
            .collect();
        parts.sort_by_key(|(i, _)| *i);
        parts.into_iter().map(|(_, text)| text).collect()
    }
}

/// One side of a list of spans: equal and deleted (`Delete`) or equal and inserted (`Insert`).
pub fn side(spans: &[Span], kind: SpanKind) -> String {
    spans
        .iter()
        .filter(|s| s.kind == SpanKind::Equal || s.kind == kind)
        .map(|s| s.text.as_str())
        .collect()
}

/// Word-level redline of two strings, cleaned up, with no alignment of paragraphs: the
/// building block of everything else, and handy for a single provision.
///
/// ```
/// use redline::diff::{diff_words, SpanKind};
/// let spans = diff_words("the Parties shall endeavor to build", "the Parties shall build");
/// let deleted: String = spans.iter().filter(|s| s.kind == SpanKind::Delete).map(|s| s.text.as_str()).collect();
/// assert_eq!(deleted.trim(), "endeavor to");
/// ```
pub fn diff_words(old: &str, new: &str) -> Vec<Span> {
    word_diff(&mut Interner::default(), old, new, &mut Budget::new(None))
}

/// Redlines two documents in the baseline layout, provision by provision.
pub fn diff_documents(old: &Document, new: &Document, options: &DiffOptions) -> Redline {
    Engine::run(
        Layout::Provisions,
        document_units(old),
        document_units(new),
        options,
    )
}

/// Redlines two plain texts, paragraph by paragraph (paragraphs end at blank lines). CRLF line
/// endings read as LF ([`with_lf_line_ends`]), so a text saved on Windows redlines as its LF twin.
pub fn diff_texts(old: &str, new: &str, options: &DiffOptions) -> Redline {
    let (old, new) = (with_lf_line_ends(old), with_lf_line_ends(new));
    Engine::run(
        Layout::Paragraphs,
        paragraph_units(&old, "old"),
        paragraph_units(&new, "new"),
        options,
    )
}

/// A unit of comparison: one block of a document, or one paragraph of a plain text. Kept to
/// its source and text (a long text has tens of thousands of units): its id, eId, kind and
/// label are read from the source, and formatted only when a redline entry is built.
#[derive(Debug, Clone, Copy)]
struct Unit<'t> {
    source: Source<'t>,
    text: &'t str,
}

#[derive(Debug, Clone, Copy)]
enum Source<'t> {
    /// A block of a document; `n` counts the headings (or section headings) up to it, for
    /// their ids.
    Block { content: &'t BlockContent, n: u32 },
    /// The `n`th paragraph of a plain text: `¶n` (`old ¶n` in the old text).
    Paragraph { old: bool, n: u32 },
}

impl<'t> Unit<'t> {
    fn id(&self) -> Cow<'t, str> {
        match self.source {
            Source::Block { content, n } => match content {
                BlockContent::Heading { .. } => Cow::Owned(counted("heading ", n)),
                BlockContent::Section { .. } => Cow::Owned(counted("section ", n)),
                BlockContent::Article(a) => Cow::Owned(numbered("Article ", &a.number)),
                BlockContent::Provision(p) => Cow::Borrowed(&p.id),
                BlockContent::Footnote(f) => Cow::Borrowed(&f.id),
            },
            Source::Paragraph { old: true, n } => Cow::Owned(counted("old ¶", n)),
            Source::Paragraph { old: false, n } => Cow::Owned(counted("¶", n)),
        }
    }

    fn eid(&self) -> String {
        match self.source {
            Source::Block { content, n } => match content {
                BlockContent::Heading { .. } => counted("heading_", n),
                BlockContent::Section { .. } => counted("section_", n),
                BlockContent::Article(a) => a.eid.clone(),
                BlockContent::Provision(p) => p.eid.clone(),
                BlockContent::Footnote(f) => f.eid.clone(),
            },
            Source::Paragraph { old: true, n } => counted("old_para_", n),
            Source::Paragraph { old: false, n } => counted("new_para_", n),
        }
    }

    fn kind(&self) -> &'static str {
        match self.source {
            Source::Block { content, .. } => match content {
                BlockContent::Heading { .. } => "heading",
                BlockContent::Section { .. } => "section heading",
                BlockContent::Article(_) => "article heading",
                BlockContent::Provision(p) => p.kind_name(),
                BlockContent::Footnote(_) => "footnote",
            },
            Source::Paragraph { .. } => "paragraph",
        }
    }

    /// The printed label: `Article N:`, `1.`, `(a)`, `[^N]:`, or nothing.
    fn label(&self) -> String {
        match self.source {
            Source::Block { content, .. } => match content {
                BlockContent::Article(a) => format!("Article {}:", a.number),
                BlockContent::Provision(p) => p.label(),
                BlockContent::Footnote(f) => format!("[^{}]:", f.number),
                BlockContent::Heading { .. } | BlockContent::Section { .. } => String::new(),
            },
            Source::Paragraph { .. } => String::new(),
        }
    }

    fn provision(&self) -> Option<&'t Provision> {
        match self.source {
            Source::Block {
                content: BlockContent::Provision(p),
                ..
            } => Some(p),
            _ => None,
        }
    }

    fn depth(&self) -> usize {
        self.provision().map_or(0, Provision::depth)
    }

    /// Id of the unit whose chapeau governs this one.
    fn parent(&self) -> Option<&'t str> {
        self.provision().and_then(|p| p.parent.as_deref())
    }
}

fn numbered(prefix: &str, number: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + number.len());
    out.push_str(prefix);
    out.push_str(number);
    out
}

/// `prefix` followed by `n` in decimal, without the formatting machinery (this runs for every
/// unit of both texts).
fn counted(prefix: &str, mut n: u32) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    numbered(
        prefix,
        std::str::from_utf8(&digits[at..]).expect("ASCII digits"),
    )
}

/// Every unit of a document as the engine keys it, with its text: the ids of
/// [`ProvisionRedline::old_id`] and [`ProvisionRedline::new_id`] (`Article 19.15` for an
/// article heading, `heading 1` for a heading line, provision and footnote ids otherwise).
pub fn unit_texts(doc: &Document) -> Vec<(String, &str)> {
    document_units(doc)
        .into_iter()
        .map(|unit| (unit.id().into_owned(), unit.text))
        .collect()
}

fn document_units(doc: &Document) -> Vec<Unit<'_>> {
    let mut headings = 0;
    let mut sections = 0;
    doc.blocks
        .iter()
        .map(|block| {
            let (n, text) = match &block.content {
                BlockContent::Heading { text } => {
                    headings += 1;
                    (headings, text)
                }
                BlockContent::Section { text } => {
                    sections += 1;
                    (sections, text)
                }
                BlockContent::Article(a) => (0, &a.title),
                BlockContent::Provision(p) => (0, &p.text),
                BlockContent::Footnote(f) => (0, &f.text),
            };
            Unit {
                source: Source::Block {
                    content: &block.content,
                    n,
                },
                text,
            }
        })
        .collect()
}

/// Splits a plain text into paragraphs (`side` is `old` or `new`, for their ids), each with
/// the blank lines that follow it (blank lines before the first paragraph belong to it), so
/// the units concatenate to the text.
fn paragraph_units<'t>(text: &'t str, side: &str) -> Vec<Unit<'t>> {
    let old = side == "old";
    let mut starts = vec![0];
    let mut offset = 0;
    let mut after_blank = false;
    let mut seen_words = false;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if !blank && after_blank && seen_words {
            starts.push(offset);
        }
        seen_words |= !blank;
        after_blank = blank;
        offset += line.len();
    }
    starts.push(text.len());
    // Sized up front: a long text has tens of thousands of paragraphs, and a vector grown by
    // doubling would hold up to twice their room.
    let mut units = Vec::with_capacity(starts.len() - 1);
    units.extend(
        starts
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] < w[1] || text.is_empty())
            .map(|(i, w)| Unit {
                source: Source::Paragraph {
                    old,
                    n: u32::try_from(i + 1).expect("fewer than 4 billion paragraphs"),
                },
                text: &text[w[0]..w[1]],
            }),
    );
    units
}

/// Hash of a text without its leading and trailing white space, so a paragraph keeps its key
/// when the blank lines around it change (spacing inside it is compared word by word later).
/// Eight bytes are mixed in per multiplication, because this runs over every byte of both
/// inputs; a collision costs only a word diff, as spans are always computed from the texts.
fn content_key(text: &str) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |hash: u64, word: u64| (hash ^ word).wrapping_mul(MIX).rotate_left(29);
    let bytes = text.trim().as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = bytes.len() as u64;
    for chunk in &mut chunks {
        hash = mix(
            hash,
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        );
    }
    let tail = chunks
        .remainder()
        .iter()
        .fold(0u64, |word, &b| (word << 8) | u64::from(b));
    mix(hash, tail)
}

/// Spans of two texts whose words are the same and only white space differs, found by walking
/// both at once (no tokenizing, no diff: most of a long text is like this). `None` if the
/// words differ after all.
fn spacing_spans(old: &str, new: &str) -> Option<Vec<Span>> {
    if old == new {
        return Some(equal_spans(old));
    }
    if old.trim() == new.trim() {
        return Some(trimmed_spans(old, new));
    }
    let mut runs: Vec<(SpanKind, String)> = Vec::new();
    let (mut old, mut new) = (old, new);
    loop {
        let (old_space, old_rest) = split_run(old, true);
        let (new_space, new_rest) = split_run(new, true);
        if old_space == new_space {
            push_run(&mut runs, SpanKind::Equal, &[old_space]);
        } else {
            push_run(&mut runs, SpanKind::Delete, &[old_space]);
            push_run(&mut runs, SpanKind::Insert, &[new_space]);
        }
        if old_rest.is_empty() || new_rest.is_empty() {
            let spans = runs.into_iter().map(|(kind, text)| Span {
                whitespace_only: kind != SpanKind::Equal,
                ..Span::new(kind, text)
            });
            return (old_rest.is_empty() && new_rest.is_empty()).then(|| spans.collect());
        }
        let (old_word, _) = split_run(old_rest, false);
        let (new_word, _) = split_run(new_rest, false);
        let common = old_word.len().min(new_word.len());
        if old_word.as_bytes()[..common] != new_word.as_bytes()[..common] {
            return None;
        }
        push_run(&mut runs, SpanKind::Equal, &[&old_rest[..common]]);
        (old, new) = (&old_rest[common..], &new_rest[common..]);
    }
}

/// Spans of two texts that differ only in leading and trailing white space.
fn trimmed_spans(old: &str, new: &str) -> Vec<Span> {
    let (old_lead, old_rest) = split_run(old, true);
    let (new_lead, new_rest) = split_run(new, true);
    let words = old_rest.trim_end();
    let (old_tail, new_tail) = (&old_rest[words.len()..], &new_rest[words.len()..]);
    let mut spans = Vec::new();
    let spacing = |spans: &mut Vec<Span>, old: &str, new: &str| {
        if old == new {
            spans.extend(equal_spans(old));
            return;
        }
        for (kind, text) in [(SpanKind::Delete, old), (SpanKind::Insert, new)] {
            if !text.is_empty() {
                spans.push(Span {
                    whitespace_only: true,
                    ..Span::new(kind, text.to_string())
                });
            }
        }
    };
    spacing(&mut spans, old_lead, new_lead);
    spans.extend(equal_spans(words));
    spacing(&mut spans, old_tail, new_tail);
    spans
}

/// Splits `text` after its leading run of white space (`space`) or of other characters.
fn split_run(text: &str, space: bool) -> (&str, &str) {
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() != space)
        .map_or(text.len(), |(i, _)| i);
    text.split_at(end)
}

/// The time budget shared by every comparison of one redline.
struct Budget {
    deadline: Option<Instant>,
    budget: Option<Duration>,
    coarsened: Option<String>,
}

impl Budget {
    fn new(budget: Option<Duration>) -> Budget {
        Budget {
            deadline: budget.map(|b| Instant::now() + b),
            budget,
            coarsened: None,
        }
    }

    fn exceeded(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() > d)
    }

    fn note_timeout(&mut self) {
        if self.coarsened.is_none() {
            let seconds = self.budget.map_or(0.0, |b| b.as_secs_f64());
            self.coarsened = Some(format!(
                "the comparison ran past its time budget of {seconds} s; some changes are shown as \
                 whole replaced passages rather than word by word"
            ));
        }
    }

    fn note(&mut self, reason: String) {
        self.coarsened.get_or_insert(reason);
    }

    fn diff<T: Eq + Hash + Ord>(&mut self, old: &[T], new: &[T]) -> Vec<DiffOp> {
        self.diff_with(Algorithm::Myers, old, new)
    }

    fn diff_with<T: Eq + Hash + Ord>(
        &mut self,
        algorithm: Algorithm,
        old: &[T],
        new: &[T],
    ) -> Vec<DiffOp> {
        let ops = capture_diff_slices_deadline(algorithm, old, new, self.deadline);
        if self.exceeded() {
            self.note_timeout();
        }
        ops
    }
}

/// Word-level redline of two texts. Long texts are diffed in two levels, as git does with
/// lines: sentences by hash first, then words inside each stretch of differing sentences, so
/// neither time nor memory grows with the unchanged part.
fn word_diff<'t>(
    interner: &mut Interner<'t>,
    old: &'t str,
    new: &'t str,
    budget: &mut Budget,
) -> Vec<Span> {
    if old.len() + new.len() <= TWO_LEVEL_BYTES {
        let (old, new) = (interner.tokenize(old), interner.tokenize(new));
        return redline_tokens(&old, &[&new], budget)
            .pop()
            .unwrap_or_default();
    }
    let (old_sentences, new_sentences) = (sentences(old), sentences(new));
    let keys =
        |sentences: &[&str]| -> Vec<u64> { sentences.iter().map(|s| word_hash(s)).collect() };
    let ops = budget.diff(&keys(&old_sentences), &keys(&new_sentences));
    let mut runs = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_part = joined(old, &old_sentences[old_range]);
        if tag == DiffTag::Equal {
            push_run(&mut runs, SpanKind::Equal, &[old_part]);
            continue;
        }
        let new_part = joined(new, &new_sentences[new_range]);
        let (old_tokens, new_tokens) = (interner.tokenize(old_part), interner.tokenize(new_part));
        for segment in token_runs(&old_tokens, &[&new_tokens], budget) {
            for (kind, text) in segment {
                push_run(&mut runs, kind, &[&text]);
            }
        }
    }
    clean_up(runs)
}

/// A text cut after each line break and after each sentence end (`.`, `;`, `?` or `!` and the
/// spaces after it); the pieces concatenate to the text.
fn sentences(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' => i + 1,
            b'.' | b';' | b'?' | b'!' if bytes.get(i + 1) == Some(&b' ') => {
                i + 1 + bytes[i + 1..].iter().take_while(|&&b| b == b' ').count()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push(&text[start..end]);
        start = end;
        i = end;
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

/// The stretch of `text` that consecutive pieces of it cover.
fn joined<'t>(text: &'t str, pieces: &[&'t str]) -> &'t str {
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return "";
    };
    let start = first.as_ptr() as usize - text.as_ptr() as usize;
    let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
    &text[start..end]
}

/// Word-level redline of `old` against the concatenation of `news`, cut back into one span list
/// per new text. With one new text this is a plain word diff.
fn redline_tokens(old: &Tokens, news: &[&Tokens], budget: &mut Budget) -> Vec<Vec<Span>> {
    token_runs(old, news, budget)
        .into_iter()
        .map(clean_up)
        .collect()
}

/// The runs (before clean-up) of [`redline_tokens`].
fn token_runs(old: &Tokens, news: &[&Tokens], budget: &mut Budget) -> Vec<Vec<(SpanKind, String)>> {
    if let [new] = news {
        if old.ids == new.ids {
            let mut runs = Vec::new();
            push_run(&mut runs, SpanKind::Equal, &old.text);
            return vec![runs];
        }
    }
    let mut new_ids = Vec::new();
    let mut new_text = Vec::new();
    for (i, new) in news.iter().enumerate() {
        if i > 0 {
            new_ids.push(SEGMENT_BREAK);
            new_text.push("");
        }
        new_ids.extend_from_slice(&new.ids);
        new_text.extend_from_slice(&new.text);
    }
    let old = Keyed::new(&old.text, &old.ids);
    let new = Keyed::new(&new_text, &new_ids);
    let mut steps: Vec<Step> = if budget.exceeded() {
        budget.note_timeout();
        vec![Step {
            tag: DiffTag::Replace,
            old: 0..old.ids.len(),
            new: 0..new.ids.len(),
        }]
    } else {
        budget
            .diff(&old.ids, &new.ids)
            .iter()
            .map(|op| {
                let (tag, old, new) = op.as_tag_tuple();
                Step { tag, old, new }
            })
            .collect()
    };
    slide_to_sentences(&mut steps, &old, &new);
    let mut out = Emitter {
        segments: vec![Vec::new(); news.len()],
        segment: 0,
        pending: None,
    };
    out.pending = Some((old.lead(), new.lead()));
    for step in steps {
        match step.tag {
            DiffTag::Equal => {
                for (o, n) in step.old.zip(step.new) {
                    out.flush();
                    out.push(SpanKind::Equal, &[old.text[old.starts[o]]]);
                    out.pending = Some((old.space_after(o), new.space_after(n)));
                }
            }
            DiffTag::Insert if !step.new.clone().any(|n| new.ids[n] == SEGMENT_BREAK) => {
                out.pure_change(SpanKind::Insert, &new, step.new);
            }
            DiffTag::Delete => out.pure_change(SpanKind::Delete, &old, step.old),
            DiffTag::Replace if !step.new.clone().any(|n| new.ids[n] == SEGMENT_BREAK) => {
                out.flush();
                out.replace(&old, step.old, &new, step.new);
            }
            _ => {
                out.flush();
                for o in step.old {
                    out.push(SpanKind::Delete, old.key_text(o));
                }
                for n in step.new {
                    if new.ids[n] == SEGMENT_BREAK {
                        out.segment += 1;
                        out.push(SpanKind::Insert, new.space_after(n));
                    } else {
                        out.push(SpanKind::Insert, new.key_text(n));
                    }
                }
            }
        }
    }
    out.flush();
    out.segments
}

/// Builds the runs of [`token_runs`], one list per new segment. The white space after an
/// equal key waits until what follows is known: before a pure insertion or deletion that ends
/// with the same white space, it goes after the change (`applies.{+ The zzz applies.+}⏎`,
/// not a line break replaced by a space and the sentence).
struct Emitter<'t> {
    segments: Vec<Vec<(SpanKind, String)>>,
    segment: usize,
    /// The white space after the last equal key, old and new.
    pending: Option<(&'t [&'t str], &'t [&'t str])>,
}

impl<'t> Emitter<'t> {
    fn push(&mut self, kind: SpanKind, tokens: &[&str]) {
        push_run(&mut self.segments[self.segment], kind, tokens);
    }

    fn flush(&mut self) {
        if let Some((old, new)) = self.pending.take() {
            if old == new {
                self.push(SpanKind::Equal, old);
            } else {
                self.push(SpanKind::Delete, old);
                self.push(SpanKind::Insert, new);
            }
        }
    }

    /// Old keys replaced by new ones. White space after both that is the same is kept out of
    /// the change: `[-red-]{+green+} cybersecurity`.
    fn replace(
        &mut self,
        old: &Keyed<'t, 't>,
        old_keys: std::ops::Range<usize>,
        new: &Keyed<'t, 't>,
        new_keys: std::ops::Range<usize>,
    ) {
        let (Some(old_last), Some(new_last)) = (old_keys.clone().last(), new_keys.clone().last())
        else {
            return;
        };
        let space = old.space_after(old_last);
        let shared = space == new.space_after(new_last);
        for (kind, side, keys, last) in [
            (SpanKind::Delete, old, old_keys, old_last),
            (SpanKind::Insert, new, new_keys, new_last),
        ] {
            for key in keys.start..last {
                self.push(kind, side.key_text(key));
            }
            if shared {
                self.push(kind, &[side.text[side.starts[last]]]);
            } else {
                self.push(kind, side.key_text(last));
            }
        }
        if shared {
            self.pending = Some((space, space));
        }
    }

    /// Keys `keys` of `side` inserted (or deleted) with nothing in their place.
    /// Keys `keys` of `side` inserted (or deleted) with nothing in their place. The white
    /// space around the change is placed as a reader expects: `shall [-endeavor to -]employ`,
    /// `shall[- endeavor to-]:`, and `applies.{+ The zzz applies.+}⏎` when the change ends with
    /// the white space the other text has there.
    fn pure_change(&mut self, kind: SpanKind, side: &Keyed<'_, 't>, keys: std::ops::Range<usize>) {
        let Some(last) = keys.clone().last() else {
            return;
        };
        let (old_space, new_space) = self.pending.unwrap_or_default();
        let (kept, changed) = match kind {
            SpanKind::Insert => (old_space, new_space),
            _ => (new_space, old_space),
        };
        let trailing = side.space_after(last);
        let leads = self.pending.is_some() && trailing == kept && kept != changed;
        if !leads {
            self.flush();
            for key in keys {
                self.push(kind, side.key_text(key));
            }
            return;
        }
        self.pending = None;
        self.push(kind, changed);
        for key in keys.start..last {
            self.push(kind, side.key_text(key));
        }
        self.push(kind, &[side.text[side.starts[last]]]);
        self.push(SpanKind::Equal, kept);
    }
}

/// A token sequence seen as its words and punctuation (the keys the diff compares), each
/// carrying the white space after it: white space never anchors a diff, so a change reads
/// `shall [-endeavor to -]employ {+interoperable +}risk-based`, not a replacement of
/// "endeavor to employ" anchored on the spaces.
struct Keyed<'a, 't> {
    text: &'a [&'t str],
    /// Per key: its token id, and the index of its token.
    ids: Vec<u32>,
    starts: Vec<usize>,
}

impl<'a, 't> Keyed<'a, 't> {
    fn new(text: &'a [&'t str], ids: &[u32]) -> Keyed<'a, 't> {
        let (starts, ids): (Vec<usize>, Vec<u32>) = text
            .iter()
            .zip(ids)
            .enumerate()
            .filter(|(_, (token, _))| !is_space(token))
            .map(|(i, (_, &id))| (i, id))
            .unzip();
        Keyed { text, ids, starts }
    }

    /// The white space before the first key.
    fn lead(&self) -> &'a [&'t str] {
        &self.text[..self.starts.first().copied().unwrap_or(self.text.len())]
    }

    fn end(&self, key: usize) -> usize {
        self.starts.get(key + 1).copied().unwrap_or(self.text.len())
    }

    fn space_after(&self, key: usize) -> &'a [&'t str] {
        &self.text[self.starts[key] + 1..self.end(key)]
    }

    /// The key's token and the white space after it.
    fn key_text(&self, key: usize) -> &'a [&'t str] {
        &self.text[self.starts[key]..self.end(key)]
    }

    /// The key ends a sentence (or there is no key there: the start of the text).
    fn ends_sentence(&self, key: Option<usize>) -> bool {
        key.is_none_or(|k| {
            self.ids[k] == SEGMENT_BREAK
                || matches!(self.text[self.starts[k]], "." | ";" | ":" | "?" | "!")
        })
    }
}

fn is_space(token: &str) -> bool {
    token.chars().all(char::is_whitespace) && !token.is_empty()
}

/// One step of a diff over keys.
#[derive(Debug, Clone)]
struct Step {
    tag: DiffTag,
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// A sentence inserted (or deleted) between sentences that start alike can be placed in several
/// ways with the same cost (`The {+zzz. The +}yyy.`); slides each pure insertion or deletion
/// between two equal stretches to where it is whole sentences (`{+The zzz. +}The yyy.`).
fn slide_to_sentences(steps: &mut [Step], old: &Keyed, new: &Keyed) {
    for i in 1..steps.len() {
        let (tag, range) = match &steps[i] {
            Step {
                tag: DiffTag::Insert,
                new,
                ..
            } => (DiffTag::Insert, new.clone()),
            Step {
                tag: DiffTag::Delete,
                old,
                ..
            } => (DiffTag::Delete, old.clone()),
            _ => continue,
        };
        let side = if tag == DiffTag::Insert { new } else { old };
        let before = steps[i - 1].tag == DiffTag::Equal;
        let after = steps.get(i + 1).is_some_and(|s| s.tag == DiffTag::Equal);
        // Sliding moves keys from one equal stretch to the other: both must be there.
        if !before || !after {
            continue;
        }
        let room_before = steps[i - 1].new.len();
        let room_after = steps[i + 1].new.len();
        let score = |start: usize| {
            let end = start + range.len();
            2 * usize::from(side.ends_sentence(start.checked_sub(1)))
                + usize::from(side.ends_sentence(Some(end - 1)))
        };
        let mut best = (score(range.start), 0isize);
        let mut k = 1;
        while k <= room_before && side.ids[range.start - k] == side.ids[range.end - k] {
            let candidate = score(range.start - k);
            if candidate > best.0 {
                best = (candidate, -(k as isize));
            }
            k += 1;
        }
        let mut k = 1;
        while k <= room_after && side.ids[range.start + k - 1] == side.ids[range.end + k - 1] {
            let candidate = score(range.start + k);
            if candidate > best.0 {
                best = (candidate, k as isize);
            }
            k += 1;
        }
        let shift = best.1;
        if shift == 0 {
            continue;
        }
        let moved = |r: &mut std::ops::Range<usize>| {
            r.start = r.start.wrapping_add_signed(shift);
            r.end = r.end.wrapping_add_signed(shift);
        };
        let (previous, rest) = steps.split_at_mut(i);
        let previous = &mut previous[i - 1];
        previous.old.end = previous.old.end.wrapping_add_signed(shift);
        previous.new.end = previous.new.end.wrapping_add_signed(shift);
        let (this, next) = rest.split_at_mut(1);
        moved(if tag == DiffTag::Insert {
            &mut this[0].new
        } else {
            &mut this[0].old
        });
        let other = if tag == DiffTag::Insert {
            &mut this[0].old
        } else {
            &mut this[0].new
        };
        moved(other);
        let next = &mut next[0];
        next.old.start = next.old.start.wrapping_add_signed(shift);
        next.new.start = next.new.start.wrapping_add_signed(shift);
    }
}

/// The spans of a text that did not change: one equal span, or none for an empty text.
fn equal_spans(text: &str) -> Vec<Span> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Span::new(SpanKind::Equal, text.to_string())]
    }
}

fn push_run(runs: &mut Vec<(SpanKind, String)>, kind: SpanKind, tokens: &[&str]) {
    if tokens.iter().all(|t| t.is_empty()) {
        return;
    }
    match runs.last_mut() {
        Some((k, text)) if *k == kind => tokens.iter().for_each(|t| text.push_str(t)),
        _ => runs.push((kind, tokens.concat())),
    }
}

/// A stretch of the redline before clean-up: unchanged text, or a change (what was deleted and
/// what was inserted in its place, either possibly empty).
enum Piece {
    Equal(String),
    Change { deleted: String, inserted: String },
}

/// The semantic clean-up: adjacent deletions and insertions become one change, and a change,
/// a trivial equality and a change become one replacement (when together they delete and
/// insert something), so the markup reads as a few meaningful replacements rather than
/// alternating one-word edits.
fn clean_up(runs: Vec<(SpanKind, String)>) -> Vec<Span> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (kind, text) in runs {
        match (kind, pieces.last_mut()) {
            (SpanKind::Equal, _) => pieces.push(Piece::Equal(text)),
            (_, Some(Piece::Change { deleted, inserted })) => {
                if kind == SpanKind::Delete {
                    deleted.push_str(&text)
                } else {
                    inserted.push_str(&text)
                }
            }
            (SpanKind::Delete, _) => pieces.push(Piece::Change {
                deleted: text,
                inserted: String::new(),
            }),
            (SpanKind::Insert, _) => pieces.push(Piece::Change {
                deleted: String::new(),
                inserted: text,
            }),
        }
    }
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (piece, merged.last_mut()) {
            (Piece::Equal(text), Some(Piece::Equal(last))) => last.push_str(&text),
            (piece, _) => merged.push(piece),
        }
        absorb_trivial_equality(&mut merged);
    }
    merged.into_iter().flat_map(piece_spans).collect()
}

/// If the stack ends change, trivial equality, change, merges the three into one change.
fn absorb_trivial_equality(pieces: &mut Vec<Piece>) {
    let n = pieces.len();
    if n < 3 {
        return;
    }
    let (
        Piece::Change {
            deleted: d1,
            inserted: i1,
        },
        Piece::Equal(equal),
        Piece::Change {
            deleted: d2,
            inserted: i2,
        },
    ) = (&pieces[n - 3], &pieces[n - 2], &pieces[n - 1])
    else {
        return;
    };
    let replaces = (!d1.is_empty() || !d2.is_empty()) && (!i1.is_empty() || !i2.is_empty());
    if !replaces {
        slide_white_space(pieces);
        return;
    }
    if !is_trivial(equal) {
        return;
    }
    let (
        Some(Piece::Change {
            deleted: d2,
            inserted: i2,
        }),
        Some(Piece::Equal(equal)),
    ) = (pieces.pop(), pieces.pop())
    else {
        unreachable!("matched above")
    };
    if let Some(Piece::Change { deleted, inserted }) = pieces.last_mut() {
        deleted.push_str(&equal);
        deleted.push_str(&d2);
        inserted.push_str(&equal);
        inserted.push_str(&i2);
    }
}

/// Two insertions (or two deletions) split only by white space that the second one ends with
/// (`{+, including international+} {+standards, +}`) are one insertion with the white space
/// slid after it (`{+, including international standards,+} `): the same texts, one change.
fn slide_white_space(pieces: &mut Vec<Piece>) {
    let n = pieces.len();
    let [Piece::Change {
        deleted: d1,
        inserted: i1,
    }, Piece::Equal(equal), Piece::Change {
        deleted: d2,
        inserted: i2,
    }] = &mut pieces[n - 3..]
    else {
        return;
    };
    if equal.is_empty() || !equal.trim().is_empty() {
        return;
    }
    let (first, second) = match (
        d1.is_empty() && d2.is_empty(),
        i1.is_empty() && i2.is_empty(),
    ) {
        (true, false) => (i1, i2),
        (false, true) => (d1, d2),
        _ => return,
    };
    let Some(rest) = second.strip_suffix(equal.as_str()) else {
        return;
    };
    first.push_str(equal);
    first.push_str(rest);
    pieces.pop();
}

/// An equality too slight to stand between two changes: white space, punctuation and at most
/// a few function words or lone numbers.
fn is_trivial(text: &str) -> bool {
    let mut words = 0;
    for token in word_bounds(text) {
        if token.chars().any(char::is_alphanumeric) {
            words += 1;
            let lower = token.to_lowercase();
            let slight = FUNCTION_WORDS.binary_search(&&*lower).is_ok() || is_number(token);
            if words > TRIVIAL_EQUALITY_WORDS || !slight {
                return false;
            }
        }
    }
    true
}

/// A lone number (`1`, `19.15`, `1,000`): as an anchor between two changes it only cuts a
/// rewritten sentence into fragments.
fn is_number(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

fn piece_spans(piece: Piece) -> Vec<Span> {
    match piece {
        Piece::Equal(text) => vec![Span::new(SpanKind::Equal, text)],
        Piece::Change { deleted, inserted } => {
            let whitespace_only = deleted.split_whitespace().eq(inserted.split_whitespace())
                || (deleted.trim().is_empty() && inserted.trim().is_empty());
            [(SpanKind::Delete, deleted), (SpanKind::Insert, inserted)]
                .into_iter()
                .filter(|(_, text)| !text.is_empty())
                .map(|(kind, text)| Span {
                    whitespace_only,
                    ..Span::new(kind, text)
                })
                .collect()
        }
    }
}

/// Dice coefficient of two sorted word sets.
fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// Share of the smaller word set found in the other.
fn containment(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    common(a, b) as f64 / smaller as f64
}

fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The state of one redline run.
struct Engine<'t> {
    layout: Layout,
    old: Vec<Unit<'t>>,
    new: Vec<Unit<'t>>,
    interner: Interner<'t>,
    /// Word sets (sorted word hashes), computed only for units that are not identical to
    /// their counterpart (most of a long text is unchanged and never looked at again).
    old_words: Vec<Option<Vec<u64>>>,
    new_words: Vec<Option<Vec<u64>>>,
    /// For each new unit, the old unit it is paired with.
    new_to_old: Vec<Option<usize>>,
    old_to_new: Vec<Option<usize>>,
    /// Per unit of each side, where it sits in the layout (empty for plain text).
    old_places: Vec<Place>,
    new_places: Vec<Place>,
    budget: Budget,
    whitespace: bool,
}

impl<'t> Engine<'t> {
    fn run(
        layout: Layout,
        old: Vec<Unit<'t>>,
        new: Vec<Unit<'t>>,
        options: &DiffOptions,
    ) -> Redline {
        let mut engine = Engine {
            old_places: places(layout, &old),
            new_places: places(layout, &new),
            layout,
            new_to_old: vec![None; new.len()],
            old_to_new: vec![None; old.len()],
            old_words: vec![None; old.len()],
            new_words: vec![None; new.len()],
            old,
            new,
            interner: Interner::default(),
            budget: Budget::new(Some(options.time_budget)),
            whitespace: options.whitespace,
        };
        let old_keys: Vec<u64> = engine.old.iter().map(|u| content_key(u.text)).collect();
        let new_keys: Vec<u64> = engine.new.iter().map(|u| content_key(u.text)).collect();
        if engine.related(&old_keys, &new_keys) {
            engine.align(&old_keys, &new_keys);
        }
        let provisions = engine.redline();
        let coarsened = engine.budget.coarsened.take();
        drop(engine); // the units and word sets, before the redline is reordered
        Redline {
            layout,
            provisions: rewrites_in_place(provisions, layout),
            whitespace: options.whitespace,
            coarsened,
        }
    }

    /// Whether the texts share enough to be worth aligning. Unrelated texts (a long text against
    /// another treaty) are shown as one replaced whole, and the redline says so with the counts.
    fn related(&mut self, old_keys: &[u64], new_keys: &[u64]) -> bool {
        let old_set: FxHashSet<u64> = old_keys.iter().copied().collect();
        let identical = new_keys.iter().filter(|k| old_set.contains(k)).count();
        if identical as f64 >= RELATED_IDENTICAL * new_keys.len() as f64 {
            return true;
        }
        let shared = shared_shingles(
            self.old.iter().map(|u| u.text),
            self.new.iter().map(|u| u.text),
        );
        let Some(shared) = shared.filter(|&s| s < RELATED_SHINGLES) else {
            return true;
        };
        let what = self.unit_noun();
        self.budget.note(format!(
            "the texts have little in common ({:.0}% of six-word runs shared): all {} old and {} new \
             {what} are shown as deleted and inserted",
            shared * 100.0,
            self.old.len(),
            self.new.len(),
        ));
        false
    }

    fn unit_noun(&self) -> &'static str {
        match self.layout {
            Layout::Provisions => "provisions",
            Layout::Paragraphs => "paragraphs",
        }
    }

    /// Computes the word sets of the given units, if not done yet.
    fn prepare(&mut self, olds: &[usize], news: &[usize]) {
        for &o in olds {
            if self.old_words[o].is_none() {
                self.old_words[o] = Some(word_set(self.old[o].text));
            }
        }
        for &n in news {
            if self.new_words[n].is_none() {
                self.new_words[n] = Some(word_set(self.new[n].text));
            }
        }
    }

    fn old_words(&self, o: usize) -> &[u64] {
        self.old_words[o].as_deref().expect("prepared")
    }

    fn new_words(&self, n: usize) -> &[u64] {
        self.new_words[n].as_deref().expect("prepared")
    }

    fn pair(&mut self, old: usize, new: usize) {
        self.old_to_new[old] = Some(new);
        self.new_to_old[new] = Some(old);
    }

    /// Pairs old and new units, in the four passes described in the module documentation.
    fn align(&mut self, old_keys: &[u64], new_keys: &[u64]) {
        // The same units at the start and at the end are paired outright: most revisions
        // leave most of a long text alone, and patience would hash every unit to find it.
        let same = |(o, n): (&u64, &u64)| o == n;
        let prefix = old_keys
            .iter()
            .zip(new_keys)
            .take_while(|&p| same(p))
            .count();
        let (old_rest, new_rest) = (&old_keys[prefix..], &new_keys[prefix..]);
        let suffix = old_rest
            .iter()
            .rev()
            .zip(new_rest.iter().rev())
            .take_while(|&p| same(p))
            .count();
        for k in 0..prefix {
            self.pair(k, k);
        }
        for k in 1..=suffix {
            self.pair(old_keys.len() - k, new_keys.len() - k);
        }
        let (old_rest, new_rest) = (
            &old_rest[..old_rest.len() - suffix],
            &new_rest[..new_rest.len() - suffix],
        );
        // Patience over the paragraph hashes in between: anchored on the paragraphs that occur
        // once in each text, it aligns a long text in near-linear time where Myers' cost grows
        // with the number of differences times the length.
        let ops = self
            .budget
            .diff_with(Algorithm::Patience, old_rest, new_rest);
        let mut gaps = Vec::new();
        for op in &ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let (old_range, new_range) = (
                old_range.start + prefix..old_range.end + prefix,
                new_range.start + prefix..new_range.end + prefix,
            );
            if tag == DiffTag::Equal {
                for (o, n) in old_range.zip(new_range) {
                    self.pair(o, n);
                }
            } else if !old_range.is_empty() && !new_range.is_empty() {
                gaps.push((old_range, new_range));
            }
        }
        if self.layout == Layout::Provisions {
            self.pair_same_ids();
            self.pair_articles();
        }
        for (old_range, new_range) in gaps {
            self.pair_within_gap(old_range, new_range);
        }
        self.pair_moved(old_keys, new_keys);
    }

    /// A provision edited in place keeps its id: pair it if enough of its words survive.
    fn pair_same_ids(&mut self) {
        let unpaired_old: HashMap<Cow<str>, usize> = (0..self.old.len())
            .filter(|&o| self.old_to_new[o].is_none())
            .map(|o| (self.old[o].id(), o))
            .collect();
        let candidates: Vec<(usize, usize)> = (0..self.new.len())
            .filter(|&n| self.new_to_old[n].is_none())
            .filter_map(|n| unpaired_old.get(&self.new[n].id()).map(|&o| (o, n)))
            .collect();
        let (olds, news): (Vec<usize>, Vec<usize>) = candidates.iter().copied().unzip();
        self.prepare(&olds, &news);
        for (o, n) in candidates {
            if containment(self.old_words(o), self.new_words(n)) >= SAME_ID_CONTAINMENT {
                self.pair(o, n);
            }
        }
    }

    /// The units in the ranges not paired yet, prepared for comparison; `None` when one side
    /// has none.
    fn unpaired(
        &mut self,
        old_range: std::ops::Range<usize>,
        new_range: std::ops::Range<usize>,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let olds: Vec<usize> = old_range
            .filter(|&o| self.old_to_new[o].is_none())
            .collect();
        let news: Vec<usize> = new_range
            .filter(|&n| self.new_to_old[n].is_none())
            .collect();
        if olds.is_empty() || news.is_empty() {
            return None;
        }
        self.prepare(&olds, &news);
        Some((olds, news))
    }

    /// For each of `news`, the old units to compare it with: all of `olds` when there are few
    /// pairs, else those a word index of `olds` finds for it.
    fn candidates(&self, olds: &[usize], news: &[usize]) -> Vec<Vec<usize>> {
        let olds: Vec<(usize, &[u64])> = olds.iter().map(|&o| (o, self.old_words(o))).collect();
        let news: Vec<&[u64]> = news.iter().map(|&n| self.new_words(n)).collect();
        candidate_lists(&olds, &news)
    }

    /// Within a stretch where the texts differ, pairs each new unit with the most similar old
    /// unit after the last one paired, so edited paragraphs read as edits. A new unit that is
    /// a piece of an old one (most of its words are in it) pairs too, so a paragraph cut in two
    /// reads as one edited paragraph and its split-off rest.
    fn pair_within_gap(
        &mut self,
        old_range: std::ops::Range<usize>,
        new_range: std::ops::Range<usize>,
    ) {
        let Some((olds, news)) = self.unpaired(old_range, new_range) else {
            return;
        };
        let candidates = self.candidates(&olds, &news);
        let mut first_free = 0;
        for (&n, found) in news.iter().zip(candidates) {
            // The old unit at the same place in the stretch is always a candidate: in a text
            // edited throughout, it is the likeliest.
            let floor = olds[first_free];
            let best = std::iter::once(floor)
                .chain(found)
                .filter(|&o| o >= floor)
                .map(|o| (o, self.likeness(o, n)))
                .filter(|&(_, s)| s >= EDITED_SIMILARITY)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((o, _)) = best {
                self.pair(o, n);
                first_free = olds.partition_point(|&x| x <= o);
                if first_free >= olds.len() {
                    return;
                }
            }
        }
    }

    /// How alike old unit `o` and new unit `n` are, 0 to 1: their shared words, or, for a new
    /// unit with enough words and no more than the old one, how much of it is inside the old.
    fn likeness(&self, o: usize, n: usize) -> f64 {
        let (old, new) = (self.old_words(o), self.new_words(n));
        let shared = similarity(old, new);
        if !self.may_pair(o, n, shared) {
            return 0.0;
        }
        // Only a new unit can be a piece of an old one: an old unit inside a longer new one
        // (a hard-wrapped remainder) must not beat the new unit's real counterpart.
        if new.len() < PIECE_MIN_WORDS || new.len() > old.len() {
            return shared;
        }
        let inside = containment(old, new);
        if inside >= PIECE_CONTAINMENT {
            shared.max(inside)
        } else {
            shared
        }
    }

    /// Pairs what is left across the whole text: the same text, or a similar one, at another
    /// place is a moved unit.
    fn pair_moved(&mut self, old_keys: &[u64], new_keys: &[u64]) {
        let mut by_key: HashMap<u64, Vec<usize>> = HashMap::new();
        for o in (0..self.old.len())
            .rev()
            .filter(|&o| self.old_to_new[o].is_none())
        {
            by_key.entry(old_keys[o]).or_default().push(o);
        }
        for (n, key) in new_keys.iter().enumerate() {
            if self.new_to_old[n].is_some() || self.new[n].text.trim().is_empty() {
                continue;
            }
            if let Some(o) = by_key.get_mut(key).and_then(Vec::pop) {
                self.pair(o, n);
            }
        }
        let Some((olds, news)) = self.unpaired(0..self.old.len(), 0..self.new.len()) else {
            return;
        };
        let mut found: Vec<(f64, usize, usize)> = Vec::new();
        for (&n, olds) in news.iter().zip(self.candidates(&olds, &news)) {
            for o in olds {
                let s = similarity(self.old_words(o), self.new_words(n));
                if s >= MOVED_SIMILARITY && self.may_pair(o, n, s) {
                    found.push((s, o, n));
                }
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, o, n) in found {
            if self.old_to_new[o].is_none() && self.new_to_old[n].is_none() {
                self.pair(o, n);
            }
        }
    }

    /// Whether old unit `o` and new unit `n`, sharing `shared` of their words, may be paired
    /// where they stand: a heading only with a heading (and a footnote with a footnote), and
    /// across articles or across the parts of different provisions only as a real move.
    fn may_pair(&self, o: usize, n: usize, shared: f64) -> bool {
        let Some((old, new)) = self.old_places.get(o).zip(self.new_places.get(n)) else {
            return true;
        };
        if old.role != new.role {
            return false;
        }
        // The containers are paired elsewhere: one of them is paired, not with the other.
        let elsewhere = |old: Option<usize>, new: Option<usize>| {
            old.is_some_and(|c| self.old_to_new[c].is_some_and(|m| Some(m) != new))
                || new.is_some_and(|c| self.new_to_old[c].is_some_and(|m| Some(m) != old))
        };
        if !elsewhere(old.article, new.article) && !elsewhere(old.provision, new.provision) {
            return true;
        }
        let words = self.old_words(o).len().min(self.new_words(n).len());
        shared >= ACROSS_SIMILARITY && words >= ACROSS_MIN_WORDS
    }

    /// Pairs the articles not paired yet, best match first: the same number, the same heading,
    /// or enough words in common over the whole article. Their headings are paired too, so the
    /// provisions inside can be aligned within their article. Only articles whose heading is
    /// still unpaired are looked at, and each new one is compared only with its namesakes and
    /// the candidates a word index finds, so a long text costs time linear in its articles.
    fn pair_articles(&mut self) {
        let old_articles = unpaired_articles(&self.old_places, &self.old_to_new);
        let new_articles = unpaired_articles(&self.new_places, &self.new_to_old);
        if old_articles.is_empty() || new_articles.is_empty() {
            return;
        }
        let units = |articles: &[std::ops::Range<usize>]| -> Vec<usize> {
            articles.iter().flat_map(Clone::clone).collect()
        };
        self.prepare(&units(&old_articles), &units(&new_articles));
        let old_words: Vec<Vec<u64>> = old_articles
            .iter()
            .map(|r| article_words(&self.old_words, r))
            .collect();
        let new_words: Vec<Vec<u64>> = new_articles
            .iter()
            .map(|r| article_words(&self.new_words, r))
            .collect();
        let indexed: Vec<(usize, &[u64])> =
            old_words.iter().map(Vec::as_slice).enumerate().collect();
        let queried: Vec<&[u64]> = new_words.iter().map(Vec::as_slice).collect();
        let alike = candidate_lists(&indexed, &queried);
        let namesakes = self.namesakes(&old_articles, &new_articles);
        let mut found: Vec<(f64, usize, usize)> = Vec::new();
        for (j, (alike, namesakes)) in alike.into_iter().zip(namesakes).enumerate() {
            let mut olds: Vec<usize> = alike.into_iter().chain(namesakes).collect();
            olds.sort_unstable();
            olds.dedup();
            for i in olds {
                let (o, n) = (old_articles[i].start, new_articles[j].start);
                let same_name = self.old[o].id() == self.new[n].id()
                    || self.old[o].text.trim() == self.new[n].text.trim();
                let shared = similarity(&old_words[i], &new_words[j]);
                if same_name || shared >= ARTICLE_SIMILARITY {
                    found.push((shared + f64::from(u8::from(same_name)), o, n));
                }
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, o, n) in found {
            if self.old_to_new[o].is_none() && self.new_to_old[n].is_none() {
                self.pair(o, n);
            }
        }
    }

    /// For each new article, the old articles (by position in `old_articles`) with the same
    /// number or the same heading, at most [`NAMESAKES`] of each.
    fn namesakes(
        &self,
        old_articles: &[std::ops::Range<usize>],
        new_articles: &[std::ops::Range<usize>],
    ) -> Vec<Vec<usize>> {
        let mut by_name: HashMap<Cow<str>, Vec<usize>> = HashMap::new();
        for (i, article) in old_articles.iter().enumerate() {
            let heading = &self.old[article.start];
            by_name.entry(heading.id()).or_default().push(i);
            by_name
                .entry(Cow::Borrowed(heading.text.trim()))
                .or_default()
                .push(i);
        }
        new_articles
            .iter()
            .map(|article| {
                let heading = &self.new[article.start];
                [heading.id(), Cow::Borrowed(heading.text.trim())]
                    .iter()
                    .filter_map(|name| by_name.get(name))
                    .flat_map(|olds| olds.iter().take(NAMESAKES).copied())
                    .collect()
            })
            .collect()
    }

    /// Which pairs are out of order: those outside a longest run of pairs in the same order in
    /// both versions.
    fn moved(&self) -> Vec<bool> {
        let pairs: Vec<(usize, usize)> = (0..self.new.len())
            .filter_map(|n| self.new_to_old[n].map(|o| (n, o)))
            .collect();
        let in_order = longest_increasing(&pairs.iter().map(|&(_, o)| o).collect::<Vec<_>>());
        let mut moved = vec![false; self.new.len()];
        for (i, &(n, _)) in pairs.iter().enumerate() {
            moved[n] = !in_order[i];
        }
        moved
    }

    /// The unpaired new units right after new unit `n` that hold words of old unit `o` (paired
    /// with `n`), compared with `n` as one text so the words are not shown twice: a
    /// provision's new list below it, or, in plain text, the pieces a paragraph was cut into.
    fn split_off(&mut self, o: usize, n: usize) -> Vec<usize> {
        match self.layout {
            Layout::Provisions => self.list_below(n),
            Layout::Paragraphs => self.pieces_after(o, n),
        }
    }

    /// The unpaired new paragraphs right after `n` that are mostly words of old paragraph `o`.
    fn pieces_after(&mut self, o: usize, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for m in n + 1..self.new.len() {
            if self.new_to_old[m].is_some() {
                break;
            }
            self.prepare(&[o], &[m]);
            let words = self.new_words(m);
            let inside = common(words, self.old_words(o)) as f64 / words.len().max(1) as f64;
            if words.len() < PIECE_MIN_WORDS || inside < PIECE_CONTAINMENT {
                break;
            }
            out.push(m);
        }
        out
    }

    /// The unpaired new provisions right after `n` that sit below it (its list).
    fn list_below(&self, n: usize) -> Vec<usize> {
        let mut family = vec![self.new[n].id()];
        let mut out = Vec::new();
        for m in n + 1..self.new.len() {
            let below = self.new[m]
                .parent()
                .is_some_and(|p| family.iter().any(|f| f == p));
            if self.new_to_old[m].is_some() || !below {
                break;
            }
            family.push(self.new[m].id());
            out.push(m);
        }
        out
    }

    /// Builds the provision redlines in reading order.
    fn redline(&mut self) -> Vec<ProvisionRedline> {
        let moved = self.moved();
        // One entry per new unit and per deleted old one: sized up front, as growing by
        // doubling would hold two copies of a long text's entries at once.
        let deleted = self.old_to_new.iter().filter(|n| n.is_none()).count();
        let mut out = Vec::with_capacity(self.new.len() + deleted);
        let mut next_old = 0;
        let mut n = 0;
        while n < self.new.len() {
            let Some(o) = self.new_to_old[n] else {
                out.push(self.whole(None, Some(n)));
                n += 1;
                continue;
            };
            if !moved[n] {
                self.push_deleted(&mut out, next_old..o);
                next_old = o + 1;
            }
            let split = self.split_off(o, n);
            out.extend(self.paired(o, n, &split, moved[n]));
            n += 1 + split.len();
        }
        self.push_deleted(&mut out, next_old..self.old.len());
        out
    }

    fn push_deleted(&self, out: &mut Vec<ProvisionRedline>, olds: std::ops::Range<usize>) {
        for o in olds.filter(|&o| self.old_to_new[o].is_none()) {
            out.push(self.whole(Some(o), None));
        }
    }

    /// An inserted (`old` is `None`) or deleted (`new` is `None`) unit: one block.
    fn whole(&self, old: Option<usize>, new: Option<usize>) -> ProvisionRedline {
        let (unit, kind, status) = match (old, new) {
            (Some(o), _) => (&self.old[o], SpanKind::Delete, Status::Deleted),
            (_, Some(n)) => (&self.new[n], SpanKind::Insert, Status::Inserted),
            (None, None) => unreachable!("a unit is on one side at least"),
        };
        let spans = if unit.text.is_empty() {
            Vec::new()
        } else {
            vec![Span {
                whitespace_only: unit.text.trim().is_empty(),
                ..Span::new(kind, unit.text.to_string())
            }]
        };
        ProvisionRedline {
            old_id: old.map(|o| self.old[o].id().into_owned()),
            new_id: new.map(|n| self.new[n].id().into_owned()),
            eid: match new {
                Some(_) => unit.eid(),
                None => unit.eid() + "__deleted",
            },
            kind: unit.kind(),
            label: unit.label(),
            old_label: old.map(|o| self.old[o].label()),
            depth: unit.depth(),
            status,
            renumbered: false,
            old_index: old,
            new_index: new,
            spans,
        }
    }

    /// A paired unit, with the units split off it.
    fn paired(
        &mut self,
        o: usize,
        n: usize,
        split: &[usize],
        moved: bool,
    ) -> Vec<ProvisionRedline> {
        let news: Vec<usize> = std::iter::once(n).chain(split.iter().copied()).collect();
        let (old_text, new_text) = (self.old[o].text, self.new[n].text);
        let segments = if split.is_empty() {
            let spans = spacing_spans(old_text, new_text).unwrap_or_else(|| {
                word_diff(&mut self.interner, old_text, new_text, &mut self.budget)
            });
            vec![spans]
        } else {
            let old_tokens = self.interner.tokenize(old_text);
            let new_tokens: Vec<Tokens> = news
                .iter()
                .map(|&m| self.interner.tokenize(self.new[m].text))
                .collect();
            let new_tokens: Vec<&Tokens> = new_tokens.iter().collect();
            redline_tokens(&old_tokens, &new_tokens, &mut self.budget)
        };
        news.iter()
            .zip(segments)
            .enumerate()
            .map(|(i, (&m, spans))| self.provision(o, m, i, spans, moved))
            .collect()
    }

    fn provision(
        &self,
        o: usize,
        n: usize,
        part: usize,
        spans: Vec<Span>,
        moved: bool,
    ) -> ProvisionRedline {
        let edited = spans.iter().any(|s| {
            matches!(
                s.shown_as(self.whitespace),
                Some(SpanKind::Delete | SpanKind::Insert)
            )
        });
        // Any old text, white space included, keeps the old unit: the old side must still
        // spell it (a piece whose words are all new may share only a space with it).
        let holds_old_text = spans
            .iter()
            .any(|s| s.kind != SpanKind::Insert && !s.text.is_empty());
        let (old, status) = match (part, moved) {
            (0, true) => (Some(o), Status::Moved { edited }),
            (0, false) if edited => (Some(o), Status::Changed),
            (0, false) => (Some(o), Status::Unchanged),
            (_, _) if holds_old_text => (Some(o), Status::Split),
            (_, _) => (None, Status::Inserted),
        };
        let unit = &self.new[n];
        let new_id = unit.id();
        ProvisionRedline {
            old_id: old.map(|o| self.old[o].id().into_owned()),
            renumbered: self.layout == Layout::Provisions
                && part == 0
                && self.old[o].id() != new_id,
            new_id: Some(new_id.into_owned()),
            eid: unit.eid(),
            kind: unit.kind(),
            label: unit.label(),
            old_label: old.map(|o| self.old[o].label()),
            depth: unit.depth(),
            status,
            old_index: old,
            new_index: Some(n),
            spans,
        }
    }
}

/// Where a unit of a document sits: what it is, its article and the provision it is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    role: Role,
    /// Index of the article heading of the unit's article, if any.
    article: Option<usize>,
    /// Index of the top-level provision (numbered paragraph, definition) the unit is part of,
    /// for a subparagraph or a definition's part; `None` for a top-level unit.
    provision: Option<usize>,
}

/// What a unit is, as far as pairing goes: a heading never pairs with a body paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Heading,
    Body,
    Footnote,
}

/// The places of a side's units in the layout; none for plain text.
fn places(layout: Layout, units: &[Unit]) -> Vec<Place> {
    if layout == Layout::Paragraphs {
        return Vec::new();
    }
    let mut article = None;
    let mut provision = None;
    units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let role = match unit.kind() {
                "heading" | "section heading" | "article heading" => Role::Heading,
                "footnote" => Role::Footnote,
                _ => Role::Body,
            };
            match unit.kind() {
                "article heading" => article = Some(i),
                "heading" | "section heading" => article = None,
                _ => {}
            }
            let top = unit.parent().is_none();
            if top {
                provision = (role == Role::Body).then_some(i);
            }
            Place {
                role,
                article,
                provision: if top { None } else { provision },
            }
        })
        .collect()
}

/// The unit ranges of the articles of a side: from each article heading to the next heading.
fn article_spans(places: &[Place]) -> Vec<std::ops::Range<usize>> {
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, place) in places.iter().enumerate() {
        match place.article {
            Some(start) if start == i => spans.push(i..i + 1),
            Some(_) => {
                if let Some(span) = spans.last_mut() {
                    span.end = i + 1;
                }
            }
            None => {}
        }
    }
    spans
}

/// The articles of a side whose heading is not paired yet.
fn unpaired_articles(places: &[Place], paired: &[Option<usize>]) -> Vec<std::ops::Range<usize>> {
    article_spans(places)
        .into_iter()
        .filter(|article| paired[article.start].is_none())
        .collect()
}

/// The distinct words of an article: those of its units, sorted.
fn article_words(sets: &[Option<Vec<u64>>], article: &std::ops::Range<usize>) -> Vec<u64> {
    let mut words: Vec<u64> = sets[article.clone()]
        .iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Reading order within each run of unpaired provisions (a stretch where the old text's units
/// were all deleted and the new text's all inserted): the deletions first, where they stood,
/// then the insertions, as a word diff puts deleted words before their replacement. A deleted
/// and an inserted unit of one run that are the same provision rewritten with no word in
/// common (the same id, or in plain text the run's one paragraph each side) become one changed
/// provision.
///
/// Done in place, the ids looked up by hash: after unrelated texts the whole redline is one
/// such run, of tens of thousands of provisions.
fn rewrites_in_place(
    mut provisions: Vec<ProvisionRedline>,
    layout: Layout,
) -> Vec<ProvisionRedline> {
    let unpaired = |p: &ProvisionRedline| matches!(p.status, Status::Inserted | Status::Deleted);
    let mut removed = vec![false; provisions.len()];
    let mut start = 0;
    while start < provisions.len() {
        if !unpaired(&provisions[start]) {
            start += 1;
            continue;
        }
        let end = start
            + provisions[start..]
                .iter()
                .take_while(|p| unpaired(p))
                .count();
        let run = &mut provisions[start..end];
        let first_deleted = run.partition_point(|p| p.status != Status::Deleted);
        if run[first_deleted..]
            .iter()
            .all(|p| p.status == Status::Deleted)
        {
            run.rotate_left(first_deleted); // the usual order: no copy of the run
        } else {
            run.sort_by_key(|p| p.status != Status::Deleted);
        }
        let deleted = run
            .iter()
            .take_while(|p| p.status == Status::Deleted)
            .count();
        if layout == Layout::Paragraphs && deleted == 1 && run.len() == 2 {
            run[1] = rewritten(&run[0], run[1].clone());
            removed[start] = true;
        } else {
            let mut inserted: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, p) in run.iter().enumerate().skip(deleted).rev() {
                inserted.entry(p.id()).or_default().push(i);
            }
            let pairs: Vec<(usize, usize)> = (0..deleted)
                .filter_map(|d| {
                    let id = run[d].old_id.as_deref()?;
                    inserted.get_mut(id).and_then(Vec::pop).map(|i| (d, i))
                })
                .collect();
            for (d, i) in pairs {
                run[d] = rewritten(&run[d], run[i].clone());
                removed[start + i] = true;
            }
        }
        start = end;
    }
    let mut at = 0;
    provisions.retain(|_| {
        at += 1;
        !removed[at - 1]
    });
    provisions
}

/// One changed provision from the deleted old text and the inserted new text of a rewrite; the
/// white space both end with (a plain-text paragraph's blank lines) stays unchanged.
fn rewritten(old: &ProvisionRedline, new: ProvisionRedline) -> ProvisionRedline {
    let old_text: String = old.spans.iter().map(|s| s.text.as_str()).collect();
    let new_text: String = new.spans.iter().map(|s| s.text.as_str()).collect();
    let tail = common_trailing_space(&old_text, &new_text);
    let mut spans: Vec<Span> = [
        (SpanKind::Delete, &old_text[..old_text.len() - tail]),
        (SpanKind::Insert, &new_text[..new_text.len() - tail]),
    ]
    .into_iter()
    .filter(|(_, text)| !text.is_empty())
    .map(|(kind, text)| Span::new(kind, text.to_string()))
    .collect();
    spans.extend(equal_spans(&new_text[new_text.len() - tail..]));
    ProvisionRedline {
        old_id: old.old_id.clone(),
        old_label: old.old_label.clone(),
        old_index: old.old_index,
        status: Status::Changed,
        spans,
        ..new
    }
}

/// Length in bytes of the white space both texts end with.
fn common_trailing_space(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y && x.is_ascii_whitespace())
        .count()
}

/// Marks the members of one longest strictly increasing subsequence of `values`.
fn longest_increasing(values: &[usize]) -> Vec<bool> {
    // tails[k]: index into `values` of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        if at > 0 {
            previous[i] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut member = vec![false; values.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        member[i] = true;
        at = (previous[i] != usize::MAX).then_some(previous[i]);
    }
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.kind {
                SpanKind::Equal => s.text.clone(),
                SpanKind::Delete => format!("[-{}-]", s.text),
                SpanKind::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn an_insertion_split_by_a_space_is_one_insertion() {
        let mut pieces = vec![
            Piece::Change {
                deleted: String::new(),
                inserted: ", including international".into(),
            },
            Piece::Equal(" ".into()),
            Piece::Change {
                deleted: String::new(),
                inserted: "standards, ".into(),
            },
        ];
        absorb_trivial_equality(&mut pieces);
        let spans: Vec<Span> = pieces.into_iter().flat_map(piece_spans).collect();
        assert_eq!(marked(&spans), "{+, including international standards,+} ");
    }

    #[test]
    fn hardened_modal_is_one_deletion() {
        let spans = diff_words(
            "Accordingly, the Parties shall endeavor to: build",
            "Accordingly, each Party shall: build",
        );
        assert_eq!(
            marked(&spans),
            "Accordingly, [-the Parties-]{+each Party+} shall[- endeavor to-]: build"
        );
    }

    #[test]
    fn changes_separated_by_a_function_word_become_one_replacement() {
        let spans = diff_words(
            "promote cooperation of the national bodies",
            "require coordination of the federal bodies",
        );
        assert_eq!(
            marked(&spans),
            "[-promote cooperation of the national-]{+require coordination of the federal+} bodies"
        );
    }

    #[test]
    fn a_meaningful_equality_is_kept() {
        let spans = diff_words("red cybersecurity blue", "green cybersecurity yellow");
        assert_eq!(
            marked(&spans),
            "[-red-]{+green+} cybersecurity [-blue-]{+yellow+}"
        );
    }

    #[test]
    fn whitespace_change_is_flagged_not_dropped() {
        let spans = diff_words("shall  endeavor", "shall endeavor");
        assert!(spans
            .iter()
            .any(|s| s.kind == SpanKind::Delete && s.whitespace_only));
        let old: String = spans
            .iter()
            .filter(|s| s.kind != SpanKind::Insert)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(old, "shall  endeavor");
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn longest_increasing_marks_the_out_of_order_member() {
        assert_eq!(
            longest_increasing(&[0, 1, 5, 2, 3, 4]),
            [true, true, false, true, true, true]
        );
    }

    #[test]
    fn paragraphs_concatenate_to_the_text() {
        let text = "\n\nFirst line\nsecond line\n\n\nSecond para\n\nThird";
        let units = paragraph_units(text, "old");
        assert_eq!(units.len(), 3);
        assert_eq!(units.iter().map(|u| u.text).collect::<String>(), text);
        assert_eq!(units[1].text, "Second para\n\n");
    }
}
