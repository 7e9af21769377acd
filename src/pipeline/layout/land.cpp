// Land: per-capita elderly-service land by district (人均用地): the rest of the
// parcels of sites built by then is reserved first, then free parcels.
#include "pipeline/layout/work.hpp"

#include "pipeline/timing.hpp"

#include <algorithm>

namespace lc::app::layout {

void plan_land(Work& w) {
    Stopwatch t0;
    // The rows of one site over the phases (a site and its later enlargements)
    // share a parcel: the land of each is the total after it, its base the land
    // of the row before, and the parcel's rest is reserved once, on the latest
    // row built by the phase.
    std::vector<std::size_t> chain_next(w.sites.size(), k_none);
    {
        std::map<std::string, std::size_t> last_row;
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const std::string key = chain_key(w.sites[q]);
            if (key.empty()) continue;
            auto [it, fresh] = last_row.try_emplace(key, q);
            if (!fresh) {
                chain_next[it->second] = q;
                it->second = q;
            }
        }
    }
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        if (da.population <= 0) continue;
        for (std::size_t k = 0; k < w.phases.size(); ++k) {
            const Standards& s = w.st[k];
            double land = da.facility_land_m2;
            for (const auto& site : w.sites) {
                if (site.district == da.id && site.phase <= w.phases[k]) land += site.land_area_m2 - site.base_land_m2;
            }
            const double need_min = s.land_per_capita_min_m2 * da.population;
            const double cap = s.land_per_capita_max_m2 > 0 ? s.land_per_capita_max_m2 * da.population : 1e300;
            double short_m2 = need_min - land;
            if (short_m2 <= 1e-6) continue;
            // a) reserve the rest of the parcels of sites built by then.
            for (std::size_t q = 0; q < chain_next.size(); ++q) {
                LayoutSite& site = w.sites[q];
                if (short_m2 <= 1e-6) break;
                if (site.district != da.id || site.parcel_id.empty() || site.phase > w.phases[k]) continue;
                if (chain_next[q] != k_none && w.sites[chain_next[q]].phase <= w.phases[k]) continue;  // a later row holds it
                const Parcel& pa = *w.parcel(site.parcel_id);
                const double extra = std::min({pa.area_m2 - site.land_area_m2, short_m2, cap - land});
                if (extra <= 1e-6) continue;
                site.land_area_m2 += extra;
                site.reason += "; +" + n0(extra) + " m² of the parcel reserved: " + da.id + " land " +
                               format_number(land / da.population, 3, false) + " < " +
                               format_number(s.land_per_capita_min_m2, 2, false) + " m²/person";
                land += extra;
                short_m2 -= extra;
                for (std::size_t r = q; chain_next[r] != k_none; r = chain_next[r]) {
                    LayoutSite& later = w.sites[chain_next[r]];
                    later.base_land_m2 = w.sites[r].land_area_m2;
                    later.land_area_m2 = std::max(later.land_area_m2, later.base_land_m2);
                }
            }
            // b) reserve free parcels of the district (the smallest that closes the gap, else the largest).
            while (short_m2 > 1e-6) {
                std::size_t pick = k_none;
                for (std::size_t p = 0; p < w.parcels.size(); ++p) {
                    const Parcel& pa = w.parcels[p];
                    if (w.parcel_used[p] || !pa.eligible || pa.district != d) continue;
                    if (pick == k_none) {
                        pick = p;
                        continue;
                    }
                    const double a = w.parcels[pick].area_m2, b = pa.area_m2;
                    const bool a_fits = a + k_eps >= short_m2, b_fits = b + k_eps >= short_m2;
                    if ((b_fits && (!a_fits || b < a)) || (!a_fits && !b_fits && b > a)) pick = p;
                }
                if (pick == k_none) {
                    w.unmet.push_back({w.phases[k], Level::land, "land_per_capita", da.id, short_m2, "m²",
                                       "no free vacant/convertible parcel left in the district: land " +
                                           format_number(land / da.population, 3, false) + " < " +
                                           format_number(s.land_per_capita_min_m2, 2, false) + " m²/person"});
                    break;
                }
                w.parcel_used[pick] = true;
                LayoutSite site = new_site(w, Level::institution, pick);
                site.action = SiteAction::land_reserve;
                site.phase = w.phases[k];
                site.land_area_m2 = std::min({w.parcels[pick].area_m2, short_m2, cap - land});
                site.serves = {da.id};
                site.reason = "land reserve (预留养老用地): " + da.id + " has " + format_number(land / da.population, 3, false) +
                              " < " + format_number(s.land_per_capita_min_m2, 2, false) + " m²/person; " + n0(site.land_area_m2) +
                              " m² of this parcel close " + n0(short_m2) + " m²";
                land += site.land_area_m2;
                short_m2 -= site.land_area_m2;
                w.sites.push_back(std::move(site));
            }
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("land (all phases)", t);
    w.say("land, all phases (" + format_seconds(t) + ")");
}

}  // namespace lc::app::layout
