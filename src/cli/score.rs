//! `redline score [--base X] [FILE...] [--text "..."]`: how hard each provision binds, as a
//! table or JSON, with the words that drove each score.
//!
//! Inputs: the baseline (default), a pasted clause (`--text`), or files. A file in the baseline
//! layout is scored as a document; any other text file is read as clauses, one per
//! blank-line-separated paragraph. [`print_comparison`] renders a before/after [`Comparison`]
//! for proposal files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use termcolor::{Color, ColorSpec, WriteColor};

use super::inputs::{with_folders_listed, SessionArgs};
use super::{ColorWhen, Error};
use redline::baseline::{Baseline, USMCA_CH19};
use redline::bindingness::{
    aggregate, analyze_document, analyze_text, by_article, compare, group_by_article, Bindingness,
    Commitment, Comparison, Impact, ProvisionScore, Summary,
};
use redline::document::Document;
use redline::parse::parse;
use rustc_hash::FxHashMap;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline score                             # every provision of Chapter 19\n  \
redline score --base usmca-annex-12c\n  \
redline score --text 'Each Party shall endeavor to cooperate.'\n  \
redline score tests/fixtures/clauses.txt  # one result per paragraph\n  \
redline score proposals/cr2-shall.json    # before and after\n  \
redline score --format json               # every cue, with its position\n\n\
Scale (docs/bindingness.md): 100 each Party shall / No Party shall; 80 shall consider; 50-75 \
shall + hedge; 60 shall cooperate; 50 shall endeavor; 45 shall encourage; 20 should; 10 \
recognize; 10 may; 10 carve-outs; definitions not scored. Exclusion from dispute settlement is \
a flag, not part of the score.")]
pub struct Args {
    /// Files to score: proposals (`.json`; a folder stands for the .json files in it) are
    /// applied to the baseline and scored before and after; a text in the baseline layout is
    /// scored as a document; any other text as clauses, one per blank-line-separated paragraph.
    #[arg(value_name = "FILE|PROPOSAL")]
    files: Vec<PathBuf>,

    /// Score this clause (or blank-line-separated clauses) instead of a baseline.
    #[arg(long, value_name = "CLAUSE", conflicts_with = "files")]
    text: Option<String>,

    /// For proposals: which document, and what to do when they collide. Otherwise `--base`
    /// names the text scored (default usmca-ch19).
    #[command(flatten)]
    session: SessionArgs,

    /// Compare the baseline with AMENDED, an amended version of it in the same layout: before,
    /// after and delta for each changed provision, per article and overall.
    #[arg(long, value_name = "AMENDED", conflicts_with_all = ["files", "text"])]
    against: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table, coloured on a terminal.
    Text,
    /// Every score with all its cues, as JSON.
    Json,
}

/// What was scored.
enum Scored {
    Document {
        name: String,
        doc: Document,
        scores: Vec<ProvisionScore>,
    },
    Clauses {
        name: String,
        clauses: Vec<ClauseScore>,
    },
}

/// One pasted clause and its score.
#[derive(Debug, Serialize)]
struct ClauseScore {
    /// 1-based position of the paragraph in the input.
    paragraph: usize,
    text: String,
    bindingness: Bindingness,
}

/// `--format json` for one input.
#[derive(Serialize)]
#[serde(untagged)]
enum ScoredJson<'a> {
    Document(DocumentJson<'a>),
    Clauses(ClausesJson<'a>),
}

/// `--format json` for a document.
#[derive(Serialize)]
struct DocumentJson<'a> {
    source: &'a str,
    title: String,
    provisions: &'a [ProvisionScore],
    articles: Vec<ArticleJson>,
    overall: Summary,
}

#[derive(Serialize)]
struct ArticleJson {
    article: String,
    summary: Summary,
}

/// `--format json` for clauses.
#[derive(Serialize)]
struct ClausesJson<'a> {
    source: &'a str,
    clauses: &'a [ClauseScore],
}

/// A file that could not be read as text.
#[derive(Debug)]
struct InputError {
    path: PathBuf,
    source: std::io::Error,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read `{}`: {}\n  help: pass a UTF-8 text file: a treaty text in the baseline layout, or clauses separated by blank lines",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for InputError {}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let files = with_folders_listed(&args.files)?;
    if files.iter().any(|f| is_proposal(f)) {
        if let Some(other) = files.iter().find(|f| !is_proposal(f)) {
            return Err(MixedInputs(other.clone()).into());
        }
        let session = args.session.load(&files)?;
        let settled = args.session.settle(&session)?;
        for line in settled.settlement.lines() {
            eprintln!("note: {line}");
        }
        let comparisons: Vec<DocumentComparison> = settled
            .comparisons()
            .into_iter()
            .map(|(baseline, comparison)| DocumentComparison {
                baseline: baseline.name.clone(),
                comparison,
            })
            .collect();
        return print_or_json(&comparisons, args.format, color);
    }
    let base = args.session.base.as_deref().unwrap_or(USMCA_CH19.name);
    if let Some(amended) = &args.against {
        let before = Baseline::load(base)?.document()?;
        let after = Baseline::from_file(amended)?.document()?;
        let comparison = compare(&before, &after);
        let only = DocumentComparison {
            baseline: base.to_string(),
            comparison,
        };
        return print_or_json(&[only], args.format, color);
    }
    let inputs = if let Some(text) = &args.text {
        vec![Scored::clauses("--text", text)]
    } else if files.is_empty() {
        let baseline = Baseline::load(base)?;
        vec![Scored::document(
            baseline.name.clone(),
            baseline.document()?,
        )]
    } else {
        files
            .iter()
            .map(|f| score_file(f))
            .collect::<Result<_, _>>()?
    };
    let mut out = color.stdout();
    match args.format {
        Format::Json => {
            let json: Vec<ScoredJson<'_>> = inputs.iter().map(Scored::json).collect();
            match json.as_slice() {
                [one] => writeln!(out, "{}", serde_json::to_string_pretty(one)?)?,
                many => writeln!(out, "{}", serde_json::to_string_pretty(many)?)?,
            }
        }
        Format::Text => {
            for (i, scored) in inputs.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                scored.print(&mut out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A proposal file, by its extension.
fn is_proposal(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Proposal files and text files given together.
#[derive(Debug)]
struct MixedInputs(PathBuf);

impl std::fmt::Display for MixedInputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a proposal, but other arguments are\n  help: score proposals (.json) and texts in separate runs",
            self.0.display()
        )
    }
}

impl std::error::Error for MixedInputs {}

/// Prints comparisons as tables or JSON, one per document (named by its baseline when there
/// are several).
pub fn print_or_json(
    comparisons: &[DocumentComparison],
    format: Format,
    color: ColorWhen,
) -> Result<ExitCode, Error> {
    let mut out = color.stdout();
    match (format, comparisons) {
        // Serialized first so a closed pipe surfaces as an io::Error (exit 0), not JSON's.
        (Format::Json, [one]) => {
            writeln!(out, "{}", serde_json::to_string_pretty(&one.comparison)?)?
        }
        (Format::Json, many) => writeln!(out, "{}", serde_json::to_string_pretty(many)?)?,
        (Format::Text, [one]) => print_comparison(&mut out, &one.comparison)?,
        (Format::Text, many) => {
            for (i, document) in many.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                bold(&mut out, &format!("== {} ==", document.baseline))?;
                print_comparison(&mut out, &document.comparison)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One document's comparison, named by its baseline; in JSON, the baseline's name beside the
/// comparison's fields (printed when proposals amend several documents).
#[derive(Serialize)]
pub struct DocumentComparison {
    baseline: String,
    #[serde(flatten)]
    comparison: Comparison,
}

/// Reads `path`: a document if it parses as the baseline layout, else clauses.
fn score_file(path: &Path) -> Result<Scored, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| InputError {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    Ok(match parse(&text) {
        Ok(doc) if doc.provisions().next().is_some() && !doc.articles().is_empty() => {
            Scored::document(name, doc)
        }
        _ => Scored::clauses(&name, &text),
    })
}

/// The blank-line-separated paragraphs of `text`, each trimmed and joined onto one line.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    out
}

impl Scored {
    fn document(name: String, doc: Document) -> Scored {
        let scores = analyze_document(&doc);
        Scored::Document { name, doc, scores }
    }

    fn clauses(name: &str, text: &str) -> Scored {
        let clauses = paragraphs(text)
            .into_iter()
            .enumerate()
            .map(|(i, text)| ClauseScore {
                paragraph: i + 1,
                bindingness: analyze_text(&text),
                text,
            })
            .collect();
        Scored::Clauses {
            name: name.to_string(),
            clauses,
        }
    }

    fn json(&self) -> ScoredJson<'_> {
        match self {
            Scored::Document { name, doc, scores } => ScoredJson::Document(DocumentJson {
                source: name,
                title: doc.title(),
                provisions: scores,
                articles: by_article(scores)
                    .into_iter()
                    .map(|(article, summary)| ArticleJson { article, summary })
                    .collect(),
                overall: aggregate(scores),
            }),
            Scored::Clauses { name, clauses } => ScoredJson::Clauses(ClausesJson {
                source: name,
                clauses,
            }),
        }
    }

    fn print(&self, out: &mut impl WriteColor) -> std::io::Result<()> {
        match self {
            Scored::Document { doc, scores, .. } => print_document(out, doc, scores),
            Scored::Clauses { name, clauses } => print_clauses(out, name, clauses),
        }
    }
}

fn print_document(
    out: &mut impl WriteColor,
    doc: &Document,
    scores: &[ProvisionScore],
) -> std::io::Result<()> {
    bold(out, &format!("{}: bindingness, 0 to 100", doc.title()))?;
    let width = scores.iter().map(|s| s.id.len()).max().unwrap_or(2).min(32);
    let headings: FxHashMap<&str, String> = doc
        .articles()
        .iter()
        .map(|a| (a.heading.number.as_str(), a.display_heading()))
        .collect();
    for group in group_by_article(scores) {
        writeln!(out)?;
        let heading = headings
            .get(group.article)
            .cloned()
            .unwrap_or_else(|| format!("Article {}", group.article));
        bold(out, &heading)?;
        let summary = aggregate(group.scores.iter().copied());
        for s in group.scores {
            row(out, &s.id, width, &s.bindingness)?;
            if let Some(by) = &s.dispute_settlement_excluded_by {
                dimmed(
                    out,
                    &format!("  {:width$}  excluded from dispute settlement by {by}", ""),
                )?;
            }
        }
        dimmed(out, &format!("  {}", summary_line(&summary)))?;
    }
    writeln!(out)?;
    bold(
        out,
        &format!("Overall: {}", summary_line(&aggregate(scores))),
    )
}

fn print_clauses(
    out: &mut impl WriteColor,
    name: &str,
    clauses: &[ClauseScore],
) -> std::io::Result<()> {
    bold(out, &format!("{name}: bindingness, 0 to 100"))?;
    for c in clauses {
        writeln!(out)?;
        row(out, &format!("¶{}", c.paragraph), 4, &c.bindingness)?;
        dimmed(out, &format!("  {}", c.text))?;
    }
    Ok(())
}

/// One table row: id, category, strength, decisive cues.
fn row(out: &mut impl WriteColor, id: &str, width: usize, b: &Bindingness) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)))?;
    write!(out, "  {id:<width$}")?;
    out.reset()?;
    writeln!(
        out,
        "  {:<17} {:>3}  {}",
        b.category.name(),
        strength(b.strength),
        top_cues(b)
    )
}

fn strength(s: Option<u8>) -> String {
    s.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// Every decisive cue (each one changed the category or the strength) as `"phrase"`, inherited
/// ones with the provision they came from; JSON also carries the cues that had no effect.
pub fn top_cues(b: &Bindingness) -> String {
    b.cues
        .iter()
        .filter(|c| c.decisive)
        .map(|c| match &c.inherited_from {
            Some(from) => format!("\"{}\" ({from})", c.phrase),
            None => format!("\"{}\"", c.phrase),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `total 4.15 obligation-equivalents, density 46.2 over 9 scored (2 unscored); obligation 5,
/// best_efforts 3, ...`
pub fn summary_line(s: &Summary) -> String {
    let figures = s.density.map_or_else(
        || "no scored provisions".to_string(),
        |d| {
            format!(
                "total {:.2} obligation-equivalents, density {d:.1}",
                s.total
            )
        },
    );
    let counts: Vec<String> = s
        .by_category
        .iter()
        .map(|(c, n)| format!("{} {n}", c.name()))
        .collect();
    let excluded = match s.excluded_from_dispute_settlement {
        0 => String::new(),
        n => format!("; {n} excluded from dispute settlement"),
    };
    format!(
        "{figures} over {} scored ({} unscored); {}{excluded}",
        s.scored,
        s.unscored,
        counts.join(", ")
    )
}

/// Renders a before/after comparison: each added, removed or changed provision with its
/// category and strength before and after and the delta, then the articles and the whole text.
pub fn print_comparison(out: &mut impl WriteColor, comparison: &Comparison) -> std::io::Result<()> {
    let width = comparison
        .provisions
        .iter()
        .map(|p| p.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    bold(
        out,
        &format!(
            "  {:<width$}  {:<8}  {:<22}  {:<22}  delta",
            "id", "status", "before", "after"
        ),
    )?;
    for change in &comparison.provisions {
        let side = |s: &Option<ProvisionScore>| {
            s.as_ref().map_or_else(
                || "-".to_string(),
                |s| {
                    format!(
                        "{} {}",
                        s.bindingness.category.name(),
                        strength(s.bindingness.strength)
                    )
                },
            )
        };
        write!(
            out,
            "  {:<width$}  {:<8}  {:<22}  {:<22}  ",
            change.id,
            format!("{:?}", change.status).to_lowercase(),
            side(&change.before),
            side(&change.after)
        )?;
        delta(out, change.delta.map(f64::from), 0)?;
        writeln!(out)?;
    }
    for article in &comparison.articles {
        change_line(
            out,
            &format!("Article {}", article.article),
            &article.change,
        )?;
    }
    change_line(out, "Overall", &comparison.overall)?;
    impact_lines(out, &comparison.impact)
}

/// The impact of a change, commitment by commitment (docs/bindingness.md).
fn impact_lines(out: &mut impl WriteColor, impact: &Impact) -> std::io::Result<()> {
    writeln!(out, "Impact: {}", impact.text())?;
    let list = |c: &[Commitment]| {
        c.iter()
            .map(|c| format!("{} {} {}", c.id, c.category.name(), c.strength))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !impact.added.is_empty() {
        writeln!(out, "  new commitments: {}", list(&impact.added))?;
    }
    if !impact.removed.is_empty() {
        writeln!(out, "  removed: {}", list(&impact.removed))?;
    }
    for h in &impact.hollowed {
        writeln!(
            out,
            "  hollowed: {} {} -> {} by {}",
            h.id, h.strength, h.left, h.by
        )?;
    }
    Ok(())
}

fn change_line(
    out: &mut impl WriteColor,
    label: &str,
    change: &redline::bindingness::Change,
) -> std::io::Result<()> {
    let total = |s: &Summary| {
        if s.scored == 0 {
            "-".to_string()
        } else {
            redline::render::total_text(s.total)
        }
    };
    let density = |s: &Summary| {
        s.density
            .map_or("-".to_string(), redline::render::density_text)
    };
    write!(
        out,
        "{label}: total {} -> {} (",
        total(&change.before),
        total(&change.after)
    )?;
    delta(out, change.delta_total, 2)?;
    write!(
        out,
        ")  density {} -> {} (",
        density(&change.before),
        density(&change.after)
    )?;
    delta(out, change.delta_density, 1)?;
    writeln!(out, ")")
}

/// A signed delta with `decimals` places, green when the text hardens
/// and red when it softens.
fn delta(out: &mut impl WriteColor, value: Option<f64>, decimals: usize) -> std::io::Result<()> {
    match value {
        None => write!(out, "-"),
        Some(v) => {
            let color = if v > 0.0 {
                Some(Color::Green)
            } else if v < 0.0 {
                Some(Color::Red)
            } else {
                None
            };
            out.set_color(ColorSpec::new().set_fg(color))?;
            write!(out, "{v:+.decimals$}")?;
            out.reset()
        }
    }
}

fn bold(out: &mut impl WriteColor, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{text}")?;
    out.reset()?;
    writeln!(out)
}

fn dimmed(out: &mut impl WriteColor, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_dimmed(true))?;
    write!(out, "{text}")?;
    out.reset()?;
    writeln!(out)
}
