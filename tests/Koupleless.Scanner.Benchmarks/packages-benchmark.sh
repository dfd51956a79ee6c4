#!/usr/bin/env bash
# Speed and selection oracle of `koupleless packages` (docs/packages.md, "Performance" and "Selection").
# Usage: tests/Koupleless.Scanner.Benchmarks/packages-benchmark.sh [list.txt] [--skip-selection]
# 1. the CLI in a fresh process, cold (no judgements kept) then warm (the judgements of the first run), on the list;
# 2. tests/Koupleless.Scanner.Benchmarks/PackagesBenchmark (not part of the solution), in one process: whole assemblies
#    (the default) cold and warm, then the --select-types experiment and the oracle — every finding of the whole-assembly
#    run must be found by the selection (exit 1 and the misses listed otherwise).
set -euo pipefail
cd "$(dirname "$0")/../.."
list="${1:-tests/Koupleless.Scanner.Benchmarks/packages.txt}"
shift || true
cache="${KPL_BENCH_CACHE:-${TMPDIR:-/tmp}/koupleless-bench-cache}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Koupleless.Cli -c Release -v q -nologo >/dev/null
cli="src/Koupleless.Cli/bin/Release/net10.0/koupleless.dll"
# Downloads (if any) happen here, outside the measured runs.
dotnet "$cli" packages --list "$list" --cache "$cache" --format json -o "$work/download" --fail-on none >/dev/null 2>&1 || true
for run in cold warm; do
  [ "$run" = cold ] && rm -rf "$cache/judged"
  echo "== CLI, $run"
  /usr/bin/time -o "$work/time.txt" -f "wall %e s, CPU %U+%S s, max RSS %M KB" dotnet "$cli" packages --list "$list" --offline --cache "$cache" \
    --format json -o "$work/$run" --fail-on none 2>/dev/null | tail -n 3 || true
  cat "$work/time.txt"
done

echo "== in process (PackagesBenchmark)"
dotnet run -c Release --project tests/Koupleless.Scanner.Benchmarks/PackagesBenchmark -- "$list" --cache "$cache" "$@"
