//! Attribution: which proposal made each change of a redline, when several proposals are
//! applied to one baseline in order.
//!
//! The redline itself compares the baseline with the final text, so it reads as one markup.
//! Attribution replays the versions in between: for every unit (provision, heading, footnote)
//! it tracks, byte by byte, whether the text is the baseline's or was inserted by proposal k,
//! and which proposal deleted each baseline byte. Each inserted or deleted span of the final
//! redline is then labelled with the proposal(s) behind its bytes, split where two proposals'
//! words meet, so the equal, deleted and inserted spans still spell both texts exactly.
//!
//! ```
//! use redline::attribution::attribute;
//! use redline::diff::{diff_documents, DiffOptions, SpanKind};
//! use redline::parse::parse;
//! let v0 = parse("C\nT\n\nArticle 1.1: X\n\n1. The Parties shall endeavor to act.\n").unwrap();
//! let v1 = parse("C\nT\n\nArticle 1.1: X\n\n1. The Parties shall act.\n").unwrap();
//! let v2 = parse("C\nT\n\nArticle 1.1: X\n\n1. Each Party shall act.\n").unwrap();
//! let mut redline = diff_documents(&v0, &v2, &DiffOptions::default());
//! attribute(&mut redline, &[v0, v1, v2], &["a".into(), "b".into()]);
//! let changes: Vec<(SpanKind, &str, &str)> = redline.provisions.iter()
//!     .flat_map(|p| &p.spans)
//!     .filter(|s| s.kind != SpanKind::Equal)
//!     .map(|s| (s.kind, s.text.trim(), s.attribution.as_deref().unwrap()))
//!     .collect();
//! assert!(changes.contains(&(SpanKind::Delete, "endeavor to", "a")));
//! assert!(changes.contains(&(SpanKind::Insert, "Each Party", "b")));
//! ```

use std::collections::HashMap;

use crate::diff::{diff_words, unit_texts, ProvisionRedline, Redline, Span, SpanKind};
use crate::document::Document;

/// Where a byte of a unit's current text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The baseline's text, at this byte offset of the unit's baseline text.
    Base(usize),
    /// Inserted by the proposal at this index.
    Inserted(usize),
}

/// A unit's text as it stands after some proposals, with the origin of every byte.
#[derive(Debug, Clone, Default)]
struct Traced {
    text: String,
    origins: Vec<Origin>,
}

/// The history of every unit across the versions.
#[derive(Debug, Default)]
struct History {
    /// The unit's text after the last version replayed, keyed by unit id.
    current: HashMap<String, Traced>,
    /// For each unit of the baseline, the proposal that deleted each byte, if any.
    deleted_by: HashMap<String, Vec<Option<usize>>>,
    /// The proposals that changed each unit at all, in order: the fallback when the final
    /// redline aligns words differently from the step-by-step replay.
    touched_by: HashMap<String, Vec<usize>>,
}

/// Labels every inserted and deleted span of `redline` with the id of the proposal that made
/// it. `versions[0]` is the baseline the redline starts from, `versions[k]` the text after
/// proposal `proposal_ids[k - 1]`; the redline compares the first version with the last.
///
/// A span whose words come from several proposals is split at the boundaries. Where the final
/// redline pairs words differently from the replay, a byte the replay kept goes with the change
/// it stands in (or the change before it); failing that, to the proposals that changed that
/// provision, ids joined with `+`.
pub fn attribute(redline: &mut Redline, versions: &[Document], proposal_ids: &[String]) {
    assert_eq!(
        versions.len(),
        proposal_ids.len() + 1,
        "one version per proposal, plus the baseline"
    );
    let history = History::replay(versions);
    for provision in &mut redline.provisions {
        provision.spans = history.attribute(provision, proposal_ids);
    }
}

impl History {
    fn replay(versions: &[Document]) -> History {
        let mut history = History::default();
        for (id, text) in unit_texts(&versions[0]) {
            history
                .deleted_by
                .insert(id.clone(), vec![None; text.len()]);
            let origins = (0..text.len()).map(Origin::Base).collect();
            let text = text.to_string();
            history.current.insert(id, Traced { text, origins });
        }
        for (step, version) in versions[1..].iter().enumerate() {
            history.step(step, version);
        }
        history
    }

    /// Replays one proposal's version: every unit whose text changed is re-traced.
    fn step(&mut self, proposal: usize, version: &Document) {
        let units = unit_texts(version);
        let present: std::collections::HashSet<&str> =
            units.iter().map(|(id, _)| id.as_str()).collect();
        let removed: Vec<String> = self
            .current
            .keys()
            .filter(|id| !present.contains(id.as_str()))
            .cloned()
            .collect();
        for id in removed {
            let traced = self.current.remove(&id).expect("listed above");
            self.delete(&id, &traced.origins, proposal);
            self.touched(&id, proposal);
        }
        for (id, text) in units {
            let old = self.current.remove(&id).unwrap_or_default();
            if old.text == text && !old.origins.is_empty() {
                self.current.insert(id, old);
                continue;
            }
            let traced = self.retrace(&id, &old, text, proposal);
            self.touched(&id, proposal);
            self.current.insert(id, traced);
        }
    }

    fn retrace(&mut self, id: &str, old: &Traced, new: &str, proposal: usize) -> Traced {
        let mut traced = Traced {
            text: new.to_string(),
            origins: Vec::with_capacity(new.len()),
        };
        let mut at = 0;
        for span in diff_words(&old.text, new) {
            let len = span.text.len();
            match span.kind {
                SpanKind::Equal => {
                    traced.origins.extend_from_slice(&old.origins[at..at + len]);
                    at += len;
                }
                SpanKind::Delete => {
                    self.delete(id, &old.origins[at..at + len], proposal);
                    at += len;
                }
                SpanKind::Insert => traced
                    .origins
                    .extend(std::iter::repeat_n(Origin::Inserted(proposal), len)),
            }
        }
        traced
    }

    fn delete(&mut self, id: &str, origins: &[Origin], proposal: usize) {
        let Some(deleted) = self.deleted_by.get_mut(id) else {
            return;
        };
        for origin in origins {
            if let Origin::Base(offset) = origin {
                deleted[*offset] = Some(proposal);
            }
        }
    }

    fn touched(&mut self, id: &str, proposal: usize) {
        let list = self.touched_by.entry(id.to_string()).or_default();
        if list.last() != Some(&proposal) {
            list.push(proposal);
        }
    }

    /// The provision's spans, each change labelled and split where its proposals change.
    fn attribute(&self, provision: &ProvisionRedline, ids: &[String]) -> Vec<Span> {
        let old = provision.old_id.as_deref();
        let new = provision.new_id.as_deref();
        // Byte owners on each side, when the redline's sides are the units' texts (they are
        // not for the pieces of a split provision).
        let deleted = old
            .and_then(|id| self.deleted_by.get(id))
            .filter(|d| d.len() == provision.side(SpanKind::Delete).len());
        let inserted = new
            .and_then(|id| self.current.get(id))
            .filter(|t| t.text == provision.side(SpanKind::Insert));
        let (mut old_at, mut new_at) = (0, 0);
        let mut owners: Vec<Vec<Option<usize>>> = Vec::with_capacity(provision.spans.len());
        for span in &provision.spans {
            let len = span.text.len();
            owners.push(match span.kind {
                SpanKind::Equal => Vec::new(),
                SpanKind::Delete => match deleted {
                    Some(d) => d[old_at..old_at + len].to_vec(),
                    None => vec![None; len],
                },
                SpanKind::Insert => match inserted {
                    Some(t) => t.origins[new_at..new_at + len]
                        .iter()
                        .map(|o| match o {
                            Origin::Inserted(p) => Some(*p),
                            Origin::Base(_) => None,
                        })
                        .collect(),
                    None => vec![None; len],
                },
            });
            if span.kind != SpanKind::Insert {
                old_at += len;
            }
            if span.kind != SpanKind::Delete {
                new_at += len;
            }
        }
        let fallback = self.fallback(old, new, ids);
        let mut out = Vec::with_capacity(provision.spans.len());
        for (i, span) in provision.spans.iter().enumerate() {
            if span.kind == SpanKind::Equal {
                out.push(span.clone());
                continue;
            }
            // A byte the replay kept (the final redline aligned a space or a comma
            // differently) belongs with the change it stands in, or the one just before.
            let near = owners[i]
                .iter()
                .flatten()
                .next()
                .or_else(|| owners[..i].iter().rev().flatten().flatten().next())
                .copied();
            let named: Vec<Option<String>> = owners[i]
                .iter()
                .map(|o| match o.or(near) {
                    Some(p) => Some(ids[p].clone()),
                    None => fallback.clone(),
                })
                .collect();
            split_by_owner(span, &named, &mut out);
        }
        out
    }

    /// The proposals that changed either side's unit, ids joined with `+`.
    fn fallback(&self, old: Option<&str>, new: Option<&str>, ids: &[String]) -> Option<String> {
        let mut proposals: Vec<usize> = [old, new]
            .into_iter()
            .flatten()
            .filter_map(|id| self.touched_by.get(id))
            .flatten()
            .copied()
            .collect();
        proposals.sort_unstable();
        proposals.dedup();
        (!proposals.is_empty()).then(|| {
            proposals
                .iter()
                .map(|&p| ids[p].as_str())
                .collect::<Vec<_>>()
                .join("+")
        })
    }
}

/// Cuts `span` where the owner of its bytes changes (only ever at character boundaries, as
/// owners come from whole tokens) and pushes the pieces.
fn split_by_owner(span: &Span, owners: &[Option<String>], out: &mut Vec<Span>) {
    let mut start = 0;
    while start < owners.len() {
        let owner = &owners[start];
        let mut end = start + 1;
        while end < owners.len() && (&owners[end] == owner || !span.text.is_char_boundary(end)) {
            end += 1;
        }
        out.push(Span {
            text: span.text[start..end].to_string(),
            attribution: owner.clone(),
            ..span.clone()
        });
        start = end;
    }
}

/// How many colours tags are drawn from; every renderer has a palette of this size
/// ([`crate::render::TAG_PALETTE`]).
pub const TAG_COLOURS: usize = 12;

/// The default tag of a proposal, derived from its id: the initials of its words, upper case,
/// a word holding a digit kept whole (`cr2-shall` gives `CR2S`, `sme-cybersecurity` gives
/// `SC`, `coordinated-vulnerability-disclosure` gives `CVD`).
pub fn derived_tag(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                w.to_ascii_uppercase()
            } else {
                w[..1].to_ascii_uppercase()
            }
        })
        .collect()
}

/// The colour of a tag, as an index into every renderer's palette: derived from the tag's
/// bytes alone, so a proposal has the same colour in every output and every run.
pub fn tag_colour(tag: &str) -> usize {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(tag.as_bytes());
    usize::from(digest[0]) % TAG_COLOURS
}

/// Two proposals of one run that ask for the same tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateTag {
    pub tag: String,
    /// The ids of the proposals that declare it.
    pub proposals: Vec<String>,
}

impl std::fmt::Display for DuplicateTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "proposals {} all declare the tag `{}`\n  help: a tag names one proposal in a redline; give each a different `tag`, or leave `tag` out to derive one from the id",
            self.proposals.join(", "),
            self.tag
        )
    }
}

impl std::error::Error for DuplicateTag {}

/// One tag per proposal, unique within the run: the proposal's own `tag` where it declares
/// one, else [`derived_tag`] of its id, with `2`, `3`, ... appended where two would read the
/// same. `proposals` are (id, declared tag) pairs in the order given.
pub fn assign_tags(proposals: &[(&str, Option<&str>)]) -> Result<Vec<String>, DuplicateTag> {
    let declared: Vec<&str> = proposals.iter().filter_map(|(_, t)| *t).collect();
    for tag in &declared {
        let holders: Vec<String> = proposals
            .iter()
            .filter(|(_, t)| t.is_some_and(|t| t.eq_ignore_ascii_case(tag)))
            .map(|(id, _)| id.to_string())
            .collect();
        if holders.len() > 1 {
            return Err(DuplicateTag {
                tag: tag.to_string(),
                proposals: holders,
            });
        }
    }
    let taken = |tags: &[String], tag: &str| {
        tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
            || declared.iter().any(|t| t.eq_ignore_ascii_case(tag))
    };
    let mut tags: Vec<String> = Vec::with_capacity(proposals.len());
    for (id, declared) in proposals {
        let tag = match declared {
            Some(tag) => tag.to_string(),
            None => {
                let base = derived_tag(id);
                let mut tag = base.clone();
                let mut n = 2;
                while taken(&tags, &tag) {
                    tag = format!("{base}{n}");
                    n += 1;
                }
                tag
            }
        };
        tags.push(tag);
    }
    Ok(tags)
}

/// Adds `also` to every change of `provision` attributed to `first` that lies within `old`
/// (deleted words) or `new` (inserted words): the change an identical amendment of `also`
/// would have made, so it is attributed to both.
pub fn share(redline: &mut Redline, edit: &SharedEdit<'_>) {
    for provision in &mut redline.provisions {
        let matches_old = provision.old_id.as_deref() == Some(edit.provision);
        let matches_new = provision.new_id.as_deref() == Some(edit.provision);
        for span in &mut provision.spans {
            let within = match span.kind {
                SpanKind::Equal => false,
                SpanKind::Delete => matches_old && edit.old.contains(span.text.trim()),
                SpanKind::Insert => matches_new && edit.new.contains(span.text.trim()),
            };
            let Some(by) = span.attribution.as_mut() else {
                continue;
            };
            let named = |id: &str| by.split('+').any(|b| b == id);
            if within && named(edit.first) && !named(edit.also) {
                by.push('+');
                by.push_str(edit.also);
            }
        }
    }
}

/// An edit two proposals make identically, as [`share`] needs it.
#[derive(Debug, Clone, Copy)]
pub struct SharedEdit<'a> {
    /// The unit edited (its id in the old and new text).
    pub provision: &'a str,
    /// The words deleted and inserted (the whole text for a provision inserted or deleted).
    pub old: &'a str,
    pub new: &'a str,
    /// The proposal whose amendment was applied, and the one that made the same edit.
    pub first: &'a str,
    pub also: &'a str,
}
