// Run configuration shared by the commands: what the CLI binds, before any file
// is opened. validate() checks cross-field rules and throws lc::ArgumentError.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lc::geo {
class Crs;
}

namespace lc::app {

/// One --field argument: LAYER.ROLE=NAME, or ROLE=NAME (layer "": every layer).
struct FieldArg {
    std::string layer;
    std::string role;
    std::string name;
};
/// Splits and checks one --field argument against the layer roles
/// (pipeline/field_roles.hpp); throws lc::ArgumentError naming it.
FieldArg parse_field_arg(const std::string& arg);

/// Throws lc::ArgumentError unless iconv (which GDAL recodes shapefile
/// attributes with) knows `encoding`; the message lists the common ones.
void check_encoding(const std::string& encoding);

struct InputConfig {
    std::string estates;      ///< PATH[:LAYER]
    std::string facilities;   ///< PATH[:LAYER]
    std::string districts;    ///< optional
    std::string population;   ///< optional polygons, points or raster
    std::string network;      ///< optional OSM .osm/.osm.pbf or a line layer
    std::string candidates;   ///< optional
    std::string entrances;    ///< optional points standing for estates
    std::string from_osm;     ///< OSM file: the estates, facilities, districts and network not given
    std::string elderly_raster;     ///< residents 60+ per cell: estates' elderly by areal weighting
    std::string population_raster;  ///< residents per cell: estates' population by areal weighting
    bool population_from_buildings = false;  ///< --from-osm: residents from residential floor area
    std::string profile = "national";
    std::optional<int> year;
    std::vector<std::string> field_args;  ///< raw "ROLE=NAME" or "LAYER.ROLE=NAME"
    std::vector<std::string> set_args;    ///< raw "KEY=VALUE" profile overrides
    std::string crs;         ///< working CRS; empty = automatic
    std::string assume_crs;  ///< CRS for layers that have none
    std::string encoding;    ///< e.g. GBK for shapefiles without .cpg
    bool strict = false;     ///< invalid geometry is an error instead of a repair
    std::string missing = "zero";  ///< missing building area: zero (counted as 0 m², with a warning) | skip | error
    std::vector<std::string> coord_offset_args;  ///< raw --coord-offset "LAYER=gcj02|bd09"
    /// Parsed --coord-offset: layer (estates, facilities, districts, candidates,
    /// population) -> gcj02 | bd09, the web-map offset its lon/lat carry.
    std::map<std::string, std::string> coord_offsets;

    /// Field renames: layer ("" = every layer) -> role -> field name.
    std::map<std::string, std::map<std::string, std::string>> field_map;
    /// Parsed --set overrides, in order.
    std::vector<std::pair<std::string, std::string>> overrides;

    void validate();
    /// Residents are estimated (a raster, or --population-from-buildings): estates may lack counts.
    [[nodiscard]] bool estimates_residents() const { return !residents_raster().empty() || population_from_buildings; }
    /// Estates and facilities are given, or --from-osm makes those not given.
    [[nodiscard]] bool has_city() const { return !from_osm.empty() || (!estates.empty() && !facilities.empty()); }
    /// --elderly-raster or --population-raster, whichever is given ("" for none).
    [[nodiscard]] const std::string& residents_raster() const {
        return elderly_raster.empty() ? population_raster : elderly_raster;
    }
    /// The input field name for a role of a layer ("estates", "facilities", ...):
    /// the layer's own mapping (LAYER.ROLE=NAME), else the mapping for every layer
    /// (ROLE=NAME), else the role's name. With `has_field` (does the layer have a
    /// field of that name?), a mapping for every layer applies only to the layers
    /// that have its field: `--field id=编号` leaves a layer whose ids are in `id` alone.
    [[nodiscard]] std::string field_for(const std::string& layer, const std::string& role,
                                        const std::function<bool(const std::string&)>& has_field = {}) const;
    /// Throws lc::ArgumentError for a --field ROLE=NAME (for every layer) that
    /// field_for() looked up in the layers read so far and none of them had.
    void check_global_fields() const;

    /// Filled by field_for(): each --field ROLE=NAME's NAME, and whether a layer had it.
    mutable std::map<std::string, bool> global_field_found;
};

struct OutputConfig {
    std::string out;               ///< output folder, or a PG: connection
    bool out_given = false;        ///< --out was given (maybe as ''), set by the CLI
    std::string out_schema;        ///< with a PG: connection: the schema receiving the tables
    std::string format = "geojson";
    /// --out-crs: the CRS of the written layers; empty = GeoJSON in WGS 84 (RFC 7946),
    /// GeoPackage, Shapefile and PostGIS in the estates' CRS.
    std::string out_crs;
    bool quiet = false;
    bool json = false;
    void validate() const;
    /// --out-crs as a CRS (empty when not given); throws lc::ArgumentError naming --out-crs.
    [[nodiscard]] geo::Crs parsed_out_crs() const;
};

/// How distance is measured: straight line (circle) or walking over a network.
enum class CoverageMode { circle, network };
[[nodiscard]] std::string_view to_string(CoverageMode mode);
/// "circle" or "network"; throws lc::ArgumentError naming --mode.
[[nodiscard]] CoverageMode parse_coverage_mode(std::string_view text);

struct CoverageConfig {
    std::string mode;               ///< circle | network; empty = circle unless a network is given
    std::optional<double> radius;   ///< metres (circle) or cost units
    std::optional<double> minutes;  ///< walking minutes; default from the profile
    std::optional<double> speed;    ///< walking speed m/s; default from the profile
    double max_snap = 300.0;        ///< metres
    /// Network service areas: half-width of the band around the reached streets
    /// (metres). 100 m fills the inside of blocks up to 200 m across.
    double service_buffer = 100.0;
    std::vector<double> thresholds; ///< extra thresholds (metres) for sensitivity
    /// --no-walking-groups: skip the per-group measurements of the profile's
    /// walking.groups (each costs about one more coverage measurement).
    bool no_walking_groups = false;

    /// Every number finite and in its range (as the CLI checks them): throws
    /// lc::ArgumentError naming the option, e.g. "--radius nan: must be a finite number > 0".
    void validate() const;
};

}  // namespace lc::app
