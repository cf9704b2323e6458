//! A real consumer reads the Word redline. LibreOffice converts it to flat ODF, and every
//! tracked change of the .docx is there with its type (a move's halves as the deletion and
//! insertion LibreOffice shows), its author, its date and its text. And LibreOffice's own
//! Accept All and Reject All (driven through its Python bridge) leave exactly the text of
//! `redline apply` and the baseline. LibreOffice is slow to start, so each test starts it once
//! for all its documents.
//!
//! Needs `soffice` (Debian: libreoffice-writer-nogui) and, for accepting and rejecting, a
//! Python 3 with LibreOffice's `uno` module (Debian: python3-uno). Without them the tests are
//! skipped, unless `CI` is set, when a missing consumer is a failure.

mod word;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::Reader;
use redline::parse::parse;
use word::{
    changes, docx_of, layout_text, redline, reviewed_with_a_footnote, squeezed, write_moved_texts,
    Change, Text, NEW, OLD,
};

/// A tracked change as LibreOffice holds it: `text:changed-region` and the text between its
/// change marks, with the footnotes inside it and without them.
#[derive(Debug, Default)]
struct Region {
    kind: String,
    author: String,
    date: String,
    with_notes: String,
    without_notes: String,
}

#[test]
fn every_change_survives_libreoffice() {
    if !has_soffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = write_moved_texts(dir.path());
    let proposals = reviewed_with_a_footnote(dir.path());
    let proposals: Vec<&str> = proposals.iter().map(String::as_str).collect();
    let documents = [
        ("review", docx_of("review", &proposals)),
        ("moves", docx_of("diff", &[&old, &new])),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &documents {
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let out = dir.path().join("out");
    convert(dir.path(), &paths, &out);
    for (name, bytes) in &documents {
        let fodt = std::fs::read_to_string(out.join(format!("{name}.fodt")))
            .unwrap_or_else(|e| panic!("LibreOffice wrote no {name}.fodt: {e}"));
        let regions = regions(&fodt);
        let expected = changes(bytes);
        assert!(expected.len() >= 4, "{name}: too few changes to test");
        for change in &expected {
            assert!(
                regions.iter().any(|r| holds(r, change)),
                "{name}: LibreOffice lost {change:?}"
            );
        }
        for region in &regions {
            assert!(
                expected
                    .iter()
                    .any(|c| c.kind == region.kind && c.author == region.author),
                "{name}: LibreOffice shows a change the document does not make: {region:?}"
            );
        }
    }
}

#[test]
fn libreoffice_accepting_all_gives_the_amended_text_and_rejecting_all_the_baseline() {
    let Some(python) = python_with_uno() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = write_moved_texts(dir.path());
    let proposals = reviewed_with_a_footnote(dir.path());
    let proposals: Vec<&str> = proposals.iter().map(String::as_str).collect();
    let applied = String::from_utf8(redline(&[&["apply"], &proposals[..]].concat())).unwrap();
    let cases = [
        (
            docx_of("review", &proposals),
            parse(&applied).unwrap(),
            chapter_19(),
        ),
        (
            docx_of("diff", &[&old, &new]),
            parse(NEW).unwrap(),
            parse(OLD).unwrap(),
        ),
    ];
    let mut paths = Vec::new();
    for (i, (docx, _, _)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{i}.docx"));
        std::fs::write(&path, docx).unwrap();
        paths.push(path.to_str().unwrap().to_string());
    }
    let out = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/word/libreoffice_accept.py"))
        .arg(dir.path().join("profile"))
        .args(&paths)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "accepting in LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (path, (_, new, old)) in paths.iter().zip(&cases) {
        for (choice, expected) in [("accept", new), ("reject", old)] {
            let seen = &read[path][choice];
            assert_eq!(seen["changes_left"], false, "{path}: {choice} left changes");
            assert_eq!(
                libreoffice_text(seen),
                as_libreoffice_reads(layout_text(expected)),
                "{path}: LibreOffice's {choice} all"
            );
        }
    }
}

/// The text LibreOffice reports after accepting or rejecting: the paragraphs after the first
/// page (which ends with the paragraph of the page break, the first empty one), white space
/// collapsed.
fn libreoffice_text(seen: &serde_json::Value) -> Text {
    let strings = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| collapse(p.as_str().unwrap()))
            .collect()
    };
    let paragraphs = strings("paragraphs");
    let first_page_end = paragraphs.iter().position(String::is_empty).unwrap();
    Text {
        paragraphs: paragraphs[first_page_end + 1..].to_vec(),
        footnotes: strings("footnotes"),
    }
}

/// A text as LibreOffice spells it: a footnote call is its number, `[^2]` reads `2`.
fn as_libreoffice_reads(text: Text) -> Text {
    let calls = regex::Regex::new(r"\[\^([0-9]+)\]").unwrap();
    Text {
        paragraphs: text
            .paragraphs
            .iter()
            .map(|p| calls.replace_all(p, "$1").into_owned())
            .collect(),
        footnotes: text.footnotes,
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn chapter_19() -> redline::document::Document {
    redline::baseline::USMCA_CH19.document().unwrap()
}

/// A Python 3 that has LibreOffice's `uno` module (the one on PATH, else the system's), or
/// `None` (the test skipped) when there is none and CI is unset.
fn python_with_uno() -> Option<&'static str> {
    if !has_soffice() {
        return None;
    }
    let found = ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no Python 3 with LibreOffice's uno module: CI installs python3-uno"
        );
        eprintln!("skipped: no Python 3 with LibreOffice's uno module (python3-uno)");
    }
    found
}

/// The region is the change: same type, author and date (LibreOffice dates an undated
/// change itself), and it holds the change's words.
fn holds(region: &Region, change: &Change) -> bool {
    let words = squeezed(&change.text);
    let same_date = change.date.is_empty()
        || (!region.date.is_empty() && change.date.starts_with(&region.date));
    region.kind == change.kind
        && region.author == change.author
        && same_date
        && (squeezed(&region.without_notes).contains(&words)
            || squeezed(&region.with_notes).contains(&words))
}

/// Whether `soffice` runs here; without it the test is skipped, except under CI.
fn has_soffice() -> bool {
    let found = Command::new("soffice").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "soffice is missing: CI installs libreoffice-writer-nogui"
        );
        eprintln!("skipped: soffice (LibreOffice) is not installed");
    }
    found
}

/// Converts the documents to flat ODF in `out`, with a private LibreOffice profile.
fn convert(dir: &Path, documents: &[std::path::PathBuf], out: &Path) {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let status = Command::new("soffice")
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "fodt",
            "--outdir",
        ])
        .arg(out)
        .args(documents)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Every changed region of a flat ODF text document, with the text its marks enclose.
fn regions(fodt: &str) -> Vec<Region> {
    let mut reader = Reader::from_str(fodt);
    let mut regions: HashMap<String, Region> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut field = "";
    let mut open: Vec<String> = Vec::new();
    let mut in_note = 0usize;
    let attribute = |e: &quick_xml::events::BytesStart, key: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key.as_bytes())
            .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
    };
    loop {
        let event = reader.read_event().expect("well-formed flat ODF");
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"text:changed-region" => {
                    let id = attribute(e, "text:id").unwrap();
                    order.push(id.clone());
                    regions.insert(id.clone(), Region::default());
                    current = Some(id);
                }
                b"text:insertion" | b"text:deletion" | b"text:format-change" => {
                    let kind = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                    if let Some(region) = current.as_ref().and_then(|id| regions.get_mut(id)) {
                        region.kind = kind;
                    }
                }
                b"dc:creator" => field = "author",
                b"dc:date" => field = "date",
                b"text:change-start" => open.push(attribute(e, "text:change-id").unwrap()),
                b"text:change-end" => {
                    let id = attribute(e, "text:change-id").unwrap();
                    open.retain(|o| *o != id);
                }
                b"text:note" if matches!(event, Event::Start(_)) => in_note += 1,
                b"text:tab" | b"text:s" | b"text:line-break" => {
                    text(&mut regions, &open, in_note, " ")
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"text:changed-region" => current = None,
                b"dc:creator" | b"dc:date" => field = "",
                b"text:note" => in_note -= 1,
                b"text:p" | b"text:h" => text(&mut regions, &open, in_note, " "),
                _ => {}
            },
            Event::Text(t) => {
                let t = t.decode().unwrap();
                if let (Some(region), false) = (
                    current.as_ref().and_then(|id| regions.get_mut(id)),
                    field.is_empty(),
                ) {
                    match field {
                        "author" => region.author.push_str(&t),
                        _ => region.date.push_str(&t),
                    }
                } else {
                    text(&mut regions, &open, in_note, &t);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_string)
                    .or_else(|| r.resolve_char_ref().unwrap().map(String::from))
                    .unwrap_or_default();
                match (current.as_ref().and_then(|id| regions.get_mut(id)), field) {
                    (Some(region), "author") => region.author.push_str(&resolved),
                    (Some(region), "date") => region.date.push_str(&resolved),
                    _ => text(&mut regions, &open, in_note, &resolved),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    order
        .into_iter()
        .map(|id| {
            let mut region = regions.remove(&id).unwrap();
            // LibreOffice dates a change to the second; Word's dates are midnight UTC.
            region.date.truncate(10);
            region
        })
        .collect()
}

/// Text read inside the regions that are open.
fn text(regions: &mut HashMap<String, Region>, open: &[String], in_note: usize, text: &str) {
    for id in open {
        if let Some(region) = regions.get_mut(id) {
            region.with_notes.push_str(text);
            if in_note == 0 {
                region.without_notes.push_str(text);
            }
        }
    }
}
