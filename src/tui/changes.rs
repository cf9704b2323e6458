//! What an interactive review steps through: one [`Change`] per amendment, in reading order
//! of the agreement (grouped by document and article), each with what the list shows (tag,
//! sponsor, bindingness before and after, conflicts) and where it is in the redline.

use crate::document::Document;
use crate::render::neutral::{plain, Lines};
use crate::render::{BindingnessFigure, RenderOptions, Report};
use crate::review::{
    footprints, is_below, ConflictKind, ConflictSide, Footprint, Settlement, Touch,
};
use crate::session::{AmendmentRef, Choices, Filter, Policy, ReportOptions, Session, SessionError};

/// One amendment as the review shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub amendment: AmendmentRef,
    /// Its proposal's tag in the session, and the tag's palette index.
    pub tag: String,
    pub colour: usize,
    pub sponsor: String,
    /// `3/4`: its place among its proposal's amendments.
    pub of_proposal: String,
    /// The operation, as the file writes it: `replace_phrase`.
    pub op: &'static str,
    /// The section (document) of the redline it is in.
    pub section: usize,
    /// The article it belongs to, as its heading reads (`Article 19.15: Cybersecurity`).
    pub article: String,
    /// The provisions it touches, by id (new ones by the id they are inserted under).
    pub provisions: Vec<String>,
    /// What it does, in words: `replaces "shall endeavor to" with "shall"`.
    pub intent: String,
    /// Bindingness of its first provision before and after the whole review, if scored.
    pub bindingness: Option<BindingnessFigure>,
    /// The amendments it collides with.
    pub conflicts: Vec<Collision>,
}

/// Another proposal's amendment that cannot apply as written together with a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    pub with: AmendmentRef,
    pub provision: String,
    pub kind: ConflictKind,
    /// `--on-conflict merge` keeps both (the later relabelled).
    pub mergeable: bool,
}

impl Change {
    /// Whether the redline shows `id` as part of this change.
    pub fn covers(&self, id: &str) -> bool {
        self.provisions.iter().any(|unit| {
            id == unit
                || is_below(id, unit)
                || id.strip_prefix("Article ") == Some(unit.as_str())
                || id
                    .strip_prefix(unit.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    /// The collisions the session's policy cannot keep both sides of.
    pub fn exclusive(&self) -> impl Iterator<Item = &Collision> {
        self.conflicts.iter().filter(|c| !c.mergeable)
    }
}

/// Every change of a session, with the report they are shown from.
#[derive(Debug, Clone)]
pub struct Changes {
    pub list: Vec<Change>,
    /// The redline of every amendment applied (a conflict's later side left out, unless the
    /// policy merges it): what the review shows each change in.
    pub report: Report,
    /// The policy conflicts are settled with.
    pub policy: Policy,
    /// Each section's document before and after, to resolve citations in.
    pub texts: Vec<Texts>,
}

/// One document of the review, before and after every amendment shown.
#[derive(Debug, Clone)]
pub struct Texts {
    pub before: Document,
    pub after: Document,
}

impl Changes {
    /// The changes of `session`, in reading order. The redline shows every amendment; where
    /// two collide, the earlier proposal's (both under `merge`, where that is defined).
    pub fn of(session: &Session, policy: Policy) -> Result<Changes, SessionError> {
        let settled = match session.settle(&Choices::policy(policy)) {
            Err(SessionError::Conflicts { .. }) => {
                session.settle(&Choices::policy(Policy::FirstWins))?
            }
            settled => settled?,
        };
        let report = settled.report(&ReportOptions::default(), &Filter::default())?;
        let settlement = &settled.settlement;
        let options = RenderOptions::default();
        let mut list = Vec::new();
        for (section, part) in session.parts().iter().enumerate() {
            let redline = &report.sections[section].redline;
            for &p in &part.proposals {
                let entry = &session.proposals()[p];
                let prints = footprints(&part.before, entry.proposal(), p).unwrap_or_default();
                let count = entry.proposal().amendments.len();
                for (index, amendment) in entry.proposal().amendments.iter().enumerate() {
                    let r = AmendmentRef::new(entry.id(), index);
                    let edits: Vec<&Footprint> = prints
                        .iter()
                        .filter(|f| {
                            f.amendment == index && !matches!(f.touch, Touch::Beside { .. })
                        })
                        .collect();
                    let mut provisions: Vec<String> = Vec::new();
                    for unit in edits.iter().map(|f| f.touch.unit()) {
                        if !provisions.iter().any(|p| p == unit) {
                            provisions.push(unit.to_string());
                        }
                    }
                    let intent = edits.first().map_or_else(
                        || format!("{} at {}", amendment.op(), amendment.address()),
                        |f| f.intent.clone(),
                    );
                    let conflicts = collisions(settlement, &r);
                    let mut change = Change {
                        amendment: r,
                        tag: entry.tag.clone(),
                        colour: entry.colour,
                        sponsor: entry.proposal().sponsor.clone(),
                        of_proposal: format!("{}/{count}", index + 1),
                        op: amendment.op(),
                        section,
                        article: String::new(),
                        provisions,
                        intent,
                        bindingness: None,
                        conflicts,
                    };
                    let first = redline
                        .provisions
                        .iter()
                        .position(|q| change.covers(q.id()));
                    change.article = article_of(redline, first, &change);
                    change.bindingness = first
                        .and_then(|i| report.bindingness_of(&redline.provisions[i], &options))
                        .cloned();
                    list.push((first.unwrap_or(usize::MAX), change));
                }
            }
        }
        list.sort_by_key(|(at, c)| (c.section, *at));
        Ok(Changes {
            list: list.into_iter().map(|(_, c)| c).collect(),
            report,
            policy,
            texts: settled
                .texts
                .iter()
                .map(|t| Texts {
                    before: t.before().clone(),
                    after: t.amended().clone(),
                })
                .collect(),
        })
    }
}

/// The amendments `amendment` collides with, and whether the settlement merged them.
fn collisions(settlement: &Settlement, amendment: &AmendmentRef) -> Vec<Collision> {
    let side = |s: &ConflictSide| AmendmentRef::new(&s.proposal, s.amendment - 1);
    settlement
        .conflicts
        .iter()
        .filter_map(|c| {
            let (first, second) = (side(&c.first), side(&c.second));
            let with = match (&first == amendment, &second == amendment) {
                (true, _) => second.clone(),
                (_, true) => first,
                _ => return None,
            };
            Some(Collision {
                with,
                provision: c.provision.clone(),
                kind: c.kind,
                mergeable: settlement.merged.iter().any(|m| m.amendment == second),
            })
        })
        .collect()
}

/// The heading of the article holding the redline's provision `at` (as it reads after the
/// review); for a change the redline does not show, the article its first provision names.
fn article_of(redline: &crate::diff::Redline, at: Option<usize>, change: &Change) -> String {
    let heading = at.and_then(|at| {
        redline.provisions[..=at]
            .iter()
            .rev()
            .find(|p| p.kind == "article heading")
    });
    match heading {
        Some(h) => {
            let text = h.side(crate::diff::SpanKind::Insert);
            let heading = format!("{} {}", h.label, text.trim());
            plain(heading.trim(), Lines::One).into_owned()
        }
        None => {
            let first = change.provisions.first().map_or("", String::as_str);
            let number = first.split(['(', '/']).next().unwrap_or(first);
            let parts: Vec<&str> = number.split('.').collect();
            format!("Article {}", parts[..parts.len().min(2)].join("."))
        }
    }
}
