#include "pipeline/config.hpp"

#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/field_roles.hpp"
#include "pipeline/number_arg.hpp"
#include "pipeline/plan_config.hpp"
#include "lc/optimize/solve.hpp"
#include "standards/profile.hpp"

#include <iconv.h>

#include <set>
#include <stdexcept>
#include <tuple>

namespace lc::app {
namespace {
std::pair<std::string, std::string> split_assignment(const std::string& arg, const char* option) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
        throw ArgumentError(std::string(option) + ": expected KEY=VALUE, got '" + arg + "'");
    }
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

}  // namespace

void check_encoding(const std::string& encoding) {
    const iconv_t cd = ::iconv_open("UTF-8", encoding.c_str());
    // (iconv_t)-1 is iconv_open's documented failure value.
    if (cd != reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
        ::iconv_close(cd);
        return;
    }
    throw ArgumentError("--encoding " + encoding +
                        ": unknown encoding (common ones: GBK, GB18030, GB2312, CP936, BIG5, UTF-8, ISO-8859-1, "
                        "CP1252; 'iconv -l' lists every name accepted)");
}

FieldArg parse_field_arg(const std::string& arg) {
    FieldArg f;
    std::tie(f.role, f.name) = split_assignment(arg, "--field");
    if (const auto dot = f.role.find('.'); dot != std::string::npos) {
        f.layer = f.role.substr(0, dot);
        f.role = f.role.substr(dot + 1);
    }
    check_field_role(arg, f.layer, f.role);
    return f;
}

void InputConfig::validate() {
    field_map.clear();
    for (const auto& arg : field_args) {
        const FieldArg f = parse_field_arg(arg);
        field_map[f.layer][f.role] = f.name;
    }
    overrides.clear();
    for (const auto& arg : set_args) overrides.push_back(split_assignment(arg, "--set"));
    if (missing != "error" && missing != "zero" && missing != "skip") {
        throw ArgumentError("--missing: expected error, zero or skip, got '" + missing + "'");
    }
    coord_offsets.clear();
    for (const auto& arg : coord_offset_args) {
        const auto [layer, offset] = split_assignment(arg, "--coord-offset");
        static const std::set<std::string> layers{"estates", "facilities", "districts", "candidates", "population"};
        if (layers.count(layer) == 0) {
            throw ArgumentError("--coord-offset " + arg + ": '" + layer +
                                "' is not a layer (estates, facilities, districts, candidates, population)");
        }
        if (offset != "gcj02" && offset != "bd09") {
            throw ArgumentError("--coord-offset " + arg + ": expected gcj02 or bd09, got '" + offset + "'");
        }
        if (!coord_offsets.emplace(layer, offset).second) {
            throw ArgumentError("--coord-offset " + arg + ": layer '" + layer + "' is given twice");
        }
    }
    if (!elderly_raster.empty() && !population_raster.empty()) {
        throw ArgumentError("--elderly-raster and --population-raster: give one (the other is estimated from the profile)");
    }
    if (population_from_buildings && (from_osm.empty() || !residents_raster().empty())) {
        throw ArgumentError("--population-from-buildings needs --from-osm (its buildings) and no residents raster");
    }
    if (!from_osm.empty() && estates.empty() && !estimates_residents()) {
        throw ArgumentError("--from-osm " + from_osm +
                            ": OpenStreetMap has no residents; give --elderly-raster or --population-raster (e.g. "
                            "WorldPop), --population-from-buildings, or --estates with counts");
    }
    for (const auto& [layer, source] : {std::pair{"estates", &estates}, {"facilities", &facilities}, {"districts", &districts}}) {
        if (!from_osm.empty() && source->empty() && coord_offsets.count(layer)) {
            throw ArgumentError(std::string("--coord-offset ") + layer + ": the " + layer +
                                " come from --from-osm, whose coordinates are WGS 84 (no offset to undo)");
        }
    }
    if (!from_osm.empty() && network.empty()) network = from_osm;  // the walking network of the same file
    if (year) check_number_value("--year", *year, NumberRange::whole_between(1990, 2100));
    if (!encoding.empty()) check_encoding(encoding);
    check_overrides(overrides);
}

std::string InputConfig::field_for(const std::string& layer, const std::string& role,
                                   const std::function<bool(const std::string&)>& has_field) const {
    if (!layer_has_role(layer, role)) {  // a reader's mistake: every role read is in field_roles()
        throw std::logic_error("field_for: role '" + role + "' of layer '" + layer + "' is not in the field-role table");
    }
    if (auto it = field_map.find(layer); it != field_map.end()) {
        if (auto f = it->second.find(role); f != it->second.end()) return f->second;
    }
    if (auto it = field_map.find(""); it != field_map.end()) {
        if (auto f = it->second.find(role); f != it->second.end()) {
            if (!has_field) return f->second;
            bool& found = global_field_found[f->second];
            if (has_field(f->second)) {
                found = true;
                return f->second;
            }
        }
    }
    return role;
}

void InputConfig::check_global_fields() const {
    const auto it = field_map.find("");
    if (it == field_map.end()) return;
    for (const auto& [role, name] : it->second) {
        const auto seen = global_field_found.find(name);
        if (seen == global_field_found.end() || seen->second) continue;
        throw ArgumentError("--field " + role + "=" + name + ": no input layer has a field '" + name +
                            "' (give LAYER." + role + "=" + name + " for the layer meant, e.g. estates." + role + "=" +
                            name + ")");
    }
}

std::string_view to_string(CoverageMode mode) { return mode == CoverageMode::network ? "network" : "circle"; }

CoverageMode parse_coverage_mode(std::string_view text) {
    if (text == "circle") return CoverageMode::circle;
    if (text == "network") return CoverageMode::network;
    throw ArgumentError("--mode: expected circle or network, got '" + std::string(text) + "'");
}

void CoverageConfig::validate() const {
    if (!mode.empty()) (void)parse_coverage_mode(mode);
    const auto positive = NumberRange::positive();
    if (radius) check_number_value("--radius", *radius, positive);
    if (minutes) check_number_value("--minutes", *minutes, positive);
    if (speed) check_number_value("--speed", *speed, positive);
    check_number_value("--max-snap", max_snap, NumberRange::non_negative());
    check_number_value("--service-buffer", service_buffer, positive);
    for (const double t : thresholds) check_number_value("--thresholds", t, positive);
}

void SolverConfig::validate() const {
    if (!model.empty()) (void)opt::parse_model(model);
    (void)opt::parse_solver(solver);
    check_number_value("--time-limit", time_limit, NumberRange::positive());
    check_number_value("--candidate-spacing", candidate_spacing, NumberRange::positive());
    if (target) check_number_value("--target", *target, NumberRange::share());
    (void)district_floor_share();
}

std::optional<double> parse_district_floor(const std::string& text) {
    if (text == "max") return std::nullopt;
    const std::string flag = "--district-floor";
    try {
        if (!text.empty() && text.back() == '%')
            return static_cast<double>(parse_number_arg(flag, text.substr(0, text.size() - 1), NumberRange::between(0, 100))) / 100.0;
        return static_cast<double>(parse_number_arg(flag, text, NumberRange::between(0, 1)));
    } catch (const ArgumentError&) {
        throw ArgumentError(flag + " " + text + ": must be max, a share in 0..1 (0.6) or a percentage (60%)");
    }
}

std::optional<double> SolverConfig::district_floor_share() const {
    if (district_floor.empty()) return std::nullopt;
    return parse_district_floor(district_floor);
}

void SolverConfig::validate_for_layers() const {
    validate();
    if (!capacity.empty() && capacity != "households") {
        throw ArgumentError("--capacity: only 'households' is supported (each station serves its area's households)");
    }
    const bool lscp = model.empty() || opt::parse_model(model) == opt::Model::lscp;
    if (!lscp && !p) throw ArgumentError("--model " + model + " needs --p N (the number of new sites)");
    if (lscp && p) {
        throw ArgumentError("--p " + std::to_string(*p) + ": " + (model.empty() ? "the default model, lscp," : "lscp") +
                            " opens the fewest sites reaching --target; for a fixed number of sites give --model mclp "
                            "(or pmedian, pcenter)");
    }
    if (!district_floor.empty() && (lscp || opt::parse_model(model) != opt::Model::mclp)) {
        throw ArgumentError("--district-floor " + district_floor + ": applies to the coverage model only (--model mclp --p N), not " +
                            (model.empty() ? "the default model, lscp" : model));
    }
    if (!district_floor.empty() && !capacity.empty())
        throw ArgumentError("--district-floor " + district_floor + ": does not combine with --capacity");
}

void OutputConfig::validate() const {
    if (format != "geojson" && format != "gpkg" && format != "shp") {
        throw ArgumentError("--format: expected geojson, gpkg or shp, got '" + format + "'");
    }
    if (out_given && out.empty()) {
        throw ArgumentError("--out: an empty path is not an output folder (give a folder, e.g. --out result, "
                            "or leave --out out)");
    }
    geo::check_output_target(out, out_schema);
    (void)parsed_out_crs();
}

geo::Crs OutputConfig::parsed_out_crs() const {
    if (out_crs.empty()) return {};
    try {
        return geo::Crs::from_user_input(out_crs);
    } catch (const CrsError&) {
        throw ArgumentError("--out-crs: cannot understand '" + out_crs +
                            "' (use e.g. EPSG:4490, EPSG:4544, EPSG:4326 or a WKT string)");
    }
}

}  // namespace lc::app
