//! Proposal loading and applying: any bytes are refused or loaded; a loaded proposal is
//! checked and applied to its baseline, and an amended text parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::amend;
use redline::parse::parse;
use redline::proposal::Proposal;
use redline_fuzz::baseline;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = Proposal::parse("fuzz.json", data) else {
        return;
    };
    let document = baseline(&loaded.proposal.base);
    for error in amend::check(document, &loaded.proposal) {
        let _ = error.located(&loaded);
    }
    if let Ok(amended) = amend::apply(document, &loaded.proposal) {
        parse(&amended.document.render()).expect("an amended text parses");
    }
});
