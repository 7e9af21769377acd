// Beds per 1000 elderly (beds.per_1000_elderly), after the centres and stations
// so that the hierarchy's sites keep their parcels: institutional beds (existing
// institutions and the institution sites) must reach the figure in each phase.
// First the institutions grow on their own land (existing ones, then the
// planned ones onto the rest of their parcels), then new institutions go on the
// free parcels left; the phases of the district's institution sites are then
// set for max(public beds, beds per 1000).
#include "pipeline/layout/work.hpp"

#include "pipeline/timing.hpp"

#include <algorithm>

namespace lc::app::layout {

void plan_institution_beds(Work& w) {
    Stopwatch t0;
    const std::size_t last = w.last();
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        if (!w.st[k].beds_per_1000_elderly) {
            w.notes.push_back("the profile has no beds.per_1000_elderly for " + std::to_string(w.phases[k]) +
                              ": the beds-per-1000-elderly target is not applied in that phase");
        }
    }
    std::size_t n_new = 0, n_grown = 0;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> per1000, required;
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            per1000.push_back(beds_per_1000_required(w, k, db.elderly[k]));
            required.push_back(std::max(per1000.back(), public_beds_required(w, k, db.elderly[k])));
        }
        std::vector<std::size_t> idx;  // the district's institution sites in w.sites
        double beds = db.have;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const LayoutSite& s = w.sites[q];
            if (s.level == Level::institution && s.action != SiteAction::land_reserve && s.district == da.id) {
                idx.push_back(q);
                beds += s.gain;
            }
        }
        const double need_max = *std::max_element(per1000.begin(), per1000.end());
        double remaining = need_max - beds;
        if (remaining <= k_eps) continue;
        const auto& fig = w.st[last].beds_per_1000_elderly;
        const std::string because = "beds per 1000 elderly of " + da.id + ": " + n0(beds) + " beds < " + n0(need_max) +
                                    " required (" + format_number(fig ? *fig : 0.0, 1, false) + " per 1000 elderly)";
        // a) grow on their own land: existing institutions (enlarged or not), then the planned ones.
        std::vector<LayoutSite> added;
        for (auto j : db.institutions) {
            if (remaining <= k_eps) break;
            LayoutSite* site = nullptr;
            for (auto q : idx) {
                if (w.sites[q].facility_id == w.city.facilities[j].id) site = &w.sites[q];
            }
            LayoutSite fresh;
            if (!site) {
                fresh = enlargement(w, Level::institution, j);
                fresh.serves = {da.id};
            }
            LayoutSite& s = site ? *site : fresh;
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason += (s.reason.empty() ? "" : "; ") + because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            ++n_grown;
            if (!site) added.push_back(std::move(fresh));
        }
        for (auto q : idx) {
            if (remaining <= k_eps) break;
            LayoutSite& s = w.sites[q];
            if (s.action != SiteAction::build) continue;
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason += "; " + because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            ++n_grown;
        }
        // b) new institutions on the free parcels left.
        std::string unmet_reason = "the district's institutions are at their land's capacity";
        for (auto& s : new_institutions(w, d, db.estates, remaining, because, unmet_reason)) {
            ++n_new;
            added.push_back(std::move(s));
        }
        for (auto& s : added) w.sites.push_back(std::move(s));
        std::vector<LayoutSite*> ptrs;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            LayoutSite& s = w.sites[q];
            if (s.level == Level::institution && s.action != SiteAction::land_reserve && s.district == da.id) ptrs.push_back(&s);
        }
        phase_institutions(w, ptrs, db.have, required);
        // c) what the land cannot give, per phase.
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            double built = db.have;
            for (const auto* s : ptrs) {
                if (s->phase <= w.phases[k]) built += s->gain;
            }
            if (built + k_eps < per1000[k]) {
                w.unmet.push_back({w.phases[k], Level::institution, "beds_per_1000", da.id, per1000[k] - built, "beds",
                                   unmet_reason + ": " + n0(built) + " beds = " +
                                       format_number(db.elderly[k] > 0 ? 1000.0 * built / db.elderly[k] : 0.0, 1, false) +
                                       " per 1000 elderly < " + format_number(*w.st[k].beds_per_1000_elderly, 1, false)});
            }
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("institution beds per 1000 (all phases)", t);
    w.say("institution beds per 1000 elderly, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_grown) +
          " grown (" + format_seconds(t) + ")");
}

}  // namespace lc::app::layout
