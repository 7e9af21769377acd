#include "gdal_common.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"

#include <cpl_string.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <system_error>

namespace lc::geo {

using detail::DatasetPtr;
using detail::FeaturePtr;

Format parse_format(std::string_view name) {
    if (name == "geojson") return Format::geojson;
    if (name == "gpkg") return Format::gpkg;
    if (name == "shp") return Format::shp;
    throw ArgumentError("--format: expected geojson, gpkg or shp, got '" + std::string(name) + "'");
}

std::string_view extension(Format f) {
    switch (f) {
        case Format::geojson: return "geojson";
        case Format::gpkg: return "gpkg";
        case Format::shp: return "shp";
    }
    return "geojson";
}

namespace {
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

/// "layer 'L', feature ID" (the `id` value) or "feature N" (1-based) for messages.
std::string feature_name(const OutLayer& layer, std::size_t index) {
    std::string id;
    for (std::size_t i = 0; i < layer.fields.size() && i < layer.features[index].values.size(); ++i) {
        if (layer.fields[i].name == "id") id = to_text(layer.features[index].values[i]);
    }
    return "layer '" + layer.name + "', feature " + (id.empty() ? std::to_string(index + 1) : id);
}
}  // namespace

void write_layer(const std::filesystem::path& dir, const OutLayer& layer, Format format, const Crs& data_crs,
                 const Crs& output_crs) {
    detail::ensure_gdal();
    const std::filesystem::path file = dir / (layer.name + "." + std::string(extension(format)));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name(format));
    if (!driver) throw OutputError(std::string("output: GDAL has no ") + driver_name(format) + " driver");

    const Crs& target = output_crs.empty() ? data_crs : output_crs;
    // GeoJSON in WGS 84 is RFC 7946; in any other CRS it is the older form with a
    // "crs" member (GDAL writes it from the layer's CRS).
    const bool rfc7946 = format == Format::geojson && target.same_as(Crs::wgs84());
    std::unique_ptr<Transformer> transformer;
    if (!data_crs.same_as(target)) transformer = std::make_unique<Transformer>(data_crs, target);

    CPLErrorReset();
    DatasetPtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) write_failed(file, "cannot create the file");

    CPLStringList lco;
    if (format == Format::geojson) {
        if (rfc7946) lco.SetNameValue("RFC7946", "YES");
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
    OGRLayer* ol = ds->CreateLayer(layer.name.c_str(), &srs, layer_geometry_type(layer), lco.List());
    if (!ol) write_failed(file, "cannot create layer " + layer.name);
    for (const auto& fd : layer.fields) {
        OGRFieldType t = OFTString;
        if (fd.type == FieldType::integer) t = OFTInteger64;
        if (fd.type == FieldType::real) t = OFTReal;
        OGRFieldDefn def(fd.name.c_str(), t);
        if (ol->CreateField(&def) != OGRERR_NONE) write_failed(file, "cannot create field " + fd.name);
    }
    const bool transaction = ds->StartTransaction() == OGRERR_NONE;
    for (std::size_t k = 0; k < layer.features.size(); ++k) {
        const auto& feat = layer.features[k];
        FeaturePtr f(OGRFeature::CreateFeature(ol->GetLayerDefn()));
        for (std::size_t i = 0; i < layer.fields.size() && i < feat.values.size(); ++i) {
            const int idx = static_cast<int>(i);
            const Value& v = feat.values[i];
            if (std::holds_alternative<std::int64_t>(v)) f->SetField(idx, static_cast<GIntBig>(std::get<std::int64_t>(v)));
            else if (std::holds_alternative<double>(v)) f->SetField(idx, std::get<double>(v));
            else if (std::holds_alternative<std::string>(v)) f->SetField(idx, std::get<std::string>(v).c_str());
            else f->SetFieldNull(idx);
        }
        if (!feat.geometry.is_null()) {
            const auto wkb = feat.geometry.wkb();
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g) {
                write_failed(file, "cannot convert a geometry");
            }
            if (transformer) g->transform(static_cast<OGRCoordinateTransformation*>(transformer->native()));
            const OGRwkbGeometryType lt = ol->GetGeomType();
            if (lt == wkbMultiPolygon) g = OGRGeometryFactory::forceToMultiPolygon(g);
            else if (lt == wkbMultiLineString) g = OGRGeometryFactory::forceToMultiLineString(g);
            f->SetGeometryDirectly(g);
        }
        errno = 0;
        if (ol->CreateFeature(f.get()) != OGRERR_NONE) {
            write_failed(file, feature_name(layer, k) + ": GDAL cannot write it" + disk_full_hint());
        }
    }
    if (transaction && ds->CommitTransaction() != OGRERR_NONE) write_failed(file, "cannot commit");
    ds.reset();  // closing flushes; GDAL 3.6's GDALClose reports failure only through CPLError
    if (CPLGetLastErrorType() >= CE_Failure) write_failed(file, "GDAL reported an error" + disk_full_hint());
}

void write_text_file(const std::filesystem::path& file, std::string_view content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw OutputError("output: cannot create " + file.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw OutputError("output: cannot write " + file.string() + " (disk full?)");
}

}  // namespace lc::geo
