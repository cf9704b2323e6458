//! Scores over many provisions: aggregates per article and per text, and the comparison of two
//! versions of a text (a baseline and the text a proposal would make of it).
//!
//! Aggregation gives two figures, because they answer different questions:
//!
//! - `total`, in obligation-equivalents: the sum of strengths / 100, so one unconditional
//!   obligation counts 1 and "shall endeavor to" counts 0.5. It grows when a proposal adds a
//!   commitment, however weak, and falls when one is weakened or removed: the headline of a
//!   comparison.
//! - `density`: the mean strength per scored provision, how hard the text binds on average.
//!   Adding a weak commitment lowers it even though nothing was softened, so it is shown beside
//!   the total, never alone.
//!
//! Definitions, scope and interpretive statements are left out of both; exceptions and
//! permissions count as 0 (they add nothing to the total and lower the density).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{analyze_document, Category, ProvisionScore};
use crate::document::Document;

/// Aggregate of a set of provision scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Provisions with a strength.
    pub scored: usize,
    /// Provisions without one (definitions, scope and interpretive statements).
    pub unscored: usize,
    /// Mean strength per scored provision (0 to 100); `None` when none is scored.
    pub density: Option<f64>,
    /// Sum of strengths / 100: how many unconditional obligations the text is worth
    /// ("obligation-equivalents"). 0 when none is scored.
    pub total: f64,
    /// How many provisions fall in each category.
    pub by_category: BTreeMap<Category, usize>,
}

/// Aggregates `scores` as the module doc explains.
pub fn aggregate<'a>(scores: impl IntoIterator<Item = &'a ProvisionScore>) -> Summary {
    let mut by_category = BTreeMap::new();
    let mut strengths: Vec<u8> = Vec::new();
    let mut unscored = 0;
    for s in scores {
        *by_category.entry(s.bindingness.category).or_insert(0) += 1;
        match s.bindingness.strength {
            Some(v) => strengths.push(v),
            None => unscored += 1,
        }
    }
    // Summed as integers so that 45 + 45 is exactly 0.9 obligation-equivalents.
    let sum = strengths.iter().map(|&v| u32::from(v)).sum::<u32>();
    let density = (!strengths.is_empty()).then(|| f64::from(sum) / strengths.len() as f64);
    Summary {
        scored: strengths.len(),
        unscored,
        density,
        total: f64::from(sum) / 100.0,
        by_category,
    }
}

/// Aggregates per article, in document order of first appearance.
pub fn by_article(scores: &[ProvisionScore]) -> Vec<(String, Summary)> {
    let mut order: Vec<&str> = Vec::new();
    for s in scores {
        if !order.contains(&s.article.as_str()) {
            order.push(&s.article);
        }
    }
    order
        .into_iter()
        .map(|a| {
            (
                a.to_string(),
                aggregate(scores.iter().filter(|s| s.article == a)),
            )
        })
        .collect()
}

/// Before, after and the change between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub before: Summary,
    pub after: Summary,
    /// The headline: `after.total - before.total`, in obligation-equivalents; positive when
    /// the text gains or hardens commitments. `None` when neither side has a scored provision.
    pub delta_total: Option<f64>,
    /// `after.density - before.density` when both exist: the change of the average, which
    /// falls when a weaker-than-average commitment is added.
    pub delta_density: Option<f64>,
}

impl Change {
    fn new(before: Summary, after: Summary) -> Change {
        // Totals are hundredths of integer sums; subtracting the sums keeps 2.03 - 1.85
        // exactly 0.18 in JSON.
        let hundredths = |s: &Summary| (s.total * 100.0).round();
        let delta_total = (before.scored + after.scored > 0)
            .then_some((hundredths(&after) - hundredths(&before)) / 100.0);
        let delta_density = before.density.zip(after.density).map(|(b, a)| a - b);
        Change {
            before,
            after,
            delta_total,
            delta_density,
        }
    }
}

/// How a provision differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Added,
    Removed,
    /// Its words changed (its score may or may not have).
    Changed,
    /// Its words are the same but its score changed, because the chapeau it inherits its
    /// modal from did (striking "endeavor to" from 19.15.1 rescores 19.15.1(a) and (b)).
    Rescored,
}

/// One provision that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionChange {
    pub id: String,
    pub status: ChangeStatus,
    pub before: Option<ProvisionScore>,
    pub after: Option<ProvisionScore>,
    /// `after - before` strength, when both are scored.
    pub delta: Option<i16>,
}

/// An article's aggregate before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleChange {
    pub article: String,
    #[serde(flatten)]
    pub change: Change,
}

/// Two versions of a text compared provision by provision (matched by id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Added, removed and changed provisions, in the order of the later version (removed ones
    /// where they stood).
    pub provisions: Vec<ProvisionChange>,
    /// Articles holding a changed provision.
    pub articles: Vec<ArticleChange>,
    /// The whole text.
    pub overall: Change,
}

/// Compares `before` with `after`: what each changed provision scored before and after.
pub fn compare(before: &Document, after: &Document) -> Comparison {
    let old = analyze_document(before);
    let new = analyze_document(after);
    let provisions = changed_provisions(before, after, &old, &new);
    let touched: BTreeSet<&str> = provisions
        .iter()
        .filter_map(|c| c.after.as_ref().or(c.before.as_ref()))
        .map(|s| s.article.as_str())
        .collect();
    let mut article_order: Vec<&str> = Vec::new();
    for s in new.iter().chain(&old) {
        if touched.contains(s.article.as_str()) && !article_order.contains(&s.article.as_str()) {
            article_order.push(&s.article);
        }
    }
    let articles = article_order
        .into_iter()
        .map(|a| ArticleChange {
            article: a.to_string(),
            change: Change::new(
                aggregate(old.iter().filter(|s| s.article == a)),
                aggregate(new.iter().filter(|s| s.article == a)),
            ),
        })
        .collect();
    Comparison {
        provisions,
        articles,
        overall: Change::new(aggregate(&old), aggregate(&new)),
    }
}

fn changed_provisions(
    before: &Document,
    after: &Document,
    old: &[ProvisionScore],
    new: &[ProvisionScore],
) -> Vec<ProvisionChange> {
    let find = |scores: &[ProvisionScore], id: &str| scores.iter().position(|s| s.id == id);
    // Sort key: position in the later version; a removed provision sorts just after the
    // nearest earlier provision that survived.
    let mut keyed: Vec<((usize, usize), ProvisionChange)> = Vec::new();
    for (index, n) in new.iter().enumerate() {
        let o = find(old, &n.id).map(|i| old[i].clone());
        let text_changed =
            before.provision(&n.id).map(|p| &p.text) != after.provision(&n.id).map(|p| &p.text);
        let status = match &o {
            None => ChangeStatus::Added,
            Some(_) if text_changed => ChangeStatus::Changed,
            Some(o)
                if o.bindingness.category != n.bindingness.category
                    || o.bindingness.strength != n.bindingness.strength =>
            {
                ChangeStatus::Rescored
            }
            Some(_) => continue,
        };
        keyed.push((
            (index + 1, 0),
            change(n.id.clone(), status, o, Some(n.clone())),
        ));
    }
    for (index, o) in old.iter().enumerate() {
        if find(new, &o.id).is_none() {
            let anchor = old[..index]
                .iter()
                .rev()
                .find_map(|prev| find(new, &prev.id))
                .map_or(0, |i| i + 1);
            keyed.push((
                (anchor, index + 1),
                change(o.id.clone(), ChangeStatus::Removed, Some(o.clone()), None),
            ));
        }
    }
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, c)| c).collect()
}

fn change(
    id: String,
    status: ChangeStatus,
    before: Option<ProvisionScore>,
    after: Option<ProvisionScore>,
) -> ProvisionChange {
    let strength = |s: &Option<ProvisionScore>| s.as_ref().and_then(|s| s.bindingness.strength);
    let delta = strength(&before)
        .zip(strength(&after))
        .map(|(b, a)| i16::from(a) - i16::from(b));
    ProvisionChange {
        id,
        status,
        before,
        after,
        delta,
    }
}
