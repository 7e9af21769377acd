#include "standards/profile.hpp"
#include "standards/data_dir.hpp"
#include "standards/facility_kind.hpp"

#include "lc/error.hpp"
#include "lc/suggest.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

namespace lc::app {
namespace detail {
namespace {

constexpr int k_min_year = 1900;
constexpr int k_max_year = 2100;
constexpr int k_max_inheritance_depth = 16;

/// One profile file as written, before inheritance.
struct RawProfile {
    std::filesystem::path path;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> place;
    std::optional<std::string> document;
    std::optional<int> default_year;
    std::optional<std::string> inherits;
    std::map<std::string, Figure, std::less<>> figures;
    std::map<std::string, std::string, std::less<>> labels;
    std::optional<std::vector<WalkingGroup>> walking_groups;  ///< [[walking.groups]], when the file lists them
};

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& key, const std::string& what) {
    throw InputError(InputLocation{file.string(), "", "", key}, "profile: " + what);
}

const KeyInfo* find_key(std::string_view key) {
    for (const auto& k : schema()) {
        if (k.key == key) return &k;
    }
    return nullptr;
}

bool is_facility_group(std::string_view dotted) {
    constexpr std::string_view prefix = "facility.";
    if (dotted.substr(0, prefix.size()) != prefix) return false;
    const auto kind = dotted.substr(prefix.size());
    if (kind.find('.') != std::string_view::npos) return false;
    const auto& kinds = canonical_facility_kinds();
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

/// Empty when `v` suits `kind`, else the reason.
std::string check_kind(FigureKind kind, double v) {
    if (!std::isfinite(v)) return "value is not a finite number";
    if (v < 0) return "value must not be negative";
    if (kind == FigureKind::positive && v <= 0) return "value must be greater than 0";
    if (kind == FigureKind::share && v > 1.0) return "value is a share and must lie in 0..1 (write 0.7 for 70%)";
    if (kind == FigureKind::integer && std::floor(v) != v) return "value must be a whole number";
    return {};
}

std::optional<double> as_number(const toml::node& node) {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node.as_floating_point()) return f->get();
    return std::nullopt;
}

Figure read_figure(const std::filesystem::path& file, const std::string& key, const toml::table& tbl,
                   const std::string& profile_name) {
    const KeyInfo* info = find_key(key);
    if (info == nullptr) fail(file, key, "unknown key (see docs/standards.md for the keys a profile may hold)");
    Figure fig;
    fig.key = key;
    fig.defined_in = profile_name;
    for (const auto& [k, node] : tbl) {
        const std::string sub{k.str()};
        if (sub == "value") {
            const auto v = as_number(node);
            if (!v) fail(file, key, "'value' must be a number");
            fig.value = *v;
        } else if (sub == "values") {
            const auto* years = node.as_table();
            if (years == nullptr) fail(file, key, "'values' must be a table of YEAR = number");
            for (const auto& [yk, yn] : *years) {
                const std::string ys{yk.str()};
                int year = 0;
                const bool digits = !ys.empty() && ys.size() <= 4 &&
                                    std::all_of(ys.begin(), ys.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
                if (digits) year = std::stoi(ys);
                if (!digits || year < k_min_year || year > k_max_year) {
                    fail(file, key, "year key '" + ys + "' in 'values' is not a year " + std::to_string(k_min_year) + ".." +
                                        std::to_string(k_max_year));
                }
                const auto v = as_number(yn);
                if (!v) fail(file, key, "value for year " + ys + " must be a number");
                fig.by_year[year] = *v;
            }
            if (fig.by_year.empty()) fail(file, key, "'values' is empty");
        } else if (sub == "source") {
            const auto* s = node.as_string();
            if (s == nullptr) fail(file, key, "'source' must be a string");
            fig.source = s->get();
        } else if (sub == "source_zh") {
            const auto* s = node.as_string();
            if (s == nullptr) fail(file, key, "'source_zh' must be a string");
            fig.source_zh = s->get();
        } else if (sub == "note") {
            const auto* s = node.as_string();
            if (s == nullptr) fail(file, key, "'note' must be a string");
            fig.note = s->get();
        } else {
            fail(file, key, "unexpected field '" + sub + "' (expected value or values, source, source_zh, note)");
        }
    }
    if (fig.value && !fig.by_year.empty()) fail(file, key, "give either 'value' or 'values', not both");
    if (!fig.value && fig.by_year.empty()) fail(file, key, "missing 'value' (or year-keyed 'values')");
    if (fig.source.find_first_not_of(" \t\r\n") == std::string::npos) fail(file, key, "missing 'source' (document and section, or standard and clause)");
    auto check = [&](double v, const std::string& where) {
        const auto why = check_kind(info->kind, v);
        if (!why.empty()) fail(file, key, why + where);
    };
    if (fig.value) check(*fig.value, "");
    for (const auto& [y, v] : fig.by_year) check(v, " (year " + std::to_string(y) + ")");
    return fig;
}

constexpr std::string_view k_groups_key = "walking.groups";
constexpr double k_share_tolerance = 1e-6;

/// [[walking.groups]]: an array of tables {id, name_zh, name_en, speed_mps, share,
/// source}; ids unique, speeds > 0, shares 0..1 summing to 1 (within 1e-6).
std::vector<WalkingGroup> read_walking_groups(const std::filesystem::path& file, const toml::node& node) {
    const std::string key{k_groups_key};
    const auto* arr = node.as_array();
    if (arr == nullptr || arr->empty()) {
        fail(file, key, "'walking.groups' must be a non-empty array of tables ([[walking.groups]] with id, name_zh, "
                        "name_en, speed_mps, share, source)");
    }
    std::vector<WalkingGroup> groups;
    std::set<std::string> ids;
    double total = 0;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto* tbl = arr->get(i)->as_table();
        const std::string where = key + "[" + std::to_string(i + 1) + "]";
        if (tbl == nullptr) fail(file, where, "each walking group is a table ([[walking.groups]])");
        WalkingGroup g;
        auto text = [&](const char* field, std::string& out) {
            const auto* n = tbl->get(field);
            const auto* s = n == nullptr ? nullptr : n->as_string();
            if (s == nullptr || s->get().find_first_not_of(" \t") == std::string::npos) {
                fail(file, where + "." + field, std::string{"missing or empty '"} + field + "' (a string)");
            }
            out = s->get();
        };
        auto number = [&](const char* field) {
            const auto* n = tbl->get(field);
            const auto v = n == nullptr ? std::nullopt : as_number(*n);
            if (!v) fail(file, where + "." + field, std::string{"missing '"} + field + "' (a number)");
            return *v;
        };
        for (const auto& [k, n] : *tbl) {
            const std::string f{k.str()};
            if (f != "id" && f != "name_zh" && f != "name_en" && f != "speed_mps" && f != "share" && f != "source") {
                fail(file, where + "." + f, "unexpected field '" + f + "' (expected id, name_zh, name_en, speed_mps, share, source)");
            }
        }
        text("id", g.id);
        const bool ok_id = std::all_of(g.id.begin(), g.id.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
        });
        if (!ok_id) fail(file, where + ".id", "id '" + g.id + "' may hold only letters, digits, '_' and '-'");
        if (!ids.insert(g.id).second) fail(file, where + ".id", "id '" + g.id + "' appears twice");
        text("name_zh", g.name_zh);
        text("name_en", g.name_en);
        text("source", g.source);
        g.speed_mps = number("speed_mps");
        if (!std::isfinite(g.speed_mps) || g.speed_mps <= 0) {
            fail(file, where + ".speed_mps", "group '" + g.id + "': speed_mps must be a number greater than 0");
        }
        g.share = number("share");
        if (!std::isfinite(g.share) || g.share < 0 || g.share > 1) {
            fail(file, where + ".share", "group '" + g.id + "': share must lie in 0..1 (write 0.5464 for 54.64%)");
        }
        total += g.share;
        groups.push_back(std::move(g));
    }
    if (std::abs(total - 1.0) > k_share_tolerance) {
        std::ostringstream msg;
        msg.precision(10);
        msg << "the groups' shares sum to " << total << ", not 1 (every elderly person belongs to one group)";
        fail(file, key, msg.str());
    }
    return groups;
}

bool is_metadata(std::string_view key) {
    return key == "name" || key == "title" || key == "place" || key == "document" || key == "inherits" || key == "default_year";
}

void walk(const std::filesystem::path& file, const toml::table& tbl, const std::string& prefix, RawProfile& out) {
    for (const auto& [k, node] : tbl) {
        const std::string key = prefix.empty() ? std::string{k.str()} : prefix + "." + std::string{k.str()};
        if (prefix.empty() && is_metadata(key)) continue;
        if (prefix.empty() && !node.is_table()) {
            fail(file, key, "unexpected top-level value (metadata keys: name, title, place, document, inherits, default_year)");
        }
        if (key == k_groups_key) {
            out.walking_groups = read_walking_groups(file, node);
            continue;
        }
        if (const auto* sub = node.as_table()) {
            const bool is_entry = sub->contains("value") || sub->contains("values") || sub->contains("source");
            if (is_entry) {
                out.figures[key] = read_figure(file, key, *sub, out.name);
            } else {
                walk(file, *sub, key, out);
            }
        } else if (is_facility_group(prefix) && k.str() == "label") {
            const auto* s = node.as_string();
            if (s == nullptr) fail(file, key, "'label' must be a string");
            out.labels[prefix.substr(std::string_view{"facility."}.size())] = s->get();
        } else {
            fail(file, key, "unexpected value: a figure is a table with value (or values), source and note");
        }
    }
}

std::optional<std::string> meta_string(const std::filesystem::path& file, const toml::table& tbl, const char* key) {
    const auto* node = tbl.get(key);
    if (node == nullptr) return std::nullopt;
    const auto* s = node->as_string();
    if (s == nullptr) fail(file, key, std::string{"'"} + key + "' must be a string");
    return s->get();
}

RawProfile parse_file(const std::filesystem::path& file) {
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << "profile: TOML syntax error at line " << e.source().begin.line << ", column " << e.source().begin.column
            << ": " << e.description();
        throw InputError(InputLocation{file.string(), "", "", ""}, msg.str());
    }
    RawProfile raw;
    raw.path = file;
    raw.name = meta_string(file, root, "name").value_or(file.stem().string());
    raw.title = meta_string(file, root, "title");
    raw.place = meta_string(file, root, "place");
    raw.document = meta_string(file, root, "document");
    raw.inherits = meta_string(file, root, "inherits");
    if (const auto* node = root.get("default_year")) {
        const auto* i = node->as_integer();
        if (i == nullptr || i->get() < k_min_year || i->get() > k_max_year) {
            fail(file, "default_year", "'default_year' must be a year " + std::to_string(k_min_year) + ".." + std::to_string(k_max_year));
        }
        raw.default_year = static_cast<int>(i->get());
    }
    walk(file, root, "", raw);
    return raw;
}

bool looks_like_path(std::string_view s) {
    return s.find('/') != std::string_view::npos || s.find('\\') != std::string_view::npos ||
           (s.size() > 5 && s.substr(s.size() - 5) == ".toml");
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

/// Does `p` name a regular file? A name the system refuses (too long, ...) does
/// not: the caller then says "unknown profile" rather than throwing filesystem_error.
bool is_file(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

std::filesystem::path find_named(std::string_view name, const std::filesystem::path& near) {
    const std::string file = std::string{name} + ".toml";
    if (!near.empty() && is_file(near / file)) return near / file;
    const auto dir = profiles_dir();
    if (is_file(dir / file)) return dir / file;
    return {};
}

std::string last_segment(std::string_view key) {
    const auto dot = key.rfind('.');
    return std::string{dot == std::string_view::npos ? key : key.substr(dot + 1)};
}

std::vector<std::string> close_keys(std::string_view key) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    const auto tail = last_segment(key);
    for (const auto& k : schema()) {
        const auto d = edit_distance(key, k.key);
        const bool same_tail = !tail.empty() && last_segment(k.key) == tail;
        const bool contains = key.size() >= 4 && k.key.find(key) != std::string::npos;
        if (d <= std::max<std::size_t>(3, key.size() / 4) || same_tail || contains) scored.emplace_back(d, k.key);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < 5; ++i) out.push_back(scored[i].second);
    return out;
}

std::string all_keys() {
    std::vector<std::string> keys;
    for (const auto& k : schema()) keys.push_back(k.key);
    return join(keys, ", ");
}

ResolvedFigure resolve_figure(const Figure& fig, int year) {
    ResolvedFigure r;
    if (fig.value) {
        r.value = *fig.value;
        return r;
    }
    auto it = fig.by_year.upper_bound(year);
    if (it == fig.by_year.begin()) {
        r.value = it->second;
        r.year = it->first;
        r.note = "year " + std::to_string(year) + " precedes every keyed year of " + fig.key + "; using " +
                 std::to_string(it->first);
        r.in_force = false;
        return r;
    }
    --it;
    r.value = it->second;
    r.year = it->first;
    return r;
}

void check_year(int year) {
    if (year < k_min_year || year > k_max_year) {
        throw ArgumentError("profile: --year " + std::to_string(year) + " is out of range (" + std::to_string(k_min_year) + ".." +
                            std::to_string(k_max_year) + ")");
    }
}

double parse_number(std::string_view key, std::string_view text) {
    std::string s{text};
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    errno = 0;
    char* end = nullptr;
    const double v = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) {
        throw ArgumentError("profile: --set " + std::string{key} + "=" + std::string{text} + ": '" + std::string{text} +
                            "' is not a number");
    }
    return v;
}

void apply_override(std::map<std::string, Figure, std::less<>>& figures, const std::string& key_in, const std::string& text) {
    std::string key = key_in;
    std::optional<int> year;
    // KEY.YYYY sets one year of a year-dependent figure.
    if (find_key(key) == nullptr) {
        const auto dot = key.rfind('.');
        if (dot != std::string::npos) {
            const auto tail = key.substr(dot + 1);
            if (tail.size() == 4 && std::all_of(tail.begin(), tail.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
                find_key(key.substr(0, dot)) != nullptr) {
                year = std::stoi(tail);
                key = key.substr(0, dot);
                if (*year < k_min_year || *year > k_max_year) {
                    throw ArgumentError("profile: --set " + key_in + "=" + text + ": year " + tail + " is out of range (" +
                                        std::to_string(k_min_year) + ".." + std::to_string(k_max_year) + ")");
                }
            }
        }
    }
    const KeyInfo* info = find_key(key);
    if (info == nullptr) {
        const auto close = close_keys(key);
        std::string msg = "profile: --set: unknown key '" + key_in + "'";
        if (!close.empty()) msg += " (did you mean: " + join(close, ", ") + "?)";
        msg += "; valid keys: " + all_keys();
        throw ArgumentError(msg);
    }
    const double v = parse_number(key_in, text);
    const auto why = check_kind(info->kind, v);
    if (!why.empty()) throw ArgumentError("profile: --set " + key_in + "=" + text + ": " + why);

    const std::string origin = "--set " + key_in + "=" + text + " on the command line";
    auto it = figures.find(key);
    if (it == figures.end()) {
        Figure fig;
        fig.key = key;
        it = figures.emplace(key, std::move(fig)).first;
    }
    Figure& fig = it->second;
    const std::string replaced = fig.source;
    if (year) {
        if (fig.value) {  // turn a single value into a keyed one: it stands for every earlier year
            fig.by_year.clear();
            fig.by_year[k_min_year] = *fig.value;
            fig.value.reset();
        }
        fig.by_year[*year] = v;
    } else {
        fig.value = v;
        fig.by_year.clear();
    }
    fig.source = replaced.empty() ? origin : origin + " (replaces: " + replaced + ")";
    const std::string origin_zh = "命令行 --set " + key_in + "=" + text + " 设定";
    const std::string replaced_zh = fig.source_zh.empty() ? replaced : fig.source_zh;
    fig.source_zh = replaced_zh.empty() ? origin_zh : origin_zh + "（替代：" + replaced_zh + "）";
    fig.defined_in = "--set";
}

/// A subsidy's payer parts (as the files give them, before --set) must sum to its
/// `yuan` in every keyed year: a typo in a split is caught where it is written.
void check_subsidy_parts(const std::filesystem::path& file, const std::map<std::string, Figure, std::less<>>& figures,
                         int default_year) {
    for (const auto& item : subsidy_items()) {
        const auto total = figures.find(item.key + ".yuan");
        std::vector<const Figure*> parts;
        for (const auto& payer : subsidy_payers()) {
            if (auto it = figures.find(item.key + "." + payer); it != figures.end()) parts.push_back(&it->second);
        }
        if (parts.empty()) continue;
        if (total == figures.end()) {
            fail(file, parts.front()->key, "a payer's part without '" + item.key + ".yuan' (the amount it is part of)");
        }
        std::set<int> years{default_year};
        for (const Figure* f : parts) {
            for (const auto& [y, v] : f->by_year) years.insert(y);
        }
        for (const auto& [y, v] : total->second.by_year) years.insert(y);
        for (const int y : years) {
            double sum = 0;
            for (const Figure* f : parts) sum += resolve_figure(*f, y).value;
            const double want = resolve_figure(total->second, y).value;
            if (std::abs(sum - want) > 0.5) {
                std::ostringstream msg;
                msg << "the payers' parts of " << item.key << " sum to " << sum << " yuan, not its 'yuan' " << want
                    << (total->second.by_year.empty() ? "" : " (year " + std::to_string(y) + ")");
                fail(file, item.key, msg.str());
            }
        }
    }
}

}  // namespace
}  // namespace detail

const std::vector<SubsidyItem>& subsidy_items() {
    static const std::vector<SubsidyItem> items = {
        {"subsidy.institution.new_bed", "bed", "subsidy: one-off per bed of a new institution (yuan/bed)"},
        {"subsidy.institution.expanded_bed", "bed", "subsidy: one-off per bed added to an existing institution (改扩建; yuan/bed)"},
        {"subsidy.institution.leased_bed", "bed", "subsidy: one-off per bed of an institution in leased premises (yuan/bed)"},
        {"subsidy.institution.operating_bed", "bed-year", "subsidy: operating subsidy per institution bed and year (yuan/bed/year)"},
        {"subsidy.station.new_site", "site", "subsidy: one-off per new community station (yuan)"},
        {"subsidy.day_care.new_site", "site", "subsidy: one-off per new day-care centre (yuan)"},
        {"subsidy.day_care.operating", "site-year", "subsidy: operating subsidy per day-care centre and year (yuan/year)"},
        {"subsidy.rural_home.new_site", "site", "subsidy: one-off per new rural mutual-aid home (yuan)"},
    };
    return items;
}

const std::vector<std::string>& subsidy_payers() {
    static const std::vector<std::string> payers = {"region", "city", "district"};
    return payers;
}

const std::vector<KeyInfo>& schema() {
    using K = FigureKind;
    static const std::vector<KeyInfo> keys = {
        {"land.per_capita_min_m2", K::real, true, "minimum elderly-service land per resident (m2)"},
        {"land.per_capita_max_m2", K::real, true, "upper end of the per-capita land range (m2)"},
        {"estate.area_per_100_households_m2", K::real, true, "elderly-service building area per 100 households (m2)"},
        {"estate.min_single_site_area_m2", K::real, false, "minimum building area of a single estate facility site (m2)"},
        {"estate.new_estate_compliance", K::share, false, "target share of new estates meeting the provision rule"},
        {"facility.station.min_building_area_m2", K::real, true, "community station: minimum building area (m2)"},
        {"facility.station.min_day_care_beds", K::integer, true, "community station: minimum day-care beds"},
        {"facility.day_care.min_building_area_m2", K::real, false, "day-care centre: minimum building area (m2)"},
        {"facility.day_care.min_day_care_beds", K::integer, false, "day-care centre: minimum day-care beds"},
        {"facility.day_care.served_population_min", K::integer, false, "day-care centre: residents served, lower end"},
        {"facility.day_care.served_population_max", K::integer, false, "day-care centre: residents served, upper end"},
        {"facility.centre.min_building_area_m2", K::real, true, "street centre: minimum building area (m2)"},
        {"facility.centre.min_beds", K::integer, true, "street centre: minimum beds"},
        {"facility.centre.min_nursing_share", K::share, true, "street centre: minimum nursing-bed share"},
        {"facility.institution.public_bed_share", K::share, true, "public institution beds as a share of the elderly"},
        {"facility.institution.min_floor_area_per_bed_m2", K::real, false, "institution: minimum floor area per bed (m2)"},
        {"facility.institution.land_per_bed_min_m2", K::real, false, "institution: land per bed, lower end (m2)"},
        {"facility.institution.land_per_bed_max_m2", K::real, false, "institution: land per bed, upper end (m2)"},
        {"facility.institution.served_population_min", K::integer, false, "institution: residents served, lower end"},
        {"facility.institution.served_population_max", K::integer, false, "institution: residents served, upper end"},
        {"facility.rural_home.min_building_area_m2", K::real, false, "rural mutual-aid home: minimum building area (m2)"},
        {"facility.rural_home.min_day_care_beds", K::integer, false, "rural mutual-aid home: minimum day-care beds"},
        {"facility.conversion_simple_max_area_m2", K::real, false, "buildings up to this area converted to elderly service need fewer permits (m2)"},
        {"beds.per_1000_elderly", K::real, false, "institutional beds per 1000 elderly"},
        {"beds.nursing_share", K::share, false, "nursing-type beds as a share of institutional beds"},
        {"coverage.community_station", K::share, false, "share of urban communities with an elderly-service facility"},
        {"coverage.street_centre", K::share, false, "share of streets/towns with a comprehensive centre"},
        {"coverage.rural", K::share, false, "share of villages with a rural facility"},
        {"coverage.target_15min", K::share, true, "share of the elderly to be within the 15-minute circle"},
        {"walking.minutes", K::real, true, "walking minutes of the service circle"},
        {"walking.speed_mps", K::real, true, "walking speed (m/s)"},
        {"walking.planning_speed_m_per_min", K::real, false, "planning-practice walking speed (m/min), alternative"},
        {"walking.elderly_speed_mps", K::real, false, "older walkers' speed (m/s), alternative"},
        {"circle.m15_min_m", K::real, false, "15-minute life circle, lower distance (m)"},
        {"circle.m15_max_m", K::real, false, "15-minute life circle, upper distance (m)"},
        {"circle.m10_m", K::real, false, "10-minute life circle distance (m)"},
        {"circle.m5_m", K::real, false, "5-minute life circle distance (m)"},
        {"population.elderly_share_default", K::share, true, "60+ share of the population when estates lack an elderly count"},
        {"population.household_size", K::positive, false, "persons per household when estates lack a household count (open-data runs)"},
        {"population.floor_area_per_person_m2", K::positive, false, "residential floor area per person (m2), for --population-from-buildings"},
        {"layout.station_plot_ratio", K::positive, false, "layout plan: building area / land area of a new community station (planning assumption)"},
        {"layout.centre_plot_ratio", K::positive, false, "layout plan: building area / land area of a street centre (planning assumption)"},
        {"cost.station_yuan_per_m2", K::real, false, "layout plan: construction cost of a community station per m2 of building (yuan; planning assumption)"},
        {"cost.centre_yuan_per_m2", K::real, false, "layout plan: construction cost of a street centre per m2 of building (yuan; planning assumption)"},
        {"cost.institution_yuan_per_m2", K::real, false, "layout plan: construction cost of an institution per m2 of building (yuan; planning assumption)"},
    };
    static const std::vector<KeyInfo> all = [] {
        std::vector<KeyInfo> out = keys;
        // Subsidy items: the amount per unit, and the part each payer gives (amounts
        // that sum to the total; see subsidy_items()).
        for (const auto& item : subsidy_items()) {
            out.push_back({item.key + ".yuan", K::real, false, item.description});
            for (const auto& payer : subsidy_payers()) {
                out.push_back({item.key + "." + payer, K::real, false, item.key + ": the part " + payer + " finance pays (yuan)"});
            }
        }
        out.push_back({"subsidy.institution.floor_per_bed_m2", K::positive, false,
                       "subsidy: building area a subsidised institution bed stands for (m2; beds counted = floor / this)"});
        out.push_back({"subsidy.institution.operating_years", K::integer, false, "subsidy: years the institution operating subsidy is paid"});
        out.push_back({"subsidy.station.min_building_area_m2", K::real, false, "subsidy: a new station qualifies from this building area (m2)"});
        out.push_back({"subsidy.day_care.min_building_area_m2", K::real, false, "subsidy: a new day-care centre qualifies from this building area (m2)"});
        out.push_back({"subsidy.rural_home.min_households", K::integer, false, "subsidy: a new rural mutual-aid home qualifies from this many households"});
        return out;
    }();
    return all;
}

Overrides parse_overrides(const std::vector<std::string>& set_args) {
    Overrides out;
    for (const auto& arg : set_args) {
        const auto eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw ArgumentError("profile: --set '" + arg + "': expected KEY=VALUE (e.g. --set facility.station.min_building_area_m2=200)");
        }
        out.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
    return out;
}

std::filesystem::path profiles_dir() {
    return data_subdir("profiles", "LIFECIRCLE_PROFILES");
}

std::vector<std::string> profile_names() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(profiles_dir(), ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        if ((a == "national") != (b == "national")) return a == "national";
        return a < b;
    });
    return names;
}

std::vector<ProfileSummary> list_profiles() {
    std::vector<ProfileSummary> out;
    for (const auto& name : profile_names()) {
        const auto p = Profile::load(name);
        out.push_back(ProfileSummary{p.name(), p.title(), p.place(), p.years(), p.default_year(), p.path()});
    }
    return out;
}

void check_overrides(const Overrides& overrides) {
    std::map<std::string, Figure, std::less<>> scratch;
    for (const auto& [key, text] : overrides) detail::apply_override(scratch, key, text);
}

Profile Profile::load(std::string_view name_or_path, const Overrides& overrides) {
    std::filesystem::path file;
    if (detail::looks_like_path(name_or_path)) {
        file = std::filesystem::path{std::string{name_or_path}};
        if (!detail::is_file(file)) {
            throw ArgumentError("profile: no profile file '" + std::string{name_or_path} + "'");
        }
    } else {
        const bool ok_name = !name_or_path.empty() && std::all_of(name_or_path.begin(), name_or_path.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
        });
        if (ok_name) file = detail::find_named(name_or_path, {});
        if (file.empty()) {
            throw ArgumentError("profile: unknown profile '" + std::string{name_or_path} + "' (valid: " +
                                detail::join(profile_names(), ", ") + "; or a path to a .toml file)");
        }
    }

    // Read the chain leaf -> root.
    std::vector<detail::RawProfile> chain;
    std::set<std::filesystem::path> seen;
    for (auto current = file;;) {
        std::error_code ec;  // a path the system refuses is compared as written
        auto canonical = std::filesystem::weakly_canonical(current, ec);
        if (ec) canonical = current.lexically_normal();
        if (!seen.insert(canonical).second) {
            detail::fail(current, "inherits", "inheritance cycle through '" + current.string() + "'");
        }
        chain.push_back(detail::parse_file(current));
        const auto& raw = chain.back();
        if (!raw.inherits) break;
        if (chain.size() >= static_cast<std::size_t>(detail::k_max_inheritance_depth)) {
            detail::fail(current, "inherits", "inheritance deeper than " + std::to_string(detail::k_max_inheritance_depth));
        }
        auto parent = detail::find_named(*raw.inherits, current.parent_path());
        if (parent.empty()) {
            detail::fail(current, "inherits", "parent profile '" + *raw.inherits + "' not found (valid: " +
                                                  detail::join(profile_names(), ", ") + ")");
        }
        current = parent;
    }

    Profile p;
    p.m_path = file;
    p.m_name = chain.front().name;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {  // root first, leaf last wins
        if (it->title) p.m_title = *it->title;
        if (it->place) p.m_place = *it->place;
        if (it->document) p.m_document = *it->document;
        if (it->default_year) p.m_default_year = *it->default_year;
        for (const auto& [k, fig] : it->figures) p.m_figures[k] = fig;
        for (const auto& [k, label] : it->labels) p.m_labels[k] = label;
        if (it->walking_groups) {  // a profile's list replaces its parent's whole
            p.m_walking_groups = *it->walking_groups;
            p.m_walking_groups_in = it->name;
        }
    }
    for (const auto& raw : chain) p.m_lineage.push_back(raw.name);
    if (p.m_default_year == 0) detail::fail(file, "default_year", "no 'default_year' in the profile or its parents");
    for (const auto& k : schema()) {
        if (k.required && p.m_figures.find(k.key) == p.m_figures.end()) {
            detail::fail(file, k.key, "required figure missing (define it here or in a parent profile)");
        }
    }
    detail::check_subsidy_parts(file, p.m_figures, p.m_default_year);
    for (const auto& [key, text] : overrides) detail::apply_override(p.m_figures, key, text);
    return p;
}

std::vector<const Figure*> Profile::figures() const {
    std::vector<const Figure*> out;
    for (const auto& k : schema()) {
        if (auto it = m_figures.find(k.key); it != m_figures.end()) out.push_back(&it->second);
    }
    return out;
}

bool Profile::has(std::string_view key) const { return m_figures.find(key) != m_figures.end(); }

const Figure& Profile::figure(std::string_view key) const {
    if (auto it = m_figures.find(key); it != m_figures.end()) return it->second;
    if (detail::find_key(key) == nullptr) {
        throw ArgumentError("profile: unknown key '" + std::string{key} + "'; valid keys: " + detail::all_keys());
    }
    throw ArgumentError("profile: '" + m_name + "' does not set '" + std::string{key} + "' (set it with --set " + std::string{key} + "=VALUE)");
}

ResolvedFigure Profile::resolved(std::string_view key, std::optional<int> year) const {
    const int y = year.value_or(m_default_year);
    detail::check_year(y);
    return detail::resolve_figure(figure(key), y);
}

double Profile::number(std::string_view key, std::optional<int> year) const { return resolved(key, year).value; }

std::optional<int> Profile::value_year(std::string_view key, std::optional<int> year) const { return resolved(key, year).year; }

std::string Profile::source(std::string_view key) const { return figure(key).source; }

std::string Profile::source_zh(std::string_view key) const {
    const Figure& fig = figure(key);
    if (!fig.source_zh.empty()) return fig.source_zh;
    // A Chinese citation without source_zh ("000 §三(一)2: 按照…"): Chinese punctuation.
    std::string s = fig.source;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{": ", "："}, {"; ", "；"}}) {
        for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
    }
    return s;
}

std::vector<int> Profile::years() const {
    std::set<int> ys;
    for (const auto& [k, fig] : m_figures) {
        for (const auto& [y, v] : fig.by_year) ys.insert(y);
    }
    return {ys.begin(), ys.end()};
}

std::vector<std::string> Profile::facility_kinds() const {
    std::set<std::string, std::less<>> present;
    for (const auto& [k, label] : m_labels) present.insert(k);
    for (const auto& [k, fig] : m_figures) {
        constexpr std::string_view prefix = "facility.";
        if (k.rfind(prefix, 0) != 0) continue;
        const auto rest = k.substr(prefix.size());
        const auto dot = rest.find('.');
        if (dot != std::string::npos) present.insert(rest.substr(0, dot));
    }
    std::vector<std::string> out;
    for (const auto& kind : canonical_facility_kinds()) {
        if (present.erase(kind) > 0) out.push_back(kind);
    }
    out.insert(out.end(), present.begin(), present.end());
    return out;
}

std::string Profile::facility_label(std::string_view kind) const {
    if (auto it = m_labels.find(kind); it != m_labels.end()) return it->second;
    return {};
}

Standards Profile::resolve(std::optional<int> year) const {
    Standards s;
    s.profile = m_name;
    s.title = m_title;
    s.year = year.value_or(m_default_year);
    detail::check_year(s.year);
    auto num = [&](std::string_view key) {
        auto r = resolved(key, s.year);
        if (!r.note.empty()) s.notes.push_back(r.note);
        return r.value;
    };
    // An optional target keyed by year is in force from its first keyed year:
    // before it there is no target (it is listed among the upcoming ones).
    auto opt = [&](std::string_view key) -> std::optional<double> {
        if (!has(key) || !resolved(key, s.year).in_force) return std::nullopt;
        return num(key);
    };
    auto whole = [&](std::string_view key) { return static_cast<int>(std::lround(num(key))); };
    s.land_per_capita_min_m2 = num("land.per_capita_min_m2");
    s.land_per_capita_max_m2 = num("land.per_capita_max_m2");
    s.area_per_100_households_m2 = num("estate.area_per_100_households_m2");
    s.min_single_site_area_m2 = opt("estate.min_single_site_area_m2");
    s.station_min_area_m2 = num("facility.station.min_building_area_m2");
    s.station_min_day_care_beds = whole("facility.station.min_day_care_beds");
    s.centre_min_area_m2 = num("facility.centre.min_building_area_m2");
    s.centre_min_beds = whole("facility.centre.min_beds");
    s.centre_min_nursing_share = num("facility.centre.min_nursing_share");
    s.institution_public_bed_share = num("facility.institution.public_bed_share");
    s.beds_per_1000_elderly = opt("beds.per_1000_elderly");
    s.nursing_bed_share = opt("beds.nursing_share");
    s.community_station_coverage = opt("coverage.community_station");
    s.street_centre_coverage = opt("coverage.street_centre");
    s.rural_coverage = opt("coverage.rural");
    s.new_estate_compliance = opt("estate.new_estate_compliance");
    s.coverage_target = num("coverage.target_15min");
    s.walking_minutes = num("walking.minutes");
    s.walking_speed_mps = num("walking.speed_mps");
    s.elderly_share_default = num("population.elderly_share_default");
    s.household_size = opt("population.household_size");
    s.floor_area_per_person = opt("population.floor_area_per_person_m2");
    s.facility_kinds = facility_kinds();
    s.walking_groups = m_walking_groups;
    for (const auto& [key, fig] : m_figures) {
        for (auto it = fig.by_year.upper_bound(s.year); it != fig.by_year.end(); ++it) {
            s.upcoming.push_back({key, it->first, it->second, fig.source});
        }
    }
    return s;
}

const WalkingGroup& find_walking_group(const Standards& standards, std::string_view id, std::string_view flag) {
    std::string ids;
    for (const auto& g : standards.walking_groups) {
        if (g.id == id) return g;
        ids += (ids.empty() ? "" : ", ") + g.id;
    }
    if (ids.empty()) {
        throw ArgumentError(std::string{flag} + " " + std::string{id} + ": profile '" + standards.profile +
                            "' has no walking groups (walking.groups)");
    }
    throw ArgumentError(std::string{flag} + ": unknown walking group '" + std::string{id} + "' (groups of profile '" +
                        standards.profile + "': " + ids + ")");
}

}  // namespace lc::app
