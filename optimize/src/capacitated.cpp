// Capacitated MCLP, LSCP and p-median: each site serves at most its capacity
// (in the demands' load units); demand may be split between sites. CBC on the
// x/z model with the strong linking z_ij <= x_j. LSCP: the fewest new sites whose
// capacity-respecting service reaches the target weight (an objective of whole
// numbers, which CBC's search uses to prune).
#include "detail.hpp"
#include "lc/optimize/allocation.hpp"
#include "mip.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace lc::opt::detail {
namespace {

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share);
    return buf;
}

/// The most weight the sites can serve within their capacities with every site
/// open: the LP of `m` with the site columns `x` fixed at 1 and the served weight
/// (`served`: each pair's column and its demand's weight) maximised. With every
/// site open it is a transportation problem, so the LP's optimum is exact.
double servable_weight(const MipModel& m, const std::vector<int>& x, const std::vector<std::pair<int, double>>& served) {
    MipModel lp = m;
    lp.set_maximize(true);
    std::fill(lp.is_int.begin(), lp.is_int.end(), 0);
    for (int col : x) {
        lp.col_lb[static_cast<std::size_t>(col)] = 1.0;
        lp.m_obj[static_cast<std::size_t>(col)] = 0.0;
    }
    for (const auto& [col, weight] : served) lp.m_obj[static_cast<std::size_t>(col)] = weight;
    const auto best = solve_lp(lp);
    return best ? *best : 0.0;
}

}  // namespace

Result solve_capacitated(const Problem& pb, const Options& opt, const Clock& clock, double max_cost) {
    Result res;
    res.total_weight = pb.total_weight();
    const bool lscp = opt.model == Model::lscp;
    const bool within = lscp || opt.model == Model::mclp;  // pairs within the radius only
    const bool mclp = opt.model == Model::mclp;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    const double total = res.total_weight > 0 ? res.total_weight : 1.0;
    MipModel m;
    m.set_maximize(mclp);
    std::vector<int> x(ns);
    for (Index j = 0; j < ns; ++j) {
        const double lb = pb.sites[j].existing ? 1.0 : 0.0;
        x[j] = m.add_col(lb, 1.0, lscp && !pb.sites[j].existing ? 1.0 : 0.0, true);
    }
    struct Pair { Index i, j; int col; };
    std::vector<Pair> pairs;
    std::vector<std::vector<int>> by_demand(nd);
    std::vector<std::vector<std::pair<int, double>>> by_site(ns);
    std::vector<char> reach(nd, 0);
    for (Index j = 0; j < ns; ++j) {
        pb.costs.for_each(j, [&](Index i, double c) {
            if ((within && c > *opt.radius + radius_tolerance) || c > max_cost) return;
            const double w = pb.demands[i].weight;
            const double obj = mclp ? w : lscp ? 0.0 : w * c;
            const int col = m.add_col(0.0, 1.0, obj, false);
            pairs.push_back(Pair{i, j, col});
            by_demand[i].push_back(col);
            by_site[j].emplace_back(col, pb.demands[i].capacity_load());
            reach[i] = 1;
        });
    }
    double coverable = 0.0;
    for (Index i = 0; i < nd; ++i) {
        if (!reach[i]) {
            if (within) res.uncoverable.push_back(i);
            else {
                res.status = Status::infeasible;
                res.method = "reduction";
                res.notes.push_back("demand " + pb.demands[i].id + " is reached by no site");
                return res;
            }
            continue;
        }
        coverable += pb.demands[i].weight;
        m.add_row(by_demand[i], std::vector<double>(by_demand[i].size(), 1.0), within ? -1e30 : 1.0, 1.0);
    }
    for (Index j = 0; j < ns; ++j) {
        if (pb.sites[j].capacity) {
            std::vector<int> idx;
            std::vector<double> val;
            for (auto [col, load] : by_site[j]) { idx.push_back(col); val.push_back(load); }
            idx.push_back(x[j]);
            val.push_back(-*pb.sites[j].capacity);
            m.add_row(idx, val, -1e30, 0.0);
        }
    }
    for (const Pair& pr : pairs) m.add_row({pr.col, x[pr.j]}, {1.0, -1.0}, -1e30, 0.0);
    if (lscp) {
        // The weight to serve: the target share of the total, or all the coverable
        // weight; lowered, with a note, to what all the sites' capacities can serve.
        double target = opt.target_share ? *opt.target_share * res.total_weight : coverable;
        std::vector<std::pair<int, double>> served;
        served.reserve(pairs.size());
        for (const Pair& pr : pairs) served.emplace_back(pr.col, pb.demands[pr.i].weight);
        const double servable = servable_weight(m, x, served);
        if (target > servable * (1.0 + 1e-9)) {
            res.notes.push_back("capacities: all the sites together can serve " + percent(servable / total) +
                                " of the weight within the radius, below the target " + percent(target / total) +
                                "; solving for " + percent(servable / total));
            target = servable;
        }
        std::vector<int> idx;
        std::vector<double> val;
        for (const Pair& pr : pairs) {
            idx.push_back(pr.col);
            val.push_back(pb.demands[pr.i].weight);
        }
        m.add_row(idx, val, target * (1.0 - 1e-9), 1e30);
    } else {
        std::vector<int> idx;
        for (Index j = 0; j < ns; ++j) if (!pb.sites[j].existing) idx.push_back(x[j]);
        m.add_row(idx, std::vector<double>(idx.size(), 1.0), mclp ? -1e30 : static_cast<double>(opt.p),
                  static_cast<double>(opt.p));
    }
    const auto out = solve_mip(m, clock.remaining(), std::nullopt);
    res.method = std::string("exact (CBC capacitated ") + (mclp ? "MCLP)" : lscp ? "LSCP)" : "p-median)");
    switch (out.status) {
        case MipStatus::optimal: res.status = Status::optimal; break;
        case MipStatus::infeasible: res.status = Status::infeasible; break;
        case MipStatus::time_limit: res.status = out.has_solution ? Status::time_limit : Status::no_solution; break;
        case MipStatus::other:
            res.status = out.has_solution ? Status::feasible : Status::no_solution;
            res.notes.push_back("CBC stopped before proving optimality, not at the time limit");
            break;
    }
    if (!out.has_solution) {
        res.objective = mclp ? 0.0 : no_link;
        res.bound = out.bound;
        return res;
    }
    for (Index j = 0; j < ns; ++j)
        if (!pb.sites[j].existing && out.x[static_cast<std::size_t>(x[j])] > 0.5) res.open_sites.push_back(j);
    double covered = 0.0;
    for (const Pair& pr : pairs) {
        const double share = out.x[static_cast<std::size_t>(pr.col)];
        if (share > 1e-9) {
            res.assignment.push_back(Assignment{pr.i, pr.j, share});
            covered += share * pb.demands[pr.i].weight;
        }
    }
    std::sort(res.assignment.begin(), res.assignment.end(),
              [](const Assignment& a, const Assignment& b) { return a.demand < b.demand || (a.demand == b.demand && a.site < b.site); });
    res.objective = out.objective;
    res.bound = res.status == Status::optimal ? out.objective : out.bound;
    if (lscp && res.status != Status::optimal) res.bound = std::max(0.0, std::ceil(out.bound - 1e-6));  // whole sites
    if (within) res.covered_weight = covered;
    if (lscp && res.status == Status::infeasible) {
        res.notes.push_back("the capacities of all the sites together cannot serve the target weight within the radius");
    }
    return res;
}

}  // namespace lc::opt::detail
