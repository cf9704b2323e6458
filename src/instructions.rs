//! Amending instructions: a proposal written as an amending instrument, and read back.
//!
//! Negotiators exchange instructions, not JSON: "In Article 19.15 (Cybersecurity): (a) in
//! paragraph 1, strike "endeavor to"". [`render`] writes a proposal in one of three drafting
//! styles, grouped by article as the USMCA's 2019 Protocol of Amendment groups its changes;
//! [`parse`] reads any of the three (a person's own wording within the same forms) back into
//! amendments, so an instruction file can stand wherever a proposal file does.
//!
//! The forms, with the verbs of each style (protocol / US / UK):
//!
//! - a phrase: `in paragraph 1, strike "endeavor to"` / `by striking` / `leave out`, with
//!   `and insert "shall"` / `and inserting` / `and insert` for a replacement;
//! - which occurrence: `each place it appears`, `the second time it appears`;
//! - a provision's words: `in paragraph 3, strike the text and insert "..."`;
//! - provisions: `after subparagraph (b) of paragraph 1, insert "(c) ..."`, `strike paragraph 3`;
//! - a footnote: `in paragraph 1, after "incidents." insert footnote 8: "..."`;
//! - an article: `After Article 19.18, insert the following new article:` and one quoted
//!   line per block (`"Article 19.19: Title"`, `"1. ..."`).
//!
//! Quoted text is exactly the text applied. It is quoted with straight double quotes (a
//! straight quote inside is doubled: `""`); a person may quote with “ ” instead.
//!
//! ```
//! use redline::{baseline::USMCA_CH19, instructions::{self, Style}, proposal::Proposal};
//! let loaded = Proposal::parse("cr2.json", include_bytes!("../proposals/cr2-shall.json")).unwrap();
//! let doc = USMCA_CH19.document().unwrap();
//! let text = instructions::render(&doc, &loaded.proposal, Style::Uk);
//! assert!(text.contains("leave out"));
//! let read = instructions::parse("cr2.txt", &text).unwrap();
//! assert_eq!(read.proposal.amendments.len(), loaded.proposal.amendments.len());
//! ```

use std::fmt;
use std::path::Path;

use crate::citation;
use crate::document::{Document, ProvisionKind};
use crate::parse;
use crate::proposal::{
    Amendment, AmendmentSpan, Location, NewProvision, Occurrence, Proposal, Source, Spans,
};

/// The drafting style of the instructions written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// As the USMCA 2019 Protocol of Amendment: "strike ... and insert ...".
    #[default]
    Protocol,
    /// As a US bill: "is amended by striking ... and inserting ...".
    Us,
    /// As a UK bill: "leave out ... and insert ...".
    Uk,
}

/// The verbs and connecting words of one style.
struct Words {
    /// An article's group heading, from `In Article 19.15 (Cybersecurity)`.
    group_end: &'static str,
    strike: &'static str,
    and_insert: &'static str,
    insert: &'static str,
    each_place: &'static str,
    /// Around `after paragraph 2` when a provision is inserted: before and after it.
    insert_provision: (&'static str, &'static str),
}

impl Style {
    fn words(self) -> Words {
        match self {
            Style::Protocol => Words {
                group_end: ":",
                strike: "strike",
                and_insert: "and insert",
                insert: "insert",
                each_place: "each place it appears",
                insert_provision: ("", ", insert"),
            },
            Style::Us => Words {
                group_end: " is amended—",
                strike: "by striking",
                and_insert: "and inserting",
                insert: "by inserting",
                each_place: "each place it appears",
                insert_provision: ("by inserting ", " the following:"),
            },
            Style::Uk => Words {
                group_end: "—",
                strike: "leave out",
                and_insert: "and insert",
                insert: "insert",
                each_place: "in each place it occurs",
                insert_provision: ("", " insert—"),
            },
        }
    }
}

/// The proposal as an amending instrument in `style`: a header naming the proposal, then the
/// amendments grouped by article, in their order.
pub fn render(doc: &Document, proposal: &Proposal, style: Style) -> String {
    let words = style.words();
    let mut out = String::new();
    let field = |out: &mut String, key: &str, value: &str| {
        out.push_str(&format!("{key}: {}\n", value.replace(['\n', '\r'], " ")));
    };
    field(&mut out, "Proposal", &proposal.id);
    field(&mut out, "Title", &proposal.title);
    field(&mut out, "Sponsor", &proposal.sponsor);
    if let Some(tag) = &proposal.tag {
        field(&mut out, "Tag", tag);
    }
    let s = &proposal.source;
    let source: Vec<&str> = [
        Some(s.filing.as_str()),
        Some(s.date.as_str()),
        s.docket.as_deref(),
        s.url.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    field(&mut out, "Source", &source.join(" | "));
    field(&mut out, "Base", &proposal.base);
    field(&mut out, "Rationale", &proposal.rationale);
    out.push('\n');
    out.push_str(&format!("In {}:\n", document_name(doc)));
    let mut titles: Vec<(String, String)> = doc
        .articles()
        .iter()
        .map(|a| (a.heading.number.clone(), a.heading.title.clone()))
        .collect();
    let mut group: Option<String> = None;
    let mut groups = 0;
    let mut item = 0;
    for amendment in &proposal.amendments {
        if let Amendment::InsertArticle {
            after,
            number,
            title,
            provisions,
        } = amendment
        {
            groups += 1;
            group = None;
            titles.push((number.clone(), title.clone()));
            let after = after.as_deref().map(|a| canonical(doc, a));
            let verb = new_article_line(style, doc, after.as_deref());
            out.push_str(&format!("\n{groups}. {verb}\n"));
            out.push_str(&format!(
                "   {}\n",
                quoted(&format!("Article {number}: {title}"))
            ));
            for p in provisions {
                let line = if p.label.is_empty() {
                    p.text.clone()
                } else {
                    format!("{} {}", p.label, p.text)
                };
                out.push_str(&format!("   {}\n", quoted(&line)));
            }
            continue;
        }
        let at = canonical(doc, amendment.address());
        let article = article_of(doc, &at, &titles);
        if group.as_deref() != Some(article.as_str()) {
            groups += 1;
            item = 0;
            let title = titles
                .iter()
                .find(|(n, _)| *n == article)
                .map_or(String::new(), |(_, t)| format!(" ({t})"));
            let head = match style {
                Style::Us => format!("Article {article}{title}{}", words.group_end),
                _ => format!("In Article {article}{title}{}", words.group_end),
            };
            out.push_str(&format!("\n{groups}. {head}\n"));
            group = Some(article.clone());
        }
        item += 1;
        let line = instruction(doc, amendment, &article, &words);
        out.push_str(&format!("   ({}) {line};\n", letter(item)));
    }
    // The last item of each group ends the sentence.
    let ends = regex::Regex::new(r";\n(\n|$)").expect("a valid pattern");
    ends.replace_all(&out, ".\n$1").into_owned()
}

/// One amendment as an instruction inside its article's group.
fn instruction(doc: &Document, amendment: &Amendment, article: &str, words: &Words) -> String {
    let place = |at: &str| {
        let r = reference(doc, &canonical(doc, at), article);
        if r.is_empty() {
            String::new()
        } else {
            format!("in {r}, ")
        }
    };
    let occurrence = |o: &Occurrence| match o {
        Occurrence::Only => String::new(),
        Occurrence::All => format!(" {}", words.each_place),
        Occurrence::Nth(n) => format!(" the {} time it appears", ordinal(*n)),
    };
    match amendment {
        Amendment::ReplacePhrase {
            at,
            phrase,
            with,
            occurrence: o,
        } => format!(
            "{}{} {}{} {} {}",
            place(at),
            words.strike,
            quoted(phrase),
            occurrence(o),
            words.and_insert,
            quoted(with)
        ),
        Amendment::DeletePhrase {
            at,
            phrase,
            occurrence: o,
        } => {
            format!(
                "{}{} {}{}",
                place(at),
                words.strike,
                quoted(phrase),
                occurrence(o)
            )
        }
        Amendment::ReplaceText { at, text } => {
            format!(
                "{}{} the text {} {}",
                place(at),
                words.strike,
                words.and_insert,
                quoted(text)
            )
        }
        Amendment::InsertProvision {
            before,
            after,
            label,
            text,
        } => {
            let (side, anchor) = match (before, after) {
                (Some(b), _) => ("before", b),
                (None, Some(a)) => ("after", a),
                (None, None) => ("after", label),
            };
            let line = if label.is_empty() {
                text.clone()
            } else {
                format!("{label} {text}")
            };
            let anchor = reference(doc, &canonical(doc, anchor), article);
            let (before_place, after_place) = words.insert_provision;
            format!(
                "{before_place}{side} {anchor}{after_place} {}",
                quoted(&line)
            )
        }
        Amendment::DeleteProvision { at } => {
            format!(
                "{} {}",
                words.strike,
                reference(doc, &canonical(doc, at), article)
            )
        }
        Amendment::AddFootnote {
            at,
            phrase,
            occurrence: o,
            number,
            text,
        } => format!(
            "{}after {}{} {} footnote {number}: {}",
            place(at),
            quoted(phrase),
            occurrence(o),
            words.insert,
            quoted(text)
        ),
        Amendment::InsertArticle { .. } => unreachable!("new articles are groups of their own"),
    }
}

/// The line that opens a new article, in `style`.
fn new_article_line(style: Style, doc: &Document, after: Option<&str>) -> String {
    let after = |lead: &str, tail: &str| {
        after.map_or(String::new(), |a| format!("{lead}Article {a}{tail}"))
    };
    match style {
        Style::Protocol => capitalized(&format!(
            "{}insert the following new article:",
            after("after ", ", ")
        )),
        Style::Us => {
            let name = doc
                .heading()
                .next()
                .map_or("The text".to_string(), title_case);
            format!(
                "{name} is amended by inserting {}the following new article:",
                after("after ", " ")
            )
        }
        Style::Uk => capitalized(&format!(
            "{}insert the following new article—",
            after("after ", " ")
        )),
    }
}

/// "Chapter 19 (Digital Trade)", "Annex 12-C (Information and Communication Technology)".
fn document_name(doc: &Document) -> String {
    let lines: Vec<&str> = doc.heading().collect();
    match lines.as_slice() {
        [name, title, ..] => format!("{} ({})", title_case(name), title_case(title)),
        [name] => title_case(name),
        [] => "the text".to_string(),
    }
}

fn title_case(s: &str) -> String {
    const SMALL: [&str; 7] = ["and", "of", "the", "to", "for", "in", "on"];
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            if w.chars().any(|c| c.is_ascii_digit()) {
                return w.to_string();
            }
            capitalized(&lower)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The canonical id of a citation, or the citation as written when it does not resolve
/// (a provision the proposal itself inserts).
fn canonical(doc: &Document, citation: &str) -> String {
    citation::canonicalize(doc, citation).unwrap_or_else(|_| citation.to_string())
}

/// The article an id stands in: its provision's, its footnote's citing provision's, or the
/// longest article number it starts with.
fn article_of(doc: &Document, id: &str, titles: &[(String, String)]) -> String {
    if let Some(p) = doc.provision(id) {
        return p.article.clone();
    }
    if let Some(number) = id.strip_prefix("fn") {
        if let Some(p) = doc
            .footnote(number)
            .and_then(|n| n.cited_in.first())
            .and_then(|c| doc.provision(c))
        {
            return p.article.clone();
        }
    }
    titles
        .iter()
        .map(|(n, _)| n)
        .filter(|n| {
            id == n.as_str()
                || id.starts_with(&format!("{n}."))
                || id.starts_with(&format!("{n}/"))
                || id.starts_with(&format!("{n}("))
        })
        .max_by_key(|n| n.len())
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

/// How an instruction names a provision inside its article: `paragraph 1(b)`,
/// `subparagraph (a)`, `the definition of "algorithm"`, `footnote 4`; empty for the article
/// itself (or its one unnumbered paragraph).
fn reference(doc: &Document, id: &str, article: &str) -> String {
    if let Some(number) = id.strip_prefix("fn") {
        return format!("footnote {number}");
    }
    if id == article {
        return String::new();
    }
    let Some(rest) = id.strip_prefix(article) else {
        return format!("provision {id}");
    };
    if let Some(paragraph) = rest.strip_prefix('.') {
        return format!("paragraph {paragraph}");
    }
    if rest.starts_with('(') {
        return format!("subparagraph {rest}");
    }
    if let Some(slug) = rest.strip_prefix('/') {
        let (definition, points) = slug.split_at(slug.find('(').unwrap_or(slug.len()));
        if !definition.contains('/') {
            let term = match doc
                .provision(&format!("{article}/{definition}"))
                .map(|p| &p.kind)
            {
                Some(ProvisionKind::Definition { term }) => term.clone(),
                _ => definition.replace('-', " "),
            };
            let of = if points.is_empty() {
                String::new()
            } else {
                format!("subparagraph {points} of ")
            };
            return format!("{of}the definition of {}", quoted(&term));
        }
    }
    format!("provision {id}")
}

/// Text in straight double quotes, a straight quote inside doubled.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn letter(n: usize) -> String {
    // (a) to (z), then (aa), (bb), ... as legislation letters them.
    let c = (b'a' + ((n - 1) % 26) as u8) as char;
    c.to_string().repeat((n - 1) / 26 + 1)
}

const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

fn ordinal(n: usize) -> String {
    ORDINALS
        .get(n.wrapping_sub(1))
        .map_or_else(|| format!("{n}th"), |s| s.to_string())
}

/// Instructions that cannot be read: where, which words, and the forms expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionError {
    pub path: std::path::PathBuf,
    pub location: Location,
    /// The words that could not be read.
    pub words: String,
    pub message: String,
    pub help: String,
}

impl fmt::Display for InstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: `{}`\n  help: {}",
            self.path.display(),
            self.location,
            self.message,
            self.words,
            self.help
        )
    }
}

impl std::error::Error for InstructionError {}

/// The forms an instruction may take, for the help of an error.
const FORMS: &str = "an instruction reads `in paragraph 1, strike \"WORDS\"`, `in paragraph 1, strike \"WORDS\" and insert \"WORDS\"` (add `each place it appears` or `the second time it appears` after the struck words when they occur more than once), `in paragraph 3, strike the text and insert \"WORDS\"`, `after paragraph 2, insert \"3. WORDS\"`, `strike subparagraph (b)`, or `in paragraph 1, after \"WORDS\" insert footnote 8: \"WORDS\"`; US (`by striking`, `by inserting`) and UK (`leave out`) verbs are read too";

/// Instructions read back: the proposal, and where each amendment stands in the text.
#[derive(Debug, Clone)]
pub struct Read {
    pub proposal: Proposal,
    pub(crate) spans: Spans,
}

/// Reads amending instructions in any of the three styles. Header lines (`Proposal:`,
/// `Title:`, `Sponsor:`, `Source:`, `Base:`, `Rationale:`) give the metadata; what they leave
/// out is filled in plainly (`(not stated)`), the id from the file's name.
pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<Read, InstructionError> {
    let path = path.as_ref();
    let mut reader = Reader {
        path,
        proposal: Proposal {
            schema: None,
            tag: None,
            id: path
                .file_stem()
                .map(|s| {
                    s.to_string_lossy()
                        .to_lowercase()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
                })
                .unwrap_or_else(|| "instructions".into()),
            title: NOT_STATED.into(),
            sponsor: NOT_STATED.into(),
            source: Source {
                filing: NOT_STATED.into(),
                date: "2025".into(),
                docket: None,
                url: None,
            },
            rationale: NOT_STATED.into(),
            base: String::new(),
            amendments: Vec::new(),
        },
        spans: Spans::default(),
        article: None,
        new_article: None,
    };
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        reader.line(index + 1, offset, content)?;
        offset += line.len();
    }
    reader.finish_article();
    if reader.proposal.base.is_empty() {
        reader.proposal.base = "usmca-ch19".into();
    }
    Ok(Read {
        proposal: reader.proposal,
        spans: reader.spans,
    })
}

const NOT_STATED: &str = "(not stated in the instructions)";

struct Reader<'p> {
    path: &'p Path,
    proposal: Proposal,
    spans: Spans,
    /// The article of the current group.
    article: Option<String>,
    /// A new article being read: its amendment index and the line it started on.
    new_article: Option<usize>,
}

impl Reader<'_> {
    fn error(
        &self,
        line: usize,
        column: usize,
        words: &str,
        message: &str,
        help: &str,
    ) -> InstructionError {
        InstructionError {
            path: self.path.to_path_buf(),
            location: Location { line, column },
            words: words.to_string(),
            message: message.to_string(),
            help: help.to_string(),
        }
    }

    fn line(&mut self, number: usize, offset: usize, raw: &str) -> Result<(), InstructionError> {
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        let column = raw[..indent].chars().count() + 1;
        if line.is_empty() {
            return Ok(());
        }
        if let Some(index) = self.new_article {
            if line.starts_with(['"', '“']) {
                let (text, rest) = take_quoted(line).ok_or_else(|| {
                    self.error(
                        number,
                        column,
                        line,
                        "the quoted line does not end",
                        "end it with the quote it opened with",
                    )
                })?;
                if !rest.trim().trim_end_matches([';', '.', ',']).is_empty() {
                    return Err(self.error(number, column, rest.trim(), "words after a quoted line of the new article", "give each line of the new article (its heading, then each provision) in quotes of its own"));
                }
                return self.article_line(index, number, column, &text);
            }
            self.finish_article();
        }
        if let Some((key, value)) = header(line) {
            self.header(key, value);
            return Ok(());
        }
        let body = strip_numbering(line);
        let lower = body.to_lowercase();
        if let Some(article) = group_heading(body) {
            self.article = Some(article);
            return Ok(());
        }
        if lower.starts_with("in chapter ")
            || lower.starts_with("in annex ")
            || lower.starts_with("chapter ")
            || lower.starts_with("annex ")
        {
            if self.proposal.base.is_empty() {
                self.proposal.base = if lower.contains("annex 12-c") {
                    "usmca-annex-12c"
                } else {
                    "usmca-ch19"
                }
                .into();
            }
            if !lower.contains("new article") {
                return Ok(());
            }
        }
        if lower.contains("new article") {
            return self.start_article(number, offset + indent, column, body);
        }
        let Some(article) = self.article.clone() else {
            return Err(self.error(number, column, line, "an instruction outside any article", "start the article's instructions with a line such as `In Article 19.15 (Cybersecurity):`"));
        };
        let start = Location {
            line: number,
            column,
        };
        let amendment = instruction_of(&article, body).map_err(|words| {
            let at = body.find(&words).map_or(0, |i| body[..i].chars().count());
            let column = column + (line.len() - body.len()) + at;
            self.error(number, column, &words, "cannot read these words", FORMS)
        })?;
        let mut fields = std::collections::BTreeMap::new();
        for field in [
            "at",
            "phrase",
            "with",
            "text",
            "label",
            "before",
            "after",
            "number",
            "occurrence",
        ] {
            fields.insert(field.to_string(), start);
        }
        self.spans.amendments.push(AmendmentSpan {
            start,
            bytes: offset..offset + raw.len(),
            fields,
        });
        self.proposal.amendments.push(amendment);
        Ok(())
    }

    fn header(&mut self, key: &str, value: &str) {
        let value = value.trim().to_string();
        match key {
            "proposal" | "id" => self.proposal.id = value,
            "title" => self.proposal.title = value,
            "sponsor" => self.proposal.sponsor = value,
            "base" => self.proposal.base = value,
            "tag" => self.proposal.tag = Some(value),
            "rationale" => self.proposal.rationale = value,
            _ => {
                let mut parts = value.split(" | ").map(|s| s.trim().to_string());
                let source = &mut self.proposal.source;
                source.filing = parts.next().unwrap_or_default();
                if let Some(date) = parts.next() {
                    source.date = date;
                }
                for part in parts {
                    if part.starts_with("http://") || part.starts_with("https://") {
                        source.url = Some(part);
                    } else {
                        source.docket = Some(part);
                    }
                }
            }
        }
    }

    /// `After Article 19.18, insert the following new article:`.
    fn start_article(
        &mut self,
        number: usize,
        offset: usize,
        column: usize,
        body: &str,
    ) -> Result<(), InstructionError> {
        let lower = body.to_lowercase();
        let after = lower.find("after article ").map(|i| {
            let rest = &body[i + "after article ".len()..];
            rest.split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let start = Location {
            line: number,
            column,
        };
        let mut fields = std::collections::BTreeMap::new();
        for field in ["after", "number", "title", "provisions"] {
            fields.insert(field.to_string(), start);
        }
        self.spans.amendments.push(AmendmentSpan {
            start,
            bytes: offset..offset + body.len(),
            fields,
        });
        self.proposal.amendments.push(Amendment::InsertArticle {
            after: after
                .filter(|a| !a.is_empty())
                .map(|a| format!("Article {a}")),
            number: String::new(),
            title: String::new(),
            provisions: Vec::new(),
        });
        self.new_article = Some(self.proposal.amendments.len() - 1);
        self.article = None;
        Ok(())
    }

    /// A quoted line of a new article: its heading first, then its provisions.
    fn article_line(
        &mut self,
        index: usize,
        line: usize,
        column: usize,
        text: &str,
    ) -> Result<(), InstructionError> {
        let Amendment::InsertArticle {
            number,
            title,
            provisions,
            ..
        } = &mut self.proposal.amendments[index]
        else {
            unreachable!("a new article is being read")
        };
        if number.is_empty() {
            let heading = text
                .strip_prefix("Article ")
                .and_then(|h| h.split_once(": "));
            let Some((n, t)) = heading else {
                return Err(self.error(
                    line,
                    column,
                    text,
                    "the new article's first line is not its heading",
                    "begin the new article with its heading in quotes: \"Article 19.19: Title\"",
                ));
            };
            *number = n.to_string();
            *title = t.to_string();
            return Ok(());
        }
        let (label, words) = split_label(text);
        provisions.push(NewProvision { label, text: words });
        Ok(())
    }

    fn finish_article(&mut self) {
        self.new_article = None;
    }
}

/// `Title: ...` and the other header lines: the key in lowercase and the value.
fn header(line: &str) -> Option<(&'static str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_lowercase();
    [
        "proposal",
        "id",
        "title",
        "sponsor",
        "tag",
        "source",
        "base",
        "rationale",
    ]
    .into_iter()
    .find(|k| *k == key)
    .map(|k| (k, value))
}

/// `1. `, `(a) `, `(1) ` at the start of an item.
fn strip_numbering(line: &str) -> &str {
    let numbered =
        regex::Regex::new(r"^(?:\d+\.|\((?:[a-z]{1,3}|\d{1,3})\))\s+").expect("a valid pattern");
    match numbered.find(line) {
        Some(m) => &line[m.end()..],
        None => line,
    }
}

/// The article a group heading names: `In Article 19.15 (Cybersecurity):`, `Article 19.15
/// (Cybersecurity) is amended—`, `In Article 19.15—`.
fn group_heading(body: &str) -> Option<String> {
    let rest = body
        .strip_prefix("In Article ")
        .or_else(|| body.strip_prefix("in Article "))
        .or_else(|| body.strip_prefix("Article "))?;
    let number: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | '—' | ',' | '('))
        .collect();
    let after = rest[number.len()..].trim_start();
    let after = match after.strip_prefix('(') {
        Some(t) => t.split_once(')').map_or("", |(_, r)| r).trim_start(),
        None => after,
    };
    let ends_group = [
        ":",
        "—",
        "-",
        "is amended—",
        "is amended:",
        "is amended as follows:",
        "is amended as follows—",
        "is amended",
    ]
    .contains(&after.trim_end());
    (ends_group && parse::is_article_number(&number)).then_some(number)
}

/// A label and the words after it: `3. Each Party` is `3.` and `Each Party`.
fn split_label(line: &str) -> (String, String) {
    if let Some((number, rest)) = parse::paragraph_label(line) {
        if let Some(words) = rest.strip_prefix(' ') {
            return (format!("{number}."), words.to_string());
        }
    }
    if let Some((label, rest)) = parse::point_label(line) {
        if let Some(words) = rest.strip_prefix(' ') {
            return (format!("({label})"), words.to_string());
        }
    }
    (String::new(), line.to_string())
}

/// Takes a quoted text from the start of `s`: `"..."` with `""` for a straight quote inside,
/// or `“...”` (nested “ ” kept). The text and the rest.
fn take_quoted(s: &str) -> Option<(String, &str)> {
    if let Some(rest) = s.strip_prefix('"') {
        let mut text = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                    text.push('"');
                    continue;
                }
                return Some((text, &rest[i + 1..]));
            }
            text.push(c);
        }
        return None;
    }
    let rest = s.strip_prefix('“')?;
    let mut depth = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '“' => depth += 1,
            '”' if depth == 0 => {
                return Some((rest[..i].to_string(), &rest[i + '”'.len_utf8()..]))
            }
            '”' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Reads one instruction of an article's group; on failure, the words that could not be read.
fn instruction_of(article: &str, body: &str) -> Result<Amendment, String> {
    let body = body
        .trim_end()
        .trim_end_matches(" and")
        .trim_end_matches([';', '.', ','])
        .trim_end();
    let body = body.strip_suffix("; and").unwrap_or(body);
    let mut rest = body;
    let mut place: Option<String> = None;
    if let Some(after_in) = strip_word(rest, "in") {
        let (reference, tail) = split_reference(after_in).ok_or_else(|| after_in.to_string())?;
        place = Some(citation_of(article, reference).ok_or_else(|| reference.to_string())?);
        rest = tail;
    }
    let at = place
        .clone()
        .unwrap_or_else(|| format!("Article {article}"));
    // Strikes.
    for verb in ["by striking", "strike out", "strike", "leave out"] {
        if let Some(after) = strip_word(rest, verb) {
            return strike(article, &at, place.is_some(), after);
        }
    }
    // Insertions: a provision beside another, or a footnote after words.
    let (side_rest, by) = match strip_word(rest, "by inserting") {
        Some(r) => (r, true),
        None => (strip_word(rest, "insert").unwrap_or(rest), false),
    };
    let _ = by;
    for side in ["after", "before"] {
        if let Some(after) = strip_word(side_rest, side) {
            if after.starts_with(['"', '“']) {
                return footnote(&at, after);
            }
            return insert_provision(article, side, after);
        }
    }
    Err(rest.to_string())
}

/// `WORD rest` with WORD matched without regard to case, and the rest.
fn strip_word<'s>(s: &'s str, word: &str) -> Option<&'s str> {
    let head = s.get(..word.len())?;
    let rest = &s[word.len()..];
    (head.eq_ignore_ascii_case(word) && (rest.is_empty() || rest.starts_with([' ', ',', ':', '—'])))
        .then(|| rest.trim_start_matches([',', ' ']))
}

/// `paragraph 1(b), strike ...`: the reference and what follows its comma (quotes skipped).
fn split_reference(s: &str) -> Option<(&str, &str)> {
    let mut in_quote = false;
    let mut curly = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '“' => curly += 1,
            '”' => curly = curly.saturating_sub(1),
            ',' if !in_quote && curly == 0 => {
                return Some((s[..i].trim(), s[i + 1..].trim_start()))
            }
            _ => {}
        }
    }
    None
}

/// The citation an instruction's reference names, inside `article`.
fn citation_of(article: &str, reference: &str) -> Option<String> {
    let r = reference.trim();
    let lower = r.to_lowercase();
    if let Some(n) = lower.strip_prefix("footnote ") {
        return Some(format!("footnote {}", n.trim()));
    }
    if let Some(p) = r
        .strip_prefix("paragraph ")
        .or_else(|| r.strip_prefix("Paragraph "))
    {
        return Some(format!("{article}.{}", p.trim()));
    }
    if let Some(p) = r
        .strip_prefix("subparagraph ")
        .or_else(|| r.strip_prefix("Subparagraph "))
    {
        let p = p.trim();
        if let Some((points, term)) = p.split_once(" of the definition of ") {
            let (term, _) = take_quoted(term.trim())?;
            return Some(format!("{article}/{}{}", parse::slug(&term), points.trim()));
        }
        // `subparagraph (b) of paragraph 1` in the treaty's own order.
        if let Some((point, paragraph)) = p.split_once(" of paragraph ") {
            return Some(format!("{article}.{}{}", paragraph.trim(), point.trim()));
        }
        return Some(format!("{article}{p}"));
    }
    if let Some(term) = lower.strip_prefix("the definition of ") {
        let start = r.len() - term.len();
        let (term, _) = take_quoted(r[start..].trim())?;
        return Some(format!("{article}/{}", parse::slug(&term)));
    }
    if let Some(id) = r.strip_prefix("provision ") {
        return Some(id.trim().to_string());
    }
    if lower.starts_with("article ") || lower.starts_with("art. ") {
        return Some(r.to_string());
    }
    None
}

/// After a strike verb: quoted words (a phrase, maybe replaced), `the text` (the whole
/// provision's words), or a provision (deleted).
fn strike(article: &str, at: &str, has_place: bool, s: &str) -> Result<Amendment, String> {
    if let Some(after) = strip_word(s, "the text")
        .or_else(|| strip_word(s, "all the words"))
        .or_else(|| strip_word(s, "the words"))
    {
        let with = replacement(after).ok_or_else(|| after.to_string())?;
        return Ok(Amendment::ReplaceText {
            at: at.to_string(),
            text: with,
        });
    }
    if s.starts_with(['"', '“']) {
        let (phrase, rest) = take_quoted(s).ok_or_else(|| s.to_string())?;
        let (occurrence, rest) = occurrence(rest.trim_start());
        let rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(Amendment::DeletePhrase {
                at: at.to_string(),
                phrase,
                occurrence,
            });
        }
        let with = replacement(rest).ok_or_else(|| rest.to_string())?;
        return Ok(Amendment::ReplacePhrase {
            at: at.to_string(),
            phrase,
            with,
            occurrence,
        });
    }
    if has_place {
        return Err(s.to_string());
    }
    let target = citation_of(article, s).ok_or_else(|| s.to_string())?;
    Ok(Amendment::DeleteProvision { at: target })
}

/// `and insert "..."`, `and inserting "..."`, `and insert: "..."`: the quoted words.
fn replacement(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = strip_word(s, "and inserting").or_else(|| strip_word(s, "and insert"))?;
    let s = s.trim_start_matches([':', '—', ' ']);
    let (text, rest) = take_quoted(s)?;
    rest.trim().is_empty().then_some(text)
}

/// `each place it appears`, `the second time it appears`, `where it occurs for the second
/// time`: which occurrence, and the rest.
fn occurrence(s: &str) -> (Occurrence, &str) {
    let lower = s.to_lowercase();
    for all in [
        "in each place it occurs",
        "each place it appears",
        "each place it occurs",
        "wherever it appears",
        "wherever it occurs",
    ] {
        if lower.starts_with(all) {
            return (Occurrence::All, &s[all.len()..]);
        }
    }
    if let Some(rest) = lower.strip_prefix("the ") {
        if let Some((word, tail)) = rest.split_once(' ') {
            let n = ORDINALS
                .iter()
                .position(|o| *o == word)
                .map(|i| i + 1)
                .or_else(|| {
                    word.trim_end_matches(|c: char| c.is_alphabetic())
                        .parse()
                        .ok()
                });
            if let (Some(n), Some(t)) = (
                n,
                ["time it appears", "time it occurs", "place it appears"]
                    .iter()
                    .find(|t| tail.starts_with(**t)),
            ) {
                let used = "the ".len() + word.len() + 1 + t.len();
                return (Occurrence::Nth(n), &s[used..]);
            }
        }
    }
    (Occurrence::Only, s)
}

/// `after subparagraph (b), insert "(c) ..."` (or `by inserting after ... the following:
/// "..."`, `after ... insert— "..."`).
fn insert_provision(article: &str, side: &str, s: &str) -> Result<Amendment, String> {
    // The inserted line is the last quoted text: the reference may quote a defined term.
    let mut quote = None;
    let mut from = 0;
    while let Some(i) = s[from..].find(['"', '“']) {
        let start = from + i;
        let (_, rest) = take_quoted(&s[start..]).ok_or_else(|| s[start..].to_string())?;
        quote = Some(start);
        from = s.len() - rest.len();
    }
    let quote = quote.ok_or_else(|| s.to_string())?;
    let reference = s[..quote]
        .trim()
        .trim_end_matches([',', ':', '—', ' '])
        .trim_end_matches(" the following")
        .trim_end_matches(", insert")
        .trim_end_matches(" insert")
        .trim_end_matches([',', ':', '—', ' ']);
    let anchor = citation_of(article, reference).ok_or_else(|| reference.to_string())?;
    let (line, rest) = take_quoted(&s[quote..]).ok_or_else(|| s[quote..].to_string())?;
    if !rest.trim().is_empty() {
        return Err(rest.trim().to_string());
    }
    let (label, text) = split_label(&line);
    let (before, after) = if side == "before" {
        (Some(anchor), None)
    } else {
        (None, Some(anchor))
    };
    Ok(Amendment::InsertProvision {
        before,
        after,
        label,
        text,
    })
}

/// `after "incidents." insert footnote 8: "..."` (the place already taken).
fn footnote(at: &str, s: &str) -> Result<Amendment, String> {
    let (phrase, rest) = take_quoted(s).ok_or_else(|| s.to_string())?;
    let (occurrence, rest) = occurrence(rest.trim_start());
    let rest = rest.trim_start();
    let rest = strip_word(rest, "by inserting")
        .or_else(|| strip_word(rest, "insert"))
        .unwrap_or(rest);
    let rest = strip_word(rest, "footnote").ok_or_else(|| rest.to_string())?;
    let (number, rest) = rest.split_once(':').ok_or_else(|| rest.to_string())?;
    let (text, tail) =
        take_quoted(rest.trim_start_matches([' ', '—'])).ok_or_else(|| rest.to_string())?;
    if !tail.trim().is_empty() {
        return Err(tail.trim().to_string());
    }
    Ok(Amendment::AddFootnote {
        at: at.to_string(),
        phrase,
        occurrence,
        number: number.trim().to_string(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_round_trip() {
        assert_eq!(
            take_quoted(r#""a ""b"" c" rest"#),
            Some(("a \"b\" c".into(), " rest"))
        );
        assert_eq!(
            take_quoted("“a “b” c” rest"),
            Some(("a “b” c".into(), " rest"))
        );
    }

    #[test]
    fn occurrences() {
        assert_eq!(
            occurrence("each place it appears and"),
            (Occurrence::All, " and")
        );
        assert_eq!(
            occurrence("the second time it appears"),
            (Occurrence::Nth(2), "")
        );
    }

    #[test]
    fn group_headings() {
        assert_eq!(
            group_heading("In Article 19.15 (Cybersecurity):"),
            Some("19.15".into())
        );
        assert_eq!(
            group_heading("Article 12.C.2 (ICT Products) is amended—"),
            Some("12.C.2".into())
        );
        assert_eq!(group_heading("In Article 19.15—"), Some("19.15".into()));
    }
}
