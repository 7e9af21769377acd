#include "pipeline/config.hpp"

#include "lc/error.hpp"
#include "lc/geo/io.hpp"

#include <algorithm>
#include <array>

namespace lc::app {
namespace {
std::pair<std::string, std::string> split_assignment(const std::string& arg, const char* option) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
        throw ArgumentError(std::string(option) + ": expected KEY=VALUE, got '" + arg + "'");
    }
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

constexpr std::array k_layers = {"estates", "facilities", "districts", "population", "candidates", "entrances", "parcels"};
}  // namespace

void InputConfig::validate() {
    field_map.clear();
    for (const auto& arg : field_args) {
        auto [key, value] = split_assignment(arg, "--field");
        std::string layer;
        if (const auto dot = key.find('.'); dot != std::string::npos) {
            layer = key.substr(0, dot);
            key = key.substr(dot + 1);
            if (std::find(k_layers.begin(), k_layers.end(), layer) == k_layers.end()) {
                throw ArgumentError("--field: unknown layer '" + layer +
                                    "' (use estates, facilities, districts, population, candidates, entrances or parcels)");
            }
        }
        field_map[layer][key] = value;
    }
    overrides.clear();
    for (const auto& arg : set_args) overrides.push_back(split_assignment(arg, "--set"));
    if (missing != "error" && missing != "zero" && missing != "skip") {
        throw ArgumentError("--missing: expected error, zero or skip, got '" + missing + "'");
    }
    if (year && (*year < 1990 || *year > 2100)) {
        throw ArgumentError("--year: " + std::to_string(*year) + " is not a plausible planning year");
    }
}

std::string InputConfig::field_for(const std::string& layer, const std::string& role) const {
    if (auto it = field_map.find(layer); it != field_map.end()) {
        if (auto f = it->second.find(role); f != it->second.end()) return f->second;
    }
    if (auto it = field_map.find(""); it != field_map.end()) {
        if (auto f = it->second.find(role); f != it->second.end()) return f->second;
    }
    return role;
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
}

}  // namespace lc::app
