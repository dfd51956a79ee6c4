#!/usr/bin/env bash
# Binary-scan benchmark for `koupleless packages` (docs/packages.md, "Performance").
# Scans every package version already in the machine's global packages folder (a warm cache: nothing is downloaded),
# at least 50 packages, twice; the second run is the measurement. Prints the tool's own figures:
# MB of assemblies and of IL, scan time summed over threads (=> MB/s per core), and wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for nupkg in "$packages"/*/*/*.nupkg; do
  version_dir=$(dirname "$nupkg"); id_dir=$(dirname "$version_dir")
  # The nuspec holds the id's real casing; the folder name is lower case (ids are case-insensitive either way).
  echo "$(basename "$id_dir")@$(basename "$version_dir")"
done | sort -u > "$work/list.txt"
count=$(wc -l < "$work/list.txt")
echo "packages in the warm cache: $count"
if [ "$count" -lt 50 ]; then echo "need at least 50 packages in $packages" >&2; exit 1; fi

dotnet build src/Koupleless.Cli -c Release -v q -nologo >/dev/null
cli="src/Koupleless.Cli/bin/Release/net10.0/koupleless.dll"
for run in warm-up measured; do
  echo "== $run"
  # stderr (one progress line per package when redirected) is dropped; /usr/bin/time writes its figures to a file.
  /usr/bin/time -o "$work/time.txt" -f "wall %e s, max RSS %M KB" dotnet "$cli" packages --list "$work/list.txt" --offline --cache "$work/cache" \
    --format json -o "$work/out" --fail-on none 2>/dev/null | grep -E "package\(s\)|scanned|not scanned" || true
  cat "$work/time.txt"
done
echo "== steady state, in process (tests/Koupleless.Scanner.Benchmarks/PackagesBenchmark)"
dotnet run -c Release --project tests/Koupleless.Scanner.Benchmarks/PackagesBenchmark -- "$packages"

echo "== the CLI's own figures for the measured run (a fresh process: includes start-up and JIT warm-up)"
python3 - "$work/out/koupleless-packages.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); s = r["statistics"]
mb = s["assemblyBytes"] / 1048576; il = s["ilBytes"] / 1048576
print(f"packages {s['packages']}, assemblies {s['assemblies']}, {mb:.1f} MB of assemblies, {il:.1f} MB of IL")
print(f"per CPU second (whole process: start-up, JIT, GC, zip, scan): {mb / s['cpuSeconds']:.0f} MB/s of assemblies, {il / s['cpuSeconds']:.0f} MB/s of IL ({s['cpuSeconds']:.2f} s CPU)")
print(f"per thread-second of scan (wall, inflated when other processes hold the cores): {mb / s['scanSeconds']:.0f} MB/s of assemblies ({s['scanSeconds']:.2f} s)")
print(f"wall: {s['totalSeconds']:.2f} s for the closure")
PY
