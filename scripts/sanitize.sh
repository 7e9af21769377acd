#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer + UndefinedBehaviorSanitizer
# in build-asan (RelWithDebInfo, no benchmarks) and runs ctest without the
# browser label. Any finding is fatal: ASan halts on the first error and checks
# leaks at exit, UBSan is built with -fno-sanitize-recover=all and prints the
# stack. Third-party leaks only are suppressed (tests/fuzz/lsan.supp).
#   bash scripts/sanitize.sh [extra ctest arguments]
# Environment: JOBS (default nproc), ASAN_BUILD_DIR (default build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DLC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLC_BUILD_BENCHMARKS=OFF
fi
cmake --build "$BUILD_DIR" -j "$JOBS"

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}
cd "$BUILD_DIR"
ctest --output-on-failure -j "$JOBS" -LE browser "$@"
