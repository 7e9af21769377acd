// Coverage models: the LSCP (greedy with redundancy elimination, Clp's LP
// bound, and CBC on the reduced model) and the dispatch to the MCLP (mclp.cpp).
#include "coverage_model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <string>

namespace lc::opt::detail {
namespace cover {
namespace {

// ---------------------------------------------------------------- LSCP

/// A lower bound on the sites that add `need` weight: k sites add at most the sum
/// of their own weights, so at least as many as the heaviest sites take to reach it.
double weight_bound(const Coverage& cv, double need) {
    std::vector<double> w(cv.cand.size(), 0.0);
    for (std::size_t j = 0; j < w.size(); ++j)
        for (const int g : cv.groups_of(j)) w[j] += cv.group_weight[static_cast<std::size_t>(g)];
    std::sort(w.begin(), w.end(), std::greater<>());
    double sum = 0.0, k = 0.0;
    for (const double x : w) {
        if (sum >= need) break;
        sum += x;
        k += 1.0;
    }
    return k;
}

/// A lower bound on the sites any cover of every (weighted) group needs: groups
/// no one site covers two of each need a site of their own. Picked greedily,
/// the groups with the fewest covering sites first (ties: lower index); a dual
/// solution of the LP with 0/1 values, so never above the LP bound, but free of
/// Clp for cities too large for the LP (10M residents: 165 sites, LP skipped).
double packing_bound(const Coverage& cv) {
    const std::size_t ng = cv.group_weight.size();
    std::vector<std::size_t> order;
    for (std::size_t g = 0; g < ng; ++g)
        if (cv.group_weight[g] > 0.0 && !cv.sites_of(g).empty()) order.push_back(g);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return cv.sites_of(a).size() < cv.sites_of(b).size(); });
    std::vector<char> taken(cv.cand.size(), 0);
    double picked = 0.0;
    for (const std::size_t g : order) {
        const std::span<const int> sites = cv.sites_of(g);
        if (std::any_of(sites.begin(), sites.end(), [&](int j) { return taken[static_cast<std::size_t>(j)] != 0; }))
            continue;
        for (const int j : sites) taken[static_cast<std::size_t>(j)] = 1;
        picked += 1.0;
    }
    return picked;
}

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
            for (int grp : cv.groups_of(j))
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
    if (!best_open.empty()) lower = std::max(lower, weight_bound(cv, need - eps));
    if (!opt.target_share) lower = std::max(lower, packing_bound(cv));
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
            const std::span<const int> sites = cv.sites_of(g);
            idx.assign(sites.begin(), sites.end());
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
}  // namespace cover

Result solve_coverage(const Problem& problem, const Options& options, bool exact, const Clock& clock) {
    if (options.district_rule()) return cover::mclp_floor(problem, options, exact, clock);
    return options.model == Model::mclp ? cover::mclp(problem, options, exact, clock)
                                        : cover::lscp(problem, options, exact, clock);
}

}  // namespace lc::opt::detail
