#!/usr/bin/python3
"""The output folders open right in a real QGIS (issue 15, "Layers that open right").

Runs lifecircle on the embedded demo city (GeoJSON, GeoPackage, Shapefile; plan,
audit and coverage) and reads the results with PyQGIS, as an analyst's QGIS would:
the project lifecircle.qgs (layers valid, order, groups, working CRS), the styles
QGIS applies on loading a layer by itself (.qml beside it; a GeoPackage's
layer_styles once the file is copied away), estates as MultiPolygon only, a
shapefile's cut field names with their full names as aliases, and the figures of
the "after" layers against summary.json.

Usage: test_outputs_open_right.py LIFECIRCLE WORKDIR. Exit 77 (skipped) without PyQGIS.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import unittest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import QgsApplication, QgsProject, QgsRenderContext, QgsVectorLayer, QgsWkbTypes
except ImportError:
    print("skipped: PyQGIS is not installed (apt-get install python3-qgis qgis)")
    sys.exit(77)

CLI = WORK = None
APP = None


def run(folder, *args):
    out = os.path.join(WORK, folder)
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([CLI, *args, "--quiet", "--out", out], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise AssertionError(f"lifecircle {' '.join(args)} failed: {r.stderr}")
    return out


def tree(project):
    """[(kind, name or layer id, visible, [children])] of the layer tree."""
    def walk(node):
        rows = []
        for c in node.children():
            if c.nodeType() == 0:  # group
                rows.append(("group", c.name(), c.itemVisibilityChecked(), walk(c)))
            else:
                rows.append(("layer", c.layerId(), c.itemVisibilityChecked(), []))
        return rows
    return walk(project.layerTreeRoot())


def read_project(folder):
    project = QgsProject.instance()
    project.clear()
    assert project.read(os.path.join(folder, "lifecircle.qgs")), project.error()
    return project


class PlanGeoJson(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = run("plan_geojson", "plan")
        with open(os.path.join(cls.out, "summary.json"), encoding="utf-8") as f:
            cls.summary = json.load(f)

    def test_project_layers_order_groups_and_crs(self):
        p = read_project(self.out)
        self.assertEqual(p.crs().authid(), self.summary["working_crs"])  # EPSG:4544, the Gauss-Kruger zone
        for layer in p.mapLayers().values():
            self.assertTrue(layer.isValid(), layer.source())
        # Sites and facilities over the city, the plan's state shown, the state
        # before it one click away, the districts at the bottom; the walking
        # groups' service areas (three per facility) one tick away.
        self.assertEqual(tree(p), [
            ("layer", "lifecircle_facilities", True, []),
            ("group", "规划后", True, [("layer", "lifecircle_proposed_sites", True, []),
                                     ("layer", "lifecircle_service_areas_after", True, []),
                                     ("layer", "lifecircle_service_areas_groups_after", False, []),
                                     ("layer", "lifecircle_estates_after", True, [])]),
            ("group", "现状", False, [("layer", "lifecircle_service_areas", True, []),
                                    ("layer", "lifecircle_service_areas_groups", False, []),
                                    ("layer", "lifecircle_estates", True, [])]),
            ("layer", "lifecircle_districts", True, []),
        ])
        estates = p.mapLayer("lifecircle_estates")
        self.assertEqual(estates.renderer().type(), "RuleRenderer")
        self.assertTrue(estates.labelsEnabled())
        self.assertEqual(estates.labeling().settings().fieldName, "name")  # Chinese names as labels
        self.assertAlmostEqual(p.mapLayer("lifecircle_service_areas").opacity(), 0.35)

    def test_estates_are_multipolygons_only(self):
        path = os.path.join(self.out, "estates.geojson")
        layer = QgsVectorLayer(path, "estates", "ogr")
        self.assertEqual(len(layer.dataProvider().subLayers()), 1)  # no "Select Items to Add"
        self.assertEqual(layer.wkbType(), QgsWkbTypes.MultiPolygon)
        self.assertTrue(all(f.geometry().isMultipart() for f in layer.getFeatures()))
        self.assertEqual(layer.featureCount(), 287)  # the demo's estates (datasets/demo/README.md)

    def test_after_layers_hold_the_summary_figures(self):
        # One truth: the covered elderly of estates / estates_after add up to
        # summary.json's before / after elderly_covered.
        for name, key in (("estates", "before"), ("estates_after", "after")):
            layer = QgsVectorLayer(os.path.join(self.out, name + ".geojson"), name, "ogr")
            total = sum(f["covered_elderly"] for f in layer.getFeatures())
            self.assertAlmostEqual(total, self.summary[key]["elderly_covered"], delta=0.01)
        areas = QgsVectorLayer(os.path.join(self.out, "service_areas_after.geojson"), "a", "ogr")
        before = QgsVectorLayer(os.path.join(self.out, "service_areas.geojson"), "b", "ogr")
        self.assertEqual(areas.featureCount(), before.featureCount() + len(self.summary["proposed_sites"]))

    def test_every_layer_has_a_style_applied_on_load(self):
        # Without its .qml a layer opens as a single symbol in a random colour, opaque,
        # without labels: each expectation below fails for an unstyled layer.
        expected = {"estates": ("RuleRenderer", 1.0, True), "estates_after": ("RuleRenderer", 1.0, True),
                    "districts": ("categorizedSymbol", 1.0, True), "facilities": ("categorizedSymbol", 1.0, True),
                    "service_areas": ("singleSymbol", 0.35, False), "service_areas_after": ("singleSymbol", 0.35, False),
                    "proposed_sites": ("singleSymbol", 1.0, True)}
        for name, (renderer, opacity, labels) in expected.items():
            layer = QgsVectorLayer(os.path.join(self.out, name + ".geojson"), name, "ogr")
            self.assertEqual((layer.renderer().type(), round(layer.opacity(), 2), layer.labelsEnabled()),
                             (renderer, opacity, labels), name)

    def test_accessibility_is_a_second_style_of_the_estates(self):
        # Layer Properties > Style: the estates open coloured by compliance and
        # coverage; "可达性" switches them to access_g2sfca classes, the same
        # bounds before and after the plan, each class as many estates as the
        # others among those with a positive value (quintiles of estates.geojson).
        p = read_project(self.out)
        bounds = {}
        for lid in ("lifecircle_estates", "lifecircle_estates_after"):
            layer = p.mapLayer(lid)
            manager = layer.styleManager()
            self.assertEqual(sorted(manager.styles()), ["可达性（m²/老人）", "达标与覆盖"])
            self.assertEqual(manager.currentStyle(), "达标与覆盖")
            self.assertTrue(manager.setCurrentStyle("可达性（m²/老人）"))
            renderer = layer.renderer()
            self.assertEqual((renderer.type(), renderer.classAttribute()), ("graduatedSymbol", "access_g2sfca"))
            bounds[lid] = [(r.lowerValue(), r.upperValue()) for r in renderer.ranges()]
        self.assertEqual(bounds["lifecircle_estates"], bounds["lifecircle_estates_after"])
        values = sorted(f["access_g2sfca"] for f in QgsVectorLayer(os.path.join(self.out, "estates.geojson"), "e", "ogr")
                        .getFeatures() if f["access_g2sfca"] > 0)
        ranges = bounds["lifecircle_estates"]
        self.assertEqual(ranges[0], (0.0, 0.0))  # no facility within the threshold
        self.assertEqual(len(ranges), 6)
        for k, (lower, upper) in enumerate(ranges[1:], start=1):
            inside = [v for v in values if lower < v <= upper + 1e-6]
            self.assertAlmostEqual(len(inside), len(values) / 5, delta=1, msg=(k, lower, upper))

    def test_csv_copies_for_spreadsheets(self):
        with open(os.path.join(self.out, "estates.csv"), "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))  # UTF-8 BOM: Excel reads the Chinese names
        self.assertEqual(data.decode("utf-8-sig").count("\n"), 287 + 1)
        self.assertTrue(os.path.exists(os.path.join(self.out, "districts.csv")))


class PlanGeoPackage(unittest.TestCase):
    def test_style_travels_with_the_file(self):
        out = run("plan_gpkg", "plan", "--format", "gpkg")
        alone = os.path.join(WORK, "gpkg_alone")
        shutil.rmtree(alone, ignore_errors=True)
        os.makedirs(alone)
        for name, renderer in (("estates", "RuleRenderer"), ("facilities", "categorizedSymbol"),
                               ("districts", "categorizedSymbol")):
            shutil.copy(os.path.join(out, name + ".gpkg"), alone)  # no .qml beside it any more
            layer = QgsVectorLayer(os.path.join(alone, name + ".gpkg") + "|layername=" + name, name, "ogr")
            self.assertTrue(layer.isValid())
            self.assertEqual(layer.renderer().type(), renderer, name)
        p = read_project(out)
        self.assertEqual(len(p.mapLayers()), 9)  # with the walking groups' service areas, before and after
        self.assertTrue(all(layer.isValid() for layer in p.mapLayers().values()))


class CoverageShapefile(unittest.TestCase):
    def test_cut_names_have_aliases_and_the_style_uses_them(self):
        out = run("coverage_shp", "coverage", "--demo", "--format", "shp")
        layer = QgsVectorLayer(os.path.join(out, "estates.shp"), "estates", "ogr")
        idx = layer.fields().indexOf("covered_sh")  # covered_share, cut to 10 characters by dBASE
        self.assertGreaterEqual(idx, 0)
        self.assertEqual(layer.attributeAlias(idx), "covered_share")
        renderer = layer.renderer()
        self.assertEqual(renderer.type(), "graduatedSymbol")
        self.assertEqual(renderer.classAttribute(), "covered_sh")
        ctx = QgsRenderContext()
        renderer.startRender(ctx, layer.fields())
        missing = [f.id() for f in layer.getFeatures() if renderer.symbolForFeature(f, ctx) is None]
        renderer.stopRender(ctx)
        self.assertEqual(missing, [])  # every estate falls in a class: 0, partly, 1
        with open(os.path.join(out, "fields.csv"), encoding="utf-8-sig") as f:
            self.assertIn("estates,covered_sh,covered_share\n", f.read())
        p = read_project(out)
        self.assertEqual(tree(p), [
            ("group", "现状", True, [("layer", "lifecircle_service_areas", True, []),
                                   ("layer", "lifecircle_estates", True, [])]),
        ])


class AuditProject(unittest.TestCase):
    def test_audit_layers_are_styled_in_a_project(self):
        out = run("audit_geojson", "audit", "--demo", "--lang", "en")
        p = read_project(out)
        self.assertEqual(tree(p), [
            ("group", "Before", True, [("layer", "lifecircle_service_areas", True, []),
                                      ("layer", "lifecircle_service_areas_groups", False, []),
                                      ("layer", "lifecircle_estates", True, [])]),
            ("layer", "lifecircle_districts", True, []),
        ])
        self.assertEqual(p.mapLayer("lifecircle_estates").name(), "Estates")


class OpenDataCredits(unittest.TestCase):
    """--from-osm: every layer's metadata credits OpenStreetMap and the raster (issue 18)."""

    def test_layers_carry_the_credits_in_their_metadata(self):
        from osgeo import gdal, osr  # Debian's python3-gdal, a dependency of python3-qgis
        raster = os.path.join(WORK, "open_city_elderly.tif")
        ds = gdal.GetDriverByName("GTiff").Create(raster, 4, 3, 1, gdal.GDT_Float32)
        ds.SetGeoTransform((114.250, 0.001, 0, 30.580, 0, -0.001))  # tests/data/osm/README.md
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        ds.SetProjection(srs.ExportToWkt())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(-9999)
        band.WriteRaster(0, 0, 4, 3, struct.pack("12f", 10, 20, 0, -9999, 40, 8, -5, 6, 0, 0, 0, 12))
        ds = None
        osm = os.path.join(os.path.dirname(__file__), "..", "data", "osm", "open_city.osm")
        out = run("open_data", "plan", "--from-osm", osm, "--elderly-raster", raster)
        p = read_project(out)
        self.assertTrue(p.mapLayers())
        for layer in p.mapLayers().values():
            self.assertTrue(layer.isValid(), layer.source())
            rights = layer.metadata().rights()
            self.assertIn("© OpenStreetMap contributors (ODbL 1.0)", rights, layer.name())
            self.assertTrue(any("WorldPop" in r for r in rights), rights)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    CLI, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(WORK, exist_ok=True)
    APP = QgsApplication([], False)
    APP.initQgis()
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    QgsProject.instance().clear()
    sys.exit(0 if result.wasSuccessful() else 1)
