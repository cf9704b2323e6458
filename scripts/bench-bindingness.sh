#!/usr/bin/env bash
# Bindingness speed targets (docs/bindingness.md, "Speed"), startup included:
#   - `redline show` of one proposal under 20 ms;
#   - `redline review` of every shipped proposal under 40 ms: all of them in one review (both
#     baselines), and apart, the Chapter 19 proposals in one review and the Annex 12-C one;
#   - scoring linear in sentence length: a 200 KB replacement in `show` and an 800 KB paragraph
#     in `score`, which took 48 s and 9 s before.
# Each command runs RUNS times; the script prints the median wall time per run (and its range,
# min-max), the median CPU time, the load average before and after, and checks that every run
# printed the same output.
#
#   scripts/bench-bindingness.sh            # builds the release binary first
#   RUNS=50 scripts/bench-bindingness.sh
#   BIN=/tmp/redline-old scripts/bench-bindingness.sh   # another build, to compare
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
bin=${BIN:-target/release/redline}
[ -n "${BIN:-}" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Times `RUNS` runs of a command with Python's clock (wall) and resource counters (CPU), and
# compares their outputs.
measure() { # measure LABEL TARGET_MS CMD...
  local label=$1 target=$2
  shift 2
  python3 - "$label" "$target" "$RUNS" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
label, target, runs, cmd = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
walls, cpus, outputs = [], [], set()
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    walls.append((time.perf_counter() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    outputs.add(out)
wall, cpu = statistics.median(walls), statistics.median(cpus)
verdict = "ok" if wall < target else f"OVER the {target:.0f} ms target"
same = "identical output" if len(outputs) == 1 else f"{len(outputs)} DIFFERENT outputs"
spread = f"{min(walls):.1f}-{max(walls):.1f}"
print(f"{label:<44} wall {wall:6.1f} ms ({spread:>11})  cpu {cpu:6.1f} ms  ({verdict}; {same} over {runs} runs)")
PY
}

mapfile -t proposals < <(grep -l '"base": "usmca' proposals/*.json)
mapfile -t chapter19 < <(grep -l '"base": "usmca-ch19"' proposals/*.json)
mapfile -t annex < <(grep -l '"base": "usmca-annex-12c"' proposals/*.json)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "show proposals/cr2-shall.json" 20 "$bin" show proposals/cr2-shall.json
measure "show proposals/regulatory-cooperation-forum" 20 "$bin" show proposals/regulatory-cooperation-forum.json
measure "review of all ${#proposals[@]} proposals" 40 "$bin" review "${proposals[@]}"
measure "review of ${#chapter19[@]} Chapter 19 proposals (skip)" 40 \
  "$bin" review --on-conflict skip "${chapter19[@]}"
measure "review of ${#annex[@]} Annex 12-C proposal(s)" 40 "$bin" review "${annex[@]}"

# Long texts: a 200 KB replacement paragraph and an 800 KB paragraph of real treaty sentences.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
sentence = ("Each Party shall, to the extent practicable, publish its measures, and the Parties "
            "shall endeavor to cooperate, where appropriate, on matters of mutual interest; "
            "nothing in this Article shall prevent a Party from adopting measures that it "
            "considers appropriate, provided that such measures are not applied arbitrarily. ")
open(f"{work}/paragraph.txt", "w").write(sentence * (800_000 // len(sentence)))
proposal = {
    "id": "long", "title": "A long replacement", "sponsor": "Benchmark",
    "source": {"filing": "Benchmark", "date": "2025", "docket": "none"},
    "rationale": "Benchmark.", "base": "usmca-ch19",
    "amendments": [{"op": "replace_text", "at": "19.15.2",
                    "text": (sentence * (200_000 // len(sentence))).strip()}],
}
json.dump(proposal, open(f"{work}/long.json", "w"))
PY
"$bin" show "$work/long.json" >/dev/null 2>&1 || [ $? = 1 ] || { echo "the long proposal does not apply" >&2; exit 1; }
RUNS=3 measure "show of a 200 KB replacement" 2000 "$bin" show "$work/long.json"
RUNS=3 measure "score of an 800 KB paragraph" 2000 "$bin" score "$work/paragraph.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
