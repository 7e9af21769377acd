// The city as lifecircle sees it: estates, facilities, districts and candidate
// sites, read from the user's layers, mapped by --field, validated, and
// reprojected into one working metric CRS.
#pragma once

#include "standards/facility_kind.hpp"

#include "lc/error.hpp"
#include "lc/geo/crs.hpp"
#include "lc/geo/geometry.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lc::app {

struct Estate {
    std::string id;
    std::string name;
    double households = 0;
    double population = 0;
    double elderly = 0;
    bool elderly_estimated = false;     ///< not from the layer: population x the profile's share, or a raster
    bool population_estimated = false;  ///< not from the layer: a raster, or elderly / the profile's share
    bool households_estimated = false;  ///< not from the layer: population / the profile's household size
    std::string community;
    std::string street;
    std::string district;
    bool is_new = false;
    geo::Geometry geometry;  ///< working CRS
    geo::Point point;        ///< representative point (point-on-surface or entrance)
    double area_m2 = 0;      ///< 0 for point estates
};

struct Facility {
    std::string id;
    std::string name;
    FacilityKind kind = FacilityKind::none;
    double building_area = 0;
    bool building_area_missing = false;
    bool building_area_estimated = false;  ///< footprint x building:levels (--from-osm)
    double land_area = 0;  ///< the field, else the polygon's own area, else 0
    double beds = 0;
    double nursing_beds = 0;
    std::string estate_id;
    geo::Geometry geometry;  ///< working CRS
    geo::Point point;        ///< point, or point-on-surface of a polygon
};

struct District {
    std::string id;
    std::string name;
    std::optional<double> population;  ///< from the layer; else summed from estates
    geo::Geometry geometry;
};

struct Candidate {
    std::string id;
    std::string name;
    double land_area = 0;
    std::optional<double> capacity_households;
    geo::Point point;
};

/// Elderly outside every estate (a raster's cells, or the parts of them, that
/// no estate covers): population points offered to coverage.
struct OutsidePoint {
    std::string id;  ///< the raster cell, "r<row>c<col>"
    double elderly = 0;
    geo::Point point;  ///< the cell's centre, working CRS
};

/// Estates' residents estimated from a raster by areal weighting, or from the
/// residential floor area of OSM buildings (--population-from-buildings).
struct RasterEstimate {
    std::string raster;  ///< the file as given (the OSM file for buildings)
    std::string counts;  ///< "elderly" (--elderly-raster) or "population" (--population-raster, buildings)
    bool buildings = false;              ///< from buildings: the figures below are floor areas
    double floor_area_per_person = 0;    ///< buildings: the profile's m² per person
    std::size_t buildings_used = 0;      ///< buildings: with building:levels, inside estates
    std::size_t buildings_without_levels = 0;  ///< buildings inside estates left out
    double study_total = 0;      ///< the raster's sum over the cells overlapping the estates' extent
    double in_estates = 0;       ///< its part inside estates, by areal weighting
    double outside_estates = 0;  ///< study_total - in_estates
    std::size_t cells = 0;              ///< cells of the study area with a value > 0
    std::size_t negative_skipped = 0;   ///< negative cells left out
    std::size_t estates_estimated = 0;  ///< estates whose counts came from the raster
    double elderly_share = 0;   ///< the profile's, used to estimate the other count
    double household_size = 0;  ///< the profile's, households = population / this
    std::vector<OutsidePoint> outside;  ///< elderly outside every estate
};

/// Where a layer of the run came from and whom its licence asks to credit.
struct DataSource {
    std::string layer;   ///< estates, facilities, districts, network, elderly, population
    std::string source;  ///< the file
    std::string credit;  ///< "© OpenStreetMap contributors (ODbL 1.0)", ...; "" for the user's own data
};

/// Land to build on that --from-osm found (landuse=brownfield or greenfield).
struct VacantLand {
    std::string id;          ///< "way/N", "relation/N"
    geo::Geometry geometry;  ///< working CRS
};

struct City {
    std::vector<Estate> estates;
    std::vector<Facility> facilities;
    std::vector<District> districts;   ///< empty without --districts
    std::vector<Candidate> candidates;  ///< empty without --candidates
    geo::Crs working_crs;
    geo::Crs estates_crs;     ///< the estates' own CRS (GeoPackage/Shapefile output)
    std::string working_crs_reason;
    std::vector<std::string> warnings;
    std::size_t repaired_geometries = 0;
    std::size_t facilities_missing_area = 0;
    std::size_t facilities_skipped = 0;
    std::optional<RasterEstimate> raster;  ///< --elderly-raster / --population-raster
    std::vector<DataSource> sources;       ///< open data the run used (--from-osm, rasters)
    std::vector<VacantLand> vacant_land;   ///< --from-osm: plan --layout's parcels when no --parcels (osm_parcels)
};

struct LoadOptions {
    double elderly_share_default = 0.0;       ///< from the profile
    std::vector<std::string> facility_kinds;  ///< from the profile (empty = the five kinds)
    /// Facilities must have a kind and building area (audit); coverage runs
    /// need only their location.
    bool require_kind = true;
    /// Persons per household (the profile's), for estates without households
    /// when a raster gives their residents; nullopt: such estates are an error.
    std::optional<double> household_size;
    /// Residential floor area per person (the profile's), for --population-from-buildings.
    std::optional<double> floor_area_per_person;
};

/// Chooses the working CRS: --crs, else the estates' CRS when projected in
/// metres, else by the centre of `extent_lonlat` (WGS 84 degrees): the CGCS2000
/// 3-degree Gauss-Kruger zone when the estates are in CGCS2000 (EPSG:4490) and
/// inside China's zones, else the WGS 84 UTM zone (geo::metric_crs_for).
geo::Crs choose_working_crs(const std::string& crs_arg, const geo::Crs& estates_crs, const geo::Box& extent_lonlat,
                            std::string* reason = nullptr);

/// How to read `layer` (estates, facilities, ...) of a run: the input options
/// (encoding, assumed CRS, --strict, its --coord-offset) and the CRS to read it into.
geo::ReadOptions read_options(const InputConfig& cfg, const std::string& layer, const geo::Crs& target);

/// Reads and validates every layer named in `cfg`. Throws lc::InputError etc.
City load_city(const InputConfig& cfg, const LoadOptions& options);

/// A deep copy (geometries cloned).
City clone_city(const City& city);



/// The point a feature stands for: a Point itself, the point of a MultiPoint of
/// one point, a polygon's point-on-surface. A MultiPoint of several points is
/// an InputError at `where` ("a WHAT is one point; this MultiPoint has N").
geo::Point representative_point(const geo::Geometry& g, const InputLocation& where, const std::string& what);

}  // namespace lc::app
