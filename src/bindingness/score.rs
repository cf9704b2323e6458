//! From cues to a score: which clause of a provision is its operative commitment, what
//! category the rubric's test order gives it, and how strong it is within that category.
//!
//! The rule, documented for users in `docs/bindingness.md`:
//!
//! 1. Each sentence has an operator: the first of its exception, permission or commitment cues
//!    that is not inside a recognition ("the Parties recognise that ... may"), a proviso
//!    ("provided that ...") or a leading concession ("While a Party may ..., ..."). A sentence
//!    led by a carve-out is an exception and one led by "may" a permission, whatever modals
//!    follow inside it; otherwise every modal of the sentence is a candidate commitment.
//! 2. A candidate's category and anchor come from its modal and the verb it governs ("shall
//!    cooperate" is cooperation, "shall encourage" best efforts, "shall consider" a procedural
//!    obligation); its qualifiers move it within (or, for "shall", into) the hedged band. The
//!    provision takes the strongest candidate: recitals and weaker limbs never dilute it.
//! 3. With no candidate, a carve-out makes it an exception, else a Party's "may" a permission,
//!    else a recognition or a statement of objectives makes it hortatory; with none of these it
//!    is a definition, scope or interpretive statement and is not scored.
//!
//! Every step can only keep or lower a strength, so swapping a stronger modal for a weaker one
//! or adding a hedge never raises a score (the properties `tests/bindingness_eval.rs` checks).

use std::collections::HashMap;

use super::lexicon::{
    further_cooperative_limbs, hedge_class, is_joint_body_mandate, is_unaddressed_principle,
    leading_content, object_standard, opens_content_clause, private_actor, sentences,
    subject_before, Content, HedgeClass, Match,
};
use super::{Bindingness, Category, Cue, CueKind};

/// "each Party shall" + a specific act; "No Party shall".
pub const OBLIGATION: u8 = 100;
/// "shall adopt or maintain" a framework.
pub const FRAMEWORK: u8 = 95;
/// "shall take appropriate measures", "adequate": a softened object.
pub const SOFTENED_OBJECT: u8 = 90;
/// "agree not to", "cannot be subject to".
pub const AGREED_PROHIBITION: u8 = 90;
/// "reasonable", "minimise", "promptly": an evaluative standard.
pub const EVALUATIVE_STANDARD: u8 = 85;
/// "shall consider", "shall take into account": a binding duty to deliberate.
pub const PROCEDURAL: u8 = 80;
/// "the Parties will".
pub const WILL: u8 = 75;
/// Hedged obligations, by what the hedge leaves open.
pub const TIMING_HEDGE: u8 = 75;
pub const LISTED_EXCEPTIONS: u8 = 70;
pub const LAW_OR_SELF_JUDGING: u8 = 65;
pub const WHERE_POSSIBLE: u8 = 60;
pub const TWO_HEDGES: u8 = 55;
pub const CONTINGENT: u8 = 50;
/// "shall cooperate", "shall exchange information"; each qualifier takes it down to the floor.
pub const COOPERATION: u8 = 60;
pub const COOPERATION_ONE_QUALIFIER: u8 = 50;
pub const COOPERATION_FLOOR: u8 = 40;
/// "shall endeavour to" + a specific act.
pub const BEST_EFFORTS: u8 = 50;
/// "shall encourage", "shall promote".
pub const PROMOTIONAL: u8 = 45;
/// "shall endeavour to cooperate", "shall work towards".
pub const BEST_EFFORTS_TO_COOPERATE: u8 = 40;
/// "shall explore (the possibility of)".
pub const EXPLORE: u8 = 35;
/// However hedged, a best-efforts clause keeps about this much.
pub const BEST_EFFORTS_FLOOR: u8 = 30;
/// "the development of X must be compatible with ...": a principle that names nobody.
pub const UNADDRESSED_PRINCIPLE: u8 = 30;
/// "should": a recommendation.
pub const SHOULD: u8 = 20;
/// "recognize", "affirm", "the objective of this Chapter is".
pub const RECOGNITION: u8 = 10;
pub const HORTATORY_FLOOR: u8 = 8;
/// Qualifiers after which no band moves further (each has reached its floor).
const MAX_QUALIFIERS: usize = 4;
/// Each qualifier on a best-efforts or hortatory clause, and each further one on cooperation.
pub const QUALIFIER_STEP: u8 = 5;
/// "a Party may"; conditioned ("provided that"); illustrative ("can take the form of").
pub const PERMISSION: u8 = 10;
pub const CONDITIONED_PERMISSION: u8 = 15;
pub const ILLUSTRATIVE: u8 = 5;
/// A carve-out; one that still disciplines the excepted measure (a necessity test); an
/// exclusion from dispute settlement.
pub const EXCEPTION: u8 = 10;
pub const DISCIPLINED_EXCEPTION: u8 = 20;
pub const DISPUTE_SETTLEMENT_EXCLUSION: u8 = 5;

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

/// Where a cue was found: the provision's own text or an inherited chapeau, with its
/// sentences.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    text: &'a str,
    from: Option<&'a str>,
}

/// A scored modal.
#[derive(Debug, Clone)]
struct Candidate {
    cue: usize,
    category: Category,
    strength: u8,
    /// Cues that shaped the score, with the effect each had.
    factors: Vec<(usize, String)>,
}

/// The cue list under construction, with the source of each cue.
#[derive(Default)]
struct CueList {
    cues: Vec<Cue>,
    index: HashMap<(usize, usize, Option<String>), usize>,
    /// How much each permission cue disciplines the Party, read from its sentence.
    permissions: HashMap<usize, PermissionKind>,
}

/// How much a permission disciplines the Party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PermissionKind {
    /// "can take the form of", "may include": says what may be done.
    Illustrative,
    /// "a Party may".
    Plain,
    /// "a Party may ..., provided that", "only if", "no later than".
    Conditioned,
}

impl CueList {
    fn push(&mut self, source: Source<'_>, kind: CueKind, start: usize, end: usize) -> usize {
        let key = (start, end, source.from.map(str::to_string));
        if let Some(&i) = self.index.get(&key) {
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
        self.index.insert(key, self.cues.len() - 1);
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

/// What a sentence's operator makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Led by a carve-out: limits other provisions; its modals are what it carves out.
    Exception,
    /// Led by "may": preserves discretion; its modals are the content of the permission.
    Permission,
    /// Its modals are commitments.
    Commitment,
}

/// One text (a provision or an inherited chapeau) read sentence by sentence, with what each
/// sentence's operators need computed once, so that reading stays linear in the text's length.
struct Reading<'a> {
    source: Source<'a>,
    matches: Vec<Match>,
    sentences: Vec<Sentence>,
    /// Carve-outs that lead an exception sentence and self-determination clauses: the cues
    /// that can qualify a commitment in another sentence (indices into `matches`).
    limbs: Vec<usize>,
}

/// One sentence of a [`Reading`].
struct Sentence {
    span: (usize, usize),
    /// Where its first proviso ("provided that") starts.
    proviso: Option<usize>,
    /// Where its first comma is.
    first_comma: Option<usize>,
    /// Whether it opens with a concession ("While ...").
    concession: bool,
    /// Where its first modal is, blocked or not.
    first_modal: Option<usize>,
    /// What its operator makes of it, and the index of the cue that does.
    role: (Role, Option<usize>),
}

impl<'a> Reading<'a> {
    fn new(source: Source<'a>) -> Reading<'a> {
        let text = source.text;
        let matches = super::lexicon::find_cues_cached(text);
        let mut reading = Reading {
            source,
            sentences: Vec::new(),
            limbs: Vec::new(),
            matches,
        };
        for span in sentences(text) {
            let lower = text[span.0..span.1].to_ascii_lowercase();
            let proviso = ["provided that", "provided, however"]
                .iter()
                .filter_map(|p| lower.find(p))
                .min()
                .map(|i| span.0 + i);
            let first = reading.matches.partition_point(|m| m.start < span.0);
            let first_modal = reading.matches[first..]
                .iter()
                .take_while(|m| m.start < span.1)
                .find(|m| is_commitment(m.kind))
                .map(|m| m.start);
            reading.sentences.push(Sentence {
                span,
                proviso,
                first_comma: lower.find(',').map(|i| span.0 + i),
                concession: ["while ", "although ", "whereas ", "whilst "]
                    .iter()
                    .any(|w| lower.trim_start().starts_with(w)),
                first_modal,
                role: (Role::Commitment, None),
            });
        }
        for i in 0..reading.sentences.len() {
            reading.sentences[i].role = reading.compute_role(reading.sentences[i].span);
        }
        reading.limbs = (0..reading.matches.len())
            .filter(|&i| {
                let m = &reading.matches[i];
                let role = reading.role_at(m.start);
                (m.kind == CueKind::CarveOut && role.0 == Role::Exception && role.1 == Some(i))
                    || (m.kind == CueKind::SelfDetermination && reading.blocked(m).is_none())
            })
            .collect();
        reading
    }

    fn sentence_index(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.span.1 <= at)
            .min(self.sentences.len() - 1)
    }

    /// The role of the sentence holding byte `at`.
    fn role_at(&self, at: usize) -> (Role, Option<usize>) {
        self.sentences[self.sentence_index(at)].role
    }

    /// The sentence span holding byte `at`.
    fn sentence_of(&self, at: usize) -> (usize, usize) {
        self.sentences[self.sentence_index(at)].span
    }

    fn in_sentence(&self, sentence: (usize, usize)) -> impl Iterator<Item = &Match> {
        let first = self.matches.partition_point(|m| m.start < sentence.0);
        self.matches[first..]
            .iter()
            .take_while(move |m| m.start < sentence.1)
    }

    /// Why the operator at `m` does not speak for its sentence, if it does not: it sits inside
    /// what the Parties recognize, inside a proviso, or inside a leading concession.
    fn blocked(&self, m: &Match) -> Option<String> {
        let text = self.source.text;
        let sentence = self.sentence_of(m.start);
        for r in self
            .in_sentence(sentence)
            .filter(|r| r.kind == CueKind::Recognition && r.end <= m.start)
        {
            let participle = text[r.start..r.end].to_lowercase().ends_with("ing");
            let scope_end = if participle {
                text[r.end..sentence.1]
                    .find(',')
                    .map_or(sentence.1, |i| r.end + i)
            } else {
                sentence.1
            };
            if m.start < scope_end {
                let word: String = text[r.start..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                return Some(format!(
                    "inside what the Parties {word}: states a fact, not a commitment"
                ));
            }
        }
        let facts = &self.sentences[self.sentence_index(m.start)];
        let before = super::lexicon::window_before(text, m.start, 40).to_ascii_lowercase();
        let relative = ["which", "that", "who"].iter().any(|w| {
            before
                .trim_end()
                .trim_end_matches(|c: char| c == ',' || c.is_whitespace())
                .ends_with(w)
                || before.trim_end().ends_with(&format!("{w} will,"))
        });
        if relative && is_commitment(m.kind) && facts.first_modal.is_some_and(|f| f < m.start) {
            return Some("inside a relative clause: describes what the commitment covers".into());
        }
        if is_commitment(m.kind) && self.in_content_clause(sentence, m) {
            return Some(
                "inside what an earlier modal requires (\"shall provide that ...\"): that modal decides"
                    .into(),
            );
        }
        if facts.proviso.is_some_and(|p| p < m.start) {
            return Some("inside a proviso: conditions the clause, does not bind".into());
        }
        if facts.concession && facts.first_comma.is_none_or(|c| c > m.start) {
            return Some("inside a concession: the main clause decides".into());
        }
        None
    }

    /// Whether `m` sits in the content clause of the modal before it: "Each Party shall, in
    /// accordance with its law, provide that the importer shall not be liable" is an obligation
    /// to provide a rule, hedged by its law, not a prohibition of its own.
    fn in_content_clause(&self, sentence: (usize, usize), m: &Match) -> bool {
        let text = self.source.text;
        // The nearest commitment before `m`, read backwards so that a sentence of many modals
        // stays linear.
        let at = self.matches.partition_point(|p| p.start < m.start);
        self.matches[..at]
            .iter()
            .rev()
            .take_while(|p| p.start >= sentence.0)
            .find(|p| is_commitment(p.kind) && p.end <= m.start)
            .is_some_and(|p| {
                let between = &text[p.end..m.start];
                !between.contains(", and ")
                    && !between.contains(", or ")
                    && opens_content_clause(between)
            })
    }

    /// The role of `sentence`, and the index of the cue that gives it.
    fn compute_role(&self, sentence: (usize, usize)) -> (Role, Option<usize>) {
        let first = self.matches.partition_point(|m| m.start < sentence.0);
        let mut first_commitment = None;
        for (i, m) in self.matches.iter().enumerate().skip(first) {
            if m.start >= sentence.1 {
                break;
            }
            if self.blocked(m).is_some() {
                continue;
            }
            if is_commitment(m.kind) {
                first_commitment.get_or_insert(i);
            } else if is_carve_out(self.source.text, m) && first_commitment.is_none() {
                return (Role::Exception, Some(i));
            } else if matches!(m.kind, CueKind::Permission | CueKind::SelfDetermination)
                && first_commitment.is_none()
            {
                return (Role::Permission, Some(i));
            }
        }
        (Role::Commitment, first_commitment)
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
    let reading = Reading::new(Source {
        text: own,
        from: None,
    });
    let own_hedges: Vec<usize> = reading
        .matches
        .iter()
        .filter(|m| m.kind == CueKind::Hedge && !is_limb_hedge(own, m))
        .map(|m| list.push(reading.source, m.kind, m.start, m.end))
        .collect();
    let mut candidates = Vec::new();
    let mut fallbacks = Vec::new();
    let mut governed = false;
    // An item whose own first sentence is led by a carve-out ("Paragraphs 1(f) and 1(h) shall
    // not apply to government procurement") has a main clause of its own: its operator decides,
    // not the chapeau's.
    let own_exception = reading.sentences.first().is_some_and(|s| match s.role {
        (Role::Exception, Some(i)) => own[..reading.matches[i].start]
            .split_whitespace()
            .nth(12)
            .is_none(),
        _ => false,
    });
    if let Some(inh) = inheritance.filter(|_| !own_exception) {
        let chapeau = Reading::new(Source {
            text: inh.chapeau_text,
            from: Some(inh.chapeau_id),
        });
        let sentence = chapeau
            .sentences
            .last()
            .expect("sentences always returns at least one span")
            .span;
        let content = Source {
            text: inh.content_text,
            from: inh.content_id,
        };
        let governing = governing_modals(&chapeau, sentence);
        governed = !governing.is_empty();
        for m in governing {
            candidates.push(candidate(
                &mut list,
                &chapeau,
                &m,
                Some(content),
                &own_hedges,
            ));
        }
        fallbacks.extend(fallback_cues(&mut list, &chapeau, Some(sentence)));
    }
    if governed {
        // The chapeau carries the operator for its items: a modal inside an item is what the
        // chapeau commits to ("adopt measures based on the following principles: (a) a
        // transaction shall not be denied legal effect").
        for m in reading.matches.iter().filter(|m| is_commitment(m.kind)) {
            let cue = list.push(reading.source, m.kind, m.start, m.end);
            list.set_effect(
                cue,
                "inside a list item: the chapeau's operator governs".into(),
            );
        }
    } else {
        candidates.extend(commitments(&mut list, &reading));
    }
    fallbacks.splice(0..0, fallback_cues(&mut list, &reading, None));
    for m in &reading.matches {
        list.push(reading.source, m.kind, m.start, m.end);
    }
    decide(list, candidates, fallbacks, is_definition)
}

fn is_commitment(kind: CueKind) -> bool {
    matches!(
        kind,
        CueKind::Obligation
            | CueKind::Will
            | CueKind::Prohibition
            | CueKind::Narrowing
            | CueKind::BestEfforts
            | CueKind::Consider
            | CueKind::Should
    )
}

/// Carve-outs that make a sentence an exception. "Notwithstanding" is not one: it sets another
/// provision aside so that this one applies ("Notwithstanding paragraph 1, a Party may").
fn is_carve_out(text: &str, m: &Match) -> bool {
    matches!(
        m.kind,
        CueKind::CarveOut | CueKind::DisputeSettlementExclusion
    ) && !text[m.start..m.end].eq_ignore_ascii_case("notwithstanding")
}

/// A hedge that qualifies one limb of the clause, not its commitment: "establish the Rules,
/// and, where appropriate, amend them"; "eliminate to the extent possible or manage".
fn is_limb_hedge(text: &str, m: &Match) -> bool {
    let window = super::lexicon::window_before(text, m.start, 16).trim_end();
    let comma_after = window.ends_with(',');
    let lower = window
        .strip_suffix(',')
        .unwrap_or(window)
        .trim_end()
        .to_ascii_lowercase();
    let joined = [", and", ", or", "; and", "; or"]
        .iter()
        .any(|c| lower.ends_with(c))
        || (comma_after && (lower.ends_with(" and") || lower.ends_with(" or")));
    let after = text[m.end..].trim_start();
    joined
        || after
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case("or "))
}

/// The commitments of a text: the modals of its commitment sentences.
fn commitments(list: &mut CueList, reading: &Reading<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for m in reading.matches.iter().filter(|m| is_commitment(m.kind)) {
        let cue = list.push(reading.source, m.kind, m.start, m.end);
        if let Some(why) = reading.blocked(m) {
            list.set_effect(cue, why);
            continue;
        }
        match reading.role_at(m.start).0 {
            Role::Exception => list.set_effect(
                cue,
                "inside an exception: what it carves out, not a commitment".into(),
            ),
            Role::Permission => list.set_effect(
                cue,
                "inside a permission: what the Party may do, not a commitment".into(),
            ),
            Role::Commitment => out.push(candidate(list, reading, m, None, &[])),
        }
    }
    out
}

/// The modals of a chapeau's lead-in sentence that its list completes: the last one, and any
/// earlier one whose verb shares the list's object ("shall establish or maintain, and shall
/// endeavor to strengthen, a national entity that:"). "The Forum shall meet at least once a
/// year, and shall:" gives the items the second "shall" only.
fn governing_modals(chapeau: &Reading<'_>, sentence: (usize, usize)) -> Vec<Match> {
    let text = chapeau.source.text;
    let modals: Vec<&Match> = chapeau
        .in_sentence(sentence)
        .filter(|m| is_commitment(m.kind) && chapeau.blocked(m).is_none())
        .collect();
    if chapeau.role_at(sentence.0).0 != Role::Commitment {
        return Vec::new();
    }
    modals
        .iter()
        .enumerate()
        .filter(|&(i, m)| {
            modals.get(i + 1).is_none_or(|next| {
                let between = text[m.end..next.start].trim();
                let words = between.split_whitespace().count();
                words <= 4 && (between.ends_with(", and") || between.ends_with(", or"))
            })
        })
        .map(|(_, m)| (*m).clone())
        .collect()
}

/// Scores one modal: its anchor from the modal and the verb it governs, then its qualifiers.
fn candidate(
    list: &mut CueList,
    reading: &Reading<'_>,
    modal: &Match,
    content: Option<Source<'_>>,
    extra_hedges: &[usize],
) -> Candidate {
    let source = reading.source;
    let cue = list.push(source, modal.kind, modal.start, modal.end);
    let phrase = source.text[modal.start..modal.end].to_lowercase();
    let sentence = reading.sentence_of(modal.start);
    let mut c = Candidate {
        cue,
        category: Category::Obligation,
        strength: OBLIGATION,
        factors: Vec::new(),
    };
    let subject = apply_subject(list, reading, sentence.0, modal);
    let after = &source.text[modal.end..sentence.1];
    let (category, strength, name) = anchor(modal.kind, &phrase);
    c.category = category;
    c.strength = strength;
    c.factors.push((cue, format!("{name} ({strength})")));
    let is_obligation = matches!(modal.kind, CueKind::Obligation | CueKind::Will);
    if is_obligation && is_unaddressed_principle(subject, after) {
        c.category = Category::Hortatory;
        c.strength = UNADDRESSED_PRINCIPLE;
        c.factors[0].1 = format!(
            "a principle that names nobody who must act: hortatory ({UNADDRESSED_PRINCIPLE})"
        );
    } else if is_obligation && is_joint_body_mandate(subject, after) {
        c.category = Category::Cooperation;
        c.strength = COOPERATION;
        c.factors[0].1 = format!(
            "the functions of a body of the Parties: cooperation, collaborative work with no \
             specified result ({COOPERATION})"
        );
    } else if !matches!(
        modal.kind,
        CueKind::Prohibition | CueKind::Narrowing | CueKind::Should
    ) {
        apply_content(list, source, modal, after, content, &mut c);
    }
    let qualifiers = qualifiers(list, reading, sentence, modal, extra_hedges);
    apply_qualifiers(list, &qualifiers, &mut c);
    c
}

/// The category, strength and name of a modal before its content and qualifiers.
fn anchor(kind: CueKind, phrase: &str) -> (Category, u8, &'static str) {
    match kind {
        CueKind::Prohibition
            if phrase.contains("agree")
                || phrase.contains("undertake")
                || phrase.contains("commit")
                || phrase.starts_with("cannot") =>
        {
            (
                Category::Prohibition,
                AGREED_PROHIBITION,
                "agreed prohibition",
            )
        }
        CueKind::Prohibition => (Category::Prohibition, OBLIGATION, "prohibition"),
        CueKind::Narrowing => (
            Category::Prohibition,
            OBLIGATION,
            "narrowing: an exception may not be read to permit this, so it stays prohibited",
        ),
        CueKind::BestEfforts if phrase.contains("explore") => {
            (Category::BestEfforts, EXPLORE, "best efforts: explore")
        }
        CueKind::BestEfforts if phrase.contains("work to") => (
            Category::BestEfforts,
            BEST_EFFORTS_TO_COOPERATE,
            "best efforts: work towards",
        ),
        CueKind::BestEfforts => (Category::BestEfforts, BEST_EFFORTS, "best efforts"),
        CueKind::Consider => (
            Category::Obligation,
            PROCEDURAL,
            "duty to consider: binding, procedural",
        ),
        CueKind::Should => (Category::Hortatory, SHOULD, "recommendation"),
        CueKind::Will => (Category::Obligation, WILL, "commitment in the future tense"),
        _ if phrase.starts_with("agree")
            || phrase.starts_with("undertake")
            || phrase.contains("commit") =>
        {
            (
                Category::Obligation,
                OBLIGATION,
                "agreed commitment, as shall",
            )
        }
        _ => (Category::Obligation, OBLIGATION, "obligation"),
    }
}

/// The verb the modal governs: its own next words, or for a chapeau ending in a colon, the
/// first words of the list item. It can move the clause to cooperation or best efforts, or
/// lower an obligation within its category.
fn apply_content(
    list: &mut CueList,
    source: Source<'_>,
    modal: &Match,
    after: &str,
    content: Option<Source<'_>>,
    c: &mut Candidate,
) {
    let (content_source, offset, text) = match content {
        Some(item) if verb_is_in_list(after) => (item, 0, item.text),
        _ => (source, modal.end, after),
    };
    let Some((kind, s, e)) = leading_content(text) else {
        if c.category == Category::Obligation && c.strength == OBLIGATION {
            apply_object_standard(list, content_source, offset, text, c);
        }
        if !after.trim_end().ends_with(':') {
            describe_further_limbs(list, content_source, offset, text);
        }
        return;
    };
    let cue_kind = match kind {
        Content::Cooperative => CueKind::CooperativeContent,
        Content::Promotional => CueKind::PromotionalContent,
        Content::Deliberative => CueKind::Consider,
        Content::BestEfforts => CueKind::BestEfforts,
        _ => CueKind::Obligation,
    };
    let cue = list.push(content_source, cue_kind, offset + s, offset + e);
    let (category, strength, effect) = match (c.category, kind) {
        (Category::Obligation, Content::Cooperative) => (
            Category::Cooperation,
            COOPERATION,
            "cooperative content: a collaborative duty with no specified result",
        ),
        (Category::Obligation, Content::Promotional) => (
            Category::BestEfforts,
            PROMOTIONAL,
            "promotional content: to encourage or promote, not to achieve",
        ),
        (Category::Obligation, Content::Explore) => {
            (Category::BestEfforts, EXPLORE, "content is to explore")
        }
        (Category::Obligation, Content::Deliberative) => (
            Category::Obligation,
            PROCEDURAL,
            "content is to consider: a procedural obligation",
        ),
        (Category::Obligation | Category::BestEfforts, Content::BestEfforts) => {
            let work = text[s..e].to_lowercase().starts_with("work");
            (
                Category::BestEfforts,
                if work {
                    BEST_EFFORTS_TO_COOPERATE
                } else {
                    BEST_EFFORTS
                },
                "content is best efforts",
            )
        }
        (Category::Obligation, Content::Framework) => (
            Category::Obligation,
            FRAMEWORK,
            "content is a framework to adopt or maintain",
        ),
        (Category::BestEfforts, Content::Cooperative | Content::Promotional) => (
            Category::BestEfforts,
            BEST_EFFORTS_TO_COOPERATE,
            "best efforts on cooperative or promotional content",
        ),
        (Category::BestEfforts, Content::Explore) => {
            (Category::BestEfforts, EXPLORE, "best efforts to explore")
        }
        (Category::BestEfforts, Content::Deliberative) => (
            Category::BestEfforts,
            PROMOTIONAL,
            "best efforts to consider",
        ),
        _ => (c.category, c.strength, ""),
    };
    if effect.is_empty() {
        list.set_effect(cue, "content as the modal says: no effect".into());
        return;
    }
    let strength = strength.min(c.strength);
    c.category = category;
    c.strength = strength;
    c.factors.push((cue, format!("{effect} ({strength})")));
    if !after.trim_end().ends_with(':') {
        describe_further_limbs(list, content_source, offset, text);
    }
}

/// A softened object ("appropriate measures") or an evaluative standard ("reasonable") lowers a
/// specific obligation within its category.
fn apply_object_standard(
    list: &mut CueList,
    source: Source<'_>,
    offset: usize,
    text: &str,
    c: &mut Candidate,
) {
    if let Some((softened, s, e)) = object_standard(text) {
        let cue = list.push(source, CueKind::Hedge, offset + s, offset + e);
        let (strength, what) = if softened {
            (SOFTENED_OBJECT, "softened object")
        } else {
            (EVALUATIVE_STANDARD, "evaluative standard")
        };
        c.strength = c.strength.min(strength);
        c.factors
            .push((cue, format!("{what}: still an obligation ({strength})")));
    }
}

/// Cooperative verbs in further limbs ("employ, and encourage enterprises ... to use") are
/// shown but do not lower the first limb.
fn describe_further_limbs(list: &mut CueList, source: Source<'_>, offset: usize, text: &str) {
    for (s, e) in further_cooperative_limbs(text) {
        let cue = list.push(source, CueKind::CooperativeContent, offset + s, offset + e);
        list.set_effect(
            cue,
            "further limb with cooperative content: weaker, does not lower the first limb".into(),
        );
        if let Some((ps, pe)) = private_actor(&text[e..]) {
            let actor = list.push(
                source,
                CueKind::PrivateActor,
                offset + e + ps,
                offset + e + pe,
            );
            list.set_effect(
                actor,
                "private actors: the Party need only encourage them, not ensure the result".into(),
            );
        }
    }
}

/// The qualifiers of a modal: the hedges of its sentence (not those of one limb only), the
/// item's own hedges, carve-out limbs and self-determination clauses in other sentences of the
/// same text or after a conjunction in this one.
fn qualifiers(
    list: &mut CueList,
    reading: &Reading<'_>,
    sentence: (usize, usize),
    modal: &Match,
    extra_hedges: &[usize],
) -> Vec<usize> {
    let text = reading.source.text;
    let mut out: Vec<usize> = Vec::new();
    // Each modal's limb runs to the next modal; words before the first modal are shared.
    let modals: Vec<usize> = reading
        .in_sentence(sentence)
        .filter(|m| is_commitment(m.kind))
        .map(|m| m.start)
        .collect();
    let limb_of = |at: usize| modals.iter().rposition(|&start| start <= at);
    let own_limb = limb_of(modal.start);
    for h in reading.in_sentence(sentence) {
        if h.kind != CueKind::Hedge {
            continue;
        }
        let cue = list.push(reading.source, h.kind, h.start, h.end);
        let limb = limb_of(h.start);
        // A condition that opens the next clause ("and if they agree, the panelist shall be
        // removed and a new panelist shall be selected") qualifies every modal after it.
        // A parenthetical right after its modal ("shall, in accordance with its law, provide")
        // stays with that modal.
        let opens_clause = limb.is_some_and(|l| {
            let parenthetical = text[modals[l]..h.start].split_whitespace().nth(1).is_none();
            !parenthetical
                && modals.get(l + 1).is_some_and(|&next| {
                    // The subject of the next clause is a few words: a bounded window keeps
                    // this linear in the length of the sentence.
                    let between = &text[h.end.min(next)..next];
                    opens_next_clause(super::lexicon::window_before(between, between.len(), 80))
                })
        });
        let qualifies_own = if opens_clause {
            own_limb > limb
        } else {
            limb.is_none() || limb == own_limb
        };
        if !qualifies_own {
            list.set_effect(
                cue,
                "hedge on another limb of the sentence: does not qualify this commitment".into(),
            );
        } else if is_limb_hedge(text, h) {
            list.set_effect(
                cue,
                "hedge on one limb: qualifies that limb, not the commitment".into(),
            );
        } else {
            out.push(cue);
        }
    }
    let joined_limbs = reading.in_sentence(sentence).filter(|h| {
        h.kind == CueKind::CarveOut && h.start > modal.end && is_carve_out(text, h) && {
            let before = super::lexicon::window_before(text, h.start, 16)
                .trim_end()
                .to_ascii_lowercase();
            before.ends_with(", and") || before.ends_with("; and") || before.ends_with(", but")
        }
    });
    // Beyond four qualifiers no strength changes (every band has reached its floor), so a
    // long text's many carve-outs are read only that far: scoring stays linear.
    let other_sentences = reading
        .limbs
        .iter()
        .map(|&i| &reading.matches[i])
        .filter(|h| h.start < sentence.0 || h.start >= sentence.1)
        .take(MAX_QUALIFIERS);
    for h in joined_limbs.chain(other_sentences).collect::<Vec<_>>() {
        {
            out.push(list.push(reading.source, h.kind, h.start, h.end));
        }
    }
    out.extend(extra_hedges.iter().copied());
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the words between a hedge and the next modal make the hedge a condition of that
/// modal's clause: a comma, then the clause's own subject ("shall consult and if they agree,
/// the panelist shall be removed"), not a further limb of this one ("where possible, and
/// shall notify").
fn opens_next_clause(between: &str) -> bool {
    between.rsplit_once(',').is_some_and(|(_, subject)| {
        let words: Vec<String> = subject
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        (1..=4).contains(&words.len()) && !["and", "or"].contains(&words[0].as_str())
    })
}

/// Moves a candidate within its band for each qualifier: an obligation or prohibition becomes a
/// hedged obligation anchored on what its hedge leaves open; cooperation, best efforts and
/// hortatory clauses step down to their floors.
fn apply_qualifiers(list: &mut CueList, qualifiers: &[usize], c: &mut Candidate) {
    if qualifiers.is_empty() {
        return;
    }
    let unhedged = c.strength;
    let n = qualifiers.len() as u8;
    match c.category {
        Category::Obligation | Category::Prohibition => {
            let prohibition = c.category == Category::Prohibition;
            let anchors: Vec<u8> = qualifiers
                .iter()
                .map(|&q| qualifier_anchor(&list.cues[q], prohibition))
                .collect();
            let weakest = *anchors.iter().min().expect("at least one qualifier");
            let hedged = if n == 1 {
                weakest
            } else {
                TWO_HEDGES
                    .min(weakest.saturating_sub(QUALIFIER_STEP))
                    .max(CONTINGENT)
            };
            c.category = Category::HedgedObligation;
            c.strength = hedged.min(unhedged.saturating_sub(QUALIFIER_STEP));
            for (&q, anchor) in qualifiers.iter().zip(anchors) {
                let effect = qualifier_effect(&list.cues[q], anchor);
                c.factors.push((q, effect));
            }
            return;
        }
        Category::Cooperation => {
            c.strength = (COOPERATION_ONE_QUALIFIER.min(unhedged) - QUALIFIER_STEP * (n - 1))
                .max(COOPERATION_FLOOR);
        }
        Category::BestEfforts => {
            c.strength = unhedged
                .saturating_sub(QUALIFIER_STEP * n)
                .max(BEST_EFFORTS_FLOOR)
                .min(unhedged);
        }
        _ => {
            c.strength = unhedged
                .saturating_sub(QUALIFIER_STEP * n)
                .max(HORTATORY_FLOOR)
                .min(unhedged);
        }
    }
    for &q in qualifiers {
        let effect = format!(
            "qualifier: lowers the clause within its category (to {})",
            c.strength
        );
        c.factors.push((q, effect));
    }
}

/// The hedged-obligation anchor of one qualifier.
fn qualifier_anchor(cue: &Cue, prohibition: bool) -> u8 {
    match cue.kind {
        CueKind::CarveOut => LISTED_EXCEPTIONS,
        CueKind::SelfDetermination => LAW_OR_SELF_JUDGING,
        _ => match hedge_class(&cue.phrase) {
            HedgeClass::Timing => TIMING_HEDGE,
            HedgeClass::ListedExceptions => LISTED_EXCEPTIONS,
            HedgeClass::LawOrSelfJudging => LAW_OR_SELF_JUDGING,
            HedgeClass::Possible => WHERE_POSSIBLE,
            HedgeClass::Contingent if prohibition => CONTINGENT,
            HedgeClass::Contingent => TWO_HEDGES,
        },
    }
}

/// What a qualifier did to an obligation, in words a reader can check.
fn qualifier_effect(cue: &Cue, anchor: u8) -> String {
    let what = match cue.kind {
        CueKind::CarveOut => "carve-out limb: narrows the commitment in the same provision",
        CueKind::SelfDetermination => {
            "self-determination: the Party decides what the obligation reaches"
        }
        _ => match hedge_class(&cue.phrase) {
            HedgeClass::Timing => "timing hedge: only the time is left open",
            HedgeClass::ListedExceptions => "listed exceptions",
            HedgeClass::LawOrSelfJudging => "hedge: its own law or judgment decides",
            HedgeClass::Possible => "hedge: leaves it to the Party",
            HedgeClass::Contingent => "condition precedent: binds only once the Parties so decide",
        },
    };
    format!("{what} (hedged obligation, {anchor})")
}

/// The subject of a modal, shown as a cue: "The Parties shall" is collective, "Each Party
/// shall" individual; neither changes the category (the content does). A further limb with no
/// subject of its own shares the one before it. Returns the words before the modal in its
/// clause, where an addressee would be named.
fn apply_subject<'t>(
    list: &mut CueList,
    reading: &Reading<'t>,
    sentence_start: usize,
    modal: &Match,
) -> &'t str {
    let text = reading.source.text;
    let subject_of = |at: usize| subject_before(&text[sentence_start..at]);
    let own = subject_of(modal.start);
    let shared = || {
        reading
            .in_sentence((sentence_start, modal.start))
            .filter(|m| is_commitment(m.kind) && m.end <= modal.start)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find_map(|m| subject_of(m.start))
    };
    let clause_start = text[sentence_start..modal.start]
        .rfind(" that ")
        .map_or(sentence_start, |i| sentence_start + i + 6);
    let words = &text[clause_start..modal.start];
    let Some((s, e, collective)) = own.or_else(shared) else {
        return words;
    };
    let cue = list.push(
        reading.source,
        CueKind::Subject,
        sentence_start + s,
        sentence_start + e,
    );
    let limb = if own.is_some() {
        ""
    } else {
        ", shared by a later limb"
    };
    let effect = if collective {
        format!("collective subject{limb}: the category follows the content, not the subject")
    } else {
        format!("subject{limb}: each Party answers for itself")
    };
    list.set_effect(cue, effect);
    words
}

/// Whether the modal's clause stops at a colon with at most "to" before it ("shall endeavor
/// to:"), so the verb it governs opens each list item.
fn verb_is_in_list(after: &str) -> bool {
    let rest = after.trim();
    rest.strip_prefix("to").unwrap_or(rest).trim() == ":"
}

/// Exceptions, permissions, recognitions and statements of scope, which decide the category
/// when no commitment does: those that lead their sentence (or, for a chapeau, its lead-in).
fn fallback_cues(
    list: &mut CueList,
    reading: &Reading<'_>,
    only: Option<(usize, usize)>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for m in reading
        .matches
        .iter()
        .filter(|m| only.is_none_or(|s| m.start >= s.0 && m.end <= s.1))
    {
        let operator = match m.kind {
            CueKind::CarveOut
            | CueKind::DisputeSettlementExclusion
            | CueKind::Permission
            | CueKind::SelfDetermination => true,
            CueKind::Recognition
            | CueKind::Objective
            | CueKind::Scope
            | CueKind::Clarification
            | CueKind::DefinitionMeans => false,
            _ => continue,
        };
        let i = list.push(reading.source, m.kind, m.start, m.end);
        if operator {
            if let Some(why) = reading.blocked(m) {
                list.set_effect(i, why);
                continue;
            }
        }
        if matches!(m.kind, CueKind::Permission | CueKind::SelfDetermination) {
            let (start, end) = reading.sentence_of(m.start);
            let kind = permission_kind(
                &reading.source.text[m.start..m.end],
                &reading.source.text[start..end],
            );
            list.permissions.insert(i, kind);
        }
        out.push(i);
    }
    out
}

/// How much the permission `phrase` disciplines the Party, read from its sentence.
fn permission_kind(phrase: &str, sentence: &str) -> PermissionKind {
    let p = phrase.to_lowercase();
    if p.ends_with("include") || p.ends_with("take the form of") {
        PermissionKind::Illustrative
    } else if is_conditioned(sentence) {
        PermissionKind::Conditioned
    } else {
        PermissionKind::Plain
    }
}

/// Whether a permission's sentence conditions it ("provided that", "only if", "subject to the
/// requirements", "after", "no later than").
fn is_conditioned(sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    [
        "provided that",
        "provided, ",
        " only ",
        " if ",
        "if ",
        " unless ",
        " until ",
        " after ",
        "following ",
        "subject to the ",
        "no later than",
        " within ",
        "for a maximum",
        "solely",
    ]
    .iter()
    .any(|w| {
        s.match_indices(w).any(|(i, _)| {
            let rest = &s[i + w.len()..];
            !(w.trim() == "if"
                && (rest.starts_with("appropriate")
                    || rest.starts_with("possible")
                    || rest.starts_with("necessary")
                    || rest.starts_with("practicable")))
        })
    })
}

/// Applies the rule of the module doc and writes each cue's effect.
fn decide(
    mut list: CueList,
    candidates: Vec<Candidate>,
    fallbacks: Vec<usize>,
    is_definition: bool,
) -> Bindingness {
    let defined = is_definition
        || fallbacks.iter().any(|&i| {
            list.cues[i].kind == CueKind::DefinitionMeans
                && list.cues[i].start == 0
                && list.cues[i].inherited_from.is_none()
        });
    let best = candidates
        .iter()
        .max_by(|a, b| a.strength.cmp(&b.strength).then(b.cue.cmp(&a.cue)));
    let (category, strength) = if defined {
        (Category::Definition, None)
    } else if let Some(best) = best {
        for (cue, effect) in &best.factors {
            list.set_decisive(*cue, effect.clone());
        }
        (best.category, Some(best.strength))
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

/// No commitment: a carve-out, else a permission, else a recognition or objective, else
/// nothing to score.
fn fallback_category(list: &mut CueList, fallbacks: &[usize]) -> (Category, Option<u8>) {
    let first_of = |list: &CueList, kinds: &[CueKind]| {
        fallbacks
            .iter()
            .copied()
            .find(|&i| kinds.contains(&list.cues[i].kind))
    };
    let is_notwithstanding =
        |list: &CueList, i: usize| list.cues[i].phrase.eq_ignore_ascii_case("notwithstanding");
    let scope = first_of(list, &[CueKind::Scope]);
    // "Notwithstanding X, this Article applies to Y": sets X aside so the scope reaches
    // further; a scope clause, not a carve-out.
    let opens_scope = |list: &CueList, i: usize| {
        scope.is_some_and(|s| {
            is_notwithstanding(list, i)
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
    let carve_out = fallbacks.iter().copied().find(|&i| {
        matches!(
            list.cues[i].kind,
            CueKind::CarveOut | CueKind::DisputeSettlementExclusion
        ) && !is_notwithstanding(list, i)
    });
    if let Some(i) = carve_out {
        let (strength, effect) = if list.cues[i].kind == CueKind::DisputeSettlementExclusion {
            (
                DISPUTE_SETTLEMENT_EXCLUSION,
                "exclusion from dispute settlement: an exception, flagged on the provisions it governs",
            )
        } else {
            (EXCEPTION, "carve-out: limits another provision")
        };
        list.set_decisive(i, format!("{effect} ({strength})"));
        return (Category::Exception, Some(strength));
    }
    if let Some(i) = first_of(list, &[CueKind::Permission, CueKind::SelfDetermination]) {
        let kind = list
            .permissions
            .get(&i)
            .copied()
            .unwrap_or(PermissionKind::Plain);
        let (strength, what) = match kind {
            PermissionKind::Illustrative => (
                ILLUSTRATIVE,
                "illustrative permission: says what may be done",
            ),
            PermissionKind::Conditioned => (
                CONDITIONED_PERMISSION,
                "conditioned permission: preserves discretion within limits",
            ),
            PermissionKind::Plain => (PERMISSION, "permission: preserves the Party's discretion"),
        };
        list.set_decisive(i, format!("{what} ({strength})"));
        return (Category::Permission, Some(strength));
    }
    if let Some(i) = fallbacks
        .iter()
        .copied()
        .find(|&i| is_notwithstanding(list, i) && !opens_scope(list, i))
    {
        list.set_decisive(
            i,
            format!("notwithstanding: sets another provision aside ({EXCEPTION})"),
        );
        return (Category::Exception, Some(EXCEPTION));
    }
    if let Some(i) = first_of(list, &[CueKind::Recognition, CueKind::Objective]) {
        let what = if list.cues[i].kind == CueKind::Objective {
            "statement of objectives: names nobody who must act"
        } else {
            "recognition: hortatory, no commitment to act"
        };
        list.set_decisive(i, format!("{what} ({RECOGNITION})"));
        // A hedge after the recognition is part of what is recognised ("recognize the
        // importance of ... facilitating, to the maximum extent possible, ..."): only one
        // before it qualifies the recognition itself.
        let recognised = &list.cues[i];
        let hedges: Vec<usize> = (0..list.cues.len())
            .filter(|&h| {
                let hedge = &list.cues[h];
                hedge.kind == CueKind::Hedge
                    && hedge.inherited_from == recognised.inherited_from
                    && hedge.start < recognised.start
            })
            .collect();
        let strength = RECOGNITION
            .saturating_sub(QUALIFIER_STEP * hedges.len() as u8)
            .clamp(HORTATORY_FLOOR, RECOGNITION);
        for h in hedges {
            list.set_decisive(h, format!("hedge: lowers the recognition (to {strength})"));
        }
        return (Category::Hortatory, Some(strength));
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
    let candidate_strength: HashMap<usize, u8> =
        candidates.iter().map(|c| (c.cue, c.strength)).collect();
    for (i, cue) in list.cues.clone().iter().enumerate() {
        let effect = match cue.kind {
            _ if defined && cue.kind == CueKind::DefinitionMeans => {
                "definition: says what a term means, not scored".to_string()
            }
            _ if defined => "inside a definition: not scored".to_string(),
            kind if is_commitment(kind) => match candidate_strength.get(&i) {
                Some(strength) => format!(
                    "weaker commitment in the same provision ({strength}); the strongest decides"
                ),
                None => "not a commitment here".to_string(),
            },
            CueKind::Recognition if category != Category::Hortatory => {
                "recital: explains an operative clause, does not dilute it".to_string()
            }
            CueKind::CarveOut => "carve-out: limits another provision".to_string(),
            CueKind::DisputeSettlementExclusion => {
                "exclusion from dispute settlement: flagged, not folded into strength".to_string()
            }
            CueKind::Scope => "scope: says what the text covers, binds no one".to_string(),
            CueKind::Clarification => "clarification: no effect on strength".to_string(),
            CueKind::Hedge => "hedge on a weaker clause: no effect on the score".to_string(),
            CueKind::Permission | CueKind::SelfDetermination => {
                "permission beside a commitment: no effect".to_string()
            }
            CueKind::Subject => "subject of a weaker clause".to_string(),
            CueKind::DefinitionMeans => "definitional wording inside a clause".to_string(),
            _ => "no effect on the score".to_string(),
        };
        list.set_effect(i, effect);
    }
}
