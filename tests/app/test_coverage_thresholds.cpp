// Threshold sensitivity (--thresholds): one facility F at town (0,0) and three
// 100 m square estates whose centres (their representative points) lie at
// known straight distances:
//   A centre (700,0)   700 m, elderly 100
//   B centre (0,800)   800 m, elderly 200
//   C centre (-950,0)  950 m, elderly 300        (total 600)
// Every row counts as the headline does: elderly × the share of the estate's
// area inside the circle (a 128-gon, whose edges lie up to r(1 - cos(π/128)),
// 0.2-0.3 m here, inside the true circle: about 0.15-0.6 elderly less).
//   720 m: A in part: x <= sqrt(720² - y²) over y in -50..50 gives
//          ∫ (sqrt(518400 - y²) - 650) dy ≈ ∫ (70 - y²/1440) dy = 7000 - 57.9
//          = 6942.1 m² of 10000 -> 69.42 (128-gon: 69.28); B (from 750 m), C none.
//   850 m: A whole (farthest corner 751.7 m); B all but the corners beyond 850 m:
//          ∫ x²/1700 dx over -50..50 = 49 m² out -> 199.02 (128-gon: 198.70); 298.70.
//   900 m: A, B whole (851.5 m); C only touches at (-900,0): 300 exactly.
//   1000 m: C: ∫ (sqrt(10⁶ - y²) - 900) dy ≈ 10000 - 41.7 -> 298.75 (128-gon:
//          298.16): 598.16.
// By representative point the rows would be 100, 300, 300 and 600: the
// point count is not the headline's measure.
#include "app/test_coverage_town.hpp"

#include "lc/error.hpp"
#include "pipeline/run.hpp"

#include <gtest/gtest.h>

namespace town = lc::test::town;
namespace ct = lc::test::covtown;
using lc::app::CoverageConfig;
using lc::app::CoverageRun;
using lc::app::InputConfig;

namespace {

class CoverageThresholds : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<town::TempDir>("cov_thresholds");
        s_in.estates = s_dir->str("est.geojson");
        s_in.facilities = s_dir->str("fac.geojson");
        town::write(s_in.estates,
                    ct::estates({{"A", 650, -50, 750, 50, 100}, {"B", -50, 750, 50, 850, 200},
                                 {"C", -1000, -50, -900, 50, 300}}),
                    "GeoJSON");
        town::write(s_in.facilities, ct::facilities({{"F", 0, 0}}), "GeoJSON");
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static void expect_row(const nlohmann::json& row, double t, double covered, double tolerance) {
        EXPECT_DOUBLE_EQ(row["threshold_m"].get<double>(), t) << row;
        EXPECT_NEAR(row["elderly_covered"].get<double>(), covered, tolerance) << row;
        EXPECT_NEAR(row["coverage_rate"].get<double>(), row["elderly_covered"].get<double>() / 600.0, 1e-6) << row;
    }

    static inline std::unique_ptr<town::TempDir> s_dir;
    static inline InputConfig s_in;
};

}  // namespace

// Default threshold: the national profile's 15 min × 1.0 m/s = 900 m, already in the list.
TEST_F(CoverageThresholds, RatesAt720900And1000) {
    CoverageConfig cov;
    cov.thresholds = {720, 900, 1000};
    const CoverageRun run = lc::app::run_coverage(s_in, cov);
    EXPECT_DOUBLE_EQ(run.summary["threshold_m"].get<double>(), 900.0);
    const auto& rows = run.summary["thresholds"];
    ASSERT_EQ(rows.size(), 3U) << rows;
    expect_row(rows[0], 720, 69.42, 0.2);
    expect_row(rows[1], 900, 300, 1e-6);
    expect_row(rows[2], 1000, 598.75, 0.7);
    // The 900 m row is the headline, to the last digit.
    EXPECT_EQ(rows[1]["elderly_covered"], run.summary["elderly_covered"]);
    EXPECT_EQ(rows[1]["coverage_rate"], run.summary["coverage_rate"]);
    EXPECT_NEAR(run.summary["coverage_rate"].get<double>(), 0.5, 1e-6);
    EXPECT_EQ(run.summary["estates_covered"], 2);  // by point: A and B
    EXPECT_FALSE(run.summary.contains("inside_circle_beyond_walk"));  // circle mode
}

// Unsorted, repeated, and without the main threshold (--radius 850: A and B):
// rows come sorted, once each, with 850 added.
TEST_F(CoverageThresholds, SortedDeduplicatedWithTheMainThreshold) {
    CoverageConfig cov;
    cov.radius = 850;
    cov.thresholds = {1000, 720, 1000, 720};
    const CoverageRun run = lc::app::run_coverage(s_in, cov);
    const auto& rows = run.summary["thresholds"];
    ASSERT_EQ(rows.size(), 3U) << rows;
    expect_row(rows[0], 720, 69.42, 0.2);
    expect_row(rows[1], 850, 299.02, 0.5);
    expect_row(rows[2], 1000, 598.75, 0.7);
    EXPECT_EQ(rows[1]["elderly_covered"], run.summary["elderly_covered"]);
    // Another threshold's row is what a run at that radius gives as its headline.
    CoverageConfig at_1000;
    at_1000.radius = 1000;
    EXPECT_EQ(rows[2]["elderly_covered"], lc::app::run_coverage(s_in, at_1000).summary["elderly_covered"]);
}

TEST_F(CoverageThresholds, NoRowsWithoutTheOption) {
    const CoverageRun run = lc::app::run_coverage(s_in, CoverageConfig{});
    EXPECT_FALSE(run.summary.contains("thresholds"));
}

TEST_F(CoverageThresholds, NonPositiveThresholdIsAnArgumentError) {
    CoverageConfig cov;
    cov.thresholds = {720, 0};
    EXPECT_THROW((void)lc::app::run_coverage(s_in, cov), lc::ArgumentError);
}
