//! Inputs that once broke an invariant, found by property tests and fuzzing (fuzz/README.md):
//! each stays here, checked against the invariant it broke.

use redline::diff::{diff_texts, DiffOptions, SpanKind};

/// The redline of `old` and `new` spells each exactly, white space shown or not.
fn assert_spells_both(old: &str, new: &str) {
    for whitespace in [false, true] {
        let options = DiffOptions {
            whitespace,
            ..DiffOptions::default()
        };
        let redline = diff_texts(old, new, &options);
        assert_eq!(redline.side(SpanKind::Delete), old, "old side");
        assert_eq!(redline.side(SpanKind::Insert), new, "new side");
    }
}

/// A paragraph cut in two whose second piece shares only a space with the old paragraph:
/// the piece was marked inserted (no old index) while carrying that equal space, so the old
/// side lost it.
#[test]
fn a_piece_sharing_only_white_space_keeps_the_old_side_whole() {
    assert_spells_both(
        "a\na a a\na a b\nc d ",
        "a a  a a a a, b\nc d  \n\na a  a  a a, a b  c  d ",
    );
}
