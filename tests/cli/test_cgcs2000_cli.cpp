// CGCS2000 through the CLI (issue 14): a hand-made fixture in EPSG:4490 and the
// demo city converted to EPSG:4490 (a real Yinchuan run) are measured in the
// CGCS2000 3-degree Gauss-Kruger zone CM 105E (EPSG:4544), never in UTM; the
// layers come out in the estates' CRS (GeoPackage), WGS 84 (GeoJSON) or
// --out-crs; summary.json states working_crs and output_crs.
//
// The fixture (as in tests/app/test_cgcs2000.cpp, where the distances are worked
// out by hand): E1 (104.995, 38.00) is N cos38° × 0.01° = 878.3246 m from F1
// (105.005, 38.00); E2 (105.0, 38.02) is ρ(38.025°) × 0.01° = 1109.9695 m from
// F2 (105.0, 38.03). UTM 48N would give 877.9733 m and 1109.5255 m.
#include "cli_runner.hpp"
#include "layer_table.hpp"
#include "postgis_cluster.hpp"

#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::read_table;
using lc::test::run_cli;
using lc::test::slurp;

namespace {

const fs::path k_source = LC_TEST_SOURCE_DIR;

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string point(const std::string& props, const std::string& lon, const std::string& lat) {
    return R"({"type":"Feature","properties":)" + props + R"(,"geometry":{"type":"Point","coordinates":[)" + lon +
           "," + lat + "]}}";
}

void write_layer(const fs::path& file, const std::string& a, const std::string& b) {
    std::ofstream(file) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[)"
                        << a << "," << b << "]}\n";
}

/// The fixture's layers in `dir`; returns the arguments naming them.
std::vector<std::string> fixture(const fs::path& dir) {
    write_layer(dir / "estates.geojson", point(R"({"id":"E1","households":100,"elderly":50})", "104.995", "38.0"),
                point(R"({"id":"E2","households":100,"elderly":30})", "105.0", "38.02"));
    write_layer(dir / "facilities.geojson", point(R"({"id":"F1","kind":"station","building_area":100})", "105.005", "38.0"),
                point(R"({"id":"F2","kind":"station","building_area":100})", "105.0", "38.03"));
    return {"--estates", (dir / "estates.geojson").string(), "--facilities", (dir / "facilities.geojson").string(),
            "--radius", "1000", "--quiet", "--json"};
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

nlohmann::json run_json(const std::vector<std::string>& args) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

/// EPSG code of the first layer of `file` (0 when it has none).
int layer_epsg(const fs::path& file) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    if (!ds || !ds->GetLayer(0)->GetSpatialRef()) return 0;
    OGRSpatialReference srs(*ds->GetLayer(0)->GetSpatialRef());
    (void)srs.AutoIdentifyEPSG();
    const char* code = srs.GetAuthorityCode(nullptr);
    return code ? std::stoi(code) : 0;
}

/// Copies a vector file into a GeoPackage in `to_crs` (ogr2ogr -t_srs).
void convert(const fs::path& from, const fs::path& to, const std::string& to_crs) {
    GDALAllRegister();
    GDALDatasetH src = GDALOpenEx(from.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(src, nullptr) << from;
    const char* argv[] = {"-f", "GPKG", "-t_srs", to_crs.c_str(), nullptr};
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
    int failed = 0;
    GDALDatasetH out = GDALVectorTranslate(to.c_str(), nullptr, 1, &src, options, &failed);
    GDALVectorTranslateOptionsFree(options);
    EXPECT_EQ(failed, 0) << from;
    if (out) GDALClose(out);
    GDALClose(src);
}

}  // namespace

TEST(Cgcs2000Cli, WorkingCrsIsGaussKrugerAndGpkgKeepsTheEstatesCrs) {
    const fs::path dir = fresh_dir("cgcs", "gpkg");
    const auto j = run_json(with(with({"coverage"}, fixture(dir)), {"--format", "gpkg", "--out", (dir / "o").string()}));
    EXPECT_EQ(j["working_crs"], "EPSG:4544");
    EXPECT_EQ(j["crs"], "EPSG:4544");
    EXPECT_EQ(j["output_crs"], "EPSG:4490");
    EXPECT_TRUE(contains(j["crs_reason"].get<std::string>(), "CGCS2000 3-degree Gauss-Kruger zone")) << j["crs_reason"];
    EXPECT_EQ(layer_epsg(dir / "o" / "estates.gpkg"), 4490);
    EXPECT_EQ(layer_epsg(dir / "o" / "service_areas.gpkg"), 4490);
    const auto estates = read_table((dir / "o" / "estates.gpkg").string());
    EXPECT_NEAR(std::stod(estates.at("E1").at("nearest_m")), 878.3246, 1e-3);
    EXPECT_NEAR(std::stod(estates.at("E2").at("nearest_m")), 1109.9695, 1e-3);
    EXPECT_EQ(estates.at("E1").at("covered"), "1");
    EXPECT_EQ(estates.at("E2").at("covered"), "0");
    // summary.json on disk says the same as --json.
    const auto on_disk = nlohmann::json::parse(slurp(dir / "o" / "summary.json"));
    EXPECT_EQ(on_disk["working_crs"], "EPSG:4544");
    EXPECT_EQ(on_disk["output_crs"], "EPSG:4490");
}

TEST(Cgcs2000Cli, GeoJsonIsWgs84UnlessOutCrs) {
    const fs::path dir = fresh_dir("cgcs", "geojson");
    const auto j = run_json(with(with({"audit"}, fixture(dir)), {"--out", (dir / "rfc").string()}));
    EXPECT_EQ(j["working_crs"], "EPSG:4544");
    EXPECT_EQ(j["output_crs"], "EPSG:4326");
    EXPECT_EQ(layer_epsg(dir / "rfc" / "estates.geojson"), 4326);
    EXPECT_FALSE(contains(slurp(dir / "rfc" / "estates.geojson"), "\"crs\"")) << "RFC 7946 has no crs member";

    // --out-crs EPSG:4544: GeoJSON in the Gauss-Kruger zone, with a crs member;
    // E1 lies N cos38° × 0.005° = 439.1623 m west of the central meridian.
    const auto k = run_json(with(with({"audit"}, fixture(dir)), {"--out-crs", "EPSG:4544", "--out", (dir / "gk").string()}));
    EXPECT_EQ(k["output_crs"], "EPSG:4544");
    const std::string text = slurp(dir / "gk" / "estates.geojson");
    EXPECT_TRUE(contains(text, "urn:ogc:def:crs:EPSG::4544")) << text.substr(0, 300);
    EXPECT_TRUE(contains(text, "499560.838")) << text.substr(0, 600);  // 500000 - 439.1623
    EXPECT_EQ(layer_epsg(dir / "gk" / "districts.geojson"), 4544);

    // --out-crs EPSG:4490 round trip: the CGCS2000 input coordinates come back.
    (void)run_json(with(with({"audit"}, fixture(dir)), {"--out-crs", "EPSG:4490", "--format", "shp", "--out", (dir / "shp").string()}));
    EXPECT_EQ(layer_epsg(dir / "shp" / "estates.shp"), 4490);
    GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "shp" / "estates.shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    for (auto& f : *ds->GetLayer(0)) {
        if (std::string(f->GetFieldAsString("id")) != "E2") continue;
        const auto* p = f->GetGeometryRef()->toPoint();
        EXPECT_NEAR(p->getX(), 105.0, 1e-9);
        EXPECT_NEAR(p->getY(), 38.02, 1e-9);
    }
}

TEST(Cgcs2000Cli, BadOutCrsIsExitTwoNamingTheFlag) {
    const fs::path dir = fresh_dir("cgcs", "bad");
    for (const char* command : {"audit", "coverage", "optimize", "plan"}) {
        const auto r = run_cli(with(with({command}, fixture(dir)), {"--out-crs", "EPSG:999999", "--out", (dir / "o").string()}));
        EXPECT_EQ(r.status, 2) << command << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "--out-crs")) << command << ": " << r.err;
        EXPECT_FALSE(fs::exists(dir / "o")) << command;
    }
}

// A real CGCS2000 run: the demo city (Yinchuan, EPSG:4544) converted to CGCS2000
// lon/lat (EPSG:4490), as a bureau's data would come. The working CRS is again
// EPSG:4544 (centre about 106.2 E -> CM 105E), so every figure equals the
// demo's own run (the round trip 4544 -> 4490 -> 4544 moves no vertex by more
// than a micrometre); GeoPackage outputs are in EPSG:4490.
TEST(Cgcs2000Cli, DemoCityInCgcs2000GivesTheDemosFigures) {
    const fs::path demo = k_source / "datasets" / "demo";
    if (!fs::exists(demo / "estates.geojson")) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("cgcs", "demo");
    for (const char* layer : {"estates", "facilities", "districts"}) {
        convert(demo / (std::string(layer) + ".geojson"), dir / (std::string(layer) + ".gpkg"), "EPSG:4490");
        ASSERT_EQ(layer_epsg(dir / (std::string(layer) + ".gpkg")), 4490) << layer;
    }
    auto args = [](const fs::path& d, const std::string& ext) {
        return std::vector<std::string>{"audit", "--profile", "yinchuan", "--estates", (d / ("estates." + ext)).string(),
                                        "--facilities", (d / ("facilities." + ext)).string(), "--districts",
                                        (d / ("districts." + ext)).string(), "--quiet", "--json"};
    };
    const auto own = run_json(args(demo, "geojson"));
    const auto cgcs = run_json(with(args(dir, "gpkg"), {"--format", "gpkg", "--out", (dir / "o").string()}));
    EXPECT_EQ(own["working_crs"], "EPSG:4544");
    EXPECT_EQ(own["crs_reason"], "the estates' CRS");
    EXPECT_EQ(cgcs["working_crs"], "EPSG:4544");
    EXPECT_TRUE(contains(cgcs["crs_reason"].get<std::string>(), "CM 105E")) << cgcs["crs_reason"];
    EXPECT_EQ(cgcs["output_crs"], "EPSG:4490");
    EXPECT_EQ(layer_epsg(dir / "o" / "estates.gpkg"), 4490);
    for (const char* key : {"elderly_total", "elderly_covered", "coverage_rate", "area_compliance_rate"}) {
        EXPECT_NEAR(cgcs[key].get<double>(), own[key].get<double>(), 1e-5) << key;
    }
    for (const char* key : {"estates", "facilities", "estates_covered", "estates_meeting_area", "districts_meeting_land"}) {
        EXPECT_EQ(cgcs[key], own[key]) << key;
    }
}

// PostGIS tables take the estates' CRS (SRID 4490 for CGCS2000 estates), or --out-crs.
class Cgcs2000Postgis : public lc::test::PostgisTest {};

TEST_F(Cgcs2000Postgis, TablesTakeTheEstatesCrsUnlessOutCrs) {
    const fs::path dir = fresh_dir("cgcs", "pg");
    auto into = [&](const std::string& schema, const std::vector<std::string>& extra) {
        auto args = with(with({"coverage"}, fixture(dir)), {"--out", cluster().connection(), "--out-schema", schema});
        const auto r = run_cli(with(args, extra));
        EXPECT_EQ(r.status, 0) << r.err;
        return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
    };
    const auto own = into("cgcs_own", {});
    EXPECT_EQ(own["output_crs"], "EPSG:4490");
    EXPECT_EQ(cluster().query("SELECT Find_SRID('cgcs_own', 'estates', 'geom')"), "4490");
    EXPECT_EQ(cluster().query("SELECT Find_SRID('cgcs_own', 'service_areas', 'geom')"), "4490");
    EXPECT_EQ(cluster().query("SELECT round(ST_X(geom)::numeric, 6) || ',' || round(ST_Y(geom)::numeric, 6) FROM "
                              "cgcs_own.estates WHERE id = 'E1'"),
              "104.995000,38.000000");
    const auto gk = into("cgcs_gk", {"--out-crs", "EPSG:4544"});
    EXPECT_EQ(gk["output_crs"], "EPSG:4544");
    EXPECT_EQ(gk["working_crs"], "EPSG:4544");
    EXPECT_EQ(cluster().query("SELECT Find_SRID('cgcs_gk', 'estates', 'geom')"), "4544");
    // E1 is N cos38° × 0.005° = 439.1623 m west of the central meridian (x = 500000).
    EXPECT_EQ(cluster().query("SELECT round(ST_X(geom)::numeric, 3) FROM cgcs_gk.estates WHERE id = 'E1'"), "499560.838");
}
