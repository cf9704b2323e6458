//! Reading a .docx back, for the Word tests: its parts, a small element tree, the text with
//! every change accepted or rejected (done here on document.xml, as Word would), and the
//! structural rules of tracked changes.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

/// An element: its name, attributes and children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every element below this one (and itself), depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for child in self.elements() {
            out.extend(child.descendants());
        }
        out
    }

    /// The character data inside, all of it.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .map(|c| match c {
                Node::Text(t) => t.clone(),
                Node::Element(e) => e.text(),
            })
            .collect()
    }
}

/// Parses an XML part into its root element.
pub fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let start = |e: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attributes: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
    };
    let push_text = |stack: &mut Vec<Element>, text: &str| {
        let top = stack.last_mut().unwrap();
        match top.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(text),
            _ => top.children.push(Node::Text(text.to_string())),
        }
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let element = start(&e);
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Element(element));
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::Element(done));
            }
            Event::Text(t) => push_text(&mut stack, &t.decode().unwrap()),
            Event::CData(t) => push_text(&mut stack, &t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().unwrap();
                        resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};"))
                            .to_string()
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let root = stack.pop().unwrap();
    let element = root.elements().next().expect("a root element").clone();
    element
}

/// The parts of a zip, by name, in the archive's order.
pub fn parts(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

/// A part's text.
pub fn part(docx: &[u8], name: &str) -> String {
    let (_, bytes) = parts(docx)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("the package has {name}"));
    String::from_utf8(bytes).unwrap()
}

/// Which version of the text to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    AcceptAll,
    RejectAll,
}

impl Choice {
    /// Whether the content of a change element survives this choice.
    fn keeps(self, change: &str) -> bool {
        match change {
            "w:ins" | "w:moveTo" => self == Choice::AcceptAll,
            "w:del" | "w:moveFrom" => self == Choice::RejectAll,
            _ => true,
        }
    }
}

/// The text of the document after every change is accepted or rejected: its paragraphs after
/// the first page (each with white space collapsed, a tab read as a space, a footnote call
/// as `[^N]` numbered in order), and the footnotes the calls that are left call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<String>,
}

pub fn text(docx: &[u8], choice: Choice) -> Text {
    let document = parse(&part(docx, "word/document.xml"));
    let notes = parse(&part(docx, "word/footnotes.xml"));
    let notes: HashMap<String, Element> = notes
        .elements()
        .map(|n| (n.attribute("w:id").unwrap().to_string(), n.clone()))
        .collect();
    let body = document.child("w:body").unwrap();
    let mut reader = TextReader {
        choice,
        notes: &notes,
        footnotes: Vec::new(),
    };
    let mut paragraphs = Vec::new();
    let mut pending = String::new();
    let mut after_first_page = false;
    let all: Vec<&Element> = body.elements().filter(|e| e.name == "w:p").collect();
    for (i, p) in all.iter().enumerate() {
        if !after_first_page {
            after_first_page = p
                .descendants()
                .iter()
                .any(|e| e.name == "w:br" && e.attribute("w:type") == Some("page"));
            continue;
        }
        pending.push_str(&reader.paragraph(p));
        // The document's last paragraph mark stays whatever its change, as in Word.
        if reader.mark_survives(p) || i + 1 == all.len() {
            paragraphs.push(collapse(&std::mem::take(&mut pending)));
        }
    }
    Text {
        paragraphs,
        footnotes: reader.footnotes,
    }
}

struct TextReader<'a> {
    choice: Choice,
    notes: &'a HashMap<String, Element>,
    footnotes: Vec<String>,
}

impl TextReader<'_> {
    fn paragraph(&mut self, p: &Element) -> String {
        let mut out = String::new();
        for child in p.elements().filter(|e| e.name != "w:pPr") {
            self.content(child, &mut out);
        }
        out
    }

    fn content(&mut self, e: &Element, out: &mut String) {
        match e.name.as_str() {
            name if !self.choice.keeps(name) => {}
            "w:t" | "w:delText" => out.push_str(&e.text()),
            "w:tab" => out.push(' '),
            "w:br" => out.push('\n'),
            "w:footnoteReference" => {
                let note = &self.notes[e.attribute("w:id").unwrap()];
                let text: String = note
                    .elements()
                    .filter(|p| p.name == "w:p")
                    .map(|p| self.paragraph(p))
                    .collect();
                self.footnotes.push(collapse(&text));
                out.push_str(&format!("[^{}]", self.footnotes.len()));
            }
            _ => {
                for child in e.elements() {
                    self.content(child, out);
                }
            }
        }
    }

    /// A paragraph mark inserted (or moved here) goes on rejecting, one deleted (or moved
    /// away) on accepting: the paragraph then runs on into the next.
    fn mark_survives(&self, p: &Element) -> bool {
        let mark = p.child("w:pPr").and_then(|ppr| ppr.child("w:rPr"));
        mark.is_none_or(|rpr| rpr.elements().all(|e| self.choice.keeps(&e.name)))
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a document in the baseline layout gives, read as [`text`] reads a .docx: its
/// blocks other than footnotes, each footnote marker renumbered in order of citation (as Word
/// numbers footnotes), and the cited footnotes' texts in that order.
pub fn layout_text(doc: &redline::document::Document) -> Text {
    use redline::document::BlockContent;
    let mut paragraphs = Vec::new();
    let mut footnotes = Vec::new();
    for block in &doc.blocks {
        if matches!(block.content, BlockContent::Footnote(_)) {
            continue;
        }
        let line = block.content.render();
        let mut out = String::new();
        let mut rest = 0;
        for (offset, number) in redline::parse::footnote_markers(&line) {
            let Some(footnote) = doc.footnote(number) else {
                continue;
            };
            out.push_str(&line[rest..offset]);
            footnotes.push(collapse(&footnote.text));
            out.push_str(&format!("[^{}]", footnotes.len()));
            rest = offset + number.len() + 3;
        }
        out.push_str(&line[rest..]);
        paragraphs.push(collapse(&out));
    }
    Text {
        paragraphs,
        footnotes,
    }
}

/// Checks the rules of tracked changes: every revision id used once (a range's start and end
/// share theirs), every range closed after it opens, every moved-from range named like one
/// moved-to range and the other way round, every change with an author, and every footnote
/// call answered by a footnote. Returns what is wrong.
pub fn structural_errors(docx: &[u8]) -> Vec<String> {
    let document = parse(&part(docx, "word/document.xml"));
    let notes = parse(&part(docx, "word/footnotes.xml"));
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    let mut open: HashMap<String, &str> = HashMap::new();
    let mut names: HashMap<&str, Vec<String>> = HashMap::new();
    let elements: Vec<&Element> = document
        .descendants()
        .into_iter()
        .chain(notes.descendants())
        .collect();
    for e in &elements {
        let id = e.attribute("w:id").unwrap_or_default().to_string();
        match e.name.as_str() {
            "w:ins" | "w:del" | "w:moveFrom" | "w:moveTo" => {
                if !ids.insert(id.clone()) {
                    errors.push(format!("{} reuses id {id}", e.name));
                }
                if e.attribute("w:author").is_none_or(str::is_empty) {
                    errors.push(format!("{} {id} has no author", e.name));
                }
            }
            "w:moveFromRangeStart" | "w:moveToRangeStart" => {
                if !ids.insert(id.clone()) {
                    errors.push(format!("{} reuses id {id}", e.name));
                }
                open.insert(id, &e.name);
                let kind = if e.name.starts_with("w:moveFrom") {
                    "from"
                } else {
                    "to"
                };
                names
                    .entry(kind)
                    .or_default()
                    .push(e.attribute("w:name").unwrap_or_default().to_string());
            }
            "w:moveFromRangeEnd" | "w:moveToRangeEnd" => {
                let start = e.name.replace("End", "Start");
                match open.remove(&id) {
                    Some(opened) if opened == start => {}
                    _ => errors.push(format!("{} {id} ends no open {start}", e.name)),
                }
            }
            "w:footnoteReference"
                if !notes.elements().any(|n| n.attribute("w:id") == Some(&id)) =>
            {
                errors.push(format!("footnote {id} is called but missing"));
            }
            _ => {}
        }
    }
    for (id, name) in open {
        errors.push(format!("{name} {id} is never closed"));
    }
    let mut from = names.remove("from").unwrap_or_default();
    let mut to = names.remove("to").unwrap_or_default();
    from.sort();
    to.sort();
    if from != to {
        errors.push(format!(
            "moved-from names {from:?} differ from moved-to names {to:?}"
        ));
    }
    errors
}

/// Every change of a .docx as a reviewer sees it: insertion or deletion (a move's halves as
/// the deletion and insertion a consumer without moves shows), author, and text (footnote
/// texts included where the change holds a call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: &'static str,
    pub author: String,
    pub date: String,
    pub text: String,
}

pub fn changes(docx: &[u8]) -> Vec<Change> {
    let mut out = Vec::new();
    for name in ["word/document.xml", "word/footnotes.xml"] {
        let root = parse(&part(docx, name));
        for e in root.descendants() {
            let kind = match e.name.as_str() {
                "w:ins" | "w:moveTo" => "insertion",
                "w:del" | "w:moveFrom" => "deletion",
                _ => continue,
            };
            let text = e.text();
            if !text.trim().is_empty() {
                out.push(Change {
                    kind,
                    author: e.attribute("w:author").unwrap().to_string(),
                    date: e.attribute("w:date").unwrap_or_default().to_string(),
                    text,
                });
            }
        }
    }
    out
}

/// `text` without any white space, for comparing texts that consumers space differently.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Two versions of an article: paragraph 3 moves to the top, paragraph 1 is split into a
/// list, paragraph 2 is renumbered.
pub const OLD: &str = "CHAPTER 1\nTEST\n\nArticle 1.1: Things\n\n\
1. The Parties shall cooperate on cybersecurity matters and shall share information on threats and shall build capacity.\n\n\
2. Each Party shall maintain a point of contact.\n\n\
3. Each Party shall publish its laws.\n";
pub const NEW: &str = "CHAPTER 1\nTEST\n\nArticle 1.1: Things\n\n\
1. Each Party shall publish its laws.\n\n\
2. The Parties shall cooperate on cybersecurity matters and shall share information on threats\n\n\
(a) and shall build capacity.\n\n\
3. Each Party shall maintain a point of contact.\n";

/// Writes [`OLD`] and [`NEW`] into `dir`; returns their paths.
pub fn write_moved_texts(dir: &std::path::Path) -> (String, String) {
    let (old, new) = (dir.join("old.txt"), dir.join("new.txt"));
    std::fs::write(&old, OLD).unwrap();
    std::fs::write(&new, NEW).unwrap();
    (
        old.to_str().unwrap().to_string(),
        new.to_str().unwrap().to_string(),
    )
}

/// Shipped proposals on Chapter 19 that insert and delete words and insert paragraphs and
/// articles, from three sponsors.
pub const REVIEWED: [&str; 4] = [
    "proposals/cr2-shall.json",
    "proposals/interoperable-risk-management.json",
    "proposals/cybersecurity-workforce.json",
    "proposals/coordinated-vulnerability-disclosure.json",
];

/// A proposal of a fourth sponsor that adds a footnote, written into `dir`; returns the paths
/// of [`REVIEWED`] and of that proposal, the proposals the review tests apply.
pub fn reviewed_with_a_footnote(dir: &std::path::Path) -> Vec<String> {
    let path = dir.join("footnote.json");
    let json = r#"{"id": "footnote", "title": "A footnote", "sponsor": "Footnote Drafters",
  "source": {"filing": "Test filing", "date": "2025-11", "docket": "USTR-2025-0004"},
  "rationale": "Testing footnotes.", "base": "usmca-ch19",
  "amendments": [{"op": "add_footnote", "at": "19.2.2", "phrase": "electronic means",
    "number": "8", "text": "For greater certainty, electronic means include cloud services."}]}"#;
    std::fs::write(&path, json).unwrap();
    let mut all: Vec<String> = REVIEWED.iter().map(|p| p.to_string()).collect();
    all.push(path.to_str().unwrap().to_string());
    all
}

pub fn redline(args: &[&str]) -> Vec<u8> {
    let out = assert_cmd::Command::cargo_bin("redline")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "redline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `redline COMMAND ARGS... -o FILE.docx`, read back.
pub fn docx_of(command: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("redline.docx");
    let mut all = vec![command];
    all.extend_from_slice(args);
    all.extend(["-o", path.to_str().unwrap()]);
    redline(&all);
    std::fs::read(path).unwrap()
}
