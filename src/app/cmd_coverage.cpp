#include "app/city_command.hpp"
#include "app/progress.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "pipeline/run.hpp"
#include "report/i18n.hpp"
#include "report/text_table.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace lc::app {
namespace {

class CoverageCommand final : public CityCommand {
public:
    [[nodiscard]] std::string name() const override { return "coverage"; }
    [[nodiscard]] std::string description() const override {
        return "15-minute service areas and the estates, elderly and population they reach "
               "(straight line, or walking over --network)";
    }

private:
    /// The results for people in `lang` ("zh" or "en"): one text, its words from i18n.cpp.
    static void print_text(const CoverageRun& run, const nlohmann::json& s, const std::string& lang) {
        const std::string mode = s["mode"].get<std::string>();
        std::cout << trf("cov.head", lang,
                         {{"mode", lang == "zh" ? tr(mode == "network" ? "mode_network" : "mode_circle", lang) : mode},
                          {"threshold", format_number(s["threshold_m"].get<double>(), 0)}})
                  << "\n";
        if (!run.city.estates.empty()) {
            std::cout << trf("cov.elderly", lang,
                             {{"covered", format_number(s["elderly_covered"].get<double>(), 0)},
                              {"total", format_number(s["elderly_total"].get<double>(), 0)},
                              {"rate", format_number(100 * s["coverage_rate"].get<double>(), 1)},
                              {"estates", std::to_string(s["estates_covered"].get<std::size_t>())},
                              {"all", std::to_string(run.city.estates.size())}})
                      << "\n";
            TextTable t({tr("district", lang), tr("elderly", lang), tr("cov.covered", lang), tr("cov.rate", lang)});
            for (const auto& d : s["coverage_by_district"]) {
                t.add_row({d["district"].get<std::string>(), format_number(d["elderly"].get<double>(), 0),
                           format_number(d["elderly_covered"].get<double>(), 0),
                           format_number(100 * d["coverage_rate"].get<double>(), 1) + "%"});
            }
            for (std::size_t c = 1; c <= 3; ++c) t.set_align(c, Align::right);
            if (t.rows()) std::cout << '\n' << t.render();
        }
        if (run.population) {
            std::cout << trf("cov.population", lang,
                             {{"covered", format_number(s["population_covered"].get<double>(), 0)},
                              {"total", format_number(s["population_total"].get<double>(), 0)},
                              {"rate", format_number(100 * s["population_coverage_rate"].get<double>(), 1)},
                              {"uncovered", std::to_string(s["population_features_uncovered"].get<std::size_t>())},
                              {"features", std::to_string(run.population->features.size())}})
                      << "\n";
        }
        if (s.contains("thresholds")) {
            TextTable t({tr("cov.threshold_m", lang), tr("cov.elderly_rate", lang), run.population ? tr("cov.population_rate", lang) : ""});
            for (const auto& r : s["thresholds"]) {
                t.add_row({format_number(r["threshold_m"].get<double>(), 0),
                           format_number(100 * r["coverage_rate"].get<double>(), 1) + "%",
                           r.contains("population_rate") ? format_number(100 * r["population_rate"].get<double>(), 1) + "%"
                                                         : ""});
            }
            for (std::size_t c = 0; c <= 2; ++c) t.set_align(c, Align::right);
            std::cout << "\n" << tr("cov.sensitivity", lang) << "\n" << t.render();
        }
        if (s.contains("inside_circle_beyond_walk") && !s["inside_circle_beyond_walk"].empty()) {
            TextTable t({tr("id", lang), tr("name", lang), tr("cov.straight_m", lang), tr("cov.walk_m", lang)});
            for (const auto& e : s["inside_circle_beyond_walk"]) {
                t.add_row({e["id"].get<std::string>(), e["name"].get<std::string>(),
                           format_number(e["straight_m"].get<double>(), 0),
                           e["walk_m"].is_null() ? tr("cov.beyond", lang) : format_number(e["walk_m"].get<double>(), 0)});
            }
            t.set_align(2, Align::right);
            t.set_align(3, Align::right);
            std::cout << "\n" << trf("cov.beyond_walk", lang, {{"n", std::to_string(s["inside_circle_beyond_walk"].size())}})
                      << "\n" << t.render();
        }
        for (const auto& w : s["warnings"]) std::cout << tr("cov.warning", lang) << warning_text(w.get<std::string>(), lang) << '\n';
    }

    int run_city(const OutputTarget& out) override {
        CoverageRun run = run_coverage(m_input, m_coverage, make_progress(m_output.quiet));
        const geo::Crs out_crs = output_crs(out, run.city, run.summary);
        if (out.sink) {
            LayerWriter layers = layer_writer(out, run.city, out_crs);
            write_coverage_outputs(run, layers);
            layers.finish("lifecircle coverage", resolve_lang(m_lang, run.standards.profile));
            out.sink->commit();
        }
        const auto& s = run.summary;
        if (m_output.json) {
            std::cout << s.dump(2) << '\n';
            return 0;
        }
        const std::string lang = resolve_lang(m_lang, run.standards.profile);
        print_text(run, s, lang);
        if (out.sink) std::cout << trf("outputs_in", lang, {{"target", out.sink->target()}}) << '\n';
        return 0;
    }
};

}  // namespace

std::unique_ptr<Command> make_coverage_command() { return std::make_unique<CoverageCommand>(); }

}  // namespace lc::app
