// The layout plan: institutions -> centres -> stations -> land, long term first,
// earlier phases as ranked prefixes (see layout.hpp and docs/layout.md).
#include "pipeline/layout.hpp"
#include "pipeline/timing.hpp"

#include "lc/csv.hpp"
#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"
#include "lc/optimize/solve.hpp"
#include "pipeline/outputs.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

namespace lc::app {
namespace {

constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
constexpr double k_eps = 1e-9;
const double k_nan = std::numeric_limits<double>::quiet_NaN();


std::string n0(double v) { return format_number(v, 0, false); }

double ceil_count(double v) { return std::ceil(v - 1e-6); }

double dist(geo::Point a, geo::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

bool is_station_kind(const std::string& k) { return k == "station" || k == "day_care"; }

bool station_ok(double area, const Standards& st) { return area + k_eps >= st.station_min_area_m2; }

bool centre_ok(double area, double beds, double nursing, const Standards& st) {
    return area + k_eps >= st.centre_min_area_m2 && beds + k_eps >= st.centre_min_beds &&
           (beds > 0 ? nursing / beds : 0.0) + k_eps >= st.centre_min_nursing_share;
}

// --- Projection ---------------------------------------------------------------

/// district key (id or name) -> year -> elderly.
std::map<std::string, std::map<int, double>> read_projection(const std::string& file) {
    std::ifstream in = open_text(file);
    if (!in) throw InputError(InputLocation{file, {}, {}, {}}, "cannot open the projection table");
    std::string line;
    if (!std::getline(in, line)) throw InputError(InputLocation{file, {}, {}, {}}, "the projection table is empty");
    const auto header = split_csv_record(line);
    auto col = [&](const char* name) -> std::size_t {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) return i;
        }
        throw InputError(InputLocation{file, {}, {}, name},
                         std::string("missing column '") + name + "' (expected a header district,year,elderly)");
    };
    const std::size_t c_d = col("district"), c_y = col("year"), c_e = col("elderly");
    std::map<std::string, std::map<int, double>> out;
    std::size_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto cells = split_csv_record(line);
        const std::string feature = "row " + std::to_string(row);
        auto cell = [&](std::size_t c, const char* name) {
            if (c >= cells.size() || cells[c].empty()) {
                throw InputError(InputLocation{file, {}, feature, name}, "empty value");
            }
            return cells[c];
        };
        const std::string d = cell(c_d, "district");
        double y = 0, e = 0;
        try {
            std::size_t pos = 0;
            y = std::stod(cell(c_y, "year"), &pos);
            e = std::stod(cell(c_e, "elderly"), &pos);
        } catch (const std::logic_error&) {
            throw InputError(InputLocation{file, {}, feature + " (" + d + ")", {}}, "year and elderly must be numbers");
        }
        if (!(e >= 0) || !std::isfinite(e)) {
            throw InputError(InputLocation{file, {}, feature + " (" + d + ")", "elderly"}, "elderly must be >= 0");
        }
        out[d][static_cast<int>(std::lround(y))] = e;
    }
    return out;
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

std::size_t locate_district(const Work& w, geo::Point p, std::size_t nearest_estate) {
    if (!w.city.districts.empty()) {
        for (std::size_t k = 0; k < w.city.districts.size(); ++k) {
            if (w.city.districts[k].geometry.covers(p)) return k;
        }
        return k_none;
    }
    return nearest_estate == k_none ? k_none : w.estate_district[nearest_estate];
}

void map_districts(Work& w) {
    const City& city = w.city;
    w.estate_district.assign(city.estates.size(), k_none);
    if (!city.districts.empty()) {
        for (std::size_t i = 0; i < city.estates.size(); ++i) w.estate_district[i] = locate_district(w, city.estates[i].point, k_none);
    } else {
        std::map<std::string, std::size_t> by_id;
        for (std::size_t d = 0; d < w.audit.districts.size(); ++d) by_id[w.audit.districts[d].id] = d;
        for (std::size_t i = 0; i < city.estates.size(); ++i) {
            auto it = by_id.find(city.estates[i].district);
            if (it != by_id.end()) w.estate_district[i] = it->second;
        }
    }
    std::vector<geo::Point> pts;
    for (const auto& e : city.estates) pts.push_back(e.point);
    const geo::PointIndex index(pts);
    for (auto& p : w.parcels) {
        const std::size_t near = pts.empty() ? k_none : index.nearest(p.point).index;
        p.district = locate_district(w, p.point, near);
        if (near != k_none) {
            p.street = city.estates[near].street;
            p.community = city.estates[near].community;
        }
    }
    w.facility_district.assign(city.facilities.size(), k_none);
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        std::size_t home = j < w.audit.facility_estate.size() ? w.audit.facility_estate[j] : k_none;
        if (home == k_none && !pts.empty()) home = index.nearest(city.facilities[j].point).index;
        w.facility_district[j] = locate_district(w, city.facilities[j].point, home);
    }
    w.facility_parcel.assign(city.facilities.size(), k_none);
    std::vector<geo::Box> parcel_boxes;
    for (const auto& p : w.parcels) parcel_boxes.push_back(p.geometry.bounds());
    const geo::BoxIndex parcel_index(parcel_boxes);
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const geo::Point q = city.facilities[j].point;
        for (auto p : parcel_index.intersecting({q.x, q.y, q.x, q.y})) {
            if (w.parcels[p].eligible && w.parcels[p].geometry.covers(q)) {
                // The facility's own ground: only its enlargement may use it.
                w.facility_parcel[j] = p;
                w.parcel_used[p] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const auto& e = city.estates[i];
        if (!e.community.empty()) w.community_district.emplace(e.community, w.estate_district[i]);
        if (!e.street.empty()) w.street_district.emplace(e.street, w.estate_district[i]);
    }
}

void project_elderly(Work& w, int base_year) {
    const City& city = w.city;
    const std::size_t nd = w.audit.districts.size();
    std::vector<std::vector<double>> factor(w.phases.size(), std::vector<double>(nd + 1, 1.0));
    if (!w.cfg.projection.empty()) {
        const auto table = read_projection(w.cfg.projection);
        std::set<std::string> used;
        for (std::size_t d = 0; d < nd; ++d) {
            const auto& da = w.audit.districts[d];
            auto it = table.find(da.id);
            if (it == table.end()) it = table.find(da.name);
            if (it == table.end()) {
                throw InputError(InputLocation{w.cfg.projection, {}, da.id, "district"},
                                 "district " + da.id + " (" + da.name +
                                     ") is missing from the projection table (rows district,year,elderly; district = id or name)");
            }
            used.insert(it->first);
            for (std::size_t k = 0; k < w.phases.size(); ++k) {
                auto y = it->second.find(w.phases[k]);
                if (y == it->second.end()) {
                    throw InputError(InputLocation{w.cfg.projection, {}, da.id, "year"},
                                     "no row for district " + da.id + " and phase year " + std::to_string(w.phases[k]));
                }
                factor[k][d] = da.elderly > 0 ? y->second / da.elderly : 1.0;
                if (da.elderly <= 0 && y->second > 0) {
                    w.notes.push_back("district " + da.id + " has no elderly today; its projection cannot be spread over estates");
                }
            }
        }
        for (const auto& [key, rows] : table) {
            if (!used.count(key)) w.notes.push_back("projection table: district '" + key + "' matches no district; ignored");
        }
    } else {
        const double r = w.cfg.elderly_growth.value_or(0.0);
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            std::fill(factor[k].begin(), factor[k].end(), std::pow(1.0 + r, w.phases[k] - base_year));
        }
    }
    w.elderly.assign(w.phases.size(), std::vector<double>(city.estates.size(), 0.0));
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        for (std::size_t i = 0; i < city.estates.size(); ++i) {
            const std::size_t d = w.estate_district[i] == k_none ? nd : w.estate_district[i];
            w.elderly[k][i] = city.estates[i].elderly * factor[k][d];
        }
    }
}

/// p-median with p = 1 among `cands` (parcel indexes) for demands `estates`
/// weighted by long-term elderly. Costs follow the run's mode: straight lines,
/// or walking over the network (searched up to 5 x the threshold, like `plan`'s
/// p-median; a pair beyond that or off the network costs 5 x the threshold plus
/// its straight-line distance, so a reachable parcel always wins and the
/// unreachable ones still rank by proximity). Returns the parcel index.
std::size_t best_parcel(const Work& w, const std::vector<std::size_t>& cands, const std::vector<std::size_t>& estates) {
    if (cands.size() == 1) return cands[0];
    opt::Problem pb;
    std::vector<std::size_t> dem;
    for (auto i : estates) {
        if (w.elderly[w.last()][i] <= 0) continue;
        dem.push_back(i);
        pb.demands.push_back({w.city.estates[i].id, w.elderly[w.last()][i], std::nullopt});
    }
    if (dem.empty()) {
        // No elderly to serve: the largest parcel.
        return *std::max_element(cands.begin(), cands.end(),
                                 [&](std::size_t a, std::size_t b) { return w.parcels[a].area_m2 < w.parcels[b].area_m2; });
    }
    std::vector<double> costs;
    for (auto p : cands) {
        pb.sites.push_back({w.parcels[p].id, false, std::nullopt});
        for (auto i : dem) costs.push_back(dist(w.parcels[p].point, w.city.estates[i].point));
    }
    if (w.walk()) {
        const double reach = 5.0 * w.threshold;
        std::vector<geo::Point> site_pts, dem_pts;
        for (auto p : cands) site_pts.push_back(w.parcels[p].point);
        for (auto i : dem) dem_pts.push_back(w.city.estates[i].point);
        const SiteReach walked = reach_lists(site_pts, dem_pts, reach, w.walk(), w.max_snap);
        std::vector<double> walking(costs.size());
        for (std::size_t k = 0; k < costs.size(); ++k) walking[k] = reach + costs[k];
        for (std::size_t k = 0; k < cands.size(); ++k) {
            for (const auto& [d, c] : walked.per_site[k]) walking[k * dem.size() + d] = c;
        }
        costs = std::move(walking);
    }
    pb.costs = opt::CostTable::dense(cands.size(), dem.size(), std::move(costs));
    opt::Options o;
    o.model = opt::Model::pmedian;
    o.p = 1;
    // p = 1: enumerating the candidates with lc::opt's objective is exact and
    // O(candidates x demands), far cheaper than a MIP on a dense city-scale table.
    std::size_t best = 0;
    double best_cost = std::numeric_limits<double>::infinity();
    for (opt::Index k = 0; k < cands.size(); ++k) {
        const double c = opt::evaluate(pb, o, {k});
        if (c < best_cost - 1e-9) {
            best_cost = c;
            best = k;
        }
    }
    return cands[best];
}

LayoutSite new_site(const Work& w, const std::string& level, std::size_t parcel) {
    LayoutSite s;
    s.level = level;
    s.action = "new";
    s.parcel_id = w.parcels[parcel].id;
    s.point = w.parcels[parcel].point;
    s.district = w.district_id(w.parcels[parcel].district);
    return s;
}

/// Land a facility can grow on: its own, or the free eligible parcel it stands on.
double available_land(const Work& w, std::size_t j) {
    const double own = w.city.facilities[j].land_area;
    const std::size_t p = w.facility_parcel[j];
    return p != k_none && !w.parcel_claimed[p] ? std::max(own, w.parcels[p].area_m2) : own;
}

/// Sets the land of an enlargement that needs `need` m²: the parcel it stands on
/// is taken when its own land is not enough. Returns where the land comes from.
std::string claim_land(Work& w, LayoutSite& site, std::size_t j, double need) {
    const double own = w.city.facilities[j].land_area;
    site.base_land_m2 = own;
    site.land_area_m2 = own;
    const std::size_t p = w.facility_parcel[j];
    if (need > own + k_eps && p != k_none && !w.parcel_claimed[p]) {
        w.parcel_claimed[p] = true;
        site.parcel_id = w.parcels[p].id;
        site.land_area_m2 = std::min(w.parcels[p].area_m2, std::max(own, need));
        return "on parcel " + w.parcels[p].id + " (" + n0(w.parcels[p].area_m2) + " m²)";
    }
    return "on its own land (" + n0(own) + " m²)";
}

LayoutSite enlargement(const Work& w, const std::string& level, std::size_t facility) {
    const Facility& f = w.city.facilities[facility];
    LayoutSite s;
    s.level = level;
    s.action = "enlarge";
    s.facility_id = f.id;
    s.point = f.point;
    s.district = w.district_id(w.facility_district[facility]);
    s.building_area_m2 = f.building_area;
    s.land_area_m2 = f.land_area;
    s.base_land_m2 = f.land_area;
    s.beds = f.beds;
    s.nursing_beds = f.nursing_beds;
    return s;
}

// --- Institutions: public beds and beds per 1000 elderly per district -------------

/// A district's estates, its elderly per phase and its existing institutions.
struct DistrictBeds {
    std::vector<std::size_t> estates;
    std::vector<double> elderly;          ///< per phase
    std::vector<std::size_t> institutions;  ///< facility indexes
    double have = 0;                      ///< beds of the existing institutions
};

DistrictBeds district_beds(const Work& w, std::size_t d) {
    DistrictBeds b;
    for (std::size_t i = 0; i < w.city.estates.size(); ++i) {
        if (w.estate_district[i] == d) b.estates.push_back(i);
    }
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        double eld = 0;
        for (auto i : b.estates) eld += w.elderly[k][i];
        b.elderly.push_back(eld);
    }
    for (std::size_t j = 0; j < w.city.facilities.size(); ++j) {
        if (w.facility_district[j] == d && w.city.facilities[j].kind == "institution") {
            b.have += w.city.facilities[j].beds;
            b.institutions.push_back(j);
        }
    }
    return b;
}

/// Public beds required in phase k: the profile's share of the elderly, rounded up.
double public_beds_required(const Work& w, std::size_t k, double elderly) {
    return ceil_count(elderly * w.st[k].institution_public_bed_share);
}

/// Institutional beds required in phase k by beds.per_1000_elderly (0 without the figure).
double beds_per_1000_required(const Work& w, std::size_t k, double elderly) {
    const auto& per = w.st[k].beds_per_1000_elderly;
    return per ? ceil_count(elderly * *per / 1000.0) : 0.0;
}

std::size_t facility_index(const Work& w, const std::string& id) {
    for (std::size_t j = 0; j < w.city.facilities.size(); ++j) {
        if (w.city.facilities[j].id == id) return j;
    }
    return k_none;
}

/// Grows an institution site (an enlargement of an existing institution, or a
/// new one) by up to `wanted` beds on its own land: the facility's land or the
/// parcel it stands on, the new site's parcel. Returns the beds added and sets
/// `land_from` to where the land comes from.
double grow_institution(Work& w, LayoutSite& s, double wanted, std::string& land_from) {
    const std::size_t L = w.last();
    std::size_t j = k_none;
    double cap_land = 0;
    const Parcel* pa = w.parcel(s.parcel_id);
    if (s.action == "new") {
        if (pa) cap_land = pa->area_m2;
    } else {
        j = facility_index(w, s.facility_id);
        cap_land = s.parcel_id.empty() ? available_land(w, j) : std::max(s.land_area_m2, s.base_land_m2);
        if (pa) cap_land = std::max(cap_land, pa->area_m2);
    }
    const double cap = std::floor(cap_land / w.land_per_bed + 1e-9);
    const double extra = std::min(wanted, cap - s.beds);
    if (extra < 1) return 0;
    s.beds += extra;
    s.gain += extra;
    if (j != k_none && s.parcel_id.empty()) {
        land_from = claim_land(w, s, j, s.beds * w.land_per_bed);
    } else {
        s.land_area_m2 = std::max(s.land_area_m2, std::min(cap_land, s.beds * w.land_per_bed));
        land_from = s.action == "new" ? "on its parcel " + s.parcel_id : "on parcel " + s.parcel_id;
    }
    land_from += " (" + n0(cap_land) + " m² at " + n0(w.land_per_bed) + " m²/bed allows " + n0(cap) + ")";
    s.building_area_m2 = std::max(s.building_area_m2, s.beds * w.floor_per_bed);
    if (w.st[L].nursing_bed_share) s.nursing_beds = std::max(s.nursing_beds, ceil_count(s.beds * *w.st[L].nursing_bed_share));
    return extra;
}

/// New institutions on the free parcels of district `d` for `remaining` beds
/// (p-median over the parcels that hold them all, else the largest parcel and
/// the next). Leaves in `remaining` what no parcel holds and sets `unmet_reason`.
std::vector<LayoutSite> new_institutions(Work& w, std::size_t d, const std::vector<std::size_t>& estates, double& remaining,
                                         const std::string& because, std::string& unmet_reason) {
    const std::size_t L = w.last();
    const auto& da = w.audit.districts[d];
    std::vector<LayoutSite> out;
    while (remaining > k_eps) {
        const double land_need = remaining * w.land_per_bed;
        std::vector<std::size_t> fit, any;
        for (std::size_t p = 0; p < w.parcels.size(); ++p) {
            const Parcel& pa = w.parcels[p];
            if (w.parcel_used[p] || !pa.eligible || pa.district != d) continue;
            if (pa.area_m2 + k_eps >= land_need) fit.push_back(p);
            if (std::floor(pa.area_m2 / w.land_per_bed) >= 1) any.push_back(p);
        }
        std::size_t chosen = k_none;
        double beds = remaining;
        std::string why;
        if (!fit.empty()) {
            chosen = best_parcel(w, fit, estates);
            why = "p-median (" + w.distance_kind() + ") over " + std::to_string(fit.size()) + " parcels of " + da.id +
                  " with ≥ " + n0(land_need) + " m² (" + n0(remaining) + " beds × " + n0(w.land_per_bed) + " m²/bed)";
        } else if (!any.empty()) {
            chosen = *std::max_element(any.begin(), any.end(), [&](std::size_t a, std::size_t b) {
                return w.parcels[a].area_m2 < w.parcels[b].area_m2;
            });
            beds = std::floor(w.parcels[chosen].area_m2 / w.land_per_bed);
            why = "no parcel of " + da.id + " holds " + n0(land_need) + " m²: the largest takes " + n0(beds) + " beds";
        } else {
            unmet_reason = "no free vacant/convertible parcel in the district for an institution (" + n0(w.land_per_bed) +
                           " m² of land per bed)";
            break;
        }
        w.parcel_used[chosen] = true;
        LayoutSite s = new_site(w, "institution", chosen);
        s.beds = beds;
        s.nursing_beds = w.st[L].nursing_bed_share ? ceil_count(beds * *w.st[L].nursing_bed_share) : 0;
        s.building_area_m2 = beds * w.floor_per_bed;
        s.land_area_m2 = std::min(w.parcels[chosen].area_m2, beds * w.land_per_bed);
        s.gain = beds;
        s.serves = {da.id};
        s.reason = because + "; " + why;
        remaining -= beds;
        out.push_back(std::move(s));
    }
    return out;
}

/// Phases of a district's institution sites (in order): each phase takes sites
/// until its requirement holds, the last phase takes the rest. A site keeps an
/// earlier phase it already has (phases only move forward in time, never back).
void phase_institutions(const Work& w, const std::vector<LayoutSite*>& sites, double have,
                        const std::vector<double>& required) {
    const std::size_t L = w.last();
    double cum = have;
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size() && next < sites.size(); ++k) {
        while (next < sites.size() && (cum + k_eps < required[k] || k == L)) {
            LayoutSite& s = *sites[next];
            s.phase = s.phase > 0 ? std::min(s.phase, w.phases[k]) : w.phases[k];
            cum += s.gain;
            ++next;
        }
    }
}

/// Public beds: before the centres and stations (one institution per district).
void plan_institutions(Work& w) {
    Stopwatch t0;
    const std::size_t L = w.last();
    std::size_t n_new = 0, n_enl = 0;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> required;
        for (std::size_t k = 0; k < w.phases.size(); ++k) required.push_back(public_beds_required(w, k, db.elderly[k]));
        const double need_max = *std::max_element(required.begin(), required.end());
        double remaining = need_max - db.have;
        if (remaining <= k_eps) continue;
        const std::string because = "public beds of " + da.id + " " + n0(db.have) + " < " + n0(need_max) + " required (" +
                                    format_number(100 * w.st[L].institution_public_bed_share, 1, false) + "% of the elderly)";
        std::vector<LayoutSite> level_sites;
        // a) enlarge existing institutions on their own land (land per bed).
        for (auto j : db.institutions) {
            if (remaining <= k_eps) break;
            LayoutSite s = enlargement(w, "institution", j);
            s.serves = {da.id};
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason = because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            level_sites.push_back(std::move(s));
        }
        // b) new institutions on the district's parcels.
        std::string unmet_reason;
        for (auto& s : new_institutions(w, d, db.estates, remaining, because, unmet_reason)) level_sites.push_back(std::move(s));
        if (remaining > k_eps) w.unmet.push_back({w.phases[L], "institution", "public_beds", da.id, remaining, "beds", unmet_reason});
        std::vector<LayoutSite*> ptrs;
        for (auto& s : level_sites) ptrs.push_back(&s);
        phase_institutions(w, ptrs, db.have, required);
        for (auto& s : level_sites) {
            (s.action == "new" ? n_new : n_enl) += 1;
            w.sites.push_back(std::move(s));
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("institution (all phases)", t);
    w.say("institution, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_enl) + " enlarged (" + format_seconds(t) + ")");
}

/// Beds per 1000 elderly (beds.per_1000_elderly), after the centres and stations
/// so that the hierarchy's sites keep their parcels: institutional beds (existing
/// institutions and the institution sites) must reach the figure in each phase.
/// First the institutions grow on their own land (existing ones, then the
/// planned ones onto the rest of their parcels), then new institutions go on the
/// free parcels left; the phases of the district's institution sites are then
/// set for max(public beds, beds per 1000).
void plan_institution_beds(Work& w) {
    Stopwatch t0;
    const std::size_t L = w.last();
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        if (!w.st[k].beds_per_1000_elderly) {
            w.notes.push_back("the profile has no beds.per_1000_elderly for " + std::to_string(w.phases[k]) +
                              ": the beds-per-1000-elderly target is not applied in that phase");
        }
    }
    std::size_t n_new = 0, n_grown = 0;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> per1000, required;
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            per1000.push_back(beds_per_1000_required(w, k, db.elderly[k]));
            required.push_back(std::max(per1000.back(), public_beds_required(w, k, db.elderly[k])));
        }
        std::vector<std::size_t> idx;  // the district's institution sites in w.sites
        double beds = db.have;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const LayoutSite& s = w.sites[q];
            if (s.level == "institution" && s.action != "land_reserve" && s.district == da.id) {
                idx.push_back(q);
                beds += s.gain;
            }
        }
        const double need_max = *std::max_element(per1000.begin(), per1000.end());
        double remaining = need_max - beds;
        if (remaining <= k_eps) continue;
        const auto& fig = w.st[L].beds_per_1000_elderly;
        const std::string because = "beds per 1000 elderly of " + da.id + ": " + n0(beds) + " beds < " + n0(need_max) +
                                    " required (" + format_number(fig ? *fig : 0.0, 1, false) + " per 1000 elderly)";
        // a) grow on their own land: existing institutions (enlarged or not), then the planned ones.
        std::vector<LayoutSite> added;
        for (auto j : db.institutions) {
            if (remaining <= k_eps) break;
            LayoutSite* site = nullptr;
            for (auto q : idx) {
                if (w.sites[q].facility_id == w.city.facilities[j].id) site = &w.sites[q];
            }
            LayoutSite fresh;
            if (!site) {
                fresh = enlargement(w, "institution", j);
                fresh.serves = {da.id};
            }
            LayoutSite& s = site ? *site : fresh;
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason += (s.reason.empty() ? "" : "; ") + because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            ++n_grown;
            if (!site) added.push_back(std::move(fresh));
        }
        for (auto q : idx) {
            if (remaining <= k_eps) break;
            LayoutSite& s = w.sites[q];
            if (s.action != "new") continue;
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason += "; " + because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            ++n_grown;
        }
        // b) new institutions on the free parcels left.
        std::string unmet_reason = "the district's institutions are at their land's capacity";
        for (auto& s : new_institutions(w, d, db.estates, remaining, because, unmet_reason)) {
            ++n_new;
            added.push_back(std::move(s));
        }
        for (auto& s : added) w.sites.push_back(std::move(s));
        std::vector<LayoutSite*> ptrs;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            LayoutSite& s = w.sites[q];
            if (s.level == "institution" && s.action != "land_reserve" && s.district == da.id) ptrs.push_back(&s);
        }
        phase_institutions(w, ptrs, db.have, required);
        // c) what the land cannot give, per phase.
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            double built = db.have;
            for (const auto* s : ptrs) {
                if (s->phase <= w.phases[k]) built += s->gain;
            }
            if (built + k_eps < per1000[k]) {
                w.unmet.push_back({w.phases[k], "institution", "beds_per_1000", da.id, per1000[k] - built, "beds",
                                   unmet_reason + ": " + n0(built) + " beds = " +
                                       format_number(db.elderly[k] > 0 ? 1000.0 * built / db.elderly[k] : 0.0, 1, false) +
                                       " per 1000 elderly < " + format_number(*w.st[k].beds_per_1000_elderly, 1, false)});
            }
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("institution beds per 1000 (all phases)", t);
    w.say("institution beds per 1000 elderly, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_grown) +
          " grown (" + format_seconds(t) + ")");
}

/// Chain key of a row: the rows of one site over the phases (a new site and the
/// enlargements of it, or the enlargements of one existing facility) share it.
/// Before the ids are given, a phased new site's first row carries a temporary
/// id "#n" and its enlargements name it in facility_id.
std::string chain_key(const LayoutSite& s) {
    if (s.action == "land_reserve") return {};
    if (s.action == "new") return s.level + "|" + (s.id.empty() ? "parcel:" + s.parcel_id : s.id);
    return s.level + "|" + s.facility_id;
}

/// Phased sizing of the institution sites (after the public beds and the beds
/// per 1000 elderly): a site first built in an earlier phase is sized for that
/// phase's need, max(public beds, beds per 1000) of the district's elderly of
/// the year (running maximum over the phases, so sizes never shrink), and a
/// later phase that needs more enlarges it on the same land (an `enlarge` row
/// with the totals after it). Per phase the sites built by then are filled in
/// order (their planned order, the one phase_institutions used) up to the need;
/// a site never gets less than it had in the phase before, nor more than its
/// long-term size, which the last phase always takes. A site that the fill
/// would leave empty in its build phase (it was phased earlier for the
/// stations' coverage) is built at its long-term size.
void size_institutions_by_phase(Work& w) {
    const std::size_t P = w.phases.size();
    if (P < 2) return;
    const std::size_t L = w.last();
    std::vector<LayoutSite> out;
    out.reserve(w.sites.size());
    std::size_t next_tag = 0;
    std::map<std::string, std::size_t> district_of;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) district_of[w.audit.districts[d].id] = d;
    // Per district: the need per phase (running max) and the fill per phase.
    std::map<std::string, std::vector<double>> need;  // beds the sites must give, by phase
    std::map<std::string, std::vector<double>> total;  // beds the district must have, by phase
    for (const auto& [id, d] : district_of) {
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> t(P, 0.0);
        std::vector<double> v(P, 0.0);
        double run = 0;
        for (std::size_t k = 0; k < P; ++k) {
            run = std::max({run, public_beds_required(w, k, db.elderly[k]), beds_per_1000_required(w, k, db.elderly[k])});
            v[k] = std::max(0.0, run - db.have);
            t[k] = run;
        }
        total[id] = std::move(t);
        need[id] = std::move(v);
    }
    // size[q][k]: beds site q adds (over its facility's beds) by phase k; 0 = not built yet.
    std::vector<std::vector<double>> size(w.sites.size(), std::vector<double>(P, 0.0));
    std::map<std::string, std::vector<double>> filled;  // district -> beds given by phase k so far
    for (std::size_t k = 0; k < P; ++k) {
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const LayoutSite& s = w.sites[q];
            if (s.level != "institution" || s.action == "land_reserve" || s.phase > w.phases[k]) continue;
            auto it = need.find(s.district);
            auto& cum = filled.try_emplace(s.district, std::vector<double>(P, 0.0)).first->second;
            double z = s.gain;
            if (k < L && it != need.end()) {
                const double prev = k > 0 ? size[q][k - 1] : 0.0;
                z = std::clamp(it->second[k] - cum[k], prev, s.gain);
                if (z < 1 && s.phase == w.phases[k]) z = s.gain;  // built early for coverage: full size
            }
            size[q][k] = z;
            cum[k] += z;
        }
    }
    std::size_t n_split = 0;
    for (std::size_t q = 0; q < w.sites.size(); ++q) {
        LayoutSite& s = w.sites[q];
        std::size_t b = 0;
        while (b < P && w.phases[b] < s.phase) ++b;
        if (s.level != "institution" || s.action == "land_reserve" || b >= L || size[q][b] + k_eps >= s.gain) {
            out.push_back(std::move(s));
            continue;
        }
        // The site's long-term row, and what its facility had before (0 for a new site).
        const LayoutSite full = s;
        double base_beds = 0, base_floor = 0, base_nursing = 0;
        if (s.action == "enlarge") {
            const Facility& f = w.city.facilities[facility_index(w, s.facility_id)];
            base_beds = f.beds;
            base_floor = f.building_area;
            base_nursing = f.nursing_beds;
        }
        const auto& share = w.st[L].nursing_bed_share;
        auto sized = [&](LayoutSite row, double z) {
            row.beds = base_beds + z;
            row.building_area_m2 = std::min(full.building_area_m2, std::max(base_floor, row.beds * w.floor_per_bed));
            row.land_area_m2 = std::max(full.base_land_m2, std::min(full.land_area_m2, row.beds * w.land_per_bed));
            row.nursing_beds = std::min(full.nursing_beds, std::max(base_nursing, share ? ceil_count(row.beds * *share) : 0.0));
            return row;
        };
        const std::string tag = full.action == "new" ? "#" + std::to_string(++next_tag) : std::string{};
        LayoutSite first = sized(full, size[q][b]);
        first.gain = size[q][b];
        first.id = tag;
        first.reason += "; built for " + std::to_string(w.phases[b]) + " with " + n0(first.beds) + " beds (the need of " +
                        full.district + " that year), enlarged later to " + n0(full.beds);
        out.push_back(first);
        double prev_land = first.land_area_m2;
        for (std::size_t k = b + 1; k < P; ++k) {
            if (size[q][k] <= size[q][k - 1] + k_eps) continue;
            LayoutSite row = k == L ? full : sized(full, size[q][k]);
            row.id.clear();
            row.action = "enlarge";
            row.phase = w.phases[k];
            if (full.action == "new") row.facility_id = tag;
            row.base_land_m2 = prev_land;
            row.land_area_m2 = std::max(row.land_area_m2, prev_land);
            row.gain = size[q][k] - size[q][k - 1];
            row.reason = "enlarge " + (full.action == "new" ? "the institution on parcel " + full.parcel_id : full.facility_id) +
                         " for " + std::to_string(w.phases[k]) + ": beds " + n0(base_beds + size[q][k - 1]) + " -> " +
                         n0(row.beds) + " (" + full.district + " needs " + n0(total[full.district][k]) +
                         " institution beds that year: max(public beds, beds per 1000 elderly))";
            prev_land = row.land_area_m2;
            out.push_back(std::move(row));
        }
        ++n_split;
    }
    w.sites = std::move(out);
    if (n_split > 0) {
        w.say("institution sizing by phase: " + std::to_string(n_split) + " site(s) built smaller and enlarged later");
    }
}

// --- Centres: one compliant centre per street -------------------------------------

/// The target share of a level's groups for phase k: the profile's figure for
/// that year when it has one, else the hierarchy rule (every group); the last
/// phase always applies the hierarchy rule.
double group_target(const Work& w, std::size_t k, const std::optional<double>& figure) {
    if (k == w.last() || !figure) return 1.0;
    return *figure;
}

void plan_centres(Work& w) {
    Stopwatch t0;
    const std::size_t L = w.last();
    const Standards& s = w.st[L];
    struct Fix {
        std::string street;
        bool has_centre = false;  ///< a non-compliant centre exists (a smaller shortfall than none)
        double elderly = 0;
        LayoutSite site;
        bool ok = false;
    };
    std::vector<Fix> fixes;
    std::size_t compliant_today = 0;
    for (const auto& g : w.audit.streets) {
        bool ok = false;
        for (auto j : g.facilities) {
            const Facility& f = w.city.facilities[j];
            if (centre_ok(f.building_area, f.beds, f.nursing_beds, s)) ok = true;
        }
        if (ok) {
            ++compliant_today;
            continue;
        }
        std::vector<std::size_t> estates;
        double eld = 0;
        for (std::size_t i = 0; i < w.city.estates.size(); ++i) {
            if (w.city.estates[i].street == g.name) {
                estates.push_back(i);
                eld += w.elderly[L][i];
            }
        }
        Fix fix;
        fix.street = g.name;
        fix.has_centre = !g.facilities.empty();
        fix.elderly = eld;
        // a) enlarge the largest existing centre when its land allows.
        std::size_t best = k_none;
        for (auto j : g.facilities) {
            if (best == k_none || w.city.facilities[j].building_area > w.city.facilities[best].building_area) best = j;
        }
        std::string why_not;
        if (best != k_none) {
            const Facility& f = w.city.facilities[best];
            const double area = std::max(f.building_area, s.centre_min_area_m2);
            const double land_need = area / w.cfg.assumptions.centre_plot_ratio;
            const bool grows = area > f.building_area + k_eps;
            const double avail = available_land(w, best);
            if (!grows || avail + k_eps >= land_need) {
                LayoutSite site = enlargement(w, "centre", best);
                const std::string land_from = grows ? claim_land(w, site, best, land_need) : std::string{};
                site.building_area_m2 = area;
                site.beds = std::max(f.beds, static_cast<double>(s.centre_min_beds));
                site.nursing_beds = std::max(f.nursing_beds, ceil_count(site.beds * s.centre_min_nursing_share));
                std::string what;
                if (grows) what += " building " + n0(f.building_area) + " -> " + n0(area) + " m²";
                if (site.beds > f.beds) what += " beds " + n0(f.beds) + " -> " + n0(site.beds);
                if (site.nursing_beds > f.nursing_beds) what += " nursing beds " + n0(f.nursing_beds) + " -> " + n0(site.nursing_beds);
                site.reason = "street " + g.name + " has no compliant centre; enlarge " + f.id + ":" + what +
                              (grows ? " " + land_from + " (land " + n0(avail) + " m² ≥ " + n0(land_need) + " m² at plot ratio " +
                                           format_number(w.cfg.assumptions.centre_plot_ratio, 2, false) + ")"
                                     : " (no more floor area needed)");
                site.serves = {g.name};
                site.gain = 1;
                fix.site = std::move(site);
                fix.ok = true;
            } else {
                why_not = "; " + f.id + " cannot grow to " + n0(area) + " m² on " + n0(avail) + " m² of land";
            }
        }
        // b) a new centre on a parcel of the street.
        if (!fix.ok) {
            const double land_need = w.centre_land_need(s);
            std::vector<std::size_t> cands;
            bool any_in_street = false;
            for (std::size_t p = 0; p < w.parcels.size(); ++p) {
                const Parcel& pa = w.parcels[p];
                if (w.parcel_used[p] || !pa.eligible || pa.street != g.name) continue;
                any_in_street = true;
                if (pa.area_m2 + k_eps >= land_need) cands.push_back(p);
            }
            if (cands.empty()) {
                w.unmet.push_back({w.phases[L], "centre", "street_centre", g.name, 1, "centres",
                                   (any_in_street ? "no free parcel of the street has the " + n0(land_need) + " m² a centre needs"
                                                  : std::string("no free vacant/convertible parcel in the street")) + why_not});
            } else {
                const std::size_t p = best_parcel(w, cands, estates);
                w.parcel_used[p] = true;
                LayoutSite site = new_site(w, "centre", p);
                site.building_area_m2 = s.centre_min_area_m2;
                site.land_area_m2 = w.centre_land_need(s);
                site.beds = s.centre_min_beds;
                site.nursing_beds = ceil_count(site.beds * s.centre_min_nursing_share);
                site.serves = {g.name};
                site.gain = 1;
                site.reason = "street " + g.name + " has no compliant centre (" + (g.reason.empty() ? "" : g.reason) +
                              why_not + "); p-median (" + w.distance_kind() + ") over " + std::to_string(cands.size()) + " parcels of the street with ≥ " +
                              n0(land_need) + " m²";
                fix.site = std::move(site);
                fix.ok = true;
            }
        }
        if (fix.ok) fixes.push_back(std::move(fix));
    }
    // Phases: streets without any centre first, then the streets with the most
    // elderly, until each phase's share is reached.
    std::stable_sort(fixes.begin(), fixes.end(), [](const Fix& a, const Fix& b) {
        if (a.has_centre != b.has_centre) return !a.has_centre;
        return a.elderly > b.elderly;
    });
    const double n_streets = static_cast<double>(w.audit.streets.size());
    std::size_t next = 0, n_new = 0, n_enl = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        const double target = group_target(w, k, w.st[k].street_centre_coverage);
        while (next < fixes.size() &&
               (static_cast<double>(compliant_today + next) + k_eps < target * n_streets || k == L)) {
            fixes[next].site.phase = w.phases[k];
            ++next;
        }
    }
    for (auto& f : fixes) {
        (f.site.action == "new" ? n_new : n_enl) += 1;
        w.sites.push_back(std::move(f.site));
    }
    const double t = t0.seconds();
    w.timing.emplace_back("centre (all phases)", t);
    w.say("centre, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_enl) + " enlarged (" + format_seconds(t) + ")");
}

// --- Stations: 15-minute coverage and one station per community -----------------------

void plan_stations(Work& w) {
    Stopwatch t0;
    const std::size_t L = w.last();
    const Standards& s = w.st[L];
    const City& city = w.city;
    const WalkData* walk = w.walk();
    std::vector<LayoutSite> enlarged;
    // a) enlarge existing stations below the minimum where their land allows.
    std::set<std::string> enlarged_ids;
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const Facility& f = city.facilities[j];
        if (!is_station_kind(f.kind) || station_ok(f.building_area, s)) continue;
        const double need = w.station_land_need(s);
        if (available_land(w, j) + k_eps < need) continue;
        LayoutSite site = enlargement(w, "station", j);
        site.building_area_m2 = s.station_min_area_m2;
        site.beds = std::max(f.beds, static_cast<double>(s.station_min_day_care_beds));
        const std::string land_from = claim_land(w, site, j, need);
        site.reason = f.id + " has " + n0(f.building_area) + " m² < " + n0(s.station_min_area_m2) + " m²: enlarge " +
                      land_from + " (≥ " + n0(need) + " m² at plot ratio " +
                      format_number(w.cfg.assumptions.station_plot_ratio, 2, false) + ")";
        site.gain = 0;
        site.phase = w.phases[0];
        enlarged_ids.insert(f.id);
        enlarged.push_back(std::move(site));
    }

    // b) coverage: LSCP over the eligible parcels, existing facilities and the new
    //    centres and institutions open.
    std::vector<std::size_t> dem;
    std::vector<geo::Point> dem_pts;
    opt::Problem pb;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        if (w.elderly[L][i] <= 0) continue;
        dem.push_back(i);
        dem_pts.push_back(city.estates[i].point);
        pb.demands.push_back({city.estates[i].id, w.elderly[L][i], city.estates[i].households});
    }
    std::vector<geo::Point> site_pts;
    std::vector<int> open_phase;  // existing/fixed sites: the phase they open (0 = today)
    for (const auto& f : city.facilities) {
        pb.sites.push_back({f.id, true, std::nullopt});
        site_pts.push_back(f.point);
        open_phase.push_back(0);
    }
    for (const auto& ls : w.sites) {
        if (ls.action != "new") continue;
        pb.sites.push_back({ls.parcel_id, true, std::nullopt});
        site_pts.push_back(ls.point);
        open_phase.push_back(ls.phase);
    }
    const std::size_t first_cand = pb.sites.size();
    std::vector<std::size_t> cand_parcel;
    const double land_need = w.station_land_need(s);
    for (std::size_t p = 0; p < w.parcels.size(); ++p) {
        const Parcel& pa = w.parcels[p];
        if (w.parcel_used[p] || !pa.eligible || pa.area_m2 + k_eps < land_need) continue;
        pb.sites.push_back({pa.id, false, std::nullopt});
        site_pts.push_back(pa.point);
        cand_parcel.push_back(p);
    }
    const SiteReach reach = reach_lists(site_pts, dem_pts, w.threshold, walk, w.max_snap);
    std::vector<std::vector<opt::Link>> per_site(reach.per_site.size());
    std::vector<bool> reachable(dem.size(), false);
    for (std::size_t k = 0; k < reach.per_site.size(); ++k) {
        for (const auto& [d, c] : reach.per_site[k]) {
            if (c <= w.threshold + k_eps) {
                per_site[k].push_back({d, c});
                reachable[d] = true;
            }
        }
    }
    pb.costs = opt::CostTable::sparse(dem.size(), std::move(per_site));
    std::vector<opt::Index> chosen;
    std::string method;
    if (!dem.empty()) {
        double coverable = 0;
        for (std::size_t d = 0; d < dem.size(); ++d) {
            if (reachable[d]) coverable += pb.demands[d].weight;
        }
        const double total = pb.total_weight();
        double target = std::min(s.coverage_target, coverable / total);
        if (target > 0 && pb.n_candidates() > 0) {
            opt::Options o;
            o.model = opt::Model::lscp;
            o.radius = w.threshold;
            o.target_share = std::min(1.0, target);
            o.time_limit = 30;
            const opt::Result r = opt::solve(pb, o);
            chosen = r.open_sites;
            method = "lscp (" + std::string(opt::to_string(r.status)) + ")";
        }
        for (std::size_t d = 0; d < dem.size(); ++d) {
            if (!reachable[d]) {
                w.unmet.push_back({w.phases[L], "station", "coverage_15min", city.estates[dem[d]].id, pb.demands[d].weight,
                                   "elderly",
                                   "no facility and no candidate parcel (free, vacant/convertible, ≥ " + n0(land_need) +
                                       " m²) within " + n0(w.threshold) + " m" +
                                       (walk ? " of walking" : "")});
            }
        }
    }
    const double t_solve = t0.seconds();

    // Rank by marginal gain (elderly newly covered, long term, with everything fixed open).
    std::vector<bool> covered(dem.size(), false);
    for (std::size_t k = 0; k < first_cand; ++k) {
        for (const auto& [d, c] : reach.per_site[k]) {
            if (c <= w.threshold + k_eps) covered[d] = true;
        }
    }
    std::vector<opt::Index> remaining = chosen, order;
    std::vector<double> gains;
    while (!remaining.empty()) {
        std::size_t best = 0;
        double best_gain = -1;
        for (std::size_t q = 0; q < remaining.size(); ++q) {
            double g = 0;
            for (const auto& [d, c] : reach.per_site[remaining[q]]) {
                if (c <= w.threshold + k_eps && !covered[d]) g += pb.demands[d].weight;
            }
            if (g > best_gain + k_eps) {
                best_gain = g;
                best = q;
            }
        }
        for (const auto& [d, c] : reach.per_site[remaining[best]]) {
            if (c <= w.threshold + k_eps) covered[d] = true;
        }
        order.push_back(remaining[best]);
        gains.push_back(best_gain);
        remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(best));
    }
    // Who each new station serves: estates whose nearest open site is it.
    std::vector<double> best_cost(dem.size(), std::numeric_limits<double>::infinity());
    std::vector<std::size_t> best_site(dem.size(), k_none);
    std::vector<bool> open(pb.sites.size(), false);
    for (std::size_t k = 0; k < first_cand; ++k) open[k] = true;
    for (auto k : chosen) open[k] = true;
    for (std::size_t k = 0; k < pb.sites.size(); ++k) {
        if (!open[k]) continue;
        for (const auto& [d, c] : reach.per_site[k]) {
            if (c <= w.threshold + k_eps && (c < best_cost[d] || (c == best_cost[d] && k < best_site[d]))) {
                best_cost[d] = c;
                best_site[d] = k;
            }
        }
    }
    std::vector<LayoutSite> coverage_sites;
    for (std::size_t q = 0; q < order.size(); ++q) {
        const std::size_t p = cand_parcel[order[q] - first_cand];
        w.parcel_used[p] = true;
        LayoutSite site = new_site(w, "station", p);
        site.beds = s.station_min_day_care_beds;  // day-care beds (facility.station.min_day_care_beds)
        double hh = 0;
        for (std::size_t d = 0; d < dem.size(); ++d) {
            if (best_site[d] != order[q]) continue;
            site.serves.push_back(city.estates[dem[d]].id);
            hh += city.estates[dem[d]].households;
        }
        site.building_area_m2 = std::max(s.station_min_area_m2, std::ceil(hh / 100.0 * s.area_per_100_households_m2 - 1e-9));
        site.land_area_m2 = site.building_area_m2 / w.cfg.assumptions.station_plot_ratio;
        if (site.land_area_m2 > w.parcels[p].area_m2) {
            site.land_area_m2 = w.parcels[p].area_m2;
            site.building_area_m2 = std::max(s.station_min_area_m2, site.land_area_m2 * w.cfg.assumptions.station_plot_ratio);
        }
        site.gain = gains[q];
        site.reason = "15-minute coverage: +" + n0(gains[q]) + " elderly (" + method + ", rank " + std::to_string(q + 1) +
                      "); " + n0(hh) + " households served × " + n0(s.area_per_100_households_m2) + " m²/100";
        coverage_sites.push_back(std::move(site));
    }

    // c) one compliant station per community.
    std::map<std::string, bool> community_ok;
    for (const auto& g : w.audit.communities) {
        bool ok = false;
        for (auto j : g.facilities) {
            const Facility& f = city.facilities[j];
            if (station_ok(f.building_area, s) || enlarged_ids.count(f.id)) ok = true;
        }
        community_ok[g.name] = ok;
    }
    for (const auto& site : coverage_sites) {
        if (const Parcel* pa = w.parcel(site.parcel_id)) community_ok[pa->community] = true;
    }
    std::vector<LayoutSite> community_sites;
    for (const auto& g : w.audit.communities) {
        if (community_ok[g.name]) continue;
        std::vector<std::size_t> estates;
        double hh = 0, eld = 0;
        for (std::size_t i = 0; i < city.estates.size(); ++i) {
            if (city.estates[i].community == g.name) {
                estates.push_back(i);
                hh += city.estates[i].households;
                eld += w.elderly[L][i];
            }
        }
        std::vector<std::size_t> cands;
        for (std::size_t p = 0; p < w.parcels.size(); ++p) {
            const Parcel& pa = w.parcels[p];
            if (!w.parcel_used[p] && pa.eligible && pa.community == g.name && pa.area_m2 + k_eps >= land_need) cands.push_back(p);
        }
        if (cands.empty()) {
            w.unmet.push_back({w.phases[L], "station", "community_station", g.name, 1, "stations",
                               "no free vacant/convertible parcel of ≥ " + n0(land_need) + " m² in the community" +
                                   (g.reason.empty() ? "" : " (" + g.reason + ")")});
            continue;
        }
        const std::size_t p = best_parcel(w, cands, estates);
        w.parcel_used[p] = true;
        LayoutSite site = new_site(w, "station", p);
        site.beds = s.station_min_day_care_beds;  // day-care beds (facility.station.min_day_care_beds)
        for (auto i : estates) site.serves.push_back(city.estates[i].id);
        site.building_area_m2 = s.station_min_area_m2;
        site.land_area_m2 = site.building_area_m2 / w.cfg.assumptions.station_plot_ratio;
        site.gain = eld;
        site.reason = "community " + g.name + " has no compliant station (" + (g.reason.empty() ? "below minimum" : g.reason) +
                      "); p-median (" + w.distance_kind() + ") over " + std::to_string(cands.size()) + " parcels of the community";
        community_sites.push_back(std::move(site));
    }
    const double t_long = t0.seconds();
    w.timing.emplace_back("station long-term solve", t_long);
    w.say("station " + std::to_string(w.phases[L]) + " (long term): " + std::to_string(coverage_sites.size()) +
          " for coverage, " + std::to_string(community_sites.size()) + " for communities, " +
          std::to_string(enlarged.size()) + " enlarged (" + format_seconds(t_long) + ", solve " + format_seconds(t_solve) + ")");

    // Phases. Coverage stations: a prefix of the ranked list until the phase's
    // coverage target holds for that phase's elderly, with the sites of earlier
    // levels that are open by then.
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        Stopwatch tk;
        if (k == L) {
            for (; next < coverage_sites.size(); ++next) coverage_sites[next].phase = w.phases[k];
        } else {
            std::vector<bool> cov(dem.size(), false);
            double total = 0;
            for (std::size_t d = 0; d < dem.size(); ++d) total += w.elderly[k][dem[d]];
            for (std::size_t q = 0; q < first_cand; ++q) {
                if (open_phase[q] > w.phases[k]) continue;
                for (const auto& [d, c] : reach.per_site[q]) {
                    if (c <= w.threshold + k_eps) cov[d] = true;
                }
            }
            auto mark = [&](std::size_t q) {
                for (const auto& [d, c] : reach.per_site[order[q]]) {
                    if (c <= w.threshold + k_eps) cov[d] = true;
                }
            };
            for (std::size_t q = 0; q < next; ++q) mark(q);
            auto share = [&] {
                double c = 0;
                for (std::size_t d = 0; d < dem.size(); ++d) {
                    if (cov[d]) c += w.elderly[k][dem[d]];
                }
                return total > 0 ? c / total : 1.0;
            };
            while (next < coverage_sites.size() && share() + k_eps < w.st[k].coverage_target) {
                coverage_sites[next].phase = w.phases[k];
                mark(next);
                ++next;
            }
        }
        w.timing.emplace_back("station " + std::to_string(w.phases[k]), tk.seconds());
        w.say("station " + std::to_string(w.phases[k]) + ": " + std::to_string(next) + " of " +
              std::to_string(coverage_sites.size()) + " coverage stations built by then (" + format_seconds(tk.seconds()) + ")");
    }
    // Community stations: the communities with the most elderly first. A phase
    // counts the communities that have a compliant station by then (existing,
    // enlarged in the first phase, or a coverage station built by that year).
    std::stable_sort(community_sites.begin(), community_sites.end(),
                     [](const LayoutSite& a, const LayoutSite& b) { return a.gain > b.gain; });
    std::map<std::string, std::string> parcel_community;
    for (const auto& pa : w.parcels) parcel_community[pa.id] = pa.community;
    const double n_comm = static_cast<double>(w.audit.communities.size());
    std::size_t cnext = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        std::set<std::string> ok_k;
        for (const auto& g : w.audit.communities) {
            for (auto j : g.facilities) {
                const Facility& f = city.facilities[j];
                if (station_ok(f.building_area, s) || enlarged_ids.count(f.id)) ok_k.insert(g.name);
            }
        }
        for (const auto& site : coverage_sites) {
            if (site.phase <= w.phases[k]) ok_k.insert(parcel_community[site.parcel_id]);
        }
        const double target = group_target(w, k, w.st[k].community_station_coverage);
        while (cnext < community_sites.size() &&
               (static_cast<double>(ok_k.size() + cnext) + k_eps < target * n_comm || k == L)) {
            community_sites[cnext].phase = w.phases[k];
            ++cnext;
        }
    }
    for (auto& x : enlarged) w.sites.push_back(std::move(x));
    for (auto& x : coverage_sites) w.sites.push_back(std::move(x));
    for (auto& x : community_sites) w.sites.push_back(std::move(x));
}

// --- Land: per-capita land by district --------------------------------------------------

void plan_land(Work& w) {
    Stopwatch t0;
    // The rows of one site over the phases (a site and its later enlargements)
    // share a parcel: the land of each is the total after it, its base the land
    // of the row before, and the parcel's rest is reserved once, on the latest
    // row built by the phase.
    std::vector<std::size_t> chain_next(w.sites.size(), k_none);
    {
        std::map<std::string, std::size_t> last_row;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const std::string key = chain_key(w.sites[q]);
            if (key.empty()) continue;
            auto [it, fresh] = last_row.try_emplace(key, q);
            if (!fresh) {
                chain_next[it->second] = q;
                it->second = q;
            }
        }
    }
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        if (da.population <= 0) continue;
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            const Standards& s = w.st[k];
            double land = da.facility_land_m2;
            for (const auto& site : w.sites) {
                if (site.district == da.id && site.phase <= w.phases[k]) land += site.land_area_m2 - site.base_land_m2;
            }
            const double need_min = s.land_per_capita_min_m2 * da.population;
            const double cap = s.land_per_capita_max_m2 > 0 ? s.land_per_capita_max_m2 * da.population : 1e300;
            double short_m2 = need_min - land;
            if (short_m2 <= 1e-6) continue;
            // a) reserve the rest of the parcels of sites built by then.
            for (std::size_t q = 0; q < chain_next.size(); ++q) {
                LayoutSite& site = w.sites[q];
                if (short_m2 <= 1e-6) break;
                if (site.district != da.id || site.parcel_id.empty() || site.phase > w.phases[k]) continue;
                if (chain_next[q] != k_none && w.sites[chain_next[q]].phase <= w.phases[k]) continue;  // a later row holds it
                const Parcel& pa = *w.parcel(site.parcel_id);
                const double extra = std::min({pa.area_m2 - site.land_area_m2, short_m2, cap - land});
                if (extra <= 1e-6) continue;
                site.land_area_m2 += extra;
                site.reason += "; +" + n0(extra) + " m² of the parcel reserved: " + da.id + " land " +
                               format_number(land / da.population, 3, false) + " < " +
                               format_number(s.land_per_capita_min_m2, 2, false) + " m²/person";
                land += extra;
                short_m2 -= extra;
                for (std::size_t r = q; chain_next[r] != k_none; r = chain_next[r]) {
                    LayoutSite& later = w.sites[chain_next[r]];
                    later.base_land_m2 = w.sites[r].land_area_m2;
                    later.land_area_m2 = std::max(later.land_area_m2, later.base_land_m2);
                }
            }
            // b) reserve free parcels of the district (the smallest that closes the gap, else the largest).
            while (short_m2 > 1e-6) {
                std::size_t pick = k_none;
                for (std::size_t p = 0; p < w.parcels.size(); ++p) {
                    const Parcel& pa = w.parcels[p];
                    if (w.parcel_used[p] || !pa.eligible || pa.district != d) continue;
                    if (pick == k_none) {
                        pick = p;
                        continue;
                    }
                    const double a = w.parcels[pick].area_m2, b = pa.area_m2;
                    const bool a_fits = a + k_eps >= short_m2, b_fits = b + k_eps >= short_m2;
                    if ((b_fits && (!a_fits || b < a)) || (!a_fits && !b_fits && b > a)) pick = p;
                }
                if (pick == k_none) {
                    w.unmet.push_back({w.phases[k], "land", "land_per_capita", da.id, short_m2, "m²",
                                       "no free vacant/convertible parcel left in the district: land " +
                                           format_number(land / da.population, 3, false) + " < " +
                                           format_number(s.land_per_capita_min_m2, 2, false) + " m²/person"});
                    break;
                }
                w.parcel_used[pick] = true;
                LayoutSite site = new_site(w, "institution", pick);
                site.action = "land_reserve";
                site.phase = w.phases[k];
                site.land_area_m2 = std::min({w.parcels[pick].area_m2, short_m2, cap - land});
                site.serves = {da.id};
                site.reason = "land reserve (预留养老用地): " + da.id + " has " + format_number(land / da.population, 3, false) +
                              " < " + format_number(s.land_per_capita_min_m2, 2, false) + " m²/person; " + n0(site.land_area_m2) +
                              " m² of this parcel close " + n0(short_m2) + " m²";
                land += site.land_area_m2;
                short_m2 -= site.land_area_m2;
                w.sites.push_back(std::move(site));
            }
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("land (all phases)", t);
    w.say("land, all phases (" + format_seconds(t) + ")");
}

// --- Figures per district -----------------------------------------------------------

void district_figures(Work& w, LayoutRun& out) {
    const City& city = w.city;
    const std::size_t P = w.phases.size();
    const std::size_t C = P + 1;  // today + phases
    std::vector<int> col_year{0};
    for (int y : w.phases) col_year.push_back(y);
    auto built = [&](const LayoutSite& s, std::size_t c) { return c > 0 && s.phase <= col_year[c]; };
    auto stand = [&](std::size_t c) -> const Standards& { return c == 0 ? w.st_today : w.st[c - 1]; };
    auto eld = [&](std::size_t c, std::size_t i) { return c == 0 ? city.estates[i].elderly : w.elderly[c - 1][i]; };

    // Point coverage by column.
    std::vector<geo::Point> pts;
    std::vector<int> opens;  // 0 = today
    for (const auto& f : city.facilities) {
        pts.push_back(f.point);
        opens.push_back(0);
    }
    for (const auto& s : w.sites) {
        if (s.action != "new") continue;
        pts.push_back(s.point);
        opens.push_back(s.phase);
    }
    std::vector<geo::Point> est_pts;
    for (const auto& e : city.estates) est_pts.push_back(e.point);
    const SiteReach reach = reach_lists(pts, est_pts, w.threshold, w.audit.coverage.walk.get(), w.max_snap);
    std::vector<int> first_cover(city.estates.size(), std::numeric_limits<int>::max());
    for (std::size_t q = 0; q < pts.size(); ++q) {
        for (const auto& [d, c] : reach.per_site[q]) {
            if (c <= w.threshold + k_eps) first_cover[d] = std::min(first_cover[d], opens[q]);
        }
    }

    // Community and street compliance by column.
    auto group_ok = [&](const GroupAudit& g, bool community, std::size_t c) {
        const Standards& s = stand(c);
        for (auto j : g.facilities) {
            const Facility& f = city.facilities[j];
            if (community ? station_ok(f.building_area, s) : centre_ok(f.building_area, f.beds, f.nursing_beds, s)) return true;
        }
        for (const auto& site : w.sites) {
            if (!built(site, c) || site.level != (community ? "station" : "centre")) continue;
            if (site.action == "enlarge") {
                for (auto j : g.facilities) {
                    if (city.facilities[j].id == site.facility_id) return true;
                }
            } else if (site.action == "new") {
                const Parcel* pa = w.parcel(site.parcel_id);
                if (pa && (community ? pa->community : pa->street) == g.name) return true;
            }
        }
        return false;
    };

    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        LayoutDistrict ld;
        ld.id = da.id;
        ld.name = da.name;
        ld.population = da.population;
        LayoutFigure f_eld{"elderly", "persons", {}, {}};
        LayoutFigure f_cov{"coverage_15min", "share", {}, {}};
        LayoutFigure f_com{"community_station", "share", {}, {}};
        LayoutFigure f_str{"street_centre", "share", {}, {}};
        LayoutFigure f_bed{"public_beds", "beds", {}, {}};
        LayoutFigure f_per{"beds_per_1000", "beds/1000 elderly", {}, {}};
        LayoutFigure f_land{"land_per_capita_m2", "m²/person", {}, {}};
        for (std::size_t c = 0; c < C; ++c) {
            const Standards& s = stand(c);
            double e = 0, ec = 0;
            for (std::size_t i = 0; i < city.estates.size(); ++i) {
                if (w.estate_district[i] != d) continue;
                e += eld(c, i);
                if (first_cover[i] <= col_year[c]) ec += eld(c, i);
            }
            ld.elderly.push_back(e);
            f_eld.value.push_back(e);
            f_eld.required.push_back(k_nan);
            f_cov.value.push_back(e > 0 ? ec / e : 1.0);
            f_cov.required.push_back(s.coverage_target);
            for (int pass = 0; pass < 2; ++pass) {
                const bool community = pass == 0;
                const auto& groups = community ? w.audit.communities : w.audit.streets;
                const auto& gd = community ? w.community_district : w.street_district;
                double n = 0, ok = 0;
                for (const auto& g : groups) {
                    auto it = gd.find(g.name);
                    if (it == gd.end() || it->second != d) continue;
                    ++n;
                    if (group_ok(g, community, c)) ++ok;
                }
                LayoutFigure& f = community ? f_com : f_str;
                f.value.push_back(n > 0 ? ok / n : 1.0);
                const auto& fig = community ? s.community_station_coverage : s.street_centre_coverage;
                f.required.push_back(c + 1 == C ? 1.0 : (fig ? *fig : (c == 0 ? k_nan : 1.0)));
            }
            double beds = da.institution_beds, land = da.facility_land_m2;
            for (const auto& site : w.sites) {
                if (!built(site, c) || site.district != da.id) continue;
                if (site.level == "institution") beds += site.gain * (site.action == "land_reserve" ? 0 : 1);
                land += site.land_area_m2 - site.base_land_m2;
            }
            f_bed.value.push_back(beds);
            f_bed.required.push_back(ceil_count(e * s.institution_public_bed_share));
            f_per.value.push_back(e > 0 ? 1000.0 * beds / e : 0.0);
            f_per.required.push_back(s.beds_per_1000_elderly ? *s.beds_per_1000_elderly : k_nan);
            f_land.value.push_back(da.population > 0 ? land / da.population : 0.0);
            f_land.required.push_back(s.land_per_capita_min_m2);
        }
        ld.figures = {std::move(f_eld), std::move(f_cov), std::move(f_com), std::move(f_str), std::move(f_bed), std::move(f_per),
                      std::move(f_land)};
        out.districts.push_back(std::move(ld));
    }
}

}  // namespace

LayoutRun run_layout(const AuditRun& run, const InputConfig& input, const CoverageConfig& cov, const LayoutConfig& cfg_in,
                     const Progress& progress) {
    Stopwatch t_all;
    LayoutConfig cfg = cfg_in;
    const int base_year = input.year.value_or(run.profile.default_year());
    if (cfg.phases.empty()) cfg.phases = {base_year + 5, base_year + 15};
    cfg.validate();
    if (cfg.parcels.empty()) throw ArgumentError("plan --layout: give --parcels FILE (land parcels: id, land_use, area)");
    for (int y : cfg.phases) {
        if (y < base_year) {
            throw ArgumentError("--phases: year " + std::to_string(y) + " precedes the base year " +
                                std::to_string(base_year) + " (the profile's year or --year)");
        }
    }
    // Plot ratios: planning assumptions held by the profile (layout.*), for the last phase.
    for (auto [key, value] : {std::pair{"layout.station_plot_ratio", &cfg.assumptions.station_plot_ratio},
                              std::pair{"layout.centre_plot_ratio", &cfg.assumptions.centre_plot_ratio}}) {
        if (run.profile.has(key)) *value = run.profile.number(key, cfg.phases.back());
    }
    LayoutRun out;
    out.base_year = base_year;
    out.phases = cfg.phases;
    out.assumptions = cfg.assumptions;
    Stopwatch t0;
    out.parcels = load_parcels(cfg.parcels, input, run.city);
    if (progress) {
        std::size_t eligible = 0;
        for (const auto& p : out.parcels) eligible += p.eligible ? 1 : 0;
        progress("layout", std::to_string(out.parcels.size()) + " parcels, " + std::to_string(eligible) + " eligible (" +
                               format_seconds(t0.seconds()) + ")");
    }

    {
        std::map<std::string, int> excluded;
        for (const auto& p : out.parcels) {
            if (!p.eligible) ++excluded[p.land_use_raw];
        }
        for (const auto& [use, n] : excluded) {
            out.notes.push_back(std::to_string(n) + " parcel(s) with land use '" + use +
                                "' are not candidates (only vacant, convertible and public-service land)");
        }
    }
    Work w(run, cfg, out.parcels, progress);
    w.max_snap = cov.max_snap;
    w.parcel_used.assign(out.parcels.size(), false);
    w.parcel_claimed.assign(out.parcels.size(), false);
    w.threshold = run.audit.coverage.threshold_m;
    for (int y : cfg.phases) w.st.push_back(run.profile.resolve(y));
    const Profile& prof = run.profile;
    w.land_per_bed = prof.has("facility.institution.land_per_bed_min_m2")
                         ? prof.number("facility.institution.land_per_bed_min_m2", cfg.phases.back())
                         : cfg.assumptions.institution_land_per_bed_m2;
    w.land_per_bed_max = prof.has("facility.institution.land_per_bed_max_m2")
                             ? prof.number("facility.institution.land_per_bed_max_m2", cfg.phases.back())
                             : w.land_per_bed;
    w.floor_per_bed = prof.has("facility.institution.min_floor_area_per_bed_m2")
                          ? prof.number("facility.institution.min_floor_area_per_bed_m2", cfg.phases.back())
                          : cfg.assumptions.institution_floor_per_bed_m2;
    for (auto [key, value] : {std::pair{"facility.institution.land_per_bed_min_m2", w.land_per_bed},
                              std::pair{"facility.institution.min_floor_area_per_bed_m2", w.floor_per_bed}}) {
        if (!(value > 0)) {
            throw ArgumentError(std::string("profile: ") + key + " = " + format_number(value, 2, false) +
                                ": the layout plan divides by it and needs a value greater than 0");
        }
    }
    out.assumptions.institution_land_per_bed_m2 = w.land_per_bed;
    out.assumptions.institution_floor_per_bed_m2 = w.floor_per_bed;
    map_districts(w);
    project_elderly(w, base_year);

    plan_institutions(w);
    plan_centres(w);
    plan_stations(w);
    plan_institution_beds(w);
    size_institutions_by_phase(w);
    plan_land(w);

    // Order: phase, then level, then as planned; ids L001...
    const std::map<std::string, int> level_rank{{"station", 0}, {"centre", 1}, {"institution", 2}};
    std::stable_sort(w.sites.begin(), w.sites.end(), [&](const LayoutSite& a, const LayoutSite& b) {
        if (a.phase != b.phase) return a.phase < b.phase;
        return level_rank.at(a.level) < level_rank.at(b.level);
    });
    std::map<std::string, std::string> tag_id;  // "#n" of a phased new site -> its row id
    for (std::size_t k = 0; k < w.sites.size(); ++k) {
        char id[32];
        std::snprintf(id, sizeof id, "L%03zu", k + 1);
        if (!w.sites[k].id.empty()) tag_id[w.sites[k].id] = id;
        w.sites[k].id = id;
    }
    for (auto& s : w.sites) {
        if (s.action != "enlarge" || s.facility_id.empty() || s.facility_id[0] != '#') continue;
        s.facility_id = tag_id.at(s.facility_id);
        s.reason += "; enlarges " + s.facility_id;
    }
    district_figures(w, out);
    out.sites = std::move(w.sites);
    out.unmet = std::move(w.unmet);
    for (auto& n : w.notes) out.notes.push_back(std::move(n));
    out.timing = std::move(w.timing);
    out.timing.emplace_back("total", t_all.seconds());

    nlohmann::json j;
    j["base_year"] = base_year;
    j["phases"] = cfg.phases;
    j["parcels"] = out.parcels.size();
    j["elderly_growth"] = cfg.elderly_growth ? nlohmann::json(*cfg.elderly_growth) : nlohmann::json(nullptr);
    j["projection"] = cfg.projection;
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& s : out.sites) {
        auto& c = counts[std::to_string(s.phase)][s.level][s.action];
        c = c.is_number() ? c.get<int>() + 1 : 1;
    }
    j["sites"] = counts;
    j["unmet"] = nlohmann::json::array();
    for (const auto& u : out.unmet) {
        j["unmet"].push_back({{"phase", u.phase}, {"level", u.level}, {"target", u.target}, {"where", u.where},
                              {"shortfall", round6(u.shortfall)}, {"unit", u.unit}, {"reason", u.reason}});
    }
    j["assumptions"] = {{"station_plot_ratio", out.assumptions.station_plot_ratio},
                        {"centre_plot_ratio", out.assumptions.centre_plot_ratio},
                        {"institution_land_per_bed_m2", out.assumptions.institution_land_per_bed_m2},
                        {"institution_floor_per_bed_m2", out.assumptions.institution_floor_per_bed_m2}};
    j["notes"] = out.notes;
    nlohmann::json timing = nlohmann::json::object();
    for (const auto& [k, v] : out.timing) timing[k] = std::round(v * 1000.0) / 1000.0;
    j["seconds"] = timing;
    out.summary = j;
    return out;
}

}  // namespace lc::app
