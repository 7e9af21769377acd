// Coverage models when nothing is left to cover: the existing site E already
// reaches both demands (100 and 200 m, radius 300), so the reduced instance has
// no group. By hand: LSCP needs 0 new sites, MCLP with p = 1 covers the whole
// weight (3 + 2 = 5) without a new site. Under ASan this was a heap-buffer
// overflow in Eigen's makeCompressed of a matrix without outer vectors.
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

namespace {

lc::opt::Problem covered_by_existing() {
    lc::opt::Problem pb;
    pb.demands = {{"a", 3.0, std::nullopt}, {"b", 2.0, std::nullopt}};
    pb.sites = {{"E", true, std::nullopt}, {"C", false, std::nullopt}};
    pb.costs = lc::opt::CostTable::sparse(2, {{{0, 100}, {1, 200}}, {{0, 50}, {1, 60}}});
    return pb;
}

}  // namespace

TEST(CoverageNothingLeft, LscpOpensNothing) {
    lc::opt::Options o;
    o.model = lc::opt::Model::lscp;
    o.radius = 300;
    const auto r = lc::opt::solve(covered_by_existing(), o);
    EXPECT_EQ(r.status, lc::opt::Status::optimal);
    EXPECT_TRUE(r.open_sites.empty());
    EXPECT_DOUBLE_EQ(r.covered_weight, 5.0);
}

TEST(CoverageNothingLeft, MclpCoversAllWithTheExistingSite) {
    lc::opt::Options o;
    o.model = lc::opt::Model::mclp;
    o.radius = 300;
    o.p = 1;
    const auto r = lc::opt::solve(covered_by_existing(), o);
    EXPECT_EQ(r.status, lc::opt::Status::optimal);
    EXPECT_DOUBLE_EQ(r.objective, 5.0);
    EXPECT_DOUBLE_EQ(r.bound, 5.0);
}
