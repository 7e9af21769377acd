// Lagrangian variable fixing for the MCLP (optimize/src/mclp.cpp), checked against
// brute force: a candidate fixed closed must be in no site set (of at most p) covering
// more than the target, one fixed open in every such set.
#include "coverage_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <random>
#include <vector>

namespace {

using lc::opt::Index;
using lc::opt::Problem;
namespace cover = lc::opt::detail::cover;

/// n_d demands and n_s candidate sites on a 10 x 10 square; pairs within 3.5 listed.
Problem small_problem(unsigned seed, std::size_t n_d, std::size_t n_s) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> xy(0.0, 10.0), w(1.0, 10.0);
    std::vector<std::pair<double, double>> d(n_d), s(n_s);
    for (auto& q : d) q = {xy(gen), xy(gen)};
    for (auto& q : s) q = {xy(gen), xy(gen)};
    Problem pb;
    for (std::size_t i = 0; i < n_d; ++i) pb.demands.push_back({std::to_string(i), std::round(w(gen)), std::nullopt});
    std::vector<std::vector<lc::opt::Link>> lists(n_s);
    for (std::size_t j = 0; j < n_s; ++j) {
        pb.sites.push_back({std::to_string(j), false, std::nullopt});
        for (std::size_t i = 0; i < n_d; ++i) {
            const double c = std::hypot(d[i].first - s[j].first, d[i].second - s[j].second);
            if (c <= 3.5) lists[j].push_back({static_cast<Index>(i), c});
        }
    }
    pb.costs = lc::opt::CostTable::sparse(n_d, std::move(lists));
    return pb;
}

/// Weight of the groups the candidates in `open` cover.
double covered(const cover::Coverage& cv, const std::vector<int>& open) {
    std::vector<char> hit(cv.group_weight.size(), 0);
    double w = 0.0;
    for (int j : open)
        for (int g : cv.groups_of(static_cast<std::size_t>(j)))
            if (!hit[static_cast<std::size_t>(g)]++) w += cv.group_weight[static_cast<std::size_t>(g)];
    return w;
}

TEST(MclpFixing, AgreesWithBruteForce) {
    std::size_t n_closed = 0, n_open = 0;
    for (unsigned seed = 1; seed <= 12; ++seed) {
        const Problem pb = small_problem(seed, 30, 12);
        const cover::Coverage cv = cover::build(pb, 3.5, true);
        const std::size_t nc = cv.cand.size(), p = 3;
        // Every set of exactly min(p, nc) candidates (weights are positive: more sites never cover less).
        std::vector<std::vector<int>> sets;
        std::vector<int> cur;
        std::function<void(int)> rec = [&](int from) {
            if (cur.size() == std::min(p, nc)) {
                sets.push_back(cur);
                return;
            }
            for (int j = from; j < static_cast<int>(nc); ++j) {
                cur.push_back(j);
                rec(j + 1);
                cur.pop_back();
            }
        };
        rec(0);
        double best = 0.0;
        for (const auto& s : sets) best = std::max(best, covered(cv, s));
        std::mt19937 gen(seed);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (int trial = 0; trial < 4; ++trial) {
            // mu = w (trial 0), else w times a random factor; targets at and below the optimum.
            std::vector<double> mu(cv.group_weight);
            if (trial > 0)
                for (double& m : mu) m *= u(gen);
            for (double target : {best, best - 3.0, best - 10.0}) {
                const auto fix = cover::lagrangian_fixing(cv, p, mu, target);
                ASSERT_EQ(fix.size(), nc);
                for (std::size_t j = 0; j < nc; ++j) {
                    if (fix[j] == cover::fix_free) continue;
                    for (const auto& s : sets) {
                        const bool has = std::find(s.begin(), s.end(), static_cast<int>(j)) != s.end();
                        if ((fix[j] == cover::fix_closed) == has) {
                            EXPECT_LE(covered(cv, s), target + 1e-9) << "seed " << seed << " candidate " << j;
                        }
                    }
                    (fix[j] == cover::fix_closed ? n_closed : n_open) += 1;
                }
            }
        }
    }
    // The check above is not empty: both kinds of fixing happen on these instances.
    EXPECT_GT(n_closed, 0U);
    EXPECT_GT(n_open, 0U);
}

// Hand-worked: groups A (weight 10, covered by candidates 0 and 1), B (6, by 1),
// C (1, by 2); p = 1, mu = w. v = (10, 16, 1), L = 0 + 16 = 16. Target 10: forcing
// candidate 0 in gives 16 - 16 + 10 = 10 <= 10 (closed), candidate 2 gives 1
// (closed); forcing 1 out gives 16 - 16 + 10 = 10 <= 10 (open). Target 9.5: candidate
// 0 stays free (10 > 9.5), 2 is closed, 1 stays free (10 > 9.5).
TEST(MclpFixing, HandWorked) {
    Problem pb;
    pb.demands = {{"A", 10.0, std::nullopt}, {"B", 6.0, std::nullopt}, {"C", 1.0, std::nullopt}};
    pb.sites = {{"0", false, std::nullopt}, {"1", false, std::nullopt}, {"2", false, std::nullopt}};
    pb.costs = lc::opt::CostTable::sparse(3, {{{0, 1.0}}, {{0, 1.0}, {1, 1.0}}, {{2, 1.0}}});
    const cover::Coverage cv = cover::build(pb, 2.0, false);  // keep candidate 0 (dominated by 1)
    ASSERT_EQ(cv.cand.size(), 3U);
    ASSERT_EQ(cv.group_weight.size(), 3U);
    const auto a = cover::lagrangian_fixing(cv, 1, cv.group_weight, 10.0);
    EXPECT_EQ(a, (std::vector<char>{cover::fix_closed, cover::fix_open, cover::fix_closed}));
    const auto b = cover::lagrangian_fixing(cv, 1, cv.group_weight, 9.5);
    EXPECT_EQ(b, (std::vector<char>{cover::fix_free, cover::fix_free, cover::fix_closed}));
}

}  // namespace
