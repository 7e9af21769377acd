"""One Processing algorithm per lifecircle command, sharing their parameters.

LifecircleAlgorithm builds the parameters from the command's description in
commands.py (input layers, their field-role parameters, the options, the output
folder); each subclass only names its command.
"""

import json
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from . import commands, runner

LAYER_TITLES = {
    "estates": "Residential estates (小区)",
    "facilities": "Elderly-service facilities (养老服务设施)",
    "districts": "Districts (行政区)",
    "candidates": "Candidate sites (备选用地)",
    "population": "Population polygons or points (人口)",
}
LAYER_TYPES = {
    "estates": [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
    "facilities": [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
    "districts": [QgsProcessing.TypeVectorPolygon],
    "candidates": [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
    "population": [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
}
# Formats the CLI reads without conversion (a layer in another format, a memory
# layer, a filtered layer or one with only selected features is exported to a
# temporary GeoPackage).
READABLE = ["gpkg", "geojson", "json", "shp", "csv", "sqlite", "kml", "gml", "fgb", "tab", "mif"]


def layer_param(layer):
    return layer.upper()


def field_param(layer, role):
    return "%s_%s" % (layer.upper(), role.upper())


class LifecircleAlgorithm(QgsProcessingAlgorithm):
    COMMAND = None  # set by each subclass
    FROM_OSM = "FROM_OSM"
    ELDERLY_RASTER = "ELDERLY_RASTER"
    POPULATION_RASTER = "POPULATION_RASTER"
    FROM_BUILDINGS = "POPULATION_FROM_BUILDINGS"
    NETWORK = "NETWORK"
    PROFILE = "PROFILE"
    YEAR = "YEAR"
    MODE = "MODE"
    RADIUS = "RADIUS"
    MODEL = "MODEL"
    P = "P"
    TARGET = "TARGET"
    ESTATE = "ESTATE"
    NEW = "NEW"
    LANG = "LANG"
    FORMAT = "FORMAT"
    EXTRA = "EXTRA_ARGS"
    LOAD = "LOAD_RESULTS"
    OUTPUT = "OUTPUT"

    def __init__(self):
        super().__init__()
        self._out_dir = None
        self._load = False

    # --- identity -------------------------------------------------------------
    def command(self):
        return commands.COMMANDS[self.COMMAND]

    def name(self):
        return self.COMMAND

    def displayName(self):
        return self.command().title

    def group(self):
        return ""

    def groupId(self):
        return ""

    def shortHelpString(self):
        return (
            "Runs <code>lifecircle %s</code> (the lifecircle command-line tool) on the layers and loads "
            "its styled results into the project. Field parameters map the CLI's field roles "
            "(<code>--field LAYER.ROLE=NAME</code>) where the layers' fields have other names; "
            "see docs/cli/%s.md and docs/qgis.md." % (self.COMMAND, self.COMMAND)
        )

    def createInstance(self):
        return type(self)()

    # --- parameters -----------------------------------------------------------
    def initAlgorithm(self, config=None):
        cmd = self.command()
        if "from-osm" in cmd.options:
            self.addParameter(
                QgsProcessingParameterFile(
                    self.FROM_OSM,
                    "OpenStreetMap file (.osm.pbf / .osm): estates, facilities, districts and walking network",
                    fileFilter="OpenStreetMap (*.osm *.pbf *.osm.pbf);;All files (*)",
                )
            )
            self.addParameter(QgsProcessingParameterRasterLayer(
                self.ELDERLY_RASTER, "Residents aged 60+ per cell (e.g. WorldPop)", optional=True))
            self.addParameter(QgsProcessingParameterRasterLayer(
                self.POPULATION_RASTER, "Residents per cell (instead of the 60+ raster)", optional=True))
            self.addParameter(QgsProcessingParameterBoolean(
                self.FROM_BUILDINGS, "No raster: residents from the OSM buildings' floor area", defaultValue=False))
        for layer, required in cmd.layers:
            self.addParameter(
                QgsProcessingParameterFeatureSource(
                    layer_param(layer), LAYER_TITLES[layer], LAYER_TYPES[layer], optional=not required
                )
            )
        if "network" in cmd.options:
            self.addParameter(
                QgsProcessingParameterFile(
                    self.NETWORK,
                    "Walking network (OSM .osm / .osm.pbf, or a line layer file)",
                    optional=True,
                    fileFilter="OpenStreetMap (*.osm *.pbf *.osm.pbf);;Line layers (*.gpkg *.geojson *.shp);;All files (*)",
                )
            )
        self._enum(self.PROFILE, "Standards profile", commands.PROFILES, "national")
        self._number(self.YEAR, "Planning year", QgsProcessingParameterNumber.Integer, 1990, 2100)
        self._enum(self.MODE, "Coverage mode (auto: network when a network is given)", commands.MODES, "auto")
        self._number(self.RADIUS, "Service radius in metres (default: the profile's walk)", QgsProcessingParameterNumber.Double, 1)
        if "model" in cmd.options:
            self._enum(self.MODEL, "Optimisation model (auto: fewest sites reaching the target, lscp)", commands.MODELS, "auto")
            self._number(self.P, "Number of new sites (mclp, pmedian, pcenter)", QgsProcessingParameterNumber.Integer, 0)
            self._number(self.TARGET, "Coverage target share for lscp (0-1; default: the profile's)", QgsProcessingParameterNumber.Double, 0.0001, 1, advanced=True)
        if "estate" in cmd.options:
            self.addParameter(QgsProcessingParameterString(self.ESTATE, "Estate ids to check (comma-separated)", optional=True))
            self.addParameter(QgsProcessingParameterBoolean(self.NEW, "Check every new estate (is_new = 1)", defaultValue=True))
        self._enum(self.LANG, "Language of the texts (auto: zh for the Chinese local profiles)", commands.LANGS, "auto")
        if "format" in cmd.options:
            self._enum(self.FORMAT, "Layer format", commands.FORMATS, "geojson")
        for layer, _required in cmd.layers:
            for role in commands.FIELD_ROLES[layer]:
                p = QgsProcessingParameterField(
                    field_param(layer, role),
                    "%s field: %s" % (layer, role),
                    parentLayerParameterName=layer_param(layer),
                    optional=True,
                )
                p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
                self.addParameter(p)
        extra = QgsProcessingParameterString(self.EXTRA, "Further lifecircle arguments (e.g. --set KEY=VALUE)", optional=True)
        extra.setFlags(extra.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(extra)
        self.addParameter(QgsProcessingParameterBoolean(self.LOAD, "Load the results into the project", defaultValue=True))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, "Output folder"))

        self.addOutput(QgsProcessingOutputFile("SUMMARY", "summary.json"))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Report"))
        if cmd.writes_folder:
            self.addOutput(QgsProcessingOutputNumber("COVERAGE_BEFORE", "Coverage (share of the elderly)"))
        if cmd.cli == "plan":
            self.addOutput(QgsProcessingOutputNumber("COVERAGE_AFTER", "Coverage with the proposed sites"))
        if "model" in cmd.options:
            self.addOutput(QgsProcessingOutputNumber("SITES", "Proposed sites"))
        if self.COMMAND == "check-estate":
            self.addOutput(QgsProcessingOutputBoolean("PASSED", "Every checked estate passes"))
            self.addOutput(QgsProcessingOutputNumber("FAILED", "Estates failing"))
            self.addOutput(QgsProcessingOutputNumber("CHECKED", "Estates checked"))
        self.addOutput(QgsProcessingOutputString("COMMAND_LINE", "lifecircle command line"))

    def _enum(self, name, title, options, default):
        p = QgsProcessingParameterEnum(name, title, options, defaultValue=default)
        p.setUsesStaticStrings(True)  # PROFILE=xian in qgis_process and in models
        self.addParameter(p)

    def _number(self, name, title, kind, minimum=None, maximum=None, advanced=False):
        p = QgsProcessingParameterNumber(name, title, kind, optional=True)
        if minimum is not None:
            p.setMinimum(minimum)
        if maximum is not None:
            p.setMaximum(maximum)
        if advanced:
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)

    # --- parameters -> command line ------------------------------------------
    @staticmethod
    def _given(parameters, name):
        value = parameters.get(name)
        return value is not None and value != ""

    def layer_path(self, parameters, name, context, feedback):
        """'PATH' or 'PATH:LAYER' of a layer parameter; other layers exported to a temporary GeoPackage."""
        path, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, READABLE, "gpkg", feedback
        )
        if not path:
            raise QgsProcessingException("%s: no layer" % name)
        if layer_name and path.lower().endswith((".gpkg", ".sqlite")):
            return "%s:%s" % (path, layer_name)
        return path

    def values(self, parameters, context, feedback):
        """The plain values of commands.command_line from the Processing parameters."""
        cmd = self.command()
        values = {"fields": {}}
        for layer, _required in cmd.layers:
            if self._given(parameters, layer_param(layer)):
                values[layer] = self.layer_path(parameters, layer_param(layer), context, feedback)
            for role in commands.FIELD_ROLES[layer]:
                name = field_param(layer, role)
                if self._given(parameters, name):
                    field = self.parameterAsString(parameters, name, context)
                    if field:
                        values["fields"][(layer, role)] = field
        if "from-osm" in cmd.options:
            values["from-osm"] = self.parameterAsFile(parameters, self.FROM_OSM, context)
            for option, name in (("elderly-raster", self.ELDERLY_RASTER), ("population-raster", self.POPULATION_RASTER)):
                if self._given(parameters, name):
                    raster = self.parameterAsRasterLayer(parameters, name, context)
                    if raster is not None:
                        values[option] = raster.source()
            values["population-from-buildings"] = self.parameterAsBoolean(parameters, self.FROM_BUILDINGS, context)
        if "network" in cmd.options and self._given(parameters, self.NETWORK):
            values["network"] = self.parameterAsFile(parameters, self.NETWORK, context)
        for option, name in (("profile", self.PROFILE), ("mode", self.MODE), ("lang", self.LANG),
                             ("model", self.MODEL), ("format", self.FORMAT)):
            if option in cmd.options and self._given(parameters, name):
                values[option] = self.parameterAsEnumString(parameters, name, context)
        for option, name in (("year", self.YEAR), ("p", self.P)):
            if option in cmd.options and self._given(parameters, name):
                values[option] = self.parameterAsInt(parameters, name, context)
        for option, name in (("radius", self.RADIUS), ("target", self.TARGET)):
            if option in cmd.options and self._given(parameters, name):
                values[option] = self.parameterAsDouble(parameters, name, context)
        if "estate" in cmd.options:
            values["estate"] = commands.split_ids(self.parameterAsString(parameters, self.ESTATE, context))
            values["new"] = self.parameterAsBoolean(parameters, self.NEW, context)
        if self._given(parameters, self.EXTRA):
            values["extra"] = self.parameterAsString(parameters, self.EXTRA, context)
        # parameterAsFileOutput turns TEMPORARY_OUTPUT (the dialog's default) into a new temporary folder.
        values["out"] = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        return values

    def command_line(self, parameters, context, feedback, binary="lifecircle"):
        return commands.command_line(binary, self.COMMAND, self.values(parameters, context, feedback))

    # --- running ---------------------------------------------------------------
    def binary(self):
        setting = ""
        try:
            from processing.core.ProcessingConfig import ProcessingConfig

            setting = ProcessingConfig.getSetting(runner.SETTING_BINARY) or ""
        except Exception:  # processing not loaded (a bare script)
            pass
        found = runner.find_binary(setting)
        if not found:
            raise QgsProcessingException(
                "lifecircle not found: install it (apt-get install ./lifecircle_*.deb), put it on PATH, "
                "or set LIFECIRCLE_BIN or the lifecircle executable in Settings > Options > Processing > Providers"
            )
        return found

    def processAlgorithm(self, parameters, context, feedback):
        cmd = self.command()
        values = self.values(parameters, context, feedback)
        out_dir = values["out"]
        argv = commands.command_line(self.binary(), self.COMMAND, values)
        if "estate" in cmd.options and not values["estate"] and not values["new"]:
            raise QgsProcessingException("check-estate: give estate ids or tick 'Check every new estate'")
        stdout_path = None
        if not cmd.writes_folder:
            os.makedirs(out_dir, exist_ok=True)
            stdout_path = os.path.join(out_dir, commands.CHECK_JSON)
        feedback.pushCommandInfo(" ".join(_quote(a) for a in argv))
        try:
            returncode, _stdout, stderr, cancelled = runner.run(argv, cmd.cli, feedback, stdout_path)
        except OSError as e:  # not there, not executable
            raise QgsProcessingException("cannot run %s: %s" % (argv[0], e.strerror or e))
        if cancelled:
            raise QgsProcessingException("lifecircle %s was cancelled" % self.COMMAND)
        failing_check = self.COMMAND == "check-estate" and returncode == 1
        if returncode != 0 and not failing_check:
            raise QgsProcessingException(
                "lifecircle %s failed (exit %d):\n%s" % (self.COMMAND, returncode, commands.error_message(stderr, returncode))
            )
        feedback.setProgress(100)
        self._out_dir = out_dir
        self._load = self.parameterAsBoolean(parameters, self.LOAD, context)
        results = {self.OUTPUT: out_dir, "COMMAND_LINE": " ".join(_quote(a) for a in argv)}
        results.update(figures(cmd.cli, out_dir))
        return results

    def postProcessAlgorithm(self, context, feedback):
        """Loads the results (main thread) when QGIS runs with its interface."""
        if not self._load or not self._out_dir:
            return {}
        try:
            from qgis.utils import iface
        except ImportError:
            iface = None
        if iface is None:  # qgis_process, a script: nothing to show
            return {}
        from qgis.core import QgsProject

        from . import loader

        layers = loader.load_results(self._out_dir, QgsProject.instance(), loader.group_name(self.COMMAND, self._out_dir))
        feedback.pushInfo("Loaded %d layers from %s" % (len(layers), self._out_dir))
        return {}


def _quote(arg):
    import shlex

    return shlex.quote(arg)


def figures(command, out_dir):
    """Key figures of a finished run for the algorithm's outputs."""
    results = {}
    summary = os.path.join(out_dir, "summary.json")
    report = os.path.join(out_dir, "report.html")
    if command == "check-estate":
        report = os.path.join(out_dir, commands.CHECK_REPORT)
        summary = os.path.join(out_dir, commands.CHECK_JSON)
        with open(summary, encoding="utf-8") as f:
            reviews = json.load(f)
        failed = sum(1 for r in reviews if not r.get("pass"))
        results.update({"PASSED": failed == 0, "FAILED": failed, "CHECKED": len(reviews)})
    elif os.path.exists(summary):
        with open(summary, encoding="utf-8") as f:
            data = json.load(f)
        before = (data.get("before") or {}).get("coverage_rate", data.get("coverage_rate"))
        results["COVERAGE_BEFORE"] = before
        if command == "plan":
            results["COVERAGE_AFTER"] = (data.get("after") or {}).get("coverage_rate")
        if command in ("plan", "optimize"):
            results["SITES"] = len(data.get("sites") or [])
    results["SUMMARY"] = summary if os.path.exists(summary) else None
    results["REPORT"] = report if os.path.exists(report) else None
    return results


class PlanAlgorithm(LifecircleAlgorithm):
    COMMAND = "plan"


class PlanOsmAlgorithm(LifecircleAlgorithm):
    COMMAND = "plan-osm"

    def shortHelpString(self):
        return (
            "Runs <code>lifecircle plan --from-osm</code>: a first 15-minute assessment of a Chinese city from open "
            "data. Estates are the file's landuse=residential areas, facilities its elderly-care objects (or the "
            "Facilities layer), the walking network its paths; residents come from a 60+ or population raster "
            "(areal weighting) or the buildings' floor area, all marked as estimates. See docs/open-data.md."
        )


class AuditAlgorithm(LifecircleAlgorithm):
    COMMAND = "audit"


class CoverageAlgorithm(LifecircleAlgorithm):
    COMMAND = "coverage"


class OptimizeAlgorithm(LifecircleAlgorithm):
    COMMAND = "optimize"


class CheckEstateAlgorithm(LifecircleAlgorithm):
    COMMAND = "check-estate"


ALGORITHMS = [PlanAlgorithm, PlanOsmAlgorithm, AuditAlgorithm, CoverageAlgorithm, OptimizeAlgorithm, CheckEstateAlgorithm]
