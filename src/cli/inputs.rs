//! The options every command that applies proposals shares (`apply`, `show`, `review`,
//! `score`), the filters of the redline commands, and the one way `show` and `review` run:
//! all of it a thin layer over [`redline::session`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::NamedInput;
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};
use redline::session::{Choices, Filter, Policy, ReportOptions, Session, Settled};

/// The proposal files and what to do with them.
#[derive(Debug, Clone, clap::Args)]
pub struct ProposalArgs {
    /// Proposal files, applied in the order given, each to the document it amends
    /// (docs/proposals.md); a folder stands for the .json files in it, by name. A JSON Schema
    /// among them (proposals/schema.json) is skipped.
    #[arg(required = true, value_name = "PROPOSAL")]
    pub proposals: Vec<PathBuf>,

    #[command(flatten)]
    pub session: SessionArgs,
}

/// How proposals are applied: to which document, and what to do when they collide.
#[derive(Debug, Clone, clap::Args)]
pub struct SessionArgs {
    /// Only the proposals for this document (usmca-ch19, usmca-annex-12c, or a path); when
    /// no proposal names it, apply them all to this text instead. Default: each proposal's
    /// own baseline.
    #[arg(long, short, value_name = "BASE")]
    pub base: Option<String>,

    /// What to do when proposals collide (identical edits never do; docs/review.md)
    /// [default: fail, or the policy a proposal set was settled under].
    #[arg(long, value_enum, value_name = "HOW")]
    pub on_conflict: Option<Policy>,
}

impl SessionArgs {
    /// Loads the proposals, printing the session's notes (files skipped, proposals left out
    /// by `--base`) on standard error.
    pub fn load(&self, paths: &[PathBuf]) -> Result<Session, Error> {
        let session = Session::load(paths, self.base.as_deref())?;
        for note in session.notes() {
            eprintln!("note: {note}");
        }
        Ok(session)
    }

    /// Settles and applies the session's proposals as `--on-conflict` says, printing the
    /// notes on the amendments (phrases matched once quote styles were read alike).
    pub fn settle<'s>(&self, session: &'s Session) -> Result<Settled<'s>, Error> {
        let settled = session.settle(&Choices::policy(self.policy(session)))?;
        for note in &settled.notes {
            eprintln!("note: {note}");
        }
        Ok(settled)
    }
}

impl SessionArgs {
    /// `--on-conflict`, else the policy a proposal set among the inputs was settled under
    /// (so a consolidated review applies as it was reviewed), else `fail`.
    pub fn policy(&self, session: &Session) -> Policy {
        self.on_conflict
            .or(session.declared_policy())
            .unwrap_or_default()
    }
}

impl ProposalArgs {
    pub fn load(&self) -> Result<Session, Error> {
        self.session.load(&with_folders_listed(&self.proposals)?)
    }
}

/// The proposal files named on the command line, a folder standing for the `.json` files in
/// it in name order: what `FOLDER/*.json` gives in a Unix shell, on every system (Windows'
/// `cmd` does not expand `*`).
pub fn with_folders_listed(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FolderError> {
    let mut listed = Vec::new();
    for path in paths {
        if path.is_dir() {
            listed.extend(json_files(path)?);
        } else {
            listed.push(path.clone());
        }
    }
    Ok(listed)
}

fn json_files(folder: &Path) -> Result<Vec<PathBuf>, FolderError> {
    let unreadable = |source| FolderError::Unreadable {
        folder: folder.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(FolderError::NoProposals {
            folder: folder.to_path_buf(),
        });
    }
    files.sort();
    Ok(files)
}

/// A folder given where proposals are expected that cannot stand for any.
#[derive(Debug)]
pub enum FolderError {
    Unreadable {
        folder: PathBuf,
        source: std::io::Error,
    },
    NoProposals {
        folder: PathBuf,
    },
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FolderError::Unreadable { folder, source } => write!(
                f,
                "cannot list the folder {}: {source}\n  help: name the proposal files one by one",
                folder.display()
            ),
            FolderError::NoProposals { folder } => write!(
                f,
                "the folder {} holds no .json file\n  help: a folder stands for the proposals (.json files) in it; name an instructions file (.txt) itself",
                folder.display()
            ),
        }
    }
}

impl std::error::Error for FolderError {}

/// The files a session read: each baseline's (when it is one) and every proposal's, which no
/// output may overwrite.
pub fn input_files(session: &Session) -> Vec<NamedInput<'_>> {
    let baselines = session.parts().iter().filter_map(|part| {
        Some(NamedInput {
            role: "the baseline being amended",
            path: part.baseline.path.as_deref()?,
        })
    });
    let proposals = session.proposals().iter().map(|p| NamedInput {
        role: "a proposal file of this command",
        path: &p.loaded.path,
    });
    baselines.chain(proposals).collect()
}

/// What of the redline to show.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Show only this provision (and what is below it), or this article.
    #[arg(long, value_name = "CITATION")]
    pub provision: Option<String>,

    /// Show only provisions changed by this sponsor: its full name or its abbreviation in
    /// parentheses (CR2), exactly, case-insensitive. Repeatable.
    #[arg(long, value_name = "NAME")]
    pub sponsor: Vec<String>,

    /// Show only provisions changed by this proposal: its id or tag. Repeatable.
    #[arg(long, value_name = "ID")]
    pub proposal: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            provision: self.provision.clone(),
            sponsors: self.sponsor.clone(),
            proposals: self.proposal.clone(),
        }
    }
}

/// `show` and `review`: apply the proposals, redline and render; `matrix` adds the summary
/// of what each proposal does. Exit status as diff(1), whatever the filter hid.
pub fn redline(
    input: &ProposalArgs,
    filter: &FilterArgs,
    render: &RenderArgs,
    color: ColorWhen,
    matrix: bool,
) -> Result<ExitCode, Error> {
    let session = input.load()?;
    render.refuse_inputs(&input_files(&session))?;
    let settled = input.session.settle(&session)?;
    let options = ReportOptions {
        diff: render.diff_options(),
        matrix,
    };
    let mut report = settled.report(&options, &filter.filter())?;
    if render.output.is_some() {
        for note in report.notes() {
            eprintln!("note: {note}");
        }
    }
    render.write(&mut report, color)?;
    Ok(if report.has_differences() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
