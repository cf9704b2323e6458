//! Finding which units might be edited versions of each other without comparing every pair,
//! and telling unrelated texts from related ones before any alignment work.
//!
//! Two units that are versions of one provision share its distinctive words. An inverted index
//! from each word to the old units holding it, queried with a new unit's rarest words, yields a
//! handful of candidates; only those are compared exactly. Words held by many units ("Party",
//! "shall") say nothing about which unit is which and are not looked up.

use rustc_hash::{FxHashMap, FxHashSet};

use super::tokens::word_hash;

/// Up to this many pairs of old and new units, every pair is compared; beyond it, each new unit
/// is compared only with the candidates a word index finds for it.
const FULL_SEARCH_PAIRS: usize = 4096;

/// A word held by more units than this is too common to point at a candidate.
const COMMON_WORD_UNITS: usize = 64;

/// How many of a unit's rarest words are looked up.
const LOOKED_UP_WORDS: usize = 12;

/// How many candidates a lookup returns at most, best first.
const CANDIDATES: usize = 6;

/// Words per shingle of the relatedness sketch. Legal English is formulaic: two unrelated
/// treaties (TPP and NAFTA) share 75% of their word pairs but 15% of their six-word runs, while
/// TPP with a word changed in every paragraph keeps 83% of them.
const SHINGLE_WORDS: usize = 6;

/// One shingle in this many is sampled for the relatedness sketch (by hash, so both texts
/// sample the same shingles).
const SHINGLE_SAMPLE: u64 = 8;

/// Fewest sampled shingles each text needs before relatedness is judged: short texts are
/// compared in full, which is cheap and finer.
const SHINGLES_TO_JUDGE: usize = 200;

/// Inverted index from word hashes to the old units (by position in the index's list) holding
/// them.
struct WordIndex {
    units: Vec<usize>,
    postings: FxHashMap<u64, Vec<u32>>,
}

impl WordIndex {
    /// Indexes `units`, each given with its sorted distinct word hashes.
    fn new<'w>(units: impl IntoIterator<Item = (usize, &'w [u64])>) -> WordIndex {
        let mut index = WordIndex {
            units: Vec::new(),
            postings: FxHashMap::default(),
        };
        for (unit, words) in units {
            let at = index.units.len() as u32;
            index.units.push(unit);
            for &word in words {
                index.postings.entry(word).or_default().push(at);
            }
        }
        index
    }

    /// The indexed units sharing the most of the rarest of `words`, best first.
    fn candidates(&self, words: &[u64]) -> Vec<usize> {
        let mut rare: Vec<&[u32]> = words
            .iter()
            .filter_map(|w| self.postings.get(w))
            .map(Vec::as_slice)
            .filter(|units| units.len() <= COMMON_WORD_UNITS)
            .collect();
        rare.sort_unstable_by_key(|units| units.len());
        let mut hits: Vec<u32> = rare
            .into_iter()
            .take(LOOKED_UP_WORDS)
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        let mut counted: Vec<(usize, u32)> = hits
            .chunk_by(|a, b| a == b)
            .map(|run| (run.len(), run[0]))
            .collect();
        counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        counted
            .into_iter()
            .take(CANDIDATES)
            .map(|(_, at)| self.units[at as usize])
            .collect()
    }
}

/// For each of `news` (given by its sorted word hashes), the old units to compare it with: all
/// of `olds` when there are few pairs, else at most [`CANDIDATES`] that a word index of `olds`
/// finds for it. Either way the comparisons stay within [`FULL_SEARCH_PAIRS`] or linear in the
/// number of new units, never quadratic.
pub(super) fn candidate_lists(olds: &[(usize, &[u64])], news: &[&[u64]]) -> Vec<Vec<usize>> {
    if olds.len() * news.len() <= FULL_SEARCH_PAIRS {
        let all: Vec<usize> = olds.iter().map(|&(o, _)| o).collect();
        return news.iter().map(|_| all.clone()).collect();
    }
    let index = WordIndex::new(olds.iter().copied());
    news.iter().map(|words| index.candidates(words)).collect()
}

/// Share of the new text's sampled shingles that the old text has too, or `None` when the
/// texts are too short to judge. Each text is given as its pieces (units), whose words run on
/// from one piece to the next.
pub(super) fn shared_shingles<'t>(
    old: impl IntoIterator<Item = &'t str>,
    new: impl IntoIterator<Item = &'t str>,
) -> Option<f64> {
    let mut old_shingles = FxHashSet::default();
    for_each_sampled_shingle(old, |shingle| {
        old_shingles.insert(shingle);
    });
    let mut sampled = 0;
    let mut shared = 0;
    for_each_sampled_shingle(new, |shingle| {
        sampled += 1;
        shared += usize::from(old_shingles.contains(&shingle));
    });
    (old_shingles.len() >= SHINGLES_TO_JUDGE && sampled >= SHINGLES_TO_JUDGE)
        .then(|| shared as f64 / sampled as f64)
}

/// Calls `f` with the hash of each sampled shingle (run of [`SHINGLE_WORDS`] consecutive
/// words) of a text given in pieces.
fn for_each_sampled_shingle<'t>(pieces: impl IntoIterator<Item = &'t str>, mut f: impl FnMut(u64)) {
    let mut last_words = [0u64; SHINGLE_WORDS];
    let mut seen = 0usize;
    for piece in pieces {
        for word in piece.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            last_words[seen % SHINGLE_WORDS] = word_hash(word);
            seen += 1;
            if seen < SHINGLE_WORDS {
                continue;
            }
            let hash = (0..SHINGLE_WORDS)
                .map(|k| last_words[(seen + k) % SHINGLE_WORDS])
                .fold(0u64, |hash, word| {
                    (hash.rotate_left(5) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                });
            if hash % SHINGLE_SAMPLE == 0 {
                f(hash);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::word_set;
    use super::*;

    #[test]
    fn the_unit_with_the_shared_rare_words_is_the_first_candidate() {
        let old = [
            word_set("the Parties shall cooperate on cybersecurity incidents"),
            word_set("the Parties shall not require the transfer of source code"),
        ];
        let index = WordIndex::new(old.iter().enumerate().map(|(i, w)| (i, w.as_slice())));
        let new = word_set("no Party shall require the transfer of, or access to, source code");
        assert_eq!(index.candidates(&new).first(), Some(&1));
    }

    #[test]
    fn candidates_stay_linear_in_the_new_units() {
        // Distinct texts sharing most of their words: every pair is alike, none is the same.
        let sets: Vec<Vec<u64>> = (0..500)
            .map(|i| {
                word_set(&format!(
                    "the Parties shall cooperate on matter{i} and item{i}"
                ))
            })
            .collect();
        let olds: Vec<(usize, &[u64])> = sets.iter().map(Vec::as_slice).enumerate().collect();
        let news: Vec<&[u64]> = sets.iter().map(Vec::as_slice).collect();
        let lists = candidate_lists(&olds, &news);
        let compared: usize = lists.iter().map(Vec::len).sum();
        assert!(
            compared <= news.len() * CANDIDATES,
            "{compared} comparisons"
        );
        assert!(lists
            .iter()
            .enumerate()
            .all(|(n, found)| found.first() == Some(&n)));
        let few = candidate_lists(&olds[..4], &news[..4]);
        assert!(few.iter().all(|found| found == &[0, 1, 2, 3]));
    }

    #[test]
    fn unrelated_texts_share_few_shingles() {
        let text = |step: u64| -> String {
            (0..4000u64)
                .map(|i| format!("w{} ", (i * step) % 5003))
                .collect()
        };
        let (a, b) = (text(7919), text(104_729));
        assert!(shared_shingles([a.as_str()], [b.as_str()]).unwrap() < 0.05);
        assert!(shared_shingles([a.as_str()], [a.as_str()]).unwrap() > 0.99);
        assert_eq!(shared_shingles(["a b c"], ["a b c"]), None);
    }
}
