#!/usr/bin/env bash
# Headless test of the QGIS plugin (qgis/lifecircle) with Debian's QGIS:
#   1. the plugin's Python test (parameters -> command line, runner, loading);
#   2. qgis_process discovers and enables the plugin from QGIS_PLUGINPATH in a
#      throw-away QGIS profile, runs lifecircle:plan on the demo city and
#      lifecircle:check-estate, and fails a bad field mapping with the CLI's message.
# Usage: scripts/test_qgis.sh [--cli PATH] [--work DIR]
# Exit 77 (ctest: skipped) when QGIS (qgis_process.bin, python3-qgis) is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${LIFECIRCLE_BIN:-$ROOT/build/src/lifecircle}"
WORK=""
while (($#)); do
  case "$1" in
    --cli) CLI="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    *) echo "usage: $0 [--cli PATH] [--work DIR]" >&2; exit 2 ;;
  esac
done
# Debian's /usr/bin/qgis_process wrapper fails ("Command --noversioncheck not
# known", QGIS issue 57683): the binary itself works.
QP="${QGIS_PROCESS_BIN:-/usr/bin/qgis_process.bin}"  # QGIS_PROCESS_BIN: another build of QGIS
PY=/usr/bin/python3  # the interpreter python3-qgis is built for (not a pyenv one)
if [ ! -x "$QP" ]; then
  echo "SKIP: $QP not found (apt-get install --no-install-recommends qgis qgis-providers python3-qgis)"; exit 77
fi
if ! QT_QPA_PLATFORM=offscreen "$PY" -c "import qgis.core" 2>/dev/null; then
  echo "SKIP: python3-qgis missing ($PY cannot import qgis.core; apt-get install --no-install-recommends python3-qgis)"; exit 77
fi
[ -x "$CLI" ] || { echo "FAIL: lifecircle binary $CLI not found (build first or pass --cli)"; exit 1; }
CLI="$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")"
if [ -z "$WORK" ]; then WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; fi
rm -rf "$WORK" && mkdir -p "$WORK"

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="$WORK/runtime" && mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export QGIS_PLUGINPATH="$ROOT/qgis"                 # where QGIS looks for plugins besides its own
export QGIS_CUSTOM_CONFIG_PATH="$WORK/qgis-profile"  # a fresh profile: the user's is not touched
export LIFECIRCLE_BIN="$CLI"
export PYTHONDONTWRITEBYTECODE=1                     # no __pycache__ in the source tree
D="$ROOT/datasets/demo"
fail() { echo "FAIL: $*"; exit 1; }

echo "== python test of the plugin"
"$PY" "$ROOT/tests/qgis/test_plugin.py" 2>&1 | tail -n 25
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "tests/qgis/test_plugin.py"

echo "== qgis_process finds and enables the plugin"
# qgis_process loads a Python plugin that has hasProcessingProvider=yes in its
# metadata.txt and is enabled in the profile's QGIS3.ini ([PythonPlugins] lifecircle=true).
"$QP" plugins enable lifecircle >"$WORK/enable.log" 2>&1 || { cat "$WORK/enable.log"; fail "plugins enable lifecircle"; }
grep -q "lifecircle=true" "$QGIS_CUSTOM_CONFIG_PATH/profiles/default/QGIS/QGIS3.ini" || fail "plugin not enabled in the profile"
"$QP" list 2>/dev/null >"$WORK/list.txt"
for alg in plan plan-osm audit coverage optimize check-estate; do
  grep -q "lifecircle:$alg" "$WORK/list.txt" || fail "qgis_process list has no lifecircle:$alg"
done

echo "== lifecircle:plan on the demo city"
"$QP" --json run lifecircle:plan -- \
  ESTATES="$D/estates.geojson" FACILITIES="$D/facilities.geojson" DISTRICTS="$D/districts.geojson" \
  CANDIDATES="$D/candidates.geojson" NETWORK="$D/network.osm" PROFILE=yinchuan LANG=en \
  OUTPUT="$WORK/plan" >"$WORK/plan.json" 2>"$WORK/plan.err" || { cat "$WORK/plan.err"; fail "lifecircle:plan"; }
"$PY" - "$WORK/plan.json" "$WORK/plan" <<'PYEOF' || fail "lifecircle:plan outputs"
import json, os, sys
run, out = json.load(open(sys.argv[1])), sys.argv[2]
r = run["results"]
summary = json.load(open(os.path.join(out, "summary.json")))
assert "coverage_rate" in summary, "summary.json has no coverage_rate"
# The algorithm's figures are those of the CLI's summary.json; the sites raise coverage.
assert r["COVERAGE_BEFORE"] == summary["before"]["coverage_rate"], (r, summary["before"])
assert r["COVERAGE_AFTER"] == summary["after"]["coverage_rate"], (r, summary["after"])
assert 0 < r["COVERAGE_BEFORE"] < r["COVERAGE_AFTER"] <= 1, r
assert r["SITES"] == len(summary["sites"]) > 0, r
assert r["OUTPUT"] == out and r["REPORT"] == os.path.join(out, "report.html"), r
for layer in ["districts", "estates", "service_areas", "facilities", "proposed_sites"]:
    for ext in (".geojson", ".qml"):
        assert os.path.getsize(os.path.join(out, layer + ext)) > 0, layer + ext
# The CLI's progress reached the Processing log, stage by stage.
log = "\n".join(run["log"]["info"])
for stage in ["load:", "coverage:", "audit:", "optimise:", "re-audit:", "write:"]:
    assert stage in log, "no %s line in the log" % stage
print("plan: coverage %.1f%% -> %.1f%%, %d sites, layers and styles in %s"
      % (100 * r["COVERAGE_BEFORE"], 100 * r["COVERAGE_AFTER"], r["SITES"], out))
PYEOF

echo "== lifecircle:plan-osm on the hand-made OSM city (residents from its buildings)"
"$QP" --json run lifecircle:plan-osm -- \
  FROM_OSM="$ROOT/tests/data/osm/open_city.osm" POPULATION_FROM_BUILDINGS=true LANG=en \
  OUTPUT="$WORK/plan_osm" >"$WORK/plan_osm.json" 2>"$WORK/plan_osm.err" || { cat "$WORK/plan_osm.err"; fail "lifecircle:plan-osm"; }
"$PY" - "$WORK/plan_osm.json" "$WORK/plan_osm" <<'PYEOF' || fail "lifecircle:plan-osm outputs"
import json, os, sys
run, out = json.load(open(sys.argv[1])), sys.argv[2]
summary = json.load(open(os.path.join(out, "summary.json")))
# tests/data/osm/README.md: three residential areas, three care facilities; the
# credits of OSM in summary.json, the method of the estimate.
assert summary["estates"] == 3 and summary["facilities"] == 3, summary
assert summary["data_sources"][0]["credit"] == "© OpenStreetMap contributors (ODbL 1.0)", summary["data_sources"]
assert summary["estimates"]["method"].startswith("residential floor area"), summary["estimates"]
assert run["results"]["COVERAGE_AFTER"] == summary["after"]["coverage_rate"], run["results"]
print("plan-osm: %d estates, %d facilities, coverage %.1f%%" % (summary["estates"], summary["facilities"],
                                                             100 * summary["after"]["coverage_rate"]))
PYEOF

echo "== lifecircle:check-estate (failing estates are a result, not an error)"
"$QP" --json run lifecircle:check-estate -- \
  ESTATES="$D/estates.geojson" FACILITIES="$D/facilities.geojson" PROFILE=yinchuan MODE=circle \
  ESTATE=E001,E002 NEW=false OUTPUT="$WORK/check" >"$WORK/check.json" 2>"$WORK/check.err" \
  || { cat "$WORK/check.err"; fail "lifecircle:check-estate"; }
"$PY" - "$WORK/check.json" "$WORK/check" <<'PYEOF' || fail "lifecircle:check-estate outputs"
import json, os, sys
r, out = json.load(open(sys.argv[1]))["results"], sys.argv[2]
reviews = json.load(open(os.path.join(out, "check_estate.json")))
assert [x["id"] for x in reviews] == ["E001", "E002"], reviews
failed = sum(1 for x in reviews if not x["pass"])
assert (r["CHECKED"], r["FAILED"], r["PASSED"]) == (2, failed, failed == 0), r
assert os.path.getsize(os.path.join(out, "check_estate.html")) > 0
print("check-estate: %d checked, %d failing" % (r["CHECKED"], r["FAILED"]))
PYEOF

echo "== a bad field mapping fails with the CLI's message"
if "$QP" run lifecircle:audit -- ESTATES="$D/estates.geojson" FACILITIES="$D/facilities.geojson" \
     ESTATES_HOUSEHOLDS=no_such_field OUTPUT="$WORK/bad" >"$WORK/bad.log" 2>&1; then
  fail "audit with a missing field succeeded"
fi
grep -q "lifecircle audit failed (exit 2)" "$WORK/bad.log" || { cat "$WORK/bad.log"; fail "no exit status in the error"; }
grep -q "lifecircle: error: .*no_such_field" "$WORK/bad.log" || { cat "$WORK/bad.log"; fail "no CLI message in the error"; }
[ ! -e "$WORK/bad" ] || fail "a failed run left $WORK/bad"
echo "== the plugin-manager zip holds a working plugin"
bash "$ROOT/scripts/qgis_plugin_zip.sh" -o "$WORK/lifecircle-qgis-plugin.zip" >/dev/null
mkdir -p "$WORK/from-zip" && "$PY" -m zipfile -e "$WORK/lifecircle-qgis-plugin.zip" "$WORK/from-zip"
QGIS_PLUGINPATH="$WORK/from-zip" "$QP" list 2>/dev/null | grep -q "lifecircle:plan" || fail "the zipped plugin has no lifecircle:plan"
echo "PASS: QGIS plugin ($("$QP" --version 2>/dev/null | head -n 1))"
