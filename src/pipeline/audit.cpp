#include "pipeline/audit.hpp"

#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace lc::app {
namespace {

constexpr std::size_t k_none = std::numeric_limits<std::size_t>::max();
constexpr double k_eps = 1e-9;

bool is_station(const Facility& f) { return serves_community(f.kind); }

std::vector<geo::Box> estate_boxes(const City& city) {
    std::vector<geo::Box> boxes;
    boxes.reserve(city.estates.size());
    for (const auto& e : city.estates) boxes.push_back(e.geometry.bounds());
    return boxes;
}

double safe_ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

std::string source_of(const Profile& profile, const char* key) {
    return profile.has(key) ? profile.source(key) : std::string{};
}

std::string fmt0(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

}  // namespace

std::vector<std::size_t> assign_facilities(const City& city, const std::string& facilities_file) {
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < city.estates.size(); ++i) by_id.emplace(city.estates[i].id, i);
    const auto boxes = estate_boxes(city);
    const geo::BoxIndex index(boxes);
    std::vector<std::size_t> out(city.facilities.size(), k_none);
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const Facility& f = city.facilities[j];
        if (!f.estate_id.empty()) {
            auto it = by_id.find(f.estate_id);
            if (it == by_id.end()) {
                throw InputError(InputLocation{facilities_file, {}, f.id, "estate_id"},
                                 "estate_id '" + f.estate_id + "' names no estate of the estates layer");
            }
            out[j] = it->second;
            continue;
        }
        const bool polygon = f.geometry.kind() == geo::GeometryKind::polygon;
        const geo::Box query = polygon ? f.geometry.bounds() : geo::Box{f.point.x, f.point.y, f.point.x, f.point.y};
        double best_area = 0.0;
        for (auto i : index.intersecting(query)) {
            const Estate& e = city.estates[i];
            if (e.geometry.kind() != geo::GeometryKind::polygon) continue;
            if (!polygon) {
                if (e.geometry.covers(f.point)) {
                    out[j] = i;  // lowest index wins when estates overlap
                    break;
                }
                continue;
            }
            const double a = e.geometry.intersection(f.geometry).area();
            if (a > best_area + k_eps) {
                best_area = a;
                out[j] = i;
            }
        }
    }
    return out;
}

namespace {

/// Each facility's estate, or for one outside every estate the nearest estate:
/// its community, street and district are that estate's.
std::vector<std::size_t> facility_homes(const City& city, const std::vector<std::size_t>& facility_estate) {
    std::vector<geo::Point> estate_points;
    for (const auto& e : city.estates) estate_points.push_back(e.point);
    const geo::PointIndex estate_index(estate_points);
    std::vector<std::size_t> home(city.facilities.size(), k_none);
    for (std::size_t j = 0; j < home.size(); ++j) {
        home[j] = facility_estate[j];
        if (home[j] == k_none && !city.estates.empty()) home[j] = estate_index.nearest(city.facilities[j].point).index;
    }
    return home;
}

/// Estates: 20 m² per 100 households, and coverage; the city's totals.
void audit_estates(AuditResult& r, const City& city, const Standards& standards, const CoverageResult& coverage) {
    r.estates.resize(city.estates.size());
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        if (r.facility_estate[j] != k_none) r.estates[r.facility_estate[j]].facilities.push_back(j);
    }
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        EstateAudit& a = r.estates[i];
        a.required_area_m2 = e.households / 100.0 * standards.area_per_100_households_m2;
        double largest = 0.0;
        for (auto j : a.facilities) {
            a.provided_area_m2 += city.facilities[j].building_area;
            largest = std::max(largest, city.facilities[j].building_area);
        }
        a.meets_area = a.provided_area_m2 + k_eps >= a.required_area_m2;
        if (standards.min_single_site_area_m2 && e.households > 0 &&
            largest + k_eps < *standards.min_single_site_area_m2) {
            a.below_min_single_site = true;
            a.meets_area = false;
        }
        a.shortfall_m2 = std::max(0.0, a.required_area_m2 - a.provided_area_m2);
        if (i < coverage.estates.size()) a.coverage = coverage.estates[i];
        a.covered_elderly = e.elderly * a.coverage.covered_share;
        r.elderly_total += e.elderly;
        r.elderly_covered += a.covered_elderly;
        if (e.households > 0) {
            ++r.estates_with_households;
            if (a.meets_area) ++r.estates_meeting_area;
            if (e.is_new) {
                ++r.new_estates;
                if (a.meets_area) ++r.new_estates_meeting_area;
            }
        }
    }
    r.coverage_rate = safe_ratio(r.elderly_covered, r.elderly_total);
    r.area_compliance_rate = safe_ratio(static_cast<double>(r.estates_meeting_area),
                                        static_cast<double>(r.estates_with_households));
}

/// The district of each estate and facility (k_none: none).
struct DistrictOf {
    std::vector<std::size_t> estate;
    std::vector<std::size_t> facility;
};

/// Districts from the districts layer (point in polygon), else from the
/// estates' district field (facilities take their home estate's).
DistrictOf assign_districts(AuditResult& r, const City& city, const std::vector<std::size_t>& home) {
    DistrictOf of{std::vector<std::size_t>(city.estates.size(), k_none),
                  std::vector<std::size_t>(city.facilities.size(), k_none)};
    if (!city.districts.empty()) {
        std::vector<geo::Box> boxes;
        for (const auto& d : city.districts) boxes.push_back(d.geometry.bounds());
        const geo::BoxIndex didx(boxes);
        auto locate = [&](geo::Point p) {
            for (auto k : didx.intersecting({p.x, p.y, p.x, p.y})) {
                if (city.districts[k].geometry.covers(p)) return k;
            }
            return k_none;
        };
        for (const auto& d : city.districts) {
            DistrictAudit da;
            da.id = d.id;
            da.name = d.name;
            da.layer_feature = &d;
            r.districts.push_back(std::move(da));
        }
        for (std::size_t i = 0; i < of.estate.size(); ++i) of.estate[i] = locate(city.estates[i].point);
        for (std::size_t j = 0; j < of.facility.size(); ++j) of.facility[j] = locate(city.facilities[j].point);
        const auto outside = std::count(of.estate.begin(), of.estate.end(), k_none);
        if (outside > 0) r.warnings.push_back(std::to_string(outside) + " estates lie outside every district polygon");
        return of;
    }
    r.districts_from_field = true;
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < of.estate.size(); ++i) {
        const std::string& name = city.estates[i].district;
        if (name.empty()) continue;
        auto [it, added] = by_name.emplace(name, r.districts.size());
        if (added) {
            DistrictAudit da;
            da.id = name;
            da.name = name;
            r.districts.push_back(std::move(da));
        }
        of.estate[i] = it->second;
    }
    for (std::size_t j = 0; j < of.facility.size(); ++j) {
        if (home[j] != k_none) of.facility[j] = of.estate[home[j]];
    }
    r.warnings.push_back("no districts layer: districts are the estates' district field");
    return of;
}

/// Districts: per-capita land (分区分级) and public beds.
void audit_districts(AuditResult& r, const City& city, const Standards& standards, const std::vector<std::size_t>& home) {
    const DistrictOf of = assign_districts(r, city, home);
    r.estate_district = of.estate;
    for (std::size_t i = 0; i < of.estate.size(); ++i) {
        if (of.estate[i] == k_none) continue;
        DistrictAudit& d = r.districts[of.estate[i]];
        d.population += city.estates[i].population;
        d.elderly += city.estates[i].elderly;
        d.elderly_covered += r.estates[i].covered_elderly;
        ++d.estates;
    }
    for (auto& d : r.districts) {
        if (d.layer_feature && d.layer_feature->population) {
            d.population = *d.layer_feature->population;
        } else {
            d.population_from_estates = true;
        }
    }
    for (std::size_t j = 0; j < of.facility.size(); ++j) {
        if (of.facility[j] == k_none) continue;
        DistrictAudit& d = r.districts[of.facility[j]];
        const Facility& f = city.facilities[j];
        d.facility_land_m2 += f.land_area;
        if (f.kind == FacilityKind::institution) {
            d.has_institution = true;
            d.institution_beds += f.beds;
        }
    }
    for (auto& d : r.districts) {
        d.land_per_capita_m2 = safe_ratio(d.facility_land_m2, d.population);
        d.meets_land = d.population <= 0 || d.land_per_capita_m2 + k_eps >= standards.land_per_capita_min_m2;
        d.within_range = d.population <= 0 || (d.meets_land && d.land_per_capita_m2 <= standards.land_per_capita_max_m2 + k_eps);
        d.public_beds_required = d.elderly * standards.institution_public_bed_share;
        d.meets_public_beds = d.has_institution && d.institution_beds + k_eps >= d.public_beds_required;
        if (d.meets_land) ++r.districts_meeting_land;
    }
}

bool centre_complies(const Facility& f, const Standards& standards) {
    return f.building_area + k_eps >= standards.centre_min_area_m2 && f.beds + k_eps >= standards.centre_min_beds &&
           safe_ratio(f.nursing_beds, f.beds) + k_eps >= standards.centre_min_nursing_share;
}

/// Why no centre of a street complies: each centre's shortfalls.
std::string centre_shortfalls(const City& city, const GroupAudit& g, const Standards& standards) {
    std::string why;
    for (auto j : g.facilities) {
        const Facility& f = city.facilities[j];
        if (!why.empty()) why += "; ";
        why += f.id + ":";
        if (f.building_area + k_eps < standards.centre_min_area_m2) {
            why += " " + fmt0(f.building_area) + " m² < " + fmt0(standards.centre_min_area_m2) + " m²";
        }
        if (f.beds + k_eps < standards.centre_min_beds) {
            why += " " + fmt0(f.beds) + " beds < " + std::to_string(standards.centre_min_beds);
        }
        if (safe_ratio(f.nursing_beds, f.beds) + k_eps < standards.centre_min_nursing_share) {
            why += " nursing " + fmt0(100 * safe_ratio(f.nursing_beds, f.beds)) + "% < " +
                   fmt0(100 * standards.centre_min_nursing_share) + "%";
        }
    }
    return why;
}

/// A group's best facility (the largest compliant one, else the largest), and
/// whether it complies; the reason when it does not.
void judge_group(GroupAudit& g, const City& city, const Standards& standards, bool communities) {
    double best_ok = -1, best_any = -1;
    for (auto j : g.facilities) {
        const Facility& f = city.facilities[j];
        const bool ok = communities ? f.building_area + k_eps >= standards.station_min_area_m2 : centre_complies(f, standards);
        if (ok && f.building_area > best_ok) {
            best_ok = f.building_area;
            g.best_facility = f.id;
            g.best_area_m2 = f.building_area;
        }
        if (best_ok < 0 && f.building_area > best_any) {
            best_any = f.building_area;
            g.best_facility = f.id;
            g.best_area_m2 = f.building_area;
        }
    }
    g.compliant = best_ok >= 0;
    if (g.compliant) return;
    if (g.facilities.empty()) {
        g.reason = communities ? "no station" : "no centre";
    } else if (communities) {
        g.reason = "largest station " + g.best_facility + " has " + fmt0(g.best_area_m2) + " m² < " +
                   fmt0(standards.station_min_area_m2) + " m²";
    } else {
        g.reason = centre_shortfalls(city, g, standards);
    }
}

/// Hierarchy: communities (stations) or streets (centres), in the order the
/// estates name them; a facility belongs to its home estate's group.
std::vector<GroupAudit> audit_groups(const AuditResult& r, const City& city, const Standards& standards,
                                     const std::vector<std::size_t>& home, bool communities) {
    auto key_of = [communities](const Estate& e) -> const std::string& { return communities ? e.community : e.street; };
    std::map<std::string, std::size_t> index;
    std::vector<GroupAudit> groups;
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const std::string& key = key_of(city.estates[i]);
        if (key.empty()) continue;
        auto [it, added] = index.emplace(key, groups.size());
        if (added) {
            GroupAudit g;
            g.name = key;
            g.street = city.estates[i].street;
            g.district = city.estates[i].district;
            groups.push_back(std::move(g));
        }
        GroupAudit& g = groups[it->second];
        ++g.estates;
        g.households += city.estates[i].households;
        g.elderly += city.estates[i].elderly;
        g.elderly_covered += r.estates[i].covered_elderly;
    }
    for (std::size_t j = 0; j < city.facilities.size(); ++j) {
        const Facility& f = city.facilities[j];
        if (home[j] == k_none) continue;
        if (communities ? !is_station(f) : f.kind != FacilityKind::centre) continue;
        auto it = index.find(key_of(city.estates[home[j]]));
        if (it != index.end()) groups[it->second].facilities.push_back(j);
    }
    for (auto& g : groups) judge_group(g, city, standards, communities);
    return groups;
}

double compliant_share(const std::vector<GroupAudit>& groups) {
    if (groups.empty()) return 0.0;
    const auto ok = std::count_if(groups.begin(), groups.end(), [](const GroupAudit& g) { return g.compliant; });
    return static_cast<double>(ok) / static_cast<double>(groups.size());
}

/// Beds, and the city's figures against the profile's targets for the year.
void audit_targets(AuditResult& r, const City& city, const Profile& profile, const Standards& standards) {
    for (const auto& f : city.facilities) {
        r.beds += f.beds;
        r.nursing_beds += f.nursing_beds;
    }
    auto add_target = [&](std::string key, std::string label, std::optional<double> target, double value,
                          const char* source_key) {
        Target t;
        t.key = std::move(key);
        t.label = std::move(label);
        t.target = target;
        t.value = value;
        t.pass = !target || value + k_eps >= *target;
        t.source = source_of(profile, source_key);
        t.source_zh = profile.has(source_key) ? profile.source_zh(source_key) : std::string{};
        r.targets.push_back(std::move(t));
    };
    double land = 0, population = 0;
    for (const auto& d : r.districts) {
        land += d.facility_land_m2;
        population += d.population;
    }
    add_target("coverage_15min", "elderly within the 15-minute walk", standards.coverage_target, r.coverage_rate,
               "coverage.target_15min");
    add_target("estates_meeting_area", "estates meeting the area per 100 households", 1.0, r.area_compliance_rate,
               "estate.area_per_100_households_m2");
    // No new estate (often: no is_new field): nothing to measure, so no target
    // rather than "0 % of 0" reported as a failure.
    add_target("new_estate_compliance",
               r.new_estates > 0 ? "new estates meeting the area per 100 households"
                                 : "new estates meeting the area per 100 households (no new estates)",
               r.new_estates > 0 ? standards.new_estate_compliance : std::nullopt,
               safe_ratio(static_cast<double>(r.new_estates_meeting_area), static_cast<double>(r.new_estates)),
               "estate.new_estate_compliance");
    add_target("land_per_capita_m2", "elderly-service land per resident (m²)", standards.land_per_capita_min_m2,
               safe_ratio(land, population), "land.per_capita_min_m2");
    add_target("beds_per_1000_elderly", "beds per 1000 elderly", standards.beds_per_1000_elderly,
               1000.0 * safe_ratio(r.beds, r.elderly_total), "beds.per_1000_elderly");
    add_target("nursing_bed_share", "nursing-bed share", standards.nursing_bed_share, safe_ratio(r.nursing_beds, r.beds),
               "beds.nursing_share");
    add_target("community_station_coverage", "communities with a compliant station", standards.community_station_coverage,
               compliant_share(r.communities), "coverage.community_station");
    add_target("street_centre_coverage", "streets with a compliant centre", standards.street_centre_coverage,
               compliant_share(r.streets), "coverage.street_centre");
    const auto districts_ok = std::count_if(r.districts.begin(), r.districts.end(),
                                            [](const DistrictAudit& d) { return d.meets_public_beds; });
    add_target("district_institution", "districts with an institution holding enough public beds", 1.0,
               r.districts.empty() ? 0.0 : static_cast<double>(districts_ok) / static_cast<double>(r.districts.size()),
               "facility.institution.public_bed_share");
}

}  // namespace

AuditResult audit(const City& city, const Profile& profile, const Standards& standards, CoverageResult coverage,
                  const std::string& facilities_file) {
    AuditResult r;
    r.standards = standards;
    r.facility_estate = assign_facilities(city, facilities_file);
    const std::vector<std::size_t> home = facility_homes(city, r.facility_estate);
    audit_estates(r, city, standards, coverage);
    audit_districts(r, city, standards, home);
    r.communities = audit_groups(r, city, standards, home, true);
    r.streets = audit_groups(r, city, standards, home, false);
    audit_targets(r, city, profile, standards);
    std::vector<AccessDistrict> districts;
    for (const auto& d : r.districts) districts.push_back({d.id, d.name});
    r.access = measure_access(city, coverage, districts, r.estate_district);
    r.coverage = std::move(coverage);
    return r;
}

}  // namespace lc::app
