// Raster population grids (any GDAL raster): cells with a positive value become
// demand features (cell polygon and centre) in the working CRS.
#pragma once

#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"
#include "lc/geo/io.hpp"

#include <string>
#include <vector>

namespace lc::geo {

struct RasterCell {
    std::string id;    ///< "r<row>c<col>"
    double value = 0;  ///< the cell's value (e.g. residents)
    Geometry polygon;  ///< the cell, in the target CRS
    Point centre;      ///< its centre, in the target CRS
};

/// True when GDAL opens `path` as a raster (and not as a vector source).
bool is_raster(const std::string& path);

/// CRS (or `assume_crs` when it has none) and WGS84 extent of a raster, like
/// probe_layer for vector sources; feature_count is the number of cells.
LayerInfo probe_raster(const std::string& path, const std::string& assume_crs);

/// Reads band 1; cells that are nodata, not finite or <= 0 are left out.
/// A raster without CRS needs `assume_crs`. Throws lc::InputError / lc::CrsError.
std::vector<RasterCell> read_raster_cells(const std::string& path, const Crs& target, const std::string& assume_crs);

}  // namespace lc::geo
