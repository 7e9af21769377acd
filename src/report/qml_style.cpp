#include "report/qml_style.hpp"

#include "lc/error.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"
#include "report/svg_map.hpp"

#include <cstdio>
#include <tuple>

namespace lc::app {
namespace {

/// "#2b8a3e" -> "43,138,62,255".
std::string rgba(const std::string& hex, int alpha = 255) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() == 7) std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &g, &b);
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + "," + std::to_string(alpha);
}

std::string bilingual(const std::string& key) { return tr(key, "zh") + " / " + tr(key, "en"); }

std::string field(const std::string& name) { return "&quot;" + name + "&quot;"; }

/// Deterministic rule keys in QGIS's UUID form.
std::string uuid(int n) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "{6c1f0e00-0000-4000-8000-%012d}", n);
    return buf;
}

std::string opt(const std::string& name, const std::string& value) {
    return "            <Option type=\"QString\" name=\"" + name + "\" value=\"" + html_escape(value) + "\"/>\n";
}

const char* k_empty_dd =
    "          <data_defined_properties>\n"
    "            <Option type=\"Map\">\n"
    "              <Option type=\"QString\" name=\"name\" value=\"\"/>\n"
    "              <Option name=\"properties\"/>\n"
    "              <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n"
    "            </Option>\n"
    "          </data_defined_properties>\n";

std::string symbol_layer(const std::string& cls, const std::string& options) {
    return "        <layer class=\"" + cls + "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n          <Option type=\"Map\">\n" +
           options + "          </Option>\n" + k_empty_dd + "        </layer>\n";
}

std::string simple_fill(const std::string& colour, const std::string& outline, double outline_mm,
                        const std::string& style = "solid", const std::string& outline_style = "solid") {
    return symbol_layer("SimpleFill", opt("border_width_map_unit_scale", "3x:0,0,0,0,0,0") + opt("color", colour) +
                                          opt("joinstyle", "bevel") + opt("offset", "0,0") +
                                          opt("offset_map_unit_scale", "3x:0,0,0,0,0,0") + opt("offset_unit", "MM") +
                                          opt("outline_color", outline) + opt("outline_style", outline_style) +
                                          opt("outline_width", std::to_string(outline_mm).substr(0, 4)) +
                                          opt("outline_width_unit", "MM") + opt("style", style));
}

std::string simple_marker(const std::string& shape, const std::string& colour, double size_mm,
                          const std::string& outline = "255,255,255,255") {
    return symbol_layer("SimpleMarker",
                        opt("angle", "0") + opt("cap_style", "square") + opt("color", colour) +
                            opt("horizontal_anchor_point", "1") + opt("joinstyle", "bevel") + opt("name", shape) +
                            opt("offset", "0,0") + opt("offset_map_unit_scale", "3x:0,0,0,0,0,0") +
                            opt("offset_unit", "MM") + opt("outline_color", outline) + opt("outline_style", "solid") +
                            opt("outline_width", "0.4") + opt("outline_width_map_unit_scale", "3x:0,0,0,0,0,0") +
                            opt("outline_width_unit", "MM") + opt("scale_method", "diameter") +
                            opt("size", std::to_string(size_mm).substr(0, 4)) +
                            opt("size_map_unit_scale", "3x:0,0,0,0,0,0") + opt("size_unit", "MM") +
                            opt("vertical_anchor_point", "1"));
}

std::string simple_line(const std::string& colour, double width_mm, const std::string& style = "solid") {
    return symbol_layer("SimpleLine", opt("capstyle", "square") + opt("joinstyle", "bevel") + opt("line_color", colour) +
                                          opt("line_style", style) +
                                          opt("line_width", std::to_string(width_mm).substr(0, 4)) +
                                          opt("line_width_unit", "MM") + opt("offset", "0,0") + opt("offset_unit", "MM"));
}

std::string symbol(int name, QmlGeometry g, const std::string& layers, double alpha = 1.0) {
    const char* type = g == QmlGeometry::point ? "marker" : g == QmlGeometry::line ? "line" : "fill";
    char a[16];
    std::snprintf(a, sizeof a, "%.2g", alpha);
    return "      <symbol type=\"" + std::string(type) + "\" name=\"" + std::to_string(name) + "\" alpha=\"" + a +
           "\" clip_to_extent=\"1\" force_rhr=\"0\" frame_rate=\"10\" is_animated=\"0\">\n" + k_empty_dd + layers +
           "      </symbol>\n";
}

/// A symbol for `g` with a given colour: fill, marker or line.
std::string plain_symbol(int name, QmlGeometry g, const std::string& colour, const std::string& marker_shape = "circle",
                         double alpha = 1.0) {
    switch (g) {
    case QmlGeometry::point: return symbol(name, g, simple_marker(marker_shape, colour, 3.2), alpha);
    case QmlGeometry::line: return symbol(name, g, simple_line(colour, 0.6), alpha);
    case QmlGeometry::polygon: break;
    }
    return symbol(name, g, simple_fill(colour, "73,80,87,255", 0.2), alpha);
}

/// A facility kind's marker in its colour and shape (standards/facility_kind.hpp).
std::string kind_symbol(int name, QmlGeometry g, FacilityKind kind) {
    return plain_symbol(name, g, rgba(std::string(kind_colour(kind))), std::string(kind_shape(kind)));
}

std::string categorized(const std::string& attr, const std::vector<std::pair<std::string, std::string>>& cats,
                        const std::vector<std::string>& symbols, const std::string& value_type) {
    std::string s = "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" + attr +
                    "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n    <categories>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) {
        s += "      <category type=\"" + value_type + "\" value=\"" + html_escape(cats[i].first) + "\" symbol=\"" +
             std::to_string(i) + "\" label=\"" + html_escape(cats[i].second) + "\" render=\"true\" uuid=\"" +
             uuid(100 + static_cast<int>(i)) + "\"/>\n";
    }
    s += "    </categories>\n    <symbols>\n";
    for (const auto& sym : symbols) s += sym;
    s += "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    return s;
}

std::string single(const std::string& sym) {
    return "  <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\" "
           "referencescale=\"-1\">\n    <symbols>\n" +
           sym + "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
}

/// Simple labels on a field. `all`: every label, overlapping or not (ranks of
/// sites); otherwise QGIS drops the labels that would collide (names of estates).
std::string labeling(const std::string& field_name, const std::string& colour, double size_pt, bool buffer, bool all = true,
                     const std::string& buffer_colour = "255,255,255,255") {
    return "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
           "      <text-style fieldName=\"" +
           field_name + "\" isExpression=\"0\" fontFamily=\"Sans Serif\" namedStyle=\"Bold\" fontWeight=\"75\" "
           "fontItalic=\"0\" fontSize=\"" +
           std::to_string(size_pt).substr(0, 4) + "\" fontSizeUnit=\"Point\" textColor=\"" + colour +
           "\" textOpacity=\"1\" multilineHeight=\"1\" allowHtml=\"0\" capitalization=\"0\" blendMode=\"0\" "
           "fontKerning=\"1\" textOrientation=\"horizontal\" useSubstitutions=\"0\" legendString=\"Aa\">\n"
           "        <families/>\n"
           "        <text-buffer bufferDraw=\"" +
           std::string(buffer ? "1" : "0") + "\" bufferSize=\"0.9\" bufferSizeUnits=\"MM\" bufferColor=\"" + buffer_colour +
           "\" bufferOpacity=\"1\" bufferNoFill=\"1\" bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/>\n"
           "        <text-mask maskEnabled=\"0\" maskType=\"0\" maskSize=\"0\" maskSizeUnits=\"MM\" maskOpacity=\"1\" "
           "maskJoinStyle=\"128\"/>\n"
           "        <background shapeDraw=\"0\"/>\n"
           "        <shadow shadowDraw=\"0\"/>\n"
           "        <substitutions/>\n"
           "      </text-style>\n"
           "      <text-format wrapChar=\"\" autoWrapLength=\"0\" multilineAlign=\"3\" formatNumbers=\"0\" "
           "decimals=\"0\" plussign=\"0\" reverseDirectionSymbol=\"0\" placeDirectionSymbol=\"0\" addDirectionSymbol=\"0\"/>\n"
           "      <placement placement=\"1\" quadOffset=\"4\" dist=\"0\" distUnits=\"MM\" offsetType=\"0\" xOffset=\"0\" "
           "yOffset=\"0\" offsetUnits=\"MM\" priority=\"8\" fitInPolygonOnly=\"0\" centroidWhole=\"0\" centroidInside=\"1\" "
           "placementFlags=\"10\" rotationAngle=\"0\" maxCurvedCharAngleIn=\"25\" maxCurvedCharAngleOut=\"-25\" "
           "repeatDistance=\"0\" overrunDistance=\"0\" layerType=\"UnknownGeometry\"/>\n"
           "      <rendering drawLabels=\"1\" displayAll=\"" +
           std::string(all ? "1" : "0") + "\" obstacle=\"1\" obstacleType=\"1\" obstacleFactor=\"1\" "
           "scaleVisibility=\"0\" scaleMin=\"0\" scaleMax=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\" "
           "minFeatureSize=\"0\" limitNumLabels=\"0\" maxNumLabels=\"2000\" fontLimitPixelSize=\"0\" zIndex=\"0\" "
           "unplacedVisibility=\"0\"/>\n"
           "      <dd_properties>\n        <Option type=\"Map\">\n          <Option type=\"QString\" name=\"name\" value=\"\"/>\n"
           "          <Option name=\"properties\"/>\n          <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n"
           "        </Option>\n      </dd_properties>\n"
           "      <callout type=\"simple\">\n        <Option type=\"Map\">\n"
           "          <Option type=\"QString\" name=\"name\" value=\"simple\"/>\n"
           "          <Option type=\"bool\" name=\"enabled\" value=\"false\"/>\n"
           "        </Option>\n      </callout>\n"
           "    </settings>\n  </labeling>\n";
}

/// The layer opacity of a style: the layer is drawn whole, then blended at this
/// opacity, so overlapping features do not stack into a darker colour.
std::string document(const std::string& body, QmlGeometry g, bool labels, double opacity = 1.0) {
    const int geometry_type = g == QmlGeometry::point ? 0 : g == QmlGeometry::line ? 1 : 2;
    char op[16];
    std::snprintf(op, sizeof op, "%.2g", opacity);
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.28.0-Firenze\" styleCategories=\"Symbology|Labeling|Fields\" labelsEnabled=\"" +
           std::string(labels ? "1" : "0") + "\">\n" + body + "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n"
           "  <layerOpacity>" + op + "</layerOpacity>\n  <layerGeometryType>" + std::to_string(geometry_type) +
           "</layerGeometryType>\n</qgis>\n";
}

/// `qml` with its field references (&quot;F&quot;, attr="F", fieldName="F") renamed
/// to the written names and an <aliases> element giving each renamed field its full name.
std::string with_written_names(std::string qml, const std::vector<std::pair<std::string, std::string>>& renamed) {
    if (renamed.empty()) return qml;
    const auto replace_all = [&qml](const std::string& from, const std::string& to) {
        for (auto pos = qml.find(from); pos != std::string::npos; pos = qml.find(from, pos + to.size())) {
            qml.replace(pos, from.size(), to);
        }
    };
    std::string aliases = "  <aliases>\n";
    for (const auto& [full, written] : renamed) {
        replace_all(field(full), field(written));
        replace_all("attr=\"" + full + "\"", "attr=\"" + written + "\"");
        replace_all("fieldName=\"" + full + "\"", "fieldName=\"" + written + "\"");
        aliases += "    <alias field=\"" + html_escape(written) + "\" name=\"" + html_escape(full) + "\"/>\n";
    }
    aliases += "  </aliases>\n";
    const auto at = qml.find("  <blendMode>");
    return qml.insert(at == std::string::npos ? qml.size() : at, aliases);
}

// --- The layers ------------------------------------------------------------------------

std::string estates_qml(QmlGeometry g) {
    const std::string pass = rgba("#b2f2bb"), fail = rgba("#ffc9c9"), edge = "73,80,87,255", hatch = rgba("#862e2e");
    struct Rule {
        const char* filter;
        std::string label;
        bool meets;
        bool covered;
    };
    const std::vector<Rule> rules = {
        {"= 1 AND ", bilingual("estate_pass") + " · " + bilingual("covered"), true, true},
        {"= 1 AND ", bilingual("estate_pass") + " · " + bilingual("not_covered"), true, false},
        {"= 0 AND ", bilingual("estate_fail") + " · " + bilingual("covered"), false, true},
        {"= 0 AND ", bilingual("estate_fail") + " · " + bilingual("not_covered"), false, false},
    };
    std::string s = "  <renderer-v2 type=\"RuleRenderer\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\" "
                    "referencescale=\"-1\">\n    <rules key=\"" +
                    uuid(1) + "\">\n";
    std::string symbols;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const Rule& r = rules[i];
        const std::string filter = field("meets_area") + " " + r.filter + field("covered") + (r.covered ? " = 1" : " = 0");
        s += "      <rule key=\"" + uuid(10 + static_cast<int>(i)) + "\" symbol=\"" + std::to_string(i) + "\" label=\"" +
             html_escape(r.label) + "\" filter=\"" + filter + "\"/>\n";
        std::string layers;
        if (g == QmlGeometry::point) {
            layers = simple_marker(r.covered ? "square" : "cross_fill", r.meets ? pass : fail, 3.0, edge);
        } else {
            layers = simple_fill(r.meets ? pass : fail, edge, 0.2);
            if (!r.covered) layers += simple_fill(hatch, "0,0,0,0", 0, "b_diagonal", "no");
        }
        symbols += symbol(static_cast<int>(i), g, layers);
    }
    s += "    </rules>\n    <symbols>\n" + symbols + "    </symbols>\n  </renderer-v2>\n";
    return document(s + labeling("name", "52,58,64,255", 7, true, false), g, true);
}

/// A graduated renderer on `attr`: one (lower, upper, label) range per symbol.
struct Range {
    double lower;
    double upper;
    std::string label;
};

std::string graduated(const std::string& attr, const std::vector<Range>& ranges, const std::vector<std::string>& symbols,
                      int uuid_base) {
    std::string s = "  <renderer-v2 type=\"graduatedSymbol\" attr=\"" + attr +
                    "\" graduatedMethod=\"GraduatedColor\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\" "
                    "referencescale=\"-1\">\n    <ranges>\n";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        char bounds[96];
        std::snprintf(bounds, sizeof bounds, "lower=\"%.6f\" upper=\"%.6f\"", ranges[i].lower, ranges[i].upper);
        s += "      <range " + std::string(bounds) + " symbol=\"" + std::to_string(i) + "\" label=\"" +
             html_escape(ranges[i].label) + "\" render=\"true\" uuid=\"" + uuid(uuid_base + static_cast<int>(i)) + "\"/>\n";
    }
    s += "    </ranges>\n    <symbols>\n";
    for (const auto& sym : symbols) s += sym;
    s += "    </symbols>\n";
    s += "    <classificationMethod id=\"Manual\">\n      <symmetricMode enabled=\"0\" symmetrypoint=\"0\" astride=\"0\"/>\n"
         "      <labelFormat format=\"%1 - %2\" trimtrailingzeroes=\"1\" labelprecision=\"2\"/>\n"
         "      <parameters>\n        <Option/>\n      </parameters>\n      <extraInformation/>\n    </classificationMethod>\n"
         "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    return s;
}

/// The coverage command's estates: how much of each is inside the walk
/// (covered_share 0, between, 1), without the audit's area rule.
std::string coverage_estates_qml(QmlGeometry g) {
    const std::vector<Range> ranges = {{0.0, 0.000001, bilingual("not_covered")},
                                       {0.000001, 0.999999, bilingual("partly_covered")},
                                       {0.999999, 1.0, bilingual("covered")}};
    const std::vector<std::string> symbols = {plain_symbol(0, g, rgba("#ffc9c9")), plain_symbol(1, g, rgba("#ffec99")),
                                              plain_symbol(2, g, rgba("#b2f2bb"))};
    return document(graduated("covered_share", ranges, symbols, 210) + labeling("name", "52,58,64,255", 7, true, false), g,
                    true);
}

std::string facilities_qml(QmlGeometry g) {
    std::vector<std::pair<std::string, std::string>> cats;
    std::vector<std::string> symbols;
    for (const auto kind : facility_kinds()) {
        cats.emplace_back(to_string(kind), kind_label(kind, "zh") + " / " + kind_label(kind, "en"));
        symbols.push_back(kind_symbol(static_cast<int>(symbols.size()), g, kind));
    }
    cats.emplace_back("", bilingual("kind.other"));  // QGIS: the empty value catches every other value
    symbols.push_back(kind_symbol(static_cast<int>(symbols.size()), g, FacilityKind::none));
    return document(categorized("kind", cats, symbols, "string") + labeling("name", "33,37,41,255", 7, true, false), g, true);
}

/// Opaque fill, translucent layer: where service areas overlap the tint stays
/// the same, so the estates' pass/fail colours show through everywhere.
std::string service_areas_qml(QmlGeometry g) {
    if (g != QmlGeometry::polygon) return document(single(plain_symbol(0, g, rgba("#1c7ed6"))), g, false, 0.35);
    return document(single(symbol(0, g, simple_fill(rgba("#74c0fc"), rgba("#1c7ed6"), 0.3))), g, false, 0.35);
}

std::string proposed_sites_qml(QmlGeometry g) {
    const std::string sym = g == QmlGeometry::point ? symbol(0, g, simple_marker("circle", rgba("#e8590c"), 6.0))
                                                    : plain_symbol(0, g, rgba("#e8590c"));
    return document(single(sym) + labeling("rank", "255,255,255,255", 9, false), g, true);
}

std::string districts_qml(QmlGeometry g) {
    std::vector<std::string> symbols;
    if (g == QmlGeometry::polygon) {
        symbols.push_back(symbol(0, g, simple_fill(rgba("#2b8a3e", 40), rgba("#2b8a3e"), 0.8, "solid", "dash")));
        symbols.push_back(symbol(1, g, simple_fill(rgba("#c92a2a", 40), rgba("#c92a2a"), 0.8, "solid", "dash")));
    } else {
        symbols.push_back(plain_symbol(0, g, rgba("#2b8a3e")));
        symbols.push_back(plain_symbol(1, g, rgba("#c92a2a")));
    }
    return document(categorized("meets_land", {{"1", bilingual("district_meets_land")}, {"0", bilingual("district_below_land")}},
                                symbols, "integer") +
                        labeling("name", "33,37,41,255", 11, true),
                    g, true);
}

std::string population_qml(QmlGeometry g) {
    const std::vector<Range> ranges = {{0.0, 0.5, bilingual("not_covered")}, {0.5, 1.0, bilingual("covered")}};
    const std::vector<std::string> symbols = {plain_symbol(0, g, rgba("#fa5252", 200)), plain_symbol(1, g, rgba("#40c057", 200))};
    return document(graduated("covered", ranges, symbols, 200), g, false);
}

std::string plan_sites_qml(QmlGeometry g) {
    std::vector<std::pair<std::string, std::string>> cats;
    std::vector<std::string> symbols;
    for (const auto kind : {FacilityKind::station, FacilityKind::centre, FacilityKind::institution}) {
        cats.emplace_back(to_string(kind), kind_label(kind, "zh") + " / " + kind_label(kind, "en"));
        symbols.push_back(kind_symbol(static_cast<int>(symbols.size()), g, kind));
    }
    return document(categorized("level", cats, symbols, "string") + labeling("phase", "33,37,41,255", 8, true), g, true);
}

/// "0.12" for a class bound: two significant decimals, more for small values.
std::string bound_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v >= 1.0 ? "%.2f" : "%.3g", v);
    return buf;
}

QmlGeometry usual_geometry(const std::string& layer) {
    if (layer == "facilities" || layer == "proposed_sites" || layer == "plan_sites") return QmlGeometry::point;
    return QmlGeometry::polygon;
}

}  // namespace

const std::vector<std::string>& qml_layer_names() {
    static const std::vector<std::string> names = {"estates",   "coverage_estates", "facilities", "service_areas",
                                                   "proposed_sites", "districts", "population", "plan_sites"};
    return names;
}

std::string access_qml(QmlGeometry g, const std::vector<double>& breaks,
                       const std::vector<std::pair<std::string, std::string>>& renamed) {
    // 0: no facility within the catchment; then one class per break (upper bounds,
    // ascending), a light-to-dark ramp: more floor within reach, darker.
    static const char* const ramp[] = {"#d0ebff", "#74c0fc", "#339af0", "#1971c2", "#0b4a8b"};
    std::vector<Range> ranges = {{0.0, 0.0, bilingual("access_none")}};
    std::vector<std::string> symbols = {plain_symbol(0, g, rgba("#e9ecef"))};
    double lower = 0.0;
    for (std::size_t i = 0; i < breaks.size() && i < std::size(ramp); ++i) {
        const double upper = breaks[i];
        ranges.push_back({lower, upper, bound_text(lower) + " – " + bound_text(upper)});
        symbols.push_back(plain_symbol(static_cast<int>(i) + 1, g, rgba(ramp[i])));
        lower = upper;
    }
    return with_written_names(
        document(graduated("access_g2sfca", ranges, symbols, 220) + labeling("name", "52,58,64,255", 7, true, false), g,
                 true),
        renamed);
}

std::string qml_for_layer(const std::string& layer_name) { return qml_for_layer(layer_name, usual_geometry(layer_name)); }

std::string qml_for_layer(const std::string& layer_name, QmlGeometry g) {
    if (layer_name == "estates") return estates_qml(g);
    if (layer_name == "coverage_estates") return coverage_estates_qml(g);
    if (layer_name == "facilities") return facilities_qml(g);
    if (layer_name == "service_areas") return service_areas_qml(g);
    if (layer_name == "proposed_sites") return proposed_sites_qml(g);
    if (layer_name == "districts") return districts_qml(g);
    if (layer_name == "population") return population_qml(g);
    if (layer_name == "plan_sites") return plan_sites_qml(g);
    throw ArgumentError("qml: no style for layer '" + layer_name +
                        "' (known: estates, coverage_estates, facilities, service_areas, proposed_sites, districts, "
                        "population, plan_sites)");
}

std::string qml_for_layer(const std::string& layer_name, QmlGeometry geometry,
                          const std::vector<std::pair<std::string, std::string>>& renamed) {
    return with_written_names(qml_for_layer(layer_name, geometry), renamed);
}

}  // namespace lc::app
