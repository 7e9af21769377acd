#include "pipeline/field_roles.hpp"

#include "lc/error.hpp"
#include "lc/suggest.hpp"

#include <algorithm>

namespace lc::app {
namespace {

const LayerRoles* find_layer(std::string_view layer) {
    for (const auto& l : field_roles()) {
        if (l.layer == layer) return &l;
    }
    return nullptr;
}

std::string join(const std::vector<std::string_view>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

std::vector<std::string_view> all_layers() {
    std::vector<std::string_view> out;
    for (const auto& l : field_roles()) out.push_back(l.layer);
    return out;
}

/// The layers that read `role`, e.g. "facilities" for "beds".
std::vector<std::string_view> layers_reading(std::string_view role) {
    std::vector<std::string_view> out;
    for (const auto& l : field_roles()) {
        if (std::find(l.roles.begin(), l.roles.end(), role) != l.roles.end()) out.push_back(l.layer);
    }
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& valid) {
    const std::string best = closest_word(word, valid);
    return best.empty() ? "" : "did you mean '" + best + "'? ";
}

[[noreturn]] void unknown_role_of_layer(const std::string& arg, const LayerRoles& l, const std::string& role) {
    std::string msg = "--field " + arg + ": " + std::string(l.layer) + " has no field role '" + role + "' (" +
                      did_you_mean(role, l.roles);
    if (l.roles.empty()) {
        msg += std::string(l.layer) + " reads no attribute fields";
    } else {
        msg += "roles of " + std::string(l.layer) + ": " + join(l.roles);
    }
    if (const auto others = layers_reading(role); !others.empty()) msg += "; '" + role + "' is a role of " + join(others);
    throw ArgumentError(msg + ")");
}

}  // namespace

const std::vector<LayerRoles>& field_roles() {
    static const std::vector<LayerRoles> table = {
        {"estates", {"id", "households", "population", "elderly", "name", "community", "street", "district", "is_new"}},
        {"facilities", {"id", "kind", "building_area", "land_area", "beds", "nursing_beds", "estate_id", "name"}},
        {"districts", {"id", "name", "population"}},
        {"population", {"id", "population"}},
        {"candidates", {"id", "name", "land_area", "capacity_households"}},
        {"parcels", {"id", "area", "land_use"}},
        {"entrances", {}},
    };
    return table;
}

bool layer_has_role(std::string_view layer, std::string_view role) {
    const LayerRoles* l = find_layer(layer);
    return l != nullptr && std::find(l->roles.begin(), l->roles.end(), role) != l->roles.end();
}

void check_field_role(const std::string& arg, const std::string& layer, const std::string& role) {
    if (layer.empty()) {
        if (!layers_reading(role).empty()) return;
        std::vector<std::string_view> roles;
        for (const auto& l : field_roles()) {
            for (const auto r : l.roles) {
                if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
            }
        }
        throw ArgumentError("--field " + arg + ": no layer has a field role '" + role + "' (" + did_you_mean(role, roles) +
                            "roles: " + join(roles) + "; write LAYER.ROLE=NAME to map one layer's field)");
    }
    const LayerRoles* l = find_layer(layer);
    if (l == nullptr) {
        throw ArgumentError("--field " + arg + ": unknown layer '" + layer + "' (" + did_you_mean(layer, all_layers()) +
                            "layers: " + join(all_layers()) + ")");
    }
    if (!layer_has_role(layer, role)) unknown_role_of_layer(arg, *l, role);
}

}  // namespace lc::app
