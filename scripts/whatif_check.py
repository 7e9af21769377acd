#!/usr/bin/env python3
"""Checks report.html's what-if panel against the command line (issue 16).

Runs `lifecircle plan` on the demo city (walking network), opens its report.html
in headless Chromium (the DevTools client of browser_check.py; any network
request or console error fails), and checks:

 1. the page's coverage and mean G2SFCA with the plan's sites (as loaded) equal
    summary.json's `after` figures;
 2. after switching the top-ranked proposed site off by clicking its checkbox,
    the page's coverage equals `lifecircle coverage --demo` run with a
    facilities layer made of the plan's `facilities` layer and the proposed
    sites still on (the demo's estates, districts and network, the Yinchuan
    profile: the same threshold and mode);
 3. "Reset to plan" brings the plan's figure back.

Prints the figures it compares. Exit 77 (ctest "skipped") without Chromium.

    scripts/whatif_check.py --cli build/src/lifecircle --out build/tests/whatif
"""

import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import os

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import browser_check as bc  # noqa: E402

TOLERANCE = 1e-6


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    return r


def evaluate(dt, expression):
    result = dt.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
    if "exceptionDetails" in result:
        raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text', '')}: {expression}")
    return result["result"].get("value")


READ_JS = r"""
(() => {
  const v = (key) => { const el = document.getElementById('whatif-' + key); return el ? Number(el.getAttribute('data-value')) : null; };
  return JSON.stringify({coverage: v('coverage'), elderly: v('elderly'), g2sfca: v('g2sfca'),
                         count: v('count'), uncovered: document.querySelectorAll('#whatif-uncovered tbody tr').length,
                         off_markers: document.querySelectorAll('svg#map .whatif-off').length,
                         text: (document.getElementById('whatif-coverage') || {}).textContent});
})()
"""


def read(dt):
    return json.loads(evaluate(dt, READ_JS))


def console_failures(dt, url):
    failures = []
    for e in dt.events:
        m, p = e["method"], e.get("params", {})
        if m == "Network.requestWillBeSent" and p["request"]["url"] != url:
            failures.append(f"network request: {p['request']['url']}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            failures.append(f"console {p.get('type')}: {p.get('args')}")
        elif m == "Runtime.exceptionThrown":
            failures.append(f"exception: {p.get('exceptionDetails', {})}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            failures.append(f"log error: {p['entry'].get('text', '')}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True, help="lifecircle executable")
    ap.add_argument("--out", required=True, help="folder for the runs and the screenshot")
    ap.add_argument("--demo", default=str(bc.ROOT / "datasets" / "demo"), help="the demo city's folder")
    args = ap.parse_args()

    chromium = bc.find_chromium()
    if not chromium:
        print("whatif_check: SKIPPED: chromium is not installed (scripts/setup.sh installs Debian's chromium)")
        return bc.SKIP
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    plan_dir, cov_dir = out / "plan", out / "coverage"
    for d in (plan_dir, cov_dir):
        shutil.rmtree(d, ignore_errors=True)
    # The layers in the working CRS (EPSG:4544), full precision: WGS 84 GeoJSON keeps 7 decimals
    # (about 1 cm), enough to move a walking isochrone by a few square metres.
    run([args.cli, "plan", "--out", str(plan_dir), "--format", "geojson", "--out-crs", "EPSG:4544", "--lang", "en", "--quiet"])
    summary = json.loads((plan_dir / "summary.json").read_text())
    after = summary["after"]
    sites = json.loads((plan_dir / "proposed_sites.geojson").read_text())["features"]
    if not sites:
        print("whatif_check: FAILED: the demo plan proposes no site")
        return 1
    top = min(sites, key=lambda f: f["properties"]["rank"])
    top_id = top["properties"]["id"]
    report = plan_dir / "report.html"
    url = report.as_uri()

    failures = []
    figures = {}
    profile = tempfile.mkdtemp(prefix="lc-chromium-")
    proc = None
    try:
        proc, port = bc.start_chromium(chromium, profile, out / "chromium.log")
        ws = bc.WebSocket(bc.page_websocket(port))
        dt = bc.DevTools(ws)
        for domain in ("Page", "Network", "Runtime", "Log"):
            dt.call(f"{domain}.enable")
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": bc.WIDTH, "height": bc.HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        dt.call("Page.navigate", {"url": url})
        dt.wait_for("Page.loadEventFired")
        dt.drain(0.5)
        initial = read(dt)
        figures["page_plan_coverage"] = initial["coverage"]
        figures["summary_after_coverage"] = after["coverage_rate"]
        figures["page_plan_g2sfca"] = initial["g2sfca"]
        figures["summary_after_g2sfca"] = after["accessibility"]["mean_g2sfca"]
        if initial["coverage"] is None or abs(initial["coverage"] - after["coverage_rate"]) > TOLERANCE:
            failures.append(f"page coverage {initial['coverage']} != summary.json after.coverage_rate {after['coverage_rate']}")
        g_sum = after["accessibility"]["mean_g2sfca"]
        if initial["g2sfca"] is None or abs(initial["g2sfca"] - g_sum) > TOLERANCE * max(1.0, abs(g_sum)):
            failures.append(f"page mean G2SFCA {initial['g2sfca']} != summary.json {g_sum}")

        clicked = evaluate(dt, "(() => { const cb = document.querySelector('#whatif-sites input[data-id=\"%s\"]');"
                               " if (!cb || !cb.checked) return false; cb.click(); return !cb.checked; })()" % top_id)
        if not clicked:
            failures.append(f"no checked checkbox for the proposed site {top_id}")
        switched = read(dt)
        figures["page_without_" + top_id] = switched["coverage"]
        if switched["off_markers"] <= 0:
            failures.append("no map marker shows the site switched off")
        shot = out / "whatif.png"
        evaluate(dt, "document.getElementById('map-section').scrollIntoView()")
        png = dt.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
        shot.write_bytes(bc.base64.b64decode(png["data"]))

        evaluate(dt, "document.getElementById('whatif-reset').click()")
        reset = read(dt)
        figures["page_after_reset"] = reset["coverage"]
        if reset["coverage"] != initial["coverage"]:
            failures.append(f"reset gives {reset['coverage']}, the plan {initial['coverage']}")
        dt.drain(0.3)
        failures += console_failures(dt, url)
        ws.close()
    except Exception as e:  # noqa: BLE001 - any failure of the browser run is a test failure
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        if proc is not None:  # the browser we started (its own process group)
            try:
                os.killpg(proc.pid, 15)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
            except ProcessLookupError:
                pass
        shutil.rmtree(profile, ignore_errors=True)

    # The command line with the same sites: the plan's facilities + the proposed sites left on.
    if "page_without_" + top_id in figures and figures["page_without_" + top_id] is not None:
        facilities = json.loads((plan_dir / "facilities.geojson").read_text())
        for f in sites:
            p = f["properties"]
            if p["id"] == top_id:
                continue
            facilities["features"].append({"type": "Feature", "geometry": f["geometry"],
                                            "properties": {"id": p["id"], "name": p["name"] or p["id"],
                                                           "kind": "station",
                                                           "building_area": p["recommended_area_m2"]}})
        fac_path = out / "facilities_without_top.geojson"
        fac_path.write_text(json.dumps(facilities))
        demo = pathlib.Path(args.demo)  # the demo's layers as `plan` reads them (run.cpp use_demo_inputs)
        run([args.cli, "coverage", "--estates", str(demo / "estates.geojson"), "--districts",
             str(demo / "districts.geojson"), "--network", str(demo / "network.osm"), "--profile", "yinchuan",
             "--facilities", str(fac_path), "--out", str(cov_dir), "--format", "geojson", "--quiet"])
        cli = json.loads((cov_dir / "summary.json").read_text())
        # elderly_covered / elderly_total: more digits than the rounded coverage_rate
        cli["coverage_rate"] = cli["elderly_covered"] / cli["elderly_total"]
        figures["cli_without_" + top_id] = cli["coverage_rate"]
        figures["cli_threshold_m"] = cli.get("threshold_m")
        figures["cli_mode"] = cli.get("mode")
        page = figures["page_without_" + top_id]
        if abs(page - cli["coverage_rate"]) > TOLERANCE:
            failures.append(f"page coverage without {top_id} {page} != `lifecircle coverage` {cli['coverage_rate']}")
        if page >= figures["page_plan_coverage"]:
            failures.append("switching a proposed site off did not lower the coverage")

    for k, v in figures.items():
        print(f"whatif_check: {k} = {v}")
    if failures:
        print("whatif_check: FAILED")
        for f in failures:
            print("  " + f)
        return 1
    print("whatif_check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
