// p-median: greedy start, fast-interchange swap search with seeded perturbation
// restarts, Lagrangian bound (relaxing the assignment constraints) with variable
// fixing, and the radius formulation (Elloumi 2010; levels generated lazily as in
// Garcia, Labbe and Marin 2011) solved by CBC with the incumbent as cutoff.
#include "detail.hpp"
#include "lc/optimize/allocation.hpp"
#include "mip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>

namespace lc::opt::detail {
namespace {

struct Near {
    double cost;
    int cand;
};

/// Candidates (new sites) closer than the nearest fixed-open site, per demand.
struct Median {
    std::vector<Index> cand;                  // site index per candidate
    std::vector<std::vector<Link>> by_cand;   // candidate -> (demand, cost) with cost < fixed[demand]
    std::vector<std::vector<Near>> near;      // demand -> candidates sorted by cost (< fixed)
    std::vector<double> fixed;                // cost to the nearest existing site (or `penalty`)
    std::vector<double> w;
    double penalty = 0.0;                     // cost charged to a demand no open site reaches
    bool integral = true;
};

Median build(const Problem& pb) {
    Median md;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    double max_cost = 0.0;
    for (Index j = 0; j < ns; ++j)
        pb.costs.for_each(j, [&](Index, double c) { max_cost = std::max(max_cost, c); });
    md.penalty = (max_cost + 1.0) * static_cast<double>(nd + 1);
    md.fixed.assign(nd, md.penalty);
    md.w.resize(nd);
    for (std::size_t i = 0; i < nd; ++i) {
        md.w[i] = pb.demands[i].weight;
        if (!is_integral(md.w[i])) md.integral = false;
    }
    for (Index j = 0; j < ns; ++j) {
        if (pb.sites[j].existing)
            pb.costs.for_each(j, [&](Index i, double c) { md.fixed[i] = std::min(md.fixed[i], c); });
        else
            md.cand.push_back(j);
    }
    md.by_cand.resize(md.cand.size());
    md.near.resize(nd);
    for (std::size_t c = 0; c < md.cand.size(); ++c) {
        pb.costs.for_each(md.cand[c], [&](Index i, double d) {
            if (!is_integral(d)) md.integral = false;
            if (d < md.fixed[i]) {
                md.by_cand[c].push_back(Link{i, d});
                md.near[i].push_back(Near{d, static_cast<int>(c)});
            }
        });
    }
    for (auto& v : md.near)
        std::sort(v.begin(), v.end(), [](const Near& a, const Near& b) { return a.cost < b.cost || (a.cost == b.cost && a.cand < b.cand); });
    return md;
}

/// Swap-search state: open candidates, nearest (d1, c1) and second nearest (d2) per demand.
struct State {
    const Median* mdp;
    std::vector<char> open;
    std::vector<double> d1, d2;
    std::vector<int> c1;
    double cost = 0.0;

    explicit State(const Median& m) : mdp(&m), open(m.cand.size(), 0), d1(m.w.size()), d2(m.w.size()), c1(m.w.size()) {}
    void assign_all() {
        const Median& md = *mdp;
        cost = 0.0;
        for (std::size_t i = 0; i < md.w.size(); ++i) {
            d1[i] = d2[i] = md.fixed[i];
            c1[i] = -1;
            int found = 0;
            for (const Near& nb : md.near[i]) {
                if (!open[static_cast<std::size_t>(nb.cand)]) continue;
                if (found == 0) {
                    d1[i] = nb.cost;
                    c1[i] = nb.cand;
                    found = 1;
                } else {
                    d2[i] = nb.cost;
                    break;
                }
            }
            cost += md.w[i] * d1[i];
        }
    }
    std::vector<int> open_list() const {
        std::vector<int> out;
        for (std::size_t j = 0; j < open.size(); ++j)
            if (open[j]) out.push_back(static_cast<int>(j));
        return out;
    }
};

void greedy(State& st, std::size_t p) {
    const Median& md = *st.mdp;
    const std::size_t nc = md.cand.size();
    st.assign_all();
    for (std::size_t k = 0; k < p; ++k) {
        double best = -1.0;
        int bj = -1;
        for (std::size_t c = 0; c < nc; ++c) {
            if (st.open[c]) continue;
            double gain = 0.0;
            for (const Link& l : md.by_cand[c])
                if (l.cost < st.d1[l.demand]) gain += md.w[l.demand] * (st.d1[l.demand] - l.cost);
            if (gain > best) {
                best = gain;
                bj = static_cast<int>(c);
            }
        }
        if (bj < 0) break;
        st.open[static_cast<std::size_t>(bj)] = 1;
        for (const Link& l : md.by_cand[static_cast<std::size_t>(bj)])
            if (l.cost < st.d1[l.demand]) {
                st.cost -= md.w[l.demand] * (st.d1[l.demand] - l.cost);
                st.d1[l.demand] = l.cost;
            }
    }
    st.assign_all();
}

/// Best-improvement swaps; the profit of (insert f, remove r) is computed for every
/// r at once in O(|list of f|) (Whitaker's fast interchange, sparse form).
void swap_search(State& st, const Clock& clock) {
    const Median& md = *st.mdp;
    const std::size_t nc = md.cand.size(), nd = md.w.size();
    std::vector<double> loss(nc), delta(nc, 0.0);
    std::vector<int> touched;
    for (int iter = 0; iter < 1000000 && !clock.expired(); ++iter) {
        std::fill(loss.begin(), loss.end(), 0.0);
        for (std::size_t i = 0; i < nd; ++i)
            if (st.c1[i] >= 0) loss[static_cast<std::size_t>(st.c1[i])] += md.w[i] * (st.d2[i] - st.d1[i]);
        int r0 = -1;
        for (std::size_t j = 0; j < nc; ++j)
            if (st.open[j] && (r0 < 0 || loss[j] < loss[static_cast<std::size_t>(r0)])) r0 = static_cast<int>(j);
        if (r0 < 0) return;
        double best = 1e-9 * std::max(1.0, st.cost);
        int bf = -1, br = -1;
        for (std::size_t f = 0; f < nc; ++f) {
            if (st.open[f]) continue;
            double gain = 0.0;
            touched.clear();
            for (const Link& l : md.by_cand[f]) {
                const std::size_t i = l.demand;
                if (l.cost < st.d1[i]) {
                    gain += md.w[i] * (st.d1[i] - l.cost);
                    if (st.c1[i] >= 0) {
                        const auto r = static_cast<std::size_t>(st.c1[i]);
                        if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                        delta[r] += md.w[i] * (st.d2[i] - st.d1[i]);
                    }
                } else if (l.cost < st.d2[i] && st.c1[i] >= 0) {
                    const auto r = static_cast<std::size_t>(st.c1[i]);
                    if (delta[r] == 0.0) touched.push_back(static_cast<int>(r));
                    delta[r] += md.w[i] * (st.d2[i] - l.cost);
                }
            }
            double move = gain - loss[static_cast<std::size_t>(r0)];
            int rb = r0;
            for (int r : touched) {
                const auto ur = static_cast<std::size_t>(r);
                const double m = gain - loss[ur] + delta[ur];
                if (m > move) {
                    move = m;
                    rb = r;
                }
                delta[ur] = 0.0;
            }
            if (move > best) {
                best = move;
                bf = static_cast<int>(f);
                br = rb;
            }
        }
        if (bf < 0) return;
        st.open[static_cast<std::size_t>(br)] = 0;
        st.open[static_cast<std::size_t>(bf)] = 1;
        st.assign_all();
    }
}

constexpr int lg_stall() { return 30; }
constexpr double lg_min_theta() { return 1e-3; }
constexpr int lg_iters() { return 5000; }
constexpr int bb_iters() { return 80; }
constexpr int bb_stall() { return 10; }

struct Lagrange {
    double bound = -std::numeric_limits<double>::infinity();
    std::vector<double> lambda;  // best multipliers
};

/// L(lambda) = sum_i lambda_i + sum_i min(0, w_i f_i - lambda_i) + (p smallest of rho_j),
/// rho_j = sum_i min(0, w_i d_ij - lambda_i). Returns L and fills rho.
double lagrange_value(const Median& md, const std::vector<double>& lambda, std::size_t p, std::vector<double>& rho,
                      std::vector<int>& order) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    std::fill(rho.begin(), rho.end(), 0.0);
    double value = 0.0;
    for (std::size_t i = 0; i < nd; ++i) {
        const double li = lambda[i];
        value += li + std::min(0.0, md.w[i] * md.fixed[i] - li);
        for (const Near& nb : md.near[i]) {
            const double r = md.w[i] * nb.cost - li;
            if (r >= 0.0) break;
            rho[static_cast<std::size_t>(nb.cand)] += r;
        }
    }
    order.resize(nc);
    std::iota(order.begin(), order.end(), 0);
    const std::size_t k = std::min(p, nc);
    if (k < nc)
        std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                         [&](int a, int b) { return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)]; });
    for (std::size_t q = 0; q < k; ++q) value += rho[static_cast<std::size_t>(order[q])];
    return value;
}

Lagrange lagrangian(const Median& md, std::size_t p, const State& inc, double upper, const Clock& clock, double seconds,
                    bool integral) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    Lagrange lg;
    std::vector<double> lambda(nd), rho(nc), g(nd);
    std::vector<int> order;
    for (std::size_t i = 0; i < nd; ++i) lambda[i] = md.w[i] * inc.d1[i];  // start at the incumbent's costs
    double theta = 2.0;
    int stall = 0;
    const double deadline = clock.elapsed() + seconds;
    const double target = integral ? upper - 1.0 + 1e-6 : upper - 1e-9 * std::max(1.0, upper);
    const std::size_t k = std::min(p, nc);
    for (int it = 0; it < lg_iters() && clock.elapsed() < deadline; ++it) {
        const double value = lagrange_value(md, lambda, p, rho, order);
        if (value > lg.bound + 1e-9 * std::max(1.0, std::abs(value))) {
            if (value > lg.bound + 1e-6 * std::max(1.0, std::abs(value))) stall = 0;
            lg.bound = value;
            lg.lambda = lambda;
        }
        if (++stall >= lg_stall()) {
            theta *= 0.5;
            stall = 0;
            if (theta < lg_min_theta()) break;
        }
        if (lg.bound > target) break;
        // subgradient g_i = 1 - sum_j x_ij
        std::vector<char> chosen(nc, 0);
        for (std::size_t q = 0; q < k; ++q) chosen[static_cast<std::size_t>(order[q])] = 1;
        double norm = 0.0;
        for (std::size_t i = 0; i < nd; ++i) {
            double s = 1.0;
            if (md.w[i] * md.fixed[i] < lambda[i]) s -= 1.0;
            for (const Near& nb : md.near[i]) {
                if (md.w[i] * nb.cost - lambda[i] >= 0.0) break;
                if (chosen[static_cast<std::size_t>(nb.cand)]) s -= 1.0;
            }
            g[i] = s;
            norm += s * s;
        }
        if (norm <= 0.0) break;
        const double step = theta * (upper - value) / norm;
        for (std::size_t i = 0; i < nd; ++i) lambda[i] = std::max(0.0, lambda[i] + step * g[i]);
    }
    return lg;
}


/// Lagrangian branch-and-bound on the facility variables (Beasley 1993 style):
/// each node warm-starts the subgradient from its parent's multipliers, fixes
/// variables by Lagrangian reduced costs and branches on the most attractive free
/// facility of the relaxed solution (open first). `fix`: -1 free, 0 closed, 1 open.
struct BbResult {
    bool proven = false;
    double lower = 0.0;
    long nodes = 0;
};

struct BbNode {
    std::vector<signed char> fix;  ///< per candidate: -1 free, 0 closed, 1 open
    std::vector<double> lambda;    ///< the parent's best multipliers (warm start)
    double bound;                  ///< the parent's Lagrangian bound
};

/// The best Lagrangian relaxation of a node: bound, multipliers, the relaxed
/// facility set and its rho values (for reduced-cost fixing).
struct NodeRelaxation {
    double best = -1e300;
    std::vector<double> lambda;
    std::vector<int> chosen;
    std::vector<double> rho;
    double rho_last_in = 0.0, rho_first_out = 0.0;
};

/// Scratch space of the subgradient iterations, reused from node to node.
struct BbScratch {
    std::vector<double> rho, g;
    std::vector<int> freec, chosen;
    std::vector<char> in_chosen;
    BbScratch(std::size_t nc, std::size_t nd) : rho(nc), g(nd), in_chosen(nc, 0) {}
};

/// Subgradient optimisation of the node's Lagrangian (k facilities beyond the
/// fixed-open ones), from its parent's multipliers; stops early once the bound
/// exceeds `cut` (the node is pruned) or the step is too small.
NodeRelaxation relax_node(const Median& md, const std::vector<std::vector<Near>>& fnear, const BbNode& node, std::size_t k,
                          int max_iter, double upper, double cut, BbScratch& sc) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    NodeRelaxation best;
    best.lambda = node.lambda;
    std::vector<double> lambda = node.lambda;
    double theta = 1.0;
    int stall = 0;
    for (int it = 0; it < max_iter; ++it) {
        std::fill(sc.rho.begin(), sc.rho.end(), 0.0);
        double value = 0.0;
        for (std::size_t i = 0; i < nd; ++i) {
            const double li = lambda[i];
            value += li + std::min(0.0, md.w[i] * md.fixed[i] - li);
            for (const Near& nb : fnear[i]) {
                const double r = md.w[i] * nb.cost - li;
                if (r >= 0.0) break;
                sc.rho[static_cast<std::size_t>(nb.cand)] += r;
            }
        }
        sc.freec.clear();
        sc.chosen.clear();
        for (std::size_t c = 0; c < nc; ++c) {
            if (node.fix[c] == 1) { value += sc.rho[c]; sc.chosen.push_back(static_cast<int>(c)); }
            else if (node.fix[c] == -1) sc.freec.push_back(static_cast<int>(c));
        }
        if (sc.freec.size() < k) {
            best.best = 1e300;
            break;
        }
        const auto& rho = sc.rho;
        auto by_rho = [&](int a, int b) { return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)] || (rho[static_cast<std::size_t>(a)] == rho[static_cast<std::size_t>(b)] && a < b); };
        if (k < sc.freec.size())
            std::nth_element(sc.freec.begin(), sc.freec.begin() + static_cast<std::ptrdiff_t>(k), sc.freec.end(), by_rho);
        double last_in = -1e300, first_out = 1e300;
        for (std::size_t q = 0; q < sc.freec.size(); ++q) {
            const double r = rho[static_cast<std::size_t>(sc.freec[q])];
            if (q < k) { value += r; sc.chosen.push_back(sc.freec[q]); last_in = std::max(last_in, r); }
            else first_out = std::min(first_out, r);
        }
        if (value > best.best + 1e-9 * std::max(1.0, std::abs(value))) {
            best.best = value;
            best.lambda = lambda;
            best.chosen = sc.chosen;
            best.rho = rho;
            best.rho_last_in = last_in;
            best.rho_first_out = first_out;
            stall = 0;
        } else if (++stall >= bb_stall()) {
            theta *= 0.5;
            stall = 0;
        }
        if (best.best > cut || theta < 1e-3) break;
        for (int c : sc.chosen) sc.in_chosen[static_cast<std::size_t>(c)] = 1;
        double norm = 0.0;
        for (std::size_t i = 0; i < nd; ++i) {
            double gi = 1.0;
            if (md.w[i] * md.fixed[i] < lambda[i]) gi -= 1.0;
            for (const Near& nb : fnear[i]) {
                if (md.w[i] * nb.cost - lambda[i] >= 0.0) break;
                if (sc.in_chosen[static_cast<std::size_t>(nb.cand)]) gi -= 1.0;
            }
            sc.g[i] = gi;
            norm += gi * gi;
        }
        for (int c : sc.chosen) sc.in_chosen[static_cast<std::size_t>(c)] = 0;
        if (norm <= 0.0) break;  // relaxed solution feasible with complementary slackness
        const double step = theta * (upper - value) / norm;
        for (std::size_t i = 0; i < nd; ++i) lambda[i] = std::max(0.0, lambda[i] + step * sc.g[i]);
    }
    return best;
}

/// Reduced-cost fixing for the children: a free candidate whose opening
/// (closing) alone lifts the bound over `cut` is closed (opened).
std::vector<signed char> children_fix(const BbNode& node, const NodeRelaxation& rel, double cut) {
    std::vector<signed char> fix = node.fix;
    std::vector<char> in_set(fix.size(), 0);
    for (int c : rel.chosen) in_set[static_cast<std::size_t>(c)] = 1;
    for (std::size_t c = 0; c < fix.size(); ++c) {
        if (fix[c] != -1) continue;
        if (!in_set[c] && rel.best + rel.rho[c] - rel.rho_last_in > cut) fix[c] = 0;
        else if (in_set[c] && rel.rho_first_out < 1e299 && rel.best - rel.rho[c] + rel.rho_first_out > cut) fix[c] = 1;
    }
    return fix;
}

/// The candidate to branch on: the free chosen one with the smallest rho, else
/// (every chosen one fixed open) the first free one; -1 at a leaf.
int branch_candidate(const NodeRelaxation& rel, const std::vector<signed char>& fix, std::size_t p) {
    int bj = -1;
    for (int c : rel.chosen)
        if (fix[static_cast<std::size_t>(c)] == -1 &&
            (bj < 0 || rel.rho[static_cast<std::size_t>(c)] < rel.rho[static_cast<std::size_t>(bj)]))
            bj = c;
    if (bj >= 0) return bj;
    const auto nfix1 = static_cast<std::size_t>(std::count(fix.begin(), fix.end(), 1));
    if (nfix1 >= p) return -1;  // leaf: evaluated by the node heuristic
    for (std::size_t c = 0; c < fix.size(); ++c)
        if (fix[c] == -1) return static_cast<int>(c);
    return -1;
}

BbResult lagrangian_bb(const Median& md, std::size_t p, const std::vector<int>& root_fix, const std::vector<double>& root_lambda,
                       double& upper, std::vector<int>& best_open, State& best_state, const Clock& clock, bool integral) {
    const std::size_t nd = md.w.size(), nc = md.cand.size();
    // Relaxation lists without the candidates closed at the root.
    std::vector<std::vector<Near>> fnear(nd);
    for (std::size_t i = 0; i < nd; ++i)
        for (const Near& nb : md.near[i])
            if (root_fix[static_cast<std::size_t>(nb.cand)] != 0) fnear[i].push_back(nb);
    auto cut = [&]() { return integral ? upper - 1.0 + 1e-6 : upper - 1e-9 * std::max(1.0, upper); };
    std::vector<BbNode> stack;
    stack.push_back(BbNode{std::vector<signed char>(root_fix.begin(), root_fix.end()), root_lambda, -1e300});
    BbScratch scratch(nc, nd);
    BbResult out;
    while (!stack.empty()) {
        if (clock.expired()) {
            double lo = upper;
            for (const BbNode& n : stack) lo = std::min(lo, n.bound);
            out.lower = lo;
            return out;
        }
        BbNode node = std::move(stack.back());
        stack.pop_back();
        if (node.bound > cut()) continue;
        ++out.nodes;
        const auto n1 = static_cast<std::size_t>(std::count(node.fix.begin(), node.fix.end(), 1));
        if (n1 > p) continue;
        const int max_iter = out.nodes == 1 ? 300 : bb_iters();
        NodeRelaxation rel = relax_node(md, fnear, node, p - n1, max_iter, upper, cut(), scratch);
        if (rel.best > cut()) continue;
        // Node heuristic: the relaxed facility set.
        if (!rel.chosen.empty() || p == 0) {
            State cur(md);
            for (int c : rel.chosen) cur.open[static_cast<std::size_t>(c)] = 1;
            cur.assign_all();
            // Swap search from the relaxed set at the root and every 64th node: the
            // relaxed sets are near-optimal when the bound is tight (e.g. pmed30).
            if (out.nodes == 1 || out.nodes % 64 == 0) swap_search(cur, clock);
            if (cur.cost < upper - 1e-9 * std::max(1.0, upper)) {
                upper = cur.cost;
                best_open = cur.open_list();
                best_state = cur;
                if (rel.best > cut()) continue;
            }
        }
        std::vector<signed char> fix = children_fix(node, rel, cut());
        const int bj = branch_candidate(rel, fix, p);
        if (bj < 0) continue;
        BbNode zero{fix, rel.lambda, rel.best};
        zero.fix[static_cast<std::size_t>(bj)] = 0;
        BbNode one{std::move(fix), std::move(rel.lambda), rel.best};
        one.fix[static_cast<std::size_t>(bj)] = 1;
        stack.push_back(std::move(zero));
        stack.push_back(std::move(one));  // explored first
    }
    out.proven = true;
    out.lower = upper;
    return out;
}

/// Objective of the state's solution (penalised when a demand is unreachable).
bool all_reached(const Median& md, const State& st) {
    for (std::size_t i = 0; i < md.w.size(); ++i)
        if (st.d1[i] >= md.penalty) return false;
    return true;
}

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
/// open candidates at random, then the fast interchange again.
void perturb_restarts(Incumbent& inc, const Median& md, std::size_t p, std::uint64_t seed, const Clock& clock) {
    const std::size_t nc = md.cand.size();
    Rng rng(seed);
    const int restarts = static_cast<int>(std::min<std::size_t>(40, 4 + 2 * p));
    for (int r = 0; r < restarts && !inc.proven() && !clock.expired() && p > 0 && p < nc; ++r) {
        State cur(md);
        for (int j : inc.open) cur.open[static_cast<std::size_t>(j)] = 1;
        const std::size_t k = 1 + static_cast<std::size_t>(r) % std::min<std::size_t>(p, 3);
        for (std::size_t q = 0; q < k; ++q) {
            auto list = cur.open_list();
            cur.open[static_cast<std::size_t>(list[rng.below(list.size())])] = 0;
            std::size_t j = rng.below(nc);
            while (cur.open[j]) j = (j + 1) % nc;
            cur.open[j] = 1;
        }
        cur.assign_all();
        swap_search(cur, clock);
        inc.offer(cur);
    }
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

/// The index k of the first level L[k] >= d.
std::size_t level_of(const std::vector<double>& levels, double d) {
    return static_cast<std::size_t>(std::lower_bound(levels.begin(), levels.end(), d) - levels.begin());
}

/// The radius formulation over the free candidates, with the rows of each
/// demand up to level `upto[i]`: z_k (cost beyond L[k]) + sum of the free y_c
/// with d_ic <= L[k] >= 1. Sets `col_of` (candidate -> column) and `constant`
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
        const auto& L = levels[i];
        constant += md.w[i] * L[0];
        std::size_t pos = 0;
        idx.clear();
        val.clear();
        for (std::size_t k = 0; k < upto[i]; ++k) {
            while (pos < md.near[i].size() && md.near[i][pos].cost <= L[k]) {
                const int col = col_of[static_cast<std::size_t>(md.near[i][pos].cand)];
                if (col >= 0) {
                    idx.push_back(col);
                    val.push_back(1.0);
                }
                ++pos;
            }
            const int z = m.add_col(0.0, 1.0, md.w[i] * (L[k + 1] - L[k]), false);
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
        const auto out = solve_mip(m, clock.remaining(), cutoff, true);
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
                 const Clock& clock) {
    res.method = "exact (Lagrangian fixing + CBC radius formulation)";
    const Fixing fx = lagrangian_fixing(md, lg.lambda, p, inc);
    res.notes.push_back("Lagrangian fixing: " + std::to_string(fx.n0) + " candidates closed, " + std::to_string(fx.n1) +
                        " opened, of " + std::to_string(md.cand.size()));
    char buf[160];
    if (!opt.pmedian_radius_cbc) {
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

Result solve_pmedian(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    res.total_weight = pb.total_weight();
    const Median md = build(pb);
    const std::size_t p = std::min(opt.p, md.cand.size());
    // 1. Heuristic incumbent.
    State st(md);
    greedy(st, p);
    swap_search(st, clock);
    Incumbent inc(st, md.integral);
    // 2. Lagrangian bound; 3. perturbation restarts.
    const Lagrange lg = lagrangian(md, p, st, inc.upper, clock, std::max(0.0, clock.remaining() * 0.3), md.integral);
    inc.lower = lg.bound;
    perturb_restarts(inc, md, p, opt.seed, clock);
    res.method = "heuristic (greedy + fast interchange, Lagrangian bound)";
    res.status = inc.proven() ? Status::optimal : Status::feasible;
    char buf[160];
    std::snprintf(buf, sizeof buf, "heuristic %.10g, Lagrangian bound %.10g at %.2f s", inc.upper, inc.lower, clock.elapsed());
    res.notes.push_back(buf);
    // 4. Exact: Lagrangian fixing, then branch-and-bound or the CBC radius formulation.
    if (exact && res.status != Status::optimal && !clock.expired() && !lg.lambda.empty()) {
        exact_stage(res, inc, md, p, lg, opt, clock);
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

}  // namespace lc::opt::detail
