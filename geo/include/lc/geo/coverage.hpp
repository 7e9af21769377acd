// Straight-line (circle) coverage and area shares inside service areas.
#pragma once

#include "lc/geo/geometry.hpp"
#include "lc/geo/spatial_index.hpp"

#include <span>
#include <vector>

namespace lc::geo {

/// A circle of `radius` around `centre` with `quadrant_segments` per quarter (>= 32).
Geometry circle(Point centre, double radius, int quadrant_segments = 32);

/// Share (0..1) of `area`'s surface inside the union of the service areas.
/// Uses only the service areas whose boxes meet `area`'s box (via `index`).
/// Points and lines: 1 when covered (intersecting), else 0.
class ShareCalculator {
public:
    explicit ShareCalculator(std::span<const Geometry> service_areas);
    [[nodiscard]] double covered_share(const Geometry& area) const;

private:
    std::span<const Geometry> m_areas;
    std::vector<Box> m_boxes;
    BoxIndex m_index;
};

}  // namespace lc::geo
