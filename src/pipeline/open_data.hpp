// A city from open data: estates, elderly-care facilities and districts from
// an OpenStreetMap file (--from-osm), and residents from a raster such as
// WorldPop's by areal weighting (--elderly-raster / --population-raster).
// docs/open-data.md explains the rules and their assumptions.
#pragma once

#include "lc/geo/io.hpp"
#include "lc/geo/osm_city.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace lc::app {

/// The credit OSM's licence asks for wherever its data is shown.
inline constexpr const char* k_osm_credit = "© OpenStreetMap contributors (ODbL 1.0)";
/// The credit a WorldPop raster's CC BY 4.0 licence asks for, shown for any raster
/// (the tool cannot tell WorldPop's from another's; the report says "if WorldPop").
inline constexpr const char* k_raster_credit =
    "© WorldPop (www.worldpop.org), CC BY 4.0; Tatem, Scientific Data 4:170004 (2017)";

/// The layers an OSM file makes, as if read from files (fields named by their
/// roles): estates (id, name, community, street, district), facilities (id,
/// name, kind, building_area, building_levels) and districts (id, name).
struct OsmLayers {
    std::string path;
    geo::VectorLayer estates;
    geo::VectorLayer facilities;
    geo::VectorLayer districts;
    std::vector<geo::OsmObject> buildings;  ///< homes (geo::is_home_building), with --population-from-buildings only
    std::vector<geo::OsmObject> vacant;     ///< landuse=brownfield/greenfield: plan --layout's parcels (City::vacant_land)
    geo::Box extent_lonlat;  ///< of the estates, WGS 84 degrees
    std::size_t broken_areas = 0;
};

/// Reads `path` into layers in WGS 84: estates from landuse=residential areas
/// (id "way/123" or "relation/456", the OSM object; name; community, street
/// and district from the boundary=administrative areas of admin_level 10, 8
/// and 6 holding the estate's point), elderly-care facilities (geo::is_elderly_care,
/// kind by osm_facility_kind) and the admin_level 6 areas as districts.
/// `buildings`: also the home buildings (--population-from-buildings).
/// Throws lc::InputError when the file holds no residential area.
OsmLayers read_osm_layers(const std::string& path, bool buildings);

/// Reprojects the layers into `working` and gives facilities with a footprint
/// and building:levels a building area of footprint x levels (an estimate).
void reproject_layers(OsmLayers& layers, const geo::Crs& working);

/// The profile's kind of an OSM elderly-care facility, from its tags and name:
/// institution (nursing_home, assisted_living, 养老院, 敬老院, 福利院, 颐养, 老年公寓),
/// centre (综合养老服务中心, 养老服务中心), day_care (day_care, 日间照料), station (the rest:
/// group_home, 养老服务站, 长者服务站, ...).
std::string osm_facility_kind(const geo::OsmTags& tags);

/// Records the run's open-data sources (city.sources), the facilities whose
/// building area is an estimate and the vacant land (city.vacant_land, moved
/// out of `layers`); warns about what OSM lacked.
void note_osm_sources(City& city, const InputConfig& cfg, OsmLayers& layers);

/// Fills the counts the estates lack from --elderly-raster or
/// --population-raster by areal weighting (geo::areal_weighting in the working
/// CRS): the raster's count, the other of elderly and population by the
/// profile's elderly share, households = population / the profile's household
/// size; each marked estimated. Records city.raster (with the elderly outside
/// every estate) and the source. A point estate lacking counts is an InputError.
void estimate_from_raster(City& city, const InputConfig& cfg, const LoadOptions& options);

/// --population-from-buildings: each estate lacking counts gets population =
/// its residential floor area (the part of each home building's footprint
/// inside it x building:levels; buildings without levels left out and counted)
/// / the profile's floor area per person; elderly and households as for
/// --population-raster. Records city.raster (buildings = true).
void estimate_from_buildings(City& city, const InputConfig& cfg, const LoadOptions& options,
                             const std::vector<geo::OsmObject>& buildings);

/// plan --layout --from-osm without --parcels: the file's landuse=brownfield and
/// greenfield areas (city.vacant_land, read with the city) as vacant parcels (id
/// way/N or relation/N, land_use vacant, area in the working CRS); those
/// overlapping an estate (a mapping overlap) are left out, with a note in
/// `notes`. Throws lc::InputError naming `path` when none is left.
geo::VectorLayer osm_parcels(const std::string& path, const City& city, std::vector<std::string>& notes);

/// The counts of `e` that are estimates, "elderly,population,households" ("" for none).
std::string estimated_counts(const Estate& e);

/// Adds summary.json's "data_sources" (always; [] for the user's own data) and,
/// with a residents raster, "estimates" (docs/summary.md).
void add_open_data(nlohmann::json& summary, const City& city);

}  // namespace lc::app
