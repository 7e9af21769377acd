#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

namespace lc::app {
namespace {

class OptimizeCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "optimize"; }
    [[nodiscard]] std::string description() const override { return "Propose new station sites (MCLP, LSCP, p-median, p-center)"; }
    void setup(CLI::App& sub) override {
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
    }
    int run() override {
        throw Error("optimize: not available in this build yet");
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
};

}  // namespace

std::unique_ptr<Command> make_optimize_command() { return std::make_unique<OptimizeCommand>(); }

}  // namespace lc::app
