#include "report/svg_map.hpp"

#include "pipeline/outputs.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <numbers>
#include <set>

namespace lc::app {
namespace {

// --- Sizes, colours, small builders ---------------------------------------------

struct Style {
    double px = 1;  ///< metres per nominal pixel
    [[nodiscard]] std::string w(double pixels, const MapFrame& f) const { return f.number(pixels * px); }
};

std::string attr_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

std::string polygon_points(const std::vector<geo::Point>& pts) {
    std::string s;
    for (const auto& p : pts) s += (s.empty() ? "" : " ") + attr_num(p.x) + "," + attr_num(p.y);
    return s;
}

/// The marker of a facility kind centred on (x, y) with half-size r (SVG units):
/// the shape of kind_shape() in the colour of kind_colour().
std::string kind_marker(FacilityKind kind, double x, double y, double r, const std::string& extra) {
    const std::string common = " fill=\"" + std::string(kind_colour(kind)) + "\"" + extra;
    const std::string_view shape = kind_shape(kind);
    auto circle = [&](double radius) {
        return "<circle cx=\"" + attr_num(x) + "\" cy=\"" + attr_num(y) + "\" r=\"" + attr_num(radius) + "\"" + common + "/>";
    };
    if (kind == FacilityKind::none) return circle(r * 0.6);
    if (shape == "circle") return circle(r * 0.9);
    if (shape == "square") {
        const double s = r * 0.8;
        return "<rect x=\"" + attr_num(x - s) + "\" y=\"" + attr_num(y - s) + "\" width=\"" + attr_num(2 * s) +
               "\" height=\"" + attr_num(2 * s) + "\"" + common + "/>";
    }
    std::vector<geo::Point> pts;
    if (shape == "diamond") {
        const double s = r * 1.15;
        pts = {{x, y - s}, {x + s, y}, {x, y + s}, {x - s, y}};
    } else if (shape == "triangle") {
        const double s = r * 1.2;
        pts = {{x, y - s}, {x + s * 0.95, y + s * 0.75}, {x - s * 0.95, y + s * 0.75}};
    } else {  // pentagon
        for (int i = 0; i < 5; ++i) {
            const double a = -std::numbers::pi / 2 + i * 2 * std::numbers::pi / 5;
            pts.push_back({x + r * std::cos(a), y + r * std::sin(a)});
        }
    }
    return "<polygon points=\"" + polygon_points(pts) + "\"" + common + "/>";
}

/// The CSS class suffix of a kind: its name, "other" for none.
std::string kind_class(FacilityKind kind) { return kind == FacilityKind::none ? "other" : std::string(to_string(kind)); }

std::string barrier_class(const std::string& kind) {
    if (kind == "river" || kind == "railway" || kind == "motorway") return kind;
    return "other";
}

geo::Box extend(geo::Box b, const geo::Box& o, bool& any) {
    if (!any) {
        any = true;
        return o;
    }
    return b.united(o);
}

MapFrame frame_for(const PlanRun& run, const MapOptions& options) {
    geo::Box box;
    bool any = false;
    for (const auto& e : run.before.city.estates) {
        if (!e.geometry.is_null() && !e.geometry.is_empty()) box = extend(box, e.geometry.bounds(), any);
    }
    for (const auto& f : run.before.city.facilities) box = extend(box, {f.point.x, f.point.y, f.point.x, f.point.y}, any);
    for (const auto& s : run.sites) box = extend(box, {s.point.x, s.point.y, s.point.x, s.point.y}, any);
    if (!any) box = {0, 0, 1000, 1000};
    double w = box.max_x - box.min_x, h = box.max_y - box.min_y;
    if (w < 100) {
        box.min_x -= (100 - w) / 2;
        box.max_x += (100 - w) / 2;
        w = 100;
    }
    if (h < 100) {
        box.min_y -= (100 - h) / 2;
        box.max_y += (100 - h) / 2;
        h = 100;
    }
    const double m = options.margin * std::max(w, h);
    // Extra room at the bottom for the scale bar and at the top for the title.
    box = {box.min_x - m, box.min_y - 2 * m, box.max_x + m, box.max_y + 2.2 * m};
    // Round the frame to the precision so every coordinate lands on the grid.
    const double p = options.precision_m > 0 ? options.precision_m : 0.5;
    box.min_x = std::floor(box.min_x / p) * p;
    box.min_y = std::floor(box.min_y / p) * p;
    box.max_x = std::ceil(box.max_x / p) * p;
    box.max_y = std::ceil(box.max_y / p) * p;
    return {box, p};
}

/// Index of each estate id in `after` (plans may reorder or add nothing).
std::vector<const DemandCoverage*> after_coverage(const PlanRun& run) {
    std::vector<const DemandCoverage*> out(run.before.city.estates.size(), nullptr);
    const auto& ae = run.after.city.estates;
    const auto& ac = run.after.audit.estates;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < ae.size() && i < ac.size(); ++i) index.emplace(ae[i].id, i);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto it = index.find(run.before.city.estates[i].id);
        if (it != index.end()) out[i] = &ac[it->second].coverage;
    }
    return out;
}

std::string map_title(const PlanRun& run, const std::string& lang) {
    const Standards& st = run.before.standards;
    return bilingual_part(st.title.empty() ? st.profile : st.title, lang) + " · " + std::to_string(st.year);
}

}  // namespace

double scale_bar_length(double max_m) {
    if (!(max_m >= 1)) return 1;
    const double base = std::pow(10.0, std::floor(std::log10(max_m)));
    double best = base;
    for (double k : {1.0, 2.0, 2.5, 5.0}) {
        if (k * base <= max_m + 1e-9) best = k * base;
    }
    return best;
}

std::string distance_label(double metres) {
    if (metres >= 1000) {
        const double km = metres / 1000;
        return format_number(km, std::fabs(km - std::round(km)) < 1e-9 ? 0 : 1) + " km";
    }
    return format_number(metres, 0) + " m";
}


namespace {

/// The <svg> element, its title, the hatch pattern and the background.
std::string svg_open(const PlanRun& run, const std::string& lang, const MapFrame& f, const Style& st) {
    const double width = f.width(), height = f.height();
    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"map\" class=\"map\" viewBox=\"0 0 " + f.number(width) + " " +
         f.number(height) + "\" role=\"img\" aria-labelledby=\"map-title\" preserveAspectRatio=\"xMidYMid meet\">\n";
    s += "<title id=\"map-title\">" + html_escape(map_title(run, lang) + " · " + tr("map", lang)) + "</title>\n";
    s += "<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"" + st.w(7, f) + "\" height=\"" +
         st.w(7, f) + "\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"" + st.w(7, f) +
         "\" stroke=\"#862e2e\" stroke-width=\"" + st.w(1.6, f) + "\"/></pattern></defs>\n";
    s += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + f.number(width) + "\" height=\"" + f.number(height) +
         "\" fill=\"#f8f9fa\"/>\n";
    return s;
}

std::string districts_svg(const City& city, const MapFrame& f, const Style& st) {
    std::string s;
    // Districts (under everything).
    if (!city.districts.empty()) {
        s += "<g class=\"districts\" fill=\"#eef1f4\" stroke=\"#868e96\" stroke-width=\"" + st.w(1.2, f) +
             "\" stroke-dasharray=\"" + st.w(8, f) + " " + st.w(4, f) + "\">\n";
        for (const auto& d : city.districts) {
            const std::string data = svg_path_data(d.geometry, f);
            if (!data.empty()) s += "<path class=\"district\" fill-rule=\"evenodd\" d=\"" + data + "\"/>\n";
        }
        s += "</g>\n";
    }
    return s;
}

std::string service_areas_svg(const AuditResult& audit, const MapFrame& f) {
    std::string s;
    // Service areas of the existing facilities: one translucent group so overlaps do not darken.
    s += "<g class=\"service-areas\" fill=\"#74c0fc\" opacity=\"0.28\">\n";
    for (std::size_t j = 0; j < audit.coverage.service_areas.size(); ++j) {
        const std::string data = svg_path_data(audit.coverage.service_areas[j], f);
        // data-site: the site's index in the what-if panel (the facility's index).
        if (!data.empty()) s += "<path class=\"service-area\" data-site=\"" + std::to_string(j) + "\" d=\"" + data + "\"/>\n";
    }
    s += "</g>\n";
    return s;
}

std::string proposed_areas_svg(const PlanRun& run, const MapFrame& f, const Style& st) {
    const AuditResult& audit = run.before.audit;
    std::string s;
    // Service areas of the proposed sites (from the after run when it has them, else circles).
    std::map<std::string, std::size_t> after_facility;
    for (std::size_t i = 0; i < run.after.city.facilities.size(); ++i) after_facility.emplace(run.after.city.facilities[i].id, i);
    const double threshold = run.after.audit.coverage.threshold_m > 0 ? run.after.audit.coverage.threshold_m
                                                                     : audit.coverage.threshold_m;
    std::string proposed_fill, proposed_outline;
    for (const auto& site : run.sites) {
        std::string data, tag;
        if (const auto it = after_facility.find(site.id); it != after_facility.end()) {
            tag = " data-site=\"" + std::to_string(it->second) + "\"";  // its index in the what-if panel
            if (it->second < run.after.audit.coverage.service_areas.size()) {
                data = svg_path_data(run.after.audit.coverage.service_areas[it->second], f);
            }
        }
        if (data.empty() && threshold > 0) {
            const geo::Point c = f.to_svg(site.point);
            const std::string cx = f.number(c.x), cy = f.number(c.y), r = f.number(threshold);
            proposed_fill += "<circle class=\"proposed-area\"" + tag + " cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\"/>\n";
            proposed_outline += "<circle" + tag + " cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\"/>\n";
        } else if (!data.empty()) {
            proposed_fill += "<path class=\"proposed-area\"" + tag + " d=\"" + data + "\"/>\n";
            proposed_outline += "<path" + tag + " d=\"" + data + "\"/>\n";
        }
    }
    if (!proposed_fill.empty()) {
        s += "<g class=\"proposed-areas\" fill=\"#ffa94d\" opacity=\"0.25\">\n" + proposed_fill + "</g>\n";
        s += "<g class=\"proposed-area-outlines\" fill=\"none\" stroke=\"#e8590c\" stroke-width=\"" + st.w(1.2, f) +
             "\" stroke-dasharray=\"" + st.w(6, f) + " " + st.w(4, f) + "\">\n" + proposed_outline + "</g>\n";
    }
    return s;
}

std::string estates_svg(const PlanRun& run, const MapFrame& f, const Style& st) {
    const City& city = run.before.city;
    const AuditResult& audit = run.before.audit;
    std::string s;
    // Estates: fill by the area rule, hatching when outside the walk before the plan,
    // orange outline when the plan brings them inside.
    const auto after_cov = after_coverage(run);
    std::string hatches, newly;
    s += "<g class=\"estates\" stroke=\"#495057\" stroke-width=\"" + st.w(0.5, f) + "\">\n";
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        const bool has_audit = i < audit.estates.size();
        const bool meets = has_audit && audit.estates[i].meets_area;
        const bool covered = has_audit && audit.estates[i].coverage.covered;
        const bool covered_after = after_cov[i] && after_cov[i]->covered;
        std::string data = svg_path_data(e.geometry, f);
        if (data.empty()) {  // point estates: a small square
            const geo::Point c = f.to_svg(e.point);
            const double h = 4 * st.px;
            data = "M" + f.number(c.x - h) + " " + f.number(c.y - h) + " " + f.number(c.x + h) + " " +
                   f.number(c.y - h) + " " + f.number(c.x + h) + " " + f.number(c.y + h) + " " + f.number(c.x - h) +
                   " " + f.number(c.y + h) + "Z";
        }
        // No households (e.g. an OSM estate no estimate gave residents): no area rule to pass or fail.
        const bool empty = e.households <= 0;
        std::string cls = std::string("estate ") + (empty ? "empty" : meets ? "pass" : "fail");
        if (!covered) cls += " uncovered";
        if (!covered && covered_after) cls += " newly-covered";
        s += "<path class=\"" + cls + "\" data-id=\"" + html_escape(e.id) + "\" fill=\"" +
             (empty ? "#e9ecef" : meets ? "#b2f2bb" : "#ffc9c9") + "\" fill-rule=\"evenodd\" d=\"" + data + "\"><title>" +
             html_escape(e.id + " " + e.name) + "</title></path>\n";
        if (!covered) hatches += "<path d=\"" + data + "\"/>\n";
        if (!covered && covered_after) newly += "<path d=\"" + data + "\"/>\n";
    }
    s += "</g>\n";
    if (!hatches.empty()) s += "<g class=\"uncovered-hatch\" fill=\"url(#hatch)\" stroke=\"none\">\n" + hatches + "</g>\n";
    if (!newly.empty()) {
        s += "<g class=\"newly-covered-outline\" fill=\"none\" stroke=\"#e8590c\" stroke-width=\"" + st.w(2, f) + "\">\n" +
             newly + "</g>\n";
    }
    return s;
}

std::string barriers_svg(const PlanRun& run, const MapFrame& f, const Style& st) {
    std::string s;
    // Barriers.
    if (!run.barriers.empty()) {
        s += "<g class=\"barriers\" fill=\"none\" stroke-linecap=\"butt\">\n";
        for (const auto& b : run.barriers) {
            const std::string data = svg_path_data(b.geometry, f);
            if (data.empty()) continue;
            const std::string kind = barrier_class(b.kind);
            const bool area = b.geometry.kind() == geo::GeometryKind::polygon;
            const std::string tip = b.name.empty() ? "" : "<title>" + html_escape(b.name) + "</title>";
            if (kind == "river") {
                s += area ? "<path class=\"barrier river\" fill=\"#74c0fc\" stroke=\"#1c7ed6\" stroke-width=\"" +
                                st.w(1, f) + "\" d=\"" + data + "\">" + tip + "</path>\n"
                          : "<path class=\"barrier river\" stroke=\"#339af0\" stroke-width=\"" + st.w(5, f) +
                                "\" stroke-linejoin=\"round\" d=\"" + data + "\">" + tip + "</path>\n";
            } else if (kind == "railway") {
                s += "<path class=\"barrier railway\" stroke=\"#343a40\" stroke-width=\"" + st.w(3.5, f) + "\" d=\"" +
                     data + "\">" + tip + "</path>\n";
                s += "<path class=\"railway-dash\" stroke=\"#ffffff\" stroke-width=\"" + st.w(1.8, f) +
                     "\" stroke-dasharray=\"" + st.w(7, f) + " " + st.w(7, f) + "\" d=\"" + data + "\"/>\n";
            } else if (kind == "motorway") {
                s += "<path class=\"barrier motorway\" stroke=\"#f08c00\" stroke-width=\"" + st.w(4, f) + "\" d=\"" +
                     data + "\">" + tip + "</path>\n";
            } else {
                s += "<path class=\"barrier other\" stroke=\"#868e96\" stroke-width=\"" + st.w(2.5, f) +
                     "\" stroke-dasharray=\"" + st.w(3, f) + " " + st.w(3, f) + "\" d=\"" + data + "\">" + tip +
                     "</path>\n";
            }
        }
        s += "</g>\n";
    }
    return s;
}

std::string district_labels_svg(const City& city, const MapFrame& f, const Style& st) {
    std::string s;
    // District names.
    if (!city.districts.empty()) {
        s += "<g class=\"district-labels\" font-size=\"" + st.w(15, f) +
             "\" font-weight=\"bold\" fill=\"#495057\" text-anchor=\"middle\" stroke=\"#f8f9fa\" stroke-width=\"" +
             st.w(3, f) + "\" paint-order=\"stroke\" opacity=\"0.85\">\n";
        for (const auto& d : city.districts) {
            if (d.geometry.is_null() || d.geometry.is_empty() || d.name.empty()) continue;
            const geo::Point c = f.to_svg(d.geometry.point_on_surface());
            s += "<text x=\"" + f.number(c.x) + "\" y=\"" + f.number(c.y) + "\">" + html_escape(d.name) + "</text>\n";
        }
        s += "</g>\n";
    }
    return s;
}

std::string facilities_svg(const City& city, const std::string& lang, const MapFrame& f, const Style& st) {
    std::string s;
    // Facilities by kind.
    s += "<g class=\"facilities\" stroke=\"#ffffff\" stroke-width=\"" + st.w(1.2, f) + "\">\n";
    const double r = 6 * st.px;
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const Facility& fac = city.facilities[j];
        const geo::Point c = f.to_svg(fac.point);
        std::string marker = kind_marker(fac.kind, std::round(c.x * 2) / 2, std::round(c.y * 2) / 2, r,
                                         " class=\"facility kind-" + kind_class(fac.kind) + "\" data-site=\"" +
                                             std::to_string(j) + "\"");
        // A tooltip: put a <title> inside the marker element.
        const std::string tip = "<title>" + html_escape(fac.id + " " + fac.name + " (" + kind_label(fac.kind, lang) +
                                                        ", " + format_number(fac.building_area, 0) + " m²)") +
                                "</title>";
        marker.replace(marker.size() - 2, 2, ">" + tip + "</" + marker.substr(1, marker.find(' ') - 1) + ">");
        s += marker + "\n";
    }
    s += "</g>\n";
    return s;
}

std::string proposed_sites_svg(const PlanRun& run, const MapFrame& f, const Style& st) {
    std::string s;
    // Proposed sites: numbered markers, drawn last so they stay on top.
    std::vector<const ProposedSite*> sites;
    for (const auto& site : run.sites) sites.push_back(&site);
    std::sort(sites.begin(), sites.end(), [](const ProposedSite* a, const ProposedSite* b) { return a->rank > b->rank; });
    std::map<std::string, std::size_t> after_facility;  // a site's index in the what-if panel
    for (std::size_t i = 0; i < run.after.city.facilities.size(); ++i) after_facility.emplace(run.after.city.facilities[i].id, i);
    s += "<g class=\"proposed-sites\" font-size=\"" + st.w(11, f) +
         "\" font-weight=\"bold\" text-anchor=\"middle\" dominant-baseline=\"central\">\n";
    for (const ProposedSite* site : sites) {
        const geo::Point c = f.to_svg(site->point);
        const std::string cx = f.number(c.x), cy = f.number(c.y);
        const auto it = after_facility.find(site->id);
        s += "<g class=\"proposed-site\" data-rank=\"" + std::to_string(site->rank) + "\" data-id=\"" +
             html_escape(site->id) + "\"" +
             (it == after_facility.end() ? std::string{} : " data-site=\"" + std::to_string(it->second) + "\"") +
             "><title>" +
             html_escape("#" + std::to_string(site->rank) + " " + site->id + (site->name.empty() ? "" : " " + site->name)) +
             "</title><circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + st.w(10, f) +
             "\" fill=\"#e8590c\" stroke=\"#ffffff\" stroke-width=\"" + st.w(2, f) + "\"/><text x=\"" + cx +
             "\" y=\"" + cy + "\" fill=\"#ffffff\">" + std::to_string(site->rank) + "</text></g>\n";
    }
    s += "</g>\n";
    return s;
}

/// The unchosen candidates of the what-if panel: small hollow circles the page
/// fills when they are switched on (circle.candidate-site, data-site = index).
std::string candidates_svg(const PlanRun& run, const MapFrame& f, const Style& st) {
    std::string s;
    for (std::size_t j = 0; j < run.whatif.sites.size(); ++j) {
        const WhatIfSite& site = run.whatif.sites[j];
        if (site.role != WhatIfSite::Role::candidate) continue;
        const geo::Point c = f.to_svg(site.point);
        s += "<circle class=\"candidate-site\" data-site=\"" + std::to_string(j) + "\" data-id=\"" + html_escape(site.id) +
             "\" cx=\"" + f.number(c.x) + "\" cy=\"" + f.number(c.y) + "\" r=\"" + st.w(4.5, f) + "\"><title>" +
             html_escape(site.id + (site.name.empty() ? "" : " " + site.name)) + "</title></circle>\n";
    }
    if (s.empty()) return s;
    return "<g class=\"whatif-candidates\" fill=\"#ffffff\" fill-opacity=\"0.6\" stroke=\"#868e96\" stroke-width=\"" +
           st.w(1.2, f) + "\">\n" + s + "</g>\n";
}

std::string map_furniture_svg(const PlanRun& run, const std::string& lang, const MapFrame& f, const Style& st) {
    const double width = f.width(), height = f.height();
    std::string s;
    // Title, scale bar and north arrow.
    s += "<text class=\"map-title\" x=\"" + st.w(12, f) + "\" y=\"" + st.w(22, f) + "\" font-size=\"" + st.w(15, f) +
         "\" font-weight=\"bold\" fill=\"#212529\" stroke=\"#ffffff\" stroke-width=\"" + st.w(3, f) +
         "\" paint-order=\"stroke\">" + html_escape(map_title(run, lang)) + "</text>\n";

    const double bar = scale_bar_length(width / 5);
    const double bx = 16 * st.px, by = height - 22 * st.px, bh = 6 * st.px;
    s += "<g id=\"scale-bar\" class=\"scale-bar\" font-size=\"" + st.w(11, f) + "\" fill=\"#212529\">\n";
    s += "<rect x=\"" + f.number(bx - 6 * st.px) + "\" y=\"" + f.number(by - 18 * st.px) + "\" width=\"" +
         f.number(bar + 36 * st.px) + "\" height=\"" + f.number(30 * st.px) +
         "\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>\n";
    for (int k = 0; k < 4; ++k) {
        s += "<rect x=\"" + f.number(bx + k * bar / 4) + "\" y=\"" + f.number(by) + "\" width=\"" + f.number(bar / 4) +
             "\" height=\"" + f.number(bh) + "\" fill=\"" + (k % 2 ? "#ffffff" : "#212529") +
             "\" stroke=\"#212529\" stroke-width=\"" + st.w(0.8, f) + "\"/>\n";
    }
    s += "<text x=\"" + f.number(bx) + "\" y=\"" + f.number(by - 4 * st.px) + "\" text-anchor=\"middle\">0</text>\n";
    s += "<text x=\"" + f.number(bx + bar) + "\" y=\"" + f.number(by - 4 * st.px) + "\" text-anchor=\"middle\">" +
         distance_label(bar) + "</text>\n";
    s += "</g>\n";

    const double nx = width - 28 * st.px, ny = 18 * st.px, na = 26 * st.px;
    s += "<g id=\"north-arrow\" class=\"north-arrow\">\n";
    s += "<polygon points=\"" + polygon_points({{nx, ny + 12 * st.px}, {nx + 9 * st.px, ny + 12 * st.px + na}, {nx, ny + 6 * st.px + na * 0.78}}) +
         "\" fill=\"#212529\"/>\n";
    s += "<polygon points=\"" + polygon_points({{nx, ny + 12 * st.px}, {nx - 9 * st.px, ny + 12 * st.px + na}, {nx, ny + 6 * st.px + na * 0.78}}) +
         "\" fill=\"#ffffff\" stroke=\"#212529\" stroke-width=\"" + st.w(1, f) + "\"/>\n";
    s += "<text x=\"" + attr_num(nx) + "\" y=\"" + attr_num(ny + 8 * st.px) + "\" font-size=\"" + st.w(13, f) +
         "\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#212529\">" + tr("north", lang) + "</text>\n";
    s += "</g>\n";
    return s;
}

}  // namespace

std::string svg_map(const PlanRun& run, const std::string& lang, const MapOptions& options) {
    const MapFrame f = frame_for(run, options);
    const Style st{f.width() / (options.width_px > 0 ? options.width_px : 1000)};
    const City& city = run.before.city;
    std::string s = svg_open(run, lang, f, st);
    s.reserve(200000);
    s += districts_svg(city, f, st);  // under everything
    s += service_areas_svg(run.before.audit, f);
    s += proposed_areas_svg(run, f, st);
    s += estates_svg(run, f, st);
    s += barriers_svg(run, f, st);
    s += district_labels_svg(city, f, st);
    s += facilities_svg(city, lang, f, st);
    s += candidates_svg(run, f, st);
    s += proposed_sites_svg(run, f, st);  // last, so they stay on top
    s += map_furniture_svg(run, lang, f, st);
    s += "</svg>\n";
    return s;
}

std::string map_legend_html(const PlanRun& run, const std::string& lang) {
    auto swatch = [](const std::string& inner) {
        return "<svg class=\"swatch\" viewBox=\"0 0 28 18\" width=\"28\" height=\"18\" aria-hidden=\"true\">" + inner +
               "</svg>";
    };
    auto item = [&](const std::string& cls, const std::string& inner, const std::string& label) {
        return "<li class=\"legend-item " + cls + "\">" + swatch(inner) + "<span>" + html_escape(label) + "</span></li>\n";
    };
    std::string s = "<div class=\"legend\" id=\"legend\">\n<h3>" + tr("legend", lang) + "</h3>\n<ul>\n";
    s += item("estate-pass", "<rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#b2f2bb\" stroke=\"#495057\"/>",
              tr("estate_pass", lang));
    s += item("estate-fail", "<rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#ffc9c9\" stroke=\"#495057\"/>",
              tr("estate_fail", lang));
    const auto& estates = run.before.city.estates;
    if (std::any_of(estates.begin(), estates.end(), [](const Estate& e) { return e.households <= 0; })) {
        s += item("estate-empty", "<rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#e9ecef\" stroke=\"#495057\"/>",
                  tr("estate_empty", lang));
    }
    s += item("estate-uncovered",
              "<defs><pattern id=\"hatch-legend\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\" "
              "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#862e2e\" "
              "stroke-width=\"1.4\"/></pattern></defs><rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#ffc9c9\" "
              "stroke=\"#495057\"/><rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"url(#hatch-legend)\"/>",
              tr("estate_uncovered", lang));
    if (!run.sites.empty()) {
        s += item("estate-newly-covered",
                  "<rect x=\"3\" y=\"3\" width=\"22\" height=\"12\" fill=\"#ffc9c9\" stroke=\"#e8590c\" stroke-width=\"2.5\"/>",
                  tr("estate_newly_covered", lang));
    }
    s += item("service-area", "<rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#74c0fc\" opacity=\"0.5\"/>",
              tr("service_area", lang));
    std::set<FacilityKind> kinds;
    for (const auto& fac : run.before.city.facilities) kinds.insert(fac.kind);
    std::vector<FacilityKind> order = facility_kinds();
    order.push_back(FacilityKind::none);
    for (const auto k : order) {
        if (!kinds.count(k)) continue;
        s += item("facility kind-" + kind_class(k), kind_marker(k, 14, 9, 6, " stroke=\"#ffffff\" stroke-width=\"1\""),
                  kind_label(k, lang));
    }
    if (!run.sites.empty()) {
        s += item("proposed-area",
                  "<rect x=\"2\" y=\"2\" width=\"24\" height=\"14\" fill=\"#ffd8a8\" stroke=\"#e8590c\" "
                  "stroke-dasharray=\"4 3\"/>",
                  tr("proposed_area", lang));
        s += item("proposed-site",
                  "<circle cx=\"14\" cy=\"9\" r=\"8\" fill=\"#e8590c\" stroke=\"#ffffff\" stroke-width=\"1\"/><text x=\"14\" "
                  "y=\"9\" font-size=\"10\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\" "
                  "dominant-baseline=\"central\">1</text>",
                  tr("proposed_site", lang));
    }
    if (!run.before.city.districts.empty()) {
        s += item("district-boundary",
                  "<line x1=\"2\" y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#868e96\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
                  tr("district_boundary", lang));
    }
    std::set<std::string> barrier_kinds;
    for (const auto& b : run.barriers) barrier_kinds.insert(barrier_class(b.kind));
    if (barrier_kinds.count("river")) {
        s += item("barrier-river", "<line x1=\"2\" y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#339af0\" stroke-width=\"4\"/>",
                  tr("river", lang));
    }
    if (barrier_kinds.count("railway")) {
        s += item("barrier-railway",
                  "<line x1=\"2\" y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#343a40\" stroke-width=\"3.5\"/><line x1=\"2\" "
                  "y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#ffffff\" stroke-width=\"1.8\" stroke-dasharray=\"4 4\"/>",
                  tr("railway", lang));
    }
    if (barrier_kinds.count("motorway")) {
        s += item("barrier-motorway", "<line x1=\"2\" y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#f08c00\" stroke-width=\"4\"/>",
                  tr("motorway", lang));
    }
    if (barrier_kinds.count("other")) {
        s += item("barrier-other",
                  "<line x1=\"2\" y1=\"9\" x2=\"26\" y2=\"9\" stroke=\"#868e96\" stroke-width=\"2.5\" stroke-dasharray=\"3 3\"/>",
                  tr("barrier_other", lang));
    }
    s += "</ul>\n</div>\n";
    return s;
}

}  // namespace lc::app
