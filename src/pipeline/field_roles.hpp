// The input fields lifecircle reads, by layer: the single table of which roles
// (estates.elderly, facilities.building_area, ...) each layer has. --field is
// checked against it, and InputConfig::field_for refuses a role that is not in
// it, so a reader cannot read a new role without the table (and the check of
// --field) knowing it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lc::app {

/// One input layer (as named in --field LAYER.ROLE=NAME) and the roles it reads.
struct LayerRoles {
    std::string_view layer;
    std::vector<std::string_view> roles;
};

/// Every layer with its roles, in the order of the documentation.
const std::vector<LayerRoles>& field_roles();

/// True when `layer` reads `role`.
[[nodiscard]] bool layer_has_role(std::string_view layer, std::string_view role);

/// Checks one --field argument's LAYER (may be "") and ROLE; throws
/// lc::ArgumentError naming `arg`, listing the valid roles (or layers) and
/// suggesting the closest ("did you mean 'elderly'?").
void check_field_role(const std::string& arg, const std::string& layer, const std::string& role);

}  // namespace lc::app
