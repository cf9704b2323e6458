#!/usr/bin/env bash
# Regenerates the screenshots in docs/ from the current output, with headless Chromium
# (Debian's `chromium`): the HTML redline of three proposals reviewed together, as the README
# shows it. Run from the repository root after a change to the HTML renderer.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1764619200
cargo run --quiet --release -- review proposals/cr2-shall.json \
  proposals/interoperable-risk-management.json \
  proposals/coordinated-vulnerability-disclosure.json \
  --on-conflict first-wins -o "$work/review.html" || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
  --hide-scrollbars --window-size=1280,1000 --screenshot="$PWD/docs/redline-html.png" \
  "file://$work/review.html" 2>/dev/null
echo "docs/redline-html.png"
