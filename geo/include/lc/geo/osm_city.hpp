// What a city is made of in an OpenStreetMap file: residential areas,
// elderly-care facilities and administrative areas, assembled with libosmium
// (closed ways and multipolygon / boundary relations), in WGS 84 lon/lat.
#pragma once

#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lc::geo {

/// The tags of an OSM object that the city is read from (name, landuse,
/// amenity, social_facility, social_facility:for, building, building:levels,
/// boundary, admin_level); others are not kept.
using OsmTags = std::map<std::string, std::string>;

/// The value of `key` in `tags` ("" when absent).
std::string osm_tag(const OsmTags& tags, const std::string& key);

/// `building:levels` when it is a number of storeys 1..200; nullopt when absent or not.
std::optional<double> building_levels(const OsmTags& tags);

struct OsmObject {
    std::string osm_id;  ///< "w123" (way), "r456" (relation) or "n789" (node)
    OsmTags tags;
    Geometry geometry;  ///< MultiPolygon for areas, Point for nodes; WGS 84 lon/lat
};

struct OsmCityObjects {
    std::vector<OsmObject> residential;  ///< landuse=residential areas
    std::vector<OsmObject> care;         ///< elderly-care facilities (is_elderly_care), areas and nodes
    std::vector<OsmObject> admin;        ///< boundary=administrative areas with an admin_level
    std::vector<OsmObject> buildings;    ///< buildings people may live in (is_home_building), when asked for
    std::vector<OsmObject> vacant;       ///< landuse=brownfield or greenfield: land to build on
    std::size_t broken_areas = 0;        ///< areas libosmium could not assemble (broken rings), left out
};

/// An elderly-care facility by its tags: amenity=social_facility with
/// social_facility nursing_home / assisted_living / day_care / group_home and
/// social_facility:for=senior (or none, for nursing_home and assisted_living);
/// amenity=nursing_home; or a name containing 养老, 敬老, 老年, 长者, 日间照料, 颐养 or 福利院
/// (老年大学, a university for the old, and 老年活动中心, a club, are not).
bool is_elderly_care(const OsmTags& tags);

/// A building people may live in: building=residential, apartments, house,
/// detached, semidetached_house, terrace, dormitory, or yes (unspecified; inside a
/// residential area, mostly homes).
bool is_home_building(const OsmTags& tags);

/// Reads `path` (.osm, .osm.pbf, .osm.bz2; anything libosmium reads) in two
/// passes: relations first, then nodes, ways and assembled areas. Relations
/// whose member ways the extract lacks are left out (an extract cuts them).
/// Throws lc::InputError naming the file when it cannot be read.
/// `buildings`: also assemble the home buildings (every building area of a city:
/// by far the most areas, so only for --population-from-buildings).
OsmCityObjects read_osm_city(const std::string& path, bool buildings);

/// `g` with every coordinate transformed by `t` (GEOS transformXY). Throws
/// lc::CrsError when a point cannot be transformed.
Geometry transformed(const Geometry& g, const Transformer& t);

}  // namespace lc::geo
