// lifecircle optimize: location-allocation (MCLP, LSCP, p-median, p-center).
// Precomputed inputs (--orlib, --cost-matrix) are handled here; the GIS front end
// (--estates/--facilities) lives in run_gis().
#include "app/city_options.hpp"
#include "app/command.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/solve_record.hpp"
#include "report/i18n.hpp"
#include "lc/error.hpp"
#include "lc/optimize/readers.hpp"
#include "lc/optimize/solve.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace lc::app {
namespace {

/// Largest dense problem --tsplib builds: n^2 pairs x (8 bytes in the cost table +
/// 32 in the p-median/p-center solvers' per-pair lists).
constexpr double k_tsplib_max_dense_bytes = 2.0 * 1024 * 1024 * 1024;
constexpr double k_tsplib_bytes_per_pair = 40.0;

/// The precomputed inputs of optimize (OR-Library, a cost matrix, TSPLIB points).
struct PrecomputedConfig {
    std::string orlib;
    std::string tsplib;
    std::string distance;  ///< --tsplib: floor | geo (default floor)
    std::string cost_matrix;
    std::string demand;
    std::vector<std::string> existing;
    std::string weight = "weight";
    std::string load;
    std::string demand_id = "id";
    std::vector<std::string> cost_fields;  ///< candidate=NAME, demand=NAME, cost=NAME

    [[nodiscard]] bool given() const { return !orlib.empty() || !cost_matrix.empty() || !tsplib.empty(); }
    /// The model a run solves: --model, else pmedian for --orlib and --tsplib, mclp for --cost-matrix.
    [[nodiscard]] opt::Model model(const SolverConfig& solver) const {
        if (!solver.model.empty()) return opt::parse_model(solver.model);
        return cost_matrix.empty() ? opt::Model::pmedian : opt::Model::mclp;
    }
    [[nodiscard]] opt::TsplibDistance distance_rule() const {
        return distance.empty() ? opt::TsplibDistance::floor : opt::parse_tsplib_distance(distance);
    }
    /// The cost CSV's columns from --cost-fields ROLE=NAME and the --weight, --load, --demand-id columns.
    [[nodiscard]] opt::CostMatrixColumns columns() const {
        opt::CostMatrixColumns cols;
        cols.weight = weight;
        cols.load = load;
        cols.demand_file_id = demand_id;
        for (const auto& f : cost_fields) {
            const auto eq = f.find('=');
            if (eq == std::string::npos) throw ArgumentError("optimize: --cost-fields wants ROLE=NAME, got '" + f + "'");
            const std::string role = f.substr(0, eq), col = f.substr(eq + 1);
            if (role == "candidate") cols.candidate = col;
            else if (role == "demand") cols.demand = col;
            else if (role == "cost") cols.cost = col;
            else throw ArgumentError("optimize: --cost-fields role '" + role + "' is not candidate, demand or cost");
        }
        return cols;
    }
    void validate(const SolverConfig& solver) const {
        if (int(!orlib.empty()) + int(!cost_matrix.empty()) + int(!tsplib.empty()) > 1)
            throw ArgumentError("optimize: give one of --orlib, --cost-matrix and --tsplib");
        if (!distance.empty() && tsplib.empty()) throw ArgumentError("optimize: --distance applies to --tsplib only");
        (void)distance_rule();
        if (!tsplib.empty() && !existing.empty()) throw ArgumentError("optimize: --existing does not apply to --tsplib");
        if (!cost_matrix.empty() && demand.empty())
            throw ArgumentError("optimize: --cost-matrix needs --demand DEMAND.csv (columns id,weight)");
        solver.validate();
        if (!solver.district_floor.empty())
            throw ArgumentError("optimize: --district-floor needs districts: GIS layers (--estates with districts, "
                                "--demo), not --orlib, --tsplib or --cost-matrix");
        (void)columns();
        const opt::Model m = model(solver);
        if (m != opt::Model::lscp && !solver.p && orlib.empty())
            throw ArgumentError("optimize: --model " + std::string(opt::to_string(m)) + " needs --p N");
        if (!solver.capacity.empty()) (void)parse_number_arg("--capacity", solver.capacity, NumberRange::non_negative());
    }
};

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
        m_config.add(sub);
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
        add_solver_options(sub, m_solver);
        auto& c = m_pre;
        sub.add_flag("--demo", m_demo, "GIS: run on the embedded demo city");
        add_lang_option(sub, m_lang);
        sub.add_option("--orlib", c.orlib, "Solve an OR-Library p-median file (pmed1.txt format)");
        sub.add_option("--tsplib", c.tsplib,
                       "Solve a TSPLIB-style point file (NODE_COORD_SECTION, optional DEMAND_SECTION as weights); "
                       "every point is a demand and a candidate site");
        sub.add_option("--distance", c.distance,
                       "--tsplib distance rule: floor | geo (floor, the default: Euclidean rounded down; geo: "
                       "latitude/longitude in degrees, metres on a 6,378,100 m sphere)");
        sub.add_option("--cost-matrix", c.cost_matrix, "Long-form costs CSV: candidate_id,demand_id,cost");
        sub.add_option("--demand", c.demand, "Demand CSV for --cost-matrix: id,weight");
        sub.add_option("--existing", c.existing, "Existing (always open) site ids, ID,...")->delimiter(',');
        sub.add_option("--weight", c.weight,
                       "Demand weight: a --demand column; GIS layers: elderly | population | households (default elderly)")
            ->capture_default_str();
        sub.add_option("--load", c.load, "Demand column used against capacities (e.g. households; default: the weight)");
        sub.add_option("--demand-id", c.demand_id, "Demand id column of --demand")->capture_default_str();
        sub.add_option("--cost-fields", c.cost_fields,
                       "Cost CSV column names: candidate=NAME,demand=NAME,cost=NAME")
            ->delimiter(',');
    }
    void validate() override {
        m_config.apply();
        m_output.validate();
        m_coverage.validate();
        if (m_pre.given()) {
            m_pre.validate(m_solver);
            return;
        }
        if (!m_demo && !m_input.has_city()) {
            throw ArgumentError("optimize: give --estates and --facilities (GIS layers) or --from-osm, --orlib FILE, "
                                "--tsplib FILE, or --cost-matrix COSTS.csv --demand DEMAND.csv");
        }
        m_input.validate();
        m_solver.validate_for_layers();
    }
    [[nodiscard]] OptionGroups groups() const override { return {&m_input, &m_output, &m_coverage, &m_solver}; }
    int run() override { return m_pre.given() ? run_precomputed() : run_gis(); }

private:
    /// The problem of --orlib, --tsplib or --cost-matrix, with the options it is solved with.
    struct Precomputed {
        opt::Problem problem;
        opt::Options options;
        std::size_t file_p = 0;  ///< --orlib: p of the file
        bool tsplib_demand = false;  ///< --tsplib: the file has a DEMAND_SECTION (the weights)
    };

    [[nodiscard]] Precomputed read_precomputed() const {
        Precomputed pre;
        opt::Options& o = pre.options;
        o.model = m_pre.model(m_solver);
        o.solver = opt::parse_solver(m_solver.solver);
        o.time_limit = m_solver.time_limit;
        o.seed = m_solver.seed;
        o.target_share = m_solver.target;
        o.radius = m_coverage.radius;
        // A covering model with a radius needs only the pairs within it (no capacities to share).
        const bool within_radius = (o.model == opt::Model::mclp || o.model == opt::Model::lscp) && o.radius &&
                                   m_solver.capacity.empty();
        if (!m_pre.orlib.empty()) {
            auto inst = opt::read_orlib_pmed(m_pre.orlib);
            pre.problem = std::move(inst.problem);
            pre.file_p = inst.p;
            o.p = m_solver.p.value_or(inst.p);
            for (auto& s : pre.problem.sites) {
                for (const auto& id : m_pre.existing) s.existing = s.existing || s.id == id;
            }
        } else if (!m_pre.tsplib.empty()) {
            const auto pts = opt::read_tsplib_points(m_pre.tsplib);
            o.p = m_solver.p.value_or(0);
            pre.tsplib_demand = pts.has_demand;
            if (within_radius) {
                pre.problem = opt::tsplib_problem(pts, m_pre.distance_rule(), *o.radius);
            } else {
                const double n = static_cast<double>(pts.x.size());
                const double bytes = n * n * k_tsplib_bytes_per_pair;
                if (bytes > k_tsplib_max_dense_bytes) {
                    char gb[32];
                    std::snprintf(gb, sizeof gb, "%.1f GB", bytes / 1e9);
                    throw InputError(InputLocation{m_pre.tsplib, "", "", "NODE_COORD_SECTION"},
                                     "optimize: " + std::to_string(pts.x.size()) + " points are too many for --model " +
                                         std::string(opt::to_string(o.model)) + ": its dense cost table and solver lists would take about " +
                                         gb + " (at most 2 GiB; up to about 7,300 points)");
                }
                pre.problem = opt::tsplib_problem(pts, m_pre.distance_rule());
            }
        } else {
            const double max_cost = within_radius ? *o.radius : opt::no_link;
            pre.problem = opt::read_cost_matrix(m_pre.cost_matrix, m_pre.demand, m_pre.existing, m_pre.columns(), max_cost);
            o.p = m_solver.p.value_or(0);
        }
        if (!m_solver.capacity.empty()) {
            // With --orlib/--cost-matrix there is no facilities layer: the capacity of every site.
            const auto cap = static_cast<double>(parse_number_arg("--capacity", m_solver.capacity, NumberRange::non_negative()));
            for (auto& s : pre.problem.sites) s.capacity = cap;
            o.capacitated = true;
        }
        return pre;
    }

    int run_precomputed() {
        // --out opened before the solve, as for every command: a folder or a PostGIS
        // schema that cannot be written fails before the work, not after it.
        auto inputs = run_inputs(m_input);
        inputs.insert(inputs.end(), {{"--orlib", m_pre.orlib},
                                     {"--tsplib", m_pre.tsplib},
                                     {"--cost-matrix", m_pre.cost_matrix},
                                     {"--demand", m_pre.demand}});
        const OutputTarget out = open_output_target(m_output, inputs);  // also --out-schema without --out
        const Precomputed pre = read_precomputed();
        const bool orlib = !m_pre.orlib.empty();
        const bool tsplib = !m_pre.tsplib.empty();
        const std::string source = orlib ? "orlib" : tsplib ? "tsplib" : "cost-matrix";
        const std::string weight = orlib ? "unit" : tsplib ? (pre.tsplib_demand ? "demand" : "unit") : m_pre.weight;
        const SolveRecord record = make_solve_record(pre.problem, pre.options, opt::solve(pre.problem, pre.options), source, weight);
        nlohmann::json j = nlohmann::json::object();
        merge_into(j, record);
        add_before_after(j, pre.problem, pre.options, record.result);
        j["working_crs"] = nullptr;  // a matrix of costs: no coordinates, no layers
        j["output_crs"] = nullptr;
        const opt::Options& o = pre.options;
        if (orlib && o.model == opt::Model::pmedian && o.p == pre.file_p && !o.capacitated && m_pre.existing.empty())
            add_published_optimum(j, m_pre.orlib, record.result);
        if (out.sink) {
            geo::write_text_file(out.sink->path() / "summary.json", j.dump(2) + "\n");
            out.sink->commit();
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
        PlanConfig pc;
        static_cast<SolverConfig&>(pc) = m_solver;
        pc.weight = m_pre.weight == "weight" ? "elderly" : m_pre.weight;
        const OutputTarget out = open_output_target(m_output, run_inputs(m_input));
        PlanRun plan = run_optimize(m_input, m_coverage, pc, make_progress(m_output.quiet));
        const geo::Crs out_crs = output_crs(out, plan.before.city, plan.summary);
        if (out.sink) {
            LayerWriter layers = layer_writer(out, plan.before.city, out_crs);
            write_optimize_outputs(plan, layers);
            layers.finish("lifecircle optimize", resolve_lang(m_lang, plan.before.standards.profile));
            out.sink->commit();
        }
        if (m_output.json) {
            std::cout << plan.summary.dump(2) << '\n';
            return 0;
        }
        const opt::Result& r = plan.solve.result;
        const std::string lang = resolve_lang(m_lang, plan.before.standards.profile);
        const bool zh = lang == "zh";
        if (zh) {
            std::cout << trf("opt.solve_line", lang,
                             {{"model", tr("model." + std::string(opt::to_string(r.model)), lang)},
                              {"objective", format_number(r.objective, 1)},
                              {"bound", format_number(r.bound, 1)},
                              {"gap", format_number(100.0 * r.gap, 2)},
                              {"status", tr("status." + std::string(opt::to_string(r.status)), lang)}})
                      << '\n';
        } else {
            std::cout << opt::to_string(r.model) << ": objective " << format_number(r.objective, 1) << ", bound "
                      << format_number(r.bound, 1) << ", gap " << format_number(100.0 * r.gap, 2) << "%, "
                      << opt::to_string(r.status) << " (" << r.method << ")\n";
        }
        std::cout << coverage_change_line(plan, lang) << '\n';
        for (const auto& s : plan.sites) std::cout << "  " << site_line(s, lang) << '\n';
        for (const auto& n : plan.solve.notes) std::cout << (zh ? "注：" + warning_text(n, lang) : "note: " + n) << '\n';
        if (out.sink) std::cout << trf("outputs_in", lang, {{"target", out.sink->target()}}) << '\n';
        return 0;
    }

    ConfigOption m_config;  ///< --config city.toml
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
    SolverConfig m_solver;
    PrecomputedConfig m_pre;
    bool m_demo = false;
    std::string m_lang;
};

}  // namespace

std::unique_ptr<Command> make_optimize_command() { return std::make_unique<OptimizeCommand>(); }

}  // namespace lc::app
