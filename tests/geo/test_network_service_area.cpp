// Walking service areas: reached network parts (with partial edges) buffered.
#include "lc/geo/crs.hpp"
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/service_area.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numbers>
#include <string>

using namespace lc::geo;

namespace {
// A T: main street (0,0)-(1000,0) with a side street (500,0)-(500,300).
//
//   (500,300)
//      |
//   (0,0)----S----------(500,0)-----------(1000,0)      S = source at (100, 0)
const std::vector<std::vector<Point>> k_tee = {{{0, 0}, {500, 0}, {1000, 0}}, {{500, 0}, {500, 300}}};
// The default (grid) method puts the boundary within cell^2 / (8 buffer) =
// 25 / 400 = 0.0625 m inside an arc's extreme point (a chord between grid lines).
constexpr double k_arc = 0.07;
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
    EXPECT_NEAR(b.min_x, -50, k_arc);
    EXPECT_NEAR(b.max_x, 450, k_arc);
    EXPECT_NEAR(b.min_y, -50, k_arc);
    EXPECT_NEAR(b.max_y, 50, k_arc);
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
    EXPECT_NEAR(b.min_x, -50, k_arc);
    EXPECT_NEAR(b.max_x, 750, k_arc);
    EXPECT_NEAR(b.max_y, 250, k_arc);
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
    EXPECT_NEAR(b.max_x, 450, k_arc);  // 300 m left on the network: up to x=400
    EXPECT_NEAR(b.max_y, 80, k_arc);   // the leg (100,30)-(100,0) buffered
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

// ---- the grid method against the GEOS buffer union, nesting, holes, barriers ----

namespace {

// |a xor b| / |b|.
double symdiff_share(const Geometry& a, const Geometry& b) {
    return (a.area() + b.area() - 2 * a.intersection(b).area()) / b.area();
}

// |inner - outer|: the part of the inner area outside the outer one.
double outside_part(const Geometry& inner, const Geometry& outer) {
    return inner.area() - inner.intersection(outer).area();
}

// A 12 x 12 grid of 80 m blocks (x, y in 0..960) with every 7th street segment
// missing, diagonals across every 5th block and a few short dead ends: bends,
// crossings at several angles, partly reached edges and blocks narrower and
// wider than twice the buffer.
WalkNetwork synthetic_city() {
    std::vector<std::vector<Point>> lines;
    int k = 0;
    for (int j = 0; j <= 12; ++j) {
        for (int i = 0; i < 12; ++i) {
            if (++k % 7 != 0) lines.push_back({{i * 80.0, j * 80.0}, {(i + 1) * 80.0, j * 80.0}});
            if (k % 3 != 0) lines.push_back({{j * 80.0, i * 80.0}, {j * 80.0, (i + 1) * 80.0}});
        }
    }
    for (int b = 0; b < 144; b += 5) {
        const double x = (b % 12) * 80.0, y = (b / 12) * 80.0;
        lines.push_back({{x, y}, {x + 30, y + 50}, {x + 80, y + 80}});
    }
    for (int b = 2; b < 144; b += 11) {
        const double x = (b % 12) * 80.0, y = (b / 12) * 80.0;
        lines.push_back({{x, y}, {x + 17.3, y + 31.1}});
    }
    return WalkNetwork::from_polylines(lines);
}

std::vector<SnappedPoint> synthetic_sources(const WalkNetwork& net) {
    const SnapIndex index(net);
    return index.snap(std::vector<Point>{{483, 477}, {100, 100}, {900, 300}, {250, 820}, {640, 41}}, 100);
}

}  // namespace

TEST(ServiceAreaGrid, SameShapesAsTheGeosBufferUnionOnASyntheticCity) {
    // The grid samples the exact distance to the reached lines; GEOS approximates
    // each arc by 8 segments a quadrant (up to 0.24 m inside the circle) and the
    // grid cuts concave corners by under a cell. Both differ by far less than 1 %.
    const auto net = synthetic_city();
    const auto src = synthetic_sources(net);
    ServiceAreaOptions grid;
    grid.separate_unreached = false;  // the same definition as the GEOS method
    ServiceAreaOptions geos = grid;
    geos.method = ServiceAreaMethod::geos_buffer;
    for (const double threshold : {300.0, 900.0}) {
        grid.threshold = geos.threshold = threshold;
        const auto a = service_areas(net, src, grid);
        const auto b = service_areas(net, src, geos);
        for (std::size_t s = 0; s < src.size(); ++s) {
            ASSERT_GT(b[s].area(), 0.0);
            EXPECT_TRUE(a[s].is_valid()) << a[s].validity_reason();
            EXPECT_LT(symdiff_share(a[s], b[s]), 0.01) << "source " << s << ", " << threshold << " m";
        }
    }
}

TEST(ServiceAreaGrid, SameShapesAsTheGeosBufferUnionInPortoAlegre) {
    const std::string pbf = std::string(LC_SHARED_DATASETS) + "/porto-alegre-r5r/poa_osm.pbf";
    if (!std::filesystem::exists(pbf)) GTEST_SKIP() << "shared dataset absent: " << pbf;
    const Transformer t(Crs::wgs84(), Crs::from_epsg(32722));
    const auto net = read_osm_network(pbf, t);
    // Ten network nodes spread over the node numbering (a Hilbert order: spread in space).
    std::vector<Point> pts;
    for (std::size_t k = 0; k < 10; ++k) pts.push_back(net.node(static_cast<NodeId>(k * net.node_count() / 10)));
    const auto src = SnapIndex(net).snap(pts, 100);
    ServiceAreaOptions grid;
    grid.separate_unreached = false;
    grid.use_barriers = false;  // the GEOS reference knows no barriers
    ServiceAreaOptions geos = grid;
    geos.method = ServiceAreaMethod::geos_buffer;
    const auto a = service_areas(net, src, grid);
    const auto b = service_areas(net, src, geos);
    double worst = 0;
    for (std::size_t s = 0; s < src.size(); ++s) {
        ASSERT_GT(b[s].area(), 0.0);
        EXPECT_TRUE(a[s].is_valid()) << a[s].validity_reason();
        worst = std::max(worst, symdiff_share(a[s], b[s]));
    }
    EXPECT_LT(worst, 0.01);  // measured 0.16 % at most over the benchmark's 40 facilities
    // With the separation rule (the default) the areas can only shrink.
    ServiceAreaOptions sep;
    const auto c = service_areas(net, src, sep);
    for (std::size_t s = 0; s < src.size(); ++s) {
        EXPECT_TRUE(c[s].is_valid()) << c[s].validity_reason();
        EXPECT_LT(outside_part(c[s], a[s]), 1e-6 * a[s].area());
    }
    // And they nest: 720 m inside 900 m inside 1000 m (see ThresholdsNest).
    sep.threshold = 720;
    const auto c720 = service_areas(net, src, sep);
    sep.threshold = 1000;
    const auto c1000 = service_areas(net, src, sep);
    for (std::size_t s = 0; s < src.size(); ++s) {
        EXPECT_LT(outside_part(c720[s], c[s]), 1e-6 * c720[s].area()) << "source " << s;
        EXPECT_LT(outside_part(c[s], c1000[s]), 1e-6 * c[s].area()) << "source " << s;
    }
}

TEST(ServiceAreaGrid, ThresholdsNest) {
    // 720 m inside 900 m inside 1000 m, for every source: the reached lines grow,
    // so the distance at every node of the shared grid can only fall (and the
    // separated streets only get fewer), and marching squares keeps that order.
    const auto net = synthetic_city();
    const auto src = synthetic_sources(net);
    for (const bool separate : {true, false}) {
        ServiceAreaOptions opt;
        opt.separate_unreached = separate;
        std::vector<std::vector<Geometry>> by_threshold;
        for (const double threshold : {720.0, 900.0, 1000.0}) {
            opt.threshold = threshold;
            by_threshold.push_back(service_areas(net, src, opt));
        }
        for (std::size_t s = 0; s < src.size(); ++s) {
            for (std::size_t t = 0; t + 1 < by_threshold.size(); ++t) {
                const Geometry& inner = by_threshold[t][s];
                const Geometry& outer = by_threshold[t + 1][s];
                ASSERT_GT(inner.area(), 0.0);
                EXPECT_LT(outside_part(inner, outer), 1e-6 * inner.area()) << "source " << s << ", step " << t;
            }
        }
    }
}

TEST(ServiceAreaGrid, UnreachedBlocksAreHoles) {
    // A 300 m x 300 m loop of streets, reached all round from (0,0) with 700 m
    // (the far corner is 600 m away). The 50 m band leaves the block's middle,
    // the 200 m x 200 m square (50,50)-(250,250), out: a hole, not a separate
    // piece and not filled in as by a hull. Area: (400^2 - 200^2) minus the
    // outer corners' rounding (4 x (50^2 - pi 50^2 / 4) = 2,146) = 117,854 m2.
    // Inside the block a street (100,150)-(200,150) that no walk reaches: it
    // stays in the hole (a hull or a buffer of all streets would cover it).
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {300, 0}, {300, 300}, {0, 300}, {0, 0}},
                                                   {{100, 150}, {200, 150}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const auto src = SnapIndex(net).snap(Point{0, 0}, 1);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    opt.threshold = 700;
    const Geometry area = service_area(net, src, opt, ws);
    EXPECT_TRUE(area.is_valid()) << area.validity_reason();
    EXPECT_EQ(area.part_count(), 1U);
    EXPECT_FALSE(area.covers({150, 150}));
    EXPECT_FALSE(area.covers({60, 60}));
    EXPECT_TRUE(area.covers({40, 150}));
    EXPECT_TRUE(area.covers({150, 260}));
    EXPECT_TRUE(area.covers({-30, -30}));  // 42 m from the corner
    EXPECT_NEAR(area.area(), 400.0 * 400 - 200.0 * 200 - 4 * (2500 - std::numbers::pi * 2500 / 4), 0.005 * 117854);
    // With 350 m only the near half of the loop is reached (to (300,50) and
    // (50,300)): the block is not surrounded and its middle is outside, open to
    // the north-east.
    opt.threshold = 350;
    const Geometry half = service_area(net, src, opt, ws);
    EXPECT_FALSE(half.covers({150, 150}));
    EXPECT_FALSE(half.covers({300, 200}));
}

TEST(ServiceAreaGrid, DoesNotReachAcrossABarrierTheNetworkDoesNotCross) {
    // Two parallel streets 40 m apart with a railway between them and no
    // crossing: A y=0 and B y=40, x in 0..1000. From (500,0) with 900 m all of A
    // is reached, none of B. A plain 50 m buffer of A covers B; with the
    // separation rule the area stops at the bisector y=20.
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {1000, 0}}, {{0, 40}, {1000, 40}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const auto src = SnapIndex(net).snap(Point{500, 0}, 1);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    const Geometry area = service_area(net, src, opt, ws);
    EXPECT_TRUE(area.covers({500, 19}));
    EXPECT_FALSE(area.covers({500, 21}));
    EXPECT_FALSE(area.covers({500, 40}));
    EXPECT_FALSE(area.covers({500, 49}));
    EXPECT_TRUE(area.covers({500, -49}));  // the other side is open
    EXPECT_NEAR(area.bounds().max_y, 20, 0.01);
    ServiceAreaOptions plain = opt;
    plain.separate_unreached = false;
    EXPECT_TRUE(service_area(net, src, plain, ws).covers({500, 40}));  // what peers draw
    plain.method = ServiceAreaMethod::geos_buffer;
    EXPECT_TRUE(service_area(net, src, plain, ws).covers({500, 40}));
}

TEST(ServiceAreaGrid, DoesNotReachAcrossARiverBridgedFarAway) {
    // A river 50 m wide between two banks' streets 60 m apart: A y=0, B y=60,
    // x in 0..3000, joined by a bridge at x=3000 (2.5 km from the source at
    // (500,0)). With 900 m, B's nearest node is 2,560 m away, beyond 900 x 1.5:
    // B is separated, and the area ends at the bisector y=30 instead of y=50.
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {3000, 0}}, {{0, 60}, {3000, 60}},
                                                   {{3000, 0}, {3000, 60}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const auto src = SnapIndex(net).snap(Point{500, 0}, 1);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    const Geometry area = service_area(net, src, opt, ws);
    EXPECT_TRUE(area.covers({500, 29}));
    EXPECT_FALSE(area.covers({500, 31}));
    EXPECT_NEAR(area.bounds().max_y, 30, 0.01);
    // The same banks with a bridge at x=1100 and the source at (0,0): A is
    // reached to x=900, the bridge's foot (1100,0) at 1,100 m is not, B's end
    // (1100,60) is 1,160 m away: beyond the walk but within 900 x 1.5, an
    // ordinary street just past the walk, not separated: A's band keeps its
    // 50 m at x=850 though B is only 15 m farther.
    const std::vector<std::vector<Point>> near_bridge = {{{0, 0}, {1100, 0}, {3000, 0}},
                                                         {{0, 60}, {1100, 60}, {3000, 60}}, {{1100, 0}, {1100, 60}}};
    const auto net2 = WalkNetwork::from_polylines(near_bridge);
    const auto src2 = SnapIndex(net2).snap(Point{0, 0}, 1);
    DijkstraWorkspace ws2(net2);
    EXPECT_TRUE(service_area(net2, src2, opt, ws2).covers({850, 45}));
    // Counting only detours up to 900 x 1.2 = 1,080 m, B is separated: cut at y=30.
    opt.separation_detour = 0.2;
    const Geometry cut = service_area(net2, src2, opt, ws2);
    EXPECT_FALSE(cut.covers({850, 45}));
    EXPECT_TRUE(cut.covers({850, 29}));
}

TEST(ServiceAreaGrid, StopsAtABarrierWithNoStreetBeyond) {
    // One street y=0 (x 0..2000), the source at (500,0), 900 m; a river (a
    // barrier line) along y=20 with no street on its far side. The separation
    // rule has no street to go by; the barrier hides the street from the far
    // bank: the area stops at y=20 (within a 5 m cell), the near side keeps its
    // full 50 m (y=-50).
    auto net = WalkNetwork::from_polylines(std::vector<std::vector<Point>>{{{0, 0}, {2000, 0}}});
    net.set_barriers({{{-100, 20}, {2100, 20}}});
    const auto src = SnapIndex(net).snap(Point{500, 0}, 1);
    DijkstraWorkspace ws(net);
    ServiceAreaOptions opt;
    const Geometry area = service_area(net, src, opt, ws);
    EXPECT_TRUE(area.covers({500, 19}));
    EXPECT_FALSE(area.covers({500, 26}));
    EXPECT_GE(area.bounds().max_y, 20.0);
    EXPECT_LE(area.bounds().max_y, 25.0);
    EXPECT_NEAR(area.bounds().min_y, -50.0, 0.01);
    // Without the barriers the band is 50 m on both sides.
    opt.use_barriers = false;
    EXPECT_NEAR(service_area(net, src, opt, ws).bounds().max_y, 50.0, 0.01);
}

TEST(ServiceAreaGrid, GoesOnAcrossABarrierWhereAStreetCrossesIt) {
    // The same river y=20 crossed by a bridge street x=1000 (y 0..300, not
    // noded with the river). From (500,0), 900 m: the bridge is reached 500 m
    // out and walked 400 m up to y=300. Land beside the bridge beyond the river
    // is in the area ((1040,100): 40 m from the bridge, which it sees); land
    // beyond the river away from the bridge is not ((700,30): 10 m behind the
    // river from the street y=0, 300 m from the bridge).
    auto net = WalkNetwork::from_polylines(
        std::vector<std::vector<Point>>{{{0, 0}, {1000, 0}, {2000, 0}}, {{1000, 0}, {1000, 300}}});
    net.set_barriers({{{-100, 20}, {2100, 20}}});
    const auto src = SnapIndex(net).snap(Point{500, 0}, 1);
    DijkstraWorkspace ws(net);
    const Geometry area = service_area(net, src, ServiceAreaOptions{}, ws);
    EXPECT_TRUE(area.covers({1040, 100}));
    EXPECT_TRUE(area.covers({1020, 330}));  // 36 m past the bridge street's end
    EXPECT_TRUE(area.covers({1040, 10}));   // the near bank, 10 m from street y=0
    EXPECT_FALSE(area.covers({700, 30}));
    EXPECT_FALSE(area.covers({1060, 30}));  // 60 m from the bridge: beyond the 50 m band
}
