//! `redline propose EDITED [--base X] [--at CITATION] [-o FILE]`: the proposal that turns the
//! baseline into an edited copy of it (the whole text, an article, or a run of provisions as
//! `redline provisions CITATION --format text` printed them).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use super::output::{refuse_inputs, to_stdout, write_output, NamedInput};
use super::Error;
use redline::baseline::Baseline;
use redline::citation;
use redline::document::Document;
use redline::proposal::{Amendment, Proposal, Source};
use redline::propose;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline provisions 19.15 --format text > edited.txt   # then edit edited.txt\n  \
redline propose edited.txt --sponsor 'Coalition to Reduce Cyber Risk (CR2)' \\\n  \
    -o proposal.json\n  \
redline provisions 19.15.1 --format text > para1.txt  # paragraph 1 only\n  \
redline propose para1.txt --at 19.15.1 -o para1.json\n  \
redline instructions proposal.json -o amendments.txt\n  \
redline propose --from-instructions amendments.txt -o again.json\n\n\
The proposal is applied before it is written: it turns the baseline into the edited text \
exactly, or nothing is written.")]
pub struct Args {
    /// The edited text, in the baseline layout: the whole baseline, an article, or the
    /// provisions `redline provisions CITATION --format text` printed.
    #[arg(value_name = "EDITED", required_unless_present = "from_instructions")]
    edited: Option<PathBuf>,

    /// Read amending instructions ("In Article 19.15: (a) in paragraph 1, strike ...") from
    /// FILE instead, and write them as a JSON proposal.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["edited", "at"])]
    from_instructions: Option<PathBuf>,

    /// The baseline the text was printed from: usmca-ch19 (default), usmca-annex-12c or a path.
    #[arg(long, short, default_value = "usmca-ch19", value_name = "BASE")]
    base: String,

    /// The citation the text was printed from, when it holds only part of an article; a
    /// provision missing from the text is then deleted.
    #[arg(long, value_name = "CITATION")]
    at: Option<String>,

    #[command(flatten)]
    draft: DraftArgs,

    /// Write the proposal to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Who proposes what: the metadata of a proposal drafted from edited text.
#[derive(Debug, Clone, clap::Args)]
pub struct DraftArgs {
    /// Short name, lowercase words joined by hyphens. Default: from the -o file's name.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// What the proposal does, in a line. Default: the articles it amends.
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// Who asks for the change.
    #[arg(long, value_name = "WHO")]
    sponsor: Option<String>,
    /// The filing the change comes from.
    #[arg(long, value_name = "FILING")]
    source: Option<String>,
    /// The filing's date, YYYY-MM-DD (or YYYY-MM, YYYY). Default: today.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Why, in the sponsor's terms.
    #[arg(long, value_name = "WHY")]
    rationale: Option<String>,
}

/// What a drafter did not say yet: the proposal is valid, and says plainly what to fill in.
const TO_COMPLETE: &str = "(to be completed)";

impl DraftArgs {
    /// A proposal of `amendments` to `base`, with the metadata given, placeholders for the
    /// rest (named on standard error), to be written to `output` (standard output: the
    /// working directory is where it will be saved).
    pub fn proposal(
        &self,
        baseline: &Baseline,
        base: &Document,
        amendments: Vec<Amendment>,
        output: Option<&Path>,
    ) -> Result<Proposal, BaseOutsideProposal> {
        let base_field = base_field(baseline, output)?;
        let id = self.id.clone().unwrap_or_else(|| id_from_file(output));
        let placeholder = |value: &Option<String>, flag: &str| {
            value.clone().unwrap_or_else(|| {
                eprintln!("note: no --{flag}: the proposal says \"{TO_COMPLETE}\" there; fill it in before circulating");
                TO_COMPLETE.to_string()
            })
        };
        Ok(Proposal {
            schema: None,
            tag: None,
            id,
            title: self
                .title
                .clone()
                .unwrap_or_else(|| default_title(base, &amendments)),
            sponsor: placeholder(&self.sponsor, "sponsor"),
            source: Source {
                filing: placeholder(&self.source, "source"),
                date: self.date.clone().unwrap_or_else(today),
                docket: None,
                url: None,
            },
            rationale: placeholder(&self.rationale, "rationale"),
            base: base_field,
            amendments,
        })
    }
}

/// How a proposal written to `output` names its baseline: an embedded one by its name, a file
/// by its path from the proposal's own directory, the only place `check`, `show` and `review`
/// look for it (a path that leaves that directory is never read).
fn base_field(baseline: &Baseline, output: Option<&Path>) -> Result<String, BaseOutsideProposal> {
    let Some(path) = &baseline.path else {
        return Ok(baseline.name.clone());
    };
    let folder = output
        .and_then(Path::parent)
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match lexically_absolute(path).strip_prefix(lexically_absolute(folder)) {
        Ok(inside) => Ok(inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")),
        Err(_) => Err(BaseOutsideProposal {
            base: path.clone(),
            folder: output.map(|_| folder.to_path_buf()),
        }),
    }
}

/// `path` made absolute and its `.` and `..` resolved by their names, not by the file system:
/// the proposal loader joins a base's names to the proposal's directory, so names are what
/// must be inside it.
fn lexically_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    resolved
}

/// A `--base` file outside the folder the proposal goes to: the proposal could not name it.
#[derive(Debug)]
pub struct BaseOutsideProposal {
    base: PathBuf,
    /// The folder of `-o`; `None` for standard output, saved in the working directory.
    folder: Option<PathBuf>,
}

impl std::fmt::Display for BaseOutsideProposal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let beside = match self.base.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join("NAME.json"),
            _ => PathBuf::from("NAME.json"),
        };
        let folder = match &self.folder {
            Some(folder) => format!("the folder {}", folder.display()),
            None => "the working directory".to_string(),
        };
        write!(
            f,
            "--base {} is outside {folder}, where the proposal goes; a proposal names its baseline by a path inside its own folder\n  help: write the proposal beside the baseline (-o {}), or copy the baseline into {folder}",
            self.base.display(),
            beside.display(),
        )
    }
}

impl std::error::Error for BaseOutsideProposal {}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let input = args
        .edited
        .as_deref()
        .or(args.from_instructions.as_deref())
        .expect("clap requires one");
    if let Some(output) = &args.output {
        let edited = NamedInput {
            role: "the input",
            path: input,
        };
        refuse_inputs(output, &[edited])?;
    }
    if let Some(path) = &args.from_instructions {
        let mut loaded = Proposal::load(path)?;
        if let Some(id) = &args.draft.id {
            loaded.proposal.id = id.clone();
        }
        write_proposal(&loaded.proposal, args.output.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    let edited_path = input;
    let baseline = Baseline::load(&args.base)?;
    let base = baseline.document()?;
    let edited = read_edited(edited_path)?;
    let printed_from = args
        .at
        .as_deref()
        .map(|at| citation::resolve(&base, at))
        .transpose()?;
    let target = propose::target(&base, &edited, printed_from.as_ref())
        .map_err(|e| format!("{}: {e}", edited_path.display()))?;
    let amendments = propose::amendments(&base, &target)
        .map_err(|e| format!("{}: {e}", edited_path.display()))?;
    if amendments.is_empty() {
        eprintln!(
            "note: {} is the baseline unchanged: the proposal has no amendments",
            edited_path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let proposal = args
        .draft
        .proposal(&baseline, &base, amendments, args.output.as_deref())?;
    write_proposal(&proposal, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses a text in the baseline layout, with errors at `file:line:column`.
pub fn read_edited(path: &Path) -> Result<Document, Error> {
    let baseline = Baseline::from_file(path)?;
    Ok(baseline.document()?)
}

/// Writes a proposal as JSON, after checking it loads as a proposal file would.
pub fn write_proposal(proposal: &Proposal, output: Option<&Path>) -> Result<(), Error> {
    let mut json = serde_json::to_string_pretty(proposal)?;
    json.push('\n');
    let name = output.unwrap_or(Path::new("proposal.json"));
    Proposal::parse(name, json.as_bytes())?;
    match output {
        Some(path) => write_output(path, json.as_bytes())?,
        None => to_stdout(json.as_bytes())?,
    }
    Ok(())
}

/// "Amendments to Article 19.15" (or "Articles 19.15, 19.16"): the articles amended.
fn default_title(base: &Document, amendments: &[Amendment]) -> String {
    match propose::amended_articles(base, amendments).as_slice() {
        [] => "Amendments".to_string(),
        [one] => format!("Amendments to Article {one}"),
        many => format!("Amendments to Articles {}", many.join(", ")),
    }
}

/// A file stem as an id: lowercase words joined by hyphens.
fn slug(stem: &str) -> String {
    stem.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The id a proposal file's name suggests (`cr2-shall.json`: `cr2-shall`), else `proposal`.
pub fn id_from_file(output: Option<&Path>) -> String {
    output
        .and_then(|p| p.file_stem())
        .map(|s| slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "proposal".to_string())
}

/// Today's date, YYYY-MM-DD (UTC).
pub fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}
