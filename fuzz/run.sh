#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 20), after building them once and
# writing the seed corpora; fails on the first crash, leaving the input in
# fuzz/artifacts/TARGET/. fuzz/README.md says how to reproduce and keep a crash.
#
#   fuzz/run.sh            20 s per target
#   fuzz/run.sh 300 diff   5 minutes of the diff target only
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
# No sanitizer (the code is safe Rust: a crash is a panic), with debug assertions (overflow).
flags=(--release --debug-assertions --sanitizer none)
export RUSTC_BOOTSTRAP=1
cargo fuzz build "${flags[@]}"
python3 seed.py
for target in "${targets[@]}"; do
  echo "== fuzz $target (${seconds} s)"
  cargo fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E "^(#[0-9]+: *DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|.*panicked|Test unit written)" || true
  # A crash leaves its input in artifacts/; libFuzzer's own status is lost in the pipe.
  if compgen -G "artifacts/$target/*" >/dev/null; then
    echo "fuzz target $target crashed; inputs in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
