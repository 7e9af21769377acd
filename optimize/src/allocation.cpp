#include "lc/optimize/allocation.hpp"

#include <cstddef>

namespace lc::opt {

std::vector<bool> covered_by(const Problem& pb, const std::vector<bool>& open, double radius) {
    std::vector<bool> covered(pb.demands.size(), false);
    for (Index s = 0; s < open.size(); ++s) {
        if (!open[s]) continue;
        pb.costs.for_each(s, [&](Index d, double c) {
            if (c <= radius + radius_tolerance) covered[d] = true;
        });
    }
    return covered;
}

std::vector<RankedSite> rank_by_marginal_gain(const Problem& pb, const std::vector<Index>& chosen, std::vector<bool> covered,
                                              double radius) {
    auto gain_of = [&](Index s) {
        double g = 0.0;
        pb.costs.for_each(s, [&](Index d, double c) {
            if (c <= radius + radius_tolerance && !covered[d]) g += pb.demands[d].weight;
        });
        return g;
    };
    std::vector<Index> remaining = chosen;
    std::vector<RankedSite> order;
    order.reserve(chosen.size());
    while (!remaining.empty()) {
        std::size_t best = 0;
        double best_gain = -1.0;
        for (std::size_t k = 0; k < remaining.size(); ++k) {
            const double g = gain_of(remaining[k]);
            if (g > best_gain + radius_tolerance) {
                best_gain = g;
                best = k;
            }
        }
        const Index s = remaining[best];
        pb.costs.for_each(s, [&](Index d, double c) {
            if (c <= radius + radius_tolerance) covered[d] = true;
        });
        order.push_back({s, best_gain});
        remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return order;
}

std::vector<Index> assign_nearest_open(const Problem& pb, const std::vector<bool>& open, double radius) {
    std::vector<Index> site(pb.demands.size(), no_site);
    std::vector<double> best(pb.demands.size(), no_link);
    for (Index s = 0; s < open.size(); ++s) {
        if (!open[s]) continue;
        pb.costs.for_each(s, [&](Index d, double c) {
            if (c <= radius + radius_tolerance && (c < best[d] || (c == best[d] && s < site[d]))) {
                best[d] = c;
                site[d] = s;
            }
        });
    }
    return site;
}

}  // namespace lc::opt
