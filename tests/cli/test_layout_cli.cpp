// lifecircle plan --layout: the demo city out of the box, the hand-made town of
// tests/app/test_layout_town.hpp, and each bad input (exit 2, a clear message).
#include "cli_runner.hpp"

#include "app/test_layout_town.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace town = lc::test::town;
namespace lt = lc::test::layout_town;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

/// The town as in test_layout_town.hpp (with its --set beds.per_1000_elderly=10).
std::vector<std::string> town_args(const lt::Files& f, const std::string& out) {
    std::vector<std::string> a{"plan",         "--layout",   "--estates", f.estates, "--facilities", f.facilities,
                               "--districts",  f.districts,  "--parcels", f.parcels, "--phases",     "2025,2035",
                               "--elderly-growth", "0.05",   "--out",     out,       "--quiet"};
    for (const auto& set : lt::base_sets()) {
        a.push_back("--set");
        a.push_back(set);
    }
    return a;
}

TEST(LayoutCli, DemoRunsOutOfTheBox) {
    town::TempDir dir("layout_demo_cli");
    const std::string out = dir.str("out");
    const auto r = lc::test::run_cli({"plan", "--layout", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    for (const char* f : {"plan_sites.geojson", "plan_districts.csv", "plan_unmet.csv", "report.html", "summary.json"}) {
        ASSERT_TRUE(fs::exists(fs::path(out) / f)) << f;
    }
    EXPECT_GT(fs::file_size(fs::path(out) / "plan_sites.geojson"), 200u);
    const std::string csv = town::slurp(fs::path(out) / "plan_districts.csv");
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);  // UTF-8 BOM
    EXPECT_TRUE(contains(csv, "人均养老设施用地"));  // the demo's profile is Chinese: zh tables
    EXPECT_TRUE(contains(csv, "区县代码,区县,指标,单位,现状,现状应达"));
    EXPECT_TRUE(contains(csv, "西夏区"));
    const std::string sites = town::slurp(fs::path(out) / "plan_sites.geojson");
    for (const char* field : {"\"level\"", "\"phase\"", "\"parcel_id\"", "\"building_area_m2\"", "\"land_area_m2\"",
                              "\"beds\"", "\"nursing_beds\"", "\"serves\"", "\"reason\""}) {
        EXPECT_TRUE(contains(sites, field)) << field;
    }
    const std::string html = town::slurp(fs::path(out) / "report.html");
    EXPECT_TRUE(contains(html, "id=\"layout\""));
    EXPECT_TRUE(contains(html, "layout-map-2025"));
    EXPECT_TRUE(contains(html, "<a href=\"#layout\">"));  // in the contents
    EXPECT_TRUE(contains(r.err, "layout"));  // progress lines with the time per level and phase
}

TEST(LayoutCli, TownPlan) {
    town::TempDir dir("layout_town_cli");
    const auto files = lt::write_all(dir.path());
    const std::string out = dir.str("out");
    const auto r = lc::test::run_cli(town_args(files, out));
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    const std::string csv = town::slurp(fs::path(out) / "plan_districts.csv");
    EXPECT_TRUE(contains(csv, "required_2035"));
    EXPECT_TRUE(contains(csv, "D1,新城区,public_beds,beds,50,100,0,128,128,1,208,208,1"));
    const std::string unmet = town::slurp(fs::path(out) / "plan_unmet.csv");
    EXPECT_TRUE(contains(unmet, "2025,land,land_per_capita,D1,900"));
    EXPECT_TRUE(contains(r.out, "Unmet targets (1;"));
    const std::string html = town::slurp(fs::path(out) / "report.html");
    for (const char* id : {"id=\"layout-2025-station\"", "id=\"layout-2025-centre\"", "id=\"layout-2025-institution\"",
                           "id=\"layout-2035-institution\"",
                           "id=\"layout-2035-centre-none\"", "id=\"layout-districts\"", "id=\"layout-unmet\"",
                           "id=\"layout-map-2035\""}) {
        EXPECT_TRUE(contains(html, id)) << id;
    }
    const auto j = lc::test::run_cli([&] {
        auto a = town_args(files, dir.str("out_json"));
        a.push_back("--json");
        return a;
    }());
    ASSERT_EQ(j.status, 0) << j.err;
    const auto summary = nlohmann::json::parse(j.out);
    EXPECT_EQ(summary["layout"]["phases"], nlohmann::json::array({2025, 2035}));
    EXPECT_EQ(summary["layout"]["sites"]["2035"]["institution"]["new"], 1);
    // I1 is enlarged for 2025's need (128 beds) and again in 2035 (150 beds).
    EXPECT_EQ(summary["layout"]["sites"]["2025"]["institution"]["enlarge"], 1);
    EXPECT_EQ(summary["layout"]["sites"]["2035"]["institution"]["enlarge"], 1);
    EXPECT_EQ(summary["layout"]["unmet"].size(), 1u);
}

class LayoutBadInput : public ::testing::Test {
protected:
    void expect_exit2(const town::Layer& parcels, const std::vector<std::string>& extra, const std::string& what1,
                      const std::string& what2) {
        town::TempDir dir("layout_bad");
        const auto files = lt::write_all(dir.path(), parcels);
        const std::string out = dir.str("out");
        auto args = town_args(files, out);
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = lc::test::run_cli(args);
        EXPECT_EQ(r.status, 2) << r.err;
        EXPECT_TRUE(contains(r.err, what1)) << r.err;
        EXPECT_TRUE(contains(r.err, what2)) << r.err;
        EXPECT_FALSE(fs::exists(out));  // nothing half-written
    }
};

TEST_F(LayoutBadInput, ParcelOverlappingAnEstate) {
    auto p = lt::parcels();
    p.rows.push_back({town::rect(500, 500, 700, 700), {town::s("P8"), town::s("vacant"), town::d(40000)}});
    expect_exit2(p, {}, "feature P8", "overlaps estate E1");
}

TEST_F(LayoutBadInput, ParcelsOverlappingEachOther) {
    auto p = lt::parcels();
    p.rows.push_back({town::rect(3420, 720, 3470, 760), {town::s("P8"), town::s("vacant"), town::d(2000)}});
    expect_exit2(p, {}, "feature P1", "overlaps parcel P8");
}

TEST_F(LayoutBadInput, ParcelWithoutArea) {
    auto p = lt::parcels();
    p.set("P3", "area", town::null);
    expect_exit2(p, {}, "feature P3, field 'area'", "no area");
}

TEST_F(LayoutBadInput, ParcelWithoutLandUse) {
    auto p = lt::parcels();
    p.set("P5", "land_use", town::null);
    expect_exit2(p, {}, "feature P5, field 'land_use'", "no land use");
}

TEST_F(LayoutBadInput, ParcelsWithoutLandUseField) {
    auto p = lt::parcels();
    p.drop("land_use");
    expect_exit2(p, {}, "parcels.geojson", "missing required field for parcels land_use");
}

TEST_F(LayoutBadInput, PhasesNotIncreasing) {
    town::TempDir dir("layout_bad_phases");
    const auto files = lt::write_all(dir.path());
    auto args = town_args(files, dir.str("out"));
    for (auto& a : args) {
        if (a == "2025,2035") a = "2035,2025";
    }
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "--phases")) << r.err;
    EXPECT_TRUE(contains(r.err, "strictly increasing")) << r.err;
}

TEST_F(LayoutBadInput, PhaseBeforeTheBaseYear) {
    town::TempDir dir("layout_bad_base");
    const auto files = lt::write_all(dir.path());
    auto args = town_args(files, dir.str("out"));
    for (auto& a : args) {
        if (a == "2025,2035") a = "2015,2035";
    }
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "precedes the base year 2020")) << r.err;
}

TEST_F(LayoutBadInput, ProjectionMissingADistrict) {
    town::TempDir dir("layout_bad_proj");
    const auto files = lt::write_all(dir.path());
    const std::string csv = dir.str("proj.csv");
    {
        std::ofstream o(csv);
        o << "district,year,elderly\nD7,2025,100\nD7,2035,200\n";
    }
    auto args = town_args(files, dir.str("out"));
    args.erase(std::find(args.begin(), args.end(), "--elderly-growth"), std::find(args.begin(), args.end(), "--out"));
    args.insert(args.end(), {"--projection", csv});
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "proj.csv")) << r.err;
    EXPECT_TRUE(contains(r.err, "district D1")) << r.err;
    EXPECT_FALSE(fs::exists(dir.str("out")));
}

TEST(LayoutCli, ParcelFieldsMapWithField) {
    town::TempDir dir("layout_field_cli");
    auto p = lt::parcels();
    p.rename("area", "面积");
    p.rename("land_use", "用地性质");
    const auto files = lt::write_all(dir.path(), p);
    auto args = town_args(files, dir.str("out"));
    args.insert(args.end(), {"--field", "parcels.area=面积", "--field", "parcels.land_use=用地性质"});
    const auto r = lc::test::run_cli(args);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(town::slurp(fs::path(dir.str("out")) / "plan_sites.geojson"), "\"P6\""));
}

// The national 40 beds per 1000 elderly (LayoutTownBeds in tests/app): a
// beds_per_1000 row in plan_districts.csv (today 50 / 10000 = 5.00 of 40; 2025
// 305 / 12762.8 = 23.90; 2035 305 / 20789.3 = 14.67) and the shortfalls of 206
// and 527 beds in plan_unmet.csv.
TEST(LayoutCli, BedsPer1000RowAndUnmet) {
    town::TempDir dir("layout_beds_cli");
    const auto files = lt::write_all(dir.path());
    const std::string out = dir.str("out");
    auto args = town_args(files, out);
    args.push_back("--set");
    args.push_back("beds.per_1000_elderly=40");
    const auto r = lc::test::run_cli(args);
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    const std::string csv = town::slurp(fs::path(out) / "plan_districts.csv");
    EXPECT_TRUE(contains(csv, "D1,新城区,beds_per_1000,beds/1000 elderly,5.00,40.00,0,23.90,40.00,0,14.67,40.00,0")) << csv;
    const std::string unmet = town::slurp(fs::path(out) / "plan_unmet.csv");
    EXPECT_TRUE(contains(unmet, "2025,institution,beds_per_1000,D1,206.000,beds,")) << unmet;
    EXPECT_TRUE(contains(unmet, "2035,institution,beds_per_1000,D1,527.000,beds,")) << unmet;
}

TEST_F(LayoutBadInput, PlotRatioNotPositive) {
    expect_exit2(lt::parcels(), {"--set", "layout.centre_plot_ratio=0"}, "layout.centre_plot_ratio", "greater than 0");
    expect_exit2(lt::parcels(), {"--set", "layout.station_plot_ratio=-2"}, "layout.station_plot_ratio", "negative");
    expect_exit2(lt::parcels(), {"--set", "layout.station_plot_ratio=abc"}, "layout.station_plot_ratio", "abc");
}

TEST(LayoutCli, LayoutOptionsNeedLayout) {
    const auto r = lc::test::run_cli({"plan", "--phases", "2025,2035", "--out", "/nonexistent/x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "need --layout")) << r.err;
}

TEST(LayoutCli, PhaseBudgetNeedsLayoutAndAPositiveNumber) {
    const auto r = lc::test::run_cli({"plan", "--phase-budget", "1000000", "--out", "/nonexistent/x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "--phase-budget")) << r.err;
    EXPECT_TRUE(contains(r.err, "need --layout")) << r.err;
    for (const char* bad : {"0", "-5", "nan", "inf", "1e400", "abc"}) {
        const auto b = lc::test::run_cli({"plan", "--layout", "--phase-budget", bad, "--out", "/nonexistent/x"});
        EXPECT_EQ(b.status, 2) << bad;
        EXPECT_TRUE(contains(b.err, std::string("--phase-budget ") + bad)) << b.err;
    }
}

// The town's costs (worked out in tests/app/test_layout_costs.cpp, national
// profile: no subsidies): 2025 20,460,000 yuan, 2035 12,600,000, total
// 33,060,000; --phase-budget 9000000 leaves 3,300,000 and 6,000,000 and defers
// I1 and P1 beyond the plan.
TEST(LayoutCli, TownCostsTermsAndBudget) {
    town::TempDir dir("layout_costs_cli");
    const auto files = lt::write_all(dir.path());
    const std::string out = dir.str("out");
    auto args = town_args(files, out);
    args.insert(args.end(), {"--phase-budget", "9000000", "--lang", "zh"});
    const auto r = lc::test::run_cli(args);
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    const std::string csv = town::slurp(fs::path(out) / "plan_costs.csv");
    // --lang zh: the rows' words in Chinese (docs/language.md), ids and figures kept.
    EXPECT_TRUE(contains(csv, "分期小计,2025,近期,,,,,")) << csv;
    EXPECT_TRUE(contains(csv, "设施,,规划期外,D001,养老机构,扩建,I1,")) << csv;
    EXPECT_TRUE(contains(csv.substr(0, csv.find('\n')), "建设投资(元)")) << csv;
    const std::string sites = town::slurp(fs::path(out) / "plan_sites.geojson");
    EXPECT_TRUE(contains(sites, "\"term\": \"near\"") || contains(sites, "\"term\":\"near\"")) << sites.substr(0, 600);
    EXPECT_TRUE(contains(sites, "\"term\": \"long\"") || contains(sites, "\"term\":\"long\""));
    const auto summary = nlohmann::json::parse(town::slurp(fs::path(out) / "summary.json"));
    const auto& costs = summary["costs"];
    EXPECT_DOUBLE_EQ(costs["phases"][0]["construction_yuan"].get<double>(), 3300000);
    EXPECT_DOUBLE_EQ(costs["phases"][1]["construction_yuan"].get<double>(), 6000000);
    EXPECT_EQ(costs["phases"][1]["term"], "long");
    EXPECT_DOUBLE_EQ(costs["deferred_beyond_plan"]["construction_yuan"].get<double>(), 23760000);
    EXPECT_DOUBLE_EQ(costs["phase_budget_yuan"].get<double>(), 9000000);
    const std::string unmet = town::slurp(fs::path(out) / "plan_unmet.csv");
    EXPECT_TRUE(contains(unmet, "phase_budget"));
    const std::string html = town::slurp(fs::path(out) / "report.html");
    for (const char* s : {"id=\"layout-costs\"", "id=\"layout-deferred\"", "近期（2025年）", "远期（2035年）", "规划期外",
                          "规划假设"}) {
        EXPECT_TRUE(contains(html, s)) << s;
    }
}

}  // namespace
