// The layout plan: institutions -> centres -> stations -> land, long term first,
// earlier phases as ranked prefixes (see layout.hpp and docs/layout.md). The
// stages live beside this file, one per file; work.hpp holds their shared state.
#include "pipeline/layout/work.hpp"

#include "lc/error.hpp"
#include "pipeline/open_data.hpp"
#include "pipeline/timing.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace lc::app {
namespace {

/// The phases (default: base+5, base+15), checked, and the plot ratios of the
/// profile (layout.*; planning assumptions) for the last phase.
LayoutConfig resolve_config(const LayoutConfig& cfg_in, const Profile& profile, int base_year, const std::string& from_osm) {
    LayoutConfig cfg = cfg_in;
    if (cfg.phases.empty()) cfg.phases = {base_year + 5, base_year + 15};
    cfg.validate();
    if (cfg.parcels.empty() && from_osm.empty()) {
        throw ArgumentError("plan --layout: give --parcels FILE (land parcels: id, land_use, area)");
    }
    for (int y : cfg.phases) {
        if (y < base_year) {
            throw ArgumentError("--phases: year " + std::to_string(y) + " precedes the base year " +
                                std::to_string(base_year) + " (the profile's year or --year)");
        }
    }
    for (auto [key, value] : {std::pair{"layout.station_plot_ratio", &cfg.assumptions.station_plot_ratio},
                              std::pair{"layout.centre_plot_ratio", &cfg.assumptions.centre_plot_ratio}}) {
        if (profile.has(key)) *value = profile.number(key, cfg.phases.back());
    }
    return cfg;
}

/// A note per land use whose parcels are not candidates.
void note_excluded_parcels(LayoutRun& out) {
    std::map<std::string, int> excluded;
    for (const auto& p : out.parcels) {
        if (!p.eligible) ++excluded[p.land_use_raw];
    }
    for (const auto& [use, n] : excluded) {
        out.notes.push_back(std::to_string(n) + " parcel(s) with land use '" + use +
                            "' are not candidates (only vacant, convertible and public-service land)");
    }
}

/// The profile's figure for `key` in the last phase, else `fallback`.
double profile_figure(const Profile& prof, const char* key, const LayoutConfig& cfg, double fallback) {
    return prof.has(key) ? prof.number(key, cfg.phases.back()) : fallback;
}

/// Standards per phase, the run's threshold, and the institutions' land and
/// floor area per bed (profile figures, else the assumptions' fallbacks).
void set_up_work(layout::Work& w, const AuditRun& run, const CoverageConfig& cov, const LayoutConfig& cfg) {
    w.max_snap = cov.max_snap;
    w.parcel_used.assign(w.parcels.size(), false);
    w.parcel_claimed.assign(w.parcels.size(), false);
    w.threshold = run.audit.coverage.threshold_m;
    for (int y : cfg.phases) w.st.push_back(run.profile.resolve(y));
    const Profile& prof = run.profile;
    w.land_per_bed = profile_figure(prof, "facility.institution.land_per_bed_min_m2", cfg,
                                    cfg.assumptions.institution_land_per_bed_m2);
    w.land_per_bed_max = profile_figure(prof, "facility.institution.land_per_bed_max_m2", cfg, w.land_per_bed);
    w.floor_per_bed = profile_figure(prof, "facility.institution.min_floor_area_per_bed_m2", cfg,
                                     cfg.assumptions.institution_floor_per_bed_m2);
    for (auto [key, value] : {std::pair{"facility.institution.land_per_bed_min_m2", w.land_per_bed},
                              std::pair{"facility.institution.min_floor_area_per_bed_m2", w.floor_per_bed}}) {
        if (!(value > 0)) {
            throw ArgumentError(std::string("profile: ") + key + " = " + format_number(value, 2, false) +
                                ": the layout plan divides by it and needs a value greater than 0");
        }
    }
}

/// Orders the rows by phase, then level, then as planned, and numbers them
/// L001... (the rows deferred beyond the plan D001...); enlargements of a phased
/// new site ("#n") then name its row id.
void order_and_number(std::vector<LayoutSite>& sites, std::vector<LayoutSite>& beyond) {
    std::stable_sort(sites.begin(), sites.end(), [](const LayoutSite& a, const LayoutSite& b) {
        if (a.phase != b.phase) return a.phase < b.phase;
        return a.level < b.level;  // the enum's order: station, centre, institution
    });
    std::map<std::string, std::string> tag_id;  // "#n" of a phased new site -> its row id
    for (std::size_t k = 0; k < sites.size(); ++k) {
        char id[32];
        std::snprintf(id, sizeof id, "L%03zu", k + 1);
        if (!sites[k].id.empty()) tag_id[sites[k].id] = id;
        sites[k].id = id;
    }
    for (std::size_t k = 0; k < beyond.size(); ++k) {
        char id[32];
        std::snprintf(id, sizeof id, "D%03zu", k + 1);
        if (!beyond[k].id.empty()) tag_id[beyond[k].id] = id;
        beyond[k].id = id;
    }
    for (auto* rows : {&sites, &beyond}) {
        for (auto& s : *rows) {
            if (s.action != SiteAction::enlarge || s.facility_id.empty() || s.facility_id[0] != '#') continue;
            s.facility_id = tag_id.at(s.facility_id);
            s.reason += "; enlarges " + s.facility_id;
        }
    }
}

/// The layout's part of summary.json.
nlohmann::json layout_summary(const LayoutRun& out, const LayoutConfig& cfg, int base_year) {
    nlohmann::json j;
    j["base_year"] = base_year;
    j["phases"] = cfg.phases;
    j["parcels"] = out.parcels.size();
    j["elderly_growth"] = cfg.elderly_growth ? nlohmann::json(*cfg.elderly_growth) : nlohmann::json(nullptr);
    j["projection"] = cfg.projection;
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& s : out.sites) {
        auto& c = counts[std::to_string(s.phase)][std::string(to_string(s.level))][std::string(to_string(s.action))];
        c = c.is_number() ? c.get<int>() + 1 : 1;
    }
    j["sites"] = counts;
    j["unmet"] = nlohmann::json::array();
    for (const auto& u : out.unmet) {
        j["unmet"].push_back({{"phase", u.phase}, {"level", to_string(u.level)}, {"target", u.target}, {"where", u.where},
                              {"shortfall", round6(u.shortfall)}, {"unit", u.unit}, {"reason", u.reason}});
    }
    j["assumptions"] = {{"station_plot_ratio", out.assumptions.station_plot_ratio},
                        {"centre_plot_ratio", out.assumptions.centre_plot_ratio},
                        {"institution_land_per_bed_m2", out.assumptions.institution_land_per_bed_m2},
                        {"institution_floor_per_bed_m2", out.assumptions.institution_floor_per_bed_m2}};
    j["notes"] = out.notes;
    nlohmann::json timing = nlohmann::json::object();
    for (const auto& [k, v] : out.timing) timing[k] = std::round(v * 1000.0) / 1000.0;
    j["seconds"] = timing;
    return j;
}

}  // namespace

LayoutRun run_layout(const AuditRun& run, const InputConfig& input, const CoverageConfig& cov, const LayoutConfig& cfg_in,
                     const Progress& progress) {
    Stopwatch t_all;
    const int base_year = input.year.value_or(run.profile.default_year());
    const LayoutConfig cfg = resolve_config(cfg_in, run.profile, base_year, input.from_osm);
    LayoutRun out;
    out.base_year = base_year;
    out.phases = cfg.phases;
    out.assumptions = cfg.assumptions;
    Stopwatch t0;
    if (!cfg.parcels.empty()) {
        out.parcels = load_parcels(cfg.parcels, input, run.city);
    } else {
        std::vector<std::string> notes;
        out.parcels = load_parcels(osm_parcels(input.from_osm, run.city, notes), input, run.city);
        for (auto& n : notes) out.notes.push_back(std::move(n));
    }
    if (progress) {
        std::size_t eligible = 0;
        for (const auto& p : out.parcels) eligible += p.eligible ? 1 : 0;
        progress("layout", std::to_string(out.parcels.size()) + " parcels, " + std::to_string(eligible) + " eligible (" +
                               format_seconds(t0.seconds()) + ")");
    }
    note_excluded_parcels(out);

    layout::Work w(run, cfg, out.parcels, progress);
    set_up_work(w, run, cov, cfg);
    out.assumptions.institution_land_per_bed_m2 = w.land_per_bed;
    out.assumptions.institution_floor_per_bed_m2 = w.floor_per_bed;
    layout::map_districts(w);
    layout::project_elderly(w, base_year);

    layout::plan_institutions(w);
    layout::plan_centres(w);
    layout::plan_stations(w);
    layout::plan_institution_beds(w);
    layout::size_institutions_by_phase(w);
    layout::plan_land(w);

    layout::apply_phase_budget(w, out.beyond);
    order_and_number(w.sites, out.beyond);
    out.costs = layout::estimate_costs(w, out.beyond);
    layout::district_figures(w, out);
    out.sites = std::move(w.sites);
    out.unmet = std::move(w.unmet);
    for (auto& n : w.notes) out.notes.push_back(std::move(n));
    out.timing = std::move(w.timing);
    out.timing.emplace_back("total", t_all.seconds());
    out.summary = layout_summary(out, cfg, base_year);
    return out;
}

}  // namespace lc::app
