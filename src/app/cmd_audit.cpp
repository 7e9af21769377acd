#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

namespace lc::app {
namespace {

class AuditCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "audit"; }
    [[nodiscard]] std::string description() const override { return "Check a city against its standards profile"; }
    void setup(CLI::App& sub) override {
        add_input_options(sub, m_input);
        add_output_options(sub, m_output);
        add_coverage_options(sub, m_coverage);
    }
    int run() override {
        throw Error("audit: not available in this build yet");
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
};

}  // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

}  // namespace lc::app
