//! The cue lexicon: the words that make a treaty clause bind harder or softer, found with their
//! byte positions so every score can point at the words that produced it.
//!
//! Matching is case-insensitive on the original text (so offsets are offsets into the provision
//! as written). Patterns overlap on purpose ("shall not apply" contains "shall not", which
//! contains "shall"); [`find_cues`] keeps the match of the highest-priority pattern and drops
//! whatever overlaps it, so each word is read once, in its most specific sense.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{LazyLock, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::dfa::dense;
use regex_automata::meta;
use regex_automata::util::syntax;

use super::CueKind;

/// One pattern of the lexicon. Lower `priority` wins an overlap.
struct Pattern {
    kind: CueKind,
    priority: u8,
    serialized: &'static SerializedPattern,
    /// Read from `serialized` the first time a text may hold a match.
    compiled: OnceLock<CompiledPattern>,
}

impl Pattern {
    fn compiled(&self) -> &CompiledPattern {
        self.compiled.get_or_init(|| {
            let dfa = |serialized: &'static Aligned<[u8]>| {
                dense::DFA::from_bytes(&serialized.bytes)
                    .expect("build.rs serializes the DFAs for this target")
                    .0
            };
            regex_automata::dfa::regex::Regex::builder()
                .build_from_dfas(dfa(self.serialized.forward), dfa(self.serialized.reverse))
        })
    }
}

/// A pattern of the helpers below that read a cue's context (the lexicon itself is compiled by
/// `build.rs`), written in lower case and matched on the ASCII-lowercased bytes of a text (the
/// same byte offsets as the text). The cue words are English: compiling them with Unicode case
/// folding and word classes was most of the time of a `show`. A curly apostrophe in a pattern
/// is spelled `’` and matched as its UTF-8 bytes.
///
/// Compiled on first use with `regex-automata`'s meta engine (the one under `regex`), without
/// the full DFA and the literal prefilter it would build for each pattern: they cost more to
/// build than they save on texts of a few hundred bytes.
pub(crate) struct Lexeme(meta::Regex);

impl Lexeme {
    fn new(source: &str) -> Lexeme {
        let ascii = source.replace('’', r"\xE2\x80\x99");
        Lexeme(
            meta::Builder::new()
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .configure(
                    meta::Config::new()
                        .utf8_empty(false)
                        .dfa(false)
                        .auto_prefilter(false),
                )
                .build(&ascii)
                .unwrap_or_else(|e| panic!("bindingness lexicon pattern {source:?}: {e}")),
        )
    }

    fn is_match(&self, text: &str) -> bool {
        self.0.is_match(&lowered(text))
    }

    /// The spans of the capture groups of the leftmost-first match, group 0 first, when there
    /// is a match.
    fn captures(&self, haystack: &[u8]) -> Option<Groups> {
        let mut caps = self.0.create_captures();
        self.0.captures(haystack, &mut caps);
        caps.is_match().then_some(Groups(caps))
    }

    /// The capture groups of every leftmost-first match, one after another.
    fn captures_iter<'h>(&'h self, haystack: &'h [u8]) -> impl Iterator<Item = Groups> + 'h {
        self.0.captures_iter(haystack).map(Groups)
    }
}

/// The capture groups of one match.
struct Groups(regex_automata::util::captures::Captures);

impl Groups {
    /// The span of group `index` (0: the whole match), if it took part in the match.
    fn get(&self, index: usize) -> Option<Range<usize>> {
        self.0.get_group(index).map(|span| span.range())
    }
}

/// `text` in ASCII lower case, byte for byte.
fn lowered(text: &str) -> Vec<u8> {
    text.as_bytes().to_ascii_lowercase()
}

/// A raw match before scoring decides what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
}

include!("cue_patterns.rs");

/// A pattern compiled by `build.rs`: a forward and a reverse DFA, searched in place in the
/// binary.
type CompiledPattern = regex_automata::dfa::regex::Regex<dense::DFA<&'static [u32]>>;

/// Bytes aligned as a DFA's transition table needs them.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// The DFAs `build.rs` compiled one pattern to, serialized for this target, and the words one of
/// which each of its matches starts with (`None`: no such short list).
struct SerializedPattern {
    forward: &'static Aligned<[u8]>,
    reverse: &'static Aligned<[u8]>,
    prefixes: Option<&'static [&'static [u8]]>,
}

// `CUE_DFAS`: a `SerializedPattern` for each pattern of `cue_patterns()`, in its order.
include!(concat!(env!("OUT_DIR"), "/cue_dfas.rs"));

/// The lexicon's patterns, and one automaton over the first words of all of them: a pattern
/// none of whose first words is in a text is not searched (nor read from the binary, for one
/// that no text can match).
struct Lexicon {
    patterns: Vec<Pattern>,
    first_words: AhoCorasick,
    /// The pattern each of `first_words`' words starts.
    first_word_of: Vec<usize>,
}

impl Lexicon {
    /// Whether each pattern can match `lowered` (by its first words).
    fn candidates(&self, lowered: &[u8]) -> Vec<bool> {
        let mut possible: Vec<bool> = self
            .patterns
            .iter()
            .map(|p| p.serialized.prefixes.is_none())
            .collect();
        for m in self.first_words.find_overlapping_iter(lowered) {
            possible[self.first_word_of[m.pattern().as_usize()]] = true;
        }
        possible
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let table = cue_patterns();
    assert_eq!(
        table.len(),
        CUE_DFAS.len(),
        "build.rs compiles every pattern"
    );
    let patterns: Vec<Pattern> = table
        .into_iter()
        .zip(CUE_DFAS)
        .map(|((kind, priority, _), serialized)| Pattern {
            kind,
            priority,
            serialized,
            compiled: OnceLock::new(),
        })
        .collect();
    let (first_word_of, words): (Vec<usize>, Vec<&[u8]>) = patterns
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.serialized
                .prefixes
                .unwrap_or_default()
                .iter()
                .map(move |w| (i, *w))
        })
        .unzip();
    Lexicon {
        patterns,
        first_words: AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(words)
            .expect("the first words of the lexicon make an automaton"),
        first_word_of,
    }
});

/// What a hedge does, which sets the strength of a hedged obligation (the rubric's anchors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HedgeClass {
    /// "as soon as practicable": only the time is left open.
    Timing,
    /// "except where", "unless", a carve-out limb: the commitment has listed exceptions.
    ListedExceptions,
    /// "in accordance with its laws", "in a manner it considers appropriate": the Party's own
    /// law or judgment decides.
    LawOrSelfJudging,
    /// "where possible", "to the extent practicable", "where appropriate", "subject to available
    /// resources", "voluntary".
    Possible,
    /// "when mutually agreed", "the Parties have decided", "if they agree": binds only once a
    /// further agreement is reached.
    Contingent,
}

/// The class of a hedge phrase.
pub(crate) fn hedge_class(phrase: &str) -> HedgeClass {
    let p = phrase.to_lowercase();
    if p.starts_with("as soon as") {
        HedgeClass::Timing
    } else if p.starts_with("except") || p == "unless" || p.starts_with("other than") {
        HedgeClass::ListedExceptions
    } else if p.contains("law")
        || p.contains("legislation")
        || p.contains("legal")
        || p.contains("regulations")
        || p.contains("consider")
        || p.contains("deem")
        || p.contains("competence")
        || p.contains("chooses")
        || p.contains("decides")
        || p.contains("wish")
    {
        HedgeClass::LawOrSelfJudging
    } else if p.contains("agree")
        || p.contains("determined")
        || p.contains("decide")
        || p.contains("found")
        || p.contains("mutual benefit")
    {
        HedgeClass::Contingent
    } else {
        HedgeClass::Possible
    }
}

/// Whether the words before "means" read as a defined term ("computing facility means") rather
/// than a clause that happens to use the noun ("in a manner which would constitute a means").
/// Scans by hand: a regular expression with a bounded lazy repeat of a Unicode class is
/// expensive to compile, and this runs on every provision.
fn definition_means(text: &str) -> Option<Match> {
    const CLAUSE_WORDS: [&str; 14] = [
        "a", "an", "the", "is", "are", "be", "which", "that", "by", "any", "its", "to", "shall",
        "not",
    ];
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_(),’'“”\"-".contains(c);
    for (chars, (at, c)) in text.char_indices().enumerate() {
        if chars > 90 || !allowed(c) {
            return None;
        }
        let rest = &text[at..];
        let boundary_before =
            at == 0 || !text[..at].ends_with(|p: char| p.is_alphanumeric() || p == '_');
        if at > 0
            && boundary_before
            && rest
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case("means"))
        {
            let after = rest[5..].chars().next();
            if after.is_some_and(|a| a.is_alphanumeric() || a == '_') {
                continue;
            }
            let term = &text[..at];
            let is_term = term
                .split_whitespace()
                .all(|w| !CLAUSE_WORDS.contains(&w.to_lowercase().as_str()));
            return is_term.then_some(Match {
                kind: CueKind::DefinitionMeans,
                start: 0,
                end: at + 5,
            });
        }
    }
    None
}

/// Every cue in `text`, in text order, overlaps resolved by pattern priority (then by the
/// longer match, then the earlier one).
pub(crate) fn find_cues(text: &str) -> Vec<Match> {
    let mut candidates: Vec<(u8, Match)> = Vec::new();
    let lowered = lowered(text);
    let lexicon = &*LEXICON;
    let possible = lexicon.candidates(&lowered);
    for (pattern, _) in lexicon.patterns.iter().zip(possible).filter(|(_, p)| *p) {
        for m in pattern.compiled().find_iter(lowered.as_slice()) {
            if !text.is_char_boundary(m.start()) || !text.is_char_boundary(m.end()) {
                continue;
            }
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
    candidates.retain(|(priority, m)| {
        m.kind != CueKind::Permission
            || (!is_relative_may(text, m) && (*priority < 5 || is_addressed_may(text, m)))
    });
    // "No Party shall seek to", "Neither Party shall endeavor to": the negated subject makes it
    // a prohibition, so best efforts give way to the prohibition that overlaps them.
    candidates.retain(|(_, m)| {
        !matches!(m.kind, CueKind::BestEfforts | CueKind::Consider)
            || !has_negated_subject(&text[..m.start])
    });
    if let Some(m) = definition_means(text) {
        candidates.push((7, m));
    }
    candidates
        .sort_by_key(|(priority, m)| (*priority, std::cmp::Reverse(m.end - m.start), m.start));
    // Hedges are resolved apart from the other cues, so that a hedge inside a modal's
    // parenthetical ("shall, where possible, endeavor to") still counts.
    let (hedges, others): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .partition(|(_, m)| m.kind == CueKind::Hedge);
    let mut kept = non_overlapping(others);
    kept.extend(non_overlapping(hedges));
    kept.sort_by_key(|m| (m.start, m.end));
    kept
}

/// The matches that survive, in order of preference, when each keeps its words from every
/// later one. Kept matches never overlap, so only the one just before a candidate can collide
/// with it: linear in the number of cues, whatever the length of the text.
fn non_overlapping(candidates: Vec<(u8, Match)>) -> Vec<Match> {
    let mut kept: BTreeMap<usize, Match> = BTreeMap::new();
    for (_, m) in candidates {
        let before = kept.range(..m.end).next_back();
        if before.is_some_and(|(_, k)| k.end > m.start) {
            continue;
        }
        kept.insert(m.start, m);
    }
    kept.into_values().collect()
}

/// [`find_cues`], remembered per distinct text: a review scores the same provisions and
/// chapeaux in every version of the text.
pub(crate) fn find_cues_cached(text: &str) -> Vec<Match> {
    static CACHE: LazyLock<Mutex<HashMap<String, Vec<Match>>>> = LazyLock::new(Default::default);
    const MAX_ENTRIES: usize = 4096;
    if let Some(found) = CACHE.lock().ok().and_then(|c| c.get(text).cloned()) {
        return found;
    }
    let found = find_cues(text);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(text.to_string(), found.clone());
    }
    found
}

/// Whether a bare "may" has an actor in its clause and is not negated: "the Party where the
/// exporter is located may, as it deems appropriate, assist".
fn is_addressed_may(text: &str, m: &Match) -> bool {
    static ACTOR_WORD: LazyLock<Lexeme> =
        LazyLock::new(|| Lexeme::new(&format!(r"\b(?:{ACTOR})\b")));
    let window = window_before(text, m.start, 300);
    let clause = window
        .rfind(['.', ';', ':'])
        .map_or(window, |i| &window[i + 1..]);
    let negated = text[m.end..]
        .trim_start()
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("not"));
    // A list item that opens with its modal ("may draw on such experts") takes its subject
    // from the chapeau ("The Committee:"); a passive "may be held" names what may be done, its
    // actor implied.
    let item_opening = text[..m.start].trim().is_empty();
    !negated && (item_opening || is_passive_may(&text[m.end..]) || ACTOR_WORD.is_match(clause))
}

/// Whether a "may" governs a passive: "The consultations may be held via teleconference".
fn is_passive_may(after: &str) -> bool {
    static PASSIVE: LazyLock<Lexeme> =
        LazyLock::new(|| Lexeme::new(r"^\s+(?:also\s+)?be\s+[a-z]+(?:ed|en|ld|wn|ne|de)\b"));
    PASSIVE.is_match(window_after(after, 60))
}

/// Whether `before` ends with a negated subject: "No Party", "Neither Party, in its territory,".
fn has_negated_subject(before: &str) -> bool {
    static NEGATED: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(r"\b(?:no|neither|nor any) (?:\w+ of an? )?part(?:y|ies)(?:, [^,.;:]+,)?\s*$")
    });
    NEGATED.is_match(window_before(before, before.len(), 80))
}

/// The last `max` bytes of `text[..end]` (fewer, to start on a character): what a cue's
/// context needs, so that looking at it stays linear in the length of a long text.
pub(crate) fn window_before(text: &str, end: usize, max: usize) -> &str {
    let mut from = end.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    &text[from..end]
}

/// The first `max` bytes of `text` (fewer, to end on a character).
fn window_after(text: &str, max: usize) -> &str {
    let mut to = text.len().min(max);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[..to]
}

/// A "may" in a relative clause states a possibility, not a permission: "such other matters as
/// the Parties may decide", "any measure that it may adopt".
fn is_relative_may(text: &str, m: &Match) -> bool {
    let before = window_before(text, m.start, 60).trim_end().to_lowercase();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let two = before
        .rsplit(|c: char| c.is_whitespace())
        .nth(1)
        .unwrap_or("");
    ["as", "that", "which", "whom", "than"].contains(&word)
        || (["the", "a", "each", "any", "other"].contains(&word)
            && ["as", "that", "which"].contains(&two.trim_matches(|c: char| !c.is_alphabetic())))
}

/// Byte ranges of the sentences of `text`: split after a full stop followed by a capital or
/// an opening bracket, so "Article 21.4.2" and "e.g." stay whole.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    static BOUNDARY: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::RegexBuilder::new(r"[.;][ \t\r\n]+[A-Z(]")
            .unicode(false)
            .build()
            .expect("sentence boundary pattern")
    });
    let mut spans = Vec::new();
    let mut start = 0;
    for m in BOUNDARY.find_iter(text.as_bytes()) {
        let end = m.start() + 1;
        spans.push((start, end));
        start = m.end() - 1;
    }
    spans.push((start, text.len()));
    spans
}

/// What a modal's governed verb makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content {
    /// "cooperate", "exchange information", "consult", "strengthen collaboration mechanisms".
    Cooperative,
    /// "encourage", "promote", "foster".
    Promotional,
    /// "consider", "take into account".
    Deliberative,
    /// "explore (the possibility of)".
    Explore,
    /// "adopt or maintain", "maintain": a framework rather than a specific act.
    Framework,
    /// "endeavour to", "make its best efforts to", "work to": best efforts completing an
    /// inherited "shall" or "agree to".
    BestEfforts,
}

/// The governed verb at the start of `text` (after a parenthetical, a leading qualifier, "to",
/// "also" or an adverb), when it changes what the modal commits to: "to cooperate", "actively
/// participate", "encourage the use", "strengthen existing collaboration mechanisms".
pub(crate) fn leading_content(text: &str) -> Option<(Content, usize, usize)> {
    static LEADING: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(&format!(
            r"^(?:\s*,[^;:]*?,)?[\s:,]*(?:(?:where|as|when|if|to the extent|in accordance|subject to|consistent with|through)\b[^,]*,\s*)?(?:to\s+)?(?:(?:also|further|jointly|mutually|\w+ly),?\s+)?(?:((?:{COOPERATIVE_VERBS})\w*|(?:strengthen|establish|maintain|develop|enhance|build|create|undertake|carry out|pursue|continue|support)\w*\s+(?:[\w-]+\s+){{0,4}}?(?:co-?operation|collaboration|collaborative|cooperative|dialogue|consultations?|exchanges? of information|information[- ]sharing|sharing of information))|((?:{PROMOTIONAL_VERBS})\w*)|(consider(?:s|ing)?|take into (?:account|consideration)|(?:give|provide|accord|afford) (?:\w+ )?consideration)|(explore)|(adopt or maintain|maintain or adopt|adopt and maintain|establish or maintain|maintain or establish|maintain, establish or designate|maintain)|(endeavou?r|seek(?:,[^,.;:]+,)? to|strive|work towards?|work to|make (?:every|all reasonable|reasonable|best|its best|their best)? ?efforts?|use (?:its|their)? ?(?:best|reasonable) (?:efforts|endeavou?rs)))\b"
        ))
    });
    let lowered = lowered(window_after(text, 400));
    let c = LEADING.captures(&lowered)?;
    [
        Content::Cooperative,
        Content::Promotional,
        Content::Deliberative,
        Content::Explore,
        Content::Framework,
        Content::BestEfforts,
    ]
    .into_iter()
    .enumerate()
    .find_map(|(i, kind)| c.get(i + 1).map(|m| (kind, m.start, m.end)))
}

/// A softened object or an evaluative standard in an obligation's clause: "appropriate
/// measures", "adequate" (softened), "reasonable", "minimise", "promptly" (evaluative).
pub(crate) fn object_standard(text: &str) -> Option<(bool, usize, usize)> {
    static STANDARD: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(
            r"\b(?:(appropriate (?:measures|steps|action)|adequate|taking into account|with such modifications|as may be necessary)|(reasonabl[ey]|unreasonabl[ey]|minimi[sz]e|impartial|objective manner|undue|unnecessar(?:y|ily)|promptly|expeditiously|without delay))\b",
        )
    });
    let lowered = lowered(window_after(text, 400));
    let c = STANDARD.captures(&lowered)?;
    let softened = c.get(1).is_some();
    let m = c.get(0).expect("group 0 always matches");
    Some((softened, m.start, m.end))
}

/// Whether a "must" or "shall" states a principle that names nobody who must act: "the
/// development of electronic commerce must be fully compatible with international standards".
pub(crate) fn is_unaddressed_principle(subject: &str, after: &str) -> bool {
    static PRINCIPLE: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(r"^\s*be (?:fully )?(?:compatible|consistent|in line|in conformity) with\b")
    });
    static ACTOR_WORD: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(&format!(
            r"\b(?:{ACTOR}|measures?|laws?|regulations?|procedures?|requirements?)\b"
        ))
    });
    PRINCIPLE.is_match(window_after(after, 80))
        && !ACTOR_WORD.is_match(window_before(subject, subject.len(), 300))
}

/// Whether a "shall" states the functions of a body the Parties run together: "The functions
/// of the Committee shall be:", "The functions of the Sub-Committee shall include". Such a
/// mandate (reviewing, discussing, exchanging information) is collaborative work with no
/// specified result, which is what the rubric calls cooperation.
pub(crate) fn is_joint_body_mandate(subject: &str, after: &str) -> bool {
    static FUNCTIONS_OF_BODY: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(
            r"\b(?:functions|tasks|mandate|responsibilities) of (?:the|this|each|a|any) (?:[\w-]+ ){0,4}?(?:committee|sub-?committee|working group|forum|council|commission|board|dialogue|contact points?|coordinators?)(?: (?:on|for|established under|referred to in) [^.;:]{0,60}?)?\s*$",
        )
    });
    static BE_OR_INCLUDE: LazyLock<Lexeme> =
        LazyLock::new(|| Lexeme::new(r"^(?:\s*,[^,;:]*,)?\s*(?:be|include|comprise|consist of)\b"));
    BE_OR_INCLUDE.is_match(window_after(after, 40))
        && FUNCTIONS_OF_BODY.is_match(window_before(subject, subject.len(), 120))
}

/// Whether the words after a modal open the clause it requires ("provide that", "ensure
/// that"), with no sentence break before the next modal.
pub(crate) fn opens_content_clause(after_modal: &str) -> bool {
    static CONTENT_CLAUSE: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(r"^(?:\s*,[^,;:]*,)?\s*(?:ensure|provide|require|stipulate)s? that\b[^;:]*$")
    });
    after_modal.len() < 400 && CONTENT_CLAUSE.is_match(after_modal)
}

/// Cooperative verbs in a further limb of the same clause: "employ, and encourage enterprises".
pub(crate) fn further_cooperative_limbs(text: &str) -> Vec<(usize, usize)> {
    static LIMB: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(&format!(
            r",?\s+(?:and|or|as well as)\s+(?:(?:also|\w+ly)\s+)?((?:{COOPERATIVE_VERBS}|{PROMOTIONAL_VERBS})\w*)\b"
        ))
    });
    let lowered = lowered(window_after(text, 400));
    LIMB.captures_iter(&lowered)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start, m.end))
        .collect()
}

/// Private actors named as the object of encouragement: "encourage enterprises", "the private
/// sector".
pub(crate) fn private_actor(text: &str) -> Option<(usize, usize)> {
    static PRIVATE: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(
            r"^\s*((?:the\s+)?(?:enterprises|private sector|companies|businesses|industry|suppliers|persons|consumers|stakeholders))\b",
        )
    });
    PRIVATE
        .captures(&lowered(window_after(text, 80)))
        .and_then(|c| c.get(1))
        .map(|m| (m.start, m.end))
}

/// The grammatical subject just before a modal: "each Party", "the Parties", "it".
pub(crate) fn subject_before(text: &str) -> Option<(usize, usize, bool)> {
    static SUBJECT: LazyLock<Lexeme> = LazyLock::new(|| {
        Lexeme::new(r"\b(?:(each|a|any|either|no|every) part(?:y|ies)|(the) parties|(it|they))\s*$")
    });
    // Only the last words can hold the subject: looking no further keeps this linear in the
    // length of a long sentence with many modals.
    let window = window_before(text, text.len(), 48);
    let offset = text.len() - window.len();
    let lowered = lowered(window);
    SUBJECT.captures(&lowered).map(|c| {
        let whole = c.get(0).expect("group 0 always matches");
        let collective = c.get(2).is_some() || c.get(3).is_some_and(|m| &lowered[m] == b"they");
        let trimmed = lowered[whole.clone()].trim_ascii_end().len();
        (
            offset + whole.start,
            offset + whole.start + trimmed,
            collective,
        )
    })
}
