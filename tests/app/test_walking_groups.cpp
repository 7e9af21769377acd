// Walking groups (docs/walking_groups.md): each group walks the profile's 15
// minutes at its own speed. Town: one station F at (0,0) with 600 m² of floor,
// and three 100 m square estates whose centres lie at known straight distances
// (circle mode, as test_coverage_thresholds.cpp):
//   A centre (700,0)   700 m, elderly 100
//   B centre (0,800)   800 m, elderly 200
//   C centre (-950,0)  950 m, elderly 300        (total 600)
// Groups of the test profile (shares 0.5 + 0.3 + 0.2 = 1):
//   walk  1.0 m/s -> 900 m: A and B whole, C only touches: 300 covered, rate 0.5
//                  (the headline's own threshold: the same figures to the last digit)
//   slow  0.8 m/s -> 720 m: A in part, 6942 m² of 10000 (128-gon: 69.28), B and C none
//   frail 0.5 m/s -> 450 m: nobody
// expected_coverage_rate = 0.5 × 0.5 + 0.3 × 69.28 / 600 + 0.2 × 0 = 0.28464.
// G2SFCA (d0 = the group's threshold): the one station's 600 m² go to the
// estates whose points it reaches, R = 600 / Σ G·P, and the elderly-weighted
// mean is Σ P·G·R / 600 = 600 / 600 = 1 m² per elderly person whenever it
// reaches anyone (900 m: A, B; 720 m: A at 700 m), 0 when it reaches nobody (450 m).
#include "app/test_coverage_town.hpp"

#include "lc/error.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/run.hpp"
#include "report/walking_groups_report.hpp"
#include "standards/profile.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace town = lc::test::town;
namespace ct = lc::test::covtown;
using lc::app::AuditRun;
using lc::app::CoverageConfig;
using lc::app::InputConfig;

namespace {

const char* const k_groups = R"(
[[walking.groups]]
id = "walk"
name_zh = "健康"
name_en = "healthy"
speed_mps = 1.0
share = 0.5
source = "test"

[[walking.groups]]
id = "slow"
name_zh = "基本健康"
name_en = "basically healthy"
speed_mps = 0.8
share = 0.3
source = "test"

[[walking.groups]]
id = "frail"
name_zh = "体弱"
name_en = "frail"
speed_mps = 0.5
share = 0.2
source = "test"
)";

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

class WalkingGroups : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("walking_groups");
        s_in.estates = s_dir->str("est.geojson");
        s_in.facilities = s_dir->str("fac.geojson");
        town::write(s_in.estates,
                    ct::estates({{"A", 650, -50, 750, 50, 100}, {"B", -50, 750, 50, 850, 200},
                                 {"C", -1000, -50, -900, 50, 300}}),
                    "GeoJSON");
        town::Layer fac;
        fac.name = "facilities";
        fac.geometry_type = wkbPoint;
        fac.fields = {{"id", town::Type::string}, {"kind", town::Type::string}, {"building_area", town::Type::real}};
        fac.rows.push_back({town::point(0, 0), {town::s("F"), town::s("station"), town::d(600)}});
        town::write(s_in.facilities, fac, "GeoJSON");
        s_in.profile = s_dir->str("groups.toml");
        write_text(s_in.profile, std::string("name = \"groups\"\ninherits = \"national\"\n") + k_groups);
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline InputConfig s_in;
};

}  // namespace

TEST_F(WalkingGroups, CoveragePerGroupByHand) {
    const AuditRun run = lc::app::run_audit(s_in, CoverageConfig{});
    const auto& s = run.summary;
    ASSERT_TRUE(s.contains("walking_groups")) << s;
    const auto& wg = s["walking_groups"];
    EXPECT_EQ(wg["minutes"], 15);
    const auto& g = wg["groups"];
    ASSERT_EQ(g.size(), 3U) << wg;
    EXPECT_EQ(g[0]["id"], "walk");
    EXPECT_DOUBLE_EQ(g[0]["threshold_m"].get<double>(), 900.0);
    EXPECT_DOUBLE_EQ(g[1]["threshold_m"].get<double>(), 720.0);
    EXPECT_DOUBLE_EQ(g[2]["threshold_m"].get<double>(), 450.0);
    EXPECT_NEAR(g[0]["elderly_covered"].get<double>(), 300.0, 1e-6);
    EXPECT_NEAR(g[1]["elderly_covered"].get<double>(), 69.42, 0.2);
    EXPECT_DOUBLE_EQ(g[2]["elderly_covered"].get<double>(), 0.0);
    EXPECT_NEAR(g[0]["coverage_rate"].get<double>(), 0.5, 1e-6);
    EXPECT_DOUBLE_EQ(g[2]["coverage_rate"].get<double>(), 0.0);
    EXPECT_NEAR(g[0]["mean_g2sfca"].get<double>(), 1.0, 1e-6);
    EXPECT_NEAR(g[1]["mean_g2sfca"].get<double>(), 1.0, 1e-6);
    EXPECT_DOUBLE_EQ(g[2]["mean_g2sfca"].get<double>(), 0.0);
    // 720 m: only A (100 of 600 elderly) has a value: Lorenz points (1/3, 0), (5/6, 0), (1, 1),
    // Gini = 1 − (1/6)(1 + 0) = 5/6. 450 m: every value 0, undefined (null).
    EXPECT_NEAR(g[1]["gini_access"].get<double>(), 5.0 / 6.0, 1e-6);
    EXPECT_TRUE(g[2]["gini_access"].is_null()) << g[2];
    EXPECT_NEAR(wg["expected_coverage_rate"].get<double>(), 0.28464, 1e-4);
    // Σ share × rate, from the rows as written (rounded to 6 decimals).
    double expected = 0;
    for (const auto& row : g) expected += row["share"].get<double>() * row["coverage_rate"].get<double>();
    EXPECT_NEAR(wg["expected_coverage_rate"].get<double>(), expected, 2e-6);
    EXPECT_NEAR(wg["expected_elderly_covered"].get<double>(), 600 * wg["expected_coverage_rate"].get<double>(), 1e-3);
}

// The group at the headline's speed is the headline, to the last digit.
TEST_F(WalkingGroups, HeadlineSpeedGroupIsTheHeadline) {
    const AuditRun run = lc::app::run_audit(s_in, CoverageConfig{});
    const auto& s = run.summary;
    const auto& walk = s["walking_groups"]["groups"][0];
    EXPECT_EQ(walk["threshold_m"], s["threshold_m"]);
    EXPECT_EQ(walk["elderly_covered"], s["elderly_covered"]);
    EXPECT_EQ(walk["coverage_rate"], s["coverage_rate"]);
    EXPECT_EQ(walk["mean_g2sfca"], s["accessibility"]["mean_g2sfca"]);
    EXPECT_EQ(walk["gini_access"], s["equity"]["gini_access"]);
    // ... and another group is what a run at its speed gives as its headline (one engine).
    CoverageConfig at_slow;
    at_slow.speed = 0.8;
    const AuditRun slow = lc::app::run_audit(s_in, at_slow);
    EXPECT_EQ(s["walking_groups"]["groups"][1]["elderly_covered"], slow.summary["elderly_covered"]);
    EXPECT_EQ(s["walking_groups"]["groups"][1]["mean_g2sfca"], slow.summary["accessibility"]["mean_g2sfca"]);
}

// --target-group frail: the headline threshold becomes 15 × 60 × 0.5 = 450 m (nobody covered).
TEST_F(WalkingGroups, TargetGroupSetsTheThreshold) {
    CoverageConfig cov;
    lc::app::PlanConfig pc;
    pc.target_group = "frail";
    lc::app::apply_target_group(s_in, cov, pc);
    ASSERT_TRUE(cov.speed.has_value());
    EXPECT_DOUBLE_EQ(*cov.speed, 0.5);
    const AuditRun run = lc::app::run_audit(s_in, cov);
    EXPECT_DOUBLE_EQ(run.summary["threshold_m"].get<double>(), 450.0);
    EXPECT_DOUBLE_EQ(run.summary["elderly_covered"].get<double>(), 0.0);
    EXPECT_EQ(run.summary["walking_groups"]["groups"][2]["elderly_covered"], run.summary["elderly_covered"]);

    pc.target_group = "nobody";
    CoverageConfig fresh;
    try {
        lc::app::apply_target_group(s_in, fresh, pc);
        FAIL() << "an unknown group was accepted";
    } catch (const lc::ArgumentError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("--target-group"), std::string::npos) << msg;
        EXPECT_NE(msg.find("walk, slow, frail"), std::string::npos) << msg;
    }
    pc.target_group = "slow";
    CoverageConfig with_speed;
    with_speed.speed = 1.2;
    EXPECT_THROW(lc::app::apply_target_group(s_in, with_speed, pc), lc::ArgumentError);
}

// Shares that do not sum to 1, a speed of 0, a repeated id: InputError naming the file and the key.
TEST_F(WalkingGroups, ProfileValidation) {
    struct Case {
        std::string from, to, fragment;
    };
    const std::vector<Case> cases = {
        {"share = 0.2", "share = 0.1", "sum to 0.9"},
        {"speed_mps = 0.5", "speed_mps = 0", "walking.groups[3].speed_mps"},
        {"id = \"frail\"", "id = \"slow\"", "appears twice"},
        {"share = 0.2", "share = 1.2", "walking.groups[3].share"},
    };
    for (const auto& c : cases) {
        std::string text = std::string("name = \"bad\"\ninherits = \"national\"\n") + k_groups;
        text.replace(text.rfind(c.from), c.from.size(), c.to);
        const std::string path = s_dir->str("bad.toml");
        write_text(path, text);
        try {
            (void)lc::app::Profile::load(path);
            FAIL() << c.to << " was accepted";
        } catch (const lc::InputError& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("bad.toml"), std::string::npos) << msg;
            EXPECT_NE(msg.find("walking.groups"), std::string::npos) << msg;
            EXPECT_NE(msg.find(c.fragment), std::string::npos) << msg;
        }
    }
    // Within 1e-6 of 1 is a sum of 1 (shares written to 4 decimals may round so).
    std::string near = std::string("name = \"near\"\ninherits = \"national\"\n") + k_groups;
    near.replace(near.rfind("share = 0.2"), 11, "share = 0.2000004");
    write_text(s_dir->str("near.toml"), near);
    EXPECT_EQ(lc::app::Profile::load(s_dir->str("near.toml")).resolve().walking_groups.size(), 3U);
}

// The shipped national groups: the 7th census's four self-rated health classes in three groups.
TEST(WalkingGroupsProfile, NationalGroups) {
    const auto st = lc::app::Profile::load("national").resolve();
    ASSERT_EQ(st.walking_groups.size(), 3U);
    double total = 0;
    for (const auto& g : st.walking_groups) {
        total += g.share;
        EXPECT_FALSE(g.source.empty());
    }
    EXPECT_NEAR(total, 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(st.walking_groups[0].speed_mps, st.walking_speed_mps);  // healthy: the headline speed
    EXPECT_NEAR(st.walking_groups[2].share, 0.1041 + 0.0234, 1e-9);         // frail includes the not self-caring
    // Local profiles inherit them.
    EXPECT_EQ(lc::app::Profile::load("yinchuan").walking_groups_defined_in(), "national");
}

// The report's table (report.html, inside the accessibility section): one row per
// group and the weighted row, the targeted group marked; the terminal's table likewise.
TEST_F(WalkingGroups, ReportTables) {
    const AuditRun run = lc::app::run_audit(s_in, CoverageConfig{});
    const std::string zh = lc::app::walking_groups_html(run.audit, nullptr, "frail", "zh");
    EXPECT_NE(zh.find("步行能力分组"), std::string::npos) << zh;
    EXPECT_NE(zh.find("<table id=\"walking-groups\">"), std::string::npos) << zh;
    EXPECT_NE(zh.find("<tr class=\"target\"><td>体弱</td>"), std::string::npos) << zh;
    EXPECT_NE(zh.find("本规划以“体弱”组"), std::string::npos) << zh;
    EXPECT_NE(zh.find("<td class=\"num\">50.0%</td>"), std::string::npos) << zh;  // walk: 300 of 600
    EXPECT_NE(zh.find("--target-group"), std::string::npos) << zh;
    const std::string en = lc::app::walking_groups_text(run.audit, nullptr, "en");
    EXPECT_NE(en.find("Walking groups (15-minute walk)"), std::string::npos) << en;
    EXPECT_NE(en.find("28.5%"), std::string::npos) << en;  // the weighted row: 0.28464
    // No groups, no table.
    lc::app::AuditResult none;
    EXPECT_TRUE(lc::app::walking_groups_html(none, nullptr, "", "en").empty());
}

// --no-walking-groups: no per-group figures, the headline unchanged.
TEST_F(WalkingGroups, OptOut) {
    CoverageConfig off;
    off.no_walking_groups = true;
    const AuditRun run = lc::app::run_audit(s_in, off);
    EXPECT_FALSE(run.summary.contains("walking_groups"));
    EXPECT_TRUE(run.audit.walking_groups.empty());
    EXPECT_EQ(run.summary["elderly_covered"], lc::app::run_audit(s_in, CoverageConfig{}).summary["elderly_covered"]);
}
