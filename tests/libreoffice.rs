//! A real consumer reads the Word redline: LibreOffice converts it to flat ODF, and every
//! tracked change of the .docx is there with its type (a move's halves as the deletion and
//! insertion LibreOffice shows), its author, its date and its text. Slow (LibreOffice starts
//! once for all the documents), so the checks share one conversion.
//!
//! Needs `soffice` (Debian: libreoffice-writer-nogui). Without it the test is skipped, unless
//! `CI` is set, when a missing consumer is a failure.

mod word;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::Reader;
use word::{changes, docx_of, squeezed, write_moved_texts, Change, REVIEWED};

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
    let documents = [
        ("review", docx_of("review", &REVIEWED)),
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
