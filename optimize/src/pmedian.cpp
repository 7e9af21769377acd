// p-median: greedy start, fast-interchange swap search with seeded perturbation
// restarts, Lagrangian bound (relaxing the assignment constraints) with variable
// fixing, then Lagrangian branch-and-bound (pmedian_bb.cpp) or the radius
// formulation (Elloumi 2010; levels generated lazily as in Garcia, Labbe and
// Marin 2011) solved by CBC with the incumbent as cutoff.
#include "lc/optimize/allocation.hpp"
#include "mip.hpp"
#include "pmedian_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace lc::opt::detail {
namespace pmed {
namespace {

/// The incumbent and the proven lower bound of one solve, shared by its stages.
struct Incumbent {
    State st;               ///< the best solution, with its assignment
    std::vector<int> open;  ///< its open candidates
    double upper = 0.0;
    double lower = 0.0;
    bool integral = true;   ///< integral weights and costs: bounds round up

    Incumbent(const State& s, bool integral_costs)
        : st(s), open(s.open_list()), upper(s.cost), integral(integral_costs) {}
    [[nodiscard]] bool proven() const {
        return integral ? std::ceil(lower - 1e-6) >= upper - 1e-9 : lower >= upper - 1e-9 * std::max(1.0, upper);
    }
    /// Takes `cand` when it is better.
    void offer(const State& cand) {
        if (cand.cost < upper - 1e-9 * std::max(1.0, upper)) {
            upper = cand.cost;
            open = cand.open_list();
            st = cand;
        }
    }
};

/// Perturbation restarts (variable neighbourhood style), seeded: swap 1..3
/// open candidates at random, then the fast interchange again. With an LP
/// solution the candidates to open are drawn from its support (y > 0), where the
/// optimum's medians almost always are.
void perturb_restarts(Incumbent& inc, const Median& md, std::size_t p, std::uint64_t seed, const Clock& clock,
                      const std::vector<double>& lp_y = {}) {
    const std::size_t nc = md.cand.size();
    Rng rng(seed);
    std::vector<int> pool;
    for (std::size_t c = 0; c < lp_y.size(); ++c)
        if (lp_y[c] > 1e-6) pool.push_back(static_cast<int>(c));
    const bool guided = pool.size() > p;
    const int restarts = static_cast<int>(std::min<std::size_t>(40, 4 + 2 * p));
    for (int r = 0; r < restarts && !inc.proven() && !clock.expired() && p > 0 && p < nc; ++r) {
        State cur(md);
        for (int j : inc.open) cur.open[static_cast<std::size_t>(j)] = 1;
        const std::size_t k = 1 + static_cast<std::size_t>(r) % std::min<std::size_t>(p, 3);
        for (std::size_t q = 0; q < k; ++q) {
            auto list = cur.open_list();
            cur.open[static_cast<std::size_t>(list[rng.below(list.size())])] = 0;
            if (guided) {
                std::size_t at = rng.below(pool.size());
                while (cur.open[static_cast<std::size_t>(pool[at])]) at = (at + 1) % pool.size();
                cur.open[static_cast<std::size_t>(pool[at])] = 1;
            } else {
                std::size_t j = rng.below(nc);
                while (cur.open[j]) j = (j + 1) % nc;
                cur.open[j] = 1;
            }
        }
        cur.assign_all();
        swap_search(cur, clock);
        inc.offer(cur);
    }
}

/// The LP's facility values as a start: the p largest (lowest index on ties)
/// open, then the fast interchange.
void lp_rounding(Incumbent& inc, const Median& md, std::size_t p, const std::vector<double>& y, const Clock& clock) {
    if (y.size() != md.cand.size() || p == 0 || p > y.size()) return;
    std::vector<int> order(y.size());
    for (std::size_t c = 0; c < y.size(); ++c) order[c] = static_cast<int>(c);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return y[static_cast<std::size_t>(a)] > y[static_cast<std::size_t>(b)]; });
    State cur(md);
    for (std::size_t q = 0; q < p; ++q) cur.open[static_cast<std::size_t>(order[q])] = 1;
    cur.assign_all();
    swap_search(cur, clock);
    inc.offer(cur);
}

/// Candidates the Lagrangian multipliers prove closed (0) or open (1) in every
/// solution better than the incumbent; -1 free.
struct Fixing {
    std::vector<int> fix;
    std::size_t n0 = 0, n1 = 0;
};

Fixing lagrangian_fixing(const Median& md, const std::vector<double>& lambda, std::size_t p, const Incumbent& inc) {
    const std::size_t nc = md.cand.size();
    std::vector<double> rho(nc);
    std::vector<int> order;
    const double lval = lagrange_value(md, lambda, p, rho, order);
    std::vector<char> in_set(nc, 0);
    for (std::size_t q = 0; q < p; ++q) in_set[static_cast<std::size_t>(order[q])] = 1;
    double rho_p = -1e300, rho_next = 1e300;  // p-th smallest (largest inside), (p+1)-th smallest
    for (std::size_t c = 0; c < nc; ++c) {
        if (in_set[c]) rho_p = std::max(rho_p, rho[c]);
        else rho_next = std::min(rho_next, rho[c]);
    }
    const double cut = inc.integral ? inc.upper - 1.0 + 1e-6 : inc.upper;
    Fixing fx;
    fx.fix.assign(nc, -1);
    for (std::size_t c = 0; c < nc; ++c) {
        if (!in_set[c] && lval + rho[c] - rho_p > cut) {
            fx.fix[c] = 0;
            ++fx.n0;
        }
        if (in_set[c] && rho_next < 1e299 && lval - rho[c] + rho_next > cut) {
            fx.fix[c] = 1;
            ++fx.n1;
        }
    }
    return fx;
}

/// Per demand: the distinct costs of the free candidates below its cap (the
/// nearest fixed-open or existing site), D^1 < D^2 < ..., then the cap.
std::vector<std::vector<double>> radius_levels(const Median& md, const std::vector<int>& fix) {
    std::vector<double> cap(md.fixed);
    for (std::size_t c = 0; c < md.cand.size(); ++c)
        if (fix[c] == 1)
            for (const Link& l : md.by_cand[c]) cap[l.demand] = std::min(cap[l.demand], l.cost);
    std::vector<std::vector<double>> levels(md.w.size());
    for (std::size_t i = 0; i < md.w.size(); ++i) {
        for (const Near& nb : md.near[i]) {
            if (nb.cost >= cap[i]) break;
            if (fix[static_cast<std::size_t>(nb.cand)] != -1) continue;
            if (levels[i].empty() || nb.cost > levels[i].back()) levels[i].push_back(nb.cost);
        }
        levels[i].push_back(cap[i]);
    }
    return levels;
}

/// The index k of the first level levels[k] >= d.
std::size_t level_of(const std::vector<double>& levels, double d) {
    return static_cast<std::size_t>(std::lower_bound(levels.begin(), levels.end(), d) - levels.begin());
}

/// The radius formulation over the free candidates, with the rows of each
/// demand up to level `upto[i]`: z_k (cost beyond lv[k], lv = levels[i]) + sum of
/// the free y_c with d_ic <= lv[k] >= 1. Sets `col_of` (candidate -> column) and `constant`
/// (the cost every demand pays at least).
MipModel radius_model(const Median& md, const std::vector<std::vector<double>>& levels, const std::vector<std::size_t>& upto,
                      const std::vector<int>& free_idx, std::size_t p_free, std::vector<int>& col_of, double& constant) {
    MipModel m;
    col_of.assign(md.cand.size(), -1);
    for (int c : free_idx) col_of[static_cast<std::size_t>(c)] = m.add_col(0.0, 1.0, 0.0, true);
    constant = 0.0;
    std::vector<int> idx;
    std::vector<double> val;
    for (std::size_t i = 0; i < md.w.size(); ++i) {
        const auto& lv = levels[i];
        constant += md.w[i] * lv[0];
        std::size_t pos = 0;
        idx.clear();
        val.clear();
        for (std::size_t k = 0; k < upto[i]; ++k) {
            while (pos < md.near[i].size() && md.near[i][pos].cost <= lv[k]) {
                const int col = col_of[static_cast<std::size_t>(md.near[i][pos].cand)];
                if (col >= 0) {
                    idx.push_back(col);
                    val.push_back(1.0);
                }
                ++pos;
            }
            const int z = m.add_col(0.0, 1.0, md.w[i] * (lv[k + 1] - lv[k]), false);
            std::vector<int> ri(idx);
            std::vector<double> rv(val);
            ri.push_back(z);
            rv.push_back(1.0);
            m.add_row(ri, rv, 1.0, 1e30);
        }
    }
    idx.clear();
    for (int c : free_idx) idx.push_back(col_of[static_cast<std::size_t>(c)]);
    val.assign(idx.size(), 1.0);
    m.add_row(idx, val, static_cast<double>(p_free), static_cast<double>(p_free));
    return m;
}

/// Closes the gap with CBC on the radius formulation, rows generated up to the
/// incumbent's level (+1) and extended when a solution exceeds them. Returns the rounds.
int radius_cbc(Incumbent& inc, const Median& md, std::size_t p, const Fixing& fx, const Clock& clock) {
    const std::size_t nc = md.cand.size(), nd = md.w.size();
    const auto levels = radius_levels(md, fx.fix);
    std::vector<std::size_t> upto(nd);
    for (std::size_t i = 0; i < nd; ++i) upto[i] = std::min(levels[i].size() - 1, level_of(levels[i], inc.st.d1[i]) + 1);
    std::vector<int> free_idx;
    for (std::size_t c = 0; c < nc; ++c)
        if (fx.fix[c] == -1) free_idx.push_back(static_cast<int>(c));
    int rounds = 0;
    for (int round = 0; round < 50 && !clock.expired(); ++round) {
        ++rounds;
        std::vector<int> col_of;
        double constant = 0.0;
        const MipModel m = radius_model(md, levels, upto, free_idx, p - fx.n1, col_of, constant);
        const double cutoff = (inc.integral ? inc.upper - 0.5 : inc.upper - 1e-9 * std::max(1.0, inc.upper)) - constant;
        const auto out = solve_mip(m, clock.remaining(), cutoff, MipSearch::plain);
        if (out.status == MipStatus::infeasible) {  // nothing better than the incumbent
            inc.lower = inc.upper;
            break;
        }
        if (!out.has_solution) {
            inc.lower = std::max(inc.lower, out.bound + constant);
            break;
        }
        State cand(md);
        for (std::size_t c = 0; c < nc; ++c) cand.open[c] = fx.fix[c] == 1 ? 1 : 0;
        for (int c : free_idx)
            if (out.x[static_cast<std::size_t>(col_of[static_cast<std::size_t>(c)])] > 0.5) cand.open[static_cast<std::size_t>(c)] = 1;
        cand.assign_all();
        bool valid = true;
        for (std::size_t i = 0; i < nd; ++i) {
            const std::size_t lv = level_of(levels[i], cand.d1[i]);
            if (lv > upto[i]) {
                valid = false;
                upto[i] = std::min(levels[i].size() - 1, lv + 1);
            }
        }
        inc.offer(cand);
        if (valid && out.status == MipStatus::optimal) {
            inc.lower = inc.upper;
            break;
        }
        if (valid) {
            inc.lower = std::max(inc.lower, out.bound + constant);
            break;  // time limit
        }
    }
    return rounds;
}

/// The exact stage: Lagrangian fixing, then Lagrangian branch-and-bound or
/// (Options::pmedian_radius_cbc) the CBC radius formulation.
void exact_stage(Result& res, Incumbent& inc, const Median& md, std::size_t p, const Lagrange& lg, const Options& opt,
                 const Clock& clock, BendersMaster* master) {
    res.method = "exact (Lagrangian fixing + CBC radius formulation)";
    const Fixing fx = lagrangian_fixing(md, lg.lambda, p, inc);
    res.notes.push_back("Lagrangian fixing: " + std::to_string(fx.n0) + " candidates closed, " + std::to_string(fx.n1) +
                        " opened, of " + std::to_string(md.cand.size()));
    char buf[240];
    if (!opt.pmedian_radius_cbc && master != nullptr && master->converged()) {
        const BbResult bb = master->branch_and_bound(fx.fix, inc.upper, inc.open, inc.st, clock, inc.integral);
        std::snprintf(buf, sizeof buf,
                      "LP branch-and-bound (Benders cuts at every node): %ld nodes, %ld children pruned by strong branching, "
                      "%ld facilities fixed by reduced costs, %s at %.2f s",
                      bb.nodes, bb.children_pruned, bb.fixed, bb.proven ? "proven" : "stopped", clock.elapsed());
        res.notes.push_back(buf);
        inc.lower = std::max(inc.lower, bb.lower);
        res.method = "exact (LP branch-and-bound, Benders cuts)";
    } else if (!opt.pmedian_radius_cbc) {
        const BbResult bb = lagrangian_bb(md, p, fx.fix, lg.lambda, inc.upper, inc.open, inc.st, clock, inc.integral);
        std::snprintf(buf, sizeof buf, "Lagrangian branch-and-bound: %ld nodes, %s at %.2f s", bb.nodes,
                      bb.proven ? "proven" : "stopped", clock.elapsed());
        res.notes.push_back(buf);
        inc.lower = std::max(inc.lower, bb.lower);
        res.method = "exact (Lagrangian branch-and-bound)";
    } else {
        const int rounds = radius_cbc(inc, md, p, fx, clock);
        std::snprintf(buf, sizeof buf, "radius formulation: %d rounds, done at %.2f s", rounds, clock.elapsed());
        res.notes.push_back(buf);
    }
    res.status = inc.proven() ? Status::optimal : Status::time_limit;
}

}  // namespace

Result solve(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    res.total_weight = pb.total_weight();
    const Median md = build(pb);
    const std::size_t p = std::min(opt.p, md.cand.size());
    // 1. Heuristic incumbent.
    State st(md);
    greedy(st, p);
    // At most 60 % of the time left for the first descent: on thousands of points with
    // p in the hundreds it can take the whole limit, leaving no Lagrangian bound
    // (rl5934, p = 600); the perturbation restarts resume the descent afterwards.
    swap_search(st, Clock(std::max(0.0, clock.remaining() * 0.6)));
    Incumbent inc(st, md.integral);
    char buf[200];
    // 2. Lower bound: exact, the LP relaxation by Benders cuts (its duals are the
    // Lagrangian multipliers, its y a start for the swap search); else (or when it
    // did not converge) the subgradient Lagrangian bound. 3. Perturbation restarts.
    Lagrange lg;
    std::unique_ptr<BendersMaster> master;
    bool lp_done = false;
    std::vector<double> lp_y;
    auto subgradient = [&](double share) {
        Lagrange sub = lagrangian(md, p, inc.st, inc.upper, clock, std::max(0.0, clock.remaining() * share), md.integral);
        inc.lower = std::max(inc.lower, sub.bound);
        if (sub.bound > lg.bound) lg = std::move(sub);
    };
    // A cut has about n / p terms: with few medians (n > 60 p) the Clp master is
    // dense and slow (rl1304, p = 10: not converged in 30 s), and the subgradient
    // bound with the Lagrangian branch-and-bound does better there.
    const bool dense_cuts = p > 0 && md.cand.size() > 60 * p;
    // Exact with sparse cuts: a short subgradient pass first (5 % of the time),
    // which proves the easy instances (OR-Library pmed1-40) without Clp, so that
    // they neither build the master nor load CBC/Clp (docs/install.md).
    subgradient(exact && !dense_cuts ? 0.05 : 0.3);
    if (exact && !dense_cuts && !inc.proven()) {
        master = std::make_unique<BendersMaster>(md, p);
        const LpResult lpr = master->root(inc.open, inc.upper, clock, std::max(0.0, clock.remaining() * 0.5), md.integral);
        if (!lpr.lambda.empty()) {
            std::snprintf(buf, sizeof buf, "LP relaxation (Benders cuts, Clp): %s %.10g, %d rounds, %zu cuts, at %.2f s",
                          lpr.optimal ? "optimum" : "bound", lpr.bound, lpr.rounds, lpr.cuts, clock.elapsed());
            res.notes.push_back(buf);
            inc.lower = std::max(inc.lower, lpr.bound);
            if (lpr.lagrange_bound > lg.bound) {
                lg.bound = lpr.lagrange_bound;
                lg.lambda = lpr.lambda;
            }
            lp_done = lpr.optimal;
            lp_y = lpr.y;
            lp_rounding(inc, md, p, lpr.y, clock);
        }
    }
    if (exact && !dense_cuts && !lp_done && !inc.proven()) subgradient(0.3);
    inc.lower = std::max(inc.lower, lg.bound);
    perturb_restarts(inc, md, p, opt.seed, clock, lp_y);
    res.method = "heuristic (greedy + fast interchange, Lagrangian bound)";
    res.status = inc.proven() ? Status::optimal : Status::feasible;
    std::snprintf(buf, sizeof buf, "heuristic %.10g, Lagrangian bound %.10g at %.2f s", inc.upper, inc.lower, clock.elapsed());
    res.notes.push_back(buf);
    // 4. Exact: Lagrangian fixing, then branch-and-bound or the CBC radius formulation.
    if (exact && res.status != Status::optimal && !clock.expired() && !lg.lambda.empty()) {
        exact_stage(res, inc, md, p, lg, opt, clock, master.get());
    }
    if (inc.proven()) inc.lower = inc.upper;
    for (int c : inc.open) res.open_sites.push_back(md.cand[static_cast<std::size_t>(c)]);
    std::sort(res.open_sites.begin(), res.open_sites.end());
    res.objective = inc.upper;
    res.bound = std::min(inc.upper, inc.integral ? std::ceil(inc.lower - 1e-6) : inc.lower);
    if (!all_reached(md, inc.st)) {
        res.status = Status::infeasible;
        res.notes.push_back("some demands are reached by no open site");
    }
    // Assignment: nearest open site (existing sites included), at any cost.
    std::vector<bool> is_open(pb.sites.size(), false);
    for (Index j = 0; j < pb.sites.size(); ++j) is_open[j] = pb.sites[j].existing;
    for (Index j : res.open_sites) is_open[j] = true;
    const std::vector<Index> nearest = assign_nearest_open(pb, is_open, no_link);
    for (Index i = 0; i < nearest.size(); ++i)
        if (nearest[i] != no_site) res.assignment.push_back(Assignment{i, nearest[i], 1.0});
    return res;
}

}  // namespace pmed

Result solve_pmedian(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    return pmed::solve(pb, opt, exact, clock);
}

}  // namespace lc::opt::detail
