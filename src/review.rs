//! Coalition review: several proposals on one baseline, with their collisions found before
//! anything is applied.
//!
//! Each proposal is applied on its own to the baseline, and what each of its amendments
//! touched (the [`Edit`]s of [`crate::amend`]) becomes a [`Footprint`]: words of a provision
//! (a byte range of the baseline text), a whole provision rewritten or deleted, a new
//! provision, article or footnote, or the provision a new one is inserted next to. Two
//! proposals conflict where their footprints collide:
//!
//! - both edit overlapping words of one provision (or insert at the same point);
//! - one rewrites (`replace_text`) or deletes a provision the other amends, or deletes the
//!   provision the other inserts next to;
//! - both insert a provision, article or footnote under the same id.
//!
//! Edits of different words of one provision do not conflict: both apply. A [`Policy`] says
//! what to do with conflicts: refuse, keep the earlier proposal's amendment, or drop both.
//!
//! ```
//! use redline::review::find_conflicts;
//! use redline::proposal::Proposal;
//! let doc = redline::baseline::USMCA_CH19.document().unwrap();
//! let load = |p: &str| Proposal::load(p).unwrap().proposal;
//! let workforce = load("proposals/cybersecurity-workforce.json");
//! let sme = load("tests/fixtures/sme-as-subparagraph.json"); // the SME ask as 19.15.1(c)
//! let conflicts = find_conflicts(&doc, &[&workforce, &sme]).unwrap();
//! assert!(conflicts.iter().any(|c| c.provision == "19.15.1(c)"));
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::amend::{apply, ApplyError, Change, Edit};
use crate::bindingness::{compare, Impact};
use crate::citation::resolve;
use crate::diff::{Redline, Span, SpanKind};
use crate::document::Document;
use crate::proposal::{Amendment, Proposal};

/// What one amendment of one proposal touches in the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footprint {
    /// Index of the proposal in the order given.
    pub proposal: usize,
    /// Index of the amendment in its proposal, from 0.
    pub amendment: usize,
    pub touch: Touch,
    /// What the amendment means to do there, in words, for the conflict report.
    pub intent: String,
}

/// The part of the baseline a footprint covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// Words of a provision: a byte range of its baseline text (empty for an insertion point).
    Words { unit: String, range: Range<usize> },
    /// The provision's whole text replaced.
    Rewritten { unit: String },
    /// The provision (or footnote) deleted.
    Deleted { unit: String },
    /// A new provision, article or footnote under this id.
    New { unit: String },
    /// A new provision inserted next to this one.
    Beside { unit: String },
}

/// Why two footprints collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both edit overlapping words (or insert at the same point) of one provision.
    OverlappingWords,
    /// One rewrites the whole provision the other amends.
    Rewrite,
    /// One deletes a provision the other amends, or inserts next to.
    Deletion,
    /// Both insert a provision, article or footnote under the same id.
    SameNewId,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictSide {
    /// Index of the proposal in the order given.
    pub index: usize,
    /// The proposal's id.
    pub proposal: String,
    pub sponsor: String,
    /// The amendment, counted from 1 as in messages.
    pub amendment: usize,
    /// What the amendment means to do, in words.
    pub intent: String,
}

/// Two proposals that cannot both apply as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The provision (or article, footnote) where they collide.
    pub provision: String,
    /// The proposal given first.
    pub first: ConflictSide,
    /// The proposal given later.
    pub second: ConflictSide,
}

/// What to do when proposals conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Apply nothing; report every conflict.
    #[default]
    Fail,
    /// Keep the amendment of the proposal given first; drop the later one's.
    FirstWins,
    /// Drop the conflicting amendments of both proposals.
    Skip,
}

/// An amendment left out because of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// Index of the proposal in the order given.
    pub index: usize,
    pub proposal: String,
    /// The amendment, counted from 1.
    pub amendment: usize,
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Policy::Fail => "fail",
            Policy::FirstWins => "first-wins",
            Policy::Skip => "skip",
        })
    }
}

impl fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConflictKind::OverlappingWords => "both edit the same words",
            ConflictKind::Rewrite => "one rewrites the provision the other amends",
            ConflictKind::Deletion => "one deletes the provision the other amends",
            ConflictKind::SameNewId => "both insert under the same id",
        })
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} and {} conflict at {}: {}\n  {} (amendment {}, {}): {}\n  {} (amendment {}, {}): {}",
            self.first.proposal,
            self.second.proposal,
            self.provision,
            self.kind,
            self.first.proposal,
            self.first.amendment,
            self.first.sponsor,
            self.first.intent,
            self.second.proposal,
            self.second.amendment,
            self.second.sponsor,
            self.second.intent,
        )
    }
}

/// The footprints of one proposal applied alone to `doc`.
pub fn footprints(
    doc: &Document,
    proposal: &Proposal,
    index: usize,
) -> Result<Vec<Footprint>, ApplyError> {
    let amended = apply(doc, proposal)?;
    let mut out: Vec<Footprint> = amended
        .edits
        .iter()
        .map(|edit| Footprint {
            proposal: index,
            amendment: edit.amendment,
            touch: touch(edit),
            intent: intent(edit),
        })
        .collect();
    // An insertion also depends on the provision it is placed next to.
    for (amendment, a) in proposal.amendments.iter().enumerate() {
        if let Amendment::InsertProvision { before, after, .. } = a {
            let anchor = before.as_deref().or(after.as_deref()).unwrap_or_default();
            if let Ok(target) = resolve(doc, anchor) {
                out.push(Footprint {
                    proposal: index,
                    amendment,
                    touch: Touch::Beside {
                        unit: target.id().to_string(),
                    },
                    intent: format!("inserts a provision next to {}", target.id()),
                });
            }
        }
    }
    Ok(out)
}

fn touch(edit: &Edit) -> Touch {
    let unit = edit.provision.clone();
    match &edit.change {
        Change::Text { .. } if edit.op == "replace_text" => Touch::Rewritten { unit },
        Change::Text { range, .. } => Touch::Words {
            unit,
            range: range.clone(),
        },
        Change::DeleteProvision { .. } | Change::DeleteFootnote { .. } => Touch::Deleted { unit },
        Change::InsertProvision { .. }
        | Change::InsertArticle { .. }
        | Change::InsertFootnote { .. } => Touch::New { unit },
    }
}

fn intent(edit: &Edit) -> String {
    match &edit.change {
        Change::Text { old, new, .. } if old.is_empty() => format!("inserts \"{new}\""),
        Change::Text { old, new, .. } if new.is_empty() => format!("deletes \"{old}\""),
        Change::Text { old, new, .. } => format!("replaces \"{old}\" with \"{new}\""),
        Change::InsertProvision { text } => format!("inserts {}: \"{text}\"", edit.provision),
        Change::DeleteProvision { .. } => format!("deletes {}", edit.provision),
        Change::InsertArticle { heading } => format!("inserts \"{heading}\""),
        Change::InsertFootnote { text } => {
            format!("inserts footnote {}: \"{text}\"", edit.provision)
        }
        Change::DeleteFootnote { .. } => format!("deletes footnote {}", edit.provision),
    }
}

/// Every conflict among `proposals`, each applied alone to `doc`, in the order given. A
/// proposal that cannot be applied even alone is an error.
pub fn find_conflicts(
    doc: &Document,
    proposals: &[&Proposal],
) -> Result<Vec<Conflict>, ApplyError> {
    let mut all = Vec::new();
    for (index, proposal) in proposals.iter().enumerate() {
        all.extend(footprints(doc, proposal, index)?);
    }
    let mut conflicts = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if a.proposal == b.proposal {
                continue;
            }
            let Some((kind, provision)) = collide(&a.touch, &b.touch) else {
                continue;
            };
            let (first, second) = if a.proposal < b.proposal {
                (a, b)
            } else {
                (b, a)
            };
            let key = (
                first.proposal,
                first.amendment,
                second.proposal,
                second.amendment,
                provision.clone(),
            );
            if !seen.insert(key) {
                continue;
            }
            conflicts.push(Conflict {
                kind,
                provision,
                first: side(first, proposals),
                second: side(second, proposals),
            });
        }
    }
    Ok(conflicts)
}

fn side(footprint: &Footprint, proposals: &[&Proposal]) -> ConflictSide {
    let proposal = proposals[footprint.proposal];
    ConflictSide {
        index: footprint.proposal,
        proposal: proposal.id.clone(),
        sponsor: proposal.sponsor.clone(),
        amendment: footprint.amendment + 1,
        intent: footprint.intent.clone(),
    }
}

/// Whether two footprints of different proposals collide, how, and where.
fn collide(a: &Touch, b: &Touch) -> Option<(ConflictKind, String)> {
    use Touch::*;
    match (a, b) {
        (Words { unit: u, range: r }, Words { unit: v, range: s }) if u == v => {
            ranges_collide(r, s).then(|| (ConflictKind::OverlappingWords, u.clone()))
        }
        (Rewritten { unit: u }, Words { unit: v, .. } | Rewritten { unit: v })
        | (Words { unit: v, .. }, Rewritten { unit: u })
            if u == v =>
        {
            Some((ConflictKind::Rewrite, u.clone()))
        }
        (Deleted { unit: u }, other) | (other, Deleted { unit: u }) => {
            let v = other.unit();
            (v == u || is_below(v, u)).then(|| (ConflictKind::Deletion, v.to_string()))
        }
        (New { unit: u }, New { unit: v }) if u == v => Some((ConflictKind::SameNewId, u.clone())),
        _ => None,
    }
}

/// Two byte ranges of one text overlap, or are the same insertion point, or one inserts
/// strictly inside the words the other edits.
fn ranges_collide(r: &Range<usize>, s: &Range<usize>) -> bool {
    let inside = |point: usize, range: &Range<usize>| range.start < point && point < range.end;
    match (r.is_empty(), s.is_empty()) {
        (true, true) => r.start == s.start,
        (true, false) => inside(r.start, s),
        (false, true) => inside(s.start, r),
        (false, false) => r.start < s.end && s.start < r.end,
    }
}

/// `id` names a provision below `ancestor` (`19.15.1(a)` below `19.15.1`).
pub fn is_below(id: &str, ancestor: &str) -> bool {
    id.strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with('(') || rest.starts_with('/'))
}

impl Touch {
    fn unit(&self) -> &str {
        match self {
            Touch::Words { unit, .. }
            | Touch::Rewritten { unit }
            | Touch::Deleted { unit }
            | Touch::New { unit }
            | Touch::Beside { unit } => unit,
        }
    }
}

/// The proposals with the amendments `policy` leaves out removed, and what was left out.
/// `Policy::Fail` removes nothing (the caller refuses to apply when there are conflicts).
pub fn resolve_conflicts(
    proposals: &[&Proposal],
    conflicts: &[Conflict],
    policy: Policy,
) -> (Vec<Proposal>, Vec<Dropped>) {
    let mut dropped: BTreeSet<(usize, usize)> = BTreeSet::new();
    for c in conflicts {
        match policy {
            Policy::Fail => {}
            Policy::FirstWins => {
                dropped.insert((c.second.index, c.second.amendment - 1));
            }
            Policy::Skip => {
                dropped.insert((c.first.index, c.first.amendment - 1));
                dropped.insert((c.second.index, c.second.amendment - 1));
            }
        }
    }
    let kept = proposals
        .iter()
        .enumerate()
        .map(|(index, p)| Proposal {
            amendments: p
                .amendments
                .iter()
                .enumerate()
                .filter(|(a, _)| !dropped.contains(&(index, *a)))
                .map(|(_, a)| a.clone())
                .collect(),
            ..(*p).clone()
        })
        .collect();
    let dropped = dropped
        .into_iter()
        .map(|(index, amendment)| Dropped {
            index,
            proposal: proposals[index].id.clone(),
            amendment: amendment + 1,
        })
        .collect();
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(ranges_collide(&(0..5), &(4..9)));
        assert!(
            !ranges_collide(&(0..5), &(5..9)),
            "adjacent edits both apply"
        );
        assert!(
            ranges_collide(&(3..3), &(3..3)),
            "two insertions at one point"
        );
        assert!(
            !ranges_collide(&(5..5), &(0..5)),
            "an insertion at the end of an edit"
        );
        assert!(ranges_collide(&(2..2), &(0..5)));
    }

    #[test]
    fn below() {
        assert!(is_below("19.15.1(a)", "19.15.1"));
        assert!(is_below("19.1/covered-person(a)", "19.1"));
        assert!(!is_below("19.15.10", "19.15.1"));
    }
}

/// One row of the review's summary matrix: what one proposal did to the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub proposal: String,
    pub sponsor: String,
    /// Provisions (and headings, footnotes) holding a change attributed to the proposal.
    pub provisions: usize,
    pub words_deleted: usize,
    pub words_inserted: usize,
    /// Change of the text's total bindingness, in obligation-equivalents (sum of strengths /
    /// 100), when the proposal is applied after the ones before it: `Change::delta_total` of
    /// docs/bindingness.md, so adding a commitment counts up; `None` when neither side has a
    /// scored provision.
    pub bindingness_delta: Option<f64>,
    /// The proposal's impact on the commitments of the text: hardened or weakened, added,
    /// removed or hollowed, each commitment counted once however many list items it has
    /// (docs/bindingness.md); its `headline` is what the matrix shows.
    pub impact: Impact,
    /// Change in the number of provisions excluded from dispute settlement: a flag, apart from
    /// the strengths.
    pub excluded_from_dispute_settlement: i64,
}

impl MatrixRow {
    /// The bindingness change as the renderers print it: the impact headline with its parts,
    /// `+1.00 (existing +1.00, new 0.00 in 0, removed or hollowed 0.00)`, and the change in
    /// provisions excluded from dispute settlement when there is one; `–` when not scored.
    pub fn bindingness_delta_text(&self) -> String {
        if self.bindingness_delta.is_none() {
            return "–".to_string();
        }
        match self.excluded_from_dispute_settlement {
            0 => self.impact.text(),
            n => format!(
                "{}; {n:+} excluded from dispute settlement",
                self.impact.text()
            ),
        }
    }
}

/// What a review shows besides the redline: the matrix and how conflicts were settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewSummary {
    pub policy: Policy,
    pub matrix: Vec<MatrixRow>,
    pub conflicts: Vec<Conflict>,
    pub dropped: Vec<Dropped>,
}

/// The summary matrix of an attributed redline: for each proposal, the provisions it touched
/// and the words it deleted and inserted, and the bindingness change it made (`versions[k]`
/// is the text after proposal `k - 1`, as for [`crate::attribution::attribute`]).
pub fn matrix(redline: &Redline, versions: &[Document], proposals: &[&Proposal]) -> Vec<MatrixRow> {
    proposals
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mine = |s: &Span| {
                s.attribution
                    .as_deref()
                    .is_some_and(|a| a.split('+').any(|id| id == p.id))
            };
            let words = |kind: SpanKind| -> usize {
                redline
                    .provisions
                    .iter()
                    .flat_map(|r| &r.spans)
                    .filter(|s| s.kind == kind && mine(s))
                    .map(|s| count_words(&s.text))
                    .sum()
            };
            let provisions = redline
                .provisions
                .iter()
                .filter(|r| r.spans.iter().any(|s| s.kind != SpanKind::Equal && mine(s)))
                .count();
            let comparison = compare(&versions[k], &versions[k + 1]);
            let excluded =
                |s: &crate::bindingness::Summary| s.excluded_from_dispute_settlement as i64;
            MatrixRow {
                proposal: p.id.clone(),
                sponsor: p.sponsor.clone(),
                provisions,
                words_deleted: words(SpanKind::Delete),
                words_inserted: words(SpanKind::Insert),
                bindingness_delta: comparison
                    .overall
                    .delta_total
                    .map(|d| (d * 100.0).round() / 100.0),
                excluded_from_dispute_settlement: excluded(&comparison.overall.after)
                    - excluded(&comparison.overall.before),
                impact: comparison.impact,
            }
        })
        .collect()
}

/// Words in a text: runs between white space that hold a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}
