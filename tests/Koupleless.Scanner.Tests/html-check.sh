#!/usr/bin/env bash
# Renders a koupleless HTML report in headless Chromium: checks that the page renders with its charts and that the
# filter script ran (it writes "N of M shown"), and saves a screenshot.
#   usage: html-check.sh REPORT.html [SCREENSHOT.png]
# Exit: 0 ok, 1 check failed, 77 Chromium not installed (apt-get install chromium).
set -euo pipefail
report="$(realpath "$1")"
shot="${2:-${report%.html}.png}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "html-check: Chromium not found; skipping (apt-get install chromium)" >&2
  exit 77
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# No network: the report must not need any, and the machine refuses it anyway.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1280,1400)
dom="$("$browser" "${flags[@]}" --virtual-time-budget=2000 --dump-dom "file://$report" 2>/dev/null)"
"$browser" "${flags[@]}" --screenshot="$shot" "file://$report" >/dev/null 2>&1
fail=0
grep -q '<svg' <<<"$dom" || { echo "html-check: no SVG chart in the rendered page" >&2; fail=1; }
grep -qE '[0-9]+ of [0-9]+ shown' <<<"$dom" || { echo "html-check: the filter script did not run" >&2; fail=1; }
[[ -s "$shot" ]] || { echo "html-check: no screenshot written" >&2; fail=1; }
[[ $fail -eq 0 ]] && echo "html-check: ok ($shot)"
exit $fail
