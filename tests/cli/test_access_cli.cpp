// Accessibility and equity end to end on the demo (docs/accessibility.md):
// the estates layers' fields, summary.json `accessibility` and `equity` in
// audit and in plan (before and after), and the report's Lorenz charts.
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;
using lc::test::fresh_dir;
using lc::test::run_cli;
using lc::test::slurp;

namespace {

const fs::path k_source = LC_TEST_SOURCE_DIR;

using lc::test::demo_present;

bool finite_number(const nlohmann::json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

/// `accessibility` and `equity` of a summary (or of its before / after): every
/// mean finite and >= 0, every Gini in [0, 1], one row per district.
void expect_access_keys(const nlohmann::json& s, std::size_t districts, const std::string& where) {
    SCOPED_TRACE(where);
    ASSERT_TRUE(s.contains("accessibility"));
    ASSERT_TRUE(s.contains("equity"));
    const auto& a = s["accessibility"];
    const auto& e = s["equity"];
    EXPECT_TRUE(finite_number(a["d0_m"]));
    for (const char* k : {"mean_g2sfca", "mean_beds_g2sfca", "mean_2sfca"}) {
        ASSERT_TRUE(finite_number(a[k])) << k;
        EXPECT_GE(a[k].get<double>(), 0.0) << k;
    }
    // The demo has stations near its elderly and institutions with beds: both positive.
    EXPECT_GT(a["mean_g2sfca"].get<double>(), 0.0);
    EXPECT_GT(a["mean_beds_g2sfca"].get<double>(), 0.0);
    for (const char* k : {"gini_access", "gini_distance"}) {
        ASSERT_TRUE(finite_number(e[k])) << k;
        EXPECT_GE(e[k].get<double>(), 0.0) << k;
        EXPECT_LE(e[k].get<double>(), 1.0) << k;
    }
    EXPECT_TRUE(e["estates_unreached"].is_number_integer());
    ASSERT_EQ(a["districts"].size(), districts);
    ASSERT_EQ(e["districts"].size(), districts);
    for (std::size_t k = 0; k < districts; ++k) {
        EXPECT_EQ(a["districts"][k]["id"], e["districts"][k]["id"]);
        EXPECT_TRUE(finite_number(a["districts"][k]["mean_g2sfca"])) << a["districts"][k];
        const auto& g = e["districts"][k]["gini_access"];
        if (!g.is_null()) {  // null: a district with no accessibility to share
            EXPECT_GE(g.get<double>(), 0.0);
            EXPECT_LE(g.get<double>(), 1.0);
        }
    }
}

/// Σ building area of the demo's facilities other than institutions, and their beds.
std::pair<double, double> demo_supply() {
    const auto fac = nlohmann::json::parse(slurp(k_source / "datasets/demo/facilities.geojson"));
    double area = 0, beds = 0;
    for (const auto& f : fac["features"]) {
        const auto& p = f["properties"];
        if (p["kind"] == "institution") beds += p["beds"].get<double>();
        else area += p["building_area"].get<double>();
    }
    return {area, beds};
}

}  // namespace

TEST(AccessCli, AuditDemoWritesAccessibilityAndEquity) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const auto r = run_cli({"audit", "--demo", "--json", "--quiet"}, k_source.string());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = nlohmann::json::parse(r.out);
    expect_access_keys(s, s["districts"].size(), "audit");
    EXPECT_EQ(s["accessibility"]["d0_m"], s["threshold_m"]);
    // Supply is shared out, never made: Σ elderly × mean = the supply of the facilities
    // that reach some elderly (at most all of it; docs/accessibility.md).
    const auto [area, beds] = demo_supply();
    const double elderly = s["elderly_total"].get<double>();
    // On the demo every facility reaches some elderly: all of it, 22,490 m² and 1,280 beds
    // (the means are rounded to 6 decimals: x 128,433 elderly, within 0.1).
    EXPECT_NEAR(s["accessibility"]["mean_g2sfca"].get<double>() * elderly, area, 0.1);
    EXPECT_NEAR(s["accessibility"]["mean_2sfca"].get<double>() * elderly, area, 0.1);
    EXPECT_NEAR(s["accessibility"]["mean_beds_g2sfca"].get<double>() * elderly, beds, 0.1);
    // Network mode: the estates with no facility within the walk are the unreached of the distance Gini.
    EXPECT_EQ(s["mode"], "network");
}

TEST(AccessCli, PlanDemoBeforeAndAfter) {
    if (!demo_present()) GTEST_SKIP() << "datasets/demo is absent";
    const fs::path dir = fresh_dir("access", "plan");
    const auto r = run_cli({"plan", "--out", (dir / "out").string(), "--quiet"}, k_source.string());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto s = nlohmann::json::parse(slurp(dir / "out" / "summary.json"));
    const std::size_t n = s["districts"].size();
    expect_access_keys(s, n, "top level");
    expect_access_keys(s["before"], n, "before");
    expect_access_keys(s["after"], n, "after");
    EXPECT_EQ(s["before"]["accessibility"], s["accessibility"]);
    EXPECT_EQ(s["before"]["equity"], s["equity"]);
    // New stations add floor area within reach of the elderly they serve: the mean rises
    // by their recommended areas over the elderly (supply is conserved); no institution
    // is added: the beds stay.
    double added = 0;
    for (const auto& site : s["proposed_sites"]) added += site["recommended_area_m2"].get<double>();
    EXPECT_GT(added, 0.0);
    EXPECT_NEAR((s["after"]["accessibility"]["mean_g2sfca"].get<double>() -
                 s["before"]["accessibility"]["mean_g2sfca"].get<double>()) * s["elderly_total"].get<double>(),
                added, 0.2);
    EXPECT_EQ(s["after"]["accessibility"]["mean_beds_g2sfca"], s["before"]["accessibility"]["mean_beds_g2sfca"]);

    // The estates layers carry the three values, finite and >= 0, on every estate.
    for (const char* layer : {"estates.geojson", "estates_after.geojson"}) {
        const auto j = nlohmann::json::parse(slurp(dir / "out" / layer));
        ASSERT_FALSE(j["features"].empty()) << layer;
        double weighted = 0, elderly = 0;
        for (const auto& f : j["features"]) {
            const auto& p = f["properties"];
            for (const char* k : {"access_g2sfca", "access_beds_g2sfca", "access_2sfca"}) {
                ASSERT_TRUE(finite_number(p[k])) << layer << " " << p["id"] << " " << k;
                EXPECT_GE(p[k].get<double>(), 0.0) << layer << " " << p["id"] << " " << k;
            }
            weighted += p["elderly"].get<double>() * p["access_g2sfca"].get<double>();
            elderly += p["elderly"].get<double>();
        }
        // The summary's mean is these values weighted by the elderly (rounded to 6 decimals each).
        const auto& acc = std::string(layer) == "estates.geojson" ? s["before"] : s["after"];
        EXPECT_NEAR(weighted / elderly, acc["accessibility"]["mean_g2sfca"].get<double>(), 1e-5) << layer;
    }

    // The report: the section, its table and both Lorenz charts with a before and an after curve.
    const std::string html = slurp(dir / "out" / "report.html");
    EXPECT_NE(html.find("<section id=\"access-section\">"), std::string::npos);
    EXPECT_NE(html.find("<table id=\"access\">"), std::string::npos);
    for (const char* id : {"lorenz-access", "lorenz-distance"}) {
        const auto at = html.find(std::string("id=\"") + id + "\"");
        ASSERT_NE(at, std::string::npos) << id;
        const auto end = html.find("</svg>", at);
        const std::string svg = html.substr(at, end - at);
        EXPECT_NE(svg.find("class=\"lorenz-before\""), std::string::npos) << id;
        EXPECT_NE(svg.find("class=\"lorenz-after\""), std::string::npos) << id;
        EXPECT_NE(svg.find("class=\"lorenz-equality\""), std::string::npos) << id;
    }
    EXPECT_NE(html.find("可达性基尼系数"), std::string::npos);  // the demo's profile is Chinese

    // One Lorenz chart per district (the demo's three), before and after, captioned
    // with the district's Gini of accessibility from summary.json's equity.
    const auto& districts = s["before"]["equity"]["districts"];
    ASSERT_EQ(districts.size(), 3u);
    for (std::size_t k = 0; k < districts.size(); ++k) {
        const std::string id = "lorenz-access-d" + std::to_string(k + 1);
        const auto at = html.find("id=\"" + id + "\"");
        ASSERT_NE(at, std::string::npos) << id;
        const std::string svg = html.substr(at, html.find("</svg>", at) - at);
        EXPECT_NE(svg.find("class=\"lorenz-before\""), std::string::npos) << id;
        EXPECT_NE(svg.find("class=\"lorenz-after\""), std::string::npos) << id;
        const auto caption = html.rfind("<figcaption>", at);
        const std::string text = html.substr(caption, html.find("</figcaption>", caption) - caption);
        char gini[32];
        std::snprintf(gini, sizeof gini, "%.3f → %.3f", districts[k]["gini_access"].get<double>(),
                      s["after"]["equity"]["districts"][k]["gini_access"].get<double>());
        EXPECT_NE(text.find(gini), std::string::npos) << id << ": " << text;
    }
}
