#include "pipeline/plan.hpp"
#include "pipeline/timing.hpp"

#include "lc/error.hpp"
#include "lc/geo/spatial_index.hpp"
#include "lc/optimize/allocation.hpp"
#include "lc/optimize/solve.hpp"
#include "pipeline/number_arg.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/site_credit.hpp"
#include "report/html_report.hpp"
#include "report/i18n.hpp"
#include "pipeline/layer_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>

namespace lc::app {
namespace {

constexpr double k_eps = 1e-9;



}  // namespace

std::vector<Barrier> read_barriers(const std::string& network, const City& city) {
    std::vector<Barrier> out;
    std::error_code ec;
    if (network.empty() || !is_osm_network(network) || !std::filesystem::exists(network, ec)) return out;
    geo::ReadOptions ro;
    ro.target = city.working_crs;
    ro.allow_empty = true;
    const geo::VectorLayer layer = geo::read_layer(geo::parse_source(network + ":lines"), ro);
    const auto waterway = layer.field_index("waterway");
    const auto railway = layer.field_index("railway");
    const auto highway = layer.field_index("highway");
    const auto name = layer.field_index("name");
    for (const auto& f : layer.features) {
        const std::string w = waterway ? geo::to_text(f.values[*waterway]) : "";
        const std::string r = railway ? geo::to_text(f.values[*railway]) : "";
        const std::string h = highway ? geo::to_text(f.values[*highway]) : "";
        std::string kind;
        if (w == "river" || w == "canal" || w == "stream") kind = "river";
        else if (r == "rail") kind = "railway";
        else if (h == "motorway" || h == "trunk") kind = "motorway";
        if (kind.empty() || f.geometry.is_null()) continue;
        out.push_back({kind, name ? geo::to_text(f.values[*name]) : "", f.geometry.clone()});
    }
    return out;
}

std::vector<Candidate> grid_candidates(const City& city, double spacing) {
    check_number_value("--candidate-spacing", spacing, NumberRange::positive());  // NaN or inf would never end the grid
    std::vector<Candidate> out;
    std::vector<geo::Box> boxes;
    geo::Box all{1e300, 1e300, -1e300, -1e300};
    for (const auto& e : city.estates) {
        const geo::Box b = e.geometry.bounds();
        boxes.push_back(b);
        all = {std::min(all.min_x, b.min_x), std::min(all.min_y, b.min_y), std::max(all.max_x, b.max_x),
               std::max(all.max_y, b.max_y)};
    }
    if (boxes.empty()) return out;
    const geo::BoxIndex index(boxes);
    const double x0 = std::floor(all.min_x / spacing) * spacing + spacing / 2;
    const double y0 = std::floor(all.min_y / spacing) * spacing + spacing / 2;
    const auto nx = static_cast<std::size_t>(std::ceil((all.max_x - x0) / spacing)) + 1;
    const auto ny = static_cast<std::size_t>(std::ceil((all.max_y - y0) / spacing)) + 1;
    if (nx * ny > 5'000'000) {
        throw ArgumentError("--candidate-spacing: " + format_number(spacing, 0) + " m gives over 5 million grid points");
    }
    for (std::size_t iy = 0; iy < ny; ++iy) {
        for (std::size_t ix = 0; ix < nx; ++ix) {
            const geo::Point p{x0 + static_cast<double>(ix) * spacing, y0 + static_cast<double>(iy) * spacing};
            for (auto k : index.intersecting({p.x, p.y, p.x, p.y})) {
                if (city.estates[k].geometry.kind() == geo::GeometryKind::polygon && city.estates[k].geometry.covers(p)) {
                    char id[16];
                    std::snprintf(id, sizeof id, "G%05zu", out.size() + 1);
                    Candidate c;
                    c.id = id;
                    // Named after the estate it stands in (its id when unnamed): the
                    // site's place in words, in no one language.
                    c.name = city.estates[k].name.empty() ? city.estates[k].id : city.estates[k].name;
                    c.point = p;
                    out.push_back(std::move(c));
                    break;
                }
            }
        }
    }
    return out;
}

namespace {

/// The location-allocation model of a plan: demands (estates with a positive
/// weight), the existing facilities (always open) and then the candidates.
struct SitingModel {
    opt::Problem problem;
    std::vector<std::size_t> demand_estate;  ///< demand -> estate
    std::vector<geo::Point> demand_points;
    std::vector<geo::Point> site_points;
    std::size_t first_candidate = 0;
};

double estate_weight(const Estate& e, const std::string& weight) {
    return weight == "population" ? e.population : weight == "households" ? e.households : e.elderly;
}

void add_demands(SitingModel& m, const City& city, const std::string& weight) {
    if (weight != "elderly" && weight != "population" && weight != "households") {
        throw ArgumentError("--weight: expected elderly, population or households, got '" + weight + "'");
    }
    for (std::size_t i = 0; i < city.estates.size(); ++i) {
        const double w = estate_weight(city.estates[i], weight);
        if (w <= 0) continue;
        m.demand_estate.push_back(i);
        m.demand_points.push_back(city.estates[i].point);
        m.problem.demands.push_back({city.estates[i].id, w, city.estates[i].households});
    }
    if (m.problem.demands.empty()) throw InputError("optimize: no estate has a positive " + weight + " weight");
}

/// The demands' districts (for --district-floor): the audit's (the districts
/// layer's polygons, else the estates' district field), by id; an estate in no
/// district is in none.
void add_districts(SitingModel& m, const AuditResult& audit) {
    for (const auto& d : audit.districts) m.problem.group_names.push_back(d.id);
    for (const std::size_t e : m.demand_estate) {
        const std::size_t d = e < audit.estate_district.size() ? audit.estate_district[e] : SIZE_MAX;
        m.problem.demand_group.push_back(d < audit.districts.size() ? static_cast<opt::Index>(d) : opt::no_group);
    }
}

void add_sites(SitingModel& m, const City& city, const std::vector<Candidate>& candidates, const Standards& st,
               const std::string& capacity) {
    for (const auto& f : city.facilities) {
        opt::Site s{f.id, true, std::nullopt};
        // An existing facility serves the households its building area is sized
        // for by the area rule (a 300 m² station at 20 m² per 100: 1,500).
        if (capacity == "households") s.capacity = f.building_area / st.area_per_100_households_m2 * 100.0;
        m.problem.sites.push_back(std::move(s));
        m.site_points.push_back(f.point);
    }
    m.first_candidate = m.problem.sites.size();
    for (const auto& c : candidates) {
        opt::Site s{c.id, false, std::nullopt};
        if (capacity == "households") {
            s.capacity = c.capacity_households ? *c.capacity_households
                                               : st.station_min_area_m2 / st.area_per_100_households_m2 * 100.0;
        }
        m.problem.sites.push_back(std::move(s));
        m.site_points.push_back(c.point);
    }
}

/// Solver options from the plan's flags. LSCP: a target no set of sites can
/// reach is lowered to what is coverable, with a note.
opt::Options siting_options(const opt::Problem& problem, opt::Model model, const PlanConfig& pc, const Standards& st,
                            double threshold, std::vector<std::string>& notes) {
    pc.validate_for_layers();
    opt::Options options;
    options.model = model;
    options.radius = threshold;
    options.solver = opt::parse_solver(pc.solver);
    options.time_limit = pc.time_limit;
    options.seed = pc.seed;
    options.capacitated = !pc.capacity.empty();
    options.district_floor = pc.district_floor_share();
    options.district_maxmin = pc.district_maxmin();
    if (options.model != opt::Model::lscp) {
        options.p = *pc.p;
        return options;
    }
    const std::vector<bool> reachable = opt::covered_by(problem, std::vector<bool>(problem.sites.size(), true), threshold);
    double coverable = 0;
    for (std::size_t d = 0; d < problem.demands.size(); ++d) {
        if (reachable[d]) coverable += problem.demands[d].weight;
    }
    const double share = coverable / problem.total_weight();
    double target = pc.target.value_or(st.coverage_target);
    if (target <= 0 || target > 1) throw ArgumentError("--target: expected a share in (0, 1]");
    if (target > share + k_eps) {
        notes.push_back("target " + format_number(100 * target, 1) + "% of the elderly cannot be reached: " +
                        "no candidate or existing site is within the threshold of some estates; "
                        "solving for the coverable " + format_number(100 * share, 1) + "%");
        target = share;
    }
    options.target_share = target;
    return options;
}

/// Who each site serves, as (demand, share) lists: the solver's assignment when
/// it solved with capacities (no site over its capacity), else each demand's
/// nearest open site within the threshold (existing or new).
std::vector<std::vector<std::pair<std::size_t, double>>> allocation(const SitingModel& m, const opt::Result& result,
                                                                    const std::vector<bool>& open, double threshold) {
    std::vector<std::vector<std::pair<std::size_t, double>>> out(m.problem.sites.size());
    if (!result.assignment.empty()) {
        for (const auto& a : result.assignment) out[a.site].emplace_back(a.demand, a.share);
        return out;
    }
    const std::vector<opt::Index> best_site = opt::assign_nearest_open(m.problem, open, threshold);
    for (std::size_t d = 0; d < best_site.size(); ++d) {
        if (best_site[d] != opt::no_site) out[best_site[d]].emplace_back(d, 1.0);
    }
    return out;
}

/// The chosen sites ranked by marginal gain (elderly not yet within the
/// threshold of an open site), each sized for the households it serves
/// (allocation()). A site that serves nobody (its demands are all served by
/// others) is not proposed; a note says so.
std::vector<ProposedSite> ranked_sites(const SitingModel& m, const opt::Result& result, const City& city,
                                       const std::vector<Candidate>& candidates, const Standards& st, double threshold,
                                       std::vector<std::string>& notes) {
    std::vector<bool> open(m.problem.sites.size(), false);
    for (std::size_t s = 0; s < m.first_candidate; ++s) open[s] = true;
    const auto order = opt::rank_by_marginal_gain(m.problem, result.open_sites, opt::covered_by(m.problem, open, threshold), threshold);
    for (auto s : result.open_sites) open[s] = true;
    const auto served = allocation(m, result, open, threshold);
    std::vector<ProposedSite> out;
    for (const auto& [s, gain] : order) {
        if (served[s].empty()) {
            notes.push_back(m.problem.sites[s].id + ": opened by the " + std::string(opt::to_string(result.model)) +
                            " solve but serves no estate (each is served by another site" +
                            (result.assignment.empty() ? " nearer to it" : " within its capacity") + "); not proposed");
            continue;
        }
        ProposedSite site;
        const Candidate& c = candidates[s - m.first_candidate];
        site.id = c.id;
        site.name = c.name;
        site.point = c.point;
        site.rank = static_cast<int>(out.size()) + 1;
        site.model = std::string(opt::to_string(result.model));
        site.added_covered_elderly = gain;
        for (const auto& [d, share] : served[s]) {
            const Estate& e = city.estates[m.demand_estate[d]];
            site.served_estates.push_back(e.id);
            site.households_served += share * e.households;
            site.serves_elderly += share * e.elderly;
        }
        site.recommended_area_m2 = std::max(st.station_min_area_m2,
                                            std::ceil(site.households_served / 100.0 * st.area_per_100_households_m2));
        out.push_back(std::move(site));
    }
    return out;
}

}  // namespace

void propose_sites(PlanRun& plan, const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc) {
    const City& city = plan.before.city;
    const Standards& st = plan.before.standards;
    const CoverageResult& coverage = plan.before.audit.coverage;
    const double threshold = coverage.threshold_m;

    std::vector<Candidate> candidates = city.candidates;
    const std::string candidate_source = input.candidates.empty() ? "grid" : "layer";
    if (candidates.empty()) candidates = grid_candidates(city, pc.candidate_spacing);
    if (candidates.empty()) throw InputError("optimize: no candidate sites (give --candidates or a smaller --candidate-spacing)");

    SitingModel m;
    add_demands(m, city, pc.weight);
    add_sites(m, city, candidates, st, pc.capacity);
    if (!pc.district_floor.empty()) add_districts(m, plan.before.audit);
    // Coverage models need only the pairs within the threshold; p-median and
    // p-center get a wider reach (5x) so that far demands still have a cost.
    const opt::Model model = pc.model.empty() ? opt::Model::lscp : opt::parse_model(pc.model);
    const bool distance_model = model == opt::Model::pmedian || model == opt::Model::pcenter;
    const double reach = distance_model ? 5.0 * threshold : threshold;
    const SiteReach lists = reach_lists(m.site_points, m.demand_points, reach, coverage.walk.get(), cov.max_snap);
    std::vector<std::vector<opt::Link>> per_site(lists.per_site.size());
    for (std::size_t s = 0; s < lists.per_site.size(); ++s) {
        for (const auto& [d, cost] : lists.per_site[s]) per_site[s].push_back({d, cost});
    }
    m.problem.costs = opt::CostTable::sparse(m.problem.demands.size(), std::move(per_site));

    std::vector<std::string> plan_notes;
    const opt::Options options = siting_options(m.problem, model, pc, st, threshold, plan_notes);
    const opt::Result result = opt::solve(m.problem, options);
    plan.sites = ranked_sites(m, result, city, candidates, st, threshold, plan_notes);
    plan.solve = make_solve_record(m.problem, options, result, candidate_source, pc.weight);
    plan.solve.sites.clear();  // by rank, as proposed_sites lists them
    for (const auto& s : plan.sites) plan.solve.sites.push_back(s.id);
    plan.solve.notes.insert(plan.solve.notes.end(), plan_notes.begin(), plan_notes.end());
    plan.candidates = std::move(candidates);
}

namespace {

nlohmann::json sites_json(const std::vector<ProposedSite>& list) {
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& s : list) {
        sites.push_back({{"id", s.id},
                         {"rank", s.rank},
                         {"added_covered_elderly", round6(s.added_covered_elderly)},
                         {"serves_elderly", round6(s.serves_elderly)},
                         {"served_estates", s.served_estates},
                         {"households_served", round6(s.households_served)},
                         {"recommended_area_m2", round6(s.recommended_area_m2)}});
    }
    return sites;
}

nlohmann::json figures_of(const AuditRun& run) {
    const nlohmann::json& s = run.summary;
    nlohmann::json j;
    for (const char* k : {"elderly_covered", "coverage_rate", "estates_covered", "estates_meeting_area",
                          "area_compliance_rate", "districts_meeting_land", "communities_with_station",
                          "streets_with_centre"}) {
        j[k] = s[k];
    }
    nlohmann::json land = nlohmann::json::object();
    for (const auto& d : s["districts"]) land[d["id"].get<std::string>()] = d["land_per_capita_m2"];
    j["land_per_capita_m2"] = land;
    j["accessibility"] = s["accessibility"];
    j["equity"] = s["equity"];
    if (s.contains("walking_groups")) j["walking_groups"] = s["walking_groups"];
    return j;
}

}  // namespace

namespace {

/// Ranks the new sites (already in after.facilities from `first_new` on, in
/// the solver's order) by their credit to the headline: rank, gain, and the
/// solve record's and the generated names' order follow.
void rank_by_credit(PlanRun& plan, std::size_t first_new, const CoverageConfig& cov) {
    City& after = plan.after.city;
    const std::vector<SiteCredit> credits =
        credit_sites(after, first_new, plan.before.audit.coverage, plan.after.audit.coverage, cov);
    std::vector<ProposedSite> ranked;
    plan.solve.sites.clear();
    for (const auto& c : credits) {
        ProposedSite site = std::move(plan.sites[c.site]);
        site.rank = static_cast<int>(ranked.size()) + 1;
        site.added_covered_elderly = c.gain;
        if (site.name.empty()) after.facilities[first_new + c.site].name = "proposed station " + std::to_string(site.rank);
        plan.solve.sites.push_back(site.id);
        ranked.push_back(std::move(site));
    }
    plan.sites = std::move(ranked);
}

}  // namespace

void reaudit_with_sites(PlanRun& plan, const InputConfig& input, const CoverageConfig& cov) {
    City after = clone_city(plan.before.city);
    const std::size_t first_new = after.facilities.size();
    for (const auto& s : plan.sites) {
        Facility f;
        f.id = s.id;
        f.name = s.name;
        f.kind = FacilityKind::station;
        f.building_area = s.recommended_area_m2;
        f.geometry = geo::Geometry::point(s.point);
        f.point = s.point;
        for (const auto& c : plan.before.city.candidates) {
            if (c.id == s.id) f.land_area = c.land_area;
        }
        after.facilities.push_back(std::move(f));
    }
    // The existing facilities' service areas and the shares of the estates no
    // new site reaches are the audit's: only the new sites are measured.
    const CoverageResult& before = plan.before.audit.coverage;
    const std::vector<double> shares_before = covered_shares(before);
    const PriorCoverage prior{first_new, &before.service_areas, &shares_before};
    CoverageResult cov_after = coverage_at(after, before, before.threshold_m, cov, prior);
    AuditResult audit_after = audit(after, plan.before.profile, plan.before.standards, std::move(cov_after), input.facilities);
    measure_groups(audit_after, after, plan.before.standards, cov, &plan.before.audit.walking_groups, first_new);
    plan.after = AuditRun{plan.before.profile, plan.before.standards, std::move(after), std::move(audit_after), {}};
    rank_by_credit(plan, first_new, cov);
    plan.after.summary = audit_summary(plan.after.city, plan.after.audit);
}

void apply_target_group(const InputConfig& input, CoverageConfig& cov, const PlanConfig& pc) {
    if (pc.target_group.empty()) return;
    if (cov.radius || cov.speed) {
        throw ArgumentError("--target-group " + pc.target_group +
                            ": the group's speed sets the threshold; give neither --radius nor --speed with it");
    }
    const Standards standards = Profile::load(input.profile, input.overrides).resolve(input.year);
    cov.speed = find_walking_group(standards, pc.target_group, "--target-group").speed_mps;
}

namespace {

/// summary.json `target_group` (plan --target-group): the group whose threshold the plan covered.
nlohmann::json target_group_json(const PlanRun& plan, const PlanConfig& pc) {
    const auto& b = plan.before.audit;
    const WalkingGroup& g = find_walking_group(b.standards, pc.target_group, "--target-group");
    nlohmann::json j{{"id", g.id},
                     {"name_zh", g.name_zh},
                     {"name_en", g.name_en},
                     {"speed_mps", round6(g.speed_mps)},
                     {"share", round6(g.share)},
                     {"threshold_m", round6(b.coverage.threshold_m)}};
    return j;
}

}  // namespace

PlanRun run_plan(const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc, const Progress& progress) {
    auto say = [&](const std::string& stage, const std::string& msg) {
        if (progress) progress(stage, msg);
    };
    PlanRun plan;
    Stopwatch t0;
    plan.before = run_audit(input, cov, progress);
    plan.stage_seconds.emplace_back("audit", t0.seconds());

    t0 = Stopwatch{};
    propose_sites(plan, input, cov, pc);
    plan.stage_seconds.emplace_back("optimise", t0.seconds());
    say("optimise", solve_line(plan.solve) + " (" + format_seconds(t0.seconds()) + ")");

    t0 = Stopwatch{};
    reaudit_with_sites(plan, input, cov);
    plan.stage_seconds.emplace_back("re-audit", t0.seconds());
    say("re-audit", "coverage " + format_number(100.0 * plan.before.audit.coverage_rate, 1) + "% -> " +
                        format_number(100.0 * plan.after.audit.coverage_rate, 1) + "% (" + format_seconds(t0.seconds()) + ")");

    if (pc.report) {  // the report's what-if panel: the same candidates the solve chose from
        t0 = Stopwatch{};
        plan.whatif = build_whatif(plan, plan.candidates, cov);
        plan.stage_seconds.emplace_back("what-if", t0.seconds());
    }

    if (pc.report) plan.barriers = read_barriers(input.network, plan.before.city);  // only the report's map draws them

    nlohmann::json summary = plan.before.summary;
    merge_into(summary, plan.solve);
    summary["before"] = figures_of(plan.before);
    summary["after"] = figures_of(plan.after);
    summary["proposed_sites"] = sites_json(plan.sites);
    if (!pc.target_group.empty()) summary["target_group"] = target_group_json(plan, pc);
    if (!plan.before.audit.coverage.network_stats.is_null()) summary["network"] = plan.before.audit.coverage.network_stats;
    plan.summary = summary;
    return plan;
}

PlanRun run_optimize(const InputConfig& input, const CoverageConfig& cov, const PlanConfig& pc, const Progress& progress) {
    PlanRun plan;
    plan.before = run_audit(input, cov, progress);
    Stopwatch t0;
    propose_sites(plan, input, cov, pc);
    if (progress) progress("optimise", solve_line(plan.solve) + " (" + format_seconds(t0.seconds()) + ")");
    reaudit_with_sites(plan, input, cov);
    nlohmann::json summary = plan.before.summary;
    merge_into(summary, plan.solve);
    summary["before"] = figures_of(plan.before);
    summary["after"] = figures_of(plan.after);
    summary["proposed_sites"] = sites_json(plan.sites);
    plan.summary = summary;
    return plan;
}

std::string coverage_change_line(const PlanRun& plan, const std::string& lang) {
    const auto& b = plan.before.audit;
    const auto& a = plan.after.audit;
    if (lang == "zh") {
        return trf("plan.coverage_line", lang,
                   {{"threshold", format_number(b.coverage.threshold_m, 0)},
                    {"mode", tr(b.coverage.mode == CoverageMode::network ? "mode_network" : "mode_circle", lang)},
                    {"before", format_number(100 * b.coverage_rate, 1)},
                    {"after", format_number(100 * a.coverage_rate, 1)},
                    {"gain", format_number(a.elderly_covered - b.elderly_covered, 0)},
                    {"n", std::to_string(plan.sites.size())}});
    }
    return "Coverage of the elderly within " + format_number(b.coverage.threshold_m, 0) + " m (" +
           std::string(to_string(b.coverage.mode)) + "): " + format_number(100 * b.coverage_rate, 1) + "% -> " +
           format_number(100 * a.coverage_rate, 1) + "% (+" + format_number(a.elderly_covered - b.elderly_covered, 0) +
           " elderly) with " + count_of(plan.sites.size(), "new station");
}

std::string site_line(const ProposedSite& s, const std::string& lang) {
    if (lang == "zh") {
        return std::to_string(s.rank) + ". " +
               trf("plan.site_line", lang,
                   {{"site", s.id + (s.name.empty() ? "" : " " + s.name)},
                    {"elderly", format_number(s.added_covered_elderly, 0)},
                    {"serves", format_number(s.serves_elderly, 0)},
                    {"estates", std::to_string(s.served_estates.size())},
                    {"area", format_number(s.recommended_area_m2, 0)}});
    }
    return std::to_string(s.rank) + ". " + s.id + (s.name.empty() ? "" : " " + s.name) + ": +" +
           format_number(s.added_covered_elderly, 0) + " elderly covered; serves " + format_number(s.serves_elderly, 0) +
           " elderly in " + count_of(s.served_estates.size(), "estate") + "; build " +
           format_number(s.recommended_area_m2, 0) + " m²";
}

geo::OutLayer proposed_sites_layer(const PlanRun& plan) {
    using geo::FieldType;
    geo::OutLayer layer;
    layer.name = "proposed_sites";
    layer.kind = geo::GeometryKind::point;
    layer.fields = {{"id", FieldType::string},
                    {"name", FieldType::string},
                    {"rank", FieldType::integer},
                    {"model", FieldType::string},
                    {"added_covered_elderly", FieldType::real},
                    {"serves_elderly", FieldType::real},
                    {"served_estates", FieldType::string},
                    {"households_served", FieldType::integer},
                    {"recommended_area_m2", FieldType::real}};
    for (const auto& s : plan.sites) {
        geo::Feature f;
        f.geometry = geo::Geometry::point(s.point);
        std::string served;
        for (const auto& e : s.served_estates) served += (served.empty() ? "" : ",") + e;
        f.values = {geo::Value{s.id},
                    geo::Value{s.name},
                    geo::Value{std::int64_t{s.rank}},
                    geo::Value{s.model},
                    geo::Value{round6(s.added_covered_elderly)},
                    geo::Value{round6(s.serves_elderly)},
                    geo::Value{served},
                    geo::Value{static_cast<std::int64_t>(std::llround(s.households_served))},
                    geo::Value{round6(s.recommended_area_m2)}};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::OutLayer facilities_layer(const City& city) {
    using geo::FieldType;
    geo::OutLayer layer;
    layer.name = "facilities";
    layer.fields = {{"id", FieldType::string},           {"name", FieldType::string},
                    {"kind", FieldType::string},         {"building_area", FieldType::real},
                    {"land_area", FieldType::real},      {"beds", FieldType::integer},
                    {"nursing_beds", FieldType::integer}, {"estate_id", FieldType::string}};
    for (const auto& fac : city.facilities) {
        geo::Feature f;
        f.geometry = geo::Geometry::point(fac.point);
        f.values = {geo::Value{fac.id},
                    geo::Value{fac.name},
                    geo::Value{std::string(to_string(fac.kind))},
                    geo::Value{round6(fac.building_area)},
                    geo::Value{round6(fac.land_area)},
                    geo::Value{static_cast<std::int64_t>(std::llround(fac.beds))},
                    geo::Value{static_cast<std::int64_t>(std::llround(fac.nursing_beds))},
                    geo::Value{fac.estate_id}};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

void write_optimize_outputs(const PlanRun& plan, LayerWriter& out) {
    out.write(proposed_sites_layer(plan), LayerSpec(LayerGroup::top));
    out.write(facilities_layer(plan.before.city), LayerSpec(LayerGroup::top));
    geo::write_text_file(out.dir() / "summary.json", plan.summary.dump(2) + "\n");
}

void write_plan_outputs(const PlanRun& plan, LayerWriter& out, const PlanConfig& pc) {
    const std::string lang = resolve_lang(pc.lang, plan.before.standards.profile);
    out.begin_batch();  // the layers side by side (flush() below)
    write_audit_outputs(plan.before, out, pc.english_tables ? "en" : lang);
    geo::write_text_file(out.dir() / "summary.json", plan.summary.dump(2) + "\n");
    geo::OutLayer estates_after = estates_layer(plan.after.city, plan.after.audit);
    estates_after.name = "estates_after";
    out.write(std::move(estates_after), LayerSpec(LayerGroup::after).styled("estates"));
    geo::OutLayer areas_after = service_areas_layer(plan.after.city, plan.after.audit.coverage);
    areas_after.name = "service_areas_after";
    out.write(std::move(areas_after), LayerSpec(LayerGroup::after).styled("service_areas"));
    if (!plan.after.audit.walking_groups.empty()) {
        geo::OutLayer groups_after =
            service_areas_groups_layer(plan.after.city, plan.after.audit.coverage, plan.after.audit.walking_groups);
        groups_after.name = "service_areas_groups_after";
        out.write(std::move(groups_after), LayerSpec(LayerGroup::after).styled("service_areas"));
    }
    out.write(proposed_sites_layer(plan), LayerSpec(LayerGroup::after));
    out.write(facilities_layer(plan.before.city), LayerSpec(LayerGroup::top));
    out.flush();
    if (pc.report) geo::write_text_file(out.dir() / "report.html", report_html(plan, lang));
}

}  // namespace lc::app
