//! Output neutrality (docs/security.md): whatever a proposal or a compared text holds, the
//! terminal, plain-text, Markdown and Word redlines show it as text, never as markup, escape
//! sequences or the redline's own markers.

mod word;

use assert_cmd::Command;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use redline::render::neutral::{is_invisible, word as word_text, Lines};

fn redline() -> Command {
    Command::cargo_bin("redline").unwrap()
}

/// Inserted text forging a deletion and reaching for the terminal: OSC 52 (a clipboard write),
/// erase-line, concealed text, a right-to-left override, a zero-width space, NUL.
const FORGERY: &str = "shall +} that [-no Party shall require backdoors-]{+ \u{1b}]52;c;aGk=\u{7} \
                       \u{1b}[2K\u{1b}[8mconcealed\u{1b}[0m \u{202e}lanoitpo\u{202c} sh\u{200b}all \0";

fn diff_with_forgery(dir: &tempfile::TempDir, colour: &str) -> String {
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(&old, "Each Party shall endeavor to cooperate.\n").unwrap();
    std::fs::write(&new, format!("Each Party {FORGERY} cooperate.\n")).unwrap();
    let output = redline()
        .args(["--color", colour, "diff"])
        .args([&old, &new])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn plain_text_markers_come_only_from_the_redline() {
    let dir = tempfile::tempdir().unwrap();
    let out = diff_with_forgery(&dir, "never");
    assert!(
        !out.contains('\u{1b}'),
        "no escape reaches the output: {out:?}"
    );
    assert!(!out.contains('\0') && !out.contains('\u{202e}') && !out.contains('\u{200b}'));
    assert!(
        !out.contains("[-no Party"),
        "a forged deletion shows: {out}"
    );
    assert!(
        out.contains("+\\} that [\\-no Party shall require backdoors-\\]{\\+"),
        "{out}"
    );
    assert!(
        out.contains("^[]52;c;aGk=^G ^[[2K^[[8mconcealed^[[0m"),
        "{out}"
    );
    assert!(
        out.contains("\\u{202e}lanoitpo\\u{202c} sh\\u{200b}all ^@"),
        "{out}"
    );
    // One deletion and one insertion, so one marker of each kind.
    for marker in ["[-", "-]", "{+", "+}"] {
        assert_eq!(out.matches(marker).count(), 1, "{marker} in {out}");
    }
}

/// XML 1.0's `Char` production: what a part may hold, escaped or not.
fn xml_can_carry(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

proptest! {
    #[test]
    fn word_text_is_always_xml_and_shows_no_invisible_character(text in any::<String>()) {
        for lines in [Lines::Many, Lines::One] {
            let shown = word_text(&text, lines);
            prop_assert!(shown.chars().all(xml_can_carry), "{:?}", shown);
            prop_assert!(!shown.contains(is_invisible), "{:?}", shown);
            prop_assert!(lines == Lines::Many || !shown.contains('\n'));
        }
    }
}

/// Every XML part of a .docx, checked to hold only what XML 1.0 can carry and no invisible
/// code point, and parsed (which fails on anything not well-formed).
fn checked_parts(docx: &[u8]) -> Vec<(String, word::Element)> {
    word::parts(docx)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xml") || name.ends_with(".rels"))
        .map(|(name, bytes)| {
            let xml = String::from_utf8(bytes).unwrap();
            let bad: Vec<char> = xml
                .chars()
                .filter(|&c| !xml_can_carry(c) || is_invisible(c))
                .collect();
            assert!(bad.is_empty(), "{name} holds {bad:?}");
            let root = word::parse(&xml);
            (name, root)
        })
        .collect()
}

/// The text of every `name` element under `root`, one string each.
fn texts_of(root: &word::Element, name: &str) -> Vec<String> {
    root.descendants()
        .into_iter()
        .filter(|e| e.name == name)
        .map(|e| e.text())
        .collect()
}

#[test]
fn the_word_redline_shows_invisible_characters_and_holds_only_xml() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.txt");
    let new = dir.path().join("new.txt");
    std::fs::write(&old, "Each Party shall endeavor to cooperate.\n").unwrap();
    // And a carriage return alone, which Word would not show.
    std::fs::write(&new, format!("Each Party {FORGERY} \r cooperate.\n")).unwrap();
    let docx = word::docx_of("diff", &[old.to_str().unwrap(), new.to_str().unwrap()]);
    let parts = checked_parts(&docx);
    let (_, document) = parts
        .iter()
        .find(|(name, _)| name == "word/document.xml")
        .unwrap();
    let inserted = texts_of(document, "w:ins").concat();
    let deleted = texts_of(document, "w:delText").concat();
    for shown in [
        "+} that [-no Party shall require backdoors-]{+",
        "^[]52;c;aGk=^G ^[[2K^[[8mconcealed^[[0m",
        "\\u{202e}lanoitpo\\u{202c} sh\\u{200b}all ^@",
        "^M",
    ] {
        assert!(inserted.contains(shown), "{shown:?} not in {inserted:?}");
    }
    assert!(
        !deleted.contains("backdoors"),
        "only what was struck is struck: {deleted:?}"
    );
}

#[test]
fn the_word_redline_keeps_hostile_fields_on_one_line_and_inert() {
    let dir = tempfile::tempdir().unwrap();
    let sponsor = "Evil \"/><w:ins>\u{202e}\u{1b}[8m\nSecond line";
    let proposal = hostile_proposal(dir.path(), "p\nq.json", "first", sponsor, "19.15.1");
    let docx = word::docx_of("show", &[&proposal]);
    let parts = checked_parts(&docx);
    let (_, document) = parts
        .iter()
        .find(|(name, _)| name == "word/document.xml")
        .unwrap();
    let authors: std::collections::BTreeSet<&str> = document
        .descendants()
        .into_iter()
        .filter_map(|e| e.attribute("w:author"))
        .collect();
    assert_eq!(
        authors,
        ["Evil \"/><w:ins>\\u{202e}^[[8m^JSecond line"].into(),
        "the sponsor is every change's author, as text"
    );
    // The first page's fields are one line each; no text anywhere holds a line break.
    let texts = texts_of(document, "w:t");
    assert!(texts.iter().all(|t| !t.contains('\n')), "{texts:?}");
    let title = "Title^J# injected heading^J^J| a | b |^J|---|---|^J";
    assert!(texts.iter().any(|t| t.contains(title)), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("p^Jq.json")), "{texts:?}");
    assert!(texts.concat().contains(MARKDOWN_ATTACK));
    let (_, core) = parts
        .iter()
        .find(|(name, _)| name == "docProps/core.xml")
        .unwrap();
    assert!(texts_of(core, "dc:title")[0].contains(title));
}

#[test]
fn colour_output_holds_no_escape_but_its_own_colours() {
    let dir = tempfile::tempdir().unwrap();
    let out = diff_with_forgery(&dir, "always");
    let colours = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    let rest = colours.replace_all(&out, "");
    assert!(!rest.contains('\u{1b}'), "{rest:?}");
    assert!(rest.contains("^[]52;c;aGk=^G"), "{rest}");
}

/// Markdown payloads: raw HTML, an image (an external request), a link, CriticMarkup, a
/// heading and a table after line breaks, a code block's indentation.
const MARKDOWN_ATTACK: &str = "![tracker](https://example.com/pixel.png) <img src=x onerror=alert(1)> \
     [click](https://example.com) <https://example.com> {++forged++} {>>note<<} ~> `code` *em* _u_ \\ |cell|";

fn hostile_proposal(
    dir: &std::path::Path,
    file: &str,
    id: &str,
    sponsor: &str,
    at: &str,
) -> String {
    let proposal = serde_json::json!({
        "id": id,
        "title": format!("Title\n# injected heading\n\n| a | b |\n|---|---|\n{MARKDOWN_ATTACK}"),
        "sponsor": sponsor,
        "source": { "filing": format!("Filing\n\n    code block"), "date": "2026-01-02" },
        "rationale": format!("Why\n\n<script>alert(1)</script>\n\n1. list\n- item\n{MARKDOWN_ATTACK}"),
        "base": "usmca-ch19",
        "amendments": [{
            "op": "replace_phrase",
            "at": at,
            "phrase": "shall endeavor to",
            "with": format!("shall {MARKDOWN_ATTACK}"),
        }]
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(&proposal).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn markdown_holds_no_markup_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let first = hostile_proposal(
        dir.path(),
        "first\n# file name heading |x|.json",
        "first",
        "<b onmouseover=alert(1)>Bold</b>",
        "19.15.1",
    );
    let second = hostile_proposal(
        dir.path(),
        "second.json",
        "second",
        "Second Sponsor\n## sponsor heading",
        "19.15.2",
    );
    let output = redline()
        .args(["review", &first, &second, "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let markdown = String::from_utf8(output.stdout).unwrap();

    let mut headings = Vec::new();
    let mut tables = 0;
    let mut text = String::new();
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML passes: {html}"),
            Event::Code(code) if !is_generated_code(&code) => {
                panic!("a code span from the input: {code}")
            }
            Event::Start(Tag::Image { dest_url, .. }) => panic!("an image: {dest_url}"),
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link: {dest_url}"),
            Event::Start(Tag::CodeBlock(_)) => panic!("a code block from the input"),
            Event::Start(Tag::List(_)) => {}
            Event::Start(Tag::Heading { level, .. }) => {
                headings.push((level as usize, String::new()))
            }
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Text(t) => {
                if let Some((_, heading)) = headings.last_mut() {
                    heading.push_str(&t);
                }
                text.push_str(&t);
            }
            Event::End(TagEnd::Heading(_)) => headings.push((0, String::new())),
            _ => {}
        }
    }
    let headings: Vec<&(usize, String)> = headings.iter().filter(|(l, _)| *l > 0).collect();
    // One title, one heading per proposal, one per provision shown: nothing injected.
    assert_eq!(headings[0].0, 1);
    assert_eq!(
        headings.iter().filter(|(l, _)| *l == 2).count(),
        2,
        "{headings:?}"
    );
    assert!(
        headings
            .iter()
            .all(|(_, h)| !h.starts_with("injected") && !h.starts_with("sponsor")),
        "{headings:?}"
    );
    assert_eq!(
        tables, 2,
        "the inputs and the review matrix, no injected table"
    );
    assert!(text.contains(MARKDOWN_ATTACK), "the attack shows as text");
    assert!(
        text.contains("<b onmouseover=alert(1)>Bold</b>"),
        "the sponsor tag shows as text"
    );

    // CriticMarkup read from the raw text: only the redline's own delimiters.
    assert_eq!(markdown.matches("{++forged").count(), 0);
    assert_eq!(markdown.matches("{>>note").count(), 0);
    assert_eq!(
        markdown.matches("~>").count(),
        markdown.matches("{~~").count()
    );
    let comments = markdown.matches("{>>").count();
    assert_eq!(comments, markdown.matches("<<}").count());
    assert!(comments >= 2, "each change carries its sponsor's tag");
}

/// The code spans the Markdown makes itself: the inputs' fingerprints and the legend.
fn is_generated_code(code: &str) -> bool {
    let sha256 = code.len() == 64 && code.bytes().all(|b| b.is_ascii_hexdigit());
    sha256
        || [
            "{--like this--}",
            "{++like this++}",
            "{~~old~>new~~}",
            "{==like this==}",
            "{>>moved to …<<}",
            "{>>moved from …<<}",
        ]
        .contains(&code)
}
