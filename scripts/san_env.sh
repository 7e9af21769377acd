# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the one sanitizer tree
# (clang 14, ASan + UBSan + libFuzzer instrumentation, -O1 with line tables)
# that both use, so CI builds it once (docs/hardening.md).
# Environment: SAN_BUILD_DIR (default build-san), JOBS (default nproc).
SAN_BUILD_DIR=${SAN_BUILD_DIR:-build-san}
JOBS=${JOBS:-$(nproc)}

san_configure() {
  if ! command -v clang++ >/dev/null; then
    echo "sanitizers: clang++ not found (bash scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
    exit 2
  fi
  if [ ! -f "$SAN_BUILD_DIR/build.ninja" ]; then
    # -O1 and line tables only: a third of the -O2 -g build time, and every
    # sanitizer report still has file:line frames. The GIS code is linked in
    # (LC_LAZY_GIS=OFF): LeakSanitizer's exit-time scan crashes ("Tracer caught
    # signal 11") in some error exits with the module loaded through the
    # trampolines; the loader itself is tested by ctest startup_loading.
    CC=clang CXX=clang++ cmake -S . -B "$SAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DLC_FUZZ=ON -DLC_BUILD_TESTS=ON -DLC_BUILD_BENCHMARKS=OFF -DLC_LAZY_GIS=OFF
  fi
}

# Any finding is fatal: ASan halts on the first error and checks leaks at exit,
# UBSan is built with -fno-sanitize-recover=all and prints the stack. GDAL, PROJ
# and GEOS keep process-wide caches; only third-party leaks may be suppressed, in
# tests/fuzz/lsan.supp (empty today).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}
