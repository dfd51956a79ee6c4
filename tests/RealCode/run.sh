#!/usr/bin/env bash
# The real-code precision benchmark (README.md): builds the tool, checks out each library of libraries.json at its
# pinned commit from a local git copy, scans it with the Koupleless analyzers in its role, and prints precision and
# recall per rule against labels.tsv. Extra arguments go to the tool (--library NAME, --set holdout, --unlabelled F, ...).
#   SOURCES=/path/with/git/copies  (default /work/.mirror: the search tool's fetch layout owner+name/repo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sources="${SOURCES:-/work/.mirror}"
work="${WORK:-${TMPDIR:-/tmp}/koupleless-realcode}"
dotnet build "$here/RealCode.csproj" -c Release -v quiet -nologo >/dev/null
exec dotnet "$here/bin/Release/net10.0/realcode.dll" --libraries "$here/libraries.json" --labels "${LABELS:-$here/labels.tsv}" \
  --sources "$sources" --work "$work" "$@"
