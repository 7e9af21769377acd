// The report's words in Chinese and English: a small dictionary keyed by short
// English ids, so the HTML report, the map legend and the QGIS styles share one
// set of labels.
#pragma once

#include "standards/facility_kind.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc::app {

/// "zh" or "en" from a user's --lang value ("zh-CN", "cn", "chinese" -> "zh";
/// anything else -> "en").
[[nodiscard]] std::string normalise_lang(std::string_view lang);

/// The language of a run's texts: `given` ("zh" or "en", from --lang) or, when
/// it is empty, "zh" for the Chinese local profiles and "en" for "national"
/// (the national baseline, which is also the default profile).
[[nodiscard]] std::string resolve_lang(std::string_view given, std::string_view profile);

/// The label for `key` in `lang` ("zh" or "en"). Unknown keys come back as the
/// key itself, so a missing entry shows up in the page instead of vanishing.
[[nodiscard]] std::string tr(std::string_view key, std::string_view lang);

/// tr(key, lang) with each "{name}" replaced by its value:
/// trf("ce.needs", "zh", {{"area", "480"}}).
[[nodiscard]] std::string trf(std::string_view key, std::string_view lang,
                              std::initializer_list<std::pair<std::string_view, std::string>> args);

/// True when the dictionary has `key`.
[[nodiscard]] bool has_translation(std::string_view key);

/// A facility kind's label ("station" -> 社区养老服务站 / community station).
[[nodiscard]] std::string kind_label(std::string_view kind, std::string_view lang);
[[nodiscard]] std::string kind_label(FacilityKind kind, std::string_view lang);

/// A GroupAudit reason in `lang`: the audit writes English reasons ("no station",
/// "largest station F03 has 280 m² < 300 m²"); Chinese gets the known phrases
/// translated and the figures kept.
[[nodiscard]] std::string reason_text(std::string_view reason, std::string_view lang);

/// A hierarchy reason (GroupAudit::reason) as separate lines in `lang`: a
/// street's centres each get their own line ("F05: 800 m² < 1,500 m² 12 beds <
/// 30" -> "F05：建筑面积800 m²，低于1,500 m²；床位12张，少于30张"). English lines are
/// the reason's own parts, unchanged.
[[nodiscard]] std::vector<std::string> reason_lines(std::string_view reason, std::string_view lang);

/// A reason or note of the layout plan (LayoutSite::reason, LayoutUnmet::reason,
/// LayoutRun::notes) in `lang`: English comes back unchanged; Chinese is the
/// sentence rewritten phrase by phrase, ids and figures kept.
[[nodiscard]] std::string layout_reason_text(std::string_view reason, std::string_view lang);

/// A word that is also a key, in `lang`: zh gets the dictionary's entry
/// `group` + `word` ("cost.term." + "near" -> 近期) when it has one; English, and a
/// word without an entry, the word as given.
[[nodiscard]] std::string keyed_word(std::string_view group, std::string_view word, std::string_view lang);

/// Words of the layout plan in `lang` (English: the name as given): a level
/// ("station"), an action ("new", "enlarge", "land_reserve"), a target of
/// plan_districts / plan_unmet ("public_beds"), a unit ("beds/1000 elderly").
[[nodiscard]] std::string level_text(std::string_view level, std::string_view lang);
[[nodiscard]] std::string action_text(std::string_view action, std::string_view lang);
[[nodiscard]] std::string layout_target_text(std::string_view target, std::string_view lang);
[[nodiscard]] std::string unit_text(std::string_view unit, std::string_view lang);

/// A warning of a run (summary "warnings") in `lang`: the known ones rewritten in
/// Chinese, figures and names kept; others unchanged.
[[nodiscard]] std::string warning_text(std::string_view warning, std::string_view lang);

/// The part of a bilingual "中文 (English)" text for `lang` (profile titles are
/// written so); text of another shape comes back whole.
[[nodiscard]] std::string bilingual_part(std::string_view text, std::string_view lang);

}  // namespace lc::app
