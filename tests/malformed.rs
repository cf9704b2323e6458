//! Malformed texts are refused with the line, the column and what the layout expects there.

use redline::parse::{parse, ParseError};

const HEAD: &str = "CHAPTER 1\nTEST\n\nArticle 1.1: Scope\n\n";

fn error(text: &str) -> ParseError {
    parse(text).expect_err("the text should be refused")
}

#[test]
fn a_carriage_return_inside_a_line() {
    // Windows line endings are line endings; a carriage return anywhere else is refused.
    assert!(parse("CHAPTER 1\r\nTEST\r\n\r\nArticle 1.1: Scope\r\n\r\n1. Act.\r\n").is_ok());
    let e = error("CHAPTER 1\r\nTEST\rMORE\n");
    assert_eq!((e.line, e.column), (2, 5));
    assert_eq!(e.message, "carriage return inside a line");
}

#[test]
fn indented_block() {
    let e = error(&format!(
        "{HEAD}1. Each Party shall act.\n\n  2. Indented.\n"
    ));
    assert_eq!((e.line, e.column), (8, 1));
    assert_eq!(e.message, "line starts with white space");
}

#[test]
fn article_heading_without_colon() {
    let e = error("CHAPTER 1\nTEST\n\nArticle 1.1 Scope\n\n1. Text.\n");
    assert_eq!(e.line, 4);
    assert_eq!(e.message, "malformed article heading `Article 1.1 Scope`");
    assert!(e.help.contains("`Article 19.15: Cybersecurity`"));
}

#[test]
fn subparagraph_without_paragraph() {
    let e = error(&format!("{HEAD}(a) orphan item;\n"));
    assert_eq!((e.line, e.column), (6, 1));
    assert_eq!(e.message, "subparagraph (a) has no paragraph above it");
}

#[test]
fn footnote_cited_but_not_defined() {
    let e = error(&format!("{HEAD}1. Each Party shall act.[^4]\n"));
    assert_eq!((e.line, e.column), (6, 25));
    assert_eq!(e.message, "footnote [^4] is cited but never defined");
}

#[test]
fn footnote_defined_but_not_cited() {
    let e = error(&format!(
        "{HEAD}1. Each Party shall act.\n\n[^4]: A note.\n"
    ));
    assert_eq!(e.line, 8);
    assert_eq!(e.message, "footnote 4 is defined but never cited");
}

#[test]
fn duplicate_paragraph() {
    let e = error(&format!("{HEAD}1. First.\n\n1. Again.\n"));
    assert_eq!(e.line, 8);
    assert_eq!(e.message, "provision 1.1.1 appears twice (first at line 6)");
}

#[test]
fn duplicate_article() {
    let e = error(&format!(
        "{HEAD}1. First.\n\nArticle 1.1: Again\n\n1. Text.\n"
    ));
    assert_eq!(e.line, 8);
    assert_eq!(e.message, "Article 1.1 appears twice (first at line 4)");
}

#[test]
fn text_before_the_first_article() {
    let e = error("CHAPTER 1\nTEST\nA third heading line\n\nArticle 1.1: Scope\n\n1. Text.\n");
    assert_eq!(e.line, 3);
    assert_eq!(e.message, "text outside any article");
}

#[test]
fn missing_space_after_label() {
    let e = error(&format!("{HEAD}1.Each Party shall act.\n"));
    assert_eq!((e.line, e.column), (6, 3));
    assert_eq!(
        e.message,
        "expected one space after the paragraph number `1.`"
    );
    let e = error(&format!("{HEAD}1. Each Party shall:\n\n(a)act.\n"));
    assert_eq!((e.line, e.column), (8, 4));
}

#[test]
fn label_without_text() {
    let e = error(&format!("{HEAD}1. \n"));
    assert_eq!((e.line, e.column), (6, 4));
    assert_eq!(e.message, "provision has a label but no text");
}

#[test]
fn unlabelled_text_after_a_plain_paragraph() {
    let e = error(&format!(
        "{HEAD}1. Each Party shall act.\n\nA stray sentence.\n"
    ));
    assert_eq!(e.line, 8);
    assert_eq!(
        e.message,
        "unlabelled text after a paragraph that has no list"
    );
}

#[test]
fn text_without_articles() {
    let e = error("CHAPTER 1\nTEST\n");
    assert_eq!(e.message, "the text has no article");
    let e = error("");
    assert_eq!(e.message, "the text has no article");
}

#[test]
fn the_message_names_line_column_and_help() {
    let e = error(&format!("{HEAD}(a) orphan item;\n"));
    assert_eq!(
        e.to_string(),
        "6:1: subparagraph (a) has no paragraph above it\n  help: a list item must follow the paragraph or lead-in it belongs to"
    );
}
