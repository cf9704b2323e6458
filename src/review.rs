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

use serde::{Deserialize, Serialize};

use crate::amend::{apply, ApplyError, Change, Edit};
use crate::bindingness::{compare_scored, Impact, Scored};
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
    /// The words it deletes and inserts there (a whole provision's text for a provision
    /// inserted or deleted); empty for the provision an insertion is placed next to.
    pub old: String,
    pub new: String,
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

/// What to do when proposals conflict (`--on-conflict`). Identical edits are never a conflict:
/// they are one change attributed to both proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Apply nothing; report every conflict (exit status 2).
    #[default]
    Fail,
    /// Keep the amendment of the proposal given first; leave out the later one's colliding
    /// amendment (its other amendments apply).
    FirstWins,
    /// Leave out the colliding amendments of both proposals.
    Skip,
    /// Keep both where that is well defined (two new list items at the same place: both kept,
    /// the later relabelled); any other conflict is refused as under `fail`.
    Merge,
}

/// One amendment of one proposal, identified stably: the proposal's id and the amendment's
/// index in its list, from 0 (messages count from 1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AmendmentRef {
    pub proposal: String,
    pub index: usize,
}

impl AmendmentRef {
    pub fn new(proposal: &str, index: usize) -> AmendmentRef {
        AmendmentRef {
            proposal: proposal.to_string(),
            index,
        }
    }
}

impl fmt::Display for AmendmentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "amendment {} of {}", self.index + 1, self.proposal)
    }
}

/// Two amendments of different proposals that make exactly the same edit: applied once, the
/// change attributed to both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shared {
    /// Where the edit is made.
    pub provision: String,
    /// The words it deletes and inserts there.
    pub old: String,
    pub new: String,
    /// The amendment applied (of the proposal given first).
    pub first: AmendmentRef,
    /// The amendment whose identical edit is not applied again.
    pub second: AmendmentRef,
    /// The edit, in words.
    pub intent: String,
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} and {} make the same edit at {} ({}): one change, attributed to both",
            self.first, self.second, self.provision, self.intent
        )
    }
}

/// A new list item kept under `--on-conflict merge` by giving it the next free label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    pub amendment: AmendmentRef,
    /// The id the amendment asked for (`19.15.1(c)`).
    pub asked: String,
    /// The id it was inserted under (`19.15.1(d)`).
    pub placed: String,
    /// The item it was placed after: the one that kept the id asked for.
    pub after: String,
}

impl fmt::Display for Merged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} inserted as {} after {}, relabelled from {} (--on-conflict merge); check the list's \"and\" and punctuation",
            self.amendment, self.placed, self.after, self.asked
        )
    }
}

/// Why an amendment was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Reason {
    /// It collides with another proposal's amendment, and the policy left it out.
    Conflict {
        with: AmendmentRef,
        provision: String,
        kind: ConflictKind,
        policy: Policy,
    },
    /// The caller chose to leave it out (an interactive review, say).
    Chosen,
    /// It no longer applies once another amendment of its proposal was left out.
    Depends { on: AmendmentRef, error: String },
}

/// An amendment left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub amendment: AmendmentRef,
    #[serde(flatten)]
    pub reason: Reason,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.amendment)?;
        match &self.reason {
            Reason::Conflict {
                with,
                provision,
                kind,
                policy,
            } => write!(
                f,
                "collides with {with} at {provision} ({kind}; --on-conflict {policy})"
            ),
            Reason::Chosen => write!(f, "left out by choice"),
            Reason::Depends { on, error } => write!(
                f,
                "does not apply without {on}, which was left out ({})",
                error.lines().next().unwrap_or_default()
            ),
        }
    }
}

/// How the conflicts among a set of proposals were settled: what every output lists.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Settlement {
    pub policy: Policy,
    /// Every conflict found, settled or not.
    pub conflicts: Vec<Conflict>,
    /// Identical edits, applied once.
    pub shared: Vec<Shared>,
    /// New list items relabelled under `--on-conflict merge`.
    pub merged: Vec<Merged>,
    /// The amendments left out, each with its reason.
    pub left_out: Vec<LeftOut>,
}

impl Settlement {
    /// Nothing to report: no conflict, no shared edit, nothing left out.
    pub fn is_empty(&self) -> bool {
        self.conflicts.is_empty()
            && self.shared.is_empty()
            && self.merged.is_empty()
            && self.left_out.is_empty()
    }

    /// One line per shared edit, relabelling and amendment left out, as every renderer lists
    /// them.
    pub fn lines(&self) -> Vec<String> {
        let shared = self.shared.iter().map(|s| format!("same edit: {s}"));
        let merged = self.merged.iter().map(|m| format!("merged: {m}"));
        let left_out = self.left_out.iter().map(|l| format!("left out: {l}"));
        shared.chain(merged).chain(left_out).collect()
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Policy::Fail => "fail",
            Policy::FirstWins => "first-wins",
            Policy::Skip => "skip",
            Policy::Merge => "merge",
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
            old: words(&edit.change).0.to_string(),
            new: words(&edit.change).1.to_string(),
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
                    old: String::new(),
                    new: String::new(),
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

/// The words an edit deletes and inserts.
fn words(change: &Change) -> (&str, &str) {
    match change {
        Change::Text { old, new, .. } => (old, new),
        Change::InsertProvision { text } | Change::InsertFootnote { text } => ("", text),
        Change::InsertArticle { heading } => ("", heading),
        Change::DeleteProvision { text } | Change::DeleteFootnote { text } => (text, ""),
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

/// Every conflict among `proposals`, each applied alone to `doc`, in the order given; identical
/// edits are not conflicts ([`find_collisions`] lists them). A proposal that cannot be applied
/// even alone is an error.
pub fn find_conflicts(
    doc: &Document,
    proposals: &[&Proposal],
) -> Result<Vec<Conflict>, ApplyError> {
    Ok(find_collisions(doc, proposals)?.conflicts)
}

/// Where proposals meet: the conflicts, and the amendments that make an edit identical to an
/// earlier proposal's amendment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Collisions {
    pub conflicts: Vec<Conflict>,
    pub shared: Vec<Shared>,
}

/// Every collision among `proposals`, each applied alone to `doc`, in the order given. An
/// amendment whose footprints are exactly those of an earlier proposal's amendment (same
/// words, same new text) shares that edit instead of conflicting with it.
pub fn find_collisions(doc: &Document, proposals: &[&Proposal]) -> Result<Collisions, ApplyError> {
    let mut all = Vec::new();
    for (index, proposal) in proposals.iter().enumerate() {
        all.extend(footprints(doc, proposal, index)?);
    }
    let of = |proposal: usize, amendment: usize| -> Vec<(&Touch, &str)> {
        all.iter()
            .filter(|f| f.proposal == proposal && f.amendment == amendment)
            .map(|f| (&f.touch, f.intent.as_str()))
            .collect()
    };
    let mut collisions = Collisions::default();
    let mut seen = BTreeSet::new();
    let mut sharing = BTreeSet::new();
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
            let pair = (
                first.proposal,
                first.amendment,
                second.proposal,
                second.amendment,
            );
            if sharing.contains(&(second.proposal, second.amendment)) {
                continue;
            }
            if of(first.proposal, first.amendment) == of(second.proposal, second.amendment) {
                sharing.insert((second.proposal, second.amendment));
                let edits = all.iter().filter(|f| {
                    f.proposal == first.proposal
                        && f.amendment == first.amendment
                        && !matches!(f.touch, Touch::Beside { .. })
                });
                collisions.shared.extend(edits.map(|f| Shared {
                    provision: f.touch.unit().to_string(),
                    old: f.old.clone(),
                    new: f.new.clone(),
                    first: AmendmentRef::new(&proposals[first.proposal].id, first.amendment),
                    second: AmendmentRef::new(&proposals[second.proposal].id, second.amendment),
                    intent: f.intent.clone(),
                }));
                continue;
            }
            if !seen.insert((pair, provision.clone())) {
                continue;
            }
            collisions.conflicts.push(Conflict {
                kind,
                provision,
                first: side(first, proposals),
                second: side(second, proposals),
            });
        }
    }
    // A conflict found before the sharing was recognised does not stand.
    collisions.conflicts.retain(|c| {
        !sharing.contains(&(c.second.index, c.second.amendment - 1))
            && !sharing.contains(&(c.first.index, c.first.amendment - 1))
    });
    Ok(collisions)
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
    /// The provision (or article, footnote) the footprint covers.
    pub fn unit(&self) -> &str {
        match self {
            Touch::Words { unit, .. }
            | Touch::Rewritten { unit }
            | Touch::Deleted { unit }
            | Touch::New { unit }
            | Touch::Beside { unit } => unit,
        }
    }
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

/// The summary matrix of an attributed redline: for each proposal, the provisions it touched
/// and the words it deleted and inserted, and the bindingness change it made (`versions[k]`
/// is the text after proposal `k - 1`, as for [`crate::attribution::attribute`]).
pub fn matrix(redline: &Redline, versions: &[Document], proposals: &[&Proposal]) -> Vec<MatrixRow> {
    // Every version but the first and last is the text after one proposal and before the next.
    let scored: Vec<Scored> = versions.iter().map(Scored::new).collect();
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
            let comparison = compare_scored(&scored[k], &scored[k + 1]);
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
