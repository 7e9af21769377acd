// A city from open data (issue 18): --from-osm, --elderly-raster and
// --population-raster on the hand-made fixture tests/data/osm/open_city.osm,
// whose expected figures tests/data/osm/README.md works out by hand, and bad
// inputs (exit 2, naming the file or the flag).
#include "cli_runner.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using lc::test::run_cli;
using nlohmann::json;

namespace {

const fs::path k_osm = fs::path(LC_TEST_DATA_DIR) / "osm" / "open_city.osm";

/// The fixture's raster (tests/data/osm/README.md): 4 x 3 cells of 0.001 degree,
/// top-left corner 114.250 E, 30.580 N, EPSG:4326, nodata -9999.
fs::path write_raster(const fs::path& dir, const std::vector<float>& values) {
    GDALAllRegister();
    const fs::path file = dir / "elderly.tif";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = drv->Create(file.c_str(), 4, 3, 1, GDT_Float32, nullptr);
    double gt[6] = {114.250, 0.001, 0, 30.580, 0, -0.001};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(-9999);
    std::vector<float> v = values;
    EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 4, 3, v.data(), 4, 3, GDT_Float32, 0, 0), CE_None);
    GDALClose(ds);
    return file;
}

const std::vector<float> k_cells = {10, 20, 0, -9999,  //
                                    40, 8, -5, 6,      //
                                    0, 0, 0, 12};

json read_json(const fs::path& file) { return json::parse(lc::test::slurp(file)); }

void write_file(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

/// The features of a GeoJSON output by their id.
std::map<std::string, json> by_id(const fs::path& file) {
    std::map<std::string, json> out;
    const json doc = read_json(file);  // kept alive: a range-for over a temporary's member dangles
    for (const auto& f : doc.at("features")) out[f.at("properties").at("id").get<std::string>()] = f.at("properties");
    return out;
}

}  // namespace

TEST(OpenDataCli, FixtureEstatesFacilitiesAndAreallyWeightedElderly) {
    const fs::path dir = lc::test::fresh_dir("opendata", "fixture");
    const fs::path raster = write_raster(dir, k_cells);
    const auto r = run_cli({"plan", "--quiet", "--from-osm", k_osm.string(), "--elderly-raster", raster.string(),
                            "--out", (dir / "out").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const json s = read_json(dir / "out" / "summary.json");
    // README: the three residential areas (two ways, one multipolygon with a hole).
    EXPECT_EQ(s.at("estates"), 3);
    const json& e = s.at("estimates");
    // 10+20+40+8+6+12; -5 and nodata left out (less a 1e-4 sliver: raster.hpp)
    EXPECT_NEAR(e.at("study_total").get<double>(), 96.0, 1e-3);
    EXPECT_NEAR(e.at("in_estates").get<double>(), 77.12, 1e-3);  // 20 + 45.12 + 12
    EXPECT_NEAR(e.at("outside_estates").get<double>(), 18.88, 1e-3);
    EXPECT_EQ(e.at("negative_cells_skipped"), 1);
    EXPECT_EQ(e.at("outside_points"), 3);  // cells r0c1 (10), r1c1 (2.88), r1c3 (6)
    EXPECT_EQ(e.at("estates_estimated"), 3);
    const auto estates = by_id(dir / "out" / "estates.geojson");
    ASSERT_EQ(estates.size(), 3U);
    // elderly rounded; population = elderly / 0.187; households = population / 2.62 (README).
    const std::map<std::string, std::array<int, 3>> want{
        {"way/101", {20, 107, 41}}, {"relation/201", {45, 241, 92}}, {"way/102", {12, 64, 24}}};
    for (const auto& [id, counts] : want) {
        const json& p = estates.at(id);
        EXPECT_EQ(p.at("elderly"), counts[0]) << id;
        EXPECT_EQ(p.at("population"), counts[1]) << id;
        EXPECT_EQ(p.at("households"), counts[2]) << id;
        EXPECT_EQ(p.at("estimated"), "elderly,population,households") << id;
        EXPECT_EQ(p.at("street"), "荣华街道") << id;  // the admin_level=8 relation around them
    }
    EXPECT_EQ(estates.at("way/101").at("name"), "幸福小区");
    EXPECT_EQ(estates.at("relation/201").at("name"), "和谐家园");
    // Facilities: the tagged nursing home, the day-care building (3 levels) and
    // the 长者服务站 by name; the 老年大学 is not one.
    const auto facilities = by_id(dir / "out" / "facilities.geojson");
    ASSERT_EQ(facilities.size(), 3U);
    EXPECT_EQ(facilities.at("node/17").at("kind"), "institution");
    EXPECT_EQ(facilities.at("node/23").at("kind"), "station");
    EXPECT_EQ(facilities.at("way/103").at("kind"), "day_care");
    // 0.0002 x 0.0002 degree at 30.579 N: 19.17 m x 22.17 m = 425 m² of footprint, x 3 levels.
    EXPECT_NEAR(facilities.at("way/103").at("building_area").get<double>(), 1276.0, 15.0);
    EXPECT_EQ(s.at("facilities_area_estimated"), 1);
    // Credits: OSM for the layers it gave, the raster for the elderly.
    std::map<std::string, std::string> credit;
    for (const auto& d : s.at("data_sources")) credit[d.at("layer")] = d.at("credit");
    EXPECT_EQ(credit.at("estates"), "© OpenStreetMap contributors (ODbL 1.0)");
    EXPECT_EQ(credit.at("network"), "© OpenStreetMap contributors (ODbL 1.0)");
    EXPECT_NE(credit.at("elderly").find("WorldPop"), std::string::npos);
    const std::string report = lc::test::slurp(dir / "out" / "report.html");
    EXPECT_NE(report.find("OpenStreetMap contributors"), std::string::npos);
    EXPECT_NE(report.find("WorldPop"), std::string::npos);
    fs::remove_all(dir);
}

TEST(OpenDataCli, PopulationRasterEstimatesElderlyByTheProfileShare) {
    const fs::path dir = lc::test::fresh_dir("opendata", "population");
    const fs::path raster = write_raster(dir, k_cells);
    const auto r = run_cli({"audit", "--quiet", "--from-osm", k_osm.string(), "--population-raster", raster.string(),
                            "--out", (dir / "out").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto estates = by_id(dir / "out" / "estates.geojson");
    // way/101 holds 20 residents: elderly = round(20 x 0.187) = 4; households = round(20 / 2.62) = 8.
    EXPECT_EQ(estates.at("way/101").at("population"), 20);
    EXPECT_EQ(estates.at("way/101").at("elderly"), 4);
    EXPECT_EQ(estates.at("way/101").at("households"), 8);
    EXPECT_EQ(read_json(dir / "out" / "summary.json").at("estimates").at("counts"), "population");
    fs::remove_all(dir);
}

TEST(OpenDataCli, CoverageMeasuresTheElderlyOutsideEveryEstate) {
    const fs::path dir = lc::test::fresh_dir("opendata", "coverage");
    const fs::path raster = write_raster(dir, k_cells);
    const auto r = run_cli({"coverage", "--quiet", "--json", "--mode", "circle", "--radius", "5000", "--from-osm",
                            k_osm.string(), "--elderly-raster", raster.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const json s = json::parse(r.out);
    // Everything lies within 5 km of a facility: the outside cells' 18.88 elderly are all covered.
    EXPECT_NEAR(s.at("population_total").get<double>(), 18.88, 1e-3);
    EXPECT_NEAR(s.at("population_coverage_rate").get<double>(), 1.0, 1e-9);
    EXPECT_EQ(s.at("population_features"), 3);
    EXPECT_NE(s.at("population_source").get<std::string>().find("outside every estate"), std::string::npos);
}

TEST(OpenDataCli, InitWritesTheEquivalentCityFile) {
    const fs::path dir = lc::test::fresh_dir("opendata", "init");
    const fs::path raster = write_raster(dir, k_cells);
    const fs::path city = dir / "city.toml";
    auto r = run_cli({"init", "--from-osm", k_osm.string(), "--elderly-raster", raster.string(), "-o", city.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string text = lc::test::slurp(city);
    EXPECT_NE(text.find("from-osm = "), std::string::npos) << text;
    EXPECT_NE(text.find("elderly-raster = "), std::string::npos) << text;
    EXPECT_EQ(text.find("\nnetwork = "), std::string::npos) << text;  // it follows from-osm
    r = run_cli({"plan", "--quiet", "--json", "--config", city.string(), "--out", (dir / "a").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto b = run_cli({"plan", "--quiet", "--json", "--from-osm", k_osm.string(), "--elderly-raster",
                            raster.string(), "--out", (dir / "b").string()});
    ASSERT_EQ(b.status, 0) << b.err;
    // One truth: the city file and the command line give the same figures.
    const json ja = json::parse(r.out), jb = json::parse(b.out);
    for (const char* key : {"elderly_total", "coverage_rate", "estates", "facilities"}) EXPECT_EQ(ja.at(key), jb.at(key)) << key;
    fs::remove_all(dir);
}

TEST(OpenDataCli, BadOpenDataInputsAreExit2) {
    const fs::path dir = lc::test::fresh_dir("opendata", "bad");
    const fs::path raster = write_raster(dir, k_cells);
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--from-osm", k_osm.string()}, "OpenStreetMap has no residents"},
        {{"--from-osm", (dir / "none.osm.pbf").string(), "--elderly-raster", raster.string()}, "OSM file not found"},
        {{"--from-osm", k_osm.string(), "--elderly-raster", raster.string(), "--population-raster", raster.string()},
         "give one"},
        {{"--from-osm", k_osm.string(), "--elderly-raster", (dir / "none.tif").string()}, "none.tif"},
        {{"--from-osm", k_osm.string(), "--elderly-raster", raster.string(), "--coord-offset", "estates=gcj02"},
         "--coord-offset estates"},
        {{"--from-osm", (dir / "garbage.osm.pbf").string(), "--elderly-raster", raster.string()}, "cannot read OSM data"},
        {{"--from-osm", (dir / "unsorted.osm").string(), "--elderly-raster", raster.string()}, "osmium sort"},
        {{"--from-osm", (dir / "no_homes.osm").string(), "--elderly-raster", raster.string()},
         "no landuse=residential area"},
        {{"--population-from-buildings", "--elderly-raster", raster.string(), "--from-osm", k_osm.string()},
         "--population-from-buildings needs"},
    };
    write_file(dir / "garbage.osm.pbf", std::string(4096, '\x5a'));  // not PBF blocks
    // Way 5 before way 4: libosmium's area assembly needs the file sorted by type and id.
    write_file(dir / "unsorted.osm",
               "<osm version=\"0.6\"><node id=\"1\" lat=\"30.5\" lon=\"114.2\"/><node id=\"2\" lat=\"30.5\" "
               "lon=\"114.3\"/><way id=\"5\"><nd ref=\"1\"/><nd ref=\"2\"/></way><way id=\"4\"><nd ref=\"2\"/>"
               "<nd ref=\"1\"/></way></osm>\n");
    // Sorted, but no residential area: no estates.
    write_file(dir / "no_homes.osm",
               "<osm version=\"0.6\"><node id=\"1\" lat=\"30.5\" lon=\"114.2\"/><node id=\"2\" lat=\"30.5\" "
               "lon=\"114.3\"/><way id=\"4\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"footway\"/>"
               "</way></osm>\n");
    for (const auto& c : cases) {
        std::vector<std::string> args{"plan", "--quiet", "--out", (dir / "out").string()};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto r = run_cli(args);
        EXPECT_EQ(r.status, 2) << c.says << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir / "out")) << c.says;
    }
    // A raster of another city: no cell lies over the estates.
    GDALAllRegister();
    const fs::path far = dir / "far.tif";
    {
        GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(far.c_str(), 2, 2, 1, GDT_Float32, nullptr);
        double gt[6] = {113.9, 0.001, 0, 22.55, 0, -0.001};  // Shenzhen
        ds->SetGeoTransform(gt);
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        ds->SetSpatialRef(&srs);
        float v[4] = {5, 5, 5, 5};
        EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 2, 2, v, 2, 2, GDT_Float32, 0, 0), CE_None);
        GDALClose(ds);
    }
    const auto r = run_cli({"plan", "--quiet", "--out", (dir / "out").string(), "--from-osm", k_osm.string(),
                            "--elderly-raster", far.string()});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("no cell with residents lies over the estates"), std::string::npos) << r.err;
    fs::remove_all(dir);
}
