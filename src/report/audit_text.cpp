#include "report/audit_text.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"
#include "report/text_table.hpp"
#include "report/walking_groups_report.hpp"

#include <cmath>

namespace lc::app {
namespace {
std::string pct(double v) { return format_number(100.0 * v, 1) + "%"; }

std::string figure(const Target& t, double v) {
    if (t.key.find("share") != std::string::npos || t.key.find("coverage") != std::string::npos ||
        t.key == "estates_meeting_area" || t.key == "new_estate_compliance" || t.key == "district_institution") {
        return pct(v);
    }
    if (t.key == "land_per_capita_m2") return format_number(v, 3);
    return format_number(v, 1);
}

/// The audit for people in `lang` ("zh" or "en"), its words from i18n.cpp: in
/// Chinese the planning terms of the documents (达标/未达标, 缺口, 每百户不低于
/// 20平方米); a group's reasons one per line.
std::string audit_text_in(const AuditRun& run, std::size_t max_rows, const std::string& lang) {
    auto verdict = [&](bool pass) { return tr(pass ? "pass" : "fail", lang); };
    const AuditResult& a = run.audit;
    const City& city = run.city;
    const Standards& st = a.standards;
    std::string out;
    out += trf("at.profile_line", lang,
               {{"profile", st.profile},
                {"title", bilingual_part(st.title, lang)},
                {"year", std::to_string(st.year)},
                {"crs", city.working_crs.label()}}) +
           "\n";
    out += trf("at.coverage_line", lang,
               {{"mode", lang == "zh" ? tr(a.coverage.mode == CoverageMode::network ? "mode_network" : "mode_circle", lang)
                                    : std::string(to_string(a.coverage.mode))},
                {"threshold", format_number(a.coverage.threshold_m, 0)},
                {"covered", format_number(a.elderly_covered, 0)},
                {"total", format_number(a.elderly_total, 0)},
                {"rate", pct(a.coverage_rate)}}) +
           "\n";
    out += trf("at.area_line", lang,
               {{"area", format_number(st.area_per_100_households_m2, 0)},
                {"meeting", std::to_string(a.estates_meeting_area)},
                {"total", std::to_string(a.estates_with_households)},
                {"rate", pct(a.area_compliance_rate)}}) +
           "\n\n";

    TextTable targets({tr("figure", lang), tr("target", lang), tr("at.value", lang), tr("result", lang)});
    for (const auto& t : a.targets) {
        std::string label = has_translation("target." + t.key) ? tr("target." + t.key, lang) : t.label;
        if (t.key == "new_estate_compliance" && a.new_estates == 0) label += tr("at.no_new_estates", lang);
        targets.add_row({label, t.target ? figure(t, *t.target) : "-", figure(t, t.value),
                         t.target ? verdict(t.pass) : tr("n_a", lang)});
    }
    targets.set_align(1, Align::right);
    targets.set_align(2, Align::right);
    out += targets.render() + "\n";

    TextTable districts({tr("district", lang), tr("population", lang), tr("land_m2", lang), tr("per_capita_m2", lang),
                         tr("minimum", lang), tr("result", lang)});
    for (const auto& d : a.districts) {
        districts.add_row({d.name, format_number(d.population, 0), format_number(d.facility_land_m2, 0),
                           format_number(d.land_per_capita_m2, 3), format_number(st.land_per_capita_min_m2, 2),
                           verdict(d.meets_land)});
    }
    for (std::size_t c = 1; c <= 4; ++c) districts.set_align(c, Align::right);
    out += districts.render() + "\n";
    if (const std::string wg = walking_groups_text(a, nullptr, lang); !wg.empty()) out += wg + "\n";

    TextTable estates({tr("id", lang), tr("name", lang), tr("households", lang), tr("required_m2", lang), tr("provided_m2", lang),
                       tr("shortfall_m2", lang)});
    std::size_t failing = 0, shown = 0;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const EstateAudit& e = a.estates[i];
        if (e.meets_area || city.estates[i].households <= 0) continue;
        ++failing;
        if (max_rows && shown >= max_rows) continue;
        ++shown;
        estates.add_row({city.estates[i].id, city.estates[i].name, format_number(city.estates[i].households, 0),
                         format_number(e.required_area_m2, 0), format_number(e.provided_area_m2, 0),
                         format_number(e.shortfall_m2, 0)});
    }
    for (std::size_t c = 2; c <= 5; ++c) estates.set_align(c, Align::right);
    out += trf("at.estates_below", lang,
               {{"area", format_number(st.area_per_100_households_m2, 0)}, {"n", std::to_string(failing)}}) +
           "\n";
    if (failing) out += estates.render();
    if (failing > shown) out += trf("at.more_estates", lang, {{"n", std::to_string(failing - shown)}}) + "\n";
    out += "\n";

    auto groups = [&](const std::vector<GroupAudit>& list, const char* title_key, const char* column) {
        TextTable t({tr(column, lang), tr("district", lang), tr("elderly", lang), tr("reason", lang)});
        std::size_t n = 0, s = 0;
        for (const auto& g : list) {
            if (g.compliant) continue;
            ++n;
            if (max_rows && s >= max_rows) continue;
            ++s;
            const auto lines = reason_lines(g.reason, lang);
            t.add_row({g.name, g.district, format_number(g.elderly, 0), lines.empty() ? "" : lines.front()});
            for (std::size_t k = 1; k < lines.size(); ++k) t.add_row({"", "", "", lines[k]});
        }
        t.set_align(2, Align::right);
        out += trf(title_key, lang, {{"n", std::to_string(n)}, {"total", std::to_string(list.size())}}) + "\n";
        if (n) out += t.render();
        if (n > s) out += trf("at.more", lang, {{"n", std::to_string(n - s)}}) + "\n";
        out += "\n";
    };
    groups(a.communities, "at.communities_without", "community");
    groups(a.streets, "at.streets_without", "street");
    const auto& w = run.summary.contains("warnings") ? run.summary["warnings"] : nlohmann::json::array();
    if (!w.empty()) {
        out += trf("at.warnings", lang, {{"n", std::to_string(w.size())}}) + "\n";
        std::size_t k = 0;
        for (const auto& line : w) {
            if (max_rows && k++ >= max_rows) {
                out += "  " + tr("at.more_warnings", lang) + "\n";
                break;
            }
            out += "  " + warning_text(line.get<std::string>(), lang) + "\n";
        }
    }
    return out;
}
}  // namespace

std::string audit_text(const AuditRun& run, std::size_t max_rows, const std::string& lang) {
    return audit_text_in(run, max_rows, lang == "zh" ? "zh" : "en");
}

}  // namespace lc::app
