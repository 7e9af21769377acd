#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

namespace lc::app {
namespace {

class CheckEstateCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "check-estate"; }
    [[nodiscard]] std::string description() const override { return "Completion-acceptance review of estates (exit 0 pass, 1 fail, 2 error)"; }
    void setup(CLI::App& sub) override {
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
    }
    int run() override {
        throw Error("check-estate: not available in this build yet");
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
};

}  // namespace

std::unique_ptr<Command> make_check_estate_command() { return std::make_unique<CheckEstateCommand>(); }

}  // namespace lc::app
