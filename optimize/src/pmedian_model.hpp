// Private to the p-median solver (pmedian*.cpp): the reduced model, the
// swap-search state and the Lagrangian relaxation that the heuristic
// (pmedian_heuristic.cpp), the branch-and-bound (pmedian_bb.cpp) and the exact
// stage (pmedian.cpp) share.
#pragma once

#include "detail.hpp"

#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

namespace lc::opt::detail::pmed {

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

Median build(const Problem& pb);

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

void greedy(State& st, std::size_t p);

/// Best-improvement swaps; the profit of (insert f, remove r) is computed for every
/// r at once in O(|list of f|) (Whitaker's fast interchange, sparse form).
void swap_search(State& st, const Clock& clock);

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
                      std::vector<int>& order);

Lagrange lagrangian(const Median& md, std::size_t p, const State& inc, double upper, const Clock& clock, double seconds,
                    bool integral);

/// The LP relaxation by Benders cuts on the radius formulation (pmedian_lp.cpp).
struct LpResult {
    bool optimal = false;   ///< converged: `bound` is the LP optimum
    double bound = -std::numeric_limits<double>::infinity();  ///< the master's value (a valid lower bound)
    double lagrange_bound = -std::numeric_limits<double>::infinity();  ///< L(lambda) of the multipliers below
    std::vector<double> lambda;  ///< Lagrangian multipliers from the cut duals
    std::vector<double> y;       ///< the master's facility values
    int rounds = 0;
    std::size_t cuts = 0;
};

struct BbResult;

/// The Benders master (pmedian_lp.cpp): y per candidate, theta per demand, the
/// cardinality row and the cuts found so far (all globally valid).
class BendersMaster {
public:
    BendersMaster(const Median& md, std::size_t p);
    ~BendersMaster();
    BendersMaster(const BendersMaster&) = delete;
    BendersMaster& operator=(const BendersMaster&) = delete;
    /// Solves the LP relaxation from the cuts of `start_open` (the incumbent) within
    /// `seconds`; stops early when the bound proves `upper` (integral costs).
    LpResult root(const std::vector<int>& start_open, double upper, const Clock& clock, double seconds, bool integral);
    /// Depth-first branch-and-bound on y over the converged root LP (cuts
    /// separated at every node); `fix` as in lagrangian_bb.
    BbResult branch_and_bound(const std::vector<int>& fix, double& upper, std::vector<int>& best_open, State& best_state,
                              const Clock& clock, bool integral);
    [[nodiscard]] bool converged() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Lagrangian branch-and-bound on the facility variables (Beasley 1993 style):
/// each node warm-starts the subgradient from its parent's multipliers, fixes
/// variables by Lagrangian reduced costs and branches on the most attractive free
/// facility of the relaxed solution (open first). `fix`: -1 free, 0 closed, 1 open.
struct BbResult {
    bool proven = false;
    double lower = 0.0;
    long nodes = 0;
    long children_pruned = 0;  ///< by strong branching, before their own LP (LP branch-and-bound)
    long fixed = 0;            ///< facilities fixed by reduced costs below the root (LP branch-and-bound)
};

BbResult lagrangian_bb(const Median& md, std::size_t p, const std::vector<int>& root_fix, const std::vector<double>& root_lambda,
                       double& upper, std::vector<int>& best_open, State& best_state, const Clock& clock, bool integral);

/// Objective of the state's solution (penalised when a demand is unreachable).
bool all_reached(const Median& md, const State& st);

/// The p-median solve (detail::solve_pmedian).
Result solve(const Problem& pb, const Options& opt, bool exact, const Clock& clock);

}  // namespace lc::opt::detail::pmed
