//! Cutting text into the tokens the word diff compares, and into the word sets the alignment
//! compares.
//!
//! Tokens follow the word boundaries of UAX #29 (a word is never split), with a fast path for
//! ASCII text that gives the same boundaries without the Unicode tables (treaty texts are
//! nearly all ASCII, and tokenizing is the engine's inner loop). A few legal units are then
//! made atomic, so a change never cuts through them: footnote markers (`[^2]`), list labels
//! (`(a)`, `(iv)`) and citations (`Article 19.15`, `paragraph 1`, `subparagraph (b)`).

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};
use unicode_segmentation::UnicodeSegmentation;

/// Words that, followed by a number or a list label, make one citation token.
const CITING_WORDS: &[&str] = &[
    "Annex",
    "Article",
    "Articles",
    "Chapter",
    "Section",
    "paragraph",
    "paragraphs",
    "subparagraph",
    "subparagraphs",
];

/// The word-boundary tokens of `text`, in order; they concatenate to `text`.
pub(super) fn word_bounds(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len() / 3);
    uax29_word_bounds(text, &mut tokens);
    join_legal_units(text, &mut tokens);
    tokens
}

/// UAX #29 word boundaries: the ASCII fast path, with the Unicode algorithm run only on the
/// stretches around non-ASCII characters. A stretch starts at a cut that no later character
/// can move (after an ASCII space or line break followed by an ASCII character, or before a
/// run of spaces) and ends before the next ASCII space or line break.
fn uax29_word_bounds<'t>(text: &'t str, out: &mut Vec<&'t str>) {
    let bytes = text.as_bytes();
    let mut done = 0;
    while done < text.len() {
        let Some(found) = bytes[done..].iter().position(|b| !b.is_ascii()) else {
            ascii_word_bounds(&text[done..], out);
            return;
        };
        let unicode = done + found;
        let mut start = done
            + bytes[done..unicode]
                .iter()
                .rposition(|&b| b == b' ' || b == b'\n')
                .map_or(0, |at| at + 1);
        if start == unicode {
            start -= bytes[done..start]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ')
                .count();
        }
        let end = unicode
            + bytes[unicode..]
                .iter()
                .position(|&b| b == b' ' || b == b'\n')
                .unwrap_or(bytes.len() - unicode);
        ascii_word_bounds(&text[done..start], out);
        out.extend(text[start..end].split_word_bounds());
        done = end;
    }
}

/// What UAX #29 calls each ASCII character, as far as word boundaries go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_`: joins what it touches.
    Connector,
    /// `:` between letters.
    MidLetter,
    /// `,` `;` between digits.
    MidNum,
    /// `.` `'` between letters or between digits.
    MidNumLet,
    Space,
    Cr,
    Other,
}

fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

/// [`Class`] of every byte, computed once at compile time.
const CLASSES: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = class_of(b as u8);
        b += 1;
    }
    table
};

const fn class_of(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Connector,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidNumLet,
        b' ' => Class::Space,
        b'\r' => Class::Cr,
        _ => Class::Other,
    }
}

/// UAX #29 word boundaries of an ASCII text (rules WB3, WB3d, WB5 to WB13b).
fn ascii_word_bounds<'t>(text: &'t str, out: &mut Vec<&'t str>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = match class(bytes[start]) {
            Class::Letter | Class::Digit | Class::Connector => word_end(bytes, start),
            Class::Space => start + bytes[start..].iter().take_while(|&&b| b == b' ').count(),
            Class::Cr if bytes.get(start + 1) == Some(&b'\n') => start + 2,
            _ => start + 1,
        };
        out.push(&text[start..end]);
        start = end;
    }
}

/// End of the word starting at `start`: letters, digits and connectors, with a middle
/// character joining two letters (`:` `.` `'`) or two digits (`,` `;` `.` `'`).
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    while end < bytes.len() {
        let last = class(bytes[end - 1]);
        match class(bytes[end]) {
            Class::Letter | Class::Digit | Class::Connector => end += 1,
            middle @ (Class::MidLetter | Class::MidNum | Class::MidNumLet) => {
                let next = bytes.get(end + 1).map(|&b| class(b));
                let joins = matches!(
                    (last, middle, next),
                    (
                        Class::Letter,
                        Class::MidLetter | Class::MidNumLet,
                        Some(Class::Letter)
                    ) | (
                        Class::Digit,
                        Class::MidNum | Class::MidNumLet,
                        Some(Class::Digit)
                    )
                );
                if !joins {
                    break;
                }
                end += 2;
            }
            _ => break,
        }
    }
    end
}

/// Joins the tokens of footnote markers, list labels and citations into one token each.
fn join_legal_units<'t>(text: &'t str, tokens: &mut Vec<&'t str>) {
    let base = text.as_ptr() as usize;
    let offset = |token: &str| token.as_ptr() as usize - base;
    let mut kept = 0;
    let mut i = 0;
    while i < tokens.len() {
        let len = legal_unit_len(&tokens[i..]);
        tokens[kept] = if len == 1 {
            tokens[i]
        } else {
            let (first, last) = (tokens[i], tokens[i + len - 1]);
            &text[offset(first)..offset(last) + last.len()]
        };
        kept += 1;
        i += len;
    }
    tokens.truncate(kept);
}

/// How many tokens at the start of `tokens` form one legal unit (1 if none does).
fn legal_unit_len(tokens: &[&str]) -> usize {
    // Most tokens start no legal unit: tell them by their first byte.
    if !matches!(
        tokens[0].as_bytes()[0],
        b'[' | b'(' | b'A' | b'C' | b'S' | b'p' | b's'
    ) {
        return 1;
    }
    if let Some(len) = footnote_marker_len(tokens).or_else(|| list_label_len(tokens)) {
        return len;
    }
    let citing = CITING_WORDS.binary_search(&tokens[0]).is_ok();
    if citing && tokens.get(1) == Some(&" ") {
        let number = tokens
            .get(2)
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
        let reference = if number {
            Some(3)
        } else {
            list_label_len(&tokens[2..]).map(|len| 2 + len)
        };
        if let Some(mut len) = reference {
            while let Some(label) = list_label_len(&tokens[len..]) {
                len += label;
            }
            return len;
        }
    }
    1
}

/// `[^2]`: four tokens.
fn footnote_marker_len(tokens: &[&str]) -> Option<usize> {
    match tokens {
        ["[", "^", number, "]", ..] if number.bytes().all(|b| b.is_ascii_digit()) => Some(4),
        _ => None,
    }
}

/// `(a)`, `(iv)`, `(B)`, `(12)`: three tokens.
fn list_label_len(tokens: &[&str]) -> Option<usize> {
    let ["(", label, ")", ..] = tokens else {
        return None;
    };
    let roman = label.len() <= 5 && label.bytes().all(|b| b"ivxlc".contains(&b));
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic());
    let number = label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit());
    (roman || letter || number).then_some(3)
}

/// Token texts interned to small integers, so comparisons are integer comparisons. Interning
/// hashes every token of every compared text: FxHash (rustc-hash) instead of the standard
/// SipHash, as the keys are our own inputs' words, not attacker-chosen to collide at scale,
/// and a collision costs only time.
#[derive(Default)]
pub(super) struct Interner<'t> {
    ids: FxHashMap<&'t str, u32>,
}

/// A text cut at word boundaries.
#[derive(Debug, Default)]
pub(super) struct Tokens<'t> {
    pub(super) text: Vec<&'t str>,
    pub(super) ids: Vec<u32>,
}

impl<'t> Interner<'t> {
    fn intern(&mut self, token: &'t str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(token).or_insert(next)
    }

    pub(super) fn tokenize(&mut self, text: &'t str) -> Tokens<'t> {
        let text = word_bounds(text);
        let ids = text.iter().map(|t| self.intern(t)).collect();
        Tokens { text, ids }
    }
}

/// The distinct words of a text as sorted hashes, for similarity: words are runs of letters
/// and digits, so this needs no tokenizing and no interning.
pub(super) fn word_set(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

pub(super) fn word_hash(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn uax29(text: &str) -> Vec<&str> {
        text.split_word_bounds().collect()
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_matches_uax29(text in "[a-c0-2 .,;:'_\\-\\r\\n\\t()\\[\\]^]{0,40}") {
            let mut fast = Vec::new();
            ascii_word_bounds(&text, &mut fast);
            prop_assert_eq!(fast, uax29(&text));
        }

        #[test]
        fn the_mixed_path_matches_uax29(text in "[a-c0-2 .,'\n]{0,12}[’é\u{301}\u{200d}“]{0,2}[a-c0-2 .,'\n]{0,12}[’é“]?[a .]{0,4}") {
            let mut mixed = Vec::new();
            uax29_word_bounds(&text, &mut mixed);
            prop_assert_eq!(mixed, uax29(&text));
        }

        #[test]
        fn tokens_concatenate_to_the_text(text in "\\PC{0,60}|[a-z0-9 ()\\[\\]^.]{0,60}") {
            prop_assert_eq!(word_bounds(&text).concat(), text);
        }
    }

    #[test]
    fn the_fast_paths_match_uax29_on_the_reference_corpus() {
        for name in ["tpp-2016-en.txt", "nafta-1992-en.txt"] {
            let Ok(text) = std::fs::read_to_string(format!("../shared/corpus/{name}")) else {
                eprintln!("skipped: ../shared/corpus/{name} is absent");
                continue;
            };
            let mut fast = Vec::new();
            uax29_word_bounds(&text, &mut fast);
            assert!(fast == uax29(&text), "{name}");
        }
    }

    #[test]
    fn legal_units_are_atomic() {
        let tokens =
            word_bounds("see footnote[^2] under Article 19.15 and subparagraph (a)(ii), (b)");
        for unit in ["[^2]", "Article 19.15", "subparagraph (a)(ii)", "(b)"] {
            assert!(tokens.contains(&unit), "{unit} in {tokens:?}");
        }
    }

    #[test]
    fn citing_words_are_sorted_for_binary_search() {
        assert!(CITING_WORDS.windows(2).all(|w| w[0] < w[1]));
    }
}
