#include "pipeline/walking_groups.hpp"

#include "pipeline/accessibility.hpp"
#include "pipeline/outputs.hpp"

#include <cstdint>
#include <string>

namespace lc::app {

double group_minutes(const CoverageConfig& cov, const Standards& standards) {
    return cov.minutes.value_or(standards.walking_minutes);
}

std::vector<GroupCoverage> measure_walking_groups(const City& city, const CoverageResult& headline,
                                                  const AccessGroup& headline_access, const Standards& standards,
                                                  const CoverageConfig& cov, const std::vector<GroupCoverage>* prior,
                                                  std::size_t prior_facilities) {
    std::vector<GroupCoverage> out;
    const double minutes = group_minutes(cov, standards);
    for (const auto& g : standards.walking_groups) {
        GroupCoverage r;
        r.group = g;
        // The same expression as coverage_threshold(): the group at the headline's
        // speed has the headline's threshold to the last bit.
        r.threshold_m = minutes * 60.0 * g.speed_mps;
        r.headline = r.threshold_m == headline.threshold_m;
        CoverageResult own;
        if (!r.headline) {
            PriorCoverage earlier;
            if (prior) {
                for (const auto& p : *prior) {
                    if (!p.headline && p.threshold_m == r.threshold_m && !p.shares.empty()) {
                        earlier = {prior_facilities, &p.service_areas, &p.shares};
                    }
                }
            }
            own = coverage_at(city, headline, r.threshold_m, cov, earlier);
        }
        const CoverageResult& at = r.headline ? headline : own;
        for (std::size_t i = 0; i < city.estates.size() && i < at.estates.size(); ++i) {
            r.elderly_total += city.estates[i].elderly;
            r.elderly_covered += city.estates[i].elderly * at.estates[i].covered_share;
        }
        r.coverage_rate = r.elderly_total > 0 ? r.elderly_covered / r.elderly_total : 0.0;
        if (r.headline) {
            r.mean_g2sfca = headline_access.mean_g2sfca;
            r.gini_access = headline_access.lorenz_access.gini;
        } else {
            const AccessResult access = measure_access(city, own, {}, {});
            r.mean_g2sfca = access.city.mean_g2sfca;
            r.gini_access = access.city.lorenz_access.gini;
            r.service_areas = std::move(own.service_areas);
            r.shares = covered_shares(own);
        }
        out.push_back(std::move(r));
    }
    return out;
}

double expected_coverage_rate(const std::vector<GroupCoverage>& groups) {
    double rate = 0;
    for (const auto& g : groups) rate += g.group.share * g.coverage_rate;
    return rate;
}

nlohmann::json walking_groups_json(const std::vector<GroupCoverage>& groups, double minutes) {
    nlohmann::json rows = nlohmann::json::array();
    double elderly = 0;
    for (const auto& g : groups) {
        elderly = g.elderly_total;
        rows.push_back({{"id", g.group.id},
                        {"name_zh", g.group.name_zh},
                        {"name_en", g.group.name_en},
                        {"speed_mps", jnum(g.group.speed_mps)},
                        {"share", jnum(g.group.share)},
                        {"threshold_m", jnum(g.threshold_m)},
                        {"elderly_covered", jnum(g.elderly_covered)},
                        {"coverage_rate", jnum(g.coverage_rate)},
                        {"mean_g2sfca", jnum(g.mean_g2sfca)},
                        {"gini_access", jnum(g.gini_access)},
                        {"source", g.group.source}});
    }
    const double rate = expected_coverage_rate(groups);
    return {{"minutes", jnum(minutes)},
            {"expected_coverage_rate", jnum(rate)},
            {"expected_elderly_covered", jnum(rate * elderly)},
            {"groups", rows}};
}

geo::OutLayer service_areas_groups_layer(const City& city, const CoverageResult& headline,
                                         const std::vector<GroupCoverage>& groups) {
    using geo::FieldType;
    geo::OutLayer layer;
    layer.name = "service_areas_groups";
    layer.kind = geo::GeometryKind::polygon;
    layer.fields = {{"facility", FieldType::string}, {"name", FieldType::string},     {"kind", FieldType::string},
                    {"group", FieldType::string},    {"speed_mps", FieldType::real},  {"threshold_m", FieldType::real},
                    {"area_m2", FieldType::real}};
    for (const auto& g : groups) {
        const std::vector<geo::Geometry>& areas = g.headline ? headline.service_areas : g.service_areas;
        for (std::size_t j = 0; j < city.facilities.size() && j < areas.size(); ++j) {
            const Facility& fac = city.facilities[j];
            geo::Feature f;
            f.geometry = areas[j].clone();
            f.values = {geo::Value{fac.id},          geo::Value{fac.name},
                        geo::Value{std::string(to_string(fac.kind))},
                        geo::Value{g.group.id},      geo::Value{round6(g.group.speed_mps)},
                        geo::Value{round6(g.threshold_m)}, geo::Value{round6(areas[j].area())}};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

}  // namespace lc::app
