// Capacitated MCLP and p-median: each site serves at most its capacity (in the
// demands' load units); demand may be split between sites. CBC on the x/z model
// with the strong linking z_ij <= x_j.
#include "detail.hpp"
#include "mip.hpp"

#include <algorithm>
#include <string>

namespace lc::opt::detail {

Result solve_capacitated(const Problem& pb, const Options& opt, const Clock& clock) {
    Result res;
    res.total_weight = pb.total_weight();
    const bool mclp = opt.model == Model::mclp;
    const std::size_t nd = pb.demands.size(), ns = pb.sites.size();
    MipModel m;
    m.set_maximize(mclp);
    std::vector<int> x(ns);
    for (Index j = 0; j < ns; ++j) {
        const double lb = pb.sites[j].existing ? 1.0 : 0.0;
        x[j] = m.add_col(lb, 1.0, 0.0, true);
    }
    struct Pair { Index i, j; int col; };
    std::vector<Pair> pairs;
    std::vector<std::vector<int>> by_demand(nd);
    std::vector<std::vector<std::pair<int, double>>> by_site(ns);
    std::vector<char> reach(nd, 0);
    for (Index j = 0; j < ns; ++j) {
        pb.costs.for_each(j, [&](Index i, double c) {
            if (mclp && c > *opt.radius) return;
            const double w = pb.demands[i].weight;
            const int col = m.add_col(0.0, 1.0, mclp ? w : w * c, false);
            pairs.push_back(Pair{i, j, col});
            by_demand[i].push_back(col);
            by_site[j].emplace_back(col, pb.demands[i].capacity_load());
            reach[i] = 1;
        });
    }
    for (Index i = 0; i < nd; ++i) {
        if (!reach[i]) {
            if (mclp) res.uncoverable.push_back(i);
            else {
                res.status = Status::infeasible;
                res.method = "reduction";
                res.notes.push_back("demand " + pb.demands[i].id + " is reached by no site");
                return res;
            }
            continue;
        }
        m.add_row(by_demand[i], std::vector<double>(by_demand[i].size(), 1.0), mclp ? -1e30 : 1.0, 1.0);
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
    std::vector<int> idx;
    for (Index j = 0; j < ns; ++j) if (!pb.sites[j].existing) idx.push_back(x[j]);
    m.add_row(idx, std::vector<double>(idx.size(), 1.0), mclp ? -1e30 : static_cast<double>(opt.p),
              static_cast<double>(opt.p));
    const auto out = solve_mip(m, clock.remaining(), std::nullopt);
    res.method = mclp ? "exact (CBC capacitated MCLP)" : "exact (CBC capacitated p-median)";
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
    if (mclp) res.covered_weight = covered;
    return res;
}

}  // namespace lc::opt::detail
