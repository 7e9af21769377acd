// Inputs of the layout plan: --phases, the parcels layer and the projection table.
#include "pipeline/layout.hpp"

#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"
#include "pipeline/number_arg.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace lc::app {

void LayoutConfig::validate() const {
    for (std::size_t i = 1; i < phases.size(); ++i) {
        if (phases[i] <= phases[i - 1]) {
            throw ArgumentError("--phases: years must be strictly increasing (" + std::to_string(phases[i - 1]) +
                                " then " + std::to_string(phases[i]) + ")");
        }
    }
    if (elderly_growth && !projection.empty()) {
        throw ArgumentError("--elderly-growth and --projection: give one of them, not both");
    }
    if (elderly_growth && (!std::isfinite(*elderly_growth) || *elderly_growth <= -1.0 || *elderly_growth > 1.0)) {
        throw ArgumentError("--elderly-growth: expected a yearly rate above -1 and at most 1 (e.g. 0.03 for 3 %)");
    }
    const auto& a = assumptions;
    if (!(a.station_plot_ratio > 0) || !(a.centre_plot_ratio > 0) || !(a.institution_land_per_bed_m2 > 0) ||
        !(a.institution_floor_per_bed_m2 > 0)) {
        throw ArgumentError("layout: plot ratios and per-bed figures must be positive");
    }
}

std::vector<int> parse_phases(const std::string& text) {
    std::vector<int> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        part.erase(0, part.find_first_not_of(" \t"));
        part.erase(part.find_last_not_of(" \t") + 1);
        out.push_back(static_cast<int>(parse_number_arg("--phases", part, NumberRange::whole_between(1900, 2100))));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (out.empty()) throw ArgumentError("--phases: no year given");
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i] <= out[i - 1]) {
            throw ArgumentError("--phases: years must be strictly increasing ('" + text + "': " +
                                std::to_string(out[i - 1]) + " then " + std::to_string(out[i]) + ")");
        }
    }
    return out;
}

namespace {

std::string canonical_land_use(const std::string& raw) {
    std::string t = raw;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "vacant" || raw == "空地" || raw == "空闲地") return "vacant";
    if (t == "convertible" || raw == "可改造" || raw == "存量改造") return "convertible";
    if (t == "public_service" || t == "public" || raw == "公共服务" || raw == "公共服务设施用地") return "public_service";
    return t;
}

}  // namespace

std::vector<Parcel> load_parcels(const std::string& source, const InputConfig& input, const City& city) {
    geo::ReadOptions ro;
    ro.encoding = input.encoding;
    ro.assume_crs = input.assume_crs;
    ro.strict = input.strict;
    ro.target = city.working_crs;
    return load_parcels(geo::read_layer(geo::parse_source(source), ro), input, city);
}

std::vector<Parcel> load_parcels(const geo::VectorLayer& layer, const InputConfig& input, const City& city) {
    auto require = [&](const char* role) {
        const std::string name =
            input.field_for("parcels", role, [&layer](const std::string& n) { return layer.field_index(n).has_value(); });
        if (auto idx = layer.field_index(name)) return *idx;
        throw InputError(InputLocation{layer.file, layer.layer, {}, name},
                         std::string("missing required field for parcels ") + role + " (the layer has: " +
                             layer.field_list() + "; map another field with --field parcels." + role + "=NAME)");
    };
    const std::size_t f_id = require("id");
    const std::size_t f_area = require("area");
    const std::size_t f_use = require("land_use");

    std::vector<Parcel> out;
    std::set<std::string> seen;
    for (const auto& f : layer.features) {
        Parcel p;
        p.id = geo::to_id(f.values[f_id]);
        const std::string label = p.id.empty() ? "FID " + std::to_string(f.fid) : p.id;
        auto where = [&](std::size_t idx) { return InputLocation{layer.file, layer.layer, label, layer.fields[idx].name}; };
        if (p.id.empty()) throw InputError(where(f_id), "the parcel has no id");
        if (!seen.insert(p.id).second) throw InputError(where(f_id), "duplicate parcel id (ids must be unique)");
        bool bad = false;
        const auto area = geo::to_number(f.values[f_area], &bad);
        if (bad) throw InputError(where(f_area), "'" + geo::to_text(f.values[f_area]) + "' is not a number");
        if (!area) throw InputError(where(f_area), "the parcel has no area (null)");
        if (!(*area > 0)) throw InputError(where(f_area), "area " + geo::to_text(f.values[f_area]) + " is not positive");
        p.area_m2 = *area;
        p.land_use_raw = geo::to_text(f.values[f_use]);
        if (p.land_use_raw.empty()) throw InputError(where(f_use), "the parcel has no land use (null or empty)");
        p.land_use = canonical_land_use(p.land_use_raw);
        p.eligible = p.land_use == "vacant" || p.land_use == "convertible" || p.land_use == "public_service";
        if (f.geometry.is_null() || f.geometry.kind() != geo::GeometryKind::polygon) {
            throw InputError(InputLocation{layer.file, layer.layer, label, {}},
                             "the parcel is not a polygon (" + (f.geometry.is_null() ? std::string("no geometry")
                                                                                     : f.geometry.type_name()) + ")");
        }
        p.geometry = f.geometry.clone();
        p.point = p.geometry.point_on_surface();
        out.push_back(std::move(p));
    }

    // Overlaps: with estates, then with each other (a shared edge is fine).
    constexpr double k_overlap_m2 = 1.0;
    std::vector<geo::Box> estate_boxes;
    for (const auto& e : city.estates) estate_boxes.push_back(e.geometry.bounds());
    const geo::BoxIndex estate_index(estate_boxes);
    std::vector<geo::Box> parcel_boxes;
    parcel_boxes.reserve(out.size());
    for (const auto& p : out) parcel_boxes.push_back(p.geometry.bounds());
    const geo::BoxIndex parcel_index(parcel_boxes);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const Parcel& p = out[i];
        for (auto k : estate_index.intersecting(parcel_boxes[i])) {
            const Estate& e = city.estates[k];
            if (e.geometry.kind() != geo::GeometryKind::polygon) continue;
            const double a = p.geometry.intersection(e.geometry).area();
            if (a > k_overlap_m2) {
                throw InputError(InputLocation{layer.file, layer.layer, p.id, {}},
                                 "the parcel overlaps estate " + e.id + " by " + std::to_string(std::lround(a)) +
                                     " m² (parcels must be land outside the estates)");
            }
        }
        for (auto k : parcel_index.intersecting(parcel_boxes[i])) {
            if (k <= i) continue;
            const double a = p.geometry.intersection(out[k].geometry).area();
            if (a > k_overlap_m2) {
                throw InputError(InputLocation{layer.file, layer.layer, p.id, {}},
                                 "the parcel overlaps parcel " + out[k].id + " by " + std::to_string(std::lround(a)) +
                                     " m² (parcels must not overlap)");
            }
        }
    }
    return out;
}

}  // namespace lc::app
