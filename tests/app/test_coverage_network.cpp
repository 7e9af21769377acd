// Network-mode coverage of population layers (run_coverage) on the river town
// of tests/app/test_coverage_town.hpp (drawn and worked out in
// tests/cli/test_coverage_cli.cpp): F1 (300,480) walks east along the south
// street to x = 300 + (900 - 20) = 1180 and west to its end at x = 0, over the
// footbridge (x = 200) and along the north street to x = 200 + (900 - 20 - 100
// - 600) = 380; F2 (1900,1120) walks the north street from x = 1900 - 880 =
// 1020 to its end at 2000. Service areas: those streets buffered by 100 m.
#include "app/test_coverage_town.hpp"

#include "lc/error.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

namespace town = lc::test::town;
namespace ct = lc::test::covtown;
using lc::app::CoverageConfig;
using lc::app::CoverageRun;
using lc::app::InputConfig;

namespace {

std::size_t feature(const CoverageRun& run, const std::string& id) {
    for (std::size_t i = 0; i < run.population->features.size(); ++i) {
        if (run.population->features[i].id == id) return i;
    }
    ADD_FAILURE() << "no population feature " << id;
    return 0;
}

CoverageRun run_river(const town::TempDir& dir, const ct::Layer& population, bool with_estates) {
    const ct::RiverFiles f = ct::write_river_town(dir);
    InputConfig in;
    in.facilities = f.facilities;
    if (with_estates) in.estates = f.estates;
    in.population = dir.str("pop2.geojson");
    in.network = f.network;
    town::write(in.population, population, "GeoJSON");
    return lc::app::run_coverage(in, CoverageConfig{});
}

}  // namespace

// Polygons by areal interpolation against the walking service areas:
//   BAND 400..600 × 450..550, 600 people: inside the 100 m band of the reached south
//        street -> share 1; centre (500,500) on the street, walk 20 + 200 = 220 -> covered.
//   NE   1300..1500 × 1250..1350, 400 people: 50 m beyond the band of the north street
//        (y <= 1200) -> share 0; its centre (1400,1300) snaps 200 m onto the north
//        street: walk 20 + 500 + 200 = 720 -> covered by point, not by area.
//   NW   600..800 × 1250..1350, 300 people: centre (700,1300), 200 m from the north
//        street at x = 700, which F1 does not reach (380) nor F2 (1020): walk from F1
//        20 + 100 + 600 + 500 + 200 = 1420, F2 20 + 1200 + 200 = 1420 -> neither; share 0.
// Total 1300, covered 600 (rate 0.461538).
TEST(CoverageNetwork, PopulationPolygonsAgainstWalkingServiceAreas) {
    town::TempDir dir("cov_net_poly");
    const CoverageRun run =
        run_river(dir,
                  ct::population({{"BAND", town::rect(400, 450, 600, 550), town::d(600)},
                                  {"NE", town::rect(1300, 1250, 1500, 1350), town::d(400)},
                                  {"NW", town::rect(600, 1250, 800, 1350), town::d(300)}}),
                  false);
    ASSERT_TRUE(run.population_result);
    const auto& c = run.population_result->coverage;
    const auto& band = c[feature(run, "BAND")];
    const auto& ne = c[feature(run, "NE")];
    const auto& nw = c[feature(run, "NW")];
    EXPECT_NEAR(band.nearest_m, 220.0, 0.05);
    EXPECT_TRUE(band.covered);
    EXPECT_NEAR(band.covered_share, 1.0, 1e-6);
    EXPECT_NEAR(ne.nearest_m, 720.0, 0.05);
    EXPECT_EQ(ne.nearest_facility, "F2");
    EXPECT_TRUE(ne.covered);
    EXPECT_NEAR(ne.covered_share, 0.0, 1e-9);
    EXPECT_FALSE(nw.covered);
    EXPECT_FALSE(std::isfinite(nw.nearest_m));
    EXPECT_NEAR(nw.covered_share, 0.0, 1e-9);
    EXPECT_EQ(run.summary["mode"], "network");
    EXPECT_NEAR(run.summary["population_covered"].get<double>(), 600.0, 1e-3);
    EXPECT_NEAR(run.summary["population_coverage_rate"].get<double>(), 600.0 / 1300, 1e-6);
    EXPECT_EQ(run.summary["population_features_uncovered"], 1);
}

// A population point farther than --max-snap (300 m) from every street: not
// covered, and reported in the warnings by id (never a silent zero).
//   PS  (1000,470) 100 people: walk 20 + 700 + 30 = 750 -> covered
//   PFAR (1000,2000) 70 people: 900 m from the north street -> unsnapped
TEST(CoverageNetwork, PopulationPointBeyondMaxSnapIsReported) {
    town::TempDir dir("cov_net_far");
    const CoverageRun run = run_river(
        dir,
        ct::population({{"PS", town::point(1000, 470), town::d(100)}, {"PFAR", town::point(1000, 2000), town::d(70)}}),
        true);
    const auto& c = run.population_result->coverage;
    EXPECT_NEAR(c[feature(run, "PS")].nearest_m, 750.0, 0.05);
    const auto& far = c[feature(run, "PFAR")];
    EXPECT_FALSE(far.covered);
    EXPECT_DOUBLE_EQ(far.covered_share, 0.0);
    bool reported = false;
    for (const auto& w : run.summary["warnings"]) {
        const std::string s = w.get<std::string>();
        if (s.find("PFAR") != std::string::npos && s.find("--max-snap") != std::string::npos) reported = true;
    }
    EXPECT_TRUE(reported) << run.summary["warnings"];
    EXPECT_EQ(run.summary["population_features_unsnapped"], 1) << run.summary;
    // The estate FAR is reported the same way (counted too).
    EXPECT_EQ(run.summary["estates_unsnapped"], 1) << run.summary;
}

namespace {

/// The river town's walkable streets as a GDAL line layer (no tags: the motorway
/// bridge is simply left out), written in `epsg`.
std::string write_street_lines(const town::TempDir& dir, int epsg) {
    using town::line;
    ct::Layer l;
    l.name = "streets";
    l.epsg = epsg;
    l.geometry_type = wkbLineString;
    l.fields = {{"id", ct::Type::string}};
    l.rows = {{line({{0, 500}, {200, 500}, {600, 500}, {2000, 500}}), {town::s("south")}},
              {line({{0, 1100}, {200, 1100}, {2000, 1100}}), {town::s("north")}},
              {line({{200, 500}, {200, 1100}}), {town::s("bridge")}},
              {line({{3000, 3000}, {3100, 3000}}), {town::s("isolated")}}};
    const std::string file = dir.str("streets_" + std::to_string(epsg) + ".geojson");
    town::write(file, l, "GeoJSON");
    return file;
}

std::size_t estate(const CoverageRun& run, const std::string& id) {
    for (std::size_t i = 0; i < run.city.estates.size(); ++i) {
        if (run.city.estates[i].id == id) return i;
    }
    ADD_FAILURE() << "no estate " << id;
    return 0;
}

}  // namespace

// The same streets as a line layer instead of OSM: the same walks (exactly, in
// EPSG:4544; to a mm when the lines come in EPSG:4326 and are reprojected).
TEST(CoverageNetwork, LineLayerNetworkGivesTheSameWalks) {
    town::TempDir dir("cov_net_lines");
    const ct::RiverFiles f = ct::write_river_town(dir);
    for (const int epsg : {4544, 4326}) {
        InputConfig in;
        in.estates = f.estates;
        in.facilities = f.facilities;
        in.network = write_street_lines(dir, epsg);
        const CoverageRun run = lc::app::run_coverage(in, CoverageConfig{});
        const double tol = epsg == 4544 ? 1e-6 : 1e-3;
        const auto& e = run.coverage.estates;
        EXPECT_NEAR(e[estate(run, "N1")].nearest_m, 850.0, tol) << epsg;
        EXPECT_NEAR(e[estate(run, "S1")].nearest_m, 760.0, tol) << epsg;
        EXPECT_FALSE(e[estate(run, "N2")].covered) << epsg;
        EXPECT_FALSE(e[estate(run, "FAR")].snapped) << epsg;
        EXPECT_EQ(run.summary["inside_circle_beyond_walk"].size(), 1U) << epsg;
        EXPECT_EQ(run.summary["network"]["components"], 2) << epsg;
        EXPECT_NEAR(run.summary["coverage_rate"].get<double>(), 0.4, 1e-6) << epsg;
    }
}

// Every facility farther than --max-snap (10 m here; F1 and F2 stand 20 m off
// their streets): an error naming the network, never a silent zero coverage.
TEST(CoverageNetwork, NoFacilityWithinMaxSnapIsAnError) {
    town::TempDir dir("cov_net_nofac");
    const ct::RiverFiles f = ct::write_river_town(dir);
    InputConfig in;
    in.estates = f.estates;
    in.facilities = f.facilities;
    in.network = f.network;
    CoverageConfig cov;
    cov.max_snap = 10;
    try {
        (void)lc::app::run_coverage(in, cov);
        FAIL() << "expected lc::InputError";
    } catch (const lc::InputError& e) {
        EXPECT_EQ(e.where().file, f.network);
        EXPECT_NE(std::string(e.what()).find("--max-snap"), std::string::npos) << e.what();
    }
    // 25 m: both facilities snap; N1 (30 m), N2 (30 m), S1 (40 m) and FAR do not.
    cov.max_snap = 25;
    const CoverageRun run = lc::app::run_coverage(in, cov);
    EXPECT_EQ(run.summary["estates_unsnapped"], 4);
    EXPECT_EQ(run.summary["facilities_unsnapped"], 0);
    EXPECT_DOUBLE_EQ(run.summary["coverage_rate"].get<double>(), 0.0);
    bool listed = false;
    for (const auto& w : run.summary["warnings"]) {
        const std::string s = w.get<std::string>();
        if (s.find("4 estates") != std::string::npos && s.find("N1, N2, S1, FAR") != std::string::npos) listed = true;
    }
    EXPECT_TRUE(listed) << run.summary["warnings"];
}
