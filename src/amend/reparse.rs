//! Parsing an amended text again, only where the amendment changed it.
//!
//! After every amendment the text must read as if it had been written afresh and parsed whole:
//! ids, eIds, parents, line numbers, footnote links and every check of the layout. Parsing the
//! whole text after each amendment did that, at the cost of the whole text per amendment. The
//! parser's state is reset at every article heading, so the articles an amendment touches can
//! be parsed alone, and the rest kept, when nothing else can differ:
//!
//! - the text outside the articles keeps its blank lines (an insertion or a deletion settles
//!   them everywhere, so a text whose other blocks are not yet settled is parsed whole);
//! - no article number of the parsed articles (before or after the amendment) equals another
//!   article's, or begins another's followed by a dot: ids start with their article's number,
//!   so only then could an id of the articles collide with one outside them, or name the
//!   lead-in a definitions article outside them looks for (`19.1.5` is both the fifth
//!   paragraph of Article 19.1 and the lead-in of an Article 19.1.5);
//! - no footnote number is defined both inside and outside the articles, and every footnote
//!   whose markers or definition the amendment touched is still cited and defined;
//! - the change stands in an article (or opens one), and the articles parsed end where the
//!   parser's state ends anyway: at an article or section heading, or at the end of the text,
//!   with a line break before what follows;
//! - the articles parse.
//!
//! Otherwise the whole text is parsed, which also gives any error exactly as before. The
//! blocks after the articles move by the lines the amendment added or removed, and the
//! footnotes the amendment cited or uncited are linked again.
//!
//! This holds for a document as [`parse`](fn@crate::parse::parse) returns it (or as an earlier
//! amendment left it): its blocks outside the articles are what a parse of its text gives.

use std::ops::Range;

use crate::document::{Block, BlockContent, Document, Positions, Provision};
use crate::parse::{self, ParseError, Resume};

/// Blocks of the current text an amendment replaces, and the blocks that replace them as the
/// amendment wrote them (the parser settles their ids, eIds and lines).
#[derive(Debug, Clone, Default)]
pub(super) struct Splice {
    pub range: Range<usize>,
    pub blocks: Vec<Block>,
    /// Whether the amendment inserts or removes blocks: then the blank lines of the whole text
    /// are settled ([`settle_separators`]), as a text written afresh has them.
    pub settles_separators: bool,
}

/// The amended text as parsed: the blocks of the current document to replace, and with what.
pub(super) struct Reparsed {
    /// The current blocks replaced (whole articles, or every block).
    range: Range<usize>,
    blocks: Vec<Block>,
    /// Lines added (or, negative, removed) before the blocks after `range`.
    line_shift: isize,
    /// Footnotes (their numbers) whose citing provisions may have changed.
    relink: Vec<String>,
}

/// The amended text does not parse: the error, and the line it names.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unparsable {
    pub error: ParseError,
    pub line: String,
}

/// Parses the text `splice` makes of `doc` (its blocks at `positions`): the articles it touches
/// when that gives what a parse of the whole text gives, else the whole text.
pub(super) fn reparse(
    doc: &Document,
    positions: &Positions,
    splice: Splice,
) -> Result<Reparsed, Unparsable> {
    match articles(doc, positions, &splice) {
        Some(reparsed) => Ok(reparsed),
        None => whole(doc, splice),
    }
}

/// Parses the whole text `splice` makes of `doc`.
fn whole(doc: &Document, splice: Splice) -> Result<Reparsed, Unparsable> {
    let final_separator = ending(doc).to_string();
    let mut blocks = Vec::with_capacity(doc.blocks.len() + splice.blocks.len());
    blocks.extend_from_slice(&doc.blocks[..splice.range.start]);
    blocks.extend(splice.blocks);
    blocks.extend_from_slice(&doc.blocks[splice.range.end..]);
    if splice.settles_separators {
        settle_separators(&mut blocks, Some(&final_separator));
    }
    let text = Document { blocks }.render();
    let parsed = parse::parse(&text).map_err(|error| Unparsable {
        line: text
            .lines()
            .nth(error.line - 1)
            .unwrap_or_default()
            .to_string(),
        error,
    })?;
    Ok(Reparsed {
        range: 0..doc.blocks.len(),
        blocks: parsed.blocks,
        line_shift: 0,
        relink: Vec::new(),
    })
}

/// Parses only the articles `splice` touches, or `None` where that might not give what a
/// parse of the whole text gives.
fn articles(doc: &Document, positions: &Positions, splice: &Splice) -> Option<Reparsed> {
    let blocks = &doc.blocks;
    let changed = &splice.range;
    let opens_article = splice
        .blocks
        .first()
        .is_some_and(|b| matches!(b.content, BlockContent::Article(_)));
    // From the heading of the article the change stands in (or of the one before a new
    // article), to the next article or section.
    let start = match blocks[..changed.start].iter().rposition(is_structure) {
        Some(i) if matches!(blocks[i].content, BlockContent::Article(_)) => i,
        _ if opens_article => changed.start,
        _ => return None,
    };
    let end = blocks[changed.end..]
        .iter()
        .position(is_structure)
        .map_or(blocks.len(), |n| changed.end + n);
    if blocks
        .get(end)
        .is_some_and(|b| matches!(b.content, BlockContent::Heading { .. }))
    {
        return None;
    }
    let at_end = end == blocks.len();
    let mut region: Vec<Block> = Vec::with_capacity(end - start + splice.blocks.len());
    region.extend_from_slice(&blocks[start..changed.start]);
    region.extend_from_slice(&splice.blocks);
    region.extend_from_slice(&blocks[changed.end..end]);
    if splice.settles_separators {
        // The last block of the text, if after the articles, keeps its ending.
        let outside_settled = blocks[..start].iter().all(is_settled)
            && blocks[end..]
                .split_last()
                .is_none_or(|(_, rest)| rest.iter().all(is_settled));
        if !outside_settled {
            return None;
        }
        settle_separators(&mut region, at_end.then(|| ending(doc)));
    }
    let text = Document { blocks: region }.render();
    if !at_end && !text.ends_with('\n') {
        return None;
    }
    let first_line = match start.checked_sub(1) {
        Some(before) => blocks[before].line + newlines(&blocks[before].separator),
        None => 1,
    };
    let resume = Resume {
        first_line,
        blocks_before: start,
        past_headings: blocks[..start]
            .iter()
            .any(|b| !matches!(b.content, BlockContent::Heading { .. })),
    };
    let parsed = parse::parse_articles(&text, &resume).ok()?;
    let outside = || blocks[..start].iter().chain(&blocks[end..]);
    let inside: Vec<&str> = article_numbers(&blocks[start..end])
        .chain(article_numbers(&parsed))
        .collect();
    let numbers_apart = article_numbers_apart(&inside, positions, start..end);
    if !numbers_apart || !footnotes_apart(&parsed, outside()) {
        return None;
    }
    let relink = footnotes_touched(&blocks[start..end], &parsed);
    if !footnotes_hold(&relink, &parsed, outside()) {
        return None;
    }
    let line_shift = match blocks.get(end) {
        Some(next) => (first_line + newlines(&text)) as isize - next.line as isize,
        None => 0,
    };
    Some(Reparsed {
        range: start..end,
        blocks: parsed,
        line_shift,
        relink,
    })
}

impl Reparsed {
    /// The provisions of the amended text, in order.
    pub(super) fn provisions<'a>(
        &'a self,
        doc: &'a Document,
    ) -> impl Iterator<Item = &'a Provision> {
        doc.blocks[..self.range.start]
            .iter()
            .chain(&self.blocks)
            .chain(&doc.blocks[self.range.end..])
            .filter_map(provision)
    }

    /// The provisions of the blocks parsed again.
    pub(super) fn new_provisions(&self) -> impl Iterator<Item = &Provision> {
        self.blocks.iter().filter_map(provision)
    }

    /// The provisions of `doc` those blocks replace.
    pub(super) fn old_provisions<'a>(
        &self,
        doc: &'a Document,
    ) -> impl Iterator<Item = &'a Provision> {
        doc.blocks[self.range.clone()].iter().filter_map(provision)
    }

    /// Makes `doc` the amended text, and `positions` its positions; returns the blocks
    /// replaced.
    pub(super) fn apply_to(self, doc: &mut Document, positions: &mut Positions) -> Vec<Block> {
        let new_range = self.range.start..self.range.start + self.blocks.len();
        let replaced: Vec<Block> = doc.blocks.splice(self.range, self.blocks).collect();
        positions.replaced(doc, new_range.clone(), &replaced);
        if self.line_shift != 0 {
            for block in &mut doc.blocks[new_range.end..] {
                block.line = block
                    .line
                    .checked_add_signed(self.line_shift)
                    .expect("a block after the change keeps a line");
            }
        }
        for number in &self.relink {
            // A provision citing the footnote twice is listed twice, as the parser lists it.
            let cited_in: Vec<String> = doc
                .provisions()
                .flat_map(|p| {
                    p.footnotes
                        .iter()
                        .filter(|n| *n == number)
                        .map(|_| p.id.clone())
                })
                .collect();
            for block in &mut doc.blocks {
                if let BlockContent::Footnote(f) = &mut block.content {
                    if &f.number == number {
                        f.cited_in = cited_in.clone();
                    }
                }
            }
        }
        replaced
    }
}

/// Settles the blank lines between `blocks` as a text written afresh has them: one blank line
/// after every block but a heading line, and, when the blocks end the text, `ending` (the
/// file's own) after the last.
fn settle_separators(blocks: &mut [Block], ending: Option<&str>) {
    let body = match (ending, blocks.split_last_mut()) {
        (Some(ending), Some((last, rest))) => {
            last.separator = ending.to_string();
            rest
        }
        _ => blocks,
    };
    for block in body.iter_mut().filter(|b| !is_settled(b)) {
        block.separator = "\n\n".to_string();
    }
}

/// Whether [`settle_separators`] leaves the block, not last, as it is.
fn is_settled(block: &Block) -> bool {
    matches!(block.content, BlockContent::Heading { .. }) || block.separator.contains("\n\n")
}

/// What follows the last block of the text.
fn ending(doc: &Document) -> &str {
    doc.blocks.last().map_or("", |b| b.separator.as_str())
}

/// A block where the parser's state inside an article ends: an article or section heading,
/// or a line of the document heading.
fn is_structure(block: &Block) -> bool {
    !matches!(
        block.content,
        BlockContent::Provision(_) | BlockContent::Footnote(_)
    )
}

fn provision(block: &Block) -> Option<&Provision> {
    match &block.content {
        BlockContent::Provision(p) => Some(p),
        _ => None,
    }
}

fn newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

fn article_numbers(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks.iter().filter_map(|b| match &b.content {
        BlockContent::Article(a) => Some(a.number.as_str()),
        _ => None,
    })
}

/// Whether no article outside the blocks `region` (their headings at `positions`) has a number
/// of `inside`, or a number one of them begins followed by a dot (`19.1` and `19.1.5`).
fn article_numbers_apart(inside: &[&str], positions: &Positions, region: Range<usize>) -> bool {
    let outside = |at: usize| !region.contains(&at);
    inside.iter().all(|number| {
        let same = positions.article(number).is_some_and(outside);
        let longer = positions
            .articles_beginning(&format!("{number}."))
            .any(|(_, at)| outside(at));
        let shorter = number
            .match_indices('.')
            .filter_map(|(dot, _)| positions.article(&number[..dot]))
            .any(outside);
        !(same || longer || shorter)
    })
}

fn footnote_numbers(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks.iter().filter_map(|b| match &b.content {
        BlockContent::Footnote(f) => Some(f.number.as_str()),
        _ => None,
    })
}

fn cited_numbers(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks
        .iter()
        .flat_map(|b| match &b.content {
            BlockContent::Provision(p) => p.footnotes.as_slice(),
            _ => &[],
        })
        .map(String::as_str)
}

/// Whether no footnote defined in `inside` is also defined in `outside`.
fn footnotes_apart<'b>(inside: &[Block], outside: impl Iterator<Item = &'b Block>) -> bool {
    let mut inside = footnote_numbers(inside).peekable();
    if inside.peek().is_none() {
        return true;
    }
    let inside: Vec<&str> = inside.collect();
    outside.into_iter().all(|b| match &b.content {
        BlockContent::Footnote(f) => !inside.contains(&f.number.as_str()),
        _ => true,
    })
}

/// The footnotes cited or defined in the articles, before or after the amendment.
fn footnotes_touched(before: &[Block], after: &[Block]) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::new();
    for number in footnote_numbers(before)
        .chain(cited_numbers(before))
        .chain(footnote_numbers(after))
        .chain(cited_numbers(after))
    {
        if !numbers.iter().any(|n| n == number) {
            numbers.push(number.to_string());
        }
    }
    numbers
}

/// Whether each of `numbers` is, in the amended text, either defined and cited, or neither
/// (a footnote deleted with the provisions citing it).
fn footnotes_hold<'b>(
    numbers: &[String],
    inside: &[Block],
    outside: impl Iterator<Item = &'b Block> + Clone,
) -> bool {
    numbers.iter().all(|number| {
        let defined = footnote_numbers(inside).any(|n| n == number)
            || outside
                .clone()
                .any(|b| matches!(&b.content, BlockContent::Footnote(f) if &f.number == number));
        let cited = cited_numbers(inside).any(|n| n == number)
            || outside.clone().any(|b| {
                matches!(&b.content, BlockContent::Provision(p) if p.footnotes.contains(number))
            });
        defined == cited
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::{USMCA_ANNEX_12C, USMCA_CH19};
    use crate::document::{ArticleHeading, Footnote, ProvisionKind};
    use proptest::prelude::*;

    /// A small text with what the baselines lack: sections, a footnote defined in another
    /// article than the one citing it, one cited from two articles, an article number that
    /// extends another's, single line breaks between blocks, no line break at the end.
    const SMALL: &str = "CHAPTER 1\nTEST\n\nSection A: First\n\nArticle 1.1: Definitions\n\n\
        For the purposes of this Chapter:\n\ndata means information[^1];\n\n\
        covered person means:\n\n(a) a person; or\n\n(b) another,\n\n\
        but does not include a third.\n\nArticle 1.2: Scope\n1. Each Party shall act.[^2]\n\
        (a) first;\n\n(b) second.\n\n[^1]: Note one.\n\nSection B: Second\n\n\
        Article 1.2.3: Deep\n\n1. The Parties shall cooperate[^2].\n\n\
        [^2]: Note two, cited in two articles.";

    fn document(text: usize) -> Document {
        let text = [USMCA_CH19.text, USMCA_ANNEX_12C.text, SMALL][text];
        parse::parse(text).expect("the test texts parse")
    }

    /// Lines an amendment might write, the awkward ones included.
    const LINES: [&str; 17] = [
        "Each Party shall cooperate.",
        "(a) a new item;",
        "(c) a later item.",
        "(i) a numeral;",
        "3. A new paragraph.",
        "1. A first paragraph.",
        "term means a thing;",
        "with a new marker[^2].",
        "with a marker of no footnote[^99].",
        "Article 1.9: A heading in a provision",
        "Section C: A section in a provision",
        "",
        " indented",
        "two lines\n\n(b) in one",
        "saved on Windows\r\n\r\n(b) with a lone\r in it",
        "[^1]: a footnote line",
        "but does not include anything.",
    ];
    const SEPARATORS: [&str; 4] = ["\n\n", "\n", "\n\n\n", ""];
    const NUMBERS: [&str; 5] = ["1.1", "1.9", "19.15", "19.15A", "1.2.3"];

    #[derive(Debug, Clone)]
    enum NewBlock {
        /// A copy of the block at this index (mod the length).
        Copy(usize),
        Provision(usize),
        Article(usize),
        Footnote(usize, usize),
    }

    fn new_block() -> impl Strategy<Value = (NewBlock, usize)> {
        let block = prop_oneof![
            any::<usize>().prop_map(NewBlock::Copy),
            (0..LINES.len()).prop_map(NewBlock::Provision),
            (0..NUMBERS.len()).prop_map(NewBlock::Article),
            ((0..3usize), (0..LINES.len())).prop_map(|(n, l)| NewBlock::Footnote(n, l)),
        ];
        (block, 0..SEPARATORS.len())
    }

    fn splice(
        doc: &Document,
        at: usize,
        len: usize,
        new: &[(NewBlock, usize)],
        settles: bool,
    ) -> Splice {
        let start = at % (doc.blocks.len() + 1);
        let end = (start + len).min(doc.blocks.len());
        let blocks = new
            .iter()
            .map(|(block, separator)| {
                let content = match block {
                    NewBlock::Copy(i) => doc.blocks[i % doc.blocks.len()].content.clone(),
                    NewBlock::Provision(l) => BlockContent::Provision(Provision {
                        id: String::new(),
                        eid: String::new(),
                        article: String::new(),
                        kind: ProvisionKind::Unnumbered,
                        text: LINES[*l].to_string(),
                        parent: None,
                        footnotes: Vec::new(),
                    }),
                    NewBlock::Article(n) => BlockContent::Article(ArticleHeading {
                        number: NUMBERS[*n].to_string(),
                        title: "New".to_string(),
                        eid: String::new(),
                    }),
                    NewBlock::Footnote(n, l) => BlockContent::Footnote(Footnote {
                        number: ["1", "2", "7"][*n].to_string(),
                        id: String::new(),
                        eid: String::new(),
                        text: LINES[*l].to_string(),
                        cited_in: Vec::new(),
                    }),
                };
                Block {
                    line: 0,
                    content,
                    separator: SEPARATORS[*separator].to_string(),
                }
            })
            .collect();
        Splice {
            range: start..end,
            blocks,
            settles_separators: settles,
        }
    }

    /// `doc` amended, after its positions are checked to be those of the amended text.
    fn applied(doc: &Document, reparsed: Reparsed) -> Document {
        let mut doc = doc.clone();
        let mut positions = Positions::new(&doc);
        reparsed.apply_to(&mut doc, &mut positions);
        assert_eq!(positions, Positions::new(&doc), "positions kept up to date");
        doc
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Parsing only the articles a change touches gives exactly what parsing the whole
        /// text gives, the refusals included, change after change.
        #[test]
        fn reparsing_articles_is_reparsing_the_whole_text(
            text in 0..3usize,
            changes in proptest::collection::vec(
                (any::<usize>(), 0..3usize, proptest::collection::vec(new_block(), 0..4), any::<bool>()),
                1..4,
            ),
        ) {
            let mut doc = document(text);
            for (at, len, new, settles) in &changes {
                let splice = splice(&doc, *at, *len, new, *settles);
                let expected = whole(&doc, splice.clone());
                let got = reparse(&doc, &Positions::new(&doc), splice);
                match (got, expected) {
                    (Ok(got), Ok(expected)) => {
                        let expected = applied(&doc, expected);
                        prop_assert_eq!(&applied(&doc, got), &expected);
                        doc = expected;
                    }
                    (got, expected) => prop_assert_eq!(got.err(), expected.err()),
                }
            }
        }
    }

    /// The changes the shipped proposals make are parsed article by article.
    #[test]
    fn ordinary_changes_parse_only_their_articles() {
        let doc = document(0);
        let index = |id: &str| {
            doc.blocks
                .iter()
                .position(|b| matches!(&b.content, BlockContent::Provision(p) if p.id == id))
                .unwrap()
        };
        let edit = index("19.15.2");
        let mut edited = doc.blocks[edit].clone();
        if let BlockContent::Provision(p) = &mut edited.content {
            p.text.push_str(" For greater certainty, nothing here.");
        }
        let end = doc.blocks.len();
        let last_article = doc
            .blocks
            .iter()
            .rposition(|b| matches!(b.content, BlockContent::Article(_)))
            .unwrap();
        let splices = [
            Splice {
                range: edit..edit + 1,
                blocks: vec![edited],
                settles_separators: false,
            },
            Splice {
                range: edit..edit + 1,
                blocks: Vec::new(),
                settles_separators: true,
            },
            splice(
                &doc,
                end,
                0,
                &[(NewBlock::Article(1), 0), (NewBlock::Provision(4), 0)],
                true,
            ),
            splice(
                &doc,
                last_article,
                0,
                &[(NewBlock::Article(3), 0), (NewBlock::Provision(4), 0)],
                true,
            ),
        ];
        for splice in splices {
            let reparsed =
                articles(&doc, &Positions::new(&doc), &splice).expect("parsed by articles");
            assert_parsed_alone(&reparsed, doc.blocks.len());
            let whole = whole(&doc, splice).unwrap();
            assert_eq!(applied(&doc, reparsed), applied(&doc, whole));
        }
    }

    fn assert_parsed_alone(reparsed: &Reparsed, blocks: usize) {
        assert!(
            reparsed.range.len() < blocks / 4,
            "{:?} of {blocks} blocks",
            reparsed.range
        );
    }
}
