// The walking groups (docs/walking_groups.md) in the reports: one table per run,
// a row per group (speed, share, reach in metres in the run's minutes, coverage
// before and after), in Chinese or English. Kept apart from html_report.cpp:
// the page calls walking_groups_html() once, inside its accessibility section.
#pragma once

#include "pipeline/audit.hpp"

#include <string>

namespace lc::app {

/// <h3> + table#walking-groups + p#walking-groups-note; "" when the run has no
/// walking groups. `after`: the re-audit of a plan, or nullptr (the "after"
/// columns then show "-"). `target`: the id of plan --target-group, or "".
[[nodiscard]] std::string walking_groups_html(const AuditResult& before, const AuditResult* after,
                                              const std::string& target, const std::string& lang);

/// The same as aligned text for the terminal ("" when there are no groups).
[[nodiscard]] std::string walking_groups_text(const AuditResult& before, const AuditResult* after, const std::string& lang);

}  // namespace lc::app
