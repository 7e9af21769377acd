#!/usr/bin/env bash
# Times `lifecircle plan` on the embedded demo city (network mode), 5 runs:
# prints each run's stage lines (elapsed time since start per stage) and the
# median wall time. Target (issue 6): under 3 s.
# Usage: scripts/bench/plan_demo.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
BIN="$BUILD/src/lifecircle"
[ -x "$BIN" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
times=()
for i in 1 2 3 4 5; do
  start=$EPOCHREALTIME
  "$BIN" plan --out "$OUT/run$i" > /dev/null 2> "$OUT/stderr$i"
  end=$EPOCHREALTIME
  t=$(python3 -c "print($end - $start)")
  times+=("$t")
  echo "run $i: $(printf '%.3f' "$t") s"
  sed 's/^/    /' "$OUT/stderr$i"
done
median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
printf 'median wall time: %.3f s (target < 3 s)\n' "$median"
