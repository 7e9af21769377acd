// The five kinds of elderly-service facility of the standards (站, 日间照料中心,
// 中心, 机构, 农村互助幸福院): one enum, its spellings, and each kind's colour
// and marker shape on maps and in QGIS styles, in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lc::app {

enum class FacilityKind {
    none,         ///< no kind given (a coverage-only facilities layer)
    station,      ///< 社区养老服务站: the community level
    day_care,     ///< 日间照料中心: counted as a station
    centre,       ///< 街道综合养老服务中心: the street level
    institution,  ///< 养老院 / 养老机构: the district level
    rural_home,   ///< 农村互助幸福院
};

/// "station", "day_care", "centre", "institution", "rural_home"; "" for none.
[[nodiscard]] std::string_view to_string(FacilityKind kind);

/// A kind from a facilities layer: the names above, the common variants
/// ("center", "daycare", any case) and the Chinese names (社区养老服务站,
/// 日间照料中心, 综合养老服务中心, 养老院, 敬老院, 农村互助幸福院, ...);
/// nullopt when the text is none of them.
[[nodiscard]] std::optional<FacilityKind> parse_facility_kind(std::string_view text);

/// The five kinds, in the order of the hierarchy (station first).
[[nodiscard]] const std::vector<FacilityKind>& facility_kinds();

/// Their names ("station", ...), in the same order: the kinds a profile may list.
[[nodiscard]] const std::vector<std::string>& canonical_facility_kinds();

/// Station and day-care centre both serve a community (the station level).
[[nodiscard]] bool serves_community(FacilityKind kind);

/// The kind's colour on maps and in QGIS styles ("#2b8a3e"); grey for none.
[[nodiscard]] std::string_view kind_colour(FacilityKind kind);

/// The kind's marker: circle, square, diamond, triangle, pentagon (a small circle for none).
[[nodiscard]] std::string_view kind_shape(FacilityKind kind);

}  // namespace lc::app
