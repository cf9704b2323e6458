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

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::score::{LAW_OR_SELF_JUDGING, LISTED_EXCEPTIONS};
use super::{analyze_document, Category, CueKind, ProvisionScore};
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
    /// How many provisions are excluded from dispute settlement (a flag, not part of the
    /// strengths).
    pub excluded_from_dispute_settlement: usize,
}

/// Aggregates `scores` as the module doc explains.
pub fn aggregate<'a>(scores: impl IntoIterator<Item = &'a ProvisionScore>) -> Summary {
    let mut by_category = BTreeMap::new();
    let mut strengths: Vec<u8> = Vec::new();
    let mut unscored = 0;
    let mut excluded = 0;
    for s in scores {
        *by_category.entry(s.bindingness.category).or_insert(0) += 1;
        excluded += usize::from(s.dispute_settlement_excluded_by.is_some());
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
        excluded_from_dispute_settlement: excluded,
    }
}

/// Aggregates per article, in document order of first appearance.
pub fn by_article(scores: &[ProvisionScore]) -> Vec<(String, Summary)> {
    group_by_article(scores)
        .into_iter()
        .map(|group| (group.article.to_string(), aggregate(group.scores)))
        .collect()
}

/// The scores of one article.
#[derive(Debug, Clone)]
pub struct ArticleScores<'a> {
    pub article: &'a str,
    /// In the order of `scores`.
    pub scores: Vec<&'a ProvisionScore>,
}

/// `scores` grouped by article, the articles in order of first appearance: in one pass, so a
/// text of 20,000 articles costs per article what a chapter does.
pub fn group_by_article(scores: &[ProvisionScore]) -> Vec<ArticleScores<'_>> {
    let mut groups: Vec<ArticleScores> = Vec::new();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    for s in scores {
        let i = *index.entry(&s.article).or_insert_with(|| {
            groups.push(ArticleScores {
                article: &s.article,
                scores: Vec::new(),
            });
            groups.len() - 1
        });
        groups[i].scores.push(s);
    }
    groups
}

/// Each article's scores, looked up by article number.
fn scores_by_article<'g, 'a>(
    groups: &'g [ArticleScores<'a>],
) -> FxHashMap<&'a str, &'g [&'a ProvisionScore]> {
    groups
        .iter()
        .map(|g| (g.article, g.scores.as_slice()))
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
    /// What the change does to the text's commitments, commitment by commitment.
    pub impact: Impact,
}

/// Compares `before` with `after`: what each changed provision scored before and after.
pub fn compare(before: &Document, after: &Document) -> Comparison {
    compare_scored(&Scored::new(before), &Scored::new(after))
}

/// A document with the score of each of its provisions, as [`analyze_document`] gives them.
#[derive(Debug, Clone)]
pub struct Scored<'d> {
    pub document: &'d Document,
    pub scores: Vec<ProvisionScore>,
}

impl<'d> Scored<'d> {
    /// Scores every provision of `document`.
    pub fn new(document: &'d Document) -> Scored<'d> {
        Scored {
            document,
            scores: analyze_document(document),
        }
    }
}

/// [`compare`] of two documents already scored: a review compares every version of the text
/// with the next, and scores each version once.
pub fn compare_scored(before: &Scored<'_>, after: &Scored<'_>) -> Comparison {
    let (old, new) = (&before.scores, &after.scores);
    let (before, after) = (before.document, after.document);
    let provisions = changed_provisions(before, after, old, new);
    let touched: BTreeSet<&str> = provisions
        .iter()
        .filter_map(|c| c.after.as_ref().or(c.before.as_ref()))
        .map(|s| s.article.as_str())
        .collect();
    let (old_groups, new_groups) = (group_by_article(old), group_by_article(new));
    let (old_of, new_of) = (
        scores_by_article(&old_groups),
        scores_by_article(&new_groups),
    );
    let mut seen = BTreeSet::new();
    let articles = new_groups
        .iter()
        .chain(&old_groups)
        .filter(|g| touched.contains(g.article) && seen.insert(g.article))
        .map(|g| ArticleChange {
            article: g.article.to_string(),
            change: Change::new(
                aggregate(
                    old_of
                        .get(g.article)
                        .copied()
                        .unwrap_or_default()
                        .iter()
                        .copied(),
                ),
                aggregate(
                    new_of
                        .get(g.article)
                        .copied()
                        .unwrap_or_default()
                        .iter()
                        .copied(),
                ),
            ),
        })
        .collect();
    let impact = impact(old, new, &provisions, after);
    Comparison {
        provisions,
        articles,
        overall: Change::new(aggregate(old), aggregate(new)),
        impact,
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
                    || o.bindingness.strength != n.bindingness.strength
                    || o.dispute_settlement_excluded_by != n.dispute_settlement_excluded_by =>
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

/// What a proposal does to a text's commitments, in three parts a negotiator reads apart:
/// (a) commitments that existed before and were hardened or weakened, (b) commitments added,
/// (c) commitments removed or hollowed out. The unit is the *commitment*: a numbered paragraph
/// with its list items, scored by its strongest member, so that writing one commitment as a
/// chapeau and six items counts it once (docs/bindingness.md, "Impact of a proposal").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    /// (a) Existing commitments that bind harder after the change.
    pub hardened: Tally,
    /// (a) Existing commitments that bind less after the change (a negative total).
    pub weakened: Tally,
    /// (b) New commitments, each with its strength.
    pub added: Vec<Commitment>,
    /// (c) Commitments removed.
    pub removed: Vec<Commitment>,
    /// (c) Commitments emptied by a carve-out or a self-determination clause the change adds to
    /// their article ("each Party may determine what constitutes its critical infrastructure").
    pub hollowed: Vec<Hollowing>,
    /// The headline, in obligation-equivalents: hardened + weakened + added − removed −
    /// hollowed.
    pub headline: f64,
}

impl Impact {
    /// The headline and its three parts as one line: `+1.00 (existing +1.00, new 0.00 in 0,
    /// removed or hollowed 0.00)`.
    pub fn text(&self) -> String {
        let added: u32 = self.added.iter().map(|c| u32::from(c.strength)).sum();
        let lost: i32 = self
            .removed
            .iter()
            .map(|c| i32::from(c.strength))
            .sum::<i32>()
            + self
                .hollowed
                .iter()
                .map(|h| i32::from(h.strength) - i32::from(h.left))
                .sum::<i32>();
        let existing = self.hardened.total + self.weakened.total;
        // Zero is printed unsigned, so that nothing reads as "-0.00".
        let signed = |v: f64| {
            if v == 0.0 {
                "0.00".to_string()
            } else {
                format!("{v:+.2}")
            }
        };
        format!(
            "{} (existing {}, new {} in {}, removed or hollowed {})",
            signed(self.headline),
            signed(existing),
            signed(f64::from(added) / 100.0),
            self.added.len(),
            signed(-f64::from(lost) / 100.0)
        )
    }
}

/// A count of commitments and the sum of their strength changes, in obligation-equivalents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    pub count: usize,
    pub total: f64,
}

/// One commitment: a numbered paragraph with its list items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitment {
    /// The paragraph's id (`19.24.2`, whose items `19.24.2(a)`... it stands for).
    pub id: String,
    pub category: Category,
    pub strength: u8,
}

/// A commitment a carve-out or self-determination clause empties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hollowing {
    /// The commitment.
    pub id: String,
    /// The provision that empties it.
    pub by: String,
    /// Its strength as written, and what is left of it with the clause read into it.
    pub strength: u8,
    pub left: u8,
}

/// The commitment a provision belongs to: its id up to the first list item.
fn unit_of(id: &str) -> &str {
    id.split_once('(').map_or(id, |(unit, _)| unit)
}

/// The strongest member of each commitment, in document order.
fn units(scores: &[ProvisionScore]) -> Vec<(String, Category, u8)> {
    let mut out: Vec<(String, Category, u8)> = Vec::new();
    for s in scores {
        let Some(strength) = s.bindingness.strength else {
            continue;
        };
        let unit = unit_of(&s.id);
        match out.iter_mut().find(|(id, _, _)| id == unit) {
            Some(u) if strength > u.2 => {
                u.1 = s.bindingness.category;
                u.2 = strength;
            }
            Some(_) => {}
            None => out.push((unit.to_string(), s.bindingness.category, strength)),
        }
    }
    out
}

/// Whether a category commits the Parties to act or refrain (not an exception, permission,
/// recognition or definition).
fn commits(category: Category) -> bool {
    matches!(
        category,
        Category::Obligation
            | Category::Prohibition
            | Category::HedgedObligation
            | Category::BestEfforts
            | Category::Cooperation
    )
}

fn impact(
    old: &[ProvisionScore],
    new: &[ProvisionScore],
    changes: &[ProvisionChange],
    after: &Document,
) -> Impact {
    let (before_units, after_units) = (units(old), units(new));
    let find = |units: &[(String, Category, u8)], id: &str| {
        units.iter().find(|(u, _, _)| u == id).map(|u| (u.1, u.2))
    };
    let mut hardened = (0usize, 0i32);
    let mut weakened = (0usize, 0i32);
    let mut added = Vec::new();
    for (id, category, strength) in &after_units {
        match find(&before_units, id) {
            Some((_, was)) if *strength > was => {
                hardened.0 += 1;
                hardened.1 += i32::from(*strength) - i32::from(was);
            }
            Some((_, was)) if *strength < was => {
                weakened.0 += 1;
                weakened.1 += i32::from(*strength) - i32::from(was);
            }
            Some(_) => {}
            None if commits(*category) => added.push(Commitment {
                id: id.clone(),
                category: *category,
                strength: *strength,
            }),
            None => {}
        }
    }
    let removed: Vec<Commitment> = before_units
        .iter()
        .filter(|(id, c, _)| commits(*c) && find(&after_units, id).is_none())
        .map(|(id, category, strength)| Commitment {
            id: id.clone(),
            category: *category,
            strength: *strength,
        })
        .collect();
    let hollowed = hollowings(new, changes, &after_units, after);
    let sum = |c: &[Commitment]| c.iter().map(|c| i32::from(c.strength)).sum::<i32>();
    let emptied: i32 = hollowed
        .iter()
        .map(|h| i32::from(h.strength) - i32::from(h.left))
        .sum();
    let headline = hardened.1 + weakened.1 + sum(&added) - sum(&removed) - emptied;
    Impact {
        hardened: Tally {
            count: hardened.0,
            total: f64::from(hardened.1) / 100.0,
        },
        weakened: Tally {
            count: weakened.0,
            total: f64::from(weakened.1) / 100.0,
        },
        added,
        removed,
        hollowed,
        headline: f64::from(headline) / 100.0,
    }
}

/// The commitments of each article that a carve-out or self-determination clause added to it
/// empties: what is left of a commitment is what it would score with the clause in its own
/// text (a carve-out limb leaves a hedged obligation of 70 at most, a self-determination clause
/// 65).
fn hollowings(
    new: &[ProvisionScore],
    changes: &[ProvisionChange],
    after_units: &[(String, Category, u8)],
    after: &Document,
) -> Vec<Hollowing> {
    let mut out = Vec::new();
    // A clause the change made into a carve-out or self-determination clause: added, or
    // rewritten from another category.
    let made = |c: &&ProvisionChange| match (&c.before, c.status) {
        (_, ChangeStatus::Added) => true,
        (Some(b), ChangeStatus::Changed) => {
            c.after.as_ref().map(|a| a.bindingness.category) != Some(b.bindingness.category)
        }
        _ => false,
    };
    for change in changes.iter().filter(made) {
        let Some(score) = new.iter().find(|s| s.id == change.id) else {
            continue;
        };
        // A carve-out limb of a commitment's own text already hedged that commitment's score;
        // only a clause that is itself an exception or permission empties the others.
        if !matches!(
            score.bindingness.category,
            Category::Exception | Category::Permission
        ) {
            continue;
        }
        let emptying = score.bindingness.cues.iter().find(|c| {
            c.decisive
                && matches!(c.kind, CueKind::SelfDetermination | CueKind::CarveOut)
                && !c.phrase.eq_ignore_ascii_case("notwithstanding")
        });
        let Some(cue) = emptying else { continue };
        let left = if cue.kind == CueKind::SelfDetermination {
            LAW_OR_SELF_JUDGING
        } else {
            LISTED_EXCEPTIONS
        };
        let own_unit = unit_of(&score.id);
        let article_units = after
            .provisions()
            .filter(|p| p.article == score.article)
            .map(|p| unit_of(&p.id).to_string())
            .collect::<BTreeSet<_>>();
        for (id, category, strength) in after_units {
            if id != own_unit
                && article_units.contains(id)
                && commits(*category)
                && *strength > left
            {
                out.push(Hollowing {
                    id: id.clone(),
                    by: score.id.clone(),
                    strength: *strength,
                    left,
                });
            }
        }
    }
    out
}
