// Crediting a plan's new sites with what they add to the headline coverage:
// the elderly inside the service areas, by each estate's area share, as the
// audit counts them. Sites are taken greedily, the largest gain first; each
// is credited with its marginal gain over the sites before it, so the credits
// add up to the headline's before -> after gain.
#pragma once

#include "pipeline/city.hpp"
#include "pipeline/coverage.hpp"

#include <vector>

namespace lc::app {

struct SiteCredit {
    std::size_t site = 0;  ///< index among the new sites (after.facilities[first_new + site])
    double gain = 0;       ///< elderly added to the headline's elderly_covered
};

/// The new sites of `after` (facilities from `first_new` on, the solver's rank
/// order) in greedy order of their gain to the headline, each with its
/// marginal gain. `before` is the coverage of the existing facilities alone,
/// `after_cov` that of all of them (same mode and threshold); `cov` gives the
/// snapping distance for estates that are points. Ties keep the solver's order.
[[nodiscard]] std::vector<SiteCredit> credit_sites(const City& after, std::size_t first_new, const CoverageResult& before,
                                                   const CoverageResult& after_cov, const CoverageConfig& cov);

}  // namespace lc::app
