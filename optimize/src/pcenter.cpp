// p-center: search over the sorted distinct costs; a radius is feasible when p new
// sites (plus the existing ones) cover every demand within it (set covering).
// Heuristic: greedy set cover per radius. Exact: CBC set covering with cutoff p.
#include "detail.hpp"
#include "mip.hpp"

#include <algorithm>
#include <string>

namespace lc::opt::detail {
namespace {

enum class Check { feasible, infeasible, unknown };

struct Center {
    const Problem& pb;
    std::vector<Index> cand;
    std::vector<double> values;  // distinct finite costs, ascending

    explicit Center(const Problem& p) : pb(p) {
        for (Index j = 0; j < pb.sites.size(); ++j) {
            if (!pb.sites[j].existing) cand.push_back(j);
            pb.costs.for_each(j, [&](Index, double c) { values.push_back(c); });
        }
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
    }

    /// Demands not covered by existing sites within r; nullopt if one is uncoverable.
    bool prepare(double r, std::vector<char>& need, std::vector<std::vector<Index>>& cover) const {
        const std::size_t nd = pb.demands.size();
        need.assign(nd, 1);
        std::vector<char> reach(nd, 0);
        cover.assign(cand.size(), {});
        for (Index j = 0; j < pb.sites.size(); ++j)
            if (pb.sites[j].existing)
                pb.costs.for_each(j, [&](Index i, double c) { if (c <= r) need[i] = 0; });
        for (std::size_t c = 0; c < cand.size(); ++c)
            pb.costs.for_each(cand[c], [&](Index i, double d) {
                if (d <= r && need[i]) {
                    cover[c].push_back(i);
                    reach[i] = 1;
                }
            });
        for (std::size_t i = 0; i < nd; ++i)
            if (need[i] && !reach[i]) return false;
        return true;
    }

    Check greedy(double r, std::size_t p, std::vector<Index>& open) const {
        std::vector<char> need;
        std::vector<std::vector<Index>> cover;
        if (!prepare(r, need, cover)) return Check::infeasible;
        std::size_t left = static_cast<std::size_t>(std::count(need.begin(), need.end(), 1));
        open.clear();
        while (left > 0) {
            if (open.size() >= p) return Check::unknown;
            std::size_t best = 0;
            std::size_t bc = 0;
            for (std::size_t c = 0; c < cand.size(); ++c) {
                std::size_t g = 0;
                for (Index i : cover[c]) g += need[i] ? 1 : 0;
                if (g > best) { best = g; bc = c; }
            }
            if (best == 0) return Check::infeasible;
            for (Index i : cover[bc]) if (need[i]) { need[i] = 0; --left; }
            open.push_back(cand[bc]);
        }
        return Check::feasible;
    }

    Check exact(double r, std::size_t p, std::vector<Index>& open, const Clock& clock) const {
        std::vector<char> need;
        std::vector<std::vector<Index>> cover;
        if (!prepare(r, need, cover)) return Check::infeasible;
        const std::size_t nd = pb.demands.size();
        std::vector<std::vector<int>> rows(nd);
        for (std::size_t c = 0; c < cand.size(); ++c)
            for (Index i : cover[c]) rows[i].push_back(static_cast<int>(c));
        MipModel m;
        for (std::size_t c = 0; c < cand.size(); ++c) m.add_col(0.0, 1.0, 1.0, true);
        bool any = false;
        for (std::size_t i = 0; i < nd; ++i)
            if (need[i]) {
                m.add_row(rows[i], std::vector<double>(rows[i].size(), 1.0), 1.0, 1e30);
                any = true;
            }
        open.clear();
        if (!any) return Check::feasible;
        const auto out = solve_mip(m, clock.remaining(), static_cast<double>(p) + 0.5);
        if (out.has_solution) {
            for (std::size_t c = 0; c < cand.size(); ++c)
                if (out.x[c] > 0.5) open.push_back(cand[c]);
            if (open.size() <= p) return Check::feasible;
        }
        if (out.status == MipStatus::infeasible || out.status == MipStatus::optimal) return Check::infeasible;
        return Check::unknown;
    }
};

}  // namespace

Result solve_pcenter(const Problem& pb, const Options& opt, bool exact, const Clock& clock) {
    Result res;
    res.total_weight = pb.total_weight();
    Center ctr(pb);
    const std::size_t nd = pb.demands.size();
    // Lower bound: every demand is at least as far as its nearest site.
    std::vector<double> nearest(nd, no_link);
    for (Index j = 0; j < pb.sites.size(); ++j)
        pb.costs.for_each(j, [&](Index i, double c) { nearest[i] = std::min(nearest[i], c); });
    double lb = 0.0;
    for (double v : nearest) lb = std::max(lb, v);
    if (lb == no_link) {
        res.status = Status::infeasible;
        res.method = "reduction";
        res.objective = no_link;
        res.bound = no_link;
        res.notes.push_back("some demands are reached by no site");
        return res;
    }
    const auto& vals = ctr.values;
    std::size_t lo = static_cast<std::size_t>(std::lower_bound(vals.begin(), vals.end(), lb) - vals.begin());
    std::size_t hi = vals.size() - 1;
    std::vector<Index> best, open;
    // Heuristic: the smallest radius the greedy cover reaches with p sites (binary search).
    {
        std::size_t a = lo, b = hi;
        bool found = false;
        while (a <= b) {
            const std::size_t mid = a + (b - a) / 2;
            if (ctr.greedy(vals[mid], opt.p, open) == Check::feasible) {
                best = open;
                hi = mid;
                found = true;
                if (mid == 0) break;
                b = mid - 1;
            } else {
                a = mid + 1;
            }
        }
        if (!found) {  // greedy failed even at the largest radius: open any p sites
            best.clear();
            for (std::size_t c = 0; c < ctr.cand.size() && best.size() < opt.p; ++c) best.push_back(ctr.cand[c]);
        }
    }
    res.method = "heuristic (greedy set cover per radius, binary search)";
    res.status = Status::feasible;
    if (exact) {
        res.method = "exact (binary search over distinct costs, CBC set covering)";
        std::size_t a = lo, b = hi;  // the answer lies in [a, b]; b is feasible (heuristic)
        bool timed_out = false;
        while (a < b) {
            const std::size_t mid = a + (b - a) / 2;
            const Check c = ctr.exact(vals[mid], opt.p, open, clock);
            if (c == Check::feasible) {
                best = open;
                b = mid;
            } else if (c == Check::infeasible) {
                a = mid + 1;
            } else {
                timed_out = true;
                break;
            }
        }
        lo = a;
        res.status = timed_out ? Status::time_limit : Status::optimal;
    }
    // Pad to p sites with unused candidates (more sites never hurt the radius).
    std::vector<char> used(pb.sites.size(), 0);
    for (Index j : best) used[j] = 1;
    for (std::size_t c = 0; c < ctr.cand.size() && best.size() < opt.p; ++c)
        if (!used[ctr.cand[c]]) { best.push_back(ctr.cand[c]); used[ctr.cand[c]] = 1; }
    std::sort(best.begin(), best.end());
    res.open_sites = best;
    res.objective = evaluate(pb, opt, best);
    res.bound = std::min(res.objective, vals[lo]);
    if (res.status == Status::optimal) res.bound = res.objective;
    // Assignment to the nearest open site.
    std::vector<double> bd(nd, no_link);
    std::vector<Index> bs(nd, 0);
    for (Index j = 0; j < pb.sites.size(); ++j) {
        if (!used[j] && !pb.sites[j].existing) continue;
        pb.costs.for_each(j, [&](Index i, double c) { if (c < bd[i]) { bd[i] = c; bs[i] = j; } });
    }
    for (Index i = 0; i < nd; ++i)
        if (bd[i] != no_link) res.assignment.push_back(Assignment{i, bs[i], 1.0});
    if (res.objective == no_link) res.status = Status::infeasible;
    return res;
}

}  // namespace lc::opt::detail
