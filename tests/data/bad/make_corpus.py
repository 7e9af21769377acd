#!/usr/bin/env python3
"""Regenerates the bad-input corpus of tests/data/bad (run from anywhere).

The base town is the ten-estate town of tests/app/town_fixture.hpp (EPSG:4544,
coordinates relative to (500000, 3400000)); every case folder breaks one thing.
GeoJSON is written here directly; shapefiles and reprojected layers come from
ogr2ogr (Debian gdal-bin). Truncated files are real truncated bytes of a good
file. The expected status and messages of every case are in cases.tsv; the
files are committed, so the tests do not run this script.
"""
import json
import os
import shutil
import sqlite3
import struct
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
X0, Y0 = 500000.0, 3400000.0
CRS4544 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4544"}}


def rect(x0, y0, x1, y1):
    a, b, c, d = X0 + x0, Y0 + y0, X0 + x1, Y0 + y1
    return {"type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]]}


def point(x, y):
    return {"type": "Point", "coordinates": [X0 + x, Y0 + y]}


EST_FIELDS = ["id", "name", "households", "population", "elderly", "community", "street", "district", "is_new"]
ESTATES = [
    ("E01", "东风小区", (200, 200, 800, 800), 1500, 4000, 800, "东风社区", "北街街道", "西城区", 0),
    ("E02", "朝阳苑", (1000, 200, 1400, 800), 1320, 3500, 700, "东风社区", "北街街道", "西城区", 0),
    ("E03", "春晖园", (1600, 200, 2200, 800), 900, 2500, 500, "东风社区", "北街街道", "西城区", 0),
    ("E04", "锦绣花园", (200, 1200, 800, 1800), 1000, 3000, 600, "朝阳社区", "北街街道", "西城区", 0),
    ("E05", "阳光小区", (800, 1200, 1400, 1800), 1250, 3000, 400, "朝阳社区", "北街街道", "西城区", 0),
    ("E06", "学府公园", (1700, 1300, 2100, 1700), 0, 0, 0, "朝阳社区", "北街街道", "西城区", 0),
    ("E07", "湖畔新城", (4100, 200, 4500, 800), 2000, 5000, 1000, "新华社区", "东湖街道", "东城区", 1),
    ("E08", "新华苑", (5000, 200, 5600, 800), 1320, 3000, 600, "新华社区", "东湖街道", "东城区", 1),
    ("E09", "翠湖苑", (5000, 1400, 5600, 2000), 800, 2000, 400, "新华社区", "东湖街道", "东城区", 0),
    ("E10", "金桂园", (6000, 200, 6400, 800), 600, 1500, 300, "新华社区", "东湖街道", "东城区", 0),
]


def estates():
    feats = []
    for (eid, name, r, hh, pop, eld, com, st, dist, new) in ESTATES:
        props = dict(zip(EST_FIELDS, [eid, name, hh, pop, eld, com, st, dist, new]))
        feats.append({"type": "Feature", "properties": props, "geometry": rect(*r)})
    return feats


def facilities():
    def f(geom, fid, name, kind, area, land, beds, nursing, estate):
        return {"type": "Feature", "geometry": geom,
                "properties": {"id": fid, "name": name, "kind": kind, "building_area": area, "land_area": land,
                               "beds": beds, "nursing_beds": nursing, "estate_id": estate}}
    return [
        f(point(500, 500), "S01", "东风养老服务站", "station", 400.0, None, None, None, None),
        f(point(1900, 700), "S02", "朝阳养老服务站", "station", 300.0, None, None, None, "E02"),
        f(rect(790, 1480, 830, 1520), "P03", "阳光驿站", "station", 250.0, None, None, None, None),
        f(point(1200, 1000), "CA", "北街综合养老服务中心", "centre", 1600.0, 2000.0, 40, 30, None),
        f(point(3700, 500), "CB", "东湖综合养老服务中心", "centre", 1500.0, 2400.0, 30, 20, "E07"),
        f(point(1900, 2100), "I01", "西城区养老院", "institution", 3000.0, 4000.0, 50, 40, None),
    ]


def districts():
    return [
        {"type": "Feature", "properties": {"id": "D1", "name": "西城区", "population": 40000}, "geometry": rect(0, 0, 4000, 3000)},
        {"type": "Feature", "properties": {"id": "D2", "name": "东城区", "population": None}, "geometry": rect(4000, 0, 7000, 3000)},
    ]


def geojson(path, name, feats, crs=CRS4544):
    fc = {"type": "FeatureCollection", "name": name}
    if crs is not None:
        fc["crs"] = crs
    fc["features"] = feats
    text = json.dumps(fc, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')  # one feature per line
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def by_id(feats, fid):
    for f in feats:
        if f["properties"]["id"] == fid:
            return f
    raise KeyError(fid)


def ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *map(str, args)], check=True)


def write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main():
    for p in HERE.iterdir():
        if p.is_dir():
            shutil.rmtree(p)

    base = HERE / "base"
    geojson(base / "estates.geojson", "estates", estates())
    geojson(base / "facilities.geojson", "facilities", facilities())
    geojson(base / "districts.geojson", "districts", districts())

    def case(name):
        d = HERE / name
        d.mkdir(parents=True, exist_ok=True)
        return d

    # --- CRS ------------------------------------------------------------------
    d = case("shp_no_prj")  # a shapefile without .prj: no CRS
    ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", d / "estates.shp", base / "estates.geojson")
    (d / "estates.prj").unlink()

    d = case("mixed_crs")  # facilities in WGS84, districts in CGCS2000 geographic: must work
    ogr2ogr("-f", "GeoJSON", "-t_srs", "EPSG:4326", d / "facilities.geojson", base / "facilities.geojson")
    ogr2ogr("-f", "GeoJSON", "-t_srs", "EPSG:4490", "-nln", "districts", d / "districts.geojson", base / "districts.geojson")

    d = case("lat_200")  # a WGS84 GeoJSON (no crs member) with latitude 200
    fac = json.loads((HERE / "mixed_crs" / "facilities.geojson").read_text(encoding="utf-8"))["features"]
    by_id(fac, "CA")["geometry"] = {"type": "Point", "coordinates": [105.0, 200.0]}
    geojson(d / "facilities.geojson", "facilities", fac, crs=None)

    # --- encoding ---------------------------------------------------------------
    d = case("gbk_no_cpg")  # attributes in GBK (CP936), no .cpg
    ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", d / "estates.shp", base / "estates.geojson")
    (d / "estates.cpg").unlink()

    # --- truncated files ----------------------------------------------------------
    d = case("truncated_geojson")
    data = (base / "estates.geojson").read_bytes()
    (d / "estates.geojson").write_bytes(data[: len(data) * 2 // 3])

    d = case("truncated_shp")  # .shp cut in the middle of the 7th record
    ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", d / "estates.shp", base / "estates.geojson")
    shp = (d / "estates.shp").read_bytes()
    # 100-byte header, then records of 8 + 128 bytes (a 5-point polygon).
    (d / "estates.shp").write_bytes(shp[: 100 + 6 * 136 + 60])

    d = case("shp_no_dbf")
    ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", d / "estates.shp", base / "estates.geojson")
    (d / "estates.dbf").unlink()
    (d / "estates.cpg").unlink()

    # --- geometries ---------------------------------------------------------------
    def variant(name, layer, edit, crs=CRS4544):
        feats = {"estates": estates, "facilities": facilities, "districts": districts}[layer]()
        edit(feats)
        geojson(case(name) / f"{layer}.geojson", layer, feats, crs)

    bow = lambda x0, y0, x1, y1: {"type": "Polygon", "coordinates": [[
        [X0 + x0, Y0 + y0], [X0 + x1, Y0 + y1], [X0 + x1, Y0 + y0], [X0 + x0, Y0 + y1], [X0 + x0, Y0 + y0]]]}
    variant("facility_bow_tie", "facilities", lambda f: by_id(f, "P03").update(geometry=bow(790, 1480, 830, 1520)))
    variant("district_bow_tie", "districts", lambda f: by_id(f, "D2").update(geometry=bow(4000, 0, 7000, 3000)))
    variant("empty_geometry", "estates",
            lambda f: by_id(f, "E03").update(geometry={"type": "Polygon", "coordinates": []}))
    flat = {"type": "Polygon", "coordinates": [[[X0 + 1600, Y0 + 200], [X0 + 2200, Y0 + 200], [X0 + 1900, Y0 + 200],
                                                [X0 + 1600, Y0 + 200]]]}
    variant("zero_area_estate", "estates", lambda f: by_id(f, "E03").update(geometry=flat))
    line = lambda x0, y0, x1, y1: {"type": "LineString", "coordinates": [[X0 + x0, Y0 + y0], [X0 + x1, Y0 + y1]]}

    def lines(f):
        f[0]["geometry"] = line(0, 0, 4000, 3000)
        f[1]["geometry"] = line(4000, 0, 7000, 3000)
    variant("districts_as_lines", "districts", lines)
    variant("unclosed_ring", "estates", lambda f: by_id(f, "E05").update(geometry={
        "type": "Polygon", "coordinates": [[[X0 + 800, Y0 + 1200], [X0 + 1400, Y0 + 1200], [X0 + 1400, Y0 + 1800]]]}))

    # --- attribute values ---------------------------------------------------------
    def setp(layer_feats, fid, **kv):
        by_id(layer_feats, fid)["properties"].update(kv)

    variant("null_kind", "facilities", lambda f: setp(f, "S02", kind=None))
    variant("negative_beds", "facilities", lambda f: setp(f, "CA", beds=-40))
    variant("text_building_area", "facilities", lambda f: setp(f, "S01", building_area="四百"))
    variant("huge_households", "estates", lambda f: setp(f, "E07", households=2000000000))
    variant("huge_district_population", "districts", lambda f: setp(f, "D1", population=1e12))
    variant("negative_population", "estates", lambda f: setp(f, "E04", population=-3000))
    variant("nursing_above_beds", "facilities", lambda f: setp(f, "CB", nursing_beds=300))
    variant("is_new_flag_2", "estates", lambda f: setp(f, "E08", is_new=2))
    variant("text_district_population", "districts", lambda f: setp(f, "D1", population="四万"))

    def drop(field):
        def edit(f):
            for x in f:
                x["properties"].pop(field)
        return edit
    variant("missing_kind_field", "facilities", drop("kind"))
    variant("missing_elderly_and_population", "estates", lambda f: (drop("elderly")(f), drop("population")(f)))

    variant("duplicate_facility_id", "facilities", lambda f: setp(f, "CB", id="CA"))
    variant("duplicate_district_id", "districts", lambda f: setp(f, "D2", id="D1"))
    variant("empty_facilities", "facilities", lambda f: f.clear())
    variant("empty_districts", "districts", lambda f: f.clear())
    variant("facility_without_id", "facilities", lambda f: setp(f, "S02", id=None))

    # --- a network with no walkable way, around the town (EPSG:4544 -> ~105E 30.7N) --
    d = case("network_no_walkable")
    write_text(d / "network.osm", """<?xml version="1.0" encoding="UTF-8"?>
<!-- Only a motorway, a foot=no footway and a private service road around the town: nothing walkable. -->
<osm version="0.6" generator="hand">
  <node id="1" lat="30.7180" lon="105.0020" version="1"/>
  <node id="2" lat="30.7180" lon="105.0300" version="1"/>
  <node id="3" lat="30.7350" lon="105.0300" version="1"/>
  <node id="4" lat="30.7350" lon="105.0600" version="1"/>
  <way id="1" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="motorway"/></way>
  <way id="2" version="1"><nd ref="2"/><nd ref="3"/><tag k="highway" v="footway"/><tag k="foot" v="no"/></way>
  <way id="3" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="service"/><tag k="access" v="private"/></way>
</osm>
""")

    # --- profiles -------------------------------------------------------------------
    d = case("profiles")
    write_text(d / "syntax.toml", """name = "syntax"
inherits = "national"

[estate.area_per_100_households_m2]
value = 25
source = "line 5 is fine, line 7 is not"
note = "unterminated
""")
    write_text(d / "share.toml", """name = "share"
inherits = "national"

[walking.speed_mps]
value = 1.0
source = "test"

[facility.centre.min_nursing_share]
value = 70
source = "a share written as a percentage (70 for 0.7)"
""")
    write_text(d / "group_shares.toml", """name = "group_shares"
inherits = "national"

# Shares written as percentages of a census table that do not add up to 1.
[[walking.groups]]
id = "healthy"
name_zh = "健康"
name_en = "healthy"
speed_mps = 1.0
share = 0.5464
source = "test"

[[walking.groups]]
id = "frail"
name_zh = "体弱"
name_en = "frail"
speed_mps = 0.6
share = 0.3261
source = "test: the other two classes forgotten"
""")
    write_text(d / "unknown_key.toml", """name = "unknown_key"
inherits = "national"

[estate.area_per_100_household_m2]
value = 20
source = "typo in the key"
""")
    # Found by fuzz_profile: a parent name longer than the system's file names.
    write_text(d / "long_inherits.toml", 'name = "long_inherits"\ninherits = "' + "n" * 300 + '"\n')
    write_text(d / "cycle.toml", """name = "cycle"
inherits = "cycle"
""")
    write_text(d / "binary.toml", "name = \"bin\"\n\x01\x02\x7f = 3\n")

    # --- OR-Library and cost matrices -------------------------------------------------
    d = case("orlib")
    write_text(d / "short.txt", "4 5 2\n1 2 10\n2 3 10\n3 4 10\n")
    write_text(d / "text_cost.txt", "4 3 2\n1 2 10\n2 3 ten\n3 4 10\n")
    write_text(d / "vertex_range.txt", "4 3 2\n1 2 10\n2 5 10\n3 4 10\n")
    write_text(d / "header.txt", "4 3\n1 2 10\n2 3 10\n3 4 10\n")
    write_text(d / "huge_n.txt", "4294967296 1 1\n1 2 10\n")
    d = case("cost_matrix")
    write_text(d / "demand.csv", "id,weight\nA,10\nB,20\nC,30\n")
    write_text(d / "text_cost.csv", "candidate_id,demand_id,cost\nX,A,100\nX,B,abc\nY,C,300\n")
    write_text(d / "negative_cost.csv", "candidate_id,demand_id,cost\nX,A,100\nX,B,200\nY,C,-5\n")
    write_text(d / "no_cost_column.csv", "candidate_id,demand_id,distance\nX,A,100\n")
    write_text(d / "ragged.csv", "candidate_id,demand_id,cost\nX,A,100\nX,B\n")
    write_text(d / "unknown_demand.csv", "candidate_id,demand_id,cost\nX,A,100\nX,Z,200\n")
    write_text(d / "demand_dup.csv", "id,weight\nA,10\nB,20\nA,30\n")
    # a repeated (empty) header name: rows must still have every header field (heap overflow found by fuzzing)
    write_text(d / "demand_repeated_header.csv", "id,,,weight\nA,,,1\nB,,2\n")
    write_text(d / "good_costs.csv", "candidate_id,demand_id,cost\nX,A,100\nX,B,200\nY,C,300\nY,A,400\n")

    trust_cases(base, variant, setp, case)


def osm_grid(ids_sign, extra_nodes="", extra_ways="", generator="hand"):
    """A footway grid over the town (lon 105.0-105.07, lat 30.72-30.75): 3 east-west
    and 4 north-south ways through 12 nodes; ids_sign -1 writes JOSM-style new
    objects (negative ids, action="modify", no version)."""
    lats = [30.7225, 30.7290, 30.7350]
    lons = [105.005, 105.020, 105.045, 105.060]
    attrs = ' action="modify" visible="true"' if ids_sign < 0 else ' version="1"'
    nid = lambda i, j: ids_sign * (1 + i * 4 + j)
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>', f'<osm version="0.6" generator="{generator}">']
    for i, lat in enumerate(lats):
        for j, lon in enumerate(lons):
            lines.append(f'  <node id="{nid(i, j)}"{attrs} lat="{lat}" lon="{lon}"/>')
    lines.append(extra_nodes) if extra_nodes else None
    way = 0
    for i in range(3):
        way += 1
        refs = "".join(f'<nd ref="{nid(i, j)}"/>' for j in range(4))
        lines.append(f'  <way id="{ids_sign * way}"{attrs}>{refs}<tag k="highway" v="footway"/></way>')
    for j in range(4):
        way += 1
        refs = "".join(f'<nd ref="{nid(i, j)}"/>' for i in range(3))
        lines.append(f'  <way id="{ids_sign * way}"{attrs}>{refs}<tag k="highway" v="residential"/></way>')
    lines.append(extra_ways) if extra_ways else None
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def raster_grid(path, rows, nodata=None):
    """A GeoTIFF (Float64, EPSG:4544) of 1000 m cells from the town's north-west
    corner (500000, 3403000), rows north to south, through an ENVI raw file
    (so that NaN and 1e300 reach the cells as they are)."""
    raw = path.with_suffix(".img")
    raw.write_bytes(b"".join(struct.pack("<d", float(v)) for r in rows for v in r))
    write_text(raw.with_suffix(".hdr"), f"ENVI\nsamples = {len(rows[0])}\nlines = {len(rows)}\nbands = 1\n"
               "header offset = 0\nfile type = ENVI Standard\ndata type = 5\ninterleave = bsq\nbyte order = 0\n")
    nd = ["-a_nodata", str(nodata)] if nodata is not None else []
    subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:4544", "-a_ullr", "500000", "3403000",
                    str(500000 + 1000 * len(rows[0])), str(3403000 - 1000 * len(rows)), *nd, raw, path], check=True)
    for extra in (raw, raw.with_suffix(".hdr"), *path.parent.glob("*.aux.xml")):
        extra.unlink()


def trust_cases(base, variant, setp, case):
    """Issue 12: bad input that used to pass silently, a valid input that was
    refused and messages that named the wrong thing."""
    # NaN / infinite attribute values (GeoJSON NaN and Infinity literals, which GDAL reads)
    variant("district_population_nan", "districts", lambda f: setp(f, "D1", population=float(float("nan"))))
    variant("estate_population_inf", "estates", lambda f: setp(f, "E04", population=float("inf")))
    # a facility as a MultiPoint of 3 points (an error) and of 1 point (a point)
    mp = lambda *pts: {"type": "MultiPoint", "coordinates": [[X0 + x, Y0 + y] for (x, y) in pts]}
    variant("facility_multipoint", "facilities",
            lambda f: by_id(f, "CA").update(geometry=mp((1200, 1000), (1300, 1000), (1400, 1000))))
    variant("facility_multipoint_one", "facilities", lambda f: by_id(f, "CA").update(geometry=mp((1200, 1000))))
    # ids of blanks are no ids; ids are trimmed
    variant("facility_blank_id", "facilities", lambda f: setp(f, "S02", id="   "))
    variant("facility_padded_id", "facilities", lambda f: setp(f, "CB", id=" CB "))
    # coordinates: NaN and 1e300
    variant("nan_coordinates", "estates", lambda f: by_id(f, "E05")["geometry"]["coordinates"][0].__setitem__(
        1, [float(float("nan")), Y0 + 1200]))
    variant("huge_coordinates", "estates", lambda f: by_id(f, "E05")["geometry"]["coordinates"][0].__setitem__(
        1, [1e300, Y0 + 1200]))
    # GeoPackage layers without a CRS: srs_id 0 (undefined geographic) and -1 (undefined Cartesian)
    d = case("gpkg_no_crs")
    for srs_id in (0, -1):
        gpkg = d / f"estates_srs{srs_id}.gpkg"
        ogr2ogr("-f", "GPKG", "-a_srs", "None", "-nln", "estates", gpkg, base / "estates.geojson")
        if srs_id != 0:
            con = sqlite3.connect(gpkg)
            con.execute("UPDATE gpkg_contents SET srs_id = ?", (srs_id,))
            con.execute("UPDATE gpkg_geometry_columns SET srs_id = ?", (srs_id,))
            con.commit()
            con.close()
    # population rasters: a cell of 1e300, a NaN cell, a negative cell, and nodata honoured
    d = case("raster")
    raster_grid(d / "huge_cell.tif", [[1000] * 7, [1000, 1000, 1e300, 1000, 1000, 1000, 1000], [1000] * 7])
    raster_grid(d / "nan_cell.tif", [[1000] * 7, [1000] * 7, [1000, float("nan"), 1000, 1000, 1000, 1000, 1000]])
    raster_grid(d / "negative_cell.tif", [[1000] * 7, [1000] * 7, [1000, 1000, 1000, 1000, -5, 1000, 1000]])
    raster_grid(d / "nodata.tif", [[1000] * 7, [-9999] * 7, [1000] * 7], nodata=-9999)
    # OSM networks: a node at latitude 95, duplicate node and way ids, JOSM negative ids
    d = case("osm")
    write_text(d / "grid.osm", osm_grid(1))
    write_text(d / "josm_negative_ids.osm", osm_grid(-1, generator="JOSM"))
    write_text(d / "lat_95.osm", osm_grid(1, extra_nodes='  <node id="99" version="1" lat="95.0" lon="105.01"/>'))
    write_text(d / "duplicate_node.osm", osm_grid(1, extra_nodes='  <node id="6" version="1" lat="30.7" lon="105.01"/>'))
    write_text(d / "duplicate_way.osm", osm_grid(1, extra_ways='  <way id="3" version="1"><nd ref="1"/><nd ref="2"/>'
                                                              '<tag k="highway" v="footway"/></way>'))
    # text inputs with a UTF-8 byte-order mark (Excel, Notepad)
    d = case("bom")
    bom = "\ufeff"
    write_text(d / "orlib.txt", bom + "4 3 2\n1 2 10\n2 3 10\n3 4 10\n")
    write_text(d / "costs.csv", bom + "candidate_id,demand_id,cost\nX,A,100\nX,B,200\nX,C,300\nY,A,400\nY,B,100\n"
               "Y,C,100\n")
    write_text(d / "demand.csv", bom + "id,weight\nA,10\nB,20\nC,30\n")


if __name__ == "__main__":
    main()
