// One class per subcommand (osmium-tool style): setup() declares and binds the
// options into a Config struct, run() validates it and calls one library entry.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lc::app {

class Command {
public:
    virtual ~Command() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual std::string description() const = 0;
    /// Declares the options on the subcommand `sub` (created by main).
    virtual void setup(CLI::App& sub) = 0;
    /// Runs; returns the exit status (0, or 1 for "not compliant"). Throws lc::Error.
    virtual int run() = 0;
};

std::unique_ptr<Command> make_plan_command();
std::unique_ptr<Command> make_audit_command();
std::unique_ptr<Command> make_coverage_command();
std::unique_ptr<Command> make_optimize_command();
std::unique_ptr<Command> make_check_estate_command();
std::unique_ptr<Command> make_profiles_command();

}  // namespace lc::app
