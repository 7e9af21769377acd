// The checks of STANDARDS.md on a loaded city: 20 m² per 100 households by
// estate, per-capita land by district, 15-minute coverage, the hierarchy
// (one station per community, one centre per street, one institution per
// district) and the bed figures, each against the profile for the year.
#pragma once

#include "pipeline/accessibility.hpp"
#include "pipeline/city.hpp"
#include "pipeline/coverage.hpp"
#include "pipeline/walking_groups.hpp"
#include "standards/profile.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lc::app {

struct EstateAudit {
    double required_area_m2 = 0;
    double provided_area_m2 = 0;
    bool meets_area = false;
    double shortfall_m2 = 0;
    std::vector<std::size_t> facilities;  ///< indices into City::facilities counted for the estate
    DemandCoverage coverage;
    double covered_elderly = 0;
    /// The profile's minimum single site area, when it has one and the estate's
    /// largest facility is below it.
    bool below_min_single_site = false;
};

struct DistrictAudit {
    std::string id;
    std::string name;
    double population = 0;
    bool population_from_estates = false;
    double facility_land_m2 = 0;
    double land_per_capita_m2 = 0;
    bool meets_land = false;
    bool within_range = false;
    double elderly = 0;
    double elderly_covered = 0;
    double institution_beds = 0;
    double public_beds_required = 0;
    bool has_institution = false;
    bool meets_public_beds = false;
    std::size_t estates = 0;
    const District* layer_feature = nullptr;  ///< the districts layer's feature, when given
};

struct GroupAudit {  ///< a community or a street
    std::string name;
    std::string street;    ///< communities: their street
    std::string district;
    std::size_t estates = 0;
    double households = 0;
    double elderly = 0;
    double elderly_covered = 0;
    std::vector<std::size_t> facilities;  ///< stations (communities) or centres (streets)
    std::string best_facility;            ///< the largest compliant one, else the largest
    double best_area_m2 = 0;
    bool compliant = false;
    std::string reason;  ///< why not compliant, in plain words
};

struct Target {
    std::string key;      ///< e.g. "beds_per_1000_elderly"
    std::string label;    ///< human label
    std::optional<double> target;
    double value = 0;
    bool pass = false;
    std::string source;   ///< the profile's source of the target
    std::string source_zh;  ///< the same in Chinese (the profile's source_zh, else source)
};

struct AuditResult {
    Standards standards;
    std::vector<EstateAudit> estates;     ///< one per City::estates
    std::vector<DistrictAudit> districts;
    bool districts_from_field = false;    ///< no districts layer: grouped by the estates' field
    std::vector<GroupAudit> communities;
    std::vector<GroupAudit> streets;
    std::vector<Target> targets;
    CoverageResult coverage;
    double elderly_total = 0;
    double elderly_covered = 0;
    double coverage_rate = 0;
    std::size_t estates_with_households = 0;
    std::size_t estates_meeting_area = 0;
    double area_compliance_rate = 0;
    std::size_t new_estates = 0;
    std::size_t new_estates_meeting_area = 0;
    std::size_t districts_meeting_land = 0;
    double beds = 0;
    double nursing_beds = 0;
    std::vector<std::size_t> facility_estate;  ///< per facility: estate index or SIZE_MAX
    std::vector<std::size_t> estate_district;  ///< per estate: index into districts or SIZE_MAX
    AccessResult access;  ///< accessibility and equity on the coverage's distances (accessibility.hpp)
    /// Coverage and accessibility per walking group (walking_groups.hpp; empty when the profile has none),
    /// filled by the runs that know the coverage options (run_audit, reaudit_with_sites).
    std::vector<GroupCoverage> walking_groups;
    double walking_minutes = 0;  ///< the minutes the groups walk
    std::vector<std::string> warnings;
};

/// Which estate each facility belongs to: its estate_id, else the estate that
/// contains its point (points) or most of its polygon. SIZE_MAX when none.
/// Throws lc::InputError for an estate_id that names no estate.
std::vector<std::size_t> assign_facilities(const City& city, const std::string& facilities_file);

/// Runs every check. `coverage` is the run's coverage (circle or network).
AuditResult audit(const City& city, const Profile& profile, const Standards& standards, CoverageResult coverage,
                  const std::string& facilities_file);

}  // namespace lc::app
