// Outputs of the layout plan: plan_sites.<fmt> (+ .qml), plan_districts.csv and
// plan_unmet.csv (UTF-8 with BOM).
#include "pipeline/layout.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"
#include "report/qml_style.hpp"

#include <cmath>

namespace lc::app {

// --- Outputs ------------------------------------------------------------------------

namespace {

std::string plain(double v, int decimals = 6) {
    if (!std::isfinite(v)) return "";
    return format_number(v, decimals, false);
}

geo::OutLayer plan_sites_layer(const LayoutRun& layout) {
    using geo::FieldType;
    geo::OutLayer layer;
    layer.name = "plan_sites";
    layer.kind = geo::GeometryKind::point;
    layer.fields = {{"id", FieldType::string},          {"level", FieldType::string},
                    {"phase", FieldType::integer},      {"action", FieldType::string},
                    {"parcel_id", FieldType::string},   {"facility_id", FieldType::string},
                    {"building_area_m2", FieldType::real}, {"land_area_m2", FieldType::real},
                    {"beds", FieldType::integer},       {"nursing_beds", FieldType::integer},
                    {"serves", FieldType::string},      {"district", FieldType::string},
                    {"reason", FieldType::string}};
    for (const auto& s : layout.sites) {
        geo::Feature f;
        f.geometry = geo::Geometry::point(s.point);
        std::string serves;
        for (const auto& e : s.serves) serves += (serves.empty() ? "" : ",") + e;
        f.values = {geo::Value{s.id},
                    geo::Value{std::string(to_string(s.level))},
                    geo::Value{std::int64_t{s.phase}},
                    geo::Value{std::string(to_string(s.action))},
                    geo::Value{s.parcel_id},
                    geo::Value{s.facility_id},
                    geo::Value{round6(s.building_area_m2)},
                    geo::Value{round6(s.land_area_m2)},
                    geo::Value{static_cast<std::int64_t>(std::llround(s.beds))},
                    geo::Value{static_cast<std::int64_t>(std::llround(s.nursing_beds))},
                    geo::Value{serves},
                    geo::Value{s.district},
                    geo::Value{s.reason}};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

/// A CSV header in `lang`: the English keys, or their Chinese column names
/// (csv.<key> in the dictionary; a phase year "2030" becomes "2030年").
std::vector<std::string> layout_csv_header(const std::vector<std::string>& keys, const std::string& lang) {
    if (lang != "zh") return keys;
    std::vector<std::string> out;
    for (const auto& k : keys) {
        const auto us = k.rfind('_');
        const std::string year = us == std::string::npos ? k : k.substr(us + 1);
        const bool is_year = !year.empty() && year.find_first_not_of("0123456789") == std::string::npos;
        if (is_year && us == std::string::npos) out.push_back(trf("csv.year_value", lang, {{"year", year}}));
        else if (is_year) out.push_back(trf("csv." + k.substr(0, us) + "_year", lang, {{"year", year}}));
        else out.push_back(has_translation("csv.layout." + k) ? tr("csv.layout." + k, lang) : tr("csv." + k, lang));
    }
    return out;
}

std::string plan_unmet_csv(const LayoutRun& layout, const std::string& lang) {
    const bool zh = lang == "zh";
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : layout.unmet) {
        rows.push_back({std::to_string(u.phase), zh ? level_text(to_string(u.level), lang) : std::string(to_string(u.level)),
                        zh ? layout_target_text(u.target, lang) : u.target, u.where, plain(u.shortfall, 3),
                        zh ? unit_text(u.unit, lang) : u.unit, layout_reason_text(u.reason, lang)});
    }
    return csv_text(layout_csv_header({"phase", "level", "target", "where", "shortfall", "unit", "reason"}, lang), rows);
}

}  // namespace

std::string plan_districts_csv(const LayoutRun& layout, const std::string& lang) {
    const bool zh = lang == "zh";
    std::vector<std::string> header{"district_id", "district", "target", "unit", "today", "required_today", "meets_today"};
    for (int y : layout.phases) {
        header.push_back(std::to_string(y));
        header.push_back("required_" + std::to_string(y));
        header.push_back("meets_" + std::to_string(y));
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : layout.districts) {
        for (const auto& f : d.figures) {
            std::vector<std::string> r{d.id, d.name, zh ? layout_target_text(f.target, lang) : f.target,
                                       zh ? unit_text(f.unit, lang) : f.unit};
            for (std::size_t c = 0; c < f.value.size(); ++c) {
                const int dec = f.unit == "share" ? 4 : f.unit == "m²/person" ? 4 : f.unit == "beds/1000 elderly" ? 2 : 0;
                r.push_back(plain(f.value[c], dec));
                r.push_back(plain(f.required[c], dec));
                r.push_back(std::isnan(f.required[c]) ? "" : (f.value[c] + 1e-9 >= f.required[c] ? "1" : "0"));
            }
            rows.push_back(std::move(r));
        }
    }
    return csv_text(layout_csv_header(header, lang), rows);
}

void write_layout_outputs(const LayoutRun& layout, const City& city, const std::filesystem::path& dir,
                          geo::Format format, const geo::Crs& out_crs, const std::string& lang) {
    geo::write_layer(dir, plan_sites_layer(layout), format, city.working_crs, out_crs);
    geo::write_text_file(dir / "plan_districts.csv", plan_districts_csv(layout, lang));
    geo::write_text_file(dir / "plan_unmet.csv", plan_unmet_csv(layout, lang));
    geo::write_text_file(dir / "plan_sites.qml", qml_for_layer("plan_sites"));
}

}  // namespace lc::app
