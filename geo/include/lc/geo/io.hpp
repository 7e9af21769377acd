// Vector input and output through GDAL/OGR. Public types keep GDAL out: a layer
// is read whole into memory as features with GEOS geometries and plain values.
#pragma once

#include "lc/geo/coord_offset.hpp"
#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lc::geo {

/// A data source as the user wrote it: "PATH[:LAYER]" or "PG:...".
struct Source {
    std::string path;   ///< file path or connection string
    std::string layer;  ///< layer name; empty = the only (or first) layer
    std::string text;   ///< as given
};

/// Splits "PATH[:LAYER]". A path that exists as given is never split, so
/// "C:/x.gpkg" or a file name containing ':' still works. "PATH:" (PATH:LAYER
/// with the layer left out) is an lc::InputError naming PATH.
Source parse_source(std::string_view text);

/// An attribute value: null, integer, real or UTF-8 string.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// Numeric value of an integer, a real or a numeric string ("1,320" and
/// full-width digits are not numbers); nullopt for null; throws nothing.
std::optional<double> to_number(const Value& v, bool* non_numeric = nullptr);
/// Text of a value ("" for null; integers without decimals).
std::string to_text(const Value& v);
/// An id: the text of a value without leading and trailing blanks (spaces,
/// tabs, line breaks); "" (no id) for null, empty or blank.
std::string to_id(const Value& v);

struct ReadOptions {
    std::string encoding;    ///< for shapefiles without .cpg, e.g. "GBK"
    std::string assume_crs;  ///< CRS for a layer that has none
    bool strict = false;     ///< invalid geometry: error instead of MakeValid repair
    bool allow_empty = false;  ///< an empty layer is not an error
    /// Reproject into this CRS while reading (empty = keep the layer's CRS).
    Crs target;
    /// A web-map offset to undo first (--coord-offset): the layer's lon/lat are
    /// GCJ-02 or BD-09, taken back to WGS 84 before anything else (coord_offset.hpp).
    CoordOffset offset = CoordOffset::none;
};

struct Feature {
    std::int64_t fid = -1;
    Geometry geometry;        ///< null for tables without geometry
    std::vector<Value> values;  ///< one per VectorLayer::fields entry
};

enum class FieldType { integer, real, string };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::string;
};

/// A layer read into memory.
struct VectorLayer {
    std::string file;    ///< the source path (for messages)
    std::string layer;   ///< the layer name
    Crs crs;             ///< CRS of `features` (the target when one was given)
    Crs source_crs;      ///< the layer's own CRS
    std::vector<FieldDef> fields;
    std::vector<Feature> features;
    std::vector<std::string> warnings;  ///< repairs and other notes, one line each
    std::size_t repaired = 0;           ///< geometries repaired by MakeValid

    [[nodiscard]] std::optional<std::size_t> field_index(std::string_view name) const;
    /// "a, b, c": the field names, for messages.
    [[nodiscard]] std::string field_list() const;
};

/// What a layer holds, without reading its features.
struct LayerInfo {
    Crs crs;                 ///< the layer's CRS (or the assumed one)
    Box extent_lonlat;       ///< extent in WGS84 degrees (empty layer: all 0)
    std::int64_t feature_count = 0;
    std::string layer;
};

/// Opens the source and reports CRS and extent. Throws lc::InputError / lc::CrsError.
LayerInfo probe_layer(const Source& src, const ReadOptions& options);

/// Reads every feature. Throws lc::InputError (missing file, unknown layer,
/// empty layer, null or invalid geometry under --strict, ...) and lc::CrsError.
VectorLayer read_layer(const Source& src, const ReadOptions& options);

enum class Format { geojson, gpkg, shp };
Format parse_format(std::string_view name);
std::string_view extension(Format f);

/// A layer to write. Features' values follow `fields`.
struct OutLayer {
    std::string name;
    std::vector<FieldDef> fields;
    std::vector<Feature> features;
    /// The layer's geometry kind when it has no features to tell (point: Point,
    /// polygon: MultiPolygon, line: MultiLineString); `empty` leaves it unknown.
    /// With features, their kinds decide.
    GeometryKind kind = GeometryKind::empty;
};

/// Writes `layer` into folder `dir` as NAME.<ext>, its geometries (in `data_crs`)
/// transformed into `output_crs` (empty: left in `data_crs`), whatever the format.
/// GeoJSON in WGS 84 is written as RFC 7946 (7 decimals, no "crs" member, rings
/// oriented); GeoJSON in any other CRS is not RFC 7946: it carries a "crs" member
/// naming it (as GDAL writes it), with 7 decimals of a degree or 3 of a metre.
/// Polygon layers are MultiPolygon in every format. Shapefiles get a .cpg of
/// UTF-8 and text fields as wide as their longest value (at most 254 bytes, cut at
/// a character boundary). Returns the field names as written: `layer.fields`'
/// names, except a shapefile's, cut to 10 characters by GDAL.
/// Throws lc::OutputError (lc::CrsError when no transformation exists).
std::vector<std::string> write_layer(const std::filesystem::path& dir, const OutLayer& layer, Format format,
                                     const Crs& data_crs, const Crs& output_crs);

/// Stores a QGIS style (.qml text) for `layer` of GeoPackage `file` in its
/// layer_styles table (QGIS's GeoPackage styling extension) as the layer's
/// default, so that the style travels with the file. Throws lc::OutputError.
void store_gpkg_style(const std::filesystem::path& file, const std::string& layer, const std::string& qml,
                      const std::string& description);

/// Where a run's outputs go. A command writes every file into path() (a
/// temporary folder) and then calls commit(), which publishes all of it or
/// nothing; destroyed without commit(), a sink leaves nothing behind.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    /// The folder to write into.
    [[nodiscard]] virtual const std::filesystem::path& path() const noexcept = 0;
    /// Where the outputs end up, for messages: the folder, or
    /// "schema S of PG:host=… dbname=…" (never a password).
    [[nodiscard]] virtual std::string target() const = 0;
    /// The format to write layers in: the requested one for a folder;
    /// GeoPackage for PostGIS (its tables take the output CRS, not GeoJSON's WGS84).
    [[nodiscard]] virtual Format layer_format(Format requested) const { return requested; }
    /// Publishes everything written into path(), all or nothing. Throws lc::OutputError.
    virtual void commit() = 0;
    /// Notes for the user from opening the target (e.g. leftovers of an
    /// interrupted run that were removed), one line each; the caller shows them.
    [[nodiscard]] virtual std::vector<std::string> notes() const { return {}; }
};

/// An input of the run, for the check that --out holds none: the flag and its
/// value as given ("PATH[:LAYER]", or "PG:…", which is not a path and is skipped).
struct RunInput {
    std::string flag;
    std::string source;
};

/// The file listing every file of a run in its output folder (relative paths,
/// one a line, after a first line saying what it is). A later run replaces the
/// folder only when it holds nothing else.
inline constexpr std::string_view k_manifest_name = "lifecircle-manifest.txt";

/// An output folder written atomically: everything goes into a temporary folder
/// `.NAME.tmp-PID` beside the final one, renamed into place by commit() with a
/// manifest (k_manifest_name) of its files. Destroyed without commit(), it
/// removes the temporary folder, so a failed run leaves nothing; the folder is
/// registered (lc/geo/temp_registry.hpp) so that an interrupted run removes it too.
class OutputDir final : public OutputSink {
public:
    /// Checks that `final_dir` can be written: its parent exists and is writable;
    /// it is absent, empty or an earlier lifecircle output holding only the files
    /// of its manifest; it neither is nor holds one of `inputs`. Removes the
    /// `.NAME.tmp-PID` / `.NAME.old-PID` leftovers of processes that are gone
    /// (see notes()). Throws lc::OutputError.
    explicit OutputDir(std::filesystem::path final_dir, const std::vector<RunInput>& inputs = {});
    ~OutputDir() override;
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return m_tmp; }
    [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return m_final; }
    [[nodiscard]] std::string target() const override { return m_final.string(); }
    /// Writes the manifest and replaces the final folder with the temporary one;
    /// refuses (nothing replaced) when the final folder gained a file that is
    /// not in its manifest during the run.
    void commit() override;
    [[nodiscard]] std::vector<std::string> notes() const override { return m_notes; }

private:
    std::filesystem::path m_final;
    std::filesystem::path m_tmp;
    std::vector<std::string> m_notes;
    bool m_committed = false;
};

/// The sink for `--out OUT [--out-schema SCHEMA]`: a PostGIS schema when OUT
/// starts with "PG:" (SCHEMA required), else a folder (SCHEMA must be empty)
/// that neither is nor holds one of `inputs`.
/// Throws lc::ArgumentError for a bad combination or name, lc::OutputError when
/// the target cannot be written.
std::unique_ptr<OutputSink> open_output(const std::string& out, const std::string& schema,
                                        const std::vector<RunInput>& inputs);

/// Checks --out/--out-schema without touching the target (for validate()).
/// Throws lc::ArgumentError.
void check_output_target(const std::string& out, const std::string& schema);

/// Writes a text file (throws lc::OutputError naming the file on failure).
void write_text_file(const std::filesystem::path& file, std::string_view content);

}  // namespace lc::geo
