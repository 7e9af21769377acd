#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) in build-fuzz
# and runs each for SECONDS (default 60) on a working copy of its seed corpus
# (tests/fuzz/corpus/<target>; new inputs land in build-fuzz/corpus/<target>,
# crashes in build-fuzz/artifacts/). Exits non-zero on the first finding.
#   bash scripts/fuzz.sh [SECONDS]
# Environment: JOBS (build jobs, default nproc), FUZZ_TARGETS (default all four),
# FUZZ_BUILD_DIR (default build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-$(nproc)}
TARGETS=${FUZZ_TARGETS:-fuzz_profile fuzz_orlib fuzz_cost_matrix fuzz_geojson_city}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (bash scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLC_FUZZ=ON -DLC_BUILD_TESTS=OFF -DLC_BUILD_BENCHMARKS=OFF
fi
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" -j "$JOBS" --target $TARGETS

# Any sanitizer finding is fatal. GDAL, PROJ and GEOS keep process-wide caches
# that LeakSanitizer would report once per run: see tests/fuzz/lsan.supp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}
mkdir -p "$BUILD_DIR/artifacts"
status=0
for t in $TARGETS; do
  work="$BUILD_DIR/corpus/$t"
  mkdir -p "$work"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  start=$(date +%s)
  if ! "$BUILD_DIR/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$BUILD_DIR/artifacts/$t-" \
      "$work" "tests/fuzz/corpus/$t" >"$BUILD_DIR/$t.log" 2>&1; then
    echo "fuzz: $t FOUND A PROBLEM (log: $BUILD_DIR/$t.log; reproduce: $BUILD_DIR/tests/fuzz/$t $BUILD_DIR/artifacts/$t-*)" >&2
    tail -n 60 "$BUILD_DIR/$t.log" >&2
    status=1
    break
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$BUILD_DIR/$t.log" | grep -Eo '[0-9]+$' || echo '?')
  echo "fuzz: $t clean: $runs inputs in $(( $(date +%s) - start ))s"
done
exit $status
