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
    return share_of(area, nullptr);
}

double ShareCalculator::covered_share(const Geometry& area, const std::vector<bool>& open) const {
    return share_of(area, &open);
}

std::vector<std::size_t> ShareCalculator::touching(const Box& box) const { return m_index.intersecting(box); }

double ShareCalculator::share_of(const Geometry& area, const std::vector<bool>* open) const {
    if (area.is_empty()) return 0.0;
    const Box box = area.bounds();
    auto hits = m_index.intersecting(box);
    if (open) std::erase_if(hits, [open](std::size_t i) { return !(*open)[i]; });
    if (hits.empty()) return 0.0;
    // Clip each service area to (a margin around) the area's box first: the
    // union then handles small pieces instead of whole isochrones.
    const double margin = 1.0 + 1e-3 * std::max(box.max_x - box.min_x, box.max_y - box.min_y);
    const Box clip_box{box.min_x - margin, box.min_y - margin, box.max_x + margin, box.max_y + margin};
    std::vector<Geometry> parts;
    parts.reserve(hits.size());
    for (auto i : hits) {
        Geometry piece = m_areas[i].clip(clip_box);
        if (!piece.is_empty()) parts.push_back(std::move(piece));
    }
    if (parts.empty()) return 0.0;
    const Geometry cover = hits.size() == 1 ? std::move(parts.front()) : Geometry::union_all(std::move(parts));
    if (area.kind() != GeometryKind::polygon) return cover.intersects(area) ? 1.0 : 0.0;
    const double total = area.area();
    if (total <= 0.0) return 0.0;
    const double inside = area.intersection(cover).area();
    return std::clamp(inside / total, 0.0, 1.0);
}

}  // namespace lc::geo
