//! Enforceability, kept apart from strength: which provisions a clause of the text takes out of
//! dispute settlement ("No Party shall have recourse to dispute settlement under Chapter 31
//! for any matter arising under this Article"). The rubric measures what the words commit the
//! Parties to; whether a breach can be litigated is a separate question, reported as a flag on
//! every provision the exclusion governs and never folded into its strength.

use std::sync::LazyLock;

use regex::Regex;

use super::{CueKind, ProvisionScore};

/// Flags `scores` (the provisions of one document, in order): each provision governed by an
/// exclusion from dispute settlement gets the id of the provision that excludes it.
pub(crate) fn flag_exclusions(scores: &mut [ProvisionScore], texts: &[&str]) {
    let exclusions: Vec<(usize, Reach)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.bindingness.cues.iter().any(|c| {
                c.kind == CueKind::DisputeSettlementExclusion && c.inherited_from.is_none()
            })
        })
        .map(|(i, s)| (i, reach(texts[i], &s.article)))
        .collect();
    for (i, reach) in exclusions {
        let by = scores[i].id.clone();
        for s in scores.iter_mut() {
            if s.dispute_settlement_excluded_by.is_none() && reach.covers(&s.article) {
                s.dispute_settlement_excluded_by = Some(by.clone());
            }
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

impl Reach {
    fn covers(&self, article: &str) -> bool {
        match self {
            Reach::Text => true,
            Reach::Articles(numbers) => numbers.iter().any(|n| {
                n == article || article.rsplit_once('.').is_some_and(|(_, last)| last == n)
            }),
        }
    }
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
        assert!(named.covers("10.5") && !named.covers("10.6"));
    }
}
