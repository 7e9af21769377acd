#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

namespace lc::app {
namespace {

class ProfilesCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "profiles"; }
    [[nodiscard]] std::string description() const override { return "List the standards profiles, or print one with its sources"; }
    void setup([[maybe_unused]] CLI::App& sub) override {

    }
    int run() override {
        throw Error("profiles: not available in this build yet");
    }

private:
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
};

}  // namespace

std::unique_ptr<Command> make_profiles_command() { return std::make_unique<ProfilesCommand>(); }

}  // namespace lc::app
