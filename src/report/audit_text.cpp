#include "report/audit_text.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"
#include "report/text_table.hpp"

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

/// The English text, as it always was.
std::string audit_text_en(const AuditRun& run, std::size_t max_rows) {
    const AuditResult& a = run.audit;
    const City& city = run.city;
    std::string out;
    out += "Profile " + a.standards.profile + " (" + a.standards.title + "), year " + std::to_string(a.standards.year) +
           "; working CRS " + city.working_crs.label() + "\n";
    out += "Coverage: " + std::string(to_string(a.coverage.mode)) + " mode, " + format_number(a.coverage.threshold_m, 0) + " m; " +
           format_number(a.elderly_covered, 0) + " of " + format_number(a.elderly_total, 0) + " elderly covered (" +
           pct(a.coverage_rate) + ")\n";
    out += "Estates meeting " + format_number(a.standards.area_per_100_households_m2, 0) + " m² per 100 households: " +
           std::to_string(a.estates_meeting_area) + " of " + std::to_string(a.estates_with_households) + " (" +
           pct(a.area_compliance_rate) + ")\n\n";

    TextTable targets({"figure", "target", "value", "result"});
    for (const auto& t : a.targets) {
        targets.add_row({t.label, t.target ? figure(t, *t.target) : "-", figure(t, t.value),
                         t.target ? (t.pass ? "pass" : "FAIL") : "n/a"});
    }
    targets.set_align(1, Align::right);
    targets.set_align(2, Align::right);
    out += targets.render() + "\n";

    TextTable districts({"district", "population", "land m²", "m²/person", "min", "result"});
    for (const auto& d : a.districts) {
        districts.add_row({d.name, format_number(d.population, 0), format_number(d.facility_land_m2, 0),
                           format_number(d.land_per_capita_m2, 3), format_number(a.standards.land_per_capita_min_m2, 2),
                           d.meets_land ? "pass" : "FAIL"});
    }
    for (std::size_t c = 1; c <= 4; ++c) districts.set_align(c, Align::right);
    out += districts.render() + "\n";

    TextTable estates({"estate", "name", "households", "required m²", "provided m²", "short m²"});
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
    out += "Estates below the area rule: " + std::to_string(failing) + "\n";
    if (failing) out += estates.render();
    if (failing > shown) out += "... and " + std::to_string(failing - shown) + " more (see estates layer)\n";
    out += "\n";

    auto groups = [&](const std::vector<GroupAudit>& list, const char* what, const char* column) {
        TextTable t({column, "district", "elderly", "reason"});
        std::size_t n = 0, s = 0;
        for (const auto& g : list) {
            if (g.compliant) continue;
            ++n;
            if (max_rows && s >= max_rows) continue;
            ++s;
            t.add_row({g.name, g.district, format_number(g.elderly, 0), g.reason});
        }
        t.set_align(2, Align::right);
        out += std::string(what) + " without a compliant facility: " + std::to_string(n) + " of " +
               std::to_string(list.size()) + "\n";
        if (n) out += t.render();
        if (n > s) out += "... and " + std::to_string(n - s) + " more\n";
        out += "\n";
    };
    groups(a.communities, "Communities", "community");
    groups(a.streets, "Streets", "street");
    const auto& w = run.summary.contains("warnings") ? run.summary["warnings"] : nlohmann::json::array();
    if (!w.empty()) {
        out += "Warnings (" + std::to_string(w.size()) + "):\n";
        std::size_t k = 0;
        for (const auto& line : w) {
            if (max_rows && k++ >= max_rows) {
                out += "  ... see summary.json\n";
                break;
            }
            out += "  " + line.get<std::string>() + "\n";
        }
    }
    return out;
}

std::string verdict_zh(bool pass) { return tr(pass ? "pass" : "fail", "zh"); }

/// The same report in Chinese: the planning terms of the documents (达标/未达标,
/// 缺口, 每百户不低于20平方米); a street's centres' reasons one per line.
std::string audit_text_zh(const AuditRun& run, std::size_t max_rows) {
    const std::string zh = "zh";
    const AuditResult& a = run.audit;
    const City& city = run.city;
    const Standards& st = a.standards;
    std::string out;
    out += trf("at.profile_line", zh,
               {{"profile", st.profile},
                {"title", bilingual_part(st.title, zh)},
                {"year", std::to_string(st.year)},
                {"crs", city.working_crs.label()}}) +
           "\n";
    out += trf("at.coverage_line", zh,
               {{"mode", tr(a.coverage.mode == CoverageMode::network ? "mode_network" : "mode_circle", zh)},
                {"threshold", format_number(a.coverage.threshold_m, 0)},
                {"covered", format_number(a.elderly_covered, 0)},
                {"total", format_number(a.elderly_total, 0)},
                {"rate", pct(a.coverage_rate)}}) +
           "\n";
    out += trf("at.area_line", zh,
               {{"area", format_number(st.area_per_100_households_m2, 0)},
                {"meeting", std::to_string(a.estates_meeting_area)},
                {"total", std::to_string(a.estates_with_households)},
                {"rate", pct(a.area_compliance_rate)}}) +
           "\n\n";

    TextTable targets({tr("figure", zh), tr("target", zh), tr("at.value", zh), tr("result", zh)});
    for (const auto& t : a.targets) {
        std::string label = has_translation("target." + t.key) ? tr("target." + t.key, zh) : t.label;
        if (t.key == "new_estate_compliance" && a.new_estates == 0) label += tr("at.no_new_estates", zh);
        targets.add_row({label, t.target ? figure(t, *t.target) : "-", figure(t, t.value),
                         t.target ? verdict_zh(t.pass) : tr("n_a", zh)});
    }
    targets.set_align(1, Align::right);
    targets.set_align(2, Align::right);
    out += targets.render() + "\n";

    TextTable districts({tr("district", zh), tr("population", zh), tr("land_m2", zh), tr("per_capita_m2", zh),
                         tr("minimum", zh), tr("result", zh)});
    for (const auto& d : a.districts) {
        districts.add_row({d.name, format_number(d.population, 0), format_number(d.facility_land_m2, 0),
                           format_number(d.land_per_capita_m2, 3), format_number(st.land_per_capita_min_m2, 2),
                           verdict_zh(d.meets_land)});
    }
    for (std::size_t c = 1; c <= 4; ++c) districts.set_align(c, Align::right);
    out += districts.render() + "\n";

    TextTable estates({tr("id", zh), tr("name", zh), tr("households", zh), tr("required_m2", zh), tr("provided_m2", zh),
                       tr("shortfall_m2", zh)});
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
    out += trf("at.estates_below", zh,
               {{"area", format_number(st.area_per_100_households_m2, 0)}, {"n", std::to_string(failing)}}) +
           "\n";
    if (failing) out += estates.render();
    if (failing > shown) out += trf("at.more_estates", zh, {{"n", std::to_string(failing - shown)}}) + "\n";
    out += "\n";

    auto groups = [&](const std::vector<GroupAudit>& list, const char* title_key, const char* column) {
        TextTable t({tr(column, zh), tr("district", zh), tr("elderly", zh), tr("reason", zh)});
        std::size_t n = 0, s = 0;
        for (const auto& g : list) {
            if (g.compliant) continue;
            ++n;
            if (max_rows && s >= max_rows) continue;
            ++s;
            const auto lines = reason_lines(g.reason, zh);
            t.add_row({g.name, g.district, format_number(g.elderly, 0), lines.empty() ? "" : lines.front()});
            for (std::size_t k = 1; k < lines.size(); ++k) t.add_row({"", "", "", lines[k]});
        }
        t.set_align(2, Align::right);
        out += trf(title_key, zh, {{"n", std::to_string(n)}, {"total", std::to_string(list.size())}}) + "\n";
        if (n) out += t.render();
        if (n > s) out += trf("at.more", zh, {{"n", std::to_string(n - s)}}) + "\n";
        out += "\n";
    };
    groups(a.communities, "at.communities_without", "community");
    groups(a.streets, "at.streets_without", "street");
    const auto& w = run.summary.contains("warnings") ? run.summary["warnings"] : nlohmann::json::array();
    if (!w.empty()) {
        out += trf("at.warnings", zh, {{"n", std::to_string(w.size())}}) + "\n";
        std::size_t k = 0;
        for (const auto& line : w) {
            if (max_rows && k++ >= max_rows) {
                out += "  " + tr("at.more_warnings", zh) + "\n";
                break;
            }
            out += "  " + warning_text(line.get<std::string>(), zh) + "\n";
        }
    }
    return out;
}
}  // namespace

std::string audit_text(const AuditRun& run, std::size_t max_rows, const std::string& lang) {
    return lang == "zh" ? audit_text_zh(run, max_rows) : audit_text_en(run, max_rows);
}

}  // namespace lc::app
