#include "report/html_report.hpp"
#include "report/walking_groups_report.hpp"

#include "pipeline/open_data.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace lc::app {
namespace {

const char* k_css = R"css(
:root { --ink: #212529; --muted: #6c757d; --line: #dee2e6; --pass: #2b8a3e; --fail: #c92a2a; --accent: #e8590c; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 32px 48px; color: var(--ink); background: #ffffff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
  "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
header h1 { font-size: 24px; margin: 0 0 2px; }
.subtitle { font-size: 16px; margin: 0 0 4px; font-weight: 600; }
.meta { color: var(--muted); margin: 0 0 12px; }
nav ul { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: #1971c2; text-decoration: none; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 6px; }
.count { color: var(--muted); font-weight: normal; font-size: 14px; }
.overview { display: flex; gap: 20px; align-items: flex-start; }
.overview .map-col { flex: 1 1 auto; min-width: 0; }
.overview .side { flex: 0 0 420px; }
.side td:first-child { min-width: 9em; }
.overview h2 { margin-top: 8px; }
.map-col figure { margin: 0; border: 1px solid var(--line); }
svg.map { display: block; width: 100%; height: auto; }
.side table { width: 100%; }
.legend { border: 1px solid var(--line); padding: 10px 12px; font-size: 13px; margin-top: 16px; }
.legend ul { list-style: none; padding: 0; margin: 0; }
.legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.legend .swatch { flex: 0 0 auto; }
.note { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.pass { color: var(--pass); font-weight: 600; }
td.fail { color: var(--fail); font-weight: 600; }
td.na { color: var(--muted); }
tbody tr:nth-child(even) { background: #fafbfc; }
.scroll { max-height: 560px; overflow: auto; display: inline-block; max-width: 100%; }
.scroll thead th { position: sticky; top: 0; }
.none { color: var(--muted); font-style: italic; }
.lorenz-row { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.lorenz-row figure { margin: 0; }
.lorenz-row figcaption { font-weight: 600; font-size: 13px; }
ul.lorenz-key { list-style: none; padding: 0; margin: 0; font-size: 13px; align-self: center; }
ul.lorenz-key li { display: flex; align-items: center; gap: 6px; margin: 3px 0; }
ul.warnings { font-size: 13px; color: #5c3c00; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
.whatif-live { border: 1px solid var(--line); border-left: 4px solid #1c7ed6; padding: 6px 10px; margin: 8px 0; }
.whatif-bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 6px 0; }
.whatif-bar button { font: inherit; padding: 3px 12px; cursor: pointer; }
.whatif-cols { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
#whatif-sites tr.role-candidate td { color: var(--muted); }
#whatif-sites tr.role-candidate.on td { color: var(--ink); }
svg.map [data-site] { cursor: pointer; }
svg.map .facility.whatif-off, svg.map .proposed-site.whatif-off { opacity: 0.25; }
svg.map path.service-area.whatif-off, svg.map .proposed-areas .whatif-off, svg.map .proposed-area-outlines .whatif-off { display: none; }
svg.map .candidate-site.whatif-on { fill: #f08c00; fill-opacity: 1; stroke: #ffffff; }
@media print { .whatif-bar button, #whatif-sites input { display: none; } }
@media (max-width: 1000px) { .overview { flex-direction: column; } .overview .side { flex-basis: auto; width: 100%; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .overview { display: block; }
  .map-col { break-inside: avoid; page-break-inside: avoid; }
  .legend { margin-top: 6px; columns: 2; border: none; padding: 0; }
  .scroll { max-height: none; overflow: visible; display: block; }
  table { width: 100%; font-size: 8.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) { background: none; }
}
)css";

/// The what-if panel's script (docs/report.md): recomputes coverage and accessibility
/// from the data in script#whatif-data exactly as audit.cpp and accessibility.cpp do.
const char* k_whatif_js = R"js(
(function () {
  'use strict';
  var dataEl = document.getElementById('whatif-data');
  if (!dataEl) return;
  var D = JSON.parse(dataEl.textContent);
  var S = D.sites, E = D.estates, d0 = D.d0_m, T = D.text, n = S.length;
  var plan = S.map(function (s) { return s.plan; });
  var on = plan.slice();
  var P = E.map(function (e) { return Math.max(0, e.elderly); });
  var edge = Math.exp(-0.5);
  // accessibility.cpp: gaussian_weight() and the uniform catchment.
  function gauss(d) {
    if (!(d0 > 0) || !(d >= 0) || d > d0) return 0;
    var r = d / d0;
    return (Math.exp(-0.5 * r * r) - edge) / (1 - edge);
  }
  function uniform(d) { return d >= 0 && d <= d0 ? 1 : 0; }
  // An estate's covered share: the cells holding a site that is on.
  function shares() {
    return E.map(function (e) {
      var t = 0;
      for (var k = 0; k < e.cells.length; k++) {
        var set = e.cells[k][1];
        for (var m = 0; m < set.length; m++) {
          if (on[set[m]]) { t += e.cells[k][0]; break; }
        }
      }
      return Math.min(1, Math.max(0, t));
    });
  }
  // accessibility.cpp two_step_fca(): sites in the same order, supply 0 when off.
  function fca(weight) {
    var acc = new Array(E.length).fill(0);
    for (var j = 0; j < n; j++) {
      var s = S[j], r = s.reach, w = 0, k;
      if (!on[j] || !(s.floor > 0)) continue;
      for (k = 0; k < r.length; k += 2) w += weight(r[k + 1]) * P[r[k]];
      if (!(w > 0)) continue;
      var ratio = s.floor / w;
      for (k = 0; k < r.length; k += 2) acc[r[k]] += weight(r[k + 1]) * ratio;
    }
    return acc;
  }
  function mean(acc) {
    var p = 0, t = 0;
    for (var i = 0; i < E.length; i++) { p += P[i]; t += P[i] * acc[i]; }
    return p > 0 ? t / p : 0;
  }
  function fmt(v, d) { return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); }
  function pct(v) { return (100 * v).toFixed(1) + '%'; }
  var map = document.getElementById('map');
  var estatePaths = map ? map.querySelectorAll('path.estate') : [];
  var plainFill = Array.prototype.map.call(estatePaths, function (p) { return p.getAttribute('fill'); });
  var overlays = map ? map.querySelectorAll('g.uncovered-hatch, g.newly-covered-outline') : [];
  var touched = false;
  function shade(v) {
    var a = [255, 255, 255], b = [28, 126, 214];
    return 'rgb(' + a.map(function (x, k) { return Math.round(x + (b[k] - x) * v); }).join(',') + ')';
  }
  function setText(key, value, raw) {
    document.querySelectorAll('[data-whatif="' + key + '"]').forEach(function (el) {
      el.textContent = value;
      el.setAttribute('data-value', String(raw));
    });
  }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  function update() {
    var sh = shares(), total = 0, covered = 0, i;
    for (i = 0; i < E.length; i++) { total += E[i].elderly; covered += E[i].elderly * sh[i]; }
    var rate = total > 0 ? covered / total : 0;
    var g = mean(fca(gauss)), u = mean(fca(uniform));
    var count = on.filter(function (x) { return x; }).length;
    setText('coverage', pct(rate), rate);
    setText('elderly', fmt(covered, 0), covered);
    setText('g2sfca', fmt(g, 3), g);
    setText('2sfca', fmt(u, 3), u);
    setText('count', String(count), count);
    var root = document.getElementById('whatif-section');
    if (root) root.setAttribute('data-state', on.map(function (x) { return x ? '1' : '0'; }).join(''));
    // The map: markers and service areas by state; estates by covered share once a site is switched.
    if (map) {
      map.querySelectorAll('[data-site]').forEach(function (el) {
        var j = Number(el.getAttribute('data-site'));
        if (!(j < n)) return;
        el.classList.toggle('whatif-on', on[j]);
        el.classList.toggle('whatif-off', !on[j]);
      });
    }
    estatePaths.forEach(function (p, k) { p.setAttribute('fill', touched && k < sh.length ? shade(sh[k]) : plainFill[k]); });
    overlays.forEach(function (g) { g.style.display = touched ? 'none' : ''; });
    document.querySelectorAll('#whatif-sites input[data-site]').forEach(function (cb) {
      var j = Number(cb.getAttribute('data-site'));
      cb.checked = on[j];
      cb.closest('tr').classList.toggle('on', on[j]);
    });
    // Estates not fully covered, the most elderly left out first.
    var rows = [];
    for (i = 0; i < E.length; i++) {
      if (E[i].elderly > 0 && sh[i] < 1 - 1e-9) rows.push(i);
    }
    rows.sort(function (x, y) { return E[y].elderly * (1 - sh[y]) - E[x].elderly * (1 - sh[x]); });
    var body = document.querySelector('#whatif-uncovered tbody');
    var shown = Math.min(rows.length, 200);
    if (body) {
      body.textContent = '';
      rows.slice(0, shown).forEach(function (k) {
        var tr = document.createElement('tr');
        cell(tr, E[k].id);
        cell(tr, E[k].name);
        cell(tr, fmt(E[k].elderly, 0), 'num');
        cell(tr, pct(sh[k]), 'num');
        cell(tr, fmt(E[k].elderly * (1 - sh[k]), 0), 'num');
        body.appendChild(tr);
      });
    }
    var cnt = document.getElementById('whatif-uncovered-count');
    if (cnt) cnt.textContent = '(' + (shown < rows.length ? T.whatif_more.replace('{n}', shown).replace('{total}', rows.length) : rows.length) + ')';
  }
  function toggle(j, value) {
    if (!(j >= 0 && j < n)) return;
    on[j] = value;
    touched = true;
    update();
  }
  document.querySelectorAll('#whatif-sites input[data-site]').forEach(function (cb) {
    cb.addEventListener('change', function () { toggle(Number(cb.getAttribute('data-site')), cb.checked); });
  });
  if (map) {
    map.querySelectorAll('.facility[data-site], .proposed-site[data-site], .candidate-site[data-site]').forEach(function (el) {
      el.addEventListener('click', function () { var j = Number(el.getAttribute('data-site')); toggle(j, !on[j]); });
    });
  }
  var reset = document.getElementById('whatif-reset');
  if (reset) reset.addEventListener('click', function () { on = plan.slice(); touched = false; update(); });
  update();
})();
)js";

std::string signed_number(double v, int decimals) {
    const std::string s = format_number(v, decimals);
    return (v > 0 && s.find_first_not_of("0.,") != std::string::npos) ? "+" + s : s;
}

bool is_share_key(const std::string& key) {
    return key.find("share") != std::string::npos || key.find("coverage") != std::string::npos ||
           key == "estates_meeting_area" || key == "new_estate_compliance" || key == "district_institution";
}

std::string target_figure(const std::string& key, double v) {
    if (is_share_key(key)) return format_percent(v);
    if (key == "land_per_capita_m2") return format_number(v, 3);
    return format_number(v, 1);
}

std::string target_label(const Target& t, const std::string& lang) {
    const std::string key = "target." + t.key;
    return has_translation(key) ? tr(key, lang) : t.label;
}

/// A table built cell by cell; cells are already-escaped HTML with a class.
struct Cell {
    std::string html;
    std::string cls;
};

class HtmlTable {
public:
    HtmlTable(std::string id, std::vector<std::pair<std::string, bool>> header)
        : m_id(std::move(id)), m_header(std::move(header)) {}
    void add(std::vector<Cell> row) { m_rows.push_back(std::move(row)); }
    [[nodiscard]] std::size_t rows() const { return m_rows.size(); }
    [[nodiscard]] std::string render(const std::string& lang, bool scroll = false) const {
        if (m_rows.empty()) return "<p class=\"none\" id=\"" + m_id + "-none\">" + tr("none", lang) + "</p>\n";
        std::string s = scroll ? "<div class=\"scroll\">" : "";
        s += "<table id=\"" + m_id + "\">\n<thead><tr>";
        for (const auto& [h, numeric] : m_header) s += std::string(numeric ? "<th class=\"num\">" : "<th>") + html_escape(h) + "</th>";
        s += "</tr></thead>\n<tbody>\n";
        for (const auto& row : m_rows) {
            s += "<tr>";
            for (const auto& c : row) s += (c.cls.empty() ? "<td>" : "<td class=\"" + c.cls + "\">") + c.html + "</td>";
            s += "</tr>\n";
        }
        s += "</tbody>\n</table>\n";
        if (scroll) s += "</div>\n";
        return s;
    }

private:
    std::string m_id;
    std::vector<std::pair<std::string, bool>> m_header;
    std::vector<std::vector<Cell>> m_rows;
};

Cell text(const std::string& t) { return {html_escape(t), ""}; }
Cell num(const std::string& t) { return {html_escape(t), "num"}; }
Cell verdict(bool pass, const std::string& lang) { return {tr(pass ? "pass" : "fail", lang), pass ? "pass" : "fail"}; }
Cell yes_no(bool yes, const std::string& lang) { return {tr(yes ? "yes" : "no", lang), yes ? "pass" : ""}; }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
    return s;
}

std::vector<std::string> warnings_of(const PlanRun& run) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto take = [&](const nlohmann::json& j) {
        if (!j.is_object() || !j.contains("warnings") || !j["warnings"].is_array()) return;
        for (const auto& w : j["warnings"]) {
            if (w.is_string() && seen.insert(w.get<std::string>()).second) out.push_back(w.get<std::string>());
        }
    };
    take(run.summary);
    take(run.before.summary);
    if (out.empty()) {
        for (const auto* list : {&run.before.city.warnings, &run.before.audit.warnings}) {
            for (const auto& w : *list) {
                if (seen.insert(w).second) out.push_back(w);
            }
        }
    }
    return out;
}

std::string land_per_capita(const AuditResult& a) {
    for (const auto& t : a.targets) {
        if (t.key == "land_per_capita_m2") return format_number(t.value, 3);
    }
    double land = 0, pop = 0;
    for (const auto& d : a.districts) {
        land += d.facility_land_m2;
        pop += d.population;
    }
    return pop > 0 ? format_number(land / pop, 3) : "-";
}

double land_value(const AuditResult& a) {
    for (const auto& t : a.targets) {
        if (t.key == "land_per_capita_m2") return t.value;
    }
    return 0;
}

}  // namespace

std::string html_escape(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (char c : in) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string format_percent(double share) { return format_number(100.0 * share, 1) + "%"; }

namespace {

/// A Lorenz chart as inline SVG: the line of equality, the curve before the
/// plan (grey, dashed) and after it (orange); axes in percent. `id` names the
/// <svg>; the curves are polylines of class lorenz-before / lorenz-after.
std::string lorenz_svg(const std::string& id, const LorenzCurve& before, const LorenzCurve* after,
                       const std::string& y_label, const std::string& lang) {
    constexpr double x0 = 48, y0 = 12, side = 240;
    auto px = [&](double v) { return format_number(x0 + side * v, 1, false); };
    auto py = [&](double v) { return format_number(y0 + side * (1.0 - v), 1, false); };
    auto polyline = [&](const LorenzCurve& c, const char* cls, const char* style) {
        if (c.points.empty()) return std::string{};
        // At most ~400 vertices: the curve is convex, every k-th point keeps its shape.
        const std::size_t step = std::max<std::size_t>(1, c.points.size() / 400);
        std::string pts;
        for (std::size_t k = 0; k < c.points.size(); k += step) {
            pts += (pts.empty() ? "" : " ") + px(c.points[k].first) + "," + py(c.points[k].second);
        }
        if ((c.points.size() - 1) % step != 0) pts += " " + px(1.0) + "," + py(1.0);
        return "<polyline class=\"" + std::string(cls) + "\" points=\"" + pts + "\" fill=\"none\" " + style + "/>\n";
    };
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id +
                    "\" class=\"lorenz\" viewBox=\"0 0 312 300\" width=\"312\" height=\"300\" role=\"img\">\n";
    s += "<rect x=\"" + px(0) + "\" y=\"" + py(1) + "\" width=\"240\" height=\"240\" fill=\"#ffffff\" stroke=\"#adb5bd\"/>\n";
    for (double t : {0.25, 0.5, 0.75}) {
        s += "<line x1=\"" + px(t) + "\" y1=\"" + py(0) + "\" x2=\"" + px(t) + "\" y2=\"" + py(1) +
             "\" stroke=\"#f1f3f5\"/><line x1=\"" + px(0) + "\" y1=\"" + py(t) + "\" x2=\"" + px(1) + "\" y2=\"" + py(t) +
             "\" stroke=\"#f1f3f5\"/>\n";
    }
    s += "<line class=\"lorenz-equality\" x1=\"" + px(0) + "\" y1=\"" + py(0) + "\" x2=\"" + px(1) + "\" y2=\"" + py(1) +
         "\" stroke=\"#868e96\" stroke-width=\"0.8\"/>\n";
    s += polyline(before, "lorenz-before", "stroke=\"#495057\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"");
    if (after) s += polyline(*after, "lorenz-after", "stroke=\"#e8590c\" stroke-width=\"2\"");
    s += "<g font-size=\"10\" fill=\"#495057\">\n";
    for (double t : {0.0, 0.5, 1.0}) {
        const std::string label = format_number(100 * t, 0) + "%";
        s += "<text x=\"" + px(t) + "\" y=\"" + format_number(y0 + side + 13, 0) + "\" text-anchor=\"middle\">" + label +
             "</text><text x=\"" + format_number(x0 - 4, 0) + "\" y=\"" + py(t) + "\" dy=\"3\" text-anchor=\"end\">" +
             label + "</text>\n";
    }
    s += "<text x=\"" + px(0.5) + "\" y=\"" + format_number(y0 + side + 28, 0) + "\" text-anchor=\"middle\">" +
         html_escape(tr("lorenz_x", lang)) + "</text>\n";
    s += "<text transform=\"translate(12 " + py(0.5) + ") rotate(-90)\" text-anchor=\"middle\">" + html_escape(y_label) +
         "</text>\n</g>\n</svg>\n";
    return s;
}


/// The record in `after` of the district `d` (matched by id, else by name); null when absent.
template <class District>
const District* matching_district(const std::vector<District>& after, const District& d) {
    const std::string& key = d.id.empty() ? d.name : d.id;
    const auto it = std::find_if(after.begin(), after.end(),
                                 [&](const District& x) { return (x.id.empty() ? x.name : x.id) == key; });
    return it == after.end() ? nullptr : &*it;
}

/// The districts' Lorenz curves of accessibility, small multiples (before dashed,
/// after solid): ids lorenz-access-d1, -d2, ... in the districts' order.
std::string district_lorenz(const AccessResult& before, const AccessResult& after, bool have_after,
                            const std::string& lang) {
    if (before.districts.size() < 2) return {};  // one district: the city's chart says it all
    std::string s = "<details id=\"lorenz-districts\"><summary>" + html_escape(tr("lorenz_districts", lang)) +
                    "</summary>\n<div class=\"lorenz-row\">\n";
    for (std::size_t k = 0; k < before.districts.size(); ++k) {
        const AccessGroup& d = before.districts[k];
        const AccessGroup* ad = have_after ? matching_district(after.districts, d) : nullptr;
        const std::string gini = format_number(d.lorenz_access.gini, 3) +
                                 (ad ? " → " + format_number(ad->lorenz_access.gini, 3) : std::string{});
        s += "<figure>\n<figcaption>" + html_escape((d.name.empty() ? d.id : d.name) + " · " +
                                                     tr("gini_access_short", lang) + " " + gini) +
             "</figcaption>\n" +
             lorenz_svg("lorenz-access-d" + std::to_string(k + 1), d.lorenz_access, ad ? &ad->lorenz_access : nullptr,
                        tr("lorenz_y_access", lang), lang) +
             "</figure>\n";
    }
    return s + "</div>\n</details>\n";
}

struct Section {
    const char* id;
    std::string title;
};

/// One report being written: the run, its language, and the page so far. Each
/// part of the page is one member function, called in page order by write().
struct Report {
    Report(const PlanRun& r, std::string l)
        : run(r), lang(std::move(l)), B(r.before), A(r.after), b(B.audit), a(A.audit), st(B.standards),
          have_after(!A.city.estates.empty()) {}
    std::string write();

    const PlanRun& run;
    const std::string lang;
    const AuditRun& B;  ///< before
    const AuditRun& A;  ///< after
    const AuditResult& b;
    const AuditResult& a;
    const Standards& st;
    const bool have_after;
    std::vector<Section> sections;
    std::string h;

private:
    void head();
    void header();
    void nav();
    void overview();
    void whatif();
    void targets();
    void districts();
    void accessibility();
    void failing_estates();
    void groups(std::size_t section, const char* id, const std::vector<GroupAudit>& before_list,
                const std::vector<GroupAudit>& after_list, bool communities);
    void proposed_sites();
    void optimisation_line();
    void warnings();
    void sources();
    void open(std::size_t i, const std::string& count = {}) {
        h += "<section id=\"" + std::string(sections[i].id) + "\">\n<h2>" + html_escape(sections[i].title) +
             (count.empty() ? "" : " <span class=\"count\">(" + count + ")</span>") + "</h2>\n";
    }
    void close() { h += "</section>\n"; }
};

std::string Report::write() {
    head();
    header();
    nav();
    overview();
    whatif();
    targets();
    districts();
    accessibility();
    failing_estates();
    groups(7, "missing-communities", b.communities, a.communities, true);
    groups(8, "missing-streets", b.streets, a.streets, false);
    proposed_sites();
    warnings();
    sources();
    std::string credits;
    for (const auto& s : B.city.sources) {
        if (!s.credit.empty() && credits.find(s.credit) == std::string::npos) credits += " · " + s.credit;  // the licences' own words
    }
    h += "<footer>" + html_escape(tr("generated_by", lang)) + " " LC_VERSION + html_escape(credits) +
         "</footer>\n</body>\n</html>\n";
    return h;
}

void Report::head() {
    h.reserve(400000);
    const std::string title = tr("report_title", lang) + " · " + bilingual_part(st.title, lang) + " · " + std::to_string(st.year);
    h += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "zh" ? "zh-CN" : "en") + "\">\n<head>\n";
    h += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<meta name=\"generator\" content=\"lifecircle " LC_VERSION "\">\n";
    h += "<title>" + html_escape(title) + "</title>\n<style>" + std::string(k_css) + "</style>\n</head>\n<body>\n";
}

void Report::header() {
    // --- Header ----------------------------------------------------------------
    h += "<header>\n<h1>" + html_escape(tr("report_title", lang)) + "</h1>\n<p class=\"subtitle\">" +
         html_escape(bilingual_part(st.title.empty() ? st.profile : st.title, lang) + " · " + std::to_string(st.year)) +
         "</p>\n<p class=\"meta\">" +
         html_escape(tr("profile", lang)) + ": " + html_escape(st.profile) + " · " + html_escape(tr("year", lang)) + ": " + std::to_string(st.year) + " · " +
         html_escape(tr("crs", lang)) + ": " + html_escape(B.city.working_crs.empty() ? "-" : B.city.working_crs.label()) +
         " · " + html_escape(tr("mode", lang)) + ": " +
         html_escape(tr(b.coverage.mode == CoverageMode::network ? "mode_network" : "mode_circle", lang)) + ", " +
         html_escape(tr("threshold", lang)) + " " + format_number(b.coverage.threshold_m, 0) + " m</p>\n</header>\n";
}

void Report::nav() {
    sections = {
        {"map-section", tr("map", lang)},                {"headline-section", tr("headline", lang)},
        {"whatif-section", tr("whatif_title", lang)},
        {"targets-section", tr("targets_title", lang)},  {"districts-section", tr("districts_title", lang)},
        {"access-section", tr("access_title", lang)},    {"estates-section", tr("estates_title", lang)},  {"communities-section", tr("communities_title", lang)},
        {"streets-section", tr("streets_title", lang)},  {"sites-section", tr("sites_title", lang)},
        {"warnings-section", tr("warnings_title", lang)},
    };
    if (!B.city.sources.empty()) sections.push_back({"sources-section", tr("sources_title", lang)});
    h += "<nav aria-label=\"" + html_escape(tr("contents", lang)) + "\"><ul>";
    for (const auto& s : sections) h += "<li><a href=\"#" + std::string(s.id) + "\">" + html_escape(s.title) + "</a></li>";
    h += "</ul></nav>\n";
}

void Report::overview() {
    // --- Overview: the map, beside it the before/after figures and the legend ----------
    h += "<div class=\"overview\">\n";
    h += "<section id=\"map-section\" class=\"map-col\">\n<h2>" + html_escape(sections[0].title) + "</h2>\n<figure>\n" +
         svg_map(run, lang) + "</figure>\n<p class=\"note\">" + html_escape(tr("map_note", lang)) + "</p>\n</section>\n";
    h += "<aside class=\"side\">\n";
    open(1);
    {
        HtmlTable t("headline", {{tr("figure", lang), false}, {tr("before", lang), true}, {tr("after", lang), true},
                                 {tr("change", lang), true}});
        auto after_or_dash = [&](const std::string& v) { return have_after ? v : std::string("-"); };
        t.add({text(tr("coverage_rate", lang)), num(format_percent(b.coverage_rate)),
               num(after_or_dash(format_percent(a.coverage_rate))),
               num(have_after ? signed_number(100.0 * (a.coverage_rate - b.coverage_rate), 1) + tr("pp", lang) : "-")});
        t.add({text(tr("elderly_covered", lang)), num(format_number(b.elderly_covered, 0)),
               num(after_or_dash(format_number(a.elderly_covered, 0))),
               num(have_after ? signed_number(a.elderly_covered - b.elderly_covered, 0) : "-")});
        auto area = [](const AuditResult& r) {
            return format_number(static_cast<double>(r.estates_meeting_area), 0) + " / " +
                   format_number(static_cast<double>(r.estates_with_households), 0) + " (" +
                   format_percent(r.area_compliance_rate) + ")";
        };
        t.add({text(tr("estates_meeting_area", lang)), num(area(b)), num(after_or_dash(area(a))),
               num(have_after ? signed_number(static_cast<double>(a.estates_meeting_area) -
                                                  static_cast<double>(b.estates_meeting_area),
                                              0)
                              : "-")});
        t.add({text(tr("land_per_capita", lang)), num(land_per_capita(b)), num(after_or_dash(land_per_capita(a))),
               num(have_after ? signed_number(land_value(a) - land_value(b), 3) : "-")});
        t.add({text(tr("sites_proposed", lang)), num("-"), num(format_number(static_cast<double>(run.sites.size()), 0)),
               num(signed_number(static_cast<double>(run.sites.size()), 0))});
        h += t.render(lang);
    }
    if (!run.whatif.empty()) {  // the what-if panel's figures, next to the map (filled by its script)
        h += "<p class=\"whatif-live\" id=\"whatif-live\">" + html_escape(tr("whatif_live", lang)) + ": " +
             html_escape(tr("coverage_rate", lang)) + " <b data-whatif=\"coverage\">" + format_percent(a.coverage_rate) +
             "</b> · " + html_escape(tr("g2sfca_short", lang)) + " <b data-whatif=\"g2sfca\">" +
             format_number(a.access.city.mean_g2sfca, 3) + "</b> <a href=\"#whatif-section\">" +
             html_escape(tr("whatif_title", lang)) + "</a></p>\n";
    }
    close();
    h += map_legend_html(run, lang) + "</aside>\n</div>\n";
}

void Report::whatif() {
    // --- What if: switch sites on and off (inline data and script, no server) ------------
    open(2);
    const WhatIf& w = run.whatif;
    if (w.empty()) {
        h += "<p class=\"none\" id=\"whatif-none\">" +
             html_escape(w.too_many_estates ? trf("whatif_too_many", lang, {{"n", std::to_string(k_whatif_max_estates)}})
                                            : tr("whatif_none", lang)) +
             "</p>\n";
        close();
        return;
    }
    h += "<p class=\"note\" id=\"whatif-intro\">" +
         html_escape(trf("whatif_intro", lang, {{"area", format_number(st.station_min_area_m2, 0)}})) + "</p>\n";
    h += "<noscript><p class=\"none\">" + html_escape(tr("whatif_noscript", lang)) + "</p></noscript>\n";
    {
        HtmlTable t("whatif-figures", {{tr("figure", lang), false}, {tr("whatif_plan", lang), true}, {tr("whatif_now", lang), true}});
        auto row = [&](const std::string& label, const std::string& plan, const char* key) {
            t.add({text(label), num(plan), Cell{"", std::string("num\" id=\"whatif-") + key + "\" data-whatif=\"" + key}});
        };
        row(tr("coverage_rate", lang), format_percent(a.coverage_rate), "coverage");
        row(tr("elderly_covered", lang), format_number(a.elderly_covered, 0), "elderly");
        row(tr("access_g2sfca", lang), format_number(a.access.city.mean_g2sfca, 3), "g2sfca");
        row(tr("access_2sfca", lang), format_number(a.access.city.mean_2sfca, 3), "2sfca");
        row(tr("whatif_sites_on", lang), "-", "count");
        h += t.render(lang);
    }
    h += "<div class=\"whatif-bar\"><button type=\"button\" id=\"whatif-reset\">" + html_escape(tr("whatif_reset", lang)) +
         "</button><span class=\"note\">" + html_escape(tr("whatif_map_note", lang)) + "</span></div>\n";
    h += "<p class=\"note\" id=\"whatif-limit\">" +
         html_escape(trf(w.candidates_embedded < w.candidates_total ? "whatif_limit" : "whatif_all", lang,
                         {{"total", std::to_string(w.candidates_total)},
                          {"shown", std::to_string(w.candidates_embedded)},
                          {"max", std::to_string(w.max_candidates)}})) +
         "</p>\n";
    h += "<div class=\"whatif-cols\">\n<div>\n<h3>" + html_escape(tr("whatif_sites", lang)) + "</h3>\n";
    {
        HtmlTable t("whatif-sites", {{tr("whatif_on", lang), false},
                                     {tr("site", lang), false},
                                     {tr("whatif_role", lang), false},
                                     {tr("whatif_elderly_reached", lang), true},
                                     {tr("whatif_floor", lang), true}});
        for (std::size_t j = 0; j < w.sites.size(); ++j) {
            const WhatIfSite& s = w.sites[j];
            const std::string role(to_string(s.role));
            const std::string box = "<input type=\"checkbox\" data-site=\"" + std::to_string(j) + "\" data-id=\"" +
                                    html_escape(s.id) + "\"" + (s.planned ? " checked" : "") + ">";
            const std::string kind = s.role == WhatIfSite::Role::facility
                                         ? " (" + (has_translation("kind." + s.kind) ? tr("kind." + s.kind, lang) : s.kind) + ")"
                                         : "";
            t.add({Cell{box, ""}, text(s.id + (s.name.empty() ? "" : " " + s.name)),
                   text(tr("whatif_role_" + role, lang) + kind), num(format_number(s.elderly_reached, 0)),
                   num(s.role == WhatIfSite::Role::facility && s.kind == "institution"
                           ? format_number(s.beds, 0) + " " + tr("whatif_beds", lang)
                           : format_number(s.floor_area, 0))});
        }
        std::string table = t.render(lang, true);
        // Each row carries its site's role (the script marks the rows switched on).
        std::size_t pos = table.find("<tbody>");
        for (const auto& s : w.sites) {
            pos = table.find("<tr>", pos);
            const std::string tag = "<tr class=\"role-" + std::string(to_string(s.role)) + (s.planned ? " on" : "") + "\">";
            table.replace(pos, 4, tag);
            pos += tag.size();
        }
        h += table;
    }
    h += "</div>\n<div>\n<h3>" + html_escape(tr("whatif_uncovered", lang)) + " <span class=\"count\" id=\"whatif-uncovered-count\"></span></h3>\n";
    h += "<div class=\"scroll\"><table id=\"whatif-uncovered\">\n<thead><tr><th>" + html_escape(tr("id", lang)) + "</th><th>" +
         html_escape(tr("name", lang)) + "</th><th class=\"num\">" + html_escape(tr("elderly", lang)) +
         "</th><th class=\"num\">" + html_escape(tr("whatif_share", lang)) + "</th><th class=\"num\">" +
         html_escape(tr("whatif_left_out", lang)) + "</th></tr></thead>\n<tbody></tbody>\n</table></div>\n</div>\n</div>\n";
    nlohmann::json data = whatif_json(w, A.city);
    nlohmann::json text_j;
    for (const char* key : {"whatif_role_facility", "whatif_role_proposed", "whatif_role_candidate", "whatif_more"}) {
        text_j[key] = tr(key, lang);
    }
    data["text"] = std::move(text_j);
    data["lang"] = lang;
    // In a <script> element only "</" could end it early: JSON allows "<\/" for it.
    h += "<script type=\"application/json\" id=\"whatif-data\">" + replace_all(data.dump(), "</", "<\\/") + "</script>\n";
    h += "<script>" + std::string(k_whatif_js) + "</script>\n";
    close();
}

void Report::targets() {
    // --- Targets ------------------------------------------------------------------
    open(3);
    {
        std::map<std::string, const Target*> after_t;
        for (const auto& t : a.targets) after_t.emplace(t.key, &t);
        HtmlTable t("targets", {{tr("figure", lang), false},
                                {tr("target", lang), true},
                                {tr("before", lang), true},
                                {tr("result", lang), false},
                                {tr("after", lang), true},
                                {tr("result", lang), false},
                                {tr("source", lang), false}});
        for (const auto& tg : b.targets) {
            const auto it = after_t.find(tg.key);
            const Target* at = it == after_t.end() ? nullptr : it->second;
            auto res = [&](const Target* x) -> Cell {
                if (!x) return {"-", "na"};
                if (!x->target) return {tr("n_a", lang), "na"};
                return verdict(x->pass, lang);
            };
            t.add({text(target_label(tg, lang)), num(tg.target ? target_figure(tg.key, *tg.target) : "-"),
                   num(target_figure(tg.key, tg.value)), res(&tg), num(at ? target_figure(tg.key, at->value) : "-"),
                   res(at), text(lang == "zh" ? tg.source_zh : tg.source)});
        }
        h += t.render(lang);
    }
    close();
}

void Report::districts() {
    // --- Districts ----------------------------------------------------------------
    open(4);
    {
        HtmlTable t("districts", {{tr("district", lang), false},
                                  {tr("population", lang), true},
                                  {tr("land_m2", lang) + " · " + tr("before", lang), true},
                                  {tr("per_capita_m2", lang) + " · " + tr("before", lang), true},
                                  {tr("result", lang), false},
                                  {tr("land_m2", lang) + " · " + tr("after", lang), true},
                                  {tr("per_capita_m2", lang) + " · " + tr("after", lang), true},
                                  {tr("result", lang), false},
                                  {tr("minimum", lang), true}});
        for (const auto& d : b.districts) {
            const DistrictAudit* ad = matching_district(a.districts, d);
            t.add({text(d.name.empty() ? d.id : d.name), num(format_number(d.population, 0)),
                   num(format_number(d.facility_land_m2, 0)), num(format_number(d.land_per_capita_m2, 3)),
                   verdict(d.meets_land, lang), num(ad ? format_number(ad->facility_land_m2, 0) : "-"),
                   num(ad ? format_number(ad->land_per_capita_m2, 3) : "-"),
                   ad ? verdict(ad->meets_land, lang) : Cell{"-", "na"},
                   num(format_number(st.land_per_capita_min_m2, 2))});
        }
        h += t.render(lang);
    }
    close();
}

void Report::accessibility() {
    // --- Accessibility (G2SFCA, 2SFCA) and its equity (Gini, Lorenz) ---------------------
    open(5);
    const AccessResult& ab = b.access;
    const AccessResult& aa = a.access;
    {
        HtmlTable t("access", {{tr("figure", lang), false}, {tr("before", lang), true}, {tr("after", lang), true},
                               {tr("change", lang), true}});
        auto row = [&](const std::string& label, double before, double after, int decimals) {
            const bool fin = std::isfinite(before) && std::isfinite(after);
            t.add({text(label), num(format_number(before, decimals)), num(have_after ? format_number(after, decimals) : "-"),
                   num(have_after && fin ? signed_number(after - before, decimals) : "-")});
        };
        row(tr("access_g2sfca", lang), ab.city.mean_g2sfca, aa.city.mean_g2sfca, 3);
        row(tr("access_2sfca", lang), ab.city.mean_2sfca, aa.city.mean_2sfca, 3);
        row(tr("access_beds_g2sfca", lang), 1000.0 * ab.city.mean_beds_g2sfca, 1000.0 * aa.city.mean_beds_g2sfca, 1);
        row(tr("gini_access", lang), ab.city.lorenz_access.gini, aa.city.lorenz_access.gini, 3);
        row(tr("gini_distance", lang), ab.city.lorenz_distance.gini, aa.city.lorenz_distance.gini, 3);
        row(tr("estates_unreached", lang), static_cast<double>(ab.city.estates_unreached),
            static_cast<double>(aa.city.estates_unreached), 0);
        h += t.render(lang);
    }
    h += "<div class=\"lorenz-row\">\n";
    const std::pair<const char*, std::string> charts[] = {{"lorenz-access", tr("lorenz_access", lang)},
                                                          {"lorenz-distance", tr("lorenz_distance", lang)}};
    for (const auto& [id, title] : charts) {
        const bool access = std::string(id) == "lorenz-access";
        const LorenzCurve& cb = access ? ab.city.lorenz_access : ab.city.lorenz_distance;
        const LorenzCurve& ca = access ? aa.city.lorenz_access : aa.city.lorenz_distance;
        h += "<figure>\n<figcaption>" + html_escape(title) + "</figcaption>\n" +
             lorenz_svg(id, cb, have_after ? &ca : nullptr, tr(access ? "lorenz_y_access" : "lorenz_y_distance", lang),
                        lang) +
             "</figure>\n";
    }
    h += "<ul class=\"lorenz-key\"><li><svg width=\"28\" height=\"8\"><line x1=\"0\" y1=\"4\" x2=\"28\" y2=\"4\" "
         "stroke=\"#495057\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/></svg> " +
         html_escape(tr("before", lang)) +
         "</li><li><svg width=\"28\" height=\"8\"><line x1=\"0\" y1=\"4\" x2=\"28\" y2=\"4\" stroke=\"#e8590c\" "
         "stroke-width=\"2\"/></svg> " +
         html_escape(tr("after", lang)) +
         "</li><li><svg width=\"28\" height=\"8\"><line x1=\"0\" y1=\"4\" x2=\"28\" y2=\"4\" stroke=\"#868e96\" "
         "stroke-width=\"0.8\"/></svg> " +
         html_escape(tr("lorenz_equality", lang)) + "</li></ul>\n</div>\n";
    {
        HtmlTable t("access-districts", {{tr("district", lang), false},
                                         {tr("elderly", lang), true},
                                         {tr("g2sfca_short", lang) + " · " + tr("before", lang), true},
                                         {tr("g2sfca_short", lang) + " · " + tr("after", lang), true},
                                         {tr("gini_access_short", lang) + " · " + tr("before", lang), true},
                                         {tr("gini_access_short", lang) + " · " + tr("after", lang), true},
                                         {tr("gini_distance_short", lang) + " · " + tr("before", lang), true},
                                         {tr("gini_distance_short", lang) + " · " + tr("after", lang), true}});
        for (const auto& d : ab.districts) {
            const AccessGroup* ad = matching_district(aa.districts, d);
            t.add({text(d.name.empty() ? d.id : d.name), num(format_number(d.elderly, 0)),
                   num(format_number(d.mean_g2sfca, 3)), num(ad ? format_number(ad->mean_g2sfca, 3) : "-"),
                   num(format_number(d.lorenz_access.gini, 3)), num(ad ? format_number(ad->lorenz_access.gini, 3) : "-"),
                   num(format_number(d.lorenz_distance.gini, 3)),
                   num(ad ? format_number(ad->lorenz_distance.gini, 3) : "-")});
        }
        h += t.render(lang);
    }
    h += district_lorenz(ab, aa, have_after, lang);
    h += "<p class=\"note\" id=\"access-note\">" +
         html_escape(trf("access_note", lang,
                         {{"d0", format_number(ab.d0_m, 0)},
                          {"mode", tr(b.coverage.mode == CoverageMode::network ? "mode_network" : "mode_circle", lang)}})) +
         "</p>\n";
    const auto& tg = run.summary.contains("target_group") ? run.summary["target_group"] : nlohmann::json();
    h += walking_groups_html(b, have_after ? &a : nullptr, tg.is_object() ? tg["id"].get<std::string>() : "", lang);
    close();
}

void Report::failing_estates() {
    // --- Estates below the area rule ------------------------------------------------
    {
        std::vector<std::size_t> failing;
        for (std::size_t i = 0; i < B.city.estates.size() && i < b.estates.size(); ++i) {
            if (!b.estates[i].meets_area && B.city.estates[i].households > 0) failing.push_back(i);
        }
        std::stable_sort(failing.begin(), failing.end(), [&](std::size_t x, std::size_t y) {
            if (b.estates[x].shortfall_m2 != b.estates[y].shortfall_m2) return b.estates[x].shortfall_m2 > b.estates[y].shortfall_m2;
            return B.city.estates[x].id < B.city.estates[y].id;
        });
        std::map<std::string, std::size_t> after_e;
        for (std::size_t i = 0; i < A.city.estates.size() && i < a.estates.size(); ++i) after_e.emplace(A.city.estates[i].id, i);
        open(6, format_number(static_cast<double>(failing.size()), 0) + " / " +
                    format_number(static_cast<double>(b.estates_with_households), 0));
        HtmlTable t("failing-estates", {{tr("id", lang), false},
                                        {tr("name", lang), false},
                                        {tr("community", lang), false},
                                        {tr("new_estate", lang), false},
                                        {tr("households", lang), true},
                                        {tr("required_m2", lang), true},
                                        {tr("provided_m2", lang), true},
                                        {tr("shortfall_m2", lang), true},
                                        {tr("shortfall_m2", lang) + " · " + tr("after", lang), true}});
        for (auto i : failing) {
            const Estate& e = B.city.estates[i];
            const EstateAudit& ea = b.estates[i];
            const auto it = after_e.find(e.id);
            t.add({text(e.id), text(e.name), text(e.community), Cell{e.is_new ? tr("yes", lang) : "", ""},
                   num(format_number(e.households, 0)), num(format_number(ea.required_area_m2, 0)),
                   num(format_number(ea.provided_area_m2, 0)), {html_escape(format_number(ea.shortfall_m2, 0)), "num fail"},
                   num(it == after_e.end() ? "-" : format_number(a.estates[it->second].shortfall_m2, 0))});
        }
        h += t.render(lang, true);
        close();
    }
}

void Report::groups(std::size_t section, const char* id, const std::vector<GroupAudit>& before_list,
                    const std::vector<GroupAudit>& after_list, bool communities) {
    std::map<std::string, const GroupAudit*> after_g;
    for (const auto& g : after_list) after_g.emplace(g.district + "|" + g.street + "|" + g.name, &g);
    std::vector<const GroupAudit*> missing;
    for (const auto& g : before_list) {
        if (!g.compliant) missing.push_back(&g);
    }
    open(section, format_number(static_cast<double>(missing.size()), 0) + " / " +
                      format_number(static_cast<double>(before_list.size()), 0));
    std::vector<std::pair<std::string, bool>> header = {{tr(communities ? "community" : "street", lang), false}};
    if (communities) header.push_back({tr("street", lang), false});
    header.insert(header.end(), {{tr("district", lang), false},
                                 {tr("elderly", lang), true},
                                 {tr("reason", lang), false},
                                 {tr("fixed_by_plan", lang), false}});
    HtmlTable t(id, header);
    for (const GroupAudit* g : missing) {
        const auto it = after_g.find(g->district + "|" + g->street + "|" + g->name);
        std::vector<Cell> row = {text(g->name)};
        if (communities) row.push_back(text(g->street));
        std::string reasons;  // one line per part: each centre of a street on its own line
        for (const auto& line : reason_lines(g->reason, lang)) reasons += (reasons.empty() ? "" : "<br>") + html_escape(line);
        row.insert(row.end(), {text(g->district), num(format_number(g->elderly, 0)), Cell{reasons, ""},
                               it == after_g.end() ? Cell{"-", "na"} : yes_no(it->second->compliant, lang)});
        t.add(std::move(row));
    }
    h += t.render(lang, true);
    close();
}

void Report::proposed_sites() {
    // --- Proposed sites ---------------------------------------------------------------
    open(9, format_number(static_cast<double>(run.sites.size()), 0));
    {
        std::map<std::string, std::string> estate_name;
        for (const auto& e : B.city.estates) estate_name.emplace(e.id, e.name);
        std::vector<const ProposedSite*> sites;
        for (const auto& s : run.sites) sites.push_back(&s);
        std::stable_sort(sites.begin(), sites.end(), [](const ProposedSite* x, const ProposedSite* y) { return x->rank < y->rank; });
        HtmlTable t("proposed-sites", {{tr("rank", lang), true},
                                       {tr("site", lang), false},
                                       {tr("added_elderly", lang), true},
                                       {tr("served_estates", lang), false},
                                       {tr("households_served", lang), true},
                                       {tr("recommended_area", lang), true},
                                       {tr("why", lang), false}});
        for (const ProposedSite* s : sites) {
            std::string served;
            const std::size_t shown = std::min<std::size_t>(s->served_estates.size(), 8);
            for (std::size_t k = 0; k < shown; ++k) {
                const auto& id = s->served_estates[k];
                const auto it = estate_name.find(id);
                served += (k ? (lang == "zh" ? "、" : ", ") : "") + id + (it == estate_name.end() || it->second.empty() ? "" : " " + it->second);
            }
            if (s->served_estates.size() > shown) {
                served += (lang == "zh" ? " " + tr("and_more", lang) : ", " + tr("and_more", lang)) + " (" +
                          std::to_string(s->served_estates.size()) + ")";
            }
            std::string why = tr("why_text", lang);
            why = replace_all(why, "{elderly}", format_number(s->added_covered_elderly, 0));
            why = replace_all(why, "{estates}", std::to_string(s->served_estates.size()));
            t.add({num(std::to_string(s->rank)), text(s->id + (s->name.empty() ? "" : " " + s->name)),
                   num(format_number(s->added_covered_elderly, 0)), text(served), num(format_number(s->households_served, 0)),
                   num(format_number(s->recommended_area_m2, 0)), text(why)});
        }
        h += t.render(lang);
        optimisation_line();
    }
    close();
}

void Report::optimisation_line() {
    const SolveRecord& solve = run.solve;
    if (solve.empty()) return;
    const opt::Result& r = solve.result;
    const bool zh = lang == "zh";
    const std::string sep = zh ? "；" : "; ";
    auto word = [&](const std::string& prefix, std::string_view name) {
        const std::string key = prefix + std::string(name);
        return zh && has_translation(key) ? tr(key, lang) : std::string(name);
    };
    std::string line = tr("optimisation", lang) + (zh ? "：" : ": ") + tr("model", lang) + " " + word("model.", opt::to_string(r.model));
    if (r.has_solution()) {
        line += sep + tr("objective", lang) + " " + format_number(r.objective, 1);
        if (std::isfinite(r.gap)) line += sep + tr("gap", lang) + " " + format_number(r.gap, 4);
    }
    line += sep + tr("status", lang) + " " + word("status.", opt::to_string(r.status));
    h += "<p class=\"note\" id=\"optimisation\">" + html_escape(line) + "</p>\n";
}

void Report::warnings() {
    // --- Warnings ---------------------------------------------------------------------
    const auto list = warnings_of(run);
    open(10, format_number(static_cast<double>(list.size()), 0));
    if (list.empty()) {
        h += "<p class=\"none\" id=\"warnings-none\">" + tr("none", lang) + "</p>\n";
    } else {
        h += "<ul class=\"warnings\" id=\"warnings\">\n";
        for (const auto& w : list) h += "<li>" + html_escape(warning_text(w, lang)) + "</li>\n";
        h += "</ul>\n";
    }
    close();
}

void Report::sources() {
    // --- Open data: where the layers came from, their credits, the estimates --------------
    if (B.city.sources.empty()) return;
    open(11);
    h += "<ul id=\"sources\">\n";
    for (const auto& s : B.city.sources) {
        const bool raster = s.credit == k_raster_credit;  // any raster: WorldPop's or not, the tool cannot tell
        h += "<li>" + html_escape(tr("source." + s.layer, lang)) + ": <code>" + html_escape(s.source) + "</code>" +
             (s.credit.empty() ? "" : " — " + html_escape((raster ? tr("credit_if_worldpop", lang) : "") + s.credit)) +
             "</li>\n";
    }
    h += "</ul>\n";
    if (const auto& r = B.city.raster) {
        const bool elderly = r->counts == "elderly";
        const std::string other = trf(elderly ? "estimates_other_elderly" : "estimates_other_population", lang,
                                      {{"share", format_number(r->elderly_share, 3)}});
        h += "<p class=\"note\" id=\"estimates\">" +
             html_escape(trf("estimates_note", lang,
                             {{"counts", tr("counts." + r->counts, lang)},
                              {"total", format_number(r->study_total, 0)},
                              {"inside", format_number(r->in_estates, 0)},
                              {"outside", format_number(r->outside_estates, 0)},
                              {"other", other},
                              {"size", format_number(r->household_size, 2)}})) +
             "</p>\n";
    }
    close();
}

}  // namespace

std::string report_html(const PlanRun& run, const std::string& lang_in) { return Report(run, normalise_lang(lang_in)).write(); }

}  // namespace lc::app
