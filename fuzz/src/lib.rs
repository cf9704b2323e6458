//! What the fuzz targets share: the embedded baselines parsed once, inputs cut into parts,
//! and the invariants every redline keeps.

use std::sync::OnceLock;

use redline::baseline::EMBEDDED;
use redline::diff::{Redline, Span, SpanKind};
use redline::document::Document;

/// Separates the parts of one input (the old and new text, several proposals): a byte that
/// never occurs in a text or a JSON file (seed/README: the seeds use it too).
pub const SEPARATOR: u8 = 0;

/// The embedded baselines, parsed once.
pub fn baselines() -> &'static [(&'static str, Document)] {
    static PARSED: OnceLock<Vec<(&'static str, Document)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|e| (e.name, e.document().expect("embedded baselines parse")))
            .collect()
    })
}

/// The embedded baseline named `name`, else Chapter 19.
pub fn baseline(name: &str) -> &'static Document {
    let all = baselines();
    &all.iter().find(|(n, _)| *n == name).unwrap_or(&all[0]).1
}

/// The UTF-8 parts of `data` between separators; parts that are not UTF-8 are dropped.
pub fn parts(data: &[u8]) -> Vec<&str> {
    data.split(|&b| b == SEPARATOR)
        .filter_map(|part| std::str::from_utf8(part).ok())
        .collect()
}

/// One side of a list of spans: equal and deleted (`Delete`) or equal and inserted (`Insert`).
pub fn side(spans: &[Span], kind: SpanKind) -> String {
    spans
        .iter()
        .filter(|s| s.kind == SpanKind::Equal || s.kind == kind)
        .map(|s| s.text.as_str())
        .collect()
}

/// Both reassembly invariants of a redline: the provisions holding each old unit spell it
/// with their equal and deleted spans, and the provisions holding each new unit spell it with
/// their equal and inserted spans.
pub fn assert_spells_units(redline: &Redline, old_units: &[&str], new_units: &[&str]) {
    for (kind, units) in [(SpanKind::Delete, old_units), (SpanKind::Insert, new_units)] {
        for (i, unit) in units.iter().enumerate() {
            let spelled: String = redline
                .provisions
                .iter()
                .filter(|p| match kind {
                    SpanKind::Delete => p.old_index == Some(i),
                    _ => p.new_index == Some(i),
                })
                .map(|p| p.side(kind))
                .collect();
            assert_eq!(&spelled, unit, "unit {i} on the {kind:?} side");
        }
    }
}

/// Both sides of a paragraph redline rebuilt whole: the provisions in old (new) order, each
/// giving its old (new) side.
pub fn assert_spells_texts(redline: &Redline, old: &str, new: &str) {
    for (kind, text) in [(SpanKind::Delete, old), (SpanKind::Insert, new)] {
        let mut parts: Vec<(usize, String)> = redline
            .provisions
            .iter()
            .filter_map(|p| {
                let index = match kind {
                    SpanKind::Delete => p.old_index,
                    _ => p.new_index,
                };
                index.map(|i| (i, p.side(kind)))
            })
            .collect();
        parts.sort_by_key(|(i, _)| *i);
        let rebuilt: String = parts.into_iter().map(|(_, t)| t).collect();
        assert_eq!(rebuilt, text, "the {kind:?} side");
    }
}
