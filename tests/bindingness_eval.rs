//! The evaluation the bindingness score is held to (thresholds in docs/bindingness.md):
//!
//! - the development set, 500 clauses of agreements other than USMCA
//!   (tests/data/bindingness-dev.json, built by scripts/bindingness-devset.py), labelled by the
//!   rubric before the analyzer was run on them; its random `untouched` quarter was never
//!   looked at while tuning and is checked by its own test;
//! - the fresh set, 181 clauses no earlier round drew (tests/data/bindingness-fresh.json, the
//!   held-out check of issue 14), labelled and committed before the analyzer was run on them;
//!   its random `untouched` half was never looked at while tuning, the other half's
//!   disagreements were;
//! - the older label set (tests/data/bindingness-labels.json: every USMCA provision in
//!   context and 59 clauses of other agreements), converted to the rubric's scores;
//! - the rubric's minimal pairs, on real clauses and by property test: "shall endeavor to",
//!   "should" or "shall explore" never above the same clause with a plain "shall", and a hedge
//!   never raises a score.
//!
//! Run `cargo test --test bindingness_eval -- --nocapture` to see the figures by agreement
//! family and, for the tuning split only, every disagreement.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use redline::baseline::{USMCA_ANNEX_12C, USMCA_CH19};
use redline::bindingness::{analyze_document, analyze_item, analyze_text, Bindingness, Category};
use serde::Deserialize;
use serde_json::Value;

/// Spearman rank correlation between strength and the labelled score.
const MIN_SPEARMAN: f64 = 0.85;
/// Share of clauses whose category is the labelled one.
const MIN_CATEGORY_ACCURACY: f64 = 0.85;
/// Share of (hard, soft) pairs in which the hard clause scores at or below the soft one.
const MAX_HARD_AT_OR_BELOW_SOFT: f64 = 0.05;

const DEV_SET: &str = include_str!("data/bindingness-dev.json");
const FRESH_SET: &str = include_str!("data/bindingness-fresh.json");
const LABELS: &str = include_str!("data/bindingness-labels.json");

/// One labelled clause with what the analyzer made of it.
struct Scored {
    source: String,
    name: String,
    category: Category,
    score: f64,
    reason: String,
    got: Bindingness,
}

fn labels() -> Value {
    serde_json::from_str(LABELS).expect("labels are valid JSON")
}

fn category(entry: &Value) -> Category {
    let name = entry["category"].as_str().expect("category is a string");
    Category::from_name(name).unwrap_or_else(|| panic!("unknown category {name}"))
}

fn scored(entry: &Value, name: String, got: Bindingness) -> Scored {
    Scored {
        source: entry["source"].as_str().expect("source").to_string(),
        name,
        category: category(entry),
        score: entry["score"].as_f64().expect("score"),
        reason: entry["reason"].as_str().expect("reason").to_string(),
        got,
    }
}

/// Every labelled clause, scored: baseline provisions in context, quoted clauses as pasted.
fn evaluate() -> Vec<Scored> {
    let labels = labels();
    let mut baselines = HashMap::new();
    for embedded in [USMCA_CH19, USMCA_ANNEX_12C] {
        let doc = embedded.document().expect("embedded baselines parse");
        let scores: HashMap<String, Bindingness> = analyze_document(&doc)
            .into_iter()
            .map(|s| (s.id, s.bindingness))
            .collect();
        baselines.insert(embedded.name, scores);
    }
    let mut out = Vec::new();
    for entry in labels["baseline"].as_array().expect("baseline array") {
        let source = entry["source"].as_str().expect("source");
        let id = entry["id"].as_str().expect("id");
        let got = baselines[source]
            .get(id)
            .unwrap_or_else(|| panic!("label for {id}, which is not a provision of {source}"))
            .clone();
        out.push(scored(entry, id.to_string(), got));
    }
    for entry in labels["clauses"].as_array().expect("clauses array") {
        let text = entry["text"].as_str().expect("text");
        let chapeaux: Vec<&str> = entry["chapeaux"]
            .as_array()
            .map(|a| a.iter().map(|c| c.as_str().expect("chapeau")).collect())
            .unwrap_or_default();
        let got = if chapeaux.is_empty() {
            analyze_text(text)
        } else {
            analyze_item(&chapeaux, text)
        };
        let name = entry["source"].as_str().expect("source").to_string();
        out.push(scored(entry, name, got));
    }
    out
}

/// Average ranks (ties share the mean of their positions), 1-based.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

#[derive(Deserialize)]
struct DevSet {
    clauses: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    id: String,
    family: String,
    agreement: String,
    article: String,
    chapeaux: Vec<String>,
    text: String,
    category: String,
    score: u8,
    reason: String,
    split: String,
}

/// A labelled clause with what the analyzer made of it.
struct DevScored<'a> {
    label: &'a Labelled,
    category: Category,
    got: Bindingness,
}

impl DevScored<'_> {
    /// The analyzer's strength on the rubric's scale, where a definition is 0.
    fn strength(&self) -> f64 {
        f64::from(self.got.strength.unwrap_or(0))
    }
}

fn dev_set() -> DevSet {
    serde_json::from_str(DEV_SET).expect("the dev set is valid JSON")
}

fn fresh_set() -> DevSet {
    serde_json::from_str(FRESH_SET).expect("the fresh set is valid JSON")
}

fn score_dev(label: &Labelled) -> DevScored<'_> {
    let chapeaux: Vec<&str> = label.chapeaux.iter().map(String::as_str).collect();
    let got = if chapeaux.is_empty() {
        analyze_text(&label.text)
    } else {
        analyze_item(&chapeaux, &label.text)
    };
    let category = Category::from_name(&label.category)
        .unwrap_or_else(|| panic!("{}: unknown category {}", label.id, label.category));
    DevScored {
        label,
        category,
        got,
    }
}

/// Hard clauses bind (obligations, prohibitions); soft ones are the soft-law categories.
fn is_hard(c: Category) -> bool {
    matches!(c, Category::Obligation | Category::Prohibition)
}

fn is_soft(c: Category) -> bool {
    matches!(
        c,
        Category::Hortatory | Category::BestEfforts | Category::Cooperation
    )
}

/// One clause as the figures see it.
#[derive(Debug, Clone, Copy)]
struct Judged {
    labelled: Category,
    got: Category,
    strength: f64,
    score: f64,
}

/// The figures the thresholds apply to.
#[derive(Debug)]
struct Figures {
    clauses: usize,
    spearman: f64,
    accuracy: f64,
    hard_at_or_below_soft: f64,
}

impl Figures {
    fn of(judged: &[Judged]) -> Figures {
        let got: Vec<f64> = judged.iter().map(|j| j.strength).collect();
        let want: Vec<f64> = judged.iter().map(|j| j.score).collect();
        let correct = judged.iter().filter(|j| j.got == j.labelled).count();
        let strengths = |keep: fn(Category) -> bool| -> Vec<f64> {
            judged
                .iter()
                .filter(|j| keep(j.labelled))
                .map(|j| j.strength)
                .collect()
        };
        let (hard, soft) = (strengths(is_hard), strengths(is_soft));
        let pairs = hard.len() * soft.len();
        let inverted = hard
            .iter()
            .map(|h| soft.iter().filter(|s| h <= s).count())
            .sum::<usize>();
        Figures {
            clauses: judged.len(),
            spearman: spearman(&got, &want),
            accuracy: correct as f64 / judged.len() as f64,
            hard_at_or_below_soft: if pairs == 0 {
                0.0
            } else {
                inverted as f64 / pairs as f64
            },
        }
    }

    fn line(&self) -> String {
        format!(
            "{:>3} clauses, Spearman {:.3}, category accuracy {:.3}, hard at or below soft {:.3}",
            self.clauses, self.spearman, self.accuracy, self.hard_at_or_below_soft
        )
    }

    /// The thresholds, the same for every split of every set.
    fn assert_thresholds(&self, name: &str) {
        assert!(
            self.spearman >= MIN_SPEARMAN,
            "{name}: Spearman {:.3} is below {MIN_SPEARMAN}",
            self.spearman
        );
        assert!(
            self.accuracy >= MIN_CATEGORY_ACCURACY,
            "{name}: category accuracy {:.3} is below {MIN_CATEGORY_ACCURACY}",
            self.accuracy
        );
        assert!(
            self.hard_at_or_below_soft <= MAX_HARD_AT_OR_BELOW_SOFT,
            "{name}: {:.3} of hard/soft pairs have the hard clause at or below the soft one (at most {MAX_HARD_AT_OR_BELOW_SOFT})",
            self.hard_at_or_below_soft
        );
    }
}

fn judged(scored: &[&DevScored<'_>]) -> Vec<Judged> {
    scored
        .iter()
        .map(|s| Judged {
            labelled: s.category,
            got: s.got.category,
            strength: s.strength(),
            score: f64::from(s.label.score),
        })
        .collect()
}

/// Prints the figures of `scored` and of each agreement family in it.
fn report(name: &str, scored: &[&DevScored<'_>]) -> Figures {
    let all = Figures::of(&judged(scored));
    eprintln!("{name}: {}", all.line());
    let mut families: BTreeMap<&str, Vec<&DevScored<'_>>> = BTreeMap::new();
    for s in scored {
        families.entry(&s.label.family).or_default().push(s);
    }
    for (family, members) in families {
        eprintln!("  {family:<7} {}", Figures::of(&judged(&members)).line());
    }
    all
}

#[test]
fn the_dev_set_has_400_clauses_and_40_per_category_from_agreements_other_than_usmca() {
    let set = dev_set();
    assert!(set.clauses.len() >= 400, "{} clauses", set.clauses.len());
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &set.clauses {
        *per_category.entry(&c.category).or_default() += 1;
        assert!(!c.agreement.contains("USMCA"), "{}", c.id);
        assert!(!c.reason.is_empty() && !c.article.is_empty(), "{}", c.id);
    }
    for category in Category::ALL
        .into_iter()
        .filter(|&c| c != Category::Definition)
    {
        let n = per_category.get(category.name()).copied().unwrap_or(0);
        assert!(n >= 40, "{} clauses labelled {}", n, category.name());
    }
    let untouched = set
        .clauses
        .iter()
        .filter(|c| c.split == "untouched")
        .count();
    assert_eq!(untouched, set.clauses.len() / 4);
}

#[test]
fn dev_and_fresh_set_clauses_are_quoted_from_the_corpus_when_it_is_present() {
    let Ok(index) = std::fs::read_to_string("../shared/corpus/ecommerce/INDEX.tsv") else {
        eprintln!("skipped: ../shared/corpus is not beside the repository");
        return;
    };
    let mut corpus = String::new();
    for file in index.lines().skip(1).filter_map(|l| l.split('\t').next()) {
        corpus += &std::fs::read_to_string(format!("../shared/corpus/ecommerce/{file}")).unwrap();
    }
    for file in ["tpp-2016-en.txt", "nafta-1992-en.txt"] {
        corpus += &std::fs::read_to_string(format!("../shared/corpus/{file}")).unwrap();
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let corpus = squeeze(&corpus);
    for c in dev_set().clauses.into_iter().chain(fresh_set().clauses) {
        let head: String = c.text.chars().take(60).collect();
        assert!(
            corpus.contains(&squeeze(&head)),
            "{}: not in the corpus: {head}",
            c.id
        );
    }
}

#[test]
fn the_tuning_split_meets_the_thresholds() {
    let set = dev_set();
    let scored: Vec<DevScored<'_>> = set.clauses.iter().map(score_dev).collect();
    let tuning: Vec<&DevScored<'_>> = scored
        .iter()
        .filter(|s| s.label.split == "tuning")
        .collect();
    let f = report("dev set, tuning split", &tuning);
    print_disagreements(&tuning);
    f.assert_thresholds("tuning split");
}

/// Every clause whose category is not the labelled one or whose strength is 20 or more away.
fn print_disagreements(scored: &[&DevScored<'_>]) {
    for s in scored {
        if s.got.category != s.category || (s.strength() - f64::from(s.label.score)).abs() >= 20.0 {
            eprintln!(
                "  {} {} {}: labelled {} {} ({}), scored {} {:?}: {}",
                s.label.id,
                s.label.agreement,
                s.label.article,
                s.category.name(),
                s.label.score,
                s.label.reason,
                s.got.category.name(),
                s.got.strength,
                s.label.text.chars().take(160).collect::<String>()
            );
        }
    }
}

#[test]
fn the_fresh_set_has_150_clauses_none_of_them_in_the_dev_set() {
    let fresh = fresh_set();
    assert!(
        fresh.clauses.len() >= 150,
        "{} clauses",
        fresh.clauses.len()
    );
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let dev: std::collections::HashSet<String> =
        dev_set().clauses.iter().map(|c| letters(&c.text)).collect();
    for c in &fresh.clauses {
        assert!(c.id.starts_with('f'), "{}", c.id);
        assert!(
            !dev.contains(&letters(&c.text)),
            "{} is in the dev set",
            c.id
        );
        assert!(!c.reason.is_empty() && !c.article.is_empty(), "{}", c.id);
        assert!(Category::from_name(&c.category).is_some(), "{}", c.id);
    }
    let untouched = fresh
        .clauses
        .iter()
        .filter(|c| c.split == "untouched")
        .count();
    assert_eq!(untouched, fresh.clauses.len() / 2);
}

/// The rubric's minimal pairs on some clauses: how many swaps and insertions were checked, and
/// every one in which the weaker clause outscored the stronger.
struct MinimalPairs {
    /// "shall endeavo(u)r to" replaced by "shall".
    hardened: usize,
    /// A plain "shall" replaced by a weaker modal.
    softened: usize,
    /// A hedge put after the first "shall".
    hedged: usize,
    violations: Vec<String>,
}

impl MinimalPairs {
    fn checked(&self) -> usize {
        self.hardened + self.softened + self.hedged
    }
}

fn minimal_pairs<'a>(texts: impl IntoIterator<Item = &'a str>) -> MinimalPairs {
    let mut violations = Vec::new();
    let mut check = |weaker: &str, stronger: &str| {
        let (w, s) = (analyze_text(weaker), analyze_text(stronger));
        if w.strength.unwrap_or(0) > s.strength.unwrap_or(0) {
            violations.push(format!(
                "\"{weaker}\" scored {:?} above \"{stronger}\" at {:?}",
                w.strength, s.strength
            ));
        }
    };
    let (mut hardened, mut softened, mut hedged) = (0, 0, 0);
    for text in texts {
        if let Some(shall) = with_plain_shall(text) {
            hardened += 1;
            check(text, &shall);
        }
        for weaker in ["shall endeavor to", "should", "shall explore ways to"] {
            if let Some(weak) = with_weaker(text, weaker) {
                softened += 1;
                check(&weak, text);
            }
        }
        for hedge in [
            "where appropriate",
            "to the extent practicable",
            "in accordance with its laws",
        ] {
            if let Some(with) = with_hedge(text, hedge) {
                hedged += 1;
                check(&with, text);
            }
        }
    }
    MinimalPairs {
        hardened,
        softened,
        hedged,
        violations,
    }
}

#[test]
fn the_fresh_set_meets_the_thresholds() {
    let set = fresh_set();
    let scored: Vec<DevScored<'_>> = set.clauses.iter().map(score_dev).collect();
    let split = |name: &str| -> Vec<&DevScored<'_>> {
        scored.iter().filter(|s| s.label.split == name).collect()
    };
    let (tuning, untouched) = (split("tuning"), split("untouched"));
    let tuned = report("fresh set, tuning half", &tuning);
    print_disagreements(&tuning);
    // Only the figures of the untouched half, never its clauses.
    let held = report("fresh set, untouched half", &untouched);
    let all: Vec<&DevScored<'_>> = scored.iter().collect();
    let whole = report("fresh set, all", &all);
    let pairs = minimal_pairs(set.clauses.iter().map(|c| c.text.as_str()));
    eprintln!(
        "fresh set, minimal pairs: {} checked, {} violations",
        pairs.checked(),
        pairs.violations.len()
    );
    tuned.assert_thresholds("fresh set, tuning half");
    held.assert_thresholds("fresh set, untouched half");
    whole.assert_thresholds("whole fresh set");
    assert!(
        pairs.violations.is_empty(),
        "{}",
        pairs.violations.join("\n")
    );
}

#[test]
fn the_untouched_quarter_meets_the_thresholds() {
    let set = dev_set();
    let scored: Vec<DevScored<'_>> = set.clauses.iter().map(score_dev).collect();
    let untouched: Vec<&DevScored<'_>> = scored
        .iter()
        .filter(|s| s.label.split == "untouched")
        .collect();
    // Only the figures: the clauses themselves are not shown, so that the quarter stays
    // untouched by whoever tunes the analyzer.
    let f = report("dev set, untouched quarter", &untouched);
    f.assert_thresholds("untouched quarter");
    let all: Vec<&DevScored<'_>> = scored.iter().collect();
    let whole = report("dev set, all", &all);
    whole.assert_thresholds("whole dev set");
}

#[test]
fn spearman_is_right_on_known_cases() {
    assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
    assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
}

#[test]
fn the_label_set_covers_every_baseline_provision_and_at_least_80_clauses() {
    let labels = labels();
    let labelled: Vec<(&str, &str)> = labels["baseline"]
        .as_array()
        .expect("baseline array")
        .iter()
        .map(|e| (e["source"].as_str().unwrap(), e["id"].as_str().unwrap()))
        .collect();
    for embedded in [USMCA_CH19, USMCA_ANNEX_12C] {
        let doc = embedded.document().unwrap();
        for p in doc.provisions() {
            assert!(
                labelled.contains(&(embedded.name, p.id.as_str())),
                "{} {} has no label",
                embedded.name,
                p.id
            );
        }
    }
    let clauses = labels["clauses"].as_array().unwrap();
    assert!(labelled.len() + clauses.len() >= 80);
    for source in ["TPP", "UK-Singapore", "Australia-UK", "DEPA", "AUSFTA"] {
        assert!(
            clauses
                .iter()
                .any(|c| c["source"].as_str().unwrap().starts_with(source)),
            "no clause from {source}"
        );
    }
}

#[test]
fn tpp_clauses_are_quoted_exactly_from_the_corpus_when_it_is_present() {
    let Ok(corpus) = std::fs::read_to_string("../shared/corpus/tpp-2016-en.txt") else {
        return; // The corpus sits beside the repository in development and CI only.
    };
    for clause in labels()["clauses"].as_array().unwrap() {
        if clause["source"].as_str().unwrap().starts_with("TPP") {
            let text = clause["text"].as_str().unwrap();
            assert!(corpus.contains(text), "not in the TPP corpus: {text}");
        }
    }
}

#[test]
fn the_older_label_set_meets_the_thresholds() {
    let results = evaluate();
    let figures_of = |rows: &[&Scored]| {
        let judged: Vec<Judged> = rows
            .iter()
            .map(|r| Judged {
                labelled: r.category,
                got: r.got.category,
                strength: f64::from(r.got.strength.unwrap_or(0)),
                score: r.score,
            })
            .collect();
        Figures::of(&judged)
    };
    let all: Vec<&Scored> = results.iter().collect();
    let f = figures_of(&all);
    eprintln!("older label set: {}", f.line());
    for r in results.iter().filter(|r| r.got.category != r.category) {
        eprintln!(
            "  disagreement: {}: labelled {} ({}), scored {} {:?}",
            r.name,
            r.category.name(),
            r.reason,
            r.got.category.name(),
            r.got.strength
        );
    }
    f.assert_thresholds("older label set");
    let quoted: Vec<&Scored> = results
        .iter()
        .filter(|r| !r.source.starts_with("usmca"))
        .collect();
    figures_of(&quoted).assert_thresholds("older label set, other agreements");
}

/// The clause with its first "shall endeavo(u)r to" replaced by "shall", if it has one.
fn with_plain_shall(text: &str) -> Option<String> {
    [
        ("shall endeavor to ", "shall "),
        ("shall endeavour to ", "shall "),
        ("shall endeavor to:", "shall:"),
        ("shall endeavour to:", "shall:"),
    ]
    .iter()
    .find(|(from, _)| text.contains(from))
    .map(|(from, to)| text.replacen(from, to, 1))
}

/// The clause with its first affirmative "shall <verb>" turned into "<weaker> <verb>" (for
/// "shall endeavor to", "should", "shall explore ways to"), if it has one.
fn with_weaker(text: &str, weaker: &str) -> Option<String> {
    // Words that make a fixed phrase with "shall" ("shall apply to", "shall prevail"), which a
    // weaker modal would turn into nonsense rather than a weaker commitment.
    const NOT_A_DUTY_TO_ACT: [&str; 10] = [
        "not",
        "endeavor",
        "endeavour",
        "be",
        "apply",
        "seek",
        "consider",
        "prevail",
        "have",
        "otherwise",
    ];
    let mut from = 0;
    while let Some(i) = text[from..].find("shall ") {
        let at = from + i;
        let next = text[at + 6..].split_whitespace().next().unwrap_or("");
        if !NOT_A_DUTY_TO_ACT.contains(&next) {
            return Some(format!("{}{weaker} {}", &text[..at], &text[at + 6..]));
        }
        from = at + 6;
    }
    None
}

/// The clause with a hedge put after its first "shall" that governs a verb (not "shall not",
/// "shall be", "shall apply", "shall prevail", "shall have recourse": fixed phrases a hedge
/// would split).
fn with_hedge(text: &str, hedge: &str) -> Option<String> {
    let at = text.match_indices("shall ").map(|(at, _)| at).find(|&at| {
        let next = text[at + 6..].split_whitespace().next().unwrap_or("");
        !["not", "be", "apply", "prevail", "have", "otherwise"].contains(&next)
    })?;
    Some(format!(
        "{}shall, {hedge}, {}",
        &text[..at],
        &text[at + 6..]
    ))
}

/// Every real clause the tests know: the baselines' provisions, the older label set's clauses
/// and the dev set's.
fn real_clauses() -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for embedded in [USMCA_CH19, USMCA_ANNEX_12C] {
        texts.extend(
            embedded
                .document()
                .unwrap()
                .provisions()
                .map(|p| p.text.clone()),
        );
    }
    for clause in labels()["clauses"].as_array().unwrap() {
        texts.push(clause["text"].as_str().unwrap().to_string());
    }
    texts.extend(dev_set().clauses.into_iter().map(|c| c.text));
    texts
}

#[test]
fn real_clauses_keep_the_minimal_pairs() {
    let texts = real_clauses();
    let pairs = minimal_pairs(texts.iter().map(String::as_str));
    eprintln!(
        "minimal pairs on real clauses: {} endeavor->shall, {} shall->weaker, {} hedge insertions; {} violations",
        pairs.hardened,
        pairs.softened,
        pairs.hedged,
        pairs.violations.len()
    );
    assert!(
        pairs.violations.is_empty(),
        "{}",
        pairs.violations.join("\n")
    );
    assert!(
        pairs.hardened >= 15,
        "only {} real clauses had a best-efforts modal to swap",
        pairs.hardened
    );
    assert!(
        pairs.softened >= 300,
        "only {} real clauses had a plain shall to swap",
        pairs.softened
    );
    assert!(
        pairs.hedged >= 600,
        "only {} clauses had a shall to hedge",
        pairs.hedged
    );
}

const SUBJECTS: [&str; 5] = [
    "Each Party",
    "The Parties",
    "A Party",
    "Accordingly, each Party",
    "It",
];
const VERBS: [&str; 11] = [
    "adopt or maintain measures that protect consumers",
    "cooperate on cybersecurity incident response",
    "encourage enterprises to use risk-based approaches",
    "promote access to information",
    "accept electronic documents",
    "build the capabilities of national entities",
    "exchange information on regulations",
    "publish information on its protections",
    "maintain a legal framework governing electronic transactions",
    "participate actively in regional fora",
    "consider establishing a contact point",
];
const HEDGES: [&str; 6] = [
    "",
    ", where appropriate,",
    ", to the extent practicable,",
    ", in accordance with its laws,",
    ", subject to available resources,",
    ", as appropriate,",
];
const PREFIXES: [&str; 4] = [
    "",
    "The Parties recognize that threats undermine confidence. ",
    "To the extent that a Party chooses to do so, ",
    "Recognizing the global nature of digital trade, ",
];
const ENDEAVORS: [&str; 9] = [
    "shall endeavor to",
    "shall endeavour to",
    "shall seek to",
    "shall make every effort to",
    "should",
    "shall explore ways to",
    "shall explore the possibility to",
    "shall work towards being able to",
    "shall strive to",
];
/// Every operator a clause can open with, for the hedge property.
const MODALS: [&str; 10] = [
    "shall",
    "shall not",
    "shall endeavor to",
    "should",
    "may",
    "shall explore ways to",
    "agree to",
    "agree not to",
    "will",
    "must",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_clauses_with_best_efforts_never_outscore_plain_shall(
        prefix in 0..PREFIXES.len(),
        subject in 0..SUBJECTS.len(),
        hedge in 0..HEDGES.len(),
        verb in 0..VERBS.len(),
        endeavor in 0..ENDEAVORS.len(),
        colon in any::<bool>(),
    ) {
        let subject = if PREFIXES[prefix].is_empty() || PREFIXES[prefix].ends_with(". ") {
            SUBJECTS[subject].to_string()
        } else {
            SUBJECTS[subject].to_lowercase()
        };
        let clause = |modal: &str| {
            if colon {
                format!("{}{subject}{} {modal}:", PREFIXES[prefix], HEDGES[hedge])
            } else {
                format!("{}{subject}{} {modal} {}.", PREFIXES[prefix], HEDGES[hedge], VERBS[verb])
            }
        };
        let (e, s) = (clause(ENDEAVORS[endeavor]), clause("shall"));
        let (eb, sb) = (analyze_text(&e), analyze_text(&s));
        prop_assert!(eb.strength.unwrap_or(0) <= sb.strength.unwrap_or(0),
            "{e:?} scored {:?}, {s:?} scored {:?}", eb.strength, sb.strength);
        if colon {
            let (ei, si) = (analyze_item(&[&e], VERBS[verb]), analyze_item(&[&s], VERBS[verb]));
            prop_assert!(ei.strength.unwrap_or(0) <= si.strength.unwrap_or(0));
        }
    }
    #[test]
    fn a_hedge_never_raises_a_generated_clause(
        prefix in 0..PREFIXES.len(),
        subject in 0..SUBJECTS.len(),
        hedge in 1..HEDGES.len(),
        verb in 0..VERBS.len(),
        modal in 0..MODALS.len(),
        colon in any::<bool>(),
    ) {
        let subject = if PREFIXES[prefix].is_empty() || PREFIXES[prefix].ends_with(". ") {
            SUBJECTS[subject].to_string()
        } else {
            SUBJECTS[subject].to_lowercase()
        };
        let clause = |hedge: &str| {
            if colon {
                format!("{}{subject}{hedge} {}:", PREFIXES[prefix], MODALS[modal])
            } else {
                format!("{}{subject}{hedge} {} {}.", PREFIXES[prefix], MODALS[modal], VERBS[verb])
            }
        };
        let (plain, hedged) = (clause(""), clause(HEDGES[hedge]));
        let (p, h) = (analyze_text(&plain), analyze_text(&hedged));
        prop_assert!(h.strength.unwrap_or(0) <= p.strength.unwrap_or(0),
            "{hedged:?} scored {:?}, {plain:?} scored {:?}", h.strength, p.strength);
        if colon {
            let (pi, hi) = (analyze_item(&[&plain], VERBS[verb]), analyze_item(&[&hedged], VERBS[verb]));
            prop_assert!(hi.strength.unwrap_or(0) <= pi.strength.unwrap_or(0),
                "item {:?} under {hedged:?} scored {:?}, under {plain:?} {:?}", VERBS[verb], hi.strength, pi.strength);
        }
    }
}
