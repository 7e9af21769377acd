#!/usr/bin/env python3
"""The lifecircle QGIS plugin without qgis_process: parameters -> command line,
layer export, progress parsing, the runner (progress, errors, cancel) and the
styled loading of an output folder.

Run: QT_QPA_PLATFORM=offscreen python3 tests/qgis/test_plugin.py
(LIFECIRCLE_BIN=build/src/lifecircle also loads a real plan's output.)
"""

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(ROOT, "datasets", "demo")
sys.path.insert(0, os.path.join(ROOT, "qgis"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

QgsApplication.setPrefixPath("/usr", True)
APP = QgsApplication([], False)
APP.initQgis()

from lifecircle import commands, loader, runner  # noqa: E402
from lifecircle.algorithms import ALGORITHMS  # noqa: E402
from lifecircle.provider import LifecircleProvider  # noqa: E402

PROVIDER = LifecircleProvider()
QgsApplication.processingRegistry().addProvider(PROVIDER)


def algorithm(name):
    alg = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:" + name)
    assert alg is not None, name
    return alg


def argv_of(name, parameters, binary="lifecircle"):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return algorithm(name).command_line(parameters, context, QgsProcessingFeedback(), binary)


def demo(name):
    return os.path.join(DEMO, name)


class Feedback:
    """Collects what the runner reports; cancels on request."""

    def __init__(self, cancel_after=None):
        self.info, self.console, self.progress = [], [], []
        self.cancel_after = cancel_after
        self.start = time.monotonic()

    def isCanceled(self):
        return self.cancel_after is not None and time.monotonic() - self.start > self.cancel_after

    def pushInfo(self, text):
        self.info.append(text)

    def pushConsoleInfo(self, text):
        self.console.append(text)

    def setProgress(self, percent):
        self.progress.append(percent)


class Registry(unittest.TestCase):
    def test_one_algorithm_per_command(self):
        ids = sorted(a.id() for a in PROVIDER.algorithms())
        self.assertEqual(ids, ["lifecircle:audit", "lifecircle:check-estate", "lifecircle:coverage",
                               "lifecircle:optimize", "lifecircle:plan", "lifecircle:plan-osm"])
        self.assertEqual(len(ALGORITHMS), 6)

    def test_field_parameters_follow_their_layer(self):
        plan = algorithm("plan")
        p = plan.parameterDefinition("ESTATES_HOUSEHOLDS")
        self.assertEqual(p.parentLayerParameterName(), "ESTATES")
        self.assertEqual(plan.parameterDefinition("CANDIDATES_CAPACITY_HOUSEHOLDS").parentLayerParameterName(), "CANDIDATES")
        # every role of field_roles.cpp for plan's five layers: 9 + 8 + 3 + 4 + 2
        fields = [d.name() for d in plan.parameterDefinitions() if d.type() == "field"]
        self.assertEqual(len(fields), 26)
        # coverage reads no districts or candidates
        self.assertIsNone(algorithm("coverage").parameterDefinition("DISTRICTS"))
        self.assertIsNone(algorithm("coverage").parameterDefinition("MODEL"))

    def test_enums(self):
        plan = algorithm("plan")
        self.assertEqual(plan.parameterDefinition("PROFILE").options(),
                         ["national", "yinchuan", "xian", "wuzhong", "baotou", "jinzhong"])
        self.assertEqual(plan.parameterDefinition("MODEL").options(), ["auto", "mclp", "lscp", "pmedian", "pcenter"])
        self.assertEqual(plan.parameterDefinition("MODE").options(), ["auto", "circle", "network"])
        # the profiles are those of datasets/profiles
        on_disk = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "datasets", "profiles")) if f.endswith(".toml"))
        self.assertEqual(sorted(commands.PROFILES), on_disk)


class CommandLines(unittest.TestCase):
    maxDiff = None

    def test_plan_defaults(self):
        # Only what is given: the CLI's defaults for the rest (national, auto mode, lscp, geojson).
        # (The dialog always fills PROFILE with its default, national, the CLI's default too.)
        argv = argv_of("plan", {"ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
                                "OUTPUT": "/tmp/out"})
        self.assertEqual(argv, ["lifecircle", "plan",
                                "--estates", demo("estates.geojson"),
                                "--facilities", demo("facilities.geojson"),
                                "--out", "/tmp/out"])

    def test_plan_from_osm(self):
        # plan-osm runs `lifecircle plan --from-osm` (docs/open-data.md); the OSM layers need no Processing layer.
        osm = os.path.join(ROOT, "tests", "data", "osm", "open_city.osm")
        argv = argv_of("plan-osm", {"FROM_OSM": osm, "POPULATION_FROM_BUILDINGS": True, "OUTPUT": "/tmp/out"})
        self.assertEqual(argv, ["lifecircle", "plan", "--from-osm", osm, "--population-from-buildings", "--out", "/tmp/out"])

    def test_plan_everything(self):
        argv = argv_of("plan", {
            "ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
            "DISTRICTS": demo("districts.geojson"), "CANDIDATES": demo("candidates.geojson"),
            "NETWORK": demo("network.osm"),
            "ESTATES_HOUSEHOLDS": "households", "ESTATES_NAME": "name", "FACILITIES_KIND": "kind",
            "PROFILE": "xian", "YEAR": 2025, "MODE": "network", "RADIUS": 1000, "MODEL": "mclp", "P": 5,
            "LANG": "en", "FORMAT": "gpkg", "EXTRA_ARGS": "--set land.per_capita_max_m2=0.2 --seed 3",
            "OUTPUT": "/tmp/plan out",
        }, binary="/opt/lc")
        self.assertEqual(argv, ["/opt/lc", "plan",
                                "--estates", demo("estates.geojson"),
                                "--facilities", demo("facilities.geojson"),
                                "--districts", demo("districts.geojson"),
                                "--candidates", demo("candidates.geojson"),
                                "--field", "estates.households=households",
                                "--field", "estates.name=name",
                                "--field", "facilities.kind=kind",
                                "--network", demo("network.osm"),
                                "--profile", "xian", "--year", "2025", "--mode", "network", "--radius", "1000",
                                "--model", "mclp", "--p", "5", "--lang", "en", "--format", "gpkg",
                                "--out", "/tmp/plan out",
                                "--set", "land.per_capita_max_m2=0.2", "--seed", "3"])

    def test_temporary_output_folder(self):
        argv = argv_of("audit", {"ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
                                 "OUTPUT": "TEMPORARY_OUTPUT"})
        out = argv[argv.index("--out") + 1]
        self.assertTrue(os.path.isabs(out) and "TEMPORARY_OUTPUT" not in out, out)

    def test_check_estate(self):
        argv = argv_of("check-estate", {"ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
                                        "ESTATE": "E001, E002；E010", "NEW": False, "PROFILE": "yinchuan",
                                        "MODE": "circle", "OUTPUT": "/tmp/ce"})
        self.assertEqual(argv, ["lifecircle", "check-estate",
                                "--estates", demo("estates.geojson"), "--facilities", demo("facilities.geojson"),
                                "--profile", "yinchuan", "--mode", "circle",
                                "--estate", "E001", "--estate", "E002", "--estate", "E010",
                                "--report", "/tmp/ce/check_estate.html", "--json"])

    def test_coverage_without_estates(self):
        grid = self._memory_layer("Polygon", 2)
        QgsProject.instance().addMapLayer(grid)
        argv = argv_of("coverage", {"FACILITIES": demo("facilities.geojson"), "POPULATION": grid.id(),
                                    "POPULATION_POPULATION": "pop", "OUTPUT": "/tmp/cov", "FORMAT": "shp"})
        self.assertEqual(argv[:4], ["lifecircle", "coverage", "--facilities", demo("facilities.geojson")])
        self.assertEqual(argv[4], "--population")
        self.assertEqual(argv[6:], ["--field", "population.population=pop",
                                    "--format", "shp", "--out", "/tmp/cov"])
        QgsProject.instance().removeMapLayer(grid.id())

    def _memory_layer(self, kind, count):
        layer = QgsVectorLayer("%s?crs=EPSG:4544&field=id:string&field=pop:integer" % kind, "grid", "memory")
        features = []
        for i in range(count):
            f = QgsFeature(layer.fields())
            f.setAttributes(["G%d" % i, 100 * (i + 1)])
            from qgis.core import QgsGeometry
            x = 500000 + 100 * i
            f.setGeometry(QgsGeometry.fromWkt("POLYGON((%d 4260000,%d 4260000,%d 4260100,%d 4260100,%d 4260000))"
                                              % (x, x + 100, x + 100, x, x)))
            features.append(f)
        layer.dataProvider().addFeatures(features)
        return layer

    def test_memory_layer_is_exported(self):
        grid = self._memory_layer("Polygon", 3)
        QgsProject.instance().addMapLayer(grid)
        argv = argv_of("audit", {"ESTATES": grid.id(), "FACILITIES": demo("facilities.geojson"), "OUTPUT": "/tmp/a"})
        path = argv[argv.index("--estates") + 1].split(":")[0]
        self.assertTrue(path.endswith(".gpkg") and os.path.exists(path), path)
        exported = QgsVectorLayer(path, "x", "ogr")
        self.assertEqual(exported.featureCount(), 3)
        self.assertEqual(exported.crs().authid(), "EPSG:4544")
        self.assertEqual([f.name() for f in exported.fields()][-2:], ["id", "pop"])
        QgsProject.instance().removeMapLayer(grid.id())

    def test_filtered_layer_is_exported(self):
        # 287 demo estates, 110 of them in 金凤区: reading the file as it is would give all 287.
        estates = QgsVectorLayer(demo("estates.geojson"), "estates", "ogr")
        self.assertEqual(estates.featureCount(), 287)
        estates.setSubsetString("\"district\" = '金凤区'")
        expected = estates.featureCount()
        self.assertEqual(expected, 110)
        QgsProject.instance().addMapLayer(estates)
        argv = argv_of("audit", {"ESTATES": estates.id(), "FACILITIES": demo("facilities.geojson"), "OUTPUT": "/tmp/a"})
        path = argv[argv.index("--estates") + 1].split(":")[0]
        self.assertNotEqual(path, demo("estates.geojson"))
        self.assertEqual(QgsVectorLayer(path, "x", "ogr").featureCount(), expected)
        QgsProject.instance().removeMapLayer(estates.id())

    def test_geopackage_layer_keeps_its_name(self):
        tmp = tempfile.mkdtemp()
        try:
            gpkg = os.path.join(tmp, "city.gpkg")
            subprocess.run(["ogr2ogr", "-f", "GPKG", gpkg, demo("facilities.geojson"), "-nln", "设施"], check=True)
            subprocess.run(["ogr2ogr", "-update", gpkg, demo("estates.geojson"), "-nln", "小区"], check=True)
            argv = argv_of("audit", {"ESTATES": gpkg + "|layername=小区", "FACILITIES": gpkg + "|layername=设施",
                                     "OUTPUT": "/tmp/a"})
            self.assertEqual(argv[2:6], ["--estates", gpkg + ":小区", "--facilities", gpkg + ":设施"])
        finally:
            shutil.rmtree(tmp)


class Progress(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(commands.parse_progress("[  0.53 s] coverage  network mode, threshold 900 m (0.40 s)\n"),
                         (0.53, "coverage", "network mode, threshold 900 m (0.40 s)"))
        self.assertEqual(commands.parse_progress("[123.40 s] re-audit  coverage 82.5% -> 97.3%"),
                         (123.4, "re-audit", "coverage 82.5% -> 97.3%"))
        self.assertIsNone(commands.parse_progress("lifecircle: warning: 2 geometries repaired"))

    def test_percent(self):
        # plan has 7 stages (inputs, load, coverage, audit, optimise, re-audit, write): k/8 after stage k
        self.assertEqual(commands.stage_percent("plan", "load"), 25.0)
        self.assertEqual(commands.stage_percent("plan", "write"), 87.5)
        self.assertEqual(commands.stage_percent("audit", "coverage"), 40.0)
        self.assertIsNone(commands.stage_percent("audit", "optimise"))

    def test_error_message(self):
        lines = ["[  0.10 s] load      ...\n", "lifecircle: error: --p -1: must be whole >= 0\n"]
        self.assertEqual(commands.error_message(lines, 2), "lifecircle: error: --p -1: must be whole >= 0")
        self.assertEqual(commands.error_message(["boom\n"], -9), "boom\nlifecircle was killed by signal 9")


class Runner(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def fake(self, body):
        path = os.path.join(self.tmp, "fake-lifecircle")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
        return path

    def test_progress_and_output(self):
        fake = self.fake('echo "[  0.10 s] load      3 estates" >&2\n'
                         'echo "[  0.20 s] coverage  circle mode" >&2\n'
                         'echo "覆盖率 82.5%"\n')
        fb = Feedback()
        rc, out, err, cancelled = runner.run([fake], "coverage", fb)
        self.assertEqual((rc, out, cancelled), (0, "覆盖率 82.5%\n", False))
        self.assertEqual(fb.info, ["load: 3 estates", "coverage: circle mode"])
        self.assertEqual(fb.progress, [25.0, 50.0])  # coverage's stages: load, coverage, write; k/4 after stage k
        self.assertEqual(fb.console, ["覆盖率 82.5%"])

    def test_failure(self):
        fake = self.fake('echo "lifecircle: error: estates.shp: file not found" >&2\nexit 2\n')
        rc, _out, err, _c = runner.run([fake], "plan", Feedback())
        self.assertEqual(rc, 2)
        self.assertEqual(commands.error_message(err, rc), "lifecircle: error: estates.shp: file not found")

    def test_cancel_stops_the_process(self):
        marker = os.path.join(self.tmp, "finished")
        fake = self.fake('echo "[  0.00 s] load      x" >&2\nsleep 30\ntouch %s\n' % marker)
        started = time.monotonic()
        rc, _out, _err, cancelled = runner.run([fake], "plan", Feedback(cancel_after=0.3))
        self.assertTrue(cancelled)
        self.assertLess(time.monotonic() - started, 10)
        self.assertNotEqual(rc, 0)
        self.assertFalse(os.path.exists(marker))

    def test_find_binary(self):
        old = os.environ.pop("LIFECIRCLE_BIN", None)
        try:
            self.assertEqual(runner.find_binary("/opt/set/lifecircle"), "/opt/set/lifecircle")
            os.environ["LIFECIRCLE_BIN"] = "/opt/env/lifecircle"
            self.assertEqual(runner.find_binary("/opt/set/lifecircle"), "/opt/env/lifecircle")
        finally:
            if old is None:
                os.environ.pop("LIFECIRCLE_BIN", None)
            else:
                os.environ["LIFECIRCLE_BIN"] = old


class Loading(unittest.TestCase):
    def test_rank(self):
        names = ["proposed_sites", "estates", "districts", "facilities", "service_areas", "population", "plan_sites"]
        self.assertEqual(sorted(names, key=lambda n: (loader.rank(n), n)),
                         ["districts", "estates", "population", "service_areas", "facilities", "plan_sites",
                          "proposed_sites"])

    @unittest.skipUnless(os.environ.get("LIFECIRCLE_BIN"), "LIFECIRCLE_BIN not set")
    def test_plan_output_loads_styled_in_order(self):
        tmp = tempfile.mkdtemp()
        try:
            out = os.path.join(tmp, "demo-run")
            subprocess.run([os.environ["LIFECIRCLE_BIN"], "plan", "--quiet", "--out", out], check=True,
                           stdout=subprocess.DEVNULL)
            project = QgsProject()
            layers = loader.load_results(out, project, "lifecircle plan: demo-run", use_project_file=False)
            group = project.layerTreeRoot().findGroup("lifecircle plan: demo-run")
            self.assertIsNotNone(group)
            order = [n.layer().name() for n in group.findLayers()]  # top first
            self.assertEqual([l.name() for l in layers], order)
            self.assertEqual(sorted(order), sorted(f.split(".")[0] for f in loader.layer_files(out)))
            base = ["proposed_sites", "facilities", "service_areas", "estates", "districts"]
            self.assertEqual([n for n in order if n in base], base)
            ranks = [loader.rank(n) for n in order]
            self.assertEqual(ranks, sorted(ranks, reverse=True))  # e.g. estates_after among the estates
            for layer in layers:
                # the .qml replaced QGIS's random single symbol, e.g. estates by pass/fail
                with open(os.path.join(out, layer.name() + ".qml"), encoding="utf-8") as f:
                    qml = f.read()
                self.assertIn('type="%s"' % layer.renderer().type(), qml, layer.name())
            self.assertEqual(project.crs().authid(), "EPSG:4544")  # the working CRS, not GeoJSON's 4326
        finally:
            shutil.rmtree(tmp)

    def test_project_file_tree_is_copied(self):
        # A folder with a lifecircle.qgs (the CLI writes one): its groups, order and visibility are kept.
        tmp = tempfile.mkdtemp()
        try:
            for name in ("districts", "estates", "facilities"):
                shutil.copy(demo(name + ".geojson"), tmp)
            source = QgsProject()
            root = source.layerTreeRoot()
            before, after = root.addGroup("before"), root.addGroup("after")
            for group, names in ((before, ["facilities", "estates"]), (after, ["districts"])):
                for name in names:
                    layer = QgsVectorLayer(os.path.join(tmp, name + ".geojson"), name, "ogr")
                    source.addMapLayer(layer, False)
                    group.addLayer(layer)
            after.setItemVisibilityChecked(False)
            from qgis.core import QgsCoordinateReferenceSystem
            source.setCrs(QgsCoordinateReferenceSystem("EPSG:4544"))
            self.assertTrue(source.write(os.path.join(tmp, "lifecircle.qgs")))
            project = QgsProject()
            layers = loader.load_results(tmp, project, "run")
            group = project.layerTreeRoot().findGroup("run")
            self.assertEqual([c.name() for c in group.children()], ["before", "after"])
            self.assertEqual([l.name() for l in layers], ["facilities", "estates", "districts"])
            self.assertFalse(group.findGroup("after").itemVisibilityChecked())
            self.assertEqual(project.crs().authid(), "EPSG:4544")
            self.assertTrue(all(l.isValid() for l in layers))
        finally:
            shutil.rmtree(tmp)


class Missing(unittest.TestCase):
    def run_audit(self):
        errors = []

        class Collect(QgsProcessingFeedback):
            def reportError(self, error, fatal=False):
                errors.append(error)

        feedback = Collect()
        _results, ok = algorithm("audit").run(
            {"ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
             "OUTPUT": os.path.join(tempfile.gettempdir(), "lc-never-written")}, QgsProcessingContext(), feedback)
        return ok, errors

    def test_no_cli_is_a_clear_error(self):
        saved = dict(os.environ)
        try:
            os.environ.pop("LIFECIRCLE_BIN", None)
            os.environ["PATH"] = "/nonexistent"
            from qgis.core import QgsProcessingException
            with self.assertRaisesRegex(QgsProcessingException, "lifecircle not found.*LIFECIRCLE_BIN"):
                algorithm("audit").binary()
            os.environ["LIFECIRCLE_BIN"] = "/nonexistent/lifecircle"
            ok, errors = self.run_audit()  # run() reports the exception and returns ok = False
            self.assertFalse(ok)
            self.assertTrue(any("cannot run /nonexistent/lifecircle: No such file" in e for e in errors), errors)
        finally:
            os.environ.clear()
            os.environ.update(saved)


@unittest.skipUnless(os.environ.get("LIFECIRCLE_BIN"), "LIFECIRCLE_BIN not set")
class Run(unittest.TestCase):
    def test_plan_runs_and_loads_into_the_project(self):
        # The whole algorithm (process + post-process) as the Processing dialog runs it;
        # with an interface (faked here) the results go into the project, in a group named after the run.
        import qgis.utils

        tmp = tempfile.mkdtemp()
        saved = qgis.utils.iface
        qgis.utils.iface = object()
        try:
            out = os.path.join(tmp, "plan-run")
            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            feedback = QgsProcessingFeedback()
            results, ok = algorithm("plan").run({
                "ESTATES": demo("estates.geojson"), "FACILITIES": demo("facilities.geojson"),
                "DISTRICTS": demo("districts.geojson"), "CANDIDATES": demo("candidates.geojson"),
                "PROFILE": "yinchuan", "MODE": "circle", "MODEL": "mclp", "P": 2, "OUTPUT": out,
            }, context, feedback)
            self.assertTrue(ok)
            self.assertEqual(results["SITES"], 2)  # mclp, p = 2 (circle mode: 90.9% -> 99.8%)
            self.assertLessEqual(results["COVERAGE_BEFORE"], results["COVERAGE_AFTER"])
            group = QgsProject.instance().layerTreeRoot().findGroup("lifecircle plan: plan-run")
            self.assertIsNotNone(group)
            # from the folder's lifecircle.qgs when the CLI writes one (its own names and groups),
            # else from the files: every layer of the folder, districts at the bottom, sites above estates
            files = [os.path.basename(n.layer().source()).split(".")[0] for n in group.findLayers()]
            self.assertEqual(sorted(files), sorted(f.split(".")[0] for f in loader.layer_files(out)))
            self.assertEqual(files[-1], "districts")
            self.assertLess(files.index("proposed_sites"), files.index("estates"))
            self.assertLess(files.index("facilities"), files.index("estates"))
            self.assertTrue(all(n.layer().isValid() for n in group.findLayers()))
        finally:
            qgis.utils.iface = saved
            QgsProject.instance().clear()
            shutil.rmtree(tmp)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    QgsApplication.processingRegistry().removeProvider(PROVIDER)
    APP.exitQgis()
    sys.exit(0 if result.wasSuccessful() else 1)
