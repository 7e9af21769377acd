#include "standards/profile_report.hpp"

#include "report/i18n.hpp"
#include "report/text_table.hpp"

#include <iomanip>
#include <sstream>

namespace lc::app {
namespace detail {
namespace {

std::string years_text(const std::vector<int>& years) {
    if (years.empty()) return "-";
    std::string out;
    for (const int y : years) {
        if (!out.empty()) out += ", ";
        out += std::to_string(y);
    }
    return out;
}

std::string by_year_text(const Figure& fig) {
    if (fig.by_year.empty()) return "";
    std::string out;
    for (const auto& [y, v] : fig.by_year) {
        if (!out.empty()) out += ", ";
        out += std::to_string(y) + ": " + format_figure(v);
    }
    return out;
}

nlohmann::ordered_json optional_json(const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); }

}  // namespace
}  // namespace detail

std::string format_figure(double value) {
    std::ostringstream os;
    os << std::setprecision(10) << value;
    return os.str();
}

std::string render_profile_list(const std::vector<ProfileSummary>& profiles) {
    TextTable table({"name", "place", "title", "years", "default"});
    for (const auto& p : profiles) {
        table.add_row({p.name, p.place, p.title, detail::years_text(p.years), std::to_string(p.default_year)});
    }
    return table.render();
}

nlohmann::ordered_json profile_list_json(const std::vector<ProfileSummary>& profiles) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& p : profiles) {
        out.push_back({{"name", p.name},
                       {"title", p.title},
                       {"place", p.place},
                       {"years", p.years},
                       {"default_year", p.default_year},
                       {"path", p.path.string()}});
    }
    return out;
}

namespace {
/// The walking groups as a table (id, name, speed, share, reach in the profile's
/// minutes, defined in, source); "" when the profile has none.
std::string groups_text(const Profile& profile, const Standards& s, bool zh) {
    if (s.walking_groups.empty()) return {};
    TextTable t(zh ? std::vector<std::string>{"分组", "名称", "步速(米/秒)", "占比", "可达(米)", "来源标准", "依据"}
                   : std::vector<std::string>{"group", "name", "speed m/s", "share", "reach m", "from", "source"});
    for (std::size_t c = 2; c <= 4; ++c) t.set_align(c, Align::right);
    for (const auto& g : s.walking_groups) {
        t.add_row({g.id, zh ? g.name_zh : g.name_en, format_figure(g.speed_mps), format_figure(g.share),
                   format_figure(s.walking_minutes * 60.0 * g.speed_mps), profile.walking_groups_defined_in(), g.source});
    }
    return (zh ? "\n步行能力分组（walking.groups，" + format_figure(s.walking_minutes) + "分钟）\n"
               : "\nwalking groups (walking.groups, " + format_figure(s.walking_minutes) + " min)\n") +
           t.render();
}

/// The profile in Chinese: the same content as render_profile's English text.
std::string render_profile_zh(const Profile& profile, std::optional<int> year) {
    const std::string zh = "zh";
    const Standards s = profile.resolve(year);
    std::ostringstream out;
    TextTable head;
    head.set_header_rule(false);
    head.add_row({"标准", profile.name()});
    head.add_row({"名称", bilingual_part(profile.title(), zh)});
    head.add_row({"地区", profile.place()});
    if (!profile.document().empty()) head.add_row({"文件", profile.document()});
    std::string lineage;
    for (std::size_t i = 1; i < profile.lineage().size(); ++i) lineage += (i > 1 ? " -> " : "") + profile.lineage()[i];
    head.add_row({"继承", lineage.empty() ? "-" : lineage});
    head.add_row({"年份", std::to_string(s.year) + (year ? "年（--year）" : "年（默认年份）")});
    head.add_row({"服务半径", format_figure(s.threshold_m()) + "米（" + format_figure(s.walking_minutes) + "分钟，步速每秒" +
                                  format_figure(s.walking_speed_mps) + "米）"});
    out << head.render() << '\n';

    TextTable figures({"配置项", "取值", "年份", "分年取值", "来源标准", "依据"});
    figures.set_align(1, Align::right);
    std::vector<std::pair<std::string, std::string>> notes;
    for (const Figure* fig : profile.figures()) {
        const auto r = profile.resolved(fig->key, s.year);
        const std::string year_text = r.year ? std::to_string(*r.year) + (r.in_force ? "" : "年起") : "";
        figures.add_row({fig->key, r.in_force ? format_figure(r.value) : "-", year_text, detail::by_year_text(*fig),
                         fig->defined_in, fig->source_zh.empty() ? fig->source : fig->source_zh});
        if (!fig->note.empty()) notes.emplace_back(fig->key, fig->note);
    }
    out << figures.render();
    out << groups_text(profile, s, true);

    out << "\n设施类型\n";
    TextTable kinds;
    kinds.set_header_rule(false);
    for (const auto& k : s.facility_kinds) kinds.add_row({"  " + k, bilingual_part(profile.facility_label(k), zh)});
    out << kinds.render();

    if (!notes.empty()) {
        out << "\n说明\n";
        TextTable nt;
        nt.set_header_rule(false);
        for (const auto& [k, n] : notes) nt.add_row({"  " + k, n});
        out << nt.render();
    }
    if (!s.upcoming.empty()) {
        out << "\n待生效指标（" << s.year << "年以后的分年取值，尚未生效）\n";
        TextTable up;
        up.set_header_rule(false);
        for (const auto& u : s.upcoming) up.add_row({"  " + u.key, format_figure(u.value), std::to_string(u.year) + "年起"});
        out << up.render();
    }
    if (!s.notes.empty()) {
        out << "\n年份说明\n";
        for (const auto& n : s.notes) out << "  " << n << '\n';
    }
    return out.str();
}
}  // namespace

std::string render_profile(const Profile& profile, std::optional<int> year, const std::string& lang) {
    if (lang == "zh") return render_profile_zh(profile, year);
    const Standards s = profile.resolve(year);
    std::ostringstream out;
    TextTable head;
    head.set_header_rule(false);
    head.add_row({"profile", profile.name()});
    head.add_row({"title", profile.title()});
    head.add_row({"place", profile.place()});
    if (!profile.document().empty()) head.add_row({"document", profile.document()});
    std::string lineage;
    for (std::size_t i = 1; i < profile.lineage().size(); ++i) lineage += (i > 1 ? " -> " : "") + profile.lineage()[i];
    head.add_row({"inherits", lineage.empty() ? "-" : lineage});
    head.add_row({"year", std::to_string(s.year) + (year ? " (--year)" : " (default year)")});
    head.add_row({"threshold", format_figure(s.threshold_m()) + " m (" + format_figure(s.walking_minutes) + " min at " +
                                   format_figure(s.walking_speed_mps) + " m/s)"});
    out << head.render() << '\n';

    TextTable figures({"key", "value", "year", "by year", "from", "source"});
    figures.set_align(1, Align::right);
    std::vector<std::pair<std::string, std::string>> notes;
    for (const Figure* fig : profile.figures()) {
        const auto r = profile.resolved(fig->key, s.year);
        const std::string year_text = r.year ? (r.in_force ? "" : "from ") + std::to_string(*r.year) : "";
        figures.add_row({fig->key, r.in_force ? format_figure(r.value) : "-", year_text, detail::by_year_text(*fig),
                         fig->defined_in, fig->source});
        if (!fig->note.empty()) notes.emplace_back(fig->key, fig->note);
    }
    out << figures.render();
    out << groups_text(profile, s, false);

    out << "\nfacility kinds\n";
    TextTable kinds;
    kinds.set_header_rule(false);
    for (const auto& k : s.facility_kinds) kinds.add_row({"  " + k, profile.facility_label(k)});
    out << kinds.render();

    if (!notes.empty()) {
        out << "\nnotes\n";
        TextTable nt;
        nt.set_header_rule(false);
        for (const auto& [k, n] : notes) nt.add_row({"  " + k, n});
        out << nt.render();
    }
    if (!s.upcoming.empty()) {
        out << "\nupcoming (keyed years after " << s.year << ", not in force yet)\n";
        TextTable up;
        up.set_header_rule(false);
        for (const auto& u : s.upcoming) up.add_row({"  " + u.key, format_figure(u.value), "from " + std::to_string(u.year)});
        out << up.render();
    }
    if (!s.notes.empty()) {
        out << "\nyear notes\n";
        for (const auto& n : s.notes) out << "  " << n << '\n';
    }
    return out.str();
}

nlohmann::ordered_json upcoming_json(const Standards& s) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& u : s.upcoming) out.push_back({{"key", u.key}, {"year", u.year}, {"value", u.value}, {"source", u.source}});
    return out;
}

namespace {
nlohmann::ordered_json groups_json(const Standards& s) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& g : s.walking_groups) {
        out.push_back({{"id", g.id},
                       {"name_zh", g.name_zh},
                       {"name_en", g.name_en},
                       {"speed_mps", g.speed_mps},
                       {"share", g.share},
                       {"threshold_m", s.walking_minutes * 60.0 * g.speed_mps},
                       {"source", g.source}});
    }
    return out;
}
}  // namespace

nlohmann::ordered_json standards_json(const Standards& s) {
    return {{"profile", s.profile},
            {"title", s.title},
            {"year", s.year},
            {"land_per_capita_min_m2", s.land_per_capita_min_m2},
            {"land_per_capita_max_m2", s.land_per_capita_max_m2},
            {"area_per_100_households_m2", s.area_per_100_households_m2},
            {"min_single_site_area_m2", detail::optional_json(s.min_single_site_area_m2)},
            {"station_min_area_m2", s.station_min_area_m2},
            {"station_min_day_care_beds", s.station_min_day_care_beds},
            {"centre_min_area_m2", s.centre_min_area_m2},
            {"centre_min_beds", s.centre_min_beds},
            {"centre_min_nursing_share", s.centre_min_nursing_share},
            {"institution_public_bed_share", s.institution_public_bed_share},
            {"beds_per_1000_elderly", detail::optional_json(s.beds_per_1000_elderly)},
            {"nursing_bed_share", detail::optional_json(s.nursing_bed_share)},
            {"community_station_coverage", detail::optional_json(s.community_station_coverage)},
            {"street_centre_coverage", detail::optional_json(s.street_centre_coverage)},
            {"rural_coverage", detail::optional_json(s.rural_coverage)},
            {"new_estate_compliance", detail::optional_json(s.new_estate_compliance)},
            {"coverage_target", s.coverage_target},
            {"walking_minutes", s.walking_minutes},
            {"walking_speed_mps", s.walking_speed_mps},
            {"threshold_m", s.threshold_m()},
            {"elderly_share_default", s.elderly_share_default},
            {"facility_kinds", s.facility_kinds},
            {"walking_groups", groups_json(s)},
            {"notes", s.notes},
            {"upcoming", upcoming_json(s)}};
}

nlohmann::ordered_json profile_json(const Profile& profile, std::optional<int> year) {
    const Standards s = profile.resolve(year);
    nlohmann::ordered_json figures = nlohmann::ordered_json::object();
    for (const Figure* fig : profile.figures()) {
        const auto r = profile.resolved(fig->key, s.year);
        nlohmann::ordered_json f = {{"value", r.in_force ? nlohmann::ordered_json(r.value) : nlohmann::ordered_json(nullptr)},
                                    {"in_force", r.in_force},
                            {"year", r.year ? nlohmann::ordered_json(*r.year) : nlohmann::ordered_json(nullptr)},
                            {"source", fig->source},
                            {"defined_in", fig->defined_in}};
        if (!fig->by_year.empty()) {
            nlohmann::ordered_json values = nlohmann::ordered_json::object();
            for (const auto& [y, v] : fig->by_year) values[std::to_string(y)] = v;
            f["values"] = values;
        }
        if (!fig->note.empty()) f["note"] = fig->note;
        figures[fig->key] = f;
    }
    nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
    for (const auto& k : s.facility_kinds) kinds.push_back({{"kind", k}, {"label", profile.facility_label(k)}});
    return {{"profile", profile.name()},
            {"title", profile.title()},
            {"place", profile.place()},
            {"document", profile.document()},
            {"lineage", profile.lineage()},
            {"default_year", profile.default_year()},
            {"year", s.year},
            {"threshold_m", s.threshold_m()},
            {"figures", figures},
            {"standards", standards_json(s)},
            {"facility_kinds", kinds},
            {"notes", s.notes}};
}

}  // namespace lc::app
