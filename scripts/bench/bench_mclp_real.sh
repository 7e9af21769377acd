#!/usr/bin/env bash
# Maximal covering on real city points (Bronx, New York, San Francisco) against the
# 18 optimal values of ../shared/datasets/mclp-real-city (optima.csv; distance =
# spherical law of cosines x 6,378,100 m cast to float, covered when <= r; every point
# a demand and a candidate site). Not a ctest test.
#
#   scripts/bench/bench_mclp_real.sh [--time-limit S] [--build DIR] [--only REGEX]
#
# --time-limit: seconds per run (default 60); --only: matched against "instance,p".
# One line per run: instance p radius published found bound gap seconds
# paper_seconds (the authors' CPLEX, their hardware) status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/bench_common.sh"
bench_args bench_mclp_real.sh "$@"
data="${LC_SHARED_DATASETS:-$here/../../../shared/datasets}/mclp-real-city"
cli="$build/src/lifecircle"
[[ -f "$data/optima.csv" ]] || { echo "bench_mclp_real.sh: $data/optima.csv not found" >&2; exit 1; }
# One result line from the summary JSON on stdin (MCLP: the bound is an upper bound).
row=$(cat <<'PY'
import json, sys
inst, p, r, value, paper, pub_status = sys.argv[1:]
j = json.load(sys.stdin)
found, bound = j["objective"], j["bound"]
if found is None:
    print(f"{inst:<12} {p:>4} {r:>5} {value:>9} {'-':>9} {'-':>9} {'-':>9} {j['seconds']:>8.2f} {paper:>10} {j['status']}")
    sys.exit(0)
gap = (bound - found) / found if found and bound is not None else None
bound_s = f"{bound:>9.0f}" if bound is not None else f"{'-':>9}"
gap_s = f"{100*gap:>8.4f}%" if gap is not None else f"{'-':>9}"
match = "=" if abs(found - float(value)) < 0.5 else ("<" if found < float(value) else ">")
print(f"{inst:<12} {p:>4} {r:>5} {value:>9} {found:>9.0f} {bound_s} {gap_s} {j['seconds']:>8.2f} {paper:>10} "
      f"{j['status']} found{match}published ({pub_status})")
PY
)
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') time limit ${limit}s"
printf '%-12s %4s %5s %9s %9s %9s %9s %8s %10s %s\n' instance p r published found bound gap seconds paper_s status
tail -n +2 "$data/optima.csv" | while IFS=, read -r inst n p r value status paper; do
  grep -Eq -- "$only" <<< "$inst,$p" || continue
  set +e
  out=$("$cli" optimize --tsplib "$data/instances/$inst.txt" --distance geo --model mclp --p "$p" --radius "$r" \
    --solver exact --time-limit "$limit" 2>&1)
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    printf '%-12s %4s %5s %9s %9s %9s %9s %8s %10s %s\n' "$inst" "$p" "$r" "$value" - - - - "$paper" "error(exit $rc)"
    continue
  fi
  python3 -c "$row" "$inst" "$p" "$r" "$value" "$paper" "$status" <<< "$out"
done
