//! A reviewer's decisions: which amendments of a session were accepted and which rejected,
//! in the order taken, as a log that can be saved, resumed and replayed.
//!
//! A [`DecisionLog`] belongs to a [`Session`]: it names the proposals reviewed (id, file and
//! SHA-256, so a resumed review notices a proposal that changed), the conflict [`Policy`], and
//! every [`Decision`] in the order taken. The latest decision on an amendment wins; an undo
//! removes the last one. What the decisions imply is [`DecisionLog::choices`]: every
//! amendment not accepted is left out when the session is settled.
//!
//! The log's JSON (`docs/review.md`, "Decisions and the consolidated proposal") is also the
//! format of a scripted review (`redline review --decisions FILE`), so a saved log replays:
//!
//! ```json
//! {
//!   "redline": "decision-log",
//!   "policy": "fail",
//!   "decisions": [
//!     { "proposal": "cr2-shall", "amendment": 1, "verdict": "accepted" }
//!   ]
//! }
//! ```
//!
//! Amendments count from 1, as every message does. Reading a log reports every problem with
//! its `file:line:column`; [`DecisionLog::check`] then checks it against the session.
//!
//! ```
//! use redline::decisions::{DecisionLog, Verdict};
//! use redline::session::{AmendmentRef, Policy, Session};
//!
//! let session = Session::load(&["proposals/cr2-shall.json"], None)?;
//! let mut log = DecisionLog::new(&session, Policy::Fail);
//! log.record(AmendmentRef::new("cr2-shall", 0), Verdict::Rejected);
//! log.record(AmendmentRef::new("cr2-shall", 0), Verdict::Accepted);
//! assert_eq!(log.verdict(&AmendmentRef::new("cr2-shall", 0)), Some(Verdict::Accepted));
//! assert_eq!(log.undecided(&session).len(), 3, "amendments 2 to 4 of cr2-shall");
//!
//! let again = DecisionLog::parse(&log.to_json(), "review-log.json".as_ref())?;
//! again.check(&session)?;
//! assert_eq!(again.choices(&session), log.choices(&session));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::proposal::set::ProposalSet;
use crate::proposal::{location_of, offset_in, Amendment, Location, Proposal};
use crate::render::sha256_hex;
use crate::review::{ConflictKind, ConflictSide, LeftOut, Reason};
use crate::session::{AmendmentRef, Choices, Policy, Session, SessionError, Settled};

/// What `"redline"` says in a decision log, so the file says what it is.
pub const LOG_MARK: &str = "decision-log";

/// What a reviewer decided about one amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

impl Verdict {
    /// As written in the log: `accepted`, `rejected`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry of the decision log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The proposal's id and the amendment's index in its file (from 0; the log counts from 1).
    pub amendment: AmendmentRef,
    pub verdict: Verdict,
    /// When it was taken, RFC 3339 UTC ([`crate::clock`]: `SOURCE_DATE_EPOCH` honoured); a
    /// hand-written decision file may leave it out.
    pub at: Option<String>,
}

/// A proposal a log was taken on: its id, and the file and its SHA-256 when known, so a
/// resumed review can tell that the file changed (decisions name amendments by position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedProposal {
    pub id: String,
    pub path: Option<String>,
    pub sha256: Option<String>,
}

/// A review in progress or done: the proposals reviewed, the conflict policy, and every
/// decision in the order taken (an undo removes the last one; the latest entry for an
/// amendment wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionLog {
    pub policy: Policy,
    pub proposals: Vec<LoggedProposal>,
    decisions: Vec<Decision>,
    /// Where the log was read from, to place problems found later.
    origin: Option<Origin>,
}

/// The file a log was read from and where its entries stand in it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    path: PathBuf,
    /// Where each decision read from the file starts: the decisions read are always the first
    /// ones of the log (recording appends, undo removes from the end).
    decisions: Vec<Location>,
    /// Where each entry of `proposals` starts.
    proposals: Vec<Location>,
}

/// A decision log that cannot be read, or does not fit the session: every problem, each
/// saying where, what and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionError {
    pub problems: Vec<DecisionProblem>,
}

/// One problem of a decision log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionProblem {
    /// `log.json:4:7`, or `decision 3` for a decision not read from a file.
    pub place: String,
    pub message: String,
    pub help: String,
}

impl fmt::Display for DecisionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n  help: {}", self.place, self.message, self.help)
    }
}

impl fmt::Display for DecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        f.write_str(&problems.join("\nerror: "))
    }
}

impl std::error::Error for DecisionError {}

impl DecisionLog {
    /// An empty log over the session's proposals.
    pub fn new(session: &Session, policy: Policy) -> DecisionLog {
        DecisionLog {
            policy,
            proposals: logged_proposals(session),
            decisions: Vec::new(),
            origin: None,
        }
    }

    /// Every decision, in the order taken.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// Appends a decision stamped with the time ([`crate::clock::now`]; the current time if
    /// `SOURCE_DATE_EPOCH` is malformed, which the command line refuses before any review).
    pub fn record(&mut self, amendment: AmendmentRef, verdict: Verdict) {
        let at = crate::clock::now().unwrap_or_else(|_| crate::clock::system_now());
        self.decisions.push(Decision {
            amendment,
            verdict,
            at: Some(at),
        });
    }

    /// Removes the last decision and returns it.
    pub fn undo(&mut self) -> Option<Decision> {
        let last = self.decisions.pop()?;
        if let Some(origin) = &mut self.origin {
            origin.decisions.truncate(self.decisions.len());
        }
        Some(last)
    }

    /// The latest verdict on `amendment`, if there is one.
    pub fn verdict(&self, amendment: &AmendmentRef) -> Option<Verdict> {
        self.decisions
            .iter()
            .rev()
            .find(|d| d.amendment == *amendment)
            .map(|d| d.verdict)
    }

    /// The latest verdict on every amendment decided.
    pub fn verdicts(&self) -> BTreeMap<AmendmentRef, Verdict> {
        self.decisions
            .iter()
            .map(|d| (d.amendment.clone(), d.verdict))
            .collect()
    }

    /// The session's amendments with no decision yet, in the order of the session.
    pub fn undecided(&self, session: &Session) -> Vec<AmendmentRef> {
        let verdicts = self.verdicts();
        session_amendments(session)
            .filter(|r| !verdicts.contains_key(r))
            .collect()
    }

    /// What to settle the session with: the log's policy, and every amendment not accepted
    /// (rejected or undecided) left out.
    pub fn choices(&self, session: &Session) -> Choices {
        let verdicts = self.verdicts();
        Choices {
            policy: self.policy,
            left_out: session_amendments(session)
                .filter(|r| verdicts.get(r) != Some(&Verdict::Accepted))
                .collect(),
        }
    }

    /// The log taken further on `session`: its proposals become the session's (ids, files and
    /// their SHA-256 as they are now), so a resumed review is saved as of the files reviewed.
    /// The decisions read from a file keep their places, for messages.
    pub fn continued(self, session: &Session) -> DecisionLog {
        DecisionLog {
            proposals: logged_proposals(session),
            origin: self.origin.map(|o| Origin {
                proposals: Vec::new(),
                ..o
            }),
            ..self
        }
    }

    /// The log as pretty JSON, keys in a fixed order, ending in a newline.
    pub fn to_json(&self) -> String {
        let file = LogFile {
            redline: LOG_MARK,
            policy: self.policy,
            proposals: self
                .proposals
                .iter()
                .map(|p| ProposalEntry {
                    id: &p.id,
                    path: p.path.as_deref(),
                    sha256: p.sha256.as_deref(),
                })
                .collect(),
            decisions: self
                .decisions
                .iter()
                .map(|d| DecisionEntry {
                    proposal: &d.amendment.proposal,
                    amendment: d.amendment.index + 1,
                    verdict: d.verdict,
                    at: d.at.as_deref(),
                })
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&file).expect("a log serialises");
        json.push('\n');
        json
    }

    /// Reads a log from its JSON text; `origin` names the file in every problem. Every
    /// problem is reported, each with its `file:line:column`.
    pub fn parse(text: &str, origin: &Path) -> Result<DecisionLog, DecisionError> {
        LogReader::new(text, origin).read()
    }

    /// Checks the log against the session: every proposal it was taken on is in the session
    /// and unchanged, and every amendment it decides exists. Every problem is reported.
    pub fn check(&self, session: &Session) -> Result<(), DecisionError> {
        let mut problems = Vec::new();
        for (i, logged) in self.proposals.iter().enumerate() {
            let place = self.proposal_place(i);
            match session.proposal(&logged.id) {
                None => problems.push(DecisionProblem {
                    place,
                    message: format!(
                        "the decisions were taken on proposal `{}`{}, which is not among the proposals given",
                        logged.id,
                        logged.path.as_deref().map_or(String::new(), |p| format!(" ({p})"))
                    ),
                    help: match &logged.path {
                        Some(path) => format!("add {path} to the command line, or remove the entry from `proposals`"),
                        None => "add the proposal's file to the command line, or remove the entry from `proposals`".to_string(),
                    },
                }),
                Some(p) => {
                    let now = sha256_hex(&p.loaded.raw);
                    if logged.sha256.as_ref().is_some_and(|then| *then != now) {
                        problems.push(DecisionProblem {
                            place,
                            message: format!(
                                "{} has changed since the decisions were taken (its SHA-256 was {}, it is {now}); decisions name amendments by position, so they may no longer mean the same amendments",
                                p.loaded.path.display(),
                                logged.sha256.as_deref().unwrap_or_default()
                            ),
                            help: "review the changed proposal again, or delete the entry's `sha256` to apply the decisions to the file as it is".to_string(),
                        });
                    }
                }
            }
        }
        for (i, decision) in self.decisions.iter().enumerate() {
            if let Some(problem) = self.unknown_amendment(i, decision, session) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DecisionError { problems })
        }
    }

    /// Where decision `i` stands: `file:line:column` when it was read from a file.
    pub fn decision_place(&self, i: usize) -> String {
        let read = self.origin.as_ref().and_then(|o| {
            let at = o.decisions.get(i)?;
            Some(format!("{}:{at}", o.path.display()))
        });
        read.unwrap_or_else(|| format!("decision {}", i + 1))
    }

    /// Where the latest decision on `amendment` stands, if there is one.
    pub fn place_of(&self, amendment: &AmendmentRef) -> Option<String> {
        let i = self
            .decisions
            .iter()
            .rposition(|d| d.amendment == *amendment)?;
        Some(self.decision_place(i))
    }

    fn proposal_place(&self, i: usize) -> String {
        let read = self.origin.as_ref().and_then(|o| {
            let at = o.proposals.get(i)?;
            Some(format!("{}:{at}", o.path.display()))
        });
        read.unwrap_or_else(|| format!("proposal {} of the log", i + 1))
    }

    /// The problem with decision `i` if it names a proposal or amendment the session lacks.
    fn unknown_amendment(
        &self,
        i: usize,
        decision: &Decision,
        session: &Session,
    ) -> Option<DecisionProblem> {
        let r = &decision.amendment;
        let place = self.decision_place(i);
        let Some(proposal) = session.proposal(&r.proposal) else {
            let ids: Vec<&str> = session.proposals().iter().map(|p| p.id()).collect();
            let nearest = ids
                .iter()
                .min_by_key(|id| strsim::levenshtein(id, &r.proposal))
                .filter(|id| strsim::levenshtein(id, &r.proposal) <= r.proposal.len() / 3 + 1);
            return Some(DecisionProblem {
                place,
                message: format!(
                    "no proposal `{}` among the proposals given ({})",
                    r.proposal,
                    ids.join(", ")
                ),
                help: match nearest {
                    Some(id) => format!("did you mean `{id}`? `proposal` is a proposal's `id`, not its file name"),
                    None => "add the proposal's file to the command line, or correct `proposal` (a proposal's `id`)".to_string(),
                },
            });
        };
        let count = proposal.proposal().amendments.len();
        (r.index >= count).then(|| DecisionProblem {
            place,
            message: format!(
                "{} has {count} amendment{}; there is no amendment {}",
                r.proposal,
                if count == 1 { "" } else { "s" },
                r.index + 1
            ),
            help: format!(
                "amendments count from 1 in the order of the proposal's `amendments` list: give 1 to {count}"
            ),
        })
    }
}

/// Every amendment of every proposal of the session, in order.
fn session_amendments(session: &Session) -> impl Iterator<Item = AmendmentRef> + '_ {
    session.proposals().iter().flat_map(|p| p.amendments())
}

fn logged_proposals(session: &Session) -> Vec<LoggedProposal> {
    session
        .proposals()
        .iter()
        .map(|p| LoggedProposal {
            id: p.id().to_string(),
            path: Some(p.loaded.path.display().to_string()),
            sha256: Some(sha256_hex(&p.loaded.raw)),
        })
        .collect()
}

/// The log as written: field order here is the order in the file.
#[derive(Serialize)]
struct LogFile<'a> {
    redline: &'a str,
    policy: Policy,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    proposals: Vec<ProposalEntry<'a>>,
    decisions: Vec<DecisionEntry<'a>>,
}

#[derive(Serialize)]
struct ProposalEntry<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
}

#[derive(Serialize)]
struct DecisionEntry<'a> {
    proposal: &'a str,
    /// Counted from 1.
    amendment: usize,
    verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
}

/// Reads a log field by field, so every problem is found and placed exactly.
struct LogReader<'t> {
    text: &'t str,
    path: &'t Path,
    problems: Vec<DecisionProblem>,
}

/// A JSON object's fields, each with its raw text.
type Fields<'t> = BTreeMap<String, &'t RawValue>;

impl<'t> LogReader<'t> {
    fn new(text: &'t str, path: &'t Path) -> Self {
        LogReader {
            text,
            path,
            problems: Vec::new(),
        }
    }

    fn read(mut self) -> Result<DecisionLog, DecisionError> {
        let top: Fields = match serde_json::from_str(self.text) {
            Ok(top) => top,
            Err(e) => return Err(self.json_error(&e)),
        };
        self.known_fields(
            &top,
            &["redline", "policy", "proposals", "decisions", "$comment"],
        );
        self.mark(&top);
        let policy = match top.get("policy") {
            None => Policy::default(),
            Some(raw) => serde_json::from_str(raw.get()).unwrap_or_else(|_| {
                self.problem(
                    raw,
                    format!("`policy` is {}, not a conflict policy", raw.get()),
                    "write one of \"fail\", \"first-wins\", \"skip\", \"merge\" (as --on-conflict takes them), or leave `policy` out for \"fail\"",
                );
                Policy::default()
            }),
        };
        let (proposals, proposal_places) = match top.get("proposals") {
            None => (Vec::new(), Vec::new()),
            Some(raw) => self.entries(raw, "proposals", Self::proposal),
        };
        let (decisions, decision_places) = match top.get("decisions") {
            None => {
                self.problems.push(DecisionProblem {
                    place: format!("{}:1:1", self.path.display()),
                    message: "the log has no `decisions` list".to_string(),
                    help: "add \"decisions\": [ { \"proposal\": \"cr2-shall\", \"amendment\": 1, \"verdict\": \"accepted\" } ] (docs/review.md)".to_string(),
                });
                (Vec::new(), Vec::new())
            }
            Some(raw) => self.entries(raw, "decisions", Self::decision),
        };
        if !self.problems.is_empty() {
            return Err(DecisionError {
                problems: self.problems,
            });
        }
        Ok(DecisionLog {
            policy,
            proposals,
            decisions,
            origin: Some(Origin {
                path: self.path.to_path_buf(),
                decisions: decision_places,
                proposals: proposal_places,
            }),
        })
    }

    /// `"redline": "decision-log"`, which says what the file is.
    fn mark(&mut self, top: &Fields) {
        let help =
            format!("a decision log starts with \"redline\": \"{LOG_MARK}\" (docs/review.md)");
        match top.get("redline") {
            None => self.problems.push(DecisionProblem {
                place: format!("{}:1:1", self.path.display()),
                message: "the file does not say it is a decision log".to_string(),
                help,
            }),
            Some(raw) if self.string(raw).as_deref() != Some(LOG_MARK) => {
                self.problem(
                    raw,
                    format!("`redline` is {}, not \"{LOG_MARK}\"", raw.get()),
                    &help,
                );
            }
            Some(_) => {}
        }
    }

    /// Every item of the list `raw` (named `field`), read by `item`, with where each starts.
    fn entries<T>(
        &mut self,
        raw: &'t RawValue,
        field: &str,
        item: fn(&mut Self, &'t RawValue) -> Option<T>,
    ) -> (Vec<T>, Vec<Location>) {
        let Ok(list) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            self.problem(
                raw,
                format!("`{field}` is not a list"),
                &format!("write `{field}` as a list: \"{field}\": [ ... ]"),
            );
            return (Vec::new(), Vec::new());
        };
        let mut read = Vec::new();
        let mut places = Vec::new();
        for raw in list {
            if let Some(value) = item(self, raw) {
                read.push(value);
                places.push(self.location(raw));
            }
        }
        (read, places)
    }

    fn proposal(&mut self, raw: &'t RawValue) -> Option<LoggedProposal> {
        let fields = self.object(raw, "each entry of `proposals`")?;
        self.known_fields(&fields, &["id", "path", "sha256"]);
        let id = self.required_string(
            &fields,
            raw,
            "id",
            "the proposal's `id`, e.g. \"id\": \"cr2-shall\"",
        );
        let path = fields.get("path").and_then(|v| self.text_field(v, "path"));
        let sha256 = fields
            .get("sha256")
            .and_then(|v| self.text_field(v, "sha256"));
        Some(LoggedProposal {
            id: id?,
            path,
            sha256,
        })
    }

    fn decision(&mut self, raw: &'t RawValue) -> Option<Decision> {
        let fields = self.object(raw, "each decision")?;
        self.known_fields(&fields, &["proposal", "amendment", "verdict", "at"]);
        let proposal = self.required_string(
            &fields,
            raw,
            "proposal",
            "the id of the proposal decided on, e.g. \"proposal\": \"cr2-shall\"",
        );
        let amendment = self.amendment(&fields, raw);
        let verdict = self.verdict(&fields, raw);
        let at = fields.get("at").and_then(|v| {
            let at = self.text_field(v, "at")?;
            if crate::clock::is_rfc3339(&at) {
                Some(at)
            } else {
                self.problem(
                    v,
                    format!("`at` is \"{at}\", not an RFC 3339 date and time"),
                    "write the time as 2025-12-01T20:00:00Z (UTC), or leave `at` out",
                );
                None
            }
        });
        Some(Decision {
            amendment: AmendmentRef::new(&proposal?, amendment?),
            verdict: verdict?,
            at,
        })
    }

    /// The 0-based index of `"amendment": N`, N counted from 1.
    fn amendment(&mut self, fields: &Fields<'t>, item: &'t RawValue) -> Option<usize> {
        let help = "give the amendment's position in the proposal's `amendments` list, counted from 1: \"amendment\": 1";
        let Some(raw) = fields.get("amendment") else {
            self.problem(item, "the decision has no `amendment`".to_string(), help);
            return None;
        };
        match serde_json::from_str::<u64>(raw.get())
            .ok()
            .and_then(|n| usize::try_from(n).ok())
        {
            Some(n) if n >= 1 => Some(n - 1),
            _ => {
                self.problem(
                    raw,
                    format!("`amendment` is {}, not a whole number from 1", raw.get()),
                    help,
                );
                None
            }
        }
    }

    fn verdict(&mut self, fields: &Fields<'t>, item: &'t RawValue) -> Option<Verdict> {
        let help = "write \"verdict\": \"accepted\" or \"verdict\": \"rejected\"";
        let Some(raw) = fields.get("verdict") else {
            self.problem(item, "the decision has no `verdict`".to_string(), help);
            return None;
        };
        serde_json::from_str(raw.get()).ok().or_else(|| {
            self.problem(
                raw,
                format!(
                    "`verdict` is {}, not \"accepted\" or \"rejected\"",
                    raw.get()
                ),
                help,
            );
            None
        })
    }

    fn object(&mut self, raw: &'t RawValue, what: &str) -> Option<Fields<'t>> {
        serde_json::from_str(raw.get())
            .map_err(|_| {
                self.problem(
                    raw,
                    format!("{what} should be an object {{ ... }}, not {}", raw.get()),
                    "see the example in docs/review.md",
                )
            })
            .ok()
    }

    /// Reports every field not in `known`, at the field's value.
    fn known_fields(&mut self, fields: &Fields<'t>, known: &[&str]) {
        for (name, raw) in fields {
            if !known.contains(&name.as_str()) {
                self.problem(
                    raw,
                    format!("unknown field `{name}`"),
                    &format!(
                        "remove it or correct its spelling; the fields here are {}",
                        known
                            .iter()
                            .filter(|k| !k.starts_with('$'))
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }

    fn required_string(
        &mut self,
        fields: &Fields<'t>,
        item: &'t RawValue,
        field: &str,
        help: &str,
    ) -> Option<String> {
        match fields.get(field) {
            None => {
                self.problem(
                    item,
                    format!("the entry has no `{field}`"),
                    &format!("add {help}"),
                );
                None
            }
            Some(raw) => self.text_field(raw, field),
        }
    }

    /// A field that must be a non-empty string.
    fn text_field(&mut self, raw: &'t RawValue, field: &str) -> Option<String> {
        match self.string(raw) {
            Some(s) if !s.trim().is_empty() => Some(s),
            _ => {
                self.problem(
                    raw,
                    format!("`{field}` is {}, not a non-empty string", raw.get()),
                    &format!("write `{field}` as a string in double quotes"),
                );
                None
            }
        }
    }

    fn string(&self, raw: &RawValue) -> Option<String> {
        serde_json::from_str(raw.get()).ok()
    }

    fn location(&self, raw: &RawValue) -> Location {
        location_of(self.text, offset_in(self.text, raw))
    }

    fn problem(&mut self, raw: &RawValue, message: String, help: &str) {
        let place = format!("{}:{}", self.path.display(), self.location(raw));
        self.problems.push(DecisionProblem {
            place,
            message,
            help: help.to_string(),
        });
    }

    /// JSON that does not parse, at serde_json's line and column (its columns count bytes;
    /// ours count characters).
    fn json_error(&self, e: &serde_json::Error) -> DecisionError {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        let line_text = self
            .text
            .split('\n')
            .nth(e.line().saturating_sub(1))
            .unwrap_or("");
        let mut byte = e.column().saturating_sub(1).min(line_text.len());
        while !line_text.is_char_boundary(byte) {
            byte -= 1;
        }
        let column = line_text[..byte].chars().count() + 1;
        let message = match e.classify() {
            serde_json::error::Category::Data => {
                "a decision log is a JSON object { \"redline\": ..., \"decisions\": [...] }"
                    .to_string()
            }
            _ => message,
        };
        DecisionError {
            problems: vec![DecisionProblem {
                place: format!("{}:{}:{column}", self.path.display(), e.line().max(1)),
                message,
                help: "JSON wants double-quoted keys and strings, a comma between items and none after the last (docs/review.md has an example)".to_string(),
            }],
        }
    }
}

/// The result of a review: the accepted amendments as a proposal set, and the session
/// settled as the decisions imply (the text, the redline and the report come from it).
#[derive(Debug, Clone)]
pub struct Consolidated<'s> {
    /// Each proposal with an accepted amendment, in the session's order, keeping its id,
    /// tag (as the session showed it), sponsor, title, source and rationale, with only its
    /// accepted amendments in file order.
    pub set: ProposalSet,
    /// The session settled with [`DecisionLog::choices`].
    pub settled: Settled<'s>,
    /// The amendments no decision was taken on (left out, as rejected ones are).
    pub undecided: Vec<AmendmentRef>,
}

impl Consolidated<'_> {
    /// The proposal set's JSON: a file every command reads as it reads a proposal.
    pub fn to_json(&self) -> String {
        self.set.to_json()
    }
}

/// Why decisions could not be consolidated.
#[derive(Debug)]
pub enum ConsolidateError {
    /// The session cannot be settled at all (an amendment that does not apply).
    Session(SessionError),
    /// The decisions contradict each other: both sides of a conflict accepted, or an
    /// accepted amendment that does not apply without one not accepted.
    Decisions(DecisionError),
}

impl fmt::Display for ConsolidateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsolidateError::Session(e) => write!(f, "{e}"),
            ConsolidateError::Decisions(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConsolidateError {}

/// Settles the session as the log decides and collects the accepted amendments as a
/// proposal set. Applying the set (under [`ProposalSet::on_conflict`]) gives exactly the text
/// the decisions imply, each change attributed to its original proposal. Every accepted
/// amendment is applied or the whole is refused: accepting both sides of a conflict is
/// refused unless the policy is `merge` and the two can be merged (two new list items at one
/// place), and so is accepting an amendment that does not apply without one not accepted.
pub fn consolidate<'s>(
    session: &'s Session,
    log: &DecisionLog,
) -> Result<Consolidated<'s>, ConsolidateError> {
    let verdicts = log.verdicts();
    let accepted = |r: &AmendmentRef| verdicts.get(r) == Some(&Verdict::Accepted);
    let settled = match session.settle(&log.choices(session)) {
        Ok(settled) => settled,
        Err(SessionError::Conflicts { policy, conflicts }) => {
            let problems = conflicts
                .iter()
                .map(|c| {
                    let side = |s: &ConflictSide| AmendmentRef::new(&s.proposal, s.amendment - 1);
                    both_accepted(
                        log,
                        policy,
                        &side(&c.first),
                        &side(&c.second),
                        &c.provision,
                        c.kind,
                    )
                })
                .collect();
            return Err(ConsolidateError::Decisions(DecisionError { problems }));
        }
        Err(e) => return Err(ConsolidateError::Session(e)),
    };
    let mut problems: Vec<DecisionProblem> = settled
        .settlement
        .left_out
        .iter()
        .filter(|l| accepted(&l.amendment))
        .map(|l| not_applied(session, log, l))
        .collect();
    // Under `skip` both sides of a conflict are left out: one problem says it.
    problems.dedup();
    if !problems.is_empty() {
        return Err(ConsolidateError::Decisions(DecisionError { problems }));
    }
    let proposals = session
        .proposals()
        .iter()
        .filter_map(|p| {
            let amendments: Vec<Amendment> = p
                .proposal()
                .amendments
                .iter()
                .zip(p.amendments())
                .filter(|(_, r)| accepted(r))
                .map(|(a, _)| a.clone())
                .collect();
            (!amendments.is_empty()).then(|| Proposal {
                schema: None,
                tag: Some(p.tag.clone()),
                amendments,
                ..p.proposal().clone()
            })
        })
        .collect();
    let on_conflict = (!settled.settlement.merged.is_empty()).then_some(Policy::Merge);
    Ok(Consolidated {
        set: ProposalSet {
            on_conflict,
            proposals,
        },
        undecided: log.undecided(session),
        settled,
    })
}

/// Two accepted amendments that collide, at the later one's decision.
fn both_accepted(
    log: &DecisionLog,
    policy: Policy,
    first: &AmendmentRef,
    second: &AmendmentRef,
    provision: &str,
    kind: ConflictKind,
) -> DecisionProblem {
    let places = [first, second].map(|r| log.place_of(r).unwrap_or_else(|| r.to_string()));
    let merge = match (policy, kind) {
        (Policy::Merge, _) => " and cannot be merged (only two new list items at one place can)",
        (_, ConflictKind::SameNewId) => {
            "; if they are two new list items, --on-conflict merge keeps both"
        }
        _ => "",
    };
    DecisionProblem {
        place: places[1].clone(),
        message: format!(
            "both sides of a conflict are accepted: {first} and {second} collide at {provision} ({kind}){merge}"
        ),
        help: format!(
            "reject one of them: the decisions at {} and {}",
            places[0], places[1]
        ),
    }
}

/// An accepted amendment the settlement left out anyway.
fn not_applied(session: &Session, log: &DecisionLog, left_out: &LeftOut) -> DecisionProblem {
    let r = &left_out.amendment;
    let place = log.place_of(r).unwrap_or_else(|| r.to_string());
    match &left_out.reason {
        Reason::Conflict {
            with,
            provision,
            kind,
            policy,
        } => {
            // The two sides in the order the proposals were given, whichever was left out.
            let order = |a: &AmendmentRef| {
                let p = session
                    .proposals()
                    .iter()
                    .position(|p| p.id() == a.proposal);
                (p, a.index)
            };
            let (first, second) = match order(with) <= order(r) {
                true => (with, r),
                false => (r, with),
            };
            both_accepted(log, *policy, first, second, provision, *kind)
        }
        Reason::Depends { on, error } => {
            let state = match log.verdict(on) {
                Some(Verdict::Rejected) => "rejected",
                _ => "not decided",
            };
            DecisionProblem {
                place,
                message: format!(
                    "{r} is accepted, but does not apply without {on}, which is {state} ({})",
                    error.lines().next().unwrap_or_default()
                ),
                help: format!("accept {on} too, or reject {r}"),
            }
        }
        Reason::Chosen => DecisionProblem {
            place,
            message: format!("{r} is accepted but was left out"),
            help: "decide on it again".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::load(
            &[
                "proposals/cr2-shall.json",
                "proposals/sme-cybersecurity.json",
            ],
            None,
        )
        .unwrap()
    }

    fn cr2(index: usize) -> AmendmentRef {
        AmendmentRef::new("cr2-shall", index)
    }

    fn sme() -> AmendmentRef {
        AmendmentRef::new("sme-cybersecurity", 0)
    }

    fn problems(e: DecisionError) -> Vec<String> {
        e.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_latest_decision_wins_and_undo_removes_the_last() {
        let session = session();
        let mut log = DecisionLog::new(&session, Policy::Fail);
        assert_eq!(log.verdict(&cr2(0)), None);
        log.record(cr2(0), Verdict::Accepted);
        log.record(cr2(0), Verdict::Rejected);
        assert_eq!(log.verdict(&cr2(0)), Some(Verdict::Rejected));
        let undone = log.undo().unwrap();
        assert_eq!(
            (undone.amendment, undone.verdict),
            (cr2(0), Verdict::Rejected)
        );
        assert_eq!(log.verdict(&cr2(0)), Some(Verdict::Accepted));
        log.undo();
        assert_eq!(log.undo(), None);
        assert!(log.decisions().is_empty());
    }

    #[test]
    fn every_decision_is_stamped_in_rfc3339() {
        let session = session();
        let mut log = DecisionLog::new(&session, Policy::Fail);
        log.record(sme(), Verdict::Accepted);
        let at = log.decisions()[0].at.as_deref().unwrap();
        assert!(crate::clock::is_rfc3339(at), "{at}");
        assert!(at.ends_with('Z'), "{at}");
    }

    #[test]
    fn undecided_amendments_come_in_session_order() {
        let session = session();
        let mut log = DecisionLog::new(&session, Policy::Fail);
        log.record(cr2(1), Verdict::Rejected);
        log.record(sme(), Verdict::Accepted);
        assert_eq!(log.undecided(&session), vec![cr2(0), cr2(2), cr2(3)]);
    }

    #[test]
    fn choices_leave_out_every_amendment_not_accepted() {
        let session = session();
        let mut log = DecisionLog::new(&session, Policy::Merge);
        log.record(cr2(0), Verdict::Accepted);
        log.record(cr2(1), Verdict::Rejected);
        let choices = log.choices(&session);
        assert_eq!(choices.policy, Policy::Merge);
        let left_out: Vec<AmendmentRef> = choices.left_out.into_iter().collect();
        assert_eq!(left_out, vec![cr2(1), cr2(2), cr2(3), sme()]);
    }

    #[test]
    fn a_log_round_trips_through_its_json() {
        let session = session();
        let mut log = DecisionLog::new(&session, Policy::FirstWins);
        log.record(cr2(2), Verdict::Accepted);
        log.record(sme(), Verdict::Rejected);
        let json = log.to_json();
        let again = DecisionLog::parse(&json, Path::new("log.json")).unwrap();
        assert_eq!(again.policy, log.policy);
        assert_eq!(again.proposals, log.proposals);
        assert_eq!(again.decisions(), log.decisions());
        assert_eq!(again.to_json(), json);
        again.check(&session).unwrap();
    }

    #[test]
    fn the_json_is_stable_and_counts_amendments_from_1() {
        let text = r#"{
  "redline": "decision-log",
  "policy": "merge",
  "proposals": [
    {
      "id": "cr2-shall",
      "path": "proposals/cr2-shall.json"
    }
  ],
  "decisions": [
    {
      "proposal": "cr2-shall",
      "amendment": 2,
      "verdict": "accepted",
      "at": "2025-12-01T20:00:00Z"
    },
    {
      "proposal": "cr2-shall",
      "amendment": 1,
      "verdict": "rejected"
    }
  ]
}
"#;
        let log = DecisionLog::parse(text, Path::new("log.json")).unwrap();
        assert_eq!(log.decisions()[0].amendment, cr2(1));
        assert_eq!(log.to_json(), text);
    }

    #[test]
    fn a_hand_written_decision_file_needs_only_the_decisions() {
        let text = r#"{"redline": "decision-log", "decisions": [
            {"proposal": "sme-cybersecurity", "amendment": 1, "verdict": "accepted"}]}"#;
        let log = DecisionLog::parse(text, Path::new("d.json")).unwrap();
        assert_eq!(log.policy, Policy::Fail);
        assert!(log.proposals.is_empty());
        let session = session();
        log.check(&session).unwrap();
        assert_eq!(log.verdict(&sme()), Some(Verdict::Accepted));
    }

    #[test]
    fn every_problem_is_reported_at_its_line_and_column() {
        let text = r#"{
  "redline": "decision-log",
  "policy": "loose",
  "decisions": [
    { "proposal": "cr2-shall", "amendment": 0, "verdict": "accepted" },
    { "proposal": "cr2-shall", "amendment": 1, "verdict": "yes", "when": "now" },
    { "amendment": 1, "verdict": "rejected", "at": "yesterday" }
  ]
}"#;
        let e = problems(DecisionLog::parse(text, Path::new("d.json")).unwrap_err());
        assert_eq!(e.len(), 6, "{e:#?}");
        for expected in [
            "d.json:3:13: `policy` is \"loose\"",
            "d.json:5:45: `amendment` is 0, not a whole number from 1",
            "d.json:6:74: unknown field `when`",
            "d.json:6:59: `verdict` is \"yes\"",
            "d.json:7:5: the entry has no `proposal`",
            "d.json:7:52: `at` is \"yesterday\"",
        ] {
            assert!(
                e.iter().any(|p| p.starts_with(expected)),
                "{expected}: {e:#?}"
            );
        }
        assert!(e.iter().all(|p| p.contains("\n  help: ")), "{e:#?}");
    }

    #[test]
    fn broken_json_and_other_files_are_named_as_such() {
        let e = problems(
            DecisionLog::parse("{\n  \"decisions\": [,]\n}", Path::new("d.json")).unwrap_err(),
        );
        assert!(e[0].starts_with("d.json:2:17: expected value"), "{e:#?}");
        let proposal = std::fs::read_to_string("proposals/cr2-shall.json").unwrap();
        let e = problems(DecisionLog::parse(&proposal, Path::new("cr2.json")).unwrap_err());
        assert!(
            e.iter()
                .any(|p| p.contains("the file does not say it is a decision log")),
            "{e:#?}"
        );
        let e = problems(DecisionLog::parse("[1]", Path::new("d.json")).unwrap_err());
        assert!(e[0].contains("a decision log is a JSON object"), "{e:#?}");
        assert!(
            !e[0].contains("BTreeMap") && !e[0].contains("RawValue"),
            "{e:#?}"
        );
    }

    #[test]
    fn check_names_unknown_proposals_and_amendments_where_they_stand() {
        let text = r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cr2-shal", "amendment": 1, "verdict": "accepted" },
  { "proposal": "cr2-shall", "amendment": 5, "verdict": "accepted" },
  { "proposal": "cr2-shall", "amendment": 4, "verdict": "accepted" } ] }"#;
        let log = DecisionLog::parse(text, Path::new("d.json")).unwrap();
        let e = problems(log.check(&session()).unwrap_err());
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].starts_with("d.json:2:3: no proposal `cr2-shal` among the proposals given (cr2-shall, sme-cybersecurity)"), "{e:#?}");
        assert!(e[0].contains("did you mean `cr2-shall`?"), "{e:#?}");
        assert!(
            e[1].starts_with("d.json:3:3: cr2-shall has 4 amendments; there is no amendment 5"),
            "{e:#?}"
        );
        assert!(e[1].contains("give 1 to 4"), "{e:#?}");
    }

    #[test]
    fn check_refuses_a_log_taken_on_other_or_changed_proposals() {
        let text = r#"{ "redline": "decision-log",
  "proposals": [ { "id": "cr2-shall", "sha256": "00" },
                 { "id": "untrusted-vendors", "path": "proposals/untrusted-vendors.json" } ],
  "decisions": [] }"#;
        let log = DecisionLog::parse(text, Path::new("d.json")).unwrap();
        let e = problems(log.check(&session()).unwrap_err());
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(
            e[0].starts_with(
                "d.json:2:18: proposals/cr2-shall.json has changed since the decisions were taken"
            ),
            "{e:#?}"
        );
        assert!(e[1].starts_with("d.json:3:18: the decisions were taken on proposal `untrusted-vendors` (proposals/untrusted-vendors.json), which is not among the proposals given"), "{e:#?}");
        assert!(
            e[1].contains("add proposals/untrusted-vendors.json to the command line"),
            "{e:#?}"
        );
    }

    #[test]
    fn decisions_recorded_after_reading_have_no_file_place() {
        let text = r#"{ "redline": "decision-log", "decisions": [
  { "proposal": "cr2-shall", "amendment": 1, "verdict": "accepted" } ] }"#;
        let mut log = DecisionLog::parse(text, Path::new("d.json")).unwrap();
        log.undo();
        log.record(cr2(9), Verdict::Accepted);
        assert_eq!(log.decision_place(0), "decision 1");
        let e = problems(log.check(&session()).unwrap_err());
        assert!(
            e[0].starts_with("decision 1: cr2-shall has 4 amendments"),
            "{e:#?}"
        );
    }

    #[test]
    fn a_continued_log_names_the_files_as_they_are_now() {
        let session = session();
        let text = r#"{ "redline": "decision-log", "proposals": [ { "id": "cr2-shall" } ],
  "decisions": [ { "proposal": "cr2-shall", "amendment": 1, "verdict": "accepted" } ] }"#;
        let log = DecisionLog::parse(text, Path::new("d.json"))
            .unwrap()
            .continued(&session);
        assert_eq!(
            log.proposals,
            DecisionLog::new(&session, Policy::Fail).proposals
        );
        assert_eq!(log.verdict(&cr2(0)), Some(Verdict::Accepted));
        assert_eq!(log.decision_place(0), "d.json:2:18", "kept for messages");
    }
}
