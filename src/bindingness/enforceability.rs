//! Enforceability, kept apart from strength: which provisions a clause of the text takes out of
//! dispute settlement ("No Party shall have recourse to dispute settlement under Chapter 31
//! for any matter arising under this Article"). The rubric measures what the words commit the
//! Parties to; whether a breach can be litigated is a separate question, reported as a flag on
//! every provision the exclusion governs and never folded into its strength.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{CueKind, ProvisionScore};

/// Flags `scores` (the provisions of one document, in order): each provision governed by an
/// exclusion from dispute settlement gets the id of the provision that excludes it, the first
/// such provision in the text when several do.
///
/// Linear in the number of provisions and of the articles the exclusions name: the earliest
/// exclusion of the whole text and the earliest exclusion of each named article are found
/// once, then each provision looks up its own article.
pub(crate) fn flag_exclusions(scores: &mut [ProvisionScore], texts: &[&str]) {
    let mut whole_text: Option<usize> = None;
    let mut by_article: HashMap<String, usize> = HashMap::new();
    for (i, s) in scores.iter().enumerate() {
        let excludes =
            s.bindingness.cues.iter().any(|c| {
                c.kind == CueKind::DisputeSettlementExclusion && c.inherited_from.is_none()
            });
        if !excludes {
            continue;
        }
        match reach(texts[i], &s.article) {
            Reach::Text => {
                whole_text.get_or_insert(i);
            }
            Reach::Articles(numbers) => {
                for n in numbers {
                    by_article.entry(n).or_insert(i);
                }
            }
        }
    }
    if whole_text.is_none() && by_article.is_empty() {
        return;
    }
    let excluders: Vec<Option<String>> = scores
        .iter()
        .map(|s| {
            // An article is named by its full number ("19.18") or, within its chapter, by its
            // last part ("Articles 4, 5 and 7").
            let last = s.article.rsplit_once('.').map(|(_, last)| last);
            [
                whole_text,
                by_article.get(&s.article).copied(),
                last.and_then(|l| by_article.get(l).copied()),
            ]
            .into_iter()
            .flatten()
            .min()
            .map(|i| scores[i].id.clone())
        })
        .collect();
    for (s, excluder) in scores.iter_mut().zip(excluders) {
        if s.dispute_settlement_excluded_by.is_none() {
            s.dispute_settlement_excluded_by = excluder;
        }
    }
}

/// What an exclusion reaches.
#[derive(Debug, PartialEq)]
enum Reach {
    /// "this Chapter", "this Agreement": every provision of the text.
    Text,
    /// "this Article", or articles it names: those articles' provisions.
    Articles(Vec<String>),
}

/// Reads what the exclusion in `text` (a provision of article `article`) reaches: the articles
/// it names ("Articles 4 (...), 5 (...) and 6"), else its own article when it says "this
/// Article" (in "dispute settlement under this Agreement for any matter arising under this
/// Article" the Agreement is where dispute settlement lives, not what is excluded from it),
/// else "this Chapter" or "this Agreement", else its own article.
fn reach(text: &str, article: &str) -> Reach {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\barticles?\s+((?:\d+(?:\.\d+)*(?:\s*\([^)]*\))?(?:,\s*|\s+and\s+|\s+or\s+)?)+)",
        )
        .expect("named articles pattern")
    });
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)*").expect("article number pattern"));
    let lower = text.to_lowercase();
    // The article numbers after the exclusion's own "dispute settlement" words are what it
    // governs; a chapter number before them names the dispute settlement chapter.
    let named: Vec<String> = NAMED
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .flat_map(|m| {
            NUMBER
                .find_iter(&text[m.start()..m.end()])
                .map(|n| n.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let own_article = lower.contains("this article");
    if !named.is_empty() && !own_article {
        Reach::Articles(named)
    } else if !own_article && (lower.contains("this chapter") || lower.contains("this agreement")) {
        Reach::Text
    } else {
        Reach::Articles(vec![article.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclusion_reaches_what_it_names() {
        assert_eq!(
            reach("No Party shall have recourse to dispute settlement under Chapter 31 for any matter arising under this Article.", "19.18"),
            Reach::Articles(vec!["19.18".into()])
        );
        assert_eq!(
            reach("Neither Party shall have recourse to Chapter 21 (Dispute Settlement) in respect of any issue arising from or relating to this Chapter.", "19.20"),
            Reach::Text
        );
        assert_eq!(
            reach("No Party shall have recourse to dispute settlement under this Agreement for any matter arising under this Article.", "19.15"),
            Reach::Articles(vec!["19.15".into()])
        );
        let named = reach("Chapter 16 (Dispute Settlement) shall not apply to Articles 4 (Domestic Regulatory Framework), 5 (Electronic Authentication) and 7 of this Chapter.", "10.10");
        assert_eq!(
            named,
            Reach::Articles(vec!["4".into(), "5".into(), "7".into()])
        );
    }
}
