#!/usr/bin/env python3
"""Opens the demo's report.html in headless Chromium and checks it.

Fails (exit 1) on any console error, uncaught exception, log error or network
request other than the page itself; checks that the map (svg#map with estates,
proposed sites, legend, scale bar, north arrow) and the tables are present and
non-empty (scripts only inline: the what-if panel's); saves a PNG screenshot (1400 x 1000). Exit 77 (ctest "skipped") when
Chromium is not installed.

    scripts/browser_check.py --cli build/src/lifecircle --out build/tests/browser
    scripts/browser_check.py --cli build/src/lifecircle --out build/tests/browser   # `lifecircle plan`'s report
    scripts/browser_check.py --report path/to/report.html --out /tmp/check
    scripts/browser_check.py ... --update      # also copies the PNG to docs/images/report.png

The DevTools client is standard-library Python: an HTTP GET for the page's
websocket address and a minimal RFC 6455 websocket (text frames, masking,
fragmentation, ping/pong).
"""

import argparse
import base64
import json
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1400, 1000


def find_chromium():
    env = os.environ.get("CHROMIUM")
    if env and shutil.which(env):
        return shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol."""

    def __init__(self, url, timeout=30.0):
        m = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        if not m:
            raise RuntimeError(f"unexpected websocket url {url}")
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"websocket handshake failed: {head[:200]!r}")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise RuntimeError("websocket: connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:  # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise RuntimeError("websocket: closed by the browser")
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode("utf-8")

    def close(self):
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, timeout=60.0):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def wait_for(self, event, timeout=60.0):
        for e in self.events:
            if e["method"] == event:
                return e
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == event:
                    return msg
        raise RuntimeError(f"no {event} in {timeout} s")

    def drain(self, seconds):
        """Collects events for a while (late requests, console messages)."""
        self.ws.sock.settimeout(0.2)
        end = time.time() + seconds
        try:
            while time.time() < end:
                try:
                    msg = json.loads(self.ws.recv())
                except (socket.timeout, TimeoutError):
                    continue
                if "method" in msg:
                    self.events.append(msg)
        finally:
            self.ws.sock.settimeout(60)


def start_chromium(binary, profile_dir, log_path):
    args = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
        "--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile_dir}",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
    ]
    log = open(log_path, "wb")  # noqa: SIM115 - kept open for the browser's lifetime
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    port_file = pathlib.Path(profile_dir) / "DevToolsActivePort"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            err = pathlib.Path(log_path).read_text(errors="replace")
            raise RuntimeError(f"chromium exited with {proc.returncode}: {err[-2000:]}")
        if port_file.exists():
            lines = port_file.read_text().split()
            if lines:
                return proc, int(lines[0])
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("chromium did not open its DevTools port in 60 s")


def page_websocket(port):
    deadline = time.time() + 30
    while time.time() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        pages = [t for t in targets if t.get("type") == "page" and t.get("webSocketDebuggerUrl")]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.2)
    raise RuntimeError("no page target")


CHECK_JS = r"""
(() => {
  const q = (s) => document.querySelector(s);
  const qa = (s) => document.querySelectorAll(s);
  const rows = (id) => { const t = document.getElementById(id); return t ? t.querySelectorAll('tbody tr').length : -1; };
  const box = (el) => { if (!el) return [0, 0]; const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  const map = q('svg#map');
  const tables = {};
  for (const t of qa('table[id]')) tables[t.id] = rows(t.id);
  const empty = Array.from(qa('p.none[id]')).map(p => p.id);
  return JSON.stringify({
    title: document.title,
    lang: document.documentElement.lang,
    map: !!map, map_box: box(map),
    estates: qa('svg#map path.estate').length,
    sites: qa('svg#map g.proposed-site').length,
    facilities: qa('svg#map .facility').length,
    service_areas: qa('svg#map path.service-area').length,
    barriers: qa('svg#map .barrier').length,
    scale_bar: box(q('#scale-bar')), north_arrow: box(q('#north-arrow')),
    legend_items: qa('#legend li').length, legend_box: box(q('#legend')),
    tables: tables, empty: empty,
    resources: performance.getEntriesByType('resource').map(e => e.name),
    images: document.images.length,
    scripts: Array.from(document.scripts).filter(s => s.src).length,
    stylesheets_external: Array.from(document.styleSheets).filter(s => s.href).map(s => s.href),
  });
})()
"""

REQUIRED_TABLES = ["headline", "targets", "districts", "failing-estates", "proposed-sites", "whatif-figures",
                   "whatif-sites"]
OPTIONAL_TABLES = ["missing-communities", "missing-streets"]


def check_page(dt, url, screenshot, failures):
    dt.events.clear()
    dt.call("Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    dt.call("Page.navigate", {"url": url})
    dt.wait_for("Page.loadEventFired")
    dt.drain(1.0)

    requests = []
    for e in dt.events:
        m, p = e["method"], e.get("params", {})
        if m == "Network.requestWillBeSent":
            req_url = p["request"]["url"]
            requests.append(req_url)
            if req_url != url:
                failures.append(f"network request: {req_url}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            failures.append(f"console {p.get('type')}: {text}")
        elif m == "Runtime.exceptionThrown":
            failures.append(f"exception: {p.get('exceptionDetails', {}).get('text', '')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            failures.append(f"log error: {p['entry'].get('text', '')} {p['entry'].get('url', '')}")
        elif m == "Network.loadingFailed":
            failures.append(f"loading failed: {p.get('errorText', '')}")
    if url not in requests:
        failures.append(f"the page itself was not requested ({url})")

    result = dt.call("Runtime.evaluate", {"expression": CHECK_JS, "returnByValue": True})
    info = json.loads(result["result"]["value"])
    if not info["title"]:
        failures.append("empty <title>")
    if not info["map"] or info["map_box"][0] < 300 or info["map_box"][1] < 200:
        failures.append(f"map missing or too small: {info['map_box']}")
    for key in ("estates", "sites", "facilities", "service_areas", "barriers", "legend_items"):
        if info[key] <= 0:
            failures.append(f"map has no {key}")
    for key in ("scale_bar", "north_arrow", "legend_box"):
        if info[key][0] <= 0 or info[key][1] <= 0:
            failures.append(f"{key} not rendered: {info[key]}")
    for t in REQUIRED_TABLES:
        if info["tables"].get(t, -1) <= 0:
            failures.append(f"table #{t} missing or empty ({info['tables'].get(t)})")
    for t in OPTIONAL_TABLES:
        if info["tables"].get(t, -1) <= 0 and f"{t}-none" not in info["empty"]:
            failures.append(f"table #{t} neither filled nor marked empty")
    if info["resources"]:
        failures.append(f"resources loaded: {info['resources']}")
    if info["images"] or info["scripts"] or info["stylesheets_external"]:
        failures.append("external images, scripts or stylesheets in the page")

    shot = dt.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generator", help="make_demo_report executable (writes OUT/LANG/report.html)")
    ap.add_argument("--cli", help="lifecircle executable: check the report of `lifecircle plan --out OUT/plan --lang zh`")
    ap.add_argument("--report", action="append", default=[], help="check this report.html (repeatable)")
    ap.add_argument("--out", required=True, help="folder for the generated reports and screenshots")
    ap.add_argument("--update", action="store_true", help="copy the Chinese screenshot to docs/images/report.png")
    args = ap.parse_args()

    chromium = find_chromium()
    if not chromium:
        print("browser_check: SKIPPED: chromium is not installed (scripts/setup.sh installs Debian's chromium; "
              "or set $CHROMIUM)")
        return SKIP

    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    reports = [pathlib.Path(r).resolve() for r in args.report]
    if args.generator:
        for lang in ("zh", "en"):
            r = subprocess.run([args.generator, str(out / lang), "--lang", lang], capture_output=True, text=True)
            if r.returncode == SKIP:
                print(f"browser_check: SKIPPED: {r.stderr.strip()}")
                return SKIP
            if r.returncode != 0:
                print(f"browser_check: generator failed ({r.returncode}): {r.stderr}")
                return 1
            reports.append(out / lang / "report.html")
    if args.cli:
        plan_dir = out / "plan"
        shutil.rmtree(plan_dir, ignore_errors=True)
        r = subprocess.run([args.cli, "plan", "--out", str(plan_dir), "--lang", "zh", "--quiet"],
                           capture_output=True, text=True)
        if r.returncode != 0 or not (plan_dir / "report.html").exists():
            print(f"browser_check: `lifecircle plan` failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
            return 1
        reports.append(plan_dir / "report.html")
    if not reports:
        print("browser_check: give --generator, --cli or --report")
        return 2

    failures = []
    profile = tempfile.mkdtemp(prefix="lc-chromium-")
    proc = None
    try:
        proc, port = start_chromium(chromium, profile, out / "chromium.log")
        ws = WebSocket(page_websocket(port))
        dt = DevTools(ws)
        for domain in ("Page", "Network", "Runtime", "Log"):
            dt.call(f"{domain}.enable")
        shots = []
        for report in reports:
            shot = report.with_suffix(".png")
            mine = []
            info = check_page(dt, report.as_uri(), shot, mine)
            failures += [f"{report}: {m}" for m in mine]
            shots.append(shot)
            print(f"browser_check: {report}: {info['estates']} estates, {info['sites']} sites, "
                  f"{info['facilities']} facilities, legend {info['legend_items']} items, tables "
                  + ", ".join(f"{k}={v}" for k, v in sorted(info["tables"].items()))
                  + f"; screenshot {shot} ({shot.stat().st_size // 1024} KB)")
        ws.close()
        if args.update and shots:
            target = ROOT / "docs" / "images" / "report.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shots[0], target)
            print(f"browser_check: updated {target}")
    except Exception as e:  # noqa: BLE001 - any failure of the browser run is a test failure
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        if proc is not None:  # the browser we started and its children (its own process group)
            try:
                os.killpg(proc.pid, 15)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
            except ProcessLookupError:
                pass
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        print("browser_check: FAILED")
        for f in failures:
            print("  " + f)
        return 1
    print("browser_check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
