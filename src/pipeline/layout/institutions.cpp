// Institutions: public beds per district (一区县一院), and the growth and new
// institutions that the beds-per-1000 stage (beds.cpp) reuses.
#include "pipeline/layout/work.hpp"

#include "lc/error.hpp"
#include "pipeline/timing.hpp"

#include <algorithm>

namespace lc::app::layout {

DistrictBeds district_beds(const Work& w, std::size_t d) {
    DistrictBeds b;
    for (std::size_t i = 0; i < w.city.estates.size(); ++i) {
        if (w.estate_district[i] == d) b.estates.push_back(i);
    }
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        double eld = 0;
        for (auto i : b.estates) eld += w.elderly[k][i];
        b.elderly.push_back(eld);
    }
    for (std::size_t j = 0; j < w.city.facilities.size(); ++j) {
        if (w.facility_district[j] == d && w.city.facilities[j].kind == FacilityKind::institution) {
            b.have += w.city.facilities[j].beds;
            b.institutions.push_back(j);
        }
    }
    return b;
}

double public_beds_required(const Work& w, std::size_t k, double elderly) {
    return ceil_count(elderly * w.st[k].institution_public_bed_share);
}

double beds_per_1000_required(const Work& w, std::size_t k, double elderly) {
    const auto& per = w.st[k].beds_per_1000_elderly;
    return per ? ceil_count(elderly * *per / 1000.0) : 0.0;
}

double grow_institution(Work& w, LayoutSite& s, double wanted, std::string& land_from) {
    const std::size_t last = w.last();
    std::size_t j = k_none;
    double cap_land = 0;
    const Parcel* pa = w.parcel(s.parcel_id);
    if (s.action == SiteAction::build) {
        if (pa) cap_land = pa->area_m2;
    } else {
        j = facility_index(w, s.facility_id);
        cap_land = s.parcel_id.empty() ? available_land(w, j) : std::max(s.land_area_m2, s.base_land_m2);
        if (pa) cap_land = std::max(cap_land, pa->area_m2);
    }
    const double cap = std::floor(cap_land / w.land_per_bed + 1e-9);
    const double extra = std::min(wanted, cap - s.beds);
    if (extra < 1) return 0;
    s.beds += extra;
    s.gain += extra;
    if (j != k_none && s.parcel_id.empty()) {
        land_from = claim_land(w, s, j, s.beds * w.land_per_bed);
    } else {
        s.land_area_m2 = std::max(s.land_area_m2, std::min(cap_land, s.beds * w.land_per_bed));
        land_from = s.action == SiteAction::build ? "on its parcel " + s.parcel_id : "on parcel " + s.parcel_id;
    }
    land_from += " (" + n0(cap_land) + " m² at " + n0(w.land_per_bed) + " m²/bed allows " + n0(cap) + ")";
    s.building_area_m2 = std::max(s.building_area_m2, s.beds * w.floor_per_bed);
    if (w.st[last].nursing_bed_share) s.nursing_beds = std::max(s.nursing_beds, ceil_count(s.beds * *w.st[last].nursing_bed_share));
    return extra;
}

std::vector<LayoutSite> new_institutions(Work& w, std::size_t d, const std::vector<std::size_t>& estates, double& remaining,
                                         const std::string& because, std::string& unmet_reason) {
    const std::size_t last = w.last();
    const auto& da = w.audit.districts[d];
    std::vector<LayoutSite> out;
    while (remaining > k_eps) {
        const double land_need = remaining * w.land_per_bed;
        std::vector<std::size_t> fit, any;
        for (std::size_t p = 0; p < w.parcels.size(); ++p) {
            const Parcel& pa = w.parcels[p];
            if (w.parcel_used[p] || !pa.eligible || pa.district != d) continue;
            if (pa.area_m2 + k_eps >= land_need) fit.push_back(p);
            if (std::floor(pa.area_m2 / w.land_per_bed) >= 1) any.push_back(p);
        }
        std::size_t chosen = k_none;
        double beds = remaining;
        std::string why;
        if (!fit.empty()) {
            chosen = best_parcel(w, fit, estates);
            why = "p-median (" + w.distance_kind() + ") over " + std::to_string(fit.size()) + " parcels of " + da.id +
                  " with ≥ " + n0(land_need) + " m² (" + n0(remaining) + " beds × " + n0(w.land_per_bed) + " m²/bed)";
        } else if (!any.empty()) {
            chosen = *std::max_element(any.begin(), any.end(), [&](std::size_t a, std::size_t b) {
                return w.parcels[a].area_m2 < w.parcels[b].area_m2;
            });
            beds = std::floor(w.parcels[chosen].area_m2 / w.land_per_bed);
            why = "no parcel of " + da.id + " holds " + n0(land_need) + " m²: the largest takes " + n0(beds) + " beds";
        } else {
            unmet_reason = "no free vacant/convertible parcel in the district for an institution (" + n0(w.land_per_bed) +
                           " m² of land per bed)";
            break;
        }
        w.parcel_used[chosen] = true;
        LayoutSite s = new_site(w, Level::institution, chosen);
        s.beds = beds;
        s.nursing_beds = w.st[last].nursing_bed_share ? ceil_count(beds * *w.st[last].nursing_bed_share) : 0;
        s.building_area_m2 = beds * w.floor_per_bed;
        s.land_area_m2 = std::min(w.parcels[chosen].area_m2, beds * w.land_per_bed);
        s.gain = beds;
        s.serves = {da.id};
        s.reason = because + "; " + why;
        remaining -= beds;
        out.push_back(std::move(s));
    }
    return out;
}

void phase_institutions(const Work& w, const std::vector<LayoutSite*>& sites, double have,
                        const std::vector<double>& required) {
    const std::size_t last = w.last();
    double cum = have;
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size() && next < sites.size(); ++k) {
        while (next < sites.size() && (cum + k_eps < required[k] || k == last)) {
            LayoutSite& s = *sites[next];
            s.phase = s.phase > 0 ? std::min(s.phase, w.phases[k]) : w.phases[k];
            cum += s.gain;
            ++next;
        }
    }
}

void plan_institutions(Work& w) {
    Stopwatch t0;
    const std::size_t last = w.last();
    std::size_t n_new = 0, n_enl = 0;
    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        const DistrictBeds db = district_beds(w, d);
        std::vector<double> required;
        for (std::size_t k = 0; k < w.phases.size(); ++k) required.push_back(public_beds_required(w, k, db.elderly[k]));
        const double need_max = *std::max_element(required.begin(), required.end());
        double remaining = need_max - db.have;
        if (remaining <= k_eps) continue;
        const std::string because = "public beds of " + da.id + " " + n0(db.have) + " < " + n0(need_max) + " required (" +
                                    format_number(100 * w.st[last].institution_public_bed_share, 1, false) + "% of the elderly)";
        std::vector<LayoutSite> level_sites;
        // a) enlarge existing institutions on their own land (land per bed).
        for (auto j : db.institutions) {
            if (remaining <= k_eps) break;
            LayoutSite s = enlargement(w, Level::institution, j);
            s.serves = {da.id};
            std::string land_from;
            const double extra = grow_institution(w, s, remaining, land_from);
            if (extra < 1) continue;
            s.reason = because + ": +" + n0(extra) + " beds " + land_from;
            remaining -= extra;
            level_sites.push_back(std::move(s));
        }
        // b) new institutions on the district's parcels.
        std::string unmet_reason;
        for (auto& s : new_institutions(w, d, db.estates, remaining, because, unmet_reason)) level_sites.push_back(std::move(s));
        if (remaining > k_eps) w.unmet.push_back({w.phases[last], Level::institution, "public_beds", da.id, remaining, "beds", unmet_reason});
        std::vector<LayoutSite*> ptrs;
        ptrs.reserve(level_sites.size());
        for (auto& s : level_sites) ptrs.push_back(&s);
        phase_institutions(w, ptrs, db.have, required);
        for (auto& s : level_sites) {
            (s.action == SiteAction::build ? n_new : n_enl) += 1;
            w.sites.push_back(std::move(s));
        }
    }
    const double t = t0.seconds();
    w.timing.emplace_back("institution (all phases)", t);
    w.say("institution, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_enl) + " enlarged (" + format_seconds(t) + ")");
}

}  // namespace lc::app::layout
