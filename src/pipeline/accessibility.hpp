// Accessibility and its equity (issue 16; docs/accessibility.md): the
// two-step floating catchment of Luo & Wang (2003) and its Gaussian form of
// Dai (2010) on the run's own estate-to-facility distances (the distances
// behind `nearest_m`: walking in network mode, straight line in circle mode),
// and the Gini coefficient and Lorenz curve of accessibility and of the
// distance to the nearest facility across the elderly.
#pragma once

#include "pipeline/city.hpp"
#include "pipeline/coverage.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace lc::app {

/// The Gaussian distance weight of Dai (2010), rescaled to 1 at d = 0 and 0 at d0:
/// G(d) = (exp(-½(d/d0)²) − exp(-½)) / (1 − exp(-½)) for 0 <= d <= d0, else 0.
[[nodiscard]] double gaussian_weight(double d, double d0);

/// How a catchment weighs the distance: Gaussian (G2SFCA) or 1 within d0 (2SFCA).
enum class Catchment { gaussian, uniform };

/// The weight of `c` at distance d: gaussian_weight(), or 1 for d <= d0 (uniform).
[[nodiscard]] double catchment_weight(Catchment c, double d, double d0);

/// Two-step floating catchment. demand: P_k per demand point; supply: S_j per
/// site; reach.per_site[j]: the (demand, distance) pairs of site j within d0
/// (reach_lists()). Step 1: R_j = S_j / Σ_k G(d_kj)·P_k (0 when no demand is
/// weighed, so unused supply goes nowhere); step 2: A_i = Σ_j G(d_ij)·R_j.
[[nodiscard]] std::vector<double> two_step_fca(const std::vector<double>& demand, const std::vector<double>& supply,
                                               const SiteReach& reach, double d0, Catchment catchment);

/// A Lorenz curve over a population: the points (cumulative weight share,
/// cumulative value share) from (0, 0) to (1, 1), the values in ascending order,
/// and its Gini coefficient 1 − Σ w_i (L_i + L_{i−1}).
struct LorenzCurve {
    std::vector<std::pair<double, double>> points;
    double gini = std::numeric_limits<double>::quiet_NaN();  ///< NaN: no weight or no value (undefined)
};

/// The Lorenz curve of `values` (>= 0) weighted by `weights` (>= 0). Items with
/// zero weight or a non-finite value are left out. With no weight or a zero
/// total value, no points and a NaN Gini.
[[nodiscard]] LorenzCurve lorenz(const std::vector<double>& values, const std::vector<double>& weights);

/// The catchments of `city`'s facilities on `coverage`'s own distances: per
/// facility, the (estate, distance) pairs within the threshold, straight line
/// in circle mode, walking door to door over its network (snapped with its
/// --max-snap) in network mode: an estate's smallest distance here is its
/// `nearest_m` when that is within the threshold.
[[nodiscard]] SiteReach access_reach(const City& city, const CoverageResult& coverage);

/// One estate's accessibility.
struct EstateAccess {
    double g2sfca = 0;       ///< m² of community-level floor per elderly person (Gaussian)
    double beds_g2sfca = 0;  ///< institution beds per elderly person (Gaussian)
    double fca2 = 0;         ///< m² per elderly person, plain 2SFCA (uniform within d0)
};

/// Accessibility and equity over a group of estates (the city or a district).
struct AccessGroup {
    std::string id;
    std::string name;
    std::size_t estates = 0;
    double elderly = 0;
    double mean_g2sfca = 0;  ///< means weighted by the elderly
    double mean_beds_g2sfca = 0;
    double mean_2sfca = 0;
    LorenzCurve lorenz_access;    ///< of g2sfca
    LorenzCurve lorenz_distance;  ///< of nearest_m, estates with a finite distance
    std::size_t estates_unreached = 0;  ///< no finite nearest_m (left out of lorenz_distance)
    double elderly_unreached = 0;
};

/// A district to group by: its id and name (the audit's districts).
struct AccessDistrict {
    std::string id;
    std::string name;
};

struct AccessResult {
    double d0_m = 0;
    std::vector<EstateAccess> estates;  ///< one per City::estates
    AccessGroup city;
    std::vector<AccessGroup> districts;  ///< one per AccessDistrict given
};

/// Accessibility of `city`'s estates on `coverage`'s distances (same mode,
/// threshold d0, network and --max-snap): P = estates' elderly; S = building
/// area of every facility but institutions (g2sfca, 2sfca), beds of
/// institutions (beds_g2sfca). estate_district[i]: index into `districts`, or
/// SIZE_MAX for an estate in none (it counts for the city only).
[[nodiscard]] AccessResult measure_access(const City& city, const CoverageResult& coverage,
                                          const std::vector<AccessDistrict>& districts,
                                          const std::vector<std::size_t>& estate_district);

/// summary.json `accessibility`: d0, city means and one row per district.
[[nodiscard]] nlohmann::json accessibility_json(const AccessResult& access);

/// summary.json `equity`: the Gini coefficients (city and per district) and the unreached estates.
[[nodiscard]] nlohmann::json equity_json(const AccessResult& access);

}  // namespace lc::app
