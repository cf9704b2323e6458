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
