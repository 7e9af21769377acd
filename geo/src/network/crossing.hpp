// Whether two segments cross: the one test of "does this straight line cross a
// barrier", shared by service areas (what a grid node sees) and snapping (a snap
// leg that would cross a river or railway).
#pragma once

namespace lc::geo::detail {

/// True when segment (ax, ay)-(bx, by) and segment (cx, cy)-(dx, dy) cross at a
/// point inside both. Touching, ending on the other and collinear overlap are
/// not crossing: a street that ends on a river bank is not cut off by it.
inline bool segments_cross(double ax, double ay, double bx, double by, double cx, double cy, double dx,
                           double dy) noexcept {
    auto orient = [](double px, double py, double qx, double qy, double rx, double ry) {
        return (qx - px) * (ry - py) - (qy - py) * (rx - px);
    };
    const double o1 = orient(cx, cy, dx, dy, ax, ay), o2 = orient(cx, cy, dx, dy, bx, by);
    if (!((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))) return false;
    const double o3 = orient(ax, ay, bx, by, cx, cy), o4 = orient(ax, ay, bx, by, dx, dy);
    return (o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0);
}

}  // namespace lc::geo::detail
