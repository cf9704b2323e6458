//! Proposal files and the baseline they amend, loaded once for every command that applies
//! proposals (`apply`, `show`, `score`, `review`).

use std::fmt;
use std::path::{Path, PathBuf};

use super::Error;
use redline::amend::{self, Amended};
use redline::baseline::Baseline;
use redline::bindingness::{compare, Comparison, ProvisionScore};
use redline::document::Document;
use redline::proposal::{LoadedProposal, Proposal};
use redline::render::{
    BindingnessFigure, BindingnessSide, Input, ProposalInfo, Report, SourceInfo,
};

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

    /// The text after each proposal in turn: the baseline first, the fully amended text last.
    pub fn versions(&self) -> Result<Vec<Document>, Error> {
        let mut versions = vec![self.before.clone()];
        for loaded in &self.proposals {
            let last = versions.last().expect("the baseline is first");
            let next = amend::apply(last, &loaded.proposal)
                .map_err(|e| Diagnostics(vec![e.located(loaded)]))?;
            versions.push(next.document);
        }
        Ok(versions)
    }

    /// The proposals' ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.proposals
            .iter()
            .map(|l| l.proposal.id.clone())
            .collect()
    }

    /// The redline's header: the baseline and every proposal fingerprinted, each proposal's
    /// metadata, and the bindingness of every changed provision and article before and after.
    pub fn report(&self, after: &Document) -> Report {
        let titles: Vec<&str> = self
            .proposals
            .iter()
            .map(|l| l.proposal.title.as_str())
            .collect();
        let mut inputs = vec![Input::new(
            "baseline",
            &self.baseline.name,
            self.baseline.text.as_bytes(),
        )];
        inputs.extend(
            self.proposals
                .iter()
                .map(|l| Input::new("proposal", &l.path.display().to_string(), &l.raw)),
        );
        Report {
            title: format!(
                "{} as amended by {}",
                self.before.title(),
                titles.join("; ")
            ),
            inputs,
            proposals: self
                .proposals
                .iter()
                .map(|l| proposal_info(&l.proposal))
                .collect(),
            bindingness: bindingness_figures(&compare(&self.before, after)),
        }
    }

    /// The baseline's file, when it was read from one.
    pub fn base_path(&self) -> Option<&Path> {
        self.baseline.path.as_deref()
    }
}

/// A proposal's metadata as a redline header shows it.
pub fn proposal_info(p: &Proposal) -> ProposalInfo {
    ProposalInfo {
        id: p.id.clone(),
        title: p.title.clone(),
        sponsor: p.sponsor.clone(),
        source: SourceInfo {
            filing: p.source.filing.clone(),
            date: p.source.date.clone(),
            docket: p.source.docket.clone().unwrap_or_default(),
        },
        rationale: p.rationale.clone(),
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
    let mean = |summary: &redline::bindingness::Summary| {
        (summary.scored > 0).then(|| BindingnessSide {
            category: "mean".to_string(),
            strength: summary.mean_strength,
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
