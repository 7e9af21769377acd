#include "pipeline/check_estate.hpp"

#include "lc/error.hpp"
#include "pipeline/outputs.hpp"

#include <unordered_map>

namespace lc::app {
namespace {

std::string kind_word(FacilityKind kind) {
    switch (kind) {
        case FacilityKind::station: return "station";
        case FacilityKind::day_care: return "day-care centre";
        case FacilityKind::centre: return "centre";
        case FacilityKind::institution: return "institution";
        case FacilityKind::rural_home: return "rural home";
        case FacilityKind::none: break;
    }
    return "facility";
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

EstateVerdict review(const AuditRun& run, std::size_t i) {
    const Estate& e = run.city.estates[i];
    const EstateAudit& a = run.audit.estates[i];
    const Standards& s = run.standards;
    EstateVerdict v;
    v.index = i;
    std::string has;
    for (auto j : a.facilities) {
        const Facility& f = run.city.facilities[j];
        if (!has.empty()) has += ", ";
        has += kind_word(f.kind) + " " + f.id + " " + format_number(f.building_area, 0) + " m²";
    }
    const std::string needs = "needs " + format_number(a.required_area_m2, 0) + " m² (" +
                              format_number(e.households, 0) + " households × " +
                              format_number(s.area_per_100_households_m2, 0) + " m²/100)";
    const std::string provided =
        "has " + format_number(a.provided_area_m2, 0) + " m²" + (has.empty() ? " (no facility)" : " (" + has + ")");
    const bool area_ok = a.provided_area_m2 + 1e-9 >= a.required_area_m2;
    v.summary = e.id + (e.name.empty() ? "" : " " + e.name) + ": " + needs + ", " + provided;
    if (!area_ok) {
        v.summary += "; short by " + format_number(a.shortfall_m2, 0) + " m²";
        v.reasons.push_back("elderly-service building area " + format_number(a.provided_area_m2, 0) + " m² is below the " +
                            format_number(a.required_area_m2, 0) + " m² required (" +
                            format_number(s.area_per_100_households_m2, 0) + " m² per 100 households); short by " +
                            format_number(a.shortfall_m2, 0) + " m²");
    }
    if (a.below_min_single_site && s.min_single_site_area_m2) {
        v.reasons.push_back("no single facility reaches the minimum site of " +
                            format_number(*s.min_single_site_area_m2, 0) + " m²");
    }
    if (e.households <= 0) v.notes.push_back("no households: nothing is required");
    if (std::isfinite(a.coverage.nearest_m)) {
        v.notes.push_back("15-minute circle (" + std::string(to_string(run.audit.coverage.mode)) + "): nearest facility " +
                          a.coverage.nearest_facility + " at " + format_number(a.coverage.nearest_m, 0) + " m, " +
                          (a.coverage.covered ? "inside" : "outside") + " the " +
                          format_number(run.audit.coverage.threshold_m, 0) + " m threshold");
    }
    v.pass = v.reasons.empty();
    v.summary += v.pass ? ": pass" : ": FAIL";
    return v;
}

}  // namespace

std::vector<EstateVerdict> check_estates(const AuditRun& run, const std::vector<std::string>& ids, bool all_new) {
    std::vector<EstateVerdict> out;
    if (all_new) {
        for (std::size_t i = 0; i < run.city.estates.size(); ++i) {
            if (run.city.estates[i].is_new) out.push_back(review(run, i));
        }
        if (out.empty() && ids.empty()) throw ArgumentError("check-estate --new: no estate has is_new = 1");
    }
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < run.city.estates.size(); ++i) by_id.emplace(run.city.estates[i].id, i);
    for (const auto& id : ids) {
        auto it = by_id.find(id);
        if (it == by_id.end()) throw ArgumentError("check-estate: no estate with id '" + id + "' in the estates layer");
        out.push_back(review(run, it->second));
    }
    if (out.empty()) throw ArgumentError("check-estate: name estates with --estate ID or use --new");
    return out;
}

std::string review_markdown(const AuditRun& run, const std::vector<EstateVerdict>& verdicts) {
    std::string md;
    for (std::size_t k = 0; k < verdicts.size(); ++k) {
        const auto& v = verdicts[k];
        const Estate& e = run.city.estates[v.index];
        const EstateAudit& a = run.audit.estates[v.index];
        if (k) md += "\n---\n\n";
        md += "# Completion-acceptance review 竣工验收审查: " + e.id + " " + e.name + "\n\n";
        md += "**Result: " + std::string(v.pass ? "PASS 合格" : "FAIL 不合格") + "**\n\n";
        md += "| item | value |\n|---|---|\n";
        md += "| profile | " + run.standards.profile + " (" + run.standards.title + "), year " +
              std::to_string(run.standards.year) + " |\n";
        md += "| community / street / district | " + e.community + " / " + e.street + " / " + e.district + " |\n";
        md += "| households | " + format_number(e.households, 0) + " |\n";
        md += "| required building area | " + format_number(a.required_area_m2, 0) + " m² (" +
              format_number(run.standards.area_per_100_households_m2, 0) + " m² per 100 households) |\n";
        md += "| provided building area | " + format_number(a.provided_area_m2, 0) + " m² |\n";
        md += "| shortfall | " + format_number(a.shortfall_m2, 0) + " m² |\n\n";
        md += v.summary + "\n\n";
        if (!v.reasons.empty()) {
            md += "Reasons:\n\n";
            for (const auto& r : v.reasons) md += "- " + r + "\n";
            md += "\n";
        }
        if (!v.notes.empty()) {
            md += "Notes:\n\n";
            for (const auto& n : v.notes) md += "- " + n + "\n";
            md += "\n";
        }
        md += "Source of the rule: " +
              (run.profile.has("estate.area_per_100_households_m2")
                   ? run.profile.source("estate.area_per_100_households_m2")
                   : std::string("-")) +
              "\n\nReviewer: ____________  Date: ____________\n";
    }
    return md;
}

std::string review_html(const AuditRun& run, const std::vector<EstateVerdict>& verdicts) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>lifecircle review</title>\n"
                    "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto}"
                    "section{page-break-after:always;margin-bottom:3em}table{border-collapse:collapse}"
                    "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}"
                    ".pass{color:#17643a}.fail{color:#a11}</style></head><body>\n";
    for (const auto& v : verdicts) {
        const Estate& e = run.city.estates[v.index];
        const EstateAudit& a = run.audit.estates[v.index];
        h += "<section><h1>竣工验收审查 Completion-acceptance review: " + html_escape(e.id + " " + e.name) + "</h1>\n";
        h += std::string("<p class=\"") + (v.pass ? "pass" : "fail") + "\"><strong>" +
             (v.pass ? "PASS 合格" : "FAIL 不合格") + "</strong></p>\n<table>\n";
        auto row = [&h](const std::string& k, const std::string& val) {
            h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(val) + "</td></tr>\n";
        };
        row("profile", run.standards.profile + " (" + run.standards.title + "), year " + std::to_string(run.standards.year));
        row("community / street / district", e.community + " / " + e.street + " / " + e.district);
        row("households", format_number(e.households, 0));
        row("required building area", format_number(a.required_area_m2, 0) + " m²");
        row("provided building area", format_number(a.provided_area_m2, 0) + " m²");
        row("shortfall", format_number(a.shortfall_m2, 0) + " m²");
        h += "</table>\n<p>" + html_escape(v.summary) + "</p>\n";
        if (!v.reasons.empty()) {
            h += "<h2>Reasons</h2><ul>";
            for (const auto& r : v.reasons) h += "<li>" + html_escape(r) + "</li>";
            h += "</ul>\n";
        }
        if (!v.notes.empty()) {
            h += "<h2>Notes</h2><ul>";
            for (const auto& n : v.notes) h += "<li>" + html_escape(n) + "</li>";
            h += "</ul>\n";
        }
        h += "<p>Reviewer: ____________ &nbsp; Date: ____________</p></section>\n";
    }
    h += "</body></html>\n";
    return h;
}

}  // namespace lc::app
