#include "pipeline/open_data.hpp"

#include "lc/error.hpp"
#include "lc/geo/osm_city.hpp"
#include "lc/geo/raster.hpp"
#include "lc/geo/spatial_index.hpp"
#include "pipeline/outputs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace lc::app {
namespace {

using geo::FieldType;
using geo::Value;

/// An object's id as the path of its page on openstreetmap.org: "w123" -> "way/123".
std::string osm_ref(const std::string& id) {
    const std::string_view kind = id[0] == 'w' ? "way/" : id[0] == 'r' ? "relation/" : "node/";
    return std::string(kind) + id.substr(1);
}

bool has_any(const std::string& text, std::initializer_list<std::string_view> parts) {
    return std::any_of(parts.begin(), parts.end(), [&](std::string_view p) { return text.find(p) != std::string::npos; });
}

geo::VectorLayer empty_layer(const std::string& path, const std::string& name, std::vector<geo::FieldDef> fields) {
    geo::VectorLayer layer;
    layer.file = path;
    layer.layer = name;
    layer.crs = layer.source_crs = geo::Crs::wgs84();
    layer.fields = std::move(fields);
    return layer;
}

/// The name of the admin area of `level` holding `p` ("" when none does).
std::string admin_name(const std::vector<geo::OsmObject>& admin, const std::string& level, geo::Point p) {
    for (const auto& a : admin) {
        if (geo::osm_tag(a.tags, "admin_level") == level && a.geometry.covers(p)) return geo::osm_tag(a.tags, "name");
    }
    return {};
}

geo::VectorLayer osm_estates(const std::string& path, std::vector<geo::OsmObject>& residential,
                               const std::vector<geo::OsmObject>& admin) {
    geo::VectorLayer layer = empty_layer(path, "landuse=residential",
                                         {{"id", FieldType::string},
                                          {"name", FieldType::string},
                                          {"community", FieldType::string},
                                          {"street", FieldType::string},
                                          {"district", FieldType::string}});
    std::int64_t fid = 0;
    for (auto& o : residential) {
        const geo::Point p = o.geometry.point_on_surface();
        geo::Feature f;
        f.fid = fid++;
        f.values = {Value{osm_ref(o.osm_id)}, Value{geo::osm_tag(o.tags, "name")}, Value{admin_name(admin, "10", p)},
                    Value{admin_name(admin, "8", p)}, Value{admin_name(admin, "6", p)}};
        f.geometry = std::move(o.geometry);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::VectorLayer osm_facilities(const std::string& path, std::vector<geo::OsmObject>& care) {
    geo::VectorLayer layer = empty_layer(path, "elderly care",
                                         {{"id", FieldType::string},
                                          {"name", FieldType::string},
                                          {"kind", FieldType::string},
                                          {"building_area", FieldType::real},
                                          {"building_levels", FieldType::real}});
    std::int64_t fid = 0;
    for (auto& o : care) {
        geo::Feature f;
        f.fid = fid++;
        const auto levels = geo::building_levels(o.tags);
        f.values = {Value{osm_ref(o.osm_id)}, Value{geo::osm_tag(o.tags, "name")}, Value{osm_facility_kind(o.tags)}, Value{},
                    levels ? Value{*levels} : Value{}};
        f.geometry = std::move(o.geometry);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::VectorLayer osm_districts(const std::string& path, std::vector<geo::OsmObject>& admin) {
    geo::VectorLayer layer =
        empty_layer(path, "boundary=administrative admin_level=6", {{"id", FieldType::string}, {"name", FieldType::string}});
    std::int64_t fid = 0;
    for (auto& o : admin) {
        if (geo::osm_tag(o.tags, "admin_level") != "6") continue;
        geo::Feature f;
        f.fid = fid++;
        f.values = {Value{osm_ref(o.osm_id)}, Value{geo::osm_tag(o.tags, "name")}};
        f.geometry = o.geometry.clone();
        layer.features.push_back(std::move(f));
    }
    return layer;
}

void reproject(geo::VectorLayer& layer, const geo::Transformer& t, const geo::Crs& working) {
    for (auto& f : layer.features) f.geometry = geo::transformed(f.geometry, t);
    layer.crs = working;
}

}  // namespace

std::string osm_facility_kind(const geo::OsmTags& tags) {
    const std::string name = geo::osm_tag(tags, "name");
    const std::string amenity = geo::osm_tag(tags, "amenity");
    const std::string kind = geo::osm_tag(tags, "social_facility");
    if (has_any(name, {"日间照料"}) || kind == "day_care") return "day_care";
    if (has_any(name, {"综合养老服务中心", "养老服务中心", "长者服务中心"})) return "centre";
    if (amenity == "nursing_home" || kind == "nursing_home" || kind == "assisted_living" ||
        has_any(name, {"养老院", "敬老院", "福利院", "颐养", "老年公寓", "护理院", "养护院", "养老公寓"})) {
        return "institution";
    }
    return "station";
}

OsmLayers read_osm_layers(const std::string& path, bool buildings) {
    geo::OsmCityObjects objects = geo::read_osm_city(path, buildings);
    if (objects.residential.empty()) {
        throw InputError(InputLocation{path, {}, {}, {}},
                         "--from-osm: the file holds no landuse=residential area, so no estates (give --estates)");
    }
    OsmLayers out;
    out.path = path;
    out.broken_areas = objects.broken_areas;
    out.extent_lonlat = objects.residential.front().geometry.bounds();
    for (const auto& o : objects.residential) out.extent_lonlat = out.extent_lonlat.united(o.geometry.bounds());
    out.estates = osm_estates(path, objects.residential, objects.admin);
    out.facilities = osm_facilities(path, objects.care);
    out.districts = osm_districts(path, objects.admin);
    out.buildings = std::move(objects.buildings);
    out.vacant = std::move(objects.vacant);
    return out;
}

void reproject_layers(OsmLayers& layers, const geo::Crs& working) {
    const geo::Transformer t(geo::Crs::wgs84(), working);
    reproject(layers.estates, t, working);
    reproject(layers.facilities, t, working);
    reproject(layers.districts, t, working);
    for (auto* objects : {&layers.buildings, &layers.vacant}) {
        for (auto& o : *objects) o.geometry = geo::transformed(o.geometry, t);
    }
    // building_area = footprint x building:levels, where both are known.
    const std::size_t area = *layers.facilities.field_index("building_area");
    const std::size_t levels = *layers.facilities.field_index("building_levels");
    for (auto& f : layers.facilities.features) {
        const auto n = geo::to_number(f.values[levels]);
        if (n && f.geometry.kind() == geo::GeometryKind::polygon) f.values[area] = Value{std::round(f.geometry.area() * *n)};
    }
}

void note_osm_sources(City& city, const InputConfig& cfg, OsmLayers& layers) {
    const auto add = [&](const std::string& layer, bool from_osm) {
        if (from_osm) city.sources.push_back({layer, cfg.from_osm, k_osm_credit});
    };
    add("estates", cfg.estates.empty());
    add("facilities", cfg.facilities.empty());
    add("districts", cfg.districts.empty() && !layers.districts.features.empty());
    add("network", cfg.network == cfg.from_osm);
    if (cfg.facilities.empty()) {
        // OSM gives no building area: any a facility has is footprint x building:levels.
        for (auto& fac : city.facilities) fac.building_area_estimated = !fac.building_area_missing;
        if (city.facilities.empty()) {
            city.warnings.push_back(cfg.from_osm + ": no elderly-care facility is mapped in OpenStreetMap here "
                                                   "(amenity=social_facility, amenity=nursing_home or a name with "
                                                   "养老, 敬老, 老年, ...); coverage is 0 until --facilities gives them");
        }
    }
    for (auto& o : layers.vacant) city.vacant_land.push_back({osm_ref(o.osm_id), std::move(o.geometry)});
    if (layers.broken_areas > 0) {
        city.warnings.push_back(cfg.from_osm + ": " + std::to_string(layers.broken_areas) +
                                " areas have broken rings in OpenStreetMap and were left out");
    }
}

namespace {

/// The estimate's frame: the profile's figures and where the residents come from.
RasterEstimate new_estimate(std::string source, std::string counts, const LoadOptions& options) {
    RasterEstimate est;
    est.raster = std::move(source);
    est.counts = std::move(counts);
    est.elderly_share = options.elderly_share_default;
    est.household_size = options.household_size.value_or(0.0);
    return est;
}

/// The estates with an area (polygons); a point estate lacking counts is an error.
std::vector<std::size_t> polygon_estates(const City& city, const InputConfig& cfg, const std::string& source) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        if (e.area_m2 > 0) {
            out.push_back(i);
        } else if (e.population_estimated || e.households_estimated) {
            throw InputError(InputLocation{cfg.estates.empty() ? cfg.from_osm : cfg.estates, {}, e.id, {}},
                             "a point estate has no area to take its residents from " + source +
                                 " (give its elderly and households, or a polygon)");
        }
    }
    return out;
}

/// Fills the counts `e` lacks from `v`, its residents of `est.counts`' kind.
void fill_counts(Estate& e, double v, RasterEstimate& est) {
    if (e.population_estimated) {
        ++est.estates_estimated;
        const bool elderly = est.counts == "elderly";
        e.elderly = std::round(elderly ? v : v * est.elderly_share);
        e.population = elderly ? (est.elderly_share > 0 ? std::round(v / est.elderly_share) : 0.0) : std::round(v);
    }
    if (e.households_estimated) {
        if (!(est.household_size > 0)) {
            throw ArgumentError("the estates have no households and the profile no population.household_size "
                                "(set one with --set population.household_size=2.62)");
        }
        const double people = e.population > 0 ? e.population : (est.elderly_share > 0 ? e.elderly / est.elderly_share : 0.0);
        e.households = std::round(people / est.household_size);
    }
}

}  // namespace

void estimate_from_raster(City& city, const InputConfig& cfg, const LoadOptions& options) {
    const bool elderly_raster = !cfg.elderly_raster.empty();
    RasterEstimate est = new_estimate(cfg.residents_raster(), elderly_raster ? "elderly" : "population", options);
    const std::vector<std::size_t> estates = polygon_estates(city, cfg, est.raster);
    std::vector<const geo::Geometry*> polygons;
    polygons.reserve(estates.size());
    for (const std::size_t i : estates) polygons.push_back(&city.estates[i].geometry);
    const geo::ZonalSums z = geo::areal_weighting(est.raster, city.working_crs, cfg.assume_crs, polygons);
    const bool wanted = std::any_of(city.estates.begin(), city.estates.end(),
                                    [](const Estate& e) { return e.population_estimated; });
    if (z.cells == 0 && wanted) {
        throw InputError(InputLocation{est.raster, {}, {}, {}},
                         "no cell with residents lies over the estates (does the raster cover the city?)");
    }
    for (std::size_t k = 0; k < estates.size(); ++k) fill_counts(city.estates[estates[k]], z.inside[k], est);
    est.study_total = z.total;
    est.in_estates = z.inside_total;
    est.outside_estates = z.outside;
    est.cells = z.cells;
    est.negative_skipped = z.negative_skipped;
    const double to_elderly = elderly_raster ? 1.0 : est.elderly_share;
    for (const auto& cell : z.outside_cells) est.outside.push_back({cell.id, cell.value * to_elderly, cell.centre});
    if (est.estates_estimated == 0) {
        city.warnings.push_back(est.raster + ": every estate has its own counts; the raster only measures the " +
                                est.counts + " outside them");
    }
    if (est.negative_skipped > 0) {
        city.warnings.push_back(est.raster + ": " + std::to_string(est.negative_skipped) +
                                " cells with a negative value were left out");
    }
    city.sources.push_back({elderly_raster ? "elderly" : "population", est.raster, k_raster_credit});
    city.raster = std::move(est);
}

void estimate_from_buildings(City& city, const InputConfig& cfg, const LoadOptions& options,
                             const std::vector<geo::OsmObject>& buildings) {
    if (!options.floor_area_per_person || !(*options.floor_area_per_person > 0)) {
        throw ArgumentError("--population-from-buildings: the profile has no population.floor_area_per_person_m2 "
                            "(set one with --set population.floor_area_per_person_m2=36.52)");
    }
    RasterEstimate est = new_estimate(cfg.from_osm, "population", options);
    est.buildings = true;
    est.floor_area_per_person = *options.floor_area_per_person;
    std::vector<geo::Box> boxes;
    boxes.reserve(buildings.size());
    for (const auto& b : buildings) boxes.push_back(b.geometry.bounds());
    const geo::BoxIndex index(boxes);
    std::vector<bool> used(buildings.size(), false), unlevelled(buildings.size(), false);
    std::size_t empty_estates = 0;
    for (const std::size_t i : polygon_estates(city, cfg, cfg.from_osm)) {
        Estate& e = city.estates[i];
        double floor_area = 0;
        for (const std::size_t b : index.intersecting(e.geometry.bounds())) {
            if (!buildings[b].geometry.intersects(e.geometry)) continue;
            const auto levels = geo::building_levels(buildings[b].tags);
            if (!levels) {
                unlevelled[b] = true;
                continue;
            }
            used[b] = true;
            floor_area += buildings[b].geometry.intersection(e.geometry).area() * *levels;
        }
        const double people = floor_area / est.floor_area_per_person;
        if (e.population_estimated) est.in_estates += people;
        if (e.population_estimated && floor_area <= 0) ++empty_estates;
        fill_counts(e, people, est);
    }
    est.study_total = est.in_estates;
    est.buildings_used = static_cast<std::size_t>(std::count(used.begin(), used.end(), true));
    est.buildings_without_levels = static_cast<std::size_t>(std::count(unlevelled.begin(), unlevelled.end(), true));
    if (est.buildings_without_levels > 0) {
        city.warnings.push_back(cfg.from_osm + ": " + std::to_string(est.buildings_without_levels) +
                                " buildings inside estates have no building:levels and were left out of the "
                                "population estimate (it is low by their share)");
    }
    if (empty_estates > 0) {
        city.warnings.push_back(cfg.from_osm + ": " + std::to_string(empty_estates) +
                                " estates hold no home building with building:levels: their population is 0");
    }
    city.sources.push_back({"population", cfg.from_osm, k_osm_credit});
    city.raster = std::move(est);
}

geo::VectorLayer osm_parcels(const std::string& path, const City& city, std::vector<std::string>& notes) {
    geo::VectorLayer layer = empty_layer(path, "landuse=brownfield|greenfield",
                                         {{"id", FieldType::string}, {"land_use", FieldType::string}, {"area", FieldType::real}});
    layer.crs = city.working_crs;
    std::vector<geo::Box> boxes;
    for (const auto& e : city.estates) boxes.push_back(e.geometry.bounds());
    const geo::BoxIndex estates(boxes);
    std::vector<std::string> overlapping;
    std::int64_t fid = 0;
    for (const auto& land : city.vacant_land) {
        const geo::Geometry& g = land.geometry;
        bool overlaps = false;
        for (const std::size_t k : estates.intersecting(g.bounds())) {
            const Estate& e = city.estates[k];
            if (e.area_m2 > 0 && g.intersection(e.geometry).area() > 1.0) overlaps = true;
        }
        if (overlaps) {
            overlapping.push_back(land.id);
            continue;
        }
        geo::Feature f;
        f.fid = fid++;
        f.values = {Value{land.id}, Value{std::string("vacant")}, Value{g.area()}};
        f.geometry = g.clone();
        layer.features.push_back(std::move(f));
    }
    if (!overlapping.empty()) {
        std::string ids;
        for (const auto& id : overlapping) ids += (ids.empty() ? "" : ", ") + id;
        notes.push_back(path + ": " + std::to_string(overlapping.size()) +
                        " brownfield/greenfield areas overlap an estate and are not parcels: " + ids);
    }
    if (layer.features.empty()) {
        throw InputError(InputLocation{path, {}, {}, {}},
                         "plan --layout: the file maps no landuse=brownfield or greenfield area outside the estates "
                         "(no vacant land to site on); give --parcels FILE");
    }
    return layer;
}

std::string estimated_counts(const Estate& e) {
    std::string out;
    const auto add = [&out](bool estimated, const char* what) {
        if (estimated) out += (out.empty() ? "" : ",") + std::string(what);
    };
    add(e.elderly_estimated, "elderly");
    add(e.population_estimated, "population");
    add(e.households_estimated, "households");
    return out;
}

void add_open_data(nlohmann::json& summary, const City& city) {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& s : city.sources) sources.push_back({{"layer", s.layer}, {"source", s.source}, {"credit", s.credit}});
    summary["data_sources"] = sources;
    const std::size_t area_estimated = static_cast<std::size_t>(std::count_if(
        city.facilities.begin(), city.facilities.end(), [](const Facility& f) { return f.building_area_estimated; }));
    if (area_estimated > 0) summary["facilities_area_estimated"] = area_estimated;
    if (!city.raster) return;
    const RasterEstimate& r = *city.raster;
    summary["estimates"] = {{"raster", r.raster},
                            {"counts", r.counts},
                            {"method", r.buildings ? "residential floor area: footprint x building:levels / floor area per person"
                                                   : "areal weighting: each cell's value x the share of its area inside the estate"},
                            {"study_total", round6(r.study_total)},
                            {"in_estates", round6(r.in_estates)},
                            {"outside_estates", round6(r.outside_estates)},
                            {"cells", r.cells},
                            {"negative_cells_skipped", r.negative_skipped},
                            {"estates_estimated", r.estates_estimated},
                            {"elderly_share", r.elderly_share},
                            {"household_size", r.household_size},
                            {"outside_points", r.outside.size()}};
    if (r.buildings) {
        summary["estimates"]["floor_area_per_person_m2"] = r.floor_area_per_person;
        summary["estimates"]["buildings_used"] = r.buildings_used;
        summary["estimates"]["buildings_without_levels"] = r.buildings_without_levels;
    }
}

}  // namespace lc::app
