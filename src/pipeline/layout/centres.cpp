// Centres: one compliant centre per street (一镇街一中心): enlarge the largest
// existing centre where its land allows, else a new centre on a parcel of the
// street; phased by the profile's street-centre coverage figures.
#include "pipeline/layout/work.hpp"

#include "pipeline/timing.hpp"

#include <algorithm>

namespace lc::app::layout {

namespace {

/// A street without a compliant centre, and the site that fixes it.
struct Fix {
    std::string street;
    bool has_centre = false;  ///< a non-compliant centre exists (a smaller shortfall than none)
    double elderly = 0;
    LayoutSite site;
};

/// a) Enlarges the largest existing centre of street `g` when its land allows;
/// otherwise says why not in `why_not`.
std::optional<LayoutSite> enlarge_centre(Work& w, const GroupAudit& g, std::string& why_not) {
    const Standards& s = w.st[w.last()];
    std::size_t best = k_none;
    for (auto j : g.facilities) {
        if (best == k_none || w.city.facilities[j].building_area > w.city.facilities[best].building_area) best = j;
    }
    if (best == k_none) return std::nullopt;
    const Facility& f = w.city.facilities[best];
    const double area = std::max(f.building_area, s.centre_min_area_m2);
    const double land_need = area / w.cfg.assumptions.centre_plot_ratio;
    const bool grows = area > f.building_area + k_eps;
    const double avail = available_land(w, best);
    if (grows && avail + k_eps < land_need) {
        why_not = "; " + f.id + " cannot grow to " + n0(area) + " m² on " + n0(avail) + " m² of land";
        return std::nullopt;
    }
    LayoutSite site = enlargement(w, Level::centre, best);
    const std::string land_from = grows ? claim_land(w, site, best, land_need) : std::string{};
    site.building_area_m2 = area;
    site.beds = std::max(f.beds, static_cast<double>(s.centre_min_beds));
    site.nursing_beds = std::max(f.nursing_beds, ceil_count(site.beds * s.centre_min_nursing_share));
    std::string what;
    if (grows) what += " building " + n0(f.building_area) + " -> " + n0(area) + " m²";
    if (site.beds > f.beds) what += " beds " + n0(f.beds) + " -> " + n0(site.beds);
    if (site.nursing_beds > f.nursing_beds) what += " nursing beds " + n0(f.nursing_beds) + " -> " + n0(site.nursing_beds);
    site.reason = "street " + g.name + " has no compliant centre; enlarge " + f.id + ":" + what +
                  (grows ? " " + land_from + " (land " + n0(avail) + " m² ≥ " + n0(land_need) + " m² at plot ratio " +
                               format_number(w.cfg.assumptions.centre_plot_ratio, 2, false) + ")"
                         : " (no more floor area needed)");
    site.serves = {g.name};
    site.gain = 1;
    return site;
}

/// b) A new centre on a free parcel of street `g` (p-median over the parcels
/// that hold one); without one, an unmet row.
std::optional<LayoutSite> new_centre(Work& w, const GroupAudit& g, const std::vector<std::size_t>& estates,
                                     const std::string& why_not) {
    const Standards& s = w.st[w.last()];
    const double land_need = w.centre_land_need(s);
    std::vector<std::size_t> cands;
    bool any_in_street = false;
    for (std::size_t p = 0; p < w.parcels.size(); ++p) {
        const Parcel& pa = w.parcels[p];
        if (w.parcel_used[p] || !pa.eligible || pa.street != g.name) continue;
        any_in_street = true;
        if (pa.area_m2 + k_eps >= land_need) cands.push_back(p);
    }
    if (cands.empty()) {
        w.unmet.push_back({w.phases[w.last()], Level::centre, "street_centre", g.name, 1, "centres",
                           (any_in_street ? "no free parcel of the street has the " + n0(land_need) + " m² a centre needs"
                                          : std::string("no free vacant/convertible parcel in the street")) + why_not});
        return std::nullopt;
    }
    const std::size_t p = best_parcel(w, cands, estates);
    w.parcel_used[p] = true;
    LayoutSite site = new_site(w, Level::centre, p);
    site.building_area_m2 = s.centre_min_area_m2;
    site.land_area_m2 = land_need;
    site.beds = s.centre_min_beds;
    site.nursing_beds = ceil_count(site.beds * s.centre_min_nursing_share);
    site.serves = {g.name};
    site.gain = 1;
    site.reason = "street " + g.name + " has no compliant centre (" + (g.reason.empty() ? "" : g.reason) + why_not +
                  "); p-median (" + w.distance_kind() + ") over " + std::to_string(cands.size()) +
                  " parcels of the street with ≥ " + n0(land_need) + " m²";
    return site;
}

bool has_compliant_centre(const Work& w, const GroupAudit& g) {
    for (auto j : g.facilities) {
        const Facility& f = w.city.facilities[j];
        if (centre_ok(f.building_area, f.beds, f.nursing_beds, w.st[w.last()])) return true;
    }
    return false;
}

/// Phases: streets without any centre first, then the streets with the most
/// elderly, until each phase's share is reached; the last phase takes the rest.
void phase_centres(const Work& w, std::vector<Fix>& fixes, std::size_t compliant_today) {
    std::stable_sort(fixes.begin(), fixes.end(), [](const Fix& a, const Fix& b) {
        if (a.has_centre != b.has_centre) return !a.has_centre;
        return a.elderly > b.elderly;
    });
    const double n_streets = static_cast<double>(w.audit.streets.size());
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        const double target = group_target(w, k, "coverage.street_centre");
        while (next < fixes.size() &&
               (static_cast<double>(compliant_today + next) + k_eps < target * n_streets || k == w.last())) {
            fixes[next].site.phase = w.phases[k];
            ++next;
        }
    }
}

}  // namespace

void plan_centres(Work& w) {
    Stopwatch t0;
    std::vector<Fix> fixes;
    std::size_t compliant_today = 0;
    for (const auto& g : w.audit.streets) {
        if (has_compliant_centre(w, g)) {
            ++compliant_today;
            continue;
        }
        Fix fix;
        fix.street = g.name;
        fix.has_centre = !g.facilities.empty();
        std::vector<std::size_t> estates;
        for (std::size_t i = 0; i < w.city.estates.size(); ++i) {
            if (w.city.estates[i].street != g.name) continue;
            estates.push_back(i);
            fix.elderly += w.elderly[w.last()][i];
        }
        std::string why_not;
        std::optional<LayoutSite> site = enlarge_centre(w, g, why_not);
        if (!site) site = new_centre(w, g, estates, why_not);
        if (!site) continue;
        fix.site = std::move(*site);
        fixes.push_back(std::move(fix));
    }
    phase_centres(w, fixes, compliant_today);
    std::size_t n_new = 0, n_enl = 0;
    for (auto& f : fixes) {
        (f.site.action == SiteAction::build ? n_new : n_enl) += 1;
        w.sites.push_back(std::move(f.site));
    }
    const double t = t0.seconds();
    w.timing.emplace_back("centre (all phases)", t);
    w.say("centre, all phases: " + std::to_string(n_new) + " new, " + std::to_string(n_enl) + " enlarged (" + format_seconds(t) + ")");
}

}  // namespace lc::app::layout
