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

/// Reads band 1; cells of the band's nodata value or 0 are left out. A cell
/// that is NaN, infinite or negative (and not nodata), or that holds more than
/// 1 person per m² of its area (in a metric `target`; the densest real districts
/// hold ~0.1) is an InputError naming the band, the cell's row and column and
/// its centre. A raster without CRS needs `assume_crs`. Throws lc::InputError /
/// lc::CrsError.
std::vector<RasterCell> read_raster_cells(const std::string& path, const Crs& target, const std::string& assume_crs);

}  // namespace lc::geo
