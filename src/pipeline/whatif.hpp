// The report's what-if panel (issue 16; docs/report.md): for every existing
// facility, every proposed site and (up to a limit) the candidates the plan
// left unchosen, what the page needs to recompute the headline coverage and
// the accessibility for any set of sites switched on, without a server:
//  - per estate, the arrangement of the service areas of the sites that reach
//    it: cells (share of the estate's area, the sites whose service area holds
//    the cell). The covered share for a set of sites is the sum of the shares
//    of the cells holding at least one site that is on: exactly the share of
//    the estate inside the union of those service areas (audit.cpp's
//    covered_share), whatever their overlaps;
//  - per site, its supply (community-level floor area, institution beds) and
//    the (estate, distance) pairs within the threshold that accessibility.cpp
//    weighs (access_reach()).
// The service areas are the run's own (the after run's for the existing
// facilities and the proposed sites, service_areas_for() in its mode for the
// candidates), so both circle and network mode are exact.
#pragma once

#include "pipeline/city.hpp"
#include "pipeline/config.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lc::app {

struct PlanRun;

/// At most this many unchosen candidates are embedded in the page (those whose
/// reach holds the most elderly); every existing facility and proposed site is.
inline constexpr std::size_t k_whatif_max_candidates = 200;
/// Cities with more estates than this get no what-if panel (the page would carry
/// every estate's arrangement and take minutes to build); the report says so.
inline constexpr std::size_t k_whatif_max_estates = 3000;

/// One site the page can switch.
struct WhatIfSite {
    enum class Role { facility, proposed, candidate };
    std::string id;
    std::string name;
    Role role = Role::facility;
    std::string kind;        ///< facility kind (to_string(FacilityKind)); candidates: "station"
    geo::Point point;        ///< working CRS
    bool planned = false;    ///< on in the plan (existing facilities and proposed sites)
    double floor_area = 0;   ///< supply of g2sfca / 2sfca (0 for institutions)
    double beds = 0;         ///< supply of beds_g2sfca (institutions only)
    double elderly_reached = 0;  ///< elderly of the estates in `reach`
    std::vector<std::pair<std::uint32_t, double>> reach;  ///< (estate, distance) within the threshold
};

/// One cell of an estate's arrangement: its share of the estate's area and the
/// sites (indices into WhatIf::sites) whose service areas hold it.
struct WhatIfCell {
    double share = 0;
    std::vector<std::uint32_t> sites;
};

struct WhatIf {
    double d0_m = 0;                        ///< threshold (= accessibility's d0)
    std::vector<WhatIfSite> sites;          ///< facilities, proposed sites, candidates (in that order)
    std::vector<std::vector<WhatIfCell>> estates;  ///< one per estate of the after city; cells with no site are left out
    std::size_t candidates_total = 0;       ///< unchosen candidates of the run
    std::size_t candidates_embedded = 0;    ///< of which embedded (<= max)
    std::size_t max_candidates = k_whatif_max_candidates;
    bool too_many_estates = false;          ///< not built: more than k_whatif_max_estates estates
    [[nodiscard]] bool empty() const { return sites.empty(); }
};

/// The what-if data of a plan: `plan.after` must hold the proposed sites as
/// facilities (reaudit_with_sites()); `candidates` are the candidates the
/// plan chose from (city.candidates or the grid).
[[nodiscard]] WhatIf build_whatif(const PlanRun& plan, const std::vector<Candidate>& candidates, const CoverageConfig& cov,
                                  std::size_t max_candidates = k_whatif_max_candidates);

/// The page's computation in C++ (the page's script does the same): each
/// estate's covered share with the sites `on` (one flag per WhatIf::sites).
[[nodiscard]] std::vector<double> whatif_shares(const WhatIf& w, const std::vector<bool>& on);

/// The headline figures for the sites `on`, as the page computes them.
struct WhatIfFigures {
    double coverage_rate = 0;
    double elderly_covered = 0;
    double mean_g2sfca = 0;
    double mean_2sfca = 0;
};
[[nodiscard]] WhatIfFigures whatif_figures(const WhatIf& w, const City& city, const std::vector<bool>& on);

/// The plan's own state: one flag per site, true for facilities and proposed sites.
[[nodiscard]] std::vector<bool> whatif_plan_state(const WhatIf& w);

/// The data embedded in report.html (docs/report.md describes its fields).
[[nodiscard]] nlohmann::json whatif_json(const WhatIf& w, const City& city);

[[nodiscard]] std::string_view to_string(WhatIfSite::Role role);

}  // namespace lc::app
