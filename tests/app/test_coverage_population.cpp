// Population layers as demand (run_coverage with --population): polygons by
// areal interpolation, points by distance, raster cells, field mapping and bad
// values. Straight-line mode with one facility F at town (0,0) unless said
// otherwise, so every distance below is Pythagoras on the town coordinates of
// tests/app/test_coverage_town.hpp. Circles are 128-gons (32 segments per
// quadrant) inscribed in the true circle: the largest gap between chord and arc
// is R (1 - cos(pi/128)) = 0.000301 R (0.27 m at R = 900 m).
#include "app/test_coverage_town.hpp"

#include "lc/error.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numbers>

namespace town = lc::test::town;
namespace ct = lc::test::covtown;
using lc::app::CoverageConfig;
using lc::app::CoverageRun;
using lc::app::InputConfig;

namespace {

CoverageConfig radius(double r) {
    CoverageConfig c;
    c.radius = r;
    return c;
}

/// Index of the population feature with id `id`.
std::size_t feature(const CoverageRun& run, const std::string& id) {
    for (std::size_t i = 0; i < run.population->features.size(); ++i) {
        if (run.population->features[i].id == id) return i;
    }
    ADD_FAILURE() << "no population feature " << id;
    return 0;
}

// Three squares around F (radius 900):
//   IN   100..300 × -100..100, 1000 people: farthest corner sqrt(300²+100²) = 316 m -> share 1;
//        centre (200,0) at 200 m -> covered.
//   OUT  2000..2200 × 0..200, 500 people: nearest corner 2000 m -> share 0; centre (2100,100)
//        at sqrt(2100²+100²) = 2102.379 m -> not covered.
//   EDGE 860..960 × -50..50, 800 people: the true circle x = sqrt(900² - y²) ≈ 900 - y²/1800
//        cuts it; inside = ∫_{-50}^{50} (900 - y²/1800 - 860) dy = 4000 - 2·50³/(3·1800)
//        = 3953.70 m² of 10000 -> share 0.39537; the inscribed 128-gon loses at most
//        0.271 m × 100 m = 27 m² -> share in [0.3926, 0.3954]. Centre (910,0) at 910 m -> not covered.
// Totals: 2300 people; covered = 1000 + 800 × share in [1314.1, 1316.3].
ct::Layer squares() {
    return ct::population({{"IN", town::rect(100, -100, 300, 100), town::d(1000)},
                           {"OUT", town::rect(2000, 0, 2200, 200), town::d(500)},
                           {"EDGE", town::rect(860, -50, 960, 50), town::d(800)}});
}

void expect_squares(const CoverageRun& run) {
    ASSERT_TRUE(run.population);
    EXPECT_EQ(run.population->kind, "polygons");
    const auto& pr = *run.population_result;
    const auto& in = pr.coverage[feature(run, "IN")];
    const auto& out = pr.coverage[feature(run, "OUT")];
    const auto& edge = pr.coverage[feature(run, "EDGE")];
    EXPECT_NEAR(in.nearest_m, 200.0, 1e-6);
    EXPECT_TRUE(in.covered);
    EXPECT_NEAR(in.covered_share, 1.0, 1e-9);
    EXPECT_NEAR(out.nearest_m, std::hypot(2100.0, 100.0), 1e-6);
    EXPECT_FALSE(out.covered);
    EXPECT_DOUBLE_EQ(out.covered_share, 0.0);
    EXPECT_NEAR(edge.nearest_m, 910.0, 1e-6);
    EXPECT_FALSE(edge.covered);
    EXPECT_GE(edge.covered_share, 0.3926);
    EXPECT_LE(edge.covered_share, 0.3954);
    EXPECT_DOUBLE_EQ(pr.total, 2300.0);
    EXPECT_NEAR(pr.covered, 1000.0 + 800.0 * edge.covered_share, 1e-9);
    const auto& j = run.summary;
    EXPECT_EQ(j["population_kind"], "polygons");
    EXPECT_EQ(j["population_features"], 3);
    EXPECT_DOUBLE_EQ(j["population_total"].get<double>(), 2300.0);
    EXPECT_GE(j["population_covered"].get<double>(), 1314.0);
    EXPECT_LE(j["population_covered"].get<double>(), 1316.4);
    EXPECT_NEAR(j["population_coverage_rate"].get<double>(), j["population_covered"].get<double>() / 2300.0, 1e-6);
    EXPECT_EQ(j["population_features_uncovered"], 2);  // OUT and EDGE, by their centres
}

}  // namespace

TEST(CoveragePopulation, PolygonsByArealInterpolationWithoutEstates) {
    town::TempDir dir("cov_pop_poly");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    town::write(in.population, squares(), "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    EXPECT_TRUE(run.city.estates.empty());
    EXPECT_EQ(run.summary["crs"].get<std::string>().find("4544") != std::string::npos, true) << run.summary["crs"];
    EXPECT_EQ(run.summary["estates"], 0);
    expect_squares(run);
}

// The same squares next to one estate: the estate figures and the population
// figures are kept apart. Estate A 600..800 × -100..100 (elderly 90), centre
// (700,0) at 700 m, whole rectangle inside (farthest corner 707 m) -> share 1.
TEST(CoveragePopulation, PolygonsWithEstates) {
    town::TempDir dir("cov_pop_poly_est");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    in.estates = dir.str("est.geojson");
    town::write(in.population, squares(), "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    town::write(in.estates, ct::estates({{"A", 600, -100, 800, 100, 90}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    ASSERT_EQ(run.city.estates.size(), 1U);
    EXPECT_DOUBLE_EQ(run.summary["elderly_total"].get<double>(), 90.0);
    EXPECT_DOUBLE_EQ(run.summary["elderly_covered"].get<double>(), 90.0);
    EXPECT_DOUBLE_EQ(run.summary["coverage_rate"].get<double>(), 1.0);
    expect_squares(run);
}

// Points, population field named 人口 (mapped with --field population.population=人口):
//   A (899,0) 120 people: 899 m -> covered;  B (0,901) 80: 901 m -> not covered;
//   C (-300,-400) 50: 500 m -> covered.  Total 250, covered 170, rate 0.68.
TEST(CoveragePopulation, PointsCoveredByDistanceWithMappedField) {
    town::TempDir dir("cov_pop_points");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    in.field_args = {"population.population=人口"};
    town::write(in.population,
                ct::population({{"A", town::point(899, 0), town::d(120)},
                                {"B", town::point(0, 901), town::d(80)},
                                {"C", town::point(-300, -400), town::d(50)}},
                               "人口"),
                "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    ASSERT_TRUE(run.population);
    EXPECT_EQ(run.population->kind, "points");
    const auto& c = run.population_result->coverage;
    const std::size_t a = feature(run, "A"), b = feature(run, "B"), cc = feature(run, "C");
    EXPECT_NEAR(c[a].nearest_m, 899.0, 1e-6);
    EXPECT_TRUE(c[a].covered);
    EXPECT_DOUBLE_EQ(c[a].covered_share, 1.0);
    EXPECT_NEAR(c[b].nearest_m, 901.0, 1e-6);
    EXPECT_FALSE(c[b].covered);
    EXPECT_DOUBLE_EQ(c[b].covered_share, 0.0);
    EXPECT_NEAR(c[cc].nearest_m, 500.0, 1e-6);
    EXPECT_TRUE(c[cc].covered);
    EXPECT_EQ(c[a].nearest_facility, "F");
    EXPECT_DOUBLE_EQ(run.summary["population_total"].get<double>(), 250.0);
    EXPECT_DOUBLE_EQ(run.summary["population_covered"].get<double>(), 170.0);
    EXPECT_DOUBLE_EQ(run.summary["population_coverage_rate"].get<double>(), 0.68);
    EXPECT_EQ(run.summary["population_features_uncovered"], 1);
}

// The same points written in EPSG:4326 next to estates in EPSG:4544: they are
// reprojected into the estates' CRS, so the distances are those above (to a mm).
TEST(CoveragePopulation, PointsInAnotherCrsAreReprojected) {
    town::TempDir dir("cov_pop_points_4326");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    in.estates = dir.str("est.geojson");
    ct::Layer pop = ct::population({{"A", town::point(899, 0), town::d(120)},
                                    {"B", town::point(0, 901), town::d(80)},
                                    {"C", town::point(-300, -400), town::d(50)}});
    pop.epsg = 4326;
    town::write(in.population, pop, "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    town::write(in.estates, ct::estates({{"E", -50, -50, 50, 50, 10}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    EXPECT_NE(run.summary["crs"].get<std::string>().find("4544"), std::string::npos) << run.summary["crs"];
    const auto& c = run.population_result->coverage;
    EXPECT_NEAR(c[feature(run, "A")].nearest_m, 899.0, 1e-3);
    EXPECT_NEAR(c[feature(run, "B")].nearest_m, 901.0, 1e-3);
    EXPECT_NEAR(c[feature(run, "C")].nearest_m, 500.0, 1e-3);
    EXPECT_DOUBLE_EQ(run.summary["population_covered"].get<double>(), 170.0);
}

// Two facilities whose circles overlap over the whole of IN (F at (0,0), G at
// (100,0)): the share is of the union of the service areas, so IN counts once
// (share 1, 1000 people), not twice; its centre (200,0) is nearest to G (100 m).
TEST(CoveragePopulation, OverlappingServiceAreasCountOnce) {
    town::TempDir dir("cov_pop_overlap");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    town::write(in.population, ct::population({{"IN", town::rect(100, -100, 300, 100), town::d(1000)}}), "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}, {"G", 100, 0}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    const auto& c = run.population_result->coverage[0];
    EXPECT_NEAR(c.covered_share, 1.0, 1e-9);
    EXPECT_EQ(c.nearest_facility, "G");
    EXPECT_NEAR(c.nearest_m, 100.0, 1e-6);
    EXPECT_NEAR(run.summary["population_covered"].get<double>(), 1000.0, 1e-6);
    EXPECT_NEAR(run.summary["population_coverage_rate"].get<double>(), 1.0, 1e-9);
}

// Points and polygons in one layer ("mixed"): the polygon by area share, the
// point 0/1. IN (square 100..300 × -100..100, 1000) share 1; P (0,901), 80 -> 0.
TEST(CoveragePopulation, MixedPointsAndPolygons) {
    town::TempDir dir("cov_pop_mixed");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    town::write(in.population,
                ct::population({{"IN", town::rect(100, -100, 300, 100), town::d(1000)},
                                {"P", town::point(0, 901), town::d(80)}}),
                "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    const CoverageRun run = lc::app::run_coverage(in, radius(900));
    EXPECT_EQ(run.population->kind, "mixed");
    EXPECT_NEAR(run.population_result->coverage[feature(run, "IN")].covered_share, 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(run.population_result->coverage[feature(run, "P")].covered_share, 0.0);
    EXPECT_NEAR(run.summary["population_covered"].get<double>(), 1000.0, 1e-6);
    EXPECT_NEAR(run.summary["population_coverage_rate"].get<double>(), 1000.0 / 1080, 1e-6);
}

namespace {

// A 3×3 GeoTIFF of 100 m cells in EPSG:4544, top-left corner at town (0,300);
// cell (row r, col c) has its centre at (50 + 100c, 250 - 100r). Values by row:
//   10   0   30
//   9999 50  60      (9999 = nodata)
//   70   80  0
// Kept: r0c0 10, r0c2 30, r1c1 50, r1c2 60, r2c0 70, r2c1 80 (total 300).
// Facility F at (150,150) = the centre of r1c1, radius 45: the 128-gon lies inside
// r1c1, area 64 × 45² × sin(2π/128) = 6359.17 m² -> share 0.635917, covered
// population 50 × 0.635917 = 31.7959; every other cell has share 0. Centre
// distances: r1c1 0; r1c2 and r2c1 100; r0c0, r0c2, r2c0 sqrt(100²+100²) = 141.421.
void write_grid(const std::string& file) {
    ct::write_geotiff(file, 3, 3, 0, 300, 100, {10, 0, 30, 9999, 50, 60, 70, 80, 0}, 9999);
}

void expect_grid(const CoverageRun& run) {
    ASSERT_TRUE(run.population);
    EXPECT_EQ(run.population->kind, "raster");
    ASSERT_EQ(run.population->features.size(), 6U);
    const double share = 64 * 45.0 * 45.0 * std::sin(2 * std::numbers::pi / 128) / 10000.0;
    const std::map<std::string, std::pair<double, double>> expected{  // population, nearest
        {"r0c0", {10, std::hypot(100.0, 100.0)}}, {"r0c2", {30, std::hypot(100.0, 100.0)}},
        {"r1c1", {50, 0.0}},                      {"r1c2", {60, 100.0}},
        {"r2c0", {70, std::hypot(100.0, 100.0)}}, {"r2c1", {80, 100.0}}};
    for (const auto& [id, v] : expected) {
        const std::size_t i = feature(run, id);
        const auto& c = run.population_result->coverage[i];
        EXPECT_DOUBLE_EQ(run.population->features[i].population, v.first) << id;
        EXPECT_NEAR(c.nearest_m, v.second, 1e-6) << id;
        EXPECT_EQ(c.covered, id == "r1c1") << id;
        EXPECT_NEAR(c.covered_share, id == "r1c1" ? share : 0.0, 1e-6) << id;
    }
    EXPECT_DOUBLE_EQ(run.summary["population_total"].get<double>(), 300.0);
    EXPECT_NEAR(run.summary["population_covered"].get<double>(), 50 * share, 1e-5);
    EXPECT_EQ(run.summary["population_features_uncovered"], 5);
    // --thresholds 120 (+ the main 45), by area share as the headline:
    //  45 m: the headline itself, 31.7959.
    // 120 m: r1c1 whole (corners 70.7 m); the edge cells r1c2 (60) and r2c1 (80):
    //        ∫ (sqrt(120² - t²) - 50) dt over -50..50 = 50·109.087 + 120²·asin(50/120)
    //        - 5000 = 6644.6 m² -> 0.66446; the corner cells r0c0 (10), r0c2 (30),
    //        r2c0 (70): ∫ (sqrt(120² - u²) - 50) du over 50..109.087 = 2164.7 m²
    //        -> 0.21647; 50 + 140 × 0.66446 + 110 × 0.21647 = 166.84 (128-gon: ~0.06 less).
    const auto& rows = run.summary["thresholds"];
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_DOUBLE_EQ(rows[0]["threshold_m"].get<double>(), 45.0);
    EXPECT_EQ(rows[0]["population_covered"], run.summary["population_covered"]);
    EXPECT_NEAR(rows[0]["population_rate"].get<double>(), 50 * share / 300, 1e-6);
    EXPECT_DOUBLE_EQ(rows[1]["threshold_m"].get<double>(), 120.0);
    EXPECT_NEAR(rows[1]["population_covered"].get<double>(), 166.84, 0.15);
    EXPECT_NEAR(rows[1]["population_rate"].get<double>(), rows[1]["population_covered"].get<double>() / 300, 1e-6);
}

}  // namespace

TEST(CoveragePopulation, RasterCellsWithEstates) {
    town::TempDir dir("cov_pop_raster_est");
    InputConfig in;
    in.population = dir.str("grid.tif");
    in.facilities = dir.str("fac.geojson");
    in.estates = dir.str("est.geojson");
    write_grid(in.population);
    town::write(in.facilities, ct::facilities({{"F", 150, 150}}), "GeoJSON");
    town::write(in.estates, ct::estates({{"A", 100, 100, 200, 200, 10}}), "GeoJSON");
    CoverageConfig cov = radius(45);
    cov.thresholds = {120};
    const CoverageRun run = lc::app::run_coverage(in, cov);
    expect_grid(run);
}

TEST(CoveragePopulation, RasterCellsWithoutEstates) {
    town::TempDir dir("cov_pop_raster");
    InputConfig in;
    in.population = dir.str("grid.tif");
    in.facilities = dir.str("fac.geojson");
    write_grid(in.population);
    town::write(in.facilities, ct::facilities({{"F", 150, 150}}), "GeoJSON");
    CoverageConfig cov = radius(45);
    cov.thresholds = {120};
    const CoverageRun run = lc::app::run_coverage(in, cov);
    EXPECT_NE(run.summary["crs"].get<std::string>().find("4544"), std::string::npos) << run.summary["crs"];
    expect_grid(run);
}

// A grid without CRS: an error naming the file, unless --assume-crs says which.
TEST(CoveragePopulation, RasterWithoutCrsNeedsAssumeCrs) {
    town::TempDir dir("cov_pop_raster_nocrs");
    InputConfig in;
    in.population = dir.str("grid.tif");
    in.facilities = dir.str("fac.geojson");
    ct::write_geotiff(in.population, 3, 3, 0, 300, 100, {10, 0, 30, 9999, 50, 60, 70, 80, 0}, 9999, false);
    town::write(in.facilities, ct::facilities({{"F", 150, 150}}), "GeoJSON");
    CoverageConfig cov = radius(45);
    cov.thresholds = {120};
    try {
        (void)lc::app::run_coverage(in, cov);
        FAIL() << "expected lc::CrsError";
    } catch (const lc::CrsError& e) {
        EXPECT_NE(std::string(e.what()).find("grid.tif"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--assume-crs"), std::string::npos) << e.what();
    }
    in.assume_crs = "EPSG:4544";
    expect_grid(lc::app::run_coverage(in, cov));
}

TEST(CoveragePopulation, MissingFieldNamesItAndListsTheLayersFields) {
    town::TempDir dir("cov_pop_nofield");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    town::write(in.population, ct::population({{"A", town::point(0, 0), town::d(1)}}, "pop_total"), "GeoJSON");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    try {
        (void)lc::app::run_coverage(in, radius(900));
        FAIL() << "expected lc::InputError";
    } catch (const lc::InputError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.where().field, "population") << msg;
        EXPECT_NE(msg.find("pop.geojson"), std::string::npos) << msg;
        EXPECT_NE(msg.find("id, pop_total"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--field population.population="), std::string::npos) << msg;
    }
}

TEST(CoveragePopulation, NegativeOrNonNumericPopulationNamesTheFeature) {
    town::TempDir dir("cov_pop_bad");
    InputConfig in;
    in.population = dir.str("pop.geojson");
    in.facilities = dir.str("fac.geojson");
    town::write(in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    town::write(in.population,
                ct::population({{"OK", town::point(0, 0), town::d(5)}, {"NEG7", town::point(10, 0), town::d(-3)}}),
                "GeoJSON");
    try {
        (void)lc::app::run_coverage(in, radius(900));
        FAIL() << "expected lc::InputError for a negative population";
    } catch (const lc::InputError& e) {
        EXPECT_EQ(e.where().feature, "NEG7") << e.what();
        EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
    }
    std::filesystem::remove(in.population);
    town::write(in.population,
                ct::population({{"OK", town::point(0, 0), town::s("5")}, {"TXT9", town::point(10, 0), town::s("abc")}}),
                "GeoJSON");
    try {
        (void)lc::app::run_coverage(in, radius(900));
        FAIL() << "expected lc::InputError for a non-numeric population";
    } catch (const lc::InputError& e) {
        EXPECT_EQ(e.where().feature, "TXT9") << e.what();
        EXPECT_NE(std::string(e.what()).find("'abc' is not a number"), std::string::npos) << e.what();
    }
}
