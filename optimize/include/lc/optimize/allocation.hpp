// What a set of open sites does for the demands: which demands they cover, the
// order in which the chosen sites add coverage, and the nearest open site of
// each demand. Used by the plan (proposed sites) and the layout plan (stations),
// so both rank and allocate by the same rule.
#pragma once

#include "lc/optimize/problem.hpp"

#include <limits>
#include <vector>

namespace lc::opt {

/// A pair counts as within the radius when its cost is at most radius + this.
inline constexpr double radius_tolerance = 1e-9;
/// "No site" in an assignment.
inline constexpr Index no_site = std::numeric_limits<Index>::max();

/// For each demand: does an open site reach it within `radius`?
[[nodiscard]] std::vector<bool> covered_by(const Problem& pb, const std::vector<bool>& open, double radius);

/// A chosen site and the demand weight it newly covers at its rank.
struct RankedSite {
    Index site = 0;
    double gain = 0.0;
};

/// Orders `chosen` greedily by marginal gain: each next site is the one that
/// covers the most weight (within `radius`) not yet covered by `covered` (the
/// demands the always-open sites reach) or by the sites ranked before it. Ties
/// go to the site listed first in `chosen`.
[[nodiscard]] std::vector<RankedSite> rank_by_marginal_gain(const Problem& pb, const std::vector<Index>& chosen,
                                                            std::vector<bool> covered, double radius);

/// For each demand, the open site with the least cost within `radius` (ties: the
/// lower site index), or `no_site`.
[[nodiscard]] std::vector<Index> assign_nearest_open(const Problem& pb, const std::vector<bool>& open, double radius);

}  // namespace lc::opt
