#include "report/cost_report.hpp"

#include "pipeline/outputs.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"

#include <cmath>
#include <sstream>

namespace lc::app {
namespace {

std::string esc(const std::string& s) { return html_escape(s); }
std::string num(double v, int decimals = 0) { return std::isfinite(v) ? format_number(v, decimals, true) : std::string{}; }

/// The payers that appear anywhere in the estimate, in subsidy_payers() order, then "unspecified".
std::vector<std::string> payers_used(const LayoutCosts& c) {
    std::vector<std::string> all = subsidy_payers();
    all.emplace_back("unspecified");
    std::vector<std::string> out;
    for (const auto& p : all) {
        bool used = c.total.subsidy.by_payer.count(p) > 0 || c.total.operating_per_year.by_payer.count(p) > 0;
        for (const auto& u : c.subsidies) used = used || u.parts.count(p) > 0 || (p == "unspecified" && u.parts.empty());
        if (used) out.push_back(p);
    }
    return out;
}

std::string payer_value(const Money& m, const std::string& payer) {
    const auto it = m.by_payer.find(payer);
    return num(it == m.by_payer.end() ? 0.0 : it->second);
}

/// The basis of a construction cost: the profile's source in English; in
/// Chinese the standard wording when the source is the national assumption.
std::string basis_text(const std::string& source, const std::string& lang) {
    if (lang == "zh" && source.rfind("planning assumption", 0) == 0) return tr("cost_basis_assumption", lang);
    if (lang == "zh" && source.rfind("no cost.", 0) == 0) return tr("cost_basis_none", lang);
    return source;
}

std::string level_name(Level level, const std::string& lang) { return kind_label(to_string(level), lang); }

}  // namespace

std::string term_label(int year, const std::vector<int>& phases, const std::string& lang) {
    const std::string term{phase_term(year, phases)};
    if (term.empty()) return std::to_string(year);
    const std::string word = tr("term_" + term, lang);
    return lang == "zh" ? word + "（" + std::to_string(year) + "年）" : word + " (" + std::to_string(year) + ")";
}

std::string cost_report_html(const LayoutRun& layout, const std::string& lang_in) {
    const std::string lang = lang_in == "en" ? "en" : "zh";
    const LayoutCosts& c = layout.costs;
    const auto t = [&](const char* key) { return esc(tr(key, lang)); };
    std::string h = "<h3 id=\"layout-costs-title\">" + t("cost_section") + "</h3>\n";
    // The planning assumption, marked as such, with its basis.
    h += "<p class=\"note\" id=\"layout-cost-assumption\"><strong>" + t("cost_assumption") + "</strong>" + (lang == "zh" ? "：" : ": ");
    bool first = true;
    for (const auto& [level, rate] : c.yuan_per_m2) {
        h += (first ? "" : lang == "zh" ? "；" : "; ") + esc(level_name(level, lang)) + " " + num(rate) + " " + t("yuan_per_m2");
        first = false;
    }
    h += lang == "zh" ? "。" : ". ";
    h += t("cost_basis") + (lang == "zh" ? "：" : ": ");
    // One basis when the levels share it (the Chinese wording), else one per level.
    std::vector<std::pair<Level, std::string>> bases;
    bool same = true;
    for (const auto& [level, source] : c.basis) {
        bases.emplace_back(level, basis_text(source, lang));
        same = same && bases.front().second == bases.back().second;
    }
    if (same && !bases.empty()) bases.resize(1);
    for (std::size_t i = 0; i < bases.size(); ++i) {
        if (bases.size() > 1) h += (i > 0 ? (lang == "zh" ? "；" : "; ") : "") + esc(level_name(bases[i].first, lang)) + (lang == "zh" ? "：" : ": ");
        h += esc(bases[i].second);
    }
    h += "</p>\n<p class=\"note\" id=\"layout-cost-conditions\">" + t("cost_conditions") + "</p>\n";
    if (c.phase_budget) {
        h += "<p class=\"note\" id=\"layout-cost-budget\">" + t("cost_budget") + (lang == "zh" ? "：" : ": ") + num(*c.phase_budget) +
             " " + t("yuan") + (lang == "zh" ? "。" : ". ") + t("cost_budget_rule") + "</p>\n";
    }

    // Per phase and in total.
    const auto payers = payers_used(c);
    h += "<table id=\"layout-costs\">\n<thead><tr><th>" + t("cost_phase") + "</th><th class=\"num\">" + t("cost_rows") +
         "</th><th class=\"num\">" + t("cost_building") + "</th><th class=\"num\">" + t("cost_beds") + "</th><th class=\"num\">" +
         t("cost_construction") + "</th><th class=\"num\">" + t("cost_subsidy") + "</th>";
    for (const auto& p : payers) h += "<th class=\"num\">" + esc(tr("payer_" + p, lang)) + "</th>";
    h += "<th class=\"num\">" + t("cost_operating") + "</th></tr></thead>\n<tbody>\n";
    auto row = [&](const std::string& label, const PhaseCost& p, const char* cls) {
        h += std::string("<tr") + cls + "><td>" + esc(label) + "</td><td class=\"num\">" + std::to_string(p.sites) +
             "</td><td class=\"num\">" + num(p.building_area_m2) + "</td><td class=\"num\">" + num(p.beds) + "</td><td class=\"num\">" +
             num(p.construction_yuan) + "</td><td class=\"num\">" + num(p.subsidy.total) + "</td>";
        for (const auto& payer : payers) h += "<td class=\"num\">" + payer_value(p.subsidy, payer) + "</td>";
        h += "<td class=\"num\">" + num(p.operating_per_year.total) + "</td></tr>\n";
    };
    for (const auto& p : c.phases) row(term_label(p.year, layout.phases, lang), p, "");
    row(tr("term_total", lang), c.total, " class=\"total\"");
    h += "</tbody>\n</table>\n";
    if (c.operating_years) {
        h += "<p class=\"note\">" + t("cost_operating_years") + (lang == "zh" ? "：" : ": ") + std::to_string(*c.operating_years) +
             (lang == "zh" ? "年。" : " years.") + "</p>\n";
    }

    // The subsidies of the profile, with their sources.
    h += "<h4>" + t("cost_subsidy_items") + "</h4>\n";
    if (c.subsidies.empty()) {
        h += "<p class=\"none\" id=\"layout-subsidies-none\">" + t("cost_no_subsidy") + "</p>\n";
    } else {
        h += "<table id=\"layout-subsidies\">\n<thead><tr><th>" + t("cost_item") + "</th><th class=\"num\">" + t("cost_amount") +
             "</th><th>" + t("cost_unit") + "</th><th>" + t("cost_payers") + "</th><th>" + t("cost_source") + "</th>" +
             (lang == "en" ? "<th>" + t("cost_note") + "</th>" : std::string{}) + "</tr></thead>\n<tbody>\n";
        for (const auto& u : c.subsidies) {
            std::string parts;
            for (const auto& payer : subsidy_payers()) {
                const auto it = u.parts.find(payer);
                if (it == u.parts.end()) continue;
                parts += (parts.empty() ? "" : lang == "zh" ? "，" : ", ") + tr("payer_" + payer, lang) + " " + num(it->second);
            }
            if (parts.empty()) parts = tr("payer_unspecified", lang);
            h += "<tr><td>" + esc(tr(u.key, lang)) + "</td><td class=\"num\">" + num(u.yuan) + "</td><td>" +
                 esc(tr("unit_" + u.unit, lang)) + "</td><td>" + esc(parts) + "</td><td>" + esc(u.source) + "</td>" +
                 (lang == "en" ? "<td>" + esc(u.note) + "</td>" : std::string{}) + "</tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }

    // What the budget deferred.
    if (!c.deferred.empty()) {
        h += "<h4>" + t("cost_deferred") + "</h4>\n<table id=\"layout-deferred\">\n<thead><tr><th>" + t("cost_site") + "</th><th>" +
             t("cost_level") + "</th><th>" + t("cost_where") + "</th><th>" + t("cost_from") + "</th><th>" + t("cost_to") +
             "</th><th class=\"num\">" + t("cost_construction") + "</th><th class=\"num\">" + t("cost_served") +
             "</th></tr></thead>\n<tbody>\n";
        for (const auto& d : c.deferred) {
            h += "<tr><td>" + esc(d.site_id) + "</td><td>" + esc(level_name(d.level, lang)) + "</td><td>" + esc(d.where) +
                 "</td><td>" + esc(term_label(d.from, layout.phases, lang)) + "</td><td>" +
                 esc(d.to == 0 ? tr("term_beyond", lang) : term_label(d.to, layout.phases, lang)) + "</td><td class=\"num\">" +
                 num(d.construction_yuan) + "</td><td class=\"num\">" + num(d.elderly_served) + "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    return h;
}

std::string cost_text(const LayoutRun& layout, const std::string& lang) {
    const LayoutCosts& c = layout.costs;
    const bool zh = lang == "zh";
    std::ostringstream o;
    o << (zh ? "投资与补贴估算（建设投资按标准文件的每平方米造价，属规划假定；补贴按城市文件）：\n"
             : "Costs (construction at the profile's yuan/m², a planning assumption; subsidies as the city's documents state them):\n");
    auto line = [&](const std::string& label, const PhaseCost& p) {
        o << "  " << label << (zh ? "：建设投资 " : ": construction ") << num(p.construction_yuan)
          << (zh ? " 元，一次性补贴 " : " yuan, one-off subsidies ") << num(p.subsidy.total) << (zh ? " 元" : " yuan");
        if (!p.subsidy.by_payer.empty()) {
            std::string parts;
            std::vector<std::string> payers = subsidy_payers();
            payers.emplace_back("unspecified");
            for (const auto& payer : payers) {
                const auto it = p.subsidy.by_payer.find(payer);
                if (it == p.subsidy.by_payer.end()) continue;
                parts += (parts.empty() ? "" : zh ? "，" : ", ") + (zh ? tr("payer_" + payer, lang) : payer) + " " + num(it->second);
            }
            o << (zh ? "（" : " (") << parts << (zh ? "）" : ")");
        }
        if (p.operating_per_year.total > 0) {
            o << (zh ? "，运营补贴每年 " : ", operating subsidies ") << num(p.operating_per_year.total) << (zh ? " 元" : " yuan a year");
        }
        o << "\n";
    };
    for (const auto& p : c.phases) line(zh ? term_label(p.year, layout.phases, lang) : std::to_string(p.year) + " " + p.term, p);
    line(tr("term_total", lang), c.total);
    if (!c.deferred.empty()) {
        if (zh) o << "  --phase-budget 预算顺延 " << c.deferred.size() << " 项（见 plan_costs.csv、summary.json costs.deferred）\n";
        else o << "  --phase-budget deferred " << c.deferred.size() << " row(s) (plan_costs.csv, summary.json costs.deferred)\n";
    }
    return o.str();
}

}  // namespace lc::app
