#include "app/city_options.hpp"
#include "app/command.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/layout.hpp"
#include "pipeline/plan.hpp"
#include "report/cost_report.hpp"
#include "report/i18n.hpp"
#include "report/layout_report.hpp"
#include "report/walking_groups_report.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace lc::app {
namespace {

class PlanCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "plan"; }
    [[nodiscard]] std::string description() const override {
        return "The main job: audit, 15-minute coverage, new station sites, re-audit and report "
               "(runs on the embedded demo city when no inputs are given)";
    }
    void setup(CLI::App& sub) override {
        m_config.add(sub);
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
        add_solver_options(sub, m_plan);
        add_lang_option(sub, m_plan.lang);
        sub.add_flag("--no-report", m_no_report, "Do not write report.html");
        sub.add_option("--target-group", m_plan.target_group,
                       "Plan for a walking group of the profile (walking.groups, e.g. frail): the threshold becomes "
                       "minutes x 60 x the group's speed");
        // --- layout plan (docs/layout.md) ---
        sub.add_flag("--layout", m_layout,
                     "The layout plan: phased siting of stations, centres and institutions on land parcels "
                     "(plan_sites, plan_districts.csv)");
        sub.add_option("--parcels", m_layout_cfg.parcels,
                       "--layout: land parcels PATH[:LAYER] (polygons with id, land_use, area; demo: parcels.geojson)");
        sub.add_option("--phases", m_phases, "--layout: phase years, strictly increasing (default: base year +5, +15)");
        add_number(sub, "--elderly-growth", m_layout_cfg.elderly_growth, NumberRange{.min = -1, .max = 1, .min_open = true},
                   "--layout: yearly growth of the elderly, compounding from the base year (e.g. 0.03)");
        sub.add_option("--projection", m_layout_cfg.projection,
                       "--layout: CSV district,year,elderly with a row per district and phase year");
        add_number(sub, "--phase-budget", m_layout_cfg.phase_budget, NumberRange{.min = 0, .min_open = true},
                   "--layout: construction budget per phase in yuan; the rows that serve the most elderly per yuan "
                   "are built first, the rest deferred to the next phase (or beyond the plan)");
    }
    void validate() override {
        m_config.apply();
        m_output.validate();
        m_coverage.validate();
        m_input.validate();
        m_plan.validate_for_layers();
        m_plan.report = !m_no_report;
        if (!m_layout && (!m_layout_cfg.parcels.empty() || !m_phases.empty() || m_layout_cfg.elderly_growth ||
                          !m_layout_cfg.projection.empty() || m_layout_cfg.phase_budget)) {
            throw ArgumentError("--parcels, --phases, --elderly-growth, --projection and --phase-budget need --layout");
        }
        if (m_layout) {
            if (!m_phases.empty()) m_layout_cfg.phases = parse_phases(m_phases);
            m_layout_cfg.validate();
        }
    }
    [[nodiscard]] OptionGroups groups() const override { return {&m_input, &m_output, &m_coverage, &m_plan}; }
    int run() override {
        bool demo = false;
        if (!m_config.file().empty() && !m_input.has_city()) {
            throw ArgumentError("plan --config " + m_config.file() +
                                ": the city file (or the command line) must give [inputs] estates and facilities (or from-osm)");
        }
        if (m_input.estates.empty() && m_input.facilities.empty() && m_input.from_osm.empty()) {
            if (!use_demo_inputs(m_input)) {
                throw ArgumentError("plan: give --estates and --facilities (the embedded demo city is not installed: " + demo_missing_hint() + ")");
            }
            demo = true;
        }
        apply_target_group(m_input, m_coverage, m_plan);  // before any file is written: an unknown id fails first
        if (m_output.out.empty()) m_output.out = "lifecircle-out";
        auto inputs = run_inputs(m_input);
        inputs.push_back({"--parcels", m_layout_cfg.parcels});
        inputs.push_back({"--projection", m_layout_cfg.projection});
        const OutputTarget target = open_output_target(m_output, inputs);
        geo::OutputSink& out = *target.sink;
        m_plan.english_tables = target.database;
        const Progress progress = make_progress(m_output.quiet, 7);
        if (demo && progress) progress("inputs", "the embedded demo city (" + demo_dir().string() + ")");
        if (m_layout) return run_layout_branch(demo, target, progress);
        PlanRun plan = run_plan(m_input, m_coverage, m_plan, progress);
        const geo::Crs out_crs = output_crs(target, plan.before.city, plan.summary);
        LayerWriter layers = layer_writer(target, plan.before.city, out_crs);
        write_plan_outputs(plan, layers, m_plan);
        layers.finish("lifecircle plan", resolve_lang(m_plan.lang, plan.before.standards.profile));
        out.commit();
        if (progress) {
            progress("write", "layers, styles, tables and report in " + out.target());
            progress("done", "");
        }
        if (m_output.json) {
            std::cout << plan.summary.dump(2) << '\n';
            return 0;
        }
        const auto& b = plan.before.audit;
        const auto& a = plan.after.audit;
        const std::string lang = resolve_lang(m_plan.lang, plan.before.standards.profile);
        // What the inputs lacked (e.g. no facility mapped in OSM) matters before any figure is read.
        if (!m_output.quiet) {
            for (const auto& w : plan.before.city.warnings) std::cerr << tr("cov.warning", lang) << warning_text(w, lang) << '\n';
        }
        const std::string groups = walking_groups_text(b, &a, lang);
        const std::string target_name =
            m_plan.target_group.empty() ? std::string{}
            : lang == "zh" ? find_walking_group(b.standards, m_plan.target_group, "--target-group").name_zh
                           : m_plan.target_group;
        if (lang == "zh") {
            std::cout << coverage_change_line(plan, lang) << "\n";
            if (!m_plan.target_group.empty()) std::cout << trf("wg.target", lang, {{"group", target_name}}) << "\n";
            std::cout << trf("plan.area_line", lang,
                             {{"area", format_number(b.standards.area_per_100_households_m2, 0)},
                              {"before", std::to_string(b.estates_meeting_area)},
                              {"after", std::to_string(a.estates_meeting_area)},
                              {"total", std::to_string(b.estates_with_households)}})
                      << "\n";
            for (const auto& s : plan.sites) std::cout << "  " << site_line(s, lang) << "\n";
            std::cout << groups;
            std::cout << trf("plan.outputs", lang, {{"target", out.target()}}) << "\n";
            return 0;
        }
        std::cout << coverage_change_line(plan) << "\n";
        if (!m_plan.target_group.empty()) std::cout << trf("wg.target", lang, {{"group", target_name}}) << "\n";
        std::cout << "Estates meeting " << format_number(b.standards.area_per_100_households_m2, 0)
                  << " m² per 100 households: " << b.estates_meeting_area << " -> " << a.estates_meeting_area << " of "
                  << b.estates_with_households << "\n";
        for (const auto& s : plan.sites) std::cout << "  " << site_line(s) << "\n";
        std::cout << groups;
        std::cout << "Outputs in " << out.target() << " (report.html, summary.json, layers with QGIS styles)\n";
        return 0;
    }

private:
    /// plan --layout: the plan, then the layout on the audited city, both written to `out`.
    int run_layout_branch(bool demo, const OutputTarget& target, const Progress& progress) {
        geo::OutputSink& out = *target.sink;
        if (m_layout_cfg.parcels.empty() && m_input.from_osm.empty()) {  // --from-osm: its vacant land (open_data.hpp)
            if (!demo || !std::filesystem::exists(demo_dir() / "parcels.geojson")) {
                throw ArgumentError("plan --layout: give --parcels FILE (land parcels: id, land_use, area)");
            }
            m_layout_cfg.parcels = (demo_dir() / "parcels.geojson").string();
        }
        InputConfig input = m_input;
        input.validate();
        if (!m_layout_cfg.phases.empty()) {  // fail before the long part of the run
            const int base = input.year.value_or(Profile::load(input.profile, input.overrides).default_year());
            if (m_layout_cfg.phases.front() < base) {
                throw ArgumentError("--phases: year " + std::to_string(m_layout_cfg.phases.front()) +
                                    " precedes the base year " + std::to_string(base) + " (the profile's year or --year)");
            }
        }
        PlanRun plan = run_plan(m_input, m_coverage, m_plan, progress);
        for (const auto& s : plan.sites) m_layout_cfg.planned.push_back({s.id, s.name, s.rank, s.point});
        const LayoutRun layout = run_layout(plan.before, input, m_coverage, m_layout_cfg, progress);
        plan.summary["layout"] = layout.summary;
        plan.summary["costs"] = costs_summary(layout.costs);
        const geo::Crs out_crs = output_crs(target, plan.before.city, plan.summary);
        LayerWriter layers = layer_writer(target, plan.before.city, out_crs);
        write_plan_outputs(plan, layers, m_plan);
        const std::string lang = resolve_lang(m_plan.lang, plan.before.standards.profile);
        write_layout_outputs(layout, layers, m_plan.english_tables ? "en" : lang);
        layers.finish("lifecircle plan --layout", lang);
        if (m_plan.report) append_layout_report(out.path() / "report.html", layout, plan, m_plan.lang);
        out.commit();
        if (m_output.json) {
            std::cout << plan.summary.dump(2) << '\n';
            return 0;
        }
        std::cout << layout_text(layout, lang);
        std::cout << cost_text(layout, lang);
        std::cout << trf("plan.layout_outputs", lang, {{"target", out.target()}}) << "\n";
        return 0;
    }

    ConfigOption m_config;
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
    PlanConfig m_plan;
    bool m_no_report = false;
    bool m_layout = false;
    std::string m_phases;
    LayoutConfig m_layout_cfg;
};

}  // namespace

std::unique_ptr<Command> make_plan_command() { return std::make_unique<PlanCommand>(); }

}  // namespace lc::app
