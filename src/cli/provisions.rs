//! `redline provisions [--base X] [CITATION]`: an outline of a baseline, or one provision in
//! full with its chapeau and footnotes.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use termcolor::{Color, ColorSpec, WriteColor};

use super::{ColorWhen, Error};
use redline::baseline::Baseline;
use redline::citation::{resolve, Target};
use redline::document::{Document, Footnote, Provision};
use redline::propose::Excerpt;

/// Words of a provision shown in the outline before it is cut with an ellipsis.
const OUTLINE_WORDS: usize = 12;

/// Widest id column in the outline; longer ids (long defined terms) push their line out.
const MAX_ID_COLUMN: usize = 30;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
redline provisions                                   # outline of Chapter 19\n  \
redline provisions 19.15                             # Article 19.15 in full\n  \
redline provisions '19.15.1(b)'                      # with its chapeau\n  \
redline provisions --base usmca-annex-12c 12.C.2.3\n  \
redline provisions 19.8.2 --format json\n  \
redline provisions 19.15 --format text > edited.txt  # to edit, then\n  \
redline propose edited.txt -o proposal.json\n\n\
Citation forms: 19.15(1)(b), 19.15.1(b), Art. 19.15(1)(b), \
'Article 19.15, paragraph 1(b)', Article 12.C.2.3, 12.C.2(3)(a), 19.1/algorithm, footnote 3.\n\
An article prints in full; a paragraph prints with its subparagraphs; a subparagraph prints \
with the chapeau that governs it.\n\
--format text prints them in the baseline layout, ready to edit and to turn into a proposal \
with redline propose.")]
pub struct Args {
    /// The provision to show; without it, an outline of the whole text.
    citation: Option<String>,

    /// The baseline: an embedded text (usmca-ch19, usmca-annex-12c) or the path of a text in
    /// the same layout.
    #[arg(long, short, default_value = "usmca-ch19", value_name = "BASE")]
    base: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Readable)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Readable, with ids and kinds, coloured on a terminal.
    Readable,
    /// The baseline layout (heading lines, article heading, provisions, footnotes), which
    /// parses again and which `redline propose` reads back after editing.
    Text,
    /// The provisions as JSON, with ids, eIds, kinds, chapeaux and footnotes.
    Json,
}

pub fn run(args: &Args, color: ColorWhen) -> Result<ExitCode, Error> {
    let baseline = Baseline::load(&args.base)?;
    let doc = baseline.document()?;
    let selection = match &args.citation {
        None => Selection::outline(&doc),
        Some(citation) => Selection::cited(&doc, resolve(&doc, citation)?),
    };
    let mut out = color.stdout();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &selection.json(&baseline, &doc))?;
            writeln!(out)?;
        }
        Format::Text => {
            let excerpt = match &args.citation {
                None => Excerpt::whole(&doc),
                Some(citation) => Excerpt::of(&doc, &resolve(&doc, citation)?),
            };
            out.write_all(excerpt.render(&doc).as_bytes())?;
        }
        Format::Readable if args.citation.is_none() => print_outline(&mut out, &doc)?,
        Format::Readable => print_selection(&mut out, &doc, &selection)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The provisions a citation selects, with what governs them and what they cite.
struct Selection<'d> {
    /// What was cited, `None` for the outline.
    cited: Option<String>,
    /// Chapeaux above the first selected provision, outermost first.
    chapeaux: Vec<&'d Provision>,
    provisions: Vec<&'d Provision>,
    footnotes: Vec<&'d Footnote>,
}

impl<'d> Selection<'d> {
    fn outline(doc: &'d Document) -> Self {
        Selection {
            cited: None,
            chapeaux: Vec::new(),
            provisions: doc.provisions().collect(),
            footnotes: doc.footnotes().collect(),
        }
    }

    fn cited(doc: &'d Document, target: Target<'d>) -> Self {
        let cited = Some(target.id().to_string());
        let (chapeaux, provisions) = match &target {
            Target::Article(article) => (Vec::new(), article.provisions().collect()),
            Target::Provision(p) => (doc.chapeaux(p), doc.subtree(&p.id)),
            Target::Footnote(f) => {
                let citing: Vec<&Provision> = f
                    .cited_in
                    .iter()
                    .filter_map(|id| doc.provision(id))
                    .collect();
                (Vec::new(), citing)
            }
        };
        let footnotes = match target {
            Target::Footnote(f) => vec![f],
            _ => doc
                .footnotes()
                .filter(|f| {
                    provisions
                        .iter()
                        .chain(&chapeaux)
                        .any(|p| p.footnotes.contains(&f.number))
                })
                .collect(),
        };
        Selection {
            cited,
            chapeaux,
            provisions,
            footnotes,
        }
    }

    fn json(&self, baseline: &'d Baseline, doc: &'d Document) -> SelectionJson<'d> {
        SelectionJson {
            baseline: &baseline.name,
            title: doc.title(),
            cited: self.cited.clone(),
            chapeaux: self.chapeaux.clone(),
            provisions: self.provisions.clone(),
            footnotes: self.footnotes.clone(),
        }
    }
}

#[derive(Serialize)]
struct SelectionJson<'d> {
    baseline: &'d str,
    title: String,
    cited: Option<String>,
    chapeaux: Vec<&'d Provision>,
    provisions: Vec<&'d Provision>,
    footnotes: Vec<&'d Footnote>,
}

fn print_outline(out: &mut impl WriteColor, doc: &Document) -> std::io::Result<()> {
    heading(out, &doc.title())?;
    for article in doc.articles() {
        writeln!(out)?;
        heading(out, &article.display_heading())?;
        let provisions: Vec<&Provision> = article.provisions().collect();
        let id_width = provisions
            .iter()
            .map(|p| id_column(p).len())
            .max()
            .unwrap_or(0)
            .min(MAX_ID_COLUMN);
        for p in provisions {
            id(out, &format!("  {:<id_width$}", id_column(p)))?;
            writeln!(out, "  {:<6}{}", outline_label(p), first_words(&p.text))?;
        }
        for f in article.footnotes() {
            id(out, &format!("  {:<id_width$}", f.id))?;
            writeln!(
                out,
                "  {:<6}{}",
                format!("[^{}]", f.number),
                first_words(&f.text)
            )?;
        }
    }
    Ok(())
}

fn print_selection(
    out: &mut impl WriteColor,
    doc: &Document,
    selection: &Selection<'_>,
) -> std::io::Result<()> {
    if let Some(first) = selection.provisions.first().or(selection.chapeaux.first()) {
        if let Some(article) = doc.article(&first.article) {
            heading(out, &article.display_heading())?;
        }
    }
    if !selection.chapeaux.is_empty() {
        writeln!(out)?;
        out.set_color(ColorSpec::new().set_dimmed(true))?;
        writeln!(out, "Chapeau:\n")?;
        out.reset()?;
        for p in &selection.chapeaux {
            provision(out, p, true)?;
        }
    } else {
        writeln!(out)?;
    }
    for p in &selection.provisions {
        provision(out, p, false)?;
    }
    if !selection.footnotes.is_empty() {
        for f in &selection.footnotes {
            id(out, &f.id)?;
            writeln!(out, "  [^{}]: {}", f.number, f.text)?;
            writeln!(out, "       cited in {}", f.cited_in.join(", "))?;
        }
    }
    Ok(())
}

fn provision(out: &mut impl WriteColor, p: &Provision, dimmed: bool) -> std::io::Result<()> {
    id(out, &p.id)?;
    writeln!(out, "  {}  {}", p.kind_name(), p.eid)?;
    if dimmed {
        out.set_color(ColorSpec::new().set_dimmed(true))?;
    }
    writeln!(out, "{}{}", "    ".repeat(p.depth() + 1), p.render())?;
    out.reset()?;
    writeln!(out)
}

fn heading(out: &mut impl WriteColor, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{text}")?;
    out.reset()?;
    writeln!(out)
}

fn id(out: &mut impl WriteColor, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)))?;
    write!(out, "{text}")?;
    out.reset()
}

/// The id, indented by depth so lists read as lists.
fn id_column(p: &Provision) -> String {
    format!("{}{}", "  ".repeat(p.depth()), p.id)
}

/// What the outline shows in the label column: the printed label, or what the block is.
fn outline_label(p: &Provision) -> String {
    let label = p.label();
    if !label.is_empty() {
        return label;
    }
    match p.kind {
        redline::document::ProvisionKind::Definition { .. } => "def".into(),
        redline::document::ProvisionKind::Continuation => "cont.".into(),
        _ => "-".into(),
    }
}

fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= OUTLINE_WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..OUTLINE_WORDS].join(" "))
    }
}
