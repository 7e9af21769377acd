#!/usr/bin/env bash
# Builds the whole test suite (and the fuzz targets) with AddressSanitizer +
# UndefinedBehaviorSanitizer in build-san (scripts/san_env.sh) and runs ctest
# without the browser, qgis and dask labels (they test Chromium, QGIS and Dask, not memory
# safety). Any sanitizer finding fails its test.
#   bash scripts/sanitize.sh [extra ctest arguments]
# Environment: SAN_BUILD_DIR (default build-san), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/san_env.sh
source scripts/san_env.sh
san_configure
cmake --build "$SAN_BUILD_DIR" -j "$JOBS"
cd "$SAN_BUILD_DIR"
ctest --output-on-failure -j "$JOBS" -LE "browser|qgis|dask" "$@"
