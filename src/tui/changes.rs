//! What an interactive review steps through: one [`Change`] per amendment, in reading order
//! of the agreement (grouped by document and article), each with what the list shows (tag,
//! sponsor, bindingness before and after, conflicts) and where it is in the redline.

use crate::document::Document;
use crate::render::neutral::{plain, Lines};
use crate::render::{BindingnessFigure, RenderOptions, Report};
use crate::review::{
    footprints, is_below, ConflictKind, ConflictSide, Footprint, Reason, Settlement, Touch,
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
    /// The report it is shown in, an index into [`Changes::reports`].
    pub shown_in: usize,
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

    /// Finds the change in `report`: its article and bindingness there, and the index of its
    /// first provision in its section's redline.
    fn place(&mut self, report: &Report) -> Option<usize> {
        let redline = &report.sections.get(self.section)?.redline;
        let first = redline.provisions.iter().position(|q| self.covers(q.id()));
        self.article = article_of(redline, first, self);
        self.bindingness = first
            .and_then(|i| report.bindingness_of(&redline.provisions[i], &RenderOptions::default()))
            .cloned();
        first
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
    /// What the review shows the changes in: first the redline of every amendment applied (a
    /// conflict's later side left out, unless the policy merges it), then, for each change
    /// that leaves out, the redline with its side kept instead ([`Change::shown_in`]).
    pub reports: Vec<Report>,
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
        let mut list = Vec::new();
        for (section, part) in session.parts().iter().enumerate() {
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
                    // Merged under a new label: shown where it was placed.
                    for merged in settlement.merged.iter().filter(|m| m.amendment == r) {
                        for unit in provisions.iter_mut().filter(|u| **u == merged.asked) {
                            unit.clone_from(&merged.placed);
                        }
                    }
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
                        shown_in: 0,
                    };
                    let first = change.place(&report);
                    list.push((first.unwrap_or(usize::MAX), change));
                }
            }
        }
        let mut reports = vec![report];
        for (at, change) in &mut list {
            let conflicted = settlement.left_out.iter().any(|l| {
                l.amendment == change.amendment && matches!(l.reason, Reason::Conflict { .. })
            });
            if !conflicted {
                continue;
            }
            let choices = Choices {
                policy: Policy::FirstWins,
                left_out: change.exclusive().map(|c| c.with.clone()).collect(),
            };
            let Ok(kept) = session.settle(&choices) else {
                continue;
            };
            let alternative = kept.report(&ReportOptions::default(), &Filter::default())?;
            if let Some(first) = change.place(&alternative) {
                *at = first;
            }
            change.shown_in = reports.len();
            reports.push(alternative);
        }
        list.sort_by_key(|(at, c)| (c.section, *at));
        Ok(Changes {
            list: list.into_iter().map(|(_, c)| c).collect(),
            reports,
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
