// The facility kinds and coverage modes as enums: every spelling a facilities
// layer uses maps to one kind (the aliases are those of STANDARDS.md's
// hierarchy table and the seeds' names), names round-trip, and the two kinds of
// the community level are exactly station and day care.
#include "lc/error.hpp"
#include "pipeline/config.hpp"
#include "standards/facility_kind.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using lc::app::FacilityKind;

TEST(FacilityKind, NamesRoundTrip) {
    for (const auto kind : lc::app::facility_kinds()) {
        const auto parsed = lc::app::parse_facility_kind(lc::app::to_string(kind));
        ASSERT_TRUE(parsed) << lc::app::to_string(kind);
        EXPECT_EQ(*parsed, kind);
    }
    EXPECT_EQ(lc::app::facility_kinds().size(), 5u);
    EXPECT_EQ(lc::app::canonical_facility_kinds(),
              (std::vector<std::string>{"station", "day_care", "centre", "institution", "rural_home"}));
    EXPECT_EQ(lc::app::to_string(FacilityKind::none), "");
}

TEST(FacilityKind, ChineseNamesAndVariants) {
    EXPECT_EQ(lc::app::parse_facility_kind("社区养老服务站"), FacilityKind::station);
    EXPECT_EQ(lc::app::parse_facility_kind("日间照料中心"), FacilityKind::day_care);
    EXPECT_EQ(lc::app::parse_facility_kind("DayCare"), FacilityKind::day_care);
    EXPECT_EQ(lc::app::parse_facility_kind("街道综合养老服务中心"), FacilityKind::centre);
    EXPECT_EQ(lc::app::parse_facility_kind("Center"), FacilityKind::centre);
    EXPECT_EQ(lc::app::parse_facility_kind("敬老院"), FacilityKind::institution);
    EXPECT_EQ(lc::app::parse_facility_kind("农村互助幸福院"), FacilityKind::rural_home);
    EXPECT_FALSE(lc::app::parse_facility_kind("hospital"));
    EXPECT_FALSE(lc::app::parse_facility_kind(""));
}

TEST(FacilityKind, CommunityLevel) {
    EXPECT_TRUE(lc::app::serves_community(FacilityKind::station));
    EXPECT_TRUE(lc::app::serves_community(FacilityKind::day_care));
    EXPECT_FALSE(lc::app::serves_community(FacilityKind::centre));
    EXPECT_FALSE(lc::app::serves_community(FacilityKind::institution));
    EXPECT_FALSE(lc::app::serves_community(FacilityKind::none));
}

// Colours and shapes: one per kind, all different, so a map tells them apart.
TEST(FacilityKind, DistinctSymbols) {
    std::set<std::string_view> colours, shapes;
    for (const auto kind : lc::app::facility_kinds()) {
        colours.insert(lc::app::kind_colour(kind));
        shapes.insert(lc::app::kind_shape(kind));
    }
    EXPECT_EQ(colours.size(), 5u);
    EXPECT_EQ(shapes.size(), 5u);
}

TEST(CoverageMode, Parse) {
    EXPECT_EQ(lc::app::parse_coverage_mode("circle"), lc::app::CoverageMode::circle);
    EXPECT_EQ(lc::app::parse_coverage_mode("network"), lc::app::CoverageMode::network);
    EXPECT_EQ(lc::app::to_string(lc::app::CoverageMode::network), "network");
    try {
        (void)lc::app::parse_coverage_mode("walk");
        FAIL() << "walk parsed";
    } catch (const lc::ArgumentError& e) {
        EXPECT_STREQ(e.what(), "--mode: expected circle or network, got 'walk'");
    }
}
