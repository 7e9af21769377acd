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
    /// The same with only the service areas `open` marks (one flag per service
    /// area): the share a subset of the sites would cover, e.g. the sites opened
    /// so far when a plan's sites are credited one by one.
    [[nodiscard]] double covered_share(const Geometry& area, const std::vector<bool>& open) const;
    /// The service areas whose boxes meet `box`.
    [[nodiscard]] std::vector<std::size_t> touching(const Box& box) const;

private:
    [[nodiscard]] double share_of(const Geometry& area, const std::vector<bool>* open) const;
    std::span<const Geometry> m_areas;
    std::vector<Box> m_boxes;
    BoxIndex m_index;
};

}  // namespace lc::geo
