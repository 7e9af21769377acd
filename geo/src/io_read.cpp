#include "gdal_common.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "lc/geo/postgis_output.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string_view>

namespace lc::geo {
namespace detail {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // GeoPackage timestamps would make outputs differ from run to run.
        CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
        // GDAL's fast OSM node index takes positive ids only: an extract edited in
        // JOSM (negative ids; Nanshan's) fails with it. SQLite's index takes any.
        if (!CPLGetConfigOption("OSM_USE_CUSTOM_INDEXING", nullptr)) CPLSetConfigOption("OSM_USE_CUSTOM_INDEXING", "NO");
    });
}

std::string gdal_error() {
    const char* msg = CPLGetLastErrorMsg();
    return (msg && *msg) ? std::string(msg) : std::string("no details");
}

}  // namespace detail

using detail::DatasetPtr;
using detail::FeaturePtr;

std::optional<double> to_number(const Value& v, bool* non_numeric) {
    if (non_numeric) *non_numeric = false;
    if (std::holds_alternative<std::int64_t>(v)) return static_cast<double>(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
        const double d = std::get<double>(v);
        if (!std::isfinite(d)) {
            if (non_numeric) *non_numeric = true;
            return std::nullopt;
        }
        return d;
    }
    if (std::holds_alternative<std::string>(v)) {
        std::string s = std::get<std::string>(v);
        const auto b = s.find_first_not_of(" \t\r\n");
        if (b == std::string::npos) return std::nullopt;  // blank = null
        const auto e = s.find_last_not_of(" \t\r\n");
        s = s.substr(b, e - b + 1);
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || !std::isfinite(d)) {
            if (non_numeric) *non_numeric = true;
            return std::nullopt;
        }
        return d;
    }
    return std::nullopt;
}

std::string to_text(const Value& v) {
    if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
        const double d = std::get<double>(v);
        if (std::isnan(d)) return "NaN";
        if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (std::floor(d) == d && std::abs(d) < 1e15) return std::to_string(static_cast<std::int64_t>(d));
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", d);
        return buf;
    }
    return {};
}

std::string to_id(const Value& v) {
    const std::string s = to_text(v);
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::optional<std::size_t> VectorLayer::field_index(std::string_view name) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == name) return i;
    }
    // Case-insensitive second try (shapefile field names are often upper case).
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (EQUAL(fields[i].name.c_str(), std::string(name).c_str())) return i;
    }
    return std::nullopt;
}

std::string VectorLayer::field_list() const {
    std::string out;
    for (const auto& f : fields) {
        if (!out.empty()) out += ", ";
        out += f.name;
    }
    return out.empty() ? "(none)" : out;
}

namespace {

bool is_shapefile(const std::filesystem::path& p) {
    auto ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".shp" || ext == ".dbf";
}

bool has_cpg(const std::filesystem::path& shp) {
    std::error_code ec;
    for (const char* ext : {".cpg", ".CPG"}) {
        auto p = shp;
        p.replace_extension(ext);
        if (std::filesystem::exists(p, ec)) return true;
    }
    return false;
}

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
/// points above U+10FFFF: what nlohmann::json and GeoJSON writers accept).
bool is_utf8(std::string_view s) {
    std::size_t i = 0;
    const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < s.size()) {
        const unsigned char c = byte(i);
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char b = byte(i + k);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
        }
        i += len;
    }
    return true;
}

/// `s` with every byte that does not start a well-formed UTF-8 sequence
/// replaced by U+FFFD.
std::string repair_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        bool done = false;
        for (std::size_t len = 4; len >= 1 && !done; --len) {
            if (i + len <= s.size() && is_utf8(s.substr(i, len))) {
                out.append(s.substr(i, len));
                i += len;
                done = true;
            }
        }
        if (!done) {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

/// The source as messages name it: a PG: connection without its password.
std::string source_name(const Source& src) {
    return src.path.rfind("PG:", 0) == 0 ? redact_connection(src.path) : src.path;
}

struct Opened {
    DatasetPtr ds;
    OGRLayer* layer = nullptr;
};

Opened open_layer(const Source& src, const ReadOptions& options) {
    detail::ensure_gdal();
    namespace fs = std::filesystem;
    const bool is_pg = src.path.rfind("PG:", 0) == 0;
    std::error_code ec;
    if (!is_pg && !fs::exists(fs::path(src.path), ec)) {
        throw InputError(InputLocation{source_name(src), {}, {}, {}}, "file not found");
    }
    CPLStringList open_options;
    const fs::path path(src.path);
    if (!is_pg && is_shapefile(path) && !options.encoding.empty() && !has_cpg(path)) {
        open_options.SetNameValue("ENCODING", options.encoding.c_str());
    }
    auto ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".csv") {
        open_options.SetNameValue("X_POSSIBLE_NAMES", "lon,lng,long,longitude,x,经度");
        open_options.SetNameValue("Y_POSSIBLE_NAMES", "lat,latitude,y,纬度");
        open_options.SetNameValue("GEOM_POSSIBLE_NAMES", "wkt,WKT,geometry,geom,the_geom");
        open_options.SetNameValue("KEEP_GEOM_COLUMNS", "NO");
        open_options.SetNameValue("AUTODETECT_TYPE", "YES");
    }
    CPLErrorReset();
    Opened o;
    o.ds.reset(static_cast<GDALDataset*>(
        GDALOpenEx(src.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options.List(), nullptr)));
    if (!o.ds) {
        throw InputError(InputLocation{source_name(src), {}, {}, {}},
                         "GDAL cannot open it as a vector data source (" + detail::gdal_error() + ")");
    }
    if (src.layer.empty()) {
        if (o.ds->GetLayerCount() < 1) throw InputError(InputLocation{source_name(src), {}, {}, {}}, "no layers");
        o.layer = o.ds->GetLayer(0);
    } else {
        o.layer = o.ds->GetLayerByName(src.layer.c_str());
        if (!o.layer) {
            std::string names;
            for (int i = 0; i < o.ds->GetLayerCount(); ++i) {
                if (!names.empty()) names += ", ";
                names += o.ds->GetLayer(i)->GetName();
            }
            throw InputError(InputLocation{source_name(src), src.layer, {}, {}},
                             "no such layer (layers: " + names + ")");
        }
    }
    return o;
}

/// GDAL's stand-ins for "no CRS": a GeoPackage layer of srs_id 0 reads as
/// "Undefined geographic SRS", one of srs_id -1 as "Undefined Cartesian SRS"
/// (GeoPackage 1.3, table gpkg_spatial_ref_sys); neither has an authority code.
bool is_undefined_srs(const OGRSpatialReference& srs) {
    if (srs.IsEmpty()) return true;
    const char* name = srs.GetName();
    return srs.GetAuthorityCode(nullptr) == nullptr && name && std::string_view(name).rfind("Undefined ", 0) == 0;
}

Crs layer_crs(OGRLayer* layer, const Source& src, const ReadOptions& options) {
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (srs && !is_undefined_srs(*srs)) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        std::string text = wkt ? wkt : "";
        CPLFree(wkt);
        return Crs::from_wkt(text);
    }
    if (options.assume_crs.empty()) {
        throw CrsError(InputLocation{source_name(src), layer->GetName(), {}, {}},
                       "the layer has no CRS (give one with --assume-crs, e.g. --assume-crs EPSG:4326)");
    }
    return Crs::from_user_input(options.assume_crs);
}

/// Coordinates beyond this (metres or degrees) are no place on Earth in any
/// CRS: the equator is 4.0e7 m long.
constexpr double k_max_coordinate = 1e8;

/// Finds the first point of a geometry with a coordinate that is not finite or
/// beyond k_max_coordinate (GEOS and PROJ fail on them with vaguer messages).
class CoordinateCheck : public OGRDefaultConstGeometryVisitor {
public:
    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint* p) override {
        ++m_index;
        if (!m_problem.empty()) return;
        const double x = p->getX(), y = p->getY();
        const bool finite = std::isfinite(x) && std::isfinite(y);
        if (finite && std::abs(x) <= k_max_coordinate && std::abs(y) <= k_max_coordinate) return;
        char buf[96];
        std::snprintf(buf, sizeof buf, " (%.6g, %.6g)", x, y);
        m_problem = "point " + std::to_string(m_index) + buf +
                    (finite ? " is no place on Earth (a coordinate above 1e8)" : " has a non-finite coordinate");
    }
    [[nodiscard]] const std::string& problem() const { return m_problem; }

private:
    std::size_t m_index = 0;
    std::string m_problem;
};

/// "" when every coordinate of `g` is a finite number of plausible size, else what is wrong.
std::string coordinate_problem(const OGRGeometry& g) {
    CoordinateCheck check;
    g.accept(&check);
    return check.problem();
}

/// Throws, naming `where`, when a coordinate of `g` is not finite or not of plausible size.
void check_coordinates(const OGRGeometry& g, const InputLocation& where) {
    if (const std::string problem = coordinate_problem(g); !problem.empty()) {
        throw InputError(where, "the geometry's " + problem + ": are the coordinates corrupt?");
    }
}

std::string feature_label(const OGRFeature& f, int id_field) {
    if (id_field >= 0 && f.IsFieldSetAndNotNull(id_field)) {
        std::string id = to_id(Value{std::string(f.GetFieldAsString(id_field))});
        if (!id.empty()) return id;
    }
    return "FID " + std::to_string(f.GetFID());
}

/// Throws the error of the first feature whose coordinates are not plausible.
void throw_bad_coordinates(OGRLayer* layer, const Source& src) {
    const int id_field = layer->GetLayerDefn()->GetFieldIndex("id");
    layer->ResetReading();
    while (FeaturePtr f{layer->GetNextFeature()}) {
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            check_coordinates(*g, InputLocation{source_name(src), layer->GetName(), feature_label(*f, id_field), {}});
        }
    }
}

}  // namespace

LayerInfo probe_layer(const Source& src, const ReadOptions& options) {
    Opened o = open_layer(src, options);
    LayerInfo info;
    info.layer = o.layer->GetName();
    info.crs = layer_crs(o.layer, src, options);
    info.feature_count = o.layer->GetFeatureCount(TRUE);
    OGREnvelope env;
    if (info.feature_count > 0 && o.layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
        const Transformer t(info.crs, Crs::wgs84());
        double xs[2] = {env.MinX, env.MaxX};
        double ys[2] = {env.MinY, env.MaxY};
        try {
            t.transform(std::span<double>(xs, 2), std::span<double>(ys, 2));
        } catch (const CrsError& e) {
            throw_bad_coordinates(o.layer, src);  // name the feature at fault when there is one
            throw CrsError(InputLocation{source_name(src), info.layer, {}, {}},
                           std::string("the layer's extent cannot be transformed to WGS 84 (") + e.what() + ")");
        }
        info.extent_lonlat = Box{std::min(xs[0], xs[1]), std::min(ys[0], ys[1]), std::max(xs[0], xs[1]),
                                 std::max(ys[0], ys[1])};
    }
    return info;
}

namespace {

/// The layer's fields; names that are not UTF-8 are repaired and counted.
std::vector<FieldDef> layer_fields(OGRFeatureDefn* defn, std::size_t& not_utf8) {
    std::vector<FieldDef> fields;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* fd = defn->GetFieldDefn(i);
        FieldDef def{fd->GetNameRef(), FieldType::string};
        if (!is_utf8(def.name)) {
            def.name = repair_utf8(def.name);
            ++not_utf8;
        }
        switch (fd->GetType()) {
            case OFTInteger:
            case OFTInteger64: def.type = FieldType::integer; break;
            case OFTReal: def.type = FieldType::real; break;
            default: break;
        }
        fields.push_back(std::move(def));
    }
    return fields;
}

/// A feature's attribute values, one per field; text that is not UTF-8 is repaired and counted.
std::vector<Value> feature_values(OGRFeature& f, const std::vector<FieldDef>& fields, std::size_t& not_utf8) {
    std::vector<Value> values;
    values.reserve(fields.size());
    for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
        if (!f.IsFieldSetAndNotNull(i)) {
            values.emplace_back(std::monostate{});
            continue;
        }
        switch (fields[static_cast<std::size_t>(i)].type) {
            case FieldType::integer: values.emplace_back(std::int64_t{f.GetFieldAsInteger64(i)}); break;
            case FieldType::real: values.emplace_back(f.GetFieldAsDouble(i)); break;
            case FieldType::string: {
                std::string text = f.GetFieldAsString(i);
                if (!is_utf8(text)) {
                    text = repair_utf8(text);
                    ++not_utf8;
                }
                values.emplace_back(std::move(text));
                break;
            }
        }
    }
    return values;
}

/// Undoes a web-map offset vertex by vertex (OGRGeometry::transform); the first
/// point outside China, where the offsets do not exist, fails the transformation.
class OffsetUndo final : public OGRCoordinateTransformation {
public:
    explicit OffsetUndo(CoordOffset offset) : m_offset(offset) {}
    OGRSpatialReference* GetSourceCS() override { return nullptr; }
    OGRSpatialReference* GetTargetCS() override { return nullptr; }
    int Transform(int count, double* x, double* y, double* /*z*/, double* /*t*/, int* success) override {
        bool all = true;
        for (int i = 0; i < count; ++i) {
            const Point p{x[i], y[i]};
            const bool ok = in_china(p);
            if (!ok && all) m_outside = p;
            all = all && ok;
            if (success) success[i] = ok ? TRUE : FALSE;
            if (!ok) continue;
            const Point w = undo_offset(m_offset, p);
            x[i] = w.x;
            y[i] = w.y;
        }
        return all ? TRUE : FALSE;
    }
    [[nodiscard]] OGRCoordinateTransformation* Clone() const override { return new OffsetUndo(m_offset); }
    [[nodiscard]] OGRCoordinateTransformation* GetInverse() const override { return nullptr; }
    [[nodiscard]] Point outside() const { return m_outside; }

private:
    CoordOffset m_offset;
    Point m_outside;
};

/// Takes a GCJ-02 / BD-09 geometry back to WGS 84 lon/lat (ReadOptions::offset).
void undo_offset(OGRGeometry* g, CoordOffset offset, const InputLocation& where) {
    OffsetUndo undo(offset);
    if (g->transform(&undo) == OGRERR_NONE) return;
    char at[64];
    std::snprintf(at, sizeof at, "(%.6f, %.6f)", undo.outside().x, undo.outside().y);
    throw InputError(where, std::string("--coord-offset ") + std::string(to_string(offset)) + ": the point " + at +
                                " lies outside China (72.004-137.8347 E, 0.8293-55.8271 N), where web maps have no " +
                                "offset: is the layer really " + (offset == CoordOffset::gcj02 ? "GCJ-02" : "BD-09") +
                                " lon/lat?");
}

/// Checks the OGR geometry as read (present, finite, in range of a geographic
/// CRS), undoes a web-map `offset` and reprojects it with `transformer` (null:
/// keep its CRS).
void check_and_transform(OGRGeometry* g, const InputLocation& where, const VectorLayer& out, const Transformer* transformer,
                         CoordOffset offset) {
    if (!g || g->IsEmpty()) {
        if (CPLGetLastErrorType() >= CE_Failure) {  // e.g. a .shp cut in the middle of a record
            throw InputError(where, "the geometry cannot be read (" + detail::gdal_error() +
                                        "): is the file truncated, or the geometry malformed?");
        }
        throw InputError(where, "the feature has no geometry (null or empty)");
    }
    check_coordinates(*g, where);
    if (offset != CoordOffset::none) undo_offset(g, offset, where);
    if (!transformer) return;
    if (out.source_crs.is_geographic()) {
        // Check degrees before reprojecting: PROJ rejects latitude 200
        // with a vaguer "cannot be transformed".
        OGREnvelope env;
        g->getEnvelope(&env);
        if (env.MinX < -180.0 || env.MaxX > 180.0 || env.MinY < -90.0 || env.MaxY > 90.0) {
            throw CrsError(where, "coordinates out of range for " + out.source_crs.label() +
                                      " (longitude -180..180, latitude -90..90); they cannot be transformed to " +
                                      out.crs.label() + " (are they in the layer's CRS?)");
        }
    }
    if (g->transform(static_cast<OGRCoordinateTransformation*>(transformer->native())) != OGRERR_NONE) {
        throw CrsError(where, "coordinates cannot be transformed from " + out.source_crs.label() + " to " +
                                  out.crs.label() + " (are they in the layer's CRS?)");
    }
}

/// The GEOS geometry of a checked OGR geometry in the layer's CRS: finite, in
/// range, and valid (repaired with a warning unless --strict).
Geometry to_geometry(OGRGeometry& g, const InputLocation& where, VectorLayer& out, bool strict) {
    g.flattenTo2D();
    std::vector<std::uint8_t> wkb(static_cast<std::size_t>(g.WkbSize()));
    g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    Geometry geom;
    try {
        geom = Geometry::from_wkb(wkb);
    } catch (const Error& e) {  // e.g. GEOS: an unclosed ring, a ring of 3 points
        throw InputError(where, std::string("the geometry cannot be read (") + e.what() + ")");
    }
    const Box b = geom.bounds();
    if (!std::isfinite(b.min_x) || !std::isfinite(b.min_y) || !std::isfinite(b.max_x) || !std::isfinite(b.max_y)) {
        throw InputError(where, "the geometry has non-finite coordinates");
    }
    if (out.crs.is_geographic() && (b.min_x < -180.0 || b.max_x > 180.0 || b.min_y < -90.0 || b.max_y > 90.0)) {
        throw CrsError(where, "coordinates out of range for " + out.crs.label() +
                                  " (longitude -180..180, latitude -90..90): is the CRS right?");
    }
    if (geom.is_valid()) return geom;
    const std::string reason = geom.validity_reason();
    if (strict) throw InputError(where, "invalid geometry: " + reason + " (without --strict it is repaired)");
    Geometry fixed = geom.make_valid();
    if (geom.kind() == GeometryKind::polygon) fixed = fixed.polygonal_part();
    if (fixed.is_empty()) throw InputError(where, "invalid geometry that cannot be repaired: " + reason);
    ++out.repaired;
    out.warnings.push_back(describe(where) + ": invalid geometry repaired (" + reason + ")");
    return fixed;
}

}  // namespace

VectorLayer read_layer(const Source& src, const ReadOptions& options) {
    Opened o = open_layer(src, options);
    VectorLayer out;
    out.file = source_name(src);
    out.layer = o.layer->GetName();
    out.source_crs = layer_crs(o.layer, src, options);
    out.crs = options.target.empty() ? out.source_crs : options.target;

    OGRFeatureDefn* defn = o.layer->GetLayerDefn();
    std::size_t not_utf8 = 0;  // text values (and field names) that were not UTF-8
    out.fields = layer_fields(defn, not_utf8);
    const int id_field = defn->GetFieldIndex("id");

    std::unique_ptr<Transformer> transformer;
    if (!out.crs.same_as(out.source_crs)) transformer = std::make_unique<Transformer>(out.source_crs, out.crs);
    if (options.offset != CoordOffset::none && !out.source_crs.is_geographic()) {
        throw InputError(InputLocation{out.file, out.layer, {}, {}},
                         std::string("--coord-offset ") + std::string(to_string(options.offset)) + ": the layer is in " +
                             out.source_crs.label() + "; web-map offsets apply to longitudes and latitudes");
    }

    o.layer->ResetReading();
    CPLErrorReset();
    while (FeaturePtr f{o.layer->GetNextFeature()}) {
        Feature feat;
        feat.fid = f->GetFID();
        const InputLocation where{out.file, out.layer, feature_label(*f, id_field), {}};
        feat.values = feature_values(*f, out.fields, not_utf8);
        if (defn->GetGeomFieldCount() > 0) {
            OGRGeometry* g = f->GetGeometryRef();
            check_and_transform(g, where, out, transformer.get(), options.offset);
            feat.geometry = to_geometry(*g, where, out, options.strict);
        }
        out.features.push_back(std::move(feat));
    }
    if (not_utf8 > 0) {
        out.warnings.push_back(describe(InputLocation{out.file, out.layer, {}, {}}) + ": " + std::to_string(not_utf8) +
                               " text values or field names are not UTF-8; their bad bytes were replaced by U+FFFD "
                               "(a shapefile without .cpg? give its encoding, e.g. --encoding GBK)");
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw InputError(InputLocation{out.file, out.layer, {}, {}},
                         "reading stopped with an error after " + std::to_string(out.features.size()) +
                             " features (" + detail::gdal_error() + "): is the file truncated?");
    }
    if (out.features.empty() && !options.allow_empty) {
        throw InputError(InputLocation{out.file, out.layer, {}, {}}, "the layer has no features");
    }
    return out;
}

}  // namespace lc::geo
