#!/usr/bin/env bash
# What lifecircle loads (issue 17, start-up; src/loader/gis_loader.cpp): the
# commands that read no GIS layer run without the GIS module and GDAL, a GIS
# command loads them, and without the module a GIS command stops with a message
# (exit 2) while `optimize --orlib` still runs. A check of the dynamic loader's
# own record (LD_DEBUG=files), not a timing: it holds on a loaded machine.
# Usage: check_loading.sh LIFECIRCLE
set -euo pipefail
cli=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_loading: $*" >&2; exit 1; }

# A path 1 -(1)- 2 -(10)- 3 -(1)- 4, p = 2: every vertex a demand and a site;
# opening 2 and 3 (or 1 and 4, ...) leaves vertices 1 and 4 one away: objective 2.
printf ' 4 3 2\n 1 2 1\n 2 3 10\n 3 4 1\n' > "$tmp/path4.txt"
# Six TSPLIB points, two clusters (x = 0..2 and 100..102), p = 2: one site per
# cluster at its middle point, the four others 1 away: objective 4.
printf '%s\n' 'NAME : six' 'TYPE : TSP' 'DIMENSION : 6' 'EDGE_WEIGHT_TYPE : EUC_2D' 'NODE_COORD_SECTION' \
  '1 0 0' '2 1 0' '3 2 0' '4 100 0' '5 101 0' '6 102 0' 'EOF' > "$tmp/six.tsp"

# "file=NAME [0];  needed by" / "dynamically loaded by": every object the loader
# opened (a "(relocation dependency)" line names one already open); the
# command's stdout goes to $tmp/stdout.
loaded() {
  LD_DEBUG=files "$cli" "$@" 2>&1 >"$tmp/stdout" | grep -E 'file=[^ ]+ +\[[0-9]+\]; +(needed|dynamically loaded) by' |
    grep -v 'relocation dependency' || true
}
expect_light() {
  local libs
  libs=$(loaded "$@")
  [ -n "$libs" ] || fail "lifecircle $*: LD_DEBUG=files reported no library (is this glibc?)"
  if grep -qE 'libgdal|libgeos|libproj|liblifecircle_gis|libCbc|libClp' <<< "$libs"; then
    fail "lifecircle $* loaded $(grep -oE 'file=[^ ]*(libgdal|libgeos|libproj|liblifecircle_gis|libCbc|libClp)[^ ]*' <<< "$libs" | head -3 | tr '\n' ' ')"
  fi
  echo "check_loading: lifecircle $* - $(wc -l <<< "$libs") libraries, no GIS module, no CBC"
}

expect_light --version
expect_light --help
expect_light optimize --help
expect_light profiles
expect_light optimize --orlib "$tmp/path4.txt"
grep -q '"objective": 2.0' "$tmp/stdout" || fail "optimize --orlib path4: $(grep objective "$tmp/stdout")"
expect_light optimize --orlib "$tmp/path4.txt" --out "$tmp/out" --quiet
[ -f "$tmp/out/summary.json" ] || fail "optimize --orlib --out wrote no summary.json"
expect_light optimize --tsplib "$tmp/six.tsp" --p 2
grep -q '"objective": 4.0' "$tmp/stdout" || fail "optimize --tsplib six: $(grep objective "$tmp/stdout")"

# The other side: a command that reads GIS layers loads the module and GDAL, so
# the check above can tell.
libs=$(loaded coverage --demo --quiet --json)
grep -q 'liblifecircle_gis' <<< "$libs" || fail "coverage --demo did not load the GIS module"
grep -q 'libgdal' <<< "$libs" || fail "coverage --demo did not load GDAL"
echo "check_loading: lifecircle coverage --demo - $(wc -l <<< "$libs") libraries, with the GIS module"

# Without the module: a copy of the executable alone in a bin/ folder (the demo
# and profiles named by LIFECIRCLE_DATA).
mkdir -p "$tmp/alone/bin"
cp "$cli" "$tmp/alone/bin/lifecircle"
data=$(realpath "$(dirname "$cli")/../share/lifecircle")
alone() { LIFECIRCLE_DATA="$data" "$tmp/alone/bin/lifecircle" "$@"; }
alone optimize --orlib "$tmp/path4.txt" > "$tmp/alone.out" || fail "optimize --orlib without the GIS module failed"
grep -q '"objective": 2.0' "$tmp/alone.out" || fail "optimize --orlib without the module: wrong objective"
status=0
alone coverage --demo --quiet > /dev/null 2> "$tmp/alone.err" || status=$?
[ "$status" = 2 ] || fail "coverage without the GIS module: exit $status, expected 2 ($(cat "$tmp/alone.err"))"
grep -q 'lifecircle: error: this command needs the GIS module .*liblifecircle_gis.so' "$tmp/alone.err" \
  || fail "coverage without the GIS module says: $(cat "$tmp/alone.err")"
echo "check_loading: ok (without the module, coverage --demo: $(cat "$tmp/alone.err"))"
