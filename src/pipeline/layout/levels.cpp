// Names of the layout's levels and actions, as plan_sites and plan_unmet write them.
#include "pipeline/layout.hpp"

#include "lc/error.hpp"

#include <array>
#include <string>
#include <utility>

namespace lc::app {
namespace {

constexpr std::array k_levels{std::pair{Level::station, std::string_view("station")},
                              std::pair{Level::centre, std::string_view("centre")},
                              std::pair{Level::institution, std::string_view("institution")},
                              std::pair{Level::land, std::string_view("land")}};
constexpr std::array k_actions{std::pair{SiteAction::build, std::string_view("new")},
                               std::pair{SiteAction::enlarge, std::string_view("enlarge")},
                               std::pair{SiteAction::land_reserve, std::string_view("land_reserve")}};

template <class Table>
auto name_of(const Table& table, typename Table::value_type::first_type value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return std::string_view("?");
}

template <class Table>
auto value_of(const Table& table, std::string_view text, const char* what) {
    std::string valid;
    for (const auto& [v, name] : table) {
        if (name == text) return v;
        valid += (valid.empty() ? "" : ", ") + std::string(name);
    }
    throw ArgumentError(std::string(what) + ": unknown value '" + std::string(text) + "' (valid: " + valid + ")");
}

}  // namespace

std::string_view to_string(Level level) { return name_of(k_levels, level); }
std::string_view to_string(SiteAction action) { return name_of(k_actions, action); }
Level parse_level(std::string_view text) { return value_of(k_levels, text, "level"); }
SiteAction parse_site_action(std::string_view text) { return value_of(k_actions, text, "action"); }

}  // namespace lc::app
