#!/usr/bin/env bash
# Analyzer throughput on a generated 200k-line code base (short in-process job, ~15 minutes on 2 cores).
#   tests/Koupleless.Analyzers.Benchmarks/run.sh              # Roslyn analyzer telemetry + BenchmarkDotNet table
#   tests/Koupleless.Analyzers.Benchmarks/run.sh --coverage   # only: which hazardous calls each configuration reports
#   KPL_BENCH_ITERATIONS=5 tests/Koupleless.Analyzers.Benchmarks/run.sh
#   dotnet bin/Release/net10.0/Koupleless.Analyzers.Benchmarks.dll --shared-only   # one Shared-role analysis, for a profiler
#   dotnet bin/Release/net10.0/Koupleless.Analyzers.Benchmarks.dll --telemetry-source File.cs   # per-analyzer time on one real file, both roles
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
dotnet build -c Release -nodeReuse:false -v:quiet -tl:off
dll=bin/Release/net10.0/Koupleless.Analyzers.Benchmarks.dll
if [ "${1:-}" = "--coverage" ]; then
  exec dotnet "$dll" --coverage
fi
dotnet "$dll" --telemetry
dotnet "$dll" --filter '*AnalyzerThroughput*' --artifacts "${BENCH_ARTIFACTS:-BenchmarkDotNet.Artifacts}" "$@"
