// Standards profiles: the figures of STANDARDS.md for one place, read from
// datasets/profiles/<name>.toml, with inheritance, year-dependent values and
// command-line overrides (--set KEY=VALUE). No figure is a constant in code;
// the code only knows the key names (schema()) and how to resolve them.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc::app {

/// One walking group of the elderly (profile `[[walking.groups]]`, docs/walking_groups.md):
/// a planning assumption of how fast part of the elderly walk, with its source.
struct WalkingGroup {
    std::string id;       ///< e.g. "healthy" (letters, digits, '_' and '-')
    std::string name_zh;  ///< e.g. "健康"
    std::string name_en;  ///< e.g. "healthy"
    double speed_mps = 0;  ///< > 0
    double share = 0;      ///< of the elderly, 0..1; the groups' shares sum to 1
    std::string source;    ///< where the speed and the share come from
};

/// One profile resolved for one year: the typed view the audit codes against.
struct Standards {
    std::string profile;                       ///< e.g. "xian"
    std::string title;                         ///< human title (Chinese + English)
    int year = 0;
    double land_per_capita_min_m2 = 0;         ///< land.per_capita_min_m2
    double land_per_capita_max_m2 = 0;         ///< land.per_capita_max_m2
    double area_per_100_households_m2 = 0;     ///< estate.area_per_100_households_m2
    std::optional<double> min_single_site_area_m2;  ///< estate.min_single_site_area_m2
    double station_min_area_m2 = 0;            ///< facility.station.min_building_area_m2
    int station_min_day_care_beds = 0;         ///< facility.station.min_day_care_beds
    double centre_min_area_m2 = 0;             ///< facility.centre.min_building_area_m2
    int centre_min_beds = 0;                   ///< facility.centre.min_beds
    double centre_min_nursing_share = 0;       ///< facility.centre.min_nursing_share
    double institution_public_bed_share = 0;   ///< facility.institution.public_bed_share
    std::optional<double> beds_per_1000_elderly;       ///< beds.per_1000_elderly
    std::optional<double> nursing_bed_share;           ///< beds.nursing_share
    std::optional<double> community_station_coverage;  ///< coverage.community_station
    std::optional<double> street_centre_coverage;      ///< coverage.street_centre
    std::optional<double> rural_coverage;              ///< coverage.rural
    std::optional<double> new_estate_compliance;       ///< estate.new_estate_compliance
    double coverage_target = 1.0;              ///< coverage.target_15min
    double walking_minutes = 15;               ///< walking.minutes
    double walking_speed_mps = 1.0;            ///< walking.speed_mps
    double elderly_share_default = 0;          ///< population.elderly_share_default
    std::optional<double> household_size;      ///< population.household_size (persons per household)
    std::optional<double> floor_area_per_person;  ///< population.floor_area_per_person_m2
    std::vector<std::string> facility_kinds;   ///< station, day_care, centre, institution, rural_home
    std::vector<WalkingGroup> walking_groups;  ///< walking.groups (empty: the profile has none)
    /// Year notes, e.g. "year 2010 precedes every keyed year of beds.per_1000_elderly; using 2015".
    std::vector<std::string> notes;
    /// A year-keyed figure's value for a year after `year`: not in force yet, shown as upcoming.
    struct Upcoming {
        std::string key;  ///< e.g. "coverage.street_centre"
        int year = 0;     ///< the keyed year it applies from
        double value = 0;
        std::string source;
    };
    std::vector<Upcoming> upcoming;  ///< by key, then year
    [[nodiscard]] double threshold_m() const { return walking_minutes * 60.0 * walking_speed_mps; }
};

/// What kind of number a key holds (checked on load and on --set).
enum class FigureKind {
    real,      ///< any number >= 0
    integer,   ///< a whole number >= 0 (beds, people)
    share,     ///< a fraction 0..1
    positive,  ///< a number > 0 (ratios that divide, e.g. plot ratios)
};

/// One known key of the profile schema.
struct KeyInfo {
    std::string key;          ///< dotted, e.g. "facility.centre.min_beds"
    FigureKind kind = FigureKind::real;
    bool required = false;    ///< every resolved profile must define it
    std::string description;  ///< English, one line
};

/// A subsidy of the profile (subsidy.*): `KEY.yuan` is the amount per unit, and
/// `KEY.region`, `KEY.city`, `KEY.district` the parts of it each level of
/// government pays where the city's document says so (they must sum to `yuan`).
struct SubsidyItem {
    std::string key;          ///< e.g. "subsidy.institution.new_bed"
    std::string unit;         ///< bed | bed-year | site | site-year
    std::string description;  ///< English, one line
};
/// The subsidy items a profile may hold, in display order.
[[nodiscard]] const std::vector<SubsidyItem>& subsidy_items();
/// The payers a subsidy may be split among: "region" (autonomous region or
/// province), "city", "district" (district or county).
[[nodiscard]] const std::vector<std::string>& subsidy_payers();

/// Every key a profile may hold, in display order.
[[nodiscard]] const std::vector<KeyInfo>& schema();

/// One figure as stored: a single value or values keyed by year.
struct Figure {
    std::string key;
    std::optional<double> value;      ///< set when the figure does not depend on the year
    std::map<int, double> by_year;    ///< set when it does (year -> value)
    std::string source;               ///< document + section, or standard + clause
    std::string source_zh;            ///< the source in Chinese (optional; zh outputs show it)
    std::string note;                 ///< optional remark
    std::string defined_in;           ///< profile name (or "--set") that gave the figure
};

/// A figure resolved for one year.
struct ResolvedFigure {
    double value = 0;
    std::optional<int> year;   ///< the keyed year the value came from (none: not year-dependent)
    std::string note;          ///< set when the requested year precedes every keyed year
    /// False when the requested year precedes every keyed year: `value` is then the
    /// first keyed year's, not yet in force (a target is not checked; it is upcoming).
    bool in_force = true;
};

/// --set overrides, parsed: key -> raw value text, in order.
using Overrides = std::vector<std::pair<std::string, std::string>>;

/// Splits raw "KEY=VALUE" arguments; throws lc::ArgumentError when '=' is missing.
[[nodiscard]] Overrides parse_overrides(const std::vector<std::string>& set_args);
/// Checks --set overrides without a profile: known keys (KEY or KEY.YYYY),
/// years in range, values of the key's kind; throws lc::ArgumentError as
/// Profile::load would, so a command fails before it opens a file.
void check_overrides(const Overrides& overrides);

/// The profiles folder: $LIFECIRCLE_PROFILES when set, else data_dir()/profiles
/// (standards/data_dir.hpp: <executable>/../share/lifecircle/profiles, or $LIFECIRCLE_DATA).
[[nodiscard]] std::filesystem::path profiles_dir();

/// One row of the profile list.
struct ProfileSummary {
    std::string name;
    std::string title;
    std::string place;
    std::vector<int> years;      ///< every year key used by the profile's figures, sorted
    int default_year = 0;
    std::filesystem::path path;
};

/// The profiles of profiles_dir(), sorted with "national" first, then by name.
[[nodiscard]] std::vector<ProfileSummary> list_profiles();

/// Names of the profiles in profiles_dir() (same order as list_profiles()).
[[nodiscard]] std::vector<std::string> profile_names();

class Profile {
public:
    /// Loads a profile by name (looked up in profiles_dir()) or by path to a .toml file,
    /// resolves `inherits`, then applies `overrides`.
    /// Throws lc::ArgumentError for an unknown name, unknown override key or bad override
    /// value; lc::InputError (naming file and key) for a malformed profile file.
    [[nodiscard]] static Profile load(std::string_view name_or_path, const Overrides& overrides = {});

    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] const std::string& title() const { return m_title; }
    [[nodiscard]] const std::string& place() const { return m_place; }
    [[nodiscard]] const std::string& document() const { return m_document; }
    [[nodiscard]] int default_year() const { return m_default_year; }
    /// Inheritance chain, this profile first (e.g. {"xian", "national"}).
    [[nodiscard]] const std::vector<std::string>& lineage() const { return m_lineage; }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

    /// Every figure the profile defines (after inheritance and overrides), in schema order.
    [[nodiscard]] std::vector<const Figure*> figures() const;
    [[nodiscard]] bool has(std::string_view key) const;
    /// The stored figure; throws lc::ArgumentError when the key is unknown or not set.
    [[nodiscard]] const Figure& figure(std::string_view key) const;
    /// The value for `year` (default: default_year()). Throws like figure().
    [[nodiscard]] double number(std::string_view key, std::optional<int> year = std::nullopt) const;
    /// Value, the keyed year it came from and a note when the year fell before every key.
    [[nodiscard]] ResolvedFigure resolved(std::string_view key, std::optional<int> year = std::nullopt) const;
    /// The keyed year `number(key, year)` came from (none when the figure has no years).
    [[nodiscard]] std::optional<int> value_year(std::string_view key, std::optional<int> year = std::nullopt) const;
    [[nodiscard]] std::string source(std::string_view key) const;
    /// The figure's Chinese source (`source_zh`), or `source` when it has none.
    [[nodiscard]] std::string source_zh(std::string_view key) const;
    /// Every year key used by any figure, sorted.
    [[nodiscard]] std::vector<int> years() const;
    /// Facility kinds the profile defines, canonical order first.
    [[nodiscard]] std::vector<std::string> facility_kinds() const;
    /// Chinese + English label of a facility kind ("" when none).
    [[nodiscard]] std::string facility_label(std::string_view kind) const;
    /// walking.groups of the nearest profile in the lineage that lists them (empty: none).
    [[nodiscard]] const std::vector<WalkingGroup>& walking_groups() const { return m_walking_groups; }
    /// The profile (name) whose file lists the walking groups ("" when none).
    [[nodiscard]] const std::string& walking_groups_defined_in() const { return m_walking_groups_in; }

    /// The typed view for `year` (default: default_year()). Throws lc::ArgumentError for
    /// a year outside 1900..2100.
    [[nodiscard]] Standards resolve(std::optional<int> year = std::nullopt) const;

private:
    std::string m_name;
    std::string m_title;
    std::string m_place;
    std::string m_document;
    int m_default_year = 0;
    std::vector<std::string> m_lineage;
    std::filesystem::path m_path;
    std::map<std::string, Figure, std::less<>> m_figures;
    std::map<std::string, std::string, std::less<>> m_labels;  ///< facility kind -> label
    std::vector<WalkingGroup> m_walking_groups;
    std::string m_walking_groups_in;
};

/// The walking group `id` of `standards`; throws lc::ArgumentError naming `flag`
/// and listing the ids (or saying the profile has none).
[[nodiscard]] const WalkingGroup& find_walking_group(const Standards& standards, std::string_view id, std::string_view flag);

}  // namespace lc::app
