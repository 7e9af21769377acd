#include "pipeline/layer_writer.hpp"

#include "lc/parallel.hpp"
#include "pipeline/open_data.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <utility>

namespace lc::app {
namespace {

constexpr const char* k_project_file = "lifecircle.qgs";

QmlGeometry qml_geometry(const geo::OutLayer& layer) {
    geo::GeometryKind kind = layer.kind;
    for (const auto& f : layer.features) {
        if (!f.geometry.is_null()) {
            kind = f.geometry.kind();
            break;
        }
    }
    if (kind == geo::GeometryKind::point) return QmlGeometry::point;
    if (kind == geo::GeometryKind::line) return QmlGeometry::line;
    return QmlGeometry::polygon;
}

/// The type the layer's file declares (io_write: polygons and lines as multi).
std::string wkb_type(const geo::OutLayer& layer, QmlGeometry g) {
    if (g == QmlGeometry::polygon) return "MultiPolygon";
    if (g == QmlGeometry::line) return "MultiLineString";
    for (const auto& f : layer.features) {
        if (!f.geometry.is_null()) return f.geometry.type_name();
    }
    return "Point";
}

geo::Box city_extent(const City& city) {
    std::optional<geo::Box> any;
    for (const auto& e : city.estates) {
        if (!e.geometry.is_null()) any = any ? any->united(e.geometry.bounds()) : e.geometry.bounds();
    }
    const geo::Box box = any.value_or(geo::Box{});
    const double margin = std::max(box.max_x - box.min_x, box.max_y - box.min_y) * 0.05;
    return {box.min_x - margin, box.min_y - margin, box.max_x + margin, box.max_y + margin};
}

/// A CSV cell: a real with every digit the layer holds (to_text keeps 10).
std::string cell(const geo::Value& v) {
    if (!std::holds_alternative<double>(v) || !std::isfinite(std::get<double>(v))) return geo::to_text(v);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", std::get<double>(v));
    return buf;
}

/// Upper bounds of five equal-count classes of the layer's positive `field`
/// values (ascending, repeated bounds merged); none when no value is positive.
std::vector<double> quintile_breaks(const geo::OutLayer& layer, const std::string& field) {
    std::size_t col = layer.fields.size();
    for (std::size_t i = 0; i < layer.fields.size(); ++i)
        if (layer.fields[i].name == field) col = i;
    std::vector<double> values;
    for (const auto& f : layer.features) {
        if (col < f.values.size() && std::holds_alternative<double>(f.values[col])) {
            const double v = std::get<double>(f.values[col]);
            if (std::isfinite(v) && v > 0.0) values.push_back(v);
        }
    }
    std::sort(values.begin(), values.end());
    std::vector<double> breaks;
    for (std::size_t k = 1; k <= 5 && !values.empty(); ++k) {
        const double b = values[(values.size() * k + 4) / 5 - 1];
        if (breaks.empty() || b > breaks.back()) breaks.push_back(b);
    }
    return breaks;
}

bool has_field(const geo::OutLayer& layer, const std::string& field) {
    return std::any_of(layer.fields.begin(), layer.fields.end(), [&](const geo::FieldDef& f) { return f.name == field; });
}

}  // namespace

LayerWriter::LayerWriter(std::filesystem::path dir, geo::Format format, const City& city, geo::Crs out_crs, bool database)
    : m_dir(std::move(dir)),
      m_format(format),
      m_data_crs(city.working_crs),
      m_out_crs(std::move(out_crs)),
      m_extent(city_extent(city)),
      m_database(database) {
    for (const auto& s : city.sources) {
        if (s.credit.empty()) continue;
        const std::string credit = s.credit == k_raster_credit ? "if WorldPop: " + s.credit : s.credit;
        if (std::find(m_rights.begin(), m_rights.end(), credit) == m_rights.end()) m_rights.push_back(credit);
    }
}

void LayerWriter::write(const geo::OutLayer& layer, const LayerSpec& spec) {
    record(layer, spec, geo::write_layer(m_dir, layer, m_format, m_data_crs, m_out_crs), false);
}

void LayerWriter::write(geo::OutLayer&& layer, const LayerSpec& spec) {
    if (!m_batching) {
        write(static_cast<const geo::OutLayer&>(layer), spec);
        return;
    }
    m_pending.push_back({std::move(layer), spec});
}

void LayerWriter::flush() {
    m_batching = false;
    const std::vector<Pending> pending = std::move(m_pending);
    m_pending.clear();
    // The largest layers first, so that the threads finish together.
    std::vector<std::size_t> order(pending.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return pending[a].layer.features.size() > pending[b].layer.features.size();
    });
    std::vector<std::vector<std::string>> written(pending.size());
    const bool tables = !m_database;
    lc::parallel_for_each(pending.size(), lc::thread_count(0, pending.size(), 1), 1, [&](std::size_t k) {
        const Pending& p = pending[order[k]];
        written[order[k]] = geo::write_layer(m_dir, p.layer, m_format, m_data_crs, m_out_crs);
        if (tables && p.spec.table) geo::write_text_file(m_dir / (p.layer.name + ".csv"), attribute_csv(p.layer));
    });
    for (std::size_t k = 0; k < pending.size(); ++k) record(pending[k].layer, pending[k].spec, written[k], true);
}

void LayerWriter::record(const geo::OutLayer& layer, const LayerSpec& spec, const std::vector<std::string>& written,
                         bool table_done) {
    std::vector<std::pair<std::string, std::string>> renamed;
    for (std::size_t i = 0; i < layer.fields.size() && i < written.size(); ++i) {
        if (m_format == geo::Format::shp) m_field_rows.push_back({layer.name, written[i], layer.fields[i].name});
        if (written[i] != layer.fields[i].name) renamed.emplace_back(layer.fields[i].name, written[i]);
    }
    const QmlGeometry g = qml_geometry(layer);
    const std::string qml = qml_for_layer(spec.style.empty() ? layer.name : spec.style, g, renamed);
    geo::write_text_file(m_dir / (layer.name + ".qml"), qml);
    if (m_database) return;
    const std::string file = layer.name + "." + std::string(geo::extension(m_format));
    if (m_format == geo::Format::gpkg) geo::store_gpkg_style(m_dir / file, layer.name, qml, "lifecircle");
    if (spec.table && !table_done) geo::write_text_file(m_dir / (layer.name + ".csv"), attribute_csv(layer));
    const std::string source = "./" + file + (m_format == geo::Format::gpkg ? "|layername=" + layer.name : "");
    const geo::Crs& crs = m_out_crs.empty() ? m_data_crs : m_out_crs;
    m_layers.push_back({layer.name, {}, source, spec.group, g, wkb_type(layer, g), qml, crs, m_rights, {}, {}});
    if (has_field(layer, "access_g2sfca")) {  // estates: accessibility one click away
        if (m_access_breaks.empty()) m_access_breaks = quintile_breaks(layer, "access_g2sfca");
        m_layers.back().style_name = "style.default";
        m_layers.back().other_styles = {{"style.access", access_qml(g, m_access_breaks, renamed)}};
    }
}

void LayerWriter::finish(const std::string& title, const std::string& lang) const {
    if (m_database) return;
    std::vector<ProjectLayer> layers = m_layers;
    for (auto& l : layers) {
        l.title = tr("layer." + l.id, lang);
        if (!l.style_name.empty()) l.style_name = tr(l.style_name, lang);
        for (auto& [name, qml] : l.other_styles) name = tr(name, lang);
    }
    geo::write_text_file(m_dir / k_project_file, qgis_project(std::move(layers), m_data_crs, m_extent, title, lang));
    if (!m_field_rows.empty()) geo::write_text_file(m_dir / "fields.csv", csv_text({"layer", "field", "full_name"}, m_field_rows));
}

std::string attribute_csv(const geo::OutLayer& layer) {
    std::vector<std::string> header;
    header.reserve(layer.fields.size());
    for (const auto& f : layer.fields) header.push_back(f.name);
    std::vector<std::vector<std::string>> rows;
    rows.reserve(layer.features.size());
    for (const auto& f : layer.features) {
        std::vector<std::string> row;
        row.reserve(f.values.size());
        for (const auto& v : f.values) row.push_back(cell(v));
        rows.push_back(std::move(row));
    }
    return csv_text(header, rows);
}

}  // namespace lc::app
