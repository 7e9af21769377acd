#!/usr/bin/env bash
# A whole synthetic city end to end (issue 17): gen_city writes it (estates,
# facilities, candidates, districts, parcels, a street grid as .osm.pbf, city.toml),
# then `lifecircle plan --config` (network mode) and `plan --layout` run on it.
# Prints the city's size, each run's stage lines, wall time and peak RSS.
# Targets for 10,000,000 residents: each run under 60 s and 4 GiB. Not a ctest test.
#
#   scripts/bench/bench_city.sh [--residents N] [--build DIR] [--keep DIR]
#
# Build first: cmake --build build --target lifecircle gen_city
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../../build"
residents=10000000
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --residents) residents="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "bench_city.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
cli="$build/src/lifecircle"
gen="$build/scripts/bench/gen_city"
for exe in "$cli" "$gen"; do
  [[ -x "$exe" ]] || { echo "bench_city.sh: $exe not built (cmake --build build --target lifecircle gen_city)" >&2; exit 2; }
done
work="${keep:-$(mktemp -d /tmp/lc-city.XXXXXX)}"
[[ -n "$keep" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uptime | sed 's/.*load/load/'); $residents residents in $work"
/usr/bin/time -f "generated in %e s, peak RSS %M KiB" "$gen" --out "$work/city" --residents "$residents"
du -sh "$work/city" | sed 's/^/size /'
# run NAME ARGS...: the stage lines (stderr "[ t s] stage ...") and time/RSS.
run() {
  local name="$1"
  shift
  echo "== $name: lifecircle $*"
  set +e
  /usr/bin/time -f "$name: wall %e s, CPU %U+%S s, peak RSS %M KiB, exit %x" "$cli" "$@" \
    > "$work/$name.stdout" 2> "$work/$name.stderr"
  set -e
  grep -E '^\[ *[0-9.]+ s\]' "$work/$name.stderr" || true
  tail -n 1 "$work/$name.stderr"
}
run plan plan --config "$work/city/city.toml" --out "$work/plan" --no-report
run layout plan --layout --config "$work/city/city.toml" --parcels "$work/city/parcels.gpkg" --out "$work/layout" --no-report
echo "# end $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/')"
