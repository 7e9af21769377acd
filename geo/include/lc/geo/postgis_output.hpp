// Outputs written to a PostGIS schema (`--out PG:… --out-schema NAME`): the
// run writes into a temporary folder as for `--out DIR`, and commit() loads that
// folder into the schema in one transaction (docs/hardening.md, "PostGIS").
#pragma once

#include "lc/geo/io.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace lc::geo {

/// The table holding the outputs that are not tables (summary.json,
/// report.html, .qml styles): name, media_type, content.
inline constexpr std::string_view k_files_table = "lifecircle_files";

/// The comment lifecircle puts on every table it writes; a table of the
/// schema without it is someone else's, and the run refuses to touch it.
inline constexpr std::string_view k_table_comment = "lifecircle output";

/// "PG:host=… dbname=…" without the password (keyword `password=…` and the
/// `:secret@` of a postgresql:// URI), for messages. Anything not starting
/// with "PG:" comes back unchanged.
std::string redact_connection(std::string_view connection);

/// Checks a schema name: lowercase ASCII letters, digits and '_', starting with
/// a letter or '_', at most 63 bytes, not starting with "pg_". Throws
/// lc::ArgumentError naming --out-schema.
void check_schema_name(std::string_view name);

/// Outputs for a PostGIS schema. The constructor connects once to check the
/// connection and the schema (fails early, before the run); commit() loads
/// path() into the schema in one transaction:
/// - each layer (GeoPackage in path()) becomes table NAME.<layer> with a
///   `geom` column in the layer's CRS (SRID), a GiST index and the same fields;
/// - each CSV becomes a table with integer, double precision or text columns;
/// - every other file becomes a row of NAME.lifecircle_files;
/// - the tables of an earlier lifecircle run in the schema are dropped first.
/// A failure rolls everything back (exit 2 with an lc::OutputError).
/// A PostgisOutput behind its base class: open_output's way to it (io_common.cpp
/// is built without GDAL, in the executable as in the GIS module).
std::unique_ptr<OutputSink> open_postgis_output(const std::string& out, const std::string& schema);

class PostgisOutput final : public OutputSink {
public:
    PostgisOutput(std::string connection, std::string schema);
    ~PostgisOutput() override;
    PostgisOutput(const PostgisOutput&) = delete;
    PostgisOutput& operator=(const PostgisOutput&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return m_tmp; }
    [[nodiscard]] std::string target() const override;
    [[nodiscard]] Format layer_format(Format /*requested*/) const override { return Format::gpkg; }
    void commit() override;

private:
    /// Removes path() and forgets it (after the commit, or on destruction).
    void remove_temporary() noexcept;

    std::string m_connection;  ///< as given, "PG:…"
    std::string m_label;       ///< without the password
    std::string m_schema;
    std::filesystem::path m_tmp;
};

}  // namespace lc::geo
