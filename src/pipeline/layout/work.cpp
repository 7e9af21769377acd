// The city as the layout sees it: districts, projected elderly, parcel choice
// and the site rows the stages share (see work.hpp).
#include "pipeline/layout/work.hpp"

#include "lc/csv.hpp"
#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"
#include "lc/optimize/solve.hpp"
#include "pipeline/timing.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace lc::app::layout {

namespace {

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

std::size_t locate_district(const Work& w, geo::Point p, std::size_t nearest_estate) {
    if (!w.city.districts.empty()) {
        for (std::size_t k = 0; k < w.city.districts.size(); ++k) {
            if (w.city.districts[k].geometry.covers(p)) return k;
        }
        return k_none;
    }
    return nearest_estate == k_none ? k_none : w.estate_district[nearest_estate];
}

}  // namespace

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

LayoutSite new_site(const Work& w, Level level, std::size_t parcel) {
    LayoutSite s;
    s.level = level;
    s.action = SiteAction::build;
    s.parcel_id = w.parcels[parcel].id;
    s.point = w.parcels[parcel].point;
    s.district = w.district_id(w.parcels[parcel].district);
    return s;
}

double available_land(const Work& w, std::size_t j) {
    const double own = w.city.facilities[j].land_area;
    const std::size_t p = w.facility_parcel[j];
    return p != k_none && !w.parcel_claimed[p] ? std::max(own, w.parcels[p].area_m2) : own;
}

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

LayoutSite enlargement(const Work& w, Level level, std::size_t facility) {
    const Facility& f = w.city.facilities[facility];
    LayoutSite s;
    s.level = level;
    s.action = SiteAction::enlarge;
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

std::size_t facility_index(const Work& w, const std::string& id) {
    for (std::size_t j = 0; j < w.city.facilities.size(); ++j) {
        if (w.city.facilities[j].id == id) return j;
    }
    return k_none;
}

std::string chain_key(const LayoutSite& s) {
    if (s.action == SiteAction::land_reserve) return {};
    if (s.action == SiteAction::build) return std::string(to_string(s.level)) + "|" + (s.id.empty() ? "parcel:" + s.parcel_id : s.id);
    return std::string(to_string(s.level)) + "|" + s.facility_id;
}

double group_target(const Work& w, std::size_t k, std::string_view key) {
    const Profile& prof = w.run.profile;
    if (k == w.last() || !prof.has(key)) return 1.0;
    const ResolvedFigure r = prof.resolved(key, w.phases[k]);
    return r.in_force ? r.value : 0.0;
}

}  // namespace lc::app::layout
