#pragma once
// GeoJSON features as text, byte for byte as GDAL 3.6's GeoJSON driver writes
// them (its layout, number formats and string escapes), without json-c: GDAL
// builds a json-c object for every coordinate and prints it through an
// ostringstream, about 8 MB/s, and a city's service areas are hundreds of MB.
// tests/geo/test_geojson_text.cpp holds the two to the same bytes.

#include <string>
#include <string_view>

class OGRFeature;
class OGRGeometry;

namespace lc::geo::detail {

/// A coordinate as the driver's COORDINATE_PRECISION=`precision` prints it:
/// fixed with `precision` decimals, trailing zeros dropped but one.
void append_coordinate(std::string& out, double v, int precision);

/// A real attribute as the driver prints it (17 significant figures, fewer
/// where that shows rounding noise, ".0" on a whole number).
void append_real(std::string& out, double v);

/// A JSON string with json-c's escapes (", \, control characters).
void append_string(std::string& out, std::string_view s);

/// Appends `{ "type": "Feature", "properties": { ... }, "geometry": ... }` for
/// a feature of a GeoJSON layer. False (and nothing appended) for what it leaves
/// to GDAL: a 3D, measured or curved geometry, an empty point in a collection, a
/// field type other than integer, real and string, or a string GDAL would take
/// for JSON ("{...}", "[...]").
[[nodiscard]] bool append_feature(std::string& out, const OGRFeature& feature, int precision);

}  // namespace lc::geo::detail
