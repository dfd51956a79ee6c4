#!/usr/bin/env bash
# Times `koupleless scan` against `dotnet build` of the same generated solution (>= 20 projects, >= 200k lines),
# in one run on one machine, and prints the ratio and the peak memory of each (GNU time -v).
#   usage: tests/Koupleless.Scanner.Benchmarks/run.sh [WORK_DIR]
# Both commands start after one untimed `dotnet restore` (so neither pays for the package download), both compile
# the whole solution from scratch, and the build runs with UseSharedCompilation=false so that its compiler runs
# inside the measured process tree (a warm VBCSCompiler server would hide both its time and its memory).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/koupleless-bench-XXXXXX)}"
sln="$work/solution"
mkdir -p "$work"

echo "== generating into $sln"
rm -rf "$sln"
python3 "$repo/tests/Koupleless.Scanner.Benchmarks/generate.py" "$sln" "${BENCH_PROJECTS:-24}" "${BENCH_FILES:-45}" "${BENCH_METHODS:-12}" | tee "$work/size.txt"

echo "== building the scanner (Release)"
dotnet build "$repo/src/Koupleless.Cli" -c Release -o "$work/tool" -nologo -v:q >/dev/null

echo "== restoring (untimed)"
dotnet restore "$sln/Bench.slnx" -nologo -v:q >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || echo "   ($name exited with $?)"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$name wall=$wall peak_rss_kb=$rss" | tee -a "$work/results.txt"
}

to_seconds() { awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<<"$1"; }

: >"$work/results.txt"
echo "== dotnet build (no restore, shared compilation off)"
measure build dotnet build "$sln/Bench.slnx" --no-restore -nologo -v:q -p:UseSharedCompilation=false -m -nodeReuse:false
echo "== koupleless scan (no restore)"
CI=1 measure scan dotnet "$work/tool/koupleless.dll" scan "$sln/Bench.slnx" --no-restore --output "$work/report" --fail-on none

build_s=$(to_seconds "$(awk '/^build/ {split($2,a,"="); print a[2]}' "$work/results.txt")")
scan_s=$(to_seconds "$(awk '/^scan/ {split($2,a,"="); print a[2]}' "$work/results.txt")")
ratio=$(awk -v s="$scan_s" -v b="$build_s" 'BEGIN { printf "%.2f", s / b }')
echo "== result: $(cat "$work/size.txt"); build ${build_s}s, scan ${scan_s}s, scan/build = ${ratio}x (target <= 1.3x)"
grep -E "^Scanned" "$work/scan.log" || tail -5 "$work/scan.log"
echo "(details: $work)"
