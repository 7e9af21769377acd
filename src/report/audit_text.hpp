// The audit as a readable terminal report (aligned tables, CJK-aware).
#pragma once

#include "pipeline/run.hpp"

#include <string>

namespace lc::app {

/// Headline figures, the targets table, districts, and the failing estates,
/// communities and streets (at most `max_rows` rows each; 0 = all), in `lang`
/// ("zh": Chinese planning terms throughout; anything else: English).
std::string audit_text(const AuditRun& run, std::size_t max_rows = 20, const std::string& lang = "en");

}  // namespace lc::app
