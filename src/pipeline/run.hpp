// The library entry points behind the commands: load -> coverage -> audit ->
// outputs. The CLI binds options into the configs and calls one of these.
#pragma once

#include "pipeline/audit.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"
#include "pipeline/coverage.hpp"
#include "pipeline/population.hpp"
#include "standards/profile.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace lc::app {

class LayerWriter;

/// The embedded demo city: $LIFECIRCLE_DEMO, else data_dir()/demo (standards/data_dir.hpp;
/// the build tree links it to datasets/demo).
std::filesystem::path demo_dir();

/// Why no demo was found, for an error message: "no DIR/estates.geojson; set
/// LIFECIRCLE_DEMO or LIFECIRCLE_DATA" (DIR as demo_dir() gives it).
std::string demo_missing_hint();

/// Fills the inputs with the demo city's layers, its walking network unless
/// --network names another (and the Yinchuan profile when the profile was left
/// at its default). Returns false when no demo is found.
bool use_demo_inputs(InputConfig& input);

/// Progress messages ("stage: what (1.2 s)"); empty = silent.
using Progress = std::function<void(const std::string& stage, const std::string& message)>;

struct AuditRun {
    Profile profile;
    Standards standards;
    City city;
    AuditResult audit;
    nlohmann::json summary;
};

/// Fills result.walking_groups (and walking_minutes) from the profile's walking
/// groups, on result.coverage's mode and network (walking_groups.hpp). With
/// `prior`: the groups of an earlier audit whose facilities are the first
/// `prior_facilities` of `city`'s (measure_walking_groups).
void measure_groups(AuditResult& result, const City& city, const Standards& standards, const CoverageConfig& cov,
                    const std::vector<GroupCoverage>* prior = nullptr, std::size_t prior_facilities = 0);

/// The coverage threshold: --radius, else --minutes x --speed, else the profile's.
double coverage_threshold(const CoverageConfig& cov, const Standards& standards);

/// Coverage in the run's mode: circle, or network when --network is given
/// (or --mode says so), with the threshold of coverage_threshold().
CoverageResult measure_coverage(const City& city, const InputConfig& input, const CoverageConfig& cov,
                                const Standards& standards);

/// Loads the profile and the layers, measures coverage and audits.
AuditRun run_audit(InputConfig input, const CoverageConfig& cov, const Progress& progress = {});

struct CoverageRun {
    Profile profile;
    Standards standards;
    City city;  ///< estates may be empty (population-only runs)
    CoverageResult coverage;
    std::optional<PopulationLayer> population;
    std::optional<PopulationResult> population_result;
    nlohmann::json summary;
};

/// The `coverage` command: service areas and who they reach (estates and/or a
/// population layer), with threshold sensitivity and circle/walk disagreements.
CoverageRun run_coverage(InputConfig input, const CoverageConfig& cov, const Progress& progress = {});

/// Writes service_areas, estates (coverage fields; + estates.csv) and population
/// layers through `out` (layer_writer.hpp) and summary.json into its folder.
void write_coverage_outputs(const CoverageRun& run, LayerWriter& out);

/// Coverage figures of estates shared by audit and coverage summaries: rates by
/// threshold (--thresholds) and the estates inside the circle but beyond the walk.
/// `population_result` is `population`'s coverage at the main threshold, already
/// measured: its row takes it as it is.
nlohmann::json coverage_extras(const City& city, const CoverageResult& coverage, const CoverageConfig& cov,
                               const PopulationLayer* population, const PopulationResult* population_result = nullptr);

/// Writes the audit's layers through `out` (layer_writer.hpp; estates.csv and
/// districts.csv beside them) and its tables into out's folder. `lang`: the
/// language of the CSV tables (summary_csv).
void write_audit_outputs(const AuditRun& run, LayerWriter& out, const std::string& lang = "en");

}  // namespace lc::app
