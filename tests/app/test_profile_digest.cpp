// The figures of STANDARDS.md ("core checks" and "other figures" tables), profile by
// profile, as read by hand from the seeds: value in a given year and a piece of the
// source that must be cited. A wrong figure or a lost citation fails here.
#include "standards/profile.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace {

struct Expected {
    const char* profile;
    const char* key;
    int year;
    double value;
    const char* cited;  ///< substring of the figure's source
};

std::ostream& operator<<(std::ostream& os, const Expected& e) {
    return os << e.profile << " " << e.key << " @" << e.year;
}

class Digest : public ::testing::TestWithParam<Expected> {};

TEST_P(Digest, ValueAndSource) {
    const auto& e = GetParam();
    const auto p = lc::app::Profile::load(e.profile);
    EXPECT_DOUBLE_EQ(p.number(e.key, e.year), e.value);
    EXPECT_NE(p.source(e.key).find(e.cited), std::string::npos) << p.source(e.key);
}

INSTANTIATE_TEST_SUITE_P(
    StandardsMd, Digest,
    ::testing::Values(
        // core checks
        Expected{"national", "land.per_capita_min_m2", 2020, 0.1, "GB 50437"},
        Expected{"national", "land.per_capita_max_m2", 2020, 0.3, "0.1—0.3"},
        Expected{"yinchuan", "land.per_capita_min_m2", 2015, 0.1, "000 §三(一)2"},
        Expected{"baotou", "land.per_capita_min_m2", 2019, 0.15, "003 §二(一)"},
        Expected{"xian", "land.per_capita_max_m2", 2022, 0.3, "001 篇五 item 17"},
        Expected{"xian", "estate.area_per_100_households_m2", 2022, 20, "001 篇五 item 1"},
        Expected{"wuzhong", "estate.area_per_100_households_m2", 2022, 20, "002 §三(一)"},
        Expected{"xian", "facility.station.min_building_area_m2", 2022, 300, "001 篇五"},
        Expected{"xian", "facility.centre.min_building_area_m2", 2022, 1500, "001 篇五 item 2"},
        Expected{"xian", "facility.centre.min_beds", 2022, 30, "001 篇五 item 2"},
        Expected{"xian", "facility.centre.min_nursing_share", 2022, 0.7, "70%"},
        Expected{"xian", "facility.institution.public_bed_share", 2025, 0.01, "1%"},
        Expected{"xian", "coverage.target_15min", 2022, 1.0, "15分钟养老圈"},
        Expected{"wuzhong", "coverage.target_15min", 2025, 1.0, "15分钟"},
        Expected{"baotou", "coverage.target_15min", 2022, 1.0, "15分钟"},
        // beds per 1000 elderly
        Expected{"yinchuan", "beds.per_1000_elderly", 2015, 30, "000 §二"},
        Expected{"yinchuan", "beds.per_1000_elderly", 2017, 32, "000 §二"},
        Expected{"yinchuan", "beds.per_1000_elderly", 2020, 35, "000 §二"},
        Expected{"jinzhong", "beds.per_1000_elderly", 2020, 40, "004 §三"},
        Expected{"national", "beds.per_1000_elderly", 2020, 40, "3.2.1"},
        // nursing-bed share
        Expected{"jinzhong", "beds.nursing_share", 2020, 0.35, "004 §三"},
        Expected{"xian", "beds.nursing_share", 2022, 0.55, "001 篇五 §二"},
        Expected{"xian", "beds.nursing_share", 2025, 0.60, "001 篇五 §二"},
        Expected{"wuzhong", "beds.nursing_share", 2025, 0.60, "indicator 6"},
        // community facility coverage
        Expected{"yinchuan", "coverage.community_station", 2015, 0.8, "000 §二"},
        Expected{"yinchuan", "coverage.community_station", 2017, 1.0, "000 §二"},
        Expected{"xian", "coverage.community_station", 2022, 0.9, "90%"},
        Expected{"jinzhong", "coverage.community_station", 2020, 0.8, "80%"},
        // street/town centre coverage
        Expected{"xian", "coverage.street_centre", 2025, 0.7, "70%"},
        Expected{"wuzhong", "coverage.street_centre", 2025, 0.6, "indicator 5"},
        // rural coverage
        Expected{"yinchuan", "coverage.rural", 2015, 0.5, "000 §二"},
        Expected{"yinchuan", "coverage.rural", 2017, 0.6, "000 §二"},
        Expected{"yinchuan", "coverage.rural", 2020, 0.8, "000 §二"},
        Expected{"xian", "coverage.rural", 2022, 0.8, "附件2"},
        // new-estate compliance
        Expected{"wuzhong", "estate.new_estate_compliance", 2025, 1.0, "indicator 4"},
        // facility sizes
        Expected{"xian", "facility.station.min_day_care_beds", 2022, 10, "附件4"},
        Expected{"xian", "facility.rural_home.min_building_area_m2", 2022, 100, "附件4"},
        Expected{"xian", "facility.rural_home.min_day_care_beds", 2022, 8, "附件4"},
        Expected{"baotou", "facility.day_care.min_building_area_m2", 2022, 150, "003 §三(一)"},
        Expected{"baotou", "facility.station.min_building_area_m2", 2022, 100, "003 §三(一)"},
        Expected{"xian", "facility.conversion_simple_max_area_m2", 2022, 1000, "1000平方米"},
        // walking and elderly share
        Expected{"national", "walking.minutes", 2020, 15, "GB 50180-2018"},
        Expected{"national", "walking.speed_mps", 2020, 1.0, "1.0 m/s"},
        Expected{"national", "walking.planning_speed_m_per_min", 2020, 60, "60 m/min"},
        Expected{"national", "population.elderly_share_default", 2020, 0.187, "18.70%"}),
    [](const ::testing::TestParamInfo<Expected>& param) {
        // e.g. xian_coverage_street_centre_2025: profile, key and year, unique per row.
        std::string n = std::string(param.param.profile) + "_" + param.param.key + "_" + std::to_string(param.param.year);
        for (auto& ch : n) {
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        }
        return n;
    });

}  // namespace
