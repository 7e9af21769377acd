// Capacitated p-center: the smallest r such that p new sites (and the existing
// ones) can serve every demand within their capacities using pairs of cost <= r.
// Feasibility at r is monotone in r, so a binary search over the distinct costs
// finds the least feasible r; each step is the capacitated p-median MIP on the
// pairs within r (which also picks, at that r, the allocation of least total cost).
#include "detail.hpp"

#include <algorithm>

namespace lc::opt::detail {

Result solve_capacitated_pcenter(const Problem& pb, const Options& opt, const Clock& clock) {
    std::vector<double> costs;
    for (Index j = 0; j < pb.sites.size(); ++j) pb.costs.for_each(j, [&](Index, double c) { costs.push_back(c); });
    std::sort(costs.begin(), costs.end());
    costs.erase(std::unique(costs.begin(), costs.end()), costs.end());
    Options median = opt;
    median.model = Model::pmedian;
    const char* method = "exact (binary search over costs, CBC capacitated p-median per step)";
    Result best = solve_capacitated(pb, median, clock);  // every pair: feasible at all?
    best.method = method;
    if (!best.has_solution() || costs.empty()) return best;
    std::size_t lo = 0, hi = costs.size() - 1;
    bool proven = best.status == Status::optimal;
    while (lo < hi && proven) {
        const std::size_t mid = lo + (hi - lo) / 2;
        Result at = solve_capacitated(pb, median, clock, costs[mid]);
        if (at.has_solution()) {
            hi = mid;
            best = std::move(at);
            proven = best.status == Status::optimal;
        } else if (at.status == Status::infeasible) {
            lo = mid + 1;
        } else {
            proven = false;  // stopped before deciding this r
        }
    }
    double largest = 0.0;
    for (const auto& a : best.assignment) largest = std::max(largest, pb.costs.cost(a.site, a.demand));
    best.method = method;
    best.objective = largest;
    best.bound = costs[lo];
    best.status = proven && lo == hi ? Status::optimal : clock.expired() ? Status::time_limit : Status::feasible;
    return best;
}

}  // namespace lc::opt::detail
