// The p-median's LP relaxation by Benders cuts on the radius formulation
// (Duran-Mateluna, Ales & Elloumi 2023; levels as in Garcia, Labbe & Marin
// 2011), solved with Clp. The master keeps the facility variables y and one
// theta_i per demand; the cut of demand i at a level D (a candidate cost) is
//   theta_i + sum_{c: d_ic < D} (D - d_ic) y_c >= D,
// valid for every integral y (theta_i is then the nearest open cost) and, at the
// level where the y of the nearest candidates first sum to 1, the exact value of
// demand i's assignment LP at y. Separation is in closed form; in-out
// stabilisation (Ben-Ameur & Neto) separates at a point between the best LP
// point found so far and the master's solution. The cut duals give Lagrangian
// multipliers of the assignment constraints with the same (LP) bound.
#include "pmedian_model.hpp"

#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

namespace lc::opt::detail::pmed {
namespace {

/// Facilities strong-branched at most at a node (those whose pseudocosts are not
/// yet reliable): twice as many in the first 20 nodes, whose decisions split the
/// most of the tree.
constexpr std::size_t strong_candidates(long node) { return node <= 20 ? 10 : 5; }
/// Records a facility needs on each side before its pseudocosts replace strong branching.
constexpr int reliability() { return 1; }
/// Candidates tried after the best so far before the choice stops.
constexpr std::size_t branching_lookahead() { return 4; }
/// Dual simplex iterations per strong-branching child.
constexpr int strong_iterations() { return 100; }
/// A cut is violated when it exceeds theta_i by more than this (relative, and
/// absolute below 1): above Clp's primal tolerance (1e-7), so that a cut the LP
/// already holds within its tolerance is not added again. At 1e-9, theta_i =
/// -1.1e-9 against a level-0 cut (theta_i >= 0) added that cut again at every
/// round, and the node's loop ran to the time limit.
constexpr double violation_tolerance() { return 1e-7; }
/// A facility value farther than this from 0 and 1 is fractional.
constexpr double fractional_tolerance() { return 1e-6; }

/// Demand i's assignment LP at facility values y: the level D where the y of the
/// nearest candidates first sum to 1 (the fixed cost when they never do), and the
/// value D - sum_{d_ic < D} (D - d_ic) y_c.
struct Level {
    double level;
    double value;
};

Level separate(const Median& md, std::size_t i, const std::vector<double>& y) {
    const auto& nr = md.near[i];
    double acc = 0.0, below = 0.0;  // below = sum_{d < current} d * y
    double level = md.fixed[i];
    std::size_t pos = 0;
    while (pos < nr.size()) {
        const double cost = nr[pos].cost;
        double group = 0.0;
        for (; pos < nr.size() && nr[pos].cost == cost; ++pos) group += y[static_cast<std::size_t>(nr[pos].cand)];
        if (acc + group >= 1.0 - 1e-9) {
            level = cost;
            break;
        }
        acc += group;
        below += cost * group;
    }
    // D - sum_{d < D} (D - d) y = D (1 - acc) + below
    return Level{level, level * (1.0 - acc) + below};
}

/// Per facility, the mean gain of the LP value per unit of change of y when
/// branched down (0) and up (1): from strong branching and from the children
/// solved. A facility is reliable once both sides have reliability() records; an
/// unrecorded side counts the mean of all records on that side (1 before any).
class Pseudocosts {
public:
    explicit Pseudocosts(std::size_t n) : m_sum{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)},
                                          m_count{std::vector<int>(n, 0), std::vector<int>(n, 0)} {}
    /// Records the LP value's gain when facility c's y changed by `change` (> 0) towards `dir`.
    void record(std::size_t c, int dir, double gain, double change) {
        const double g = std::max(0.0, gain) / change;
        m_sum[dir][c] += g;
        ++m_count[dir][c];
        m_total[dir] += g;
        ++m_records[dir];
    }
    [[nodiscard]] double estimate(std::size_t c, int dir) const {
        if (m_count[dir][c] > 0) return m_sum[dir][c] / m_count[dir][c];
        return m_records[dir] > 0 ? m_total[dir] / static_cast<double>(m_records[dir]) : 1.0;
    }
    [[nodiscard]] bool reliable(std::size_t c) const {
        return m_count[0][c] >= reliability() && m_count[1][c] >= reliability();
    }

private:
    std::array<std::vector<double>, 2> m_sum;
    std::array<std::vector<int>, 2> m_count;
    std::array<double, 2> m_total{0.0, 0.0};
    std::array<long, 2> m_records{0, 0};
};

}  // namespace

struct BendersMaster::Impl {
    const Median& md;
    std::size_t p, nc, nd;
    OsiClpSolverInterface lp;
    std::vector<std::size_t> row_demand;  // per cut row (row 0 is the cardinality row)
    std::vector<double> row_level;
    std::vector<CoinBigIndex> starts{0};  // pending cuts, added in one batch per round
    std::vector<int> cols;
    std::vector<double> vals, rlb, rub;
    std::size_t cuts = 0;
    bool converged = false;

    Impl(const Median& m, std::size_t pp) : md(m), p(pp), nc(m.cand.size()), nd(m.w.size()) {}

    void stage_cut(std::size_t i, double level) {
        for (const Near& nb : md.near[i]) {
            if (nb.cost >= level) break;
            cols.push_back(nb.cand);
            vals.push_back(level - nb.cost);
        }
        cols.push_back(static_cast<int>(nc + i));
        vals.push_back(1.0);
        starts.push_back(static_cast<CoinBigIndex>(cols.size()));
        rlb.push_back(level);
        rub.push_back(lp.getInfinity());
        row_demand.push_back(i);
        row_level.push_back(level);
    }
    void flush() {
        const auto n = static_cast<int>(rlb.size());
        if (n > 0) lp.addRows(n, starts.data(), cols.data(), vals.data(), rlb.data(), rub.data());
        cuts += rlb.size();
        starts.assign(1, 0);
        cols.clear();
        vals.clear();
        rlb.clear();
        rub.clear();
    }
    /// Stages the cut of every demand that (y, theta) violates; returns how many.
    std::size_t separate_all(const std::vector<double>& at, const double* x, double* value) {
        std::size_t added = 0;
        double total = 0.0;
        for (std::size_t i = 0; i < nd; ++i) {
            if (md.w[i] <= 0.0) continue;
            const Level lv = separate(md, i, at);
            total += md.w[i] * lv.value;
            double cut_at_x = lv.level;
            for (const Near& nb : md.near[i]) {
                if (nb.cost >= lv.level) break;
                cut_at_x -= (lv.level - nb.cost) * x[static_cast<std::size_t>(nb.cand)];
            }
            if (cut_at_x > x[nc + i] + violation_tolerance() * std::max(1.0, std::abs(cut_at_x))) {
                stage_cut(i, lv.level);
                ++added;
            }
        }
        if (value) *value = total;
        return added;
    }
    /// Drops the cuts the current LP solution does not bind (slack rows): they
    /// only slow every node's resolve, and separation (exact) brings back any
    /// that a node's solution violates.
    void purge_slack_cuts() {
        const double* act = lp.getRowActivity();
        const double* rlo = lp.getRowLower();
        std::vector<int> drop;
        std::size_t kept = 0;
        for (std::size_t r = 0; r < row_demand.size(); ++r) {
            const auto row = static_cast<int>(r + 1);  // row 0: the cardinality row
            if (act[row] > rlo[row] + 1e-6 * std::max(1.0, std::abs(rlo[row]))) {
                drop.push_back(row);
            } else {
                row_demand[kept] = row_demand[r];
                row_level[kept] = row_level[r];
                ++kept;
            }
        }
        row_demand.resize(kept);
        row_level.resize(kept);
        if (!drop.empty()) {
            lp.deleteRows(static_cast<int>(drop.size()), drop.data());
            lp.resolve();
        }
    }
    /// A branching decision: the facility, the children's proven bounds (-1e300:
    /// none) and whether a child can hold nothing better than the incumbent.
    struct Branch {
        int cand = -1;
        double down = -1e300, up = -1e300;
        bool down_out = false, up_out = false;
    };
    /// The master's value with y_c = 0 and with y_c = 1 (dual simplex from the hot
    /// start, at most strong_iterations(), no new cuts: a relaxation, so a child
    /// whose proven value exceeds `cut` holds nothing better than the incumbent).
    Branch strong_child_values(int c, double cut) {
        Branch b;
        b.cand = c;
        const auto child = [&](double v01, bool& out) {
            const double save_lo = lp.getColLower()[c], save_hi = lp.getColUpper()[c];
            lp.setColBounds(c, v01, v01);
            lp.solveFromHotStart();
            double v = -1e300;
            out = lp.isProvenPrimalInfeasible() || lp.isDualObjectiveLimitReached();
            if (lp.isProvenOptimal()) {
                v = lp.getObjValue();
                out = out || v > cut;
            }
            lp.setColBounds(c, save_lo, save_hi);
            return v;
        };
        b.down = child(0.0, b.down_out);
        b.up = child(1.0, b.up_out);
        return b;
    }
    /// Reliability branching (Achterberg, Koch & Martin 2005): the fractional
    /// facilities in the order of their pseudocost scores; one not yet reliable is
    /// strong-branched (at most `budget` of them), a reliable one scored by its
    /// pseudocosts; the largest product of the two gains wins, and the search stops
    /// after branching_lookahead() candidates without a better one, or at a child
    /// that can hold nothing better (y is fractional, so there is a candidate).
    Branch choose_branch(const std::vector<double>& y, double value, double cut, std::size_t budget, Pseudocosts& pc) {
        std::vector<int> frac;
        std::vector<double> est(nc, 0.0);
        for (std::size_t c = 0; c < nc; ++c) {
            const double f = y[c];
            if (std::min(f, 1.0 - f) <= fractional_tolerance()) continue;
            frac.push_back(static_cast<int>(c));
            est[c] = std::max(1e-6, f * pc.estimate(c, 0)) * std::max(1e-6, (1.0 - f) * pc.estimate(c, 1));
        }
        std::stable_sort(frac.begin(), frac.end(),
                         [&](int a, int b) { return est[static_cast<std::size_t>(a)] > est[static_cast<std::size_t>(b)]; });
        Branch best;
        double best_score = -1.0;
        std::size_t tried = 0, since_best = 0;
        bool hot = false;
        for (const int c : frac) {
            const auto uc = static_cast<std::size_t>(c);
            Branch b;
            b.cand = c;
            double score = est[uc];
            if (!pc.reliable(uc) && tried < budget) {
                if (!hot) {
                    lp.setIntParam(OsiMaxNumIterationHotStart, strong_iterations());
                    lp.setDblParam(OsiDualObjectiveLimit, cut);
                    lp.markHotStart();
                    hot = true;
                }
                ++tried;
                b = strong_child_values(c, cut);
                if (!b.down_out && b.down > -1e300) pc.record(uc, 0, b.down - value, y[uc]);
                if (!b.up_out && b.up > -1e300) pc.record(uc, 1, b.up - value, 1.0 - y[uc]);
                const double gain_down = b.down_out ? 1e300 : std::max(1e-6, b.down - value);
                const double gain_up = b.up_out ? 1e300 : std::max(1e-6, b.up - value);
                score = std::min(gain_down, 1e12) * std::min(gain_up, 1e12);
            }
            if (score > best_score) {
                best_score = score;
                best = b;
                since_best = 0;
            } else {
                ++since_best;
            }
            if (b.down_out || b.up_out || since_best >= branching_lookahead()) break;
        }
        if (hot) {
            lp.unmarkHotStart();
            lp.setDblParam(OsiDualObjectiveLimit, COIN_DBL_MAX);
        }
        return best;
    }
};

BendersMaster::BendersMaster(const Median& md, std::size_t p) : m_impl(std::make_unique<Impl>(md, p)) {}
BendersMaster::~BendersMaster() = default;

LpResult BendersMaster::root(const std::vector<int>& start_open, double upper, const Clock& clock, double seconds, bool integral) {
    const Median& md = m_impl->md;
    const std::size_t p = m_impl->p, nc = m_impl->nc, nd = m_impl->nd;
    OsiClpSolverInterface& lp = m_impl->lp;
    LpResult out;
    if (nc == 0 || p == 0 || p >= nc) return out;
    const double deadline = clock.elapsed() + seconds;
    const auto ncol = static_cast<int>(nc + nd);
    lp.messageHandler()->setLogLevel(0);
    {
        std::vector<double> lb(nc + nd, 0.0), ub(nc + nd, 1.0), obj(nc + nd, 0.0);
        for (std::size_t i = 0; i < nd; ++i) {
            lb[nc + i] = md.near[i].empty() ? md.fixed[i] : std::min(md.fixed[i], md.near[i].front().cost);
            ub[nc + i] = lp.getInfinity();
            obj[nc + i] = md.w[i];
        }
        CoinPackedMatrix empty(false, 0, 0);
        empty.setDimensions(0, ncol);
        lp.loadProblem(empty, lb.data(), ub.data(), obj.data(), nullptr, nullptr);
        std::vector<int> idx(nc);
        std::vector<double> one(nc, 1.0);
        for (std::size_t c = 0; c < nc; ++c) idx[c] = static_cast<int>(c);
        const auto pd = static_cast<double>(p);
        lp.addRow(static_cast<int>(nc), idx.data(), one.data(), pd, pd);
    }
    lp.setHintParam(OsiDoReducePrint, true, OsiHintTry);
    auto& row_demand = m_impl->row_demand;
    auto& row_level = m_impl->row_level;
    auto stage_cut = [this](std::size_t i, double level) { m_impl->stage_cut(i, level); };
    auto flush = [this]() { m_impl->flush(); };
    // The incumbent's cuts: exact at the incumbent.
    std::vector<double> y_in(nc, 0.0);
    for (int c : start_open) y_in[static_cast<std::size_t>(c)] = 1.0;
    for (std::size_t i = 0; i < nd; ++i)
        if (md.w[i] > 0.0) stage_cut(i, separate(md, i, y_in).level);
    flush();
    double best_upper = upper;  // the LP's value at y_in
    std::vector<double> y_sep(nc), y_star(nc);
    bool solved = false;
    for (int round = 0; round < 100000; ++round) {
        if (round == 0) lp.initialSolve();
        else lp.resolve();
        ++out.rounds;
        if (!lp.isProvenOptimal()) return out;
        solved = true;
        const double lower = lp.getObjValue();
        out.bound = std::max(out.bound, lower);
        const double* x = lp.getColSolution();
        std::copy(x, x + nc, y_star.begin());
        const double tol = 1e-7 * std::max(1.0, std::abs(best_upper));
        if (best_upper - lower <= tol) {
            out.optimal = true;
            break;
        }
        if (integral && std::ceil(lower - 1e-6) >= upper - 1e-9) break;  // the incumbent is proven
        if (clock.elapsed() >= deadline || clock.expired()) break;
        // In-out: separate at a point between the stability centre and y*.
        const double alpha = 0.5;
        for (std::size_t c = 0; c < nc; ++c) y_sep[c] = alpha * y_in[c] + (1.0 - alpha) * y_star[c];
        std::size_t added = 0;
        for (int pass = 0; pass < 2 && added == 0; ++pass) {
            const std::vector<double>& at = pass == 0 ? y_sep : y_star;
            double value = 0.0;  // the LP's value at `at`; the cuts are checked at the master's point x
            added = m_impl->separate_all(at, x, &value);
            if (value < best_upper) {  // a better LP point: the new stability centre
                best_upper = value;
                y_in = at;
            } else if (pass == 0 && added == 0) {
                y_in = y_sep;  // mis-price: move the centre towards y*
            }
        }
        flush();
        if (added == 0) {
            out.optimal = true;  // no cut at y*: the master's value is the LP's
            break;
        }
    }
    out.cuts = m_impl->cuts;
    if (!solved) return out;
    m_impl->converged = out.optimal;
    // Multipliers: lambda_i = sum over demand i's cuts of dual * level (plus the
    // rest of w_i at theta_i's lower bound, the first level's cut).
    const double* dual = lp.getRowPrice();
    const double* x = lp.getColSolution();
    out.lambda.assign(nd, 0.0);
    std::vector<double> mass(nd, 0.0);
    for (std::size_t r = 0; r < row_demand.size(); ++r) {
        const double mu = std::max(0.0, dual[r + 1]);
        out.lambda[row_demand[r]] += mu * row_level[r];
        mass[row_demand[r]] += mu;
    }
    const double* lbs = lp.getColLower();
    for (std::size_t i = 0; i < nd; ++i)
        if (mass[i] < md.w[i]) out.lambda[i] += (md.w[i] - mass[i]) * lbs[nc + i];
    out.y.assign(x, x + nc);
    std::vector<double> rho(nc);
    std::vector<int> order;
    out.lagrange_bound = lagrange_value(md, out.lambda, p, rho, order);
    return out;
}

bool BendersMaster::converged() const { return m_impl->converged; }

BbResult BendersMaster::branch_and_bound(const std::vector<int>& fix, double& upper, std::vector<int>& best_open,
                                         State& best_state, const Clock& clock, bool integral) {
    const Median& md = m_impl->md;
    const std::size_t nc = m_impl->nc, p = m_impl->p;
    OsiClpSolverInterface& lp = m_impl->lp;
    BbResult out;
    auto cut = [&]() { return integral ? upper - 1.0 + 1e-6 : upper - 1e-9 * std::max(1.0, upper); };
    struct Node {
        std::vector<std::pair<int, signed char>> fixes;  ///< branching decisions (candidate, 0 or 1)
        double bound;                                    ///< the parent's LP value, or strong branching's bound
        double parent_value = 0.0, parent_y = 0.0;       ///< the parent's LP value and y of the facility branched on
    };
    Pseudocosts pc(nc);
    std::vector<double> base_lb(nc, 0.0), base_ub(nc, 1.0), cur_lb(nc, 0.0), cur_ub(nc, 1.0);
    for (std::size_t c = 0; c < nc; ++c) {
        if (fix[c] == 0) base_ub[c] = 0.0;
        if (fix[c] == 1) base_lb[c] = 1.0;
    }
    m_impl->purge_slack_cuts();
    std::vector<double> y(nc), lo(nc), hi(nc);
    std::vector<Node> stack;
    stack.push_back(Node{{}, -1e300});
    auto give_up = [&](double current) {
        double lower = std::min(upper, current);
        for (const Node& n : stack) lower = std::min(lower, n.bound);
        out.lower = lower;
        return out;
    };
    while (!stack.empty()) {
        Node node = std::move(stack.back());
        stack.pop_back();
        if (node.bound > cut()) continue;
        if (clock.expired()) return give_up(node.bound);
        ++out.nodes;
        lo = base_lb;
        hi = base_ub;
        for (const auto& [c, v] : node.fixes) {
            const auto uc = static_cast<std::size_t>(c);
            lo[uc] = hi[uc] = v;
        }
        for (std::size_t c = 0; c < nc; ++c) {
            if (lo[c] != cur_lb[c] || hi[c] != cur_ub[c]) {
                lp.setColBounds(static_cast<int>(c), lo[c], hi[c]);
                cur_lb[c] = lo[c];
                cur_ub[c] = hi[c];
            }
        }
        bool pruned = false, stopped = false;
        double value = node.bound;
        for (int round = 0;; ++round) {
            lp.resolve();
            if (!lp.isProvenOptimal()) {
                pruned = true;  // infeasible (or unbounded: cannot happen)
                break;
            }
            value = std::max(value, lp.getObjValue());
            if (value > cut()) {
                pruned = true;
                break;
            }
            const double* x = lp.getColSolution();
            std::copy(x, x + nc, y.begin());
            const std::size_t added = m_impl->separate_all(y, x, nullptr);
            m_impl->flush();
            if (added == 0) break;
            if (clock.expired()) {
                stopped = true;
                break;
            }
        }
        // The child's gain over its parent (a lower value when the loop stopped at
        // the cut: the pseudocosts stay conservative). A child's last fix is the
        // branching decision; only the root has none.
        if (!node.fixes.empty() && lp.isProvenOptimal()) {
            const auto [c, dir] = node.fixes.back();
            pc.record(static_cast<std::size_t>(c), dir, value - node.parent_value,
                      dir == 1 ? 1.0 - node.parent_y : node.parent_y);
        }
        if (pruned) continue;
        if (stopped) return give_up(value);
        const bool fractional =
            std::any_of(y.begin(), y.end(), [](double v) { return std::min(v, 1.0 - v) > fractional_tolerance(); });
        // Node heuristic: the p largest y (all of them at an integral node), and
        // the fast interchange from there every 32nd node.
        {
            std::vector<int> order(nc);
            for (std::size_t c = 0; c < nc; ++c) order[c] = static_cast<int>(c);
            std::stable_sort(order.begin(), order.end(),
                             [&](int a, int b) { return y[static_cast<std::size_t>(a)] > y[static_cast<std::size_t>(b)]; });
            State cur(md);
            for (std::size_t q = 0; q < p; ++q) cur.open[static_cast<std::size_t>(order[q])] = 1;
            cur.assign_all();
            if (fractional && out.nodes % 32 == 1) swap_search(cur, clock);
            if (cur.cost < upper - 1e-9 * std::max(1.0, upper)) {
                upper = cur.cost;
                best_open = cur.open_list();
                best_state = cur;
            }
        }
        if (!fractional || value > cut()) continue;  // integral: its cost is the LP value
        // Reduced-cost fixing for the subtree: a facility at 0 (1) whose opening
        // (closing) alone lifts the LP over the cut stays closed (open).
        const double* rc = lp.getReducedCost();
        for (std::size_t c = 0; c < nc; ++c) {
            if (lo[c] == hi[c]) continue;
            if (y[c] <= 1e-9 && value + rc[c] > cut()) node.fixes.emplace_back(static_cast<int>(c), 0);
            else if (y[c] >= 1.0 - 1e-9 && value - rc[c] > cut()) node.fixes.emplace_back(static_cast<int>(c), 1);
            else continue;
            ++out.fixed;
        }
        const Impl::Branch b = m_impl->choose_branch(y, value, cut(), strong_candidates(out.nodes), pc);
        const double f = y[static_cast<std::size_t>(b.cand)];
        Node zero{node.fixes, std::max(value, b.down), value, f};
        zero.fixes.emplace_back(b.cand, 0);
        Node one{std::move(node.fixes), std::max(value, b.up), value, f};
        one.fixes.emplace_back(b.cand, 1);
        // The child on the side y rounds to is explored first (pushed last).
        const bool up_first = y[static_cast<std::size_t>(b.cand)] >= 0.5;
        out.children_pruned += (b.down_out ? 1 : 0) + (b.up_out ? 1 : 0);
        std::array<std::pair<Node*, bool>, 2> order{{{&zero, !b.down_out}, {&one, !b.up_out}}};
        if (!up_first) std::swap(order[0], order[1]);
        for (auto& [child, keep] : order)
            if (keep) stack.push_back(std::move(*child));
    }
    out.proven = true;
    out.lower = upper;
    return out;
}

}  // namespace lc::opt::detail::pmed
