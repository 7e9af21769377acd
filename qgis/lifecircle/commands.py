"""What each lifecircle command takes, and the command line built from plain values.

Pure Python (no qgis import), so the translation from the Processing parameters
to the CLI's arguments can be read and tested on its own. The algorithms
(algorithms.py) turn their QGIS parameters into the plain `values` dict that
`command_line` takes.
"""

import re
import shlex

# Field roles per input layer: src/pipeline/field_roles.cpp (the CLI rejects any other).
FIELD_ROLES = {
    "estates": ["id", "households", "population", "elderly", "name", "community", "street", "district", "is_new"],
    "facilities": ["id", "kind", "building_area", "land_area", "beds", "nursing_beds", "estate_id", "name"],
    "districts": ["id", "name", "population"],
    "population": ["id", "population"],
    "candidates": ["id", "name", "land_area", "capacity_households"],
}

# The standards profiles of datasets/profiles (national is the CLI's default).
PROFILES = ["national", "yinchuan", "xian", "wuzhong", "baotou", "jinzhong"]
MODES = ["auto", "circle", "network"]  # auto: network when a network is given
MODELS = ["auto", "mclp", "lscp", "pmedian", "pcenter"]  # auto: the fewest sites reaching the target (lscp)
LANGS = ["auto", "zh", "en"]  # auto: zh for the Chinese local profiles, en for national
FORMATS = ["geojson", "gpkg", "shp"]


class Command:
    """One CLI command: its name, input layers (name -> required) and options."""

    def __init__(self, name, title, layers, options, stages, writes_folder=True, cli=None):
        self.name = name
        self.cli = cli or name  # the CLI command it runs (plan-osm runs plan)
        self.title = title
        self.layers = layers  # ordered [(layer, required)]
        self.options = options  # subset of OPTION_ORDER
        self.stages = stages  # progress stage names, in order (src/app/progress.cpp lines)
        self.writes_folder = writes_folder


# The options in the order they are written on the command line.
OPTION_ORDER = ["from-osm", "elderly-raster", "population-raster", "population-from-buildings", "network", "profile", "year", "mode", "radius", "model", "p", "target", "estate", "new", "lang", "format"]

COMMANDS = {
    c.name: c
    for c in [
        Command(
            "plan",
            "Plan (audit, coverage, new sites, re-audit, report)",
            [("estates", True), ("facilities", True), ("districts", False), ("candidates", False), ("population", False)],
            ["network", "profile", "year", "mode", "radius", "model", "p", "target", "lang", "format"],
            ["inputs", "load", "coverage", "audit", "optimise", "re-audit", "write"],
        ),
        Command(
            "plan-osm",
            "Plan from OpenStreetMap (open data: estates, facilities and network from an OSM file)",
            [("facilities", False)],
            ["from-osm", "elderly-raster", "population-raster", "population-from-buildings", "profile", "year", "mode",
             "radius", "model", "p", "target", "lang", "format"],
            ["inputs", "load", "coverage", "audit", "optimise", "re-audit", "write"],
            cli="plan",
        ),
        Command(
            "audit",
            "Audit against a standards profile",
            [("estates", True), ("facilities", True), ("districts", False), ("population", False)],
            ["network", "profile", "year", "mode", "radius", "lang", "format"],
            ["load", "coverage", "audit", "write"],
        ),
        Command(
            "coverage",
            "15-minute coverage (service areas)",
            [("facilities", True), ("estates", False), ("population", False)],
            ["network", "profile", "year", "mode", "radius", "lang", "format"],
            ["load", "coverage", "write"],
        ),
        Command(
            "optimize",
            "Optimise new sites (MCLP, LSCP, p-median, p-center)",
            [("estates", True), ("facilities", True), ("districts", False), ("candidates", False), ("population", False)],
            ["network", "profile", "year", "mode", "radius", "model", "p", "target", "lang", "format"],
            ["load", "coverage", "audit", "optimise", "write"],
        ),
        Command(
            "check-estate",
            "Check estates (completion acceptance)",
            [("estates", True), ("facilities", True), ("districts", False)],
            ["network", "profile", "year", "mode", "radius", "estate", "new", "lang"],
            ["load", "coverage", "audit"],
            writes_folder=False,
        ),
    ]
}

# check-estate writes no folder: the algorithm puts its review and JSON here.
CHECK_REPORT = "check_estate.html"
CHECK_JSON = "check_estate.json"


def _number(value):
    """12.0 -> '12', 900.5 -> '900.5' (the CLI reads either)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def command_line(binary, command, values):
    """The argv for `command` from plain values.

    values: {layer: 'PATH[:LAYER]'} for the input layers, 'fields': {(layer, role): name},
    the options of OPTION_ORDER ('from-osm', 'elderly-raster', 'population-raster' and
    'network' paths, 'population-from-buildings' bool, 'profile'/'mode'/'model'/'lang'/'format'
    strings, 'year'/'p' ints, 'radius'/'target' floats, 'estate' a list of ids, 'new' bool),
    'out' the output folder and 'extra' a string of further arguments (shell syntax).
    None, '' and 'auto' leave an option out (the CLI's default).
    """
    cmd = COMMANDS[command]
    argv = [binary, cmd.cli]
    for layer, _required in cmd.layers:
        if values.get(layer):
            argv += ["--" + layer, values[layer]]
    fields = values.get("fields") or {}
    for layer, _required in cmd.layers:
        for role in FIELD_ROLES[layer]:
            name = fields.get((layer, role))
            if name and values.get(layer):
                argv += ["--field", "%s.%s=%s" % (layer, role, name)]
    for option in OPTION_ORDER:
        if option not in cmd.options:
            continue
        value = values.get(option)
        if value is None or value == "" or value == "auto" or value is False or value == []:
            continue
        if option in ("new", "population-from-buildings"):  # flags
            argv.append("--" + option)
        elif option == "estate":
            for estate_id in value:
                argv += ["--estate", estate_id]
        elif option == "format" and value == "geojson":
            continue  # the CLI's default
        else:
            argv += ["--" + option, _number(value)]
    if cmd.writes_folder:
        if values.get("out"):
            argv += ["--out", values["out"]]
    else:
        if values.get("out"):
            argv += ["--report", values["out"].rstrip("/") + "/" + CHECK_REPORT]
        argv.append("--json")
    if values.get("extra"):
        argv += shlex.split(values["extra"])
    return argv


def split_ids(text):
    """'E01, E02;E03' -> ['E01', 'E02', 'E03']."""
    return [part for part in re.split(r"[\s,;，；]+", text or "") if part]


_PROGRESS = re.compile(r"^\[\s*([0-9.]+) s\] (\S+)\s+(.*)$")


def parse_progress(line):
    """'[  0.53 s] coverage  network mode, threshold 900 m (0.40 s)' -> (0.53, 'coverage', 'network mode, ...').

    None for any other line (warnings, errors). Format: src/app/progress.cpp.
    """
    m = _PROGRESS.match(line.rstrip("\r\n"))
    if not m:
        return None
    return float(m.group(1)), m.group(2), m.group(3)


def stage_percent(command, stage):
    """Percent done once `stage` of `command` is reported, None for an unknown stage."""
    stages = COMMANDS[command].stages
    if stage not in stages:
        return None
    return 100.0 * (stages.index(stage) + 1) / (len(stages) + 1)


def error_message(stderr_lines, returncode):
    """The CLI's own error ('lifecircle: error: ...') or its last lines."""
    errors = [l.strip() for l in stderr_lines if "error:" in l]
    if errors:
        return "\n".join(errors)
    tail = [l.rstrip() for l in stderr_lines if l.strip()][-5:]
    if returncode < 0:
        tail.append("lifecircle was killed by signal %d" % -returncode)
    return "\n".join(tail) or "lifecircle exited with status %d" % returncode
