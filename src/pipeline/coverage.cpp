#include "pipeline/coverage.hpp"

#include "lc/geo/coverage.hpp"
#include "lc/geo/spatial_index.hpp"
#include "lc/parallel.hpp"

namespace lc::app {

std::vector<DemandCoverage> circle_coverage_of(const std::vector<const geo::Geometry*>& areas,
                                               const std::vector<geo::Point>& points,
                                               const std::vector<geo::Point>& sites,
                                               const std::vector<std::string>& site_ids, double threshold_m,
                                               const std::vector<geo::Geometry>& service_areas,
                                               const PriorCoverage& prior) {
    const geo::PointIndex index(sites);
    const geo::ShareCalculator shares(service_areas);
    // With a prior: the boxes of the service areas it did not have. An estate
    // whose box meets none of them meets the same service areas as before (the
    // share calculator takes them in index order), so its share is the earlier one.
    const bool reuse = prior.given() && prior.facilities <= service_areas.size() && prior.shares->size() == areas.size();
    std::vector<geo::Box> new_boxes;
    if (reuse) {
        for (std::size_t k = prior.facilities; k < service_areas.size(); ++k) new_boxes.push_back(service_areas[k].bounds());
    }
    const geo::BoxIndex new_index(new_boxes);
    std::vector<DemandCoverage> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        DemandCoverage& c = out[i];
        const geo::Nearest n = index.nearest(points[i]);
        if (n.found) {
            c.nearest_m = n.distance;
            c.straight_m = n.distance;
            c.nearest_facility = site_ids[n.index];
            c.covered = n.distance <= threshold_m;
        }
        const geo::Geometry* area = areas[i];
        if (!area || area->kind() != geo::GeometryKind::polygon) c.covered_share = c.covered ? 1.0 : 0.0;
    }
    // The polygons' shares, each on its own (GEOS clips and unions): on every core.
    lc::parallel_for_each(points.size(), lc::thread_count(0, points.size(), 64), 16, [&](std::size_t i) {
        const geo::Geometry* area = areas[i];
        if (!area || area->kind() != geo::GeometryKind::polygon) return;
        const bool same = reuse && (new_boxes.empty() || new_index.intersecting(area->bounds()).empty());
        out[i].covered_share = same ? (*prior.shares)[i] : shares.covered_share(*area);
    });
    return out;
}

std::vector<double> covered_shares(const CoverageResult& coverage) {
    std::vector<double> out;
    out.reserve(coverage.estates.size());
    for (const auto& c : coverage.estates) out.push_back(c.covered_share);
    return out;
}

CoverageResult circle_coverage(const City& city, double threshold_m, const PriorCoverage& prior) {
    CoverageResult r;
    r.mode = CoverageMode::circle;
    r.threshold_m = threshold_m;
    std::vector<geo::Point> sites;
    std::vector<std::string> ids;
    for (const auto& f : city.facilities) {
        sites.push_back(f.point);
        ids.push_back(f.id);
        r.service_areas.push_back(geo::circle(f.point, threshold_m, 32));
    }
    std::vector<const geo::Geometry*> areas;
    std::vector<geo::Point> points;
    for (const auto& e : city.estates) {
        areas.push_back(&e.geometry);
        points.push_back(e.point);
    }
    r.estates = circle_coverage_of(areas, points, sites, ids, threshold_m, r.service_areas, prior);
    return r;
}

}  // namespace lc::app

// ---------------------------------------------------------------------------
// Network mode

#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/geo/network/service_area.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <algorithm>
#include <filesystem>

namespace lc::app {

bool is_osm_network(const std::string& path) {
    std::string p = path;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* ext : {".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz"}) {
        const std::string e = ext;
        if (p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0) return true;
    }
    return false;
}

struct WalkData {
    geo::WalkNetwork network;
    std::unique_ptr<geo::SnapIndex> index;
};

namespace {

std::string id_list(const std::vector<std::string>& ids, std::size_t max = 20) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > max) out += ", ... (" + std::to_string(ids.size()) + " in all)";
    return out;
}

std::shared_ptr<WalkData> load_walk(const std::string& source, const City& city, const InputConfig& input) {
    auto data = std::make_shared<WalkData>();
    if (is_osm_network(source)) {
        if (std::error_code ec; !std::filesystem::is_regular_file(source, ec)) {
            throw InputError(InputLocation{source, {}, {}, {}}, ec ? "cannot be read (" + ec.message() + ")" : "file not found");
        }
        const geo::Transformer to_working(geo::Crs::wgs84(), city.working_crs);
        data->network = geo::read_osm_network(source, to_working);
    } else {
        geo::ReadOptions o;
        o.encoding = input.encoding;
        o.assume_crs = input.assume_crs;
        o.target = city.working_crs;
        geo::VectorLayer layer = geo::read_layer(geo::parse_source(source), o);
        std::vector<geo::Geometry> lines;
        for (auto& f : layer.features) lines.push_back(std::move(f.geometry));
        data->network = geo::WalkNetwork::from_lines(lines);
    }
    if (data->network.edge_count() == 0) {
        throw InputError(InputLocation{source, {}, {}, {}}, "the network has no walkable edges");
    }
    data->index = std::make_unique<geo::SnapIndex>(data->network);
    return data;
}

}  // namespace

CoverageResult network_coverage(const City& city, const std::string& network_source, double threshold_m,
                                const CoverageConfig& cov, const InputConfig& input) {
    auto walk = load_walk(network_source, city, input);
    CoverageResult r = network_coverage(city, walk, threshold_m, cov);
    const auto& st = walk->network.stats();
    r.network_stats = {{"file", network_source},
                       {"nodes", st.nodes},
                       {"edges", st.edges},
                       {"length_km", std::round(st.total_length_m / 10.0) / 100.0},
                       {"ways_kept", st.ways_kept},
                       {"ways_highway", st.ways_highway},
                       {"dropped_motor_road", st.dropped_motor_road},
                       {"dropped_foot_no", st.dropped_foot_no},
                       {"dropped_access", st.dropped_access},
                       {"dropped_area", st.dropped_area},
                       {"barrier_ways", st.barrier_ways},
                       {"components", st.components},
                       {"largest_component_nodes", st.largest_component_nodes}};
    std::vector<std::string> notes;
    // Disconnected parts are among the network's own warnings (said once).
    for (const auto& w : st.warnings) notes.push_back(network_source + ": " + w);
    if (r.unsnapped_facilities == city.facilities.size() && !city.facilities.empty()) {
        throw InputError(InputLocation{network_source, {}, {}, {}},
                         "no facility lies within --max-snap of the network: is it the right network "
                         "(same city, a CRS the data can be transformed from)?");
    }
    r.warnings.insert(r.warnings.begin(), notes.begin(), notes.end());
    return r;
}

CoverageResult network_coverage(const City& city, std::shared_ptr<const WalkData> walk, double threshold_m,
                                const CoverageConfig& cov, const PriorCoverage& prior) {
    CoverageResult r;
    r.mode = CoverageMode::network;
    r.threshold_m = threshold_m;
    const double max_snap_m = cov.max_snap;
    r.max_snap_m = max_snap_m;
    const geo::WalkNetwork& net = walk->network;
    std::vector<geo::Point> fac_points, est_points;
    std::vector<std::string> fac_ids;
    for (const auto& f : city.facilities) {
        fac_points.push_back(f.point);
        fac_ids.push_back(f.id);
    }
    for (const auto& e : city.estates) est_points.push_back(e.point);
    const auto sources = walk->index->snap(fac_points, max_snap_m);
    const auto targets = walk->index->snap(est_points, max_snap_m);
    std::vector<std::string> far_fac, far_est;
    for (auto i : geo::unsnapped(sources)) far_fac.push_back(city.facilities[i].id);
    for (auto i : geo::unsnapped(targets)) far_est.push_back(city.estates[i].id);
    if (!far_fac.empty()) {
        r.warnings.push_back(std::to_string(far_fac.size()) + " facilities lie farther than " +
                             std::to_string(static_cast<int>(max_snap_m)) +
                             " m (--max-snap) from the network and reach no one: " + id_list(far_fac));
    }
    if (!far_est.empty()) {
        r.warnings.push_back(std::to_string(far_est.size()) + " estates lie farther than " +
                             std::to_string(static_cast<int>(max_snap_m)) +
                             " m (--max-snap) from the network and count as not covered: " + id_list(far_est));
    }
    r.unsnapped_facilities = far_fac.size();
    r.unsnapped_estates = far_est.size();

    geo::WalkDistanceOptions wopt;
    wopt.threshold = threshold_m;
    const geo::NearestSource nearest = geo::nearest_source(net, sources, targets, wopt);

    geo::ServiceAreaOptions sopt;
    sopt.threshold = threshold_m;
    sopt.buffer_m = cov.service_buffer;
    // Each facility's service area depends on that facility alone: the prior's
    // are taken as they are, only the new facilities' are drawn.
    const std::size_t known =
        prior.given() && prior.facilities <= sources.size() && prior.service_areas->size() == prior.facilities
            ? prior.facilities
            : 0;
    r.service_areas.reserve(sources.size());
    for (std::size_t k = 0; k < known; ++k) r.service_areas.push_back((*prior.service_areas)[k].clone());
    if (known < sources.size()) {
        for (auto& area : geo::service_areas(net, std::span(sources).subspan(known), sopt)) {
            r.service_areas.push_back(area.is_null() ? geo::Geometry::union_all({}) : std::move(area));
        }
    }

    // Straight distances too: the report lists estates inside the circle but beyond the walk.
    std::vector<const geo::Geometry*> areas;
    for (const auto& e : city.estates) areas.push_back(&e.geometry);
    r.estates = circle_coverage_of(areas, est_points, fac_points, fac_ids, threshold_m, r.service_areas,
                                   known > 0 ? prior : PriorCoverage{});
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        DemandCoverage& c = r.estates[i];
        c.nearest_m = nearest.distance[i];
        c.covered = std::isfinite(c.nearest_m) && c.nearest_m <= threshold_m;
        c.nearest_facility = nearest.source[i] == geo::no_id ? std::string{} : fac_ids[nearest.source[i]];
        c.snapped = targets[i].snapped;
        if (!targets[i].snapped) c.covered_share = 0.0;
        if (city.estates[i].geometry.kind() != geo::GeometryKind::polygon) c.covered_share = c.covered ? 1.0 : 0.0;
    }
    r.walk = std::move(walk);
    return r;
}

CoverageResult coverage_at(const City& city, const CoverageResult& base, double threshold_m, const CoverageConfig& cov,
                           const PriorCoverage& prior) {
    if (base.walk) return network_coverage(city, base.walk, threshold_m, cov, prior);
    return circle_coverage(city, threshold_m, prior);
}

SiteReach reach_lists(const std::vector<geo::Point>& sites, const std::vector<geo::Point>& demands, double threshold_m,
                      const WalkData* walk, double max_snap_m) {
    SiteReach out;
    out.per_site.resize(sites.size());
    if (!walk) {
        const geo::PointIndex index(demands);
        for (std::size_t s = 0; s < sites.size(); ++s) {
            for (auto d : index.within(sites[s], threshold_m)) {
                out.per_site[s].emplace_back(static_cast<std::uint32_t>(d),
                                             std::hypot(demands[d].x - sites[s].x, demands[d].y - sites[s].y));
            }
        }
        return out;
    }
    const auto src = walk->index->snap(sites, max_snap_m);
    const auto dst = walk->index->snap(demands, max_snap_m);
    geo::WalkDistanceOptions wopt;
    wopt.threshold = threshold_m;
    const geo::CoverageLists lists = geo::coverage_lists(walk->network, src, dst, wopt);
    for (std::size_t s = 0; s < sites.size(); ++s) {
        const auto t = lists.targets_of(s);
        const auto d = lists.distances_of(s);
        for (std::size_t k = 0; k < t.size(); ++k) out.per_site[s].emplace_back(t[k], d[k]);
    }
    return out;
}

std::vector<geo::Geometry> service_areas_for(const std::vector<geo::Point>& sites, double threshold_m,
                                             const WalkData* walk, const CoverageConfig& cov) {
    std::vector<geo::Geometry> out;
    if (!walk) {
        for (const auto& p : sites) out.push_back(geo::circle(p, threshold_m, 32));
        return out;
    }
    const auto src = walk->index->snap(sites, cov.max_snap);
    geo::ServiceAreaOptions sopt;
    sopt.threshold = threshold_m;
    sopt.buffer_m = cov.service_buffer;
    out = geo::service_areas(walk->network, src, sopt);
    for (auto& a : out) {
        if (a.is_null()) a = geo::Geometry::union_all({});
    }
    return out;
}

}  // namespace lc::app

namespace lc::app {

std::vector<DemandCoverage> demand_coverage(const City& city, const CoverageResult& base,
                                            const std::vector<const geo::Geometry*>& areas,
                                            const std::vector<geo::Point>& points, const CoverageConfig& cov) {
    std::vector<geo::Point> sites;
    std::vector<std::string> ids;
    for (const auto& f : city.facilities) {
        sites.push_back(f.point);
        ids.push_back(f.id);
    }
    std::vector<DemandCoverage> out = circle_coverage_of(areas, points, sites, ids, base.threshold_m, base.service_areas);
    if (!base.walk) return out;
    const auto src = base.walk->index->snap(sites, cov.max_snap);
    const auto dst = base.walk->index->snap(points, cov.max_snap);
    geo::WalkDistanceOptions wopt;
    wopt.threshold = base.threshold_m;
    const geo::NearestSource nearest = geo::nearest_source(base.walk->network, src, dst, wopt);
    for (std::size_t i = 0; i < points.size(); ++i) {
        DemandCoverage& c = out[i];
        c.nearest_m = nearest.distance[i];
        c.covered = std::isfinite(c.nearest_m) && c.nearest_m <= base.threshold_m;
        c.nearest_facility = nearest.source[i] == geo::no_id ? std::string{} : ids[nearest.source[i]];
        c.snapped = dst[i].snapped;
        if (!dst[i].snapped) c.covered_share = 0.0;
        if (!areas[i] || areas[i]->kind() != geo::GeometryKind::polygon) c.covered_share = c.covered ? 1.0 : 0.0;
    }
    return out;
}

}  // namespace lc::app
