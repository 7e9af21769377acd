// Coverage models (MCLP, LSCP): reductions, exact CBC models, greedy + swap local
// search and a Lagrangian bound.
#include "detail.hpp"
#include "mip.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <queue>
#include <string>
#include <unordered_map>

namespace lc::opt::detail {
namespace {

struct VecHash {
    std::size_t operator()(const std::vector<int>& v) const noexcept {
        std::uint64_t h = 1469598103934665603ULL;
        for (int x : v) h = (h ^ static_cast<std::uint64_t>(x)) * 1099511628211ULL;
        return static_cast<std::size_t>(h);
    }
};

/// The reduced coverage instance: demands merged into groups with identical sets of
/// covering candidates; dominated candidates removed.
struct Coverage {
    std::vector<Index> cand;                      // site index per kept candidate
    std::vector<std::vector<int>> cover;          // candidate -> groups
    std::vector<std::vector<int>> group_sites;    // group -> candidates
    std::vector<double> group_weight;
    std::vector<std::vector<Index>> group_members;
    double total_weight = 0.0;
    double existing_weight = 0.0;                 // covered by existing sites
    double coverable_weight = 0.0;                // existing + groups
    std::vector<Index> uncoverable;
    std::size_t n_dominated = 0;
    std::size_t n_coverable_demands = 0;
    // The same lists flattened (CSR) for the Lagrangian's hot loops.
    std::vector<std::size_t> cover_start, gs_start;
    std::vector<int> cover_flat, gs_flat;
};

void flatten(const std::vector<std::vector<int>>& lists, std::vector<std::size_t>& start, std::vector<int>& flat) {
    start.assign(1, 0);
    flat.clear();
    for (const auto& l : lists) {
        flat.insert(flat.end(), l.begin(), l.end());
        start.push_back(flat.size());
    }
}

Coverage build(const Problem& pb, double radius, bool remove_dominated) {
    Coverage cv;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    std::vector<char> by_existing(nd, 0), reachable(nd, 0);
    std::vector<std::vector<int>> demand_cands(nd);
    std::vector<int> cand_of_site(ns, -1);
    std::vector<Index> all_cands;
    for (Index j = 0; j < ns; ++j)
        if (!pb.sites[j].existing) {
            cand_of_site[j] = static_cast<int>(all_cands.size());
            all_cands.push_back(j);
        }
    for (Index j = 0; j < ns; ++j) {
        const bool ex = pb.sites[j].existing;
        const int c = cand_of_site[j];
        pb.costs.for_each(j, [&](Index i, double d) {
            if (d > radius) return;
            reachable[i] = 1;
            if (ex) by_existing[i] = 1;
            else demand_cands[i].push_back(c);
        });
    }
    for (Index i = 0; i < nd; ++i) {
        cv.total_weight += pb.demands[i].weight;
        if (!reachable[i]) cv.uncoverable.push_back(i);
        else if (by_existing[i]) cv.existing_weight += pb.demands[i].weight;
    }
    // Group by candidate set, then remove dominated candidates and regroup.
    auto group = [&](const std::vector<char>& keep) {
        std::unordered_map<std::vector<int>, int, VecHash> index;
        cv.group_sites.clear();
        cv.group_weight.clear();
        cv.group_members.clear();
        std::vector<int> key;
        for (Index i = 0; i < nd; ++i) {
            if (!reachable[i] || by_existing[i] || pb.demands[i].weight <= 0.0) continue;
            key.clear();
            for (int c : demand_cands[i])
                if (keep[static_cast<std::size_t>(c)]) key.push_back(c);
            if (key.empty()) continue;  // only happens when weight 0 or via dominance (not possible)
            auto [it, added] = index.emplace(key, static_cast<int>(cv.group_sites.size()));
            if (added) {
                cv.group_sites.push_back(key);
                cv.group_weight.push_back(0.0);
                cv.group_members.emplace_back();
            }
            cv.group_weight[static_cast<std::size_t>(it->second)] += pb.demands[i].weight;
            cv.group_members[static_cast<std::size_t>(it->second)].push_back(i);
        }
    };
    std::vector<char> keep(all_cands.size(), 1);
    group(keep);
    const std::size_t nc = all_cands.size();
    std::vector<std::vector<int>> cover(nc);
    for (std::size_t g = 0; g < cv.group_sites.size(); ++g)
        for (int c : cv.group_sites[g]) cover[static_cast<std::size_t>(c)].push_back(static_cast<int>(g));
    if (remove_dominated) {
        // a is dominated by b when cover(a) is a subset of cover(b) (equal sets: the lower index stays).
        std::vector<int> count(nc, 0);
        std::vector<int> touched;
        for (std::size_t a = 0; a < nc; ++a) {
            if (cover[a].empty()) {
                keep[a] = 0;
                continue;
            }
            touched.clear();
            for (int g : cover[a])
                for (int b : cv.group_sites[static_cast<std::size_t>(g)]) {
                    if (count[static_cast<std::size_t>(b)]++ == 0) touched.push_back(b);
                }
            const int need = static_cast<int>(cover[a].size());
            for (int b : touched) {
                const auto ub = static_cast<std::size_t>(b);
                if (ub != a && keep[ub] && count[ub] == need &&
                    (cover[ub].size() > cover[a].size() || ub < a)) {
                    keep[a] = 0;
                }
                count[ub] = 0;
            }
        }
        for (char k : keep) cv.n_dominated += k ? 0 : 1;
        group(keep);
    }
    // Renumber kept candidates.
    std::vector<int> new_index(nc, -1);
    for (std::size_t a = 0; a < nc; ++a)
        if (keep[a]) {
            new_index[a] = static_cast<int>(cv.cand.size());
            cv.cand.push_back(all_cands[a]);
        }
    cv.cover.assign(cv.cand.size(), {});
    for (std::size_t g = 0; g < cv.group_sites.size(); ++g) {
        for (int& c : cv.group_sites[g]) {
            c = new_index[static_cast<std::size_t>(c)];
            cv.cover[static_cast<std::size_t>(c)].push_back(static_cast<int>(g));
        }
    }
    cv.coverable_weight = cv.existing_weight + std::accumulate(cv.group_weight.begin(), cv.group_weight.end(), 0.0);
    cv.n_coverable_demands = nd - cv.uncoverable.size();
    flatten(cv.cover, cv.cover_start, cv.cover_flat);
    flatten(cv.group_sites, cv.gs_start, cv.gs_flat);
    return cv;
}

// ---------------------------------------------------------------- MCLP heuristic

/// Local-search state over kept candidates: how often each group is covered, and per
/// open candidate the weight only it covers (its loss on closing), kept incrementally.
struct CoverState {
    const Coverage& cv;
    std::vector<char> open;
    std::vector<int> count;
    std::vector<std::int64_t> sole;  // sum of open covering candidates (= the one when count == 1)
    std::vector<double> loss;        // open candidate -> weight of the groups only it covers
    std::vector<int> opened;         // open candidates (order of opening, swap-removed)
    std::vector<int> pos;            // candidate -> index in `opened`, -1 when closed
    std::vector<double> gain;        // candidate -> weight of its groups covered by no open site
    std::vector<double> single;      // candidate -> weight of its groups covered exactly once
    double covered = 0.0;

    explicit CoverState(const Coverage& c)
        : cv(c), open(c.cand.size(), 0), count(c.group_weight.size(), 0), sole(c.group_weight.size(), 0),
          loss(c.cand.size(), 0.0), pos(c.cand.size(), -1), gain(c.cand.size(), 0.0), single(c.cand.size(), 0.0) {
        for (std::size_t j = 0; j < c.cand.size(); ++j)
            for (int g : c.cover[j]) gain[j] += c.group_weight[static_cast<std::size_t>(g)];
    }
    /// Adds (gain, single) to every candidate covering g.
    void shift(std::size_t g, double d_gain, double d_single) {
        for (std::size_t q = cv.gs_start[g], e = cv.gs_start[g + 1]; q < e; ++q) {
            const auto f = static_cast<std::size_t>(cv.gs_flat[q]);
            gain[f] += d_gain;
            single[f] += d_single;
        }
    }
    void toggle(int j, bool on) {
        const auto uj = static_cast<std::size_t>(j);
        open[uj] = on ? 1 : 0;
        if (on) {
            pos[uj] = static_cast<int>(opened.size());
            opened.push_back(j);
        } else {
            const int last = opened.back();
            opened[static_cast<std::size_t>(pos[uj])] = last;
            pos[static_cast<std::size_t>(last)] = pos[uj];
            opened.pop_back();
            pos[uj] = -1;
        }
        for (int g : cv.cover[uj]) {
            const auto ug = static_cast<std::size_t>(g);
            const double w = cv.group_weight[ug];
            if (on) {
                const int c = count[ug]++;
                if (c == 0) {
                    covered += w;
                    loss[uj] += w;
                    shift(ug, -w, w);
                } else if (c == 1) {
                    loss[static_cast<std::size_t>(sole[ug])] -= w;
                    shift(ug, 0.0, -w);
                }
                sole[ug] += j;
            } else {
                const int c = --count[ug];
                sole[ug] -= j;
                if (c == 0) {
                    covered -= w;
                    shift(ug, w, -w);
                } else if (c == 1) {
                    loss[static_cast<std::size_t>(sole[ug])] += w;
                    shift(ug, 0.0, w);
                }
            }
        }
        if (!on) loss[uj] = 0.0;
    }
    std::vector<int> open_list() const {
        std::vector<int> out(opened);
        std::sort(out.begin(), out.end());
        return out;
    }
};

/// Lazy greedy: add up to p candidates with the largest marginal coverage.
void greedy(CoverState& st, std::size_t p) {
    const auto& cv = st.cv;
    using Item = std::pair<double, int>;
    std::priority_queue<Item> heap;
    auto gain = [&](int j) {
        double g = 0.0;
        for (int grp : cv.cover[static_cast<std::size_t>(j)])
            if (st.count[static_cast<std::size_t>(grp)] == 0) g += cv.group_weight[static_cast<std::size_t>(grp)];
        return g;
    };
    for (std::size_t j = 0; j < cv.cand.size(); ++j)
        if (!st.open[j]) heap.emplace(gain(static_cast<int>(j)), -static_cast<int>(j));
    while (st.opened.size() < p && !heap.empty()) {
        auto [g, negj] = heap.top();
        heap.pop();
        const int j = -negj;
        const double fresh = gain(j);
        if (fresh <= 0.0) break;
        if (!heap.empty() && fresh < heap.top().first - 1e-12) {
            heap.emplace(fresh, negj);
            continue;
        }
        st.toggle(j, true);
    }
}

/// Best-improvement swaps (fast interchange) until none improves. Insertions are
/// drawn from `allowed` when given (e.g. the candidates left by reduced-cost fixing),
/// otherwise from every candidate. Returns the number of swaps made.
int swap_search(CoverState& st, const Clock& clock, const std::vector<int>* allowed = nullptr) {
    const auto& cv = st.cv;
    const std::size_t nc = cv.cand.size();
    std::vector<double> delta(nc, 0.0);
    std::vector<int> touched;
    const std::size_t n_f = allowed ? allowed->size() : nc;
    int swaps = 0;
    for (int iter = 0; iter < 100000 && !clock.expired(); ++iter) {
        int r0 = -1;
        for (int j : st.opened)
            if (r0 < 0 || st.loss[static_cast<std::size_t>(j)] < st.loss[static_cast<std::size_t>(r0)] ||
                (st.loss[static_cast<std::size_t>(j)] == st.loss[static_cast<std::size_t>(r0)] && j < r0))
                r0 = j;
        if (r0 < 0) return swaps;
        const double min_loss = st.loss[static_cast<std::size_t>(r0)];
        double best = 1e-9 * std::max(1.0, st.covered);
        int best_f = -1, best_r = -1;
        for (std::size_t q = 0; q < n_f; ++q) {
            const std::size_t f = allowed ? static_cast<std::size_t>((*allowed)[q]) : q;
            if (st.open[f]) continue;
            // Swapping f in for r gains gain[f] and loses loss[r] minus what f re-covers of
            // it (at most single[f]); so no swap with f beats this bound: skip it unevaluated.
            if (st.gain[f] - std::max(0.0, min_loss - st.single[f]) <= best) continue;
            double gain = 0.0;
            touched.clear();
            for (int g : cv.cover[f]) {
                const auto ug = static_cast<std::size_t>(g);
                if (st.count[ug] == 0) gain += cv.group_weight[ug];
                else if (st.count[ug] == 1) {
                    const auto r = static_cast<std::size_t>(st.sole[ug]);
                    if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                    delta[r] += cv.group_weight[ug];
                }
            }
            double move = gain - st.loss[static_cast<std::size_t>(r0)];
            int r_best = r0;
            for (int r : touched) {
                const auto ur = static_cast<std::size_t>(r);
                const double m = gain - st.loss[ur] + delta[ur];
                if (m > move) {
                    move = m;
                    r_best = r;
                }
                delta[ur] = 0.0;
            }
            if (move > best) {
                best = move;
                best_f = static_cast<int>(f);
                best_r = r_best;
            }
        }
        if (best_f < 0) return swaps;
        st.toggle(best_r, false);
        st.toggle(best_f, true);
        ++swaps;
    }
    return swaps;
}

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
    const int* flat = cv.cover_flat.data();
    for (std::size_t j = 0; j < nc; ++j) {
        double s = 0.0;
        for (std::size_t q = cv.cover_start[j], e = cv.cover_start[j + 1]; q < e; ++q)
            s += mu[static_cast<std::size_t>(flat[q])];
        v[j] = s;
    }
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
                for (int g : cv.cover[static_cast<std::size_t>(order[q])]) {
                    const auto ug = static_cast<std::size_t>(g);
                    if (!seen[ug]) {
                        seen[ug] = 1;
                        cov += cv.group_weight[ug];
                    }
                }
            for (std::size_t q = 0; q < k; ++q)
                for (int g : cv.cover[static_cast<std::size_t>(order[q])]) seen[static_cast<std::size_t>(g)] = 0;
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
            for (int g : cv.cover[static_cast<std::size_t>(order[q])]) sub[static_cast<std::size_t>(g)] += 1.0;
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
            for (std::size_t q = cv.gs_start[g], e = cv.gs_start[g + 1]; q < e; ++q)
                v[static_cast<std::size_t>(cv.gs_flat[q])] += d;
        }
    }
    return out;
}

std::vector<Index> to_sites(const Coverage& cv, const std::vector<int>& open) {
    std::vector<Index> out;
    for (int j : open) out.push_back(cv.cand[static_cast<std::size_t>(j)]);
    std::sort(out.begin(), out.end());
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
    const std::size_t max_ils = exact ? 300 : 8000;
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

/// Adds a column y_g in [0, 1] per demand group, of objective `weight[g]`, and
/// the row y_g <= sum of the x_c of the candidates covering g (columns 0..nc-1
/// are the candidates). Returns the y columns.
std::vector<int> add_group_cover(MipModel& m, const Coverage& cv, const std::vector<double>& weight) {
    const std::size_t ng = cv.group_weight.size();
    std::vector<int> y(ng);
    for (std::size_t g = 0; g < ng; ++g) y[g] = m.add_col(0.0, 1.0, weight[g], false);
    std::vector<int> idx;
    std::vector<double> val;
    for (std::size_t g = 0; g < ng; ++g) {
        idx.assign(1, y[g]);
        val.assign(1, 1.0);
        for (int c : cv.group_sites[g]) {
            idx.push_back(c);
            val.push_back(-1.0);
        }
        m.add_row(idx, val, -1e30, 0.0);
    }
    return y;
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
    const auto out = solve_mip(reduced_mclp_model(cv, p), clock.remaining(), std::nullopt);
    res.method = "exact (CBC on the reduced MCLP)";
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
        lg = mclp_lagrangian(cv, opt.p, inc.covered, clock, exact ? 1000 : 6000, n_insert, improve);
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

// ---------------------------------------------------------------- LSCP

Result lscp(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    const Coverage cv = build(pb, *opt.radius, true);
    res.uncoverable = cv.uncoverable;
    res.total_weight = cv.total_weight;
    const std::size_t nc = cv.cand.size(), ng = cv.group_weight.size();
    const double eps = 1e-9 * std::max(1.0, cv.total_weight);
    double need = 0.0;  // weight the new sites must add
    if (opt.target_share) {
        need = *opt.target_share * cv.total_weight - cv.existing_weight;
        if (need > cv.coverable_weight - cv.existing_weight + eps) {
            res.status = Status::infeasible;
            res.method = "reduction";
            res.covered_weight = cv.coverable_weight;
            res.objective = 0.0;
            res.bound = 0.0;
            res.notes.push_back("target share " + std::to_string(*opt.target_share) +
                                " is above the coverable share " + std::to_string(cv.coverable_weight / cv.total_weight));
            return res;
        }
    } else {
        need = cv.coverable_weight - cv.existing_weight;
        if (!cv.uncoverable.empty())
            res.notes.push_back(std::to_string(cv.uncoverable.size()) +
                                " demands cannot be covered by any site; the others are covered");
    }
    // Greedy: most uncovered weight (or groups when covering all) per site, then drop redundant sites.
    CoverState st(cv);
    std::vector<int> chosen;
    while (st.covered < need - eps) {
        double best = 0.0;
        int bj = -1;
        for (std::size_t j = 0; j < nc; ++j) {
            if (st.open[j]) continue;
            double g = 0.0;
            for (int grp : cv.cover[j])
                if (st.count[static_cast<std::size_t>(grp)] == 0)
                    g += opt.target_share ? cv.group_weight[static_cast<std::size_t>(grp)] : 1.0;
            if (g > best) {
                best = g;
                bj = static_cast<int>(j);
            }
        }
        if (bj < 0) break;
        st.toggle(bj, true);
    }
    for (int j : st.open_list()) {  // redundancy elimination
        st.toggle(j, false);
        if (st.covered < need - eps) st.toggle(j, true);
    }
    std::vector<int> best_open = st.open_list();
    double lower = best_open.empty() ? 0.0 : 1.0;
    res.method = "heuristic (greedy + redundancy elimination, LP bound)";
    // LP bound (Clp) on the reduced model.
    MipModel m;
    for (std::size_t j = 0; j < nc; ++j) m.add_col(0.0, 1.0, 1.0, true);
    std::vector<int> idx;
    std::vector<double> val;
    if (opt.target_share) {
        const std::vector<int> y = add_group_cover(m, cv, std::vector<double>(ng, 0.0));
        for (std::size_t g = 0; g < ng; ++g) {
            idx.push_back(y[g]);
            val.push_back(cv.group_weight[g]);
        }
        m.add_row(idx, val, need - eps, 1e30);
    } else {
        for (std::size_t g = 0; g < ng; ++g) {
            idx.assign(cv.group_sites[g].begin(), cv.group_sites[g].end());
            val.assign(idx.size(), 1.0);
            m.add_row(idx, val, 1.0, 1e30);
        }
    }
    if (!best_open.empty() && (exact || pb.costs.n_links() <= opt.exact_max_links / 10)) {
        if (auto lp = solve_lp(m)) lower = std::max(lower, std::ceil(*lp - 1e-6));
    }
    res.status = (static_cast<double>(best_open.size()) <= lower + 1e-9) ? Status::optimal : Status::feasible;
    if (exact && res.status != Status::optimal && !clock.expired()) {
        const auto out = solve_mip(m, clock.remaining(), static_cast<double>(best_open.size()) - 0.5);
        res.method = "exact (CBC on the reduced LSCP)";
        if (out.has_solution) {
            best_open.clear();
            for (std::size_t j = 0; j < nc; ++j)
                if (out.x[j] > 0.5) best_open.push_back(static_cast<int>(j));
        }
        if (out.status == MipStatus::optimal || out.status == MipStatus::infeasible) {
            lower = static_cast<double>(best_open.size());
            res.status = Status::optimal;
        } else {
            lower = std::max(lower, std::ceil(out.bound - 1e-6));
            res.status = Status::time_limit;
        }
    }
    CoverState fin(cv);
    for (int j : best_open) fin.toggle(j, true);
    res.open_sites = to_sites(cv, best_open);
    res.covered_weight = cv.existing_weight + fin.covered;
    res.objective = static_cast<double>(best_open.size());
    res.bound = std::min(lower, res.objective);
    return res;
}

}  // namespace

Result solve_coverage(const Problem& problem, const Options& options, bool exact, const Clock& clock) {
    return options.model == Model::mclp ? mclp(problem, options, exact, clock) : lscp(problem, options, exact, clock);
}

}  // namespace lc::opt::detail
