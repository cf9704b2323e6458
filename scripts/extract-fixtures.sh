#!/usr/bin/env bash
# Extracts the small real-text fixtures of the diff engine's alignment tests
# (tests/fixtures/alignment/) from the reference corpus (../shared/corpus, TPP and NAFTA, ToTA
# 0.5.0, CC BY-NC 4.0: test data, never shipped) and the USMCA baseline (texts/usmca-ch19.txt).
#
#   scripts/extract-fixtures.sh      # rewrites tests/fixtures/alignment/*.txt
#
# The fixtures are committed; run this only to rebuild them (the output must not change).
#
# The corpus has no article headings and hard-wraps some paragraphs, so the TPP excerpts are put
# in the baseline layout here: the article headings the TPP gives these articles are added,
# wrapped lines are joined (a line starting in lower case, other than a definition's closing
# "but does not include", continues the one before unless that ends in punctuation or a
# footnote number), a tab after
# a label becomes a space, footnote texts and the footnote numbers after "covered person" and "electronically" are
# dropped. The words are the corpus's own. Line ranges are of the corpus files as shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
OUT=tests/fixtures/alignment
mkdir -p "$OUT"

# Lines FROM..TO of FILE as layout blocks: one line each, no blank lines, no footnote texts.
blocks() {
  sed -n "$2,$3p" "$1" |
    sed -e 's/\t/ /g' -e 's/  */ /g' -e 's/ *$//' -e 's/;2, 3$/;/' |
    grep -v -E '^$|^[0-9]+ [A-Z]' |
    awk '{ if (held != "" && held !~ /[.;:,0-9]$/ && $0 ~ /^[a-z]/ && $0 !~ /^but /) held = held " " $0; else { if (held != "") print held; held = $0 } }
         END { if (held != "") print held }'
}

# Article NUMBER of the USMCA baseline, heading to the last line before the next article.
usmca_article() {
  awk -v want="Article $1:" 'index($0, "Article ") == 1 { on = index($0, want) == 1 } on' texts/usmca-ch19.txt
}

{
  printf 'CHAPTER 14\nELECTRONIC COMMERCE\n\nArticle 14.1: Definitions\n\n'
  blocks "$CORPUS/tpp-2016-en.txt" 5554 5582 | sed -e 's/^covered person1 means/covered person means/' |
    grep -v -E '^(1|2|3) ' | sed 's/$/\n/'
  printf 'Article 14.16: Cooperation on Cybersecurity Matters\n\n'
  blocks "$CORPUS/tpp-2016-en.txt" 5796 5802 | sed 's/$/\n/'
  printf 'Article 14.17: Source Code\n\n'
  blocks "$CORPUS/tpp-2016-en.txt" 5804 5818 | sed 's/$/\n/'
} | sed -e '$ { /^$/d }' >"$OUT/tpp-ch14.txt"

{
  printf 'CHAPTER 19\nDIGITAL TRADE\n\n'
  for article in 19.1 19.15 19.16 19.17; do usmca_article "$article"; done
} | sed -e '$ { /^$/d }' >"$OUT/usmca-ch19.txt"

# Investment, as plain text (paragraphs separated by blank lines): NAFTA Articles 1102
# (National Treatment) and 1105 (Minimum Standard of Treatment) against TPP Articles 9.4
# (National Treatment), 9.6 (Minimum Standard of Treatment) and 9.7 (Treatment in Case of
# Armed Conflict or Civil Strife).
{
  blocks "$CORPUS/nafta-1992-en.txt" 3328 3343
  blocks "$CORPUS/nafta-1992-en.txt" 3352 3358
} | sed '$! s/$/\n/' >"$OUT/nafta-1102-1105.txt"
{
  blocks "$CORPUS/tpp-2016-en.txt" 3364 3372
  blocks "$CORPUS/tpp-2016-en.txt" 3382 3400
  blocks "$CORPUS/tpp-2016-en.txt" 3402 3412
} | sed '$! s/$/\n/' >"$OUT/tpp-9.4-9.7.txt"

wc -l "$OUT"/*.txt
