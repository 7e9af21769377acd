"""Loading a lifecircle output folder into a QGIS project, styled and in order.

From the folder's QGIS project (lifecircle.qgz / lifecircle.qgs, written by the
CLI) when there is one: its layer tree is copied into a group of the current
project. Otherwise from the layer files and the NAME.qml style beside each, in
this order from the bottom up: districts, estates (and population, parcels),
service areas, facilities, sites.
"""

import json
import os

from qgis.core import QgsCoordinateReferenceSystem, QgsLayerTreeGroup, QgsLayerTreeLayer, QgsProject, QgsVectorLayer

LAYER_SUFFIXES = (".geojson", ".gpkg", ".shp")
PROJECT_FILES = ("lifecircle.qgz", "lifecircle.qgs")


def rank(name):
    """Drawing order of a layer by its name: 0 at the bottom (districts) .. 4 on top (sites)."""
    n = name.lower()
    if "district" in n:
        return 0
    if "estate" in n or "population" in n or "parcel" in n:
        return 1
    if "facilit" in n:
        return 3
    if "site" in n:
        return 4
    return 2  # service areas, isochrones and anything new: between estates and facilities


def layer_files(out_dir):
    """The layer files of an output folder, bottom first (ties by name)."""
    names = [f for f in os.listdir(out_dir) if f.lower().endswith(LAYER_SUFFIXES)]
    return sorted(names, key=lambda f: (rank(os.path.splitext(f)[0]), f))


def project_file(out_dir):
    for name in PROJECT_FILES:
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            return path
    return None


def group_name(command, out_dir):
    return "lifecircle %s: %s" % (command, os.path.basename(os.path.normpath(out_dir)))


def working_crs(out_dir):
    """The run's working CRS from summary.json (e.g. EPSG:4544), or None."""
    try:
        with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
            crs = json.load(f).get("working_crs")
    except (OSError, ValueError):
        return None
    return QgsCoordinateReferenceSystem(crs) if crs else None


def load_results(out_dir, project=None, name=None, use_project_file=True):
    """Adds the folder's layers to `project` in a new top group; returns the layers, top first."""
    project = project or QgsProject.instance()
    qgs = project_file(out_dir) if use_project_file else None
    if not qgs and not layer_files(out_dir):
        return []  # check-estate: a review, no layers
    was_empty = not project.mapLayers()
    root = project.layerTreeRoot()
    group = root.insertGroup(0, name or group_name("run", out_dir))
    if qgs:
        source = QgsProject()
        if not source.read(qgs):
            raise RuntimeError("%s: %s" % (qgs, source.error()))
        layers = _copy_tree(source.layerTreeRoot(), group, project)
        crs = source.crs()
    else:
        layers = []
        for f in reversed(layer_files(out_dir)):  # the tree lists the top layer first
            path = os.path.join(out_dir, f)
            layer = QgsVectorLayer(path, os.path.splitext(f)[0], "ogr")
            if not layer.isValid():
                raise RuntimeError("%s: QGIS cannot open it" % path)
            qml = os.path.splitext(path)[0] + ".qml"
            if os.path.exists(qml):
                message, ok = layer.loadNamedStyle(qml)
                if not ok:
                    raise RuntimeError("%s: %s" % (qml, message))
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            layers.append(layer)
        crs = working_crs(out_dir)
    if was_empty and crs is not None and crs.isValid():
        project.setCrs(crs)
    return layers


def _copy_tree(source_group, target_group, project):
    layers = []
    for child in source_group.children():
        if isinstance(child, QgsLayerTreeLayer):
            source_layer = child.layer()
            if source_layer is None:
                raise RuntimeError("lifecircle.qgs: layer %s did not load" % child.name())
            layer = source_layer.clone()
            project.addMapLayer(layer, False)
            node = target_group.addLayer(layer)
            node.setItemVisibilityChecked(child.itemVisibilityChecked())
            layers.append(layer)
        elif isinstance(child, QgsLayerTreeGroup):
            sub = target_group.addGroup(child.name())
            sub.setItemVisibilityChecked(child.itemVisibilityChecked())
            sub.setExpanded(child.isExpanded())
            layers += _copy_tree(child, sub, project)
    return layers
