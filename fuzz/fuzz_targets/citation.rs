//! Citations: any string resolves or is refused in every embedded baseline, and what it
//! resolves to resolves again from its own id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redline::citation::{canonicalize, nearest_ids, resolve};
use redline_fuzz::baselines;

fuzz_target!(|citation: &str| {
    for (_, document) in baselines() {
        match resolve(document, citation) {
            Ok(target) => {
                let id = target.id().to_string();
                let again = resolve(document, &id).expect("a provision's own id resolves");
                assert_eq!(again.id(), id);
                canonicalize(document, citation).expect("a citation that resolves canonicalizes");
            }
            Err(_) => {
                let _ = nearest_ids(document, citation);
            }
        }
    }
});
