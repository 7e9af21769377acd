// The layout plan in report.html (a section per level and phase, a map per
// phase) and as text on stdout. Kept apart from html_report.cpp: the section
// is inserted before </body> of the page write_plan_outputs wrote.
#pragma once

#include "pipeline/layout.hpp"
#include "pipeline/plan.hpp"

#include <filesystem>
#include <string>

namespace lc::app {

/// The layout section (<section id="layout">...</section>): assumptions, per
/// phase a map (svg.layout-map) and a table per level (table#layout-<year>-<level>),
/// the districts against their targets (table#layout-districts) and the unmet
/// targets (table#layout-unmet).
[[nodiscard]] std::string layout_report_html(const LayoutRun& layout, const PlanRun& plan, const std::string& lang);

/// Inserts layout_report_html before </body> of `report` (appends when absent).
void append_layout_report(const std::filesystem::path& report, const LayoutRun& layout, const PlanRun& plan,
                          const std::string& lang);

/// Plain-text summary for stdout: sites per phase and level, unmet targets, in
/// `lang` ("zh" or "en").
[[nodiscard]] std::string layout_text(const LayoutRun& layout, const std::string& lang = "en");

}  // namespace lc::app
