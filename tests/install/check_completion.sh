#!/usr/bin/env bash
# The bash completion (scripts/lifecircle-completion.bash) completes what the
# program's --help says: each case sets COMP_WORDS/COMP_CWORD as bash does on
# TAB, calls _lifecircle and compares the sorted COMPREPLY with the known answer.
# Usage: check_completion.sh LIFECIRCLE COMPLETION_SCRIPT
set -uo pipefail
cli=$1
script=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/estates.geojson" "$tmp/estates.gpkg" "$tmp/facilities.geojson"
faults=0

# complete WORD... : the completions of the last word, sorted, space-separated.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _lifecircle; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$script" "$cli" "$@" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {  # expect "ANSWER" WORD...
    local want=$1; shift
    local got
    got=$(complete_words "$@")
    if [ "$got" != "$want" ]; then
        echo "check_completion: 'lifecircle $*<TAB>' gave '$got', expected '$want'"
        faults=$((faults + 1))
    fi
}

expect "plan" pl                                      # the commands of `lifecircle --help`
expect "check-estate coverage" c
expect "--version" --ver
expect "--out --out-crs --out-schema" plan --ou       # options of `lifecircle plan --help`
expect "--p --parcels --phase-budget --phases --population --population-from-buildings --population-raster --profile --projection" plan --p
expect "geojson gpkg shp" plan --format ""            # "Layer format: geojson | gpkg | shp"
expect "en zh" audit --lang ""                        # "TEXT:zh|en"
expect "yinchuan" plan --profile yin                  # the names of `lifecircle profiles`
expect "xian" profiles x
expect "floor geo" optimize --distance ""             # "--tsplib distance rule: floor | geo (...)"
expect "--target --thresholds --time-limit --tsplib" optimize --t
expect "" plan --radius ""                            # a number: nothing to offer
expect "$tmp/estates.geojson $tmp/estates.gpkg" plan --estates "$tmp/est"   # a path
expect "$tmp/facilities.geojson" audit --quiet "$tmp/f"   # after a flag: paths again

if [ "$faults" -ne 0 ]; then exit 1; fi
echo "check_completion: ok"
