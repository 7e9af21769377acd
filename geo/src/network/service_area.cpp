#include "lc/geo/network/service_area.hpp"

#include "geos_context.hpp"
#include "lc/error.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace lc::geo {

namespace {

struct Interval {
    EdgeId edge;
    double lo;  // cost offsets from the edge's from node
    double hi;
    friend bool operator<(const Interval& a, const Interval& b) {
        return a.edge < b.edge || (a.edge == b.edge && a.lo < b.lo);
    }
};

// The part of a polyline between two cost offsets (scaled to geometric length).
std::vector<Point> sub_polyline(const std::vector<Point>& line, double cost_length, double lo, double hi) {
    std::vector<double> cum(line.size(), 0.0);
    for (std::size_t i = 1; i < line.size(); ++i) {
        cum[i] = cum[i - 1] + std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
    }
    const double geom = cum.back();
    const double scale = cost_length > 0.0 ? geom / cost_length : 0.0;
    const double a = std::clamp(lo * scale, 0.0, geom);
    const double b = std::clamp(hi * scale, 0.0, geom);
    auto at = [&](double s) {
        // The point at geometric distance s along the line.
        auto it = std::upper_bound(cum.begin(), cum.end(), s);
        std::size_t i = it == cum.end() ? line.size() - 1 : static_cast<std::size_t>(it - cum.begin());
        if (i == 0) return line.front();
        const double seg = cum[i] - cum[i - 1];
        if (seg <= 0.0) return line[i];
        const double t = (s - cum[i - 1]) / seg;
        if (t >= 1.0) return line[i];
        return Point{line[i - 1].x + t * (line[i].x - line[i - 1].x), line[i - 1].y + t * (line[i].y - line[i - 1].y)};
    };
    std::vector<Point> out;
    out.push_back(a <= 0.0 ? line.front() : at(a));
    for (std::size_t i = 1; i + 1 < line.size(); ++i) {
        if (cum[i] > a && cum[i] < b) out.push_back(line[i]);
    }
    out.push_back(b >= geom ? line.back() : at(b));
    return out;
}

}  // namespace

std::vector<std::vector<Point>> reachable_lines(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                                const ServiceAreaOptions& options, DijkstraWorkspace& workspace) {
    if (!(options.threshold >= 0.0) || !(options.buffer_m > 0.0)) {
        throw ArgumentError("network: service areas need a threshold >= 0 and a buffer > 0 metres (got " +
                            std::to_string(options.threshold) + " and " + std::to_string(options.buffer_m) + ")");
    }
    std::vector<std::vector<Point>> out;
    const double limit = options.threshold;
    std::vector<Seed> seeds;
    std::vector<Interval> parts;
    std::vector<std::uint32_t> walking;  // sources whose snap leg leaves some budget
    for (std::uint32_t i = 0; i < sources.size(); ++i) {
        const SnappedPoint& source = sources[i];
        if (!source.snapped || source.edge == no_id) continue;
        const double leg = options.include_snap_legs ? source.distance : 0.0;
        const double budget = limit - leg;
        if (budget < 0.0) continue;
        walking.push_back(i);
        const auto two = seeds_of(network, source, i, options.include_snap_legs);
        seeds.insert(seeds.end(), two.begin(), two.end());
        const double len = network.edge_length(source.edge);
        parts.push_back({source.edge, std::max(0.0, source.offset - budget), std::min(len, source.offset + budget)});
    }
    if (walking.empty()) return out;
    workspace.run(seeds, limit);
    for (const NodeId u : workspace.settled()) {
        const double remaining = limit - workspace.distance(u);
        for (const Arc& arc : network.arcs(u)) {
            const double reach = std::min(arc.length, remaining);
            if (arc.reversed()) {
                parts.push_back({arc.edge(), arc.length - reach, arc.length});
            } else {
                parts.push_back({arc.edge(), 0.0, reach});
            }
        }
    }
    std::sort(parts.begin(), parts.end());
    std::size_t i = 0;
    while (i < parts.size()) {
        const EdgeId e = parts[i].edge;
        std::vector<Point> line;
        while (i < parts.size() && parts[i].edge == e) {
            double lo = parts[i].lo;
            double hi = parts[i].hi;
            ++i;
            while (i < parts.size() && parts[i].edge == e && parts[i].lo <= hi) {
                hi = std::max(hi, parts[i].hi);
                ++i;
            }
            if (hi <= lo) continue;  // a node reached with nothing left
            if (line.empty()) line = network.edge_polyline(e);
            out.push_back(sub_polyline(line, network.edge_length(e), lo, hi));
        }
    }
    if (options.draw_snap_leg) {
        for (const std::uint32_t k : walking) {
            if (sources[k].distance > 0.0) out.push_back({sources[k].input, sources[k].projected});
        }
    }
    return out;
}

std::vector<std::vector<Point>> reachable_lines(const WalkNetwork& network, const SnappedPoint& source,
                                                const ServiceAreaOptions& options, DijkstraWorkspace& workspace) {
    return reachable_lines(network, std::span(&source, 1), options, workspace);
}

namespace {

// Lines merged (GEOS line merge), each buffered, the buffers unioned (cascaded
// union). Buffering the whole collection in one call gives the same polygon
// but was ~10x slower on Porto Alegre.
Geometry buffer_lines(const std::vector<std::vector<Point>>& lines, const ServiceAreaOptions& options) {
    if (lines.empty()) return Geometry::union_all({});
    auto* h = detail::geos();
    std::vector<GEOSGeometry*> raw;
    raw.reserve(lines.size());
    for (const auto& l : lines) {
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(l.size()), 2);
        for (unsigned k = 0; k < l.size(); ++k) GEOSCoordSeq_setXY_r(h, seq, k, l[k].x, l[k].y);
        raw.push_back(GEOSGeom_createLineString_r(h, seq));
    }
    const Geometry multi = Geometry::adopt(
        GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, raw.data(), static_cast<unsigned>(raw.size())));
    GEOSGeometry* merged_raw = GEOSLineMerge_r(h, static_cast<GEOSGeometry*>(multi.native()));
    const Geometry merged = merged_raw ? Geometry::adopt(merged_raw) : multi.clone();
    const auto* mg = static_cast<const GEOSGeometry*>(merged.native());
    const int n = GEOSGetNumGeometries_r(h, mg);
    std::vector<Geometry> buffers;
    buffers.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
        const Geometry part = Geometry::adopt(GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, mg, k)));
        buffers.push_back(part.buffer(options.buffer_m, options.quadrant_segments));
    }
    return Geometry::union_all(std::move(buffers));
}

}  // namespace

Geometry combined_service_area(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                               const ServiceAreaOptions& options) {
    DijkstraWorkspace ws(network);
    return buffer_lines(reachable_lines(network, sources, options, ws), options);
}

Geometry service_area(const WalkNetwork& network, const SnappedPoint& source, const ServiceAreaOptions& options,
                      DijkstraWorkspace& workspace) {
    return buffer_lines(reachable_lines(network, source, options, workspace), options);
}

std::vector<Geometry> service_areas(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                    const ServiceAreaOptions& options) {
    std::vector<Geometry> out(sources.size());
    lc::parallel_for(
        sources.size(), lc::thread_count(options.threads, sources.size(), 1), 1, [&] { return DijkstraWorkspace(network); },
        [&](DijkstraWorkspace& ws, std::size_t begin, std::size_t end) {
            for (std::size_t s = begin; s < end; ++s) out[s] = service_area(network, sources[s], options, ws);
        });
    return out;
}

}  // namespace lc::geo
