#!/usr/bin/env bash
# A moved install still runs: `cmake --install BUILD --prefix TMP/a`, move TMP/a
# to TMP/b, then run TMP/b/bin/lifecircle from an unrelated folder with a clean
# environment (no LIFECIRCLE_* variables): --version, `profiles`, and `plan` on
# the installed demo city must work, and nothing of the tree may name the
# source or build folder (no source path compiled in).
# Usage: moved_install.sh BUILD_DIR SOURCE_DIR [CHECK_PATHS]
# CHECK_PATHS=0 skips the path check (sanitizer builds: UBSan keeps source file
# names in the program for its reports).
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
check_paths=${3:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "moved_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/a" --strip > "$tmp/install.log"  # stripped, as in the .deb
mv "$tmp/a" "$tmp/b"
mkdir "$tmp/cwd"
cd "$tmp/cwd"
run() { env -i PATH=/usr/bin:/bin HOME="$tmp" "$tmp/b/bin/lifecircle" "$@"; }

expected=(bin/lifecircle share/lifecircle/profiles/national.toml share/lifecircle/demo/estates.geojson
          share/bash-completion/completions/lifecircle)
if [ -d "$source_dir/qgis/lifecircle" ]; then  # the QGIS plugin, in QGIS's system plugin folder
  expected+=(share/qgis/python/plugins/lifecircle/metadata.txt share/qgis/python/plugins/lifecircle/__init__.py)
fi
for page in "$build"/man/man1/*.1; do  # the man pages the build made (none without pandoc)
  [ -e "$page" ] && expected+=("share/man/man1/$(basename "$page").gz")
done
# LC_LAZY_GIS: the GIS module (GDAL & co.), at the same place from bin/ as in the build tree from build/src.
gis_module=$(cd "$build" && find lib -name liblifecircle_gis.so -print -quit 2>/dev/null || true)
[ -n "$gis_module" ] && expected+=("$gis_module")
for f in "${expected[@]}"; do
  [ -e "$tmp/b/$f" ] || fail "$f is not installed"
done
[ -L "$tmp/b/share/lifecircle/demo" ] && fail "share/lifecircle/demo is a link, not the data"

version=$(run --version)
[ "$version" = "lifecircle $(sed -nE 's/^project\(lifecircle VERSION ([0-9.]+).*/\1/p' "$source_dir/CMakeLists.txt")" ] \
  || fail "--version printed '$version'"
run profiles | grep -q '^yinchuan ' || fail "profiles does not list yinchuan"

run plan --out "$tmp/out" --quiet > "$tmp/plan.txt" 2> "$tmp/plan.err" || { cat "$tmp/plan.err" >&2; fail "plan failed"; }
[ -f "$tmp/out/summary.json" ] || fail "plan wrote no summary.json"
# The demo it ran is the installed one (the estates path of summary.json).
grep -q -F "$tmp/b/share/lifecircle/demo/" "$tmp/out/summary.json" \
  || fail "summary.json does not name the installed demo"
# No source or build path inside the installed program.
if [ "$check_paths" = 1 ] && grep -a -q -F -e "$source_dir" -e "$build" "$tmp/b/bin/lifecircle"; then
  fail "bin/lifecircle names $source_dir or $build"
fi
# Without its demo, plan says where it looked (exit 2, the folder named).
rm -rf "$tmp/b/share/lifecircle/demo"
status=0
run plan --out "$tmp/out2" --quiet > /dev/null 2> "$tmp/nodemo.err" || status=$?
[ "$status" = 2 ] || fail "plan without the demo: exit $status, expected 2"
grep -q -F "no $tmp/b/share/lifecircle/demo/estates.geojson" "$tmp/nodemo.err" \
  || fail "plan without the demo does not name the folder: $(cat "$tmp/nodemo.err")"
echo "moved_install: ok ($(wc -l < "$tmp/install.log") files installed, plan ran from $tmp/b)"
