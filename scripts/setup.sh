#!/usr/bin/env bash
# Installs every Debian package that lifecircle's build, demo and tests need.
# Idempotent and quick when everything is there. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git python3
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libboost-dev libeigen3-dev libcli11-dev libgtest-dev libgmock-dev
  coinor-libcbc-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libexpat1-dev libbz2-dev
  nlohmann-json3-dev libtomlplusplus-dev
  chromium fonts-wqy-microhei  # browser check of report.html (ctest -L browser); a CJK font for its screenshot
  clang libclang-rt-14-dev  # libFuzzer targets of tests/fuzz (scripts/fuzz.sh)
  clang-tidy  # scripts/tidy.sh, the .clang-tidy checks in .ci/run
  python3-distributed  # scripts/batch_dask.py and its ctest (-L dask, a LocalCluster)
  postgresql postgresql-15-postgis-3  # PostGIS round trip (tests/cli/test_bad_corpus_postgis.cpp; a throw-away cluster)
  pandoc  # man pages from docs/cli/*.md (docs/CMakeLists.txt)
  dpkg-dev file man-db  # the .deb: dpkg-shlibdeps for its Depends (scripts/package.sh), man -w in scripts/test_deb.sh
  qgis python3-qgis  # the QGIS plugin test (ctest -L qgis: qgis_process.bin) and scripts/render_project.py; qgis pulls in qgis-providers
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages are installed"
fi
