// Walking service areas: reached network parts (with partial edges) buffered.
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/service_area.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>

using namespace lc::geo;

namespace {
// A T: main street (0,0)-(1000,0) with a side street (500,0)-(500,300).
//
//   (500,300)
//      |
//   (0,0)----S----------(500,0)-----------(1000,0)      S = source at (100, 0)
const std::vector<std::vector<Point>> k_tee = {{{0, 0}, {500, 0}, {1000, 0}}, {{500, 0}, {500, 300}}};
}  // namespace

TEST(ServiceArea, PartialEdgeIsCutAtTheRemainingDistance) {
    const auto net = WalkNetwork::from_polylines(k_tee);
    ASSERT_EQ(net.node_count(), 4U);
    const SnapIndex index(net);
    const auto src = index.snap({100, 0}, 10);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    opt.threshold = 300;
    opt.buffer_m = 50;
    // 300 m from x=100: west to the dead end (0,0) at 100 m, east to x=400 (the
    // junction at 500 is 400 m away, not reached). One piece: (0,0)-(400,0).
    const auto lines = reachable_lines(net, src, opt, ws);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].front(), (Point{0, 0}));
    EXPECT_EQ(lines[0].back(), (Point{400, 0}));
    const Geometry area = service_area(net, src, opt, ws);
    const Box b = area.bounds();
    EXPECT_NEAR(b.min_x, -50, 1e-9);
    EXPECT_NEAR(b.max_x, 450, 1e-9);
    EXPECT_NEAR(b.min_y, -50, 1e-9);
    EXPECT_NEAR(b.max_y, 50, 1e-9);
    // A 400 x 100 band plus two half discs of radius 50 (polygonised, slightly less).
    EXPECT_NEAR(area.area(), 400 * 100 + std::numbers::pi * 2500, 0.01 * std::numbers::pi * 2500);
}

TEST(ServiceArea, FollowsStreetsNotAHull) {
    const auto net = WalkNetwork::from_polylines(k_tee);
    const SnapIndex index(net);
    const auto src = index.snap({100, 0}, 10);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    opt.threshold = 600;
    opt.buffer_m = 50;
    // Junction (500,0) at 400 m, 200 m left: east to x=700, north to (500,200);
    // west to (0,0) in full. Pieces: (0,0)-(500,0), (500,0)-(700,0), (500,0)-(500,200).
    const auto lines = reachable_lines(net, src, opt, ws);
    EXPECT_EQ(lines.size(), 3U);
    const Geometry area = service_area(net, src, opt, ws);
    const Box b = area.bounds();
    EXPECT_NEAR(b.min_x, -50, 1e-9);
    EXPECT_NEAR(b.max_x, 750, 1e-9);
    EXPECT_NEAR(b.max_y, 250, 1e-9);
    EXPECT_TRUE(area.covers({500, 240}));
    EXPECT_FALSE(area.covers({500, 260}));
    EXPECT_FALSE(area.covers({600, 100}));  // 100 m from both streets: a hull would hold it
    EXPECT_TRUE(area.covers({690, 40}));
    EXPECT_FALSE(area.covers({760, 0}));
}

TEST(ServiceArea, SnapLegUsesUpTheBudgetAndIsDrawn) {
    const auto net = WalkNetwork::from_polylines(k_tee);
    const SnapIndex index(net);
    const auto src = index.snap({100, 30}, 50);  // 30 m leg to (100,0)
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    opt.threshold = 330;
    opt.buffer_m = 50;
    const Geometry area = service_area(net, src, opt, ws);
    const Box b = area.bounds();
    EXPECT_NEAR(b.max_x, 450, 1e-9);  // 300 m left on the network: up to x=400
    EXPECT_NEAR(b.max_y, 80, 1e-9);   // the leg (100,30)-(100,0) buffered
    // A leg longer than the threshold: nothing is reached.
    opt.threshold = 20;
    EXPECT_TRUE(service_area(net, src, opt, ws).is_empty());
}

TEST(ServiceArea, ManySourcesInParallelMatchOneByOne) {
    const auto net = WalkNetwork::from_polylines(k_tee);
    const SnapIndex index(net);
    const std::vector<Point> pts = {{100, 0}, {900, 10}, {500, 250}, {5000, 5000}};
    const auto src = index.snap(pts, 100);
    ServiceAreaOptions opt;
    opt.threshold = 400;
    opt.threads = 2;
    const auto areas = service_areas(net, src, opt);
    ASSERT_EQ(areas.size(), 4U);
    DijkstraWorkspace ws(net);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_NEAR(areas[i].area(), service_area(net, src[i], opt, ws).area(), 1e-6);
        EXPECT_GT(areas[i].area(), 0.0);
    }
    EXPECT_TRUE(areas[3].is_empty());  // beyond max_snap
}

TEST(ServiceArea, EdgeReachedFromBothEndsWithAGap) {
    // A(0,0) and B(1000,0) joined by a straight 1000 m street and a 1200 m detour
    // A-(0,100)-(1000,100)-B. From A with 1050 m: B at 1000 m (50 m left), so the
    // detour is reached 1050 m from A, to (950,100), and 50 m from B, to (1000,50);
    // the 100 m between stays out. Three pieces: the street and two detour parts.
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {1000, 0}}, {{0, 0}, {0, 100}, {1000, 100}, {1000, 0}}};
    const auto net = WalkNetwork::from_polylines(lines);
    ASSERT_EQ(net.node_count(), 2U);
    const SnapIndex index(net);
    const auto src = index.snap({0, 0}, 1);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    opt.threshold = 1050;
    auto pieces = reachable_lines(net, src, opt, ws);
    ASSERT_EQ(pieces.size(), 3U);
    std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    // The straight street and the B-side part are two-point lines; the A-side part has 3 points.
    EXPECT_EQ(pieces[2], (std::vector<Point>{{0, 0}, {0, 100}, {950, 100}}));
    bool found_b_part = false;
    for (std::size_t i = 0; i < 2; ++i) {
        if (pieces[i] == std::vector<Point>{{1000, 50}, {1000, 0}}) found_b_part = true;
    }
    EXPECT_TRUE(found_b_part);
    // With 1100 m both parts meet (1100 + 100 = 1200): the detour is whole.
    opt.threshold = 1100;
    EXPECT_EQ(reachable_lines(net, src, opt, ws).size(), 2U);
}

TEST(ServiceArea, CombinedEqualsTheUnionOfSingleAreas) {
    const auto net = WalkNetwork::from_polylines(k_tee);
    const SnapIndex index(net);
    const std::vector<Point> pts = {{100, 0}, {900, 10}, {500, 250}, {5000, 5000}};
    const auto src = index.snap(pts, 100);
    ServiceAreaOptions opt;
    opt.threshold = 250;
    const auto singles = service_areas(net, src, opt);
    std::vector<Geometry> parts;
    for (const auto& a : singles) parts.push_back(a.clone());
    const Geometry expected = Geometry::union_all(std::move(parts));
    const Geometry combined = combined_service_area(net, src, opt);
    EXPECT_NEAR(combined.area(), expected.area(), 1e-6 * expected.area());
    EXPECT_NEAR(combined.intersection(expected).area(), expected.area(), 1e-6 * expected.area());
    EXPECT_TRUE(combined_service_area(net, std::span(src).subspan(3), opt).is_empty());  // only the unsnapped one
}
