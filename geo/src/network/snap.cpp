#include "lc/geo/network/snap.hpp"

#include "lc/parallel.hpp"
#include "network/crossing.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace lc::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Value = std::pair<BBox, std::uint32_t>;  // segment bounding box, segment index

struct Segment {
    Point a;
    Point b;
    EdgeId edge;
    double start;  ///< geometric distance from the edge's from node to a
    double scale;  ///< edge cost per geometric metre (1 for geometry-built networks)
};
double box_distance(Point p, const BBox& b) {
    const double dx = std::max({b.min_corner().get<0>() - p.x, 0.0, p.x - b.max_corner().get<0>()});
    const double dy = std::max({b.min_corner().get<1>() - p.y, 0.0, p.y - b.max_corner().get<1>()});
    return std::hypot(dx, dy);
}
}  // namespace

struct SnapIndex::Impl {
    const WalkNetwork* net = nullptr;
    std::vector<Segment> segments;
    bgi::rtree<Value, bgi::rstar<16>> tree;
    std::vector<std::pair<Point, Point>> barrier_segments;  // the network's barriers, segment by segment
    bgi::rtree<Value, bgi::rstar<16>> barrier_tree;

    /// Whether the straight leg p -> q crosses a barrier.
    [[nodiscard]] bool crosses_barrier(Point p, Point q) const {
        if (barrier_tree.empty()) return false;
        const BBox box(BPoint(std::min(p.x, q.x), std::min(p.y, q.y)), BPoint(std::max(p.x, q.x), std::max(p.y, q.y)));
        for (auto it = barrier_tree.qbegin(bgi::intersects(box)); it != barrier_tree.qend(); ++it) {
            const auto& [a, b] = barrier_segments[it->second];
            if (detail::segments_cross(p.x, p.y, q.x, q.y, a.x, a.y, b.x, b.y)) return true;
        }
        return false;
    }
};

SnapIndex::SnapIndex(const WalkNetwork& network) : m_impl(std::make_unique<Impl>()) {
    m_impl->net = &network;
    auto& segs = m_impl->segments;
    std::vector<Value> values;
    std::vector<Point> line;
    for (EdgeId e = 0; e < network.edge_count(); ++e) {
        line = network.edge_polyline(e);
        double geom_length = 0.0;
        for (std::size_t i = 1; i < line.size(); ++i) {
            geom_length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        }
        const double scale = geom_length > 0.0 ? network.edge_length(e) / geom_length : 1.0;
        double start = 0.0;
        for (std::size_t i = 1; i < line.size(); ++i) {
            const Point a = line[i - 1];
            const Point b = line[i];
            const auto id = static_cast<std::uint32_t>(segs.size());
            segs.push_back({a, b, e, start, scale});
            values.emplace_back(BBox(BPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                                     BPoint(std::max(a.x, b.x), std::max(a.y, b.y))),
                                id);
            start += std::hypot(b.x - a.x, b.y - a.y);
        }
    }
    m_impl->tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());  // bulk loading
    values.clear();
    for (const auto& bar : network.barriers()) {
        for (std::size_t i = 1; i < bar.size(); ++i) {
            const Point a = bar[i - 1], b = bar[i];
            values.emplace_back(BBox(BPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                                     BPoint(std::max(a.x, b.x), std::max(a.y, b.y))),
                                static_cast<std::uint32_t>(m_impl->barrier_segments.size()));
            m_impl->barrier_segments.emplace_back(a, b);
        }
    }
    m_impl->barrier_tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());
}

SnapIndex::~SnapIndex() = default;
SnapIndex::SnapIndex(SnapIndex&&) noexcept = default;
SnapIndex& SnapIndex::operator=(SnapIndex&&) noexcept = default;

namespace {
/// The best candidate so far: distance, segment, parameter on it.
struct Nearest {
    double d = unreachable;
    std::uint32_t seg = no_id;
    double t = 0.0;
    /// Nearer, or as near on a lower edge id (then a lower segment id).
    [[nodiscard]] bool beaten_by(double dist, std::uint32_t id, const std::vector<Segment>& segs) const {
        return dist < d || (dist == d && (segs[id].edge < segs[seg].edge || (segs[id].edge == segs[seg].edge && id < seg)));
    }
};
}  // namespace

SnappedPoint SnapIndex::snap(Point p, double max_snap) const {
    SnappedPoint out;
    out.input = p;
    const auto& segs = m_impl->segments;
    if (m_impl->tree.empty()) return out;
    const BPoint q(p.x, p.y);
    // The nearest segment whose snap leg crosses no barrier (a river, a railway:
    // WalkNetwork::barriers), else the nearest of all. The k
    // nearest boxes, k growing until the best exact segment distance is strictly
    // below the k-th box distance (no unseen segment can then be as close, since a
    // segment is never closer than its box) or the tree is exhausted.
    Nearest any, seen;
    std::vector<Value> found;
    for (std::size_t k = 8;; k *= 4) {
        found.clear();
        m_impl->tree.query(bgi::nearest(q, static_cast<unsigned>(k)), std::back_inserter(found));
        double kth_box = 0.0;
        for (const Value& v : found) {
            kth_box = std::max(kth_box, box_distance(p, v.first));
            const Segment& s = segs[v.second];
            const double dx = s.b.x - s.a.x;
            const double dy = s.b.y - s.a.y;
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0.0 ? ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const Point foot{s.a.x + t * dx, s.a.y + t * dy};
            const double d = std::hypot(foot.x - p.x, foot.y - p.y);
            if (any.beaten_by(d, v.second, segs)) any = {d, v.second, t};
            if (seen.beaten_by(d, v.second, segs) && !m_impl->crosses_barrier(p, foot)) seen = {d, v.second, t};
        }
        // A point walled in by barriers (an island with no bridge street) stops
        // the search at 8,192 segments and takes the nearest of all.
        if (found.size() < k || seen.d < kth_box || k >= 8192) break;
    }
    const Nearest best = seen.seg != no_id ? seen : any;
    if (best.seg == no_id) return out;
    const Segment& s = segs[best.seg];
    const WalkNetwork& net = *m_impl->net;
    out.edge = s.edge;
    // Exact at the segment ends: the node itself, not a rounded interpolation.
    if (best.t == 0.0) {
        out.projected = s.a;
    } else if (best.t == 1.0) {
        out.projected = s.b;
    } else {
        out.projected = {s.a.x + best.t * (s.b.x - s.a.x), s.a.y + best.t * (s.b.y - s.a.y)};
    }
    const double seg_len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
    out.offset = std::clamp((s.start + best.t * seg_len) * s.scale, 0.0, net.edge_length(s.edge));
    out.distance = best.d;
    out.snapped = best.d <= max_snap;
    return out;
}

std::vector<SnappedPoint> SnapIndex::snap(std::span<const Point> points, double max_snap, unsigned threads) const {
    std::vector<SnappedPoint> out(points.size());
    // Queries only read the tree, which is thread-safe.
    lc::parallel_for_each(points.size(), lc::thread_count(threads, points.size(), 256), 256,
                          [&](std::size_t i) { out[i] = snap(points[i], max_snap); });
    return out;
}

std::vector<std::size_t> unsnapped(std::span<const SnappedPoint> points) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!points[i].snapped) out.push_back(i);
    }
    return out;
}

}  // namespace lc::geo
