//! Proposal files and the baseline they amend, loaded once for every command that applies
//! proposals (`apply`, `show`, `score`, `review`).

use std::fmt;
use std::path::{Path, PathBuf};

use super::Error;
use redline::amend::{self, Amended};
use redline::baseline::Baseline;
use redline::document::Document;
use redline::proposal::{LoadedProposal, Proposal};

/// Proposals read from files, the baseline they amend, and that baseline parsed.
pub struct ProposalSet {
    pub baseline: Baseline,
    /// The baseline, parsed: the text before any proposal.
    pub before: Document,
    /// The proposals, in the order given on the command line.
    pub proposals: Vec<LoadedProposal>,
}

/// Several problems reported at once, each printed as its own `error:` line.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<String>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.join("\nerror: "))
    }
}

impl std::error::Error for Diagnostics {}

/// The proposals name different baselines and no `--base` was given.
#[derive(Debug)]
pub struct MixedBases(pub Vec<(PathBuf, String)>);

impl fmt::Display for MixedBases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self
            .0
            .iter()
            .map(|(path, base)| format!("{} targets {base}", path.display()))
            .collect();
        write!(
            f,
            "the proposals target different baselines: {}\n  help: give the proposals for one baseline at a time, or name the text to amend with --base",
            list.join(", ")
        )
    }
}

impl std::error::Error for MixedBases {}

impl ProposalSet {
    /// Loads every proposal (reporting every unreadable or invalid file, not only the first)
    /// and the baseline: `base`, or else the one baseline all the proposals name.
    pub fn load(paths: &[PathBuf], base: Option<&str>) -> Result<ProposalSet, Error> {
        let mut proposals = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            match Proposal::load(path) {
                Ok(loaded) => proposals.push(loaded),
                Err(e) => problems.extend(e.diagnostics()),
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems).into());
        }
        let baseline = Baseline::load(&base_name(base, &proposals)?)?;
        let before = baseline.document()?;
        Ok(ProposalSet {
            baseline,
            before,
            proposals,
        })
    }

    /// Applies the proposals in order; an amendment that fails is reported at its place in its
    /// file.
    pub fn apply(&self) -> Result<Amended, Error> {
        let mut amended = Amended {
            document: self.before.clone(),
            edits: Vec::new(),
        };
        for loaded in &self.proposals {
            let next = amend::apply(&amended.document, &loaded.proposal)
                .map_err(|e| Diagnostics(vec![e.located(loaded)]))?;
            amended.document = next.document;
            amended.edits.extend(next.edits);
        }
        Ok(amended)
    }

    /// The baseline's file, when it was read from one.
    pub fn base_path(&self) -> Option<&Path> {
        self.baseline.path.as_deref()
    }
}

/// `--base`, or the one baseline every proposal names.
fn base_name(flag: Option<&str>, loaded: &[LoadedProposal]) -> Result<String, Error> {
    if let Some(base) = flag {
        return Ok(base.to_string());
    }
    let first = &loaded[0].proposal.base;
    if loaded.iter().all(|l| &l.proposal.base == first) {
        return Ok(first.clone());
    }
    Err(MixedBases(
        loaded
            .iter()
            .map(|l| (l.path.clone(), l.proposal.base.clone()))
            .collect(),
    )
    .into())
}
