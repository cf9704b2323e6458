#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into fuzz/corpus/TARGET/ from the project's own texts,
proposals and fixtures, and from ../shared/corpus when it is there (fuzz/README.md).

Seeds are small (a few KB: one article, a few paragraphs), so the fuzzers mutate them quickly;
they are generated, not committed."""

import hashlib
import itertools
import json
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
SEPARATOR = b"\0"  # fuzz/src/lib.rs: SEPARATOR
MAX_SEED = 4096


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def layout_texts():
    return [p.read_text() for p in sorted((ROOT / "texts").glob("*.txt"))] + [
        p.read_text() for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    ]


def articles(text):
    """The heading lines of a text in the layout, and each article as its own text."""
    blocks = text.split("\n\n")
    heading = [b for b in blocks[:2] if not b.startswith("Article ")]
    current = []
    for block in blocks[len(heading):]:
        if block.startswith("Article ") and current:
            yield "\n\n".join(heading + current) + "\n"
            current = []
        current.append(block)
    if current:
        yield "\n\n".join(heading + current) + "\n"


def paragraphs():
    """Paragraphs of the reference corpus and of the texts, each at most MAX_SEED bytes."""
    shared = ROOT.parent / "shared" / "corpus"
    files = sorted(shared.glob("**/*.txt")) if shared.is_dir() else []
    texts = [p.read_text(errors="replace") for p in files] + layout_texts()
    for text in texts:
        for paragraph in re.split(r"\n\s*\n", text)[:200]:
            if paragraph.strip():
                yield paragraph[:MAX_SEED]


def main():
    texts = layout_texts()
    cut = [a for text in texts for a in articles(text)]
    for article in cut:
        write("parse", article)
        write("score", article)
    proposals = [
        p.read_bytes()
        for p in sorted((ROOT / "proposals").glob("*.json"))
        if "$schema\": \"https://json-schema.org" not in p.read_text()
    ]
    for proposal in proposals:
        write("proposal", proposal)
        write("review", proposal)
    for pair in itertools.combinations(proposals, 2):
        write("review", SEPARATOR.join(pair))
    for triple in list(itertools.combinations(proposals, 3))[:40]:
        write("review", SEPARATOR.join(triple))
    for old, new in zip(cut, cut[1:]):
        write("diff", SEPARATOR.join([old.encode(), new.encode()]))
    amended = [a for a in cut if "shall" in a]
    for article in amended:
        write("diff", SEPARATOR.join([article.encode(), article.replace("shall endeavor to", "shall").encode()]))
    corpus = list(paragraphs())
    for old, new in zip(corpus[::7], corpus[1::7]):
        write("diff", SEPARATOR.join([old.encode(), new.encode()]))
        write("score", old)
    citations = [
        "19.15.1(b)", "Art. 19.15(1)(b)", "Article 19.15, paragraph 1(b)", "12.C.2(3)(a)",
        "Article 19.15", "19.1", "19.1/personal-information", "Article 19.4.1", "19.17.3",
        "Annex 12-C, paragraph 2(3)(a)", "footnote 8", "19.15.2", "Art 19.15 para 2",
        "Article 12.C.2", "19.15(1)", "Article 19.11, paragraph 2", "19.8.1(a)(i)",
    ]
    for citation in citations:
        write("citation", citation)
    print(f"seeds written to {CORPUS}")


if __name__ == "__main__":
    main()
