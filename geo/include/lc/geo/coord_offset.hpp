// Web-map coordinate offsets. Chinese web maps publish lon/lat in GCJ-02 (the
// national "encryption" of WGS 84, 300-600 m off in cities) or BD-09 (Baidu's
// further offset of GCJ-02). PROJ has no such transformation: the forward
// formulas are the published ones, and the way back is iterated to 1e-9 degrees
// (about 0.1 mm). docs/open-data.md works a point through by hand.
#pragma once

#include "lc/geo/geometry.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lc::geo {

enum class CoordOffset { none, gcj02, bd09 };

/// "gcj02" | "bd09"; nullopt for anything else.
std::optional<CoordOffset> parse_coord_offset(std::string_view name);
std::string_view to_string(CoordOffset offset);

/// Whether the offsets apply at lon/lat `p` (degrees): inside the rough box of
/// China the published formula uses (72.004-137.8347 E, 0.8293-55.8271 N).
bool in_china(Point p);

/// WGS 84 (or CGCS2000, the same to the centimetre) -> GCJ-02, the published formula.
Point wgs84_to_gcj02(Point p);
/// GCJ-02 -> BD-09, Baidu's published formula.
Point gcj02_to_bd09(Point p);

/// The inverses, by fixed-point iteration of the forward formulas until the
/// forward image is within 1e-9 degrees of `p`.
Point gcj02_to_wgs84(Point p);
Point bd09_to_gcj02(Point p);
/// Undoes `offset` (a GCJ-02 or BD-09 lon/lat back to WGS 84); `none` returns p.
Point undo_offset(CoordOffset offset, Point p);

}  // namespace lc::geo
