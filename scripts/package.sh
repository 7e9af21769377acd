#!/usr/bin/env bash
# Builds the Debian package lifecircle_<version>_<arch>.deb in ./build with CPack
# (cmake/install.cmake; Depends from dpkg-shlibdeps) and prints its path.
# Usage: scripts/package.sh            (builds first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
bash scripts/build.sh >&2
rm -f "$BUILD_DIR"/lifecircle_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >&2)
deb=$(ls "$BUILD_DIR"/lifecircle_*.deb)
echo "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
