//! From edited text to proposal: the smallest readable set of amendments that turns one
//! version of a text into another.
//!
//! A drafter prints a run of provisions in the baseline layout ([`Excerpt`]), edits it in any
//! editor, and gets back the amendments a lawyer would write for the change: whole-word phrase
//! replacements and strikes (with an `occurrence`, or a few words of context, where the words
//! occur more than once), inserted and deleted provisions, inserted articles, new footnotes and
//! changes to a footnote's words. Every proposal made here is applied before it is returned, so
//! what comes out turns the baseline into the edited text exactly, or an error says which change
//! no amendment can express.
//!
//! ```
//! use redline::{amend, baseline::USMCA_CH19, citation, propose::Excerpt};
//! let base = USMCA_CH19.document().unwrap();
//! let excerpt = Excerpt::of(&base, &citation::resolve(&base, "19.15.2").unwrap());
//! let edited = excerpt.render(&base).replace("each Party shall endeavor to employ", "each Party shall employ");
//! let target = excerpt.replace(&base, &redline::parse::parse(&edited).unwrap()).unwrap();
//! let amendments = redline::propose::amendments(&base, &target).unwrap();
//! assert_eq!(amendments.len(), 1);
//! assert_eq!(amendments[0].op(), "delete_phrase");
//! ```

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::fmt;
use std::ops::Range;

use crate::amend::{self, whole_word_matches};
use crate::citation::{self, Target};
use crate::document::{
    Article, Block, BlockContent, Document, Find, Footnote, Provision, ProvisionIndex,
    ProvisionKind,
};
use crate::parse::{self, footnote_markers};
use crate::proposal::{Amendment, NewProvision, Occurrence, Proposal};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_segmentation::UnicodeSegmentation;

/// Words of context added on each side of a replaced phrase, at most, to make it occur once
/// before falling back to an `occurrence` number.
const MAX_CONTEXT_WORDS: usize = 3;

/// Words that may stand between two changes and still be struck with them as one replacement
/// ("the Parties shall" for "each Party shall" rather than two amendments around "shall" would
/// be wrong; "endeavor to" and "build" around "to" read better as one).
const JOINING_WORDS: [&str; 8] = ["the", "to", "of", "and", "or", "a", "an", "in"];

/// A run of a document's blocks that prints in the baseline layout and parses again: the
/// document heading, and for each article concerned its heading line, the provisions cited
/// with the chapeaux that govern them, and the footnotes they cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Indices of the blocks in the document, ascending.
    blocks: Vec<usize>,
}

/// A change between two texts that no amendment can make, or a proposal that does not
/// reproduce the edited text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposeError {
    /// What cannot be expressed, and where.
    pub message: String,
    /// What to do instead.
    pub help: String,
}

impl fmt::Display for ProposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

impl std::error::Error for ProposeError {}

fn unsupported(message: impl Into<String>, help: impl Into<String>) -> ProposeError {
    ProposeError {
        message: message.into(),
        help: help.into(),
    }
}

/// What a block is, across two versions of a text: blocks with the same key are the same
/// block, edited or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'b> {
    Heading(&'b str),
    Section(&'b str),
    Article(&'b str),
    Provision(&'b str),
    Footnote(&'b str),
}

fn key(block: &Block) -> Key<'_> {
    match &block.content {
        BlockContent::Heading { text } => Key::Heading(text),
        BlockContent::Section { text } => Key::Section(text),
        BlockContent::Article(a) => Key::Article(&a.number),
        BlockContent::Provision(p) => Key::Provision(&p.id),
        BlockContent::Footnote(n) => Key::Footnote(&n.number),
    }
}

impl Excerpt {
    /// The whole document.
    pub fn whole(doc: &Document) -> Self {
        Excerpt {
            blocks: (0..doc.blocks.len()).collect(),
        }
    }

    /// What `redline provisions CITATION` shows: an article in full; a provision with the
    /// chapeaux above it and everything below it; a footnote with the provisions citing it.
    pub fn of(doc: &Document, target: &Target<'_>) -> Self {
        match target {
            Target::Article(a) => Self::articles(doc, &[a.heading.number.as_str()]),
            Target::Provision(p) => {
                // Words after a list read only after the list: show it with them.
                let shown = match (&p.kind, &p.parent) {
                    (ProvisionKind::Continuation, Some(owner)) => doc.provision(owner).unwrap_or(p),
                    _ => p,
                };
                let mut ids: Vec<&Provision> = doc.chapeaux(shown);
                ids.extend(doc.subtree(&shown.id));
                Self::provisions(doc, ids.iter().map(|p| p.id.as_str()).collect())
            }
            Target::Footnote(n) => {
                let mut ids = HashSet::new();
                for citing in n.cited_in.iter().filter_map(|id| doc.provision(id)) {
                    ids.extend(doc.chapeaux(citing).into_iter().map(|p| p.id.as_str()));
                    ids.insert(citing.id.as_str());
                }
                Self::provisions(doc, ids)
            }
        }
    }

    /// Whole articles, by number.
    pub fn articles(doc: &Document, numbers: &[&str]) -> Self {
        let numbers: FxHashSet<&str> = numbers.iter().copied().collect();
        let mut blocks = heading_blocks(doc);
        let mut inside = false;
        for (i, block) in doc.blocks.iter().enumerate() {
            match &block.content {
                BlockContent::Article(a) => inside = numbers.contains(a.number.as_str()),
                BlockContent::Section { .. } => inside = false,
                _ => {}
            }
            if inside {
                blocks.insert(i);
            }
        }
        Excerpt {
            blocks: blocks.into_iter().collect(),
        }
    }

    /// The given provisions, with their articles' headings and the footnotes they cite.
    fn provisions(doc: &Document, ids: HashSet<&str>) -> Self {
        let chosen: Vec<&Provision> = doc
            .provisions()
            .filter(|p| ids.contains(p.id.as_str()))
            .collect();
        let articles: HashSet<&str> = chosen.iter().map(|p| p.article.as_str()).collect();
        let notes: HashSet<&str> = chosen
            .iter()
            .flat_map(|p| p.footnotes.iter().map(String::as_str))
            .collect();
        let mut blocks = heading_blocks(doc);
        for (i, block) in doc.blocks.iter().enumerate() {
            let wanted = match &block.content {
                BlockContent::Article(a) => articles.contains(a.number.as_str()),
                BlockContent::Provision(p) => ids.contains(p.id.as_str()),
                BlockContent::Footnote(n) => notes.contains(n.number.as_str()),
                _ => false,
            };
            if wanted {
                blocks.insert(i);
            }
        }
        Excerpt {
            blocks: blocks.into_iter().collect(),
        }
    }

    /// The article numbers the excerpt holds.
    pub fn article_numbers<'d>(&self, doc: &'d Document) -> Vec<&'d str> {
        self.blocks
            .iter()
            .filter_map(|&i| match &doc.blocks[i].content {
                BlockContent::Article(a) => Some(a.number.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The excerpt in the baseline layout: one block a line, a blank line between blocks, the
    /// heading lines together, a line break at the end. It parses again into the same blocks.
    pub fn render(&self, doc: &Document) -> String {
        if self.blocks.len() == doc.blocks.len() {
            return doc.render();
        }
        let mut out = String::new();
        for (n, &i) in self.blocks.iter().enumerate() {
            let block = &doc.blocks[i];
            out.push_str(&block.content.render());
            let next = self.blocks.get(n + 1);
            out.push_str(match next {
                None => "\n",
                Some(&j) if j == i + 1 => &block.separator,
                Some(_) => "\n\n",
            });
        }
        out
    }

    /// The document with the excerpt's blocks replaced by `edited` (the excerpt as a drafter
    /// changed it, as [`parse::parse`] returns it): blocks missing from `edited` are deleted,
    /// new ones stand where the drafter put them, and new footnotes at the end of the article
    /// that cites them.
    pub fn replace(&self, doc: &Document, edited: &Document) -> Result<Document, ProposeError> {
        let old_heading: Vec<&str> = doc.heading().collect();
        let new_heading: Vec<&str> = edited.heading().collect();
        if old_heading != new_heading {
            return Err(unsupported(
                format!(
                    "the heading `{}` was changed to `{}`",
                    old_heading.join(" / "),
                    new_heading.join(" / ")
                ),
                "amendments change articles, provisions and footnotes, not the heading: leave the heading lines as printed",
            ));
        }
        let mut region = vec![false; doc.blocks.len()];
        for &i in &self.blocks {
            region[i] = !matches!(doc.blocks[i].content, BlockContent::Heading { .. });
        }
        let old_keys: FxHashSet<Key> = doc.blocks.iter().map(key).collect();
        let fragment: Vec<&Block> = edited
            .blocks
            .iter()
            .filter(|b| !matches!(b.content, BlockContent::Heading { .. }))
            .collect();
        let new_notes: Vec<&Block> = fragment
            .iter()
            .copied()
            .filter(|b| {
                matches!(b.content, BlockContent::Footnote(_)) && !old_keys.contains(&key(b))
            })
            .collect();
        let fragment: Vec<&Block> = fragment
            .into_iter()
            .filter(|b| !new_notes.iter().any(|n| std::ptr::eq(*n, *b)))
            .collect();
        let position: FxHashMap<Key, usize> = fragment
            .iter()
            .enumerate()
            .map(|(n, b)| (key(b), n))
            .collect();
        let last_region = region.iter().rposition(|&inside| inside);
        let mut next = 0;
        let mut out: Vec<&Block> = Vec::new();
        let mut in_region = false;
        for (i, block) in doc.blocks.iter().enumerate() {
            if !region[i] {
                if in_region {
                    // New provisions right after the last kept one stay here, before the
                    // unprinted provisions that follow.
                    while next < fragment.len()
                        && !old_keys.contains(&key(fragment[next]))
                        && matches!(fragment[next].content, BlockContent::Provision(_))
                    {
                        out.push(fragment[next]);
                        next += 1;
                    }
                }
                in_region = false;
                out.push(block);
                continue;
            }
            in_region = true;
            if let Some(&n) = position.get(&key(block)) {
                if n >= next {
                    out.extend(&fragment[next..=n]);
                    next = n + 1;
                }
            }
            if Some(i) == last_region {
                out.extend(&fragment[next..]);
                next = fragment.len();
            }
        }
        for note in new_notes {
            let BlockContent::Footnote(n) = &note.content else {
                unreachable!("only footnotes were set aside")
            };
            let marker = format!("[^{}]", n.number);
            let citing = out
                .iter()
                .position(|b| matches!(&b.content, BlockContent::Provision(p) if p.text.contains(&marker)))
                .unwrap_or(out.len().saturating_sub(1));
            let end = out[citing + 1..]
                .iter()
                .position(|b| {
                    matches!(
                        b.content,
                        BlockContent::Article(_) | BlockContent::Section { .. }
                    )
                })
                .map_or(out.len(), |k| citing + 1 + k);
            out.insert(end, note);
        }
        let assembled = Assembled {
            blocks: out,
            ending: doc.blocks.last().map_or("\n", |b| b.separator.as_str()),
        };
        if assembled.is_text_of(edited) {
            // A whole text edited: the parse of what it becomes is the parse it came from.
            return Ok(edited.clone());
        }
        let text = assembled.render();
        parse::parse(&text).map_err(|e| {
            let line = text
                .lines()
                .nth(e.line.saturating_sub(1))
                .unwrap_or_default();
            unsupported(
                format!(
                    "the edited text does not fit into the rest of the text at `{line}`: {}",
                    e.message
                ),
                e.help,
            )
        })
    }
}

/// Blocks of two texts put together, with the blank lines a text written afresh has: one after
/// every block but a heading line, and the file's own ending after the last.
struct Assembled<'b> {
    blocks: Vec<&'b Block>,
    ending: &'b str,
}

impl Assembled<'_> {
    /// What follows block `n`.
    fn separator(&self, n: usize) -> &str {
        let block = self.blocks[n];
        if n + 1 == self.blocks.len() {
            self.ending
        } else if matches!(block.content, BlockContent::Heading { .. }) {
            &block.separator
        } else {
            "\n\n"
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (n, block) in self.blocks.iter().enumerate() {
            out.push_str(&block.content.render());
            out.push_str(self.separator(n));
        }
        out
    }

    /// Whether the text is the one `doc` renders, block for block.
    fn is_text_of(&self, doc: &Document) -> bool {
        self.blocks.len() == doc.blocks.len()
            && self
                .blocks
                .iter()
                .zip(&doc.blocks)
                .enumerate()
                .all(|(n, (block, theirs))| {
                    (std::ptr::eq(*block, theirs) || block.content == theirs.content)
                        && self.separator(n) == theirs.separator
                })
    }
}

/// The text `base` becomes when `edited` (an excerpt in the baseline layout, as a drafter
/// changed it) takes the place of what it was printed from: the excerpt of `printed_from`
/// when given, else the articles `edited` holds (or the whole text, when it holds them all).
///
/// Without `printed_from`, an edited text that lacks the first or last provisions of an
/// article is refused: it was most likely printed from a part of the article, and taking it
/// for the whole would delete the rest.
pub fn target(
    base: &Document,
    edited: &Document,
    printed_from: Option<&Target<'_>>,
) -> Result<Document, ProposeError> {
    let excerpt = match printed_from {
        Some(t) => Excerpt::of(base, t),
        None => {
            let base_articles: FxHashMap<&str, Article> = base
                .articles()
                .into_iter()
                .map(|a| (a.heading.number.as_str(), a))
                .collect();
            let edited_provisions = ProvisionIndex::new(edited);
            let kept: Vec<&Article> = edited
                .articles()
                .iter()
                .filter_map(|a| base_articles.get(a.heading.number.as_str()))
                .collect();
            for article in &kept {
                partial_article(article, &edited_provisions)?;
            }
            let numbers: Vec<&str> = kept.iter().map(|a| a.heading.number.as_str()).collect();
            Excerpt::articles(base, &numbers)
        }
    };
    excerpt.replace(base, edited)
}

/// Refuses an edited article that keeps provisions of `article` (of the base) but not its
/// first or last.
fn partial_article(article: &Article, edited: &ProvisionIndex) -> Result<(), ProposeError> {
    let number = &article.heading.number;
    let ids: Vec<&str> = article.provisions().map(|p| p.id.as_str()).collect();
    let kept: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| edited.get(id).is_some())
        .collect();
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
        return Ok(());
    };
    let mut missing: Vec<&str> = vec![*first, *last];
    missing.dedup();
    missing.retain(|id| !kept.contains(id));
    if kept.is_empty() || missing.is_empty() {
        return Ok(());
    }
    Err(unsupported(
        format!(
            "the edited text holds only part of Article {number} ({} to {}): {} would be deleted",
            kept[0],
            kept[kept.len() - 1],
            missing.join(" and ")
        ),
        format!(
            "say what the text was printed from with --at (e.g. --at {}); to delete {} from the whole article, pass --at \"Article {number}\"",
            kept[0],
            missing.join(" and ")
        ),
    ))
}

fn heading_blocks(doc: &Document) -> BTreeSet<usize> {
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.content, BlockContent::Heading { .. }))
        .map(|(i, _)| i)
        .collect()
}

/// The amendments that turn `base` into `target`, checked by applying them: phrase changes
/// where words changed, whole provisions where provisions came or went.
pub fn amendments(base: &Document, target: &Document) -> Result<Vec<Amendment>, ProposeError> {
    let readable = Planner::new(base, target, false).plan()?;
    if reproduces(base, target, &readable) {
        return Ok(readable);
    }
    // A rare change (words next to a new footnote marker, a phrase that overlaps itself) may
    // defeat the phrase-level account: fall back to whole provision texts.
    let plain = Planner::new(base, target, true).plan()?;
    match apply_amendments(base, &plain) {
        Ok(doc) if same_text(&doc, target) => Ok(plain),
        Ok(_) => Err(unsupported(
            "the edited text cannot be reached with amendments (a provision moved, or changed its kind)",
            "keep provisions in their order and kinds: delete a provision and insert a new one with a free label instead",
        )),
        Err(e) => Err(unsupported(
            format!("the amendments for the edited text cannot be applied: {e}"),
            "keep provisions in their order and labels in sequence; a new sub-subparagraph needs its subparagraph to have a list already",
        )),
    }
}

/// Whether `amendments` turn `base` into `target` exactly.
pub fn reproduces(base: &Document, target: &Document, amendments: &[Amendment]) -> bool {
    apply_amendments(base, amendments).is_ok_and(|doc| same_text(&doc, target))
}

/// Whether two documents render the same text: the same blocks do, without rendering them.
fn same_text(a: &Document, b: &Document) -> bool {
    a.blocks == b.blocks || a.render() == b.render()
}

fn apply_amendments(
    base: &Document,
    amendments: &[Amendment],
) -> Result<Document, amend::ApplyError> {
    let proposal = Proposal {
        schema: None,
        tag: None,
        id: "proposed".into(),
        title: "proposed".into(),
        sponsor: "proposed".into(),
        source: crate::proposal::Source {
            filing: "proposed".into(),
            date: "2025".into(),
            docket: None,
            url: None,
        },
        rationale: "proposed".into(),
        base: "proposed".into(),
        amendments: amendments.to_vec(),
    };
    amend::apply(base, &proposal).map(|a| a.document)
}

/// The numbers of the articles `amendments` amend (or insert), each once, in the order of the
/// first amendment to each; an amendment whose citation names nothing in `base` names none.
pub fn amended_articles(base: &Document, amendments: &[Amendment]) -> Vec<String> {
    let base = Lookup::new(base);
    let mut articles: Vec<String> = Vec::new();
    let mut named: HashSet<String> = HashSet::new();
    for a in amendments {
        let number = match a {
            Amendment::InsertArticle { number, .. } => Some(number.clone()),
            _ => match citation::resolve_in(&base, a.address()) {
                Ok(Target::Article(article)) => Some(article.heading.number.clone()),
                Ok(Target::Provision(p)) => Some(p.article.clone()),
                Ok(Target::Footnote(n)) => n
                    .cited_in
                    .first()
                    .and_then(|id| base.provision(id))
                    .map(|p| p.article.clone()),
                Err(_) => None,
            },
        };
        if let Some(number) = number.filter(|n| named.insert(n.clone())) {
            articles.push(number);
        }
    }
    articles
}

/// A document's articles, provisions and footnotes by number and id, found once: planning
/// looks them up for every change, and a search of the document each time would make a long
/// text's plan quadratic.
struct Lookup<'d> {
    doc: &'d Document,
    /// In bytes.
    longest_article_number: usize,
    articles: FxHashMap<&'d str, Article<'d>>,
    provisions: ProvisionIndex<'d>,
    footnotes: FxHashMap<&'d str, &'d Footnote>,
}

impl<'d> Lookup<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut footnotes = FxHashMap::default();
        for note in doc.footnotes() {
            // The first of a repeated number, as `Document::footnote` finds it.
            footnotes.entry(note.number.as_str()).or_insert(note);
        }
        let articles: FxHashMap<&str, Article> = doc
            .articles()
            .into_iter()
            .map(|a| (a.heading.number.as_str(), a))
            .collect();
        Lookup {
            doc,
            longest_article_number: articles.keys().map(|n| n.len()).max().unwrap_or(0),
            articles,
            provisions: ProvisionIndex::new(doc),
            footnotes,
        }
    }
}

impl<'d> Find<'d> for Lookup<'d> {
    fn document(&self) -> &'d Document {
        self.doc
    }

    fn article(&self, number: &str) -> Option<Article<'d>> {
        self.articles.get(number).cloned()
    }

    fn provision(&self, id: &str) -> Option<&'d Provision> {
        self.provisions.get(id)
    }

    fn footnote(&self, number: &str) -> Option<&'d Footnote> {
        self.footnotes.get(number).copied()
    }

    fn longest_article_number(&self) -> usize {
        self.longest_article_number
    }
}

/// Works out the amendments between two documents, article by article.
struct Planner<'d> {
    base: &'d Document,
    target: &'d Document,
    /// The articles, provisions and footnotes of each, by number and id.
    base_at: Lookup<'d>,
    target_at: Lookup<'d>,
    /// Replace changed provisions' whole texts instead of phrases.
    whole_texts: bool,
    base_notes: FxHashSet<&'d str>,
    out: Vec<Amendment>,
}

impl<'d> Planner<'d> {
    fn new(base: &'d Document, target: &'d Document, whole_texts: bool) -> Self {
        Planner {
            base,
            target,
            base_at: Lookup::new(base),
            target_at: Lookup::new(target),
            whole_texts,
            base_notes: base.footnotes().map(|n| n.number.as_str()).collect(),
            out: Vec::new(),
        }
    }

    fn plan(mut self) -> Result<Vec<Amendment>, ProposeError> {
        let base_heading: Vec<&str> = self.base.heading().collect();
        if base_heading != self.target.heading().collect::<Vec<_>>() {
            return Err(unsupported(
                "the heading lines were changed",
                "amendments change articles, provisions and footnotes, not the heading",
            ));
        }
        let target_articles: Vec<&str> = self
            .target
            .articles()
            .iter()
            .map(|a| a.heading.number.as_str())
            .collect();
        for article in self.base.articles() {
            let number = article.heading.number.as_str();
            match self.target_at.article(number) {
                None => {
                    return Err(unsupported(
                        format!("Article {number} was removed"),
                        "no amendment deletes an article: delete its provisions one by one instead, or leave it",
                    ))
                }
                Some(t) if t.heading.title != article.heading.title => {
                    return Err(unsupported(
                        format!(
                            "the title of Article {number} was changed from `{}` to `{}`",
                            article.heading.title, t.heading.title
                        ),
                        "no amendment renames an article: keep its heading line as printed",
                    ))
                }
                Some(_) => {}
            }
        }
        self.removed_footnotes()?;
        self.texts_trimmed()?;
        self.new_markers_follow_words()?;
        for (n, number) in target_articles.iter().enumerate() {
            if self.base_at.article(number).is_some() {
                self.kept_article(number)?;
            } else {
                let after = n.checked_sub(1).map(|p| target_articles[p]);
                self.new_article(number, after)?;
            }
        }
        Ok(self.out)
    }

    /// Footnotes can only go with the provisions citing them.
    fn removed_footnotes(&self) -> Result<(), ProposeError> {
        let target_notes: HashSet<&str> =
            self.target.footnotes().map(|n| n.number.as_str()).collect();
        for note in self.base.footnotes() {
            let cited_still = note
                .cited_in
                .iter()
                .any(|id| self.target_at.provision(id).is_some());
            if !target_notes.contains(note.number.as_str()) && cited_still {
                return Err(unsupported(
                    format!("footnote {} was removed", note.number),
                    "no amendment deletes a footnote on its own: keep it (its words may change), or delete the provisions citing it",
                ));
            }
        }
        Ok(())
    }

    /// No amendment writes a text that starts or ends with white space (the layout puts one
    /// space after a label and nothing after the words): white space an editor left at the end
    /// of a line, or an extra space after a label, is refused here, where it can be named,
    /// rather than as a failed amendment. White space the base text has already is kept by
    /// amendments that leave it alone, so only white space the edit added is refused.
    fn texts_trimmed(&self) -> Result<(), ProposeError> {
        for p in self.target.provisions() {
            let old = self.base_at.provision(&p.id).map(|old| old.text.as_str());
            white_space_added_at_ends(&p.id, old, &p.text)?;
        }
        for note in self.target.footnotes() {
            let old = self
                .base_at
                .footnote(&note.number)
                .map(|old| old.text.as_str());
            white_space_added_at_ends(&format!("footnote {}", note.number), old, &note.text)?;
        }
        Ok(())
    }

    /// An `add_footnote` puts its marker right after a phrase: a new footnote's marker must
    /// follow a word (or its punctuation), not a space or the start of the text.
    fn new_markers_follow_words(&self) -> Result<(), ProposeError> {
        for p in self.target.provisions() {
            let new_markers =
                footnote_markers(&p.text).filter(|(_, n)| !self.base_notes.contains(n));
            for (at, number) in new_markers {
                let before = &p.text[..at];
                let marker = format!("[^{number}]");
                if before.is_empty() {
                    return Err(unsupported(
                        format!("{}: the marker {marker} of new footnote {number} starts the text", p.id),
                        "a footnote's marker goes right after the words it annotates: move it after a word",
                    ));
                }
                if before.ends_with(char::is_whitespace) {
                    let word = before
                        .trim_end()
                        .rsplit(char::is_whitespace)
                        .next()
                        .unwrap_or_default();
                    return Err(unsupported(
                        format!("{}: the marker {marker} of new footnote {number} follows a space (`{word} {marker}`)", p.id),
                        format!("a footnote's marker goes right after the word it annotates, with no space: write `{word}{marker}`"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn kept_article(&mut self, number: &str) -> Result<(), ProposeError> {
        let base = self.base_at.article(number).expect("a kept article");
        let target = self.target_at.article(number).expect("a kept article");
        let target_ids: FxHashSet<&str> = target.provisions().map(|p| p.id.as_str()).collect();
        for p in base.provisions() {
            let parent_gone = p.parent.as_deref().is_some_and(|parent| {
                !target_ids.contains(parent)
                    && self
                        .base_at
                        .provision(parent)
                        .is_some_and(|q| q.article == number)
            });
            if !target_ids.contains(p.id.as_str()) && !parent_gone {
                self.out
                    .push(Amendment::DeleteProvision { at: p.id.clone() });
            }
        }
        let provisions: Vec<&Provision> = target.provisions().collect();
        for (n, p) in provisions.iter().enumerate() {
            match self.base_at.provision(&p.id) {
                Some(old) if old.text != p.text => self.changed_text(&p.id, &old.text, &p.text)?,
                Some(_) => {}
                None => self.inserted(p, &provisions[..n], &provisions[n + 1..])?,
            }
        }
        for note in target.footnotes() {
            if let Some(old) = self.base_at.footnote(&note.number) {
                if old.text != note.text {
                    let at = format!("footnote {}", note.number);
                    self.changed_words(&at, &old.text, &note.text);
                }
            }
        }
        Ok(())
    }

    fn new_article(&mut self, number: &str, after: Option<&str>) -> Result<(), ProposeError> {
        let article = self.target_at.article(number).expect("a target article");
        let provisions: Vec<&Provision> = article.provisions().collect();
        self.out.push(Amendment::InsertArticle {
            after: after.map(|a| format!("Article {a}")),
            number: number.to_string(),
            title: article.heading.title.clone(),
            provisions: provisions
                .iter()
                .map(|p| NewProvision {
                    label: p.label(),
                    text: self.without_new_markers(&p.text),
                })
                .collect(),
        });
        for p in provisions {
            self.new_footnotes(p);
        }
        Ok(())
    }

    /// A provision `target` has and `base` has not, placed by its neighbours: after its
    /// previous sibling, before its next one, or as the first item of its parent's new list.
    fn inserted(
        &mut self,
        p: &Provision,
        before: &[&Provision],
        after: &[&Provision],
    ) -> Result<(), ProposeError> {
        let sibling = |q: &&&Provision| {
            q.parent == p.parent
                && std::mem::discriminant(&q.kind) == std::mem::discriminant(&p.kind)
        };
        let (before_id, after_id) = if let Some(previous) = before.iter().rev().find(sibling) {
            (None, Some(previous.id.clone()))
        } else if let Some(next) = after
            .iter()
            .filter(sibling)
            .find(|q| self.base_at.provision(&q.id).is_some())
        {
            (Some(next.id.clone()), None)
        } else if let Some(parent) = &p.parent {
            (None, Some(parent.clone()))
        } else {
            return Err(unsupported(
                format!("{} has nothing beside it to be inserted after", p.id),
                "insert a provision beside an existing one of its kind",
            ));
        };
        if matches!(
            p.kind,
            ProvisionKind::Continuation | ProvisionKind::Unnumbered
        ) {
            return Err(unsupported(
                format!("{} is an unlabelled {}: no amendment inserts one", p.id, p.kind_name()),
                "give the new words a label of their own (a paragraph `3.` or a subparagraph `(c)`), or add them to the provision above",
            ));
        }
        self.out.push(Amendment::InsertProvision {
            before: before_id,
            after: after_id,
            label: p.label(),
            text: self.without_new_markers(&p.text),
        });
        self.new_footnotes(p);
        Ok(())
    }

    fn changed_text(&mut self, id: &str, old: &str, new: &str) -> Result<(), ProposeError> {
        let stripped = self.without_new_markers(new);
        if stripped != old {
            if self.whole_texts {
                self.out.push(Amendment::ReplaceText {
                    at: id.to_string(),
                    text: stripped,
                });
            } else {
                self.changed_words(id, old, &stripped);
            }
        }
        if let Some(p) = self.target_at.provision(id) {
            self.new_footnotes(p);
        }
        Ok(())
    }

    /// Phrase amendments for the changed words, or the whole new text where the words admit
    /// no phrase amendment.
    fn changed_words(&mut self, at: &str, old: &str, new: &str) {
        match phrase_amendments(at, old, new) {
            Some(amendments) => self.out.extend(amendments),
            None => self.out.push(Amendment::ReplaceText {
                at: at.to_string(),
                text: new.to_string(),
            }),
        }
    }

    /// The text without the markers of footnotes `base` does not have (an `add_footnote`
    /// puts those in).
    fn without_new_markers(&self, text: &str) -> String {
        let mut out = text.to_string();
        let markers: Vec<(usize, String)> = footnote_markers(text)
            .filter(|(_, n)| !self.base_notes.contains(n))
            .map(|(at, n)| (at, n.to_string()))
            .collect();
        for (at, number) in markers.into_iter().rev() {
            out.replace_range(at..at + number.len() + 3, "");
        }
        out
    }

    /// An `add_footnote` for each marker in `p` of a footnote `base` does not have, left to
    /// right, each anchored on the words just before its marker.
    fn new_footnotes(&mut self, p: &Provision) {
        let markers: Vec<(usize, &str)> = footnote_markers(&p.text)
            .filter(|(_, n)| !self.base_notes.contains(n))
            .collect();
        for (at, number) in markers {
            // The text as it stands when this footnote is added: later new markers not yet in.
            let current = {
                let mut text = p.text[..at].to_string();
                text.push_str(&self.without_new_markers(&p.text[at..]));
                text
            };
            let Some(note) = self.target_at.footnote(number) else {
                continue;
            };
            let word_start = current[..at]
                .rfind(char::is_whitespace)
                .map_or(0, |i| i + 1);
            let (phrase, occurrence) = unique_phrase(&current, word_start..at, 0, 1);
            self.out.push(Amendment::AddFootnote {
                at: p.id.clone(),
                phrase,
                occurrence,
                number: number.to_string(),
                text: note.text.clone(),
            });
        }
    }
}

/// Refuses an edited text (`new`, at `at`) with white space at its end or start that its
/// base text (`old`, None for a new text) does not have there; and an edit of the word next to
/// white space the base text has at an end, which the amendment would have to write again.
fn white_space_added_at_ends(at: &str, old: Option<&str>, new: &str) -> Result<(), ProposeError> {
    let old = old.unwrap_or_default();
    let kept_end = !trailing(old).is_empty() && trailing(new) == trailing(old);
    let kept_start = !leading(old).is_empty() && leading(new) == leading(old);
    if old != new && kept_end && last_word(old) != last_word(new) {
        let word = last_word(old);
        return Err(unsupported(
            format!("{at}: the base text ends with white space after `{word}`, and the edit changes the words there"),
            format!("no amendment writes a text that ends with white space: keep `{word}` last, or delete the white space after it in the base text (the layout has none) and edit again"),
        ));
    }
    if old != new && kept_start && first_word(old) != first_word(new) {
        let word = first_word(old);
        return Err(unsupported(
            format!("{at}: the base text starts with white space before `{word}`, and the edit changes the words there"),
            format!("no amendment writes a text that starts with white space: keep `{word}` first, or delete the white space before it in the base text (the layout has one space after a label) and edit again"),
        ));
    }
    if !trailing(new).is_empty() && trailing(new) != trailing(old) {
        let word = last_word(new);
        return Err(unsupported(
            format!("{at}: the edited text ends with white space, after `{word}`"),
            format!("no amendment writes a text that ends with white space: delete the spaces or tabs after `{word}` at the end of the line"),
        ));
    }
    if !leading(new).is_empty() && leading(new) != leading(old) {
        let word = first_word(new);
        return Err(unsupported(
            format!("{at}: the edited text starts with white space, before `{word}`"),
            format!("the layout puts exactly one space after a label (`(a) `, `[^1]: `): delete the extra spaces or tabs before `{word}`"),
        ));
    }
    Ok(())
}

/// The white space `text` ends with.
fn trailing(text: &str) -> &str {
    &text[text.trim_end().len()..]
}

/// The white space `text` starts with.
fn leading(text: &str) -> &str {
    &text[..text.len() - text.trim_start().len()]
}

/// The last word of `text`, "" when it has none.
fn last_word(text: &str) -> &str {
    text.split_whitespace().next_back().unwrap_or_default()
}

/// The first word of `text`, "" when it has none.
fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or_default()
}

/// One phrase amendment made, and the state before it, to take it back when the next change
/// has to join it.
struct Step {
    hunk: Hunk,
    /// The text before the amendment.
    text: String,
    /// Where the amendment before it ended.
    floor: usize,
}

/// Phrase amendments, left to right, each computed on the text the previous ones left. A
/// change that finds no phrase of its own (its context is the previous amendment's words, up
/// to the end of the text) joins the previous change into one amendment. None when even the
/// first change finds no phrase.
fn phrase_amendments(at: &str, old: &str, new: &str) -> Option<Vec<Amendment>> {
    let mut pending: VecDeque<Hunk> = hunks(old, new).into();
    let mut steps: Vec<Step> = Vec::new();
    let mut out = Vec::new();
    let mut current = old.to_string();
    // Where the last amendment's words end in `current`: later phrases may not reach back
    // over them (one proposal may not touch the same words twice).
    let mut floor = 0;
    while let Some(hunk) = pending.pop_front() {
        // `hunk` is in `old`/`new` coordinates; `current` is `new` up to the hunk, `old`
        // after it.
        let shift = current.len() as isize - old.len() as isize;
        let start = (hunk.old.start as isize + shift) as usize;
        let end = (hunk.old.end as isize + shift) as usize;
        let replacement = &new[hunk.new.clone()];
        if let Some((amendment, touched_end)) =
            phrase_amendment(at, &current, start..end, replacement, floor)
        {
            steps.push(Step {
                hunk,
                text: current.clone(),
                floor,
            });
            current.replace_range(start..end, replacement);
            floor = touched_end;
            out.push(amendment);
        } else {
            let previous = steps.pop()?;
            out.pop();
            current = previous.text;
            floor = previous.floor;
            // The words between the two changes are the same in both versions.
            pending.push_front(Hunk {
                old: previous.hunk.old.start..hunk.old.end,
                new: previous.hunk.new.start..hunk.new.end,
            });
        }
    }
    Some(out)
}

/// A changed stretch: bytes of the old text and of the new.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
}

/// The changed stretches between two texts, compared word by word (punctuation apart), each
/// widened to whole words (a change inside `risk-based` strikes `risk-based`), with changes
/// separated only by white space or one joining word merged.
fn hunks(old: &str, new: &str) -> Vec<Hunk> {
    let old_tokens: Vec<&str> = old.split_word_bounds().collect();
    let new_tokens: Vec<&str> = new.split_word_bounds().collect();
    let offsets = |tokens: &[&str]| {
        let mut at = vec![0];
        for t in tokens {
            at.push(at.last().expect("starts with 0") + t.len());
        }
        at
    };
    let (old_at, new_at) = (offsets(&old_tokens), offsets(&new_tokens));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_tokens, &new_tokens);
    let raw: Vec<Hunk> = ops
        .iter()
        .map(|op| op.as_tag_tuple())
        .filter(|(tag, ..)| *tag != similar::DiffTag::Equal)
        .map(|(_, o, n)| Hunk {
            old: old_at[o.start]..old_at[o.end],
            new: new_at[n.start]..new_at[n.end],
        })
        .collect();
    let mut out: Vec<Hunk> = Vec::new();
    for (i, hunk) in raw.iter().enumerate() {
        let floor = out.last().map_or(0, |h| h.old.end);
        let ceiling = raw.get(i + 1).map_or(old.len(), |h| h.old.start);
        let hunk = widened(old, new, hunk.clone(), floor, ceiling);
        match out.last_mut() {
            Some(last) if joinable(&old[last.old.end..hunk.old.start]) => {
                // The text between them is the same in both versions.
                last.old.end = hunk.old.end;
                last.new.end = hunk.new.end;
            }
            _ => out.push(hunk),
        }
    }
    out
}

/// Widens a changed stretch that starts or ends inside a word over the rest of the word (the
/// same in both versions), up to white space, an opening bracket or quote on the left and
/// white space or closing punctuation on the right; never past `floor` and `ceiling` (the
/// neighbouring changes).
fn widened(old: &str, new: &str, mut hunk: Hunk, floor: usize, ceiling: usize) -> Hunk {
    let opens = |c: char| c.is_whitespace() || matches!(c, '(' | '[' | '“' | '"' | '‘');
    let closes = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | ')' | ']' | '”' | '"' | '’' | '?' | '!'
            )
    };
    let starts_in_word = |h: &Hunk| {
        let first = |t: &str| t.chars().next().is_some_and(|c| !c.is_whitespace());
        first(&old[h.old.clone()]) || first(&new[h.new.clone()])
    };
    let ends_in_word = |h: &Hunk| {
        let last = |t: &str| t.chars().next_back().is_some_and(|c| !c.is_whitespace());
        last(&old[h.old.clone()]) || last(&new[h.new.clone()])
    };
    if starts_in_word(&hunk) {
        while hunk.old.start > floor {
            let c = old[..hunk.old.start]
                .chars()
                .next_back()
                .expect("not at the start");
            if opens(c) {
                break;
            }
            hunk.old.start -= c.len_utf8();
            hunk.new.start -= c.len_utf8();
        }
    }
    if ends_in_word(&hunk) {
        while hunk.old.end < ceiling {
            let c = old[hunk.old.end..].chars().next().expect("not at the end");
            if closes(c) {
                break;
            }
            hunk.old.end += c.len_utf8();
            hunk.new.end += c.len_utf8();
        }
    }
    hunk
}

fn joinable(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    match words.as_slice() {
        [] => true,
        [word] => JOINING_WORDS.contains(&word.to_lowercase().as_str()),
        _ => false,
    }
}

/// The amendment replacing `range` of `text` with `replacement`, whole words only, and where
/// the words it touched end in the text it leaves. Context words never reach before `floor`;
/// None when the change has no words of its own and none can be added around it (it starts
/// before `floor`, or no phrase between `floor` and the end of the text is free of white space
/// at its ends).
fn phrase_amendment(
    at: &str,
    text: &str,
    range: Range<usize>,
    replacement: &str,
    floor: usize,
) -> Option<(Amendment, usize)> {
    if range.start < floor {
        return None;
    }
    let mut expected = text.to_string();
    expected.replace_range(range.clone(), replacement);
    if replacement.trim().is_empty() && !text[range.clone()].trim().is_empty() {
        let core = trimmed(text, range.clone());
        let removed = amend::with_adjacent_space(text, core.clone());
        let mut result = text.to_string();
        result.replace_range(removed.clone(), "");
        if removed.start >= floor && result == expected {
            let (phrase, occurrence) = unique_phrase(text, core, floor, 0);
            let point = removed.start;
            return Some((
                Amendment::DeletePhrase {
                    at: at.to_string(),
                    phrase,
                    occurrence,
                },
                point,
            ));
        }
    }
    // Widen to whole words until neither the phrase nor its replacement starts or ends with
    // white space, and neither is empty.
    let (mut start, mut end) = (range.start, range.end);
    loop {
        let phrase = &text[start..end];
        let with = format!(
            "{}{replacement}{}",
            &text[start..range.start],
            &text[range.end..end]
        );
        let bad_start =
            phrase.starts_with(char::is_whitespace) || with.starts_with(char::is_whitespace);
        let bad_end = phrase.ends_with(char::is_whitespace) || with.ends_with(char::is_whitespace);
        let empty = phrase.trim().is_empty() || with.trim().is_empty();
        if !(bad_start || bad_end || empty) {
            break;
        }
        let can_left = can_widen_left(text, start, floor);
        let can_right = end < text.len();
        if (bad_start || !can_right) && can_left {
            start = word_before(text, start);
        } else if can_right {
            end = word_after(text, end);
        } else {
            // Hemmed in by the previous amendment and the end of the text: an empty phrase
            // would match nothing, and one with white space at an end is no phrase a proposal
            // may hold.
            return None;
        }
    }
    // More context until the phrase occurs once, then an occurrence number.
    let mut context = 0;
    while whole_word_matches(text, &text[start..end]).count() > 1 && context < MAX_CONTEXT_WORDS {
        if can_widen_left(text, start, floor) {
            start = word_before(text, start);
        }
        if end < text.len() {
            end = word_after(text, end);
        }
        context += 1;
    }
    let with = format!(
        "{}{replacement}{}",
        &text[start..range.start],
        &text[range.end..end]
    );
    let (phrase, occurrence) = unique_phrase(text, start..end, floor, 0);
    let touched_end = start + with.len();
    Some((
        Amendment::ReplacePhrase {
            at: at.to_string(),
            phrase,
            with,
            occurrence,
        },
        touched_end,
    ))
}

/// Whether the word before `start` can join a phrase without reaching before `floor`.
fn can_widen_left(text: &str, start: usize, floor: usize) -> bool {
    let widened = word_before(text, start);
    widened < start && widened >= floor
}

/// `range` without white space at either end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// The start of the word before `at` (skipping the white space before it).
fn word_before(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end();
    before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The end of the word after `at` (skipping the white space after it).
fn word_after(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let skipped = rest.len() - rest.trim_start().len();
    let word = &rest[skipped..];
    at + skipped + word.find(char::is_whitespace).unwrap_or(word.len())
}

/// The phrase at `range` and which occurrence of it the range is; context words (at most
/// `widen` to the left, never before `floor`) are added when the phrase alone does not occur as
/// whole words at this place.
fn unique_phrase(
    text: &str,
    mut range: Range<usize>,
    floor: usize,
    widen: usize,
) -> (String, Occurrence) {
    for _ in 0..=widen {
        let phrase = &text[range.clone()];
        let matches: Vec<Range<usize>> = whole_word_matches(text, phrase).collect();
        if let Some(index) = matches.iter().position(|m| *m == range) {
            let occurrence = if matches.len() == 1 {
                Occurrence::Only
            } else {
                Occurrence::Nth(index + 1)
            };
            return (phrase.to_string(), occurrence);
        }
        if !can_widen_left(text, range.start, floor) {
            break;
        }
        range.start = word_before(text, range.start);
    }
    (text[range].to_string(), Occurrence::Only)
}

/// What `redline new` explains at the top of a proposal skeleton, field by field.
const TEMPLATE_NOTES: [&str; 17] = [
    "A proposal: amendments to a treaty text, applied in order. Replace every placeholder; `redline check FILE` names whatever is missing or wrong, all at once; docs/proposals.md has the details.",
    "id: a short name, lowercase words joined by hyphens, like the file name (cr2-shall).",
    "title: what the proposal does, in one line.",
    "sponsor: who asks for the change (Coalition to Reduce Cyber Risk (CR2)).",
    "source: the filing the ask comes from: filing (its title), date (YYYY-MM-DD, or YYYY-MM or YYYY when only that is known), and optionally docket (USTR-2025-0004) and url (https://...).",
    "rationale: why, in the sponsor's terms; shown beside the redline.",
    "base: the text amended: usmca-ch19, usmca-annex-12c, or the path of a text in the same layout.",
    "amendments: the changes, applied in order. Each names its op and cites a provision in any form (19.15.1(b), Art. 19.15(1)(b), Article 19.15, footnote 3):",
    "  replace_phrase: at, phrase (whole words exactly as in the text), with; add occurrence (2, or \"all\") when the words occur more than once.",
    "  delete_phrase: at, phrase, and occurrence as above; one adjacent space goes with the words.",
    "  replace_text: at, text (the provision's or footnote's whole new words, without its label).",
    "  insert_provision: after or before (a citation), label (\"3.\", \"(c)\", \"(iv)\", or \"\" for a definition), text.",
    "  delete_provision: at; the provision goes with everything below it.",
    "  insert_article: after (optional: \"Article 19.18\"), number (\"19.19\"), title, provisions: [ { \"label\": \"1.\", \"text\": \"...\" } ].",
    "  add_footnote: at, phrase (the marker goes right after it), number (the next free one), text.",
    "The amendment below changes nothing yet (it replaces words with themselves): make it say what you want, and add more.",
    "This $comment is for readers of the file; redline ignores it, and you may delete it.",
];

/// A proposal skeleton for `base` that `redline check` accepts as it stands, every field
/// explained in its `$comment`, with one example amendment that changes nothing.
pub fn template(base_name: &str, base: &Document, id: &str, date: &str) -> String {
    let example = base
        .provisions()
        .filter(|p| !p.text.contains("[^"))
        .find_map(|p| unique_words(&p.text, 3).map(|words| (p.id.clone(), words)));
    let preferred = base
        .provision("19.15.1")
        .filter(|p| p.text.contains("shall endeavor to"))
        .map(|p| (p.id.clone(), "shall endeavor to".to_string()));
    let (at, phrase) = preferred.or(example).unwrap_or_default();
    let proposal = Proposal {
        schema: None,
        tag: None,
        id: id.to_string(),
        title: "What the proposal does, in one line".into(),
        sponsor: "Who asks for the change".into(),
        source: crate::proposal::Source {
            filing: "The title of the filing the ask comes from".into(),
            date: date.to_string(),
            docket: None,
            url: None,
        },
        rationale: "Why, in the sponsor's terms".into(),
        base: base_name.to_string(),
        amendments: vec![Amendment::ReplacePhrase {
            at,
            with: phrase.clone(),
            phrase,
            occurrence: Occurrence::Only,
        }],
    };
    let body = serde_json::to_string_pretty(&proposal).expect("a proposal serializes");
    let notes = serde_json::to_string_pretty(&TEMPLATE_NOTES).expect("texts serialize");
    let notes = notes.replace('\n', "\n  ");
    format!("{{\n  \"$comment\": {notes},{}\n", &body[1..])
}

/// The first `count` words of `text` that occur there once, as whole words.
fn unique_words(text: &str, count: usize) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(count).map(|w| w.join(" ")).find(|phrase| {
        phrase.ends_with(char::is_alphanumeric)
            && text.contains(phrase.as_str())
            && whole_word_matches(text, phrase).count() == 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_merge_across_joining_words() {
        let old = "the Parties shall endeavor to build and improve";
        let h = hunks(old, "the Parties shall build and strengthen");
        assert_eq!(h.len(), 2);
        assert_eq!(old[h[0].old.clone()].trim(), "endeavor to");
        assert_eq!(&old[h[1].old.clone()], "improve");
        let h = hunks("risk-based approaches", "risk-driven approaches");
        assert_eq!(&"risk-based approaches"[h[0].old.clone()], "risk-based");
    }

    /// Texts of a few words, single spaced as the layout's texts are (ends trimmed).
    fn words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(
            prop::sample::select(vec!["a", "b", "c", "the", "to", "a.", "b,", "(c)", "d;"]),
            1..10,
        )
        .prop_map(|w| w.join(" "))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever the change among few, often repeated words, every phrase amendment is one
        /// a proposal may hold: no empty phrase, no blank `with`, no white space at either end
        /// (a change hemmed in by the previous amendment and the end of the text joins it).
        #[test]
        fn phrase_amendments_pass_the_proposal_checks(old in words(), new in words()) {
            for amendment in phrase_amendments("1.1.1", &old, &new).unwrap_or_default() {
                let problems = amendment.problems();
                proptest::prop_assert!(problems.is_empty(), "{problems:?} in {amendment:?} for {old:?} -> {new:?}");
            }
        }
    }

    #[test]
    fn words_around() {
        let text = "one two  three";
        assert_eq!(word_before(text, 9), 4);
        assert_eq!(word_after(text, 3), 7);
    }
}
