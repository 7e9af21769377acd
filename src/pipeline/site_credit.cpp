#include "pipeline/site_credit.hpp"

#include "lc/geo/coverage.hpp"
#include "lc/geo/spatial_index.hpp"

#include <queue>

namespace lc::app {
namespace {

/// What each new site can change: the estates its service area's box meets
/// (polygons) and the estates within the threshold of it (points).
struct Reach {
    std::vector<std::vector<std::size_t>> areas;   ///< per new site: polygon estates
    std::vector<std::vector<std::size_t>> points;  ///< per new site: point estates within the threshold
};

bool is_polygon(const Estate& e) { return e.geometry.kind() == geo::GeometryKind::polygon; }

/// Only the estates the new sites change at all (covered more after than
/// before) can take a credit: the others are left out of every sum.
Reach reach_of(const City& after, std::size_t first_new, const CoverageResult& before, const CoverageResult& after_cov,
               const CoverageConfig& cov) {
    const std::size_t n = after.facilities.size() - first_new;
    Reach r;
    r.areas.resize(n);
    r.points.resize(n);
    std::vector<geo::Box> boxes;
    std::vector<std::size_t> point_estates;
    std::vector<geo::Point> point_locations;
    std::vector<bool> changes(after.estates.size());
    for (std::size_t e = 0; e < after.estates.size(); ++e) {
        changes[e] = after_cov.estates[e].covered_share > before.estates[e].covered_share;
        boxes.push_back(after.estates[e].geometry.bounds());
        if (changes[e] && !is_polygon(after.estates[e])) {
            point_estates.push_back(e);
            point_locations.push_back(after.estates[e].point);
        }
    }
    const geo::BoxIndex index(boxes);
    for (std::size_t s = 0; s < n; ++s) {
        for (auto e : index.intersecting(after_cov.service_areas[first_new + s].bounds())) {
            if (changes[e] && is_polygon(after.estates[e])) r.areas[s].push_back(e);
        }
    }
    if (point_estates.empty()) return r;
    std::vector<geo::Point> sites;
    for (std::size_t s = 0; s < n; ++s) sites.push_back(after.facilities[first_new + s].point);
    const SiteReach lists = reach_lists(sites, point_locations, after_cov.threshold_m, after_cov.walk.get(), cov.max_snap);
    for (std::size_t s = 0; s < n; ++s) {
        for (const auto& link : lists.per_site[s]) r.points[s].push_back(point_estates[link.first]);
        std::sort(r.points[s].begin(), r.points[s].end());
    }
    return r;
}

/// The greedy state: which facilities are open and each estate's covered elderly.
class Crediting {
public:
    Crediting(const City& after, std::size_t first_new, const CoverageResult& before, const CoverageResult& after_cov,
              const CoverageConfig& cov)
        : m_city(after), m_first(first_new), m_cov(after_cov), m_reach(reach_of(after, first_new, before, after_cov, cov)),
          m_shares(after_cov.service_areas), m_open(after.facilities.size(), false) {
        for (std::size_t f = 0; f < first_new; ++f) m_open[f] = true;
        m_touches.assign(after.estates.size(), 0);
        for (const auto& list : m_reach.areas) {
            for (auto e : list) ++m_touches[e];
        }
        for (std::size_t e = 0; e < after.estates.size(); ++e) {
            m_value.push_back(after.estates[e].elderly * before.estates[e].covered_share);
        }
    }

    /// Elderly site `s` would add to what is open now.
    [[nodiscard]] double gain(std::size_t s) {
        double g = 0;
        m_open[m_first + s] = true;
        for (auto e : m_reach.areas[s]) g += area_value(e) - m_value[e];
        for (auto e : m_reach.points[s]) g += m_city.estates[e].elderly - m_value[e];
        m_open[m_first + s] = false;
        return g;
    }

    void open(std::size_t s) {
        m_open[m_first + s] = true;
        for (auto e : m_reach.areas[s]) m_value[e] = area_value(e);
        for (auto e : m_reach.points[s]) m_value[e] = m_city.estates[e].elderly;
    }

private:
    /// A polygon estate's covered elderly with the open facilities (none when
    /// the walk cannot reach it: off the network, as the audit counts it).
    /// Called with a site that touches `e` open: when it is the only new site
    /// touching `e`, the value is the one the audit measured after the plan.
    [[nodiscard]] double area_value(std::size_t e) const {
        if (m_touches[e] == 1) return m_city.estates[e].elderly * m_cov.estates[e].covered_share;
        if (!m_cov.estates[e].snapped) return 0.0;
        return m_city.estates[e].elderly * m_shares.covered_share(m_city.estates[e].geometry, m_open);
    }

    const City& m_city;
    std::size_t m_first;
    const CoverageResult& m_cov;
    Reach m_reach;
    geo::ShareCalculator m_shares;
    std::vector<bool> m_open;
    std::vector<double> m_value;
    std::vector<int> m_touches;  ///< per estate: the new sites whose service area's box meets it
};

}  // namespace

std::vector<SiteCredit> credit_sites(const City& after, std::size_t first_new, const CoverageResult& before,
                                     const CoverageResult& after_cov, const CoverageConfig& cov) {
    const std::size_t n = after.facilities.size() - first_new;
    Crediting state(after, first_new, before, after_cov, cov);
    // Lazy greedy: a site's gain only shrinks as others open (coverage is
    // submodular), so a stale gain is an upper bound; a site whose fresh gain
    // still leads is taken. Larger gain first, then the solver's order.
    using Entry = std::pair<double, std::size_t>;
    auto later = [](const Entry& a, const Entry& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; };
    std::priority_queue<Entry, std::vector<Entry>, decltype(later)> queue(later);
    for (std::size_t s = 0; s < n; ++s) queue.emplace(state.gain(s), s);
    std::vector<SiteCredit> out;
    while (!queue.empty()) {
        const std::size_t s = queue.top().second;
        queue.pop();
        const double fresh = state.gain(s);
        if (!queue.empty() && later(Entry{fresh, s}, queue.top())) {
            queue.emplace(fresh, s);
            continue;
        }
        state.open(s);
        out.push_back({s, fresh});
    }
    return out;
}

}  // namespace lc::app
