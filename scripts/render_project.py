#!/usr/bin/python3
"""Renders a lifecircle output folder to a PNG with PyQGIS, headless.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/render_project.py OUT_DIR map.png [--width 1600]

Uses the folder's QGIS project (lifecircle.qgz / lifecircle.qgs) when there is one,
its visible layers in its order and its CRS; otherwise the layers with the .qml
style beside each, districts at the bottom, then estates, service areas,
facilities and sites on top (as the QGIS plugin loads them), in the run's
working CRS. White background; labels use the system's fonts (a CJK font such
as fonts-wqy-microhei for Chinese names).
"""

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for plugins in (os.path.join(ROOT, "qgis"), "/usr/share/qgis/python/plugins"):
    if os.path.exists(os.path.join(plugins, "lifecircle", "loader.py")):
        sys.path.insert(0, plugins)
        break

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateTransform,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def visible_layers(project):
    root = project.layerTreeRoot()
    layers = []
    for layer in root.layerOrder():  # top first, custom order respected
        node = root.findLayer(layer.id())
        if node is not None and node.isVisible():
            layers.append(layer)
    return layers


def extent_of(layers, project):
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        transform = QgsCoordinateTransform(layer.crs(), project.crs(), project)
        extent.combineExtentWith(transform.transformBoundingBox(layer.extent()))
    extent.scale(1.05)
    return extent


def render(out_dir, png, width):
    from lifecircle import loader

    project = QgsProject.instance()
    qgs = loader.project_file(out_dir)
    # The plugin's loader: the project file's tree (and CRS) when there is one, else the styled files in order.
    loader.load_results(out_dir, project, os.path.basename(os.path.normpath(out_dir)))
    layers = visible_layers(project)
    if not layers:
        raise SystemExit("render_project: %s: no layer to draw" % out_dir)
    extent = extent_of(layers, project)
    height = max(1, round(width * extent.height() / extent.width()))
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputDpi(96)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    for error in job.errors():
        print("render_project: %s: %s" % (error.layerID, error.message), file=sys.stderr)
    if not job.renderedImage().save(png, "PNG"):
        raise SystemExit("render_project: cannot write %s" % png)
    print("render_project: %s (%dx%d, %d layers: %s; CRS %s%s)" % (
        png, width, height, len(layers), ", ".join(l.name() for l in layers), project.crs().authid(),
        "; from " + os.path.basename(qgs) if qgs else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", help="a lifecircle output folder")
    parser.add_argument("png", help="the PNG to write")
    parser.add_argument("--width", type=int, default=1600, help="image width in pixels (default 1600)")
    args = parser.parse_args()
    if not os.path.isdir(args.out_dir):
        parser.error("%s: not a folder" % args.out_dir)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        render(args.out_dir, args.png, args.width)
    finally:
        QgsProject.instance().clear()
        app.exitQgis()


if __name__ == "__main__":
    main()
