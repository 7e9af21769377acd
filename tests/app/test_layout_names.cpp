// The layout's level and action names: what plan_sites and plan_unmet write.
#include "lc/error.hpp"
#include "pipeline/layout.hpp"

#include <gtest/gtest.h>

namespace {

using lc::app::Level;
using lc::app::SiteAction;

TEST(LayoutNames, RoundTrip) {
    for (Level l : {Level::station, Level::centre, Level::institution, Level::land}) {
        EXPECT_EQ(lc::app::parse_level(lc::app::to_string(l)), l);
    }
    for (SiteAction a : {SiteAction::build, SiteAction::enlarge, SiteAction::land_reserve}) {
        EXPECT_EQ(lc::app::parse_site_action(lc::app::to_string(a)), a);
    }
    // The field values of plan_sites (docs/layout.md): a new facility is "new".
    EXPECT_EQ(lc::app::to_string(SiteAction::build), "new");
    EXPECT_EQ(lc::app::to_string(Level::centre), "centre");
}

TEST(LayoutNames, UnknownNamesListTheValidOnes) {
    try {
        (void)lc::app::parse_level("center");
        FAIL() << "no error";
    } catch (const lc::ArgumentError& e) {
        EXPECT_STREQ(e.what(), "level: unknown value 'center' (valid: station, centre, institution, land)");
    }
    EXPECT_THROW((void)lc::app::parse_site_action("build"), lc::ArgumentError);
}

}  // namespace
