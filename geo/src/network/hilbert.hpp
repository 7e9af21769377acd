// Private: Hilbert-curve keys, used to order nodes and sources so that things
// close on the ground are close in memory and in processing order.
#pragma once

#include "lc/geo/geometry.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace lc::geo::detail {

/// Position of (x, y) in [0, 2^16)^2 along a Hilbert curve.
inline std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y) {
    std::uint64_t d = 0;
    for (std::uint32_t s = 1U << 15; s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) ? 1U : 0U;
        const std::uint32_t ry = (y & s) ? 1U : 0U;
        d += static_cast<std::uint64_t>(s) * s * ((3U * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

/// Indices of the points sorted along a Hilbert curve over their bounding square
/// (ties keep input order, so the result is deterministic).
template <class GetPoint>
std::vector<std::uint32_t> hilbert_order(std::size_t count, GetPoint&& point_of) {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = min_x;
    double max_x = -min_x;
    double max_y = -min_x;
    for (std::size_t i = 0; i < count; ++i) {
        const Point p = point_of(i);
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    const double span = std::max({max_x - min_x, max_y - min_y, 1e-9});
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    keyed.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Point p = point_of(i);
        const auto gx = static_cast<std::uint32_t>(std::clamp((p.x - min_x) / span * 65535.0, 0.0, 65535.0));
        const auto gy = static_cast<std::uint32_t>(std::clamp((p.y - min_y) / span * 65535.0, 0.0, 65535.0));
        keyed.emplace_back(hilbert_index(gx, gy), static_cast<std::uint32_t>(i));
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> order;
    order.reserve(count);
    for (const auto& k : keyed) order.push_back(k.second);
    return order;
}

}  // namespace lc::geo::detail
