#!/usr/bin/env bash
# p-median on TSPLIB points against the published values of Duran-Mateluna, Ales &
# Elloumi (EJOR 2023): ../shared/datasets/tsplib-pmedian (optima.csv; distance =
# Euclidean rounded down, clients = sites = every point). Not a ctest test.
#
#   scripts/bench/bench_tsplib.sh [--time-limit S] [--build DIR] [--only REGEX] [--paper-max S]
#
# --paper-max S: only the values the paper proves in at most S seconds (issue 17's
# target set with S = 60: 40 of the 71).
# --time-limit: seconds per run (default 60); --only: instances,p to run, matched
# against "instance,p" (e.g. --only '^(rl1304|fl1400),'). One line per (instance, p):
# instance p published found bound gap seconds paper_seconds status (gap = (found -
# bound) / found; "refused" when lifecircle declines the size, exit 2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/bench_common.sh"
bench_args bench_tsplib.sh "$@"
data="${LC_SHARED_DATASETS:-$here/../../../shared/datasets}/tsplib-pmedian"
cli="$build/src/lifecircle"
[[ -f "$data/optima.csv" ]] || { echo "bench_tsplib.sh: $data/optima.csv not found" >&2; exit 1; }
# One result line from the summary JSON on stdin.
row=$(cat <<'PY'
import json, sys
inst, p, value, paper, pub_status = sys.argv[1:]
j = json.load(sys.stdin)
found, bound = j["objective"], j["bound"]
if found is None:
    print(f"{inst:<9} {p:>5} {value:>12} {'-':>12} {'-':>12} {'-':>9} {j['seconds']:>8.2f} {paper:>8} {j['status']}")
    sys.exit(0)
gap = (found - bound) / found if found and bound is not None else None
bound_s = f"{bound:>12.0f}" if bound is not None else f"{'-':>12}"
gap_s = f"{100*gap:>8.4f}%" if gap is not None else f"{'-':>9}"
match = "=" if abs(found - float(value)) < 0.5 else ("<" if found < float(value) else ">")
print(f"{inst:<9} {p:>5} {value:>12} {found:>12.0f} {bound_s} {gap_s} {j['seconds']:>8.2f} {paper:>8} "
      f"{j['status']} found{match}published ({pub_status})")
PY
)
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') time limit ${limit}s"
printf '%-9s %5s %12s %12s %12s %9s %8s %8s %s\n' instance p published found bound gap seconds paper_s status
tail -n +2 "$data/optima.csv" | while IFS=, read -r inst n p value status table paper; do
  grep -Eq -- "$only" <<< "$inst,$p" || continue
  paper_within "$paper" || continue
  set +e
  out=$("$cli" optimize --tsplib "$data/$inst.tsp" --model pmedian --p "$p" --solver exact --time-limit "$limit" 2>&1)
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    printf '%-9s %5s %12s %12s %12s %9s %8s %8s %s\n' "$inst" "$p" "$value" - - - - "$paper" "refused(exit $rc)"
    continue
  fi
  python3 -c "$row" "$inst" "$p" "$value" "$paper" "$status" <<< "$out"
done

