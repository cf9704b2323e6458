#!/usr/bin/env bash
# Regenerates docs/review-tui.png, the README's screenshot of the interactive review: the review
# runs in tmux (a real terminal, 120×34), a few keys are sent, the screen is captured with its
# colours (`tmux capture-pane -e`), turned into HTML by aha (Debian's `aha`) and photographed by
# headless Chromium. Run from the repository root after a change to the review's screens.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in tmux aha chromium; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 2; }
done
work=$(mktemp -d)
socket="redline-screenshot-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --quiet --release
tmux -L "$socket" -f /dev/null new-session -d -s shot -x 120 -y 34 \
  "TERM=xterm-256color $PWD/target/release/redline review -i proposals/cr2-shall.json \
   proposals/cybersecurity-workforce.json tests/fixtures/sme-as-subparagraph.json; sleep 30"
shown() { tmux -L "$socket" capture-pane -p -t shot | grep -qF "$1"; }
until shown "[1/10]"; do sleep 0.2; done
for key in y y n J; do
  tmux -L "$socket" send-keys -t shot "$key"
  sleep 0.2
done
tmux -L "$socket" send-keys -t shot g '19.15.1(c)' Enter
until shown "conflict at 19.15.1(c)"; do sleep 0.2; done
tmux -L "$socket" capture-pane -e -p -t shot > "$work/screen.ansi"
aha --black --title "redline review -i" < "$work/screen.ansi" |
  sed 's|</head>|<style>body{margin:8px} pre{font-family:"DejaVu Sans Mono",monospace;font-size:14px;line-height:1.25;margin:0}</style></head>|' \
  > "$work/screen.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
  --hide-scrollbars --window-size=1030,610 --screenshot="$PWD/docs/review-tui.png" \
  "file://$work/screen.html" 2>/dev/null
echo "docs/review-tui.png"
