// Snapping points (facilities, estate representative points) onto the nearest
// point of the nearest network edge. The edge is split virtually: a snapped
// point is (edge, offset along it, snap distance, projected point).
#pragma once

#include "lc/geo/geometry.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <memory>
#include <span>
#include <vector>

namespace lc::geo {

struct SnappedPoint {
    Point input;              ///< the point as given
    Point projected;          ///< nearest point on the network (valid when edge != no_id)
    EdgeId edge = no_id;      ///< nearest edge (no_id when the network is empty)
    /// Walking cost from the edge's `from` node to the projected point, in the
    /// edge's length units (metres), 0..edge_length(edge).
    double offset = 0.0;
    double distance = unreachable;  ///< straight snap leg, input -> projected, metres
    bool snapped = false;           ///< false when distance > max_snap (reported, not dropped)
};

/// A Boost.Geometry R-tree over every segment of every edge polyline.
/// Build once per network (which must outlive the index); queries are thread-safe.
class SnapIndex {
public:
    explicit SnapIndex(const WalkNetwork& network);
    ~SnapIndex();
    SnapIndex(SnapIndex&&) noexcept;
    SnapIndex& operator=(SnapIndex&&) noexcept;
    SnapIndex(const SnapIndex&) = delete;
    SnapIndex& operator=(const SnapIndex&) = delete;

    /// The nearest point on the nearest segment; ties go to the lowest edge id.
    /// A segment whose straight snap leg crosses one of the network's barriers (a
    /// river, a railway: WalkNetwork::barriers) is passed over for the nearest one
    /// on the point's side; when every leg crosses one, the nearest of all.
    /// Points farther than max_snap come back with snapped = false and their distance.
    [[nodiscard]] SnappedPoint snap(Point p, double max_snap) const;
    /// Snaps many points, spread over `threads` std::threads (0 = hardware concurrency);
    /// the result is in input order and does not depend on the thread count.
    [[nodiscard]] std::vector<SnappedPoint> snap(std::span<const Point> points, double max_snap,
                                                 unsigned threads = 0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Indices of the points that did not snap (for warnings: "N points farther than max_snap").
[[nodiscard]] std::vector<std::size_t> unsnapped(std::span<const SnappedPoint> points);

}  // namespace lc::geo
