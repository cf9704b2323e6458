//! Properties of how a redline reads: wrapped text fits its width and keeps every word in
//! order, and within a change the deleted words come before the words replacing them.

use proptest::prelude::*;
use redline::diff::{diff_words, SpanKind};
use redline::render::wrap::Wrapper;
use std::io::Write;
use termcolor::{Ansi, ColorSpec, NoColor, WriteColor};
use unicode_width::UnicodeWidthStr;

/// A short text of words, some of them wrapped in change markers.
fn marked_text() -> impl Strategy<Value = Vec<(bool, String)>> {
    prop::collection::vec((any::<bool>(), "[a-z]{1,12}( [a-z.;,]{1,9}){0,3}"), 1..40)
}

fn wrapped(pieces: &[(bool, String)], width: usize, colour: bool) -> String {
    fn write_all(out: &mut dyn WriteColor, pieces: &[(bool, String)], width: usize) {
        let mut w = Wrapper::new(out, Some(width));
        write!(w, "    (a) ").unwrap();
        w.hang_here().unwrap();
        for (changed, text) in pieces {
            if *changed {
                w.set_color(ColorSpec::new().set_strikethrough(true))
                    .unwrap();
                write!(w, "[-{text}-]").unwrap();
                w.reset().unwrap();
            } else {
                write!(w, "{text}").unwrap();
            }
            write!(w, " ").unwrap();
        }
        w.finish().unwrap();
    }
    if colour {
        let mut out = Ansi::new(Vec::new());
        write_all(&mut out, pieces, width);
        String::from_utf8(out.into_inner()).unwrap()
    } else {
        let mut out = NoColor::new(Vec::new());
        write_all(&mut out, pieces, width);
        String::from_utf8(out.into_inner()).unwrap()
    }
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

proptest! {
    #[test]
    fn wrapped_lines_fit_and_keep_every_word(pieces in marked_text(), width in 24usize..120) {
        let plain = wrapped(&pieces, width, false);
        for line in plain.lines() {
            prop_assert!(line.width() <= width, "{:?} is wider than {}", line, width);
        }
        let mut unwrapped = String::from("(a) ");
        for (changed, text) in &pieces {
            if *changed {
                unwrapped.push_str(&format!("[-{text}-] "));
            } else {
                unwrapped.push_str(&format!("{text} "));
            }
        }
        prop_assert_eq!(words(&plain), words(&unwrapped));
    }

    #[test]
    fn colour_codes_take_no_width(pieces in marked_text(), width in 24usize..120) {
        let coloured = wrapped(&pieces, width, true);
        let plain = wrapped(&pieces, width, false);
        let codes = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
        prop_assert_eq!(codes.replace_all(&coloured, ""), plain);
    }

    #[test]
    fn deletions_come_before_their_replacement(
        old in "([a-z]{1,6}[ .;]){1,12}",
        new in "([a-z]{1,6}[ .;]){1,12}",
    ) {
        let spans = diff_words(&old, &new);
        for pair in spans.windows(2) {
            prop_assert!(
                !(pair[0].kind == SpanKind::Insert && pair[1].kind == SpanKind::Delete),
                "an insertion before a deletion: {:?}", spans
            );
        }
    }
}
