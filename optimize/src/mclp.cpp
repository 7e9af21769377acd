// MCLP: greedy and swaps, a Lagrangian bound whose relaxed sets seed swap
// searches, a seeded iterated local search over the candidates with the largest
// multiplier sums, and (exact) CBC on the reduced model.
#include "coverage_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <numeric>
#include <string>

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
    bool integral = false;  // every group weight is an integer: so is every solution's cover
    /// The cover a better solution exceeds: with integral weights half a unit above the
    /// incumbent (it covers at least one more), else the tolerance above.
    [[nodiscard]] double target() const { return covered + (integral ? 0.5 : tol); }
    /// No solution covers more than `upper`: is the incumbent then proven optimal?
    [[nodiscard]] bool closed_by(double upper) const {
        return integral ? std::floor(upper + 1e-6) <= covered : upper - covered <= tol;
    }
    void consider(const CoverState& s) {
        if (s.covered > covered + tol) {
            covered = s.covered;
            open = s.open_list();
        }
    }
};

/// First-improvement swaps by the site leaving: for each open site r in turn, the
/// closed candidate f maximising gain[f] + (the weight only r covers that f covers
/// too) replaces r when that beats r's loss; until p sites in a row keep their place.
/// A try costs O(the 2-radius neighbourhood of r) (the best f outside it is the
/// largest gain, rescanned once per swap made). With `queue`: only the queued sites
/// are tried, and a swap queues the open sites near it (`queued` marks them). Returns
/// the number of swaps made.
std::size_t drop_swap_search(CoverState& st, std::vector<double>& extra, std::vector<int>& touched, const Clock& clock,
                             std::vector<int>* queue = nullptr, std::vector<char>* queued = nullptr) {
    const auto& cv = st.cv;
    const std::size_t nc = cv.cand.size();
    const double tol = 1e-9 * std::max(1.0, st.covered);
    // The largest gain (open candidates have gain 0): the best f that r's groups do not touch.
    auto top_gain = [&] {
        std::size_t arg = 0;
        for (std::size_t f = 1; f < nc; ++f)
            if (st.gain[f] > st.gain[arg]) arg = f;
        return arg;
    };
    std::size_t g_arg = top_gain();
    std::size_t swaps = 0, since = 0, q = 0, head = 0;
    while (queue ? head < queue->size() : since < st.opened.size()) {
        if (swaps % 64 == 63 && clock.expired()) break;
        q %= st.opened.size();
        const int r = queue ? (*queue)[head++] : st.opened[q];
        if (queue) (*queued)[static_cast<std::size_t>(r)] = 0;
        if (!st.open[static_cast<std::size_t>(r)]) continue;
        const auto ur = static_cast<std::size_t>(r);
        touched.clear();
        for (int g : cv.groups_of(ur)) {
            const auto ug = static_cast<std::size_t>(g);
            if (st.count[ug] != 1) continue;
            for (int c : cv.sites_of(ug)) {
                const auto uc = static_cast<std::size_t>(c);
                if (extra[uc] == 0.0) touched.push_back(c);
                extra[uc] += cv.group_weight[ug];
            }
        }
        // best f: the largest gain[f] + extra[f], ties to the lower f
        auto f_best = static_cast<int>(g_arg);
        double best = st.gain[g_arg] + extra[g_arg];
        for (int c : touched) {
            const auto uc = static_cast<std::size_t>(c);
            const double b = st.gain[uc] + extra[uc];
            if (!st.open[uc] && (b > best || (b == best && c < f_best))) {
                best = b;
                f_best = c;
            }
            extra[uc] = 0.0;
        }
        if (best > st.loss[ur] + tol && !st.open[static_cast<std::size_t>(f_best)]) {
            st.toggle(r, false);
            st.toggle(f_best, true);
            g_arg = top_gain();
            ++swaps;
            since = 0;
            if (queue)  // the open sites near the swap are tried (again)
                for (int x : {r, f_best})
                    for (int g : cv.groups_of(static_cast<std::size_t>(x)))
                        for (int c : cv.sites_of(static_cast<std::size_t>(g)))
                            if (st.open[static_cast<std::size_t>(c)] && !(*queued)[static_cast<std::size_t>(c)]) {
                                (*queued)[static_cast<std::size_t>(c)] = 1;
                                queue->push_back(c);
                            }
        } else {
            ++since;
        }
        ++q;
    }
    return swaps;
}

/// What the adaptive iterated local search did.
struct IlsStats {
    std::size_t iterations = 0, improvements = 0, swaps = 0, accepted = 0;
    std::size_t max_omega = 1;
    bool clock_stopped = false;
};

/// Adaptive iterated local search, after the ideas of Máximo, Cordeau & Nascimento's
/// AILS-MCLP (ITOR 2023). A round perturbs the reference solution by omega moves, each
/// closing a random open site and opening a random closed candidate of `pool` (the
/// largest Lagrangian multiplier sums; any candidate when 16 draws find none closed).
/// The local search then tries the open sites near the changes first (drop-side
/// first-improvement swaps, incremental gain/loss arrays: O(changed) per try plus one
/// O(candidates) scan per swap made), and all open sites only when the result would be
/// kept. The new local optimum becomes the reference when it is at least
/// max - eta (max - mean) of the last 30 local optima; eta is tuned every 30 rounds
/// towards accepting 40 % of them. omega grows with the rounds since the best last
/// improved (stagnation: 1 + stall / 64, at most min(p / 2, 4)), the reference returns
/// to the best every 2,000 stalled rounds, and the search ends after `max_stall`
/// of them. Seeded and counted: the same seed gives the same result unless the clock
/// stops it first.
IlsStats adaptive_ils(const Coverage& cv, McIncumbent& inc, double upper, std::uint64_t seed, std::size_t max_iters,
                      std::size_t max_stall, const std::vector<int>& pool, const Clock& clock) {
    IlsStats st;
    const std::size_t nc = cv.cand.size(), k_open = inc.open.size();
    if (k_open == 0 || nc <= k_open) return st;
    Rng rng(seed);
    CoverState cur(cv);
    for (int j : inc.open) cur.toggle(j, true);
    std::vector<char> in_ref(nc, 0);
    for (int j : inc.open) in_ref[static_cast<std::size_t>(j)] = 1;
    std::vector<int> ref = inc.open;
    auto set_reference = [&](const std::vector<int>& open) {
        for (int j : ref) in_ref[static_cast<std::size_t>(j)] = 0;
        ref = open;
        for (int j : ref) in_ref[static_cast<std::size_t>(j)] = 1;
    };
    auto back_to_reference = [&] {
        for (std::size_t q = cur.opened.size(); q-- > 0;) {
            const int j = cur.opened[q];
            if (!in_ref[static_cast<std::size_t>(j)]) cur.toggle(j, false);
        }
        for (int j : ref)
            if (!cur.open[static_cast<std::size_t>(j)]) cur.toggle(j, true);
    };
    constexpr std::size_t gamma = 30;
    constexpr double kappa = 0.4;
    std::vector<double> window;
    window.reserve(gamma);
    std::size_t w_next = 0, period_accepted = 0, stall = 0;
    double eta = 0.2;
    const std::size_t omega_max = std::clamp<std::size_t>(k_open / 2, 1, 4);
    std::vector<double> extra(nc, 0.0);
    std::vector<int> touched, queue;
    std::vector<char> queued(nc, 0);
    auto window_threshold = [&] {
        double w_max = window.front(), w_sum = 0.0;
        for (double x : window) {
            w_max = std::max(w_max, x);
            w_sum += x;
        }
        return w_max - eta * (w_max - w_sum / static_cast<double>(window.size())) - inc.tol;
    };
    for (; st.iterations < max_iters && stall < max_stall && !inc.closed_by(upper); ++st.iterations) {
        if (clock.expired()) {
            st.clock_stopped = true;
            break;
        }
        const std::size_t omega = std::min(omega_max, 1 + stall / 64);
        st.max_omega = std::max(st.max_omega, omega);
        for (std::size_t q = 0; q < omega; ++q) {
            const int r = cur.opened[rng.below(cur.opened.size())];
            int f = -1;
            for (int t = 0; t < 16 && f < 0 && !pool.empty(); ++t) {
                const int c = pool[rng.below(pool.size())];
                if (!cur.open[static_cast<std::size_t>(c)]) f = c;
            }
            while (f < 0) {  // nc > k_open: some candidate is closed
                const auto c = static_cast<int>(rng.below(nc));
                if (!cur.open[static_cast<std::size_t>(c)]) f = c;
            }
            cur.toggle(r, false);
            cur.toggle(f, true);
            for (int x : {r, f})  // the open sites near the change are tried first
                for (int g : cv.groups_of(static_cast<std::size_t>(x)))
                    for (int c : cv.sites_of(static_cast<std::size_t>(g)))
                        if (cur.open[static_cast<std::size_t>(c)] && !queued[static_cast<std::size_t>(c)]) {
                            queued[static_cast<std::size_t>(c)] = 1;
                            queue.push_back(c);
                        }
        }
        st.swaps += drop_swap_search(cur, extra, touched, clock, &queue, &queued);
        for (int c : queue) queued[static_cast<std::size_t>(c)] = 0;
        queue.clear();
        if (window.size() < gamma || cur.covered >= window_threshold() || cur.covered > inc.covered + inc.tol)
            st.swaps += drop_swap_search(cur, extra, touched, clock);
        const double value = cur.covered;
        if (value > inc.covered + inc.tol) {
            inc.consider(cur);
            ++st.improvements;
            stall = 0;
        } else {
            ++stall;
        }
        if (window.size() < gamma) window.push_back(value);
        else window[w_next] = value;
        w_next = (w_next + 1) % gamma;
        if (value >= window_threshold()) {
            set_reference(cur.open_list());
            ++st.accepted;
            ++period_accepted;
        } else {
            back_to_reference();
        }
        if (st.iterations % gamma == gamma - 1) {
            const double rate = static_cast<double>(period_accepted) / static_cast<double>(gamma);
            eta = std::clamp(eta + (rate < kappa ? 0.05 : -0.05), 0.0, 1.0);
            period_accepted = 0;
        }
        if (stall > 0 && stall % 2000 == 0) {  // long stagnation: back to the best
            set_reference(inc.open);
            back_to_reference();
        }
    }
    return st;
}

/// The MCLP left after fixing, as a MIP over the free candidates: groups covered by a
/// fixed-open site are counted as covered, groups only fixed-closed sites cover are
/// dropped, groups with the same free covering candidates are merged. `integral`:
/// the groups' y are integer columns (with integral weights CBC then knows every
/// solution's cover is an integer; New York p = 60 at load 2: 40 s, not 47 s).
struct ReducedMclp {
    MipModel model;
    std::vector<int> cand;       // model column -> candidate (the first cand.size() columns)
    std::vector<int> fixed_open;
    double fixed_cover = 0.0;    // weight the fixed-open sites cover
    std::size_t n_groups = 0;    // merged groups in the model (its first rows)
    std::vector<int> group_row;  // group -> its merged row (-1: covered by a fixed-open site or by no free one)
};

ReducedMclp reduced_mclp(const Coverage& cv, std::size_t p, const std::vector<char>& fix, bool integral) {
    ReducedMclp out;
    const std::size_t nc = cv.cand.size(), ng = cv.group_weight.size();
    std::vector<int> col(nc, -1);
    for (std::size_t j = 0; j < nc; ++j) {
        if (fix[j] == fix_open) out.fixed_open.push_back(static_cast<int>(j));
        if (fix[j] != fix_free) continue;
        col[j] = static_cast<int>(out.cand.size());
        out.cand.push_back(static_cast<int>(j));
    }
    MipModel& m = out.model;
    m.set_maximize(true);
    for (std::size_t q = 0; q < out.cand.size(); ++q) m.add_col(0.0, 1.0, 0.0, true);
    // free covering columns -> (weight, row); ordered, so the rows are deterministic
    std::map<std::vector<int>, std::pair<double, int>> merged;
    std::vector<int> key;
    std::vector<const std::pair<double, int>*> entry_of(ng, nullptr);  // map nodes do not move
    for (std::size_t g = 0; g < ng; ++g) {
        key.clear();
        bool fixed = false;
        for (int c : cv.sites_of(g)) {
            const auto uc = static_cast<std::size_t>(c);
            if (fix[uc] == fix_open) fixed = true;
            else if (col[uc] >= 0) key.push_back(col[uc]);
        }
        if (fixed) {
            out.fixed_cover += cv.group_weight[g];
        } else if (!key.empty()) {
            auto& entry = merged[key];
            entry.first += cv.group_weight[g];
            entry_of[g] = &entry;
        }
    }
    int row = 0;
    for (auto& entry : merged) entry.second.second = row++;
    out.group_row.assign(ng, -1);
    for (std::size_t g = 0; g < ng; ++g)
        if (entry_of[g]) out.group_row[g] = entry_of[g]->second;
    std::vector<double> val;
    for (const auto& [cols, entry] : merged) {
        std::vector<int> idx{m.add_col(0.0, 1.0, entry.first, integral)};
        idx.insert(idx.end(), cols.begin(), cols.end());
        val.assign(idx.size(), -1.0);
        val[0] = 1.0;
        m.add_row(idx, val, -1e30, 0.0);
    }
    out.n_groups = merged.size();
    std::vector<int> idx(out.cand.size());
    std::iota(idx.begin(), idx.end(), 0);
    const double left = static_cast<double>(p) - static_cast<double>(out.fixed_open.size());
    m.add_row(idx, std::vector<double>(idx.size(), 1.0), -1e30, std::max(0.0, left));
    return out;
}

/// Closes the gap with CBC on the model left by Lagrangian fixing (`fix`); updates the
/// incumbent, `upper` and the status.
void mclp_exact(Result& res, const Coverage& cv, McIncumbent& inc, double& upper, std::size_t p,
                const std::vector<char>& fix, const Clock& clock) {
    res.method = "exact (Lagrangian fixing, CBC on the reduced MCLP)";
    const ReducedMclp red = reduced_mclp(cv, p, fix, inc.integral);
    if (red.fixed_open.size() > p) {  // every solution beating the incumbent would need more than p sites
        upper = inc.covered;
        res.status = Status::optimal;
        return;
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "CBC model after fixing: %zu free candidates, %zu fixed open, %zu groups",
                  red.cand.size(), red.fixed_open.size(), red.n_groups);
    res.notes.push_back(buf);
    // CBC searches only what beats the incumbent (a cutoff, as pmedian.cpp does):
    // "infeasible" then proves the incumbent optimal, and the search prunes more.
    const auto out = solve_mip(red.model, clock.remaining(), inc.target() - red.fixed_cover, MipSearch::no_heuristics);
    if (out.status == MipStatus::infeasible) {
        upper = inc.covered;
        res.status = Status::optimal;
        return;
    }
    if (out.has_solution && red.fixed_cover + out.objective > inc.covered + inc.tol) {
        inc.covered = red.fixed_cover + out.objective;
        inc.open = red.fixed_open;
        for (std::size_t q = 0; q < red.cand.size(); ++q)
            if (out.x[q] > 0.5) inc.open.push_back(red.cand[q]);
        std::sort(inc.open.begin(), inc.open.end());
    }
    if (out.status == MipStatus::optimal) {
        upper = inc.covered;
        res.status = Status::optimal;
    } else {
        // Stopped by the clock, CBC's bound counts only above the incumbent: at or below
        // it the search would have ended "infeasible", so such a figure is not a bound
        // (CBC reports one for a root it did not finish).
        const double cbc = red.fixed_cover + out.bound;
        if (std::isfinite(cbc) && cbc > inc.target()) upper = std::min(upper, cbc);
        res.status = Status::time_limit;
    }
}

/// Solves the LP relaxation of the whole reduced MCLP (no fixing) and fixes by the
/// Lagrangian bound at its duals: the multipliers where that bound equals the LP's,
/// tighter than the subgradient's. Adds the fixings to `fix`; lowers `upper` to the
/// LP bound. Returns false when the LP was not solved within the time left.
bool lp_dual_fixing(const Coverage& cv, std::size_t p, double target, const Clock& clock, std::vector<char>& fix,
                    double& upper, std::vector<std::string>& notes) {
    const std::vector<char> none(cv.cand.size(), fix_free);
    const ReducedMclp whole = reduced_mclp(cv, p, none, false);
    const double t0 = clock.elapsed();
    const auto lp = solve_lp_duals(whole.model, clock.remaining());
    if (!lp) return false;
    upper = std::min(upper, lp->objective);
    // A merged row's dual (its magnitude: any multipliers >= 0 give a valid bound),
    // shared by its groups in proportion to their weights.
    std::vector<double> mu(cv.group_weight.size(), 0.0);
    for (std::size_t g = 0; g < mu.size(); ++g) {
        const int r = whole.group_row[g];
        if (r < 0) continue;
        const auto ur = static_cast<std::size_t>(r);
        const double row_weight = whole.model.m_obj[whole.cand.size() + ur];
        mu[g] = std::clamp(std::abs(lp->duals[ur]) * cv.group_weight[g] / row_weight, 0.0, cv.group_weight[g]);
    }
    const auto dual_fix = lagrangian_fixing(cv, p, mu, target);
    std::size_t closed = 0, opened = 0;
    for (std::size_t j = 0; j < fix.size(); ++j) {
        if (fix[j] != fix_free || dual_fix[j] == fix_free) continue;
        fix[j] = dual_fix[j];
        (fix[j] == fix_closed ? closed : opened) += 1;
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "LP relaxation %.10g in %.2f s; its duals fix %zu more candidates closed, %zu open",
                  cv.existing_weight + lp->objective, clock.elapsed() - t0, closed, opened);
    notes.emplace_back(buf);
    return true;
}

}  // namespace

std::vector<char> lagrangian_fixing(const Coverage& cv, std::size_t p, const std::vector<double>& mu, double target) {
    const std::size_t nc = cv.cand.size();
    std::vector<char> fix(nc, fix_free);
    const std::size_t k = std::min(p, nc);
    if (k == 0 || cv.group_weight.empty() || mu.size() != cv.group_weight.size()) return fix;
    std::vector<double> v(nc);
    std::vector<int> order;
    const double excess = lagrange_parts(cv, mu, v);
    const double bound = lagrange_top(k, excess, v, order);  // order[0..k): the top k
    double v_last = v[static_cast<std::size_t>(order[0])];    // the k-th largest
    for (std::size_t q = 0; q < k; ++q) v_last = std::min(v_last, v[static_cast<std::size_t>(order[q])]);
    double v_next = 0.0;  // the (k+1)-th largest (0: none, the relaxation may leave a site unused)
    for (std::size_t q = k; q < nc; ++q) v_next = std::max(v_next, v[static_cast<std::size_t>(order[q])]);
    std::vector<char> top(nc, 0);
    for (std::size_t q = 0; q < k; ++q) top[static_cast<std::size_t>(order[q])] = 1;
    for (std::size_t j = 0; j < nc; ++j) {
        // x_j = 1 forced (j outside the top k): v_j replaces the k-th largest (when k == p).
        // x_j = 0 forced (j inside): the (k+1)-th largest replaces v_j.
        if (!top[j] && k == p && bound - v_last + v[j] <= target) fix[j] = fix_closed;
        else if (top[j] && bound - v[j] + v_next <= target) fix[j] = fix_open;
    }
    return fix;
}

Result mclp(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    const Coverage cv = build(pb, *opt.radius, true);
    res.uncoverable = cv.uncoverable;
    res.total_weight = cv.total_weight;
    res.notes.push_back("reductions: " + std::to_string(cv.n_dominated) + " dominated candidates removed, " +
                        std::to_string(cv.n_coverable_demands) + " coverable demands in " +
                        std::to_string(cv.group_weight.size()) + " groups not covered by existing sites");
    // Heuristic: greedy, swaps, Lagrangian bound whose relaxed sets seed swap searches,
    // then the adaptive iterated local search from the best solution.
    CoverState st(cv);
    greedy(st, opt.p);
    swap_search(st, clock);
    McIncumbent inc{st.open_list(), st.covered, 1e-9 * std::max(1.0, cv.coverable_weight),
                    std::all_of(cv.group_weight.begin(), cv.group_weight.end(), is_integral)};
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
    IlsStats ils;
    if (!full && !inc.closed_by(upper)) {
        std::vector<double> v(cv.cand.size());
        lagrange_parts(cv, lg.mu, v);
        // Rounds: 20,000 at most, 8,000 without improvement; the real-city instances
        // (2,700-5,100 candidates) run about 1,000 a second.
        ils = adaptive_ils(cv, inc, upper, opt.seed, 20000, 8000, top_by_value(v, n_insert), clock);
        char buf[300];
        std::snprintf(buf, sizeof buf,
                      "adaptive iterated local search: %zu rounds%s, %zu improvements, %zu accepted, %zu swaps, "
                      "perturbation up to %zu sites",
                      ils.iterations, ils.clock_stopped ? " (stopped by the time limit)" : "", ils.improvements,
                      ils.accepted, ils.swaps, ils.max_omega);
        res.notes.push_back(buf);
    }
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "greedy + swaps %.10g at %.2f s; Lagrangian bound %.10g after %d iterations, incumbent %.10g at "
                  "%.2f s; local search %.10g at %.2f s",
                  cv.existing_weight + greedy_swap, t_heur, cv.existing_weight + upper, lg.iterations,
                  cv.existing_weight + lag_cov, t_lag, cv.existing_weight + inc.covered, clock.elapsed());
    res.notes.push_back(buf);
    res.method = "heuristic (greedy, Lagrangian bound and relaxed sets, adaptive iterated local search)";
    res.status = ils.clock_stopped ? Status::time_limit : Status::feasible;
    if (inc.closed_by(upper)) res.status = Status::optimal;
    if (exact && res.status != Status::optimal && !clock.expired()) {
        auto fix = lagrangian_fixing(cv, opt.p, lg.mu, inc.target());
        if (lp_dual_fixing(cv, opt.p, inc.target(), clock, fix, upper, res.notes) && inc.closed_by(upper)) {
            res.status = Status::optimal;
        } else {
            mclp_exact(res, cv, inc, upper, opt.p, fix, clock);
        }
    }
    if (inc.integral) upper = std::floor(upper + 1e-6);  // no solution covers a fraction
    res.open_sites = to_sites(cv, inc.open);
    res.covered_weight = cv.existing_weight + inc.covered;
    res.objective = res.covered_weight;
    res.bound = cv.existing_weight + std::max(upper, inc.covered);
    if (res.status == Status::optimal) res.bound = res.objective;
    return res;
}

}  // namespace lc::opt::detail::cover
