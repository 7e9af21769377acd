// Outputs of the layout plan: plan_sites.<fmt> (+ .qml), plan_districts.csv and
// plan_unmet.csv (UTF-8 with BOM).
#include "pipeline/layout.hpp"

#include "pipeline/outputs.hpp"
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
                    {"reason", FieldType::string},      {"plan_site", FieldType::string}};
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
                    geo::Value{s.reason},
                    geo::Value{s.plan_site}};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

std::string plan_unmet_csv(const LayoutRun& layout) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : layout.unmet) {
        rows.push_back({std::to_string(u.phase), std::string(to_string(u.level)), u.target, u.where, plain(u.shortfall, 3), u.unit, u.reason});
    }
    return csv_text({"phase", "level", "target", "where", "shortfall", "unit", "reason"}, rows);
}

}  // namespace

std::string plan_districts_csv(const LayoutRun& layout) {
    std::vector<std::string> header{"district_id", "district", "target", "unit", "today", "required_today", "meets_today"};
    for (int y : layout.phases) {
        header.push_back(std::to_string(y));
        header.push_back("required_" + std::to_string(y));
        header.push_back("meets_" + std::to_string(y));
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : layout.districts) {
        for (const auto& f : d.figures) {
            std::vector<std::string> r{d.id, d.name, f.target, f.unit};
            for (std::size_t c = 0; c < f.value.size(); ++c) {
                const int dec = f.unit == "share" ? 4 : f.unit == "m²/person" ? 4 : f.unit == "beds/1000 elderly" ? 2 : 0;
                r.push_back(plain(f.value[c], dec));
                r.push_back(plain(f.required[c], dec));
                r.push_back(std::isnan(f.required[c]) ? "" : (f.value[c] + 1e-9 >= f.required[c] ? "1" : "0"));
            }
            rows.push_back(std::move(r));
        }
    }
    return csv_text(header, rows);
}

void write_layout_outputs(const LayoutRun& layout, const City& city, const std::filesystem::path& dir,
                          geo::Format format, const geo::Crs& out_crs) {
    geo::write_layer(dir, plan_sites_layer(layout), format, city.working_crs, out_crs);
    geo::write_text_file(dir / "plan_districts.csv", plan_districts_csv(layout));
    geo::write_text_file(dir / "plan_unmet.csv", plan_unmet_csv(layout));
    geo::write_text_file(dir / "plan_sites.qml", qml_for_layer("plan_sites"));
}

}  // namespace lc::app
