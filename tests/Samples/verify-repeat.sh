#!/usr/bin/env bash
# Runs `koupleless verify` on the built sample module N times (default 40) and counts the runs whose report lacks the
# static-field roots of the sample's timer (KPL3001, TimerQueue.Instances) and TaskScheduler.UnobservedTaskException
# handler (KPL3003) — the paths a half-read process once left unnamed (docs/testing.md, "How the retention path is found").
# Run it while the machine is busy (e.g. during a build): the misses showed only under load.
#   KOUPLELESS=path of koupleless.dll (default: the Debug build)   OUT=work folder (default $TMPDIR/koupleless-verify-repeat)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-40}"
cli="${KOUPLELESS:-$root/src/Koupleless.Cli/bin/Debug/net10.0/koupleless.dll}"
out="${OUT:-${TMPDIR:-/tmp}/koupleless-verify-repeat}"
samples="$root/tests/Samples"
[[ -f "$cli" ]] || dotnet build "$root/src/Koupleless.Cli" -v quiet -nologo >/dev/null
[[ -f "$samples/Sample.Module/bin/Debug/net10.0/Sample.Module.dll" ]] || dotnet build "$samples/Koupleless.Samples.sln" -v quiet -nologo >/dev/null
missed=0
for i in $(seq 1 "$runs"); do
  rm -rf "$out/run"
  dotnet "$cli" verify "$samples/Sample.Module/bin/Debug/net10.0/Sample.Module.dll" \
    --entry Sample.Module.OrderModule.Start --entry Sample.Module.BackgroundServices.Start --env ORDERS_DB=orders.db \
    --base "$samples/Sample.Base/bin/Debug/net10.0" --output "$out/run" --format json >/dev/null 2>&1 || true
  report="$out/run/koupleless.json"
  if ! grep -q "static field System.Threading.TimerQueue.Instances" "$report" \
     || ! grep -q "static field System.Threading.Tasks.TaskScheduler.UnobservedTaskException" "$report"; then
    missed=$((missed + 1))
    cp "$report" "$out/missed-$i.json"
    echo "run $i: a root was not named (kept as $out/missed-$i.json)"
  fi
done
echo "$missed of $runs runs missed a static-field root"
[[ $missed -eq 0 ]]
