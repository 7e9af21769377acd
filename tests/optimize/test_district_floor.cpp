// The MCLP with a district floor and the max–min district share: hand-worked
// instances (the answers in the comments) and enumeration of every p-subset of
// small random instances (the expected numbers come from the enumeration here).
#include "lc/error.hpp"
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

namespace {

using lc::opt::Index;
using lc::opt::Model;
using lc::opt::Options;
using lc::opt::Problem;
using lc::opt::SolverKind;
using lc::opt::Status;

/// A coverage instance from who-covers-whom lists (cost 0 = covered, radius 0).
/// `district[i]`: the demand's district index, or no_group.
Problem cover_problem(const std::vector<double>& weight, const std::vector<Index>& district,
                      const std::vector<std::string>& names, const std::vector<std::vector<Index>>& covers) {
    Problem pb;
    for (std::size_t i = 0; i < weight.size(); ++i) pb.demands.push_back({"d" + std::to_string(i), weight[i], std::nullopt});
    std::vector<std::vector<lc::opt::Link>> lists;
    for (std::size_t j = 0; j < covers.size(); ++j) {
        pb.sites.push_back({"s" + std::to_string(j), false, std::nullopt});
        lists.emplace_back();
        for (Index i : covers[j]) lists.back().push_back({i, 0.0});
    }
    pb.costs = lc::opt::CostTable::sparse(weight.size(), std::move(lists));
    pb.group_names = names;
    pb.demand_group = district;
    return pb;
}

Options floor_options(std::size_t p, std::optional<double> floor, bool maxmin = false,
                      SolverKind solver = SolverKind::exact) {
    Options o;
    o.model = Model::mclp;
    o.p = p;
    o.radius = 0.0;
    o.solver = solver;
    o.district_floor = floor;
    o.district_maxmin = maxmin;
    return o;
}

// Districts A (a0, a1: 10 each) and B (b0: 4, b1: 2). s0 covers a0, a1 (20); s1
// covers b0, b1 (6); s2 covers a0, b0 (14). p = 1.
//   plain MCLP: s0, 20 (A 100%, B 0%).
//   floor 0.5: A needs 10, B 3. s0 leaves B at 0, s1 leaves A at 0; s2 gives A
//     10 (50%) and B 4 (66.7%): s2, 14.
//   max-min: the worst share is 0 with s0 or s1, min(50%, 66.7%) = 50% with s2:
//     floor 0.5, s2, 14.
//   floor 0.7: s2's A is 50% < 70%: infeasible, though each district reaches it
//     alone (A with s0, B with s1). With p = 2, s0 + s1 cover everything: 26.
Problem two_districts() {
    return cover_problem({10, 10, 4, 2}, {0, 0, 1, 1}, {"A", "B"}, {{0, 1}, {2, 3}, {0, 2}});
}

TEST(DistrictFloor, HandWorkedFloorPicksTheSiteServingBoth) {
    const Problem pb = two_districts();
    const auto plain = lc::opt::solve(pb, floor_options(1, std::nullopt));
    EXPECT_EQ(plain.sites, std::vector<std::string>{"s0"});
    EXPECT_DOUBLE_EQ(plain.objective, 20.0);
    // The heuristic finds s2 too but proves nothing: its LP bound is 15.5 (x = 1/4
    // on s0, 3/4 on s2: A 10 + 2.5, B 4 x 3/4 = 3, just the floor; any x on s1
    // costs 5 per unit), so it is only feasible.
    for (const SolverKind solver : {SolverKind::exact, SolverKind::heuristic}) {
        const auto r = lc::opt::solve(pb, floor_options(1, 0.5, false, solver));
        EXPECT_EQ(r.sites, std::vector<std::string>{"s2"});
        EXPECT_DOUBLE_EQ(r.objective, 14.0);
        if (solver == SolverKind::exact) {
            EXPECT_EQ(r.status, Status::optimal) << r.method;
            EXPECT_DOUBLE_EQ(r.bound, 14.0);
            EXPECT_DOUBLE_EQ(r.gap, 0.0);
        } else {
            EXPECT_EQ(r.status, Status::feasible) << r.method;
            EXPECT_GE(r.bound, 14.0);
        }
        ASSERT_EQ(r.groups.size(), 2u);
        EXPECT_EQ(r.groups[0].name, "A");
        EXPECT_DOUBLE_EQ(r.groups[0].weight, 20.0);
        EXPECT_DOUBLE_EQ(r.groups[0].required_weight, 10.0);
        EXPECT_DOUBLE_EQ(r.groups[0].covered_weight, 10.0);
        EXPECT_DOUBLE_EQ(r.groups[1].required_weight, 3.0);
        EXPECT_DOUBLE_EQ(r.groups[1].covered_weight, 4.0);
        ASSERT_TRUE(r.district_floor);
        EXPECT_DOUBLE_EQ(*r.district_floor, 0.5);
    }
}

TEST(DistrictFloor, HandWorkedMaxMin) {
    const auto r = lc::opt::solve(two_districts(), floor_options(1, std::nullopt, true));
    EXPECT_EQ(r.status, Status::optimal) << r.method;
    EXPECT_EQ(r.sites, std::vector<std::string>{"s2"});
    ASSERT_TRUE(r.district_floor);
    EXPECT_NEAR(*r.district_floor, 0.5, 1e-9);
    EXPECT_DOUBLE_EQ(r.objective, 14.0);
    EXPECT_DOUBLE_EQ(r.gap, 0.0);
}

TEST(DistrictFloor, InfeasibleFloorSaysWhy) {
    const Problem pb = two_districts();
    const auto r = lc::opt::solve(pb, floor_options(1, 0.7));
    EXPECT_EQ(r.status, Status::infeasible);
    EXPECT_FALSE(r.has_solution());
    const std::string all = [&] { std::string s; for (const auto& n : r.notes) s += n + "\n"; return s; }();
    EXPECT_NE(all.find("district floor 70.0%: no 1 new sites reach it in every district at once"), std::string::npos) << all;
    const auto two = lc::opt::solve(pb, floor_options(2, 0.7));
    EXPECT_EQ(two.status, Status::optimal);
    EXPECT_DOUBLE_EQ(two.objective, 26.0);
    // District C (c0, c1: 5 each) needs both s3 and s4 for more than 50%: with
    // p = 1 and a floor of 0.9 it is named with the most one site gives it, 50%.
    const Problem three = cover_problem({10, 10, 4, 2, 5, 5}, {0, 0, 1, 1, 2, 2}, {"A", "B", "C"},
                                        {{0, 1}, {2, 3}, {0, 2}, {4}, {5}});
    const auto c = lc::opt::solve(three, floor_options(1, 0.9));
    EXPECT_EQ(c.status, Status::infeasible);
    std::string notes;
    for (const auto& n : c.notes) notes += n + "\n";
    EXPECT_NE(notes.find("in district C (at most 50.0%)"), std::string::npos) << notes;
    EXPECT_EQ(notes.find("district A"), std::string::npos) << notes;
}

// Caps: A (a0: 10 by s0, a1: 10 by s3), B (b0: 6 by s1, b1: 4 by no site): B's
// cap is 60%.
//   floor 0.8, p = 2: A needs 16 (both s0 and s3), B min(8, 6) = 6 (s1): three
//     sites for two: infeasible. p = 3: 26, B's requirement reported as 6.
//   max-min, p = 2: s0 + s3 leave B at 0 (t = 0); s0 + s1 give A 50% and B at its
//     cap (meets any floor): t = 0.5, as s1 + s3; total 16.
//   max-min, p = 3: every district at its cap: floor 1, total 26.
TEST(DistrictFloor, CappedDistricts) {
    const Problem pb = cover_problem({10, 10, 6, 4}, {0, 0, 1, 1}, {"A", "B"}, {{0}, {2}, {}, {1}});
    EXPECT_EQ(lc::opt::solve(pb, floor_options(2, 0.8)).status, Status::infeasible);
    const auto r3 = lc::opt::solve(pb, floor_options(3, 0.8));
    EXPECT_EQ(r3.status, Status::optimal);
    EXPECT_DOUBLE_EQ(r3.objective, 26.0);
    EXPECT_DOUBLE_EQ(r3.groups[1].coverable_weight, 6.0);
    EXPECT_DOUBLE_EQ(r3.groups[1].required_weight, 6.0);
    const auto m2 = lc::opt::solve(pb, floor_options(2, std::nullopt, true));
    EXPECT_EQ(m2.status, Status::optimal);
    EXPECT_NEAR(*m2.district_floor, 0.5, 1e-9);
    EXPECT_DOUBLE_EQ(m2.objective, 16.0);
    const auto m3 = lc::opt::solve(pb, floor_options(3, std::nullopt, true));
    EXPECT_EQ(m3.status, Status::optimal);
    EXPECT_NEAR(*m3.district_floor, 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(m3.objective, 26.0);
}

TEST(DistrictFloor, RejectsBadOptions) {
    const Problem pb = two_districts();
    Options o = floor_options(1, 1.5);
    EXPECT_THROW((void)lc::opt::solve(pb, o), lc::ArgumentError);
    o = floor_options(1, 0.5);
    o.model = Model::pmedian;
    EXPECT_THROW((void)lc::opt::solve(pb, o), lc::ArgumentError);
    Problem none = pb;
    none.demand_group.clear();
    EXPECT_THROW((void)lc::opt::solve(none, floor_options(1, 0.5)), lc::ArgumentError);
}

// ---------------------------------------------------------------- enumeration

/// Random points in a 100 x 100 square, Manhattan costs, weights 1..9, three
/// districts (by x band, with a few demands in none); the first site is existing
/// when `existing`.
Problem random_districts(unsigned seed, std::size_t n_d, std::size_t n_s, bool existing) {
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> coord(0, 100), wt(1, 9);
    Problem pb;
    pb.group_names = {"west", "centre", "east"};
    std::vector<std::pair<int, int>> dp(n_d), sp(n_s);
    for (std::size_t i = 0; i < n_d; ++i) {
        dp[i] = {coord(gen), coord(gen)};
        pb.demands.push_back({"d" + std::to_string(i), static_cast<double>(wt(gen)), std::nullopt});
        pb.demand_group.push_back(i % 7 == 6 ? lc::opt::no_group : static_cast<Index>(std::min(2, dp[i].first / 34)));
    }
    std::vector<std::vector<lc::opt::Link>> lists(n_s);
    for (std::size_t j = 0; j < n_s; ++j) {
        sp[j] = {coord(gen), coord(gen)};
        pb.sites.push_back({"s" + std::to_string(j), existing && j == 0, std::nullopt});
        for (std::size_t i = 0; i < n_d; ++i)
            lists[j].push_back({static_cast<Index>(i), static_cast<double>(std::abs(sp[j].first - dp[i].first) +
                                                                           std::abs(sp[j].second - dp[i].second))});
    }
    pb.costs = lc::opt::CostTable::sparse(n_d, std::move(lists));
    return pb;
}

/// Each district's covered weight with `open` (plus the existing sites) open.
std::vector<double> district_cover(const Problem& pb, double radius, const std::vector<Index>& open, bool all = false) {
    std::vector<char> on(pb.sites.size(), 0);
    for (Index j = 0; j < pb.sites.size(); ++j) on[j] = all || pb.sites[j].existing;
    for (Index j : open) on[j] = 1;
    std::vector<double> out(pb.group_names.size(), 0.0);
    for (std::size_t i = 0; i < pb.demands.size(); ++i) {
        bool covered = false;
        for (Index j = 0; j < pb.sites.size(); ++j) covered = covered || (on[j] && pb.costs.cost(j, static_cast<Index>(i)) <= radius);
        if (covered && pb.demand_group[i] != lc::opt::no_group) out[pb.demand_group[i]] += pb.demands[i].weight;
    }
    return out;
}

void for_each_subset(const Problem& pb, std::size_t k, const std::function<void(const std::vector<Index>&)>& f) {
    std::vector<Index> cand;
    for (Index j = 0; j < pb.sites.size(); ++j)
        if (!pb.sites[j].existing) cand.push_back(j);
    std::vector<Index> cur;
    std::function<void(std::size_t)> rec = [&](std::size_t start) {
        if (cur.size() == k) {
            f(cur);
            return;
        }
        for (std::size_t q = start; q < cand.size(); ++q) {
            cur.push_back(cand[q]);
            rec(q + 1);
            cur.pop_back();
        }
    };
    rec(0);
}

TEST(DistrictFloor, MatchesEnumerationOnRandomInstances) {
    int infeasible = 0, feasible = 0;
    for (unsigned seed = 1; seed <= 8; ++seed) {
        const Problem pb = random_districts(seed, 14 + seed % 4, 7 + seed % 2, seed % 3 == 0);
        const double radius = 30.0;
        std::vector<double> weight(3, 0.0);
        for (std::size_t i = 0; i < pb.demands.size(); ++i)
            if (pb.demand_group[i] != lc::opt::no_group) weight[pb.demand_group[i]] += pb.demands[i].weight;
        const std::vector<double> cap = district_cover(pb, radius, {}, true);
        for (std::size_t p : {1u, 2u, 3u}) {
            Options base = floor_options(p, std::nullopt);
            base.radius = radius;
            // Max-min by enumeration: the floor each subset meets (a district at its
            // cap meets any), the largest one, then the most weight among its subsets.
            double best_t = -1.0, best_total = -1.0;
            std::vector<std::pair<double, double>> subsets;  // (floor met, total)
            for_each_subset(pb, p, [&](const std::vector<Index>& s) {
                const auto cov = district_cover(pb, radius, s);
                double t = 1.0;
                for (std::size_t d = 0; d < 3; ++d)
                    if (weight[d] > 0 && cov[d] < cap[d] - 1e-9) t = std::min(t, cov[d] / weight[d]);
                subsets.emplace_back(t, lc::opt::evaluate(pb, base, s));
                best_t = std::max(best_t, t);
            });
            for (const auto& [t, total] : subsets)
                if (t >= best_t - 1e-9) best_total = std::max(best_total, total);
            SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
            Options mm = base;
            mm.district_maxmin = true;
            const auto r = lc::opt::solve(pb, mm);
            EXPECT_EQ(r.status, Status::optimal);
            ASSERT_TRUE(r.district_floor);
            EXPECT_NEAR(*r.district_floor, best_t, 1e-9);
            EXPECT_NEAR(r.objective, best_total, 1e-6);
            EXPECT_DOUBLE_EQ(lc::opt::evaluate(pb, base, r.open_sites), r.objective);
            for (const double f : {0.3, 0.6, 0.9}) {
                SCOPED_TRACE("floor " + std::to_string(f));
                double best = -1.0;
                for_each_subset(pb, p, [&](const std::vector<Index>& s) {
                    const auto cov = district_cover(pb, radius, s);
                    for (std::size_t d = 0; d < 3; ++d)
                        if (cov[d] < std::min(f * weight[d], cap[d]) - 1e-9) return;
                    best = std::max(best, lc::opt::evaluate(pb, base, s));
                });
                Options fo = base;
                fo.district_floor = f;
                const auto rf = lc::opt::solve(pb, fo);
                if (best < 0) {
                    ++infeasible;
                    EXPECT_EQ(rf.status, Status::infeasible);
                    continue;
                }
                ++feasible;
                EXPECT_EQ(rf.status, Status::optimal);
                EXPECT_NEAR(rf.objective, best, 1e-6);
                EXPECT_NEAR(rf.gap, 0.0, 1e-12);
                const auto cov = district_cover(pb, radius, rf.open_sites);
                for (std::size_t d = 0; d < 3; ++d) {
                    EXPECT_GE(cov[d], std::min(f * weight[d], cap[d]) - 1e-9);
                    EXPECT_NEAR(rf.groups[d].covered_weight, cov[d], 1e-9);
                }
                // The heuristic's solution meets the floor and its LP bound is valid.
                fo.solver = SolverKind::heuristic;
                const auto h = lc::opt::solve(pb, fo);
                if (h.has_solution()) {
                    EXPECT_LE(h.objective, best + 1e-6);
                    const auto hc = district_cover(pb, radius, h.open_sites);
                    for (std::size_t d = 0; d < 3; ++d) EXPECT_GE(hc[d], std::min(f * weight[d], cap[d]) - 1e-9);
                }
                EXPECT_GE(h.bound, best - 1e-6);
            }
        }
    }
    // Both outcomes were exercised.
    EXPECT_GT(infeasible, 3);
    EXPECT_GT(feasible, 10);
}

}  // namespace
