//! A proposal set: several proposals in one file, as a review's consolidated result is
//! written (`redline review --decisions`, [`crate::decisions::consolidate`]).
//!
//! ```json
//! {
//!   "redline": "proposal-set",
//!   "proposals": [ { "id": "cr2-shall", ... }, { "id": "sme-cybersecurity", ... } ]
//! }
//! ```
//!
//! Each proposal is a whole proposal in the usual format (docs/proposals.md), so each change
//! stays attributed to its own sponsor and filing. A set is read wherever a proposal file is
//! ([`crate::session::read_input`]); every problem of a proposal in it is reported at its own
//! line and column of the set's file. A set settled under `--on-conflict merge` says so
//! (`"on_conflict": "merge"`), so applying it relabels the same list items again.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use serde_json::value::RawValue;

use super::{location_of, offset_in, LoadedProposal, Proposal};
use crate::review::Policy;

/// What `"redline"` says in a proposal set, so the file says what it is.
pub const SET_MARK: &str = "proposal-set";

/// Several proposals, applied in order, as one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalSet {
    /// The conflict policy the proposals were settled under, when applying them needs it
    /// (`merge`, when list items were relabelled).
    pub on_conflict: Option<Policy>,
    pub proposals: Vec<Proposal>,
}

/// A proposal set read from a file.
#[derive(Debug, Clone)]
pub struct LoadedSet {
    pub on_conflict: Option<Policy>,
    /// Each proposal with the set's path and bytes (its provenance), placed in the set's file.
    pub proposals: Vec<LoadedProposal>,
}

#[derive(Serialize)]
struct SetFile<'a> {
    redline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_conflict: Option<Policy>,
    proposals: &'a [Proposal],
}

impl ProposalSet {
    /// The set as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let file = SetFile {
            redline: SET_MARK,
            on_conflict: self.on_conflict,
            proposals: &self.proposals,
        };
        let mut json = serde_json::to_string_pretty(&file).expect("a set serialises");
        json.push('\n');
        json
    }
}

/// What a JSON object says it is in its `"redline"` field (`proposal-set`, `decision-log`),
/// if it says.
pub fn declared_kind(raw: &[u8]) -> Option<String> {
    let top = serde_json::from_slice::<BTreeMap<String, &RawValue>>(raw).ok()?;
    serde_json::from_str(top.get("redline")?.get()).ok()
}

/// Whether `raw` is JSON that declares itself a proposal set.
pub fn is_set(raw: &[u8]) -> bool {
    declared_kind(raw).is_some_and(|kind| kind == SET_MARK)
}

/// Reads a proposal set; every problem of the file and of every proposal in it, each a
/// complete diagnostic (`file:line:column: ...`).
pub fn parse_set(path: &Path, raw: &[u8]) -> Result<LoadedSet, Vec<String>> {
    let text = std::str::from_utf8(raw).map_err(|_| {
        vec![format!(
            "{}: the file is not valid UTF-8\n  help: save the file as UTF-8",
            path.display()
        )]
    })?;
    let at = |raw: &RawValue| {
        format!(
            "{}:{}",
            path.display(),
            location_of(text, offset_in(text, raw))
        )
    };
    let top: BTreeMap<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
        vec![format!(
            "{}:{}:{}: {e}\n  help: a proposal set is a JSON object {{ \"redline\": \"{SET_MARK}\", \"proposals\": [ ... ] }}",
            path.display(),
            e.line(),
            e.column()
        )]
    })?;
    let mut problems = Vec::new();
    for (name, value) in &top {
        if !["redline", "on_conflict", "proposals", "$comment"].contains(&name.as_str()) {
            problems.push(format!(
                "{}: unknown field `{name}` in a proposal set\n  help: a proposal set has `redline`, `on_conflict` and `proposals`; remove the field or correct its spelling",
                at(value)
            ));
        }
    }
    let on_conflict = top.get("on_conflict").and_then(|raw| {
        serde_json::from_str(raw.get())
            .map_err(|_| {
                problems.push(format!(
                    "{}: `on_conflict` is {}, not a conflict policy\n  help: write one of \"fail\", \"first-wins\", \"skip\", \"merge\", or leave it out",
                    at(raw),
                    raw.get()
                ))
            })
            .ok()
    });
    let items: Vec<&RawValue> = match top.get("proposals") {
        None => {
            problems.push(format!(
                "{}:1:1: the proposal set has no `proposals` list\n  help: add \"proposals\": [ ... ], each a proposal as docs/proposals.md describes",
                path.display()
            ));
            Vec::new()
        }
        Some(list) => serde_json::from_str(list.get()).unwrap_or_else(|_| {
            problems.push(format!(
                "{}: `proposals` is not a list\n  help: write \"proposals\": [ {{ ...proposal... }}, ... ]",
                at(list)
            ));
            Vec::new()
        }),
    };
    let mut proposals = Vec::new();
    for item in items {
        let start = offset_in(text, item);
        let isolated = isolate(text, start..start + item.get().len());
        match Proposal::parse(path, isolated.as_bytes()) {
            Ok(mut loaded) => {
                loaded.raw = raw.to_vec();
                proposals.push(loaded);
            }
            Err(e) => problems.extend(e.diagnostics()),
        }
    }
    if problems.is_empty() {
        Ok(LoadedSet {
            on_conflict,
            proposals,
        })
    } else {
        Err(problems)
    }
}

/// The text with everything outside `range` blanked: each character a space, line breaks
/// kept. A proposal parsed from it stands at its own line and column of the whole file, so
/// every diagnostic of the proposal parser places a problem in the set's file.
fn isolate(text: &str, range: Range<usize>) -> String {
    let blank = |part: &str| -> String {
        part.chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect()
    };
    let mut isolated = blank(&text[..range.start]);
    isolated.push_str(&text[range.clone()]);
    isolated.push_str(&blank(&text[range.end..]));
    isolated
}
