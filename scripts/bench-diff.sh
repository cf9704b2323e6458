#!/usr/bin/env bash
# Benchmark of `redline diff` against `git diff --no-index --word-diff=plain` (and, for the
# quality of the markup, GNU wdiff), on the reference corpus. Public tools only: bash, git,
# python3 (timing and counting), /usr/bin/time (peak memory), wdiff.
#
#   scripts/bench-diff.sh            # RUNS=11 by default; needs ../shared/corpus beside the project
#   RUNS=21 scripts/bench-diff.sh
#
# What it does (docs/performance.md has the figures and how to read them):
# 1. Speed, side by side: for each pair, redline and git run in turn (redline, git, redline,
#    git, ...), each writing its word-level redline to /dev/null; the ratio redline/git is taken
#    pair by pair, and its median, minimum and maximum are printed with each tool's median wall
#    time. The pairs: TPP (951 KB) against an edited copy, and TPP+NAFTA concatenated 2, 4 and
#    8 times against the same edits.
# 2. Memory and bounds: peak resident memory of both tools on every pair (including one 11 MB
#    paragraph: the 8-copy pair with its blank lines removed), against the target of 3 times
#    the combined input plus 20 MB; TPP with one word changed in every paragraph (every
#    paragraph must be paired, no "coarsened" note); two unrelated 10 MB texts (TPP against
#    NAFTA, repeated: detected within 2 s and shown as replaced).
# 3. Markup quality on the real rewritten pairs of tests/fixtures/alignment (TPP Chapter 14 vs
#    USMCA Chapter 19; NAFTA 1102/1105 vs TPP 9.4-9.7): change runs and "confetti" runs (three
#    or more changes, each within two words of the last) of redline, git --word-diff and wdiff.
#
# The edits (deterministic, no randomness): "shall endeavour to" / "shall endeavor to" become
# "shall"; every 97th paragraph deleted; a new paragraph after every 89th; every 151st moved
# to the end.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-../shared/corpus}
RUNS=${RUNS:-11}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
REDLINE=$PWD/target/release/redline
TPP=$CORPUS/tpp-2016-en.txt
NAFTA=$CORPUS/nafta-1992-en.txt

edit() {
  sed -e 's/shall endeavour to /shall /g' -e 's/shall endeavor to /shall /g' "$1" |
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         { n++ }
         n % 151 == 0 { moved[++m] = $0; next }
         n % 97 == 0 { next }
         { print }
         n % 89 == 0 { print "Each Party shall notify the other Parties of any measure adopted under paragraph " n " within 30 days of its adoption." }
         END { for (i = 1; i <= m; i++) print moved[i] }'
}
repeat() { # repeat N FILE... : the files concatenated, N times over
  local n=$1
  shift
  for _ in $(seq "$n"); do cat "$@"; done
}

cp "$TPP" "$WORK/tpp-old.txt"
edit "$WORK/tpp-old.txt" >"$WORK/tpp-new.txt"
for copies in 2 4 8; do
  repeat "$copies" "$TPP" "$NAFTA" >"$WORK/mix$copies-old.txt"
  edit "$WORK/mix$copies-old.txt" >"$WORK/mix$copies-new.txt"
done
grep -v '^[[:space:]]*$' "$WORK/mix8-old.txt" >"$WORK/paragraph-old.txt"
grep -v '^[[:space:]]*$' "$WORK/mix8-new.txt" >"$WORK/paragraph-new.txt"
# One word changed in every paragraph (the first lower-case word after its middle), the
# paragraph breaks kept exactly as they are.
python3 - "$TPP" >"$WORK/every-new.txt" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(\n(?:[ \t]*\n)+)", text)
def amend(paragraph):
    middle = len(paragraph) // 2
    found = re.compile(r" [a-z]+ ").search(paragraph, middle)
    return paragraph if not found else paragraph[:found.start()] + " amended " + paragraph[found.end():]
sys.stdout.write("".join(p if i % 2 else amend(p) for i, p in enumerate(parts)))
PY
cp "$TPP" "$WORK/every-old.txt"
repeat 5 "$TPP" >"$WORK/unrelated-old.txt"
repeat 10 "$NAFTA" >"$WORK/unrelated-new.txt"

echo "== speed: redline diff vs git diff --word-diff=plain, side by side, $RUNS runs each"
python3 - "$REDLINE" "$WORK" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
redline, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def wall(cmd):
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    assert code == 1, f"{cmd[0]} exited {code}: expected 1 (differences)"
    return time.perf_counter() - start
print(f"{'pair':<8} {'redline s':>10} {'git s':>8} {'ratio (median, min-max)':>26}")
for case in ["tpp", "mix2", "mix4", "mix8"]:
    old, new = f"{work}/{case}-old.txt", f"{work}/{case}-new.txt"
    ours = [redline, "diff", old, new, "--color", "never"]
    git = ["git", "diff", "--no-index", "--word-diff=plain", old, new]
    wall(ours), wall(git)  # warm-up
    pairs = [(wall(ours), wall(git)) for _ in range(runs)]
    ratios = [a / b for a, b in pairs]
    print(f"{case:<8} {statistics.median(a for a, _ in pairs):>10.3f} "
          f"{statistics.median(b for _, b in pairs):>8.3f} "
          f"{statistics.median(ratios):>12.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
PY

peak_mb() { # peak resident memory of a command, in MB (10^6 bytes; time reports KiB)
  { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -1 | awk '{ printf "%.1f", $1 * 1024 / 1e6 }'
}
echo
echo "== memory: peak resident set (MB) against the target 3 x input + 20 MB"
printf '%-10s %9s %9s %9s %9s %8s\n' pair "input MB" redline git target "within"
for case in tpp mix2 mix4 mix8 paragraph every unrelated; do
  old=$WORK/$case-old.txt new=$WORK/$case-new.txt
  input=$(cat "$old" "$new" | wc -c)
  ours=$(peak_mb "$REDLINE" diff "$old" "$new" --color never)
  theirs=$(peak_mb git diff --no-index --word-diff=plain "$old" "$new")
  target=$(awk -v i="$input" 'BEGIN { printf "%.1f", 3 * i / 1e6 + 20 }')
  within=$(awk -v a="$ours" -v t="$target" 'BEGIN { print (a <= t) ? "yes" : "NO" }')
  printf '%-10s %9.1f %9s %9s %9s %8s\n' "$case" "$(awk -v i="$input" 'BEGIN { print i / 1e6 }')" "$ours" "$theirs" "$target" "$within"
done

echo
echo "== bounds"
for case in paragraph every unrelated; do
  "$REDLINE" diff "$WORK/$case-old.txt" "$WORK/$case-new.txt" --format json -o "$WORK/$case.json" || true
  /usr/bin/time -q -f "$case: redline %e s" "$REDLINE" diff "$WORK/$case-old.txt" "$WORK/$case-new.txt" >/dev/null || true
  /usr/bin/time -q -f "$case: git     %e s" git diff --no-index --word-diff=plain "$WORK/$case-old.txt" "$WORK/$case-new.txt" >/dev/null || true
  python3 - "$WORK/$case.json" <<'PY'
import json, sys
section = json.load(open(sys.argv[1]))["sections"][0]
print(f"  {section['summary']}; coarsened: {section['coarsened']}")
PY
done

echo
echo "== markup quality on real rewritten pairs: change runs, confetti runs (>= 3 changes each within 2 words of the last)"
python3 - "$REDLINE" <<'PY'
import re, subprocess, sys
redline = sys.argv[1]
pairs = [("TPP ch. 14 -> USMCA ch. 19", "tpp-ch14.txt", "usmca-ch19.txt"),
         ("NAFTA 1102/1105 -> TPP 9.4-9.7", "nafta-1102-1105.txt", "tpp-9.4-9.7.txt")]
MARK = re.compile(r"\[-.*?-\]|\{\+.*?\+\}", re.S)
def runs(text):
    """Change runs (a deletion next to an insertion is one change) and the words between them."""
    changes, gaps, last = 0, [], None
    for m in MARK.finditer(text):
        between = text[last:m.start()] if last is not None else None
        last = m.end()
        if between is not None and between == "":
            continue  # adjacent to the previous mark: the same change
        if between is not None:  # a change in another paragraph is never near this one
            gaps.append(10**9 if "\n" in between else len(re.findall(r"\w+", between)))
        changes += 1
    return changes, gaps
def confetti(gaps):
    count, streak = 0, 1
    for gap in gaps + [None]:
        if gap is not None and gap <= 2:
            streak += 1
            continue
        count += streak >= 3
        streak = 1
    return count
def body(tool, text):
    if tool == "redline":  # the provision text lines, without the headers
        return "\n".join(l for l in text.splitlines() if l.startswith("    "))
    if tool == "git":
        return "\n".join(l for l in text.splitlines()[5:] if not l.startswith("@@"))
    return text
print(f"{'pair':<32} {'tool':<8} {'changes':>8} {'confetti':>9}")
for name, old, new in pairs:
    old, new = f"tests/fixtures/alignment/{old}", f"tests/fixtures/alignment/{new}"
    for tool, cmd in [("redline", [redline, "diff", old, new, "--full", "--color", "never"]),
                      ("git", ["git", "diff", "--no-index", "--word-diff=plain", old, new]),
                      ("wdiff", ["wdiff", old, new])]:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        changes, gaps = runs(body(tool, out))
        print(f"{name:<32} {tool:<8} {changes:>8} {confetti(gaps):>9}")
PY
