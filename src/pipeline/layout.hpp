// The layout plan (养老服务设施布局规划): phased, multi-level siting of community
// stations, street centres and district institutions on real land parcels, so
// that every target of the profile is met by its year (see docs/layout.md).
//
//   run_layout(plan.before, LayoutConfig) -> LayoutRun
//
// Levels are planned in the order institution -> centre -> station (largest land
// need first, so that the big parcels are not taken by stations; new centres and
// institutions also count for the stations' 15-minute coverage). Each level first
// enlarges existing non-compliant facilities where their land allows, then sites
// new ones on eligible parcels with lc::opt. The long term (last phase) is solved
// first; every earlier phase is a prefix of the long-term sites ranked by the
// shortfall they fix, so phases are nested by construction. Institutions are
// then sized for the need of the phase they are built in and enlarged (a later
// `enlarge` row on the same site) in the phases that need more.
#pragma once

#include "lc/geo/geometry.hpp"
#include "pipeline/run.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lc::app {

/// Planning assumptions of the layout that are not standards figures. The plot
/// ratios come from the profile (layout.station_plot_ratio, layout.centre_plot_ratio;
/// national.toml holds the defaults, settable with --set); the values here are
/// the fallbacks for a profile without them. See docs/layout.md.
struct LayoutAssumptions {
    double station_plot_ratio = 1.0;  ///< building area / land area of a stand-alone station
    double centre_plot_ratio = 1.0;   ///< building area / land area of a street centre
    /// Institutions: land per bed and floor area per bed come from the profile
    /// (facility.institution.land_per_bed_min_m2, min_floor_area_per_bed_m2);
    /// these are the fallbacks when the profile lacks them.
    double institution_land_per_bed_m2 = 18.0;
    double institution_floor_per_bed_m2 = 35.0;
};

/// A station the plan (`plan`, the same run) proposes: the layout builds on it.
struct PlannedStation {
    std::string id;
    std::string name;
    int rank = 0;
    geo::Point point;  ///< working CRS
};

struct LayoutConfig {
    std::string parcels;              ///< PATH[:LAYER] of the land parcels (polygons)
    /// The plan's proposed stations, by rank: a free parcel under one becomes
    /// its station (plan_site); one on no free parcel (a ground floor, a park
    /// building) gets a note, and the layout covers its estates with parcels.
    std::vector<PlannedStation> planned;
    std::vector<int> phases;          ///< strictly increasing years; empty = base+5, base+15
    std::optional<double> elderly_growth;  ///< per year, compounding from the base year
    std::string projection;           ///< CSV district,year,elderly (instead of the growth rate)
    std::optional<double> phase_budget;  ///< construction yuan per phase (--phase-budget); none = no limit
    LayoutAssumptions assumptions;

    /// Cross-field rules (throws lc::ArgumentError).
    void validate() const;
};

/// "2025,2035" -> {2025, 2035}; throws lc::ArgumentError unless the years are
/// whole numbers in 1900..2100, strictly increasing.
std::vector<int> parse_phases(const std::string& text);

/// A land parcel: a candidate site for any level.
struct Parcel {
    std::string id;
    std::string land_use;     ///< vacant | convertible | public_service (canonical)
    std::string land_use_raw; ///< as given
    double area_m2 = 0;       ///< the `area` field
    bool eligible = false;    ///< land use allows elderly-service facilities
    geo::Geometry geometry;   ///< working CRS
    geo::Point point;         ///< point-on-surface
    std::size_t district = SIZE_MAX;  ///< index into the layout's districts
    std::string street;       ///< street of the nearest estate
    std::string community;    ///< community of the nearest estate
};

/// Reads and validates the parcels layer in the city's working CRS. Errors
/// (lc::InputError, naming file, layer, feature and field): missing id, area
/// or land use; area not positive; not a polygon; overlapping an estate or
/// another parcel.
std::vector<Parcel> load_parcels(const std::string& source, const InputConfig& input, const City& city);
/// The same checks on a layer already in the working CRS (e.g. osm_parcels()).
std::vector<Parcel> load_parcels(const geo::VectorLayer& layer, const InputConfig& input, const City& city);

/// The level of a layout row or target (一社区一站点、一镇街一中心、一区县一院; land:
/// per-capita land). Declared in planning order: stations first, so the enum's
/// order is the order of plan_sites within a phase.
enum class Level { station, centre, institution, land };
/// What a layout row does: build a new facility on a parcel, enlarge one, or
/// reserve land (预留养老用地).
enum class SiteAction { build, enlarge, land_reserve };

/// "station", "centre", "institution", "land".
[[nodiscard]] std::string_view to_string(Level level);
/// "new", "enlarge", "land_reserve" (the plan_sites `action` field).
[[nodiscard]] std::string_view to_string(SiteAction action);
/// The inverse of to_string; throws lc::ArgumentError naming the valid values.
[[nodiscard]] Level parse_level(std::string_view text);
[[nodiscard]] SiteAction parse_site_action(std::string_view text);

/// One row of plan_sites: a new facility on a parcel, or an enlargement.
struct LayoutSite {
    std::string id;            ///< L001...
    Level level = Level::station;
    int phase = 0;             ///< the year it is built by
    SiteAction action = SiteAction::build;
    std::string parcel_id;     ///< parcel of a new site, or the parcel an enlargement grows onto
    std::string facility_id;   ///< the enlarged facility, or the first row (L...) of an enlarged planned site; "" for a new site
    double building_area_m2 = 0;
    double land_area_m2 = 0;
    /// Land already counted before this row: an enlarged facility's own land, or
    /// the land of the row before it on the same site (land_area_m2 - base_land_m2
    /// is what this row adds).
    double base_land_m2 = 0;
    double beds = 0;
    double nursing_beds = 0;
    std::vector<std::string> serves;  ///< estates (stations), street (centres), district (institutions)
    std::string plan_site;     ///< the plan's proposed site this station realises ("" = the layout's own)
    std::string district;      ///< district id
    std::string reason;
    double gain = 0;           ///< what it fixes (elderly covered, beds, ...) for ranking
    geo::Point point;
    std::vector<int> deferred_from;  ///< phase years whose --phase-budget pushed the row out, in order
};

/// The plan_sites `term` of phase `k` of `n`: "near" for the first, "long" for
/// the last, "mid" between (a single phase is "near").
[[nodiscard]] std::string_view phase_term(std::size_t k, std::size_t n);
/// The term of the phase with year `year` ("" when it is not one of `phases`).
[[nodiscard]] std::string_view phase_term(int year, const std::vector<int>& phases);

/// Yuan in total and by payer (region, city, district, unspecified: the part the
/// city's document gives no payer for). Only payers with a part are present.
struct Money {
    double total = 0;
    std::map<std::string, double> by_payer;
    void add(const Money& m) {
        total += m.total;
        for (const auto& [p, v] : m.by_payer) by_payer[p] += v;
    }
};

/// What one row of the plan costs (plan_costs.csv): the building it adds, at the
/// profile's cost per m² (a planning assumption), and the city's subsidies it
/// would draw (subsidy.*) if its operator qualifies.
struct SiteCost {
    std::string site_id;      ///< L001... (plan_sites), D001... (deferred beyond the plan)
    Level level = Level::station;
    SiteAction action = SiteAction::build;
    int phase = 0;            ///< 0: deferred beyond the plan
    std::string where;        ///< parcel or facility
    double building_area_m2 = 0;  ///< building area this row adds
    double beds = 0;              ///< beds this row adds
    double construction_yuan = 0;
    Money subsidy;                ///< one-off subsidies
    Money operating_per_year;     ///< operating subsidies a year, once built
    std::vector<std::string> items;  ///< e.g. "subsidy.institution.new_bed × 120"
    double elderly_served = 0;    ///< --phase-budget's gain: elderly the row serves
};

/// One phase's costs, or the plan's total (year 0, term "total").
struct PhaseCost {
    int year = 0;
    std::string term;
    double building_area_m2 = 0;
    double beds = 0;
    double construction_yuan = 0;
    Money subsidy;
    Money operating_per_year;  ///< of every subsidised site built by then
    int sites = 0;
};

/// A row a phase's --phase-budget could not pay for.
struct DeferredSite {
    std::string site_id;
    Level level = Level::station;
    SiteAction action = SiteAction::build;
    std::string where;
    int from = 0;  ///< the phase year whose budget deferred it
    int to = 0;    ///< the phase year it is built in; 0 = deferred beyond the plan
    double construction_yuan = 0;
    double elderly_served = 0;
};

/// A subsidy item of the profile that the estimate applies (or lists).
struct SubsidyUsed {
    std::string key;      ///< e.g. subsidy.institution.new_bed
    std::string unit;     ///< bed | bed-year | site | site-year
    double yuan = 0;
    std::map<std::string, double> parts;  ///< payer -> yuan (empty: payer unspecified)
    std::string source;
    std::string note;
};

/// The cost and subsidy estimate of the layout plan (summary.json `costs`,
/// plan_costs.csv, the report's cost section).
struct LayoutCosts {
    std::map<Level, double> yuan_per_m2;  ///< station, centre, institution (planning assumptions)
    std::map<Level, std::string> basis;   ///< the source of each cost figure
    std::optional<double> phase_budget;
    std::vector<SiteCost> sites;          ///< plan_sites order, then the rows beyond the plan
    std::vector<PhaseCost> phases;
    PhaseCost total;                      ///< the plan's phases (not the rows beyond it)
    std::vector<DeferredSite> deferred;   ///< by phase year, then as deferred
    std::vector<SubsidyUsed> subsidies;
    std::optional<int> operating_years;   ///< subsidy.institution.operating_years
    std::vector<std::string> notes;
};

/// A target the plan could not meet with the parcels.
struct LayoutUnmet {
    int phase = 0;
    Level level = Level::station;
    std::string target;     ///< coverage_15min | community_station | street_centre | public_beds | land_per_capita | phase_budget
    std::string where;      ///< estate, community, street or district
    double shortfall = 0;
    std::string unit;
    std::string reason;
};

/// Per district and phase (index 0 = today), one figure against its target.
struct LayoutFigure {
    std::string target;     ///< key, e.g. coverage_15min
    std::string unit;
    std::vector<double> value;     ///< today, then one per phase
    std::vector<double> required;  ///< the target per column (NaN when the profile has none)
};

struct LayoutDistrict {
    std::string id;
    std::string name;
    double population = 0;
    std::vector<double> elderly;  ///< today, then one per phase
    std::vector<LayoutFigure> figures;
};

struct LayoutRun {
    int base_year = 0;
    std::vector<int> phases;
    std::vector<Parcel> parcels;
    std::vector<LayoutSite> sites;   ///< in phase order, then level order
    std::vector<LayoutSite> beyond;  ///< rows --phase-budget deferred beyond the last phase (ids D001...)
    LayoutCosts costs;
    std::vector<LayoutUnmet> unmet;
    std::vector<LayoutDistrict> districts;
    LayoutAssumptions assumptions;
    std::vector<std::string> notes;
    std::vector<std::pair<std::string, double>> timing;  ///< "level phase" -> seconds
    nlohmann::json summary;
};

/// Plans the layout on an audited city.
LayoutRun run_layout(const AuditRun& run, const InputConfig& input, const CoverageConfig& cov, const LayoutConfig& cfg,
                     const Progress& progress = {});

/// plan_sites through `out` (layer_writer.hpp), plan_districts.csv,
/// plan_unmet.csv and plan_costs.csv into its folder. `lang`: the language of the CSV tables
/// (English keys for "en", Chinese headers and words for "zh"; docs/language.md).
void write_layout_outputs(const LayoutRun& layout, LayerWriter& out, const std::string& lang = "en");

/// plan_districts.csv text (UTF-8 with BOM).
std::string plan_districts_csv(const LayoutRun& layout, const std::string& lang = "en");

/// plan_costs.csv text (UTF-8 with BOM): a row per site, per phase and the total.
std::string plan_costs_csv(const LayoutRun& layout, const std::string& lang = "en");

/// summary.json `costs` of a layout plan.
nlohmann::json costs_summary(const LayoutCosts& costs);

}  // namespace lc::app
