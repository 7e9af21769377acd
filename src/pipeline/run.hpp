// The library entry points behind the commands: load -> coverage -> audit ->
// outputs. The CLI binds options into the configs and calls one of these.
#pragma once

#include "pipeline/audit.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"
#include "pipeline/coverage.hpp"
#include "standards/profile.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace lc::app {

/// The embedded demo city (datasets/demo of the source tree, or $LIFECIRCLE_DEMO).
std::filesystem::path demo_dir();

/// Fills the inputs with the demo city's layers (and the Yinchuan profile when
/// the profile was left at its default). Returns false when no demo is found.
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

/// The coverage threshold: --radius, else --minutes x --speed, else the profile's.
double coverage_threshold(const CoverageConfig& cov, const Standards& standards);

/// Loads the profile and the layers, measures coverage and audits.
AuditRun run_audit(InputConfig input, const CoverageConfig& cov, const Progress& progress = {});

/// Writes the audit's layers and tables into `dir` (an OutputDir's folder).
void write_audit_outputs(const AuditRun& run, const std::filesystem::path& dir, geo::Format format);

}  // namespace lc::app
