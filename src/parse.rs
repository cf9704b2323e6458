//! Parsing the baseline layout (`texts/FORMAT.md`) into a [`Document`].
//!
//! The layout is line based: every block is one line, blocks are separated by blank lines, and
//! a block's label (`1.`, `(a)`, `[^1]:`, `term means`) says what it is. The parser is strict
//! about structure, so a malformed text is refused with the line, the column and what was
//! expected there, and lossless about bytes, so `parse(text)?.render() == text`, once Windows
//! line endings are read as the line feeds they stand for ([`with_lf_line_ends`]): a text saved
//! with CRLF is the same text as its LF twin.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use rustc_hash::FxHashMap;

use crate::document::{
    ArticleHeading, Block, BlockContent, Document, Footnote, Provision, ProvisionKind,
};

/// A text that does not follow the baseline layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the offending block.
    pub line: usize,
    /// 1-based column (in characters) where the problem starts.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it: what the layout expects there.
    pub help: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}\n  help: {}",
            self.line, self.column, self.message, self.help
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a text in the baseline layout.
///
/// ```
/// let doc = redline::parse::parse(
///     "CHAPTER 1\nTEST\n\nArticle 1.1: Scope\n\n1. Each Party shall:\n\n(a) act.\n",
/// )
/// .unwrap();
/// let ids: Vec<_> = doc.provisions().map(|p| p.id.as_str()).collect();
/// assert_eq!(ids, ["1.1.1", "1.1.1(a)"]);
/// ```
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let text = with_lf_line_ends(text);
    let mut parser = Parser::default();
    for line in split_lines(&text)? {
        parser.push(line)?;
    }
    parser.finish()
}

/// `text` with every CRLF line ending read as LF. The line ending is how the file was saved,
/// not part of the text: parsing and comparing work on this, so a file saved on Windows gives
/// the same document and the same redline as its LF twin (a carriage return inside a line is
/// kept, and shown or refused where it stands).
///
/// ```
/// assert_eq!(redline::parse::with_lf_line_ends("a\r\n\r\nb\r\n"), "a\n\nb\n");
/// assert_eq!(redline::parse::with_lf_line_ends("a\rb\n"), "a\rb\n");
/// ```
pub fn with_lf_line_ends(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Where a run of whole articles stands in a text: the line it starts on, and what comes
/// before it.
pub(crate) struct Resume {
    pub first_line: usize,
    /// Blocks before the articles.
    pub blocks_before: usize,
    /// Whether a block before them is not a line of the document heading.
    pub past_headings: bool,
}

/// Parses a run of whole articles (from an article heading up to the next article or section,
/// or the end) as [`parse`] parses them inside a text, where `at` says. The checks that look
/// across articles (repeated numbers, footnotes cited and defined, footnote links) are the
/// caller's.
pub(crate) fn parse_articles(text: &str, at: &Resume) -> Result<Vec<Block>, ParseError> {
    let mut parser = Parser {
        blocks_before: at.blocks_before,
        past_headings: at.past_headings,
        ..Parser::default()
    };
    let text = with_lf_line_ends(text);
    for mut line in split_lines(&text)? {
        line.number += at.first_line - 1;
        parser.push(line)?;
    }
    Ok(parser.blocks)
}

/// A non-blank line of the source and the blank text that follows it.
struct Line<'t> {
    number: usize,
    text: &'t str,
    separator: &'t str,
}

fn split_lines(text: &str) -> Result<Vec<Line<'_>>, ParseError> {
    if let Some(pos) = text.find('\r') {
        let (line, column) = line_column(text, pos);
        return Err(ParseError {
            line,
            column,
            message: "carriage return inside a line".into(),
            help: "a line ends with a line feed (LF or CRLF); delete the stray carriage return"
                .into(),
        });
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut leading_blank = true;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        if content.trim().is_empty() {
            if leading_blank {
                return Err(ParseError {
                    line: index + 1,
                    column: 1,
                    message: "the text starts with a blank line".into(),
                    help: "the first line must be the heading, e.g. `CHAPTER 19`".into(),
                });
            }
            let last = lines.last_mut().expect("a block precedes every blank line");
            let start = offset - last.separator.len();
            last.separator = &text[start..offset + raw.len()];
        } else {
            leading_blank = false;
            lines.push(Line {
                number: index + 1,
                text: content,
                separator: &raw[content.len()..],
            });
        }
        offset += raw.len();
    }
    Ok(lines)
}

fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where the parser stands inside the current article.
#[derive(Default)]
struct Parser {
    blocks: Vec<Block>,
    /// Number of the current article, once one has started.
    article: Option<String>,
    article_is_definitions: bool,
    /// Id of the provision that subparagraphs attach to (paragraph, unnumbered, definition).
    top: Option<String>,
    /// Id of the latest subparagraph, which sub-subparagraphs attach to.
    sub: Option<String>,
    /// Label of the latest subparagraph (to tell `(i)` the letter from `(i)` the numeral).
    sub_letter: Option<String>,
    /// Label of the latest sub-subparagraph.
    subsub_numeral: Option<String>,
    /// Whether the latest provision was a list item, so unlabelled text continues its owner.
    in_list: bool,
    seen_ids: FxHashMap<String, usize>,
    /// The line of each article heading so far, so a repeated number is found at once.
    article_lines: FxHashMap<String, usize>,
    /// Blocks before the text parsed (by [`parse_articles`]).
    blocks_before: usize,
    /// Whether a block other than a heading line has been read (a text outside any article
    /// may only be the heading lines before the first).
    past_headings: bool,
    footnote_lines: FxHashMap<String, usize>,
    /// Footnote numbers cited so far, with the line and column of the first citation.
    cited: Vec<(String, usize, usize)>,
}

impl Parser {
    fn push(&mut self, line: Line<'_>) -> Result<(), ParseError> {
        let err = |column: usize, message: String, help: &str| ParseError {
            line: line.number,
            column,
            message,
            help: help.to_string(),
        };
        if line.text.starts_with(char::is_whitespace) {
            return Err(err(
                1,
                "line starts with white space".into(),
                "blocks are not indented: remove the leading spaces or tabs",
            ));
        }
        let content = if let Some(heading) = parse_article_heading(line.text) {
            self.start_article(&heading, line.number)?;
            BlockContent::Article(heading)
        } else if looks_like_article_heading(line.text) {
            return Err(err(
                1,
                format!("malformed article heading `{}`", line.text),
                "an article heading reads `Article 19.15: Cybersecurity`: number, colon, space, title",
            ));
        } else if line.text.starts_with("Section ") && line.text.contains(':') {
            self.article = None;
            BlockContent::Section {
                text: line.text.to_string(),
            }
        } else if self.article.is_none() {
            if self.past_headings || self.blocks_before + self.blocks.len() >= 2 {
                return Err(err(
                    1,
                    "text outside any article".into(),
                    "start an article first with a line such as `Article 19.15: Cybersecurity`; only the two heading lines (`CHAPTER 19`, `DIGITAL TRADE`) come before the first article",
                ));
            }
            BlockContent::Heading {
                text: line.text.to_string(),
            }
        } else if let Some(rest) = line.text.strip_prefix("[^") {
            BlockContent::Footnote(self.footnote(rest, &line)?)
        } else {
            BlockContent::Provision(self.provision(&line)?)
        };
        self.past_headings |= !matches!(content, BlockContent::Heading { .. });
        self.blocks.push(Block {
            line: line.number,
            content,
            separator: line.separator.to_string(),
        });
        Ok(())
    }

    fn start_article(&mut self, heading: &ArticleHeading, line: usize) -> Result<(), ParseError> {
        if let Some(&first) = self.article_lines.get(&heading.number) {
            return Err(ParseError {
                line,
                column: 9,
                message: format!(
                    "Article {} appears twice (first at line {first})",
                    heading.number
                ),
                help: "every article number must be unique; renumber or remove one of them".into(),
            });
        }
        if self.blocks_before + self.blocks.len() == 0 {
            return Err(ParseError {
                line,
                column: 1,
                message: "the text has no heading".into(),
                help:
                    "start the text with its heading lines, e.g. `CHAPTER 19` then `DIGITAL TRADE`"
                        .into(),
            });
        }
        self.article_lines.insert(heading.number.clone(), line);
        self.article = Some(heading.number.clone());
        self.article_is_definitions = heading.title.eq_ignore_ascii_case("definitions");
        self.top = None;
        self.reset_list();
        Ok(())
    }

    fn reset_list(&mut self) {
        self.sub = None;
        self.sub_letter = None;
        self.subsub_numeral = None;
        self.in_list = false;
    }

    fn footnote(&mut self, rest: &str, line: &Line<'_>) -> Result<Footnote, ParseError> {
        let Some((number, text)) = rest.split_once("]: ") else {
            return Err(ParseError {
                line: line.number,
                column: 1,
                message: "malformed footnote".into(),
                help: "a footnote reads `[^1]: text`: the number, `]:`, one space, the text".into(),
            });
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ParseError {
                line: line.number,
                column: 3,
                message: format!("footnote number `{number}` is not a number"),
                help: "footnote numbers are digits, e.g. `[^3]: text`".into(),
            });
        }
        if let Some(first) = self.footnote_lines.insert(number.to_string(), line.number) {
            return Err(ParseError {
                line: line.number,
                column: 1,
                message: format!("footnote {number} is defined twice (first at line {first})"),
                help: "keep one `[^N]: ` block per footnote number".into(),
            });
        }
        Ok(Footnote {
            number: number.to_string(),
            id: format!("fn{number}"),
            eid: format!("fnote_{number}"),
            text: text.to_string(),
            cited_in: Vec::new(),
        })
    }

    fn provision(&mut self, line: &Line<'_>) -> Result<Provision, ParseError> {
        let article = self
            .article
            .clone()
            .expect("provisions are parsed inside articles");
        let (kind, text, text_column) = self.classify(line)?;
        if text.trim().is_empty() {
            return Err(ParseError {
                line: line.number,
                column: text_column,
                message: "provision has a label but no text".into(),
                help: "write the provision's words after its label, e.g. `(a) build the capabilities ...`".into(),
            });
        }
        let (id, eid, parent) = self.place(&article, &kind, line)?;
        if let Some(first) = self.seen_ids.insert(id.clone(), line.number) {
            return Err(ParseError {
                line: line.number,
                column: 1,
                message: format!("provision {id} appears twice (first at line {first})"),
                help: "labels must be unique within their paragraph or list; renumber one of them"
                    .into(),
            });
        }
        let footnotes = footnote_markers(text)
            .map(|(offset, number)| {
                let column = text_column + text[..offset].chars().count();
                self.cited.push((number.to_string(), line.number, column));
                number.to_string()
            })
            .collect();
        Ok(Provision {
            id,
            eid,
            article,
            kind,
            text: text.to_string(),
            parent,
            footnotes,
        })
    }

    /// Reads the label of a provision line: its kind, its text, and the column the text starts.
    fn classify<'l>(
        &self,
        line: &'l Line<'_>,
    ) -> Result<(ProvisionKind, &'l str, usize), ParseError> {
        let text = line.text;
        if let Some((number, rest)) = paragraph_label(text) {
            let rest = rest.strip_prefix(' ').ok_or_else(|| ParseError {
                line: line.number,
                column: number.len() + 2,
                message: format!("expected one space after the paragraph number `{number}.`"),
                help: "a paragraph reads `1. The Parties ...`".into(),
            })?;
            let column = number.chars().count() + 3;
            return Ok((
                ProvisionKind::Paragraph {
                    number: number.into(),
                },
                rest,
                column,
            ));
        }
        if let Some((label, rest)) = point_label(text) {
            let rest = rest.strip_prefix(' ').ok_or_else(|| ParseError {
                line: line.number,
                column: label.len() + 3,
                message: format!("expected one space after the label `({label})`"),
                help: "a subparagraph reads `(a) build the capabilities ...`".into(),
            })?;
            let column = label.chars().count() + 4;
            let kind = if self.is_subsub(label) {
                ProvisionKind::SubSubparagraph {
                    numeral: label.into(),
                }
            } else {
                ProvisionKind::Subparagraph {
                    letter: label.into(),
                }
            };
            return Ok((kind, rest, column));
        }
        if self.in_list {
            return Ok((ProvisionKind::Continuation, text, 1));
        }
        if self.article_is_definitions && self.top.is_some() {
            let Some(term) = definition_term(text) else {
                return Err(ParseError {
                    line: line.number,
                    column: 1,
                    message: "unlabelled text in a definitions article is not a definition".into(),
                    help: "a definition reads `term means ...`; a list item starts `(a) `".into(),
                });
            };
            return Ok((ProvisionKind::Definition { term: term.into() }, text, 1));
        }
        if self.top.is_some() {
            return Err(ParseError {
                line: line.number,
                column: 1,
                message: "unlabelled text after a paragraph that has no list".into(),
                help: "number the paragraph (`2. ...`); unlabelled text may only open an article or continue a paragraph after its list of subparagraphs".into(),
            });
        }
        Ok((ProvisionKind::Unnumbered, text, 1))
    }

    /// A roman numeral label is a sub-subparagraph when it continues an open list of numerals
    /// or opens one under a subparagraph (except `(i)` right after `(h)`, which is a letter).
    fn is_subsub(&self, label: &str) -> bool {
        let Some(value) = roman_value(label) else {
            return false;
        };
        if self.sub.is_none() {
            return false;
        }
        let expected = self
            .subsub_numeral
            .as_deref()
            .and_then(roman_value)
            .map_or(1, |v| v + 1);
        if value == expected && self.subsub_numeral.is_some() {
            return true;
        }
        value == 1 && self.sub_letter.as_deref() != Some("h")
    }

    /// Works out the id, eId and parent of a provision and updates the list state.
    fn place(
        &mut self,
        article: &str,
        kind: &ProvisionKind,
        line: &Line<'_>,
    ) -> Result<(String, String, Option<String>), ParseError> {
        let art_eid = format!("art_{article}");
        let placed = match kind {
            ProvisionKind::Paragraph { number } => {
                self.reset_list();
                let id = format!("{article}.{number}");
                self.top = Some(id.clone());
                (id, format!("{art_eid}__para_{number}"), None)
            }
            ProvisionKind::Unnumbered => {
                self.reset_list();
                self.top = Some(article.to_string());
                (article.to_string(), format!("{art_eid}__para"), None)
            }
            ProvisionKind::Definition { term } => {
                self.reset_list();
                let slug = slug(term);
                let lead_in = self.top_level_parent();
                let id = format!("{article}/{slug}");
                self.top = Some(id.clone());
                (id, format!("{art_eid}__def_{slug}"), lead_in)
            }
            ProvisionKind::Subparagraph { letter } => {
                let parent = self.top.clone().ok_or_else(|| ParseError {
                    line: line.number,
                    column: 1,
                    message: format!("subparagraph ({letter}) has no paragraph above it"),
                    help: "a list item must follow the paragraph or lead-in it belongs to".into(),
                })?;
                let id = format!("{parent}({letter})");
                self.sub = Some(id.clone());
                self.sub_letter = Some(letter.clone());
                self.subsub_numeral = None;
                self.in_list = true;
                let eid = format!("{}__point_{letter}", eid_of(&parent, article));
                (id, eid, Some(parent))
            }
            ProvisionKind::SubSubparagraph { numeral } => {
                let parent = self.sub.clone().expect("is_subsub requires a subparagraph");
                let id = format!("{parent}({numeral})");
                self.subsub_numeral = Some(numeral.clone());
                self.in_list = true;
                let eid = format!("{}__point_{numeral}", eid_of(&parent, article));
                (id, eid, Some(parent))
            }
            ProvisionKind::Continuation => {
                let owner = self.top.clone().expect("a list implies its owner");
                self.reset_list();
                let eid = format!("{}__wrapup", eid_of(&owner, article));
                (format!("{owner}/wrapup"), eid, Some(owner))
            }
        };
        Ok(placed)
    }

    /// The article's lead-in (`For the purposes of this Chapter:`) that definitions hang from.
    fn top_level_parent(&self) -> Option<String> {
        let article = self.article.as_ref()?;
        self.seen_ids.contains_key(article).then(|| article.clone())
    }

    fn finish(mut self) -> Result<Document, ParseError> {
        if !self
            .blocks
            .iter()
            .any(|b| matches!(b.content, BlockContent::Article(_)))
        {
            return Err(ParseError {
                line: self.blocks.last().map_or(1, |b| b.line),
                column: 1,
                message: "the text has no article".into(),
                help: "a text holds at least one article: a line such as `Article 19.15: Cybersecurity` followed by its paragraphs".into(),
            });
        }
        let defined: HashSet<&String> = self.footnote_lines.keys().collect();
        if let Some((number, line, column)) = self.cited.iter().find(|(n, ..)| !defined.contains(n))
        {
            return Err(ParseError {
                line: *line,
                column: *column,
                message: format!("footnote [^{number}] is cited but never defined"),
                help: format!(
                    "add a block `[^{number}]: text` at the end of the article, or remove the marker"
                ),
            });
        }
        let cited: HashSet<&String> = self.cited.iter().map(|(n, ..)| n).collect();
        let mut uncited: Vec<_> = self
            .footnote_lines
            .iter()
            .filter(|(n, _)| !cited.contains(n))
            .collect();
        uncited.sort_by_key(|(_, line)| **line);
        if let Some((number, line)) = uncited.first() {
            return Err(ParseError {
                line: **line,
                column: 1,
                message: format!("footnote {number} is defined but never cited"),
                help: format!("cite it with the marker `[^{number}]` in the provision it annotates, or remove it"),
            });
        }
        self.link_footnotes();
        Ok(Document {
            blocks: self.blocks,
        })
    }

    fn link_footnotes(&mut self) {
        let mut cited_in: HashMap<String, Vec<String>> = HashMap::new();
        for block in &self.blocks {
            if let BlockContent::Provision(p) = &block.content {
                for number in &p.footnotes {
                    cited_in
                        .entry(number.clone())
                        .or_default()
                        .push(p.id.clone());
                }
            }
        }
        for block in &mut self.blocks {
            if let BlockContent::Footnote(f) = &mut block.content {
                f.cited_in = cited_in.remove(&f.number).unwrap_or_default();
            }
        }
    }
}

/// The eId of an already-placed provision, derived from its canonical id.
fn eid_of(id: &str, article: &str) -> String {
    let rest = &id[article.len()..];
    let mut eid = format!("art_{article}");
    let mut chars = rest;
    if let Some(after) = chars.strip_prefix('/') {
        let end = after.find(['(', '/']).unwrap_or(after.len());
        eid.push_str(&format!("__def_{}", &after[..end]));
        chars = &after[end..];
    } else if let Some(after) = chars.strip_prefix('.') {
        let end = after.find(['(', '/']).unwrap_or(after.len());
        eid.push_str(&format!("__para_{}", &after[..end]));
        chars = &after[end..];
    } else {
        eid.push_str("__para");
    }
    while let Some(after) = chars.strip_prefix('(') {
        let end = after.find(')').unwrap_or(after.len());
        eid.push_str(&format!("__point_{}", &after[..end]));
        chars = after.get(end + 1..).unwrap_or("");
    }
    eid
}

/// Whether `line` is an article heading of the layout (`Article 19.15: Cybersecurity`): a sign
/// that a text was meant to be in the layout.
pub fn is_article_heading(line: &str) -> bool {
    parse_article_heading(line).is_some()
}

fn parse_article_heading(text: &str) -> Option<ArticleHeading> {
    let rest = text.strip_prefix("Article ")?;
    let (number, title) = rest.split_once(": ")?;
    if !is_article_number(number) || title.trim().is_empty() {
        return None;
    }
    Some(ArticleHeading {
        number: number.to_string(),
        title: title.to_string(),
        eid: format!("art_{number}"),
    })
}

/// `Article 19.15 Cybersecurity`, `Article 19.15:Cybersecurity`: meant as a heading, but not one.
fn looks_like_article_heading(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("Article ") else {
        return false;
    };
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    is_article_number(number.trim_end_matches('.'))
        && text.len() < 120
        && !text.ends_with(['.', ';', ':', ','])
}

/// `19.15`, `12.C.2`, `1.5`: two or more dot-separated parts, digits or one capital letter.
/// A part after the first may also be digits and one capital letter (`19.15A`, `12.C.2B`),
/// the form an amending agreement gives an article inserted after Article 19.15 without
/// renumbering the ones that follow.
pub(crate) fn is_article_number(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let letter = |p: &str| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase());
    parts.len() >= 2
        && digits(parts[0])
        && parts[1..].iter().all(|p| {
            digits(p)
                || letter(p)
                || p.strip_suffix(|c: char| c.is_ascii_uppercase())
                    .is_some_and(digits)
        })
}

/// `12. text` gives `("12", " text")`; also `3bis.`.
pub(crate) fn paragraph_label(text: &str) -> Option<(&str, &str)> {
    let (number, rest) = split_paragraph_number(text)?;
    Some((number, rest.strip_prefix('.')?))
}

/// Splits a leading paragraph number (`12`, `3bis`, `3ter`, `3quater`) from the rest.
pub(crate) fn split_paragraph_number(text: &str) -> Option<(&str, &str)> {
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let end = ["bis", "ter", "quater"]
        .iter()
        .find(|suffix| text[digits..].starts_with(*suffix))
        .map_or(digits, |suffix| digits + suffix.len());
    Some(text.split_at(end))
}

/// `(a) text` gives `("a", " text")`.
pub(crate) fn point_label(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('(')?;
    let end = rest.find(')')?;
    let label = &rest[..end];
    let valid = !label.is_empty()
        && label.len() <= 8
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    valid.then(|| (label, &rest[end + 1..]))
}

/// The defined term of `term means ...` / `term means:`.
pub(crate) fn definition_term(text: &str) -> Option<&str> {
    let end = text.find(" means")?;
    let after = &text[end + " means".len()..];
    (after.starts_with(' ') || after.starts_with(':')).then(|| &text[..end])
}

/// The value of a lowercase roman numeral (`iv` is 4), or `None`.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    let values: Option<Vec<u32>> = s.chars().map(digit).collect();
    let values = values?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok()?;
    // Reject non-canonical spellings such as `iiii` or `vx`.
    (to_roman(total) == s).then_some(total)
}

pub(crate) fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 7] = [
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The slug of a defined term used in ids and anchors: `computing facility` gives
/// `computing-facility`.
pub fn slug(term: &str) -> String {
    let mut out = String::new();
    for word in term
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Footnote markers `[^N]` in a text: byte offset and number.
pub fn footnote_markers(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices("[^").filter_map(move |(offset, _)| {
        let rest = &text[offset + 2..];
        let end = rest.find(']')?;
        let number = &rest[..end];
        (!number.is_empty() && number.chars().all(|c| c.is_ascii_alphanumeric()))
            .then_some((offset, number))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_are_canonical() {
        assert_eq!(roman_value("i"), Some(1));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("xii"), Some(12));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("a"), None);
    }

    #[test]
    fn slugs_fold_case_and_punctuation() {
        assert_eq!(
            slug("information and communication technology (ICT) product"),
            "information-and-communication-technology-ict-product"
        );
    }

    #[test]
    fn eids_follow_ids() {
        assert_eq!(eid_of("19.15.1(a)", "19.15"), "art_19.15__para_1__point_a");
        assert_eq!(
            eid_of("19.1/covered-person(b)", "19.1"),
            "art_19.1__def_covered-person__point_b"
        );
        assert_eq!(eid_of("19.10(c)", "19.10"), "art_19.10__para__point_c");
    }

    #[test]
    fn letter_i_after_h_is_a_subparagraph() {
        let mut text = String::from("CHAPTER 1\nT\n\nArticle 1.1: X\n\n1. Each Party shall:\n");
        for l in 'a'..='i' {
            text.push_str(&format!("\n({l}) act;\n"));
        }
        let doc = parse(&text).unwrap();
        assert!(doc.provision("1.1.1(i)").is_some());
    }
}
