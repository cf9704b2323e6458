//! The word diff and the paragraph and provision redlines: the equal and deleted spans spell
//! the old text, the equal and inserted spans the new one, byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::diff::{diff_documents, diff_texts, diff_words, unit_texts, DiffOptions, SpanKind};
use redline::parse::parse;
use redline::diff::side;
use redline_fuzz::{assert_spells_texts, assert_spells_units, parts};

fuzz_target!(|data: &[u8]| {
    let [old, new, ..] = parts(data)[..] else {
        return;
    };
    let spans = diff_words(old, new);
    assert_eq!(side(&spans, SpanKind::Delete), old);
    assert_eq!(side(&spans, SpanKind::Insert), new);
    for whitespace in [false, true] {
        let options = DiffOptions {
            whitespace,
            ..DiffOptions::default()
        };
        assert_spells_texts(&diff_texts(old, new, &options), old, new);
        if let (Ok(old_doc), Ok(new_doc)) = (parse(old), parse(new)) {
            let redline = diff_documents(&old_doc, &new_doc, &options);
            let units = |doc| {
                unit_texts(doc)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
            };
            assert_spells_units(&redline, &units(&old_doc), &units(&new_doc));
        }
    }
});
