// Walking groups of the elderly (issue 16, docs/walking_groups.md): the
// profile's walking.groups each walk walking.minutes at their own speed, so
// each has its own threshold; their coverage (the headline's measure, by the
// same engine: coverage_at), their service areas and their accessibility
// (G2SFCA with d0 = the group's threshold) are measured per group.
#pragma once

#include "lc/geo/io.hpp"
#include "pipeline/accessibility.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"
#include "pipeline/coverage.hpp"
#include "standards/profile.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace lc::app {

/// One group's figures.
struct GroupCoverage {
    WalkingGroup group;
    double threshold_m = 0;      ///< minutes x 60 x speed
    bool headline = false;       ///< its threshold is the run's: the headline's own figures
    double elderly_total = 0;
    double elderly_covered = 0;  ///< Σ elderly x the estate's area share inside the group's service areas
    double coverage_rate = 0;    ///< elderly_covered / elderly_total (0 without elderly)
    double mean_g2sfca = 0;      ///< m² of community-level floor per elderly person, d0 = threshold_m
    double gini_access = 0;      ///< Gini of the estates' G2SFCA at that d0 (NaN: undefined)
    std::vector<geo::Geometry> service_areas;  ///< one per facility (empty for the headline group: the run's own)
    std::vector<double> shares;  ///< each estate's covered_share at threshold_m (empty for the headline group)
};

/// The walking minutes of the run: --minutes, else the profile's walking.minutes.
[[nodiscard]] double group_minutes(const CoverageConfig& cov, const Standards& standards);

/// Every group of standards.walking_groups measured on `city`'s facilities in
/// `headline`'s mode (and network). A group whose threshold equals the
/// headline's takes the headline's coverage and `headline_access` as they are.
/// Empty when the profile has no groups. With `prior` (the groups measured on
/// a city whose facilities are the first `prior_facilities` of `city`'s, e.g.
/// before a plan's sites were added), each group re-uses what it measured there
/// (PriorCoverage): the same figures, drawn only for the new facilities.
[[nodiscard]] std::vector<GroupCoverage> measure_walking_groups(const City& city, const CoverageResult& headline,
                                                                const AccessGroup& headline_access, const Standards& standards,
                                                                const CoverageConfig& cov,
                                                                const std::vector<GroupCoverage>* prior = nullptr,
                                                                std::size_t prior_facilities = 0);

/// Σ share x coverage_rate: the share of all the elderly who reach a facility at their own speed.
[[nodiscard]] double expected_coverage_rate(const std::vector<GroupCoverage>& groups);

/// summary.json `walking_groups`: {minutes, expected_coverage_rate, expected_elderly_covered,
/// groups: [{id, name_zh, name_en, speed_mps, share, threshold_m, elderly_covered, coverage_rate, mean_g2sfca, gini_access, source}]}.
[[nodiscard]] nlohmann::json walking_groups_json(const std::vector<GroupCoverage>& groups, double minutes);

/// The layer `service_areas_groups`: one polygon per facility and group (fields
/// facility, name, kind, group, speed_mps, threshold_m, area_m2); the headline
/// group's areas are `headline`'s.
[[nodiscard]] geo::OutLayer service_areas_groups_layer(const City& city, const CoverageResult& headline,
                                                       const std::vector<GroupCoverage>& groups);

}  // namespace lc::app
