//! Compiles the bindingness cue lexicon (`src/bindingness/cue_patterns.rs`) to DFAs serialized
//! for the target, so that a run of `redline` reads them in place instead of compiling some
//! fifty regular expressions at start-up, which was most of the time of a `show`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regex_automata::dfa::{dense, regex::Regex, StartKind};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The kinds of cue `cue_patterns()` names. Their meaning is in `src/bindingness.rs`; the build
/// only reads the patterns.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
enum CueKind {
    BestEfforts,
    CarveOut,
    Clarification,
    Consider,
    DisputeSettlementExclusion,
    Hedge,
    Narrowing,
    Objective,
    Obligation,
    Permission,
    Prohibition,
    Recognition,
    Scope,
    SelfDetermination,
    Should,
    Will,
}

#[allow(dead_code)]
mod table {
    use super::CueKind;
    include!("src/bindingness/cue_patterns.rs");

    pub(super) fn sources() -> Vec<String> {
        cue_patterns().into_iter().map(|(_, _, s)| s).collect()
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/bindingness/cue_patterns.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut index = String::from("const CUE_DFAS: &[SerializedPattern] = &[\n");
    for (n, source) in table::sources().iter().enumerate() {
        // Read as `regex::bytes` reads a pattern with Unicode off: ASCII classes and word
        // boundaries, any byte in a negated class.
        let ascii = source.replace('’', r"\xE2\x80\x99");
        // Searches are unanchored only: anchored start states would add a third to the size.
        let regex = Regex::builder()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .thompson(thompson::Config::new().utf8(false))
            .dense(dense::Config::new().start_kind(StartKind::Unanchored))
            .build(&ascii)
            .unwrap_or_else(|e| panic!("bindingness lexicon pattern {source:?}: {e}"));
        write_dfa(
            &out.join(format!("cue-{n}-forward.dfa")),
            regex.forward(),
            big_endian,
        );
        write_dfa(
            &out.join(format!("cue-{n}-reverse.dfa")),
            regex.reverse(),
            big_endian,
        );
        let include = |direction: &str| {
            format!(
                "&Aligned {{ _align: [], bytes: *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/cue-{n}-{direction}.dfa\")) }}"
            )
        };
        let prefixes = match prefixes(&ascii) {
            Some(words) => {
                let words: Vec<String> = words
                    .iter()
                    .map(|w| format!("b\"{}\"", w.escape_ascii()))
                    .collect();
                format!("Some(&[{}])", words.join(", "))
            }
            None => "None".to_string(),
        };
        writeln!(
            index,
            "    SerializedPattern {{ forward: {}, reverse: {}, prefixes: {prefixes} }},",
            include("forward"),
            include("reverse")
        )
        .expect("writing to a String");
    }
    index.push_str("];\n");
    std::fs::write(out.join("cue_dfas.rs"), index).expect("OUT_DIR is writable");
}

/// Words one of which every match of `pattern` starts with, when there are a few such words and
/// none is empty: a text holding none of them cannot match, and is not searched.
fn prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("bindingness lexicon pattern {pattern:?}: {e}"));
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = seq.literals()?;
    if literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    // The first few bytes are prefixes too; fewer and shorter words keep the automaton small.
    let mut words: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes()[..l.len().min(FIRST_WORD_BYTES)].to_vec())
        .collect();
    words.sort();
    words.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for word in words {
        if !kept.iter().any(|k| word.starts_with(k)) {
            kept.push(word);
        }
    }
    Some(kept)
}

/// How many bytes of a pattern's first words the gate matches.
const FIRST_WORD_BYTES: usize = 6;

/// Writes `dfa` in the target's byte order, without the padding that aligns it in memory (the
/// include aligns it).
fn write_dfa(path: &Path, dfa: &dense::DFA<Vec<u32>>, big_endian: bool) {
    let (bytes, padding) = if big_endian {
        dfa.to_bytes_big_endian()
    } else {
        dfa.to_bytes_little_endian()
    };
    std::fs::write(path, &bytes[padding..]).expect("OUT_DIR is writable");
}
