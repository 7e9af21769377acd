#!/usr/bin/env python3
"""The one table of scripts/bench/run_all.sh: reads the benchmarks' outputs in a
folder (NAME.txt, as run_all.sh writes them) and prints benchmark | figure |
target | peer or paper figure. A benchmark whose output is absent or unreadable
prints "not run" rather than a figure.

    scripts/bench/summarise.py OUT_DIR TIME_LIMIT_S
"""

import pathlib
import re
import statistics
import sys


def text(out, name):
    f = out / f"{name}.txt"
    return f.read_text(encoding="utf-8", errors="replace") if f.exists() else ""


def orlib(t):
    rows = [l.split() for l in t.splitlines() if re.match(r"pmed\d+ ", l)]
    total = re.search(r"total ([\d.]+) s", t)
    if not rows or not total:
        return "not run"
    ok = sum(1 for r in rows if r[8] == "optimal" and r[3] == r[4])
    return f"{ok}/{len(rows)} proven at the published optimum, {float(total.group(1)):.2f} s in all"


def pcenter(t):
    rows = [l.split() for l in t.splitlines() if re.match(r"pmed\d+ ", l)]
    if not rows:
        return "not run"
    ok = sum(1 for r in rows if r[4] == "optimal" and r[6] == "found=published")
    return f"{ok}/{len(rows)} proven at the published radius, {sum(float(r[5]) for r in rows):.1f} s in all"


def result_rows(t, n_fields):
    """Rows of bench_tsplib.sh / bench_mclp_real.sh: the ones with a number as found."""
    rows = []
    for line in t.splitlines():
        f = line.split()
        if len(f) >= n_fields and not line.startswith("#") and f[1].isdigit():
            rows.append(f)
    return rows


def tsplib(t, limit):
    # instance p published found bound gap seconds paper_s status match (pub)
    rows = result_rows(t, 9)
    if not rows:
        return "not run", "not run"
    quick = [r for r in rows if r[7] != "-" and float(r[7]) <= 60]
    rest = [r for r in rows if r not in quick]

    def proven(r):
        return len(r) > 9 and r[8] == "optimal" and "found=published" in r[9] and float(r[6]) <= limit

    def gap(r):
        return float(r[5].rstrip("%")) if r[5] not in ("-",) else None

    first = f"{sum(map(proven, quick))}/{len(quick)} proven in <= {limit:g} s"
    if not rest:
        return first, "not run (run_all.sh --all-tsplib)"
    gaps = [g for g in map(gap, rest) if g is not None]
    matched = sum(1 for r in rest if len(r) > 9 and "found=published" in r[9])
    refused = sum(1 for r in rest if r[3] == "-")
    second = (f"{len(rest)} runs: {sum(map(proven, rest))} proven, published value matched {matched}, "
              f"median gap {statistics.median(gaps):.3f} %, max {max(gaps):.3f} %" if gaps else f"{len(rest)} runs")
    if refused:
        second += f", {refused} refused (size)"
    return first, second


def mclp_real(t, limit):
    # instance p r published found bound gap seconds paper_s status match (pub)
    rows = result_rows(t, 10)
    if not rows:
        return "not run"
    ok = sum(1 for r in rows if r[9] == "optimal" and len(r) > 10 and "found=published" in r[10]
             and float(r[7]) <= limit)
    slow = max(float(r[7]) for r in rows if r[7] != "-")
    return f"{ok}/{len(rows)} proven in <= {limit:g} s (slowest run {slow:.1f} s)"


def mclp_synthetic(t):
    m = re.search(r"gap ([\d.]+)%, status (\w+), ([\d.]+) s, peak RSS (\d+) MiB", t)
    if not m:
        return "not run"
    return f"gap {m.group(1)} %, {m.group(2)}, {m.group(3)} s, {m.group(4)} MiB"


def network_synthetic(t):
    net = re.search(r"network: (\d+) nodes", t)
    lists = re.search(r"coverage lists \(all sources\)\s+median\s+([\d.]+) s", t)
    src = re.search(r"coverage lists: (\d+) sources", t)
    if not (net and lists and src):
        return "not run"
    return f"{int(src.group(1)):,} bounded searches on {int(net.group(1)):,} nodes: {float(lists.group(1)):.2f} s"


def poa(t, step):
    m = re.search(re.escape(step) + r"\s+median\s+([\d.]+) s", t)
    return float(m.group(1)) if m else None


def startup(t):
    # bench_startup.sh: command, runs, min_ms, median_ms, cpu_ms, libs, target_ms
    m = re.search(r"optimize --orlib \S+\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)", t)
    if not m:
        return "not run"
    return f"min {m.group(2)} ms, median {m.group(3)} ms, CPU {m.group(4)} ms, {m.group(5)} libraries"


def plan_demo(t):
    m = re.search(r"median wall time: ([\d.]+) s", t)
    return f"{float(m.group(1)):.2f} s (median of 5)" if m else "not run"


def city(t):
    size = re.search(r"; (\d+) residents in", t)
    runs = {m.group(1): m for m in re.finditer(r"^(plan|layout): wall ([\d.]+) s, CPU \S+ s, peak RSS (\d+) KiB, exit (\d+)", t, re.M)}
    if not size or not runs:
        return "not run"
    parts = [f"{name} {m.group(2)} s, {int(m.group(3)) / 1048576:.2f} GiB" + ("" if m.group(4) == "0" else f" (exit {m.group(4)})")
             for name, m in runs.items()]
    return f"{int(size.group(1)):,} residents: " + "; ".join(parts)


def main():
    out, limit = pathlib.Path(sys.argv[1]), float(sys.argv[2])
    ts_quick, ts_rest = tsplib(text(out, "tsplib"), limit)
    poa_areas = poa(text(out, "network_poa"), "service areas, 40 polygons (50 m buffer)")
    poa_areas_geos = poa(text(out, "network_poa"), "same, GEOS buffer union (reference)")
    poa_t = text(out, "network_poa")
    parts = [poa(poa_t, s) for s in ("graph build (read pbf + filter + UTM + CSR)", "snapping (R-tree build + 1,267 snaps)",
                                     "multi-source bounded Dijkstra (40 -> 1,227)", "coverage lists, 40 sources, 1 thread")]
    rows = [
        ("OR-Library p-median pmed1-40", orlib(text(out, "orlib")), "all 40 proven",
         "spopt + CBC: pmed6 270 s alone, pmed16 killed after 577 s"),
        ("OR-Library vertex p-center pmed1-40", pcenter(text(out, "pcenter")), "all 40 proven", "published optima"),
        ("TSPLIB p-median, values the paper proves in <= 60 s", ts_quick, "all, each <= 60 s",
         "Duran-Mateluna et al. 2023, CPLEX 1 thread"),
        ("TSPLIB p-median, the other values", ts_rest, "bound and gap in 10 min; published value matched",
         "paper: up to hours"),
        ("Real-city MCLP (Bronx, New York, SF), 18 optima", mclp_real(text(out, "mclp_real"), limit),
         "18/18, each <= 60 s", "authors' CPLEX: up to 931,266 s"),
        ("Synthetic MCLP 50k demands x 20k sites", mclp_synthetic(text(out, "mclp_synthetic")),
         "gap <= 0.01 % in 60 s", "-"),
        ("Walking searches, synthetic grid", network_synthetic(text(out, "network_synthetic")), "-",
         "networkx: see shared/bench/networkx_peer.md"),
        ("Porto Alegre network coverage (build+snap+search+lists)",
         f"{sum(parts):.3f} s" if None not in parts else "not run", "-", "osmnx + networkx 6.129 s"),
        ("Porto Alegre 40 service areas", f"{poa_areas:.3f} s ({1000 * poa_areas / 40:.1f} ms each)"
         if poa_areas is not None else "not run", "10x faster than 13 ms each",
         f"GEOS buffer union, same run: {poa_areas_geos:.3f} s" if poa_areas_geos is not None else "-"),
        ("Start-up, optimize --orlib pmed1", startup(text(out, "startup")), "< 15 ms", "spopt build+solve pmed1 1.74 s"),
        ("plan on the demo city (network mode)", plan_demo(text(out, "plan_demo")), "< 3 s", "-"),
        ("Whole synthetic city (gen_city), plan and plan --layout", city(text(out, "city")), "10M residents: < 60 s and < 4 GiB each",
         "ArcGIS L-A caps at 10,000 demand points"),
    ]
    header = ("benchmark", "figure", "target", "peer or paper")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    print((pathlib.Path(out) / "header.txt").read_text().strip() if (out / "header.txt").exists() else "")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    main()
