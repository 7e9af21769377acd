// Every model, exact and heuristic, against brute-force enumeration of all
// p-subsets on tiny random instances (the expected numbers come from the
// enumeration in this file, not from the solvers).
#include "lc/error.hpp"
#include "lc/optimize/solve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>

namespace {

using lc::opt::Index;
using lc::opt::Model;
using lc::opt::Options;
using lc::opt::Problem;
using lc::opt::SolverKind;
using lc::opt::Status;

/// n_d demands and n_s sites at random integer points of a 100 x 100 square,
/// Manhattan costs, integer weights 1..9; `existing` first sites are existing.
Problem random_problem(unsigned seed, std::size_t n_d, std::size_t n_s, std::size_t existing = 0, bool sparse = false) {
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> coord(0, 100), wt(1, 9);
    Problem pb;
    std::vector<std::pair<int, int>> dp(n_d), sp(n_s);
    for (std::size_t i = 0; i < n_d; ++i) {
        dp[i] = {coord(gen), coord(gen)};
        pb.demands.push_back({"d" + std::to_string(i), static_cast<double>(wt(gen)), std::nullopt});
    }
    for (std::size_t j = 0; j < n_s; ++j) {
        sp[j] = {coord(gen), coord(gen)};
        pb.sites.push_back({"s" + std::to_string(j), j < existing, std::nullopt});
    }
    auto dist = [&](std::size_t j, std::size_t i) {
        return static_cast<double>(std::abs(sp[j].first - dp[i].first) + std::abs(sp[j].second - dp[i].second));
    };
    if (sparse) {
        std::vector<std::vector<lc::opt::Link>> lists(n_s);
        for (std::size_t j = 0; j < n_s; ++j)
            for (std::size_t i = 0; i < n_d; ++i) lists[j].push_back({static_cast<Index>(i), dist(j, i)});
        pb.costs = lc::opt::CostTable::sparse(n_d, std::move(lists));
    } else {
        std::vector<double> v(n_s * n_d);
        for (std::size_t j = 0; j < n_s; ++j)
            for (std::size_t i = 0; i < n_d; ++i) v[j * n_d + i] = dist(j, i);
        pb.costs = lc::opt::CostTable::dense(n_s, n_d, std::move(v));
    }
    return pb;
}

/// Calls f(subset) for every k-subset of the new candidates.
void for_each_subset(const Problem& pb, std::size_t k, const std::function<void(const std::vector<Index>&)>& f) {
    std::vector<Index> cand;
    for (Index j = 0; j < pb.sites.size(); ++j)
        if (!pb.sites[j].existing) cand.push_back(j);
    std::vector<Index> cur;
    std::function<void(std::size_t)> rec = [&](std::size_t start) {
        if (cur.size() == k) { f(cur); return; }
        for (std::size_t q = start; q < cand.size(); ++q) {
            cur.push_back(cand[q]);
            rec(q + 1);
            cur.pop_back();
        }
    };
    rec(0);
}

double brute_force(const Problem& pb, const Options& opt) {
    const bool maximise = opt.model == Model::mclp;
    double best = maximise ? -1.0 : lc::opt::no_link;
    for_each_subset(pb, opt.p, [&](const std::vector<Index>& s) {
        const double v = lc::opt::evaluate(pb, opt, s);
        best = maximise ? std::max(best, v) : std::min(best, v);
    });
    return best;
}

struct Case {
    Model model;
    SolverKind solver;
    bool radius_cbc = false;  ///< p-median exact via the CBC radius formulation
};

std::string case_label(const Case& c) {
    return std::string(lc::opt::to_string(c.model)) + "_" + std::string(lc::opt::to_string(c.solver)) +
           (c.radius_cbc ? "_radius_cbc" : "");
}
// gtest prints a parameter with PrintTo: the label, not the struct's raw bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << case_label(c); }

class BruteForce : public ::testing::TestWithParam<Case> {};

TEST_P(BruteForce, MatchesEnumerationOnRandomInstances) {
    const Case c = GetParam();
    for (unsigned seed = 1; seed <= 6; ++seed) {
        const std::size_t n_d = 8 + seed % 5, n_s = 6 + seed % 3, existing = seed % 3 == 0 ? 1 : 0;
        const Problem pb = random_problem(seed, n_d, n_s, existing, seed % 2 == 0);
        for (std::size_t p : {1u, 2u, 3u}) {
            Options opt;
            opt.model = c.model;
            opt.solver = c.solver;
            opt.p = p;
            opt.radius = 35.0;
            opt.seed = seed;
            opt.pmedian_radius_cbc = c.radius_cbc;
            const auto res = lc::opt::solve(pb, opt);
            const double expect = brute_force(pb, opt);
            SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
            EXPECT_LE(res.open_sites.size(), p);
            EXPECT_DOUBLE_EQ(lc::opt::evaluate(pb, opt, res.open_sites), res.objective);
            if (c.solver == SolverKind::exact) {
                EXPECT_EQ(res.status, Status::optimal);
                EXPECT_NEAR(res.objective, expect, 1e-6);
                EXPECT_NEAR(res.gap, 0.0, 1e-9);
            } else {
                // A heuristic may miss the optimum, but its bound must be valid.
                // MCLP and p-median (swap search + restarts) should be at the
                // optimum on these tiny instances; the p-center greedy cover need not.
                if (c.model == Model::pcenter) EXPECT_GE(res.objective, expect - 1e-6);
                else EXPECT_NEAR(res.objective, expect, 1e-6);
                if (c.model == Model::mclp) EXPECT_GE(res.bound, expect - 1e-6);
                else EXPECT_LE(res.bound, expect + 1e-6);
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Models, BruteForce,
                         ::testing::Values(Case{Model::mclp, SolverKind::exact}, Case{Model::mclp, SolverKind::heuristic},
                                           Case{Model::pmedian, SolverKind::exact},
                                           Case{Model::pmedian, SolverKind::exact, true},
                                           Case{Model::pmedian, SolverKind::heuristic},
                                           Case{Model::pcenter, SolverKind::exact},
                                           Case{Model::pcenter, SolverKind::heuristic}),
                         [](const auto& param_info) { return case_label(param_info.param);
                         });

// LSCP: the fewest sites covering all coverable demand = the smallest k for which
// some k-subset covers the coverable weight (found by enumeration).
TEST(Lscp, MatchesEnumeration) {
    for (unsigned seed = 1; seed <= 6; ++seed) {
        const Problem pb = random_problem(100 + seed, 10, 7, seed % 3 == 0 ? 1 : 0);
        for (SolverKind s : {SolverKind::exact, SolverKind::heuristic}) {
            Options opt;
            opt.model = Model::lscp;
            opt.radius = 30.0;
            opt.solver = s;
            const auto res = lc::opt::solve(pb, opt);
            // Coverable weight = coverage with every site open.
            std::vector<Index> all;
            for (Index j = 0; j < pb.sites.size(); ++j) all.push_back(j);
            const double coverable = lc::opt::evaluate(pb, opt, all);
            std::size_t k_min = 0;
            for (std::size_t k = 0; k <= pb.n_candidates(); ++k) {
                bool ok = false;
                Options o = opt;
                o.p = k;
                for_each_subset(pb, k, [&](const std::vector<Index>& sub) {
                    if (lc::opt::evaluate(pb, o, sub) >= coverable - 1e-9) ok = true;
                });
                if (ok) { k_min = k; break; }
            }
            SCOPED_TRACE("seed " + std::to_string(seed));
            EXPECT_NEAR(res.covered_weight, coverable, 1e-9);
            if (s == SolverKind::exact) {
                EXPECT_EQ(res.status, Status::optimal);
                EXPECT_EQ(res.open_sites.size(), k_min);
            } else {
                EXPECT_GE(res.open_sites.size(), k_min);
                EXPECT_LE(res.bound, static_cast<double>(k_min));
            }
        }
    }
}

// The LSCP's lower bound without Clp (exact_max_links = 0 skips the LP in the
// heuristic): the packing bound (groups no one site covers two of) and, with a
// target share too, the weight bound (the heaviest sites' own weights). Never
// above the exact optimum; on three demands at 0, 10, 20 with sites at 0, 10, 20
// and radius 5 each demand has its own site: bound 3 = the optimum, proven.
TEST(Lscp, PackingBoundWithoutTheLp) {
    for (unsigned seed = 1; seed <= 24; ++seed) {
        const Problem pb = random_problem(200 + seed, 10, 8, 0);
        Options opt;
        opt.model = Model::lscp;
        opt.radius = 30.0;
        if (seed > 12) opt.target_share = 0.6;
        opt.solver = SolverKind::heuristic;
        opt.exact_max_links = 0;
        const auto res = lc::opt::solve(pb, opt);
        Options ex = opt;
        ex.solver = SolverKind::exact;
        const auto best = lc::opt::solve(pb, ex);
        if (best.status == Status::infeasible) continue;  // 0.6 above the coverable share
        ASSERT_EQ(best.status, Status::optimal);
        SCOPED_TRACE("seed " + std::to_string(seed));
        EXPECT_LE(res.bound, best.objective);
        EXPECT_GE(res.bound, 1.0);
    }
    // Three demands at 0, 10, 20 with one site at each, radius 5: each demand has
    // its own site. The heuristic without the LP (exact_max_links = 0).
    auto line_of_three = [](std::vector<double> weights) {
        Problem pb;
        pb.demands = {{"a", weights[0], {}}, {"b", weights[1], {}}, {"c", weights[2], {}}};
        pb.sites = {{"s0", false, {}}, {"s10", false, {}}, {"s20", false, {}}};
        pb.costs = lc::opt::CostTable::dense(3, 3, {0, 10, 20, 10, 0, 10, 20, 10, 0});
        return pb;
    };
    Options opt;
    opt.model = Model::lscp;
    opt.radius = 5.0;
    opt.solver = SolverKind::heuristic;
    opt.exact_max_links = 0;
    // Weight bound by hand: weights 5, 3, 2 and a target of 0.7 (7 of 10): two sites
    // at least (5 < 7 <= 5 + 3).
    Options w = opt;
    w.target_share = 0.7;
    const auto hw = lc::opt::solve(line_of_three({5, 3, 2}), w);
    EXPECT_EQ(hw.objective, 2.0);
    EXPECT_EQ(hw.bound, 2.0);
    // Packing bound by hand: every demand, weights 1: three sites, proven.
    const auto res = lc::opt::solve(line_of_three({1, 1, 1}), opt);
    EXPECT_EQ(res.objective, 3.0);
    EXPECT_EQ(res.bound, 3.0);
    EXPECT_EQ(res.status, Status::optimal);
}

// Three demands on a line at 0, 10, 100 and sites at 0 and 10: with radius 5 the
// demand at 100 is reachable by no site (LSCP "infeasible" as stated): it is
// reported as uncoverable and the other two need both sites.
TEST(Lscp, ReportsUncoverableDemands) {
    Problem pb;
    pb.demands = {{"a", 1, {}}, {"b", 1, {}}, {"c", 1, {}}};
    pb.sites = {{"s0", false, {}}, {"s10", false, {}}};
    pb.costs = lc::opt::CostTable::dense(2, 3, {0, 10, 100, 10, 0, 90});
    Options opt;
    opt.model = Model::lscp;
    opt.radius = 5.0;
    const auto res = lc::opt::solve(pb, opt);
    ASSERT_EQ(res.uncoverable.size(), 1u);
    EXPECT_EQ(pb.demands[res.uncoverable[0]].id, "c");
    EXPECT_EQ(res.objective, 2.0);
    EXPECT_EQ(res.covered_weight, 2.0);
    // With a target share of 1 the model is infeasible (only 2/3 is coverable).
    opt.target_share = 1.0;
    EXPECT_EQ(lc::opt::solve(pb, opt).status, Status::infeasible);
    // With 0.5 of the weight (1.5 of 3) two demands are needed: both sites? No:
    // each site covers one demand within 5, so 2 sites are still needed.
    opt.target_share = 0.5;
    const auto half = lc::opt::solve(pb, opt);
    EXPECT_EQ(half.status, Status::optimal);
    EXPECT_EQ(half.objective, 2.0);
    opt.target_share = 0.3;  // 0.9 of weight: one site suffices
    EXPECT_EQ(lc::opt::solve(pb, opt).objective, 1.0);
}

// Capacitated MCLP, worked by hand. Demands A (weight 60), B (50), C (40); two
// candidate sites, capacity 70 each, p = 1, radius 10:
//   site S1 reaches A (cost 5) and B (cost 8); site S2 reaches B (3) and C (4).
// Uncapacitated: S1 covers 110, S2 covers 90 -> S1, 110.
// Capacitated: S1 serves at most 70 of A+B = 110 -> 70; S2 serves 70 of 90 -> 70.
// Both give 70, so the optimum is 70 (split demand allowed).
// With p = 2: S1 takes A fully (60) + 10 of B, S2 takes C (40) + 30 of B -> 140.
TEST(Capacitated, MclpHandWorked) {
    Problem pb;
    pb.demands = {{"A", 60, {}}, {"B", 50, {}}, {"C", 40, {}}};
    pb.sites = {{"S1", false, 70.0}, {"S2", false, 70.0}};
    pb.costs = lc::opt::CostTable::dense(2, 3, {5, 8, 50, 50, 3, 4});
    Options opt;
    opt.model = Model::mclp;
    opt.radius = 10.0;
    opt.p = 1;
    EXPECT_DOUBLE_EQ(lc::opt::solve(pb, opt).objective, 110.0);
    opt.capacitated = true;
    auto res = lc::opt::solve(pb, opt);
    EXPECT_EQ(res.status, Status::optimal);
    EXPECT_NEAR(res.objective, 70.0, 1e-6);
    opt.p = 2;
    res = lc::opt::solve(pb, opt);
    EXPECT_NEAR(res.objective, 140.0, 1e-6);
    double served_s1 = 0.0;
    for (const auto& a : res.assignment)
        if (a.site == 0) served_s1 += a.share * pb.demands[a.demand].weight;
    EXPECT_LE(served_s1, 70.0 + 1e-6);
}

// Capacitated p-median, worked by hand. Demands A (10), B (10) at costs
//   site S1: A 1, B 2;  site S2: A 4, B 3;  capacity of each site 10; p = 2.
// Uncapacitated p = 2: A->S1 (1), B->S1 (2): 10*1 + 10*2 = 30.
// Capacitated: S1 takes 10 units only. Options: A->S1, B->S2: 10 + 30 = 40;
// B->S1, A->S2: 20 + 40 = 60. Optimum 40. With p = 1 the capacity 10 < 20 is infeasible.
TEST(Capacitated, PmedianHandWorked) {
    Problem pb;
    pb.demands = {{"A", 10, {}}, {"B", 10, {}}};
    pb.sites = {{"S1", false, 10.0}, {"S2", false, 10.0}};
    pb.costs = lc::opt::CostTable::dense(2, 2, {1, 2, 4, 3});
    Options opt;
    opt.model = Model::pmedian;
    opt.p = 2;
    EXPECT_DOUBLE_EQ(lc::opt::solve(pb, opt).objective, 30.0);
    opt.capacitated = true;
    auto res = lc::opt::solve(pb, opt);
    EXPECT_EQ(res.status, Status::optimal);
    EXPECT_NEAR(res.objective, 40.0, 1e-6);
    opt.p = 1;
    EXPECT_EQ(lc::opt::solve(pb, opt).status, Status::infeasible);
    // Loads (households) can differ from weights: A uses 5, B uses 5 -> S1 takes both.
    pb.demands[0].load = 5.0;
    pb.demands[1].load = 5.0;
    opt.p = 2;
    EXPECT_NEAR(lc::opt::solve(pb, opt).objective, 30.0, 1e-6);
}

// Capacitated LSCP, the MCLP instance above (A 60, B 50, C 40 = 150; S1 reaches
// A, B; S2 reaches B, C; capacity 70 each; radius 10):
//   no target: everything is reachable (150), but both sites together serve at
//     most 140: the target is lowered to 140 (a note) and needs both sites.
//   --target 0.4 (60): one site serves 60 (S1: A; or S2: 60 of B + C) -> 1.
//   --target 0.5 (75): one site serves at most 70 -> 2.
// With an existing S0 (capacity 50, reaches A at 2) and --target 0.8 (120):
//   S0 serves 50 of A; S1 could add only 10 of A + 50 of B = 60 (110 in all),
//   S2 adds 70 of B + C (120) -> 1 new site, S2.
TEST(Capacitated, LscpHandWorked) {
    Problem pb;
    pb.demands = {{"A", 60, {}}, {"B", 50, {}}, {"C", 40, {}}};
    pb.sites = {{"S1", false, 70.0}, {"S2", false, 70.0}};
    pb.costs = lc::opt::CostTable::dense(2, 3, {5, 8, 50, 50, 3, 4});
    Options opt;
    opt.model = Model::lscp;
    opt.radius = 10.0;
    opt.capacitated = true;
    auto res = lc::opt::solve(pb, opt);
    EXPECT_EQ(res.status, Status::optimal);
    EXPECT_EQ(res.objective, 2.0);
    EXPECT_NEAR(res.covered_weight, 140.0, 1e-6);
    ASSERT_FALSE(res.notes.empty());
    EXPECT_NE(res.notes.front().find("can serve 93.3%"), std::string::npos) << res.notes.front();
    opt.target_share = 0.4;
    EXPECT_EQ(lc::opt::solve(pb, opt).objective, 1.0);
    opt.target_share = 0.5;
    EXPECT_EQ(lc::opt::solve(pb, opt).objective, 2.0);

    Problem with_s0;
    with_s0.demands = pb.demands;
    with_s0.sites = {{"S0", true, 50.0}, {"S1", false, 70.0}, {"S2", false, 70.0}};
    with_s0.costs = lc::opt::CostTable::dense(3, 3, {2, 50, 50, 5, 8, 50, 50, 3, 4});
    opt.target_share = 0.8;
    res = lc::opt::solve(with_s0, opt);
    EXPECT_EQ(res.status, Status::optimal);
    ASSERT_EQ(res.sites.size(), 1U);
    EXPECT_EQ(res.sites[0], "S2");
    std::vector<double> load(3, 0.0);
    for (const auto& a : res.assignment) load[a.site] += a.share * with_s0.demands[a.demand].weight;
    EXPECT_LE(load[0], 50.0 + 1e-6);
    EXPECT_LE(load[2], 70.0 + 1e-6);
    EXPECT_NEAR(load[0] + load[2], 120.0, 1e-6);
}

// Capacitated p-center, the p-median instance above (A 10, B 10; S1: A 1, B 2;
// S2: A 4, B 3; capacity 10 each): p = 2 -> S1 can take one demand only: A->S1
// (1), B->S2 (3): largest 3; or B->S1 (2), A->S2 (4): largest 4 -> 3. p = 1 is
// infeasible. Uncapacitated p = 1: S1 serves both, largest 2.
TEST(Capacitated, PcenterHandWorked) {
    Problem pb;
    pb.demands = {{"A", 10, {}}, {"B", 10, {}}};
    pb.sites = {{"S1", false, 10.0}, {"S2", false, 10.0}};
    pb.costs = lc::opt::CostTable::dense(2, 2, {1, 2, 4, 3});
    Options opt;
    opt.model = Model::pcenter;
    opt.p = 1;
    EXPECT_DOUBLE_EQ(lc::opt::solve(pb, opt).objective, 2.0);
    opt.capacitated = true;
    EXPECT_EQ(lc::opt::solve(pb, opt).status, Status::infeasible);
    opt.p = 2;
    const auto res = lc::opt::solve(pb, opt);
    EXPECT_EQ(res.status, Status::optimal);
    EXPECT_DOUBLE_EQ(res.objective, 3.0);
    EXPECT_DOUBLE_EQ(res.bound, 3.0);
    for (const auto& a : res.assignment) EXPECT_EQ(a.site, a.demand == 0 ? 0U : 1U);  // A->S1, B->S2
}

// Medium instances (too big to enumerate): the heuristic's objective may fall
// short of the exact optimum but its Lagrangian bound must not cross it (the
// exact optimum comes from the exact path, itself checked by enumeration above).
TEST(HeuristicBounds, ValidAgainstExactOnMediumInstances) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
        const Problem pb = random_problem(500 + seed, 400, 120, 2, true);
        for (Model m : {Model::mclp, Model::pmedian}) {
            Options opt;
            opt.model = m;
            opt.p = 6;
            opt.radius = 18.0;
            opt.seed = seed;
            opt.solver = SolverKind::exact;
            const auto ex = lc::opt::solve(pb, opt);
            ASSERT_EQ(ex.status, Status::optimal);
            opt.solver = SolverKind::heuristic;
            const auto h = lc::opt::solve(pb, opt);
            SCOPED_TRACE(std::string(lc::opt::to_string(m)) + " seed " + std::to_string(seed));
            if (m == Model::mclp) {
                EXPECT_LE(h.objective, ex.objective + 1e-6);
                EXPECT_GE(h.bound, ex.objective - 1e-6);
            } else {
                EXPECT_GE(h.objective, ex.objective - 1e-6);
                EXPECT_LE(h.bound, ex.objective + 1e-6);
            }
            EXPECT_LE(h.gap, 0.05);
        }
    }
}

// Same seed, same result (heuristic restarts are seeded, not timed).
TEST(Determinism, SameSeedSameResult) {
    const Problem pb = random_problem(42, 300, 120, 3, true);
    for (Model m : {Model::mclp, Model::pmedian}) {
        Options opt;
        opt.model = m;
        opt.p = 8;
        opt.radius = 15.0;
        opt.solver = SolverKind::heuristic;
        opt.seed = 7;
        const auto a = lc::opt::solve(pb, opt);
        const auto b = lc::opt::solve(pb, opt);
        EXPECT_EQ(a.open_sites, b.open_sites);
        EXPECT_EQ(a.objective, b.objective);
        EXPECT_EQ(a.bound, b.bound);
    }
}

// A larger MCLP whose Lagrangian bound does not close the gap, so the iterated local
// search (incremental gain/loss arrays, pruned swap scans) runs: its answer must be
// what evaluate() says of the chosen sites, within the bound, p sites, and the same
// for the same seed.
TEST(MclpHeuristic, LocalSearchConsistentAndDeterministic) {
    const Problem pb = random_problem(77, 3000, 1000, 3, true);
    Options opt;
    opt.model = Model::mclp;
    opt.p = 60;
    opt.radius = 4.0;
    opt.solver = SolverKind::heuristic;
    opt.seed = 3;
    const auto a = lc::opt::solve(pb, opt);
    bool ran_ils = false;
    for (const auto& n : a.notes) ran_ils = ran_ils || n.find("iterated local search") != std::string::npos;
    EXPECT_TRUE(ran_ils);
    EXPECT_EQ(a.open_sites.size(), opt.p);
    EXPECT_NEAR(lc::opt::evaluate(pb, opt, a.open_sites), a.objective, 1e-6);
    EXPECT_GE(a.bound, a.objective - 1e-6);
    EXPECT_LE(a.gap, 0.05);
    const auto b = lc::opt::solve(pb, opt);
    EXPECT_EQ(a.open_sites, b.open_sites);
    EXPECT_EQ(a.objective, b.objective);
    EXPECT_EQ(a.bound, b.bound);
}

TEST(Options, RejectsBadArguments) {
    const Problem pb = random_problem(1, 5, 4);
    Options opt;
    opt.model = Model::pmedian;
    opt.p = 5;  // > 4 candidates
    EXPECT_THROW((void)lc::opt::solve(pb, opt), lc::ArgumentError);
    opt.model = Model::mclp;
    opt.p = 2;  // no radius
    EXPECT_THROW((void)lc::opt::solve(pb, opt), lc::ArgumentError);
    EXPECT_THROW((void)lc::opt::parse_model("median"), lc::ArgumentError);
}

}  // namespace

/// n_d demands, n_s sites, costs drawn uniformly from 1..100 (not a metric: the
/// p-median's LP relaxation then often leaves a gap), unit weights.
Problem random_cost_problem(unsigned seed, std::size_t n_d, std::size_t n_s) {
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> cost(1, 100);
    Problem pb;
    for (std::size_t i = 0; i < n_d; ++i) pb.demands.push_back({"d" + std::to_string(i), 1.0, std::nullopt});
    for (std::size_t j = 0; j < n_s; ++j) pb.sites.push_back({"s" + std::to_string(j), false, std::nullopt});
    std::vector<double> v(n_s * n_d);
    for (double& c : v) c = cost(gen);
    pb.costs = lc::opt::CostTable::dense(n_s, n_d, std::move(v));
    return pb;
}

// The exact p-median's LP branch-and-bound (Benders cuts at every node) against
// enumeration on random-cost instances where the LP relaxation leaves a gap
// (16 sites, 24 demands, p = 3 and 5): every run proven at the enumerated
// optimum, and the LP optimum the notes report never above it. The counts make
// sure the branch-and-bound itself ran, not only a root LP that already proved,
// and that strong branching dropped children and reduced costs fixed facilities
// (both prune: a wrong drop or fix would lose the enumerated optimum).
TEST(PmedianLpBranchAndBound, MatchesEnumerationWhenTheLpHasAGap) {
    int branched = 0;
    long strong_pruned = 0, rc_fixed = 0;
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const Problem pb = random_cost_problem(100 + seed, 24, 16);
        for (std::size_t p : {3u, 5u}) {
            Options opt;
            opt.model = Model::pmedian;
            opt.solver = SolverKind::exact;
            opt.p = p;
            opt.seed = seed;
            const auto res = lc::opt::solve(pb, opt);
            const double expect = brute_force(pb, opt);
            SCOPED_TRACE("seed " + std::to_string(seed) + " p " + std::to_string(p));
            EXPECT_EQ(res.status, Status::optimal);
            EXPECT_NEAR(res.objective, expect, 1e-6);
            EXPECT_DOUBLE_EQ(lc::opt::evaluate(pb, opt, res.open_sites), res.objective);
            for (const std::string& note : res.notes) {
                if (note.rfind("LP branch-and-bound", 0) == 0) {
                    ++branched;
                    long nodes = 0, pruned = 0, fixed = 0;
                    ASSERT_EQ(std::sscanf(note.c_str(),
                                          "LP branch-and-bound (Benders cuts at every node): %ld nodes, %ld children "
                                          "pruned by strong branching, %ld facilities fixed",
                                          &nodes, &pruned, &fixed),
                              3)
                        << note;
                    strong_pruned += pruned;
                    rc_fixed += fixed;
                }
                if (note.rfind("LP relaxation (Benders cuts, Clp): optimum ", 0) == 0) {
                    EXPECT_LE(std::stod(note.substr(43)), expect + 1e-6) << note;
                }
            }
        }
    }
    EXPECT_GE(branched, 3);
    EXPECT_GE(strong_pruned, 1);  // 25 on these 20 runs
    EXPECT_GE(rc_fixed, 1);       // 8
}

// The MCLP's exact stage (fixing by the LP relaxation's duals, then CBC) where the
// LP relaxation is not integral, so neither the local search nor the Lagrangian bound
// can end the search: `planes` copies of the Fano plane, each of its 7 lines a site
// covering its 3 points, p = 2 per plane. Worked by hand: two lines always share a
// point, so a plane's best is 3 + 3 - 1 = 5 points; the LP puts x = 2/7 on every
// line, each point lies on 3 lines (y = 6/7), 6 a plane. With `weight` per point.
Problem fano_planes(int planes, double weight) {
    static constexpr int lines[7][3] = {{0, 1, 2}, {0, 3, 4}, {0, 5, 6}, {1, 3, 5}, {1, 4, 6}, {2, 3, 6}, {2, 4, 5}};
    Problem pb;
    const auto n_d = static_cast<std::size_t>(7 * planes);
    std::vector<std::vector<lc::opt::Link>> lists;
    for (int k = 0; k < planes; ++k) {
        for (int q = 0; q < 7; ++q) {
            pb.demands.push_back({"d" + std::to_string(7 * k + q), weight, std::nullopt});
            pb.sites.push_back({"s" + std::to_string(7 * k + q), false, std::nullopt});
            std::vector<lc::opt::Link> l;
            for (std::size_t i = 0; i < n_d; ++i) {
                const int point = static_cast<int>(i) % 7;
                const bool on = static_cast<int>(i) / 7 == k && std::find(lines[q], lines[q] + 3, point) != lines[q] + 3;
                l.push_back({static_cast<Index>(i), on ? 1.0 : 100.0});
            }
            lists.push_back(std::move(l));
        }
    }
    pb.costs = lc::opt::CostTable::sparse(n_d, std::move(lists));
    return pb;
}

TEST(MclpExact, LpDualFixingAndCbcProveTheFanoPlanes) {
    for (const double weight : {1.0, 1.25}) {  // integral weights (the integral cutoff), then not
        for (const int planes : {1, 3}) {
            const Problem pb = fano_planes(planes, weight);
            Options opt;
            opt.model = Model::mclp;
            opt.solver = SolverKind::exact;
            opt.p = static_cast<std::size_t>(2 * planes);
            opt.radius = 5.0;
            const auto res = lc::opt::solve(pb, opt);
            SCOPED_TRACE("weight " + std::to_string(weight) + ", planes " + std::to_string(planes));
            EXPECT_EQ(res.status, Status::optimal);
            EXPECT_DOUBLE_EQ(res.objective, 5.0 * planes * weight);
            EXPECT_DOUBLE_EQ(lc::opt::evaluate(pb, opt, res.open_sites), res.objective);
            if (planes == 3) {
                EXPECT_DOUBLE_EQ(brute_force(pb, opt), res.objective);
            }
            int lp_notes = 0;
            for (const std::string& note : res.notes) {
                if (note.rfind("LP relaxation ", 0) != 0) continue;
                ++lp_notes;
                EXPECT_NEAR(std::stod(note.substr(14)), 6.0 * planes * weight, 1e-6) << note;
            }
            EXPECT_EQ(lp_notes, 1);
        }
    }
}
