// The QGIS project (lifecircle.qgs) written into every output folder: the run's
// layers in a sensible order with their styles, the working CRS, and the city
// before and after the plan as two groups, so that one double click opens it right.
#pragma once

#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"
#include "report/qml_style.hpp"

#include <string>
#include <utility>
#include <vector>

namespace lc::app {

/// Where a layer goes in the project's layer tree.
enum class LayerGroup { top, before, after };

/// One layer of the project, as written in the output folder.
struct ProjectLayer {
    std::string id;       ///< the file's stem: estates, service_areas_after, ...
    std::string title;    ///< shown in the layer tree: "小区 Estates"
    std::string source;   ///< relative to the project: "./estates.geojson", "./estates.gpkg|layername=estates"
    LayerGroup group = LayerGroup::before;
    QmlGeometry geometry = QmlGeometry::polygon;
    std::string wkb_type;  ///< "MultiPolygon", "Point", ...
    std::string qml;       ///< the layer's style document (.qml)
    geo::Crs crs;          ///< the CRS the layer is written in
    /// The credits its data's licences ask for ("© OpenStreetMap contributors (ODbL 1.0)"),
    /// written as the layer's metadata rights (QGIS: Layer Properties > Metadata > Access).
    std::vector<std::string> rights;
    /// Further named styles (name, .qml document), one click away in QGIS (Layer
    /// Properties > Style); the layer opens with `qml`, named `style_name`.
    std::vector<std::pair<std::string, std::string>> other_styles;
    std::string style_name;
};

/// The project document (.qgs XML, QGIS 3). Layers are ordered bottom to top as
/// districts, estates, population, service areas, facilities, sites; "after" layers
/// in a group above the "before" group; `extent` (in `crs`) is the initial view.
[[nodiscard]] std::string qgis_project(std::vector<ProjectLayer> layers, const geo::Crs& crs, const geo::Box& extent,
                                       const std::string& title, const std::string& lang);

}  // namespace lc::app
