// `lifecircle plan` end to end on the embedded demo city.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::run_cli;
using lc::test::slurp;

namespace {
/// `text` with the value of every "seconds" number masked.
std::string without_seconds(const std::string& text) {
    static const std::regex seconds(R"("seconds": [0-9.e+-]+)");
    return std::regex_replace(text, seconds, R"("seconds": "masked")");
}

using lc::test::demo_present;
}  // namespace

// With no inputs, plan runs on datasets/demo (network mode: the demo has network.osm)
// and writes every layer of DESIGN.md with a QGIS style, the summary and the report.
TEST(PlanCli, DemoWritesEveryOutput) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("plan", "outputs");
    const auto r = run_cli({"plan", "--out", (dir / "out").string(), "--quiet"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_NE(r.out.find("成果文件在"), std::string::npos);  // the demo's profile (yinchuan) is Chinese
    for (const char* f : {"estates.geojson", "districts.geojson", "service_areas.geojson", "proposed_sites.geojson",
                          "facilities.geojson", "estates.qml", "proposed_sites.qml", "summary.json", "summary.csv",
                          "communities.csv", "streets.csv", "report.html"}) {
        EXPECT_TRUE(fs::exists(dir / "out" / f)) << f;
    }
    const auto s = nlohmann::json::parse(slurp(dir / "out" / "summary.json"));
    EXPECT_EQ(s["profile"], "yinchuan");
    EXPECT_EQ(s["mode"], "network");
    EXPECT_EQ(s["model"], "lscp");
    EXPECT_EQ(s["status"], "optimal");
    EXPECT_FALSE(s["sites"].empty());
    // The plan can only raise coverage: the proposed stations are added, nothing removed.
    EXPECT_GT(s["after"]["coverage_rate"].get<double>(), s["before"]["coverage_rate"].get<double>());
    EXPECT_EQ(s["before"]["coverage_rate"], s["coverage_rate"]);
    EXPECT_EQ(s["proposed_sites"].size(), s["sites"].size());
    // One set of figures: the sites' credits add up to the headline gain, and
    // are ranked by it; each also says whom it serves (a separate figure).
    double credits = 0, last = 1e300;
    for (const auto& site : s["proposed_sites"]) {
        const double gain = site["added_covered_elderly"].get<double>();
        credits += gain;
        EXPECT_LE(gain, last + 1e-6) << site;
        last = gain;
        EXPECT_GT(site["serves_elderly"].get<double>(), 0.0) << site;
    }
    const double headline = s["after"]["elderly_covered"].get<double>() - s["before"]["elderly_covered"].get<double>();
    EXPECT_NEAR(credits, headline, 1e-4);
    // ... and audit, coverage and check-estate measure the demo as the plan does.
    for (const std::vector<std::string>& cmd : {std::vector<std::string>{"audit", "--demo", "--json", "--quiet"},
                                                {"coverage", "--demo", "--json", "--quiet"}}) {
        const auto other = run_cli(cmd);
        ASSERT_EQ(other.status, 0) << other.err;
        const auto j = nlohmann::json::parse(other.out);
        EXPECT_EQ(j["mode"], "network") << cmd[0];
        EXPECT_EQ(j["coverage_rate"], s["coverage_rate"]) << cmd[0];
    }
    // Only a hidden temporary folder could be left beside the output: none is.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

// Same inputs and seed: identical files, byte for byte (issue: determinism),
// except the measured solve time, summary.json's "seconds" (docs/summary.md).
TEST(PlanCli, TwoRunsAreIdentical) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("plan", "determinism");
    for (const char* out : {"a", "b"}) {
        const auto r = run_cli({"plan", "--out", (dir / out).string(), "--quiet", "--seed", "7"});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir / "a")) {
        ++files;
        const fs::path other = dir / "b" / entry.path().filename();
        ASSERT_TRUE(fs::exists(other)) << other;
        EXPECT_EQ(without_seconds(slurp(entry.path())), without_seconds(slurp(other))) << entry.path().filename();
    }
    EXPECT_GE(files, 12u);
}

TEST(PlanCli, CircleModeMclpWithP) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("plan", "mclp");
    const auto r = run_cli({"plan", "--estates", (fs::path(LC_TEST_SOURCE_DIR) / "datasets/demo/estates.geojson").string(),
                            "--facilities", (fs::path(LC_TEST_SOURCE_DIR) / "datasets/demo/facilities.geojson").string(),
                            "--candidates", (fs::path(LC_TEST_SOURCE_DIR) / "datasets/demo/candidates.geojson").string(),
                            "--profile", "yinchuan", "--model", "mclp", "--p", "3", "--out", (dir / "o").string(),
                            "--json", "--quiet", "--no-report"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = nlohmann::json::parse(r.out);
    EXPECT_EQ(s["mode"], "circle");
    EXPECT_EQ(s["model"], "mclp");
    // At most p new sites: on the demo two already bring every estate's point
    // within 900 m (straight line), and a site that adds nothing is not proposed.
    EXPECT_GE(s["sites"].size(), 1u);
    EXPECT_LE(s["sites"].size(), 3u);
    EXPECT_FALSE(fs::exists(dir / "o" / "report.html"));
    // MCLP's objective is the covered elderly weight, existing sites included, so it
    // is at least what the existing facilities cover by representative point.
    EXPECT_GE(s["objective"].get<double>(), 0.0);
    EXPECT_LE(s["objective"].get<double>(), s["bound"].get<double>() + 1e-6);
}

TEST(PlanCli, BadInputLeavesNoOutput) {
    const fs::path dir = fresh_dir("plan", "bad");
    const auto r = run_cli({"plan", "--estates", (dir / "missing.geojson").string(), "--facilities",
                            (dir / "missing2.geojson").string(), "--out", (dir / "o").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("missing.geojson"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST(PlanCli, MclpWithoutPIsAnError) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("plan", "nop");
    const auto r = run_cli({"plan", "--model", "mclp", "--out", (dir / "o").string(), "--quiet"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--p"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir));
}

// Run from the repository root (as the README does), the demo's outputs name its
// files as datasets/demo/…, not by the checkout's absolute path, so two machines
// with the repository in different places write the same files.
TEST(PlanCli, DemoOutputsCarryNoAbsolutePath) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("plan", "relative");
    const auto r = run_cli({"plan", "--layout", "--out", (dir / "out").string(), "--quiet"}, LC_TEST_SOURCE_DIR);
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string root = fs::path(LC_TEST_SOURCE_DIR).lexically_normal().string();
    for (const auto& e : fs::directory_iterator(dir / "out")) {
        const std::string text = slurp(e.path());
        EXPECT_EQ(text.find(root), std::string::npos) << e.path().filename() << " names " << root;
        EXPECT_EQ(text.find(dir.string()), std::string::npos) << e.path().filename() << " names the output folder";
    }
    const auto s = nlohmann::json::parse(slurp(dir / "out" / "summary.json"));
    EXPECT_NE(s.dump().find("datasets/demo/estates.geojson"), std::string::npos);
    fs::remove_all(dir);
}

namespace {

/// A GeoJSON layer in EPSG:4544 from features written as text.
std::string feature_collection(const std::vector<std::string>& features) {
    std::string out = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4544"}},"features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
    return out + "]}";
}

std::string square_estate(const std::string& id, double x0, int households, int elderly) {
    auto c = [&](double x, double y) {
        return "[" + std::to_string(500000 + x) + "," + std::to_string(3400000 + y) + "]";
    };
    return R"({"type":"Feature","properties":{"id":")" + id + R"(","households":)" + std::to_string(households) +
           R"(,"elderly":)" + std::to_string(elderly) + R"(},"geometry":{"type":"Polygon","coordinates":[[)" +
           c(x0, 0) + "," + c(x0 + 100, 0) + "," + c(x0 + 100, 100) + "," + c(x0, 100) + "," + c(x0, 0) + "]]}}";
}

std::string point_feature(const std::string& id, double x, double y, const std::string& more) {
    return R"({"type":"Feature","properties":{"id":")" + id + "\"" + more + R"(},"geometry":{"type":"Point","coordinates":[)" +
           std::to_string(500000 + x) + "," + std::to_string(3400000 + y) + "]}}";
}

}  // namespace

// Capacity end to end (--capacity households), national profile (20 m² per 100
// households, a 300 m² station minimum), --radius 500, straight lines:
//   estates X1 (x 0..100) 1000 households, X2 (x 200..300) 1000, X3 (x 5000..5100) 500;
//   existing station F at (150,50), 100 m²: serves 100 / 20 × 100 = 500 households;
//   candidates K1 (150,60), no capacity field: a minimum station, 300 / 20 × 100 = 1500;
//              K2 (150,40), capacity_households 800;  K3 (5050,50), capacity 600.
// Without capacities F already reaches X1 and X2: LSCP opens K3 alone.
// With them F serves 500 of the 2000 households near it: K1 takes the other 1500
// (K2's 800 would not do), and K3 serves X3's 500: two new stations, none over
// its capacity, none serving nobody.
TEST(PlanCli, CapacityEndToEnd) {
    const fs::path dir = fresh_dir("plan", "capacity");
    std::ofstream(dir / "e.geojson") << feature_collection(
        {square_estate("X1", 0, 1000, 100), square_estate("X2", 200, 1000, 100), square_estate("X3", 5000, 500, 50)});
    std::ofstream(dir / "f.geojson") << feature_collection(
        {point_feature("F", 150, 50, R"(,"kind":"station","building_area":100)")});
    std::ofstream(dir / "c.geojson") << feature_collection(
        {point_feature("K1", 150, 60, ""), point_feature("K2", 150, 40, R"(,"capacity_households":800)"),
         point_feature("K3", 5050, 50, R"(,"capacity_households":600)")});
    const std::vector<std::string> base = {"plan", "--estates", (dir / "e.geojson").string(), "--facilities",
                                           (dir / "f.geojson").string(), "--candidates", (dir / "c.geojson").string(),
                                           "--radius", "500", "--json", "--quiet", "--no-report"};
    auto run = [&](std::vector<std::string> extra, const char* out) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"--out", (dir / out).string()});
        const auto r = run_cli(args);
        EXPECT_EQ(r.status, 0) << r.err;
        return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
    };
    const auto plain = run({}, "plain");
    EXPECT_EQ(plain["sites"], nlohmann::json::array({"K3"}));

    const auto cap = run({"--capacity", "households"}, "cap");
    EXPECT_EQ(cap["status"], "optimal");
    EXPECT_EQ(cap["capacitated"], true);
    ASSERT_EQ(cap["proposed_sites"].size(), 2U) << cap["proposed_sites"];
    std::map<std::string, double> served;
    for (const auto& s : cap["proposed_sites"]) served[s["id"].get<std::string>()] = s["households_served"].get<double>();
    // Shares come from CBC's LP, exact to its tolerance (1499.999998 for 1500).
    EXPECT_NEAR(served.at("K1"), 1500.0, 1e-3);
    EXPECT_NEAR(served.at("K3"), 500.0, 1e-3);
    // The same with --model mclp --p 2: the allocation is the solver's, within capacities.
    const auto mclp = run({"--capacity", "households", "--model", "mclp", "--p", "2"}, "mclp");
    double total = 0;
    for (const auto& s : mclp["proposed_sites"]) {
        const double hh = s["households_served"].get<double>();
        EXPECT_GT(hh, 0.0) << s;
        EXPECT_LE(hh, s["id"] == "K2" ? 800.0 + 1e-3 : s["id"] == "K3" ? 600.0 + 1e-3 : 1500.0 + 1e-3) << s;
        total += hh;
    }
    EXPECT_NEAR(total, 2000.0, 1e-3);  // K1 1500 + K3 500 (F serves the other 500)
}

// plan --target-group (docs/walking_groups.md) on the bad-corpus base town, national profile
// (groups healthy 1.0, basic 0.8, frail 0.6 m/s): frail sets the threshold to
// 15 × 60 × 0.6 = 540 m, and the frail row is then the headline's own figures.
TEST(PlanCli, TargetGroupSetsTheThreshold) {
    const fs::path base = fs::path(LC_TEST_SOURCE_DIR) / "tests/data/bad/base";
    const fs::path dir = fresh_dir("plan", "target_group");
    const std::vector<std::string> town = {"plan", "--estates", (base / "estates.geojson").string(), "--facilities",
                                           (base / "facilities.geojson").string(), "--districts",
                                           (base / "districts.geojson").string(), "--quiet", "--no-report"};
    auto args = town;
    for (const char* a : {"--target-group", "frail", "--json", "--out"}) args.emplace_back(a);
    args.push_back((dir / "frail").string());
    const auto r = run_cli(args);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(s["threshold_m"].get<double>(), 540.0);
    EXPECT_EQ(s["target_group"]["id"], "frail");
    EXPECT_DOUBLE_EQ(s["target_group"]["threshold_m"].get<double>(), 540.0);
    const auto& frail_before = s["before"]["walking_groups"]["groups"][2];
    EXPECT_EQ(frail_before["id"], "frail");
    EXPECT_EQ(frail_before["elderly_covered"], s["before"]["elderly_covered"]);
    EXPECT_EQ(s["after"]["walking_groups"]["groups"][2]["elderly_covered"], s["after"]["elderly_covered"]);
    EXPECT_TRUE(fs::exists(dir / "frail" / "service_areas_groups.geojson"));
    EXPECT_TRUE(fs::exists(dir / "frail" / "service_areas_groups_after.geojson"));
    // Without it the threshold is the profile's 900 m.
    args = town;
    for (const char* a : {"--json", "--out"}) args.emplace_back(a);
    args.push_back((dir / "default").string());
    const auto d = run_cli(args);
    ASSERT_EQ(d.status, 0) << d.err;
    const auto sd = nlohmann::json::parse(d.out);
    EXPECT_DOUBLE_EQ(sd["threshold_m"].get<double>(), 900.0);
    EXPECT_FALSE(sd.contains("target_group"));

    // An unknown id: exit 2 naming the flag and listing the groups, nothing written.
    args = town;
    for (const char* a : {"--target-group", "slowest", "--out"}) args.emplace_back(a);
    args.push_back((dir / "unknown").string());
    const auto u = run_cli(args);
    EXPECT_EQ(u.status, 2) << u.err;
    EXPECT_NE(u.err.find("--target-group"), std::string::npos) << u.err;
    EXPECT_NE(u.err.find("healthy, basic, frail"), std::string::npos) << u.err;
    EXPECT_FALSE(fs::exists(dir / "unknown"));
}
