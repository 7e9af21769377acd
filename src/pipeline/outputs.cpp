#include "pipeline/outputs.hpp"

#include "pipeline/open_data.hpp"

#include "report/i18n.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace lc::app {
namespace {
using geo::FieldType;
using geo::Value;

Value num(double v) { return std::isfinite(v) ? Value{round6(v)} : Value{}; }
Value integer(double v) { return Value{static_cast<std::int64_t>(std::llround(v))}; }
Value text(const std::string& s) { return Value{s}; }
Value flag(bool b) { return Value{std::int64_t{b ? 1 : 0}}; }

std::string join_ids(const City& city, const std::vector<std::size_t>& idx) {
    std::string out;
    for (auto j : idx) out += (out.empty() ? "" : ",") + city.facilities[j].id;
    return out;
}
}  // namespace

nlohmann::json jnum(double v) { return std::isfinite(v) ? nlohmann::json(round6(v)) : nlohmann::json(nullptr); }

double round6(double v) {
    if (!std::isfinite(v)) return v;
    const double r = std::round(v * 1e6) / 1e6;
    return r == 0.0 ? 0.0 : r;  // no "-0"
}

std::string format_number(double v, int decimals, bool thousands) {
    if (!std::isfinite(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    // A negative number that rounds to zero is written "0", not "-0".
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    if (!thousands) return s;
    const bool neg = !s.empty() && s[0] == '-';
    std::string digits = neg ? s.substr(1) : s;
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    return (neg ? "-" : "") + grouped + frac;
}

geo::OutLayer estates_layer(const City& city, const AuditResult& audit) {
    geo::OutLayer layer;
    layer.name = "estates";
    layer.fields = {{"id", FieldType::string},           {"name", FieldType::string},
                    {"households", FieldType::integer},  {"population", FieldType::integer},
                    {"elderly", FieldType::integer},     {"community", FieldType::string},
                    {"street", FieldType::string},       {"district", FieldType::string},
                    {"is_new", FieldType::integer},      {"required_area_m2", FieldType::real},
                    {"provided_area_m2", FieldType::real}, {"meets_area", FieldType::integer},
                    {"shortfall_m2", FieldType::real},   {"facilities", FieldType::string},
                    {"nearest_m", FieldType::real},      {"nearest_facility", FieldType::string},
                    {"straight_m", FieldType::real},     {"covered", FieldType::integer},
                    {"covered_share", FieldType::real},  {"covered_elderly", FieldType::real},
                    {"estimated", FieldType::string},    {"access_g2sfca", FieldType::real},
                    {"access_beds_g2sfca", FieldType::real}, {"access_2sfca", FieldType::real}};
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const Estate& e = city.estates[i];
        const EstateAudit& a = audit.estates[i];
        geo::Feature f;
        f.geometry = e.geometry.clone();
        f.values = {text(e.id),
                    text(e.name),
                    integer(e.households),
                    integer(e.population),
                    integer(e.elderly),
                    text(e.community),
                    text(e.street),
                    text(e.district),
                    flag(e.is_new),
                    num(a.required_area_m2),
                    num(a.provided_area_m2),
                    flag(a.meets_area),
                    num(a.shortfall_m2),
                    text(join_ids(city, a.facilities)),
                    num(a.coverage.nearest_m),
                    text(a.coverage.nearest_facility),
                    num(a.coverage.straight_m),
                    flag(a.coverage.covered),
                    num(a.coverage.covered_share),
                    num(a.covered_elderly),
                    text(estimated_counts(e)),
                    num(i < audit.access.estates.size() ? audit.access.estates[i].g2sfca : 0.0),
                    num(i < audit.access.estates.size() ? audit.access.estates[i].beds_g2sfca : 0.0),
                    num(i < audit.access.estates.size() ? audit.access.estates[i].fca2 : 0.0)};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::OutLayer districts_layer(const City& city, const AuditResult& audit) {
    geo::OutLayer layer;
    layer.name = "districts";
    layer.fields = {{"id", FieldType::string},          {"name", FieldType::string},
                    {"population", FieldType::integer}, {"facility_land_m2", FieldType::real},
                    {"land_per_capita_m2", FieldType::real}, {"meets_land", FieldType::integer},
                    {"within_range", FieldType::integer}, {"elderly", FieldType::integer},
                    {"elderly_covered", FieldType::real}, {"coverage_rate", FieldType::real},
                    {"institution_beds", FieldType::integer}, {"public_beds_required", FieldType::real},
                    {"meets_public_beds", FieldType::integer}};
    for (const auto& d : audit.districts) {
        geo::Feature f;
        if (d.layer_feature) {
            f.geometry = d.layer_feature->geometry.clone();
        } else {
            std::vector<geo::Geometry> parts;
            for (const auto& e : city.estates) {
                if (e.district == d.name && e.geometry.kind() == geo::GeometryKind::polygon) {
                    parts.push_back(e.geometry.clone());
                }
            }
            f.geometry = geo::Geometry::union_all(std::move(parts));
        }
        f.values = {text(d.id),
                    text(d.name),
                    integer(d.population),
                    num(d.facility_land_m2),
                    num(d.land_per_capita_m2),
                    flag(d.meets_land),
                    flag(d.within_range),
                    integer(d.elderly),
                    num(d.elderly_covered),
                    num(d.elderly > 0 ? d.elderly_covered / d.elderly : 0.0),
                    integer(d.institution_beds),
                    num(d.public_beds_required),
                    flag(d.meets_public_beds)};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::OutLayer service_areas_layer(const City& city, const CoverageResult& coverage) {
    geo::OutLayer layer;
    layer.name = "service_areas";
    layer.kind = geo::GeometryKind::polygon;
    layer.fields = {{"id", FieldType::string},
                    {"name", FieldType::string},
                    {"kind", FieldType::string},
                    {"mode", FieldType::string},
                    {"threshold_m", FieldType::real},
                    {"area_m2", FieldType::real}};
    for (std::size_t j = 0; j < city.facilities.size() && j < coverage.service_areas.size(); ++j) {
        const Facility& fac = city.facilities[j];
        geo::Feature f;
        f.geometry = coverage.service_areas[j].clone();
        f.values = {text(fac.id), text(fac.name), text(std::string(to_string(fac.kind))), text(std::string(to_string(coverage.mode))), num(coverage.threshold_m),
                    num(coverage.service_areas[j].area())};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::Crs layer_output_crs(const City& city, geo::Format format, const geo::Crs& requested) {
    if (!requested.empty()) return requested;
    if (format == geo::Format::geojson) return geo::Crs::wgs84();
    return city.estates_crs.empty() ? city.working_crs : city.estates_crs;
}

nlohmann::json audit_summary(const City& city, const AuditResult& a) {
    using nlohmann::json;
    json j;
    j["profile"] = a.standards.profile;
    j["profile_title"] = a.standards.title;
    j["year"] = a.standards.year;
    j["mode"] = to_string(a.coverage.mode);
    j["threshold_m"] = jnum(a.coverage.threshold_m);
    j["crs"] = city.working_crs.label();
    j["working_crs"] = city.working_crs.label();
    j["crs_reason"] = city.working_crs_reason;
    j["estates"] = city.estates.size();
    j["facilities"] = city.facilities.size();
    j["elderly_total"] = jnum(a.elderly_total);
    j["elderly_covered"] = jnum(a.elderly_covered);
    j["coverage_rate"] = jnum(a.coverage_rate);
    j["estates_with_households"] = a.estates_with_households;
    j["estates_meeting_area"] = a.estates_meeting_area;
    j["area_compliance_rate"] = jnum(a.area_compliance_rate);
    j["new_estates"] = a.new_estates;
    j["new_estates_meeting_area"] = a.new_estates_meeting_area;
    j["districts_meeting_land"] = a.districts_meeting_land;
    j["districts_from_field"] = a.districts_from_field;
    j["beds"] = jnum(a.beds);
    j["nursing_beds"] = jnum(a.nursing_beds);
    std::size_t covered_points = 0;
    for (const auto& e : a.estates) covered_points += e.coverage.covered ? 1 : 0;
    j["estates_covered"] = covered_points;

    json districts = json::array();
    for (const auto& d : a.districts) {
        districts.push_back({{"id", d.id},
                             {"name", d.name},
                             {"population", jnum(d.population)},
                             {"population_from_estates", d.population_from_estates},
                             {"facility_land_m2", jnum(d.facility_land_m2)},
                             {"land_per_capita_m2", jnum(d.land_per_capita_m2)},
                             {"meets_land", d.meets_land},
                             {"within_range", d.within_range},
                             {"elderly", jnum(d.elderly)},
                             {"elderly_covered", jnum(d.elderly_covered)},
                             {"coverage_rate", jnum(d.elderly > 0 ? d.elderly_covered / d.elderly : 0.0)},
                             {"has_institution", d.has_institution},
                             {"institution_beds", jnum(d.institution_beds)},
                             {"public_beds_required", jnum(d.public_beds_required)},
                             {"meets_public_beds", d.meets_public_beds}});
    }
    j["districts"] = districts;

    json streets = json::array();
    for (const auto& s : a.streets) {
        streets.push_back({{"street", s.name},
                           {"district", s.district},
                           {"elderly", jnum(s.elderly)},
                           {"elderly_covered", jnum(s.elderly_covered)},
                           {"coverage_rate", jnum(s.elderly > 0 ? s.elderly_covered / s.elderly : 0.0)},
                           {"has_compliant_centre", s.compliant}});
    }
    j["coverage_by_street"] = streets;
    j["accessibility"] = accessibility_json(a.access);
    j["equity"] = equity_json(a.access);
    if (!a.walking_groups.empty()) j["walking_groups"] = walking_groups_json(a.walking_groups, a.walking_minutes);
    auto count_ok = [](const std::vector<GroupAudit>& g) {
        std::size_t n = 0;
        for (const auto& x : g) n += x.compliant ? 1 : 0;
        return n;
    };
    j["communities"] = a.communities.size();
    j["communities_with_station"] = count_ok(a.communities);
    j["streets"] = a.streets.size();
    j["streets_with_centre"] = count_ok(a.streets);

    json targets = json::array();
    for (const auto& t : a.targets) {
        targets.push_back({{"key", t.key},
                           {"label", t.label},
                           {"target", t.target ? jnum(*t.target) : json(nullptr)},
                           {"value", jnum(t.value)},
                           {"pass", t.target ? json(t.pass) : json(nullptr)},
                           {"source", t.source}});
    }
    j["targets"] = targets;

    json warnings = json::array();
    for (const auto& w : city.warnings) warnings.push_back(w);
    for (const auto& w : a.coverage.warnings) warnings.push_back(w);
    for (const auto& w : a.warnings) warnings.push_back(w);
    j["warnings"] = warnings;
    add_open_data(j, city);
    j["repaired_geometries"] = city.repaired_geometries;
    j["facilities_missing_area"] = city.facilities_missing_area;
    j["facilities_skipped"] = city.facilities_skipped;
    for (const auto& note : a.standards.notes) j["profile_notes"].push_back(note);
    json upcoming = json::array();
    for (const auto& u : a.standards.upcoming) {
        upcoming.push_back({{"key", u.key}, {"year", u.year}, {"value", jnum(u.value)}, {"source", u.source}});
    }
    j["upcoming_targets"] = upcoming;
    return j;
}

std::string csv_text(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    auto cell = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) {
            if (c == '"') q += '"';
            q += c;
        }
        return q + "\"";
    };
    std::string out = "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& r) {
        for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + cell(r[i]);
        out += "\r\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return out;
}

namespace {
std::string plain(double v, int decimals = 6) {
    if (!std::isfinite(v)) return "";
    return format_number(v, decimals, false);
}
}  // namespace

namespace {
/// The header of a CSV in `lang`: English keys as given (the contract of the
/// en files), Chinese column names for zh (docs/language.md).
std::vector<std::string> csv_header(const std::vector<std::string>& keys, const std::string& lang) {
    if (lang != "zh") return keys;
    std::vector<std::string> out;
    out.reserve(keys.size());
    for (const auto& k : keys) out.push_back(tr("csv." + k, lang));
    return out;
}

std::string csv_verdict(bool pass, const std::string& lang) {
    return lang == "zh" ? tr(pass ? "pass" : "fail", lang) : pass ? "pass" : "fail";
}

/// A hierarchy reason in one cell: the lines joined with "；" in Chinese.
std::string csv_reason(const std::string& reason, const std::string& lang) {
    if (lang != "zh") return reason;
    std::string out;
    for (const auto& line : reason_lines(reason, lang)) out += (out.empty() ? "" : "；") + line;
    return out;
}
}  // namespace

std::string summary_csv(const AuditResult& a, const std::string& lang) {
    const bool zh = lang == "zh";
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : a.targets) {
        const std::string label = zh && has_translation("target." + t.key) ? tr("target." + t.key, lang) : t.label;
        rows.push_back({t.key, label, t.target ? plain(*t.target) : "", plain(t.value),
                        t.target ? csv_verdict(t.pass, lang) : (zh ? tr("n_a", lang) : "n/a"), zh ? t.source_zh : t.source});
    }
    for (const auto& d : a.districts) {
        rows.push_back({"district_land_per_capita_m2:" + d.id, d.name, plain(a.standards.land_per_capita_min_m2),
                        plain(d.land_per_capita_m2), csv_verdict(d.meets_land, lang), ""});
    }
    return csv_text(csv_header({"figure", "label", "target", "value", "result", "source"}, lang), rows);
}

std::string communities_csv(const AuditResult& a, const std::string& lang) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : a.communities) {
        rows.push_back({g.name, g.street, g.district, std::to_string(g.estates), plain(g.households, 0),
                        plain(g.elderly, 0), g.best_facility, plain(g.best_area_m2, 1), g.compliant ? "1" : "0",
                        csv_reason(g.reason, lang)});
    }
    return csv_text(csv_header({"community", "street", "district", "estates", "households", "elderly", "station",
                                "station_area_m2", "has_compliant_station", "reason"},
                               lang),
                    rows);
}

std::string streets_csv(const AuditResult& a, const std::string& lang) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : a.streets) {
        rows.push_back({g.name, g.district, std::to_string(g.estates), plain(g.households, 0), plain(g.elderly, 0),
                        g.best_facility, plain(g.best_area_m2, 1), g.compliant ? "1" : "0", csv_reason(g.reason, lang)});
    }
    return csv_text(csv_header({"street", "district", "estates", "households", "elderly", "centre", "centre_area_m2",
                                "has_compliant_centre", "reason"},
                               lang),
                    rows);
}

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
    const std::string noun = n == 1 ? std::string(singular) : plural.empty() ? std::string(singular) + "s" : std::string(plural);
    return std::to_string(n) + " " + noun;
}

}  // namespace lc::app
