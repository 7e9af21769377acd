// What `lifecircle profiles` prints: the profile list and one profile with every
// figure, its year keys and its source, as aligned text or as JSON.
#pragma once

#include "standards/profile.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lc::app {

/// Aligned table: name, place, title, years (every year key), default (year).
[[nodiscard]] std::string render_profile_list(const std::vector<ProfileSummary>& profiles);
/// [{name, title, place, years, default_year, path}, ...]
[[nodiscard]] nlohmann::ordered_json profile_list_json(const std::vector<ProfileSummary>& profiles);

/// One profile resolved for `year` (default: its default year): header lines, a table of
/// every figure (key, value for the year, the year it came from, all year keys, defined
/// in, source), facility kinds, figure notes and year notes. `lang` "zh": Chinese
/// headings, the Chinese half of the title, the sources' Chinese text (source_zh);
/// the figures' notes stay as the profile writes them.
[[nodiscard]] std::string render_profile(const Profile& profile, std::optional<int> year = std::nullopt,
                                         const std::string& lang = "en");
/// {profile, title, place, document, lineage, default_year, year, threshold_m,
///  figures: {key: {value, year, values, source, note, defined_in}}, standards: {...},
///  facility_kinds: [{kind, label}], notes: [...]}
[[nodiscard]] nlohmann::ordered_json profile_json(const Profile& profile, std::optional<int> year = std::nullopt);
/// The typed struct as JSON (optional fields are null when absent).
[[nodiscard]] nlohmann::ordered_json standards_json(const Standards& standards);

/// Compact number text: 0.1, 1500, 0.187 (no trailing zeros).
[[nodiscard]] std::string format_figure(double value);

}  // namespace lc::app
