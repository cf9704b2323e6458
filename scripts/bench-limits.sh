#!/usr/bin/env bash
# Cost limits under huge inputs (docs/security.md, "Cost"): parse, diff, score, amend and propose
# cases, each timed once with the release build. Every case should finish in under 2 seconds.
#
#   scripts/bench-limits.sh            all cases
#   scripts/bench-limits.sh parse      only the cases whose name contains "parse"
#
# A case still running after LIMIT seconds (default 60) is stopped and shown as "> 60".
# Inputs are generated into a temporary directory (python3), never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-}
limit=${LIMIT:-60}
cargo build --release --quiet
redline=$PWD/target/release/redline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys, random
work = sys.argv[1]
random.seed(9)
words = ("each Party shall endeavor to cooperate on measures for digital trade and the "
         "protection of personal information of users").split()
def sentence(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."

def layout(articles):
    out = ["CHAPTER 99", "TEST"]
    for a in range(1, articles + 1):
        out.append(f"Article 99.{a}: Title {a}")
        out.append(f"1. {sentence(12)}")
        out.append(f"2. {sentence(10)}")
    return "\n\n".join(out) + "\n"

for n in (20_000, 100_000):
    text = layout(n)
    open(f"{work}/articles-{n}.txt", "w").write(text)
# The 100,000 articles with one word inserted, for propose.
heading = "Article 99.50000: Title 50000\n\n1. "
open(f"{work}/articles-100000-edited.txt", "w").write(text.replace(heading, heading + "Moreover, ", 1))

# 20,000 articles whose paragraph is a chapeau over a list (each item looks up its chapeau),
# and the same with one item in four reworded.
def lists(articles, changed):
    out = ["CHAPTER 99", "TEST"]
    for a in range(1, articles + 1):
        out.append(f"Article 99.{a}: Title {a}")
        out.append(f"1. {sentence(12)[:-1]}:")
        out.append(f"(a) {sentence(8)[:-1].lower()};")
        item = sentence(8)[:-1].lower()
        if changed and a % 4 == 0:
            item = "no Party shall " + item
        out.append(f"(b) {item}; and")
        out.append(f"(c) {sentence(8).lower()}")
    return "\n\n".join(out) + "\n"
state = random.getstate()
open(f"{work}/lists-old.txt", "w").write(lists(20_000, False))
random.setstate(state)
open(f"{work}/lists-new.txt", "w").write(lists(20_000, True))

# 10 MB in one paragraph, and the same with a word changed every ~100 KB.
paragraph = " ".join(random.choice(words) for _ in range(1_500_000))[:10_000_000]
open(f"{work}/paragraph-old.txt", "w").write(paragraph + "\n")
edited = list(paragraph.split(" "))
for i in range(0, len(edited), 15_000):
    edited[i] = "amended"
open(f"{work}/paragraph-new.txt", "w").write(" ".join(edited) + "\n")

# One provision of Chapter 19 replaced by 1 MB (and 200 KB) of text.
base = open("texts/usmca-ch19.txt").read()
for size, name in ((1_000_000, "1mb"), (200_000, "200kb")):
    text = " ".join(sentence(15) for _ in range(size // 100))[:size].rstrip() + "."
    new = base.replace(
        "1. The Parties recognize that threats to cybersecurity undermine confidence in digital trade.",
        "1. " + text, 1)
    open(f"{work}/replaced-{name}.txt", "w").write(new)
    proposal = json.load(open("proposals/cr2-shall.json"))
    proposal["amendments"] = [{"op": "replace_text", "at": "19.15.1", "text": text}]
    json.dump(proposal, open(f"{work}/replace-{name}.json", "w"))
# 100 amendments spread over the 20,000 articles: replaced texts, insertions, deletions (the
# text was parsed again whole after each one: 18 s).
amendments = []
for k in range(100):
    article = 1 + k * 200
    amendments.append([
        {"op": "replace_text", "at": f"99.{article}.1", "text": "Each Party shall act."},
        {"op": "insert_provision", "after": f"99.{article}.2", "label": "3.",
         "text": "Each Party shall publish its measures."},
        {"op": "delete_provision", "at": f"99.{article}.2"},
    ][k % 3])
proposal = json.load(open("proposals/cr2-shall.json"))
proposal["amendments"] = amendments
json.dump(proposal, open(f"{work}/amend-100.json", "w"))
open(f"{work}/clause-800kb.txt", "w").write(" ".join(sentence(15) for _ in range(8000))[:800_000] + "\n")
# 20,000 articles, each taking itself out of dispute settlement (every exclusion is matched
# against every provision it could reach).
def exclusions(articles):
    out = ["CHAPTER 99", "TEST"]
    for a in range(1, articles + 1):
        out.append(f"Article 99.{a}: Title {a}")
        out.append(f"1. {sentence(12)}")
        out.append("2. No Party shall have recourse to dispute settlement under this Agreement "
                   "for any matter arising under this Article.")
    return "\n\n".join(out) + "\n"
open(f"{work}/exclusions-20000.txt", "w").write(exclusions(20_000))
PY

# name, then the command; exit status 1 (differences) counts as success.
cases=(
  "parse 20,000 articles|$redline provisions 99.1 --base $work/articles-20000.txt"
  "parse 100,000 articles|$redline provisions 99.1 --base $work/articles-100000.txt"
  "diff 100,000 articles against themselves|$redline diff $work/articles-100000.txt $work/articles-100000.txt"
  "diff a 1 MB replacement|$redline diff usmca-ch19 $work/replaced-1mb.txt"
  "diff a 10 MB paragraph|$redline diff $work/paragraph-old.txt $work/paragraph-new.txt"
  "diff 20,000 articles with lists, 5,000 items changed|$redline diff $work/lists-old.txt $work/lists-new.txt"
  "score 20,000 articles|$redline score --base $work/articles-20000.txt"
  "score 20,000 articles with lists|$redline score --base $work/lists-old.txt"
  "score 20,000 articles, each excluded from dispute settlement|$redline score --base $work/exclusions-20000.txt"
  "score an 800 KB paragraph|$redline score $work/clause-800kb.txt"
  "show a 200 KB replacement (diff and score)|$redline show $work/replace-200kb.json"
  "show a 1 MB replacement (diff and score)|$redline show $work/replace-1mb.json"
  "apply 100 amendments to 20,000 articles|$redline apply --base $work/articles-20000.txt $work/amend-100.json"
  "propose 20,000 articles with lists, 5,000 items changed|env -C $work $redline propose lists-new.txt --base lists-old.txt"
  "propose 100,000 articles, one word inserted|env -C $work $redline propose articles-100000-edited.txt --base articles-100000.txt"
)
printf '%-56s %8s %10s\n' case seconds "max RSS"
for case in "${cases[@]}"; do
  name=${case%%|*}
  command=${case#*|}
  [[ -n $filter && $name != *"$filter"* ]] && continue
  status=0
  /usr/bin/time -f '%e %M' -o "$work/time" timeout "$limit" $command >/dev/null 2>"$work/err" \
    || status=$?
  read -r seconds kilobytes < <(tail -1 "$work/time")
  if [[ $status -eq 124 ]]; then
    seconds="> $limit"
  elif [[ $status -gt 1 ]]; then
    echo "$name: exit status $status" >&2
    cat "$work/err" >&2
  fi
  printf '%-56s %8s %7s MB\n' "$name" "$seconds" "$(( kilobytes / 1024 ))"
done
