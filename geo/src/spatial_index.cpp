#include "lc/geo/spatial_index.hpp"

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lc::geo {
namespace {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using PointValue = std::pair<BPoint, std::size_t>;
using BoxValue = std::pair<BBox, std::size_t>;
}  // namespace

struct PointIndex::Impl {
    bgi::rtree<PointValue, bgi::rstar<16>> tree;
    std::vector<Point> points;
};

PointIndex::PointIndex(std::span<const Point> points) : m_impl(std::make_unique<Impl>()) {
    std::vector<PointValue> values;
    values.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) values.emplace_back(BPoint(points[i].x, points[i].y), i);
    m_impl->tree = bgi::rtree<PointValue, bgi::rstar<16>>(values.begin(), values.end());
    m_impl->points.assign(points.begin(), points.end());
}

PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

std::size_t PointIndex::size() const noexcept { return m_impl->points.size(); }

Nearest PointIndex::nearest(Point p) const {
    Nearest best;
    if (m_impl->points.empty()) return best;
    // Take a few nearest candidates and break distance ties by index, so the
    // answer does not depend on the tree's internal order.
    std::vector<PointValue> hits;
    m_impl->tree.query(bgi::nearest(BPoint(p.x, p.y), 4), std::back_inserter(hits));
    for (const auto& [bp, idx] : hits) {
        const double d = std::hypot(bg::get<0>(bp) - p.x, bg::get<1>(bp) - p.y);
        if (!best.found || d < best.distance || (d == best.distance && idx < best.index)) {
            best = Nearest{idx, d, true};
        }
    }
    return best;
}

std::vector<std::size_t> PointIndex::within(Point p, double radius) const {
    std::vector<PointValue> hits;
    const BBox box(BPoint(p.x - radius, p.y - radius), BPoint(p.x + radius, p.y + radius));
    m_impl->tree.query(bgi::intersects(box), std::back_inserter(hits));
    std::vector<std::size_t> out;
    for (const auto& [bp, idx] : hits) {
        if (std::hypot(bg::get<0>(bp) - p.x, bg::get<1>(bp) - p.y) <= radius) out.push_back(idx);
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct BoxIndex::Impl {
    bgi::rtree<BoxValue, bgi::rstar<16>> tree;
};

BoxIndex::BoxIndex(std::span<const Box> boxes) : m_impl(std::make_unique<Impl>()) {
    std::vector<BoxValue> values;
    values.reserve(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        values.emplace_back(BBox(BPoint(boxes[i].min_x, boxes[i].min_y), BPoint(boxes[i].max_x, boxes[i].max_y)), i);
    }
    m_impl->tree = bgi::rtree<BoxValue, bgi::rstar<16>>(values.begin(), values.end());
}

BoxIndex::~BoxIndex() = default;
BoxIndex::BoxIndex(BoxIndex&&) noexcept = default;
BoxIndex& BoxIndex::operator=(BoxIndex&&) noexcept = default;

std::vector<std::size_t> BoxIndex::intersecting(const Box& q) const {
    std::vector<BoxValue> hits;
    m_impl->tree.query(bgi::intersects(BBox(BPoint(q.min_x, q.min_y), BPoint(q.max_x, q.max_y))),
                       std::back_inserter(hits));
    std::vector<std::size_t> out;
    out.reserve(hits.size());
    for (const auto& h : hits) out.push_back(h.second);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace lc::geo
