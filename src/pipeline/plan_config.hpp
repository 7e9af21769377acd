// Options of the optimisation step of `plan` and of `optimize`: the solver
// options are one struct, declared once on the command line
// (app/options.cpp add_solver_options) for both commands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lc::app {

struct SolverConfig {
    std::string model;                 ///< empty: the command's default (GIS layers: lscp to the profile's coverage target)
    std::optional<std::size_t> p;      ///< new sites (mclp, pmedian, pcenter)
    std::optional<double> target;      ///< lscp: share of the demand weight to cover (default: the profile's target)
    std::string capacity;              ///< GIS layers: empty | households; --orlib/--cost-matrix: a number
    std::string solver = "auto";       ///< auto | exact | heuristic
    double time_limit = 60.0;          ///< seconds, the whole solve
    std::uint64_t seed = 1;            ///< heuristic restarts: same seed, same result
    double candidate_spacing = 200.0;  ///< metres, for generated candidates
    /// mclp on GIS layers: every district covers at least this share ("0.6", "60%"),
    /// or "max" (the largest such floor); empty: no district floor.
    std::string district_floor;

    /// Names that parse (--model, --solver) and numbers in range; throws lc::ArgumentError naming the flag.
    void validate() const;
    /// validate(), and the rules of a solve on GIS layers: --capacity is empty or
    /// 'households'; a model other than lscp needs --p.
    void validate_for_layers() const;
    /// --district-floor as a share (nullopt: none or "max"); throws lc::ArgumentError.
    [[nodiscard]] std::optional<double> district_floor_share() const;
    [[nodiscard]] bool district_maxmin() const { return district_floor == "max"; }
};

/// Parses a --district-floor value: "max", a share in [0, 1] ("0.6") or a percentage
/// ("60%"); returns the share (nullopt for "max"). Throws lc::ArgumentError naming the flag.
std::optional<double> parse_district_floor(const std::string& text);

struct PlanConfig : SolverConfig {
    std::string weight = "elderly";    ///< demand weight: elderly | population | households
    std::string lang;                  ///< report language: zh | en (default from the profile)
    bool english_tables = false;       ///< CSV tables keep their English keys whatever `lang` (PostGIS: queried by name)
    bool report = true;                ///< write report.html
    /// --target-group: the walking group (profile walking.groups) whose threshold
    /// the plan covers; apply_target_group() turns it into the coverage speed.
    std::string target_group;
};

}  // namespace lc::app
