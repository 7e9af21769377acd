#include "lc/geo/coverage.hpp"
#include "lc/geo/spatial_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace lc::geo;

// Brute-force oracle: the R-tree's nearest and within answers equal a linear scan.
TEST(PointIndex, MatchesBruteForce) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1000);
    std::vector<Point> pts(500);
    for (auto& p : pts) p = {u(rng), u(rng)};
    const PointIndex index(pts);
    for (int q = 0; q < 200; ++q) {
        const Point p{u(rng), u(rng)};
        double best = 1e300;
        std::size_t arg = 0;
        std::vector<std::size_t> within;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const double d = std::hypot(pts[i].x - p.x, pts[i].y - p.y);
            if (d < best) best = d, arg = i;
            if (d <= 120) within.push_back(i);
        }
        const Nearest n = index.nearest(p);
        EXPECT_EQ(n.index, arg);
        EXPECT_DOUBLE_EQ(n.distance, best);
        EXPECT_EQ(index.within(p, 120), within);
    }
}

TEST(PointIndex, EmptyIndexFindsNothing) {
    const PointIndex index(std::span<const Point>{});
    EXPECT_FALSE(index.nearest({0, 0}).found);
}

// A 100 m x 100 m square estate whose west half (x < 50) lies inside a
// service area that is the rectangle x in [-1000, 50]: share = 50 / 100 = 0.5 exactly.
TEST(ShareCalculator, HalfCoveredSquare) {
    std::vector<Geometry> areas;
    const Point cover[] = {{-1000, -1000}, {50, -1000}, {50, 1000}, {-1000, 1000}};
    areas.push_back(Geometry::polygon(cover));
    const ShareCalculator calc(areas);
    const Point ring[] = {{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    EXPECT_NEAR(calc.covered_share(Geometry::polygon(ring)), 0.5, 1e-12);
}

// Two overlapping circles must not be counted twice: a square fully inside both has share 1.
TEST(ShareCalculator, OverlapCountsOnce) {
    std::vector<Geometry> areas;
    areas.push_back(circle({0, 0}, 500));
    areas.push_back(circle({10, 0}, 500));
    const ShareCalculator calc(areas);
    const Point ring[] = {{-10, -10}, {10, -10}, {10, 10}, {-10, 10}};
    EXPECT_NEAR(calc.covered_share(Geometry::polygon(ring)), 1.0, 1e-12);
    const Point far[] = {{5000, 5000}, {5010, 5000}, {5010, 5010}};
    EXPECT_EQ(calc.covered_share(Geometry::polygon(far)), 0.0);
}

// Circle with 32 segments per quadrant: area of a regular 128-gon of radius r
// = (128/2) r^2 sin(2 pi / 128) = 0.998795 pi r^2.
TEST(Circle, SegmentsPerQuadrant) {
    const Geometry c = circle({0, 0}, 900);
    EXPECT_NEAR(c.area(), 64.0 * 900 * 900 * std::sin(2 * M_PI / 128), 1e-6);
}
