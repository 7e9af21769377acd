#include "pipeline/solve_record.hpp"

#include "lc/optimize/allocation.hpp"
#include "pipeline/outputs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lc::app {
namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

bool coverage_model(opt::Model m) { return m == opt::Model::mclp || m == opt::Model::lscp; }

double share(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

/// The district floor's figures (null without --district-floor).
nlohmann::json district_floor_json(const SolveRecord& rec) {
    const opt::Result& r = rec.result;
    if (!rec.options.district_rule()) return nullptr;
    nlohmann::json districts = nlohmann::json::array();
    double worst = 1.0, worst_before = 1.0;
    for (std::size_t d = 0; d < r.groups.size(); ++d) {
        const opt::GroupCoverage& g = r.groups[d];
        const double before = d < rec.district_before.size() ? rec.district_before[d] : 0.0;
        if (g.weight > 0) {
            worst = std::min(worst, share(g.covered_weight, g.weight));
            worst_before = std::min(worst_before, share(before, g.weight));
        }
        districts.push_back({{"id", g.name},
                             {"weight", jnum(g.weight)},
                             {"coverable_weight", jnum(g.coverable_weight)},
                             {"required_weight", jnum(g.required_weight)},
                             {"before_covered_weight", jnum(before)},
                             {"covered_weight", jnum(g.covered_weight)},
                             {"coverage", jnum(share(g.covered_weight, g.weight))},
                             {"max_coverage", jnum(share(g.coverable_weight, g.weight))}});
    }
    const bool solved = r.has_solution();
    return {{"mode", rec.options.district_maxmin ? "max" : "share"},
            {"floor", r.district_floor ? jnum(*r.district_floor) : nlohmann::json(nullptr)},
            {"worst_coverage_before", r.groups.empty() ? nlohmann::json(nullptr) : jnum(worst_before)},
            {"worst_coverage", solved && !r.groups.empty() ? jnum(worst) : nlohmann::json(nullptr)},
            {"districts", districts}};
}

}  // namespace

SolveRecord make_solve_record(const opt::Problem& problem, const opt::Options& options, opt::Result result,
                              std::string candidate_source, std::string weight) {
    SolveRecord r;
    r.options = options;
    r.demands = problem.demands.size();
    r.candidates = problem.n_candidates();
    r.existing_sites = problem.sites.size() - r.candidates;
    r.candidate_source = std::move(candidate_source);
    r.weight = std::move(weight);
    r.sites = result.sites;
    for (const auto d : result.uncoverable) r.uncoverable.push_back(problem.demands[d].id);
    r.notes = result.notes;
    if (!result.groups.empty() && options.radius) {
        std::vector<bool> open(problem.sites.size(), false);
        for (std::size_t s = 0; s < problem.sites.size(); ++s) open[s] = problem.sites[s].existing;
        const std::vector<bool> covered = opt::covered_by(problem, open, *options.radius);
        r.district_before.assign(problem.group_names.size(), 0.0);
        for (std::size_t d = 0; d < problem.demands.size(); ++d) {
            const opt::Index g = problem.group_of(d);
            if (covered[d] && g != opt::no_group) r.district_before[g] += problem.demands[d].weight;
        }
    }
    r.result = std::move(result);
    return r;
}

const std::vector<std::string>& solve_keys() {
    static const std::vector<std::string> keys = {
        "model",       "status",         "method",           "solver",      "seed",         "time_limit",
        "seconds",     "objective",      "bound",            "gap",         "p",            "radius",
        "target_share", "district_floor", "capacitated",   "demands",          "candidates",  "existing_sites", "candidate_source",
        "weight",      "total_weight",   "covered_weight",   "sites",       "uncoverable",  "notes"};
    return keys;
}

nlohmann::json to_json(const SolveRecord& rec) {
    const opt::Options& o = rec.options;
    const opt::Result& r = rec.result;
    const bool coverage = coverage_model(o.model);
    nlohmann::json j;
    j["model"] = opt::to_string(o.model);
    j["status"] = opt::to_string(r.status);
    j["method"] = r.method;
    j["solver"] = opt::to_string(o.solver);
    j["seed"] = o.seed;
    j["time_limit"] = jnum(o.time_limit);
    j["seconds"] = std::round(r.seconds * 1000.0) / 1000.0;
    j["objective"] = r.has_solution() ? jnum(r.objective) : nlohmann::json(nullptr);
    j["bound"] = jnum(r.bound);
    j["gap"] = r.has_solution() ? jnum(r.gap) : nlohmann::json(nullptr);
    j["p"] = o.model == opt::Model::lscp ? nlohmann::json(nullptr) : nlohmann::json(o.p);
    j["radius"] = coverage ? or_null(o.radius) : nlohmann::json(nullptr);
    j["target_share"] = o.model == opt::Model::lscp ? or_null(o.target_share) : nlohmann::json(nullptr);
    j["district_floor"] = district_floor_json(rec);
    j["capacitated"] = o.capacitated;
    j["demands"] = rec.demands;
    j["candidates"] = rec.candidates;
    j["existing_sites"] = rec.existing_sites;
    j["candidate_source"] = rec.candidate_source;
    j["weight"] = rec.weight;
    j["total_weight"] = jnum(r.total_weight);
    j["covered_weight"] = coverage ? jnum(r.covered_weight) : nlohmann::json(nullptr);
    j["sites"] = rec.sites;
    j["uncoverable"] = rec.uncoverable;
    j["notes"] = rec.notes;
    return j;
}

void merge_into(nlohmann::json& summary, const SolveRecord& record) {
    const nlohmann::json j = to_json(record);
    for (auto it = j.begin(); it != j.end(); ++it) summary[it.key()] = it.value();
    if (!summary.contains("warnings") || !summary["warnings"].is_array()) summary["warnings"] = nlohmann::json::array();
    if (const std::string warning = opt::status_warning(record.result); !warning.empty()) {
        summary["warnings"].push_back(warning);
    }
}

void add_before_after(nlohmann::json& summary, const opt::Problem& problem, const opt::Options& options,
                      const opt::Result& result) {
    if (!options.radius || !result.has_solution()) return;
    std::vector<bool> open(problem.sites.size(), false);
    for (std::size_t s = 0; s < problem.sites.size(); ++s) open[s] = problem.sites[s].existing;
    auto figures = [&] {
        const std::vector<bool> covered = opt::covered_by(problem, open, *options.radius);
        double weight = 0;
        for (std::size_t d = 0; d < problem.demands.size(); ++d) weight += covered[d] ? problem.demands[d].weight : 0.0;
        const double total = problem.total_weight();
        return nlohmann::json{{"covered_weight", jnum(weight)}, {"coverage_rate", jnum(total > 0 ? weight / total : 0.0)}};
    };
    summary["before"] = figures();
    for (const auto s : result.open_sites) open[s] = true;
    summary["after"] = figures();
}

std::string solve_line(const SolveRecord& record) {
    const opt::Result& r = record.result;
    std::string line = count_of(record.sites.size(), "new site") + " (" + std::string(opt::to_string(r.model)) +
                       ", " + std::string(opt::to_string(r.status));
    if (r.has_solution() && std::isfinite(r.gap)) line += ", gap " + format_number(100.0 * r.gap, 2) + "%";
    if (r.district_floor) line += ", district floor " + format_number(100.0 * *r.district_floor, 1) + "%";
    return line + ")";
}

}  // namespace lc::app
