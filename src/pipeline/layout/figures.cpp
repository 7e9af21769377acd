// Figures per district for plan_districts.csv: today and each phase, the value
// and what the profile requires.
#include "pipeline/layout/work.hpp"

#include <algorithm>

namespace lc::app::layout {

void district_figures(Work& w, LayoutRun& out) {
    const City& city = w.city;
    const std::size_t n_phases = w.phases.size();
    const std::size_t n_columns = n_phases + 1;  // today + phases
    std::vector<int> col_year{0};
    for (int y : w.phases) col_year.push_back(y);
    auto built = [&](const LayoutSite& s, std::size_t c) { return c > 0 && s.phase <= col_year[c]; };
    auto stand = [&](std::size_t c) -> const Standards& { return c == 0 ? w.st_today : w.st[c - 1]; };
    auto eld = [&](std::size_t c, std::size_t i) { return c == 0 ? city.estates[i].elderly : w.elderly[c - 1][i]; };

    // Point coverage by column.
    std::vector<geo::Point> pts;
    std::vector<int> opens;  // 0 = today
    for (const auto& f : city.facilities) {
        pts.push_back(f.point);
        opens.push_back(0);
    }
    for (const auto& s : w.sites) {
        if (s.action != SiteAction::build) continue;
        pts.push_back(s.point);
        opens.push_back(s.phase);
    }
    std::vector<geo::Point> est_pts;
    for (const auto& e : city.estates) est_pts.push_back(e.point);
    const SiteReach reach = reach_lists(pts, est_pts, w.threshold, w.audit.coverage.walk.get(), w.max_snap);
    std::vector<int> first_cover(city.estates.size(), std::numeric_limits<int>::max());
    for (std::size_t q = 0; q < pts.size(); ++q) {
        for (const auto& [d, c] : reach.per_site[q]) {
            if (c <= w.threshold + k_eps) first_cover[d] = std::min(first_cover[d], opens[q]);
        }
    }

    // Community and street compliance by column.
    auto group_ok = [&](const GroupAudit& g, bool community, std::size_t c) {
        const Standards& s = stand(c);
        for (auto j : g.facilities) {
            const Facility& f = city.facilities[j];
            if (community ? station_ok(f.building_area, s) : centre_ok(f.building_area, f.beds, f.nursing_beds, s)) return true;
        }
        for (const auto& site : w.sites) {
            if (!built(site, c) || site.level != (community ? Level::station : Level::centre)) continue;
            if (site.action == SiteAction::enlarge) {
                for (auto j : g.facilities) {
                    if (city.facilities[j].id == site.facility_id) return true;
                }
            } else if (site.action == SiteAction::build) {
                const Parcel* pa = w.parcel(site.parcel_id);
                if (pa && (community ? pa->community : pa->street) == g.name) return true;
            }
        }
        return false;
    };

    for (std::size_t d = 0; d < w.audit.districts.size(); ++d) {
        const auto& da = w.audit.districts[d];
        LayoutDistrict ld;
        ld.id = da.id;
        ld.name = da.name;
        ld.population = da.population;
        LayoutFigure f_eld{"elderly", "persons", {}, {}};
        LayoutFigure f_cov{"coverage_15min", "share", {}, {}};
        LayoutFigure f_com{"community_station", "share", {}, {}};
        LayoutFigure f_str{"street_centre", "share", {}, {}};
        LayoutFigure f_bed{"public_beds", "beds", {}, {}};
        LayoutFigure f_per{"beds_per_1000", "beds/1000 elderly", {}, {}};
        LayoutFigure f_land{"land_per_capita_m2", "m²/person", {}, {}};
        for (std::size_t c = 0; c < n_columns; ++c) {
            const Standards& s = stand(c);
            double e = 0, ec = 0;
            for (std::size_t i = 0; i < city.estates.size(); ++i) {
                if (w.estate_district[i] != d) continue;
                e += eld(c, i);
                if (first_cover[i] <= col_year[c]) ec += eld(c, i);
            }
            ld.elderly.push_back(e);
            f_eld.value.push_back(e);
            f_eld.required.push_back(k_nan);
            f_cov.value.push_back(e > 0 ? ec / e : 1.0);
            f_cov.required.push_back(s.coverage_target);
            for (int pass = 0; pass < 2; ++pass) {
                const bool community = pass == 0;
                const auto& groups = community ? w.audit.communities : w.audit.streets;
                const auto& gd = community ? w.community_district : w.street_district;
                double n = 0, ok = 0;
                for (const auto& g : groups) {
                    auto it = gd.find(g.name);
                    if (it == gd.end() || it->second != d) continue;
                    ++n;
                    if (group_ok(g, community, c)) ++ok;
                }
                LayoutFigure& f = community ? f_com : f_str;
                f.value.push_back(n > 0 ? ok / n : 1.0);
                const auto& fig = community ? s.community_station_coverage : s.street_centre_coverage;
                f.required.push_back(c + 1 == n_columns ? 1.0 : (fig ? *fig : (c == 0 ? k_nan : 1.0)));
            }
            double beds = da.institution_beds, land = da.facility_land_m2;
            for (const auto& site : w.sites) {
                if (!built(site, c) || site.district != da.id) continue;
                if (site.level == Level::institution) beds += site.gain * (site.action == SiteAction::land_reserve ? 0 : 1);
                land += site.land_area_m2 - site.base_land_m2;
            }
            f_bed.value.push_back(beds);
            f_bed.required.push_back(ceil_count(e * s.institution_public_bed_share));
            f_per.value.push_back(e > 0 ? 1000.0 * beds / e : 0.0);
            f_per.required.push_back(s.beds_per_1000_elderly ? *s.beds_per_1000_elderly : k_nan);
            f_land.value.push_back(da.population > 0 ? land / da.population : 0.0);
            f_land.required.push_back(s.land_per_capita_min_m2);
        }
        ld.figures = {std::move(f_eld), std::move(f_cov), std::move(f_com), std::move(f_str), std::move(f_bed), std::move(f_per),
                      std::move(f_land)};
        out.districts.push_back(std::move(ld));
    }
}

}  // namespace lc::app::layout
