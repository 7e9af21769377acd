#!/usr/bin/env bash
# Vertex p-center on OR-Library pmed1-40 against the optimal radii of
# ../shared/datasets/orlib-pcenter/optima.txt (graphs and p from ../orlib-pmed).
# Not a ctest test.
#
#   scripts/bench/bench_pcenter.sh [--time-limit S] [--build DIR] [--only REGEX]
#
# --time-limit: seconds per run (default 60); --only: matched against the instance name.
# One line per instance: instance p published found status seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/bench_common.sh"
bench_args bench_pcenter.sh "$@"
datasets="${LC_SHARED_DATASETS:-$here/../../../shared/datasets}"
cli="$build/src/lifecircle"
[[ -f "$datasets/orlib-pcenter/optima.txt" ]] || { echo "bench_pcenter.sh: $datasets/orlib-pcenter/optima.txt not found" >&2; exit 1; }
row=$(cat <<'PY'
import json, sys
inst, value = sys.argv[1:]
j = json.load(sys.stdin)
found = j["objective"]
match = "=" if abs(found - float(value)) < 0.5 else ("<" if found < float(value) else ">")
print(f"{inst:<7} {j['p']:>4} {value:>9} {found:>9.0f} {j['status']:<10} {j['seconds']:>8.2f} found{match}published")
PY
)
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') time limit ${limit}s"
printf '%-7s %4s %9s %9s %-10s %8s\n' instance p published found status seconds
grep -v '^#' "$datasets/orlib-pcenter/optima.txt" | while read -r inst value; do
  [[ -n "$inst" ]] || continue
  grep -Eq -- "$only" <<< "$inst" || continue
  set +e
  out=$("$cli" optimize --orlib "$datasets/orlib-pmed/$inst.txt" --model pcenter --time-limit "$limit" 2>&1)
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    printf '%-7s %4s %9s %9s %-10s %8s\n' "$inst" - "$value" - "error(exit $rc)" -
    continue
  fi
  python3 -c "$row" "$inst" "$value" <<< "$out"
done
