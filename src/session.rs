//! A review session: several proposals on the agreement at once.
//!
//! A [`Session`] owns everything between the files a user names and the report every renderer
//! reads:
//!
//! 1. **load** ([`read_input`], the one entry point for an input file): proposals are read
//!    and checked, and a file that declares itself a JSON Schema (`proposals/schema.json`) is
//!    skipped with a note, so `proposals/*.json` works;
//! 2. **group** the proposals by the baseline document they amend (Chapter 19, Annex 12-C, a
//!    file), each group a [`Part`]; `--base` narrows the session to one document;
//! 3. **tag** each proposal for attribution: its own `tag`, else one derived from its id,
//!    unique within the session, with a colour derived from the tag;
//! 4. **settle** ([`Session::settle`]): find where the proposals of each document collide
//!    ([`crate::review`]), settle every conflict amendment by amendment as a [`Policy`] says,
//!    leave out any amendments the caller chose to leave out ([`Choices`]), and apply the rest
//!    in order: one [`Settled`] text per document, with every version in between;
//! 5. **review** ([`Settled::report`]): redline each document against its baseline, attribute
//!    every change to its proposal(s), score bindingness before and after, build the summary
//!    matrix, narrow by a [`Filter`] and say what it hid: a [`Report`] every renderer reads.
//!
//! Every amendment is identified stably by its proposal's id and its index
//! ([`AmendmentRef`]), so a front end can let a reviewer accept or reject amendments one by
//! one and settle again with [`Choices::left_out`].
//!
//! What `redline show` does, in a few calls:
//!
//! ```
//! use redline::session::{Choices, Filter, ReportOptions, Session};
//! use redline::render::{render, Format, RenderOptions};
//!
//! let session = Session::load(
//!     &["proposals/cr2-shall.json", "proposals/encryption-backdoor-ban.json"],
//!     None,
//! )?;
//! let settled = session.settle(&Choices::default())?;
//! let report = settled.report(&ReportOptions::default(), &Filter::default())?;
//! assert_eq!(report.sections.len(), 2, "Chapter 19 and Annex 12-C, one section each");
//! assert!(report.has_differences());
//! let mut out = termcolor::NoColor::new(Vec::new());
//! render(Format::Markdown, &report, &RenderOptions::default(), &mut out)?;
//! let markdown = String::from_utf8(out.into_inner())?;
//! assert!(markdown.contains("{--endeavor to --}"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::amend::{self, ApplyError};
use crate::attribution::{self, assign_tags, attribute, tag_colour, DuplicateTag, SharedEdit};
use crate::baseline::{Baseline, EMBEDDED};
use crate::bindingness::{compare, Comparison, ProvisionScore, Summary};
use crate::citation::{resolve, Target};
use crate::diff::{diff_documents, DiffOptions, ProvisionRedline, Redline, SpanKind};
use crate::document::{Document, ProvisionKind};
use crate::proposal::set::{declared_kind, is_set, parse_set, LoadedSet};
use crate::proposal::{duplicate_ids, Amendment, LoadedProposal, Proposal, ProposalError};
use crate::render::{
    BindingnessFigure, BindingnessSide, Filtered, Input as ReportInput, ProposalInfo, Report,
    Section,
};
use crate::review::{
    find_collisions, is_below, matrix, Conflict, ConflictKind, LeftOut, Merged, Reason, Settlement,
    Shared,
};
pub use crate::review::{AmendmentRef, Policy};

/// What one input file turned out to be.
#[derive(Debug)]
pub enum Input {
    /// A proposal, read and checked.
    Proposal(Box<LoadedProposal>),
    /// A proposal set ([`crate::proposal::set`]): several proposals, read and checked, and
    /// the policy they were settled under when applying them needs it.
    Set(Box<LoadedSet>),
    /// Not a proposal, and not meant as one: skipped, with a one-line note saying why.
    Skipped { path: PathBuf, note: String },
}

/// Reads one input file. This is the one entry point every command loads proposals through:
/// a file in another format of proposal is recognised here, as is a proposal set (a file
/// whose `redline` is `proposal-set`, as a review's consolidated result is).
///
/// A file that declares itself a JSON Schema (its `$schema` names the JSON Schema
/// meta-schema, as `proposals/schema.json` does) is skipped, and so is a set with no proposals. Every problem of a file that is
/// meant as a proposal is returned, each a complete diagnostic (`file:line:column: ...`).
pub fn read_input(path: &Path) -> Result<Input, Vec<String>> {
    let raw = crate::baseline::read_input(path).map_err(|source| {
        ProposalError::Read {
            path: path.to_path_buf(),
            source,
        }
        .diagnostics()
    })?;
    if is_json_schema(&raw) {
        return Ok(Input::Skipped {
            path: path.to_path_buf(),
            note: format!("skipped {}: a JSON Schema, not a proposal", path.display()),
        });
    }
    if declared_kind(&raw).as_deref() == Some(crate::decisions::LOG_MARK) {
        return Err(vec![format!(
            "{}: a decision log, not a proposal\n  help: pass it as the decisions of a review: redline review --decisions {} PROPOSAL...",
            path.display(),
            path.display()
        )]);
    }
    if is_set(&raw) {
        let set = parse_set(path, &raw)?;
        if set.proposals.is_empty() {
            return Ok(Input::Skipped {
                path: path.to_path_buf(),
                note: format!(
                    "skipped {}: a proposal set with no proposals (no amendment was accepted)",
                    path.display()
                ),
            });
        }
        return Ok(Input::Set(Box::new(set)));
    }
    Proposal::parse(path, &raw)
        .map(|loaded| Input::Proposal(Box::new(loaded)))
        .map_err(|e| e.diagnostics())
}

/// Whether `raw` is a JSON Schema: a JSON object whose `$schema` names the JSON Schema
/// meta-schema. A proposal's own `$schema` names the schema file it follows, not the
/// meta-schema.
pub fn is_json_schema(raw: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(raw)
        .ok()
        .and_then(|v| v.get("$schema")?.as_str().map(str::to_owned))
        .is_some_and(|s| {
            s.starts_with("https://json-schema.org/") || s.starts_with("http://json-schema.org/")
        })
}

/// Several proposals on the agreement, grouped by the document they amend.
#[derive(Debug, Clone)]
pub struct Session {
    proposals: Vec<SessionProposal>,
    parts: Vec<Part>,
    notes: Vec<String>,
    /// The policy a proposal set among the inputs was settled under (`merge`).
    declared_policy: Option<Policy>,
}

/// One proposal of a session, with its mark in the redline.
#[derive(Debug, Clone)]
pub struct SessionProposal {
    pub loaded: LoadedProposal,
    /// Short tag, unique within the session: the proposal's `tag`, else derived from its id.
    pub tag: String,
    /// Index into every renderer's palette, derived from the tag.
    pub colour: usize,
    /// The [`Part`] (document) it amends.
    pub part: usize,
}

impl SessionProposal {
    pub fn proposal(&self) -> &Proposal {
        &self.loaded.proposal
    }

    pub fn id(&self) -> &str {
        &self.loaded.proposal.id
    }

    /// Every amendment of the proposal, identified stably.
    pub fn amendments(&self) -> impl Iterator<Item = AmendmentRef> + '_ {
        (0..self.proposal().amendments.len()).map(|i| AmendmentRef::new(self.id(), i))
    }
}

/// One document of the agreement and the proposals that amend it.
#[derive(Debug, Clone)]
pub struct Part {
    pub baseline: Baseline,
    /// The baseline, parsed: the text before any proposal.
    pub before: Document,
    /// Indices into [`Session::proposals`], in the order given.
    pub proposals: Vec<usize>,
}

/// What the caller decides before the proposals are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// How to settle conflicts.
    pub policy: Policy,
    /// Amendments to leave out whatever the conflicts (an interactive review's rejections).
    pub left_out: BTreeSet<AmendmentRef>,
}

impl Choices {
    pub fn policy(policy: Policy) -> Choices {
        Choices {
            policy,
            ..Choices::default()
        }
    }
}

/// Why a session could not be loaded or settled. Every message says what, where and how to
/// fix it.
#[derive(Debug)]
pub enum SessionError {
    /// Problems in the input files, each a complete diagnostic.
    Inputs(Vec<String>),
    /// Every file given was skipped.
    NoProposals {
        skipped: Vec<PathBuf>,
    },
    /// `--base` names a document no proposal amends, and the proposals amend several.
    BaseNotAmended {
        base: String,
        amended: Vec<(String, Vec<String>)>,
    },
    DuplicateTag(DuplicateTag),
    /// Conflicts the policy does not settle: all of them under `fail`, the ones that cannot
    /// be merged under `merge`.
    Conflicts {
        policy: Policy,
        conflicts: Vec<Conflict>,
    },
    /// A filter names no proposal, sponsor or provision of the session.
    Filter(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Inputs(diagnostics) => write!(f, "{}", diagnostics.join("\nerror: ")),
            SessionError::NoProposals { skipped } => write!(
                f,
                "no proposal to apply: {} {} skipped\n  help: name at least one proposal file (docs/proposals.md)",
                skipped.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
                if skipped.len() == 1 { "was" } else { "were" }
            ),
            SessionError::BaseNotAmended { base, amended } => {
                let list: Vec<String> = amended
                    .iter()
                    .map(|(baseline, ids)| format!("{baseline} ({})", ids.join(", ")))
                    .collect();
                write!(
                    f,
                    "--base {base}: none of the proposals amends {base}; they amend {}\n  help: name one of those documents with --base, or leave --base out to review every document",
                    list.join("; ")
                )
            }
            SessionError::DuplicateTag(e) => write!(f, "{e}"),
            SessionError::Conflicts { policy, conflicts } => {
                let n = conflicts.len();
                let s = if n == 1 { "" } else { "s" };
                match policy {
                    Policy::Merge => writeln!(
                        f,
                        "{n} conflict{s} between proposals cannot be merged (only new list items inserted at the same place can); nothing was applied"
                    )?,
                    _ => writeln!(f, "{n} conflict{s} between proposals; nothing was applied")?,
                }
                for conflict in conflicts {
                    writeln!(f, "{conflict}")?;
                }
                write!(
                    f,
                    "  help: redraft one side, or pass --on-conflict first-wins (the proposal given first keeps its words), --on-conflict skip (both sides' colliding amendments are left out) or --on-conflict merge (two new list items at one place are both kept)"
                )
            }
            SessionError::Filter(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<DuplicateTag> for SessionError {
    fn from(e: DuplicateTag) -> Self {
        SessionError::DuplicateTag(e)
    }
}

impl Session {
    /// Reads every file (reporting every problem in every file, not only the first), skips
    /// JSON Schemas, and groups the proposals by the document they amend; `base` narrows the
    /// session to one document (see [`Session::new`]).
    pub fn load(paths: &[impl AsRef<Path>], base: Option<&str>) -> Result<Session, SessionError> {
        let mut proposals = Vec::new();
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let mut skipped = Vec::new();
        let mut declared_policy = None;
        for path in paths {
            match read_input(path.as_ref()) {
                Ok(Input::Proposal(loaded)) => proposals.push(*loaded),
                Ok(Input::Set(set)) => {
                    declared_policy = declared_policy.or(set.on_conflict);
                    proposals.extend(set.proposals);
                }
                Ok(Input::Skipped { path, note }) => {
                    notes.push(note);
                    skipped.push(path);
                }
                Err(diagnostics) => problems.extend(diagnostics),
            }
        }
        problems.extend(duplicate_ids(&proposals));
        if !problems.is_empty() {
            return Err(SessionError::Inputs(problems));
        }
        if proposals.is_empty() {
            return Err(SessionError::NoProposals { skipped });
        }
        let mut session = Session::new(proposals, base)?;
        notes.append(&mut session.notes);
        session.notes = notes;
        session.declared_policy = declared_policy;
        Ok(session)
    }

    /// A session of proposals already loaded, in the order given. Without `base`, each
    /// proposal amends the document its `base` names (a path there is read beside the
    /// proposal's file). With `base`, only the proposals that name that document are kept
    /// (the others are noted); if none names it and they all amend one document, they are all
    /// applied to `base` instead (an amended text, say).
    pub fn new(
        proposals: Vec<LoadedProposal>,
        base: Option<&str>,
    ) -> Result<Session, SessionError> {
        let specs: Vec<String> = proposals.iter().map(base_spec).collect();
        let keys: Vec<String> = specs.iter().map(|s| baseline_key(s)).collect();
        let mut notes = Vec::new();
        // The proposals kept, each with the spec of the document it amends.
        let mut kept: Vec<(LoadedProposal, String)> = Vec::new();
        match base {
            Some(flag) => {
                let key = baseline_key(flag);
                let distinct: BTreeSet<&String> = keys.iter().collect();
                if keys.contains(&key) {
                    let mut others = Vec::new();
                    for (loaded, k) in proposals.into_iter().zip(&keys) {
                        if *k == key {
                            kept.push((loaded, flag.to_string()));
                        } else {
                            others.push(loaded.proposal.id);
                        }
                    }
                    if !others.is_empty() {
                        notes.push(format!(
                            "--base {flag}: left out {} proposal{} for other documents: {}",
                            others.len(),
                            if others.len() == 1 { "" } else { "s" },
                            others.join(", ")
                        ));
                    }
                } else if distinct.len() == 1 {
                    kept = proposals
                        .into_iter()
                        .map(|l| (l, flag.to_string()))
                        .collect();
                } else {
                    let mut amended: BTreeMap<String, Vec<String>> = BTreeMap::new();
                    for l in &proposals {
                        amended
                            .entry(l.proposal.base.clone())
                            .or_default()
                            .push(l.proposal.id.clone());
                    }
                    return Err(SessionError::BaseNotAmended {
                        base: flag.to_string(),
                        amended: amended.into_iter().collect(),
                    });
                }
            }
            None => kept = proposals.into_iter().zip(specs).collect(),
        }
        let declared: Vec<(&str, Option<&str>)> = kept
            .iter()
            .map(|(l, _)| (l.proposal.id.as_str(), l.proposal.tag.as_deref()))
            .collect();
        let tags = assign_tags(&declared)?;
        let mut parts: Vec<Part> = Vec::new();
        let mut part_keys: Vec<String> = Vec::new();
        let mut session_proposals = Vec::new();
        let mut problems = Vec::new();
        for (index, ((loaded, spec), tag)) in kept.into_iter().zip(tags).enumerate() {
            let key = baseline_key(&spec);
            let part = match part_keys.iter().position(|k| *k == key) {
                Some(part) => part,
                None => match load_baseline(&loaded, &spec, base.is_some()) {
                    Ok((baseline, before)) => {
                        part_keys.push(key);
                        parts.push(Part {
                            baseline,
                            before,
                            proposals: Vec::new(),
                        });
                        parts.len() - 1
                    }
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                },
            };
            parts[part].proposals.push(index);
            session_proposals.push(SessionProposal {
                colour: tag_colour(&tag),
                tag,
                part,
                loaded,
            });
        }
        if !problems.is_empty() {
            return Err(SessionError::Inputs(problems));
        }
        Ok(Session {
            proposals: session_proposals,
            parts,
            notes,
            declared_policy: None,
        })
    }

    /// The conflict policy a proposal set among the inputs says it was settled under
    /// (`merge`, when list items were relabelled), for a caller given no policy of its own:
    /// settling the set under it reproduces the set's text.
    pub fn declared_policy(&self) -> Option<Policy> {
        self.declared_policy
    }

    /// The proposals, in the order given.
    pub fn proposals(&self) -> &[SessionProposal] {
        &self.proposals
    }

    /// The documents amended, in the order their first proposal was given.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// One-line notes for the user: files skipped, proposals left out by `--base`.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The proposal with this id.
    pub fn proposal(&self, id: &str) -> Option<&SessionProposal> {
        self.proposals.iter().find(|p| p.id() == id)
    }

    /// Finds the conflicts of every document's proposals, settles them as `choices` says, and
    /// applies what is left in order. Every command that applies proposals goes through here,
    /// so `apply` writes exactly the text `show` and `review` show.
    pub fn settle(&self, choices: &Choices) -> Result<Settled<'_>, SessionError> {
        let mut settlement = Settlement {
            policy: choices.policy,
            ..Settlement::default()
        };
        let mut unsettled = Vec::new();
        let mut texts = Vec::new();
        let mut notes = Vec::new();
        for index in 0..self.parts.len() {
            let mut settling = PartSettling::new(self, index, choices, &mut settlement)?;
            unsettled.extend(settling.settle_conflicts(&mut settlement));
            if !unsettled.is_empty() {
                continue;
            }
            texts.push(settling.apply(&mut settlement, &mut notes)?);
        }
        if !unsettled.is_empty() {
            return Err(SessionError::Conflicts {
                policy: choices.policy,
                conflicts: unsettled,
            });
        }
        Ok(Settled {
            session: self,
            texts,
            settlement,
            notes,
        })
    }

    /// An amendment error, at its place in its file; `index` maps the amendment's position in
    /// the list applied back to its position in the file.
    fn located(&self, proposal: usize, error: &ApplyError, index: &[usize]) -> String {
        let entry = &self.proposals[proposal];
        let mut error = error.clone();
        error.amendment = index
            .get(error.amendment)
            .copied()
            .unwrap_or(error.amendment);
        let base = &self.parts[entry.part].baseline.name;
        if baseline_key(&base_spec(&entry.loaded)) != baseline_key(base) {
            format!(
                "{}\n  note: {} was drafted for {}, and applied here to {} (--base)",
                error.located(&entry.loaded),
                entry.loaded.path.display(),
                entry.proposal().base,
                base
            )
        } else {
            error.located(&entry.loaded)
        }
    }
}

/// The amendments of one proposal still to apply: positions in the file, and the amendment to
/// apply at each (rewritten where `merge` relabelled it).
#[derive(Debug, Clone)]
struct Working {
    index: Vec<usize>,
    amendments: Vec<Amendment>,
}

impl Working {
    fn proposal(&self, original: &Proposal) -> Proposal {
        Proposal {
            amendments: self.amendments.clone(),
            ..original.clone()
        }
    }

    fn remove(&mut self, index: usize) {
        if let Some(at) = self.index.iter().position(|&i| i == index) {
            self.index.remove(at);
            self.amendments.remove(at);
        }
    }
}

/// One document's proposals being settled.
struct PartSettling<'s> {
    session: &'s Session,
    /// Index of `part` in the session.
    index: usize,
    part: &'s Part,
    policy: Policy,
    /// The amendments of each of the part's proposals still in play.
    working: Vec<Working>,
    conflicts: Vec<Conflict>,
    shared: Vec<Shared>,
}

impl<'s> PartSettling<'s> {
    /// The part's proposals with the amendments the caller left out removed (and any that no
    /// longer apply without them), and their collisions.
    fn new(
        session: &'s Session,
        index: usize,
        choices: &Choices,
        settlement: &mut Settlement,
    ) -> Result<Self, SessionError> {
        let part = &session.parts[index];
        let mut working = Vec::new();
        for &p in &part.proposals {
            let entry = &session.proposals[p];
            let mut w = Working {
                index: Vec::new(),
                amendments: Vec::new(),
            };
            for (i, a) in entry.proposal().amendments.iter().enumerate() {
                let r = AmendmentRef::new(entry.id(), i);
                if choices.left_out.contains(&r) {
                    settlement.left_out.push(LeftOut {
                        amendment: r,
                        reason: Reason::Chosen,
                    });
                } else {
                    w.index.push(i);
                    w.amendments.push(a.clone());
                }
            }
            working.push(w);
        }
        let mut settling = PartSettling {
            session,
            index,
            part,
            policy: choices.policy,
            working,
            conflicts: Vec::new(),
            shared: Vec::new(),
        };
        // Only a proposal with amendments left out can lose those that depended on them. Any
        // other would only be applied once more: `find_collisions` below applies each proposal
        // to the same text and reports the same error.
        for k in 0..settling.working.len() {
            let id = session.proposals[part.proposals[k]].id();
            if settlement
                .left_out
                .iter()
                .any(|l| l.amendment.proposal == id)
            {
                settling.drop_dependents(k, &part.before, settlement)?;
            }
        }
        let proposals: Vec<Proposal> = (0..settling.working.len())
            .map(|k| settling.working_proposal(k))
            .collect();
        let refs: Vec<&Proposal> = proposals.iter().collect();
        let collisions = find_collisions(&part.before, &refs).map_err(|e| {
            let k = refs.iter().position(|p| p.id == e.proposal).unwrap_or(0);
            SessionError::Inputs(vec![session.located(
                part.proposals[k],
                &e,
                &settling.working[k].index,
            )])
        })?;
        settling.conflicts = collisions
            .conflicts
            .into_iter()
            .map(|mut c| {
                c.first.amendment =
                    settling.working[c.first.index].index[c.first.amendment - 1] + 1;
                c.second.amendment =
                    settling.working[c.second.index].index[c.second.amendment - 1] + 1;
                c
            })
            .collect();
        settling.shared = collisions
            .shared
            .into_iter()
            .map(|mut s| {
                s.first.index = settling.original(&s.first);
                s.second.index = settling.original(&s.second);
                s
            })
            .collect();
        Ok(settling)
    }

    fn working_proposal(&self, k: usize) -> Proposal {
        self.working[k].proposal(self.session.proposals[self.part.proposals[k]].proposal())
    }

    /// The position in its file of an amendment named by its position in the working list.
    fn original(&self, r: &AmendmentRef) -> usize {
        let k = self.position(&r.proposal);
        self.working[k].index[r.index]
    }

    /// The position among the part's proposals of the proposal with this id.
    fn position(&self, id: &str) -> usize {
        self.part
            .proposals
            .iter()
            .position(|&p| self.session.proposals[p].id() == id)
            .expect("an id of this part")
    }

    /// Applies proposal `k`'s working amendments to `doc`; while one fails and the proposal
    /// has amendments left out, leaves the failing one out too (it depended on them).
    fn drop_dependents(
        &mut self,
        k: usize,
        doc: &Document,
        settlement: &mut Settlement,
    ) -> Result<(amend::Amended, Vec<amend::Note>), SessionError> {
        let entry = &self.session.proposals[self.part.proposals[k]];
        loop {
            match amend::apply_noting(doc, &self.working_proposal(k)) {
                Ok((amended, mut notes)) => {
                    for note in &mut notes {
                        note.amendment = self.working[k].index[note.amendment];
                    }
                    return Ok((amended, notes));
                }
                Err(e) => {
                    let gone = settlement
                        .left_out
                        .iter()
                        .find(|l| l.amendment.proposal == entry.id())
                        .map(|l| l.amendment.clone());
                    let index = self.working[k].index.clone();
                    let Some(on) = gone else {
                        return Err(SessionError::Inputs(vec![self.session.located(
                            self.part.proposals[k],
                            &e,
                            &index,
                        )]));
                    };
                    let failing = index[e.amendment];
                    settlement.left_out.push(LeftOut {
                        amendment: AmendmentRef::new(entry.id(), failing),
                        reason: Reason::Depends {
                            on,
                            error: e.kind.to_string(),
                        },
                    });
                    self.working[k].remove(failing);
                }
            }
        }
    }

    /// Settles the conflicts as the policy says; returns those it cannot settle.
    fn settle_conflicts(&mut self, settlement: &mut Settlement) -> Vec<Conflict> {
        let conflicts = std::mem::take(&mut self.conflicts);
        settlement.conflicts.extend(conflicts.iter().cloned());
        let mut unsettled = Vec::new();
        let mut leave_out = |r: AmendmentRef, with: AmendmentRef, c: &Conflict| {
            if !settlement.left_out.iter().any(|l| l.amendment == r) {
                settlement.left_out.push(LeftOut {
                    amendment: r,
                    reason: Reason::Conflict {
                        with,
                        provision: c.provision.clone(),
                        kind: c.kind,
                        policy: self.policy,
                    },
                });
            }
        };
        let side =
            |s: &crate::review::ConflictSide| AmendmentRef::new(&s.proposal, s.amendment - 1);
        let mut merges = Vec::new();
        for c in &conflicts {
            match self.policy {
                Policy::Fail => unsettled.push(c.clone()),
                Policy::FirstWins => leave_out(side(&c.second), side(&c.first), c),
                Policy::Skip => {
                    leave_out(side(&c.first), side(&c.second), c);
                    leave_out(side(&c.second), side(&c.first), c);
                }
                Policy::Merge => match self.mergeable(c) {
                    true => merges.push(c.clone()),
                    false => unsettled.push(c.clone()),
                },
            }
        }
        if unsettled.is_empty() {
            self.merge(&merges, settlement);
        }
        // An amendment sharing an edit with one left out goes with it.
        for s in &self.shared {
            if let Some(first) = settlement.left_out.iter().find(|l| l.amendment == s.first) {
                let reason = first.reason.clone();
                if !settlement.left_out.iter().any(|l| l.amendment == s.second) {
                    settlement.left_out.push(LeftOut {
                        amendment: s.second.clone(),
                        reason,
                    });
                }
            }
        }
        unsettled
    }

    /// Both sides insert a list item under the same id at the same place.
    fn mergeable(&self, c: &Conflict) -> bool {
        if c.kind != ConflictKind::SameNewId {
            return false;
        }
        let (Some(first), Some(second)) = (self.insertion(&c.first), self.insertion(&c.second))
        else {
            return false;
        };
        first.anchor == second.anchor && first.label == second.label && first.list_item
    }

    /// The list insertion a conflict side makes, if it is one.
    fn insertion(&self, side: &crate::review::ConflictSide) -> Option<Insertion> {
        let entry = self.session.proposal(&side.proposal)?;
        let Amendment::InsertProvision {
            before,
            after,
            label,
            ..
        } = entry.proposal().amendments.get(side.amendment - 1)?
        else {
            return None;
        };
        let (citation, is_after) = match (before, after) {
            (_, Some(after)) => (after, true),
            (Some(before), None) => (before, false),
            (None, None) => return None,
        };
        let Ok(Target::Provision(anchor)) = resolve(&self.part.before, citation) else {
            return None;
        };
        let roman = matches!(anchor.kind, ProvisionKind::SubSubparagraph { .. });
        let list_item = matches!(
            anchor.kind,
            ProvisionKind::Subparagraph { .. } | ProvisionKind::SubSubparagraph { .. }
        );
        Some(Insertion {
            anchor: (anchor.id.clone(), is_after),
            label: label.clone(),
            parent: anchor.parent.clone().unwrap_or_default(),
            roman,
            list_item,
        })
    }

    /// Relabels the later side of each mergeable conflict: the next free label, placed after
    /// the item that kept the label (or the last one relabelled before it).
    fn merge(&mut self, merges: &[Conflict], settlement: &mut Settlement) {
        let mut last_placed: BTreeMap<String, String> = BTreeMap::new();
        let mut taken: BTreeSet<String> = self
            .part
            .before
            .provisions()
            .map(|p| p.id.clone())
            .collect();
        taken.extend(merges.iter().map(|c| c.provision.clone()));
        let mut done = BTreeSet::new();
        for c in merges {
            let r = AmendmentRef::new(&c.second.proposal, c.second.amendment - 1);
            if !done.insert(r.clone()) {
                continue;
            }
            let insertion = self.insertion(&c.second).expect("mergeable");
            let after = last_placed
                .get(&c.provision)
                .cloned()
                .unwrap_or_else(|| c.provision.clone());
            let mut label = insertion.label.clone();
            let mut id = c.provision.clone();
            while taken.contains(&id) {
                label = next_label(&label, insertion.roman);
                id = format!("{}{label}", insertion.parent);
            }
            taken.insert(id.clone());
            last_placed.insert(c.provision.clone(), id.clone());
            let k = self.position(&r.proposal);
            let at = self.working[k]
                .index
                .iter()
                .position(|&i| i == r.index)
                .expect("a working amendment");
            if let Amendment::InsertProvision {
                before,
                after: anchor,
                label: l,
                ..
            } = &mut self.working[k].amendments[at]
            {
                *before = None;
                *anchor = Some(after.clone());
                *l = label;
            }
            settlement.merged.push(Merged {
                amendment: r,
                asked: c.provision.clone(),
                placed: id,
                after,
            });
        }
    }

    /// Applies the working amendments in order, each proposal to the text the ones before it
    /// left, without the amendments left out or already made by an identical one.
    fn apply(
        mut self,
        settlement: &mut Settlement,
        notes: &mut Vec<String>,
    ) -> Result<SettledText, SessionError> {
        let left_out: Vec<AmendmentRef> = settlement
            .left_out
            .iter()
            .map(|l| l.amendment.clone())
            .collect();
        let repeated: Vec<AmendmentRef> = self.shared.iter().map(|s| s.second.clone()).collect();
        for r in left_out.iter().chain(&repeated) {
            if let Some(k) = self
                .part
                .proposals
                .iter()
                .position(|&p| self.session.proposals[p].id() == r.proposal)
            {
                self.working[k].remove(r.index);
            }
        }
        let mut versions = vec![self.part.before.clone()];
        for k in 0..self.working.len() {
            let last = versions.last().expect("the baseline is first").clone();
            let (amended, noted) = self.drop_dependents(k, &last, settlement)?;
            let loaded = &self.session.proposals[self.part.proposals[k]].loaded;
            notes.extend(noted.iter().map(|n| n.located(loaded)));
            versions.push(amended.document);
        }
        settlement.shared.extend(self.shared);
        Ok(SettledText {
            part: self.index,
            versions,
        })
    }
}

/// A list insertion, as `merge` compares them.
struct Insertion {
    /// The provision it is placed next to, and whether after it.
    anchor: (String, bool),
    label: String,
    /// The id of the list's parent, which the item's id extends: `19.15.1`.
    parent: String,
    roman: bool,
    list_item: bool,
}

/// The label after `label` in its list: `(c)` → `(d)`, `(z)` → `(aa)`, `(iv)` → `(v)`.
fn next_label(label: &str, roman: bool) -> String {
    let inner = label.trim_start_matches('(').trim_end_matches(')');
    let next = if roman {
        crate::parse::roman_value(inner)
            .map_or_else(|| format!("{inner}i"), |v| crate::parse::to_roman(v + 1))
    } else {
        match inner.chars().last() {
            Some('z') => "a".repeat(inner.len() + 1),
            Some(c) if c.is_ascii_lowercase() => {
                let next = char::from(c as u8 + 1);
                inner.chars().map(|_| next).collect()
            }
            _ => format!("{inner}a"),
        }
    };
    format!("({next})")
}

/// The proposals applied, document by document.
#[derive(Debug, Clone)]
pub struct Settled<'s> {
    session: &'s Session,
    /// One per document, in the order of [`Session::parts`].
    pub texts: Vec<SettledText>,
    /// How the conflicts were settled: what every output lists.
    pub settlement: Settlement,
    /// One-line notes for the drafter, each at its place in its file: phrases that matched
    /// only once quote and dash styles were read alike.
    pub notes: Vec<String>,
}

/// One document with its proposals applied.
#[derive(Debug, Clone)]
pub struct SettledText {
    /// Index into [`Session::parts`].
    pub part: usize,
    /// The text after each of the part's proposals in turn: the baseline first, the fully
    /// amended text last.
    pub versions: Vec<Document>,
}

impl SettledText {
    /// The fully amended text.
    pub fn amended(&self) -> &Document {
        self.versions.last().expect("the baseline is first")
    }

    /// The baseline.
    pub fn before(&self) -> &Document {
        &self.versions[0]
    }
}

/// What a report shows besides the redline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// How the redline is computed.
    pub diff: DiffOptions,
    /// Include the summary matrix (what each proposal does), as `review` does.
    pub matrix: bool,
}

impl Settled<'_> {
    pub fn session(&self) -> &Session {
        self.session
    }

    /// The amended text of each document, with the baseline it amends.
    pub fn amended(&self) -> impl Iterator<Item = (&Baseline, &Document)> {
        self.texts
            .iter()
            .map(|t| (&self.session.parts[t.part].baseline, t.amended()))
    }

    /// Bindingness before and after, per document.
    pub fn comparisons(&self) -> Vec<(&Baseline, Comparison)> {
        self.texts
            .iter()
            .map(|t| {
                (
                    &self.session.parts[t.part].baseline,
                    compare(t.before(), t.amended()),
                )
            })
            .collect()
    }

    /// The report every renderer reads: one section per document (its redline, each change
    /// attributed to its proposal(s), bindingness before and after), the proposals with their
    /// tags, how conflicts were settled, the matrix if asked for, and what `filter` hid.
    pub fn report(&self, options: &ReportOptions, filter: &Filter) -> Result<Report, SessionError> {
        let session = self.session;
        let proposals: Vec<ProposalInfo> = session
            .proposals
            .iter()
            .map(|p| proposal_info(p, &session.parts[p.part].baseline.name))
            .collect();
        let mut inputs: Vec<ReportInput> = session
            .parts
            .iter()
            .map(|p| ReportInput::new("baseline", &p.baseline.name, p.baseline.text.as_bytes()))
            .collect();
        inputs.extend(session.proposals.iter().map(|p| {
            ReportInput::new(
                "proposal",
                &p.loaded.path.display().to_string(),
                &p.loaded.raw,
            )
        }));
        // The proposals of one set share its file: it is listed once.
        inputs.dedup();
        let mut matrix_rows = Vec::new();
        let mut sections = Vec::new();
        let mut bindingness = Vec::new();
        for text in &self.texts {
            let part = &session.parts[text.part];
            let ids: Vec<String> = part
                .proposals
                .iter()
                .map(|&p| session.proposals[p].id().to_string())
                .collect();
            let after = text.amended();
            let mut redline = diff_documents(&part.before, after, &options.diff);
            attribute(&mut redline, &text.versions, &ids);
            for s in self
                .settlement
                .shared
                .iter()
                .filter(|s| ids.contains(&s.first.proposal))
            {
                attribution::share(
                    &mut redline,
                    &SharedEdit {
                        provision: &s.provision,
                        old: &s.old,
                        new: &s.new,
                        first: &s.first.proposal,
                        also: &s.second.proposal,
                    },
                );
            }
            if options.matrix {
                let refs: Vec<&Proposal> = part
                    .proposals
                    .iter()
                    .map(|&p| session.proposals[p].proposal())
                    .collect();
                matrix_rows.extend(matrix(&redline, &text.versions, &refs));
            }
            sections.push(Section {
                baseline: part.baseline.name.clone(),
                title: section_title(&part.before, &part.proposals, session),
                has_differences: redline.has_differences(),
                redline,
            });
            bindingness.extend(bindingness_figures(&compare(&part.before, after)));
        }
        matrix_rows.sort_by_key(|row| {
            session
                .proposals
                .iter()
                .position(|p| p.id() == row.proposal)
        });
        let filtered = filter.narrow(&mut sections, &self.texts, session)?;
        let title = match sections.as_slice() {
            [one] => one.title.clone(),
            many => {
                let documents: Vec<String> = many
                    .iter()
                    .map(|s| {
                        session
                            .parts
                            .iter()
                            .find(|p| p.baseline.name == s.baseline)
                            .map_or(s.baseline.clone(), |p| p.before.title())
                    })
                    .collect();
                let all: Vec<usize> = (0..session.proposals.len()).collect();
                format!(
                    "{} as amended by {}",
                    documents.join("; "),
                    amended_by(&all, session)
                )
            }
        };
        Ok(Report {
            title,
            inputs,
            proposals,
            bindingness,
            generated: String::new(),
            settlement: (session.proposals.len() > 1 || !self.settlement.is_empty())
                .then(|| self.settlement.clone()),
            matrix: options.matrix.then_some(matrix_rows),
            filtered,
            sections,
        })
    }
}

/// `CHAPTER 19: DIGITAL TRADE as amended by <title>`: see [`amended_by`].
fn section_title(before: &Document, proposals: &[usize], session: &Session) -> String {
    format!(
        "{} as amended by {}",
        before.title(),
        amended_by(proposals, session)
    )
}

/// Who amends a document, as a title says it: one proposal by its title; several by their
/// count and sponsors (a sponsor by the abbreviation it gives itself, `CR2`), or by the
/// count of sponsors when there are more than three. The header lists every proposal.
fn amended_by(proposals: &[usize], session: &Session) -> String {
    let entries: Vec<&SessionProposal> = proposals.iter().map(|&p| &session.proposals[p]).collect();
    if let [one] = entries.as_slice() {
        return one.proposal().title.clone();
    }
    let mut sponsors: Vec<&str> = Vec::new();
    for entry in &entries {
        let sponsor = entry.proposal().sponsor.trim();
        let short = sponsor_abbreviations(sponsor).next().unwrap_or(sponsor);
        if !sponsors.contains(&short) {
            sponsors.push(short);
        }
    }
    let count = entries.len();
    match sponsors.as_slice() {
        [one] => format!("{count} proposals from {one}"),
        few if few.len() <= 3 => format!("{count} proposals from {}", few.join("; ")),
        many => format!("{count} proposals from {} sponsors", many.len()),
    }
}

/// A proposal's metadata as a redline shows it, with its tag in the session.
fn proposal_info(p: &SessionProposal, baseline: &str) -> ProposalInfo {
    ProposalInfo {
        tag: p.tag.clone(),
        colour: p.colour,
        baseline: baseline.to_string(),
        ..ProposalInfo::from(p.proposal())
    }
}

/// Before and after figures for every changed provision, and each changed article's mean
/// (keyed `Article N`, the id the redline gives the article's heading).
pub fn bindingness_figures(comparison: &Comparison) -> Vec<BindingnessFigure> {
    let side = |score: &Option<ProvisionScore>| {
        score.as_ref().map(|s| BindingnessSide {
            category: s.bindingness.category.name().to_string(),
            strength: s.bindingness.strength.map(f64::from),
        })
    };
    let mean = |summary: &Summary| {
        (summary.scored > 0).then(|| BindingnessSide {
            category: crate::render::DENSITY.to_string(),
            strength: summary.density,
        })
    };
    let provisions = comparison.provisions.iter().map(|c| BindingnessFigure {
        provision_id: c.id.clone(),
        before: side(&c.before),
        after: side(&c.after),
    });
    let articles = comparison.articles.iter().map(|a| BindingnessFigure {
        provision_id: format!("Article {}", a.article),
        before: mean(&a.change.before),
        after: mean(&a.change.after),
    });
    provisions.chain(articles).collect()
}

/// What to show of a redline: a provision (or article), the changes of some sponsors, the
/// changes of some proposals. Empty shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A citation: the provision and what is below it, or a whole article.
    pub provision: Option<String>,
    /// Sponsors, each matched against a sponsor's full name or its parenthesised
    /// abbreviation, exactly, case-insensitive (`CR2`, `Cybersecurity Coalition`).
    pub sponsors: Vec<String>,
    /// Proposals, by id or tag (case-insensitive).
    pub proposals: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.provision.is_none() && self.sponsors.is_empty() && self.proposals.is_empty()
    }

    /// What the filter asks for, in words: `--provision 19.16 --sponsor CR2`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.provision {
            parts.push(format!("--provision {p}"));
        }
        parts.extend(self.sponsors.iter().map(|s| format!("--sponsor {s}")));
        parts.extend(self.proposals.iter().map(|s| format!("--proposal {s}")));
        parts.join(" ")
    }

    /// Keeps in each section only the provisions the filter selects; says how many changed
    /// provisions were shown and how many hidden.
    fn narrow(
        &self,
        sections: &mut [Section],
        texts: &[SettledText],
        session: &Session,
    ) -> Result<Option<Filtered>, SessionError> {
        if self.is_empty() {
            return Ok(None);
        }
        let ids = self.selected_proposals(session)?;
        let scopes: Vec<Option<Scope>> = match &self.provision {
            None => Vec::new(),
            Some(citation) => {
                let scopes: Vec<Option<Scope>> = texts
                    .iter()
                    .map(|t| Scope::resolve(t.before(), t.amended(), citation).ok())
                    .collect();
                if scopes.iter().all(Option::is_none) {
                    let first = texts.first().expect("a session has a document");
                    let error = Scope::resolve(first.before(), first.amended(), citation)
                        .err()
                        .unwrap_or_default();
                    return Err(SessionError::Filter(error));
                }
                scopes
            }
        };
        let mut counts = Filtered {
            description: self.describe(),
            shown: 0,
            hidden: 0,
        };
        for (i, section) in sections.iter_mut().enumerate() {
            let scope = if self.provision.is_some() {
                Some(scopes[i].as_ref())
            } else {
                None
            };
            counts.add(narrow_redline(&mut section.redline, scope, ids.as_deref()));
        }
        Ok(Some(counts))
    }

    /// The ids of the proposals `--sponsor` and `--proposal` select; `None` when neither is
    /// given.
    fn selected_proposals(&self, session: &Session) -> Result<Option<Vec<String>>, SessionError> {
        if self.sponsors.is_empty() && self.proposals.is_empty() {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for wanted in &self.sponsors {
            let found: Vec<&SessionProposal> = session
                .proposals
                .iter()
                .filter(|p| sponsor_matches(&p.proposal().sponsor, wanted))
                .collect();
            if found.is_empty() {
                let mut known: Vec<String> = session
                    .proposals
                    .iter()
                    .map(|p| p.proposal().sponsor.clone())
                    .collect();
                known.sort();
                known.dedup();
                return Err(SessionError::Filter(format!(
                    "--sponsor {wanted}: no proposal given has that sponsor\n  help: give a sponsor's full name or its abbreviation in parentheses, exactly (case does not matter); the sponsors are: {}",
                    known.join("; ")
                )));
            }
            ids.extend(found.iter().map(|p| p.id().to_string()));
        }
        for wanted in &self.proposals {
            let Some(found) = session.proposals.iter().find(|p| {
                p.id().eq_ignore_ascii_case(wanted) || p.tag.eq_ignore_ascii_case(wanted)
            }) else {
                let known: Vec<String> = session
                    .proposals
                    .iter()
                    .map(|p| format!("{} ({})", p.id(), p.tag))
                    .collect();
                return Err(SessionError::Filter(format!(
                    "--proposal {wanted}: no proposal given has that id or tag\n  help: the proposals are: {}",
                    known.join(", ")
                )));
            };
            ids.push(found.id().to_string());
        }
        Ok(Some(ids))
    }
}

/// Narrows a redline that has no proposals (`diff`) to a provision; how many changed
/// provisions were shown and hidden.
pub fn narrow_to_provision(
    redline: &mut Redline,
    before: &Document,
    after: &Document,
    citation: &str,
) -> Result<Filtered, SessionError> {
    let scope = Scope::resolve(before, after, citation).map_err(SessionError::Filter)?;
    let mut counts = Filtered {
        description: format!("--provision {citation}"),
        shown: 0,
        hidden: 0,
    };
    counts.add(narrow_redline(redline, Some(Some(&scope)), None));
    Ok(counts)
}

/// Keeps the provisions within `scope` (`Some(None)`: the citation names nothing in this
/// document, so nothing is kept) and, with `ids`, holding a change by one of those proposals.
/// Returns the changed provisions (shown, hidden).
fn narrow_redline(
    redline: &mut Redline,
    scope: Option<Option<&Scope>>,
    ids: Option<&[String]>,
) -> (usize, usize) {
    let keep = |p: &ProvisionRedline| {
        let in_scope = match scope {
            None => true,
            Some(None) => false,
            Some(Some(scope)) => scope.contains(p),
        };
        in_scope && ids.is_none_or(|ids| changed_by(p, ids))
    };
    let (mut shown, mut hidden) = (0, 0);
    redline.provisions.retain(|p| {
        let kept = keep(p);
        if p.is_change() {
            if kept {
                shown += 1;
            } else {
                hidden += 1;
            }
        }
        kept
    });
    (shown, hidden)
}

impl Filtered {
    fn add(&mut self, (shown, hidden): (usize, usize)) {
        self.shown += shown;
        self.hidden += hidden;
    }
}

/// Whether `wanted` names `sponsor`: its full name, or an abbreviation it gives in
/// parentheses, exactly, case-insensitive. `CC` does not name the sponsor abbreviated `CCPL`.
pub fn sponsor_matches(sponsor: &str, wanted: &str) -> bool {
    let wanted = wanted.trim();
    sponsor.trim().eq_ignore_ascii_case(wanted)
        || sponsor_abbreviations(sponsor).any(|a| a.eq_ignore_ascii_case(wanted))
}

/// The abbreviations a sponsor gives itself in parentheses: `CR2` of `Coalition to Reduce
/// Cyber Risk (CR2)`.
pub fn sponsor_abbreviations(sponsor: &str) -> impl Iterator<Item = &str> {
    sponsor
        .split('(')
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

/// What `--provision` keeps: a provision and what is below it, or a whole article.
enum Scope {
    Article(String),
    Provision(String),
}

impl Scope {
    /// Resolves the citation in the amended text (it may name a new provision), else in the
    /// baseline (it may name a deleted one).
    fn resolve(before: &Document, after: &Document, citation: &str) -> Result<Scope, String> {
        let target = resolve(after, citation)
            .or_else(|_| resolve(before, citation))
            .map_err(|e| e.to_string())?;
        Ok(match target {
            Target::Article(a) => Scope::Article(a.heading.number.clone()),
            Target::Provision(p) => Scope::Provision(p.id.clone()),
            Target::Footnote(f) => Scope::Provision(f.id.clone()),
        })
    }

    fn contains(&self, p: &ProvisionRedline) -> bool {
        let ids = [p.old_id.as_deref(), p.new_id.as_deref()];
        ids.into_iter().flatten().any(|id| match self {
            Scope::Provision(scope) => id == scope || is_below(id, scope),
            Scope::Article(number) => {
                id == format!("Article {number}")
                    || id
                        .strip_prefix(number.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '(', '/']))
            }
        })
    }
}

/// The provision holds a change attributed to one of `ids`.
fn changed_by(p: &ProvisionRedline, ids: &[String]) -> bool {
    p.spans.iter().any(|s| {
        s.kind != SpanKind::Equal
            && s.attribution
                .as_deref()
                .is_some_and(|a| a.split('+').any(|id| ids.iter().any(|i| i == id)))
    })
}

/// The document a proposal's `base` names: an embedded name, or a path read beside the
/// proposal's own file, so a proposal and the text it amends can travel together.
fn base_spec(loaded: &LoadedProposal) -> String {
    loaded
        .base_spec()
        .expect("a proposal whose base is outside its directory is refused on loading")
}

/// What identifies a document: an embedded baseline's name, or a file's canonical path.
fn baseline_key(spec: &str) -> String {
    if EMBEDDED.iter().any(|e| e.name == spec) {
        return spec.to_string();
    }
    std::fs::canonicalize(spec).map_or_else(|_| spec.to_string(), |p| p.display().to_string())
}

/// Loads and parses the document `spec` names; an error is located at the proposal's `base`
/// (or names `--base`).
fn load_baseline(
    loaded: &LoadedProposal,
    spec: &str,
    from_flag: bool,
) -> Result<(Baseline, Document), String> {
    let load = || {
        let baseline = Baseline::load(spec)?;
        let document = baseline.document()?;
        Ok::<_, crate::baseline::BaselineError>((baseline, document))
    };
    load().map_err(|e| {
        if from_flag {
            return format!("--base: {e}");
        }
        let place = loaded
            .top_field_location("base")
            .map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
        format!("{}{place}: `base`: {e}", loaded.path.display())
    })
}
