// --phase-budget: construction yuan per phase. Phase by phase, in order, the
// rows of the phase are ranked by the elderly they serve per yuan of
// construction (a row that costs nothing first), a site's rows in one phase
// together as one unit (a site deferred into a phase that already holds its
// enlargement); units are kept in that order while the phase's total stays
// within the budget, and a unit that does not fit is deferred while cheaper
// ones after it may still fit. A deferred unit moves to the next phase, where
// it competes again with that phase's rows; from the last phase it leaves the
// plan ("deferred beyond the plan"). Each deferral is an unmet row (target
// phase_budget) and is noted on the row (its reason, deferred_from).
#include "pipeline/layout/work.hpp"

#include <algorithm>

namespace lc::app::layout {

void apply_phase_budget(Work& w, std::vector<LayoutSite>& beyond) {
    if (!w.cfg.phase_budget) return;
    const double budget = *w.cfg.phase_budget;
    std::size_t n_deferred = 0, n_beyond = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        const int year = w.phases[k];
        // Units: the rows of the phase with the same chain key (land reserves cost nothing and stay).
        std::map<std::string, std::vector<std::size_t>> by_key;
        std::vector<std::string> order;  // keys as first seen
        for (std::size_t i = 0; i < w.sites.size(); ++i) {
            const LayoutSite& s = w.sites[i];
            if (s.phase != year || s.action == SiteAction::land_reserve) continue;
            std::string key = chain_key(s);
            if (key.empty()) key = "#row" + std::to_string(i);
            if (by_key.find(key) == by_key.end()) order.push_back(key);
            by_key[key].push_back(i);
        }
        struct Unit {
            std::string key;
            double cost = 0;
            double served = 0;
            std::size_t first = 0;
        };
        std::vector<Unit> units;
        for (const auto& key : order) {
            Unit u{key, 0, 0, by_key[key].front()};
            for (const std::size_t i : by_key[key]) {
                const SiteCost c = site_cost(w, w.sites, i);
                u.cost += c.construction_yuan;
                u.served += c.elderly_served;
            }
            units.push_back(u);
        }
        std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
            const bool a_free = a.cost <= 0, b_free = b.cost <= 0;
            if (a_free != b_free) return a_free;
            if (a_free) return false;
            return a.served / a.cost > b.served / b.cost;
        });
        double spent = 0;
        std::vector<std::size_t> out_rows;
        for (const Unit& u : units) {
            if (spent + u.cost <= budget + 1e-6) {
                spent += u.cost;
                continue;
            }
            for (const std::size_t i : by_key[u.key]) out_rows.push_back(i);
            LayoutSite& s = w.sites[u.first];
            const bool last = k == w.last();
            const std::string where = s.parcel_id.empty() ? s.facility_id : s.parcel_id;
            w.unmet.push_back({year, s.level, "phase_budget", where, u.cost, "yuan",
                               "--phase-budget " + n0(budget) + " yuan: " + n0(spent) + " spent on rows that serve more elderly per yuan; " +
                                   (last ? std::string("deferred beyond the plan") : "deferred to " + std::to_string(w.phases[k + 1]))});
        }
        std::sort(out_rows.begin(), out_rows.end());
        for (auto it = out_rows.rbegin(); it != out_rows.rend(); ++it) {
            LayoutSite& s = w.sites[*it];
            s.deferred_from.push_back(year);
            if (k < w.last()) {
                s.phase = w.phases[k + 1];
                s.reason += "; deferred from " + std::to_string(year) + " by --phase-budget";
                ++n_deferred;
            } else {
                s.reason += "; deferred beyond the plan by --phase-budget";
                beyond.insert(beyond.begin(), std::move(s));
                w.sites.erase(w.sites.begin() + static_cast<std::ptrdiff_t>(*it));
                ++n_beyond;
            }
        }
    }
    w.say("phase budget " + n0(budget) + " yuan: " + std::to_string(n_deferred) + " row(s) deferred to a later phase, " +
          std::to_string(n_beyond) + " beyond the plan");
}

}  // namespace lc::app::layout
