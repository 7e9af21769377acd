// The layout plan's cost and subsidy estimate in report.html (one section,
// called from layout_report_html) and on stdout. Words come from i18n.cpp.
#pragma once

#include "pipeline/layout.hpp"

#include <string>

namespace lc::app {

/// "近期（2025年）" / "near term (2025)" for a phase year of `phases`; "远期" /
/// "long term" etc. by phase_term().
[[nodiscard]] std::string term_label(int year, const std::vector<int>& phases, const std::string& lang);

/// The cost section (<h3 id="layout-costs">, table#layout-costs per phase and
/// in total, table#layout-subsidies, table#layout-deferred when the budget
/// deferred something). `lang` is "zh" or "en".
[[nodiscard]] std::string cost_report_html(const LayoutRun& layout, const std::string& lang);

/// Plain-text lines for stdout: construction and subsidies per phase and in total.
[[nodiscard]] std::string cost_text(const LayoutRun& layout, const std::string& lang = "en");

}  // namespace lc::app
