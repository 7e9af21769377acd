// Writes a run's layers so that they open right in QGIS: each layer in the output
// format and CRS with its style beside it (NAME.qml) and, in a GeoPackage, in its
// layer_styles table; shapefile fields with their full names as aliases and in
// fields.csv; attribute tables as CSV for spreadsheet users; and at the end the
// QGIS project lifecircle.qgs holding them all.
#pragma once

#include "lc/geo/io.hpp"
#include "pipeline/city.hpp"
#include "report/qgis_project.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lc::app {

/// How a layer is written besides its data: LayerSpec(LayerGroup::after).styled("estates").
struct LayerSpec {
    LayerGroup group = LayerGroup::before;
    std::string style;   ///< its style (qml_for_layer); empty: the layer's name
    bool table = false;  ///< also NAME.csv, the attribute table (UTF-8 with BOM)

    explicit LayerSpec(LayerGroup g = LayerGroup::before) : group(g) {}
    [[nodiscard]] LayerSpec styled(std::string name) && {
        style = std::move(name);
        return std::move(*this);
    }
    [[nodiscard]] LayerSpec with_table() && {
        table = true;
        return std::move(*this);
    }
};

class LayerWriter {
public:
    /// Layers into `dir` in `format`, from `city`'s working CRS into `out_crs`
    /// (layer_output_crs). `database`: the folder is bound for PostGIS, which
    /// takes the layers and their .qml files only (no project, no style table,
    /// no CSV copy of a layer that is a table already).
    LayerWriter(std::filesystem::path dir, geo::Format format, const City& city, geo::Crs out_crs, bool database);

    [[nodiscard]] const std::filesystem::path& dir() const noexcept { return m_dir; }
    [[nodiscard]] geo::Format format() const noexcept { return m_format; }

    /// Writes `layer` as the spec says. Throws lc::OutputError.
    void write(const geo::OutLayer& layer, const LayerSpec& spec = LayerSpec());
    /// The same; between begin_batch() and flush() the layer is kept and written
    /// at flush().
    void write(geo::OutLayer&& layer, const LayerSpec& spec = LayerSpec());
    /// Layers given to write() from now on are written at flush(), side by side
    /// (one file per thread, on every core): a whole city's layers take a while.
    /// The files, the project and every other output are those of one-by-one
    /// writes; the layers are listed in the order they were given.
    void begin_batch() { m_batching = true; }
    /// Writes the layers kept since begin_batch(). Throws lc::OutputError.
    void flush();

    /// Writes lifecircle.qgs (in the working CRS, opening on the city) and, for
    /// shapefiles, fields.csv (layer, field as written, full name). Call once,
    /// after the last layer.
    void finish(const std::string& title, const std::string& lang) const;

private:
    /// What write() does once the layer's file is written (`written`: its field
    /// names as written; `table_done`: its CSV copy is written too).
    void record(const geo::OutLayer& layer, const LayerSpec& spec, const std::vector<std::string>& written,
                bool table_done);

    struct Pending {
        geo::OutLayer layer;
        LayerSpec spec;
    };
    bool m_batching = false;
    std::vector<Pending> m_pending;
    std::filesystem::path m_dir;
    geo::Format m_format;
    geo::Crs m_data_crs;
    geo::Crs m_out_crs;
    geo::Box m_extent;
    bool m_database = false;
    std::vector<ProjectLayer> m_layers;
    std::vector<std::string> m_rights;  ///< the open data's credits (City::sources), on every layer
    std::vector<std::vector<std::string>> m_field_rows;  ///< fields.csv
    /// The accessibility style's class bounds, from the first estates layer written
    /// (the city as it is), so that before and after share one legend.
    std::vector<double> m_access_breaks;
};

/// A layer's attribute table as CSV (UTF-8 with BOM): its field names as the
/// header, one row per feature.
[[nodiscard]] std::string attribute_csv(const geo::OutLayer& layer);

}  // namespace lc::app
