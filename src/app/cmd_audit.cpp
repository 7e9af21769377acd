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
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
        sub.add_flag("--demo", m_demo, "Run on the embedded demo city");
    }
    int run() override {
        m_output.validate();
        if (m_demo && !use_demo_inputs(m_input)) throw ArgumentError("--demo: the demo city is not installed");
        geo::Format format = geo::parse_format(m_output.format);
        std::unique_ptr<geo::OutputSink> out;
        if (!m_output.out.empty()) {
            out = geo::open_output(m_output.out, m_output.out_schema);
            format = out->layer_format(format);
        }
        const AuditRun run = run_audit(m_input, m_coverage, make_progress(m_output.quiet));
        if (out) {
            write_audit_outputs(run, out->path(), format);
            out->commit();
        }
        if (m_output.json) {
            std::cout << run.summary.dump(2) << '\n';
        } else {
            std::cout << audit_text(run);
            if (out) std::cout << "Outputs in " << out->target() << '\n';
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
