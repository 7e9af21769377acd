// Population layers as demand: polygons (areal interpolation by the share of
// each polygon inside the service areas), points, or raster cells (GDAL).
#pragma once

#include "lc/geo/geometry.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"
#include "pipeline/coverage.hpp"

#include <string>
#include <vector>

namespace lc::app {

struct PopulationFeature {
    std::string id;
    double population = 0;
    geo::Geometry geometry;  ///< point or polygon, working CRS
    geo::Point point;        ///< representative point
};

struct PopulationLayer {
    std::string source;          ///< the file as given
    std::string kind;            ///< polygons | points | raster
    std::vector<PopulationFeature> features;
    std::vector<std::string> warnings;
};

/// Reads --population: a vector layer (field `population`, mappable with
/// --field population.population=NAME) or a raster (band 1 = residents per cell).
PopulationLayer load_population(const InputConfig& input, const geo::Crs& working);

/// The elderly a residents raster counted outside every estate (City::raster),
/// as population points at the cells' centres: what `coverage` measures
/// besides the estates when no --population is given.
PopulationLayer outside_population(const City& city);

struct PopulationResult {
    std::vector<DemandCoverage> coverage;  ///< one per feature
    double total = 0;
    double covered = 0;  ///< sum of population x covered_share (areal interpolation)
    std::size_t unsnapped = 0;          ///< network mode: features beyond --max-snap (not covered)
    std::vector<std::string> warnings;  ///< e.g. which features lie beyond --max-snap
    [[nodiscard]] double rate() const { return total > 0 ? covered / total : 0.0; }
};

PopulationResult population_coverage(const City& city, const CoverageResult& base, const PopulationLayer& layer,
                                     const CoverageConfig& cov);

geo::OutLayer population_out_layer(const PopulationLayer& layer, const PopulationResult& result);

}  // namespace lc::app
