//! Untrusted text made inert, in one place every text renderer goes through.
//!
//! A proposal (and a text passed to `diff`) comes from someone else: whatever it holds, a
//! redline must show what was struck as struck and what was inserted as inserted, and nothing
//! else. So, before a renderer writes any text it did not generate:
//!
//! - every code point a reader cannot see, or that changes how the text around it displays
//!   (controls such as ESC, bidirectional overrides, zero-width and other format characters,
//!   line and paragraph separators, private-use and unassigned code points), is shown as a
//!   visible escape: caret notation for the C0 controls and DEL (`^[`, `^@`, `^?`, as `cat -v`
//!   writes them), `\u{202e}` for the rest. Tabs are kept, and line breaks where the text may
//!   hold several lines; in a one-line field (a title, a sponsor, a file name) a line break is
//!   shown as `^J`.
//! - in plain text, the character pairs that make the redline's own markers (`[-`, `-]`, `{+`,
//!   `+}`) and the sponsor tag's brackets (`‹`, `›`) get a backslash, so a marker in the output
//!   can only come from the redline;
//! - in Markdown, every ASCII punctuation character is escaped (with a backslash, or as an
//!   entity for the characters of CriticMarkup and HTML, which preprocessors read in the raw
//!   text), and white space that starts a line is written as an entity, so no text can open
//!   HTML, a link, an image, a heading, a list, a code block or a CriticMarkup span.
//!
//! HTML escapes through `html_escape`, and the Word document through `quick_xml`, after the
//! same visible escapes. JSON carries the exact text (serde_json escapes the controls): it is
//! data, for a consumer that escapes it itself.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether a text may hold several lines (a redline's spans) or is one line (a header field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Line breaks are kept.
    Many,
    /// Line breaks are shown as `^J`.
    One,
}

/// A code point that a reader does not see as what it is: a control (other than tab and line
/// feed, which are the text's layout), a format character (bidirectional controls, zero-width
/// spaces and joiners, the byte-order mark, tag characters), a line or paragraph separator, a
/// private-use, surrogate or unassigned code point.
pub fn is_invisible(c: char) -> bool {
    if c == '\t' || c == '\n' {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::Unassigned
    )
}

/// The visible form of an invisible code point: `^[` for ESC (caret notation for the C0
/// controls and DEL), `\u{202e}` for the others.
pub fn visible_form(c: char) -> String {
    match c {
        '\0'..='\x1f' => format!("^{}", char::from(c as u8 + 0x40)),
        '\x7f' => "^?".to_string(),
        _ => format!("\\u{{{:x}}}", u32::from(c)),
    }
}

/// `text` with every invisible code point (and, for one line, every line break) shown.
pub fn visible(text: &str, lines: Lines) -> Cow<'_, str> {
    let hidden = |c: char| is_invisible(c) || (c == '\n' && lines == Lines::One);
    // ASCII fast path: a printable ASCII character is never hidden, and telling it by its byte
    // skips the Unicode category lookup (most of a treaty's text is ASCII).
    let shown_as_is =
        |b: u8| matches!(b, b' '..=b'~' | b'\t') || (b == b'\n' && lines == Lines::Many);
    let hidden_fast = |c: char| match u8::try_from(c) {
        Ok(b) if b.is_ascii() => !shown_as_is(b),
        _ => hidden(c),
    };
    if !text.contains(hidden_fast) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&visible_form(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The pairs that open or close a plain-text marker, and the sponsor tag's brackets.
fn breaks_a_marker(c: char, next: Option<char>) -> bool {
    matches!(
        (c, next),
        ('[', Some('-')) | ('-', Some(']')) | ('{', Some('+')) | ('+', Some('}'))
    )
}

/// Whether `text` holds a marker pair or a tag bracket, in one pass over its bytes: `‹` and `›`
/// are E2 80 B9 and E2 80 BA in UTF-8.
fn holds_a_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).enumerate().any(|(at, pair)| match pair {
        b"[-" | b"-]" | b"{+" | b"+}" => true,
        [0xe2, 0x80] => matches!(bytes.get(at + 2), Some(0xb9 | 0xba)),
        _ => false,
    })
}

/// Untrusted text for the terminal and plain text: invisible code points shown, and a
/// backslash inside each marker pair (`{\+`, `-\]`) and before a tag bracket (`\‹`).
pub fn plain(text: &str, lines: Lines) -> Cow<'_, str> {
    let text = visible(text, lines);
    if !holds_a_marker(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '‹' || c == '›' {
            out.push('\\');
        }
        out.push(c);
        if breaks_a_marker(c, chars.peek().copied()) {
            out.push('\\');
        }
    }
    Cow::Owned(out)
}

/// Where a piece of Markdown text starts: at the start of a line (the first words of a
/// paragraph), where block syntax (`#`, `-`, `1.`, indentation) would take effect, or inside a
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    LineStart,
    Inline,
}

/// Untrusted text for Markdown: invisible code points shown; every character that can make
/// inline markup escaped anywhere (a backslash before `\ ` * _ [ ] |`, an entity for
/// `{ } ~ < > &`, the characters of CriticMarkup and HTML, which preprocessors read in the raw
/// text); and at the start of each line, the characters that make blocks (`#`, `-`, `+`, `=`,
/// the `.` or `)` of `1.`) escaped and leading spaces or tabs written as entities (they would
/// make a code block). Other punctuation is left alone, so the Markdown still reads as text.
///
/// No maintained crate escapes text for CommonMark and CriticMarkup at once; the renderer
/// tests parse the output with pulldown-cmark to show that nothing in it is markup.
pub fn markdown(text: &str, lines: Lines, start: Start) -> String {
    let text = visible(text, lines);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i > 0 || start == Start::LineStart {
            markdown_line(line, &mut out);
        } else {
            markdown_inline(line, &mut out);
        }
    }
    out
}

/// A line of Markdown text, with what would start a block at its start escaped.
fn markdown_line(line: &str, out: &mut String) {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    for c in line[..indent].chars() {
        let _ = write!(out, "&#{};", u32::from(c));
    }
    let rest = &line[indent..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = match rest[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => {
            out.push_str(&rest[..digits]);
            out.push('\\');
            out.push(c);
            &rest[digits + 1..]
        }
        Some('#' | '-' | '+' | '=') if digits == 0 => {
            out.push('\\');
            rest
        }
        _ => rest,
    };
    markdown_inline(rest, out);
}

/// Markdown text inside a line: inline markup escaped.
fn markdown_inline(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '{' | '}' | '~' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Untrusted text for a Word document's XML (text and attribute values): invisible code
/// points shown, which also keeps out every code point XML 1.0 cannot carry even escaped (the
/// controls other than tab and line feed, the noncharacters U+FFFE and U+FFFF), and, for one
/// line, line breaks as `^J`. Nothing else: the document's changes are tracked revisions, not
/// marker characters a text could imitate, and `quick_xml` escapes `<`, `&` and the quotes.
pub fn word(text: &str, lines: Lines) -> Cow<'_, str> {
    visible(text, lines)
}

/// Untrusted text for HTML element content: invisible code points shown, then escaped.
pub fn html_text(text: &str) -> String {
    html_escape::encode_text(&visible(text, Lines::Many)).into_owned()
}

/// Untrusted text for a double-quoted HTML attribute: invisible code points shown, then
/// escaped.
pub fn html_attribute(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(&visible(text, Lines::One)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_fast_paths_find_what_the_character_checks_find(
            text in "[ -~\t\n\r\x00\x7f‹›’\u{202e}\u{200b}é]{0,24}",
        ) {
            for lines in [Lines::Many, Lines::One] {
                let hidden = |c: char| is_invisible(c) || (c == '\n' && lines == Lines::One);
                let unchanged = matches!(visible(&text, lines), Cow::Borrowed(_));
                prop_assert_eq!(unchanged, !text.contains(hidden));
            }
            let marker = text.contains(['‹', '›'])
                || ["[-", "-]", "{+", "+}"].iter().any(|m| text.contains(m));
            prop_assert_eq!(holds_a_marker(&text), marker);
        }
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown() {
        assert_eq!(
            visible("a\u{1b}[8mb\u{202e}c\u{200b}d\0\u{7f}", Lines::Many),
            "a^[[8mb\\u{202e}c\\u{200b}d^@^?"
        );
        assert_eq!(visible("one\ntwo\tthree", Lines::Many), "one\ntwo\tthree");
        assert_eq!(visible("one\ntwo", Lines::One), "one^Jtwo");
        assert_eq!(
            visible("a\rb\u{2028}c\u{feff}", Lines::Many),
            "a^Mb\\u{2028}c\\u{feff}"
        );
    }

    #[test]
    fn markers_in_text_are_broken() {
        assert_eq!(
            plain("+} that [-no Party-]{+", Lines::Many),
            "+\\} that [\\-no Party-\\]{\\+"
        );
        assert_eq!(plain("{+}", Lines::Many), "{\\+\\}");
        assert_eq!(plain("‹CR2›", Lines::One), "\\‹CR2\\›");
        assert_eq!(
            plain("plain words - and [brackets]", Lines::Many),
            "plain words - and [brackets]"
        );
    }

    #[test]
    fn markdown_escapes_markup() {
        let md = |text| markdown(text, Lines::Many, Start::Inline);
        assert_eq!(md("# x"), "# x");
        assert_eq!(markdown("# x", Lines::Many, Start::LineStart), "\\# x");
        assert_eq!(md("{++a++}"), "&#123;++a++&#125;");
        assert_eq!(md("a\n    b"), "a\n&#32;&#32;&#32;&#32;b");
        assert_eq!(md("a\n12. b\n- c"), "a\n12\\. b\n\\- c");
        assert_eq!(md("![x](y) <b>"), "!\\[x\\](y) &lt;b&gt;");
        assert_eq!(markdown("a\nb", Lines::One, Start::Inline), "a^Jb");
    }
}
