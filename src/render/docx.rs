//! The redline as a Word document (.docx) whose every change is a tracked change a colleague
//! can accept or reject, credited to the proposal's sponsor.
//!
//! The document holds the amended text (every provision, unless a context is asked for):
//! each inserted word is a `w:ins` and each deleted word a `w:del` whose author is the
//! sponsor of the proposal that made the change and whose date is the proposal's filing
//! date; an inserted or deleted provision is marked down to its paragraph mark; a moved
//! provision is a `w:moveFrom` at its old place and a `w:moveTo` at its new one, each between
//! range markers sharing one name (or a deletion and an insertion, for consumers that
//! mishandle moves). Footnotes are Word footnotes; chapter, section and article headings are
//! Word headings (the navigation pane lists the articles); list labels hang as the treaty sets
//! them. A first page says what the redline was made from: title, proposals, inputs with
//! their SHA-256, the review's matrix, bindingness figures.
//!
//! The bytes are a function of the inputs alone: revision ids come from one counter per
//! document, and the zip's entries have a fixed order, date and permissions, so a SHA-256 of
//! the file can be checked by whoever holds the same inputs.

mod body;
mod package;
mod revision;
mod write;
mod xml;

use body::{layout, Body};
use package::Parts;
use revision::RevisionIds;
use write::{note_id, Writer};
use xml::Xml;

use super::neutral::Lines;
use super::{HeaderView, RenderOptions, Report};

pub use revision::TOOL_AUTHOR;

const WORDPROCESSINGML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The report's redlines as the bytes of a .docx file: one after the other, each headed by
/// its document's title when there are several.
pub fn render(report: &Report, options: &RenderOptions) -> Vec<u8> {
    let mut body = Body::default();
    for (i, section) in report.sections.iter().enumerate() {
        let mut part = layout(&section.redline, options.context, options.moves);
        if report.has_sections() {
            body.paragraphs.push(body::title(&section.title));
        }
        part.follow(i + 1, body.notes.len());
        body.paragraphs.append(&mut part.paragraphs);
        body.notes.append(&mut part.notes);
    }
    let mut ids = RevisionIds::default();
    let header = report.header_view(options);
    let document = document(&body, &header, options.draft, report, &mut ids);
    let footnotes = footnotes(&body, report, &mut ids);
    package::zip(&Parts {
        document,
        footnotes,
        core: core_properties(&report.title),
    })
}

fn document(
    body: &Body,
    header: &HeaderView,
    draft: bool,
    report: &Report,
    ids: &mut RevisionIds,
) -> Vec<u8> {
    let mut out = Writer {
        xml: Xml::new(),
        ids,
        report,
    };
    out.xml.open("w:document", &[("xmlns:w", WORDPROCESSINGML)]);
    out.xml.open("w:body", &[]);
    first_page(&mut out, header, draft);
    for paragraph in &body.paragraphs {
        out.paragraph(paragraph);
    }
    out.xml.open("w:sectPr", &[]);
    out.xml
        .empty("w:pgSz", &[("w:w", "12240"), ("w:h", "15840")]);
    out.xml.empty(
        "w:pgMar",
        &[
            ("w:top", "1440"),
            ("w:right", "1440"),
            ("w:bottom", "1440"),
            ("w:left", "1440"),
            ("w:header", "720"),
            ("w:footer", "720"),
            ("w:gutter", "0"),
        ],
    );
    out.xml.close("w:sectPr");
    out.xml.close("w:body");
    out.xml.close("w:document");
    out.xml.finish()
}

/// The first page: what the redline was made from, and how to review it. Unlike the other
/// formats it does not say when it was written: that is no input, and the same inputs give
/// the same bytes.
fn first_page(out: &mut Writer, header: &HeaderView, draft: bool) {
    let kicker = if draft {
        "DRAFT · Redline with tracked changes"
    } else {
        "Redline with tracked changes"
    };
    out.plain("Kicker", kicker);
    out.plain("Title", &header.title);
    for proposal in &header.proposals {
        out.plain("CoverHeading", &proposal.heading);
        for (label, text) in &proposal.fields {
            out.labelled("Cover", label, text);
        }
    }
    out.plain("CoverHeading", "Inputs");
    for input in &header.inputs {
        out.labelled(
            "Cover",
            &input.role,
            &format!("{}, SHA-256 {}", input.name, input.sha256),
        );
    }
    if let Some(matrix) = &header.matrix {
        out.plain("CoverHeading", "What each proposal does");
        let rows: Vec<Vec<String>> = matrix.rows.iter().map(|r| r.to_vec()).collect();
        out.table(&matrix.columns, &rows);
    }
    for note in &header.notes {
        out.plain("Cover", note);
    }
    if !header.bindingness.is_empty() {
        out.plain("CoverHeading", "Bindingness of the changed provisions");
        let rows: Vec<Vec<String>> = header
            .bindingness
            .iter()
            .map(|(id, text)| vec![id.clone(), text.clone()])
            .collect();
        out.table(&["Provision", "Bindingness before → after"], &rows);
    }
    for summary in &header.summaries {
        out.plain("CoverHeading", summary);
    }
    out.plain(
        "Cover",
        "Every change is a tracked change whose author is the sponsor of the proposal that \
         made it, dated with the proposal's filing date. In Word: Review, then Next to step \
         through the changes, Accept or Reject each, or Accept All Changes to see the \
         amended text alone.",
    );
    out.page_break();
}

/// footnotes.xml: the separators Word expects, then one note per footnote call.
fn footnotes(body: &Body, report: &Report, ids: &mut RevisionIds) -> Vec<u8> {
    let mut out = Writer {
        xml: Xml::new(),
        ids,
        report,
    };
    out.xml
        .open("w:footnotes", &[("xmlns:w", WORDPROCESSINGML)]);
    for (kind, id, mark) in [
        ("separator", "-1", "w:separator"),
        ("continuationSeparator", "0", "w:continuationSeparator"),
    ] {
        out.xml
            .open("w:footnote", &[("w:type", kind), ("w:id", id)]);
        out.xml.open("w:p", &[]);
        out.xml.open("w:pPr", &[]);
        out.xml.empty(
            "w:spacing",
            &[("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")],
        );
        out.xml.close("w:pPr");
        out.xml.open("w:r", &[]);
        out.xml.empty(mark, &[]);
        out.xml.close("w:r");
        out.xml.close("w:p");
        out.xml.close("w:footnote");
    }
    for (i, note) in body.notes.iter().enumerate() {
        out.xml.open("w:footnote", &[("w:id", &note_id(i))]);
        out.paragraph(note);
        out.xml.close("w:footnote");
    }
    out.xml.close("w:footnotes");
    out.xml.finish()
}

/// docProps/core.xml: the title, and no dates, which would make the bytes differ per run.
fn core_properties(title: &str) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    xml.text_element("dc:title", &[], title, Lines::One);
    xml.text_element("dc:creator", &[], "redline", Lines::One);
    xml.close("cp:coreProperties");
    xml.finish()
}
