//! The cue lexicon: the words that make a treaty clause bind harder or softer, found with their
//! byte positions so every score can point at the words that produced it.
//!
//! Matching is case-insensitive on the original text (so offsets are offsets into the provision
//! as written). Patterns overlap on purpose ("shall not apply" contains "shall not", which
//! contains "shall"); [`find_cues`] keeps the match of the highest-priority pattern and drops
//! whatever overlaps it, so each word is read once, in its most specific sense.

use std::sync::LazyLock;

use regex::Regex;

use super::CueKind;

/// One pattern of the lexicon. Lower `priority` wins an overlap.
struct Pattern {
    kind: CueKind,
    priority: u8,
    regex: Regex,
}

/// A raw match before scoring decides what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
}

/// Words that name a legal instrument or a part of one, the subject of a carve-out such as
/// "This Article does not preclude" or "paragraph 1 shall not prevent".
const INSTRUMENT: &str = r"(?:this|that|the|such) (?:chapter|article|annex|agreement|section|paragraph|subparagraph|provision|disclosure|definition)s?|paragraphs? \d+(?:\s?\([a-z]+\))?|articles? \d+(?:\.\d+)*(?:\.[a-z])?";

/// Verbs of carve-outs after "shall not" / "does not" when the subject is an instrument.
const CARVE_OUT_VERBS: &str = "preclude|prevent|affect|prejudice|limit|restrict|require";

/// Verbs whose content is cooperation or promotion rather than a result the Party must achieve.
pub(crate) const COOPERATIVE_VERBS: &str = r"cooperate|co-operate|collaborate|work together|work jointly|encourage|promote|exchange|share|maintain (?:a |an )?dialogue|engage in dialogue|participate|foster|consult";

/// Verbs of permission that a narrowing clause denies to an exception: "shall not be construed
/// to permit".
const PERMITTING_VERBS: &str = r"permit|allow|authori[sz]e|enable|entitle|justify";

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let table: Vec<(CueKind, u8, String)> = vec![
        // Narrowing: an exception that is not to be read as permitting something. Longer than
        // the carve-out it contains, so it wins the overlap.
        (
            CueKind::Narrowing,
            0,
            format!(r"\b(?:nothing in [^.;:]*?\bshall be|(?:shall|does|do|will|should) not be) (?:construed|interpreted|understood|read) (?:so as )?to (?:{PERMITTING_VERBS})\b"),
        ),
        // Carve-outs: an instrument that does not apply, or is not to be read as binding.
        (
            CueKind::CarveOut,
            0,
            r"\bnothing in (?:this|these) [^.;:]*?\bshall(?: be (?:construed|interpreted))?".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\b(?:shall|does|do|will|should) not be (?:construed|interpreted|understood)\b".into(),
        ),
        (CueKind::CarveOut, 0, r"\bbe (?:construed|interpreted)\b".into()),
        (
            CueKind::CarveOut,
            0,
            r"\b(?:shall|does|do|will) not apply\b".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            format!(r"\b(?:does|do) not (?:{CARVE_OUT_VERBS})\b"),
        ),
        (
            CueKind::CarveOut,
            0,
            format!(r"\b(?:{INSTRUMENT})(?: [\w’'()-]+){{0,3}}? shall not (?:{CARVE_OUT_VERBS})\b"),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\b(?:is|are|shall be|shall not be) subject to (?:the relevant|annex|article|chapter|dispute)".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\b(?:(?:is|are|shall) not (?:be )?|no part(?:y|ies) shall be )required to\b".into(),
        ),
        (CueKind::CarveOut, 0, r"\bnotwithstanding\b".into()),
        // Scope and interpretation: say what the text covers or means, bind no one.
        (
            CueKind::Scope,
            1,
            r"\b(?:this|the) (?:chapter|article|annex|section|agreement)(?: shall)? appl(?:y|ies) to\b"
                .into(),
        ),
        (CueKind::Clarification, 1, r"\bfor greater certainty\b".into()),
        (
            CueKind::Clarification,
            1,
            r"\bfor the purposes? of (?:this|these)\b".into(),
        ),
        (
            CueKind::DefinitionMeans,
            7,
            r#"^[\w\s(),’'“”"-]{1,90}?\bmeans\b"#.into(),
        ),
        // Best efforts, before plain "shall" so "shall endeavor" is read whole.
        (
            CueKind::BestEfforts,
            2,
            r"\b(?:shall|will|must)(?:,[^,.;:]{1,40},)? (?:endeavou?r|seek|strive|aim|try|work towards?|make (?:every|all reasonable|reasonable|best|its best|their best)? ?efforts?|use (?:its|their)? ?(?:best|reasonable) (?:efforts|endeavou?rs))\b".into(),
        ),
        (
            CueKind::Consider,
            2,
            r"\bshall (?:consider|give (?:due |positive )?consideration|take into account)\b".into(),
        ),
        (
            CueKind::Prohibition,
            3,
            r"\b(?:no|neither|nor any) part(?:y|ies) (?:shall|may|must)\b".into(),
        ),
        (CueKind::Prohibition, 3, r"\b(?:shall|must) not\b".into()),
        (
            CueKind::Prohibition,
            3,
            r"\b(?:each|a|any|the) part(?:y|ies) may not\b".into(),
        ),
        (CueKind::Obligation, 4, r"\b(?:shall|must)\b".into()),
        (CueKind::Should, 4, r"\bshould\b".into()),
        // Performative: the text itself sets the body up ("The Parties hereby establish").
        (
            CueKind::Obligation,
            4,
            r"\bhereby (?:establish|create|set up|constitute)(?:e?s)?\b|\b(?:is|are) hereby (?:established|created|set up|constituted)\b".into(),
        ),
        (
            CueKind::Permission,
            4,
            r"\b(?:part(?:y|ies)|it|they) (?:\w+ )?may\b".into(),
        ),
        (
            CueKind::Permission,
            4,
            r"\b(?:retains?|reserves?) (?:the|its|their) right\b".into(),
        ),
        (
            CueKind::Recognition,
            5,
            r"\b(?:recogni[sz](?:e|es|ing)|(?:re)?affirm(?:s|ing)?|acknowledg(?:e|es|ing)|understand|share the (?:view|understanding|vision)|note with)\b".into(),
        ),
        // Hedges: qualifiers that hand discretion back to the Party.
        (
            CueKind::Hedge,
            6,
            r"\b(?:where|as|when|if) (?:appropriate|practicable|possible|feasible|necessary)\b".into(),
        ),
        (CueKind::Hedge, 6, r"\bin appropriate cases\b".into()),
        (
            CueKind::Hedge,
            6,
            r"\bto the (?:extent|degree) (?:practicable|possible|feasible|appropriate)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bto the extent (?:that )?(?:a|the|each|it|its) (?:party |parties )?(?:chooses?|decides?|considers?|deems?|wish(?:es)?)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bas (?:it|the party|each party|they|the parties) (?:considers?|deems?) (?:appropriate|necessary|fit)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\b(?:in accordance with|consistent with|subject to|pursuant to|in conformity with) (?:its|their|each party’s|each party's|the) (?:respective )?(?:applicable |domestic )?(?:laws?|legislation|legal (?:framework|systems?|procedures?)|regulations)(?: and regulations)?\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bsubject to (?:applicable|domestic|its) (?:policies, )?(?:laws|legislation|policies)(?:,? and regulations)?\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bsubject to (?:the )?(?:available|its available|their available|availability of) (?:resources|funds|funding)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bexcept in circumstances otherwise provided for under its law\b".into(),
        ),
        // "voluntary" hedges only as the manner of the commitment ("on a voluntary basis",
        // "participation shall be voluntary"), not as an adjective of its object ("voluntary
        // labeling schemes") or of a private actor's act ("any action voluntarily taken").
        (
            CueKind::Hedge,
            6,
            r"\bon a voluntary basis\b|\b(?:is|are|be|remains?) voluntary\b".into(),
        ),
        // Conditions precedent: the commitment binds only once the Parties have decided.
        (
            CueKind::Hedge,
            6,
            r"\b(?:the |both |all )?part(?:y|ies)(?: concerned)? (?:have|has|having) (?:mutually |jointly )?(?:determined|agreed|decided|found)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bon (?:mutually agreed|mutually determined) terms\b".into(),
        ),
    ];
    table
        .into_iter()
        .map(|(kind, priority, source)| Pattern {
            kind,
            priority,
            regex: Regex::new(&format!("(?i){source}"))
                .unwrap_or_else(|e| panic!("bindingness lexicon pattern {source:?}: {e}")),
        })
        .collect()
});

/// Every cue in `text`, in text order, overlaps resolved by pattern priority (then by the
/// longer match, then the earlier one).
pub(crate) fn find_cues(text: &str) -> Vec<Match> {
    let mut candidates: Vec<(u8, Match)> = Vec::new();
    for pattern in PATTERNS.iter() {
        for m in pattern.regex.find_iter(text) {
            candidates.push((
                pattern.priority,
                Match {
                    kind: pattern.kind,
                    start: m.start(),
                    end: m.end(),
                },
            ));
        }
    }
    candidates
        .retain(|(_, m)| m.kind != CueKind::DefinitionMeans || is_term(&text[m.start..m.end]));
    candidates
        .sort_by_key(|(priority, m)| (*priority, std::cmp::Reverse(m.end - m.start), m.start));
    let mut kept: Vec<Match> = Vec::new();
    for (_, m) in candidates {
        if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}

/// Whether the words before "means" read as a defined term ("computing facility means") rather
/// than a clause that happens to use the noun ("in a manner which would constitute a means").
fn is_term(span: &str) -> bool {
    const CLAUSE_WORDS: [&str; 14] = [
        "a", "an", "the", "is", "are", "be", "which", "that", "by", "any", "its", "to", "shall",
        "not",
    ];
    span.split_whitespace()
        .all(|w| !CLAUSE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Byte ranges of the sentences of `text`: split after a full stop followed by a capital or
/// an opening bracket, so "Article 21.4.2" and "e.g." stay whole.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    static BOUNDARY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[.;]\s+[A-Z(]").expect("sentence boundary pattern"));
    let mut spans = Vec::new();
    let mut start = 0;
    for m in BOUNDARY.find_iter(text) {
        let end = m.start() + 1;
        spans.push((start, end));
        start = m.end() - 1;
    }
    spans.push((start, text.len()));
    spans
}

/// The cooperative verb at the start of `text` (after "to", "also" or an adverb), if the text
/// opens with one: "to cooperate", "actively participate", "encourage the use".
pub(crate) fn leading_cooperative_verb(text: &str) -> Option<(usize, usize)> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^[\s:,]*(?:(?:where|as|when|if|to the extent|in accordance|subject to)\b[^,]*,\s*)?(?:to\s+)?(?:(?:also|further|jointly|\w+ly),?\s+)?((?:{COOPERATIVE_VERBS})\w*)\b"
        ))
        .expect("leading cooperative verb pattern")
    });
    LEADING
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
}

/// A verb of deliberation at the start of `text`, completing an inherited "shall" ("shall:
/// (c) consider any matter"): consider, take into account, give (due) consideration to.
pub(crate) fn leading_deliberative_verb(text: &str) -> Option<(usize, usize)> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^[\s:,]*(?:to\s+)?(consider(?:s|ing)?|take into account|give (?:due |positive )?consideration)\b",
        )
        .expect("leading deliberative verb pattern")
    });
    LEADING
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
}

/// Cooperative verbs in a further limb of the same clause: "employ, and encourage enterprises".
pub(crate) fn further_cooperative_limbs(text: &str) -> Vec<(usize, usize)> {
    static LIMB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i),?\s+(?:and|or|as well as)\s+(?:(?:also|\w+ly)\s+)?((?:{COOPERATIVE_VERBS})\w*)\b"
        ))
        .expect("cooperative limb pattern")
    });
    LIMB.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Private actors named as the object of encouragement: "encourage enterprises", "the private
/// sector".
pub(crate) fn private_actor(text: &str) -> Option<(usize, usize)> {
    static PRIVATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*((?:the\s+)?(?:enterprises|private sector|companies|businesses|industry|suppliers|persons|consumers|stakeholders))\b")
            .expect("private actor pattern")
    });
    PRIVATE
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
}

/// The grammatical subject just before a modal: "each Party", "the Parties", "it".
pub(crate) fn subject_before(text: &str) -> Option<(usize, usize, bool)> {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:(each|a|any|either|no|every) part(?:y|ies)|(the) parties|(it|they))\s*$",
        )
        .expect("subject pattern")
    });
    SUBJECT.captures(text).map(|c| {
        let whole = c.get(0).expect("group 0 always matches");
        let collective = c.get(2).is_some()
            || c.get(3)
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case("they"));
        (
            whole.start(),
            whole.start() + whole.as_str().trim_end().len(),
            collective,
        )
    })
}
