// lifecircle check-estate golden tests on the hand-made town
// (tests/app/town_fixture.hpp): exit 0 when every reviewed estate passes, 1 when
// any fails, 2 on error; one summary line per estate, then its reasons ("  - ")
// and notes ("  · "); --new; --report FILE.md / FILE.html; --json.
// Figures: required = households / 100 x 20 m² (national profile); 900 m circles.
#include "cli_runner.hpp"

#include "app/town_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace town = lc::test::town;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

class CheckEstateCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("check_estate_cli");
        s_files = town::write_plain(s_dir->path());
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static lc::test::CliResult check(std::vector<std::string> extra) {
        auto args = town::cli_inputs(s_files);
        args.insert(args.begin(), "check-estate");
        args.emplace_back("--quiet");
        args.insert(args.end(), extra.begin(), extra.end());
        return lc::test::run_cli(args);
    }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline town::Files s_files;
};

}  // namespace

// E08 新华苑: 1320 households -> 264 m²; no facility; CB is 1600 m away.
TEST_F(CheckEstateCli, FailingEstateExitsOneWithTheReasons) {
    const auto r = check({"--estate", "E08"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_EQ(r.out,
              "E08 新华苑: needs 264 m² (1,320 households × 20 m²/100), has 0 m² (no facility); short by 264 m²: FAIL\n"
              "  - elderly-service building area 0 m² is below the 264 m² required (20 m² per 100 households); "
              "short by 264 m²\n"
              "  · 15-minute circle (circle): nearest facility CB at 1,600 m, outside the 900 m threshold\n");
}

// E02 朝阳苑: 1320 households -> 264 m²; S02 (300 m²) is linked by estate_id
// although it stands inside E03; CA is 500 m away.
TEST_F(CheckEstateCli, PassingEstateExitsZero) {
    const auto r = check({"--estate", "E02"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "E02 朝阳苑: needs 264 m² (1,320 households × 20 m²/100), has 300 m² (station S02 300 m²): pass\n"
              "  · 15-minute circle (circle): nearest facility CA at 500 m, inside the 900 m threshold\n");
}

// E05 阳光小区: 1250 households -> 250 m², and P03 (250 m², mostly inside E05) gives
// exactly that; E07 湖畔新城: 2000 -> 400 m², centre CB 1500 m² built for it.
TEST_F(CheckEstateCli, SeveralPassingEstatesAndTheBoundary) {
    const auto r = check({"--estate", "E05", "--estate", "E07"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(
        r.out, "E05 阳光小区: needs 250 m² (1,250 households × 20 m²/100), has 250 m² (station P03 250 m²): pass\n"));
    EXPECT_TRUE(contains(
        r.out, "E07 湖畔新城: needs 400 m² (2,000 households × 20 m²/100), has 1,500 m² (centre CB 1,500 m²): pass\n"));
}

// E03 春晖园: 900 households -> 180 m²; S02 stands inside it but belongs to E02.
TEST_F(CheckEstateCli, AnyFailureMakesTheExitOne) {
    const auto r = check({"--estate", "E01", "--estate", "E03"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "E01 东风小区: needs 300 m² (1,500 households × 20 m²/100), has 400 m² (station S01 400 m²): pass\n"));
    EXPECT_TRUE(contains(r.out, "E03 春晖园: needs 180 m² (900 households × 20 m²/100), has 0 m² (no facility); short by 180 m²: FAIL\n"));
}

// E06 学府公园 has no households: nothing is required.
TEST_F(CheckEstateCli, ZeroHouseholdsPasses) {
    const auto r = check({"--estate", "E06"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "E06 学府公园: needs 0 m² (0 households × 20 m²/100), has 0 m² (no facility): pass\n"));
    EXPECT_TRUE(contains(r.out, "  · no households: nothing is required\n"));
}

// --new reviews E07 (pass) and E08 (fail), in layer order.
TEST_F(CheckEstateCli, NewReviewsEveryNewEstate) {
    const auto r = check({"--new"});
    EXPECT_EQ(r.status, 1) << r.err;
    const auto e07 = r.out.find("E07 湖畔新城:");
    const auto e08 = r.out.find("E08 新华苑:");
    ASSERT_NE(e07, std::string::npos) << r.out;
    ASSERT_NE(e08, std::string::npos) << r.out;
    EXPECT_LT(e07, e08);
    EXPECT_FALSE(contains(r.out, "E01 ")) << r.out;
}

// With E08 no longer new, --new reviews only E07, which passes.
TEST(CheckEstateCliNew, AllNewEstatesPassingExitsZero) {
    town::TempDir dir("check_estate_new");
    auto est = town::estates();
    est.set("E08", "is_new", town::i(0));
    town::Files f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    auto args = town::cli_inputs(f);
    args.insert(args.begin(), "check-estate");
    args.insert(args.end(), {"--new", "--quiet"});
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "E07 湖畔新城:")) << r.out;
    EXPECT_FALSE(contains(r.out, "E08")) << r.out;
}

TEST_F(CheckEstateCli, UnknownEstateIsAnError) {
    const auto r = check({"--estate", "E99"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "E99")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CheckEstateCli, NoEstateNamedIsAnError) {
    const auto r = check({});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "--estate")) << r.err;
    EXPECT_TRUE(contains(r.err, "--new")) << r.err;
}

TEST_F(CheckEstateCli, JsonVerdicts) {
    const auto r = check({"--estate", "E08", "--estate", "E02", "--json"});
    EXPECT_EQ(r.status, 1) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 2U);
    EXPECT_EQ(j[0]["id"], "E08");
    EXPECT_EQ(j[0]["pass"], false);
    EXPECT_DOUBLE_EQ(j[0]["required_area_m2"].get<double>(), 264.0);
    EXPECT_DOUBLE_EQ(j[0]["shortfall_m2"].get<double>(), 264.0);
    EXPECT_EQ(j[1]["id"], "E02");
    EXPECT_EQ(j[1]["pass"], true);
    EXPECT_DOUBLE_EQ(j[1]["provided_area_m2"].get<double>(), 300.0);
}

TEST_F(CheckEstateCli, MarkdownReport) {
    const auto report = s_dir->path() / "review.md";
    const auto r = check({"--estate", "E08", "--report", report.string()});
    EXPECT_EQ(r.status, 1) << r.err;
    const std::string md = town::slurp(report);
    EXPECT_TRUE(contains(md, "# Completion-acceptance review: E08 新华苑\n")) << md;
    EXPECT_TRUE(contains(md, "**Result: FAIL**")) << md;
    EXPECT_TRUE(contains(md, "| households | 1,320 |")) << md;
    EXPECT_TRUE(contains(md, "| required building area | 264 m² (20 m² per 100 households) |")) << md;
    EXPECT_TRUE(contains(md, "| shortfall | 264 m² |")) << md;
    EXPECT_TRUE(contains(md, "| community / street / district | 新华社区 / 东湖街道 / 东城区 |")) << md;
    EXPECT_TRUE(town::entries_starting(s_dir->path(), "review.md.tmp").empty());
}

// --lang zh: the review in the terms of the clause. E08 新华苑 has 1,320
// households: 1,320 / 100 × 20 m² = 264 m² required, none provided, short by 264.
TEST_F(CheckEstateCli, ChineseReviewCitesTheClause) {
    const auto report = s_dir->path() / "review_zh.md";
    const auto r = check({"--estate", "E08", "--report", report.string(), "--lang", "zh"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "E08 新华苑：应配264 m²（1,320户，每百户20 m²），已配0 m²")) << r.out;
    EXPECT_TRUE(contains(r.out, "；缺口264 m²——不合格\n")) << r.out;
    EXPECT_TRUE(contains(r.out, "  - 养老服务用房建筑面积0 m²，低于应配的264 m²（每百户不低于20平方米），缺口264 m²\n")) << r.out;
    const std::string md = town::slurp(report);
    EXPECT_TRUE(contains(md, "# 竣工验收审查：E08 新华苑\n")) << md;
    EXPECT_TRUE(contains(md, "**审查结论：不合格**")) << md;
    EXPECT_TRUE(contains(md, "| 应配养老服务用房建筑面积 | 264 m²（每百户不低于20平方米） |")) << md;
    EXPECT_TRUE(contains(md, "| 缺口 | 264 m² |")) << md;
    // The national profile's Chinese source of the rule.
    EXPECT_TRUE(contains(md, "条文依据：多省新建小区通行规定：每百户不低于20平方米建筑面积")) << md;
    EXPECT_TRUE(contains(md, "审查人：")) << md;
    EXPECT_FALSE(contains(md, "FAIL")) << md;
}

TEST_F(CheckEstateCli, HtmlReport) {
    const auto report = s_dir->path() / "review.html";
    const auto r = check({"--estate", "E02", "--estate", "E08", "--report", report.string()});
    EXPECT_EQ(r.status, 1) << r.err;
    const std::string html = town::slurp(report);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
    EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(contains(html, "E02 朝阳苑"));
    EXPECT_TRUE(contains(html, "Result: PASS"));
    EXPECT_TRUE(contains(html, "Result: FAIL"));
    EXPECT_TRUE(contains(html, "<tr><th>shortfall</th><td>264 m²</td></tr>"));
    EXPECT_FALSE(contains(html, "http://")) << "the page must be self-contained";
}

TEST_F(CheckEstateCli, ReportWithAnotherExtensionIsAnError) {
    const auto report = s_dir->path() / "review.txt";
    const auto r = check({"--estate", "E02", "--report", report.string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "--report")) << r.err;
    EXPECT_FALSE(fs::exists(report));
}

// A bad input is an error (2), never a "not compliant" answer (1).
TEST(CheckEstateCliErrors, BadInputExitsTwo) {
    town::TempDir dir("check_estate_bad");
    auto est = town::estates();
    est.set("E08", "households", town::i(-1));
    town::Files f{dir.str("estates.geojson"), dir.str("facilities.geojson"), dir.str("districts.geojson")};
    town::write(f.estates, est, "GeoJSON");
    town::write(f.facilities, town::facilities(), "GeoJSON");
    town::write(f.districts, town::districts(), "GeoJSON");
    auto args = town::cli_inputs(f);
    args.insert(args.begin(), "check-estate");
    const auto report = dir.path() / "review.md";
    args.insert(args.end(), {"--estate", "E08", "--quiet", "--report", report.string()});
    const auto r = lc::test::run_cli(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "feature E08")) << r.err;
    EXPECT_TRUE(contains(r.err, "field 'households'")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(report));
}

TEST_F(CheckEstateCli, ReportIntoAMissingFolderIsAnError) {
    const auto report = s_dir->path() / "no_such_folder" / "review.md";
    const auto r = check({"--estate", "E02", "--report", report.string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "review.md")) << r.err;
    EXPECT_FALSE(fs::exists(report.parent_path()));
}

// --set estate.min_single_site_area_m2=350: E01's S01 (400 m²) reaches it; E02
// has enough area (300 >= 264) but its only facility S02 (300 m²) is below 350.
TEST_F(CheckEstateCli, MinimumSingleSite) {
    const auto r = check({"--estate", "E01", "--estate", "E02", "--set", "estate.min_single_site_area_m2=350"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "E01 东风小区: needs 300 m² (1,500 households × 20 m²/100), has 400 m² (station S01 400 m²): pass\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "E02 朝阳苑: needs 264 m² (1,320 households × 20 m²/100), has 300 m² (station S02 300 m²): FAIL\n"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "  - no single facility reaches the minimum site of 350 m²\n")) << r.out;
}

// A stricter profile figure: 30 m² per 100 households makes E02 need 396 m² > 300.
TEST_F(CheckEstateCli, StricterAreaPer100Households) {
    const auto r = check({"--estate", "E02", "--set", "estate.area_per_100_households_m2=30"});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "E02 朝阳苑: needs 396 m² (1,320 households × 30 m²/100), has 300 m² (station S02 300 m²); "
                                "short by 96 m²: FAIL\n"))
        << r.out;
}
