#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz; clang, ASan + UBSan) in the
# sanitizer tree (scripts/san_env.sh, build-san) and runs each for SECONDS
# (default 60) on a working copy of its seed corpus (tests/fuzz/corpus/<target>;
# new inputs land in build-san/corpus/<target>, crashes in build-san/artifacts/).
# JOBS targets run at once (default nproc). Exits 1 if any target finds a problem.
#   bash scripts/fuzz.sh [SECONDS]
# Environment: JOBS, FUZZ_TARGETS (default all six), SAN_BUILD_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/san_env.sh
source scripts/san_env.sh
SECONDS_EACH=${1:-60}
TARGETS=${FUZZ_TARGETS:-fuzz_profile fuzz_orlib fuzz_cost_matrix fuzz_geojson_city fuzz_shapefile_city fuzz_osm_network}
san_configure
# shellcheck disable=SC2086
cmake --build "$SAN_BUILD_DIR" -j "$JOBS" --target $TARGETS
mkdir -p "$SAN_BUILD_DIR/artifacts"

fuzz_one() {
  local t=$1 work="$SAN_BUILD_DIR/corpus/$1" log="$SAN_BUILD_DIR/$1.log" start runs
  mkdir -p "$work"
  start=$(date +%s)
  if ! "$SAN_BUILD_DIR/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$SAN_BUILD_DIR/artifacts/$t-" \
      "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    { echo "fuzz: $t FOUND A PROBLEM (log: $log; reproduce: $SAN_BUILD_DIR/tests/fuzz/$t $SAN_BUILD_DIR/artifacts/$t-*)"
      tail -n 60 "$log"; } >&2
    return 1
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
  echo "fuzz: $t clean: $runs inputs in $(( $(date +%s) - start ))s"
}

status=0
running=0
for t in $TARGETS; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  echo "fuzz: $t for ${SECONDS_EACH}s"
  fuzz_one "$t" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
