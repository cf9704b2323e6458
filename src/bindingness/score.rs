//! From cues to a score: which clause of a provision is its operative commitment, how strong it
//! is, and what each cue did to it.
//!
//! The rule, documented for users in `docs/bindingness.md`:
//!
//! 1. Every modal (shall, shall not, shall endeavor, shall consider, should) that is not inside a
//!    recognition ("the Parties recognize that ... may") is a candidate commitment, scored as
//!    `base × content × subject × hedges`.
//! 2. The provision takes the strongest candidate: recitals and weaker limbs are shown but never
//!    dilute an operative clause.
//! 3. With no candidate, a carve-out makes it an exception, else a Party's "may" a permission,
//!    else a recognition makes it hortatory; with none of these it is a definition, scope or
//!    interpretive statement and is not scored.
//!
//! Factors multiply, so swapping a stronger modal for a weaker one in the same clause can never
//! raise the score (the property `tests/bindingness_eval.rs` checks).

use super::lexicon::{
    further_cooperative_limbs, leading_cooperative_verb, leading_deliberative_verb, private_actor,
    sentences, subject_before, Match,
};
use super::{Bindingness, Category, Cue, CueKind};

/// "each Party shall", "No Party shall": an unconditional obligation or prohibition.
pub const OBLIGATION_BASE: f64 = 100.0;
/// "shall endeavor to", "shall seek to", "shall make every effort to".
pub const BEST_EFFORTS_BASE: f64 = 50.0;
/// "shall consider": a duty to deliberate, not to act.
pub const CONSIDER_BASE: f64 = 35.0;
/// A modal whose verb is "consider" ("shall: (c) consider", "shall endeavor to consider"):
/// "shall consider" as a factor, so "shall" + consider = 35 however it is written.
pub const DELIBERATIVE_FACTOR: f64 = CONSIDER_BASE / OBLIGATION_BASE;
/// "should": a recommendation, which binds no one. Below every unhedged commitment made with
/// "shall" (the weakest, "the Parties shall endeavor to cooperate", is 50 × 0.4 × 0.9 = 18) and
/// above a recognition (10): a treaty "shall endeavor" is a legal duty of conduct, "should" is
/// not (docs/bindingness.md, "Why should is 15").
pub const SHOULD_BASE: f64 = 15.0;
/// "recognize", "affirm", "acknowledge": a shared statement with no commitment to act.
pub const RECOGNITION_BASE: f64 = 10.0;
/// A commitment whose content is to cooperate, encourage or promote rather than to achieve a
/// result: "shall cooperate" = 40.
pub const COOPERATIVE_FACTOR: f64 = 0.4;
/// "The Parties shall": a collective subject, whose breach is harder to pin on one Party.
pub const COLLECTIVE_FACTOR: f64 = 0.9;
/// The first hedge ("where appropriate", "in accordance with its laws"): "shall" + hedge = 75.
pub const FIRST_HEDGE_FACTOR: f64 = 0.75;
/// Each further hedge on the same commitment.
pub const FURTHER_HEDGE_FACTOR: f64 = 0.9;

/// The chapeau whose modal governs a list item, and the text its modal reaches into.
#[derive(Debug, Clone)]
pub(crate) struct Inheritance<'a> {
    /// Id of the governing chapeau.
    pub chapeau_id: &'a str,
    pub chapeau_text: &'a str,
    /// Where the content of the inherited modal starts: the first list item below the chapeau
    /// (the provision itself, or an intermediate item such as `19.14.1(a)` for `(a)(i)`).
    pub content_id: Option<&'a str>,
    pub content_text: &'a str,
}

/// Where a cue was found: the provision's own text or an inherited chapeau.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    text: &'a str,
    from: Option<&'a str>,
}

/// A scored modal: index of its cue in the cue list and its strength before rounding.
#[derive(Debug, Clone)]
struct Candidate {
    cue: usize,
    kind: CueKind,
    strength: f64,
    cooperative: bool,
    hedges: Vec<usize>,
    /// Cues that shaped the score, with the effect each had.
    factors: Vec<(usize, String)>,
}

/// The cue list under construction, with the source of each cue.
#[derive(Default)]
struct CueList {
    cues: Vec<Cue>,
}

impl CueList {
    fn push(&mut self, source: Source<'_>, kind: CueKind, start: usize, end: usize) -> usize {
        if let Some(i) = self.cues.iter().position(|c| {
            c.start == start && c.end == end && c.inherited_from.as_deref() == source.from
        }) {
            return i;
        }
        self.cues.push(Cue {
            phrase: source.text[start..end].to_string(),
            start,
            end,
            kind,
            effect: String::new(),
            decisive: false,
            inherited_from: source.from.map(str::to_string),
        });
        self.cues.len() - 1
    }

    fn set_effect(&mut self, index: usize, effect: String) {
        if self.cues[index].effect.is_empty() {
            self.cues[index].effect = effect;
        }
    }

    /// Records the effect of a cue that decided the category or changed the strength.
    fn set_decisive(&mut self, index: usize, effect: String) {
        self.set_effect(index, effect);
        self.cues[index].decisive = true;
    }
}

/// Scores one provision: its own text, the chapeau it inherits from, and whether the parser
/// already knows it is a definition.
pub(crate) fn score_provision(
    own: &str,
    inheritance: Option<&Inheritance<'_>>,
    is_definition: bool,
) -> Bindingness {
    let mut list = CueList::default();
    let own_source = Source {
        text: own,
        from: None,
    };
    let own_matches = super::lexicon::find_cues(own);
    let own_hedges: Vec<usize> = own_matches
        .iter()
        .filter(|m| m.kind == CueKind::Hedge)
        .map(|m| list.push(own_source, m.kind, m.start, m.end))
        .collect();
    let mut candidates = clause_candidates(&mut list, own_source, &own_matches, None, &[]);
    let mut fallbacks = fallback_cues(&mut list, own_source, &own_matches);
    if let Some(inh) = inheritance {
        let chapeau = Source {
            text: inh.chapeau_text,
            from: Some(inh.chapeau_id),
        };
        let governing = governing_sentence(inh.chapeau_text);
        let in_sentence: Vec<Match> = super::lexicon::find_cues(inh.chapeau_text)
            .into_iter()
            .filter(|m| m.start >= governing.0 && m.end <= governing.1)
            .collect();
        // The list completes the clause of the last modal before the colon: in "The Forum
        // shall meet at least once a year, and shall:" the items inherit the second "shall",
        // not "shall meet".
        let last_modal = in_sentence.iter().rposition(|m| is_modal(m.kind));
        let matches: Vec<Match> = in_sentence
            .into_iter()
            .enumerate()
            .filter(|(i, m)| !is_modal(m.kind) || Some(*i) == last_modal)
            .map(|(_, m)| m)
            .collect();
        let content = Source {
            text: inh.content_text,
            from: inh.content_id,
        };
        candidates.extend(clause_candidates(
            &mut list,
            chapeau,
            &matches,
            Some(content),
            &own_hedges,
        ));
        fallbacks.extend(fallback_cues(&mut list, chapeau, &matches));
    }
    for m in &own_matches {
        list.push(own_source, m.kind, m.start, m.end);
    }
    decide(list, candidates, fallbacks, is_definition)
}

/// The sentence of a chapeau that governs its list: the last one ("... Accordingly, the
/// Parties shall endeavor to:").
fn governing_sentence(text: &str) -> (usize, usize) {
    *sentences(text)
        .last()
        .expect("sentences always returns at least one span")
}

/// The sentence span of `text` holding byte `at`.
fn sentence_of(text: &str, at: usize) -> (usize, usize) {
    sentences(text)
        .into_iter()
        .find(|&(s, e)| at >= s && at < e)
        .unwrap_or((0, text.len()))
}

fn is_modal(kind: CueKind) -> bool {
    matches!(
        kind,
        CueKind::Obligation
            | CueKind::Prohibition
            | CueKind::Narrowing
            | CueKind::BestEfforts
            | CueKind::Consider
            | CueKind::Should
            | CueKind::Permission
    )
}

/// Whether byte `at` of `text` sits inside what a recognition recognizes: from "recognize" to
/// the end of its sentence, or for a participle ("Recognizing that ..., each Party should") to
/// the first comma.
fn inside_recognition(text: &str, matches: &[Match], at: usize) -> Option<usize> {
    matches
        .iter()
        .filter(|r| r.kind == CueKind::Recognition && r.end <= at)
        .find(|r| {
            let (_, sentence_end) = sentence_of(text, r.start);
            let participle = text[r.start..r.end].to_lowercase().ends_with("ing");
            let scope_end = if participle {
                text[r.end..sentence_end]
                    .find(',')
                    .map_or(sentence_end, |i| r.end + i)
            } else {
                sentence_end
            };
            at < scope_end
        })
        .map(|r| r.start)
}

/// Candidate commitments among `matches` of `source`. For an inherited chapeau, `content` is
/// the list item its modal reaches into and `extra_hedges` the item's own hedges.
fn clause_candidates(
    list: &mut CueList,
    source: Source<'_>,
    matches: &[Match],
    content: Option<Source<'_>>,
    extra_hedges: &[usize],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for m in matches.iter().filter(|m| is_modal(m.kind)) {
        let cue = list.push(source, m.kind, m.start, m.end);
        if let Some(r) = inside_recognition(source.text, matches, m.start) {
            let phrase = &source.text[r..];
            let word: String = phrase.chars().take_while(|c| c.is_alphabetic()).collect();
            list.set_effect(
                cue,
                format!("inside what the Parties {word}: states a fact, not a commitment"),
            );
            continue;
        }
        if m.kind == CueKind::Permission {
            continue;
        }
        out.push(candidate(
            list,
            source,
            matches,
            m,
            cue,
            content,
            extra_hedges,
        ));
    }
    out
}

/// Scores one modal: base strength, then its content, subject and hedges.
fn candidate(
    list: &mut CueList,
    source: Source<'_>,
    matches: &[Match],
    modal: &Match,
    cue: usize,
    content: Option<Source<'_>>,
    extra_hedges: &[usize],
) -> Candidate {
    let base = match modal.kind {
        CueKind::Obligation | CueKind::Prohibition | CueKind::Narrowing => OBLIGATION_BASE,
        CueKind::BestEfforts => BEST_EFFORTS_BASE,
        CueKind::Consider => CONSIDER_BASE,
        _ => SHOULD_BASE,
    };
    let mut c = Candidate {
        cue,
        kind: modal.kind,
        strength: base,
        cooperative: false,
        hedges: Vec::new(),
        factors: vec![(cue, format!("{} ({base:.0})", modal_name(modal.kind)))],
    };
    let sentence = sentence_of(source.text, modal.start);
    apply_subject(list, source, matches, sentence.0, modal, &mut c);
    if !matches!(modal.kind, CueKind::Prohibition | CueKind::Narrowing) {
        apply_content(list, source, modal, sentence.1, content, &mut c);
    }
    let sentence_hedges = matches
        .iter()
        .filter(|h| h.kind == CueKind::Hedge && h.start >= sentence.0 && h.end <= sentence.1);
    let carve_out_limbs = matches
        .iter()
        .filter(|h| is_qualifying_carve_out(source.text, h));
    let qualifiers: Vec<usize> = sentence_hedges
        .chain(carve_out_limbs)
        .map(|h| list.push(source, h.kind, h.start, h.end))
        .chain(extra_hedges.iter().copied())
        .collect();
    for qualifier in qualifiers {
        let factor = if c.hedges.is_empty() {
            FIRST_HEDGE_FACTOR
        } else {
            FURTHER_HEDGE_FACTOR
        };
        c.strength *= factor;
        c.hedges.push(qualifier);
        let effect = qualifier_effect(&list.cues[qualifier], factor);
        c.factors.push((qualifier, effect));
    }
    c
}

/// Whether a carve-out in the same provision as a commitment qualifies it ("Each Party shall
/// accept X, and nothing in this Article shall be construed to prevent a Party from Y"): every
/// carve-out does, except "notwithstanding", which sets another provision aside so that this
/// commitment applies, and so does not weaken it.
fn is_qualifying_carve_out(text: &str, m: &Match) -> bool {
    m.kind == CueKind::CarveOut && !text[m.start..m.end].eq_ignore_ascii_case("notwithstanding")
}

/// What a hedge or carve-out limb did to a commitment, in words a reader can check.
fn qualifier_effect(cue: &Cue, factor: f64) -> String {
    let phrase = cue.phrase.to_lowercase();
    if cue.kind == CueKind::CarveOut {
        format!("carve-out limb: narrows the commitment in the same provision (×{factor})")
    } else if ["determined", "agreed", "decided", "found", "unless"]
        .iter()
        .any(|w| phrase.contains(w))
    {
        format!("condition precedent: binds only once the Parties so decide (×{factor})")
    } else {
        format!("hedge: leaves it to the Party (×{factor})")
    }
}

fn modal_name(kind: CueKind) -> &'static str {
    match kind {
        CueKind::Obligation => "obligation",
        CueKind::Prohibition => "prohibition",
        CueKind::Narrowing => {
            "narrowing: an exception may not be read to permit this, so it stays prohibited"
        }
        CueKind::BestEfforts => "best efforts",
        CueKind::Consider => "duty to consider",
        CueKind::Should => "recommendation",
        _ => "commitment",
    }
}

/// "The Parties shall": collective subject. "Each Party shall", "it shall": individual. A
/// further limb with no subject of its own ("The Parties shall endeavor to identify ..., and
/// shall publish ...") shares the subject of the limb before it in the same sentence.
fn apply_subject(
    list: &mut CueList,
    source: Source<'_>,
    matches: &[Match],
    sentence_start: usize,
    modal: &Match,
    c: &mut Candidate,
) {
    let subject_of = |at: usize| subject_before(&source.text[sentence_start..at]);
    let own = subject_of(modal.start);
    let shared = || {
        matches
            .iter()
            .rev()
            .filter(|m| is_modal(m.kind) && m.start >= sentence_start && m.end <= modal.start)
            .find_map(|m| subject_of(m.start))
    };
    let Some((s, e, collective)) = own.or_else(shared) else {
        return;
    };
    let cue = list.push(
        source,
        CueKind::Subject,
        sentence_start + s,
        sentence_start + e,
    );
    let limb = if own.is_some() {
        ""
    } else {
        ", shared by a later limb"
    };
    if collective {
        c.strength *= COLLECTIVE_FACTOR;
        c.factors.push((
            cue,
            format!("collective subject{limb}: no one Party answers for it (×{COLLECTIVE_FACTOR})"),
        ));
    } else {
        list.set_effect(cue, format!("subject{limb}: each Party answers for itself"));
    }
}

/// The verb the modal governs: its own next words, or for a chapeau ending in a colon, the
/// first words of the list item. Cooperative content weakens; further cooperative limbs
/// ("and encourage enterprises ... to use") are shown but do not lower the first limb.
fn apply_content(
    list: &mut CueList,
    source: Source<'_>,
    modal: &Match,
    sentence_end: usize,
    content: Option<Source<'_>>,
    c: &mut Candidate,
) {
    let after = &source.text[modal.end..sentence_end];
    let (content_source, offset, text) = match content {
        Some(item) if verb_is_in_list(after) => (item, 0, item.text),
        _ => (source, modal.end, after),
    };
    if let Some((s, e)) = leading_deliberative_verb(text) {
        // "The Forum shall: (c) consider any matter" completes "shall consider" (35); "shall
        // endeavor to consider" is weaker still, so the factor applies to every modal.
        let cue = list.push(content_source, CueKind::Consider, offset + s, offset + e);
        c.strength *= DELIBERATIVE_FACTOR;
        if c.kind == CueKind::Obligation {
            c.kind = CueKind::Consider;
        }
        c.factors.push((
            cue,
            format!(
                "content is to consider: a duty to deliberate, not to act (×{DELIBERATIVE_FACTOR})"
            ),
        ));
    }
    if let Some((s, e)) = leading_cooperative_verb(text) {
        let cue = list.push(
            content_source,
            CueKind::CooperativeContent,
            offset + s,
            offset + e,
        );
        c.strength *= COOPERATIVE_FACTOR;
        c.cooperative = true;
        c.factors.push((
            cue,
            format!("cooperative content: to cooperate or encourage, not to achieve a result (×{COOPERATIVE_FACTOR})"),
        ));
    }
    if after.trim_end().ends_with(':') {
        // A lead-in ("adopt or maintain measures ... that:"): its further limbs are list items.
        return;
    }
    for (s, e) in further_cooperative_limbs(text) {
        let cue = list.push(
            content_source,
            CueKind::CooperativeContent,
            offset + s,
            offset + e,
        );
        list.set_effect(
            cue,
            "further limb with cooperative content: weaker, does not lower the first limb"
                .to_string(),
        );
        if let Some((ps, pe)) = private_actor(&text[e..]) {
            let actor = list.push(
                content_source,
                CueKind::PrivateActor,
                offset + e + ps,
                offset + e + pe,
            );
            list.set_effect(
                actor,
                "private actors: the Party need only encourage them, not ensure the result"
                    .to_string(),
            );
        }
    }
}

/// Whether the modal's clause stops at a colon with at most "to" before it ("shall endeavor
/// to:"), so the verb it governs opens each list item.
fn verb_is_in_list(after: &str) -> bool {
    let rest = after.trim();
    rest.strip_prefix("to").unwrap_or(rest).trim() == ":"
}

/// Carve-outs, permissions and recognitions, which decide the category when no commitment does.
fn fallback_cues(list: &mut CueList, source: Source<'_>, matches: &[Match]) -> Vec<usize> {
    matches
        .iter()
        .filter(|m| {
            matches!(
                m.kind,
                CueKind::CarveOut
                    | CueKind::Permission
                    | CueKind::Recognition
                    | CueKind::Scope
                    | CueKind::Clarification
                    | CueKind::DefinitionMeans
            )
        })
        .filter(|m| {
            m.kind != CueKind::Permission
                || inside_recognition(source.text, matches, m.start).is_none()
        })
        .map(|m| list.push(source, m.kind, m.start, m.end))
        .collect()
}

/// Applies the rule of the module doc and writes each cue's effect.
fn decide(
    mut list: CueList,
    candidates: Vec<Candidate>,
    fallbacks: Vec<usize>,
    is_definition: bool,
) -> Bindingness {
    let defined = is_definition
        || fallbacks
            .iter()
            .any(|&i| list.cues[i].kind == CueKind::DefinitionMeans && list.cues[i].start == 0);
    let best = candidates
        .iter()
        .max_by(|a, b| a.strength.total_cmp(&b.strength).then(b.cue.cmp(&a.cue)));
    let (category, strength) = if defined {
        (Category::Definition, None)
    } else if let Some(best) = best {
        for (cue, effect) in &best.factors {
            list.set_decisive(*cue, effect.clone());
        }
        (category_of(best), Some(round(best.strength)))
    } else {
        fallback_category(&mut list, &fallbacks)
    };
    if defined {
        if let Some(&i) = fallbacks
            .iter()
            .find(|&&i| list.cues[i].kind == CueKind::DefinitionMeans)
        {
            list.set_decisive(i, "definition: says what a term means, not scored".into());
        }
    }
    if category == Category::Definition && !defined {
        if let Some(&i) = fallbacks
            .iter()
            .find(|&&i| matches!(list.cues[i].kind, CueKind::Scope | CueKind::Clarification))
        {
            list.set_decisive(
                i,
                "scope or interpretation: binds no one, not scored".to_string(),
            );
        }
    }
    describe_remaining(&mut list, category, &candidates, defined);
    list.cues.sort_by_key(|c| {
        (
            c.inherited_from.is_none(),
            c.inherited_from.clone(),
            c.start,
        )
    });
    Bindingness {
        category,
        strength,
        cues: list.cues,
    }
}

fn category_of(best: &Candidate) -> Category {
    match best.kind {
        CueKind::Obligation | CueKind::Prohibition if best.cooperative => Category::Cooperation,
        CueKind::Obligation | CueKind::Prohibition | CueKind::Narrowing
            if !best.hedges.is_empty() =>
        {
            Category::HedgedObligation
        }
        CueKind::Obligation => Category::Obligation,
        CueKind::Prohibition | CueKind::Narrowing => Category::Prohibition,
        CueKind::BestEfforts | CueKind::Consider => Category::BestEfforts,
        _ => Category::Hortatory,
    }
}

/// No commitment: a carve-out, else a permission, else a recognition, else nothing to score.
fn fallback_category(list: &mut CueList, fallbacks: &[usize]) -> (Category, Option<u8>) {
    let first_of = |list: &CueList, kind: CueKind| {
        fallbacks
            .iter()
            .copied()
            .find(|&i| list.cues[i].kind == kind)
    };
    let scope = first_of(list, CueKind::Scope);
    // "Notwithstanding X, this Article applies to Y": sets X aside so the scope reaches
    // further; a scope clause, not a carve-out.
    let opens_scope = |list: &CueList, i: usize| {
        scope.is_some_and(|s| {
            list.cues[i].phrase.eq_ignore_ascii_case("notwithstanding")
                && list.cues[i].inherited_from == list.cues[s].inherited_from
                && list.cues[i].start < list.cues[s].start
        })
    };
    for &i in fallbacks {
        if list.cues[i].kind == CueKind::CarveOut && opens_scope(list, i) {
            list.set_effect(
                i,
                "notwithstanding: sets another provision aside so the scope clause reaches further; not a carve-out".into(),
            );
        }
    }
    let carve_out = fallbacks
        .iter()
        .copied()
        .find(|&i| list.cues[i].kind == CueKind::CarveOut && !opens_scope(list, i));
    if let Some(i) = carve_out {
        list.set_decisive(
            i,
            "carve-out: limits another provision, binds no one (0)".into(),
        );
        return (Category::Exception, Some(0));
    }
    if let Some(i) = first_of(list, CueKind::Permission) {
        list.set_decisive(i, "permission: preserves the Party's discretion (0)".into());
        return (Category::Permission, Some(0));
    }
    if let Some(i) = first_of(list, CueKind::Recognition) {
        list.set_decisive(
            i,
            format!("recognition: hortatory, no commitment to act ({RECOGNITION_BASE:.0})"),
        );
        let hedges: Vec<usize> = (0..list.cues.len())
            .filter(|&h| list.cues[h].kind == CueKind::Hedge)
            .collect();
        let mut strength = RECOGNITION_BASE;
        for (n, h) in hedges.into_iter().enumerate() {
            let factor = if n == 0 {
                FIRST_HEDGE_FACTOR
            } else {
                FURTHER_HEDGE_FACTOR
            };
            strength *= factor;
            list.set_decisive(h, format!("hedge: leaves it to the Party (×{factor})"));
        }
        return (Category::Hortatory, Some(round(strength)));
    }
    (Category::Definition, None)
}

/// Effects for the cues that did not decide the score, so every cue says what it did.
fn describe_remaining(
    list: &mut CueList,
    category: Category,
    candidates: &[Candidate],
    defined: bool,
) {
    for (i, cue) in list.cues.clone().iter().enumerate() {
        let effect = match cue.kind {
            _ if defined && cue.kind == CueKind::DefinitionMeans => {
                "definition: says what a term means, not scored".to_string()
            }
            _ if defined => "inside a definition: not scored".to_string(),
            CueKind::Obligation
            | CueKind::Prohibition
            | CueKind::Narrowing
            | CueKind::BestEfforts
            | CueKind::Consider
            | CueKind::Should => match candidates.iter().find(|c| c.cue == i) {
                Some(c) => format!(
                    "weaker commitment in the same provision ({}); the strongest decides",
                    round(c.strength)
                ),
                None => "not a commitment here".to_string(),
            },
            CueKind::Recognition if category != Category::Hortatory => {
                "recital: explains an operative clause, does not dilute it".to_string()
            }
            CueKind::CarveOut => "carve-out: limits another provision".to_string(),
            CueKind::Scope => "scope: says what the text covers, binds no one".to_string(),
            CueKind::Clarification => "clarification: no effect on strength".to_string(),
            CueKind::Hedge => "hedge on a weaker clause: no effect on the score".to_string(),
            CueKind::Permission => "permission beside a commitment: no effect".to_string(),
            CueKind::Subject => "subject of a weaker clause".to_string(),
            CueKind::DefinitionMeans => "definitional wording inside a clause".to_string(),
            _ => "no effect on the score".to_string(),
        };
        list.set_effect(i, effect);
    }
}

/// Rounds a strength to the 0..=100 scale.
fn round(strength: f64) -> u8 {
    strength.round().clamp(0.0, 100.0) as u8
}
