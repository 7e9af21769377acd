// Problem data of the location-allocation models: demand points, candidate sites
// and the costs between them. No GIS types: distances come precomputed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace lc::opt {

using Index = std::uint32_t;

inline constexpr double no_link = std::numeric_limits<double>::infinity();
inline constexpr Index no_group = std::numeric_limits<Index>::max();  ///< a demand in no district

/// A demand point (an estate's representative point, a census tract, ...).
struct Demand {
    std::string id;
    double weight = 1.0;         ///< objective weight (elderly, population)
    std::optional<double> load;  ///< what it uses of a site's capacity (households); default: weight
    [[nodiscard]] double capacity_load() const { return load ? *load : weight; }
};

/// A candidate or existing site.
struct Site {
    std::string id;
    bool existing = false;           ///< always open, not counted in p
    std::optional<double> capacity;  ///< in the demands' load units; none = unlimited
};

/// One (demand, cost) pair of a site's list.
struct Link {
    Index demand = 0;
    double cost = 0.0;
};

/// Costs between sites and demands: a dense sites x demands matrix (small instances,
/// OR-Library) or, per site, a sparse list of (demand, cost) (city scale; pairs that
/// are absent are unreachable). Coverage models only need the pairs within the radius.
class CostTable {
public:
    CostTable() = default;
    /// `values[site * n_demands + demand]`; +inf marks an unreachable pair.
    static CostTable dense(std::size_t n_sites, std::size_t n_demands, std::vector<double> values);
    /// One list per site; each demand at most once per list (the lists are sorted here).
    static CostTable sparse(std::size_t n_demands, std::vector<std::vector<Link>> per_site);

    [[nodiscard]] bool is_dense() const noexcept { return m_dense; }
    [[nodiscard]] std::size_t n_sites() const noexcept { return m_n_sites; }
    [[nodiscard]] std::size_t n_demands() const noexcept { return m_n_demands; }
    /// Cost of a pair; `no_link` when absent. O(1) dense, O(log deg) sparse.
    [[nodiscard]] double cost(Index site, Index demand) const;
    /// Number of stored finite pairs.
    [[nodiscard]] std::size_t n_links() const noexcept { return m_n_links; }
    /// Calls f(demand, cost) for every finite pair of `site`, in demand order.
    template <class F>
    void for_each(Index site, F&& f) const {
        if (m_dense) {
            const double* row = m_values.data() + static_cast<std::size_t>(site) * m_n_demands;
            for (std::size_t i = 0; i < m_n_demands; ++i)
                if (row[i] != no_link) f(static_cast<Index>(i), row[i]);
        } else {
            for (const Link& l : m_lists[site]) f(l.demand, l.cost);
        }
    }

private:
    bool m_dense = false;
    std::size_t m_n_sites = 0;
    std::size_t m_n_demands = 0;
    std::size_t m_n_links = 0;
    std::vector<double> m_values;             // dense
    std::vector<std::vector<Link>> m_lists;   // sparse
};

/// Everything a model needs. Ids are strings for I/O; the solvers work with indexes.
struct Problem {
    std::vector<Demand> demands;
    std::vector<Site> sites;
    CostTable costs;
    /// Districts for the MCLP's district floor and max–min (Options::district_floor):
    /// their names, and per demand its district (an index into group_names, or
    /// no_group). Empty: no districts.
    std::vector<std::string> group_names;
    std::vector<Index> demand_group;

    /// The district of demand `i` (an index into group_names), or no_group.
    [[nodiscard]] Index group_of(std::size_t i) const { return i < demand_group.size() ? demand_group[i] : no_group; }

    [[nodiscard]] std::size_t n_candidates() const;  ///< sites that are not existing
    [[nodiscard]] double total_weight() const;
    /// Checks sizes, finite non-negative weights, loads, capacities and costs
    /// (throws lc::ArgumentError).
    void validate() const;
};

}  // namespace lc::opt
