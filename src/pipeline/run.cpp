#include "pipeline/run.hpp"

#include "lc/error.hpp"
#include "pipeline/layer_writer.hpp"
#include "pipeline/open_data.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/timing.hpp"
#include "standards/data_dir.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <cstdlib>
#include <cstdio>

namespace lc::app {

std::filesystem::path demo_dir() {
    auto dir = data_subdir("demo", "LIFECIRCLE_DEMO");
    // The demo's paths reach messages, summary.json and the report: relative to
    // the working directory when the demo lies below it (the README runs from
    // the repository root), so the demo's outputs are the same on every machine.
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (!ec) {
        auto rel = dir.lexically_relative(cwd);
        if (!rel.empty() && *rel.begin() != "..") return rel;
    }
    return dir;
}

std::string demo_missing_hint() {
    return "no " + (demo_dir() / "estates.geojson").string() + "; LIFECIRCLE_DEMO or LIFECIRCLE_DATA name another folder";
}

bool use_demo_inputs(InputConfig& input) {
    const auto dir = demo_dir();
    if (!std::filesystem::exists(dir / "estates.geojson")) return false;
    input.estates = (dir / "estates.geojson").string();
    input.facilities = (dir / "facilities.geojson").string();
    if (std::filesystem::exists(dir / "districts.geojson")) input.districts = (dir / "districts.geojson").string();
    if (std::filesystem::exists(dir / "candidates.geojson")) input.candidates = (dir / "candidates.geojson").string();
    // The demo has a walking network: every command measures over it (one
    // coverage figure for the city, whichever command asks), unless --network
    // names another or --mode circle asks for straight lines.
    if (input.network.empty() && std::filesystem::exists(dir / "network.osm")) input.network = (dir / "network.osm").string();
    if (input.profile == "national") input.profile = "yinchuan";
    return true;
}

double coverage_threshold(const CoverageConfig& cov, const Standards& standards) {
    cov.validate();
    if (cov.radius) return *cov.radius;
    const double minutes = cov.minutes.value_or(standards.walking_minutes);
    const double speed = cov.speed.value_or(standards.walking_speed_mps);
    if (!(minutes > 0) || !(speed > 0)) {  // only a profile can get here: the options are checked by validate()
        throw ArgumentError("coverage: the profile's walking.minutes and walking.speed_mps must be positive (or give --radius)");
    }
    return minutes * 60.0 * speed;
}

CoverageResult measure_coverage(const City& city, const InputConfig& input, const CoverageConfig& cov,
                                const Standards& standards) {
    const CoverageMode mode = cov.mode.empty() ? (input.network.empty() ? CoverageMode::circle : CoverageMode::network)
                                               : parse_coverage_mode(cov.mode);
    if (mode == CoverageMode::network && input.network.empty()) throw ArgumentError("--mode network needs --network FILE");
    const double threshold = coverage_threshold(cov, standards);
    if (mode == CoverageMode::circle) return circle_coverage(city, threshold);
    return network_coverage(city, input.network, threshold, cov, input);
}

void measure_groups(AuditResult& result, const City& city, const Standards& standards, const CoverageConfig& cov,
                    const std::vector<GroupCoverage>* prior, std::size_t prior_facilities) {
    if (cov.no_walking_groups) return;
    result.walking_minutes = group_minutes(cov, standards);
    result.walking_groups =
        measure_walking_groups(city, result.coverage, result.access.city, standards, cov, prior, prior_facilities);
}

AuditRun run_audit(InputConfig input, const CoverageConfig& cov, const Progress& progress) {
    input.validate();
    auto say = [&](const std::string& stage, const std::string& msg) {
        if (progress) progress(stage, msg);
    };
    Stopwatch total;
    Profile profile = Profile::load(input.profile, input.overrides);
    Standards standards = profile.resolve(input.year);
    if (input.estates.empty() && input.from_osm.empty()) throw ArgumentError("--estates (or --from-osm) is required");
    if (input.facilities.empty() && input.from_osm.empty()) throw ArgumentError("--facilities (or --from-osm) is required");

    Stopwatch t_load;
    LoadOptions lo;
    lo.elderly_share_default = standards.elderly_share_default;
    lo.household_size = standards.household_size;
    lo.floor_area_per_person = standards.floor_area_per_person;
    lo.facility_kinds = standards.facility_kinds;
    City city = load_city(input, lo);
    input.check_global_fields();
    say("load", count_of(city.estates.size(), "estate") + ", " + count_of(city.facilities.size(), "facility", "facilities") +
                    ", " + count_of(city.districts.size(), "district") + " in " +
                    city.working_crs.label() + " (" + format_seconds(t_load.seconds()) + ")");

    Stopwatch t_cov;
    CoverageResult coverage = measure_coverage(city, input, cov, standards);
    const CoverageMode mode = coverage.mode;
    const double threshold = coverage.threshold_m;
    say("coverage", std::string(to_string(mode)) + " mode, threshold " + format_number(threshold, 0) + " m (" + format_seconds(t_cov.seconds()) + ")");

    Stopwatch t_audit;
    AuditResult result = audit(city, profile, standards, std::move(coverage), input.facilities);
    measure_groups(result, city, standards, cov);
    say("audit", std::to_string(result.estates_meeting_area) + " of " + std::to_string(result.estates_with_households) +
                     " estates meet the area rule; coverage " + std::to_string(result.coverage_rate * 100).substr(0, 5) +
                     "% (" + format_seconds(t_audit.seconds()) + ")");
    AuditRun run{std::move(profile), std::move(standards), std::move(city), std::move(result), {}};
    run.summary = audit_summary(run.city, run.audit);
    const nlohmann::json extras = coverage_extras(run.city, run.audit.coverage, cov, nullptr);
    for (auto it = extras.begin(); it != extras.end(); ++it) run.summary[it.key()] = it.value();
    if (!run.audit.coverage.network_stats.is_null()) run.summary["network"] = run.audit.coverage.network_stats;
    return run;
}

void write_audit_outputs(const AuditRun& run, LayerWriter& out, const std::string& lang) {
    const std::filesystem::path& dir = out.dir();
    out.write(estates_layer(run.city, run.audit), LayerSpec().with_table());
    out.write(districts_layer(run.city, run.audit), LayerSpec(LayerGroup::top).with_table());
    out.write(service_areas_layer(run.city, run.audit.coverage));
    if (!run.audit.walking_groups.empty()) {
        out.write(service_areas_groups_layer(run.city, run.audit.coverage, run.audit.walking_groups),
                  LayerSpec().styled("service_areas"));
    }
    geo::write_text_file(dir / "summary.csv", summary_csv(run.audit, lang));
    geo::write_text_file(dir / "communities.csv", communities_csv(run.audit, lang));
    geo::write_text_file(dir / "streets.csv", streets_csv(run.audit, lang));
    geo::write_text_file(dir / "summary.json", run.summary.dump(2) + "\n");
}

}  // namespace lc::app

namespace lc::app {

namespace {

/// One row of the --thresholds table: the facilities' coverage at `t`, by the
/// headline's measure (area share; population features likewise).
nlohmann::json threshold_row(const City& city, const CoverageResult& coverage, double t, const CoverageConfig& cov,
                             const PopulationLayer* population, const PopulationResult* population_result) {
    const bool own = t == coverage.threshold_m;
    const CoverageResult other = own ? CoverageResult{} : coverage_at(city, coverage, t, cov);
    const CoverageResult& at = own ? coverage : other;
    double total = 0, covered = 0;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        total += city.estates[i].elderly;
        covered += city.estates[i].elderly * at.estates[i].covered_share;
    }
    nlohmann::json row{{"threshold_m", t},
                       {"elderly_covered", round6(covered)},
                       {"coverage_rate", round6(total > 0 ? covered / total : 0.0)}};
    if (population) {
        std::optional<PopulationResult> measured;
        if (!own || !population_result) measured = population_coverage(city, at, *population, cov);
        const PopulationResult& p = measured ? *measured : *population_result;
        row["population_covered"] = round6(p.covered);
        row["population_rate"] = round6(p.rate());
    }
    return row;
}

}  // namespace

nlohmann::json coverage_extras(const City& city, const CoverageResult& coverage, const CoverageConfig& cov,
                               const PopulationLayer* population, const PopulationResult* population_result) {
    nlohmann::json j = nlohmann::json::object();
    std::vector<double> thresholds = cov.thresholds;
    if (!thresholds.empty()) {
        thresholds.push_back(coverage.threshold_m);
        std::sort(thresholds.begin(), thresholds.end());
        thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
        for (double t : thresholds) {
            if (!(t > 0)) throw ArgumentError("--thresholds: every threshold must be positive");
        }
        nlohmann::json rows = nlohmann::json::array();
        for (double t : thresholds) rows.push_back(threshold_row(city, coverage, t, cov, population, population_result));
        j["thresholds"] = rows;
        j["thresholds_note"] = "as the headline: each estate's elderly times the share of its area inside the "
                               "service areas at that threshold";
    }
    if (coverage.mode == CoverageMode::network) {
        nlohmann::json list = nlohmann::json::array();
        for (std::size_t i = 0; i < city.estates.size() && i < coverage.estates.size(); ++i) {
            const DemandCoverage& c = coverage.estates[i];
            if (c.straight_m <= coverage.threshold_m && !c.covered) {
                list.push_back({{"id", city.estates[i].id},
                                {"name", city.estates[i].name},
                                {"straight_m", round6(c.straight_m)},
                                {"walk_m", std::isfinite(c.nearest_m) ? nlohmann::json(round6(c.nearest_m))
                                                                       : nlohmann::json(nullptr)},
                                {"elderly", round6(city.estates[i].elderly)}});
            }
        }
        j["inside_circle_beyond_walk"] = list;
    }
    return j;
}

CoverageRun run_coverage(InputConfig input, const CoverageConfig& cov, const Progress& progress) {
    input.validate();
    auto say = [&](const std::string& stage, const std::string& msg) {
        if (progress) progress(stage, msg);
    };
    Profile profile = Profile::load(input.profile, input.overrides);
    Standards standards = profile.resolve(input.year);
    if (input.facilities.empty() && input.from_osm.empty()) throw ArgumentError("--facilities (or --from-osm) is required");
    if (input.estates.empty() && input.population.empty() && input.from_osm.empty()) {
        throw ArgumentError("--estates or --population is required");
    }
    Stopwatch t_load;
    LoadOptions lo;
    lo.elderly_share_default = standards.elderly_share_default;
    lo.household_size = standards.household_size;
    lo.floor_area_per_person = standards.floor_area_per_person;
    lo.facility_kinds = standards.facility_kinds;
    lo.require_kind = false;
    City city = load_city(input, lo);
    std::optional<PopulationLayer> population;
    if (!input.population.empty()) population = load_population(input, city.working_crs);
    else if (city.raster && !city.raster->outside.empty()) population = outside_population(city);
    input.check_global_fields();
    say("load", count_of(city.estates.size(), "estate") + ", " + count_of(city.facilities.size(), "facility", "facilities") +
                    (population ? ", " + count_of(population->features.size(), "population feature") : "") +
                    " in " + city.working_crs.label() + " (" + format_seconds(t_load.seconds()) + ")");

    Stopwatch t_cov;
    CoverageResult coverage = measure_coverage(city, input, cov, standards);
    const CoverageMode mode = coverage.mode;
    const double threshold = coverage.threshold_m;
    std::optional<PopulationResult> pop_result;
    if (population) pop_result = population_coverage(city, coverage, *population, cov);
    say("coverage", std::string(to_string(mode)) + " mode, threshold " + format_number(threshold, 0) + " m (" + format_seconds(t_cov.seconds()) + ")");

    nlohmann::json j;
    j["profile"] = standards.profile;
    j["year"] = standards.year;
    j["mode"] = to_string(mode);
    j["threshold_m"] = round6(threshold);
    j["crs"] = city.working_crs.label();
    j["working_crs"] = city.working_crs.label();
    j["crs_reason"] = city.working_crs_reason;
    j["estates"] = city.estates.size();
    j["facilities"] = city.facilities.size();
    double total = 0, covered = 0;
    std::size_t covered_points = 0;
    std::map<std::string, std::pair<double, double>> by_district, by_street;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        const double c = e.elderly * coverage.estates[i].covered_share;
        total += e.elderly;
        covered += c;
        covered_points += coverage.estates[i].covered ? 1 : 0;
        if (!e.district.empty()) {
            by_district[e.district].first += e.elderly;
            by_district[e.district].second += c;
        }
        if (!e.street.empty()) {
            by_street[e.street].first += e.elderly;
            by_street[e.street].second += c;
        }
    }
    j["elderly_total"] = round6(total);
    j["elderly_covered"] = round6(covered);
    j["coverage_rate"] = round6(total > 0 ? covered / total : 0.0);
    j["estates_covered"] = covered_points;
    auto groups = [](const std::map<std::string, std::pair<double, double>>& m, const char* key) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& [name, v] : m) {
            a.push_back({{key, name},
                         {"elderly", round6(v.first)},
                         {"elderly_covered", round6(v.second)},
                         {"coverage_rate", round6(v.first > 0 ? v.second / v.first : 0.0)}});
        }
        return a;
    };
    j["coverage_by_district"] = groups(by_district, "district");
    j["coverage_by_street"] = groups(by_street, "street");
    if (population) {
        j["population_source"] = population->source;
        j["population_kind"] = population->kind;
        j["population_features"] = population->features.size();
        j["population_total"] = round6(pop_result->total);
        j["population_covered"] = round6(pop_result->covered);
        j["population_coverage_rate"] = round6(pop_result->rate());
        std::size_t uncovered = 0;
        for (const auto& c : pop_result->coverage) uncovered += c.covered ? 0 : 1;
        j["population_features_uncovered"] = uncovered;
        if (mode == CoverageMode::network) j["population_features_unsnapped"] = pop_result->unsnapped;
    }
    const nlohmann::json extras =
        coverage_extras(city, coverage, cov, population ? &*population : nullptr, pop_result ? &*pop_result : nullptr);
    for (auto it = extras.begin(); it != extras.end(); ++it) j[it.key()] = it.value();
    if (!coverage.network_stats.is_null()) j["network"] = coverage.network_stats;
    if (mode == CoverageMode::network) {
        j["estates_unsnapped"] = coverage.unsnapped_estates;
        j["facilities_unsnapped"] = coverage.unsnapped_facilities;
    }
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& w : city.warnings) warnings.push_back(w);
    if (population) {
        for (const auto& w : population->warnings) warnings.push_back(w);
    }
    for (const auto& w : coverage.warnings) warnings.push_back(w);
    if (pop_result) {
        for (const auto& w : pop_result->warnings) warnings.push_back(w);
    }
    j["warnings"] = warnings;
    add_open_data(j, city);
    CoverageRun run{std::move(profile), std::move(standards), std::move(city), std::move(coverage),
                    std::move(population), std::move(pop_result), std::move(j)};
    return run;
}

void write_coverage_outputs(const CoverageRun& run, LayerWriter& out) {
    out.write(service_areas_layer(run.city, run.coverage));
    if (!run.city.estates.empty()) {
        using geo::FieldType;
        using geo::Value;
        geo::OutLayer layer;
        layer.name = "estates";
        layer.fields = {{"id", FieldType::string},         {"name", FieldType::string},
                        {"elderly", FieldType::integer},   {"nearest_m", FieldType::real},
                        {"nearest_facility", FieldType::string}, {"straight_m", FieldType::real},
                        {"covered", FieldType::integer},   {"covered_share", FieldType::real},
                        {"covered_elderly", FieldType::real}};
        for (std::size_t i = 0; i < run.city.estates.size(); ++i) {
            const Estate& e = run.city.estates[i];
            const DemandCoverage& c = run.coverage.estates[i];
            geo::Feature f;
            f.geometry = e.geometry.clone();
            f.values = {Value{e.id},
                        Value{e.name},
                        Value{static_cast<std::int64_t>(std::llround(e.elderly))},
                        std::isfinite(c.nearest_m) ? Value{round6(c.nearest_m)} : Value{},
                        Value{c.nearest_facility},
                        std::isfinite(c.straight_m) ? Value{round6(c.straight_m)} : Value{},
                        Value{std::int64_t{c.covered ? 1 : 0}},
                        Value{round6(c.covered_share)},
                        Value{round6(e.elderly * c.covered_share)}};
            layer.features.push_back(std::move(f));
        }
        out.write(layer, LayerSpec().styled("coverage_estates").with_table());
    }
    if (run.population) out.write(population_out_layer(*run.population, *run.population_result));
    geo::write_text_file(out.dir() / "summary.json", run.summary.dump(2) + "\n");
}

}  // namespace lc::app
