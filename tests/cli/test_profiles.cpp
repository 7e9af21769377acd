// lifecircle profiles: golden facts of the list, one profile, --year, --set, --json, errors.
#include "cli_runner.hpp"

#include "report/text_table.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// The line of `text` whose first word is `first`.
std::string line_starting(const std::string& text, const std::string& first) {
    for (const auto& l : lines_of(text)) {
        if (l.rfind(first + " ", 0) == 0) return l;
    }
    return {};
}

}  // namespace

TEST(ProfilesCli, ListsTheSixProfiles) {
    const auto r = lc::test::run_cli({"profiles"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 8U) << r.out;  // header, rule, six profiles
    for (const char* name : {"national", "yinchuan", "xian", "baotou", "wuzhong", "jinzhong"}) {
        EXPECT_FALSE(line_starting(r.out, name).empty()) << name << "\n" << r.out;
    }
    EXPECT_TRUE(contains(line_starting(r.out, "yinchuan"), "2015, 2017, 2020"));
    EXPECT_TRUE(contains(line_starting(r.out, "xian"), "西安市"));
}

// Columns line up by display width although places mix Chinese and Latin text.
TEST(ProfilesCli, ListColumnsAlignWithChineseText) {
    const auto r = lc::test::run_cli({"profiles"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_GE(lines.size(), 3U);
    const auto title_col = lc::app::display_width(lines[0].substr(0, lines[0].find("title")));
    for (std::size_t i = 2; i < lines.size(); ++i) {
        // The title cell of each row starts with its Chinese title; find where the
        // place cell ends (the first run of two spaces after the place).
        const auto& l = lines[i];
        const auto name_end = l.find("  ");
        const auto place_start = l.find_first_not_of(' ', name_end);
        const auto place_end = l.find("  ", place_start);
        const auto title_start = l.find_first_not_of(' ', place_end);
        EXPECT_EQ(lc::app::display_width(l.substr(0, title_start)), title_col) << l;
        EXPECT_NE(lc::app::display_width(l.substr(0, title_start)), title_start) << "expected wide characters: " << l;
    }
}

TEST(ProfilesCli, XianShows1500AndItsSource) {
    const auto r = lc::test::run_cli({"profiles", "xian"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    const auto line = line_starting(r.out, "facility.centre.min_building_area_m2");
    EXPECT_TRUE(contains(line, "1500")) << r.out;
    EXPECT_TRUE(contains(line, "001 篇五")) << line;
    EXPECT_TRUE(contains(line, "1500平方米")) << line;
    EXPECT_TRUE(contains(r.out, "threshold  900 m")) << r.out;
}

TEST(ProfilesCli, YearShowsResolvedValues) {
    // yinchuan.toml: beds.per_1000_elderly = { 2015 = 30, 2017 = 32, 2020 = 35 }
    const auto r = lc::test::run_cli({"profiles", "yinchuan", "--year", "2018"});
    EXPECT_EQ(r.status, 0) << r.err;
    const auto line = line_starting(r.out, "beds.per_1000_elderly");
    EXPECT_TRUE(contains(line, " 32  2017  2015: 30, 2017: 32, 2020: 35")) << line;
    const auto early = lc::test::run_cli({"profiles", "yinchuan", "--year", "2010"});
    EXPECT_EQ(early.status, 0) << early.err;
    // 2010 precedes the first keyed year: no target in force, the 2015 one upcoming (issue 14).
    const auto early_line = line_starting(early.out, "beds.per_1000_elderly");
    EXPECT_TRUE(contains(early_line, " -  from 2015  2015: 30")) << early_line;
    EXPECT_TRUE(contains(early.out, "upcoming (keyed years after 2010, not in force yet)")) << early.out;
    EXPECT_TRUE(contains(line_starting(early.out, "  beds.per_1000_elderly"), "30   from 2015")) << early.out;  // the first of three rows
}

TEST(ProfilesCli, JsonWithSetAndYear) {
    const auto r = lc::test::run_cli({"profiles", "baotou", "--json", "--year", "2021", "--set", "walking.speed_mps=0.8"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["profile"], "baotou");
    EXPECT_EQ(j["year"], 2021);
    EXPECT_DOUBLE_EQ(j["threshold_m"].get<double>(), 720.0);
    EXPECT_DOUBLE_EQ(j["figures"]["land.per_capita_min_m2"]["value"].get<double>(), 0.15);
    EXPECT_TRUE(contains(j["figures"]["land.per_capita_min_m2"]["source"].get<std::string>(), "003"));
    EXPECT_EQ(j["figures"]["coverage.rural"]["values"]["2022"], 1.0);
    EXPECT_EQ(j["standards"]["station_min_area_m2"], 100.0);
    EXPECT_EQ(j["standards"]["nursing_bed_share"], nullptr);
    EXPECT_EQ(j["figures"]["walking.speed_mps"]["defined_in"], "--set");
}

TEST(ProfilesCli, ListAsJson) {
    const auto r = lc::test::run_cli({"profiles", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), 6U);
    EXPECT_EQ(j[0]["name"], "national");
}

TEST(ProfilesCli, UnknownNameExits2WithValidNames) {
    const auto r = lc::test::run_cli({"profiles", "atlantis"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    for (const char* name : {"atlantis", "national", "yinchuan", "xian", "baotou", "wuzhong", "jinzhong"}) {
        EXPECT_TRUE(contains(r.err, name)) << r.err;
    }
}

TEST(ProfilesCli, BadSetAndYearExit2) {
    auto r = lc::test::run_cli({"profiles", "xian", "--set", "facility.centre.min_bed=20"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "facility.centre.min_beds")) << r.err;
    r = lc::test::run_cli({"profiles", "xian", "--set", "walking.minutes=abc"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "walking.minutes")) << r.err;
    r = lc::test::run_cli({"profiles", "xian", "--set", "walking.minutes"});
    EXPECT_EQ(r.status, 2);
    r = lc::test::run_cli({"profiles", "xian", "--year", "1800"});
    EXPECT_EQ(r.status, 2);
    r = lc::test::run_cli({"profiles", "--year", "2020"});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "NAME")) << r.err;
}
