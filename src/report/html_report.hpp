// report.html: the plan as a self-contained page for planners (no network
// requests: inline CSS, an inline SVG map, an inline script for the what-if
// panel and its data; whatif.hpp), in Chinese or English.
#pragma once

#include "pipeline/plan.hpp"

#include <string>
#include <string_view>

namespace lc::app {

/// The whole page. `lang` is "zh" or "en" (other values: see normalise_lang).
/// Tables carry ids the tests and the browser check look for: headline,
/// targets, districts, failing-estates, missing-communities, missing-streets,
/// proposed-sites, whatif-figures, whatif-sites (one checkbox per site,
/// input[data-site][data-id]), whatif-uncovered; the warnings are ul#warnings;
/// the what-if coverage is td#whatif-coverage[data-value] (full precision). An empty table is replaced by
/// a <p class="none" id="ID-none">.
[[nodiscard]] std::string report_html(const PlanRun& run, const std::string& lang);

/// Text for HTML content and attribute values: & < > " ' escaped.
[[nodiscard]] std::string html_escape(std::string_view text);

/// "12.3%" (one decimal) of a share 0..1.
[[nodiscard]] std::string format_percent(double share);

}  // namespace lc::app
