// 15-minute coverage of estates (and population features) by the facilities:
// straight-line circles or walking distance over the network.
#pragma once

#include "lc/geo/geometry.hpp"
#include "pipeline/city.hpp"

#include <limits>
#include <string>
#include <vector>

namespace lc::app {

/// Coverage of one demand feature (estate or population feature).
struct DemandCoverage {
    double nearest_m = std::numeric_limits<double>::infinity();  ///< to the nearest facility
    std::string nearest_facility;  ///< its id ("" when none within reach)
    bool covered = false;          ///< representative point within the threshold
    double covered_share = 0.0;    ///< share of the area inside the service areas
    double straight_m = std::numeric_limits<double>::infinity();  ///< straight-line distance, both modes
};

struct CoverageResult {
    std::string mode;  ///< "circle" or "network"
    double threshold_m = 0;
    std::vector<DemandCoverage> estates;   ///< one per City::estates
    std::vector<geo::Geometry> service_areas;  ///< one per facility (working CRS)
    std::vector<std::string> warnings;
};

/// Straight-line coverage: circles of `threshold_m` around every facility point.
CoverageResult circle_coverage(const City& city, double threshold_m);

/// Straight-line coverage of arbitrary points/areas by given sites.
std::vector<DemandCoverage> circle_coverage_of(const std::vector<const geo::Geometry*>& areas,
                                               const std::vector<geo::Point>& points,
                                               const std::vector<geo::Point>& sites,
                                               const std::vector<std::string>& site_ids, double threshold_m,
                                               const std::vector<geo::Geometry>& service_areas);

}  // namespace lc::app
