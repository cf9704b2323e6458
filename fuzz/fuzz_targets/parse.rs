//! The layout parser: any text either parses or is refused with an error, and a parsed text
//! rendered back parses to the same rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::parse::parse;

fuzz_target!(|text: &str| {
    let Ok(document) = parse(text) else {
        return;
    };
    let rendered = document.render();
    let again = parse(&rendered).expect("a rendered document parses");
    assert_eq!(again.render(), rendered, "rendering is stable");
});
