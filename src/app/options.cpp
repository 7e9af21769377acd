#include "app/options.hpp"

#include "lc/error.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/run.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>
#include <iostream>
#include <limits>

namespace lc::app {
namespace {

/// A parse error whose text is complete ("--radius nan: must be ..."); CLI11's
/// ValidationError would put the option's name in front a second time.
class OptionValueError : public CLI::ParseError {
public:
    explicit OptionValueError(const std::string& msg)
        : ParseError("OptionValueError", msg, CLI::ExitCodes::ValidationError) {}
};

/// A CLI11 check running `check` on the raw text of each value (each item of a
/// list) as it is parsed, before any conversion; its lc::ArgumentError becomes
/// the parse error, message unchanged.
CLI::Validator argument_check(std::function<void(const std::string&)> check, const std::string& description) {
    return CLI::Validator(
        [check = std::move(check)](std::string& text) -> std::string {
            try {
                check(text);
            } catch (const ArgumentError& e) {
                throw OptionValueError(e.what());
            }
            return {};
        },
        description);
}

CLI::Validator number_check(const std::string& flag, const NumberRange& range) {
    return argument_check([flag, range](const std::string& text) { (void)parse_number_arg(flag, text, range); },
                          range.bounds());
}

template <class T>
CLI::Option* add_checked(CLI::App& app, const std::string& flag, T& value, const NumberRange& range,
                         const std::string& help) {
    return app.add_option(flag, value, help)->check(number_check(flag, range));
}

/// `r` for an integer option of type T: whole numbers, within T's limits.
template <class T>
NumberRange whole(NumberRange r) {
    r.whole = true;
    r.min = std::max<long double>(r.min, static_cast<long double>(std::numeric_limits<T>::min()));
    r.type_max = static_cast<long double>(std::numeric_limits<T>::max());
    return r;
}

}  // namespace

CLI::Option* add_number(CLI::App& app, const std::string& flag, double& value, const NumberRange& range,
                        const std::string& help) {
    return add_checked(app, flag, value, range, help)->capture_default_str();
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<double>& value, const NumberRange& range,
                        const std::string& help) {
    return add_checked(app, flag, value, range, help);
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::vector<double>& value, const NumberRange& range,
                        const std::string& help) {
    return add_checked(app, flag, value, range, help);
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, int& value, NumberRange range, const std::string& help) {
    return add_checked(app, flag, value, whole<int>(range), help);
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<int>& value, NumberRange range,
                        const std::string& help) {
    return add_checked(app, flag, value, whole<int>(range), help);
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<std::size_t>& value, NumberRange range,
                        const std::string& help) {
    return add_checked(app, flag, value, whole<std::size_t>(range), help);
}
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::uint64_t& value, NumberRange range,
                        const std::string& help) {
    return add_checked(app, flag, value, whole<std::uint64_t>(range), help)->capture_default_str();
}

void add_input_options(CLI::App& app, InputConfig& cfg) {
    app.add_option("--estates", cfg.estates, "Residential estates, PATH[:LAYER] (polygons or points)");
    app.add_option("--facilities", cfg.facilities, "Elderly-service facilities, PATH[:LAYER]");
    app.add_option("--districts", cfg.districts, "District polygons, PATH[:LAYER] (optional)");
    app.add_option("--population", cfg.population, "Population polygons, points or raster (optional)");
    app.add_option("--network", cfg.network, "Walking network: OSM .osm/.osm.pbf or a line layer (optional)");
    app.add_option("--candidates", cfg.candidates, "Candidate sites, PATH[:LAYER] (optional)");
    app.add_option("--entrances", cfg.entrances, "Estate entrance points, PATH[:LAYER] (optional)");
    app.add_option("--profile", cfg.profile, "Standards profile (see 'lifecircle profiles')")->capture_default_str();
    add_number(app, "--year", cfg.year, NumberRange::whole_between(1990, 2100), "Planning year for year-dependent targets");
    app.add_option("--field", cfg.field_args, "Map an input field: ROLE=NAME or LAYER.ROLE=NAME (repeatable)")
        ->check(argument_check([](const std::string& arg) { (void)parse_field_arg(arg); }, ""));
    app.add_option("--set", cfg.set_args, "Override a profile value: KEY=VALUE (repeatable)");
    app.add_option("--crs", cfg.crs,
                   "Working CRS, e.g. EPSG:4544 (default: the estates' CRS if metric; CGCS2000 estates: their "
                   "3-degree Gauss-Kruger zone; else UTM)");
    app.add_option("--assume-crs", cfg.assume_crs, "CRS for layers that carry none");
    app.add_option("--encoding", cfg.encoding, "Attribute encoding of shapefiles without .cpg, e.g. GBK")
        ->check(argument_check(check_encoding, ""));
    app.add_flag("--strict", cfg.strict, "Treat invalid geometries as errors instead of repairing them");
    app.add_option("--missing", cfg.missing, "Facilities without building area: error | zero | skip")
        ->capture_default_str();
    app.add_option("--from-osm", cfg.from_osm,
                   "An OpenStreetMap file (.osm.pbf, .osm): estates from landuse=residential areas, elderly-care "
                   "facilities, districts and the walking network, for the layers not given (docs/open-data.md)");
    app.add_option("--elderly-raster", cfg.elderly_raster,
                   "Residents aged 60+ per cell (e.g. WorldPop): estates' elderly by areal weighting, population and "
                   "households estimated from the profile");
    app.add_option("--population-raster", cfg.population_raster,
                   "Residents per cell: estates' population by areal weighting, elderly and households estimated "
                   "from the profile");
    app.add_flag("--population-from-buildings", cfg.population_from_buildings,
                 "With --from-osm: estates' population from their residential floor area (footprint x "
                 "building:levels) / the profile's floor area per person; elderly and households estimated");
    app.add_option("--coord-offset", cfg.coord_offset_args,
                   "A layer's lon/lat are web-map GCJ-02 or BD-09, undone first: LAYER=gcj02|bd09 (repeatable)");
}

void add_output_options(CLI::App& app, OutputConfig& cfg) {
    app.add_option("--out", cfg.out, "Output folder, or PG:<connection> to write a PostGIS schema")
        ->each([&cfg](const std::string&) { cfg.out_given = true; });  // tells --out '' from no --out
    app.add_option("--out-schema", cfg.out_schema,
                   "With --out PG:...: the schema receiving the tables (created if missing, replaced on re-runs)");
    app.add_option("--format", cfg.format, "Layer format: geojson | gpkg | shp")->capture_default_str();
    app.add_option("--out-crs", cfg.out_crs,
                   "CRS of the written layers, e.g. EPSG:4490 (default: GeoJSON in WGS 84 per RFC 7946; GeoPackage, "
                   "Shapefile and PostGIS in the estates' CRS)");
    app.add_flag("--quiet", cfg.quiet, "No progress messages on stderr");
    app.add_flag("--json", cfg.json, "Print the summary JSON on stdout");
}

void add_coverage_options(CLI::App& app, CoverageConfig& cfg) {
    app.add_option("--mode", cfg.mode, "circle | network (default: network when --network is given)");
    add_number(app, "--radius", cfg.radius, NumberRange::positive(),
               "Service radius in metres (default: profile minutes x speed)");
    add_number(app, "--minutes", cfg.minutes, NumberRange::positive(), "Walking minutes (default from the profile)");
    add_number(app, "--speed", cfg.speed, NumberRange::positive(), "Walking speed in m/s (default from the profile)");
    add_number(app, "--max-snap", cfg.max_snap, NumberRange::non_negative(),
               "Largest distance in metres to snap a point onto the network");
    add_number(app, "--service-buffer", cfg.service_buffer, NumberRange::positive(),
               "Network mode: metres either side of the reached streets counted as served");
    add_number(app, "--thresholds", cfg.thresholds, NumberRange::positive(),
               "Extra thresholds in metres for sensitivity, e.g. 720,900,1000")
        ->delimiter(',');
    app.add_flag("--no-walking-groups", cfg.no_walking_groups,
                 "Skip the coverage of the profile's walking groups (walking.groups: one more coverage measurement "
                 "per group; audit and plan)");
}

void add_solver_options(CLI::App& app, SolverConfig& cfg) {
    app.add_option("--model", cfg.model,
                   "mclp | lscp | pmedian | pcenter (default: GIS layers, the fewest sites reaching the profile's "
                   "coverage target (lscp); --orlib, pmedian; --cost-matrix, mclp)");
    add_number(app, "--p", cfg.p, NumberRange::whole_at_least(0),
               "Number of new sites (mclp, pmedian, pcenter; --orlib: from the file)");
    add_number(app, "--target", cfg.target, NumberRange::share(),
               "lscp: share (0..1] of the demand weight to bring within the threshold (default: the profile's target)");
    app.add_option("--capacity", cfg.capacity,
                   "Capacitated mclp/pmedian. GIS layers: 'households' (each new station serves at most its area's "
                   "households); --orlib/--cost-matrix: a number (every site's capacity, in load units)");
    app.add_option("--district-floor", cfg.district_floor,
                   "mclp on GIS layers: every district covers at least SHARE of its weight (0.6 or 60%; capped at "
                   "what all sites can cover there), or 'max': the largest such floor, then the most coverage")
        ->type_name("SHARE|max")
        ->check(argument_check([](const std::string& text) { (void)parse_district_floor(text); }, "SHARE|max"));
    add_number(app, "--time-limit", cfg.time_limit, NumberRange::positive(), "Seconds for the whole solve");
    app.add_option("--solver", cfg.solver, "auto | heuristic | exact")->capture_default_str();
    add_number(app, "--seed", cfg.seed, NumberRange::whole_at_least(0),
               "Seed of the heuristic restarts (same seed, same result)");
    add_number(app, "--candidate-spacing", cfg.candidate_spacing, NumberRange::positive(),
               "GIS layers: grid spacing in metres for generated candidates (without --candidates)");
}

void add_city_options(CLI::App& app, InputConfig& input, OutputConfig& output, CoverageConfig& coverage, bool& demo) {
    add_input_options(app, input);
    add_output_options(app, output);
    add_coverage_options(app, coverage);
    app.add_flag("--demo", demo, "Run on the embedded demo city");
}

CLI::Option* add_lang_option(CLI::App& app, std::string& lang) {
    return app
        .add_option("--lang", lang,
                    "Language of the texts for people (stdout, reports, CSV headers): zh | en "
                    "(default: zh for the Chinese local profiles, en for national)")
        ->check(argument_check(
            [](const std::string& text) {
                if (text != "zh" && text != "en") throw ArgumentError("--lang: expected zh or en, got '" + text + "'");
            },
            "zh|en"));
}

void apply_demo(bool demo, InputConfig& input) {
    if (demo && !use_demo_inputs(input)) throw ArgumentError("--demo: the demo city is not installed (" + demo_missing_hint() + ")");
}

std::vector<geo::RunInput> run_inputs(const InputConfig& cfg) {
    return {{"--estates", cfg.estates},       {"--facilities", cfg.facilities}, {"--districts", cfg.districts},
            {"--population", cfg.population}, {"--network", cfg.network},       {"--candidates", cfg.candidates},
            {"--entrances", cfg.entrances},   {"--from-osm", cfg.from_osm},     {"--elderly-raster", cfg.elderly_raster},
            {"--population-raster", cfg.population_raster}, {"--profile", cfg.profile}};
}

OutputTarget open_output_target(const OutputConfig& cfg, const std::vector<geo::RunInput>& inputs) {
    cfg.validate();
    OutputTarget t;
    t.format = geo::parse_format(cfg.format);
    t.database = cfg.out.rfind("PG:", 0) == 0;
    t.crs = cfg.parsed_out_crs();
    if (!cfg.out.empty()) {
        t.sink = geo::open_output(cfg.out, cfg.out_schema, inputs);
        t.format = t.sink->layer_format(t.format);
        for (const auto& note : t.sink->notes()) std::cerr << "lifecircle: warning: " << note << '\n';
    }
    return t;
}

LayerWriter layer_writer(const OutputTarget& out, const City& city, const geo::Crs& out_crs) {
    return {out.sink->path(), out.format, city, out_crs, out.database};
}

geo::Crs output_crs(const OutputTarget& out, const City& city, nlohmann::json& summary) {
    geo::Crs crs = layer_output_crs(city, out.format, out.crs);
    summary["output_crs"] = crs.label();
    return crs;
}

}  // namespace lc::app
