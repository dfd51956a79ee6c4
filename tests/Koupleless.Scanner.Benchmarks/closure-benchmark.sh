#!/usr/bin/env bash
# Speed of `koupleless packages` on the restore closure of a realistic app (docs/performance-scanner.md): closure151 is
# an ASP.NET Core app on net8.0 (EF Core SqlServer and Npgsql, Serilog, Polly, Newtonsoft.Json, AutoMapper, Swashbuckle,
# OpenTelemetry, Azure Blobs and Cosmos, Redis, MongoDB, Kafka, Elasticsearch, AWS S3, Hangfire, MassTransit, Quartz,
# gRPC, FluentValidation, MediatR, JWT) whose closure is 151 packages. Restores it (untimed), then runs the CLI cold
# (an empty judgement cache) and warm (the judgements of the cold run), each under GNU time; KPL_BENCH_REPORT=file
# keeps the JSON report.
set -euo pipefail
cd "$(dirname "$0")/../.."
app=tests/Koupleless.Scanner.Benchmarks/closure151/Closure151.csproj
cache="${KPL_BENCH_CACHE:-${TMPDIR:-/tmp}/koupleless-closure-cache}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Koupleless.Cli -c Release -v q -nologo >/dev/null
dotnet restore "$app" -v q >/dev/null
cli="src/Koupleless.Cli/bin/Release/net10.0/koupleless.dll"
rm -rf "$cache/judged"
for run in cold warm; do
  echo "== $run"
  /usr/bin/time -o "$work/time.txt" -f "wall %e s, CPU %U+%S s, max RSS %M KB" dotnet "$cli" packages "$app" --cache "$cache" \
    --format json -o "$work/$run" --fail-on none 2>/dev/null | tail -n 2 || true
  cat "$work/time.txt"
done
# The report, for judging its findings (tests/RealCode/package-labels.py) when KPL_BENCH_REPORT names a file.
if [ -n "${KPL_BENCH_REPORT:-}" ]; then cp "$work/warm/koupleless-packages.json" "$KPL_BENCH_REPORT"; fi
