//! Bindingness: how hard each provision binds the Parties, on a 0 to 100 scale, with the words
//! that produced the score so it can be argued with.
//!
//! The scale and rubric are in `docs/bindingness.md`; in short, an unconditional "each Party
//! shall" or "No Party shall" scores 100, a hedged obligation 75, "shall endeavor to" 50,
//! "shall cooperate" 40, "should" 15, "recognize" 10, permissions and carve-outs 0, and
//! definitions are not scored.
//!
//! ```
//! use redline::bindingness::{analyze_text, Category};
//! let b = analyze_text("Each Party shall endeavor to accept electronic documents.");
//! assert_eq!(b.category, Category::BestEfforts);
//! assert_eq!(b.strength, Some(50));
//! assert_eq!(b.cues[0].phrase, "Each Party");
//! ```
//!
//! Stages: the cue lexicon (`bindingness/lexicon.rs`) finds cues, [`score`] turns them into a
//! [`Bindingness`], and [`compare`] scores whole documents, aggregates them and compares two
//! versions.

mod compare;
mod enforceability;
mod lexicon;
pub mod score;

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use serde::Serialize;

use crate::document::{Document, Provision, ProvisionIndex, ProvisionKind};
pub use compare::{
    aggregate, by_article, compare, compare_scored, group_by_article, ArticleChange, ArticleScores,
    Change, ChangeStatus, Commitment, Comparison, Hollowing, Impact, ProvisionChange, Scored,
    Summary, Tally,
};

/// What kind of commitment a provision makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// "Each Party shall": a duty to act, unconditional.
    Obligation,
    /// "No Party shall", "a Party shall not": a duty to refrain.
    Prohibition,
    /// An obligation or prohibition qualified by a hedge ("where appropriate", "in accordance
    /// with its laws").
    HedgedObligation,
    /// "shall endeavor", "shall seek", "shall make every effort", "shall consider".
    BestEfforts,
    /// "shall cooperate", "shall encourage", "shall promote": a duty whose content is
    /// cooperation rather than a result.
    Cooperation,
    /// "recognize", "affirm", "acknowledge", "should": words with no duty to act.
    Hortatory,
    /// "a Party may": preserved discretion.
    Permission,
    /// "does not apply", "nothing in this Article shall be construed", "does not preclude": a
    /// carve-out from another provision.
    Exception,
    /// A definition, or a scope or interpretive statement: binds no one, not scored.
    Definition,
}

impl Category {
    /// Every category, in the order of the rubric.
    pub const ALL: [Category; 9] = [
        Category::Obligation,
        Category::Prohibition,
        Category::HedgedObligation,
        Category::BestEfforts,
        Category::Cooperation,
        Category::Hortatory,
        Category::Permission,
        Category::Exception,
        Category::Definition,
    ];

    /// The name used in tables and JSON: `best_efforts`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Obligation => "obligation",
            Category::Prohibition => "prohibition",
            Category::HedgedObligation => "hedged_obligation",
            Category::BestEfforts => "best_efforts",
            Category::Cooperation => "cooperation",
            Category::Hortatory => "hortatory",
            Category::Permission => "permission",
            Category::Exception => "exception",
            Category::Definition => "definition",
        }
    }

    /// The category named `name` (as [`Category::name`] spells it).
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What class of words a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// "shall", "must", "agree to", "undertake to", "commit to".
    Obligation,
    /// "will": a commitment in the future tense, the weakest form of an obligation.
    Will,
    /// "shall not", "No Party shall", "must not", "agree not to", "cannot be subject to".
    Prohibition,
    /// "shall endeavor to", "shall seek to", "shall make every effort to", "shall work towards",
    /// "shall explore".
    BestEfforts,
    /// "shall consider", "shall take into account": a binding duty to deliberate.
    Consider,
    /// "should".
    Should,
    /// "a Party may", "retains the right", "can take the form of".
    Permission,
    /// "recognize", "affirm", "acknowledge", "understand", "confirm".
    Recognition,
    /// "The objectives of this Chapter are": a purpose, which names nobody who must act.
    Objective,
    /// "does not apply", "nothing in this ... shall be construed", "does not preclude",
    /// "shall not be required to", "shall prevail", "mutatis mutandis", "delayed application",
    /// "notwithstanding".
    CarveOut,
    /// "No Party shall have recourse to dispute settlement", "shall not be subject to dispute
    /// settlement": takes provisions out of dispute settlement. Reported as a flag of the
    /// provisions it governs, never folded into their strength.
    DisputeSettlementExclusion,
    /// "shall not be construed to permit", "nothing in ... shall be construed to allow": a clause
    /// that denies an exception a reading, so what it would have permitted stays prohibited.
    Narrowing,
    /// "This Chapter applies to".
    Scope,
    /// "For greater certainty", "For the purposes of this".
    Clarification,
    /// "term means".
    DefinitionMeans,
    /// "where appropriate", "to the extent practicable", "in accordance with its laws",
    /// "as soon as practicable", "except where", "in a manner it considers appropriate",
    /// "on mutually agreed terms".
    Hedge,
    /// A cooperative verb or object governed by a modal: "cooperate", "exchange information",
    /// "strengthen collaboration mechanisms".
    CooperativeContent,
    /// A promotional verb governed by a modal: "encourage", "promote", "foster".
    PromotionalContent,
    /// The subject of a modal: "each Party", "the Parties", "it".
    Subject,
    /// Private actors a Party need only encourage: "enterprises", "the private sector".
    PrivateActor,
    /// "each Party may determine what constitutes": leaves the reach of an obligation to the
    /// Party that owes it.
    SelfDetermination,
}

/// A word or phrase that shaped a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    /// The words as written.
    pub phrase: String,
    /// Byte offsets of the phrase in the text it was found in: the provision's own text, or
    /// the text of `inherited_from` when the cue was inherited.
    pub start: usize,
    pub end: usize,
    pub kind: CueKind,
    /// What the cue did to the score, in words a reader can check ("hedge: leaves it to the
    /// Party (×0.75)").
    pub effect: String,
    /// Whether the cue decided the category or changed the strength (the cues a table shows
    /// first).
    pub decisive: bool,
    /// The provision the cue was read from, when it is not the scored provision itself: the
    /// chapeau whose modal governs a list item, or an intermediate list item.
    pub inherited_from: Option<String>,
}

/// How hard one provision or clause binds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bindingness {
    pub category: Category,
    /// 0 to 100; `None` for definitions and other statements that bind no one.
    pub strength: Option<u8>,
    /// Every cue found, in order, each with its effect.
    pub cues: Vec<Cue>,
}

/// The score of one provision of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionScore {
    pub id: String,
    pub eid: String,
    pub article: String,
    pub bindingness: Bindingness,
    /// The provision that takes this one out of dispute settlement ("No Party shall have
    /// recourse to dispute settlement ... for any matter arising under this Article"), if one
    /// does. A flag beside the strength, never folded into it: the rubric measures what the
    /// words commit the Parties to, not whether a breach can be litigated.
    pub dispute_settlement_excluded_by: Option<String>,
}

/// Scores a bare clause: a sentence pasted from any treaty, with no chapeau.
pub fn analyze_text(text: &str) -> Bindingness {
    score::score_provision(text, None, false)
}

/// Scores every provision of `doc` in order. List items inherit the modal of the chapeau that
/// governs them ("the Parties shall endeavor to:" governs (a) and (b)), through as many levels
/// as the list has; definitions and everything under them are not scored. Provisions that a
/// clause of the text takes out of dispute settlement are flagged.
pub fn analyze_document(doc: &Document) -> Vec<ProvisionScore> {
    let index = ProvisionIndex::new(doc);
    let mut scores: Vec<ProvisionScore> = doc
        .provisions()
        .map(|p| ProvisionScore {
            id: p.id.clone(),
            eid: p.eid.clone(),
            article: p.article.clone(),
            bindingness: analyze_governed(p, &index.chapeaux(p)),
            dispute_settlement_excluded_by: None,
        })
        .collect();
    let texts: Vec<&str> = doc.provisions().map(|p| p.text.as_str()).collect();
    enforceability::flag_exclusions(&mut scores, &texts);
    scores
}

/// Scores one provision of `doc` with its chapeaux.
pub fn analyze_provision(doc: &Document, provision: &Provision) -> Bindingness {
    analyze_governed(provision, &doc.chapeaux(provision))
}

/// Scores `provision` governed by `chain`, its chapeaux outermost first.
fn analyze_governed(provision: &Provision, chain: &[&Provision]) -> Bindingness {
    let is_definition = std::iter::once(provision)
        .chain(chain.iter().copied())
        .any(|p| matches!(p.kind, ProvisionKind::Definition { .. }));
    let links: Vec<(&str, &str)> = chain
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    analyze_chain(&links, &provision.text, is_definition)
}

/// Scores a list item pasted with the chapeaux that govern it, outermost first: for
/// `(a)(i)` pass the paragraph's lead-in and then `(a)`. Inherited cues name their chapeau
/// `chapeau 1`, `chapeau 2`, ... in that order.
///
/// ```
/// use redline::bindingness::{analyze_item, Category};
/// let b = analyze_item(&["The Parties shall endeavor to:"], "build the capabilities of their national entities;");
/// assert_eq!(b.category, Category::BestEfforts);
/// assert_eq!(b.cues[1].inherited_from.as_deref(), Some("chapeau 1"));
/// ```
pub fn analyze_item(chapeaux: &[&str], text: &str) -> Bindingness {
    let names: Vec<String> = (1..=chapeaux.len())
        .map(|n| format!("chapeau {n}"))
        .collect();
    let links: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(chapeaux.iter().copied())
        .collect();
    analyze_chain(&links, text, false)
}

/// Scores `text` under the chain of `(id, text)` chapeaux above it, outermost first,
/// remembering each distinct provision in its context: a review scores every version of the
/// text, and most provisions are the same in all of them.
fn analyze_chain(chain: &[(&str, &str)], text: &str, is_definition: bool) -> Bindingness {
    type Key = (Vec<(String, String)>, String, bool);
    static CACHE: LazyLock<Mutex<HashMap<Key, Bindingness>>> = LazyLock::new(Default::default);
    const MAX_ENTRIES: usize = 4096;
    let key: Key = (
        chain
            .iter()
            .map(|&(id, t)| (id.to_string(), t.to_string()))
            .collect(),
        text.to_string(),
        is_definition,
    );
    if let Some(found) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return found;
    }
    let scored = score_chain(chain, text, is_definition);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(key, scored.clone());
    }
    scored
}

fn score_chain(chain: &[(&str, &str)], text: &str, is_definition: bool) -> Bindingness {
    let inheritance = chain.iter().rposition(|(_, c)| governs(c)).map(|index| {
        let (content_id, content_text) = chain
            .get(index + 1)
            .map_or((None, text), |&(id, t)| (Some(id), t));
        score::Inheritance {
            chapeau_id: chain[index].0,
            chapeau_text: chain[index].1,
            content_id,
            content_text,
        }
    });
    score::score_provision(text, inheritance.as_ref(), is_definition)
}

/// Whether a chapeau's lead-in sentence carries deontic force its list items inherit.
fn governs(chapeau: &str) -> bool {
    let (start, end) = *lexicon::sentences(chapeau)
        .last()
        .expect("sentences always returns at least one span");
    analyze_text(&chapeau[start..end]).category != Category::Definition
}
