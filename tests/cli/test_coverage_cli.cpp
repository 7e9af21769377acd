// lifecircle coverage through the CLI on a hand-made river town with a real
// OSM XML walking network written by the test (nodes as WGS84 lon/lat; estates
// and facilities in EPSG:4544, so the network is reprojected into the estates'
// CRS). Town coordinates as in tests/app/town_fixture.hpp (relative to
// (500000, 3400000) in EPSG:4544).
//
//   y
//  3000                                                        o--o  isolated footway 3000..3100 (2nd part)
//  2000                    [FAR] (1000,2000)   900 m from any street
//  1130   [N1](300,1130)  [N2](800,1130)                 F2*(1900,1120)
//  1100  o---o------------------------------------------------o  north street (residential)
//            |  footbridge x = 200            : motorway bridge x = 1000 (not walkable)
//        ~~~~|~~~~~~~~~~~~~~~~~~ river ~~~~~~~:~~~~~~~~~~~~~~~~~~~~
//   500  o---o-------o-------------------------------------------o  south street (residential; vertex at 600)
//   480       F1*(300,480)   [S1](1000,460)
//        0  200     600                     1000                 2000
//
// Threshold: national profile, 15 min × 1.0 m/s = 900 m. Door-to-door walks
// (snap leg + network + snap leg):
//   N1  from F1: 20 + 100 (300->200 south) + 600 (bridge) + 100 (200->300 north) + 30 = 850  -> covered
//   N2  from F1: 20 + 100 + 600 + 600 + 30 = 1350; from F2: 20 + 1100 + 30 = 1150             -> not covered
//       straight to F1: hypot(500, 650) = 820.061 m <= 900 -> inside the circle, beyond the walk
//   S1  from F1: 20 + 700 + 40 = 760 -> covered (straight hypot(700, 20) = 700.286)
//   FAR 900 m from the nearest street > --max-snap 300 -> warned, not covered, not dropped
// Elderly: N1 100, N2 200, S1 300, FAR 400 (total 1000).
// Population points: PS (1000,470) 100 people, walk 20 + 700 + 30 = 750 -> covered;
//                    PN (800,1140) 50 people, walk from F2 20 + 1100 + 40 = 1160 -> not covered.
// --thresholds 1400: 900 m -> N1 + S1 = 400 / 1000, PS = 100 / 150;
//                    1400 m -> + N2 (1150) = 600 / 1000, + PN (1160) = 150 / 150 (FAR never).
#include "cli_runner.hpp"
#include "layer_table.hpp"

#include "app/test_coverage_town.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace town = lc::test::town;
namespace ct = lc::test::covtown;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

using lc::test::read_table;
using lc::test::Table;

/// Whether the geometry of feature `id` in `file` contains town point (x, y).
bool feature_contains(const fs::path& file, const std::string& id, double x, double y) {
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)),
        [](GDALDataset* p) { GDALClose(p); });
    if (!ds) return false;
    OGRLayer* layer = ds->GetLayer(0);
    OGRPoint p(town::k_x0 + x, town::k_y0 + y);
    OGRSpatialReference gk;
    gk.importFromEPSG(4544);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (const OGRSpatialReference* srs = layer->GetSpatialRef(); srs && !srs->IsSame(&gk)) {
        OGRSpatialReference dst(*srs);
        dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&gk, &dst));
        p.transform(ct.get());
    }
    for (auto& f : *layer) {
        if (std::string(f->GetFieldAsString("id")) == id) return f->GetGeometryRef()->Contains(&p);
    }
    ADD_FAILURE() << "no feature " << id << " in " << file;
    return false;
}

double num(const std::string& s) { return std::stod(s); }

std::vector<std::string> river_inputs(const ct::RiverFiles& f) {
    return {"coverage", "--estates", f.estates, "--facilities", f.facilities, "--population", f.population};
}

class CoverageRiverCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("cov_river_cli");
        s_files = ct::write_river_town(*s_dir);
        auto args = river_inputs(s_files);
        args.insert(args.end(), {"--network", s_files.network, "--thresholds", "1400", "--out",
                                 (s_dir->path() / "net").string(), "--json", "--quiet"});
        s_net = lc::test::run_cli(args);
        args = river_inputs(s_files);
        args.insert(args.end(),
                    {"--thresholds", "1000,720,1000", "--out", (s_dir->path() / "circle").string(), "--quiet"});
        s_circle = lc::test::run_cli(args);
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline ct::RiverFiles s_files;
    static inline lc::test::CliResult s_net, s_circle;
};

}  // namespace

// The OSM coordinates are rounded to 1e-7 degree (about 1 cm): the fixture's
// streets come back within 1 cm of where they were drawn.
TEST(CoverageFixture, OsmLonLatRoundTripsWithinACentimetre) {
    const ct::LonLat ll;
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{0, 500}, {200, 1100}, {2000, 500}}) {
        const auto [lon, lat] = ll.to_lonlat(x, y);
        const auto [bx, by] = ll.to_town(std::round(lon * 1e7) / 1e7, std::round(lat * 1e7) / 1e7);
        EXPECT_NEAR(bx, x, 0.01);
        EXPECT_NEAR(by, y, 0.01);
    }
}

TEST_F(CoverageRiverCli, NetworkRunPrintsTheStoredSummary) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const auto printed = nlohmann::json::parse(s_net.out);
    const auto stored = nlohmann::json::parse(town::slurp(s_dir->path() / "net" / "summary.json"));
    EXPECT_EQ(printed, stored);
    EXPECT_EQ(stored["mode"], "network");
    EXPECT_DOUBLE_EQ(stored["threshold_m"].get<double>(), 900.0);
    EXPECT_NE(stored["crs"].get<std::string>().find("4544"), std::string::npos) << stored["crs"];
    for (const char* name : {"service_areas.geojson", "estates.geojson", "population.geojson", "summary.json"}) {
        EXPECT_TRUE(fs::exists(s_dir->path() / "net" / name)) << name;
    }
    EXPECT_TRUE(town::entries_starting(s_dir->path(), ".net.").empty());
}

TEST_F(CoverageRiverCli, WalkingDistancesDoorToDoor) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const Table t = read_table(s_dir->path() / "net" / "estates.geojson");
    ASSERT_EQ(t.size(), 4U);
    EXPECT_NEAR(num(t.at("N1").at("nearest_m")), 850.0, 0.05);
    EXPECT_EQ(t.at("N1").at("nearest_facility"), "F1");
    EXPECT_EQ(t.at("N1").at("covered"), "1");
    EXPECT_NEAR(num(t.at("N1").at("straight_m")), 650.0, 0.01);
    EXPECT_NEAR(num(t.at("S1").at("nearest_m")), 760.0, 0.05);
    EXPECT_EQ(t.at("S1").at("covered"), "1");
    EXPECT_NEAR(num(t.at("S1").at("straight_m")), std::hypot(700.0, 20.0), 0.01);
    // N2: across the river, the only footbridge 600 m away: beyond the walk.
    EXPECT_EQ(t.at("N2").at("covered"), "0");
    EXPECT_EQ(t.at("N2").at("nearest_m"), "<null>");
    EXPECT_NEAR(num(t.at("N2").at("straight_m")), std::hypot(500.0, 650.0), 0.01);
    // FAR: not snapped, still in the layer, not covered.
    EXPECT_EQ(t.at("FAR").at("covered"), "0");
    EXPECT_EQ(t.at("FAR").at("nearest_m"), "<null>");
    EXPECT_DOUBLE_EQ(num(t.at("FAR").at("covered_share")), 0.0);
    EXPECT_DOUBLE_EQ(num(t.at("FAR").at("covered_elderly")), 0.0);

    const Table p = read_table(s_dir->path() / "net" / "population.geojson");
    ASSERT_EQ(p.size(), 2U);
    EXPECT_NEAR(num(p.at("PS").at("nearest_m")), 750.0, 0.05);
    EXPECT_EQ(p.at("PS").at("covered"), "1");
    EXPECT_DOUBLE_EQ(num(p.at("PS").at("covered_population")), 100.0);
    EXPECT_EQ(p.at("PN").at("covered"), "0");
    EXPECT_DOUBLE_EQ(num(p.at("PN").at("covered_population")), 0.0);
    EXPECT_DOUBLE_EQ(num(p.at("PN").at("population")), 50.0);
}

TEST_F(CoverageRiverCli, InsideTheCircleBeyondTheWalk) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const auto j = nlohmann::json::parse(s_net.out);
    EXPECT_EQ(j["estates_covered"], 2);
    const auto& list = j["inside_circle_beyond_walk"];
    ASSERT_EQ(list.size(), 1U) << list;
    EXPECT_EQ(list[0]["id"], "N2");
    EXPECT_NEAR(list[0]["straight_m"].get<double>(), std::hypot(500.0, 650.0), 0.01);
    EXPECT_TRUE(list[0]["walk_m"].is_null());
    EXPECT_DOUBLE_EQ(list[0]["elderly"].get<double>(), 200.0);
    // The circle run on the same inputs counts N2 as covered.
    ASSERT_EQ(s_circle.status, 0) << s_circle.err;
    const Table t = read_table(s_dir->path() / "circle" / "estates.geojson");
    EXPECT_EQ(t.at("N2").at("covered"), "1");
    EXPECT_NEAR(num(t.at("N2").at("nearest_m")), std::hypot(500.0, 650.0), 0.01);
    const auto c = nlohmann::json::parse(town::slurp(s_dir->path() / "circle" / "summary.json"));
    EXPECT_EQ(c["mode"], "circle");
    EXPECT_EQ(c["estates_covered"], 3);
    EXPECT_FALSE(c.contains("inside_circle_beyond_walk"));
}

TEST_F(CoverageRiverCli, ThresholdRowsUseTheWalk) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const auto rows = nlohmann::json::parse(s_net.out)["thresholds"];
    ASSERT_EQ(rows.size(), 2U) << rows;
    EXPECT_DOUBLE_EQ(rows[0]["threshold_m"].get<double>(), 900.0);
    EXPECT_DOUBLE_EQ(rows[0]["elderly_covered"].get<double>(), 400.0);
    EXPECT_NEAR(rows[0]["coverage_rate"].get<double>(), 0.4, 1e-6);
    EXPECT_NEAR(rows[0]["population_rate"].get<double>(), 100.0 / 150, 1e-6);
    EXPECT_DOUBLE_EQ(rows[1]["threshold_m"].get<double>(), 1400.0);
    EXPECT_DOUBLE_EQ(rows[1]["elderly_covered"].get<double>(), 600.0);
    EXPECT_NEAR(rows[1]["coverage_rate"].get<double>(), 0.6, 1e-6);
    EXPECT_NEAR(rows[1]["population_rate"].get<double>(), 1.0, 1e-6);
}

// Circle run, --thresholds 1000,720,1000 (comma list, unsorted, repeated), by area
// share as the headline (circles around F1 (300,480) and F2 (1900,1120)):
//   720 m: N1 whole (farthest corner 672 m); S1 (x 950..1050, y 430..490) in part:
//          ∫ (sqrt(720² - t²) - 650) dt over t = y - 480 in -50..10 ≈ 4200 - 29.2
//          = 4170.8 m² of 6000 -> 208.54 (the 128-gon: ~0.4 less); 308.5.
//   900 m (the main threshold, added): N1, S1 (751.7 m), N2 (866.8 m) whole = 600.
//   1000 m: 600 (FAR is 1188 m from F2).
// By point the 720 m row would be 400 (S1's point is at 700.3 m).
TEST_F(CoverageRiverCli, CircleThresholdRowsFromACommaList) {
    ASSERT_EQ(s_circle.status, 0) << s_circle.err;
    const auto rows = nlohmann::json::parse(town::slurp(s_dir->path() / "circle" / "summary.json"))["thresholds"];
    ASSERT_EQ(rows.size(), 3U) << rows;
    const double t[3] = {720, 900, 1000}, covered[3] = {308.54, 600, 600}, tolerance[3] = {0.5, 1e-6, 1e-6};
    for (int k = 0; k < 3; ++k) {
        EXPECT_DOUBLE_EQ(rows[k]["threshold_m"].get<double>(), t[k]) << rows[k];
        EXPECT_NEAR(rows[k]["elderly_covered"].get<double>(), covered[k], tolerance[k]) << rows[k];
        EXPECT_NEAR(rows[k]["coverage_rate"].get<double>(), rows[k]["elderly_covered"].get<double>() / 1000, 1e-6) << rows[k];
    }
    // Without --json the table is printed (the run is --quiet: no progress, but the results).
    EXPECT_TRUE(contains(s_circle.out, "Threshold sensitivity")) << s_circle.out;
}

TEST_F(CoverageRiverCli, WarningsForUnsnappedPointsAndDisconnectedParts) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const auto j = nlohmann::json::parse(s_net.out);
    bool far = false;
    int parts = 0;  // said once, naming the file
    for (const auto& w : j["warnings"]) {
        const std::string s = w.get<std::string>();
        if (contains(s, "FAR") && contains(s, "--max-snap")) far = true;
        if (contains(s, "components") || contains(s, "disconnected")) {
            ++parts;
            EXPECT_TRUE(contains(s, "river.osm") && contains(s, "2 connected components")) << s;
        }
    }
    EXPECT_TRUE(far) << j["warnings"];
    EXPECT_EQ(parts, 1) << j["warnings"];
    EXPECT_EQ(j["estates_unsnapped"], 1);
    EXPECT_EQ(j["facilities_unsnapped"], 0);
    EXPECT_EQ(j["network"]["components"], 2);
    EXPECT_EQ(j["network"]["dropped_motor_road"], 1);
    EXPECT_EQ(j["network"]["ways_kept"], 4);
}

TEST_F(CoverageRiverCli, OneServiceAreaPerFacilityFollowingTheStreets) {
    ASSERT_EQ(s_net.status, 0) << s_net.err;
    const fs::path file = s_dir->path() / "net" / "service_areas.geojson";
    const Table t = read_table(file);
    ASSERT_EQ(t.size(), 2U);
    EXPECT_TRUE(t.count("F1") && t.count("F2"));
    for (const auto& [id, row] : t) EXPECT_TRUE(contains(row.at("<geometry>"), "POLYGON")) << id;
    // F1 reaches N1 over the bridge; N2 (420 m past the reached end of the north
    // street at x = 380, 630 m from the south street) stays outside its area.
    EXPECT_TRUE(feature_contains(file, "F1", 300, 1130));
    EXPECT_FALSE(feature_contains(file, "F1", 800, 1130));
    // In the circle run the same F1 area is a disc: it contains N2.
    EXPECT_TRUE(feature_contains(s_dir->path() / "circle" / "service_areas.geojson", "F1", 800, 1130));
}

TEST(CoverageCli, GeoPackageOutputs) {
    town::TempDir dir("cov_cli_gpkg");
    const ct::RiverFiles f = ct::write_river_town(dir);
    auto args = river_inputs(f);
    const fs::path out = dir.path() / "out";
    args.insert(args.end(), {"--network", f.network, "--format", "gpkg", "--out", out.string(), "--quiet"});
    const auto r = lc::test::run_cli(args);
    ASSERT_EQ(r.status, 0) << r.err;
    for (const char* name : {"service_areas.gpkg", "estates.gpkg", "population.gpkg", "summary.json"}) {
        EXPECT_TRUE(fs::exists(out / name)) << name;
    }
    const Table t = read_table(out / "estates.gpkg");
    EXPECT_NEAR(num(t.at("N1").at("nearest_m")), 850.0, 0.05);
    EXPECT_EQ(read_table(out / "service_areas.gpkg").size(), 2U);
    EXPECT_EQ(read_table(out / "population.gpkg").size(), 2U);
    EXPECT_TRUE(contains(r.out, "Outputs in")) << r.out;
}

TEST(CoverageCli, NoWalkableWaysExitsTwoNamingTheFile) {
    town::TempDir dir("cov_cli_nowalk");
    const ct::RiverFiles f = ct::write_river_town(dir);
    const std::string osm = std::string(LC_TEST_DATA_DIR) + "/network/no_walkable.osm";
    const fs::path out = dir.path() / "out";
    auto args = river_inputs(f);
    args.insert(args.end(), {"--network", osm, "--out", out.string(), "--quiet"});
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2) << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "no_walkable.osm")) << r.err;
    EXPECT_TRUE(contains(r.err, "walkable")) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(town::entries_starting(dir.path(), ".out.").empty());
}

TEST(CoverageCli, PopulationErrorsExitTwoAndLeaveNoOutput) {
    town::TempDir dir("cov_cli_poperr");
    const std::string fac = dir.str("fac.geojson");
    town::write(fac, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    const fs::path out = dir.path() / "out";
    auto run = [&](const std::string& pop, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"coverage", "--population", pop, "--facilities", fac, "--out", out.string(),
                                      "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        return lc::test::run_cli(args);
    };
    // Missing field: named, with the layer's fields listed.
    const std::string nofield = dir.str("nofield.geojson");
    town::write(nofield, ct::population({{"A", town::point(0, 0), town::d(1)}}, "pop_total"), "GeoJSON");
    auto r = run(nofield);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "nofield.geojson")) << r.err;
    EXPECT_TRUE(contains(r.err, "population")) << r.err;
    EXPECT_TRUE(contains(r.err, "id, pop_total")) << r.err;
    EXPECT_FALSE(fs::exists(out));
    // ... and mapping it fixes the run.
    r = run(nofield, {"--field", "population.population=pop_total", "--radius", "900", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_DOUBLE_EQ(nlohmann::json::parse(r.out)["population_covered"].get<double>(), 1.0);
    fs::remove_all(out);
    // Negative count: the feature is named.
    const std::string neg = dir.str("neg.geojson");
    town::write(neg, ct::population({{"OK", town::point(0, 0), town::d(1)}, {"NEG7", town::point(5, 0), town::d(-2)}}),
                "GeoJSON");
    r = run(neg);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "NEG7")) << r.err;
    EXPECT_TRUE(contains(r.err, "negative")) << r.err;
    EXPECT_FALSE(fs::exists(out));
    // Non-numeric count: the feature and the value are named.
    const std::string txt = dir.str("txt.geojson");
    town::write(txt, ct::population({{"OK", town::point(0, 0), town::s("1")}, {"TXT9", town::point(5, 0), town::s("n/a")}}),
                "GeoJSON");
    r = run(txt);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "TXT9")) << r.err;
    EXPECT_TRUE(contains(r.err, "'n/a' is not a number")) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(town::entries_starting(dir.path(), ".out.").empty());
}

// A raster population grid through the CLI, no estates: population.geojson
// holds one feature per positive cell. Grid as in tests/app/test_coverage_population.cpp
// (2×2 here): values 40, 0 / nodata, 60 -> cells r0c0 (centre (50,150)) and
// r1c1 (centre (150,50)); facility at (50,150), radius 100: r0c0 at 0 m covered,
// r1c1 at hypot(100,100) = 141.421 m not covered.
TEST(CoverageCli, RasterPopulationLayer) {
    town::TempDir dir("cov_cli_raster");
    const std::string grid = dir.str("grid.tif");
    ct::write_geotiff(grid, 2, 2, 0, 200, 100, {40, 0, -9, 60}, -9);
    const std::string fac = dir.str("fac.geojson");
    town::write(fac, ct::facilities({{"F", 50, 150}}), "GeoJSON");
    const fs::path out = dir.path() / "out";
    const auto r = lc::test::run_cli(
        {"coverage", "--population", grid, "--facilities", fac, "--radius", "100", "--out", out.string(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    const Table p = read_table(out / "population.geojson");
    ASSERT_EQ(p.size(), 2U);
    EXPECT_DOUBLE_EQ(num(p.at("r0c0").at("population")), 40.0);
    EXPECT_NEAR(num(p.at("r0c0").at("nearest_m")), 0.0, 1e-6);
    EXPECT_EQ(p.at("r0c0").at("covered"), "1");
    EXPECT_DOUBLE_EQ(num(p.at("r1c1").at("population")), 60.0);
    EXPECT_NEAR(num(p.at("r1c1").at("nearest_m")), std::hypot(100.0, 100.0), 1e-4);
    EXPECT_EQ(p.at("r1c1").at("covered"), "0");
    for (const auto& [id, row] : p) {
        EXPECT_TRUE(contains(row.at("<geometry>"), "POLYGON")) << id;
        EXPECT_NEAR(num(row.at("covered_population")), num(row.at("population")) * num(row.at("covered_share")), 1e-4);
    }
    const auto j = nlohmann::json::parse(town::slurp(out / "summary.json"));
    EXPECT_EQ(j["population_kind"], "raster");
    EXPECT_DOUBLE_EQ(j["population_total"].get<double>(), 100.0);
    EXPECT_FALSE(fs::exists(out / "estates.geojson"));
}
