//! Proposals: amendments to a baseline text as a small JSON file a drafter writes by hand.
//!
//! A proposal names who asks for what and where they asked (`source`), the baseline it amends
//! (`base`), and an ordered list of [`Amendment`]s, each addressed by citation in any form
//! [`crate::citation`] accepts. The format is documented in `docs/proposals.md` and described
//! for editors by `proposals/schema.json`.
//!
//! Loading checks everything that can be checked without the baseline: the JSON itself (with
//! `file:line:column` and what was expected), the fields' forms (dates, labels, numbers), and
//! that texts are single lines. Whether the citations and phrases fit the baseline is checked
//! by applying the proposal ([`crate::amend`]). Every problem found is reported, not only the
//! first, and each carries the location of the offending field in the file.
//!
//! ```
//! let json = r#"{
//!   "id": "cr2-shall",
//!   "title": "Binding cybersecurity commitments",
//!   "sponsor": "Coalition to Reduce Cyber Risk (CR2)",
//!   "source": { "filing": "Comments to USTR", "date": "2025", "docket": "USTR-2025-0004" },
//!   "rationale": "Best-efforts language binds no one.",
//!   "base": "usmca-ch19",
//!   "amendments": [
//!     { "op": "replace_phrase", "at": "Article 19.15", "phrase": "shall endeavor to",
//!       "with": "shall", "occurrence": "all" }
//!   ]
//! }"#;
//! let loaded = redline::proposal::Proposal::parse("cr2.json", json.as_bytes()).unwrap();
//! assert_eq!(loaded.proposal.amendments.len(), 1);
//! assert_eq!(loaded.amendment_location(0).unwrap().line, 9);
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

pub mod set;
mod shape;

/// One proposal: who asks for which changes to which baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The JSON Schema the file declares (`proposals/schema.json`), so editors can complete
    /// and check it; ignored by `redline`.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short stable name, lowercase words joined by hyphens: `cr2-shall`.
    pub id: String,
    /// The short tag that marks the proposal's changes in a redline of several proposals
    /// (`CR2`): letters, digits and hyphens, at most 12; by default derived from the id
    /// ([`crate::attribution::derived_tag`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    pub title: String,
    /// Who asks for the change.
    pub sponsor: String,
    /// Where they asked for it.
    pub source: Source,
    /// Why, in the sponsor's terms: shown beside the redline.
    pub rationale: String,
    /// The baseline amended: `usmca-ch19`, `usmca-annex-12c`, or a path.
    pub base: String,
    /// The changes, applied in order.
    pub amendments: Vec<Amendment>,
}

/// The filing a proposal comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document: `Comments of the Cybersecurity Coalition on the USMCA Joint Review`.
    pub filing: String,
    /// When it was filed: `2025-11-03`, or `2025-11` / `2025` when only that is known.
    pub date: String,
    /// The public docket it was filed in, where there is one: `USTR-2025-0004`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One change to the baseline. Every citation (`at`, `before`, `after`) may be written in any
/// form [`crate::citation::resolve`] accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Amendment {
    /// Replaces whole words in one provision, or in every provision of an article.
    ReplacePhrase {
        at: String,
        phrase: String,
        with: String,
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        occurrence: Occurrence,
    },
    /// Strikes whole words, with one adjacent space so no double space is left.
    DeletePhrase {
        at: String,
        phrase: String,
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        occurrence: Occurrence,
    },
    /// Replaces a provision's whole text (its label stays).
    ReplaceText { at: String, text: String },
    /// Inserts a provision before or after another, with its label stated: `3.` for a
    /// paragraph, `(c)` for a list item, none for a definition.
    InsertProvision {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        label: String,
        text: String,
    },
    /// Deletes a provision and everything below it; labels of the rest are not renumbered.
    DeleteProvision { at: String },
    /// Inserts a new article after the article `after` names or, without `after`, where its
    /// number falls among the articles (`19.21` after `19.20`, whichever order several
    /// proposals adding articles are applied in).
    InsertArticle {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        number: String,
        title: String,
        provisions: Vec<NewProvision>,
    },
    /// Adds footnote `number` with its marker right after `phrase` in a provision.
    AddFootnote {
        at: String,
        phrase: String,
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        occurrence: Occurrence,
        number: String,
        text: String,
    },
}

/// A provision of a new article: its label (`1.`, `(a)`, `(i)`, or empty for an unnumbered
/// paragraph) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProvision {
    pub label: String,
    pub text: String,
}

/// Which occurrence of a phrase an amendment means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Occurrence {
    /// Omitted in the file: the phrase must occur exactly once.
    #[default]
    Only,
    /// `"occurrence": 2`: the nth, counted from 1 in document order.
    Nth(usize),
    /// `"occurrence": "all"`.
    All,
}

impl Occurrence {
    fn is_only(&self) -> bool {
        *self == Occurrence::Only
    }
}

impl Serialize for Occurrence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Occurrence::Only => serializer.serialize_none(),
            Occurrence::Nth(n) => serializer.serialize_u64(*n as u64),
            Occurrence::All => serializer.serialize_str("all"),
        }
    }
}

impl<'de> Deserialize<'de> for Occurrence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Occurrence;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a positive whole number (1 for the first) or \"all\"")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Occurrence, E> {
                match usize::try_from(n) {
                    Ok(n) if n >= 1 => Ok(Occurrence::Nth(n)),
                    _ => Err(E::custom(
                        "occurrence counts from 1 (the first); use a positive whole number or \"all\"",
                    )),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Occurrence, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom("occurrence counts from 1 (the first)"))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Occurrence, E> {
                if s == "all" {
                    Ok(Occurrence::All)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(s), &self))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Amendment {
    /// Every operation name, as written in the `op` field (and in `proposals/schema.json`).
    pub const OPS: [&'static str; 7] = [
        "replace_phrase",
        "delete_phrase",
        "replace_text",
        "insert_provision",
        "delete_provision",
        "insert_article",
        "add_footnote",
    ];

    /// The operation name, as written in the `op` field.
    pub fn op(&self) -> &'static str {
        match self {
            Amendment::ReplacePhrase { .. } => "replace_phrase",
            Amendment::DeletePhrase { .. } => "delete_phrase",
            Amendment::ReplaceText { .. } => "replace_text",
            Amendment::InsertProvision { .. } => "insert_provision",
            Amendment::DeleteProvision { .. } => "delete_provision",
            Amendment::InsertArticle { .. } => "insert_article",
            Amendment::AddFootnote { .. } => "add_footnote",
        }
    }

    /// The citation the amendment is addressed to, as written.
    pub fn address(&self) -> &str {
        match self {
            Amendment::ReplacePhrase { at, .. }
            | Amendment::DeletePhrase { at, .. }
            | Amendment::ReplaceText { at, .. }
            | Amendment::DeleteProvision { at }
            | Amendment::AddFootnote { at, .. } => at,
            Amendment::InsertProvision {
                before,
                after,
                label,
                ..
            } => before.as_deref().or(after.as_deref()).unwrap_or(label),
            Amendment::InsertArticle { after, number, .. } => after.as_deref().unwrap_or(number),
        }
    }
}

/// A line and column (1-based, columns in characters) in a proposal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A proposal read from a file, with the bytes it was read from and where its parts stand.
#[derive(Debug, Clone)]
pub struct LoadedProposal {
    /// The file as named on the command line.
    pub path: PathBuf,
    /// The file's bytes, exactly as read: hash these for provenance.
    pub raw: Vec<u8>,
    pub proposal: Proposal,
    spans: Spans,
}

/// Where the top-level fields and each amendment and its fields start in the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spans {
    pub(crate) fields: BTreeMap<String, Location>,
    pub(crate) amendments: Vec<AmendmentSpan>,
}

#[derive(Debug, Clone)]
pub(crate) struct AmendmentSpan {
    pub(crate) start: Location,
    /// Byte range of the amendment object, to place serde's errors in an amendment.
    pub(crate) bytes: std::ops::Range<usize>,
    pub(crate) fields: BTreeMap<String, Location>,
}

impl LoadedProposal {
    /// A file read but too broken to hold a proposal: no amendments, no fields.
    fn empty(path: &Path, raw: &[u8]) -> Self {
        LoadedProposal {
            path: path.to_path_buf(),
            raw: raw.to_vec(),
            proposal: Proposal {
                schema: None,
                tag: None,
                id: String::new(),
                title: String::new(),
                sponsor: String::new(),
                source: Source {
                    filing: String::new(),
                    date: String::new(),
                    docket: None,
                    url: None,
                },
                rationale: String::new(),
                base: String::new(),
                amendments: Vec::new(),
            },
            spans: Spans::default(),
        }
    }

    /// Where amendment `index` (0-based) starts in the file.
    pub fn amendment_location(&self, index: usize) -> Option<Location> {
        self.spans.amendments.get(index).map(|a| a.start)
    }

    /// Where a top-level field (`base`, `id`, ...) starts in the file (its value).
    pub fn top_field_location(&self, field: &str) -> Option<Location> {
        self.spans.fields.get(field).copied()
    }

    /// Where a field of amendment `index` starts in the file (its value), or the amendment
    /// itself when the field is absent.
    pub fn field_location(&self, index: usize, field: &str) -> Option<Location> {
        let span = self.spans.amendments.get(index)?;
        Some(span.fields.get(field).copied().unwrap_or(span.start))
    }
}

/// A proposal file that cannot be used.
#[derive(Debug)]
pub enum ProposalError {
    /// The file cannot be read.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    Encoding { path: PathBuf, location: Location },
    /// The file is not JSON, or not JSON of the proposal's shape.
    Json {
        path: PathBuf,
        location: Location,
        /// serde_json's account of what is wrong and what was expected.
        message: String,
        /// The amendment (0-based) the error lies in, when it lies in one.
        amendment: Option<usize>,
        help: String,
    },
    /// Amending instructions that cannot be read.
    Instructions(crate::instructions::InstructionError),
    /// Well-formed JSON whose fields break the format's rules; every problem in the file.
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
        /// The proposal as read, so the amendments without problems can still be checked
        /// against the baseline ([`crate::amend::check`] skips the others).
        parsed: Box<LoadedProposal>,
    },
}

/// One broken rule in a proposal file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    /// The amendment (0-based) the problem lies in, if any.
    pub amendment: Option<usize>,
    /// The field at fault: `source.date`, `label`.
    pub field: String,
    pub message: String,
    pub help: String,
}

impl Problem {
    /// The problem as one diagnostic: `path:line:column: amendment 2, `label`: ...`.
    pub fn render(&self, path: &Path) -> String {
        let place = match self.amendment {
            Some(i) => format!("amendment {}, `{}`", i + 1, self.field),
            None => format!("`{}`", self.field),
        };
        format!(
            "{}:{}: {place}: {}\n  help: {}",
            path.display(),
            self.location,
            self.message,
            self.help
        )
    }
}

impl ProposalError {
    /// Each problem as a diagnostic of its own, for commands that report them one by one.
    pub fn diagnostics(&self) -> Vec<String> {
        match self {
            ProposalError::Invalid { path, problems, .. } => {
                problems.iter().map(|p| p.render(path)).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for ProposalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProposalError::Read { path, source } => write!(
                f,
                "cannot read proposal {}: {source}\n  help: pass the path of a proposal file, e.g. proposals/cr2-shall.json",
                path.display()
            ),
            ProposalError::Encoding { path, location } => write!(
                f,
                "{}:{location}: the file is not valid UTF-8\n  help: save the file as UTF-8",
                path.display()
            ),
            ProposalError::Json {
                path,
                location,
                message,
                amendment,
                help,
            } => {
                let place = amendment.map_or(String::new(), |i| format!("in amendment {}: ", i + 1));
                write!(
                    f,
                    "{}:{location}: {place}{message}\n  help: {help}",
                    path.display()
                )
            }
            ProposalError::Invalid { path, problems, .. } => {
                let rendered: Vec<String> = problems.iter().map(|p| p.render(path)).collect();
                f.write_str(&rendered.join("\n"))
            }
            ProposalError::Instructions(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ProposalError {}

impl Proposal {
    /// Reads and checks a proposal file; see [`Proposal::parse`].
    pub fn load(path: impl AsRef<Path>) -> Result<LoadedProposal, ProposalError> {
        let path = path.as_ref();
        let raw = crate::baseline::read_input(path).map_err(|source| ProposalError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &raw)
    }

    /// Parses and checks a proposal from its bytes; `path` names it in errors. A proposal may
    /// be JSON or amending instructions ([`crate::instructions`]): a `.json` file is JSON, a
    /// `.txt` file instructions, and any other file is JSON when it starts with `{` or `[`.
    pub fn parse(path: impl AsRef<Path>, raw: &[u8]) -> Result<LoadedProposal, ProposalError> {
        let path = path.as_ref().to_path_buf();
        let text = match std::str::from_utf8(raw) {
            Ok(text) => text,
            Err(e) => {
                let valid = std::str::from_utf8(&raw[..e.valid_up_to()]).expect("valid prefix");
                return Err(ProposalError::Encoding {
                    location: location_of(valid, valid.len()),
                    path,
                });
            }
        };
        if is_instructions(&path, text) {
            return Self::from_instructions(path, raw, text.trim_start_matches('\u{feff}'));
        }
        if text.starts_with('\u{feff}') {
            return Err(ProposalError::Json {
                path,
                location: Location { line: 1, column: 1 },
                message: "the file starts with a byte-order mark (U+FEFF), which JSON does not allow".into(),
                amendment: None,
                help: "save the file as UTF-8 without a byte-order mark (\"UTF-8\", not \"UTF-8 with BOM\")".into(),
            });
        }
        let spans = spans(text).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            typographic_quote_error(&path, text)
                .unwrap_or_else(|| json_error(&path, text, &spans, &e))
        })?;
        let (mut problems, repaired) = shape::check(&value, &spans);
        let proposal: Proposal = if problems.is_empty() {
            match without_comment(&value) {
                // `$comment` (notes for readers, as `redline new` writes) is not part of
                // the proposal.
                Some(stripped) => serde_json::from_value(stripped)
                    .map_err(|e| json_error(&path, text, &spans, &e))?,
                None => {
                    serde_json::from_str(text).map_err(|e| json_error(&path, text, &spans, &e))?
                }
            }
        } else {
            // Every shape problem is reported; the rules of the fields that could be read are
            // checked too, so one run reports everything.
            let repaired = without_comment(&repaired).unwrap_or(repaired);
            let repaired: Proposal =
                serde_json::from_value(repaired).map_err(|_| ProposalError::Invalid {
                    path: path.clone(),
                    problems: problems.clone(),
                    parsed: Box::new(LoadedProposal::empty(&path, raw)),
                })?;
            let reported = problems.clone();
            // A broken amendment was left out of the repaired file; a broken field was
            // given a placeholder. Neither is reported twice.
            let broken = |p: &Problem| {
                reported.iter().any(|r| {
                    r.amendment == p.amendment
                        && (p.amendment.is_some()
                            || r.field == p.field
                            || p.field.starts_with(&format!("{}.", r.field)))
                })
            };
            problems.extend(
                repaired
                    .problems(text, &spans)
                    .into_iter()
                    .filter(|p| !broken(p)),
            );
            problems.sort_by_key(|p| (p.location.line, p.location.column));
            repaired
        };
        if !problems.is_empty() {
            let loaded = LoadedProposal {
                path: path.clone(),
                raw: raw.to_vec(),
                proposal,
                spans,
            };
            return Err(ProposalError::Invalid {
                path,
                problems,
                parsed: Box::new(loaded),
            });
        }
        let problems = proposal.problems(text, &spans);
        let loaded = LoadedProposal {
            path: path.clone(),
            raw: raw.to_vec(),
            proposal,
            spans,
        };
        if !problems.is_empty() {
            return Err(ProposalError::Invalid {
                path,
                problems,
                parsed: Box::new(loaded),
            });
        }
        Ok(loaded)
    }

    /// Reads amending instructions, then checks the format's rules as for JSON.
    fn from_instructions(
        path: PathBuf,
        raw: &[u8],
        text: &str,
    ) -> Result<LoadedProposal, ProposalError> {
        let read = crate::instructions::parse(&path, text).map_err(ProposalError::Instructions)?;
        let problems = read.proposal.problems(text, &read.spans);
        let loaded = LoadedProposal {
            path: path.clone(),
            raw: raw.to_vec(),
            proposal: read.proposal,
            spans: read.spans,
        };
        if problems.is_empty() {
            Ok(loaded)
        } else {
            Err(ProposalError::Invalid {
                path,
                problems,
                parsed: Box::new(loaded),
            })
        }
    }

    /// Every rule of the format the proposal breaks, checked without the baseline.
    fn problems(&self, text: &str, spans: &Spans) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut top = |field: &str, message: String, help: &str| {
            let key = field.split('.').next().unwrap_or(field);
            problems.push(Problem {
                location: spans
                    .fields
                    .get(field)
                    .or_else(|| spans.fields.get(key))
                    .copied()
                    .unwrap_or(Location { line: 1, column: 1 }),
                amendment: None,
                field: field.to_string(),
                message,
                help: help.to_string(),
            });
        };
        if !is_slug(&self.id) {
            top(
                "id",
                format!("id `{}` is not lowercase words joined by hyphens", self.id),
                "write the id like the file name, e.g. `cr2-shall`",
            );
        }
        if let Some(tag) = &self.tag {
            if !is_tag(tag) {
                top(
                    "tag",
                    format!("tag `{tag}` is not 1 to 12 letters, digits or hyphens"),
                    "write a short mark such as `CR2` or `CR2-SHALL`, or leave `tag` out to derive one from the id",
                );
            }
        }
        for (field, value) in [
            ("title", &self.title),
            ("sponsor", &self.sponsor),
            ("rationale", &self.rationale),
            ("base", &self.base),
            ("source.filing", &self.source.filing),
        ] {
            if value.trim().is_empty() {
                top(
                    field,
                    format!("`{field}` is empty"),
                    "every proposal says what it is, who asks, where, and why",
                );
            }
        }
        if !is_date(&self.source.date) {
            top(
                "source.date",
                format!("`{}` is not a date", self.source.date),
                "write the filing date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)",
            );
        }
        if let Some(url) = &self.source.url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                top(
                    "source.url",
                    format!("`{url}` is not a web address"),
                    "give the filing's address starting with https://, or leave `url` out",
                );
            }
        }
        if let Some(message) = base_outside_directory(&self.base) {
            top(
                "base",
                message,
                "name an embedded baseline (usmca-ch19, usmca-annex-12c) or a path relative to the proposal file that stays in its directory (no `..`, not absolute); to amend any other file, pass it with --base",
            );
        }
        if self.amendments.is_empty() {
            top(
                "amendments",
                "the proposal has no amendments".into(),
                "list at least one amendment; docs/proposals.md has an example of each operation",
            );
        }
        for (index, amendment) in self.amendments.iter().enumerate() {
            let field_start = |field: &str| {
                spans
                    .amendments
                    .get(index)
                    .map(|s| s.fields.get(field).copied().unwrap_or(s.start))
                    .unwrap_or(Location { line: 1, column: 1 })
            };
            for (field, message, help) in amendment.problems() {
                problems.push(Problem {
                    location: field_start(field),
                    amendment: Some(index),
                    field: field.to_string(),
                    message,
                    help,
                });
            }
            for (field, value) in amendment.new_texts() {
                let Some(found) = deceptive_code_point(value) else {
                    continue;
                };
                problems.push(Problem {
                    location: location_in_string(text, field_start(field), found.index),
                    amendment: Some(index),
                    field: field.to_string(),
                    message: found.message,
                    help: "write the words with ordinary letters and spaces: a proposal may not \
                           hold a character a reader cannot see or cannot tell from another \
                           (docs/security.md)"
                        .into(),
                });
            }
        }
        problems
    }
}

/// Every proposal whose id an earlier one already has, as a diagnostic naming both places:
/// an id says which proposal made each change, so proposals used together may not share one.
pub fn duplicate_ids(loaded: &[LoadedProposal]) -> Vec<String> {
    let place = |l: &LoadedProposal| {
        let at = l
            .top_field_location("id")
            .unwrap_or(Location { line: 1, column: 1 });
        format!("{}:{at}", l.path.display())
    };
    loaded
        .iter()
        .enumerate()
        .filter_map(|(i, later)| {
            let first = loaded[..i].iter().find(|l| l.proposal.id == later.proposal.id)?;
            Some(format!(
                "{}: `id`: proposal id `{}` is already the id of the proposal at {}\n  help: give each proposal its own id (by convention, its file name without .json)",
                place(later),
                later.proposal.id,
                place(first)
            ))
        })
        .collect()
}

/// Why a proposal's `base` may not be read, if it may not: a path must be relative to the
/// proposal file and stay in its directory, so a proposal cannot make redline read (and
/// fingerprint into its output) any file on the machine.
fn base_outside_directory(base: &str) -> Option<String> {
    if crate::baseline::EMBEDDED.iter().any(|e| e.name == base) {
        return None;
    }
    let inside = Path::new(base).components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    (!inside).then(|| format!("`base` `{base}` is outside the proposal's directory"))
}

impl LoadedProposal {
    /// The baseline the proposal names, as [`crate::baseline::Baseline::load`] takes it: an
    /// embedded name, or the path read relative to the proposal file's directory; `None` for a
    /// path outside that directory, which is never read.
    pub fn base_spec(&self) -> Option<String> {
        let base = &self.proposal.base;
        if base_outside_directory(base).is_some() {
            return None;
        }
        Some(match self.path.parent() {
            Some(dir) if !crate::baseline::EMBEDDED.iter().any(|e| e.name == base) => {
                dir.join(base).display().to_string()
            }
            _ => base.clone(),
        })
    }
}

/// A code point in new text that would make it read other than it is.
struct Deceptive {
    /// Index (in characters) in the text.
    index: usize,
    message: String,
}

/// The first invisible code point, space other than a plain space, or look-alike letter (a
/// word mixing scripts, or a non-ASCII word that looks like an ASCII one: "shаll" with a
/// Cyrillic а, "ｓｈａｌｌ") in `text`.
fn deceptive_code_point(text: &str) -> Option<Deceptive> {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    use unicode_security::MixedScript;
    let code = |c: char| format!("U+{:04X}", u32::from(c));
    for (index, c) in text.chars().enumerate() {
        let what = if crate::render::neutral::is_invisible(c) || c == '\t' {
            "an invisible character"
        } else if c != ' ' && c.general_category() == GeneralCategory::SpaceSeparator {
            "a space that is not a plain space"
        } else {
            continue;
        };
        return Some(Deceptive {
            index,
            message: format!(
                "the text holds {} ({what}) at character {}",
                code(c),
                index + 1
            ),
        });
    }
    let mut index = 0;
    for word in text.split(' ') {
        let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let looks_ascii = || unicode_security::skeleton(&letters).all(|c| c.is_ascii());
        if !letters.is_ascii() && (!letters.is_single_script() || looks_ascii()) {
            let (at, c) = word
                .chars()
                .enumerate()
                .find(|(_, c)| !c.is_ascii() && c.is_alphanumeric())
                .expect("a non-ASCII letter");
            let like: String = unicode_security::skeleton(&c.to_string()).collect();
            return Some(Deceptive {
                index: index + at,
                message: format!(
                    "`{}` holds {} at character {}, which looks like `{like}`: a look-alike of another letter",
                    crate::render::neutral::visible(word, crate::render::neutral::Lines::One),
                    code(c),
                    index + at + 1
                ),
            });
        }
        index += word.chars().count() + 1;
    }
    None
}

/// Where character `index` of the JSON string that starts at `start` (its opening quote)
/// stands in the file, counting the escapes (`\u200b`, `\"`) as the file writes them.
fn location_in_string(text: &str, start: Location, index: usize) -> Location {
    let Some(line) = text.lines().nth(start.line - 1) else {
        return start;
    };
    let mut source = line.chars().skip(start.column - 1).peekable();
    if source.next() != Some('"') {
        return start;
    }
    let mut column = start.column + 1;
    for _ in 0..index {
        let width = match source.next() {
            Some('\\') => match source.next() {
                Some('u') => {
                    let hex: String = source.by_ref().take(4).collect();
                    let high =
                        u32::from_str_radix(&hex, 16).is_ok_and(|h| (0xD800..0xDC00).contains(&h));
                    if high && source.peek() == Some(&'\\') {
                        source.by_ref().take(6).for_each(drop);
                        12
                    } else {
                        6
                    }
                }
                Some(_) => 2,
                None => break,
            },
            Some(_) => 1,
            None => break,
        };
        column += width;
    }
    Location {
        line: start.line,
        column,
    }
}

impl Amendment {
    /// The new words the amendment brings, by field: what a reader of the redline reads as
    /// inserted.
    fn new_texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Amendment::ReplacePhrase { with, .. } => vec![("with", with)],
            Amendment::ReplaceText { text, .. } | Amendment::AddFootnote { text, .. } => {
                vec![("text", text)]
            }
            Amendment::InsertProvision { label, text, .. } => {
                vec![("label", label), ("text", text)]
            }
            Amendment::InsertArticle {
                number,
                title,
                provisions,
                ..
            } => {
                let mut texts = vec![("number", number.as_str()), ("title", title.as_str())];
                for p in provisions {
                    texts.push(("provisions", &p.label));
                    texts.push(("provisions", &p.text));
                }
                texts
            }
            Amendment::DeletePhrase { .. } | Amendment::DeleteProvision { .. } => Vec::new(),
        }
    }

    /// The amendment's own problems, found without the baseline: field, message, help.
    pub(crate) fn problems(&self) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        let mut phrase = |field: &'static str, value: &str| {
            if value.trim().is_empty() {
                out.push((
                    field,
                    format!("`{field}` is empty"),
                    "give the words to find, exactly as they stand in the provision".into(),
                ));
            } else if value != value.trim() {
                out.push((
                    field,
                    format!("`{field}` starts or ends with white space"),
                    "phrases match whole words; leave out the surrounding spaces".into(),
                ));
            }
        };
        match self {
            Amendment::ReplacePhrase { phrase: p, .. }
            | Amendment::DeletePhrase { phrase: p, .. } => phrase("phrase", p),
            Amendment::AddFootnote { phrase: p, .. } => phrase("phrase", p),
            _ => {}
        }
        if let Amendment::ReplacePhrase { with, .. } = self {
            out.extend(single_line("with", with));
        }
        if let Amendment::ReplaceText { text, .. } = self {
            out.extend(single_line("text", text));
            out.extend(no_label("text", text));
        }
        if let Amendment::InsertProvision {
            before,
            after,
            label,
            text,
        } = self
        {
            if before.is_some() == after.is_some() {
                out.push((
                    "op",
                    "insert_provision needs exactly one of `before` and `after`".into(),
                    "say where the provision goes: `\"after\": \"19.15.1(b)\"` or `\"before\": \"19.15.2\"`".into(),
                ));
            }
            out.extend(label_problem("label", label, true));
            out.extend(single_line("text", text));
            out.extend(no_label("text", text));
        }
        if let Amendment::InsertArticle {
            number,
            title,
            provisions,
            ..
        } = self
        {
            if !crate::parse::is_article_number(number) {
                out.push((
                    "number",
                    format!("`{number}` is not an article number"),
                    "article numbers read like `19.19`, `19.15A` or `12.C.3`".into(),
                ));
            }
            out.extend(single_line("title", title));
            if provisions.is_empty() {
                out.push((
                    "provisions",
                    "the new article has no provisions".into(),
                    "give at least one provision: `{ \"label\": \"1.\", \"text\": \"...\" }`"
                        .into(),
                ));
            }
            for p in provisions {
                out.extend(label_problem("provisions", &p.label, false));
                out.extend(single_line("provisions", &p.text));
                out.extend(no_label("provisions", &p.text));
            }
        }
        if let Amendment::AddFootnote { number, text, .. } = self {
            if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
                out.push((
                    "number",
                    format!("footnote number `{number}` is not a number"),
                    "footnotes are numbered through the chapter: give the next free number, e.g. \"8\"".into(),
                ));
            }
            out.extend(single_line("text", text));
        }
        out
    }
}

/// A replacement or provision text must be one line (the layout has one block per line), and
/// not empty.
fn single_line(field: &'static str, text: &str) -> Option<(&'static str, String, String)> {
    if text.contains(['\n', '\r']) {
        Some((
            field,
            format!("`{field}` holds a line break"),
            "each provision is one line; put a new paragraph or subparagraph in an insert_provision of its own".into(),
        ))
    } else if text.trim().is_empty() {
        Some((
            field,
            format!("`{field}` is empty"),
            "to remove a provision use delete_provision; to strike words use delete_phrase".into(),
        ))
    } else if text != text.trim() {
        Some((
            field,
            format!("`{field}` starts or ends with white space"),
            "remove the surrounding spaces; the layout puts exactly one space after a label".into(),
        ))
    } else {
        None
    }
}

/// A provision text must not repeat its label: the label is a field of its own.
fn no_label(field: &'static str, text: &str) -> Option<(&'static str, String, String)> {
    let label = crate::parse::paragraph_label(text)
        .map(|(n, _)| format!("{n}."))
        .or_else(|| crate::parse::point_label(text).map(|(l, _)| format!("({l})")))?;
    Some((
        field,
        format!("the text starts with the label `{label}`"),
        "put the label in `label` and only the words in `text`".into(),
    ))
}

/// Labels read `3.`, `3bis.`, `(c)`, `(iv)`; `may_be_empty` for definitions.
fn label_problem(
    field: &'static str,
    label: &str,
    may_be_empty: bool,
) -> Option<(&'static str, String, String)> {
    if label.is_empty() && may_be_empty {
        return None;
    }
    let paragraph = crate::parse::paragraph_label(label).is_some_and(|(_, rest)| rest.is_empty());
    let point = crate::parse::point_label(label).is_some_and(|(_, rest)| rest.is_empty());
    if paragraph || point || label.is_empty() {
        return None;
    }
    Some((
        field,
        format!("`{label}` is not a label"),
        "a paragraph's label reads `3.`, a subparagraph's `(c)`, a sub-subparagraph's `(iv)`; a definition has none (\"\")".into(),
    ))
}

fn is_tag(s: &str) -> bool {
    (1..=12).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let year = parts.first().and_then(|p| number(p, 4));
    let month = parts.get(1).map(|p| number(p, 2));
    let day = parts.get(2).map(|p| number(p, 2));
    let Some(year) = year else { return false };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match (parts.len(), month.flatten(), day.flatten()) {
        (1, ..) => true,
        (2, Some(m), _) => (1..=12).contains(&m),
        (3, Some(m), Some(d)) => {
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => return false,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

/// Line and column (in characters) of byte `offset` in `text`.
pub(crate) fn location_of(text: &str, offset: usize) -> Location {
    LineStarts::new(text).location(offset)
}

/// Where each line of a text starts, so the places of many offsets are found by a binary
/// search each rather than by counting lines from the start each time (a proposal of thousands
/// of amendments has tens of thousands of fields to place).
struct LineStarts<'t> {
    text: &'t str,
    /// Byte offset of each line's first character; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineStarts<'t> {
    fn new(text: &'t str) -> Self {
        let after_breaks = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
        LineStarts {
            text,
            starts: std::iter::once(0).chain(after_breaks).collect(),
        }
    }

    /// Line and column (in characters) of byte `offset`.
    fn location(&self, offset: usize) -> Location {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        Location {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

/// Finds where the fields and amendments stand, by borrowing each value's raw text from the
/// input: a borrowed [`RawValue`] is a slice of `text`, so its address gives its offset. This
/// reads the same JSON a second time, leniently, so it works whenever the JSON is well formed.
fn spans(text: &str) -> Option<Spans> {
    let top: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let lines = LineStarts::new(text);
    let at = |raw: &RawValue| lines.location(offset_in(text, raw));
    let mut fields: BTreeMap<String, Location> =
        top.iter().map(|(k, v)| (k.clone(), at(v))).collect();
    if let Some(source) = top.get("source") {
        let inner: BTreeMap<String, &RawValue> =
            serde_json::from_str(source.get()).unwrap_or_default();
        fields.extend(inner.iter().map(|(k, v)| (format!("source.{k}"), at(v))));
    }
    let amendments = match top.get("amendments") {
        Some(raw) => serde_json::from_str::<Vec<&RawValue>>(raw.get())
            .ok()?
            .into_iter()
            .map(|item| {
                let start = offset_in(text, item);
                let fields = serde_json::from_str::<BTreeMap<String, &RawValue>>(item.get())
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), at(v))).collect())
                    .unwrap_or_default();
                AmendmentSpan {
                    start: lines.location(start),
                    bytes: start..start + item.get().len(),
                    fields,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    Some(Spans { fields, amendments })
}

/// The byte offset of a borrowed raw value inside the text it was parsed from.
pub(crate) fn offset_in(text: &str, raw: &RawValue) -> usize {
    let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
    debug_assert!(offset + raw.get().len() <= text.len());
    offset
}

/// Whether a proposal file holds amending instructions rather than JSON.
fn is_instructions(path: &Path, text: &str) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => false,
        Some("txt") => true,
        _ => !text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with(['{', '[']),
    }
}

/// The file without its top-level `$comment`, if it has one.
fn without_comment(value: &serde_json::Value) -> Option<serde_json::Value> {
    let mut object = value.as_object()?.clone();
    object.remove("$comment")?;
    Some(serde_json::Value::Object(object))
}

/// Typographic quotes where JSON needs straight ones (a file that went through a word
/// processor), named with where they stand and the fix.
fn typographic_quote_error(path: &Path, text: &str) -> Option<ProposalError> {
    let found = shape::typographic_quotes(text);
    let (first, quote) = *found.first()?;
    let places: Vec<String> = found
        .iter()
        .take(5)
        .map(|(at, _)| location_of(text, *at).to_string())
        .collect();
    let more = if found.len() > places.len() {
        ", …"
    } else {
        ""
    };
    Some(ProposalError::Json {
        path: path.to_path_buf(),
        location: location_of(text, first),
        message: format!(
            "typographic quote {quote} where JSON needs a straight double quote \" ({} place{}: {}{more})",
            found.len(),
            if found.len() == 1 { "" } else { "s" },
            places.join(", ")
        ),
        amendment: None,
        help: "a word processor or \"smart quotes\" turned \" into “ or ”: type straight quotes \" around every key and text (inside a text, “ and ” may stay)".into(),
    })
}

/// serde's wording names the program's own types ("expected struct Source"); a drafter reads
/// "an object" instead.
fn without_type_names(message: &str) -> String {
    let names = regex::Regex::new(r"(?:struct|enum|tuple struct|variant) `?[A-Z][A-Za-z]*`?")
        .expect("a valid pattern");
    names.replace_all(message, "an object").into_owned()
}

/// serde_json's error as a diagnostic: its position, its message without the position, the
/// amendment it lies in, and a hint by kind.
fn json_error(path: &Path, text: &str, spans: &Spans, e: &serde_json::Error) -> ProposalError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = without_type_names(full.strip_suffix(&suffix).unwrap_or(&full));
    let offset = offset_of(text, e.line(), e.column());
    let amendment = spans
        .amendments
        .iter()
        .position(|a| a.bytes.start <= offset && offset <= a.bytes.end);
    let help = match e.classify() {
        serde_json::error::Category::Eof => {
            "the file ends too early: close every `{`, `[` and string".to_string()
        }
        serde_json::error::Category::Syntax => {
            "JSON wants double-quoted keys and strings, a comma between items and none after the last".to_string()
        }
        _ if message.starts_with("unknown variant") => format!(
            "`op` is one of {}; docs/proposals.md has an example of each",
            Amendment::OPS.join(", ")
        ),
        _ if message.starts_with("unknown field") => {
            "remove the field or correct its spelling; the fields allowed here are listed above"
                .to_string()
        }
        _ if message.starts_with("missing field") => {
            "add the field; docs/proposals.md lists the fields of the proposal and of each operation".to_string()
        }
        _ => "see docs/proposals.md, or point your editor at proposals/schema.json for completion".to_string(),
    };
    ProposalError::Json {
        path: path.to_path_buf(),
        location: location_of(text, floor_char_boundary(text, offset)),
        message,
        amendment,
        help,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Byte offset of serde_json's (line, column); its columns count bytes.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The binary search over line starts places every offset where counting from the
        /// start does.
        #[test]
        fn line_starts_place_offsets_as_counting_does(text in "[a\n\u{e9}]{0,40}", cut in 0usize..41) {
            let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let offset = offsets[cut % offsets.len()];
            let before = &text[..offset];
            let counted = Location {
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            };
            prop_assert_eq!(LineStarts::new(&text).location(offset), counted);
        }
    }

    #[test]
    fn dates() {
        for good in ["2025", "2025-11", "2025-11-03", "2024-02-29"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "25",
            "2025-13",
            "2025-02-29",
            "2025-1-3",
            "3 November 2025",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert!(is_slug("cr2-shall"));
        assert!(!is_slug("CR2 shall"));
        assert!(!is_slug("-x"));
    }

    #[test]
    fn offsets_round_trip() {
        let text = "{\n  \"a\": 1,\n  \"b\": [2]\n}";
        assert_eq!(offset_of(text, 3, 8), text.find('[').unwrap());
        assert_eq!(
            location_of(text, text.find('[').unwrap()),
            Location { line: 3, column: 8 }
        );
    }
}
