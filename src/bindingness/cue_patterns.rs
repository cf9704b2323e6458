// The patterns of the cue lexicon, read by `lexicon.rs` (with `include!`) and by `build.rs`,
// which compiles them to DFAs at build time: compiling some fifty regular expressions at
// start-up was most of the time of a `show`.
//
// Each pattern is written in lower case and matched on the ASCII-lowercased bytes of a text;
// a curly apostrophe is spelled `’` and matched as its UTF-8 bytes.

/// Words that name a legal instrument or a part of one, the subject of a carve-out such as
/// "This Article does not preclude" or "paragraph 1 shall not prevent".
const INSTRUMENT: &str = r"(?:this|that|the|such) (?:chapter|article|annex|agreement|section|paragraph|subparagraph|provision|disclosure|definition|part)s?|paragraphs? \d+(?:\s?\([a-z]+\))?|articles? \d+(?:\.\d+)*(?:\.[a-z])?|chapters? \d+";

/// Verbs of carve-outs after "shall not" / "does not" when the subject is an instrument.
const CARVE_OUT_VERBS: &str = "preclude|prevent|affect|prejudice|limit|restrict|require";

/// Verbs whose content is cooperation rather than a result the Party must achieve. "meet" only
/// without an object ("The Committee shall meet annually", not "shall meet the requirements").
pub(crate) const COOPERATIVE_VERBS: &str = r"cooperate|co-operate|collaborate|work together|work jointly|work cooperatively|exchange|share|maintain (?:a |an )?dialogue|engage in (?:a |an )?dialogue|hold (?:a )?dialogue|participate|consult|conduct (?:such )?(?:co-?operation|consultations)|enter into consultations|hold consultations|engage in (?:mutually agreed )?(?:technical )?(?:co-?operation|cooperative)|develop(?:,[^,;:]*,)? (?:common|joint)|jointly develop|negotiate|meet(?:\s+(?:at|in|on|annually|regularly|periodically|once|twice|within|as|every|upon|when|whenever|to|no later|from time)\b|\s*[.,;]|$)";

/// Verbs that promote or encourage conduct the Party need not achieve.
pub(crate) const PROMOTIONAL_VERBS: &str = r"encourage|promote|foster|discourage";

/// Verbs of permission that a narrowing clause denies to an exception: "shall not be construed
/// to permit".
const PERMITTING_VERBS: &str = r"permit|allow|authori[sz]e|enable|entitle|justify";

/// Who can be the subject of a permission ("a Party may", "the tribunal may") or of an
/// addressed obligation.
const ACTOR: &str = r"part(?:y|ies)|it|they|investors?|tribunals?|panels?|commission|committee|authorit(?:y|ies)|entit(?:y|ies)|officials|chair";

/// Every pattern of the lexicon, as (kind of cue, priority, source); a lower priority wins an
/// overlap.
fn cue_patterns() -> Vec<(CueKind, u8, String)> {
    vec![
        // Narrowing: an exception that is not to be read as permitting something. Longer than
        // the carve-out it contains, so it wins the overlap.
        (
            CueKind::Narrowing,
            0,
            format!(r"\b(?:nothing in [^.;:]*?\bshall be|(?:shall|does|do|will|should) not be) (?:construed|interpreted|understood|read) (?:so as )?to (?:{PERMITTING_VERBS})\b"),
        ),
        // Exclusion from dispute settlement: a carve-out of its own kind, since it is reported
        // as a flag of the provisions it governs.
        (
            CueKind::DisputeSettlementExclusion,
            0,
            r"\b(?:(?:no|neither) part(?:y|ies) (?:shall|may) have|(?:shall|may) not have) recourse to\b|\b(?:shall|is|are) not (?:be )?subject to (?:the )?dispute settlement\b|\b(?:no|neither) part(?:y|ies) (?:shall|may) request the establishment of an? (?:arbitral )?panel\b|\(dispute settlement\)(?: of this agreement)? shall not apply\b".into(),
        ),
        // Carve-outs: an instrument that does not apply, or is not to be read as binding.
        (
            CueKind::CarveOut,
            0,
            r"\bnothing in (?:this|these|the|paragraphs?|subparagraphs?|articles?|chapters?|annex) [^.;:]*?\b(?:(?:shall|should|will)(?: be (?:construed|interpreted))?|imposes?|requires?|confers?|prevents?|precludes?|limits?|applies|affects?|obliges?)\b".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\bno provision of (?:this|the) [^.;:]*?\b(?:shall|should|will)\b".into(),
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
            // Only with an instrument as subject: "This Chapter shall not apply to", not "A
            // Party shall not apply customs duties".
            r"\b(?:shall|does|do|will) not apply(?: to\b|\s*[.;:,]|$| in\b| with respect\b)".into(),
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
            r"\b(?:is|are|shall be|shall not be) subject to (?:the relevant|annex|article|chapter)".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\b(?:(?:is|are|shall) not (?:be )?|(?:no|neither) part(?:y|ies) shall be )(?:required|obliged|obligated) to\b".into(),
        ),
        // Obligations switched off in so many words: "No Party shall have any obligation under
        // this Article", "a Tribunal shall not have jurisdiction".
        (
            CueKind::CarveOut,
            0,
            r"\b(?:(?:no|neither) part(?:y|ies) shall|(?:shall|does|do|will) not) have any obligations?\b|\bshall have no obligations?\b|\bshall not have jurisdiction\b".into(),
        ),
        // Conflict rules, incorporated exceptions, deferral.
        (CueKind::CarveOut, 0, r"\b(?:shall prevail|prevails)\b".into()),
        (
            CueKind::CarveOut,
            0,
            r"\bmutatis mutandis\b|\b(?:is|are) (?:hereby )?incorporated into\b|\bapplication of the (?:reservations|exceptions)\b|\breservations [^.;:]*?\bapply to\b".into(),
        ),
        (
            CueKind::CarveOut,
            0,
            r"\bdelayed application\b|\bdefer(?:s|red)? the application\b|\bshall not apply (?:until|before)\b".into(),
        ),
        (CueKind::CarveOut, 0, r"\bnotwithstanding\b".into()),
        // Scope and interpretation: say what the text covers or means, bind no one.
        (
            CueKind::Scope,
            1,
            format!(r"\b(?:{INSTRUMENT})(?: \([^)]*\))?(?: shall)?(?: otherwise| also)? appl(?:y|ies) to\b"),
        ),
        (CueKind::Clarification, 1, r"\bfor greater (?:certainty|clarity)\b".into()),
        (
            CueKind::Clarification,
            1,
            r"\bfor (?:the )?purposes? of (?:this|these)\b".into(),
        ),
        (
            CueKind::Clarification,
            0,
            r"\b(?:shall be|are to be|is to be) interpreted in accordance with\b|\bhas the same meaning\b".into(),
        ),
        // Deeming: "deliveries shall be considered as the provision of services" says what a
        // thing is, it does not bind anyone to act.
        (
            CueKind::Clarification,
            3,
            r"\b(?:shall|is to|are to) be (?:considered|deemed|regarded) (?:as|to be)\b".into(),
        ),
        (
            CueKind::Objective,
            1,
            r"\b(?:the )?(?:objectives?|aims?|purposes?|goals?) of this (?:chapter|article|section|agreement) (?:is|are|shall be)\b".into(),
        ),
        // Best efforts, before plain "shall" so "shall endeavor" is read whole.
        (
            CueKind::BestEfforts,
            2,
            r"\b(?:shall|will|must|agree to)(?:,[^,.;:]+,)? (?:endeavou?r|seek(?:,[^,.;:]+,)? to|strive|aim|try|work towards?|work to|explore|make (?:every|all reasonable|reasonable|best|its best|their best)? ?efforts?|use (?:its|their)? ?(?:best|reasonable) (?:efforts|endeavou?rs))\b".into(),
        ),
        (
            CueKind::Consider,
            2,
            r"\bshall (?:consider|(?:give|provide|accord|afford) (?:\w+ )?consideration|take into (?:account|consideration))\b".into(),
        ),
        (
            CueKind::Prohibition,
            3,
            r"\b(?:no|neither|nor any) (?:\w+ of an? )?part(?:y|ies)(?:, [^,.;:]+,)? (?:shall|may|must)\b".into(),
        ),
        (
            CueKind::Prohibition,
            3,
            r"\b(?:shall|must) not\b|\b(?:agree|agrees|undertake|undertakes|commit|commits) not to\b|\bcannot be subject to\b".into(),
        ),
        (
            CueKind::Prohibition,
            3,
            r"\b(?:each|a|any|the) part(?:y|ies) may not\b".into(),
        ),
        (CueKind::Obligation, 4, r"\b(?:shall|must)\b".into()),
        (
            CueKind::Obligation,
            4,
            r"\b(?:agree|agrees|undertake|undertakes|commit|commits|are committed|is committed) to\b".into(),
        ),
        (CueKind::Will, 4, r"\b(?:part(?:y|ies)|they) will\b".into()),
        (CueKind::Should, 4, r"\bshould\b".into()),
        // Performative: the text itself sets the body up ("The Parties hereby establish").
        (
            CueKind::Obligation,
            4,
            r"\bhereby (?:establish|create|set up|constitute)(?:e?s)?\b|\b(?:is|are) hereby (?:established|created|set up|constituted)\b".into(),
        ),
        (
            CueKind::Permission,
            3,
            r"\b(?:can|may) (?:take the form of|include)\b".into(),
        ),
        (
            CueKind::SelfDetermination,
            3,
            format!(r"\b(?:{ACTOR}) (?:\w+ )?may (?:determine|decide|define|designate|identify) (?:what|whether|which|how|the (?:scope|meaning))\b|\bas (?:determined|defined|designated|identified) by (?:each|the|that) party\b"),
        ),
        (
            CueKind::Permission,
            4,
            format!(r"\b(?:{ACTOR})(?:,[^,.;:]+,)? (?:\w+ )?may\b"),
        ),
        (
            CueKind::Permission,
            4,
            r"\b(?:retains?|reserves?) (?:the|its|their) right\b|\b(?:is|are) free to\b".into(),
        ),
        // Any other "may": a permission only when its clause names an actor (kept by
        // `find_cues` after checking the words before it).
        (CueKind::Permission, 5, r"\bmay\b".into()),
        (
            CueKind::Recognition,
            5,
            r"\b(?:recogni[sz](?:e|es|ing)|(?:re)?affirm(?:s|ing)?|acknowledg(?:e|es|ing)|understand|share the (?:view|understanding|vision)|note with|(?:parties|they) (?:note|confirm)|confirm that)\b".into(),
        ),
        // Hedges: qualifiers that hand discretion back to the Party.
        (
            CueKind::Hedge,
            6,
            r"\b(?:where|as|when|if|wherever|whenever) (?:appropriate|practicable|possible|feasible|necessary)(?: and (?:appropriate|practicable|possible|feasible))?\b".into(),
        ),
        (CueKind::Hedge, 6, r"\bin appropriate cases\b".into()),
        // "shall take such reasonable measures as may be available to it": the Party does what
        // it can.
        (
            CueKind::Hedge,
            6,
            r"\b(?:such )?reasonable measures as (?:may be|are) available(?: to (?:it|them))?\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\b(?:to the (?:(?:maximum|fullest|greatest) )?(?:extent|degree)|insofar as|in so far as) (?:practicable|possible|feasible|appropriate)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bas soon as (?:practicable|possible|reasonably possible)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bexcept (?:where|when|if|in (?:cases|circumstances|the circumstances))\b|\bexcept:|\bunless\b".into(),
        ),
        // "No Party shall condition X, other than to require that": the exception is listed.
        (
            CueKind::Hedge,
            6,
            r"\bother than to (?:require|permit|allow)\b".into(),
        ),
        // Exceptions listed elsewhere in the text: "except as provided in paragraph 4", "except
        // as set out in its Schedule" (not "except as otherwise provided in this Agreement",
        // which only says that the Agreement's exceptions apply).
        (
            CueKind::Hedge,
            6,
            r"\bexcept as (?:otherwise )?(?:provided|set out|set forth|specified)(?: for)? (?:in|under) (?:paragraphs?|subparagraphs?|annex|articles? \d|appendix|(?:its|the|that party’s|that party's|a party’s|a party's) schedule)".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bto the extent (?:that )?(?:a|the|each|it|its) (?:party |parties )?(?:chooses?|decides?|considers?|deems?|wish(?:es)?)\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\b(?:as|that) (?:it|the party|that party|each party|they|the parties) (?:considers?|deems?) (?:appropriate|necessary|fit)\b|\b(?:in a manner|as) (?:it )?(?:considered|considers|deems|deemed) (?:appropriate|necessary)(?: by (?:that|the|each) party)?\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\b(?:in accordance with|consistent with|subject to|pursuant to|in conformity with|compatible with) (?:its|their|each party’s|each party's|the) (?:respective )?(?:applicable |domestic |national )?(?:laws?|legislation|legal (?:framework|systems?|procedures?)|regulations|fundamental principles of its legal system|procedures, policies)(?:(?:,| and| or) (?:regulations|policies|procedures|requirements|important interests)){0,3}\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bsubject to (?:applicable|domestic|its) (?:policies, )?(?:laws|legislation|policies)(?:,? and regulations)?\b|\bwithin (?:their|its) (?:respective )?competences?\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\b(?:subject to|within) (?:the |their |its )?(?:reasonably )?(?:available|its available|their available|availability of) (?:resources|funds|funding)\b|\bavailable resources\b|\bthrough existing means available\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bexcept in circumstances otherwise provided for under its law\b|\b(?:having regard|taking account) (?:to|of) (?:its|their) national\b".into(),
        ),
        // "voluntary" hedges only as the manner of the commitment ("on a voluntary basis",
        // "participation shall be voluntary", "to voluntarily adopt"), not as an adjective of
        // its object ("voluntary labeling schemes").
        (
            CueKind::Hedge,
            6,
            r"\bon a voluntary basis\b|\b(?:is|are|be|remains?) voluntary\b|\bto voluntarily\b".into(),
        ),
        // Conditions precedent: the commitment binds only once the Parties have decided.
        (
            CueKind::Hedge,
            6,
            r"\b(?:the |both |all )?part(?:y|ies)(?: concerned)? (?:have|has|having) (?:mutually |jointly )?(?:determined|agreed|decided|found)\b|\b(?:when|if|where|as) (?:mutually )?agreed\b|\b(?:if|when|once|where) (?:they|the (?:disputing |consulting |two )?parties|both parties|all parties) (?:so )?(?:agree|decide)\b|\b(?:when|where|if) there is mutual benefit\b".into(),
        ),
        (
            CueKind::Hedge,
            6,
            r"\bon (?:mutually agreed|mutually determined) terms\b".into(),
        ),
    ]
}
