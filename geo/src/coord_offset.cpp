#include "lc/geo/coord_offset.hpp"

#include <cmath>
#include <numbers>

namespace lc::geo {
namespace {

constexpr double k_pi = std::numbers::pi;
// Krasovsky 1940, the ellipsoid of the GCJ-02 formula.
constexpr double k_a = 6378245.0;
constexpr double k_ee = 0.00669342162296594323;
constexpr double k_tolerance_deg = 1e-9;
constexpr int k_max_iterations = 50;

double shift_lat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * k_pi) + 20.0 * std::sin(2.0 * x * k_pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * k_pi) + 40.0 * std::sin(y / 3.0 * k_pi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * k_pi) + 320.0 * std::sin(y * k_pi / 30.0)) * 2.0 / 3.0;
    return r;
}

double shift_lon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * k_pi) + 20.0 * std::sin(2.0 * x * k_pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * k_pi) + 40.0 * std::sin(x / 3.0 * k_pi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * k_pi) + 300.0 * std::sin(x / 30.0 * k_pi)) * 2.0 / 3.0;
    return r;
}

/// The p with forward(p) = target, by p <- p - (forward(p) - target) from p = target.
template <typename Forward>
Point invert(Forward forward, Point target) {
    Point p = target;
    for (int i = 0; i < k_max_iterations; ++i) {
        const Point f = forward(p);
        const double dx = f.x - target.x;
        const double dy = f.y - target.y;
        if (std::abs(dx) < k_tolerance_deg && std::abs(dy) < k_tolerance_deg) break;
        p = {p.x - dx, p.y - dy};
    }
    return p;
}

}  // namespace

std::optional<CoordOffset> parse_coord_offset(std::string_view name) {
    if (name == "gcj02") return CoordOffset::gcj02;
    if (name == "bd09") return CoordOffset::bd09;
    return std::nullopt;
}

std::string_view to_string(CoordOffset offset) {
    switch (offset) {
    case CoordOffset::gcj02: return "gcj02";
    case CoordOffset::bd09: return "bd09";
    case CoordOffset::none: break;
    }
    return "none";
}

bool in_china(Point p) { return p.x >= 72.004 && p.x <= 137.8347 && p.y >= 0.8293 && p.y <= 55.8271; }

Point wgs84_to_gcj02(Point p) {
    const double rad_lat = p.y / 180.0 * k_pi;
    const double s = std::sin(rad_lat);
    const double magic = 1.0 - k_ee * s * s;
    const double sqrt_magic = std::sqrt(magic);
    const double d_lat = shift_lat(p.x - 105.0, p.y - 35.0) * 180.0 / ((k_a * (1.0 - k_ee)) / (magic * sqrt_magic) * k_pi);
    const double d_lon = shift_lon(p.x - 105.0, p.y - 35.0) * 180.0 / (k_a / sqrt_magic * std::cos(rad_lat) * k_pi);
    return {p.x + d_lon, p.y + d_lat};
}

Point gcj02_to_bd09(Point p) {
    constexpr double x_pi = k_pi * 3000.0 / 180.0;
    const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * x_pi);
    const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * x_pi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point gcj02_to_wgs84(Point p) { return invert(wgs84_to_gcj02, p); }

Point bd09_to_gcj02(Point p) { return invert(gcj02_to_bd09, p); }

Point undo_offset(CoordOffset offset, Point p) {
    switch (offset) {
    case CoordOffset::gcj02: return gcj02_to_wgs84(p);
    case CoordOffset::bd09: return gcj02_to_wgs84(bd09_to_gcj02(p));
    case CoordOffset::none: break;
    }
    return p;
}

}  // namespace lc::geo
