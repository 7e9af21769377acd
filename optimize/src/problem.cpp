#include "lc/optimize/problem.hpp"

#include "lc/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace lc::opt {

CostTable CostTable::dense(std::size_t n_sites, std::size_t n_demands, std::vector<double> values) {
    if (values.size() != n_sites * n_demands)
        throw ArgumentError("optimize: dense cost matrix has " + std::to_string(values.size()) +
                            " values, expected sites x demands = " + std::to_string(n_sites * n_demands));
    CostTable t;
    t.m_dense = true;
    t.m_n_sites = n_sites;
    t.m_n_demands = n_demands;
    t.m_n_links = static_cast<std::size_t>(
        std::count_if(values.begin(), values.end(), [](double v) { return v != no_link; }));
    t.m_values = std::move(values);
    return t;
}

CostTable CostTable::sparse(std::size_t n_demands, std::vector<std::vector<Link>> per_site) {
    CostTable t;
    t.m_dense = false;
    t.m_n_sites = per_site.size();
    t.m_n_demands = n_demands;
    for (auto& list : per_site) {
        std::sort(list.begin(), list.end(), [](const Link& a, const Link& b) { return a.demand < b.demand; });
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (list[k].demand >= n_demands)
                throw ArgumentError("optimize: sparse cost list refers to demand " + std::to_string(list[k].demand) +
                                    " of " + std::to_string(n_demands));
            if (k > 0 && list[k].demand == list[k - 1].demand)
                throw ArgumentError("optimize: sparse cost list has demand " + std::to_string(list[k].demand) +
                                    " twice for one site");
        }
        t.m_n_links += list.size();
    }
    t.m_lists = std::move(per_site);
    return t;
}

double CostTable::cost(Index site, Index demand) const {
    if (m_dense) return m_values[static_cast<std::size_t>(site) * m_n_demands + demand];
    const auto& list = m_lists[site];
    auto it = std::lower_bound(list.begin(), list.end(), demand,
                               [](const Link& l, Index d) { return l.demand < d; });
    return (it != list.end() && it->demand == demand) ? it->cost : no_link;
}

std::size_t Problem::n_candidates() const {
    return static_cast<std::size_t>(std::count_if(sites.begin(), sites.end(), [](const Site& s) { return !s.existing; }));
}

double Problem::total_weight() const {
    double w = 0.0;
    for (const auto& d : demands) w += d.weight;
    return w;
}

void Problem::validate() const {
    if (costs.n_sites() != sites.size() || costs.n_demands() != demands.size())
        throw ArgumentError("optimize: cost table is " + std::to_string(costs.n_sites()) + " x " +
                            std::to_string(costs.n_demands()) + " but there are " + std::to_string(sites.size()) +
                            " sites and " + std::to_string(demands.size()) + " demands");
    if (sites.empty()) throw ArgumentError("optimize: there are no candidate or existing sites");
    if (demands.empty()) throw ArgumentError("optimize: there are no demand points");
    for (const auto& d : demands) {
        if (!std::isfinite(d.weight) || d.weight < 0.0)
            throw ArgumentError("optimize: demand " + d.id + " has a negative or non-finite weight");
        if (d.load && (!std::isfinite(*d.load) || *d.load < 0.0))
            throw ArgumentError("optimize: demand " + d.id + " has a negative or non-finite load");
    }
    if (!demand_group.empty() && demand_group.size() != demands.size())
        throw ArgumentError("optimize: " + std::to_string(demand_group.size()) + " demand districts for " +
                            std::to_string(demands.size()) + " demands");
    for (std::size_t i = 0; i < demand_group.size(); ++i)
        if (demand_group[i] != no_group && demand_group[i] >= group_names.size())
            throw ArgumentError("optimize: demand " + demands[i].id + " refers to district " +
                                std::to_string(demand_group[i]) + " of " + std::to_string(group_names.size()));
    for (const auto& s : sites)
        if (s.capacity && (!std::isfinite(*s.capacity) || *s.capacity < 0.0))
            throw ArgumentError("optimize: site " + s.id + " has a negative or non-finite capacity");
    for (Index j = 0; j < sites.size(); ++j)
        costs.for_each(j, [&](Index i, double c) {
            if (!(c >= 0.0) || std::isnan(c))
                throw ArgumentError("optimize: cost from site " + sites[j].id + " to demand " + demands[i].id +
                                    " is negative or not a number");
        });
}

}  // namespace lc::opt
