// lc::opt allocation helpers (covered_by, rank_by_marginal_gain,
// assign_nearest_open): a hand-worked example, and brute-force oracles on
// seeded random sparse and dense problems.
#include "lc/optimize/allocation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace {

using lc::opt::Index;
using lc::opt::Problem;

/// Demands 0..2 weighing 5, 3, 2. Site A (0) reaches 0 at 100 and 1 at 300;
/// B (1) reaches 1 at 200 and 2 at 250; C (2) reaches 2 at 100 and 0 at 950
/// (beyond the 900 radius).
Problem three_demands() {
    Problem pb;
    pb.demands = {{"d0", 5.0, {}}, {"d1", 3.0, {}}, {"d2", 2.0, {}}};
    pb.sites = {{"A", false, {}}, {"B", false, {}}, {"C", false, {}}};
    pb.costs = lc::opt::CostTable::sparse(3, {{{0, 100}, {1, 300}}, {{1, 200}, {2, 250}}, {{2, 100}, {0, 950}}});
    return pb;
}

TEST(Allocation, HandWorkedRanking) {
    // Nothing covered before: A brings 5 + 3 = 8, B 3 + 2 = 5, C 2 (its 950 m
    // pair is beyond the radius), so A ranks first. Then B and C each bring only
    // d2 (2): a tie, won by C, listed before B in `chosen`; B then brings 0.
    const Problem pb = three_demands();
    const auto order = lc::opt::rank_by_marginal_gain(pb, {2, 1, 0}, std::vector<bool>(3, false), 900.0);
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order[0].site, 0u);
    EXPECT_DOUBLE_EQ(order[0].gain, 8.0);
    EXPECT_EQ(order[1].site, 2u);
    EXPECT_DOUBLE_EQ(order[1].gain, 2.0);
    EXPECT_EQ(order[2].site, 1u);
    EXPECT_DOUBLE_EQ(order[2].gain, 0.0);
}

TEST(Allocation, HandWorkedRankingWithCoveredDemands) {
    // d0 already covered by an always-open site: A brings 3, B 5, C 2 -> B, then
    // A (d1 is taken by B: 0) ties with C (d2 taken: 0); A is listed first.
    const Problem pb = three_demands();
    const auto order = lc::opt::rank_by_marginal_gain(pb, {0, 1, 2}, {true, false, false}, 900.0);
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order[0].site, 1u);
    EXPECT_DOUBLE_EQ(order[0].gain, 5.0);
    EXPECT_EQ(order[1].site, 0u);
    EXPECT_DOUBLE_EQ(order[1].gain, 0.0);
    EXPECT_EQ(order[2].site, 2u);
}

TEST(Allocation, HandWorkedNearestOpen) {
    // A and C open: d0 -> A (100; C's 950 is beyond 900), d1 -> A (300), d2 -> C (100).
    // With the radius at 1000, d0 still goes to A (100 < 950).
    // Only C open: d0 -> C at radius 1000 but none at 900; d1 -> none.
    const Problem pb = three_demands();
    EXPECT_EQ(lc::opt::assign_nearest_open(pb, {true, false, true}, 900.0), (std::vector<Index>{0, 0, 2}));
    EXPECT_EQ(lc::opt::assign_nearest_open(pb, {false, false, true}, 1000.0),
              (std::vector<Index>{2, lc::opt::no_site, 2}));
    EXPECT_EQ(lc::opt::assign_nearest_open(pb, {false, false, true}, 900.0),
              (std::vector<Index>{lc::opt::no_site, lc::opt::no_site, 2}));
    EXPECT_EQ(lc::opt::covered_by(pb, {false, true, false}, 900.0), (std::vector<bool>{false, true, true}));
}

/// A seeded random problem: costs 0..1500 on about 40% of the pairs (integers,
/// so ties occur), weights 1..20.
Problem random_problem(std::mt19937& rng, std::size_t n_dem, std::size_t n_sites, bool dense) {
    Problem pb;
    std::uniform_int_distribution<int> w(1, 20), c(0, 1500), keep(0, 9);
    for (std::size_t d = 0; d < n_dem; ++d) pb.demands.push_back({"d" + std::to_string(d), double(w(rng)), {}});
    std::vector<std::vector<lc::opt::Link>> lists(n_sites);
    std::vector<double> values(n_sites * n_dem, lc::opt::no_link);
    for (std::size_t s = 0; s < n_sites; ++s) {
        pb.sites.push_back({"s" + std::to_string(s), false, {}});
        for (std::size_t d = 0; d < n_dem; ++d) {
            if (keep(rng) >= 4) continue;
            const double cost = c(rng);
            lists[s].push_back({Index(d), cost});
            values[s * n_dem + d] = cost;
        }
    }
    pb.costs = dense ? lc::opt::CostTable::dense(n_sites, n_dem, std::move(values))
                     : lc::opt::CostTable::sparse(n_dem, std::move(lists));
    return pb;
}

/// Weight newly covered by `s` given `covered`: straight from the cost table.
double brute_gain(const Problem& pb, Index s, const std::vector<bool>& covered, double radius) {
    double g = 0;
    for (Index d = 0; d < pb.demands.size(); ++d) {
        if (!covered[d] && pb.costs.cost(s, d) <= radius) g += pb.demands[d].weight;
    }
    return g;
}

TEST(Allocation, RankingAgreesWithBruteForce) {
    std::mt19937 rng(12345);
    for (int trial = 0; trial < 60; ++trial) {
        const bool dense = trial % 2 == 1;
        const Problem pb = random_problem(rng, 25, 12, dense);
        const double radius = 900.0;
        // Sites 0..3 always open; the chosen ones are a random subset of 4..11.
        std::vector<bool> fixed(12, false);
        for (Index s = 0; s < 4; ++s) fixed[s] = true;
        std::vector<Index> chosen;
        for (Index s = 4; s < 12; ++s) {
            if (rng() % 2) chosen.push_back(s);
        }
        std::vector<bool> covered(25, false);
        for (Index d = 0; d < 25; ++d) {
            for (Index s = 0; s < 4; ++s) covered[d] = covered[d] || pb.costs.cost(s, d) <= radius;
        }
        ASSERT_EQ(lc::opt::covered_by(pb, fixed, radius), covered) << "trial " << trial;
        const auto order = lc::opt::rank_by_marginal_gain(pb, chosen, covered, radius);
        // Oracle: at each rank, the gain is the largest of the sites left (first
        // listed on ties), recomputed from scratch.
        std::vector<Index> left = chosen;
        std::vector<bool> cov = covered;
        ASSERT_EQ(order.size(), chosen.size());
        for (const auto& r : order) {
            double best = -1;
            Index best_site = 0;
            for (Index s : left) {
                const double g = brute_gain(pb, s, cov, radius);
                if (g > best) {
                    best = g;
                    best_site = s;
                }
            }
            EXPECT_EQ(r.site, best_site) << "trial " << trial;
            EXPECT_DOUBLE_EQ(r.gain, best) << "trial " << trial;
            for (Index d = 0; d < 25; ++d) cov[d] = cov[d] || pb.costs.cost(r.site, d) <= radius;
            left.erase(std::find(left.begin(), left.end(), r.site));
        }
    }
}

TEST(Allocation, NearestOpenAgreesWithBruteForce) {
    std::mt19937 rng(777);
    for (int trial = 0; trial < 60; ++trial) {
        const Problem pb = random_problem(rng, 30, 10, trial % 2 == 0);
        std::vector<bool> open(10);
        for (std::size_t s = 0; s < 10; ++s) open[s] = rng() % 3 != 0;
        const double radius = trial % 3 == 0 ? 1e9 : 700.0;
        const auto got = lc::opt::assign_nearest_open(pb, open, radius);
        for (Index d = 0; d < 30; ++d) {
            Index want = lc::opt::no_site;
            double best = lc::opt::no_link;
            for (Index s = 0; s < 10; ++s) {  // ascending: the lower index keeps a tie
                const double c = pb.costs.cost(s, d);
                if (open[s] && c <= radius && c < best) {
                    best = c;
                    want = s;
                }
            }
            EXPECT_EQ(got[d], want) << "trial " << trial << ", demand " << d;
        }
    }
}

}  // namespace
