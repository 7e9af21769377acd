// 15-minute coverage of estates (and population features) by the facilities:
// straight-line circles or walking distance over the network.
#pragma once

#include "lc/geo/geometry.hpp"
#include "pipeline/city.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <memory>
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
    bool snapped = true;           ///< network mode: false when farther than --max-snap from the network
};

/// True for an OSM network file (.osm, .osm.pbf, .pbf, .osm.bz2, .osm.gz);
/// anything else is read as a GDAL line layer.
bool is_osm_network(const std::string& path);

/// The walking network of a network-mode run, kept for later searches (opaque).
struct WalkData;

struct CoverageResult {
    CoverageMode mode = CoverageMode::circle;
    double threshold_m = 0;
    std::vector<DemandCoverage> estates;   ///< one per City::estates
    std::vector<geo::Geometry> service_areas;  ///< one per facility (working CRS)
    std::vector<std::string> warnings;
    std::shared_ptr<const WalkData> walk;  ///< network mode only
    double max_snap_m = 0;                 ///< network mode: the --max-snap the points were snapped with
    std::size_t unsnapped_facilities = 0;  ///< network mode: beyond --max-snap
    std::size_t unsnapped_estates = 0;
    nlohmann::json network_stats;           ///< network mode only
};

/// What an earlier measurement at the same threshold (and in the same mode and
/// network) already holds, so that a re-measurement with sites added (a plan's
/// re-audit) computes only what the new sites change. The city measured again
/// has the same estates, and its first `facilities` facilities are the ones the
/// earlier measurement had, in the same order.
struct PriorCoverage {
    std::size_t facilities = 0;
    const std::vector<geo::Geometry>* service_areas = nullptr;  ///< theirs, one per facility
    const std::vector<double>* shares = nullptr;                ///< each estate's covered_share then
    [[nodiscard]] bool given() const { return service_areas != nullptr && shares != nullptr; }
};

/// Each estate's covered_share in `coverage` (for PriorCoverage::shares).
[[nodiscard]] std::vector<double> covered_shares(const CoverageResult& coverage);

/// Straight-line coverage: circles of `threshold_m` around every facility point.
/// With `prior`, an estate whose box meets no new circle keeps its earlier share
/// (the one it would get again: the same circles, in the same order).
CoverageResult circle_coverage(const City& city, double threshold_m, const PriorCoverage& prior = {});

/// Walking coverage over the network file (OSM .osm/.osm.pbf or a GDAL line
/// layer): nearest facility by bounded multi-source Dijkstra, service areas
/// around the reachable network. Points farther than `max_snap` from every
/// edge are reported in the warnings and count as not covered.
CoverageResult network_coverage(const City& city, const std::string& network_source, double threshold_m,
                                const CoverageConfig& cov, const InputConfig& input);

/// The same with a network already loaded (e.g. re-measuring after a plan).
/// With `prior`, the earlier facilities' service areas are taken as they are
/// (each depends on its own facility only) and an estate whose box meets no new
/// service area keeps its earlier share: the figures are those of a full run.
CoverageResult network_coverage(const City& city, std::shared_ptr<const WalkData> walk, double threshold_m,
                                const CoverageConfig& cov, const PriorCoverage& prior = {});

/// The coverage of `city`'s facilities in `base`'s mode (and over its network)
/// at `threshold_m`: the --thresholds table measures every row as the headline
/// does, and a plan re-measures the city with its new sites.
/// `prior`: as network_coverage's (an earlier measurement at `threshold_m`).
CoverageResult coverage_at(const City& city, const CoverageResult& base, double threshold_m, const CoverageConfig& cov,
                           const PriorCoverage& prior = {});

/// Sparse site -> demand lists within `threshold_m`: for each site point, the
/// demand points it reaches (straight line, or walking with `walk`), with distances.
struct SiteReach {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> per_site;
};
SiteReach reach_lists(const std::vector<geo::Point>& sites, const std::vector<geo::Point>& demands, double threshold_m,
                      const WalkData* walk, double max_snap_m);

/// Service areas for extra sites (circle, or walking isochrones with `walk`).
std::vector<geo::Geometry> service_areas_for(const std::vector<geo::Point>& sites, double threshold_m,
                                             const WalkData* walk, const CoverageConfig& cov);

/// Coverage of other demand features (population cells, points, polygons) by the
/// facilities of `base` (same mode, threshold, network and service areas).
std::vector<DemandCoverage> demand_coverage(const City& city, const CoverageResult& base,
                                            const std::vector<const geo::Geometry*>& areas,
                                            const std::vector<geo::Point>& points, const CoverageConfig& cov);

/// Straight-line coverage of arbitrary points/areas by given sites. With
/// `prior` (the areas are the city's estates), a polygon whose box meets none of
/// the service areas from prior.facilities on keeps its earlier share.
std::vector<DemandCoverage> circle_coverage_of(const std::vector<const geo::Geometry*>& areas,
                                               const std::vector<geo::Point>& points,
                                               const std::vector<geo::Point>& sites,
                                               const std::vector<std::string>& site_ids, double threshold_m,
                                               const std::vector<geo::Geometry>& service_areas,
                                               const PriorCoverage& prior = {});

}  // namespace lc::app
