// Residential areas, elderly-care facilities and administrative areas of an
// OSM file, assembled into areas with libosmium's multipolygon manager.
#include "lc/geo/osm_city.hpp"

// libosmium's area assembler trips a GCC 12 false positive (strlen of an empty user name).
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include "geos_context.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"

#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/relations/relations_manager.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <string_view>

namespace lc::geo {

namespace {

constexpr std::array<const char*, 9> k_kept_keys{"name",     "landuse",        "amenity",  "social_facility",
                                                 "social_facility:for", "building", "building:levels",
                                                 "boundary", "admin_level"};

/// Name parts of elderly-care facilities in Chinese (养老院, 敬老院, 老年公寓,
/// 长者服务中心, 日间照料中心, 颐养院, 社会福利院).
constexpr std::array<std::string_view, 7> k_care_name_parts{"养老", "敬老", "老年", "长者", "日间照料", "颐养", "福利院"};
/// Named places with a care word in the name that are not care facilities of the
/// standards: 老年大学 (a university for the old) and 老年活动中心 (a club).
constexpr std::array<std::string_view, 2> k_not_care_name_parts{"老年大学", "老年活动"};

OsmTags kept_tags(const osmium::TagList& tags) {
    OsmTags out;
    for (const char* key : k_kept_keys) {
        if (const char* v = tags.get_value_by_key(key)) out.emplace(key, v);
    }
    return out;
}


bool care_name(const std::string& name) {
    for (const auto part : k_not_care_name_parts) {
        if (name.find(part) != std::string::npos) return false;
    }
    for (const auto part : k_care_name_parts) {
        if (name.find(part) != std::string::npos) return true;
    }
    return false;
}

/// An area without an outer ring (the assembler gave up on it).
struct BrokenArea {};

/// "(x y, x y, ...)": a ring's coordinates as WKT (7 decimals: OSM's precision).
/// (libosmium's geometry factories do not compile as C++20, hence WKT.)
template <typename Ring>
void append_ring(std::string& wkt, const Ring& ring) {
    char buf[64];
    wkt += '(';
    bool first = true;
    for (const auto& nr : ring) {
        std::snprintf(buf, sizeof buf, "%s%.7f %.7f", first ? "" : ",", nr.location().lon(), nr.location().lat());
        wkt += buf;
        first = false;
    }
    wkt += ')';
}

Geometry area_geometry(const osmium::Area& area) {
    std::string wkt = "MULTIPOLYGON(";
    bool first_polygon = true;
    for (const auto& outer : area.outer_rings()) {
        wkt += first_polygon ? "(" : ",(";
        first_polygon = false;
        append_ring(wkt, outer);
        for (const auto& inner : area.inner_rings(outer)) {
            wkt += ',';
            append_ring(wkt, inner);
        }
        wkt += ')';
    }
    wkt += ')';
    if (first_polygon) throw BrokenArea{};
    return Geometry::from_wkt(wkt);
}

/// Sorts the assembled areas and the elderly-care nodes into the three lists.
class CityCollector : public osmium::handler::Handler {
public:
    explicit CityCollector(bool buildings) : m_buildings(buildings) {}

    OsmCityObjects objects;

    void node(const osmium::Node& node) {
        if (node.tags().empty() || !node.location().valid()) return;
        OsmTags tags = kept_tags(node.tags());
        if (!is_elderly_care(tags)) return;
        objects.care.push_back({"n" + std::to_string(node.id()), std::move(tags),
                                Geometry::point({node.location().lon(), node.location().lat()})});
    }

    void area(const osmium::Area& area) {
        OsmTags tags = kept_tags(area.tags());
        const std::string landuse = osm_tag(tags, "landuse");
        const bool residential = landuse == "residential";
        const bool care = is_elderly_care(tags);
        const bool admin = osm_tag(tags, "boundary") == "administrative" && !osm_tag(tags, "admin_level").empty();
        const bool home = m_buildings && is_home_building(tags);
        const bool vacant = landuse == "brownfield" || landuse == "greenfield";
        if (!residential && !care && !admin && !home && !vacant) return;
        Geometry g;
        try {
            g = area_geometry(area);
        } catch (const BrokenArea&) {
            ++objects.broken_areas;  // rings the assembler could not close
            return;
        } catch (const osmium::invalid_location&) {
            ++objects.broken_areas;  // rings the assembler could not close
            return;
        }
        if (!g.is_valid()) g = g.make_valid().polygonal_part();
        if (g.is_empty()) return;
        const std::string id = (area.from_way() ? "w" : "r") + std::to_string(area.orig_id());
        if (residential) objects.residential.push_back({id, tags, g.clone()});
        if (care) objects.care.push_back({id, tags, g.clone()});
        if (home) objects.buildings.push_back({id, tags, g.clone()});
        if (vacant) objects.vacant.push_back({id, tags, g.clone()});
        if (admin) objects.admin.push_back({id, tags, std::move(g)});
    }

private:
    bool m_buildings;  ///< assemble the home buildings too
};

osmium::TagsFilter area_filter(bool buildings) {
    osmium::TagsFilter filter{false};
    filter.add_rule(true, "landuse", "residential");
    filter.add_rule(true, "landuse", "brownfield");
    filter.add_rule(true, "landuse", "greenfield");
    filter.add_rule(true, "boundary", "administrative");
    filter.add_rule(true, "amenity", "social_facility");
    filter.add_rule(true, "amenity", "nursing_home");
    if (buildings) filter.add_rule(true, osmium::TagMatcher{"building"});
    filter.add_rule(true, osmium::TagMatcher{"name"});  // names with 养老, 敬老, ... (is_elderly_care decides)
    return filter;
}

}  // namespace

std::string osm_tag(const OsmTags& tags, const std::string& key) {
    const auto it = tags.find(key);
    return it == tags.end() ? std::string{} : it->second;
}

std::optional<double> building_levels(const OsmTags& tags) {
    bool bad = false;
    const auto levels = to_number(Value{osm_tag(tags, "building:levels")}, &bad);
    if (bad || !levels || *levels < 1 || *levels > 200) return std::nullopt;
    return levels;
}

bool is_elderly_care(const OsmTags& tags) {
    const std::string amenity = osm_tag(tags, "amenity");
    if (amenity == "nursing_home") return true;
    if (amenity == "social_facility") {
        const std::string kind = osm_tag(tags, "social_facility");
        const std::string for_whom = osm_tag(tags, "social_facility:for");
        const bool senior = for_whom == "senior" || for_whom == "elderly";
        if ((kind == "nursing_home" || kind == "assisted_living") && (senior || for_whom.empty())) return true;
        if ((kind == "day_care" || kind == "group_home") && senior) return true;
    }
    return care_name(osm_tag(tags, "name"));
}

bool is_home_building(const OsmTags& tags) {
    static const std::array<std::string_view, 8> homes{"residential", "apartments", "house",     "detached",
                                                       "semidetached_house", "terrace", "dormitory", "yes"};
    const std::string b = osm_tag(tags, "building");
    return std::find(homes.begin(), homes.end(), b) != homes.end();
}

OsmCityObjects read_osm_city(const std::string& path, bool buildings) {
    const InputLocation where{path, "", "", ""};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw InputError(where, "--from-osm: OSM file not found");
    CityCollector collector(buildings);
    try {
        const osmium::io::File file{path};
        osmium::area::MultipolygonManager<osmium::area::Assembler> manager{osmium::area::Assembler::config_type{},
                                                                          area_filter(buildings)};
        osmium::relations::read_relations(file, manager);
        using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
        Index positive_ids;
        Index negative_ids;  // new objects in a file saved by JOSM have negative ids
        osmium::handler::NodeLocationsForWays<Index, Index> locations{positive_ids, negative_ids};
        locations.ignore_errors();
        osmium::io::Reader reader{file};
        osmium::apply(reader, locations, collector,
                      manager.handler([&collector](osmium::memory::Buffer&& buffer) { osmium::apply(buffer, collector); }));
        reader.close();
    } catch (const lc::Error&) {
        throw;
    } catch (const std::exception& e) {
        const std::string what = e.what();
        const bool unsorted = what.find("out of order") != std::string::npos;
        throw InputError(where, "--from-osm: cannot read OSM data (" + what + ")" +
                                    (unsorted ? "; sort the file by type and id first: osmium sort IN -o OUT" : ""));
    }
    return std::move(collector.objects);
}

namespace {

int transform_xy(double* x, double* y, void* userdata) {
    try {
        static_cast<const Transformer*>(userdata)->transform(*x, *y);
        return 1;
    } catch (const CrsError&) {
        return 0;
    }
}

}  // namespace

Geometry transformed(const Geometry& g, const Transformer& t) {
    if (g.is_null()) return {};
    auto* out = GEOSGeom_transformXY_r(detail::geos(), static_cast<const GEOSGeometry*>(g.native()), transform_xy,
                                       const_cast<Transformer*>(&t));
    if (!out) throw CrsError("a coordinate cannot be transformed (" + std::string(detail::geos_last_error()) + ")");
    return Geometry::adopt(out);
}

}  // namespace lc::geo
