// init, plan --config and batch end to end (docs/cli/init.md, docs/cli/batch.md).
#include "cli_runner.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
namespace town = lc::test::town;
using lc::test::run_cli;
using lc::test::slurp;
using nlohmann::json;

namespace {

using lc::test::demo_present;

/// The town with Chinese field names, as a bureau's export has them.
town::Files chinese_town(const fs::path& dir) {
    auto est = town::estates();
    est.rename("id", "编号");
    est.rename("name", "小区名称");
    est.rename("households", "总户数");
    est.rename("population", "常住人口");
    est.rename("elderly", "60岁以上人口");
    est.rename("community", "所属社区");
    est.rename("street", "街道");
    est.rename("district", "行政区");
    est.rename("is_new", "竣工年份");  // no usual name of is_new: left to the user
    auto fac = town::facilities();
    fac.rename("id", "设施编号");
    fac.rename("name", "设施名称");
    fac.rename("kind", "设施类型");
    fac.rename("building_area", "建筑面积（㎡）");
    fac.rename("land_area", "用地面积");
    fac.rename("beds", "床位数");
    fac.rename("nursing_beds", "护理型床位");
    fac.rename("estate_id", "所属小区");
    town::Files f{(dir / "小区.geojson").string(), (dir / "设施.geojson").string(), (dir / "districts.geojson").string()};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, fac, "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    return f;
}

json summary_of(const fs::path& out) { return json::parse(slurp(out / "summary.json")); }

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

/// The ids of the proposed sites.
std::vector<std::string> sites(const json& s) { return s["sites"].get<std::vector<std::string>>(); }

/// The rows of a CSV without quoting (the batch's numbers and names have no commas).
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}

}  // namespace

// init on Chinese field names guesses every role of estates and facilities
// (编号 -> id, 总户数 -> households, 60岁以上人口 -> elderly, 建筑面积（㎡） ->
// building_area, 所属小区 -> estate_id, ...), each commented with its field; the
// districts layer has its roles under their own names (id, name, population);
// is_new, in a field 竣工年份 that is none of its usual names, is listed as not found. plan --config then gives the figures of
// the same run with --field flags: before 0.754717 (the audit's, see
// test_audit_cli.cpp), and the same sites.
TEST(CityFileCli, InitGuessesChineseFieldsAndRoundTrips) {
    town::TempDir dir("cityfile_roundtrip");
    const auto f = chinese_town(dir.path());
    const fs::path toml = dir.path() / "town.toml";
    auto r = run_cli({"init", "--estates", f.estates, "--facilities", f.facilities, "--districts", f.districts, "-o",
                      toml.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string text = slurp(toml);
    for (const char* line : {"name = \"town\"", "estates = \"小区.geojson\"", "facilities = \"设施.geojson\"",
                             "estates.id = \"编号\"", "estates.households = \"总户数\"",
                             "estates.elderly = \"60岁以上人口\"", "estates.population = \"常住人口\"",
                             "estates.name = \"小区名称\"", "estates.community = \"所属社区\"", "estates.street = \"街道\"",
                             "estates.district = \"行政区\"", "facilities.id = \"设施编号\"",
                             "facilities.kind = \"设施类型\"", "facilities.building_area = \"建筑面积（㎡）\"",
                             "facilities.land_area = \"用地面积\"", "facilities.beds = \"床位数\"",
                             "facilities.nursing_beds = \"护理型床位\"", "facilities.estate_id = \"所属小区\"",
                             "facilities.name = \"设施名称\"", "# guessed from the field '总户数'",
                             "#   no field found for: is_new", "#   read under their own names: id, name, population",
                             "# profile = \"national\"", "# max-snap = 300"}) {
        EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
    }
    // An existing file is kept without --force.
    r = run_cli({"init", "--estates", f.estates, "--facilities", f.facilities, "-o", toml.string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("exists (--force replaces it)"), std::string::npos) << r.err;

    const fs::path a = dir.path() / "a";
    const fs::path b = dir.path() / "b";
    r = run_cli({"plan", "--config", toml.string(), "--out", a.string(), "--quiet", "--mode", "circle"});
    ASSERT_EQ(r.status, 0) << r.err;
    r = run_cli({"plan", "--estates", f.estates, "--facilities", f.facilities, "--districts", f.districts, "--mode",
                 "circle", "--field", "estates.id=编号", "--field", "estates.households=总户数", "--field",
                 "estates.elderly=60岁以上人口", "--field", "estates.population=常住人口", "--field",
                 "estates.name=小区名称", "--field", "estates.community=所属社区", "--field", "estates.street=街道",
                 "--field", "estates.district=行政区", "--field", "facilities.id=设施编号", "--field",
                 "facilities.kind=设施类型", "--field", "facilities.building_area=建筑面积（㎡）", "--field",
                 "facilities.land_area=用地面积", "--field", "facilities.beds=床位数", "--field",
                 "facilities.nursing_beds=护理型床位", "--field", "facilities.estate_id=所属小区", "--field",
                 "facilities.name=设施名称", "--out", b.string(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json sa = summary_of(a);
    const json sb = summary_of(b);
    EXPECT_DOUBLE_EQ(sa["before"]["coverage_rate"].get<double>(), 0.754717);
    EXPECT_EQ(sa["before"], sb["before"]);
    EXPECT_EQ(sa["after"], sb["after"]);
    EXPECT_EQ(sites(sa), sites(sb));
    EXPECT_EQ(sa["communities_with_station"], 1);  // 所属社区 read: the audit's figure for the town
}

// init --demo writes the demo city's file; plan on it gives the demo run's figures.
TEST(CityFileCli, DemoFileGivesTheDemoPlan) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    town::TempDir dir("cityfile_demo");
    const fs::path toml = dir.path() / "demo.toml";
    auto r = run_cli({"init", "--demo", "-o", toml.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string text = slurp(toml);
    EXPECT_NE(text.find("profile = \"yinchuan\""), std::string::npos) << text;
    EXPECT_NE(text.find("network.osm\""), std::string::npos) << text;
    r = run_cli({"plan", "--config", toml.string(), "--out", (dir.path() / "a").string(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    r = run_cli({"plan", "--out", (dir.path() / "b").string(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json sa = summary_of(dir.path() / "a");
    const json sb = summary_of(dir.path() / "b");
    EXPECT_EQ(sa["mode"], "network");
    EXPECT_EQ(sa["coverage_rate"], sb["coverage_rate"]);
    EXPECT_EQ(sa["after"]["coverage_rate"], sb["after"]["coverage_rate"]);
    EXPECT_EQ(sites(sa), sites(sb));
    // stdout: the same file with absolute paths.
    r = run_cli({"init", "--demo"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("estates = \"/"), std::string::npos) << r.out;
}

// A bad key stops the run with exit 2, naming the file, line and key.
TEST(CityFileCli, BadKeyIsExit2) {
    town::TempDir dir("cityfile_bad");
    const fs::path toml = dir.path() / "bad.toml";
    write_file(toml, "profile = \"national\"\n[coverage]\nradius = 900\nspeeed = 1.2\n");
    const auto r = run_cli({"plan", "--config", toml.string(), "--out", (dir.path() / "o").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find(toml.string() + ", line 4: key 'coverage.speeed': unknown key (did you mean 'speed'?"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "o"));
    // A city file without inputs is not the demo city.
    write_file(toml, "profile = \"national\"\n");
    const auto r2 = run_cli({"plan", "--config", toml.string(), "--out", (dir.path() / "o").string()});
    EXPECT_EQ(r2.status, 2);
    EXPECT_NE(r2.err.find("must give [inputs] estates and facilities"), std::string::npos) << r2.err;
}

// A batch of three: the town twice (named by `name` and by the file's stem) and
// a city whose estates file is missing. The broken city is listed with its
// error and exit status 1; the others are planned (the town's before 0.754717,
// circle mode, as above) and their rows hold their summary's figures.
TEST(CityFileCli, BatchOfThreeWithAFailingCity) {
    town::TempDir dir("cityfile_batch");
    const auto f = town::write_plain(dir.path());
    const std::string inputs = "[inputs]\nestates = \"estates.geojson\"\nfacilities = \"facilities.geojson\"\n"
                               "districts = \"districts.geojson\"\n[coverage]\nmode = \"circle\"\n";
    write_file(dir.path() / "east.toml", "name = \"东城\"\n" + inputs);
    write_file(dir.path() / "west.toml", inputs + "radius = 1000\n");
    write_file(dir.path() / "broken.toml", "[inputs]\nestates = \"missing.geojson\"\nfacilities = \"facilities.geojson\"\n");
    const fs::path out = dir.path() / "out";
    auto r = run_cli({"batch", (dir.path() / "east.toml").string(), (dir.path() / "west.toml").string(),
                      (dir.path() / "broken.toml").string(), "--out", out.string(), "--jobs", "2"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.out.find("3 cities, 2 ok, 1 failed"), std::string::npos) << r.out;
    for (const char* p : {"东城/summary.json", "东城/report.html", "west/summary.json", "东城.log", "west.log",
                          "broken.log", "batch_summary.csv", "index.html", "lifecircle-manifest.txt"}) {
        EXPECT_TRUE(fs::exists(out / p)) << p;
    }
    EXPECT_FALSE(fs::exists(out / "broken"));
    const std::string csv = slurp(out / "batch_summary.csv");
    ASSERT_EQ(csv.rfind("\xEF\xBB\xBFname,status,error,profile,coverage_before,coverage_after,sites,", 0), 0U) << csv;
    const auto rows = csv_rows(csv.substr(3));
    ASSERT_EQ(rows.size(), 4U) << csv;
    EXPECT_EQ(rows[1][0], "东城");
    EXPECT_EQ(rows[1][1], "ok");
    EXPECT_EQ(rows[1][4], "0.754717");
    const json east = summary_of(out / "东城");
    EXPECT_EQ(rows[1][5], east["after"]["coverage_rate"].dump());
    EXPECT_EQ(rows[1][6], std::to_string(east["proposed_sites"].size()));
    EXPECT_EQ(rows[1][14], "东城/report.html");
    EXPECT_EQ(rows[2][0], "west");
    EXPECT_EQ(rows[2][1], "ok");
    EXPECT_EQ(summary_of(out / "west")["threshold_m"], 1000);  // west's own radius
    EXPECT_EQ(rows[3][0], "broken");
    EXPECT_EQ(rows[3][1], "failed");
    EXPECT_NE(rows[3][2].find("missing.geojson"), std::string::npos) << rows[3][2];
    EXPECT_EQ(rows[3][4], "");
    const std::string index = slurp(out / "index.html");
    EXPECT_NE(index.find("<a href=\"东城/report.html\">东城</a>"), std::string::npos) << index;
    EXPECT_NE(index.find("<tr class=\"failed\">"), std::string::npos);

    // --index rewrites the two files from the folder: the same rows.
    // (sorted by name: broken, west, 东城)
    fs::remove(out / "batch_summary.csv");
    r = run_cli({"batch", "--index", out.string()});
    EXPECT_EQ(r.status, 1) << r.err;
    auto again = csv_rows(slurp(out / "batch_summary.csv").substr(3));
    ASSERT_EQ(again.size(), 4U);
    EXPECT_EQ(again[0], rows[0]);
    EXPECT_EQ(again[1], rows[3]);
    EXPECT_EQ(again[2], rows[2]);
    EXPECT_EQ(again[3], rows[1]);

    // A second batch into the same folder replaces it (it holds only what lifecircle wrote).
    r = run_cli({"batch", (dir.path() / "west.toml").string(), "--out", out.string(), "--quiet"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(fs::exists(out / "东城"));
    (void)f;
}

// Two files naming the same city are refused before anything runs.
TEST(CityFileCli, BatchRefusesDuplicateNames) {
    town::TempDir dir("cityfile_dup");
    write_file(dir.path() / "a.toml", "name = \"same\"\n");
    fs::create_directories(dir.path() / "x");
    write_file(dir.path() / "x" / "same.toml", "");
    const auto r = run_cli({"batch", (dir.path() / "a.toml").string(), (dir.path() / "x" / "same.toml").string(),
                            "--out", (dir.path() / "out").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("both name the city 'same'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "out"));
}
