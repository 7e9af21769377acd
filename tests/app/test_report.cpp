// report.html and the map: the demo city with three proposed sites (built by
// test_report_fixture.hpp, not by the plan pipeline) rendered in both languages.
#include "report/html_report.hpp"
#include "report/i18n.hpp"
#include "report/svg_map.hpp"
#include "test_report_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <regex>

namespace lc::app {
namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + needle.size())) ++n;
    return n;
}

/// The text of <table id="ID"> ... </table> ("" when absent).
std::string table(const std::string& html, const std::string& id) {
    const auto start = html.find("<table id=\"" + id + "\"");
    if (start == std::string::npos) return {};
    const auto end = html.find("</table>", start);
    return html.substr(start, end - start);
}

/// Rows of the table body.
std::size_t body_rows(const std::string& html, const std::string& id) {
    const std::string t = table(html, id);
    const auto body = t.find("<tbody>");
    return body == std::string::npos ? 0 : count(t.substr(body), "<tr>");
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) n = 1, cp = c & 0x1f;
        else if ((c & 0xf0) == 0xe0) n = 2, cp = c & 0x0f;
        else if ((c & 0xf8) == 0xf0) n = 3, cp = c & 0x07;
        else return false;
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;  // overlong
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += n + 1;
    }
    return true;
}

class ReportTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_run = testing::demo_plan(3);
        if (s_run) {
            s_zh = report_html(*s_run, "zh");
            s_en = report_html(*s_run, "en");
        }
    }
    static void TearDownTestSuite() { s_run.reset(); }
    void SetUp() override {
        if (!s_run) GTEST_SKIP() << "demo city not found (datasets/demo or $LIFECIRCLE_DEMO)";
    }
    static std::optional<PlanRun> s_run;
    static std::string s_zh, s_en;
};
std::optional<PlanRun> ReportTest::s_run;
std::string ReportTest::s_zh, ReportTest::s_en;

TEST_F(ReportTest, FixtureHasSitesBarriersAndABetterAfter) {
    ASSERT_GE(s_run->sites.size(), 2u);  // the demo's uncovered estates need two sites
    EXPECT_GT(s_run->sites[0].added_covered_elderly, 0);
    EXPECT_GT(s_run->after.audit.coverage_rate, s_run->before.audit.coverage_rate);
    std::set<std::string> kinds;
    for (const auto& b : s_run->barriers) kinds.insert(b.kind);
    EXPECT_TRUE(kinds.count("river"));
    EXPECT_TRUE(kinds.count("railway"));
}

TEST_F(ReportTest, MapHasEveryEstateAndEverySite) {
    for (const std::string* html : {&s_zh, &s_en}) {
        EXPECT_EQ(count(*html, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"map\""), 1u);
        EXPECT_EQ(count(*html, "<path class=\"estate "), s_run->before.city.estates.size());
        EXPECT_EQ(count(*html, "<g class=\"proposed-site\""), s_run->sites.size());
        for (int rank = 1; rank <= static_cast<int>(s_run->sites.size()); ++rank) {
            EXPECT_NE(html->find("data-rank=\"" + std::to_string(rank) + "\""), std::string::npos);
        }
        EXPECT_EQ(count(*html, "class=\"facility kind-"), s_run->before.city.facilities.size());
        EXPECT_EQ(count(*html, "<path class=\"service-area\""), s_run->before.audit.coverage.service_areas.size());
        EXPECT_NE(html->find("id=\"scale-bar\""), std::string::npos);
        EXPECT_NE(html->find("id=\"north-arrow\""), std::string::npos);
        EXPECT_NE(html->find("id=\"legend\""), std::string::npos);
        EXPECT_NE(html->find("class=\"barrier river\""), std::string::npos);
        EXPECT_NE(html->find("class=\"barrier railway\""), std::string::npos);
        EXPECT_NE(html->find("stroke-dasharray"), std::string::npos);
    }
    // Failing estates are filled red, passing ones green; uncovered ones hatched.
    std::size_t fail = 0, uncovered = 0;
    for (const auto& e : s_run->before.audit.estates) {
        fail += e.meets_area ? 0 : 1;
        uncovered += e.coverage.covered ? 0 : 1;
    }
    EXPECT_EQ(count(s_en, "<path class=\"estate fail"), fail);
    EXPECT_EQ(count(s_en, "<path class=\"estate pass"), s_run->before.city.estates.size() - fail);
    EXPECT_EQ(count(s_en, " uncovered"), uncovered);
    EXPECT_GT(count(s_en, "newly-covered\""), 0u);
}

TEST_F(ReportTest, TitleNamesProfileAndYear) {
    const auto& st = s_run->before.standards;
    // Each language shows its own half of the bilingual profile title.
    EXPECT_NE(s_zh.find("<title>养老服务设施规划报告 · " + bilingual_part(st.title, "zh") + " · " + std::to_string(st.year)),
              std::string::npos);
    EXPECT_NE(s_en.find("<title>Elderly-care facility plan"), std::string::npos);
    EXPECT_NE(s_zh.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_NE(s_en.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(ReportTest, TablesHaveTheRightRows) {
    const AuditResult& b = s_run->before.audit;
    std::size_t failing = 0;
    for (std::size_t i = 0; i < b.estates.size(); ++i) {
        if (!b.estates[i].meets_area && s_run->before.city.estates[i].households > 0) ++failing;
    }
    auto missing = [](const std::vector<GroupAudit>& g) {
        return static_cast<std::size_t>(std::count_if(g.begin(), g.end(), [](const GroupAudit& x) { return !x.compliant; }));
    };
    ASSERT_GT(failing, 0u);
    for (const std::string* html : {&s_zh, &s_en}) {
        EXPECT_EQ(body_rows(*html, "headline"), 5u);
        EXPECT_EQ(body_rows(*html, "targets"), b.targets.size());
        EXPECT_EQ(body_rows(*html, "districts"), b.districts.size());
        EXPECT_EQ(body_rows(*html, "failing-estates"), failing);
        EXPECT_EQ(body_rows(*html, "proposed-sites"), s_run->sites.size());
        const std::size_t mc = missing(b.communities), ms = missing(b.streets);
        if (mc) {
            EXPECT_EQ(body_rows(*html, "missing-communities"), mc);
        } else {
            EXPECT_NE(html->find("id=\"missing-communities-none\""), std::string::npos);
        }
        if (ms) {
            EXPECT_EQ(body_rows(*html, "missing-streets"), ms);
        } else {
            EXPECT_NE(html->find("id=\"missing-streets-none\""), std::string::npos);
        }
        const auto& w = s_run->before.summary["warnings"];
        if (!w.empty()) {
            const auto ul = html->find("<ul class=\"warnings\" id=\"warnings\">");
            ASSERT_NE(ul, std::string::npos);
            EXPECT_EQ(count(html->substr(ul, html->find("</ul>", ul) - ul), "<li>"), w.size());
        }
    }
}

TEST_F(ReportTest, FailingEstatesSortedByShortfallDescending) {
    const std::string t = table(s_en, "failing-estates");
    std::vector<double> shortfalls;
    const std::regex cell("<td class=\"num fail\">([0-9,]+)</td>");
    for (std::sregex_iterator it(t.begin(), t.end(), cell), end; it != end; ++it) {
        std::string v = (*it)[1];
        v.erase(std::remove(v.begin(), v.end(), ','), v.end());
        shortfalls.push_back(std::stod(v));
    }
    ASSERT_EQ(shortfalls.size(), body_rows(s_en, "failing-estates"));
    EXPECT_TRUE(std::is_sorted(shortfalls.rbegin(), shortfalls.rend()));
}

TEST_F(ReportTest, SitesSayWhyTheyWereChosen) {
    const std::string t = table(s_en, "proposed-sites");
    const auto& s1 = s_run->sites[0];
    EXPECT_NE(t.find(s1.id), std::string::npos);
    EXPECT_NE(t.find(s1.served_estates.front()), std::string::npos);
    EXPECT_NE(t.find("brings " + format_number(s1.added_covered_elderly, 0) + " elderly inside the 15-minute walk"),
              std::string::npos);
    EXPECT_NE(t.find(format_number(s1.recommended_area_m2, 0)), std::string::npos);
    EXPECT_NE(table(s_zh, "proposed-sites").find("名老年人进入15分钟步行圈"), std::string::npos);
}

TEST_F(ReportTest, NumbersFormattedForPeople) {
    const AuditResult& b = s_run->before.audit;
    EXPECT_NE(s_en.find(format_percent(b.coverage_rate)), std::string::npos);
    EXPECT_NE(s_en.find(format_number(b.elderly_covered, 0)), std::string::npos);
    EXPECT_NE(format_number(b.elderly_covered, 0).find(','), std::string::npos);  // the demo has > 1,000
    EXPECT_EQ(format_percent(0.1234), "12.3%");
}

TEST_F(ReportTest, SelfContainedNoUrlsExceptTheSvgNamespace) {
    for (const std::string* html : {&s_zh, &s_en}) {
        std::string rest = *html;
        const std::string ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        for (auto pos = rest.find(ns); pos != std::string::npos; pos = rest.find(ns)) rest.erase(pos, ns.size());
        EXPECT_EQ(rest.find("http://"), std::string::npos);
        EXPECT_EQ(rest.find("https://"), std::string::npos);
        // Scripts only inline: the what-if panel's data and code.
        EXPECT_EQ(count(rest, "<script"), 2u);
        EXPECT_EQ(count(rest, "<script type=\"application/json\" id=\"whatif-data\">"), 1u);
        EXPECT_EQ(rest.find("<link"), std::string::npos);
        EXPECT_EQ(rest.find("@import"), std::string::npos);
        EXPECT_EQ(rest.find("<img"), std::string::npos);
        EXPECT_EQ(rest.find("src="), std::string::npos);
        for (auto pos = rest.find("url("); pos != std::string::npos; pos = rest.find("url(", pos + 4)) {
            EXPECT_EQ(rest.compare(pos, 5, "url(#"), 0) << "only in-page references";
        }
        EXPECT_TRUE(valid_utf8(*html));
        EXPECT_NE(html->find("@media print"), std::string::npos);
        EXPECT_LT(html->size(), 1500000u);
    }
}

TEST_F(ReportTest, LanguageSwitchesLabels) {
    EXPECT_NE(s_zh.find("指标对照"), std::string::npos);
    EXPECT_NE(s_zh.find("图例"), std::string::npos);
    EXPECT_EQ(s_en.find("指标对照"), std::string::npos);
    EXPECT_NE(s_en.find("Targets of the profile"), std::string::npos);
    EXPECT_NE(s_en.find(">Legend<"), std::string::npos);
}

TEST_F(ReportTest, NoSitesAndNoAfterGiveEmptyMarkersNotBrokenTables) {
    PlanRun bare;
    auto plan = testing::demo_plan(0);
    ASSERT_TRUE(plan);
    bare.before = std::move(plan->before);  // nothing proposed, no after run, no barriers
    const std::string html = report_html(bare, "en");
    EXPECT_EQ(count(html, "<path class=\"estate "), bare.before.city.estates.size());
    EXPECT_EQ(count(html, "<g class=\"proposed-site\""), 0u);
    EXPECT_NE(html.find("id=\"proposed-sites-none\""), std::string::npos);
    EXPECT_EQ(body_rows(html, "headline"), 5u);
    EXPECT_EQ(body_rows(html, "targets"), bare.before.audit.targets.size());
    EXPECT_EQ(html.find("newly-covered"), std::string::npos);
    EXPECT_EQ(html.find("class=\"barrier"), std::string::npos);
}

TEST(ReportMap, FrameFlipsYAndRoundsToHalfMetres) {
    MapFrame f{{1000, 2000, 3000, 5000}, 0.5};
    const geo::Point p = f.to_svg({1000.26, 4999.9});
    EXPECT_EQ(f.number(p.x), "0.5");
    EXPECT_EQ(f.number(p.y), "0");
    EXPECT_EQ(f.number(12.74), "12.5");
    EXPECT_EQ(f.number(-0.1), "0");
    const std::vector<geo::Point> ring = {{1000, 2000}, {1010, 2000}, {1010, 2010}, {1000.1, 2010.1}, {1000, 2010}};
    EXPECT_EQ(svg_path_data(geo::Geometry::polygon(ring), f), "M0 3000 10 3000 10 2990 0 2990Z");
    const std::vector<geo::Point> line = {{1000, 2000}, {1100, 2100}};
    EXPECT_EQ(svg_path_data(geo::Geometry::line(line), f), "M0 3000 100 2900");
    EXPECT_EQ(svg_path_data(geo::Geometry::point({1000, 2000}), f), "");
}

TEST(ReportMap, ScaleBarIsARoundLength) {
    EXPECT_EQ(scale_bar_length(1100), 1000);
    EXPECT_EQ(scale_bar_length(999), 500);
    EXPECT_EQ(scale_bar_length(2600), 2500);
    EXPECT_EQ(scale_bar_length(0.3), 1);
    EXPECT_EQ(distance_label(500), "500 m");
    EXPECT_EQ(distance_label(1000), "1 km");
    EXPECT_EQ(distance_label(2500), "2.5 km");
}

TEST(ReportUtf8, Validator) {
    EXPECT_TRUE(valid_utf8("银川 ok"));
    EXPECT_FALSE(valid_utf8(std::string("\xe9\x93", 2)));
    EXPECT_FALSE(valid_utf8("\xc0\xaf"));
}

TEST(ReportI18n, DictionaryAndReasons) {
    EXPECT_EQ(tr("legend", "zh"), "图例");
    EXPECT_EQ(tr("legend", "en"), "Legend");
    EXPECT_EQ(tr("no-such-key", "zh"), "no-such-key");
    EXPECT_EQ(normalise_lang("zh-CN"), "zh");
    EXPECT_EQ(normalise_lang("EN"), "en");
    EXPECT_EQ(kind_label("centre", "zh"), "街道综合养老服务中心");
    EXPECT_EQ(reason_text("no station", "zh"), "社区内无养老服务站");
    EXPECT_EQ(reason_text("no station", "en"), "no station");
    EXPECT_EQ(reason_text("largest station F03 has 280 m² < 300 m²", "zh"), "最大的养老服务站F03建筑面积280 m²，低于300 m²的下限");
    // A street's centres: one line each, each shortfall in the terms of the clause.
    const auto lines = reason_lines("F05: 800 m² < 1,500 m² 12 beds < 30; F06: nursing 50% < 70%", "zh");
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0], "F05：建筑面积800 m²，低于1,500 m²；床位12张，少于30张");
    EXPECT_EQ(lines[1], "F06：护理型床位占比50%，低于70%");
    EXPECT_EQ(reason_lines("F05: 800 m² < 1,500 m²; F06: nursing 50% < 70%", "en"),
              (std::vector<std::string>{"F05: 800 m² < 1,500 m²", "F06: nursing 50% < 70%"}));
    EXPECT_EQ(trf("ce.rule", "zh", {{"area", "20"}}), "每百户不低于20平方米");
    EXPECT_EQ(resolve_lang("", "national"), "en");
    EXPECT_EQ(resolve_lang("", "yinchuan"), "zh");
    EXPECT_EQ(resolve_lang("en", "yinchuan"), "en");
    EXPECT_EQ(html_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    EXPECT_EQ(bilingual_part("银川市实施意见 (Yinchuan: opinions, 2015)", "zh"), "银川市实施意见");
    EXPECT_EQ(bilingual_part("银川市实施意见 (Yinchuan: opinions, 2015)", "en"), "Yinchuan: opinions, 2015");
    EXPECT_EQ(bilingual_part("Plain title (2015)", "zh"), "Plain title (2015)");
}

}  // namespace
}  // namespace lc::app

// The solver's notes of a plan read as Chinese sentences in zh, figures and ids
// kept; in en they are unchanged.
TEST(WarningText, PlanSitingNotesInChinese) {
    using lc::app::warning_text;
    const std::string capacity = "capacities: all the sites together can serve 95.4% of the weight within the radius, "
                                 "below the target 99.1%; solving for 95.4%";
    EXPECT_EQ(warning_text(capacity, "zh"), "容量约束：全部设施合计只能在服务半径内服务95.4%的需求，低于目标99.1%；按95.4%求解");
    EXPECT_EQ(warning_text(capacity, "en"), capacity);
    EXPECT_EQ(warning_text("C073: opened by the mclp solve but serves no estate (each is served by another site within "
                           "its capacity); not proposed",
                           "zh"),
              "C073：模型（mclp）选中但不服务任何小区（各小区已由其他设施在容量内服务），不列入规划布点");
    EXPECT_EQ(warning_text("target 100.0% of the elderly cannot be reached: no candidate or existing site is within the "
                           "threshold of some estates; solving for the coverable 99.1%",
                           "zh"),
              "覆盖目标100.0%无法达到：部分小区在服务半径内既无候选点也无现有设施；按可覆盖的99.1%求解");
}

namespace lc::app {

// --- What if (issue 16): the page's data reproduces the command line's figures ---

namespace {

/// The after city with the what-if sites `on`: the facilities and proposed
/// sites switched on, the candidates switched on built as stations of
/// `station_area` m²; measured in circle mode as the fixture's after run.
struct Measured {
    CoverageResult coverage;
    double rate = 0;
    double g2sfca = 0;
};

Measured measure_with(const PlanRun& run, const std::vector<bool>& on) {
    const WhatIf& w = run.whatif;
    City city = clone_city(run.after.city);
    std::vector<Facility> kept;
    for (std::size_t j = 0; j < w.sites.size(); ++j) {
        if (!on[j]) continue;
        if (j < city.facilities.size()) {
            kept.push_back(std::move(city.facilities[j]));
            continue;
        }
        Facility f;
        f.id = w.sites[j].id;
        f.kind = FacilityKind::station;
        f.building_area = run.before.standards.station_min_area_m2;
        f.point = w.sites[j].point;
        f.geometry = geo::Geometry::point(f.point);
        kept.push_back(std::move(f));
    }
    city.facilities = std::move(kept);
    Measured m;
    m.coverage = circle_coverage(city, run.after.audit.coverage.threshold_m);
    double total = 0, covered = 0;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        total += city.estates[i].elderly;
        covered += city.estates[i].elderly * m.coverage.estates[i].covered_share;
    }
    m.rate = covered / total;
    m.g2sfca = measure_access(city, m.coverage, {}, {}).city.mean_g2sfca;
    return m;
}

}  // namespace

TEST_F(ReportTest, WhatIfWithThePlanOnReproducesTheAfterRun) {
    const WhatIf& w = s_run->whatif;
    ASSERT_FALSE(w.empty());
    const AuditResult& a = s_run->after.audit;
    // Every facility of the after run (existing + proposed), then the unchosen candidates.
    ASSERT_EQ(w.candidates_total, s_run->before.city.candidates.size() - s_run->sites.size());
    EXPECT_EQ(w.candidates_embedded, std::min(w.candidates_total, k_whatif_max_candidates));
    ASSERT_EQ(w.sites.size(), s_run->after.city.facilities.size() + w.candidates_embedded);
    const auto on = whatif_plan_state(w);
    const auto shares = whatif_shares(w, on);
    std::size_t partial = 0, overlapped = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        const double cli = a.estates[i].coverage.covered_share;
        EXPECT_NEAR(shares[i], cli, 1e-9) << s_run->after.city.estates[i].id;
        if (cli > 0.01 && cli < 0.99) ++partial;
        const auto& cells = w.estates[i];
        if (std::any_of(cells.begin(), cells.end(), [](const WhatIfCell& c) { return c.sites.size() >= 2; })) ++overlapped;
    }
    // Real cases: estates partly inside, estates under overlapping service areas.
    EXPECT_GE(partial, 1u);
    EXPECT_GT(overlapped, 20u);
    const WhatIfFigures f = whatif_figures(w, s_run->after.city, on);
    EXPECT_NEAR(f.coverage_rate, a.coverage_rate, 1e-12);
    EXPECT_NEAR(f.elderly_covered, a.elderly_covered, 1e-6);
    EXPECT_NEAR(f.mean_g2sfca, a.access.city.mean_g2sfca, 1e-12 * std::max(1.0, a.access.city.mean_g2sfca));
    EXPECT_NEAR(f.mean_2sfca, a.access.city.mean_2sfca, 1e-12 * std::max(1.0, a.access.city.mean_2sfca));
}

TEST_F(ReportTest, WhatIfSwitchingSitesEqualsMeasuringTheCityAgain) {
    const WhatIf& w = s_run->whatif;
    ASSERT_FALSE(w.empty());
    auto on = whatif_plan_state(w);
    // Off: the first proposed site; on: the first embedded candidate (the most elderly within reach).
    std::size_t proposed = SIZE_MAX, candidate = SIZE_MAX;
    for (std::size_t j = 0; j < w.sites.size(); ++j) {
        if (w.sites[j].role == WhatIfSite::Role::proposed && proposed == SIZE_MAX) proposed = j;
        if (w.sites[j].role == WhatIfSite::Role::candidate && candidate == SIZE_MAX) candidate = j;
    }
    ASSERT_NE(proposed, SIZE_MAX);
    ASSERT_NE(candidate, SIZE_MAX);
    on[proposed] = false;
    on[candidate] = true;
    const Measured m = measure_with(*s_run, on);
    const auto shares = whatif_shares(w, on);
    for (std::size_t i = 0; i < shares.size(); ++i) EXPECT_NEAR(shares[i], m.coverage.estates[i].covered_share, 1e-9);
    const WhatIfFigures f = whatif_figures(w, s_run->after.city, on);
    EXPECT_NEAR(f.coverage_rate, m.rate, 1e-12);
    EXPECT_NEAR(f.mean_g2sfca, m.g2sfca, 1e-12 * std::max(1.0, m.g2sfca));
    EXPECT_NE(f.coverage_rate, s_run->after.audit.coverage_rate);  // the switch changed something
    // Everything off: nothing covered, no accessibility.
    const WhatIfFigures none = whatif_figures(w, s_run->after.city, std::vector<bool>(w.sites.size(), false));
    EXPECT_EQ(none.coverage_rate, 0.0);
    EXPECT_EQ(none.mean_g2sfca, 0.0);
}

TEST_F(ReportTest, WhatIfPanelHasOneCheckboxPerSiteAndItsData) {
    const WhatIf& w = s_run->whatif;
    for (const std::string* html : {&s_zh, &s_en}) {
        EXPECT_EQ(count(*html, "<input type=\"checkbox\" data-site=\""), w.sites.size());
        EXPECT_EQ(count(*html, "class=\"candidate-site\""), w.candidates_embedded);
        EXPECT_NE(html->find("id=\"whatif-coverage\""), std::string::npos);
        EXPECT_NE(html->find("id=\"whatif-reset\""), std::string::npos);
        const auto from = html->find("id=\"whatif-data\">");
        ASSERT_NE(from, std::string::npos);
        const auto to = html->find("</script>", from);
        const std::size_t start = from + std::string("id=\"whatif-data\">").size();
        const std::string data = html->substr(start, to - start);
        EXPECT_EQ(data.find("</"), std::string::npos);
        const auto j = nlohmann::json::parse(data);
        EXPECT_EQ(j["sites"].size(), w.sites.size());
        EXPECT_EQ(j["estates"].size(), s_run->after.city.estates.size());
    }
    // Every id once (the script finds its elements by id).
    for (const std::string* html : {&s_zh, &s_en}) {
        std::map<std::string, int> ids;
        const std::regex id_re("\\sid=\"([^\"]+)\"");
        for (auto it = std::sregex_iterator(html->begin(), html->end(), id_re); it != std::sregex_iterator(); ++it) ++ids[(*it)[1]];
        for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << id;
    }
    EXPECT_NE(s_zh.find("恢复规划方案"), std::string::npos);
    EXPECT_NE(s_en.find("Reset to plan"), std::string::npos);
}

}  // namespace lc::app
