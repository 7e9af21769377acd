#include "standards/facility_kind.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace lc::app {
namespace {

struct KindInfo {
    FacilityKind kind;
    std::string_view name;
    std::string_view colour;
    std::string_view shape;
};

constexpr std::array<KindInfo, 6> k_kinds = {{
    {FacilityKind::none, "", "#495057", "circle"},
    {FacilityKind::station, "station", "#2b8a3e", "circle"},
    {FacilityKind::day_care, "day_care", "#1971c2", "square"},
    {FacilityKind::centre, "centre", "#7048e8", "diamond"},
    {FacilityKind::institution, "institution", "#c2255c", "triangle"},
    {FacilityKind::rural_home, "rural_home", "#a06000", "pentagon"},
}};

const KindInfo& info(FacilityKind kind) {
    return *std::find_if(k_kinds.begin(), k_kinds.end(), [kind](const KindInfo& k) { return k.kind == kind; });
}

struct Alias {
    std::string_view text;
    FacilityKind kind;
};

constexpr std::array<Alias, 18> k_aliases = {{
    {"station", FacilityKind::station},
    {"day_care", FacilityKind::day_care},
    {"daycare", FacilityKind::day_care},
    {"centre", FacilityKind::centre},
    {"center", FacilityKind::centre},
    {"institution", FacilityKind::institution},
    {"rural_home", FacilityKind::rural_home},
    {"社区养老服务站", FacilityKind::station},
    {"养老服务站", FacilityKind::station},
    {"日间照料中心", FacilityKind::day_care},
    {"综合养老服务中心", FacilityKind::centre},
    {"街道综合养老服务中心", FacilityKind::centre},
    {"养老服务中心", FacilityKind::centre},
    {"养老院", FacilityKind::institution},
    {"养老机构", FacilityKind::institution},
    {"敬老院", FacilityKind::institution},
    {"农村互助幸福院", FacilityKind::rural_home},
    {"互助幸福院", FacilityKind::rural_home},
}};

}  // namespace

std::string_view to_string(FacilityKind kind) { return info(kind).name; }

std::optional<FacilityKind> parse_facility_kind(std::string_view text) {
    std::string key(text);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& a : k_aliases) {
        if (a.text == key) return a.kind;
    }
    return std::nullopt;
}

const std::vector<FacilityKind>& facility_kinds() {
    static const std::vector<FacilityKind> kinds = {FacilityKind::station, FacilityKind::day_care, FacilityKind::centre,
                                                    FacilityKind::institution, FacilityKind::rural_home};
    return kinds;
}

const std::vector<std::string>& canonical_facility_kinds() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto kind : facility_kinds()) out.emplace_back(to_string(kind));
        return out;
    }();
    return names;
}

bool serves_community(FacilityKind kind) { return kind == FacilityKind::station || kind == FacilityKind::day_care; }

std::string_view kind_colour(FacilityKind kind) { return info(kind).colour; }

std::string_view kind_shape(FacilityKind kind) { return info(kind).shape; }

}  // namespace lc::app
