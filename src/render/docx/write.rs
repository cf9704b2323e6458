//! Paragraphs and tables as WordprocessingML: each change a `w:ins`, `w:del`, `w:moveFrom` or
//! `w:moveTo` with its author, date and an id from the document's one counter; a changed
//! paragraph mark in the paragraph's run properties; a move's two halves between range
//! markers that share a name.

use super::body::{Paragraph, Piece, Run};
use super::revision::{author, Mark, RevisionIds};
use super::xml::Xml;
use crate::render::neutral::Lines;
use crate::render::Report;

/// Writes what the document says, tracking every change.
pub struct Writer<'a> {
    pub xml: Xml,
    pub ids: &'a mut RevisionIds,
    pub report: &'a Report,
}

impl Writer<'_> {
    /// Writes a paragraph, its changes tracked.
    pub fn paragraph(&mut self, p: &Paragraph) {
        self.xml.open("w:p", &[]);
        self.xml.open("w:pPr", &[]);
        self.xml.empty("w:pStyle", &[("w:val", p.style.id())]);
        if p.indent.left > 0 {
            let (left, hanging) = (p.indent.left.to_string(), p.indent.hanging.to_string());
            self.xml
                .empty("w:ind", &[("w:left", &left), ("w:hanging", &hanging)]);
        }
        if let Some(element) = p.mark.element() {
            self.xml.open("w:rPr", &[]);
            self.revision(element, p.mark_by, &[], true);
            self.xml.close("w:rPr");
        }
        self.xml.close("w:pPr");
        let range = p.move_name.as_deref().and_then(|name| {
            let element = p.runs.iter().find_map(|run| match run.mark {
                Mark::MoveFrom => Some("w:moveFromRange"),
                Mark::MoveTo => Some("w:moveToRange"),
                _ => None,
            })?;
            let id = self.ids.next();
            let who = author(self.report, p.mark_by);
            let mut attributes = vec![("w:id", id.as_str()), ("w:author", who.name.as_str())];
            if let Some(date) = &who.date {
                attributes.push(("w:date", date));
            }
            attributes.push(("w:name", name));
            self.xml.empty(&format!("{element}Start"), &attributes);
            Some((element, id))
        });
        for group in p.runs.chunk_by(|a, b| a.mark == b.mark && a.by == b.by) {
            self.changed_runs(group);
        }
        if let Some((element, id)) = range {
            self.xml.empty(&format!("{element}End"), &[("w:id", &id)]);
        }
        self.xml.close("w:p");
    }

    /// Runs of one mark by one author, wrapped in their change element.
    fn changed_runs(&mut self, runs: &[Run]) {
        let Some(first) = runs.first() else {
            return;
        };
        let element = first.mark.element();
        if let Some(element) = element {
            self.revision(element, first.by, &[], false);
        }
        for run in runs {
            self.run(run);
        }
        if let Some(element) = element {
            self.xml.close(element);
        }
    }

    /// Opens (or, for a paragraph mark, writes empty) a revision element with a fresh id.
    fn revision(&mut self, element: &str, by: Option<&str>, extra: &[(&str, &str)], empty: bool) {
        let id = self.ids.next();
        let who = author(self.report, by);
        let mut attributes = vec![("w:id", id.as_str()), ("w:author", who.name.as_str())];
        if let Some(date) = &who.date {
            attributes.push(("w:date", date));
        }
        attributes.extend_from_slice(extra);
        if empty {
            self.xml.empty(element, &attributes);
        } else {
            self.xml.open(element, &attributes);
        }
    }

    fn run(&mut self, run: &Run) {
        self.xml.open("w:r", &[]);
        match &run.piece {
            Piece::Text(text) | Piece::Line(text) => {
                let lines = match run.piece {
                    Piece::Line(_) => Lines::One,
                    _ => Lines::Many,
                };
                let preserve = [("xml:space", "preserve")];
                self.xml
                    .text_element(run.mark.text_element(), &preserve, text, lines)
            }
            Piece::Tab => self.xml.empty("w:tab", &[]),
            Piece::Break => self.xml.empty("w:br", &[]),
            Piece::NoteReference(note) => {
                note_style(&mut self.xml);
                self.xml
                    .empty("w:footnoteReference", &[("w:id", &note_id(*note))]);
            }
            Piece::NoteNumber => {
                note_style(&mut self.xml);
                self.xml.empty("w:footnoteRef", &[]);
            }
        }
        self.xml.close("w:r");
    }

    /// A paragraph of plain text in `style` (the first page's).
    pub fn plain(&mut self, style: &str, text: &str) {
        self.xml.open("w:p", &[]);
        self.xml.open("w:pPr", &[]);
        self.xml.empty("w:pStyle", &[("w:val", style)]);
        self.xml.close("w:pPr");
        self.text_run(text, false);
        self.xml.close("w:p");
    }

    /// A paragraph of `label` in bold, then `text`.
    pub fn labelled(&mut self, style: &str, label: &str, text: &str) {
        self.xml.open("w:p", &[]);
        self.xml.open("w:pPr", &[]);
        self.xml.empty("w:pStyle", &[("w:val", style)]);
        self.xml.close("w:pPr");
        self.text_run(&format!("{label}: "), true);
        self.text_run(text, false);
        self.xml.close("w:p");
    }

    fn text_run(&mut self, text: &str, bold: bool) {
        self.xml.open("w:r", &[]);
        if bold {
            self.xml.open("w:rPr", &[]);
            self.xml.empty("w:b", &[]);
            self.xml.close("w:rPr");
        }
        // The first page's fields (a title, a sponsor, a file name) are one line each, as in
        // every format, so a line break in one shows rather than starting a forged line.
        self.xml
            .text_element("w:t", &[("xml:space", "preserve")], text, Lines::One);
        self.xml.close("w:r");
    }

    /// A table with a header row, every cell plain text.
    pub fn table(&mut self, columns: &[&str], rows: &[Vec<String>]) {
        self.xml.open("w:tbl", &[]);
        self.xml.open("w:tblPr", &[]);
        self.xml.empty("w:tblStyle", &[("w:val", "Matrix")]);
        self.xml
            .empty("w:tblW", &[("w:w", "5000"), ("w:type", "pct")]);
        self.xml.close("w:tblPr");
        self.xml.open("w:tblGrid", &[]);
        for _ in columns {
            self.xml.empty("w:gridCol", &[]);
        }
        self.xml.close("w:tblGrid");
        let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        self.row(&header, true);
        for row in rows {
            self.row(row, false);
        }
        self.xml.close("w:tbl");
    }

    fn row(&mut self, cells: &[String], header: bool) {
        self.xml.open("w:tr", &[]);
        if header {
            self.xml.open("w:trPr", &[]);
            self.xml.empty("w:tblHeader", &[]);
            self.xml.close("w:trPr");
        }
        for cell in cells {
            self.xml.open("w:tc", &[]);
            self.xml.open("w:p", &[]);
            self.xml.open("w:pPr", &[]);
            self.xml.empty("w:pStyle", &[("w:val", "Cover")]);
            self.xml.close("w:pPr");
            self.text_run(cell, header);
            self.xml.close("w:p");
            self.xml.close("w:tc");
        }
        self.xml.close("w:tr");
    }

    /// A page break, ending the first page.
    pub fn page_break(&mut self) {
        self.xml.open("w:p", &[]);
        self.xml.open("w:r", &[]);
        self.xml.empty("w:br", &[("w:type", "page")]);
        self.xml.close("w:r");
        self.xml.close("w:p");
    }
}

/// The character style of a footnote's number.
fn note_style(xml: &mut Xml) {
    xml.open("w:rPr", &[]);
    xml.empty("w:rStyle", &[("w:val", "FootnoteReference")]);
    xml.close("w:rPr");
}

/// The `w:id` of a note in footnotes.xml: -1 and 0 are the separators.
pub fn note_id(note: usize) -> String {
    (note + 1).to_string()
}
