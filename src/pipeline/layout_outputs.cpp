// Outputs of the layout plan: plan_sites.<fmt> (+ .qml), plan_districts.csv and
// plan_unmet.csv (UTF-8 with BOM).
#include "pipeline/layout.hpp"

#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"
#include "pipeline/layer_writer.hpp"

#include <cmath>

namespace lc::app {

// --- Outputs ------------------------------------------------------------------------

namespace {

std::string plain(double v, int decimals = 6) {
    if (!std::isfinite(v)) return "";
    return format_number(v, decimals, false);
}

/// plan_sites: the field names are keys (English); the reason, read by people in
/// QGIS, is in the run's language.
geo::OutLayer plan_sites_layer(const LayoutRun& layout, const std::string& lang) {
    using geo::FieldType;
    geo::OutLayer layer;
    layer.name = "plan_sites";
    layer.kind = geo::GeometryKind::point;
    layer.fields = {{"id", FieldType::string},          {"level", FieldType::string},
                    {"phase", FieldType::integer},      {"term", FieldType::string},
                    {"action", FieldType::string},
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
                    geo::Value{std::string(phase_term(s.phase, layout.phases))},
                    geo::Value{std::string(to_string(s.action))},
                    geo::Value{s.parcel_id},
                    geo::Value{s.facility_id},
                    geo::Value{round6(s.building_area_m2)},
                    geo::Value{round6(s.land_area_m2)},
                    geo::Value{static_cast<std::int64_t>(std::llround(s.beds))},
                    geo::Value{static_cast<std::int64_t>(std::llround(s.nursing_beds))},
                    geo::Value{serves},
                    geo::Value{s.district},
                    geo::Value{layout_reason_text(s.reason, lang)},
                    geo::Value{s.plan_site}};
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
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : layout.unmet) {
        rows.push_back({std::to_string(u.phase), level_text(to_string(u.level), lang), layout_target_text(u.target, lang),
                        u.where, plain(u.shortfall, 3), unit_text(u.unit, lang), layout_reason_text(u.reason, lang)});
    }
    return csv_text(layout_csv_header({"phase", "level", "target", "where", "shortfall", "unit", "reason"}, lang), rows);
}

}  // namespace

std::string plan_districts_csv(const LayoutRun& layout, const std::string& lang) {
    std::vector<std::string> header{"district_id", "district", "target", "unit", "today", "required_today", "meets_today"};
    for (int y : layout.phases) {
        header.push_back(std::to_string(y));
        header.push_back("required_" + std::to_string(y));
        header.push_back("meets_" + std::to_string(y));
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : layout.districts) {
        for (const auto& f : d.figures) {
            std::vector<std::string> r{d.id, d.name, layout_target_text(f.target, lang), unit_text(f.unit, lang)};
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

namespace {

double yuan(double v) { return std::round(v * 100.0) / 100.0; }

nlohmann::json money_json(const Money& m) {
    nlohmann::json j = nlohmann::json::object();
    j["total"] = yuan(m.total);
    for (const auto& [payer, v] : m.by_payer) j[payer] = yuan(v);
    return j;
}

nlohmann::json phase_cost_json(const PhaseCost& p) {
    nlohmann::json j = nlohmann::json::object();
    if (p.year != 0) j["year"] = p.year;
    j["term"] = p.term;
    j["sites"] = p.sites;
    j["building_area_m2"] = round6(p.building_area_m2);
    j["beds"] = round6(p.beds);
    j["construction_yuan"] = yuan(p.construction_yuan);
    j["subsidy_yuan"] = money_json(p.subsidy);
    j["operating_subsidy_yuan_per_year"] = money_json(p.operating_per_year);
    return j;
}

/// The payer columns of plan_costs.csv: the subsidy payers, then unspecified.
std::vector<std::string> payer_columns() {
    std::vector<std::string> out = subsidy_payers();
    out.emplace_back("unspecified");
    return out;
}

}  // namespace

nlohmann::json costs_summary(const LayoutCosts& costs) {
    nlohmann::json j;
    j["currency"] = "CNY";
    nlohmann::json rate = nlohmann::json::object();
    nlohmann::json basis = nlohmann::json::object();
    for (const auto& [level, v] : costs.yuan_per_m2) rate[std::string(to_string(level))] = v;
    for (const auto& [level, text] : costs.basis) basis[std::string(to_string(level))] = text;
    j["construction_yuan_per_m2"] = rate;
    j["construction_basis"] = basis;
    j["phase_budget_yuan"] = costs.phase_budget ? nlohmann::json(*costs.phase_budget) : nlohmann::json(nullptr);
    j["phases"] = nlohmann::json::array();
    for (const auto& p : costs.phases) j["phases"].push_back(phase_cost_json(p));
    j["total"] = phase_cost_json(costs.total);
    j["deferred"] = nlohmann::json::array();
    for (const auto& d : costs.deferred) {
        j["deferred"].push_back({{"site", d.site_id},
                                 {"level", to_string(d.level)},
                                 {"action", to_string(d.action)},
                                 {"where", d.where},
                                 {"from", d.from},
                                 {"to", d.to == 0 ? nlohmann::json("beyond") : nlohmann::json(d.to)},
                                 {"construction_yuan", yuan(d.construction_yuan)},
                                 {"elderly_served", round6(d.elderly_served)}});
    }
    double beyond = 0;
    int n_beyond = 0;
    for (const auto& c : costs.sites) {
        if (c.phase != 0) continue;
        beyond += c.construction_yuan;
        ++n_beyond;
    }
    j["deferred_beyond_plan"] = {{"sites", n_beyond}, {"construction_yuan", yuan(beyond)}};
    j["subsidies"] = nlohmann::json::array();
    for (const auto& u : costs.subsidies) {
        nlohmann::json parts = nlohmann::json::object();
        for (const auto& [payer, v] : u.parts) parts[payer] = v;
        j["subsidies"].push_back({{"key", u.key}, {"unit", u.unit}, {"yuan", u.yuan}, {"parts", parts}, {"source", u.source}, {"note", u.note}});
    }
    j["institution_operating_years"] = costs.operating_years ? nlohmann::json(*costs.operating_years) : nlohmann::json(nullptr);
    j["notes"] = costs.notes;
    return j;
}

std::string plan_costs_csv(const LayoutRun& layout, const std::string& lang) {
    const auto& costs = layout.costs;
    // zh: the words of the rows in Chinese, the keys (ids, profile keys) as they are.
    std::vector<std::string> header{"row",  "phase", "term", "site_id", "level", "action", "where",
                                    "building_area_m2", "beds", "construction_yuan", "subsidy_yuan"};
    for (const auto& p : payer_columns()) header.push_back("subsidy_" + p + "_yuan");
    header.emplace_back("operating_subsidy_yuan_per_year");
    header.emplace_back("subsidy_items");
    std::vector<std::vector<std::string>> rows;
    auto money_cells = [](std::vector<std::string>& r, const Money& m) {
        r.push_back(plain(m.total, 0));
        for (const auto& p : payer_columns()) {
            const auto it = m.by_payer.find(p);
            r.push_back(plain(it == m.by_payer.end() ? 0.0 : it->second, 0));
        }
    };
    for (const auto& c : costs.sites) {
        std::vector<std::string> r{keyed_word("cost.row.", "site", lang),
                                   c.phase == 0 ? std::string("") : std::to_string(c.phase),
                                   keyed_word("term_", c.phase == 0 ? "beyond" : phase_term(c.phase, layout.phases), lang),
                                   c.site_id,
                                   level_text(to_string(c.level), lang),
                                   action_text(to_string(c.action), lang),
                                   c.where,
                                   plain(c.building_area_m2, 2),
                                   plain(c.beds, 0),
                                   plain(c.construction_yuan, 0)};
        money_cells(r, c.subsidy);
        r.push_back(plain(c.operating_per_year.total, 0));
        std::string items;
        for (const auto& i : c.items) items += (items.empty() ? "" : "; ") + i;
        r.push_back(items);
        rows.push_back(std::move(r));
    }
    auto total_row = [&](const std::string& kind, const PhaseCost& p) {
        std::vector<std::string> r{keyed_word("cost.row.", kind, lang), p.year == 0 ? std::string("") : std::to_string(p.year),
                                   keyed_word("term_", p.term, lang), "", "", "", "",
                                   plain(p.building_area_m2, 2), plain(p.beds, 0), plain(p.construction_yuan, 0)};
        money_cells(r, p.subsidy);
        r.push_back(plain(p.operating_per_year.total, 0));
        r.emplace_back("");
        rows.push_back(std::move(r));
    };
    for (const auto& p : costs.phases) total_row("phase", p);
    total_row("total", costs.total);
    return csv_text(layout_csv_header(header, lang), rows);
}

void write_layout_outputs(const LayoutRun& layout, LayerWriter& out, const std::string& lang) {
    const std::filesystem::path& dir = out.dir();
    out.write(plan_sites_layer(layout, lang), LayerSpec(LayerGroup::top));
    geo::write_text_file(dir / "plan_districts.csv", plan_districts_csv(layout, lang));
    geo::write_text_file(dir / "plan_unmet.csv", plan_unmet_csv(layout, lang));
    geo::write_text_file(dir / "plan_costs.csv", plan_costs_csv(layout, lang));
}

}  // namespace lc::app
