// The walking network: building (contraction, components), bounded Dijkstra,
// snapping and door-to-door distances on hand-made networks.
#include "lc/error.hpp"
#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"
#include "test_network_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <map>
#include <random>

using namespace lc::geo;
using lc::geo::testing::parse_ascii;
using lc::geo::testing::plain_dijkstra;

namespace {

// Grid used by several tests (1 char = 10 m, rows 10 m apart):
//
//   A-----B-----C        AB = BC = 60, AD = BE = 30, DE = 60, EF = 20,
//   |     |     |        FG = 60, CG = 50
//   |     |     |
//   D-----E     |        From A: D 30, B 60, E 90 (ADE and ABE tie), F 110,
//         |     |                C 120, G 170 (ABCG and ADEFG tie).
//         F-----G        From G: C 50, F 60, E 80, B 110, D 140, A 170.
const std::vector<std::string> k_grid = {
    "A-----B-----C",
    "|     |     |",
    "|     |     |",
    "D-----E     |",
    "      |     |",
    "      F-----G",
};

std::vector<SnappedPoint> snap_letters(const SnapIndex& index, const lc::geo::testing::AsciiNetwork& a,
                                       const std::string& letters) {
    std::vector<SnappedPoint> out;
    for (char c : letters) out.push_back(index.snap(a.at.at(c), 1.0));
    return out;
}

}  // namespace

TEST(WalkNetwork, AsciiGridHasOneNodePerLetter) {
    const auto a = parse_ascii(k_grid);
    const auto net = WalkNetwork::from_polylines(a.lines);
    EXPECT_EQ(net.node_count(), 7U);
    EXPECT_EQ(net.edge_count(), 8U);
    EXPECT_DOUBLE_EQ(net.stats().total_length_m, 60 + 60 + 30 + 30 + 50 + 60 + 20 + 60);
    EXPECT_EQ(net.stats().components, 1U);
    EXPECT_EQ(net.stats().largest_component_nodes, 7U);
    EXPECT_TRUE(net.stats().warnings.empty());
}

TEST(WalkNetwork, ContractsChainsAndKeepsTheirVertices) {
    // One way through (0,0) (10,0) (20,0) (30,0) and a branch from (20,0) north.
    // Nodes: the three ends and the shared vertex (20,0); (10,0) stays as an inner vertex.
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {10, 0}, {20, 0}, {30, 0}}, {{20, 0}, {20, 10}}};
    const auto net = WalkNetwork::from_polylines(lines);
    ASSERT_EQ(net.node_count(), 4U);
    ASSERT_EQ(net.edge_count(), 3U);
    EXPECT_EQ(net.node(net.edge_from(0)), (Point{0, 0}));
    EXPECT_EQ(net.node(net.edge_to(0)), (Point{20, 0}));
    EXPECT_DOUBLE_EQ(net.edge_length(0), 20.0);
    ASSERT_EQ(net.edge_inner_points(0).size(), 1U);
    EXPECT_EQ(net.edge_inner_points(0)[0], (Point{10, 0}));
    EXPECT_EQ(net.edge_polyline(0).size(), 3U);
    // A closed way (a block loop) meeting nothing else is a self-loop edge.
    const std::vector<std::vector<Point>> loop = {{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}};
    const auto ring = WalkNetwork::from_polylines(loop);
    EXPECT_EQ(ring.node_count(), 1U);
    ASSERT_EQ(ring.edge_count(), 1U);
    EXPECT_DOUBLE_EQ(ring.edge_length(0), 40.0);
}

TEST(WalkNetwork, ReportsDisconnectedComponents) {
    // Two streets that do not meet (a 3-node one and a 2-node one).
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {100, 0}}, {{100, 0}, {100, 50}}, {{500, 500}, {600, 500}}};
    const auto net = WalkNetwork::from_polylines(lines);
    EXPECT_EQ(net.stats().components, 2U);
    EXPECT_EQ(net.stats().largest_component_nodes, 3U);
    ASSERT_EQ(net.stats().warnings.size(), 1U);
    EXPECT_NE(net.stats().warnings[0].find("2 connected components"), std::string::npos);
    for (NodeId v = 0; v < net.node_count(); ++v) {
        EXPECT_EQ(net.components()[v], net.node(v).x < 200 ? 0U : 1U) << "node " << v;
    }

    NetworkBuildOptions only_largest;
    only_largest.largest_component_only = true;
    const auto kept = WalkNetwork::from_polylines(lines, only_largest);
    EXPECT_EQ(kept.node_count(), 3U);
    EXPECT_EQ(kept.edge_count(), 2U);
    EXPECT_EQ(kept.stats().components, 2U);
    EXPECT_EQ(kept.stats().removed_component_nodes, 2U);
}

TEST(WalkNetwork, FromEdgesChecksNodeIds) {
    const std::vector<EdgeSpec> bad = {{0, 5, -1.0}};
    EXPECT_THROW((void)WalkNetwork::from_edges({{0, 0}, {1, 0}}, bad), lc::Error);
}

TEST(Dijkstra, AsciiGridDistancesFromA) {
    const auto a = parse_ascii(k_grid);
    const auto net = WalkNetwork::from_polylines(a.lines);
    const SnapIndex index(net);
    const auto pts = snap_letters(index, a, "ABCDEFG");
    for (const auto& p : pts) EXPECT_DOUBLE_EQ(p.distance, 0.0);
    WalkDistanceOptions opt;
    opt.threshold = 1000;
    // Source A, every letter a target.
    const auto lists = coverage_lists(net, std::span(pts).first(1), pts, opt);
    ASSERT_EQ(lists.source_count(), 1U);
    const std::vector<double> expected = {0, 60, 120, 30, 90, 110, 170};
    ASSERT_EQ(lists.targets_of(0).size(), 7U);
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(lists.targets_of(0)[i], i);
        EXPECT_NEAR(lists.distances_of(0)[i], expected[i], 1e-9) << "letter " << "ABCDEFG"[i];
    }
    // Threshold 100: only A, B, D, E (90) are reached; F is 110.
    opt.threshold = 100;
    const auto near = coverage_lists(net, std::span(pts).first(1), pts, opt);
    const std::vector<std::uint32_t> reached(near.targets_of(0).begin(), near.targets_of(0).end());
    EXPECT_EQ(reached, (std::vector<std::uint32_t>{0, 1, 3, 4}));
}

TEST(Dijkstra, StopsOnceEveryGoalIsSettled) {
    // From A with 1000 m the search would settle all 7 nodes; with goals D and
    // B (30 m and 60 m) it ends when B is settled: A 0, D 30, B 60, in that order,
    // and the limit reads 60 (E at 90 was queued, not settled: unreachable).
    const auto a = parse_ascii(k_grid);
    const auto net = WalkNetwork::from_polylines(a.lines);
    const SnapIndex index(net);
    const auto pts = snap_letters(index, a, "ABDE");
    auto node_at = [&](const SnappedPoint& p) { return p.offset == 0 ? net.edge_from(p.edge) : net.edge_to(p.edge); };
    std::vector<std::uint8_t> flags(net.node_count(), 0);
    flags[node_at(pts[1])] = flags[node_at(pts[2])] = 1;
    DijkstraWorkspace ws(net);
    ws.run(std::vector<Seed>{{node_at(pts[0]), 0.0, 0}}, 1000.0, Goals{flags.data(), 2});
    ASSERT_EQ(ws.settled().size(), 3U);
    EXPECT_DOUBLE_EQ(ws.limit(), 60.0);
    EXPECT_DOUBLE_EQ(ws.distance(node_at(pts[1])), 60.0);
    EXPECT_DOUBLE_EQ(ws.distance(node_at(pts[2])), 30.0);
    EXPECT_EQ(ws.distance(node_at(pts[3])), unreachable);
    // coverage_lists ends each search so once its targets' edge ends are
    // settled: the same lists as the full search (the hand-worked distances of
    // AsciiGridDistancesFromA), on a network whose other nodes it never needs.
    WalkDistanceOptions opt;
    opt.threshold = 1000;
    const auto lists = coverage_lists(net, std::span(pts).first(1), std::span(pts).subspan(1), opt);
    ASSERT_EQ(lists.targets_of(0).size(), 3U);
    EXPECT_NEAR(lists.distances_of(0)[0], 60.0, 1e-9);
    EXPECT_NEAR(lists.distances_of(0)[1], 30.0, 1e-9);
    EXPECT_NEAR(lists.distances_of(0)[2], 90.0, 1e-9);
}

TEST(Dijkstra, AsciiGridMultiSourceFromAAndG) {
    // Nearest of A and G: B 60 (A), C 50 (G), D 30 (A), E 80 (G: GFE), F 60 (G).
    const auto a = parse_ascii(k_grid);
    const auto net = WalkNetwork::from_polylines(a.lines);
    const SnapIndex index(net);
    const auto sources = snap_letters(index, a, "AG");
    const auto targets = snap_letters(index, a, "BCDEF");
    WalkDistanceOptions opt;
    opt.threshold = 900;
    const auto near = nearest_source(net, sources, targets, opt);
    const std::vector<double> d = {60, 50, 30, 80, 60};
    const std::vector<std::uint32_t> s = {0, 1, 0, 1, 1};
    for (std::size_t i = 0; i < d.size(); ++i) {
        EXPECT_NEAR(near.distance[i], d[i], 1e-9) << i;
        EXPECT_EQ(near.source[i], s[i]) << i;
    }
    // Bounded at 55 m: only C (50) and D (30) are reached.
    opt.threshold = 55;
    const auto bounded = nearest_source(net, sources, targets, opt);
    EXPECT_EQ(bounded.distance[0], unreachable);
    EXPECT_NEAR(bounded.distance[1], 50, 1e-9);
    EXPECT_NEAR(bounded.distance[2], 30, 1e-9);
    EXPECT_EQ(bounded.distance[3], unreachable);
    EXPECT_EQ(bounded.source[3], no_id);
}

TEST(Snap, OntoTheMiddleOfAnEdgeIsExact) {
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {100, 0}}, {{0, 0}, {30, 40}, {30, 100}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const SnapIndex index(net);
    const auto s = index.snap({37.5, 12.0}, 50.0);
    ASSERT_TRUE(s.snapped);
    EXPECT_EQ(net.node(net.edge_to(s.edge)), (Point{100, 0}));
    EXPECT_EQ(s.projected, (Point{37.5, 0.0}));
    EXPECT_DOUBLE_EQ(s.offset, 37.5);
    EXPECT_DOUBLE_EQ(s.distance, 12.0);
    // On the second segment of a polyline: offset = 50 (first segment) + 30.
    const auto t = index.snap({40.0, 70.0}, 50.0);
    ASSERT_TRUE(t.snapped);
    EXPECT_EQ(t.projected, (Point{30.0, 70.0}));
    EXPECT_DOUBLE_EQ(t.offset, 80.0);
    EXPECT_DOUBLE_EQ(t.distance, 10.0);
}

TEST(Snap, DoesNotSnapAcrossABarrier) {
    // Streets y=0 and y=60, a river (barrier) along y=20 between them. The point
    // (500,28) is 28 m from y=0 but across the river from it: it snaps to y=60,
    // 32 m away on its own bank. Without the barrier, to y=0.
    auto net = WalkNetwork::from_polylines(std::vector<std::vector<Point>>{{{0, 0}, {1000, 0}}, {{0, 60}, {1000, 60}}});
    EXPECT_EQ(SnapIndex(net).snap({500, 28}, 100).projected, (Point{500, 0}));
    net.set_barriers({{{-100, 20}, {1100, 20}}});
    const SnapIndex index(net);
    const auto s = index.snap({500, 28}, 100);
    EXPECT_EQ(s.projected, (Point{500, 60}));
    EXPECT_DOUBLE_EQ(s.distance, 32.0);
    // On the river's south side nothing changes: (500,15) to y=0, 15 m.
    EXPECT_EQ(index.snap({500, 15}, 100).projected, (Point{500, 0}));
    // A point with a barrier between it and every street (only y=0, the point
    // north of the river) still snaps: to the nearest of all, 40 m across.
    auto south = WalkNetwork::from_polylines(std::vector<std::vector<Point>>{{{0, 0}, {1000, 0}}});
    south.set_barriers({{{-100, 20}, {1100, 20}}});
    const auto walled = SnapIndex(south).snap({500, 40}, 100);
    EXPECT_TRUE(walled.snapped);
    EXPECT_EQ(walled.projected, (Point{500, 0}));
}

TEST(Snap, PointsBeyondMaxSnapAreReportedNotDropped) {
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {100, 0}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const SnapIndex index(net);
    const std::vector<Point> pts = {{50, 10}, {50, 300}, {-400, 0}};
    const auto snapped = index.snap(pts, 250.0);
    ASSERT_EQ(snapped.size(), 3U);
    EXPECT_TRUE(snapped[0].snapped);
    EXPECT_FALSE(snapped[1].snapped);
    EXPECT_DOUBLE_EQ(snapped[1].distance, 300.0);
    EXPECT_FALSE(snapped[2].snapped);
    EXPECT_DOUBLE_EQ(snapped[2].distance, 400.0);
    EXPECT_EQ(unsnapped(snapped), (std::vector<std::size_t>{1, 2}));
    // Unsnapped points are never covered and never cover.
    WalkDistanceOptions opt;
    const auto near = nearest_source(net, std::span(snapped).first(1), snapped, opt);
    EXPECT_NEAR(near.distance[0], 20.0, 1e-12);  // 10 + 0 + 10, same edge
    EXPECT_EQ(near.distance[1], unreachable);
    const auto lists = coverage_lists(net, std::span(snapped).subspan(1), snapped, opt);
    EXPECT_EQ(lists.pair_count(), 0U);
}

TEST(Distances, SourceAndTargetOnTheSameEdge) {
    // One straight 1 km edge: source 5 m north at x=400, target 5 m south at x=600.
    const std::vector<std::vector<Point>> line = {{{0, 0}, {1000, 0}}};
    const auto net = WalkNetwork::from_polylines(line);
    const SnapIndex index(net);
    const std::vector<SnappedPoint> src = {index.snap({400, 5}, 50)};
    const std::vector<SnappedPoint> dst = {index.snap({600, -5}, 50)};
    WalkDistanceOptions opt;
    opt.threshold = 900;
    EXPECT_NEAR(nearest_source(net, src, dst, opt).distance[0], 210.0, 1e-9);  // 5 + 200 + 5
    EXPECT_NEAR(coverage_lists(net, src, dst, opt).distances_of(0)[0], 210.0, 1e-9);
    opt.include_snap_legs = false;
    EXPECT_NEAR(nearest_source(net, src, dst, opt).distance[0], 200.0, 1e-9);
    opt.threshold = 199;
    EXPECT_EQ(nearest_source(net, src, dst, opt).distance[0], unreachable);
}

TEST(Distances, SameEdgeButShorterAroundTheNetwork) {
    // A U-shaped edge P(0,0) -> (0,500) -> (10,500) -> Q(10,0), 1010 m, plus a 10 m
    // street P-Q. Source 1 m west of the left leg at y=100 (offset 100), target 1 m
    // east of the right leg at y=100 (offset 910). Along the U: 810; around through
    // P and Q: 100 + 10 + 100 = 210. Door to door: 1 + 210 + 1 = 212.
    const std::vector<std::vector<Point>> lines = {{{0, 0}, {0, 500}, {10, 500}, {10, 0}}, {{0, 0}, {10, 0}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const SnapIndex index(net);
    const std::vector<SnappedPoint> src = {index.snap({-1, 100}, 50)};
    const std::vector<SnappedPoint> dst = {index.snap({11, 100}, 50)};
    ASSERT_EQ(src[0].edge, dst[0].edge);
    EXPECT_DOUBLE_EQ(src[0].offset, 100.0);
    EXPECT_DOUBLE_EQ(dst[0].offset, 910.0);
    WalkDistanceOptions opt;
    EXPECT_NEAR(nearest_source(net, src, dst, opt).distance[0], 212.0, 1e-9);
    EXPECT_NEAR(coverage_lists(net, src, dst, opt).distances_of(0)[0], 212.0, 1e-9);
}

TEST(Distances, RiverTownTargetInsideTheCircleButNotWithinWalk) {
    // North bank street y=0 and south bank street y=-200, x from 0 to 2000; the only
    // bridge is at x=2000. Facility at (100, 10), estate at (100, -210): 220 m apart
    // in a straight line, but the walk is 10 + 1900 + 200 + 1900 + 10 = 4020 m.
    const std::vector<std::vector<Point>> lines = {
        {{0, 0}, {2000, 0}}, {{0, -200}, {2000, -200}}, {{2000, 0}, {2000, -200}}};
    const auto net = WalkNetwork::from_polylines(lines);
    const SnapIndex index(net);
    const std::vector<SnappedPoint> facility = {index.snap({100, 10}, 100)};
    const std::vector<SnappedPoint> estate = {index.snap({100, -210}, 100)};
    WalkDistanceOptions opt;
    opt.threshold = 900;
    EXPECT_EQ(nearest_source(net, facility, estate, opt).distance[0], unreachable);
    EXPECT_EQ(coverage_lists(net, facility, estate, opt).pair_count(), 0U);
    opt.threshold = 5000;
    EXPECT_NEAR(nearest_source(net, facility, estate, opt).distance[0], 4020.0, 1e-9);
}

namespace {

// Random connected-ish graph: n random nodes in a 2 km square, a random spanning
// path plus extra random edges (some long, some parallel), lengths = straight x U(1, 1.5).
WalkNetwork random_network(std::mt19937_64& rng, std::size_t n, std::size_t extra) {
    std::uniform_real_distribution<double> coord(0.0, 2000.0);
    std::uniform_real_distribution<double> stretch(1.0, 1.5);
    std::vector<Point> nodes(n);
    for (auto& p : nodes) p = {coord(rng), coord(rng)};
    std::vector<EdgeSpec> edges;
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
    auto add = [&](NodeId a, NodeId b) {
        const double d = std::hypot(nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y);
        edges.push_back({a, b, d * stretch(rng)});
    };
    for (NodeId v = 1; v < n; ++v) {
        if (v % 37 != 0) add(v - 1, v);  // a few breaks: several components
    }
    for (std::size_t i = 0; i < extra; ++i) add(pick(rng), pick(rng));
    return WalkNetwork::from_edges(std::move(nodes), edges);
}

// Oracle for a pair of snapped points: plain Dijkstra between all edge ends, plus
// the along-edge path when both lie on the same edge.
double oracle_distance(const WalkNetwork& net, const std::vector<std::vector<double>>& all, const SnappedPoint& s,
                       const SnappedPoint& t) {
    if (!s.snapped || !t.snapped) return unreachable;
    const double ls = net.edge_length(s.edge);
    const double lt = net.edge_length(t.edge);
    const NodeId s_ends[2] = {net.edge_from(s.edge), net.edge_to(s.edge)};
    const double s_along[2] = {s.offset, ls - s.offset};
    const NodeId t_ends[2] = {net.edge_from(t.edge), net.edge_to(t.edge)};
    const double t_along[2] = {t.offset, lt - t.offset};
    double best = unreachable;
    for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 2; ++j) {
            best = std::min(best, s_along[i] + all[s_ends[i]][t_ends[j]] + t_along[j]);
        }
    }
    if (s.edge == t.edge) best = std::min(best, std::abs(s.offset - t.offset));
    return best + s.distance + t.distance;
}

}  // namespace

TEST(Dijkstra, BoundedWorkspaceMatchesPlainDijkstraOnRandomGraphs) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 5; ++round) {
        const auto net = random_network(rng, 150, 200);
        DijkstraWorkspace ws(net);  // reused across runs: touched-list reset
        std::uniform_int_distribution<NodeId> pick(0, static_cast<NodeId>(net.node_count() - 1));
        for (int run = 0; run < 20; ++run) {
            std::vector<Seed> seeds;
            const int k = 1 + run % 4;
            for (int i = 0; i < k; ++i) seeds.push_back({pick(rng), 0.0, static_cast<std::uint32_t>(i)});
            const double limit = 200.0 + 150.0 * run;
            ws.run(seeds, limit);
            std::vector<double> expected(net.node_count(), unreachable);
            for (const auto& s : seeds) {
                const auto d = plain_dijkstra(net, s.node);
                for (std::size_t v = 0; v < d.size(); ++v) expected[v] = std::min(expected[v], d[v]);
            }
            std::size_t within = 0;
            for (NodeId v = 0; v < net.node_count(); ++v) {
                if (expected[v] <= limit) {
                    ++within;
                    EXPECT_NEAR(ws.distance(v), expected[v], 1e-9);
                    ASSERT_NE(ws.label(v), no_id);
                    EXPECT_NEAR(plain_dijkstra(net, seeds[ws.label(v)].node)[v], expected[v], 1e-9);
                } else {
                    EXPECT_EQ(ws.distance(v), unreachable);
                }
            }
            EXPECT_EQ(ws.settled().size(), within);
        }
    }
}

TEST(WalkNetwork, SpatialOrderRenumbersButKeepsEveryDistance) {
    // The same random graph built with and without spatial_order: the renumbered
    // one (its node found by its unique random point) gives exactly the reference
    // Dijkstra's distances on the original, for every node.
    std::mt19937_64 rng(31);
    std::uniform_real_distribution<double> coord(0.0, 2000.0);
    std::uniform_real_distribution<double> stretch(1.0, 1.5);
    const std::size_t n = 300;
    std::vector<Point> nodes(n);
    for (auto& p : nodes) p = {coord(rng), coord(rng)};
    std::uniform_int_distribution<NodeId> pick(0, static_cast<NodeId>(n - 1));
    std::vector<EdgeSpec> edges;
    for (NodeId v = 1; v < n; ++v) edges.push_back({pick(rng) % v, v, -1.0});  // a random tree
    for (int i = 0; i < 400; ++i) {
        const NodeId a = pick(rng);
        const NodeId b = pick(rng);
        edges.push_back({a, b, std::hypot(nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y) * stretch(rng)});
    }
    const auto original = WalkNetwork::from_edges(nodes, edges);
    NetworkBuildOptions spatial;
    spatial.spatial_order = true;
    const auto renumbered = WalkNetwork::from_edges(nodes, edges, spatial);
    ASSERT_EQ(renumbered.node_count(), n);
    ASSERT_EQ(renumbered.edge_count(), edges.size());
    EXPECT_NEAR(renumbered.stats().total_length_m, original.stats().total_length_m, 1e-6);
    std::map<std::pair<double, double>, NodeId> id_of;
    for (NodeId v = 0; v < n; ++v) id_of[{renumbered.node(v).x, renumbered.node(v).y}] = v;
    ASSERT_EQ(id_of.size(), n);
    std::vector<NodeId> new_id(n);
    std::size_t moved = 0;
    for (NodeId v = 0; v < n; ++v) {
        new_id[v] = id_of.at({nodes[v].x, nodes[v].y});
        moved += new_id[v] != v ? 1 : 0;
    }
    EXPECT_GT(moved, n / 2);
    for (EdgeId e = 1; e < renumbered.edge_count(); ++e) {  // edges follow their smaller end
        EXPECT_LE(std::min(renumbered.edge_from(e - 1), renumbered.edge_to(e - 1)),
                  std::min(renumbered.edge_from(e), renumbered.edge_to(e)));
    }
    DijkstraWorkspace ws(renumbered);
    for (NodeId src = 0; src < n; src += 7) {
        const auto expected = plain_dijkstra(original, src);
        const double limit = 300.0 + 10.0 * src;
        const Seed seed{new_id[src], 0.0, 0};
        ws.run(std::span(&seed, 1), limit);
        std::size_t within = 0;
        for (NodeId v = 0; v < n; ++v) {
            if (expected[v] <= limit) {
                ++within;
                EXPECT_EQ(ws.distance(new_id[v]), expected[v]) << "from " << src << " to " << v;
            } else {
                EXPECT_EQ(ws.distance(new_id[v]), unreachable);
            }
        }
        EXPECT_EQ(ws.settled().size(), within);
    }
}

TEST(Distances, CoverageListsAndNearestMatchBruteForceOnRandomGraphs) {
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> coord(-50.0, 2050.0);
    for (int round = 0; round < 4; ++round) {
        const auto net = random_network(rng, 120, 150);
        std::vector<std::vector<double>> all;
        for (NodeId v = 0; v < net.node_count(); ++v) all.push_back(plain_dijkstra(net, v));
        const SnapIndex index(net);
        std::vector<Point> src_pts(25);
        std::vector<Point> dst_pts(200);
        for (auto& p : src_pts) p = {coord(rng), coord(rng)};
        for (auto& p : dst_pts) p = {coord(rng), coord(rng)};
        const auto sources = index.snap(src_pts, 150.0);
        const auto targets = index.snap(dst_pts, 150.0);
        // A source and a target sharing an edge, to exercise that path.
        WalkDistanceOptions opt;
        opt.threshold = 600.0 + 100.0 * round;
        opt.include_snap_legs = round % 2 == 0;
        auto with_legs = [&](SnappedPoint p) {
            if (!opt.include_snap_legs) p.distance = 0.0;
            return p;
        };
        opt.threads = 1;
        const auto lists1 = coverage_lists(net, sources, targets, opt);
        opt.threads = 2;
        const auto lists2 = coverage_lists(net, sources, targets, opt);
        EXPECT_EQ(lists1.offsets, lists2.offsets);
        EXPECT_EQ(lists1.targets, lists2.targets);
        EXPECT_EQ(lists1.distances, lists2.distances);
        const auto near = nearest_source(net, sources, targets, opt);
        std::size_t pairs = 0;
        for (std::size_t s = 0; s < sources.size(); ++s) {
            std::vector<std::pair<std::uint32_t, double>> expected;
            for (std::uint32_t t = 0; t < targets.size(); ++t) {
                const double d = oracle_distance(net, all, with_legs(sources[s]), with_legs(targets[t]));
                if (d <= opt.threshold - 1e-7) expected.emplace_back(t, d);
            }
            const auto got_t = lists1.targets_of(s);
            const auto got_d = lists1.distances_of(s);
            // Allow borderline pairs within 1e-7 of the threshold to differ by rounding.
            std::size_t j = 0;
            for (const auto& [t, d] : expected) {
                while (j < got_t.size() && got_t[j] < t) {
                    EXPECT_GT(got_d[j], opt.threshold - 1e-6);
                    ++j;
                }
                ASSERT_LT(j, got_t.size()) << "source " << s << " misses target " << t;
                ASSERT_EQ(got_t[j], t) << "source " << s;
                EXPECT_NEAR(got_d[j], d, 1e-7);
                ++j;
                ++pairs;
            }
        }
        EXPECT_GT(pairs, 0U);
        for (std::uint32_t t = 0; t < targets.size(); ++t) {
            double best = unreachable;
            for (const auto& s : sources) best = std::min(best, oracle_distance(net, all, with_legs(s), with_legs(targets[t])));
            if (best <= opt.threshold - 1e-7) {
                EXPECT_NEAR(near.distance[t], best, 1e-7) << t;
                ASSERT_NE(near.source[t], no_id);
                EXPECT_NEAR(oracle_distance(net, all, with_legs(sources[near.source[t]]), with_legs(targets[t])), best,
                            1e-7);
            } else if (best > opt.threshold + 1e-7) {
                EXPECT_EQ(near.distance[t], unreachable) << t;
            }
        }
    }
}

TEST(WalkNetwork, FromLineGeometries) {
    // A multi-line and a line sharing the vertex (100 0); a point is ignored with a warning.
    std::vector<Geometry> g;
    g.push_back(Geometry::from_wkt("MULTILINESTRING((0 0, 50 0, 100 0), (100 0, 100 80))"));
    g.push_back(Geometry::from_wkt("LINESTRING(100 0, 200 0)"));
    g.push_back(Geometry::from_wkt("POINT(5 5)"));
    const auto net = WalkNetwork::from_lines(g);
    EXPECT_EQ(net.node_count(), 4U);  // (0 0), (100 0), (100 80), (200 0)
    EXPECT_EQ(net.edge_count(), 3U);
    EXPECT_DOUBLE_EQ(net.stats().total_length_m, 280.0);
    ASSERT_EQ(net.stats().warnings.size(), 1U);
    EXPECT_NE(net.stats().warnings[0].find("non-line"), std::string::npos);
}

TEST(WalkNetwork, ContractedChainsGiveTheSameDistancesAsEveryVertexANode) {
    // Random polylines on a 20 x 20 lattice of 10 m cells (random walks, so they
    // share vertices, cross and revisit); door-to-door distances between random
    // points must not change when each segment is its own edge (no contraction).
    std::mt19937_64 rng(99);
    std::uniform_int_distribution<int> step(0, 3);
    std::uniform_int_distribution<int> start(0, 19);
    std::vector<std::vector<Point>> lines;
    for (int l = 0; l < 30; ++l) {
        int x = start(rng);
        int y = start(rng);
        std::vector<Point> line{{x * 10.0, y * 10.0}};
        for (int k = 0; k < 12; ++k) {
            const int s = step(rng);
            x = std::clamp(x + (s == 0) - (s == 1), 0, 19);
            y = std::clamp(y + (s == 2) - (s == 3), 0, 19);
            line.push_back({x * 10.0, y * 10.0});
        }
        lines.push_back(line);
    }
    std::vector<std::vector<Point>> segments;
    for (const auto& l : lines) {
        for (std::size_t i = 1; i < l.size(); ++i) segments.push_back({l[i - 1], l[i]});
    }
    const auto contracted = WalkNetwork::from_polylines(lines);
    const auto plain = WalkNetwork::from_polylines(segments);
    NetworkBuildOptions no_contraction;
    no_contraction.contract_chains = false;
    const auto plain2 = WalkNetwork::from_polylines(lines, no_contraction);
    EXPECT_EQ(plain2.node_count(), plain.node_count());
    EXPECT_EQ(plain2.edge_count(), plain.edge_count());
    EXPECT_LT(contracted.node_count(), plain.node_count());
    EXPECT_NEAR(contracted.stats().total_length_m, plain.stats().total_length_m, 1e-6);
    std::uniform_real_distribution<double> coord(-5.0, 195.0);
    std::vector<Point> pts(80);
    for (auto& p : pts) p = {coord(rng), coord(rng)};
    WalkDistanceOptions opt;
    opt.threshold = 400;
    const SnapIndex ic(contracted);
    const SnapIndex ip(plain);
    const auto sc = ic.snap(pts, 100);
    const auto sp = ip.snap(pts, 100);
    const auto lc = coverage_lists(contracted, std::span(sc).first(20), sc, opt);
    const auto lp = coverage_lists(plain, std::span(sp).first(20), sp, opt);
    // Snap distances agree; a point equidistant from two edges may pick another
    // edge, which can change its walk, so compare only where snaps project alike.
    std::size_t compared = 0;
    for (std::size_t s = 0; s < 20; ++s) {
        ASSERT_NEAR(sc[s].distance, sp[s].distance, 1e-9);
        if (!(sc[s].projected == sp[s].projected)) continue;
        std::map<std::uint32_t, double> a;
        std::map<std::uint32_t, double> b;
        for (std::size_t k = 0; k < lc.targets_of(s).size(); ++k) a[lc.targets_of(s)[k]] = lc.distances_of(s)[k];
        for (std::size_t k = 0; k < lp.targets_of(s).size(); ++k) b[lp.targets_of(s)[k]] = lp.distances_of(s)[k];
        for (std::uint32_t t = 0; t < pts.size(); ++t) {
            if (!(sc[t].projected == sp[t].projected)) continue;
            const double da = a.contains(t) ? a[t] : unreachable;
            const double db = b.contains(t) ? b[t] : unreachable;
            if (da < opt.threshold - 1e-6 || db < opt.threshold - 1e-6) {
                EXPECT_NEAR(da, db, 1e-6) << "source " << s << " target " << t;
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 50U);
}

TEST(Distances, RejectsABadThreshold) {
    const std::vector<std::vector<Point>> line = {{{0, 0}, {100, 0}}};
    const auto net = WalkNetwork::from_polylines(line);
    const SnapIndex index(net);
    const std::vector<SnappedPoint> p = {index.snap({10, 1}, 5)};
    WalkDistanceOptions opt;
    opt.threshold = -1;
    EXPECT_THROW((void)nearest_source(net, p, p, opt), lc::ArgumentError);
    opt.threshold = std::nan("");
    EXPECT_THROW((void)coverage_lists(net, p, p, opt), lc::ArgumentError);
}

TEST(Snap, ManyPointsInParallelMatchOneByOne) {
    std::mt19937_64 rng(5);
    const auto net = random_network(rng, 200, 100);
    const SnapIndex index(net);
    std::uniform_real_distribution<double> coord(-100.0, 2100.0);
    std::vector<Point> pts(3000);
    for (auto& p : pts) p = {coord(rng), coord(rng)};
    const auto two = index.snap(pts, 80.0, 2);
    const auto one = index.snap(pts, 80.0, 1);
    ASSERT_EQ(two.size(), pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) {
        EXPECT_EQ(two[i].edge, one[i].edge);
        EXPECT_EQ(two[i].offset, one[i].offset);
        EXPECT_EQ(two[i].snapped, one[i].snapped);
        // Brute force: no segment is closer than the snap distance.
        double best = unreachable;
        for (EdgeId e = 0; e < net.edge_count(); ++e) {
            const Point a = net.node(net.edge_from(e));
            const Point b = net.node(net.edge_to(e));
            const double dx = b.x - a.x, dy = b.y - a.y;
            const double len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(((pts[i].x - a.x) * dx + (pts[i].y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
            best = std::min(best, std::hypot(a.x + t * dx - pts[i].x, a.y + t * dy - pts[i].y));
        }
        EXPECT_NEAR(one[i].distance, best, 1e-9) << i;
    }
}
