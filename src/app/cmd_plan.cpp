#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

namespace lc::app {
namespace {

class PlanCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "plan"; }
    [[nodiscard]] std::string description() const override { return "The main job: audit, coverage, optimisation and report (runs on the demo city with no inputs)"; }
    void setup(CLI::App& sub) override {
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
    }
    int run() override {
        throw Error("plan: not available in this build yet");
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
};

}  // namespace

std::unique_ptr<Command> make_plan_command() { return std::make_unique<PlanCommand>(); }

}  // namespace lc::app
