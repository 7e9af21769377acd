#!/usr/bin/env bash
# Every performance benchmark of docs/performance.md, then one table: benchmark,
# figure, target, peer or paper figure. Not a ctest test (the full run takes about
# an hour: TSPLIB and the real-city MCLP give each run up to --time-limit seconds).
#
#   scripts/bench/run_all.sh [--build DIR] [--out DIR] [--time-limit S] [--quick] [--all-tsplib]
#
# TSPLIB runs only the values the paper proves in at most --time-limit seconds (the
# target set: 40 of 71 at 60 s); --all-tsplib runs all 71 (about 70 min more).
# --out: where each benchmark's own output is kept (default: a new temporary folder,
# printed); --quick: a smoke run (one instance of each suite, 10 s limits) to check
# the script, not figures to quote. Build first:
#   cmake --build build --target lifecircle bench_orlib bench_mclp_synthetic \
#         bench_network_poa bench_network_synthetic gen_city
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../../build"
out=""
limit=60
quick=0
all_tsplib=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --time-limit) limit="$2"; shift 2 ;;
    --quick) quick=1; limit=10; shift ;;
    --all-tsplib) all_tsplib=1; shift ;;
    *) echo "run_all.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
build="$(cd "$build" && pwd)"
datasets="${LC_SHARED_DATASETS:-$here/../../../shared/datasets}"
export LC_SHARED_DATASETS="$datasets"
[[ -n "$out" ]] || out="$(mktemp -d /tmp/lc-bench.XXXXXX)"
mkdir -p "$out"
for exe in src/lifecircle scripts/bench/bench_orlib scripts/bench/bench_mclp_synthetic \
           scripts/bench/bench_network_poa scripts/bench/bench_network_synthetic; do
  [[ -x "$build/$exe" ]] || { echo "run_all.sh: $build/$exe not built (see the header of this script)" >&2; exit 2; }
done

# run NAME COMMAND...: the command's output to $out/NAME.txt, its wall time to the log.
run() {
  local name="$1"
  shift
  local start=$EPOCHREALTIME
  echo "== $name: $*" >&2
  "$@" > "$out/$name.txt" 2>&1 || echo "exit $?" >> "$out/$name.txt"
  echo "   $(python3 -c "print(f'{$EPOCHREALTIME - $start:.1f}')") s, $(uptime | sed 's/.*load/load/')" >&2
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*load/load/'); outputs in $out" | tee "$out/header.txt"
if [[ $quick -eq 1 ]]; then
  only_pc='^pmed(1|2)$'; only_ts='^rl1304,(5|10)$'; only_mc='^NewYork,50$'
else
  only_pc='.'; only_ts='.'; only_mc='.'
fi
if [[ $quick -eq 1 ]]; then
  run orlib "$build/scripts/bench/bench_orlib" "$datasets/orlib-pmed" --to 2
else
  run orlib "$build/scripts/bench/bench_orlib" "$datasets/orlib-pmed"
fi
run pcenter "$here/bench_pcenter.sh" --build "$build" --time-limit "$limit" --only "$only_pc"
tsplib_set=(--paper-max "$limit")
[[ $all_tsplib -eq 1 || $quick -eq 1 ]] && tsplib_set=()
run tsplib "$here/bench_tsplib.sh" --build "$build" --time-limit "$limit" --only "$only_ts" "${tsplib_set[@]}"
run mclp_real "$here/bench_mclp_real.sh" --build "$build" --time-limit "$limit" --only "$only_mc"
run mclp_synthetic "$build/scripts/bench/bench_mclp_synthetic"
run network_synthetic "$build/scripts/bench/bench_network_synthetic"
run network_poa "$build/scripts/bench/bench_network_poa" "$datasets/porto-alegre-r5r" --reps 3
if [[ -x "$here/bench_startup.sh" ]]; then
  run startup "$here/bench_startup.sh" --build "$build"
fi
run plan_demo "$here/plan_demo.sh" "$build"
if [[ -x "$build/scripts/bench/gen_city" ]]; then
  run city "$here/bench_city.sh" --build "$build" --residents "$([[ $quick -eq 1 ]] && echo 100000 || echo 10000000)"
fi

python3 "$here/summarise.py" "$out" "$limit" | tee "$out/table.txt"
