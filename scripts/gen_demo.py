#!/usr/bin/env python3
"""Generate lifecircle's embedded demo city (datasets/demo/).

A synthetic town in Yinchuan (银川), deterministic: random.Random(20261122), sorted JSON
keys, fixed-precision coordinates, so re-running gives byte-identical files. Standard
library only. Coordinates are computed in CGCS2000 / 3-degree Gauss-Kruger CM 105E
(EPSG:4544) with the projection implemented below; WGS84 outputs (facilities, the OSM
network) are converted with the inverse projection (CGCS2000 and WGS84 are treated as
identical, as EPSG does for the null transformation at metre level).

Usage: python3 scripts/gen_demo.py [--out DIR] [--map]
"""

import json
import math
import os
import random
import sys

SEED = 20261122

# ---------------------------------------------------------------------------------------
# Gauss-Krueger (transverse Mercator) for the CGCS2000 ellipsoid, Krueger series to sixth
# order in n (Karney 2011); error far below 1 mm inside a 3-degree zone. Parameters of
# EPSG:4544: central meridian 105E, k0 = 1, false easting 500000 m, no zone prefix.
# ---------------------------------------------------------------------------------------

A_AXIS = 6378137.0
FLATTENING = 1.0 / 298.257222101
LON0 = 105.0
K0 = 1.0
FALSE_EASTING = 500000.0
FALSE_NORTHING = 0.0

_N = FLATTENING / (2.0 - FLATTENING)
_E = math.sqrt(FLATTENING * (2.0 - FLATTENING))
_RECT = A_AXIS / (1.0 + _N) * (1.0 + _N ** 2 / 4.0 + _N ** 4 / 64.0 + _N ** 6 / 256.0)


def _series():
    n = _N
    alpha = [
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180 - 127 * n**5 / 288
        + 7891 * n**6 / 37800,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440 + 281 * n**5 / 630
        - 1983433 * n**6 / 1935360,
        61 * n**3 / 240 - 103 * n**4 / 140 + 15061 * n**5 / 26880 + 167603 * n**6 / 181440,
        49561 * n**4 / 161280 - 179 * n**5 / 168 + 6601661 * n**6 / 7257600,
        34729 * n**5 / 80640 - 3418889 * n**6 / 1995840,
        212378941 * n**6 / 319334400,
    ]
    beta = [
        n / 2 - 2 * n**2 / 3 + 37 * n**3 / 96 - n**4 / 360 - 81 * n**5 / 512
        + 96199 * n**6 / 604800,
        n**2 / 48 + n**3 / 15 - 437 * n**4 / 1440 + 46 * n**5 / 105
        - 1118711 * n**6 / 3870720,
        17 * n**3 / 480 - 37 * n**4 / 840 - 209 * n**5 / 4480 + 5569 * n**6 / 90720,
        4397 * n**4 / 161280 - 11 * n**5 / 504 - 830251 * n**6 / 7257600,
        4583 * n**5 / 161280 - 108847 * n**6 / 3991680,
        20648693 * n**6 / 638668800,
    ]
    return alpha, beta


_ALPHA, _BETA = _series()


def _tau_prime(tau):
    sigma = math.sinh(_E * math.atanh(_E * tau / math.hypot(1.0, tau)))
    return tau * math.hypot(1.0, sigma) - sigma * math.hypot(1.0, tau)


def forward(lon, lat):
    """(lon, lat) in degrees (CGCS2000 / WGS84) -> (easting, northing) in metres."""
    phi = math.radians(lat)
    lam = math.radians(lon - LON0)
    tau = math.tan(phi)
    taup = _tau_prime(tau)
    xip = math.atan2(taup, math.cos(lam))
    etap = math.asinh(math.sin(lam) / math.hypot(taup, math.cos(lam)))
    xi, eta = xip, etap
    for j, a in enumerate(_ALPHA, start=1):
        xi += a * math.sin(2 * j * xip) * math.cosh(2 * j * etap)
        eta += a * math.cos(2 * j * xip) * math.sinh(2 * j * etap)
    return FALSE_EASTING + K0 * _RECT * eta, FALSE_NORTHING + K0 * _RECT * xi


def inverse(x, y):
    """(easting, northing) in metres -> (lon, lat) in degrees."""
    xi = (y - FALSE_NORTHING) / (K0 * _RECT)
    eta = (x - FALSE_EASTING) / (K0 * _RECT)
    xip, etap = xi, eta
    for j, b in enumerate(_BETA, start=1):
        xip -= b * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        etap -= b * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    taup = math.sin(xip) / math.hypot(math.sinh(etap), math.cos(xip))
    lam = math.atan2(math.sinh(etap), math.cos(xip))
    tau = taup
    e2m = 1.0 - _E * _E
    for _ in range(10):
        tp = _tau_prime(tau)
        dtau = (taup - tp) / (e2m * math.hypot(1.0, tp) * math.hypot(1.0, tau)
                              / (1.0 + e2m * tau * tau)) * 1.0
        # derivative d tau' / d tau = (1-e^2) sqrt(1+tau'^2) sqrt(1+tau^2) / (1+(1-e^2) tau^2)
        tau += dtau
        if abs(dtau) < 1e-14:
            break
    return LON0 + math.degrees(lam), math.degrees(math.atan(tau))


# ---------------------------------------------------------------------------------------
# Small geometry helpers (planar, EPSG:4544 metres)
# ---------------------------------------------------------------------------------------


def ring_area(ring):
    """Signed shoelace area of a ring (closed or not)."""
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def seg_point_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    den = dx * dx + dy * dy
    t = 0.0 if den == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def interior_point(parts):
    """Point on surface as GEOS (>= 3.8) InteriorPointArea computes it: per polygon part, the
    scan line runs halfway between the vertex ordinates nearest below and above the centre
    of the part's envelope; the midpoint of the widest interior section of that line is
    the candidate, and the widest section over all parts wins (first on ties)."""
    best = None
    for ring in parts:
        ys = [p[1] for p in ring]
        centre = (min(ys) + max(ys)) / 2.0
        lo, hi = min(ys), max(ys)
        for y in ys:
            if y <= centre:
                lo = max(lo, y)
            else:
                hi = min(hi, y)
        ymid = (lo + hi) / 2.0
        xs = []
        n = len(ring)
        for i in range(n):
            (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
            if (y1 > ymid) != (y2 > ymid):
                xs.append(x1 + (ymid - y1) * (x2 - x1) / (y2 - y1))
        xs.sort()
        for k in range(0, len(xs) - 1, 2):
            w = xs[k + 1] - xs[k]
            if best is None or w > best[0]:
                best = (w, ((xs[k] + xs[k + 1]) / 2.0, ymid))
    return best[1]


def rnd(v, nd=2):
    r = round(float(v), nd)
    return 0.0 if r == 0 else r


# ---------------------------------------------------------------------------------------
# Town layout
# ---------------------------------------------------------------------------------------
NX, NY = 24, 20                 # block columns (west->east) and rows (south->north)
RIVER_COL = 12                  # the block column holding 典农河 and its banks
BRIDGE_LINES = (3, 11, 17)      # east-west street lines that bridge the river
RAIL_XLINE = 7                  # the railway runs beside this north-south street line ...
RAIL_OFFSET = -14.0             # ... this far west of its centre line
UNDERPASS_LINE = 8              # the only east-west street passing under the railway
X0, Y0 = 606050.0, 4259480.0    # south-west street corner in EPSG:4544 (~106.215E 38.462N)

XLINE_CLASS = {0: "secondary", 4: "tertiary", 7: "primary", 10: "tertiary", 12: "secondary",
               13: "secondary", 17: "primary", 20: "tertiary", 24: "secondary"}
YLINE_CLASS = {0: "secondary", 3: "primary", 5: "tertiary", 8: "tertiary", 11: "primary",
               14: "tertiary", 17: "primary", 20: "secondary"}
XLINE_NAME = {0: "文萃路", 4: "同心路", 7: "正源街", 10: "万寿路", 12: "亲水大街",
              13: "宁安大街", 17: "凤凰街", 20: "民族街", 24: "丽景街"}
YLINE_NAME = {0: "南环路", 3: "长城路", 5: "宝湖路", 8: "上海路", 11: "北京路",
              14: "贺兰山路", 17: "黄河路", 20: "北环路"}
LIVING_XLINES = {(18, r) for r in range(5, 13)} | {(22, r) for r in range(6, 12)}
INSET = {"primary": 28.0, "secondary": 22.0, "tertiary": 16.0, "residential": 11.0,
         "living_street": 9.0}

COLBANDS = [(0, 3), (4, 6), (7, 9), (10, 11), (13, 16), (17, 19), (20, 23)]
ROWBANDS = [(0, 4), (5, 9), (10, 14), (15, 19)]
DISTRICT_OF_COLBAND = [0, 0, 1, 1, 1, 2, 2]
DISTRICTS = [("D1", "西夏区"), ("D2", "金凤区"), ("D3", "兴庆区")]
DISTRICT_XLINES = [(0, 7), (7, 17), (17, 24)]
STREETS = ["文昌路街道", "朔方路街道", "满城北街街道", "黄河东路街道", "长城中路街道",
           "前进街街道", "胜利街街道", "凤凰北街街道"]
COMMUNITY_NAMES = [
    # colband-major, rowband 0..3 within each colband
    "怀远社区", "文萃社区", "同心社区", "宁华社区",
    "朔方社区", "芦花社区", "贺兰山社区", "西花园社区",
    "满城社区", "正源社区", "宝湖社区", "阅海社区",
    "黄河社区", "万寿社区", "亲水社区", "典农社区",
    "宁安社区", "丰庆社区", "长城社区", "北京社区",
    "前进社区", "胜利社区", "凤凰社区", "民族社区",
    "丽景社区", "银古社区", "玉皇阁社区", "鼓楼社区",
]

VILLAGE_BLOCKS = {(0, 0), (1, 0), (0, 1), (23, 0), (22, 0), (23, 1)}
NW_NEW = {(c, r) for c in range(0, 4) for r in range(16, 20)}          # unserved new area
EAST_NEW = {(c, r) for c in range(21, 24) for r in range(16, 20)}       # new area with stations
EAST_BANK = {(13, r) for r in range(3, 11)}                              # across the river
FORCED_ESTATE = NW_NEW | EAST_NEW | EAST_BANK
FORCED_OPEN = {(8, 9), (9, 9), (5, 3), (15, 15), (19, 4), (2, 6), (10, 15), (21, 9),
               (16, 1), (5, 12), (18, 13), (9, 3), (14, 11)}


def colband_of(c):
    for i, (a, b) in enumerate(COLBANDS):
        if a <= c <= b:
            return i
    return None


def rowband_of(r):
    for i, (a, b) in enumerate(ROWBANDS):
        if a <= r <= b:
            return i
    return None


def street_of(cb, rb):
    if cb in (0, 1):
        return 0 if rb <= 1 else 1
    if cb in (2, 3, 4):
        return cb
    if rb <= 1:
        return 5
    return 6 if cb == 5 else 7


def xline_class(c, r=None):
    if (c, r) in LIVING_XLINES:
        return "living_street"
    return XLINE_CLASS.get(c, "residential")


def yline_class(r):
    return YLINE_CLASS.get(r, "residential")


class Town:
    """Everything generated so far (grid, blocks, estates, facilities, ways...)."""


def build_grid(rng, t):
    xs = [X0]
    for c in range(NX):
        w = 340.0 if c == RIVER_COL else float(rng.randint(176, 272))
        xs.append(xs[-1] + w)
    ys = [Y0]
    for r in range(NY):
        ys.append(ys[-1] + float(rng.randint(176, 262)))
    t.xs, t.ys = xs, ys
    t.dropped = set()           # ('x', c, r) or ('y', r, c) street segments removed
    t.mids = {}                 # segment key -> list of extra points on it
    t.extra_ways = []           # (tags, [points])


def block_rect(t, c0, c1, r):
    """Inset rectangle of blocks c0..c1 in row r: (xmin, ymin, xmax, ymax)."""
    x0 = t.xs[c0] + INSET[xline_class(c0, r)]
    x1 = t.xs[c1 + 1] - INSET[xline_class(c1 + 1, r)]
    y0 = t.ys[r] + INSET[yline_class(r)]
    y1 = t.ys[r + 1] - INSET[yline_class(r + 1)]
    return (x0, y0, x1, y1)


def rect_ring(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def add_mid(t, key, pt):
    t.mids.setdefault(key, []).append(pt)


ESTATE_PREFIX = [
    "新华", "丽景", "阅海", "金凤", "兴庆", "银河", "贺兰", "长城", "宁安", "凤凰", "湖畔",
    "康居", "怡和", "锦绣", "福泰", "阳光", "华夏", "民乐", "幸福", "和顺", "嘉禾", "丰泽",
    "润园", "塞上", "唐徕", "正源", "亲水", "清河", "紫荆", "海宝", "宝湖", "鸣翠", "艾依",
    "世纪", "文昌", "利民", "悦海", "兰亭", "书香", "馨园", "水岸", "明珠", "绿洲", "枫林",
    "满城", "西湖", "朔方", "怀远", "同心", "芦花", "双渠", "金波", "银湖", "民生", "惠民",
    "光明", "东方", "北塔", "南薰", "玉泉", "万寿", "鼓楼", "西夏", "宁华", "森林", "望湖",
]
OLD_SUFFIX = ["苑", "花园", "小区", "家园", "新村", "公寓", "佳苑", "雅苑", "里", "园",
              "湾小区", "北区", "南区", "东区", "西区", "雅居", "庭院"]
NEW_SUFFIX = ["华府", "名都", "御园", "公馆", "壹号院", "悦府", "花城", "天悦", "尚城", "学府"]
WORK_UNITS = ["机械厂", "纺织厂", "铁路", "电力", "建工", "橡胶厂", "化工厂", "粮食局"]


def make_estate_names(rng, flags):
    """Unique plausible names; flags: list of is_new per estate."""
    used = set()
    names = []
    units = list(WORK_UNITS)
    for is_new in flags:
        while True:
            if not is_new and units and rng.random() < 0.04:
                name = units.pop(0) + ("家属院" if rng.random() < 0.6 else "宿舍")
            elif is_new:
                name = rng.choice(ESTATE_PREFIX) + rng.choice(NEW_SUFFIX)
            else:
                name = rng.choice(ESTATE_PREFIX) + rng.choice(OLD_SUFFIX)
            if name not in used:
                used.add(name)
                names.append(name)
                break
    return names


def build_blocks(rng, t):
    """Decide the use of every block: 'river', 'village', 'estate' or 'open'."""
    use = {}
    for r in range(NY):
        for c in range(NX):
            if c == RIVER_COL:
                use[(c, r)] = "river"
            elif (c, r) in VILLAGE_BLOCKS:
                use[(c, r)] = "village"
            elif (c, r) in FORCED_ESTATE:
                use[(c, r)] = "estate"
            elif (c, r) in FORCED_OPEN:
                use[(c, r)] = "open"
            else:
                use[(c, r)] = "estate" if rng.random() < 0.70 else "open"
    t.use = use


def community_of_block(c, r):
    cb, rb = colband_of(c), rowband_of(r)
    return cb * 4 + rb


def build_estates(rng, t):
    """Estates as lists of polygon parts (rings, EPSG:4544)."""
    use = t.use
    taken = set()
    groups = []  # (kind, [blocks]) kind: single, merged, split, multi
    # horizontal merges over a residential street (the street segment is removed)
    for r in range(NY):
        for c in range(NX - 1):
            a, b = (c, r), (c + 1, r)
            if (use[a] == "estate" and use[b] == "estate" and a not in taken and b not in taken
                    and community_of_block(c, r) == community_of_block(c + 1, r)
                    and (c + 1) not in XLINE_CLASS and a not in EAST_BANK
                    and rng.random() < 0.16):
                taken.update((a, b))
                groups.append(("merged", [a, b]))
                t.dropped.add(("x", c + 1, r))
    for r in range(NY):
        for c in range(NX):
            if use[(c, r)] == "estate" and (c, r) not in taken:
                groups.append(("single", [(c, r)]))
    # two-part estates across a residential street (一期/二期) -> MultiPolygon
    singles = {g[1][0]: i for i, g in enumerate(groups) if g[0] == "single"}
    cands = []
    for (c, r), i in sorted(singles.items()):
        if ((c, r + 1) in singles and (r + 1) not in YLINE_CLASS
                and community_of_block(c, r) == community_of_block(c, r + 1)
                and (c, r) not in EAST_BANK and (c, r) not in NW_NEW):
            cands.append(((c, r), (c, r + 1)))
    rng.shuffle(cands)
    multi = []
    used_b = set()
    for a, b in cands:
        if len(multi) == 4:
            break
        if a in used_b or b in used_b:
            continue
        used_b.update((a, b))
        multi.append((a, b))
    drop_idx = set()
    for a, b in multi:
        drop_idx.add(singles[a])
        drop_idx.add(singles[b])
        groups.append(("multi", [a, b]))
    groups = [g for i, g in enumerate(groups) if i not in drop_idx]

    estates = []
    for kind, blocks in groups:
        c, r = blocks[0]
        if kind == "merged":
            parts = [rect_ring(*block_rect(t, c, c + 1, r))]
            est = [dict(blocks=blocks, parts=parts, shape="merged")]
        elif kind == "multi":
            parts = [rect_ring(*block_rect(t, c, c, r)),
                     rect_ring(*block_rect(t, blocks[1][0], blocks[1][0], blocks[1][1]))]
            est = [dict(blocks=blocks, parts=parts, shape="multi")]
        else:
            x0, y0, x1, y1 = block_rect(t, c, c, r)
            area = (x1 - x0) * (y1 - y0)
            if area > 46000 and (c, r) not in EAST_BANK and rng.random() < 0.24:
                # split into two estates with a footpath between them
                if x1 - x0 >= y1 - y0:
                    xm = round((x0 + x1) / 2.0 + rng.uniform(-8, 8))
                    est = [dict(blocks=blocks, parts=[rect_ring(x0, y0, xm - 4, y1)], shape="split"),
                           dict(blocks=blocks, parts=[rect_ring(xm + 4, y0, x1, y1)], shape="split")]
                    add_mid(t, ("y", r, c), (xm, t.ys[r]))
                    add_mid(t, ("y", r + 1, c), (xm, t.ys[r + 1]))
                    t.extra_ways.append(({"highway": "footway"}, [(xm, t.ys[r]), (xm, t.ys[r + 1])]))
                else:
                    ym = round((y0 + y1) / 2.0 + rng.uniform(-8, 8))
                    est = [dict(blocks=blocks, parts=[rect_ring(x0, y0, x1, ym - 4)], shape="split"),
                           dict(blocks=blocks, parts=[rect_ring(x0, ym + 4, x1, y1)], shape="split")]
                    add_mid(t, ("x", c, r), (t.xs[c], ym))
                    if c + 1 == RAIL_XLINE:
                        # dead end before the railway
                        t.extra_ways.append(({"highway": "footway"}, [(t.xs[c], ym), (x1 + 6.0, ym)]))
                    else:
                        add_mid(t, ("x", c + 1, r), (t.xs[c + 1], ym))
                        t.extra_ways.append(({"highway": "footway"}, [(t.xs[c], ym), (t.xs[c + 1], ym)]))
            else:
                est = [dict(blocks=blocks, parts=[rect_ring(x0, y0, x1, y1)], shape="single")]
        estates.extend(est)

    # shape variety: chamfered corners and L shapes on some single-part estates
    for e in estates:
        if e["shape"] in ("single", "merged") and len(e["parts"]) == 1:
            u = rng.random()
            (x0, y0), (x1, _), (_, y1), _ = e["parts"][0]
            if u < 0.28:
                k = rng.uniform(15, 35)
                corner = rng.randrange(4)
                ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                cx, cy = ring[corner]
                prv, nxt = ring[corner - 1], ring[(corner + 1) % 4]

                def toward(p, q, d):
                    L = math.hypot(q[0] - p[0], q[1] - p[1])
                    return (round(p[0] + (q[0] - p[0]) * d / L, 2), round(p[1] + (q[1] - p[1]) * d / L, 2))
                ring = ring[:corner] + [toward((cx, cy), prv, k), toward((cx, cy), nxt, k)] + ring[corner + 1:]
                e["parts"] = [ring]
            elif u < 0.38 and (x1 - x0) * (y1 - y0) > 40000:
                fx = round(rng.uniform(0.3, 0.45) * (x1 - x0))
                fy = round(rng.uniform(0.3, 0.45) * (y1 - y0))
                # cut the north-east corner (a shop or school plot)
                e["parts"] = [[(x0, y0), (x1, y0), (x1, y1 - fy), (x1 - fx, y1 - fy), (x1 - fx, y1), (x0, y1)]]
    t.estates = estates


def estate_area(e):
    return sum(abs(ring_area(p)) for p in e["parts"])


def assign_estate_attributes(rng, t):
    ests = t.estates
    for e in ests:
        c, r = e["blocks"][0]
        e["cb"], e["rb"] = colband_of(c), rowband_of(r)
        e["community_idx"] = e["cb"] * 4 + e["rb"]
        e["street_idx"] = street_of(e["cb"], e["rb"])
        e["district_idx"] = DISTRICT_OF_COLBAND[e["cb"]]
        e["rep"] = interior_point(e["parts"])
    # order: by community, then north to south, west to east
    ests.sort(key=lambda e: (e["community_idx"], -round(e["rep"][1]), round(e["rep"][0])))
    # new estates: the two new areas plus a few infill redevelopments
    others = [i for i, e in enumerate(ests)
              if e["blocks"][0] not in NW_NEW and e["blocks"][0] not in EAST_NEW
              and e["blocks"][0] not in EAST_BANK]
    infill = set(rng.sample(others, 4))
    for i, e in enumerate(ests):
        b = e["blocks"][0]
        e["is_new"] = 1 if (b in NW_NEW or b in EAST_NEW or i in infill) else 0
    names = make_estate_names(rng, [e["is_new"] for e in ests])
    for i, e in enumerate(ests):
        e["id"] = "E%03d" % (i + 1)
        e["name"] = names[i]
        ha = estate_area(e) / 10000.0
        dens = rng.uniform(175, 265) if e["is_new"] else rng.uniform(130, 245)
        hh = int(round(ha * dens))
        hh = max(300, min(3000, hh))
        e["households"] = hh
        e["population"] = int(round(hh * rng.uniform(2.6, 3.0)))
        share = rng.uniform(0.12, 0.155) if e["is_new"] else rng.uniform(0.16, 0.25)
        e["elderly"] = int(round(e["population"] * share))
    # a handful without an elderly count (the profile's default share applies)
    for i in sorted(rng.sample(range(len(ests)), 5)):
        ests[i]["elderly"] = None


def plant_invalid(rng, t):
    """Two invalid rings that GEOS MakeValid repairs: a corner twist and a bow-tie."""
    singles = [e for e in t.estates if e["shape"] == "single" and len(e["parts"][0]) == 4
               and e["blocks"][0] not in FORCED_ESTATE and e["cb"] in (2, 5)]
    a = singles[len(singles) // 3]
    (x0, y0), (x1, _), (_, y1), _ = a["parts"][0]
    # corner twist: the NW corner digitised as two points in the wrong order
    a["parts"] = [[(x0, y0), (x1, y0), (x1, y1), (x0, y1 - 20.0), (x0 + 20.0, y1)]]
    a["invalid"] = "corner twist (small bow-tie at the north-west corner)"
    splits = [e for e in t.estates if e["shape"] == "split" and e["cb"] in (1, 6)]
    b = splits[0]
    (x0, y0), (x1, _), (_, y1), _ = b["parts"][0]
    b["parts"] = [[(x0, y0), (x1, y0), (x0, y1), (x1, y1)]]
    b["invalid"] = "bow-tie (ring crosses itself in the middle)"
    b["rep"] = ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    t.invalid_ids = [a["id"], b["id"]]


def print_map(t):
    """ASCII map of blocks for development (north up)."""
    where = {}
    for e in t.estates:
        for b in e["blocks"]:
            where[b] = e
    for r in range(NY - 1, -1, -1):
        row = []
        for c in range(NX):
            u = t.use[(c, r)]
            if u == "river":
                s = " ~~~ "
            elif u == "village":
                s = " vil "
            elif u == "open":
                s = " ... "
            else:
                e = where.get((c, r))
                s = "%s%s" % ("N" if e and e["is_new"] else " ", e["id"][1:] if e else "???")
                s = s + " "
            row.append(s)
        print("%2d %s" % (r, "".join(row)))
    print("   " + "".join("%4d " % c for c in range(NX)))


def name_estate_groups(t):
    for e in t.estates:
        e["community"] = COMMUNITY_NAMES[e["community_idx"]]
        e["street"] = STREETS[e["street_idx"]]
        e["district"] = DISTRICTS[e["district_idx"]][1]


# ---------------------------------------------------------------------------------------
# Facilities: a hand-made plan (block, kind, size) so that the planted findings hold
# ---------------------------------------------------------------------------------------
# (kind, block, building_area, beds, nursing_beds, how) how: 'in' = inside an estate with
# estate_id, 'in-noid' = inside an estate, estate_id left empty (containment rule),
# 'poly' = own site polygon on open land, 'point' = point on open land, 'new-ok' /
# 'new-short' = station built for a new estate, compliant / below 20 m2 per 100 households.
FACILITY_PLAN = [
    # community stations and day-care centres (one per community, some communities none)
    ("station", (2, 3), 320, 10, 0, "in"),
    ("day_care", (1, 7), 420, 20, 6, "in"),
    ("station", (2, 12), 280, 8, 0, "in"),
    ("station", (5, 1), 360, 10, 0, "in-noid"),
    ("station", (5, 7), 300, 10, 0, "in"),
    ("station", (6, 11), 240, 6, 0, "in"),
    ("station", (8, 1), 330, 10, 0, "in"),
    ("day_care", (7, 7), 560, 24, 8, "in"),
    ("station", (8, 12), 310, 10, 0, "in"),
    ("station", (8, 18), 300, 12, 0, "point"),
    ("station", (11, 1), 350, 10, 0, "in"),
    ("station", (11, 6), 380, 12, 0, "in"),          # west bank, opposite the east-bank estates
    ("station", (10, 12), 300, 10, 0, "in"),
    ("station", (11, 18), 260, 8, 0, "in"),
    ("station", (15, 0), 330, 10, 0, "in"),
    ("station", (14, 18), 420, 12, 0, "in"),
    ("station", (18, 2), 300, 10, 0, "in-noid"),
    ("station", (19, 7), 350, 10, 0, "in"),
    ("day_care", (18, 11), 640, 30, 10, "in"),
    ("station", (18, 17), 300, 10, 0, "in"),
    ("station", (21, 6), 200, 6, 0, "in"),
    ("day_care", (21, 12), 480, 20, 6, "in"),
    # stations built with new estates (四同步): some below 20 m2 per 100 households
    ("station", (21, 16), 0, 10, 0, "new-ok"),
    ("station", (22, 17), 0, 8, 0, "new-short"),
    ("station", (23, 18), 0, 10, 0, "new-ok"),
    ("station", (22, 19), 0, 6, 0, "new-short"),
    ("station", (10, 2), 0, 6, 0, "new-short"),
    ("station", (15, 13), 0, 6, 0, "new-short"),
    # street centres (S5 has none; S2 too small; S7 too few nursing beds)
    ("centre", (4, 5), 1800, 40, 30, "in"),            # S1 compliant
    ("centre", (5, 12), 1200, 40, 30, "poly"),         # S2 below 1500 m2
    ("centre", (9, 6), 2200, 60, 45, "in"),            # S3 compliant
    ("centre", (11, 13), 1600, 36, 27, "in"),          # S4 compliant
    ("centre", (20, 4), 2600, 80, 60, "in"),           # S6 compliant
    ("centre", (18, 13), 2000, 50, 25, "poly"),        # S7 nursing share 50%
    ("centre", (22, 13), 1900, 45, 36, "in"),          # S8 compliant
    # institutions
    ("institution", (2, 6), 3600, 120, 80, "poly"),
    ("institution", (8, 9), 12000, 400, 260, "poly"),
    ("institution", (10, 15), 8000, 260, 200, "poly"),
    ("institution", (21, 9), 15000, 500, 300, "poly"),
    # rural mutual-aid homes in the villages
    ("rural_home", (0, 0), 260, 10, 0, "point"),
    ("rural_home", (23, 1), 180, 8, 0, "point"),
]
# land area per facility (m2); None -> polygon area is the land area (field left null)
INSTITUTION_LAND = {(2, 6): 6200.0, (8, 9): 16000.0, (10, 15): None, (21, 9): 22000.0}
INSTITUTION_POLY_AREA = {(2, 6): 6200.0, (8, 9): 16000.0, (10, 15): 11000.0, (21, 9): 22000.0}
CENTRE_LAND = {(5, 12): None, (18, 13): 3200.0}
CENTRE_POLY_AREA = {(5, 12): 2400.0, (18, 13): 3200.0}
KIND_NAME = {"station": "社区养老服务站", "day_care": "日间照料中心", "centre": "综合养老服务中心",
             "institution": "养老院", "rural_home": "农村互助幸福院"}
INSTITUTION_NAMES = ["西夏区福康养老院", "金凤区社会福利院", "阅海颐养中心", "兴庆区颐和养老院"]
VILLAGE_NAMES = {(0, 0): "良渠村", (23, 1): "掌政村"}


def estate_at_block(t, b):
    """The estate covering block b (the largest when split); else the nearest estate of
    the same community."""
    hits = [e for e in t.estates if b in e["blocks"] and "invalid" not in e]
    if hits:
        return max(hits, key=estate_area)
    cx = (t.xs[b[0]] + t.xs[b[0] + 1]) / 2.0
    cy = (t.ys[b[1]] + t.ys[b[1] + 1]) / 2.0
    comm = community_of_block(*b)
    pool = [e for e in t.estates if e["community_idx"] == comm and "invalid" not in e]
    return min(pool, key=lambda e: math.hypot(e["rep"][0] - cx, e["rep"][1] - cy))


def new_estate_near(t, b, taken):
    """A new estate of 700+ households (not in the unserved north-west) near block b that hosts nothing yet."""
    cx = (t.xs[b[0]] + t.xs[b[0] + 1]) / 2.0
    cy = (t.ys[b[1]] + t.ys[b[1] + 1]) / 2.0
    pool = [e for e in t.estates if e["is_new"] and e["id"] not in taken and "invalid" not in e
            and e["households"] >= 700 and e["blocks"][0] not in NW_NEW]
    return min(pool, key=lambda e: math.hypot(e["rep"][0] - cx, e["rep"][1] - cy))


def point_inside_estate(e, rng):
    ring = max(e["parts"], key=lambda p: abs(ring_area(p)))
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    for _ in range(20):
        x = rng.uniform(min(xs) + 15, max(xs) - 15)
        y = rng.uniform(min(ys) + 15, max(ys) - 15)
        if point_in_ring(x, y, ring):
            return (x, y)
    return e["rep"]


def square_in_block(t, b, area, rng):
    x0, y0, x1, y1 = block_rect(t, b[0], b[0], b[1])
    w = min(x1 - x0 - 10, math.sqrt(area) * rng.uniform(1.0, 1.3))
    h = area / w
    if h > y1 - y0 - 10:
        h = y1 - y0 - 10
        w = area / h
    cx = x0 + 5 + w / 2 + rng.uniform(0, max(0.0, x1 - x0 - 10 - w))
    cy = y0 + 5 + h / 2 + rng.uniform(0, max(0.0, y1 - y0 - 10 - h))
    return [(round(cx - w / 2, 2), round(cy - h / 2, 2)), (round(cx + w / 2, 2), round(cy - h / 2, 2)),
            (round(cx + w / 2, 2), round(cy + h / 2, 2)), (round(cx - w / 2, 2), round(cy + h / 2, 2))]


def build_facilities(rng, t):
    facs = []
    hosts = set()
    for i, (kind, b, barea, beds, nbeds, how) in enumerate(FACILITY_PLAN):
        f = {"id": "F%02d" % (i + 1), "kind": kind, "beds": beds, "nursing_beds": nbeds,
             "estate_id": "", "block": b, "how": how}
        comm = COMMUNITY_NAMES[community_of_block(*b)]
        street = STREETS[street_of(colband_of(b[0]), rowband_of(b[1]))]
        if how in ("in", "in-noid", "new-ok", "new-short"):
            if how.startswith("new"):
                e = new_estate_near(t, b, hosts)
            else:
                e = estate_at_block(t, b)
            hosts.add(e["id"])
            f["point"] = point_inside_estate(e, rng)
            f["host"] = e["id"]
            if how != "in-noid":
                f["estate_id"] = e["id"]
            if how == "new-ok":
                barea = max(300, int(math.ceil(e["households"] * 0.2 * rng.uniform(1.05, 1.4) / 10.0)) * 10)
            elif how == "new-short":
                barea = max(100, int(e["households"] * 0.2 * rng.uniform(0.5, 0.8) / 10.0) * 10)
                assert barea < e["households"] * 0.2
            comm = e["community"] if "community" in e else COMMUNITY_NAMES[e["community_idx"]]
            street = STREETS[e["street_idx"]]
            hostname = e["name"]
        else:
            hostname = None
        f["building_area"] = float(barea)
        if how == "poly":
            if kind == "institution":
                area = INSTITUTION_POLY_AREA[b]
                land = INSTITUTION_LAND[b]
            else:
                area = CENTRE_POLY_AREA[b]
                land = CENTRE_LAND[b]
            f["ring"] = square_in_block(t, b, area, rng)
            f["land_area"] = land
            f["point"] = interior_point([f["ring"]])
        elif how == "point":
            x0, y0, x1, y1 = block_rect(t, b[0], b[0], b[1])
            f["point"] = (rng.uniform(x0 + 20, x1 - 20), rng.uniform(y0 + 20, y1 - 20))
        if kind in ("station", "day_care"):
            if how.startswith("new"):
                f["name"] = hostname + KIND_NAME[kind]
                f["land_area"] = 0.0
            else:
                f["name"] = comm[:-2] + KIND_NAME[kind] if kind == "station" else comm + KIND_NAME[kind]
                f["land_area"] = 0.0 if rng.random() < 0.5 else float(int(barea * rng.uniform(0.8, 1.6) / 10) * 10)
        elif kind == "centre":
            f["name"] = street + KIND_NAME[kind]
            if how != "poly":
                f["land_area"] = float(int(barea * rng.uniform(0.9, 1.4) / 10) * 10)
        elif kind == "institution":
            f["name"] = INSTITUTION_NAMES.pop(0)
        elif kind == "rural_home":
            f["name"] = VILLAGE_NAMES[b] + KIND_NAME[kind]
            f["land_area"] = float(int(barea * rng.uniform(2.0, 3.0) / 10) * 10)
        facs.append(f)
    names = [f["name"] for f in facs]
    assert len(set(names)) == len(names), names
    t.facilities = facs


# ---------------------------------------------------------------------------------------
# Walking network (OSM XML, WGS84)
# ---------------------------------------------------------------------------------------
def river_x(t, y):
    """Centre line of 典农河 inside the river column, meandering +-55 m."""
    xc = (t.xs[RIVER_COL] + t.xs[RIVER_COL + 1]) / 2.0
    return xc + 40.0 * math.sin((y - Y0) / 700.0) + 15.0 * math.sin((y - Y0) / 230.0)


def plan_minor_ways(rng, t, park_blocks):
    """Estate driveways (one private), garage ramps (foot=no), park paths: anything that
    adds nodes in the middle of street segments must be planned before the streets."""
    ys = t.ys
    singles = [e for e in t.estates if e["shape"] == "single" and "invalid" not in e
               and len(e["parts"]) == 1 and e["blocks"][0] not in EAST_BANK]
    picks = sorted(rng.sample(singles, 40), key=lambda e: e["id"])
    first = True
    for e in picks:
        c, r = e["blocks"][0]
        ring = e["parts"][0]
        xm = round((min(p[0] for p in ring) + max(p[0] for p in ring)) / 2.0 + rng.uniform(-20, 20), 2)
        ytop = round(e["rep"][1] + rng.uniform(-10, 30), 2)
        if not point_in_ring(xm, ytop, ring) or ("y", r, c) in t.dropped:
            continue
        add_mid(t, ("y", r, c), (xm, ys[r]))
        tags = {"highway": "service", "service": "driveway"}
        if first:
            tags["access"] = "private"
            t.private_estate = e["id"]
            first = False
        t.extra_ways.append((tags, [(xm, ys[r]), (xm, ytop)]))
    # underground garage ramps: no pedestrians
    for b in park_blocks[:2]:
        c, r = b
        xm = round((t.xs[c] + t.xs[c + 1]) / 2.0 + 30.0, 2)
        add_mid(t, ("y", r + 1, c), (xm, ys[r + 1]))
        t.extra_ways.append(({"highway": "service", "service": "parking_aisle", "foot": "no"},
                             [(xm, ys[r + 1]), (xm, ys[r + 1] - 70.0)]))
    # park paths: diagonals between street corners
    for b in park_blocks[2:]:
        c, r = b
        if c == RAIL_XLINE - 1:
            continue        # a diagonal here would cross the railway
        if rng.random() < 0.5:
            pts = [(t.xs[c], ys[r]), (t.xs[c + 1], ys[r + 1])]
        else:
            pts = [(t.xs[c + 1], ys[r]), (t.xs[c], ys[r + 1])]
        t.extra_ways.append(({"highway": "footway"}, pts))


def build_network(t):
    xs, ys = t.xs, t.ys
    ways = []

    def seg_points(key, p, q):
        mids = sorted(set(t.mids.get(key, [])), key=lambda m: (m[0] - p[0]) ** 2 + (m[1] - p[1]) ** 2)
        return [p] + mids + [q]

    def line_ways(n_seg, seg):
        run, run_tags = [], None
        out = []
        for i in range(n_seg):
            pieces = seg(i)
            if pieces[0] is None or isinstance(pieces[0], dict):
                pieces = [pieces]
            for tags, pts in pieces:
                if run and (tags != run_tags or pts is None or run[-1] != pts[0]):
                    out.append((run_tags, run))
                    run = []
                if tags is not None:
                    run = (run[:-1] if run else []) + pts
                    run_tags = tags
        if run:
            out.append((run_tags, run))
        return out

    for c in range(NX + 1):
        def xseg(r, c=c):
            if ("x", c, r) in t.dropped:
                return None, None
            tags = {"highway": xline_class(c, r)}
            if c in XLINE_NAME:
                tags["name"] = XLINE_NAME[c]
            if c == 7 and r == 13:
                tags.update({"bridge": "yes", "layer": "1", "foot": "no"})
            return tags, seg_points(("x", c, r), (xs[c], ys[r]), (xs[c], ys[r + 1]))
        ways.extend(line_ways(NY, xseg))
    for r in range(NY + 1):
        def yseg(c, r=r):
            if ("y", r, c) in t.dropped or (c == RIVER_COL and r not in BRIDGE_LINES):
                return None, None
            tags = {"highway": yline_class(r)}
            if r in YLINE_NAME:
                tags["name"] = YLINE_NAME[r]
            if c == RIVER_COL:
                tags.update({"bridge": "yes", "layer": "1"})
                tags["name"] = tags.get("name", "") + "典农河大桥"
            pts = seg_points(("y", r, c), (xs[c], ys[r]), (xs[c + 1], ys[r]))
            if c == RAIL_XLINE - 1:
                # the railway runs just west of street line RAIL_XLINE: streets end before
                # it, except the one underpass
                xr = xs[RAIL_XLINE] + RAIL_OFFSET
                if r == UNDERPASS_LINE:
                    head = [q for q in pts if q[0] < xr - 30.0] + [(xr - 30.0, ys[r])]
                    tunnel = dict(tags, tunnel="yes", layer="-1")
                    tunnel["name"] = tags.get("name", "") + "下穿通道"
                    return [(tags, head), (tunnel, [(xr - 30.0, ys[r]), (xs[c + 1], ys[r])])]
                return tags, [q for q in pts if q[0] < xr - 16.0] + [(xr - 16.0, ys[r])]
            return tags, pts
        ways.extend(line_ways(NX, yseg))

    # riverside promenades on both banks, joined to the street ends; steps at the bridges
    for xl, off in ((xs[RIVER_COL], 45.0), (xs[RIVER_COL + 1], -45.0)):
        xp = xl + off
        prom = []
        for r in range(NY + 1):
            if r in BRIDGE_LINES:
                below, above = (xp, ys[r] - 25.0), (xp, ys[r] + 25.0)
                prom.extend([below, above])
                ways.append(({"highway": "steps", "incline": "up"}, [below, (xl, ys[r])]))
            else:
                prom.append((xp, ys[r]))
                ways.append(({"highway": "footway"}, [(xl, ys[r]), (xp, ys[r])]))
        ways.append(({"highway": "footway", "name": "典农河滨河步道"}, prom))

    ways.extend(t.extra_ways)

    # expressway north of the town (not walkable), with two interchanges and its own bridge
    ym = ys[NY] + 230.0
    xs_m = [xs[0] - 400.0 + 300.0 * k for k in range(int((xs[NX] - xs[0] + 800.0) / 300.0) + 2)]
    xs_m = sorted(set(xs_m + [xs[7] + 160.0, xs[17] + 160.0]))
    west = [(x, ym) for x in xs_m if x < xs[RIVER_COL] + 20.0]
    east = [(x, ym) for x in xs_m if x > xs[RIVER_COL + 1] - 20.0]
    mw = {"highway": "motorway", "name": "银川绕城高速", "ref": "G2004", "oneway": "no"}
    ways.append((dict(mw), west))
    ways.append((dict(mw, bridge="yes", layer="1"), [west[-1], east[0]]))
    ways.append((dict(mw), east))
    for c in (7, 17):
        ways.append(({"highway": "motorway_link", "foot": "no"}, [(xs[c], ys[NY]), (xs[c] + 160.0, ym)]))

    # the railway (包兰铁路): not walkable; only the underpass crosses it
    rail = []
    y = ys[0] - 350.0
    while y <= ys[NY] + 150.0:
        rail.append((xs[RAIL_XLINE] + RAIL_OFFSET, y))
        y += 200.0
    ways.append(({"railway": "rail", "name": "包兰铁路", "usage": "main", "gauge": "1435"}, rail))

    # the river itself: not walkable; only the bridges cross it
    y = ys[0] - 350.0
    river = []
    while y <= ys[NY] + 450.0:
        river.append((river_x(t, y), y))
        y += 100.0
    ways.append(({"waterway": "river", "name": "典农河"}, river))
    t.ways = ways


# ---------------------------------------------------------------------------------------
# Parcels, candidates, districts
# ---------------------------------------------------------------------------------------
LAND_USES = [("vacant", "空地"), ("convertible", "可改造"), ("public_service", "公共服务")]


def facility_distances(t, e):
    """Straight distances from an estate's representative point to every facility: to the
    point, and for polygons both to the polygon and to its interior point."""
    x, y = e["rep"]
    out = []
    for f in t.facilities:
        d_pt = math.hypot(x - f["point"][0], y - f["point"][1])
        if "ring" in f:
            ring = f["ring"]
            if point_in_ring(x, y, ring):
                d_poly = 0.0
            else:
                d_poly = min(seg_point_dist(x, y, *ring[i], *ring[(i + 1) % len(ring)]) for i in range(len(ring)))
            out.append((f, min(d_pt, d_poly), max(d_pt, d_poly)))
        else:
            out.append((f, d_pt, d_pt))
    return out


BAND = (870.0, 930.0)   # no estate's nearest-facility distance falls in here: robust findings


def keep_clear_of_threshold(rng, t):
    """Move point facilities until no estate lies within 30 m of the 900 m threshold, so
    that point-on-surface or projection details cannot flip an estate's coverage."""
    hosts = {e["id"]: e for e in t.estates}
    for _ in range(300):
        bad = None
        for e in t.estates:
            if "invalid" in e:
                continue
            ds = facility_distances(t, e)
            lo = min(d[1] for d in ds)
            hi = min(d[2] for d in ds)
            if BAND[0] <= lo <= BAND[1] or BAND[0] <= hi <= BAND[1]:
                movable = [d[0] for d in ds if "ring" not in d[0] and
                           (BAND[0] <= d[1] <= BAND[1] or d[1] < BAND[0])]
                bad = (e, movable)
                break
        if bad is None:
            return
        e, movable = bad
        if not movable:
            raise RuntimeError("cannot clear %s of the 900 m threshold" % e["id"])
        f = min(movable, key=lambda f: math.hypot(e["rep"][0] - f["point"][0], e["rep"][1] - f["point"][1]))
        if "host" in f:
            f["point"] = point_inside_estate(hosts[f["host"]], rng)
        else:
            b = f["block"]
            x0, y0, x1, y1 = block_rect(t, b[0], b[0], b[1])
            f["point"] = (rng.uniform(x0 + 20, x1 - 20), rng.uniform(y0 + 20, y1 - 20))
    raise RuntimeError("keep_clear_of_threshold did not converge")


def build_parcels(rng, t):
    fac_blocks = {f["block"] for f in t.facilities if f["how"] in ("poly", "point")}
    open_blocks = [b for b in sorted(t.use, key=lambda b: (b[1], b[0]))
                   if t.use[b] == "open" and b not in fac_blocks]
    rng.shuffle(open_blocks)
    parcel_blocks = sorted(open_blocks[:40], key=lambda b: (b[1], b[0]))
    parks = sorted(open_blocks[40:], key=lambda b: (b[1], b[0]))
    parcels = []
    for i, b in enumerate(parcel_blocks):
        x0, y0, x1, y1 = block_rect(t, b[0], b[0], b[1])
        w = (x1 - x0) * rng.uniform(0.3, 0.85)
        h = (y1 - y0) * rng.uniform(0.3, 0.85)
        px = x0 + rng.uniform(0, x1 - x0 - w)
        py = y0 + rng.uniform(0, y1 - y0 - h)
        ring = [(round(px, 2), round(py, 2)), (round(px + w, 2), round(py, 2)),
                (round(px + w, 2), round(py + h, 2)), (round(px, 2), round(py + h, 2))]
        use = LAND_USES[rng.choices(range(3), weights=(4, 4, 2))[0]]
        parcels.append({"id": "P%02d" % (i + 1), "land_use": use[0], "land_use_cn": use[1],
                        "ring": ring, "area": abs(ring_area(ring)), "block": b})
    t.parcels = parcels
    t.parks = parks


def build_candidates(rng, t):
    cands = []
    # on parcels and open land
    for p in t.parcels:
        cx = sum(q[0] for q in p["ring"]) / 4.0
        cy = sum(q[1] for q in p["ring"]) / 4.0
        cands.append({"pt": (cx, cy), "name": "%s地块" % p["id"],
                      "land_area": min(2000.0, float(int(p["area"] * 0.25 / 10) * 10)), "src": "parcel"})
    for b in t.parks:
        if rng.random() < 0.7:
            continue
        x0, y0, x1, y1 = block_rect(t, b[0], b[0], b[1])
        cands.append({"pt": (rng.uniform(x0 + 20, x1 - 20), rng.uniform(y0 + 20, y1 - 20)),
                      "name": "公园配套用房", "land_area": float(rng.randrange(300, 1200, 50)), "src": "park"})
    # ground-floor premises in estates (more where provision is missing)
    pool = [e for e in t.estates if "invalid" not in e]
    for e in sorted(rng.sample(pool, 30), key=lambda e: e["id"]):
        cands.append({"pt": point_inside_estate(e, rng), "name": e["name"] + "底商",
                      "land_area": float(rng.randrange(200, 800, 20)), "src": "estate"})
    cands.sort(key=lambda c: (-round(c["pt"][1]), round(c["pt"][0])))
    for i, c in enumerate(cands):
        c["id"] = "C%03d" % (i + 1)
        # a station of A m2 serves A / 20 * 100 households; sites larger than 800 m2 are
        # not assumed to hold a bigger station
        c["capacity_households"] = (None if rng.random() < 0.3 else
                                    int(min(c["land_area"], 800.0) * 5.0 * rng.uniform(0.8, 1.0) / 10) * 10)
        if c["src"] == "park":
            c["name"] = "%s%s" % (c["id"], c["name"])
    t.candidates = cands


def build_districts(rng, t):
    xs, ys = t.xs, t.ys
    south = {c: ys[0] - 260.0 - rng.randint(0, 120) for c in range(0, NX + 1, 1)}
    north = {c: ys[NY] + 300.0 + rng.randint(0, 120) for c in range(0, NX + 1, 1)}
    west_x = xs[0] - 300.0
    east_x = xs[NX] + 300.0
    out = []
    for i, (c0, c1) in enumerate(DISTRICT_XLINES):
        xa = west_x if c0 == 0 else xs[c0]
        xb = east_x if c1 == NX else xs[c1]
        ring = []
        # south edge west->east at every street line
        for c in range(c0, c1 + 1):
            x = xa if c == c0 else (xb if c == c1 else xs[c])
            ring.append((x, south[c]))
        for c in range(c1, c0 - 1, -1):
            x = xa if c == c0 else (xb if c == c1 else xs[c])
            ring.append((x, north[c]))
        pop = sum(e["population"] for e in t.estates if e["district_idx"] == i)
        out.append({"id": DISTRICTS[i][0], "name": DISTRICTS[i][1], "ring": ring,
                    "population": None if i == 1 else int(round(pop * 1.06, -2))})
    t.districts = out


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------
CRS_4544 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4544"}}


def closed(ring, nd=2):
    r = [[rnd(x, nd), rnd(y, nd)] for x, y in ring]
    return r + [r[0]]


def ll_ring(ring):
    out = []
    for x, y in ring:
        lon, lat = inverse(x, y)
        out.append((lon, lat))
    return closed(out, 7)


def write_geojson(path, name, features, crs=None):
    lines = ['{"type":"FeatureCollection","name":%s,' % json.dumps(name)]
    if crs:
        lines.append('"crs":%s,' % json.dumps(crs, sort_keys=True, separators=(",", ":")))
    lines.append('"features":[')
    body = [json.dumps(f, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for f in features]
    lines.append(",\n".join(body))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


def feature(geom, props):
    return {"type": "Feature", "properties": props, "geometry": geom}


def write_estates(t, path):
    feats = []
    for e in t.estates:
        if len(e["parts"]) == 1:
            geom = {"type": "Polygon", "coordinates": [closed(e["parts"][0])]}
        else:
            geom = {"type": "MultiPolygon", "coordinates": [[closed(p)] for p in e["parts"]]}
        feats.append(feature(geom, {
            "id": e["id"], "name": e["name"], "households": e["households"],
            "population": e["population"], "elderly": e["elderly"], "community": e["community"],
            "street": e["street"], "district": e["district"], "is_new": e["is_new"]}))
    write_geojson(path, "estates", feats, CRS_4544)


def write_facilities(t, path):
    feats = []
    for f in t.facilities:
        if "ring" in f:
            geom = {"type": "Polygon", "coordinates": [ll_ring(f["ring"])]}
        else:
            lon, lat = inverse(*f["point"])
            geom = {"type": "Point", "coordinates": [rnd(lon, 7), rnd(lat, 7)]}
        feats.append(feature(geom, {
            "id": f["id"], "name": f["name"], "kind": f["kind"], "building_area": f["building_area"],
            "land_area": f["land_area"], "beds": f["beds"], "nursing_beds": f["nursing_beds"],
            "estate_id": f["estate_id"]}))
    write_geojson(path, "facilities", feats)


def write_districts(t, path):
    feats = []
    for d in t.districts:
        props = {"id": d["id"], "name": d["name"], "population": d["population"]}
        feats.append(feature({"type": "Polygon", "coordinates": [closed(d["ring"])]}, props))
    write_geojson(path, "districts", feats, CRS_4544)


def write_candidates(t, path):
    feats = []
    for c in t.candidates:
        feats.append(feature({"type": "Point", "coordinates": [rnd(c["pt"][0]), rnd(c["pt"][1])]}, {
            "id": c["id"], "name": c["name"], "land_area": c["land_area"],
            "capacity_households": c["capacity_households"]}))
    write_geojson(path, "candidates", feats, CRS_4544)


def write_parcels(t, path):
    feats = []
    for p in t.parcels:
        feats.append(feature({"type": "Polygon", "coordinates": [closed(p["ring"])]}, {
            "id": p["id"], "land_use": p["land_use"], "land_use_cn": p["land_use_cn"],
            "area": rnd(p["area"], 1)}))
    write_geojson(path, "parcels", feats, CRS_4544)


OSM_TIMESTAMP = "2026-11-01T00:00:00Z"


def write_osm(t, path):
    node_id = {}
    coords = []
    way_refs = []
    for tags, pts in t.ways:
        refs = []
        for x, y in pts:
            key = (round(x, 2), round(y, 2))
            if key not in node_id:
                node_id[key] = len(coords) + 1
                coords.append(key)
            if not refs or refs[-1] != node_id[key]:
                refs.append(node_id[key])
        way_refs.append((tags, refs))
    lls = [inverse(x, y) for x, y in coords]
    minlon = min(p[0] for p in lls)
    maxlon = max(p[0] for p in lls)
    minlat = min(p[1] for p in lls)
    maxlat = max(p[1] for p in lls)

    def esc(s):
        return (s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<osm version="0.6" generator="lifecircle scripts/gen_demo.py">',
           '  <bounds minlat="%.7f" minlon="%.7f" maxlat="%.7f" maxlon="%.7f"/>' % (minlat, minlon, maxlat, maxlon)]
    for i, (lon, lat) in enumerate(lls, start=1):
        out.append('  <node id="%d" version="1" timestamp="%s" lat="%.7f" lon="%.7f"/>'
                   % (i, OSM_TIMESTAMP, lat, lon))
    for i, (tags, refs) in enumerate(way_refs, start=1):
        out.append('  <way id="%d" version="1" timestamp="%s">' % (i, OSM_TIMESTAMP))
        for r in refs:
            out.append('    <nd ref="%d"/>' % r)
        for k in sorted(tags):
            out.append('    <tag k="%s" v="%s"/>' % (esc(k), esc(tags[k])))
        out.append("  </way>")
    out.append("</osm>")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(out) + "\n")
    t.osm_counts = (len(coords), len(way_refs))


def update_listing(out):
    """Rewrite the sha256 column of datasets/README.md for the files just written."""
    import hashlib
    import re
    listing = os.path.join(os.path.dirname(os.path.abspath(out)), "README.md")
    if not os.path.exists(listing):
        return
    with open(listing, encoding="utf-8") as fh:
        text = fh.read()
    for fn in sorted(os.listdir(out)):
        if fn == "README.md":
            continue
        with open(os.path.join(out, fn), "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        text = re.sub(r"(`demo/%s`[^\n]*?`)[0-9a-f]{64}(`)" % re.escape(fn),
                      lambda m: m.group(1) + digest + m.group(2), text)
    with open(listing, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def generate():
    rng = random.Random(SEED)
    t = Town()
    build_grid(rng, t)
    build_blocks(rng, t)
    build_estates(rng, t)
    assign_estate_attributes(rng, t)
    name_estate_groups(t)
    plant_invalid(rng, t)
    build_facilities(rng, t)
    keep_clear_of_threshold(rng, t)
    build_parcels(rng, t)
    build_candidates(rng, t)
    build_districts(rng, t)
    plan_minor_ways(rng, t, t.parks)
    build_network(t)
    return t


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(os.path.dirname(here), "datasets", "demo")
    if "--out" in argv:
        out = argv[argv.index("--out") + 1]
    t = generate()
    if "--map" in argv:
        print_map(t)
        return 0
    os.makedirs(out, exist_ok=True)
    write_estates(t, os.path.join(out, "estates.geojson"))
    write_facilities(t, os.path.join(out, "facilities.geojson"))
    write_districts(t, os.path.join(out, "districts.geojson"))
    write_candidates(t, os.path.join(out, "candidates.geojson"))
    write_parcels(t, os.path.join(out, "parcels.geojson"))
    write_osm(t, os.path.join(out, "network.osm"))
    update_listing(out)
    print("gen_demo: %d estates (%d new; invalid %s), %d facilities, %d candidates, %d parcels, "
          "%d districts, network %d nodes / %d ways -> %s"
          % (len(t.estates), sum(e["is_new"] for e in t.estates), ",".join(t.invalid_ids),
             len(t.facilities), len(t.candidates), len(t.parcels), len(t.districts),
             t.osm_counts[0], t.osm_counts[1], out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
