//! Bindingness: any clause gets a score between 0 and 100 (or none), and any text in the
//! layout is scored provision by provision.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::bindingness::{analyze_document, analyze_text};
use redline::parse::parse;

fuzz_target!(|text: &str| {
    let score = analyze_text(text);
    if let Some(strength) = score.strength {
        assert!((0..=100).contains(&strength), "strength {strength}");
    }
    if let Ok(document) = parse(text) {
        let _ = analyze_document(&document);
    }
});
