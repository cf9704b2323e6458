//! `redline edit CITATION [--proposal P]`: opens the provisions (as amended by P) in the
//! drafter's editor, and writes or updates P from what the drafter changed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::propose::{write_proposal, DraftArgs};
use super::Error;
use redline::amend;
use redline::baseline::Baseline;
use redline::citation;
use redline::parse;
use redline::proposal::{LoadedProposal, Proposal};
use redline::propose::{self, Excerpt};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline edit 19.15 --proposal cyber.json    # writes cyber.json\n  \
redline edit 19.15.2 --proposal cyber.json  # opens as amended so far\n  \
redline edit 'Art. 19.15(1)(b)'             # prints the proposal\n\n\
The editor is $VISUAL, else $EDITOR, else vi. Nothing is written if the editor fails or the \
edited text cannot be read; the edited text is then kept and its file named.")]
pub struct Args {
    /// What to edit: an article (`19.15`), a provision (`19.15.1(b)`), a footnote.
    #[arg(value_name = "CITATION")]
    citation: String,

    /// The proposal to write, or to update when it exists (its amendments apply first).
    /// Without it the proposal goes to standard output.
    #[arg(long, short, value_name = "P")]
    proposal: Option<PathBuf>,

    /// The baseline: usmca-ch19 (default), usmca-annex-12c or a path. Default for an existing
    /// proposal: the one it names.
    #[arg(long, short, value_name = "BASE")]
    base: Option<String>,

    #[command(flatten)]
    draft: DraftArgs,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let existing = match &args.proposal {
        Some(path) if path.exists() => Some(Proposal::load(path)?),
        _ => None,
    };
    let spec = args
        .base
        .clone()
        .or_else(|| existing.as_ref().and_then(LoadedProposal::base_spec))
        .unwrap_or_else(|| "usmca-ch19".to_string());
    let baseline = Baseline::load(&spec)?;
    let base = baseline.document()?;
    let before = match &existing {
        Some(loaded) => {
            amend::apply(&base, &loaded.proposal)
                .map_err(|e| e.located(loaded))?
                .document
        }
        None => base.clone(),
    };
    let cited = citation::resolve(&before, &args.citation)?;
    let excerpt = Excerpt::of(&before, &cited);
    let printed = excerpt.render(&before);
    let edited_file = EditedFile::open(&printed)?;
    let edited_text = std::fs::read_to_string(edited_file.path())?;
    if edited_text == printed {
        eprintln!("note: nothing changed; nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    let kept = |e: &dyn std::fmt::Display| {
        let path = edited_file.keep();
        format!(
            "{}:{e}\n  note: your edited text is kept in {}",
            path.display(),
            path.display()
        )
    };
    let edited = parse::parse(&edited_text).map_err(|e| kept(&e))?;
    let target = excerpt
        .replace(&before, &edited)
        .map_err(|e| kept(&format_args!(" {e}")))?;
    let amendments = match &existing {
        Some(loaded) => updated(loaded, &base, &before, &target),
        None => propose::amendments(&base, &target),
    }
    .map_err(|e| kept(&format_args!(" {e}")))?;
    let proposal = match existing {
        Some(loaded) => Proposal {
            amendments,
            ..loaded.proposal
        },
        None => args
            .draft
            .proposal(&baseline, &base, amendments, args.proposal.as_deref())?,
    };
    write_proposal(&proposal, args.proposal.as_deref())?;
    if let Some(path) = &args.proposal {
        eprintln!(
            "wrote {} ({} amendments)",
            path.display(),
            proposal.amendments.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The proposal's amendments followed by those for the new edits; or, when one proposal
/// cannot say both (the edit rewords words an amendment already changed), amendments worked
/// out afresh from the baseline.
fn updated(
    loaded: &LoadedProposal,
    base: &redline::document::Document,
    before: &redline::document::Document,
    target: &redline::document::Document,
) -> Result<Vec<redline::proposal::Amendment>, propose::ProposeError> {
    let mut appended = loaded.proposal.amendments.clone();
    appended.extend(propose::amendments(before, target)?);
    if propose::reproduces(base, target, &appended) {
        return Ok(appended);
    }
    eprintln!(
        "note: the edit changes words {} already amends: its amendments are worked out again from the baseline",
        loaded.path.display()
    );
    propose::amendments(base, target)
}

/// The text to edit in a temporary file, after the editor has run on it.
struct EditedFile(tempfile::NamedTempFile);

impl EditedFile {
    fn open(text: &str) -> Result<Self, Error> {
        let file = tempfile::Builder::new()
            .prefix("redline-edit-")
            .suffix(".txt")
            .tempfile()?;
        std::fs::write(file.path(), text)?;
        let editor = std::env::var("VISUAL")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| {
                std::env::var("EDITOR")
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .unwrap_or_else(|| "vi".to_string());
        // Through the shell, as git does, so `EDITOR="code --wait"` works.
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(&editor)
            .arg(file.path())
            .status()
            .map_err(|e| format!("cannot run the editor `{editor}`: {e}\n  help: set VISUAL or EDITOR to your editor's command"))?;
        if !status.success() {
            return Err(format!(
                "the editor `{editor}` failed ({status}); nothing written\n  help: save and quit normally to keep your changes"
            )
            .into());
        }
        Ok(EditedFile(file))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Keeps the edited text after an error, so no work is lost; its path.
    fn keep(&self) -> PathBuf {
        let kept = self.0.path().with_extension("kept.txt");
        match std::fs::copy(self.0.path(), &kept) {
            Ok(_) => kept,
            Err(_) => self.0.path().to_path_buf(),
        }
    }
}
