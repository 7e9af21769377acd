#include "lc/optimize/solve.hpp"

#include "detail.hpp"
#include "lc/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace lc::opt {

std::string_view to_string(Model m) {
    switch (m) {
        case Model::mclp: return "mclp";
        case Model::lscp: return "lscp";
        case Model::pmedian: return "pmedian";
        case Model::pcenter: return "pcenter";
    }
    return "?";
}

std::string_view to_string(SolverKind s) {
    switch (s) {
        case SolverKind::automatic: return "auto";
        case SolverKind::heuristic: return "heuristic";
        case SolverKind::exact: return "exact";
    }
    return "?";
}

std::string_view to_string(Status s) {
    switch (s) {
        case Status::optimal: return "optimal";
        case Status::feasible: return "feasible";
        case Status::infeasible: return "infeasible";
        case Status::time_limit: return "time_limit";
        case Status::no_solution: return "no_solution";
    }
    return "?";
}

Model parse_model(std::string_view t) {
    if (t == "mclp") return Model::mclp;
    if (t == "lscp") return Model::lscp;
    if (t == "pmedian" || t == "p-median") return Model::pmedian;
    if (t == "pcenter" || t == "p-center") return Model::pcenter;
    throw ArgumentError("optimize: unknown model '" + std::string(t) + "' (mclp, lscp, pmedian, pcenter)");
}

SolverKind parse_solver(std::string_view t) {
    if (t == "auto") return SolverKind::automatic;
    if (t == "heuristic") return SolverKind::heuristic;
    if (t == "exact") return SolverKind::exact;
    throw ArgumentError("optimize: unknown solver '" + std::string(t) + "' (auto, heuristic, exact)");
}

void Options::validate(const Problem& problem) const {
    const std::size_t nc = problem.n_candidates();
    if (!(time_limit > 0.0)) throw ArgumentError("optimize: --time-limit must be positive");
    if (model == Model::mclp || model == Model::lscp) {
        if (!radius) throw ArgumentError("optimize: the " + std::string(to_string(model)) + " model needs a coverage radius (--radius)");
        if (!(*radius >= 0.0) || !std::isfinite(*radius)) throw ArgumentError("optimize: the radius must be finite and not negative");
    }
    if (target_share && (model != Model::lscp || !(*target_share > 0.0 && *target_share <= 1.0)))
        throw ArgumentError("optimize: --target is a share in (0, 1] and only applies to lscp");
    if (district_rule()) {
        const std::string flag = "optimize: --district-floor";
        if (district_floor && district_maxmin)
            throw ArgumentError(flag + ": give a share or max, not both");
        if (district_floor && !(*district_floor >= 0.0 && *district_floor <= 1.0))
            throw ArgumentError(flag + " is a share in [0, 1]");
        if (model != Model::mclp)
            throw ArgumentError(flag + " applies to the coverage model mclp only (--model mclp --p N), not " +
                                std::string(to_string(model)));
        if (capacitated) throw ArgumentError(flag + " does not combine with --capacity");
        if (std::none_of(problem.demand_group.begin(), problem.demand_group.end(), [](Index g) { return g != no_group; }))
            throw ArgumentError(flag + " needs districts: no demand belongs to a district");
    }
    if (model != Model::lscp) {
        if (p > nc)
            throw ArgumentError("optimize: p = " + std::to_string(p) + " is larger than the number of candidate sites (" +
                                std::to_string(nc) + ")");
        if (p == 0 && (model == Model::pmedian || model == Model::pcenter) &&
            std::none_of(problem.sites.begin(), problem.sites.end(), [](const Site& s) { return s.existing; }))
            throw ArgumentError("optimize: p must be at least 1 when there are no existing sites (--p)");
    }
}

double evaluate(const Problem& pb, const Options& opt, const std::vector<Index>& open_sites) {
    const std::size_t nd = pb.demands.size();
    std::vector<char> open(pb.sites.size(), 0);
    for (Index j = 0; j < pb.sites.size(); ++j) open[j] = pb.sites[j].existing ? 1 : 0;
    for (Index j : open_sites) open.at(j) = 1;
    std::vector<double> best(nd, no_link);
    for (Index j = 0; j < pb.sites.size(); ++j)
        if (open[j]) pb.costs.for_each(j, [&](Index i, double c) { best[i] = std::min(best[i], c); });
    double v = 0.0;
    for (std::size_t i = 0; i < nd; ++i) {
        switch (opt.model) {
            case Model::mclp:
            case Model::lscp:
                if (best[i] <= *opt.radius) v += pb.demands[i].weight;
                break;
            case Model::pmedian:
                if (best[i] == no_link) return no_link;
                v += pb.demands[i].weight * best[i];
                break;
            case Model::pcenter: v = std::max(v, best[i]); break;
        }
    }
    return v;
}

std::string status_warning(const Result& r) {
    const std::string model(to_string(r.model));
    char gap[32];
    std::snprintf(gap, sizeof gap, "%.2f%%", 100.0 * r.gap);
    switch (r.status) {
        case Status::optimal: return {};
        case Status::feasible:
            return model + ": the solution is not proven optimal (" + r.method + "; gap to the bound " +
                   (std::isfinite(r.gap) ? std::string(gap) : "unknown") + ")";
        case Status::time_limit:
            return model + ": stopped at the time limit before proving optimality (" + r.method + "; gap to the bound " +
                   (std::isfinite(r.gap) ? std::string(gap) : "unknown") + "; a longer --time-limit may close it)";
        case Status::infeasible: {
            std::string why;  // the district floor says which districts cannot reach it
            for (const auto& n : r.notes)
                if (r.district_floor && n.rfind("district floor ", 0) == 0) why = ": " + n;
            return model + ": the model has no solution (" + r.method + ")" + why;
        }
        case Status::no_solution:
            return model + ": no solution was found before the solver stopped (" + r.method +
                   "; try a longer --time-limit)";
    }
    return {};
}

Result solve(const Problem& problem, const Options& options) {
    problem.validate();
    options.validate(problem);
    const detail::Clock clock(options.time_limit);
    bool exact = options.solver == SolverKind::exact;
    if (options.solver == SolverKind::automatic) {
        // CBC's root LP is not bounded by the time limit; coverage LPs grow fastest.
        const bool coverage = options.model == Model::mclp || options.model == Model::lscp;
        exact = problem.costs.n_links() <= (coverage ? options.exact_max_links / 10 : options.exact_max_links);
    }
    Result res;
    if (options.capacitated && options.model == Model::pcenter)
        res = detail::solve_capacitated_pcenter(problem, options, clock);
    else if (options.capacitated)
        res = detail::solve_capacitated(problem, options, clock);
    else if (options.model == Model::mclp || options.model == Model::lscp)
        res = detail::solve_coverage(problem, options, exact, clock);
    else if (options.model == Model::pmedian)
        res = detail::solve_pmedian(problem, options, exact, clock);
    else
        res = detail::solve_pcenter(problem, options, exact, clock);
    res.model = options.model;
    std::sort(res.open_sites.begin(), res.open_sites.end());
    res.sites.clear();
    for (Index j : res.open_sites) res.sites.push_back(problem.sites[j].id);
    if (res.total_weight == 0.0) res.total_weight = problem.total_weight();
    if (std::isfinite(res.objective) && std::isfinite(res.bound))
        res.gap = std::abs(res.bound - res.objective) / std::max(std::abs(res.objective), 1e-9);
    else
        res.gap = res.status == Status::optimal ? 0.0 : no_link;
    if (res.status == Status::optimal) res.gap = 0.0;
    res.seconds = clock.elapsed();
    return res;
}

}  // namespace lc::opt
