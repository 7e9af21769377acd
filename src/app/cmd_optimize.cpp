// lifecircle optimize: location-allocation (MCLP, LSCP, p-median, p-center).
// Precomputed inputs (--orlib, --cost-matrix) are handled here; the GIS front end
// (--estates/--facilities) lives in run_gis().
#include "app/command.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/plan.hpp"
#include "lc/error.hpp"
#include "lc/optimize/readers.hpp"
#include "lc/optimize/solve.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace lc::app {
namespace {

struct OptimizeConfig {
    std::string model;  ///< empty: pmedian for --orlib, mclp for --cost-matrix, the coverage target (lscp) for GIS layers
    std::optional<std::size_t> p;
    std::optional<double> target;
    std::string capacity;  ///< a number (uniform capacity, load units) or a facilities ROLE (GIS front end)
    double time_limit = 60.0;
    std::string solver = "auto";
    std::uint64_t seed = 1;
    std::string orlib;
    std::string cost_matrix;
    std::string demand;
    std::vector<std::string> existing;
    std::string weight = "weight";
    std::string load;
    std::string demand_id = "id";
    std::vector<std::string> cost_fields;  ///< candidate=NAME, demand=NAME, cost=NAME

    void validate() const {
        if (!orlib.empty() && !cost_matrix.empty())
            throw ArgumentError("optimize: give either --orlib or --cost-matrix, not both");
        if (!cost_matrix.empty() && demand.empty())
            throw ArgumentError("optimize: --cost-matrix needs --demand DEMAND.csv (columns id,weight)");
        if (!(time_limit > 0.0)) throw ArgumentError("optimize: --time-limit must be positive");
        if (!model.empty()) (void)opt::parse_model(model);
        (void)opt::parse_solver(solver);
    }
};

nlohmann::json summary(const opt::Problem& pb, const opt::Options& o, const opt::Result& r) {
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    nlohmann::json j;
    j["model"] = opt::to_string(r.model);
    j["objective"] = num(r.objective);
    j["bound"] = num(r.bound);
    j["gap"] = num(r.gap);
    j["status"] = opt::to_string(r.status);
    j["seconds"] = r.seconds;
    j["sites"] = r.sites;
    j["method"] = r.method;
    j["solver"] = opt::to_string(o.solver);
    j["seed"] = o.seed;
    j["n"] = pb.demands.size();
    j["candidates"] = pb.n_candidates();
    j["existing"] = pb.sites.size() - pb.n_candidates();
    if (o.model != opt::Model::lscp) j["p"] = o.p;
    if (o.radius) j["radius"] = *o.radius;
    if (o.target_share) j["target"] = *o.target_share;
    j["capacitated"] = o.capacitated;
    j["total_weight"] = r.total_weight;
    if (o.model == opt::Model::mclp || o.model == opt::Model::lscp) {
        j["covered_weight"] = r.covered_weight;
        j["coverage_rate"] = r.total_weight > 0.0 ? r.covered_weight / r.total_weight : 0.0;
        std::vector<std::string> unc;
        for (auto i : r.uncoverable) unc.push_back(pb.demands[i].id);
        j["uncoverable"] = unc;
    }
    j["notes"] = r.notes;
    j["warnings"] = nlohmann::json::array();
    if (const std::string warning = opt::status_warning(r); !warning.empty()) j["warnings"].push_back(warning);
    return j;
}

/// OR-Library ships the published optima in `optimum.csv` beside the instances
/// (../shared/datasets/orlib-pmed): when that file lists this instance (same
/// model and p), the summary gets `published_optimum` and the relative gap of
/// the objective to it. An unreadable optimum.csv is a warning, not an error:
/// it is not an input the run asked for.
void add_published_optimum(nlohmann::json& j, const std::string& instance_path, const opt::Result& r) {
    const std::filesystem::path instance(instance_path);
    const auto table = instance.parent_path() / "optimum.csv";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(table, ec)) return;
    try {
        const auto optima = opt::read_orlib_optima(table.string());
        const auto it = optima.find(instance.stem().string());
        if (it == optima.end()) return;
        j["published_optimum"] = it->second;
        if (std::isfinite(r.objective) && it->second > 0.0)
            j["gap_to_published"] = (r.objective - it->second) / it->second;
    } catch (const InputError& e) {
        j["warnings"].push_back(std::string("published optima not read: ") + e.what());
    }
}

class OptimizeCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "optimize"; }
    [[nodiscard]] std::string description() const override {
        return "Propose new station sites (MCLP, LSCP, p-median, p-center)";
    }
    void setup(CLI::App& sub) override {
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
        auto& c = m_cfg;
        sub.add_option("--model", c.model,
                       "mclp | lscp | pmedian | pcenter (default: pmedian for --orlib, mclp for --cost-matrix, "
                       "fewest sites reaching the profile's coverage target for GIS layers)");
        add_number(sub, "--p", c.p, NumberRange::whole_at_least(0),
                   "Number of new sites (mclp, pmedian, pcenter; OR-Library: from the file)");
        add_number(sub, "--target", c.target, NumberRange::share(), "lscp: share (0..1] of the total demand weight to cover");
        sub.add_option("--capacity", c.capacity,
                       "Capacitated mclp/pmedian: a number (capacity of every site, in load units) or a facilities ROLE");
        add_number(sub, "--time-limit", c.time_limit, NumberRange::positive(), "Seconds for the whole solve");
        sub.add_option("--solver", c.solver, "auto | heuristic | exact")->capture_default_str();
        add_number(sub, "--seed", c.seed, NumberRange::whole_at_least(0),
                   "Seed of the heuristic restarts (same seed, same result)");
        add_number(sub, "--candidate-spacing", m_spacing, NumberRange::positive(),
                   "GIS: grid spacing in metres for generated candidates (without --candidates)");
        sub.add_flag("--demo", m_demo, "GIS: run on the embedded demo city");
        sub.add_option("--orlib", c.orlib, "Solve an OR-Library p-median file (pmed1.txt format)");
        sub.add_option("--cost-matrix", c.cost_matrix, "Long-form costs CSV: candidate_id,demand_id,cost");
        sub.add_option("--demand", c.demand, "Demand CSV for --cost-matrix: id,weight");
        sub.add_option("--existing", c.existing, "Existing (always open) site ids, ID,...")->delimiter(',');
        sub.add_option("--weight", c.weight, "Demand weight column")->capture_default_str();
        sub.add_option("--load", c.load, "Demand column used against capacities (e.g. households; default: the weight)");
        sub.add_option("--demand-id", c.demand_id, "Demand id column of --demand")->capture_default_str();
        sub.add_option("--cost-fields", c.cost_fields,
                       "Cost CSV column names: candidate=NAME,demand=NAME,cost=NAME")
            ->delimiter(',');
    }
    int run() override {
        m_cfg.validate();
        if (!m_cfg.orlib.empty() || !m_cfg.cost_matrix.empty()) return run_precomputed();
        return run_gis();
    }

private:
    int run_precomputed() {
        // --out opened before the solve, as for every command: a folder or a PostGIS
        // schema that cannot be written fails before the work, not after it.
        auto inputs = run_inputs(m_input);
        inputs.insert(inputs.end(), {{"--orlib", m_cfg.orlib}, {"--cost-matrix", m_cfg.cost_matrix}, {"--demand", m_cfg.demand}});
        const OutputTarget out = open_output_target(m_output, inputs);  // also --out-schema without --out
        geo::OutputSink* sink = out.sink.get();
        opt::Options o;
        const std::string model = !m_cfg.model.empty() ? m_cfg.model : (m_cfg.orlib.empty() ? "mclp" : "pmedian");
        o.model = opt::parse_model(model);
        o.solver = opt::parse_solver(m_cfg.solver);
        o.time_limit = m_cfg.time_limit;
        o.seed = m_cfg.seed;
        o.target_share = m_cfg.target;
        o.radius = m_coverage.radius;
        opt::Problem pb;
        std::size_t orlib_p = 0;
        if (!m_cfg.orlib.empty()) {
            auto inst = opt::read_orlib_pmed(m_cfg.orlib);
            pb = std::move(inst.problem);
            orlib_p = inst.p;
            o.p = m_cfg.p.value_or(inst.p);
            if (!m_cfg.existing.empty())
                for (auto& s : pb.sites)
                    for (const auto& id : m_cfg.existing)
                        if (s.id == id) s.existing = true;
        } else {
            opt::CostMatrixColumns cols;
            cols.weight = m_cfg.weight;
            cols.load = m_cfg.load;
            cols.demand_file_id = m_cfg.demand_id;
            for (const auto& f : m_cfg.cost_fields) {
                const auto eq = f.find('=');
                if (eq == std::string::npos) throw ArgumentError("optimize: --cost-fields wants ROLE=NAME, got '" + f + "'");
                const std::string role = f.substr(0, eq), col = f.substr(eq + 1);
                if (role == "candidate") cols.candidate = col;
                else if (role == "demand") cols.demand = col;
                else if (role == "cost") cols.cost = col;
                else throw ArgumentError("optimize: --cost-fields role '" + role + "' is not candidate, demand or cost");
            }
            const bool coverage = o.model == opt::Model::mclp || o.model == opt::Model::lscp;
            const double max_cost = coverage && o.radius && m_cfg.capacity.empty() ? *o.radius : opt::no_link;
            pb = opt::read_cost_matrix(m_cfg.cost_matrix, m_cfg.demand, m_cfg.existing, cols, max_cost);
            o.p = m_cfg.p.value_or(0);
        }
        if (!m_cfg.capacity.empty()) {
            // With --orlib/--cost-matrix there is no facilities layer: the capacity of every site.
            const auto cap = static_cast<double>(parse_number_arg("--capacity", m_cfg.capacity, NumberRange::non_negative()));
            for (auto& s : pb.sites) s.capacity = cap;
            o.capacitated = true;
        }
        if ((o.model == opt::Model::mclp || o.model == opt::Model::pmedian || o.model == opt::Model::pcenter) && !m_cfg.p &&
            m_cfg.orlib.empty())
            throw ArgumentError("optimize: --model " + model + " needs --p N");
        const auto res = opt::solve(pb, o);
        auto j = summary(pb, o, res);
        if (!m_cfg.orlib.empty() && o.model == opt::Model::pmedian && o.p == orlib_p && !o.capacitated &&
            m_cfg.existing.empty())
            add_published_optimum(j, m_cfg.orlib, res);
        if (sink) {
            geo::write_text_file(sink->path() / "summary.json", j.dump(2) + "\n");
            sink->commit();
        }
        std::cout << j.dump(2) << '\n';
        return 0;
    }

    /// The GIS front end: demand = estates' representative points weighted by
    /// elderly (--weight population|households|elderly), existing facilities
    /// always open, candidates from --candidates or a grid (--candidate-spacing);
    /// straight or walking distances by the run's mode.
    int run_gis() {
        apply_demo(m_demo, m_input);
        if (m_input.estates.empty() || m_input.facilities.empty()) {
            throw ArgumentError("optimize: give --estates and --facilities (GIS layers), --orlib FILE, "
                                "or --cost-matrix COSTS.csv --demand DEMAND.csv");
        }
        PlanConfig pc;
        pc.model = m_cfg.model;
        pc.p = m_cfg.p;
        pc.target = m_cfg.target;
        pc.solver = m_cfg.solver;
        pc.time_limit = m_cfg.time_limit;
        pc.seed = m_cfg.seed;
        pc.capacity = m_cfg.capacity;
        pc.candidate_spacing = m_spacing;
        pc.weight = m_cfg.weight == "weight" ? "elderly" : m_cfg.weight;
        const OutputTarget out = open_output_target(m_output, run_inputs(m_input));
        const PlanRun plan = run_optimize(m_input, m_coverage, pc, make_progress(m_output.quiet));
        if (out.sink) {
            write_optimize_outputs(plan, out.sink->path(), out.format);
            out.sink->commit();
        }
        if (m_output.json) {
            std::cout << plan.summary.dump(2) << '\n';
            return 0;
        }
        const auto& o = plan.optimisation;
        std::cout << o["model"].get<std::string>() << ": objective " << format_number(o["objective"].get<double>(), 1)
                  << ", bound " << format_number(o["bound"].get<double>(), 1) << ", gap "
                  << format_number(100.0 * o["gap"].get<double>(), 2) << "%, " << o["status"].get<std::string>()
                  << " (" << o["method"].get<std::string>() << ")\n";
        for (const auto& s : plan.sites) {
            std::cout << "  " << s.rank << ". " << s.id << (s.name.empty() ? "" : " " + s.name) << ": +"
                      << format_number(s.added_covered_elderly, 0) << " covered, serves " << s.served_estates.size()
                      << " estates, " << format_number(s.recommended_area_m2, 0) << " m²\n";
        }
        for (const auto& n : o["notes"]) std::cout << "note: " << n.get<std::string>() << '\n';
        if (out.sink) std::cout << "Outputs in " << out.sink->target() << '\n';
        return 0;
    }

    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
    OptimizeConfig m_cfg;
    double m_spacing = 200.0;
    bool m_demo = false;
};

}  // namespace

std::unique_ptr<Command> make_optimize_command() { return std::make_unique<OptimizeCommand>(); }

}  // namespace lc::app
