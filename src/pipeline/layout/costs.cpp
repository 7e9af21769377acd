// The cost and subsidy estimate of the layout plan. Construction: the building
// area a row adds × the profile's cost per m² of its level (cost.*, planning
// assumptions). Subsidies: the city's own (subsidy.*, each with its source),
// applied as its document states them, on the condition that the operator
// qualifies (the estimate assumes it does and the report says so):
//   institution, new site or a later stage of one: subsidy.institution.new_bed
//     per bed added; enlarging an existing institution: expanded_bed (none when
//     the city gives no figure); beds counted = min(beds added, building added /
//     subsidy.institution.floor_per_bed_m2) when that figure is set;
//     operating_bed per bed added and year;
//   new station: subsidy.day_care.new_site (+ its operating subsidy) when the
//     city has one and the station reaches subsidy.day_care.min_building_area_m2,
//     else subsidy.station.new_site from subsidy.station.min_building_area_m2;
//   centres and enlargements of stations: none (no seed gives one).
// A subsidy's payer parts split it in their proportions (a --set of the total
// keeps the split); without parts its payer is "unspecified".
#include "pipeline/layout/work.hpp"

#include <algorithm>
#include <set>

namespace lc::app {

std::string_view phase_term(std::size_t k, std::size_t n) {
    if (k == 0 || n < 2) return "near";
    return k + 1 == n ? "long" : "mid";
}

std::string_view phase_term(int year, const std::vector<int>& phases) {
    for (std::size_t k = 0; k < phases.size(); ++k) {
        if (phases[k] == year) return phase_term(k, phases.size());
    }
    return "";
}

namespace layout {
namespace {

const char* cost_key(Level level) {
    switch (level) {
        case Level::station: return "cost.station_yuan_per_m2";
        case Level::centre: return "cost.centre_yuan_per_m2";
        case Level::institution: return "cost.institution_yuan_per_m2";
        case Level::land: break;
    }
    return "";
}

double figure_or(const Profile& p, const std::string& key, int year, double fallback) {
    return p.has(key) ? p.number(key, year) : fallback;
}

/// `units` of subsidy item `item` in `year`, split by payer.
Money item_money(const Profile& p, const std::string& item, int year, double units) {
    Money m;
    if (!p.has(item + ".yuan") || units <= 0) return m;
    m.total = p.number(item + ".yuan", year) * units;
    if (m.total <= 0) return m;
    double parts = 0;
    for (const auto& payer : subsidy_payers()) parts += figure_or(p, item + "." + payer, year, 0.0);
    if (parts <= 0) {
        m.by_payer["unspecified"] = m.total;
        return m;
    }
    for (const auto& payer : subsidy_payers()) {
        const double part = figure_or(p, item + "." + payer, year, 0.0);
        if (part > 0) m.by_payer[payer] = m.total * part / parts;
    }
    return m;
}

std::string units_text(double units) { return format_number(units, units == std::floor(units) ? 0 : 2, false); }

/// The row of the same site just before rows[i] (an earlier phase, or the
/// site's build row in the same phase), or null.
const LayoutSite* previous_row(const std::vector<LayoutSite>& rows, std::size_t i) {
    const LayoutSite& s = rows[i];
    const std::string key = chain_key(s);
    if (key.empty()) return nullptr;
    // Earlier phase first; in one phase (a row deferred into the phase of the
    // site's next row) the build row, then the smaller totals (a site never shrinks).
    auto before = [](const LayoutSite& a, const LayoutSite& b) {
        if (a.phase != b.phase) return a.phase < b.phase;
        if (a.action != b.action) return a.action == SiteAction::build;
        return a.beds < b.beds || (a.beds == b.beds && a.building_area_m2 < b.building_area_m2);
    };
    const LayoutSite* prev = nullptr;
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (j == i || chain_key(rows[j]) != key || !before(rows[j], s)) continue;
        if (prev == nullptr || before(*prev, rows[j])) prev = &rows[j];
    }
    return prev;
}

/// Elderly of phase k living in the estates `pred` accepts.
template <class Pred>
double elderly_where(const Work& w, std::size_t k, Pred pred) {
    double sum = 0;
    for (std::size_t i = 0; i < w.city.estates.size(); ++i) {
        if (pred(w.city.estates[i])) sum += w.elderly[k][i];
    }
    return sum;
}

/// The elderly a row serves in phase k: a station the elderly it brings within
/// the threshold (its gain) or those of the estates it serves (its community);
/// a centre the elderly of its street; an institution the elderly its added
/// beds are for (1000 / beds per 1000 elderly each, else 1 / the public bed share).
double elderly_served(const Work& w, const LayoutSite& s, std::size_t k, double beds_added) {
    if (k >= w.elderly.size()) return 0;
    switch (s.level) {
        case Level::station: {
            if (s.gain > 0) return s.gain;
            std::set<std::string> ids(s.serves.begin(), s.serves.end());
            if (ids.empty() && s.action == SiteAction::enlarge) {  // an existing station: its community
                const std::size_t j = facility_index(w, s.facility_id);
                std::string community;
                if (j != k_none) {
                    for (const auto& e : w.city.estates) {
                        if (e.id == w.city.facilities[j].estate_id) community = e.community;
                    }
                }
                if (community.empty()) return 0;
                return elderly_where(w, k, [&](const Estate& e) { return e.community == community; });
            }
            return elderly_where(w, k, [&](const Estate& e) { return ids.count(e.id) > 0; });
        }
        case Level::centre: {
            if (s.serves.empty()) return 0;
            return elderly_where(w, k, [&](const Estate& e) { return e.street == s.serves.front(); });
        }
        case Level::institution: {
            const Standards& st = w.st[k];
            if (st.beds_per_1000_elderly && *st.beds_per_1000_elderly > 0) return beds_added * 1000.0 / *st.beds_per_1000_elderly;
            if (st.institution_public_bed_share > 0) return beds_added / st.institution_public_bed_share;
            return beds_added;
        }
        case Level::land: break;
    }
    return 0;
}

std::size_t phase_index(const Work& w, int year) {
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        if (w.phases[k] >= year) return k;
    }
    return w.last();
}

}  // namespace

SiteCost site_cost(const Work& w, const std::vector<LayoutSite>& rows, std::size_t i) {
    const LayoutSite& s = rows[i];
    const Profile& prof = w.run.profile;
    SiteCost c;
    c.site_id = s.id;
    c.level = s.level;
    c.action = s.action;
    c.phase = s.phase;
    c.where = s.parcel_id.empty() ? s.facility_id : s.parcel_id;
    if (s.action == SiteAction::land_reserve || s.level == Level::land) return c;
    const int year = s.phase;
    // What stood before: the site's previous row, the enlarged facility, or nothing.
    double base_area = 0, base_beds = 0;
    const std::size_t fac = s.action == SiteAction::enlarge ? facility_index(w, s.facility_id) : k_none;
    const bool new_site = s.action == SiteAction::build || fac == k_none;
    if (const LayoutSite* prev = previous_row(rows, i)) {
        base_area = prev->building_area_m2;
        base_beds = prev->beds;
    } else if (fac != k_none) {
        base_area = w.city.facilities[fac].building_area;
        base_beds = w.city.facilities[fac].beds;
    }
    c.building_area_m2 = std::max(0.0, s.building_area_m2 - base_area);
    c.beds = std::max(0.0, s.beds - base_beds);
    c.construction_yuan = c.building_area_m2 * figure_or(prof, cost_key(s.level), year, 0.0);
    c.elderly_served = elderly_served(w, s, phase_index(w, year), c.beds);

    auto add = [&](const std::string& item, double units, bool operating) {
        const Money m = item_money(prof, item, year, units);
        if (m.total <= 0) return;
        (operating ? c.operating_per_year : c.subsidy).add(m);
        c.items.push_back(item + " × " + units_text(units));
    };
    if (s.level == Level::institution) {
        double counted = c.beds;
        if (prof.has("subsidy.institution.floor_per_bed_m2")) {
            const double per_bed = prof.number("subsidy.institution.floor_per_bed_m2", year);
            counted = std::min(counted, std::floor(c.building_area_m2 / per_bed + 1e-9));
        }
        add(new_site ? "subsidy.institution.new_bed" : "subsidy.institution.expanded_bed", counted, false);
        add("subsidy.institution.operating_bed", c.beds, true);
    } else if (s.level == Level::station && s.action == SiteAction::build) {
        const double area = s.building_area_m2;
        if (prof.has("subsidy.day_care.new_site.yuan") &&
            area + k_eps >= figure_or(prof, "subsidy.day_care.min_building_area_m2", year, 0.0)) {
            add("subsidy.day_care.new_site", 1, false);
            add("subsidy.day_care.operating", 1, true);
        } else if (prof.has("subsidy.station.new_site.yuan") &&
                   area + k_eps >= figure_or(prof, "subsidy.station.min_building_area_m2", year, 0.0)) {
            add("subsidy.station.new_site", 1, false);
        }
    }
    return c;
}

LayoutCosts estimate_costs(const Work& w, const std::vector<LayoutSite>& beyond) {
    const Profile& prof = w.run.profile;
    const int last_year = w.phases.back();
    LayoutCosts out;
    out.phase_budget = w.cfg.phase_budget;
    for (const Level level : {Level::station, Level::centre, Level::institution}) {
        const std::string key = cost_key(level);
        if (prof.has(key)) {
            out.yuan_per_m2[level] = prof.number(key, last_year);
            out.basis[level] = prof.source(key);
        } else {
            out.yuan_per_m2[level] = 0;
            out.basis[level] = "no " + key + " in the profile: construction not costed";
        }
    }
    if (prof.has("subsidy.institution.operating_years")) {
        out.operating_years = static_cast<int>(std::lround(prof.number("subsidy.institution.operating_years", last_year)));
    }
    for (const auto& item : subsidy_items()) {
        if (!prof.has(item.key + ".yuan")) continue;
        SubsidyUsed u;
        u.key = item.key;
        u.unit = item.unit;
        u.yuan = prof.number(item.key + ".yuan", last_year);
        for (const auto& payer : subsidy_payers()) {
            if (prof.has(item.key + "." + payer)) u.parts[payer] = prof.number(item.key + "." + payer, last_year);
        }
        const Figure& f = prof.figure(item.key + ".yuan");
        u.source = f.source;
        u.note = f.note;
        out.subsidies.push_back(std::move(u));
    }

    std::vector<LayoutSite> rows = w.sites;
    rows.insert(rows.end(), beyond.begin(), beyond.end());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].action == SiteAction::land_reserve) continue;
        SiteCost c = site_cost(w, rows, i);
        if (i >= w.sites.size()) c.phase = 0;
        out.sites.push_back(std::move(c));
    }
    for (std::size_t k = 0; k < w.phases.size(); ++k) {
        PhaseCost p;
        p.year = w.phases[k];
        p.term = std::string(phase_term(k, w.phases.size()));
        for (const auto& c : out.sites) {
            if (c.phase == 0 || c.phase > p.year) continue;
            p.operating_per_year.add(c.operating_per_year);
            if (c.phase != p.year) continue;
            p.building_area_m2 += c.building_area_m2;
            p.beds += c.beds;
            p.construction_yuan += c.construction_yuan;
            p.subsidy.add(c.subsidy);
            ++p.sites;
        }
        out.total.building_area_m2 += p.building_area_m2;
        out.total.beds += p.beds;
        out.total.construction_yuan += p.construction_yuan;
        out.total.subsidy.add(p.subsidy);
        out.total.sites += p.sites;
        out.phases.push_back(std::move(p));
    }
    out.total.term = "total";
    if (!out.phases.empty()) out.total.operating_per_year = out.phases.back().operating_per_year;

    // What the budget deferred, by the phase that deferred it.
    for (const int from : w.phases) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const LayoutSite& s = rows[i];
            if (std::find(s.deferred_from.begin(), s.deferred_from.end(), from) == s.deferred_from.end()) continue;
            const auto it = std::find_if(out.sites.begin(), out.sites.end(), [&](const SiteCost& c) { return c.site_id == s.id; });
            DeferredSite d;
            d.site_id = s.id;
            d.level = s.level;
            d.action = s.action;
            d.where = s.parcel_id.empty() ? s.facility_id : s.parcel_id;
            d.from = from;
            const auto next = std::upper_bound(s.deferred_from.begin(), s.deferred_from.end(), from);
            d.to = i >= w.sites.size() && next == s.deferred_from.end() ? 0
                   : next != s.deferred_from.end()                       ? *next
                                                                         : s.phase;
            if (it != out.sites.end()) {
                d.construction_yuan = it->construction_yuan;
                d.elderly_served = it->elderly_served;
            }
            out.deferred.push_back(std::move(d));
        }
    }
    if (out.subsidies.empty()) {
        out.notes.push_back("the profile '" + prof.name() + "' has no subsidy figures (subsidy.*): no subsidy estimated");
    }
    return out;
}

}  // namespace layout
}  // namespace lc::app
