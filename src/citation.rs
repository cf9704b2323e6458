//! Citations: the forms people write for a provision, resolved against a [`Document`].
//!
//! All of these name the same subparagraph: `19.15(1)(b)`, `19.15.1(b)`, `Art. 19.15(1)(b)`,
//! `Article 19.15, paragraph 1(b)`, `Article 19.15.1(b)`. Annex citations work the same way,
//! with or without the annex named: `Annex 12-C, Article 12.C.2, paragraph 3(a)`,
//! `12.C.2(3)(a)`, `12.C.2.3(a)`, and in the treaty's own cross-reference style, innermost
//! first: `subparagraph (b) of paragraph 1 of Article 19.15`. Definitions are cited by term (`19.1/algorithm`,
//! `19.1/computing facility`), footnotes as `footnote 3` or `fn3`.
//!
//! ```
//! use redline::citation::{resolve, Target};
//! let doc = redline::baseline::USMCA_CH19.document().unwrap();
//! let Target::Provision(p) = resolve(&doc, "Article 19.15, paragraph 1(b)").unwrap() else {
//!     panic!("a subparagraph")
//! };
//! assert_eq!(p.id, "19.15.1(b)");
//! ```

use std::fmt;

use crate::document::{Article, Document, Find, Footnote, Provision};
use crate::parse::{is_article_number, slug, split_paragraph_number};

/// What a citation names.
#[derive(Debug, Clone)]
pub enum Target<'d> {
    /// A whole article (`Article 19.15`).
    Article(Article<'d>),
    /// One provision (`19.15.1(b)`).
    Provision(&'d Provision),
    /// A footnote (`footnote 3`).
    Footnote(&'d Footnote),
}

/// A citation that names nothing in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationError {
    /// The citation as written.
    pub citation: String,
    /// What went wrong.
    pub reason: String,
    /// The valid ids closest to what was asked for, nearest first.
    pub nearest: Vec<String>,
}

impl fmt::Display for CitationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown citation `{}`: {}", self.citation, self.reason)?;
        if !self.nearest.is_empty() {
            write!(
                f,
                "\n  help: the nearest valid ids are {}",
                self.nearest.join(", ")
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for CitationError {}

impl Target<'_> {
    /// The canonical id of what was cited: `19.15`, `19.15.1(b)`, `fn3`.
    pub fn id(&self) -> &str {
        match self {
            Target::Article(a) => &a.heading.number,
            Target::Provision(p) => &p.id,
            Target::Footnote(f) => &f.id,
        }
    }
}

/// Resolves a citation in any accepted form to what it names in `doc`.
pub fn resolve<'d>(doc: &'d Document, citation: &str) -> Result<Target<'d>, CitationError> {
    resolve_in(&doc, citation)
}

/// [`resolve`], with the articles, provisions and footnotes found by `find` (an
/// [`Indexed`](crate::document::Indexed) document, for many citations in a long text).
pub fn resolve_in<'d>(find: &impl Find<'d>, citation: &str) -> Result<Target<'d>, CitationError> {
    let canonical = canonicalize_in(find, citation)?;
    if let Some(number) = canonical.strip_prefix("fn") {
        if let Some(f) = find.footnote(number) {
            return Ok(Target::Footnote(f));
        }
    }
    if let Some(p) = find.provision(&canonical) {
        return Ok(Target::Provision(p));
    }
    if let Some(a) = find.article(&canonical) {
        return Ok(Target::Article(a));
    }
    let doc = find.document();
    Err(CitationError {
        citation: citation.to_string(),
        reason: format!("there is no provision {canonical} in {}", doc.title()),
        nearest: nearest_ids(doc, &canonical),
    })
}

/// Rewrites a citation in any accepted form into the canonical id it should have, without
/// checking that the provision exists (its article must).
///
/// ```
/// let doc = redline::baseline::USMCA_ANNEX_12C.document().unwrap();
/// let id = redline::citation::canonicalize(&doc, "Annex 12-C, Article 12.C.2, paragraph 3(a)");
/// assert_eq!(id.unwrap(), "12.C.2.3(a)");
/// ```
pub fn canonicalize(doc: &Document, citation: &str) -> Result<String, CitationError> {
    canonicalize_in(&doc, citation)
}

/// [`canonicalize`], with the articles found by `find`.
pub fn canonicalize_in<'d>(find: &impl Find<'d>, citation: &str) -> Result<String, CitationError> {
    let doc = find.document();
    let fail = |reason: String, nearest: Vec<String>| CitationError {
        citation: citation.to_string(),
        reason,
        nearest,
    };
    let reordered = outermost_first(citation.trim());
    let mut rest = reordered.as_str();
    if let Some(number) = footnote_number(rest) {
        return Ok(format!("fn{number}"));
    }
    rest = strip_annex(rest);
    rest = strip_word(rest, &["article", "art.", "art"]);
    let Some(article) = longest_article_prefix(find, rest) else {
        let attempted: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let articles: Vec<String> = doc
            .articles()
            .iter()
            .map(|a| a.heading.number.clone())
            .collect();
        return Err(fail(
            format!("no article {attempted} in {}", doc.title()),
            nearest(&attempted, articles.iter().map(String::as_str)),
        ));
    };
    let mut id = article.to_string();
    rest = rest[article.len()..].trim_start_matches([',', ' ']);
    rest = strip_word(rest, &["paragraph", "para.", "para", "¶", "subparagraph"]);
    if let Some(after) = rest.strip_prefix('/') {
        let end = after.find(['(', '/']).unwrap_or(after.len());
        id.push('/');
        id.push_str(&slug(&after[..end]));
        rest = &after[end..];
    } else if let Some((number, after)) = paragraph_number(rest) {
        id.push('.');
        id.push_str(number);
        rest = after;
    }
    rest = strip_word(
        rest.trim_start_matches([',', ' ']),
        &["subparagraph", "clause"],
    );
    while let Some(after) = rest.strip_prefix('(') {
        let end = after
            .find(')')
            .ok_or_else(|| fail("unclosed parenthesis".into(), nearest_ids(doc, &id)))?;
        id.push_str(&format!("({})", after[..end].trim().to_lowercase()));
        rest = after[end + 1..].trim_start();
    }
    if let Some(after) = rest.strip_prefix("/wrapup") {
        id.push_str("/wrapup");
        rest = after;
    }
    if !rest.trim().is_empty() {
        return Err(fail(
            format!("could not read `{}` after {id}", rest.trim()),
            nearest_ids(doc, &id),
        ));
    }
    Ok(id)
}

/// The cross-reference style of treaty text, innermost first (`subparagraph (a) of paragraph 3
/// of Article 19.2`), turned outermost first (`Article 19.2, paragraph 3, subparagraph (a)`).
fn outermost_first(citation: &str) -> String {
    let lower = citation.to_ascii_lowercase();
    if !lower.contains(" of art") && !lower.contains(" of annex") {
        return citation.to_string();
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in lower.match_indices(" of ") {
        parts.push(&citation[start..at]);
        start = at + " of ".len();
    }
    parts.push(&citation[start..]);
    parts.reverse();
    parts.join(", ")
}

/// `footnote 3`, `fn 3`, `fn3`, `[^3]`.
fn footnote_number(s: &str) -> Option<&str> {
    let lower = s.to_ascii_lowercase();
    let rest = if lower.starts_with("footnote") {
        &s["footnote".len()..]
    } else if lower.starts_with("fn") {
        &s[2..]
    } else if let Some(inner) = s.strip_prefix("[^") {
        inner.strip_suffix(']')?
    } else {
        return None;
    };
    let number = rest.trim();
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then_some(number)
}

/// Drops a leading `Annex 12-C,` (the annex is implied by the article number).
fn strip_annex(s: &str) -> &str {
    if !s.to_ascii_lowercase().starts_with("annex ") {
        return s;
    }
    let after = &s["annex ".len()..];
    let end = after.find([',', ' ']).unwrap_or(after.len());
    after[end..].trim_start_matches([',', ' '])
}

/// Drops one leading word from `words` (case-insensitive) and the spaces after it.
fn strip_word<'s>(s: &'s str, words: &[&str]) -> &'s str {
    for word in words {
        if s.len() >= word.len()
            && s.is_char_boundary(word.len())
            && s[..word.len()].eq_ignore_ascii_case(word)
        {
            let after = &s[word.len()..];
            // `art` must not eat the start of another word.
            if after.starts_with([' ', '.']) || after.starts_with(|c: char| c.is_ascii_digit()) {
                return after.trim_start_matches(' ');
            }
        }
    }
    s
}

/// The longest article number of the document that `s` starts with, ending at a word
/// boundary: each start of `s` no longer than the longest article number, that ends before
/// anything but a letter or digit and reads as an article number, is looked up, longest first.
fn longest_article_prefix<'d, 's>(find: &impl Find<'d>, s: &'s str) -> Option<&'s str> {
    let longest = find.longest_article_number();
    let boundaries = s
        .char_indices()
        .map(|(at, _)| at)
        .skip(1)
        .chain([s.len()])
        .take_while(|&end| end <= longest)
        .filter(|&end| !s[end..].starts_with(|c: char| c.is_ascii_alphanumeric()));
    let candidates: Vec<&str> = boundaries
        .map(|end| &s[..end])
        .filter(|n| is_article_number(n))
        .collect();
    candidates
        .into_iter()
        .rev()
        .find(|n| find.article(n).is_some())
}

/// A paragraph number written `.1`, `(1)` or ` 1` (after the word paragraph), and the rest.
fn paragraph_number(s: &str) -> Option<(&str, &str)> {
    let (s, closing) = if let Some(after) = s.strip_prefix('.') {
        (after, None)
    } else if let Some(after) = s.strip_prefix('(') {
        (after, Some(')'))
    } else {
        (s, None)
    };
    let (number, rest) = split_paragraph_number(s)?;
    match closing {
        Some(c) => rest.strip_prefix(c).map(|r| (number, r)),
        None => Some((number, rest)),
    }
}

/// The provision and article ids of `doc` closest to `attempted`.
pub fn nearest_ids(doc: &Document, attempted: &str) -> Vec<String> {
    let articles = doc.articles();
    let ids = doc
        .provisions()
        .map(|p| p.id.as_str())
        .chain(articles.iter().map(|a| a.heading.number.as_str()));
    nearest(attempted, ids)
}

/// Ranks by edit distance, and among equally distant ids prefers those sharing the longest
/// prefix: for `19.15.1(c)`, `19.15.1(a)` is nearer than `19.14.1(c)`.
fn nearest<'a>(attempted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let shared_prefix = |c: &str| {
        c.chars()
            .zip(attempted.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut scored: Vec<(usize, std::cmp::Reverse<usize>, &str)> = candidates
        .map(|c| {
            let distance = strsim::levenshtein(attempted, c);
            (distance, std::cmp::Reverse(shared_prefix(c)), c)
        })
        .collect();
    scored.sort_by_key(|(distance, prefix, _)| (*distance, *prefix));
    let mut out: Vec<String> = Vec::new();
    for (_, _, id) in scored {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}
