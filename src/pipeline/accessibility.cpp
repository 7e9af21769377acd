#include "pipeline/accessibility.hpp"

#include "pipeline/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lc::app {

double gaussian_weight(double d, double d0) {
    if (!(d0 > 0) || !(d >= 0) || d > d0) return 0.0;
    static const double edge = std::exp(-0.5);
    const double r = d / d0;
    return (std::exp(-0.5 * r * r) - edge) / (1.0 - edge);
}

double catchment_weight(Catchment c, double d, double d0) {
    if (c == Catchment::gaussian) return gaussian_weight(d, d0);
    return d >= 0 && d <= d0 ? 1.0 : 0.0;
}

std::vector<double> two_step_fca(const std::vector<double>& demand, const std::vector<double>& supply,
                                 const SiteReach& reach, double d0, Catchment catchment) {
    std::vector<double> access(demand.size(), 0.0);
    for (std::size_t j = 0; j < reach.per_site.size() && j < supply.size(); ++j) {
        if (!(supply[j] > 0)) continue;
        double weighed = 0;  // step 1: the demand within the site's catchment, weighed by distance
        for (const auto& [k, d] : reach.per_site[j]) weighed += catchment_weight(catchment, d, d0) * demand[k];
        if (!(weighed > 0)) continue;
        const double ratio = supply[j] / weighed;
        for (const auto& [i, d] : reach.per_site[j]) access[i] += catchment_weight(catchment, d, d0) * ratio;  // step 2
    }
    return access;
}

LorenzCurve lorenz(const std::vector<double>& values, const std::vector<double>& weights) {
    LorenzCurve out;
    std::vector<std::size_t> order;
    double total_w = 0, total_v = 0;
    for (std::size_t i = 0; i < values.size() && i < weights.size(); ++i) {
        if (!(weights[i] > 0) || !std::isfinite(values[i])) continue;
        order.push_back(i);
        total_w += weights[i];
        total_v += weights[i] * values[i];
    }
    if (!(total_w > 0) || !(total_v > 0)) return out;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    out.points.emplace_back(0.0, 0.0);
    double cw = 0, cv = 0, area = 0;
    for (auto i : order) {
        const double l_prev = cv / total_v;
        cw += weights[i];
        cv += weights[i] * values[i];
        const double l = cv / total_v;
        area += weights[i] / total_w * (l + l_prev);
        out.points.emplace_back(cw / total_w, l);
    }
    out.points.back() = {1.0, 1.0};  // no rounding drift at the end
    out.gini = std::clamp(1.0 - area, 0.0, 1.0);
    return out;
}

SiteReach access_reach(const City& city, const CoverageResult& coverage) {
    std::vector<geo::Point> sites, demands;
    for (const auto& f : city.facilities) sites.push_back(f.point);
    for (const auto& e : city.estates) demands.push_back(e.point);
    return reach_lists(sites, demands, coverage.threshold_m, coverage.walk.get(), coverage.max_snap_m);
}

namespace {

constexpr std::size_t k_none = static_cast<std::size_t>(-1);

/// The group's figures from the estates `members` (indices into the city's estates).
AccessGroup group_of(const City& city, const CoverageResult& coverage, const std::vector<EstateAccess>& access,
                     const std::vector<std::size_t>& members) {
    AccessGroup g;
    g.estates = members.size();
    std::vector<double> weights, values, distances;
    double sum_g = 0, sum_b = 0, sum_2 = 0;
    for (auto i : members) {
        const double p = std::max(0.0, city.estates[i].elderly);
        g.elderly += p;
        sum_g += p * access[i].g2sfca;
        sum_b += p * access[i].beds_g2sfca;
        sum_2 += p * access[i].fca2;
        weights.push_back(p);
        values.push_back(access[i].g2sfca);
        const double d = i < coverage.estates.size() ? coverage.estates[i].nearest_m : std::numeric_limits<double>::infinity();
        distances.push_back(d);
        if (!std::isfinite(d)) {
            ++g.estates_unreached;
            g.elderly_unreached += p;
        }
    }
    if (g.elderly > 0) {
        g.mean_g2sfca = sum_g / g.elderly;
        g.mean_beds_g2sfca = sum_b / g.elderly;
        g.mean_2sfca = sum_2 / g.elderly;
    }
    g.lorenz_access = lorenz(values, weights);
    g.lorenz_distance = lorenz(distances, weights);
    return g;
}

}  // namespace

AccessResult measure_access(const City& city, const CoverageResult& coverage,
                            const std::vector<AccessDistrict>& districts,
                            const std::vector<std::size_t>& estate_district) {
    AccessResult r;
    r.d0_m = coverage.threshold_m;
    const std::size_t n = city.estates.size();
    std::vector<double> elderly, floor_area, beds;
    for (const auto& f : city.facilities) {
        const bool institution = f.kind == FacilityKind::institution;
        floor_area.push_back(institution ? 0.0 : f.building_area);
        beds.push_back(institution ? f.beds : 0.0);
    }
    for (const auto& e : city.estates) elderly.push_back(std::max(0.0, e.elderly));
    const SiteReach reach = access_reach(city, coverage);
    const auto g_area = two_step_fca(elderly, floor_area, reach, r.d0_m, Catchment::gaussian);
    const auto g_beds = two_step_fca(elderly, beds, reach, r.d0_m, Catchment::gaussian);
    const auto u_area = two_step_fca(elderly, floor_area, reach, r.d0_m, Catchment::uniform);
    r.estates.resize(n);
    for (std::size_t i = 0; i < n; ++i) r.estates[i] = {g_area[i], g_beds[i], u_area[i]};

    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), std::size_t{0});
    r.city = group_of(city, coverage, r.estates, all);
    std::vector<std::vector<std::size_t>> members(districts.size());
    for (std::size_t i = 0; i < n && i < estate_district.size(); ++i) {
        if (estate_district[i] != k_none && estate_district[i] < districts.size()) members[estate_district[i]].push_back(i);
    }
    for (std::size_t k = 0; k < districts.size(); ++k) {
        AccessGroup g = group_of(city, coverage, r.estates, members[k]);
        g.id = districts[k].id;
        g.name = districts[k].name;
        r.districts.push_back(std::move(g));
    }
    return r;
}

nlohmann::json accessibility_json(const AccessResult& access) {
    nlohmann::json j;
    j["d0_m"] = jnum(access.d0_m);
    j["mean_g2sfca"] = jnum(access.city.mean_g2sfca);
    j["mean_beds_g2sfca"] = jnum(access.city.mean_beds_g2sfca);
    j["mean_2sfca"] = jnum(access.city.mean_2sfca);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : access.districts) {
        rows.push_back({{"id", d.id},
                        {"name", d.name},
                        {"elderly", jnum(d.elderly)},
                        {"mean_g2sfca", jnum(d.mean_g2sfca)},
                        {"mean_beds_g2sfca", jnum(d.mean_beds_g2sfca)},
                        {"mean_2sfca", jnum(d.mean_2sfca)}});
    }
    j["districts"] = rows;
    return j;
}

nlohmann::json equity_json(const AccessResult& access) {
    nlohmann::json j;
    j["gini_access"] = jnum(access.city.lorenz_access.gini);
    j["gini_distance"] = jnum(access.city.lorenz_distance.gini);
    j["estates_unreached"] = access.city.estates_unreached;
    j["elderly_unreached"] = jnum(access.city.elderly_unreached);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : access.districts) {
        rows.push_back({{"id", d.id},
                        {"name", d.name},
                        {"gini_access", jnum(d.lorenz_access.gini)},
                        {"gini_distance", jnum(d.lorenz_distance.gini)},
                        {"estates_unreached", d.estates_unreached},
                        {"elderly_unreached", jnum(d.elderly_unreached)}});
    }
    j["districts"] = rows;
    return j;
}

}  // namespace lc::app
