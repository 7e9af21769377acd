#include "pipeline/whatif.hpp"

#include "pipeline/accessibility.hpp"
#include "pipeline/coverage.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/plan.hpp"
#include "standards/facility_kind.hpp"
#include "lc/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace lc::app {

std::string_view to_string(WhatIfSite::Role role) {
    switch (role) {
    case WhatIfSite::Role::facility: return "facility";
    case WhatIfSite::Role::proposed: return "proposed";
    case WhatIfSite::Role::candidate: return "candidate";
    }
    return "facility";
}

namespace {

bool boxes_meet(const geo::Box& a, const geo::Box& b) {
    return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

/// Pieces smaller than this share of their estate are left out (slivers of the overlays).
constexpr double k_sliver = 1e-10;
/// The overlays' areas must add up to this share of the estate.
constexpr double k_check = 1e-9;

/// A piece of an estate and the sites whose service areas hold it.
struct Piece {
    geo::Geometry geometry;
    double area = 0;
    std::vector<std::uint32_t> sites;
};

/// The arrangement of `areas` (the service areas whose boxes meet the estate's)
/// over the estate polygon: every piece split by each area in turn into the
/// part inside (site added) and the part outside. Pieces of no area are dropped.
std::vector<WhatIfCell> arrangement(const geo::Geometry& estate,
                                   const std::vector<std::pair<std::uint32_t, const geo::Geometry*>>& areas) {
    const double total = estate.area();
    std::vector<WhatIfCell> cells;
    if (!(total > 0) || areas.empty()) return cells;
    std::vector<Piece> pieces;
    pieces.push_back({estate.clone(), total, {}});
    for (const auto& [site, area_ptr] : areas) {
        const geo::Geometry& area = *area_ptr;
        std::vector<Piece> next;
        next.reserve(pieces.size() * 2);
        for (auto& p : pieces) {
            // Overlays only (GEOS OverlayNG is robust; the intersects predicate is not
            // on the nearly coincident edges of clipped isochrones).
            geo::Geometry inside;
            double a_in = 0;
            if (boxes_meet(p.geometry.bounds(), area.bounds())) {
                inside = p.geometry.intersection(area).polygonal_part();
                a_in = inside.is_empty() ? 0.0 : inside.area();
            }
            if (!(a_in > 0)) {
                next.push_back(std::move(p));
                continue;
            }
            std::vector<std::uint32_t> with = p.sites;
            with.push_back(site);
            // The outside part: none when the piece is all inside (GEOS's difference can
            // leave a phantom sliver there); else the difference, checked against the
            // areas (piece = inside + outside), with the difference from the inside
            // part as a second try.
            const double rest = p.area - a_in;
            if (rest > k_sliver * total) {
                geo::Geometry outside = p.geometry.difference(area).polygonal_part();
                double a_out = outside.is_empty() ? 0.0 : outside.area();
                if (std::abs(a_out - rest) > k_check * total) {
                    outside = p.geometry.difference(inside).polygonal_part();
                    a_out = outside.is_empty() ? 0.0 : outside.area();
                }
                if (std::abs(a_out - rest) > k_check * total) a_out = rest;  // keep the shares adding up
                if (a_out > 0) next.push_back({std::move(outside), a_out, p.sites});
            }
            next.push_back({std::move(inside), a_in, std::move(with)});
        }
        pieces = std::move(next);
    }
    // One cell per distinct set of sites (pieces with the same set add up).
    std::map<std::vector<std::uint32_t>, double> by_set;
    for (const auto& p : pieces) {
        if (!p.sites.empty()) by_set[p.sites] += p.area;
    }
    for (auto& [sites, area] : by_set) cells.push_back({area / total, sites});
    return cells;
}

const geo::Geometry* service_area_of(const CoverageResult& c, std::size_t i) {
    return i < c.service_areas.size() ? &c.service_areas[i] : nullptr;
}

}  // namespace

WhatIf build_whatif(const PlanRun& plan, const std::vector<Candidate>& candidates, const CoverageConfig& cov,
                    std::size_t max_candidates) {
    WhatIf w;
    w.max_candidates = max_candidates;
    const City& city = plan.after.city;
    const CoverageResult& coverage = plan.after.audit.coverage;
    if (city.estates.empty()) return w;
    if (city.estates.size() > k_whatif_max_estates) {
        w.too_many_estates = true;
        return w;
    }
    w.d0_m = coverage.threshold_m;

    // Sites: the after city's facilities in their order (the existing ones, then
    // the proposed ones), as accessibility.cpp weighs them.
    std::set<std::string> proposed_ids;
    for (const auto& s : plan.sites) proposed_ids.insert(s.id);
    const std::size_t existing = plan.before.city.facilities.size();
    std::vector<const geo::Geometry*> areas;
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const Facility& f = city.facilities[j];
        WhatIfSite s;
        s.id = f.id;
        s.name = f.name;
        s.role = j >= existing && proposed_ids.count(f.id) ? WhatIfSite::Role::proposed : WhatIfSite::Role::facility;
        s.kind = std::string(to_string(f.kind));
        s.point = f.point;
        s.planned = true;
        const bool institution = f.kind == FacilityKind::institution;
        s.floor_area = institution ? 0.0 : f.building_area;
        s.beds = institution ? f.beds : 0.0;
        w.sites.push_back(std::move(s));
        areas.push_back(service_area_of(coverage, j));
    }

    // Unchosen candidates, the ones whose reach holds the most elderly first.
    std::vector<const Candidate*> unchosen;
    for (const auto& c : candidates) {
        if (!proposed_ids.count(c.id)) unchosen.push_back(&c);
    }
    w.candidates_total = unchosen.size();
    std::vector<geo::Point> estate_points;
    for (const auto& e : city.estates) estate_points.push_back(e.point);
    std::vector<double> cand_elderly(unchosen.size(), 0.0);
    SiteReach cand_reach;  // the embedded candidates keep theirs (accessibility's reach, below)
    {
        std::vector<geo::Point> pts;
        pts.reserve(unchosen.size());
        for (const auto* c : unchosen) pts.push_back(c->point);
        cand_reach = reach_lists(pts, estate_points, coverage.threshold_m, coverage.walk.get(), coverage.max_snap_m);
        for (std::size_t k = 0; k < unchosen.size(); ++k) {
            for (const auto& [i, d] : cand_reach.per_site[k]) cand_elderly[k] += std::max(0.0, city.estates[i].elderly);
        }
    }
    std::vector<std::size_t> order(unchosen.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cand_elderly[a] > cand_elderly[b]; });
    if (order.size() > max_candidates) order.resize(max_candidates);
    w.candidates_embedded = order.size();
    std::vector<geo::Point> cand_points;
    cand_points.reserve(order.size());
    for (auto k : order) cand_points.push_back(unchosen[k]->point);
    const std::vector<geo::Geometry> cand_areas =
        service_areas_for(cand_points, coverage.threshold_m, coverage.walk.get(), cov);
    const double station_area = plan.before.standards.station_min_area_m2;
    for (std::size_t n = 0; n < order.size(); ++n) {
        const Candidate& c = *unchosen[order[n]];
        WhatIfSite s;
        s.id = c.id;
        s.name = c.name;
        s.role = WhatIfSite::Role::candidate;
        s.kind = std::string(to_string(FacilityKind::station));
        s.point = c.point;
        s.floor_area = station_area;  // built as a station of the standard's smallest size
        s.reach = std::move(cand_reach.per_site[order[n]]);
        w.sites.push_back(std::move(s));
        areas.push_back(&cand_areas[n]);
    }

    // Accessibility's reach: (estate, distance) within the threshold, as access_reach();
    // the candidates' came with their ranking above.
    {
        std::vector<geo::Point> pts;
        for (std::size_t j = 0; j < city.facilities.size(); ++j) pts.push_back(w.sites[j].point);
        SiteReach r = reach_lists(pts, estate_points, coverage.threshold_m, coverage.walk.get(), coverage.max_snap_m);
        for (std::size_t j = 0; j < pts.size(); ++j) w.sites[j].reach = std::move(r.per_site[j]);
        for (auto& site : w.sites) {
            for (const auto& [i, d] : site.reach) site.elderly_reached += std::max(0.0, city.estates[i].elderly);
        }
    }

    // Per estate, the arrangement of the service areas that meet it.
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<geo::Box> boxes;  // an inverted box for a missing or empty area: it meets nothing
    for (auto& a : areas) {
        if (a && (a->is_null() || a->is_empty())) a = nullptr;
        boxes.push_back(a ? a->bounds() : geo::Box{inf, inf, -inf, -inf});
    }
    std::vector<std::vector<std::uint32_t>> reached_by(city.estates.size());  // non-polygon estates: by reach
    for (std::uint32_t j = 0; j < w.sites.size(); ++j) {
        for (const auto& [i, d] : w.sites[j].reach) reached_by[i].push_back(j);
    }
    w.estates.resize(city.estates.size());
    // Each estate's arrangement on its own (GEOS overlays): on every core.
    const auto arrange = [&](std::size_t i) {
        const Estate& e = city.estates[i];
        const bool snapped = i >= coverage.estates.size() || coverage.estates[i].snapped;
        if (!snapped) return;  // network mode: beyond --max-snap, not covered (coverage.cpp)
        if (e.geometry.is_null() || e.geometry.kind() != geo::GeometryKind::polygon) {
            // Covered when a site reaches its point within the threshold (coverage.cpp: covered ? 1 : 0).
            if (!reached_by[i].empty()) w.estates[i].push_back({1.0, reached_by[i]});
            return;
        }
        const geo::Box box = e.geometry.bounds();
        // Each service area cut to a margin around the estate's box once (an overlay:
        // valid, unlike a ClipByRect piece along its box's edges), so that the
        // estate's cells are split by small pieces.
        const double margin = 1.0 + 1e-3 * std::max(box.max_x - box.min_x, box.max_y - box.min_y);
        const std::vector<geo::Point> ring = {{box.min_x - margin, box.min_y - margin}, {box.max_x + margin, box.min_y - margin},
                                              {box.max_x + margin, box.max_y + margin}, {box.min_x - margin, box.max_y + margin}};
        const geo::Geometry frame = geo::Geometry::polygon(ring);
        std::vector<geo::Geometry> cut;
        std::vector<std::uint32_t> cut_site;
        for (std::uint32_t j = 0; j < areas.size(); ++j) {
            if (!areas[j] || !boxes_meet(boxes[j], box)) continue;
            geo::Geometry piece = areas[j]->intersection(frame).polygonal_part();
            if (piece.is_empty()) continue;
            cut.push_back(std::move(piece));
            cut_site.push_back(j);
        }
        std::vector<std::pair<std::uint32_t, const geo::Geometry*>> near;
        near.reserve(cut.size());
        for (std::size_t k = 0; k < cut.size(); ++k) near.emplace_back(cut_site[k], &cut[k]);
        w.estates[i] = arrangement(e.geometry, near);
    };
    lc::parallel_for_each(city.estates.size(), lc::thread_count(0, city.estates.size(), 16), 4, arrange);
    return w;
}

std::vector<bool> whatif_plan_state(const WhatIf& w) {
    std::vector<bool> on;
    for (const auto& s : w.sites) on.push_back(s.planned);
    return on;
}

std::vector<double> whatif_shares(const WhatIf& w, const std::vector<bool>& on) {
    std::vector<double> out(w.estates.size(), 0.0);
    for (std::size_t i = 0; i < w.estates.size(); ++i) {
        double t = 0;
        for (const auto& c : w.estates[i]) {
            if (std::any_of(c.sites.begin(), c.sites.end(), [&](std::uint32_t j) { return j < on.size() && on[j]; })) {
                t += c.share;
            }
        }
        out[i] = std::clamp(t, 0.0, 1.0);
    }
    return out;
}

WhatIfFigures whatif_figures(const WhatIf& w, const City& city, const std::vector<bool>& on) {
    WhatIfFigures f;
    const auto shares = whatif_shares(w, on);
    double total = 0;
    for (std::size_t i = 0; i < city.estates.size() && i < shares.size(); ++i) {
        total += city.estates[i].elderly;
        f.elderly_covered += city.estates[i].elderly * shares[i];
    }
    f.coverage_rate = total > 0 ? f.elderly_covered / total : 0.0;
    std::vector<double> demand, supply;
    SiteReach reach;
    for (const auto& e : city.estates) demand.push_back(std::max(0.0, e.elderly));
    for (std::size_t j = 0; j < w.sites.size(); ++j) {
        supply.push_back(j < on.size() && on[j] ? w.sites[j].floor_area : 0.0);
        reach.per_site.push_back(w.sites[j].reach);
    }
    const auto g = two_step_fca(demand, supply, reach, w.d0_m, Catchment::gaussian);
    const auto u = two_step_fca(demand, supply, reach, w.d0_m, Catchment::uniform);
    double p = 0, sg = 0, su = 0;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        p += demand[i];
        sg += demand[i] * g[i];
        su += demand[i] * u[i];
    }
    if (p > 0) {
        f.mean_g2sfca = sg / p;
        f.mean_2sfca = su / p;
    }
    return f;
}

nlohmann::json whatif_json(const WhatIf& w, const City& city) {
    nlohmann::json j;
    j["d0_m"] = w.d0_m;
    j["candidates_total"] = w.candidates_total;
    j["candidates_embedded"] = w.candidates_embedded;
    j["max_candidates"] = w.max_candidates;
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& s : w.sites) {
        nlohmann::json reach = nlohmann::json::array();  // flat: estate, distance, estate, distance, ...
        for (const auto& [i, d] : s.reach) {
            reach.push_back(i);
            reach.push_back(d);
        }
        sites.push_back({{"id", s.id},
                         {"name", s.name},
                         {"role", std::string(to_string(s.role))},
                         {"kind", s.kind},
                         {"plan", s.planned},
                         {"floor", s.floor_area},
                         {"beds", s.beds},
                         {"elderly", round6(s.elderly_reached)},
                         {"reach", std::move(reach)}});
    }
    j["sites"] = std::move(sites);
    nlohmann::json estates = nlohmann::json::array();
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        nlohmann::json cells = nlohmann::json::array();
        if (i < w.estates.size()) {
            for (const auto& c : w.estates[i]) cells.push_back({c.share, c.sites});
        }
        estates.push_back({{"id", e.id}, {"name", e.name}, {"elderly", e.elderly}, {"cells", std::move(cells)}});
    }
    j["estates"] = std::move(estates);
    return j;
}

}  // namespace lc::app
