// Spatial indexes (Boost.Geometry R-trees behind a small interface, so the
// heavy template code stays in one translation unit).
#pragma once

#include "lc/geo/geometry.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace lc::geo {

struct Nearest {
    std::size_t index = 0;   ///< index into the indexed points
    double distance = 0.0;   ///< straight-line distance
    bool found = false;      ///< false when the index is empty
};

/// Static R-tree over points (packed on construction).
class PointIndex {
public:
    explicit PointIndex(std::span<const Point> points);
    ~PointIndex();
    PointIndex(PointIndex&&) noexcept;
    PointIndex& operator=(PointIndex&&) noexcept;

    [[nodiscard]] std::size_t size() const noexcept;
    /// The nearest indexed point (ties: the lower index).
    [[nodiscard]] Nearest nearest(Point p) const;
    /// Indices of the points within `radius` of p (inclusive), in increasing index order.
    [[nodiscard]] std::vector<std::size_t> within(Point p, double radius) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Static R-tree over bounding boxes (of polygons, lines, ...).
class BoxIndex {
public:
    explicit BoxIndex(std::span<const Box> boxes);
    ~BoxIndex();
    BoxIndex(BoxIndex&&) noexcept;
    BoxIndex& operator=(BoxIndex&&) noexcept;

    /// Indices of the boxes intersecting `query`, in increasing index order.
    [[nodiscard]] std::vector<std::size_t> intersecting(const Box& query) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace lc::geo
