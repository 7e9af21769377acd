#include "gdal_common.hpp"
#include "geojson_text.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"

#include <cpl_string.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <algorithm>
#include <fstream>
#include <mutex>
#include <system_error>

namespace lc::geo {

using detail::DatasetPtr;
using detail::FeaturePtr;

namespace {
constexpr std::size_t k_dbf_text_bytes = 254;

const char* driver_name(Format f) {
    switch (f) {
        case Format::geojson: return "GeoJSON";
        case Format::gpkg: return "GPKG";
        case Format::shp: return "ESRI Shapefile";
    }
    return "GeoJSON";
}

OGRwkbGeometryType ogr_type(GeometryKind kind) {
    switch (kind) {
        case GeometryKind::point: return wkbPoint;
        case GeometryKind::line: return wkbMultiLineString;
        case GeometryKind::polygon: return wkbMultiPolygon;
        default: return wkbUnknown;
    }
}

OGRwkbGeometryType layer_geometry_type(const OutLayer& layer) {
    if (layer.features.empty()) return ogr_type(layer.kind);
    OGRwkbGeometryType type = wkbUnknown;
    bool first = true;
    for (const auto& f : layer.features) {
        OGRwkbGeometryType t = ogr_type(f.geometry.kind());
        if (f.geometry.kind() == GeometryKind::point && f.geometry.type_name() == "MultiPoint") t = wkbMultiPoint;
        if (first) type = t;
        else if (type != t) return wkbUnknown;
        first = false;
    }
    return type;
}

/// RFC 7946 (3.1.6): exterior rings counterclockwise, holes clockwise. GDAL
/// orients rings itself only in its RFC7946 mode, which also turns one-part
/// MultiPolygons into Polygons (a layer QGIS then asks about on every drag-in).
void orient_rfc7946(OGRGeometry* g) {
    const auto orient = [](OGRPolygon* poly) {
        for (int r = 0; r < poly->getNumInteriorRings() + 1; ++r) {
            OGRLinearRing* ring = r == 0 ? poly->getExteriorRing() : poly->getInteriorRing(r - 1);
            if (ring && (ring->isClockwise() != 0) == (r == 0)) ring->reverseWindingOrder();
        }
    };
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbPolygon) orient(g->toPolygon());
    if (t == wkbMultiPolygon) {
        for (auto* poly : *g->toMultiPolygon()) orient(poly);
    }
}

/// The byte width of a shapefile text field: its longest value, at least 10 and at
/// most dBASE's 254 (a longer value is cut at a UTF-8 character boundary).
int shapefile_width(const OutLayer& layer, std::size_t field) {
    std::size_t width = 10;
    for (const auto& f : layer.features) {
        if (field < f.values.size() && std::holds_alternative<std::string>(f.values[field])) {
            width = std::max(width, std::get<std::string>(f.values[field]).size());
        }
    }
    return static_cast<int>(std::min<std::size_t>(width, k_dbf_text_bytes));
}

/// `text` cut to at most `bytes` bytes without splitting a UTF-8 character.
std::string utf8_prefix(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    std::size_t n = bytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0U) == 0x80U) --n;
    return text.substr(0, n);
}

[[noreturn]] void write_failed(const std::filesystem::path& file, const std::string& what) {
    throw OutputError("output: cannot write " + file.string() + ": " + what + " (" + detail::gdal_error() + ")");
}

/// " (disk full?)" when the OS (errno ENOSPC) or GDAL's last message says the
/// disk is full, else "": a failure caused by the data must not be blamed on the disk.
std::string disk_full_hint() {
    const std::string msg = detail::gdal_error();
    const bool full = errno == ENOSPC || msg.find("No space left") != std::string::npos ||
                      msg.find("disk is full") != std::string::npos || msg.find("disk full") != std::string::npos;
    return full ? " (disk full?)" : "";
}

/// Held while a layer is set up (its CRS, transformation, file and fields): GDAL
/// 3.6's OGRSpatialReference is not safe to use from two threads at once, and
/// the Crs objects are shared. The features are written without it, so that
/// layers can be written side by side (each file by one thread).
std::mutex& setup_mutex() {
    static std::mutex m;
    return m;
}

/// "layer 'L', feature ID" (the `id` value) or "feature N" (1-based) for messages.
std::string feature_name(const OutLayer& layer, std::size_t index) {
    std::string id;
    for (std::size_t i = 0; i < layer.fields.size() && i < layer.features[index].values.size(); ++i) {
        if (layer.fields[i].name == "id") id = to_text(layer.features[index].values[i]);
    }
    return "layer '" + layer.name + "', feature " + (id.empty() ? std::to_string(index + 1) : id);
}
}  // namespace

namespace {

/// The layer's options, CRS and fields, created in `ds` (under setup_mutex()).
OGRLayer* create_layer(GDALDataset& ds, const std::filesystem::path& file, const OutLayer& layer, Format format,
                       const Crs& target) {
    CPLStringList lco;
    if (format == Format::geojson) {
        // 7 decimals of a degree are about 1 cm; 3 decimals of a metre are 1 mm.
        lco.SetNameValue("COORDINATE_PRECISION", target.is_geographic() ? "7" : "3");
        lco.SetNameValue("WRITE_NAME", "NO");
    } else if (format == Format::shp) {
        lco.SetNameValue("ENCODING", "UTF-8");
    } else {
        lco.SetNameValue("SPATIAL_INDEX", "YES");
    }
    OGRSpatialReference srs;
    srs.importFromWkt(target.wkt().c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // WGS 84 GeoJSON: no CRS given, so GDAL writes no "crs" member (RFC 7946's
    // coordinates are WGS 84 lon/lat by definition).
    const bool rfc7946 = format == Format::geojson && target.same_as(Crs::wgs84());
    OGRLayer* ol = ds.CreateLayer(layer.name.c_str(), rfc7946 ? nullptr : &srs, layer_geometry_type(layer), lco.List());
    if (!ol) write_failed(file, "cannot create layer " + layer.name);
    for (const auto& fd : layer.fields) {
        OGRFieldType t = OFTString;
        if (fd.type == FieldType::integer) t = OFTInteger64;
        if (fd.type == FieldType::real) t = OFTReal;
        OGRFieldDefn def(fd.name.c_str(), t);
        if (format == Format::shp && t == OFTString) def.SetWidth(shapefile_width(layer, static_cast<std::size_t>(&fd - layer.fields.data())));
        if (ol->CreateField(&def) != OGRERR_NONE) write_failed(file, "cannot create field " + fd.name);
    }
    return ol;
}

/// The field names as the layer holds them (shapefiles cut names to 10 characters).
std::vector<std::string> field_names(const OGRFeatureDefn& defn) {
    std::vector<std::string> written;
    written.reserve(static_cast<std::size_t>(defn.GetFieldCount()));
    for (int i = 0; i < defn.GetFieldCount(); ++i) written.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    return written;
}

/// Feature k of the layer as an OGR feature of `defn`: its values (GDAL converts
/// them to the fields' types) and its geometry in the target CRS, of the layer's
/// geometry type, rings oriented for GeoJSON.
FeaturePtr ogr_feature(OGRFeatureDefn* defn, const std::filesystem::path& file, const OutLayer& layer, std::size_t k,
                       Format format, const Transformer* transformer, OGRwkbGeometryType layer_type) {
    const auto& feat = layer.features[k];
    FeaturePtr f(OGRFeature::CreateFeature(defn));
    for (std::size_t i = 0; i < layer.fields.size() && i < feat.values.size(); ++i) {
        const int idx = static_cast<int>(i);
        const Value& v = feat.values[i];
        if (std::holds_alternative<std::int64_t>(v)) f->SetField(idx, static_cast<GIntBig>(std::get<std::int64_t>(v)));
        else if (std::holds_alternative<double>(v)) f->SetField(idx, std::get<double>(v));
        else if (std::holds_alternative<std::string>(v)) {
            const std::string& text = std::get<std::string>(v);
            f->SetField(idx, format == Format::shp ? utf8_prefix(text, k_dbf_text_bytes).c_str() : text.c_str());
        }
        else f->SetFieldNull(idx);
    }
    if (!feat.geometry.is_null()) {
        const auto wkb = feat.geometry.wkb();
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g) {
            write_failed(file, "cannot convert a geometry");
        }
        if (transformer) g->transform(static_cast<OGRCoordinateTransformation*>(transformer->native()));
        if (layer_type == wkbMultiPolygon) g = OGRGeometryFactory::forceToMultiPolygon(g);
        else if (layer_type == wkbMultiLineString) g = OGRGeometryFactory::forceToMultiLineString(g);
        if (format == Format::geojson) orient_rfc7946(g);
        f->SetGeometryDirectly(g);
    }
    return f;
}

/// A name in GDAL's in-memory file system, unique in this process.
std::string memory_file_name() {
    static std::atomic<unsigned> next{0};
    return "/vsimem/lifecircle-" + std::to_string(::getpid()) + "-" + std::to_string(next++) + ".geojson";
}

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }  // NOLINT(cert-err33-c): only on error paths
};

/// A GeoJSON layer printed by geojson_text.hpp: the text GDAL writes, 20 to 30
/// times faster. GDAL writes the header (an empty layer of the same definition
/// in memory, whose text ends "\n]\n}\n"); nullopt (and no file) when a
/// feature needs GDAL's own writer.
std::optional<std::vector<std::string>> write_geojson_text(GDALDriver& driver, const std::filesystem::path& file,
                                                           const OutLayer& layer, const Crs& target,
                                                           const Transformer* transformer) {
    const std::string mem = memory_file_name();
    struct Unlink {
        const std::string& name;
        ~Unlink() { VSIUnlink(name.c_str()); }  // also when a step throws
    } unlink{mem};
    std::unique_lock setup(setup_mutex());
    CPLErrorReset();
    DatasetPtr ds(driver.Create(mem.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) write_failed(file, "cannot create the file");
    OGRLayer* ol = create_layer(*ds, file, layer, Format::geojson, target);
    const OGRwkbGeometryType layer_type = ol->GetGeomType();
    std::unique_ptr<OGRFeatureDefn, void (*)(OGRFeatureDefn*)> defn(ol->GetLayerDefn()->Clone(),
                                                                   [](OGRFeatureDefn* d) { d->Release(); });
    defn->Reference();
    const std::vector<std::string> written = field_names(*defn);
    ds.reset();
    setup.unlock();
    vsi_l_offset size = 0;
    GByte* bytes = VSIGetMemFileBuffer(mem.c_str(), &size, TRUE);
    if (bytes == nullptr) return std::nullopt;
    std::string header(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    CPLFree(bytes);
    constexpr std::string_view tail = "\n]\n}\n";
    if (!header.ends_with(tail)) return std::nullopt;
    header.resize(header.size() - tail.size());

    const int precision = target.is_geographic() ? 7 : 3;
    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(file.c_str(), "wb"));
    if (!out) write_failed(file, "cannot create the file" + disk_full_hint());
    std::string text = std::move(header);
    constexpr std::size_t k_chunk = 1U << 22U;
    auto put = [&](bool last) {
        if (!last && text.size() < k_chunk) return;
        errno = 0;
        if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size()) write_failed(file, "cannot write it" + disk_full_hint());
        text.clear();
    };
    for (std::size_t k = 0; k < layer.features.size(); ++k) {
        const FeaturePtr f = ogr_feature(defn.get(), file, layer, k, Format::geojson, transformer, layer_type);
        if (k > 0) text += ",\n";
        if (!detail::append_feature(text, *f, precision)) {
            out.reset();
            std::filesystem::remove(file);
            return std::nullopt;
        }
        put(false);
    }
    text += tail;
    put(true);
    errno = 0;
    if (std::fclose(out.release()) != 0) write_failed(file, "cannot write it" + disk_full_hint());
    return written;
}

}  // namespace

std::vector<std::string> write_layer(const std::filesystem::path& dir, const OutLayer& layer, Format format,
                                     const Crs& data_crs, const Crs& output_crs) {
    detail::ensure_gdal();
    const std::filesystem::path file = dir / (layer.name + "." + std::string(extension(format)));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name(format));
    if (!driver) throw OutputError(std::string("output: GDAL has no ") + driver_name(format) + " driver");

    const Crs& target = output_crs.empty() ? data_crs : output_crs;
    // GeoJSON in WGS 84 is RFC 7946 (GDAL writes no "crs" member for WGS 84; the
    // rings are oriented here); in any other CRS it is the older form with a "crs"
    // member (GDAL writes it from the layer's CRS).
    std::unique_ptr<Transformer> transformer;
    {
        std::lock_guard setup(setup_mutex());
        if (!data_crs.same_as(target)) transformer = std::make_unique<Transformer>(data_crs, target);
    }
    if (format == Format::geojson && std::getenv("LC_GEOJSON_GDAL") == nullptr) {
        if (auto written = write_geojson_text(*driver, file, layer, target, transformer.get())) return *written;
    }

    std::unique_lock setup(setup_mutex());
    CPLErrorReset();
    DatasetPtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) write_failed(file, "cannot create the file");
    OGRLayer* ol = create_layer(*ds, file, layer, format, target);
    std::vector<std::string> written = field_names(*ol->GetLayerDefn());
    setup.unlock();
    const bool transaction = ds->StartTransaction() == OGRERR_NONE;
    for (std::size_t k = 0; k < layer.features.size(); ++k) {
        const FeaturePtr f = ogr_feature(ol->GetLayerDefn(), file, layer, k, format, transformer.get(), ol->GetGeomType());
        errno = 0;
        if (ol->CreateFeature(f.get()) != OGRERR_NONE) {
            write_failed(file, feature_name(layer, k) + ": GDAL cannot write it" + disk_full_hint());
        }
    }
    if (transaction && ds->CommitTransaction() != OGRERR_NONE) write_failed(file, "cannot commit");
    ds.reset();  // closing flushes; GDAL 3.6's GDALClose reports failure only through CPLError
    if (CPLGetLastErrorType() >= CE_Failure) write_failed(file, "GDAL reported an error" + disk_full_hint());
    return written;
}

namespace {
/// The layer_styles table of the QGIS GeoPackage styling extension, as QGIS creates it.
OGRLayer* style_table(GDALDataset& ds, const std::filesystem::path& file) {
    if (OGRLayer* t = ds.GetLayerByName("layer_styles")) return t;
    OGRLayer* t = ds.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (!t) write_failed(file, "cannot create table layer_styles");
    const auto add = [&](const char* name, OGRFieldType type, int width) {
        OGRFieldDefn def(name, type);
        def.SetWidth(width);
        if (type == OFTInteger) def.SetSubType(OFSTBoolean);
        if (type == OFTDateTime) def.SetDefault("CURRENT_TIMESTAMP");
        if (t->CreateField(&def) != OGRERR_NONE) write_failed(file, std::string("cannot create field layer_styles.") + name);
    };
    for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column"}) add(name, OFTString, 256);
    add("styleName", OFTString, 30);
    add("styleQML", OFTString, 0);
    add("styleSLD", OFTString, 0);
    add("useAsDefault", OFTInteger, 0);
    add("description", OFTString, 0);
    add("owner", OFTString, 30);
    add("ui", OFTString, 30);
    add("update_time", OFTDateTime, 0);
    return t;
}
}  // namespace

void store_gpkg_style(const std::filesystem::path& file, const std::string& layer, const std::string& qml,
                      const std::string& description) {
    detail::ensure_gdal();
    CPLErrorReset();
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)));
    if (!ds) write_failed(file, "cannot open it to store the style of " + layer);
    OGRLayer* data = ds->GetLayerByName(layer.c_str());
    if (!data) write_failed(file, "no layer " + layer + " to style");
    OGRLayer* table = style_table(*ds, file);
    FeaturePtr f(OGRFeature::CreateFeature(table->GetLayerDefn()));
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", layer.c_str());
    f->SetField("f_geometry_column", data->GetGeometryColumn());
    f->SetField("styleName", layer.c_str());
    f->SetField("styleQML", qml.c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", description.c_str());
    f->SetField("owner", "");
    f->SetField("ui", "");
    if (table->CreateFeature(f.get()) != OGRERR_NONE) write_failed(file, "cannot store the style of " + layer);
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) write_failed(file, "GDAL reported an error" + disk_full_hint());
}

}  // namespace lc::geo
