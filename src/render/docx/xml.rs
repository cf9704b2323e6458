//! A thin layer over `quick_xml`'s writer for the package's parts: elements with attributes,
//! and every text and attribute value made inert by [`neutral::word`] before `quick_xml`
//! escapes it: a control, a bidirectional override or a zero-width character in a proposal
//! shows as an escape rather than hiding or reordering words, a line break in a one-line
//! field as `^J`, and XML 1.0, which cannot carry controls even escaped, stays well-formed.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::render::neutral::{self, Lines};

/// One XML part being written to memory.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A part that starts with the standalone UTF-8 declaration Word writes.
    pub fn new() -> Xml {
        let mut xml = Xml {
            writer: Writer::new(Vec::with_capacity(64 * 1024)),
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml.writer.get_mut().push(b'\n');
        xml
    }

    /// Opens `name` with `attributes`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(element(name, attributes)));
    }

    /// Closes `name`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// An element without content.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(element(name, attributes)));
    }

    /// `<name attributes>text</name>`.
    pub fn text_element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
        lines: Lines,
    ) {
        self.open(name, attributes);
        self.text(text, lines);
        self.close(name);
    }

    /// Character data, made inert and escaped.
    pub fn text(&mut self, text: &str, lines: Lines) {
        let shown = neutral::word(text, lines);
        self.event(Event::Text(BytesText::new(&shown)));
    }

    /// The part's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }

    fn event(&mut self, event: Event<'_>) {
        // The writer writes to a Vec, which cannot fail.
        self.writer
            .write_event(event)
            .expect("writing XML to memory does not fail");
    }
}

fn element<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for &(key, value) in attributes {
        start.push_attribute((key, neutral::word(value, Lines::One).as_ref()));
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_replaces() {
        let mut xml = Xml::new();
        xml.text_element(
            "w:t",
            &[("a", "\"<&\u{1}\n")],
            "<b>&\u{0}\u{202e}",
            Lines::Many,
        );
        xml.text_element("w:t", &[], "one\ntwo", Lines::One);
        let out = String::from_utf8(xml.finish()).unwrap();
        assert!(
            out.ends_with(
                "<w:t a=\"&quot;&lt;&amp;^A^J\">&lt;b&gt;&amp;^@\\u{202e}</w:t><w:t>one^Jtwo</w:t>"
            ),
            "{out}"
        );
    }
}
