#include "app/command.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/run.hpp"
#include "report/audit_text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace lc::app {
namespace {

class AuditCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "audit"; }
    [[nodiscard]] std::string description() const override {
        return "Check a city against its standards profile: area per 100 households, per-capita land, "
               "15-minute coverage, hierarchy and beds";
    }
    void setup(CLI::App& sub) override {
        add_city_options(sub, m_input, m_output, m_coverage, m_demo);
    }
    int run() override {
        apply_demo(m_demo, m_input);
        const OutputTarget out = open_output_target(m_output, run_inputs(m_input));
        const AuditRun run = run_audit(m_input, m_coverage, make_progress(m_output.quiet));
        if (out.sink) {
            write_audit_outputs(run, out.sink->path(), out.format);
            out.sink->commit();
        }
        if (m_output.json) {
            std::cout << run.summary.dump(2) << '\n';
        } else {
            std::cout << audit_text(run);
            if (out.sink) std::cout << "Outputs in " << out.sink->target() << '\n';
        }
        return 0;
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
    bool m_demo = false;
};

}  // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

}  // namespace lc::app
