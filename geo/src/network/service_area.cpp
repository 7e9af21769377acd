#include "lc/geo/network/service_area.hpp"

#include "geos_context.hpp"
#include "network/crossing.hpp"
#include "lc/error.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/parallel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
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

namespace {

void check_options(const ServiceAreaOptions& options) {
    if (!(options.threshold >= 0.0) || !(options.buffer_m > 0.0)) {
        throw ArgumentError("network: service areas need a threshold >= 0 and a buffer > 0 metres (got " +
                            std::to_string(options.threshold) + " and " + std::to_string(options.buffer_m) + ")");
    }
    if (options.method == ServiceAreaMethod::distance_grid &&
        (!(options.cell_m > 0.0) || !(options.separation_detour >= 0.0))) {
        throw ArgumentError("network: service areas need a grid cell > 0 and a separation detour >= 0 (got " +
                            std::to_string(options.cell_m) + " and " + std::to_string(options.separation_detour) +
                            ")");
    }
}

// The reached pieces (as reachable_lines) and, when `near` is given, a mark for
// every edge that is not separated: some part reached, or an end settled within
// `near_limit` (>= the threshold; the search then runs to near_limit).
std::vector<std::vector<Point>> reach(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                      const ServiceAreaOptions& options, DijkstraWorkspace& workspace,
                                      std::vector<std::uint8_t>* near, double near_limit) {
    check_options(options);
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
    workspace.run(seeds, near ? std::max(limit, near_limit) : limit);
    for (const NodeId u : workspace.settled()) {
        const double remaining = limit - workspace.distance(u);
        for (const Arc& arc : network.arcs(u)) {
            if (near) (*near)[arc.edge()] = 1;
            if (remaining < 0.0) continue;
            const double reach = std::min(arc.length, remaining);
            if (arc.reversed()) {
                parts.push_back({arc.edge(), arc.length - reach, arc.length});
            } else {
                parts.push_back({arc.edge(), 0.0, reach});
            }
        }
    }
    if (near) {
        for (const Interval& part : parts) (*near)[part.edge] = 1;
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

}  // namespace

std::vector<std::vector<Point>> reachable_lines(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                                const ServiceAreaOptions& options, DijkstraWorkspace& workspace) {
    return reach(network, sources, options, workspace, nullptr, 0.0);
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

namespace {

// ---- distance grid ---------------------------------------------------------

// A grid whose nodes sit at ((gi + 0.5) h, (gj + 0.5) h) for integers gi, gj, so
// that grids of different extents (other thresholds, other sources) share their
// nodes: nesting then holds node by node. The half-cell offset keeps nodes off
// streets drawn on round coordinates.
struct Frame {
    double h = 0.0;
    std::int64_t i0 = 0, j0 = 0;  // global index of local node (0, 0)
    int nx = 0, ny = 0;
    [[nodiscard]] double x0() const { return (static_cast<double>(i0) + 0.5) * h; }
    [[nodiscard]] double y0() const { return (static_cast<double>(j0) + 0.5) * h; }
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
};

Box bounds_of(const std::vector<std::vector<Point>>& lines) {
    Box b{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (const auto& l : lines) {
        for (const Point& p : l) b = b.united(Box{p.x, p.y, p.x, p.y});
    }
    return b;
}

// Nodes from (reach box - radius) to (reach box + radius), one more on each side:
// the border nodes are all farther than the radius (outside), so every ring closes.
Frame frame_of(const Box& b, double h, double radius) {
    Frame f;
    f.h = h;
    f.i0 = static_cast<std::int64_t>(std::floor((b.min_x - radius) / h - 0.5)) - 1;
    f.j0 = static_cast<std::int64_t>(std::floor((b.min_y - radius) / h - 0.5)) - 1;
    const auto i1 = static_cast<std::int64_t>(std::ceil((b.max_x + radius) / h - 0.5)) + 1;
    const auto j1 = static_cast<std::int64_t>(std::ceil((b.max_y + radius) / h - 0.5)) + 1;
    f.nx = static_cast<int>(std::min<std::int64_t>(i1 - f.i0 + 1, std::numeric_limits<int>::max() / 4));
    f.ny = static_cast<int>(std::min<std::int64_t>(j1 - f.j0 + 1, std::numeric_limits<int>::max() / 4));
    return f;
}

// A half-plane nx * x + ny * y <= c (in frame coordinates).
struct HalfPlane {
    double nx, ny, c;
};

// Lowers field[k] to dist2(x, y) for the nodes of the convex region
// (disc of `radius` around `centre` when has_disc) intersected with the
// half-planes, rows jlo..jhi. With a gate, nodes whose gate value exceeds
// gate_max are skipped.
// The columns each row's fills touched (lo > hi: none); nodes outside keep the far value.
struct RowSpans {
    std::vector<int> lo, hi;
    RowSpans(int ny, int nx) : lo(static_cast<std::size_t>(ny), nx), hi(static_cast<std::size_t>(ny), -1) {}
};

// Metres by which the rows of a region are widened beyond where its bounds cross.
constexpr double k_row_margin = 1e-6;

// A half-plane as a bound on x along each row: x <= a - b * y (upper) or x >= a - b * y.
struct RowBound {
    double a, b;
    bool upper;
};

// With `clip`, only the columns clip holds in each row are visited (the gate's
// spans: every node outside them fails the gate).
template <class Dist2>
void fill_convex(const Frame& f, bool has_disc, double cx, double cy, double radius, std::span<const HalfPlane> planes,
                 double ylo, double yhi, Dist2&& dist2, float* field, const float* gate, float gate_max,
                 RowSpans* spans, const RowSpans* clip) {
    const double h = f.h;
    // Each half-plane once as a line x(y) (no division a row); one with no x
    // term bounds the rows instead.
    std::array<RowBound, 8> small{};
    std::vector<RowBound> large;
    RowBound* bounds = small.data();
    if (planes.size() > small.size()) {
        large.resize(planes.size());
        bounds = large.data();
    }
    std::size_t nb = 0;
    for (const HalfPlane& hp : planes) {
        if (std::abs(hp.nx) > 1e-12) {
            bounds[nb++] = {hp.c / hp.nx, hp.ny / hp.nx, hp.nx > 0.0};
        } else if (hp.ny > 0.0) {
            yhi = std::min(yhi, hp.c / hp.ny);
        } else if (hp.ny < 0.0) {
            ylo = std::max(ylo, hp.c / hp.ny);
        } else if (hp.c < 0.0) {
            return;
        }
    }
    // The rows where some lower bound passes some upper bound hold no node: for a
    // street at an angle to the grid the region is far shorter than its box.
    // Widened by k_row_margin so that rounding never drops a row the loop would fill.
    for (std::size_t p = 0; p < nb; ++p) {
        for (std::size_t q = 0; q < nb; ++q) {
            if (bounds[p].upper || !bounds[q].upper) continue;
            const double db = bounds[q].b - bounds[p].b, da = bounds[q].a - bounds[p].a;  // db * y <= da
            if (db > 0.0) {
                yhi = std::min(yhi, da / db + k_row_margin);
            } else if (db < 0.0) {
                ylo = std::max(ylo, da / db - k_row_margin);
            }
        }
    }
    const int jlo = std::max(0, static_cast<int>(std::ceil(ylo / h)));
    const int jhi = std::min(f.ny - 1, static_cast<int>(std::floor(yhi / h)));
    const double r2 = radius * radius;
    for (int j = jlo; j <= jhi; ++j) {
        const double y = j * h;
        double lo = 0.0, hi = (f.nx - 1) * h;
        if (has_disc) {
            const double t = r2 - (y - cy) * (y - cy);
            if (t < 0.0) continue;
            const double w = std::sqrt(t);
            lo = std::max(lo, cx - w);
            hi = std::min(hi, cx + w);
        }
        for (std::size_t q = 0; q < nb; ++q) {
            const double x = bounds[q].a - bounds[q].b * y;
            if (bounds[q].upper) {
                hi = std::min(hi, x);
            } else {
                lo = std::max(lo, x);
            }
        }
        if (!(lo <= hi)) continue;
        int ilo = static_cast<int>(std::ceil(lo / h));
        int ihi = static_cast<int>(std::floor(hi / h));
        if (clip) {
            ilo = std::max(ilo, clip->lo[static_cast<std::size_t>(j)]);
            ihi = std::min(ihi, clip->hi[static_cast<std::size_t>(j)]);
        }
        if (spans && ilo <= ihi) {
            spans->lo[static_cast<std::size_t>(j)] = std::min(spans->lo[static_cast<std::size_t>(j)], ilo);
            spans->hi[static_cast<std::size_t>(j)] = std::max(spans->hi[static_cast<std::size_t>(j)], ihi);
        }
        float* row = field + static_cast<std::size_t>(j) * static_cast<std::size_t>(f.nx);
        const float* grow = gate ? gate + static_cast<std::size_t>(j) * static_cast<std::size_t>(f.nx) : nullptr;
        if (grow) {
            for (int i = ilo; i <= ihi; ++i) {
                if (grow[i] > gate_max) continue;
                row[i] = std::min(row[i], static_cast<float>(dist2(i * h, y)));
            }
        } else {  // without branches: vectorised where dist2 is plain arithmetic
            for (int i = ilo; i <= ihi; ++i) row[i] = std::min(row[i], static_cast<float>(dist2(i * h, y)));
        }
    }
}

// The barrier segments near a frame (frame coordinates), bucketed in square
// tiles of the frame: blocked() tells whether the straight line between a node
// and a street point crosses one. A node takes its distance only from street
// points it can see, so the area stops at a barrier (to within a cell) and goes
// on where a street crosses it.
class Shadow {
public:
    Shadow(const Frame& f, std::span<const std::vector<Point>> barriers, double radius)
        : m_tile(k_tile_nodes * f.h), m_tx(f.nx / k_tile_nodes + 1), m_ty(f.ny / k_tile_nodes + 1),
          m_tiles(static_cast<std::size_t>(m_tx) * static_cast<std::size_t>(m_ty)) {
        const double ox = f.x0(), oy = f.y0(), w = (f.nx - 1) * f.h, ht = (f.ny - 1) * f.h;
        for (const auto& line : barriers) {
            for (std::size_t k = 1; k < line.size(); ++k) {
                const Seg s{line[k - 1].x - ox, line[k - 1].y - oy, line[k].x - ox, line[k].y - oy};
                const double x0 = std::min(s.ax, s.bx), x1 = std::max(s.ax, s.bx);
                const double y0 = std::min(s.ay, s.by), y1 = std::max(s.ay, s.by);
                if (x1 < -radius || y1 < -radius || x0 > w + radius || y0 > ht + radius) continue;
                const auto id = static_cast<std::uint32_t>(m_segs.size());
                m_segs.push_back(s);
                for_tiles(x0, y0, x1, y1, [&](std::size_t t) { m_tiles[t].push_back(id); });
            }
        }
    }
    [[nodiscard]] bool empty() const noexcept { return m_segs.empty(); }
    /// Whether a barrier segment's box meets the box [x0, x1] x [y0, y1]: when
    /// none does, no straight line inside the box is blocked.
    [[nodiscard]] bool near(double x0, double y0, double x1, double y1) const {
        return any_in(x0, y0, x1, y1, [&](const Seg& s) {
            return std::max(s.ax, s.bx) >= x0 && std::min(s.ax, s.bx) <= x1 && std::max(s.ay, s.by) >= y0 &&
                   std::min(s.ay, s.by) <= y1;
        });
    }
    /// Whether the segment (x, y)-(fx, fy) properly crosses a barrier segment
    /// (touching or ending on one is not crossing).
    [[nodiscard]] bool blocked(double x, double y, double fx, double fy) const {
        return any_in(std::min(x, fx), std::min(y, fy), std::max(x, fx), std::max(y, fy),
                      [&](const Seg& s) { return detail::segments_cross(x, y, fx, fy, s.ax, s.ay, s.bx, s.by); });
    }

private:
    static constexpr int k_tile_nodes = 32;
    struct Seg {
        double ax, ay, bx, by;
    };
    /// Whether a segment in the tiles of the box [x0, x1] x [y0, y1] satisfies `pred`.
    template <class Pred>
    [[nodiscard]] bool any_in(double x0, double y0, double x1, double y1, Pred&& pred) const {
        bool hit = false;
        for_tiles(x0, y0, x1, y1, [&](std::size_t t) {
            for (std::size_t q = 0; q < m_tiles[t].size() && !hit; ++q) hit = pred(m_segs[m_tiles[t][q]]);
        });
        return hit;
    }
    template <class Fn>
    void for_tiles(double x0, double y0, double x1, double y1, Fn&& fn) const {
        auto tile = [this](double v, int n) {
            return static_cast<int>(std::clamp(std::floor(v / m_tile), 0.0, static_cast<double>(n - 1)));
        };
        const int i0 = tile(x0, m_tx), i1 = tile(x1, m_tx), j0 = tile(y0, m_ty), j1 = tile(y1, m_ty);
        for (int j = j0; j <= j1; ++j) {
            for (int i = i0; i <= i1; ++i) {
                fn(static_cast<std::size_t>(j) * static_cast<std::size_t>(m_tx) + static_cast<std::size_t>(i));
            }
        }
    }
    double m_tile;
    int m_tx, m_ty;
    std::vector<Seg> m_segs;
    std::vector<std::vector<std::uint32_t>> m_tiles;
};

// Lowers field to the squared distance to a set of polylines, for every node
// within `radius`. The distance to a union of segments is attained either inside
// a segment (the node lies in the segment's band: perpendicular distance) or at
// a vertex, and then the node lies behind every segment leaving that vertex
// (dot(X - v, direction) <= 0 for each). So each segment fills its band and each
// distinct vertex the part of its disc behind all its segments: a half disc at a
// dead end, a wedge on the outside of a bend, nothing at a crossing. Exact, and
// every node is visited about once per nearby street instead of once per
// segment cap.
// Bands and vertex regions overlap by this much (metres), so that rounding never
// leaves a node on their common boundary to neither (a spurious hole of ~cell^2/16).
constexpr double k_overlap = 1e-6;

void rasterise_lines(const Frame& f, std::span<const std::vector<Point>> lines, double radius, float* field,
                     const float* gate, float gate_max, RowSpans* spans, const RowSpans* clip, const Shadow* shadow) {
    const double ox = f.x0(), oy = f.y0();
    constexpr double hidden = std::numeric_limits<double>::infinity();
    const bool occluded = shadow != nullptr && !shadow->empty();
    struct Leg {
        double x, y;    // vertex (frame coordinates)
        double ux, uy;  // unit direction of a segment leaving it (0, 0 for an isolated point)
    };
    std::vector<Leg> legs;
    for (const auto& line : lines) {
        bool any = false;
        for (std::size_t k = 1; k < line.size(); ++k) {
            const double px = line[k - 1].x - ox, py = line[k - 1].y - oy;
            const double qx = line[k].x - ox, qy = line[k].y - oy;
            const double dx = qx - px, dy = qy - py;
            const double len = std::hypot(dx, dy);
            if (!(len > 0.0)) continue;
            any = true;
            const double ux = dx / len, uy = dy / len;
            legs.push_back({px, py, ux, uy});
            legs.push_back({qx, qy, -ux, -uy});
            // The band: |cross(u, X - p)| <= radius and 0 <= dot(u, X - p) <= len.
            const std::array<HalfPlane, 4> band = {
                HalfPlane{-uy, ux, radius + (-uy * px + ux * py)}, HalfPlane{uy, -ux, radius - (-uy * px + ux * py)},
                HalfPlane{-ux, -uy, k_overlap - (ux * px + uy * py)}, HalfPlane{ux, uy, len + k_overlap + (ux * px + uy * py)}};
            const double ylo = std::min(py, qy) - radius, yhi = std::max(py, qy) + radius;
            const auto d2 = [=](double x, double y) {
                const double c = ux * (y - py) - uy * (x - px);
                return c * c;
            };
            const auto fill = [&](auto&& dist2) {
                fill_convex(f, false, 0, 0, radius, band, ylo, yhi, dist2, field, gate, gate_max, spans, clip);
            };
            // A node and its street point both lie in the band's box: only a
            // barrier meeting that box can stand between them.
            if (occluded && shadow->near(std::min(px, qx) - radius, ylo, std::max(px, qx) + radius, yhi)) {
                fill([&](double x, double y) {  // the foot of the perpendicular, seen from (x, y)?
                    const double t = ux * (x - px) + uy * (y - py);
                    return shadow->blocked(x, y, px + t * ux, py + t * uy) ? hidden : d2(x, y);
                });
            } else {
                fill(d2);
            }
        }
        if (!any && !line.empty()) legs.push_back({line[0].x - ox, line[0].y - oy, 0.0, 0.0});
    }
    std::sort(legs.begin(), legs.end(), [](const Leg& a, const Leg& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    std::vector<HalfPlane> planes;
    for (std::size_t k = 0; k < legs.size();) {
        const double vx = legs[k].x, vy = legs[k].y;
        planes.clear();
        for (; k < legs.size() && legs[k].x == vx && legs[k].y == vy; ++k) {
            if (legs[k].ux == 0.0 && legs[k].uy == 0.0) continue;
            planes.push_back({legs[k].ux, legs[k].uy, k_overlap + legs[k].ux * vx + legs[k].uy * vy});
        }
        const auto d2 = [=](double x, double y) { return (x - vx) * (x - vx) + (y - vy) * (y - vy); };
        const auto fill = [&](auto&& dist2) {
            fill_convex(f, true, vx, vy, radius, planes, vy - radius, vy + radius, dist2, field, gate, gate_max, spans,
                        clip);
        };
        if (occluded && shadow->near(vx - radius, vy - radius, vx + radius, vy + radius)) {
            fill([&](double x, double y) { return shadow->blocked(x, y, vx, vy) ? hidden : d2(x, y); });
        } else {
            fill(d2);
        }
    }
}

// Vertices within this distance (metres) of the chord between their kept
// neighbours are dropped: along a straight street the crossings are collinear up
// to the float rounding of the distances (micrometres), so a band edge becomes
// one segment. Moves the boundary by at most this much (1e-8 of a typical area).
constexpr double k_collinear = 1e-5;

// The closed ring (first point repeated) without its collinear vertices. A run is
// extended while every point it skips stays within k_collinear of the chord.
std::vector<Point> drop_collinear(const std::vector<Point>& ring) {
    std::vector<Point> out;
    const std::size_t n = ring.size();
    if (n < 5) {
        out = ring;
        out.push_back(ring.front());
        return out;
    }
    auto within = [&](std::size_t a, std::size_t c) {
        const Point& pa = ring[a];
        const Point& pc = ring[c % n];
        const double dx = pc.x - pa.x, dy = pc.y - pa.y;
        const double len = std::hypot(dx, dy);
        if (!(len > 0.0)) return false;
        for (std::size_t b = a + 1; b < c; ++b) {
            const Point& pb = ring[b % n];
            const double along = ((pb.x - pa.x) * dx + (pb.y - pa.y) * dy) / len;
            if (along <= 0.0 || along >= len) return false;
            if (std::abs((pb.x - pa.x) * dy - (pb.y - pa.y) * dx) / len > k_collinear) return false;
        }
        return true;
    };
    constexpr std::size_t max_run = 64;  // bounds the quadratic check
    std::size_t a = 0;
    out.push_back(ring[0]);
    while (a < n) {
        std::size_t c = a + 1;
        while (c < n && c - a < max_run && within(a, c + 1)) ++c;
        if (c >= n) break;
        out.push_back(ring[c]);
        a = c;
    }
    if (out.size() < 3) {
        out = ring;
    }
    out.push_back(out.front());
    return out;
}

// Marching squares: the rings of {v < level}, inside on the left (shells
// counter-clockwise, holes clockwise). Crossing points are on grid edges
// (id 2 k for the edge from node k to its right neighbour, 2 k + 1 to the one
// above) at the linear interpolation of the two values; saddles are resolved by
// the mean of the four corners. Only cells next to a row span can hold a crossing.
std::vector<std::vector<Point>> contour(const Frame& f, const std::vector<float>& v, float level,
                                        const RowSpans& spans) {
    const int nx = f.nx, ny = f.ny;
    std::vector<std::pair<std::int64_t, std::int64_t>> links;  // (from edge, to edge)
    for (int j = 0; j + 1 < ny; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        const int ilo = std::max(0, std::min(spans.lo[ju], spans.lo[ju + 1]) - 1);
        const int ihi = std::min(nx - 2, std::max(spans.hi[ju], spans.hi[ju + 1]));
        const std::size_t r0 = ju * static_cast<std::size_t>(nx);
        const std::size_t r1 = r0 + static_cast<std::size_t>(nx);
        for (int i = ilo; i <= ihi; ++i) {
            const std::size_t k00 = r0 + static_cast<std::size_t>(i), k10 = k00 + 1;
            const std::size_t k01 = r1 + static_cast<std::size_t>(i), k11 = k01 + 1;
            // Corners counter-clockwise: (i,j), (i+1,j), (i+1,j+1), (i,j+1).
            const unsigned c = static_cast<unsigned>(v[k00] < level) | static_cast<unsigned>(v[k10] < level) << 1U |
                               static_cast<unsigned>(v[k11] < level) << 2U | static_cast<unsigned>(v[k01] < level) << 3U;
            if (c == 0U || c == 15U) continue;
            // Edge k of the cell runs from corner k to corner k+1.
            const std::array<std::int64_t, 4> e = {
                static_cast<std::int64_t>(2 * k00), static_cast<std::int64_t>(2 * k10 + 1),
                static_cast<std::int64_t>(2 * k01), static_cast<std::int64_t>(2 * k00 + 1)};
            auto inside = [c](unsigned k) { return ((c >> (k & 3U)) & 1U) != 0U; };
            if (c == 5U || c == 10U) {
                const float centre = (v[k00] + v[k10] + v[k11] + v[k01]) / 4.0F;
                const bool joined = centre < level;
                for (unsigned k = 0; k < 4; ++k) {
                    if (inside(k) && !inside(k + 1)) links.emplace_back(e[k], e[joined ? (k + 1) & 3U : (k + 3) & 3U]);
                }
            } else {
                unsigned from = 0, to = 0;
                for (unsigned k = 0; k < 4; ++k) {
                    if (inside(k) && !inside(k + 1)) from = k;
                    if (!inside(k) && inside(k + 1)) to = k;
                }
                links.emplace_back(e[from], e[to]);
            }
        }
    }
    std::sort(links.begin(), links.end());
    const double h = f.h;
    auto point_of = [&](std::int64_t id) {
        const auto k = static_cast<std::size_t>(id) >> 1U;
        const bool up = (id & 1) != 0;
        const std::size_t k2 = up ? k + static_cast<std::size_t>(nx) : k + 1;
        const double a = v[k], b = v[k2];
        const double t = std::clamp((static_cast<double>(level) - a) / (b - a), 0.0, 1.0);
        const auto gi = static_cast<double>(f.i0 + static_cast<std::int64_t>(k % static_cast<std::size_t>(nx)));
        const auto gj = static_cast<double>(f.j0 + static_cast<std::int64_t>(k / static_cast<std::size_t>(nx)));
        return up ? Point{(gi + 0.5) * h, (gj + 0.5 + t) * h} : Point{(gi + 0.5 + t) * h, (gj + 0.5) * h};
    };
    std::vector<std::uint8_t> used(links.size(), 0);
    std::vector<std::vector<Point>> rings;
    for (std::size_t s = 0; s < links.size(); ++s) {
        if (used[s] != 0U) continue;
        std::vector<Point> ring;
        std::size_t cur = s;
        while (used[cur] == 0U) {
            used[cur] = 1;
            ring.push_back(point_of(links[cur].first));
            const auto it = std::lower_bound(links.begin(), links.end(),
                                             std::pair<std::int64_t, std::int64_t>{links[cur].second, -1});
            if (it == links.end() || it->first != links[cur].second) break;  // cannot happen: rings close
            cur = static_cast<std::size_t>(it - links.begin());
        }
        rings.push_back(drop_collinear(ring));
    }
    return rings;
}

double signed_area(const std::vector<Point>& ring) {
    double a = 0.0;
    for (std::size_t k = 1; k < ring.size(); ++k) a += (ring[k - 1].x - ring[0].x) * (ring[k].y - ring[0].y) -
                                                      (ring[k].x - ring[0].x) * (ring[k - 1].y - ring[0].y);
    return a / 2.0;
}

bool in_ring(const std::vector<Point>& ring, Point p) {
    bool odd = false;
    for (std::size_t k = 1; k < ring.size(); ++k) {
        const Point& a = ring[k - 1];
        const Point& b = ring[k];
        if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)) odd = !odd;
    }
    return odd;
}

// Shells (counter-clockwise) with their holes (clockwise, each in the smallest
// shell holding it) as a GEOS polygon or multipolygon.
Geometry polygons_of(std::vector<std::vector<Point>> rings) {
    if (rings.empty()) return Geometry::union_all({});
    std::vector<std::size_t> shells, holes;
    std::vector<double> areas(rings.size());
    std::vector<Box> boxes(rings.size());
    for (std::size_t r = 0; r < rings.size(); ++r) {
        areas[r] = signed_area(rings[r]);
        boxes[r] = bounds_of({rings[r]});
        (areas[r] > 0.0 ? shells : holes).push_back(r);
    }
    std::vector<std::vector<std::size_t>> holes_of(rings.size());
    for (const std::size_t hole : holes) {
        const Point p = rings[hole].front();
        std::size_t best = rings.size();
        for (const std::size_t sh : shells) {
            const Box& b = boxes[sh];
            if (shells.size() > 1 && (p.x < b.min_x || p.x > b.max_x || p.y < b.min_y || p.y > b.max_y)) continue;
            if (best < rings.size() && areas[sh] >= areas[best]) continue;
            if (shells.size() == 1 || in_ring(rings[sh], p)) best = sh;
        }
        if (best < rings.size()) holes_of[best].push_back(hole);
    }
    auto* g = detail::geos();
    auto make_ring = [&](const std::vector<Point>& ring) {
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g, static_cast<unsigned>(ring.size()), 2);
        for (unsigned k = 0; k < ring.size(); ++k) GEOSCoordSeq_setXY_r(g, seq, k, ring[k].x, ring[k].y);
        return GEOSGeom_createLinearRing_r(g, seq);
    };
    std::vector<GEOSGeometry*> polys;
    for (const std::size_t sh : shells) {
        std::vector<GEOSGeometry*> inner;
        for (const std::size_t hole : holes_of[sh]) inner.push_back(make_ring(rings[hole]));
        polys.push_back(GEOSGeom_createPolygon_r(g, make_ring(rings[sh]), inner.data(),
                                                 static_cast<unsigned>(inner.size())));
    }
    if (polys.size() == 1) return Geometry::adopt(polys.front());
    return Geometry::adopt(
        GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
}

// Every edge's bounding box, bucketed on a coarse grid (for finding the
// separated streets near a reach without scanning the whole network).
struct EdgeIndex {
    std::vector<Box> boxes;
    Box extent{};
    double cell = 250.0;
    int nx = 0, ny = 0;
    std::vector<std::uint32_t> start;  // bucket b holds ids[start[b] .. start[b + 1])
    std::vector<EdgeId> ids;

    explicit EdgeIndex(const WalkNetwork& network) : boxes(network.edge_count()) {
        if (boxes.empty()) return;
        for (EdgeId e = 0; e < network.edge_count(); ++e) {
            const Point a = network.node(network.edge_from(e));
            Box b{a.x, a.y, a.x, a.y};
            for (const Point& p : network.edge_inner_points(e)) b = b.united(Box{p.x, p.y, p.x, p.y});
            const Point z = network.node(network.edge_to(e));
            boxes[e] = b.united(Box{z.x, z.y, z.x, z.y});
            extent = e == 0 ? boxes[e] : extent.united(boxes[e]);
        }
        nx = static_cast<int>(std::min(4096.0, std::floor((extent.max_x - extent.min_x) / cell) + 1));
        ny = static_cast<int>(std::min(4096.0, std::floor((extent.max_y - extent.min_y) / cell) + 1));
        std::vector<std::uint32_t> count(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny) + 1, 0);
        for (int pass = 0; pass < 2; ++pass) {
            for (EdgeId e = 0; e < boxes.size(); ++e) {
                int i0 = 0, j0 = 0, i1 = 0, j1 = 0;
                cells(boxes[e], i0, j0, i1, j1);
                for (int j = j0; j <= j1; ++j) {
                    for (int i = i0; i <= i1; ++i) {
                        const std::size_t k = static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) +
                                              static_cast<std::size_t>(i);
                        if (pass == 0) {
                            ++count[k + 1];
                        } else {
                            ids[start[k] + count[k]++] = e;
                        }
                    }
                }
            }
            if (pass == 0) {
                for (std::size_t k = 1; k < count.size(); ++k) count[k] += count[k - 1];
                start = count;
                ids.resize(start.back());
                std::fill(count.begin(), count.end(), 0);
            }
        }
    }
    void cells(const Box& b, int& i0, int& j0, int& i1, int& j1) const {
        auto clampi = [](double v, int n) { return static_cast<int>(std::clamp(std::floor(v), 0.0, n - 1.0)); };
        i0 = clampi((b.min_x - extent.min_x) / cell, nx);
        i1 = clampi((b.max_x - extent.min_x) / cell, nx);
        j0 = clampi((b.min_y - extent.min_y) / cell, ny);
        j1 = clampi((b.max_y - extent.min_y) / cell, ny);
    }
    /// Calls fn(e) for every edge in a bucket the box overlaps (an edge may come more than once).
    template <class Fn>
    void visit(const Box& b, Fn&& fn) const {
        if (boxes.empty() || b.max_x < extent.min_x || b.min_x > extent.max_x || b.max_y < extent.min_y ||
            b.min_y > extent.max_y) {
            return;
        }
        int i0 = 0, j0 = 0, i1 = 0, j1 = 0;
        cells(b, i0, j0, i1, j1);
        for (int j = j0; j <= j1; ++j) {
            for (int i = i0; i <= i1; ++i) {
                const std::size_t k = static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i);
                for (std::uint32_t x = start[k]; x < start[k + 1]; ++x) fn(ids[x]);
            }
        }
    }
};

// The grid method (see the header). `index` is null when the separation rule is off.
Geometry grid_area(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                   const ServiceAreaOptions& options, DijkstraWorkspace& workspace, const EdgeIndex* index) {
    std::vector<std::uint8_t> near;
    const bool separate = options.separate_unreached && index != nullptr;
    if (separate) near.assign(network.edge_count(), 0);
    const auto lines = reach(network, sources, options, workspace, separate ? &near : nullptr,
                             options.threshold * (1.0 + options.separation_detour));
    if (lines.empty()) return Geometry::union_all({});
    const double level = options.buffer_m;
    const double h = std::min(options.cell_m, level / 8.0);  // a small buffer gets finer cells
    const double radius = level + 1.5 * h;  // beyond it values are capped: never next to an inside node
    const Frame f = frame_of(bounds_of(lines), h, radius);
    if (static_cast<double>(f.nx) * static_cast<double>(f.ny) > static_cast<double>(options.max_grid_nodes)) {
        return buffer_lines(lines, options);
    }
    const auto far2 = static_cast<float>(radius * radius);
    std::vector<float> d2(f.size(), far2);
    RowSpans spans(f.ny, f.nx);
    const Shadow shadow(f, options.use_barriers ? network.barriers() : std::span<const std::vector<Point>>{}, radius);
    rasterise_lines(f, lines, radius, d2.data(), nullptr, 0.0F, &spans, nullptr, &shadow);
    std::vector<float> u2;  // squared distance to separated streets, near the reached ones only
    if (separate) {
        // Streets within the radius of any node count, also those outside the frame.
        const Box box{f.x0() - radius, f.y0() - radius, f.x0() + f.nx * h + radius, f.y0() + f.ny * h + radius};
        const auto gate = static_cast<float>((level + h) * (level + h));
        std::vector<std::vector<Point>> separated;
        index->visit(box, [&](EdgeId e) {
            if (near[e] != 0U) return;
            near[e] = 1;  // once
            const Box& b = index->boxes[e];
            if (b.max_x < box.min_x || b.min_x > box.max_x || b.max_y < box.min_y || b.min_y > box.max_y) return;
            separated.push_back(network.edge_polyline(e));
        });
        if (!separated.empty()) {
            u2.assign(f.size(), far2);
            rasterise_lines(f, separated, radius, u2.data(), d2.data(), gate, nullptr, &spans, nullptr);
        }
    }
    // v = distance to the reached streets; with separated streets nearby also
    // level + (d - d_separated) / 2, whichever is larger: v < level exactly where
    // d < level and the reached streets are the nearer. A value equal to the
    // level is nudged up, so that no crossing falls on a node.
    std::vector<float>& v = d2;
    const auto lvl = static_cast<float>(level);
    const float above = std::nextafter(lvl, std::numeric_limits<float>::infinity());
    for (int j = 0; j < f.ny; ++j) {
        const std::size_t r = static_cast<std::size_t>(j) * static_cast<std::size_t>(f.nx);
        for (int i = spans.lo[static_cast<std::size_t>(j)]; i <= spans.hi[static_cast<std::size_t>(j)]; ++i) {
            const std::size_t k = r + static_cast<std::size_t>(i);
            float d = std::sqrt(v[k]);
            if (!u2.empty() && u2[k] < far2) d = std::max(d, lvl + (d - std::sqrt(u2[k])) / 2.0F);
            v[k] = d == lvl ? above : d;
        }
    }
    return polygons_of(contour(f, v, lvl, spans));
}

Geometry area_of(const WalkNetwork& network, std::span<const SnappedPoint> sources, const ServiceAreaOptions& options,
                 DijkstraWorkspace& workspace, const EdgeIndex* index) {
    if (options.method == ServiceAreaMethod::geos_buffer) {
        return buffer_lines(reachable_lines(network, sources, options, workspace), options);
    }
    return grid_area(network, sources, options, workspace, index);
}

bool needs_index(const ServiceAreaOptions& options) {
    return options.method == ServiceAreaMethod::distance_grid && options.separate_unreached;
}

}  // namespace

Geometry combined_service_area(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                               const ServiceAreaOptions& options) {
    DijkstraWorkspace ws(network);
    const auto index = needs_index(options) ? std::make_unique<EdgeIndex>(network) : nullptr;
    return area_of(network, sources, options, ws, index.get());
}

Geometry service_area(const WalkNetwork& network, const SnappedPoint& source, const ServiceAreaOptions& options,
                      DijkstraWorkspace& workspace) {
    const auto index = needs_index(options) ? std::make_unique<EdgeIndex>(network) : nullptr;
    return area_of(network, std::span(&source, 1), options, workspace, index.get());
}

std::vector<Geometry> service_areas(const WalkNetwork& network, std::span<const SnappedPoint> sources,
                                    const ServiceAreaOptions& options) {
    check_options(options);
    const auto index = needs_index(options) ? std::make_unique<EdgeIndex>(network) : nullptr;
    std::vector<Geometry> out(sources.size());
    lc::parallel_for(
        sources.size(), lc::thread_count(options.threads, sources.size(), 1), 1, [&] { return DijkstraWorkspace(network); },
        [&](DijkstraWorkspace& ws, std::size_t begin, std::size_t end) {
            for (std::size_t s = begin; s < end; ++s) out[s] = area_of(network, std::span(&sources[s], 1), options, ws, index.get());
        });
    return out;
}

}  // namespace lc::geo
