// Standards profiles: loading, inheritance, year resolution, --set overrides and
// malformed files. Expected figures are read by hand from datasets/profiles/*.toml
// (which cite the seeds in shared/seeds and the national standards).
#include "standards/profile.hpp"

#include "lc/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using lc::app::Overrides;
using lc::app::Profile;
using lc::app::Standards;

namespace {

const std::vector<std::string> k_profiles = {"national", "yinchuan", "xian", "baotou", "wuzhong", "jinzhong"};

/// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = fs::temp_directory_path() /
                 ("lc_profile_" + std::string{info->test_suite_name()} + "_" + info->name() + "_" + std::to_string(::getpid()));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }
    fs::path write(const std::string& name, const std::string& text) const {
        const auto p = m_path / name;
        std::ofstream(p) << text;
        return p;
    }

private:
    fs::path m_path;
};

/// Sets LIFECIRCLE_PROFILES for the scope of a test.
class EnvGuard {
public:
    explicit EnvGuard(const std::string& value) { ::setenv("LIFECIRCLE_PROFILES", value.c_str(), 1); }
    ~EnvGuard() { ::unsetenv("LIFECIRCLE_PROFILES"); }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
};

/// The message of the lc::InputError `f` throws ("" when it throws nothing).
template <class F>
std::string input_error(F&& f) {
    try {
        f();
    } catch (const lc::InputError& e) {
        return e.what();
    }
    return {};
}

template <class F>
std::string argument_error(F&& f) {
    try {
        f();
    } catch (const lc::ArgumentError& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

// --- loading ---------------------------------------------------------------

class EachProfile : public ::testing::TestWithParam<std::string> {};

TEST_P(EachProfile, LoadsAndResolves) {
    const auto p = Profile::load(GetParam());
    EXPECT_EQ(p.name(), GetParam());
    EXPECT_FALSE(p.title().empty());
    EXPECT_FALSE(p.place().empty());
    EXPECT_GE(p.default_year(), 2015);
    const Standards s = p.resolve();
    EXPECT_EQ(s.profile, GetParam());
    EXPECT_EQ(s.year, p.default_year());
    EXPECT_GT(s.land_per_capita_min_m2, 0.0);
    EXPECT_GE(s.land_per_capita_max_m2, s.land_per_capita_min_m2);
    EXPECT_DOUBLE_EQ(s.area_per_100_households_m2, 20.0);
    EXPECT_DOUBLE_EQ(s.walking_minutes, 15.0);
    EXPECT_DOUBLE_EQ(s.walking_speed_mps, 1.0);
    EXPECT_DOUBLE_EQ(s.threshold_m(), 900.0);
    EXPECT_DOUBLE_EQ(s.coverage_target, 1.0);
    EXPECT_DOUBLE_EQ(s.elderly_share_default, 0.187);
    EXPECT_EQ(s.facility_kinds, (std::vector<std::string>{"station", "day_care", "centre", "institution", "rural_home"}));
}

// Every figure of STANDARDS.md's four core checks is present, with a source.
TEST_P(EachProfile, CoreChecksHaveValuesAndSources) {
    const auto p = Profile::load(GetParam());
    for (const char* key : {"land.per_capita_min_m2", "land.per_capita_max_m2", "estate.area_per_100_households_m2",
                            "coverage.target_15min", "walking.minutes", "walking.speed_mps",
                            "facility.station.min_building_area_m2", "facility.station.min_day_care_beds",
                            "facility.centre.min_building_area_m2", "facility.centre.min_beds",
                            "facility.centre.min_nursing_share", "facility.institution.public_bed_share",
                            "population.elderly_share_default"}) {
        ASSERT_TRUE(p.has(key)) << GetParam() << ": " << key;
        EXPECT_FALSE(p.source(key).empty()) << GetParam() << ": " << key;
    }
    for (const auto* fig : p.figures()) {
        EXPECT_FALSE(fig->source.empty()) << GetParam() << ": " << fig->key;
    }
}

INSTANTIATE_TEST_SUITE_P(Profiles, EachProfile, ::testing::ValuesIn(k_profiles),
                         [](const auto& param) { return param.param; });

TEST(Profile, ListsTheSixProfilesNationalFirst) {
    const auto list = lc::app::list_profiles();
    ASSERT_EQ(list.size(), 6U);
    EXPECT_EQ(list.front().name, "national");
    std::vector<std::string> names;
    for (const auto& s : list) names.push_back(s.name);
    for (const auto& n : k_profiles) EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
    for (const auto& s : list) {
        if (s.name == "yinchuan") {
            EXPECT_EQ(s.years, (std::vector<int>{2015, 2017, 2020}));
        } else if (s.name == "xian") {
            EXPECT_EQ(s.years, (std::vector<int>{2022, 2025}));
        } else if (s.name == "national") {
            EXPECT_TRUE(s.years.empty());
        }
    }
}

TEST(Profile, NationalFigures) {
    const auto s = Profile::load("national").resolve();
    EXPECT_DOUBLE_EQ(s.land_per_capita_min_m2, 0.1);
    EXPECT_DOUBLE_EQ(s.land_per_capita_max_m2, 0.3);
    EXPECT_DOUBLE_EQ(s.station_min_area_m2, 300.0);
    EXPECT_EQ(s.station_min_day_care_beds, 10);
    EXPECT_DOUBLE_EQ(s.centre_min_area_m2, 1500.0);
    EXPECT_EQ(s.centre_min_beds, 30);
    EXPECT_DOUBLE_EQ(s.centre_min_nursing_share, 0.7);
    EXPECT_DOUBLE_EQ(s.institution_public_bed_share, 0.01);
    EXPECT_EQ(s.beds_per_1000_elderly, 40.0);  // GB 50437 3.2.1
    EXPECT_FALSE(s.nursing_bed_share.has_value());
    EXPECT_FALSE(s.community_station_coverage.has_value());
    EXPECT_FALSE(s.min_single_site_area_m2.has_value());
    EXPECT_TRUE(s.notes.empty());
}

TEST(Profile, XianFiguresAndSources) {
    const auto p = Profile::load("xian");
    const auto s = p.resolve(2025);
    EXPECT_DOUBLE_EQ(s.centre_min_area_m2, 1500.0);
    EXPECT_NE(p.source("facility.centre.min_building_area_m2").find("001 篇五"), std::string::npos);
    EXPECT_EQ(s.nursing_bed_share, 0.60);
    EXPECT_EQ(s.community_station_coverage, 0.9);
    EXPECT_EQ(s.street_centre_coverage, 0.7);
    EXPECT_EQ(s.rural_coverage, 0.8);
    EXPECT_EQ(s.new_estate_compliance, 1.0);
    EXPECT_DOUBLE_EQ(p.number("facility.rural_home.min_building_area_m2"), 100.0);
    EXPECT_DOUBLE_EQ(p.number("facility.rural_home.min_day_care_beds"), 8.0);
}

TEST(Profile, LoadsByPath) {
    const auto path = lc::app::profiles_dir() / "baotou.toml";
    const auto p = Profile::load(path.string());
    EXPECT_EQ(p.name(), "baotou");
    EXPECT_DOUBLE_EQ(p.resolve().land_per_capita_min_m2, 0.15);
}

TEST(Profile, UnknownNameListsValidNames) {
    const auto msg = argument_error([] { (void)Profile::load("atlantis"); });
    EXPECT_TRUE(contains(msg, "atlantis")) << msg;
    for (const auto& n : k_profiles) EXPECT_TRUE(contains(msg, n)) << msg;
    EXPECT_FALSE(argument_error([] { (void)Profile::load("/no/such/profile.toml"); }).empty());
}

// --- inheritance -------------------------------------------------------------

TEST(Profile, LocalProfilesInheritFromNational) {
    const auto w = Profile::load("wuzhong");
    EXPECT_EQ(w.lineage(), (std::vector<std::string>{"wuzhong", "national"}));
    EXPECT_EQ(w.figure("land.per_capita_min_m2").defined_in, "national");  // Wuzhong's document has no land figure
    EXPECT_EQ(w.figure("estate.area_per_100_households_m2").defined_in, "wuzhong");
    EXPECT_DOUBLE_EQ(w.number("land.per_capita_min_m2"), 0.1);

    const auto b = Profile::load("baotou");
    EXPECT_EQ(b.figure("land.per_capita_min_m2").defined_in, "baotou");
    EXPECT_DOUBLE_EQ(b.number("land.per_capita_min_m2"), 0.15);                 // 003 §二(一)
    EXPECT_DOUBLE_EQ(b.number("land.per_capita_max_m2"), 0.3);                  // inherited
    EXPECT_DOUBLE_EQ(b.number("facility.station.min_building_area_m2"), 100.0);  // 003 §三(一)
    EXPECT_DOUBLE_EQ(b.number("facility.day_care.min_building_area_m2"), 150.0);
    EXPECT_DOUBLE_EQ(b.number("facility.centre.min_building_area_m2"), 1500.0);  // inherited
    EXPECT_EQ(b.facility_label("station"), "社区养老服务站 (community station)");
}

TEST(Profile, ThreeLevelInheritanceInTempDir) {
    TempDir dir;
    dir.write("region.toml", R"(name = "region"
inherits = "national"
title = "region"
[beds.per_1000_elderly]
values = { 2018 = 33, 2022 = 36 }
source = "region doc §1"
)");
    dir.write("town.toml", R"(name = "town"
inherits = "region"
place = "town"
default_year = 2023
[facility.station.min_building_area_m2]
value = 250
source = "town doc §2"
)");
    const auto p = Profile::load((dir.path() / "town.toml").string());
    EXPECT_EQ(p.lineage(), (std::vector<std::string>{"town", "region", "national"}));
    EXPECT_EQ(p.title(), "region");
    EXPECT_EQ(p.place(), "town");
    const auto s = p.resolve();
    EXPECT_EQ(s.year, 2023);
    EXPECT_EQ(s.beds_per_1000_elderly, 36.0);
    EXPECT_DOUBLE_EQ(s.station_min_area_m2, 250.0);
    EXPECT_DOUBLE_EQ(s.centre_min_area_m2, 1500.0);
    EXPECT_EQ(p.figure("beds.per_1000_elderly").defined_in, "region");
}

TEST(Profile, InheritanceCycleIsInputError) {
    TempDir dir;
    dir.write("a.toml", "inherits = \"b\"\n");
    dir.write("b.toml", "inherits = \"a\"\n");
    const auto msg = input_error([&] { (void)Profile::load((dir.path() / "a.toml").string()); });
    EXPECT_TRUE(contains(msg, "cycle")) << msg;
    EXPECT_TRUE(contains(msg, "inherits")) << msg;
}

TEST(Profile, EnvironmentVariablePointsElsewhere) {
    TempDir dir;
    fs::copy_file(fs::path{LC_TEST_SOURCE_DIR} / "datasets/profiles/national.toml", dir.path() / "national.toml");
    dir.write("mytown.toml", "inherits = \"national\"\ntitle = \"My town\"\n");
    EnvGuard env(dir.path().string());
    const auto names = lc::app::profile_names();
    EXPECT_EQ(names, (std::vector<std::string>{"national", "mytown"}));
    EXPECT_EQ(Profile::load("mytown").title(), "My town");
    EXPECT_EQ(lc::app::profiles_dir(), dir.path());
}

// --- year resolution ---------------------------------------------------------

// yinchuan.toml: beds.per_1000_elderly = { 2015 = 30, 2017 = 32, 2020 = 35 }.
TEST(ProfileYear, YinchuanBedsBeforeBetweenAndAfterKeyedYears) {
    const auto p = Profile::load("yinchuan");
    // Before every key: the earliest (2015), with a note.
    auto r = p.resolved("beds.per_1000_elderly", 2010);
    EXPECT_DOUBLE_EQ(r.value, 30.0);
    EXPECT_EQ(r.year, 2015);
    EXPECT_TRUE(contains(r.note, "2010")) << r.note;
    // On and between keys: the latest year <= the requested one.
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly", 2015), 30.0);
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly", 2016), 30.0);
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly", 2017), 32.0);
    EXPECT_EQ(p.value_year("beds.per_1000_elderly", 2019), 2017);
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly", 2019), 32.0);
    r = p.resolved("beds.per_1000_elderly", 2020);
    EXPECT_DOUBLE_EQ(r.value, 35.0);
    EXPECT_TRUE(r.note.empty());
    // After every key: the latest.
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly", 2030), 35.0);
    EXPECT_EQ(p.value_year("beds.per_1000_elderly", 2030), 2020);
    // Default year of yinchuan.toml is 2020.
    EXPECT_DOUBLE_EQ(p.number("beds.per_1000_elderly"), 35.0);
    // A figure without years has no year.
    EXPECT_FALSE(p.value_year("land.per_capita_min_m2", 2016).has_value());
}

// yinchuan.toml: coverage.community_station {2015 = 0.8, 2017 = 1.0, 2020 = 1.0},
// coverage.rural {2015 = 0.5, 2017 = 0.6, 2020 = 0.8}.
TEST(ProfileYear, YinchuanStandardsFor2016) {
    const auto s = Profile::load("yinchuan").resolve(2016);
    EXPECT_EQ(s.year, 2016);
    EXPECT_EQ(s.beds_per_1000_elderly, 30.0);
    EXPECT_EQ(s.community_station_coverage, 0.8);
    EXPECT_EQ(s.rural_coverage, 0.5);
    EXPECT_TRUE(s.notes.empty());
    const auto s18 = Profile::load("yinchuan").resolve(2018);
    EXPECT_EQ(s18.community_station_coverage, 1.0);
    EXPECT_EQ(s18.rural_coverage, 0.6);
}

// xian.toml: beds.nursing_share {2022 = 0.55, 2025 = 0.60}; coverage.street_centre {2025 = 0.7}.
// The target in force is the latest keyed year not after the year (issue 14): in
// 2022 the street-centre target of 2025 is not in force, only upcoming.
TEST(ProfileYear, XianTargetOfALaterYearIsUpcomingNotInForce) {
    const auto s = Profile::load("xian").resolve(2022);
    EXPECT_EQ(s.nursing_bed_share, 0.55);
    EXPECT_FALSE(s.street_centre_coverage.has_value());
    EXPECT_TRUE(s.notes.empty());
    ASSERT_EQ(s.upcoming.size(), 2U);  // by key: beds.nursing_share, then coverage.street_centre
    EXPECT_EQ(s.upcoming[0].key, "beds.nursing_share");
    EXPECT_EQ(s.upcoming[0].year, 2025);
    EXPECT_EQ(s.upcoming[0].value, 0.60);
    EXPECT_EQ(s.upcoming[1].key, "coverage.street_centre");
    EXPECT_EQ(s.upcoming[1].year, 2025);
    EXPECT_EQ(s.upcoming[1].value, 0.7);
    EXPECT_TRUE(contains(s.upcoming[1].source, "2025年镇街综合养老服务中心覆盖率达70%")) << s.upcoming[1].source;
    EXPECT_EQ(Profile::load("xian").resolve(2024).nursing_bed_share, 0.55);
    const auto s26 = Profile::load("xian").resolve(2026);
    EXPECT_EQ(s26.nursing_bed_share, 0.60);
    EXPECT_EQ(s26.street_centre_coverage, 0.7);
    EXPECT_TRUE(s26.upcoming.empty());
}

TEST(ProfileYear, OutOfRangeYearIsArgumentError) {
    const auto p = Profile::load("national");
    EXPECT_THROW((void)p.resolve(1066), lc::ArgumentError);
    EXPECT_THROW((void)p.number("walking.minutes", 3000), lc::ArgumentError);
}

// --- overrides -----------------------------------------------------------------

TEST(ProfileSet, OverridesReplaceValuesAndSources) {
    const auto p = Profile::load("xian", Overrides{{"facility.station.min_building_area_m2", "200"},
                                                   {"walking.speed_mps", "0.8"},
                                                   {"estate.min_single_site_area_m2", "350"}});
    const auto s = p.resolve();
    EXPECT_DOUBLE_EQ(s.station_min_area_m2, 200.0);
    EXPECT_DOUBLE_EQ(s.threshold_m(), 720.0);
    EXPECT_EQ(s.min_single_site_area_m2, 350.0);
    EXPECT_TRUE(contains(p.source("facility.station.min_building_area_m2"), "--set")) << p.source("facility.station.min_building_area_m2");
    EXPECT_EQ(p.figure("walking.speed_mps").defined_in, "--set");
}

TEST(ProfileSet, OverrideOfYearKeyedFigureAndOfOneYear) {
    // A plain value replaces every year.
    const auto a = Profile::load("yinchuan", Overrides{{"beds.per_1000_elderly", "38"}});
    EXPECT_DOUBLE_EQ(a.number("beds.per_1000_elderly", 2015), 38.0);
    EXPECT_FALSE(a.value_year("beds.per_1000_elderly", 2015).has_value());
    // KEY.YEAR changes one year.
    const auto b = Profile::load("yinchuan", Overrides{{"beds.per_1000_elderly.2017", "33"}});
    EXPECT_DOUBLE_EQ(b.number("beds.per_1000_elderly", 2016), 30.0);
    EXPECT_DOUBLE_EQ(b.number("beds.per_1000_elderly", 2018), 33.0);
    EXPECT_DOUBLE_EQ(b.number("beds.per_1000_elderly", 2021), 35.0);
}

TEST(ProfileSet, ParsesRawArguments) {
    const auto o = lc::app::parse_overrides({"walking.minutes=10", "coverage.target_15min=0.9"});
    ASSERT_EQ(o.size(), 2U);
    EXPECT_EQ(o[0].first, "walking.minutes");
    EXPECT_EQ(o[0].second, "10");
    EXPECT_THROW((void)lc::app::parse_overrides({"walking.minutes"}), lc::ArgumentError);
    EXPECT_THROW((void)lc::app::parse_overrides({"=3"}), lc::ArgumentError);
}

TEST(ProfileSet, UnknownKeyNamesItAndSuggestsCloseKeys) {
    const auto msg = argument_error([] { (void)Profile::load("xian", Overrides{{"facility.centre.min_bed", "20"}}); });
    EXPECT_TRUE(contains(msg, "facility.centre.min_bed'")) << msg;
    EXPECT_TRUE(contains(msg, "did you mean: facility.centre.min_beds")) << msg;
    EXPECT_TRUE(contains(msg, "valid keys")) << msg;
    const auto msg2 = argument_error([] { (void)Profile::load("xian", Overrides{{"zzz", "1"}}); });
    EXPECT_TRUE(contains(msg2, "'zzz'")) << msg2;
    EXPECT_TRUE(contains(msg2, "land.per_capita_min_m2")) << msg2;
}

TEST(ProfileSet, BadValuesAreArgumentErrors) {
    for (const auto& [key, value] : Overrides{{"walking.minutes", "fifteen"},
                                              {"walking.minutes", ""},
                                              {"walking.minutes", "15min"},
                                              {"walking.minutes", "-3"},
                                              {"coverage.target_15min", "90"},
                                              {"facility.centre.min_beds", "30.5"},
                                              {"beds.per_1000_elderly.1492", "3"}}) {
        const auto msg = argument_error([&, k = key, v = value] { (void)Profile::load("national", Overrides{{k, v}}); });
        EXPECT_FALSE(msg.empty()) << key << "=" << value;
        EXPECT_TRUE(contains(msg, key)) << msg;
    }
}

// --- malformed files -----------------------------------------------------------

TEST(ProfileFile, SyntaxErrorNamesFileAndLine) {
    TempDir dir;
    const auto path = dir.write("broken.toml", "inherits = \"national\"\n[land.per_capita_min_m2\nvalue = 0.1\n");
    const auto msg = input_error([&] { (void)Profile::load(path.string()); });
    EXPECT_TRUE(contains(msg, path.string())) << msg;
    EXPECT_TRUE(contains(msg, "line 2")) << msg;
}

TEST(ProfileFile, BadFiguresNameFileAndKey) {
    struct Case {
        std::string body;
        std::string key;
    };
    const std::vector<Case> cases = {
        {"[beds.per_1000_elderly]\nvalue = \"many\"\nsource = \"x\"\n", "beds.per_1000_elderly"},
        {"[beds.per_1000_elderly]\nvalue = 40\n", "beds.per_1000_elderly"},                        // no source
        {"[beds.per_1000_elderly]\nvalue = 40\nsource = \"  \"\n", "beds.per_1000_elderly"},     // blank source
        {"[beds.nursing_share]\nvalue = 55\nsource = \"x\"\n", "beds.nursing_share"},           // share > 1
        {"[beds.per_1000_elderly]\nvalues = { 20x = 3 }\nsource = \"x\"\n", "beds.per_1000_elderly"},
        {"[beds.per_1000_elderly]\nvalue = 3\nvalues = { 2020 = 3 }\nsource = \"x\"\n", "beds.per_1000_elderly"},
        {"[beds.per_100_elderly]\nvalue = 3\nsource = \"x\"\n", "beds.per_100_elderly"},         // unknown key
        {"[beds.per_1000_elderly]\nvalue = 3\nsource = \"x\"\nsauce = \"y\"\n", "beds.per_1000_elderly"},
        {"default_year = \"2020\"\n", "default_year"},
        {"stray = 3\n", "stray"},
    };
    TempDir dir;
    for (const auto& c : cases) {
        const auto path = dir.write("bad.toml", "inherits = \"national\"\n" + c.body);
        const auto msg = input_error([&] { (void)Profile::load(path.string()); });
        EXPECT_TRUE(contains(msg, path.string())) << c.body << " -> " << msg;
        EXPECT_TRUE(contains(msg, "'" + c.key + "'")) << c.body << " -> " << msg;
    }
}

TEST(ProfileFile, MissingRequiredFigureNamesKey) {
    TempDir dir;
    const auto path = dir.write("orphan.toml", "default_year = 2020\n[walking.minutes]\nvalue = 15\nsource = \"x\"\n");
    const auto msg = input_error([&] { (void)Profile::load(path.string()); });
    EXPECT_TRUE(contains(msg, path.string())) << msg;
    EXPECT_TRUE(contains(msg, "land.per_capita_min_m2")) << msg;
}

TEST(ProfileFile, MissingParentNamesInherits) {
    TempDir dir;
    const auto path = dir.write("lost.toml", "inherits = \"nowhere\"\n");
    const auto msg = input_error([&] { (void)Profile::load(path.string()); });
    EXPECT_TRUE(contains(msg, "nowhere")) << msg;
    EXPECT_TRUE(contains(msg, "'inherits'")) << msg;
}

TEST(ProfileAccess, UnknownOrUnsetKeyIsArgumentError) {
    const auto p = Profile::load("national");
    EXPECT_THROW((void)p.number("no.such.key"), lc::ArgumentError);
    EXPECT_THROW((void)p.number("beds.nursing_share"), lc::ArgumentError);  // known but national has none
    EXPECT_THROW((void)p.source("no.such.key"), lc::ArgumentError);
}
