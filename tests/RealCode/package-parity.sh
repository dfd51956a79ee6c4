#!/usr/bin/env bash
# Package parity (docs/packages.md): do the findings of `koupleless packages` on a released package equal the findings
# of the library's source at the same version? Compiles each library of parity-libraries.json at the commit of its
# package version (the build of the lib/ folder the package path picks), judges the same package versions with the
# packages CLI, and prints both side by side by rule, type and member (Shared role), with the labels of labels.tsv and
# labels-parity.tsv (the rows for the tags; run.sh alone never reads it: at the benchmark's commits they would be misses).
#   SOURCES=/path/with/git/copies  (default /work/.mirror)   WORK=checkouts (default $TMPDIR/koupleless-realcode)
#   CACHE=judged-package cache (default $TMPDIR/koupleless-parity/cache)   KOUPLELESS=path of koupleless.dll
# Extra arguments go to the realcode tool (--library NAME, --findings F, --verbose).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${OUT:-${TMPDIR:-/tmp}/koupleless-parity}"
cache="${CACHE:-$out/cache}"
cli="${KOUPLELESS:-$root/src/Koupleless.Cli/bin/Debug/net10.0/koupleless.dll}"
mkdir -p "$out"
if [[ ! -f "$cli" ]]; then
  dotnet build "$root/src/Koupleless.Cli" -v quiet -nologo >/dev/null
fi

# The package versions: the "notes" of each entry name them ("package Serilog 4.0.0, lib/net8.0").
grep -o 'package [^ ]* [^ ,"]*, lib' "$here/parity-libraries.json" | awk '{ sub(",", "", $3); print $2 "@" $3 }' > "$out/list.txt"
dotnet "$cli" packages --list "$out/list.txt" --cache "$cache" -f json -o "$out/packages" --fail-on none >&2
SOURCES="${SOURCES:-/work/.mirror}" WORK="${WORK:-${TMPDIR:-/tmp}/koupleless-realcode}" "$here/run.sh" \
  --libraries "$here/parity-libraries.json" --labels "$here/labels-parity.tsv" --packages "$out/packages/koupleless-packages.json" "$@"
