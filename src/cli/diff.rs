//! `redline diff OLD NEW`: a word-level redline of any two texts, provision by provision when
//! both are in the baseline layout, paragraph by paragraph otherwise. Exit status as diff(1):
//! 0 the same, 1 different, 2 trouble.

use std::fmt;
use std::process::ExitCode;

use super::output::NamedInput;
use super::render_args::RenderArgs;
use super::{ColorWhen, Error};
use redline::baseline::{Baseline, BaselineError, EMBEDDED};
use redline::diff::{diff_documents, diff_texts, DiffOptions, Redline};
use redline::document::Document;
use redline::parse::is_article_heading;
use redline::render::{Input, Report, Section};
use redline::session::narrow_to_provision;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline apply proposals/cr2-shall.json -o amended.txt\n  \
redline diff usmca-ch19 amended.txt                  # provision by provision\n  \
redline diff usmca-ch19 amended.txt --provision 19.15\n  \
redline diff usmca-ch19 amended.txt -o redline.html  # or .docx, .md, .json\n  \
redline diff tests/fixtures/ch19-excerpt.txt \\\n  \
    tests/fixtures/ch19-excerpt-amended.txt --full --whitespace\n\n\
Exit status: 0 no differences, 1 differences, 2 trouble.")]
pub struct Args {
    /// The old text: a file, or an embedded baseline (usmca-ch19, usmca-annex-12c).
    old: String,

    /// The new text: a file, or an embedded baseline.
    new: String,

    /// Show only this provision (and what is below it), or this article; both texts must be
    /// in the baseline layout.
    #[arg(long, value_name = "CITATION")]
    provision: Option<String>,

    #[command(flatten)]
    render: RenderArgs,
}

/// An input that could not be read.
#[derive(Debug)]
struct InputError(BaselineError);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BaselineError::Read { name, source } => write!(
                f,
                "cannot read `{name}`: {source}\n  help: pass the path of a text file or an \
                 embedded baseline ({})",
                EMBEDDED.map(|e| e.name).join(", ")
            ),
            other => write!(f, "{other}"),
        }
    }
}

impl std::error::Error for InputError {}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let old = Baseline::load(&args.old).map_err(InputError)?;
    let new = Baseline::load(&args.new).map_err(InputError)?;
    let files = [(&old, "the old text"), (&new, "the new text")];
    let inputs: Vec<NamedInput> = files
        .iter()
        .filter_map(|(input, role)| {
            Some(NamedInput {
                role,
                path: input.path.as_deref()?,
            })
        })
        .collect();
    args.render.refuse_inputs(&inputs)?;
    let options = args.render.diff_options();
    // Fingerprinting two large inputs costs as much as comparing them: do it on another core.
    let (compared, inputs) = std::thread::scope(|scope| {
        let fingerprints = scope.spawn(|| {
            vec![
                Input::new("old", &old.name, old.text.as_bytes()),
                Input::new("new", &new.name, new.text.as_bytes()),
            ]
        });
        let compared = compare(&old, &new, &options);
        let inputs = fingerprints.join().expect("hashing does not panic");
        (compared, inputs)
    });
    let Compared {
        mut redline,
        title,
        documents,
    } = compared;
    let has_differences = redline.has_differences();
    let filtered = match (&args.provision, &documents) {
        (None, _) => None,
        (Some(citation), Some(documents)) => {
            let (old_doc, new_doc) = documents.pair();
            Some(narrow_to_provision(
                &mut redline,
                old_doc,
                new_doc,
                citation,
            )?)
        }
        (Some(_), None) => return Err(ProvisionNeedsLayout.into()),
    };
    let title = format!("Redline of {title}");
    let mut report = Report {
        title: title.clone(),
        inputs,
        filtered,
        sections: vec![Section {
            baseline: old.name.clone(),
            title,
            has_differences,
            redline,
        }],
        ..Report::default()
    };
    args.render.write(&mut report, color)?;
    Ok(if report.has_differences() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--provision` on texts that are not both in the baseline layout.
#[derive(Debug)]
struct ProvisionNeedsLayout;

impl fmt::Display for ProvisionNeedsLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "--provision needs both texts in the baseline layout, and they are compared paragraph by paragraph\n  help: leave out --provision, or fix the text the note above names"
        )
    }
}

impl std::error::Error for ProvisionNeedsLayout {}

/// Two inputs compared: the redline, its title, and both documents when both parse.
struct Compared {
    redline: Redline,
    title: String,
    documents: Option<Documents>,
}

/// The two inputs as documents in the layout: one document when both are the same text.
enum Documents {
    Two(Document, Document),
    Same(Document),
}

impl Documents {
    fn pair(&self) -> (&Document, &Document) {
        match self {
            Documents::Two(old, new) => (old, new),
            Documents::Same(both) => (both, both),
        }
    }
}

/// The redline of two loaded inputs and its title: provision by provision when both are in the
/// baseline layout, paragraph by paragraph otherwise. When an input looks meant for the layout
/// (the other input is in it, or it has a line `Article N: Title`) but does not parse, a note says
/// where, so a typo does not silently turn a provision redline into a paragraph one.
fn compare(old: &Baseline, new: &Baseline, options: &DiffOptions) -> Compared {
    // A text with no article heading cannot be in the layout (it needs one article), and the
    // note below needs one either way: two such texts skip the parse, which costs as much as
    // the comparison on a long text.
    if !has_article_heading(&old.text) && !has_article_heading(&new.text) {
        return plain_redline(old, new, options);
    }
    // A text compared with itself (a check that nothing changed) is parsed once.
    if old.text == new.text {
        if let Ok(doc) = old.document() {
            return provision_redline(old, new, Documents::Same(doc), options);
        }
    }
    let (old_doc, new_doc) = match parse_both(old, new) {
        (Ok(old_doc), Ok(new_doc)) => {
            return provision_redline(old, new, Documents::Two(old_doc, new_doc), options);
        }
        other => other,
    };
    note_not_in_layout(old, &old_doc, new_doc.is_ok());
    note_not_in_layout(new, &new_doc, old_doc.is_ok());
    plain_redline(old, new, options)
}

/// Both inputs parsed, side by side on two cores: on a long text parsing costs more than the
/// comparison.
fn parse_both(
    old: &Baseline,
    new: &Baseline,
) -> (
    Result<Document, BaselineError>,
    Result<Document, BaselineError>,
) {
    std::thread::scope(|scope| {
        let old_doc = scope.spawn(|| old.document());
        let new_doc = new.document();
        let old_doc = old_doc
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old_doc, new_doc)
    })
}

fn provision_redline(
    old: &Baseline,
    new: &Baseline,
    documents: Documents,
    options: &DiffOptions,
) -> Compared {
    let (old_doc, new_doc) = documents.pair();
    Compared {
        redline: diff_documents(old_doc, new_doc, options),
        title: format!("{}: {} → {}", new_doc.title(), old.name, new.name),
        documents: Some(documents),
    }
}

fn plain_redline(old: &Baseline, new: &Baseline, options: &DiffOptions) -> Compared {
    Compared {
        redline: diff_texts(&old.text, &new.text, options),
        title: format!("{} → {}", old.name, new.name),
        documents: None,
    }
}

fn has_article_heading(text: &str) -> bool {
    // Only lines starting with "Article " can be one: found by SIMD substring search, not line
    // by line (this runs over the whole of both inputs).
    let starts = memchr::memmem::find_iter(text.as_bytes(), "\nArticle ")
        .map(|at| at + 1)
        .chain(text.starts_with("Article ").then_some(0));
    starts.into_iter().any(|at| {
        let line = text[at..].lines().next().unwrap_or_default();
        is_article_heading(line)
    })
}

/// Says where an input that looks meant for the layout fails to parse.
fn note_not_in_layout(
    input: &Baseline,
    parsed: &Result<Document, BaselineError>,
    other_parsed: bool,
) {
    let Err(BaselineError::Parse { error, .. }) = parsed else {
        return;
    };
    if other_parsed || has_article_heading(&input.text) {
        eprintln!(
            "note: {}:{}:{}: {}; comparing paragraph by paragraph",
            input.name, error.line, error.column, error.message
        );
    }
}
