// Threshold sensitivity (--thresholds): one facility F at town (0,0) and three
// 100 m square estates whose centres (their representative points) lie at
// known straight distances:
//   A centre (700,0)   700 m, elderly 100
//   B centre (0,800)   800 m, elderly 200
//   C centre (-950,0)  950 m, elderly 300        (total 600)
// By representative point: 720 m reaches A (100/600 = 0.166667), 900 m A and B
// (300/600 = 0.5), 1000 m all three (1.0).
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

    static void expect_row(const nlohmann::json& row, double t, double covered) {
        EXPECT_DOUBLE_EQ(row["threshold_m"].get<double>(), t) << row;
        EXPECT_DOUBLE_EQ(row["elderly_covered"].get<double>(), covered) << row;
        EXPECT_NEAR(row["coverage_rate"].get<double>(), covered / 600.0, 1e-6) << row;
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
    expect_row(rows[0], 720, 100);
    expect_row(rows[1], 900, 300);
    expect_row(rows[2], 1000, 600);
    // The 900 m row agrees with the main figures' point count (A and B).
    EXPECT_EQ(run.summary["estates_covered"], 2);
    // By area: A and B lie wholly inside (farthest corners 751.7 and 851.5 m); C only
    // touches the circle at (900,0) -> 300 / 600.
    EXPECT_NEAR(run.summary["coverage_rate"].get<double>(), 0.5, 1e-6);
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
    expect_row(rows[0], 720, 100);
    expect_row(rows[1], 850, 300);
    expect_row(rows[2], 1000, 600);
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
