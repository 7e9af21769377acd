// Stations: enlarge undersized stations, cover the elderly within the 15-minute
// threshold (LSCP over the free parcels, ranked by marginal gain), then one
// compliant station per community (一社区一站点); phased by the coverage and
// community-station targets of each phase's year.
#include "pipeline/layout/work.hpp"

#include "lc/optimize/allocation.hpp"
#include "lc/optimize/solve.hpp"
#include "pipeline/timing.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lc::app::layout {
namespace {

/// a) Existing stations below the minimum, enlarged in the first phase where
/// their land allows; their ids go into `enlarged_ids`.
std::vector<LayoutSite> enlarge_stations(Work& w, std::set<std::string>& enlarged_ids) {
    const Standards& s = w.st[w.last()];
    std::vector<LayoutSite> enlarged;
    for (std::size_t j = 0; j < w.city.facilities.size(); ++j) {
        const Facility& f = w.city.facilities[j];
        if (!serves_community(f.kind) || station_ok(f.building_area, s)) continue;
        const double need = w.station_land_need(s);
        if (available_land(w, j) + k_eps < need) continue;
        LayoutSite site = enlargement(w, Level::station, j);
        site.building_area_m2 = s.station_min_area_m2;
        site.beds = std::max(f.beds, static_cast<double>(s.station_min_day_care_beds));
        const std::string land_from = claim_land(w, site, j, need);
        site.reason = f.id + " has " + n0(f.building_area) + " m² < " + n0(s.station_min_area_m2) + " m²: enlarge " +
                      land_from + " (≥ " + n0(need) + " m² at plot ratio " +
                      format_number(w.cfg.assumptions.station_plot_ratio, 2, false) + ")";
        site.gain = 0;
        site.phase = w.phases[0];
        enlarged_ids.insert(f.id);
        enlarged.push_back(std::move(site));
    }
    return enlarged;
}

/// The long-term coverage problem: estates with elderly as demands; existing
/// facilities and the new sites of earlier levels always open; the free
/// eligible parcels that hold a station as candidates. Its costs keep only the
/// pairs within the threshold.
struct CoverageModel {
    opt::Problem pb;
    std::vector<std::size_t> dem;          ///< demand -> estate
    std::vector<int> open_phase;           ///< always-open sites: the phase they open (0 = today)
    std::vector<std::size_t> cand_parcel;  ///< candidate (from first_cand on) -> parcel
    std::vector<const PlannedStation*> cand_plan;  ///< candidate -> the plan's station on its parcel, or null
    std::vector<std::string> notes;        ///< the plan's stations on no free parcel
    std::size_t first_cand = 0;

    [[nodiscard]] std::vector<bool> fixed_open_by(int year) const {
        std::vector<bool> open(pb.sites.size(), false);
        for (std::size_t q = 0; q < first_cand; ++q) open[q] = open_phase[q] <= year;
        return open;
    }
    void mark(opt::Index site, std::vector<bool>& covered) const {
        pb.costs.for_each(site, [&](opt::Index d, double) { covered[d] = true; });
    }
};

/// The free eligible parcel of at least `land_need` m² under `p` not taken by
/// another of the plan's stations, if any.
std::optional<std::size_t> parcel_under(const Work& w, geo::Point p, double land_need,
                                        const std::map<std::size_t, const PlannedStation*>& taken) {
    for (std::size_t k = 0; k < w.parcels.size(); ++k) {
        const Parcel& pa = w.parcels[k];
        if (w.parcel_used[k] || !pa.eligible || pa.area_m2 + k_eps < land_need || taken.count(k)) continue;
        if (pa.geometry.covers(p)) return k;
    }
    return std::nullopt;
}

/// Why a plan station at `p` is not a layout station: the parcel under it is
/// taken, not eligible or too small, or there is none.
std::string why_not_a_parcel(const Work& w, geo::Point p, double land_need) {
    for (std::size_t k = 0; k < w.parcels.size(); ++k) {
        const Parcel& pa = w.parcels[k];
        if (!pa.geometry.covers(p)) continue;
        if (w.parcel_used[k]) return "is on parcel " + pa.id + ", which a centre or institution of the layout takes";
        if (!pa.eligible) return "is on parcel " + pa.id + ", whose land use (" + pa.land_use_raw + ") does not allow it";
        if (pa.area_m2 + k_eps < land_need) return "is on parcel " + pa.id + ", smaller than " + n0(land_need) + " m²";
        return "is on parcel " + pa.id + ", which another of the plan's sites takes";
    }
    return "is on no parcel (a ground floor or a park building)";
}

CoverageModel coverage_model(const Work& w, double land_need) {
    const std::size_t last = w.last();
    const City& city = w.city;
    CoverageModel m;
    std::vector<geo::Point> dem_pts, site_pts;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        if (w.elderly[last][i] <= 0) continue;
        m.dem.push_back(i);
        dem_pts.push_back(city.estates[i].point);
        m.pb.demands.push_back({city.estates[i].id, w.elderly[last][i], city.estates[i].households});
    }
    for (const auto& f : city.facilities) {
        m.pb.sites.push_back({f.id, true, std::nullopt});
        site_pts.push_back(f.point);
        m.open_phase.push_back(0);
    }
    for (const auto& ls : w.sites) {
        if (ls.action != SiteAction::build) continue;
        m.pb.sites.push_back({ls.parcel_id, true, std::nullopt});
        site_pts.push_back(ls.point);
        m.open_phase.push_back(ls.phase);
    }
    // The plan's stations: one on a free parcel makes that parcel its station;
    // one elsewhere (a ground floor, a park building) is not land the layout
    // plans: a note says so, and parcels cover its estates instead.
    std::map<std::size_t, const PlannedStation*> on_parcel;
    for (const auto& ps : w.cfg.planned) {
        if (const auto p = parcel_under(w, ps.point, land_need, on_parcel)) {
            on_parcel[*p] = &ps;
            continue;
        }
        m.notes.push_back("stations: the plan's site " + ps.id + (ps.name.empty() ? "" : " " + ps.name) + " (rank " +
                          std::to_string(ps.rank) + ") " + why_not_a_parcel(w, ps.point, land_need) +
                          "; the layout plans land parcels, so parcels cover its estates instead (a lease or "
                          "conversion of floor space there would serve them as well)");
    }
    m.first_cand = m.pb.sites.size();
    for (std::size_t p = 0; p < w.parcels.size(); ++p) {
        const Parcel& pa = w.parcels[p];
        if (w.parcel_used[p] || !pa.eligible || pa.area_m2 + k_eps < land_need) continue;
        m.pb.sites.push_back({pa.id, false, std::nullopt});
        site_pts.push_back(pa.point);
        m.cand_parcel.push_back(p);
        const auto planned = on_parcel.find(p);
        m.cand_plan.push_back(planned == on_parcel.end() ? nullptr : planned->second);
    }
    const SiteReach reach = reach_lists(site_pts, dem_pts, w.threshold, w.walk(), w.max_snap);
    std::vector<std::vector<opt::Link>> per_site(reach.per_site.size());
    for (std::size_t k = 0; k < reach.per_site.size(); ++k) {
        for (const auto& [d, c] : reach.per_site[k]) {
            if (c <= w.threshold + k_eps) per_site[k].push_back({d, c});
        }
    }
    m.pb.costs = opt::CostTable::sparse(m.dem.size(), std::move(per_site));
    return m;
}

/// b) The fewest candidates that reach the coverage target (lowered to what is
/// coverable); estates no site can reach become unmet rows. Sets `method`.
std::vector<opt::Index> solve_coverage(Work& w, const CoverageModel& m, double land_need, std::string& method) {
    if (m.dem.empty()) return {};
    const std::size_t last = w.last();
    const std::vector<bool> reachable = opt::covered_by(m.pb, std::vector<bool>(m.pb.sites.size(), true), w.threshold);
    double coverable = 0;
    for (std::size_t d = 0; d < m.dem.size(); ++d) {
        if (reachable[d]) coverable += m.pb.demands[d].weight;
    }
    // The plan's stations on parcels are taken; LSCP adds what the target still needs.
    std::vector<opt::Index> chosen;
    opt::Problem pb = m.pb;
    for (std::size_t q = 0; q < m.cand_plan.size(); ++q) {
        if (!m.cand_plan[q]) continue;
        chosen.push_back(static_cast<opt::Index>(m.first_cand + q));
        pb.sites[m.first_cand + q].existing = true;
    }
    const double target = std::min(w.st[last].coverage_target, coverable / m.pb.total_weight());
    if (target > 0 && pb.n_candidates() > 0) {
        opt::Options o;
        o.model = opt::Model::lscp;
        o.radius = w.threshold;
        o.target_share = std::min(1.0, target);
        o.time_limit = 30;
        const opt::Result r = opt::solve(pb, o);
        chosen.insert(chosen.end(), r.open_sites.begin(), r.open_sites.end());
        method = "lscp (" + std::string(opt::to_string(r.status)) + ")";
        if (const std::string warning = opt::status_warning(r); !warning.empty()) w.notes.push_back("stations: " + warning);
    }
    std::sort(chosen.begin(), chosen.end());
    for (std::size_t d = 0; d < m.dem.size(); ++d) {
        if (reachable[d]) continue;
        w.unmet.push_back({w.phases[last], Level::station, "coverage_15min", w.city.estates[m.dem[d]].id, m.pb.demands[d].weight,
                           "elderly",
                           "no facility and no candidate parcel (free, vacant/convertible, ≥ " + n0(land_need) + " m²) within " +
                               n0(w.threshold) + " m" + (w.walk() ? " of walking" : "")});
    }
    return chosen;
}

/// The coverage stations in rank order (marginal gain, long term, everything
/// fixed open), each sized for the households whose nearest open site it is.
std::vector<LayoutSite> coverage_stations(Work& w, const CoverageModel& m, const std::vector<opt::RankedSite>& order,
                                          const std::vector<opt::Index>& chosen, const std::string& method) {
    const Standards& s = w.st[w.last()];
    std::vector<bool> open = m.fixed_open_by(std::numeric_limits<int>::max());
    for (auto k : chosen) open[k] = true;
    const std::vector<opt::Index> nearest = opt::assign_nearest_open(m.pb, open, w.threshold);
    std::vector<LayoutSite> out;
    for (std::size_t q = 0; q < order.size(); ++q) {
        const std::size_t p = m.cand_parcel[order[q].site - m.first_cand];
        w.parcel_used[p] = true;
        LayoutSite site = new_site(w, Level::station, p);
        site.beds = s.station_min_day_care_beds;  // day-care beds (facility.station.min_day_care_beds)
        double hh = 0;
        for (std::size_t d = 0; d < m.dem.size(); ++d) {
            if (nearest[d] != order[q].site) continue;
            site.serves.push_back(w.city.estates[m.dem[d]].id);
            hh += w.city.estates[m.dem[d]].households;
        }
        site.building_area_m2 = std::max(s.station_min_area_m2, std::ceil(hh / 100.0 * s.area_per_100_households_m2 - 1e-9));
        site.land_area_m2 = site.building_area_m2 / w.cfg.assumptions.station_plot_ratio;
        if (site.land_area_m2 > w.parcels[p].area_m2) {
            site.land_area_m2 = w.parcels[p].area_m2;
            site.building_area_m2 = std::max(s.station_min_area_m2, site.land_area_m2 * w.cfg.assumptions.station_plot_ratio);
        }
        site.gain = order[q].gain;
        site.reason = "15-minute coverage: +" + n0(order[q].gain) + " elderly (" + method + ", rank " + std::to_string(q + 1) +
                      "); " + n0(hh) + " households served × " + n0(s.area_per_100_households_m2) + " m²/100";
        if (const PlannedStation* ps = m.cand_plan[order[q].site - m.first_cand]) {
            site.plan_site = ps->id;
            site.reason = "the plan's site " + ps->id + " (rank " + std::to_string(ps->rank) + ") on this parcel; " + site.reason;
        } else if (!w.cfg.planned.empty()) {
            site.reason = "not one of the plan's sites (it covers what the plan's sites off parcels or the " +
                          std::to_string(w.phases[w.last()]) + " elderly need); " + site.reason;
        }
        out.push_back(std::move(site));
    }
    return out;
}

/// Does community `g` have a compliant station today (or one enlarged in the first phase)?
bool community_has_station(const Work& w, const GroupAudit& g, const std::set<std::string>& enlarged_ids) {
    for (auto j : g.facilities) {
        const Facility& f = w.city.facilities[j];
        if (station_ok(f.building_area, w.st[w.last()]) || enlarged_ids.count(f.id)) return true;
    }
    return false;
}

/// c) A station for each community that has no compliant one after the coverage
/// stations: p-median over the community's free parcels, else an unmet row.
std::vector<LayoutSite> community_stations(Work& w, const std::set<std::string>& enlarged_ids,
                                           const std::vector<LayoutSite>& coverage, double land_need) {
    const Standards& s = w.st[w.last()];
    const City& city = w.city;
    std::map<std::string, bool> community_ok;
    for (const auto& g : w.audit.communities) community_ok[g.name] = community_has_station(w, g, enlarged_ids);
    for (const auto& site : coverage) {
        if (const Parcel* pa = w.parcel(site.parcel_id)) community_ok[pa->community] = true;
    }
    std::vector<LayoutSite> out;
    for (const auto& g : w.audit.communities) {
        if (community_ok[g.name]) continue;
        std::vector<std::size_t> estates;
        double eld = 0;
        for (std::size_t i = 0; i < city.estates.size(); ++i) {
            if (city.estates[i].community != g.name) continue;
            estates.push_back(i);
            eld += w.elderly[w.last()][i];
        }
        std::vector<std::size_t> cands;
        for (std::size_t p = 0; p < w.parcels.size(); ++p) {
            const Parcel& pa = w.parcels[p];
            if (!w.parcel_used[p] && pa.eligible && pa.community == g.name && pa.area_m2 + k_eps >= land_need) cands.push_back(p);
        }
        if (cands.empty()) {
            w.unmet.push_back({w.phases[w.last()], Level::station, "community_station", g.name, 1, "stations",
                               "no free vacant/convertible parcel of ≥ " + n0(land_need) + " m² in the community" +
                                   (g.reason.empty() ? "" : " (" + g.reason + ")")});
            continue;
        }
        const std::size_t p = best_parcel(w, cands, estates);
        w.parcel_used[p] = true;
        LayoutSite site = new_site(w, Level::station, p);
        site.beds = s.station_min_day_care_beds;  // day-care beds (facility.station.min_day_care_beds)
        for (auto i : estates) site.serves.push_back(city.estates[i].id);
        site.building_area_m2 = s.station_min_area_m2;
        site.land_area_m2 = site.building_area_m2 / w.cfg.assumptions.station_plot_ratio;
        site.gain = eld;
        site.reason = "community " + g.name + " has no compliant station (" + (g.reason.empty() ? "below minimum" : g.reason) +
                      "); p-median (" + w.distance_kind() + ") over " + std::to_string(cands.size()) + " parcels of the community";
        out.push_back(std::move(site));
    }
    return out;
}

/// Coverage stations by phase: a prefix of the ranked list until the phase's
/// coverage target holds for that phase's elderly, with the sites of earlier
/// levels that are open by then; the last phase takes the rest.
void phase_coverage_stations(Work& w, const CoverageModel& m, const std::vector<opt::RankedSite>& order,
                             std::vector<LayoutSite>& sites) {
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        Stopwatch tk;
        if (k == w.last()) {
            for (; next < sites.size(); ++next) sites[next].phase = w.phases[k];
        } else {
            std::vector<bool> cov = opt::covered_by(m.pb, m.fixed_open_by(w.phases[k]), w.threshold);
            for (std::size_t q = 0; q < next; ++q) m.mark(order[q].site, cov);
            double total = 0;
            for (std::size_t d = 0; d < m.dem.size(); ++d) total += w.elderly[k][m.dem[d]];
            auto share = [&] {
                double c = 0;
                for (std::size_t d = 0; d < m.dem.size(); ++d) {
                    if (cov[d]) c += w.elderly[k][m.dem[d]];
                }
                return total > 0 ? c / total : 1.0;
            };
            while (next < sites.size() && share() + k_eps < w.st[k].coverage_target) {
                sites[next].phase = w.phases[k];
                m.mark(order[next].site, cov);
                ++next;
            }
        }
        w.timing.emplace_back("station " + std::to_string(w.phases[k]), tk.seconds());
        w.say("station " + std::to_string(w.phases[k]) + ": " + std::to_string(next) + " of " + std::to_string(sites.size()) +
              " coverage stations built by then (" + format_seconds(tk.seconds()) + ")");
    }
}

/// Community stations by phase: the communities with the most elderly first. A
/// phase counts the communities that have a compliant station by then (existing,
/// enlarged in the first phase, or a coverage station built by that year).
void phase_community_stations(const Work& w, const std::set<std::string>& enlarged_ids,
                              const std::vector<LayoutSite>& coverage, std::vector<LayoutSite>& sites) {
    std::stable_sort(sites.begin(), sites.end(), [](const LayoutSite& a, const LayoutSite& b) { return a.gain > b.gain; });
    std::map<std::string, std::string> parcel_community;
    for (const auto& pa : w.parcels) parcel_community[pa.id] = pa.community;
    const double n_comm = static_cast<double>(w.audit.communities.size());
    std::size_t next = 0;
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        std::set<std::string> ok_k;
        for (const auto& g : w.audit.communities) {
            if (community_has_station(w, g, enlarged_ids)) ok_k.insert(g.name);
        }
        for (const auto& site : coverage) {
            if (site.phase <= w.phases[k]) ok_k.insert(parcel_community[site.parcel_id]);
        }
        const double target = group_target(w, k, "coverage.community_station");
        while (next < sites.size() && (static_cast<double>(ok_k.size() + next) + k_eps < target * n_comm || k == w.last())) {
            sites[next].phase = w.phases[k];
            ++next;
        }
    }
}

}  // namespace

void plan_stations(Work& w) {
    Stopwatch t0;
    std::set<std::string> enlarged_ids;
    std::vector<LayoutSite> enlarged = enlarge_stations(w, enlarged_ids);
    const double land_need = w.station_land_need(w.st[w.last()]);
    const CoverageModel m = coverage_model(w, land_need);
    w.notes.insert(w.notes.end(), m.notes.begin(), m.notes.end());
    std::string method;
    const std::vector<opt::Index> chosen = solve_coverage(w, m, land_need, method);
    const double t_solve = t0.seconds();
    const auto order =
        opt::rank_by_marginal_gain(m.pb, chosen, opt::covered_by(m.pb, m.fixed_open_by(std::numeric_limits<int>::max()), w.threshold),
                                   w.threshold);
    std::vector<LayoutSite> coverage = coverage_stations(w, m, order, chosen, method);
    std::vector<LayoutSite> community = community_stations(w, enlarged_ids, coverage, land_need);
    const double t_long = t0.seconds();
    w.timing.emplace_back("station long-term solve", t_long);
    w.say("station " + std::to_string(w.phases[w.last()]) + " (long term): " + std::to_string(coverage.size()) +
          " for coverage, " + std::to_string(community.size()) + " for communities, " + std::to_string(enlarged.size()) +
          " enlarged (" + format_seconds(t_long) + ", solve " + format_seconds(t_solve) + ")");
    phase_coverage_stations(w, m, order, coverage);
    phase_community_stations(w, enlarged_ids, coverage, community);
    for (auto& x : enlarged) w.sites.push_back(std::move(x));
    for (auto& x : coverage) w.sites.push_back(std::move(x));
    for (auto& x : community) w.sites.push_back(std::move(x));
}

}  // namespace lc::app::layout
