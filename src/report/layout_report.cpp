#include "report/layout_report.hpp"

#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "report/cost_report.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace lc::app {
namespace {

constexpr Level k_levels[] = {Level::station, Level::centre, Level::institution};

std::string level_label(Level level, bool zh) {
    switch (level) {
        case Level::station: return zh ? "社区养老服务站" : "community stations";
        case Level::centre: return zh ? "街道综合养老服务中心" : "street centres";
        case Level::institution: return zh ? "区县养老机构" : "district institutions";
        case Level::land: break;
    }
    return std::string(to_string(level));
}

/// "526 elderly" / "526人": a figure with its unit, Chinese units written close up
/// (m² keeps its space).
std::string with_unit(const std::string& figure, const std::string& unit, const std::string& lang) {
    const std::string u = unit_text(unit, lang);
    return lang == "zh" && u != "m²" ? figure + u : figure + " " + u;
}

/// A parcel's land use for a map title: the zh word for the known uses, else as given.
std::string land_use_word(const std::string& raw, const std::string& lang) {
    const std::string key = "land_use." + raw;
    return lang == "zh" && has_translation(key) ? tr(key, lang) : raw;
}

/// 近期 / 中期 / 远期 (near / mid / long term) of the k-th of n phases.
/// "近期" / "near term" for phase k of n (phase_term's rule).
std::string term_label(std::size_t k, std::size_t n, const std::string& lang) {
    return tr("term_" + std::string(phase_term(k, n)), lang);
}

/// The same colours as the facility kinds on the main map and in the QGIS style.
std::string level_colour(Level level) { return std::string(kind_colour(parse_facility_kind(to_string(level)).value())); }

std::string fmt(double v, int decimals = 0) {
    if (!std::isfinite(v)) return "";
    return format_number(v, decimals, true);
}

std::string esc(const std::string& s) { return html_escape(s); }

/// A map of one phase: estates grey, districts outlined, existing facilities as
/// small dots, the sites built by then as circles (filled = built in this phase).
std::string phase_map(const LayoutRun& layout, const PlanRun& plan, int year, const std::string& lang) {
    const City& city = plan.before.city;
    geo::Box box{1e300, 1e300, -1e300, -1e300};
    auto grow = [&](const geo::Box& b) { box = box.united(b); };
    for (const auto& e : city.estates) grow(e.geometry.bounds());
    for (const auto& p : layout.parcels) grow(p.geometry.bounds());
    if (box.min_x > box.max_x) return {};
    const double mx = 0.03 * (box.max_x - box.min_x + 1), my = 0.03 * (box.max_y - box.min_y + 1);
    MapFrame f;
    f.box = {box.min_x - mx, box.min_y - my, box.max_x + mx, box.max_y + my};
    f.precision_m = 1.0;
    const double r = std::max(f.width(), f.height()) / 160.0;
    std::string s = "<svg class=\"layout-map\" id=\"layout-map-" + std::to_string(year) + "\" viewBox=\"0 0 " +
                    f.number(f.width()) + " " + f.number(f.height()) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" style=\"max-width:900px;width:100%;background:#fff\">\n";
    for (const auto& d : city.districts) {
        s += "<path d=\"" + svg_path_data(d.geometry, f) + "\" fill=\"none\" stroke=\"#999\" stroke-width=\"" +
             f.number(r / 2) + "\" stroke-dasharray=\"" + f.number(r * 2) + "\"/>\n";
    }
    for (const auto& e : city.estates) {
        s += "<path class=\"estate\" d=\"" + svg_path_data(e.geometry, f) + "\" fill=\"#e4e4e4\" stroke=\"#bbb\" stroke-width=\"" +
             f.number(r / 5) + "\"/>\n";
    }
    for (const auto& p : layout.parcels) {
        s += "<path class=\"parcel\" d=\"" + svg_path_data(p.geometry, f) + "\" fill=\"#fff7d6\" stroke=\"#c9a227\" stroke-width=\"" +
             f.number(r / 4) + "\"><title>" + esc(p.id + " " + land_use_word(p.land_use_raw, lang) + " " + fmt(p.area_m2) + " m²") + "</title></path>\n";
    }
    for (const auto& fac : city.facilities) {
        const geo::Point c = f.to_svg(fac.point);
        s += "<circle class=\"facility\" cx=\"" + f.number(c.x) + "\" cy=\"" + f.number(c.y) + "\" r=\"" + f.number(r / 2) +
             "\" fill=\"#555\"><title>" + esc(fac.id + " " + (lang == "zh" ? kind_label(fac.kind, lang) : std::string(to_string(fac.kind)))) + "</title></circle>\n";
    }
    for (const auto& site : layout.sites) {
        if (site.phase > year) continue;
        const geo::Point c = f.to_svg(site.point);
        const bool now = site.phase == year;
        const std::string col = level_colour(site.level);
        const double rr = site.level == Level::station ? r : site.level == Level::centre ? r * 1.4 : r * 1.8;
        s += "<circle class=\"layout-site\" cx=\"" + f.number(c.x) + "\" cy=\"" + f.number(c.y) + "\" r=\"" + f.number(rr) +
             "\" fill=\"" + (now ? col : std::string("#fff")) + "\" stroke=\"" + col + "\" stroke-width=\"" + f.number(r / 3) +
             "\"><title>" + esc(site.id + " " + level_text(to_string(site.level), lang) + " " + action_text(to_string(site.action), lang) + " " + std::to_string(site.phase) + " " +
                               (site.parcel_id.empty() ? site.facility_id : site.parcel_id)) +
             "</title></circle>\n";
    }
    s += "</svg>\n";
    return s;
}

}  // namespace

std::string layout_report_html(const LayoutRun& layout, const PlanRun& plan, const std::string& lang) {
    const bool zh = lang == "zh";
    std::string h = "<section id=\"layout\">\n<h2>" + esc(tr("lr.title", lang)) + "</h2>\n";
    const auto& a = layout.assumptions;
    std::string terms;
    for (std::size_t k = 0; k < layout.phases.size(); ++k) {
        terms += (k ? (zh ? "、" : ", ") : "") + std::to_string(layout.phases[k]) + (zh ? "年" : "") + " " +
                 term_label(k, layout.phases.size(), lang);
    }
    h += "<p class=\"note\" id=\"layout-assumptions\">" +
         esc(trf("lr.assumptions", lang,
                 {{"base", std::to_string(layout.base_year)},
                  {"phases", terms},
                  {"station_ratio", fmt(a.station_plot_ratio, 2)},
                  {"centre_ratio", fmt(a.centre_plot_ratio, 2)},
                  {"land_per_bed", fmt(a.institution_land_per_bed_m2, 0)},
                  {"floor_per_bed", fmt(a.institution_floor_per_bed_m2, 0)}})) +
         "</p>\n";
    for (std::size_t k = 0; k < layout.phases.size(); ++k) {
        const int year = layout.phases[k];
        h += "<h3 id=\"layout-phase-" + std::to_string(year) + "\">" +
             esc(trf("lr.phase", lang,
                     {{"n", std::to_string(k + 1)},
                      {"year", std::to_string(year)},
                      {"term", term_label(k, layout.phases.size(), lang)}})) +
             "</h3>\n<figure>" + phase_map(layout, plan, year, lang) + "</figure>\n";
        for (const Level level : k_levels) {
            std::vector<const LayoutSite*> rows;
            for (const auto& s : layout.sites) {
                if (s.phase == year && s.level == level) rows.push_back(&s);
            }
            const std::string id = "layout-" + std::to_string(year) + "-" + std::string(to_string(level));
            h += "<h4>" + esc(level_label(level, zh)) + " · " + std::to_string(rows.size()) + "</h4>\n";
            if (rows.empty()) {
                h += "<p class=\"none\" id=\"" + id + "-none\">" + esc(tr("lr.none_this_phase", lang)) + "</p>\n";
                continue;
            }
            h += "<table id=\"" + id + "\">\n<thead><tr><th>" + esc(tr("lr.col_id", lang)) + "</th><th>" +
                 esc(tr("lr.col_action", lang)) + "</th><th>" + esc(tr("lr.col_where", lang)) + "</th><th class=\"num\">" +
                 esc(tr("lr.col_building", lang)) + "</th><th class=\"num\">" + esc(tr("lr.col_land", lang)) +
                 "</th><th class=\"num\">" + esc(tr("lr.col_beds", lang)) + "</th><th class=\"num\">" +
                 esc(tr("lr.col_nursing", lang)) + "</th><th>" + esc(tr("lr.col_serves", lang)) + "</th><th>" +
                 esc(tr("lr.col_reason", lang)) + "</th></tr></thead>\n<tbody>\n";
            for (const auto* s : rows) {
                std::string serves;
                for (std::size_t q = 0; q < s->serves.size(); ++q) {
                    if (q == 8) {
                        serves += (zh ? "等" : ", … (") + std::to_string(s->serves.size()) + (zh ? "处" : ")");
                        break;
                    }
                    serves += (q ? (zh ? "、" : ", ") : "") + s->serves[q];
                }
                h += "<tr><td>" + esc(s->id) + "</td><td>" + esc(action_text(to_string(s->action), lang)) + "</td><td>" +
                     esc(s->parcel_id.empty() ? s->facility_id : s->parcel_id) + "</td><td class=\"num\">" +
                     fmt(s->building_area_m2) + "</td><td class=\"num\">" + fmt(s->land_area_m2) + "</td><td class=\"num\">" +
                     fmt(s->beds) + "</td><td class=\"num\">" + fmt(s->nursing_beds) + "</td><td>" + esc(serves) +
                     "</td><td>" + esc(layout_reason_text(s->reason, lang)) + "</td></tr>\n";
            }
            h += "</tbody>\n</table>\n";
        }
    }
    // Districts against their targets.
    h += "<h3>" + esc(tr("lr.districts", lang)) + "</h3>\n";
    h += "<table id=\"layout-districts\">\n<thead><tr><th>" + esc(tr("district", lang)) + "</th><th>" +
         esc(tr("lr.col_target", lang)) + "</th><th class=\"num\">" + esc(tr("lr.today", lang)) + "</th>";
    for (int y : layout.phases) h += "<th class=\"num\">" + esc(trf("lr.year", lang, {{"year", std::to_string(y)}})) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
    for (const auto& d : layout.districts) {
        for (const auto& f : d.figures) {
            h += "<tr><td>" + esc(d.id + " " + d.name) + "</td><td>" + esc(layout_target_text(f.target, lang)) + "</td>";
            for (std::size_t c = 0; c < f.value.size(); ++c) {
                const int dec = f.unit == "share" ? 3 : f.unit == "m²/person" ? 3 : f.unit == "beds/1000 elderly" ? 1 : 0;
                const bool has = std::isfinite(f.required[c]);
                const bool ok = !has || f.value[c] + 1e-9 >= f.required[c];
                h += std::string("<td class=\"num") + (ok ? "" : " fail") + "\">" + fmt(f.value[c], dec) +
                     (has ? " / " + fmt(f.required[c], dec) : "") + "</td>";
            }
            h += "</tr>\n";
        }
    }
    h += "</tbody>\n</table>\n";
    h += "<p class=\"note\">" + esc(tr("lr.districts_note", lang)) + "</p>\n";
    h += "<h3>" + esc(tr("lr.unmet", lang)) + "</h3>\n";
    if (layout.unmet.empty()) {
        h += "<p class=\"none\" id=\"layout-unmet-none\">" + esc(tr("lr.all_met", lang)) + "</p>\n";
    } else {
        h += "<table id=\"layout-unmet\">\n<thead><tr><th>" + esc(tr("lr.col_phase", lang)) + "</th><th>" +
             esc(tr("lr.col_level", lang)) + "</th><th>" + esc(tr("lr.col_target", lang)) + "</th><th>" +
             esc(tr("lr.col_place", lang)) + "</th><th class=\"num\">" + esc(tr("lr.col_shortfall", lang)) + "</th><th>" +
             esc(tr("lr.col_reason", lang)) + "</th></tr></thead>\n<tbody>\n";
        for (const auto& u : layout.unmet) {
            h += "<tr><td>" + std::to_string(u.phase) + "</td><td>" + esc(level_text(to_string(u.level), lang)) + "</td><td>" +
                 esc(layout_target_text(u.target, lang)) + "</td><td>" + esc(u.where) + "</td><td class=\"num fail\">" +
                 esc(with_unit(fmt(u.shortfall, 0), u.unit, lang)) + "</td><td>" + esc(layout_reason_text(u.reason, lang)) +
                 "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    h += cost_report_html(layout, lang);
    if (!layout.notes.empty()) {
        h += "<ul id=\"layout-notes\">\n";
        for (const auto& n : layout.notes) h += "<li>" + esc(layout_reason_text(n, lang)) + "</li>\n";
        h += "</ul>\n";
    }
    h += "</section>\n";
    return h;
}

void append_layout_report(const std::filesystem::path& report, const LayoutRun& layout, const PlanRun& plan,
                          const std::string& lang_in) {
    std::string page;
    {
        std::ifstream in(report, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        page = ss.str();
    }
    const std::string lang = resolve_lang(lang_in, plan.before.standards.profile);
    const std::string section = layout_report_html(layout, plan, lang);
    if (const auto nav = page.find("</ul></nav>"); nav != std::string::npos) {
        page.insert(nav, "<li><a href=\"#layout\">" + esc(tr("lr.title", lang)) + "</a></li>");
    }
    const auto at = page.rfind("<footer>");
    const auto body = page.rfind("</body>");
    if (at != std::string::npos) page.insert(at, section);
    else if (body != std::string::npos) page.insert(body, section);
    else page += section;
    geo::write_text_file(report, page);
}

namespace {
std::string layout_text_en(const LayoutRun& layout) {
    std::ostringstream o;
    o << "Layout plan, base year " << layout.base_year << ":\n";
    for (int y : layout.phases) {
        o << "  " << y << ":";
        for (const Level level : k_levels) {
            std::map<SiteAction, int> n;
            for (const auto& s : layout.sites) {
                if (s.phase == y && s.level == level) ++n[s.action];
            }
            o << " " << to_string(level) << " " << n[SiteAction::build] << " new";
            if (n[SiteAction::enlarge]) o << " + " << n[SiteAction::enlarge] << " enlarged";
            if (n[SiteAction::land_reserve]) o << " + " << n[SiteAction::land_reserve] << " land reserves";
            o << ";";
        }
        o << "\n";
    }
    if (layout.unmet.empty()) {
        o << "Every target is met in the final phase.\n";
    } else {
        o << "Unmet targets (" << layout.unmet.size() << "; all in plan_unmet.csv):\n";
        std::map<std::string, int> shown;
        std::map<std::string, int> hidden;
        for (const auto& u : layout.unmet) {
            const std::string key = std::to_string(u.phase) + " " + std::string(to_string(u.level)) + " " + u.target;
            if (shown[key] >= 5) {
                ++hidden[key];
                continue;
            }
            ++shown[key];
            o << "  " << key << " " << u.where << ": short by "
              << format_number(u.shortfall, u.unit == "share" ? 3 : 0) << " " << u.unit << " (" << u.reason << ")\n";
        }
        for (const auto& [key, n] : hidden) o << "  " << key << ": " << n << " more\n";
    }
    for (const auto& n : layout.notes) o << "Note: " << n << "\n";
    return o.str();
}
}  // namespace

std::string layout_text(const LayoutRun& layout, const std::string& lang) {
    if (lang != "zh") return layout_text_en(layout);
    const std::string zh = "zh";
    std::ostringstream o;
    o << trf("lr.text_head", zh, {{"base", std::to_string(layout.base_year)}}) << "\n";
    for (std::size_t k = 0; k < layout.phases.size(); ++k) {
        const int y = layout.phases[k];
        o << "  " << y << "年（" << term_label(k, layout.phases.size(), zh) << "）：";
        bool first = true;
        for (const Level level : k_levels) {
            std::map<SiteAction, int> n;
            for (const auto& s : layout.sites) {
                if (s.phase == y && s.level == level) ++n[s.action];
            }
            o << (first ? "" : "；") << level_label(level, true) << "新建" << n[SiteAction::build] << "处";
            if (n[SiteAction::enlarge]) o << "、扩建" << n[SiteAction::enlarge] << "处";
            if (n[SiteAction::land_reserve]) o << "、预留用地" << n[SiteAction::land_reserve] << "处";
            first = false;
        }
        o << "\n";
    }
    if (layout.unmet.empty()) {
        o << tr("lr.all_met", zh) << "\n";
    } else {
        o << trf("lr.text_unmet", zh, {{"n", std::to_string(layout.unmet.size())}}) << "\n";
        std::map<std::string, int> shown;
        std::map<std::string, int> hidden;
        for (const auto& u : layout.unmet) {
            const std::string key = std::to_string(u.phase) + "年 " + level_text(to_string(u.level), zh) + " " +
                                    layout_target_text(u.target, zh);
            if (shown[key] >= 5) {
                ++hidden[key];
                continue;
            }
            ++shown[key];
            o << "  " << key << " " << u.where << "：缺口" << with_unit(format_number(u.shortfall, u.unit == "share" ? 3 : 0), u.unit, zh)
              << "（" << layout_reason_text(u.reason, zh) << "）\n";
        }
        for (const auto& [key, n] : hidden) o << "  " << key << "：另有" << n << "项\n";
    }
    for (const auto& n : layout.notes) o << "注：" << layout_reason_text(n, zh) << "\n";
    return o.str();
}

}  // namespace lc::app
