// The report's words in Chinese and English: a small dictionary keyed by short
// English ids, so the HTML report, the map legend and the QGIS styles share one
// set of labels.
#pragma once

#include "standards/facility_kind.hpp"

#include <string>
#include <string_view>

namespace lc::app {

/// "zh" or "en" from a user's --lang value ("zh-CN", "cn", "chinese" -> "zh";
/// anything else -> "en").
[[nodiscard]] std::string normalise_lang(std::string_view lang);

/// The label for `key` in `lang` ("zh" or "en"). Unknown keys come back as the
/// key itself, so a missing entry shows up in the page instead of vanishing.
[[nodiscard]] std::string tr(std::string_view key, std::string_view lang);

/// True when the dictionary has `key`.
[[nodiscard]] bool has_translation(std::string_view key);

/// A facility kind's label ("station" -> 社区养老服务站 / community station).
[[nodiscard]] std::string kind_label(std::string_view kind, std::string_view lang);
[[nodiscard]] std::string kind_label(FacilityKind kind, std::string_view lang);

/// A GroupAudit reason in `lang`: the audit writes English reasons ("no station",
/// "largest station F03 has 280 m² < 300 m²"); Chinese gets the known phrases
/// translated and the figures kept.
[[nodiscard]] std::string reason_text(std::string_view reason, std::string_view lang);

/// The part of a bilingual "中文 (English)" text for `lang` (profile titles are
/// written so); text of another shape comes back whole.
[[nodiscard]] std::string bilingual_part(std::string_view text, std::string_view lang);

}  // namespace lc::app
