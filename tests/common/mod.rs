//! Helpers shared by the proposal tests: proposals written inline as JSON.

#![allow(dead_code)]

use redline::amend::{self, Amended, ApplyError};
use redline::baseline::{USMCA_ANNEX_12C, USMCA_CH19};
use redline::document::Document;
use redline::proposal::{LoadedProposal, Proposal, ProposalError};

/// A proposal file around `amendments` (a JSON array), for `base`.
pub fn proposal_json(base: &str, amendments: &str) -> String {
    format!(
        r#"{{
  "id": "test",
  "title": "Test",
  "sponsor": "Tester",
  "source": {{ "filing": "Test filing", "date": "2025-11-03", "docket": "USTR-2025-0004" }},
  "rationale": "Testing.",
  "base": "{base}",
  "amendments": {amendments}
}}"#
    )
}

pub fn load(base: &str, amendments: &str) -> LoadedProposal {
    Proposal::parse("test.json", proposal_json(base, amendments).as_bytes())
        .unwrap_or_else(|e| panic!("the proposal should load: {e}"))
}

pub fn load_error(json: &str) -> ProposalError {
    Proposal::parse("test.json", json.as_bytes()).expect_err("the proposal should be refused")
}

pub fn ch19() -> Document {
    USMCA_CH19.document().unwrap()
}

pub fn annex() -> Document {
    USMCA_ANNEX_12C.document().unwrap()
}

/// Applies amendments to Chapter 19.
pub fn apply19(amendments: &str) -> Result<Amended, ApplyError> {
    amend::apply(&ch19(), &load("usmca-ch19", amendments).proposal)
}

/// The located message of the error amendments to Chapter 19 give.
pub fn error19(amendments: &str) -> String {
    let loaded = load("usmca-ch19", amendments);
    let error =
        amend::apply(&ch19(), &loaded.proposal).expect_err("the amendment should be refused");
    error.located(&loaded)
}

pub fn text(doc: &Document, id: &str) -> String {
    doc.provision(id)
        .unwrap_or_else(|| panic!("{id} should exist"))
        .text
        .clone()
}

/// A Chapter 19 proposal with its own id and sponsor, for tests of several proposals.
pub fn named(id: &str, sponsor: &str, amendments: &str) -> Proposal {
    named_loaded(id, sponsor, amendments).proposal
}

/// The file of a Chapter 19 proposal with its own id and sponsor.
pub fn named_json(id: &str, sponsor: &str, amendments: &str) -> String {
    proposal_json("usmca-ch19", amendments)
        .replace(r#""id": "test""#, &format!(r#""id": "{id}""#))
        .replace(
            r#""sponsor": "Tester""#,
            &format!(r#""sponsor": "{sponsor}""#),
        )
}

/// [`named_json`] written to `{id}.json` in `dir`.
pub fn named_file(dir: &std::path::Path, id: &str, sponsor: &str, amendments: &str) -> String {
    let path = dir.join(format!("{id}.json"));
    std::fs::write(&path, named_json(id, sponsor, amendments)).unwrap();
    path.display().to_string()
}

/// [`named`], as loaded from a file (`{id}.json`), for a session.
pub fn named_loaded(id: &str, sponsor: &str, amendments: &str) -> LoadedProposal {
    let json = named_json(id, sponsor, amendments);
    Proposal::parse(format!("{id}.json"), json.as_bytes())
        .unwrap_or_else(|e| panic!("the proposal should load: {e}"))
}

/// The article numbers of a document, in order.
pub fn article_numbers(doc: &Document) -> Vec<String> {
    doc.articles()
        .iter()
        .map(|a| a.heading.number.clone())
        .collect()
}

/// Applies `proposals` one after the other, each to the text the previous ones left (what the
/// session does once conflicts are settled), with every edit.
pub fn apply_in_order(doc: &Document, proposals: &[Proposal]) -> Result<Amended, ApplyError> {
    let mut amended = Amended {
        document: doc.clone(),
        edits: Vec::new(),
    };
    for proposal in proposals {
        let next = amend::apply(&amended.document, proposal)?;
        amended.document = next.document;
        amended.edits.extend(next.edits);
    }
    Ok(amended)
}

/// The shipped proposal files (the schema left out), in file-name order: derived, never
/// counted by hand, so the tests follow the set as it is redrafted.
pub fn shipped_files() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir("proposals")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("schema.json"))
        .collect();
    paths.sort();
    paths
}

/// A program the test drives, found on `PATH`. Without it the test says so on stderr and is
/// skipped, unless `CI` is set (`.ci/run` installs it), when its absence is a failure.
pub fn tool(name: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| std::path::Path::new(dir).join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is missing; .ci/run installs it"
        );
        eprintln!("skipped: {name} is not installed (CI installs it)");
    }
    found
}

/// What `proposals/schema.json` says is wrong with a JSON document (a proposal or a proposal
/// set), as an editor validating against it would: empty when it conforms.
pub fn schema_problems(json: &str) -> Vec<String> {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema = std::fs::read_to_string("proposals/schema.json").unwrap();
        jsonschema::validator_for(&serde_json::from_str(&schema).unwrap())
            .unwrap_or_else(|e| panic!("proposals/schema.json is a valid JSON Schema: {e}"))
    });
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The names of the files in `dir`, sorted.
pub fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
