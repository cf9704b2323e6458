#!/usr/bin/env python3
"""Builds the bindingness development set from the reference corpus, reproducibly.

    python3 scripts/bindingness-devset.py extract   # candidates -> tests/data/bindingness-dev-candidates.tsv
    python3 scripts/bindingness-devset.py build     # candidates + labels -> tests/data/bindingness-dev.json
                                                    #   and tests/data/bindingness-fresh.json

`extract` reads ../shared/corpus (the electronic-commerce chapters of 37 agreements, TPP and
NAFTA; ToTA 0.5.0, CC BY-NC 4.0), cuts every chapter into clauses (a sentence of a paragraph,
or a list item with the chapeaux that govern it), and selects: every clause of the EU chapters and a fixed-seed
sample of the other electronic-commerce clauses, and from TPP and NAFTA a fixed-seed sample of the clauses whose
operator words the e-commerce chapters hold too few of (permissions, exceptions, prohibitions,
best efforts, cooperation). It never looks at an analyzer.

The labels (`tests/data/bindingness-dev-labels.tsv`: id, category, score, reason) are written
by hand from the rubric (docs/bindingness.md). `build` joins them to the candidates and marks a
random quarter (seed fixed below, chosen before any tuning) as the untouched split.

The fresh round (ids f001...) is a second, independent set drawn later (issue 14, for the
held-out check): clauses the project had never labelled or looked at, that is, none of the
dev-set candidates above and none of the older label set's clauses, sampled with their own seed
across agreement families and operator strata, and appended to the candidates so the first
rounds' ids stay as they were. Its labels (`tests/data/bindingness-fresh-labels.tsv`) were
written and committed before the analyzer was run on any of them. `build` writes it apart
(`tests/data/bindingness-fresh.json`) with a random half (its own seed) as a second untouched
split. Three labels (f143, f160, f161) were first written against the listing of an earlier
draw, whose ids had shifted, so they described other clauses; a check of each reason's quoted
words against its clause found them after the first analyzer run, and they were relabelled from
the rubric (f160 after its score had been seen, f143 and f161 without).

Article numbers: the corpus has no article headings. An article is counted from the chapter's
start, a new one beginning at each paragraph numbered 1 or at an unnumbered paragraph that does
not continue a list; TPP chapters are numbered as in the treaty (chapter 14 is Electronic
Commerce), the others by chapter title.
"""

import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "tests" / "data"
CANDIDATES = DATA / "bindingness-dev-candidates.tsv"
LABELS = DATA / "bindingness-dev-labels.tsv"
OUT = DATA / "bindingness-dev.json"
OLDER_LABELS = DATA / "bindingness-labels.json"
FRESH_LABELS = DATA / "bindingness-fresh-labels.tsv"
FRESH_OUT = DATA / "bindingness-fresh.json"

SAMPLE_SEED = 20261201
SPLIT_SEED = 14
# How many clauses of the electronic-commerce chapters to sample (of about 550).
ECOMMERCE_SAMPLE = 240
# Per operator stratum, how many TPP and NAFTA clauses to sample.
STRATA = [
    ("permission", re.compile(r"\b(?:Party|Parties|it) (?:\w+ )?may\b(?! not)|\breserves? the right\b"), 34, 14),
    ("exception", re.compile(r"\bshall not apply\b|\bnot be required to\b|\bshall prevail\b|\bmutatis mutandis\b|\bNothing in this\b|\bdispute settlement\b|\bshall not be construed\b", re.I), 30, 12),
    ("prohibition", re.compile(r"\bNo Party (?:shall|may)\b|\bNeither Party (?:shall|may)\b|\bshall not\b(?! apply| be)"), 26, 12),
    ("best_efforts", re.compile(r"\bshall (?:endeavou?r|seek|strive|make every effort|work towards?|explore|encourage|promote)\b", re.I), 30, 6),
    ("cooperation", re.compile(r"\bshall (?:cooperate|co-operate|exchange|share|maintain a dialogue|consult|participate)\b|\bagree to (?:cooperate|share|exchange)\b", re.I), 26, 6),
    ("hortatory", re.compile(r"\brecogni[sz]e\b|\baffirm\b|\bshould\b", re.I), 18, 6),
    ("hedged", re.compile(r"\b(?:where|as soon as|to the extent) (?:possible|practicable|appropriate)\b|\bin accordance with its (?:law|domestic law)|\bit considers appropriate\b", re.I), 26, 6),
]
INLINE_NUMBER = re.compile(r"(?<=[.;])\s+(?=\d{1,2}\.\s+[A-Z])")
# A second round, drawn after the first was labelled, because obligations, hedged obligations
# and permissions fell short of 40 each. Appended, so the first round's ids stay as they were.
EXTRA_STRATA = [
    ("obligation", re.compile(r"\b(?:Each|The) Part(?:y|ies) shall (?!not|endeavou?r|seek|strive|make every|work|explore|encourage|promote|cooperate|co-operate|consult|exchange|share|consider|take into account|, )\w+"), 22, 8),
    ("hedged", re.compile(r"\b(?:as soon as practicable|to the extent (?:possible|practicable)|where appropriate|in accordance with its (?:law|laws|domestic law)|except (?:where|as provided|in circumstances)|it considers appropriate|where possible)\b", re.I), 20, 6),
    ("permission", re.compile(r"\b(?:Party|Parties|it) (?:\w+ )?may\b(?! not)"), 6, 4),
    # A third round: hedged obligations were still short of 40 after the second.
    ("hedged", re.compile(r"\bshall\b(?! endeavou?r| seek| not apply)[^.]*\b(?:as soon as practicable|to the extent (?:possible|practicable)|in accordance with its (?:law|laws|domestic law)|it considers appropriate|where possible|subject to its law)\b", re.I), 12, 4),
]
# The fresh round: its own seeds, fixed before it was drawn.
FRESH_SAMPLE_SEED = 20261202
FRESH_SPLIT_SEED = 1402
# Per family, how many of the e-commerce clauses left after the first rounds to draw (the EU
# chapters have none left: every clause of theirs is in the first round).
FRESH_ECOMMERCE = {"asia": 36, "canada": 26, "us": 26, "other": 12}
# Per operator stratum (the first rounds' patterns), how many TPP and NAFTA clauses to draw.
FRESH_STRATA = {"permission": (6, 5), "exception": (7, 5), "prohibition": (5, 5), "best_efforts": (5, 3),
                "cooperation": (2, 3), "hortatory": (3, 2), "hedged": (5, 4), "obligation": (4, 4)}
# A second fresh round, drawn after the first was labelled (before any analyzer run), because
# hedged obligations, cooperation and permissions came out thin; the second round's hedge
# pattern is the one with clauses left to draw.
FRESH_EXTRA_STRATA = [("hedged", EXTRA_STRATA[1][1], 6, 4), ("cooperation", STRATA[4][1], 4, 3), ("permission", STRATA[0][1], 2, 2)]
FOOTNOTE = re.compile(r"^\d{1,3} [A-Z“\"]")
NUMBERED = re.compile(r"^(\d{1,2})\.\s+")
ITEM = re.compile(r"^\(?([a-z]{1,2}|[ivx]{1,5}|[A-Z])\)\s+")
SENTENCE_END = re.compile(r"(?<![A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<!\bArt\.)(?<!\bNo\.)(?<!e\.g\.)(?<!i\.e\.)\.\s+(?=[A-Z])")


def family(agreement):
    a = agreement.lower()
    if a.startswith("us -") or "united states" in a or a.startswith("nafta"):
        return "us"
    if a.startswith("eu -"):
        return "eu"
    if a.startswith("canada -"):
        return "canada"
    if any(w in a for w in ["japan", "korea", "singapore", "thailand", "india", "hong kong", "taipei", "mongolia"]):
        return "asia"
    return "other"


def blocks(text):
    """Paragraphs of a chapter: blank-line separated, lines joined, footnotes dropped."""
    out = []
    for raw in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in raw.splitlines() if line.strip())
        joined = re.sub(r"\s+", " ", joined).strip()
        if not joined or FOOTNOTE.match(joined):
            continue
        # A paragraph cut by a stray blank line continues in lower case.
        if out and joined[:1].islower() and not out[-1].endswith((":", ";", ".")) and not ITEM.match(joined):
            out[-1] += " " + joined
            continue
        # Paragraph numbers run inline in some files ("... Agreement. 4. The Sub-Committee").
        out.extend(p.strip() for p in INLINE_NUMBER.split(joined) if p.strip())
    return out


def item_level(marker):
    if re.fullmatch(r"[ivx]{1,5}", marker) and marker not in ("i", "v", "x"):
        return 2
    if marker in ("i", "ii"):
        return 2
    if marker.isupper():
        return 3
    return 1


def chapter_clauses(agreement, chapter_name, chapter_no, text):
    """Clauses of one chapter with their article and chapeaux."""
    article = 0
    chapeaux = {}  # level -> chapeau text
    paragraph = None
    last_was_item = False
    for block in blocks(text):
        numbered = NUMBERED.match(block)
        item = ITEM.match(block)
        if item:
            marker = item.group(1)
            level = item_level(marker)
            body = block[item.end():].strip()
            chain = [chapeaux[lv] for lv in sorted(chapeaux) if lv < level]
            if not chain:
                chain = []
            if article == 0:
                article = 1
            yield {"article": article, "paragraph": paragraph, "item": marker, "chapeaux": chain, "text": body}
            for lv in [lv for lv in chapeaux if lv >= level]:
                del chapeaux[lv]
            if body.endswith(":"):
                chapeaux[level] = body
            last_was_item = True
            continue
        if numbered:
            if numbered.group(1) == "1":
                article += 1
            paragraph = numbered.group(1)
            body = block[numbered.end():].strip()
        else:
            if not (last_was_item and chapeaux):
                article += 1
                paragraph = None
            body = block
        chapeaux = {}
        last_was_item = False
        if body.endswith(":"):
            chapeaux[0] = last_sentence(body)
        for sentence in split_sentences(body):
            yield {"article": max(article, 1), "paragraph": paragraph, "item": None, "chapeaux": [], "text": sentence}


def split_sentences(text):
    parts = SENTENCE_END.split(text)
    return [p if p.endswith((".", ":", ";")) or i == len(parts) - 1 else p + "." for i, p in enumerate(parts)]


def last_sentence(text):
    return split_sentences(text)[-1]


def corpus_files():
    """(agreement, file, chapters) for every file, chapters as (name, number, text)."""
    index = list(csv.DictReader(open(CORPUS / "ecommerce" / "INDEX.tsv"), delimiter="\t"))
    for row in index:
        text = (CORPUS / "ecommerce" / row["file"]).read_text()
        name = f'{row["agreement"]} ({row["signed"]})'
        yield name, "ecommerce/" + row["file"], [(row["chapter"], None, strip_header(text))]
    for name, file in [("TPP (2016)", "tpp-2016-en.txt"), ("NAFTA (1992)", "nafta-1992-en.txt")]:
        text = (CORPUS / file).read_text()
        parts = re.split(r"^== (.*?) ==\s*$", text, flags=re.M)
        chapters = []
        for number, i in enumerate(range(1, len(parts), 2)):
            chapters.append((parts[i], number if name.startswith("TPP") else None, parts[i + 1]))
        yield name, file, chapters


def strip_header(text):
    return re.sub(r"^== .*? ==\s*$", "", text, count=1, flags=re.M)


def all_clauses():
    for agreement, file, chapters in corpus_files():
        for chapter_name, chapter_no, text in chapters:
            for c in chapter_clauses(agreement, chapter_name, chapter_no, text):
                if len(c["text"]) < 25 or "means" in c["text"][:60] and not c["chapeaux"]:
                    # Definitions are plentiful; keep them only from the e-commerce chapters.
                    if not file.startswith("ecommerce/") or len(c["text"]) < 25:
                        continue
                chapter = chapter_no if chapter_no is not None else chapter_name
                where = f'{chapter}.{c["article"]}' if chapter_no is not None else f'{chapter_name}, art. {c["article"]}'
                if c["paragraph"]:
                    where += f'.{c["paragraph"]}'
                if c["item"]:
                    where += f'({c["item"]})'
                yield {
                    "file": file,
                    "agreement": agreement,
                    "family": family(agreement),
                    "chapter": chapter_name,
                    "article": where,
                    "chapeaux": c["chapeaux"],
                    "text": c["text"],
                }


def unique_clauses():
    """Every clause of the corpus once (by its lowercased text), in corpus order."""
    seen = set()
    for c in all_clauses():
        key = c["text"].lower()
        if key not in seen:
            seen.add(key)
            yield c


def is_tpp_ecommerce(c):
    """TPP Chapter 14, already in the older label set."""
    return c["agreement"].startswith("TPP") and c["chapter"] == "Electronic Commerce"


def stratified_sample(pool, strata, rng):
    """For each stratum (name, pattern, TPP count, NAFTA count), in order, a seeded sample of the
    TPP and of the NAFTA clauses of `pool` under 600 characters that match its pattern, each
    clause drawn at most once."""
    taken = set()
    chosen = []
    for name, pattern, tpp_n, nafta_n in strata:
        for agreement, n in (("TPP", tpp_n), ("NAFTA", nafta_n)):
            candidates = [i for i, c in enumerate(pool) if c["agreement"].startswith(agreement) and i not in taken and pattern.search(c["text"]) and len(c["text"]) < 600]
            for i in rng.sample(candidates, min(n, len(candidates))):
                taken.add(i)
                chosen.append(pool[i])
    return chosen


def first_rounds(clauses):
    """The first three rounds' candidates, as drawn before any label was written."""
    ecommerce = [c for c in clauses if c["file"].startswith("ecommerce/")]
    other = [c for c in clauses if not c["file"].startswith("ecommerce/") and not is_tpp_ecommerce(c)]
    rng = random.Random(SAMPLE_SEED)
    # Every clause of the four short EU chapters, so that family is not left to chance.
    eu = [i for i, c in enumerate(ecommerce) if c["family"] == "eu"]
    rest = [i for i, c in enumerate(ecommerce) if c["family"] != "eu"]
    chosen = sorted(eu + rng.sample(rest, ECOMMERCE_SAMPLE - len(eu)))
    chosen = [ecommerce[i] for i in chosen]
    chosen += stratified_sample(other, STRATA + EXTRA_STRATA, rng)
    return chosen, len(ecommerce)


# Words that give a clause an operator of its own (or make it a definition or a carve-out).
OPERATOR_WORD = re.compile(r"\b(?:shall|may|must|will|agrees?|undertakes?|commits?|recogni[sz]es?|affirms?|acknowledges?|confirms?|should|can|appl(?:y|ies)|prevails?|preclude|precludes|objectives?|aims?|nothing)\b|(?<!by )(?<!other )(?<!electronic )\bmeans\b", re.I)


def letters(text):
    """A clause's letters only: the same clause in another agreement, with another footnote
    number or spacing, is the same clause."""
    return re.sub(r"[^a-z]", "", text.lower())


def is_orphaned_item(c):
    """A list item the extractor cut from its chapeau (the line that carried the chapeau was not
    recognised as one): with neither a chapeau nor an operator of its own, nobody can read from
    the clause what it commits to, so the fresh round leaves it out."""
    return not c["chapeaux"] and not OPERATOR_WORD.search(c["text"])


def fresh_round(clauses, first):
    """Clauses nobody had labelled: none of the first rounds' and none of the older label set's."""
    older = [c["text"].lower() for c in json.loads(OLDER_LABELS.read_text())["clauses"]]
    known = {letters(c["text"]) for c in first}

    def unseen(c):
        key = c["text"].lower()
        return letters(key) not in known and not any(key[:60] in o or o[:60] in key for o in older) and not is_tpp_ecommerce(c)

    pool, keys = [], set()
    for c in clauses:
        if unseen(c) and not is_orphaned_item(c) and letters(c["text"]) not in keys:
            keys.add(letters(c["text"]))
            pool.append(c)
    rng = random.Random(FRESH_SAMPLE_SEED)
    chosen = []
    for fam, n in FRESH_ECOMMERCE.items():
        members = [c for c in pool if c["file"].startswith("ecommerce/") and c["family"] == fam]
        chosen.extend(rng.sample(members, min(n, len(members))))
    patterns = {}
    for name, pattern, *_ in STRATA + EXTRA_STRATA:
        patterns.setdefault(name, pattern)  # the first round's pattern for each stratum
    strata = [(name, patterns[name], tpp_n, nafta_n) for name, (tpp_n, nafta_n) in FRESH_STRATA.items()]
    return chosen + stratified_sample(pool, strata + FRESH_EXTRA_STRATA, rng)


def extract():
    clauses = list(unique_clauses())
    first, ecommerce = first_rounds(clauses)
    fresh = fresh_round(clauses, first)
    with open(CANDIDATES, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "family", "agreement", "article", "chapeaux", "text"])
        for prefix, round_ in (("d", first), ("f", fresh)):
            for n, c in enumerate(round_, 1):
                w.writerow([f"{prefix}{n:03}", c["family"], c["agreement"], c["article"], " || ".join(c["chapeaux"]), c["text"]])
    print(f"{len(first)} candidates ({ECOMMERCE_SAMPLE} of {ecommerce} e-commerce, {len(first) - ECOMMERCE_SAMPLE} TPP/NAFTA) and {len(fresh)} fresh -> {CANDIDATES.relative_to(ROOT)}")


def labelled(labels, candidates, split_seed, share):
    """The labelled clauses, a random `share` of them (fixed seed) marked untouched."""
    ids = sorted(r["id"] for r in labels)
    untouched = set(random.Random(split_seed).sample(ids, int(len(ids) * share)))
    clauses = []
    for r in sorted(labels, key=lambda r: r["id"]):
        c = candidates[r["id"]]
        clauses.append({
            "id": r["id"],
            "family": c["family"],
            "agreement": c["agreement"],
            "article": c["article"],
            "chapeaux": [x for x in c["chapeaux"].split(" || ") if x],
            "text": c["text"],
            "category": r["category"],
            "score": int(r["score"]),
            "reason": r["reason"],
            "split": "untouched" if r["id"] in untouched else "tuning",
        })
    return clauses, len(untouched)


def write_set(about, clauses, out):
    out.write_text(json.dumps({"about": about, "clauses": clauses}, indent=1, ensure_ascii=False) + "\n")


def build():
    candidates = {r["id"]: r for r in csv.DictReader(open(CANDIDATES), delimiter="\t")}
    # Reasons quote the clause ("shall endeavour to ..."): no CSV quoting in the labels files.
    read = lambda path: list(csv.DictReader(open(path), delimiter="\t", quoting=csv.QUOTE_NONE))
    clauses, untouched = labelled(read(LABELS), candidates, SPLIT_SEED, 1 / 4)
    write_set("Bindingness development set: clauses of agreements other than USMCA from ../shared/corpus (ToTA 0.5.0, Alschner, Seiermann and Skougarevskiy, CC BY-NC 4.0), quoted as extracted by scripts/bindingness-devset.py, labelled by hand from the rubric (docs/bindingness.md) before the analyzer was run on them. split: 'untouched' is a random quarter (seed 14) never looked at while tuning.", clauses, OUT)
    print(f"{len(clauses)} labelled clauses, {untouched} untouched -> {OUT.relative_to(ROOT)}")
    if FRESH_LABELS.exists():
        clauses, untouched = labelled(read(FRESH_LABELS), candidates, FRESH_SPLIT_SEED, 1 / 2)
        write_set("Fresh bindingness set (held-out check, issue 14): clauses of ../shared/corpus (ToTA 0.5.0, CC BY-NC 4.0) that no earlier round drew or labelled, quoted as extracted by scripts/bindingness-devset.py, labelled by hand from the rubric and committed before the analyzer was run on them. split: 'untouched' is a random half (seed 1402) whose figures were read only after tuning; 'tuning' is the half whose disagreements were read.", clauses, FRESH_OUT)
        print(f"{len(clauses)} fresh labelled clauses, {untouched} untouched -> {FRESH_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    {"extract": extract, "build": build}[sys.argv[1] if len(sys.argv) > 1 else "extract"]()
