// Option groups shared by several commands (the only CLI11-facing helpers).
#pragma once

#include "lc/geo/io.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"
#include "pipeline/layer_writer.hpp"
#include "pipeline/number_arg.hpp"
#include "pipeline/plan_config.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace lc::app {

/// Declares a numeric option with its bounds, in one place (name, default, range,
/// help): CLI11 checks the raw text before converting it, so "nan", "inf",
/// "1e400", "-1" for a count or "2.5" for a whole number never reach the value;
/// the error reads "--radius nan: must be a finite number > 0". Integer
/// overloads accept whole numbers only; list options check every item.
CLI::Option* add_number(CLI::App& app, const std::string& flag, double& value, const NumberRange& range,
                        const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<double>& value, const NumberRange& range,
                        const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::vector<double>& value, const NumberRange& range,
                        const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, int& value, NumberRange range, const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<int>& value, NumberRange range,
                        const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::optional<std::size_t>& value, NumberRange range,
                        const std::string& help);
CLI::Option* add_number(CLI::App& app, const std::string& flag, std::uint64_t& value, NumberRange range,
                        const std::string& help);

void add_input_options(CLI::App& app, InputConfig& cfg);
void add_output_options(CLI::App& app, OutputConfig& cfg);
void add_coverage_options(CLI::App& app, CoverageConfig& cfg);
/// The solver options of optimize and plan (--model --p --target --capacity
/// --time-limit --solver --seed --candidate-spacing), with one help text each.
void add_solver_options(CLI::App& app, SolverConfig& cfg);
/// The options of the commands that read a city: inputs, outputs, coverage and --demo.
void add_city_options(CLI::App& app, InputConfig& input, OutputConfig& output, CoverageConfig& coverage, bool& demo);

/// --lang zh|en: the language of everything the command writes for people (text
/// on stdout, reports, CSV headers); empty when not given, and then
/// resolve_lang() picks zh for the Chinese profiles. One declaration for every
/// command that writes for people.
CLI::Option* add_lang_option(CLI::App& app, std::string& lang);

/// --demo: the embedded demo city's layers become the inputs (ArgumentError when
/// the demo is not installed); nothing when `demo` is false.
void apply_demo(bool demo, InputConfig& input);

/// The city inputs of a run (--estates … --profile), for open_output_target.
[[nodiscard]] std::vector<geo::RunInput> run_inputs(const InputConfig& cfg);

/// --out, checked: `sink` is the folder or PostGIS schema (null without --out) and
/// `format` the format its layers are written in (--format; GeoPackage for PostGIS).
/// Every command opens its output here, with every path it reads in `inputs`
/// (an --out that is or holds one is refused); notes of the sink go to stderr.
struct OutputTarget {
    std::unique_ptr<geo::OutputSink> sink;
    geo::Format format = geo::Format::geojson;
    bool database = false;  ///< PostGIS: the CSV tables become database tables, kept with English column names
    geo::Crs crs;  ///< --out-crs; empty: the format's default (layer_output_crs)
};
[[nodiscard]] OutputTarget open_output_target(const OutputConfig& cfg, const std::vector<geo::RunInput>& inputs);

/// The CRS the layers of a run on `city` are written in (layer_output_crs of
/// out.format and --out-crs), stated in `summary` as `output_crs`.
geo::Crs output_crs(const OutputTarget& out, const City& city, nlohmann::json& summary);

/// The writer of a run's layers into out's folder (out.sink must be set), in
/// out's format and `out_crs` (output_crs()).
[[nodiscard]] LayerWriter layer_writer(const OutputTarget& out, const City& city, const geo::Crs& out_crs);

}  // namespace lc::app
