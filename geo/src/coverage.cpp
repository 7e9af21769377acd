#include "lc/geo/coverage.hpp"

#include <algorithm>

namespace lc::geo {

Geometry circle(Point centre, double radius, int quadrant_segments) {
    return Geometry::point(centre).buffer(radius, std::max(quadrant_segments, 32));
}

namespace {
std::vector<Box> boxes_of(std::span<const Geometry> areas) {
    std::vector<Box> out;
    out.reserve(areas.size());
    for (const auto& a : areas) out.push_back(a.bounds());
    return out;
}
}  // namespace

ShareCalculator::ShareCalculator(std::span<const Geometry> service_areas)
    : m_areas(service_areas), m_boxes(boxes_of(service_areas)), m_index(m_boxes) {}

double ShareCalculator::covered_share(const Geometry& area) const {
    if (area.is_empty()) return 0.0;
    const auto hits = m_index.intersecting(area.bounds());
    if (hits.empty()) return 0.0;
    std::vector<Geometry> parts;
    parts.reserve(hits.size());
    for (auto i : hits) parts.push_back(m_areas[i].clone());
    const Geometry cover = hits.size() == 1 ? std::move(parts.front()) : Geometry::union_all(std::move(parts));
    if (area.kind() != GeometryKind::polygon) return cover.intersects(area) ? 1.0 : 0.0;
    const double total = area.area();
    if (total <= 0.0) return 0.0;
    const double inside = area.intersection(cover).area();
    return std::clamp(inside / total, 0.0, 1.0);
}

}  // namespace lc::geo
