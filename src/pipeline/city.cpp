#include "pipeline/city.hpp"

#include "lc/error.hpp"
#include "lc/geo/raster.hpp"
#include "pipeline/open_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace lc::app {
namespace {

using geo::Feature;
using geo::VectorLayer;

/// True when a field name is not clean UTF-8 text: bytes that are not UTF-8 (GBK
/// read raw), U+FFFD, or Latin-1 letters U+0080..U+00FF (GBK or UTF-8 bytes read
/// as Latin-1): what a shapefile's names become without .cpg or --encoding.
bool looks_mis_decoded(std::string_view name) {
    for (std::size_t i = 0; i < name.size();) {
        const auto lead = static_cast<unsigned char>(name[i]);
        const std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > name.size()) return true;
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(name[i + k]) & 0xC0) != 0x80) return true;
        }
        if (lead == 0xC2 || lead == 0xC3) return true;               // U+0080..U+00FF
        if (name.compare(i, 3, "\xEF\xBF\xBD") == 0) return true;  // U+FFFD
        i += len;
    }
    return false;
}

bool any_mis_decoded(const VectorLayer& layer) {
    return std::any_of(layer.fields.begin(), layer.fields.end(), [](const auto& f) { return looks_mis_decoded(f.name); });
}

/// Reads mapped fields of one layer with messages that name file, layer, feature and field.
class FieldReader {
public:
    FieldReader(const VectorLayer& layer, const InputConfig& cfg, std::string role_layer)
        : m_layer(layer), m_cfg(cfg), m_role_layer(std::move(role_layer)) {
        m_id = find("id");
    }

    [[nodiscard]] std::optional<std::size_t> find(const std::string& role) const {
        return m_layer.field_index(name_of(role));
    }

    /// The field read for `role` (a --field ROLE=NAME for every layer only where this layer has NAME).
    [[nodiscard]] std::string name_of(const std::string& role) const {
        return m_cfg.field_for(m_role_layer, role, [this](const std::string& n) { return m_layer.field_index(n).has_value(); });
    }

    std::size_t require(const std::string& role) const {  // throws when absent
        const std::string name = name_of(role);
        if (auto idx = m_layer.field_index(name)) return *idx;
        std::string hint = "the layer has: " + m_layer.field_list();
        if (name == role) hint += "; map another field with --field " + m_role_layer + "." + role + "=NAME";
        if (any_mis_decoded(m_layer)) {
            hint += "; some field names look mis-decoded (not UTF-8 text): a shapefile without .cpg needs its "
                    "encoding, e.g. --encoding GBK";
        }
        throw InputError(InputLocation{m_layer.file, m_layer.layer, {}, name},
                         "missing required field for " + m_role_layer + " " + role + " (" + hint + ")");
    }

    [[nodiscard]] std::string label(const Feature& f) const {
        if (m_id) {
            std::string id = geo::to_id(f.values[*m_id]);
            if (!id.empty()) return id;
        }
        return "FID " + std::to_string(f.fid);
    }

    [[nodiscard]] InputLocation where(const Feature& f, std::optional<std::size_t> field) const {
        return InputLocation{m_layer.file, m_layer.layer, label(f), field ? m_layer.fields[*field].name : ""};
    }

    /// The feature's id in field `idx` (trimmed): required, and unique in the
    /// layer; `what` names the kind of feature in messages ("estate").
    std::string unique_id(const Feature& f, std::size_t idx, const char* what) {
        std::string id = geo::to_id(f.values[idx]);
        if (id.empty()) throw InputError(where(f, idx), std::string("the ") + what + " has no id");
        claim(id, what);
        return id;
    }

    /// Records `id` as used in the layer; a second use is an error.
    void claim(const std::string& id, const char* what) {
        if (!m_seen.insert(id).second) {
            throw InputError(InputLocation{m_layer.file, m_layer.layer, id, "id"},
                             std::string("duplicate ") + what + " id (ids must be unique)");
        }
    }

    [[nodiscard]] std::string text(const Feature& f, std::optional<std::size_t> idx) const {
        return idx ? geo::to_text(f.values[*idx]) : std::string{};
    }

    /// A non-negative count; nullopt when null/blank. Errors: non-numeric,
    /// negative, fractional where whole numbers are expected, implausibly large.
    [[nodiscard]] std::optional<double> count(const Feature& f, std::optional<std::size_t> idx, bool whole,
                                              double max) const {
        if (!idx) return std::nullopt;
        bool bad = false;
        auto v = geo::to_number(f.values[*idx], &bad);
        if (bad) {
            throw InputError(where(f, idx), "'" + geo::to_text(f.values[*idx]) + "' is not a number");
        }
        if (!v) return std::nullopt;
        if (*v < 0) throw InputError(where(f, idx), "value " + geo::to_text(f.values[*idx]) + " is negative");
        if (whole && std::abs(*v - std::round(*v)) > 1e-6) {
            throw InputError(where(f, idx), "value " + geo::to_text(f.values[*idx]) + " is not a whole number");
        }
        if (*v > max) {
            throw InputError(where(f, idx), "value " + geo::to_text(f.values[*idx]) + " is implausibly large (over " +
                                                geo::to_text(geo::Value{max}) + ")");
        }
        return v;
    }

private:
    const VectorLayer& m_layer;
    const InputConfig& m_cfg;
    std::string m_role_layer;
    std::optional<std::size_t> m_id;
    std::set<std::string> m_seen;  ///< ids claimed so far
};


void take_warnings(City& city, VectorLayer& layer) {
    city.repaired_geometries += layer.repaired;
    for (auto& w : layer.warnings) city.warnings.push_back(std::move(w));
}

bool parse_flag(const std::string& text, const InputLocation& where) {
    static const std::set<std::string> yes{"1", "true", "yes", "y", "t", "是", "新建", "new"};
    static const std::set<std::string> no{"", "0", "false", "no", "n", "f", "否", "existing"};
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "1.0") return true;
    if (t == "0.0") return false;
    if (yes.count(t)) return true;
    if (no.count(t)) return false;
    throw InputError(where, "'" + text + "' is not a 0/1 flag");
}

/// Estates from `layer` (in the working CRS). With a residents raster, counts
/// the layer lacks are left for estimate_from_raster() (marked estimated).
void load_estates(City& city, VectorLayer layer, const InputConfig& cfg, const LoadOptions& options) {
    take_warnings(city, layer);
    FieldReader r(layer, cfg, "estates");
    const bool raster = cfg.estimates_residents();
    const auto f_id = r.require("id");
    const auto f_households = raster ? r.find("households") : std::optional(r.require("households"));
    const auto f_population = r.find("population");
    const auto f_elderly = r.find("elderly");
    if (!f_population && !f_elderly && !raster) {
        throw InputError(InputLocation{layer.file, layer.layer, {}, r.name_of("elderly")},
                         "missing field: estates need elderly or population (the layer has: " + layer.field_list() +
                             "; map them with --field estates.elderly=NAME or --field estates.population=NAME)");
    }
    const auto f_name = r.find("name");
    const auto f_community = r.find("community");
    const auto f_street = r.find("street");
    const auto f_district = r.find("district");
    const auto f_new = r.find("is_new");
    for (auto& f : layer.features) {
        Estate e;
        e.id = r.unique_id(f, f_id, "estate");
        const auto households = r.count(f, f_households, true, 1e6);
        if (!households && !raster) throw InputError(r.where(f, f_households), "households is empty (null)");
        e.households = households.value_or(0.0);
        e.households_estimated = !households;
        const auto population = r.count(f, f_population, true, 1e7);
        e.population = population.value_or(0.0);
        if (auto elderly = r.count(f, f_elderly, true, 1e7)) {
            e.elderly = *elderly;
        } else if (!population && raster) {
            e.elderly_estimated = e.population_estimated = true;  // estimate_from_raster() fills them
        } else {
            if (!population) {
                throw InputError(r.where(f, f_elderly ? f_elderly : f_population),
                                 "neither elderly nor population is given for this estate");
            }
            e.elderly = std::round(e.population * options.elderly_share_default);
            e.elderly_estimated = true;
        }
        if (f_population && e.population > 0 && e.elderly > e.population) {
            throw InputError(r.where(f, f_elderly), "elderly (" + geo::to_text(geo::Value{e.elderly}) +
                                                        ") exceeds population (" +
                                                        geo::to_text(geo::Value{e.population}) + ")");
        }
        e.name = r.text(f, f_name);
        e.community = r.text(f, f_community);
        e.street = r.text(f, f_street);
        e.district = r.text(f, f_district);
        e.is_new = f_new ? parse_flag(r.text(f, f_new), r.where(f, f_new)) : false;
        const auto kind = f.geometry.kind();
        if (kind != geo::GeometryKind::polygon && kind != geo::GeometryKind::point) {
            throw InputError(r.where(f, std::nullopt),
                             "estates must be polygons or points, got " + f.geometry.type_name());
        }
        e.area_m2 = kind == geo::GeometryKind::polygon ? f.geometry.area() : 0.0;
        if (kind == geo::GeometryKind::polygon && e.area_m2 <= 0.0) {
            throw InputError(r.where(f, std::nullopt), "the estate polygon has zero area");
        }
        e.point = representative_point(f.geometry, r.where(f, std::nullopt), "point estate");
        e.geometry = std::move(f.geometry);
        city.estates.push_back(std::move(e));
    }
    const std::size_t estimated = static_cast<std::size_t>(std::count_if(
        city.estates.begin(), city.estates.end(), [](const Estate& e) { return e.elderly_estimated && !e.population_estimated; }));
    if (estimated > 0) {
        city.warnings.push_back(layer.file + ": " + std::to_string(estimated) +
                                " estates have no elderly count; estimated as population x " +
                                geo::to_text(geo::Value{options.elderly_share_default}) + " (the profile's share)");
    }
}

void load_facilities(City& city, VectorLayer layer, const InputConfig& cfg, const LoadOptions& options) {
    take_warnings(city, layer);
    FieldReader r(layer, cfg, "facilities");
    const auto f_id = r.require("id");
    // Coverage needs only where facilities are; the audit needs their kind.
    const std::optional<std::size_t> f_kind = options.require_kind ? std::optional(r.require("kind")) : r.find("kind");
    const auto f_area = r.find("building_area");
    if (!f_area && cfg.missing == "error" && options.require_kind) r.require("building_area");
    const auto f_land = r.find("land_area");
    const auto f_beds = r.find("beds");
    const auto f_nursing = r.find("nursing_beds");
    const auto f_estate = r.find("estate_id");
    const auto f_name = r.find("name");
    std::vector<std::string> allowed = options.facility_kinds;
    if (allowed.empty()) allowed = canonical_facility_kinds();
    std::vector<std::string> missing_ids;
    std::set<std::string> estate_ids;  // checked here, where the layer is known, for a full message
    for (const auto& e : city.estates) estate_ids.insert(e.id);
    for (auto& f : layer.features) {
        Facility fac;
        fac.id = r.unique_id(f, f_id, "facility");
        const std::string raw_kind = f_kind ? geo::to_text(f.values[*f_kind]) : std::string{};
        const std::optional<FacilityKind> parsed = parse_facility_kind(raw_kind);
        fac.kind = parsed.value_or(FacilityKind::none);
        if ((f_kind || !raw_kind.empty()) &&
            (!parsed || std::find(allowed.begin(), allowed.end(), to_string(*parsed)) == allowed.end())) {
            std::string list;
            for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
            throw InputError(r.where(f, f_kind), "unknown facility kind '" + raw_kind + "' (the profile knows: " + list + ")");
        }
        const auto area = r.count(f, f_area, false, 1e6);
        if (!area && options.require_kind) {
            if (cfg.missing == "error") {
                throw InputError(r.where(f, f_area),
                                 "building area is missing (use --missing zero to count it as 0 m², "
                                 "or --missing skip to leave the facility out)");
            }
            fac.building_area_missing = true;
            missing_ids.push_back(fac.id);
            if (cfg.missing == "skip") {
                ++city.facilities_skipped;
                continue;
            }
        }
        fac.building_area = area.value_or(0.0);
        fac.beds = r.count(f, f_beds, true, 1e5).value_or(0.0);
        fac.nursing_beds = r.count(f, f_nursing, true, 1e5).value_or(0.0);
        if (fac.nursing_beds > fac.beds) {
            throw InputError(r.where(f, f_nursing), "nursing beds (" + geo::to_text(geo::Value{fac.nursing_beds}) +
                                                        ") exceed beds (" + geo::to_text(geo::Value{fac.beds}) + ")");
        }
        fac.estate_id = r.text(f, f_estate);
        if (!fac.estate_id.empty() && !city.estates.empty() && !estate_ids.count(fac.estate_id)) {
            throw InputError(r.where(f, f_estate),
                             "estate_id '" + fac.estate_id + "' names no estate of the estates layer");
        }
        fac.name = r.text(f, f_name);
        const auto kind = f.geometry.kind();
        if (kind != geo::GeometryKind::polygon && kind != geo::GeometryKind::point) {
            throw InputError(r.where(f, std::nullopt),
                             "facilities must be points or polygons, got " + f.geometry.type_name());
        }
        const auto land = r.count(f, f_land, false, 1e7);
        fac.land_area = land ? *land : (kind == geo::GeometryKind::polygon ? f.geometry.area() : 0.0);
        fac.point = representative_point(f.geometry, r.where(f, std::nullopt), "facility");
        fac.geometry = std::move(f.geometry);
        city.facilities.push_back(std::move(fac));
    }
    city.facilities_missing_area = missing_ids.size();
    if (!missing_ids.empty()) {
        std::string list;
        for (const auto& id : missing_ids) list += (list.empty() ? "" : ", ") + id;
        city.warnings.push_back(layer.file + ": " + std::to_string(missing_ids.size()) +
                                " facilities have no building area and were " +
                                (cfg.missing == "skip" ? "skipped" : "counted as 0 m²") + ": " + list);
    }
}

void load_districts(City& city, VectorLayer layer, const InputConfig& cfg) {
    take_warnings(city, layer);
    FieldReader r(layer, cfg, "districts");
    const auto f_id = r.find("id");
    const auto f_name = r.find("name");
    if (!f_id && !f_name) r.require("id");
    const auto f_pop = r.find("population");
    for (auto& f : layer.features) {
        District d;
        d.id = f_id ? geo::to_id(f.values[*f_id]) : std::string{};
        d.name = r.text(f, f_name);
        if (d.id.empty()) d.id = d.name;
        if (d.name.empty()) d.name = d.id;
        if (d.id.empty()) throw InputError(r.where(f, f_id), "the district has neither id nor name");
        r.claim(d.id, "district");
        d.population = r.count(f, f_pop, true, 1e8);
        if (f.geometry.kind() != geo::GeometryKind::polygon) {
            throw InputError(r.where(f, std::nullopt),
                             "districts must be polygons, got " + f.geometry.type_name());
        }
        d.geometry = std::move(f.geometry);
        city.districts.push_back(std::move(d));
    }
}

void load_candidates(City& city, const InputConfig& cfg) {
    VectorLayer layer = geo::read_layer(geo::parse_source(cfg.candidates), read_options(cfg, "candidates", city.working_crs));
    take_warnings(city, layer);
    FieldReader r(layer, cfg, "candidates");
    const auto f_id = r.require("id");
    const auto f_name = r.find("name");
    const auto f_land = r.find("land_area");
    const auto f_cap = r.find("capacity_households");
    for (auto& f : layer.features) {
        Candidate c;
        c.id = r.unique_id(f, f_id, "candidate");
        c.name = r.text(f, f_name);
        c.land_area = r.count(f, f_land, false, 1e7).value_or(
            f.geometry.kind() == geo::GeometryKind::polygon ? f.geometry.area() : 0.0);
        c.capacity_households = r.count(f, f_cap, false, 1e7);
        c.point = representative_point(f.geometry, r.where(f, std::nullopt), "candidate site");
        city.candidates.push_back(std::move(c));
    }
}

}  // namespace

geo::ReadOptions read_options(const InputConfig& cfg, const std::string& layer, const geo::Crs& target) {
    geo::ReadOptions o;
    o.encoding = cfg.encoding;
    o.assume_crs = cfg.assume_crs;
    o.strict = cfg.strict;
    o.target = target;
    if (auto it = cfg.coord_offsets.find(layer); it != cfg.coord_offsets.end()) {
        o.offset = geo::parse_coord_offset(it->second).value_or(geo::CoordOffset::none);
    }
    return o;
}

City clone_city(const City& city) {
    City c;
    for (const auto& e : city.estates) {
        Estate x = {e.id,          e.name,   e.households, e.population, e.elderly,
                    e.elderly_estimated, e.population_estimated, e.households_estimated, e.community,
                    e.street,      e.district, e.is_new,   e.geometry.clone(), e.point, e.area_m2};
        c.estates.push_back(std::move(x));
    }
    for (const auto& f : city.facilities) {
        Facility x = {f.id,        f.name,   f.kind,         f.building_area, f.building_area_missing,
                      f.building_area_estimated, f.land_area, f.beds, f.nursing_beds, f.estate_id,
                      f.geometry.clone(), f.point};
        c.facilities.push_back(std::move(x));
    }
    for (const auto& d : city.districts) c.districts.push_back({d.id, d.name, d.population, d.geometry.clone()});
    c.candidates = city.candidates;
    c.working_crs = city.working_crs;
    c.estates_crs = city.estates_crs;
    c.working_crs_reason = city.working_crs_reason;
    c.warnings = city.warnings;
    c.repaired_geometries = city.repaired_geometries;
    c.facilities_missing_area = city.facilities_missing_area;
    c.facilities_skipped = city.facilities_skipped;
    c.raster = city.raster;
    c.sources = city.sources;
    for (const auto& v : city.vacant_land) c.vacant_land.push_back({v.id, v.geometry.clone()});
    return c;
}

geo::Point representative_point(const geo::Geometry& g, const InputLocation& where, const std::string& what) {
    if (g.kind() != geo::GeometryKind::point) return g.point_on_surface();
    if (const std::size_t n = g.part_count(); n > 1) {
        throw InputError(where, "a " + what + " is one point; this " + g.type_name() + " has " + std::to_string(n) +
                                    " (split it into features with their own ids)");
    }
    return g.type_name() == "Point" ? g.as_point() : g.point_on_surface();
}

geo::Crs choose_working_crs(const std::string& crs_arg, const geo::Crs& estates_crs, const geo::Box& extent_lonlat,
                            std::string* reason) {
    if (!crs_arg.empty()) {
        geo::Crs crs;
        try {
            crs = geo::Crs::from_user_input(crs_arg);
        } catch (const CrsError&) {
            throw ArgumentError("--crs: cannot understand '" + crs_arg + "' (use e.g. EPSG:4544 or a WKT string)");
        }
        if (!crs.is_projected_metric()) {
            throw ArgumentError("--crs: " + crs.label() + " is not a projected CRS in metres");
        }
        if (reason) *reason = "--crs";
        return crs;
    }
    if (estates_crs.is_projected_metric()) {
        if (reason) *reason = "the estates' CRS";
        return estates_crs;
    }
    // Geographic (or no) CRS: the CGCS2000 Gauss-Kruger zone of CGCS2000 data, else UTM.
    const geo::Point c = extent_lonlat.centre();
    geo::CrsChoice choice = geo::metric_crs_for(estates_crs, c.x, c.y);
    if (reason) *reason = std::move(choice.reason);
    return choice.crs;
}

City load_city(const InputConfig& cfg, const LoadOptions& options) {
    City city;
    std::optional<OsmLayers> osm;
    if (!cfg.from_osm.empty()) osm = read_osm_layers(cfg.from_osm, cfg.population_from_buildings);
    const auto read = [&](const std::string& source, const std::string& layer) {
        return geo::read_layer(geo::parse_source(source), read_options(cfg, layer, city.working_crs));
    };
    if (cfg.estates.empty() && osm) {
        city.estates_crs = geo::Crs::wgs84();
        city.working_crs = choose_working_crs(cfg.crs, city.estates_crs, osm->extent_lonlat, &city.working_crs_reason);
    } else {
        const std::string& anchor = !cfg.estates.empty() ? cfg.estates : cfg.population;
        if (anchor.empty()) throw ArgumentError("--estates is required (or --population for population-only runs)");
        // Population-only runs may be anchored on a raster grid (not a vector source).
        const geo::Source anchor_src = geo::parse_source(anchor);
        const bool raster_anchor = cfg.estates.empty() && anchor_src.path.rfind("PG:", 0) != 0 &&
                                   anchor_src.layer.empty() && geo::is_raster(anchor_src.path);
        const geo::LayerInfo info =
            raster_anchor ? geo::probe_raster(anchor_src.path, cfg.assume_crs)
                          : geo::probe_layer(anchor_src, read_options(cfg, cfg.estates.empty() ? "population" : "estates", {}));
        city.estates_crs = info.crs;
        city.working_crs = choose_working_crs(cfg.crs, info.crs, info.extent_lonlat, &city.working_crs_reason);
    }
    if (osm) reproject_layers(*osm, city.working_crs);
    if (!cfg.estates.empty()) load_estates(city, read(cfg.estates, "estates"), cfg, options);
    else if (osm) load_estates(city, std::move(osm->estates), cfg, options);
    if (!cfg.facilities.empty()) load_facilities(city, read(cfg.facilities, "facilities"), cfg, options);
    else if (osm) load_facilities(city, std::move(osm->facilities), cfg, options);
    if (!cfg.districts.empty()) load_districts(city, read(cfg.districts, "districts"), cfg);
    else if (osm && !osm->districts.features.empty()) load_districts(city, std::move(osm->districts), cfg);
    if (!cfg.candidates.empty()) load_candidates(city, cfg);
    if (osm) note_osm_sources(city, cfg, *osm);
    if (!cfg.residents_raster().empty()) estimate_from_raster(city, cfg, options);
    if (cfg.population_from_buildings) estimate_from_buildings(city, cfg, options, osm->buildings);
    return city;
}

}  // namespace lc::app
