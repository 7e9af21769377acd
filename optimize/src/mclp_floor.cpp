// MCLP with a district floor (every district covers at least a share of its
// weight, capped at what all sites together can cover) or max–min (the largest
// such floor, then the most coverage with it). A floor-first greedy gives the
// start; CBC on the reduced model (demands grouped within their district) proves
// the optimum, Clp's LP relaxation bounds the heuristic.
#include "coverage_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

namespace lc::opt::detail::cover {
namespace {

/// Per-district weights of the reduced instance.
struct Districts {
    std::size_t n = 0;
    std::vector<double> weight;     // Σ demand weights
    std::vector<double> coverable;  // within the radius of some site: the cap
    std::vector<double> existing;   // covered by the existing sites
    std::vector<std::vector<int>> groups;  // reduced groups of the district
    std::vector<double> tol;        // 1e-9 of the weight (at least 1e-9)
};

Districts districts_of(const Problem& pb, const Coverage& cv) {
    Districts ds;
    ds.n = pb.group_names.size();
    ds.weight.assign(ds.n, 0.0);
    ds.coverable.assign(ds.n, 0.0);
    ds.existing.assign(ds.n, 0.0);
    ds.groups.assign(ds.n, {});
    std::vector<char> uncoverable(pb.demands.size(), 0);
    for (Index i : cv.uncoverable) uncoverable[i] = 1;
    for (std::size_t i = 0; i < pb.demands.size(); ++i) {
        const Index g = pb.group_of(i);
        if (g == no_group) continue;
        ds.weight[g] += pb.demands[i].weight;
        if (!uncoverable[i]) ds.coverable[g] += pb.demands[i].weight;
    }
    ds.existing = ds.coverable;
    for (std::size_t g = 0; g < cv.group_weight.size(); ++g) {
        const int d = cv.group_district[g];
        if (d < 0) continue;
        ds.groups[static_cast<std::size_t>(d)].push_back(static_cast<int>(g));
        ds.existing[static_cast<std::size_t>(d)] -= cv.group_weight[g];
    }
    ds.tol.resize(ds.n);
    for (std::size_t d = 0; d < ds.n; ++d) {
        ds.existing[d] = std::max(0.0, ds.existing[d]);
        ds.tol[d] = 1e-9 * std::max(1.0, ds.weight[d]);
    }
    return ds;
}

/// Each district's covered weight (existing sites and the open candidates), and
/// the weight the open candidates add over the existing sites.
struct Tally {
    std::vector<double> covered;
    double added = 0.0;
};

Tally tally(const Coverage& cv, const Districts& ds, const std::vector<int>& open) {
    Tally t{ds.existing, 0.0};
    std::vector<char> hit(cv.group_weight.size(), 0);
    for (int j : open)
        for (int g : cv.groups_of(static_cast<std::size_t>(j))) hit[static_cast<std::size_t>(g)] = 1;
    for (std::size_t g = 0; g < hit.size(); ++g) {
        if (!hit[g]) continue;
        t.added += cv.group_weight[g];
        if (cv.group_district[g] >= 0) t.covered[static_cast<std::size_t>(cv.group_district[g])] += cv.group_weight[g];
    }
    return t;
}

/// The largest floor every district meets: a district covered as far as all
/// sites can cover it meets any floor; 1 when all do.
double achieved_floor(const Districts& ds, const std::vector<double>& covered) {
    double t = 1.0;
    for (std::size_t d = 0; d < ds.n; ++d) {
        if (ds.weight[d] <= 0.0 || covered[d] >= ds.coverable[d] - ds.tol[d]) continue;
        t = std::min(t, covered[d] / ds.weight[d]);
    }
    return t;
}

/// Required covered weight per district for floor `f`: min(f × weight, coverable).
std::vector<double> needs(const Districts& ds, double f) {
    std::vector<double> need(ds.n);
    for (std::size_t d = 0; d < ds.n; ++d) need[d] = std::min(f * ds.weight[d], ds.coverable[d]);
    return need;
}

bool meets(const Districts& ds, const std::vector<double>& need, const std::vector<double>& covered) {
    for (std::size_t d = 0; d < ds.n; ++d)
        if (covered[d] < need[d] - 1e-6 * std::max(1.0, ds.weight[d])) return false;
    return true;
}

/// Greedy over the kept candidates. Floor (`need` given): the site that most
/// reduces the districts' total shortfall, then the most weight. Max–min
/// (`need` null): the site that most raises the achieved floor, then the most
/// weight in the districts at the current floor, then the most weight.
std::vector<int> greedy_floor(const Coverage& cv, const Districts& ds, std::size_t p, const std::vector<double>* need,
                              const Clock& clock) {
    const std::size_t nc = cv.cand.size(), ng = cv.group_weight.size();
    std::vector<char> hit(ng, 0), open(nc, 0);
    std::vector<double> covered = ds.existing, trial;
    std::vector<int> chosen;
    std::vector<double> gain_d(ds.n, 0.0);
    std::vector<std::size_t> touched;
    for (std::size_t step = 0; step < p && !clock.expired(); ++step) {
        const double t_now = achieved_floor(ds, covered);
        std::vector<char> worst(ds.n, 0);
        for (std::size_t d = 0; d < ds.n; ++d)
            worst[d] = ds.weight[d] > 0.0 && covered[d] < ds.coverable[d] - ds.tol[d] &&
                       covered[d] / ds.weight[d] <= t_now + 1e-12;
        double best[3] = {-1.0, -1.0, -1.0};
        int best_j = -1;
        for (std::size_t j = 0; j < nc; ++j) {
            if (open[j]) continue;
            double total = 0.0;
            touched.clear();
            for (int g : cv.groups_of(j)) {
                const auto ug = static_cast<std::size_t>(g);
                if (hit[ug]) continue;
                total += cv.group_weight[ug];
                if (cv.group_district[ug] < 0) continue;
                const auto d = static_cast<std::size_t>(cv.group_district[ug]);
                if (gain_d[d] == 0.0) touched.push_back(d);
                gain_d[d] += cv.group_weight[ug];
            }
            double score[3] = {0.0, 0.0, total};
            if (need) {
                for (std::size_t d : touched) score[0] += std::min(gain_d[d], std::max(0.0, (*need)[d] - covered[d]));
            } else {
                trial = covered;
                for (std::size_t d : touched) {
                    trial[d] += gain_d[d];
                    if (worst[d]) score[1] += gain_d[d];
                }
                score[0] = achieved_floor(ds, trial);
            }
            for (std::size_t d : touched) gain_d[d] = 0.0;
            bool better = false;
            for (int k = 0; k < 3; ++k) {
                const double eps = 1e-12 * std::max(1.0, std::abs(best[k]));
                if (score[k] > best[k] + eps) {
                    better = true;
                    break;
                }
                if (score[k] < best[k] - eps) break;
            }
            if (better) {
                std::copy(score, score + 3, best);
                best_j = static_cast<int>(j);
            }
        }
        if (best_j < 0 || best[2] <= 0.0) break;  // nothing left to cover
        open[static_cast<std::size_t>(best_j)] = 1;
        chosen.push_back(best_j);
        for (int g : cv.groups_of(static_cast<std::size_t>(best_j))) {
            const auto ug = static_cast<std::size_t>(g);
            if (hit[ug]) continue;
            hit[ug] = 1;
            if (cv.group_district[ug] >= 0) covered[static_cast<std::size_t>(cv.group_district[ug])] += cv.group_weight[ug];
        }
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

/// x_j (kept candidates, binary), y_g in [0, 1] of objective `y_obj[g]`,
/// y_g <= Σ x covering g, Σ x <= p. Returns the y columns.
std::vector<int> base_model(MipModel& m, const Coverage& cv, std::size_t p, const std::vector<double>& y_obj) {
    m.set_maximize(true);
    const std::size_t nc = cv.cand.size();
    for (std::size_t j = 0; j < nc; ++j) m.add_col(0.0, 1.0, 0.0, true);
    std::vector<int> y = add_group_cover(m, cv, y_obj);
    std::vector<int> idx(nc);
    std::iota(idx.begin(), idx.end(), 0);
    m.add_row(idx, std::vector<double>(nc, 1.0), -1e30, static_cast<double>(p));
    return y;
}

/// Σ_{g in d} w_g y_g (the weight the new sites add in district d), plus `extra`.
void add_district_row(MipModel& m, const Coverage& cv, const Districts& ds, const std::vector<int>& y, std::size_t d,
                      double lb, int extra_col = -1, double extra_val = 0.0) {
    std::vector<int> idx;
    std::vector<double> val;
    for (int g : ds.groups[d]) {
        idx.push_back(y[static_cast<std::size_t>(g)]);
        val.push_back(cv.group_weight[static_cast<std::size_t>(g)]);
    }
    if (extra_col >= 0) {
        idx.push_back(extra_col);
        val.push_back(extra_val);
    }
    m.add_row(idx, val, lb, 1e30);
}

/// The reduced MCLP with every district at least `need` (existing sites included).
MipModel floor_model(const Coverage& cv, const Districts& ds, std::size_t p, const std::vector<double>& need) {
    MipModel m;
    const std::vector<int> y = base_model(m, cv, p, cv.group_weight);
    for (std::size_t d = 0; d < ds.n; ++d) {
        const double rhs = need[d] - ds.existing[d] - ds.tol[d];
        if (rhs > 0.0) add_district_row(m, cv, ds, y, d, rhs);
    }
    return m;
}

/// Max–min, one step: maximise t in [0, 1] with every district not in `capped` covering
/// t × its weight and every district in `capped` covered as far as all sites can.
/// Column nc + ng is t.
MipModel maxmin_model(const Coverage& cv, const Districts& ds, std::size_t p, const std::vector<char>& capped) {
    MipModel m;
    const std::vector<int> y = base_model(m, cv, p, std::vector<double>(cv.group_weight.size(), 0.0));
    const int t = m.add_col(0.0, 1.0, 1.0, false);
    for (std::size_t d = 0; d < ds.n; ++d) {
        if (ds.weight[d] <= 0.0) continue;
        if (capped[d]) {
            const double rhs = ds.coverable[d] - ds.existing[d] - ds.tol[d];
            if (rhs > 0.0) add_district_row(m, cv, ds, y, d, rhs);
        } else {
            add_district_row(m, cv, ds, y, d, -ds.existing[d] - ds.tol[d], t, -ds.weight[d]);
        }
    }
    return m;
}

std::vector<int> open_of(const MipOutcome& out, std::size_t nc) {
    std::vector<int> open;
    for (std::size_t j = 0; j < nc; ++j)
        if (out.x[j] > 0.5) open.push_back(static_cast<int>(j));
    return open;
}

std::string pct(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share);
    return buf;
}

/// Why no p sites meet `need`: the districts that cannot reach it even alone
/// (CBC on each one's own MCLP), or that they cannot all at once.
std::string infeasible_reason(const Problem& pb, const Coverage& cv, const Districts& ds, std::size_t p,
                              const std::vector<double>& need, double floor, const Clock& clock) {
    std::string alone;
    std::size_t n_alone = 0;
    for (std::size_t d = 0; d < ds.n; ++d) {
        if (need[d] - ds.existing[d] <= ds.tol[d] || clock.expired()) continue;
        std::vector<double> w(cv.group_weight.size(), 0.0);
        for (int g : ds.groups[d]) w[static_cast<std::size_t>(g)] = cv.group_weight[static_cast<std::size_t>(g)];
        MipModel m;
        (void)base_model(m, cv, p, w);
        const MipOutcome out = solve_mip(m, clock.remaining(), std::nullopt);
        const double best = ds.existing[d] + (out.status == MipStatus::optimal ? out.objective : out.bound);
        if (best < need[d] - ds.tol[d]) {
            alone += std::string(n_alone++ ? ", " : "") + pb.group_names[d] + " (at most " + pct(best / ds.weight[d]) + ")";
        }
    }
    const std::string head = "district floor " + pct(floor) + ": no " + std::to_string(p) + " new sites reach it";
    if (n_alone > 0) return head + " in district" + (n_alone > 1 ? "s " : " ") + alone;
    return head + " in every district at once (each district reaches it alone)";
}

/// The floor stage: the most coverage with every district at least `need`.
/// `start`: a set known to meet it (or empty). Fills the result's status, bound and set.
struct FloorOutcome {
    Status status = Status::no_solution;
    std::vector<int> open;
    double added = 0.0;        // weight the open candidates add over the existing sites
    double bound_added = 0.0;  // proven upper bound on it
    bool proven_infeasible = false;
    std::string method;
};

FloorOutcome solve_floor(const Coverage& cv, const Districts& ds, std::size_t p, const std::vector<double>& need,
                         std::vector<int> start, bool exact, const Clock& clock) {
    FloorOutcome fo;
    const double tol = 1e-9 * std::max(1.0, cv.coverable_weight);
    const bool have_start = !start.empty() || meets(ds, need, tally(cv, ds, start).covered);
    if (have_start) {
        fo.open = std::move(start);
        fo.added = tally(cv, ds, fo.open).added;
        fo.status = Status::feasible;
    }
    const MipModel model = floor_model(cv, ds, p, need);
    fo.bound_added = cv.coverable_weight - cv.existing_weight;
    if (!exact) {
        fo.method = "LP bound";
        if (const auto lp = solve_lp(model)) {
            fo.bound_added = std::max(*lp, fo.added);
        } else {
            fo.status = Status::infeasible;
            fo.proven_infeasible = true;
            fo.open.clear();
            fo.added = 0.0;
            return fo;
        }
        if (have_start && fo.bound_added - fo.added <= tol) fo.status = Status::optimal;
        return fo;
    }
    fo.method = "CBC";
    if (clock.expired()) {
        if (!have_start) fo.status = Status::no_solution;
        else fo.status = Status::time_limit;
        return fo;
    }
    // With a start, CBC searches only what beats it: "infeasible" proves it optimal.
    const MipOutcome out =
        solve_mip(model, clock.remaining(), have_start ? std::optional<double>(fo.added + tol) : std::nullopt);
    if (out.status == MipStatus::infeasible) {
        if (have_start) {
            fo.status = Status::optimal;
            fo.bound_added = fo.added;
        } else {
            fo.status = Status::infeasible;
            fo.proven_infeasible = true;
        }
        return fo;
    }
    bool any = have_start;
    if (out.has_solution) {
        std::vector<int> open = open_of(out, cv.cand.size());
        const Tally t = tally(cv, ds, open);
        if (meets(ds, need, t.covered) && (!any || t.added > fo.added + tol)) {
            fo.open = std::move(open);
            fo.added = t.added;
            any = true;
        }
    }
    if (out.status == MipStatus::optimal) {
        fo.status = Status::optimal;
        fo.bound_added = fo.added;
    } else {
        fo.status = any ? Status::time_limit : Status::no_solution;
        fo.bound_added = std::min(fo.bound_added, std::max(out.bound, fo.added));
    }
    return fo;
}

}  // namespace

Result mclp_floor(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    const Coverage cv = build(pb, *opt.radius, true, true);
    const Districts ds = districts_of(pb, cv);
    res.uncoverable = cv.uncoverable;
    res.total_weight = cv.total_weight;
    res.notes.push_back("reductions: " + std::to_string(cv.n_dominated) + " dominated candidates removed, " +
                        std::to_string(cv.n_coverable_demands) + " coverable demands in " +
                        std::to_string(cv.group_weight.size()) +
                        " groups (within their district) not covered by existing sites");
    double floor = opt.district_floor.value_or(0.0);
    bool stage1_proven = true;
    std::vector<int> start;
    std::string method;
    if (opt.district_maxmin) {
        // Stage 1: the largest floor. Each step maximises t over the districts not yet
        // capped; the districts whose cap stops t are then required at their cap and
        // t is maximised again, until it rises no more (each step proven by CBC).
        start = greedy_floor(cv, ds, opt.p, nullptr, clock);
        floor = achieved_floor(ds, tally(cv, ds, start).covered);
        const double greedy_floor_share = floor;
        std::size_t steps = 0;
        double t_bound = 1.0;
        stage1_proven = exact;
        if (exact) {
            std::vector<char> capped(ds.n, 0);
            for (std::size_t d = 0; d < ds.n; ++d) capped[d] = ds.coverable[d] <= ds.tol[d];
            // A step's value of a set: its smallest share over the districts not capped.
            auto step_value = [&](const std::vector<double>& covered) {
                double t = 1.0;
                for (std::size_t d = 0; d < ds.n; ++d)
                    if (!capped[d] && ds.weight[d] > 0.0) t = std::min(t, covered[d] / ds.weight[d]);
                return t;
            };
            // Only a t above the best so far matters (the greedy's for the first step,
            // the previous step's after): CBC's cutoff, so "infeasible" proves none.
            double best_t = step_value(tally(cv, ds, start).covered);
            // Stage 1 leaves a third of the time to the coverage stage.
            const double stage1_end = clock.elapsed() + 2.0 * clock.remaining() / 3.0;
            for (;;) {
                const double limit = stage1_end - clock.elapsed();
                if (limit <= 0.0) {
                    stage1_proven = false;
                    break;
                }
                ++steps;
                const MipOutcome out = solve_mip(maxmin_model(cv, ds, opt.p, capped), limit, best_t + 1e-9);
                double t_mip = best_t;
                if (out.status == MipStatus::infeasible) {
                    if (steps > 1) break;  // t rises no more with these districts capped
                } else {
                    if (out.has_solution) {
                        const std::vector<int> open = open_of(out, cv.cand.size());
                        const double t_exact = achieved_floor(ds, tally(cv, ds, open).covered);
                        if (t_exact > floor + 1e-12) {
                            floor = t_exact;
                            start = open;
                        }
                        t_mip = std::max(t_mip, out.objective);
                    }
                    if (out.status != MipStatus::optimal) {
                        stage1_proven = false;
                        t_bound = std::max(out.bound, floor);
                        break;
                    }
                }
                best_t = t_mip;
                if (t_mip >= 1.0 - 1e-9) break;
                bool more = false;
                for (std::size_t d = 0; d < ds.n; ++d)
                    if (!capped[d] && ds.weight[d] > 0.0 && ds.coverable[d] / ds.weight[d] <= t_mip + 1e-9) {
                        capped[d] = 1;
                        more = true;
                    }
                if (!more) break;
            }
            if (stage1_proven) t_bound = floor;
        }
        char buf[300];
        std::snprintf(buf, sizeof buf,
                      "max-min: greedy floor %.6g; the largest floor every district meets: %.6g (%s; CBC steps: %zu; "
                      "bound %.6g); then the most coverage with every district at that floor",
                      greedy_floor_share, floor, stage1_proven && exact ? "proven" : "not proven", steps, t_bound);
        res.notes.push_back(buf);
        method = exact ? "exact (CBC: the largest district floor, then the MCLP with it)"
                       : "heuristic (max-min greedy, then the LP bound of the MCLP with its floor)";
    } else {
        const std::vector<double> need = needs(ds, floor);
        start = greedy_floor(cv, ds, opt.p, &need, clock);
        if (!meets(ds, need, tally(cv, ds, start).covered)) start.clear();
        method = exact ? "exact (CBC on the reduced MCLP with a district floor)"
                       : "heuristic (floor-first greedy, LP bound)";
    }
    // Capped districts: the floor is above what all sites can cover there.
    std::string capped_list;
    for (std::size_t d = 0; d < ds.n; ++d)
        if (ds.weight[d] > 0.0 && floor * ds.weight[d] > ds.coverable[d] + ds.tol[d])
            capped_list += (capped_list.empty() ? "" : ", ") + pb.group_names[d] + " at " +
                           pct(ds.coverable[d] / ds.weight[d]);
    if (!capped_list.empty())
        res.notes.push_back("district floor capped at what all sites can cover: " + capped_list);

    const std::vector<double> need = needs(ds, floor);
    // Stage 2 (max-min) or the floor itself: start is empty when no set meeting the floor is known.
    const bool start_ok = opt.district_maxmin || !start.empty() || meets(ds, need, ds.existing);
    const FloorOutcome fo = solve_floor(cv, ds, opt.p, need, start_ok ? start : std::vector<int>{}, exact, clock);
    res.method = method;
    res.status = fo.status;
    // Max-min: the total is optimal for the floor found; that floor itself is proven only by CBC.
    if (fo.status == Status::optimal && !stage1_proven) res.status = exact ? Status::time_limit : Status::feasible;
    if (fo.status == Status::infeasible) {
        res.notes.push_back(infeasible_reason(pb, cv, ds, opt.p, need, floor, clock));
    } else if (fo.status == Status::no_solution) {
        res.notes.push_back("district floor " + pct(floor) + ": no set of " + std::to_string(opt.p) +
                            " new sites meeting it was found (" +
                            (exact ? "the time limit stopped CBC" : "the greedy; --solver exact decides it") + ")");
    }
    const bool solved = fo.status != Status::infeasible && fo.status != Status::no_solution;
    const std::vector<int> open = solved ? fo.open : std::vector<int>{};
    const Tally t = tally(cv, ds, open);
    res.open_sites = to_sites(cv, open);
    res.covered_weight = cv.existing_weight + t.added;
    res.objective = solved ? res.covered_weight : 0.0;
    // No solution found: the bound still holds (0 when none exists).
    res.bound = fo.status == Status::infeasible ? 0.0 : cv.existing_weight + std::max(fo.bound_added, t.added);
    if (res.status == Status::optimal) res.bound = res.objective;
    res.district_floor = floor;
    for (std::size_t d = 0; d < ds.n; ++d)
        res.groups.push_back({pb.group_names[d], ds.weight[d], ds.coverable[d], need[d], t.covered[d]});
    return res;
}

}  // namespace lc::opt::detail::cover
