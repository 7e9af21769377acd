// `lifecircle init`'s guess of the field mapping: which field of a layer holds
// each of its roles (pipeline/field_roles.hpp), from the fields' names, English
// or Chinese (户数 / 总户数 -> households, 老年人口 / 60岁以上人口 -> elderly, ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lc::app {

struct FieldGuess {
    std::string role;
    std::string field;  ///< the layer's field
    bool as_is = false; ///< the field has the role's own name: no mapping needed
};

struct LayerGuess {
    std::vector<FieldGuess> found;      ///< in the order of the layer's roles
    std::vector<std::string> missing;   ///< roles no field was found for
};

/// Guesses the roles of `layer` ("estates", "facilities", ...) among `fields`.
/// A field named as the role is taken as is; else the first field whose name,
/// without blanks, case and a unit in brackets ("建筑面积（㎡）" -> "建筑面积"), is
/// one of the role's usual names. A field is given to one role at most.
[[nodiscard]] LayerGuess guess_fields(std::string_view layer, const std::vector<std::string>& fields);

/// The usual names of a role of a layer, as guess_fields() matches them.
[[nodiscard]] std::vector<std::string_view> usual_names(std::string_view layer, std::string_view role);

}  // namespace lc::app
