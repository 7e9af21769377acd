// The parts of lc_geo's io.hpp that need no GIS library: PATH[:LAYER] names,
// format names, text files, the --out/--out-schema checks and the choice of
// sink. Built without GDAL (geo/CMakeLists.txt: lc_geo_light), so the lifecircle
// executable has them itself and a run without GIS layers (optimize --orlib
// --out DIR) does not load the GIS module (src/loader/gis_loader.cpp).
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "lc/geo/postgis_output.hpp"

#include <filesystem>
#include <fstream>

namespace lc::geo {

Source parse_source(std::string_view text) {
    Source s;
    s.text = std::string(text);
    s.path = s.text;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (s.text.rfind("PG:", 0) == 0) {
        // PG:"dbname=x host=y":table - the layer follows the last ':' when that
        // part has no '=' or space (connection keywords always have '=').
        const auto colon = s.text.rfind(':');
        if (colon > 2) {
            const std::string tail = s.text.substr(colon + 1);
            if (!tail.empty() && tail.find('=') == std::string::npos && tail.find(' ') == std::string::npos) {
                s.path = s.text.substr(0, colon);
                s.layer = tail;
            }
        }
        return s;
    }
    if (fs::exists(fs::path(s.text), ec)) return s;
    const auto colon = s.text.rfind(':');
    if (colon != std::string::npos && colon > 0) {
        const std::string head = s.text.substr(0, colon);
        // Only split when the part before ':' names an existing file, or when
        // the head looks like a file (has an extension) - so a typo in the
        // file name is still reported as a missing file, not a missing layer.
        if (fs::exists(fs::path(head), ec) || fs::path(head).has_extension()) {
            if (colon + 1 == s.text.size()) {  // "estates.gpkg:" - PATH:LAYER with the LAYER left out
                throw InputError(InputLocation{head, {}, {}, {}},
                                 "the layer name after ':' is empty (write PATH:LAYER, or PATH alone for its "
                                 "first layer)");
            }
            s.path = head;
            s.layer = s.text.substr(colon + 1);
        }
    }
    return s;
}

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

void write_text_file(const std::filesystem::path& file, std::string_view content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw OutputError("output: cannot create " + file.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw OutputError("output: cannot write " + file.string() + " (disk full?)");
}

std::unique_ptr<OutputSink> open_output(const std::string& out, const std::string& schema,
                                        const std::vector<RunInput>& inputs) {
    check_output_target(out, schema);
    if (out.rfind("PG:", 0) == 0) return open_postgis_output(out, schema);
    return std::make_unique<OutputDir>(out, inputs);
}

void check_output_target(const std::string& out, const std::string& schema) {
    if (out.rfind("PG:", 0) == 0) {
        if (schema.empty()) {
            throw ArgumentError("--out " + redact_connection(out) +
                                ": writing to PostGIS needs --out-schema NAME (the schema that receives the tables)");
        }
        check_schema_name(schema);
    } else if (!schema.empty()) {
        throw ArgumentError("--out-schema needs --out PG:<connection> (a PostGIS database), not a folder");
    }
}

}  // namespace lc::geo
