// Lagrangian branch-and-bound on the p-median's facility variables (Beasley
// 1993 style): each node warm-starts the subgradient from its parent's
// multipliers, fixes variables by Lagrangian reduced costs and branches on the
// most attractive free facility of the relaxed solution (open first).
#include "pmedian_model.hpp"

#include <algorithm>
#include <cmath>

namespace lc::opt::detail::pmed {
namespace {

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

}  // namespace

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

}  // namespace lc::opt::detail::pmed
