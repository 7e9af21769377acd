#include "report/walking_groups_report.hpp"

#include "pipeline/outputs.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"
#include "report/text_table.hpp"

#include <vector>

namespace lc::app {
namespace {

/// zh: the Chinese name; en: the English name, and the id (what --target-group takes) when it differs.
std::string group_label(const WalkingGroup& g, const std::string& lang) {
    if (lang == "zh") return g.name_zh;
    return g.name_en == g.id ? g.name_en : g.name_en + " (" + g.id + ")";
}

struct Row {
    std::vector<std::string> cells;
};

/// The rows, shared by the page and the text: group, speed, share, reach, coverage before/after, G2SFCA before/after.
std::vector<Row> rows_of(const AuditResult& before, const AuditResult* after, const std::string& lang) {
    std::vector<Row> rows;
    for (std::size_t i = 0; i < before.walking_groups.size(); ++i) {
        const GroupCoverage& g = before.walking_groups[i];
        const GroupCoverage* ga =
            after != nullptr && i < after->walking_groups.size() ? &after->walking_groups[i] : nullptr;
        rows.push_back({{group_label(g.group, lang),
                         format_number(g.group.speed_mps, 2), format_percent(g.group.share),
                         format_number(g.threshold_m, 0), format_percent(g.coverage_rate),
                         ga ? format_percent(ga->coverage_rate) : "-", format_number(g.mean_g2sfca, 3),
                         ga ? format_number(ga->mean_g2sfca, 3) : "-"}});
    }
    const double eb = expected_coverage_rate(before.walking_groups);
    const bool has_after = after != nullptr && !after->walking_groups.empty();
    rows.push_back({{tr("wg.expected", lang), "", "100.0%", "", format_percent(eb),
                     has_after ? format_percent(expected_coverage_rate(after->walking_groups)) : "-", "", ""}});
    return rows;
}

std::vector<std::string> header(const std::string& lang) {
    return {tr("wg.group", lang),          tr("wg.speed", lang),
            tr("wg.share", lang),          tr("wg.reach", lang),
            tr("wg.coverage", lang) + " · " + tr("before", lang),
            tr("wg.coverage", lang) + " · " + tr("after", lang),
            tr("g2sfca_short", lang) + " · " + tr("before", lang),
            tr("g2sfca_short", lang) + " · " + tr("after", lang)};
}

}  // namespace

std::string walking_groups_html(const AuditResult& before, const AuditResult* after, const std::string& target,
                                const std::string& lang) {
    if (before.walking_groups.empty()) return {};
    std::string h = "<h3 id=\"walking-groups-title\">" + html_escape(tr("wg.title", lang)) + "</h3>\n";
    h += "<table id=\"walking-groups\">\n<thead><tr>";
    const auto head = header(lang);
    for (std::size_t c = 0; c < head.size(); ++c) {
        h += std::string(c == 0 ? "<th>" : "<th class=\"num\">") + html_escape(head[c]) + "</th>";
    }
    h += "</tr></thead>\n<tbody>\n";
    const auto rows = rows_of(before, after, lang);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const bool is_target = r < before.walking_groups.size() && before.walking_groups[r].group.id == target;
        h += is_target ? "<tr class=\"target\">" : "<tr>";
        for (std::size_t c = 0; c < rows[r].cells.size(); ++c) {
            h += std::string(c == 0 ? "<td>" : "<td class=\"num\">") + html_escape(rows[r].cells[c]) + "</td>";
        }
        h += "</tr>\n";
    }
    h += "</tbody>\n</table>\n";
    std::string note = trf("wg.note", lang, {{"minutes", format_number(before.walking_minutes, 0)}});
    for (const auto& g : before.walking_groups) {
        if (g.group.id == target) note += (lang == "zh" ? "" : " ") + trf("wg.target", lang, {{"group", group_label(g.group, lang)}});
    }
    h += "<p class=\"note\" id=\"walking-groups-note\">" + html_escape(note) + "</p>\n";
    return h;
}

std::string walking_groups_text(const AuditResult& before, const AuditResult* after, const std::string& lang) {
    if (before.walking_groups.empty()) return {};
    auto head = header(lang);
    const bool has_after = after != nullptr;
    if (!has_after) {  // an audit: no "after" columns
        head = {head[0], head[1], head[2], head[3], tr("wg.coverage", lang), tr("g2sfca_short", lang)};
    }
    TextTable t(head);
    for (std::size_t c = 1; c < head.size(); ++c) t.set_align(c, Align::right);
    for (auto& row : rows_of(before, after, lang)) {
        auto& cells = row.cells;
        if (!has_after) cells = {cells[0], cells[1], cells[2], cells[3], cells[4], cells[6]};
        t.add_row(cells);
    }
    const std::string minutes = trf("wg.minutes", lang, {{"minutes", format_number(before.walking_minutes, 0)}});
    return tr("wg.title", lang) + (lang == "zh" ? "（" + minutes + "）" : " (" + minutes + ")") + "\n" + t.render();
}

}  // namespace lc::app
