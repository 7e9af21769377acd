#pragma once
// GeoJSON features as text, byte for byte as GDAL 3.6's GeoJSON driver writes
// them (its layout, number formats and string escapes), without json-c: GDAL
// builds a json-c object for every coordinate and prints it through an
// ostringstream, about 8 MB/s, and a city's service areas are hundreds of MB.
// tests/geo/test_geojson_write.cpp holds the two to the same bytes.

#include <string>

class OGRFeature;

namespace lc::geo::detail {

/// Appends `{ "type": "Feature", "properties": { ... }, "geometry": ... }` for
/// a feature of a GeoJSON layer. False (and nothing appended) for what it leaves
/// to GDAL: a 3D, measured or curved geometry, an empty point in a collection, a
/// field type other than integer, real and string, or a string GDAL would take
/// for JSON ("{...}", "[...]").
[[nodiscard]] bool append_feature(std::string& out, const OGRFeature& feature, int precision);

}  // namespace lc::geo::detail
