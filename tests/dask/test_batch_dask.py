#!/usr/bin/env python3
"""ctest batch_dask (LABELS dask): scripts/batch_dask.py on a LocalCluster with
two small cities, the ten-estate town of tests/app/town_fixture.hpp as GeoJSON
(tests/data/bad/base) and the same town at a 1000 m radius, plus a third city
whose estates file is missing. Expected: exit 1 (one city failed); the summary
CSV and index written by `lifecircle batch --index` with a row per city; the
town's before coverage 0.754717 (the audit's, tests/cli/test_audit_cli.cpp),
and each row's figures equal to its summary.json.

Skipped (exit 77) when python3-distributed is not installed.

    test_batch_dask.py LIFECIRCLE SOURCE_DIR WORK_DIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys


def have_distributed():
    try:
        import distributed  # noqa: F401
        return True
    except ImportError:
        return False


def main():
    if not have_distributed():
        system = "/usr/bin/python3"
        if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system) \
                and subprocess.run([system, "-c", "import distributed"], capture_output=True).returncode == 0:
            os.execv(system, [system] + sys.argv)
        print("SKIP: python3-distributed is not installed (apt-get install python3-distributed)")
        return 77
    lifecircle, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    base = os.path.join(source, "tests", "data", "bad", "base")
    inputs = ('[inputs]\nestates = "%s/estates.geojson"\nfacilities = "%s/facilities.geojson"\n'
              'districts = "%s/districts.geojson"\n[coverage]\nmode = "circle"\n') % (base, base, base)
    cities = {
        "town.toml": 'name = "town"\n' + inputs,
        "town_1000.toml": inputs + "radius = 1000\n",
        "broken.toml": '[inputs]\nestates = "missing.geojson"\nfacilities = "%s/facilities.geojson"\n' % base,
    }
    for name, text in cities.items():
        with open(os.path.join(work, name), "w", encoding="utf-8") as f:
            f.write(text)
    out = os.path.join(work, "out")
    proc = subprocess.run([sys.executable, os.path.join(source, "scripts", "batch_dask.py"),
                           *[os.path.join(work, n) for n in cities], "--out", out, "--lifecircle", lifecircle,
                           "--workers", "2"], capture_output=True, text=True, timeout=600)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    check(proc.returncode == 1, "exit status %d, expected 1 (one city failed)" % proc.returncode)
    with open(os.path.join(out, "batch_summary.csv"), encoding="utf-8") as f:
        text = f.read()
    check(text.startswith("\ufeffname,status,error,"), "batch_summary.csv: UTF-8 BOM and header")
    rows = {r["name"]: r for r in csv.DictReader(text.lstrip("\ufeff").splitlines())}
    check(sorted(rows) == ["broken", "town", "town_1000"], "rows: %s" % sorted(rows))
    for name in ("town", "town_1000"):
        with open(os.path.join(out, name, "summary.json"), encoding="utf-8") as f:
            s = json.load(f)
        row = rows.get(name, {})
        check(row.get("status") == "ok", "%s: status %s" % (name, row.get("status")))
        check(row.get("coverage_after") == json.dumps(s["after"]["coverage_rate"]), "%s: coverage_after" % name)
        check(row.get("sites") == str(len(s["proposed_sites"])), "%s: sites" % name)
    check(rows.get("town", {}).get("coverage_before") == "0.754717", "town: coverage_before 0.754717")
    broken = rows.get("broken", {})
    check(broken.get("status") == "failed" and "missing.geojson" in broken.get("error", ""),
          "broken: %s" % broken)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        index = f.read()
    check('<a href="town/report.html">town</a>' in index, "index.html links town/report.html")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
