//! A thin layer over `quick_xml`'s writer for the package's parts: elements with attributes,
//! text escaped by `quick_xml`, and characters XML 1.0 cannot carry replaced.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

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
    pub fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.text(text);
        self.close(name);
    }

    /// Character data, escaped.
    pub fn text(&mut self, text: &str) {
        let safe = xml_safe(text);
        self.event(Event::Text(BytesText::new(&safe)));
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
        start.push_attribute((key, xml_safe(value).as_ref()));
    }
    start
}

/// `text` with every character XML 1.0 cannot carry, even escaped (C0 controls other than
/// tab, line feed and carriage return; U+FFFE; U+FFFF), replaced by U+FFFD, so untrusted
/// text cannot make the document unreadable.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return text.into();
    }
    text.chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_replaces() {
        let mut xml = Xml::new();
        xml.text_element("w:t", &[("a", "\"<&\u{1}")], "<b>&\u{0}");
        let out = String::from_utf8(xml.finish()).unwrap();
        assert!(out.ends_with("<w:t a=\"&quot;&lt;&amp;\u{FFFD}\">&lt;b&gt;&amp;\u{FFFD}</w:t>"));
    }
}
