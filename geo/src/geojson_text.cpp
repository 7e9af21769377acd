#include "geojson_text.hpp"

#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_p.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace lc::geo::detail {

namespace {

/// GDAL's coordinate format is C++ streams' fixed notation followed by its
/// "intelliround" (which trims runs of 0s and 9s that look like rounding noise)
/// and the trailing zeros dropped. The fast path covers every value whose
/// decimals hold no run of four 0s or 9s (the only ones intelliround can touch
/// at these precisions); GDAL formats the rest itself.
constexpr int k_fast_precision_max = 7;

bool append_fixed_fast(std::string& out, double v, int precision) {
    if (precision < 1 || precision > k_fast_precision_max || !(std::abs(v) < 1e15)) return false;
    char buf[48];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
    if (ec != std::errc()) return false;
    const std::string_view text(buf, static_cast<std::size_t>(end - buf));
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view decimals = text.substr(dot + 1);
    if (decimals.find("0000") != std::string_view::npos || decimals.find("9999") != std::string_view::npos) return false;
    std::size_t n = text.size();
    while (n > dot + 2 && text[n - 1] == '0') --n;
    out.append(buf, n);
    return true;
}

std::string_view significant(char* buf, std::size_t size, double v, int figures) {
    const auto r = std::to_chars(buf, buf + size, v, std::chars_format::general, figures);
    return {buf, static_cast<std::size_t>(r.ptr - buf)};
}

bool looks_rounded(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view rest = text.substr(dot);
    return rest.find("999999") != std::string_view::npos || rest.find("000000") != std::string_view::npos;
}

/// A coordinate as the driver's COORDINATE_PRECISION=`precision` prints it:
/// fixed with `precision` decimals, trailing zeros dropped but one.
void append_coordinate(std::string& out, double v, int precision) {
    if (append_fixed_fast(out, v, precision)) return;
    if (std::abs(v) > 1e50 && !std::isinf(v)) {  // GDAL's own switch to 18 significant figures
        char buf[40];
        out += significant(buf, sizeof buf, v, 18);
        return;
    }
    char buf[75];
    OGRFormatDouble(buf, sizeof buf, v, '.', precision);
    out += buf;
}

/// A real attribute as the driver prints it (17 significant figures, fewer
/// where that shows rounding noise, ".0" on a whole number).
void append_real(std::string& out, double v) {
    // 17 significant figures; where the decimals show six 9s or 0s in a row
    // (rounding noise), the first of 16, 15 and 14 figures that shows none.
    char buf[40];
    std::string_view text = significant(buf, sizeof buf, v, 17);
    if (looks_rounded(text)) {
        bool found = false;
        for (int figures = 16; figures >= 14 && !found; --figures) {
            text = significant(buf, sizeof buf, v, figures);
            found = text.find('.') != std::string_view::npos && !looks_rounded(text);
        }
        if (!found) text = significant(buf, sizeof buf, v, 17);
    }
    out += text;
    if (text.find('.') == std::string_view::npos && text.find('e') == std::string_view::npos) out += ".0";
}

/// A JSON string with json-c's escapes (quote, backslash, control characters; "/" as is).
void append_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20U) {
                    out += "\\u00";
                    out += hex[c >> 4U];
                    out += hex[c & 0xFU];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

/// Thrown for what this printer leaves to GDAL (append_feature in the header);
/// the caller writes the layer with GDAL.
struct Unsupported : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "[ a, b, c ]" of n items, "[ ]" for none (GDAL's spacing).
template <class Fn>
void append_list(std::string& out, int n, Fn&& item) {
    if (n == 0) {
        out += "[ ]";
        return;
    }
    out += "[ ";
    for (int i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        item(i);
    }
    out += " ]";
}

void append_xy(std::string& out, double x, double y, int precision) {
    out += "[ ";
    append_coordinate(out, x, precision);
    out += ", ";
    append_coordinate(out, y, precision);
    out += " ]";
}

void append_points(std::string& out, const OGRSimpleCurve& c, int precision) {
    append_list(out, c.IsEmpty() ? 0 : c.getNumPoints(),
                [&](int i) { append_xy(out, c.getX(i), c.getY(i), precision); });
}

void append_rings(std::string& out, const OGRPolygon& p, int precision) {
    append_list(out, p.IsEmpty() ? 0 : p.getNumInteriorRings() + 1, [&](int r) {
        append_points(out, r == 0 ? *p.getExteriorRing() : *p.getInteriorRing(r - 1), precision);
    });
}

// The parts of a collection, each printed by part(const Part&).
template <class Part, class Fn>
void append_parts(std::string& out, const OGRGeometryCollection& c, Fn&& part) {
    append_list(out, c.getNumGeometries(), [&](int i) { part(*static_cast<const Part*>(c.getGeometryRef(i))); });
}

void append_geometry(std::string& out, const OGRGeometry& g, int precision, bool nested) {
    if (g.Is3D() || g.IsMeasured()) throw Unsupported("3D or measured");
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    if (t == wkbPoint && g.IsEmpty()) {
        if (nested) throw Unsupported("empty point in a collection");
        out += "null";
        return;
    }
    const char* name = nullptr;
    switch (t) {
        case wkbPoint: name = "Point"; break;
        case wkbLineString: name = "LineString"; break;
        case wkbPolygon: name = "Polygon"; break;
        case wkbMultiPoint: name = "MultiPoint"; break;
        case wkbMultiLineString: name = "MultiLineString"; break;
        case wkbMultiPolygon: name = "MultiPolygon"; break;
        case wkbGeometryCollection: name = "GeometryCollection"; break;
        default: throw Unsupported(OGRGeometryTypeToName(t));
    }
    out += "{ \"type\": \"";
    out += name;
    out += t == wkbGeometryCollection ? "\", \"geometries\": " : "\", \"coordinates\": ";
    switch (t) {
        case wkbPoint: append_xy(out, g.toPoint()->getX(), g.toPoint()->getY(), precision); break;
        case wkbLineString: append_points(out, *g.toLineString(), precision); break;
        case wkbPolygon: append_rings(out, *g.toPolygon(), precision); break;
        case wkbMultiPoint:
            append_parts<OGRPoint>(out, *g.toGeometryCollection(),
                                   [&](const OGRPoint& p) { append_xy(out, p.getX(), p.getY(), precision); });
            break;
        case wkbMultiLineString:
            append_parts<OGRLineString>(out, *g.toGeometryCollection(),
                                        [&](const OGRLineString& l) { append_points(out, l, precision); });
            break;
        case wkbMultiPolygon:
            append_parts<OGRPolygon>(out, *g.toGeometryCollection(),
                                     [&](const OGRPolygon& p) { append_rings(out, p, precision); });
            break;
        default:
            append_parts<OGRGeometry>(out, *g.toGeometryCollection(),
                                      [&](const OGRGeometry& p) { append_geometry(out, p, precision, true); });
    }
    out += " }";
}

// A string GDAL's AUTODETECT_JSON_STRINGS may write as JSON itself.
bool json_like(std::string_view s) {
    return s.size() >= 2 && ((s.front() == '{' && s.back() == '}') || (s.front() == '[' && s.back() == ']'));
}

void append_feature_or_throw(std::string& out, const OGRFeature& feature, int precision) {
    out += "{ \"type\": \"Feature\", \"properties\": { ";
    const OGRFeatureDefn& defn = *feature.GetDefnRef();
    bool first = true;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        if (!feature.IsFieldSet(i)) continue;
        const OGRFieldDefn& fd = *defn.GetFieldDefn(i);
        const bool null = feature.IsFieldNull(i);
        if (!null && fd.GetType() == OFTReal && !std::isfinite(feature.GetFieldAsDouble(i))) continue;  // GDAL skips it
        if (!first) out += ", ";
        first = false;
        append_string(out, fd.GetNameRef());
        out += ": ";
        if (null) {
            out += "null";
        } else if (fd.GetType() == OFTInteger64) {
            char buf[24];
            const auto r = std::to_chars(buf, buf + sizeof buf, feature.GetFieldAsInteger64(i));
            out.append(buf, r.ptr);
        } else if (fd.GetType() == OFTReal) {
            append_real(out, feature.GetFieldAsDouble(i));
        } else if (fd.GetType() == OFTString) {
            const std::string_view text = feature.GetFieldAsString(i);
            if (json_like(text)) throw Unsupported("a string GDAL would take for JSON");
            append_string(out, text);
        } else {
            throw Unsupported("field type");
        }
    }
    out += first ? "}, \"geometry\": " : " }, \"geometry\": ";
    const OGRGeometry* g = feature.GetGeometryRef();
    if (g == nullptr) {
        out += "null";
    } else {
        append_geometry(out, *g, precision, false);
    }
    out += " }";
}

}  // namespace

bool append_feature(std::string& out, const OGRFeature& feature, int precision) {
    const std::size_t size = out.size();
    try {
        append_feature_or_throw(out, feature, precision);
        return true;
    } catch (const Unsupported&) {
        out.resize(size);
        return false;
    }
}

}  // namespace lc::geo::detail
