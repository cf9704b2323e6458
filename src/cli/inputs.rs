//! Proposal files and the baseline they amend, loaded once for every command that applies
//! proposals (`apply`, `show`, `score`, `review`).

use std::fmt;
use std::path::{Path, PathBuf};

use super::output::NamedInput;
use super::Error;
use redline::amend::{self, ApplyError};
use redline::baseline::Baseline;
use redline::bindingness::{compare, Comparison, ProvisionScore};
use redline::document::Document;
use redline::proposal::{duplicate_ids, LoadedProposal, Proposal};
use redline::render::{BindingnessFigure, BindingnessSide, Input, ProposalInfo, Report};
use redline::review::{find_conflicts, resolve_conflicts, Conflict, Dropped, Policy};

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

/// The arguments of every command that applies proposals: the files, the baseline, and what
/// to do when they collide.
#[derive(Debug, Clone, clap::Args)]
pub struct ProposalArgs {
    /// Proposal files for one baseline, applied in the order given (docs/proposals.md).
    #[arg(required = true, value_name = "PROPOSAL")]
    pub proposals: Vec<PathBuf>,

    /// The baseline to amend: an embedded text (usmca-ch19, usmca-annex-12c) or a path.
    /// Default: the baseline the proposals name.
    #[arg(long, short, value_name = "BASE")]
    pub base: Option<String>,

    /// What to do when proposals collide: fail (apply nothing, exit 2), first-wins (the
    /// proposal given first keeps its words), skip (leave out both sides' amendments).
    #[arg(long, value_enum, default_value_t = OnConflict::Fail, value_name = "HOW")]
    pub on_conflict: OnConflict,
}

impl ProposalArgs {
    /// The proposals and their baseline, loaded.
    pub fn load(&self) -> Result<ProposalSet, Error> {
        ProposalSet::load(&self.proposals, self.base.as_deref())
    }

    pub fn policy(&self) -> Policy {
        self.on_conflict.into()
    }
}

/// `--on-conflict`: what to do when proposals collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OnConflict {
    /// Apply nothing and report every conflict (exit status 2).
    #[default]
    Fail,
    /// Keep the words of the proposal given first; leave out the later one's amendment.
    FirstWins,
    /// Leave out the conflicting amendments of both proposals.
    Skip,
}

impl From<OnConflict> for Policy {
    fn from(choice: OnConflict) -> Policy {
        match choice {
            OnConflict::Fail => Policy::Fail,
            OnConflict::FirstWins => Policy::FirstWins,
            OnConflict::Skip => Policy::Skip,
        }
    }
}

/// The outcome of applying several proposals.
pub struct Resolution {
    /// The text after each proposal in turn: the baseline first, the fully amended text last.
    pub versions: Vec<Document>,
    /// Every conflict found, settled or not.
    pub conflicts: Vec<Conflict>,
    /// The amendments left out to settle them.
    pub dropped: Vec<Dropped>,
}

/// Proposals that collide, refused under `--on-conflict fail`.
#[derive(Debug)]
pub struct Conflicts(pub Vec<Conflict>);

impl fmt::Display for Conflicts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} conflict{} between proposals; nothing was applied",
            if n == 1 { "" } else { "s" }
        )?;
        for conflict in &self.0 {
            writeln!(f, "{conflict}")?;
        }
        write!(
            f,
            "  help: redraft one side, or pass --on-conflict first-wins (the proposal given first keeps its words) or --on-conflict skip (both sides' conflicting amendments are left out)"
        )
    }
}

impl std::error::Error for Conflicts {}

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
        problems.extend(duplicate_ids(&proposals));
        if !problems.is_empty() {
            return Err(Diagnostics(problems).into());
        }
        let baseline = match base {
            Some(flag) => Baseline::load(flag)?,
            None => proposals_base(&proposals)?,
        };
        let before = baseline.document()?;
        Ok(ProposalSet {
            baseline,
            before,
            proposals,
        })
    }

    /// Finds the proposals' conflicts, settles them as `policy` says, and applies what is left
    /// in order: the text after each proposal, baseline first. Every command that applies
    /// several proposals goes through here, so `apply` writes exactly the text `review` shows.
    pub fn resolve(&self, policy: Policy) -> Result<Resolution, Error> {
        let proposals: Vec<&Proposal> = self.proposals.iter().map(|l| &l.proposal).collect();
        let conflicts = find_conflicts(&self.before, &proposals).map_err(|e| self.located(&e))?;
        if policy == Policy::Fail && !conflicts.is_empty() {
            return Err(Conflicts(conflicts).into());
        }
        let (applied, dropped) = resolve_conflicts(&proposals, &conflicts, policy);
        for d in &dropped {
            eprintln!(
                "note: left out amendment {} of {} (--on-conflict {policy})",
                d.amendment, d.proposal
            );
        }
        let mut versions = vec![self.before.clone()];
        for proposal in &applied {
            let last = versions.last().expect("the baseline is first");
            let (next, notes) =
                amend::apply_noting(last, proposal).map_err(|e| self.located(&e))?;
            self.note(&notes);
            versions.push(next.document);
        }
        Ok(Resolution {
            versions,
            conflicts,
            dropped,
        })
    }

    /// Applies every proposal in order, conflicts settled as `policy` says: the fully
    /// amended text.
    pub fn apply(&self, policy: Policy) -> Result<Document, Error> {
        let mut versions = self.resolve(policy)?.versions;
        Ok(versions.pop().expect("the baseline is first"))
    }

    /// Tells which phrases matched only once quote and dash styles were read alike.
    fn note(&self, notes: &[amend::Note]) {
        for note in notes {
            match self
                .proposals
                .iter()
                .find(|l| l.proposal.id == note.proposal)
            {
                Some(loaded) => eprintln!("note: {}", note.located(loaded)),
                None => eprintln!("note: {}", note.message),
            }
        }
    }

    /// An amendment that cannot be applied, reported at its place in its file.
    fn located(&self, error: &ApplyError) -> Diagnostics {
        let message = match self
            .proposals
            .iter()
            .find(|l| l.proposal.id == error.proposal)
        {
            Some(loaded) if loaded.proposal.base != self.baseline.name => format!(
                "{}\n  note: {} was drafted for {}, and applied here to {} (--base)",
                error.located(loaded),
                loaded.path.display(),
                loaded.proposal.base,
                self.baseline.name
            ),
            Some(loaded) => error.located(loaded),
            None => error.to_string(),
        };
        Diagnostics(vec![message])
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
        let amended_by = match self.proposals.as_slice() {
            [one] => one.proposal.title.clone(),
            many => several_proposals(many),
        };
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
            title: format!("{} as amended by {amended_by}", self.before.title()),
            inputs,
            proposals: self
                .proposals
                .iter()
                .map(|l| ProposalInfo::from(&l.proposal))
                .collect(),
            bindingness: bindingness_figures(&compare(&self.before, after)),
            review: None,
            generated: String::new(),
        }
    }

    /// The files read: the baseline's (when it is one) and every proposal's, which no output
    /// may overwrite.
    pub fn input_files(&self) -> Vec<NamedInput<'_>> {
        let baseline = self.base_path().map(|path| NamedInput {
            role: "the baseline being amended",
            path,
        });
        let proposals = self.proposals.iter().map(|l| NamedInput {
            role: "a proposal file of this command",
            path: &l.path,
        });
        baseline.into_iter().chain(proposals).collect()
    }

    /// The baseline's file, when it was read from one.
    pub fn base_path(&self) -> Option<&Path> {
        self.baseline.path.as_deref()
    }
}

/// A title for several proposals that reads: how many, and from whom (each sponsor's name up to
/// its first comma, with its tag): `4 proposals from Coalition to Reduce Cyber Risk (CR2) and
/// Cybersecurity Coalition (CC)`.
fn several_proposals(proposals: &[LoadedProposal]) -> String {
    let mut sponsors: Vec<String> = Vec::new();
    for l in proposals {
        let sponsor = &l.proposal.sponsor;
        let short = sponsor.split(',').next().unwrap_or(sponsor).trim();
        let tag = redline::render::sponsor_tag(sponsor);
        let named = if short.contains(&format!("({tag})")) {
            short.to_string()
        } else {
            format!("{short} ({tag})")
        };
        if !sponsors.contains(&named) {
            sponsors.push(named);
        }
    }
    let from = match sponsors.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("{} proposals from {from}", proposals.len())
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
            category: redline::render::DENSITY.to_string(),
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

/// The one baseline every proposal names. A path there is read relative to the proposal's own
/// file, so a proposal and the text it amends can travel together.
fn proposals_base(loaded: &[LoadedProposal]) -> Result<Baseline, Error> {
    let first = &loaded[0];
    if loaded
        .iter()
        .any(|l| l.proposal.base != first.proposal.base)
    {
        return Err(MixedBases(
            loaded
                .iter()
                .map(|l| (l.path.clone(), l.proposal.base.clone()))
                .collect(),
        )
        .into());
    }
    let spec = first
        .base_spec()
        .expect("a proposal whose base is outside its directory is refused on loading");
    Baseline::load(&spec).map_err(|e| {
        let place = first
            .top_field_location("base")
            .map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
        format!("{}{place}: `base`: {e}", first.path.display()).into()
    })
}
