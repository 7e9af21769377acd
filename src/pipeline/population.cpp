#include "pipeline/population.hpp"

#include "lc/error.hpp"
#include "lc/geo/postgis_output.hpp"
#include "lc/geo/raster.hpp"
#include "pipeline/outputs.hpp"

#include <cmath>
#include <set>

namespace lc::app {

PopulationLayer load_population(const InputConfig& input, const geo::Crs& working) {
    PopulationLayer out;
    out.source = geo::redact_connection(input.population);  // it goes into summary.json
    const geo::Source src = geo::parse_source(input.population);
    if (src.path.rfind("PG:", 0) != 0 && src.layer.empty() && geo::is_raster(src.path)) {
        out.kind = "raster";
        for (auto& cell : geo::read_raster_cells(src.path, working, input.assume_crs)) {
            out.features.push_back({cell.id, cell.value, std::move(cell.polygon), cell.centre});
        }
        if (out.features.empty()) {
            throw InputError(InputLocation{src.path, {}, {}, {}}, "the raster has no cell with population > 0");
        }
        return out;
    }
    geo::VectorLayer layer = geo::read_layer(src, read_options(input, "population", working));
    for (auto& w : layer.warnings) out.warnings.push_back(std::move(w));
    const auto has = [&layer](const std::string& n) { return layer.field_index(n).has_value(); };
    const std::string field = input.field_for("population", "population", has);
    const auto f_pop = layer.field_index(field);
    if (!f_pop) {
        throw InputError(InputLocation{layer.file, layer.layer, {}, field},
                         "missing required field for population (the layer has: " + layer.field_list() +
                             "; map another with --field population.population=NAME)");
    }
    const auto f_id = layer.field_index(input.field_for("population", "id", has));
    std::size_t polygons = 0;
    std::set<std::string> ids;
    for (auto& f : layer.features) {
        PopulationFeature p;
        p.id = f_id ? geo::to_id(f.values[*f_id]) : std::string{};
        if (p.id.empty()) p.id = "FID " + std::to_string(f.fid);
        const InputLocation where{layer.file, layer.layer, p.id, field};
        bool bad = false;
        const auto v = geo::to_number(f.values[*f_pop], &bad);
        if (bad) throw InputError(where, "'" + geo::to_text(f.values[*f_pop]) + "' is not a number");
        if (v && *v < 0) throw InputError(where, "value " + geo::to_text(f.values[*f_pop]) + " is negative");
        if (v && *v > 1e8) throw InputError(where, "value " + geo::to_text(f.values[*f_pop]) + " is implausibly large");
        p.population = v.value_or(0.0);
        const auto kind = f.geometry.kind();
        if (kind == geo::GeometryKind::polygon) {
            ++polygons;
            p.point = f.geometry.point_on_surface();
        } else if (kind == geo::GeometryKind::point) {
            p.point = representative_point(f.geometry, InputLocation{layer.file, layer.layer, p.id, {}}, "population point");
        } else {
            throw InputError(InputLocation{layer.file, layer.layer, p.id, {}},
                             "population features must be points or polygons, got " + f.geometry.type_name());
        }
        p.geometry = std::move(f.geometry);
        out.features.push_back(std::move(p));
    }
    out.kind = polygons == out.features.size() ? "polygons" : (polygons == 0 ? "points" : "mixed");
    return out;
}

PopulationLayer outside_population(const City& city) {
    PopulationLayer out;
    out.source = city.raster->raster + " (elderly outside every estate)";
    out.kind = "points";
    for (const auto& p : city.raster->outside) out.features.push_back({p.id, p.elderly, geo::Geometry::point(p.point), p.point});
    return out;
}

PopulationResult population_coverage(const City& city, const CoverageResult& base, const PopulationLayer& layer,
                                     const CoverageConfig& cov) {
    std::vector<const geo::Geometry*> areas;
    std::vector<geo::Point> points;
    for (const auto& f : layer.features) {
        areas.push_back(&f.geometry);
        points.push_back(f.point);
    }
    PopulationResult r;
    r.coverage = demand_coverage(city, base, areas, points, cov);
    std::string far;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        r.total += layer.features[i].population;
        r.covered += layer.features[i].population * r.coverage[i].covered_share;
        if (!r.coverage[i].snapped) {
            if (++r.unsnapped <= 20) far += (far.empty() ? "" : ", ") + layer.features[i].id;
        }
    }
    if (r.unsnapped > 0) {
        if (r.unsnapped > 20) far += ", ... (" + std::to_string(r.unsnapped) + " in all)";
        r.warnings.push_back(layer.source + ": " + std::to_string(r.unsnapped) + " population features lie farther than " +
                             std::to_string(static_cast<int>(cov.max_snap)) +
                             " m (--max-snap) from the network and count as not covered: " + far);
    }
    return r;
}

geo::OutLayer population_out_layer(const PopulationLayer& layer, const PopulationResult& result) {
    using geo::FieldType;
    using geo::Value;
    geo::OutLayer out;
    out.name = "population";
    out.fields = {{"id", FieldType::string},          {"population", FieldType::real},
                  {"nearest_m", FieldType::real},     {"nearest_facility", FieldType::string},
                  {"covered", FieldType::integer},    {"covered_share", FieldType::real},
                  {"covered_population", FieldType::real}};
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const auto& f = layer.features[i];
        const auto& c = result.coverage[i];
        geo::Feature g;
        g.geometry = f.geometry.clone();
        g.values = {Value{f.id},
                    Value{round6(f.population)},
                    std::isfinite(c.nearest_m) ? Value{round6(c.nearest_m)} : Value{},
                    Value{c.nearest_facility},
                    Value{std::int64_t{c.covered ? 1 : 0}},
                    Value{round6(c.covered_share)},
                    Value{round6(f.population * c.covered_share)}};
        out.features.push_back(std::move(g));
    }
    return out;
}

}  // namespace lc::app
