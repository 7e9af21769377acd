// Reading OSM files: the pedestrian filter, stats and errors.
#include "lc/error.hpp"
#include "lc/geo/crs.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>

using namespace lc::geo;

namespace {
const std::string k_dir = std::string(LC_TEST_DATA_DIR) + "/network/";

Transformer to_utm48() { return Transformer(Crs::wgs84(), Crs::from_epsg(32648)); }

double haversine(double lon1, double lat1, double lon2, double lat2) {
    const double r = 6371008.8;
    const double rad = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * rad;
    const double dlon = (lon2 - lon1) * rad;
    const double a = std::pow(std::sin(dlat / 2), 2) +
                     std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin(dlon / 2), 2);
    return 2 * r * std::asin(std::sqrt(a));
}
}  // namespace

TEST(WalkFilter, Rules) {
    EXPECT_EQ(classify_walk_way("", "", "", ""), WayVerdict::not_highway);
    EXPECT_EQ(classify_walk_way("footway", "", "", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("residential", "", "", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("primary_link", "", "", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("motorway", "yes", "", ""), WayVerdict::motor_road);
    EXPECT_EQ(classify_walk_way("trunk_link", "", "", ""), WayVerdict::motor_road);
    EXPECT_EQ(classify_walk_way("construction", "", "", ""), WayVerdict::construction);
    EXPECT_EQ(classify_walk_way("proposed", "", "", ""), WayVerdict::construction);
    EXPECT_EQ(classify_walk_way("footway", "no", "", ""), WayVerdict::foot_no);
    EXPECT_EQ(classify_walk_way("service", "", "private", ""), WayVerdict::access);
    EXPECT_EQ(classify_walk_way("service", "yes", "private", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("path", "designated", "no", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("path", "permissive", "no", ""), WayVerdict::kept);
    EXPECT_EQ(classify_walk_way("pedestrian", "", "", "yes"), WayVerdict::area);
    EXPECT_EQ(classify_walk_way("raceway", "", "", ""), WayVerdict::other_highway);
    EXPECT_EQ(classify_walk_way("bridleway", "", "", ""), WayVerdict::other_highway);
    EXPECT_EQ(classify_walk_way("bridleway", "yes", "", ""), WayVerdict::kept);
}

TEST(WalkFilter, BarrierRules) {
    // railway, waterway, natural, highway, bridge, tunnel
    EXPECT_TRUE(classify_barrier_way("rail", "", "", "", "", ""));
    EXPECT_TRUE(classify_barrier_way("subway", "", "", "", "no", "no"));
    EXPECT_TRUE(classify_barrier_way("", "river", "", "", "", ""));
    EXPECT_TRUE(classify_barrier_way("", "canal", "", "", "", ""));
    EXPECT_TRUE(classify_barrier_way("", "", "water", "", "", ""));
    EXPECT_TRUE(classify_barrier_way("", "", "", "motorway_link", "", ""));
    EXPECT_FALSE(classify_barrier_way("rail", "", "", "", "viaduct", ""));  // walkers pass under it
    EXPECT_FALSE(classify_barrier_way("subway", "", "", "", "", "yes"));    // and over a tunnel
    EXPECT_FALSE(classify_barrier_way("", "river", "", "", "", "culvert"));
    EXPECT_FALSE(classify_barrier_way("tram", "", "", "", "", ""));
    EXPECT_FALSE(classify_barrier_way("", "stream", "", "", "", ""));
    EXPECT_FALSE(classify_barrier_way("", "", "", "trunk", "", ""));
    EXPECT_FALSE(classify_barrier_way("", "", "", "footway", "", ""));
}

TEST(OsmNetwork, BarrierWaysAreReadAsLines) {
    // tests/data/network/barriers.osm (its comment lists the ways): w2 railway
    // (4 nodes), w4 river (3), w6 lake outline (5, closed), w7 motorway (2) are
    // barriers; the railway on a bridge, the stream, the subway in a tunnel and
    // the tram are not.
    const auto t = to_utm48();
    const auto net = read_osm_network(k_dir + "barriers.osm", t);
    EXPECT_EQ(net.stats().barrier_ways, 4U);
    const auto bars = net.barriers();
    ASSERT_EQ(bars.size(), 4U);
    EXPECT_EQ(bars[0].size(), 4U);
    EXPECT_EQ(bars[1].size(), 3U);
    EXPECT_EQ(bars[2].size(), 5U);
    EXPECT_EQ(bars[3].size(), 2U);
    // In the working CRS: the railway starts at node 5 (lon 106.2, lat 38.481).
    std::vector<double> x{106.2}, y{38.481};
    t.transform(x, y);
    EXPECT_NEAR(bars[0].front().x, x[0], 1e-6);
    EXPECT_NEAR(bars[0].front().y, y[0], 1e-6);
    // The walkable footway and residential bridge make the network; the motorway is dropped.
    EXPECT_EQ(net.stats().ways_kept, 2U);
    EXPECT_EQ(net.stats().dropped_motor_road, 1U);
}

TEST(OsmNetwork, PedestrianFilterOnHandWrittenFixture) {
    const auto net = read_osm_network(k_dir + "filter.osm", to_utm48());
    const auto& s = net.stats();
    EXPECT_EQ(s.ways_highway, 13U);  // w10 is a building
    EXPECT_EQ(s.ways_kept, 6U);      // w1 w2 w6 w12 w13 w14
    EXPECT_EQ(s.dropped_motor_road, 2U);
    EXPECT_EQ(s.dropped_foot_no, 1U);
    EXPECT_EQ(s.dropped_access, 1U);
    EXPECT_EQ(s.dropped_area, 1U);
    EXPECT_EQ(s.dropped_construction, 1U);
    EXPECT_EQ(s.dropped_other_highway, 1U);
    EXPECT_EQ(s.missing_locations, 1U);
    // Kept parts: 1-2, 2-3, 2-7, 3-10, 10-11, 11-12 (13 alone after the cut is dropped).
    EXPECT_EQ(net.node_count(), 7U);
    EXPECT_EQ(net.edge_count(), 6U);
    EXPECT_EQ(s.components, 1U);
    EXPECT_EQ(s.largest_component_nodes, 7U);
    ASSERT_FALSE(s.warnings.empty());
    EXPECT_NE(s.warnings[0].find("without a location"), std::string::npos);
    // Lengths are metres in UTM 48N: w1 spans 0.001 deg of longitude at 30.57 N
    // (96 m; UTM scale near 104 E, 1 deg from the central meridian 105 E, is ~0.9997).
    const double expected = haversine(104.001, 30.57, 104.002, 30.57);
    EXPECT_NEAR(net.edge_length(0), expected, 0.5);
    // w12 (steps 3-10) spans 0.007 deg.
    double longest = 0.0;
    for (EdgeId e = 0; e < net.edge_count(); ++e) longest = std::max(longest, net.edge_length(e));
    EXPECT_NEAR(longest, haversine(104.003, 30.57, 104.010, 30.57), 3.0);
}

TEST(OsmNetwork, NoWalkableWaysIsAnInputErrorNamingTheFile) {
    try {
        (void)read_osm_network(k_dir + "no_walkable.osm", to_utm48());
        FAIL() << "expected lc::InputError";
    } catch (const lc::InputError& e) {
        EXPECT_EQ(e.where().file, k_dir + "no_walkable.osm");
        EXPECT_NE(std::string(e.what()).find("no_walkable.osm"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("no walkable ways"), std::string::npos);
    }
}

TEST(OsmNetwork, MissingFileIsAnInputError) {
    EXPECT_THROW((void)read_osm_network(k_dir + "does_not_exist.osm.pbf", to_utm48()), lc::InputError);
}

TEST(OsmNetwork, PortoAlegrePbf) {
    const std::string pbf = std::string(LC_SHARED_DATASETS) + "/porto-alegre-r5r/poa_osm.pbf";
    if (!std::filesystem::exists(pbf)) GTEST_SKIP() << "shared dataset absent: " << pbf;
    const Transformer t(Crs::wgs84(), Crs::from_epsg(32722));
    const auto net = read_osm_network(pbf, t);
    const auto& s = net.stats();
    // The peer (osmnx + the same rules) kept 37,879 OSM nodes in 58 components,
    // 1,811.6 km in its largest one; we contract chains, so fewer graph nodes.
    EXPECT_GT(s.ways_kept, 10000U);
    EXPECT_GT(s.components, 10U);
    EXPECT_GT(s.total_length_m, 1.7e6);
    EXPECT_LT(s.total_length_m, 2.0e6);
    EXPECT_GT(s.largest_component_nodes, s.nodes * 9 / 10);
}
