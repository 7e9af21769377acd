#include "app/city_command.hpp"
#include "app/progress.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/run.hpp"
#include "report/audit_text.hpp"
#include "report/i18n.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace lc::app {
namespace {

class AuditCommand final : public CityCommand {
public:
    [[nodiscard]] std::string name() const override { return "audit"; }
    [[nodiscard]] std::string description() const override {
        return "Check a city against its standards profile: area per 100 households, per-capita land, "
               "15-minute coverage, hierarchy and beds";
    }

private:
    int run_city(const OutputTarget& out) override {
        AuditRun run = run_audit(m_input, m_coverage, make_progress(m_output.quiet));
        const std::string lang = resolve_lang(m_lang, run.standards.profile);
        const geo::Crs out_crs = output_crs(out, run.city, run.summary);
        if (out.sink) {
            LayerWriter layers = layer_writer(out, run.city, out_crs);
            write_audit_outputs(run, layers, out.database ? "en" : lang);
            layers.finish("lifecircle audit", lang);
            out.sink->commit();
        }
        if (m_output.json) {
            std::cout << run.summary.dump(2) << '\n';
        } else {
            std::cout << audit_text(run, 20, lang);
            if (out.sink) std::cout << trf("outputs_in", lang, {{"target", out.sink->target()}}) << '\n';
        }
        return 0;
    }
};

}  // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

}  // namespace lc::app
