// Raster population grids (any GDAL raster): cells with a positive value become
// demand features (cell polygon and centre) in the working CRS.
#pragma once

#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"
#include "lc/geo/io.hpp"

#include <span>
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

/// A raster's band 1 summed over polygons by areal weighting.
struct ZonalSums {
    std::vector<double> inside;  ///< per polygon: each cell's value times the share of its area inside the polygon
    double inside_total = 0;     ///< the sum of `inside`
    double total = 0;            ///< inside_total + outside: the cells overlapping the polygons' extent (the study area)
    double outside = 0;          ///< the sum of `outside_cells`: in cells, or parts of cells, outside every polygon
    /// Those cells, each with `value` = its part outside every polygon (parts under
    /// 0.01 % of a cell, slivers where edges part in projection, are left out).
    std::vector<RasterCell> outside_cells;
    std::size_t cells = 0;             ///< cells of the study area with a value > 0
    std::size_t negative_skipped = 0;  ///< cells with a negative value (not nodata), left out
};

/// Areal weighting of band 1 over `polygons` (in `target`, which should be metric
/// so that areas are true): each cell whose area overlaps the polygons' extent
/// gives each polygon its value times the share of the cell's area (in `target`)
/// inside it. Where overlapping polygons claim more than a whole cell, their
/// shares are scaled down to sum to 1, so no resident is counted twice. Nodata
/// and 0 cells are left out, negative cells skipped and counted; NaN, infinite
/// and implausibly dense cells are InputErrors, as in read_raster_cells.
ZonalSums areal_weighting(const std::string& path, const Crs& target, const std::string& assume_crs,
                          std::span<const Geometry* const> polygons);

}  // namespace lc::geo
