// The layout plan's shared work state and the helpers its stages share (private
// to src/pipeline/layout/; the public entry is run_layout in pipeline/layout.hpp).
// Stages, in the order run_layout calls them (one file each):
//   institutions.cpp  public beds per district       centres.cpp  one centre per street
//   stations.cpp      15-minute coverage, one station per community
//   beds.cpp          beds per 1000 elderly          phases.cpp   institutions sized by phase
//   land.cpp          per-capita land                figures.cpp  figures per district
#pragma once

#include "pipeline/layout.hpp"
#include "pipeline/outputs.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc::app::layout {

inline constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
inline constexpr double k_eps = 1e-9;
inline const double k_nan = std::numeric_limits<double>::quiet_NaN();

inline std::string n0(double v) { return format_number(v, 0, false); }
inline double ceil_count(double v) { return std::ceil(v - 1e-6); }
inline double dist(geo::Point a, geo::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }
inline bool station_ok(double area, const Standards& st) { return area + k_eps >= st.station_min_area_m2; }
inline bool centre_ok(double area, double beds, double nursing, const Standards& st) {
    return area + k_eps >= st.centre_min_area_m2 && beds + k_eps >= st.centre_min_beds &&
           (beds > 0 ? nursing / beds : 0.0) + k_eps >= st.centre_min_nursing_share;
}

// --- The city as the layout sees it -------------------------------------------

struct Work {
    Work(const AuditRun& r, const LayoutConfig& c, std::vector<Parcel>& p, const Progress& pr)
        : run(r), city(r.city), audit(r.audit), cfg(c), phases(c.phases), st_today(r.standards), parcels(p), progress(pr) {
        for (std::size_t q = 0; q < parcels.size(); ++q) parcel_ids.emplace(parcels[q].id, q);
    }
    const AuditRun& run;
    const City& city;
    const AuditResult& audit;
    const LayoutConfig& cfg;
    std::vector<int> phases;
    std::vector<Standards> st;            ///< per phase
    Standards st_today;
    std::vector<std::size_t> estate_district;   ///< estate -> index into audit.districts
    std::vector<std::vector<double>> elderly;   ///< [phase][estate]
    std::vector<Parcel>& parcels;
    std::map<std::string, std::size_t> parcel_ids;  ///< parcel id -> index (ids are unique)
    std::vector<bool> parcel_used;
    std::vector<std::size_t> facility_district;
    std::vector<std::size_t> facility_parcel;  ///< parcel holding the facility's point, or k_none
    std::vector<bool> parcel_claimed;          ///< taken by an enlargement
    std::map<std::string, std::size_t> community_district;
    std::map<std::string, std::size_t> street_district;
    std::vector<LayoutSite> sites;
    std::vector<LayoutUnmet> unmet;
    std::vector<std::pair<std::string, double>> timing;
    std::vector<std::string> notes;
    const Progress& progress;
    double threshold = 0;
    double max_snap = 300;

    [[nodiscard]] std::size_t last() const { return phases.size() - 1; }
    /// The parcel with id `id`, or null (an empty id or one not in the layer).
    [[nodiscard]] const Parcel* parcel(const std::string& id) const {
        const auto it = parcel_ids.find(id);
        return it == parcel_ids.end() ? nullptr : &parcels[it->second];
    }
    void say(const std::string& msg) const {
        if (progress) progress("layout", msg);
    }
    [[nodiscard]] double station_land_need(const Standards& s) const {
        return s.station_min_area_m2 / cfg.assumptions.station_plot_ratio;
    }
    [[nodiscard]] double centre_land_need(const Standards& s) const {
        return s.centre_min_area_m2 / cfg.assumptions.centre_plot_ratio;
    }
    /// The walking network in network mode (null: straight lines).
    [[nodiscard]] const WalkData* walk() const { return audit.coverage.walk.get(); }
    [[nodiscard]] std::string distance_kind() const { return walk() ? "walking distances" : "straight-line distances"; }
    double land_per_bed = 18;
    double floor_per_bed = 35;
    double land_per_bed_max = 44;
    [[nodiscard]] std::string district_id(std::size_t d) const {
        return d < audit.districts.size() ? audit.districts[d].id : std::string{};
    }
};

// --- The city as the layout sees it (work.cpp) ----------------------------------

/// Districts of the estates, parcels and facilities; parcels under facilities.
void map_districts(Work& w);
/// Elderly per phase and estate: the growth rate or the projection table.
void project_elderly(Work& w, int base_year);
/// p-median with p = 1 among `cands` (parcel indexes) for demands `estates`
/// weighted by long-term elderly. Costs follow the run's mode: straight lines,
/// or walking over the network (searched up to 5 x the threshold, like `plan`'s
/// p-median; a pair beyond that or off the network costs 5 x the threshold plus
/// its straight-line distance, so a reachable parcel always wins and the
/// unreachable ones still rank by proximity). Returns the parcel index.
std::size_t best_parcel(const Work& w, const std::vector<std::size_t>& cands, const std::vector<std::size_t>& estates);
/// A `new` row of `level` on a parcel.
LayoutSite new_site(const Work& w, Level level, std::size_t parcel);
/// Land a facility can grow on: its own, or the free eligible parcel it stands on.
double available_land(const Work& w, std::size_t j);
/// Sets the land of an enlargement that needs `need` m²: the parcel it stands on
/// is taken when its own land is not enough. Returns where the land comes from.
std::string claim_land(Work& w, LayoutSite& site, std::size_t j, double need);
/// An `enlarge` row of `level` for an existing facility, at its present size.
LayoutSite enlargement(const Work& w, Level level, std::size_t facility);
/// The index of the facility with `id`, or k_none.
std::size_t facility_index(const Work& w, const std::string& id);
/// Chain key of a row: the rows of one site over the phases (a new site and the
/// enlargements of it, or the enlargements of one existing facility) share it.
/// Before the ids are given, a phased new site's first row carries a temporary
/// id "#n" and its enlargements name it in facility_id.
std::string chain_key(const LayoutSite& s);
/// The target share of a level's groups for phase k (`key`, e.g.
/// "coverage.street_centre"): the profile's figure in force that year (the
/// latest keyed year not after it); none yet (0) when the year precedes every
/// keyed year of the figure (it is upcoming); the hierarchy rule (every group)
/// when the profile has no such figure. The last phase always applies the
/// hierarchy rule.
double group_target(const Work& w, std::size_t k, std::string_view key);

// --- Institutions (institutions.cpp; also used by beds.cpp and phases.cpp) ------

/// A district's estates, its elderly per phase and its existing institutions.
struct DistrictBeds {
    std::vector<std::size_t> estates;
    std::vector<double> elderly;          ///< per phase
    std::vector<std::size_t> institutions;  ///< facility indexes
    double have = 0;                      ///< beds of the existing institutions
};

DistrictBeds district_beds(const Work& w, std::size_t d);
/// Public beds required in phase k: the profile's share of the elderly, rounded up.
double public_beds_required(const Work& w, std::size_t k, double elderly);
/// Institutional beds required in phase k by beds.per_1000_elderly (0 without the figure).
double beds_per_1000_required(const Work& w, std::size_t k, double elderly);
/// Grows an institution site (an enlargement of an existing institution, or a
/// new one) by up to `wanted` beds on its own land: the facility's land or the
/// parcel it stands on, the new site's parcel. Returns the beds added and sets
/// `land_from` to where the land comes from.
double grow_institution(Work& w, LayoutSite& s, double wanted, std::string& land_from);

/// New institutions on the free parcels of district `d` for `remaining` beds
/// (p-median over the parcels that hold them all, else the largest parcel and
/// the next). Leaves in `remaining` what no parcel holds and sets `unmet_reason`.
std::vector<LayoutSite> new_institutions(Work& w, std::size_t d, const std::vector<std::size_t>& estates, double& remaining,
                                         const std::string& because, std::string& unmet_reason);

/// Phases of a district's institution sites (in order): each phase takes sites
/// until its requirement holds, the last phase takes the rest. A site keeps an
/// earlier phase it already has (phases only move forward in time, never back).
void phase_institutions(const Work& w, const std::vector<LayoutSite*>& sites, double have,
                        const std::vector<double>& required);

// --- Stages, in the order run_layout calls them ---------------------------------

/// Public beds per district (institutions.cpp): before the centres and stations.
void plan_institutions(Work& w);
/// One compliant centre per street (centres.cpp).
void plan_centres(Work& w);
/// 15-minute coverage and one compliant station per community (stations.cpp).
void plan_stations(Work& w);
/// Beds per 1000 elderly per district (beds.cpp).
void plan_institution_beds(Work& w);
/// Institutions sized for the phase they are built in, enlarged later (phases.cpp).
void size_institutions_by_phase(Work& w);
/// Per-capita land per district: parcels reserved (land.cpp).
void plan_land(Work& w);
/// Figures per district and column (today + phases) for plan_districts.csv (figures.cpp).
void district_figures(Work& w, LayoutRun& out);

// --- Costs and the phase budget (costs.cpp, budget.cpp) --------------------------

/// The cost of rows[i] in its phase year: the building area and beds it adds
/// over the row before it on the same site (or over the enlarged facility), at
/// the profile's cost per m² of its level, the subsidies of the profile it
/// would draw, and the elderly it serves (the budget's gain). `rows` are the
/// plan's rows (before or after numbering) and, for a row deferred beyond the
/// plan, those rows too.
SiteCost site_cost(const Work& w, const std::vector<LayoutSite>& rows, std::size_t i);
/// --phase-budget: per phase, in phase order, the rows of the phase (a site's
/// rows in one phase as one unit) by elderly served per yuan, highest first,
/// each kept while the phase's construction yuan stay within the budget; the
/// rest move to the next phase (then compete there) or, from the last phase,
/// into `beyond`. A deferral is also an unmet row (target phase_budget).
void apply_phase_budget(Work& w, std::vector<LayoutSite>& beyond);
/// The estimate of the numbered rows and those beyond the plan.
LayoutCosts estimate_costs(const Work& w, const std::vector<LayoutSite>& beyond);

}  // namespace lc::app::layout
