#!/usr/bin/env python3
"""Verify the planted findings of the demo city from the committed files.

Pure standard-library Python: reads datasets/demo/*.geojson and network.osm, computes in
EPSG:4544 metres (WGS84 inputs are projected with scripts/gen_demo.py's Gauss-Krueger
functions), prints every finding with the ids involved and exits 1 when one is missing.

Usage: python3 scripts/check_demo.py [DEMO_DIR] [--json]
"""

import heapq
import json
import math
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_demo as gd  # noqa: E402  (projection and small geometry helpers)

THRESHOLD_M = 900.0          # 15 minutes at 1.0 m/s
AREA_PER_100_HH = 20.0       # m2 building area per 100 households
LAND_PER_CAPITA = 0.1        # m2 facility land per resident
STATION_MIN_AREA = 300.0
CENTRE_MIN_AREA, CENTRE_MIN_BEDS, CENTRE_MIN_NURSING = 1500.0, 30, 0.70
WALKABLE = {"primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link",
            "residential", "unclassified", "living_street", "service", "footway", "pedestrian",
            "path", "steps", "track", "cycleway"}


# ------------------------------------------------------------------------- geometry
def segs_cross(p1, p2, p3, p4):
    """Proper or touching intersection of segments p1p2 and p3p4."""
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    def on(a, b, c):
        return min(a[0], b[0]) - 1e-9 <= c[0] <= max(a[0], b[0]) + 1e-9 and \
            min(a[1], b[1]) - 1e-9 <= c[1] <= max(a[1], b[1]) + 1e-9
    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return (o1 == 0 and on(p1, p2, p3)) or (o2 == 0 and on(p1, p2, p4)) or \
        (o3 == 0 and on(p3, p4, p1)) or (o4 == 0 and on(p3, p4, p2))


def ring_self_intersects(ring):
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    n = len(pts)
    for i in range(n):
        a, b = pts[i], pts[(i + 1) % n]
        for j in range(i + 1, n):
            if j == i or (j + 1) % n == i or j == (i + 1) % n:
                continue
            if segs_cross(a, b, pts[j], pts[(j + 1) % n]):
                return True
    return False


def dist_to_polygon(p, rings):
    if any(gd.point_in_ring(p[0], p[1], r) for r in rings):
        return 0.0
    best = float("inf")
    for r in rings:
        for i in range(len(r) - 1):
            best = min(best, gd.seg_point_dist(p[0], p[1], r[i][0], r[i][1], r[i + 1][0], r[i + 1][1]))
    return best


def polygons_overlap(a, b):
    """a, b: closed rings (no holes). True when the interiors overlap."""
    for i in range(len(a) - 1):
        for j in range(len(b) - 1):
            if segs_cross(a[i], a[i + 1], b[j], b[j + 1]):
                return True
    return gd.point_in_ring(a[0][0], a[0][1], b) or gd.point_in_ring(b[0][0], b[0][1], a)


# reference values from PROJ: echo "LAT LON" | cs2cs -f %.4f EPSG:4490 EPSG:4544
PROJ_REFERENCE = [
    ((106.25, 38.48), (609073.0765, 4261518.9213)),
    ((106.2, 38.45), (604753.3985, 4258130.5416)),
    ((106.3, 38.52), (613373.4368, 4266019.8440)),
    ((106.215, 38.462), (606045.2897, 4259479.8347)),
    ((103.6, 36.0), (373766.9200, 3986449.2742)),
]


def projection_errors():
    """Largest forward error (m) against PROJ and largest inverse round-trip error (m)."""
    fwd = inv = 0.0
    for (lon, lat), (x, y) in PROJ_REFERENCE:
        px, py = gd.forward(lon, lat)
        fwd = max(fwd, math.hypot(px - x, py - y))
        qlon, qlat = gd.inverse(x, y)
        bx, by = gd.forward(qlon, qlat)
        inv = max(inv, math.hypot(bx - x, by - y))
    return fwd, inv


# ------------------------------------------------------------------------- loading
def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def outer_rings(geom, project=False):
    if geom["type"] == "Polygon":
        polys = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["coordinates"]
    else:
        return []
    rings = [poly[0] for poly in polys]
    if project:
        rings = [[gd.forward(x, y) for x, y in r] for r in rings]
    return [[tuple(p) for p in r] for r in rings]


def load_network(path):
    root = ET.parse(path).getroot()
    nodes = {}
    for n in root.iter("node"):
        nodes[int(n.get("id"))] = gd.forward(float(n.get("lon")), float(n.get("lat")))
    ways = []
    for w in root.iter("way"):
        tags = {t.get("k"): t.get("v") for t in w.iter("tag")}
        refs = [int(nd.get("ref")) for nd in w.iter("nd")]
        ways.append((int(w.get("id")), tags, refs))
    return nodes, ways


def walkable(tags):
    hw = tags.get("highway")
    if hw not in WALKABLE:
        return False
    if tags.get("foot") == "no":
        return False
    if tags.get("access") in ("private", "no") and tags.get("foot") not in ("yes", "designated"):
        return False
    return True


class Graph:
    def __init__(self, nodes, ways):
        self.nodes = nodes
        self.adj = {}
        self.edges = []
        for _, tags, refs in ways:
            if not walkable(tags):
                continue
            for a, b in zip(refs, refs[1:]):
                pa, pb = nodes[a], nodes[b]
                d = math.hypot(pa[0] - pb[0], pa[1] - pb[1])
                self.adj.setdefault(a, []).append((b, d))
                self.adj.setdefault(b, []).append((a, d))
                self.edges.append((a, b, d))

    def snap(self, p):
        """Nearest edge: (edge index, distance to it, distance along it from its start)."""
        best = None
        for i, (a, b, d) in enumerate(self.edges):
            pa, pb = self.nodes[a], self.nodes[b]
            dist = gd.seg_point_dist(p[0], p[1], pa[0], pa[1], pb[0], pb[1])
            if best is None or dist < best[1]:
                t = 0.0 if d == 0 else max(0.0, min(1.0, ((p[0] - pa[0]) * (pb[0] - pa[0])
                                                        + (p[1] - pa[1]) * (pb[1] - pa[1])) / (d * d)))
                best = (i, dist, t * d)
        return best

    def dijkstra(self, snap):
        i, _, along = snap
        a, b, d = self.edges[i]
        dist = {a: along, b: d - along}
        heap = [(along, a), (d - along, b)]
        while heap:
            du, u = heapq.heappop(heap)
            if du > dist.get(u, float("inf")):
                continue
            for v, w in self.adj.get(u, ()):
                nd = du + w
                if nd < dist.get(v, float("inf")):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        return dist

    def walk(self, dist_from, src_snap, dst_snap):
        """Network distance (without the snapping legs) from a source to a destination."""
        i, _, along = dst_snap
        a, b, d = self.edges[i]
        best = min(dist_from.get(a, float("inf")) + along, dist_from.get(b, float("inf")) + d - along)
        if src_snap[0] == i:
            best = min(best, abs(src_snap[2] - along))
        return best


# ------------------------------------------------------------------------- checks
def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    here = os.path.dirname(os.path.abspath(__file__))
    demo = next((a for a in argv if not a.startswith("--")),
                os.path.join(os.path.dirname(here), "datasets", "demo"))
    failures = []
    report = {}

    def expect(cond, what):
        if not cond:
            failures.append(what)

    fwd_err, inv_err = projection_errors()
    expect(fwd_err < 0.001 and inv_err < 0.001,
           "Gauss-Krueger agrees with PROJ to < 1 mm (%.6f m, %.6f m)" % (fwd_err, inv_err))
    report["projection_error_m"] = {"forward": fwd_err, "inverse_roundtrip": inv_err}

    est_fc = load(os.path.join(demo, "estates.geojson"))
    fac_fc = load(os.path.join(demo, "facilities.geojson"))
    dis_fc = load(os.path.join(demo, "districts.geojson"))
    can_fc = load(os.path.join(demo, "candidates.geojson"))
    par_fc = load(os.path.join(demo, "parcels.geojson"))
    nodes, ways = load_network(os.path.join(demo, "network.osm"))

    for fc, crs in ((est_fc, "4544"), (dis_fc, "4544"), (can_fc, "4544"), (par_fc, "4544")):
        expect(fc.get("crs", {}).get("properties", {}).get("name") == "urn:ogc:def:crs:EPSG::" + crs,
               "%s: crs member EPSG:%s" % (fc.get("name"), crs))
    expect("crs" not in fac_fc, "facilities: plain RFC 7946 (no crs member)")

    # ---- estates
    estates = []
    invalid = []
    for f in est_fc["features"]:
        p = f["properties"]
        rings = outer_rings(f["geometry"])
        bad = any(ring_self_intersects(r) for r in rings)
        if bad:
            invalid.append(p["id"])
            pts = [q for r in rings for q in r[:-1]]
            rep = (sum(q[0] for q in pts) / len(pts), sum(q[1] for q in pts) / len(pts))
        else:
            rep = gd.interior_point([r[:-1] for r in rings])
        area = sum(abs(gd.ring_area(r[:-1])) for r in rings)
        estates.append(dict(p, rings=rings, rep=rep, invalid=bad, area=area,
                            multi=f["geometry"]["type"] == "MultiPolygon"))
    by_id = {e["id"]: e for e in estates}
    n = len(estates)
    expect(250 <= n <= 350, "about 300 estates (%d)" % n)
    expect(len(by_id) == n, "unique estate ids")
    expect(len({e["name"] for e in estates}) == n, "unique estate names")
    expect(set(est_fc["features"][0]["properties"]) == {
        "id", "name", "households", "population", "elderly", "community", "street", "district", "is_new"},
        "estate fields exactly as specified")
    expect(1 <= len(invalid) <= 2, "1-2 invalid estate polygons (%s)" % invalid)
    expect(sum(e["multi"] for e in estates) >= 2, "some MultiPolygon estates")
    for e in estates:
        expect(300 <= e["households"] <= 3000, "%s households in 300..3000" % e["id"])
        r = e["population"] / e["households"]
        expect(2.55 <= r <= 3.05, "%s population per household %.2f" % (e["id"], r))
        if e["elderly"] is not None:
            s = e["elderly"] / e["population"]
            expect(0.115 <= s <= 0.255, "%s elderly share %.3f" % (e["id"], s))
        if not e["invalid"]:
            expect(20000 <= e["area"] <= 150000, "%s area %.1f ha in 2..15" % (e["id"], e["area"] / 1e4))
    n_new = sum(e["is_new"] for e in estates)
    nulls = [e["id"] for e in estates if e["elderly"] is None]
    expect(20 <= n_new <= 32, "about 25 new estates (%d)" % n_new)
    expect(1 <= len(nulls) <= 8, "a handful of estates without elderly (%d)" % len(nulls))
    communities = sorted({e["community"] for e in estates})
    streets = sorted({e["street"] for e in estates})
    districts_named = sorted({e["district"] for e in estates})
    expect(25 <= len(communities) <= 35, "about 30 communities (%d)" % len(communities))
    expect(len(streets) == 8, "8 streets (%d)" % len(streets))
    expect(districts_named == sorted(["兴庆区", "金凤区", "西夏区"]), "3 districts")
    report["estates"] = {"count": n, "new": n_new, "invalid": invalid, "elderly_null": nulls,
                         "multipolygon": [e["id"] for e in estates if e["multi"]],
                         "communities": len(communities), "streets": len(streets)}

    # ---- facilities (projected to EPSG:4544)
    facs = []
    for f in fac_fc["features"]:
        p = f["properties"]
        g = f["geometry"]
        if g["type"] == "Point":
            pt = gd.forward(*g["coordinates"])
            rings = None
            own_area = 0.0
        else:
            rings = outer_rings(g, project=True)
            pt = gd.interior_point([r[:-1] for r in rings])
            own_area = sum(abs(gd.ring_area(r[:-1])) for r in rings)
        land = p["land_area"] if p["land_area"] is not None else own_area
        facs.append(dict(p, pt=pt, rings=rings, land=land))
    kinds = {f["kind"] for f in facs}
    expect(kinds == {"station", "day_care", "centre", "institution", "rural_home"}, "all five kinds")
    expect(30 <= len(facs) <= 50, "about 40 facilities (%d)" % len(facs))
    expect(any(f["rings"] for f in facs), "some facility polygons")
    for f in facs:
        lo, hi = {"station": (100, 600), "day_care": (100, 800), "centre": (800, 3000),
                  "institution": (3000, 20000), "rural_home": (100, 400)}[f["kind"]]
        expect(lo <= f["building_area"] <= hi, "%s building_area %s" % (f["id"], f["building_area"]))
        expect(f["nursing_beds"] <= f["beds"], "%s nursing beds <= beds" % f["id"])
        if f["estate_id"]:
            expect(f["estate_id"] in by_id, "%s estate_id exists" % f["id"])

    # which estate a facility serves: estate_id, else the estate containing it
    def host(f):
        if f["estate_id"]:
            return by_id[f["estate_id"]]
        for e in estates:
            if not e["invalid"] and any(gd.point_in_ring(f["pt"][0], f["pt"][1], r) for r in e["rings"]):
                return e
        return None

    def near_estate(f):
        h = host(f)
        if h is not None:
            return h
        return min(estates, key=lambda e: math.hypot(e["rep"][0] - f["pt"][0], e["rep"][1] - f["pt"][1]))

    # ---- finding 1: 20 m2 per 100 households
    provided = {e["id"]: 0.0 for e in estates}
    contained_only = []
    for f in facs:
        h = host(f)
        if h is not None:
            provided[h["id"]] += f["building_area"]
            if not f["estate_id"]:
                contained_only.append(f["id"])
    failing = [e["id"] for e in estates if provided[e["id"]] < e["households"] / 100.0 * AREA_PER_100_HH]
    new_short = [e["id"] for e in estates if e["is_new"] and 0 < provided[e["id"]] < e["households"] / 5.0]
    new_none = [e["id"] for e in estates if e["is_new"] and provided[e["id"]] == 0]
    meeting = [e["id"] for e in estates if e["id"] not in failing]
    expect(len(new_short) >= 3, "new estates with a facility below 20 m2/100 households (%d)" % len(new_short))
    expect(len(meeting) >= 10, "some estates meet 20 m2/100 households (%d)" % len(meeting))
    expect(len(contained_only) >= 1, "a facility counted by containment (no estate_id)")
    report["area_per_100_households"] = {
        "failing": len(failing), "meeting": meeting, "new_with_facility_below": new_short,
        "new_without_facility": new_none, "counted_by_containment": contained_only}

    # ---- finding 2: facility land per resident by district
    dist_rows = []
    for d in dis_fc["features"]:
        p = d["properties"]
        rings = outer_rings(d["geometry"])
        pop = p.get("population")
        source = "field"
        if pop is None:
            pop = sum(e["population"] for e in estates if e["district"] == p["name"])
            source = "sum of estates"
        land = sum(f["land"] for f in facs if any(gd.point_in_ring(f["pt"][0], f["pt"][1], r) for r in rings))
        dist_rows.append({"id": p["id"], "name": p["name"], "population": pop, "population_from": source,
                          "facility_land_m2": round(land, 1), "land_per_capita_m2": round(land / pop, 4)})
    drings = {d["properties"]["name"]: outer_rings(d["geometry"]) for d in dis_fc["features"]}
    misplaced = [e["id"] for e in estates if not e["invalid"] and not any(
        gd.point_in_ring(e["rep"][0], e["rep"][1], r) for r in drings.get(e["district"], []))]
    expect(not misplaced, "every estate lies in the district it names (%s)" % misplaced[:5])
    homeless = [f["id"] for f in facs if not any(
        gd.point_in_ring(f["pt"][0], f["pt"][1], r) for rs in drings.values() for r in rs)]
    expect(not homeless, "every facility lies in a district (%s)" % homeless)
    below = [r["name"] for r in dist_rows if r["land_per_capita_m2"] < LAND_PER_CAPITA]
    expect(len(dis_fc["features"]) == 3, "3 districts")
    expect(any(r["population_from"] == "sum of estates" for r in dist_rows), "a district without population")
    expect(1 <= len(below) <= 2, "a district below %.1f m2 per person (%s)" % (LAND_PER_CAPITA, below))
    report["districts"] = dist_rows
    report["districts_below_land"] = below

    # ---- finding 3: outside the 15-minute circle (straight line)
    def straight(e, f):
        if f["rings"]:
            return dist_to_polygon(e["rep"], f["rings"])
        return math.hypot(e["rep"][0] - f["pt"][0], e["rep"][1] - f["pt"][1])

    nearest = {}
    for e in estates:
        dists = sorted((straight(e, f), f["id"]) for f in facs)
        nearest[e["id"]] = dists
    outside = [e["id"] for e in estates if nearest[e["id"]][0][0] > THRESHOLD_M]
    # robustness: no estate within 30 m of the threshold, whether a polygon facility is
    # measured by its outline or by its interior point
    borderline = []
    for e in estates:
        if e["invalid"]:
            continue
        alt = min(math.hypot(e["rep"][0] - f["pt"][0], e["rep"][1] - f["pt"][1]) for f in facs)
        for d in (nearest[e["id"]][0][0], alt):
            if THRESHOLD_M - 30 < d < THRESHOLD_M + 30:
                borderline.append((e["id"], round(d, 1)))
    expect(not borderline, "no estate within 30 m of %d m (%s)" % (THRESHOLD_M, borderline))
    expect(len(outside) >= 5, "estates outside the 15-minute circle (%d)" % len(outside))
    report["outside_circle"] = outside

    # ---- finding 4: the river barrier
    river = [w for w in ways if w[1].get("waterway") == "river"]
    expect(len(river) == 1, "one river way")
    rpts = [nodes[r] for r in river[0][2]]
    crossings = []
    for wid, tags, refs in ways:
        if "highway" not in tags:
            continue
        for a, b in zip(refs, refs[1:]):
            for p1, p2 in zip(rpts, rpts[1:]):
                if segs_cross(nodes[a], nodes[b], p1, p2):
                    crossings.append((wid, tags))
    walk_cross = [(w, t) for w, t in crossings if walkable(t)]
    bridges = sorted({w for w, t in walk_cross if t.get("bridge") == "yes"})
    expect(all(t.get("bridge") == "yes" for _, t in crossings), "only bridges cross the river")
    expect(2 <= len(bridges) <= 3, "2-3 walkable bridges (%d)" % len(bridges))
    expect(all(not walkable(t) for _, t, _ in ways if t.get("highway") in ("motorway", "motorway_link")),
           "motorway not walkable")

    rail = [w for w in ways if w[1].get("railway") == "rail"]
    expect(len(rail) == 1, "one railway way")
    rail_cross = []
    if rail:
        lpts = [nodes[r] for r in rail[0][2]]
        for wid, tags, refs in ways:
            if "highway" not in tags:
                continue
            if any(segs_cross(nodes[a], nodes[b], p1, p2)
                   for a, b in zip(refs, refs[1:]) for p1, p2 in zip(lpts, lpts[1:])):
                rail_cross.append((wid, tags))
    underpasses = sorted(w for w, t in rail_cross if walkable(t))
    expect(len(underpasses) == 1 and all(t.get("tunnel") == "yes" for w, t in rail_cross if walkable(t)),
           "the railway is crossed by exactly one walkable underpass (%s)" % underpasses)

    def river_side(p):
        for p1, p2 in zip(rpts, rpts[1:]):
            if min(p1[1], p2[1]) <= p[1] <= max(p1[1], p2[1]):
                x = p1[0] + (p[1] - p1[1]) * (p2[0] - p1[0]) / ((p2[1] - p1[1]) or 1.0)
                return "west" if p[0] < x else "east"
        return None

    g = Graph(nodes, ways)
    fac_snap = {f["id"]: g.snap(f["pt"]) for f in facs}
    fac_dist = {fid: g.dijkstra(s) for fid, s in fac_snap.items()}
    est_snap = {e["id"]: g.snap(e["rep"]) for e in estates}
    walk_min = {}
    for e in estates:
        walk_min[e["id"]] = min(g.walk(fac_dist[f["id"]], fac_snap[f["id"]], est_snap[e["id"]]) for f in facs)
    fac_by_id = {f["id"]: f for f in facs}
    across = []
    for e in estates:
        d0, fid = nearest[e["id"]][0]
        if e["invalid"] or d0 > THRESHOLD_M or walk_min[e["id"]] <= THRESHOLD_M:
            continue
        if river_side(e["rep"]) != river_side(fac_by_id[fid]["pt"]):
            across.append({"estate": e["id"], "nearest_facility": fid, "straight_m": round(d0, 1),
                           "walk_to_it_m": round(g.walk(fac_dist[fid], fac_snap[fid], est_snap[e["id"]]), 1),
                           "walk_to_any_m": round(walk_min[e["id"]], 1)})
    expect(len(across) >= 3, "estates across the river: within %d m straight, walk > %d m (%d)"
           % (THRESHOLD_M, THRESHOLD_M, len(across)))
    net_uncovered = [e["id"] for e in estates if walk_min[e["id"]] > THRESHOLD_M]
    report["river"] = {"bridges": bridges, "across_river": across}
    report["railway"] = {"underpasses": underpasses}
    report["network"] = {"nodes": len(nodes), "ways": len(ways),
                         "estates_beyond_walk": len(net_uncovered),
                         "estates_beyond_straight": len(outside)}

    # ---- finding 5: hierarchy (community stations, street centres)
    comm_st, comm_ok = {}, {}
    street_ok = {}
    for f in facs:
        e = near_estate(f)
        if f["kind"] in ("station", "day_care"):
            comm_st.setdefault(e["community"], []).append(f["id"])
            if f["building_area"] >= STATION_MIN_AREA:
                comm_ok.setdefault(e["community"], []).append(f["id"])
        if f["kind"] == "centre":
            ok = (f["building_area"] >= CENTRE_MIN_AREA and f["beds"] >= CENTRE_MIN_BEDS
                  and f["nursing_beds"] >= CENTRE_MIN_NURSING * f["beds"])
            street_ok.setdefault(e["street"], [])
            if ok:
                street_ok[e["street"]].append(f["id"])
    no_station = [c for c in communities if c not in comm_st]
    no_ok_station = [c for c in communities if c not in comm_ok]
    no_centre = [s for s in streets if not street_ok.get(s)]
    expect(len(no_station) >= 2, "communities without any station (%d)" % len(no_station))
    expect(len(no_centre) >= 2, "streets without a compliant centre (%d)" % len(no_centre))
    expect(len(no_centre) < len(streets), "some streets with a compliant centre")
    report["communities_without_station"] = no_station
    report["communities_without_station_300m2"] = no_ok_station
    report["streets_without_compliant_centre"] = no_centre

    # ---- candidates and parcels
    expect(60 <= len(can_fc["features"]) <= 120, "60-120 candidates (%d)" % len(can_fc["features"]))
    parcels = [outer_rings(f["geometry"])[0] for f in par_fc["features"]]
    expect(35 <= len(parcels) <= 45, "about 40 parcels")
    overl = []
    for i, pr in enumerate(parcels):
        for j in range(i + 1, len(parcels)):
            if polygons_overlap(pr, parcels[j]):
                overl.append((i, j))
        for e in estates:
            if any(polygons_overlap(pr, r) for r in e["rings"]):
                overl.append((i, e["id"]))
    expect(not overl, "parcels overlap nothing (%s)" % overl[:5])

    # datasets/README.md lists the sha256 of every demo file
    listing = os.path.join(os.path.dirname(os.path.abspath(demo)), "README.md")
    if os.path.exists(listing):
        import hashlib
        import re
        with open(listing, encoding="utf-8") as fh:
            text = fh.read()
        listed = dict(re.findall(r"`demo/([\w.]+)`[^\n]*?`([0-9a-f]{64})`", text))
        for fn in sorted(os.listdir(demo)):
            if fn == "README.md":
                continue
            with open(os.path.join(demo, fn), "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            expect(listed.get(fn) == digest, "datasets/README.md sha256 of demo/%s" % fn)

    total = sum(os.path.getsize(os.path.join(demo, fn)) for fn in os.listdir(demo))
    expect(total < 5 * 1024 * 1024, "demo under 5 MB (%d bytes)" % total)
    report["total_bytes"] = total

    if "--json" in argv:
        print(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        r = report
        print("projection vs PROJ: forward %.2e m, inverse round trip %.2e m" % (fwd_err, inv_err))
        print("estates: %d (%d new); invalid (repaired by MakeValid): %s; elderly null: %s"
              % (n, n_new, ", ".join(invalid), ", ".join(nulls)))
        a = r["area_per_100_households"]
        print("20 m2/100 households: %d estates fail, %d meet; new estates with a facility below: %s; "
              "new estates without any: %d" % (a["failing"], len(a["meeting"]), ", ".join(a["new_with_facility_below"]),
                                               len(a["new_without_facility"])))
        for d in r["districts"]:
            print("district %s %s: population %d (%s), facility land %.0f m2, %.3f m2/person%s"
                  % (d["id"], d["name"], d["population"], d["population_from"], d["facility_land_m2"],
                     d["land_per_capita_m2"], "  < 0.1" if d["land_per_capita_m2"] < LAND_PER_CAPITA else ""))
        print("outside the 900 m circle: %d estates: %s" % (len(outside), ", ".join(outside)))
        print("river 典农河: walkable bridges (way ids) %s; railway 包兰铁路: underpass (way id) %s"
              % (bridges, r["railway"]["underpasses"]))
        print("across the river from their nearest facility (straight <= 900 m, walk > 900 m): %d" % len(across))
        for x in across:
            print("  %s -> %s straight %.0f m, walk %.0f m (nearest walk to any facility %.0f m)"
                  % (x["estate"], x["nearest_facility"], x["straight_m"], x["walk_to_it_m"], x["walk_to_any_m"]))
        print("network mode: %d estates beyond a 900 m walk (circle mode: %d)" % (len(net_uncovered), len(outside)))
        print("communities without any station: %s" % ", ".join(no_station))
        print("communities without a station of >= 300 m2: %s" % ", ".join(no_ok_station))
        print("streets without a compliant centre: %s" % ", ".join(no_centre))
        print("total size: %d bytes" % total)
    if failures:
        for f in failures:
            print("MISSING: " + f, file=sys.stderr)
        return 1
    print("check_demo: all findings present", file=sys.stderr if "--json" in argv else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
