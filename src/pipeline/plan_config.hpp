// Options of the optimisation step of `plan` and of `optimize` from GIS layers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lc::app {

struct PlanConfig {
    std::string model;                 ///< empty: fewest stations reaching the profile's coverage target (lscp)
    std::optional<std::size_t> p;      ///< new sites (mclp, pmedian, pcenter)
    std::optional<double> target;      ///< lscp: share of the elderly to cover (default: the profile's target)
    std::string solver = "auto";       ///< auto | exact | heuristic
    double time_limit = 60.0;          ///< seconds
    std::uint64_t seed = 1;
    double candidate_spacing = 200.0;  ///< metres, for generated candidates
    std::string capacity;              ///< empty | households: each new site serves at most its capacity
    std::string weight = "elderly";    ///< demand weight: elderly | population | households
    std::string lang;                  ///< report language: zh | en (default from the profile)
    bool report = true;                ///< write report.html
};

}  // namespace lc::app
