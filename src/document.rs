//! The document model: a treaty text as addressable provisions.
//!
//! A [`Document`] is the ordered list of [`Block`]s of a text in the baseline layout
//! (`texts/FORMAT.md`): headings, article headings, provisions and footnotes. The block list is
//! the single source of truth, so rendering it back ([`Document::render`]) reproduces the parsed
//! input byte for byte. Structure (which article a provision is in, which chapeau governs it) is
//! resolved once by the parser and stored on each [`Provision`].
//!
//! Vocabulary follows Akoma Ntoso: article, paragraph, subparagraph (AKN `point`), chapeau
//! (`intro`), continuation (`wrapUp`), footnote (`authorialNote`), and `eId` for anchors.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;

/// A parsed treaty text: a chapter or an annex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Every block in source order, each with the exact line break(s) that follow it.
    pub blocks: Vec<Block>,
}

/// One line of the text and the separator that follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// 1-based line number in the source the block was parsed from.
    pub line: usize,
    pub content: BlockContent,
    /// What follows the line up to the next block: normally `"\n\n"`, `"\n"` inside the heading
    /// and at the end of the file. Kept verbatim so the parse is lossless.
    pub separator: String,
}

/// What a block holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockContent {
    /// A line of the document heading, such as `CHAPTER 19` or `DIGITAL TRADE`.
    Heading { text: String },
    /// A section heading such as `Section A: General Provisions`.
    Section { text: String },
    /// `Article 19.15: Cybersecurity`.
    Article(ArticleHeading),
    /// A paragraph, subparagraph, definition or other addressable unit of text.
    Provision(Provision),
    /// `[^1]: footnote text`.
    Footnote(Footnote),
}

/// The heading line of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleHeading {
    /// The article number as printed: `19.15`, `12.C.2`.
    pub number: String,
    pub title: String,
    /// Akoma Ntoso style anchor, `art_19.15`.
    pub eid: String,
}

/// The smallest addressable unit of treaty text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// Canonical citation id: `19.15.1`, `19.15.1(a)`, `19.14.1(a)(i)`, `19.1/algorithm`,
    /// `19.12` (an article's unnumbered paragraph), `19.1/covered-person/wrapup`.
    pub id: String,
    /// Akoma Ntoso style anchor usable as an HTML id: `art_19.15__para_1__point_a`.
    pub eid: String,
    /// Number of the article the provision belongs to.
    pub article: String,
    pub kind: ProvisionKind,
    /// The words of the provision, without its label (`1.`, `(a)`), footnote markers included.
    pub text: String,
    /// Id of the provision whose chapeau governs this one: the paragraph above a subparagraph,
    /// the definition above its list, the article's lead-in above a definition.
    pub parent: Option<String>,
    /// Numbers of the footnotes this provision cites, in order of citation.
    pub footnotes: Vec<String>,
}

/// The kind of a provision, with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProvisionKind {
    /// `1. text`
    Paragraph { number: String },
    /// The text of an article that has no numbered paragraphs, or the lead-in of a definitions
    /// article (`For the purposes of this Chapter:`).
    Unnumbered,
    /// `(a) text`
    Subparagraph { letter: String },
    /// `(i) text`, under a subparagraph.
    SubSubparagraph { numeral: String },
    /// `term means ...` in a definitions article.
    Definition { term: String },
    /// Unlabelled words that finish a provision after its list (`but does not include ...`).
    Continuation,
}

/// A footnote and the provisions that cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    /// The footnote number as printed in the marker `[^N]`.
    pub number: String,
    /// Citation id, `fn1`.
    pub id: String,
    /// Anchor, `fnote_1`.
    pub eid: String,
    pub text: String,
    /// Ids of the provisions whose text holds the marker `[^N]`.
    pub cited_in: Vec<String>,
}

/// An article with its provisions, borrowed from a [`Document`].
#[derive(Debug, Clone)]
pub struct Article<'d> {
    pub heading: &'d ArticleHeading,
    /// The section the article stands in, if the text has sections.
    pub section: Option<&'d str>,
    /// The article's blocks after its heading line, up to the next article or section.
    pub blocks: &'d [Block],
}

impl Provision {
    /// The label printed before the text: `1.`, `(a)`, `(i)`, or nothing.
    pub fn label(&self) -> String {
        match &self.kind {
            ProvisionKind::Paragraph { number } => format!("{number}."),
            ProvisionKind::Subparagraph { letter } => format!("({letter})"),
            ProvisionKind::SubSubparagraph { numeral } => format!("({numeral})"),
            ProvisionKind::Definition { .. }
            | ProvisionKind::Unnumbered
            | ProvisionKind::Continuation => String::new(),
        }
    }

    /// The provision's line as it stands in the layout: label, one space, text.
    pub fn render(&self) -> String {
        let label = self.label();
        if label.is_empty() {
            self.text.clone()
        } else {
            format!("{label} {}", self.text)
        }
    }

    /// How deep the provision sits below its article: 0 for paragraphs and definitions'
    /// lead-in, 1 for subparagraphs and definitions, 2 for sub-subparagraphs.
    pub fn depth(&self) -> usize {
        match self.kind {
            ProvisionKind::Paragraph { .. } | ProvisionKind::Unnumbered => 0,
            ProvisionKind::Subparagraph { .. }
            | ProvisionKind::Definition { .. }
            | ProvisionKind::Continuation => 1,
            ProvisionKind::SubSubparagraph { .. } => 2,
        }
    }

    /// A human name for the kind, as used in messages: `paragraph`, `subparagraph`, ...
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ProvisionKind::Paragraph { .. } => "paragraph",
            ProvisionKind::Unnumbered => "unnumbered paragraph",
            ProvisionKind::Subparagraph { .. } => "subparagraph",
            ProvisionKind::SubSubparagraph { .. } => "sub-subparagraph",
            ProvisionKind::Definition { .. } => "definition",
            ProvisionKind::Continuation => "continuation",
        }
    }
}

impl BlockContent {
    /// The block's line as it stands in the layout, without its line break.
    pub fn render(&self) -> String {
        match self {
            BlockContent::Heading { text } | BlockContent::Section { text } => text.clone(),
            BlockContent::Article(a) => format!("Article {}: {}", a.number, a.title),
            BlockContent::Provision(p) => p.render(),
            BlockContent::Footnote(f) => format!("[^{}]: {}", f.number, f.text),
        }
    }
}

impl Document {
    /// Renders the document back to the baseline layout. For a parsed document this is the
    /// parsed input, byte for byte.
    ///
    /// ```
    /// let text = redline::baseline::USMCA_CH19.text;
    /// let doc = redline::parse::parse(text).unwrap();
    /// assert_eq!(doc.render(), text);
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            out.push_str(&block.content.render());
            out.push_str(&block.separator);
        }
        out
    }

    /// The heading lines (`CHAPTER 19`, `DIGITAL TRADE`).
    pub fn heading(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Heading { text } => Some(text.as_str()),
            _ => None,
        })
    }

    /// The heading as one line: `CHAPTER 19: DIGITAL TRADE`.
    pub fn title(&self) -> String {
        self.heading().collect::<Vec<_>>().join(": ")
    }

    /// Every provision in document order.
    pub fn provisions(&self) -> impl Iterator<Item = &Provision> {
        self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Provision(p) => Some(p),
            _ => None,
        })
    }

    /// Every footnote in document order.
    pub fn footnotes(&self) -> impl Iterator<Item = &Footnote> {
        self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Footnote(f) => Some(f),
            _ => None,
        })
    }

    /// The articles in document order.
    pub fn articles(&self) -> Vec<Article<'_>> {
        let mut articles = Vec::new();
        let mut section = None;
        for (i, block) in self.blocks.iter().enumerate() {
            match &block.content {
                BlockContent::Section { text } => section = Some(text.as_str()),
                BlockContent::Article(_) => articles.extend(self.article_at(i, section)),
                _ => {}
            }
        }
        articles
    }

    /// The article whose heading is block `heading`, standing in `section`: its blocks run to
    /// the next article or section.
    fn article_at<'d>(&'d self, heading: usize, section: Option<&'d str>) -> Option<Article<'d>> {
        let BlockContent::Article(article) = &self.blocks[heading].content else {
            return None;
        };
        let end = self.blocks[heading + 1..]
            .iter()
            .position(|b| {
                matches!(
                    b.content,
                    BlockContent::Article(_) | BlockContent::Section { .. }
                )
            })
            .map_or(self.blocks.len(), |n| heading + 1 + n);
        Some(Article {
            heading: article,
            section,
            blocks: &self.blocks[heading + 1..end],
        })
    }

    /// The article numbered `number` (`19.15`).
    pub fn article(&self, number: &str) -> Option<Article<'_>> {
        self.articles()
            .into_iter()
            .find(|a| a.heading.number == number)
    }

    /// The provision with canonical id `id`; see [`crate::citation`] to resolve the other
    /// citation forms.
    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provisions().find(|p| p.id == id)
    }

    /// The footnote numbered `number`.
    pub fn footnote(&self, number: &str) -> Option<&Footnote> {
        self.footnotes().find(|f| f.number == number)
    }

    /// The chain of chapeaux governing `provision`, outermost first: for `19.14.1(a)(i)` that is
    /// `19.14.1` then `19.14.1(a)`.
    pub fn chapeaux(&self, provision: &Provision) -> Vec<&Provision> {
        chapeaux_by(provision.parent.as_deref(), |id| self.provision(id))
    }

    /// `provision` and every provision below it (its subparagraphs, their sub-subparagraphs,
    /// its continuation), in document order.
    pub fn subtree(&self, id: &str) -> Vec<&Provision> {
        let mut out = Vec::new();
        for p in self.provisions() {
            if p.id == id
                || out
                    .iter()
                    .any(|q: &&Provision| p.parent.as_deref() == Some(&q.id))
            {
                out.push(p);
            }
        }
        out
    }
}

impl<'d> Article<'d> {
    /// The article's provisions in order.
    pub fn provisions(&self) -> impl Iterator<Item = &'d Provision> + 'd {
        self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Provision(p) => Some(p),
            _ => None,
        })
    }

    /// The article's footnote blocks.
    pub fn footnotes(&self) -> impl Iterator<Item = &'d Footnote> + 'd {
        self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Footnote(f) => Some(f),
            _ => None,
        })
    }

    /// `Article 19.15: Cybersecurity`.
    pub fn display_heading(&self) -> String {
        format!("Article {}: {}", self.heading.number, self.heading.title)
    }
}

/// Provisions by id in constant time, for a pass over every provision of a long text (where
/// [`Document::provision`], a search, would make the pass quadratic).
#[derive(Debug)]
pub struct ProvisionIndex<'d> {
    by_id: FxHashMap<&'d str, &'d Provision>,
}

impl<'d> ProvisionIndex<'d> {
    pub fn new(doc: &'d Document) -> ProvisionIndex<'d> {
        let mut by_id = FxHashMap::default();
        for p in doc.provisions() {
            // The first of a repeated id, as `Document::provision` finds it.
            by_id.entry(p.id.as_str()).or_insert(p);
        }
        ProvisionIndex { by_id }
    }

    /// The provision with canonical id `id`.
    pub fn get(&self, id: &str) -> Option<&'d Provision> {
        self.by_id.get(id).copied()
    }

    /// [`Document::chapeaux`], by the index.
    pub fn chapeaux(&self, provision: &Provision) -> Vec<&'d Provision> {
        chapeaux_by(provision.parent.as_deref(), |id| self.get(id))
    }
}

/// The chapeaux above the provision whose parent is `parent`, outermost first, each found by
/// `lookup`.
fn chapeaux_by<'d>(
    parent: Option<&str>,
    lookup: impl Fn(&str) -> Option<&'d Provision>,
) -> Vec<&'d Provision> {
    let mut chain = Vec::new();
    let mut parent = parent.and_then(&lookup);
    while let Some(p) = parent {
        chain.push(p);
        parent = p.parent.as_deref().and_then(&lookup);
    }
    chain.reverse();
    chain
}

/// Finds a document's articles, provisions and footnotes by number and id: a [`Document`]
/// searches its blocks, an [`Indexed`] document looks them up in its [`Positions`].
pub trait Find<'d> {
    /// The document searched.
    fn document(&self) -> &'d Document;
    /// The article numbered `number` (`19.15`).
    fn article(&self, number: &str) -> Option<Article<'d>>;
    /// The provision with canonical id `id`.
    fn provision(&self, id: &str) -> Option<&'d Provision>;
    /// The footnote numbered `number`.
    fn footnote(&self, number: &str) -> Option<&'d Footnote>;
    /// The length of the longest article number, in bytes: no longer start of a citation
    /// need be looked up.
    fn longest_article_number(&self) -> usize;
}

impl<'d> Find<'d> for &'d Document {
    fn document(&self) -> &'d Document {
        self
    }

    fn article(&self, number: &str) -> Option<Article<'d>> {
        Document::article(self, number)
    }

    fn provision(&self, id: &str) -> Option<&'d Provision> {
        Document::provision(self, id)
    }

    fn footnote(&self, number: &str) -> Option<&'d Footnote> {
        Document::footnote(self, number)
    }

    fn longest_article_number(&self) -> usize {
        let numbers = self.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Article(a) => Some(a.number.len()),
            _ => None,
        });
        numbers.max().unwrap_or(0)
    }
}

/// Where the article headings, provisions and footnotes of a document stand among its blocks,
/// by number and id, for many lookups in a long text (where each search of the document would
/// make the whole quadratic). It holds positions, not references, so it can stay beside a
/// document that changes: [`Positions::replaced`] brings it up to date after blocks were
/// replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    /// Ordered, for the numbers that begin with another (`19.1` and `19.1.5`).
    articles: BTreeMap<String, usize>,
    /// How many of the article numbers have each length: the longest is as long as a
    /// citation's article part can be, and it must stay right when that article is removed.
    article_lengths: BTreeMap<usize, usize>,
    provisions: FxHashMap<String, usize>,
    footnotes: FxHashMap<String, usize>,
    /// The section headings, in order: an article stands in the last one before it.
    sections: Vec<usize>,
    /// Whether a number or id stands twice: then only a search of the blocks knows which is
    /// first once blocks are replaced.
    repeated: bool,
}

/// A document with the positions of its articles, provisions and footnotes.
#[derive(Debug, Clone, Copy)]
pub struct Indexed<'d> {
    doc: &'d Document,
    positions: &'d Positions,
}

impl<'d> Indexed<'d> {
    /// `doc` looked up through `positions`, which must be [`Positions::new`] of `doc` or kept
    /// up to date with every change to it since (as applying a proposal keeps them): positions
    /// of another document find the wrong blocks.
    pub fn new(doc: &'d Document, positions: &'d Positions) -> Indexed<'d> {
        Indexed { doc, positions }
    }
}

impl<'d> Find<'d> for Indexed<'d> {
    fn document(&self) -> &'d Document {
        self.doc
    }

    fn article(&self, number: &str) -> Option<Article<'d>> {
        let at = self.positions.article(number)?;
        let section = self.positions.section_before(at).map(|i| {
            let BlockContent::Section { text } = &self.doc.blocks[i].content else {
                unreachable!("a section position holds a section heading")
            };
            text.as_str()
        });
        self.doc.article_at(at, section)
    }

    fn provision(&self, id: &str) -> Option<&'d Provision> {
        match &self.doc.blocks[self.positions.provision(id)?].content {
            BlockContent::Provision(p) => Some(p),
            _ => None,
        }
    }

    fn footnote(&self, number: &str) -> Option<&'d Footnote> {
        match &self.doc.blocks[self.positions.footnote(number)?].content {
            BlockContent::Footnote(n) => Some(n),
            _ => None,
        }
    }

    fn longest_article_number(&self) -> usize {
        self.positions
            .article_lengths
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
    }
}

impl Positions {
    pub fn new(doc: &Document) -> Self {
        let mut positions = Positions::default();
        for (i, block) in doc.blocks.iter().enumerate() {
            positions.add(block, i);
            if matches!(block.content, BlockContent::Section { .. }) {
                positions.sections.push(i);
            }
        }
        positions
    }

    /// Records `block` at position `at`; the first of a repeated number or id is kept, as the
    /// searches of [`Document`] find it.
    fn add(&mut self, block: &Block, at: usize) {
        let (map, key) = match &block.content {
            BlockContent::Article(a) => {
                let added = self.articles.entry(a.number.clone()).or_insert(at);
                if *added == at {
                    *self.article_lengths.entry(a.number.len()).or_default() += 1;
                }
                self.repeated |= *added != at;
                return;
            }
            BlockContent::Provision(p) => (&mut self.provisions, &p.id),
            BlockContent::Footnote(n) => (&mut self.footnotes, &n.number),
            BlockContent::Heading { .. } | BlockContent::Section { .. } => return,
        };
        let added = map.entry(key.clone()).or_insert(at);
        self.repeated |= *added != at;
    }

    /// Forgets `block`, which stood at position `at`.
    fn remove(&mut self, block: &Block, at: usize) {
        let (map, key) = match &block.content {
            BlockContent::Article(a) => {
                if self.articles.get(&a.number) == Some(&at) {
                    self.articles.remove(&a.number);
                    let length = a.number.len();
                    let count = self.article_lengths.entry(length).or_default();
                    *count -= 1;
                    if *count == 0 {
                        self.article_lengths.remove(&length);
                    }
                }
                return;
            }
            BlockContent::Provision(p) => (&mut self.provisions, &p.id),
            BlockContent::Footnote(n) => (&mut self.footnotes, &n.number),
            BlockContent::Heading { .. } | BlockContent::Section { .. } => return,
        };
        if map.get(key) == Some(&at) {
            map.remove(key);
        }
    }

    /// The block of the heading of the article numbered `number`.
    pub fn article(&self, number: &str) -> Option<usize> {
        self.articles.get(number).copied()
    }

    /// The block of the provision with canonical id `id`.
    pub fn provision(&self, id: &str) -> Option<usize> {
        self.provisions.get(id).copied()
    }

    /// The block of the footnote numbered `number`.
    pub fn footnote(&self, number: &str) -> Option<usize> {
        self.footnotes.get(number).copied()
    }

    /// The articles whose number begins with `prefix`, with their heading's block, in the order
    /// of their numbers.
    pub fn articles_beginning<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, usize)> + 'a {
        self.articles
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(number, _)| number.starts_with(prefix))
            .map(|(number, &at)| (number.as_str(), at))
    }

    /// The last section heading before block `at`.
    fn section_before(&self, at: usize) -> Option<usize> {
        let before = self.sections.partition_point(|&s| s < at);
        before.checked_sub(1).map(|i| self.sections[i])
    }

    /// Brings the positions up to date with `doc`, whose blocks `added` replaced `removed`:
    /// those blocks are forgotten, the blocks after them move by the difference, and the new
    /// ones are recorded.
    pub fn replaced(&mut self, doc: &Document, added: Range<usize>, removed: &[Block]) {
        let old_end = added.start + removed.len();
        for (at, block) in (added.start..old_end).zip(removed) {
            self.remove(block, at);
        }
        self.sections
            .retain(|at| !(added.start..old_end).contains(at));
        if added.end != old_end {
            let moved = |at: &mut usize| {
                if *at >= old_end {
                    *at = *at + added.end - old_end;
                }
            };
            self.articles.values_mut().for_each(moved);
            self.provisions.values_mut().for_each(moved);
            self.footnotes.values_mut().for_each(moved);
            self.sections.iter_mut().for_each(moved);
        }
        for (at, block) in added.clone().zip(&doc.blocks[added]) {
            self.add(block, at);
            if matches!(block.content, BlockContent::Section { .. }) {
                let before = self.sections.partition_point(|&s| s < at);
                self.sections.insert(before, at);
            }
        }
        if self.repeated {
            // Which of a repeated number or id comes first only the whole text says.
            *self = Positions::new(doc);
        }
    }
}
