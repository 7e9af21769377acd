// QGIS 3 layer styles (.qml) for the layers lifecircle writes. The plan writes
// NAME.qml beside NAME.geojson/.gpkg/.shp; QGIS loads a style with the layer's
// base name automatically, so estates open coloured by compliance and coverage,
// facilities by kind, service areas translucent and proposed sites numbered.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lc::app {

enum class QmlGeometry { point, line, polygon };

/// The style of a layer: estates (rule-based on meets_area and covered, labelled
/// with names), coverage_estates (the coverage command's estates, graduated on
/// covered_share),
/// facilities (categorized by kind), service_areas (translucent fill),
/// proposed_sites (markers labelled with rank), districts (categorized by
/// meets_land), population (graduated on covered), plan_sites (by level).
/// Labels are bilingual ("达标 pass"). Throws lc::ArgumentError for another name.
[[nodiscard]] std::string qml_for_layer(const std::string& layer_name);

/// The same for a given geometry type (population may be points or polygons,
/// facilities points or polygons); qml_for_layer uses each layer's usual type.
[[nodiscard]] std::string qml_for_layer(const std::string& layer_name, QmlGeometry geometry);

/// The same for a layer whose fields were written under other names (a
/// shapefile's, cut to 10 characters): `renamed` holds (full, written) pairs; the
/// style refers to the written names and gives each the full name as its alias.
[[nodiscard]] std::string qml_for_layer(const std::string& layer_name, QmlGeometry geometry,
                                        const std::vector<std::pair<std::string, std::string>>& renamed);

/// The estates' second style in the QGIS project: graduated on access_g2sfca
/// (docs/accessibility.md), grey for 0 (no facility within the catchment), then
/// one class per upper bound in `breaks` (ascending, at most 5); `renamed` as above.
[[nodiscard]] std::string access_qml(QmlGeometry g, const std::vector<double>& breaks,
                                     const std::vector<std::pair<std::string, std::string>>& renamed = {});

/// The layer names qml_for_layer knows.
[[nodiscard]] const std::vector<std::string>& qml_layer_names();

}  // namespace lc::app
