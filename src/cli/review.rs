//! `redline review PROPOSAL... [--base X]`: several proposals on one baseline, as a policy team
//! reviews them before anything goes to negotiators. Conflicts are found before anything is
//! applied; every inserted and deleted word carries its proposal and sponsor; a summary matrix
//! says what each proposal does. Exit status as diff(1): 0 nothing changes, 1 something
//! changes, 2 trouble (including conflicts under `--on-conflict fail`).

use std::fmt;
use std::process::ExitCode;

use super::inputs::ProposalArgs;
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};
use redline::attribution::attribute;
use redline::citation::{resolve, Target};
use redline::diff::{diff_documents, ProvisionRedline, SpanKind};
use redline::document::Document;
use redline::proposal::Proposal;
use redline::render::sponsor_tag;
use redline::review::{is_below, matrix, ReviewSummary};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline review proposals/*.json --on-conflict first-wins\n  \
redline review proposals/cr2-shall.json proposals/interoperable-risk-management.json -o review.html\n  \
redline review proposals/*.json --on-conflict skip --sponsor CR2\n  \
redline review proposals/*.json --on-conflict skip --provision 19.15\n\n\
Proposals apply in the order given: where one proposal's edit depends on words another \
changes, the order decides (docs/review.md).\nExit status: 0 no differences, 1 differences, 2 \
trouble (conflicts under --on-conflict fail).")]
pub struct Args {
    #[command(flatten)]
    input: ProposalArgs,

    /// Show only this provision (and what is below it), or this article.
    #[arg(long, value_name = "CITATION")]
    provision: Option<String>,

    /// Show only provisions this sponsor changed: a sponsor's name, tag (CR2) or a proposal
    /// id; case does not matter, part of a name will do.
    #[arg(long, value_name = "NAME")]
    sponsor: Option<String>,

    #[command(flatten)]
    render: RenderArgs,
}

/// `--sponsor` names no sponsor of the proposals reviewed.
#[derive(Debug)]
struct UnknownSponsor {
    name: String,
    known: Vec<String>,
}

impl fmt::Display for UnknownSponsor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no proposal reviewed has a sponsor, tag or id matching `{}`\n  help: the sponsors are: {}",
            self.name,
            self.known.join("; ")
        )
    }
}

impl std::error::Error for UnknownSponsor {}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let set = args.input.load()?;
    args.render.refuse_inputs(&set.input_files())?;
    let policy = args.input.policy();
    let resolution = set.resolve(policy)?;
    let versions = &resolution.versions;
    let after = versions.last().expect("the baseline is first");
    let mut redline = diff_documents(&set.before, after, &args.render.diff_options());
    attribute(&mut redline, versions, &set.ids());
    let proposals: Vec<&Proposal> = set.proposals.iter().map(|l| &l.proposal).collect();
    let mut report = set.report(after);
    report.review = Some(ReviewSummary {
        policy,
        matrix: matrix(&redline, versions, &proposals),
        conflicts: resolution.conflicts,
        dropped: resolution.dropped,
    });
    if let Some(citation) = &args.provision {
        let scope = scope(&set.before, after, citation)?;
        redline.provisions.retain(|p| scope.contains(p));
    }
    if let Some(name) = &args.sponsor {
        let ids = proposals_of_sponsor(&proposals, name)?;
        redline.provisions.retain(|p| changed_by(p, &ids));
    }
    args.render.write(&redline, &report, color)?;
    Ok(if redline.has_differences() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What `--provision` keeps: a provision and what is below it, or a whole article.
enum Scope {
    Article(String),
    Provision(String),
}

impl Scope {
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

/// Resolves `--provision` in the amended text (it may name a new provision), else in the
/// baseline (it may name a deleted one).
fn scope(before: &Document, after: &Document, citation: &str) -> Result<Scope, Error> {
    let target = resolve(after, citation).or_else(|_| resolve(before, citation))?;
    Ok(match target {
        Target::Article(a) => Scope::Article(a.heading.number.clone()),
        Target::Provision(p) => Scope::Provision(p.id.clone()),
        Target::Footnote(f) => Scope::Provision(f.id.clone()),
    })
}

/// The ids of the proposals whose sponsor, sponsor tag or id matches `name`.
fn proposals_of_sponsor(proposals: &[&Proposal], name: &str) -> Result<Vec<String>, Error> {
    let wanted = name.to_lowercase();
    let ids: Vec<String> = proposals
        .iter()
        .filter(|p| {
            p.sponsor.to_lowercase().contains(&wanted)
                || sponsor_tag(&p.sponsor).to_lowercase() == wanted
                || p.id.to_lowercase() == wanted
        })
        .map(|p| p.id.clone())
        .collect();
    if ids.is_empty() {
        let mut known: Vec<String> = proposals
            .iter()
            .map(|p| format!("{} ({})", p.sponsor, sponsor_tag(&p.sponsor)))
            .collect();
        known.sort();
        known.dedup();
        return Err(UnknownSponsor {
            name: name.to_string(),
            known,
        }
        .into());
    }
    Ok(ids)
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
