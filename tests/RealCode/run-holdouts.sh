#!/usr/bin/env bash
# Runs `koupleless packages` over the held-out package lists, one after another, so a rule change can be scored
# against every labelled set (package-labels.py). Needs the network (the packages are downloaded once per set into
# its own cache folder, so two chains of sets can run side by side).
#
#   CLI=/tmp/cli/koupleless.dll tests/RealCode/run-holdouts.sh TAG 22 7 14 ...   # the sets to run; default 1..26
#
# Writes /tmp/hoN-TAG/koupleless-packages.json per set N (1 = packages-holdout.txt), logs to /tmp/run-holdouts-TAG.log.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
tag="${1:?usage: run-holdouts.sh TAG [SET...]}"; shift
sets="${*:-$(seq -s ' ' 1 26)}"
cli="${CLI:?set CLI to a built koupleless.dll}"
log="/tmp/run-holdouts-$tag.log"
for set in $sets; do
  if [ "$set" = 1 ]; then list="$here/packages-holdout.txt"; else list="$here/packages-holdout$set.txt"; fi
  start=$(date +%s)
  dotnet "$cli" packages --list "$list" --framework net10.0 --format json \
    --cache "/tmp/koupleless-holdout$set-cache" -o "/tmp/ho$set-$tag" --fail-on none > "/tmp/ho$set-$tag.out" 2>&1
  echo "set $set: exit $? in $(( $(date +%s) - start )) s" >> "$log"
done
echo "done" >> "$log"
