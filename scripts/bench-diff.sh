#!/usr/bin/env bash
# Benchmark: `redline diff` against `git diff --no-index --word-diff`, timed side by side in
# one run on the same pair of files, plus peak memory, plus two bounded-time cases.
#
#   scripts/bench-diff.sh            # needs ../shared/corpus beside the project
#
# The edited copy of the ~1 MB TPP text is generated deterministically (no randomness):
# - modals hardened: "shall endeavour to" / "shall endeavor to" become "shall";
# - every 97th paragraph deleted;
# - a new paragraph inserted after every 89th;
# - every 151st paragraph moved to the end of the text.
# Timing uses hyperfine when installed (apt-get install hyperfine), else a loop of
# /usr/bin/time; peak memory comes from /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-../shared/corpus}
RUNS=${RUNS:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
REDLINE=$PWD/target/release/redline

OLD=$WORK/tpp-old.txt
NEW=$WORK/tpp-new.txt
cp "$CORPUS/tpp-2016-en.txt" "$OLD"
sed -e 's/shall endeavour to /shall /g' -e 's/shall endeavor to /shall /g' "$OLD" |
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       { n++ }
       n % 151 == 0 { moved[++m] = $0; next }
       n % 97 == 0 { next }
       { print }
       n % 89 == 0 { print "Each Party shall notify the other Parties of any measure adopted under paragraph " n " within 30 days of its adoption." }
       END { for (i = 1; i <= m; i++) print moved[i] }' >"$NEW"

echo "== inputs"
wc -c "$OLD" "$NEW"

# Each command writes its word-level redline to /dev/null; both exit 1 (differences).
REDLINE_CMD="$REDLINE diff $OLD $NEW --color never >/dev/null; test \$? -eq 1"
GIT_CMD="git diff --no-index --word-diff $OLD $NEW >/dev/null; test \$? -eq 1"

echo
echo "== time: redline diff vs git diff --word-diff (same pair, same run)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/times.json" \
    -n "redline diff" "$REDLINE_CMD" -n "git diff --word-diff" "$GIT_CMD"
else
  for name in redline git; do
    cmd=$REDLINE_CMD
    [ "$name" = git ] && cmd=$GIT_CMD
    start=$(date +%s.%N)
    for _ in $(seq "$RUNS"); do bash -c "$cmd"; done
    end=$(date +%s.%N)
    echo "$name: mean $(echo "($end - $start) / $RUNS" | bc -l) s over $RUNS runs"
  done
fi

peak() { # peak resident memory of a command, in MB
  /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { printf "%.1f MB\n", $2 / 1024 }'
}
echo
echo "== peak memory (max RSS)"
echo "redline diff:          $(peak "$REDLINE_CMD")"
echo "git diff --word-diff:  $(peak "$GIT_CMD")"

echo
echo "== what the redline found"
"$REDLINE" diff "$OLD" "$NEW" --format json -o "$WORK/r.json" || true
grep -m1 '"summary"' "$WORK/r.json"

# Two unrelated multi-megabyte inputs: TPP three times over against NAFTA five times over.
echo
echo "== unrelated multi-megabyte inputs (bounded time, says it was coarsened)"
for _ in 1 2 3; do cat "$CORPUS/tpp-2016-en.txt"; done >"$WORK/big-a.txt"
for _ in 1 2 3 4 5; do cat "$CORPUS/nafta-1992-en.txt"; done >"$WORK/big-b.txt"
wc -c "$WORK/big-a.txt" "$WORK/big-b.txt"
/usr/bin/time -f "elapsed %e s, peak %M KB" "$REDLINE" diff "$WORK/big-a.txt" "$WORK/big-b.txt" \
  --format json -o "$WORK/big.json" || true
grep -m1 '"coarsened"' "$WORK/big.json"

# The same texts with every blank line removed: one multi-megabyte paragraph each, so the
# word diff itself must give up at its deadline.
echo
echo "== unrelated single-paragraph inputs (the word diff's deadline)"
grep -v '^[[:space:]]*$' "$WORK/big-a.txt" >"$WORK/flat-a.txt"
grep -v '^[[:space:]]*$' "$WORK/big-b.txt" >"$WORK/flat-b.txt"
/usr/bin/time -f "elapsed %e s, peak %M KB" "$REDLINE" diff "$WORK/flat-a.txt" "$WORK/flat-b.txt" \
  --format json -o "$WORK/flat.json" || true
grep -m1 '"coarsened"' "$WORK/flat.json"
