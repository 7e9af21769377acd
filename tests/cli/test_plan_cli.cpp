// `lifecircle plan` end to end on the embedded demo city.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
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

bool demo_present() { return fs::exists(fs::path(LC_TEST_SOURCE_DIR) / "datasets/demo/estates.geojson"); }
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
