// MCLP: greedy and swaps, a Lagrangian bound whose relaxed sets seed swap
// searches, a seeded iterated local search over the candidates with the largest
// multiplier sums, and (exact) CBC on the reduced model.
#include "coverage_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>

namespace lc::opt::detail::cover {
namespace {

struct Lagrange {
    double bound = 0.0;
    std::vector<int> best_set;  // relaxed site set (top p) covering the most weight
    double best_set_value = 0.0;
    std::vector<double> mu;  // multipliers of the best bound
    int iterations = 0;
};

/// L(mu) = sum_g max(0, w_g - mu_g) + the p largest v_j = sum_{g in cover j} mu_g.
/// Fills v; returns L.
/// The first term of L(mu); fills v (the second term's per-candidate sums).
double lagrange_parts(const Coverage& cv, const std::vector<double>& mu, std::vector<double>& v) {
    const std::size_t ng = cv.group_weight.size(), nc = cv.cand.size();
    double excess = 0.0;
    for (std::size_t g = 0; g < ng; ++g) excess += std::max(0.0, cv.group_weight[g] - mu[g]);
    // v = cover * mu (each row summed in index order, as a loop would)
    Eigen::Map<Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(nc)).noalias() =
        cv.cover.cast<double>() * Eigen::Map<const Eigen::VectorXd>(mu.data(), static_cast<Eigen::Index>(ng));
    return excess;
}

/// excess + the k largest v (their candidates first in `order`).
double lagrange_top(std::size_t k, double excess, const std::vector<double>& v, std::vector<int>& order) {
    const std::size_t nc = v.size();
    double value = excess;
    order.resize(nc);
    std::iota(order.begin(), order.end(), 0);
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), [&](int a, int b) {
        const double va = v[static_cast<std::size_t>(a)], vb = v[static_cast<std::size_t>(b)];
        return va > vb || (va == vb && a < b);
    });
    for (std::size_t q = 0; q < k; ++q) value += v[static_cast<std::size_t>(order[q])];
    return value;
}

/// The m candidates with the largest v (ties: lower index), ascending: the insertion
/// candidates of the Lagrangian-guided local searches.
std::vector<int> top_by_value(const std::vector<double>& v, std::size_t m) {
    std::vector<int> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    m = std::min(m, order.size());
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(m), order.end(), [&](int a, int b) {
        const double va = v[static_cast<std::size_t>(a)], vb = v[static_cast<std::size_t>(b)];
        return va > vb || (va == vb && a < b);
    });
    order.resize(m);
    std::sort(order.begin(), order.end());
    return order;
}

/// Lagrangian upper bound for MCLP (relaxing y_g <= sum x_j), subgradient method with
/// Polyak steps towards the incumbent, halving on stall; counted iterations. Every
/// 250 iterations the relaxed site set (top p) seeds `improve` (Lagrangian heuristic),
/// which returns the new incumbent.
Lagrange mclp_lagrangian(const Coverage& cv, std::size_t p, double lower, const Clock& clock, int max_iters,
                         std::size_t n_insert,
                         const std::function<double(const std::vector<int>&, const std::vector<int>&)>& improve) {
    Lagrange out;
    const std::size_t ng = cv.group_weight.size(), nc = cv.cand.size();
    out.mu = cv.group_weight;
    out.bound = std::accumulate(cv.group_weight.begin(), cv.group_weight.end(), 0.0);
    if (ng == 0) return out;
    std::vector<double> mu(cv.group_weight), v(nc), sub(ng);
    std::vector<int> order(nc);
    std::vector<char> seen(ng, 0);
    double theta = 1.0;
    const int max_stall = 100;  // halve the step after this many non-improving iterations
    int stall = 0;
    const std::size_t k = std::min(p, nc);
    double excess = 0.0;
    for (int it = 0; it < max_iters && !clock.expired(); ++it) {
        out.iterations = it + 1;
        if (it % 100 == 0) excess = lagrange_parts(cv, mu, v);  // refresh the incremental sums
        const double value = lagrange_top(k, excess, v, order);
        if (it % 250 == 249) {  // swap search from the current relaxed set
            const std::vector<int> set(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
            lower = std::max(lower, improve(set, top_by_value(v, n_insert)));
        }
        if (it % 5 == 0) {  // Lagrangian heuristic: coverage of the relaxed site set
            double cov = 0.0;
            for (std::size_t q = 0; q < k; ++q)
                for (int g : cv.groups_of(static_cast<std::size_t>(order[q]))) {
                    const auto ug = static_cast<std::size_t>(g);
                    if (!seen[ug]) {
                        seen[ug] = 1;
                        cov += cv.group_weight[ug];
                    }
                }
            for (std::size_t q = 0; q < k; ++q)
                for (int g : cv.groups_of(static_cast<std::size_t>(order[q]))) seen[static_cast<std::size_t>(g)] = 0;
            if (cov > out.best_set_value) {
                out.best_set_value = cov;
                out.best_set.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
            }
        }
        if (value < out.bound - 1e-9 * std::max(1.0, out.bound)) {
            out.bound = value;
            out.mu = mu;
            stall = 0;
        } else if (++stall >= max_stall) {
            theta *= 0.5;
            stall = 0;
            if (theta < 1e-4) break;
        }
        if (out.bound - lower <= 1e-9 * std::max(1.0, lower)) break;
        // subgradient of L in mu: -[w > mu] + (number of chosen covering)
        double norm = 0.0;
        for (std::size_t g = 0; g < ng; ++g) sub[g] = (cv.group_weight[g] > mu[g]) ? -1.0 : 0.0;
        for (std::size_t q = 0; q < k; ++q)
            for (int g : cv.groups_of(static_cast<std::size_t>(order[q]))) sub[static_cast<std::size_t>(g)] += 1.0;
        for (std::size_t g = 0; g < ng; ++g) {
            if (mu[g] <= 0.0 && sub[g] > 0.0) sub[g] = 0.0;  // projected: mu cannot go below 0
            norm += sub[g] * sub[g];
        }
        if (norm <= 0.0) break;  // the relaxed solution is feasible and complementary: optimal
        const double step = theta * (value - lower) / norm;
        for (std::size_t g = 0; g < ng; ++g) {
            if (sub[g] == 0.0) continue;
            const double m = std::max(0.0, mu[g] - step * sub[g]), d = m - mu[g];
            if (d == 0.0) continue;
            const double w = cv.group_weight[g];
            excess += std::max(0.0, w - m) - std::max(0.0, w - mu[g]);
            mu[g] = m;
            for (int c : cv.sites_of(g)) v[static_cast<std::size_t>(c)] += d;
        }
    }
    return out;
}

/// The best MCLP solution so far (weight covered beyond the existing sites).
struct McIncumbent {
    std::vector<int> open;
    double covered = 0.0;
    double tol = 0.0;
    void consider(const CoverState& s) {
        if (s.covered > covered + tol) {
            covered = s.covered;
            open = s.open_list();
        }
    }
};

/// Iterated local search over `pool` (the candidates with the largest
/// multiplier sums): drop 1-3 random open sites, add as many random pool
/// candidates, swap search over the pool; keep improvements, accept ties.
/// Seeded and counted, so the same seed gives the same result.
void iterated_local_search(Result& res, const Coverage& cv, McIncumbent& inc, const std::vector<int>& pool, double upper,
                           std::uint64_t seed, bool exact, const Clock& clock) {
    std::size_t iters = 0, improved = 0, swaps = 0;
    Rng rng(seed);
    CoverState cur(cv);
    for (int j : inc.open) cur.toggle(j, true);
    const std::size_t max_ils = exact ? 3000 : 8000;
    const std::size_t k_open = cur.opened.size();
    for (; iters < max_ils && k_open > 0 && pool.size() > k_open && !clock.expired() && upper - inc.covered > inc.tol;
         ++iters) {
        const std::size_t k = 1 + rng.below(3);
        for (std::size_t q = 0; q < k && !cur.opened.empty(); ++q) cur.toggle(cur.opened[rng.below(cur.opened.size())], false);
        std::size_t guard = 0;
        while (cur.opened.size() < k_open && guard++ < 100 * k_open) {
            const int j = pool[rng.below(pool.size())];
            if (!cur.open[static_cast<std::size_t>(j)]) cur.toggle(j, true);
        }
        swaps += static_cast<std::size_t>(swap_search(cur, clock, &pool));
        if (cur.covered > inc.covered + inc.tol) {
            ++improved;
            inc.consider(cur);
        } else if (cur.covered < inc.covered - inc.tol) {  // back to the incumbent
            for (int j : cur.open_list())
                if (!std::binary_search(inc.open.begin(), inc.open.end(), j)) cur.toggle(j, false);
            for (int j : inc.open)
                if (!cur.open[static_cast<std::size_t>(j)]) cur.toggle(j, true);
        }
    }
    char buf[240];
    std::snprintf(buf, sizeof buf,
                  "iterated local search over the %zu candidates with the largest multiplier sums: %zu iterations, "
                  "%zu improvements, %zu swaps",
                  pool.size(), iters, improved, swaps);
    res.notes.push_back(buf);
}

/// The reduced MCLP as a MIP: y_g <= sum of the sites covering group g, at most p sites.
MipModel reduced_mclp_model(const Coverage& cv, std::size_t p) {
    MipModel m;
    m.set_maximize(true);
    const std::size_t nc = cv.cand.size();
    for (std::size_t j = 0; j < nc; ++j) m.add_col(0.0, 1.0, 0.0, true);
    (void)add_group_cover(m, cv, cv.group_weight);
    std::vector<int> idx(nc);
    std::iota(idx.begin(), idx.end(), 0);
    m.add_row(idx, std::vector<double>(nc, 1.0), -1e30, static_cast<double>(p));
    return m;
}

/// Closes the gap with CBC on the reduced model; updates the incumbent, `upper` and the status.
void mclp_exact(Result& res, const Coverage& cv, McIncumbent& inc, double& upper, std::size_t p, const Clock& clock) {
    // CBC searches only what beats the incumbent (a cutoff, as pmedian.cpp does):
    // "infeasible" then proves the incumbent optimal, and the search prunes more.
    const auto out = solve_mip(reduced_mclp_model(cv, p), clock.remaining(), inc.covered + inc.tol);
    res.method = "exact (CBC on the reduced MCLP)";
    if (out.status == MipStatus::infeasible) {
        upper = inc.covered;
        res.status = Status::optimal;
        return;
    }
    if (out.has_solution && out.objective > inc.covered + 1e-9 * std::max(1.0, inc.covered)) {
        inc.covered = out.objective;
        inc.open.clear();
        for (std::size_t j = 0; j < cv.cand.size(); ++j)
            if (out.x[j] > 0.5) inc.open.push_back(static_cast<int>(j));
    }
    if (out.status == MipStatus::optimal) {
        upper = inc.covered;
        res.status = Status::optimal;
    } else {
        upper = std::min(upper, std::max(out.bound, inc.covered));
        res.status = Status::time_limit;
    }
}

}  // namespace

Result mclp(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    const Coverage cv = build(pb, *opt.radius, true);
    res.uncoverable = cv.uncoverable;
    res.total_weight = cv.total_weight;
    res.notes.push_back("reductions: " + std::to_string(cv.n_dominated) + " dominated candidates removed, " +
                        std::to_string(cv.n_coverable_demands) + " coverable demands in " +
                        std::to_string(cv.group_weight.size()) + " groups not covered by existing sites");
    // Heuristic: greedy, swaps, Lagrangian bound whose relaxed sets seed swap searches,
    // then iterated local search over the candidates with the largest multiplier sums.
    CoverState st(cv);
    greedy(st, opt.p);
    swap_search(st, clock);
    McIncumbent inc{st.open_list(), st.covered, 1e-9 * std::max(1.0, cv.coverable_weight)};
    const bool full = inc.covered >= cv.coverable_weight - cv.existing_weight - inc.tol;
    double upper = cv.coverable_weight - cv.existing_weight;
    const double greedy_swap = inc.covered, t_heur = clock.elapsed();
    // Insertion candidates of the Lagrangian-guided searches: the largest multiplier sums.
    const std::size_t n_insert = std::max<std::size_t>(1000, 10 * opt.p);
    auto improve = [&](const std::vector<int>& set, const std::vector<int>& insert) {
        CoverState ls(cv);
        for (int j : set) ls.toggle(j, true);
        swap_search(ls, clock, &insert);
        inc.consider(ls);
        return inc.covered;
    };
    Lagrange lg;
    if (!full) {
        lg = mclp_lagrangian(cv, opt.p, inc.covered, clock, exact ? 4000 : 6000, n_insert, improve);
        upper = std::min(upper, lg.bound);
        if (!lg.best_set.empty()) {  // swap search (all candidates) from the best relaxed set
            CoverState ls(cv);
            for (int j : lg.best_set) ls.toggle(j, true);
            swap_search(ls, clock);
            inc.consider(ls);
        }
    }
    const double t_lag = clock.elapsed(), lag_cov = inc.covered;
    if (!full && upper - inc.covered > inc.tol) {
        std::vector<double> v(cv.cand.size());
        lagrange_parts(cv, lg.mu, v);
        iterated_local_search(res, cv, inc, top_by_value(v, n_insert), upper, opt.seed, exact, clock);
    }
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "greedy + swaps %.10g at %.2f s; Lagrangian bound %.10g after %d iterations, incumbent %.10g at "
                  "%.2f s; local search %.10g at %.2f s",
                  cv.existing_weight + greedy_swap, t_heur, cv.existing_weight + upper, lg.iterations,
                  cv.existing_weight + lag_cov, t_lag, cv.existing_weight + inc.covered, clock.elapsed());
    res.notes.push_back(buf);
    res.method = "heuristic (greedy, Lagrangian bound and relaxed sets, iterated swap search)";
    res.status = Status::feasible;
    if (upper - inc.covered <= 1e-9 * std::max(1.0, upper)) res.status = Status::optimal;
    if (exact && res.status != Status::optimal && !clock.expired()) mclp_exact(res, cv, inc, upper, opt.p, clock);
    res.open_sites = to_sites(cv, inc.open);
    res.covered_weight = cv.existing_weight + inc.covered;
    res.objective = res.covered_weight;
    res.bound = cv.existing_weight + std::max(upper, inc.covered);
    if (res.status == Status::optimal) res.bound = res.objective;
    return res;
}

}  // namespace lc::opt::detail::cover
