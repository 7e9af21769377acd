#!/usr/bin/env bash
# Builds the .deb (scripts/package.sh), installs it with apt-get (as root, or
# with sudo), then from a folder outside the source tree checks the installed
# program: --version, its man page, `lifecircle plan` on the installed demo city
# (summary.json written), and removes the package again. .ci/run runs it; it
# can run by hand on any Debian 12 machine where installing a package is fine.
# With QGIS installed, the packaged QGIS plugin runs lifecircle:plan through
# qgis_process.bin (LC_DEB_QGIS=0 skips that). LC_DEB_KEEP=1 leaves the package installed.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

deb=$(bash scripts/package.sh)
echo "test_deb: $deb"
dpkg-deb --field "$deb" Package Version Depends Suggests

DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb"
tmp=$(mktemp -d)
cleanup() {
  local status=$?
  cd /
  rm -rf "$tmp"
  if [ "${LC_DEB_KEEP:-0}" != 1 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq lifecircle
    # QGIS wrote __pycache__ into the plugin folder: the package's prerm removes it
    for left in /usr/share/qgis/python/plugins/lifecircle /usr/share/lifecircle; do
      if [ -e "$left" ]; then echo "test_deb: removing the package left $left behind" >&2; status=1; fi
    done
  fi
  exit "$status"
}
trap cleanup EXIT

cd "$tmp"
bin=$(command -v lifecircle)
[ "$bin" = /usr/bin/lifecircle ] || { echo "test_deb: lifecircle is $bin, not /usr/bin/lifecircle" >&2; exit 1; }
env -i PATH=/usr/bin:/bin HOME="$tmp" lifecircle --version
if [ -d "$src/qgis/lifecircle" ]; then  # the QGIS plugin where Debian's QGIS looks
  [ -f /usr/share/qgis/python/plugins/lifecircle/metadata.txt ] \
    || { echo "test_deb: no QGIS plugin in /usr/share/qgis/python/plugins/lifecircle" >&2; exit 1; }
  echo "test_deb: QGIS plugin $(grep '^version=' /usr/share/qgis/python/plugins/lifecircle/metadata.txt)"
fi
if ! command -v man > /dev/null; then
  echo "test_deb: man-db is not installed, man pages not checked"
elif grep -rqs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
  echo "test_deb: dpkg here excludes /usr/share/man (a minimal image), man pages not checked"
else
  man -w lifecircle
  man -w lifecircle-plan
  whatis lifecircle-plan  # the NAME line, indexed by man-db's trigger
fi
env -i PATH=/usr/bin:/bin HOME="$tmp" lifecircle plan --out "$tmp/out" --quiet > "$tmp/plan.txt"
[ -f "$tmp/out/summary.json" ] || { echo "test_deb: plan wrote no summary.json" >&2; exit 1; }
grep -q -F '"/usr/share/lifecircle/demo/' "$tmp/out/summary.json" \
  || { echo "test_deb: summary.json does not name the installed demo" >&2; exit 1; }
# The packaged QGIS plugin running the packaged program (when QGIS is installed;
# Debian's qgis_process wrapper fails, QGIS issue 57683: the .bin, offscreen, a
# throw-away HOME for the QGIS profile that `plugins enable` writes).
if [ -d "$src/qgis/lifecircle" ] && [ -x /usr/bin/qgis_process.bin ] && [ "${LC_DEB_QGIS:-1}" = 1 ]; then
  qgis() { env -i PATH=/usr/bin:/bin HOME="$tmp/qgis-home" QT_QPA_PLATFORM=offscreen /usr/bin/qgis_process.bin "$@"; }
  mkdir -p "$tmp/qgis-home"
  qgis plugins enable lifecircle > /dev/null 2>&1
  d=/usr/share/lifecircle/demo
  qgis run lifecircle:plan -- ESTATES=$d/estates.geojson FACILITIES=$d/facilities.geojson \
    DISTRICTS=$d/districts.geojson CANDIDATES=$d/candidates.geojson NETWORK=$d/network.osm \
    PROFILE=yinchuan OUTPUT="$tmp/qgis-out" > "$tmp/qgis.txt" 2>&1 || { tail -20 "$tmp/qgis.txt" >&2; exit 1; }
  grep -q '^COMMAND_LINE:.*/usr/bin/lifecircle plan' "$tmp/qgis.txt" \
    || { echo "test_deb: qgis_process did not run /usr/bin/lifecircle" >&2; tail -20 "$tmp/qgis.txt" >&2; exit 1; }
  [ -f "$tmp/qgis-out/summary.json" ] || { echo "test_deb: lifecircle:plan wrote no summary.json" >&2; exit 1; }
  echo "test_deb: QGIS ran lifecircle:plan through the packaged plugin ($(grep -E '^COVERAGE_(BEFORE|AFTER)' "$tmp/qgis.txt" | tr '\n\t' '  '))"
fi
case "$PWD" in "$src"/*) echo "test_deb: ran inside the source tree" >&2; exit 1 ;; esac
head -n 2 "$tmp/plan.txt"
echo "test_deb: ok (installed, ran plan in $tmp, $(find "$tmp/out" -maxdepth 1 -type f | wc -l) outputs)"
