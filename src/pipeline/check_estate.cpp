#include "pipeline/check_estate.hpp"

#include "lc/error.hpp"
#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"

#include <unordered_map>

namespace lc::app {
namespace {

std::string kind_word(FacilityKind kind, const std::string& lang) {
    if (lang == "zh") return kind_label(kind == FacilityKind::none ? std::string_view("other") : to_string(kind), lang);
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

/// The rule as the clause reads it: "每百户不低于20平方米" / "20 m² per 100 households".
std::string area_rule(const Standards& s, const std::string& lang) {
    return trf("ce.rule", lang, {{"area", format_number(s.area_per_100_households_m2, 0)}});
}

/// The source of the area rule in `lang` ("-" when the profile has none).
std::string rule_source(const AuditRun& run, const std::string& lang) {
    const char* key = "estate.area_per_100_households_m2";
    if (!run.profile.has(key)) return "-";
    return lang == "zh" ? run.profile.source_zh(key) : run.profile.source(key);
}

std::string profile_line(const AuditRun& run, const std::string& lang) {
    const Standards& s = run.standards;
    return trf("ce.profile_line", lang,
               {{"profile", s.profile}, {"title", bilingual_part(s.title, lang)}, {"year", std::to_string(s.year)}});
}

EstateVerdict review(const AuditRun& run, std::size_t i, const std::string& lang) {
    const Estate& e = run.city.estates[i];
    const EstateAudit& a = run.audit.estates[i];
    const Standards& s = run.standards;
    const bool zh = lang == "zh";
    EstateVerdict v;
    v.index = i;
    std::string has;
    for (auto j : a.facilities) {
        const Facility& f = run.city.facilities[j];
        if (!has.empty()) has += zh ? "、" : ", ";
        has += kind_word(f.kind, lang) + " " + f.id + " " + format_number(f.building_area, 0) + " m²";
    }
    const std::string needs = trf("ce.needs", lang,
                                  {{"required", format_number(a.required_area_m2, 0)},
                                   {"households", format_number(e.households, 0)},
                                   {"area", format_number(s.area_per_100_households_m2, 0)}});
    const std::string provided =
        trf("ce.has", lang, {{"provided", format_number(a.provided_area_m2, 0)}}) +
        (has.empty() ? tr("ce.no_facility", lang) : (zh ? "（" + has + "）" : " (" + has + ")"));
    const bool area_ok = a.provided_area_m2 + 1e-9 >= a.required_area_m2;
    v.summary = e.id + (e.name.empty() ? "" : " " + e.name) + (zh ? "：" : ": ") + needs + (zh ? "，" : ", ") + provided;
    if (!area_ok) {
        v.summary += trf("ce.short_by", lang, {{"shortfall", format_number(a.shortfall_m2, 0)}});
        v.reasons.push_back(trf("ce.reason_area", lang,
                                {{"provided", format_number(a.provided_area_m2, 0)},
                                 {"required", format_number(a.required_area_m2, 0)},
                                 {"rule", area_rule(s, lang)},
                                 {"shortfall", format_number(a.shortfall_m2, 0)}}));
    }
    if (a.below_min_single_site && s.min_single_site_area_m2) {
        v.reasons.push_back(trf("ce.reason_single_site", lang, {{"area", format_number(*s.min_single_site_area_m2, 0)}}));
    }
    if (e.households <= 0) v.notes.push_back(tr("ce.no_households", lang));
    if (std::isfinite(a.coverage.nearest_m)) {
        const bool network = run.audit.coverage.mode == CoverageMode::network;
        v.notes.push_back(trf("ce.nearest", lang,
                              {{"mode", zh ? tr(network ? "mode_network" : "mode_circle", lang)
                                           : std::string(to_string(run.audit.coverage.mode))},
                               {"facility", a.coverage.nearest_facility},
                               {"distance", format_number(a.coverage.nearest_m, 0)},
                               {"inside", trf(a.coverage.covered ? "ce.inside" : "ce.outside", lang,
                                              {{"threshold", format_number(run.audit.coverage.threshold_m, 0)}})}}));
    }
    v.pass = v.reasons.empty();
    v.summary += tr(v.pass ? "ce.verdict_pass" : "ce.verdict_fail", lang);
    return v;
}

}  // namespace

std::vector<EstateVerdict> check_estates(const AuditRun& run, const std::vector<std::string>& ids, bool all_new,
                                         const std::string& lang) {
    std::vector<EstateVerdict> out;
    if (all_new) {
        for (std::size_t i = 0; i < run.city.estates.size(); ++i) {
            if (run.city.estates[i].is_new) out.push_back(review(run, i, lang));
        }
        if (out.empty() && ids.empty()) throw ArgumentError("check-estate --new: no estate has is_new = 1");
    }
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < run.city.estates.size(); ++i) by_id.emplace(run.city.estates[i].id, i);
    for (const auto& id : ids) {
        auto it = by_id.find(id);
        if (it == by_id.end()) throw ArgumentError("check-estate: no estate with id '" + id + "' in the estates layer");
        out.push_back(review(run, it->second, lang));
    }
    if (out.empty()) throw ArgumentError("check-estate: name estates with --estate ID or use --new");
    return out;
}

std::string review_markdown(const AuditRun& run, const std::vector<EstateVerdict>& verdicts, const std::string& lang) {
    const bool zh = lang == "zh";
    const std::string sep = zh ? "：" : ": ";
    std::string md;
    for (std::size_t k = 0; k < verdicts.size(); ++k) {
        const auto& v = verdicts[k];
        const Estate& e = run.city.estates[v.index];
        const EstateAudit& a = run.audit.estates[v.index];
        if (k) md += "\n---\n\n";
        md += "# " + tr("ce.title", lang) + sep + e.id + " " + e.name + "\n\n";
        md += "**" + tr("ce.result", lang) + sep + tr(v.pass ? "ce.pass" : "ce.fail", lang) + "**\n\n";
        md += "| " + tr("ce.item", lang) + " | " + tr("ce.value", lang) + " |\n|---|---|\n";
        md += "| " + tr("ce.profile", lang) + " | " + profile_line(run, lang) + " |\n";
        md += "| " + tr("ce.where", lang) + " | " + e.community + " / " + e.street + " / " + e.district + " |\n";
        md += "| " + tr("ce.households", lang) + " | " + format_number(e.households, 0) + " |\n";
        md += "| " + tr("ce.required", lang) + " | " + format_number(a.required_area_m2, 0) + " m²" +
              (zh ? "（" + area_rule(run.standards, lang) + "）" : " (" + area_rule(run.standards, lang) + ")") + " |\n";
        md += "| " + tr("ce.provided", lang) + " | " + format_number(a.provided_area_m2, 0) + " m² |\n";
        md += "| " + tr("ce.shortfall", lang) + " | " + format_number(a.shortfall_m2, 0) + " m² |\n\n";
        md += v.summary + "\n\n";
        if (!v.reasons.empty()) {
            md += tr("ce.reasons", lang) + sep + "\n\n";
            for (const auto& r : v.reasons) md += "- " + r + "\n";
            md += "\n";
        }
        if (!v.notes.empty()) {
            md += tr("ce.notes", lang) + sep + "\n\n";
            for (const auto& n : v.notes) md += "- " + n + "\n";
            md += "\n";
        }
        md += tr("ce.source", lang) + sep + rule_source(run, lang) + "\n\n" + tr("ce.sign", lang) + "\n";
    }
    return md;
}

std::string review_html(const AuditRun& run, const std::vector<EstateVerdict>& verdicts, const std::string& lang) {
    const bool zh = lang == "zh";
    const std::string sep = zh ? "：" : ": ";
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(zh ? "zh-CN" : "en") + "\"><head><meta charset=\"utf-8\"><title>" +
                    html_escape(tr("ce.title", lang)) + "</title>\n"
                    "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto}"
                    "section{page-break-after:always;margin-bottom:3em}table{border-collapse:collapse}"
                    "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}"
                    ".pass{color:#17643a}.fail{color:#a11}</style></head><body>\n";
    for (const auto& v : verdicts) {
        const Estate& e = run.city.estates[v.index];
        const EstateAudit& a = run.audit.estates[v.index];
        h += "<section><h1>" + html_escape(tr("ce.title", lang) + sep + e.id + " " + e.name) + "</h1>\n";
        h += std::string("<p class=\"") + (v.pass ? "pass" : "fail") + "\"><strong>" +
             html_escape(tr("ce.result", lang) + sep + tr(v.pass ? "ce.pass" : "ce.fail", lang)) + "</strong></p>\n<table>\n";
        auto row = [&h](const std::string& k, const std::string& val) {
            h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(val) + "</td></tr>\n";
        };
        row(tr("ce.profile", lang), profile_line(run, lang));
        row(tr("ce.where", lang), e.community + " / " + e.street + " / " + e.district);
        row(tr("ce.households", lang), format_number(e.households, 0));
        row(tr("ce.required", lang), format_number(a.required_area_m2, 0) + " m²" +
                                         (zh ? "（" + area_rule(run.standards, lang) + "）" : " (" + area_rule(run.standards, lang) + ")"));
        row(tr("ce.provided", lang), format_number(a.provided_area_m2, 0) + " m²");
        row(tr("ce.shortfall", lang), format_number(a.shortfall_m2, 0) + " m²");
        h += "</table>\n<p>" + html_escape(v.summary) + "</p>\n";
        if (!v.reasons.empty()) {
            h += "<h2>" + html_escape(tr("ce.reasons", lang)) + "</h2><ul>";
            for (const auto& r : v.reasons) h += "<li>" + html_escape(r) + "</li>";
            h += "</ul>\n";
        }
        if (!v.notes.empty()) {
            h += "<h2>" + html_escape(tr("ce.notes", lang)) + "</h2><ul>";
            for (const auto& n : v.notes) h += "<li>" + html_escape(n) + "</li>";
            h += "</ul>\n";
        }
        h += "<p>" + html_escape(tr("ce.source", lang) + sep + rule_source(run, lang)) + "</p>\n";
        h += "<p>" + html_escape(tr("ce.sign", lang)) + "</p></section>\n";
    }
    h += "</body></html>\n";
    return h;
}

}  // namespace lc::app
