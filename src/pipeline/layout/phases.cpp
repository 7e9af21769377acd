// Phased sizing of the institution sites (after the public beds and the beds
// per 1000 elderly): a site first built in an earlier phase is sized for that
// phase's need, max(public beds, beds per 1000) of the district's elderly of
// the year (running maximum over the phases, so sizes never shrink), and a
// later phase that needs more enlarges it on the same land (an `enlarge` row
// with the totals after it). Per phase the sites built by then are filled in
// order (their planned order, the one phase_institutions used) up to the need;
// a site never gets less than it had in the phase before, nor more than its
// long-term size, which the last phase always takes. A site that the fill
// would leave empty in its build phase (it was phased earlier for the
// stations' coverage) is built at its long-term size.
#include "pipeline/layout/work.hpp"

#include <algorithm>

namespace lc::app::layout {

void size_institutions_by_phase(Work& w) {
    const std::size_t n_phases = w.phases.size();
    if (n_phases < 2) return;
    const std::size_t last = w.last();
    std::vector<LayoutSite> out;
    out.reserve(w.sites.size());
    std::size_t next_tag = 0;
    std::map<std::string, std::size_t> district_of;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) district_of[w.audit.districts[d].id] = d;
    // Per district: the need per phase (running max) and the fill per phase.
    std::map<std::string, std::vector<double>> need;  // beds the sites must give, by phase
    std::map<std::string, std::vector<double>> total;  // beds the district must have, by phase
    for (const auto& [id, d] : district_of) {
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> t(n_phases, 0.0);
        std::vector<double> v(n_phases, 0.0);
        double run = 0;
        for (std::size_t k = 0; k < n_phases; ++k) {
            run = std::max({run, public_beds_required(w, k, db.elderly[k]), beds_per_1000_required(w, k, db.elderly[k])});
            v[k] = std::max(0.0, run - db.have);
            t[k] = run;
        }
        total[id] = std::move(t);
        need[id] = std::move(v);
    }
    // size[q][k]: beds site q adds (over its facility's beds) by phase k; 0 = not built yet.
    std::vector<std::vector<double>> size(w.sites.size(), std::vector<double>(n_phases, 0.0));
    std::map<std::string, std::vector<double>> filled;  // district -> beds given by phase k so far
    for (std::size_t k = 0; k < n_phases; ++k) {
        for (std::size_t q = 0; q < w.sites.size(); ++q) {
            const LayoutSite& s = w.sites[q];
            if (s.level != Level::institution || s.action == SiteAction::land_reserve || s.phase > w.phases[k]) continue;
            auto it = need.find(s.district);
            auto& cum = filled.try_emplace(s.district, std::vector<double>(n_phases, 0.0)).first->second;
            double z = s.gain;
            if (k < last && it != need.end()) {
                const double prev = k > 0 ? size[q][k - 1] : 0.0;
                z = std::clamp(it->second[k] - cum[k], prev, s.gain);
                if (z < 1 && s.phase == w.phases[k]) z = s.gain;  // built early for coverage: full size
            }
            size[q][k] = z;
            cum[k] += z;
        }
    }
    std::size_t n_split = 0;
    for (std::size_t q = 0; q < w.sites.size(); ++q) {
        LayoutSite& s = w.sites[q];
        std::size_t b = 0;
        while (b < n_phases && w.phases[b] < s.phase) ++b;
        if (s.level != Level::institution || s.action == SiteAction::land_reserve || b >= last || size[q][b] + k_eps >= s.gain) {
            out.push_back(std::move(s));
            continue;
        }
        // The site's long-term row, and what its facility had before (0 for a new site).
        const LayoutSite full = s;
        double base_beds = 0, base_floor = 0, base_nursing = 0;
        if (s.action == SiteAction::enlarge) {
            const Facility& f = w.city.facilities[facility_index(w, s.facility_id)];
            base_beds = f.beds;
            base_floor = f.building_area;
            base_nursing = f.nursing_beds;
        }
        const auto& share = w.st[last].nursing_bed_share;
        auto sized = [&](LayoutSite row, double z) {
            row.beds = base_beds + z;
            row.building_area_m2 = std::min(full.building_area_m2, std::max(base_floor, row.beds * w.floor_per_bed));
            row.land_area_m2 = std::max(full.base_land_m2, std::min(full.land_area_m2, row.beds * w.land_per_bed));
            row.nursing_beds = std::min(full.nursing_beds, std::max(base_nursing, share ? ceil_count(row.beds * *share) : 0.0));
            return row;
        };
        const std::string tag = full.action == SiteAction::build ? "#" + std::to_string(++next_tag) : std::string{};
        LayoutSite first = sized(full, size[q][b]);
        first.gain = size[q][b];
        first.id = tag;
        first.reason += "; built for " + std::to_string(w.phases[b]) + " with " + n0(first.beds) + " beds (the need of " +
                        full.district + " that year), enlarged later to " + n0(full.beds);
        out.push_back(first);
        double prev_land = first.land_area_m2;
        for (std::size_t k = b + 1; k < n_phases; ++k) {
            if (size[q][k] <= size[q][k - 1] + k_eps) continue;
            LayoutSite row = k == last ? full : sized(full, size[q][k]);
            row.id.clear();
            row.action = SiteAction::enlarge;
            row.phase = w.phases[k];
            if (full.action == SiteAction::build) row.facility_id = tag;
            row.base_land_m2 = prev_land;
            row.land_area_m2 = std::max(row.land_area_m2, prev_land);
            row.gain = size[q][k] - size[q][k - 1];
            row.reason = "enlarge " + (full.action == SiteAction::build ? "the institution on parcel " + full.parcel_id : full.facility_id) +
                         " for " + std::to_string(w.phases[k]) + ": beds " + n0(base_beds + size[q][k - 1]) + " -> " +
                         n0(row.beds) + " (" + full.district + " needs " + n0(total[full.district][k]) +
                         " institution beds that year: max(public beds, beds per 1000 elderly))";
            prev_land = row.land_area_m2;
            out.push_back(std::move(row));
        }
        ++n_split;
    }
    w.sites = std::move(out);
    if (n_split > 0) {
        w.say("institution sizing by phase: " + std::to_string(n_split) + " site(s) built smaller and enlarged later");
    }
}

}  // namespace lc::app::layout
