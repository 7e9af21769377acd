#include "pipeline/run.hpp"

#include "lc/error.hpp"
#include "pipeline/outputs.hpp"

#include <chrono>
#include <cstdlib>
#include <cstdio>

namespace lc::app {

std::filesystem::path demo_dir() {
    if (const char* env = std::getenv("LIFECIRCLE_DEMO"); env && *env) return env;
    return std::filesystem::path(LC_SOURCE_DIR) / "datasets" / "demo";
}

bool use_demo_inputs(InputConfig& input) {
    const auto dir = demo_dir();
    if (!std::filesystem::exists(dir / "estates.geojson")) return false;
    input.estates = (dir / "estates.geojson").string();
    input.facilities = (dir / "facilities.geojson").string();
    if (std::filesystem::exists(dir / "districts.geojson")) input.districts = (dir / "districts.geojson").string();
    if (std::filesystem::exists(dir / "candidates.geojson")) input.candidates = (dir / "candidates.geojson").string();
    if (input.profile == "national") input.profile = "yinchuan";
    return true;
}

double coverage_threshold(const CoverageConfig& cov, const Standards& standards) {
    if (cov.radius) {
        if (*cov.radius <= 0) throw ArgumentError("--radius: must be positive");
        return *cov.radius;
    }
    const double minutes = cov.minutes.value_or(standards.walking_minutes);
    const double speed = cov.speed.value_or(standards.walking_speed_mps);
    if (minutes <= 0) throw ArgumentError("--minutes: must be positive");
    if (speed <= 0) throw ArgumentError("--speed: must be positive");
    return minutes * 60.0 * speed;
}

namespace {
class Stopwatch {
public:
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

std::string secs(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}
}  // namespace

AuditRun run_audit(InputConfig input, const CoverageConfig& cov, const Progress& progress) {
    input.validate();
    auto say = [&](const std::string& stage, const std::string& msg) {
        if (progress) progress(stage, msg);
    };
    Stopwatch total;
    Profile profile = Profile::load(input.profile, input.overrides);
    Standards standards = profile.resolve(input.year);
    if (input.estates.empty()) throw ArgumentError("--estates is required");
    if (input.facilities.empty()) throw ArgumentError("--facilities is required");

    Stopwatch t_load;
    LoadOptions lo;
    lo.elderly_share_default = standards.elderly_share_default;
    lo.facility_kinds = standards.facility_kinds;
    City city = load_city(input, lo);
    say("load", std::to_string(city.estates.size()) + " estates, " + std::to_string(city.facilities.size()) +
                    " facilities, " + std::to_string(city.districts.size()) + " districts in " +
                    city.working_crs.label() + " (" + secs(t_load.seconds()) + ")");

    const std::string mode = cov.mode.empty() ? (input.network.empty() ? "circle" : "network") : cov.mode;
    if (mode != "circle" && mode != "network") throw ArgumentError("--mode: expected circle or network, got '" + mode + "'");
    if (mode == "network" && input.network.empty()) throw ArgumentError("--mode network needs --network FILE");
    const double threshold = coverage_threshold(cov, standards);
    Stopwatch t_cov;
    CoverageResult coverage;
    if (mode == "circle") {
        coverage = circle_coverage(city, threshold);
    } else {
        if (cov.service_buffer <= 0) throw ArgumentError("--service-buffer: must be positive");
        coverage = network_coverage(city, input.network, threshold, cov, input);
    }
    say("coverage", mode + " mode, threshold " + std::to_string(static_cast<int>(threshold)) + " m (" +
                        secs(t_cov.seconds()) + ")");

    Stopwatch t_audit;
    AuditResult result = audit(city, profile, standards, std::move(coverage), input.facilities);
    say("audit", std::to_string(result.estates_meeting_area) + " of " + std::to_string(result.estates_with_households) +
                     " estates meet the area rule; coverage " + std::to_string(result.coverage_rate * 100).substr(0, 5) +
                     "% (" + secs(t_audit.seconds()) + ")");
    AuditRun run{std::move(profile), std::move(standards), std::move(city), std::move(result), {}};
    run.summary = audit_summary(run.city, run.audit);
    return run;
}

void write_audit_outputs(const AuditRun& run, const std::filesystem::path& dir, geo::Format format) {
    const geo::Crs& data = run.city.working_crs;
    const geo::Crs& out_crs = run.city.estates_crs.empty() ? data : run.city.estates_crs;
    geo::write_layer(dir, estates_layer(run.city, run.audit), format, data, out_crs);
    geo::write_layer(dir, districts_layer(run.city, run.audit), format, data, out_crs);
    geo::write_layer(dir, service_areas_layer(run.city, run.audit.coverage), format, data, out_crs);
    geo::write_text_file(dir / "summary.csv", summary_csv(run.audit));
    geo::write_text_file(dir / "communities.csv", communities_csv(run.audit));
    geo::write_text_file(dir / "streets.csv", streets_csv(run.audit));
    geo::write_text_file(dir / "summary.json", run.summary.dump(2) + "\n");
}

}  // namespace lc::app
