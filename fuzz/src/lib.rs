//! What the fuzz targets share: the embedded baselines parsed once, inputs cut into parts,
//! and the invariants every redline keeps.

use std::sync::OnceLock;

use redline::baseline::EMBEDDED;
use redline::diff::{Redline, SpanKind};
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
    assert_eq!(redline.side(SpanKind::Delete), old, "the old side");
    assert_eq!(redline.side(SpanKind::Insert), new, "the new side");
}
